#!/usr/bin/env bash
# Every test suite, in order: C unit tests (meson test), a short run of each libFuzzer
# target, then pytest (protocol, language, tensors, conformance cases, device, bridge). The last line is pytest's summary.
set -uo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
BUILD=${TK_BUILD_DIR:-build}
export PATH="$PWD/$VENV/bin:$PATH"
status=0
echo "== C unit tests"
meson test -C "$BUILD" --print-errorlogs --num-processes 2 || status=1
echo "== fuzz targets (short run)"
fuzz_log=$(mktemp)
bash tools/run-fuzz.sh short >"$fuzz_log" 2>&1 || { status=1; tail -40 "$fuzz_log"; }
grep -E "^==|^Done|skipped" "$fuzz_log" || true
rm -f "$fuzz_log"
echo "== pytest"
"$VENV/bin/python" -m pytest -q -p no:cacheprovider tests/py || status=1
exit $status
