#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Holds sockets for check_vs_listen's integration tests and bench/listen.sh.

    socket_holder.py [--ready FILE] [--hold SEC] [--connect N] SPEC...

SPEC is PROTO/ADDR:PORT[/OPTION]...: tcp/0.0.0.0:22, tcp/[::]:80/dual,
tcp/[::]:443/v6only, udp/192.0.2.40:4000/connect=192.0.2.40:53,
tcp/0.0.0.0:8080/dev=lo, or a port range tcp/127.0.0.1:20000-20999.
--connect N makes N established TCP connections over 127.0.0.0/8 (2N sockets, in
child processes that fit RLIMIT_NOFILE; the private listeners they connect
through are closed once done, so only the SPEC listeners remain). FILE is written once everything is
in place; the process then sleeps for SEC seconds (bounded) and exits.
"""
import argparse
import os
import resource
import socket
import sys
import time

IP_BIND_ADDRESS_NO_PORT = 24


def split_host_port(text):
    host, _, port = text.rpartition(':')
    return host.strip('[]'), port


def open_specs(spec):
    parts = spec.split('/')
    proto, (host, ports), options = parts[0], split_host_port(parts[1]), parts[2:]
    first, _, last = ports.partition('-')
    family = socket.AF_INET6 if ':' in host else socket.AF_INET
    kind = socket.SOCK_STREAM if proto == 'tcp' else socket.SOCK_DGRAM
    out = []
    for port in range(int(first), int(last or first) + 1):
        s = socket.socket(family, kind)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        for option in options:
            name, _, value = option.partition('=')
            if name in ('v6only', 'dual'):
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1 if name == 'v6only' else 0)
            elif name == 'dev':
                s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, value.encode())
        s.bind((host, port))
        for option in options:
            name, _, value = option.partition('=')
            if name == 'connect':
                peer_host, peer_port = split_host_port(value)
                s.connect((peer_host, int(peer_port)))
        if kind == socket.SOCK_STREAM and not any(o.startswith('connect') for o in options):
            s.listen(4096)
        out.append((s, host, port, kind))
    return out


def source_address(n):
    """A distinct 127.x.y.z for connection n, so that source ports never run out."""
    return '127.%d.%d.%d' % (1 + n // 62500 % 200, n // 250 % 250 + 1, n % 250 + 1)


def connect_batch(first, count):
    """Makes `count` established connections through a private listener on 127.0.0.1,
    then closes that listener: only the connected pairs stay (2 * count sockets)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(('127.0.0.1', 0))
    listener.listen(4096)
    target = listener.getsockname()
    held = []
    for n in range(first, first + count):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.setsockopt(socket.IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1)
        c.bind((source_address(n), 0))
        c.connect(target)
        held.append(c)
        held.append(listener.accept()[0])
    listener.close()
    return held


def connect_many(count, hold):
    """Spreads the connections over child processes, each within RLIMIT_NOFILE (whose
    hard limit an unprivileged container cannot raise). Returns the children's pids."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    per_child = max(1, (soft - 64) // 2)
    children = []
    for first in range(0, count, per_child):
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(ready_r)
            held = connect_batch(first, min(per_child, count - first))
            os.write(ready_w, b'.')
            time.sleep(hold)
            os._exit(0 if held else 1)
        os.close(ready_w)
        if os.read(ready_r, 1) != b'.':
            sys.exit('a connection child failed')
        os.close(ready_r)
        children.append(pid)
    return children


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--ready', help='file written when every socket is in place')
    parser.add_argument('--hold', type=float, default=300, help='seconds to keep the sockets (default 300)')
    parser.add_argument('--connect', type=int, default=0, help='established TCP connections to make')
    parser.add_argument('spec', nargs='*')
    args = parser.parse_args()
    hold = min(args.hold, 3600)
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    listeners = []
    for spec in args.spec:
        listeners += open_specs(spec)
    children = connect_many(args.connect, hold) if args.connect else []
    if args.ready:
        with open(args.ready, 'w') as f:
            f.write('%d listeners, %d established connections in %d processes\n'
                    % (len(listeners), args.connect, len(children)))
    time.sleep(hold)


if __name__ == '__main__':
    main()
