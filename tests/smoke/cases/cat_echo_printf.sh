# cat, echo and printf: options, escapes, formats, numbers.
printf 'l1\nl2\n\n\nl5\n' >f
cat f f | wc -l
cat -n f
cat -b f | tail -n 1
cat -e f | head -n 1
echo -n no-newline; echo
echo -e 'tab\there\\back'
echo -E 'raw\t'
echo "a" "b"   "c"
printf '%s=%d %5.2f|%-4s|%04x %o %c %%\n' key 42 3.14159 ab 255 8 z
printf '%s\n' one two three
printf '%b\n' 'esc\101'
printf '%e %g %g\n' 12345.678 0.0001 1e10
printf '%10s|%-10s|\n' right left
printf '%d\n' 0x1f 010 -5
printf '%u\n' 4294967295
printf '%.3s\n' truncated
cat - <<EOT
stdin via -
EOT
cat /nonexistent 2>&1; echo "status $?"
