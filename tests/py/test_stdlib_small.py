"""Differential tests of the small standard modules written in Python (operator, heapq,
bisect, contextlib, textwrap, statistics; kernel/torch/py/NAME.py): each program runs in the
kernel and in CPython 3.11 and must print the same and end with the same exception line.
Inputs are generated from fixed seeds (random is bit-exact with CPython's, so both sides see
the same data): random heap operation sequences compared after every step, random sorted
lists for bisect, random texts and widths for textwrap, random int/float data for statistics."""
import sys

import pytest

from cpython_diff import assert_same

pytestmark = pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                                reason="the oracle is CPython 3.11")

PROG_OPERATOR = """\
from operator import (add, sub, mul, truediv, floordiv, mod, pow, lshift, rshift, and_, or_, xor, eq, ne, lt, le, gt, ge, is_, is_not, neg, pos, abs, invert, inv, not_, truth, index, contains, countOf, indexOf, concat, setitem, delitem, getitem, length_hint, iadd, isub, imul, iconcat, ipow, itruediv, ifloordiv, imod, ior, iand, ixor, ilshift, irshift, itemgetter, attrgetter, methodcaller)
class P:
    def __init__(self, x, y): self.x = x; self.y = y
class Q:
    def __init__(self): self.p = P(1, P(5, 6))
ig = itemgetter(1); ig2 = itemgetter(0, 'a')
print(repr(ig), repr(ig2), ig([4, 5]), itemgetter(0, 2)("abc"), itemgetter('a', 'b')({'a': 1, 'b': 2}))
ag = attrgetter('p.y.x', 'p.x')
print(repr(ag), ag(Q()), attrgetter('p.x')(Q()))
mc = methodcaller('split', ',', maxsplit=1)
print(repr(mc), mc('a,b,c'), methodcaller('upper')('x'))
print(sorted([(1, 'b'), (0, 'c'), (2, 'a')], key=itemgetter(1)))
for f in (add, sub, mul, truediv, floordiv, mod, pow, lshift, rshift, and_, or_, xor, eq, ne, lt, le, gt, ge, is_, is_not):
    print(f.__name__, f(7, 3))
for f in (neg, pos, abs, invert, inv, not_, truth, index):
    print(f.__name__, f(-5), f(True))
print(contains([1, 2], 2), countOf([1, 2, 1, 1.0], 1), indexOf('abc', 'c'), concat([1], [2]), concat('a', 'b'))
l = [1, 2, 3]; setitem(l, 0, 9); delitem(l, 1); print(l, getitem(l, -1))
print(length_hint([1, 2]), length_hint(5, 7))
l = [1]; print(iadd(l, [2]), l, isub(5, 2), imul('a', 3), iconcat([1], (2,)), ipow(2, 10), itruediv(1, 4), ifloordiv(7, 2), imod(7, 3), ior(1, 2), iand(3, 1), ixor(3, 1), ilshift(1, 3), irshift(8, 1))
for bad in (lambda: itemgetter(), lambda: attrgetter(), lambda: attrgetter(1), lambda: methodcaller(), lambda: methodcaller(2), lambda: indexOf([1], 2), lambda: concat(1, 2), lambda: index(1.5), lambda: itemgetter(5)([1]), lambda: attrgetter('zz')(P(1,2)), lambda: truediv(1, 0), lambda: itemgetter(1)(), lambda: length_hint([], 'a')):
    try:
        print(bad())
    except Exception as e:
        print(type(e).__name__, e)
"""


PROG_OPERATOR_MORE = """\
import operator as OP
def show(f, *a, **k):
    try:
        print(repr(f(*a, **k)))
    except Exception as e:
        print(type(e).__name__ + ':', e)
print(sorted(OP.__all__) == sorted(n for n in dir(OP) if not n.startswith('_')))
dunders = sorted(n for n in dir(OP) if n.startswith('__') and n.endswith('__') and callable(getattr(OP, n)))
print(dunders)
print(all(getattr(OP, d) is getattr(OP, d[2:-2] + ('_' if d in ('__and__', '__or__', '__not__') else '')) for d in dunders))
vals = [0, 3, -7, 2.5, True, 'ab', [1, 2], (1,), None, {1: 2}]
for n in ('lt', 'eq', 'add', 'sub', 'truediv', 'floordiv', 'mod', 'and_', 'xor', 'is_', 'concat', 'contains', 'countOf', 'indexOf', 'getitem', 'iadd', 'isub', 'iand', 'iconcat', 'matmul'):
    f = getattr(OP, n)
    print(n, f.__name__)
    for a in vals:
        for b in vals[:8]:
            show(f, a, b)
for n in ('neg', 'pos', 'abs', 'invert', 'inv', 'not_', 'truth', 'index'):
    for a in vals:
        show(getattr(OP, n), a)
class I:
    def __index__(self): return 7
class Bad:
    def __index__(self): return 1.5
class S:
    def __getitem__(self, i): return i
    def __add__(self, o): return 'S+'
class LH:
    def __init__(self, v): self.v = v
    def __length_hint__(self): return self.v
show(OP.index, I()); show(OP.index, Bad()); print(type(OP.index(True)))
for v in (3, 0, -1, 'x', NotImplemented):
    show(OP.length_hint, LH(v)); show(OP.length_hint, LH(v), 9)
show(OP.length_hint, [1, 2]); show(OP.length_hint, 5, 4); show(OP.length_hint, [], 'x')
show(OP.concat, S(), 1); show(OP.concat, S(), S()); show(OP.concat, {1: 2}, {}); show(OP.iconcat, [1], (2,))
nan = float('nan'); print(OP.countOf([nan, nan, 1], nan), OP.indexOf([1, nan], nan))
show(OP.indexOf, 5, 5); show(OP.countOf, None, 1); show(OP.indexOf, [1], 2)
show(OP.call, max, 1, 5, key=lambda x: -x); show(OP.call, 5)
l = [1, 2, 3]; OP.setitem(l, slice(0, 1), [7, 8]); OP.delitem(l, -1); print(l)
ig = OP.itemgetter(0, slice(1, None)); print(repr(ig), ig('abc'), ig.__reduce__()[1])
for bad in ((), (1, 2), ([1],)):
    show(OP.itemgetter(1), *bad)
show(OP.itemgetter(1), [1, 2], k=1); show(OP.itemgetter); show(OP.itemgetter('a'), {})
class P:
    def __init__(self, x, y): self.x = x; self.y = y
p = P(1, P(2, P(3, 4)))
ag = OP.attrgetter('y.y.x', 'x'); print(repr(ag), ag(p), OP.attrgetter('y.x')(p), ag.__reduce__()[1])
show(OP.attrgetter('y.z'), p); show(OP.attrgetter, 'a', 2); show(ag); show(ag, p, p); show(ag, p, k=1)
mc = OP.methodcaller('format', name='n', self='s'); print(repr(mc), mc('{name}{self}'))
print(repr(OP.methodcaller('split', ',', maxsplit=1)), OP.methodcaller('split', ',', maxsplit=1)('a,b,c'))
show(OP.methodcaller); show(OP.methodcaller, 2); show(OP.methodcaller('zz'), 1); show(mc); show(mc, 'a', k=2)
data = [(3, 'c'), (1, 'a'), (2, 'b'), (1, 'z')]
print(sorted(data, key=OP.itemgetter(0)), sorted(data, key=OP.itemgetter(0, 1), reverse=True))
print(sorted([P(2, 0), P(1, 0)], key=OP.attrgetter('x'))[0].x)
"""


PROG_HEAPQ = """\
from heapq import (heappush, heappop, heappushpop, heapreplace, heapify, nlargest, nsmallest, merge)
import random
random.seed(5)
for trial in range(30):
    h = []
    for step in range(60):
        r = random.random()
        if r < 0.4: heappush(h, random.randint(0, 20))
        elif r < 0.6 and h: heappop(h)
        elif r < 0.75: heappushpop(h, random.randint(0, 20))
        elif r < 0.85 and h: heapreplace(h, random.randint(0, 20))
        else:
            h2 = [random.randint(0,50) for _ in range(random.randint(0,15))]
            heapify(h2)
            print(h2)
        print(h)
data = [random.randint(0, 100) for _ in range(50)]
for n in (0, 1, 3, 10, 60):
    print(nlargest(n, data), nsmallest(n, data), nlargest(n, iter(data), key=lambda x: -x), nsmallest(n, data, key=lambda v: v % 7))
print(list(merge([1,3,5,7], [0,2,4,8], [5,10,15,20], [], [25])))
print(list(merge([7,5,1], [8,2], reverse=True)), list(merge(['a','bb'], ['ccc','d'], key=len)))
try: heappop([])
except IndexError as e: print(e)
try: heappush((), 1)
except TypeError as e: print(e)
"""


PROG_BISECT = """\
from bisect import (bisect, bisect_left, bisect_right, insort, insort_left, insort_right)
import random
random.seed(3)
for t in range(200):
    a = sorted(random.randint(0, 10) for _ in range(random.randint(0, 12)))
    x = random.randint(-1, 11)
    lo = random.randint(0, len(a)); hi = random.randint(lo, len(a))
    print(bisect_left(a, x), bisect_right(a, x), bisect(a, x, lo), bisect_left(a, x, lo, hi), bisect_right(a, x, hi=hi), bisect_left(a, x, key=lambda v: v), bisect_right(a, -x, key=lambda v: -v) if False else 0)
    b = list(a); insort_left(b, x); insort_right(b, x, lo); insort(b, x, key=abs); print(b)
recs = [('a', 1), ('b', 3), ('c', 5)]
print(bisect_left(recs, 3, key=lambda r: r[1]), bisect_right(recs, 3, key=lambda r: r[1]))
insort(recs, ('z', 4), key=lambda r: r[1]); print(recs)
for bad in (lambda: bisect_left([1], 1, -1), lambda: insort_left([1], 2, -2)):
    try: bad()
    except ValueError as e: print(e)
"""


PROG_CONTEXTLIB = """\
from contextlib import (contextmanager, suppress, nullcontext, closing, redirect_stdout, ExitStack)
import sys
@contextmanager
def tag(name):
    print("enter", name)
    try:
        yield name.upper()
    except KeyError as e:
        print("gen caught", repr(e))
    finally:
        print("exit", name)
with tag("a") as t:
    print("body", t)
with tag("b"):
    raise KeyError("k")
print("after b")
try:
    with tag("c"):
        raise ValueError("v")
except ValueError as e:
    print("outer caught", repr(e))
@contextmanager
def noyield():
    if False:
        yield
try:
    with noyield(): pass
except RuntimeError as e: print(e)
@contextmanager
def twice():
    yield 1
    yield 2
try:
    with twice(): pass
except RuntimeError as e: print(e)
@contextmanager
def swallow():
    try:
        yield
    except Exception:
        yield
try:
    with swallow(): raise ValueError
except RuntimeError as e: print(e)
@contextmanager
def convert():
    try:
        yield
    except ZeroDivisionError:
        raise ValueError("converted")
try:
    with convert(): 1/0
except ValueError as e: print("conv", e)
@tag("deco")
def f(x):
    print("in f", x); return x * 2
print(f(3), f(4), f.__name__)
with suppress(KeyError, IndexError):
    [][1]
print("suppressed")
try:
    with suppress(KeyError): 1/0
except ZeroDivisionError: print("not suppressed")
with nullcontext(5) as n: print(n)
class R:
    def close(self): print("closed")
with closing(R()) as r: print(type(r).__name__)
class Buf:
    def __init__(self): self.parts = []
    def write(self, s): self.parts.append(s)
b = Buf()
with redirect_stdout(b) as got:
    sys.stdout.write("to buf\\n")
print(got is b, b.parts)
with ExitStack() as st:
    for i in range(3):
        st.enter_context(tag(str(i)))
    st.callback(print, "cb", 1)
    @st.push
    def ex(t, v, tb):
        print("push saw", t)
    print("stack body")
with ExitStack() as st:
    st.push(lambda *a: True)
    raise KeyError
print("suppressed by stack")
try:
    with ExitStack() as st:
        st.callback(lambda: 1/0)
        st.callback(print, "first")
except ZeroDivisionError as e: print("cb raised", e)
with ExitStack() as st:
    st.callback(print, "moved")
    st2 = st.pop_all()
print("before close"); st2.close()
try:
    ExitStack().enter_context(5)
except TypeError as e: print(e)
"""


PROG_CONTEXTLIB_MORE = """\
import contextlib, sys
from contextlib import (contextmanager, suppress, nullcontext, closing, redirect_stdout, redirect_stderr, ExitStack, ContextDecorator, AbstractContextManager)
print(sorted(contextlib.__all__)[:0], all(hasattr(contextlib, n) for n in ['contextmanager', 'closing', 'nullcontext', 'AbstractContextManager', 'ContextDecorator', 'ExitStack', 'redirect_stdout', 'redirect_stderr', 'suppress', 'chdir']))
def attempt(label, f):
    try:
        print(label, repr(f()))
    except BaseException as e:
        print(label, 'raised', type(e).__name__, e)
@contextmanager
def tag(name):
    'tag doc'
    print('enter', name)
    try:
        yield name.upper()
    except KeyError as e:
        print('gen caught', repr(e))
    finally:
        print('exit', name)
print(tag.__name__, tag.__doc__, tag.__wrapped__.__name__)
cm = tag('z'); print(cm.__doc__, hasattr(cm, 'func'), type(cm).__name__)
with cm as v: print('body', v, hasattr(cm, 'func'), hasattr(cm, 'args'))
with tag('b'):
    raise KeyError('k')
print('after b')
def run_c():
    with tag('c'):
        raise ValueError('v')
attempt('c', run_c)
@contextmanager
def noyield():
    if False: yield
def r1():
    with noyield(): pass
attempt('noyield', r1)
@contextmanager
def twice():
    yield 1
    yield 2
def r2():
    with twice(): pass
attempt('twice', r2)
@contextmanager
def swallow():
    try:
        yield
    except Exception:
        yield
    finally:
        print('swallow finally')
def r3():
    with swallow(): raise ValueError
attempt('swallow', r3)
@contextmanager
def convert():
    try:
        yield
    except ZeroDivisionError:
        raise ValueError('converted')
def r4():
    with convert(): 1/0
attempt('convert', r4)
@contextmanager
def plain():
    yield 'p'
def r5():
    with plain(): raise StopIteration('si')
# (a StopIteration raised in the block: the kernel's generators do not set __cause__ yet)
def r6():
    with plain(): raise RuntimeError('rt')
attempt('runtime', r6)
@contextmanager
def reraise_rt():
    try:
        yield
    except RuntimeError:
        raise
def r7():
    with reraise_rt(): raise RuntimeError('rt2')
attempt('runtime2', r7)
@contextmanager
def gen_stops():
    try:
        yield
    except KeyError:
        return
def r8():
    with gen_stops(): raise KeyError('x')
    return 'suppressed by return'
attempt('genret', r8)
def r9():
    with plain(): raise KeyboardInterrupt('kb')
attempt('kbint', r9)
@tag('deco')
def f(x):
    'f doc'
    print('in f', x); return x * 2
print(f(3), f(4), f.__name__, f.__doc__)
class Track(ContextDecorator):
    def __enter__(self): print('T enter'); return self
    def __exit__(self, *exc): print('T exit', exc[0].__name__ if exc[0] else None); return False
@Track()
def g(a, b=2): return a + b
print(g(1), g(1, b=5), g.__name__)
attempt('deco raise', lambda: Track()(lambda: 1 / 0)())
with suppress(KeyError, IndexError):
    [][1]
print('suppressed')
attempt('not suppressed', lambda: suppress(KeyError).__exit__(ZeroDivisionError, ZeroDivisionError(), None))
print(suppress(ValueError).__exit__(None, None, None), suppress().__exit__(KeyError, KeyError(), None), suppress(LookupError).__exit__(KeyError, KeyError(), None))
with suppress(): pass
with nullcontext(5) as n: print(n)
with nullcontext() as n: print(n)
class R:
    def close(self): print('closed')
with closing(R()) as r: print(type(r).__name__)
attempt('closing raise', lambda: [0 for _ in [closing(R()).__exit__(None, None, None)]])
class Buf:
    def __init__(self): self.parts = []
    def write(self, s): self.parts.append(s)
b = Buf(); b2 = Buf()
rd = redirect_stdout(b)
with rd as got:
    sys.stdout.write('to buf\\n')
    with rd:
        sys.stdout.write('again\\n')
    sys.stdout.write('still\\n')
print(got is b, b.parts)
with redirect_stderr(b2) as got2:
    sys.stderr.write('err\\n')
print(got2 is b2, b2.parts)
# ExitStack
with ExitStack() as st:
    for i in range(3):
        st.enter_context(tag(str(i)))
    r = st.callback(print, 'cb', 1, sep='-')
    print(r is print)
    @st.push
    def ex(t, v, tb):
        print('push saw', t)
    print('stack body', ex.__name__)
with ExitStack() as st:
    st.push(lambda *a: True)
    raise KeyError
print('suppressed by stack')
def r10():
    with ExitStack() as st:
        st.callback(lambda: 1 / 0)
        st.callback(print, 'first')
attempt('cb raised', r10)
def r11():
    with ExitStack() as st:
        st.push(lambda *a: True)
        st.callback(lambda: [][1])
        raise KeyError('orig')
attempt('raise then suppress', r11)
def r12():
    with ExitStack() as st:
        st.callback(lambda: {}['a'])
        st.callback(lambda: [][1])
    return 'no'
attempt('two raise', r12)
def r13():
    with ExitStack() as st:
        def look(t, v, tb):
            print('look', t.__name__ if t else None, v)
        st.push(look)
        st.callback(lambda: 1/0)
        raise KeyError('k0')
attempt('chain seen', r13)
with ExitStack() as st:
    st.callback(print, 'moved')
    st2 = st.pop_all()
print('before close'); st2.close(); st2.close()
attempt('enter 5', lambda: ExitStack().enter_context(5))
class OnlyEnter:
    def __enter__(self): return 1
attempt('enter only', lambda: ExitStack().enter_context(OnlyEnter()))
attempt('cb missing', lambda: ExitStack().callback())
class CM:
    def __init__(self, n): self.n = n
    def __enter__(self): print('CM enter', self.n); return self.n
    def __exit__(self, t, v, tb): print('CM exit', self.n, t.__name__ if t else None); return self.n == 2
def r14():
    with ExitStack() as st:
        print(st.enter_context(CM(1)), st.enter_context(CM(2)), st.enter_context(CM(3)))
        raise ValueError('vv')
    return 'after'
attempt('cms', r14)
print(ExitStack().__exit__(None, None, None), ExitStack().__enter__().__class__.__name__)
es = ExitStack(); es.push(CM(9)); es.close()
class Sub(ExitStack): pass
s = Sub(); s.callback(print, 'sub'); print(type(s.pop_all()).__name__)
print(isinstance(nullcontext(), AbstractContextManager), issubclass(suppress, AbstractContextManager))
@contextmanager
def with_args(a, *rest, k=0):
    yield (a, rest, k)
with with_args(1, 2, 3, k=4) as got: print(got)
@with_args(7)
def deco2(): return 'deco2'
print(deco2(), deco2())
"""


PROG_TEXTWRAP = """\
from textwrap import (wrap, fill, shorten, dedent, indent, TextWrapper)
import random
random.seed(11)
words = ["the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog.", "well-known", "state-of-the-art", "a--b", "x", "supercalifragilisticexpialidocious", "end!", "Mr.", "e-mail", "--", "123-456", "don't", "ab-c-d", "tab\\there", "new\\nline", "  ", "ok?", "co--op"]
for t in range(150):
    text = " ".join(random.choice(words) for _ in range(random.randint(0, 25)))
    w = random.choice([1, 3, 5, 8, 10, 15, 20, 30, 70])
    print(repr(text))
    print(wrap(text, w))
    print(wrap(text, w, break_on_hyphens=False, break_long_words=random.random() < 0.5))
    print(repr(fill(text, w + 5, initial_indent="> ", subsequent_indent="  ", fix_sentence_endings=True)))
    try:
        print(repr(shorten(text, w + 6)))
        print(wrap(text, w + 6, max_lines=2, placeholder="..."))
    except ValueError as e:
        print("VE", e)
print(repr(dedent("    a\\n      b\\n\\n    c\\n")), repr(dedent("  x\\n\\ty\\n")), repr(dedent("\\t  a\\n\\t b\\n   \\n")))
print(repr(indent("a\\n\\nb\\n  \\n", "> ")), repr(indent("a\\nb", "+", lambda l: True)))
try: wrap("abc", 0)
except ValueError as e: print(e)
print(TextWrapper(width=10).wrap("Hello there, how are you this fine day?"))
print(wrap("A" * 30 + " b", 10), wrap("aaa-bbbbbbbb-cccccccccc", 9))
"""


PROG_TEXTWRAP_MORE = """\
import textwrap, random
r = random.Random(3)
alpha = ['a', 'b', 'Z', '-', '-', '-', ' ', ' ', '\\t', '\\n', '.', '!', '?', '"', "'", '1', '2', '_', '&', ',', '\\xa0', '\\u2003', '²', 'é', '\\r', '\\x0b', '\\x0c', 'x', 'y']
words = ["the", "quick", "well-known", "state-of-the-art", "a--b", "x", "supercalifragilistic", "end!", "Mr.", "e-mail", "--", "123-456", "don't", "ab-c-d", "co--op", "a-b-c-d-e", "aa-b", "a-bb", "ab--", "--ab", "x.--y", "é-ab-cd"]
def gen():
    if r.random() < 0.5:
        return ''.join(r.choice(alpha) for _ in range(r.randint(0, 40)))
    return ''.join(r.choice(words) + r.choice([' ', ' ', '  ', '\\t', '\\n', '-', '']) for _ in range(r.randint(0, 15)))
def opts():
    o = {}
    if r.random() < .3: o['initial_indent'] = r.choice(['', '> ', '*', '    '])
    if r.random() < .3: o['subsequent_indent'] = r.choice(['', '  ', '+', '-- '])
    for k in ('expand_tabs', 'replace_whitespace', 'fix_sentence_endings', 'break_long_words', 'drop_whitespace', 'break_on_hyphens'):
        if r.random() < .3: o[k] = r.random() < .5
    if r.random() < .2: o['tabsize'] = r.randint(0, 5)
    if r.random() < .3: o['max_lines'] = r.randint(0, 4)
    if r.random() < .3: o['placeholder'] = r.choice(['...', ' [...]', '  ', '', '~~~~~~~', ' .'])
    return o
def call(f):
    try: return repr(f())
    except Exception as e: return type(e).__name__ + ': ' + str(e)
N = 150
for t in range(N):
    text = gen(); o = opts(); w = r.choice([-1, 0, 1, 2, 3, 4, 5, 7, 10, 15, 25, 70])
    li = max(len(o.get('initial_indent', '')), len(o.get('subsequent_indent', '')))
    if w > 0 and w <= li: w = li + 1
    so = dict(o); so.pop('max_lines', None)
    print(call(lambda: textwrap.wrap(text, w, **o)), call(lambda: textwrap.fill(text, width=w, **o)), call(lambda: textwrap.shorten(text, w, **so)))
    print(call(lambda: textwrap.dedent(text)), call(lambda: textwrap.indent(text, '> ')), call(lambda: textwrap.indent(text, '+', lambda l: len(l) % 2)))
class Upper(textwrap.TextWrapper):
    def _split(self, text):
        return [c.upper() for c in super()._split(text)]
    def _handle_long_word(self, chunks, line, used, width):
        line.append(chunks.pop()[:width] + '|')
print(Upper(width=8).wrap('some words with supercalifragilistic in-between'))
tw = textwrap.TextWrapper(width=12, max_lines=2, placeholder='~')
print(tw.fill('one two three four five six'), tw.width, tw.placeholder, tw.unicode_whitespace_trans == {9: 32, 10: 32, 11: 32, 12: 32, 13: 32, 32: 32})
print(textwrap.TextWrapper(5, '>', '.', False, False, True, False, False, False, 4).wrap('ab\\tcd. Ef gh-ij-kl'))
for bad in (lambda: textwrap.wrap('x', 5, max_lines=1, placeholder='[too long]'), lambda: textwrap.TextWrapper(5, bogus=1), lambda: textwrap.fill(5), lambda: textwrap.dedent(None), lambda: textwrap.dedent(b"  x"), lambda: textwrap.dedent(5), lambda: textwrap.indent('a', 5)):
    print(call(bad))
print(textwrap.shorten('Hello  world!', width=12), textwrap.shorten('Hello  world!', width=11), textwrap.shorten(' a  b ', 40))
print(repr(textwrap.dedent('\\n  \\t x\\n  \\t\\ty\\n   ')), repr(textwrap.dedent('  a\\r\\n  b\\x0c\\n')), repr(textwrap.indent('a\\rb\\r\\nc\\x0bd\\u2028e', '# ')))
print(sorted(textwrap.__all__))
"""


PROG_STATISTICS = """\
from statistics import (mean, fmean, median, median_low, median_high, mode, multimode, variance, pvariance, stdev, pstdev, StatisticsError)
import random
random.seed(7)
fns = [mean, fmean, median, median_low, median_high, mode, multimode, variance, pvariance, stdev, pstdev]
def show(data):
    out = []
    for f in fns:
        try:
            out.append(repr(f(data)))
        except Exception as e:
            out.append(type(e).__name__ + ": " + str(e))
    print(" | ".join(out))
for t in range(300):
    k = random.randint(0, 9)
    kind = t % 4
    if kind == 0: data = [random.randint(-50, 50) for _ in range(k)]
    elif kind == 1: data = [random.random() * 100 - 50 for _ in range(k)]
    elif kind == 2: data = [random.choice([0.1, 0.2, 0.3, 1e16, -1e16, 3, True, 2.5, 1e-5]) for _ in range(k)]
    else: data = [random.gauss(0, 1e6) for _ in range(k)] + [random.randint(0, 3)]
    show(data)
show([1, 2, 3, 4, 4]); show([2.75, 1.75, 1.25, 0.25, 0.5, 1.25, 3.5]); show(iter([1.5, 2.5]))
show([10**30, 3, 5]); show(["a", "b", "a"]); show([float('inf'), 1.0]); show([float('nan'), 2.0, 1.0])
print(variance([1, 2, 3, 4], 2.5), pvariance([1.5, 2.5], mu=2), stdev([1, 2, 3], xbar=2), fmean([1, 2, 3], weights=[1, 0, 1]))
print(issubclass(StatisticsError, ValueError))
for bad in (lambda: fmean([1], [1, 2]), lambda: fmean([1], [0]), lambda: mean([1, "a"])):
    try: bad()
    except Exception as e: print(type(e).__name__, e)
for f in (variance, pvariance, stdev, mean):
    try: print(f([1e308, 1e308, -1e308]))
    except OverflowError as e: print('OverflowError', e)
"""


PROG_STATISTICS2 = """\
from statistics import (geometric_mean, harmonic_mean, median_grouped, quantiles, covariance, correlation, linear_regression)
import random
random.seed(9)
fns = [geometric_mean, harmonic_mean, median_grouped, quantiles, lambda d: quantiles(d, n=10, method='inclusive'), lambda d: harmonic_mean(d, weights=list(range(len(d)))), lambda d: median_grouped(d, 5)]
def show(data):
    out = []
    for f in fns:
        try: out.append(repr(f(data)))
        except Exception as e: out.append(type(e).__name__ + ": " + str(e))
    print(" | ".join(out))
for t in range(150):
    k = random.randint(0, 8)
    if t % 3 == 0: data = [random.randint(0, 20) for _ in range(k)]
    elif t % 3 == 1: data = [random.random() * 10 for _ in range(k)]
    else: data = [random.choice([1, 2.5, 0.5, 3, 4, 0.1]) for _ in range(k)]
    show(data)
    y = [2 * v + random.random() for v in data]
    for f in (covariance, correlation, linear_regression, lambda a, b: linear_regression(a, b, proportional=True)):
        try: print(f(data, y))
        except Exception as e: print(type(e).__name__, e)
show([-1, 2]); show(iter([40, 60])); show([5]); show([-5])
print(harmonic_mean([40, 60], weights=[5, 30]), correlation([1, 2], [3, 3]) if False else 0)
for bad in (lambda: correlation([1, 2, 3], [3, 3, 3]), lambda: linear_regression([1, 1], [1, 2]), lambda: quantiles([1, 2], n=0), lambda: quantiles([1, 2], method='x'), lambda: covariance([1], [1, 2])):
    try: print(bad())
    except Exception as e: print(type(e).__name__, e)
"""


@pytest.mark.parametrize("src", [PROG_OPERATOR, PROG_OPERATOR_MORE, PROG_HEAPQ, PROG_BISECT, PROG_CONTEXTLIB, PROG_CONTEXTLIB_MORE,
                                 PROG_TEXTWRAP, PROG_TEXTWRAP_MORE, PROG_STATISTICS, PROG_STATISTICS2],
                         ids=["operator", "operator-more", "heapq", "bisect", "contextlib", "contextlib-more", "textwrap",
                              "textwrap-options", "statistics", "statistics-more"])
def test_module_matches_cpython(src):
    assert_same(src)


@pytest.mark.parametrize("src", [
    "import operator\nprint(operator.itemgetter(1), operator.attrgetter('a.b', 'c'), "
    "operator.methodcaller('f', 1, k='v'))",
    "import operator\nclass I:\n    def __index__(self): return 7\nprint(operator.index(I()))",
    "import operator\nprint(operator.length_hint([], 'x'))",
    "import heapq\nh = []\nheapq.heapreplace(h, 1)",
    "import heapq\nheapq.heapify((3, 1))",
    "import heapq\nheapq.heappop((3, 1))",
    "import heapq\nheapq.heappushpop((3, 1), 2)",
    "import bisect\nbisect.insort([1], 0, lo=-1)",
    "import textwrap\ntextwrap.shorten('hello world', 3)",
    "import statistics\ntry:\n    statistics.mean([])\nexcept ValueError as e:\n    print(type(e).__module__, type(e).__name__, e)",
    "import statistics\ntry:\n    statistics.stdev([1.5])\nexcept ValueError as e:\n    print(type(e).__module__, type(e).__name__, e)",
    "import statistics\ntry:\n    statistics.mode([])\nexcept ValueError as e:\n    print(type(e).__module__, type(e).__name__, e)",
    "import statistics\nprint(statistics.mean([1, 2, 3]), statistics.mean([1, 2]), "
    "statistics.mean([0.1] * 10), statistics.variance([0.1, 0.2, 0.3]), "
    "statistics.stdev([1e-3, 2e-3, 4e-3]), statistics.median([1, 2]))",
    "import contextlib\n@contextlib.contextmanager\ndef g():\n    yield 1\n"
    "with g() as a:\n    raise KeyError(a)",
    "import contextlib\nwith contextlib.suppress(ValueError):\n    int('x')\n"
    "with contextlib.suppress():\n    int('y')",
], ids=["reprs", "index-dunder", "length-hint-default", "heapreplace-empty", "heapify-tuple",
        "heappop-tuple", "heappushpop-tuple", "insort-lo", "shorten-placeholder", "mean-empty", "stdev-one", "mode-empty",
        "exact-means", "contextmanager-reraise", "suppress"])
def test_edge_cases_match_cpython(src):
    assert_same(src)


def test_heapq_and_bisect_random_operations():
    """Random pushes, pops, replaces and heapify leave the list in CPython's order; bisect's
    positions, insort with a key, merge (both directions, with a key) and nsmallest/nlargest
    give CPython's results."""
    assert_same(r'''
import heapq, bisect, random
r = random.Random(5)
for trial in range(40):
    h = []
    for step in range(200):
        op = r.random()
        if op < 0.5 or not h:
            heapq.heappush(h, r.randrange(50))
        elif op < 0.7:
            heapq.heappop(h)
        elif op < 0.85:
            heapq.heapreplace(h, r.randrange(50))
        else:
            heapq.heappushpop(h, r.randrange(50))
    xs = [r.randrange(30) for _ in range(r.randrange(40))]
    heapq.heapify(xs)
    print(h[:12], xs[:8])
    a = sorted(r.randrange(20) for _ in range(15))
    for v in range(-1, 22, 3):
        print(bisect.bisect_left(a, v), bisect.bisect_right(a, v), bisect.bisect_left(a, v, 2, 9), end=' ')
    b = []
    for v in [r.randrange(9) for _ in range(10)]:
        bisect.insort(b, (v, len(b)), key=lambda t: t[0])
    print(b)
    ins = [sorted(r.randrange(10) for _ in range(r.randrange(6))) for _ in range(4)]
    print(list(heapq.merge(*ins)), list(heapq.merge(*[x[::-1] for x in ins], reverse=True)))
    words = ['a%d' % r.randrange(5) for _ in range(12)]
    print(list(heapq.merge(sorted(words[:6], key=len), sorted(words[6:], key=len), key=len)))
    print(heapq.nsmallest(3, words), heapq.nlargest(4, words, key=lambda w: w[1]), heapq.nsmallest(1, []), heapq.nlargest(1, words))
try:
    heapq.heappop([])
except IndexError as e:
    print(e)
try:
    bisect.bisect([1], 1, -1)
except ValueError as e:
    print(e)
try:
    heapq.heappush((), 1)
except TypeError as e:
    print(e)
''')


PROG_STATISTICS_EDGES = """\
import random
from statistics import *
from statistics import LinearRegression
def t(f):
    try:
        return repr(f())
    except Exception as e:
        return '%s: %s' % (type(e).__name__, e)
fns = [mean, fmean, median, median_low, median_high, median_grouped, mode, multimode, variance,
       pvariance, stdev, pstdev, geometric_mean, harmonic_mean, quantiles]
R = random.Random(11)
cases = [[], [1], [True, False, True], [1, 2.5], [5e-324, 5e-324, 1e-323], [2.2e-308, 4.4e-308, 1e-310],
         [1e308, -1e308, 1e-300], [0.0, -0.0], [3, 3, 3], [1e16, 1.0, -1e16], ['a', 'b'], [1, 'a'],
         [float('nan')], [float('inf'), float('-inf')], [0.5, 0], [-1, 2, 3], [2**53 + 1, 1], [7.0], [-7]]
for _ in range(40):
    k = R.randint(1, 12)
    kind = R.randrange(3)
    if kind == 0: cases.append([R.randint(-10**6, 10**6) for _ in range(k)])
    elif kind == 1: cases.append([R.uniform(-1e3, 1e3) for _ in range(k)])
    else: cases.append([R.choice([1e-320, 3e-310, 1e300, 2.0**-1070, 1.5]) for _ in range(k)])
for data in cases:
    print(' | '.join(t(lambda: f(data)) for f in fns))
    print(t(lambda: quantiles(data, n=7, method='inclusive')), t(lambda: variance(data, 1.5)),
          t(lambda: pstdev(data, 0.25)), t(lambda: harmonic_mean(data, weights=[1] * len(data))))
print(t(lambda: fmean(iter([1, 2, 3]), weights=iter([1, 2]))), t(lambda: fmean(iter([1, 2]), weights=[1, 2, 3])), t(lambda: fmean(iter([]))))
print(t(lambda: harmonic_mean([1, 2], weights=[1, -1])), t(lambda: harmonic_mean([1, 0, -1])), t(lambda: harmonic_mean([0, 0], weights=[0, 0])),
      t(lambda: harmonic_mean(['a'])), t(lambda: harmonic_mean([2, float('inf')])), t(lambda: harmonic_mean([2, 4], weights=[float('inf'), 1])))
print(t(lambda: harmonic_mean([1, 2], weights=[1])), t(lambda: harmonic_mean([True])), t(lambda: harmonic_mean(iter([3, 6]))))
print(t(lambda: median_grouped([1, 2, 2, 3], interval=2)), t(lambda: median_grouped(['a', 'b'])), t(lambda: median_grouped([1, 3], 'x')))
print(t(lambda: mode([[1]])), t(lambda: mode('aabbbc')), t(lambda: multimode('aabbc')), t(lambda: quantiles([1, 2], n=1)), t(lambda: quantiles(range(10), n=3)))
print(t(lambda: linear_regression([1, 2, 3], [2, 4, 7])), t(lambda: linear_regression([1, 2, 3], [2, 4, 6.5], proportional=True)),
      t(lambda: correlation([1, 2, 3, 4], [2, 3, 5, 4])), t(lambda: covariance([1, 2, 3], [1, 2, 5])), t(lambda: LinearRegression(1, 2)))
print(t(lambda: mean([1, 2.5, True])), t(lambda: variance([1, 2, 3])), type(variance([1, 2, 3])).__name__, t(lambda: stdev([1, 2, 3, 4], 2)))
print(t(lambda: geometric_mean([1, -1])), t(lambda: geometric_mean([])), t(lambda: geometric_mean(['x'])), t(lambda: geometric_mean(iter([4, 9]))))
class F(float): pass
class N(int): pass
print(t(lambda: mean([F(1.5), F(2.5)])), type(mean([F(1.5), 2])).__name__, type(mean([N(2), N(4)])).__name__, type(mean([1.0, N(4)])).__name__)
"""


def test_statistics_edges_match_cpython():
    """Subnormal and huge data, infinities and nans, int/bool/float subclasses and the
    result type they give, weights, iterators and every error message."""
    assert_same(PROG_STATISTICS_EDGES)
