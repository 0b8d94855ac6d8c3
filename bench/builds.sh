# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the benchmarks: which builds to time.
#   resolve_builds WORKDIR [LABEL=]DIR...
# sets builds=(LABEL PLUGIN_DIR LABEL PLUGIN_DIR ...). DIR is a build directory (its
# plugins/), a directory of plugins (/usr/lib/nagios/plugins), or a Debian package
# (.deb), unpacked under WORKDIR with dpkg-deb -x, never installed. LABEL defaults to
# DIR.
resolve_builds() {
  local work=$1 d label path plugins n=0
  shift
  builds=()
  for d in "$@"; do
    label=${d%%=*}
    [ "$label" = "$d" ] && label=$d
    path=${d#*=}
    if [ -f "$path" ] && [[ "$path" == *.deb ]]; then
      n=$((n + 1))
      dpkg-deb -x "$path" "$work/deb$n"
      plugins=$(dirname "$(find "$work/deb$n" -name check_vs_caps -type f | head -1)")
    elif [ -d "$path/plugins" ]; then
      plugins=$path/plugins
    else
      plugins=$path
    fi
    [ -x "$plugins/check_vs_caps" ] || { echo "bench: no plugins in $path" >&2; exit 1; }
    builds+=("$label" "$(cd "$plugins" && pwd)")
  done
}
