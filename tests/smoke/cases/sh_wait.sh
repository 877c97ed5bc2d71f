# Background jobs and wait: exit statuses through wait, wait for all,
# $!, a job killed by a signal, wait interrupted by a trapped signal.
(sleep 0.2; exit 7) &
p=$!
wait $p; echo "status $?"
(exit 3) & a=$!
(exit 4) & b=$!
wait $b; echo "b $?"
wait $a; echo "a $?"
for i in 1 2 3; do (sleep 0.$i; echo "job $i" >>jobs.out) & done
wait
sort jobs.out
echo "all done"
# ash may or may not report a job killed by a signal ("Terminated") on
# standard error, depending on when it notices: the statuses are checked.
exec 3>&2 2>/dev/null
sleep 10 & s=$!
kill $s
wait $s; echo "killed $?"
sleep 10 & s=$!
kill -KILL $s
wait $s; echo "sigkill $?"
exec 2>&3 3>&-
trap 'echo got USR1' USR1
(sleep 0.3; kill -USR1 $$) &
sleep 5 & long=$!
wait $long; echo "wait returned $?"
kill $long
wait
echo "jobs left: $(jobs | wc -l)"
