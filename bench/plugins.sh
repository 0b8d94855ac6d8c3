#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Times every plugin of one or more builds against monitoring-plugins' check_dummy and
# /bin/true, side by side.
#   bench/plugins.sh [--runs N] [[LABEL=]DIR]...          (default: build, 300 runs)
# DIR is a build directory (its plugins/), a directory of plugins
# (/usr/lib/nagios/plugins) or a Debian package (.deb, unpacked to a temporary
# directory, never installed). For example, the static build from source beside the
# Debian package's dynamic one:
#   bench/plugins.sh static=build deb=../check-vs_0.1.0-1_amd64.deb
# Each round runs every command of every DIR once, in turn, so that machine noise
# hits all alike. Printed per command and DIR: the median wall time, its spread (10th
# to 90th percentile), the median CPU time (user+sys, less sensitive to a loaded
# machine), the ratio of the median to check_dummy's, and the peak RSS. Cases:
# check_vs_caps on generated trees of 50 and 2,000 guests (goal at 50: within 1.5x
# check_dummy, peak RSS under 4 MiB); the configuration checks on examples/demo-host;
# check_vs_listen on this machine's sockets.
set -euo pipefail
runs=300
. "$(dirname "$0")/args.sh"
dummy=/usr/lib/nagios/plugins/check_dummy
[ -x "$dummy" ] || { echo "bench: needs $dummy (apt-get install monitoring-plugins-basic)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# GUESTS guests laid out as util-vserver does, in $work/GUESTS; every fifth one
# granted NET_RAW.
make_tree() {
  local tree=$work/$1
  mkdir -p "$tree/etc/vservers/.defaults"
  ln -s /vservers "$tree/etc/vservers/.defaults/vdirbase"
  for i in $(seq 1 "$1"); do
    local g="$tree/etc/vservers/g$i"
    mkdir -p "$g/interfaces/0" "$tree/vservers/g$i"
    echo "192.0.2.$((i % 250 + 1))" > "$g/interfaces/0/ip"
    ln -s "/etc/vservers/.defaults/vdirbase/g$i" "$g/vdir"
    if (( i % 5 == 0 )); then echo NET_RAW > "$g/bcapabilities"; else echo CHOWN > "$g/bcapabilities"; fi
    echo raw_icmp > "$g/ccapabilities"
  done
}
make_tree 50
make_tree 2000

# shellcheck source=bench/builds.sh
. "$(dirname "$0")/builds.sh"
resolve_builds "$work" "${dirs[@]}"

demo=$(cd "$(dirname "$0")/.." && pwd)/examples/demo-host
python3 - "$runs" "$dummy" "$work" "$demo" "${builds[@]}" <<'PY'
import os, statistics, subprocess, sys, time
runs, dummy, work, demo = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
builds = list(zip(sys.argv[5::2], sys.argv[6::2]))  # (label, plugin directory)

def cases_of(plugins):
    cases = {
        "check_vs_caps, 50 guests": [f"{plugins}/check_vs_caps", "--root", f"{work}/50"],
        "check_vs_caps, 2,000 guests": [f"{plugins}/check_vs_caps", "--root", f"{work}/2000"],
    }
    for name in sorted(os.listdir(plugins)):
        path = f"{plugins}/{name}"
        if not name.startswith("check_vs_") or name == "check_vs_caps":
            continue
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            continue
        if name == "check_vs_listen":
            cases[f"{name}, this machine"] = [path]
        else:  # the configuration checks read the demo host's files (3 guests)
            cases[f"{name}, demo host"] = [path, "--root", demo]
    return cases

peers = {"/bin/true": ["/bin/true"], "check_dummy 0 ok": [dummy, "0", "ok"]}
table = {}  # (command, build label or "") -> argv
for name, argv in peers.items():
    table[(name, "")] = argv
for label, plugins in builds:
    for name, argv in cases_of(plugins).items():
        table[(name, label)] = argv

devnull = os.open(os.devnull, os.O_WRONLY)
wall = {k: [] for k in table}
cpu = {k: [] for k in table}
for _ in range(runs):  # one run of each per round
    for key, argv in table.items():
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                           (os.POSIX_SPAWN_DUP2, devnull, 2)])
        _, status, usage = os.wait4(pid, 0)
        wall[key].append(time.perf_counter() - start)
        cpu[key].append(usage.ru_utime + usage.ru_stime)
        code = os.waitstatus_to_exitcode(status)
        if not 0 <= code <= 3:
            sys.exit(f"bench: {' '.join(argv)} exited {code}")

def peak_rss(argv):
    # GNU time forks from a small process: its %M is the command's own.
    r = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    last = r.stderr.strip().splitlines()[-1:] or ["0"]
    return int(last[0]) / 1024 if last[0].isdigit() else float("nan")

def linkage(plugins):
    kind = subprocess.run(["file", "-bL", f"{plugins}/check_vs_caps"], capture_output=True,
                          text=True).stdout
    link = "static" if "statically linked" in kind else "dynamic"
    return link + (", stripped" if ", stripped" in kind else ", not stripped")

def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(p / 100 * len(s)))]

ms = lambda v: v * 1000
base = statistics.median(wall[("check_dummy 0 ok", "")])
print(f"median of {runs} alternating runs; wall [10th-90th percentile], CPU user+sys, "
      f"x check_dummy (median wall {ms(base):.2f} ms), peak RSS")
for label, plugins in builds:
    print(f"  {label}: {plugins} ({linkage(plugins)})")
names = list(dict.fromkeys(name for name, _ in table))
labels = [""] + [label for label, _ in builds]
print(f"{'command':36} {'build':10} {'wall ms':>8} {'[p10-p90]':>15} {'cpu ms':>7} "
      f"{'x dummy':>8} {'RSS MiB':>8}")
for name in names:
    for label in labels:
        key = (name, label)
        if key not in table:
            continue
        m = statistics.median(wall[key])
        spread = f"[{ms(pct(wall[key], 10)):.2f}-{ms(pct(wall[key], 90)):.2f}]"
        print(f"{name:36} {label or '-':10} {ms(m):8.2f} {spread:>15} "
              f"{ms(statistics.median(cpu[key])):7.2f} {m / base:8.2f} {peak_rss(table[key]):8.1f}")
PY
