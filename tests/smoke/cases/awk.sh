# awk: fields, separators, patterns, BEGIN/END, arrays, functions,
# printf, string functions, arithmetic, getline, -v.
printf 'alice 30 paris\nbob 25 london\ncarol 35 paris\n' >people
awk '{ print $1 }' people | tr '\n' ' '; echo
awk '$2 > 28 { print $1, $3 }' people
awk '{ s += $2 } END { print "total", s, "avg", s / NR }' people
awk '{ n[$3]++ } END { for (c in n) print c, n[c] }' people | sort
echo 'a:b:c' | awk -F: '{ print $2, NF }'
echo 'a b c' | awk '{ $2 = "X"; print; print NF }'
awk 'BEGIN { printf "%5.1f|%-5s|%03d|%x|%c\n", 3.14159, "ab", 7, 255, 65 }'
awk 'BEGIN { s = "Hello World"; print length(s), substr(s, 7), index(s, "o"), toupper(s), tolower(s) }'
awk 'BEGIN { s = "a-b-c"; n = split(s, p, "-"); print n, p[1] p[3] }'
awk 'BEGIN { s = "foo bar foo"; gsub(/foo/, "baz", s); print s; t = "xyz"; sub(/y/, "Y", t); print t }'
awk 'BEGIN { if (match("abc123def", /[0-9]+/)) print RSTART, RLENGTH }'
awk 'function sq(x) { return x * x } BEGIN { print sq(12) }'
# Debian's config leaves out awk's maths library (^, sqrt, atan2...).
awk 'BEGIN { print 7 % 3, int(7.9), int(-7.9), 1e3 + 1, 10 / 4, 2 * 2 * 2 }'
awk -v x=5 'BEGIN { print x * 2 }'
awk 'NR == 2' people
awk 'END { print NR }' people
awk '/^b/,/^c/ { print $1 }' people | tr '\n' ' '; echo
awk 'BEGIN { while ((getline line < "people") > 0) n++; print n " lines" }'
awk 'BEGIN { "echo piped" | getline v; print v }'
awk 'BEGIN { print "to sort" | "cat"; close("cat"); print "after" }'
awk 'BEGIN { OFS = "-" } { $1 = $1; print }' people | head -n 1
printf '3\n1\n2\n' | awk '{ a[NR] = $1 } END { for (i = NR; i > 0; i--) printf "%s", a[i]; print "" }'
awk 'BEGIN { x["k"]; if ("k" in x) print "in"; delete x["k"]; if (!("k" in x)) print "deleted" }'
awk 'BEGIN { exit 3 }'; echo "awk exit $?"
