# Jobs without a terminal: the job table, %n specs, kill and wait by job,
# setsid.  (Job control proper, with a terminal, is the console test's.)
sleep 10 &
sleep 10 &
jobs >j
grep -c Running j
jobs -p >pids
wc -l <pids
grep -qx "$!" pids && echo "jobs -p lists \$!"
# ash may or may not report a job killed by a signal ("Terminated") on
# standard error, depending on when it notices: the statuses are checked.
exec 3>&2 2>/dev/null
kill %1
wait %1; echo "job 1: $?"
kill %2
wait; jobs >j; echo "running after wait: $(grep -c Running j)"
exec 2>&3 3>&-
# setsid makes a new session: the program's session id is its pid.
setsid sh -c 'p=$$; s=$(ps -o pid,sid | awk -v p=$p "\$1 == p { print \$2 }"); [ "$s" = "$p" ] && echo "new session"'
