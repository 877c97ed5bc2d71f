# SPDX-License-Identifier: MIT
"""The net suite: networking end to end, on Akuma and on Linux.

Boots the system `./build.sh run` boots (build/rootfs/run.cpio: BusyBox
init, rcS brings up lo and eth0, httpd on port 80) with the console on a
socket, and checks the network from both sides: host tools talk to the
guest through hostfwd forwards, guest tools reach host servers through
guestfwd forwards (tests/net/relay.py), and the guest talks to itself.
tests/harness/harness.py calls run(a, h) with its own module as h; the
cases are in NET_TESTS and docs/testing.md.

Nothing leaves the host's loopback: the card is on QEMU's user network
with restrict=on, the hostfwd ports are free ports of 127.0.0.1 picked
for each boot, and the host servers listen on 127.0.0.1.
"""

import hashlib
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RELAY = os.path.join(HERE, "relay.py")
REPO = os.path.dirname(os.path.dirname(HERE))
INDEX = os.path.join(REPO, "rootfs", "www", "index.html")

# In the order they run; later cases rely on nothing earlier ones leave
# behind, except that ifconfig_set moves eth0 (and back).  seq_10000
# comes before wrk_c64, whose thousands of TIME_WAITs would otherwise be
# in its baseline (on Akuma their memory is in MemFree's too, and going
# away would hide a leak of that size); it waits for every TIME_WAIT to
# end, so the two end the suite.
NET_TESTS = [
    "curl_index",       # host curl: / from the guest's httpd
    "curl_1mib",        # host curl: a 1 MiB file, byte-exact
    "curl_cgi",         # host curl: a shell CGI program runs
    "wget_64mib",       # guest wget: 64 MiB from a host server, sha256
    "nc_to_guest",      # host -> guest nc -l through hostfwd, sha256
    "nc_from_guest",    # guest nc -> host through guestfwd, sha256
    "lo_httpd_wget",    # httpd + wget over 127.0.0.1
    "lo_nc",            # nc -l + nc over 127.0.0.1
    "lo_telnet",        # telnetd + telnet over 127.0.0.1 (a pty)
    "lo_dns",           # dnsd + nslookup over 127.0.0.1
    "ping_lo",          # ping -c 3 127.0.0.1
    "ping_gateway",     # ping -c 3 10.0.2.2 (QEMU answers)
    "ifconfig_show",    # ifconfig lo / eth0 print the set values
    "route_show",       # route -n prints the routing table
    "netstat_tln",      # netstat -tln shows a listener
    "ifconfig_set",     # ifconfig eth0 ADDR takes effect, and back
    "seq_10000",        # 10,000 sequential connections leak nothing
    "wrk_c64",          # 64 concurrent host clients, no errors
]

GUEST_PORT_NC = 7001       # guest nc -l, reached from the host (hostfwd)
HOST_ADDR = "10.0.2.100"   # guestfwd address of the host's servers
HOST_PORT_NC = 7002        # ... its port for the nc sink
BIG = 64 << 20             # bytes of the file the guest fetches
NC_BYTES = 1 << 20         # bytes through nc, each way
BOOT_WAIT = 60.0           # seconds until the first prompt
STEP_WAIT = 20.0           # seconds for one command's output
PROMPT = re.compile(rb":~# ")

# wrk_c64: 64 connections for 5 s against httpd's backlog of 9.  On
# Linux the accept queue overflows, the SYNs it drops are sent again by
# QEMU's user network only after 3 s, and a run gave 144 to 865 answers
# (28 runs, load 3 to 5 on 2 cores); Akuma gave 1,100 to 3,800.  At least
# one answer per connection on average is what Linux always meets; no
# error of any kind is allowed on either kernel.
WRK_CONNS = 64
WRK_SECONDS = 5
WRK_MIN_REQUESTS = 64
# seq_10000: connections one after another (Linux: 130-230 a second),
# the time they may take in all, and the wait for TIME_WAIT's 60 s.
SEQ_COUNT = 10000
SEQ_BUDGET = 300.0
# A stall fails at once: every 100 requests in under 10 s (Linux does
# 120 a second at its slowest, and its slowest request took 1.8 s).
# The host's connect() takes ports again within TIME_WAIT's 60 s after
# a few thousand connections, and QEMU keeps the host's port towards the
# guest, so the guest gets SYNs for four-tuples in TIME_WAIT.
SEQ_WINDOW = 100
SEQ_WINDOW_MAX = 10.0
TW_WAIT = 90.0
# MemFree may end up to 1 MiB below its start: Linux's moves by a few
# hundred kB (its slab and page caches keep some of what the connections
# used), and a leak of 105 bytes a connection would exceed it.  The
# socket counts must come back exactly.
MEM_SLACK_KB = 1024

# The guest's socket and memory figures: TCP lines by state (IPv4 and
# IPv6 tables: Linux's httpd listens on ::), UDP lines, AF_UNIX lines,
# the descriptors of the httpd daemon (its parent is init) and MemFree.
SNAPSHOT = (
    "awk 'FNR > 1 { n[$4]++ } END { printf \"tcp\"; "
    "for (s in n) printf \" %s:%d\", s, n[s]; print \"\" }' "
    "/proc/net/tcp /proc/net/tcp6; "
    "echo udp $(cat /proc/net/udp /proc/net/udp6 | grep -c '^ *[0-9][0-9]*:'); "
    "echo unix $(($(wc -l </proc/net/unix) - 1)); "
    "for p in $(pidof httpd); do read -r x x x pp x </proc/$p/stat; "
    "[ \"$pp\" = 1 ] && echo fd $(ls /proc/$p/fd | wc -l); done; "
    "awk '/^MemFree:/ { print \"mem\", $2 }' /proc/meminfo")

ROUTES = (b"Kernel IP routing table\n"
          b"Destination     Gateway         Genmask         Flags "
          b"Metric Ref    Use Iface\n"
          b"0.0.0.0         10.0.2.2        0.0.0.0         UG    "
          b"0      0        0 eth0\n"
          b"10.0.2.0        0.0.0.0         255.255.255.0   U     "
          b"0      0        0 eth0\n")

CGI_OUT = (b"hello from cgi\nmethod GET query a=1&b=2\n"
           b"sum 42 uname Linux\n")


class BigHandler(http.server.BaseHTTPRequestHandler):
    """Serves /big.bin (the server's .big bytes), HTTP/1.0."""

    def do_GET(self):
        if self.path != "/big.bin":
            self.send_error(404)
            return
        data = self.server.big
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        view = memoryview(data)
        for i in range(0, len(data), 1 << 20):
            self.wfile.write(view[i:i + (1 << 20)])

    def log_message(self, *args):
        pass


class Sink:
    """A TCP server on 127.0.0.1 that reads each connection to its end
    and keeps (length, sha256) of what came."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.got = []
        self.cond = threading.Condition()
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.take, args=(conn,),
                             daemon=True).start()

    def take(self, conn):
        h = hashlib.sha256()
        n = 0
        conn.settimeout(60)
        try:
            while True:
                data = conn.recv(1 << 16)
                if not data:
                    break
                h.update(data)
                n += len(data)
        except OSError:
            pass
        conn.close()
        with self.cond:
            self.got.append((n, h.hexdigest()))
            self.cond.notify_all()

    def wait(self, count, timeout):
        end = time.monotonic() + timeout
        with self.cond:
            while len(self.got) < count:
                left = end - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)
            return self.got[count - 1]

    def close(self):
        self.sock.close()


class StepFailed(Exception):
    pass


class Guest:
    """Runs shell commands on the guest's console between marker lines
    that exist only once the shell has expanded them (as the console
    suite does), so echo, prompts and the shell's cursor query never
    make a false match."""

    def __init__(self, con, tok):
        self.con = con
        self.tok = tok
        self.n = 0

    def run(self, cmd, timeout=STEP_WAIT):
        self.n += 1
        tag = f"{self.tok}x{self.n}"
        start = self.con.mark()
        self.con.send((f"printf '@@%s\\n' B{tag}; {cmd}; "
                       f"printf '@@%s\\n' \"E{tag} rc=$?\"\r").encode())
        pat = re.compile(rb"@@B" + tag.encode() + rb"\r?\n(.*?)"
                         rb"@@E" + tag.encode() + rb" rc=(\d+)\r?\n", re.S)
        m = self.con.wait(pat, start, timeout)
        if not m:
            if self.con.closed:
                raise StepFailed("the machine stopped")
            raise StepFailed(f"no answer from the guest within "
                             f"{timeout:.0f} s to: {cmd[:60]}")
        return m.group(1).replace(b"\r\n", b"\n"), int(m.group(2))

    def recover(self):
        """After a failed step: interrupt, and wait for a prompt."""
        start = self.con.mark()
        self.con.send(b"\x03\r")
        return self.con.wait(PROMPT, start, 5) is not None


def curl(url, timeout=5.0, retry_for=0.0):
    """The body host curl gets, or raises StepFailed.  retry_for: keep
    trying that long while the guest's server is not answering yet."""
    if shutil.which("curl") is None:
        raise StepFailed("curl not found on the host: run ./build.sh deps")
    end = time.monotonic() + retry_for
    while True:
        p = subprocess.run(["curl", "-s", "-S", "-f", "--max-time",
                            str(timeout), url], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        if p.returncode == 0:
            return p.stdout
        if time.monotonic() >= end:
            err = p.stderr.decode("utf-8", "replace").strip()
            raise StepFailed(f"curl {url}: {err or p.returncode}")
        time.sleep(0.25)


def expect(out, want, what):
    if out != want:
        raise StepFailed(f"{what}: got {out[:160]!r}, want {want[:160]!r}")


def sha_line(out):
    """The hash of a `sha256sum` line (or None)."""
    m = re.match(rb"([0-9a-f]{64}) ", out)
    return m.group(1).decode() if m else None


def wrk_figures(out):
    """(requests, socket errors, non-2xx) from wrk's report, or None."""
    m = re.search(r"(\d+) requests in ", out)
    if not m:
        return None
    errs = re.search(r"Socket errors: connect (\d+), read (\d+), "
                     r"write (\d+), timeout (\d+)", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return (int(m.group(1)),
            tuple(int(x) for x in errs.groups()) if errs else (0, 0, 0, 0),
            int(bad.group(1)) if bad else 0)


def http_get(port, want):
    """One HTTP/1.0 GET of / on a new connection; raises OSError or
    StepFailed.  Returns the seconds it took and the host's port."""
    t0 = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), 5) as s:
        used = s.getsockname()[1]
        s.settimeout(5)
        s.sendall(b"GET / HTTP/1.0\r\nHost: akuma\r\n\r\n")
        got = []
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got.append(chunk)
    data = b"".join(got)
    head, _, body = data.partition(b"\r\n\r\n")
    if not re.match(rb"HTTP/1\.[01] 200 ", head) or body != want:
        raise StepFailed(f"answer {head[:40]!r}, {len(body)} bytes of body")
    return time.monotonic() - t0, used


def parse_snapshot(out):
    """{"tcp": {state: n}, "udp": n, "unix": n, "fd": n, "mem": kB}."""
    snap = {}
    for line in out.decode("utf-8", "replace").splitlines():
        f = line.split()
        if not f:
            continue
        if f[0] == "tcp":
            snap["tcp"] = {k: int(v) for k, v in
                           (x.split(":") for x in f[1:])}
        elif f[0] in ("udp", "unix", "fd", "mem") and len(f) == 2 \
                and f[1].isdigit() and f[0] not in snap:
            snap[f[0]] = int(f[1])
    if set(snap) != {"tcp", "udp", "unix", "fd", "mem"}:
        raise StepFailed(f"guest figures: {out[:200]!r}")
    return snap


def sockets(snap):
    """The socket counts of a snapshot, TIME_WAIT left out."""
    tcp = sum(n for st, n in snap["tcp"].items() if st != "06")
    return {"tcp": tcp, "udp": snap["udp"], "unix": snap["unix"],
            "httpd fds": snap["fd"]}


def net_steps(g, ports, sink, big_sha, www, results, report):
    """Run every case; results[name] = (verdict, detail)."""
    base = f"http://127.0.0.1:{ports['http']}"

    def curl_index():
        want = open(INDEX, "rb").read()
        # The first contact: the guest may still be starting httpd.
        expect(curl(base + "/", retry_for=15), want, "/")

    def curl_1mib():
        want = open(os.path.join(www, "1mib.bin"), "rb").read()
        got = curl(base + "/1mib.bin")
        if got != want:
            raise StepFailed(f"1mib.bin: {len(got)} bytes, not the "
                             f"{len(want)} of the image's file")

    def curl_cgi():
        expect(curl(base + "/cgi-bin/hello?a=1&b=2"), CGI_OUT,
               "/cgi-bin/hello")

    def wget_64mib():
        out, rc = g.run(f"wget -q -O - http://{HOST_ADDR}/big.bin | "
                        f"sha256sum", timeout=120)
        if sha_line(out) != big_sha:
            raise StepFailed(f"guest sha256 {out.strip()[:80]!r}, host "
                             f"{big_sha[:16]}...")

    def nc_to_guest():
        data = os.urandom(NC_BYTES)
        # The listener says "ready" first: QEMU accepts the host's
        # connection at once, and one that reaches the guest before nc
        # listens is closed without it; the host then tries again.
        g.run(f"rm -f /tmp/h2g; echo ready | nc -l -p {GUEST_PORT_NC} "
              f">/tmp/h2g & :")
        end = time.monotonic() + 15
        while True:
            try:
                s = socket.create_connection(("127.0.0.1", ports["nc"]), 5)
                s.settimeout(5)
                got = b""
                while len(got) < 6:
                    chunk = s.recv(6 - len(got))
                    if not chunk:
                        break
                    got += chunk
                if got == b"ready\n":
                    break
                s.close()
            except OSError:
                pass
            if time.monotonic() > end:
                raise StepFailed("the guest's nc -l never answered")
            time.sleep(0.25)
        try:
            s.settimeout(30)
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
            s.close()
        except OSError as e:
            raise StepFailed(f"host side: {e}")
        out, rc = g.run("wait $!; echo nc $?; wc -c </tmp/h2g; "
                        "sha256sum </tmp/h2g", timeout=30)
        want = (f"nc 0\n{NC_BYTES}\n"
                f"{hashlib.sha256(data).hexdigest()}  -\n").encode()
        expect(out, want, "guest received")

    def nc_from_guest():
        before = len(sink.got)
        out, rc = g.run("dd if=/dev/urandom of=/tmp/g2h bs=1024 "
                        f"count={NC_BYTES >> 10} 2>/dev/null; "
                        "sha256sum </tmp/g2h; "
                        f"nc {HOST_ADDR} {HOST_PORT_NC} </tmp/g2h; "
                        "echo nc $?", timeout=30)
        lines = out.split(b"\n")
        sha = sha_line(out)
        if sha is None or lines[1:] != [b"nc 0", b""]:
            raise StepFailed(f"guest: {out[:200]!r}")
        got = sink.wait(before + 1, 10)
        if got is None:
            raise StepFailed("the host received no connection")
        if got != (NC_BYTES, sha):
            raise StepFailed(f"host received {got[0]} bytes, sha256 "
                             f"{got[1][:16]}...; guest sent {NC_BYTES}, "
                             f"{sha[:16]}...")

    def lo_httpd_wget():
        out, rc = g.run("for f in index.html 1mib.bin; do "
                        "wget -q -O - http://127.0.0.1/$f | "
                        "cmp - /www/$f && echo same; done")
        expect(out, b"same\nsame\n", "wget from 127.0.0.1")

    def lo_nc():
        # The listener's input is a FIFO this shell keeps open, so it
        # never ends: nc -l sends no end of data, and the client sends
        # everything before it sees the end of the connection.
        out, rc = g.run(
            "rm -f /tmp/lo.fifo /tmp/lo.out; mkfifo /tmp/lo.fifo; "
            "exec 3<>/tmp/lo.fifo; "
            "dd if=/dev/urandom of=/tmp/lo.src bs=1024 count=512 "
            "2>/dev/null; nc -l -p 7003 <&3 >/tmp/lo.out & "
            "i=0; until nc 127.0.0.1 7003 </tmp/lo.src 2>/dev/null; do "
            "i=$((i+1)); [ $i -ge 50 ] && break; sleep 0.1; done; "
            "wait $!; exec 3>&-; cmp /tmp/lo.src /tmp/lo.out && echo same",
            timeout=30)
        expect(out, b"same\n", "nc over 127.0.0.1")

    def lo_telnet():
        out, rc = g.run(
            "telnetd -p 2323 -l /bin/sh && "
            "{ sleep 1; echo 'echo TEL$((40+2))'; sleep 1; echo exit; "
            "sleep 1; } | telnet 127.0.0.1 2323 2>&1 | grep -o TEL42; "
            "killall telnetd", timeout=30)
        expect(out, b"TEL42\n", "telnet session")

    def lo_dns():
        # dnsd -d binds its socket only after it has gone into the
        # background: wait for 127.0.0.1:53 in /proc/net/udp (up to 5 s).
        out, rc = g.run("dnsd -d -i 127.0.0.1 && i=0; "
                        "until grep -q ' 0100007F:0035 ' /proc/net/udp || "
                        "[ $i -ge 50 ]; do i=$((i+1)); sleep 0.1; done; "
                        "nslookup akuma.test 127.0.0.1; killall dnsd")
        if not re.search(rb"Name:\s+akuma\.test\nAddress: 10\.0\.2\.15\n",
                         out):
            raise StepFailed(f"nslookup: {out[:300]!r}")

    def ping(addr):
        out, rc = g.run(f"ping -c 3 {addr} | tail -n 2 | head -n 1")
        expect(out, b"3 packets transmitted, 3 packets received, "
               b"0% packet loss\n", f"ping {addr}")

    def ifconfig_show():
        # Counters and IPv6 lines vary; the first three lines of each
        # are fixed.
        out, rc = g.run("for i in lo eth0; do ifconfig $i | "
                        "grep -v inet6 | head -n 3; done")
        want = (b"lo        Link encap:Local Loopback  \n"
                b"          inet addr:127.0.0.1  Mask:255.0.0.0\n"
                b"          UP LOOPBACK RUNNING  MTU:65536  Metric:1\n"
                b"eth0      Link encap:Ethernet  HWaddr 52:54:00:12:34:56  \n"
                b"          inet addr:10.0.2.15  Bcast:10.0.2.255  "
                b"Mask:255.255.255.0\n"
                b"          UP BROADCAST RUNNING MULTICAST  MTU:1500  "
                b"Metric:1\n")
        expect(out, want, "ifconfig")

    def route_show():
        out, rc = g.run("route -n")
        expect(out, ROUTES, "route -n")

    def netstat_tln():
        # A listener of its own on an IPv4 address: the port-80 httpd
        # listens on IPv6's :: where the kernel has IPv6.
        out, rc = g.run("httpd -p 127.0.0.1:8081 -h /www && "
                        "netstat -tln | grep -e '^Proto' -e ':8081 '; "
                        "killall -q httpd; httpd -h /www")
        want = (b"Proto Recv-Q Send-Q Local Address           "
                b"Foreign Address         State       \n"
                b"tcp        0      0 127.0.0.1:8081          "
                b"0.0.0.0:*               LISTEN      \n")
        expect(out, want, "netstat -tln")

    def ifconfig_set():
        out, rc = g.run("ifconfig eth0 10.0.2.16 netmask 255.255.255.0 && "
                        "ifconfig eth0 | grep 'inet addr'")
        expect(out, b"          inet addr:10.0.2.16  Bcast:10.0.2.255  "
               b"Mask:255.255.255.0\n", "ifconfig eth0 after the change")
        # A forward to 10.0.2.16 reaches httpd only at the new address.
        want = open(INDEX, "rb").read()
        expect(curl(f"http://127.0.0.1:{ports['moved']}/", retry_for=10),
               want, "/ at 10.0.2.16")
        # The default route may go with the old address: add it again
        # if it went, and find the table as rcS left it.
        out, rc = g.run("ifconfig eth0 10.0.2.15 netmask 255.255.255.0 && "
                        "{ route -n | grep -q '^0\\.0\\.0\\.0 ' || "
                        "route add default gw 10.0.2.2; } && route -n")
        expect(out, ROUTES, "route -n after moving eth0 back")
        expect(curl(base + "/", retry_for=10), want, "/ at 10.0.2.15")

    def wrk_c64():
        if shutil.which("wrk") is None:
            raise StepFailed("wrk not found on the host: run ./build.sh deps")
        curl(base + "/", retry_for=15)
        p = subprocess.run(["wrk", "-t2", f"-c{WRK_CONNS}",
                            f"-d{WRK_SECONDS}s", "--timeout", "5s",
                            base + "/"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True,
                           timeout=WRK_SECONDS + 30)
        fig = wrk_figures(p.stdout)
        if p.returncode != 0 or fig is None:
            raise StepFailed(f"wrk: {p.stdout.strip()[-200:]!r}")
        n, errs, bad = fig
        rate = re.search(r"Requests/sec:\s+([\d.]+)", p.stdout)
        info = (f"{n} requests ({rate.group(1) if rate else '?'}/s), "
                f"socket errors connect {errs[0]} read {errs[1]} write "
                f"{errs[2]} timeout {errs[3]}, non-2xx {bad}")
        if any(errs) or bad or n < WRK_MIN_REQUESTS:
            raise StepFailed(info + f" (want no errors and at least "
                             f"{WRK_MIN_REQUESTS} requests)")
        return info

    def seq_10000():
        want = open(INDEX, "rb").read()
        curl(base + "/", retry_for=15)
        # The baseline: listeners and TIME_WAITs only.  Connections of
        # earlier cases must end first (a client that stops in the middle
        # of a request leaves one for a moment); one still there after
        # 15 s is itself a leak.
        end = time.monotonic() + 15
        while True:
            out, rc = g.run(SNAPSHOT)
            before = parse_snapshot(out)
            busy = {st: n for st, n in before["tcp"].items()
                    if st not in ("0A", "06")}
            if not busy:
                break
            if time.monotonic() > end:
                raise StepFailed(f"connections still open 15 s after the "
                                 f"earlier cases: tcp states {before['tcp']}")
            time.sleep(1)
        t0 = window = time.monotonic()
        slow = worst = 0.0
        last_use = {}
        reused = 0
        for i in range(SEQ_COUNT):
            try:
                took, port = http_get(ports["http"], want)
            except (OSError, StepFailed) as e:
                raise StepFailed(f"request {i + 1} of {SEQ_COUNT}: {e}")
            worst = max(worst, took)
            slow += took > 1.0
            # Ports used again while the guest may still hold their
            # TIME_WAIT: the SYNs that must end one.
            now = time.monotonic()
            reused += now - last_use.get(port, -1e9) < 60
            last_use[port] = now
            if i + 1 == SEQ_COUNT // 10:
                first = time.monotonic() - t0
            elif i + 1 == SEQ_COUNT - SEQ_COUNT // 10:
                last = time.monotonic()
            if (i + 1) % SEQ_WINDOW == 0:
                now = time.monotonic()
                if now - window > SEQ_WINDOW_MAX:
                    raise StepFailed(f"requests {i + 2 - SEQ_WINDOW} to "
                                     f"{i + 1} took {now - window:.1f} s "
                                     f"(the slowest {worst:.1f} s)")
                window = now
            if time.monotonic() - t0 > SEQ_BUDGET:
                raise StepFailed(f"only {i + 1} of {SEQ_COUNT} requests "
                                 f"in {SEQ_BUDGET:.0f} s ({int(slow)} "
                                 f"took over 1 s, the slowest {worst:.1f} s)")
        took = time.monotonic() - t0
        # The rate of the first and the last tenth: a server that slows
        # down as connections go by shows here before it stalls.
        tenth = (f"first {SEQ_COUNT // 10} at "
                 f"{SEQ_COUNT // 10 / first:.0f}/s, last at "
                 f"{SEQ_COUNT // 10 / (time.monotonic() - last):.0f}/s")
        # Both kernels keep TIME_WAIT for 60 s: wait for the last to end.
        end = time.monotonic() + TW_WAIT
        while True:
            out, rc = g.run(SNAPSHOT)
            after = parse_snapshot(out)
            tw = after["tcp"].get("06", 0)
            if tw == 0 or time.monotonic() > end:
                break
            time.sleep(2)
        waited = time.monotonic() - t0 - took
        b, a = sockets(before), sockets(after)
        info = (f"{SEQ_COUNT} in {took:.1f} s ({SEQ_COUNT / took:.0f}/s, "
                f"{tenth}, slowest {worst:.2f} s, {reused} host ports "
                f"used again within 60 s); TIME_WAIT gone after "
                f"{waited:.0f} s; " + ", ".join(
                    f"{k} {b[k]}->{a[k]}" for k in b)
                + f"; MemFree {before['mem']}->{after['mem']} kB "
                f"({after['mem'] - before['mem']:+d})")
        if tw:
            raise StepFailed(f"{tw} TIME_WAIT left after {TW_WAIT:.0f} s; "
                             + info)
        if a != b or after["mem"] < before["mem"] - MEM_SLACK_KB:
            raise StepFailed(f"leak: {info}; tcp states {before['tcp']} -> "
                             f"{after['tcp']}")
        return info

    steps = {
        "curl_index": curl_index,
        "curl_1mib": curl_1mib,
        "curl_cgi": curl_cgi,
        "wget_64mib": wget_64mib,
        "nc_to_guest": nc_to_guest,
        "nc_from_guest": nc_from_guest,
        "lo_httpd_wget": lo_httpd_wget,
        "lo_nc": lo_nc,
        "lo_telnet": lo_telnet,
        "lo_dns": lo_dns,
        "ping_lo": lambda: ping("127.0.0.1"),
        "ping_gateway": lambda: ping("10.0.2.2"),
        "ifconfig_show": ifconfig_show,
        "route_show": route_show,
        "netstat_tln": netstat_tln,
        "ifconfig_set": ifconfig_set,
        "wrk_c64": wrk_c64,
        "seq_10000": seq_10000,
    }
    for name in NET_TESTS:
        t0 = time.monotonic()
        try:
            # A case may return the figures it measured, to be printed.
            results[name] = ("PASS", steps[name]() or "")
        except StepFailed as e:
            results[name] = ("FAIL", str(e))
        report(name, results[name], time.monotonic() - t0)
        if results[name][0] != "PASS":
            if g.con.closed:
                return
            if not g.recover():
                return


def start_http(big):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), BigHandler)
    srv.daemon_threads = True
    srv.big = big
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def strip_netdev(cmd):
    """cmd without its -netdev/-device/-global network options (the
    suite adds its own card with more forwards)."""
    out = []
    i = 0
    while i < len(cmd):
        if cmd[i] in ("-netdev", "-device", "-global") and i + 1 < len(cmd) \
                and (cmd[i] != "-device" or "netdev=" in cmd[i + 1]) \
                and (cmd[i] != "-global" or "virtio-mmio" in cmd[i + 1]):
            i += 2
            continue
        out.append(cmd[i])
        i += 1
    return out


def run(a, h):
    """The net suite; h is the harness module (Console, boot_pair,
    compare, Counts...)."""
    global NET_TESTS
    counts = h.Counts()
    suite = "net"
    print("== network, end to end: Akuma and Linux", flush=True)
    # AKUMA_NET_CASES=a,b runs only those cases (to work on one).
    only = os.environ.get("AKUMA_NET_CASES")
    if only:
        NET_TESTS = [n for n in NET_TESTS if n in only.split(",")]
    initrd = a.net_initrd
    www = a.net_www
    if not initrd or not os.path.isfile(initrd):
        print(f"{suite}: image {initrd} missing: run ./build.sh rootfs")
        counts.failed += 1
        return counts
    if not www or not os.path.isfile(os.path.join(www, "1mib.bin")):
        print(f"{suite}: {www}/1mib.bin missing: run ./build.sh rootfs")
        counts.failed += 1
        return counts
    py = sys.executable or "python3"
    if any(c in RELAY + py for c in ", "):
        print(f"{suite}: the path {RELAY} or {py} holds a comma or a "
              f"space, which QEMU's -netdev option cannot carry")
        counts.failed += 1
        return counts
    if shutil.which("curl") is None:
        print(f"{suite}: curl not found on the host: run ./build.sh deps "
              f"(the host-side cases fail without it)")

    big = os.urandom(BIG)
    big_sha = hashlib.sha256(big).hexdigest()
    http_srv = start_http(big)
    results = {}

    def drive(boot):
        res = results.setdefault(boot.kernel, {})
        sink = Sink()
        tmp = tempfile.mkdtemp(prefix="akuma-net-")
        sock = os.path.join(tmp, "console.sock")
        base = strip_netdev(boot.cmd)
        start = time.monotonic()
        proc = con = None
        qemu_out = ""
        try:
            # A free port may be taken before QEMU binds it: try again
            # with new ones.
            for attempt in range(4):
                ports = {"http": h.free_port(), "nc": h.free_port(),
                         "moved": h.free_port()}
                fwds = [
                    f"hostfwd=tcp:127.0.0.1:{ports['nc']}-:{GUEST_PORT_NC}",
                    f"hostfwd=tcp:127.0.0.1:{ports['moved']}-10.0.2.16:80",
                    f"guestfwd=tcp:{HOST_ADDR}:80-cmd:{py} {RELAY} "
                    f"{http_srv.server_address[1]}",
                    f"guestfwd=tcp:{HOST_ADDR}:{HOST_PORT_NC}-cmd:{py} "
                    f"{RELAY} {sink.port}",
                ]
                boot.cmd = base + h.net_args(ports["http"], fwds) + [
                    "-chardev", f"socket,id=con0,path={sock},server=on,"
                    f"wait=off,logfile={boot.log}", "-serial",
                    "chardev:con0"]
                proc = subprocess.Popen(boot.cmd, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL)
                try:
                    con = h.Console(sock, proc, time.monotonic() + 10)
                    break
                except OSError:
                    h.stop(proc)
                    qemu_out = proc.stdout.read().decode("utf-8",
                                                         "replace")
                    if "forwarding rule" not in qemu_out or attempt == 3:
                        raise
            tok = os.urandom(4).hex()

            def report(name, verdict, took):
                v, detail = verdict
                print(f"{suite}: {boot.kernel}: RESULT {name} {v}"
                      + (f" {detail}" if detail else "")
                      + f" ({took:.1f} s)", flush=True)

            if not con.wait(PROMPT, 0, BOOT_WAIT):
                why = ("the machine stopped before a prompt" if con.closed
                       else f"no prompt within {BOOT_WAIT:.0f} s of boot")
                for name in NET_TESTS:
                    res[name] = ("FAIL", why)
            else:
                time.sleep(0.3)  # let the shell's cursor query time out
                net_steps(Guest(con, tok), ports, sink, big_sha, www, res,
                          report)
                h.power_off(con)
            boot.outcome = h.console_outcome(con)
        except OSError as e:
            boot.outcome = f"no console: {e.strerror or e}"
        finally:
            h.end_console(boot, proc, con, start, qemu_out)
            sink.close()
            shutil.rmtree(tmp, ignore_errors=True)
        for name in NET_TESTS:
            if name not in res:
                res[name] = ("FAIL", "not reached")

    boots, problems = h.boot_pair(a, suite, initrd, console=drive)
    http_srv.shutdown()
    for kernel in ("akuma", "linux"):
        if kernel in problems:
            print(f"{suite}: {kernel}: not booted: {problems[kernel]}")
            results[kernel] = {}
    h.compare(suite, NET_TESTS, results,
              h.known_for(h.read_known(a.known), suite), counts)
    return counts
