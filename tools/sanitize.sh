#!/usr/bin/env bash
# ASan + UBSan run (SPEC §11): builds build-asan/ (debug, -Db_sanitize=address,undefined), runs
# the C unit tests there with `meson test`, then the protocol, language and conformance pytest
# files against that build's kernel (TK_BUILD_DIR=build-asan). Any sanitizer report fails the
# run, also one in a kernel that a test does not notice (at exit, say): ASan/LSan reports go to
# files (log_path); UBSan, which ignores log_path when linked with ASan, writes to stderr, so
# pytest runs uncaptured with stderr (the kernels' too) kept in a file that is searched for
# reports, as is meson's test log. Reports are printed at the end.
#
#   tools/sanitize.sh [pytest args...]     e.g. tools/sanitize.sh -x -k shutdown
#
# Environment: VENV (default .venv), ASAN_BUILD_DIR (default build-asan), DETECT_LEAKS (1 or 0,
# default 1: LeakSanitizer at process exit; kernels that jupyter_client kills with SIGKILL exit
# without a leak check), SANITIZE_SKIP_PYTEST=1 (unit tests only), TK_OOM_STRIDE (default 7:
# test-oom tries every 7th allocation failure of each cell here, since under ASan the full
# sweep, which make test runs, outlasts its timeout).
set -uo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
BUILD=${ASAN_BUILD_DIR:-build-asan}
LEAKS=${DETECT_LEAKS:-1}
export PATH="$PWD/$VENV/bin:$PATH"

echo "== configure $BUILD (ASan + UBSan, debug)"
if [ -f "$BUILD/build.ninja" ]; then
  meson setup --reconfigure "$BUILD" -Db_sanitize=address,undefined -Db_lundef=false \
    --buildtype=debug >/dev/null || exit 1
else
  meson setup "$BUILD" -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debug \
    >/dev/null || exit 1
fi
echo "== build"
ninja -C "$BUILD" -j2 >"$BUILD/sanitize-build.log" 2>&1 || { tail -40 "$BUILD/sanitize-build.log"; exit 1; }

logs="$PWD/$BUILD/sanitizer-logs"
rm -rf "$logs"
mkdir -p "$logs"
# Halt on the first report; reports go to $logs/{asan,ubsan}.<pid>. detect_stack_use_after_return
# is on: the evaluator's recursion guard reads the frame address, which ASan's fake stack
# leaves alone.
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=$LEAKS:detect_stack_use_after_return=1:check_initialization_order=1:strict_string_checks=1:log_path=$logs/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:report_error_type=1:log_path=$logs/ubsan"
export LSAN_OPTIONS="report_objects=0"
status=0

echo "== C unit tests under ASan + UBSan"
export TK_OOM_STRIDE=${TK_OOM_STRIDE:-7}
meson test -C "$BUILD" --no-rebuild --print-errorlogs --num-processes 2 --timeout-multiplier 4 || status=1

if [ "${SANITIZE_SKIP_PYTEST:-0}" != 1 ]; then
  echo "== kernel under ASan + UBSan: protocol, language, conformance tests"
  TK_BUILD_DIR="$PWD/$BUILD" "$VENV/bin/python" -m pytest -q -s -p no:cacheprovider \
    tests/py/test_protocol.py tests/py/test_language.py tests/py/test_conformance.py "$@" \
    2>"$logs/stderr.txt" || { status=1; tail -5 "$logs/stderr.txt"; }
  echo "== leak check at exit: each conformance case in a kernel that exits by shutdown_request"
  # jupyter_client's shutdown_kernel(now=True), used by most tests, ends kernels with SIGKILL,
  # so LeakSanitizer never runs there; here every kernel runs a case and then exits normally.
  TK_BUILD_DIR="$PWD/$BUILD" "$VENV/bin/python" - 2>>"$logs/stderr.txt" <<'PY' || status=1
import importlib.util, os, pathlib, shutil, sys, tempfile
sys.path.insert(0, "tests/py")
import conftest
from jupyter_client.manager import KernelManager
spec = importlib.util.spec_from_file_location("conformance_run", "tests/conformance/run.py")
run = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run)
data = pathlib.Path(tempfile.mkdtemp(prefix="tk-sanitize-"))
conftest._write_kernelspec(data)
os.environ["JUPYTER_PATH"] = str(data)
bad = []
cases = sorted(c for c in pathlib.Path("tests/conformance").glob("*.py") if c.name != "run.py")
for case in cases:
    km = KernelManager(kernel_name="tensorkernel", shutdown_wait_time=60)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    proc = km.provisioner.process
    try:
        kc.wait_for_ready(timeout=60)
        for cell in run.cells_of(case.read_text()):
            run.run_cell(kc, cell, 60)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    if proc.wait() != 0:
        bad.append("%s: kernel exit status %s" % (case.name, proc.returncode))
shutil.rmtree(data)
print("%d kernels exited, %d with a nonzero status" % (len(cases), len(bad)))
for b in bad:
    print("  " + b)
sys.exit(1 if bad else 0)
PY
  grep -E "runtime error:|Sanitizer" -A40 "$logs/stderr.txt" >"$logs/ubsan-from-stderr" || true
  echo "(searched $(grep -c '^tensorkernel:' "$logs/stderr.txt") kernel log lines on stderr for UBSan reports)"
  rm -f "$logs/stderr.txt"  # what matters of it was copied just above
fi
grep -E "runtime error:" -A40 "$BUILD/meson-logs/testlog.txt" >"$logs/ubsan-from-meson-test" || true
find "$logs" -type f -empty -delete

reports=$(find "$logs" -type f | sort)
if [ -n "$reports" ]; then
  status=1
  echo "== sanitizer reports ($(echo "$reports" | wc -l) files in $logs)"
  for f in $reports; do
    echo "---- $f"
    head -60 "$f"
  done
else
  echo "== no sanitizer reports"
fi
[ $status = 0 ] && echo "sanitize: ok" || echo "sanitize: FAILED"
exit $status
