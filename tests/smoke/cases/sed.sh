# sed: substitution flags, addresses, ranges, delete, print, insert,
# append, change, y, hold space, -n, -e, -i, -E, back-references.
printf 'one\ntwo\nthree\nfour\nfive\n' >f
sed 's/o/0/' f | tr '\n' ' '; echo
sed 's/o/0/g' f | tr '\n' ' '; echo
sed -n '2p' f
sed -n '2,4p' f | tr '\n' ' '; echo
sed '/three/d' f | tr '\n' ' '; echo
sed -n '/two/,/four/{=;p}' f | tr '\n' ' '; echo
sed '$!d' f
sed '1i\
first' f | head -n 2 | tr '\n' ' '; echo
sed '1a after-one' f | head -n 2 | tr '\n' ' '; echo
sed '2c\
changed' f | sed -n 2p
sed 'y/abcdefghijklmnopqrstuvwxyz/ABCDEFGHIJKLMNOPQRSTUVWXYZ/' f | head -n 1
sed -n '1h;2,$H;${g;s/\n/+/g;p}' f
sed -e 's/one/1/' -e 's/two/2/' f | head -n 2 | tr '\n' ' '; echo
echo 'hello world' | sed 's/\(hello\) \(world\)/\2 \1/'
echo 'aaa bbb' | sed -E 's/(a+) (b+)/[\2][\1]/'
echo 'path/to/file' | sed 's|/|::|2'
echo 'CamelCase' | sed 's/[A-Z]/_&/g'
cp f g; sed -i 's/five/5/' g; tail -n 1 g
sed -n '$=' f
printf 'a\nb\n' | sed 'N;s/\n/-/'
echo x | sed 's/x/a\
b/'
sed 'q' f
sed 3q f | wc -l
sed -n '/^t/!p' f | tr '\n' ' '; echo
