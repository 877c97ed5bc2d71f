#!/bin/sh
# Runs the unit test programs given as arguments and adds up their counts.
# A program that crashes or exits non-zero without a failed check counts
# as one failure. The last line is the total the test harness reads.
passed=0
failed=0
skipped=0
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	[ -n "$out" ] && printf '%s\n' "$out"
	name=$(basename "$t")
	if printf '%s\n' "$out" | grep -q "^$name: skipped"; then
		skipped=$((skipped + 1))
		continue
	fi
	line=$(printf '%s\n' "$out" | grep "^$name: [0-9]* checks, [0-9]* failed$" | tail -n 1)
	if [ -z "$line" ]; then
		echo "$name: no summary line (exit status $rc)"
		failed=$((failed + 1))
		continue
	fi
	checks=$(echo "$line" | sed 's/.*: \([0-9]*\) checks, \([0-9]*\) failed$/\1/')
	bad=$(echo "$line" | sed 's/.*: \([0-9]*\) checks, \([0-9]*\) failed$/\2/')
	passed=$((passed + checks - bad))
	failed=$((failed + bad))
	if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
		echo "$name: exit status $rc"
		failed=$((failed + 1))
	fi
done
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
