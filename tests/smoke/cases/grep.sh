# grep: basic and extended expressions, -i -v -c -n -l -o -w -x -q -r -A
# -B, several files, exit statuses.
printf 'apple\nBanana\ncherry\napple pie\ndate 2024\n' >fruit
printf 'kiwi\napple\n' >more
grep apple fruit
grep -i banana fruit
grep -v a fruit
grep -c apple fruit
grep -n '^c' fruit
grep -E 'an{1}a|err' fruit
grep -o '[0-9]\+' fruit
grep -w apple fruit
grep -x apple fruit
grep -l apple fruit more
grep apple fruit more
grep -h kiwi fruit more
grep -A 1 cherry fruit
grep -B 1 cherry fruit
grep -e kiwi -e date fruit more
grep -F 'a.' fruit; echo "fixed: $?"
grep -q cherry fruit && echo "quiet match"
grep nothing fruit; echo "no match: $?"
grep x nonexistent 2>&1; echo "missing file: $?"
mkdir -p r/s; echo needle >r/s/f; echo hay >r/g
grep -r needle r
echo 'a+b' | grep -E 'a\+b'
echo 'tab	here' | grep -c '	'
