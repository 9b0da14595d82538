"""Gaps notebooks hit, against CPython 3.11 (tests/py/cpython_diff.py): bytearray and the
bytes methods it shares, bytes(x) through __bytes__, sys.exc_info() and the traceback
module, `import builtins`, the math and float/int additions, print() to a reassigned
sys.stdout, module-qualified exception names in a script's last line, the special methods
of builtin values (float.__repr__(1.5), int.__add__). numpy's abstract scalar classes are
checked against real numpy by tests/conformance/ (the numpy_scalar_classes case).

Programs print many results each; `show` turns an exception into its CPython line so one
program checks many cases. The float cases use generated values (fixed seeds) so that
hypot/dist/hex/as_integer_ratio agree bit for bit, not just on round numbers."""
import random
import subprocess

import pytest

from cpython_diff import BUILD, assert_same, run_both

GUARD = ("def show(f):\n"
         "    try:\n"
         "        print(repr(f()))\n"
         "    except Exception as e:\n"
         "        print(type(e).__name__ + ': ' + str(e))\n")


def cases(*lines):
    return GUARD + "".join("show(lambda: %s)\n" % l for l in lines)


# ---- bytearray ---------------------------------------------------------------------------

def test_bytearray_construct_index_slice():
    assert_same(cases(
        "bytearray(b'hello')", "bytearray(3)", "bytearray([1, 2, 255])", "bytearray(range(4))",
        "bytearray('h\\u00e9', 'utf-8')", "bytearray('abc', 'ascii', 'strict')", "bytearray()",
        "bytearray(bytearray(b'x'))", "bytes(bytearray(b'xyz'))", "bytearray(b'abc')[0]",
        "bytearray(b'abc')[-1]", "bytearray(b'abcdef')[1:4]", "bytearray(b'abcdef')[::-2]",
        "bytearray(b'a')[5]", "bytearray(b'a')['x']", "bytearray('abc')", "bytearray(-1)",
        "bytearray([256])", "bytearray([1.0])", "bytearray(1.5)", "bytearray(None)",
        "bytearray(b'a', 'utf-8')", "bytearray(x=1)", "list(bytearray(b'ab'))",
        "97 in bytearray(b'abc')", "b'bc' in bytearray(b'abc')", "'a' in bytearray(b'a')",
        "len(bytearray(b'abc'))", "bool(bytearray())", "str(bytearray(b'q'))",
        "repr(bytearray(b\"it's\"))", "bytearray(b'\\x00\\xff\"')", "f'{bytearray(b\"z\")}'",
        "type(bytearray())", "isinstance(bytearray(), bytearray)", "sorted(bytearray(b'cab'))",
    ))


def test_bytearray_mutation():
    assert_same(GUARD + """
b = bytearray(b'abcdef')
b[0] = 65; print(b)
b[1:3] = b'XYZ'; print(b)
b[::2] = b'1234'; print(b)
b[-1] = 0x7a; print(b)
del b[0]; print(b)
del b[::2]; print(b)
del b[1:]; print(b)
b.append(98); b.extend(b'cd'); b.extend([101, 102]); b.extend(bytearray(b'g')); print(b)
b.extend(x for x in (104, 105)); print(b)
print(b.pop(), b.pop(0), b.pop(-2), b)
b.insert(0, 33); b.insert(100, 34); b.insert(-1, 35); b.insert(-100, 36); print(b)
b.remove(35); print(b)
c = b.copy(); c.reverse(); print(b, c, c is b)
c.clear(); print(c, len(c))
x = bytearray(b'ab'); y = x; x += b'cd'; x += bytearray(b'e'); print(x, y, x is y)
x *= 2; print(x, y is x)
bb = bytearray(b'abc'); bb[1:2] = bb; print(bb)
bb = bytearray(b'abc'); bb[0:0] = [120, 121]; print(bb)
bb = bytearray(b'abcdef'); bb[4:1:-1] = b'XYZ'; print(bb)
bb = bytearray(b'abcdef'); del bb[::-2]; print(bb)
bb = bytearray(b'abcdef'); bb[2:4] = b''; print(bb)
bb = bytearray(b'abcdef'); bb[::2] = b''; print(bb)
bb = bytearray(b'abcdef'); bb[::-3] = bytearray(); print(bb)
big = bytearray()
for i in range(1000):
    big.append(i % 256)
print(len(big), big[999], sum(big), big[-3:])
show(lambda: bytearray().pop())
show(lambda: bytearray(b'a').pop(3))
show(lambda: bytearray(b'a').pop('a'))
show(lambda: bytearray(b'a').remove(9))
show(lambda: bytearray(b'a').remove(300))
show(lambda: bytearray(b'a').append(256))
show(lambda: bytearray(b'a').append('a'))
show(lambda: bytearray(b'a').extend(3))
show(lambda: bytearray(b'a').extend('ab'))
show(lambda: bytearray(b'a').extend([256]))
show(lambda: bytearray(b'a').insert('a', 1))
show(lambda: bytearray(b'a').insert(0, 300))
def set0(v): bb = bytearray(b'abc'); bb[0] = v; return bb
def setsl(v): bb = bytearray(b'abc'); bb[0:2] = v; return bb
def setext(v): bb = bytearray(b'abc'); bb[::2] = v; return bb
def delat(i): bb = bytearray(b'abc'); del bb[i]; return bb
def setat(i): bb = bytearray(b'abc'); bb[i] = 1; return bb
for v in (300, -1, b'a', 'a', 1.0, True):
    show(lambda: set0(v))
for v in (5, 'ab', [300], [1, 2, 3], b'', None):
    show(lambda: setsl(v))
for v in (b'xyz', b'xy', [1, 2], 'ab'):
    show(lambda: setext(v))
for i in (7, -4, 'x', 1.0):
    show(lambda: delat(i))
    show(lambda: setat(i))
""")


def test_bytearray_shares_the_bytes_methods():
    progs = []
    for kind in ("bytes", "bytearray"):
        k = kind
        progs.append(cases(
            f"{k}(b'a,b,,c').split(b',')", f"{k}(b' a b  c ').split()",
            f"{k}(b'a b c').split(maxsplit=1)", f"{k}(b'a,b,c').rsplit(b',', 1)",
            f"{k}(b'  a b  c ').rsplit(None, 1)", f"{k}(b'abc').split(b'')",
            f"{k}(b'abc').split('b')", f"{k}(b'  xx  ').strip()", f"{k}(b'xxhixx').strip(b'x')",
            f"{k}(b'  a').lstrip()", f"{k}(b'a  ').rstrip()", f"{k}(b'a').strip('a')",
            f"{k}(b'aXbXc').replace(b'X', b'--')", f"{k}(b'abc').replace(b'', b'-')",
            f"{k}(b'aaa').replace(b'a', b'b', 2)", f"{k}(b'abc').replace('a', b'b')",
            f"{k}(b'hello').find(b'l')", f"{k}(b'hello').find(108, 3)",
            f"{k}(b'hello').rfind(b'l')", f"{k}(b'hello').count(b'l')",
            f"{k}(b'hello').index(b'e')", f"{k}(b'hello').rindex(b'l')",
            f"{k}(b'hello').index(b'z')", f"{k}(b'hello').rindex(b'z')",
            f"{k}(b'hello').startswith(b'he')",
            f"{k}(b'hello').endswith((b'x', bytearray(b'lo')))",
            f"{k}(b'hello').startswith('h')",
            f"{k}(b'-').join([b'a', bytearray(b'b')])", f"{k}(b'-').join(['a'])",
            f"{k}(b'hi').decode()", f"{k}(b'\\xff').decode('latin-1')",
            f"{k}(b'\\xff').decode()", f"{k}(b'\\xff\\x00').hex()", f"{k}(b'abc').hex(':', 2)",
            f"{k}.fromhex('de ad')", f"{k}.fromhex('zz')", f"{k}(b'Hi').upper()",
            f"{k}(b'Hi').lower()", f"{k}(b'a=b').partition(b'=')",
            f"{k}(b'a=b=c').rpartition(b'=')", f"{k}(b'abc').partition(b'x')",
            f"{k}(b'abc').rpartition(b'x')", f"{k}(b'abc').partition(b'')",
            f"{k}(b'123').isdigit()", f"{k}(b'ab').isalpha()", f"{k}(b'').isdigit()",
            f"{k}(b'ab1').isalnum()", f"{k}(b' \\t').isspace()", f"{k}(b'ab1').islower()",
            f"{k}(b'AB1').isupper()", f"{k}(b'12').islower()",
            f"{k}(b'prefix-x').removeprefix(b'prefix-')", f"{k}(b'x.py').removesuffix(b'.py')",
            f"{k}(b'x.py').removesuffix(b'.c')", f"{k}(b'a\\nb\\r\\nc\\rd').splitlines()",
            f"{k}(b'a\\nb\\r\\n').splitlines(True)", f"{k}(b'ab') * 3", f"3 * {k}(b'ab')",
            f"{k}(b'a') + b'b'", f"b'a' + {k}(b'b')", f"{k}(b'a') + bytearray(b'c')",
            f"{k}(b'a') + 'x'", f"{k}(b'a') + 1", f"{k}(b'ab') == b'ab'",
            f"b'ab' == {k}(b'ab')", f"{k}(b'a') < bytearray(b'b')", f"{k}(b'b') >= b'a'",
            f"{k}(b'a') == 'a'", f"{k}(b'a') < 'b'", f"hash({k}(b'a')) == hash(b'a')",
            f"{{{k}(b'a'): 1}}",
            f"{k}(b'a-b').partition(bytearray(b'-'))", f"{k}(b'a-b').rpartition(b'-')",
        ))
    for p in progs:
        assert_same(p)


def test_bytearray_random_mutations():
    """Random sequences of stores, deletions and the mutating methods, printed after each."""
    r = random.Random(11)
    ops = []
    for _ in range(250):
        m = r.randrange(10)
        i, j, st = r.randint(-8, 8), r.randint(-8, 8), r.choice([None, 1, 2, -1, -2, 3])
        sl = "%d:%d" % (i, j) + (":%d" % st if st else "")
        v = repr(bytes(r.randrange(97, 100) for _ in range(r.randint(0, 4))))
        ops.append([f"b[{i}] = {r.randint(0, 255)}", f"b[{sl}] = {v}", f"del b[{sl}]",
                    f"del b[{i}]", f"b.append({r.randrange(97, 100)})", f"b.extend({v})",
                    f"b.insert({i}, {r.randrange(97, 100)})",
                    f"print(b.pop({r.choice(['', str(i)])}))", f"b += {v}",
                    f"b.remove({r.randrange(97, 100)})"][m])
    assert_same("b = bytearray(b'abcabc')\n" + "".join(
        "try:\n    %s\nexcept Exception as e:\n    print(type(e).__name__, e)\nprint(b)\n" % o
        for o in ops))


# ---- bytes(x) ----------------------------------------------------------------------------

def test_bytes_constructor_forms():
    assert_same(GUARD + """
class B:
    def __bytes__(self): return b'from-dunder'
class Bad:
    def __bytes__(self): return 'no'
show(lambda: bytes(B()))
show(lambda: bytes(Bad()))
show(lambda: bytes(3))
show(lambda: bytes(0))
show(lambda: bytes(-1))
show(lambda: bytes(1.5))
show(lambda: bytes([256]))
show(lambda: bytes([-1]))
show(lambda: bytes(['a']))
show(lambda: bytes(None))
show(lambda: bytes(10**20))
show(lambda: bytes('a'))
show(lambda: bytes('a', 'ascii'))
show(lambda: bytes(b'a', 'ascii'))
show(lambda: bytes(range(3)))
show(lambda: bytes(x for x in [104, 105]))
show(lambda: bytes(bytearray(b'ab')))
show(lambda: bytes(True))
""")


# ---- sys.exc_info and traceback ------------------------------------------------------------

def test_exc_info_inside_and_outside_handlers():
    assert_same("""
import sys
def f():
    return sys.exc_info()
print(sys.exc_info())
try:
    raise ValueError("x")
except ValueError:
    t, v, tb = sys.exc_info()
    print(t, repr(v), t is ValueError, v.args)
    print(f()[:2])
    try:
        1/0
    except ZeroDivisionError:
        print(sys.exc_info()[0])
    print(sys.exc_info()[0])
print(sys.exc_info())
class E(Exception): pass
def g():
    try:
        raise E("m")
    except E:
        return sys.exc_info()[:2]
print(g(), sys.exc_info())
try:
    {}['k']
except LookupError:
    print(sys.exc_info()[0].__name__, f()[1])
""")


def test_traceback_module():
    k, c = run_both("""
import traceback, sys
print(traceback.format_exception_only(ValueError, ValueError('bad')))
print(traceback.format_exception_only(ValueError('bad')))
print(traceback.format_exception_only(KeyError('k')))
print(traceback.format_exception_only(RuntimeError()))
print(traceback.format_exception_only(None))
print(traceback.format_exc())
import statistics
try:
    statistics.mean([])
except Exception as e:
    print(traceback.format_exception_only(e))
    text = traceback.format_exc()
    print(text.splitlines()[0], '|', text.splitlines()[-1])
class MyErr(Exception): pass
try:
    try:
        raise KeyError('inner')
    except KeyError as e:
        raise MyErr('outer') from e
except MyErr:
    print(traceback.format_exc().splitlines()[-1])
    traceback.print_exc(file=sys.stdout)
""")
    assert k[1] == c[1] == ""
    # the frames are CPython's alone (the kernel keeps no traceback objects): compare the
    # lines that are no frame
    def no_frames(out):
        return [l for l in out.splitlines() if not l.startswith("  ")]
    assert no_frames(k[0]) == no_frames(c[0]), (k[0], c[0])


# ---- builtins ------------------------------------------------------------------------------

def test_builtins_module():
    assert_same("""
import builtins
print(builtins.print is print, builtins.len is len, builtins.__name__, builtins.int is int)
builtins.my_builtin_name = 41
print(my_builtin_name + 1)
def f():
    return my_builtin_name * 2
print(f())
old = builtins.print
def loud(*a, **k):
    old("wrapped:", *a, **k)
builtins.print = loud
print("hi")
builtins.print = old
print("back", hasattr(builtins, 'ValueError'), getattr(builtins, 'sum')([1, 2]))
import builtins as b2
print(b2 is builtins)
print(missing_name)
""")


# ---- math, float, int ------------------------------------------------------------------------

def _floats(seed, n):
    r = random.Random(seed)
    out = []
    for _ in range(n):
        k = r.random()
        if k < 0.4:
            out.append(repr(r.uniform(-1e3, 1e3)))
        elif k < 0.6:
            out.append(repr(r.random() * 10.0 ** r.randint(-320, 308)))
        elif k < 0.8:
            out.append(repr(float(r.randint(-10**6, 10**6))))
        else:
            out.append(r.choice(["0.0", "-0.0", "1.0", "0.1", "5e-324", "1.7976931348623157e308",
                                 "float('inf')", "-float('inf')", "float('nan')", "2.5", "-7.5",
                                 "2.2250738585072014e-308", "1e-310"]))
    return out


def test_math_additions():
    fs = _floats(9, 40)
    lines = ["math.frexp(%s)" % x for x in fs] + ["math.ulp(%s)" % x for x in fs]
    lines += ["math.modf(%s)" % x for x in fs[:15]]
    lines += ["math.nextafter(%s, %s)" % (a, b) for a, b in zip(fs, fs[1:] + fs[:1])]
    lines += ["math.hypot(%s)" % ", ".join(fs[i:i + k]) for i, k in
              zip(range(0, 36, 3), [0, 1, 2, 3, 4, 5, 2, 3, 6, 2, 3, 4])]
    lines += ["math.dist((%s), (%s))" % (", ".join(fs[i:i + 3]), ", ".join(fs[i + 3:i + 6]))
              for i in range(0, 30, 6)]
    lines += [
        "math.ldexp(0.5, 2)", "math.ldexp(1.0, 2000)", "math.ldexp(1.0, -2000)",
        "math.ldexp(3, 10**30)", "math.ldexp(0.0, 10**30)", "math.ldexp(1.0, 2.0)",
        "math.ldexp(float('inf'), -5)", "math.frexp('a')", "math.hypot()", "math.hypot(-3)",
        "math.hypot(3, 4)", "math.hypot(1e-320, 3e-320)", "math.hypot(1e308, 1e308)",
        "math.hypot(float('nan'), float('inf'))", "math.hypot('a')", "math.hypot(1, x=2)",
        "math.dist((1, 2), (1, 2, 3))", "math.dist([1, 2], (4, 6))", "math.dist(1, (1, 2))",
        "math.dist((), ())", "math.dist(iter([1, 2]), (0, 0))", "math.fsum([0.1] * 10)",
        "math.prod([1, 2, 3])", "math.prod(range(1, 30))", "math.prod([], start=5)",
        "math.isqrt(10**40 + 7)", "math.isqrt(-1)", "math.comb(50, 20)", "math.perm(7, 3)",
        "math.perm(7)", "math.nextafter(0.0, 1.0)", "math.nextafter(1.0, 1.0)",
        "math.remainder(5, 3)", "math.remainder(-7.5, 2)", "math.remainder(1, 0)",
        "math.remainder(float('inf'), 2)", "math.remainder(3, float('inf'))",
        "math.cbrt(27.0)", "math.cbrt(-8)", "math.exp2(10)", "math.exp2(2000)",
        "math.acosh(1.0)", "math.acosh(0.5)", "math.asinh(-2.0)", "math.atanh(0.5)",
        "math.atanh(1)", "math.erf(0.0)", "math.erfc(0.0)", "math.gamma(5)", "math.gamma(0)",
        "math.gamma(-2)", "math.lgamma(1)", "math.lgamma(0)", "math.ulp(float('nan'))",
    ]
    assert_same("import math\n" + cases(*lines))


def test_float_int_methods():
    fs = _floats(4, 60)
    lines = ["(%s).as_integer_ratio()" % x for x in fs] + ["(%s).hex()" % x for x in fs]
    lines += ["float.fromhex((%s).hex()) == (%s)" % (x, x) for x in fs if "nan" not in x]
    lines += ["(%s).is_integer()" % x for x in fs[:20]]
    lines += [
        "float.fromhex('0x1.8p+0')", "float.fromhex(' -0X.8p1 ')", "float.fromhex('1p-1')",
        "float.fromhex('inf')", "float.fromhex('-Infinity')", "float.fromhex('nan')",
        "float.fromhex('0x1p2000')", "float.fromhex('zz')", "float.fromhex('0x')",
        "float.fromhex('0x1.p')", "float.fromhex('0x1.000000000000008p0')",
        "float.fromhex('0x1.0000000000000801p0')", "float.fromhex('0x0.0000000000001p-1022')",
        "float.fromhex(1)", "(7).bit_count()", "(-255).bit_count()", "(2**100 - 1).bit_count()",
        "(7).as_integer_ratio()", "True.as_integer_ratio()", "(-2**70).as_integer_ratio()",
        "hasattr(3, '__index__')", "(3).__index__()", "True.__index__()", "(2**80).__index__()",
        "hasattr(3.0, '__index__')", "int.__index__(5)",
    ]
    assert_same(cases(*lines))


# ---- print to sys.stdout -----------------------------------------------------------------------

def test_print_follows_sys_stdout():
    assert_same("""
import sys, io
old = sys.stdout
buf = io.StringIO()
sys.stdout = buf
print("hidden", 1)
print("x", file=None)
print()
sys.stdout = old
print("got", repr(buf.getvalue()))
class W:
    def __init__(self): self.parts = []
    def write(self, s): self.parts.append(s); return len(s)
    def flush(self): pass
w = W()
sys.stdout = w
print("a", "b", sep="-")
print(1, 2, 3, end="!")
print(file=sys.__stderr__, end="")
sys.stdout = sys.__stdout__
print(w.parts)
class NoWrite: pass
sys.stdout = NoWrite()
try:
    print("lost")
except AttributeError as e:
    sys.stdout = old
    print("error:", e)
print("restored")
""")


def test_print_speed_unchanged_when_stdout_is_the_cell_stream():
    """100k prints to the cell's stream stay on the direct path: no slower than 1.5x a loop
    that prints to an explicit file=sys.stdout (which always took the direct path)."""
    tk = str(BUILD / "kernel" / "tk-python")
    prog = ("import sys, time\n"
            "t0 = time.perf_counter()\n"
            "for i in range(50000):\n    print(i)\n"
            "t1 = time.perf_counter()\n"
            "for i in range(50000):\n    print(i, file=sys.__stdout__)\n"
            "t2 = time.perf_counter()\n"
            "sys.stderr.write('%f %f\\n' % (t1 - t0, t2 - t1))\n")
    best = None
    for _ in range(3):
        p = subprocess.run([tk, "-c", prog], capture_output=True, text=True, timeout=60)
        a, b = map(float, p.stderr.split())
        best = min(best or 9e9, a / b)
    assert best < 1.5, best


# ---- exception names -------------------------------------------------------------------------

@pytest.mark.parametrize("src", [
    "import statistics\nstatistics.mean([])\n",
    "import json\njson.loads('{')\n",
    "import statistics\nraise statistics.StatisticsError()\n",
    "def f():\n    class Local(Exception): pass\n    raise Local('x')\nf()\n",
    "class E(ValueError): pass\nraise E('main classes stay short')\n",
    "raise KeyError('k')\n",
])
def test_uncaught_error_names_as_cpython(src):
    assert_same(src)


def test_json_decode_error_is_caught_as_cpython():
    assert_same("""
import json
try:
    json.loads('[1,')
except json.JSONDecodeError as e:
    print(type(e).__name__, type(e).__module__, isinstance(e, ValueError), e.pos)
""")


# ---- special methods of builtin values --------------------------------------------------------

def test_unbound_special_methods():
    assert_same(cases(
        "float.__repr__(1.5)", "int.__repr__(3)", "dict.__getitem__({1: 2}, 1)",
        "dict.__getitem__({1: 2}, 5)", "str.__add__('a', 'b')", "str.__add__('a', 1)",
        "list.__len__([1, 2])", "int.__add__(1, 2)", "int.__add__(1, 'a')", "int.__add__(1, 2.5)",
        "float.__add__(1.5, 1)", "int.__radd__(1, 2)", "float.__repr__(3)", "str.__len__",
        "int.__add__", "(3).__add__(4)", "[1].__len__()", "'ab'.__contains__('a')",
        "(5).__lt__(7)", "(5).__eq__('5')", "'a'.__eq__('a')", "str.__mul__('ab', 2)",
        "str.__rmul__('ab', 2)", "list.__add__([1], [2])", "tuple.__len__((1, 2))",
        "set.__contains__({1}, 1)", "dict.__len__({})", "dict.__setitem__",
        "hasattr([], '__sub__')", "hasattr('', '__radd__')", "hasattr([], '__hash__')",
        "hasattr(1.5, '__floordiv__')", "hasattr(1.5, '__and__')", "hasattr({}, '__or__')",
        "int.__lt__(1, 2)", "int.__neg__(5)", "float.__int__(2.7)", "int.__float__(2)",
        "int.__bool__(0)", "(7).__invert__()",
        "sorted(['b', 'A', 'c'], key=str.lower)", "list(map(str.upper, ['a', 'b']))",
        "list(map(int.__neg__, [1, 2]))", "dict.__contains__({1: 2}, 1)",
        "list.__getitem__([1, 2, 3], slice(1, None))", "bytes.__len__(b'abc')",
        "iter([1]).__next__()", "[1, 2].__iter__().__next__()", "len.__call__([1])",
    ))


def test_str_subclass_operands():
    assert_same("""
class S(str): pass
class L(list): pass
class I(int): pass
s = S("ab"); l = L([1]); i = I(5)
print('"' + s, s + '"', s + s, [0] + l, l + [2], 3 + i, i * 2, 2 ** i, 'a' * i, s * 2, [1] * i)
print(repr('"' + s + '"'), type('x' + s).__name__)
class R(str):
    def __radd__(self, o): return 'radd'
print('x' + R('q'))
class D(dict): pass
print({1: 2} | D({3: 4}))
""")


def test_warnings_follow_sys_stderr():
    src = """
import warnings, io, contextlib, sys
buf = io.StringIO()
with contextlib.redirect_stderr(buf):
    warnings.warn("careful")
print("captured:", "UserWarning: careful" in buf.getvalue())
"""
    assert_same(src)
    p = subprocess.run([str(BUILD / "kernel" / "tk-python"), "-c", src], capture_output=True,
                       text=True, timeout=60)
    assert "careful" not in p.stderr and p.stdout == "captured: True\n", (p.stdout, p.stderr)


# ---- exec() and eval() -----------------------------------------------------------------

def test_eval_and_exec_namespaces():
    assert_same(cases(
        "eval('1 + 2 * 3')", "eval('  [i * i for i in range(4)]')", "eval(b'7 // 2')",
        "eval('a + c', {'a': 1}, {'c': 5})", "eval('x', {'x': 99})", "eval('len')('abc')",
        "eval('1 +')", "eval('x = 1')", "eval(5)", "eval('1', [])", "eval('1', {}, 3)",
        "eval('undefined_name')", "eval('[1, 2][5]')", "exec('1', [])", "exec('x = (')",
        "exec(3)", "exec('raise ValueError(\"boom\")')", "exec('y = 1') is None",
    ) + """
x = 10
exec("y = x + 5")
print(y, eval("x + y"))
g = {"a": 3}
exec("b = a * 2\\ndef f(n):\\n    return n + a + b\\n", g)
print(g["b"], g["f"](1), sorted(k for k in g if k != "__builtins__"), "__builtins__" in g)
f = g["f"]
del g
print(f(2))
def fn(p):
    q = p * 3
    return eval("p + q"), eval("p", {"p": -1})
print(fn(2))
ns = {}
exec("import math\\nr = math.sqrt(16)", ns)
print(ns["r"])
exec("class C:\\n    v = 4\\n    def m(self):\\n        return self.v + x\\n")
print(C().m())
loc = {}
exec("total = 0\\nfor i in range(5):\\n    total += i\\n", {}, loc)
print(loc)
exec("def h():\\n    return 'h' + str(x)\\n")
print(h())
""")
