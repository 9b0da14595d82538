"""Out of memory in the object layer (issue 14 item 6): huge widths, paddings, repetitions,
joins and replacements fail with MemoryError (or CPython's OverflowError where its check
comes first) and the kernel lives on; unpacking a too-long iterable fails at once with
CPython's ValueError instead of materialising it. CPython 3.11 is the oracle for the error
types and messages.

The kernel runs with its address space limited to 6 GiB, so that a request the machine
could in principle satisfy ('x'.center(10**10): 10 GB) fails the same way on every test
machine instead of filling its memory."""
import json
import sys
import time

import pytest

from conftest import KERNEL_BIN, _write_kernelspec, execute

AS_LIMIT = 6 << 30

LIMITED = (
    "import os, resource, sys\n"
    "resource.setrlimit(resource.RLIMIT_AS, (%d, %d))\n"
    "os.execv(sys.argv[1], sys.argv[1:])\n" % (AS_LIMIT, AS_LIMIT)
)


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    spec_dir = _write_kernelspec(jupyter_data_dir, name="tensorkernel-aslimit")
    spec = json.loads((spec_dir / "kernel.json").read_text())
    spec["argv"] = [sys.executable, "-c", LIMITED, str(KERNEL_BIN)] + spec["argv"][1:]
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    from jupyter_client.manager import start_new_kernel
    km, client = start_new_kernel(kernel_name="tensorkernel-aslimit", startup_timeout=30)
    yield client
    client.stop_channels()
    km.shutdown_kernel(now=True)


def error_of(kc, code):
    reply, msgs = execute(kc, code, timeout=60)
    errors = [c for t, c in msgs if t == "error"]
    return (errors[0]["ename"], errors[0]["evalue"]) if errors else None


def assert_alive(kc):
    reply, msgs = execute(kc, "print(6 * 7)")
    assert reply["status"] == "ok"
    assert "".join(c["text"] for t, c in msgs if t == "stream") == "42\n"


# (cell, ename, evalue) as CPython 3.11 reports them when the memory is not there.
OOM_CASES = [
    ("'x'.ljust(2**62)", "MemoryError", ""),
    ("'x'.rjust(2**62)", "MemoryError", ""),
    ("'x'.center(10**10)", "MemoryError", ""),
    ("'1'.zfill(10**10)", "MemoryError", ""),
    ("f'{1:{2**62}}'", "MemoryError", ""),
    ("f'{\"a\":x>{10**10}}'", "MemoryError", ""),
    ("format(1, '10000000000')", "MemoryError", ""),
    ("'{:>10000000000}'.format('a')", "MemoryError", ""),
    ("'{:10000000000}'.format(1.5)", "MemoryError", ""),
    ("'%*d' % (2**62, 1)", "MemoryError", ""),
    ("'%*d' % (10**10, 1)", "MemoryError", ""),
    ("'%-*s' % (10**10, 'a')", "MemoryError", ""),
    ("'ab' * 2**40", "MemoryError", ""),
    ("'x' * 9223372036854775807", "MemoryError", ""),
    ("['ab'] * 2**62", "MemoryError", ""),
    ("('x' * 100000).replace('x', 'y' * 100000)", "MemoryError", ""),
    ("'x'.join(['y' * 10**5] * 10**5)", "MemoryError", ""),
]


@pytest.mark.parametrize("code,ename,evalue", OOM_CASES, ids=[c[0] for c in OOM_CASES])
def test_huge_string_requests_are_memory_errors(kc, code, ename, evalue):
    t0 = time.monotonic()
    assert error_of(kc, code) == (ename, evalue)
    assert time.monotonic() - t0 < 20
    assert_alive(kc)


UNPACK_CASES = [
    ("a, b = range(10**9)", ("ValueError", "too many values to unpack (expected 2)")),
    ("a, b = range(10**12)", ("ValueError", "too many values to unpack (expected 2)")),
    ("a, b = iter(range(10**15))", ("ValueError", "too many values to unpack (expected 2)")),
    ("a, b, c = [1, 2]", ("ValueError", "not enough values to unpack (expected 3, got 2)")),
    ("a, b = 1", ("TypeError", "cannot unpack non-iterable int object")),
    ("*a, b = []", ("ValueError", "not enough values to unpack (expected at least 1, got 0)")),
]


@pytest.mark.parametrize("code,err", UNPACK_CASES, ids=[c[0] for c in UNPACK_CASES])
def test_unpacking_too_long_iterables_fails_fast(kc, code, err):
    t0 = time.monotonic()
    assert error_of(kc, code) == err
    assert time.monotonic() - t0 < 5  # drawn one item past the targets, never materialised
    assert_alive(kc)


def test_unpacking_values(kc):
    reply, msgs = execute(kc, "a, *b, c = range(6)\nx, y = 'xy'\n(p, q), r = [1, 2], 3\n"
                              "h, *t = range(10**6)\nprint(a, b, c, x, y, p, q, r, h, len(t), t[-1])")
    assert reply["status"] == "ok"
    assert "".join(c["text"] for t, c in msgs if t == "stream") == \
        "0 [1, 2, 3, 4] 5 x y 1 2 3 0 999999 999999\n"
