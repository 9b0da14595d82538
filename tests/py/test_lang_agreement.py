"""Places where the interpreter used to disagree with CPython 3.11, checked against CPython
(tests/py/cpython_diff.py runs each program in tk-python and in this Python): the float repr
(shortest round-tripping digits), round() with negative digits, repr/ascii escaping by
str.isprintable, unbound methods of builtin types, CPython's texts for bad arguments to C
functions, sorting mixed types, extended-slice assignment, the f-string rules of 3.11, Unicode
whitespace and case, and MemoryError instead of a killed process for runaway string growth."""
import random
import resource
import struct
import subprocess

import pytest

from cpython_diff import TK_PYTHON, assert_same


def test_float_repr_is_shortest_round_trip():
    R = random.Random(7)
    vals = [2 ** -24, 0.1, 1e16, 1e-5, 1e15, 1e22, 1e23, 5e-324, 2.2250738585072014e-308, -0.0,
            1.7976931348623157e308, 9007199254740993.0, 2.0 ** 60, 0.0001, 1 / 3]
    vals += [2.0 ** R.randint(-1074, 1023) for _ in range(300)]
    for _ in range(1500):
        v = struct.unpack("<d", struct.pack("<Q", R.getrandbits(64)))[0]
        if v == v and abs(v) != float("inf"):
            vals.append(v)
    src = "vals = [%s]\n" % ", ".join(repr(v) for v in vals)
    src += ("for v in vals:\n    print(repr(v), str(-v), f'{v}', f'{v!r}', [v], '%r' % v,"
            " format(v, ''), round(v, -2), round(v, 3))\n"
            "print(float('inf'), float('-inf'), float('nan'), (1e16, 1e-05))\n")
    assert_same(src)


def test_round_half_even_and_negative_digits():
    assert_same("for x in [2.675, 0.125, 0.375, 2.5, 3.5, -2.5, 1e300, 1.5e300, 123456789e20,"
                " 2.5e20, 3.5e20, -1234.5678, 5e22, 1e22, 0.5, 1.5, 1e-300]:\n"
                "    print(round(x, 2), round(x, -300), round(x, -20), round(x, -2), round(x, 0))\n")


def test_repr_escapes_what_isprintable_rejects():
    assert_same("s = ''.join(chr(c) for c in range(0, 0x3100, 3)) + chr(0x51620) + '\\U0001f600'"
                " + '\\ufeff\\u2028\\xad\\x00'\n"
                "for i in range(0, len(s), 40):\n"
                "    print(repr(s[i:i + 40]), ascii(s[i:i + 40]), s[i:i + 40].isprintable())\n"
                "print(''.isprintable(), 'a😀'.isidentifier(), 'é_1'.isidentifier())\n")


def test_unbound_methods_of_builtin_types():
    assert_same("print(sorted(['b', 'A', 'c'], key=str.lower), list(map(str.upper, 'ab')))\n"
                "l = []\nlist.append(l, 1)\nprint(l, dict.fromkeys('ab'), dict.fromkeys([1], 0))\n"
                "print(str.lower, list.append, str.lower.__qualname__, str.join(',', 'ab'))\n"
                "print(float.is_integer(2.0), int.bit_length(255), tuple.count((1, 1), 1))\n"
                "for f in [lambda: str.lower(), lambda: str.lower(1), lambda: list.append([]),"
                " lambda: str.lower('a', 1), lambda: str.nope]:\n"
                "    try:\n        f()\n    except Exception as e:\n"
                "        print(type(e).__name__, e)\n")


def test_argument_errors_of_c_functions():
    calls = ["len(x=1)", "abs(x=1)", "print(1, foo=2)", "sorted([1], foo=2)", "round(1.5, nd=2)",
             "int('1', bas=2)", "'a'.split(x=1)", "[].sort(k=1)", "min([1], x=2)", "zip([1], x=1)",
             "isinstance(1, int, x=1)", "str(1, x=2)", "[].append()", "[].append(1, 2)",
             "[].append(x=1)", "len()", "len(1, 2)", "[].pop(1, 2)", "[].insert(1)",
             "'a'.replace(1)", "getattr(1)", "max()", "{}.get()", "{}.get(1, x=1)",
             "'a'.split(1, 2, 3)", "round()", "dict.fromkeys()", "'a'.expandtabs(x=1)",
             "import functools; functools.reduce(max)"]
    assert_same("".join("try:\n    %s\nexcept TypeError as e:\n    print(e)\n" % c.replace("; ", "\n    ")
                        for c in calls))


def test_sorting_numbers_is_stable_both_ways():
    # all-int and all-float keys take the numeric sort: order, stability (reverse too),
    # extreme ints, -0.0 beside 0.0, and a NaN (the general sort's result) as CPython
    assert_same("import random\nrandom.seed(5)\nok = True\nfor trial in range(120):\n    n = random.choice([0, 1, 5, 63, 64, 65, 100, 1000, 5000])\n    kind = random.choice(['int', 'float', 'bigrange', 'dups', 'sorted', 'rev'])\n    if kind == 'int': d = [random.randint(-10**12, 10**12) for _ in range(n)]\n    elif kind == 'float': d = [random.uniform(-5, 5) for _ in range(n)] + [0.0, -0.0] * (n > 0)\n    elif kind == 'bigrange': d = [random.randint(-2**63, 2**63 - 1) for _ in range(n)]\n    elif kind == 'dups': d = [random.randint(0, 5) for _ in range(n)]\n    elif kind == 'sorted': d = list(range(n))\n    else: d = list(range(n, 0, -1))\n    tagged = [(x, i) for i, x in enumerate(d)]\n    for rev in (False, True):\n        r = sorted(tagged, key=lambda t: t[0], reverse=rev)\n        print([t[1] for t in r][:50], sum(t[1] * j for j, t in enumerate(r)))\n        print(sorted(d, reverse=rev)[:20])\nprint(sorted([3.0, float('nan'), 1.0, 2.0] * 20)[:10])\n")


def test_sum_fast_paths_agree():
    # int totals kept in C until they overflow int64, float totals as plain 3.11 addition,
    # mixed kinds, bools, start values, non-numbers
    assert_same("print(sum([]), sum([], 5), sum([1, 2, 3]), sum([1, 2.5, 3]), sum([2**62, 2**62, 2**62]), sum([1.5, 2**70]))\nprint(sum([True, True, 3]), sum([1, True]), sum((x for x in range(10**5))), sum([0.1] * 10), sum([1, 0.1, 2**63]))\nprint(sum([[1], [2]], []), sum([1j, 2]), sum(range(5), 0.5), sum([-2**63, -1]), sum([2**63 - 1, 1]))\nprint(sum([1.0, float('inf'), -float('inf')]), sum([1, 2], start=10), type(sum([1, 2.0])), type(sum([])))\n")


def test_yield_from_steps():
    # yield from on the VM's flat generators: send, throw, close, gi_yieldfrom, return
    # values, non-generator delegates, nesting
    assert_same("def inner(n):\n    for i in range(n):\n        x = yield i\n        if x: print('inner got', x)\n    return 'done%d' % n\ndef outer():\n    r = yield from inner(3)\n    print('r =', r)\n    r2 = yield from [10, 20]\n    print('r2 =', r2)\n    yield from (c for c in 'ab')\n    return 'outer'\ng = outer()\nprint(next(g), g.gi_yieldfrom is not None)\nprint(g.send('hello'))\nprint(list(g))\ndef thrower():\n    try:\n        yield 1\n        yield 2\n    except ValueError as e:\n        print('caught', e)\n        yield 99\ndef deleg():\n    yield from thrower()\n    yield 'after'\nd = deleg()\nprint(next(d), d.throw(ValueError('boom')), next(d))\nd2 = deleg(); next(d2); d2.close(); print('closed', d2.gi_yieldfrom)\ndef deleg2():\n    yield from iter([1, 2, 3])\nd3 = deleg2(); print(next(d3)); \ntry:\n    d3.throw(KeyError('k'))\nexcept KeyError as e: print('KeyError', e)\ndef bad():\n    yield from 5\ntry: list(bad())\nexcept TypeError as e: print(e)\ndef gen_ret():\n    x = yield from inner(0)\n    return x\ntry: next(gen_ret())\nexcept StopIteration as e: print('stop', e.value)\ndef chain(*its):\n    for it in its:\n        yield from it\nprint(sum(chain(range(1000), range(5))))\nimport itertools\ndef deep(n):\n    if n == 0:\n        yield 'leaf'\n    else:\n        yield from deep(n - 1)\nprint(list(deep(50)))\ndef closer():\n    try:\n        yield from inner(5)\n    finally:\n        print('finally')\nc = closer(); next(c); c.close()\n")


def test_dataclasses():
    # @dataclass's __init__ (messages included), repr, eq, order, frozen, hash, kw_only,
    # default_factory, __post_init__, inheritance, fields/asdict/astuple/replace
    assert_same("from dataclasses import dataclass, field, fields, asdict, astuple, replace, is_dataclass, FrozenInstanceError\nimport dataclasses\nfrom typing import ClassVar, List\n\n@dataclass\nclass C:\n    x: int\n    y: float = 2.0\n    tags: list = field(default_factory=list)\n    count: ClassVar[int] = 0\n\nfor args, kw in [((), {}), ((1, 2, 3, 4), {}), ((1,), {'q': 2}), ((1,), {'x': 2}), ((), {'y': 1})]:\n    try:\n        C(*args, **kw)\n    except TypeError as e:\n        print(e)\nc = C(1)\nprint(c, C(1) == C(1, 2.0), C(1) == (1, 2.0), c != C(2), c.tags is not C(1).tags)\ntry:\n    hash(c)\nexcept TypeError as e:\n    print(e)\nprint([f.name for f in fields(C)], [f.name for f in fields(c)], C.count, C.__match_args__)\nprint(asdict(c), astuple(c), replace(c, y=5.5), is_dataclass(c), is_dataclass(C), is_dataclass(3))\n\n@dataclass(frozen=True, order=True)\nclass P:\n    a: int\n    b: list = field(default_factory=list, compare=False, repr=False)\np = P(1)\nprint(p, p < P(2), P(3) >= P(2), hash(p) == hash((1,)), sorted([P(3), P(1), P(2)]))\ntry:\n    p.a = 3\nexcept FrozenInstanceError as e:\n    print(type(e).__name__, e, isinstance(e, AttributeError))\ntry:\n    del p.a\nexcept AttributeError as e:\n    print(e)\ntry:\n    @dataclass\n    class Bad:\n        a: int = 1\n        b: int\nexcept TypeError as e:\n    print(e)\ntry:\n    @dataclass\n    class Bad2:\n        a: list = []\nexcept ValueError as e:\n    print(e)\n\n@dataclass\nclass Config:\n    lr: float = 1e-3\n    epochs: int = 10\n    name: str = 'run'\n    layers: List[int] = field(default_factory=lambda: [64, 32])\n    def total(self):\n        return self.epochs * len(self.layers)\n    def __post_init__(self):\n        self.lr2 = self.lr * 2\ncfg = Config(epochs=3)\nprint(cfg, cfg.total(), cfg.lr2, Config() == Config(), Config(name='x'))\n\n@dataclass\nclass Base:\n    a: int\n    b: int = 0\n@dataclass\nclass Child(Base):\n    c: int = 5\nprint(Child(1), Child(1, 2, 3), [f.name for f in fields(Child)])\n\n@dataclass\nclass Nested:\n    cfg: Config\n    items: list\nprint(asdict(Nested(Config(), [Base(1), {'k': Base(2)}])))\n\n@dataclass(repr=False, eq=False)\nclass Plain:\n    v: int\nprint(Plain(1) == Plain(1), 'Plain object' in repr(Plain(1)))\n\n@dataclass\nclass WithRepr:\n    v: int\n    def __repr__(self):\n        return 'custom'\nprint(WithRepr(3), [WithRepr(4)])\n\n@dataclass(unsafe_hash=True)\nclass H:\n    v: int\nprint(hash(H(3)) == hash((3,)), {H(1), H(1), H(2)} == {H(1), H(2)})\n\n@dataclass\nclass KW:\n    a: int\n    b: int = field(kw_only=True, default=2)\n    c: int = field(kw_only=True)\ntry:\n    KW(1)\nexcept TypeError as e:\n    print(e)\nprint(KW(1, c=3), KW(a=0, c=1, b=9))\n\n@dataclass\nclass NoInit:\n    a: int\n    b: int = field(init=False, default=7)\nprint(NoInit(1), NoInit.__init__ is not None)\ntry:\n    NoInit(1, 2)\nexcept TypeError as e:\n    print(e)\n@dataclass\nclass Empty:\n    pass\nprint(Empty(), Empty() == Empty())\ntry:\n    Empty(1)\nexcept TypeError as e:\n    print(e)\ntry:\n    fields(3)\nexcept TypeError as e:\n    print(e)\nprint(dataclasses.MISSING is not None)\n")


def test_builtin_exception_attributes():
    # raise ... from on builtin exceptions: __cause__, __suppress_context__, args, attributes
    assert_same("try:\n    raise ValueError('a') from KeyError(1)\nexcept ValueError as e:\n    print(repr(e.__cause__), e.__suppress_context__, e.__context__)\ndef f():\n    try:\n        getattr(3, 'zz')\n    except AttributeError:\n        raise TypeError('x') from None\ntry:\n    f()\nexcept TypeError as e:\n    print('ok', e, e.__cause__, e.__suppress_context__)\ne = ValueError(1)\ne.note = 'hi'\nprint(e.note, e.__cause__, e.__suppress_context__, e.args)\ne.args = (2, 3)\nprint(e, e.args)\ntry:\n    e.__cause__ = 5\nexcept TypeError as x:\n    print(x)\ntry:\n    e.missing\nexcept AttributeError as x:\n    print(x)\ndef g():\n    try:\n        {}['k']\n    except KeyError as k:\n        raise RuntimeError('wrapped') from k\ntry:\n    g()\nexcept RuntimeError as r:\n    print(repr(r.__cause__))\n")


def test_class_annotations():
    assert_same("class A:\n    x: int = 1\nclass B(A):\n    pass\nclass E:\n    pass\nprint(hasattr(E, '__annotations__'), E.__annotations__, B.__annotations__, A.__annotations__)\nE.__annotations__['q'] = int\nprint(E.__annotations__)\n")
    assert_same("class C:\n    x: int\n    y: float = 2.0\n    z = 5\n    w: 'list[int]' = []\nprint(C.__annotations__, C.__dict__.get('y'), 'x' in C.__dict__, C.y)\nclass D(C):\n    q: str = 'a'\nprint(D.__annotations__, C.__annotations__)\ndef f():\n    class L:\n        a: int = 1\n    return L.__annotations__\nprint(f())\n")


def test_str_join_and_isascii():
    assert_same("print(','.join(['a', 'b', 'c']), '-'.join(('x',)), ''.join([]), 'é'.join(['a', 'ü', '😀']), len('é'.join(['a', 'ü', '😀'])))\nprint('|'.join(str(i) for i in range(5)), ' '.join({'k': 1, 'j': 2}), ''.join('abc'), 'ab'.join(['', '']))\ns = 'é'.join(['a'] * 3); print(s[1], s[-1], s.isascii(), 'x'.join(['a']).isascii(), 'é'.join(['a']).isascii())\ntry: ','.join(['a', 1])\nexcept TypeError as e: print(e)\ntry: ','.join(5)\nexcept TypeError as e: print(e)\nprint(hash(','.join(['a','b'])) == hash('a,b'), ','.join(['a','b']) == 'a,b', {','.join(['q']): 1})\n")


def test_fixed_point_float_formatting():
    # 'f' / '%' formats: exact round-half-even of the binary value, every magnitude
    R = random.Random(11)
    vals = [0.0, -0.0, 0.5, 1.5, 2.5, 0.125, 0.375, 1e-7, 5e-324, 2.675, 1.005, 123456.789,
            2.0 ** 53, 2.0 ** 63, 2.0 ** 64 - 2048, 2.0 ** 64, 1e20, 9.995, 0.045, 1e16 + 2]
    while len(vals) < 400:
        kind = R.random()
        if kind < 0.3:
            v = R.uniform(-1e6, 1e6)
        elif kind < 0.5:
            v = R.randint(-10 ** 6, 10 ** 6) / R.choice([2, 4, 8, 16, 1000, 3])
        elif kind < 0.7:
            v = struct.unpack("<d", struct.pack("<Q", R.getrandbits(64)))[0]
            if v != v or abs(v) == float("inf"):
                continue
        else:
            v = R.uniform(-1, 1) * 10 ** R.randint(-20, 21)
        vals.append(v)
    assert_same("vals = [%s]\n" % ", ".join(repr(v) for v in vals) +
                "for v in vals:\n"
                "    print([format(v, '.%df' % p) for p in (0, 1, 2, 4, 6, 10, 17, 20)],\n"
                "          format(v, 'f'), format(v, '#.0f'), f'{v:.2%}', f'{v:+,.3f}',\n"
                "          f'{v:12.4F}', '%.3f|%f' % (v, v))\n")


def test_sort_and_slice_messages():
    assert_same("for v in [[1, 'a'], ['a', 1], [1.5, 'a', 2], [[1], (1,)], [None, 1], [{}, {}],"
                " [3, 1, 'x', 2] * 5]:\n"
                "    for rev in (False, True):\n"
                "        try:\n            print(sorted(v, reverse=rev))\n"
                "        except TypeError as e:\n            print(e)\n"
                "for target, value in [('::2', [1, 2]), ('::-1', [1, 2]), ('1:4:2', 'abc'),"
                " ('::2', 5), ('::2', [9, 9, 9]), ('::1', [9])]:\n"
                "    l = [1, 2, 3, 4, 5]\n"
                "    try:\n        exec('l[%s] = value' % target)\n        print(l)\n"
                "    except (TypeError, ValueError) as e:\n        print(type(e).__name__, e)\n"
                .replace("exec('l[%s] = value' % target)",
                         "l[slice(*[int(p) if p else None for p in target.split(':')])] = value"))


FSTRING_ERRORS = ["f'{a\\\\n}'", "f'{\"\\\\n\"}'", "f'{'a'}'", "f'{}'", "f'{ }'", "f'{x!}'",
                  "f'{x!z}'", "f'{x:{y:{z}}}'", "f'}'", "f'{'", "f'{x'", "f'{#}'", "f'{x!r=}'",
                  "f'{lambda x: 1}'", "f'''{\\n1}'''", "f'{*a}'", "f'{x!r :>3}'", "f'{(x)]}'",
                  "f'{x)}'", "f'{[x}'", "f'{x:}}'", "f'{1 + }'", "f'{x y}'",
                  "f'{f\"{\"\"!r:!<5}\"!r}'"]


@pytest.mark.parametrize("expr", FSTRING_ERRORS)
def test_fstring_errors_as_311(expr):
    assert_same("x, y, z, a = 1, 2, 3, 4\nprint(%s)\n" % expr)


def test_fstring_fields():
    assert_same("x = 3.5; s = 'ab'; n = 42; d = {'k': 1}\n"
                "print(f'{x=}', f'{s=}', f'{n = }', f'{x=:.2f}', f'{s=!s}', f'{n=:>5}')\n"
                "print(f'{x!r:>10}|', f'{s!r:^8}|', f'{n:{5}}|', f'{x:{n}.{2}f}|', f'{n:>{n//10}}')\n"
                "print(f'{{}}', f'{{{n}}}', f'{n:#x}', f\"{'a' 'b'}\", f'{d[\"k\"]}', f'{n!a}')\n"
                "print(f'{\"é\"!a}', f'{x == 1}', f'{x != 1}', f'{x<1}{x>1}{x<=1}', f'{x:{\"<\"}5}')\n")


def test_unicode_whitespace_case_and_tabs():
    assert_same("print(' a\\xa0b\\u2028c\\u3000'.split(), 'x\\u2028y\\x85z\\u2029'.splitlines(),"
                " '\\xa0q\\u3000'.strip(), 'a\\xa0b c'.rsplit(None, 1))\n"
                "print('a\\tb\\n\\tc'.expandtabs(), 'ab\\t'.expandtabs(3), '\\tx'.expandtabs(0))\n"
                "for w in ['ΣΑΣ', 'ΑΣ', 'Σ', 'ΑΣ.', \"ΑΣ'Α\", 'Α Σ Α', 'ΌΣΟΣ ΣΑΣ']:\n"
                "    print(w.lower(), w.title(), w.capitalize(), w.swapcase(), w.casefold())\n")


def test_exception_details():
    assert_same("try:\n    2.0 ** 5000\nexcept OverflowError as e:\n    print(e.args, repr(e))\n"
                "for k in ['\\u200b', \"it's\", 'a\\\\b', '\\U00051620\\t', 5]:\n"
                "    try:\n        {}[k]\n    except KeyError as e:\n        print(repr(e), e.args)\n"
                "d = {1: 1, 2: 2}\ntry:\n    for k in d:\n        del d[k]\n        d[k + 10] = 0\n"
                "except RuntimeError as e:\n    print(e)\n"
                "print({print(1) or 1: print(2)})\n")


def test_runaway_string_growth_is_memory_error():
    # under an address-space limit, as the kernel under a memory cgroup: MemoryError, and the
    # interpreter goes on
    src = ("s = 'x'\ntry:\n    while True:\n        s = s + s\nexcept MemoryError as e:\n"
           "    print('MemoryError', repr(str(e)))\ns = None\nprint('alive')\n")

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    p = subprocess.run([str(TK_PYTHON), "-c", src], capture_output=True, text=True, timeout=120,
                       preexec_fn=limit)
    assert p.stdout == "MemoryError ''\nalive\n", (p.stdout, p.stderr)


def test_int_true_division_rounds_once():
    assert_same("for a, b in [(1, 2**53 - 1), (1, 2**53 + 1), (2**53 + 1, 3), (2**62 + 1, 3),"
                " (-(2**61 + 3), 5), (9223372036854775807, 9223372036854775805), (-9223372036854775807 - 1, 7), (123456789123456789, 1000),"
                " (0, -5), (7, -2**60 - 1)]:\n    print(repr(a / b))\n")


def test_str_format_numbers_a_field_before_the_fields_in_its_spec():
    assert_same("print(repr('{:>{}}'.format(1, 5)), repr('{:{}.{}f}'.format(3.14159, 10, 2)))\n"
                "print(repr('{0:>{1}}|{1}'.format(1, 5)), repr('{a:{w}}'.format(a=1, w=5)))\n"
                "for bad in ['{:{}}', '{:{}}{}', '{0:{}}', '{:{0}}', '{!r:{}}', '{x:{}}']:\n"
                "    try:\n"
                "        print(repr(bad.format(1, 2)))\n"
                "    except Exception as e:\n"
                "        print(type(e).__name__, e)\n"
                "'{:>{}}'.format(1, 2 ** 62)\n")


def test_names_are_found_at_the_recursion_limit():
    # the runaway special method looks up a builtin at the limit: RecursionError, not NameError
    assert_same("class A:\n"
                "    def __repr__(self): return repr(self)\n"
                "    def __hash__(self): return hash(self)\n"
                "    def __len__(self): return len(self)\n"
                "    def __bool__(self): return bool(self)\n"
                "    def __format__(self, spec): return format(self, spec)\n"
                "for f in [repr, hash, len, bool, lambda a: format(a, 'x')]:\n"
                "    try:\n"
                "        f(A())\n"
                "    except RecursionError:\n"
                "        print('RecursionError')\n"
                "print(repr(1), hash(1), len('ab'))\n")


def test_max_and_min_take_one_pass():
    assert_same("print(max(range(10**6)), min(range(5, 10**6)), max(iter([2, 9, 4])))\n"
                "print(max([3, 1, 2]), min([3, 1, 2]), max(3, 1, 2), min(3, 1, 2), max('abc'))\n"
                "print(max([1, -5, 3], key=abs), min([1, -5, 3], key=abs), max([], default='d'))\n"
                "print(max([1, 1.0, True]), min([1, 1.0, True]), max([(1, 'b'), (1, 'a')]))\n"
                "print(min((x for x in [5, 4])), max({1: 2, 7: 0}), max('a', 'b', key=str.upper))\n"
                "bads = [lambda: max(), lambda: max([]), lambda: min(()), lambda: max(1),\n"
                "        lambda: max([1, 'a']), lambda: max(1, 2, default=0), lambda: max([1], foo=1),\n"
                "        lambda: max([1, 2], key=lambda v: 1 / 0), lambda: max(x for x in [1, None]),\n"
                "        lambda: min([2, 1], key=None)]\n"
                "for bad in bads:\n"
                "    try:\n"
                "        print(bad())\n"
                "    except Exception as e:\n"
                "        print(type(e).__name__, e)\n")


def test_dict_changed_while_iterated():
    """An empty dict updated from a dense one starts a fresh table (CPython clones the keys),
    so an iteration in progress ends or raises as CPython's does."""
    assert_same(r'''
d = {'k': 1}
for i in d:
    print(i, d.pop('k', None))
    d.update({'s': 2})
print(d)
e = {'a': 1, 'b': 2}
try:
    for i in e:
        e.pop('a', None); e.pop('b', None)
        e.update({'c': 3, 'd': 4})
        print(i)
except RuntimeError as x:
    print(x)
f = {'a': 1}
try:
    for i in f:
        del f['a']
        f['z'] = 5
        print(i)
except RuntimeError as x:
    print(x)
''')


def test_percent_formatting_calls_the_instance():
    """A %-format of an instance of an int subclass calls its __str__; arithmetic with such an
    instance works on its value."""
    assert_same(r'''
class I(int):
    def __str__(self): return 'I!'
x = I(8)
class S(str): pass
print('%s' % x, '%s' % (x,), '"' + S('a'), 10 % I(3), '%d' % I(5), '%r' % x)
''')
