# Subshells and command substitution: variables and cwd stay inside,
# exit statuses come out, nesting, $$ is the parent's.
x=outer
(x=inner; echo "in $x")
echo "out $x"
(cd /tmp && pwd)
pwd_here=$(pwd)
[ "$pwd_here" = "$(pwd)" ] && echo "cwd kept"
(exit 3); echo "status $?"
echo "$(echo "$(echo nested)")"
n=$(printf 'a\nb\n' | wc -l); echo "lines $n"
main=$$
sub=$(echo $$)
[ "$main" = "$sub" ] && echo "\$\$ same in subshell"
[ "$(sh -c 'echo $PPID')" = "$$" ] && echo "child's PPID is the shell"
{ echo grouped; } | cat
f() { local v=local; echo "$v"; return 4; }
f; echo "function status $?"
x=$(false); echo "substitution status $?"
