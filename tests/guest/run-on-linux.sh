#!/bin/sh
# Boots the guest tests on the real Debian Linux kernel, the oracle every
# guest test must pass on. It builds the tests into a scratch folder, packs
# an initramfs whose /init is the runner, boots it in QEMU and exits 0 only
# if the runner's closing line reports no failure.
#
#   tests/guest/run-on-linux.sh [scratch-dir]
#
# LINUX_IMAGE overrides the kernel image; CC is passed on to make.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
image=${LINUX_IMAGE:-$here/../../build/deps/linux/root/boot/vmlinuz-6.1.0-56-arm64}
work=${1:-$(mktemp -d /tmp/guest-linux.XXXXXX)}
mkdir -p "$work"
work=$(cd "$work" && pwd)

if [ -n "${CC:-}" ]; then
	make -s -C "$here" OUT="$work/out" CC="$CC"
else
	make -s -C "$here" OUT="$work/out"
fi

stage=$work/stage
rm -rf "$stage"
mkdir -p "$stage/tests/data"
cp "$work/out/bin/runner" "$stage/init"
cp "$work/out/list" "$stage/tests/list"
for name in $(cat "$work/out/list"); do
	cp "$work/out/bin/$name" "$stage/tests/$name"
done
if [ -d "$work/out/data" ]; then
	cp -R "$work/out/data/." "$stage/tests/data/"
fi
(cd "$stage" && find . | cpio -o -H newc --quiet) > "$work/initramfs.cpio"

timeout 300 qemu-system-aarch64 -M virt -cpu cortex-a72 -m 256M \
	-nographic -monitor none -no-reboot -kernel "$image" \
	-initrd "$work/initramfs.cpio" \
	-append "console=ttyAMA0 quiet panic=-1 rdinit=/init" \
	< /dev/null | tr -d '\r' | tee "$work/console.log"

grep -Eq '^[0-9]+ passed, 0 failed$' "$work/console.log"
