# yes | head, seq, expr, test/[, time, true/false, basename/dirname,
# which, printf into arithmetic, sleep in a pipeline.
yes | head -n 3
yes hi | head -n 2
seq 3; seq 2 4; seq 10 -3 1 | tr '\n' ' '; echo
seq -s, 1 5; seq -w 8 10 | tr '\n' ' '; echo
expr 6 \* 7; expr 10 / 3; expr 10 % 3; expr 3 \< 5; expr length hello
expr substr hello 2 3; expr index hello l; expr match abc12 'abc\([0-9]*\)'
expr 1 + a 2>&1; echo "status $?"
expr 0 + 0; echo "zero status $?"
test 1 -eq 1 && echo eq; test 2 -gt 1 && echo gt; test abc = abc && echo same
test -z '' && echo empty; test -n x && echo nonempty
[ -d / ] && echo dir; [ -f /etc/passwd ] && echo file; [ -x /bin/busybox ] && echo exec
[ -e /nonexistent ] || echo missing; [ ! -s /dev/null ] && echo "null empty"
[ -c /dev/null ] && echo chardev; [ -L /bin/sh ] && echo symlink
[ 1 -lt 2 -a 3 -gt 2 ] && echo and; [ 1 -gt 2 -o 3 -gt 2 ] && echo or
env test 5 -le 4; echo "test status $?"
[ 1 -eq x ] 2>/dev/null; echo "bad number status $?"
time -p sleep 0.2 2>t; awk '/^real/ { print "real", ($2 >= 0.2 && $2 < 2 ? "ok" : $2) }' t
time sleep 0 2>&1 | grep -q real && echo "time builtin reports"
true; echo "true $?"; false; echo "false $?"
basename /a/b/c.txt .txt; dirname /a/b/c.txt
which sh
