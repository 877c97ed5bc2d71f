#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Relay of the net suite's guestfwd forwards (tests/net/README.md).

QEMU runs it once per guest connection to a guestfwd address
(`guestfwd=tcp:10.0.2.100:PORT-cmd:relay.py HOSTPORT`), with that
connection as its standard input, output and error.  It connects to
127.0.0.1:HOSTPORT (a server of the test harness) and copies bytes both
ways, passing each side's end of data on as a half-close, until both
directions are done.  It reaches nothing but the host's loopback.
"""

import os
import selectors
import socket
import sys


def main():
    if len(sys.argv) != 2:
        return 2
    # Standard error is the guest's connection too: keep messages out.
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    os.close(null)
    try:
        up = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 10)
    except OSError:
        return 1
    up.settimeout(None)
    guest = socket.socket(fileno=os.dup(0))
    os.close(0)
    os.close(1)
    sel = selectors.DefaultSelector()
    sel.register(guest, selectors.EVENT_READ, up)
    sel.register(up, selectors.EVENT_READ, guest)
    open_ways = 2
    while open_ways:
        for key, _ in sel.select():
            src, dst = key.fileobj, key.data
            try:
                data = src.recv(1 << 16)
            except OSError:
                data = b""
            if data:
                try:
                    dst.sendall(data)
                    continue
                except OSError:
                    pass
            # End of data (or an error) on this side: half-close the other.
            sel.unregister(src)
            open_ways -= 1
            try:
                dst.shutdown(socket.SHUT_WR)
            except OSError:
                pass
    up.close()
    guest.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
