#!/usr/bin/env bash
# libFuzzer targets in tests/fuzz/ (needs clang). "short" runs each a few seconds (make test),
# "long" (make fuzz) runs each for FUZZ_SECONDS (default 300).
set -uo pipefail
cd "$(dirname "$0")/.."
mode=${1:-short}
secs=${FUZZ_SECONDS:-300}; [ "$mode" = short ] && secs=5
if ! command -v clang >/dev/null; then echo "fuzz: clang not found, skipped"; exit 0; fi
status=0
for f in tests/fuzz/fuzz_*.c; do
  [ -f "$f" ] || continue
  [ -f "${f%.c}.sh" ] || continue
  echo "== $f ($secs s)"
  bash "${f%.c}.sh" "$secs" || status=1
done
exit $status
