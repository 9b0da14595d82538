"""The abc module: abstract base classes as notebooks write them (class Base(ABC) with
@abstractmethod methods). The kernel has no metaclasses, so ABC is a base class whose
__new__ refuses to instantiate a class that still has abstract methods, as CPython's
ABCMeta does; ABCMeta names the same check for `metaclass=ABCMeta`-free code."""


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


class ABC:
    """Helper class that provides a standard way to create an ABC using inheritance."""

    def __new__(cls, *args, **kwargs):
        missing = _abstract_names(cls)
        if missing:
            raise TypeError("Can't instantiate abstract class %s with abstract method%s %s"
                            % (cls.__name__, "s" if len(missing) > 1 else "",
                               ", ".join(missing)))
        return super().__new__(cls)


ABCMeta = type


def abstractproperty(fget=None, fset=None, fdel=None, doc=None):
    """Deprecated: @property over @abstractmethod."""
    if fget is not None:
        abstractmethod(fget)
    return property(fget, fset, fdel, doc)


def abstractclassmethod(f):
    return classmethod(abstractmethod(f))


def abstractstaticmethod(f):
    return staticmethod(abstractmethod(f))
