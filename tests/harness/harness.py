#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Host side of Akuma's test and run commands (called by build.sh).

  harness.py interactive  boot a kernel with the console on this terminal
  harness.py exec         boot, run one program, print its output, exit
                          with its status
  harness.py test         run the test suites on Akuma and on Linux and
                          compare the results

Every boot's console output is kept in the log folder.
"""

import argparse
import datetime
import glob
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import threading
import time

QEMU = "qemu-system-aarch64"
LINUX_APPEND = "console=ttyAMA0 quiet panic=-1 rdinit=/init"
KEEP_LOGS = 20  # per kind of boot

# Exit status of `exec` when the program's own status is unknown (the
# kernel crashed, hung or powered off before the program finished).
EXEC_NO_STATUS = 125

RESULT_RE = re.compile(
    r"RESULT\s+(\S+)\s+(PASS|FAIL|SKIP|CONF)\b[ \t]*(.*)")
CLOSING_RE = re.compile(
    r"(?:^|\s)(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$")


def die(msg, status=1):
    print(f"error: {msg}", file=sys.stderr)
    sys.exit(status)


# ---------------------------------------------------------------- QEMU


def net_args(port=None, forwards=()):
    """A virtio-net card on QEMU's user network (docs/virtio.md); every
    boot has one.

    restrict=on: the guest reaches nothing but its forwards.  port: the
    host port (on 127.0.0.1) forwarded to the guest's port 80; forwards:
    more hostfwd=/guestfwd= options (hostfwd ones on 127.0.0.1 only).
    Modern virtio-mmio (version 2) is what Akuma drives."""
    opts = ["user", "id=n0", "restrict=on"]
    if port is not None:
        opts.append(f"hostfwd=tcp:127.0.0.1:{port}-:80")
    opts += list(forwards)
    return ["-netdev", ",".join(opts),
            "-device", "virtio-net-device,netdev=n0",
            "-global", "virtio-mmio.force-legacy=false"]


def free_port():
    """A TCP port on 127.0.0.1 that is free now (the kernel's choice).
    Another program may take it before QEMU binds it: callers retry."""
    import socket
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
    finally:
        s.close()


def check_http_port(port):
    """QEMU's own message for a busy forward is obscure: say it first."""
    import socket
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", port))
    except OSError as e:
        die(f"host port 127.0.0.1:{port} for the guest's port 80 is not "
            f"free ({e.strerror}): pick another with --port N or "
            f"AKUMA_HTTP_PORT=N (0 picks a free one)")
    finally:
        s.close()


def qemu_command(kernel, img, initrd, append=None, terminal=False,
                 logfile=None, http_port=None, forwards=()):
    """The QEMU command line for both kernels.

    terminal: the console is on a terminal (Ctrl-A X quits, Ctrl-C goes
    to the guest); logfile: QEMU itself also writes the console there.
    Otherwise QEMU's own stdio serial of -nographic is used.
    http_port: forward that host port to the guest's port 80;
    forwards: more forwards (see net_args).
    """
    cmd = [QEMU, "-M", "virt", "-cpu", "cortex-a72", "-m", "256M",
           "-smp", "1", "-nographic", "-monitor", "none", "-no-reboot",
           "-kernel", img, "-initrd", initrd,
           "-semihosting-config", "enable=on,target=native"]
    if kernel == "linux":
        full = LINUX_APPEND + (" " + append if append else "")
        cmd += ["-append", full]
    elif append:
        cmd += ["-append", append]
    if terminal:
        dev = "stdio,id=con0,mux=on,signal=off"
        if logfile:
            dev += f",logfile={logfile}"
        cmd += ["-chardev", dev, "-serial", "chardev:con0"]
    cmd += net_args(http_port, forwards)
    return cmd


def check_boot_inputs(kernel, img, initrd):
    if shutil.which(QEMU) is None:
        die(f"{QEMU} not found: run ./build.sh deps (it installs "
            f"qemu-system-arm)")
    if not os.path.isfile(img):
        if kernel == "linux":
            die(f"Linux kernel image {img} missing: run ./build.sh deps")
        die(f"Akuma kernel image {img} missing: run ./build.sh kernel "
            f"(see its output for why it was not built)")
    if not os.path.isfile(initrd):
        die(f"initramfs {initrd} missing: run ./build.sh rootfs")


def new_log(logdir, what, kernel):
    """A fresh log file name; <what>-<kernel>.log links to the newest."""
    os.makedirs(logdir, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"{what}-{kernel}-{stamp}-{os.getpid()}.log"
    path = os.path.join(logdir, name)
    link = os.path.join(logdir, f"{what}-{kernel}.log")
    try:
        tmp = f"{link}.tmp{os.getpid()}"
        os.symlink(name, tmp)
        os.replace(tmp, link)
    except OSError:
        pass
    old = sorted(glob.glob(os.path.join(logdir, f"{what}-{kernel}-*.log")))
    for stale in old[:-KEEP_LOGS]:
        try:
            os.unlink(stale)
        except OSError:
            pass
    return path


def stop(proc):
    """End QEMU (our own child, by its PID): politely, then for sure."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)  # lets QEMU restore the terminal
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Boot:
    """One batch boot: QEMU runs with its console on a pipe, logged."""

    def __init__(self, kernel, cmd, log, timeout, stdin=None):
        self.kernel = kernel
        self.cmd = cmd
        self.log = log
        self.timeout = timeout
        self.stdin = stdin
        self.rc = None
        self.elapsed = 0.0
        self.outcome = "not started"
        self.finished_at = None  # seconds until the closing line
        self.text = ""

    def run(self, on_data=None, closing_re=None, grace=10.0):
        """Boot and wait.  on_data(bytes) sees the console as it comes.
        Once closing_re matches a line, QEMU gets `grace` seconds to power
        off before it is stopped."""
        start = time.monotonic()
        deadline = start + self.timeout if self.timeout else None
        with open(self.log, "wb") as logf:
            logf.write(("# " + " ".join(self.cmd) + "\n").encode())
            logf.flush()
            try:
                proc = subprocess.Popen(
                    self.cmd, stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    stdin=self.stdin if self.stdin is not None
                    else subprocess.DEVNULL)
            except OSError as e:
                self.outcome = f"QEMU did not start: {e.strerror}"
                return self
            sel = selectors.DefaultSelector()
            sel.register(proc.stdout, selectors.EVENT_READ)
            chunks = []
            pending = ""
            timed_out = False
            try:
                while True:
                    wait = None
                    if deadline is not None:
                        wait = deadline - time.monotonic()
                        if wait <= 0:
                            timed_out = True
                            break
                    if not sel.select(wait):
                        continue
                    data = os.read(proc.stdout.fileno(), 65536)
                    if not data:
                        break
                    logf.write(data)
                    logf.flush()
                    chunks.append(data)
                    if on_data:
                        on_data(data)
                    if closing_re and self.finished_at is None:
                        pending += data.decode("utf-8", "replace")
                        lines = pending.replace("\r", "").split("\n")
                        pending = lines.pop()
                        if any(closing_re.search(ln) for ln in lines):
                            self.finished_at = time.monotonic() - start
                            end = time.monotonic() + grace
                            deadline = min(deadline or end, end)
            finally:
                sel.close()
                if proc.poll() is None:
                    stop(proc)
                proc.wait()
            self.elapsed = time.monotonic() - start
            self.rc = proc.returncode
            self.text = b"".join(chunks).decode("utf-8", "replace")
            if timed_out and self.finished_at is not None:
                self.outcome = (f"stopped: did not power off within "
                                f"{grace:.0f} s after the last result")
            elif timed_out:
                self.outcome = f"TIMEOUT after {self.timeout:.0f} s"
            elif self.text.rstrip().endswith("QEMU: Terminated"):
                self.outcome = "quit by Ctrl-A X"
            elif self.rc == 0:
                self.outcome = "powered off"
            elif re.search(r"kernel panic", self.text, re.I):
                self.outcome = f"kernel panic (QEMU exit status {self.rc})"
            else:
                self.outcome = f"QEMU exit status {self.rc}"
            logf.write((f"\n# {self.outcome}, {self.elapsed:.1f} s\n")
                       .encode())
        return self


# ---------------------------------------------------------- interactive


def cmd_interactive(a):
    check_boot_inputs(a.kernel, a.img, a.initrd)
    log = new_log(a.logdir, "run", a.kernel)
    if sys.stdin.isatty():
        cmd = qemu_command(a.kernel, a.img, a.initrd, a.append,
                           terminal=True, logfile=log,
                           http_port=a.http_port)
        print(f"run: booting {a.kernel}; console log {log}")
        print("run: press Ctrl-A then X to quit QEMU")
        sys.stdout.flush()
        os.execvp(cmd[0], cmd)
    # No terminal: show the console, with a time limit.
    cmd = qemu_command(a.kernel, a.img, a.initrd, a.append,
                       http_port=a.http_port)
    print(f"run: booting {a.kernel} (no terminal: time limit "
          f"{a.timeout:.0f} s); console log {log}", flush=True)
    out = sys.stdout.buffer
    boot = Boot(a.kernel, cmd, log, a.timeout)
    boot.run(on_data=lambda d: (out.write(d), out.flush()))
    print(f"\nrun: {a.kernel}: {boot.outcome} ({boot.elapsed:.1f} s)")
    if boot.outcome.startswith("TIMEOUT"):
        return 124
    return boot.rc or 0


# ----------------------------------------------------------------- exec


class ExecFilter:
    """Turns the console stream into the program's own output.

    Drops everything up to the start marker line, turns the console's
    CR LF back into LF, and stops at "\\n@@akuma-exit N\\n"."""

    START = "@@akuma-start\n"
    EXIT = "\n@@akuma-exit "

    def __init__(self, out):
        self.out = out
        self.started = False
        self.status = None
        self.buf = ""
        self.cr = False
        self.at_line_start = True

    def feed(self, data):
        if self.status is not None:
            return
        text = data.decode("utf-8", "surrogateescape")
        if self.cr:
            text = "\r" + text
            self.cr = False
        if text.endswith("\r"):
            text = text[:-1]
            self.cr = True
        self.buf += text.replace("\r\n", "\n")
        if not self.started:
            i = self.buf.find(self.START)
            if i < 0:
                return
            self.started = True
            self.buf = self.buf[i + len(self.START):]
        while True:
            i = self.buf.find(self.EXIT)
            if i < 0:
                break
            rest = self.buf[i + len(self.EXIT):]
            nl = rest.find("\n")
            if nl < 0:  # the marker line is not complete yet
                self.emit(self.buf[:i])
                self.buf = self.buf[i:]
                return
            if re.fullmatch(r"\d+", rest[:nl]):
                self.emit(self.buf[:i])
                self.status = int(rest[:nl])
                self.buf = ""
                return
            # Looks like a marker but is not one: plain output.
            k = i + len(self.EXIT) + nl
            self.emit(self.buf[:k])
            self.buf = self.buf[k:]
        # Hold back a tail that may be the start of the exit marker.
        j = self.buf.rfind("\n")
        if j >= 0 and self.EXIT.startswith(self.buf[j:]):
            self.emit(self.buf[:j])
            self.buf = self.buf[j:]
        else:
            self.emit(self.buf)
            self.buf = ""

    def emit(self, text):
        if text:
            self.at_line_start = text.endswith("\n")
            self.out.write(text.encode("utf-8", "surrogateescape"))
            self.out.flush()


def cmd_exec(a):
    check_boot_inputs(a.kernel, a.img, a.initrd)
    log = new_log(a.logdir, "exec", a.kernel)
    tty = sys.stdin.isatty()
    timeout = a.timeout if a.timeout is not None else (0 if tty else 600)
    # With a terminal the program gets our keyboard (Ctrl-A X quits QEMU);
    # without one its standard input is an idle console.
    cmd = qemu_command(a.kernel, a.img, a.initrd, a.append, terminal=tty,
                       http_port=a.http_port)
    filt = ExecFilter(sys.stdout.buffer)
    boot = Boot(a.kernel, cmd, log, timeout,
                stdin=sys.stdin if tty else None)
    try:
        boot.run(on_data=filt.feed)
    except KeyboardInterrupt:
        print(f"\nrun: interrupted; console log {log}", file=sys.stderr)
        return 130
    if filt.status is not None:
        return filt.status
    if not filt.started:
        why = "the program never started"
    else:
        why = "the program did not finish"
        if not filt.at_line_start:
            sys.stderr.write("\n")
    print(f"run: {why}: {a.kernel}: {boot.outcome} "
          f"({boot.elapsed:.1f} s); console log {log}", file=sys.stderr)
    tail = [ln for ln in boot.text.replace("\r", "").split("\n")
            if ln.strip()][-8:]
    if not filt.started and tail:
        for ln in tail:
            print(f"run:   | {ln}", file=sys.stderr)
    return EXEC_NO_STATUS


# ----------------------------------------------------------------- test


def read_names(path):
    names = []
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                names.append(line.split()[0])
    return names


def read_known(path):
    known = {}
    if not path or not os.path.exists(path):
        return known
    with open(path) as f:
        for n, line in enumerate(f, 1):
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            parts = s.split(None, 1)
            reason = parts[1].strip() if len(parts) > 1 else ""
            if not reason:
                reason = "(no reason given)"
            known[parts[0]] = (reason, n)
    return known


def parse_results(text):
    results = {}
    finished = None
    for line in text.replace("\r", "").split("\n"):
        m = RESULT_RE.search(line)
        if m:
            name, verdict, detail = m.groups()
            results.setdefault(name, (verdict, detail.strip()))
            continue
        m = CLOSING_RE.search(line)
        if m:
            finished = line.strip()
    return results, finished


class Counts:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def add(self, other):
        self.passed += other.passed
        self.failed += other.failed
        self.skipped += other.skipped

    def line(self):
        s = f"{self.passed} passed, {self.failed} failed"
        if self.skipped:
            s += f", {self.skipped} skipped"
        return s


def known_for(known, suite):
    """The known differences of one suite: "suite:name" lines, or plain
    names for the guest suite."""
    out = {}
    for key, val in known.items():
        prefix, sep, name = key.rpartition(":")
        if (suite == "guest" and not sep) or prefix == suite:
            out[name] = val
    return out


def boot_pair(a, suite, initrd, closing_re=CLOSING_RE, console=None,
              timeout=None):
    """Boot the image on Akuma and on Linux (in parallel when there are
    two cores).  Returns ({kernel: Boot}, {kernel: problem}).  console,
    when given, drives each boot instead of Boot.run (see run_console)."""
    kernels = [("akuma", a.akuma_img), ("linux", a.linux_img)]
    boots = {}
    problems = {}
    for kernel, img in kernels:
        if kernel == "akuma" and a.akuma_error:
            problems[kernel] = a.akuma_error
        elif shutil.which(QEMU) is None:
            problems[kernel] = (f"{QEMU} not found: run ./build.sh deps")
        elif not img or not os.path.isfile(img):
            problems[kernel] = f"kernel image {img} missing"
        else:
            what = "test" if suite == "guest" else suite
            log = new_log(a.logdir, what, kernel)
            cmd = qemu_command(kernel, img, initrd, a.append)
            boots[kernel] = Boot(kernel, cmd, log, timeout or a.timeout)

    parallel = (os.cpu_count() or 1) >= 2 and not a.serial
    how = ("in parallel" if parallel else "one after the other") \
        if len(boots) > 1 else ""
    if boots:
        each = " each" if len(boots) > 1 else ""
        print(f"{suite}: booting {' and '.join(boots)} {how}".rstrip()
              + f" (time limit {timeout or a.timeout:.0f} s{each})",
              flush=True)

    def one(boot):
        if console:
            console(boot)
            res = ""
        else:
            boot.run(closing_re=closing_re)
            res = (f"{boot.finished_at:.1f} s to the last result; "
                   if boot.finished_at is not None else "no closing line; ")
        print(f"{suite}: {boot.kernel}: {boot.outcome}; {res}"
              f"{boot.elapsed:.1f} s in all; log {boot.log}", flush=True)
        for line in boot.text.splitlines():
            if line.startswith(QEMU + ":"):
                print(f"{suite}: {boot.kernel}: {line.strip()}", flush=True)
                break

    if parallel:
        threads = [threading.Thread(target=one, args=(b,))
                   for b in boots.values()]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        for b in boots.values():
            one(b)
    return boots, problems


def compare(suite, names, results, known, counts):
    """Print the side-by-side table of one suite and count its verdicts.
    results: {kernel: {name: (verdict, detail)}}."""
    def get(kernel, name):
        return results[kernel].get(name, ("NONE", "no result"))

    width = max([len(n) for n in names] + [4])
    print()
    print(f"{'TEST':<{width}}  AKUMA  LINUX  VERDICT")
    for name in names:
        (ak, akd), (li, lid) = get("akuma", name), get("linux", name)
        verdict = ""
        if name in known:
            reason = known[name][0]
            if ak != li:
                counts.skipped += 1
                verdict = f"known difference: {reason}"
            else:
                counts.failed += 1
                verdict = ("FAIL: listed in known-differences.txt but no "
                           "longer differs: remove it from the list")
        elif ak == li == "PASS":
            counts.passed += 1
            verdict = "ok"
        elif ak == li and ak in ("SKIP", "CONF"):
            counts.skipped += 1
            verdict = f"skipped ({akd or lid})" if (akd or lid) else "skipped"
        else:
            counts.failed += 1
            if ak == li:
                verdict = "FAIL on both kernels"
            elif li == "PASS":
                verdict = "FAIL: differs from Linux"
            else:
                verdict = f"FAIL: differs from Linux ({li} there)"
            details = []
            if ak != "PASS" and akd:
                details.append(f"akuma: {akd}")
            if li != "PASS" and lid:
                details.append(f"linux: {lid}")
            if details:
                verdict += " [" + "; ".join(details) + "]"
        print(f"{name:<{width}}  {ak:<5}  {li:<5}  {verdict}")

    listed = set(names)
    prefix = "" if suite == "guest" else suite + ":"
    for name, (reason, n) in sorted(known.items()):
        if name not in listed:
            counts.failed += 1
            print(f"{prefix + name:<{width}}  -      -      FAIL: "
                  f"known-differences.txt line {n} names a test that does "
                  f"not exist: remove it")
    for kernel in ("akuma", "linux"):
        extra = sorted(set(results[kernel]) - listed)
        if extra:
            print(f"{suite}: note: {kernel} reported tests not in the "
                  f"list: {' '.join(extra)}")
    print()
    print(f"{suite}: {counts.line()}", flush=True)


def run_boot_suite(a, suite, title, initrd, list_path, error,
                   timeout=None):
    """A suite whose image prints RESULT lines and a closing line: the
    guest tests and the BusyBox smoke suites."""
    counts = Counts()
    print(f"== {title}: Akuma and Linux", flush=True)
    if error:
        print(f"{suite}: {error}")
        counts.failed += 1
        return counts
    names = read_names(list_path)
    known = known_for(read_known(a.known), suite)
    if not names:
        print(f"{suite}: {list_path} names no test")
        counts.failed += 1
        return counts
    if not initrd or not os.path.isfile(initrd):
        print(f"{suite}: image {initrd} missing: run ./build.sh rootfs")
        counts.failed += 1
        return counts

    boots, problems = boot_pair(a, suite, initrd, timeout=timeout)
    results = {}
    for kernel in ("akuma", "linux"):
        if kernel in problems:
            print(f"{suite}: {kernel}: not booted: {problems[kernel]}")
            results[kernel] = {}
            continue
        results[kernel], finished = parse_results(boots[kernel].text)
        if finished is None:
            print(f"{suite}: {kernel}: the runner never printed its "
                  f"closing line (crash, hang or panic?): see "
                  f"{boots[kernel].log}")
            tail = [ln.rstrip() for ln in
                    boots[kernel].text.replace("\r", "").split("\n")
                    if ln.strip()][-6:]
            for ln in tail:
                print(f"{suite}: {kernel}:   | {ln}")
    compare(suite, names, results, known, counts)
    return counts


def run_guest(a):
    return run_boot_suite(a, "guest", "guest tests", a.initrd, a.list,
                          a.guest_error)


def run_ltp(a):
    """tests/ltp-subset: its runner prints RESULT lines too, with CONF for
    a test that found a feature missing (skipped when both kernels say
    so)."""
    return run_boot_suite(a, "ltp", "LTP-style suite (tests/ltp-subset)",
                          a.ltp_initrd, a.ltp_list, a.ltp_error)


SMOKE_LIMIT = 120.0  # seconds for one boot of a smoke suite


def run_smoke(a, suite):
    glibc = suite == "smoke-glibc"
    title = ("BusyBox smoke suite, Debian's glibc busybox-static" if glibc
             else "BusyBox smoke suite, BusyBox built with musl")
    initrd = a.smoke_glibc_initrd if glibc else a.smoke_initrd
    # Linux needs about 20 s; a kernel that hangs should not cost 300.
    return run_boot_suite(a, suite, title, initrd, a.smoke_list,
                          a.smoke_error, timeout=min(a.timeout, SMOKE_LIMIT))


# ------------------------------------------------------------- console

# The interactive-console test: type into the serial console of the
# system `./build.sh run` boots, as a person would.
CONSOLE_TESTS = ["prompt", "echo", "command", "ctrl_c", "ctrl_z",
                 "poweroff"]
PROMPT = re.compile(rb":~# ")  # PS1 is '\h:\w\$ ' (rootfs/etc/profile)
BOOT_WAIT = 60.0   # seconds until the first prompt
STEP_WAIT = 10.0   # seconds for one step's output


class Console:
    """A client of QEMU's console socket: what the guest writes piles up
    in self.data; wait() looks for a pattern in it."""

    def __init__(self, path, proc, deadline):
        self.data = b""
        self.cond = threading.Condition()
        self.closed = False
        self.sock = None
        import socket
        while self.sock is None:
            try:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.connect(path)
                self.sock = sock
            except OSError:
                sock.close()
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()

    def read(self):
        while True:
            try:
                chunk = self.sock.recv(65536)
            except OSError:
                chunk = b""
            with self.cond:
                if not chunk:
                    self.closed = True
                    self.cond.notify_all()
                    return
                self.data += chunk
                self.cond.notify_all()

    def send(self, data):
        self.sock.sendall(data)

    def mark(self):
        with self.cond:
            return len(self.data)

    def wait(self, pattern, start, timeout):
        """The first match of pattern (a compiled bytes regex) in the
        output from offset start on, or None after timeout seconds."""
        end = time.monotonic() + timeout
        with self.cond:
            while True:
                m = pattern.search(self.data, start)
                if m or self.closed:
                    return m
                left = end - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def console_steps(con, tok, results):
    """Drive the shell; fill results[name] = (verdict, detail)."""
    def ok(name):
        results[name] = ("PASS", "")

    def fail(name, why):
        results[name] = ("FAIL", why)

    def prompt_after(start, timeout=STEP_WAIT):
        return con.wait(PROMPT, start, timeout)

    def marked(cmd, tag):
        """Run cmd between marker lines that exist only once the shell
        has expanded them; its output (CR LF made LF) and status.  $st
        is the status of the command before."""
        start = con.mark()
        con.send((f"st=$?; printf '@@%s\\n' B{tag}{tok}; {cmd}; "
                  f"printf '@@%s\\n' \"E{tag}{tok} rc=$?\"\r").encode())
        pat = re.compile(rb"@@B" + (tag + tok).encode() + rb"\r?\n(.*?)"
                         rb"@@E" + (tag + tok).encode() + rb" rc=(\d+)\r?\n",
                         re.S)
        m = con.wait(pat, start, STEP_WAIT)
        if not m:
            return None, None
        return m.group(1).replace(b"\r\n", b"\n"), int(m.group(2))

    def recover():
        """After a failed step: interrupt, and wait for a prompt."""
        start = con.mark()
        con.send(b"\x03\r")
        return prompt_after(start, 5) is not None

    names = iter(CONSOLE_TESTS)

    # prompt: the system boots to a shell prompt.
    name = next(names)
    if not prompt_after(0, BOOT_WAIT):
        if con.closed:
            fail(name, "the machine stopped before a prompt")
        else:
            fail(name, f"no prompt within {BOOT_WAIT:.0f} s of boot")
        return
    ok(name)

    # echo: what is typed comes back, Enter runs it.
    name = next(names)
    time.sleep(0.3)  # let the shell's cursor query time out
    start = con.mark()
    typed = b"echo A$((6*7))B"
    con.send(typed)
    if not con.wait(re.compile(re.escape(typed)), start, STEP_WAIT):
        fail(name, "typed characters were not echoed")
    else:
        con.send(b"\r")
        if not con.wait(re.compile(rb"\nA42B\r?\n"), start, STEP_WAIT):
            fail(name, "the command's output A42B did not come")
        elif not prompt_after(start):
            fail(name, "no prompt after the command")
        else:
            ok(name)
    if results[name][0] != "PASS" and not recover():
        return

    # command: a command's output, exactly.
    name = next(names)
    out, rc = marked("uname -s; id -un; tty -s && echo tty", "c")
    if out is None:
        fail(name, "no output within the time limit")
    elif out != b"Linux\nroot\ntty\n" or rc != 0:
        fail(name, f"output {out!r}, status {rc}")
    else:
        ok(name)
    if results[name][0] != "PASS" and not recover():
        return

    # ctrl_c: ^C ends a running sleep and the prompt comes back.
    name = next(names)
    start = con.mark()
    con.send(f"printf '@@%s\\n' S{tok}; sleep 100\r".encode())
    m = con.wait(re.compile(b"@@S" + tok.encode() + rb"\r?\n"), start,
                 STEP_WAIT)
    if not m:
        fail(name, "sleep 100 did not start")
    else:
        time.sleep(0.5)
        at = con.mark()
        sent = time.monotonic()
        con.send(b"\x03")
        if not prompt_after(at, 5):
            fail(name, "no prompt within 5 s of ^C")
        else:
            took = time.monotonic() - sent
            out, rc = marked("echo $st", "r")
            if out is None:
                fail(name, "the shell does not answer after ^C")
            elif out != b"130\n":
                fail(name, f"status after ^C {out!r}, not 130")
            elif took > 3:
                fail(name, f"the prompt came {took:.1f} s after ^C")
            else:
                ok(name)
    if results[name][0] != "PASS" and not recover():
        return

    # ctrl_z: ^Z stops a running sleep, jobs lists it, fg brings it back.
    name = next(names)
    start = con.mark()
    con.send(f"printf '@@%s\\n' Z{tok}; sleep 100\r".encode())
    m = con.wait(re.compile(b"@@Z" + tok.encode() + rb"\r?\n"), start,
                 STEP_WAIT)
    if not m:
        fail(name, "sleep 100 did not start")
    else:
        time.sleep(0.5)
        at = con.mark()
        con.send(b"\x1a")
        if not prompt_after(at, 5):
            fail(name, "no prompt within 5 s of ^Z")
        else:
            out, rc = marked("jobs", "j")
            if out is None or not re.search(rb"Stopped +sleep 100", out):
                fail(name, f"jobs does not list a stopped sleep: {out!r}")
            else:
                # fg continues it in the foreground; ^C then ends it.
                at = con.mark()
                con.send(b"fg\r")
                if not con.wait(re.compile(rb"\nsleep 100\r?\n"), at,
                                STEP_WAIT):
                    fail(name, "fg does not name the job")
                else:
                    time.sleep(0.5)
                    at = con.mark()
                    con.send(b"\x03")
                    if not prompt_after(at, 5):
                        fail(name, "no prompt within 5 s of ^C after fg")
                    else:
                        out, rc = marked("echo $st", "f")
                        if out != b"130\n":
                            fail(name, f"status after fg and ^C {out!r}")
                        else:
                            ok(name)
    if results[name][0] != "PASS" and not recover():
        return

    # poweroff: init shuts the machine down.
    name = next(names)
    if power_off(con):
        ok(name)
    else:
        fail(name, "the machine did not power off within 20 s")


def power_off(con, seconds=20):
    """Asks the guest's shell to power off; True if QEMU went within
    seconds."""
    con.send(b"poweroff\r")
    end = time.monotonic() + seconds
    while time.monotonic() < end and not con.closed:
        with con.cond:
            con.cond.wait(0.2)
    return con.closed


def console_outcome(con):
    """How a boot driven over a console ended, for Boot.outcome."""
    if re.search(rb"kernel panic", con.data, re.I):
        return "kernel panic"
    return "powered off" if con.closed else "stopped"


def end_console(boot, proc, con, start, qemu_out=""):
    """Closes the console and stops QEMU (either may be None), then keeps
    the time taken and what both said as the boot's elapsed and text."""
    if con:
        con.close()
    if proc:
        stop(proc)
        qemu_out += proc.stdout.read().decode("utf-8", "replace")
    boot.elapsed = time.monotonic() - start
    boot.text = (con.data.decode("utf-8", "replace") if con else "") \
        + qemu_out


def run_console(a):
    counts = Counts()
    suite = "console"
    print("== interactive console: Akuma and Linux", flush=True)
    if a.console_error:
        print(f"{suite}: {a.console_error}")
        counts.failed += 1
        return counts
    initrd = a.console_initrd
    if not initrd or not os.path.isfile(initrd):
        print(f"{suite}: image {initrd} missing: run ./build.sh rootfs")
        counts.failed += 1
        return counts
    import tempfile
    results = {}

    def drive(boot):
        res = results.setdefault(boot.kernel, {})
        tmp = tempfile.mkdtemp(prefix="akuma-con-")
        sock = os.path.join(tmp, "console.sock")
        cmd = boot.cmd + [
            "-chardev", f"socket,id=con0,path={sock},server=on,wait=off,"
            f"logfile={boot.log}", "-serial", "chardev:con0"]
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        con = None
        try:
            con = Console(sock, proc, start + 10)
            console_steps(con, os.urandom(4).hex(), res)
            boot.outcome = console_outcome(con)
        except OSError as e:
            boot.outcome = f"no console: {e.strerror or e}"
        finally:
            end_console(boot, proc, con, start)
            shutil.rmtree(tmp, ignore_errors=True)
        for name in CONSOLE_TESTS:
            if name not in res:
                res[name] = ("FAIL", "not reached")
        if res[CONSOLE_TESTS[0]][0] != "PASS":
            tail = [ln.rstrip() for ln in
                    boot.text.replace("\r", "").split("\n")
                    if ln.strip()][-6:]
            for ln in tail:
                print(f"{suite}: {boot.kernel}:   | {ln}", flush=True)

    boots, problems = boot_pair(a, suite, initrd, console=drive)
    for kernel in ("akuma", "linux"):
        if kernel in problems:
            print(f"{suite}: {kernel}: not booted: {problems[kernel]}")
            results[kernel] = {}
    compare(suite, CONSOLE_TESTS, results,
            known_for(read_known(a.known), suite), counts)
    return counts


def run_net(a):
    """The network suite, end to end (tests/net/netsuite.py)."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))), "net"))
    import netsuite
    return netsuite.run(a, sys.modules[__name__])


def run_unit(a):
    counts = Counts()
    print("== unit tests (host)", flush=True)
    if not a.unit_cmd:
        print("unit: no unit tests (tests/unit/Makefile not found)")
        return counts
    print(f"unit: {a.unit_cmd}", flush=True)
    proc = subprocess.Popen(a.unit_cmd, shell=True, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    found = None
    for raw in proc.stdout:
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        print(f"  | {line}", flush=True)
        m = CLOSING_RE.search(line)
        if m:
            found = m
    rc = proc.wait()
    if found:
        counts.passed += int(found.group(1))
        counts.failed += int(found.group(2))
        counts.skipped += int(found.group(3) or 0)
    if rc != 0 and counts.failed == 0:
        counts.failed += 1
        print(f"unit: the unit tests exited with status {rc}"
              + ("" if found else " without a result line"))
    elif rc == 0 and not found:
        print("unit: note: the unit tests printed no 'N passed, N failed' "
              "line")
    print(f"unit: {counts.line()}", flush=True)
    return counts


SUITES = ("unit", "guest", "smoke", "smoke-glibc", "console", "ltp", "net")


def cmd_test(a):
    total = Counts()
    suites = a.suites.split(",")
    for key, (reason, n) in read_known(a.known).items():
        prefix, sep, _ = key.rpartition(":")
        if sep and prefix not in SUITES:
            total.failed += 1
            print(f"known-differences.txt line {n}: {key}: no suite "
                  f"{prefix!r} (suites: {', '.join(SUITES)})")
    for suite in suites:
        if suite == "unit":
            total.add(run_unit(a))
        elif suite == "guest":
            total.add(run_guest(a))
        elif suite in ("smoke", "smoke-glibc"):
            total.add(run_smoke(a, suite))
        elif suite == "console":
            total.add(run_console(a))
        elif suite == "ltp":
            total.add(run_ltp(a))
        elif suite == "net":
            total.add(run_net(a))
        else:
            die(f"unknown suite {suite!r} (suites: {', '.join(SUITES)})", 2)
        print()
    print(total.line(), flush=True)
    return 1 if total.failed else 0


# ----------------------------------------------------------------- main


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)

    def boot_args(sp):
        sp.add_argument("--kernel", choices=["akuma", "linux"],
                        default="akuma")
        sp.add_argument("--img", required=True)
        sp.add_argument("--initrd", required=True)
        sp.add_argument("--append", default=None)
        sp.add_argument("--logdir", required=True)
        sp.add_argument("--http-port", type=int, default=None,
                        help="add the network card; host port for guest :80")

    sp = sub.add_parser("interactive")
    boot_args(sp)
    sp.add_argument("--timeout", type=float, default=600)
    sp = sub.add_parser("exec")
    boot_args(sp)
    sp.add_argument("--timeout", type=float, default=None)

    sp = sub.add_parser("test")
    sp.add_argument("--suites", default="unit,guest")
    sp.add_argument("--logdir", required=True)
    sp.add_argument("--akuma-img")
    sp.add_argument("--akuma-error", default="")
    sp.add_argument("--linux-img")
    sp.add_argument("--initrd")
    sp.add_argument("--append", default=None)
    sp.add_argument("--list")
    sp.add_argument("--known")
    sp.add_argument("--guest-error", default="")
    sp.add_argument("--smoke-initrd")
    sp.add_argument("--smoke-glibc-initrd")
    sp.add_argument("--smoke-list")
    sp.add_argument("--smoke-error", default="")
    sp.add_argument("--console-initrd")
    sp.add_argument("--console-error", default="")
    sp.add_argument("--net-initrd")
    sp.add_argument("--net-www")
    sp.add_argument("--ltp-initrd")
    sp.add_argument("--ltp-list")
    sp.add_argument("--ltp-error", default="")
    sp.add_argument("--timeout", type=float, default=300)
    sp.add_argument("--serial", action="store_true",
                    help="boot the kernels one after the other")
    sp.add_argument("--unit-cmd", default="")

    a = p.parse_args()
    if a.cmd in ("interactive", "exec") and a.http_port is not None:
        if not 0 <= a.http_port <= 65535:
            die(f"--port {a.http_port}: not a TCP port (1-65535)")
        if a.http_port == 0:
            a.http_port = free_port()
            print(f"run: host port 127.0.0.1:{a.http_port} is the guest's "
                  f"port 80", file=sys.stderr, flush=True)
        else:
            check_http_port(a.http_port)
    if a.cmd == "interactive":
        return cmd_interactive(a)
    if a.cmd == "exec":
        return cmd_exec(a)
    return cmd_test(a)


if __name__ == "__main__":
    sys.exit(main())
