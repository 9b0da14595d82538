"""Metaclasses (class M(type), metaclass=, type.__new__/__call__ through super(), the
operations a metaclass defines on its classes, __init_subclass__, __set_name__, __prepare__),
and the enum and abc modules built on them, against CPython 3.11."""
from cpython_diff import assert_same

METACLASSES = r'''
class Meta(type):
    def __new__(mcs, name, bases, ns, **kw):
        ns['added'] = name.lower()
        cls = super().__new__(mcs, name, bases, ns)
        cls.kw = kw
        return cls
    def __init__(cls, name, bases, ns, **kw):
        super().__init__(name, bases, ns)
        cls.inited = True
    def __iter__(cls):
        return iter(cls.items)
    def __len__(cls):
        return len(cls.items)
    def __getitem__(cls, k):
        return cls.items[k]
    def __contains__(cls, x):
        return x in cls.items
    def __repr__(cls):
        return f"<Meta {cls.__name__}>"
    def describe(cls):
        return f"{cls.__name__} with {len(cls)}"
    @property
    def size(cls):
        return len(cls.items)

class A(metaclass=Meta, flavor=1):
    items = [1, 2, 3]
    def hello(self):
        return 'hi'

print(type(A), A, repr(A), str(A))
print(isinstance(A, Meta), isinstance(A, type), type(A) is Meta, issubclass(Meta, type))
print(list(A), len(A), A[1], 2 in A, 5 in A, A.added, A.kw, A.inited)
print(A.describe(), A.size, A().hello(), bool(A))
class B(A):
    items = [9]
print(type(B), list(B), B.added, B.kw)
print(A.__class__, B.__class__.__name__)
class Plain: pass
print(type(Plain), Plain.__class__)
X = Meta('X', (), {'items': [7]})
print(X, list(X), X.added)
class Counted(type):
    count = 0
    def __call__(cls, *a, **k):
        Counted.count += 1
        return super().__call__(*a, **k)
class C(metaclass=Counted):
    def __init__(self, v):
        self.v = v
c1 = C(3); c2 = C(4)
print(c1.v, c2.v, Counted.count, type(c1).__name__)
class Base:
    subs = []
    def __init_subclass__(cls, tag=None, **kw):
        super().__init_subclass__(**kw)
        Base.subs.append((cls.__name__, tag))
class D1(Base, tag='x'): pass
class D2(Base): pass
print(Base.subs)
class Desc:
    def __set_name__(self, owner, name):
        self.name = name
        self.owner = owner.__name__
class E:
    field = Desc()
print(E.field.name, E.field.owner)
try:
    class F(x=1): pass
except TypeError as e:
    print('TypeError', e)
class M1(type): pass
class M2(type): pass
class G(metaclass=M1): pass
class H(metaclass=M2): pass
try:
    class I(G, H): pass
except TypeError as e:
    print('TypeError', e)
try:
    iter(Plain)
except TypeError as e:
    print(e)
try:
    Plain[1]
except TypeError as e:
    print(e)
def fmeta(name, bases, ns):
    return 42
class J(metaclass=fmeta): pass
print(J)
class K(metaclass=type): pass
print(type(K))
class P(type):
    @classmethod
    def __prepare__(mcs, name, bases, **kw):
        return {'pre': 1}
class Q(metaclass=P):
    x = pre + 1
print(Q.x, Q.pre)
'''

ENUMS = r'''
from enum import Enum, IntEnum, StrEnum, Flag, IntFlag, auto, unique
class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3
    CRIMSON = 1
    def describe(self):
        return f"{self.name} is {self.value}"
    @classmethod
    def favorite(cls):
        return cls.GREEN
print(Color.RED, repr(Color.RED), Color.RED.name, Color.RED.value)
print(list(Color), len(Color), Color['BLUE'], Color(2), Color.CRIMSON is Color.RED)
print(Color.RED.describe(), Color.favorite(), type(Color.RED), Color)
print(Color.__members__)
print(isinstance(Color.RED, Color), Color.RED in Color, Color.RED == Color.RED, Color.RED == 1)
print(f"{Color.RED}", f"{Color.RED:>12}|", str(Color.GREEN), hash(Color.RED) == hash('RED'))
d = {Color.RED: 'r'}
print(d[Color.CRIMSON], sorted(Color, key=lambda c: c.value))
try:
    Color(7)
except ValueError as e:
    print('ValueError', e)
try:
    Color['PINK']
except KeyError as e:
    print('KeyError', e)
class Shape(Enum):
    SQUARE = auto()
    CIRCLE = auto()
    TRI = 10
    HEX = auto()
print(list(Shape), [s.value for s in Shape])
class N(IntEnum):
    ONE = 1
    TWO = 2
print(N.ONE, repr(N.TWO), N.ONE + 1, N.TWO * 3, N.ONE == 1, N(2), f"{N.TWO:03d}", int(N.TWO), isinstance(N.ONE, int))
print(sorted([N.TWO, N.ONE]), N.ONE < N.TWO)
class S(StrEnum):
    A = auto()
    B = 'bee'
print(S.A, repr(S.A), S.B.upper(), S.A == 'a', f"[{S.B}]")
class Perm(Flag):
    R = 4
    W = 2
    X = 1
rw = Perm.R | Perm.W
print(rw, repr(rw), Perm.R in rw, Perm.X in rw, bool(Perm(0)), repr(Perm(0)), list(rw), repr(~Perm.R))
print(repr(rw & Perm.R), repr(Perm(7)), len(rw))
class P2(IntFlag):
    A = auto()
    B = auto()
    C = auto()
print(P2.A | P2.C, repr(P2.A | P2.C), P2.B + 0, list(P2))
class Planet(Enum):
    MERCURY = (3.303e+23, 2.4397e6)
    EARTH = (5.976e+24, 6.37814e6)
    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius
    @property
    def surface_gravity(self):
        return 6.673e-11 * self.mass / (self.radius * self.radius)
print(Planet.EARTH.value, round(Planet.EARTH.surface_gravity, 3), Planet((3.303e+23, 2.4397e6)))
try:
    @unique
    class Bad(Enum):
        A = 1
        B = 1
except ValueError as e:
    print('ValueError', e)
Animal = Enum('Animal', 'ANT BEE CAT')
print(list(Animal), Animal.BEE.value)
Pair = Enum('Pair', [('X', 10), ('Y', 20)])
print(Pair.Y, Pair(10))
try:
    class More(Color):
        PINK = 9
except TypeError as e:
    print('TypeError', e)
print(type(Color).__name__, Color.RED.__class__.__name__)
for c in reversed(Color):
    print(c.name, end=' ')
print()
'''

ABCS = r'''
from abc import ABC, ABCMeta, abstractmethod
class Base(metaclass=ABCMeta):
    @abstractmethod
    def run(self): ...
    @abstractmethod
    def stop(self): ...
class Half(Base):
    def run(self): return 1
class Full(Half):
    def stop(self): return 2
for k in (Base, Half):
    try:
        k()
    except TypeError as e:
        print(e)
f = Full(); print(f.run(), f.stop(), type(Base).__name__, isinstance(Full(), Base), sorted(Half.__abstractmethods__))
class Model(ABC):
    def __init__(self, n):
        self.n = n
    @abstractmethod
    def forward(self, x): ...
class Lin(Model):
    def forward(self, x): return x * self.n
print(Lin(3).forward(2), type(Lin))
'''

BUILTIN_BASES = r'''
class I(int):
    def __init__(self, v):
        self.extra = 1
print(I(5), I(5).extra, I(5) + 1)
class S(str):
    def __init__(self, v):
        pass
print(S('ab'), len(S('ab')))
class L(list):
    def __init__(self, v):
        pass
print(L([1, 2]))
class F(float):
    def __init__(self, *a):
        pass
print(F(2.5))
class T(tuple):
    def __init__(self, x):
        pass
print(T([1, 2]))
'''


def test_metaclasses():
    assert_same(METACLASSES)


def test_enum():
    assert_same(ENUMS)


def test_abcmeta():
    assert_same(ABCS)


def test_immutable_builtin_base_takes_its_value_from_the_arguments():
    assert_same(BUILTIN_BASES)
