# dd: block sizes, counts, skip and seek, conv, /dev/zero and
# /dev/urandom, status lines.
dd if=/dev/zero of=z bs=1024 count=64 2>&1
stat -c %s z
seq 1 100 >n
dd if=n of=part bs=1 skip=4 count=6 2>/dev/null; cat part
dd if=n bs=10 count=1 2>/dev/null | wc -c
printf 'XX' | dd of=n bs=1 seek=0 conv=notrunc 2>/dev/null; head -n 2 n
echo sync | dd bs=8 conv=sync 2>/dev/null | od -An -c
dd if=/dev/urandom of=r bs=512 count=8 2>/dev/null; stat -c %s r
[ "$(md5sum <r)" != "$(dd if=/dev/urandom bs=512 count=8 2>/dev/null | md5sum)" ] && echo "urandom differs each time"
dd if=/dev/zero bs=1M count=4 2>/dev/null | wc -c
dd if=/nonexistent 2>&1; echo "status $?"
head -c 100 /dev/zero | tr '\0' a | wc -c
dd if=/dev/zero of=/dev/full bs=1 count=1 2>&1 | head -n 1
