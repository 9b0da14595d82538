"""Basic statistics for numeric data, after CPython 3.11's Lib/statistics.py: mean, fmean,
geometric_mean, harmonic_mean, median, median_low, median_high, median_grouped, mode,
multimode, quantiles, variance, pvariance, stdev, pstdev, covariance, correlation,
linear_regression and StatisticsError (not NormalDist).

CPython sums with fractions.Fraction so mean and the variances are exact before the one final
rounding; the kernel has no fractions module, so the same exact sums are kept here as integer
(numerator, denominator) pairs (a float's exact ratio is found by scaling it by powers of two)
and the final division is rounded to nearest-even by hand. Results for int, bool and float
data are CPython's; Fraction and Decimal data are not supported, nor are results in the
subnormal range (below 2.2e-308) rounded exactly."""
import math

__all__ = ['StatisticsError', 'correlation', 'covariance', 'fmean', 'geometric_mean',
           'harmonic_mean', 'linear_regression', 'mean', 'median', 'median_grouped',
           'median_high', 'median_low', 'mode', 'multimode', 'pstdev', 'pvariance',
           'quantiles', 'stdev', 'variance']


class StatisticsError(ValueError):
    pass


# -- exact arithmetic helpers --------------------------------------------

def _scale2(x, e):
    # x * 2**e, in steps that neither overflow nor underflow the power of two
    while e > 0:
        s = e if e < 1000 else 1000
        x = x * 2.0 ** s
        e -= s
    while e < 0:
        s = -e if -e < 1000 else 1000
        x = x * 2.0 ** -s
        e += s
    return x


def _div_round(p, q):
    """p / q for ints (q > 0) as the nearest float, ties to even (as float(Fraction(p, q)))."""
    if p == 0:
        return 0.0
    neg = p < 0
    if neg:
        p = -p
    shift = p.bit_length() - q.bit_length() - 55
    if shift > 0:
        q = q << shift
    else:
        p = p << -shift
    quo, rem = divmod(p, q)
    # p/q == (quo + rem/q) * 2**shift, and quo has 55 or 56 bits
    extra = quo.bit_length() - 53
    low = quo & ((1 << extra) - 1)
    quo >>= extra
    half = 1 << (extra - 1)
    if low > half or (low == half and (rem or (quo & 1))):
        quo += 1
    x = _scale2(float(quo), shift + extra)
    if x == math.inf:
        raise OverflowError('integer division result too large for a float')
    return -x if neg else x


def _isfinite(x):
    try:
        return x.is_finite()
    except AttributeError:
        return math.isfinite(x)


def _exact_ratio(x):
    """Return Real number x to exact (numerator, denominator) pair; (x, None) for inf/nan."""
    if isinstance(x, int):
        return (int(x), 1)
    if isinstance(x, float):
        if not math.isfinite(x):
            return (x, None)
        d = 1
        # A float that is not an integer is below 2**52, so scaling it by powers of two
        # is exact until it is one.
        while x != math.floor(x):
            x = x * 4294967296.0
            d <<= 32
        return (int(x), d)
    try:
        return x.as_integer_ratio()
    except AttributeError:
        pass
    except (OverflowError, ValueError):
        return (x, None)
    try:
        return (x.numerator, x.denominator)
    except AttributeError:
        msg = "can't convert type '%s' to numerator/denominator" % type(x).__name__
        raise TypeError(msg)


def _coerce(T, S):
    """Coerce types T and S to a common type, or raise TypeError."""
    if T is S:  return T
    if S is int or S is bool:  return T
    if T is int:  return S
    if issubclass(S, T):  return S
    if issubclass(T, S):  return T
    if issubclass(T, int):  return S
    if issubclass(S, int):  return T
    msg = "don't know how to coerce %s and %s"
    raise TypeError(msg % (T.__name__, S.__name__))


def _types_of(types):
    T = int
    for S in types:
        T = _coerce(T, S)
    return T


def _add_partials(partials):
    # sum of n/d over the partials dict {d: n}, as an unreduced (num, den) pair
    num, den = 0, 1
    for d in partials:
        n = partials[d]
        num = num * d + n * den
        den = den * d
    return num, den


def _sum(data):
    """(type, exact sum as (num, den) or a non-finite float, count) of data."""
    count = 0
    types = []
    partials = {}
    for x in data:
        typ = type(x)
        if typ not in types:
            types.append(typ)
        n, d = _exact_ratio(x)
        count += 1
        partials[d] = partials.get(d, 0) + n
    if None in partials:
        total = partials[None]
    else:
        total = _add_partials(partials)
    T = _types_of(types)
    return (T, total, count)


def _ss(data, c=None):
    """(type, exact sum of square deviations, mean, count), the first two exact
    (num, den) pairs unless the data hold an inf or a nan."""
    if c is not None:
        T, ssd, count = _sum((x - c) * (x - c) for x in data)
        return (T, ssd, c, count)
    count = 0
    types = []
    sx_partials = {}
    sxx_partials = {}
    for x in data:
        typ = type(x)
        if typ not in types:
            types.append(typ)
        n, d = _exact_ratio(x)
        count += 1
        sx_partials[d] = sx_partials.get(d, 0) + n
        if d is not None:
            sxx_partials[d] = sxx_partials.get(d, 0) + n * n
    if not count:
        ssd = c = (0, 1)
    elif None in sx_partials:
        ssd = c = sx_partials[None]
    else:
        a, b = _add_partials(sx_partials)
        sq = {}
        for d in sxx_partials:
            sq[d * d] = sq.get(d * d, 0) + sxx_partials[d]
        e, f = _add_partials(sq)
        # (count * sxx - sx * sx) / count, exactly
        ssd = (count * e * b * b - a * a * f, f * b * b * count)
        c = (a, b * count)
    T = _types_of(types)
    return (T, ssd, c, count)


def _div(value, k):
    # value / k for an exact pair or a non-finite float
    if isinstance(value, tuple):
        return (value[0], value[1] * k)
    return value / k


def _convert(value, T):
    """Convert an exact (num, den) pair (or a non-finite float) to type T."""
    if not isinstance(value, tuple):
        return value
    num, den = value
    if issubclass(T, int):
        if num % den == 0:
            return T(num // den)
        return _div_round(num, den)
    f = _div_round(num, den)
    if T is float:
        return f
    return T(f)


def _float_sqrt_of_frac(n, m):
    """Square root of n/m as a float, correctly rounded."""
    q = (n.bit_length() - m.bit_length() - 109) // 2
    if q >= 0:
        a = math.isqrt(n // (m << 2 * q))
        numerator = (a | (a * a * (m << 2 * q) != n)) << q
        denominator = 1
    else:
        n2 = n << -2 * q
        a = math.isqrt(n2 // m)
        numerator = a | (a * a * m != n2)
        denominator = 1 << -q
    return _div_round(numerator, denominator)


def _sqrt(value):
    if not isinstance(value, tuple):
        # CPython reaches for value.numerator on the float here
        raise AttributeError("'float' object has no attribute 'numerator'")
    num, den = value
    g = math.gcd(num, den)
    return _float_sqrt_of_frac(num // g, den // g)


# -- the statistics ------------------------------------------------------

def mean(data):
    """Return the sample arithmetic mean of data.

    >>> mean([1, 2, 3, 4, 4])
    2.8

    If ``data`` is empty, StatisticsError will be raised.
    """
    T, total, n = _sum(data)
    if n < 1:
        raise StatisticsError('mean requires at least one data point')
    return _convert(_div(total, n), T)


def fmean(data, weights=None):
    """Convert data to floats and compute the arithmetic mean.

    This runs faster than the mean() function and it always returns a float.
    If the input dataset is empty, it raises a StatisticsError.

    >>> fmean([3.5, 4.0, 5.25])
    4.25
    """
    try:
        n = len(data)
    except TypeError:
        data = list(data)
        n = len(data)
    if weights is None:
        total = math.fsum(data)
        if not n:
            raise StatisticsError('fmean requires at least one data point')
        return total / n
    try:
        num_weights = len(weights)
    except TypeError:
        weights = list(weights)
        num_weights = len(weights)
    num = math.fsum(x * w for x, w in zip(data, weights))
    if n != num_weights:
        raise StatisticsError('data and weights must be the same length')
    den = math.fsum(weights)
    if not den:
        raise StatisticsError('sum of weights must be non-zero')
    return num / den


def median(data):
    """Return the median (middle value) of numeric data.

    When the number of data points is odd, return the middle data point.
    When the number of data points is even, the median is interpolated by
    taking the average of the two middle values.
    """
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    if n % 2 == 1:
        return data[n // 2]
    else:
        i = n // 2
        return (data[i - 1] + data[i]) / 2


def median_low(data):
    """Return the low median of numeric data.

    When the number of data points is odd, the middle value is returned.
    When it is even, the smaller of the two middle values is returned.
    """
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    if n % 2 == 1:
        return data[n // 2]
    else:
        return data[n // 2 - 1]


def median_high(data):
    """Return the high median of data.

    When the number of data points is odd, the middle value is returned.
    When it is even, the larger of the two middle values is returned.
    """
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    return data[n // 2]


def _counts(data):
    counts = {}
    for x in data:
        counts[x] = counts.get(x, 0) + 1
    return counts


def mode(data):
    """Return the most common data point from discrete or nominal data.

    If there are multiple modes with same frequency, return the first one
    encountered. If *data* is empty, ``mode``, raises StatisticsError.
    """
    counts = _counts(data)
    best = None
    bestcount = 0
    for value in counts:
        if counts[value] > bestcount:
            best = value
            bestcount = counts[value]
    if not bestcount:
        raise StatisticsError('no mode for empty data')
    return best


def multimode(data):
    """Return a list of the most frequently occurring values.

    Will return more than one result if there are multiple modes
    or an empty list if *data* is empty.
    """
    counts = _counts(data)
    if not counts:
        return []
    maxcount = max(counts.values())
    return [value for value in counts if counts[value] == maxcount]


def variance(data, xbar=None):
    """Return the sample variance of data.

    data should be an iterable of Real-valued numbers, with at least two
    values. The optional argument xbar, if given, should be the mean of
    the data. If it is missing or None, the mean is automatically calculated.
    """
    T, ss, c, n = _ss(data, xbar)
    if n < 2:
        raise StatisticsError('variance requires at least two data points')
    return _convert(_div(ss, n - 1), T)


def pvariance(data, mu=None):
    """Return the population variance of ``data``.

    The optional argument mu, if given, should be the mean of the data.
    If it is missing or None, the mean is automatically calculated.
    """
    T, ss, c, n = _ss(data, mu)
    if n < 1:
        raise StatisticsError('pvariance requires at least one data point')
    return _convert(_div(ss, n), T)


def stdev(data, xbar=None):
    """Return the square root of the sample variance.

    See ``variance`` for arguments and other details.
    """
    T, ss, c, n = _ss(data, xbar)
    if n < 2:
        raise StatisticsError('stdev requires at least two data points')
    return _sqrt(_div(ss, n - 1))


def pstdev(data, mu=None):
    """Return the square root of the population variance.

    See ``pvariance`` for arguments and other details.
    """
    T, ss, c, n = _ss(data, mu)
    if n < 1:
        raise StatisticsError('pstdev requires at least one data point')
    return _sqrt(_div(ss, n))


def median_grouped(data, interval=1.0):
    """Estimates the median for numeric data binned around the midpoints
    of consecutive, fixed-width intervals."""
    data = sorted(data)
    n = len(data)
    if not n:
        raise StatisticsError("no median for empty data")
    x = data[n // 2]
    # the first and one past the last position of x (bisect_left/bisect_right)
    i = 0
    while i < n and data[i] < x:
        i += 1
    j = i
    while j < n and not x < data[j]:
        j += 1
    try:
        interval = float(interval)
        x = float(x)
    except ValueError:
        raise TypeError('Value cannot be converted to a float')
    L = x - interval / 2.0    # Lower limit of the median interval
    cf = i                    # Cumulative frequency of the preceding interval
    f = j - i                 # Number of elements in the median internal
    return L + interval * (n / 2 - cf) / f


def geometric_mean(data):
    """Convert data to floats and compute the geometric mean.

    Raises a StatisticsError if the input dataset is empty,
    if it contains a zero, or if it contains a negative value.
    """
    try:
        return math.exp(fmean(map(math.log, data)))
    except ValueError:
        raise StatisticsError('geometric mean requires a non-empty dataset '
                              'containing positive numbers') from None


def _fail_neg(values, errmsg='negative value'):
    """Iterate over values, failing if any are less than zero."""
    for x in values:
        if x < 0:
            raise StatisticsError(errmsg)
        yield x


def harmonic_mean(data, weights=None):
    """Return the harmonic mean of data.

    The harmonic mean is the reciprocal of the arithmetic mean of the
    reciprocals of the data. If ``data`` is empty, or any element is less
    than zero, ``harmonic_mean`` will raise ``StatisticsError``.
    """
    if iter(data) is data:
        data = list(data)
    errmsg = 'harmonic mean does not support negative values'
    n = len(data)
    if n < 1:
        raise StatisticsError('harmonic_mean requires at least one data point')
    elif n == 1 and weights is None:
        x = data[0]
        if isinstance(x, (int, float)):
            if x < 0:
                raise StatisticsError(errmsg)
            return x
        else:
            raise TypeError('unsupported type')
    if weights is None:
        weights = [1] * n
        sum_weights = (n, 1)
    else:
        if iter(weights) is weights:
            weights = list(weights)
        if len(weights) != n:
            raise StatisticsError('Number of weights does not match data size')
        _, sum_weights, _ = _sum(w for w in _fail_neg(weights, errmsg))
    try:
        data = _fail_neg(data, errmsg)
        T, total, count = _sum(w / x if w else 0 for w, x in zip(weights, data))
    except ZeroDivisionError:
        return 0
    if not isinstance(total, tuple) or not isinstance(sum_weights, tuple):
        if isinstance(total, tuple):
            total = _div_round(total[0], total[1])
        if isinstance(sum_weights, tuple):
            sum_weights = _div_round(sum_weights[0], sum_weights[1])
        if total <= 0:
            raise StatisticsError('Weighted sum must be positive')
        return sum_weights / total
    if total[0] <= 0:
        raise StatisticsError('Weighted sum must be positive')
    return _convert((sum_weights[0] * total[1], sum_weights[1] * total[0]), T)


def quantiles(data, *, n=4, method='exclusive'):
    """Divide *data* into *n* continuous intervals with equal probability.

    Returns a list of (n - 1) cut points separating the intervals.
    If *method* is set to *inclusive*, *data* is treated as population
    data.  The minimum value is treated as the 0th percentile and the
    maximum value is treated as the 100th percentile.
    """
    if n < 1:
        raise StatisticsError('n must be at least 1')
    data = sorted(data)
    ld = len(data)
    if ld < 2:
        raise StatisticsError('must have at least two data points')
    if method == 'inclusive':
        m = ld - 1
        result = []
        for i in range(1, n):
            j, delta = divmod(i * m, n)
            interpolated = (data[j] * (n - delta) + data[j + 1] * delta) / n
            result.append(interpolated)
        return result
    if method == 'exclusive':
        m = ld + 1
        result = []
        for i in range(1, n):
            j = i * m // n                               # rescale i to m/n
            j = 1 if j < 1 else ld-1 if j > ld-1 else j  # clamp to 1 .. ld-1
            delta = i*m - j*n                            # exact integer math
            interpolated = (data[j - 1] * (n - delta) + data[j] * delta) / n
            result.append(interpolated)
        return result
    raise ValueError('Unknown method: %r' % (method,))


def covariance(x, y):
    """Return the sample covariance of two inputs *x* and *y*."""
    n = len(x)
    if len(y) != n:
        raise StatisticsError('covariance requires that both inputs have same number of data points')
    if n < 2:
        raise StatisticsError('covariance requires at least two data points')
    xbar = math.fsum(x) / n
    ybar = math.fsum(y) / n
    sxy = math.fsum((xi - xbar) * (yi - ybar) for xi, yi in zip(x, y))
    return sxy / (n - 1)


def correlation(x, y):
    """Pearson's correlation coefficient for two inputs, between -1 and +1."""
    n = len(x)
    if len(y) != n:
        raise StatisticsError('correlation requires that both inputs have same number of data points')
    if n < 2:
        raise StatisticsError('correlation requires at least two data points')
    xbar = math.fsum(x) / n
    ybar = math.fsum(y) / n
    sxy = math.fsum((xi - xbar) * (yi - ybar) for xi, yi in zip(x, y))
    sxx = math.fsum((xi - xbar) * (xi - xbar) for xi in x)
    syy = math.fsum((yi - ybar) * (yi - ybar) for yi in y)
    try:
        return sxy / math.sqrt(sxx * syy)
    except ZeroDivisionError:
        raise StatisticsError('at least one of the inputs is constant')


from collections import namedtuple as _namedtuple
LinearRegression = _namedtuple('LinearRegression', ('slope', 'intercept'))


def linear_regression(x, y, *, proportional=False):
    """Slope and intercept for simple linear regression (ordinary least squares),
    as LinearRegression(slope, intercept); with *proportional* the line passes
    through the origin."""
    n = len(x)
    if len(y) != n:
        raise StatisticsError('linear regression requires that both inputs have same number of data points')
    if n < 2:
        raise StatisticsError('linear regression requires at least two data points')
    if proportional:
        sxy = math.fsum(xi * yi for xi, yi in zip(x, y))
        sxx = math.fsum(xi * xi for xi in x)
    else:
        xbar = math.fsum(x) / n
        ybar = math.fsum(y) / n
        sxy = math.fsum((xi - xbar) * (yi - ybar) for xi, yi in zip(x, y))
        sxx = math.fsum((xi - xbar) * (xi - xbar) for xi in x)
    try:
        slope = sxy / sxx   # equivalent to:  covariance(x, y) / variance(x)
    except ZeroDivisionError:
        raise StatisticsError('x is constant')
    intercept = 0.0 if proportional else ybar - slope * xbar
    return LinearRegression(slope=slope, intercept=intercept)
