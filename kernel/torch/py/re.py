"""Support for regular expressions (RE), as CPython 3.11's re module.

Patterns are read by _re_parser.py (with CPython's error messages and positions), and
compiled and run by the C engine of the `_re` module (kernel/objects/mod_re.c): a backtracking matcher over an explicit stack that polls for
interrupts. findall, sub, subn and split run in C; Pattern and Match are the classes below.
Compiled patterns are cached as CPython caches them (512 entries, oldest dropped first)."""

import _re
import _re_parser as _parser
from _re_parser import error

__all__ = [
    # functions
    "compile", "search", "match", "fullmatch", "findall", "finditer", "split", "sub",
    "subn", "escape", "purge", "template",
    # types
    "Pattern", "Match", "RegexFlag", "error",
    # flags, long and short names
    "NOFLAG", "ASCII", "A", "IGNORECASE", "I", "LOCALE", "L", "MULTILINE", "M",
    "DOTALL", "S", "VERBOSE", "X", "UNICODE", "U",
]

__version__ = "2.2.1"

_MAXSIZE = 9223372036854775807

# the order in which repr() names combined flags (RegexFlag's definition order)
_FLAG_NAMES = [("ASCII", 256), ("IGNORECASE", 2), ("LOCALE", 4), ("UNICODE", 32),
               ("MULTILINE", 8), ("DOTALL", 16), ("VERBOSE", 64), ("TEMPLATE", 1),
               ("DEBUG", 128)]


def _flag_text(value, names):
    parts = []
    rest = value
    for name, bit in names:
        if value & bit:
            parts.append("re." + name)
            rest &= ~bit
    if rest:
        parts.append(hex(rest))
    return "|".join(parts)


class RegexFlag(int):
    """An enumeration of the flags of the re module (an IntFlag in CPython)."""

    def __repr__(self):
        v = int(self)
        if v == 0:
            return "re.NOFLAG"
        return _flag_text(v, _FLAG_NAMES)

    __str__ = __repr__

    def __format__(self, spec):
        if not spec:
            return str(self)
        return format(int(self), spec)

    @property
    def value(self):
        return int(self)

    @property
    def name(self):
        for n, bit in _FLAG_NAMES:
            if bit == int(self):
                return n
        if int(self) == 0:
            return "NOFLAG"
        return "|".join(n for n, bit in _FLAG_NAMES if int(self) & bit) or None

    def __or__(self, other):
        if not isinstance(other, int):
            return NotImplemented
        return RegexFlag(int(self) | int(other))

    __ror__ = __or__

    def __and__(self, other):
        if not isinstance(other, int):
            return NotImplemented
        return RegexFlag(int(self) & int(other))

    __rand__ = __and__

    def __xor__(self, other):
        if not isinstance(other, int):
            return NotImplemented
        return RegexFlag(int(self) ^ int(other))

    __rxor__ = __xor__

    def __invert__(self):
        return RegexFlag(511 & ~int(self))

    def __hash__(self):
        return hash(int(self))

    def __eq__(self, other):
        return int(self) == other

    def __ne__(self, other):
        return int(self) != other

    def __reduce__(self):
        return (RegexFlag, (int(self),))


NOFLAG = RegexFlag(0)
ASCII = A = RegexFlag(256)
IGNORECASE = I = RegexFlag(2)
LOCALE = L = RegexFlag(4)
UNICODE = U = RegexFlag(32)
MULTILINE = M = RegexFlag(8)
DOTALL = S = RegexFlag(16)
VERBOSE = X = RegexFlag(64)
TEMPLATE = T = RegexFlag(1)
DEBUG = RegexFlag(128)

# CPython's pattern repr names flags in sre's order
_REPR_FLAGS = [("TEMPLATE", 1), ("IGNORECASE", 2), ("LOCALE", 4), ("MULTILINE", 8),
               ("DOTALL", 16), ("UNICODE", 32), ("VERBOSE", 64), ("DEBUG", 128),
               ("ASCII", 256)]


class Pattern:
    """Compiled regular expression object."""

    def __init__(self, pattern, flags, prog, groups, groupindex):
        self.pattern = pattern
        self.flags = flags
        self._prog = prog
        self.groups = groups
        self._groupindex = groupindex

    @property
    def groupindex(self):
        """A dictionary mapping group names to group numbers."""
        return dict(self._groupindex)

    def match(self, string, pos=0, endpos=_MAXSIZE):
        """Matches zero or more characters at the beginning of the string."""
        return _re.match(self._prog, string, pos, endpos, 0, self)

    def fullmatch(self, string, pos=0, endpos=_MAXSIZE):
        """Matches against all of the string."""
        return _re.match(self._prog, string, pos, endpos, 1, self)

    def search(self, string, pos=0, endpos=_MAXSIZE):
        """Scan through string looking for a match, and return a corresponding match
        object instance. Return None if no position in the string matches."""
        return _re.match(self._prog, string, pos, endpos, 2, self)

    def findall(self, string, pos=0, endpos=_MAXSIZE):
        """Return a list of all non-overlapping matches of pattern in string."""
        return _re.findall(self._prog, string, pos, endpos)

    def finditer(self, string, pos=0, endpos=_MAXSIZE):
        """Return an iterator over all non-overlapping matches for the RE pattern in
        string. For each match, the iterator returns a match object."""
        return _re.finditer(self._prog, string, pos, endpos, self)

    def scanner(self, string, pos=0, endpos=_MAXSIZE):
        return _Scanner(self, string, pos, endpos)

    def _expand(self, match, template):
        return _parser.expand(_parser.read_template(template, self), match)

    def _template(self, repl):
        """(template, None) for the C engine (a tuple of literals and group numbers), or
        (None, function of the match), as CPython's re._subx decides."""
        if callable(repl):
            return None, repl
        if not isinstance(repl, (str, bytes)):
            raise TypeError("decoding to str: need a bytes-like object, %s found"
                            % type(repl).__name__)
        if (b"\\" if isinstance(repl, bytes) else "\\") not in repl:
            return (repl,), None  # used as it is, as sre does (even '' of the wrong type)
        pieces = _compile_repl(repl, self)
        if len(pieces) == 1 and not isinstance(pieces[0], int):
            return (pieces[0],), None  # a literal of the wrong type fails in the C join
        if isinstance(repl, str) != isinstance(self.pattern, str):
            return None, _Expand(pieces)
        return tuple(pieces), None

    def subn(self, repl, string, count=0):
        """Return the tuple (new_string, number_of_subs_made) found by replacing the
        leftmost non-overlapping occurrences of pattern with the replacement repl."""
        template, fn = self._template(repl)
        if fn is None:
            return _re.sub(self._prog, template, string, count, None)
        return _re.sub(self._prog, None, string, count, fn, self)

    def sub(self, repl, string, count=0):
        """Return the string obtained by replacing the leftmost non-overlapping
        occurrences of pattern in string by the replacement repl."""
        return self.subn(repl, string, count)[0]

    def split(self, string, maxsplit=0):
        """Split string by the occurrences of pattern."""
        return _re.split(self._prog, string, maxsplit)

    def __repr__(self):
        text = repr(self.pattern)
        if len(text) > 200:
            text = text[:200]
        flags = self.flags
        if isinstance(self.pattern, str) and not flags & (LOCALE | ASCII):
            flags &= ~UNICODE
        if not flags:
            return "re.compile(%s)" % text
        return "re.compile(%s, %s)" % (text, _flag_text(int(flags), _REPR_FLAGS))

    def __eq__(self, other):
        if not isinstance(other, Pattern):
            return NotImplemented
        return (self.flags == other.flags and type(self.pattern) is type(other.pattern)
                and self.pattern == other.pattern)

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self):
        return hash((self.pattern, self.flags))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        return (_compile, (self.pattern, self.flags))


class _Expand:
    """sub()'s replacement by a template whose type is not the subject's: the pieces are
    joined in Python, so the join raises CPython's TypeError naming the first bad piece."""

    def __init__(self, pieces):
        self.pieces = pieces

    def __call__(self, match):
        return _parser.expand(self.pieces, match)


class _Scanner:
    """pattern.scanner(string): successive match() or search() calls."""

    def __init__(self, pattern, string, pos, endpos):
        self.pattern = pattern
        self.string = string
        self.pos = pos
        self.endpos = endpos
        self.advance = False

    def _next(self, mode):
        m = _re.match(self.pattern._prog, self.string, self.pos, self.endpos, mode,
                      self.pattern, self.advance)
        if m is None:
            return None
        self.advance = m.start() == m.end()
        self.pos = m.end()
        return m

    def match(self):
        return self._next(0)

    def search(self):
        return self._next(2)


Match = _re.Match


# ---- the module functions ---------------------------------------------------------------
# Each one compiles (through the cache) and calls the Pattern method of the same name.

def match(pattern, string, flags=0):
    """A Match when the pattern matches at the very start of string, else None."""
    return _compile(pattern, flags).match(string)


def fullmatch(pattern, string, flags=0):
    """A Match when the pattern matches the whole of string, else None."""
    return _compile(pattern, flags).fullmatch(string)


def search(pattern, string, flags=0):
    """A Match for the first place in string where the pattern matches, else None."""
    return _compile(pattern, flags).search(string)


def sub(pattern, repl, string, count=0, flags=0):
    """string with the leftmost non-overlapping matches of pattern (at most count of them
    when count > 0) replaced by repl: a template whose backslash escapes and group
    references are expanded, or a function of the Match giving the replacement."""
    return _compile(pattern, flags).sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    """As sub(), but gives (new string, number of replacements made)."""
    return _compile(pattern, flags).subn(repl, string, count)


def split(pattern, string, maxsplit=0, flags=0):
    """The pieces of string between matches of pattern, with the text of the pattern's
    groups (if it has any) between them; after maxsplit splits (when > 0) the rest of the
    string is the last piece."""
    return _compile(pattern, flags).split(string, maxsplit)


def findall(pattern, string, flags=0):
    """Every non-overlapping match in string, empty ones included, as a list: the matched
    text when the pattern has no groups, the one group's text when it has one, else a
    tuple of all the groups' texts."""
    return _compile(pattern, flags).findall(string)


def finditer(pattern, string, flags=0):
    """An iterator of Match objects for every non-overlapping match in string, empty ones
    included."""
    return _compile(pattern, flags).finditer(string)


def compile(pattern, flags=0):
    """The Pattern object for a pattern string (or the given Pattern itself)."""
    return _compile(pattern, flags)


def purge():
    """Forget every cached pattern and replacement template."""
    _cache.clear()
    _repl_cache.clear()


_TEMPLATE_FN_WARNING = ("The re.template() function is deprecated as it is an undocumented "
                        "function without an obvious purpose. Use re.compile() instead.")
_TEMPLATE_FLAG_WARNING = ("The re.TEMPLATE/re.T flag is deprecated as it is an undocumented "
                          "flag without an obvious purpose. Don't use it.")


def template(pattern, flags=0):
    """compile() with the TEMPLATE flag; deprecated (it warns)."""
    import warnings
    warnings.warn(_TEMPLATE_FN_WARNING, DeprecationWarning)
    return _compile(pattern, flags | T)


# the characters escape() puts a backslash before: every metacharacter, and what verbose
# mode would drop (whitespace and '#')
_NEEDS_BACKSLASH = frozenset("()[]{}?*+-|^$\\.&~# \t\n\r\v\f")


def escape(pattern):
    """pattern (str or bytes) with a backslash before each character that would otherwise
    mean something in a regular expression."""
    if isinstance(pattern, str):
        return "".join(["\\" + c if c in _NEEDS_BACKSLASH else c for c in pattern])
    text = str(pattern, "latin1")   # bytes-like only: anything else is a TypeError here
    return "".join(["\\" + c if c in _NEEDS_BACKSLASH else c for c in text]).encode("latin1")


# compiled patterns by (type, pattern, flags), oldest first; templates by (type, repl,
# pattern). Both hold at most _CACHE_SIZE entries.
_cache = {}
_repl_cache = {}
_CACHE_SIZE = 512


def _compile_pattern(pattern, flags):
    r = _parser.read_pattern(pattern, flags)
    prog = _re.compile(r.tree, r.flags, r.groups, isinstance(pattern, bytes), r.groupindex)
    return Pattern(pattern, r.flags, prog, r.groups, r.groupindex)


def _compile(pattern, flags):
    if type(flags) is RegexFlag:
        flags = int(flags)
    key = (type(pattern), pattern, flags)
    try:
        return _cache[key]
    except KeyError:                # (an unhashable pattern fails here, as in CPython)
        pass
    if isinstance(pattern, Pattern):
        if flags:
            raise ValueError("cannot process flags argument with a compiled pattern")
        return pattern
    if not isinstance(pattern, (str, bytes)):
        raise TypeError("first argument must be string or compiled pattern")
    if flags & T:
        import warnings
        warnings.warn(_TEMPLATE_FLAG_WARNING, DeprecationWarning)
    compiled = _compile_pattern(pattern, flags)
    if flags & DEBUG:
        return compiled             # a debug compile prints each time: never cached
    if len(_cache) >= _CACHE_SIZE:
        for oldest in _cache:
            del _cache[oldest]
            break
    _cache[key] = compiled
    return compiled


def _compile_repl(repl, pattern):
    key = (type(repl), repl, pattern)
    pieces = _repl_cache.get(key)
    if pieces is None:
        pieces = _parser.read_template(repl, pattern)
        if len(_repl_cache) >= _CACHE_SIZE:
            _repl_cache.clear()
        _repl_cache[key] = pieces
    return pieces


class Scanner:
    """A tokeniser from a list of (phrase, action) pairs: scan() tries the phrases in
    order at the current position; the first one that matches gives the token, and its
    action (a function of the scanner and the token's text, a value, or None to drop the
    token) is what is collected."""

    def __init__(self, lexicon, flags=0):
        if isinstance(flags, RegexFlag):
            flags = int(flags)
        self.lexicon = lexicon
        alternatives = []
        for number, entry in enumerate(lexicon, 1):
            # each phrase is read on its own (its groups count from 1 again, as in
            # CPython); the outer group's number tells which phrase matched
            inner = _parser.read_pattern(entry[0], flags).tree
            alternatives.append([(_parser.SUBPATTERN, number, 0, 0, inner)])
        tree = [(_parser.BRANCH, alternatives)]
        count = len(alternatives)
        prog = _re.compile(tree, flags | (0 if flags & ASCII else UNICODE), count, False, {})
        self.scanner = Pattern("", flags, prog, count, {})

    def scan(self, string):
        """(the collected actions, the text left where no phrase matched or a phrase
        matched the empty string)."""
        tokens = []
        step = self.scanner.scanner(string).match
        done = 0
        while True:
            m = step()
            if m is None or m.end() == done:
                break
            value = self.lexicon[m.lastindex - 1][1]
            if callable(value):
                self.match = m          # the action may look at the whole match
                value = value(self, m.group())
            if value is not None:
                tokens.append(value)
            done = m.end()
        return tokens, string[done:]
