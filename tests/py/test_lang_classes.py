"""Classes against CPython 3.11: each program runs in the kernel's interpreter (tk-python)
and in CPython, and stdout plus the final exception line must be identical."""
import pytest

from cpython_diff import assert_same

PROGRAMS = {
"basics": """
class A:
    '''An A.'''
    count = 0
    def __init__(self, v):
        self.v = v
        A.count += 1
    def get(self):
        return self.v
a, b = A(1), A(2)
print(a.get(), b.get(), A.count, a.count, A.__doc__, A.__name__, A.__qualname__, A.__module__)
print(type(a), A, type(a) is A, type(A), type(A) is type, a.__class__ is A)
a.count = 10
print(a.count, A.count, b.count, sorted(vars(a)) if 0 else sorted(a.__dict__))
print(isinstance(a, A), isinstance(1, A), isinstance(a, (int, A)), issubclass(A, object))
print(repr(a).startswith('<__main__.A object at 0x'), str(a) == repr(a))
""",
"inheritance_and_super": """
class Base:
    def __init__(self, name):
        self.name = name
    def hello(self):
        return 'Base ' + self.name
    def who(self):
        return type(self).__name__
class Mid(Base):
    def hello(self):
        return 'Mid>' + super().hello()
class Leaf(Mid):
    def __init__(self):
        super().__init__('leaf')
    def hello(self):
        return 'Leaf>' + super().hello()
x = Leaf()
print(x.hello(), x.who(), x.name, Leaf.__mro__, Leaf.__bases__, Mid.__base__)
print(isinstance(x, Base), issubclass(Leaf, Base), issubclass(Base, Leaf), issubclass(Leaf, (int, Mid)))
print(super(Mid, x).hello())
""",
"diamond_mro": """
class A:
    def f(self): return ['A']
class B(A):
    def f(self): return ['B'] + super().f()
class C(A):
    def f(self): return ['C'] + super().f()
class D(B, C):
    def f(self): return ['D'] + super().f()
print(D().f(), [k.__name__ for k in D.__mro__])
class X: pass
class Y: pass
class Z(X, Y): pass
print([k.__name__ for k in Z.__mro__])
try:
    class Bad(A, D): pass
except TypeError as e:
    print(e)
""",
"operators": """
class V:
    def __init__(self, x, y): self.x, self.y = x, y
    def __repr__(self): return f'V({self.x}, {self.y})'
    def __add__(self, o):
        if not isinstance(o, V): return NotImplemented
        return V(self.x + o.x, self.y + o.y)
    def __radd__(self, o):
        if o == 0: return self
        return NotImplemented
    def __sub__(self, o): return V(self.x - o.x, self.y - o.y)
    def __mul__(self, k): return V(self.x * k, self.y * k)
    __rmul__ = __mul__
    def __truediv__(self, k): return V(self.x / k, self.y / k)
    def __neg__(self): return V(-self.x, -self.y)
    def __abs__(self): return (self.x ** 2 + self.y ** 2) ** 0.5
    def __eq__(self, o): return isinstance(o, V) and (self.x, self.y) == (o.x, o.y)
    def __hash__(self): return hash((self.x, self.y))
    def __matmul__(self, o): return self.x * o.x + self.y * o.y
a, b = V(1, 2), V(3, 4)
print(a + b, a - b, a * 3, 3 * a, a / 2, -a, a @ b, a == V(1, 2), a != b, a == 1)
print(sum([a, b, V(5, 5)]), {a: 1, V(1, 2): 2}, len({a: 0, V(1, 2): 0}))
try:
    a + 1
except TypeError as e:
    print(e)
try:
    a < b
except TypeError as e:
    print(e)
c = a
c += b
print(c, a, c is a)
""",
"inplace_and_reflected": """
class Acc:
    def __init__(self): self.items = []
    def __iadd__(self, x):
        self.items.append(x)
        return self
    def __repr__(self): return 'Acc(%r)' % self.items
acc = Acc()
same = acc
acc += 1
acc += 2
print(acc, same is acc)
class R:
    def __rsub__(self, o): return ('rsub', o)
    def __rpow__(self, o): return ('rpow', o)
    def __rlshift__(self, o): return ('rlshift', o)
print(5 - R(), 2 ** R(), 1 << R())
""",
"comparisons_and_sorting": """
class P:
    def __init__(self, n, a): self.n, self.a = n, a
    def __lt__(self, o): return self.a < o.a
    def __repr__(self): return self.n
ps = [P('x', 3), P('y', 1), P('z', 2)]
print(sorted(ps), max(ps), min(ps), sorted(ps, reverse=True))
print(P('a', 1) > P('b', 0), P('a', 1) < P('b', 0))
class Q:
    def __eq__(self, o): return True
print(Q() == 1, Q() != 1, 1 == Q(), Q() in [1, 2])
try:
    hash(Q())
except TypeError as e:
    print(e)
""",
"containers": """
class Bag:
    def __init__(self, *items): self.items = list(items)
    def __len__(self): return len(self.items)
    def __getitem__(self, i): return self.items[i]
    def __setitem__(self, i, v): self.items[i] = v
    def __delitem__(self, i): del self.items[i]
    def __contains__(self, x): return x in self.items
    def __iter__(self): return iter(self.items)
    def __repr__(self): return 'Bag' + repr(tuple(self.items))
b = Bag(1, 2, 3, 4)
print(len(b), b[0], b[-1], b[1:3], 3 in b, 9 in b, list(b), bool(b), bool(Bag()))
b[0] = 10
del b[1]
print(b, sorted(b), sum(b), [x * 2 for x in b], dict(zip(b, 'abc')))
class Seq:
    def __getitem__(self, i):
        if i >= 3: raise IndexError(i)
        return i * i
print(list(Seq()), 4 in Seq(), 5 in Seq())
class Count:
    def __init__(self, n): self.i, self.n = 0, n
    def __iter__(self): return self
    def __next__(self):
        if self.i >= self.n: raise StopIteration
        self.i += 1
        return self.i
print(list(Count(3)), sum(Count(4)), [x for x in Count(2)], next(Count(5)))
it = iter(Count(2))
print(next(it), next(it), next(it, 'done'))
""",
"properties_and_descriptors": """
class T:
    def __init__(self): self._c = 0
    def _get(self): return self._c
    def _set(self, v):
        if v < -273: raise ValueError('too cold')
        self._c = v
    c = property(_get, _set, doc='celsius')
    f = property(lambda self: self._c * 9 / 5 + 32)
t = T()
t.c = 25
print(t.c, t.f, T.c.__doc__, type(T.c))
try:
    t.f = 1
except AttributeError as e:
    print(e)
try:
    t.c = -300
except ValueError as e:
    print(e)
class S:
    def sm(x): return x * 2
    sm = staticmethod(sm)
    def cm(cls, x): return cls.__name__ + str(x)
    cm = classmethod(cm)
class S2(S): pass
print(S.sm(2), S().sm(3), S.cm(1), S2.cm(2), S2().cm(3))
class Desc:
    def __get__(self, inst, owner): return ('get', inst is None, owner.__name__)
class H:
    d = Desc()
print(H.d, H().d[0:2])
""",
"attributes": """
class A:
    def __getattr__(self, name):
        if name.startswith('x'): return name * 2
        raise AttributeError(name)
a = A()
a.real = 1
print(a.xy, a.real, hasattr(a, 'xz'), hasattr(a, 'q'), getattr(a, 'q', 'dflt'))
class B:
    def __setattr__(self, name, value):
        object.__setattr__(self, name, value * 2)
b = B()
b.v = 21
print(b.v)
class C: pass
c = C()
c.a = 1
setattr(c, 'b', 2)
print(c.a, c.b, sorted(c.__dict__.items()))
del c.a
print(hasattr(c, 'a'))
try:
    del c.zz
except AttributeError as e:
    print(e)
try:
    C.nope
except AttributeError as e:
    print(e)
try:
    c.nope
except AttributeError as e:
    print(e)
C.cls_attr = 5
print(c.cls_attr)
""",
"exceptions": """
class AppError(Exception):
    pass
class NotFound(AppError):
    def __init__(self, key):
        super().__init__(f'missing {key}')
        self.key = key
class Odd(ValueError, KeyError): pass
for exc in [NotFound('k'), AppError('a'), Odd('o'), ValueError('v')]:
    try:
        raise exc
    except NotFound as e:
        print('NotFound', e, e.key, e.args, repr(e))
    except AppError as e:
        print('AppError', e, repr(e), type(e).__name__, isinstance(e, Exception))
    except KeyError as e:
        print('KeyError?', type(e).__name__)
    except ValueError as e:
        print('ValueError', e)
try:
    try:
        raise NotFound('x')
    except AppError:
        raise
except Exception as e:
    print('re-raised', type(e).__name__, e.key)
class NoArgs(Exception): pass
try:
    raise NoArgs
except NoArgs as e:
    print(repr(e), str(e) == '', e.args)
class Multi(Exception): pass
print(str(Multi(1, 2)), repr(Multi(1, 2)), Multi('x').args)
class WithStr(Exception):
    def __str__(self): return 'custom!'
try:
    raise WithStr(5)
except Exception as e:
    print(e, repr(e))
print(issubclass(NotFound, Exception), issubclass(Odd, LookupError), isinstance(Odd(), KeyError))
e = NotFound('z')
print(e.key, str(e))
raise NotFound('final')
""",
"raise_from": """
class Wrapped(RuntimeError): pass
def load():
    try:
        {}['cfg']
    except KeyError as e:
        raise Wrapped('could not load') from e
try:
    load()
except Wrapped as e:
    print(type(e.__cause__).__name__, e.__cause__, e)
load()
""",
"raise_from_builtin": """
def load():
    try:
        {}['cfg']
    except KeyError as e:
        raise RuntimeError('could not load') from e
try:
    load()
except RuntimeError as e:
    print(type(e.__cause__).__name__, e.__cause__, e, e.__suppress_context__)
try:
    raise ValueError('quiet') from None
except ValueError as e:
    print(e.__cause__, e.__suppress_context__)
load()
""",
"super_reaching_builtins": """
class A:
    def __repr__(self):
        return 'A!' + super().__repr__()[:10]
class B(A):
    def __repr__(self):
        return 'B:' + super().__repr__()
print(repr(B())[:8])
class C:
    def __str__(self):
        return 's' + super().__str__()[:3]
    def __eq__(self, o):
        return super().__eq__(o)
    def __hash__(self):
        return super().__hash__() * 0 + 7
print(str(C()), C() == C(), hash(C()))
class D(dict):
    def __repr__(self):
        return 'D' + super().__repr__()
print(D(a=1))
class L(list):
    def __init__(self, *a):
        super().__init__(*a)
        self.extra = 1
    def __len__(self):
        return super().__len__() + 100
print(len(L([1, 2])), L([3]))
class S:
    def __setattr__(self, k, v):
        super().__setattr__(k, v * 2)
    def __getattribute__(self, k):
        return super().__getattribute__(k)
s = S(); s.x = 2; print(s.x)
class N:
    def __init__(self):
        super().__init__()
    def __format__(self, spec):
        return 'N' + super().__format__(spec)
print(f"{N()}"[:12], format(N(), "")[:12])
class MyErr(ValueError):
    def __str__(self):
        return 'E:' + super().__str__()
print(MyErr('bad'), repr(MyErr('x')))
class DD(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k, v * 2)
    def __getitem__(self, k):
        return super().__getitem__(k) + 1
    def __contains__(self, k):
        return super().__contains__(k) or k == 'any'
d = DD(); d['a'] = 5; print(d['a'], list(d.keys()), 'any' in d, 'a' in d, 'zz' in d)
class LL(list):
    def __getitem__(self, i):
        return super().__getitem__(i) * 10
    def __iter__(self):
        return iter(list(super().__iter__())[::-1])
    def __eq__(self, o):
        return super().__eq__(o)
l = LL([1, 2, 3]); print(l[0], list(l), l == [1, 2, 3], l == LL([1, 2, 3]))
class H:
    def __eq__(self, o):
        return super().__eq__(o)
    def __hash__(self):
        return super().__hash__()
h = H(); print(h == h, h == 3, hash(h) == hash(h), {h: 1}[h])
try:
    format(N(), 'x')
except TypeError as e:
    print(e)
""",
"context_managers": """
class Res:
    def __init__(self, name, swallow=False): self.name, self.swallow = name, swallow
    def __enter__(self):
        print('enter', self.name)
        return self.name.upper()
    def __exit__(self, et, ev, tb):
        print('exit', self.name, et.__name__ if et else None, ev)
        return self.swallow
with Res('a') as x, Res('b') as y:
    print('body', x, y)
with Res('c', swallow=True):
    raise ValueError('inside')
print('after')
try:
    with Res('d'):
        1 / 0
except ZeroDivisionError as e:
    print('propagated', e)
class Custom(Exception): pass
with Res('e', swallow=True):
    raise Custom('mine')
""",
"callable_bool_format": """
class Adder:
    def __init__(self, n): self.n = n
    def __call__(self, x, y=0): return x + self.n + y
    def __bool__(self): return self.n != 0
    def __format__(self, spec): return 'Adder<' + spec + '>'
    def __str__(self): return 'adder %d' % self.n
    def __int__(self): return self.n
    def __float__(self): return self.n + 0.5
    def __index__(self): return self.n
add = Adder(3)
print(add(1), add(1, y=2), callable(add), bool(add), bool(Adder(0)), f'{add:xyz}', str(add), format(add, '>3'))
print(int(add), float(add), [10, 20, 30, 40][add], list(range(add)), hex(add))
print(list(map(Adder(1), [1, 2])), sorted([3, 1], key=Adder(0)))
""",
"bound_methods": """
class K:
    def __init__(self, v): self.v = v
    def m(self, x=1): return self.v * x
k = K(4)
f = k.m
print(f(), f(3), f.__self__ is k, f.__func__ is K.m, K.m(k, 2), f == k.m, list(map(k.m, [1, 2])))
print(repr(f).startswith('<bound method K.m of <__main__.K object'))
class L(list):
    def total(self): return sum(self)
l = L([1, 2, 3])
l.append(4)
print(l, l.total(), len(l), isinstance(l, list), l[1:])
class D(dict):
    def __missing__(self, k): return 'none'
d = D(a=1)
print(d['a'], d.get('b'), sorted(d.keys()))
""",
"errors": """
class A:
    def __init__(self, x): self.x = x
    def m(self): return self.x
cases = [lambda: A(), lambda: A(1, 2), lambda: A(1).m(2), lambda: A(1).nope, lambda: A.nope,
         lambda: A(1)(), lambda: len(A(1)), lambda: A(1)[0], lambda: iter(A(1)), lambda: -A(1),
         lambda: A(1) < A(2), lambda: A(1) + 1, lambda: int(A(1)), lambda: 1 in A(2),
         lambda: A.m(), lambda: object.__init__(A(1), 5)]
for c in cases:
    try:
        c()
    except Exception as e:
        print(type(e).__name__, e)
try:
    raise A(1)
except TypeError as e:
    print(e)
try:
    with A(1): pass
except TypeError as e:
    print(e)
try:
    class Y(A, A): pass
except TypeError as e:
    print(e)
""",
"class_scope": """
x = 'global'
class A:
    x = 'class'
    y = x + '!'
    def f(self): return x
    items = [1, 2]
    total = sum(items)
print(A.y, A().f(), A.total)
def make():
    v = 'closure'
    class Inner:
        w = v
        def g(self): return v
    return Inner
I = make()
print(I.w, I().g(), I.__qualname__, I)
class Counter:
    n = 0
    def inc(self):
        type(self).n += 1
        return self.n
c1, c2 = Counter(), Counter()
print(c1.inc(), c2.inc(), Counter.n)
""",
"type_three_args": """
def hello(self):
    return 'hi ' + self.name
Dyn = type('Dyn', (object,), {'name': 'dyn', 'hello': hello, 'n': 3})
d = Dyn()
print(Dyn, d.hello(), Dyn.n, type(d).__name__, isinstance(d, Dyn))
Sub = type('Sub', (Dyn,), {})
print(Sub().hello(), Sub.__mro__)
try:
    type('X', [], {})
except TypeError as e:
    print(e)
""",
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_class_program(name):
    assert_same(PROGRAMS[name])
