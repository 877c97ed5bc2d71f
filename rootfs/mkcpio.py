#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write an initramfs image (cpio "newc" format) from a small description.

Usage: mkcpio.py OUTPUT [SPEC]     (SPEC defaults to standard input)

Each line of SPEC is one of (paths inside the image are absolute):

    dir   PATH MODE                    a folder (MODE in octal)
    file  PATH SOURCE MODE             a copy of the host file SOURCE
    text  PATH MODE STRING...          a file holding STRING; \\0 and \\n
                                       stand for a NUL byte and a newline
    nod   PATH MODE c|b MAJOR MINOR    a character or block device node
    slink PATH TARGET                  a symbolic link
    tree  PATH SOURCEDIR               everything under the host folder
                                       SOURCEDIR, with the same relative
                                       paths under PATH

Blank lines and lines starting with '#' are ignored.  Missing parent folders
are added (mode 755).  A later line for the same path replaces an earlier
one.  Every entry belongs to root, with time stamp 0, so the same input
always gives the same bytes; OUTPUT is rewritten only when they change.
"""

import os
import stat
import sys


class SpecError(Exception):
    pass


def parse_mode(text, lineno):
    try:
        return int(text, 8) & 0o7777
    except ValueError:
        raise SpecError(f"line {lineno}: bad mode {text!r}")


def unescape(text):
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            n = text[i + 1]
            out += {"0": b"\0", "n": b"\n", "t": b"\t", "\\": b"\\",
                    "s": b" "}.get(n, ("\\" + n).encode())
            i += 2
        else:
            out += c.encode()
            i += 1
    return bytes(out)


class Image:
    def __init__(self):
        self.entries = {}  # path -> (mode, data, rdev)

    def add(self, path, mode, data=b"", rdev=(0, 0)):
        path = "/" + path.strip("/")
        if path == "/":
            return
        parent = os.path.dirname(path)
        if parent != "/" and parent not in self.entries:
            self.add(parent, stat.S_IFDIR | 0o755)
        if parent != "/":
            pmode = self.entries[parent][0]
            if not stat.S_ISDIR(pmode):
                raise SpecError(f"{path}: parent {parent} is not a folder")
        # Replacing keeps the original position (parents stay first).
        self.entries[path] = (mode, data, rdev)

    def add_tree(self, dest, src):
        if not os.path.isdir(src):
            raise SpecError(f"tree: {src} is not a folder")
        self.add(dest, stat.S_IFDIR | 0o755)
        for root, dirs, files in os.walk(src):
            dirs.sort()
            rel = os.path.relpath(root, src)
            base = dest if rel == "." else os.path.join(dest, rel)
            for name in dirs + sorted(files):
                host = os.path.join(root, name)
                guest = os.path.join(base, name)
                st = os.lstat(host)
                perm = stat.S_IMODE(st.st_mode)
                if stat.S_ISLNK(st.st_mode):
                    self.add(guest, stat.S_IFLNK | 0o777,
                             os.readlink(host).encode())
                elif stat.S_ISDIR(st.st_mode):
                    self.add(guest, stat.S_IFDIR | perm)
                elif stat.S_ISREG(st.st_mode):
                    with open(host, "rb") as f:
                        self.add(guest, stat.S_IFREG | perm, f.read())
            # os.walk does not descend into symlinked folders: fine.

    def bytes(self):
        out = bytearray()

        def header(ino, mode, nlink, size, rdev, name):
            namesize = len(name) + 1
            fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0,
                      rdev[0], rdev[1], namesize, 0]
            out.extend(b"070701" + b"".join(b"%08X" % f for f in fields))
            out.extend(name + b"\0")
            while len(out) % 4:
                out.append(0)

        ino = 1
        for path, (mode, data, rdev) in self.entries.items():
            nlink = 2 if stat.S_ISDIR(mode) else 1
            header(ino, mode, nlink, len(data), rdev,
                   path.lstrip("/").encode())
            out.extend(data)
            while len(out) % 4:
                out.append(0)
            ino += 1
        header(0, 0, 1, 0, (0, 0), b"TRAILER!!!")
        while len(out) % 512:
            out.append(0)
        return bytes(out)


def build(spec_lines):
    img = Image()
    for lineno, raw in enumerate(spec_lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        f = line.split()
        kind, args = f[0], f[1:]
        want = {"dir": 2, "file": 3, "nod": 5, "slink": 2, "tree": 2}
        if kind in want and len(args) != want[kind]:
            raise SpecError(f"line {lineno}: '{kind}' takes {want[kind]} "
                            f"fields: {line}")
        if kind == "dir":
            img.add(args[0], stat.S_IFDIR | parse_mode(args[1], lineno))
        elif kind == "file":
            try:
                with open(args[1], "rb") as fh:
                    data = fh.read()
            except OSError as e:
                raise SpecError(f"line {lineno}: {args[1]}: {e.strerror}")
            img.add(args[0], stat.S_IFREG | parse_mode(args[2], lineno), data)
        elif kind == "text":
            if len(args) < 2:
                raise SpecError(f"line {lineno}: 'text' takes PATH MODE "
                                f"STRING")
            text = line.split(None, 3)[3] if len(args) > 2 else ""
            img.add(args[0], stat.S_IFREG | parse_mode(args[1], lineno),
                    unescape(text))
        elif kind == "nod":
            t = {"c": stat.S_IFCHR, "b": stat.S_IFBLK}.get(args[2])
            if t is None:
                raise SpecError(f"line {lineno}: device type must be c or b")
            img.add(args[0], t | parse_mode(args[1], lineno), b"",
                    (int(args[3]), int(args[4])))
        elif kind == "slink":
            img.add(args[0], stat.S_IFLNK | 0o777, args[1].encode())
        elif kind == "tree":
            img.add_tree(args[0], args[1])
        else:
            raise SpecError(f"line {lineno}: unknown kind {kind!r}")
    return img


def main():
    if len(sys.argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    out = sys.argv[1]
    try:
        if len(sys.argv) == 3:
            with open(sys.argv[2]) as f:
                lines = f.readlines()
        else:
            lines = sys.stdin.readlines()
        img = build(lines)
    except (SpecError, OSError) as e:
        print(f"mkcpio: {out}: {e}", file=sys.stderr)
        return 1
    data = img.bytes()
    try:
        with open(out, "rb") as f:
            if f.read() == data:
                print(f"rootfs: {out} is up to date")
                return 0
    except OSError:
        pass
    tmp = f"{out}.tmp{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, out)
    print(f"rootfs: wrote {out} ({len(img.entries)} entries, "
          f"{len(data) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
