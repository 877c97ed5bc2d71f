# ps, top -n1, pidof, pgrep, kill by name: checked by structure (pids,
# times and memory sizes differ from boot to boot).
ps | head -n 1
ps | awk -v p=$$ '$1 == p { print "shell listed:", $NF }'
# until_true CMD: run CMD every 0.1 s until it succeeds (at most 10 s):
# what another process does takes its time on a busy machine.
until_true() {
	i=0
	until eval "$1"; do
		i=$((i + 1))
		[ $i -ge 100 ] && return 1
		sleep 0.1
	done
}
sleep 5 & s=$!
# Until the child has executed sleep, it is a copy of the shell.
until_true '[ "$(pidof sleep)" = $s ]'
ps -o pid,ppid,comm | awk -v s=$s -v p=$$ '$1 == s { print ($2 == p ? "parent ok" : "parent " $2), $3 }'
ps -o comm,args | grep -q '^sleep  *sleep 5' && echo "args shown"
[ "$(pidof sleep)" = "$s" ] && echo "pidof finds it"
# ash may or may not report a job killed by a signal ("Terminated") on
# standard error, depending on when it notices: the statuses are checked.
exec 3>&2 2>/dev/null
killall sleep; wait $s; echo "killall: $?"
exec 2>&3 3>&-
ps -o user,group,pid,ppid,pgid,sid,nice,rss,vsz,stat,tty,comm,args >/dev/null && echo "ps -o fields"
ps -o pid,comm | awk '$1 == 1 { print "pid 1 exists" }'
top -b -n 1 >top.out
head -n 1 top.out | grep -qE '^Mem: [0-9]+K used, [0-9]+K free' && echo "top mem line"
sed -n 2p top.out | grep -q '^CPU:' && echo "top cpu line"
sed -n 3p top.out | grep -qE '^Load average: [0-9]+\.[0-9]+ [0-9]+\.[0-9]+ [0-9]+\.[0-9]+ [0-9]+/[0-9]+ [0-9]+' && echo "top load line"
grep -q '^  *PID  *PPID USER  *STAT  *VSZ %VSZ %CPU COMMAND' top.out && echo "top header"
grep -q ' top -b -n 1$' top.out && echo "top lists itself"
