"""Functions, scopes and the statements and builtins around them, against CPython 3.11:
nonlocal and closures, decorators, := , annotations, positional-only and keyword-only
parameters with every binding error, star-unpacking in calls, assignments and literals,
default arguments, lambdas, del/assert/augmented targets, and the builtins that look at
frames and attributes. Each program runs in tk-python and in CPython (cpython_diff), which
must print the same and end with the same exception. The kernel tests at the end check what
only a front end sees: exit/quit's ask_exit payload and obj? as a page payload."""
import random

import pytest

from conftest import execute, stdout_of
from cpython_diff import assert_same, run_both


def check_each(snippets):
    """Run each snippet as its own program (they may end in an exception)."""
    bad = []
    for src in snippets:
        k, c = run_both(src)
        if k != c:
            bad.append("program:\n%s\nkernel: %r\ncpython: %r" % (src, k, c))
    assert not bad, "\n\n".join(bad)


def guarded(snippets):
    """One program running every snippet under try/except, printing the result or the
    exception's type and message: many runtime cases for one process start each side."""
    out = []
    for i, s in enumerate(snippets):
        body = "\n".join("    " + l for l in s.strip("\n").split("\n"))
        out.append("try:\n%s\nexcept Exception as e:\n    print(%d, type(e).__name__, e)\n" %
                   (body, i))
    return "\n".join(out)


# ---- scopes: nonlocal, closures, global ---------------------------------------------------

SCOPES = [
    # nonlocal counters, nested levels, nonlocal of a parameter
    "def mk():\n    n = 0\n    def inc(k=1):\n        nonlocal n\n        n += k\n        return n\n"
    "    return inc\nc = mk(); c(); c(5); print(c(), mk()())",
    "def a():\n    x = 'a'\n    def b():\n        def c():\n            nonlocal x\n            x = x + 'c'\n"
    "        c()\n        return x\n    return b(), x\nprint(a())",
    "def f(x):\n    def g():\n        nonlocal x\n        x *= 2\n    g(); g()\n    return x\nprint(f(3))",
    "def f():\n    x = 1\n    def g():\n        nonlocal x\n        del x\n    g()\n    return x\nf()",
    "def f():\n    def g():\n        nonlocal x\n        x = 2\n    g()\n    return x\n    x = 0\nprint(f())",
    # closures read late bindings; the free-variable error
    "def f():\n    def g(): return y\n    r = []\n    try:\n        g()\n    except NameError as e:\n"
    "        r.append(str(e))\n    y = 5\n    r.append(g())\n    return r\nprint(f())",
    "y = 'global'\ndef f():\n    def g(): return y\n    g()\n    y = 1\nf()",
    "fs = [lambda: i for i in range(3)]\nprint([f() for f in fs])",
    "fs = [lambda i=i: i for i in range(3)]\nprint([f() for f in fs])",
    "def f():\n    x = 1\n    return [lambda: x + i for i in range(2)]\nprint([g() for g in f()])",
    # global edge cases
    "def f():\n    global g1, g2\n    g1, g2 = 1, 2\nf(); print(g1, g2)",
    "x = 1\ndef f():\n    global x\n    x += 1\n    del x\nf(); print('x' in globals())",
    "def f():\n    global q\n    return q\nf()",
    "def f():\n    print(x)\n    x = 1\nx = 0\nf()",
    "def outer():\n    x = 1\n    def inner():\n        global x\n        x = 2\n    inner()\n    return x\n"
    "print(outer(), x)",
    # methods close over the function around their class, not over the class body
    "def f():\n    x = 1\n    class A:\n        def g(self):\n            nonlocal x\n            x += 1\n"
    "            return x\n        def h(self):\n            return x * 10\n    a = A()\n"
    "    return a.g(), a.h(), x\nprint(f())",
    "def f():\n    l = [y for _ in 'a']\n    y = 1\nf()",
    "class A:\n    nonlocal x",
    # shadowing and class-free counters through dicts
    "def f():\n    d = {}\n    def g(k): d[k] = d.get(k, 0) + 1\n    g('a'); g('a'); g('b')\n    return d\nprint(f())",
    # a function holds the scopes around it only when it or what is nested in it reads them:
    # a class body two functions down, a nonlocal passed through a function, lambdas made in
    # a comprehension (whose names the parser meets after the element)
    "def a():\n    x = 5\n    def b():\n        class C:\n            y = x + 1\n            def m(self):\n"
    "                return x * 2\n        return C\n    return b()\nC = a()\nprint(C.y, C().m())",
    "def n1():\n    v = 0\n    def n2():\n        def n3():\n            nonlocal v\n            v += 1\n"
    "            return v\n        return n3\n    return n2()\nh = n1()\nprint(h(), h())",
    "def p():\n    z = 3\n    return [(lambda: z + k) for k in range(2)]\nprint([q() for q in p()], [f() for f in [lambda: i for i in 'ab']])",
    "def q1():\n    w = 4\n    def q2():\n        return (lambda: [w for _ in range(1)])(), list((lambda: w)() for _ in 'ab')\n    return q2()\nprint(q1())",
    # classes made in a function: moved to their slots after the statement unless something
    # nested names them
    "def b(v):\n    class Box:\n        def get(self):\n            return v\n    r = [Box().get()]\n"
    "    del Box\n    try:\n        Box\n    except NameError as e:\n        r.append(type(e).__name__)\n"
    "    return r\nprint(b(1))",
    "def c(v):\n    for i in range(2):\n        class K:\n            n = i\n            def m(self):\n"
    "                return v + self.n\n        v += K().m()\n    return v, K.n, K.__qualname__\nprint(c(1))",
    "def e(x):\n    class P:\n        def f(self):\n            return x, P.__name__\n    class Q(P):\n        pass\n"
    "    return Q().f(), Q.__mro__[1] is P\nprint(e(3))",
    "def g(n):\n    class R:\n        pass\n    yield R.__name__\n    yield n\nprint(list(g(2)))",
    "def h():\n    try:\n        class S:\n            raise ValueError('in body')\n    except ValueError as ex:\n"
    "        return str(ex)\n    return S\nprint(h())\nh2 = lambda: [type('T', (), {})().__class__.__name__ for _ in 'a']\nprint(h2())",
    "def s1():\n    t = 2\n    class K:\n        def __init__(self):\n            self.v = [t for _ in range(2)]\n"
    "        def plain(self):\n            return 1\n    return K().v, K().plain()\nprint(s1())",
]

SCOPE_SYNTAX = [
    "def f():\n    nonlocal x",
    "nonlocal x",
    "def f():\n    x = 1\n    def g():\n        print(x)\n        nonlocal x",
    "def f():\n    x = 1\n    def g():\n        global x\n        nonlocal x",
    "def f(x):\n    def g():\n        x = 1\n        nonlocal x",
    "def f(x):\n    nonlocal x",
    "def f(x):\n    global x",
    "def f():\n    global x\n    def g():\n        nonlocal x",
    "def f():\n    print(x)\n    global x",
    "def f():\n    x = 1\n    global x",
    "def f():\n    x = 1\n    def g():\n        def h():\n            nonlocal x\n            x = 2\n        h()\n"
    "        return x\n    return g()\nprint(f())",
]


def test_scopes():
    check_each(SCOPES)


def test_scope_syntax_errors():
    check_each(SCOPE_SYNTAX)


# ---- decorators ----------------------------------------------------------------------------

DECORATORS = [
    "def deco(fn):\n    print('deco', fn.__name__)\n    return fn\n"
    "def mk(n):\n    print('mk', n)\n    def d(fn):\n        print('apply', n)\n        return lambda *a: (n, fn(*a))\n"
    "    return d\n@deco\n@mk(1)\n@mk(2)\ndef f(x):\n    return x * 2\nprint(f(3), f.__name__)",
    "import functools\n@functools.lru_cache(maxsize=None)\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n"
    "print(fib(60))",
    "ds = [lambda f: f, lambda f: (lambda: f() + 1)]\n@ds[1]\ndef g():\n    return 1\nprint(g())",
    "def count(fn):\n    def w(*a, **k):\n        w.calls += 1\n        return fn(*a, **k)\n    w.calls = 0\n    return w\n",
    "@(lambda f: f)\ndef h(): return 'h'\nprint(h())",
    "x = None\n@(x := lambda f: f)\ndef k(): return 'k'\nprint(k(), x is not None)",
    "@undefined_decorator\ndef f(): pass",
    "def d(f):\n    return 42\n@d\ndef f(): pass\nprint(f)",
    "def f():\n    def d(fn):\n        return lambda: fn() * 3\n    @d\n    def g():\n        return 2\n    return g()\nprint(f())",
    "def bad(fn):\n    raise ValueError('no ' + fn.__name__)\n@bad\ndef f(): pass",
    "@\ndef f(): pass",
    "@a b\ndef f(): pass",
    # on classes and methods
    "registry = []\ndef register(cls):\n    registry.append(cls.__name__)\n    return cls\n"
    "def tag(t):\n    print('tag', t)\n    def d(cls):\n        cls.tag = t\n        return cls\n    return d\n"
    "@register\n@tag('x')\nclass A:\n    pass\nprint(registry, A.tag)",
    "def swap(cls):\n    return 42\n@swap\nclass B: pass\nprint(B)",
    "def logged(fn):\n    def w(self, *a):\n        print('call', fn.__name__, a)\n        return fn(self, *a)\n    return w\n"
    "class C:\n    @logged\n    def m(self, x, /, y=2):\n        return x + y\n    @staticmethod\n    @logged\n"
    "    def s(*a):\n        return a\nprint(C().m(1), C.s(5))",
    "@undefined_class_decorator\nclass D: pass",
    "@print\nclass E: pass",
    "def d(x):\n    print('d', x)\n    return x\n@d\nclass F(d(object)): pass",
]


def test_decorators():
    check_each(DECORATORS)


# ---- walrus ----------------------------------------------------------------------------------

WALRUS = [
    "if (n := 10) > 5:\n    print(n)",
    "data = [1, 2, 3, 0, 4]\ni = 0\nwhile (v := data[i]) != 0:\n    print(v)\n    i += 1",
    "print([y := i * 2 for i in range(3)], y)",
    "def f():\n    r = [(z := k) for k in range(4) if k % 2]\n    return z, r\nprint(f())",
    "def f():\n    [(w := k) for k in range(3)]\n    def g():\n        return w\n    return g()\nprint(f())",
    "print([(t := x) + t for x in [1, 2]])",
    "print((a := 1, b := 2), a, b)",
    "print(f'{(q := 5)} {q}')",
    "def f(x=(y := 3)):\n    return x\nprint(f(), y)",
    "vals = [s for x in range(6) if (s := x * x) > 4]\nprint(vals, s)",
    "print({k: (m := v) for k, v in {'a': 1}.items()}, m)",
    "l = [1, 2]\nprint(l[(i := 1)], i)",
]

WALRUS_SYNTAX = [
    "(a.b := 1)", "(a[0] := 1)", "(1 := 2)", "x := 1", "(f() := 1)", "((a) := 1)",
    "([x for x in y] := 1)", "[y := 1 for y in range(3)]", "[x for x in (y := [1])]",
    "def f():\n    (x := 1)\n    global x", "[[(i := 0) for j in a] for i in b]",
    "(None := 1)", "(True := 1)", "('s' := 1)",
]


def test_walrus():
    check_each(WALRUS)


def test_walrus_syntax_errors():
    check_each(WALRUS_SYNTAX)


# ---- annotations -------------------------------------------------------------------------------

ANNOTATIONS = [
    "x: int = 3\nprint(x, __annotations__)",
    "y: 'str'\nprint(__annotations__)\nprint(y)",
    "(z): int = 1\nprint(__annotations__, z)",
    "t: int = 1, 2\nprint(t)",
    "def f(a: int = 1, *b: str, c: 'kw' = 2, **d: float) -> None:\n    return a\n"
    "print(f(), f.__annotations__)",
    "def f():\n    x: undefined_name = 5\n    y: undefined_too\n    return x\nprint(f())",
    "def f():\n    print(x)\n    x: int\nf()",
    "x: undefined_name",
    "def f(a: undefined_name): pass",
    "l = [0]\nl[0]: int = 7\nprint(l)",
    "a, b: int",
    "[a]: int",
    "class_ = {}\nclass_['k']: str = 'v'\nprint(class_)",
    "lambda x: int: x",
    # annotations written with the builtin generics (PEP 585) evaluate
    "print(list[int], dict[str, list[int]], tuple[int, ...], type[int], list[()])\n"
    "print(list[int]('ab'), dict[str, int](a=1), list[int].__origin__, dict[str, int].__args__)",
    "def f(x: list[int], y: dict[str, float] = {}) -> tuple[int, str]:\n    return x\n"
    "print(f([1]), f.__annotations__)",
    "int[0]",
    "from typing import List, Optional, Dict, Tuple, Any, Callable, Union, TypeVar, Iterable\n"
    "import typing\n"
    "def f(x: List[int], y: Optional[str] = None, *, z: Dict[str, Any] = {}) -> Tuple[int, ...]:\n"
    "    return tuple(x)\nprint(f([1, 2]), f.__annotations__)\n"
    "print(List[int], Optional[int], Union[int, str], Union[int, None], Callable[[int], str])\n"
    "print(Dict[str, List[float]], typing.Any, List, Tuple[int, ...], TypeVar('T'), Iterable[int])\n"
    "print(typing.cast(int, '3'), List[int] == List[int])\nList[int]()",
    "def f(a: int = 1, /, b=2, *c: str, d=(1, 2), e, **k) -> list:\n    'doc'\nhelp(f)",
]


def test_annotations():
    check_each(ANNOTATIONS)


# ---- parameters and binding errors ---------------------------------------------------------

BINDING = [
    "def f(a): pass\nf(*1)",
    "def f(a): pass\nf(**[])",
    "print(*1)",
    "len(**1)",
    "int(*1)",
    "def f(**k): pass\nf(**{'x': 1}, **{'x': 2})",
    "def f(**k): pass\nf(x=1, **{'x': 2})",
    "def f(x): pass\nf(x=1, **{'x': 2})",
    "def f(a): pass\nf(1, **{1: 2})",
    "def f(a, /, b): pass\nf(a=1, b=2)",
    "def f(a, b, /, c): pass\nf(a=1, b=2, c=3)",
    "def f(a, b, /, c, **k): return a, b, c, k\nprint(f(1, 2, a=1, c=3))",
    "def f(*, a, b): pass\nf()",
    "def f(x, *, a, b=2): pass\nf(1, 2)",
    "def f(x, *, a, b=2): pass\nf(1, 2, 3, a=1)",
    "def f(x=1, *, a, b=2): pass\nf(1, 2, 3)",
    "def f(): pass\nf(1)",
    "def f(): pass\nf(a=1)",
    "def f(**k): pass\nf(1)",
    "def f(a, b, c): pass\nf(c=1)",
    "def f(a, b, c, d): pass\nf()",
    "def f(a, b=1, *c, d, e=2, **f): pass\nf()",
    "def f(a, b=1, *c, d, e=2, **f): pass\nf(1)",
    "def f(a, a2): pass\nf(1, 2, a=3)",
    "def f(a, *, b): pass\nf(1, 2, b=3, c=4)",
    "f = lambda: 0\nf(1)",
    "def g():\n    def f(a): pass\n    f()\ng()",
    "def f(x, /, *, a): pass\nf(x=1, a=1)",
    "def f(a, b, /): pass\nf(1)",
    "def f(a, /, b, *, c): return a, b, c\nprint(f(1, 2, c=3), f(1, b=2, c=3))",
    "def f(a, b=2, /, c=3): return a, b, c\nprint(f(1), f(1, 5), f(1, c=9))",
    "print((lambda a, /, b=2: (a, b))(1))",
    "(lambda a, /: a)(a=1)",
    "def f(*args, **kwargs): return args, kwargs\nprint(f(*[1, 2], *(3,), **{'a': 1}, **{'b': 2}))",
    "def f(a, b, *c, **d): return a, b, c, d\nprint(f(*range(5), x=1))",
    "print(*[1, 2], *'ab', sep='-')",
]

PARAM_SYNTAX = [
    "def f(/, a): pass", "def f(a, /, /): pass", "def f(*, a, /): pass", "def f(*): pass",
    "def f(*, **k): pass", "def f(a=1, /, b): pass", "def f(**k, a): pass",
    "def f(*a, *b): pass", "def f(a, a): pass", "def f(a=1, b): pass", "f(x for x in y, 1)",
    "f(a=1, a=2)", "f(a=1, 2)", "lambda *: 0",
]


def test_binding_errors():
    check_each(BINDING)


def test_parameter_syntax_errors():
    check_each(PARAM_SYNTAX)


def _random_signature(r):
    params, names = [], []
    nposonly, nnormal, nkwonly = r.randint(0, 2), r.randint(0, 2), r.randint(0, 2)
    dflt = False
    for i in range(nposonly + nnormal):
        n = "p%d" % i
        names.append(n)
        if dflt or r.random() < 0.3:
            dflt = True
            params.append("%s=%d" % (n, 10 + i))
        else:
            params.append(n)
        if i == nposonly - 1:
            params.append("/")
    star = r.random() < 0.4
    if star:
        params.append("*args")
    elif nkwonly:
        params.append("*")
    for i in range(nkwonly):
        n = "k%d" % i
        names.append(n)
        params.append(n + ("=%d" % (20 + i) if r.random() < 0.4 else ""))
    if r.random() < 0.4:
        params.append("**kw")
    return ", ".join(params), names


def _random_call(r, names):
    args = [str(i) for i in range(r.randint(0, 4))]
    pool = names + ["z"]
    for n in r.sample(pool, r.randint(0, min(3, len(pool)))):
        args.append("%s=%d" % (n, r.randint(0, 9)))
    if r.random() < 0.2:
        args.append("*%r" % ([7] * r.randint(0, 2)))
    if r.random() < 0.2:
        args.append("**%r" % ({r.choice(pool): 5}))
    # keep Python's argument order: positional and * before keywords and **
    pos = [a for a in args if "=" not in a and not a.startswith("**")]
    kws = [a for a in args if "=" in a or a.startswith("**")]
    return ", ".join(pos + kws)


@pytest.mark.parametrize("seed", range(6))
def test_generated_signatures_and_calls(seed):
    r = random.Random(seed)
    progs = []
    for _ in range(8):
        sig, names = _random_signature(r)
        body = "return (%s)" % "".join(n + ", " for n in names) if names else "return ()"
        calls = [("f(%s)" % _random_call(r, names)) for _ in range(10)]
        progs.append("def f(%s):\n    %s\n" % (sig, body) + guarded(["print(%s)" % c for c in calls]))
    check_each(progs)


# ---- star-unpacking in assignments and literals -------------------------------------------

UNPACKING = [
    "a, *b, c = range(5)\nprint(a, b, c)",
    "*a, b = 'xyz'\nprint(a, b)",
    "a, (b, *c), d = 1, (2, 3, 4), 5\nprint(a, b, c, d)",
    "[a, [b, c]] = [1, [2, 3]]\nprint(a, b, c)",
    "for a, *b in [(1, 2, 3), (4,)]:\n    print(a, b)",
    "for (i, (j, k)) in enumerate([(1, 2)]):\n    print(i, j, k)",
    "a, *b, c = [1]",
    "a, b = 1, 2, 3",
    "a, b, c = 1, 2",
    "a, b = 1",
    "*a, = []\nprint(a)",
    "print([*[1, 2], *'ab', *range(2)], (*[1],), [*()], {**{'a': 1}, 'k': 1, **{'a': 2}})",
    "print({**{}, **dict(x=1)})",
    "print([*1])",
    "print({**[1]})",
    "*a = [1]",
    "a, *b, *c = [1, 2]",
    "x = *[1],\nprint(x)",
    "print(*[])",
    "d = {'a': 1}\nprint({**d, 'a': 0}, {'a': 0, **d})",
]


def test_unpacking():
    check_each(UNPACKING)


# ---- defaults, lambdas, recursion -----------------------------------------------------------

DEFAULTS_LAMBDAS = [
    "def f(x, acc=[]):\n    acc.append(x)\n    return acc\nf(1); print(f(2), f(3, []))",
    "n = 1\ndef f(x=n):\n    return x\nn = 2\nprint(f())",
    "def f(a, b={}):\n    b[a] = len(b)\n    return b\nf('x'); print(f('y'))",
    "calls = []\ndef d(v):\n    calls.append(v)\n    return v\ndef f(a=d(1), b=d(2)):\n    return a + b\n"
    "print(calls, f(), f(), calls)",
    "print(sorted(['bb', 'a', 'ccc'], key=lambda s: -len(s)))",
    "print((lambda x, y=2, *a, k=3, **kw: (x, y, a, k, kw))(1, 5, 6, z=7))",
    "print((lambda: 'now')())",
    "print(list(map(lambda x: x * x, range(4))), list(filter(lambda x: x % 2, range(5))))",
    "f = lambda n: 1 if n < 2 else n * f(n - 1)\nprint(f(10))",
    "print((lambda *a: sum(a))(*range(5)))",
    "adders = {k: (lambda x, k=k: x + k) for k in range(3)}\nprint(adders[2](10))",
    "print(max([3, 1, 2], key=lambda v: -v), min('abc', key=lambda c: ord(c) % 3))",
    "def f(): return f()\nf()",
    "f = lambda: f()\nf()",
    "def f(*a): return f(*a)\nf()",
    "def f(x): return list(map(f, [x]))\nf(1)",
    "def f(x): return sorted([1, 2], key=f)\nf(1)",
    "def f(n):\n    return 0 if n == 0 else 1 + f(n - 1)\nprint(f(900))",
    "def f(a, b=1, *args, c, d=2, **kw):\n    'doc here'\n    return a\nprint(f.__name__, f.__qualname__, f.__doc__, f.__module__)",
    "def outer():\n    def inner(): pass\n    return inner\nprint(outer().__qualname__)",
]


def test_defaults_and_lambdas():
    check_each(DEFAULTS_LAMBDAS)


# ---- statements: del, assert, augmented targets, chained comparisons --------------------

STATEMENTS = [
    "x = [1, 2, 3, 4, 5]\ndel x[1], x[-1]\nprint(x)",
    "x = list(range(10))\ndel x[::3]\nprint(x)\ndel x[1:3]\nprint(x)",
    "d = {'a': 1, 'b': 2}\ndel d['a']\nprint(d)\ndel d['zz']",
    "a = b = 1\ndel a, b\nprint('a' in globals())",
    "del x",
    "def f():\n    del y\nf()",
    "def f():\n    y = 1\n    del y\n    return y\nf()",
    "del f()", "del 1", "del (a + b)", "del [a, (b, c)]",
    "import math\ndel math.pi\nprint(hasattr(math, 'pi'))\ndel math.zz",
    "assert 1 == 2, 'message ' + str(3)",
    "assert [], ['not', 'str']",
    "assert 0",
    "assert True, 1 / 0\nprint('ok')",
    "x = 0\nassert (x := 5) == 5\nprint(x)",
    "l = [1, 2]\nl[0] += 10\nl[-1] *= 3\nprint(l)",
    "d = {}\nd.setdefault('k', []).append(1)\nd['k'] += [2]\nprint(d)",
    "import math\nmath.e += 1\nprint(round(math.e, 3))",
    "l = [[0]]\nl[0][0] -= 1\nprint(l)",
    "s = 'a'\ns *= 3\ns += 'b'\nprint(s)",
    "x = 1\nx <<= 3\nx |= 1\nx //= 2\nx **= 2\nprint(x)",
    "d = {}\nd['missing'] += 1",
    "x = 5\nprint(1 < x < 10, 1 < x > 10, 1 < 2 < 3 < 4 > 2, 3 > x == 5)",
    "def v(n):\n    print('eval', n)\n    return n\nprint(v(1) < v(0) < v(2))",
    "print(1 < 'a' < 2)",
    "print(1 == 1.0 == True, 'a' in 'abc' in ['abc'], None is None is not False)",
    "(a, b) += 1",
    "f() = 1",
    "x + 1 = 2",
]


def test_statements():
    check_each(STATEMENTS)


# ---- builtins -------------------------------------------------------------------------------

BUILTINS = [
    "def f(a, b=2):\n    c = 3\n    def g(): return a\n    return sorted(locals())\nprint(f(1))",
    "def f():\n    x = 1\n    def g():\n        y = 2\n        return locals(), x\n    return g()\nprint(f())",
    "print(locals() is globals(), vars() is globals(), globals()['__name__'])",
    "def f():\n    return vars()\nprint(f())",
    "print(vars(1))",
    "import math\nprint(vars(math)['pi'])",
    "print(locals(1))",
    "print(vars(1, 2))",
    "print(id(1) == id(1), id([]) != 0, type(id(None)).__name__)",
    "print(hash(1), hash('a') == hash('a'), hash((1, 2)) == hash((1, 2)), hash(True))",
    "hash([])",
    "hash({})",
    "print(callable(len), callable(1), callable(lambda: 0), callable(int), callable('s'.upper))",
    "import math\nprint(getattr(math, 'pi'), getattr(math, 'nope', 'dflt'))",
    "getattr(1, 'nope')",
    "getattr(1, 2)",
    "getattr(1)",
    "import math\nsetattr(math, 'answer', 42)\nprint(math.answer, hasattr(math, 'answer'))\n"
    "delattr(math, 'answer')\nprint(hasattr(math, 'answer'))",
    "print(hasattr([], 'append'), hasattr([], 'nope'))",
    "setattr(1, 'x', 2)",
    "delattr(1, 'nope')",
    "l = [1, 2, 3, 4]\nit = iter(l.pop, 2)\nprint(list(it), l)",
    "n = [0]\ndef tick():\n    n[0] += 1\n    return n[0]\nprint(list(iter(tick, 4)))",
    "iter(1, 2)",
    "it = iter([1])\nprint(next(it), next(it, 'dflt'), next(it, None))",
    "next(iter([]))",
    "next([])",
    "it = iter([3, 2, 1])\nprint(list(iter(lambda: next(it), 1)))",
]


def test_builtins():
    check_each(BUILTINS)


# ---- function objects: attributes, defaults, functools.wraps ----------------------------

FUNCTION_OBJECTS = [
    'import functools\ndef deco(fn):\n    @functools.wraps(fn)\n    def w(*a, **k):\n        w.calls += 1\n        return fn(*a, **k)\n    w.calls = 0\n    return w\n@deco\ndef hello(x: int) -> str:\n    "say hi"\n    return \'hi %d\' % x\nprint(hello(1), hello(2), hello.calls, hello.__name__, hello.__doc__, hello.__qualname__)\nprint(hello.__wrapped__.__name__, hello.__annotations__, hello.__module__)\nprint(repr(hello).split(\' at \')[0])\n',
    'def g(): pass\ng.attr = 1\ng.attr += 1\nprint(g.attr, g.__dict__)\ndel g.attr\nprint(g.__dict__)\ndel g.attr\n',
    'def g(a=1, *, b=2): pass\nprint(g.__defaults__, g.__kwdefaults__)\ndef h(x, y): pass\nprint(h.__defaults__, h.__kwdefaults__)\n',
    'def g(): pass\ng.__name__ = 3\n',
    'import functools\ndef f(a, b): return a - b\np = functools.update_wrapper(lambda *a: f(*a), f)\nprint(p(5, 3), p.__name__, p.__wrapped__ is f)\n',
    'import functools\nprint(functools.wraps(len)(lambda: 0).__name__)\n',
]


def test_function_objects():
    check_each(FUNCTION_OBJECTS)


# ---- through a kernel: exit/quit and obj? ----------------------------------------------------

@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    from jupyter_client.manager import start_new_kernel
    km, client = start_new_kernel(kernel_name="tensorkernel", startup_timeout=30)
    yield client
    client.stop_channels()
    km.shutdown_kernel(now=True)


def test_exit_quit_payloads(kc):
    """Like ipykernel: calling exit or quit anywhere puts one ask_exit payload on the reply;
    the cell runs on (the front end decides); keep_kernel is passed through."""
    ask = {"source": "ask_exit", "keepkernel": False}
    for code in ["exit", "quit", "exit()", "quit()", "if True:\n    exit()\nprint('after')",
                 "def g():\n    exit()\ng()\nexit()"]:
        reply, msgs = execute(kc, code)
        assert reply["status"] == "ok", (code, reply)
        assert reply["payload"] == [ask], code
    reply, msgs = execute(kc, "exit()\nprint('after')")
    assert stdout_of(msgs) == "after\n"
    reply, _ = execute(kc, "exit(keep_kernel=True)")
    assert reply["payload"] == [{"source": "ask_exit", "keepkernel": True}]
    reply, msgs = execute(kc, "print(repr(exit).split(' object at ')[0], type(quit).__name__)")
    assert stdout_of(msgs) == "<IPython.core.autocall.ZMQExitAutocall ZMQExitAutocall\n"
    reply, _ = execute(kc, "x = 1")
    assert reply["payload"] == []
    # in a longer cell a bare `exit` is only a value (IPython autocalls a lone line only)
    reply, msgs = execute(kc, "x = 1\nexit")
    assert reply["payload"] == []
    [res] = [c["data"]["text/plain"] for t, c in msgs if t == "execute_result"]
    assert res.startswith("<IPython.core.autocall.ZMQExitAutocall at 0x")


def test_help_syntax_anywhere_in_a_cell(kc):
    """obj? / obj?? on a line of its own, anywhere in a cell, pages the inspect text (the
    rest of the cell runs), as IPython rewrites such lines to %pinfo."""
    execute(kc, "def fn(a, b=2):\n    'the doc'\n    return a\n")
    reply, msgs = execute(kc, "v = 1\nfn?\nw = v + 1\nprint(w)")
    assert reply["status"] == "ok"
    assert stdout_of(msgs) == "2\n"
    [page] = reply["payload"]
    assert page["source"] == "page" and page["start"] == 0
    text = page["data"]["text/plain"]
    assert "fn(a, b=2)" in text and "the doc" in text
    reply, _ = execute(kc, "if True:\n    fn??\n")
    [page] = reply["payload"]
    assert "return a" in page["data"]["text/plain"]  # ?? shows the source
    reply, msgs = execute(kc, "x = 3\nno_such_name?")
    assert reply["payload"] == [] and "Object `no_such_name` not found." in stdout_of(msgs)
    reply, msgs = execute(kc, "print('a?')\ns = '''\nlen?\n'''\nprint(len(s))")
    assert reply["payload"] == [] and stdout_of(msgs) == "a?\n6\n"


def test_help_builtin(kc):
    reply, msgs = execute(kc, "def g(x, *, y=1):\n    'Doc of g.'\nhelp(g)")
    assert reply["status"] == "ok"
    out = stdout_of(msgs)
    assert "g(x, *, y=1)" in out and "Doc of g." in out


def test_recursion_messages():
    """RecursionError's message, with " while calling a Python object" where CPython adds
    it (the limit reached in a C-level call such as functools.partial's)."""
    check_each([
        "import functools\ndef f():\n    return functools.partial(f)()\nf()",
        "def f():\n    return (lambda: f())()\nf()",
        "def f(x):\n    return list(filter(f, [x]))\nf(1)",
        "def f():\n    return {k: f() for k in [1]}\nf()",
        "def f():\n    return '{}'.format(f())\nf()",
        "def f(*a, **k):\n    return f(*a, **k)\nf(1, x=2)",
    ])


def _random_scope_program(r):
    """A random nest of functions: an outer function binding some names, an inner one that
    reads, rebinds (nonlocal/global) or shadows them, decorated or not, with := in
    comprehensions; called several times."""
    names = ["a", "b", "c"]
    lines = ["a = 100", "b = 200", "c = 300", "log = []"]
    lines.append("def outer(p, q=%d):" % r.randint(0, 5))
    for n in r.sample(names, r.randint(0, 3)):
        lines.append("    %s = p + %d" % (n, r.randint(0, 9)))
    decl = r.choice(["nonlocal", "global", "", ""])
    inner_names = r.sample(names, r.randint(1, 2))
    bound_in_outer = [n for n in names if "    %s = " % n in "\n".join(lines)]
    if decl == "nonlocal":
        inner_names = [n for n in inner_names if n in bound_in_outer] or None
        if inner_names is None:
            decl = ""
            inner_names = ["a"]
    if r.random() < 0.5:
        lines.append("    def twice(fn):")
        lines.append("        return lambda *args: fn(*args) + fn(*args)")
        lines.append("    @twice")
    lines.append("    def inner(k):")
    if decl:
        lines.append("        %s %s" % (decl, ", ".join(inner_names)))
    for n in inner_names:
        op = r.choice(["+=", "=", "-="]) if decl else "="
        if op == "=" or decl:
            lines.append("        %s %s k * %d" % (n, op, r.randint(1, 3)))
    lines.append("        log.append((%s))" % "".join("%s, " % n for n in names))
    lines.append("        return %s" % " + ".join(names))
    lines.append("    r1 = inner(1)")
    lines.append("    r2 = inner(p)")
    if r.random() < 0.5:
        lines.append("    sq = [w := x * x for x in range(q + 1)]")
        lines.append("    r2 += w + len(sq)")
    lines.append("    return r1, r2, %s" % ", ".join("%s" % n for n in names))
    lines.append("for i in range(3):")
    lines.append("    print(outer(i), a, b, c)")
    lines.append("print(log)")
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(4))
def test_generated_scope_programs(seed):
    r = random.Random(1000 + seed)
    check_each([_random_scope_program(r) for _ in range(15)])


def test_sibling_closures_outlive_their_frame():
    """A returned closure that calls a sibling closure still sees the variables the sibling
    reads (the frame's cycle breaking must leave a scope alone while anything outside holds
    it), and closures that do not escape are still freed: memory stays flat in a loop."""
    assert_same(r'''
def mk():
    _type = type
    def f():
        return _type
    def g():
        return f()
    return g
print(mk()())
def chain():
    a = 1
    def one():
        return a
    def two():
        return one() + 1
    def three():
        return two() + 1
    return [three, two]
t3, t2 = chain()
print(t3(), t2())
def counter():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    def get():
        return inc()
    return get
c = counter()
c()
print(c())
''')
    prog = ("def f(i):\n    y = [i] * 100\n    def g(): return y\n    def h(): return g()\n    return h()\n"
            "for i in range(%d): f(i)\n"
            "print(open('/proc/self/status').read().split('VmRSS:')[1].split()[0])\n")
    small = int(run_both(prog % 20000)[0][0])
    big = int(run_both(prog % 200000)[0][0])
    assert big < small + 20000, (small, big)  # kB: a leak of 200k frames would be ~200 MB


def test_import_star():
    """from m import * at module level (m.__all__ when it has one, else its public names),
    and CPython's SyntaxError inside a function."""
    assert_same(r'''
from math import *
print(sqrt(16), pi, floor(2.7))
from collections import *
print(Counter('aab').most_common(1), deque([1]))
from os.path import *
print(join('a', 'b'), basename('/x/y.txt'))
def f():
    return sqrt(9)
print(f())
''')
    assert_same("def g():\n    from math import *\n")
