"""Descriptive statistics of numeric data: averages (mean, fmean, geometric_mean,
harmonic_mean, the medians, mode, multimode, quantiles), spread (variance, pvariance, stdev,
pstdev) and two-variable relations (covariance, correlation, linear_regression).
Results, result types and error messages are CPython 3.11's for int, bool and float data."""
# How exactness is kept without a fractions module: CPython's mean and variances sum the
# data exactly and round once at the end. Here every value becomes an exact integer ratio
# (numerator, denominator) -- a float's has a power-of-two denominator -- the sums are kept
# per denominator as integers and combined once, and the final ratio is turned into the
# nearest float by _nearest_float (round-half-even, subnormals included). An inf or nan in
# the data short-circuits to float arithmetic, as in CPython. Fraction and Decimal data are
# not supported (the kernel has neither type), nor is NormalDist.
import math
from collections import namedtuple as _namedtuple

__all__ = ['StatisticsError', 'correlation', 'covariance', 'fmean', 'geometric_mean',
           'harmonic_mean', 'linear_regression', 'mean', 'median', 'median_grouped',
           'median_high', 'median_low', 'mode', 'multimode', 'pstdev', 'pvariance',
           'quantiles', 'stdev', 'variance']


class StatisticsError(ValueError):
    pass


# ---- exact rationals as (num, den) pairs, den > 0 ----------------------------------------

def _nearest_float(num, den):
    """num/den rounded to the nearest float (ties to even), as int true division does."""
    if num == 0:
        return 0.0
    negative = num < 0
    if negative:
        num = -num
    # Scale so the integer quotient carries 55-56 significant bits.
    shift = 55 - (num.bit_length() - den.bit_length())
    if shift >= 0:
        quot, rest = divmod(num << shift, den)
    else:
        quot, rest = divmod(num, den << -shift)
    # value = (quot + rest/den) * 2**-shift; find its binary exponent and the lowest bit a
    # double can hold there (53 bits of precision, nothing below 2**-1074).
    top = quot.bit_length() - shift            # value lies in [2**(top-1), 2**top)
    lowest = top - 53
    if lowest < -1074:
        lowest = -1074
    drop = lowest + shift                      # bits of quot below the kept precision
    if drop > quot.bit_length() + 1:
        mant, tail, half = 0, quot, 1 << (drop - 1)
    else:
        mant = quot >> drop
        tail = quot & ((1 << drop) - 1)
        half = 1 << (drop - 1)
    if tail > half or (tail == half and (rest or mant & 1)):
        mant += 1
    if mant.bit_length() + lowest > 1024:
        raise OverflowError('integer division result too large for a float')
    result = math.ldexp(float(mant), lowest)
    return -result if negative else result


def _ratio(x):
    """x as an exact (num, den) pair; (x, None) for an inf or a nan."""
    if isinstance(x, int):
        return int(x), 1
    if isinstance(x, float):
        if x - x != 0.0:                      # inf or nan
            return x, None
        return x.as_integer_ratio()
    pair = getattr(x, 'as_integer_ratio', None)
    if pair is not None:
        try:
            return pair()
        except (OverflowError, ValueError):
            return x, None
    try:
        return x.numerator, x.denominator
    except AttributeError:
        raise TypeError("can't convert type '%s' to numerator/denominator"
                        % type(x).__name__)


def _result_type(types):
    """The type a result is given, from the types met in the data (CPython's coercion)."""
    out = int
    for t in types:
        if t is out or t is int or t is bool:
            continue
        if out is int or issubclass(t, out):
            out = t
        elif issubclass(out, t):
            pass
        elif issubclass(out, int):
            out = t
        elif not issubclass(t, int):
            raise TypeError("don't know how to coerce %s and %s"
                            % (out.__name__, t.__name__))
    return out


class _ExactSum:
    """Accumulates values exactly: per-denominator integer sums, the kinds of value seen,
    a count and (optionally) the sum of squares."""

    def __init__(self, squares=False):
        self.count = 0
        self.kinds = []
        self.by_den = {}
        self.sq_by_den = {} if squares else None
        self.special = None          # an inf/nan met: the float sum of those

    def add_all(self, values):
        kinds = self.kinds
        by_den = self.by_den
        sq = self.sq_by_den
        for v in values:
            t = type(v)
            if t not in kinds:
                kinds.append(t)
            num, den = _ratio(v)
            self.count += 1
            if den is None:
                self.special = num if self.special is None else self.special + num
                continue
            by_den[den] = by_den.get(den, 0) + num
            if sq is not None:
                dd = den * den
                sq[dd] = sq.get(dd, 0) + num * num
        return self

    def kind(self):
        return _result_type(self.kinds)


def _combine(by_den):
    """The sum of num/den over a {den: num} dict, as one pair."""
    num, den = 0, 1
    for d, n in by_den.items():
        num, den = num * d + n * den, den * d
    return num, den


def _exact_total(values):
    """(result type, exact sum pair or an inf/nan float, count)."""
    acc = _ExactSum().add_all(values)
    total = acc.special if acc.special is not None else _combine(acc.by_den)
    return acc.kind(), total, acc.count


def _squared_deviations(data, centre):
    """(result type, sum of squared deviations as a pair or inf/nan, count)."""
    if centre is not None:
        return _exact_total((v - centre) * (v - centre) for v in data)
    acc = _ExactSum(squares=True).add_all(data)
    kind = acc.kind()
    if acc.special is not None:
        return kind, acc.special, acc.count
    n = acc.count
    if n == 0:
        return kind, (0, 1), 0
    sn, sd = _combine(acc.by_den)
    qn, qd = _combine(acc.sq_by_den)
    # sum((x - mean)**2) == sum(x*x) - sum(x)**2 / n, exact in rationals
    return kind, (n * qn * sd * sd - sn * sn * qd, qd * sd * sd * n), n


def _divided(total, k):
    if isinstance(total, tuple):
        return total[0], total[1] * k
    return total / k


def _as_kind(value, kind):
    """An exact pair (or an inf/nan float) given the result type: a whole number stays an
    int when the data were ints, anything else becomes the nearest float."""
    if not isinstance(value, tuple):
        return value
    num, den = value
    if issubclass(kind, int):
        if num % den == 0:
            return kind(num // den)
        return _nearest_float(num, den)
    f = _nearest_float(num, den)
    return f if kind is float else kind(f)


def _root_of_pair(value):
    """Correctly rounded square root of an exact pair."""
    if not isinstance(value, tuple):
        # CPython looks for .numerator on the float it has here
        raise AttributeError("'float' object has no attribute 'numerator'")
    num, den = value
    g = math.gcd(num, den)
    num //= g
    den //= g
    # Scale by 4**s so the integer root has ~110 bits, then mark an inexact root in its
    # lowest bit: that bit is far below the rounding point, so it only breaks ties right.
    s = (220 - (num.bit_length() - den.bit_length())) // 2
    if s >= 0:
        big, small = num << (2 * s), den
    else:
        big, small = num, den << (-2 * s)
    root = math.isqrt(big // small)
    if root * root * small != big:
        root |= 1
    if s >= 0:
        return _nearest_float(root, 1 << s)
    return _nearest_float(root << -s, 1)


# ---- averages ----------------------------------------------------------------------------

def mean(data):
    """The arithmetic mean, computed exactly and rounded once."""
    kind, total, n = _exact_total(data)
    if not n:
        raise StatisticsError('mean requires at least one data point')
    return _as_kind(_divided(total, n), kind)


def fmean(data, weights=None):
    """The mean in float arithmetic (optionally weighted)."""
    if not hasattr(data, '__len__'):
        data = list(data)
    n = len(data)
    if weights is None:
        total = math.fsum(data)
        if n == 0:
            raise StatisticsError('fmean requires at least one data point')
        return total / n
    if not hasattr(weights, '__len__'):
        weights = list(weights)
    top = math.fsum([x * w for x, w in zip(data, weights)])
    if len(weights) != n:
        raise StatisticsError('data and weights must be the same length')
    bottom = math.fsum(weights)
    if not bottom:
        raise StatisticsError('sum of weights must be non-zero')
    return top / bottom


def geometric_mean(data):
    """exp of the mean log; the data must be positive."""
    try:
        logs = [math.log(x) for x in data]
        return math.exp(fmean(logs))
    except ValueError:
        raise StatisticsError('geometric mean requires a non-empty dataset '
                              'containing positive numbers') from None


def _no_negatives(values, message):
    for v in values:
        if v < 0:
            raise StatisticsError(message)
        yield v


def harmonic_mean(data, weights=None):
    """The reciprocal of the (weighted) mean of reciprocals; 0 when a value is 0."""
    negative = 'harmonic mean does not support negative values'
    if iter(data) is data:
        data = list(data)
    n = len(data)
    if n == 0:
        raise StatisticsError('harmonic_mean requires at least one data point')
    if n == 1 and weights is None:
        only = data[0]
        if not isinstance(only, (int, float)):
            raise TypeError('unsupported type')
        if only < 0:
            raise StatisticsError(negative)
        return only
    if weights is None:
        weights = [1] * n
        wsum = (n, 1)
    else:
        if iter(weights) is weights:
            weights = list(weights)
        if len(weights) != n:
            raise StatisticsError('Number of weights does not match data size')
        wsum = _exact_total(_no_negatives(weights, negative))[1]
    checked = _no_negatives(data, negative)
    try:
        kind, total, _ = _exact_total(w / x if w else 0 for w, x in zip(weights, checked))
    except ZeroDivisionError:
        return 0
    if isinstance(total, tuple) and isinstance(wsum, tuple):
        if total[0] <= 0:
            raise StatisticsError('Weighted sum must be positive')
        return _as_kind((wsum[0] * total[1], wsum[1] * total[0]), kind)
    # an inf or nan took part: plain float arithmetic
    t = _nearest_float(*total) if isinstance(total, tuple) else total
    w = _nearest_float(*wsum) if isinstance(wsum, tuple) else wsum
    if t <= 0:
        raise StatisticsError('Weighted sum must be positive')
    return w / t


# ---- medians, modes, quantiles -----------------------------------------------------------

def _ordered(data):
    values = sorted(data)
    if not values:
        raise StatisticsError("no median for empty data")
    return values, len(values)


def median(data):
    """The middle value, or the mean of the two middle values."""
    values, n = _ordered(data)
    half = n // 2
    if n & 1:
        return values[half]
    return (values[half - 1] + values[half]) / 2


def median_low(data):
    """The middle value, or the lower of the two middle values."""
    values, n = _ordered(data)
    return values[(n - 1) // 2]


def median_high(data):
    """The middle value, or the higher of the two middle values."""
    values, n = _ordered(data)
    return values[n // 2]


def median_grouped(data, interval=1.0):
    """The median of data grouped in classes of width interval, interpolated in its class."""
    values, n = _ordered(data)
    centre = values[n // 2]
    first = 0
    while first < n and values[first] < centre:
        first += 1
    end = first
    while end < n and not centre < values[end]:
        end += 1
    try:
        interval = float(interval)
        centre = float(centre)
    except ValueError:
        raise TypeError('Value cannot be converted to a float')
    lower = centre - interval / 2.0
    return lower + interval * (n / 2 - first) / (end - first)


def _tally(data):
    counts = {}
    for v in data:
        counts[v] = counts.get(v, 0) + 1
    return counts


def mode(data):
    """The most frequent value (the first seen among equals)."""
    counts = _tally(data)
    if not counts:
        raise StatisticsError('no mode for empty data')
    top = max(counts.values())
    for v, c in counts.items():
        if c == top:
            return v


def multimode(data):
    """Every most frequent value, in first-seen order ([] for no data)."""
    counts = _tally(data)
    if not counts:
        return []
    top = max(counts.values())
    return [v for v, c in counts.items() if c == top]


def quantiles(data, *, n=4, method='exclusive'):
    """The n-1 cut points that split the data into n equal-probability groups."""
    if n < 1:
        raise StatisticsError('n must be at least 1')
    values = sorted(data)
    size = len(values)
    if size < 2:
        raise StatisticsError('must have at least two data points')
    cuts = []
    if method == 'inclusive':
        # positions i*(size-1)/n over the sorted data, 0-based
        for i in range(1, n):
            base, frac = divmod(i * (size - 1), n)
            cuts.append((values[base] * (n - frac) + values[base + 1] * frac) / n)
        return cuts
    if method == 'exclusive':
        # positions i*(size+1)/n, 1-based, kept inside 1 .. size-1
        for i in range(1, n):
            pos = i * (size + 1)
            base = min(max(pos // n, 1), size - 1)
            frac = pos - base * n
            cuts.append((values[base - 1] * (n - frac) + values[base] * frac) / n)
        return cuts
    raise ValueError('Unknown method: %r' % (method,))


# ---- spread ------------------------------------------------------------------------------

def variance(data, xbar=None):
    """The sample variance (n - 1 in the denominator)."""
    kind, ss, n = _squared_deviations(data, xbar)
    if n < 2:
        raise StatisticsError('variance requires at least two data points')
    return _as_kind(_divided(ss, n - 1), kind)


def pvariance(data, mu=None):
    """The population variance (n in the denominator)."""
    kind, ss, n = _squared_deviations(data, mu)
    if n < 1:
        raise StatisticsError('pvariance requires at least one data point')
    return _as_kind(_divided(ss, n), kind)


def stdev(data, xbar=None):
    """The square root of variance(), correctly rounded."""
    kind, ss, n = _squared_deviations(data, xbar)
    if n < 2:
        raise StatisticsError('stdev requires at least two data points')
    return _root_of_pair(_divided(ss, n - 1))


def pstdev(data, mu=None):
    """The square root of pvariance(), correctly rounded."""
    kind, ss, n = _squared_deviations(data, mu)
    if n < 1:
        raise StatisticsError('pstdev requires at least one data point')
    return _root_of_pair(_divided(ss, n))


# ---- two variables -----------------------------------------------------------------------

def _paired(x, y, what):
    n = len(x)
    if len(y) != n:
        raise StatisticsError('%s requires that both inputs have same number of data points'
                              % what)
    if n < 2:
        raise StatisticsError('%s requires at least two data points' % what)
    return n


def _deviations(values, n):
    centre = math.fsum(values) / n
    return centre, [v - centre for v in values]


def covariance(x, y):
    """The sample covariance of x and y."""
    n = _paired(x, y, 'covariance')
    dx = _deviations(x, n)[1]
    dy = _deviations(y, n)[1]
    return math.fsum([a * b for a, b in zip(dx, dy)]) / (n - 1)


def correlation(x, y):
    """Pearson's correlation coefficient of x and y."""
    n = _paired(x, y, 'correlation')
    dx = _deviations(x, n)[1]
    dy = _deviations(y, n)[1]
    cross = math.fsum([a * b for a, b in zip(dx, dy)])
    xx = math.fsum([a * a for a in dx])
    yy = math.fsum([b * b for b in dy])
    try:
        return cross / math.sqrt(xx * yy)
    except ZeroDivisionError:
        raise StatisticsError('at least one of the inputs is constant')


LinearRegression = _namedtuple('LinearRegression', ('slope', 'intercept'))


def linear_regression(x, y, *, proportional=False):
    """Least-squares line y = slope * x + intercept (through 0 when proportional)."""
    n = _paired(x, y, 'linear regression')
    if proportional:
        cross = math.fsum([a * b for a, b in zip(x, y)])
        xx = math.fsum([a * a for a in x])
    else:
        xmean, dx = _deviations(x, n)
        ymean, dy = _deviations(y, n)
        cross = math.fsum([a * b for a, b in zip(dx, dy)])
        xx = math.fsum([a * a for a in dx])
    try:
        slope = cross / xx
    except ZeroDivisionError:
        raise StatisticsError('x is constant')
    if proportional:
        return LinearRegression(slope=slope, intercept=0.0)
    return LinearRegression(slope=slope, intercept=ymean - slope * xmean)
