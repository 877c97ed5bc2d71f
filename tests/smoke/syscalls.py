#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Which system calls does BusyBox make in the smoke suite, and which of
them has Akuma no handler for?

usage: tests/smoke/syscalls.py [smoke|smoke-glibc]   (after ./build.sh rootfs)

Boots the suite's image on the reference Linux kernel with a syscall
histogram (Linux's hist trigger on raw_syscalls:sys_enter) and prints one
line per system call: number, Linux's name, how often it was made, and
whether Akuma's table (abi/linux/syscalls.h) has it.  Unknown system calls
return ENOSYS on Akuma without a word; this finds them.  Calls that Linux
answers in the vDSO (clock_gettime, gettimeofday, clock_getres) do not
appear: on Akuma they are system calls.

The image is the suite's own with a second cpio archive appended whose
/init sets up the histogram, runs the suite and prints the histogram
(Linux unpacks concatenated archives in order).
"""

import os
import re
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BUILD = os.path.join(REPO, "build")

TRACE_INIT = """#!/bin/sh
t=/tracing
mkdir $t
mount -t tracefs tracefs $t
echo 'hist:keys=id.syscall:vals=hitcount:sort=id:size=2048' \\
	>$t/events/raw_syscalls/sys_enter/trigger
/etc/init.d/rcS
/bin/sh /smoke/run
echo @@HIST
cat $t/events/raw_syscalls/sys_enter/hist
echo @@END
poweroff -f
"""


def akuma_numbers():
    """Numbers of the system calls in Akuma's SYSCALL_LIST."""
    nums = {}
    with open(os.path.join(REPO, "abi/linux/unistd.h")) as f:
        for m in re.finditer(r"#define\s+__NR_(\w+)\s+(\d+)", f.read()):
            nums[m.group(1)] = int(m.group(2))
    with open(os.path.join(REPO, "abi/linux/syscalls.h")) as f:
        text = f.read()
    start = text.find("#define SYSCALL_LIST")
    body = text[start:].split("\n\n", 1)[0]
    return {nums[n] for n in re.findall(r"X\((\w+)\)", body) if n in nums}


def main():
    suite = sys.argv[1] if len(sys.argv) > 1 else "smoke"
    if suite not in ("smoke", "smoke-glibc"):
        sys.exit(__doc__)
    image = os.path.join(BUILD, "rootfs", f"{suite}.cpio")
    with open(os.path.join(BUILD, "deps/linux/image")) as f:
        kernel = os.path.join(BUILD, "deps/linux", f.read().strip())
    if not os.path.isfile(image):
        sys.exit(f"{image} missing: run ./build.sh rootfs")
    with tempfile.TemporaryDirectory() as tmp:
        init = os.path.join(tmp, "init")
        with open(init, "w") as f:
            f.write(TRACE_INIT)
        overlay = os.path.join(tmp, "overlay.cpio")
        subprocess.run([sys.executable,
                        os.path.join(REPO, "rootfs/mkcpio.py"), overlay],
                       input=f"file /init {init} 755\n", text=True,
                       check=True, stdout=subprocess.DEVNULL)
        both = os.path.join(tmp, "both.cpio")
        with open(both, "wb") as out:
            for part in (image, overlay):
                with open(part, "rb") as f:
                    out.write(f.read())
        print(f"syscalls: booting {suite} on Linux with a syscall "
              f"histogram", file=sys.stderr)
        run = subprocess.run(
            ["qemu-system-aarch64", "-M", "virt", "-cpu", "cortex-a72",
             "-m", "256M", "-smp", "1", "-nographic", "-monitor", "none",
             "-no-reboot", "-kernel", kernel, "-initrd", both, "-append",
             "console=ttyAMA0 quiet panic=-1 rdinit=/init"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, timeout=300)
    text = run.stdout.decode("utf-8", "replace").replace("\r", "")
    closing = [ln for ln in text.split("\n") if " passed, " in ln]
    for ln in text.split("\n"):
        if ln.startswith("RESULT ") and " PASS" not in ln:
            print(f"# {ln}")
    hist = text.partition("@@HIST")[2].partition("@@END")[0]
    rows = re.findall(r"sys_(\w+)\s*\[\s*(\d+)\]\s*\}\s*hitcount:\s*(\d+)",
                      hist)
    if not rows:
        sys.exit("syscalls: no histogram in the console output")
    have = akuma_numbers()
    missing = 0
    print(f"# {suite} on Linux: {closing[-1] if closing else 'no result'}")
    print("#  NR  name                    calls  akuma")
    for name, nr, count in sorted(rows, key=lambda r: int(r[1])):
        ok = int(nr) in have
        missing += not ok
        print(f"{int(nr):5}  {name:<22} {int(count):6}  "
              f"{'yes' if ok else 'MISSING'}")
    print(f"# {len(rows)} system calls, {missing} not in Akuma's table")


if __name__ == "__main__":
    main()
