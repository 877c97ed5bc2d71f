# telnetd and telnet on 127.0.0.1: the login shell runs on a
# pseudo-terminal (/dev/ptmx and the devpts rcS mounts on /dev/pts); a
# command goes through its line discipline and its output comes back.
# Only the lines that do not depend on timing are kept: the shell's
# prompts and cursor queries interleave with the input differently, and
# Debian's telnet does not say "Connected to".
telnetd -p 2323 -l /bin/sh
echo "telnetd status $?"
sleep 1
(sleep 1; echo 'echo hi-$((40+2))'; sleep 1; echo exit) |
	telnet 127.0.0.1 2323 >t 2>&1
tr -d '\r' <t | grep -x 'hi-42'
tr -d '\r' <t | grep -c 'echo hi-'
killall telnetd
echo "killall status $?"
