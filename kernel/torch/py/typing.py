"""typing: the names notebooks import for annotations. Each special form is subscriptable
(List[int], Optional[str], Callable[[int], str], Dict[str, Any]) and prints as CPython's
typing prints it."""

TYPE_CHECKING = False


def _type_repr(obj):
    if obj is ...:
        return '...'
    if isinstance(obj, type):
        if obj.__module__ == 'builtins':
            return obj.__qualname__
        return obj.__module__ + '.' + obj.__qualname__
    if obj is None or obj is type(None):
        return 'None'
    if isinstance(obj, list):
        return '[' + ', '.join([_type_repr(a) for a in obj]) + ']'
    return repr(obj)


class _GenericAlias:
    def __init__(self, form, args):
        self._form = form
        self.__origin__ = form._origin
        self.__args__ = args

    def __repr__(self):
        name = self._form._name
        args = self.__args__
        if name == 'Union' and len(args) == 2 and type(None) in args:
            other = args[0] if args[1] is type(None) else args[1]
            return 'typing.Optional[' + _type_repr(other) + ']'
        if name == 'Optional':
            return 'typing.Optional[' + _type_repr(args[0]) + ']'
        return 'typing.' + name + '[' + ', '.join([_type_repr(a) for a in args]) + ']'

    def __call__(self, *args, **kwargs):
        return self._form(*args, **kwargs)

    def __eq__(self, other):
        return (isinstance(other, _GenericAlias) and self._form is other._form
                and self.__args__ == other.__args__)

    def __hash__(self):
        return hash((self._form._name, self.__args__))


class _SpecialForm:
    def __init__(self, name, origin=None):
        self._name = name
        self._origin = origin

    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        params = tuple([type(None) if p is None else p for p in params])
        if self._name == 'Optional':
            params = (params[0], type(None))
            return _GenericAlias(_Union, params)
        return _GenericAlias(self, params)

    def __repr__(self):
        return 'typing.' + self._name

    def __call__(self, *args, **kwargs):
        if self._origin is None:
            raise TypeError('Cannot instantiate typing.' + self._name)
        raise TypeError(f'Type {self._name} cannot be instantiated; '
                        f'use {self._origin.__name__}() instead')


Any = _SpecialForm('Any')
_Union = _SpecialForm('Union')
Union = _Union
Optional = _SpecialForm('Optional')
Callable = _SpecialForm('Callable')
Iterable = _SpecialForm('Iterable')
Iterator = _SpecialForm('Iterator')
Generator = _SpecialForm('Generator')
Sequence = _SpecialForm('Sequence')
Mapping = _SpecialForm('Mapping')
MutableMapping = _SpecialForm('MutableMapping')
Hashable = _SpecialForm('Hashable')
Literal = _SpecialForm('Literal')
ClassVar = _SpecialForm('ClassVar')
Final = _SpecialForm('Final')
NoReturn = _SpecialForm('NoReturn')
List = _SpecialForm('List', list)
Dict = _SpecialForm('Dict', dict)
Tuple = _SpecialForm('Tuple', tuple)
Type = _SpecialForm('Type', type)


class TypeVar:
    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound

    def __repr__(self):
        return '~' + self.__name__


class Generic:
    pass


def cast(typ, val):
    return val


def overload(func):
    return func


def no_type_check(func):
    return func
