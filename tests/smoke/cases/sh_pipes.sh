# Pipes: chains, exit status of the last command, pipefail-free ash,
# large data through a pipe, a reader that stops early (SIGPIPE).
echo one two three | tr ' ' '\n' | sort -r
printf 'a\nb\nc\n' | { read x; read y; echo "got $x $y"; }
false | true; echo "status $?"
true | false; echo "status $?"
! true | false; echo "negated $?"
seq 1 20000 | wc -l
seq 1 100000 | head -n 2
yes abc | head -c 12; echo
i=0; seq 3 | while read n; do i=$((i + n)); echo "sum $i"; done
