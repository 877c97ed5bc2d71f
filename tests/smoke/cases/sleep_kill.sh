# sleep and kill: sleep lasts as long as asked, kill -l, signals by name
# and number, kill of a process group, exit statuses of killed programs.
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
time -p sleep 0.5 2>t
awk '$1 == "real" { print ($2 >= 0.5 && $2 < 3 ? "slept about 0.5 s" : "slept " $2 " s") }' t
kill -l | awk 'NR <= 15 { printf "%s ", $2 } END { print "" }'
kill -l 9; kill -l 15; kill -l KILL
# ash may or may not report a job killed by a signal ("Terminated") on
# standard error, depending on when it notices: the statuses are checked.
exec 3>&2 2>/dev/null
sleep 10 & p=$!
kill -0 $p && echo "kill -0 finds it"
state() { ps -o pid,stat | awk -v p=$p '$1 == p { print substr($2, 1, 1) }'; }
kill -s STOP $p
until_true '[ "$(state)" = T ]' && echo stopped
kill -CONT $p
until_true '[ "$(state)" = S ]' && echo running
kill -9 $p; wait $p; echo "status $?"
kill -0 $p 2>/dev/null || echo "gone"
# A new session and process group: kill -PGID reaches all its members.
setsid sh -c 'sleep 10 & sleep 10 & wait' & g=$!
until_true '[ $(ps -o pgid,comm | grep -c "^ *$g  *sleep$") = 2 ]'
ps -o pgid,comm | awk -v g=$g '$1 == g' | sort | uniq -c | awk '{ print $1, $3 }'
kill -TERM -$g; wait $g; echo "sh status $?"
until_true '! ps -o pgid | grep -q "^ *$g\$"' && echo "group gone"
sleep 10 & p=$!
kill -s USR2 $p; wait $p; echo "USR2 status $?"
exec 2>&3 3>&-
kill 999999 2>&1; echo "status $?"
kill -BADSIG $$ 2>&1; echo "status $?"
