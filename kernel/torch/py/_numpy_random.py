"""numpy.random's Generator API (loaded on first use of a name numpy.random lacks):
default_rng, Generator, PCG64, SeedSequence and BitGenerator, with NumPy 2's argument rules
and messages. The draws are C (numpy.random._pcg_* over tensorcore's copy of NumPy's
Generator stream), so a seeded Generator gives NumPy's numbers."""
import operator
import numpy as np

_r = np.random
_pcg_new, _pcg_get, _pcg_set = _r._pcg_new, _r._pcg_get, _r._pcg_set
_pcg_float, _pcg_integers, _pcg_interval = _r._pcg_float, _r._pcg_integers, _r._pcg_interval
_pcg_shuffle, _pcg_sample, _pcg_discrete, _pcg_choice_p = _r._pcg_shuffle, _r._pcg_sample, _r._pcg_discrete, _r._pcg_choice_p

class AxisError(ValueError, IndexError):
    """Axis supplied was invalid (numpy.exceptions.AxisError)."""


AxisError.__module__ = "numpy.exceptions"
_pcg_integers_each = _r._pcg_integers_each
_pcg_dist, _pcg_multinomial, _pcg_dirichlet = _r._pcg_dist, _r._pcg_multinomial, _r._pcg_dirichlet
_MASK32 = 0xFFFFFFFF
_POISSON_LAM_MAX = 9.223372006484771e+18


def _int_of(x):
    """x as a Python int when it is an integer (a NumPy integer scalar too), else None."""
    if isinstance(x, bool):
        return None
    if isinstance(x, int):
        return x
    if isinstance(x, np.ndarray) or not hasattr(x, "dtype") or x.dtype.kind not in "iu":
        return None
    return int(x)


def _words(x):
    """SeedSequence's entropy as 32-bit words (an int's least significant first)."""
    n = _int_of(x)
    if n is None:
        if isinstance(x, (list, tuple)) or isinstance(x, np.ndarray) and x.ndim == 1:
            out = []
            for v in x:
                out.extend(_words(v))
            return out
        raise TypeError("SeedSequence expects int or sequence of ints for entropy not %s" % (x,))
    if n < 0:
        raise ValueError("expected non-negative integer")
    if n == 0:
        return [0]
    out = []
    while n > 0:
        out.append(n & _MASK32)
        n >>= 32
    return out


class SeedSequence:
    """Mixes sources of entropy in a reproducible way to set the initial state for
    independent and very probably non-overlapping BitGenerators."""

    def __init__(self, entropy=None, *, spawn_key=(), pool_size=4, n_children_spawned=0):
        if pool_size != 4:
            raise NotImplementedError("SeedSequence: only pool_size=4 is supported by this kernel")
        if entropy is None:
            w = _r._seedseq_entropy()
            entropy = w[0] | (w[1] << 32) | (w[2] << 64) | (w[3] << 96)
        self.entropy = entropy
        self.spawn_key = tuple(spawn_key)
        self.pool_size = pool_size
        self.n_children_spawned = n_children_spawned
        self.pool = _r._seedseq_pool(_words(entropy), _words(list(self.spawn_key)) if self.spawn_key else [])

    def __repr__(self):
        lines = ["%s(" % type(self).__name__, "    entropy=%r," % (self.entropy,)]
        if self.spawn_key:
            lines.append("    spawn_key=%r," % (self.spawn_key,))
        if self.n_children_spawned != 0:
            lines.append("    n_children_spawned=%r," % (self.n_children_spawned,))
        lines.append(")")
        return "\n".join(lines)

    @property
    def state(self):
        return {"entropy": self.entropy, "spawn_key": self.spawn_key, "pool_size": self.pool_size,
                "n_children_spawned": self.n_children_spawned}

    def generate_state(self, n_words, dtype="uint32"):
        name = np.dtype(dtype).name if not isinstance(dtype, str) else dtype
        if name != "uint32":
            raise NotImplementedError("SeedSequence.generate_state: only dtype=uint32 is supported by this kernel "
                                      "(its words come back as int64)")
        return _r._seedseq_generate(self.pool, operator.index(n_words))

    def spawn(self, n_children):
        seqs = [type(self)(self.entropy, spawn_key=self.spawn_key + (i,), pool_size=self.pool_size)
                for i in range(self.n_children_spawned, self.n_children_spawned + n_children)]
        self.n_children_spawned += n_children
        return seqs


class BitGenerator:
    """Base class for bit generators."""


class PCG64(BitGenerator):
    """BitGenerator for the PCG-64 pseudo-random number generator."""

    def __init__(self, seed=None):
        if isinstance(seed, (SeedSequence,)):
            ss = seed
        else:
            ss = SeedSequence(seed)
        self._seed_seq = ss
        self._st = _pcg_new(ss.pool)

    @property
    def seed_seq(self):
        return self._seed_seq

    @property
    def state(self):
        s, inc, has, u = _pcg_get(self._st)
        return {"bit_generator": "PCG64", "state": {"state": s, "inc": inc}, "has_uint32": has, "uinteger": u}

    @state.setter
    def state(self, value):
        if not isinstance(value, dict):
            raise TypeError("state must be a dict")
        if value.get("bit_generator") != "PCG64":
            raise ValueError("state must be for a PCG64 PRNG")
        st = value["state"]
        _pcg_set(self._st, st["state"], st["inc"], value["has_uint32"], value["uinteger"])

    def spawn(self, n_children):
        return [type(self)(s) for s in self._seed_seq.spawn(n_children)]

    def __repr__(self):
        return "<numpy.random._pcg64.PCG64 object at 0x%x>" % id(self)


def _dtype_name(dtype):
    if dtype is int:
        return "int64"
    if dtype is float:
        return "float64"
    if dtype is bool:
        return "bool"
    return np.dtype(dtype).name


def _unsupported(dtype, what):
    return TypeError("Unsupported dtype %r for %s" % (np.dtype(dtype), what))


_INT_BOUNDS = {"bool": (0, 1), "int8": (-128, 127), "int16": (-32768, 32767), "int32": (-2**31, 2**31 - 1),
               "int64": (-2**63, 2**63 - 1), "uint8": (0, 255)}


def _is_scalar(x):
    return not isinstance(x, (list, tuple, np.ndarray)) or isinstance(x, np.ndarray) and x.ndim == 0


def _float_param(x):
    return float(x) if _is_scalar(x) else np.asarray(x, dtype=np.float64)


class Generator:
    """Container for the BitGenerators (PCG64 here)."""

    def __init__(self, bit_generator):
        if not isinstance(bit_generator, BitGenerator) or not hasattr(bit_generator, "_st"):
            raise TypeError("Generator: this kernel provides the PCG64 and MT19937 bit generators")
        self._bit_generator = bit_generator
        self._st = bit_generator._st

    @property
    def bit_generator(self):
        return self._bit_generator

    def __str__(self):
        return "%s(%s)" % (type(self).__name__, type(self._bit_generator).__name__)

    def __repr__(self):
        return self.__str__() + " at 0x%X" % id(self)

    def spawn(self, n_children):
        return [type(self)(g) for g in self._bit_generator.spawn(n_children)]

    # ---- floats

    def random(self, size=None, dtype=np.float64, out=None):
        name = _dtype_name(dtype)
        if name not in ("float64", "float32"):
            raise _unsupported(dtype, "random")
        return self._out(_pcg_float(self._st, 0, size, name == "float32"), out)

    def standard_normal(self, size=None, dtype=np.float64, out=None):
        name = _dtype_name(dtype)
        if name not in ("float64", "float32"):
            raise _unsupported(dtype, "standard_normal")
        return self._out(_pcg_float(self._st, 1, size, name == "float32"), out)

    def standard_exponential(self, size=None, dtype=np.float64, method="zig", out=None):
        name = _dtype_name(dtype)
        if name != "float64":
            raise NotImplementedError("standard_exponential: only float64 is supported by this kernel")
        if method != "zig":
            raise NotImplementedError("standard_exponential: only method='zig' is supported by this kernel")
        return self._out(_pcg_float(self._st, 2, size), out)

    @staticmethod
    def _out(r, out):
        if out is None:
            return r
        out[...] = r
        return out

    def _cont(self, kind, a, b, size, affine):
        """A float draw with parameters a, b (scalars or arrays broadcast over size)."""
        if _is_scalar(a) and _is_scalar(b):
            return _pcg_float(self._st, kind, size, False, a, b)
        shape = (np.asarray(a) + np.asarray(b)).shape if size is None else size
        z = _pcg_float(self._st, kind, shape)
        return affine(np.asarray(a), np.asarray(b), z)

    def normal(self, loc=0.0, scale=1.0, size=None):
        loc, scale = _float_param(loc), _float_param(scale)
        if np.any(np.asarray(scale) < 0):
            raise ValueError("scale < 0")
        return self._cont(1, loc, scale, size, lambda a, b, z: a + b * z)

    def uniform(self, low=0.0, high=1.0, size=None):
        low, high = _float_param(low), _float_param(high)
        rng = high - low
        if not np.all(np.isfinite(np.asarray(rng))):
            raise OverflowError("high - low range exceeds valid bounds")
        if np.any(np.asarray(rng) < 0):
            raise ValueError("high - low < 0")
        return self._cont(0, low, rng, size, lambda a, b, z: a + b * z)

    def exponential(self, scale=1.0, size=None):
        scale = _float_param(scale)
        if np.any(np.asarray(scale) < 0):
            raise ValueError("scale < 0")
        return self._cont(2, 0.0, scale, size, lambda a, b, z: b * z)

    # ---- integers

    def integers(self, low, high=None, size=None, dtype=np.int64, endpoint=False):
        if high is None:
            high = low
            low = 0
        name = _dtype_name(dtype)
        if name not in _INT_BOUNDS:
            if name in ("uint16", "uint32", "uint64"):
                raise NotImplementedError("integers: dtype %s is not supported by this kernel" % name)
            raise _unsupported(dtype, "integers")
        if not (_is_scalar(low) and _is_scalar(high)):
            return self._integers_arrays(low, high, size, name, endpoint)
        lo, hi = int(low), int(high)
        if not endpoint:
            hi -= 1
        lowbnd, highbnd = _INT_BOUNDS[name]
        if lo < lowbnd:
            raise ValueError("low is out of bounds for %s" % name)
        if hi > highbnd:
            raise ValueError("high is out of bounds for %s" % name)
        if lo > hi:
            if endpoint:
                raise ValueError("high < 0" if lo == 0 else "low > high")
            raise ValueError("high <= 0" if lo == 0 else "low >= high")
        r = _pcg_integers(self._st, lo, hi, size, "bool" if name == "bool" else name)
        if size is None and dtype in (bool, int):
            return dtype(r)
        return r

    def _integers_arrays(self, low, high, size, name, endpoint):
        """integers() with array bounds: broadcast, checked, one draw per element."""
        lo = np.asarray(low).astype(np.int64)
        hi = np.asarray(high).astype(np.int64)
        if not endpoint:
            hi = hi - 1
        lowbnd, highbnd = _INT_BOUNDS[name]
        if np.any(lo < lowbnd):
            raise ValueError("low is out of bounds for %s" % name)
        if np.any(hi > highbnd):
            raise ValueError("high is out of bounds for %s" % name)
        if np.any(lo > hi):
            zero = bool(np.all(lo == 0))
            if endpoint:
                raise ValueError("high < 0" if zero else "low > high")
            raise ValueError("high <= 0" if zero else "low >= high")
        shape = (lo + hi).shape if size is None else ((size,) if _int_of(size) is not None else tuple(size))
        lo = np.ascontiguousarray(np.broadcast_to(lo, shape))
        hi = np.ascontiguousarray(np.broadcast_to(hi, shape))
        return _pcg_integers_each(self._st, lo, hi, name)

    # ---- discrete

    def poisson(self, lam=1.0, size=None):
        lam = float(lam)
        if not lam >= 0:
            raise ValueError("lam < 0 or lam is NaN")
        if lam >= _POISSON_LAM_MAX:
            raise ValueError("lam value too large")
        r = _pcg_discrete(self._st, 0, lam, 0.0, size)
        return int(r) if size is None else r

    def binomial(self, n, p, size=None):
        if not (_is_scalar(n) and _is_scalar(p)):
            raise NotImplementedError("binomial: array parameters are not supported by this kernel")
        n, p = int(n), float(p)
        if n < 0:
            raise ValueError("n < 0")
        if not (0 <= p <= 1):
            raise ValueError("p < 0, p > 1 or p is NaN")
        r = _pcg_discrete(self._st, 1, n, p, size)
        return int(r) if size is None else r

    # ---- the other distributions (scalar parameters)

    def _dist(self, name, kind, size, *params):
        for v in params:
            if not _is_scalar(v):
                raise NotImplementedError("%s: array parameters are not supported by this kernel" % name)
        return _pcg_dist(self._st, kind, size, *[float(v) for v in params])

    def standard_gamma(self, shape, size=None, dtype=np.float64, out=None):
        if _dtype_name(dtype) != "float64":
            raise NotImplementedError("standard_gamma: only float64 is supported by this kernel")
        if float(shape) < 0:
            raise ValueError("shape < 0")
        return self._out(self._dist("standard_gamma", 0, size, shape), out)

    def gamma(self, shape, scale=1.0, size=None):
        if float(shape) < 0:
            raise ValueError("shape < 0")
        if float(scale) < 0:
            raise ValueError("scale < 0")
        return self._dist("gamma", 1, size, shape, scale)

    def chisquare(self, df, size=None):
        if not float(df) > 0:
            raise ValueError("df <= 0")
        return self._dist("chisquare", 2, size, df)

    def beta(self, a, b, size=None):
        if not float(a) > 0:
            raise ValueError("a <= 0")
        if not float(b) > 0:
            raise ValueError("b <= 0")
        return self._dist("beta", 3, size, a, b)

    def lognormal(self, mean=0.0, sigma=1.0, size=None):
        if float(sigma) < 0:
            raise ValueError("sigma < 0")
        return self._dist("lognormal", 4, size, mean, sigma)

    def laplace(self, loc=0.0, scale=1.0, size=None):
        if float(scale) < 0:
            raise ValueError("scale < 0")
        return self._dist("laplace", 5, size, loc, scale)

    def logistic(self, loc=0.0, scale=1.0, size=None):
        if float(scale) < 0:
            raise ValueError("scale < 0")
        return self._dist("logistic", 6, size, loc, scale)

    def gumbel(self, loc=0.0, scale=1.0, size=None):
        if float(scale) < 0:
            raise ValueError("scale < 0")
        return self._dist("gumbel", 7, size, loc, scale)

    def triangular(self, left, mode, right, size=None):
        left, mode, right = float(left), float(mode), float(right)
        if left > mode:
            raise ValueError("left > mode")
        if mode > right:
            raise ValueError("mode > right")
        if left == right:
            raise ValueError("left == right")
        return self._dist("triangular", 8, size, left, mode, right)

    def geometric(self, p, size=None):
        p = float(p)
        if not (0 < p <= 1):
            raise ValueError("p <= 0, p > 1 or p contains NaNs")
        return self._dist("geometric", 9, size, p)

    def standard_cauchy(self, size=None):
        return self._dist("standard_cauchy", 10, size)

    def weibull(self, a, size=None):
        if float(a) < 0:
            raise ValueError("a < 0")
        return self._dist("weibull", 11, size, a)

    def pareto(self, a, size=None):
        if not float(a) > 0:
            raise ValueError("a <= 0")
        return self._dist("pareto", 12, size, a)

    def rayleigh(self, scale=1.0, size=None):
        if float(scale) < 0:
            raise ValueError("scale < 0")
        return self._dist("rayleigh", 13, size, scale)

    def power(self, a, size=None):
        if not float(a) > 0:
            raise ValueError("a <= 0")
        return self._dist("power", 14, size, a)

    def multinomial(self, n, pvals, size=None):
        if not _is_scalar(n):
            raise NotImplementedError("multinomial: array n is not supported by this kernel")
        n = int(n)
        p = np.asarray(pvals, dtype=np.float64)
        if p.ndim != 1:
            raise NotImplementedError("multinomial: pvals of more than one dimension are not supported by this kernel")
        if np.any(p < 0) or np.any(p > 1) or np.any(p != p):
            raise ValueError("pvals < 0, pvals > 1 or pvals contains NaNs")
        if p.size > 1 and _kahan(p[:-1]) > 1.0 + 1e-12:
            raise ValueError("sum(pvals[:-1]) > 1.0")
        if n < 0:
            raise ValueError("n < 0")
        return _pcg_multinomial(self._st, n, p, size)

    def dirichlet(self, alpha, size=None):
        al = np.asarray(alpha, dtype=np.float64)
        if al.ndim != 1:
            raise ValueError("alpha must be a one-dimensional sequence of floats")
        if np.any(al < 0):
            raise ValueError("alpha < 0")
        if np.any(al != al):
            raise ValueError("alpha contains NaNs")
        return _pcg_dirichlet(self._st, al, size)

    # ---- permutations and sampling

    def shuffle(self, x, axis=0):
        if isinstance(x, np.ndarray):
            if x.ndim == 0:
                raise TypeError("len() of unsized object")
            if x.size == 0:
                return
            axis = operator.index(axis)
            if not -x.ndim <= axis < x.ndim:
                raise AxisError("axis %d is out of bounds for array of dimension %d" % (axis, x.ndim))
            _pcg_shuffle(self._st, np.swapaxes(x, 0, axis) if axis % x.ndim else x)
            return
        if axis != 0:
            raise NotImplementedError("Axis argument is only supported on ndarray objects")
        for i in range(len(x) - 1, 0, -1):
            j = _pcg_interval(self._st, i)
            x[i], x[j] = x[j], x[i]

    def permutation(self, x, axis=0):
        if _int_of(x) is not None:
            arr = np.arange(_int_of(x))
            self.shuffle(arr)
            return arr
        arr = np.array(x)
        if arr.ndim < 1:
            raise AxisError("axis %d is out of bounds for array of dimension 0" % axis)
        if not -arr.ndim <= axis < arr.ndim:
            raise AxisError("axis %d is out of bounds for array of dimension %d" % (axis, arr.ndim))
        if arr.ndim == 1:
            self.shuffle(arr)
            return arr
        idx = np.arange(arr.shape[axis])
        self.shuffle(idx)
        return np.take(arr, idx, axis=axis)

    def permuted(self, x, axis=None, out=None):
        x = np.asarray(x)
        if out is None:
            out = x.copy()
        else:
            if out.shape != x.shape:
                raise ValueError("out must have the same shape as x")
            out[...] = x
        if axis is None:
            flat = np.ascontiguousarray(out).reshape(-1)
            if flat.size:
                _pcg_shuffle(self._st, flat)
            out[...] = flat.reshape(out.shape)
            return out
        axis = operator.index(axis)
        if not -out.ndim <= axis < out.ndim:
            raise AxisError("axis %d is out of bounds for array of dimension %d" % (axis, out.ndim))
        moved = np.ascontiguousarray(np.moveaxis(out, axis, -1))
        n = moved.shape[-1]
        rows = moved.reshape(-1, n)
        for i in range(rows.shape[0]):
            _pcg_shuffle(self._st, rows[i], 0)
        out[...] = np.moveaxis(rows.reshape(moved.shape), -1, axis)
        return out

    def choice(self, a, size=None, replace=True, p=None, axis=0, shuffle=True):
        if isinstance(a, (list, tuple)) and any(isinstance(v, str) for v in a):
            # a sequence of other objects (strings): the kernel's numpy has no such arrays, so
            # only the single draw, which is the element itself
            if size is not None:
                raise NotImplementedError("choice: arrays of strings or objects are not supported by the kernel's numpy")
            return a[self.choice(len(a), None, replace, p, 0, shuffle)]
        a_arr = np.array(a)
        if a_arr.ndim == 0:
            try:
                pop_size = operator.index(a_arr.item())
            except TypeError:
                raise ValueError("a must be a sequence or an integer, not %s" % type(a))
            if pop_size <= 0 and (size is None or np.prod(size) != 0):
                raise ValueError("a must be a positive integer unless no samples are taken")
        else:
            pop_size = a_arr.shape[axis]
            if pop_size == 0 and (size is None or np.prod(size) != 0):
                raise ValueError("a cannot be empty unless no samples are taken")
        if p is not None:
            p = np.asarray(p, dtype=np.float64)
            if p.ndim != 1:
                raise ValueError("p must be 1-dimensional")
            if p.size != pop_size:
                raise ValueError("a and p must have same size")
            s = _kahan(p)
            if s != s:
                raise ValueError("Probabilities contain NaN")
            if np.any(p < 0):
                raise ValueError("Probabilities are not non-negative")
            if abs(s - 1.0) > 1.4901161193847656e-08:
                raise ValueError("Probabilities do not sum to 1. See Notes section of docstring for more information.")
        is_scalar = size is None
        shape = () if is_scalar else ((size,) if _int_of(size) is not None else tuple(size))
        k = 1
        for d in shape:
            k *= d
        if replace:
            if p is not None:
                idx = _pcg_choice_p(self._st, p, k, True).reshape(shape)
            else:
                idx = self.integers(0, pop_size, size=shape)
        else:
            if k > pop_size:
                raise ValueError("Cannot take a larger sample than population when replace is False")
            if k < 0:
                raise ValueError("negative dimensions are not allowed")
            if p is not None:
                if np.count_nonzero(p > 0) < k:
                    raise ValueError("Fewer non-zero entries in p than size")
                idx = _pcg_choice_p(self._st, p, k, False).reshape(shape)
            else:
                idx = _pcg_sample(self._st, pop_size, k, shuffle).reshape(shape)
        if a_arr.ndim == 0:
            return int(idx.reshape(-1)[0]) if is_scalar else idx
        if is_scalar:
            r = np.take(a_arr, int(idx.reshape(-1)[0]), axis=axis)
            return r
        return np.take(a_arr, idx, axis=axis)


def _kahan(p):
    s = 0.0
    c = 0.0
    for v in p.tolist():
        y = v - c
        t = s + y
        c = (t - s) - y
        s = t
    return s


def default_rng(seed=None):
    """Construct a new Generator with the default BitGenerator (PCG64)."""
    if isinstance(seed, Generator):
        return seed
    if isinstance(seed, BitGenerator):
        return Generator(seed)
    return Generator(PCG64(seed))


_r.default_rng = default_rng
_r.Generator = Generator
_r.PCG64 = PCG64
_r.SeedSequence = SeedSequence
_r.BitGenerator = BitGenerator
for _c in (Generator, PCG64, SeedSequence, BitGenerator):
    _c.__module__ = "numpy.random"


# ---- MT19937 and RandomState ------------------------------------------------------------

_mt_new, _mt_seed_words, _mt_swap, _mt_raw = _r._mt_new, _r._mt_seed_words, _r._mt_swap, _r._mt_raw
_LEGACY = object()


class MT19937(BitGenerator):
    """Container for the Mersenne Twister pseudo-random number generator."""

    def __init__(self, seed=None):
        self._st = _mt_new()
        if seed is _LEGACY:  # RandomState seeds it its own way
            self._seed_seq = None
            return
        ss = seed if isinstance(seed, SeedSequence) else SeedSequence(seed)
        self._seed_seq = ss
        _mt_seed_words(self._st, ss.generate_state(624).tolist())

    @property
    def seed_seq(self):
        return self._seed_seq

    def _legacy_seeding(self, seed):
        if isinstance(seed, (list, tuple)):
            seed = np.array(seed)
        _mt_swap(self._st)
        try:
            _r.seed(seed)
        finally:
            _mt_swap(self._st)

    def _legacy_state(self, legacy):
        _mt_swap(self._st)
        try:
            return _r.get_state(legacy)
        finally:
            _mt_swap(self._st)

    @property
    def state(self):
        s = self._legacy_state(False)
        return {"bit_generator": "MT19937", "state": s["state"]}

    @state.setter
    def state(self, value):
        if isinstance(value, tuple):
            if value[0] != "MT19937" or len(value) not in (3, 5):
                raise ValueError("state is not a legacy MT19937 state")
            value = {"bit_generator": "MT19937", "state": {"key": value[1], "pos": value[2]}}
        if not isinstance(value, dict):
            raise TypeError("state must be a dict or a tuple.")
        if value.get("bit_generator") != "MT19937":
            raise ValueError("state must be for a MT19937 PRNG")
        _mt_swap(self._st)
        try:
            _r.set_state(("MT19937", value["state"]["key"], value["state"]["pos"]))
        finally:
            _mt_swap(self._st)

    def random_raw(self, size=None, output=True):
        n = 1 if size is None else (size if isinstance(size, int) else int(np.prod(size)))
        raw = _mt_raw(self._st, n)
        if not output:
            return None
        if size is None:
            return int(raw[0])
        return raw.reshape(size)

    def jumped(self, jumps=1):
        raise NotImplementedError("MT19937.jumped is not supported by this kernel")

    def spawn(self, n_children):
        return [type(self)(s) for s in self._seed_seq.spawn(n_children)]

    def __repr__(self):
        return "<numpy.random._mt19937.MT19937 object at 0x%x>" % id(self)


def _mvn_args(mean, cov, size):
    mean = np.array(mean)
    cov = np.array(cov)
    if mean.dtype.kind == "c" or cov.dtype.kind == "c":
        raise TypeError("mean and cov must not be complex")
    if size is None:
        shape = []
    elif _int_of(size) is not None:
        shape = [_int_of(size)]
    else:
        shape = list(size)
    if len(mean.shape) != 1:
        raise ValueError("mean must be 1 dimensional")
    if len(cov.shape) != 2 or cov.shape[0] != cov.shape[1]:
        raise ValueError("cov must be 2 dimensional and square")
    if mean.shape[0] != cov.shape[0]:
        raise ValueError("mean and cov must have same length")
    return mean, cov.astype(np.float64), shape + [mean.shape[0]]


def _not_psd(check_valid):
    if check_valid == "warn":
        import warnings
        warnings.warn("covariance is not symmetric positive-semidefinite.", RuntimeWarning)
    else:
        raise ValueError("covariance is not symmetric positive-semidefinite.")


def _legacy_multivariate_normal(mean, cov, size=None, check_valid="warn", tol=1e-8):
    """The legacy RandomState.multivariate_normal: svd of cov, NumPy's arithmetic."""
    mean, cov, final_shape = _mvn_args(mean, cov, size)
    x = _r.standard_normal(final_shape).reshape(-1, mean.shape[0])
    (u, s, v) = np.linalg.svd(cov)
    if check_valid != "ignore":
        if check_valid != "warn" and check_valid != "raise":
            raise ValueError("check_valid must equal 'warn', 'raise', or 'ignore'")
        if not np.allclose(np.dot(v.T * s, v), cov, rtol=tol, atol=tol):
            _not_psd(check_valid)
    x = np.dot(x, np.sqrt(s)[:, None] * v)
    x += mean
    return x.reshape(tuple(final_shape))


def _gen_multivariate_normal(self, mean, cov, size=None, check_valid="warn", tol=1e-8, *, method="svd"):
    if method not in ("eigh", "svd", "cholesky"):
        raise ValueError("method must be one of {'eigh', 'svd', 'cholesky'}")
    mean, cov, final_shape = _mvn_args(mean, cov, size)
    x = self.standard_normal(final_shape).reshape(-1, mean.shape[0])
    if method == "svd":
        (u, s, vh) = np.linalg.svd(cov)
    elif method == "eigh":
        (s, u) = np.linalg.eigh(cov)
    else:
        l = np.linalg.cholesky(cov)
    if check_valid != "ignore" and method != "cholesky":
        if check_valid != "warn" and check_valid != "raise":
            raise ValueError("check_valid must equal 'warn', 'raise', or 'ignore'")
        if method == "svd":
            psd = np.allclose(np.dot(vh.T * s, vh), cov, rtol=tol, atol=tol)
        else:
            psd = not np.any(s < -tol)
        if not psd:
            _not_psd(check_valid)
    if method == "cholesky":
        factor = l
    elif method == "eigh":
        factor = u * np.sqrt(np.abs(s))
    else:
        factor = u * np.sqrt(s)
    x = mean + x @ factor.T
    return x.reshape(tuple(final_shape))


Generator.multivariate_normal = _gen_multivariate_normal

_LEGACY_METHODS = ["beta", "binomial", "bytes", "chisquare", "choice", "dirichlet", "exponential", "gamma",
                   "geometric", "get_state", "gumbel", "laplace", "logistic", "lognormal", "multinomial",
                   "normal", "permutation", "poisson", "rand", "randint", "randn", "random",
                   "random_sample", "seed", "set_state", "shuffle", "standard_exponential",
                   "standard_gamma", "standard_normal", "triangular", "uniform"]


class RandomState:
    """Container for the slow Mersenne Twister pseudo-random number generator
    (NumPy's legacy stream: the same draws as np.random.seed/rand/... for the same seed)."""

    def __init__(self, seed=None):
        if isinstance(seed, MT19937):
            self._bit_generator = seed
        elif isinstance(seed, BitGenerator):
            raise TypeError("RandomState: this kernel provides the MT19937 bit generator")
        else:
            bg = MT19937(_LEGACY)
            bg._legacy_seeding(seed)
            self._bit_generator = bg
        self._st = self._bit_generator._st

    def __repr__(self):
        return "RandomState(MT19937) at 0x%X" % id(self)

    def __str__(self):
        return "RandomState(MT19937)"

    def _call(self, name, args, kwargs):
        _mt_swap(self._st)
        try:
            return getattr(_r, name)(*args, **kwargs)
        finally:
            _mt_swap(self._st)

    def multivariate_normal(self, mean, cov, size=None, check_valid="warn", tol=1e-8):
        _mt_swap(self._st)
        try:
            return _legacy_multivariate_normal(mean, cov, size, check_valid, tol)
        finally:
            _mt_swap(self._st)

    def __getstate__(self):
        return self.get_state(legacy=False)

    def __setstate__(self, state):
        self.set_state(state)


class _LegacyMethod:
    """RandomState.<name>: np.random.<name> run on this instance's state."""

    def __init__(self, name):
        self.name = name
        self.__name__ = name
        self.__doc__ = getattr(_r, name).__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        name = self.name
        return lambda *a, **k: obj._call(name, a, k)


for _n in _LEGACY_METHODS:
    if hasattr(_r, _n):
        setattr(RandomState, _n, _LegacyMethod(_n))


def _multivariate_normal(mean, cov, size=None, check_valid="warn", tol=1e-8):
    """Draw random samples from a multivariate normal distribution."""
    return _legacy_multivariate_normal(mean, cov, size, check_valid, tol)


_r.MT19937 = MT19937
_r.RandomState = RandomState
_r.multivariate_normal = _multivariate_normal
for _c in (MT19937, RandomState):
    _c.__module__ = "numpy.random"
