"""The bytecode VM (kernel/lang/vm.c) against CPython 3.11 and against the tree-walking
evaluator it replaces on the hot path.

Every program here runs in tk-python with the VM (the default) and in CPython, which must
print the same and end with the same exception (cpython_diff). The programs are written so
that the VM runs them: the last test checks, through TK_VM_STATS, that no function body in
them fell back to the tree-walker, so the comparisons really exercise the VM. Errors raised
inside VM code must leave the same IPython-style traceback as the tree-walker's (TK_VM=0):
compared line for line through TK_TRACEBACK=1."""
import os
import re
import subprocess
import tempfile

import pytest

from cpython_diff import TK_PYTHON, assert_same

PROGRAMS = {
    "loops_and_else": """
def f(n):
    out = []
    for i in range(n):
        if i == 2:
            continue
        if i == 7:
            break
        out.append(i)
    else:
        out.append('no break')
    k = 0
    while k < 3:
        k += 1
    else:
        out.append(('while else', k))
    for j in range(2):
        for m in range(5):
            if m == 1:
                break
        else:
            out.append('inner else')
    return out
print(f(5), f(9))
""",
    "scopes_and_comprehensions": """
x = 'global x'
def f(n):
    x = 10
    a = [x for x in range(n)]
    b = {x: x * x for x in range(n) if x % 2}
    c = {x % 3 for x in range(n)}
    d = [[y * x for y in range(x)] for x in range(n)]
    e = [z for z in range(n) if (w := z * 2) > 2]
    return x, a, b, sorted(c), d, e, w
print(f(5), x)
y = [x for x in 'ab']
print(x, y)
def g():
    return [v for v in range(3) if v > lim]
lim = 0
print(g())
""",
    "unpacking": """
def f(s):
    a, *b = s
    *c, d = s
    (e, g), h = (1, 2), 3
    first, *mid, last = range(6)
    return a, b, c, d, e, g, h, first, mid, last
print(f('xyz'), f([1, 2]))
def bad(v):
    a, b = v
for v in ([1], [1, 2, 3], 5, 'ab'):
    try:
        print(bad(v))
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
def star_bad():
    a, *b, c = [1]
try:
    star_bad()
except ValueError as e:
    print(e)
""",
    "int_fast_paths": """
def f():
    big = 2 ** 62
    out = [big + big, big * 4, -big - big - big, 3 - 5, 7 * -3]
    for x in (-7, 7, 0, -1, 2 ** 63 - 1, -2 ** 63):
        for y in (3, -3, 1, 2 ** 62):
            out.append((x // y, x % y, x < y, x <= y, x == y, x != y, x > y, x >= y))
    out.append((True + 1, 1 < 1.5, 2 ** 64 % 10, -2 ** 70 // 3))
    for z in (0, 1, -1):
        if z:
            out.append(('true', z))
    return out
print(f())
def div0(x):
    return x // 0
for x in (1, 0):
    try:
        print(div0(x))
    except ZeroDivisionError as e:
        print(e)
""",
    "names_and_errors": """
def ub():
    print(q)
    q = 1
def free():
    return [k for k in range(2) if m]
    m = 1
def delete():
    a = 1
    del a
    return a
def nameerr():
    return not_defined_anywhere
for fn in (ub, free, delete, nameerr):
    try:
        fn()
    except NameError as e:
        print(type(e).__name__, e)
counter = 0
def bump():
    global counter
    counter += 1
    return counter
print(bump(), bump(), counter)
def shadow():
    return len('abc')
print(shadow())
len = lambda s: 'shadowed'
print(shadow())
del len
print(shadow())
""",
    "try_except_finally": """
def f1(n):
    out = []
    for i in range(n):
        try:
            if i == 1:
                continue
            if i == 3:
                raise ValueError('three')
            if i == 5:
                break
            out.append(i)
        except ValueError as e:
            out.append(str(e))
        else:
            out.append('else')
        finally:
            out.append('fin%d' % i)
    return out
print(f1(8))
def f2():
    try:
        return 'body'
    finally:
        print('finally runs')
print(f2())
def f3():
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            raise KeyError('k')
    except KeyError as e:
        return repr(e)
print(f3())
def f4():
    try:
        raise TypeError('t')
    finally:
        return 'swallowed'
print(f4())
def f5():
    for i in range(3):
        try:
            pass
        finally:
            if i == 1:
                break
    return i
print(f5())
def f6():
    try:
        int('zz')
    except (TypeError, ValueError) as e:
        print('caught', type(e).__name__)
        try:
            raise
        except ValueError as e2:
            print('reraised', e2)
    try:
        e
    except NameError as ne:
        print(ne)
f6()
def f7():
    try:
        raise ValueError('v')
    except undefined_thing:
        pass
try:
    f7()
except NameError as e:
    print('NameError', e)
class E(Exception):
    pass
def f8():
    try:
        raise E('mine') from KeyError('cause')
    except E as e:
        return type(e).__name__, str(e), repr(e.__cause__)
print(f8())
""",
    "with_statements": """
class CM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print('enter', self.name)
        return self
    def __exit__(self, t, v, tb):
        print('exit', self.name, t.__name__ if t else None, v)
        return self.suppress
def f4():
    with CM('a') as a, CM('b', True) as b:
        print(a.name, b.name)
        raise RuntimeError('x')
    return 'after'
print(f4())
def f5():
    for i in range(3):
        with CM(str(i)):
            if i == 1:
                continue
            if i == 2:
                break
    return i
print(f5())
def g():
    with CM('z'):
        return 5
print(g())
def h():
    with CM('n') as (p):
        raise KeyError('through')
try:
    h()
except KeyError as e:
    print('KeyError', e)
def not_cm():
    with 5:
        pass
try:
    not_cm()
except TypeError as e:
    print(e)
""",
    "flat_generators": """
# bodies with every yield at the top level: suspended by returning, no fiber
def count(n):
    i = 0
    while i < n:
        got = yield i
        if got:
            i += got
        i += 1
    return 'counted'
c = count(10)
print(next(c), c.send(3), next(c), list(c))
def stop_early():
    yield 1
    raise StopIteration
try:
    list(stop_early())
except RuntimeError as e:
    print('RuntimeError', e)
def fails(xs):
    for x in xs:
        yield 10 // x
g = fails([1, 2, 0, 4])
print(next(g), next(g))
try:
    next(g)
except ZeroDivisionError as e:
    print('raised', e, list(g))
def pairs():
    for i in range(3):
        for j in range(i):
            yield (i, j), [k * j for k in range(i)]
print(list(pairs()))
t = count(5)
next(t)
try:
    t.throw(KeyError('k'))
except KeyError as e:
    print('thrown back', repr(e), next(t, 'finished'))
t = count(5)
next(t)
t.close()
print(list(t), t.send(None) if False else 'closed')
print(sum(x * x for x in range(100) if x % 3), max((len(w), w) for w in 'a bb ccc'.split()))
gens = [count(3) for _ in range(5)]
print([next(g) for g in gens], [next(g) for g in gens], [list(g) for g in gens])
""",
    "generators": """
def gen(n):
    total = 0
    for i in range(n):
        x = yield i * 2
        if x:
            total += x
    return total
g = gen(5)
print(next(g), g.send(10), g.send(20), list(g))
def deleg():
    r = yield from gen(3)
    yield ('r', r)
print(list(deleg()))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(10)])
def g2():
    try:
        yield 1
        yield 2
    finally:
        print('closing')
it = g2()
print(next(it))
it.close()
def g3():
    try:
        yield 1
    except ValueError as e:
        yield 'caught ' + str(e)
it = g3()
next(it)
print(it.throw(ValueError('x')))
def g5():
    yield
    return 5
try:
    it = g5()
    next(it)
    next(it)
except StopIteration as e:
    print('stop', e.value)
print(sum(x * x for x in range(10)), list((a, b) for a in range(3) for b in range(a)))
print(any(x > 5 for x in range(10)), all(x < 5 for x in range(10)))
e = (1 // x for x in [1, 0])
print(next(e))
try:
    next(e)
except ZeroDivisionError as ex:
    print('genexp raised', ex)
""",
    "calls": """
def f(a, b=2, *args, k=3, **kw):
    return a, b, k, args, sorted(kw.items())
def g(xs):
    return f(*xs), f(1, *xs, k=0, **{'z': 1}), f(**{'a': 9})
print(g([5, 6]))
def errs():
    out = []
    for call in (lambda: f(*5), lambda: f(**[1]), lambda: f(1, a=2),
                 lambda: f(k=1, **{'k': 2}), lambda: f(), lambda: f(1, 2, 3, q=1, k=1)):
        try:
            call()
        except TypeError as e:
            out.append(str(e))
    return out
print(errs())
class A:
    def __init__(self, v):
        self.v = v
    def m(self, *a, **k):
        return self.v, a, k
    @property
    def p(self):
        return self.v * 2
    @staticmethod
    def s(x):
        return -x
def use(o):
    return o.m(1, x=2), o.p, o.s(3), A.s(4), o.m(*[7], **{'y': 8})
print(use(A(3)))
def sites(items):
    return [x.index(x[0]) for x in items] + [x.count(x[-1]) for x in items]
print(sites([[1, 2], 'ab', (1,), [3, 3]]))
d = {}
def count(words):
    for w in words:
        d[w] = d.get(w, 0) + 1
count('abcab')
print(d, ','.join(str(i) for i in range(5)))
def rec(n):
    return rec(n + 1)
try:
    rec(0)
except RecursionError as e:
    print('RecursionError', e)
""",
    "closures": """
def counter():
    n = 0
    def inc(k=1):
        nonlocal n
        n += k
        return n
    inc(); inc(5)
    return n, inc
print(counter()[0])
def adders(xs):
    fs = [(lambda x: lambda v: v + x)(x) for x in [1, 2, 3]]
    w = 10
    g = lambda v: v * w
    w = 20
    return [f(1) for f in fs], g(2), sum(x * w for x in xs)
print(adders([1, 2, 3]))
def deco(tag):
    def wrap(fn):
        def inner(*a, **k):
            return tag, fn(*a, **k)
        return inner
    return wrap
def use(tag):
    @deco(tag)
    def h(x):
        return x + len(tag)
    return h(1)
print(use('ab'))
def gen_closure(m):
    def g():
        for i in range(3):
            yield i * m
    return list(g())
print(gen_closure(4))
def late():
    fs = []
    for i in range(3):
        fs.append(lambda: i)
    return [f() for f in fs]
print(late())
def unbound_cell():
    def g():
        return z
    try:
        g()
    except NameError as e:
        print(type(e).__name__, e)
    z = 1
    return g()
print(unbound_cell())
def param_cell(a, b=2):
    def g():
        return a + b
    a = a * 10
    return g()
print(param_cell(1))
class K:
    def m(self, v):
        f = lambda: self.x + v
        self.x = 5
        return f()
    def s(self):
        return super().__init__()
print(K().m(1), K().s())
def walrus(xs):
    if any((hit := x) > 2 for x in xs):
        return hit
print(walrus([1, 3, 5]))
def exc_cell():
    try:
        raise ValueError('v')
    except ValueError as e:
        f = lambda: str(e)
        return f()
print(exc_cell())
def outer():
    x = 1
    def mid():
        def inner():
            nonlocal x
            x += 1
        inner()
        return x
    return mid(), x
print(outer())
""",
    "imports_classes_annotations": """
def f(x):
    import math
    from collections import OrderedDict as OD, Counter
    import os.path
    y: int = 3
    z: float
    class Local:
        k = x
        def get(self):
            return self.k + y
    out = [math.floor(x + 0.5), OD(a=1), Counter('aab').most_common(1), os.path.join('a', 'b'), Local().get()]
    try:
        print(z)
    except NameError as e:
        print(type(e).__name__, e)
    return out
print(f(2.2))
class P:
    def __init__(self, v):
        self.v: int = v
        self.w: list = [v]
print(P(3).v, P(4).w)
def g():
    global gm
    import math as gm
    return gm.pi > 3
print(g(), gm.e > 2)
def h(n):
    for i in range(n):
        import string as json
    return json.ascii_letters[:n]
print(h(2))
try:
    h(0)
except UnboundLocalError as e:
    print('UnboundLocalError', e)
""",
    "expressions": """
calls = []
def v(x):
    calls.append(x)
    return x
def f():
    a = v(1) < v(2) < v(0) < v(3)
    b = v(0) or v('') or v('x')
    c = v(1) and v(0) and v(2)
    d = 5 if v(True) else 6
    e = f'{v(3.14159):.2f}|{"s"!r}|{v(7):>{v(4)}}|{ {1: 2}[1]}'
    s = 'abcdef'
    g = s[1:4], s[::-2], s[-2:], [1, 2, 3][::2]
    h = not v(0), -v(3), ~v(5), +v(2)
    i = 1 in {1, 2, 3}, 'b' not in 'abc', None is None, [] is not []
    j = {**{'a': 1}, 'b': 2}, [*range(2), *'xy'], (*[1], 2), {*[1, 1], 2}
    return a, b, c, d, e, g, h, i, j
print(f(), calls)
class O:
    pass
def aug():
    d = {'k': 1}
    l = [1, 2]
    o = O()
    o.n = 1
    d['k'] += 5
    l[0] *= 3
    o.n -= 4
    l += [9]
    s = 'a'
    s *= 3
    return d, l, o.n, s
print(aug())
def asserts(x):
    assert x > 0, 'must be positive: %d' % x
    assert x < 10
    return x
for x in (1, -1, 11):
    try:
        print(asserts(x))
    except AssertionError as e:
        print('AssertionError', e)
""",
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_vm_agrees_with_cpython(name):
    assert_same(PROGRAMS[name])


def run_tk(src, **env):
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(src)
        path = f.name
    try:
        p = subprocess.run([str(TK_PYTHON), path], capture_output=True, text=True, timeout=60,
                           env={**os.environ, **env}, errors="replace")
    finally:
        os.unlink(path)
    return p


def test_vm_runs_every_function_here():
    """The programs above run on the VM: no function body falls back to the tree-walker
    (the generator expressions' bodies included), so the comparisons test the VM."""
    for name, src in PROGRAMS.items():
        err = run_tk(src, TK_VM_STATS="1").stderr
        stats = [l for l in err.splitlines() if l.startswith("vm: ")]
        compiled = [int(re.match(r"vm: (\d+) function bodies compiled", l).group(1))
                    for l in stats if "compiled" in l]
        assert compiled and compiled[0] > 0, (name, stats)
        # (a := inside a generator expression binds in the function around it: that one
        # generator expression stays on the tree-walker, by design)
        assert not [l for l in stats if "tree-walked" in l and ":=" not in l], (name, stats)


TRACEBACKS = {
    "nested_calls": """
def g(x):
    for i in range(3):
        if i == x:
            raise ValueError('bad %d' % i)
    return 0
def f(x):
    y = 1
    return g(x) + y
print(f(5))
f(2)
""",
    "comprehension": """
def f(xs):
    return [10 // x
            for x in xs]
f([1, 0])
""",
    "finally_reraises": """
def f():
    try:
        {}['missing']
    finally:
        print('cleanup')
def outer():
    for i in range(2):
        f()
outer()
""",
    "handler_raises": """
def f():
    try:
        int('x')
    except ValueError as e:
        raise KeyError('from handler') from e
f()
""",
    "with_body": """
class CM:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        return False
def f():
    with CM():
        x = [1][3]
f()
""",
    "generator": """
def gen():
    yield 1
    yield 1 / 0
list(gen())
""",
    "module_loop": """
total = 0
for i in range(5):
    total += 10 // (3 - i)
""",
    "method_and_attr": """
class P:
    def __init__(self):
        self.x = 1
    def get(self):
        return self.y
def f():
    return P().get()
f()
""",
}

ADDRESS = re.compile(r"0x[0-9a-f]+")


@pytest.mark.parametrize("name", sorted(TRACEBACKS))
def test_vm_traceback_matches_tree_walker(name):
    src = TRACEBACKS[name]
    vm = run_tk(src, TK_TRACEBACK="1")
    tree = run_tk(src, TK_TRACEBACK="1", TK_VM="0")
    assert vm.returncode == tree.returncode == 1
    assert vm.stdout == tree.stdout
    assert ADDRESS.sub("0x", vm.stderr) == ADDRESS.sub("0x", tree.stderr)
    assert "Traceback" in vm.stderr or "----" in vm.stderr or "Error" in vm.stderr


@pytest.mark.parametrize("src", [
    "def f():\n    return " + "+".join(["1"] * 100000) + "\nprint(f())\n",
    "x = [" + "+".join(["i"] * 50000) + " for i in range(3)]\n",
    "for i in range(2):\n    y = " + "+".join(["i"] * 50000) + "\n",
])
def test_vm_leaves_huge_expressions_to_the_tree_walker(src):
    """A sum of 100,000 terms is no C stack overflow in the compiler: it runs on the
    tree-walker, which raises RecursionError as CPython's compiler does."""
    p = run_tk(src)
    assert p.returncode == 1
    assert p.stderr.strip().splitlines()[-1].startswith("RecursionError: maximum recursion depth")


def test_flat_generators_need_no_stack_of_their_own():
    """100k generators suspended at once: flat bodies hold no fiber (a fiber each would run
    out of memory mappings at about 32k)."""
    src = """
def counter(k):
    i = 0
    while True:
        yield i * k
        i += 1
gens = [counter(k) for k in range(100000)]
print(sum(next(g) for g in gens), sum(next(g) for g in gens))
pending = [(x for x in range(k, k + 3)) for k in range(100000)]
print(sum(next(p) for p in pending))
"""
    assert_same(src)
