"""set/frozenset, bytes and complex against CPython 3.11: generated programs run in tk-python
and in CPython, and stdout plus the final exception line must be identical.

Sets print in CPython's slot order only for keys whose hashes match CPython's: int, float,
bool, tuple, frozenset, complex. str hashes are salted per CPython process and None hashes
by address in 3.11, so programs here print str sets through sorted() and never print a set
holding None.

Each program wraps its statements in try/except so that one program checks many
expressions; TK_SETS_PROGRAMS (default 60 per family) scales the run, `make fuzz` style."""
import os
import random

import pytest

from cpython_diff import assert_same, run_both

N = int(os.environ.get("TK_SETS_PROGRAMS", "60"))

GUARD = ("def show(f):\n"
         "    try:\n"
         "        print(repr(f()))\n"
         "    except Exception as e:\n"
         "        print(type(e).__name__ + ': ' + str(e))\n")


def program(lines):
    return GUARD + "".join("show(lambda: %s)\n" % l for l in lines)


# ---- sets -----------------------------------------------------------------------------

def rand_key(r):
    k = r.random()
    if k < 0.55:
        return str(r.choice([r.randint(-20, 40), r.randint(-10**6, 10**6), r.randint(0, 2**40),
                             r.choice([8, 16, 24, 32, 64, 9, 17, 2**61, 2**61 - 1, 2**62 + 5,
                                       -2**61, 2**63 - 1])]))
    if k < 0.7:
        return r.choice(["0.5", "-1.5", "2.0", "1e20", "float('inf')", "3.25", "-0.0"])
    if k < 0.8:
        return r.choice(["True", "False"])
    if k < 0.92:
        return "(%s, %s)" % (r.randint(-5, 9), r.randint(-5, 9))
    return r.choice(["frozenset({1, 2})", "frozenset()", "1j", "(2-3j)"])


def rand_set(r, frozen=None):
    n = r.choice([0, 1, 2, 3, 3, 4, 5, 6, 8, 12, 20])
    keys = [rand_key(r) for _ in range(n)]
    if frozen is None:
        frozen = r.random() < 0.25
    form = r.random()
    if frozen:
        return "frozenset(%s)" % ("[%s]" % ", ".join(keys) if form < 0.5 else
                                  "{%s}" % ", ".join(keys) if keys else "")
    if not keys:
        return "set()"
    if form < 0.45:
        return "{%s}" % ", ".join(keys)
    if form < 0.7:
        return "set([%s])" % ", ".join(keys)
    if form < 0.85:
        return "{x for x in [%s]}" % ", ".join(keys)
    return "{*[%s], %s}" % (", ".join(keys[1:]), keys[0])


def rand_iterable(r):
    k = r.random()
    if k < 0.5:
        return rand_set(r)
    if k < 0.65:
        return "[%s]" % ", ".join(rand_key(r) for _ in range(r.randint(0, 6)))
    if k < 0.75:
        return "range(%d, %d)" % (r.randint(-5, 5), r.randint(0, 30))
    if k < 0.85:
        return "{%s}" % ", ".join("%s: 0" % rand_key(r) for _ in range(r.randint(1, 6)))
    if k < 0.9:
        return r.choice(["5", "None", "[[1]]", "[{}]"])
    return "(%s,)" % rand_key(r)


BINOPS = ["|", "&", "-", "^", "<", "<=", ">", ">=", "==", "!="]
METHODS = ["union", "intersection", "difference", "symmetric_difference", "issubset",
           "issuperset", "isdisjoint"]
MUTATORS = ["update", "intersection_update", "difference_update",
            "symmetric_difference_update"]


def set_expr(r):
    a = rand_set(r)
    k = r.random()
    if k < 0.3:
        b = rand_set(r) if r.random() < 0.85 else rand_iterable(r)
        return "%s %s %s" % (a, r.choice(BINOPS), b)
    if k < 0.55:
        m = r.choice(METHODS)
        nargs = 1 if m in ("symmetric_difference", "issubset", "issuperset", "isdisjoint") \
            else r.choice([0, 1, 1, 2])
        return "%s.%s(%s)" % (a, m, ", ".join(rand_iterable(r) for _ in range(nargs)))
    if k < 0.65:
        return "%s in %s" % (rand_key(r), a)
    if k < 0.7:
        return "hash(%s)" % rand_set(r, frozen=True)
    if k < 0.75:
        return "(len(%s), list(%s), sorted(%s, key=repr))" % (a, a, a)
    if k < 0.8:
        return "%s.copy()" % a
    if k < 0.85:
        return "{%s: 1}" % a
    if k < 0.9:
        return "%s %s %s" % (a, r.choice(["+", "*", "<"]), r.choice(["1", "[1]", "(1,)"]))
    return "%s(%s)" % (r.choice(["set", "frozenset"]), rand_iterable(r))


def big_set(r):
    """Sets of tens to hundreds of ints with colliding hashes (resizes, long probe runs)."""
    k = r.random()
    a, n, step = r.randint(-300, 300), r.randint(10, 300), r.choice([1, 2, 3, 8, 16, 64, 1024])
    if k < 0.4:
        return "set(range(%d, %d, %d))" % (a, a + n * step, step)
    if k < 0.6:
        return "{x * %d %% %d for x in range(%d)}" % (r.randint(1, 999), r.randint(50, 5000), n)
    if k < 0.8:
        return "frozenset(range(%d, %d, %d))" % (a, a + n * step, step)
    return "{%s}" % ", ".join(str(r.randint(-2**20, 2**20) * r.choice([1, 8, 2**32]))
                              for _ in range(r.randint(3, 40)))


def big_expr(r):
    a, b = big_set(r), big_set(r)
    k = r.random()
    if k < 0.5:
        return "%s %s %s" % (a, r.choice("|&-^"), b)
    if k < 0.8:
        return "%s.%s(%s, %s)" % (a, r.choice(["union", "intersection", "difference"]), b,
                                  big_set(r))
    return "(lambda s: (s.difference_update(%s), s.symmetric_difference_update(%s), s)[2])" \
           "(set(%s))" % (b, big_set(r), a)


def mutation_program(r):
    """A set grown and shrunk step by step: dummies, reuse of freed slots, resizes, pop."""
    lines = ["s = %s" % rand_set(r, frozen=False)]
    pool = [rand_key(r) for _ in range(r.randint(3, 30))]
    for _ in range(r.randint(5, 40)):
        k = r.random()
        if k < 0.45:
            lines.append("s.add(%s)" % r.choice(pool))
        elif k < 0.65:
            lines.append("s.discard(%s)" % r.choice(pool))
        elif k < 0.72:
            lines.append("s.remove(%s)" % r.choice(pool))
        elif k < 0.8:
            lines.append("s.pop()")
        elif k < 0.88:
            lines.append("s.%s(%s)" % (r.choice(MUTATORS), rand_iterable(r)))
        elif k < 0.95:
            lines.append("s %s= %s" % (r.choice("|&-^"), rand_set(r)))
        else:
            lines.append("s.clear()")
        lines.append("print(s, len(s))")
    body = "".join("    %s\n" % l for l in lines)
    return "try:\n%sexcept Exception as e:\n    print(type(e).__name__ + ': ' + str(e))\n" % body


# ---- complex --------------------------------------------------------------------------

def rand_number(r):
    k = r.random()
    if k < 0.3:
        return r.choice(["1j", "2.5j", "0j", "-1j", "1e300j", "(1+2j)", "(3-4j)", "(-0.5+0j)",
                         "complex(0, -0.0)", "complex(-0.0, 0)", "(1e-7+1e16j)"])
    if k < 0.5:
        return "complex(%s, %s)" % (r.choice(["0", "1", "-2", "0.5", "-0.0", "1e308"]),
                                    r.choice(["0", "1", "-2", "0.25", "-0.0", "3"]))
    if k < 0.7:
        return str(r.randint(-5, 5))
    if k < 0.85:
        return r.choice(["0.5", "-1.25", "2.0", "0.0", "1e-3", "3.5"])
    return "complex(%r)" % r.choice(["1+2j", " (3-4J) ", "-j", "j", "1e3j", "2", "nan+infj",
                                     "1+", "(1+2j", "1 + 2j", "1_0j", "inf", "-1.5e-3-2j"])


def complex_expr(r):
    a, b = rand_number(r), rand_number(r)
    k = r.random()
    if k < 0.55:
        return "%s %s %s" % (a, r.choice(["+", "-", "*", "/", "**", "==", "!=", "<", "//", "%"]),
                             b)
    if k < 0.65:
        return "abs(%s)" % a
    if k < 0.75:
        return "(%s).conjugate(), (%s).real, (%s).imag" % (a, a, a)
    if k < 0.82:
        return "hash(%s)" % (a if "nan" not in a else "1j")  # CPython hashes NaN by address
    if k < 0.88:
        return "-(%s), +(%s)" % (a, a)
    if k < 0.94:
        return "complex(%s, %s)" % (a, b)
    return "str(%s), format(%s), bool(%s)" % (a, a, a)


# ---- bytes ----------------------------------------------------------------------------

BYTES_LITS = ["b''", "b'abc'", "b'\\x00a\\\\'", "b\"it's\"", "b'\\n\\t\\r\\x7f\\xff'",
              "b'say \"hi\"'", "rb'\\x00'", "b'\\101\\0'", "b'\\u1234'", "b'ab' b'cd'",
              "bytes(3)", "bytes([1, 2, 255])", "bytes('h\\xe9', 'utf-8')",
              "'h\\xe9llo'.encode()", "'abc'.encode('ascii')", "bytes(range(30, 40))"]


def bytes_expr(r):
    a, b = r.choice(BYTES_LITS), r.choice(BYTES_LITS)
    k = r.random()
    if k < 0.25:
        return "%s %s %s" % (a, r.choice(["+", "==", "!=", "<", ">=", "in"]), b)
    if k < 0.35:
        return "%s * %d" % (a, r.randint(-1, 3))
    if k < 0.5:
        i = r.randint(-5, 5)
        return r.choice(["%s[%d]" % (a, i), "%s[%d:]" % (a, i), "%s[::-1]" % a,
                         "%s[1:%d:2]" % (a, i)])
    if k < 0.6:
        return "list(%s), len(%s)" % (a, a)
    if k < 0.7:
        return "%s.decode(%s)" % (a, r.choice(["", "'ascii'", "'latin-1'", "'utf-8', 'replace'"]))
    if k < 0.78:
        return "%s.hex(), bytes.fromhex(%s.hex())" % (a, a)
    if k < 0.85:
        return "%s in %s" % (r.choice(["97", "0", "256", "b'b'", "'a'"]), a)
    if k < 0.92:
        return "%s.%s(%s)" % (a, r.choice(["find", "count", "startswith", "endswith"]),
                              r.choice(["b'a'", "b''", "b'bc'"]))
    return r.choice(["bytes(-1)", "bytes('x')", "bytes([256])", "bytes(['a'])", "b'a' + 'a'",
                     "bytes.fromhex('zz')", "bytes(1.5)", "'\\xff'.encode('ascii')",
                     "hash(b'ab') == hash(b'a' + b'b')", "b'x'.upper()"])


FAMILIES = {"set": set_expr, "bigset": big_expr, "complex": complex_expr, "bytes": bytes_expr}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_generated_expressions(family):
    r = random.Random(family)
    gen = FAMILIES[family]
    diffs = []
    for i in range(N):
        src = program([gen(r) for _ in range(25)])
        k, c = run_both(src)
        if k != c:
            diffs.append((src, k, c))
    assert not diffs, "%d of %d programs differ; first:\n%s\nkernel: %r\ncpython: %r" % (
        (len(diffs),) + (N,) + diffs[0])


def test_generated_mutations():
    r = random.Random("mutations")
    diffs = []
    for i in range(N):
        src = mutation_program(r)
        k, c = run_both(src)
        if k != c:
            diffs.append((src, k, c))
    assert not diffs, "%d of %d programs differ; first:\n%s\nkernel: %r\ncpython: %r" % (
        (len(diffs),) + (N,) + diffs[0])


CASES = [
    # the printed order is CPython's slot order
    "print({3, 1, 2}, {10, 1, 100}, {1, 2, 3, 4, 5}, set([5, 4, 3, 2, 1]), {-1, -2, 7})",
    "print(set(range(20, 0, -3)), {2**40, 2**33, 7}, {0.5, 1.5, 2.5}, {(1, 2), (2, 1)})",
    "s = {1, 2, 3}\ns.discard(2)\ns.add(10)\nprint(s)\ns = {1, 2, 3, 9}\ns.discard(1)\n"
    "s.discard(9)\ns.add(17)\nprint(s)",
    "s = set(range(100))\nfor i in range(0, 100, 3): s.discard(i)\nprint(s)\ns.update(range(200, 260))\nprint(s)",
    "s = {5, 6, 7}\nprint(s.pop(), s.pop(), s, s.pop(), s)\ns.pop()",
    # literals, comprehensions, starred
    "print({}, type({}), {1: 2}, {x: x * x for x in range(4)}, {x % 3 for x in range(10)})",
    "a = [1, 2]\nprint({*a, 3}, {*a}, {*'a'} == {'a'}, {*(), 9}, {1, *range(3), *{7}})",
    "print(type({1}), type(frozenset()), set, frozenset, isinstance({1}, set), isinstance(frozenset(), set))",
    # repr
    "print(repr(set()), repr(frozenset()), frozenset({1, 2}), str({1}), [{1}, frozenset({2})])",
    "print(frozenset([frozenset([1]), frozenset()]), {frozenset({1, 2}): 'x'})",
    # hashing
    "print(hash(frozenset()), hash(frozenset({1})), hash(frozenset({1, 2, 3})), hash(frozenset({(1, 2), -1})))",
    "print(frozenset({1, 2}) == frozenset({2, 1}), hash(frozenset({1, 2})) == hash(frozenset([2, 1])))",
    "hash({1})", "{{1}: 2}", "{[1], 2}", "{1} + {2}", "{1} < 3", "set(1, 2)", "set(x=1)",
    "frozenset(x=1)", "set(5)", "{1}.add()", "{1}.add(1, 2)", "{1}.union(x=1)", "{1}.copy(1)",
    "set().pop()", "{1}.remove(2)", "{1}.remove({1})", "{1}.discard([1])", "frozenset().add(1)",
    "{1}[0]", "s = {1}\nfor x in s: s.add(x + 1)",
    # set as a key is looked up as the equal frozenset
    "s = {frozenset({1})}\nprint({1} in s, s.remove({1}), s)",
    # in-place forms mutate; on frozensets they rebind
    "s = {1, 2}\nt = s\ns |= {3}\ns -= {1}\ns &= {2, 3, 4}\ns ^= {9}\nprint(s, t, s is t)",
    "f = frozenset({1})\ng = f\nf |= {2}\nprint(f, g, f is g)",
    "s = {1}\ns |= [2]",
    "print(sorted({3, 1, 2}), sorted(set('hello')), len(set('mississippi')), max({1, 5}), sum({1, 2}))",
    "print(set('abc') == set('cba'), {1, 2} == [1, 2], {1} != frozenset({1}), {True, 1, 1.0})",
    "print(frozenset({1, 2}).union([3]), type(frozenset().union({1})), frozenset({1}).copy())",
    # a set display of constants iterated by a loop is CPython's folded frozenset constant
    "for x in {5, 3, 9, 1, 7, 2, -1, -2}: print(x, end=' ')\nprint([x for x in {-1, -2, 7}], {-1, -2, 7})",
    "print({2-3j, 1j, -1.5, (1, -2), 2**40}, {1 + 1, -(-3), 5 * 2, (1, 2) + (3,)})",
    "{a, b} = 1", "{x for x in y} = 1",
    # dict views combine with sets
    "d = {1: 'a', 2: 'b', 3: 'c'}\ne = {2: 0, 3: 0, 4: 0}\n"
    "print(d.keys() & e.keys(), d.keys() | e.keys(), d.keys() - e.keys(), d.keys() ^ e.keys())\n"
    "print(d.keys() & {1, 9}, {1, 9} & d.keys(), {9} - d.keys(), d.keys() - [1], d.items() & {(1, 'a')})",
    "{1: 2}.keys() & 1", "{1: 2}.values() & {1}",
    # complex
    "print(1j, 1+2j, -1j, -(1j), 0j, -0j, complex(-0.0, 0), complex(0, -0.0), 1e300j * 1e300j)",
    "print(complex(float('nan'), float('inf')), complex('nan-infj'), complex(1j, 1j), complex(True))",
    "print((1+2j) / 2, 2 * (1+2j), (1+2j) ** 2, 1j ** -1, 2 ** 0.5j, (-8) ** 0.5, 0j ** 0)",
    "print(abs(3+4j), (2+3j).conjugate(), (2+3j).real, (2+3j).imag, hash(1j), hash(complex(1.5, -2)))",
    "1j / 0", "0j ** -1", "(10.0 + 0j) ** 10000", "1j < 2j", "1j // 2", "int(1j)", "float(1j)",
    "round(1j)", "~1j", "complex([])", "complex(1, [])", "complex('1', 1)", "complex(1, '1')",
    "complex('x')", "abs(complex(1e308, 1e308))",
    "print(f'{1+2j}', format(1+2j, '.2f'), str(1.5j), repr(complex('1e3J')))",
    "z = complex(1.5, -2.25)\n"
    "for spec in ['', '.2f', '10.2f', '<20', '^20.3e', '+.1f', ' .1f', '*>20', 'g', '.3', 'E', '#.0f', '20', '-^16.2g']:\n"
    "    for v in [z, 1j, -1j, complex(-0.0, 1), complex(float('inf'), float('nan')), complex(1e20, 1e-20), 0j]:\n"
    "        print(repr(spec), repr(format(v, spec)))\n"
    "print(f'{z:.2f} {z!r:>12} {1j:>5}', '{:.1f}'.format(2+3j))",
    "format(1j, '010.2f')", "format(1j, '=10')", "format(1j, 'd')",
    # bytes
    "print(b'\\x00a\\\\', b\"it's\", b'\\'\"', bytes(3), bytes([65, 66]), bytes(b'x'), b'a' b'b')",
    "print('h\\xe9'.encode(), 'h\\xe9'.encode('latin-1'), b'h\\xc3\\xa9'.decode(), b'\\xe9'.decode('latin-1'))",
    "print(b'abc'[0], b'abc'[-1], b'abcdef'[1:4], b'abcdef'[::2], list(b'hi'), [c for c in b'ab'])",
    "print(b'ab' + b'cd', b'ab' * 3, 2 * b'x', b'a' < b'b', b'ab' == b'ab', b'a' == 'a', b'b' in b'abc', 98 in b'abc')",
    "print(b'\\xde\\xad\\xbe\\xef'.hex(), bytes.fromhex('de ad BE ef'), len(b''), bool(b''), type(b''))",
    "print(hash(b'') == hash(b''), {b'a': 1}[b'a'], sorted([b'b', b'a']), b'abcabc'.count(b'bc'), b'abc'.find(b'c'))",
    "b'\\xff'.decode()", "b'a' + 'a'", "bytes('x')", "bytes([256])", "bytes(-1)", "b'abc'[5]",
    "'\\xe9'.encode('ascii')", "bytes.fromhex('0g')", "'a' in b'abc'", "256 in b'a'",
    "b'\\xe9a'.decode('utf-8')", "b'\\xe2\\x82'.decode()",
    "print(ord(b'a'), str(b'ab', 'utf-8'), str(b'\\xff', 'utf-8', 'replace'), str(b'x', errors='strict'))",
    "ord(b'ab')", "str('a', 'utf-8')", "str(1, 'utf-8')", "str(b'\\xff', 'ascii')",
    "b'a' * 1.5", "1.5 * b'a'", "b'a' * None", "b'a' * b'a'", "b'a'[1.0]", "-b''", "sum([b'a'])",
]


@pytest.mark.parametrize("src", CASES)
def test_case(src):
    assert_same(src)


def test_bytes_nonascii_literal():
    assert_same("x = b'\u00e9'\n")
    assert_same("x = b'a' 'b'\n")


def test_dict_display_stays_a_dict():
    assert_same("print(type({}), {}, {**{1: 2}}, {1: 2, **{3: 4}}, {k: 0 for k in 'ab'})")
