# free, uptime, df, mount, dmesg, uname, hostname, id, env: the
# structure of their output and the facts both kernels must agree on.
free | head -n 1 | tr -s ' '
free | awk '$1 == "Mem:" { ok = $2 > 100000 && $2 < 300000 && $3 > 0 && $4 > 0; print "free: total about 256 MiB:", (ok ? "yes" : "no") }'
free -m | awk '$1 == "Swap:" { print "swap", $2 }'
# The machine booted less than an hour ago: "up N min".
uptime | sed -E 's/[0-9]+/N/g'
awk '{ print ($1 > 0 && $1 < 3600 ? "uptime in /proc" : "odd uptime " $1) }' /proc/uptime
df /tmp /dev/shm | head -n 1 | tr -s ' '
df /tmp | awk 'NR == 2 { print $1, $NF, ($2 > 0 ? "has size" : "no size") }'
df /dev/shm | awk 'NR == 2 { print $1, $NF }'
mount | grep -E ' on /(proc|sys|tmp|dev/shm) ' | awk '{ print $1, $3, $5 }' | sort
mount -t tmpfs tmpfs /mnt
echo on-tmpfs >/mnt/f
grep ' /mnt ' /proc/mounts | awk '{ print $1, $2, $3 }'
umount /mnt
[ -e /mnt/f ] || echo "umount hides the files"
mount -t nosuchfs none /mnt 2>/dev/null || echo "unknown type refused"
dmesg | grep -q . && echo "dmesg has lines"
dmesg -c >/dev/null 2>&1; echo "dmesg -c: $?"
uname -s; uname -m
uname -r | grep -qE '^6\.' && echo "release 6.x"
[ "$(uname -a | cut -d' ' -f1)" = Linux ] && echo "uname -a starts with Linux"
hostname
hostname smoke-test; hostname; uname -n
hostname -F /etc/hostname; hostname
id
id -u; id -g; id -un; id -gn
id nobody
env -i A=1 B=2 env | sort
env -u HOME sh -c 'echo "HOME=${HOME-unset}"'
X=exported env | grep '^X='
env | grep '^PATH='
