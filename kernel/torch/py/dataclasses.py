"""dataclasses: @dataclass as CPython 3.11's, for the configuration and record classes notebooks
write. The methods it adds are generic functions over the class's field list (the kernel has no
exec to write them out), with CPython's behaviour and messages: __init__ (defaults,
default_factory, kw_only, __post_init__), __repr__, __eq__, order, frozen, __hash__ and
__match_args__; fields, asdict, astuple, replace, is_dataclass. Not supported: InitVar,
KW_ONLY, slots=True and weakref_slot."""
import copy as _copy

__all__ = ["dataclass", "field", "Field", "FrozenInstanceError", "MISSING", "fields", "asdict",
           "astuple", "replace", "is_dataclass", "make_dataclass"]


class FrozenInstanceError(AttributeError):
    pass


class _MISSING_TYPE:
    def __repr__(self):
        return "<dataclasses._MISSING_TYPE object>"


MISSING = _MISSING_TYPE()

_FIELDS = "__dataclass_fields__"
_PARAMS = "__dataclass_params__"


class Field:
    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = {} if metadata is None else metadata
        self.kw_only = kw_only
        self._field_type = "_FIELD"

    def __repr__(self):
        return ("Field(name=%r,type=%r,default=%r,default_factory=%r,init=%r,repr=%r,hash=%r,"
                "compare=%r,metadata=%r,kw_only=%r,_field_type=%s)"
                % (self.name, self.type, self.default, self.default_factory, self.init,
                   self.repr, self.hash, self.compare, self.metadata, self.kw_only,
                   self._field_type))


def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True, hash=None,
          compare=True, metadata=None, kw_only=MISSING):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


class _DataclassParams:
    def __init__(self, init, repr, eq, order, unsafe_hash, frozen):
        self.init = init
        self.repr = repr
        self.eq = eq
        self.order = order
        self.unsafe_hash = unsafe_hash
        self.frozen = frozen

    def __repr__(self):
        return ("_DataclassParams(init=%r,repr=%r,eq=%r,order=%r,unsafe_hash=%r,frozen=%r)"
                % (self.init, self.repr, self.eq, self.order, self.unsafe_hash, self.frozen))


def _is_classvar(tp):
    if isinstance(tp, str):
        return tp.startswith("ClassVar") or tp.startswith("typing.ClassVar")
    return repr(tp).startswith("typing.ClassVar")


def _and_list(names):
    names = ["'%s'" % n for n in names]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return names[0] + " and " + names[1]
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _plural(n, word):
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


class _Method:
    """A method that dataclass adds: a descriptor whose binding to an instance calls
    self.call(instance, ...)."""

    def __get__(self, obj, owner=None):
        return self if obj is None else _Bound(self, obj)


class _Bound:
    def __init__(self, method, obj):
        self.method = method
        self.obj = obj

    def __call__(self, *args, **kwargs):
        return self.method.call(self.obj, *args, **kwargs)


def _no_default(f):
    return f.default is MISSING and f.default_factory is MISSING


def _values(obj, flds):
    return tuple(getattr(obj, f.name) for f in flds)


class _Init(_Method):
    """__init__: binds its arguments to the init fields as the function CPython writes
    would, then sets them (through object.__setattr__ when frozen)."""

    def __init__(self, cls, flds, frozen):
        self.cls = cls
        self.pos = [f for f in flds if f.init and not f.kw_only]
        self.kw = [f for f in flds if f.init and f.kw_only]
        self.noinit = [f for f in flds if not f.init]
        self.frozen = frozen
        self.post_init = hasattr(cls, "__post_init__")

    def call(self, obj, *args, **kwargs):
        where = self.cls.__qualname__ + ".__init__()"
        npos = len(self.pos)
        if len(args) > npos:
            least = len([f for f in self.pos if _no_default(f)]) + 1
            if least == npos + 1:
                takes = _plural(npos + 1, "positional argument")
            else:
                takes = "from %d to %d positional arguments" % (least, npos + 1)
            raise TypeError("%s takes %s but %d %s given"
                            % (where, takes, len(args) + 1, "was" if len(args) == 0 else "were"))
        values = {}
        for f, v in zip(self.pos, args):
            values[f.name] = v
        names = [f.name for f in self.pos] + [f.name for f in self.kw]
        for k, v in kwargs.items():
            if k not in names:
                raise TypeError("%s got an unexpected keyword argument '%s'" % (where, k))
            if k in values:
                raise TypeError("%s got multiple values for argument '%s'" % (where, k))
            values[k] = v
        for group, what in ((self.pos, "positional"), (self.kw, "keyword-only")):
            missing = [f.name for f in group if f.name not in values and _no_default(f)]
            if missing:
                raise TypeError("%s missing %s: %s" % (
                    where, _plural(len(missing), "required %s argument" % what),
                    _and_list(missing)))
        setter = object.__setattr__ if self.frozen else setattr
        for f in self.pos + self.kw + self.noinit:
            if f.name in values:
                v = values[f.name]
            elif f.default_factory is not MISSING:
                v = f.default_factory()
            elif f.default is not MISSING:
                v = f.default
            else:
                continue  # init=False without a default: left unset, as CPython
            setter(obj, f.name, v)
        if self.post_init:
            obj.__post_init__()


class _Repr(_Method):
    def __init__(self, flds):
        self.flds = flds

    def call(self, obj):
        return "%s(%s)" % (type(obj).__qualname__, ", ".join(
            "%s=%r" % (f.name, getattr(obj, f.name)) for f in self.flds))


class _Compare(_Method):
    """__eq__ / __lt__ / ...: the compare fields as tuples, for two objects of one class."""

    def __init__(self, flds, op):
        self.flds = flds
        self.op = op

    def call(self, obj, other):
        if other.__class__ is not obj.__class__:
            return NotImplemented
        a, b = _values(obj, self.flds), _values(other, self.flds)
        op = self.op
        if op == "eq":
            return a == b
        if op == "lt":
            return a < b
        if op == "le":
            return a <= b
        if op == "gt":
            return a > b
        return a >= b


class _Hash(_Method):
    def __init__(self, flds):
        self.flds = flds

    def call(self, obj):
        return hash(_values(obj, self.flds))


class _Frozen(_Method):
    """__setattr__ / __delattr__ of a frozen dataclass."""

    def __init__(self, cls, names, deleting):
        self.cls = cls
        self.names = names
        self.deleting = deleting

    def call(self, obj, name, *value):
        if type(obj) is self.cls or name in self.names:
            raise FrozenInstanceError("cannot %s field '%s'" % (
                "delete" if self.deleting else "assign to", name))
        if self.deleting:
            object.__delattr__(obj, name)
        else:
            object.__setattr__(obj, name, value[0])


def _set_new(cls, name, value):
    """Add a method unless the class body defined it (CPython's _set_new_attribute)."""
    if name in cls.__dict__:
        return True
    setattr(cls, name, value)
    return False


def _process(cls, init, repr, eq, order, unsafe_hash, frozen, kw_only):
    flds = {}
    any_frozen_base = has_dataclass_bases = False
    for b in cls.__mro__[-1:0:-1]:
        base_fields = getattr(b, _FIELDS, None)
        if base_fields is not None:
            has_dataclass_bases = True
            for f in base_fields.values():
                flds[f.name] = f
            if getattr(b, _PARAMS).frozen:
                any_frozen_base = True
    ann = cls.__dict__.get("__annotations__", {})
    own = []
    for name, tp in ann.items():
        default = cls.__dict__.get(name, MISSING)
        f = default if isinstance(default, Field) else field(default=default)
        f.name = name
        f.type = tp
        if _is_classvar(tp):
            f._field_type = "_FIELD_CLASSVAR"
        if f.kw_only is MISSING:
            f.kw_only = kw_only
        if f._field_type == "_FIELD" and f.default is not MISSING and \
                type(f.default) in (list, dict, set):
            raise ValueError("mutable default %r for field %s is not allowed: use default_factory"
                             % (type(f.default), name))
        if isinstance(default, Field):  # the class attribute is the default, or goes
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
        own.append(f)
    for f in own:
        flds[f.name] = f
    for name, value in cls.__dict__.items():
        if isinstance(value, Field) and name not in ann:
            raise TypeError("%r is a field but has no type annotation" % name)
    if has_dataclass_bases:
        if any_frozen_base and not frozen:
            raise TypeError("cannot inherit non-frozen dataclass from a frozen one")
        if not any_frozen_base and frozen:
            raise TypeError("cannot inherit frozen dataclass from a non-frozen one")
    setattr(cls, _FIELDS, flds)
    setattr(cls, _PARAMS, _DataclassParams(init, repr, eq, order, unsafe_hash, frozen))
    all_fields = [f for f in flds.values() if f._field_type == "_FIELD"]
    if init:
        seen_default = False
        for f in all_fields:
            if f.init and not f.kw_only:
                if not _no_default(f):
                    seen_default = True
                elif seen_default:
                    raise TypeError("non-default argument %r follows default argument" % f.name)
        _set_new(cls, "__init__", _Init(cls, all_fields, frozen))
    if repr:
        _set_new(cls, "__repr__", _Repr([f for f in all_fields if f.repr]))
    cmp_fields = [f for f in all_fields if f.compare]
    if eq:
        _set_new(cls, "__eq__", _Compare(cmp_fields, "eq"))
    if order:
        if not eq:
            raise ValueError("eq must be true if order is true")
        for op in ("lt", "le", "gt", "ge"):
            if _set_new(cls, "__%s__" % op, _Compare(cmp_fields, op)):
                raise TypeError("Cannot overwrite attribute __%s__ in class %s. Consider using "
                                "functools.total_ordering" % (op, cls.__name__))
    if frozen:
        names = tuple(f.name for f in all_fields)
        for name, deleting in (("__setattr__", False), ("__delattr__", True)):
            if _set_new(cls, name, _Frozen(cls, names, deleting)):
                raise TypeError("Cannot overwrite attribute %s in class %s"
                                % (name, cls.__name__))
    hash_fields = [f for f in all_fields if (f.compare if f.hash is None else f.hash)]
    has_own_hash = "__hash__" in cls.__dict__ and cls.__dict__["__hash__"] is not None
    if unsafe_hash:
        if has_own_hash:
            raise TypeError("Cannot overwrite attribute __hash__ in class %s" % cls.__name__)
        cls.__hash__ = _Hash(hash_fields)
    elif eq and frozen and not has_own_hash:
        cls.__hash__ = _Hash(hash_fields)
    elif eq and not frozen and not has_own_hash:
        cls.__hash__ = None
    if "__match_args__" not in cls.__dict__:
        cls.__match_args__ = tuple(f.name for f in all_fields if f.init and not f.kw_only)
    return cls


def dataclass(cls=None, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False,
              frozen=False, match_args=True, kw_only=False, slots=False, weakref_slot=False):
    if slots or weakref_slot:
        raise NotImplementedError("dataclass(slots=True) is not supported by this kernel")

    def wrap(c):
        return _process(c, init, repr, eq, order, unsafe_hash, frozen, kw_only)

    return wrap if cls is None else wrap(cls)


def is_dataclass(obj):
    cls = obj if isinstance(obj, type) else type(obj)
    return hasattr(cls, _FIELDS)


def fields(class_or_instance):
    try:
        flds = getattr(class_or_instance, _FIELDS)
    except AttributeError:
        raise TypeError("must be called with a dataclass type or instance") from None
    return tuple(f for f in flds.values() if f._field_type == "_FIELD")


def _convert(obj, factory, as_dict):
    """asdict/astuple's recursion: dataclass instances through factory, containers rebuilt
    around their converted items, anything else deep-copied (CPython's _asdict_inner)."""
    if is_dataclass(obj) and not isinstance(obj, type):
        if as_dict:
            return factory([(f.name, _convert(getattr(obj, f.name), factory, True))
                            for f in fields(obj)])
        return factory([_convert(getattr(obj, f.name), factory, False) for f in fields(obj)])
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return type(obj)(*[_convert(v, factory, as_dict) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)(_convert(v, factory, as_dict) for v in obj)
    if isinstance(obj, dict):
        return type(obj)((_convert(k, factory, as_dict), _convert(v, factory, as_dict))
                         for k, v in obj.items())
    return _copy.deepcopy(obj)


def asdict(obj, *, dict_factory=dict):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError("asdict() should be called on dataclass instances")
    return _convert(obj, dict_factory, True)


def astuple(obj, *, tuple_factory=tuple):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError("astuple() should be called on dataclass instances")
    return _convert(obj, tuple_factory, False)


def replace(obj, /, **changes):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError("replace() should be called on dataclass instances")
    for f in getattr(obj, _FIELDS).values():
        if f._field_type != "_FIELD":
            continue
        if not f.init:
            if f.name in changes:
                raise ValueError("field %s is declared with init=False, it cannot be specified "
                                 "with replace()" % f.name)
            continue
        if f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)


def make_dataclass(cls_name, fields, *, bases=(), namespace=None, **kwargs):
    ns = dict(namespace or {})
    ann = {}
    for item in fields:
        if isinstance(item, str):
            name, tp = item, "typing.Any"
        elif len(item) == 2:
            name, tp = item
        else:
            name, tp, spec = item
            ns[name] = spec
        ann[name] = tp
    ns["__annotations__"] = ann
    return dataclass(type(cls_name, bases, ns), **kwargs)
