# SPDX-License-Identifier: MIT
"""Network benchmarks for ./build.sh bench: one kernel per call.

Boots the system `./build.sh run` boots (build/rootfs/run.cpio: rcS
brings up lo and eth0, init starts httpd on port 80) with its console on
a socket, and measures from the host:

  boot_to_httpd   QEMU's start until host curl gets the page (seconds)
  httpd_c1        wrk, 1 connection, the small page (requests/s)
  httpd_c32       wrk, 32 connections, the small page (requests/s)
  httpd_1mib      wrk, 1 connection, a 1 MiB file (requests/s)
  wget_64mib      guest wget of 64 MiB from a host server through
                  guestfwd, timed by BusyBox's time in the guest (MiB/s)

Prints "BENCH <name> <value> <unit>" lines, as tests/bench/micro.c does,
so build.sh can put the kernels side by side. A measure that could not be
taken is left out and said on stderr. It measures; it never fails a run
because something was slow.

The network is QEMU's user network with restrict=on: hostfwd ports are
free ports of 127.0.0.1, guestfwd goes to a server on 127.0.0.1.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "harness"))
sys.path.insert(0, os.path.join(REPO, "tests", "net"))

import harness as h  # noqa: E402
import netsuite as ns  # noqa: E402

BIG = 64 << 20
WRK_SECONDS = 5


def note(msg):
    print(f"netbench: {msg}", file=sys.stderr, flush=True)


def boot_to_httpd(port, start, limit=60.0):
    """Seconds from start until the guest's httpd answers through the
    forward. QEMU accepts the host's connection at once and retries the
    guest about once a second, so each try is short (FACTS.md)."""
    url = f"http://127.0.0.1:{port}/"
    while time.monotonic() - start < limit:
        p = subprocess.run(["curl", "-s", "-f", "-o", "/dev/null",
                            "--max-time", "0.25", url],
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        if p.returncode == 0:
            return time.monotonic() - start
    return None


def wrk(url, conns):
    """Requests per second wrk reports, or None; errors make it None."""
    threads = min(conns, 2)
    p = subprocess.run(["wrk", f"-t{threads}", f"-c{conns}",
                        f"-d{WRK_SECONDS}s", "--timeout", "5s", url],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    m = re.search(r"Requests/sec:\s+([\d.]+)", p.stdout)
    if p.returncode != 0 or not m:
        note(f"wrk -c{conns} {url}: {p.stdout.strip()[-200:]}")
        return None
    bad = re.search(r"Socket errors: .*|Non-2xx or 3xx responses: \d+",
                    p.stdout)
    if bad:
        note(f"wrk -c{conns} {url}: {bad.group(0)}")
    return float(m.group(1))


def guest_seconds(out):
    """BusyBox time's 'real 0m 1.23s' in seconds."""
    m = re.search(rb"real\s+(?:(\d+)h\s*)?(\d+)m\s*([\d.]+)s", out)
    if not m:
        return None
    return (int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60
            + float(m.group(3)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True, choices=["akuma", "linux"])
    ap.add_argument("--img", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--append", default=None)
    ap.add_argument("--log", required=True)
    a = ap.parse_args()
    for tool in ("curl", "wrk"):
        if shutil.which(tool) is None:
            note(f"{tool} not found on the host: run ./build.sh deps")
            return 1
    h.check_boot_inputs(a.kernel, a.img, a.initrd)

    http_srv = ns.start_http(os.urandom(BIG))
    py = sys.executable or "python3"
    tmp = tempfile.mkdtemp(prefix="akuma-bench-")
    sock = os.path.join(tmp, "console.sock")
    proc = con = None
    results = []
    try:
        for attempt in range(4):
            port = h.free_port()
            fwds = [f"guestfwd=tcp:{ns.HOST_ADDR}:80-cmd:{py} {ns.RELAY} "
                    f"{http_srv.server_address[1]}"]
            cmd = h.qemu_command(a.kernel, a.img, a.initrd, a.append,
                                 http_port=port, forwards=fwds)
            cmd += ["-chardev", f"socket,id=con0,path={sock},server=on,"
                    f"wait=off,logfile={a.log}", "-serial", "chardev:con0"]
            start = time.monotonic()
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL)
            try:
                con = h.Console(sock, proc, time.monotonic() + 10)
                break
            except OSError:
                h.stop(proc)
                out = proc.stdout.read().decode("utf-8", "replace")
                if "forwarding rule" not in out or attempt == 3:
                    note(f"QEMU did not start: {out.strip()[-300:]}")
                    return 1
        ready = boot_to_httpd(port, start)
        if ready is None:
            note("httpd never answered")
            return 1
        results.append(("boot_to_httpd", f"{ready:.2f}", "s"))
        base = f"http://127.0.0.1:{port}"
        for name, url, conns in (("httpd_c1", f"{base}/", 1),
                                 ("httpd_c32", f"{base}/", 32),
                                 ("httpd_1mib", f"{base}/1mib.bin", 1)):
            rate = wrk(url, conns)
            if rate is not None:
                results.append((name, f"{rate:.0f}", "req/s"))
        if not con.wait(ns.PROMPT, 0, ns.BOOT_WAIT):
            note("no shell prompt for the wget measure")
        else:
            time.sleep(0.3)  # let the shell's cursor query time out
            g = ns.Guest(con, os.urandom(4).hex())
            out, rc = g.run(f"time wget -q -O /dev/null "
                            f"http://{ns.HOST_ADDR}/big.bin", timeout=120)
            secs = guest_seconds(out)
            if rc == 0 and secs:
                results.append(("wget_64mib", f"{BIG / secs / (1 << 20):.1f}",
                                "MiB/s"))
            else:
                note(f"guest wget: rc {rc}: {out.decode('utf-8', 'replace')}")
    except ns.StepFailed as e:
        note(str(e))
    finally:
        if con:
            con.close()
        if proc:
            h.stop(proc)
        http_srv.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)
    for name, value, unit in results:
        print(f"BENCH {name} {value} {unit}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
