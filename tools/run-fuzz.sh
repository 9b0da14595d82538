#!/usr/bin/env bash
# libFuzzer targets in tests/fuzz/ (needs clang). "short" runs each a few seconds (make test),
# "long" (make fuzz) runs each for FUZZ_RUNS executions (default 10,000,000) or FUZZ_SECONDS
# (default 0: no limit), whichever ends first; the last lines of each run give its execution count.
# "long" also runs the generated set/bytes/complex programs against CPython (TK_SETS_PROGRAMS)
# and test-oom with every injection point tried.
set -uo pipefail
cd "$(dirname "$0")/.."
mode=${1:-short}
secs=${FUZZ_SECONDS:-0}  # 0: no time limit
if [ "$mode" = short ]; then secs=5; unset FUZZ_RUNS; else export FUZZ_RUNS=${FUZZ_RUNS:-10000000}; fi
status=0
if [ "$mode" = long ]; then
  # differential programs against CPython: many more than make test runs
  echo "== random class programs against CPython (TK_CLASS_PROGRAMS=${TK_CLASS_PROGRAMS:-500} files)"
  TK_CLASS_PROGRAMS=${TK_CLASS_PROGRAMS:-500} TK_BUILD_DIR=${TK_BUILD_DIR:-$PWD/build} \
    .venv/bin/python -m pytest -q tests/py/test_lang_classes_random.py || status=1
  # out-of-memory injection at every allocation of every cell (make test's run strides
  # the slowest cell: tests/c/lang/test-oom.c)
  echo "== test-oom, every injection point (TK_OOM_STRIDE=1)"
  TK_OOM_STRIDE=1 "${TK_BUILD_DIR:-$PWD/build}/tests/c/lang/test-oom" || status=1
fi
if ! command -v clang >/dev/null; then echo "fuzz: clang not found, skipped"; exit $status; fi
for f in tests/fuzz/fuzz_*.c; do
  [ -f "$f" ] || continue
  [ -f "${f%.c}.sh" ] || continue
  echo "== $f ($secs s)"
  bash "${f%.c}.sh" "$secs" || status=1
done
if [ "$mode" = long ]; then
  # the generated set/bytes/complex programs against CPython, many more than make test runs
  echo "== tests/py/test_lang_sets.py (TK_SETS_PROGRAMS=${TK_SETS_PROGRAMS:-2000})"
  TK_SETS_PROGRAMS=${TK_SETS_PROGRAMS:-2000} TK_BUILD_DIR=${TK_BUILD_DIR:-$PWD/build} \
    .venv/bin/python -m pytest -q tests/py/test_lang_sets.py -k generated || status=1
fi
exit $status
