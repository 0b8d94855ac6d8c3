#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian package (dpkg-buildpackage -us -uc -b) from a copy of the work
# tree, installs it with dpkg -i, runs what it installed, and removes it again.
#   tools/test-deb.sh [--keep] [--nocheck]
#     --keep     leave the package installed
#     --nocheck  build without the test suite (DEB_BUILD_OPTIONS and
#                DEB_BUILD_PROFILES nocheck): no unit tests, no GoogleTest needed
# Needs root (dpkg -i); installs the build dependencies with apt-get when missing.
set -euo pipefail

keep=no
for arg in "$@"; do
  case "$arg" in
    --keep) keep=yes ;;
    --nocheck)
      export DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:+$DEB_BUILD_OPTIONS }nocheck"
      export DEB_BUILD_PROFILES="${DEB_BUILD_PROFILES:+$DEB_BUILD_PROFILES }nocheck"
      ;;
    *) echo "usage: $0 [--keep] [--nocheck]" >&2; exit 2 ;;
  esac
done
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/check-vs-deb.XXXXXX)
installed=no

cleanup() {
  if [ "$installed" = yes ] && [ "$keep" = no ]; then dpkg -r check-vs >/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "test-deb: FAIL: $*" >&2; exit 1; }

deps="file debhelper dpkg-dev meson ninja-build g++ libboost-program-options-dev libboost-dev zlib1g-dev googletest libgtest-dev"
missing=$(for p in $deps; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then
  echo "test-deb: installing $missing"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
fi

# A copy, so the build (obj-*/, debian/check-vs/) never touches the work tree and
# the .deb lands in $work: the files git knows plus new ones it does not ignore.
tree="$work/check-vs"
mkdir "$tree"
(cd "$src" && git ls-files -co --exclude-standard -z | while IFS= read -r -d '' f; do
  # -L too: fixtures hold links that dangle outside their tree (my.cnf -> /etc/alternatives).
  { [ -e "$f" ] || [ -L "$f" ]; } && printf '%s\0' "$f"
done | tar --null -T - -cf -) | tar -C "$tree" -xf -

echo "test-deb: building in $tree"
(cd "$tree" && dpkg-buildpackage -us -uc -b -j"${JOBS:-2}") > "$work/build.log" 2>&1 ||
  { tail -50 "$work/build.log"; fail "dpkg-buildpackage (log above)"; }
deb=$(ls "$work"/check-vs_*.deb)
echo "test-deb: built $(basename "$deb")"
dpkg-deb -c "$deb" | awk '{print $6}' | grep -E 'bin/|plugins/|man[18]/|share/check_vs/' | sed 's/^/  /'

dpkg -i "$deb" || fail "dpkg -i"
installed=yes
[ "$(dpkg-query -W -f '${Status}' check-vs)" = "install ok installed" ] || fail "not installed cleanly"

plugins=(/usr/lib/nagios/plugins/check_vs_*)
[ -x /usr/lib/nagios/plugins/check_vs_caps ] || fail "no /usr/lib/nagios/plugins/check_vs_caps"
# Debian policy: shared libraries, stripped binaries, and the libraries in Depends.
for p in "${plugins[@]}" /usr/sbin/vs-nrpe-config; do
  kind=$(file -bL "$p")
  [[ "$kind" == *"dynamically linked"* ]] || fail "$p is not dynamically linked: $kind"
  [[ "$kind" == *", stripped"* ]] || fail "$p is not stripped: $kind"
done
depends=$(dpkg-query -W -f '${Depends}' check-vs)
for lib in libboost-program-options libstdc++6 libc6 zlib1g; do
  [[ "$depends" == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
echo "test-deb: dynamically linked, stripped; Depends: $depends"
for p in "${plugins[@]}"; do
  name=$(basename "$p")
  set +e; out=$("$p" --version); rc=$?; set -e
  [ "$rc" = 3 ] && [[ "$out" == "$name v"* ]] || fail "$name --version: exit $rc, '$out'"
  echo "test-deb: $out (exit $rc)"
  [ -e "/usr/share/man/man1/$name.1.gz" ] || fail "no man page for $name"
done
set +e; out=$(/usr/lib/nagios/plugins/check_vs_caps); rc=$?; set -e
[ "$rc" -le 3 ] && [[ "$out" == VS_CAPS* ]] || fail "check_vs_caps: exit $rc, '$out'"
echo "test-deb: check_vs_caps: $(head -1 <<<"$out") (exit $rc)"

vs-nrpe-config --help > "$work/help" || fail "vs-nrpe-config --help"
head -1 "$work/help" | sed 's/^/test-deb: /'
[ -e /usr/share/man/man8/vs-nrpe-config.8.gz ] || fail "no man page for vs-nrpe-config"
mkdir -p "$work/site/etc/vservers"
vs-nrpe-config --root "$work/site" --format nrpe > "$work/nrpe.cfg" || fail "vs-nrpe-config --format nrpe"
grep -q '^command\[check_vs_caps\]=/usr/lib/nagios/plugins/check_vs_caps ' "$work/nrpe.cfg" ||
  fail "generated commands do not point at /usr/lib/nagios/plugins"
for f in nrpe.d/check_vs_host.cfg nrpe.d/check_vs_guest.cfg nagios/check_vs_commands.cfg \
         icinga2/check_vs_commands.conf README.md; do
  [ -e "/usr/share/check_vs/$f" ] || fail "no /usr/share/check_vs/$f"
done
# The snippets were generated for the package's plugindir.
grep -qx 'command\[check_vs_caps\]=/usr/lib/nagios/plugins/check_vs_caps' \
  /usr/share/check_vs/nrpe.d/check_vs_host.cfg || fail "nrpe.d/check_vs_host.cfg: not /usr/lib/nagios/plugins"
grep -q 'command = \[ "/usr/lib/nagios/plugins/check_vs_caps" \]' \
  /usr/share/check_vs/icinga2/check_vs_commands.conf || fail "icinga2/check_vs_commands.conf: not /usr/lib/nagios/plugins"
echo "test-deb: OK: ${#plugins[@]} plugins, vs-nrpe-config, man pages and snippets installed and run"
