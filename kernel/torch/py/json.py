"""json: JSON encoding and decoding, as CPython 3.11's json module (the same text out, the
same values in, the same exceptions and messages). CPython runs the C accelerator
(_json) when it can; its rules are the ones followed here where the pure-Python fallback
differs (e.g. "Invalid control character at"). There is no `re` in the kernel, so the
scanner finds string ends with str.find and tests whole chunks (isascii, isprintable)
instead of matching regular expressions; the encoder appends pieces to one list, and
iterencode returns that list (CPython returns a generator; both are iterables of str)."""

__all__ = ['dump', 'dumps', 'load', 'loads', 'JSONDecoder', 'JSONDecodeError', 'JSONEncoder']

NaN = float('nan')
PosInf = float('inf')
NegInf = float('-inf')
INFINITY = PosInf


# ---- errors ------------------------------------------------------------------------------

class JSONDecodeError(ValueError):
    """Subclass of ValueError with the following additional properties:

    msg: The unformatted error message
    doc: The JSON document being parsed
    pos: The start index of doc where parsing failed
    lineno: The line corresponding to pos
    colno: The column corresponding to pos
    """
    __module__ = 'json.decoder'  # where CPython defines it: tracebacks name it so

    def __init__(self, msg, doc, pos):
        lineno = doc.count('\n', 0, pos) + 1
        colno = pos - doc.rfind('\n', 0, pos)
        errmsg = '%s: line %d column %d (char %d)' % (msg, lineno, colno, pos)
        super().__init__(errmsg)
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno

    def __reduce__(self):
        return self.__class__, (self.msg, self.doc, self.pos)


# ---- string escaping (encoder) -----------------------------------------------------------

ESCAPE_DCT = {
    '\\': '\\\\',
    '"': '\\"',
    '\b': '\\b',
    '\f': '\\f',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
}
for _i in range(0x20):
    ESCAPE_DCT.setdefault(chr(_i), '\\u{0:04x}'.format(_i))
del _i


def _escape_slow(s):
    # Characters JSON must escape (", \, below U+0020) through the table, the rest as is.
    esc = ESCAPE_DCT
    out = []
    start = 0
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c in esc:
            if start < i:
                out.append(s[start:i])
            out.append(esc[c])
            start = i + 1
        i += 1
    if start < n:
        out.append(s[start:])
    return ''.join(out)


def encode_basestring(s):
    """Return a JSON representation of a Python string"""
    # isprintable() is False for every control character (and for some others, which
    # only send the string down the slower exact path).
    if type(s) is not str:
        s = s[:]    # the characters of a str subclass, as a str
    if s.isprintable() and '"' not in s and '\\' not in s:
        return '"' + s + '"'
    return '"' + _escape_slow(s) + '"'


def _escape_ascii_slow(s):
    esc = ESCAPE_DCT
    out = []
    start = 0
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c in esc:
            rep = esc[c]
        elif c > '~':
            n_ = ord(c)
            if n_ < 0x10000:
                rep = '\\u%04x' % n_
            else:
                n_ -= 0x10000
                rep = '\\u%04x\\u%04x' % (0xd800 | ((n_ >> 10) & 0x3ff), 0xdc00 | (n_ & 0x3ff))
        else:
            i += 1
            continue
        if start < i:
            out.append(s[start:i])
        out.append(rep)
        i += 1
        start = i
    if start < n:
        out.append(s[start:])
    return ''.join(out)


def encode_basestring_ascii(s):
    """Return an ASCII-only JSON representation of a Python string"""
    if type(s) is not str:
        s = s[:]
    # isascii and isprintable: only U+0020..U+007E, which need no escape but " and \\
    if s.isascii() and s.isprintable() and '"' not in s and '\\' not in s:
        return '"' + s + '"'
    return '"' + _escape_ascii_slow(s) + '"'


py_encode_basestring = encode_basestring
py_encode_basestring_ascii = encode_basestring_ascii



def _float_repr(o):
    # float.__repr__(o): a float subclass's own __repr__ is not used
    return repr(o) if type(o) is float else repr(float(o))


def _int_repr(o):
    # int.__repr__(o), for int subclasses (IntEnum members among them) as for int
    return repr(o) if type(o) is int else repr(int(o))


# Mappings and sequences that CPython's json sees as dict and tuple (they subclass them
# there), which are separate types in the kernel.
import collections as _collections
_DICT_LIKE = tuple(t for t in (_collections.OrderedDict, _collections.Counter,
                               _collections.defaultdict) if not issubclass(t, dict))


def _class_name(o):
    # The kernel's numpy scalar types are named 'numpy.float32'; CPython says 'float32'.
    return o.__class__.__name__.rpartition('.')[2]


def _is_float64(o):
    # numpy.float64 subclasses float in CPython (json writes it as a float); not here.
    t = type(o)
    return getattr(t, '__module__', None) == 'numpy' and t.__name__ in ('float64',
                                                                        'numpy.float64')


def _is_namedtuple(o):
    t = type(o)
    return hasattr(t, '_fields') and hasattr(t, '_make')


_BYTES_TYPES = (bytes, bytearray)


# ---- encoder -----------------------------------------------------------------------------

class JSONEncoder(object):
    """Extensible JSON <https://json.org> encoder for Python data structures.

    Supports dict, list, tuple, str, int, float, True, False and None (and their
    subclasses); override default() to serialize other objects."""
    item_separator = ', '
    key_separator = ': '

    def __init__(self, *, skipkeys=False, ensure_ascii=True,
                 check_circular=True, allow_nan=True, sort_keys=False,
                 indent=None, separators=None, default=None):
        self.skipkeys = skipkeys
        self.ensure_ascii = ensure_ascii
        self.check_circular = check_circular
        self.allow_nan = allow_nan
        self.sort_keys = sort_keys
        self.indent = indent
        if separators is not None:
            self.item_separator, self.key_separator = separators
        elif indent is not None:
            self.item_separator = ','
        if default is not None:
            self.default = default

    def default(self, o):
        raise TypeError(f'Object of type {_class_name(o)} '
                        f'is not JSON serializable')

    def encode(self, o):
        """Return a JSON string representation of a Python data structure."""
        if isinstance(o, str):
            if self.ensure_ascii:
                return encode_basestring_ascii(o)
            else:
                return encode_basestring(o)
        chunks = self.iterencode(o, _one_shot=True)
        if not isinstance(chunks, (list, tuple)):
            chunks = list(chunks)
        return ''.join(chunks)

    def iterencode(self, o, _one_shot=False):
        """Encode the given object and return its string representation as a list of
        pieces (an iterable of str, as CPython's generator)."""
        chunks = []
        self._encode_into(o, chunks, _one_shot)
        return chunks

    def _encode_into(self, o, chunks, one_shot):
        # Appends the pieces of o's text to chunks; on an error the pieces made so far
        # stay in chunks (dump writes them, as CPython has written them by then).
        if self.check_circular:
            markers = {}
        else:
            markers = None
        if self.ensure_ascii:
            _encoder = encode_basestring_ascii
        else:
            _encoder = encode_basestring
        # CPython encodes with its C encoder when one_shot and not indenting, else with
        # its Python one: the texts are the same, one error message differs.
        _Encoder(markers, self.default, _encoder, self.indent, self.key_separator,
                 self.item_separator, self.sort_keys, self.skipkeys,
                 self.allow_nan, chunks, one_shot and self.indent is None).enc(o, 0)


class _Encoder(object):
    # One encoding: appends the pieces of a value's text to a list. A class rather than
    # closures as CPython's pure-Python encoder has them: attributes are read into locals
    # once per container.

    def __init__(self, markers, default, encoder, indent, key_separator, item_separator,
                 sort_keys, skipkeys, allow_nan, chunks, c_style):
        if indent is not None and not isinstance(indent, str):
            indent = ' ' * indent
        self.markers = markers
        self.default = default
        self.encoder = encoder
        self.indent = indent
        self.key_separator = key_separator
        self.item_separator = item_separator
        self.sort_keys = sort_keys
        self.skipkeys = skipkeys
        self.allow_nan = allow_nan
        self.append = chunks.append
        self.c_style = c_style

    def floatstr(self, o):
        if o != o:
            text = 'NaN'
        elif o == PosInf:
            text = 'Infinity'
        elif o == NegInf:
            text = '-Infinity'
        else:
            return _float_repr(o)
        if not self.allow_nan:
            if self.c_style:
                raise ValueError("Out of range float values are not JSON compliant")
            raise ValueError("Out of range float values are not JSON compliant: " + repr(o))
        return text

    def scalar(self, o):
        # The text of a str/None/bool/int/float (or a subclass), or None for anything else.
        t = type(o)
        if t is str:
            return self.encoder(o)
        if o is None:
            return 'null'
        if o is True:
            return 'true'
        if o is False:
            return 'false'
        if t is int:
            return repr(o)
        if t is float:
            return self.floatstr(o)
        if isinstance(o, str):
            return self.encoder(o)
        if isinstance(o, int):
            return _int_repr(o)
        if isinstance(o, float):
            return self.floatstr(o)
        if _is_float64(o):
            return self.floatstr(o)
        return None

    def enc_list(self, lst, level):
        append = self.append
        if not lst:
            append('[]')
            return
        markers = self.markers
        if markers is not None:
            markerid = id(lst)
            if markerid in markers:
                raise ValueError("Circular reference detected")
            markers[markerid] = lst
        indent = self.indent
        if indent is not None:
            level += 1
            newline_indent = '\n' + indent * level
            separator = self.item_separator + newline_indent
            buf = '[' + newline_indent
        else:
            newline_indent = None
            separator = self.item_separator
            buf = '['
        encoder = self.encoder
        # A scalar goes out joined to the separator before it, as in CPython's pieces
        # (what dump has written when an item fails).
        first = True
        for value in lst:
            if first:
                first = False
            else:
                buf = separator
            t = type(value)
            if t is str:
                append(buf + encoder(value))
            elif value is None:
                append(buf + 'null')
            elif value is True:
                append(buf + 'true')
            elif value is False:
                append(buf + 'false')
            elif t is int:
                append(buf + repr(value))
            elif t is float:
                append(buf + self.floatstr(value))
            elif t is dict:
                append(buf)
                self.enc_dict(value, level)
            elif t is list:
                append(buf)
                self.enc_list(value, level)
            else:
                text = self.scalar(value)
                if text is not None:
                    append(buf + text)
                else:
                    append(buf)
                    self.enc(value, level)
        if newline_indent is not None:
            level -= 1
            append('\n' + indent * level)
        append(']')
        if markers is not None:
            del markers[markerid]

    def enc_dict(self, dct, level):
        append = self.append
        if not dct:
            append('{}')
            return
        markers = self.markers
        if markers is not None:
            markerid = id(dct)
            if markerid in markers:
                raise ValueError("Circular reference detected")
            markers[markerid] = dct
        indent = self.indent
        if indent is not None:
            level += 1
            newline_indent = '\n' + indent * level
            item_separator = self.item_separator + newline_indent
            append('{' + newline_indent)
        else:
            newline_indent = None
            item_separator = self.item_separator
            append('{')
        encoder = self.encoder
        key_separator = self.key_separator
        skipkeys = self.skipkeys
        first = True
        if self.sort_keys:
            items = sorted(dct.items())
        else:
            items = dct.items()
        for key, value in items:
            if type(key) is str or isinstance(key, str):
                pass
            # float before True/False: 1.0 is not a bool; bool before int: True is an int
            elif isinstance(key, float):
                key = self.floatstr(key)
            elif _is_float64(key):
                key = self.floatstr(key)
            elif key is True:
                key = 'true'
            elif key is False:
                key = 'false'
            elif key is None:
                key = 'null'
            elif isinstance(key, int):
                key = _int_repr(key)
            elif skipkeys:
                continue
            else:
                raise TypeError(f'keys must be str, int, float, bool or None, '
                                f'not {_class_name(key)}')
            if first:
                first = False
            else:
                append(item_separator)
            append(encoder(key))
            append(key_separator)
            t = type(value)
            if t is str:
                append(encoder(value))
            elif value is None:
                append('null')
            elif value is True:
                append('true')
            elif value is False:
                append('false')
            elif t is int:
                append(repr(value))
            elif t is float:
                append(self.floatstr(value))
            elif t is dict:
                self.enc_dict(value, level)
            elif t is list:
                self.enc_list(value, level)
            else:
                self.enc(value, level)
        if newline_indent is not None:
            level -= 1
            append('\n' + indent * level)
        append('}')
        if markers is not None:
            del markers[markerid]

    def enc(self, o, level):
        text = self.scalar(o)
        if text is not None:
            self.append(text)
        elif isinstance(o, (list, tuple)) or _is_namedtuple(o):
            self.enc_list(o, level)
        elif isinstance(o, dict) or _DICT_LIKE and isinstance(o, _DICT_LIKE):
            self.enc_dict(o, level)
        else:
            markers = self.markers
            if markers is not None:
                markerid = id(o)
                if markerid in markers:
                    raise ValueError("Circular reference detected")
                markers[markerid] = o
            o = self.default(o)
            self.enc(o, level)
            if markers is not None:
                del markers[markerid]


# ---- scanner (decoder) -------------------------------------------------------------------

_BACKSLASH = {
    '"': '"', '\\': '\\', '/': '/',
    'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t',
}
_HEX = {}
for _i, _c in enumerate('0123456789abcdef'):
    _HEX[_c] = _i
    _HEX[_c.upper()] = _i
del _i, _c
_DIGITS = '0123456789'
_WS = ' \t\n\r'


def _ws_end(s, i):
    # The index of the first character at or after i that is not JSON whitespace: runs
    # are stripped 32 characters at a time (a loop per character costs far more).
    while True:
        chunk = s[i:i + 32]
        rest = chunk.lstrip(' \t\n\r')
        i += len(chunk) - len(rest)
        if rest or len(chunk) < 32:
            return i


def _digits_end(s, i):
    # The index of the first character at or after i that is not an ASCII digit.
    while True:
        chunk = s[i:i + 24]
        rest = chunk.lstrip('0123456789')
        i += len(chunk) - len(rest)
        if rest or len(chunk) < 24:
            return i


def _has_control(chunk):
    # True when chunk holds a character below U+0020 (not allowed unescaped in strict mode).
    if chunk.isprintable():
        return False
    for c in chunk:
        if c < ' ':
            return True
    return False


def _first_control(s, start, stop):
    i = start
    while i < stop:
        if s[i] < ' ':
            return i
        i += 1
    return -1


def _hex4(s, i):
    # The value of the 4 hex digits at s[i:i+4], or -1 when one is not a hex digit.
    h = _HEX
    v = 0
    for c in s[i:i + 4]:
        d = h.get(c)
        if d is None:
            return -1
        v = (v << 4) | d
    return v


def scanstring(s, end, strict=True):
    """Scan the string s for a JSON string starting just after the opening quote at
    end - 1. Return the decoded str and the index after the closing quote."""
    n = len(s)
    begin = end - 1
    if end < 0 or n < end:
        raise ValueError('end is out of bounds')
    q = s.find('"', end)
    if q >= 0:
        chunk = s[end:q]
        if '\\' not in chunk and (not strict or not _has_control(chunk)):
            return chunk, q + 1
    chunks = []
    append = chunks.append
    find = s.find
    while True:
        # Where the next quote or backslash is; control characters before it are errors
        q = find('"', end)
        b = find('\\', end, q if q >= 0 else n)
        stop = b if b >= 0 else q
        if stop < 0:
            if strict:
                bad = _first_control(s, end, n)
                if bad >= 0:
                    raise JSONDecodeError("Invalid control character at", s, bad)
            raise JSONDecodeError("Unterminated string starting at", s, begin)
        if strict and end < stop:
            content = s[end:stop]
            if _has_control(content):
                raise JSONDecodeError("Invalid control character at", s,
                                      _first_control(s, end, stop))
            append(content)
        elif end < stop:
            append(s[end:stop])
        if stop == q:
            return ''.join(chunks), q + 1
        nxt = stop + 1
        if nxt == n:
            raise JSONDecodeError("Unterminated string starting at", s, begin)
        c = s[nxt]
        if c != 'u':
            end = nxt + 1
            ch = _BACKSLASH.get(c)
            if ch is None:
                raise JSONDecodeError("Invalid \\escape", s, end - 2)
            append(ch)
            continue
        nxt += 1
        end = nxt + 4
        if end >= n:
            raise JSONDecodeError("Invalid \\uXXXX escape", s, nxt - 1)
        uni = _hex4(s, nxt)
        if uni < 0:
            raise JSONDecodeError("Invalid \\uXXXX escape", s, end - 5)
        if 0xd800 <= uni <= 0xdbff and end + 6 < n and s[end] == '\\' and s[end + 1] == 'u':
            end += 6
            uni2 = _hex4(s, end - 4)
            if uni2 < 0:
                raise JSONDecodeError("Invalid \\uXXXX escape", s, end - 5)
            if 0xdc00 <= uni2 <= 0xdfff:
                uni = 0x10000 + (((uni - 0xd800) << 10) | (uni2 - 0xdc00))
            else:
                end -= 6
        append(chr(uni))


py_scanstring = scanstring


class _Stop(StopIteration):
    # "No JSON value starts at pos": CPython's scanner raises StopIteration(pos).
    def __init__(self, pos):
        super().__init__(pos)
        self.pos = pos


class _Scanner(object):
    # The JSON value reader for one JSONDecoder (CPython's c_make_scanner(context)): a
    # class rather than closures, hooks read into locals once per container.

    def __init__(self, context):
        self.object_hook = context.object_hook
        self.pairs_hook = context.object_pairs_hook
        self.parse_float = context.parse_float
        self.parse_int = context.parse_int
        self.parse_constant = context.parse_constant
        self.strict = context.strict

    def number(self, s, idx, n):
        # CPython's _match_number_unicode: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][-+]?[0-9]+)?,
        # where a fraction or exponent without digits is not part of the number.
        c = s[idx]
        if c != '-':
            # plain integers (the common case) with one strip of a bounded slice
            chunk = s[idx:idx + 24]
            rest = chunk.lstrip('0123456789')
            k = len(chunk) - len(rest)
            if k and rest and rest[0] not in '.eE' and (k == 1 or c != '0'):
                f = self.parse_int
                text = chunk[:k]
                return (int(text) if f is int else f(text)), idx + k
        start = idx
        if s[idx] == '-':
            idx += 1
            if idx >= n:
                raise _Stop(start)
        c = s[idx]
        if '1' <= c <= '9':
            idx = _digits_end(s, idx + 1)
        elif c == '0':
            idx += 1
        else:
            raise _Stop(start)
        is_float = False
        if idx < n - 1:
            c = s[idx]
            if c == '.' and '0' <= s[idx + 1] <= '9':
                is_float = True
                idx = _digits_end(s, idx + 2)
                c = s[idx] if idx < n - 1 else ''
            if c == 'e' or c == 'E':
                e_start = idx
                idx += 1
                if idx < n - 1 and (s[idx] == '-' or s[idx] == '+'):
                    idx += 1
                idx = _digits_end(s, idx)
                if '0' <= s[idx - 1] <= '9':
                    is_float = True
                else:
                    idx = e_start
        text = s[start:idx]
        if is_float:
            f = self.parse_float
            return (float(text) if f is float else f(text)), idx
        f = self.parse_int
        return (int(text) if f is int else f(text)), idx

    def scan_once(self, s, idx):
        n = len(s)
        if idx < 0:
            raise ValueError('idx cannot be negative')
        if idx >= n:
            raise _Stop(idx)
        c = s[idx]
        if c == '"':
            return scanstring(s, idx + 1, self.strict)
        if c == '{':
            return self.object(s, idx + 1, n)
        if c == '[':
            return self.array(s, idx + 1, n)
        if c == 'n':
            if s[idx:idx + 4] == 'null':
                return None, idx + 4
        elif c == 't':
            if s[idx:idx + 4] == 'true':
                return True, idx + 4
        elif c == 'f':
            if s[idx:idx + 5] == 'false':
                return False, idx + 5
        elif c == 'N':
            if s[idx:idx + 3] == 'NaN':
                return self.parse_constant('NaN'), idx + 3
        elif c == 'I':
            if s[idx:idx + 8] == 'Infinity':
                return self.parse_constant('Infinity'), idx + 8
        elif c == '-':
            if s[idx:idx + 9] == '-Infinity':
                return self.parse_constant('-Infinity'), idx + 9
        return self.number(s, idx, n)

    def object(self, s, idx, n):
        # c is the character at idx, '' at the end; '' in WS is True, so a step past a
        # whitespace character tests c too.
        WS = _WS
        strict = self.strict
        pairs_hook = self.pairs_hook
        _scanstring = scanstring
        pairs = []
        obj = {}
        c = s[idx] if idx < n else ''
        if c in WS:
            idx = _ws_end(s, idx)
            c = s[idx] if idx < n else ''
        if c != '}':
            while True:
                if c != '"':
                    raise JSONDecodeError("Expecting property name enclosed in double quotes",
                                          s, idx)
                # the key: a string without escapes or control characters is one slice
                q = s.find('"', idx + 1)
                key = s[idx + 1:q]
                if q < 0 or '\\' in key or strict and not key.isprintable() and \
                        _has_control(key):
                    key, idx = _scanstring(s, idx + 1, strict)
                else:
                    idx = q + 1
                c = s[idx] if idx < n else ''
                if c != ':':
                    if c in WS:
                        idx = _ws_end(s, idx)
                        c = s[idx] if idx < n else ''
                    if c != ':':
                        raise JSONDecodeError("Expecting ':' delimiter", s, idx)
                idx += 1
                c = s[idx] if idx < n else ''
                if c in WS and c:
                    idx += 1
                    c = s[idx] if idx < n else ''
                    if c in WS:
                        idx = _ws_end(s, idx)
                        c = s[idx] if idx < n else ''
                # the value, the common kinds without going through scan_once
                if c == '"':
                    q = s.find('"', idx + 1)
                    val = s[idx + 1:q]
                    if q < 0 or '\\' in val or strict and not val.isprintable() and \
                            _has_control(val):
                        val, idx = _scanstring(s, idx + 1, strict)
                    else:
                        idx = q + 1
                elif '0' <= c <= '9' and c:
                    val, idx = self.number(s, idx, n)
                elif c == '{':
                    val, idx = self.object(s, idx + 1, n)
                elif c == '[':
                    val, idx = self.array(s, idx + 1, n)
                elif c == 't' and s[idx:idx + 4] == 'true':
                    val = True
                    idx += 4
                elif c == 'f' and s[idx:idx + 5] == 'false':
                    val = False
                    idx += 5
                elif c == 'n' and s[idx:idx + 4] == 'null':
                    val = None
                    idx += 4
                else:
                    val, idx = self.scan_once(s, idx)
                if pairs_hook is not None:
                    pairs.append((key, val))
                else:
                    obj[key] = val
                c = s[idx] if idx < n else ''
                if c in WS:
                    idx = _ws_end(s, idx)
                    c = s[idx] if idx < n else ''
                if c == '}':
                    break
                if c != ',':
                    raise JSONDecodeError("Expecting ',' delimiter", s, idx)
                idx += 1
                c = s[idx] if idx < n else ''
                if c in WS and c:
                    idx += 1
                    c = s[idx] if idx < n else ''
                    if c in WS:
                        idx = _ws_end(s, idx)
                        c = s[idx] if idx < n else ''
        if pairs_hook is not None:
            return pairs_hook(pairs), idx + 1
        if self.object_hook is not None:
            return self.object_hook(obj), idx + 1
        return obj, idx + 1

    def array(self, s, idx, n):
        WS = _WS
        strict = self.strict
        _scanstring = scanstring
        values = []
        append = values.append
        c = s[idx] if idx < n else ''
        if c in WS:
            idx = _ws_end(s, idx)
            c = s[idx] if idx < n else ''
        if c != ']':
            while True:
                if c == '"':
                    q = s.find('"', idx + 1)
                    val = s[idx + 1:q]
                    if q < 0 or '\\' in val or strict and not val.isprintable() and \
                            _has_control(val):
                        val, idx = _scanstring(s, idx + 1, strict)
                    else:
                        idx = q + 1
                elif '0' <= c <= '9' and c:
                    val, idx = self.number(s, idx, n)
                elif c == '{':
                    val, idx = self.object(s, idx + 1, n)
                elif c == '[':
                    val, idx = self.array(s, idx + 1, n)
                elif c == 't' and s[idx:idx + 4] == 'true':
                    val = True
                    idx += 4
                elif c == 'f' and s[idx:idx + 5] == 'false':
                    val = False
                    idx += 5
                elif c == 'n' and s[idx:idx + 4] == 'null':
                    val = None
                    idx += 4
                else:
                    val, idx = self.scan_once(s, idx)
                append(val)
                c = s[idx] if idx < n else ''
                if c in WS:
                    idx = _ws_end(s, idx)
                    c = s[idx] if idx < n else ''
                if c == ']':
                    break
                if c != ',':
                    raise JSONDecodeError("Expecting ',' delimiter", s, idx)
                idx += 1
                c = s[idx] if idx < n else ''
                if c in WS and c:
                    idx += 1
                    c = s[idx] if idx < n else ''
                    if c in WS:
                        idx = _ws_end(s, idx)
                        c = s[idx] if idx < n else ''
        return values, idx + 1


def _skip_ws(s, idx):
    if idx < len(s) and s[idx] in _WS:
        return _ws_end(s, idx)
    return idx


_CONSTANTS = {
    '-Infinity': NegInf,
    'Infinity': PosInf,
    'NaN': NaN,
}


def _parse_constant(name):
    return _CONSTANTS[name]


class JSONDecoder(object):
    """Simple JSON <https://json.org> decoder: objects to dict, arrays to list, strings to
    str, numbers to int or float, true/false/null to True/False/None (and NaN, Infinity,
    -Infinity to the floats)."""

    def __init__(self, *, object_hook=None, parse_float=None,
                 parse_int=None, parse_constant=None, strict=True,
                 object_pairs_hook=None):
        self.object_hook = object_hook
        self.parse_float = parse_float or float
        self.parse_int = parse_int or int
        self.parse_constant = parse_constant or _parse_constant
        self.strict = strict
        self.object_pairs_hook = object_pairs_hook
        self.memo = {}
        self.scan_once = _Scanner(self).scan_once

    def decode(self, s, _w=None):
        """Return the Python representation of s (a str holding a JSON document)."""
        obj, end = self.raw_decode(s, idx=_skip_ws(s, 0))
        end = _skip_ws(s, end)
        if end != len(s):
            raise JSONDecodeError("Extra data", s, end)
        return obj

    def raw_decode(self, s, idx=0):
        """Decode a JSON document from s (a str beginning with one) and return a 2-tuple
        of the Python representation and the index in s where the document ended."""
        try:
            obj, end = self.scan_once(s, idx)
        except StopIteration as err:
            raise JSONDecodeError("Expecting value", s, err.value) from None
        return obj, end


# ---- the module functions ----------------------------------------------------------------

_default_encoder = JSONEncoder(
    skipkeys=False,
    ensure_ascii=True,
    check_circular=True,
    allow_nan=True,
    indent=None,
    separators=None,
    default=None,
)

_default_decoder = JSONDecoder(object_hook=None, object_pairs_hook=None)


def dump(obj, fp, *, skipkeys=False, ensure_ascii=True, check_circular=True,
         allow_nan=True, cls=None, indent=None, separators=None,
         default=None, sort_keys=False, **kw):
    """Serialize obj as a JSON formatted stream to fp (a .write()-supporting file-like
    object)."""
    if (not skipkeys and ensure_ascii and
            check_circular and allow_nan and
            cls is None and indent is None and separators is None and
            default is None and not sort_keys and not kw):
        enc = _default_encoder
    else:
        if cls is None:
            cls = JSONEncoder
        enc = cls(skipkeys=skipkeys, ensure_ascii=ensure_ascii,
                  check_circular=check_circular, allow_nan=allow_nan, indent=indent,
                  separators=separators,
                  default=default, sort_keys=sort_keys, **kw)
    if type(enc).iterencode is JSONEncoder.iterencode:
        chunks = []
        try:
            enc._encode_into(obj, chunks, False)
        finally:
            # what was encoded before an error is written, as CPython streams it
            if chunks:
                fp.write(''.join(chunks))
    else:
        for chunk in enc.iterencode(obj):
            fp.write(chunk)


def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True,
          allow_nan=True, cls=None, indent=None, separators=None,
          default=None, sort_keys=False, **kw):
    """Serialize obj to a JSON formatted str."""
    if (not skipkeys and ensure_ascii and
            check_circular and allow_nan and
            cls is None and indent is None and separators is None and
            default is None and not sort_keys and not kw):
        return _default_encoder.encode(obj)
    if cls is None:
        cls = JSONEncoder
    return cls(
        skipkeys=skipkeys, ensure_ascii=ensure_ascii,
        check_circular=check_circular, allow_nan=allow_nan, indent=indent,
        separators=separators, default=default, sort_keys=sort_keys,
        **kw).encode(obj)


def detect_encoding(b):
    bstartswith = b.startswith
    if bstartswith((b'\xef\xbb\xbf',)):
        return 'utf-8-sig'
    if bstartswith((b'\xff\xfe\x00\x00', b'\x00\x00\xfe\xff')):
        return 'utf-32'
    if bstartswith((b'\xff\xfe', b'\xfe\xff')):
        return 'utf-16'
    if len(b) >= 4:
        if not b[0]:
            # 00 00 -- -- - utf-32-be
            # 00 XX -- -- - utf-16-be
            return 'utf-16-be' if b[1] else 'utf-32-be'
        if not b[1]:
            # XX 00 00 00 - utf-32-le
            # XX 00 00 XX - utf-16-le
            # XX 00 XX -- - utf-16-le
            return 'utf-16-le' if b[2] or b[3] else 'utf-32-le'
    elif len(b) == 2:
        if not b[0]:
            # 00 XX - utf-16-be
            return 'utf-16-be'
        if not b[1]:
            # XX 00 - utf-16-le
            return 'utf-16-le'
    # default
    return 'utf-8'


def load(fp, *, cls=None, object_hook=None, parse_float=None,
         parse_int=None, parse_constant=None, object_pairs_hook=None, **kw):
    """Deserialize fp (a .read()-supporting file-like object containing a JSON document)
    to a Python object."""
    return loads(fp.read(),
                 cls=cls, object_hook=object_hook,
                 parse_float=parse_float, parse_int=parse_int,
                 parse_constant=parse_constant, object_pairs_hook=object_pairs_hook, **kw)


def loads(s, *, cls=None, object_hook=None, parse_float=None,
          parse_int=None, parse_constant=None, object_pairs_hook=None, **kw):
    """Deserialize s (a str, bytes or bytearray instance containing a JSON document) to a
    Python object."""
    if isinstance(s, str):
        if s.startswith('\ufeff'):
            raise JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", s, 0)
    else:
        if not isinstance(s, _BYTES_TYPES):
            raise TypeError(f'the JSON object must be str, bytes or bytearray, '
                            f'not {s.__class__.__name__}')
        enc = detect_encoding(s)
        if enc == 'utf-8-sig':
            s = bytes(s[3:]).decode('utf-8')
        else:
            s = bytes(s).decode(enc)

    if (cls is None and object_hook is None and
            parse_int is None and parse_float is None and
            parse_constant is None and object_pairs_hook is None and not kw):
        return _default_decoder.decode(s)
    if cls is None:
        cls = JSONDecoder
    if object_hook is not None:
        kw['object_hook'] = object_hook
    if object_pairs_hook is not None:
        kw['object_pairs_hook'] = object_pairs_hook
    if parse_float is not None:
        kw['parse_float'] = parse_float
    if parse_int is not None:
        kw['parse_int'] = parse_int
    if parse_constant is not None:
        kw['parse_constant'] = parse_constant
    return cls(**kw).decode(s)


# ---- json.decoder, json.encoder, json.scanner --------------------------------------------
# CPython's json is a package; code names its submodules (`except json.decoder.
# JSONDecodeError`, `from json.encoder import JSONEncoder`). Here they are attributes
# holding the same objects (`import json.decoder` finds them as attributes).

class _Submodule(object):
    def __init__(self, name, **names):
        self.__name__ = name
        self.__dict__.update(names)

    def __repr__(self):
        return "<module '%s'>" % self.__name__


def make_scanner(context):
    """The scan_once(string, idx) function of a JSONDecoder-like context: (value, end)
    for the JSON value at idx, StopIteration(idx) when none starts there."""
    return _Scanner(context).scan_once


decoder = _Submodule('json.decoder', JSONDecoder=JSONDecoder, JSONDecodeError=JSONDecodeError,
                     scanstring=scanstring, py_scanstring=py_scanstring, NaN=NaN,
                     PosInf=PosInf, NegInf=NegInf)
encoder = _Submodule('json.encoder', JSONEncoder=JSONEncoder,
                     encode_basestring=encode_basestring,
                     encode_basestring_ascii=encode_basestring_ascii,
                     py_encode_basestring=py_encode_basestring,
                     py_encode_basestring_ascii=py_encode_basestring_ascii,
                     ESCAPE_DCT=ESCAPE_DCT, INFINITY=INFINITY)
scanner = _Submodule('json.scanner', make_scanner=make_scanner, py_make_scanner=make_scanner)
