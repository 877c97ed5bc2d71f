# wc, head, tail, cut, tr, tee, rev, nl, od, fold, paste, diff, cmp.
printf 'one two\nthree\nfour five six\n' >f
wc f
wc -l <f; wc -w <f; wc -c <f
wc -L f
seq 1 20 >n
head -n 3 n | tr '\n' ' '; echo
head -c 5 n | tr '\n' ' '; echo
tail -n 2 n | tr '\n' ' '; echo
tail -n +18 n | tr '\n' ' '; echo
tail -c 3 n | tr '\n' ' '; echo
head -n -17 n | tr '\n' ' '; echo
echo 'a,b,c,d' | cut -d, -f2,4
echo 'a,b,c,d' | cut -d, -f2-
echo 'abcdef' | cut -c2-4
echo 'a b' | cut -d' ' -f1 -s
echo 'hello' | tr a-z A-Z
echo 'hello' | tr -d l
echo 'aabbcc' | tr -s abc
echo 'hello 123' | tr -cd '0-9\n'
echo 'abc' | tr 'abc' 'x'
echo teed | tee t1 t2 >/dev/null; cat t1 t2
echo again | tee -a t1 | cat; cat t1
echo abc | rev
printf 'x\ny\n' | nl | tr '\t' '|'
printf 'AB' | od -c | head -n 1
printf 'abcdefghij\n' | fold -w 4
printf '1\n2\n' >p1; printf 'a\nb\n' >p2; paste p1 p2 | tr '\t' '|'; paste -d, -s p1
printf 'a\nb\nc\n' >c1; printf 'b\nc\nd\n' >c2
diff c1 c2; echo "diff status $?"
cmp c1 c2; echo "cmp status $?"
cmp c1 c1 && echo "cmp same"
