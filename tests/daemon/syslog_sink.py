#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A syslog socket for one test daemon: syslog_sink.py SOCKET FILE

Binds SOCKET (launch.sh makes it the daemon's /dev/log) and appends each message to
FILE as "program[pid]: text", so a refusal that a daemon only logs (Postfix, slapd,
nrpe) reaches the test's report. Runs until killed."""
import os
import re
import socket
import sys

# RFC 3164 as glibc's syslog() writes it: "<PRI>Mmm dd hh:mm:ss program[pid]: text".
HEADER = re.compile(rb"^<\d+>(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d )?")


def main() -> None:
    path, out = sys.argv[1], sys.argv[2]
    sink = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sink.bind(path)
    os.chmod(path, 0o666)  # daemons log after dropping root
    with open(out, "ab", buffering=0) as log:
        while True:
            message = HEADER.sub(b"", sink.recv(65536)).rstrip(b"\n\0")
            log.write(message + b"\n")


if __name__ == "__main__":
    main()
