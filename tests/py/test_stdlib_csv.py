"""Differential tests of csv (kernel/torch/py/csv.py) against CPython 3.11: each program runs
in the kernel and in python3 and must print the same and end with the same exception line.
Besides a fixed program over the dialects, quoting modes and errors, seeded random programs
write rows of random fields (delimiters, quotes, escapes, CR/LF, spaces, numbers, None) with
random dialect parameters, print the text and read it back (also line by line, as a file
opened without newline='' gives it)."""
import sys

import pytest

from cpython_diff import assert_same

pytestmark = pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                                reason="the oracle is CPython 3.11")

PROG_API = r'''
import csv, io
s = io.StringIO()
w = csv.writer(s)
print(repr(w.writerow(['a', 1, 2.5, None, 'x,y', 'q"q', 'n\nl', 'r\rr', ' sp', True, ''])))
w.writerow([''])
w.writerow([])
w.writerow(['', ''])
w2 = csv.writer(s, lineterminator='\n', quoting=csv.QUOTE_NONNUMERIC)
w2.writerow(['a', 1, None, 2.0, True, 'r\rr'])
w3 = csv.writer(s, quoting=csv.QUOTE_NONE, escapechar='\\')
w3.writerow(['a,b', 'c"d'])
w = csv.writer(s, lineterminator='\n')
w.writerow(['r\rr', 'n\nn', 'e\\x'])
w = csv.writer(s, escapechar='\\', doublequote=False)
w.writerow(['q"q', 'e\\x', 'a,b'])
csv.writer(s, quoting=csv.QUOTE_ALL, delimiter=';').writerows([[1, 'a'], ['b;c', 0.1]])
print(repr(s.getvalue()))
for bad in [dict(delimiter='ab'), dict(lineterminator=1), dict(quoting=9), dict(delimiter=None), dict(foo=1)]:
    try: csv.writer(io.StringIO(), **bad)
    except Exception as e: print(type(e).__name__, e)
try: csv.writer(io.StringIO(), quoting=csv.QUOTE_NONE).writerow(['a,b'])
except Exception as e: print(type(e).__name__, e)
try: csv.writer(io.StringIO()).writerow(5)
except Exception as e: print(type(e).__name__, e)
try: csv.writer(io.StringIO(), quoting=csv.QUOTE_NONE).writerow([''])
except Exception as e: print(type(e).__name__, e)
print(list(csv.reader(['a\x00b'])))
print(list(csv.reader(['a"b"c,"d"e', '"unterminated'])))
try: print(list(csv.reader(['a,b\rc'])))
except Exception as e: print(type(e).__name__, e)
print(csv.excel.delimiter, csv.list_dialects(), repr(csv.get_dialect('excel').lineterminator))
r = csv.reader(io.StringIO('a,b\n"x\ny",2\n\n"p""q",\n'))
print(list(r), r.line_num, r.dialect.delimiter)
print(list(csv.reader(['a, b,  "c"'], skipinitialspace=True)))
try: print(list(csv.reader(['1,"2",,x'], quoting=csv.QUOTE_NONNUMERIC)))
except Exception as e: print(type(e).__name__, e)
print(list(csv.reader(['1,"2",,3.5'], quoting=csv.QUOTE_NONNUMERIC)))
try: print(list(csv.reader(['"a"b'], strict=True)))
except Exception as e: print(type(e).__name__, e)
try: print(list(csv.reader([b'a'])))
except Exception as e: print(type(e).__name__, e)
print(list(csv.DictReader(io.StringIO('a,b\n1,2\n3\n4,5,6\n'))))
print(list(csv.DictReader(io.StringIO('1,2\n'), fieldnames=['x'], restkey='R')))
s = io.StringIO(); d = csv.DictWriter(s, ['a','b']); d.writeheader(); d.writerow({'a':1}); print(repr(s.getvalue()))
try: d.writerow({'c':1})
except Exception as e: print(type(e).__name__, e)
print(list(csv.reader(io.StringIO("a\tb\n"), dialect='excel-tab')), list(csv.reader(['x|y'], delimiter='|')))
csv.register_dialect('pipes', delimiter='|', quoting=csv.QUOTE_ALL)
s = io.StringIO(); csv.writer(s, 'pipes').writerow([1, 2]); print(repr(s.getvalue()))
class D(csv.Dialect):
    delimiter = ':'
    quotechar = "'"
    lineterminator = '\n'
    quoting = csv.QUOTE_MINIMAL
    doublequote = True
    skipinitialspace = False
s = io.StringIO(); csv.writer(s, D).writerow(["a:b", "c'd"]); print(repr(s.getvalue()), list(csv.reader(s.getvalue().splitlines(), D)))
try: csv.get_dialect('nope')
except csv.Error as e: print('Error', e)
print(list(csv.reader(['a\\,b,c'], escapechar='\\')), list(csv.reader(['"a\\"b",c'], escapechar='\\')))
'''

PROG_RANDOM = r'''
import csv, io, random
random.seed(%d)
alphabet = ['a', 'b', ',', ';', '"', "'", '\\', '\n', '\r', ' ', '\t', 'x', '1', '.', '|']
def field():
    k = random.random()
    if k < 0.1:
        return None
    if k < 0.2:
        return random.randint(-1000, 1000)
    if k < 0.3:
        return round(random.uniform(-100, 100), random.randint(0, 4))
    return ''.join(random.choice(alphabet) for _ in range(random.randint(0, 6)))
for i in range(200):
    params = {}
    if random.random() < 0.5:
        params['delimiter'] = random.choice([',', ';', '\t', '|'])
    if random.random() < 0.4:
        params['quoting'] = random.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC, csv.QUOTE_NONE])
    if random.random() < 0.3:
        params['escapechar'] = '\\'
    if random.random() < 0.3:
        params['doublequote'] = False
    if random.random() < 0.3:
        params['lineterminator'] = random.choice(['\n', '\r\n', '\r', '!'])
    if random.random() < 0.2:
        params['quotechar'] = "'"
    if random.random() < 0.2:
        params['skipinitialspace'] = True
    rows = [[field() for _ in range(random.randint(0, 5))] for _ in range(random.randint(1, 4))]
    s = io.StringIO()
    try:
        w = csv.writer(s, **params)
        for row in rows:
            w.writerow(row)
    except (csv.Error, TypeError) as e:
        print(i, params, type(e).__name__, e)
        continue
    text = s.getvalue()
    print(i, params, repr(text))
    rparams = dict(params)
    rparams.pop('lineterminator', None)
    for source in (io.StringIO(text, newline=''), text.splitlines(True)):
        try:
            print(list(csv.reader(source, **rparams)))
        except (csv.Error, ValueError) as e:
            print(type(e).__name__, e)
    if all(r for r in rows):
        s = io.StringIO()
        names = ['f%%d' %% j for j in range(max(len(r) for r in rows))]
        dw = csv.DictWriter(s, names, restval='R')
        dw.writeheader()
        for r in rows:
            dw.writerow(dict(zip(names, r)))
        print(repr(s.getvalue()), list(csv.DictReader(io.StringIO(s.getvalue(), newline=''))))
'''


def test_csv_api():
    assert_same(PROG_API)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_csv_random_round_trips(seed):
    assert_same(PROG_RANDOM % seed)
