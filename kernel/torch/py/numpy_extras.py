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


# Callable objects rather than closures: a closure's frame holds the closure itself, a
# cycle that outlives the interpreter when its body is tree-walked.
class _FloatUnary:
    """A NumPy ufunc from the torch op of that name (integers computed in float64)."""

    def __init__(self, name):
        self.__name__ = name

    def __call__(self, x):
        a = _arr(x)
        if a.dtype not in (np.float32, np.float64, np.float16):
            a = a.astype(np.float64)
        return _res(getattr(torch, self.__name__)(_t(a)))


def maximum(x1, x2):
    a, b = _arr(x1), _arr(x2)
    s = a + b * 0  # NumPy's result dtype and shape
    return _res(torch.maximum(_t(a).to(_t(s).dtype), _t(b).to(_t(s).dtype)))


def minimum(x1, x2):
    a, b = _arr(x1), _arr(x2)
    s = a + b * 0
    return _res(torch.minimum(_t(a).to(_t(s).dtype), _t(b).to(_t(s).dtype)))


def arctan2(x1, x2):
    a, b = _arr(x1), _arr(x2)
    s = (a + b * 0).astype(np.float64) if (a + b * 0).dtype not in (np.float32, np.float64) else a + b * 0
    return _res(torch.atan2(_t(a).to(_t(s).dtype), _t(b).to(_t(s).dtype)))


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
        _fn(_n, _FloatUnary(_tn))


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
    a, b = _arr(x), _arr(y)
    s = a + b * 0  # NumPy's result dtype
    st = _t(s)
    return _res(torch.where(c, _t(a).to(st.dtype), _t(b).to(st.dtype)))


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
    return _res(torch.roll(_t(a), shift, axis))


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
    return _res(t.sort(dim=axis, stable=True)[0])


def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None):
    t = _t(ar).reshape(-1)
    u, inv, cnt = torch.unique(t, sorted=True, return_inverse=True, return_counts=True)
    out = [_res(u)]
    if return_index:
        first = []
        for i in range(u.numel()):
            first.append(int(torch.nonzero(inv == i)[0, 0]))
        out.append(np.array(first))
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


class _NanExt:
    """nanmax / nanmin: NaNs replaced by the identity of the reduction."""

    def __init__(self, fn, fill):
        self.fn = fn
        self.fill = fill

    def __call__(self, a, axis=None):
        t = _t(a)
        t = torch.where(torch.isnan(t), torch.full_like(t, self.fill), t)
        r = getattr(t, self.fn)(axis) if axis is not None else getattr(t, self.fn)()
        return _res(r.values if axis is not None else r)


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
    return _res(torch.hypot(_t(_arr(x1).astype(np.float64)), _t(_arr(x2).astype(np.float64))))


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
               ("nansum", nansum), ("nanmean", nanmean), ("nanmax", _NanExt("max", -math.inf)),
               ("nanmin", _NanExt("min", math.inf)), ("ptp", ptp), ("amax", amax),
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


if "linalg" not in np.__dict__:
    linalg = _Linalg()
    linalg.norm = _norm
    linalg.inv = lambda a: _res(torch.linalg.inv(_t(a).double() if not _t(a).is_floating_point() else _t(a)))
    linalg.det = lambda a: _res(torch.linalg.det(_t(a).double() if not _t(a).is_floating_point() else _t(a)))
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
