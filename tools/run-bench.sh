#!/usr/bin/env bash
# Every benchmark, each printing ratios against a baseline measured in the same run.
set -uo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
export PATH="$PWD/$VENV/bin:$PATH"
export TK_BUILD_DIR=${TK_BUILD_DIR:-$PWD/build}
status=0
for b in bench/bench_*.py; do
  [ -f "$b" ] || continue
  echo "== $b"
  "$VENV/bin/python" "$b" || status=1
done
exit $status
