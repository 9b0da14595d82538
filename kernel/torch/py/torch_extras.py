"""torch_extras (loaded on first use: the first name torch lacks, or the first Tensor method the C
methods lack, loads it): the torch functions and Tensor methods that compose from the C ops
(aliases, small compositions, storages, finfo/iinfo, torch.random). Each name is added to
torch (and, with _method, to Tensor) only where no C function of that name exists."""
import math
import torch

_T = torch.Tensor


_added = []  # the names set on torch
_added_linalg = []


def _fn(name, f):
    if name not in torch.__dict__:  # (no lookup: a miss would come back here to load)
        setattr(torch, name, f)
        _added.append(name)


_registry = []  # the methods exist while this module keeps the registry
_probe = torch.ones(1)


def _method(name, f):
    if not hasattr(_probe, name):
        _registry.append(torch._tensor_method(name, f))
        del _registry[:-1]


def _both(name, f):
    _fn(name, f)
    _method(name, f)


def _wrap_dim(d, n):
    nd = n if n > 0 else 1
    if d < -nd or d >= nd:
        raise IndexError("Dimension out of range (expected to be in range of [%d, %d], but got %d)"
                         % (-nd, nd - 1, d))
    return d + nd if d < 0 else d


def _float(x):
    return x if x.is_floating_point() else x.to(torch.get_default_dtype())


# ---- aliases ---------------------------------------------------------------------------

for _a, _b in [("absolute", "abs"), ("arcsin", "asin"), ("arccos", "acos"), ("arctan", "atan"),
               ("arctan2", "atan2"), ("greater", "gt"), ("greater_equal", "ge"), ("less", "lt"),
               ("less_equal", "le"), ("not_equal", "ne"), ("negative", "neg"), ("clip", "clamp"),
               ("multiply", "mul"), ("subtract", "sub"), ("divide", "div"), ("fix", "trunc"),
               ("true_divide", "div"), ("swapdims", "transpose"), ("moveaxis", "movedim"),
               ("matrix_power", "matrix_power"), ("ger", "outer")]:
    if hasattr(torch, _b):
        _fn(_a, getattr(torch, _b))


# Callable objects rather than closures: a closure's frame holds the closure itself, a
# cycle that outlives the interpreter when its body is tree-walked.
class _Forward:
    """this.<name>(...) as a method, or torch.<name>(input, ...) from the method."""

    def __init__(self, name, inplace_of=None, torch_fn=None):
        self.name = name
        self.inplace_of = inplace_of
        self.torch_fn = torch_fn

    def __call__(self, this, *args, **kwargs):
        if self.inplace_of is not None:
            return this.copy_(getattr(torch, self.inplace_of)(this, *args, **kwargs))
        return getattr(this, self.name)(*args, **kwargs)


def _alias_method(new, old):
    _method(new, _Forward(old))


for _a, _b in [("absolute", "abs"), ("absolute_", "abs_"), ("arcsin", "asin"), ("arccos", "acos"),
               ("arctan", "atan"), ("arctan2", "atan2"), ("greater", "gt"), ("greater_equal", "ge"),
               ("less", "lt"), ("less_equal", "le"), ("not_equal", "ne"), ("negative", "neg"),
               ("clip", "clamp"), ("multiply", "mul"), ("subtract", "sub"), ("divide", "div"),
               ("fix", "trunc"), ("true_divide", "div"), ("swapdims", "transpose"),
               ("moveaxis", "movedim"), ("ger", "outer"), ("arcsinh", "asinh"),
               ("arccosh", "acosh"), ("arctanh", "atanh")]:
    _alias_method(_a, _b)


# ---- elementwise -----------------------------------------------------------------------

def positive(input):
    if input.dtype == torch.bool:
        raise TypeError("The `+` operator, on a bool tensor is not supported.")
    return input


def signbit(input):
    if input.is_floating_point():
        return (input < 0) | ((input == 0) & ((1.0 / input) < 0))
    return input < 0


def isposinf(input):
    return input == math.inf


def isneginf(input):
    return input == -math.inf


def isreal(input):
    return torch.ones_like(input, dtype=torch.bool)


def asinh(input):
    x = _float(input)
    a = x.abs()
    r = torch.log1p(a + a * a / (1 + (1 + a * a).sqrt()))
    return torch.where(x < 0, -r, r)


def acosh(input):
    x = _float(input)
    return torch.log(x + (x * x - 1).sqrt())


def atanh(input):
    x = _float(input)
    return 0.5 * torch.log1p(2 * x / (1 - x))


def _pow_of(base, x):
    return torch.pow(torch.tensor(float(base), dtype=x.dtype), x)


def exp2(input):
    return _pow_of(2.0, _float(input))


def erfc(input):
    return 1 - _float(input).erf()


def erfinv(input):
    x = _float(input)
    xd = x.double()
    w = -torch.log((1.0 - xd) * (1.0 + xd))
    small = w < 5.0
    ws = w - 2.5
    p1 = 2.81022636e-08
    for c in [3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503,
              -0.00417768164, 0.246640727, 1.50140941]:
        p1 = c + p1 * ws
    wl = w.clamp(min=5.0).sqrt() - 3.0
    p2 = -0.000200214257
    for c in [0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613,
              0.00943887047, 1.00167406, 2.83297682]:
        p2 = c + p2 * wl
    y = torch.where(small, p1, p2) * xd
    for _ in range(3):  # Newton steps on erf(y) = x
        y = y - (torch.erf(y) - xd) / (2.0 / math.sqrt(math.pi) * torch.exp(-y * y))
    y = torch.where(xd == 1, torch.full_like(xd, math.inf), y)
    y = torch.where(xd == -1, torch.full_like(xd, -math.inf), y)
    return y.to(x.dtype)


def _listwise(fn, input):
    x = _float(input)
    return torch.tensor([fn(v) for v in x.flatten().tolist()], dtype=x.dtype).reshape(x.shape)


def logit(input, eps=None):
    x = _float(input)
    if eps is not None:
        x = x.clamp(eps, 1 - eps)
    return torch.log(x / (1 - x))


def xlogy(input, other):
    if not isinstance(input, torch.Tensor):
        input = torch.tensor(input)
    r = input * torch.log(other)
    return torch.where(input == 0, torch.zeros_like(r), r)


def hypot(input, other):
    return (input * input + other * other).sqrt()


def logaddexp(input, other):
    m = torch.maximum(input, other)
    return m + torch.log1p(torch.exp(-(input - other).abs()))


def logaddexp2(input, other):
    m = torch.maximum(input, other)
    return m + torch.log1p(_pow_of(2.0, -(input - other).abs())) / math.log(2.0)


def copysign(input, other):
    a = _float(input).abs()
    neg = signbit(other) if isinstance(other, torch.Tensor) else torch.tensor(
        other < 0 or (other == 0 and math.copysign(1.0, other) < 0))
    return torch.where(neg, -a, a)


def fmax(input, other):
    return torch.where(torch.isnan(other), input, torch.where(torch.isnan(input), other,
                                                              torch.maximum(input, other)))


def fmin(input, other):
    return torch.where(torch.isnan(other), input, torch.where(torch.isnan(input), other,
                                                              torch.minimum(input, other)))


def heaviside(input, values):
    z = torch.zeros_like(input)
    return torch.where(input == 0, values.to(input.dtype).expand_as(input),
                       torch.where(input > 0, torch.ones_like(input), z))


def gcd(input, other):
    a, b = torch.broadcast_tensors(input.abs(), other.abs())
    a = a.clone()
    b = b.clone()
    while bool((b != 0).any()):
        nz = b != 0
        r = torch.where(nz, a % torch.where(nz, b, torch.ones_like(b)), torch.zeros_like(a))
        a = torch.where(nz, b, a)
        b = r
    return a


def lcm(input, other):
    g = gcd(input, other)
    return torch.where(g == 0, torch.zeros_like(g), (input // torch.where(g == 0, torch.ones_like(g), g) * other).abs())


def float_power(input, exponent):
    b = input.double() if isinstance(input, torch.Tensor) else input
    e = exponent.double() if isinstance(exponent, torch.Tensor) else float(exponent)
    if not isinstance(b, torch.Tensor):
        b = torch.tensor(float(b), dtype=torch.float64)
    return torch.pow(b, e)


def deg2rad(input):
    return _float(input) * (math.pi / 180.0)


def rad2deg(input):
    return _float(input) * (180.0 / math.pi)


def sinc(input):
    x = _float(input)
    px = x * math.pi
    return torch.where(x == 0, torch.ones_like(x), torch.sin(px) / px)


def ldexp(input, other):
    return input * _pow_of(2.0, other.to(torch.get_default_dtype()) if not other.is_floating_point() else other)


def lgamma(input):
    return _listwise(math.lgamma, input) if hasattr(math, "lgamma") else _lgamma(input)


def _lgamma(input):
    x = _float(input).double()
    # Lanczos (g=7, n=9) on x >= 0.5, reflection below
    g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
         -176.61503916999185, 12.507343278686905, -0.13857109526572012,
         9.9843695780195716e-6, 1.5056327351493116e-7]
    refl = x < 0.5
    z = torch.where(refl, 1 - x, x) - 1
    a = torch.full_like(z, g[0])
    for i in range(1, 9):
        a = a + g[i] / (z + i)
    t = z + 7.5
    lg = 0.5 * math.log(2 * math.pi) + (z + 0.5) * torch.log(t) - t + torch.log(a)
    r = torch.where(refl, math.log(math.pi) - torch.log(torch.sin(math.pi * x).abs()) - lg, lg)
    return r.to(_float(input).dtype)


def digamma(input):
    x = _float(input).double()
    refl = x < 0.5
    y = torch.where(refl, 1 - x, x)
    r = torch.zeros_like(y)
    for _ in range(6):
        r = r - 1 / y
        y = y + 1
    y2 = 1 / (y * y)
    r = r + torch.log(y) - 0.5 / y - y2 * (1.0 / 12 - y2 * (1.0 / 120 - y2 * (1.0 / 252 - y2 * (1.0 / 240 - y2 / 132))))
    r = torch.where(refl, r - math.pi / torch.tan(math.pi * x), r)
    return r.to(_float(input).dtype)


def clamp_min(input, min):
    return input.clamp(min=min)


def clamp_max(input, max):
    return input.clamp(max=max)


def clamp_min_(input, min):
    return input.clamp_(min=min)


def clamp_max_(input, max):
    return input.clamp_(max=max)


def logical_xor(input, other):
    return input.bool() ^ (other.bool() if isinstance(other, torch.Tensor) else bool(other))


def bitwise_not(input):
    return ~input


def bitwise_left_shift(input, other):
    return input << other


def bitwise_right_shift(input, other):
    return input >> other


def rsub(input, other, alpha=1):
    if input.dtype == torch.bool:
        raise NotImplementedError("Subtraction, the `-` operator, with two bool tensors is not "
                                  "supported. Use the `^` or `logical_xor()` operator instead.")
    return torch.sub(other, input, alpha=alpha) if isinstance(other, torch.Tensor) else other - alpha * input


for _n, _f in [("positive", positive), ("signbit", signbit), ("isposinf", isposinf),
               ("isneginf", isneginf), ("isreal", isreal), ("asinh", asinh), ("acosh", acosh),
               ("atanh", atanh), ("exp2", exp2), ("erfc", erfc), ("erfinv", erfinv), ("logit", logit),
               ("xlogy", xlogy), ("hypot", hypot), ("logaddexp", logaddexp),
               ("logaddexp2", logaddexp2), ("copysign", copysign), ("fmax", fmax), ("fmin", fmin),
               ("heaviside", heaviside), ("gcd", gcd), ("lcm", lcm), ("float_power", float_power),
               ("deg2rad", deg2rad), ("rad2deg", rad2deg), ("sinc", sinc), ("ldexp", ldexp),
               ("lgamma", lgamma), ("digamma", digamma), ("clamp_min", clamp_min),
               ("clamp_max", clamp_max), ("clamp_min_", clamp_min_), ("clamp_max_", clamp_max_),
               ("logical_xor", logical_xor), ("bitwise_not", bitwise_not),
               ("bitwise_left_shift", bitwise_left_shift),
               ("bitwise_right_shift", bitwise_right_shift), ("rsub", rsub)]:
    _both(_n, _f)
for _a, _b in [("arcsinh", asinh), ("arccosh", acosh), ("arctanh", atanh)]:
    _fn(_a, _b)


def _inplace(name):
    return _Forward(name, inplace_of=name)


for _n in ["asinh", "acosh", "atanh", "exp2", "erfc", "erfinv", "logit", "xlogy", "hypot",
           "copysign", "deg2rad", "rad2deg", "sinc", "ldexp", "lgamma", "digamma", "logical_xor",
           "bitwise_not", "float_power", "sgn", "fmod", "remainder", "lerp", "atan2", "fix",
           "arcsin", "arccos", "arctan", "arcsinh", "arccosh", "arctanh", "negative", "square",
           "gcd", "lcm", "heaviside", "round"]:
    _method(_n + "_", _inplace(_n))


def _torch_inplace(name):
    return _Forward(name)


for _n in ["abs_", "neg_", "exp_", "log_", "sqrt_", "sin_", "cos_", "tanh_", "sigmoid_", "relu_",
           "floor_", "ceil_", "round_", "trunc_", "frac_", "reciprocal_", "square_", "log1p_",
           "expm1_", "erf_", "atan_", "asin_", "acos_", "sign_", "clamp_", "rsqrt_", "tan_",
           "sinh_", "cosh_", "log2_", "log10_", "exp2_", "fill_", "zero_", "erfc_", "erfinv_",
           "sgn_", "fix_", "deg2rad_", "rad2deg_", "clip_", "logit_", "nan_to_num_",
           "clamp_min_", "clamp_max_", "dropout_"]:
    if _n != "dropout_" and hasattr(torch.ones(1), _n):
        _fn(_n, _torch_inplace(_n))


# ---- shapes and indexing ---------------------------------------------------------------

def select(input, dim, index):
    if input.dim() == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = _wrap_dim(dim, input.dim())
    n = input.shape[d]
    if index < -n or index >= n:
        raise IndexError("select(): index %d out of range for tensor of size %s at dimension %d"
                         % (index, list(input.shape), d))
    return input.narrow(d, index % n, 1).squeeze(d)


def ravel(input):
    return input.reshape(-1)


def unflatten(input, dim, sizes):
    d = _wrap_dim(dim, input.dim())
    sizes = list(sizes)
    if -1 in sizes:
        known = 1
        for s in sizes:
            if s != -1:
                known = known * s
        sizes[sizes.index(-1)] = input.shape[d] // known
    return input.reshape(list(input.shape[:d]) + sizes + list(input.shape[d + 1:]))


def type_as(self, other):
    return self.to(other.dtype)


def _where_method(self, condition, y):
    return torch.where(condition, self, y)


def take_along_dim(input, indices, dim=None):
    if dim is None:
        return input.reshape(-1).gather(0, indices.reshape(-1))
    return input.gather(dim, indices)


def diagflat(input, offset=0):
    return torch.diag(input.reshape(-1), offset)


def index_copy(input, dim, index, source):
    return input.clone().index_copy_(dim, index, source)


def index_copy_(self, dim, index, source):
    d = _wrap_dim(dim, self.dim())
    idx = [slice(None)] * max(self.dim(), 1)
    src = source if source.dim() == self.dim() else source.unsqueeze(d)
    for i, j in enumerate(index.reshape(-1).tolist()):
        idx[d] = j
        self[tuple(idx)] = src.select(d, i) if self.dim() else src
    return self


def index_put_(self, indices, values, accumulate=False):
    indices = tuple(indices)
    if accumulate:
        self[indices] = self[indices] + values
    else:
        self[indices] = values
    return self


def index_put(input, indices, values, accumulate=False):
    return index_put_(input.clone(), indices, values, accumulate)


def hsplit(input, sections):
    return input.tensor_split(sections, 1 if input.dim() > 1 else 0)


def vsplit(input, sections):
    return input.tensor_split(sections, 0)


def dsplit(input, sections):
    return input.tensor_split(sections, 2)


def unfold(self, dimension, size, step):
    d = _wrap_dim(dimension, self.dim())
    n = (self.shape[d] - size) // step + 1
    parts = [self.narrow(d, i * step, size).movedim(d, -1) for i in range(n)]
    return torch.stack(parts, d)


def sum_to_size(self, *size):
    if len(size) == 1 and not isinstance(size[0], int):
        size = tuple(size[0])
    r = self
    lead = r.dim() - len(size)
    if lead > 0:
        r = r.sum(tuple(range(lead)))
    dims = tuple(i for i, s in enumerate(size) if s == 1 and r.shape[i] != 1)
    if dims:
        r = r.sum(dims, keepdim=True)
    return r


def transpose_(self, dim0, dim1):
    return self.set_(self.transpose(dim0, dim1)) if hasattr(self, "set_") else _shape_inplace(self, self.transpose(dim0, dim1))


def _shape_inplace(self, view):
    raise NotImplementedError("in-place transpose_ is not supported here; use transpose()")


def atleast_1d(*tensors):
    if len(tensors) == 1 and not isinstance(tensors[0], torch.Tensor):
        tensors = tuple(tensors[0])
    r = tuple(t.reshape(1) if t.dim() == 0 else t for t in tensors)
    return r[0] if len(r) == 1 else r


def atleast_2d(*tensors):
    if len(tensors) == 1 and not isinstance(tensors[0], torch.Tensor):
        tensors = tuple(tensors[0])
    r = tuple(t.reshape(1, 1) if t.dim() == 0 else t.unsqueeze(0) if t.dim() == 1 else t
              for t in tensors)
    return r[0] if len(r) == 1 else r


def atleast_3d(*tensors):
    if len(tensors) == 1 and not isinstance(tensors[0], torch.Tensor):
        tensors = tuple(tensors[0])
    out = []
    for t in tensors:
        if t.dim() == 0:
            t = t.reshape(1, 1, 1)
        elif t.dim() == 1:
            t = t.reshape(1, -1, 1)
        elif t.dim() == 2:
            t = t.unsqueeze(-1)
        out.append(t)
    return out[0] if len(out) == 1 else tuple(out)


def hstack(tensors, *, out=None):
    ts = atleast_1d(*tensors)
    ts = (ts,) if isinstance(ts, torch.Tensor) else ts
    r = torch.cat(ts, 0 if ts[0].dim() == 1 else 1)
    return _out(r, out)


def vstack(tensors, *, out=None):
    ts = atleast_2d(*tensors)
    ts = (ts,) if isinstance(ts, torch.Tensor) else ts
    return _out(torch.cat(ts, 0), out)


def dstack(tensors, *, out=None):
    ts = atleast_3d(*tensors)
    ts = (ts,) if isinstance(ts, torch.Tensor) else ts
    return _out(torch.cat(ts, 2), out)


def column_stack(tensors, *, out=None):
    ts = [t.reshape(-1, 1) if t.dim() <= 1 else t for t in tensors]
    return _out(torch.cat(ts, 1), out)


def _out(r, out):
    if out is None:
        return r
    if out.shape != r.shape:
        out.resize_(r.shape)
    return out.copy_(r)


def broadcast_shapes(*shapes):
    res = []
    for k, s in enumerate(shapes):
        s = [s] if isinstance(s, int) else list(s)
        n = max(len(res), len(s))
        a = [1] * (n - len(res)) + res
        b = [1] * (n - len(s)) + s
        r = []
        for i in range(n):
            if a[i] != b[i] and a[i] != 1 and b[i] != 1:
                raise RuntimeError("Attempting to broadcast a dimension of length %d at %d! "
                                   "Mismatching argument at index %d had %s; but expected shape "
                                   "should be broadcastable to %s"
                                   % (b[i], i - n, k, tuple(s), list(res)))
            r.append(b[i] if a[i] == 1 else a[i])
        res = r
    return torch.Size(res)


def broadcast_tensors(*tensors):
    if len(tensors) == 1 and not isinstance(tensors[0], torch.Tensor):
        tensors = tuple(tensors[0])
    shape = broadcast_shapes(*[t.shape for t in tensors])
    return tuple(t.expand(shape) for t in tensors)


def cartesian_prod(*tensors):
    if len(tensors) == 1:
        return tensors[0]
    grids = torch.meshgrid(*tensors, indexing="ij")
    return torch.stack([g.reshape(-1) for g in grids], 1)


def tril_indices(row, col, offset=0, *, dtype=torch.long, device=None):
    r, c = [], []
    for i in range(row):
        for j in range(col):
            if j - i <= offset:
                r.append(i)
                c.append(j)
    return torch.tensor([r, c], dtype=dtype).reshape(2, len(r))


def triu_indices(row, col, offset=0, *, dtype=torch.long, device=None):
    r, c = [], []
    for i in range(row):
        for j in range(col):
            if j - i >= offset:
                r.append(i)
                c.append(j)
    return torch.tensor([r, c], dtype=dtype).reshape(2, len(r))


def block_diag(*tensors):
    ts = [t.reshape(1, -1) if t.dim() == 1 else t.reshape(1, 1) if t.dim() == 0 else t for t in tensors]
    rows = sum(t.shape[0] for t in ts)
    cols = sum(t.shape[1] for t in ts)
    dt = ts[0].dtype
    for t in ts[1:]:
        dt = torch.promote_types(dt, t.dtype) if hasattr(torch, "promote_types") else dt
    out = torch.zeros(rows, cols, dtype=dt)
    r = c = 0
    for t in ts:
        out[r:r + t.shape[0], c:c + t.shape[1]] = t
        r += t.shape[0]
        c += t.shape[1]
    return out


def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None):
    if side is not None:
        right = side == "right"
    scalar = not isinstance(input, torch.Tensor)
    v = torch.tensor([input]) if scalar else input
    seq = sorted_sequence
    if seq.dim() == 1:
        cmp = (seq.unsqueeze(0) <= v.reshape(-1, 1)) if right else (seq.unsqueeze(0) < v.reshape(-1, 1))
        r = cmp.sum(1).reshape(v.shape)
    else:
        cmp = (seq.unsqueeze(-2) <= v.unsqueeze(-1)) if right else (seq.unsqueeze(-2) < v.unsqueeze(-1))
        r = cmp.sum(-1)
    r = r.to(torch.int32 if out_int32 else torch.int64)
    return r.reshape(()) if scalar else r


def bucketize(input, boundaries, *, out_int32=False, right=False):
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


def cdist(x1, x2, p=2.0):
    d = x1.unsqueeze(-2) - x2.unsqueeze(-3)
    if p == 2.0:
        return (d * d).sum(-1).sqrt()
    if p == 1.0:
        return d.abs().sum(-1)
    if p == math.inf:
        return d.abs().amax(-1)
    return d.abs().pow(p).sum(-1).pow(1.0 / p)


def diff(input, n=1, dim=-1, prepend=None, append=None):
    x = input
    if prepend is not None or append is not None:
        parts = ([prepend] if prepend is not None else []) + [x] + ([append] if append is not None else [])
        x = torch.cat(parts, dim)
    d = _wrap_dim(dim, x.dim())
    for _ in range(n):
        m = x.shape[d]
        a = x.narrow(d, 1, m - 1)
        b = x.narrow(d, 0, m - 1)
        x = a ^ b if x.dtype == torch.bool else a - b
    return x


def vdot(input, other):
    return torch.dot(input, other)


def inner(input, other):
    if input.dim() == 0 or other.dim() == 0:
        return input * other
    return torch.tensordot(input, other, dims=([input.dim() - 1], [other.dim() - 1]))


def addmv(input, mat, vec, *, beta=1, alpha=1):
    r = torch.mv(mat, vec)
    return (input if beta == 1 else beta * input) + (r if alpha == 1 else alpha * r)


def addr(input, vec1, vec2, *, beta=1, alpha=1):
    r = torch.outer(vec1, vec2)
    return (input if beta == 1 else beta * input) + (r if alpha == 1 else alpha * r)


def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    r = torch.bmm(batch1, batch2).sum(0)
    return (input if beta == 1 else beta * input) + (r if alpha == 1 else alpha * r)


def addcmul(input, tensor1, tensor2, *, value=1):
    return input + value * tensor1 * tensor2


def addcdiv(input, tensor1, tensor2, *, value=1):
    return input + value * tensor1 / tensor2


def addcmul_(self, tensor1, tensor2, *, value=1):
    return self.add_(tensor1 * tensor2, alpha=value)


def addcdiv_(self, tensor1, tensor2, *, value=1):
    return self.add_(tensor1 / tensor2, alpha=value)


def dist(input, other, p=2):
    return torch.linalg.vector_norm(input - other, p)


def logcumsumexp(input, dim):
    m = input.amax(dim, keepdim=True) if input.numel() else input
    m = torch.where(torch.isinf(m), torch.zeros_like(m), m)
    return torch.log(torch.exp(input - m).cumsum(dim)) + m


def trapezoid(y, x=None, *, dx=None, dim=-1):
    d = _wrap_dim(dim, y.dim())
    n = y.shape[d]
    s = y.narrow(d, 1, n - 1) + y.narrow(d, 0, n - 1)
    if x is not None:
        w = diff(x, dim=-1 if x.dim() == 1 else dim)
        if x.dim() == 1 and y.dim() > 1:
            w = w.reshape([-1 if i == d else 1 for i in range(y.dim())])
        return (s * w).sum(d) / 2
    return s.sum(d) * ((1.0 if dx is None else dx) / 2)


def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    d = _wrap_dim(dim, y.dim())
    n = y.shape[d]
    s = (y.narrow(d, 1, n - 1) + y.narrow(d, 0, n - 1)) / 2
    if x is not None:
        s = s * diff(x, dim=d)
    elif dx is not None:
        s = s * dx
    return s.cumsum(d)


def std_mean(input, dim=None, *, correction=1, keepdim=False, unbiased=None):
    if unbiased is not None:
        correction = 1 if unbiased else 0
    if dim is None:
        return (input.std(correction=correction), input.mean())
    return (input.std(dim, correction=correction, keepdim=keepdim), input.mean(dim, keepdim=keepdim))


def var_mean(input, dim=None, *, correction=1, keepdim=False, unbiased=None):
    if unbiased is not None:
        correction = 1 if unbiased else 0
    if dim is None:
        return (input.var(correction=correction), input.mean())
    return (input.var(dim, correction=correction, keepdim=keepdim), input.mean(dim, keepdim=keepdim))


class _StdMean:
    """torch.std_mean / var_mean with PyTorch's argument forms (unbiased positional,
    axis/keepdims aliases)."""

    def __init__(self, base):
        self.base = base

    def __call__(self, input, dim=None, unbiased=None, keepdim=False, *, correction=None,
                 axis=None, keepdims=None):
        if axis is not None:
            dim = axis
        if keepdims is not None:
            keepdim = keepdims
        if isinstance(dim, bool):
            unbiased, dim = dim, None
        c = 1 if correction is None else correction
        return self.base(input, dim, correction=c, keepdim=keepdim, unbiased=unbiased)


def nanmedian(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    if axis is not None:
        dim = axis
    if keepdims is not None:
        keepdim = keepdims
    if dim is None:
        v = input.reshape(-1)
        v = v[~torch.isnan(v)] if input.is_floating_point() else v
        if v.numel() == 0:
            return torch.tensor(math.nan, dtype=input.dtype)
        return v.median()
    if not input.is_floating_point() or not bool(torch.isnan(input).any()):
        return input.median(dim, keepdim=keepdim)
    raise NotImplementedError("nanmedian(dim) of a tensor with NaN is not supported here")


def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    if not bool(torch.isnan(input).any()):
        return torch.quantile(input, q, dim=dim, keepdim=keepdim, interpolation=interpolation)
    if dim is None:
        v = input.reshape(-1)
        return torch.quantile(v[~torch.isnan(v)], q, interpolation=interpolation)
    raise NotImplementedError("nanquantile(dim) of a tensor with NaN is not supported here")


def cov(input, *, correction=1, fweights=None, aweights=None):
    x = input if input.dim() == 2 else input.reshape(1, -1)
    x = _float(x)
    n = x.shape[1]
    xm = x - x.mean(1, keepdim=True)
    c = xm.matmul(xm.t().conj() if hasattr(xm, "conj") else xm.t()) / (n - correction)
    return c.squeeze() if input.dim() < 2 else c


def corrcoef(input):
    c = cov(input)
    if c.dim() == 0:
        return c / c
    d = torch.diagonal(c).sqrt()
    return (c / d.unsqueeze(1) / d.unsqueeze(0)).clamp(-1, 1)


def renorm(input, p, dim, maxnorm):
    d = _wrap_dim(dim, input.dim())
    others = tuple(i for i in range(input.dim()) if i != d)
    n = torch.linalg.vector_norm(input, p, dim=others, keepdim=True)
    scale = torch.where(n > maxnorm, maxnorm / (n + 1e-7), torch.ones_like(n))
    return input * scale


def chain_matmul(*matrices):
    r = matrices[0]
    for m in matrices[1:]:
        r = r.matmul(m)
    return r


def vander(x, N=None, increasing=False):
    n = x.shape[0] if N is None else N
    p = torch.arange(n)
    if not increasing:
        p = p.flip(0)
    return x.unsqueeze(-1) ** p


def narrow_copy(input, dim, start, length):
    return input.narrow(dim, start, length).clone()


def unravel_index(indices, shape):
    if isinstance(shape, int):
        shape = (shape,)
    idx = indices if isinstance(indices, torch.Tensor) else torch.tensor(indices)
    out = []
    for s in reversed(list(shape)):
        out.append(idx % s)
        idx = idx // s
    return tuple(reversed(out))


def is_nonzero(input):
    if input.numel() != 1:
        if input.numel() == 0:
            raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
        raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
    return bool(input.item() != 0)


def is_signed(self):
    return self.dtype not in (torch.uint8, torch.bool)


for _n, _f in [("select", select), ("ravel", ravel), ("unflatten", unflatten),
               ("take_along_dim", take_along_dim), ("diagflat", diagflat),
               ("index_copy", index_copy), ("index_put", index_put), ("hsplit", hsplit),
               ("vsplit", vsplit), ("dsplit", dsplit), ("diff", diff), ("vdot", vdot),
               ("inner", inner), ("addmv", addmv), ("addr", addr), ("addbmm", addbmm),
               ("addcmul", addcmul), ("addcdiv", addcdiv), ("dist", dist),
               ("logcumsumexp", logcumsumexp), ("nanmedian", nanmedian),
               ("nanquantile", nanquantile), ("cov", cov), ("corrcoef", corrcoef),
               ("renorm", renorm), ("narrow_copy", narrow_copy), ("is_nonzero", is_nonzero),
               ("cumulative_trapezoid", cumulative_trapezoid)]:
    _both(_n, _f)
_fn("std_mean", _StdMean(std_mean))
_fn("var_mean", _StdMean(var_mean))
for _n, _f in [("type_as", type_as), ("where", _where_method), ("index_copy_", index_copy_),
               ("index_put_", index_put_), ("unfold", unfold), ("sum_to_size", sum_to_size),
               ("addcmul_", addcmul_), ("addcdiv_", addcdiv_), ("is_signed", is_signed)]:
    _method(_n, _f)
for _n, _f in [("atleast_1d", atleast_1d), ("atleast_2d", atleast_2d), ("atleast_3d", atleast_3d),
               ("hstack", hstack), ("vstack", vstack), ("row_stack", vstack), ("dstack", dstack),
               ("column_stack", column_stack), ("broadcast_shapes", broadcast_shapes),
               ("broadcast_tensors", broadcast_tensors), ("cartesian_prod", cartesian_prod),
               ("tril_indices", tril_indices), ("triu_indices", triu_indices),
               ("block_diag", block_diag), ("searchsorted", searchsorted), ("bucketize", bucketize),
               ("cdist", cdist), ("trapezoid", trapezoid), ("trapz", trapezoid),
               ("chain_matmul", chain_matmul), ("vander", vander), ("unravel_index", unravel_index)]:
    _fn(_n, _f)


# ---- creation ---------------------------------------------------------------------------

def logspace(start, end, steps, base=10.0, *, out=None, dtype=None, layout=None, device=None,
             requires_grad=False):
    r = _pow_of(base, torch.linspace(start, end, steps, dtype=torch.float64))
    r = r.to(dtype if dtype is not None else torch.get_default_dtype())
    if requires_grad:
        r.requires_grad_()
    return _out(r, out)


_fn("logspace", logspace)


# ---- dtypes: finfo / iinfo / promotion ------------------------------------------------

def _g(v):
    return "%g" % v


class finfo:
    _table = {"float32": (32, 1.1920928955078125e-07, 3.4028234663852886e+38, 1.1754943508222875e-38, 1e-06, "float32"),
              "float64": (64, 2.220446049250313e-16, 1.7976931348623157e+308, 2.2250738585072014e-308, 1e-15, "float64"),
              "float16": (16, 0.0009765625, 65504.0, 6.103515625e-05, 0.001, "float16"),
              "bfloat16": (16, 0.0078125, 3.3895313892515355e+38, 1.1754943508222875e-38, 0.01, "bfloat16")}

    def __init__(self, type=None):
        if type is None:
            type = torch.get_default_dtype()
        name = str(type).split(".")[-1]
        if name not in finfo._table:
            raise TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo "
                            "to handle 'torch.finfo'")
        b, eps, mx, tiny, res, dt = finfo._table[name]
        self.bits = b
        self.eps = eps
        self.max = mx
        self.min = -mx
        self.tiny = tiny
        self.smallest_normal = tiny
        self.resolution = res
        self.dtype = dt

    def __repr__(self):
        g = _g
        return ("finfo(resolution=%s, min=%s, max=%s, eps=%s, smallest_normal=%s, tiny=%s, dtype=%s)"
                % (g(self.resolution), g(self.min), g(self.max), g(self.eps),
                   g(self.smallest_normal), g(self.tiny), self.dtype))


class iinfo:
    _table = {"uint8": (8, 0, 255), "int8": (8, -128, 127), "int16": (16, -32768, 32767),
              "int32": (32, -2147483648, 2147483647),
              "int64": (64, -9223372036854775808, 9223372036854775807),
              "uint16": (16, 0, 65535), "uint32": (32, 0, 4294967295),
              "uint64": (64, 0, 18446744073709551615)}

    def __init__(self, type):
        name = str(type).split(".")[-1]
        if name not in iinfo._table:
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to "
                            "handle '%s'" % type)
        self.bits, self.min, self.max = iinfo._table[name]
        self.dtype = name

    def __repr__(self):
        return "iinfo(min=%d, max=%d, dtype=%s)" % (self.min, self.max, self.dtype)


_fn("finfo", finfo)
_fn("iinfo", iinfo)


def result_type(tensor1, tensor2):
    if isinstance(tensor1, torch.Tensor) or isinstance(tensor2, torch.Tensor):
        return torch.add(tensor1, tensor2).dtype if isinstance(tensor1, torch.Tensor) else torch.add(tensor2, tensor1).dtype
    return torch.tensor(tensor1 + tensor2).dtype


def can_cast(from_, to):
    order = {torch.bool: 0, torch.uint8: 1, torch.int8: 1, torch.int16: 1, torch.int32: 1,
             torch.int64: 1, torch.float16: 2, torch.bfloat16: 2, torch.float32: 2,
             torch.float64: 2}
    return order.get(from_, 0) <= order.get(to, 0)


_fn("result_type", result_type)
_fn("can_cast", can_cast)


def typename(obj):
    if isinstance(obj, torch.Tensor):
        return obj.type()
    return type(obj).__name__


_threads = [1]


def get_num_threads():
    return _threads[0]


def set_num_threads(n):
    _threads[0] = int(n)


_det = [False]


def use_deterministic_algorithms(mode, *, warn_only=False):
    _det[0] = bool(mode)


def are_deterministic_algorithms_enabled():
    return _det[0]


def compile(model=None, **kwargs):
    if model is None:
        return lambda m: m
    return model


def is_storage(obj):
    return isinstance(obj, (TypedStorage, UntypedStorage))


def get_default_device():
    return torch.device("cpu")


for _n, _f in [("typename", typename), ("get_num_threads", get_num_threads),
               ("set_num_threads", set_num_threads),
               ("use_deterministic_algorithms", use_deterministic_algorithms),
               ("are_deterministic_algorithms_enabled", are_deterministic_algorithms_enabled),
               ("compile", compile), ("is_storage", is_storage),
               ("get_default_device", get_default_device)]:
    _fn(_n, _f)


# ---- storages ---------------------------------------------------------------------------

class UntypedStorage:
    """The bytes under a tensor (shared with it): t.untyped_storage()."""

    def __init__(self, flat):
        self._flat = flat  # uint8, the whole storage

    def nbytes(self):
        return self._flat.numel()

    def size(self):
        return self._flat.numel()

    def __len__(self):
        return self._flat.numel()

    def data_ptr(self):
        return self._flat.data_ptr()

    def tolist(self):
        return self._flat.tolist()

    def __getitem__(self, i):
        if isinstance(i, slice):
            return UntypedStorage(self._flat[i])
        return self._flat[i].item()

    def __setitem__(self, i, v):
        self._flat[i] = v

    def element_size(self):
        return 1

    @property
    def device(self):
        return self._flat.device

    def fill_(self, v):
        self._flat.fill_(v)
        return self

    def __repr__(self):
        lines = [" %d" % v for v in self._flat.tolist()]
        return "\n".join(lines + ["[torch.storage.UntypedStorage(device=%s) of size %d]"
                                  % (self._flat.device, self._flat.numel())])


class TypedStorage:
    """The elements under a tensor (shared with it): t.storage()."""

    def __init__(self, flat):
        self._flat = flat  # the tensor's dtype, the whole storage

    def size(self):
        return self._flat.numel()

    def __len__(self):
        return self._flat.numel()

    def nbytes(self):
        return self._flat.numel() * self._flat.element_size()

    def element_size(self):
        return self._flat.element_size()

    def data_ptr(self):
        return self._flat.data_ptr()

    def tolist(self):
        return self._flat.tolist()

    def __getitem__(self, i):
        if isinstance(i, slice):
            return TypedStorage(self._flat[i])
        return self._flat[i].item()

    def __setitem__(self, i, v):
        self._flat[i] = v

    @property
    def dtype(self):
        return self._flat.dtype

    @property
    def device(self):
        return self._flat.device

    def fill_(self, v):
        self._flat.fill_(v)
        return self

    def untyped(self):
        return UntypedStorage(self._flat._storage_view(True))

    def _untyped_storage(self):
        return self.untyped()

    def __repr__(self):
        vals = self._flat.tolist()
        if self._flat.is_floating_point():
            body = [" " + repr(float(v)) for v in vals]
        elif self._flat.dtype == torch.bool:
            body = [" " + str(v) for v in vals]
        else:
            body = [" %d" % v for v in vals]
        return "\n".join(body + ["[torch.storage.TypedStorage(dtype=%s, device=%s) of size %d]"
                                 % (self._flat.dtype, self._flat.device,
                                    self._flat.numel())])


def _storage(self):
    return TypedStorage(self._storage_view())


def _untyped_storage(self):
    return UntypedStorage(self._storage_view(True))


_method("storage", _storage)
_method("untyped_storage", _untyped_storage)
_fn("TypedStorage", TypedStorage)
_fn("UntypedStorage", UntypedStorage)


# ---- random --------------------------------------------------------------------------------

def dropout(input, p=0.5, train=True):
    import torch.nn.functional as F
    return F.dropout(input, p, train)


def dropout_(input, p=0.5, train=True):
    import torch.nn.functional as F
    return F.dropout(input, p, train, True)


def alpha_dropout(input, p=0.5, train=False):
    import torch.nn.functional as F
    return F.alpha_dropout(input, p, train) if hasattr(F, "alpha_dropout") else input


def feature_dropout(input, p=0.5, train=True):
    import torch.nn.functional as F
    return F.dropout2d(input, p, train) if hasattr(F, "dropout2d") else F.dropout(input, p, train)


_fn("dropout", dropout)
_fn("dropout_", dropout_)
_fn("alpha_dropout", alpha_dropout)
_fn("feature_dropout", feature_dropout)


class _RandomModule:
    """torch.random: the default generator's functions."""

    def __init__(self):
        for n in ["manual_seed", "seed", "initial_seed", "get_rng_state", "set_rng_state"]:
            if hasattr(torch, n):
                setattr(self, n, getattr(torch, n))
        if hasattr(torch, "default_generator"):
            self.default_generator = torch.default_generator
        if hasattr(torch, "Generator"):
            self.Generator = torch.Generator

    def __repr__(self):
        return "<module 'torch.random'>"


_fn("random", _RandomModule())


# ---- linalg -----------------------------------------------------------------------------

def _multi_dot(tensors):
    return chain_matmul(*tensors)


def _vecdot(x, y, *, dim=-1):
    return (x * y).sum(dim)


def _ldiagonal(A, *, offset=0, dim1=-2, dim2=-1):
    return torch.diagonal(A, offset, dim1, dim2)


for _n, _f in [("multi_dot", _multi_dot), ("vecdot", _vecdot), ("diagonal", _ldiagonal),
               ("vander", lambda x, N=None: vander(x, N, increasing=True))]:
    if _n not in torch.linalg.__dict__:
        setattr(torch.linalg, _n, _f)
        _added_linalg.append(_n)


# ---- tensor type names ------------------------------------------------------------------

class _Legacy:
    """torch.FloatTensor(...) and friends: a tensor of that dtype from data or a size."""

    def __init__(self, dtype, name):
        self.dtype = dtype
        self.__name__ = name

    def __call__(self, *args):
        if len(args) == 1 and not isinstance(args[0], int):
            return torch.tensor(args[0], dtype=self.dtype)
        return torch.empty(*args, dtype=self.dtype) if args else torch.empty(0, dtype=self.dtype)

    def __repr__(self):
        return "<class 'torch.%s'>" % self.__name__


for _n, _d in [("FloatTensor", torch.float32), ("DoubleTensor", torch.float64),
               ("HalfTensor", torch.float16), ("BFloat16Tensor", torch.bfloat16),
               ("LongTensor", torch.int64), ("IntTensor", torch.int32),
               ("ShortTensor", torch.int16), ("CharTensor", torch.int8),
               ("ByteTensor", torch.uint8), ("BoolTensor", torch.bool)]:
    _fn(_n, _Legacy(_d, _n))
