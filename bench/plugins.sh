#!/bin/bash
# Times every built plugin against monitoring-plugins' check_dummy and /bin/true.
#   bench/plugins.sh [BUILD_DIR] [RUNS]
# Each command runs RUNS times, alternating with the peers so that machine noise
# hits all alike; prints median wall time, the ratio to check_dummy, and peak RSS.
# The caps case reads a generated tree of 50 guests (goal: within 1.5x check_dummy,
# peak RSS under 4 MiB); the configuration checks read examples/demo-host;
# check_vs_listen reads this machine's sockets.
set -euo pipefail
build=${1:-build}
runs=${2:-200}
dummy=/usr/lib/nagios/plugins/check_dummy
[ -x "$dummy" ] || { echo "bench: needs $dummy (apt-get install monitoring-plugins-basic)" >&2; exit 1; }
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT

# 50 guests laid out as util-vserver does; every fifth one granted NET_RAW.
mkdir -p "$tree/etc/vservers/.defaults"
ln -s /vservers "$tree/etc/vservers/.defaults/vdirbase"
for i in $(seq 1 50); do
  g="$tree/etc/vservers/g$i"
  mkdir -p "$g/interfaces/0" "$tree/vservers/g$i"
  echo "192.0.2.$i" > "$g/interfaces/0/ip"
  ln -s "/etc/vservers/.defaults/vdirbase/g$i" "$g/vdir"
  if (( i % 5 == 0 )); then echo NET_RAW > "$g/bcapabilities"; else echo CHOWN > "$g/bcapabilities"; fi
  echo raw_icmp > "$g/ccapabilities"
done

demo=$(cd "$(dirname "$0")/.." && pwd)/examples/demo-host
python3 - "$runs" "$dummy" "$build" "$tree" "$demo" <<'PY'
import os, statistics, subprocess, sys, time
runs, dummy, build, tree, demo = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
cases = {
    "/bin/true": ["/bin/true"],
    "check_dummy": [dummy, "0", "ok"],
    "check_vs_caps (50 guests)": [f"{build}/plugins/check_vs_caps", "--root", tree],
}
for name in sorted(os.listdir(f"{build}/plugins")):
    path = f"{build}/plugins/{name}"
    if name.startswith("check_vs_") and os.access(path, os.X_OK) and os.path.isfile(path) and name != "check_vs_caps":
        # The configuration checks read the demo host's real files (3 guests).
        extra = [] if name == "check_vs_listen" else ["--root", demo]
        cases[name + ("" if name == "check_vs_listen" else " (demo host)")] = [path, *extra]

def run_once(argv):
    t0 = time.perf_counter()
    p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dt = time.perf_counter() - t0
    return dt, p.returncode

times = {k: [] for k in cases}
rss = {}
for _ in range(runs):            # alternate: one run of each per round
    for k, argv in cases.items():
        dt, code = run_once(argv)
        if not 0 <= code <= 3:
            sys.exit(f"bench: {k} exited {code}")
        times[k].append(dt)
for k, argv in cases.items():    # peak RSS, one command at a time
    out = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True).stderr.strip().splitlines()
    rss[k] = int(out[-1]) if out and out[-1].isdigit() else -1
base = statistics.median(times["check_dummy"])
print(f"{'command':32} {'median ms':>10} {'x check_dummy':>14} {'peak RSS KiB':>13}")
for k in cases:
    m = statistics.median(times[k])
    print(f"{k:32} {m*1000:10.3f} {m/base:14.2f} {rss[k]:13d}")
PY
