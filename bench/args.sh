# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the bench scripts: reads [--runs N | N] [BUILD-DIR|NAME=DIR|NAME=FILE.deb...]
# into $runs (the caller's default unless given) and the array $dirs (default: build).
dirs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    [0-9]*) runs=$1; shift ;;  # the old form: bench/<script> BUILD_DIR RUNS
    *) dirs+=("$1"); shift ;;
  esac
done
[ ${#dirs[@]} -gt 0 ] || dirs=(build)
