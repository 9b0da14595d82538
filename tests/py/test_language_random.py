"""Differential test of the language against CPython: random programs (ints, floats, lists,
dicts, strings, f-strings, if/elif/else, for/while with break/continue, try/except/finally,
functions with defaults and globals, closures, lambdas with *args/**kwargs, starred
unpacking, comprehensions, raise/assert, print's sep/end) run in the kernel and in CPython,
and their printed output and exception names must be identical. Values stay within 64-bit
ints for these seeds (the kernel's ints overflow with OverflowError where CPython's grow)."""
import contextlib
import io
import random

import pytest

from conftest import execute, stdout_of



R = random.Random(0)
INTS = ["a", "b", "c"]

def iexpr(d=0):
    r = R.random()
    if d > 2 or r < 0.3:
        return R.choice(INTS + [str(R.randint(-5, 9))])
    if r < 0.6:
        op = R.choice(["+", "-", "*", "//", "%", "**", "&", "|", "^", "<<", ">>"])
        if op == "**":
            return "(%s ** %d)" % (iexpr(d + 1), R.randint(0, 3))
        if op in ("<<", ">>"):
            return "(%s %s %d)" % (iexpr(d + 1), op, R.randint(0, 4))
        return "(%s %s %s)" % (iexpr(d + 1), op, iexpr(d + 1))
    if r < 0.7:
        return "(-%s)" % iexpr(d + 1)
    if r < 0.8:
        return "(%s if %s else %s)" % (iexpr(d + 1), bexpr(d + 1), iexpr(d + 1))
    if r < 0.9:
        return "len(l)" if R.random() < 0.5 else "l[%s %% len(l)]" % iexpr(d + 1)
    return "f(%s)" % iexpr(d + 1) if R.random() < 0.5 else "sum([%s for i in range(%d)])" % (
        R.choice(["i", "i * a", "i % 3"]), R.randint(0, 5))

def bexpr(d=0):
    r = R.random()
    if d > 2 or r < 0.5:
        return "%s %s %s" % (iexpr(d + 1), R.choice(["<", "<=", "==", "!=", ">", ">="]), iexpr(d + 1))
    if r < 0.7:
        return "(%s %s %s)" % (bexpr(d + 1), R.choice(["and", "or"]), bexpr(d + 1))
    if r < 0.8:
        return "not %s" % bexpr(d + 1)
    if r < 0.9:
        return "%s < %s < %s" % (iexpr(d + 1), iexpr(d + 1), iexpr(d + 1))
    return "%s in l" % iexpr(d + 1)

def fexpr():
    r = R.random()
    if r < 0.3:
        return "(%s / %s)" % (iexpr(1), iexpr(1))
    if r < 0.6:
        return "(%s * 1.5 - %s)" % (iexpr(1), iexpr(1))
    return "y"

def stmt(ind, d=0, in_loop=False, in_fn=False):
    p = "    " * ind
    r = R.random()
    if d > 2:
        r = R.random() * 0.5
    if r < 0.15:
        return p + "%s = %s\n" % (R.choice(INTS), iexpr())
    if r < 0.22:
        return p + "%s %s= %s\n" % (R.choice(INTS), R.choice(["+", "-", "*", "//", "%"]), iexpr())
    if r < 0.3:
        return p + "print(%s)\n" % ", ".join(R.choice([iexpr(), bexpr(), fexpr(), "l", "s", "d"]) for _ in range(R.randint(1, 3)))
    if r < 0.35:
        return p + "print(f'{%s}|{%s:.3f}|{%s!r:>6}|{%s:+05d}')\n" % (iexpr(), fexpr(), "s", iexpr())
    if r < 0.4:
        return p + "y = %s\n" % fexpr()
    if r < 0.45:
        return p + "l.append(%s)\n" % iexpr() if R.random() < 0.6 else p + "l = [%s for x in l if %s]\n" % (
            R.choice(["x + 1", "x * 2", "-x"]), R.choice(["x > 0", "x % 2 == 0", "True"]))
    if r < 0.5:
        return p + "d[%s] = %s\n" % (R.choice(["'k'", "a % 3", "s"]), iexpr())
    if r < 0.55:
        return p + "a, b = %s, %s\n" % (iexpr(), iexpr())
    if r < 0.6 and in_loop:
        return p + R.choice(["break", "continue"]) + "\n"
    if r < 0.62 and in_fn:
        return p + "return %s\n" % iexpr()
    if r < 0.7:
        s = p + "if %s:\n" % bexpr() + block(ind + 1, d, in_loop, in_fn)
        if R.random() < 0.5:
            s += p + "elif %s:\n" % bexpr() + block(ind + 1, d, in_loop, in_fn)
        if R.random() < 0.5:
            s += p + "else:\n" + block(ind + 1, d, in_loop, in_fn)
        return s
    if r < 0.77:
        return p + "for %s in %s:\n" % (R.choice(["i", "c"]), R.choice(["range(%d)" % R.randint(0, 4), "l[:3]", "[1, 2]", "d"])) + block(ind + 1, d, True, in_fn)
    if r < 0.82:
        w = "w%d" % ind
        return p + "%s = 0\n" % w + p + "while %s < %d:\n" % (w, R.randint(0, 4)) + p + "    %s += 1\n" % w + block(ind + 1, d, True, in_fn)
    if r < 0.9:
        s = p + "try:\n" + block(ind + 1, d, in_loop, in_fn)
        s += p + "    print(%s)\n" % R.choice(["1 // (a - a)", "l[100]", "d['nokey']", "undefined_v", "int('x')", "a"])
        s += p + "except %s as e:\n" % R.choice(["ZeroDivisionError", "(IndexError, KeyError)", "Exception", "LookupError", "ArithmeticError"])
        s += p + "    print('caught', type(e).__name__)\n"
        if R.random() < 0.5:
            s += p + "finally:\n" + p + "    print('finally')\n"
        return s
    if r < 0.92:
        return p + R.choice([
            "h = lambda *xs, **kw: (len(xs), sorted(kw))\n" + p + "print(h(%s, %s, z=1, y=2))\n" % (iexpr(), iexpr()),
            "first, *rest = l + [%s]\n" % iexpr() + p + "print(first, rest)\n",
            "def mk(n):\n" + p + "    def add(v):\n" + p + "        return v + n\n" + p + "    return add\n" + p + "print(mk(%s)(%s))\n" % (iexpr(), iexpr()),
            "print({k: v * 2 for k, v in d.items() if v != %s})\n" % iexpr(),
            "print(s.upper(), s * 2, s[::-1], '-'.join([s, s]), s.startswith('a'), f'{s!s:<4}|')\n",
            "u = v = %s\n" % iexpr() + p + "del u\n" + p + "print(v)\n",
            "try:\n" + p + "    raise ValueError('bad ' + str(%s))\n" % iexpr() + p + "except ValueError as e:\n" + p + "    print(e)\n",
            "try:\n" + p + "    assert %s, 'msg'\n" % bexpr() + p + "except AssertionError as e:\n" + p + "    print('assert', e)\n",
            "print([(i, j) for i in range(3) for j in range(i) if (i + j) %% 2 == %d])\n" % R.randint(0, 1),
            "print(sorted(l, key=lambda q: -q), max(l), min(l), sum(l), any(x > 2 for x in l))\n",
            "print(*l, sep=', ', end='!\\n')\n",
            "print(%s, %s)\n" % (repr(R.random() * 100), "round(y, 2)"),
        ])
    if not in_fn:
        return p + "def g(q, r=%d):\n" % R.randint(0, 3) + p + "    global a\n" + block(ind + 1, d, False, True) + p + "    return q + r\n" + p + "print(g(%s), g(%s, r=%s))\n" % (iexpr(), iexpr(), iexpr())
    return p + "pass\n"

def block(ind, d, in_loop, in_fn):
    return "".join(stmt(ind, d + 1, in_loop, in_fn) for _ in range(R.randint(1, 3)))

def program():
    head = "a, b, c = %d, %d, %d\ny = 2.5\nl = [3, 1, 4]\ns = 'ab'\nd = {'k': 1}\ndef f(v, k=2):\n    return v * k - a\n" % (
        R.randint(-3, 5), R.randint(-3, 5), R.randint(-3, 5))
    return head + "".join(stmt(0) for _ in range(R.randint(3, 8))) + "print(a, b, c, l, d, y)\n"

def cpython(code):
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "<cell>", "exec"), {})
    except Exception as e:  # noqa: BLE001 -- the exception name is what is compared
        return out.getvalue() + "ERR %s\n" % type(e).__name__
    return out.getvalue()


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    from jupyter_client.manager import start_new_kernel
    km, client = start_new_kernel(kernel_name="tensorkernel", startup_timeout=30)
    yield client
    client.stop_channels()
    km.shutdown_kernel(now=True)


@pytest.mark.parametrize("seed", range(4))
def test_random_programs_match_cpython(kc, seed):
    R.seed(seed)
    for _ in range(40):
        code = program()
        reply, msgs = execute(kc, code)
        got = stdout_of(msgs)
        if reply["status"] == "error":
            got += "ERR %s\n" % reply["ename"]
        assert got == cpython(code), code
