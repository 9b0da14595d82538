"""Builtin types and functions as a notebook user sees them: every cell below runs in the
kernel and in this CPython 3.11 process, and the printed output, the Out value and any
error (type and message) must be identical."""
import ast
import contextlib
import io
import time

import pytest

from conftest import execute, result_of, stderr_of, stdout_of

# Cells such as "5[0]" are meant to fail; CPython's compiler warns about them.
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")

CELLS = [
    # numbers and float repr
    "print(0.1, 1e-05, 1e16, 1e15, float('inf'), float('nan'), -0.0, 7.5, 1.0, 1/3, 1e-7, 5e-324)",
    "print(7 // 2, -7 // 2, 7 % -2, -7 % 2, 2 ** 10, 2 ** -1, 7.5 // 2, -7.5 % 2, 3 / 2, True + True, -True, ~5)",
    "print(str(1.0), 3.0 * 2, 10 / 4, 2 ** 0.5, 7 // 2.0, -7 % 3.0, 1e308 * 10, float('inf') - float('inf'))",
    "1 / 0", "1 // 0", "1 % 0", "1.0 / 0", "1.0 // 0.0", "1.0 % 0.0", "0 ** -1", "10.0 ** 400",
    "divmod(1.0, 0.0)", "divmod(1, 0)",
    "print(hash(1), hash(1.0), hash(-1), hash(0.5), hash(-0.5), hash(1e100), hash(float('inf')), hash((1, 2)), hash(()))",
    # conversions
    "int('3'), int(' -42 '), int('0x1f', 16), int('1_000'), int(3.9), int(-3.9), int(True), float('1.5'), float(' inf '), float(2), bool([]), bool('x')",
    "int('0b101', 0), int('ff', 16), int('Z', 36), int('+5'), float('1_000.5'), float('.5'), float('-iNF')",
    "int('abc')", "int(' x ')", "int('010', 0)", "int('1__0')", "int(3.0, 10)", "int(None)",
    "int(float('inf'))", "int(float('nan'))", "float('x1')", "float([])",
    "str(), str(1), str([1, 'a']), str(None), str(True), str(range(3)), str(int)",
    # strings
    "repr(\"it's\"), repr('say \"hi\"'), repr('both \\' and \"'), repr('tab\\there\\n'), repr('\\x00\\x7f\\u00e9\\u2028')",
    "s = 'Hello, World'\n"
    "s.upper(), s.lower(), s.split(', '), s.split(), s.find('o'), s.rfind('o'), s.count('l'), s.replace('l', 'L', 2), s.startswith('Hell'), s.endswith(('x', 'ld')), s[1:5], s[::-1], s[-3:], len(s), 'W' in s",
    "'  a b  c '.split(), ' a b c '.split(None, 1), 'a,b,,c'.split(','), 'a,b,c'.rsplit(',', 1), '  a  b '.rsplit(None, 1)",
    "'abc'.split('')", "','.join([1, 2])", "'abc'.index('z')", "'abc'.startswith(1)",
    "'a' + 1", "1 + 'a'", "'ab' * 2.0", "'abc'[5]", "'abc'['x']",
    "'  xx  '.strip(), 'xxhixx'.strip('x'), 'hello world'.title(), '12'.isdigit(), 'abc'.center(9, '*'), '-42'.zfill(5), 'x'.center(4)",
    "'abcabc'.replace('', '-'), 'hello'.find('l', -2), 'hello'.count('l', 0, 3), 'hello'.find('', 10), 'a\\nb\\r\\nc'.splitlines(), 'aXbXc'.rpartition('X')",
    "'héllo wörld ÿ'.upper(), 'ÀÉÎ ŸŒ'.lower(), 'straße'.upper(), 'straße'.casefold(), 'émile zola'.title(), 'Ça Va'.swapcase(), 'αβγ ΣΑΣ'.upper(), 'привет МИР'.swapcase(), 'é'.isalpha(), '\xa0'.isspace(), 'Hello World'.istitle()",
    "'héllo'[1], 'héllo'[1:3], len('héllo'), 'héllo'[::-1], list('hé'), ord('€'), chr(0x1F600)",
    # format mini-language, str.format, f-strings, %
    "format(1234.5678, ',.2f'), format(255, '#x'), format(0.25, '%'), format('ab', '^6'), format(3, '08b'), format(-1.5, '+.3e'), format(1e100, 'g'), format(1.0, '.3'), format(100.0, '.3'), format(1.5, '.1'), format(True, ''), format(True, '>5')",
    "format(1234, '09,'), format(1234.5, '010,.1f'), format(-1234, '=+10'), format(255, '#010x'), format(12345678, '_x'), format(-0.0, 'z.1f'), format(2.5, '.0f'), format(1.0, '#g'), format(12, '*^9'), format('abc', '05'), format(-1.5, '010'), format(0.1, '.17')",
    "format(1.5, 'd')", "format(1, '.2d')", "format('a', '=5')", "format(None, '5')", "format(1, ',x')", "format(1, '5.5.5')",
    "'{} {}'.format(1, 2), '{0}{1}{0}'.format('a', 'b'), '{x:>5}|{y:<4}|'.format(x=1, y='z'), '{!r}'.format('a'), '{:,}'.format(1234567), '{{}}'.format(), '{:{w}.{p}f}'.format(3.14159, w=10, p=2), '{a[0]}{b.real}'.format(a=[1], b=3)",
    "'{} {}'.format(1)", "'{}{1}'.format(1, 2)", "'{'.format()", "'}'.format()", "'{x}'.format(y=1)",
    "x = 3\nf'{1.5:>8.2f}|{42:^7}|{\"s\":*<4}|{1e-9}|{10**6:,}|{x!r}|{x=}'",
    "'%s %d %.2f %5s %-5s| %x %r %%' % ('a', 42, 3.14159, 'r', 'l', 255, 'q')",
    "'%(a)s-%(b)d' % {'a': 'x', 'b': 2}, '%.3d|%5.3d' % (5, -7), '%e' % 0.000123, '%g' % 1e20, '%c%c' % (72, 'i'), '%#x %#o' % (255, 8)",
    "'%-5s|%5s|%.1s' % ('é', 'ü', 'ßx'), '%5d|%-5d|%05d|%+05d|% 5d' % (42, 42, 42, 42, 42), '%*d|%-*d|%.*f' % (5, 42, 4, 7, 2, 3.14159), '%a' % 'é', ascii([1, 'ü'])",
    "'{:<05}'.format(7), format(7, 'x<05'), format('ab', '^05'), format(7.5, '^07'), '{:=^10.2f}'.format(3.14159), '{:#b}'.format(0), '{:#o}'.format(-8)",
    "'%d %d' % (1,)", "'%s' % (1, 2)", "'%d' % 'x'", "'%y' % 1",
    # lists and tuples
    "l = [3, 1, 2]\nl.append(5); l.extend([7, 0]); l.insert(0, 9); print(l, l.pop(), l.pop(0), l.index(2), l.count(1))\n"
    "l.sort(); print(l); l.sort(reverse=True); print(l); l.reverse(); print(l); l.remove(2); print(l, l.copy())",
    "l = [0, 1, 2, 3, 4, 5]\nl[1:3] = ['a', 'b', 'c']; print(l); del l[1]; del l[::2]; print(l); l[len(l):] = [7]; l[:0] = 'xy'; print(l)",
    "[1] * 2**40", "'ab' * 2**50", "x = [0] * 10\nx *= 2**44", "list(range(10**15))",
    "x = []\nfor i in range(100000):\n    x = [x]\nrepr(x)",
    "x = []\nfor i in range(100000):\n    x = [x]\ny = []\nfor i in range(100000):\n    y = [y]\nx == y",
    "d = {}\nfor i in range(5000):\n    d = {'k': d}\nstr(d)[:20]",
    "class A:\n    def __str__(self):\n        raise ValueError('no str')\nprint(1, 'two', A(), 4)",
    "[].pop()", "[].pop(1.0)", "[].pop(True)", "[1].index(5)", "[1].remove(5)", "[1][5]", "(1, 2)[5]", "[1, 2]['a']", "[1, 2, 3][::0]",
    "l = [1, 2, 3, 4]\nl[::2] = [1]", "l = [3, 'a']\nl.sort()", "[1] + (1,)",
    "print((1,), (), (1, 2) < (1, 3), [1, 2] == [1, 2.0], [[1, 2], [3]], [None, True, 1.5, 's', (1,), {}], [1, 2] * 2, 3 * (0,))",
    "x = [1, 2]\nx.append(x)\nx",
    "sorted([3, 1, 2], reverse=True), sorted(['bb', 'a', 'ccc'], key=len), sorted([(1, 'b'), (1, 'a'), (0, 'z')]), list(reversed([1, 2, 3])), list(reversed(range(3)))",
    # dicts
    "d = {'a': 1, 'b': 2}\nd['c'] = 3; del d['a']; d['a'] = 4\n"
    "print(d, list(d), d.keys(), d.values(), d.items(), d.get('z'), d.get('z', 0), len(d), 'a' in d)\n"
    "print(d.pop('b'), d, d.setdefault('q', []), d); d.update({'x': 1}, y=2); print(d, d | {'z': 0})",
    "d = {}\nfor i in range(20): d[i] = i * i\nfor i in range(0, 20, 2): del d[i]\nd[0] = 'z'\nprint(d, len(d), d.popitem(), list(d)[-1])",
    "{(1, 2): 't', 1: 'i', 1.0: 'f', True: 'b'}", "dict(a=1), dict([('x', 1), ('y', 2)]), dict({'k': 1}, z=3)",
    "{}['missing']", "d = {}\nd[[1]] = 2", "{}.popitem()", "dict([(1, 2, 3)])", "dict([1])", "{1: 2} < {3: 4}",
    "d = {1: 2}\nfor k in d:\n    d[3] = 4",
    "try:\n    {}['k']\nexcept KeyError as e:\n    print(repr(e), str(e), e.args, type(e))",
    # ranges and slices
    "r = range(0, 20, 3)\nprint(r, len(r), r[2], r[-1], r[1:4], r[::-1], list(r[::-1]), 9 in r, 10 in r, r.index(9), range(5) == range(0, 5, 1))",
    "range(1.5)", "range(1, 2, 0)", "range(3)[5]",
    "s = slice(1, 10, 2)\nprint(s, s.start, s.indices(5), slice(None, None, -1).indices(4), slice(-100, 100).indices(3))",
    # builtins
    "type(1), type(1.0), type('s'), type([]), type(()), type({}), type(None), type(True), type(range(1)), type(print), type(int), type(ValueError('x'))",
    "isinstance(True, int), isinstance(1, (str, float)), isinstance(1.0, (int, float)), isinstance(ValueError('a'), Exception), isinstance(KeyError('a'), LookupError), issubclass(bool, int)",
    "print, len, int, ValueError, KeyError('k'), repr(IndexError()), Exception('x', 1)",
    "abs(-3), abs(-2.5), min(3, 1, 2), max([1, 5, 3]), min('abc'), max([], default=0), max(['aa', 'b'], key=len), sum([1, 2, 3]), sum([0.1] * 10), sum([[1], [2]], [])",
    "round(2.5), round(3.5), round(-0.5), round(0.125, 2), round(2.675, 2), round(1234.5678, -2), round(15, -1), round(25, -1), round(1e300, -299), type(round(5.5))",
    "any([0, 1]), all([1, 0]), list(map(abs, [-1, 2])), list(filter(None, [0, 1, 2])), list(zip([1, 2], 'ab')), list(enumerate('ab', 1)), dict(zip('ab', [1, 2]))",
    "hex(255), hex(-1), oct(8), bin(5), ord('a'), chr(97), divmod(7, 2), divmod(-7, 2), divmod(7.5, 2), pow(2, 10), pow(2, 10, 1000), pow(3, -1, 7), callable(print), callable(1)",
    "it = iter([1, 2])\nprint(next(it), next(it), next(it, 'done'))", "next(iter([]))",
    "max([])", "max()", "min(1, 2, default=0)", "sum(['a', 'b'], '')", "reversed(5)", "getattr(1, 'nope')",
    "print(getattr('s', 'upper')(), getattr(1, 'nope', 'dflt'), hasattr(1, 'real'), hasattr(1, 'nope'))",
    "len(5)", "5[0]", "5()", "iter(5)", "{}.x", "(1).foo", "int.foo", "-'a'", "1 < 'a'", "hash([])", "1 in 5", "1 in 'abc'",
    "print('a' in 'cab', 1 in [1, 2], 'k' in {'k': 1}, 5 in range(10), 5.5 in range(10), 'a' in {'a': 1}.keys())",
    "def f(a, b=2):\n    return a + b\nf()", "def f(a, b=2):\n    return a + b\nf(1, 2, 3)",
    "def f(a, b=2):\n    return a + b\nf(1, c=3)",
    "print('a', 'b', sep='-', end='!\\n')\nprint('x', 1, None, True, [None])\nprint(*[1, 2, 3])",
    "print(1, sep=1)",
    "help(len)", "import math\nhelp(math.sqrt)",
    "def f(a, b=2):\n    \"\"\"Add b.\n\n    Second line.\n    \"\"\"\n    return a + b\nhelp(f)",
    # exceptions
    "raise KeyError('k')", "raise ValueError", "e = ValueError('bad')\nprint(str(e), repr(e), e.args)",
    "try:\n    [][1]\nexcept LookupError as e:\n    print('lookup', e)",
    "try:\n    1/0\nexcept ArithmeticError as e:\n    print('arith', e)",
    # math and time
    "import math\nprint(math.pi, math.e, math.sqrt(2), math.floor(2.7), math.ceil(2.1), math.log(8, 2), math.log10(1000), math.factorial(10), math.gcd(12, 18), math.isnan(math.nan), math.inf, math.hypot(3, 4), math.fsum([0.1] * 10), math.prod([1, 2, 3]), math.degrees(math.pi), math.atan2(1, 1))",
    "import math\nmath.sqrt(-1)", "import math\nmath.log(0)", "import math\nmath.factorial(-1)", "import math\nmath.exp(1000)",
    "import math\nmath.floor(float('inf'))", "import math\nmath.foo", "import math\nmath.sqrt('x')",
    "import time\nt0 = time.perf_counter(); time.sleep(0.02); print(time.perf_counter() - t0 >= 0.02, type(time.time()), time.monotonic() > 0)",
    "import time\ntime.sleep(-1)",
]


def run_cpython(code):
    """Run a cell as IPython would: stdout, the Out repr, or 'Name: message'."""
    out = io.StringIO()
    g = {"__name__": "__main__"}
    try:
        tree = ast.parse(code)
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        with contextlib.redirect_stdout(out):
            exec(compile(tree, "<cell>", "exec"), g)
            value = eval(compile(last, "<cell>", "eval"), g) if last is not None else None
        return out.getvalue(), (repr(value) if value is not None else None), None
    except Exception as e:  # noqa: BLE001 - the cell's own error is the expected output
        return out.getvalue(), None, "%s: %s" % (type(e).__name__, e)


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    from jupyter_client.manager import start_new_kernel
    km, client = start_new_kernel(kernel_name="tensorkernel", startup_timeout=30)
    yield km, client
    client.stop_channels()
    km.shutdown_kernel(now=True)


@pytest.mark.parametrize("code", CELLS)
def test_cell_matches_cpython(kc, code):
    want_out, want_value, want_error = run_cpython(code)
    reply, msgs = execute(kc[1], code)
    got_out = stdout_of(msgs)
    res = result_of(msgs)
    got_value = res["text/plain"] if res else None
    got_error = None
    if reply["status"] == "error":
        got_error = "%s: %s" % (reply["ename"], reply["evalue"])
    assert (got_out, got_value, got_error) == (want_out, want_value, want_error)


def test_print_to_sys_stderr(kc):
    reply, msgs = execute(kc[1], "import sys\nprint('oops', 1, file=sys.stderr)\nsys.stdout.write('w')")
    assert reply["status"] == "ok", reply
    assert stderr_of(msgs) == "oops 1\n"
    assert stdout_of(msgs) == "w"


def test_display_publishes_display_data(kc):
    reply, msgs = execute(kc[1], "display(1.5, 'a')")
    assert reply["status"] == "ok"
    shown = [c["data"]["text/plain"] for t, c in msgs if t == "display_data"]
    assert shown == ["1.5", "'a'"]


def test_sleep_is_interruptible(kc):
    km, client = kc
    msg_id = client.execute("import time\ntime.sleep(30)")
    time.sleep(0.5)
    t0 = time.monotonic()
    km.interrupt_kernel()
    reply = client.get_shell_msg(timeout=10)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = client.get_shell_msg(timeout=10)
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    assert time.monotonic() - t0 < 2.0
    # the kernel and its state survive
    reply, msgs = execute(client, "1 + 1")
    assert result_of(msgs)["text/plain"] == "2"


def _random_format_cell(seed, n):
    """A cell printing format(value, spec) (or the error) for n random specs."""
    import random
    rnd = random.Random(seed)
    vals = ["0", "1", "-1", "-42", "255", "123456789", "True", "0.0", "-0.0", "1.5", "-2.5",
            "0.1", "1e-05", "123.456", "-0.000123", "1e16", "1e22", "2.675", "float('inf')",
            "float('nan')", "1234567.891", "9.995", "'abc'", "''", "'héllo'"]
    lines = []
    for _ in range(n):
        align = rnd.choice(["", "", "<", ">", "^", "="])
        spec = (rnd.choice(["", "*", "0", "é"]) if align else "") + align
        spec += rnd.choice(["", "", "+", "-", " "]) + rnd.choice(["", "", "z"])
        spec += rnd.choice(["", "", "#"]) + rnd.choice(["", "", "0"])
        spec += rnd.choice(["", "", "8", "12", "1"]) + rnd.choice(["", "", ",", "_"])
        spec += rnd.choice(["", "", ".0", ".2", ".5", ".12"])
        spec += rnd.choice(["", "", "d", "f", "e", "g", "%", "x", "X", "o", "b", "s", "n", "E",
                            "G", "F", "c"])
        lines.append("try:\n    print(repr(format(%s, %r)))\nexcept Exception as e:\n"
                     "    print(type(e).__name__, e)" % (rnd.choice(vals), spec))
    return "\n".join(lines)


def test_random_format_specs_match_cpython(kc):
    """600 random format specs (fill, align, sign, z, #, 0, width, grouping, precision,
    type) on ints, floats, bools and strs: same text or same error as CPython."""
    code = _random_format_cell(2024, 600)
    want_out, _, want_error = run_cpython(code)
    reply, msgs = execute(kc[1], code)
    assert reply["status"] == "ok" and want_error is None
    got = stdout_of(msgs).splitlines()
    want = want_out.splitlines()
    diffs = [(i, w, g) for i, (w, g) in enumerate(zip(want, got)) if w != g]
    assert len(got) == len(want) and not diffs[:10]


def _random_percent_cell(seed, n):
    """A cell printing 'fmt % value' (or the error) for n random printf-style directives."""
    import random
    rnd = random.Random(seed)
    vals = ["0", "-1", "-42", "255", "True", "-0.0", "1.5", "-2.5", "1e-05", "123.456", "1e16",
            "float('inf')", "float('nan')", "'abc'", "''", "'héllo'", "None", "[1]", "65"]
    lines = []
    for _ in range(n):
        spec = "%" + "".join(rnd.sample("-+ #0", rnd.randint(0, 2)))
        spec += rnd.choice(["", "", "5", "10", "1"]) + rnd.choice(["", "", ".0", ".2", ".6"])
        spec += rnd.choice("sdirxXoeEfFgGca%")
        lines.append("try:\n    print(repr(%r %% (%s,)))\nexcept Exception as e:\n"
                     "    print(type(e).__name__, e)" % ("<" + spec + ">", rnd.choice(vals)))
    return "\n".join(lines)


def test_random_percent_formats_match_cpython(kc):
    """600 random printf-style directives (flags, width, precision, conversion) on numbers,
    strings and other values: same text or same error as CPython."""
    code = _random_percent_cell(7, 600)
    want_out, _, want_error = run_cpython(code)
    reply, msgs = execute(kc[1], code)
    assert reply["status"] == "ok" and want_error is None
    got = stdout_of(msgs).splitlines()
    want = want_out.splitlines()
    diffs = [(i, w, g) for i, (w, g) in enumerate(zip(want, got)) if w != g]
    assert len(got) == len(want) and not diffs[:10]
