"""Differential tests of fnmatch, glob and pathlib (and the os functions they stand on):
each program runs in the kernel's interpreter (tk-python) and in CPython 3.11, and the
printed output and the final exception line must be identical. The programs work on a
temporary directory tree this test builds (its path is passed in), glob it with many
patterns, take many path strings through pathlib's pure operations and match generated
name/pattern pairs with fnmatch (whose translate() text must also be CPython's)."""
import os
import random
import sys
import tempfile

import pytest

from cpython_diff import run_both

pytestmark = pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                                reason="the oracle is CPython 3.11")

TREE_FILES = ["a.txt", "b.txt", "c.csv", "abc.txt", "x1.py", "x2.py", "xy.py", ".hidden",
              ".hid.txt", "data/names/English.txt", "data/names/French.txt",
              "data/names/.skip.txt", "data/x.csv", "data/y.CSV", "data/sub/deep/z.txt",
              "data/sub/deep/w.bin", "data/.cache/k.txt", "[ab].txt", "q?.txt", "e-f.txt",
              "empty/.keep", "dots/a.b.c", "dots/.d.e", "dots/f."]
TREE_DIRS = ["emptydir", "data/sub/empty"]


@pytest.fixture(scope="module")
def tree():
    with tempfile.TemporaryDirectory(prefix="tk-paths-") as d:
        for f in TREE_FILES:
            p = os.path.join(d, f)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as fh:
                fh.write("x" * len(f))
        for sub in TREE_DIRS:
            os.makedirs(os.path.join(d, sub), exist_ok=True)
        yield d


def same(src):
    """Run src in both; on a difference, show the first differing output line."""
    k, c = run_both(src)
    if k != c:
        kl, cl = k[0].splitlines(), c[0].splitlines()
        i = 0
        while i < min(len(kl), len(cl)) and kl[i] == cl[i]:
            i += 1
        raise AssertionError("program:\n%s\nfirst difference at output line %d:\nkernel:  %r\n"
                             "cpython: %r\nerrors: %r / %r" % (
                                 src, i, kl[i] if i < len(kl) else None,
                                 cl[i] if i < len(cl) else None, k[1], c[1]))
    return k[0]


GLOB_PATTERNS = ["*", "*.txt", "*.py", "x?.py", "[a-c].txt", "[!a].txt", "[ab]*", "*/",
                 "*/*", "data/*", "data/names/*.txt", "data/*/*", "data/*/", "**", "**/",
                 "**/*.txt", "data/**", "data/**/*.txt", "data/**/", "**/deep/*",
                 "nothing*", "missing/*", "a.txt", "data", "data/", "missing", "missing/",
                 "a.txt/", ".*", ".h*", "*.", "dots/*", "dots/.*", "dots/*.", "[[]ab].txt",
                 "q[?].txt", "e-f.*", "[e-f]-*", "*[!t]", "?", "??????", "data/names/[!E]*",
                 "data/y.csv", "data/*.csv", "**/*.CSV", "*/names/*", "emptydir/*",
                 "data/sub/empty/**", "[", "a[", "*[", "[]", "[!]", "", "**/.*", "data/.*/*"]


def test_glob_patterns_match_cpython(tree):
    src = ("import glob, os\nD = %r\n"
           "def show(x):\n    print(sorted(x) == x, x)\n"
           "for pat in %r:\n"
           "    for rec in (False, True):\n"
           "        for hid in (False, True):\n"
           "            print(repr(pat), rec, hid)\n"
           "            show(glob.glob(pat, root_dir=D, recursive=rec, include_hidden=hid))\n"
           "            show([p[len(D):] for p in glob.glob(os.path.join(D, pat), recursive=rec, "
           "include_hidden=hid)])\n"
           "            show([p[len(D):] for p in glob.iglob(D + '/' + pat, recursive=rec)])\n"
           "print(glob.has_magic('a*'), glob.has_magic('abc'), glob.has_magic('[x'), "
           "glob.escape('a*b?c[d]'), glob.escape('//?/x'))\n"
           "print(glob.glob(glob.escape(D + '/[ab].txt'))[0][len(D):])\n"
           ) % (tree, GLOB_PATTERNS)
    out = same(src)
    assert "'data/names/*.txt' False False\n" in out
    assert "'data/names/English.txt'" in out and "/data/sub/deep/z.txt" in out


GLOB_MORE = """\
import glob, os, sys
D = %r
pats = ['*', '**', '**/', '*/', '**/*.txt', 'data//*', 'data///names/*', './*', './**/*.csv', 'data/**/', './/*', '*/./*', 'data/../*.py', '**/**', '**/**/*.txt', 'data/**/**/', '***', 'a**', '**a', 'data/*/../x.csv', '[.]*', '.*/*', '*/.*', 'sp ace/*', 'ün*', '[!.]*', 'emptydir/', 'emptydir/**', 'a.txt/**', 'missing/**', '*/names', '*/names/', 'd*/n*/E*', '/', '//', '']
def show(label, f):
    try:
        r = f()
        print(label, type(r).__name__ if not isinstance(r, list) else 'list', sorted(r) == r, r if isinstance(r, list) else list(r))
    except Exception as e:
        print(label, type(e).__name__, e)
for pat in pats:
    for rec in (False, True):
        for hid in (False, True):
            show(repr(pat) + str(rec) + str(hid), lambda: glob.glob(pat, root_dir=D, recursive=rec, include_hidden=hid))
    show(repr(pat) + ' abs', lambda: [p[len(D):] for p in glob.glob(D + '/' + pat, recursive=True)])
    show(repr(pat) + ' iglob', lambda: [hasattr(glob.iglob(pat, root_dir=D, recursive=True), '__next__')])
E = D.encode()
show('bytes', lambda: [p[len(E):] for p in glob.glob(E + b'/*.txt')])
show('bytes rec', lambda: [p[len(E):] for p in glob.glob(E + b'/data/**', recursive=True)])
show('bytes rootdir', lambda: glob.glob(b'*.py', root_dir=E))
show('bytes rootdir rec', lambda: glob.glob(b'**/*.csv', root_dir=E, recursive=True))
show('bytes lit', lambda: glob.glob(b'a.txt', root_dir=E))
show('glob0', lambda: glob.glob0(D + '/data', 'x.csv'))
show('glob0 none', lambda: glob.glob0(D + '/data', 'nope'))
show('glob0 empty', lambda: glob.glob0(D + '/data', ''))
show('glob1', lambda: glob.glob1(D + '/data', '*.csv'))
show('glob1 hidden', lambda: glob.glob1(D, '*'))
show('glob1 hidden2', lambda: glob.glob1(D, '.*'))
show('int', lambda: glob.glob(5))
show('kw', lambda: glob.glob('*', True))
show('None root', lambda: glob.glob(D + '/*.py', root_dir=None))
class P:
    def __fspath__(self): return D + '/data'
show('pathlike root', lambda: glob.glob('*', root_dir=P()))
show('pathlike pattern', lambda: glob.glob(P()))
print(glob.has_magic('a*'), glob.has_magic('abc'), glob.has_magic('[x'), glob.has_magic(b'a?'), glob.has_magic(b'ab'))
print(glob.escape('a*b?c[d]'), glob.escape('//?/x'), glob.escape(b'a*b?[c]'), glob.escape(''), glob.escape(']x!'))
print(sorted(glob.__all__))
it = glob.iglob('**', root_dir=D, recursive=True); print(next(it) != '')
"""


def test_glob_more_match_cpython(tmp_path):
    """Doubled and dotted separators, '**' in several places, symlinks (to a file, to a
    directory, dangling), hidden names, bytes patterns, glob0/glob1, has_magic, escape and
    the argument errors give CPython's results in CPython's order."""
    d = str(tmp_path / "g")
    for f in ["a.txt", "b.txt", "abc.txt", "x1.py", ".hidden", ".hid.txt",
              "data/names/English.txt", "data/names/.skip.txt", "data/x.csv",
              "data/sub/deep/z.txt", "data/.cache/k.txt", "[ab].txt", "q?.txt", "e-f.txt",
              "empty/.keep", "dots/a.b.c", "dots/.d.e", "\u00fcn\u00ef.txt", "sp ace/f"]:
        path = os.path.join(d, f)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "w").close()
    os.makedirs(os.path.join(d, "emptydir"))
    os.makedirs(os.path.join(d, "data/sub/empty"))
    os.symlink("a.txt", os.path.join(d, "link"))
    os.symlink("nowhere", os.path.join(d, "broken"))
    os.symlink("data", os.path.join(d, "dlink"))
    out = same(GLOB_MORE % d)
    assert "'**/*.txt'TrueFalse list" in out and "dlink/names/English.txt" in out


def fnmatch_program(g):
    alpha = "ab.c-]![^\\*?"
    names = ["".join(g.choice("abc.-]!^[\\xyz") for _ in range(g.randint(0, 6)))
             for _ in range(40)]
    pats = []
    for _ in range(60):
        pats.append("".join(g.choice(alpha) for _ in range(g.randint(0, 7))))
    pats += ["*", "?", "[a-c]*", "[!a-c]", "*.txt", "[]]", "[!]]", "[a-]", "[-a]", "[z-a]",
             "[b-a-c]", "[a--]", "[!b-a]", "[a-c-e]", "[\\]", "[^a]", "[[]", "[&&a]", "[~~]",
             "[||]", "*a*b*", "**a", "a*", "[!]", "[", "[!", "a[b", "(x)", "#+$"]
    return ("import fnmatch\nnames = %r\npats = %r\n"
            "for p in pats:\n"
            "    print(repr(p), fnmatch.translate(p))\n"
            "    print(''.join('1' if fnmatch.fnmatch(n, p) else '0' for n in names))\n"
            "    print(fnmatch.filter(names, p) == [n for n in names if fnmatch.fnmatchcase(n, p)])\n"
            % (names, pats))


@pytest.mark.parametrize("seed", range(4))
def test_fnmatch_generated(seed):
    same(fnmatch_program(random.Random(seed)))


FNMATCH_MORE = """\
import fnmatch, random
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)
class P:
    def __init__(self, s): self.s = s
    def __fspath__(self): return self.s
class BadP:
    def __fspath__(self): return 5
cases = [('a.py', '*.py'), ('A.PY', '*.py'), ('a\\nb', 'a?b'), ('a\\nb', 'a*'), ('', '*'), ('', ''), ('x', ''), ('[x', '[x'), ('abc', 'a[!b]c'), ('a-c', 'a[a-]c'), ('a]c', 'a[]]c'), ('a!c', 'a[!!]c'), ('abc', 'a[z-a]c'), ('abc', 'a[!z-a]c'), ('a\\\\c', 'a[\\\\]c'), ('a^c', 'a[^]c'), ('a&c', 'a[&]c'), ('ab', 'a**b'), ('aXbXc', '*b*c'), ('data_1.csv', 'data_*.csv'), ('data_1.csv', 'data_*'), ('x', '*x*'), ('xx', 'x*x'), ('x', 'x*x')]
for n, p in cases:
    show('%r %r' % (n, p), lambda: (fnmatch.fnmatch(n, p), fnmatch.fnmatchcase(n, p), fnmatch.translate(p), fnmatch.filter([n, n + 'z', 'z' + n], p)))
show('bytes', lambda: (fnmatch.fnmatch(b'a.py', b'*.py'), fnmatch.fnmatchcase(b'\\xe9x', b'?x'), fnmatch.filter([b'a', b'b'], b'[a]'), fnmatch.fnmatch(bytearray(b'ab'), b'a*') if False else 0))
show('path', lambda: (fnmatch.fnmatch(P('a.txt'), '*.txt'), fnmatch.fnmatch('a.txt', P('*.txt')), fnmatch.filter(['a.txt'], P('*.txt'))))
show('badp', lambda: fnmatch.fnmatch(BadP(), '*'))
show('int name', lambda: fnmatch.fnmatch(1, '*'))
show('int pat', lambda: fnmatch.fnmatch('a', 1))
show('case int name', lambda: fnmatch.fnmatchcase(1, '*'))
show('case int name2', lambda: fnmatch.fnmatchcase(1, '*.x[ab]'))
show('case int pat', lambda: fnmatch.fnmatchcase('a', 1))
show('case list pat', lambda: fnmatch.fnmatchcase('a', ['*']))
show('mix1', lambda: fnmatch.fnmatch(b'a', '*'))
show('mix2', lambda: fnmatch.fnmatch('a', b'*'))
show('mix3', lambda: fnmatch.fnmatchcase(b'a', 'a[bc]'))
show('filter mixed', lambda: fnmatch.filter(['a', 1], '*'))
show('filter pathlike names', lambda: fnmatch.filter([P('a')], '*'))
show('filter gen', lambda: fnmatch.filter((c for c in 'abcab'), '[ab]'))
show('filter none', lambda: fnmatch.filter(None, '*'))
show('translate bytes', lambda: fnmatch.translate(b'*'))
show('translate int', lambda: fnmatch.translate(5))
print(sorted(fnmatch.__all__))
r = random.Random(4)
for t in range(300):
    p = ''.join(r.choice('ab*?[]!-^z.\\\\') for _ in range(r.randint(0, 8)))
    ns = [''.join(r.choice('ab-z!^.[]\\\\') for _ in range(r.randint(0, 5))) for _ in range(12)]
    print(repr(p), fnmatch.translate(p), ''.join('1' if fnmatch.fnmatch(x, p) else '0' for x in ns), fnmatch.filter(ns, p) == [x for x in ns if fnmatch.fnmatchcase(x, p)])
"""


def test_fnmatch_more_match_cpython():
    """Bracket corner cases (']' first, reversed and trailing ranges, '^', backslash,
    set-operation characters), star runs, bytes and path-like arguments, type errors and
    300 generated patterns: translate() text, fnmatch and filter agree with CPython."""
    out = same(FNMATCH_MORE)
    assert "'a.py' '*.py' (True, True, '(?s:.*\\\\.py)\\\\Z'" in out


def test_fnmatch_cases():
    same("import fnmatch\n"
         "print(fnmatch.fnmatch('README.md', '*.MD'), fnmatch.fnmatch('a.txt', '*.txt'))\n"
         "print(fnmatch.filter(['x.py', 'y.txt', 'z.py'], '*.py'))\n"
         "print(fnmatch.fnmatch('a\\nb', 'a?b'), fnmatch.fnmatch('a\\nb', 'a*'))\n"
         "print(fnmatch.translate('*.txt'), fnmatch.translate('a*b*c'), fnmatch.translate('[!x]y'))\n"
         "try:\n    fnmatch.fnmatch(1, '*')\nexcept TypeError as e:\n    print('TypeError', e)\n")


PATH_STRINGS = ["", ".", "/", "//", "///", "a", "a/b", "a/b/", "/a/b", "//x", "//x/y",
                "///x", "a/b.tar.gz", "../x", "./a/./b", "a/../b", ".hidden", "..", "...",
                "a/b.", "x.txt", "data/names/English.txt", "/usr/local/lib", "a//b",
                "~/notes.md", "dir/.cfg.bak", "é/ü.txt", "a b/c d.csv"]


def test_pure_path_operations():
    src = ("from pathlib import PurePath, PurePosixPath, Path, PosixPath\n"
           "S = %r\n"
           "def t(f):\n"
           "    try:\n        return repr(f())\n"
           "    except Exception as e:\n        return '%%s: %%s' %% (type(e).__name__, e)\n"
           "for s in S:\n"
           "    p = PurePath(s)\n"
           "    print(repr(s), repr(p), str(p), p.parts, repr(p.name), repr(p.stem), "
           "repr(p.suffix), p.suffixes)\n"
           "    print(' ', repr(p.parent), [str(q) for q in p.parents], len(p.parents), "
           "p.is_absolute(), p.as_posix(), p.anchor, p.root, p.drive)\n"
           "    print(' ', t(lambda: p.with_name('n.py')), t(lambda: p.with_suffix('.x')), "
           "t(lambda: p.with_suffix('')), t(lambda: p.with_stem('st')))\n"
           "    print(' ', t(lambda: p / 'c'), t(lambda: 'pre' / p), t(lambda: p / '/abs'), "
           "t(lambda: p.joinpath('x', 'y/z')))\n"
           "    print(' ', t(lambda: p.relative_to('a')), t(lambda: p.relative_to('/')), "
           "p.is_relative_to(''), t(lambda: p.relative_to(p)))\n"
           "    print(' ', p.match('*'), p.match('*.txt'), p.match('a/*'), p.match('/a/*'), "
           "t(lambda: p.match('')), p.match('**/b'))\n"
           "    print(' ', p == PurePosixPath(s), hash(p) == hash(PurePosixPath(s)), "
           "p == s, t(lambda: p.parents[-1]), t(lambda: p.parents[0:2]))\n"
           "    print(' ', repr(Path(s)), type(Path(s)).__name__, Path(s) == p, "
           "repr(PosixPath(s, 'k')), PurePath(s, '..', 'z'))\n"
           "ps = sorted(PurePath(s) for s in S)\n"
           "print(ps)\n"
           "print(PurePath('a') < PurePath('b'), PurePath('a/b') <= PurePath('a'), "
           "PurePath('b') > PurePath('a/b'), PurePath('a') >= PurePath('a'))\n"
           "print(t(lambda: PurePath('a') < 'b'), t(lambda: PurePath(3)), t(lambda: PurePath('a') / 3))\n"
           "print(t(lambda: PurePath('a/b').with_name('')), t(lambda: PurePath('a/b').with_name('x/y')), "
           "t(lambda: PurePath('a/b').with_suffix('txt')), t(lambda: PurePath('a/b').with_suffix('.')), "
           "t(lambda: PurePath('a/b').with_suffix('./x')))\n"
           "print(t(lambda: PurePath('/a/b/c').relative_to('/a', 'b')), "
           "t(lambda: PurePath('a/b').relative_to()), PurePath('a/b').is_relative_to('a'))\n"
           "print({PurePath('a/b'): 1, PurePath('a//b/'): 2}, PurePath(PurePath('a'), 'b', PurePath('c')))\n"
           "print(PurePath('/a/b').as_uri(), t(lambda: PurePath('a').as_uri()), "
           "PurePath('/a b/%%').as_uri())\n"
           "print(repr(PurePath('a/b/c').parents), list(PurePath('/a/b').parents))\n"
           "print(t(lambda: PurePath('a').parents[5]))\n"
           ) % (PATH_STRINGS,)
    same(src)


def test_path_filesystem_operations(tree):
    src = ("import os\nfrom pathlib import Path\nD = %r\n"
           "def t(f):\n"
           "    try:\n        r = f()\n        return repr(r).replace(D, '<D>')\n"
           "    except Exception as e:\n        return '%%s: %%s' %% (type(e).__name__, str(e).replace(D, '<D>'))\n"
           "R = Path(D)\n"
           "def rel(ps):\n    return [str(p.relative_to(R)) for p in ps]\n"
           "for s in ['a.txt', 'data', 'data/names', 'missing', 'data/x.csv', '.hidden', "
           "'emptydir', '', 'a.txt/']:\n"
           "    p = R / s\n"
           "    print(repr(s), p.exists(), p.is_file(), p.is_dir(), p.is_symlink(), "
           "t(lambda: p.stat().st_size))\n"
           "print(rel(R.iterdir()))\n"
           "print(rel((R / 'data').iterdir()))\n"
           "print(t(lambda: list((R / 'missing').iterdir())), t(lambda: list((R / 'a.txt').iterdir())))\n"
           "for pat in ['*', '*.txt', '*/', '*/*.txt', '**', '**/*.txt', '**/', 'data/**/*', "
           "'.*', '[a-c].*', 'data/names/*', 'nothing', 'data', 'x?.py', '**/deep', 'data/*/']:\n"
           "    print(repr(pat), rel(R.glob(pat)))\n"
           "    print(repr(pat), rel(R.rglob(pat)))\n"
           "print(t(lambda: list(R.glob(''))), t(lambda: list(R.glob('/x'))), "
           "t(lambda: list(R.glob('a**'))))\n"
           "print(sorted(rel(R.rglob('*.txt'))))\n"
           "n = R / 'made' / 'x' / 'y'\n"
           "print(t(lambda: n.mkdir()), n.exists())\n"
           "print(t(lambda: n.mkdir(parents=True)), n.is_dir())\n"
           "print(t(lambda: n.mkdir(parents=True)), t(lambda: n.mkdir(exist_ok=True)))\n"
           "print(t(lambda: (R / 'a.txt').mkdir(exist_ok=True)))\n"
           "print(t(lambda: n.rmdir()), n.exists(), t(lambda: n.rmdir()), t(lambda: n.parent.parent.rmdir()))\n"
           "print(t(lambda: n.parent.rmdir()), t(lambda: n.parent.parent.rmdir()), (R / 'made').exists())\n"
           "os.makedirs(str(R / 'tmpd'))\n"
           "print(t(lambda: (R / 'tmpd').rename(R / 'tmpe')), (R / 'tmpe').is_dir(), (R / 'tmpd').exists())\n"
           "print(t(lambda: (R / 'tmpd').rename(R / 'tmpf')))\n"
           "print(t(lambda: (R / 'tmpe').rmdir()), t(lambda: (R / 'nofile').unlink()), "
           "t(lambda: (R / 'nofile').unlink(missing_ok=True)))\n"
           "print(t(lambda: os.stat(D + '/nope')), t(lambda: os.remove(D + '/nope')), "
           "t(lambda: os.mkdir(D + '/data')), t(lambda: os.rmdir(D + '/data')), t(lambda: os.rmdir(D + '/a.txt')))\n"
           "print(t(lambda: os.stat(D + '/a.txt').st_size), os.path.getsize(D + '/abc.txt'), "
           "abs(os.path.getmtime(D + '/a.txt') - os.stat(D + '/a.txt').st_mtime) < 1e-6)\n"
           "print(os.path.lexists(D + '/a.txt'), os.path.islink(D + '/a.txt'), "
           "os.fspath(R / 'q'), os.fspath('s'), t(lambda: os.fspath(1)))\n"
           "print(Path.cwd() == Path(os.getcwd()), Path('x').absolute() == Path(os.getcwd()) / 'x', "
           "Path('/a/../b/./c').resolve(), Path('.').resolve() == Path(os.getcwd()))\n"
           "print((R / 'data' / '..' / 'a.txt').resolve() == R.resolve() / 'a.txt', "
           "(R / 'missing' / '..' / 'q').resolve() == R.resolve() / 'q')\n"
           "print(Path.home() == Path(os.path.expanduser('~')), Path('~/x').expanduser() == "
           "Path(os.path.expanduser('~')) / 'x', Path('a/~').expanduser())\n"
           "print(t(lambda: (R / 'data' / 'nope' / 'x').resolve(strict=True)), "
           "t(lambda: os.path.realpath(D + '/a.txt/../b.txt', strict=True)), "
           "(R / 'data').resolve(strict=True) == R.resolve() / 'data')\n"
           "print(os.path.realpath('/a/./b//c/..'), os.path.realpath('/'), "
           "os.path.realpath('x') == os.path.join(os.getcwd(), 'x'))\n"
           "print(os.path.join(R, 'data').replace(D, '<D>'), os.path.exists(R / 'data'), "
           "os.path.isdir(R / 'a.txt'), os.path.isfile(R / 'a.txt'), os.listdir(R) == os.listdir(D), "
           "os.stat(R / 'a.txt').st_size, os.path.splitext(R / 'x.tar.gz')[1], "
           "os.path.basename(R / 'k'), os.path.getsize(R / 'abc.txt'))\n"
           "class P:\n    def __fspath__(self):\n        return 3\n"
           "print(t(lambda: os.path.exists(P())), t(lambda: os.fspath(P())), "
           "t(lambda: os.listdir(P())))\n"
           ) % (tree,)
    same(src)


def test_path_file_io(tree):
    """read_text/write_text/read_bytes/write_bytes/open go through the builtin open()."""
    src = ("from pathlib import Path\nR = Path(%r)\n"
           "def t(f):\n"
           "    try:\n        return repr(f())\n"
           "    except Exception as e:\n        return '%%s: %%s' %% (type(e).__name__, str(e).replace(str(R), '<D>'))\n"
           "p = R / 'io.txt'\n"
           "print(p.write_text('hello\\nworld\\n'), p.read_text(), p.read_text().splitlines())\n"
           "print(p.stat().st_size)\n"
           "b = R / 'io.bin'\n"
           "print(b.write_bytes(b'\\x00\\x01ab'), b.read_bytes())\n"
           "with p.open() as f:\n    print(f.readline())\n"
           "with p.open('a') as f:\n    f.write('more')\n"
           "print(repr(p.read_text()))\n"
           "p.unlink(); b.unlink()\nprint(p.exists(), b.exists())\n"
           "try:\n    p.write_text(3)\nexcept TypeError as e:\n    print(e)\n"
           "print(t(lambda: p.read_text()), t(lambda: (R / 'data').read_bytes()), "
           "t(lambda: (R / 'nodir' / 'f').write_text('x')), t(lambda: b.write_bytes('s')))\n"
           "q = R / 'new.txt'\nq.touch()\nprint(q.exists(), q.stat().st_size, t(lambda: q.touch(exist_ok=False)))\n"
           "print(q.write_text('a\\nb\\n', newline='\\r\\n'), repr(q.read_bytes()), "
           "q.write_text('é', encoding='latin-1'), q.read_bytes(), q.read_text(encoding='latin-1'))\n"
           "with open(q, 'w') as f:\n    print('via open(Path)', file=f)\n"
           "print(repr(q.read_text()), [l for l in q.open()], q.open().name == str(q))\n"
           "m = R / 'moved.txt'\nprint(q.rename(m) == m, m.read_text().strip(), q.exists())\n"
           "print(m.replace(R / 'moved2.txt'), (R / 'moved2.txt').exists())\n"
           "(R / 'moved2.txt').unlink()\n"
           "print(t(lambda: m.unlink()), t(lambda: (R / 'data').unlink()), t(lambda: (R / 'data').rmdir()), "
           "t(lambda: (R / 'a.txt').rmdir()), t(lambda: R.mkdir()), t(lambda: (R / 'a.txt' / 'x').mkdir(parents=True)))\n"
           ) % (tree,)
    same(src)


def test_pathlib_edges(tmp_path):
    """Less common pathlib behaviour against CPython: URIs of '//' roots, bytes(), bad
    argument types, relative_to/match/with_name corner cases, negative and sliced parents,
    ordering across anchors, '..' and '**' in glob patterns, errors raised lazily by glob,
    write_bytes of a bytearray, samefile, touch/mkdir/rename errors."""
    src = ("import os\nfrom pathlib import PurePath, PurePosixPath, Path, PosixPath\n"
           "B = %r\n"
           "D = B + ('/second' if os.path.exists(B + '/first') else '/first')\n"  # one per interpreter
           "os.makedirs(D)\n"
           "def t(f):\n"
           "    try:\n"
           "        r = f()\n"
           "        if hasattr(r, '__next__'): r = list(r)\n"
           "        return repr(r).replace(D, '<D>')\n"
           "    except Exception as e:\n"
           "        return '%%s: %%s' %% (type(e).__name__, str(e).replace(D, '<D>'))\n"
           "print(t(lambda: PurePath('//x/y').as_uri()), t(lambda: PurePath('///x').as_uri()), "
           "t(lambda: PurePath('/é~ a').as_uri()), t(lambda: bytes(PurePath('a/b'))))\n"
           "print(t(lambda: PurePath(b'x')), t(lambda: PurePath(None)), t(lambda: PurePath(3.5)))\n"
           "print(t(lambda: PurePath('/a').relative_to('')), t(lambda: PurePath('a').relative_to('')), "
           "t(lambda: PurePath('/a/b').relative_to('/a/b/c')), t(lambda: PurePath('//a/b').relative_to('/')), "
           "t(lambda: PurePath('//a/b').relative_to('//a')), t(lambda: PurePath('/a/b').relative_to('/', 'a')))\n"
           "print(PurePath('/a').match('*/a'), PurePath('/a').match('/a'), PurePath('/').match('/'), "
           "PurePath('a/b').match('/a/b'), PurePath('//a').match('/a'))\n"
           "print(t(lambda: PurePath('x').with_name('a/.')), t(lambda: PurePath('x').with_name('..')), "
           "t(lambda: PurePath('x').with_name('.')), t(lambda: PurePath('x').with_name('/y')), "
           "t(lambda: PurePath('x').with_stem('')), t(lambda: PurePath('x.txt').with_stem('')), "
           "t(lambda: PurePath('').with_stem('a')), t(lambda: PurePath('x').with_suffix(3)))\n"
           "p = PurePath('/a/b/c/d')\n"
           "print(p.parents[-1], p.parents[-4], t(lambda: p.parents[-5]), p.parents[1:3], "
           "p.parents[::-1], p.parents[::2], t(lambda: p.parents['x']))\n"
           "print(p.__reduce__()[1], PurePath('a') == PurePosixPath('a'), PurePath('a') == Path('a'), "
           "PurePath('a') != 'a', len({PurePath('a/b'), PurePath('a//b'), PurePath('a/./b'), Path('a/b')}))\n"
           "print(PurePath('a', '', 'b', '.', '/c', 'd'), PurePath('a', PurePath('/x'), 'y'), PurePath(), "
           "PurePath('.'), Path(), repr(Path('a', 'b')))\n"
           "print(PurePath('a') / PurePath('/b'), 'x' / PurePath('y'), t(lambda: 3 / PurePath('y')), "
           "PurePath('a') / '.', PurePath('a') / '..', PurePath('a') / 'b/', PurePath('a') / '//c')\n"
           "print(PurePath('a.tar.gz').suffixes, PurePath('.a.b').suffixes, PurePath('a..b').suffixes, "
           "PurePath('a.').suffix, PurePath('..').stem, PurePath('a..').suffixes)\n"
           "print(sorted([PurePath('/b'), PurePath('a'), PurePath('//a'), PurePath('/a/b')]), "
           "PurePath('/a') < PurePath('a'), t(lambda: PurePath('a') < 3))\n"
           "print(PurePath('a/b').is_relative_to('a', 'b'), PurePath('a/b').is_relative_to('/a'), "
           "PurePath('//x').anchor, type(Path('x').parent).__name__, type(PurePath('a').parents[0]).__name__)\n"
           "R = Path(D)\n"
           "for f in ['a.txt', 'sub/b.txt', 'sub/deep/c.txt']:\n"
           "    (R / f).parent.mkdir(parents=True, exist_ok=True)\n"
           "    (R / f).write_text(f)\n"
           "def rel(ps):\n    return sorted(str(p.relative_to(R)) for p in ps)\n"
           "print(rel(R.glob('sub/..')), rel(R.glob('sub/../*.txt')), rel(R.rglob('')), "
           "rel(R.glob('**/**')), rel(R.glob('**/**/*.txt')), rel(R.glob('./sub')), rel((R / 'a.txt').glob('*')))\n"
           "print(t(lambda: R.glob('missing/a**')), t(lambda: R.rglob('/x')), t(lambda: R.rglob('a**')))\n"
           "print(t(lambda: (R / 'x.bin').write_bytes(bytearray(b'ab'))), (R / 'x.bin').read_bytes(), "
           "t(lambda: (R / 'x.bin').write_bytes(3)))\n"
           "print(R.samefile(D), (R / 'a.txt').samefile(R / 'sub' / '..' / 'a.txt'), t(lambda: R.samefile(R / 'nope')))\n"
           "print(t(lambda: list((R / 'a.txt').iterdir())), t(lambda: (R / 'a.txt').touch()), "
           "t(lambda: (R / 'a.txt').touch(exist_ok=False)))\n"
           "print(t(lambda: Path('/').mkdir(exist_ok=True)), t(lambda: Path('/').mkdir()), "
           "t(lambda: (R / 'q' / 'r').mkdir(exist_ok=True)))\n"
           "print(t(lambda: (R / 'a.txt').rename(str(R / 'z.txt'))), type((R / 'z.txt').replace(R / 'a.txt')).__name__)\n"
           "print(t(lambda: (R / 'a.txt').stat(follow_symlinks=False).st_size), (R / 'a.txt').lstat().st_size, "
           "t(lambda: Path('~nosuchuserzz/x').expanduser()), t(lambda: Path('a', kw=1)))\n"
           ) % (str(tmp_path / "edges"),)
    same(src)
