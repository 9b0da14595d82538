"""The abc module: abstract base classes as notebooks write them (class Base(ABC) or
class Base(metaclass=ABCMeta) with @abstractmethod methods): ABCMeta records a class's
abstract methods in __abstractmethods__ and refuses to instantiate a class that still has
some, as CPython does. register() records a virtual subclass but isinstance() does not consult
it."""


def abstractmethod(funcobj):
    """A decorator indicating abstract methods."""
    funcobj.__isabstractmethod__ = True
    return funcobj


def _abstract_names(cls):
    names = []
    for klass in cls.__mro__:
        if klass is object:
            continue
        for name in list(vars(klass)):
            if name in names:
                continue
            if getattr(getattr(cls, name, None), "__isabstractmethod__", False):
                names.append(name)
    return sorted(names)


class ABCMeta(type):
    """Metaclass for defining Abstract Base Classes (ABCs)."""

    def __new__(mcls, name, bases, namespace, **kwargs):
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        cls.__abstractmethods__ = frozenset(_abstract_names(cls))
        cls._abc_registry = []
        return cls

    def __call__(cls, *args, **kwargs):
        missing = sorted(cls.__abstractmethods__)
        if missing:
            raise TypeError("Can't instantiate abstract class %s with abstract method%s %s"
                            % (cls.__name__, "s" if len(missing) > 1 else "",
                               ", ".join(missing)))
        return super().__call__(*args, **kwargs)

    def register(cls, subclass):
        """Register a virtual subclass of an ABC."""
        cls._abc_registry.append(subclass)
        return subclass


class ABC(metaclass=ABCMeta):
    """Helper class that provides a standard way to create an ABC using inheritance."""


def update_abstractmethods(cls):
    """Recalculate the set of abstract methods of an abstract class."""
    if hasattr(cls, '__abstractmethods__'):
        cls.__abstractmethods__ = frozenset(_abstract_names(cls))
    return cls


def abstractproperty(fget=None, fset=None, fdel=None, doc=None):
    """Deprecated: @property over @abstractmethod."""
    if fget is not None:
        abstractmethod(fget)
    return property(fget, fset, fdel, doc)


def abstractclassmethod(f):
    return classmethod(abstractmethod(f))


def abstractstaticmethod(f):
    return staticmethod(abstractmethod(f))
