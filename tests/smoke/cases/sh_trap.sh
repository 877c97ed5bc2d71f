# Traps: EXIT, signals sent to the shell itself and to a subshell,
# ignored signals, resetting, trap listing.
trap 'echo caught USR1' USR1
kill -USR1 $$
echo after usr1
trap 'echo caught TERM; trapped=1' TERM
kill -TERM $$
echo "trapped=$trapped"
trap '' INT
kill -INT $$
echo "INT ignored"
trap - INT
trap
( trap 'echo subshell exit' EXIT; echo in subshell )
sh -c 'trap "echo child got HUP; exit 5" HUP; kill -HUP $$; echo not reached'
echo "child status $?"
sh -c 'kill -TERM $$; echo not reached'
echo "killed child status $?"
trap 'echo bye' EXIT
echo end
