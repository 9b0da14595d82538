"""abc (ABC, ABCMeta and abstractmethod) and types.SimpleNamespace against
CPython 3.11."""
import pathlib

from cpython_diff import assert_same

PROGRAM = r'''
from abc import ABC, abstractmethod, abstractproperty
import types
class Base(ABC):
    @abstractmethod
    def forward(self, x):
        pass
    @abstractmethod
    def name(self):
        pass
    def twice(self, x):
        return 2 * self.forward(x)
class Half(Base):
    def forward(self, x):
        return x
class Impl(Half):
    def __init__(self, k):
        self.k = k
    def name(self):
        return "impl"
for C in (Base, Half):
    try:
        C()
    except TypeError as e:
        print(e)
i = Impl(3)
print(i.k, i.twice(5), i.name(), isinstance(i, Base), isinstance(i, ABC))
class Plain(ABC):
    pass
print(type(Plain()).__name__)
ns = types.SimpleNamespace(lr=0.1, epochs=3)
print(ns, ns.lr, ns == types.SimpleNamespace(lr=0.1, epochs=3), ns == types.SimpleNamespace(lr=0.2))
ns.batch = 4
del ns.epochs
print(ns, vars(ns))
print(types.FunctionType, isinstance(print, types.BuiltinFunctionType),
      isinstance(lambda: 1, types.FunctionType), types.NoneType, isinstance(types, types.ModuleType))
'''


def test_abc_and_types_as_cpython():
    assert_same(PROGRAM)
