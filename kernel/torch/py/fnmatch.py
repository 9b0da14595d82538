"""Shell-style name patterns: fnmatch('data.csv', '*.csv') is True. In a pattern, *
stands for any run of characters, ? for one character, [abc] / [a-z] for one of a set and
[!abc] for one outside it; everything else stands for itself. Nothing can be quoted (put a
special character in brackets: '[*]'). On POSIX names are compared exactly (fnmatch and
fnmatchcase agree). translate() gives the regular expression CPython 3.11 builds, and the
matching agrees with it.

Matching does not need `re`: a pattern is cut once into pieces (the regular-expression
text of each element, which translate() joins); the common shapes (a plain name, '*.ext',
'prefix*', 'a*b') are tested with string methods, the others by a small matcher that
walks the fixed-width runs between the stars the way the regular expression does (each
run between two stars at its leftmost fit, the last one at the end). Patterns are
cached."""

import os

__all__ = ["filter", "fnmatch", "fnmatchcase", "translate"]

# characters re.escape() puts a backslash before
_RE_SPECIAL = frozenset('()[]{}?*+-|^$\\.&~# \t\n\r\v\f')


def _fspath(p):
    if isinstance(p, (str, bytes)):
        return p
    hook = getattr(type(p), '__fspath__', None)
    if hook is not None:
        value = hook(p)
        if isinstance(value, (str, bytes)):
            return value
        raise TypeError("expected %s.__fspath__() to return str or bytes, not %s"
                        % (type(p).__name__, type(value).__name__))
    raise TypeError("expected str, bytes or os.PathLike object, not %s" % type(p).__name__)


# ---- the pattern as regular-expression pieces ----------------------------------------------
# _pieces(pat) gives a list whose items are the regular-expression text of one pattern
# element, or None for a star (a run of stars is one None).

def _literal(c):
    return '\\' + c if c in _RE_SPECIAL else c


def _range_parts(body, skip):
    """The text of a bracket body containing '-', cut at its range hyphens: a hyphen after
    the first member (skip is 1 after a leading '!') is a range operator, and the
    character right after one cannot start the next range. A trailing hyphen stays
    literal with the part before it."""
    parts = []
    start = 0
    hunt = skip + 1
    while True:
        h = body.find('-', hunt)
        if h < 0:
            break
        parts.append(body[start:h])
        start = h + 1
        hunt = h + 3
    if start < len(body):
        parts.append(body[start:])
    else:
        parts[-1] += '-'
    # a reversed range (z-a) is empty: fold it away, joining what stood around it
    k = len(parts) - 1
    while k > 0:
        left, right = parts[k - 1], parts[k]
        if left[-1] > right[0]:
            parts[k - 1] = left[:-1] + right[1:]
            del parts[k]
        k -= 1
    return parts


def _class_text(body):
    """The regular-expression text for a bracket expression's body ('' when the class can
    match nothing)."""
    if '-' in body:
        skip = 1 if body[0] == '!' else 0
        parts = _range_parts(body, skip)
        text = '-'.join([p.replace('\\', '\\\\').replace('-', '\\-') for p in parts])
    else:
        text = body.replace('\\', '\\\\')
    # &, ~ and | could start set operations in a future re: escape them
    if '&' in text or '~' in text or '|' in text:
        text = ''.join(['\\' + c if c in '&~|' else c for c in text])
    return text


def _pieces(pat):
    out = []
    n = len(pat)
    i = 0
    while i < n:
        c = pat[i]
        i += 1
        if c == '*':
            if not out or out[-1] is not None:
                out.append(None)
            continue
        if c == '?':
            out.append('.')
            continue
        if c != '[':
            out.append(_literal(c))
            continue
        # a bracket expression: ']' right after '[' or '[!' is a member, not the end
        close = i
        if close < n and pat[close] == '!':
            close += 1
        if close < n and pat[close] == ']':
            close += 1
        close = pat.find(']', close)
        if close < 0:
            out.append('\\[')
            continue
        text = _class_text(pat[i:close])
        i = close + 1
        if not text:
            out.append('(?!)')           # nothing matches
        elif text == '!':
            out.append('.')              # [!] after folding: anything matches
        elif text[0] == '!':
            out.append('[^' + text[1:] + ']')
        elif text[0] in '^[':
            out.append('[\\' + text + ']')
        else:
            out.append('[' + text + ']')
    return out


def _star_groups(pieces):
    """The pieces between stars: [before first star, after it, ...]."""
    groups = [[]]
    for p in pieces:
        if p is None:
            groups.append([])
        else:
            groups[-1].append(p)
    return groups


def translate(pat):
    """The regular expression (a str) that matches what the shell pattern pat matches."""
    if isinstance(pat, (bytes, bytearray)) and pat:
        # CPython escapes the items, which are ints here, and fails the same way
        raise TypeError("decoding to str: need a bytes-like object, int found")
    groups = _star_groups(_pieces(pat))
    out = ''.join(groups[0])
    last = len(groups) - 1
    for g in range(1, last + 1):
        fixed = ''.join(groups[g])
        if g == last:
            out += '.*' + fixed
        else:
            # an atomic group: the first place the fixed part fits is taken, no backtracking
            out += '(?>.*?' + fixed + ')'
    return '(?s:' + out + ')\\Z'


# ---- matchers -----------------------------------------------------------------------------

_cache = {}
_CACHE_LIMIT = 32768


def _plain(group):
    """The literal text of a group of pieces, or None when one of them is not literal."""
    chars = []
    for p in group:
        if len(p) == 1 and p not in _RE_SPECIAL:
            chars.append(p)
        elif len(p) == 2 and p[0] == '\\' and p[1] in _RE_SPECIAL:
            chars.append(p[1])
        else:
            return None
    return ''.join(chars)


def _class_members(inner):
    """(negated, single members, ranges) of a class body as _pieces writes it: a leading
    '^' negates, a backslash makes the next character plain, and an unescaped '-' between
    two members makes a range (a member that ended a range cannot start another)."""
    negated = inner[:1] == '^'
    i = 1 if negated else 0
    n = len(inner)
    singles = []
    ranges = []
    while i < n:
        lo = inner[i]
        i += 1
        if lo == '\\':
            lo = inner[i]
            i += 1
        if i + 1 < n and inner[i] == '-':
            hi = inner[i + 1]
            i += 2
            if hi == '\\':
                hi = inner[i]
                i += 1
            ranges.append((lo, hi))
        else:
            singles.append(lo)
    return negated, ''.join(singles), tuple(ranges)


def _run(group):
    """(steps, width) for a run of pieces between stars. A step is a str (literal text) or
    a tuple: ('any',), ('never',) or ('set', negated, singles, ranges)."""
    steps = []
    width = 0
    for p in group:
        if p == '.':
            step = ('any',)
        elif p == '(?!)':
            step = ('never',)
        elif p[0] == '[':
            step = ('set',) + _class_members(p[1:-1])
        else:
            c = p[-1]                    # a character, possibly after a backslash
            if steps and type(steps[-1]) is str:
                steps[-1] += c
            else:
                steps.append(c)
            width += 1
            continue
        steps.append(step)
        width += 1
    return steps, width


def _run_fits(steps, name, i):
    """Whether a run matches name starting at i (the caller checked the width)."""
    for step in steps:
        if type(step) is str:
            if not name.startswith(step, i):
                return False
            i += len(step)
            continue
        kind = step[0]
        if kind == 'set':
            c = name[i]
            hit = c in step[2]
            if not hit:
                for lo, hi in step[3]:
                    if lo <= c <= hi:
                        hit = True
                        break
            if hit == step[1]:
                return False
        elif kind == 'never':
            return False
        i += 1
    return True


def _general(groups):
    """The matching function for any pattern (see the module's docstring)."""
    runs = [_run(g) for g in groups]
    head, head_width = runs[0]
    if len(runs) == 1:
        return lambda name: len(name) == head_width and _run_fits(head, name, 0)
    middles = runs[1:-1]
    tail, tail_width = runs[-1]
    least = head_width + tail_width
    for r in middles:
        least += r[1]

    def test(name):
        n = len(name)
        if n < least or not _run_fits(head, name, 0):
            return False
        i = head_width
        for steps, width in middles:
            lead = steps[0] if type(steps[0]) is str else None
            while True:
                if lead is not None:
                    i = name.find(lead, i)
                    if i < 0:
                        return False
                if i + width > n:
                    return False
                if _run_fits(steps, name, i):
                    break
                i += 1
            i += width
        start = n - tail_width
        return start >= i and _run_fits(tail, name, start)
    return test


def _build(pat):
    """(function name -> bool, suffix) for the str pattern pat; suffix is the text a
    '*<suffix>' pattern asks names to end with (None for other shapes), so filter() can
    test it without a call per name."""
    groups = _star_groups(_pieces(pat))
    texts = [_plain(g) for g in groups]
    if None not in texts:
        if len(texts) == 1:
            whole = texts[0]
            return (lambda name: name == whole), None
        if len(texts) == 2:
            head, tail = texts
            if not head:
                return (lambda name: name.endswith(tail)), tail
            if not tail:
                return (lambda name: name.startswith(head)), None
            least = len(head) + len(tail)
            return (lambda name: (len(name) >= least and name.startswith(head)
                                  and name.endswith(tail))), None
    return _general(groups), None


def _matcher(pat):
    """(is_bytes, test, suffix) for the pattern pat (str or bytes), cached; test is a
    function name -> bool over str names, suffix as _build gives it."""
    key = (type(pat), pat)
    m = _cache.get(key)
    if m is None:
        if isinstance(pat, bytes):
            m = (True,) + _build(pat.decode('latin-1'))
        elif isinstance(pat, str):
            m = (False,) + _build(pat)
        else:
            len(pat)  # CPython fails here with "object of type ... has no len()"
            raise TypeError("first argument must be string or compiled pattern")
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[key] = m
    return m


def _text_of(name, want_bytes):
    """name as the str the matcher reads; TypeError (CPython's message) when its type does
    not go with the pattern's."""
    if want_bytes:
        if isinstance(name, (bytes, bytearray)):
            return bytes(name).decode('latin-1')
        if isinstance(name, str):
            raise TypeError("cannot use a bytes pattern on a string-like object")
    else:
        if isinstance(name, str):
            return name
        if isinstance(name, (bytes, bytearray)):
            raise TypeError("cannot use a string pattern on a bytes-like object")
    raise TypeError("expected string or bytes-like object, got '%s'" % type(name).__name__)


def fnmatchcase(name, pat):
    """Whether name matches the pattern pat, case counting."""
    want_bytes, test, _ = _matcher(pat)
    if type(name) is not str or want_bytes:
        name = _text_of(name, want_bytes)
    return test(name)


def fnmatch(name, pat):
    """Whether name matches the pattern pat (both may be path-like); on POSIX the same as
    fnmatchcase."""
    return fnmatchcase(_fspath(name), _fspath(pat))


def filter(names, pat):
    """The items of the iterable names that match pat, in order."""
    want_bytes, test, suffix = _matcher(_fspath(pat))
    kept = []
    if suffix is not None and not want_bytes:
        for name in names:
            if type(name) is not str:
                name = _text_of(name, False)  # a str subclass passes, others raise
            if name.endswith(suffix):
                kept.append(name)
        return kept
    for name in names:
        text = name if type(name) is str and not want_bytes else _text_of(name, want_bytes)
        if test(text):
            kept.append(name)
    return kept
