# The ash language: parameters, arithmetic, string operations, case,
# loops, functions, getopts, eval, read, IFS, set, shift, $@ quoting.
set -- a 'b c' d
echo "$# args: $1|$2|$3"
for x in "$@"; do printf '[%s]' "$x"; done; echo
shift; echo "after shift: $*"
echo $((7 * 6)) $((17 % 5)) $((1 << 10)) $((0x10 + 010)) $((-7 / 2))
i=0; while [ $i -lt 5 ]; do i=$((i + 1)); [ $i = 3 ] && continue; printf '%s ' $i; done; echo
for w in 1 2 3 4 5; do [ $w = 4 ] && break; printf '%s ' $w; done; echo
v=hello.tar.gz
echo "${v%.gz} ${v%%.*} ${v#*.} ${v##*.} ${#v} ${v:1:4} ${v/l/L} ${v//l/L}"
echo "${unset:-default} ${unset:=assigned} $unset ${v:+set}"
case $v in *.tar.gz) echo tarball ;; *) echo other ;; esac
case x in [abc]) echo no ;; [x-z]) echo range ;; esac
fact() { [ $1 -le 1 ] && echo 1 && return; echo $(($1 * $(fact $(($1 - 1))))); }
echo "10! = $(fact 10)"
OPTIND=1
while getopts "ab:c" o -a -b val -c rest; do echo "opt $o ${OPTARG:-}"; done
cmd='echo evaluated $((1 + 1))'; eval "$cmd"
IFS=: read -r a b c <<EOT
x:y:z
EOT
echo "$c$b$a"
old=$IFS; IFS=,; set -- $(echo 1,2,3); IFS=$old; echo "$# fields"
readonly ro=1; (ro=2) 2>/dev/null || echo "readonly kept"
echo "${PATH%%:*}"
printf '%s\n' "${v}" | { read -r z; echo "read $z"; }
type echo cd | sed 's/ is a .*builtin/ builtin/'
# An applet is found before PATH (FEATURE_SH_STANDALONE).
command -v ls
[ -n "$RANDOM" ] && echo "RANDOM set"
echo $(( $(printf '%d' "'A") ))
