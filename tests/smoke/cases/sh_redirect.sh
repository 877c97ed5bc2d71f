# Redirections: >, >>, <, 2>, 2>&1, fd duplication and closing, <>,
# exec on the shell's own descriptors, noclobber.
echo first >f
echo second >>f
cat <f
ls /nonexistent 2>err; echo "ls status $?"
cat err
{ echo out; echo err >&2; } >both 2>&1
sort both
{ echo to3 >&3; } 3>three
cat three
exec 4>four
echo via4 >&4
exec 4>&-
cat four
echo x 2>/dev/null >&4 || echo "fd 4 closed"
exec 5<f
read line <&5
echo "read: $line"
exec 5<&-
echo data >rw
exec 6<>rw
read w <&6
echo "rw: $w"
exec 6>&-
set -C
echo no 2>/dev/null >f || echo "noclobber kept f"
set +C
cat f | wc -l
: >empty
wc -c <empty
echo to-null >/dev/null
head -c 4 /dev/zero | od -An -tx1
