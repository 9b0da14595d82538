"""ImportError, LookupError, ArithmeticError and Warning as exceptions of their own (raised,
caught, subclassed, and as the bases of ModuleNotFoundError, IndexError/KeyError,
ZeroDivisionError/OverflowError and the warning categories), against CPython 3.11."""
from cpython_diff import assert_same

PROGRAM = r'''
for E in (ImportError, LookupError, ArithmeticError, Warning):
    try:
        raise E('x')
    except E as e:
        print(type(e).__name__, e, isinstance(e, Exception), repr(e))
try:
    from math import nosuch
except ImportError as e:
    print(type(e).__name__, str(e).split(' (')[0])
try:
    import nosuchmod
except ImportError as e:
    print(type(e).__name__, e)
try:
    [][1]
except LookupError as e:
    print('lookup', type(e).__name__)
try:
    1/0
except ArithmeticError as e:
    print('arith', type(e).__name__)
print(issubclass(ModuleNotFoundError, ImportError), issubclass(KeyError, LookupError), issubclass(UserWarning, Warning), issubclass(Warning, Exception), issubclass(ImportError, Exception))
class MyErr(LookupError): pass
try:
    raise MyErr('m')
except LookupError as e:
    print('mine', type(e).__name__, e)
try:
    {}['k']
except MyErr:
    print('wrong')
except KeyError as e:
    print('key', e)
import warnings
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    warnings.warn('plain')
    warnings.warn('dep', DeprecationWarning)
    print([(x.category.__name__, str(x.message)) for x in w])
raise ImportError('no torchvision here')
'''


def test_exception_bases_are_raisable_classes():
    assert_same(PROGRAM)


ASSERTS = r'''
def f(m):
    assert False, m
for m in ['a\x00b', 5, ('t', 1), None, 'plain']:
    try:
        f(m)
    except AssertionError as e:
        print(repr(e), e.args, str(e) == str(m))
try:
    assert 1 == 2, 'x\x00y'
except AssertionError as e:
    print(repr(e))
try:
    assert 0
except AssertionError as e:
    print(repr(e), e.args)
assert [], 'empty list is falsy'
'''


def test_assert_raises_its_message_object():
    """AssertionError(msg) with msg itself: any type, and text holding NUL kept whole."""
    assert_same(ASSERTS)
