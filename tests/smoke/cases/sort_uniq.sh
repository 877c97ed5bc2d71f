# sort and uniq: numeric, reverse, keys, separators, unique, stable
# merge; uniq counts, duplicates and unique lines.
printf '10\n9\n100\n9\n-1\n' >n
sort n | tr '\n' ' '; echo
sort -n n | tr '\n' ' '; echo
sort -rn n | tr '\n' ' '; echo
sort -un n | tr '\n' ' '; echo
printf 'b 2\na 3\nc 1\na 1\n' >kv
sort -k2,2n kv | tr '\n' ',' ; echo
sort -k1,1 -k2,2nr kv | tr '\n' ','; echo
printf 'x:3\ny:1\nz:2\n' | sort -t: -k2 | tr '\n' ' '; echo
printf 'B\na\nC\n' | sort -f | tr '\n' ' '; echo
printf 'b\na\n' >s1; printf 'd\nc\n' >s2; sort s1 s2 | tr '\n' ' '; echo
sort -c n 2>/dev/null; echo "sorted check: $?"
sort -n n -o sorted; head -n 1 sorted
printf '1.5\n-2e1\n10\n' | sort -g | tr '\n' ' '; echo
printf 'a\na\nb\nc\nc\nc\na\n' >u
uniq u | tr '\n' ' '; echo
uniq -c u | awk '{ printf "%s%s ", $1, $2 }'; echo
uniq -d u | tr '\n' ' '; echo
uniq -u u | tr '\n' ' '; echo
sort u | uniq -c | sort -rn | head -n 1 | awk '{ print $2, $1 }'
printf 'A\na\n' | uniq -i | wc -l
