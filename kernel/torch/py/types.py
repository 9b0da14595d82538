"""The types module: SimpleNamespace and the names of the built-in types."""


def _f():
    pass


FunctionType = type(_f)
LambdaType = FunctionType
BuiltinFunctionType = type(len)
BuiltinMethodType = BuiltinFunctionType
NoneType = type(None)
EllipsisType = type(Ellipsis)
NotImplementedType = type(NotImplemented)


def _g():
    yield 1


GeneratorType = type(_g())
import math as _math
ModuleType = type(_math)
del _math


class SimpleNamespace:
    """A simple attribute-based namespace."""

    def __init__(self, **kwargs):
        for k, v in kwargs.items():
            setattr(self, k, v)

    def __repr__(self):
        return "namespace(%s)" % ", ".join("%s=%r" % (k, v) for k, v in self.__dict__.items())

    def __eq__(self, other):
        if isinstance(other, SimpleNamespace):
            return self.__dict__ == other.__dict__
        return NotImplemented
