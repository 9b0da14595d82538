"""Python's operators as ordinary functions (add(x, y) is x + y, and so on) and three small
callable factories, itemgetter, attrgetter and methodcaller, mostly used as sort keys.
Results and error messages follow CPython 3.11's operator module."""

_builtin_abs = abs

# Every operator function below is a one-line wrapper; the table at the end of the file
# gives each its double-underscore alias (lt is also __lt__), as CPython exports them.

# -- comparisons, truth, identity --
def lt(a, b): return a < b
def le(a, b): return a <= b
def eq(a, b): return a == b
def ne(a, b): return a != b
def ge(a, b): return a >= b
def gt(a, b): return a > b
def not_(a): return not a
def truth(a): return bool(a)
def is_(a, b): return a is b
def is_not(a, b): return a is not b

# -- numbers and bits --
def abs(a): return _builtin_abs(a)
def add(a, b): return a + b
def sub(a, b): return a - b
def mul(a, b): return a * b
def matmul(a, b): return a @ b
def truediv(a, b): return a / b
def floordiv(a, b): return a // b
def mod(a, b): return a % b
def pow(a, b): return a ** b
def neg(a): return -a
def pos(a): return +a
def invert(a): return ~a
def inv(a): return ~a
def lshift(a, b): return a << b
def rshift(a, b): return a >> b
def and_(a, b): return a & b
def or_(a, b): return a | b
def xor(a, b): return a ^ b

# -- in-place forms: the augmented statement, then its result --
def iadd(a, b):
    a += b
    return a
def isub(a, b):
    a -= b
    return a
def imul(a, b):
    a *= b
    return a
def imatmul(a, b):
    a @= b
    return a
def itruediv(a, b):
    a /= b
    return a
def ifloordiv(a, b):
    a //= b
    return a
def imod(a, b):
    a %= b
    return a
def ipow(a, b):
    a **= b
    return a
def ilshift(a, b):
    a <<= b
    return a
def irshift(a, b):
    a >>= b
    return a
def iand(a, b):
    a &= b
    return a
def ior(a, b):
    a |= b
    return a
def ixor(a, b):
    a ^= b
    return a


def index(a):
    """The integer a stands for (a.__index__()); TypeError when it has none."""
    if isinstance(a, int):
        return int(a)
    hook = getattr(type(a), '__index__', None)
    if hook is None:
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(a).__name__)
    value = hook(a)
    if isinstance(value, int):
        return value
    raise TypeError("__index__ returned non-int (type %s)" % type(value).__name__)


# -- containers --
# str, bytes, list, ... concatenate natively; any other operand pair goes through + only
# when both sides are sequences (have __getitem__ and are not mappings).
_NATIVE_CONCAT = (str, bytes, bytearray, list, tuple)


def _sequence_like(x):
    return not isinstance(x, dict) and getattr(type(x), '__getitem__', None) is not None


def _check_concat(a, b):
    if not isinstance(a, _NATIVE_CONCAT) and not (_sequence_like(a) and _sequence_like(b)):
        raise TypeError("'%s' object can't be concatenated" % type(a).__name__)


def concat(a, b):
    _check_concat(a, b)
    return a + b


def iconcat(a, b):
    _check_concat(a, b)
    a += b
    return a


def _items_of(a):
    try:
        return iter(a)
    except TypeError:
        raise TypeError("argument of type '%s' is not iterable" % type(a).__name__) from None


def contains(a, b): return b in a
def getitem(a, b): return a[b]


def setitem(a, b, c):
    a[b] = c


def delitem(a, b):
    del a[b]


def countOf(a, b):
    """How many items of a are b or equal b."""
    n = 0
    for item in _items_of(a):
        if item is b or item == b:
            n += 1
    return n


def indexOf(a, b):
    """The position of the first item of a that is b or equals b."""
    for at, item in enumerate(_items_of(a)):
        if item is b or item == b:
            return at
    raise ValueError('sequence.index(x): x not in sequence')


def length_hint(obj, default=0):
    """len(obj) when obj has a length, else its __length_hint__(), else default."""
    if not isinstance(default, int):
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(default).__name__)
    try:
        return len(obj)
    except TypeError:
        pass
    hook = getattr(type(obj), '__length_hint__', None)
    if hook is None:
        return default
    guess = hook(obj)
    if guess is NotImplemented:
        return default
    if not isinstance(guess, int):
        raise TypeError('__length_hint__ must be an integer, not %s' % type(guess).__name__)
    if guess < 0:
        raise ValueError('__length_hint__() should return >= 0')
    return guess


def call(obj, *args, **kwargs):
    """obj(*args, **kwargs)."""
    return obj(*args, **kwargs)


# -- the callable factories --
# Each instance checks its call the way CPython's C versions do: exactly one positional
# argument, no keywords. The common single-key case is tested first (sort keys).

def _one_operand(kind, args, kwargs):
    if kwargs:
        raise TypeError('%s() takes no keyword arguments' % kind)
    raise TypeError('%s expected 1 argument, got %d' % (kind, len(args)))


def _joined_reprs(values):
    return ', '.join([repr(v) for v in values])


class itemgetter:
    """itemgetter(k)(obj) is obj[k]; itemgetter(k1, k2, ...)(obj) is (obj[k1], obj[k2], ...)."""

    __slots__ = ('_keys', '_single', '_key')

    def __init__(self, *keys):
        if not keys:
            raise TypeError('itemgetter expected 1 argument, got 0')
        self._keys = keys
        self._single = len(keys) == 1
        self._key = keys[0]

    def __call__(self, *args, **kwargs):
        if kwargs or len(args) != 1:
            _one_operand('itemgetter', args, kwargs)
        if self._single:
            return args[0][self._key]
        obj = args[0]
        return tuple([obj[k] for k in self._keys])

    def __repr__(self):
        return 'operator.itemgetter(%s)' % _joined_reprs(self._keys)

    def __reduce__(self):
        return type(self), self._keys


def _follow(obj, dotted):
    for part in dotted:
        obj = getattr(obj, part)
    return obj


class attrgetter:
    """attrgetter('a')(obj) is obj.a, attrgetter('a.b')(obj) is obj.a.b; with several names
    the call gives a tuple of the attributes."""

    __slots__ = ('_names', '_chains')

    def __init__(self, *names):
        if not names:
            raise TypeError('attrgetter expected 1 argument, got 0')
        chains = []
        for name in names:
            if not isinstance(name, str):
                raise TypeError('attribute name must be a string')
            chains.append(tuple(name.split('.')))
        self._names = names
        self._chains = chains

    def __call__(self, *args, **kwargs):
        if kwargs or len(args) != 1:
            _one_operand('attrgetter', args, kwargs)
        obj = args[0]
        chains = self._chains
        if len(chains) == 1:
            chain = chains[0]
            if len(chain) == 1:
                return getattr(obj, chain[0])
            return _follow(obj, chain)
        return tuple([_follow(obj, c) for c in chains])

    def __repr__(self):
        return 'operator.attrgetter(%s)' % _joined_reprs(self._names)

    def __reduce__(self):
        return type(self), self._names


class methodcaller:
    """methodcaller('m', *args, **kw)(obj) is obj.m(*args, **kw)."""

    __slots__ = ('_name', '_args', '_kwargs')

    def __init__(*args, **kwargs):
        # self is taken from args so that a keyword named 'self' or 'name' reaches the method
        if len(args) < 2:
            raise TypeError('methodcaller needs at least one argument, the method name')
        self, name = args[0], args[1]
        if not isinstance(name, str):
            raise TypeError('method name must be a string')
        self._name = name
        self._args = args[2:]
        self._kwargs = kwargs

    def __call__(self, *args, **kwargs):
        if kwargs or len(args) != 1:
            _one_operand('methodcaller', args, kwargs)
        return getattr(args[0], self._name)(*self._args, **self._kwargs)

    def __repr__(self):
        parts = [repr(self._name)]
        parts += [repr(a) for a in self._args]
        parts += ['%s=%r' % item for item in self._kwargs.items()]
        return 'operator.methodcaller(%s)' % ', '.join(parts)

    def __reduce__(self):
        if self._kwargs:
            import functools
            return (functools.partial(type(self), self._name, **self._kwargs), self._args)
        return type(self), (self._name,) + self._args


# -- the double-underscore aliases (operator.__add__ is operator.add, ...) --
(__lt__, __le__, __eq__, __ne__, __ge__, __gt__, __not__) = (lt, le, eq, ne, ge, gt, not_)
(__abs__, __add__, __sub__, __mul__, __matmul__, __truediv__, __floordiv__, __mod__,
 __pow__) = (abs, add, sub, mul, matmul, truediv, floordiv, mod, pow)
(__neg__, __pos__, __invert__, __inv__, __lshift__, __rshift__, __and__, __or__,
 __xor__, __index__) = (neg, pos, invert, inv, lshift, rshift, and_, or_, xor, index)
(__concat__, __contains__, __getitem__, __setitem__, __delitem__, __call__) = (
    concat, contains, getitem, setitem, delitem, call)
(__iadd__, __isub__, __imul__, __imatmul__, __itruediv__, __ifloordiv__, __imod__,
 __ipow__) = (iadd, isub, imul, imatmul, itruediv, ifloordiv, imod, ipow)
(__ilshift__, __irshift__, __iand__, __ior__, __ixor__, __iconcat__) = (
    ilshift, irshift, iand, ior, ixor, iconcat)

__all__ = sorted(['abs', 'add', 'and_', 'attrgetter', 'call', 'concat', 'contains',
                  'countOf', 'delitem', 'eq', 'floordiv', 'ge', 'getitem', 'gt', 'iadd',
                  'iand', 'iconcat', 'ifloordiv', 'ilshift', 'imatmul', 'imod', 'imul',
                  'index', 'indexOf', 'inv', 'invert', 'ior', 'ipow', 'irshift', 'is_',
                  'is_not', 'isub', 'itemgetter', 'itruediv', 'ixor', 'le', 'length_hint',
                  'lshift', 'lt', 'matmul', 'methodcaller', 'mod', 'mul', 'ne', 'neg',
                  'not_', 'or_', 'pos', 'pow', 'rshift', 'setitem', 'sub', 'truediv',
                  'truth', 'xor'])
