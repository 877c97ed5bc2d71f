# cp, mv, rm, mkdir, ln, chmod, touch, readlink, rmdir: results checked
# by content, type and errors.
mkdir a
mkdir -p a/b/c/d
mkdir a 2>&1; echo "mkdir existing: $?"
mkdir -m 700 priv; stat -c '%a %F' priv
echo data >a/f
cp a/f g; cat g
cp -r a copy; ls -R copy | tr '\n' ' '; echo
cp -p a/f p; cmp a/f p && echo "cp -p same"
cp a/f a/b/; ls a/b
mv g h; [ -e g ] || echo "g gone"; cat h
mv h a/b/c/; ls a/b/c
mv a/b/c/h a/b/c/renamed; ls a/b/c
mv copy moved; ls -d moved
ln a/f hard; stat -c '%h' a/f
echo more >>hard; cat a/f
ln -s a/f soft; readlink soft; cat soft
ln -sf h soft; readlink soft
ln -s /nonexistent dangling; [ -L dangling ] && [ ! -e dangling ] && echo dangling
readlink -f a/b/../f | sed "s|$PWD|.|"
touch t1; [ -f t1 ] && [ ! -s t1 ] && echo "touch made an empty file"
chmod 750 t1; stat -c %a t1
chmod u-w,o+r t1; stat -c %a t1
chmod -R go-rwx a; stat -c %a a/b/c
rm t1; [ -e t1 ] || echo "t1 removed"
rm a 2>&1; echo "rm dir: $?"
rmdir a/b/c/d; rmdir a/b/c 2>&1; echo "rmdir non-empty: $?"
rm -r a; [ -e a ] || echo "a removed"
rm -f nonexistent; echo "rm -f: $?"
rm nonexistent 2>&1; echo "rm: $?"
rm -rf moved priv; ls
