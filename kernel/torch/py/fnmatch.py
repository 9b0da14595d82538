"""Filename matching with shell patterns.

fnmatch(FILENAME, PATTERN) matches according to the local convention.
fnmatchcase(FILENAME, PATTERN) always takes case in account.

The functions operate by translating the pattern into a regular
expression.  They cache the compiled regular expressions for speed.

The function translate(PATTERN) returns a regular expression
corresponding to PATTERN.  (It does not compile it.)
"""
# CPython 3.11's semantics without the re module: a pattern is parsed once into a list of
# pieces (a literal run, '?', '*' or a character class) and matched directly. Classes are
# read exactly as translate() spells them for re (the same ranges, the same empty and
# reversed ranges dropped), so fnmatch agrees with re.match(translate(pat), name).
# On POSIX there is no case folding: fnmatch is fnmatchcase.

__all__ = ["filter", "fnmatch", "fnmatchcase", "translate"]

_SPECIAL = '()[]{}?*+-|^$\\.&~# \t\n\r\v\f'


def _check(name, what):
    if isinstance(name, str):
        return name
    if isinstance(name, bytes):
        return name.decode('latin-1')
    f = getattr(type(name), '__fspath__', None)
    if f is not None:
        r = f(name)
        if isinstance(r, str):
            return r
        if isinstance(r, bytes):
            return r.decode('latin-1')
    raise TypeError("expected str, bytes or os.PathLike object, not %s" % type(name).__name__)


def fnmatch(name, pat):
    """Test whether FILENAME matches PATTERN.

    Patterns are Unix shell style:

    *       matches everything
    ?       matches any single character
    [seq]   matches any character in seq
    [!seq]  matches any char not in seq

    An initial period in FILENAME is not special.
    Both FILENAME and PATTERN are first case-normalized
    if the operating system requires it.
    If you don't want this, use fnmatchcase(FILENAME, PATTERN).
    """
    name = _check(name, 'name')
    pat = _check(pat, 'pat')
    return _match(_compile(pat), name)


def filter(names, pat):
    """Construct a list from those elements of the iterable NAMES that match PAT."""
    compiled = _compile(_check(pat, 'pat'))
    head, middles, tail = compiled
    result = []
    if not head and not middles and tail is not None and len(tail) == 1 and tail[0][0] == 'lit':
        # '*.txt', the usual pattern: a suffix test
        t = tail[0][1]
        for name in names:
            s = name if type(name) is str else _check(name, 'name')
            if s.endswith(t):
                result.append(name)
        return result
    for name in names:
        if _match(compiled, name if type(name) is str else _check(name, 'name')):
            result.append(name)
    return result


def fnmatchcase(name, pat):
    """Test whether FILENAME matches PATTERN, including case.

    This is a version of fnmatch() which doesn't case-normalize
    its arguments.
    """
    if not isinstance(name, (str, bytes)) or not isinstance(pat, (str, bytes)):
        raise TypeError("expected string or bytes-like object, got '%s'" %
                        type(name if not isinstance(name, (str, bytes)) else pat).__name__)
    return _match(_compile(_check(pat, 'pat')), _check(name, 'name'))


# ---- the pattern, parsed ------------------------------------------------------------------
# A piece is ('lit', text), ('any',), ('star',) or ('set', negated, chars, ranges) where
# chars is a str of single members and ranges a list of (lo, hi) pairs; ('never',) is the
# empty class, which matches nothing. translate() also returns the regex text per piece.

_cache = {}


def _escape(c):
    if c in _SPECIAL:
        return '\\' + c
    return c


def _class_stuff(pat, i, j):
    """The text between '[' (at i - 1) and ']' (at j) as translate() writes it for re."""
    stuff = pat[i:j]
    if '-' not in stuff:
        stuff = stuff.replace('\\', '\\\\')
    else:
        chunks = []
        k = i + 2 if pat[i] == '!' else i + 1
        while True:
            k = pat.find('-', k, j)
            if k < 0:
                break
            chunks.append(pat[i:k])
            i = k + 1
            k = k + 3
        chunk = pat[i:j]
        if chunk:
            chunks.append(chunk)
        else:
            chunks[-1] += '-'
        # Remove empty ranges -- invalid in RE.
        for k in range(len(chunks) - 1, 0, -1):
            if chunks[k - 1][-1] > chunks[k][0]:
                chunks[k - 1] = chunks[k - 1][:-1] + chunks[k][1:]
                del chunks[k]
        stuff = '-'.join(s.replace('\\', '\\\\').replace('-', '\\-') for s in chunks)
    # Escape set operations (&&, ~~ and ||).
    out = []
    for c in stuff:
        if c in '&~|':
            out.append('\\')
        out.append(c)
    return ''.join(out)


def _class_piece(text):
    """The members of a regex class body 'text' (no brackets) as translate() writes it."""
    negated = False
    i = 0
    n = len(text)
    if text[0] == '^':
        negated = True
        i = 1
    chars = []
    ranges = []
    while i < n:
        c = text[i]
        i += 1
        if c == '\\' and i < n:
            c = text[i]
            i += 1
        if i + 1 < n + 1 and i < n and text[i] == '-' and i + 1 < n:
            hi = text[i + 1]
            i += 2
            if hi == '\\' and i < n:
                hi = text[i]
                i += 1
            ranges.append((c, hi))
        else:
            chars.append(c)
    return ('set', negated, ''.join(chars), ranges)


def _parse(pat):
    """(pieces, regex text of each piece) for a pattern; consecutive '*' are one."""
    pieces = []
    texts = []
    i, n = 0, len(pat)
    while i < n:
        c = pat[i]
        i = i + 1
        if c == '*':
            if not pieces or pieces[-1][0] != 'star':
                pieces.append(('star',))
                texts.append(None)
        elif c == '?':
            pieces.append(('any',))
            texts.append('.')
        elif c == '[':
            j = i
            if j < n and pat[j] == '!':
                j = j + 1
            if j < n and pat[j] == ']':
                j = j + 1
            while j < n and pat[j] != ']':
                j = j + 1
            if j >= n:
                pieces.append(('lit', '['))
                texts.append('\\[')
            else:
                stuff = _class_stuff(pat, i, j)
                i = j + 1
                if not stuff:
                    pieces.append(('never',))
                    texts.append('(?!)')
                elif stuff == '!':
                    pieces.append(('any',))
                    texts.append('.')
                else:
                    if stuff[0] == '!':
                        stuff = '^' + stuff[1:]
                    elif stuff[0] in ('^', '['):
                        stuff = '\\' + stuff
                    pieces.append(_class_piece(stuff))
                    texts.append('[' + stuff + ']')
        else:
            if pieces and pieces[-1][0] == 'lit':
                pieces[-1] = ('lit', pieces[-1][1] + c)
            else:
                pieces.append(('lit', c))
            texts.append(_escape(c))
    return pieces, texts


def _compile(pat):
    """The matcher of a pattern: (head, middles, tail) with the star-free runs of pieces
    before the first star, between stars and after the last one (tail None: no star)."""
    p = _cache.get(pat)
    if p is None:
        pieces = _parse(pat)[0]
        runs = [[]]
        for piece in pieces:
            if piece[0] == 'star':
                runs.append([])
            else:
                runs[-1].append(piece)
        if len(runs) == 1:
            p = (runs[0], [], None)
        else:
            p = (runs[0], runs[1:-1], runs[-1])
        if len(_cache) >= 32768:
            _cache.clear()
        _cache[pat] = p
    return p


def _one(piece, c):
    kind = piece[0]
    if kind == 'any':
        return True
    if kind == 'set':
        hit = c in piece[2]
        if not hit:
            for lo, hi in piece[3]:
                if lo <= c <= hi:
                    hit = True
                    break
        return hit != piece[1]
    return False  # 'never'


def _run_len(run):
    m = 0
    for p in run:
        m += len(p[1]) if p[0] == 'lit' else 1
    return m


def _match_run(run, name, i):
    """Whether a star-free run of pieces matches name at i: the end index, or -1."""
    n = len(name)
    for p in run:
        if p[0] == 'lit':
            t = p[1]
            if not name.startswith(t, i):
                return -1
            i += len(t)
        else:
            if i >= n or not _one(p, name[i]):
                return -1
            i += 1
    return i


def _match(compiled, name):
    head, middles, tail = compiled
    n = len(name)
    i = _match_run(head, name, 0)
    if i < 0:
        return False
    if tail is None:
        return i == n
    # Each run between stars matches at its leftmost place (as translate's atomic groups
    # do); the last run must end the name.
    for run in middles:
        if len(run) == 1 and run[0][0] == 'lit':
            j = name.find(run[0][1], i)
            if j < 0:
                return False
            i = j + len(run[0][1])
            continue
        while True:
            if i > n:
                return False
            e = _match_run(run, name, i)
            if e >= 0:
                i = e
                break
            i += 1
    m = _run_len(tail)
    if n - m < i:
        return False
    return _match_run(tail, name, n - m) == n


def translate(pat):
    """Translate a shell PATTERN to a regular expression.

    There is no way to quote meta-characters.
    """
    pieces, texts = _parse(pat)
    res = []
    i, n = 0, len(texts)
    while i < n and texts[i] is not None:
        res.append(texts[i])
        i += 1
    while i < n:
        i += 1
        if i == n:
            res.append('.*')
            break
        fixed = []
        while i < n and texts[i] is not None:
            fixed.append(texts[i])
            i += 1
        fixed = ''.join(fixed)
        if i == n:
            res.append('.*')
            res.append(fixed)
        else:
            res.append('(?>.*?' + fixed + ')')
    return '(?s:' + ''.join(res) + ')\\Z'
