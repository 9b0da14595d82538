"""The pattern reader of the re module.

read_pattern() walks a pattern once, left to right, by recursive descent (alternation ->
sequence -> atom with its quantifier) and builds the program tree that the C engine `_re`
(kernel/objects/mod_re.c) compiles. The tree is plain data:

  a sequence is a list of nodes; a node is a tuple whose first item is an opcode number:
    (LITERAL, cp) (NOT_LITERAL, cp) (ANY,) (AT, where) (IN, members) (GROUPREF, n)
    (BRANCH, [seq, ...]) (SUBPATTERN, n or 0, flags_on, flags_off, seq)
    (MAX_REPEAT | MIN_REPEAT | POSSESSIVE_REPEAT, lo, hi, seq)
    (GROUPREF_EXISTS, n, seq_yes, seq_no or None) (ASSERT | ASSERT_NOT, +1/-1, width, seq)
    (ATOMIC_GROUP, seq)
  set members are (LITERAL, cp) (RANGE, lo, hi) (CATEGORY, which) (NEGATE,)

The opcode numbers are the ones sre uses, so the engine's tables line up with CPython's.
What a user sees is CPython 3.11's: the same messages, positions and warnings for bad
patterns, the same flags and group numbering. read_template() does the same for the
replacement strings of sub() and Match.expand()."""

from _re import MAXREPEAT, MAXGROUPS

# ---- opcodes and codes the engine reads -----------------------------------------------

ANY = 2
ASSERT = 4
ASSERT_NOT = 5
AT = 6
BRANCH = 7
CATEGORY = 8
GROUPREF = 11
GROUPREF_EXISTS = 12
IN = 13
LITERAL = 16
NOT_LITERAL = 20
NEGATE = 21
RANGE = 22
SUBPATTERN = 25
ATOMIC_GROUP = 27
POSSESSIVE_REPEAT = 28
MIN_REPEAT = 43
MAX_REPEAT = 44

# the AT codes the reader emits (^ and $ are AT_BEGINNING / AT_END: the engine makes them
# line anchors itself under MULTILINE)
_AT_START, _AT_TEXT_START, _AT_WORD_EDGE, _AT_NOT_WORD_EDGE = 0, 2, 3, 4
_AT_END, _AT_TEXT_END = 5, 7

# flag bits (the values of re.I, re.M, ...)
F_TEMPLATE = 1
F_IGNORECASE = 2
F_LOCALE = 4
F_MULTILINE = 8
F_DOTALL = 16
F_UNICODE = 32
F_VERBOSE = 64
F_DEBUG = 128
F_ASCII = 256

_CHARSET_BITS = F_ASCII | F_LOCALE | F_UNICODE      # at most one of these may be on
_WHOLE_PATTERN_BITS = F_DEBUG | F_TEMPLATE          # never switched on or off in a group

_INLINE_FLAG = {"a": F_ASCII, "i": F_IGNORECASE, "L": F_LOCALE, "m": F_MULTILINE,
                "s": F_DOTALL, "t": F_TEMPLATE, "u": F_UNICODE, "x": F_VERBOSE}

_METACHARS = frozenset(".\\[{()*+?^$|")
_QUANTIFIERS = frozenset("*+?{")
_BLANKS = frozenset(" \t\n\r\v\f")
_DEC = frozenset("0123456789")
_OCT = frozenset("01234567")
_HEX = frozenset("0123456789abcdefABCDEF")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

# backslash + letter that stands for one character, in and out of sets
_CONTROL = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92}
# backslash + letter naming a class of characters (a set member too)
_CLASS = {"d": 0, "D": 1, "s": 2, "S": 3, "w": 4, "W": 5}
# backslash + letter naming a position (only outside sets; \b there is a backspace)
_POSITION = {"A": _AT_TEXT_START, "Z": _AT_TEXT_END, "b": _AT_WORD_EDGE,
             "B": _AT_NOT_WORD_EDGE}

_SET_OPERATOR_NAMES = {"-": "difference", "&": "intersection", "~": "symmetric difference",
                       "|": "union"}


class error(Exception):
    """A pattern or replacement template that cannot be compiled. `msg` is the bare
    message; `pattern`, `pos` (an index into it), `lineno` and `colno` (both from 1) say
    where, or are None for a fault of the pattern as a whole."""

    __module__ = 're'

    def __init__(self, msg, pattern=None, pos=None):
        self.msg = msg
        self.pattern = pattern
        self.pos = pos
        self.lineno = None
        self.colno = None
        text = msg
        if pattern is not None and pos is not None:
            nl = "\n" if isinstance(pattern, str) else b"\n"
            line_start = pattern.rfind(nl, 0, pos) + 1
            self.lineno = 1 + pattern.count(nl, 0, pos)
            self.colno = pos - line_start + 1
            text = "%s at position %d" % (msg, pos)
            if nl in pattern:
                text += " (line %d, column %d)" % (self.lineno, self.colno)
        super().__init__(text)


def _ascii_repr_text(s):
    """s with every non-ASCII character written as a backslash escape (what
    str.encode('ascii', 'backslashreplace') gives), for messages about bytes patterns."""
    if s.isascii():
        return s
    pieces = []
    for ch in s:
        n = ord(ch)
        if n < 0x80:
            pieces.append(ch)
        elif n <= 0xff:
            pieces.append("\\x%02x" % n)
        elif n <= 0xffff:
            pieces.append("\\u%04x" % n)
        else:
            pieces.append("\\U%08x" % n)
    return "".join(pieces)


def _warn(message, category):
    import warnings
    warnings.warn(message, category, stacklevel=5)


class _VerboseFromHere(Exception):
    """Raised when a leading (?x) turns verbose mode on: the pattern is read again."""


def _flags_in_force(pattern, flags):
    """The flags of a whole pattern once its kind is known: str patterns match by Unicode
    rules unless ASCII is asked for; contradictory charset flags are a ValueError."""
    if isinstance(pattern, str):
        if flags & F_LOCALE:
            raise ValueError("cannot use LOCALE flag with a str pattern")
        if flags & F_ASCII:
            if flags & F_UNICODE:
                raise ValueError("ASCII and UNICODE flags are incompatible")
        else:
            flags |= F_UNICODE
    else:
        if flags & F_UNICODE:
            raise ValueError("cannot use UNICODE flag with a bytes pattern")
        if flags & F_LOCALE and flags & F_ASCII:
            raise ValueError("ASCII and LOCALE flags are incompatible")
    return flags


class Parsed:
    """What read_pattern gives: the engine's tree, the final flags, the number of
    capturing groups and the name -> number map."""

    def __init__(self, tree, flags, groups, groupindex):
        self.tree = tree
        self.flags = flags
        self.groups = groups
        self.groupindex = groupindex


class _Reader:
    """One pass over one pattern. `at` is the index of the next unread character; every
    move forward goes through _skip so that a lone backslash ending the pattern is
    reported as soon as the reader steps onto it, as sre's one-token lookahead does."""

    def __init__(self, pattern, flags):
        self.pattern = pattern
        self.is_str = isinstance(pattern, str)
        self.source = pattern if self.is_str else str(pattern, "latin1")
        # indexed one character at a time: a list when not ASCII (a str then indexes in
        # linear time)
        self.text = self.source if self.source.isascii() else list(self.source)
        self.size = len(self.text)
        self.flags = flags
        self.ngroups = 0            # groups opened so far
        self.names = {}             # group name -> number
        self.bodies = {}            # closed group number -> its sequence
        self.open = set()           # numbers of groups not yet closed
        self.behind_from = None     # inside a look-behind: groups above this one are its own
        self.cond_pos = {}          # group number used by (?(n)...) -> where first used
        self.variable_behind = False
        # the position of a backslash with nothing after it, if the pattern ends so
        self.dangling = -1
        k = self.size
        while k > 0 and self.text[k - 1] == "\\":
            k -= 1
        if (self.size - k) % 2:
            self.dangling = self.size - 1
        self.at = 0
        if self.dangling == 0:
            self.fail("bad escape (end of pattern)", 0)

    # -- low level ----------------------------------------------------------------------

    def fail(self, msg, pos):
        if not self.is_str:
            msg = _ascii_repr_text(msg)     # the text of a bytes pattern is Latin-1 here
        raise error(msg, self.pattern, pos)

    def peek(self):
        if self.at < self.size:
            return self.text[self.at]
        return None

    def _skip(self, count=1):
        self.at += count
        if self.at == self.dangling:
            self.fail("bad escape (end of pattern)", self.dangling)

    def take(self):
        """The next character, consumed (None at the end)."""
        if self.at >= self.size:
            return None
        ch = self.text[self.at]
        self._skip()
        return ch

    def take_if(self, ch):
        if self.at < self.size and self.text[self.at] == ch:
            self._skip()
            return True
        return False

    def take_run(self, allowed, most):
        """Up to `most` characters from `allowed`, consumed, as a string."""
        begin = self.at
        while self.at - begin < most and self.at < self.size and self.text[self.at] in allowed:
            self._skip()
        return self.cut(begin, self.at)

    def cut(self, begin, end):
        part = self.text[begin:end]
        return part if type(part) is str else "".join(part)

    def take_token(self):
        """A character, or a backslash with the character it escapes."""
        if self.at >= self.size:
            return None
        width = 2 if self.text[self.at] == "\\" else 1
        tok = self.cut(self.at, self.at + width)
        self._skip(width)
        return tok

    def take_name(self, closer, what):
        """The text up to `closer` (consumed too), for group names and character names."""
        begin = self.at
        while True:
            tok = self.take_token()
            if tok is None:
                if self.at == begin:
                    self.fail("missing " + what, self.at)
                self.fail("missing %s, unterminated name" % closer, begin)
            if tok == closer:
                if self.at - 1 == begin:
                    self.fail("missing " + what, begin)
                return self.cut(begin, self.at - 1)

    def check_name(self, name, where):
        if not name.isidentifier():
            self.fail("bad character in group name %r" % name, where)
        if not self.is_str and not name.isascii():
            _warn("bad character in group name %a at position %d" % (name, where),
                  DeprecationWarning)

    # -- groups -------------------------------------------------------------------------

    def new_group(self, name, where):
        number = self.ngroups + 1
        if number > MAXGROUPS:
            self.fail("too many groups", where)
        if name is not None:
            if name in self.names:
                self.fail("redefinition of group name %r as group %d; was group %d"
                          % (name, number, self.names[name]), where)
            self.names[name] = number
        self.ngroups = number
        self.open.add(number)
        return number

    def usable_ref(self, number, where_open, where_behind, always=True):
        """Refuse a reference to a group still open, or to one opened inside the same
        look-behind (its text would be matched backwards). `always` False: only inside a
        look-behind (a conditional may name a group that is still open elsewhere)."""
        if (always or self.behind_from is not None) and \
                (number > self.ngroups or number in self.open):
            self.fail("cannot refer to an open group", where_open)
        if self.behind_from is not None and number > self.behind_from:
            self.fail("cannot refer to group defined in the same lookbehind subpattern",
                      where_behind)

    # -- widths (look-behind needs a fixed one) -------------------------------------------

    def width(self, seq):
        lo = hi = 0
        for node in seq:
            op = node[0]
            if op in (LITERAL, NOT_LITERAL, ANY, IN):
                lo += 1
                hi += 1
            elif op == SUBPATTERN:
                a, b = self.width(node[4])
                lo += a
                hi += b
            elif op == BRANCH:
                spans = [self.width(alt) for alt in node[1]]
                lo += min(s[0] for s in spans)
                hi += max(s[1] for s in spans)
            elif op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT):
                a, b = self.width(node[3])
                lo += a * node[1]
                hi += b * node[2]
            elif op == GROUPREF:
                a, b = self.width(self.bodies[node[1]])
                lo += a
                hi += b
            elif op == GROUPREF_EXISTS:
                a, b = self.width(node[2])
                if node[3] is None:
                    a = 0
                else:
                    c, d = self.width(node[3])
                    a = min(a, c)
                    b = max(b, d)
                lo += a
                hi += b
            elif op == ATOMIC_GROUP:
                a, b = self.width(node[1])
                lo += a
                hi += b
        return min(lo, MAXREPEAT - 1), min(hi, MAXREPEAT)

    # -- grammar ------------------------------------------------------------------------

    def alternatives(self, verbose, depth):
        """alternatives := sequence ('|' sequence)*   -- stops before ')' or at the end."""
        alts = [self.sequence(verbose, depth, depth == 0)]
        while self.take_if("|"):
            alts.append(self.sequence(verbose, depth, False))
        if len(alts) == 1:
            return alts[0]
        return _simplify_branch(alts)

    def sequence(self, verbose, depth, leading):
        """sequence := (atom quantifier?)*   -- `leading`: the very start of the pattern,
        where flags for the whole pattern may be given."""
        seq = []
        while self.at < self.size:
            start = self.at
            ch = self.text[start]
            if ch == "|" or ch == ")":
                break
            if verbose and ch in _BLANKS:
                self._skip()
                continue
            if verbose and ch == "#":
                while True:
                    tok = self.take_token()
                    if tok is None or tok == "\n":
                        break
                continue
            if ch == "\\":
                self._skip(2)
                seq.append(self.escape(start))
            elif ch not in _METACHARS:
                self._skip()
                seq.append((LITERAL, ord(ch)))
            elif ch in _QUANTIFIERS:
                self.quantify(seq, start)
            elif ch == "[":
                self._skip()
                seq.append(self.charset(start))
            elif ch == ".":
                self._skip()
                seq.append((ANY,))
            elif ch == "^":
                self._skip()
                seq.append((AT, _AT_START))
            elif ch == "$":
                self._skip()
                seq.append((AT, _AT_END))
            else:  # "("
                self._skip()
                node = self.group(start, verbose, depth, leading and not seq)
                if node is not None:
                    seq.append(node)
        return seq

    def quantify(self, seq, start):
        ch = self.take()
        if ch == "*":
            lo, hi = 0, MAXREPEAT
        elif ch == "+":
            lo, hi = 1, MAXREPEAT
        elif ch == "?":
            lo, hi = 0, 1
        else:
            bounds = self.braces(seq, start)
            if bounds is None:
                return
            lo, hi = bounds
        last = seq[-1] if seq else None
        if last is None or last[0] == AT:
            self.fail("nothing to repeat", start)
        if last[0] in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT):
            self.fail("multiple repeat", start)
        if last[0] == SUBPATTERN and last[1] == 0 and last[2] == 0 and last[3] == 0:
            body = last[4]              # (?:...) adds nothing to repeat
        else:
            body = [last]
        if self.take_if("?"):
            kind = MIN_REPEAT
        elif self.take_if("+"):
            kind = POSSESSIVE_REPEAT
        else:
            kind = MAX_REPEAT
        seq[-1] = (kind, lo, hi, body)

    def braces(self, seq, start):
        """{m}, {m,}, {,n}, {m,n} after the '{' at `start`; anything else makes the '{' a
        literal (None is returned then and the reader is just after it)."""
        after = self.at
        if self.peek() == "}":
            seq.append((LITERAL, 123))
            return None
        low = self.take_run(_DEC, self.size)
        if self.take_if(","):
            high = self.take_run(_DEC, self.size)
        else:
            high = low
        if not self.take_if("}"):
            seq.append((LITERAL, 123))
            self.at = after
            return None
        lo = int(low) if low else 0
        hi = int(high) if high else MAXREPEAT
        if lo >= MAXREPEAT or (high and hi >= MAXREPEAT):
            raise OverflowError("the repetition number is too large")
        if hi < lo:
            self.fail("min repeat greater than max repeat", after)
        return lo, hi

    # -- escapes ------------------------------------------------------------------------

    def code_point(self, start, letter):
        """\\xhh, \\uhhhh, \\Uhhhhhhhh, \\N{name} and octal escapes, or None. The reader
        is after the letter."""
        if letter == "x":
            digits = self.take_run(_HEX, 2)
            if len(digits) != 2:
                self.fail("incomplete escape \\x" + digits, start)
            return int(digits, 16)
        if self.is_str and (letter == "u" or letter == "U"):
            need = 4 if letter == "u" else 8
            digits = self.take_run(_HEX, need)
            if len(digits) != need:
                self.fail("incomplete escape \\%s%s" % (letter, digits), start)
            value = int(digits, 16)
            if value > 0x10FFFF:
                self.fail("bad escape \\%s%s" % (letter, digits), start)
            return value
        if self.is_str and letter == "N":
            if not self.take_if("{"):
                self.fail("missing {", self.at)
            name = self.take_name("}", "character name")
            import unicodedata
            try:
                return ord(unicodedata.lookup(name))
            except (KeyError, TypeError):
                self.fail("undefined character name %r" % name, start)
        return None

    def octal(self, start, digits):
        value = int(digits, 8)
        if value > 0o377:
            self.fail("octal escape value \\%s outside of range 0-0o377" % digits, start)
        return value

    def bad_escape(self, start, letter):
        self.fail("bad escape \\" + letter, start)

    def escape(self, start):
        """The node for the backslash at `start` outside a set (the reader is after the
        character following it)."""
        letter = self.text[start + 1]
        if letter in _POSITION:
            return (AT, _POSITION[letter])
        if letter in _CLASS:
            return (IN, [(CATEGORY, _CLASS[letter])])
        if letter in _CONTROL:
            return (LITERAL, _CONTROL[letter])
        cp = self.code_point(start, letter)
        if cp is not None:
            return (LITERAL, cp)
        if letter == "0":
            return (LITERAL, int(self.take_run(_OCT, 2) or "0", 8))
        if letter in _DEC:
            digits = letter
            if self.peek() is not None and self.peek() in _DEC:
                digits += self.take()
                if digits[0] in _OCT and digits[1] in _OCT and self.peek() is not None \
                        and self.peek() in _OCT:
                    digits += self.take()
                    return (LITERAL, self.octal(start, digits))
            number = int(digits)
            if number > self.ngroups:
                self.fail("invalid group reference %d" % number, start + 1)
            self.usable_ref(number, start, self.at)
            return (GROUPREF, number)
        if letter in _LETTERS:
            self.bad_escape(start, letter)
        return (LITERAL, ord(letter))

    def set_escape(self, start):
        """A set member written with a backslash: (LITERAL, cp) or (IN, [category])."""
        letter = self.text[start + 1]
        if letter in _CONTROL:
            return (LITERAL, _CONTROL[letter])
        if letter in _CLASS:
            return (IN, [(CATEGORY, _CLASS[letter])])
        cp = self.code_point(start, letter)
        if cp is not None:
            return (LITERAL, cp)
        if letter in _OCT:
            return (LITERAL, self.octal(start, letter + self.take_run(_OCT, 2)))
        if letter in _LETTERS or letter in _DEC:
            self.bad_escape(start, letter)
        return (LITERAL, ord(letter))

    # -- character sets -----------------------------------------------------------------

    def charset(self, start):
        """[...] after its '[' at `start`."""
        if self.peek() == "[":
            _warn("Possible nested set at position %d" % self.at, FutureWarning)
        negated = self.take_if("^")
        members = []
        first = True
        while True:
            pos = self.at
            tok = self.take_token()
            if tok is None:
                self.fail("unterminated character set", start)
            if tok == "]" and not first:
                break
            if tok[0] == "\\":
                one = self.set_escape(pos)
            else:
                if not first and tok in _SET_OPERATOR_NAMES and self.peek() == tok:
                    _warn("Possible set %s at position %d"
                          % (_SET_OPERATOR_NAMES[tok], pos), FutureWarning)
                one = (LITERAL, ord(tok))
            first = False
            if not self.take_if("-"):
                members.append(one if one[0] == LITERAL else one[1][0])
                continue
            pos2 = self.at
            tok2 = self.take_token()
            if tok2 is None:
                self.fail("unterminated character set", start)
            if tok2 == "]":
                members.append(one if one[0] == LITERAL else one[1][0])
                members.append((LITERAL, 45))
                break
            if tok2[0] == "\\":
                other = self.set_escape(pos2)
            else:
                if tok2 == "-":
                    _warn("Possible set difference at position %d" % (pos2 - 1),
                          FutureWarning)
                other = (LITERAL, ord(tok2))
            if one[0] != LITERAL or other[0] != LITERAL or other[1] < one[1]:
                self.fail("bad character range %s-%s" % (tok, tok2), pos)
            members.append((RANGE, one[1], other[1]))
        unique = list(dict.fromkeys(members))     # first occurrences, in order
        if len(unique) == 1 and unique[0][0] == LITERAL:
            return (NOT_LITERAL if negated else LITERAL, unique[0][1])
        if negated:
            unique.insert(0, (NEGATE,))
        return (IN, unique)

    # -- parenthesised forms ------------------------------------------------------------

    def close_paren(self, start):
        if not self.take_if(")"):
            self.fail("missing ), unterminated subpattern", start)

    def group(self, start, verbose, depth, leading):
        """Everything that starts with '(' (the reader is after it). Returns a node, None
        for forms that leave nothing in the tree."""
        name = None
        flags_on = flags_off = 0
        capture = True
        if self.take_if("?"):
            kind_at = self.at
            kind = self.take_token()
            if kind is None:
                self.fail("unexpected end of pattern", self.at)
            if kind == ":":
                capture = False
            elif kind == "P":
                what = self.take_token()
                if what == "<":
                    name_at = self.at
                    name = self.take_name(">", "group name")
                    self.check_name(name, name_at)
                elif what == "=":
                    name_at = self.at
                    name = self.take_name(")", "group name")
                    self.check_name(name, name_at)
                    if name not in self.names:
                        self.fail("unknown group name %r" % name, name_at)
                    number = self.names[name]
                    self.usable_ref(number, name_at, self.at)
                    return (GROUPREF, number)
                elif what is None:
                    self.fail("unexpected end of pattern", self.at)
                else:
                    self.fail("unknown extension ?P" + what, start + 1)
            elif kind == "#":
                while True:
                    ch = self.take_token()
                    if ch is None:
                        self.fail("missing ), unterminated comment", start)
                    if ch == ")":
                        return None
            elif kind == "=" or kind == "!":
                return self.look(start, kind == "!", 1, verbose, depth)
            elif kind == "<":
                how = self.take_token()
                if how is None:
                    self.fail("unexpected end of pattern", self.at)
                if how != "=" and how != "!":
                    self.fail("unknown extension ?<" + how, start + 1)
                return self.look(start, how == "!", -1, verbose, depth)
            elif kind == "(":
                return self.conditional(start, verbose, depth)
            elif kind == ">":
                body = self.alternatives(verbose, depth + 1)
                self.close_paren(start)
                return (ATOMIC_GROUP, body)
            elif kind in _INLINE_FLAG or kind == "-":
                self.at = kind_at
                scoped = self.inline_flags()
                if scoped is None:
                    if not leading or depth:
                        self.fail("global flags not at the start of the expression", start)
                    if self.flags & F_VERBOSE and not verbose:
                        raise _VerboseFromHere()
                    return None
                flags_on, flags_off = scoped
                capture = False
            else:
                self.fail("unknown extension ?" + kind, start + 1)
        number = 0
        if capture:
            number = self.new_group(name, start + 4 if name is not None else start)
        inner_verbose = (verbose or flags_on & F_VERBOSE) and not flags_off & F_VERBOSE
        body = self.alternatives(bool(inner_verbose), depth + 1)
        self.close_paren(start)
        if number:
            self.open.discard(number)
            self.bodies[number] = body
        return (SUBPATTERN, number, flags_on, flags_off, body)

    def look(self, start, negative, direction, verbose, depth):
        outer = self.behind_from
        if direction < 0 and outer is None:
            self.behind_from = self.ngroups
        body = self.alternatives(verbose, depth + 1)
        self.behind_from = outer
        self.close_paren(start)
        span = 0
        if direction < 0:
            lo, hi = self.width(body)
            if lo != hi:
                self.variable_behind = True
            span = lo
        return (ASSERT_NOT if negative else ASSERT, direction, span, body)

    def conditional(self, start, verbose, depth):
        """(?(id/name)yes|no) after its '(?(' ."""
        ref_at = self.at
        ref = self.take_name(")", "group name")
        if ref.isidentifier():
            self.check_name(ref, ref_at)
            if ref not in self.names:
                self.fail("unknown group name %r" % ref, ref_at)
            number = self.names[ref]
        else:
            try:
                number = int(ref)
            except ValueError:
                number = -1
            if number < 0:
                self.fail("bad character in group name %r" % ref, ref_at)
            if number == 0:
                self.fail("bad group number", ref_at)
            if number >= MAXGROUPS:
                self.fail("invalid group reference %d" % number, ref_at)
            if number not in self.cond_pos:
                self.cond_pos[number] = ref_at
            if not (ref.isdecimal() and ref.isascii()):
                _warn("bad character in group name %s at position %d" % (repr(ref), ref_at),
                      DeprecationWarning)
        self.usable_ref(number, self.at, self.at, False)
        yes = self.sequence(verbose, depth + 1, False)
        no = None
        if self.take_if("|"):
            no = self.sequence(verbose, depth + 1, False)
            if self.peek() == "|":
                self.fail("conditional backref with more than two branches", self.at)
        self.close_paren(start)
        return (GROUPREF_EXISTS, number, yes, no)

    def inline_flags(self):
        """The letters of (?aiLmsux), (?flags:...) or (?flags-flags:...), the reader on
        the first of them. None for a whole-pattern form (its flags are applied), else
        (flags_on, flags_off)."""
        on = 0
        while True:
            pos = self.at
            tok = self.take_token()
            bit = _INLINE_FLAG.get(tok, 0)
            if not bit:
                break
            if tok == "L" and self.is_str:
                self.fail("bad inline flags: cannot use 'L' flag with a str pattern", self.at)
            if tok == "u" and not self.is_str:
                self.fail("bad inline flags: cannot use 'u' flag with a bytes pattern",
                          self.at)
            on |= bit
            if bit & _CHARSET_BITS and on & _CHARSET_BITS != bit:
                self.fail("bad inline flags: flags 'a', 'u' and 'L' are incompatible",
                          self.at)
        if tok == ")":
            self.flags |= on
            return None
        if tok != ":" and tok != "-":
            if tok is not None and tok.isalpha():
                self.fail("unknown flag", pos)
            self.fail("missing -, : or )", pos)
        if on & _WHOLE_PATTERN_BITS:
            self.fail("bad inline flags: cannot turn on global flag", pos)
        off = 0
        if tok == "-":
            pos = self.at
            tok = self.take_token()
            if not _INLINE_FLAG.get(tok, 0):
                if tok is not None and tok.isalpha():
                    self.fail("unknown flag", pos)
                self.fail("missing flag", pos)
            while _INLINE_FLAG.get(tok, 0):
                bit = _INLINE_FLAG[tok]
                if bit & _CHARSET_BITS:
                    self.fail("bad inline flags: cannot turn off flags 'a', 'u' and 'L'",
                              self.at)
                off |= bit
                pos = self.at
                tok = self.take_token()
            if tok != ":":
                if tok is not None and tok.isalpha():
                    self.fail("unknown flag", pos)
                self.fail("missing :", pos)
            if off & _WHOLE_PATTERN_BITS:
                self.fail("bad inline flags: cannot turn off global flag", pos)
        if on & off:
            self.fail("bad inline flags: flag turned on and off", pos)
        return on, off


def _simplify_branch(alts):
    """A|B|... as a node list: what every alternative starts with is matched once before
    the branch, and alternatives that are each one character become one set."""
    head = []
    while all(alts) and all(a[0] == alts[0][0] for a in alts[1:]):
        head.append(alts[0][0])
        alts = [a[1:] for a in alts]
    if not all(alts):
        return head + [(BRANCH, alts)]
    members = []
    for a in alts:
        if len(a) != 1:
            break
        node = a[0]
        if node[0] == LITERAL:
            members.append(node)
        elif node[0] == IN and node[1][0][0] != NEGATE:
            members.extend(node[1])
        else:
            break
    else:
        return head + [(IN, list(dict.fromkeys(members)))]
    return head + [(BRANCH, alts)]


def read_pattern(pattern, flags=0):
    """Parse `pattern` (str or bytes) under `flags` into a Parsed, or raise re.error (or
    ValueError / OverflowError as sre does)."""
    verbose = bool(flags & F_VERBOSE)
    while True:
        reader = _Reader(pattern, flags)
        try:
            tree = reader.alternatives(verbose, 0)
        except _VerboseFromHere:
            flags = reader.flags        # (?x) at the start: read it all in verbose mode
            verbose = True
            continue
        break
    final = _flags_in_force(pattern, reader.flags)
    if reader.at < reader.size:     # only a ')' stops the top level early
        reader.fail("unbalanced parenthesis", reader.at)
    for number, where in reader.cond_pos.items():
        if number > reader.ngroups:
            reader.fail("invalid group reference %d" % number, where)
    if flags & F_DEBUG:
        show_tree(tree)
    if reader.variable_behind:
        raise error("look-behind requires fixed-width pattern")
    return Parsed(tree, final, reader.ngroups, dict(reader.names))


# ---- re.DEBUG's listing of the tree ------------------------------------------------------

_OP_NAME = {ANY: "ANY", ASSERT: "ASSERT", ASSERT_NOT: "ASSERT_NOT", AT: "AT", BRANCH: "BRANCH",
            CATEGORY: "CATEGORY", GROUPREF: "GROUPREF", GROUPREF_EXISTS: "GROUPREF_EXISTS",
            IN: "IN", LITERAL: "LITERAL", NOT_LITERAL: "NOT_LITERAL", NEGATE: "NEGATE",
            RANGE: "RANGE", SUBPATTERN: "SUBPATTERN", ATOMIC_GROUP: "ATOMIC_GROUP",
            POSSESSIVE_REPEAT: "POSSESSIVE_REPEAT", MIN_REPEAT: "MIN_REPEAT",
            MAX_REPEAT: "MAX_REPEAT"}
_WHERE_NAME = ["AT_BEGINNING", "AT_BEGINNING_LINE", "AT_BEGINNING_STRING", "AT_BOUNDARY",
               "AT_NON_BOUNDARY", "AT_END", "AT_END_LINE", "AT_END_STRING"]
_CLASS_NAME = ["CATEGORY_DIGIT", "CATEGORY_NOT_DIGIT", "CATEGORY_SPACE", "CATEGORY_NOT_SPACE",
               "CATEGORY_WORD", "CATEGORY_NOT_WORD"]


def show_tree(seq):
    """Print the tree one node a line, nested bodies indented by two spaces (the listing
    sre prints for re.DEBUG, in its names), through sys.stdout."""
    import sys
    lines = []
    _tree_lines(seq, 0, lines)
    sys.stdout.write("".join(line + "\n" for line in lines))


def _tree_lines(seq, depth, lines):
    pad = "  " * depth
    for node in seq:
        op = node[0]
        head = pad + _OP_NAME[op]
        if op == BRANCH:
            lines.append(head)
            for k, alt in enumerate(node[1]):
                if k:
                    lines.append(pad + "OR")
                _tree_lines(alt, depth + 1, lines)
        elif op == IN:
            lines.append(head)
            for m in node[1]:
                if m[0] == RANGE:
                    arg = (m[1], m[2])
                elif m[0] == CATEGORY:
                    arg = _CLASS_NAME[m[1]]
                elif m[0] == NEGATE:
                    arg = None
                else:
                    arg = m[1]
                lines.append("%s  %s %s" % (pad, _OP_NAME[m[0]], arg))
        elif op == SUBPATTERN:
            lines.append("%s %s %s %s" % (head, node[1] or None, node[2], node[3]))
            _tree_lines(node[4], depth + 1, lines)
        elif op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT):
            hi = "MAXREPEAT" if node[2] == MAXREPEAT else node[2]
            lines.append("%s %s %s" % (head, node[1], hi))
            _tree_lines(node[3], depth + 1, lines)
        elif op == GROUPREF_EXISTS:
            lines.append("%s %s" % (head, node[1]))
            _tree_lines(node[2], depth + 1, lines)
            if node[3] is not None:
                lines.append(pad + "ELSE")
                _tree_lines(node[3], depth + 1, lines)
        elif op == ASSERT or op == ASSERT_NOT:
            lines.append("%s %s" % (head, node[1]))
            _tree_lines(node[3], depth + 1, lines)
        elif op == ATOMIC_GROUP:
            lines.append(head)
            _tree_lines(node[1], depth + 1, lines)
        elif op == AT:
            lines.append("%s %s" % (head, _WHERE_NAME[node[1]]))
        elif op == ANY:
            lines.append(head + " None")
        else:
            lines.append("%s %s" % (head, node[1]))


# ---- replacement templates --------------------------------------------------------------

def read_template(template, pattern):
    """The pieces of a replacement string for `pattern` (a compiled Pattern): a list whose
    items are literal runs (of the template's type, never empty) and group numbers (int),
    in order. Escapes are those of string literals plus \\n, \\g<n> and \\g<name>."""
    r = _Reader(template, 0)
    text = r.text
    pieces = []
    run = []

    def add_group(number, where):
        if number > pattern.groups:
            r.fail("invalid group reference %d" % number, where)
        if run:
            pieces.append("".join(run))
            del run[:]
        pieces.append(number)

    while r.at < r.size:
        start = r.at
        if text[start] != "\\":
            stop = r.source.find("\\", start)
            if stop < 0:
                stop = r.size
            run.append(r.cut(start, stop))
            r._skip(stop - start)
            continue
        letter = text[start + 1]
        r._skip(2)
        if letter == "g":
            if not r.take_if("<"):
                r.fail("missing <", r.at)
            name_at = r.at
            name = r.take_name(">", "group name")
            if name.isidentifier():
                if not r.is_str and not name.isascii():
                    _warn("bad character in group name %a at position %d" % (name, name_at),
                          DeprecationWarning)
                if name not in pattern.groupindex:
                    raise IndexError("unknown group name %r" % name)
                add_group(pattern.groupindex[name], name_at)
                continue
            try:
                number = int(name)
            except ValueError:
                number = -1
            if number < 0:
                r.fail("bad character in group name %r" % name, name_at)
            if not (name.isdecimal() and name.isascii()):
                _warn("bad character in group name %s at position %d" % (repr(name), name_at),
                      DeprecationWarning)
            if number >= MAXGROUPS:
                r.fail("invalid group reference %d" % number, name_at)
            add_group(number, name_at)
        elif letter == "0":
            run.append(chr(int(r.take_run(_OCT, 2) or "0", 8)))
        elif letter in _DEC:
            digits = letter
            if r.peek() is not None and r.peek() in _DEC:
                digits += r.take()
                if digits[0] in _OCT and digits[1] in _OCT and r.peek() is not None \
                        and r.peek() in _OCT:
                    digits += r.take()
                    run.append(chr(r.octal(start, digits)))
                    continue
            add_group(int(digits), start + 1)
        elif letter in _CONTROL:
            run.append(chr(_CONTROL[letter]))
        elif letter in _LETTERS:
            r.bad_escape(start, letter)
        else:
            run.append("\\" + letter)
    if run:
        pieces.append("".join(run))
    if not r.is_str:
        pieces = [p.encode("latin1") if isinstance(p, str) else p for p in pieces]
    return pieces


def expand(pieces, match):
    """The replacement text for `match` from read_template's pieces (a group that did not
    take part gives an empty string)."""
    empty = match.string[:0]
    out = []
    for p in pieces:
        if isinstance(p, int):
            out.append(match.group(p) or empty)
        else:
            out.append(p)
    return empty.join(out)
