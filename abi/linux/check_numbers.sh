#!/bin/sh
# Fails if a number in our unistd.h differs from musl's aarch64 list.
musl=/usr/include/aarch64-linux-musl/bits/syscall.h
[ -f "$musl" ] || musl=/usr/lib/musl/include/bits/syscall.h
[ -f "$musl" ] || { echo "check_numbers: musl's bits/syscall.h not found (install musl-dev:arm64)"; exit 1; }
bad=0
while read -r def name num; do
	[ "$def" = "#define" ] || continue
	case $name in __NR_*) ;; *) continue ;; esac
	theirs=$(awk -v n="$name" '$1 == "#define" && $2 == n { print $3 }' "$musl")
	if [ "$theirs" != "$num" ]; then
		echo "check_numbers: $name is $num here but '$theirs' in musl"
		bad=1
	fi
done < "$1"
# Every implemented call is documented in docs/syscalls.md.
doc=$(dirname "$0")/../../docs/syscalls.md
while read -r def name num; do
	[ "$def" = "#define" ] || continue
	case $name in __NR_*) ;; *) continue ;; esac
	if ! grep -q "^| $num | ${name#__NR_} |" "$doc"; then
		echo "check_numbers: ${name#__NR_} ($num) is not in docs/syscalls.md"
		bad=1
	fi
done < "$1"
exit $bad
