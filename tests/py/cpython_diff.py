"""Differential checks against CPython: run a program with tk-python (the kernel's
interpreter without a front end, build/kernel/tk-python) and with this Python (CPython 3.11,
the oracle for pure Python), and compare standard output and the final exception line.

    from cpython_diff import run_both, assert_same
    assert_same("print(2 ** 100)")
    k, c = run_both(src)   # each (stdout, last 'Ename: evalue' line or '')

Programs are whole files (one cell in the kernel). Only the last line of a traceback is
compared: the kernel prints IPython-style tracebacks, CPython script-style ones."""
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()
TK_PYTHON = BUILD / "kernel" / "tk-python"


def _last_error(stderr: str) -> str:
    lines = [l for l in stderr.splitlines() if l.strip()]
    return lines[-1] if lines else ""


def run_file(argv, path, timeout=60):
    p = subprocess.run(argv + [str(path)], capture_output=True, text=True, timeout=timeout,
                       errors="replace")
    return p.stdout, (_last_error(p.stderr) if p.returncode else "")


def run_both(src: str, timeout=60):
    """(kernel stdout, kernel error), (CPython stdout, CPython error) for one program."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(src)
        path = f.name
    try:
        k = run_file([str(TK_PYTHON)], path, timeout)
        c = run_file([sys.executable, "-I"], path, timeout)
    finally:
        os.unlink(path)
    return k, c


def assert_same(src: str, timeout=60):
    """Assert the kernel prints what CPython prints and ends with the same exception."""
    k, c = run_both(src, timeout)
    assert k == c, "program:\n%s\nkernel: %r\ncpython: %r" % (src, k, c)
