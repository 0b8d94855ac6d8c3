#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Times check_vs_listen against ss in a network namespace with 1,000 listeners and
# 20,000, then 100,000 established TCP connections over loopback.
#   bench/listen.sh [--runs N] [[LABEL=]DIR]...          (default: build, 21 runs)
# DIR as for bench/plugins.sh (a build directory, a directory of plugins, a .deb):
#   bench/listen.sh static=build deb=../check-vs_0.1.0-1_amd64.deb
# Pairs: `check_vs_listen --no-processes` vs `ss -Hltun`, and `check_vs_listen` vs
# `ss -Hltunp`, for each DIR; runs alternate so that machine noise hits all alike.
# Prints median wall times and CPU times, their ratios (goal: <= 1.0) and peak RSS.
# The kernel-side LISTEN-only filter should keep the bare run nearly flat as
# connections grow 5x.
# Needs root (ip netns), python3 and ss (iproute2). Cleans up after itself; the
# socket helpers also exit by themselves after --hold seconds.
set -euo pipefail
runs=21
. "$(dirname "$0")/args.sh"
here=$(cd "$(dirname "$0")/.." && pwd)
holder=$here/tests/support/socket_holder.py
[ "$(id -u)" -eq 0 ] || { echo "bench: needs root for ip netns" >&2; exit 1; }

ns=vs-bench-listen-$$
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || true; done
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=bench/builds.sh
. "$here/bench/builds.sh"
resolve_builds "$work" "${dirs[@]}"
ip netns add "$ns"
ip -n "$ns" link set lo up

# Starts a socket helper in its own process group; waits (bounded) until it is ready.
hold() {
  local ready=$work/ready.$#.$RANDOM
  setsid ip netns exec "$ns" python3 "$holder" --ready "$ready" --hold 900 "$@" &
  pids+=($!)
  for _ in $(seq 1 1200); do [ -e "$ready" ] && { cat "$ready"; return; }; sleep 0.5; done
  echo "bench: socket helper not ready after 600 s" >&2
  exit 1
}

measure() {
  ip netns exec "$ns" python3 - "$runs" "$1" "${builds[@]}" <<'PY'
import os, shutil, statistics, subprocess, sys, time
runs, label = int(sys.argv[1]), sys.argv[2]
builds = list(zip(sys.argv[3::2], sys.argv[4::2]))  # (label, plugin directory)
cases = {"ss -Hltun": ["ss", "-Hltun"], "ss -Hltunp": ["ss", "-Hltunp"]}
pairs = []
for name, plugins in builds:
    plugin = f"{plugins}/check_vs_listen"
    bare, full = f"check_vs_listen --no-processes ({name})", f"check_vs_listen ({name})"
    cases[bare] = [plugin, "--no-processes", "--role", "host"]
    cases[full] = [plugin, "--role", "host"]
    pairs += [(bare, "ss -Hltun"), (full, "ss -Hltunp")]
wall = {name: [] for name in cases}
cpu = {name: [] for name in cases}
devnull = os.open(os.devnull, os.O_WRONLY)
for _ in range(runs):
    for name, argv in cases.items():
        start = time.perf_counter()
        pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
        _, status, usage = os.wait4(pid, 0)
        wall[name].append(time.perf_counter() - start)
        cpu[name].append(usage.ru_utime + usage.ru_stime)
        if os.waitstatus_to_exitcode(status) not in (0, 1, 2):
            sys.exit(f"{name} failed with status {status}")


def peak_rss(argv):
    # wait4's ru_maxrss of a posix_spawn (vfork) child includes this Python's own
    # memory; GNU time forks from a small process, so its %M is the command's own.
    if not shutil.which("/usr/bin/time"):
        return "n/a (apt-get install time)"
    r = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return f"{int(r.stderr.strip().splitlines()[-1]) / 1024:5.1f} MiB"


ms = lambda values: statistics.median(values) * 1000


def spread(values):
    """The 10th to 90th percentile, in ms: how much the machine's noise moved it."""
    s = sorted(values)
    at = lambda p: s[min(len(s) - 1, int(p / 100 * len(s)))] * 1000
    return f"[{at(10):.2f}-{at(90):.2f}]"


print(f"-- {label}: median of {runs} alternating runs (wall [10th-90th percentile], user+sys CPU), peak RSS")
for name, argv in cases.items():
    print(f"  {name:42s} {ms(wall[name]):8.2f} ms wall {spread(wall[name]):>17} "
          f"{ms(cpu[name]):8.2f} ms cpu   {peak_rss(argv)}")
for ours, peer in pairs:
    print(f"  ratio {ours} / {peer}: wall {ms(wall[ours]) / ms(wall[peer]):.2f}, cpu "
          f"{ms(cpu[ours]) / max(ms(cpu[peer]), 0.001):.2f}")
PY
}

echo "== 1,000 listeners on 127.0.0.1:20000-20999 in $ns"
hold tcp/127.0.0.1:20000-20999
measure "1,000 listeners, no connections"
echo "== + 20,000 established connections"
hold --connect 20000
measure "1,000 listeners, 20,000 connections"
echo "== + 80,000 more: 100,000 established connections"
hold --connect 80000
measure "1,000 listeners, 100,000 connections"
