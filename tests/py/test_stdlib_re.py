"""Differential tests of the re module (kernel/torch/py/re.py over the C engine of
kernel/objects/mod_re.c): each program runs in the kernel and in CPython 3.11 and must print
the same and end with the same exception line. One program per feature, then a seeded
random test: a few hundred generated patterns and subjects whose findall, sub, split,
match/search/fullmatch spans and groups (or compile errors) must agree with CPython's."""
import random
import sys

import pytest

from cpython_diff import assert_same

pytestmark = pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                                reason="the oracle is CPython 3.11")

# Each program prints its results; try/except blocks print errors as "Type: message".
SHOW = """\
import re
def show(f, *a, **k):
    try:
        r = f(*a, **k)
    except Exception as e:
        print(type(e).__name__, e)
        return
    print(repr(r))
def sm(m):
    if m is None:
        print(None)
    else:
        print(m.span(), m.group(), m.groups(), m.lastindex, m.lastgroup)
"""

PROGS = {
    "literals_escapes": r"""
for p, s in [(r'abc', 'xxabcx'), (r'a\.c', 'a.c abc'), (r'\d+', 'ab 123 4'), (r'\D+', '12ab3'),
             (r'\w+', 'héllo wörld_1 !'), (r'\W+', 'a, b;c'), (r'\s+', 'a \t\n b'), (r'\S+', ' x y '),
             (r'\x41\u00e9\n\t\\', 'A\u00e9\n\t\\'), (r'\0', 'a\0b'), (r'\101', 'A'), (r'[\x41-\x43]+', 'ABCD'),
             (r'\U0001F600', '\U0001F600!'), (r'\a\f\v\r', '\a\f\v\r'), ('\\-\\#\\ ', '-# '),
             (r'\d', '\u0663'), (r'\w', '\u4e2d'), (r'\s', '\u3000\x1c'), (r'(?a)\w+', 'héllo'),
             (r'(?a)\s', '\x1c '), (r'\bfoo\b', 'a foo b foobar'), (r'\Bo\B', 'foo'), (r'\Aab', 'ab'),
             (r'ab\Z', 'ab\n'), (r'ab$', 'ab\n'), (r'.', '\n'), (r'(?s).', '\n')]:
    show(re.findall, p, s)
""",
    "classes": r"""
for p, s in [(r'[abc]+', 'xxabcabx'), (r'[^abc]+', 'abxyzc'), (r'[a-z0-9_]+', 'Hello_World 42'),
             (r'[\d\s]+', 'a1 2\tb'), (r'[^\W\d]+', 'ab12cd_e'), (r'[]a]+', ']a]b'), (r'[a-]+', 'a-b'),
             (r'[-a]+', '-a'), (r'[\]]', ']'), (r'[\b]', '\b'), (r'[.*+?]', 'a.b*'), (r'[^]]', ']a'),
             (r'[\u00e0-\u00ff]+', 'abàéÿ'), (r'[\w.-]+@[\w.-]+', 'mail: a.b-c@x-y.org!'), (r'[A-Z][a-z]*', 'Hello World')]:
    show(re.findall, p, s)
""",
    "groups": r"""
m = re.match(r'(\w+) (\w+)(?: (\w+))?', 'hello world')
sm(m); print(m.group(1, 2), m.groups('-'), m[2], m.start(2), m.end(1), m.span(3), m.regs)
m = re.search(r'(?P<first>\w+)\s(?P<last>\w+)', 'Jane Doe!')
print(m.groupdict(), m['last'], m.group('first'), m.lastgroup, m.lastindex, m.re.groupindex)
print(m.expand(r'\2, \1 \g<first> \g<0>!'))
m = re.match(r'((a)b)', 'ab'); sm(m)
m = re.match(r'(a)|(b)', 'b'); sm(m)
m = re.match(r'(?:(a)|b)+', 'ab'); sm(m)
m = re.match(r'(a)*', 'aaa'); sm(m)
m = re.match(r'(a*)+', 'b'); sm(m)
m = re.match(r'(a|b)*?c', 'abc'); sm(m)
show(lambda: re.match('(a)', 'a').group(2))
show(lambda: re.match('(a)', 'a').group('x'))
show(lambda: re.match('(a)', 'a')[-1])
print(re.match('(a)(b)?', 'a').groups(), re.match('(a)(b)?', 'a').groupdict())
print(re.compile(r'(?P<x>a)(?P<y>b)').groupindex, re.compile('(a)(b)').groups)
m = re.match('(?P<n>a)', 'a'); print(m.group(0, 'n', 1))
""",
    "backrefs": r"""
for p, s in [(r'(\w)\1', 'abccdeef'), (r'(?P<q>[\'"]).*?(?P=q)', 'say "hi" and \'yo\''),
             (r'(a)(b)?\2', 'aa ab abb'), (r'(?i)(a)\1', 'aA Aa'), (r'(\d+)-\1', '12-12 3-4'),
             (r'(a)|\1', 'a'), (r'(?:(a)|b)\1', 'aa ba')]:
    show(re.findall, p, s)
""",
    "quantifiers": r"""
for p, s in [(r'a*', 'aaab'), (r'a+?', 'aaa'), (r'a??b', 'ab b'), (r'a{2}', 'aaaaa'), (r'a{2,3}', 'aaaaaaa'),
             (r'a{2,}?', 'aaaa'), (r'a{,2}', 'aaaa'), (r'(ab){2}', 'ababab'), (r'(?:ab)+?', 'ababab'),
             (r'x{', 'x{'), (r'x{}', 'x{}'), (r'x{a}', 'x{a}'), (r'x{1,2', 'x{1,2'), (r'<.*>', '<a><b>'),
             (r'<.*?>', '<a><b>'), (r'a*+a', 'aaa'), (r'(?>a*)a', 'aaa'), (r'(?>a|ab)c', 'abc ac'),
             (r'a++b', 'aab'), (r'(?:a|b)*+c', 'abac'), (r'\d{2,4}?', '123456'), (r'(a|ab)(c|bcd)(d*)', 'abcd'),
             (r'(a*)*', 'b'), (r'(a*)+b', 'aab'), (r'(?:a?)*?b', 'aab'), (r'(a{0,2})*', 'aaaaa')]:
    show(re.findall, p, s)
# the iterations up to a repeat's minimum do not arm its empty-iteration guard (sre)
print([m.span() for m in re.finditer(r'((?(1)a|b)?\b){1,3}?', ' a#a b')], re.findall(r'(?:(?(1)a|)()){2,3}?x', 'ax'))
print([m.span() for m in re.finditer(r'(?:(?(1)a|)()){1,2}+', 'aa')], re.fullmatch(r'(?:(?(1)a|)()){1,3}+', 'aa'))
print([m.span() for m in re.finditer(r'c??((\s1{0,2}\W{2}){1,3}?A[\d ]|(?(1)a|b)?\b){1,3}?', '#1BΣ\tΣaB#a#σbσ1 cB b')])
""",
    "anchors_flags": r"""
t = 'one\ntwo\nthree\n'
print(re.findall(r'^\w+', t), re.findall(r'(?m)^\w+', t), re.findall(r'\w+$', t), re.findall(r'(?m)\w+$', t))
print(re.findall(r'^\w+', t, re.M), re.findall(r'.+', t, re.S), re.findall(r'(?s:.)+', 'a\nb'))
print(re.findall(r'ABC', 'abc Abc', re.I), re.findall(r'(?i)[a-c]+', 'xAbCx'), re.findall(r'(?i:a)b', 'ab Ab aB'))
print(re.findall(r'(?i)straße', 'STRASSE straße STRAßE'), re.findall(r'(?i)σ', 'Σσς'), re.findall('(?i)[^a]', 'aAb'))
print(re.findall(r'''(?x) \d+  # digits
                   \s* [a-z]  # then a letter''', '12 a 3b'))
print(re.findall(r'a b # c', 'ab', re.X), re.findall(r'a\ b[ ]c', 'a b c', re.X))
print(re.findall(r'(?-i:a)b', 'ab Ab aB', re.I), re.findall(r'(?ms)^a.b$', 'x\na\nb\ny'))
print(re.I, repr(re.I | re.M), re.I | re.M, int(re.I | re.M), re.IGNORECASE == 2, re.A, re.NOFLAG)
print(~re.I, re.I | 1024, re.I.value, re.I.name, re.NOFLAG.name, (re.I | re.M).name, re.S & re.S, re.S ^ re.S, 2 | re.I, type(2 | re.I).__name__)
print(f'{re.I}', '%s' % re.M, str(re.X), int(re.A), re.I == 2, hash(re.I) == hash(2), {re.I: 1}[2], re.I in (2,), format(re.I, 'd'))
print(re.compile('a', re.I).flags, re.compile(b'a').flags, re.compile('(?x)a').flags, re.compile('a', re.A).flags)
print(re.compile(r'a+'), re.compile('a', re.I | re.M), re.compile(b'x', re.I), re.compile('a', re.A), re.compile('x'*250))
show(re.compile, 'a', re.L)
show(re.compile, b'a', re.U)
show(re.compile, 'a', re.A | re.U)
print(re.findall('(?a)\\w', 'aé'), re.findall('\\w', 'aé', re.ASCII), re.findall(r'(?u)\w', 'aé'))
print(re.findall(r'(?a:\w+)', 'héllo wörld'), re.findall(r'(?a:\b)\w', 'éa b'), re.findall(r'(?ai:K)', 'kK\u212a'), re.findall(r'(?i)K', 'kK\u212a'))
print(re.findall(r'(?a:[\w])+', 'aé'), re.findall(r'(?a)(?i:ſ)', 'sSſ'), re.findall(r'(?i)(?a:s)', 'sSſ'), re.findall(b'(?i)\xe9', b'\xe9\xc9'))
print(re.findall(r'(?ai)\xe9', '\xe9\xc9'), re.findall(r'(?i)\xe9', '\xe9\xc9'), re.findall(r'(?i)(a)\1', 'aA'), re.findall(r'(?i)(é)\1', 'éÉ'), re.findall(r'(?ai)(é)\1', 'éÉ'))
""",
    "lookaround": r"""
for p, s in [(r'foo(?=bar)', 'foobar foobaz'), (r'foo(?!bar)', 'foobar foobaz'), (r'(?<=\$)\d+', 'cost $42, 17'),
             (r'(?<!\$)\b\d+', 'cost $42, 17'), (r'(?<=ab|cd)x', 'abx cdx efx'), (r'(?=(\w+))', 'abc'),
             (r'(?<=(a))b', 'ab'), (r'\w+(?=,)', 'a, bb, c'), (r'(?!a)\w', 'abc'), (r'(?<=^)a', 'aa'),
             (r'(?=a)*', 'a')]:
    show(re.findall, p, s)
show(re.compile, r'(?<=a+)b')
show(re.compile, r'(?<=a|bc)d')
print(re.compile('(?<=a)b').search('ab', 1), re.compile('^a').search('ba', 1), re.compile('a$').search('ab', 0, 1))
""",
    "conditional": r"""
for p, s in [(r'(<)?\w+(?(1)>)', '<a> b <c'), (r'(?P<q>")?\w+(?(q)"|!)', '"x" y! z'), (r'(a)?(?(1)b|c)', 'ab c b')]:
    show(re.findall, p, s)
""",
    "sub_split": r"""
print(re.sub(r'\s+', ' ', '  a \t b\n\nc  '), re.subn(r'a', 'b', 'aaa', count=2), re.sub('x*', '-', 'abxd'))
print(re.sub(r'(\w+)@(\w+)', r'\2 at \1', 'joe@home ann@work'), re.sub(r'(?P<w>\w+)', r'<\g<w>>', 'a b'))
print(re.sub(r'(a)', r'\g<1>0\g<0>', 'a'), re.sub('a', r'\n\t\\', 'a'), re.sub('(a)(b)?', r'[\2]', 'a ab'))
print(re.sub(r'\d+', lambda m: str(int(m.group()) * 2), 'a1 b22 c333'), re.sub('a', lambda m: None, 'bab'))
print(re.sub('', '-', 'abc'), re.sub(r'\b', '|', 'ab cd'), re.sub('$', 'X', 'a\n'), re.subn('(?m)^', '> ', 'a\nb'))
print(re.split(r'\W+', 'Words, words, words.'), re.split(r'(\W+)', 'Words, words, words.'))
print(re.split(r'\W+', 'Words, words, words.', 1), re.split('[a-f]+', '0a3B9', flags=re.I), re.split(r'x*', 'axbc'))
print(re.split(r'(?:(a)|b)', 'xaybz'), re.split('', 'abc'), re.split(r'\b', 'a b'), re.split('(?m)^$', 'a\n\nb'))
print(re.split(',', ''), re.split('(,)', 'a,b', maxsplit=1), re.split(r'\s*', ' a b '))
show(re.sub, 'a', r'\3', 'a')
show(re.sub, '(?P<x>a)', r'\g<y>', 'a')
show(re.sub, 'a', r'\g<1', 'a')
show(re.sub, 'a', r'\q', 'a')
show(re.sub, 'a', lambda m: 5, 'a')
print(re.sub('a', '\\\\', 'xax'), re.sub(b'a+', b'-', b'baab'), re.sub(b'(a)', br'\1\1', b'ab'))
p = re.compile(r'\d')
print(p.sub('#', 'a1b2c3', 2), p.subn('#', 'a1b2'), p.split('a1b2c'), p.split('a1b2c', maxsplit=1))
""",
    "finditer_pos": r"""
p = re.compile(r'\w+')
print([m.span() for m in p.finditer('ab cd ef')], [m.group() for m in re.finditer(r'\d*', 'a12b')])
print([(m.pos, m.endpos, m.span()) for m in p.finditer('ab cd ef', 2, 7)])
print(p.findall('ab cd ef', 1), p.findall('ab cd ef', 1, 4), p.search('ab cd', 2), p.match('ab cd', 1, 2))
print(p.fullmatch('abc'), p.fullmatch('ab c'), p.fullmatch('ab c', 0, 2), re.fullmatch('a|ab', 'ab'))
m = p.search('xx yy', 1); print(m.pos, m.endpos, m.string, m.re is p, m)
print(p.match('ab', -5, 100).span(), p.search('abc', 10), p.match('ab', 0, -1))
print(re.match('a', 'a').__class__.__name__, type(p).__name__, re.Pattern is type(p), isinstance(m, re.Match))
it = re.finditer('a', 'aa'); print(next(it).span(), next(it).span(), list(it))
p = re.compile('a')
for args in [(0, None), (None,), ('1',), (1.0,), (2**70,), (-2**70,), (True, 5)]:
    try:
        print(p.search('aaa', *args))
    except Exception as e:
        print(type(e).__name__, e)
    try:
        print(p.findall('aaa', *args))
    except Exception as e:
        print(type(e).__name__, e)
print(re.findall('', 'ab'), re.findall('a|', 'ab'), re.findall(r'\b|a', 'a'))
""",
    "match_repr": r"""
print(re.match('abc', 'abcd'), re.search(r'\d+', 'ab 123'), re.match('', 'x'), re.search('x', 'a' * 60 + 'x'))
print(re.match('.*', 'a' * 80), re.match('é+', 'ééé'), re.match(b'ab', b'abc'), re.match("'", "'"))
print(repr(re.compile(r"it's")), repr(re.compile('\n')), repr(re.compile(b'\\d')))
m = re.match('(a)', 'a')
print([x for x in dir(m) if not x.startswith('_')], type(m), type(re.compile('a')), re.Pattern, re.Match)
""",
    "errors": r"""
for p in ['(', ')', 'a)', '[a', '*', 'a**', 'a{2,1}', '(?P<1a>x)', '(?P<a>x)(?P<a>y)', '(?P=b)', r'\1', '(a)\\2',
          r'\q', 'a\\', '[z-a]', '(?<x)', '(?Px)', '(?z)', '(?i', '(?#abc', '(?-i)', 'a(?i)b', r'\x1', r'\u12',
          '(?(2)a|b)', '(?(a)x)', '+a', '^*', '(?i-i:a)', r'[\A]', '(?<=a*)b', 'x{99999999999}', '(?P<a>a(?P=a))',
          '(?:a|b)|*', 'a|b)', '[a-\\d]', '\\8', '(?', '(?P', '(?<', '(?a-i:x)', '(?L)a', 'a\n(']:
    try:
        re.compile(p)
        print('ok', repr(p))
    except re.error as e:
        print('error', repr(p), '|', e, '|', e.msg, e.pos, e.lineno, e.colno)
    except Exception as e:
        print(type(e).__name__, e)
show(re.search, 'a', 5)
show(re.search, 'a', b'a')
show(re.search, b'a', 'a')
show(re.compile, 5)
show(re.compile, re.compile('a'), re.I)
print(re.compile(re.compile('a')) is not None, issubclass(re.error, Exception), re.error.__name__)
""",
    "escape_purge_cache": r"""
print(re.escape('a.b*c?d+e(f)[g]{h}|^$\\ -#&~\t\n'), re.escape('héllo wörld_1'), re.escape(b'a.b c'))
print(re.compile('abc') is re.compile('abc'), re.compile('abc', re.I) is re.compile('abc'))
re.purge(); print(re.findall(re.escape('1+1=2'), 'is 1+1=2?'))
import copy
p = re.compile('a(b)'); print(copy.copy(p) is p, copy.deepcopy(p) is p, p == re.compile('a(b)'), p != re.compile('a(c)'))
print(hash(p) == hash(re.compile('a(b)')), p.pattern, p.groups)
""",
    "bytes": r"""
print(re.findall(rb'\w+', b'ab c\xe9d 12'), re.findall(rb'(?i)AB', b'ab aB'), re.split(rb'\s', b'a b'))
m = re.match(rb'(\d+)-(?P<x>\d+)', b'12-34!'); print(m, m.groups(), m.groupdict(), m[1])
print(re.sub(rb'\d', b'#', b'a1b2'), re.escape(b'\x00.'), re.findall(b'[\x80-\xff]', b'a\x80\xffb'))
print(re.compile(rb'\s').findall(b'\x1c \t'), re.fullmatch(b'.', b'\n'))
""",
    "unicode_text": r"""
t = 'Zürich, Köln und Genève — 東京 (2024); naïve café'
print(re.findall(r'\w+', t), re.sub(r'[^\w\s]', '', t), re.split(r'\s*[,;—]\s*', t))
print([m.span() for m in re.finditer(r'\w+', t)], re.search('東京', t).span(), re.findall(r'(?i)KÖLN|GENÈVE', t))
print(re.findall(r'\b\w', 'ab ñu'), re.sub('é', 'e', 'ééé'), re.findall('.', 'a\U0001F600b'))
s = 'x' * 100 + 'é' + 'y' * 10
p = re.compile('y+')
print(p.search(s).span(), p.search(s, 105).span(), [m.span() for m in p.finditer(s, 100)])
""",
    "scanner_and_misc": r"""
scanner = re.Scanner([(r'[0-9]+', lambda s, tok: int(tok)), (r'[a-z]+', lambda s, tok: tok.upper()), (r'\s+', None)])
print(scanner.scan('12 abc 7 x!'))
words = re.compile(r'(?P<word>[A-Za-z]+)|(?P<num>\d+)|(?P<op>[-+*/])')
for m in words.finditer('x + 12 * y'):
    print(m.lastgroup, m.group(m.lastgroup))
log = '2024-01-05 12:00:01 ERROR disk full\n2024-01-05 12:00:02 INFO ok\n'
for m in re.finditer(r'^(\d{4})-(\d\d)-(\d\d) (\S+) (?P<lvl>[A-Z]+) (.*)$', log, re.M):
    print(m.groups(), m['lvl'])
print(re.findall(r'(\w+)\.(csv|json)$', 'data_01.csv'), re.match(r'([^/]+)/([^/]+)\.(\w+)$', 'dir/file.tar.gz').groups())
print(re.sub(r'(?<=\d)(?=(\d{3})+$)', ',', '1234567'), re.sub(r'\s+', ' ', 'a  b\n c').strip())
print(re.compile(r'a').search('bab') and 'found', bool(re.match('x', 'y')))
""",
    "edge_cases": r"""
for p in ['(?i)s', '(?i)k', '(?i)[a-z]+', '(?i)[k]', '(?i)µ', '(?i)ß', '(?i)i', '(?i)[^k]', '(?i)Σ', '(?i)[σ]', '(?i)ǅ', '(?i)[Ǆ-ǆ]']:
    show(re.findall, p, 'sſSkKKµΜμßẞiIİıσςΣǄǅǆ')
print(re.findall(r'\d+', '12٣٤ ９'), re.findall(r'\w+', 'añ 中文 ǅ_x ²'), re.findall(r'\s', '\x85\xa0\u2028'))
show(re.match, 'a{1000}', 'a' * 1000)
show(lambda: re.match('(a)' * 150, 'a' * 150).group(150))
show(re.compile, '[[a]')
show(re.findall, '[a--b]', 'a-b')
show(re.sub, 'a', 'b', 'aaa', -1)
show(re.split, 'a', 'bab', -1)
show(re.sub, '(a)', r'\g<0>\g<01>', 'a')
show(re.sub, '(a)', r'\g<-1>', 'a')
show(re.sub, '(a)', r'\g< 1>', 'a')
show(re.sub, 'a', '\\', 'a')
show(re.sub, 'a', r'\0\01\101', 'a')
show(re.compile(r'(?P<a>x)').sub, r'\g<a>\g<a>', 'x')
show(re.compile('a').sub, 'b', 'aaa', count=1)
show(re.compile('a').match, 'a', pos=-1)
show(re.compile('a').search, 'ba', 1.5)
show(re.compile, 'a', 'x')
show(re.findall, '(?x)[ a]', 'a b')
show(re.findall, '(?x)a  # c\n b', 'ab')
show(re.compile('a').findall, 'aaa', endpos=2)
m = re.match('(a)(?P<b>b)?', 'a')
show(m.group, 'b'); show(m.start, 'b'); show(m.span, 2); show(m.group, 3); show(m.group, True); show(m.groups, 0)
show(re.match('a', 'a').group, 0, 0)
show(lambda: re.match('x', 'x').expand(r'\g<0>!'))
show(re.search(b'a', b'ba').span)
show(re.compile(b'(a)').sub, lambda m: m.group(1) * 2, b'aba')
show(re.compile('(a)').sub, lambda m: b'x', 'aba')
show(re.fullmatch, r'\s*', '  ')
show(re.findall, '^', 'a\nb', re.M)
show(re.findall, '$', 'a\nb\n', re.M)
show(re.findall, r'\Z|$', 'a\n')
print(re.compile('a').__class__, re.Match, type(re.match('a','a')))
print(re.compile(r'\n').pattern, re.compile(b'\\d').pattern, re.compile('(?i)a').flags, re.compile('a', re.X).flags)
print(re.sub(r'\\', '/', r'a\b'), re.escape(''))
""",
    "notebook_usage": r"""
import fnmatch, json
print(fnmatch.translate('*.[pt]y?'), bool(re.match(fnmatch.translate('*.py'), 'a.py')), bool(re.match(fnmatch.translate('*.[pt]y?'), 'a.tyx')))
text = "The quick brown fox, jumps over the lazy dog! 123 times."
tokens = re.findall(r"\w+|[^\w\s]", text.lower())
print(tokens)
print(re.sub(r"[^a-z0-9\s]", "", text.lower()).split())
files = ['img_001_cat.png', 'img_002_dog.jpg', 'notes.txt', 'IMG_010_bird.PNG']
pat = re.compile(r'img_(\d+)_(\w+)\.(png|jpg)$', re.I)
for f in files:
    m = pat.match(f)
    if m: print(int(m.group(1)), m.group(2), m.group(3).lower())
log = '''[2024-03-01 10:00:01] INFO  loss=0.523 acc=0.81
[2024-03-01 10:00:02] WARN  lr reduced
[2024-03-01 10:00:03] INFO  loss=0.431 acc=0.85'''
for m in re.finditer(r'loss=(?P<loss>[\d.]+)\s+acc=(?P<acc>[\d.]+)', log):
    print({k: float(v) for k, v in m.groupdict().items()})
print(re.split(r'\s*[;,]\s*', 'a , b;c ;d'), re.sub(r'(?<=\d)(?=(\d{3})+\b)', ',', 'total 1234567 and 89'))
print(json.dumps(re.findall(r'"(\w+)":', '{"a": 1, "bb": 2}')))
""",
    "sub_types_and_arguments": r"""
for f in [lambda: re.sub(b'a', 'x', b'a'), lambda: re.sub('a', b'x', 'a'), lambda: re.sub('a', 5, 'a'), lambda: re.sub(b'a', b'\\1', b'a'),
          lambda: re.sub('a', 'x', b'a'), lambda: re.sub(b'(a)', lambda m: 'x', b'a'), lambda: re.subn('a', 'b', 'aa', count=1.5),
          lambda: re.split('a', 'bab', maxsplit='1'), lambda: re.compile('a').sub('x', 'a', -1), lambda: re.escape(5), lambda: re.purge(),
          lambda: re.compile('(a)').match('a').expand(5), lambda: re.compile(b'(a)').match(b'a').expand(b'\\1\\1'), lambda: re.template('a')]:
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
for f in [lambda: re.sub(b'a', 'x\\g<0>', b'ba'), lambda: re.sub(b'(a)', 'y', b'bab'), lambda: re.sub('(a)', b'\\1', 'ba'), lambda: re.sub(b'a', b'\\\xe9\\q', b'a'),
          lambda: re.compile(b'\xe9\\q'), lambda: re.compile('é\\q'), lambda: re.sub('a', '', 'bab'), lambda: re.sub(b'a', '', b'bab')]:
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
""",
    "parser_errors_warnings": r"""
import warnings
def comp(p, *a):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            r = re.compile(p, *a)
            out = 'ok %s %s %s' % (r.flags, r.groups, sorted(r.groupindex.items()))
        except re.error as e:
            out = 'error %r | %s | %s %s %s' % (e.msg, e, e.pos, e.lineno, e.colno)
        except Exception as e:
            out = '%s %s' % (type(e).__name__, e)
    print(repr(p), out, [(x.category.__name__, str(x.message)) for x in w])
for p in ['(?i-', '(?i-:', '(?i-x', '(?a-u:x)', '(?t:a)', '(?-t:a)', '(?i2)', '(?i-i)', '(?au)', b'(?aL)', b'(?u)',
          '(?i\\q)', '(?P\\q', '(?x)a b', ' (?x)a b', '(?i)(?x) a b', 'a|(?i)b', '((?i)a)', '*\\', 'a{1,\\', '(?x)#c\\',
          '[a-\\', '(?P<a\\', '(?<=(a)\\1)', '(a)(?<=\\1)', '(?<=(?(1)a))(b)', '(a(?(1)b))', '(?(+1)b)(c)', '(?(1_)b)',
          '(?(0)a)', '(?(1)a|b|c)', b'(?P<\xe9>a)', b'(?(\xe9)a)', b'[\xe9-a]', b'\\\xe9', b'\\u1234', '\\U00110000',
          '[\\777]', '\\18', '(a)\\10', '[[a]', '[a--b]', '[a&&b]', '[a~~b]', '[|||]', '[x-y||]', '[^[]', '[&&]',
          'a{4294967295}', 'a{,}', 'a{1 }', '(?<=a{1,2})', '(?<=(?:ab|cd))', '(ab?)(?<=\\1)', 'a)(?<=a*)', '(?(2)a)(?<=a*)',
          'a\nb\n(?P<1>)', b'a\n(', '(?#a\\', '(?P<a>x)(?P>a)', 'ab|ac', 'ab|a', '[a]|b|[cd]']:
    comp(p)
for p, f in [('a', re.L), (b'a', re.L | re.A), ('(?a)a', re.U), ('a)', re.L), ('(?<=a*)', re.L)]:
    comp(p, f)
for tpl in ['\\g<', '\\g', '\\g<>', '\\g<-1>', '\\g<+1>', '\\g< 1>', '\\g<1_0>', '\\g<a\\>', '\\0000', '\\477',
            '\\q\\', '\\g<1>\\', 'a\\q b\\', '\\777\\', '\\g<1>x\\g<a>y\\1']:
    for pat, s in [('(?P<a>b)', 'abc'), (b'(?P<a>b)', b'abc')]:
        t = tpl if isinstance(pat, str) else tpl.encode()
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            show(re.sub, pat, t, s)
            show(re.match(pat, s[1:]).expand, t)
        print([str(x.message) for x in w])
import io, contextlib
for p in [r'(?P<n>a|b)*?[^a-c\d]x{2,3}(?(1)y|z)(?<=q)(?i:k)\1.$', r'ab|cd(?>x|yz)a++[^b]\b(?!z)(?(1)y)()(?s:.)',
          r'(ab|a)\Z\A(a{1,2}?)', b'[ab]|c^']:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        re.compile(p, re.DEBUG)
    print(buf.getvalue().split('\n\n')[0].rstrip('\n'))  # the tree (sre then lists its code)
""",
}


@pytest.mark.parametrize("name", sorted(PROGS))
def test_re_feature(name):
    assert_same(SHOW + PROGS[name])


def test_re_interrupt_and_catastrophic_pattern_is_bounded_by_stack_not_c_recursion():
    # Deep repetition of groups runs on the explicit stack: a 200000-character subject
    # with a nested quantifier must neither crash nor hit a recursion limit.
    assert_same(SHOW + r"""
s = 'a' * 200000
print(len(re.match(r'(?:a|b)*', s).group()), len(re.findall(r'(a)+', s)), re.match(r'(a|aa)*c', 'a' * 20 + 'b'))
print(len(re.sub(r'((a)(a))', r'\3', s)), len(re.split('a', s)))
""")


# ---- random patterns ---------------------------------------------------------------------

def _atom(rng, depth, ngroups):
    r = rng.random()
    if depth < 3 and r < 0.14:
        body = _alt(rng, depth + 1, ngroups)
        kind = rng.random()
        if kind < 0.55:
            ngroups[0] += 1
            return "(" + body + ")"
        if kind < 0.75:
            return "(?:" + body + ")"
        if kind < 0.82:
            return "(?=" + body + ")"
        if kind < 0.88:
            return "(?!" + body + ")"
        if kind < 0.91:
            return "(?>" + body + ")"
        if kind < 0.95:
            ngroups[0] += 1
            return "(?P<g%d>%s)" % (ngroups[0], body)
        return "(?i:" + body + ")"
    if r < 0.50:
        return rng.choice("abcAB1 é")
    if r < 0.57:
        return "."
    if r < 0.72:
        return rng.choice([r"[ab]", r"[^a]", r"[a-c]", r"[^\s]", r"[\d ]", r"[A-Za]", r"[b-]"])
    if r < 0.82:
        return rng.choice([r"\d", r"\w", r"\s", r"\W", r"\D", r"\S"])
    if r < 0.88:
        return rng.choice([r"\b", r"\B", "^", "$", r"\A", r"\Z"])
    if r < 0.93 and ngroups[0]:
        g = rng.randint(1, ngroups[0])
        return rng.choice(["\\%d" % g, "(?(%d)a|b)" % g, "(?(%d)c)" % g])
    if r < 0.96:
        return rng.choice(["(?<=a)", "(?<!b)", "(?<=[ab])", "(?<! )"])
    return rng.choice("abc")


def _piece(rng, depth, ngroups):
    a = _atom(rng, depth, ngroups)
    if a in ("^", "$", r"\A", r"\Z", r"\b", r"\B") or a.startswith("(?<") or a.startswith("(?=") \
            or a.startswith("(?!"):
        return a
    r = rng.random()
    if r < 0.55:
        return a
    q = rng.choice(["*", "+", "?", "{2}", "{1,3}", "{0,2}", "{2,}"])
    r = rng.random()
    if r < 0.25:
        q += "?"
    elif r < 0.32:
        q += "+"
    return a + q


def _seq(rng, depth, ngroups):
    return "".join(_piece(rng, depth, ngroups) for _ in range(rng.randint(1, 4)))


def _alt(rng, depth, ngroups):
    parts = [_seq(rng, depth, ngroups)]
    while rng.random() < 0.25:
        parts.append(_seq(rng, depth, ngroups))
    return "|".join(parts)


def _random_cases(seed, n):
    rng = random.Random(seed)
    cases = []
    for _ in range(n):
        pat = _alt(rng, 0, [0])
        flags = rng.choice([0, 0, 0, 2, 8, 16, 256, 10])
        subjects = ["".join(rng.choice("aabbcAB1 \né") for _ in range(rng.randint(0, 12)))
                    for _ in range(3)]
        cases.append((pat, flags, subjects))
    return cases


RANDOM_PROG = SHOW + r"""
def spans(m):
    if m is None:
        return None
    return (m.span(), m.groups(), m.lastindex)
for pat, flags, subjects in CASES:
    try:
        p = re.compile(pat, flags)
    except Exception as e:
        print(repr(pat), type(e).__name__, e)
        continue
    for s in subjects:
        out = [repr(pat), repr(s)]
        for f in (lambda: p.findall(s), lambda: p.sub('<\\g<0>>', s), lambda: p.split(s),
                  lambda: spans(p.match(s)), lambda: spans(p.search(s)), lambda: spans(p.fullmatch(s)),
                  lambda: [m.span() for m in p.finditer(s)], lambda: p.subn(lambda m: m.group().upper(), s, 2),
                  lambda: spans(p.search(s, 1, len(s) - 1)), lambda: p.findall(s, 2)):
            try:
                out.append(repr(f()))
            except Exception as e:
                out.append(type(e).__name__ + ': ' + str(e))
        print(' '.join(out))
"""


@pytest.mark.parametrize("seed", [1, 2, 55])  # 55: a possessive repeat (each iteration atomic)
def test_re_random_patterns_agree_with_cpython(seed):
    cases = _random_cases(seed, 200)
    assert_same("CASES = %r\n" % (cases,) + RANDOM_PROG, timeout=120)


# ---- interrupting a long match ------------------------------------------------------------

@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    from jupyter_client.manager import start_new_kernel
    km, client = start_new_kernel(kernel_name="tensorkernel", startup_timeout=30)
    yield km, client
    client.stop_channels()
    km.shutdown_kernel(now=True)


def test_catastrophic_pattern_is_interruptible(kc):
    """(a|aa)*c against 'a' * 60 backtracks for ages (CPython too); an interrupt stops it
    with KeyboardInterrupt within a second or two, and the kernel and re keep working."""
    import time
    from conftest import execute, stdout_of
    km, client = kc
    msg_id = client.execute("import re\nre.match(r'(a|aa)*c', 'a' * 60)")
    time.sleep(0.8)
    t0 = time.monotonic()
    km.interrupt_kernel()
    reply = client.get_shell_msg(timeout=10)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = client.get_shell_msg(timeout=10)
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    assert time.monotonic() - t0 < 3.0
    reply, msgs = execute(client, "print(re.findall(r'(a|aa)*c', 'aac ac'))")
    assert stdout_of(msgs) == "['a', 'a']\n"
