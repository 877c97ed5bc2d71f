# find (names, types, depth, size, -exec, -print0) and xargs.
mkdir -p t/a/b t/c
echo x >t/a/one.txt
echo yy >t/a/b/two.txt
: >t/c/empty.log
ln -s a t/link
# Folder order is the file system's: sort.
find t | sort
find t -type f -name '*.txt' | sort
find t -type d | sort
find t -type l
find t -maxdepth 1 | sort
find t -mindepth 3
find t -empty -type f
find t -size +1c -type f | sort
find t -name '*.txt' -exec cat {} \; | sort
find t -name '*.txt' -exec echo {} + | wc -w
find t -newer t/a/one.txt -o -name nothing >/dev/null && echo "-newer ok"
find t -type f -print0 | xargs -0 -n 1 basename | sort
printf '1 2 3\n4 5\n' | xargs echo
printf '1 2 3 4 5\n' | xargs -n 2 echo
printf 'a\nb\n' | xargs -I % echo '<%>'
echo | xargs -r echo "not run"; echo "xargs -r: $?"
printf '1\n2\n' | xargs sh -c 'exit 1'; echo "xargs status $?"
find nonexistent 2>&1; echo "status $?"
