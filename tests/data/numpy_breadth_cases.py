"""The NumPy calls tests/py/test_numpy_breadth.py checks: PRELUDE runs first, then each
case (priority group, expression) is evaluated and its repr (or "Type: message" of its
error) compared with what NumPy 2.4 gives (numpy_breadth_numpy.json, written by
gen_numpy_breadth.py with the oracle's python)."""

PRELUDE = '''import numpy as np
a = np.array([[1, -2, 3], [4, 5, -6]])
a3 = np.arange(12).reshape(3, 4)
f = np.array([1.5, -2.5, np.nan, np.inf, -np.inf, 0.0])
i8 = np.array([1, 2, 3], dtype=np.int8)
nan = np.nan
m = np.array([[1.0, nan, 3.0], [nan, nan, 2.0], [4.0, 5.0, 6.0]])
v = np.array([2.0, nan, -1.0, 7.5], dtype=np.float32)
iv = np.array([[3, 1, 2], [9, 8, 7]])
allnan = np.array([[nan, nan], [1.0, 2.0]])
b3 = np.arange(24.).reshape(2, 3, 4)
c = np.ones((3, 4, 5, 6))
x = np.array([3, 1, 3, 2, 1, 1])


def pl():
    x = np.arange(6).reshape(2, 3); np.place(x, x > 2, [44, 55]); return x

def pl2():
    x = np.arange(6.); np.place(x, x > 10, [1]); return x

def pm():
    x = np.arange(6).reshape(2, 3); np.putmask(x, x > 2, x ** 2); return x

def pm2():
    x = np.arange(5); np.putmask(x, x > 1, [-33, -44]); return x

def pa():
    x = np.array([[10, 30, 20], [60, 40, 50]]); ai = np.argmax(x, axis=1).reshape(2, 1); np.put_along_axis(x, ai, 99, axis=1); return x

def pa2():
    x = np.zeros((2, 3)); np.put_along_axis(x, np.array([[0], [2]]), np.array([[1.5], [2.5]]), axis=1); return x

def ct():
    x = np.zeros(3); np.copyto(x, [1, 2, 3]); return x

def ct2():
    x = np.zeros((2, 3), dtype=np.int64); np.copyto(x, np.array([7, 8, 9]), where=np.array([True, False, True])); return x

def ct3():
    x = np.zeros(2, dtype=np.int64); np.copyto(x, 1.5); return x

def ct4():
    x = np.zeros(2, dtype=np.int64); np.copyto(x, np.array([1.5, 2])); return x

def ct5():
    x = np.zeros(2, dtype=np.int64); np.copyto(x, np.array([1.5, 2]), casting="unsafe"); return x

def ct6():
    x = np.zeros(2); np.copyto(x, np.zeros(3)); return x
'''

CASES = [
    (1, 'np.equal(a, 3)'),
    (1, 'np.equal(f, 1.5)'),
    (1, 'np.equal(2, 3)'),
    (1, 'np.equal(a, a.T[:2].T)'),
    (1, 'np.not_equal(a, 3)'),
    (1, 'np.not_equal(f, 1.5)'),
    (1, 'np.not_equal(2, 3)'),
    (1, 'np.not_equal(a, a.T[:2].T)'),
    (1, 'np.less(a, 3)'),
    (1, 'np.less(f, 1.5)'),
    (1, 'np.less(2, 3)'),
    (1, 'np.less(a, a.T[:2].T)'),
    (1, 'np.less_equal(a, 3)'),
    (1, 'np.less_equal(f, 1.5)'),
    (1, 'np.less_equal(2, 3)'),
    (1, 'np.less_equal(a, a.T[:2].T)'),
    (1, 'np.greater(a, 3)'),
    (1, 'np.greater(f, 1.5)'),
    (1, 'np.greater(2, 3)'),
    (1, 'np.greater(a, a.T[:2].T)'),
    (1, 'np.greater_equal(a, 3)'),
    (1, 'np.greater_equal(f, 1.5)'),
    (1, 'np.greater_equal(2, 3)'),
    (1, 'np.greater_equal(a, a.T[:2].T)'),
    (1, 'np.bitwise_and(a, 3)'),
    (1, 'np.bitwise_and(i8, 2)'),
    (1, 'np.bitwise_and(np.array([True, False]), True)'),
    (1, 'np.bitwise_and(f, 1)'),
    (1, 'np.bitwise_and(12, 18)'),
    (1, 'np.bitwise_and(np.array([-8, 8]), np.array([1, 63]))'),
    (1, 'np.bitwise_and(np.array([-5, 5], dtype=np.int8), np.array([7, 9]))'),
    (1, 'np.bitwise_or(a, 3)'),
    (1, 'np.bitwise_or(i8, 2)'),
    (1, 'np.bitwise_or(np.array([True, False]), True)'),
    (1, 'np.bitwise_or(f, 1)'),
    (1, 'np.bitwise_or(12, 18)'),
    (1, 'np.bitwise_or(np.array([-8, 8]), np.array([1, 63]))'),
    (1, 'np.bitwise_or(np.array([-5, 5], dtype=np.int8), np.array([7, 9]))'),
    (1, 'np.bitwise_xor(a, 3)'),
    (1, 'np.bitwise_xor(i8, 2)'),
    (1, 'np.bitwise_xor(np.array([True, False]), True)'),
    (1, 'np.bitwise_xor(f, 1)'),
    (1, 'np.bitwise_xor(12, 18)'),
    (1, 'np.bitwise_xor(np.array([-8, 8]), np.array([1, 63]))'),
    (1, 'np.bitwise_xor(np.array([-5, 5], dtype=np.int8), np.array([7, 9]))'),
    (1, 'np.left_shift(a, 3)'),
    (1, 'np.left_shift(i8, 2)'),
    (1, 'np.left_shift(np.array([True, False]), True)'),
    (1, 'np.left_shift(f, 1)'),
    (1, 'np.left_shift(12, 18)'),
    (1, 'np.left_shift(np.array([-8, 8]), np.array([1, 63]))'),
    (1, 'np.left_shift(np.array([-5, 5], dtype=np.int8), np.array([7, 9]))'),
    (1, 'np.right_shift(a, 3)'),
    (1, 'np.right_shift(i8, 2)'),
    (1, 'np.right_shift(np.array([True, False]), True)'),
    (1, 'np.right_shift(f, 1)'),
    (1, 'np.right_shift(12, 18)'),
    (1, 'np.right_shift(np.array([-8, 8]), np.array([1, 63]))'),
    (1, 'np.right_shift(np.array([-5, 5], dtype=np.int8), np.array([7, 9]))'),
    (1, 'np.bitwise_left_shift(a, 3)'),
    (1, 'np.bitwise_left_shift(i8, 2)'),
    (1, 'np.bitwise_left_shift(np.array([True, False]), True)'),
    (1, 'np.bitwise_left_shift(f, 1)'),
    (1, 'np.bitwise_left_shift(12, 18)'),
    (1, 'np.bitwise_left_shift(np.array([-8, 8]), np.array([1, 63]))'),
    (1, 'np.bitwise_left_shift(np.array([-5, 5], dtype=np.int8), np.array([7, 9]))'),
    (1, 'np.bitwise_right_shift(a, 3)'),
    (1, 'np.bitwise_right_shift(i8, 2)'),
    (1, 'np.bitwise_right_shift(np.array([True, False]), True)'),
    (1, 'np.bitwise_right_shift(f, 1)'),
    (1, 'np.bitwise_right_shift(12, 18)'),
    (1, 'np.bitwise_right_shift(np.array([-8, 8]), np.array([1, 63]))'),
    (1, 'np.bitwise_right_shift(np.array([-5, 5], dtype=np.int8), np.array([7, 9]))'),
    (1, 'np.gcd(a, 3)'),
    (1, 'np.gcd(i8, 2)'),
    (1, 'np.gcd(np.array([True, False]), True)'),
    (1, 'np.gcd(f, 1)'),
    (1, 'np.gcd(12, 18)'),
    (1, 'np.gcd(np.array([-8, 8]), np.array([1, 63]))'),
    (1, 'np.gcd(np.array([-5, 5], dtype=np.int8), np.array([7, 9]))'),
    (1, 'np.lcm(a, 3)'),
    (1, 'np.lcm(i8, 2)'),
    (1, 'np.lcm(np.array([True, False]), True)'),
    (1, 'np.lcm(f, 1)'),
    (1, 'np.lcm(12, 18)'),
    (1, 'np.lcm(np.array([-8, 8]), np.array([1, 63]))'),
    (1, 'np.lcm(np.array([-5, 5], dtype=np.int8), np.array([7, 9]))'),
    (1, 'np.invert(a)'),
    (1, 'np.invert(f)'),
    (1, 'np.invert(np.array([True, False]))'),
    (1, 'np.invert(np.array([], dtype=np.float32))'),
    (1, 'np.invert(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.invert(-3)'),
    (1, 'np.bitwise_not(a)'),
    (1, 'np.bitwise_not(f)'),
    (1, 'np.bitwise_not(np.array([True, False]))'),
    (1, 'np.bitwise_not(np.array([], dtype=np.float32))'),
    (1, 'np.bitwise_not(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.bitwise_not(-3)'),
    (1, 'np.bitwise_invert(a)'),
    (1, 'np.bitwise_invert(f)'),
    (1, 'np.bitwise_invert(np.array([True, False]))'),
    (1, 'np.bitwise_invert(np.array([], dtype=np.float32))'),
    (1, 'np.bitwise_invert(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.bitwise_invert(-3)'),
    (1, 'np.fabs(a)'),
    (1, 'np.fabs(f)'),
    (1, 'np.fabs(np.array([True, False]))'),
    (1, 'np.fabs(np.array([], dtype=np.float32))'),
    (1, 'np.fabs(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.fabs(-3)'),
    (1, 'np.fix(a)'),
    (1, 'np.fix(f)'),
    (1, 'np.fix(np.array([True, False]))'),
    (1, 'np.fix(np.array([], dtype=np.float32))'),
    (1, 'np.fix(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.fix(-3)'),
    (1, 'np.positive(a)'),
    (1, 'np.positive(f)'),
    (1, 'np.positive(np.array([True, False]))'),
    (1, 'np.positive(np.array([], dtype=np.float32))'),
    (1, 'np.positive(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.positive(-3)'),
    (1, 'np.spacing(a)'),
    (1, 'np.spacing(f)'),
    (1, 'np.spacing(np.array([True, False]))'),
    (1, 'np.spacing(np.array([], dtype=np.float32))'),
    (1, 'np.spacing(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.spacing(-3)'),
    (1, 'np.isneginf(a)'),
    (1, 'np.isneginf(f)'),
    (1, 'np.isneginf(np.array([True, False]))'),
    (1, 'np.isneginf(np.array([], dtype=np.float32))'),
    (1, 'np.isneginf(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.isneginf(-3)'),
    (1, 'np.isposinf(a)'),
    (1, 'np.isposinf(f)'),
    (1, 'np.isposinf(np.array([True, False]))'),
    (1, 'np.isposinf(np.array([], dtype=np.float32))'),
    (1, 'np.isposinf(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.isposinf(-3)'),
    (1, 'np.frexp(a)'),
    (1, 'np.frexp(f)'),
    (1, 'np.frexp(np.array([True, False]))'),
    (1, 'np.frexp(np.array([], dtype=np.float32))'),
    (1, 'np.frexp(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.frexp(-3)'),
    (1, 'np.modf(a)'),
    (1, 'np.modf(f)'),
    (1, 'np.modf(np.array([True, False]))'),
    (1, 'np.modf(np.array([], dtype=np.float32))'),
    (1, 'np.modf(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.modf(-3)'),
    (1, 'np.acos(a)'),
    (1, 'np.acos(f)'),
    (1, 'np.acos(np.array([True, False]))'),
    (1, 'np.acos(np.array([], dtype=np.float32))'),
    (1, 'np.acos(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.acos(-3)'),
    (1, 'np.asin(a)'),
    (1, 'np.asin(f)'),
    (1, 'np.asin(np.array([True, False]))'),
    (1, 'np.asin(np.array([], dtype=np.float32))'),
    (1, 'np.asin(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.asin(-3)'),
    (1, 'np.atan(a)'),
    (1, 'np.atan(f)'),
    (1, 'np.atan(np.array([True, False]))'),
    (1, 'np.atan(np.array([], dtype=np.float32))'),
    (1, 'np.atan(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.atan(-3)'),
    (1, 'np.acosh(a)'),
    (1, 'np.acosh(f)'),
    (1, 'np.acosh(np.array([True, False]))'),
    (1, 'np.acosh(np.array([], dtype=np.float32))'),
    (1, 'np.acosh(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.acosh(-3)'),
    (1, 'np.asinh(a)'),
    (1, 'np.asinh(f)'),
    (1, 'np.asinh(np.array([True, False]))'),
    (1, 'np.asinh(np.array([], dtype=np.float32))'),
    (1, 'np.asinh(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.asinh(-3)'),
    (1, 'np.atanh(a)'),
    (1, 'np.atanh(f)'),
    (1, 'np.atanh(np.array([True, False]))'),
    (1, 'np.atanh(np.array([], dtype=np.float32))'),
    (1, 'np.atanh(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.atanh(-3)'),
    (1, 'np.arccosh(a)'),
    (1, 'np.arccosh(f)'),
    (1, 'np.arccosh(np.array([True, False]))'),
    (1, 'np.arccosh(np.array([], dtype=np.float32))'),
    (1, 'np.arccosh(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.arccosh(-3)'),
    (1, 'np.arcsinh(a)'),
    (1, 'np.arcsinh(f)'),
    (1, 'np.arcsinh(np.array([True, False]))'),
    (1, 'np.arcsinh(np.array([], dtype=np.float32))'),
    (1, 'np.arcsinh(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.arcsinh(-3)'),
    (1, 'np.arctanh(a)'),
    (1, 'np.arctanh(f)'),
    (1, 'np.arctanh(np.array([True, False]))'),
    (1, 'np.arctanh(np.array([], dtype=np.float32))'),
    (1, 'np.arctanh(np.array([0.5, -0.25], dtype=np.float32))'),
    (1, 'np.arctanh(-3)'),
    (1, 'np.fmod(a, 2)'),
    (1, 'np.fmod(f, 2.0)'),
    (1, 'np.fmod(np.array([1.5, -3.5], dtype=np.float32), np.array([2, 3]))'),
    (1, 'np.fmod(-7, 3)'),
    (1, 'np.fmod(np.array([7, -7]), np.array([0, 2]))'),
    (1, 'np.divmod(a, 2)'),
    (1, 'np.divmod(f, 2.0)'),
    (1, 'np.divmod(np.array([1.5, -3.5], dtype=np.float32), np.array([2, 3]))'),
    (1, 'np.divmod(-7, 3)'),
    (1, 'np.divmod(np.array([7, -7]), np.array([0, 2]))'),
    (1, 'np.pow(a, 2)'),
    (1, 'np.pow(f, 2.0)'),
    (1, 'np.pow(np.array([1.5, -3.5], dtype=np.float32), np.array([2, 3]))'),
    (1, 'np.pow(-7, 3)'),
    (1, 'np.pow(np.array([7, -7]), np.array([0, 2]))'),
    (1, 'np.float_power(a, 2)'),
    (1, 'np.float_power(f, 2.0)'),
    (1, 'np.float_power(np.array([1.5, -3.5], dtype=np.float32), np.array([2, 3]))'),
    (1, 'np.float_power(-7, 3)'),
    (1, 'np.float_power(np.array([7, -7]), np.array([0, 2]))'),
    (1, 'np.ldexp(a, 2)'),
    (1, 'np.ldexp(f, 2.0)'),
    (1, 'np.ldexp(np.array([1.5, -3.5], dtype=np.float32), np.array([2, 3]))'),
    (1, 'np.ldexp(-7, 3)'),
    (1, 'np.ldexp(np.array([7, -7]), np.array([0, 2]))'),
    (1, 'np.nextafter(a, 2)'),
    (1, 'np.nextafter(f, 2.0)'),
    (1, 'np.nextafter(np.array([1.5, -3.5], dtype=np.float32), np.array([2, 3]))'),
    (1, 'np.nextafter(-7, 3)'),
    (1, 'np.nextafter(np.array([7, -7]), np.array([0, 2]))'),
    (1, 'np.logaddexp2(a, 2)'),
    (1, 'np.logaddexp2(f, 2.0)'),
    (1, 'np.logaddexp2(np.array([1.5, -3.5], dtype=np.float32), np.array([2, 3]))'),
    (1, 'np.logaddexp2(-7, 3)'),
    (1, 'np.logaddexp2(np.array([7, -7]), np.array([0, 2]))'),
    (1, 'np.atan2(a, 2)'),
    (1, 'np.atan2(f, 2.0)'),
    (1, 'np.atan2(np.array([1.5, -3.5], dtype=np.float32), np.array([2, 3]))'),
    (1, 'np.atan2(-7, 3)'),
    (1, 'np.atan2(np.array([7, -7]), np.array([0, 2]))'),
    (1, 'np.isrealobj(a)'),
    (1, 'np.isrealobj(np.array([1j]))'),
    (1, 'np.isrealobj([1, 2])'),
    (1, 'np.concat([a, a])'),
    (1, 'np.concat([a, a], axis=1)'),
    (1, 'np.concat((a, a), axis=None)'),
    (1, 'np.permute_dims(np.zeros((2, 3, 4))).shape'),
    (1, 'np.permute_dims(np.zeros((2, 3, 4)), (2, 0, 1)).shape'),
    (1, 'np.permute_dims(a, (1, 0))'),
    (1, 'np.transpose(np.zeros((2, 3, 4)), (1, 0, 2)).shape'),
    (1, 'np.zeros((2, 3, 4)).transpose(2, 0, 1).shape'),
    (1, 'np.zeros((2, 3, 4)).transpose([0, 2, 1]).shape'),
    (1, 'np.zeros((2, 3)).transpose(0, 0)'),
    (1, 'np.zeros((2, 3)).transpose(0)'),
    (1, 'np.matrix_transpose(np.arange(24).reshape(2, 3, 4)).shape'),
    (1, 'np.matrix_transpose(np.arange(3))'),
    (1, 'np.matrix_transpose(a)'),
    (1, 'np.astype(a, np.float32)'),
    (1, 'np.astype(f, np.int64)'),
    (1, 'np.astype([1], int)'),
    (1, 'np.unstack(a)'),
    (1, 'np.unstack(a, axis=1)'),
    (1, 'np.unstack(np.array(1))'),
    (1, 'a.mT'),
    (1, 'np.arange(3).mT'),
    (1, 'np.arange(12).reshape(2, 3, 2).mT.shape'),
    (1, 'np.arange(12).reshape(2, 3, 2).mT.strides'),
]

# Evaluates the expressions in EXPRS and prints each repr (or the error) and a separator line;
# the same text runs under NumPy and in the kernel.
RUNNER = '''
def _show(e):
    try:
        return repr(eval(e))
    except Exception as ex:
        return type(ex).__name__ + ": " + str(ex)


for _e in EXPRS:
    print(_show(_e))
    print("\\x1e")
'''
