"""Paragraph wrapping: wrap() and fill() break a paragraph into lines of a given width,
shorten() collapses and truncates it, dedent() and indent() move whole blocks. The output
matches CPython 3.11's textwrap for the same arguments.

How a paragraph is cut: the text is first normalised (tabs expanded, each whitespace
character made a space), then split into chunks -- runs of whitespace, words, and the
pieces of hyphenated words ("well-" "known") and em-dashes ("--") -- and the chunks are
packed greedily into lines. Only the ASCII whitespace characters separate words, so a
no-break space stays inside its word."""

__all__ = ['TextWrapper', 'wrap', 'fill', 'dedent', 'indent', 'shorten']

_SPACES = '\t\n\x0b\x0c\r '
_PUNCT_AFTER_WORD = '!"\'&.,?'


# ---- chunking ---------------------------------------------------------------------------
# The rules (what CPython spells as its wordsep regular expression):
#   * a run of whitespace is one chunk;
#   * two or more dashes directly followed by a word character and directly preceded by a
#     word character or one of !"'&.,? form an em-dash chunk;
#   * otherwise a word runs to the next whitespace, but ends early after a hyphen that has
#     two letters (or letter, hyphen, letter) before it and a letter, optionally a hyphen,
#     and another letter after it, or just before an em-dash.
# "letter" is a word character that is not a decimal digit.

def _wordchar(c):
    return c.isalnum() or c == '_'


def _letter(c):
    return (c.isalnum() or c == '_') and not c.isdecimal()


def _dash_run_end(s, k):
    """Where an em-dash starting at k ends (it needs >= 2 dashes, then a word character),
    or -1 when there is none."""
    n = len(s)
    e = k
    while e < n and s[e] == '-':
        e += 1
    if e - k >= 2 and e < n and _wordchar(s[e]):
        return e
    return -1


def _after_word(c):
    return _wordchar(c) or c in _PUNCT_AFTER_WORD


def _hyphen_breaks(s, h):
    """Whether a word may be cut just after the hyphen at s[h]."""
    n = len(s)
    if h + 2 >= n or not _letter(s[h + 1]):
        return False
    if not (_letter(s[h + 2]) or (s[h + 2] == '-' and h + 3 < n and _letter(s[h + 3]))):
        return False
    if h >= 2 and _letter(s[h - 1]) and _letter(s[h - 2]):
        return True
    return h >= 3 and _letter(s[h - 1]) and s[h - 2] == '-' and _letter(s[h - 3])


def _cut_dashed(word, out):
    """Append the chunks of one word (no whitespace in it, a '-' somewhere) to out. The
    character before a word is whitespace or nothing, which no rule accepts, so the word
    can be cut on its own."""
    i = 0
    n = len(word)
    while i < n:
        if i and word[i] == '-' and _after_word(word[i - 1]):
            e = _dash_run_end(word, i)
            if e >= 0:
                out.append(word[i:e])
                i = e
                continue
        cut = n
        h = word.find('-', i + 1)
        while h >= 0:
            if _hyphen_breaks(word, h):
                cut = h + 1
                break
            if _after_word(word[h - 1]) and _dash_run_end(word, h) >= 0:
                cut = h
                break
            h = word.find('-', h + 1)
        out.append(word[i:cut])
        i = cut


def _chunks(s, at_hyphens):
    """The chunks of s: whitespace runs and words, words cut at hyphens when asked."""
    out = []
    if '\t' in s or '\n' in s or '\r' in s or '\x0b' in s or '\x0c' in s:
        n = len(s)
        i = 0
        while i < n:
            space = s[i] in _SPACES
            j = i + 1
            while j < n and (s[j] in _SPACES) == space:
                j += 1
            piece = s[i:j]
            if space or not at_hyphens or '-' not in piece:
                out.append(piece)
            else:
                _cut_dashed(piece, out)
            i = j
        return out
    # only ' ' separates words (the usual case once whitespace is normalised): str.split
    # finds the words, each empty piece between two words is one more space
    gap = -1
    for piece in s.split(' '):
        gap += 1
        if piece:
            if gap:
                out.append(' ' * gap)
            gap = 0
            if at_hyphens and '-' in piece:
                _cut_dashed(piece, out)
            else:
                out.append(piece)
    if gap > 0:
        out.append(' ' * gap)
    return out


def _ends_sentence(chunk):
    # a lowercase ASCII letter, then . ! or ?, then at most one quote, at the chunk's end
    if chunk[-1:] in ('"', "'"):
        chunk = chunk[:-1]
    return len(chunk) >= 2 and chunk[-1] in '.!?' and 'a' <= chunk[-2] <= 'z'


def _blank(chunk):
    return not chunk.strip()


class TextWrapper:
    """Holds the wrapping options (the keyword arguments of wrap() and fill()) so one
    configuration can wrap many paragraphs. The underscore methods are the steps of the
    algorithm; a subclass may replace one of them."""

    unicode_whitespace_trans = dict.fromkeys(map(ord, _SPACES), ord(' '))

    def __init__(self, width=70, initial_indent="", subsequent_indent="", expand_tabs=True,
                 replace_whitespace=True, fix_sentence_endings=False, break_long_words=True,
                 drop_whitespace=True, break_on_hyphens=True, tabsize=8, *, max_lines=None,
                 placeholder=' [...]'):
        # the shape of the lines
        self.width = width
        self.initial_indent = initial_indent
        self.subsequent_indent = subsequent_indent
        self.max_lines = max_lines
        self.placeholder = placeholder
        # how whitespace is treated
        self.tabsize = tabsize
        self.expand_tabs = expand_tabs
        self.replace_whitespace = replace_whitespace
        self.drop_whitespace = drop_whitespace
        self.fix_sentence_endings = fix_sentence_endings
        # where words may be cut
        self.break_on_hyphens = break_on_hyphens
        self.break_long_words = break_long_words

    # -- the steps --

    def _munge_whitespace(self, text):
        """The text with tabs expanded and whitespace characters turned into spaces, as
        the options ask."""
        expanded = text.expandtabs(self.tabsize) if self.expand_tabs else text
        if not self.replace_whitespace:
            return expanded
        for c in '\t\n\x0b\x0c\r':
            if c in expanded:
                expanded = expanded.replace(c, ' ')
        return expanded

    def _split(self, text):
        """The chunks of text (whitespace runs, words, word pieces), none empty."""
        return _chunks(text, self.break_on_hyphens is True)

    def _fix_sentence_endings(self, chunks):
        """Widen the single space after a sentence's end to two, in place."""
        k = 1
        while k < len(chunks):
            if chunks[k] == ' ' and _ends_sentence(chunks[k - 1]):
                chunks[k] = '  '
                k += 1
            k += 1

    def _handle_long_word(self, reversed_chunks, cur_line, cur_len, width):
        """The next chunk (reversed_chunks[-1]) fits on no line: move what fits of it onto
        cur_line (cutting after a hyphen when one is in reach), or, when long words must
        not be broken, put it whole on an empty line."""
        room = width - cur_len if width >= 1 else 1
        if not self.break_long_words:
            if not cur_line:
                cur_line.append(reversed_chunks.pop())
            return
        word = reversed_chunks[-1]
        cut = room
        if self.break_on_hyphens and len(word) > room:
            h = word.rfind('-', 0, room)
            if h > 0 and word[:h].strip('-'):
                cut = h + 1
        cur_line.append(word[:cut])
        reversed_chunks[-1] = word[cut:]

    def _wrap_chunks(self, chunks):
        """Pack chunks (consumed) into lines of at most self.width characters, indents
        included, and return the lines."""
        if self.width <= 0:
            raise ValueError("invalid width %r (must be > 0)" % self.width)
        limit = self.max_lines
        if limit is not None:
            first_indent = self.subsequent_indent if limit > 1 else self.initial_indent
            if len(first_indent) + len(self.placeholder.lstrip()) > self.width:
                raise ValueError("placeholder too large for max width")
        drop = self.drop_whitespace
        chunks.reverse()
        stack = chunks              # the next chunk is at the end
        lines = []
        while stack:
            prefix = self.subsequent_indent if lines else self.initial_indent
            room = self.width - len(prefix)
            if drop and lines and _blank(stack[-1]):
                stack.pop()
            line = []
            used = 0
            while stack and used + len(stack[-1]) <= room:
                piece = stack.pop()
                line.append(piece)
                used += len(piece)
            if stack and len(stack[-1]) > room:
                self._handle_long_word(stack, line, used, room)
                used = 0
                for piece in line:
                    used += len(piece)
            if drop and line and _blank(line[-1]):
                used -= len(line.pop())
            if not line:
                continue
            if limit is None or len(lines) + 1 < limit or (
                    used <= room and (not stack or (drop and len(stack) == 1
                                                    and _blank(stack[0])))):
                lines.append(prefix + ''.join(line))
                continue
            # the last allowed line, and text remains: end it with the placeholder
            self._close_with_placeholder(lines, line, used, prefix, room)
            break
        return lines

    def _close_with_placeholder(self, lines, line, used, prefix, room):
        mark = self.placeholder
        while line:
            if not _blank(line[-1]) and used + len(mark) <= room:
                lines.append(prefix + ''.join(line) + mark)
                return
            used -= len(line.pop())
        if lines:
            previous = lines[-1].rstrip()
            if len(previous) + len(mark) <= self.width:
                lines[-1] = previous + mark
                return
        lines.append(prefix + mark.lstrip())

    def _split_chunks(self, text):
        return self._split(self._munge_whitespace(text))

    # -- the interface --

    def wrap(self, text):
        """The lines (without newlines) of the paragraph text, wrapped to self.width."""
        pieces = self._split_chunks(text)
        if self.fix_sentence_endings:
            self._fix_sentence_endings(pieces)
        return self._wrap_chunks(pieces)

    def fill(self, text):
        """The paragraph text wrapped to self.width, as one string with newlines."""
        return '\n'.join(self.wrap(text))


def wrap(text, width=70, **kwargs):
    """The lines of the paragraph text wrapped to width (see TextWrapper for options)."""
    return TextWrapper(width=width, **kwargs).wrap(text)


def fill(text, width=70, **kwargs):
    """The paragraph text wrapped to width, joined with newlines."""
    return TextWrapper(width=width, **kwargs).fill(text)


def shorten(text, width, **kwargs):
    """text with its whitespace collapsed, cut to fit width on one line; what is cut off
    is replaced by the placeholder (' [...]' unless given)."""
    one_line = TextWrapper(width=width, max_lines=1, **kwargs)
    return one_line.fill(' '.join(text.split()))


def _lead(line):
    """The spaces and tabs a line starts with."""
    return line[:len(line) - len(line.lstrip(' \t'))]


def dedent(text):
    """text with the indentation (spaces and tabs) that all its non-blank lines share
    removed; lines of only spaces and tabs become empty. A tab and a space are different
    characters here."""
    if not isinstance(text, str):
        if isinstance(text, (bytes, bytearray)):
            raise TypeError("cannot use a string pattern on a bytes-like object")
        raise TypeError("expected string or bytes-like object, got '%s'" % type(text).__name__)
    lines = text.split('\n')
    common = None
    for k, line in enumerate(lines):
        rest = line.lstrip(' \t')
        if not rest:
            if line:
                lines[k] = ''
            continue
        lead = line[:len(line) - len(rest)]
        if common is None:
            common = lead
        elif not lead.startswith(common):
            n = 0
            top = min(len(common), len(lead))
            while n < top and common[n] == lead[n]:
                n += 1
            common = common[:n]
    if common:
        cut = len(common)
        lines = [line[cut:] if line.startswith(common) else line for line in lines]
    return '\n'.join(lines)


def indent(text, prefix, predicate=None):
    """text with prefix put before each line for which predicate(line) is true (by
    default: each line with something besides whitespace)."""
    out = []
    for line in text.splitlines(True):
        keep = predicate(line) if predicate is not None else line.strip()
        out.append(prefix + line if keep else line)
    return ''.join(out)
