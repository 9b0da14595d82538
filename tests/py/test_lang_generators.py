"""Generators as CPython 3.11 has them: generator functions, `yield` and `yield from`,
send/throw/close, lazy generator expressions, StopIteration and its value, generators
consumed by the builtins. Programs run in tk-python and in CPython and must print the same
(cpython_diff), table-driven and generated; then what only a kernel shows: tracebacks
through generator frames, interrupts inside a generator body, deep recursion inside one,
generators closed when dropped or when a cell leaves them suspended."""
import random
import re
import time

import pytest

from conftest import execute, stdout_of
from cpython_diff import assert_same, run_both

# Each program prints what it observes; reprs with addresses are cut before the address.
PROGRAMS = {
    "basic": """
def gen(n):
    for i in range(n):
        yield i
g = gen(3)
print(type(g).__name__, g.__name__, g.__qualname__, repr(g)[:26])
print(next(g), next(g), next(g), next(g, 'end'), next(g, 'end'))
print(list(gen(5)), tuple(gen(2)), sum(gen(10)), list(gen(0)))
""",
    "iter_is_self": """
def gen():
    yield 1
g = gen()
print(iter(g) is g, list(iter(g)), list(g))
""",
    "send": """
def acc():
    total = 0
    while True:
        x = yield total
        if x is None:
            break
        total += x
    return total
a = acc()
print(next(a), a.send(5), a.send(10))
try:
    a.send(None)
except StopIteration as e:
    print('stop', e.value, e.args)
""",
    "send_just_started": """
def gen():
    yield 1
g = gen()
try:
    g.send(5)
except TypeError as e:
    print(e)
print(g.send(None))
""",
    "return_value": """
def gen():
    yield 1
    return 'result'
g = gen()
next(g)
try:
    next(g)
except StopIteration as e:
    print(repr(e), e.value, str(e))
try:
    next(g)
except StopIteration as e:
    print('again', e.value, e.args)
""",
    "stopiteration_inside": """
def gen():
    yield 1
    raise StopIteration('x')
try:
    print(list(gen()))
except RuntimeError as e:
    print(type(e).__name__, e)
def gen2():
    yield next(iter([]))
try:
    list(gen2())
except RuntimeError as e:
    print(e)
""",
    "already_executing": """
def gen():
    yield next(g)
g = gen()
try:
    next(g)
except ValueError as e:
    print(e)
print(list(g))
""",
    "throw": """
def gen():
    while True:
        try:
            yield 1
        except ValueError as e:
            print('caught', e)
            yield 'handled'
g = gen()
next(g)
print(g.throw(ValueError('boom')))
print(g.throw(ValueError, 'two'))
print(next(g))
try:
    g.throw(KeyError('k'))
except KeyError as e:
    print('propagated', repr(e))
print(next(g, 'done'))
""",
    "throw_unstarted": """
def gen():
    print('never')
    yield 1
g = gen()
try:
    g.throw(IndexError('early'))
except IndexError as e:
    print('raised', e)
print(list(g))
try:
    g.throw(5)
except TypeError as e:
    print(e)
""",
    "close": """
def gen():
    try:
        yield 1
        yield 2
    finally:
        print('cleanup')
g = gen()
print(next(g))
print(g.close())
print(g.close(), list(g))
h = gen()
h.close()
print(list(h))
""",
    "close_catches": """
def gen():
    try:
        yield 1
    except GeneratorExit:
        print('exit seen')
        raise
g = gen(); next(g); g.close()
def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2
s = stubborn(); next(s)
try:
    s.close()
except RuntimeError as e:
    print(e)
def other():
    try:
        yield 1
    except GeneratorExit:
        raise ValueError('in close')
o = other(); next(o)
try:
    o.close()
except ValueError as e:
    print('close raised', e)
""",
    "generator_exit_not_exception": """
def gen():
    try:
        yield 1
    except Exception:
        print('wrong')
    finally:
        print('finally runs')
g = gen(); next(g); g.close()
print(issubclass(GeneratorExit, BaseException), issubclass(GeneratorExit, Exception))
""",
    "dropped_runs_finally": """
def gen(tag):
    try:
        yield 1
        yield 2
    finally:
        print('closed', tag)
next(gen('a'))
g = gen('b'); next(g); g = None
def f():
    h = gen('c')
    next(h)
    print('leaving f')
f()
print('end')
""",
    "for_break_closes": """
def gen():
    try:
        for i in range(10):
            yield i
    finally:
        print('gen finally')
for x in gen():
    if x == 2:
        break
print('after loop', x)
""",
    "yield_from": """
def inner():
    x = yield 'a'
    print('inner got', x)
    y = yield 'b'
    print('inner got', y)
    return 'ret'
def outer():
    r = yield from inner()
    print('inner returned', r)
    yield from range(2)
    yield from 'xy'
    return 'outer'
o = outer()
print(next(o), o.send(1), o.send(2), next(o), next(o), next(o))
try:
    next(o)
except StopIteration as e:
    print('stop', e.value)
""",
    "yield_from_throw_close": """
def inner():
    try:
        while True:
            try:
                yield 'in'
            except KeyError:
                print('inner caught')
    finally:
        print('inner finally')
def outer():
    try:
        yield from inner()
    finally:
        print('outer finally')
g = outer()
next(g)
print(g.throw(KeyError))
print(g.gi_yieldfrom is not None)
g.close()
print(g.gi_yieldfrom)
""",
    "yield_from_errors": """
def g1():
    yield from 5
try:
    list(g1())
except TypeError as e:
    print(e)
def g2():
    yield from [1, 2]
g = g2()
next(g)
try:
    g.send(3)
except AttributeError as e:
    print('attr', e)
def g3():
    yield from g3_inner()
def g3_inner():
    yield 1
    raise ValueError('deep')
try:
    list(g3())
except ValueError as e:
    print(e)
""",
    "recursive_yield_from": """
def walk(t):
    if isinstance(t, list):
        for x in t:
            yield from walk(x)
    else:
        yield t
print(list(walk([1, [2, [3, [4, [5]]]], 6, [[7]]])))
def rec(n):
    yield n
    if n:
        yield from rec(n - 1)
print(sum(rec(200)))
""",
    "genexp_lazy": """
g = (print('item', i) or i for i in range(3))
print('created')
print(next(g))
print(list(g))
def src():
    print('src called')
    return [1, 2]
h = (x * 10 for x in src())
print('genexp made')
print(list(h), list(h))
""",
    "genexp_first_iter_eager": """
try:
    g = (x for x in 5)
except TypeError as e:
    print('eager', e)
g = (y for x in [1] for y in 5)
print('lazy inner')
try:
    list(g)
except TypeError as e:
    print(e)
""",
    "genexp_late_binding": """
n = 1
g = (x * n for x in range(3))
n = 10
print(list(g))
def f():
    k = 2
    g = (x + k for x in range(3))
    k = 100
    return g
print(list(f()))
print(repr(f())[:44], f().__qualname__)
print((x for x in []).__name__)
""",
    "genexp_nested": """
print(list((a, b) for a in range(3) for b in range(a) if (a + b) % 2))
print([list(r) for r in ((x * y for y in range(3)) for x in range(3))])
print(sum(x for x in range(100) if x % 3 == 0), max(len(w) for w in 'a bb ccc'.split()))
""",
    "consumers": """
def gen(n):
    for i in range(n):
        yield i
print(sorted(gen(5), reverse=True), min(gen(4)), max(gen(4)), any(x > 2 for x in gen(4)))
print(all(gen(3)), all(x < 5 for x in gen(3)), dict((k, k * k) for k in gen(3)))
print(list(enumerate(gen(3))), list(zip(gen(3), (c for c in 'abc'), gen(5))))
print(','.join(str(x) for x in gen(4)), 3 in gen(5), 7 in gen(5), list(dict(zip(gen(3), "abc"))))
print(list(map(lambda v: v * 2, gen(3))), list(filter(None, gen(4))), list(reversed(list(gen(3)))))
a, b, c = gen(3)
print(a, b, c)
x, *rest = gen(4)
print(x, rest)
print([*gen(3), *gen(2)], sum(gen(5), 100))
""",
    "infinite_and_itertools": """
import itertools
def nat():
    n = 0
    while True:
        yield n
        n += 1
print(list(itertools.islice(nat(), 5)), list(itertools.islice(nat(), 2, 10, 3)))
print(list(itertools.takewhile(lambda v: v < 4, nat())), next(itertools.dropwhile(lambda v: v < 7, nat())))
print(list(zip(nat(), 'abc')), list(itertools.chain(nat() if False else range(2), (x for x in 'z'))))
print(list(itertools.accumulate(itertools.islice(nat(), 6))))
""",
    "lambda_generator": """
f = lambda: (yield 1)
g = f()
print(next(g))
try:
    g.send('v')
except StopIteration as e:
    print('value', e.value)
""",
    "yield_forms": """
def gen():
    x = yield
    print('x', x)
    y = yield 1, 2
    print('y', y)
    z = (yield) or 'dflt'
    print('z', z)
    w = 1
    w += yield w
    print('w', w)
    print('arg', (yield 'p'))
g = gen()
print(next(g), g.send('a'), g.send('b'), g.send(None), g.send(5))
try:
    g.send('last')
except StopIteration:
    print('done')
""",
    "generator_in_except_keeps_context": """
def gen():
    try:
        raise KeyError('inner')
    except KeyError:
        yield 1
        raise
g = gen()
print(next(g))
try:
    next(g)
except KeyError as e:
    print('reraised', e)
""",
    "exception_in_body_ends_generator": """
def gen():
    yield 1
    1 / 0
    yield 2
g = gen()
print(next(g))
try:
    next(g)
except ZeroDivisionError as e:
    print(e)
print(next(g, 'exhausted'), list(g))
""",
    "state": """
def gen():
    print('running', g.gi_running)
    yield 1
g = gen()
print(g.gi_running)
next(g)
print(g.gi_running, g.gi_suspended)
list(g)
print(g.gi_running, g.gi_suspended)
""",
    "recursion_inside": """
def deep(n):
    return 0 if n == 0 else 1 + deep(n - 1)
def gen():
    yield deep(500)
    yield deep(10 ** 6)
g = gen()
print(next(g))
try:
    next(g)
except RecursionError as e:
    print('RecursionError', e)
print(next(g, 'over'))
""",
    "many_generators": """
gens = [(i * j for j in range(3)) for i in range(2000)]
print(sum(sum(g) for g in gens))
live = [iter(range(3)) for _ in range(10)]
def pump(n):
    for i in range(n):
        yield i
susp = [pump(5) for _ in range(3000)]
for g in susp:
    next(g)
print(sum(next(g) for g in susp))
""",
    "syntax_outside_function": "x = 1\nyield x\n",
    "syntax_in_comprehension": "def f():\n    return [(yield x) for x in range(3)]\n",
    "syntax_in_genexp": "def f():\n    return list((yield x) for x in range(3))\n",
    "syntax_in_dictcomp": "def f():\n    return {(yield): 1 for x in range(3)}\n",
    "first_iter_may_yield": """
def f():
    return [x for x in (yield)]
g = f()
next(g)
try:
    g.send([1, 2])
except StopIteration as e:
    print(e.value)
""",
    "edge_cases": """def g1():
    try:
        yield 1
    finally:
        return 'from finally'
g = g1(); next(g)
try:
    next(g)
except StopIteration as e:
    print('v', e.value)
g = g1(); next(g); print(g.close())
def g2():
    yield 1
g = g2(); list(g)
try:
    g.send(None)
except StopIteration as e:
    print('send done', e.args)
try:
    g.throw(ValueError('x'))
except ValueError as e:
    print('throw done', e)
def g3():
    try:
        raise KeyError('a')
    except KeyError:
        yield 'in handler'
        try:
            raise
        except KeyError as e:
            print('bare raise got', e)
    yield 'after'
g = g3()
print(next(g))
try:
    raise IndexError('outer')
except IndexError:
    print(next(g))
    try:
        raise
    except IndexError as e:
        print('outer still', e)
def g4(n):
    k = n * 2
    f = lambda: k + 1
    yield f()
    global G
    G = 'set'
    yield G
print(list(g4(3)), G)
def g5():
    yield 1; yield 2; yield 3
try:
    a, b = g5()
except ValueError as e:
    print(e)
print(*g5(), sep='-')
try:
    print(','.join(str(1 // (2 - x)) for x in range(5)))
except ZeroDivisionError as e:
    print('zde', e)
def g6():
    i = 0
    while i < 3:
        yield i
        i += 1
    else:
        yield 'else'
print(list(g6()))
def g8():
    try:
        yield 1
    except GeneratorExit:
        print('ge')
        return 5
g = g8(); next(g); print(g.close())
print(sorted((x % 3 for x in range(7)), key=lambda v: -v))
def g9():
    x = yield from g8()
    print('x', x)
    yield 'end'
g = g9(); next(g); print(g.throw(GeneratorExit) if False else 'skip')
def g10():
    yield 1
g = g10()
print(next(g), g.gi_running, next(g, 'no'))
try:
    next((x for x in []))
except StopIteration as e:
    print('empty genexp', repr(e))
def gen_len():
    yield 1
try:
    len(gen_len())
except TypeError as e:
    print(e)
try:
    gen_len()[0]
except TypeError as e:
    print(e)
print(bool(gen_len()), type(gen_len()) == type((x for x in [])), type(gen_len()))
""",
    "with_classes": """class MyErr(Exception):
    def __init__(self, code):
        super().__init__('code %d' % code)
        self.code = code
def gen():
    try:
        yield 1
    except MyErr as e:
        print('gen caught', e.code, type(e).__name__)
        yield 2
    raise MyErr(7)
g = gen(); next(g)
print(g.throw(MyErr(3)))
try:
    next(g)
except MyErr as e:
    print('outer caught', e.code, e)
g = gen(); next(g)
print(g.throw(MyErr, 5))
class Counter:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        for i in range(self.n):
            yield i * 10
print(list(Counter(3)), sum(Counter(4)))
class Tree:
    def __init__(self, v, kids=()):
        self.v, self.kids = v, kids
    def walk(self):
        yield self.v
        for k in self.kids:
            yield from k.walk()
t = Tree(1, [Tree(2, [Tree(3)]), Tree(4)])
print(list(t.walk()))
def g2():
    try:
        yield
    finally:
        print('cleanup', type(sys_exc()).__name__ if False else '')
import sys
def g3():
    try:
        raise MyErr(1)
    except MyErr:
        yield 'x'
        raise
g = g3(); next(g)
try:
    next(g)
except MyErr as e:
    print('reraised', e.code)
def g4():
    yield 1
    raise StopIteration
try:
    list(g4())
except RuntimeError as e:
    print(e)
""",
    "genexp_in_class_body": """
class A:
    x = list(i * 2 for i in range(3))
    y = sum(v for v in x)
print(A.x, A.y)
""",
    "uncaught_in_generator": """
def gen():
    yield 1
    raise KeyError('missing')
for x in gen():
    print(x)
""",
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_same_as_cpython(name):
    assert_same(PROGRAMS[name])


# ---- generated pipelines ------------------------------------------------------------------

SOURCES = [
    "range({n})",
    "[{list}]",
    "count_up({n})",
    "(v for v in range({n}))",
    "iter([{list}])",
    "'{word}'",
]
STAGES = [
    "(x * {k} for x in {src})",
    "(x for x in {src} if x % {m})",
    "double({src})",
    "delegate({src})",
    "map(lambda v: v + {k}, {src})",
    "filter(lambda v: v != {k}, {src})",
    "pairs({src})",
    "risky({src}, {k})",
    "take({src}, {m})",
    "finally_tag({src}, {k})",
]
CONSUMERS = [
    "list({g})",
    "sum({g})",
    "max({g}, default=None)",
    "min({g}, default=None)",
    "sorted({g}, reverse=True)",
    "any(v == {k} for v in {g})",
    "all({g})",
    "tuple(enumerate({g}))",
    "','.join(str(v) for v in {g})",
    "{k} in {g}",
    "list(zip({g}, 'abcd'))",
    "first_two({g})",
    "drive({g})",
    "dict(zip({g}, 'wxyz'))",
    "loop_break({g}, {k})",
]
PRELUDE = '''
def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return 'count done'
def double(it):
    for v in it:
        yield v
        yield v
def delegate(it):
    r = yield from it
    return r
def pairs(it):
    prev = None
    for v in it:
        if prev is not None:
            yield (prev, v)
        prev = v
def risky(it, k):
    for v in it:
        if v == k:
            raise ValueError('hit %r' % (v,))
        yield v
def take(it, m):
    for i, v in enumerate(it):
        if i >= m:
            return 'taken'
        yield v
def finally_tag(it, k):
    try:
        yield from it
    finally:
        print('finally', k)
def first_two(g):
    it = iter(g)
    return next(it, 'none'), next(it, 'none')
def drive(g):
    it = iter(g)
    out = []
    try:
        while True:
            out.append(next(it))
    except StopIteration as e:
        out.append(('stop', e.value))
    return out
def loop_break(g, k):
    out = []
    for v in g:
        out.append(v)
        if len(out) > k:
            break
    return out
'''


def _program(rng, n_cases):
    lines = [PRELUDE]
    for i in range(n_cases):
        n = rng.randint(0, 7)
        src = rng.choice(SOURCES).format(
            n=n, list=", ".join(str(rng.randint(-3, 9)) for _ in range(rng.randint(0, 6))),
            word=rng.choice(["", "ab", "hello"]))
        for _ in range(rng.randint(0, 3)):
            src = rng.choice(STAGES).format(src=src, k=rng.randint(0, 4), m=rng.randint(1, 3))
        expr = rng.choice(CONSUMERS).format(g=src, k=rng.randint(0, 4))
        lines.append("try:\n    print(%d, %s)\nexcept Exception as e:\n"
                     "    print(%d, type(e).__name__, e)" % (i, expr, i))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(8))
def test_generated_pipelines_same_as_cpython(seed):
    assert_same(_program(random.Random(seed), 60))


# ---- generated drivers: next/send/throw/close in random order ------------------------------

DRIVER_PRELUDE = '''
def machine(n):
    log = []
    try:
        i = 0
        while i < n:
            try:
                got = yield ('at', i)
                log.append(got)
                if got == 'boom':
                    raise IndexError('boom at %d' % i)
            except ValueError as e:
                yield ('caught', str(e))
            except KeyError:
                return ('keyerror', i)
            finally:
                log.append(-i)
            i += 1
        return ('done', len(log))
    finally:
        print('machine finally', log)
def outer(n):
    r = yield from machine(n)
    yield ('outer got', r)
def step(g, op):
    try:
        if op == 'next':
            return next(g)
        if op == 'close':
            return g.close()
        if op[0] == 'send':
            return g.send(op[1])
        return g.throw(op[1](op[2]))
    except StopIteration as e:
        return ('stop', e.value)
    except Exception as e:
        return ('raised', type(e).__name__, str(e))
'''
OPS = ["'next'", "'close'", "('send', 1)", "('send', 'boom')", "('send', None)",
       "('throw', ValueError, 'v')", "('throw', KeyError, 'k')", "('throw', TypeError, 't')"]


def _driver_program(rng, n_cases):
    lines = [DRIVER_PRELUDE]
    for i in range(n_cases):
        ops = [rng.choice(OPS[:1] * 3 + OPS) for _ in range(rng.randint(1, 7))]
        lines.append("g = %s(%d)" % (rng.choice(["machine", "outer"]), rng.randint(0, 4)))
        for op in ops:
            lines.append("print(%d, %s, step(g, %s))" % (i, op.replace("'", '"'), op))
        lines.append("print(%d, 'rest', list(g) if %s else 'kept')\ndel g"
                     % (i, rng.choice(["True", "False"])))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(6))
def test_generated_drivers_same_as_cpython(seed):
    assert_same(_driver_program(random.Random(seed), 25))


# ---- through a kernel ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    from jupyter_client.manager import start_new_kernel
    km, client = start_new_kernel(kernel_name="tensorkernel", startup_timeout=30)
    yield client
    client.stop_channels()
    km.shutdown_kernel(now=True)


def _error(kc, code):
    reply, msgs = execute(kc, code)
    assert reply["status"] == "error", reply
    return next(c for t, c in msgs if t == "error")


def test_traceback_shows_generator_frames(kc):
    err = _error(kc, "def gen(n):\n    yield 1\n    yield 1 / n\n\nlist(gen(0))")
    tb = "\n".join(err["traceback"])
    assert re.search(r"Cell In\[\d+\], line 5\n", tb)
    assert re.search(r"Cell In\[\d+\], line 3, in gen\(n\)", tb)
    assert tb.index("----> 5 list(gen(0))") < tb.index("----> 3     yield 1 / n")
    err = _error(kc, "x = list(1 / v for v in [1, 0])")
    tb = "\n".join(err["traceback"])
    assert re.search(r"Cell In\[\d+\], line 1, in <genexpr>\(\.0\)", tb)
    assert err["traceback"][-1] == "ZeroDivisionError: division by zero"


def test_suspended_generator_lives_across_cells(kc):
    reply, msgs = execute(kc, "def tick():\n    n = 0\n    while True:\n        n += 1\n"
                              "        yield n\nt = tick()\nprint(next(t), next(t))")
    assert stdout_of(msgs) == "1 2\n"
    reply, msgs = execute(kc, "print(next(t), [next(t) for _ in range(3)])")
    assert stdout_of(msgs) == "3 [4, 5, 6]\n"
    reply, msgs = execute(kc, "def fin():\n    try:\n        yield 1\n    finally:\n"
                              "        print('fin ran')\nf = fin()\nnext(f)\ndel f\nprint('after')")
    assert stdout_of(msgs) == "fin ran\nafter\n"


def test_recursion_inside_a_generator_is_a_recursion_error(kc):
    err = _error(kc, "def r(n):\n    return r(n + 1)\ndef g():\n    yield r(0)\nnext(g())")
    assert (err["ename"], err["evalue"]) == ("RecursionError", "maximum recursion depth exceeded")
    err = _error(kc, "def nest(n):\n    yield n\n    yield from nest(n + 1)\nlist(nest(0))")
    assert err["ename"] == "RecursionError"
    reply, msgs = execute(kc, "print(sum(x for x in range(10)))")
    assert stdout_of(msgs) == "45\n"


@pytest.mark.parametrize("body", [
    # interrupted while the generator body runs
    "def g():\n    while True:\n        pass\n    yield\nnext(g())",
    # interrupted between yields of an endless generator
    "def g():\n    n = 0\n    while True:\n        n += 1\n        yield n\nfor x in g():\n    pass",
    "import itertools\nsum(x for x in itertools.count())",
])
def test_interrupt_inside_a_generator(kc, body):
    msg_id = kc.execute(body)
    while True:  # wait until the cell is running
        m = kc.get_iopub_msg(timeout=30)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_input":
            break
    time.sleep(0.3)
    t0 = time.monotonic()
    kc.session.send(kc.control_channel.socket, kc.session.msg("interrupt_request", {}))
    ename = None
    while True:
        m = kc.get_iopub_msg(timeout=30)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "error":
            ename = m["content"]["ename"]
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    while kc.get_shell_msg(timeout=30)["parent_header"].get("msg_id") != msg_id:
        pass
    assert ename == "KeyboardInterrupt"
    assert time.monotonic() - t0 < 3
    reply, msgs = execute(kc, "print(list(x * 2 for x in range(3)))")
    assert stdout_of(msgs) == "[0, 2, 4]\n"


def test_switch_cost_report():
    """Not a speed limit: runs the two switch-heavy loops in both interpreters so that a
    regression shows in -s output, and checks they agree."""
    src = ("import time\nt = time.perf_counter()\ns = sum(x for x in range(200000))\n"
           "def gen(n):\n    for i in range(n):\n        yield i\nu = 0\n"
           "for x in gen(200000):\n    u += x\nprint(s, u)\n")
    k, c = run_both(src)
    assert k == c
