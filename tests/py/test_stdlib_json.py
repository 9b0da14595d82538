"""Differential tests of the json module: every program runs in the kernel (tk-python) and in
CPython 3.11 (this process's python3), and the printed output and the final exception line
must be identical. Generated JSON-able values (nested dicts/lists, strings with escapes,
control and non-ASCII characters, floats, big ints, bools, None) go through dumps with
several option combinations and back through loads; generated broken documents (cut short,
a character changed) must fail with the same JSONDecodeError message and position."""
import difflib
import json
import random
import sys

import pytest

from cpython_diff import run_both

pytestmark = pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                                reason="the oracle is CPython 3.11")

# Each case runs under t(): its result or its exception ("ERR Type: message") is printed,
# so one program covers many cases.
PRELUDE = '''import json
def t(f, *a, **k):
    try:
        r = f(*a, **k)
    except Exception as e:
        print('ERR %s: %s' % (type(e).__name__, e))
        return None
    print(repr(r))
    return r
def terr(f, *a, **k):
    try:
        r = f(*a, **k)
    except json.JSONDecodeError as e:
        print('JDE', isinstance(e, ValueError), repr(e.msg), e.pos, e.lineno, e.colno, e.doc == a[0] if a else '')
        print('ERR %s: %s' % (type(e).__name__, e))
        return None
    except Exception as e:
        print('ERR %s: %s' % (type(e).__name__, e))
        return None
    print(repr(r))
    return r
'''


def same(body, timeout=60):
    src = PRELUDE + body
    k, c = run_both(src, timeout)
    if k != c:
        diff = difflib.unified_diff(c[0].splitlines(), k[0].splitlines(), "cpython", "kernel",
                                    lineterm="", n=1)
        pytest.fail("program:\n%s\n%s\nerrors: kernel %r, cpython %r"
                    % (src[:3000], "\n".join(list(diff)[:60]), k[1], c[1]))
    assert c[1] == "", c  # every case is caught: the program itself ends cleanly
    return c[0]


def test_import_and_names():
    out = same(r'''
print(sorted(n for n in json.__all__))
print(issubclass(json.JSONDecodeError, ValueError))
from json import dumps, loads, JSONEncoder, JSONDecoder, JSONDecodeError, dump, load
print(dumps(loads('{"a": [1, 2]}'), indent=2))
import json.decoder
from json.decoder import JSONDecodeError as JDE2
from json.encoder import JSONEncoder as JE2
print(JDE2 is JSONDecodeError, JE2 is JSONEncoder, json.decoder.JSONDecoder is JSONDecoder)
try:
    loads('[1,')
except json.decoder.JSONDecodeError as e:
    print('caught', e)
print(json.encoder.encode_basestring_ascii('é\n'), json.encoder.encode_basestring('é\n'))
print(json.decoder.scanstring('"ab\\n" x', 1), json.decoder.scanstring('ab"', 0, False))
scan = json.scanner.make_scanner(JSONDecoder())
print(scan('[1, {"a": null}] tail', 0))
try:
    scan('[1] x', 4)
except StopIteration as e:
    print('StopIteration', e.value)
''')
    assert '"a": [' in out


def test_dumps_fixed_cases():
    same(r'''
vals = [None, True, False, 0, -1, 2**100, -2**70, 1.0, -0.0, 0.1, 1e16, 1.5e-300, 1e300,
        123456789.123, float('nan'), float('inf'), float('-inf'), '', 'abc',
        'a"b\\c/d', '\n\r\t\b\f\x00\x01\x1f\x7f', 'é', '\u2028\u2029', '\uffff', '😀x𝄞',
        [], {}, [[]], [{}], (1, 2), ((),), {'a': {'b': {}}}, [1, [2, [3, []]]],
        {1: 2, 1.5: 3, True: 4, False: 5, None: 6, 'k': 7, -3: 8}, {2.0: 1, 1e20: 2}]
opts = [{}, {'indent': 2}, {'indent': 0}, {'indent': '\t'}, {'indent': '--'},
        {'separators': (',', ':')}, {'separators': (' ,', ' : '), 'indent': 1},
        {'ensure_ascii': False}, {'sort_keys': True}, {'indent': 3, 'sort_keys': True,
        'ensure_ascii': False}, {'allow_nan': False}, {'check_circular': False}]
for v in vals:
    for o in opts:
        t(json.dumps, v, **o)
t(json.dumps, {'b': 1, 'a': [1, {'d': 2, 'c': 3}]}, sort_keys=True, indent=4)
t(json.dumps, {'x': [1, 2, {'y': []}]}, indent=None, separators=(', ', ': '))
class S(str): pass
class I(int):
    def __repr__(self): return 'I!'
class F(float):
    def __repr__(self): return 'F!'
t(json.dumps, [S('s'), I(5), F(2.5), {S('k'): 1, I(3): 2, F(0.5): 3}])
t(json.dumps, True); t(json.dumps, 'x'); t(json.dumps, 'é', ensure_ascii=False)
''')


def test_dumps_errors():
    same(r'''
t(json.dumps, {(1, 2): 3})
t(json.dumps, {(1, 2): 3, 'a': 1}, skipkeys=True)
t(json.dumps, {b'x': 3})
t(json.dumps, {1: 2, frozenset(): 3}, skipkeys=True, sort_keys=False)
t(json.dumps, {1, 2})
t(json.dumps, [1, {'a': b'x'}])
t(json.dumps, object)
class C: pass
t(json.dumps, C())
t(json.dumps, [C()], indent=2)
t(json.dumps, float('nan'), allow_nan=False)
t(json.dumps, [1.0, float('inf')], allow_nan=False)
t(json.dumps, {'a': -float('inf')}, allow_nan=False, indent=1)
t(json.dumps, {float('nan'): 1}, allow_nan=False)
t(json.dumps, {float('nan'): 1})
a = []; a.append(a)
t(json.dumps, a)
d = {}; d['x'] = [d]
t(json.dumps, d)
t(json.dumps, d, indent=2)
t(json.dumps, {'b': 1, 2: 3}, sort_keys=True)
t(json.dumps, [C()], default=lambda o: 'C-object')
t(json.dumps, [C()], default=lambda o: {'c': [1, 2]}, indent=1)
t(json.dumps, [{1, 2}], default=sorted)
t(json.dumps, C(), default=lambda o: o)
b = [1, 2]
t(json.dumps, [b, b, {'k': b}])
t(json.dumps, {'a': 1}, separators=(';', '='))
''')


def test_encoder_classes_and_dump():
    same(r'''
class SetEncoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, (set, frozenset)):
            return sorted(o)
        if isinstance(o, complex):
            return [o.real, o.imag]
        return super().default(o)
t(json.dumps, {'s': {3, 1, 2}, 'c': 1+2j}, cls=SetEncoder)
t(json.dumps, {'s': {3, 1, 2}}, cls=SetEncoder, indent=2, sort_keys=True)
t(json.dumps, {'r': range(3)}, cls=SetEncoder)
e = json.JSONEncoder(indent=2, sort_keys=True)
t(e.encode, {'b': [1, 2], 'a': 'é'})
t(lambda: ''.join(e.iterencode({'b': [1, 2], 'a': None})))
print(json.JSONEncoder.item_separator, json.JSONEncoder.key_separator)
e2 = json.JSONEncoder(separators=(',', ':'))
print(e2.item_separator, e2.key_separator, e.item_separator, e.key_separator)
print(e.indent, e.sort_keys, e.skipkeys, e.ensure_ascii, e.check_circular, e.allow_nan)
t(json.JSONEncoder().encode, 'a\nb')
t(json.JSONEncoder(ensure_ascii=False).encode, 'é\n')
t(json.JSONEncoder(default=repr).encode, [object])
class W:
    def __init__(self): self.parts = []
    def write(self, s): self.parts.append(s)
w = W()
print(json.dump({'a': [1, 2.5, 'x']}, w), ''.join(w.parts))
w = W()
json.dump({'b': {'c': None}}, w, indent=2, sort_keys=True)
print(''.join(w.parts))
w = W()
t(json.dump, [1, 2, {3}], w)
print(repr(''.join(w.parts)) in ("'[1, 2, '", "'[1, 2'", "'[1'", "'['", "''"))
class R:
    def __init__(self, s): self.s = s
    def read(self): return self.s
t(json.load, R('{"a": [1, 2, {"b": null}]}'))
t(json.load, R(b'[1, "\\u00e9"]'))
t(json.load, R('[1,'))
t(json.load, R('{"x": 1.5}'), parse_float=str)
''')


def test_loads_fixed_cases():
    same(r'''
docs = ['0', '-0', '-0.0', '1', '-1', '12345678901234567890123456789', '1.5', '1e5', '1E5',
        '1e+5', '1e-5', '-1.25e-3', '0.5', '1.0', '2.5E+10', '1e400', '-1e400', 'true',
        'false', 'null', 'NaN', 'Infinity', '-Infinity', '""', '"abc"', '"\\n\\t\\r\\b\\f"',
        '"\\"\\\\\\/"', '"\\u00e9"', '"\\u00E9\\u00e9"', '"\\ud83d\\ude00"', '"\\ud83d"',
        '"\\ude00"', '"\\ud83dx"', '"\\ud83d\\u0041"', '"é😀"', '[]', '{}', ' [ ] ', '\n{\n}\n',
        '[1,2,3]', '[ 1 , 2 , 3 ]', '{"a":1,"b":[true,false,null]}', '{"a": 1, "a": 2}',
        '{"": ""}', '[[[[]]]]', '{"a":{"b":{"c":{}}}}', '\t\r\n 5 \t\r\n', '[1e5,-0,0.25]',
        '[-Infinity,NaN]', '"\\u0000"', '{"k": "\\u0041\\u0042"}', '123abc'[:3]]
for d in docs:
    r = t(json.loads, d)
    t(json.loads, d.encode('utf-8'))
print(json.loads('"\\ud83d\\ude00"') == '😀', len(json.loads('"\\ud83d\\ude00"')))
t(json.loads, '{"a": 1, "a": 2, "b": 3, "a": 4}')
t(json.loads, '[1.5, 2, {"x": 3.25}]', parse_float=str, parse_int=float)
t(json.loads, '[NaN, Infinity, -Infinity]', parse_constant=lambda s: 'C:' + s)
t(json.loads, '{"a": {"b": 1}}', object_hook=lambda d: sorted(d.items()))
t(json.loads, '{"b": 1, "a": {"d": 2, "c": 3}}', object_pairs_hook=lambda p: p)
t(json.loads, '{"b": 1}', object_pairs_hook=lambda p: ('pairs', p), object_hook=lambda d: 'hook')
t(json.loads, '"a\tb"', strict=False)
t(json.loads, '{"a\nb": "c\x00"}', strict=False)
t(json.loads, b'\xef\xbb\xbf[1, "\xc3\xa9"]')
t(json.loads, '\ufeff[1]')
t(json.loads, 5)
t(json.loads, None)
t(json.loads, ['[]'])
dec = json.JSONDecoder()
t(dec.decode, ' [1, 2] ')
t(dec.raw_decode, '[1, 2] tail')
t(dec.raw_decode, '{"a": 1}{"b": 2}')
t(dec.raw_decode, 'xx[1]', 2)
t(dec.raw_decode, ' [1]')
t(dec.raw_decode, '"abc" 5', 0)
class D(json.JSONDecoder):
    def __init__(self, **kw):
        super().__init__(object_hook=self.hook, **kw)
    def hook(self, d):
        return {k.upper(): v for k, v in d.items()}
t(json.loads, '{"a": {"b": [1, {"c": 2}]}}', cls=D)
t(json.loads, '[1.25]', cls=D, parse_float=lambda s: 'F' + s)
print(json.dumps(json.loads('{"x": [1, 2.0, "y"]}')) == '{"x": [1, 2.0, "y"]}')
''')


def test_loads_errors():
    same(r'''
bad = ['', ' ', 'x', '[', ']', '{', '}', '[1', '[1,', '[1,]', '[1 2]', '[,1]', '{"a"', '{"a":',
       '{"a" 1}', '{"a":1', '{"a":1,', '{"a":1,}', '{"a":1 "b":2}', '{a:1}', "{'a':1}",
       '{1:2}', '"abc', '"abc\\', '"a\\x"', '"a\\u12"', '"a\\u12"x', '"\\u12g4"', '"\\uXYZW"',
       '"\\ud83d\\uzzzz"', '"\\ud83d\\u12"', '"a\nb"', '"a\x00b"', '"a\tb\\n', '"\x1f',
       '[1]x', '[1] [2]', '1 2', 'nul', 'tru', 'fals', 'nulll', 'truex', 'NaNx', 'Inf', '-Inf',
       '-', '--1', '+1', '01', '00', '-01', '1.', '.5', '1.e5', '1e', '1e+', '1ex', '0x10',
       '[1,\n2,\n3\n4]', '\n\n  {"a": \n  x}', '{"a": [1, 2, {"b": }]}', '[1, "a\\q"]',
       '["ok", "bad\x05"]', '{"a": 1}}', '[]]', 'true false', '[-]', '[1.5e]', 'é', '[é]',
       '{"a":1,"b"}', '{"a":1,"b":}', '{"\\ud800": 1, "x": ?}', '\ufeff{}', '  \n  ',
       '[\n  1,\n  2,\n]', '{\n  "a": 1,\n}']
for d in bad:
    terr(json.loads, d)
terr(json.loads, b'[1,')
terr(json.loads, '"unterminated', strict=False)
terr(json.loads, '"a\x01b"', strict=True)
terr(json.loads, '[1, 2', object_hook=dict)
terr(json.JSONDecoder().raw_decode, '[1, 2] tail', 7)
terr(json.JSONDecoder().decode, '[1] x')
try:
    json.loads('{"a": [1,\n 2,, 3]}')
except ValueError as e:
    print(type(e).__name__, e.args, e.msg, e.pos, e.lineno, e.colno)
e = json.JSONDecodeError('Some message', 'ab\ncd\nef', 7)
print(e, e.msg, e.pos, e.lineno, e.colno, e.args)
''')


# ---- generated values --------------------------------------------------------------------

_CHARS = ['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\x00', '\x01',
          '\x1f', '\x7f', '\x80', 'é', 'ß', '\u00ff', '\u0100', '\u2028', '\u4e2d', '\ud7ff',
          '\ue000', '\uffff', '\U0001f600', '\U0001d11e', '\U0010ffff', "'", '{', ']', ':', ',']


def gen_str(g):
    n = g.choice([0, 1, 2, 3, 5, 8, 13])
    return ''.join(g.choice(_CHARS) if g.random() < 0.5 else chr(g.randint(32, 126))
                   for _ in range(n))


def gen_float(g):
    k = g.randrange(6)
    if k == 0:
        return g.uniform(-1e3, 1e3)
    if k == 1:
        return float(g.randint(-10**6, 10**6))
    if k == 2:
        return g.choice([0.0, -0.0, 0.1, 1e16, 1e-7, 123456.789, 5e-324, 1.7976931348623157e308])
    if k == 3:
        return g.uniform(-1, 1) * 10.0 ** g.randint(-300, 300)
    if k == 4:
        return g.random()
    return round(g.uniform(-100, 100), g.randint(0, 4))


def gen_scalar(g):
    k = g.randrange(7)
    if k == 0:
        return gen_str(g)
    if k == 1:
        return g.choice([0, 1, -1, g.randint(-10**6, 10**6), g.randint(-2**80, 2**80)])
    if k == 2:
        return gen_float(g)
    if k == 3:
        return g.choice([True, False])
    if k == 4:
        return None
    if k == 5:
        return g.randint(0, 100)
    return gen_str(g)


def gen_value(g, depth=0):
    k = g.randrange(10) if depth < 4 else 9
    if k < 3:
        return [gen_value(g, depth + 1) for _ in range(g.randint(0, 5))]
    if k < 6:
        d = {}
        for _ in range(g.randint(0, 5)):
            d[gen_str(g)] = gen_value(g, depth + 1)
        return d
    return gen_scalar(g)


_OPTIONS = [
    {},
    {'indent': 2},
    {'sort_keys': True},
    {'ensure_ascii': False},
    {'separators': (',', ':')},
    {'indent': '\t', 'sort_keys': True, 'ensure_ascii': False},
    {'indent': 0, 'separators': (', ', ' : ')},
]


def roundtrip_program(g, count):
    lines = ["vals = ["]
    for _ in range(count):
        lines.append("    %r," % (gen_value(g),))
    lines.append("]")
    lines.append("opts = %r" % (_OPTIONS,))
    lines.append('''
for i, v in enumerate(vals):
    o = opts[i % len(opts)]
    s = json.dumps(v, **o)
    print(s)
    r = json.loads(s)
    print(r == v, repr(r))
    print(json.dumps(r, **opts[(i + 3) % len(opts)]))
    b = json.loads(s.encode('utf-8'))
    print(b == v)
''')
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(4))
def test_generated_roundtrip(seed):
    g = random.Random(1000 + seed)
    out = same(roundtrip_program(g, 60))
    assert out.count("True") >= 60


def broken_docs(g, count):
    """Valid JSON texts (CPython's dumps of generated values) cut short or with one
    character replaced, inserted or removed: most are invalid, at varied positions."""
    docs = []
    while len(docs) < count:
        v = gen_value(g)
        s = json.dumps(v, indent=g.choice([None, None, 1]), ensure_ascii=g.random() < 0.5)
        if not s:
            continue
        k = g.randrange(4)
        i = g.randrange(len(s) + 1)
        c = g.choice(['"', '\\', ',', ':', '[', ']', '{', '}', ' ', '\n', '\x01', 'x', '1',
                      '-', '.', 'e', 'n', 'u', 'é'])
        if k == 0:
            s = s[:i]
        elif k == 1:
            s = s[:i] + c + s[i + 1:]
        elif k == 2:
            s = s[:i] + c + s[i:]
        else:
            s = s[:i] + s[i + 1:]
        docs.append(s)
    return docs


@pytest.mark.parametrize("seed", range(2))
def test_generated_broken_documents(seed):
    g = random.Random(2000 + seed)
    docs = broken_docs(g, 150)
    out = same("docs = %r\nfor d in docs:\n    terr(json.loads, d)\n" % (docs,))
    assert out.count("JSONDecodeError") > 50


def test_numpy_scalars_as_cpython_sees_them():
    """numpy.float64 subclasses float in CPython, so json writes it as a float; other numpy
    scalars are not serializable, named by their short type name. Compared with the same
    program on Python floats and a stand-in class named float32 in CPython."""
    from cpython_diff import TK_PYTHON
    import subprocess
    prog = PRELUDE + r'''
import numpy as np
t(json.dumps, [np.float64(1.5), {np.float64(0.25): np.float64(-2.0)}])
t(json.dumps, np.float64(float('nan')), allow_nan=False)
t(json.dumps, {'v': np.float32(0.5)})
t(json.dumps, {np.int64(3): 1})
'''
    k = subprocess.run([str(TK_PYTHON), "-c", prog], capture_output=True, text=True, timeout=60)
    ref = PRELUDE + r'''
class float32: pass
class int64: pass
t(json.dumps, [1.5, {0.25: -2.0}])
t(json.dumps, float('nan'), allow_nan=False)
t(json.dumps, {'v': float32()})
t(json.dumps, {int64(): 1})
'''
    c = subprocess.run([sys.executable, "-c", ref], capture_output=True, text=True, timeout=60)
    assert k.stdout == c.stdout and c.stdout.count("ERR") == 3, (k.stdout, k.stderr, c.stdout)


def test_dump_load_files_and_io(tmp_path):
    p = str(tmp_path / "cfg.json")
    same(r'''
import io
p = %r
cfg = {'lr': 0.001, 'layers': [64, 32], 'name': 'réseau', 'ok': True, 'none': None}
with open(p, 'w') as f:
    print(json.dump(cfg, f, indent=2))
with open(p) as f:
    print(f.read())
with open(p) as f:
    print(json.load(f))
with open(p, 'rb') as f:
    print(json.load(f))
with open(p, 'w', encoding='utf-8') as f:
    json.dump(cfg, f, ensure_ascii=False, sort_keys=True)
with open(p, encoding='utf-8') as f:
    print(repr(f.read()))
with open(p, encoding='utf-8') as f:
    print(json.load(f) == cfg)
s = io.StringIO()
json.dump([1, {'a': None}], s)
print(s.getvalue())
print(json.load(io.StringIO('{"x": [1, 2]}')))
print(json.load(io.BytesIO(b'{"x": "\\u00e9"}')))
t(json.load, io.StringIO('[1, 2'))
s = io.StringIO()
try:
    json.dump([1, 2, {3}], s)
except TypeError as e:
    print(e, repr(s.getvalue()))
s = io.StringIO()
try:
    json.dump({'a': [1.5, float('nan')]}, s, allow_nan=False)
except ValueError as e:
    print(e, repr(s.getvalue()))
''' % p)
