"""numpy_extras (loaded on first use, as torch_extras for torch): the NumPy functions tutorials call on arrays, composed from the kernel's
ndarray operators and, where an op has no ndarray form, from torch ops on the same memory
(arrays and tensors share the kernel's storage). Each name is added to numpy (and, with
_method, to ndarray) only where no C function of that name exists."""
import math
import numpy as np
import torch


_added = []  # the names set on numpy


def _fn(name, f):
    if name not in np.__dict__:  # (no lookup: a miss would come back here to load)
        setattr(np, name, f)
        _added.append(name)


_registry = []  # the methods exist while this module keeps the registry
_probe = np.zeros(1)


def _method(name, f):
    if not hasattr(_probe, name):
        _registry.append(torch._tensor_method(name, f, True))
        del _registry[:-1]


def _arr(x):
    return x if isinstance(x, np.ndarray) else np.asarray(x)


def _t(x):
    return torch.from_numpy(_arr(x))


def _scalar(a):
    """A 0-d result as NumPy's scalar of its dtype."""
    return getattr(np, str(a.dtype))(a.item())


def _res(t):
    """A torch result as an ndarray (0-d: a NumPy scalar)."""
    a = np.asarray(t)
    return _scalar(a) if a.ndim == 0 else a


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


# ---- ufuncs ------------------------------------------------------------------------------

def add(x1, x2):
    return _arr(x1) + x2


def subtract(x1, x2):
    return _arr(x1) - x2


def multiply(x1, x2):
    return _arr(x1) * x2


def divide(x1, x2):
    return _arr(x1) / x2


def floor_divide(x1, x2):
    return _arr(x1) // x2


def power(x1, x2):
    return _arr(x1) ** x2


def mod(x1, x2):
    return _arr(x1) % x2


def _float_unary(name, torch_name):
    """NumPy's ufunc name from the torch op torch_name (integers computed in float64)."""
    def ufunc(x):
        a = _arr(x)
        if a.dtype not in (np.float32, np.float64, np.float16):
            a = a.astype(np.float64)
        return _res(getattr(torch, torch_name)(_t(a)))
    ufunc.__name__ = ufunc.__qualname__ = name
    return ufunc


def maximum(x1, x2):
    a, b = _arr(x1), _arr(x2)
    s = a + b * 0  # NumPy's result dtype and shape
    return _res(torch.maximum(_t(a).to(_t(s).dtype), _t(b).to(_t(s).dtype)))


def minimum(x1, x2):
    a, b = _arr(x1), _arr(x2)
    s = a + b * 0
    return _res(torch.minimum(_t(a).to(_t(s).dtype), _t(b).to(_t(s).dtype)))


def arctan2(x1, x2):
    a, b, dt = _float_common("arctan2", x1, x2)
    return _res(torch.atan2(a, b))


def isnan(x):
    return _res(torch.isnan(_t(x)))


def isinf(x):
    return _res(torch.isinf(_t(x)))


def isfinite(x):
    return _res(torch.isfinite(_t(x)))


def logical_and(x1, x2):
    return _res(torch.logical_and(_t(x1), _t(x2)))


def logical_or(x1, x2):
    return _res(torch.logical_or(_t(x1), _t(x2)))


def logical_not(x):
    return _res(torch.logical_not(_t(x)))


def logical_xor(x1, x2):
    return _res(_t(x1).bool() ^ _t(x2).bool())


def clip(a, a_min=None, a_max=None):
    return _res(torch.clamp(_t(a), a_min, a_max))


def round(a, decimals=0):
    t = _t(a)
    if t.is_complex():  # each part rounded
        return _res(torch.complex(torch.round(t.real, decimals=decimals), torch.round(t.imag, decimals=decimals)))
    if not t.is_floating_point():
        return _arr(a).copy()
    return _res(torch.round(t, decimals=decimals))


for _n, _f in [("add", add), ("subtract", subtract), ("multiply", multiply), ("divide", divide),
               ("true_divide", divide), ("floor_divide", floor_divide), ("power", power),
               ("mod", mod), ("remainder", mod), ("maximum", maximum), ("minimum", minimum),
               ("arctan2", arctan2), ("isnan", isnan), ("isinf", isinf), ("isfinite", isfinite),
               ("logical_and", logical_and), ("logical_or", logical_or),
               ("logical_not", logical_not), ("logical_xor", logical_xor), ("clip", clip),
               ("round", round), ("around", round)]:
    _fn(_n, _f)
for _n, _tn in [("tan", "tan"), ("arcsin", "asin"), ("arccos", "acos"), ("arctan", "atan"),
                ("sinh", "sinh"), ("cosh", "cosh"), ("log1p", "log1p"), ("expm1", "expm1"),
                ("exp2", "exp2"), ("deg2rad", "deg2rad"), ("rad2deg", "rad2deg"),
                ("radians", "deg2rad"), ("degrees", "rad2deg"), ("reciprocal", "reciprocal"),
                ("trunc", "trunc"), ("rint", "round"), ("cbrt", "cbrt"), ("sinc", "sinc")]:
    if hasattr(torch, _tn):
        _fn(_n, _float_unary(_n, _tn))


# ---- joining, shapes -------------------------------------------------------------------

def concatenate(arrays, axis=0):
    if axis is None:
        return _res(torch.cat([_t(a).reshape(-1) for a in arrays]))
    ts = [_t(a) for a in arrays]
    dt = ts[0].dtype
    for t in ts[1:]:
        dt = torch.promote_types(dt, t.dtype)
    return _res(torch.cat([t.to(dt) for t in ts], axis))


def stack(arrays, axis=0):
    return concatenate([np.expand_dims(_arr(a), axis) for a in arrays], axis)


def vstack(tup):
    return concatenate([_arr(a).reshape(1, -1) if _arr(a).ndim < 2 else _arr(a) for a in tup], 0)


def hstack(tup):
    arrs = [_arr(a) for a in tup]
    return concatenate(arrs, 0 if arrs[0].ndim == 1 else 1)


def column_stack(tup):
    return concatenate([_arr(a).reshape(-1, 1) if _arr(a).ndim < 2 else _arr(a) for a in tup], 1)


def expand_dims(a, axis):
    a = _arr(a)
    ax = axis if axis >= 0 else axis + a.ndim + 1
    return a.reshape(list(a.shape[:ax]) + [1] + list(a.shape[ax:]))


def squeeze(a, axis=None):
    a = _arr(a)
    if axis is None:
        return a.reshape([s for s in a.shape if s != 1])
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    axes = [x % a.ndim for x in axes]
    for x in axes:
        if a.shape[x] != 1:
            raise ValueError("cannot select an axis to squeeze out which has size not equal to one")
    return a.reshape([s for i, s in enumerate(a.shape) if i not in axes])


def ravel(a):
    return _arr(a).reshape(-1)


def flip(m, axis=None):
    t = _t(m)
    dims = list(range(t.dim())) if axis is None else [axis] if isinstance(axis, int) else list(axis)
    return _res(t.flip(dims))


def where(condition, x=None, y=None):
    c = _t(condition).bool()
    if x is None and y is None:
        return tuple(_res(i) for i in torch.nonzero(c, as_tuple=True))
    if x is None or y is None:
        raise ValueError("either both or neither of x and y should be given")
    dt = result_type(x, y)  # Python numbers are weak, as in NumPy 2
    a, b = _arr(x), _arr(y)
    return _res(torch.where(c, _t(a if a.dtype == dt else a.astype(dt)),
                            _t(b if b.dtype == dt else b.astype(dt))))


def nonzero(a):
    return tuple(_res(i) for i in torch.nonzero(_t(a), as_tuple=True))


def argwhere(a):
    return _res(torch.nonzero(_t(a)))


def count_nonzero(a, axis=None):
    r = torch.count_nonzero(_t(a), dim=axis)
    return r.item() if axis is None else _res(r)


def tile(A, reps):
    t = _t(A)
    reps = (reps,) if isinstance(reps, int) else tuple(reps)
    return _res(t.tile(reps))


def repeat(a, repeats, axis=None):
    t = _t(a)
    if axis is None:
        t = t.reshape(-1)
        axis = 0
    return _res(t.repeat_interleave(repeats, dim=axis))


def roll(a, shift, axis=None):
    t = _t(a)
    return _res(torch.roll(t, shift) if axis is None else torch.roll(t, shift, axis))


def tril(m, k=0):
    return _res(torch.tril(_t(m), k))


def triu(m, k=0):
    return _res(torch.triu(_t(m), k))


def diag(v, k=0):
    return _res(torch.diag(_t(v), k))


def trace(a):
    return _scalar(np.asarray(torch.trace(_t(a))))


def meshgrid(*xi, indexing="xy"):
    return [_res(g.clone()) for g in torch.meshgrid(*[_t(x) for x in xi], indexing=indexing)]


def outer(a, b):
    return _res(torch.outer(_t(a).reshape(-1), _t(b).reshape(-1)))


def swapaxes(a, axis1, axis2):
    return _res(_t(a).transpose(axis1, axis2))


def moveaxis(a, source, destination):
    return _res(torch.movedim(_t(a), source, destination))


def broadcast_to(array, shape):
    return _res(_t(array).expand(*((shape,) if isinstance(shape, int) else shape)))


for _n, _f in [("concatenate", concatenate), ("stack", stack), ("vstack", vstack),
               ("row_stack", vstack), ("hstack", hstack), ("column_stack", column_stack),
               ("expand_dims", expand_dims), ("squeeze", squeeze), ("ravel", ravel),
               ("flip", flip), ("where", where), ("nonzero", nonzero), ("argwhere", argwhere),
               ("count_nonzero", count_nonzero), ("tile", tile), ("repeat", repeat),
               ("roll", roll), ("tril", tril), ("triu", triu), ("diag", diag), ("trace", trace),
               ("meshgrid", meshgrid), ("outer", outer), ("swapaxes", swapaxes),
               ("moveaxis", moveaxis), ("broadcast_to", broadcast_to)]:
    _fn(_n, _f)


# ---- comparisons, statistics ------------------------------------------------------------

def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    x, y = _t(a).double(), _t(_arr(b)).double()
    return _res(torch.isclose(x, y, rtol=rtol, atol=atol, equal_nan=equal_nan))


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    return bool(isclose(a, b, rtol, atol, equal_nan).all())


def array_equal(a1, a2, equal_nan=False):
    x, y = _arr(a1), _arr(a2)
    if x.shape != y.shape:
        return False
    return bool((x == y).all())


def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    t = _t(a)
    if not t.is_floating_point():
        t = t.double()
    r = t.std(dim=_axis(axis), correction=ddof, keepdim=keepdims)
    return _res(r)


def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    t = _t(a)
    if not t.is_floating_point():
        t = t.double()
    return _res(t.var(dim=_axis(axis), correction=ddof, keepdim=keepdims))


def median(a, axis=None, keepdims=False):
    t = _t(a)
    if not t.is_floating_point():
        t = t.double()
    if axis is None:
        return _res(torch.quantile(t.reshape(-1), 0.5))
    return _res(torch.quantile(t, 0.5, dim=axis, keepdim=keepdims))


def percentile(a, q, axis=None, keepdims=False):
    return quantile(a, _arr(q) / 100.0 if not isinstance(q, (int, float)) else q / 100.0, axis, keepdims=keepdims)


def quantile(a, q, axis=None, keepdims=False):
    t = _t(a)
    if not t.is_floating_point():
        t = t.double()
    qq = q if isinstance(q, (int, float)) else _t(q).to(t.dtype)
    if axis is None:
        return _res(torch.quantile(t.reshape(-1), qq))
    return _res(torch.quantile(t, qq, dim=axis, keepdim=keepdims))


def average(a, axis=None, weights=None):
    if weights is None:
        return np.mean(a, axis=axis) if axis is not None else np.mean(a)
    t = _t(a).double()
    w = _t(weights).double()
    if axis is None:
        return _res((t * w).sum() / w.sum())
    if w.dim() == 1 and t.dim() > 1:
        w = w.reshape([-1 if i == axis % t.dim() else 1 for i in range(t.dim())])
    return _res((t * w).sum(axis) / w.sum())


def cumsum(a, axis=None):
    t = _t(a)
    if axis is None:
        t = t.reshape(-1)
        axis = 0
    return _res(t.cumsum(axis))


def cumprod(a, axis=None):
    t = _t(a)
    if axis is None:
        t = t.reshape(-1)
        axis = 0
    return _res(t.cumprod(axis))


def argsort(a, axis=-1, kind=None):
    t = _t(a)
    if axis is None:
        t = t.reshape(-1)
        axis = 0
    return _res(t.argsort(dim=axis, stable=True))


def sort(a, axis=-1, kind=None):
    t = _t(a)
    if axis is None:
        t = t.reshape(-1)
        axis = 0
    return _res(torch._sort_values(t, axis))


def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *,
           equal_nan=True):
    t = _t(ar)
    if axis is None:
        r = torch._unique_np(t, equal_nan, return_index, return_inverse, return_counts)
        return tuple(_res(x) for x in r) if isinstance(r, tuple) else _res(r)
    # distinct slices along axis, sorted lexicographically
    u, inv, cnt = torch.unique(t, return_inverse=True, return_counts=True, dim=axis)
    out = [_res(u)]
    if return_index:  # each slice's first occurrence
        n = inv.numel()
        first = torch.full((u.shape[axis],), n, dtype=torch.int64)
        out.append(_res(first.scatter_reduce_(0, inv, torch.arange(n), "amin")))
    if return_inverse:
        out.append(_res(inv))
    if return_counts:
        out.append(_res(cnt))
    return out[0] if len(out) == 1 else tuple(out)


def nansum(a, axis=None):
    t = _t(a)
    return _res(torch.nansum(t, dim=axis) if axis is not None else torch.nansum(t))


def nanmean(a, axis=None):
    t = _t(a)
    return _res(torch.nanmean(t, dim=axis) if axis is not None else torch.nanmean(t))


def _nan_ext(name, fn, fill):
    """nanmax / nanmin: NaNs replaced by the identity of the reduction."""
    def nan_ext(a, axis=None):
        t = _t(a)
        t = torch.where(torch.isnan(t), torch.full_like(t, fill), t)
        r = getattr(t, fn)(axis) if axis is not None else getattr(t, fn)()
        return _res(r.values if axis is not None else r)
    nan_ext.__name__ = nan_ext.__qualname__ = name
    return nan_ext


def ptp(a, axis=None):
    a = _arr(a)
    return a.max(axis=axis) - a.min(axis=axis) if axis is not None else a.max() - a.min()


def amax(a, axis=None, keepdims=False):
    return _arr(a).max(axis=axis, keepdims=keepdims) if axis is not None else _arr(a).max()


def amin(a, axis=None, keepdims=False):
    return _arr(a).min(axis=axis, keepdims=keepdims) if axis is not None else _arr(a).min()


def bincount(x, weights=None, minlength=0):
    return _res(torch.bincount(_t(x), _t(weights) if weights is not None else None, minlength))


def diff(a, n=1, axis=-1):
    return _res(torch.diff(_t(a), n, axis))


def cross(a, b, axis=-1):
    return _res(torch.linalg.cross(_t(a), _t(b), dim=axis))


def kron(a, b):
    return _res(torch.kron(_t(a), _t(b)))


def einsum(subscripts, *operands):
    return _res(torch.einsum(subscripts, *[_t(o) for o in operands]))


def tensordot(a, b, axes=2):
    return _res(torch.tensordot(_t(a), _t(b), dims=axes))


def inner(a, b):
    return _res(torch.inner(_t(a), _t(b)))


def vdot(a, b):
    return _res(torch.dot(_t(a).reshape(-1), _t(b).reshape(-1)))


def full_like(a, fill_value, dtype=None):
    r = np.full(_arr(a).shape, fill_value, dtype=dtype if dtype is not None else _arr(a).dtype)
    return r


def empty_like(a, dtype=None):
    return np.zeros(_arr(a).shape, dtype=dtype if dtype is not None else _arr(a).dtype)


def identity(n, dtype=None):
    return np.eye(n, dtype=dtype) if dtype is not None else np.eye(n)


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None):
    return power(base, np.linspace(start, stop, num, endpoint=endpoint))


def isscalar(element):
    return isinstance(element, (int, float, bool, str, complex)) or (
        not isinstance(element, np.ndarray) and hasattr(element, "dtype"))


def ndim(a):
    return _arr(a).ndim


def shape(a):
    return _arr(a).shape


def size(a, axis=None):
    return _arr(a).size if axis is None else _arr(a).shape[axis]


def array_split(ary, indices_or_sections, axis=0):
    return [_res(p) for p in torch.tensor_split(_t(ary), indices_or_sections, axis)]


def split(ary, indices_or_sections, axis=0):
    if isinstance(indices_or_sections, int) and _arr(ary).shape[axis] % indices_or_sections:
        raise ValueError("array split does not result in an equal division")
    return array_split(ary, indices_or_sections, axis)


def take(a, indices, axis=None):
    t = _t(a)
    idx = _t(_arr(indices)).long()
    if axis is None:
        return _res(t.reshape(-1)[idx])
    return _res(t.index_select(axis, idx.reshape(-1)).reshape(
        list(t.shape[:axis]) + list(idx.shape) + list(t.shape[axis + 1:])))


def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    return _res(torch.nan_to_num(_t(x), nan, posinf, neginf))


def signbit(x):
    return _res(torch.signbit(_t(x)))


def copysign(x1, x2):
    return _res(torch.copysign(_t(_arr(x1).astype(np.float64)), _t(_arr(x2).astype(np.float64))))


def hypot(x1, x2):
    # NumPy's loop: the narrowest float type both operands cast to safely
    dt = _t(np.zeros(0, dtype=promote_types(result_type(x1, x2), np.float16))).dtype
    return _res(torch.hypot(_t(_arr(x1)).to(dt), _t(_arr(x2)).to(dt)))


def heaviside(x1, x2):
    return _res(torch.heaviside(_t(x1), _t(_arr(x2))))


def fmax(x1, x2):
    return _res(torch.fmax(_t(x1), _t(_arr(x2))))


def fmin(x1, x2):
    return _res(torch.fmin(_t(x1), _t(_arr(x2))))


def logaddexp(x1, x2):
    return _res(torch.logaddexp(_t(_arr(x1).astype(np.float64)), _t(_arr(x2).astype(np.float64))))


def atleast_1d(*arys):
    r = [_arr(a).reshape(1) if _arr(a).ndim == 0 else _arr(a) for a in arys]
    return r[0] if len(r) == 1 else r


def atleast_2d(*arys):
    r = []
    for a in arys:
        a = _arr(a)
        r.append(a.reshape(1, 1) if a.ndim == 0 else a.reshape(1, -1) if a.ndim == 1 else a)
    return r[0] if len(r) == 1 else r


def tril_indices(n, k=0, m=None):
    i = torch.tril_indices(n, n if m is None else m, k)
    return (_res(i[0].clone()), _res(i[1].clone()))


def triu_indices(n, k=0, m=None):
    i = torch.triu_indices(n, n if m is None else m, k)
    return (_res(i[0].clone()), _res(i[1].clone()))


def searchsorted(a, v, side="left"):
    return _res(torch.searchsorted(_t(a), _t(_arr(v)), right=side == "right"))


def digitize(x, bins, right=False):
    return _res(torch.searchsorted(_t(bins), _t(_arr(x)), right=not right))


def interp(x, xp, fp):
    xs, xps, fps = _t(_arr(x)).double(), _t(_arr(xp)).double(), _t(_arr(fp)).double()
    i = torch.searchsorted(xps, xs, right=True).clamp(1, xps.numel() - 1)
    x0, x1 = xps[i - 1], xps[i]
    y0, y1 = fps[i - 1], fps[i]
    r = y0 + (xs - x0) * (y1 - y0) / (x1 - x0)
    r = torch.where(xs <= xps[0], fps[0].expand_as(r), r)
    r = torch.where(xs >= xps[-1], fps[-1].expand_as(r), r)
    return _res(r)


def cov(m, rowvar=True, ddof=None):
    t = _t(m).double()
    if not rowvar and t.dim() == 2:
        t = t.t()
    return _res(torch.cov(t, correction=1 if ddof is None else ddof))


def corrcoef(x, rowvar=True):
    t = _t(x).double()
    if not rowvar and t.dim() == 2:
        t = t.t()
    return _res(torch.corrcoef(t))


def histogram(a, bins=10, range=None):
    t = _t(a).double().reshape(-1)
    lo, hi = (float(t.min()), float(t.max())) if range is None else range
    h = torch.histc(t, bins, lo, hi).long()
    return _res(h), np.linspace(lo, hi, bins + 1)


def pad(array, pad_width, mode="constant", constant_values=0):
    a = _arr(array)
    pw = pad_width
    if isinstance(pw, int):
        pw = [(pw, pw)] * a.ndim
    elif isinstance(pw[0], int):
        pw = [tuple(pw)] * a.ndim
    shape = [s + p[0] + p[1] for s, p in zip(a.shape, pw)]
    out = np.full(shape, constant_values, dtype=a.dtype)
    t = _t(out)
    sl = tuple(slice(p[0], p[0] + s) for s, p in zip(a.shape, pw))
    t[sl] = _t(a)
    return out


def isin(element, test_elements):
    e = _t(element)
    s = _t(_arr(test_elements)).reshape(-1).to(e.dtype)
    return _res((e.unsqueeze(-1) == s).any(-1))


for _n, _f in [("isclose", isclose), ("allclose", allclose), ("array_equal", array_equal),
               ("std", std), ("var", var), ("median", median), ("percentile", percentile),
               ("quantile", quantile), ("average", average), ("cumsum", cumsum),
               ("cumprod", cumprod), ("argsort", argsort), ("sort", sort), ("unique", unique),
               ("nansum", nansum), ("nanmean", nanmean), ("nanmax", _nan_ext("nanmax", "max", -math.inf)),
               ("nanmin", _nan_ext("nanmin", "min", math.inf)), ("ptp", ptp), ("amax", amax),
               ("amin", amin), ("bincount", bincount), ("diff", diff), ("cross", cross),
               ("kron", kron), ("einsum", einsum), ("tensordot", tensordot), ("inner", inner),
               ("vdot", vdot), ("full_like", full_like), ("empty_like", empty_like),
               ("identity", identity), ("logspace", logspace), ("isscalar", isscalar),
               ("ndim", ndim), ("shape", shape), ("size", size), ("array_split", array_split),
               ("split", split), ("take", take), ("nan_to_num", nan_to_num),
               ("signbit", signbit), ("copysign", copysign), ("hypot", hypot),
               ("heaviside", heaviside), ("fmax", fmax), ("fmin", fmin),
               ("logaddexp", logaddexp), ("atleast_1d", atleast_1d), ("atleast_2d", atleast_2d),
               ("tril_indices", tril_indices), ("triu_indices", triu_indices),
               ("searchsorted", searchsorted), ("digitize", digitize), ("interp", interp),
               ("cov", cov), ("corrcoef", corrcoef), ("histogram", histogram), ("pad", pad),
               ("isin", isin)]:
    _fn(_n, _f)


# ---- np.linalg ---------------------------------------------------------------------------

class _Linalg:
    def __repr__(self):
        return "<module 'numpy.linalg'>"


def _norm(x, ord=None, axis=None, keepdims=False):
    t = _t(x)
    if not t.is_floating_point():
        t = t.double()
    if axis is None and ord is None:
        return _res(torch.linalg.vector_norm(t.reshape(-1)))
    return _res(torch.linalg.norm(t, ord, dim=axis, keepdim=keepdims))


def _det(a):
    """NumPy's det: getrf on A itself (a column-major copy), then sign * exp(sum(log|u_ii|))."""
    t = _t(a)
    if not t.is_floating_point():
        t = t.double()
    f = t.transpose(-2, -1).contiguous().transpose(-2, -1)  # A, laid out as LAPACK reads it
    sign, logabs = torch.linalg.slogdet(f)
    return _res(sign * torch.exp(logabs))


if "linalg" not in np.__dict__:
    linalg = _Linalg()
    linalg.norm = _norm
    linalg.inv = lambda a: _res(torch.linalg.inv(_t(a).double() if not _t(a).is_floating_point() else _t(a)))
    linalg.det = _det
    linalg.solve = lambda a, b: _res(torch.linalg.solve(_t(a).double(), _t(_arr(b)).double()))
    linalg.eigh = lambda a: tuple(_res(r) for r in torch.linalg.eigh(_t(a).double()))
    linalg.eigvalsh = lambda a: _res(torch.linalg.eigvalsh(_t(a).double()))
    linalg.svd = lambda a, full_matrices=True, compute_uv=True: tuple(
        _res(r) for r in torch.linalg.svd(_t(a).double(), full_matrices=full_matrices)) \
        if compute_uv else _res(torch.linalg.svdvals(_t(a).double()))
    linalg.qr = lambda a: tuple(_res(r) for r in torch.linalg.qr(_t(a).double()))
    linalg.cholesky = lambda a: _res(torch.linalg.cholesky(_t(a).double()))
    linalg.matrix_rank = lambda a: int(torch.linalg.matrix_rank(_t(a).double()))
    linalg.pinv = lambda a: _res(torch.linalg.pinv(_t(a).double()))
    linalg.LinAlgError = torch.linalg.LinAlgError
    np.linalg = linalg
    _added.append("linalg")


# ---- ndarray methods ---------------------------------------------------------------------

for _n, _f in [("ravel", ravel), ("std", std), ("var", var), ("cumsum", cumsum),
               ("cumprod", cumprod), ("clip", clip), ("round", round), ("squeeze", squeeze),
               ("argsort", argsort), ("nonzero", nonzero), ("swapaxes", swapaxes),
               ("repeat", repeat), ("trace", trace), ("ptp", ptp)]:
    _method(_n, _f)


def _dot(self, b):
    return np.dot(self, b)


def _sort_(self, axis=-1, kind=None):
    _t(self).copy_(_t(sort(self, axis)))


_method("dot", _dot)
_method("sort", _sort_)


# ---- more array functions (the names notebooks use after the common ones) ---------------

def _axes(axis, ndim):
    return axis % ndim if ndim else 0


def append(arr, values, axis=None):
    a, v = _arr(arr), _arr(values)
    if axis is None:
        return concatenate([a.reshape(-1), v.reshape(-1)])
    return concatenate([a, v], axis)


def delete(arr, obj, axis=None):
    a = _arr(arr)
    if axis is None:
        a, axis = a.reshape(-1), 0
    n = a.shape[axis]
    if isinstance(obj, slice):
        drop = set(range(n)[obj])
    else:
        idx = _arr(obj).reshape(-1).tolist()
        for i in idx:
            if i < -n or i >= n:
                raise IndexError("index %d is out of bounds for axis %d with size %d" % (i, axis, n))
        drop = set(i % n for i in idx)
    keep = [i for i in range(n) if i not in drop]
    return _res(torch.index_select(_t(a), axis, torch.tensor(keep, dtype=torch.int64)))


def insert(arr, obj, values, axis=None):
    a = _arr(arr)
    if axis is None:
        a, axis = a.reshape(-1), 0
    axis = _axes(axis, a.ndim)
    n = a.shape[axis]
    scalar_obj = isinstance(obj, int)
    idx = [obj] if scalar_obj else _arr(obj).reshape(-1).tolist()
    idx = [i + n if i < 0 else i for i in idx]
    v = _arr(values).astype(a.dtype)
    shp = list(a.shape)
    if scalar_obj:
        vm = np.moveaxis(v, 0, axis) if v.ndim == a.ndim else v
        if vm.ndim < a.ndim:
            shp[axis] = 1
            vm = np.broadcast_to(vm, shp)
        parts = [np.take(a, list(range(idx[0])), axis), vm, np.take(a, list(range(idx[0], n)), axis)]
        return concatenate(parts, axis)
    order = sorted(range(len(idx)), key=lambda k: idx[k])
    shp[axis] = len(idx)
    vb = np.broadcast_to(v, shp)
    pieces, prev = [], 0
    for k in order:
        pieces.append(np.take(a, list(range(prev, idx[k])), axis))
        pieces.append(np.take(vb, [k], axis))
        prev = idx[k]
    pieces.append(np.take(a, list(range(prev, n)), axis))
    return concatenate(pieces, axis)


def apply_along_axis(func1d, axis, arr, *args, **kwargs):
    a = _arr(arr)
    axis = _axes(axis, a.ndim)
    moved = np.moveaxis(a, axis, -1)
    outer_shape = moved.shape[:-1]
    res = [np.asarray(func1d(moved[i], *args, **kwargs)) for i in ndindex(*outer_shape)]
    out = stack(res).reshape(tuple(outer_shape) + res[0].shape)
    if res[0].ndim == 0:
        return out
    return np.moveaxis(out, -1, axis) if res[0].ndim == 1 else out


def argpartition(a, kth, axis=-1, kind="introselect", order=None):
    return argsort(a, axis, kind="stable")


def partition(a, kth, axis=-1, kind="introselect", order=None):
    return sort(a, axis)


def lexsort(keys, axis=-1):
    keys = [_arr(k) for k in keys]
    idx = np.arange(keys[0].shape[axis])
    for k in keys:  # the last key is the primary one: sort by it last, stably
        idx = idx[argsort(k[idx], kind="stable")]
    return idx


def array2string(a, max_line_width=None, precision=None, suppress_small=None, separator=" ",
                 prefix="", **kwargs):
    s = str(_arr(a))
    return s if separator == " " else s.replace(" ", separator.rstrip() + " ").replace("[" + separator.rstrip() + " ", "[")


def ascontiguousarray(a, dtype=None):
    r = np.array(a, dtype=dtype)
    return r.reshape(1) if r.ndim == 0 else r


def asfortranarray(a, dtype=None):
    r = np.array(a, dtype=dtype)
    return r.reshape(1) if r.ndim == 0 else r


def block(arrays):
    def depth(x):
        return 1 + depth(x[0]) if isinstance(x, list) else 0

    def rec(x, d):
        if not isinstance(x, list):
            return _arr(x)
        parts = [rec(e, d - 1) for e in x]
        nd = max(p.ndim for p in parts + [np.zeros(())])
        nd = max(nd, d)
        parts = [p.reshape((1,) * (nd - p.ndim) + p.shape) for p in parts]
        return concatenate(parts, -d)

    return rec(arrays, depth(arrays))


def broadcast_arrays(*args):
    arrs = [_arr(a) for a in args]
    shape = torch.broadcast_shapes(*[tuple(a.shape) for a in arrs])
    return tuple(broadcast_to(a, tuple(shape)) for a in arrs)


def cbrt(x):
    a = _arr(x)
    if a.dtype not in (np.float32, np.float64, np.float16):
        a = a.astype(np.float64)
    t = _t(a)
    return _res(torch.sign(t) * torch.abs(t) ** (1.0 / 3))


def convolve(a, v, mode="full"):
    a, v = _arr(a).reshape(-1), _arr(v).reshape(-1)
    if a.size == 0 or v.size == 0:
        raise ValueError("a cannot be empty" if a.size == 0 else "v cannot be empty")
    if v.size > a.size:
        a, v = v, a
    n, m = a.size, v.size
    dt = (a[:1] * v[:1]).dtype
    out = np.zeros(n + m - 1, dtype=dt)
    for k in range(m):
        out[k:k + n] += a * v[k]
    if mode == "full":
        return out
    if mode == "same":
        st = (m - 1) // 2
        return out[st:st + n]
    if mode == "valid":
        return out[m - 1:n]
    raise ValueError("mode must be one of 'valid', 'same', or 'full' (got %r)" % (mode,))


def correlate(a, v, mode="valid"):
    return convolve(a, flip(_arr(v).reshape(-1)), mode)


def cumulative_sum(x, axis=None, dtype=None, include_initial=False):
    a = _arr(x)
    if axis is None:
        if a.ndim > 1:
            raise ValueError("For arrays which have more than one dimension ``axis`` argument is required.")
        axis = 0
    r = cumsum(a, axis)
    if dtype is not None:
        r = r.astype(dtype)
    if include_initial:
        shp = list(r.shape)
        shp[axis] = 1
        r = concatenate([np.zeros(shp, dtype=r.dtype), r], axis)
    return r


def diag_indices(n, ndim=2):
    i = np.arange(n)
    return (i,) * ndim


def diagonal(a, offset=0, axis1=0, axis2=1):
    return _res(torch.diagonal(_t(a), offset, axis1, axis2).clone())


def dstack(tup):
    arrs = []
    for a in tup:
        a = _arr(a)
        if a.ndim == 0:
            a = a.reshape(1, 1, 1)
        elif a.ndim == 1:
            a = a.reshape(1, -1, 1)
        elif a.ndim == 2:
            a = a.reshape(a.shape[0], a.shape[1], 1)
        arrs.append(a)
    return concatenate(arrs, 2)


def einsum_path(subscripts, *operands, optimize="greedy"):
    n = len(operands)
    path = ["einsum_path"] + [(0, 1)] * (n - 1) if n > 1 else ["einsum_path", (0,)]
    return path, "  Complete contraction:  %s" % subscripts


def fill_diagonal(a, val, wrap=False):
    t = _t(a)
    n = min(t.shape) if not wrap or t.dim() != 2 else t.shape[0]
    flat = t.reshape(-1)
    step = 1 + sum(int(torch.tensor(t.shape[:k + 1]).prod() // t.shape[0]) for k in range(t.dim() - 1)) \
        if t.dim() > 2 else t.shape[1] + 1
    end = t.numel() if wrap else min(t.shape) * step
    v = _arr(val).reshape(-1).tolist()
    for j, k in enumerate(range(0, min(end, t.numel()), step)):
        flat[k] = v[j % len(v)]


def flatnonzero(a):
    return nonzero(ravel(a))[0]


def fliplr(m):
    if _arr(m).ndim < 2:
        raise ValueError("Input must be >= 2-d.")
    return flip(m, 1)


def flipud(m):
    if _arr(m).ndim < 1:
        raise ValueError("Input must be >= 1-d.")
    return flip(m, 0)


def rot90(m, k=1, axes=(0, 1)):
    return _res(torch.rot90(_t(m), k, list(axes)))


def fromfunction(function, shape, *, dtype=float, **kwargs):
    return function(*indices(shape, dtype=dtype), **kwargs)


def fromiter(iter, dtype, count=-1, *, like=None):
    vals = []
    for v in iter:
        if count >= 0 and len(vals) >= count:
            break
        vals.append(v)
    if count >= 0 and len(vals) < count:
        raise ValueError("iterator too short: Expected %d but iterator had only %d items." % (count, len(vals)))
    return np.array(vals, dtype=dtype)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    if start == 0 or stop == 0:
        raise ValueError("Geometric sequence cannot include zero")
    neg = start < 0 and stop < 0
    s, e = (-start, -stop) if neg else (start, stop)
    r = logspace(math.log10(s), math.log10(e), num, endpoint=endpoint, base=10.0)
    if num > 0:
        r[0] = s
        if num > 1 and endpoint:
            r[-1] = e
    if neg:
        r = -r
    return r.astype(dtype) if dtype is not None else r


def gradient(f, *varargs, axis=None, edge_order=1):
    a = _arr(f)
    if a.dtype not in (np.float32, np.float64, np.float16):
        a = a.astype(np.float64)
    axes = list(range(a.ndim)) if axis is None else [axis] if isinstance(axis, int) else list(axis)
    sp = list(varargs) if varargs else [1.0] * len(axes)
    if len(sp) == 1 and len(axes) > 1:
        sp = sp * len(axes)
    outs = []
    for ax, h in zip(axes, sp):
        m = np.moveaxis(a, ax, 0)
        n = m.shape[0]
        if n < edge_order + 1:
            raise ValueError("Shape of array too small to calculate a numerical gradient, at least (edge_order + 1) elements are required.")
        g = np.zeros(m.shape, dtype=a.dtype)
        if np.ndim(h) == 0:
            g[1:-1] = (m[2:] - m[:-2]) / (2.0 * h)
            if edge_order == 1:
                g[0] = (m[1] - m[0]) / h
                g[-1] = (m[-1] - m[-2]) / h
            else:
                g[0] = (-1.5 * m[0] + 2.0 * m[1] - 0.5 * m[2]) / h
                g[-1] = (0.5 * m[-3] - 2.0 * m[-2] + 1.5 * m[-1]) / h
        else:
            x = _arr(h).astype(np.float64)
            dx = x[1:] - x[:-1]
            dx1, dx2 = dx[:-1], dx[1:]
            shp = (n - 2,) + (1,) * (m.ndim - 1)
            A = (-dx2 / (dx1 * (dx1 + dx2))).reshape(shp)
            B = ((dx2 - dx1) / (dx1 * dx2)).reshape(shp)
            C = (dx1 / (dx2 * (dx1 + dx2))).reshape(shp)
            g[1:-1] = A * m[:-2] + B * m[1:-1] + C * m[2:]
            g[0] = (m[1] - m[0]) / dx[0]
            g[-1] = (m[-1] - m[-2]) / dx[-1]
        outs.append(np.moveaxis(g, 0, ax))
    return outs[0] if len(outs) == 1 else tuple(outs)


def histogram2d(x, y, bins=10, range=None, density=None, weights=None):
    x, y = _arr(x).astype(np.float64), _arr(y).astype(np.float64)
    bx, by = (bins, bins) if isinstance(bins, int) else bins
    (x0, x1), (y0, y1) = range if range is not None else ((x.min(), x.max()), (y.min(), y.max()))
    ex = np.linspace(x0, x1, bx + 1) if isinstance(bx, int) else _arr(bx)
    ey = np.linspace(y0, y1, by + 1) if isinstance(by, int) else _arr(by)
    h = np.zeros((ex.size - 1, ey.size - 1))
    ix = np.searchsorted(ex, x, side="right") - 1
    iy = np.searchsorted(ey, y, side="right") - 1
    for i, j, xv, yv in zip(ix.tolist(), iy.tolist(), x.tolist(), y.tolist()):
        if xv == ex[-1]:
            i = ex.size - 2
        if yv == ey[-1]:
            j = ey.size - 2
        if 0 <= i < ex.size - 1 and 0 <= j < ey.size - 1 and ex[0] <= xv <= ex[-1] and ey[0] <= yv <= ey[-1]:
            h[i, j] += 1
    return h, ex, ey


def indices(dimensions, dtype=int, sparse=False):
    dims = tuple(dimensions)
    grids = [np.arange(n, dtype=dtype) for n in dims]
    if sparse:
        return tuple(g.reshape((1,) * k + (-1,) + (1,) * (len(dims) - k - 1)) for k, g in enumerate(grids))
    if not dims:
        return np.zeros((0,), dtype=dtype)
    return stack(meshgrid(*grids, indexing="ij"))


def real(val):
    a = _arr(val)
    return _res(_t(a).real) if iscomplexobj(a) else a


def imag(val):
    a = _arr(val)
    return _res(_t(a).imag) if iscomplexobj(a) else np.zeros_like(a)


def iscomplex(x):
    a = _arr(x)
    return imag(a) != 0 if iscomplexobj(a) else np.zeros(a.shape, dtype=np.bool_)


def isreal(x):
    return ~iscomplex(x)


def iscomplexobj(x):
    d = getattr(x, "dtype", None)
    if d is None:
        d = _arr(x).dtype
    return str(d).startswith("complex")


def intersect1d(ar1, ar2, assume_unique=False, return_indices=False):
    a, b = unique(ar1), unique(ar2)
    return a[isin(a, b)]


def union1d(ar1, ar2):
    return unique(concatenate([_arr(ar1).reshape(-1), _arr(ar2).reshape(-1)]))


def setdiff1d(ar1, ar2, assume_unique=False):
    a = unique(ar1) if not assume_unique else _arr(ar1).reshape(-1)
    return a[~isin(a, ar2)]


def shares_memory(a, b, max_work=None):
    ta, tb = _t(a), _t(b)
    if ta.numel() == 0 or tb.numel() == 0:
        return False
    a0 = ta.data_ptr()
    b0 = tb.data_ptr()
    a1 = a0 + max(1, ta.numel()) * ta.element_size()
    b1 = b0 + max(1, tb.numel()) * tb.element_size()
    if ta.untyped_storage().data_ptr() != tb.untyped_storage().data_ptr():
        return False
    return a0 < b1 and b0 < a1


def may_share_memory(a, b, max_work=None):
    return shares_memory(a, b)


class _Grid:
    """np.mgrid / np.ogrid: slices to (dense or open) grids; a complex step is a count."""

    def __init__(self, sparse):
        self.sparse = sparse

    def _axis(self, s):
        start = 0 if s.start is None else s.start
        step = 1 if s.step is None else s.step
        if isinstance(step, complex):
            return np.linspace(start, s.stop, int(abs(step)))
        return np.arange(start, s.stop, step)

    def __getitem__(self, key):
        if isinstance(key, slice):
            return self._axis(key)
        axes = [self._axis(s) for s in key]
        if any(a.dtype == np.float64 for a in axes):
            axes = [a.astype(np.float64) for a in axes]
        if self.sparse:
            n = len(axes)
            return tuple(a.reshape((1,) * k + (-1,) + (1,) * (n - k - 1)) for k, a in enumerate(axes))
        return stack(meshgrid(*axes, indexing="ij"))


mgrid = _Grid(False)
ogrid = _Grid(True)


def ndindex(*shape):
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    total = 1
    for s in shape:
        total *= s
    for k in range(total):
        idx, r = [], k
        for s in reversed(shape):
            idx.append(r % s)
            r //= s
        yield tuple(reversed(idx))


def ndenumerate(arr):
    a = _arr(arr)
    flat = a.reshape(-1).tolist()
    for k, idx in enumerate(ndindex(*a.shape)):
        yield idx, getattr(np, str(a.dtype))(flat[k])


class nditer:
    """Iteration over every element of an array in C order (0-d arrays)."""

    def __init__(self, op, flags=None, op_flags=None, **kwargs):
        self._a = _arr(op)

    def __iter__(self):
        for v in self._a.reshape(-1).tolist():
            yield np.array(v, dtype=self._a.dtype)


def piecewise(x, condlist, funclist, *args, **kw):
    x = _arr(x)
    if isinstance(condlist, np.ndarray) and condlist.dtype == np.bool_ and condlist.shape == x.shape:
        condlist = [condlist]
    conds = [_arr(c) for c in condlist]
    if len(funclist) == len(conds) + 1:
        rest = ~np.logical_or.reduce(conds) if hasattr(np.logical_or, "reduce") else None
        if rest is None:
            r = conds[0]
            for c in conds[1:]:
                r = np.logical_or(r, c)
            rest = np.logical_not(r)
        conds.append(rest)
    y = np.zeros(x.shape, dtype=x.dtype)
    for c, f in zip(conds, funclist):
        if not c.any():
            continue
        if callable(f):
            y[c] = f(x[c], *args, **kw)
        else:
            y[c] = f
    return y


def put(a, ind, v, mode="raise"):
    flat = _t(a).reshape(-1)
    idx = _arr(ind).reshape(-1).tolist()
    vals = _arr(v).reshape(-1).tolist()
    n = flat.numel()
    for j, i in enumerate(idx):
        if mode == "raise" and not -n <= i < n:
            raise IndexError("index %d is out of bounds for axis 0 with size %d" % (i, n))
        i = min(max(i, 0), n - 1) if mode == "clip" else i % n
        flat[i] = vals[j % len(vals)]


def ravel_multi_index(multi_index, dims, mode="raise", order="C"):
    idx = [_arr(i) for i in multi_index]
    r = idx[0] * 0
    for i, d in zip(idx, dims):
        if mode == "raise" and (bool(np.any(i < 0)) or bool(np.any(i >= d))):
            raise ValueError("invalid entry in coordinates array")
        r = r * d + i
    return _scalar(r) if r.ndim == 0 else r


def unravel_index(indices, shape, order="C"):
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    ind = _arr(indices)
    total = 1
    for s in shape:
        total *= s
    if bool(np.any(ind < 0)) or bool(np.any(ind >= total)):
        raise ValueError("index %d is out of bounds for array with size %d" % (int(np.max(ind)), total))
    out = []
    for s in reversed(shape):
        out.append(ind % s)
        ind = ind // s
    out = list(reversed(out))
    return tuple(_scalar(o) if o.ndim == 0 else o for o in out)


def resize(a, new_shape):
    a = _arr(a)
    shp = (new_shape,) if isinstance(new_shape, int) else tuple(new_shape)
    total = 1
    for s in shp:
        total *= s
    flat = a.reshape(-1)
    if flat.size == 0 or total == 0:
        return np.zeros(shp, dtype=a.dtype)
    reps = -(-total // flat.size)
    return concatenate([flat] * reps)[:total].reshape(shp)


def select(condlist, choicelist, default=0):
    if len(condlist) != len(choicelist):
        raise ValueError("list of cases must be same length as list of conditions")
    out = np.asarray(default)
    for c, v in reversed(list(zip(condlist, choicelist))):
        out = where(c, v, out)
    return out


def take_along_axis(arr, indices, axis=-1):
    a = _arr(arr)
    if axis is None:
        return _res(torch.take_along_dim(_t(a).reshape(-1), _t(_arr(indices)).reshape(-1)))
    return _res(torch.take_along_dim(_t(a), _t(_arr(indices)), axis))


def trapezoid(y, x=None, dx=1.0, axis=-1):
    y = _arr(y)
    if y.dtype not in (np.float32, np.float64):
        y = y.astype(np.float64)
    m = np.moveaxis(y, axis, -1)
    if x is None:
        d = dx
    else:
        xa = _arr(x).astype(np.float64)
        d = xa[1:] - xa[:-1] if xa.ndim == 1 else np.moveaxis(xa, axis, -1)[..., 1:] - np.moveaxis(xa, axis, -1)[..., :-1]
    r = (d * (m[..., 1:] + m[..., :-1]) / 2.0).sum(axis=-1)
    return r


class vectorize:
    """np.vectorize: func applied to every element of the broadcast inputs."""

    def __init__(self, pyfunc, otypes=None, doc=None, excluded=None, cache=False, signature=None):
        self.pyfunc = pyfunc
        self.otypes = otypes
        self.__doc__ = doc if doc is not None else getattr(pyfunc, "__doc__", None)

    def __call__(self, *args, **kwargs):
        arrs = broadcast_arrays(*[_arr(a) for a in args])
        shape = arrs[0].shape if arrs else ()
        flats = [a.reshape(-1).tolist() for a in arrs]
        vals = [self.pyfunc(*vs, **kwargs) for vs in zip(*flats)]
        if vals and isinstance(vals[0], tuple):
            return tuple(_vec_out(list(c), shape, None) for c in zip(*vals))
        return _vec_out(vals, shape, self.otypes[0] if self.otypes else None)


def _vec_out(vals, shape, otype):
    r = np.array(vals, dtype=otype) if vals else np.zeros(0)
    return r.reshape(shape) if shape else (r[0] if r.ndim else r)


class _UFuncLike(vectorize):
    def __init__(self, func, nin, nout):
        vectorize.__init__(self, func)
        self.nin, self.nout = nin, nout
        self.__name__ = getattr(func, "__name__", "?") + " (vectorized)"


def frompyfunc(func, /, nin, nout, *, identity=None):
    return _UFuncLike(func, nin, nout)


# ---- polynomials ---------------------------------------------------------------------------

def polyval(p, x):
    if isinstance(p, poly1d):
        p = p.coeffs
    p = _arr(p)
    x = _arr(x)
    y = np.zeros_like(x) if x.ndim else x * 0
    for c in p.tolist():
        y = y * x + c
    return y


def polyfit(x, y, deg, rcond=None, full=False, w=None, cov=False):
    x = _arr(x).astype(np.float64)
    y = _arr(y).astype(np.float64)
    order = int(deg) + 1
    if rcond is None:
        rcond = len(x) * 2.220446049250313e-16
    lhs = np.stack([x ** (order - 1 - k) for k in range(order)], axis=1)
    rhs = y
    scale = np.sqrt((lhs * lhs).sum(axis=0))
    lhs = lhs / scale
    r = torch.linalg.lstsq(_t(lhs), _t(rhs.reshape(len(y), -1)), rcond=rcond, driver="gelsd")
    c = np.asarray(r.solution)
    c = (c.T / scale).T
    return c.reshape(-1) if y.ndim == 1 else c


class poly1d:
    """A one-variable polynomial from its coefficients (highest power first)."""

    def __init__(self, c_or_r, r=False, variable=None):
        if isinstance(c_or_r, poly1d):
            c_or_r = c_or_r.coeffs
        c = _arr(c_or_r)
        if r:
            p = np.array([1.0])
            for root in c.tolist():
                p = convolve(p, np.array([1.0, -root]))
            c = p
        c = c.reshape(-1)
        nz = np.flatnonzero(c)
        c = c[int(nz[0]):] if nz.size else np.zeros(1, dtype=c.dtype)
        self.coeffs = c
        self.variable = variable or "x"

    @property
    def order(self):
        return self.coeffs.size - 1

    c = coef = coefficients = property(lambda self: self.coeffs)
    o = property(lambda self: self.order)

    def __call__(self, val):
        return polyval(self.coeffs, val)

    def __len__(self):
        return self.order

    def __getitem__(self, k):
        return self.coeffs[self.order - k] if 0 <= k <= self.order else self.coeffs.dtype.type(0) if hasattr(self.coeffs.dtype, "type") else 0

    def __repr__(self):
        return "poly1d(%s)" % repr(self.coeffs)[6:-1]

    def __add__(self, other):
        o = other if isinstance(other, poly1d) else poly1d(other)
        a, b = self.coeffs, o.coeffs
        n = max(a.size, b.size)
        a = concatenate([np.zeros(n - a.size, dtype=a.dtype), a]) if a.size < n else a
        b = concatenate([np.zeros(n - b.size, dtype=b.dtype), b]) if b.size < n else b
        return poly1d(a + b)

    __radd__ = __add__

    def __mul__(self, other):
        if isinstance(other, poly1d):
            return poly1d(convolve(self.coeffs, other.coeffs))
        return poly1d(self.coeffs * other)

    __rmul__ = __mul__

    def __neg__(self):
        return poly1d(-self.coeffs)

    def __sub__(self, other):
        return self + (-(other if isinstance(other, poly1d) else poly1d(other)))

    def __eq__(self, other):
        return isinstance(other, poly1d) and self.coeffs.shape == other.coeffs.shape and bool((self.coeffs == other.coeffs).all())

    def deriv(self, m=1):
        c = self.coeffs
        for _ in range(m):
            n = c.size - 1
            c = c[:-1] * np.arange(n, 0, -1) if n > 0 else np.zeros(1, dtype=c.dtype)
        return poly1d(c)

    @property
    def roots(self):
        c = self.coeffs.astype(np.float64)
        n = c.size - 1
        if n < 1:
            return np.array([])
        comp = np.zeros((n, n))
        comp[0, :] = -c[1:] / c[0]
        for k in range(1, n):
            comp[k, k - 1] = 1.0
        return _res(torch.linalg.eigvals(_t(comp)))

    r = roots


# ---- dtypes and their hierarchy ------------------------------------------------------------

# The abstract classes of the scalar types are the C module's (np.int64 derives from
# np.signedinteger there, so isinstance(np.int64(3), np.integer) holds); the string and
# object kinds, which have no scalars here, stand apart.
generic, number, integer = np.generic, np.number, np.integer
signedinteger, unsignedinteger = np.signedinteger, np.unsignedinteger
inexact, floating, complexfloating = np.inexact, np.floating, np.complexfloating


class flexible:
    pass


class character(flexible):
    pass


class str_(str):
    """NumPy's unicode string scalar type."""

    def __repr__(self):
        return "np.str_(%r)" % (self[:],)

    def __str__(self):
        return self[:]

    def item(self):
        return self[:]


# ---- arrays of strings (dtype '<Un') -------------------------------------------------------

class _StrDType:
    """The dtype of an array of strings: '<U' and the longest string's length."""

    def __init__(self, n):
        self.itemsize = 4 * n
        self.kind = "U"
        self.char = "U"
        self.str = "<U%d" % n
        self.name = "str%d" % (32 * n)
        self.type = str_

    def __str__(self):
        return self.str

    def __repr__(self):
        return "dtype(%r)" % self.str

    def __eq__(self, other):
        if isinstance(other, _StrDType):
            return self.str == other.str
        return other is str or other is str_ or other == self.str

    def __hash__(self):
        return hash(self.str)


def _nest(data):
    """(shape, flat list of str) of nested lists/tuples of strings; ValueError when ragged."""
    if isinstance(data, _StrArray):
        return data.shape, list(data._flat)
    if isinstance(data, np.ndarray):
        data = data.tolist()
    if not isinstance(data, (list, tuple)):
        return (), [str(data)]
    items = list(data)
    if not items:
        return (0,), []
    subs = [_nest(x) for x in items]
    shape = subs[0][0]
    flat = []
    for sh, f in subs:
        if sh != shape:
            raise ValueError("setting an array element with a sequence. The requested array has "
                             "an inhomogeneous shape after 1 dimensions. The detected shape was "
                             "(%d,) + inhomogeneous part." % len(items))
        flat.extend(f)
    return (len(items),) + shape, flat


class _StrArray:
    """numpy.ndarray of strings: shape, indexing, comparison and NumPy 2's printing."""

    def __init__(self, shape, flat):
        self.shape = tuple(shape)
        self._flat = list(flat)
        n = 1
        for d in self.shape:
            n *= d
        self.size = n
        self.ndim = len(self.shape)
        self.dtype = _StrDType(max([len(x) for x in self._flat] + [1]))

    def _strides(self):
        st = [1] * self.ndim
        for i in range(self.ndim - 2, -1, -1):
            st[i] = st[i + 1] * self.shape[i + 1]
        return st

    def _nested(self, off, axis):
        if axis == self.ndim:
            return self._flat[off]
        st = self._strides()[axis]
        return [self._nested(off + i * st, axis + 1) for i in range(self.shape[axis])]

    def tolist(self):
        return self._nested(0, 0) if self.ndim else self._flat[0]

    def item(self, *args):
        if self.size != 1 and not args:
            raise ValueError("can only convert an array of size 1 to a Python scalar")
        return self._flat[args[0] if args else 0]

    def __len__(self):
        if not self.ndim:
            raise TypeError("len() of unsized object")
        return self.shape[0]

    def __iter__(self):
        if not self.ndim:
            raise TypeError("iteration over a 0-d array")
        return iter([self[i] for i in range(self.shape[0])])

    def __contains__(self, x):
        return x in self._flat

    def _take(self, axis_items):
        """The array of the rows axis_items (a list of ints) along the first axis."""
        inner = self.size // self.shape[0] if self.shape[0] else 0
        flat = []
        for i in axis_items:
            flat.extend(self._flat[i * inner:(i + 1) * inner])
        return _StrArray((len(axis_items),) + self.shape[1:], flat)

    def __getitem__(self, key):
        if isinstance(key, tuple):
            r = self
            for k in key:
                if r.ndim == 0 or not isinstance(k, (int, slice)):
                    raise IndexError("too many indices for array")
            first, rest = key[0], key[1:]
            r = self[first]
            if not rest:
                return r
            if isinstance(first, int):
                return r[rest]
            rows = [r[i][rest] for i in range(r.shape[0])]
            if rows and isinstance(rows[0], _StrArray):
                flat = []
                for x in rows:
                    flat.extend(x._flat)
                return _StrArray((len(rows),) + rows[0].shape, flat)
            return _StrArray((len(rows),), [str(x) for x in rows])
        if self.ndim == 0:
            raise IndexError("too many indices for array: array is 0-dimensional, but 1 were indexed")
        n = self.shape[0]
        if isinstance(key, slice):
            return self._take(list(range(n))[key])
        if isinstance(key, (list, _StrArray)) or (isinstance(key, np.ndarray) and key.ndim == 1):
            return self._take([int(i) % n for i in list(key)])
        i = int(key)
        if i < -n or i >= n:
            raise IndexError("index %d is out of bounds for axis 0 with size %d" % (i, n))
        i %= n
        r = self._take([i])
        if self.ndim == 1:
            return str_(r._flat[0])
        return _StrArray(self.shape[1:], r._flat)

    @property
    def T(self):
        if self.ndim < 2:
            return self
        rows = self.tolist()
        return _str_array(_transpose_lists(rows, self.ndim))

    def transpose(self):
        return self.T

    def reshape(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        shape = list(shape)
        if -1 in shape:
            known = 1
            for d in shape:
                if d != -1:
                    known *= d
            shape[shape.index(-1)] = self.size // known if known else 0
        return _StrArray(shape, self._flat)

    def flatten(self):
        return _StrArray((self.size,), self._flat)

    ravel = flatten

    def copy(self):
        return _StrArray(self.shape, self._flat)

    def astype(self, dtype):
        if dtype in (str, str_) or (isinstance(dtype, str) and dtype.startswith(("U", "<U", "str"))):
            return self.copy()
        return np.array(self.tolist(), dtype=dtype)

    def _compare(self, other, op):
        if isinstance(other, _StrArray):
            o = other._flat if other.shape == self.shape else [other._flat[0]] * self.size
        else:
            o = [other] * self.size
        return np.array([op(a, b) for a, b in zip(self._flat, o)]).reshape(self.shape)

    def __eq__(self, other):
        return self._compare(other, lambda a, b: a == b)

    def __ne__(self, other):
        return self._compare(other, lambda a, b: a != b)

    def _format(self, separator, prefix, linewidth):
        """NumPy's _formatArray: repr of each string, wrapped at linewidth."""
        next_prefix = " " + " " * len(prefix)

        def line_extend(s, line, word, width, hanging):
            needs_wrap = len(line) + len(word) > width
            if len(line) <= len(hanging):
                needs_wrap = False
            if needs_wrap:
                s += line.rstrip() + "\n"
                line = hanging
            return s, line + word

        def rec(off, axis, hanging, width):
            if axis == self.ndim:
                return repr(self._flat[off])
            st = self._strides()[axis]
            n = self.shape[axis]
            nxt_hanging = hanging + " "
            nxt_width = width - 1
            s = ""
            if self.ndim - axis == 1:
                elem_width = width - max(len(separator.rstrip()), 1)
                line = hanging
                for i in range(n - 1):
                    s, line = line_extend(s, line, rec(off + i * st, axis + 1, nxt_hanging, nxt_width),
                                          elem_width, hanging)
                    line += separator
                if n:
                    s, line = line_extend(s, line, rec(off + (n - 1) * st, axis + 1, nxt_hanging,
                                                       nxt_width), elem_width, hanging)
                s += line
            else:
                line_sep = separator.rstrip() + "\n" * (self.ndim - axis - 1)
                for i in range(n - 1):
                    s += hanging + rec(off + i * st, axis + 1, nxt_hanging, nxt_width) + line_sep
                if n:
                    s += hanging + rec(off + (n - 1) * st, axis + 1, nxt_hanging, nxt_width)
            return "[" + s[len(hanging):] + "]"

        return rec(0, 0, next_prefix, linewidth)

    def __str__(self):
        if self.ndim == 0:
            return self._flat[0]
        return self._format(" ", "", 75)

    def __repr__(self):
        if self.ndim == 0:
            return "array(%r, dtype=%r)" % (self._flat[0], self.dtype.str)
        if self.size == 0:
            body = "array([], " if self.shape == (0,) else "array([], shape=%s, " % (self.shape,)
            return body + "dtype=%r)" % self.dtype.str
        arr = "array(" + self._format(", ", "array(", 74) + ")"
        dt = "dtype=%r)" % self.dtype.str
        last = len(arr) - (arr.rfind("\n") + 1)
        spacer = "\n" + " " * len("array(") if last + len(dt) + 1 > 75 else " "
        return arr[:-1] + "," + spacer + dt


def _transpose_lists(rows, ndim):
    """The nested lists of a 2-D or N-D transpose (axes reversed)."""
    arr = _StrArray(*_nest(rows))
    shape = arr.shape[::-1]
    st = arr._strides()
    out = []
    idx = [0] * ndim
    total = arr.size
    for k in range(total):
        rem = k
        for ax in range(ndim - 1, -1, -1):
            idx[ax] = rem % shape[ax]
            rem //= shape[ax]
        off = sum(idx[ax] * st[ndim - 1 - ax] for ax in range(ndim))
        out.append(arr._flat[off])
    return _StrArray(shape, out).tolist()


def _str_array(data, dtype=None):
    shape, flat = _nest(data)
    return _StrArray(shape, flat)


def _str_array_method(self, data, dtype=None):
    return _str_array(data, dtype)


_method("_str_array", _str_array_method)


class void(flexible):
    pass


class object_:
    pass


_KINDS = {"bool": (generic,), "int8": (signedinteger,), "int16": (signedinteger,),
          "int32": (signedinteger,), "int64": (signedinteger,), "uint8": (unsignedinteger,),
          "uint16": (unsignedinteger,), "uint32": (unsignedinteger,), "uint64": (unsignedinteger,),
          "float16": (floating,), "float32": (floating,), "float64": (floating,),
          "bfloat16": (floating,), "complex64": (complexfloating,), "complex128": (complexfloating,)}


def _dtype_name(x):
    if x is float:
        return "float64"
    if x is int:
        return "int64"
    if x is bool:
        return "bool"
    if x is complex:
        return "complex128"
    try:
        return str(np.dtype(x))
    except Exception:  # noqa: BLE001
        return None


_ABSTRACT = (generic, number, integer, signedinteger, unsignedinteger, inexact, floating,
             complexfloating)


def _abstract(x):
    """One of the classes above (np.floating, ...), not a scalar type (np.float32)."""
    if any(x is a for a in _ABSTRACT):
        return True
    try:
        return issubclass(x, (flexible, object_))
    except TypeError:
        return False


def issubdtype(arg1, arg2):
    if _abstract(arg2):
        if _abstract(arg1):
            return issubclass(arg1, arg2)
        n = _dtype_name(arg1)
        return n in _KINDS and issubclass(_KINDS[n][0], arg2)
    return _dtype_name(arg1) == _dtype_name(arg2)


_KIND_RANK = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}
_WEAK_DEFAULT = ("bool", "int64", "float64", "complex128")


def result_type(*arrays_and_dtypes):
    """NumPy 2's promotion (NEP 50): arrays, NumPy scalars and dtypes promote by dtype; Python
    numbers are weak, taking the others' dtype unless they are of a higher kind."""
    strong, weak = None, -1
    for x in arrays_and_dtypes:
        if isinstance(x, (bool, int, float, complex)) and not hasattr(x, "dtype"):
            weak = max(weak, 0 if isinstance(x, bool) else 1 if isinstance(x, int) else
                       2 if isinstance(x, float) else 3)
            continue
        d = x.dtype if hasattr(x, "dtype") and not isinstance(x, type) else np.zeros(1, dtype=x).dtype
        strong = d if strong is None else promote_types(strong, d)
    if strong is None:
        if weak < 0:
            raise ValueError("at least one array or dtype is required")
        return np.dtype(_WEAK_DEFAULT[weak])
    if weak <= _KIND_RANK[strong.kind]:
        return strong
    if weak == 3 and strong.kind == "f":
        return np.dtype("complex128" if strong == np.dtype("float64") else "complex64")
    return np.dtype(_WEAK_DEFAULT[weak])


def promote_types(type1, type2):
    return (np.zeros(1, dtype=type1) + np.zeros(1, dtype=type2)).dtype


_ORDER = ["bool", "uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64", "int64",
          "float16", "float32", "float64", "complex64", "complex128"]


def can_cast(from_, to, casting="safe"):
    f = str(from_.dtype) if hasattr(from_, "dtype") else _dtype_name(from_)
    t = _dtype_name(to)
    if casting == "unsafe":
        return True
    if casting in ("no", "equiv"):
        return f == t
    if casting == "same_kind":
        kind = lambda n: 0 if n == "bool" else 1 if n.startswith(("int", "uint")) else 2 if n.startswith("float") else 3
        return kind(f) <= kind(t)
    if f == t:
        return True
    return promote_types(f, t) == np.dtype(t)


class finfo:
    """Machine limits of a float dtype (numpy.finfo)."""

    _P = {"float16": (16, 5.0e-04, 1e-03, 6.1035e-05, 65504.0, 3), "float32": (32, 1.1920929e-07, 1e-06, 1.1754944e-38, 3.4028235e+38, 6),
          "float64": (64, 2.220446049250313e-16, 1e-15, 2.2250738585072014e-308, 1.7976931348623157e+308, 15)}

    def __init__(self, dtype):
        n = _dtype_name(dtype)
        if n in ("complex64", "complex128"):
            n = "float32" if n == "complex64" else "float64"
        if n not in self._P:
            raise ValueError("data type %r not inexact" % (dtype,))
        bits, eps, res, tiny, mx, prec = self._P[n]
        if n == "float16":
            eps = 0.000977
        self.dtype = np.dtype(n)
        t = getattr(np, n)
        self.bits, self.precision = bits, prec
        self.eps, self.resolution, self.tiny, self.max, self.min = t(eps), t(res), t(tiny), t(mx), t(-mx)
        self.smallest_normal = self.tiny
        self.epsneg = t(eps / 2 if n != "float16" else 0.0004883)

    def __repr__(self):
        return "finfo(resolution=%s, min=%s, max=%s, dtype=%s)" % (self.resolution, self.min, self.max, self.dtype)


class iinfo:
    """Machine limits of an integer dtype (numpy.iinfo)."""

    def __init__(self, int_type):
        n = _dtype_name(int_type) if not isinstance(int_type, np.ndarray) else str(int_type.dtype)
        if n is None or not n.startswith(("int", "uint")):
            raise ValueError("Invalid integer data type %r." % (n,))
        self.dtype = np.dtype(n)
        self.bits = int(n.lstrip("uint") or 0) if not n.startswith("u") else int(n[4:])
        if n.startswith("u"):
            self.min, self.max = 0, 2 ** self.bits - 1
        else:
            self.bits = int(n[3:])
            self.min, self.max = -2 ** (self.bits - 1), 2 ** (self.bits - 1) - 1
        self.kind = "u" if n.startswith("u") else "i"

    def __repr__(self):
        return "iinfo(min=%d, max=%d, dtype=%s)" % (self.min, self.max, self.dtype)


# ---- error state, print options -------------------------------------------------------------

_errstate = {"divide": "warn", "over": "warn", "under": "ignore", "invalid": "warn"}


def seterr(all=None, divide=None, over=None, under=None, invalid=None):
    old = dict(_errstate)
    for k, v in (("divide", divide), ("over", over), ("under", under), ("invalid", invalid)):
        if v is not None or all is not None:
            _errstate[k] = v if v is not None else all
    return old


def geterr():
    return dict(_errstate)


class errstate:
    """Context manager for floating-point error handling (the settings are recorded)."""

    def __init__(self, **kwargs):
        self.kwargs = kwargs

    def __enter__(self):
        self._old = seterr(**self.kwargs)

    def __exit__(self, *exc):
        _errstate.clear()
        _errstate.update(self._old)
        return False

    def __call__(self, func):
        def wrapped(*a, **k):
            with errstate(**self.kwargs):
                return func(*a, **k)
        return wrapped


# ---- files -------------------------------------------------------------------------------------

_DESCR = {"float64": "<f8", "float32": "<f4", "float16": "<f2", "int64": "<i8", "int32": "<i4",
          "int16": "<i2", "int8": "|i1", "uint8": "|u1", "bool": "|b1", "complex64": "<c8",
          "complex128": "<c16", "uint16": "<u2", "uint32": "<u4", "uint64": "<u8"}


def _le(n, k):
    return bytes([(n >> (8 * i)) & 0xFF for i in range(k)])


def _from_le(b):
    return sum(b[i] << (8 * i) for i in range(len(b)))


def _open(name, mode="r"):
    try:
        op = open
    except NameError:
        raise NotImplementedError("numpy's file functions need open(), which this kernel does not have yet; pass a file object")
    return op(name, mode)


def save(file, arr, allow_pickle=True, fix_imports=None):
    a = _arr(arr)
    if isinstance(file, str) and not file.endswith(".npy"):
        file = file + ".npy"
    shp = tuple(a.shape)
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %r, }" % (_DESCR[str(a.dtype)], shp)
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * (pad % 64) + "\n"
    data = b"\x93NUMPY\x01\x00" + _le(len(header), 2) + header.encode("latin1") + np._tobytes(a)
    if isinstance(file, str):
        with _open(file, "wb") as f:
            f.write(data)
    else:
        file.write(data)


def load(file, mmap_mode=None, allow_pickle=False, fix_imports=True, encoding="ASCII"):
    if isinstance(file, str):
        with _open(file, "rb") as f:
            data = f.read()
    else:
        data = file.read()
    if data[:6] != b"\x93NUMPY":
        raise ValueError("Cannot load file containing pickled data when allow_pickle=False")
    major = data[6]
    hl = _from_le(data[8:10]) if major == 1 else _from_le(data[8:12])
    start = 10 if major == 1 else 12
    header = data[start:start + hl].decode("latin1")
    d = {}
    for key in ("descr", "fortran_order", "shape"):
        i = header.index("'%s':" % key) + len(key) + 3
        j = header.index(")", i) + 1 if key == "shape" else min(k for k in (header.find(",", i), header.find("}", i)) if k >= 0)
        d[key] = header[i:j].strip()
    descr = d["descr"].strip("'\"")
    name = [k for k, v in _DESCR.items() if v == descr or v[1:] == descr[1:] and descr[0] in "<|="]
    if not name:
        raise ValueError("unsupported dtype %s" % descr)
    inner = d["shape"].strip("()").replace(" ", "")
    shape = tuple(int(s) for s in inner.split(",") if s)
    body = data[start + hl:]
    r = np.frombuffer(body, dtype=name[0])
    r = r.reshape(shape)
    if d["fortran_order"] == "True":
        r = r.reshape(tuple(reversed(shape))).T.copy()
    return r


def _fmt_row(row, fmt, delimiter):
    if isinstance(fmt, (list, tuple)):
        return delimiter.join(f % v for f, v in zip(fmt, row))
    if fmt.count("%") > 1:
        return fmt % tuple(row)
    return delimiter.join(fmt % v for v in row)


def savetxt(fname, X, fmt="%.18e", delimiter=" ", newline="\n", header="", footer="", comments="# ",
            encoding=None):
    a = _arr(X)
    if a.ndim == 0 or a.ndim > 2:
        raise ValueError("Expected 1D or 2D array, got %dD array instead" % a.ndim)
    rows = a.reshape(-1, 1).tolist() if a.ndim == 1 else a.tolist()
    out = []
    if header:
        out.append(comments + header.replace("\n", "\n" + comments) + newline)
    for row in rows:
        out.append(_fmt_row(row, fmt, delimiter) + newline)
    if footer:
        out.append(comments + footer.replace("\n", "\n" + comments) + newline)
    text = "".join(out)
    if isinstance(fname, str):
        with _open(fname, "w") as f:
            f.write(text)
    else:
        fname.write(text)


def _read_lines(fname):
    if isinstance(fname, str):
        with _open(fname) as f:
            return f.read().splitlines()
    if isinstance(fname, (list, tuple)):
        return list(fname)
    return fname.read().splitlines()


def loadtxt(fname, dtype=float, comments="#", delimiter=None, converters=None, skiprows=0,
            usecols=None, unpack=False, ndmin=0, encoding=None, max_rows=None):
    lines = _read_lines(fname)[skiprows:]
    rows = []
    for ln in lines:
        if comments:
            ln = ln.split(comments)[0]
        if not ln.strip():
            continue
        parts = ln.split(delimiter) if delimiter is not None else ln.split()
        if usecols is not None:
            cols = (usecols,) if isinstance(usecols, int) else usecols
            parts = [parts[c] for c in cols]
        rows.append([float(p) if dtype is not int else int(p) for p in parts])
        if max_rows is not None and len(rows) >= max_rows:
            break
    r = np.array(rows, dtype=dtype)
    if r.ndim == 2 and (r.shape[1] == 1 or r.shape[0] == 1) and ndmin < 2:
        r = r.reshape(-1)
    if unpack:
        return r.T
    return r


def genfromtxt(fname, dtype=float, comments="#", delimiter=None, skip_header=0, usecols=None,
               unpack=None, missing_values=None, filling_values=None, **kwargs):
    lines = _read_lines(fname)[skip_header:]
    rows = []
    for ln in lines:
        if comments:
            ln = ln.split(comments)[0]
        if not ln.strip():
            continue
        parts = ln.split(delimiter) if delimiter is not None else ln.split()
        if usecols is not None:
            cols = (usecols,) if isinstance(usecols, int) else usecols
            parts = [parts[c] for c in cols]
        vals = []
        for p in parts:
            try:
                vals.append(float(p))
            except ValueError:
                vals.append(float("nan") if filling_values is None else filling_values)
        rows.append(vals)
    r = np.array(rows, dtype=dtype)
    if r.ndim == 2 and (r.shape[1] == 1 or r.shape[0] == 1):
        r = r.reshape(-1)
    return r.T if unpack else r


# ---- print options ---------------------------------------------------------------------------

def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, suppress=None,
                     nanstr=None, infstr=None, formatter=None, sign=None, floatmode=None, *,
                     legacy=None, override_repr=None):
    np._set_printoptions(precision, threshold, edgeitems, linewidth, suppress)


def get_printoptions():
    p, t, e, l, s = np._get_printoptions()
    return {"edgeitems": e, "threshold": t, "floatmode": "maxprec", "precision": p,
            "suppress": s, "linewidth": l, "nanstr": "nan", "infstr": "inf", "sign": "-",
            "formatter": None, "legacy": False, "override_repr": None}


class printoptions:
    """with np.printoptions(precision=3): ... restores the options on exit."""

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs

    def __enter__(self):
        self._old = np._get_printoptions()
        set_printoptions(*self.args, **self.kwargs)
        return get_printoptions()

    def __exit__(self, *exc):
        np._set_printoptions(*self._old)
        return False


_fn("append", append)
for _n, _f in [("delete", delete), ("insert", insert), ("apply_along_axis", apply_along_axis),
               ("argpartition", argpartition), ("partition", partition), ("lexsort", lexsort),
               ("array2string", array2string), ("ascontiguousarray", ascontiguousarray),
               ("asfortranarray", asfortranarray), ("block", block), ("broadcast_arrays", broadcast_arrays),
               ("cbrt", cbrt), ("convolve", convolve), ("correlate", correlate),
               ("cumulative_sum", cumulative_sum), ("diag_indices", diag_indices),
               ("diagonal", diagonal), ("dstack", dstack), ("einsum_path", einsum_path),
               ("fill_diagonal", fill_diagonal), ("flatnonzero", flatnonzero), ("fliplr", fliplr),
               ("flipud", flipud), ("rot90", rot90), ("fromfunction", fromfunction),
               ("fromiter", fromiter), ("geomspace", geomspace),
               ("gradient", gradient), ("histogram2d", histogram2d), ("indices", indices),
               ("real", real), ("imag", imag), ("iscomplexobj", iscomplexobj),
               ("iscomplex", iscomplex), ("isreal", isreal),
               ("intersect1d", intersect1d), ("union1d", union1d), ("setdiff1d", setdiff1d),
               ("shares_memory", shares_memory), ("may_share_memory", may_share_memory),
               ("mgrid", mgrid), ("ogrid", ogrid), ("ndindex", ndindex),
               ("ndenumerate", ndenumerate), ("nditer", nditer), ("piecewise", piecewise),
               ("put", put), ("ravel_multi_index", ravel_multi_index),
               ("unravel_index", unravel_index), ("resize", resize), ("select", select),
               ("take_along_axis", take_along_axis), ("trapezoid", trapezoid),
               ("vectorize", vectorize), ("frompyfunc", frompyfunc), ("polyval", polyval),
               ("polyfit", polyfit), ("poly1d", poly1d), ("generic", generic), ("number", number),
               ("integer", integer), ("signedinteger", signedinteger),
               ("unsignedinteger", unsignedinteger), ("inexact", inexact), ("floating", floating),
               ("complexfloating", complexfloating), ("flexible", flexible),
               ("character", character), ("str_", str_), ("void", void), ("object_", object_),
               ("issubdtype", issubdtype), ("result_type", result_type),
               ("promote_types", promote_types), ("can_cast", can_cast), ("finfo", finfo),
               ("iinfo", iinfo), ("seterr", seterr), ("geterr", geterr), ("errstate", errstate),
               ("save", save), ("load", load), ("savetxt", savetxt), ("loadtxt", loadtxt),
               ("genfromtxt", genfromtxt), ("set_printoptions", set_printoptions),
               ("get_printoptions", get_printoptions), ("printoptions", printoptions)]:
    _fn(_n, _f)


# ---- more ndarray methods ------------------------------------------------------------------

def _tobytes_m(self, order="C"):
    return np._tobytes(self)


def _diagonal_m(self, offset=0, axis1=0, axis2=1):
    return diagonal(self, offset, axis1, axis2)


def _take_m(self, indices, axis=None):
    return take(self, indices, axis)


def _put_m(self, indices, values, mode="raise"):
    put(self, indices, values, mode)


def _searchsorted_m(self, v, side="left"):
    return searchsorted(self, v, side)


def _conj_m(self):
    return _res(_t(self).conj().resolve_conj()) if iscomplexobj(self) else self.copy()


def conjugate(x):
    a = _arr(x)
    return _conj_m(a)


def angle(z, deg=False):
    a = _arr(z)
    if iscomplexobj(a):
        r = _res(_t(a).angle())
    else:
        f = a * 1.0
        r = np.arctan2(np.zeros(f.shape, dtype=f.dtype), f)
    return r * (180.0 / math.pi) if deg else r


for _n, _f in [("conj", conjugate), ("conjugate", conjugate), ("angle", angle)]:
    _fn(_n, _f)


def _abs_m(self):
    return np.abs(self)


_method("__abs__", _abs_m)  # abs(a)


def _compress_m(self, condition, axis=None):
    c = _arr(condition).astype(np.bool_)
    if axis is None:
        flat = self.reshape(-1)
        return flat[:c.size][c]
    idx = np.flatnonzero(c)
    return take(self, idx, axis)


def _partition_m(self, kth, axis=-1, kind="introselect", order=None):
    _t(self).copy_(_t(sort(self, axis)))


def _argpartition_m(self, kth, axis=-1, kind="introselect", order=None):
    return argpartition(self, kth, axis)


def _tofile_m(self, fid, sep="", format="%s"):
    data = np._tobytes(self) if sep == "" else sep.join(format % v for v in self.reshape(-1).tolist()).encode()
    if isinstance(fid, str):
        with _open(fid, "wb") as f:
            f.write(data)
    else:
        fid.write(data)


for _n, _f in [("tobytes", _tobytes_m), ("diagonal", _diagonal_m), ("take", _take_m),
               ("put", _put_m), ("searchsorted", _searchsorted_m), ("conj", _conj_m),
               ("conjugate", _conj_m), ("compress", _compress_m), ("partition", _partition_m),
               ("argpartition", _argpartition_m), ("tofile", _tofile_m)]:
    _method(_n, _f)


# ---- more ufuncs: comparisons, bitwise, integer and float helpers ------------------------

def _out(r):
    """A 0-d array result as NumPy's scalar (ufuncs return scalars for scalar inputs)."""
    return _scalar(r) if isinstance(r, np.ndarray) and r.ndim == 0 else r


_DTYPE_CLASS = {"bool": "BoolDType", "int8": "Int8DType", "uint8": "UInt8DType",
                "int16": "Int16DType", "int32": "Int32DType", "int64": "Int64DType",
                "float16": "Float16DType", "float32": "Float32DType", "float64": "Float64DType",
                "complex64": "Complex64DType", "complex128": "Complex128DType"}


class UFuncTypeError(TypeError):
    pass


def _dtype_class(x):
    if isinstance(x, bool):
        return "<class 'numpy.dtypes.BoolDType'>"
    if isinstance(x, (int, float, complex)) and not isinstance(x, np.generic):
        return "<class 'numpy.dtypes._Py" + {int: "Long", float: "Float", complex: "Complex"}[type(x)] + "DType'>"
    return "<class 'numpy.dtypes." + _DTYPE_CLASS.get(str(_arr(x).dtype), "") + "'>"


def _no_loop(name, *args):
    sig = ", ".join(_dtype_class(x) for x in args)
    return UFuncTypeError("ufunc '" + name + "' did not contain a loop with signature matching types "
                          + ("(" + sig + ")" if len(args) > 1 else sig) + " -> None")


def _ufunc_type_error(name):
    return TypeError("ufunc '" + name + "' not supported for the input types, and the inputs "
                     "could not be safely coerced to any supported types according to the "
                     "casting rule ''safe''")


def _operand(x):
    """x as a ufunc reads it: arrays and numbers as they are (Python numbers stay weak in the
    promotion), sequences as arrays."""
    return _arr(x) if isinstance(x, (list, tuple, range)) else x


def _common(name, x1, x2, kinds):
    """x1, x2 as tensors of NumPy's result dtype (Python numbers weak); a TypeError like
    the ufunc's when that dtype's kind is not one of kinds."""
    x1, x2 = _operand(x1), _operand(x2)
    dt = np.result_type(x1, x2)
    if dt.kind not in kinds:
        raise _ufunc_type_error(name)
    return _t(np.asarray(x1, dtype=dt)), _t(np.asarray(x2, dtype=dt)), dt


_FLOAT_OF = {"bool": "float16", "int8": "float16", "uint8": "float16", "int16": "float32"}


def _float_of(a):
    """a as NumPy's float for a float ufunc: float16 for bool and 8-bit integers, float32 for
    16-bit ones, float64 for wider integers; floats as they are."""
    a = _arr(a)
    if a.dtype.kind == "f":
        return a
    return a.astype(_FLOAT_OF.get(str(a.dtype), "float64"))


def _funary(name, torch_name):
    def ufunc(x):
        return _res(getattr(torch, torch_name)(_t(_float_of(x))))
    ufunc.__name__ = ufunc.__qualname__ = name
    return ufunc


def _float_common(name, x1, x2):
    x1, x2 = _operand(x1), _operand(x2)
    dt = np.result_type(x1, x2)
    if dt.kind in "biu":
        dt = np.dtype(_FLOAT_OF.get(str(dt), "float64"))
    if dt.kind != "f":
        raise _ufunc_type_error(name)
    return _t(np.asarray(x1, dtype=dt)), _t(np.asarray(x2, dtype=dt)), dt


def _broadcast_shape(shapes):
    """The shape that shapes broadcast to, or None where they do not."""
    nd = max([len(s) for s in shapes] + [0])
    out = [1] * nd
    for s in shapes:
        for i, n in enumerate(s):
            j = nd - len(s) + i
            if out[j] == 1:
                out[j] = n
            elif n != 1 and n != out[j]:
                return None
    return tuple(out)


def _operands(x1, x2):
    """x1 as an array and x2 as an operand of it (a sequence as an array), NumPy's error
    where their shapes do not broadcast."""
    a, b = _arr(x1), _arr(x2)
    if _broadcast_shape([a.shape, b.shape]) is None:
        raise ValueError("operands could not be broadcast together with shapes "
                         + _shape_str(a.shape) + " " + _shape_str(b.shape) + " ")
    return a, _operand(x2)


def _shape_str(shape):
    return "(" + ",".join(str(n) for n in shape) + (",)" if len(shape) == 1 else ")")


def equal(x1, x2):
    a, b = _operands(x1, x2)
    return _out(a == b)


def not_equal(x1, x2):
    a, b = _operands(x1, x2)
    return _out(a != b)


def less(x1, x2):
    a, b = _operands(x1, x2)
    return _out(a < b)


def less_equal(x1, x2):
    a, b = _operands(x1, x2)
    return _out(a <= b)


def greater(x1, x2):
    a, b = _operands(x1, x2)
    return _out(a > b)


def greater_equal(x1, x2):
    a, b = _operands(x1, x2)
    return _out(a >= b)


def _bitwise(name, torch_name):
    def ufunc(x1, x2):
        a, b, dt = _common(name, x1, x2, "biu")
        return _res(getattr(torch, torch_name)(a, b))
    ufunc.__name__ = ufunc.__qualname__ = name
    return ufunc


bitwise_and = _bitwise("bitwise_and", "bitwise_and")
bitwise_or = _bitwise("bitwise_or", "bitwise_or")
bitwise_xor = _bitwise("bitwise_xor", "bitwise_xor")


def _shift(name, left):
    """x1 << x2 / x1 >> x2 as products and floor quotients by powers of two in x1's width
    (a shift past the width: 0, or -1 for a negative number shifted right)."""
    def ufunc(x1, x2):
        a, b, dt = _common(name, x1, x2, "biu")
        if dt.kind == "b":
            a, b, dt = a.to(torch.int8), b.to(torch.int8), np.dtype("int8")
        width = dt.itemsize * 8
        if a.dim() == 0 and b.dim() == 0:
            a, b = a.reshape(1), b.reshape(1)
            scalar = True
        else:
            scalar = False
        a, b = torch.broadcast_tensors(a, b)
        big = (b >= width - 1) | (b < 0)
        p = torch.pow(torch.full_like(a, 2), torch.where(big, torch.zeros_like(b), b))
        if left:
            r = torch.where(b >= width, torch.zeros_like(a), a * torch.where(
                b == width - 1, torch.full_like(a, 2) ** (width - 2) * 2, p))
        else:
            r = torch.where(big, torch.where(a < 0, torch.full_like(a, -1), torch.zeros_like(a)),
                            torch.floor_divide(a, p))
        return _res(r.reshape(()) if scalar else r)
    ufunc.__name__ = ufunc.__qualname__ = name
    return ufunc


left_shift = _shift("left_shift", True)
right_shift = _shift("right_shift", False)


def invert(x):
    a = _arr(x)
    if a.dtype.kind not in "biu":
        raise _ufunc_type_error("invert")
    return _res(torch.bitwise_not(_t(a)))


def fmod(x1, x2):
    a, b, dt = _common("fmod", x1, x2, "biuf")
    if dt.kind == "b":
        a, b = a.to(torch.int8), b.to(torch.int8)
    if dt.kind in "iu" and bool((b == 0).any()):  # NumPy's 0 (and a warning) for x % 0
        zero = b == 0
        r = torch.fmod(a, torch.where(zero, torch.ones_like(b), b))
        return _res(torch.where(zero, torch.zeros_like(r), r))
    return _res(torch.fmod(a, b))


def divmod_(x1, x2):
    x1, x2 = _operand(x1), _operand(x2)
    dt = np.result_type(x1, x2)
    if dt.kind in "iu":
        b = np.asarray(x2, dtype=dt)
        zero = b == 0
        if np.any(zero):
            safe = np.where(zero, np.ones(1, dtype=dt), b)
            q, r = np.floor_divide(x1, safe), np.mod(x1, safe)
            z = np.zeros(1, dtype=dt)
            return _out(_arr(np.where(zero, z, q))), _out(_arr(np.where(zero, z, r)))
    return np.floor_divide(x1, x2), np.mod(x1, x2)


def fabs(x):
    a = _arr(x)
    if a.dtype.kind == "c":
        raise _ufunc_type_error("fabs")
    a = _float_of(a)
    return _res(torch.abs(_t(a)))


def fix(x):
    a = _arr(x)
    if a.dtype.kind != "f":
        return _out(a.copy())
    return _res(torch.trunc(_t(a)))


def positive(x):
    a = _arr(x)
    if a.dtype.kind == "b":
        raise _no_loop("positive", a)
    return _out(a.copy())


def float_power(x1, x2):
    x1, x2 = _operand(x1), _operand(x2)
    dt = np.result_type(x1, x2)
    dt = np.dtype("complex128") if dt.kind == "c" else np.dtype("float64")
    return _out(np.asarray(x1, dtype=dt) ** np.asarray(x2, dtype=dt))


def gcd(x1, x2):
    x1, x2 = _operand(x1), _operand(x2)
    if np.result_type(x1, x2).kind not in "iu":
        raise _no_loop("gcd", x1, x2)
    a, b, dt = _common("gcd", x1, x2, "iu")
    return _res(torch.gcd(a, b))


def lcm(x1, x2):
    x1, x2 = _operand(x1), _operand(x2)
    if np.result_type(x1, x2).kind not in "iu":
        raise _no_loop("lcm", x1, x2)
    a, b, dt = _common("lcm", x1, x2, "iu")
    return _res(torch.abs(torch.lcm(a, b)))


def ldexp(x1, x2):
    a = _arr(x1)
    e = _arr(x2)
    if e.dtype.kind not in "biu":
        raise _ufunc_type_error("ldexp")
    a = _float_of(a)
    a, e = np.broadcast_arrays(a, e)
    return _res(torch.ldexp(_t(a), _t(e).to(_t(a).dtype)))


def frexp(x):
    a = _arr(x)
    a = _float_of(a)
    t = _t(_float_of(a))
    m, e = torch.frexp(t)
    e = torch.where(torch.isfinite(t), e.to(torch.int32), torch.zeros_like(e, dtype=torch.int32))
    return _res(m), _res(e)


def modf(x):
    a = _arr(x)
    a = _float_of(a)
    t = _t(a)
    whole = torch.trunc(t)
    frac = torch.where(torch.isinf(t), torch.zeros_like(t), t - whole)
    frac = torch.copysign(frac, t)
    return _res(frac), _res(whole)


def nextafter(x1, x2):
    a, b, dt = _float_common("nextafter", x1, x2)
    r = torch.nextafter(a, b)
    big = torch.full_like(r, float(np.finfo(dt).max))
    return _res(torch.where(torch.isinf(a) & (b != a) & ~torch.isnan(b), torch.copysign(big, a), r))


def spacing(x):
    a = _arr(x)
    a = _float_of(a)
    t = _t(a)
    if a.dtype == np.float16:
        # 2**(e - 11) for x = m * 2**e, m in [0.5, 1); 2**-24 below the normal numbers
        m, e = torch.frexp(t.double())
        e = torch.where(t == 0, torch.full_like(e, -13), torch.clamp(e, min=-13))
        r = torch.copysign(torch.pow(torch.full_like(m, 2.0), (e - 11).double()), t.double())
        return _res(torch.where(torch.isfinite(t), r, torch.full_like(r, math.nan)).half())
    return _res(torch.nextafter(t, torch.copysign(torch.full_like(t, math.inf), t)) - t)


def logaddexp2(x1, x2):
    a, b, dt = _float_common("logaddexp2", x1, x2)
    return _res(torch.logaddexp2(a, b))


def isneginf(x):
    return _res(torch.isneginf(_t(x)))


def isposinf(x):
    return _res(torch.isposinf(_t(x)))


def isrealobj(x):
    return not np.iscomplexobj(x)


def concat(arrays, /, *, axis=0):
    return np.concatenate(arrays, axis=axis)


def permute_dims(a, /, axes=None):
    return np.transpose(a, axes) if axes is not None else np.transpose(a)


def matrix_transpose(x, /):
    a = _arr(x)
    if a.ndim < 2:
        raise ValueError("Input array must be at least 2-dimensional, but it is " + str(a.ndim))
    return a.mT


def astype(x, dtype, /, *, copy=True, device=None):
    if not isinstance(x, np.ndarray):
        raise TypeError("Input should be a NumPy array or scalar. It is a " + str(type(x)) + " instead.")
    return x.astype(dtype)


def unstack(x, /, *, axis=0):
    a = _arr(x)
    if a.ndim == 0:
        raise ValueError("Input array must be at least 1-d.")
    return tuple(np.moveaxis(a, axis, 0))


for _n, _f in [("equal", equal), ("not_equal", not_equal), ("less", less),
               ("less_equal", less_equal), ("greater", greater), ("greater_equal", greater_equal),
               ("bitwise_and", bitwise_and), ("bitwise_or", bitwise_or),
               ("bitwise_xor", bitwise_xor), ("bitwise_not", invert), ("left_shift", left_shift),
               ("invert", invert), ("bitwise_invert", invert), ("right_shift", right_shift),
               ("bitwise_left_shift", left_shift), ("bitwise_right_shift", right_shift),
               ("fmod", fmod), ("divmod", divmod_), ("fabs", fabs), ("fix", fix),
               ("positive", positive), ("pow", np.power), ("float_power", float_power),
               ("gcd", gcd), ("lcm", lcm), ("ldexp", ldexp), ("frexp", frexp), ("modf", modf),
               ("spacing", spacing), ("nextafter", nextafter), ("logaddexp2", logaddexp2),
               ("isneginf", isneginf), ("isposinf", isposinf), ("isrealobj", isrealobj),
               ("acos", _funary("arccos", "acos")), ("asin", _funary("arcsin", "asin")),
               ("atan", _funary("arctan", "atan")),
               ("atan2", np.arctan2), ("arccosh", _funary("arccosh", "acosh")),
               ("arcsinh", _funary("arcsinh", "asinh")), ("arctanh", _funary("arctanh", "atanh")), ("concat", concat),
               ("permute_dims", permute_dims), ("matrix_transpose", matrix_transpose),
               ("astype", astype), ("unstack", unstack)]:
    _fn(_n, _f)
_fn("acosh", np.arccosh)
_fn("asinh", np.arcsinh)
_fn("atanh", np.arctanh)


# ---- NaN-skipping reductions ---------------------------------------------------------------

def _nan_replaced(a, fill):
    """a (float) with its NaNs replaced by fill, and the NaN mask; None for the mask when a
    cannot hold NaN."""
    a = _arr(a)
    if a.dtype.kind not in "fc":
        return a, None
    mask = np.isnan(a)
    return np.where(mask, np.asarray(fill, dtype=a.dtype), a), mask


def _nanarg(name, fill):
    def nanarg(a, axis=None, out=None, *, keepdims=False):
        r, mask = _nan_replaced(a, fill)
        if r.size == 0:
            raise ValueError("attempt to get " + name[3:] + " of an empty sequence")
        if mask is not None:
            bad = mask.all() if axis is None else mask.all(axis=axis)
            if np.any(bad):
                raise ValueError("All-NaN slice encountered")
        res = getattr(np, name[3:])(r) if axis is None else getattr(np, name[3:])(r, axis=axis)
        if keepdims:
            res = _arr(res).reshape((1,) * r.ndim) if axis is None else np.expand_dims(res, axis)
        return res
    nanarg.__name__ = nanarg.__qualname__ = name
    return nanarg


def nancumsum(a, axis=None, dtype=None, out=None):
    r, mask = _nan_replaced(a, 0)
    return np.cumsum(r, axis=axis)


def nancumprod(a, axis=None, dtype=None, out=None):
    r, mask = _nan_replaced(a, 1)
    return np.cumprod(r, axis=axis)


def nanprod(a, axis=None, dtype=None, out=None, keepdims=False):
    r, mask = _nan_replaced(a, 1)
    if axis is None and not keepdims:
        return r.prod()
    return r.prod(axis=_axis(axis), keepdims=keepdims)


def nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=None, mean=None,
           correction=None):
    if correction is not None:
        ddof = correction
    arr, mask = _nan_replaced(a, 0)
    if mask is None:
        return var(arr, axis=axis, ddof=ddof, keepdims=keepdims)
    axis = _axis(axis)
    cnt = np.sum(~mask, axis=axis, keepdims=True)
    avg = (_arr(np.sum(arr, axis=axis, keepdims=True)).astype(np.float64) / cnt).astype(arr.dtype)
    dev = np.where(mask, np.zeros(1, dtype=arr.dtype), arr - avg)
    sqr = dev * dev
    v = np.sum(sqr, axis=axis, keepdims=keepdims)
    v = _arr(v)
    if not keepdims:
        cnt = cnt.reshape(v.shape)
    dof = cnt - ddof
    v = _arr(v.astype(np.float64) / dof).astype(arr.dtype)
    v = np.where(dof <= 0, np.asarray(math.nan, dtype=arr.dtype), v)
    return _out(_arr(v))


def nanstd(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=None, mean=None,
           correction=None):
    v = nanvar(a, axis=axis, ddof=ddof if correction is None else correction, keepdims=keepdims)
    return np.sqrt(v)


def _nanq(a, q, axis, keepdims, name):
    """NumPy's linear quantile of the non-NaN values: the sorted values (NaNs last), the
    count n of the others, position q * (n - 1) between two of them, NumPy's lerp."""
    a = _arr(a)
    if a.dtype.kind != "f":
        a = a.astype(np.float64)
    qa = _arr(q)
    if bool(np.any((qa < 0) | (qa > 1))):
        raise ValueError(name + " must be in the range [0, " + ("1]" if name[0] == "Q" else "100]"))
    dt = np.result_type(a, q if qa.ndim == 0 and isinstance(q, float) else qa)
    t = _t(a.astype(dt))
    nd = t.dim()
    axis = _axis(axis)
    ax = list(range(nd)) if axis is None else [x % nd for x in (axis if isinstance(axis, tuple) else (axis,))]
    rest = [d for d in range(nd) if d not in ax]
    m = t.permute(rest + ax).reshape([t.shape[d] for d in rest] + [-1])
    srt = torch.sort(m, dim=-1).values
    n = (~torch.isnan(m)).sum(-1, keepdim=True)
    last = torch.clamp(n - 1, min=0)
    qs = _t(qa.astype(dt)).reshape(-1)
    outs = []
    for i in range(qs.shape[0]):
        pos = qs[i] * (n - 1).to(t.dtype)
        lo = torch.clamp(torch.floor(pos).to(torch.int64), min=0)
        hi = torch.minimum(lo + 1, last)
        w = pos - lo.to(t.dtype)
        x0 = torch.gather(srt, -1, torch.minimum(lo, last)) if srt.shape[-1] else pos
        x1 = torch.gather(srt, -1, hi) if srt.shape[-1] else pos
        d = x1 - x0
        r = torch.where(w >= 0.5, x1 - d * (1 - w), x0 + d * w)
        r = torch.where(n == 0, torch.full_like(r, math.nan), r).squeeze(-1)
        if keepdims:
            shp = list(t.shape)
            for x in ax:
                shp[x] = 1
            r = r.reshape(shp)
        outs.append(r)
    r = torch.stack(outs).reshape(tuple(qa.shape) + tuple(outs[0].shape))
    return _res(r)


def nanquantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                keepdims=False, *, weights=None):
    return _nanq(a, q, axis, keepdims, "Quantiles")


def nanpercentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                  keepdims=False, *, weights=None):
    qa = _arr(q)
    if bool(np.any((qa < 0) | (qa > 100))):
        raise ValueError("Percentiles must be in the range [0, 100]")
    return _nanq(a, qa.astype(np.float64) / 100 if qa.ndim else float(q) / 100, axis, keepdims,
                 "Percentiles")


def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    return _nanq(a, 0.5, axis, keepdims, "Quantiles")


for _n, _f in [("nanargmax", _nanarg("nanargmax", -math.inf)),
               ("nanargmin", _nanarg("nanargmin", math.inf)), ("nancumsum", nancumsum),
               ("nancumprod", nancumprod), ("nanprod", nanprod), ("nanvar", nanvar),
               ("nanstd", nanstd), ("nanquantile", nanquantile),
               ("nanpercentile", nanpercentile), ("nanmedian", nanmedian)]:
    _fn(_n, _f)


# ---- array helpers ---------------------------------------------------------------------------

def hsplit(ary, indices_or_sections):
    a = _arr(ary)
    if a.ndim == 0:
        raise ValueError("hsplit only works on arrays of 1 or more dimensions")
    return np.split(a, indices_or_sections, 1 if a.ndim > 1 else 0)


def vsplit(ary, indices_or_sections):
    a = _arr(ary)
    if a.ndim < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return np.split(a, indices_or_sections, 0)


def dsplit(ary, indices_or_sections):
    a = _arr(ary)
    if a.ndim < 3:
        raise ValueError("dsplit only works on arrays of 3 or more dimensions")
    return np.split(a, indices_or_sections, 2)


def atleast_3d(*arys):
    res = []
    for x in arys:
        a = _arr(x)
        if a.ndim == 0:
            a = a.reshape(1, 1, 1)
        elif a.ndim == 1:
            a = a.reshape(1, a.shape[0], 1)
        elif a.ndim == 2:
            a = a.reshape(a.shape[0], a.shape[1], 1)
        res.append(a)
    return res[0] if len(res) == 1 else tuple(res)


def ediff1d(ary, to_end=None, to_begin=None):
    a = _arr(ary).reshape(-1)
    parts = []
    if to_begin is not None:
        parts.append(_arr(to_begin).astype(a.dtype).reshape(-1))
    parts.append(a[1:] - a[:-1])
    if to_end is not None:
        parts.append(_arr(to_end).astype(a.dtype).reshape(-1))
    return np.concatenate(parts) if len(parts) > 1 else parts[0]


def extract(condition, arr):
    return np.take(_arr(arr).reshape(-1), np.nonzero(_arr(condition).reshape(-1))[0])


def place(arr, mask, vals):
    if not isinstance(arr, np.ndarray):
        raise TypeError("argument 1 must be numpy.ndarray, not " + type(arr).__name__)
    m = _arr(mask).astype(np.bool_).reshape(arr.shape)
    n = int(np.count_nonzero(m))
    v = _arr(vals).reshape(-1)
    if n == 0:
        return None
    if v.size == 0:
        raise ValueError("Cannot insert from an empty array!")
    arr[m] = np.resize(v, n).astype(arr.dtype)


def putmask(a, mask, values):
    if not isinstance(a, np.ndarray):
        raise TypeError("putmask: first argument must be an array")
    m = np.broadcast_to(_arr(mask).astype(np.bool_), a.shape)
    v = _arr(values)
    if v.size == 0:
        return None
    full = np.resize(v, a.size).reshape(a.shape).astype(a.dtype) if v.shape != a.shape else v.astype(a.dtype)
    a[m] = full[m]


def put_along_axis(arr, indices, values, axis):
    if axis is None:
        flat = arr.reshape(-1)
        idx = _arr(indices).reshape(-1)
        _t(flat).scatter_(0, _t(idx), _t(np.broadcast_to(_arr(values), idx.shape).astype(arr.dtype)))
        return None
    idx = _arr(indices)
    if idx.ndim != arr.ndim:
        raise ValueError("`indices` and `arr` must have the same number of dimensions")
    ax = axis % arr.ndim
    shape = [max(idx.shape[d], 1) if d == ax else arr.shape[d] for d in range(arr.ndim)]
    shape[ax] = idx.shape[ax]
    idx = np.broadcast_to(idx, shape)
    v = np.broadcast_to(_arr(values).astype(arr.dtype), shape)
    idx = np.where(idx < 0, idx + arr.shape[ax], idx)
    _t(arr).scatter_(ax, _t(np.ascontiguousarray(idx)), _t(np.ascontiguousarray(v)))


def compress(condition, a, axis=None, out=None):
    return _compress_m(_arr(a), condition, axis)


def choose(a, choices, out=None, mode="raise"):
    idx = _arr(a)
    cs = np.broadcast_arrays(idx, *[_arr(c) for c in choices])
    idx, cs = cs[0], cs[1:]
    if mode == "raise" and (np.any(idx < 0) or np.any(idx >= len(cs))):
        raise ValueError("invalid entry in choice array")
    if mode == "wrap":
        idx = idx % len(cs)
    elif mode == "clip":
        idx = np.clip(idx, 0, len(cs) - 1)
    st = np.stack(cs)
    return _out(np.take_along_axis(st, np.expand_dims(idx, 0), 0)[0])


def copyto(dst, src, casting="same_kind", where=True):
    if not isinstance(dst, np.ndarray):
        raise TypeError("copyto() argument 1 must be numpy.ndarray, not " + type(dst).__name__)
    s = _arr(src)
    scalar = not isinstance(src, np.ndarray)
    sdt = s.dtype
    if scalar and isinstance(src, (bool, int, float, complex)) and not isinstance(src, np.generic):
        sdt = np.result_type(dst.dtype, src) if np.result_type(dst.dtype, src) != dst.dtype else dst.dtype
    if not np.can_cast(sdt, dst.dtype, casting):
        raise TypeError("Cannot cast " + ("scalar" if scalar else "array data") + " from dtype('"
                        + str(sdt) + "') to dtype('" + str(dst.dtype) + "') according to the rule '"
                        + casting + "'")
    if _broadcast_shape([s.shape, dst.shape]) != tuple(dst.shape):
        raise ValueError("could not broadcast input array from shape " + _shape_str(s.shape)
                         + " into shape " + _shape_str(dst.shape))
    s = np.broadcast_to(s.astype(dst.dtype), dst.shape)
    if where is not True:
        s = np.where(where, s, dst)
    _t(dst).copy_(_t(np.ascontiguousarray(s)))


def diagflat(v, k=0):
    return np.diag(_arr(v).reshape(-1), k)


def tri(N, M=None, k=0, dtype=float, *, like=None):
    M = N if M is None else M
    r = np.arange(N).reshape(N, 1) + k >= np.arange(M).reshape(1, M)
    return r.astype(dtype)


def _indices_from(name):
    def indices_from(arr, k=0):
        a = _arr(arr)
        if a.ndim != 2:
            raise ValueError("input array must be 2-d")
        return getattr(np, name)(a.shape[-2], k=k, m=a.shape[-1])
    indices_from.__name__ = indices_from.__qualname__ = name + "_from"
    return indices_from


def diag_indices_from(arr):
    a = _arr(arr)
    if a.ndim < 2:
        raise ValueError("input array must be at least 2-d")
    if any(n != a.shape[0] for n in a.shape):
        raise ValueError("All dimensions of input must be of equal length")
    return np.diag_indices(a.shape[0], a.ndim)


def rollaxis(a, axis, start=0):
    a = _arr(a)
    n = a.ndim
    if not -n <= axis < n:
        raise np.exceptions.AxisError("axis " + str(axis) + " is out of bounds for array of dimension " + str(n)) \
            if hasattr(np, "exceptions") else ValueError("axis out of bounds")
    axis = axis % n
    if start < 0:
        start += n
    if not 0 <= start < n + 1:
        raise np.exceptions.AxisError("'start' arg requires " + str(-n) + " <= start < " + str(n + 1)
                                      + ", but " + str(start) + " was passed in")
    if axis < start:
        start -= 1
    if axis == start:
        return a[...]
    axes = list(range(n))
    axes.remove(axis)
    axes.insert(start, axis)
    return a.transpose(*axes)


def trim_zeros(filt, trim="fb", axis=None):
    a = _arr(filt)
    trim = trim.lower()
    nz = np.argwhere(a)
    axes = list(range(a.ndim)) if axis is None else [x % a.ndim for x in ((axis,) if isinstance(axis, int) else axis)]
    sl = [slice(None)] * a.ndim
    for ax in axes:
        if nz.shape[0] == 0:
            lo, hi = 0, 0
        else:
            col = nz[:, ax]
            lo, hi = int(col.min()), int(col.max()) + 1
        start = lo if "f" in trim else 0
        stop = hi if "b" in trim else a.shape[ax]
        if nz.shape[0] == 0 and "f" not in trim:
            start, stop = 0, 0
        sl[ax] = slice(start, max(start, stop))
    r = a[tuple(sl)]
    return r if isinstance(filt, np.ndarray) else (list(filt)[sl[0]] if isinstance(filt, list) else r)


def setxor1d(ar1, ar2, assume_unique=False):
    a = np.concatenate((np.unique(ar1), np.unique(ar2))) if not assume_unique else \
        np.concatenate((_arr(ar1).reshape(-1), _arr(ar2).reshape(-1)))
    if a.size == 0:
        return a
    a = np.sort(a)
    flag = np.concatenate((np.array([True]), a[1:] != a[:-1], np.array([True])))
    return a[flag[1:] & flag[:-1]]


class _UniqueResult:
    """NumPy's named-tuple results of unique_all / unique_counts / unique_inverse."""
    _fields = ()

    def __init__(self, *values):
        self._values = values

    def __getattr__(self, name):
        if name in type(self)._fields:
            return self._values[type(self)._fields.index(name)]
        raise AttributeError("'" + type(self).__name__ + "' object has no attribute '" + name + "'")

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return len(self._values)

    def __getitem__(self, i):
        return self._values[i]

    def __repr__(self):
        return type(self).__name__ + "(" + ", ".join(
            f + "=" + repr(v) for f, v in zip(type(self)._fields, self._values)) + ")"


class UniqueAllResult(_UniqueResult):
    _fields = ("values", "indices", "inverse_indices", "counts")


class UniqueCountsResult(_UniqueResult):
    _fields = ("values", "counts")


class UniqueInverseResult(_UniqueResult):
    _fields = ("values", "inverse_indices")


def unique_all(x):
    a = _arr(x)
    v, i, inv, c = np.unique(a, return_index=True, return_inverse=True, return_counts=True)
    return UniqueAllResult(v, i, _arr(inv).reshape(a.shape), c)


def unique_counts(x):
    v, c = np.unique(x, return_counts=True)
    return UniqueCountsResult(v, c)


def unique_inverse(x):
    a = _arr(x)
    v, inv = np.unique(a, return_inverse=True)
    return UniqueInverseResult(v, _arr(inv).reshape(a.shape))


def unique_values(x):
    return np.unique(x)


def broadcast_shapes(*args):
    shapes = [(s,) if isinstance(s, int) else tuple(s) for s in args]
    r = _broadcast_shape(shapes)
    if r is None:
        acc = []
        for i, s in enumerate(shapes):
            if _broadcast_shape(acc + [s]) is None:
                j = next(k for k in range(i) if _broadcast_shape([shapes[k], s]) is None) \
                    if any(_broadcast_shape([shapes[k], s]) is None for k in range(i)) else 0
                raise ValueError("shape mismatch: objects cannot be broadcast to a single shape.  "
                                 "Mismatch is between arg " + str(j) + " with shape "
                                 + str(shapes[j]) + " and arg " + str(i) + " with shape "
                                 + str(s) + ".")
            acc.append(s)
    return r


def array_equiv(a1, a2):
    a, b = _arr(a1), _arr(a2)
    if _broadcast_shape([a.shape, b.shape]) is None:
        return False
    return bool(np.all(a == b))


def iterable(y):
    try:
        iter(y)
    except TypeError:
        return False
    return True


def vander(x, N=None, increasing=False):
    x = _arr(x)
    if x.ndim != 1:
        raise ValueError("x must be a one-dimensional array or sequence.")
    N = x.shape[0] if N is None else N
    if N == 0:
        return np.zeros((x.shape[0], 0), dtype=np.result_type(x, 1))
    cols = [np.ones_like(x)] + [x] * (N - 1)
    v = np.cumprod(np.stack(cols, axis=1), axis=1) if x.shape[0] else np.zeros((0, N), dtype=x.dtype)
    return v if increasing else v[:, ::-1]


class _AxisConcatenator:
    """r_ / c_: slices as ranges (a complex step: a number of points), arrays and numbers
    joined along the first axis (r_) or as columns (c_); a leading string 'r', 'c' or
    'axis[,ndmin[,trans1d]]' as NumPy reads it."""

    def __init__(self, axis, ndmin, trans1d):
        self.axis, self.ndmin, self.trans1d = axis, ndmin, trans1d

    def __getitem__(self, key):
        if not isinstance(key, tuple):
            key = (key,)
        axis, ndmin, trans1d = self.axis, self.ndmin, self.trans1d
        objs = []
        scalars = []
        for k, item in enumerate(key):
            scalar = False
            if isinstance(item, slice):
                start = 0 if item.start is None else item.start
                step = 1 if item.step is None else item.step
                if isinstance(step, complex):
                    arr = np.linspace(start, item.stop, int(abs(step)))
                else:
                    arr = np.arange(start, item.stop, step)
                if ndmin > 1:
                    arr = _ndmin(arr, ndmin, trans1d)
            elif isinstance(item, str):
                if k != 0:
                    raise ValueError("special directives must be the first entry.")
                if item in ("r", "c"):
                    continue
                parts = item.split(",")
                axis = int(parts[0])
                if len(parts) > 1:
                    ndmin = int(parts[1])
                if len(parts) > 2:
                    trans1d = int(parts[2])
                continue
            elif isinstance(item, (bool, int, float, complex)) or isinstance(item, np.generic):
                arr = np.array([item]).reshape((1,) * max(ndmin, 1))
                scalar = [item]
            else:
                arr = _arr(item)
                if ndmin > 1:
                    arr = _ndmin(arr, ndmin, trans1d)
            objs.append(arr)
            scalars.append(scalar)
        if any(scalars):  # NumPy's dtype of the arrays and the numbers (Python's weak)
            dt = np.result_type(*[o if sc is False else sc[0] for o, sc in zip(objs, scalars)])
            objs = [o.astype(dt) for o in objs]
        return np.concatenate(tuple(objs), axis=axis)

    def __len__(self):
        return 0


def _ndmin(arr, ndmin, trans1d):
    """arr with leading axes up to ndmin, its own axes then moved to trans1d (NumPy's r_)."""
    k = arr.ndim
    if k >= ndmin:
        return arr
    new = arr.reshape((1,) * (ndmin - k) + arr.shape)
    if trans1d != -1:
        k2 = ndmin - k
        k1 = trans1d + k2 + 1 if trans1d < 0 else trans1d
        axes = list(range(ndmin))
        new = new.transpose(axes[:k1] + axes[k2:] + axes[k1:k2])
    return new


class _IndexExpression:
    def __init__(self, maketuple):
        self.maketuple = maketuple

    def __getitem__(self, item):
        if self.maketuple and not isinstance(item, tuple):
            return (item,)
        return item


def ix_(*args):
    out = []
    nd = len(args)
    for k, new in enumerate(args):
        if not isinstance(new, np.ndarray):
            new = np.asarray(new)
            if new.size == 0:
                new = new.astype(np.int64)
        if new.ndim != 1:
            raise ValueError("Cross index must be 1 dimensional")
        if new.dtype == np.bool_:
            new = np.nonzero(new)[0]
        out.append(new.reshape((1,) * k + (new.size,) + (1,) * (nd - k - 1)))
    return tuple(out)


for _n, _f in [("hsplit", hsplit), ("vsplit", vsplit), ("dsplit", dsplit),
               ("atleast_3d", atleast_3d), ("ediff1d", ediff1d), ("extract", extract),
               ("place", place), ("putmask", putmask), ("put_along_axis", put_along_axis),
               ("compress", compress), ("choose", choose), ("copyto", copyto),
               ("diagflat", diagflat), ("tri", tri),
               ("tril_indices_from", _indices_from("tril_indices")),
               ("triu_indices_from", _indices_from("triu_indices")),
               ("diag_indices_from", diag_indices_from), ("rollaxis", rollaxis),
               ("trim_zeros", trim_zeros), ("setxor1d", setxor1d), ("unique_all", unique_all),
               ("unique_counts", unique_counts), ("unique_inverse", unique_inverse),
               ("unique_values", unique_values), ("broadcast_shapes", broadcast_shapes),
               ("array_equiv", array_equiv), ("iterable", iterable), ("vander", vander),
               ("r_", _AxisConcatenator(0, 1, -1)), ("c_", _AxisConcatenator(-1, 2, 0)),
               ("s_", _IndexExpression(False)), ("index_exp", _IndexExpression(True)),
               ("ix_", ix_)]:
    _fn(_n, _f)


# ---- window functions and polynomials -------------------------------------------------------

def _window_n(M):
    """n = 1-M, 3-M, ..., M-1 for the symmetric windows; None where M < 2 (empty or [1.])."""
    if M < 1:
        return np.array([], dtype=np.float64)
    if M == 1:
        return np.ones(1, dtype=np.float64)
    return None


def hanning(M):
    w = _window_n(M)
    if w is not None:
        return w
    n = np.arange(1 - M, M, 2)
    return 0.5 + 0.5 * np.cos(math.pi * n / (M - 1))


def hamming(M):
    w = _window_n(M)
    if w is not None:
        return w
    n = np.arange(1 - M, M, 2)
    return 0.54 + 0.46 * np.cos(math.pi * n / (M - 1))


def blackman(M):
    w = _window_n(M)
    if w is not None:
        return w
    n = np.arange(1 - M, M, 2)
    return 0.42 + 0.5 * np.cos(math.pi * n / (M - 1)) + 0.08 * np.cos(2.0 * math.pi * n / (M - 1))


def bartlett(M):
    w = _window_n(M)
    if w is not None:
        return w
    n = np.arange(1 - M, M, 2)
    return np.where(n <= 0, 1 + n / (M - 1), 1 - n / (M - 1))


def kaiser(M, beta):
    w = _window_n(M)
    if w is not None:
        return w
    n = np.arange(0, M)
    alpha = (M - 1) / 2.0
    arg = beta * np.sqrt(1 - ((n - alpha) / alpha) ** 2.0)
    return _res(torch.i0(_t(arg))) / _res(torch.i0(torch.tensor(float(beta), dtype=torch.float64)))


def _poly_in(p):
    return p.coeffs if isinstance(p, poly1d) else _arr(p)


def _poly_out(r, *inputs):
    return poly1d(r) if any(isinstance(p, poly1d) for p in inputs) else r


def polyadd(a1, a2):
    a, b = np.atleast_1d(_poly_in(a1)), np.atleast_1d(_poly_in(a2))
    diff = len(b) - len(a)
    if diff > 0:
        a = np.concatenate((np.zeros(diff, dtype=a.dtype), a))
    elif diff < 0:
        b = np.concatenate((np.zeros(-diff, dtype=b.dtype), b))
    return _poly_out(a + b, a1, a2)


def polysub(a1, a2):
    a, b = np.atleast_1d(_poly_in(a1)), np.atleast_1d(_poly_in(a2))
    diff = len(b) - len(a)
    if diff > 0:
        a = np.concatenate((np.zeros(diff, dtype=a.dtype), a))
    elif diff < 0:
        b = np.concatenate((np.zeros(-diff, dtype=b.dtype), b))
    return _poly_out(a - b, a1, a2)


def polymul(a1, a2):
    return _poly_out(np.convolve(_poly_in(a1), _poly_in(a2)), a1, a2)


def polyder(p, m=1):
    m = int(m)
    if m < 0:
        raise ValueError("Order of derivative must be positive (see polyint)")
    a = _poly_in(p)
    n = len(a) - 1
    y = a[:-1] * np.arange(n, 0, -1)
    val = a if m == 0 else (y if m == 1 else polyder(y, m - 1))
    return _poly_out(val, p)


def polyint(p, m=1, k=None):
    m = int(m)
    if m < 0:
        raise ValueError("Order of integral must be positive (see polyder)")
    if k is None:
        k = np.zeros(m, dtype=np.float64)
    k = np.atleast_1d(k)
    if len(k) == 1 and m > 1:
        k = k[0] * np.ones(m, dtype=np.float64)
    if len(k) < m:
        raise ValueError("k must be a scalar or a rank-1 array of length 1 or >m.")
    a = _poly_in(p)
    if m == 0:
        return _poly_out(a, p)
    y = np.concatenate((a.astype(np.float64) / np.arange(len(a), 0, -1), np.array([k[0]], dtype=np.float64)))
    val = polyint(y, m - 1, k=k[1:])
    return _poly_out(val, p)


def poly(seq_of_zeros):
    s = _arr(seq_of_zeros)
    if s.ndim == 2 and s.shape[0] == s.shape[1] and s.shape[0] != 0:
        ev = torch.linalg.eigvals(_t(s.astype(np.float64)))
        s = _arr(ev.real) if bool((ev.imag == 0).all()) else _arr(ev)
    elif s.ndim == 1:
        pass
    else:
        raise ValueError("input must be 1d or non-empty square 2d array.")
    if s.size == 0:
        return 1.0
    a = np.ones((1,), dtype=np.float64 if s.dtype.kind != "c" else s.dtype)
    for z in s.tolist():
        a = np.convolve(a, np.array([1, -z], dtype=a.dtype), mode="full")
    if a.dtype.kind == "c":
        pos = np.sort(s[np.imag(s) > 0])
        neg = np.sort(np.conjugate(s[np.imag(s) < 0]))
        if pos.shape == neg.shape and bool(np.all(pos == neg)):
            a = np.real(a).copy()
    return a


def roots(p):
    p = np.atleast_1d(_poly_in(p))
    if p.ndim != 1:
        raise ValueError("Input must be a rank-1 array.")
    nz = np.flatnonzero(p)
    if nz.size == 0:
        return np.array([])
    trailing = len(p) - int(nz[-1]) - 1
    p = p[int(nz[0]):int(nz[-1]) + 1]
    if p.dtype.kind not in "fc":
        p = p.astype(np.float64)
    n = len(p)
    if n > 1:
        comp = np.diag(np.ones(n - 2, dtype=p.dtype), -1)
        comp[0, :] = -p[1:] / p[0]
        ev = torch.linalg.eigvals(_t(comp))
        r = _arr(ev.real) if p.dtype.kind != "c" and bool((ev.imag == 0).all()) else _arr(ev)
    else:
        r = np.array([])
    return np.concatenate((r, np.zeros(trailing, dtype=r.dtype))) if trailing else r


def histogram_bin_edges(a, bins=10, range=None, weights=None):
    a = _arr(a).reshape(-1)
    if isinstance(bins, str):
        raise NotImplementedError("histogram_bin_edges: bins given by name")
    if _arr(bins).ndim == 1:
        b = _arr(bins)
        if bool(np.any(b[:-1] > b[1:])):
            raise ValueError("`bins` must increase monotonically, when an array")
        return b
    if not isinstance(bins, int) or isinstance(bins, bool):
        raise TypeError("`bins` must be an integer, a string, or an array")
    if bins < 1:
        raise ValueError("`bins` must be positive, when an integer")
    if range is not None:
        first, last = range
        if first > last:
            raise ValueError("max must be larger than min in range parameter.")
        if not (math.isfinite(first) and math.isfinite(last)):
            raise ValueError("supplied range of [" + str(first) + ", " + str(last) + "] is not finite")
    elif a.size == 0:
        first, last = 0, 1
    else:
        first, last = a.min().item(), a.max().item()
        if not (math.isfinite(first) and math.isfinite(last)):
            raise ValueError("autodetected range of [" + str(first) + ", " + str(last) + "] is not finite")
    if first == last:
        first, last = first - 0.5, last + 0.5
    dt = np.result_type(a.dtype, np.float64) if a.dtype.kind in "biu" else a.dtype
    return np.linspace(first, last, bins + 1, endpoint=True).astype(dt)


for _n, _f in [("hanning", hanning), ("hamming", hamming), ("blackman", blackman),
               ("bartlett", bartlett), ("kaiser", kaiser), ("polyadd", polyadd),
               ("polysub", polysub), ("polymul", polymul), ("polyder", polyder),
               ("polyint", polyint), ("poly", poly), ("roots", roots), ("histogram_bin_edges", histogram_bin_edges)]:
    _fn(_n, _f)


# ---- more of NumPy's namespace ---------------------------------------------------------------

def asanyarray(a, dtype=None, order=None, *, like=None):
    return np.asarray(a, dtype=dtype) if dtype is not None else np.asarray(a)


def asarray_chkfinite(a, dtype=None, order=None):
    r = np.asarray(a, dtype=dtype) if dtype is not None else np.asarray(a)
    if r.dtype.kind in "fc" and not bool(np.all(np.isfinite(r))):
        raise ValueError("array must not contain infs or NaNs")
    return r


def i0(x):
    a = _arr(x)
    if a.dtype.kind == "c":
        raise TypeError("i0 not supported for complex values")
    if a.dtype.kind != "f":
        a = a.astype(np.float64)
    return np.asarray(torch.i0(_t(a)))  # not a ufunc: a 0-d array stays one


def cumulative_prod(x, /, *, axis=None, dtype=None, out=None, include_initial=False):
    a = _arr(x)
    if axis is None:
        if a.ndim > 1:
            raise ValueError("For arrays which have more than one dimension ``axis`` argument is required.")
        axis = 0
    r = np.cumprod(a, axis=axis)
    if include_initial:
        shp = list(r.shape)
        shp[axis] = 1
        r = np.concatenate((np.ones(tuple(shp), dtype=r.dtype), r), axis=axis)
    return r


def binary_repr(num, width=None):
    num = int(num)
    if num >= 0:
        s = bin(num)[2:]
        return s.zfill(width) if width is not None else s
    if width is None:
        return "-" + bin(-num)[2:]
    s = bin(2 ** width + num)[2:]
    return s.zfill(width)


def base_repr(number, base=2, padding=0):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if base > len(digits):
        raise ValueError("Bases greater than 36 not handled in base_repr.")
    if base < 2:
        raise ValueError("Bases less than 2 not handled in base_repr.")
    num = abs(int(number))
    res = []
    while num:
        res.append(digits[num % base])
        num //= base
    if padding:
        res.append("0" * padding)
    if number < 0:
        res.append("-")
    return "".join(reversed(res or ["0"]))


def polydiv(u, v):
    u = np.atleast_1d(_poly_in(u)).astype(np.float64) if _arr(_poly_in(u)).dtype.kind != "c" else np.atleast_1d(_poly_in(u))
    vv = np.atleast_1d(_poly_in(v)).astype(np.float64)
    m, n = len(u) - 1, len(vv) - 1
    scale = 1. / vv[0]
    q = np.zeros((max(m - n + 1, 1),), dtype=np.float64)
    r = u.astype(np.float64)
    for k in range(0, m - n + 1):
        d = scale * r[k]
        q[k] = d
        r[k:k + n + 1] -= d * vv
    while abs(r[0].item()) <= 1e-8 and r.shape[-1] > 1:  # NumPy's allclose(r[0], 0, rtol=1e-14)
        r = r[1:]
    return q, r


def unwrap(p, discont=None, axis=-1, *, period=2 * math.pi):
    p = _arr(p)
    nd = p.ndim
    dd = np.diff(p, axis=axis)
    if discont is None:
        discont = period / 2
    dt = np.result_type(dd, period)
    if dt.kind in "biu":
        interval_high, rem = divmod(period, 2)
        ambiguous = rem == 0
    else:
        interval_high, ambiguous = period / 2, True
    interval_low = -interval_high
    ddmod = np.mod(dd - interval_low, period) + interval_low
    if ambiguous:
        ddmod = np.where((ddmod == interval_low) & (dd > 0), np.asarray(interval_high, dtype=ddmod.dtype), ddmod)
    ph_correct = ddmod - dd
    ph_correct = np.where(np.abs(dd) < discont, np.zeros(1, dtype=ph_correct.dtype), ph_correct)
    up = p.astype(dt)
    sl = [slice(None)] * nd
    sl[axis] = slice(1, None)
    up[tuple(sl)] = p[tuple(sl)] + np.cumsum(ph_correct, axis=axis)
    return up


def real_if_close(a, tol=100):
    a = _arr(a)
    if a.dtype.kind != "c":
        return a
    if tol > 1:
        tol = float(np.finfo(np.real(a).dtype).eps) * tol
    if bool(np.all(np.abs(np.imag(a)) < tol)):
        a = np.real(a).copy()
    return a


def sort_complex(a):
    b = _arr(a)
    if b.dtype.kind == "c" and b.ndim == 1:  # by the real parts, then the imaginary ones
        return b[np.lexsort((np.imag(b), np.real(b)))]
    b = np.sort(b)
    if b.dtype.kind != "c":
        b = b.astype(np.complex64 if b.dtype in (np.float32, np.float16, np.int8, np.uint8, np.int16) else np.complex128)
    return b


def array_repr(arr, max_line_width=None, precision=None, suppress_small=None):
    return repr(_arr(arr))


def array_str(a, max_line_width=None, precision=None, suppress_small=None):
    return str(_arr(a))


def vecdot(x1, x2, /, *, axis=-1):
    a, b = _arr(x1), _arr(x2)
    if a.shape[axis] != b.shape[axis]:
        raise ValueError("vecdot: Input operand 1 has a mismatch in its core dimension 0, with "
                         "gufunc signature (n),(n)->() (size " + str(b.shape[axis]) + " is different from "
                         + str(a.shape[axis]) + ")")
    return _out(_arr(np.sum(np.conjugate(a) * b if a.dtype.kind == "c" else a * b, axis=axis)))


def isfortran(a):
    return bool(a.flags["F_CONTIGUOUS"]) and not bool(a.flags["C_CONTIGUOUS"])


def mask_indices(n, mask_func, k=0):
    m = np.ones((n, n), dtype=int)
    a = mask_func(m, k)
    return np.nonzero(a != 0)


_fn("True_", np.bool_(True))
_fn("False_", np.bool_(False))
_fn("euler_gamma", 0.5772156649015329)
for _n, _f in [("asanyarray", asanyarray), ("asarray_chkfinite", asarray_chkfinite), ("i0", i0),
               ("cumulative_prod", cumulative_prod), ("binary_repr", binary_repr),
               ("base_repr", base_repr), ("polydiv", polydiv), ("unwrap", unwrap),
               ("real_if_close", real_if_close), ("sort_complex", sort_complex),
               ("array_repr", array_repr), ("array_str", array_str), ("vecdot", vecdot),
               ("isfortran", isfortran), ("mask_indices", mask_indices)]:
    _fn(_n, _f)
