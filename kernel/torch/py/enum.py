"""The enum module: Enum, IntEnum, StrEnum, Flag, IntFlag, auto and unique, with CPython
3.11's behaviour for the way notebooks use them (members by attribute, by name and by value,
iteration in definition order, aliases, auto values, flags combined with | & ^ ~).

EnumType is the metaclass: it turns the names a class body binds into members when the class
is made, and gives the class its iteration, len, [name] and (value) lookups."""

__all__ = ['EnumType', 'EnumMeta', 'Enum', 'IntEnum', 'StrEnum', 'Flag', 'IntFlag',
           'ReprEnum', 'auto', 'unique', 'global_enum', 'verify', 'member', 'nonmember']


class auto:
    """Instances are replaced with an appropriate value in Enum class suites."""

    def __init__(self, value=None):
        self.value = value

    def __repr__(self):
        return "auto(%r)" % (self.value,)


class member:
    """Forces its value to be a member."""

    def __init__(self, value):
        self.value = value


class nonmember:
    """Protects its value from becoming a member."""

    def __init__(self, value):
        self.value = value


def _is_dunder(name):
    return len(name) > 4 and name[:2] == name[-2:] == '__' and name[2] != '_' and name[-3] != '_'


def _is_sunder(name):
    return len(name) > 2 and name[0] == name[-1] == '_' and name[1] != '_' and name[-2] != '_'


def _is_private(cls_name, name):
    pattern = '_%s__' % (cls_name.lstrip('_'),)
    return len(name) > len(pattern) and name.startswith(pattern) and not name.endswith('__')


def _is_descriptor(obj):
    return (callable(obj) and not isinstance(obj, type)) or isinstance(
        obj, (property, classmethod, staticmethod))


def _is_single_bit(num):
    return num != 0 and (num & (num - 1)) == 0


def _bits(num):
    """The single-bit values in num, lowest first."""
    out = []
    bit = 1
    while bit <= num:
        if num & bit:
            out.append(bit)
        bit <<= 1
    return out


class _MappingProxy:
    """A read-only view of a mapping (types.MappingProxyType as enum's __members__ shows it)."""

    def __init__(self, mapping):
        self._mapping = mapping

    def __getitem__(self, key):
        return self._mapping[key]

    def __iter__(self):
        return iter(self._mapping)

    def __len__(self):
        return len(self._mapping)

    def __contains__(self, key):
        return key in self._mapping

    def keys(self):
        return self._mapping.keys()

    def values(self):
        return self._mapping.values()

    def items(self):
        return self._mapping.items()

    def get(self, key, default=None):
        return self._mapping.get(key, default)

    def copy(self):
        return dict(self._mapping)

    def __repr__(self):
        return "mappingproxy(%r)" % (self._mapping,)

    def __str__(self):
        return str(self._mapping)

    def __eq__(self, other):
        return self._mapping == other


def _mixin_type(bases):
    """The builtin data type (int, str, float, ...) a new enum's values are made of, or None."""
    data_types = (int, str, float, tuple, bytes, complex)
    for base in bases:
        if base in data_types:
            return base
        if isinstance(base, EnumType) and base._member_type_ is not object:
            return base._member_type_
        if base is not object and not isinstance(base, EnumType):
            for klass in base.__mro__:
                if klass in data_types:
                    return klass
    return None


def _find_enum_base(bases):
    for base in bases:
        if isinstance(base, EnumType):
            return base
    return None


class EnumType(type):
    """Metaclass for Enum."""

    def __new__(metacls, cls, bases, classdict, boundary=None, _simple=False, **kwds):
        enum_base = _find_enum_base(bases)
        if enum_base is not None and enum_base._member_names_:
            raise TypeError("<enum %r> cannot extend %r" % (cls, enum_base))
        # the members: names bound in the body that are not dunders, sunders, descriptors
        member_names = []
        values = {}
        ignore = classdict.get('_ignore_', [])
        if isinstance(ignore, str):
            ignore = ignore.replace(',', ' ').split()
        for key in list(classdict):
            value = classdict[key]
            if key in ignore:
                del classdict[key]
                continue
            if _is_dunder(key) or _is_sunder(key) or _is_private(cls, key):
                continue
            if isinstance(value, nonmember):
                classdict[key] = value.value
                continue
            if isinstance(value, member):
                value = value.value
            elif _is_descriptor(value):
                continue
            member_names.append(key)
            values[key] = value
            del classdict[key]
        classdict['_member_names_'] = []
        classdict['_member_map_'] = {}
        classdict['_value2member_map_'] = {}
        classdict['_unhashable_values_'] = []
        enum_class = super().__new__(metacls, cls, bases, classdict, **kwds)
        mixin = _mixin_type(bases)
        enum_class._member_type_ = mixin if mixin is not None else object
        is_flag = issubclass(enum_class, Flag) if Flag is not None else False
        enum_class._flag_mask_ = 0
        enum_class._all_bits_ = 0
        gen = enum_class._generate_next_value_
        last_values = []
        for count, name in enumerate(member_names):
            value = values[name]
            if isinstance(value, auto):
                if value.value is None:
                    value = gen(name, 1, count, last_values[:])
                else:
                    value = value.value
            last_values.append(value)
            enum_class._add_member_(name, value)
        if is_flag:
            mask = 0
            for m in enum_class._member_map_.values():
                mask |= m._value_
            enum_class._flag_mask_ = mask
            enum_class._all_bits_ = (1 << mask.bit_length()) - 1 if mask else 0
        return enum_class

    def _add_member_(cls, name, value):
        if isinstance(value, tuple):
            args = value
        else:
            args = (value,)
        mixin = cls._member_type_
        if mixin is tuple:
            args = (args,)
        # an alias of an earlier member with the same value
        try:
            existing = cls._value2member_map_.get(value)
        except TypeError:
            existing = None
            for m in cls._member_map_.values():
                if m._value_ == value:
                    existing = m
                    break
        if existing is not None:
            cls._member_map_[name] = existing
            setattr(cls, name, existing)
            return
        if mixin is object:
            enum_member = object.__new__(cls)
            enum_member._value_ = value
            enum_member.__init__(*args)
        else:
            enum_member = type.__call__(cls, *args)
            enum_member._value_ = mixin(*args)
        enum_member._name_ = name
        enum_member.__objclass__ = cls
        enum_member._sort_order_ = len(cls._member_names_)
        cls._member_names_.append(name)
        cls._member_map_[name] = enum_member
        try:
            cls._value2member_map_[enum_member._value_] = enum_member
        except TypeError:
            cls._unhashable_values_.append(enum_member._value_)
        setattr(cls, name, enum_member)

    def __call__(cls, value, names=None, *, module=None, qualname=None, type=None, start=1,
                 boundary=None):
        if names is None:
            return cls.__new_member__(value)
        return cls._create_(value, names, module=module, qualname=qualname, type=type,
                            start=start)

    def __new_member__(cls, value):
        if isinstance(value, cls) and value.__class__ is cls:
            return value
        try:
            return cls._value2member_map_[value]
        except KeyError:
            pass
        except TypeError:
            for m in cls._member_map_.values():
                if m._value_ == value:
                    return m
        result = cls._missing_(value)
        if isinstance(result, cls):
            return result
        if result is None:
            raise ValueError("%r is not a valid %s" % (value, cls.__qualname__))
        raise TypeError("error in %s._missing_: returned %r instead of None or a valid member"
                        % (cls.__name__, result))

    def _create_(cls, class_name, names, *, module=None, qualname=None, type=None, start=1):
        bases = (cls,) if type is None else (type, cls)
        if isinstance(names, str):
            names = names.replace(',', ' ').split()
        if isinstance(names, (tuple, list)) and names and isinstance(names[0], str):
            original_names, names = names, []
            last_values = []
            for count, name in enumerate(original_names):
                value = cls._generate_next_value_(name, start, count, last_values[:])
                last_values.append(value)
                names.append((name, value))
        classdict = {}
        items = names.items() if isinstance(names, dict) else names
        for item in items:
            if isinstance(item, str):
                member_name, member_value = item, names[item]
            else:
                member_name, member_value = item
            classdict[member_name] = member_value
        classdict['__module__'] = module if module is not None else '__main__'
        classdict['__qualname__'] = qualname if qualname is not None else class_name
        return EnumType.__new__(EnumType, class_name, bases, classdict)

    def __iter__(cls):
        return (cls._member_map_[name] for name in cls._member_names_)

    def __reversed__(cls):
        return (cls._member_map_[name] for name in reversed(cls._member_names_))

    def __len__(cls):
        return len(cls._member_names_)

    def __bool__(cls):
        return True

    def __contains__(cls, value):
        if not isinstance(value, Enum):
            raise TypeError("unsupported operand type(s) for 'in': '%s' and '%s'"
                            % (value.__class__.__qualname__, cls.__class__.__qualname__))
        return isinstance(value, cls) and value._name_ in cls._member_map_

    def __getitem__(cls, name):
        return cls._member_map_[name]

    @property
    def __members__(cls):
        return _MappingProxy(cls._member_map_)

    def __repr__(cls):
        if Flag is not None and issubclass(cls, Flag):
            return "<flag %r>" % cls.__name__
        return "<enum %r>" % cls.__name__


EnumMeta = EnumType
Flag = None


class Enum(metaclass=EnumType):
    """Create a collection of name/value pairs."""

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        for last in reversed(last_values):
            try:
                return last + 1
            except TypeError:
                pass
        return start

    @classmethod
    def _missing_(cls, value):
        return None

    def __init__(self, *args, **kwds):
        pass

    def __repr__(self):
        v_repr = repr(self._value_)
        return "<%s.%s: %s>" % (self.__class__.__name__, self._name_, v_repr)

    def __str__(self):
        return "%s.%s" % (self.__class__.__name__, self._name_)

    def __format__(self, format_spec):
        return format(str(self), format_spec)

    def __hash__(self):
        return hash(self._name_)

    def __reduce_ex__(self, proto):
        return self.__class__, (self._value_,)

    def __dir__(self):
        names = ['__class__', '__doc__', '__eq__', '__hash__', '__module__', 'name', 'value']
        for name in self.__class__.__dict__:
            if not name.startswith('_') and name not in self._member_map_:
                names.append(name)
        return sorted(set(names))

    @property
    def name(self):
        """The name of the Enum member."""
        return self._name_

    @property
    def value(self):
        """The value of the Enum member."""
        return self._value_


class ReprEnum(Enum):
    """Only changes the repr(), leaving str() and format() to the mixed-in type."""


class IntEnum(int, ReprEnum):
    """Enum where members are also (and must be) ints."""

    def __str__(self):
        return repr(self._value_)

    def __format__(self, format_spec):
        return format(self._value_, format_spec)


class StrEnum(str, ReprEnum):
    """Enum where members are also (and must be) strings."""

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        return name.lower()

    def __str__(self):
        return self._value_

    def __format__(self, format_spec):
        return format(self._value_, format_spec)


class Flag(Enum):
    """Support for flags: members combine with |, & and ^."""

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        if not count:
            return start if start is not None else 1
        last_value = max(last_values)
        high_bit = last_value.bit_length() - 1
        return 2 ** (high_bit + 1)

    @classmethod
    def _missing_(cls, value):
        if not isinstance(value, int):
            raise ValueError("%r is not a valid %s" % (value, cls.__qualname__))
        all_bits = cls._all_bits_
        if value < 0:
            value = all_bits + 1 + value
            if value < 0:
                raise ValueError("%r is not a valid %s" % (value, cls.__qualname__))
        if value & ~cls._flag_mask_ and cls._member_type_ is object:
            raise ValueError("%r is not a valid %s" % (value, cls.__qualname__))
        if cls._member_type_ is object:
            pseudo = object.__new__(cls)
        else:
            pseudo = type.__call__(cls, value)
        pseudo._value_ = value
        names = [m._name_ for m in cls
                 if _is_single_bit(m._value_) and m._value_ & value == m._value_]
        pseudo._name_ = '|'.join(names) if names and value else None
        if value & ~cls._flag_mask_:
            pseudo._name_ = None
        try:
            cls._value2member_map_[value] = pseudo
        except TypeError:
            pass
        return pseudo

    def __iter__(self):
        for m in self.__class__:
            if m._value_ and _is_single_bit(m._value_) and self._value_ & m._value_ == m._value_:
                yield m

    def __len__(self):
        return len(_bits(self._value_ & self.__class__._flag_mask_))

    def __contains__(self, other):
        if not isinstance(other, self.__class__):
            raise TypeError("unsupported operand type(s) for 'in': %r and %r"
                            % (type(other).__qualname__, self.__class__.__qualname__))
        return other._value_ & self._value_ == other._value_

    def __bool__(self):
        return bool(self._value_)

    def __repr__(self):
        cls_name = self.__class__.__name__
        if self._name_ is None:
            return "<%s: %r>" % (cls_name, self._value_)
        return "<%s.%s: %r>" % (cls_name, self._name_, self._value_)

    def __str__(self):
        cls_name = self.__class__.__name__
        if self._name_ is None:
            return "%s(%r)" % (cls_name, self._value_)
        return "%s.%s" % (cls_name, self._name_)

    def _other_value(self, other):
        """other's bits for | & ^ with this flag, or None when it does not combine."""
        if isinstance(other, self.__class__):
            return other._value_
        if self._member_type_ is not object and isinstance(other, self._member_type_):
            return other
        return None

    def __or__(self, other):
        other = self._other_value(other)
        return NotImplemented if other is None else self.__class__(self._value_ | other)

    def __and__(self, other):
        other = self._other_value(other)
        return NotImplemented if other is None else self.__class__(self._value_ & other)

    def __xor__(self, other):
        other = self._other_value(other)
        return NotImplemented if other is None else self.__class__(self._value_ ^ other)

    def __invert__(self):
        return self.__class__(self.__class__._flag_mask_ ^ self._value_)

    __ror__ = __or__
    __rand__ = __and__
    __rxor__ = __xor__


class IntFlag(int, ReprEnum, Flag):
    """Support for integer-based Flags."""

    def __str__(self):
        return repr(self._value_)

    def __format__(self, format_spec):
        return format(self._value_, format_spec)


def unique(enumeration):
    """Class decorator for enumerations ensuring unique member values."""
    duplicates = []
    for name, member_ in enumeration.__members__.items():
        if name != member_.name:
            duplicates.append((name, member_.name))
    if duplicates:
        alias_details = ', '.join(["%s -> %s" % (alias, name) for (alias, name) in duplicates])
        raise ValueError('duplicate values found in %r: %s' % (enumeration, alias_details))
    return enumeration


def global_enum(cls):
    return cls


def verify(*checks):
    def decorator(enumeration):
        return enumeration
    return decorator
