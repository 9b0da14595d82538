"""open(), file objects and io.StringIO/BytesIO against CPython 3.11: each program runs in
tk-python and in CPython, each in a fresh directory holding the same input files, and both
must print the same thing (and end with the same exception line)."""
import os
import pathlib
import random
import subprocess
import sys
import tempfile

import pytest

from cpython_diff import TK_PYTHON, run_file


def run_in_dirs(src, files=None):
    """(kernel, cpython) results of src with D set to a fresh directory holding 'files'."""
    out = []
    for argv in ([str(TK_PYTHON)], [sys.executable, "-I"]):
        with tempfile.TemporaryDirectory(prefix="tk-files-") as d:
            for name, data in (files or {}).items():
                pathlib.Path(d, name).write_bytes(data)
            prog = pathlib.Path(d, "prog.py")
            prog.write_text("D = %r\n" % d + src)
            res = run_file(argv, prog)
            out.append((res[0].replace(d, "<D>"), res[1].replace(d, "<D>")))
    return out


def assert_same_in_dirs(src, files=None):
    k, c = run_in_dirs(src, files)
    assert k == c, "program:\n%s\nkernel: %r\ncpython: %r" % (src, k, c)


TOUR = r'''
import io
p = D + '/a.txt'
with open(p, 'w') as f:
    print(repr(f).replace(D, '<D>'), f.mode, f.closed, f.encoding, f.errors)
    print(f.write('hello\nwörld\r\nthird\rfourth'), f.writable(), f.readable(), f.seekable())
print(f.closed)
print(repr(open(p).read()))
for nl in ['', '\n', '\r', '\r\n']:
    print(repr(nl), open(p, newline=nl).readlines())
print(open(p, 'rb').read())
with open(p) as f:
    print(repr(f.readline()), repr(f.read(3)), repr(f.readline(2)), repr(f.readline()))
    for line in f:
        print('line', repr(line))
    print(repr(f.readline()), repr(f.read()))
with open(p, 'a') as f:
    f.write('\nappended\n')
print(open(p).read().splitlines())
with open(D + '/b.bin', 'wb') as f:
    print(f.mode, f.write(b'\x00\x01abc\n\xff'), type(f).__name__)
with open(D + '/b.bin', 'rb') as f:
    print(f.read(2), f.readline(), f.read(), f.read(), type(f).__name__)
    print(f.seek(0), f.read(3), f.tell(), f.seek(-1, 2), f.read())
with open(D + '/b.bin', 'r+b') as f:
    print(f.mode, type(f).__name__)
    f.seek(2); f.write(b'XY'); f.seek(0); print(f.read())
with open(D + '/c.txt', 'w+') as f:
    f.write('abc\ndef\n'); f.seek(0); print(repr(f.read()), f.seek(0, 2), f.truncate(3))
print(repr(open(D + '/c.txt').read()))
f = open(D + '/lat.txt', 'w', encoding='latin-1'); f.write('café'); f.close()
print(open(D + '/lat.txt', 'rb').read(), repr(open(D + '/lat.txt', encoding='latin-1').read()))
g = open(D + '/d.txt', 'w')
g.write('not closed')
del g
print(open(D + '/d.txt').read(), list(open(D + '/d.txt')))
with open(D + '/e.txt', 'w') as f:
    print('to file', 1, 2, sep='-', file=f)
    f.writelines(['x\n', 'y\n'])
print(open(D + '/e.txt').read().split(), open(D + '/e.txt').readlines(1))
big = 'abcdéf\n' * 30000 + 'tail'
with open(D + '/big.txt', 'w') as f:
    f.write(big)
with open(D + '/big.txt') as f:
    print(sum(len(line) for line in f), len(big))
with open(D + '/big.txt') as f:
    s = f.read(70001)
    print(len(s), s[-3:], len(f.read()))
print(len(open(D + '/big.txt', 'rb').read()), open(D + '/big.txt', 'rb').readlines()[-1])
s = io.StringIO('a\nb\r\nc')
print(repr(s.read()), repr(s.getvalue()), s.tell())
s = io.StringIO()
s.write('x\ny'); s.seek(0); print(s.readlines(), repr(s.readline()))
b = io.BytesIO(b'12\n34')
print(b.readline(), b.read(), b.tell(), b.seek(1), b.read(1))
b = io.BytesIO(); b.write(b'ab'); b.seek(4); b.write(b'z'); print(b.getvalue())
print(isinstance(open(p), io.TextIOWrapper), isinstance(open(p, 'rb'), io.BufferedReader))
with io.StringIO() as s:
    print('into', 'StringIO', file=s)
    print(repr(s.getvalue()))
'''


def test_tour_of_file_objects():
    assert_same_in_dirs(TOUR)


ERRORS = [
    "open(D + '/missing.txt')",
    "open(D)",
    "open(D + '/no/such/dir/x.txt', 'w')",
    "open(D + '/a.txt', 'rw')",
    "open(D + '/a.txt', 'z')",
    "open(D + '/a.txt', 'rbt')",
    "open(D + '/a.txt', '')",
    "open(D + '/a.txt', 'r++')",
    "open(D + '/a.txt', 'rb', encoding='utf-8')",
    "open(D + '/a.txt', 'rb', newline='')",
    "open(D + '/a.txt', newline='x')",
    "open(3.5)",
    "open(D + '/a.txt', 'x')",
    "open(D + '/a.txt').write('x')",
    "open(D + '/a.txt', 'w').read()",
    "open(D + '/a.txt', 'rb').write('text')",
    "open(D + '/a.txt', 'w').write(b'bytes')",
    "f = open(D + '/a.txt'); f.close(); f.read()",
    "f = open(D + '/a.txt'); f.close(); next(iter(f))",
    "f = open(D + '/a.txt', 'rb'); f.close(); f.read()",
    "f = open(D + '/a.txt', 'rb'); f.close(); f.readline()",
    "f = open(D + '/a.txt', 'rb'); f.close(); f.seek(0)",
    "f = open(D + '/a.txt', 'rb'); f.close(); f.fileno()",
    "f = open(D + '/a.txt', 'wb'); f.close(); f.write(b'x')",
    "f = open(D + '/a.txt', 'wb'); f.close(); f.flush()",
    "f = open(D + '/a.txt', 'wb'); f.close(); f.read()",
    "f = open(D + '/a.txt', 'w'); f.close(); f.read()",
    "open(D + '/a.txt', 'wb').readline()",
    "open(D + '/a.txt', 'rb').writelines([b'x'])",
    "f = open(D + '/a.txt'); f.close()\nwith f: pass",
    "open(D + '/a.txt').seek(1, 1)",
    "open(D + '/bad.txt').read()",
    "open(D + '/a.txt', mode=3)",
    "open(D + '/a.txt\\0b')",
    "import io; io.StringIO(b'x')",
    "import io; io.BytesIO().write('x')",
    "import io; s = io.StringIO(); s.close(); s.read()",
]


@pytest.mark.parametrize("code", ERRORS)
def test_errors_as_cpython(code):
    src = ("try:\n" + "".join("    %s\n" % l for l in code.splitlines()) +
           "except Exception as e:\n"
           "    print(type(e).__name__, str(e).replace(D, '<D>'), isinstance(e, OSError), isinstance(e, ValueError))\n")
    assert_same_in_dirs(src, {"a.txt": b"one\ntwo\n", "bad.txt": b"ok \xff\xfe"})


def test_handlers_catch_the_oserror_subclasses():
    assert_same_in_dirs(r'''
for path, mode in [(D + '/missing', 'r'), (D, 'r'), (D + '/a.txt', 'x')]:
    try:
        open(path, mode)
    except FileNotFoundError as e:
        print('not found', issubclass(FileNotFoundError, OSError))
    except IsADirectoryError:
        print('is a directory')
    except OSError as e:
        print('other', type(e).__name__, issubclass(type(e), OSError))
''', {"a.txt": b"x"})


def random_text(rng):
    pieces = ["a", "bc", "é", "漢字", "🙂", "\n", "\r\n", "\r", " ", "xyz" * rng.randint(1, 30)]
    return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 400)))


@pytest.mark.parametrize("seed", range(12))
def test_random_reads_agree(seed):
    """Random files read back with random mixes of read(n), readline(n), readline() and
    iteration, in every newline mode, text and binary."""
    rng = random.Random(seed)
    data = random_text(rng).encode("utf-8")
    ops = []
    for _ in range(40):
        k = rng.randint(0, 4)
        n = rng.randint(0, 9)
        ops.append(["f.read(%d)" % n, "f.readline()", "f.readline(%d)" % n, "f.read(0)",
                    "next(f, None)"][k])
    lines = ["for mode, nl in [('r', None), ('r', ''), ('r', '\\n'), ('r', '\\r'), ('r', '\\r\\n'), ('rb', None)]:",
             "    f = open(D + '/t.txt', mode, newline=nl) if mode == 'r' else open(D + '/t.txt', mode)",
             "    out = []"]
    lines += ["    out.append(%s)" % op for op in ops]
    lines += ["    out.append(f.read())", "    print(mode, repr(nl), out)", "    f.close()"]
    assert_same_in_dirs("\n".join(lines) + "\n", {"t.txt": data})


def test_writes_in_every_newline_mode_agree():
    rng = random.Random(7)
    texts = [random_text(rng) for _ in range(6)]
    assert_same_in_dirs(r'''
texts = %r
for nl in [None, '', '\n', '\r', '\r\n']:
    with open(D + '/w.txt', 'w', newline=nl) as f:
        for t in texts:
            f.write(t)
        f.writelines(texts[:2])
    print(repr(nl), open(D + '/w.txt', 'rb').read())
with open(D + '/w.txt', 'w', encoding='ascii', errors='replace') as f:
    f.write('caf\u00e9')
print(open(D + '/w.txt', 'rb').read())
''' % (texts,))


def test_large_file_reads_in_chunks_like_one_read():
    """A 3 MB file of multi-byte text: lines, a whole read and chunked reads agree."""
    assert_same_in_dirs(r'''
line = 'ü' * 1000 + '漢' * 500 + '\r\n'
with open(D + '/big.txt', 'w', newline='') as f:
    for i in range(1000):
        f.write(line)
with open(D + '/big.txt') as f:
    n = [len(l) for l in f]
print(len(n), set(n))
s = open(D + '/big.txt').read()
print(len(s), s.count('\n'), s.count('\r'))
with open(D + '/big.txt') as f:
    parts = []
    while True:
        p = f.read(65535)
        if not p:
            break
        parts.append(p)
print(''.join(parts) == s, len(parts))
''')


def test_oserror_attributes_and_errno():
    """e.errno, e.strerror, e.filename and e.args of the OSErrors open() and os raise, and
    the errno module's names for them."""
    assert_same_in_dirs(r'''
import errno, os
try:
    open(D + '/missing.txt')
except OSError as e:
    print(type(e).__name__, e.errno, e.strerror, e.filename.replace(D, '<D>'), e.args,
          e.errno == errno.ENOENT, errno.errorcode[e.errno])
try:
    os.path.getsize(D + '/nope')
except FileNotFoundError as e:
    print(e.errno, e.args)
try:
    open(D)
except IsADirectoryError as e:
    print(e.errno, e.strerror, errno.errorcode[e.errno])
try:
    open(D + '/a.txt', 'x')
except FileExistsError as e:
    print(e.errno == errno.EEXIST, e.strerror)
e = OSError("custom")
print(e.errno, e.strerror, e.filename, e.args)
''', {"a.txt": b"x"})


def test_oserror_built_from_errno_and_strerror():
    assert_same_in_dirs(r'''
import errno
e = FileNotFoundError(errno.ENOENT, "No such file or directory", "data.csv")
print(e, e.errno, e.strerror, e.filename, e.args)
e = OSError(5, "Input/output error")
print(e, e.errno, e.args, e.filename)
try:
    raise PermissionError(13, "Permission denied", "/root/x")
except OSError as err:
    print(type(err).__name__, err, err.filename)
print(OSError("plain").errno, OSError("plain").args)
''')
