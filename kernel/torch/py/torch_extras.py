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
        setattr(torch, name, _parser(name, f, False) if name in _PARSED_FN else f)
        _added.append(name)


_registry = []  # the methods exist while this module keeps the registry
_probe = torch.ones(1)


def _method(name, f):
    if not hasattr(_probe, name):
        _registry.append(torch._tensor_method(name, f))
        del _registry[:-1]


def _both(name, f):
    if name in _PARSED:
        fn, method = _parsed(name, f)
        _fn(name, fn)
        _method(name, method)
        return
    _fn(name, f)
    _method(name, f)


# Ops written here that PyTorch binds through its argument parser: their calls go through
# the same overload rows as the C ops (torch_sig.c), the NumPy names ('axis', 'x') the parser
# took reaching f renamed.
# _PARSED: torch.<name> and Tensor.<name>; _PARSED_FN: torch.<name>, which has no method
# (the torch.<op> forms of torch.nn.functional).
_PARSED = {"logcumsumexp", "select", "diff", "take_along_dim", "renorm", "hardshrink", "prelu"}
_PARSED_FN = {"group_norm", "pixel_shuffle", "pixel_unshuffle", "channel_shuffle",
              "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "bilinear",
              "instance_norm", "margin_ranking_loss", "hinge_embedding_loss", "triplet_margin_loss",
              "poisson_nll_loss", "cosine_embedding_loss", "conv1d", "conv2d", "conv3d", "layer_norm",
              "batch_norm", "embedding", "kl_div", "binary_cross_entropy_with_logits", "dropout",
              "alpha_dropout", "feature_dropout", "threshold", "cosine_similarity",
              "pairwise_distance", "pdist", "rrelu"}


def _named(f, name):
    """f, which users see as name (its __name__ and repr)."""
    f.__name__ = f.__qualname__ = name
    return f


def _parser(name, f, method):
    """f behind PyTorch's argument parser: torch.<name> (method False) or Tensor.<name>."""
    def parsed(*args, **kwargs):
        renames = torch._sig_check(name, method, *args[method:], **kwargs)
        if renames:
            kwargs = {renames.get(k, k): v for k, v in kwargs.items()}
        return f(*args, **kwargs)
    return _named(parsed, name)


def _parsed(name, f):
    return _parser(name, f, False), _parser(name, f, True)


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


def _forward(name, old):
    """name(this, ...): this.<old>(...), as a method or as torch.<name>(input, ...)."""
    def forward(this, *args, **kwargs):
        return getattr(this, old)(*args, **kwargs)
    return _named(forward, name)


def _alias_method(new, old):
    _method(new, _forward(new, old))


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


_SIGN_VIEWS = {torch.float32: torch.int32, torch.float64: torch.int64, torch.float16: torch.int16,
               torch.bfloat16: torch.int16}


def signbit(input):
    """The sign bit itself (set for -0.0 and for a NaN that carries it), as PyTorch reads it."""
    if input.is_floating_point():
        return input.contiguous().view(_SIGN_VIEWS[input.dtype]) < 0
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
    return torch.special.exp2(input)


def _listwise(fn, input):
    x = _float(input)
    return torch.tensor([fn(v) for v in x.flatten().tolist()], dtype=x.dtype).reshape(x.shape)


def logit(input, eps=None):
    x = _float(input)
    if eps is not None:
        x = x.clamp(eps, 1 - eps)
    return torch.log(x / (1 - x))


def xlogy(input, other):
    return torch.special.xlogy(input, other)


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
    return torch.special.sinc(input)


def ldexp(input, other):
    return input * _pow_of(2.0, other.to(torch.get_default_dtype()) if not other.is_floating_point() else other)


def lgamma(input):
    return torch.special.gammaln(input)





def digamma(input):
    return torch.special.digamma(input)


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
               ("atanh", atanh), ("exp2", exp2), ("logit", logit),
               ("xlogy", xlogy), ("logaddexp", logaddexp),
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
    """Tensor.<name>_: torch.<name> written back into the tensor."""
    def inplace(this, *args, **kwargs):
        return this.copy_(getattr(torch, name)(this, *args, **kwargs))
    return _named(inplace, name + "_")


for _n in ["asinh", "acosh", "atanh", "exp2", "logit", "xlogy",
           "copysign", "deg2rad", "rad2deg", "sinc", "ldexp", "lgamma", "digamma", "logical_xor",
           "bitwise_not", "float_power", "sgn", "fmod", "remainder", "lerp", "atan2", "fix",
           "arcsin", "arccos", "arctan", "arcsinh", "arccosh", "arctanh", "negative", "square",
           "gcd", "lcm", "heaviside", "round"]:
    _method(_n + "_", _inplace(_n))


def _torch_inplace(name):
    return _forward(name, name)


def conj_physical_(self):
    if self.is_complex():
        self.copy_(self.conj_physical())
    return self


_method("conj_physical_", conj_physical_)


# (torch has no sign_, sgn_ or erfinv_ functions, only the methods)
for _n in ["abs_", "neg_", "exp_", "log_", "sqrt_", "sin_", "cos_", "tanh_", "sigmoid_", "relu_",
           "floor_", "ceil_", "round_", "trunc_", "frac_", "reciprocal_", "square_", "log1p_",
           "expm1_", "erf_", "atan_", "asin_", "acos_", "clamp_", "rsqrt_", "tan_",
           "sinh_", "cosh_", "log2_", "log10_", "exp2_", "fill_", "zero_", "erfc_",
           "fix_", "deg2rad_", "rad2deg_", "clip_", "logit_", "nan_to_num_",
           "clamp_min_", "clamp_max_", "dropout_", "conj_physical_"]:
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


def _where_method(self, *args, **kwargs):
    torch._sig_check("where", True, *args, **kwargs)
    return torch.where(args[0] if args else kwargs["condition"], self,
                       args[1] if len(args) > 1 else kwargs["other"])


def take_along_dim(input, indices, dim=None):
    if dim is None:
        return input.reshape(-1).gather(0, indices.reshape(-1))
    if input.dim() != indices.dim():
        raise RuntimeError('torch.take_along_dim(): input and indices should have the same number of '
                           f'dimensions, but got {input.dim()} dimensions for input, and '
                           f'{indices.dim()} dimensions for indices')
    if indices.dtype != torch.long:
        raise RuntimeError('torch.take_along_dim(): dtype of indices should be Long but got '
                           + str(indices.type()).split('.')[-1].replace('Tensor', ''))
    dim = dim + input.dim() if dim < 0 else dim
    # each operand broadcast to the other's shape outside dim; negative indices count from the end
    ish = list(input.shape)
    ish[dim] = indices.shape[dim]
    indices = indices.broadcast_to(torch.broadcast_shapes(tuple(ish), tuple(indices.shape)))
    xsh = list(indices.shape)
    xsh[dim] = input.shape[dim]
    input = input.broadcast_to(torch.broadcast_shapes(tuple(xsh), tuple(input.shape)))
    return input.gather(dim, torch.where(indices < 0, indices + input.shape[dim], indices))


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


def index_put_(self, indices, values, accumulate=False, _out_of_place=None):
    indices = tuple(indices)
    if not accumulate:
        self[indices] = values
        return self
    idx = []
    for i in indices:
        i = i if isinstance(i, torch.Tensor) else torch.tensor(i)
        if i.dtype == torch.bool:
            idx.extend(i.nonzero().unbind(1))
        else:
            idx.append(i)
    k = len(idx)
    if not self.is_contiguous() or k == 0 or k > self.dim():
        self[indices] = self[indices] + values
        return self
    # repeated positions add up: index_add_ over the indexed dims flattened into one
    idx = torch.broadcast_tensors(*idx)
    lin = torch.zeros(idx[0].shape, dtype=torch.long)
    for d in range(k):
        n = self.shape[d]
        lin = lin * n + torch.where(idx[d] < 0, idx[d] + n, idx[d])
    rest = tuple(self.shape[k:])
    vals = values.to(self.dtype) if isinstance(values, torch.Tensor) else torch.as_tensor(values, dtype=self.dtype)
    vals = vals.expand(tuple(lin.shape) + rest)
    if _out_of_place is None and torch.is_grad_enabled() and vals.requires_grad and not self.requires_grad:
        # the sums recorded on a flat copy, then written back: self's node is PyTorch's
        summed = self.reshape((-1,) + rest).index_add(0, lin.reshape(-1), vals.reshape((-1,) + rest))
        return torch._grad_fn_as(self.copy_(summed.view(self.shape)), 'IndexPutBackward0')
    if _out_of_place is not None and torch.is_grad_enabled() and (self.requires_grad or vals.requires_grad):
        summed = _out_of_place.reshape((-1,) + rest).index_add(0, lin.reshape(-1), vals.reshape((-1,) + rest))
        return torch._grad_fn_as(summed.view(self.shape), 'IndexPutBackward0')
    self.view((-1,) + rest).index_add_(0, lin.reshape(-1), vals.reshape((-1,) + rest))
    return self


def index_put(input, indices, values, accumulate=False):
    return index_put_(input.clone(), indices, values, accumulate, input)


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
        if side not in ("left", "right"):
            raise RuntimeError("torch.searchsorted(): side can only be 'left' or 'right' but got %s" % side)
        if right and side == "left":
            raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, got side "
                               "of left while right was True")
        right = side == "right"
    scalar = not isinstance(input, torch.Tensor)
    v = torch.tensor(input) if scalar else input
    seq = sorted_sequence
    if seq.device.type == "cpu" and v.device.type == "cpu":
        return torch._searchsorted(seq, v, sorter, right, out_int32)
    if sorter is not None:
        seq = seq.gather(-1, sorter)
    # on a device: every boundary compared with every value, counted
    if seq.dim() == 1:
        cmp = (seq.unsqueeze(0) <= v.reshape(-1, 1)) if right else (seq.unsqueeze(0) < v.reshape(-1, 1))
        r = cmp.sum(1).reshape(v.shape)
    else:
        cmp = (seq.unsqueeze(-2) <= v.unsqueeze(-1)) if right else (seq.unsqueeze(-2) < v.unsqueeze(-1))
        r = cmp.sum(-1)
    return r.to(torch.int32 if out_int32 else torch.int64)


def bucketize(input, boundaries, *, out_int32=False, right=False):
    if boundaries.dim() != 1:
        raise RuntimeError("boundaries tensor must be 1 dimension, but got dim(%d)" % boundaries.dim())
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


_CDIST_MODES = {"use_mm_for_euclid_dist_if_necessary": 0, "use_mm_for_euclid_dist": 1,
                "donot_use_mm_for_euclid_dist": 2}
_two_norm_fn = []


def _cdist_direct(x1, x2, p, batch):
    """ATen's direct cdist kernel: per pair, |a - b| mapped and accumulated column after
    column, then finished (the p-th root)."""
    a = x1.unsqueeze(-2)
    b = x2.unsqueeze(-3)
    agg = torch.zeros(*batch, x1.shape[-2], x2.shape[-2], dtype=x1.dtype)
    for k in range(x1.shape[-1]):
        d = (a[..., k] - b[..., k]).abs()
        if p == 2:
            agg = agg + d * d
        elif p == 1:
            agg = agg + d
        elif p == math.inf:
            agg = torch.maximum(agg, d)
        elif p == 0:
            agg = agg + (d != 0).to(d.dtype)
        else:
            agg = agg + d.pow(p)
    if p == 2:
        return agg.sqrt()
    if p in (0, 1, math.inf):
        return agg
    return agg.pow(1.0 / p)


def _two_norm_dist():
    """The 2-norm distances as a Function, by the matrix product or directly, with the
    backward both have in ATen: (x1_i - x2_j) / d_ij, 0 where a distance is 0."""
    if not _two_norm_fn:
        class TwoNormDist(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x1, x2, mm):
                r = torch._euclidean_dist(x1, x2) if mm else _cdist_direct(x1, x2, 2, x1.shape[:-2])
                ctx.save_for_backward(x1, x2, r)
                return r

            @staticmethod
            def backward(ctx, grad):
                x1, x2, res = ctx.saved_tensors
                ratio = (grad / res).masked_fill(res == 0, 0)
                return (x1 * ratio.sum(-1, keepdim=True) - ratio.matmul(x2),
                        x2 * ratio.sum(-2).unsqueeze(-1) - ratio.mT.matmul(x1), None)
        _two_norm_fn.append(TwoNormDist)
    return _two_norm_fn[0]


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """torch.cdist: for p=2 with more than 25 rows on either side (or compute_mode asking for
    it), PyTorch's matrix-product form; else the distances of the row pairs directly."""
    if compute_mode not in _CDIST_MODES:
        raise ValueError("%s is not a valid value for compute_mode" % compute_mode)
    mode = _CDIST_MODES[compute_mode]
    for name, t in (("X1", x1), ("X2", x2)):
        if t.dim() < 2:
            raise RuntimeError("cdist only supports at least 2D tensors, %s got: %dD" % (name, t.dim()))
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError("X1 and X2 must have the same number of columns. X1: %d X2: %d"
                           % (x1.shape[-1], x2.shape[-1]))
    for name, t in (("X1", x1), ("X2", x2)):
        if not t.is_floating_point():
            raise RuntimeError("cdist only supports floating-point dtypes, %s got: %s"
                               % (name, _LEGACY_DTYPE_NAMES.get(t.dtype, str(t.dtype))))
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    if x1.dtype != x2.dtype:
        raise RuntimeError("expected scalar type %s but found %s" % (
            _LEGACY_DTYPE_NAMES.get(x1.dtype, str(x1.dtype)), _LEGACY_DTYPE_NAMES.get(x2.dtype, str(x2.dtype))))
    r1, r2, m = x1.shape[-2], x2.shape[-2], x1.shape[-1]
    b1, b2 = list(x1.shape[:-2]), list(x2.shape[:-2])
    nb = max(len(b1), len(b2))
    b1, b2 = [1] * (nb - len(b1)) + b1, [1] * (nb - len(b2)) + b2
    for i in range(nb):
        if b1[i] != b2[i] and b1[i] != 1 and b2[i] != 1:
            raise RuntimeError("The size of tensor a (%d) must match the size of tensor b (%d) at "
                               "non-singleton dimension %d" % (b1[i], b2[i], i))
    batch = [b2[i] if b1[i] == 1 else b1[i] for i in range(nb)]
    if p != 2 or not x1.numel() or not x2.numel():
        return _cdist_direct(x1, x2, p, batch)
    if len(batch):
        x1 = x1.expand(*batch, r1, m).reshape(-1, r1, m)
        x2 = x2.expand(*batch, r2, m).reshape(-1, r2, m)
    mm = mode == 1 or (mode == 0 and (r1 > 25 or r2 > 25))
    r = _two_norm_dist().apply(x1, x2, mm)
    if mm or len(batch):  # PyTorch views _euclidean_dist's result; the direct kernel's is its own
        return r.view(*batch, r1, r2)
    return torch._grad_fn_as(r, "CdistBackward0")


_LEGACY_DTYPE_NAMES = {torch.float32: "Float", torch.float64: "Double", torch.float16: "Half",
                       torch.bfloat16: "BFloat16", torch.int64: "Long", torch.int32: "Int",
                       torch.int16: "Short", torch.int8: "Char", torch.uint8: "Byte", torch.bool: "Bool"}


def _grad_slice(t, d, start, stop=None):
    """t's elements start:stop along dim d (negative ends count from the end)."""
    n = t.shape[d]
    start = start + n if start < 0 else start
    stop = n if stop is None else (stop + n if stop < 0 else stop)
    return t.narrow(d, start, stop - start)


def gradient(input, *, spacing=1, dim=None, edge_order=1):
    """torch.gradient: second-order central differences inside, first- or second-order
    one-sided ones at the edges, along each dim; spacing a number, numbers per dim, or
    coordinate tensors per dim (PyTorch's formulas, operation for operation)."""
    if edge_order not in (1, 2):
        raise RuntimeError("torch.gradient only supports edge_order=1 and edge_order=2.")
    nd = input.dim()
    if dim is None:
        dims = list(range(nd))
    elif isinstance(dim, int):
        dims = [dim]
    else:
        dims = list(dim)
    dims = [d + nd if d < 0 else d for d in dims]
    for d in dims:
        if d < 0 or d >= nd:
            raise IndexError("Dimension out of range (expected to be in range of [%d, %d], but got %d)"
                             % (-max(nd, 1), max(nd, 1) - 1, d if d < nd else d))
    seen = set()
    for d in dims:
        if d in seen:
            raise RuntimeError("dim %d appears multiple times in the list of dims" % d)
        seen.add(d)
    if isinstance(spacing, (list, tuple)):
        sp = list(spacing)
        if dim is None and len(sp) != nd:
            raise RuntimeError("torch.gradient expected spacing to be unspecified, a scalar, or a list of "
                               "length equal to 'self.dim() = %d', since dim argument was not given, but "
                               "got a list of length %d" % (nd, len(sp)))
        if dim is not None and len(sp) != len(dims):
            raise RuntimeError("torch.gradient expected spacing to be unspecified, a scalar or it's spacing "
                               "and dim arguments to have the same length, but got a spacing argument of "
                               "length %d and a dim argument of length %d." % (len(sp), len(dims)))
    elif isinstance(spacing, torch.Tensor):
        raise TypeError("gradient(): argument 'spacing' must be a number or a tuple, not Tensor")
    else:
        sp = [spacing] * len(dims)
    tensors = any(isinstance(v, torch.Tensor) for v in sp)
    if tensors:
        for k, v in enumerate(sp):
            if not isinstance(v, torch.Tensor):
                raise TypeError("expected Tensor as element %d in argument 1, but got %s" % (k, type(v).__name__))
            if v.dim() != 1:
                raise RuntimeError("torch.gradient expected each element of spacing to have one dimension, "
                                   "but got an element with %d dimensions!" % v.dim())
    for d in dims:
        if input.shape[d] < edge_order + 1:
            raise RuntimeError("torch.gradient expected each dimension size to be at least edge_order+1")
    out = []
    for d, h in zip(dims, sp):
        sl = lambda a, b=None: _grad_slice(input, d, a, b)
        if tensors:
            shape = [1] * nd
            shape[d] = -1
            dx = h.diff(1, 0)
            dx1, dx2 = dx[:-1], dx[1:]
            a = (-dx2 / (dx1 * (dx1 + dx2))).reshape(shape)
            b = ((dx2 - dx1) / (dx1 * dx2)).reshape(shape)
            c = (dx1 / (dx2 * (dx1 + dx2))).reshape(shape)
            center = a * sl(0, -2) + b * sl(1, -1) + c * sl(2)
            if edge_order == 1:
                first = (sl(1, 2) - sl(0, 1)) / dx[0]
                last = (sl(-1) - sl(-2, -1)) / dx[-1]
            else:
                a = -(2.0 * dx[0] + dx[1]) / (dx[0] * (dx[0] + dx[1]))
                b = (dx[0] + dx[1]) / (dx[0] * dx[1])
                c = (-dx[0]) / (dx[1] * (dx[0] + dx[1]))
                first = a * sl(0, 1) + b * sl(1, 2) + c * sl(2, 3)
                a = dx[-1] / (dx[-2] * (dx[-1] + dx[-2]))
                b = -(dx[-1] + dx[-2]) / (dx[-1] * dx[-2])
                c = (2 * dx[-1] + dx[-2]) / (dx[-1] * (dx[-1] + dx[-2]))
                last = a * sl(-3, -2) + b * sl(-2, -1) + c * sl(-1)
        else:
            center = (sl(2) - sl(0, -2)) / h / 2
            if edge_order == 1:
                first = (sl(1, 2) - sl(0, 1)) / h
                last = (sl(-1) - sl(-2, -1)) / h
            else:
                first = (sl(0, 1) * -1.5 + sl(1, 2) * 2 - sl(2, 3) * 0.5) / h
                last = (sl(-3, -2) * 0.5 + sl(-2, -1) * -2 + sl(-1) * 1.5) / h
        out.append(torch.cat([first, center, last], d))
    return tuple(out)


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


# addcmul / addcdiv: the fused kernels (PyTorch's rounding) where they serve, else composed
def addcmul(input, tensor1, tensor2, *, value=1):
    r = torch._fused_pointwise(1, input, tensor1, tensor2, value, False)
    return input + value * tensor1 * tensor2 if r is None else r


def addcdiv(input, tensor1, tensor2, *, value=1):
    r = torch._fused_pointwise(2, input, tensor1, tensor2, value, False)
    return input + value * tensor1 / tensor2 if r is None else r


def addcmul_(self, tensor1, tensor2, *, value=1):
    r = torch._fused_pointwise(1, self, tensor1, tensor2, value, True)
    return self.add_(tensor1 * tensor2, alpha=value) if r is None else r


def addcdiv_(self, tensor1, tensor2, *, value=1):
    r = torch._fused_pointwise(2, self, tensor1, tensor2, value, True)
    return self.add_(value * tensor1 / tensor2) if r is None else r


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


def _std_mean_forms(base):
    """torch.std_mean / var_mean with PyTorch's argument forms (unbiased positional,
    axis/keepdims aliases)."""
    def forms(input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None,
              keepdims=None):
        if axis is not None:
            dim = axis
        if keepdims is not None:
            keepdim = keepdims
        if isinstance(dim, bool):
            unbiased, dim = dim, None
        c = 1 if correction is None else correction
        return base(input, dim, correction=c, keepdim=keepdim, unbiased=unbiased)
    return _named(forms, base.__name__)


def _nanmedian(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
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
        r = input.median(dim, keepdim=keepdim)
        return torch._return_type("nanmedian", r.values, r.indices)
    # per slice, the element std::nth_element (libstdc++'s introselect, NaN ordered last)
    # puts at the lower middle of the non-NaN values: PyTorch's value and index
    d = _wrap_dim(dim, input.dim())
    moved = input.movedim(d, -1)
    rows = moved.reshape(-1, moved.shape[-1]).tolist() if moved.numel() else []
    vals, idxs = [], []
    for row in rows:
        cnt = len(row) - sum(1 for v in row if v != v)
        k = _nth_element(row, (cnt - 1) // 2 if cnt > 0 else 0)
        vals.append(row[k])
        idxs.append(k)
    shape = tuple(moved.shape[:-1])
    v = torch.tensor(vals, dtype=input.dtype).reshape(shape)
    i = torch.tensor(idxs, dtype=torch.long).reshape(shape)
    if keepdim:
        v = v.unsqueeze(d)
        i = i.unsqueeze(d)
    return torch._return_type("nanmedian", v, i)


def _nth_element(row, nth):
    """The index std::nth_element (libstdc++) leaves at position nth of the indices of row,
    under PyTorch's order (a NaN row, whose NaNs compare equal to nothing, keeps the
    algorithm's own arrangement)."""
    idx = list(range(len(row)))

    def less(i, j):  # NaN after every number, equal values in index order
        a, b = row[i], row[j]
        return (a == a and b != b) or a < b or (a == b and i < j)

    first, last = 0, len(idx)
    depth = 2 * (len(idx).bit_length() - 1) if idx else 0
    while last - first > 3:
        if depth == 0:
            part = sorted(idx[first:last], key=lambda t: (row[t] != row[t], row[t] if row[t] == row[t] else 0))
            idx[first:last] = part
            return idx[nth]
        depth -= 1
        mid = first + (last - first) // 2
        a, b, c = first + 1, mid, last - 1
        if less(idx[a], idx[b]):
            m = b if less(idx[b], idx[c]) else (c if less(idx[a], idx[c]) else a)
        elif less(idx[a], idx[c]):
            m = a
        elif less(idx[b], idx[c]):
            m = c
        else:
            m = b
        idx[first], idx[m] = idx[m], idx[first]
        lo, hi = first + 1, last
        while True:
            while less(idx[lo], idx[first]):
                lo += 1
            hi -= 1
            while less(idx[first], idx[hi]):
                hi -= 1
            if not lo < hi:
                break
            idx[lo], idx[hi] = idx[hi], idx[lo]
            lo += 1
        if lo <= nth:
            first = lo
        else:
            last = lo
    for i in range(first + 1, last):
        val = idx[i]
        if less(val, idx[first]):
            idx[first + 1:i + 1] = idx[first:i]
            idx[first] = val
        else:
            j = i
            while less(val, idx[j - 1]):
                idx[j] = idx[j - 1]
                j -= 1
            idx[j] = val
    return idx[nth]


def nanmedian(*args, **kwargs):
    torch._sig_check("nanmedian", False, *args, **kwargs)
    return _nanmedian(*args, **kwargs)


def _nanmedian_method(self, *args, **kwargs):
    torch._sig_check("nanmedian", True, *args, **kwargs)
    return _nanmedian(self, *args, **kwargs)


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
               ("vsplit", vsplit), ("dsplit", dsplit), ("diff", diff), ("gradient", gradient), ("vdot", vdot),
               ("inner", inner), ("addmv", addmv), ("addr", addr), ("addbmm", addbmm),
               ("addcmul", addcmul), ("addcdiv", addcdiv), ("dist", dist),
               ("logcumsumexp", logcumsumexp),
               ("nanquantile", nanquantile), ("cov", cov), ("corrcoef", corrcoef),
               ("renorm", renorm), ("narrow_copy", narrow_copy), ("is_nonzero", is_nonzero),
               ("cumulative_trapezoid", cumulative_trapezoid)]:
    _both(_n, _f)
_fn("nanmedian", nanmedian)
_fn("index_put_", index_put_)
_method("nanmedian", _nanmedian_method)
_fn("std_mean", _parser("std_mean", _std_mean_forms(std_mean), False))
_fn("var_mean", _parser("var_mean", _std_mean_forms(var_mean), False))
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
              "bfloat16": (16, 0.0078125, 3.3895313892515355e+38, 1.1754943508222875e-38, 0.01, "bfloat16"),
              "float8_e4m3fn": (8, 0.125, 448.0, 0.015625, 1.0, "float8_e4m3fn"),
              "float8_e5m2": (8, 0.25, 57344.0, 6.103515625e-05, 1.0, "float8_e5m2")}

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
        return "iinfo(min=%s, max=%s, dtype=%s)" % (_g(self.min), _g(self.max), self.dtype)


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


for _n, _f in [("typename", typename),
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


# ---- in-place geometry: set_, transpose_, resize_ (through Tensor._become) -----------------

def _contiguous_strides(shape):
    st = []
    acc = 1
    for s in reversed(list(shape)):
        st.append(acc)
        acc *= max(s, 1)
    return tuple(reversed(st))


def _sizes(sizes):
    if len(sizes) == 1 and not isinstance(sizes[0], int):
        return tuple(sizes[0])
    return tuple(sizes)


def set_(self, source=None, storage_offset=0, size=None, stride=None):
    if source is None:
        return self._become(torch.empty(0, dtype=self.dtype, device=self.device))
    flat = source._flat if isinstance(source, (TypedStorage, UntypedStorage)) else None
    if flat is None:
        if size is None:
            return self._become(source.detach())
        flat = source.detach()
    if size is None:
        size = (flat.numel(),)
    size = tuple(size)
    stride = _contiguous_strides(size) if stride is None else tuple(stride)
    return self._become(flat.as_strided(size, stride, storage_offset))


def transpose_(self, dim0, dim1):
    return self._become(self.transpose(dim0, dim1))


def as_strided_(self, size, stride, storage_offset=None):
    return self._become(self.detach().as_strided(size, stride, storage_offset))


def resize_(self, *sizes, memory_format=None):
    shape = _sizes(sizes)
    for s in shape:
        if s < 0:
            raise RuntimeError("Trying to create tensor with negative dimension %d: %s"
                               % (s, list(shape)))
    if self.requires_grad:
        raise RuntimeError("cannot resize variables that require grad")
    n = 1
    for s in shape:
        n *= s
    off = self.storage_offset()
    base = self.detach().as_strided((self.untyped_storage().nbytes() // self.element_size(),), (1,), 0)
    if off + n > base.numel():  # the storage grows; its elements so far are kept
        grown = torch.empty(off + n, dtype=self.dtype, device=self.device)
        grown[:base.numel()].copy_(base)
        base = grown
    return self._become(base.as_strided(shape, _contiguous_strides(shape), off))


def resize_as_(self, the_template, memory_format=None):
    return resize_(self, the_template.shape)


def is_same_size(input, other):
    return input.shape == other.shape


def is_set_to(self, tensor):
    return (self.untyped_storage().data_ptr() == tensor.untyped_storage().data_ptr()
            and self.storage_offset() == tensor.storage_offset()
            and self.shape == tensor.shape and self.stride() == tensor.stride())


def new(self, *args, **kwargs):
    if len(args) == 1 and isinstance(args[0], torch.Tensor):
        return args[0]
    if len(args) == 1 and not isinstance(args[0], int) and not isinstance(args[0], torch.Size):
        return torch.tensor(args[0], dtype=self.dtype, device=self.device)
    return torch.empty(*args, dtype=self.dtype, device=self.device) if args else \
        torch.empty(0, dtype=self.dtype, device=self.device)


def new_empty_strided(self, size, stride, dtype=None, device=None, requires_grad=False):
    return torch.empty_strided(size, stride, dtype=self.dtype if dtype is None else dtype,
                               device=self.device if device is None else device,
                               requires_grad=requires_grad)


def empty_strided(size, stride, dtype=None, device=None, requires_grad=False, layout=None,
                  pin_memory=False):
    size = tuple(size)
    stride = tuple(stride)
    n = 1
    for s, st in zip(size, stride):
        if s == 0:
            n = 0
            break
        n += (s - 1) * st
    base = torch.empty(n, dtype=dtype, device=device)
    r = base.as_strided(size, stride, 0)
    return r.requires_grad_() if requires_grad else r


def as_strided(input, size, stride, storage_offset=None):
    return input.as_strided(size, stride, storage_offset)


def _true(self, *args, **kwargs):
    return self


def _false(self, *args, **kwargs):
    return False


def is_inference(input):
    return False


def is_signed(input):
    return input.dtype not in (torch.bool, torch.uint8)


def dim_order(self, ambiguity_check=False):
    st = self.stride()
    return tuple(sorted(range(self.dim()), key=lambda d: -st[d]))


def const_data_ptr(self):
    return self.data_ptr()


class _LegacyStorage:
    """torch.FloatStorage and friends: a TypedStorage of that dtype from data or a size."""

    def __init__(self, dtype, name):
        self.dtype = dtype
        self.__name__ = name

    def __call__(self, *args):
        if len(args) == 1 and not isinstance(args[0], int):
            return TypedStorage(torch.tensor(args[0], dtype=self.dtype))
        return TypedStorage(torch.zeros(args[0] if args else 0, dtype=self.dtype))

    def __repr__(self):
        return "<class 'torch.%s'>" % self.__name__


_STORAGE_NAMES = {torch.float32: "FloatStorage", torch.float64: "DoubleStorage",
                  torch.float16: "HalfStorage", torch.bfloat16: "BFloat16Storage",
                  torch.int64: "LongStorage", torch.int32: "IntStorage",
                  torch.int16: "ShortStorage", torch.int8: "CharStorage",
                  torch.uint8: "ByteStorage", torch.bool: "BoolStorage"}


def storage_type(self):
    return getattr(torch, _STORAGE_NAMES[self.dtype])


for _d, _n in _STORAGE_NAMES.items():
    _fn(_n, _LegacyStorage(_d, _n))


def adjoint(input):
    return input.mH


def _apply_(self, callable):
    vals = [callable(v) for v in self.tolist()] if self.dim() == 1 else \
        [callable(v) for v in self.flatten().tolist()]
    return self.copy_(torch.tensor(vals, dtype=self.dtype).reshape(self.shape))


def _map_(self, tensor, callable):
    other = tensor.broadcast_to(self.shape).flatten().tolist()
    vals = [callable(a, b) for a, b in zip(self.flatten().tolist(), other)]
    return self.copy_(torch.tensor(vals, dtype=self.dtype).reshape(self.shape))


def fill_diagonal_(self, fill_value, wrap=False):
    if self.dim() < 2:
        raise RuntimeError("dimensions must larger than 1")
    n = self.shape[0]
    if self.dim() > 2:
        for s in self.shape:
            if s != n:
                raise RuntimeError("all dimensions of input must be of equal length")
    m = min(self.shape)
    idx = torch.arange(m, device=self.device)
    self[(idx,) * self.dim()] = fill_value
    if wrap and self.dim() == 2 and self.shape[0] > self.shape[1] + 1:
        step = self.shape[1] + 1
        start = step
        while start < self.shape[0]:  # one block per wrap, not per element
            k = min(self.shape[1], self.shape[0] - start)
            r = torch.arange(k, device=self.device)
            self[r + start, r] = fill_value
            start += step
    return self


def split_with_sizes(input, split_sizes, dim=0):
    return input.split(list(split_sizes), dim)


def unsafe_chunk(input, chunks, dim=0):
    return input.chunk(chunks, dim)


def unsafe_split(input, split_size, dim=0):
    return input.split(split_size, dim)


def select_scatter(input, src, dim, index):
    r = input.clone()
    r.select(dim, index).copy_(src)
    return r


def slice_scatter(input, src, dim=0, start=None, end=None, step=1):
    r = input.clone()
    n = r.shape[dim]
    s = 0 if start is None else start
    e = n if end is None else end
    idx = [slice(None)] * r.dim()
    idx[dim] = slice(s, e, step)
    r[tuple(idx)] = src
    return r


def diagonal_scatter(input, src, offset=0, dim1=0, dim2=1):
    r = input.clone()
    r.diagonal(offset, dim1, dim2).copy_(src)
    return r


def _removed(name, msg):
    """torch.<name> / Tensor.<name> of a function PyTorch removed: raises msg."""
    def removed(*args, **kwargs):
        raise RuntimeError(msg)
    return _named(removed, name)


_SOLVE_MSG = ('This function was deprecated since version 1.9 and is now removed. `torch.solve`'
    ' is deprecated in favor of `torch.linalg.solve`. `torch.linalg.solve` has its ar'
    'guments reversed and does not return the LU factorization.\n\nTo get the LU factor'
    'ization see `torch.lu`, which can be used with `torch.lu_solve` or `torch.lu_unp'
    'ack`.\nX = torch.solve(B, A).solution should be replaced with:\nX = torch.linalg.s'
    'olve(A, B)')
_LSTSQ_MSG = ('This function was deprecated since version 1.9 and is now removed. `torch.lstsq`'
    ' is deprecated in favor of `torch.linalg.lstsq`.\n`torch.linalg.lstsq` has revers'
    'ed arguments and does not return the QR decomposition in the returned tuple (alt'
    'hough it returns other information about the problem).\n\nTo get the QR decomposit'
    'ion consider using `torch.linalg.qr`.\n\nThe returned solution in `torch.lstsq` st'
    'ored the residuals of the solution in the last m - n columns of the returned val'
    "ue whenever m > n. In torch.linalg.lstsq, the residuals are in the field 'residu"
    "als' of the returned named tuple.\n\nThe unpacking of the solution, as in\nX, _ = t"
    'orch.lstsq(B, A).solution[:A.size(1)]\nshould be replaced with:\nX = torch.linalg.'
    'lstsq(A, B).solution')
_EIG_MSG = ('This function was deprecated since version 1.9 and is now removed. `torch.linalg'
    '.eig` returns complex tensors of dtype `cfloat` or `cdouble` rather than real te'
    'nsors mimicking complex tensors.\n\nL, _ = torch.eig(A) should be replaced with:\nL'
    '_complex = torch.linalg.eigvals(A)\n\nand\n\nL, V = torch.eig(A, eigenvectors=True) '
    'should be replaced with:\nL_complex, V_complex = torch.linalg.eig(A)')
_SYMEIG_MSG = ('This function was deprecated since version 1.9 and is now removed. The default b'
    'ehavior has changed from using the upper triangular portion of the matrix by def'
    'ault to using the lower triangular portion.\n\nL, _ = torch.symeig(A, upper=upper)'
    " should be replaced with:\nL = torch.linalg.eigvalsh(A, UPLO='U' if upper else 'L"
    "')\n\nand\n\nL, V = torch.symeig(A, eigenvectors=True) should be replaced with:\nL, V"
    " = torch.linalg.eigh(A, UPLO='U' if upper else 'L')")
_MRANK_MSG = ('This function was deprecated since version 1.9 and is now removed.\nPlease use th'
    "e `torch.linalg.matrix_rank` function instead. The parameter 'symmetric' was ren"
    "amed in `torch.linalg.matrix_rank()` to 'hermitian'.")


# ---- elementwise and small functions ----------------------------------------------------------

def frexp(input):
    if not input.is_floating_point():
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    a = input.abs()
    nz = (a != 0) & a.isfinite()
    e = torch.where(nz, torch.floor(torch.log2(torch.where(nz, a, torch.ones_like(a)))) + 1,
                    torch.zeros_like(a))
    m = input / torch.pow(torch.tensor(2.0, dtype=input.dtype), e)
    # log2 may round across a power of two: bring the mantissa back into [0.5, 1)
    hi = m.abs() >= 1
    e = torch.where(hi, e + 1, e)
    m = torch.where(hi, m / 2, m)
    lo = nz & (m.abs() < 0.5)
    e = torch.where(lo, e - 1, e)
    m = torch.where(lo, m * 2, m)
    m = torch.where(nz, m, input)
    return torch._return_type("frexp", m, e.to(torch.int32))


def i0(input):
    return torch.special.i0(input)


def nextafter(input, other):
    if input.dtype not in (torch.float32, torch.float64):
        raise RuntimeError("\"nextafter_cpu\" not implemented for '%s'"
                           % {torch.float16: "Half", torch.bfloat16: "BFloat16"}.get(input.dtype, str(input.dtype)))
    bits, emin = (24, -149) if input.dtype == torch.float32 else (53, -1074)
    other = torch.as_tensor(other, dtype=input.dtype)
    x = input.double()
    o = other.double()
    m, e = frexp(x)
    e = e.double()
    away = (o > x) == (x > 0)
    # the spacing below |x| halves at a power of two
    step = torch.where(away | (m.abs() != 0.5), e - bits, e - bits - 1)
    ulp = torch.pow(torch.tensor(2.0, dtype=torch.float64), torch.clamp(step, min=emin))
    r = torch.where(o > x, x + ulp, x - ulp)
    tiny = torch.pow(torch.tensor(2.0, dtype=torch.float64), torch.tensor(float(emin), dtype=torch.float64))
    r = torch.where(x == 0, torch.where(o > 0, tiny, -tiny), r)
    r = torch.where(x == o, o, r)
    r = torch.where(x.isnan() | o.isnan(), x + o, r)
    return r.to(input.dtype)


def combinations(input, r=2, with_replacement=False):
    if input.dim() != 1:
        raise RuntimeError("Expect a 1D vector, but got shape %s" % list(input.shape))
    if r < 0:
        raise RuntimeError("Expect a non-negative number, but got %d" % r)
    if r == 0:
        return torch.empty(0, dtype=input.dtype, device=input.device)
    n = input.shape[0]
    grids = torch.meshgrid(*([torch.arange(n, device=input.device)] * r), indexing="ij")
    keep = torch.ones(grids[0].shape, dtype=torch.bool, device=input.device)
    for a, b in zip(grids[:-1], grids[1:]):
        keep = keep & ((a <= b) if with_replacement else (a < b))
    idx = torch.stack([g[keep] for g in grids], 1)
    return input[idx] if idx.numel() else torch.empty(0, r, dtype=input.dtype)


def isin(elements, test_elements, assume_unique=False, invert=False):
    if not isinstance(elements, torch.Tensor):
        elements = torch.tensor(elements)
    if not isinstance(test_elements, torch.Tensor):
        test_elements = torch.tensor(test_elements)
    t = test_elements.flatten()
    if t.numel() == 0:
        r = torch.zeros(elements.shape, dtype=torch.bool, device=elements.device)
    else:
        s, _ = t.sort()
        pos = torch.searchsorted(s, elements.contiguous()).clamp(max=s.numel() - 1)
        r = s[pos] == elements
    return ~r if invert else r


def _window(n, periodic, dtype, fn):
    if n == 1:
        return torch.ones(1, dtype=dtype)
    m = n if periodic else n - 1
    k = torch.arange(n, dtype=torch.float64)
    return fn(k, m).to(dtype if dtype is not None else torch.get_default_dtype())


def _check_window(name, n, dtype):
    if n < 0:
        raise RuntimeError("%s requires non-negative window_length, got window_length=%d" % (name, n))
    if dtype is not None and not dtype.is_floating_point:
        raise RuntimeError("%s expects floating point dtypes, got: %s" % (name, dtype))


def hann_window(window_length, periodic=True, dtype=None, layout=None, device=None,
                requires_grad=False):
    _check_window("hann_window", window_length, dtype)
    if window_length == 0:
        return torch.empty(0, dtype=dtype)
    return hamming_window(window_length, periodic, 0.5, 0.5, dtype=dtype)


def hamming_window(window_length, periodic=True, alpha=0.54, beta=0.46, dtype=None, layout=None,
                   device=None, requires_grad=False):
    _check_window("hamming_window", window_length, dtype)
    if window_length == 0:
        return torch.empty(0, dtype=dtype)
    if window_length == 1:
        return torch.ones(1, dtype=dtype)
    m = window_length if periodic else window_length - 1
    dt = dtype if dtype is not None else torch.get_default_dtype()
    k = torch.arange(window_length, dtype=dt)
    return (torch.cos(k * (2 * math.pi / (m))) * -beta + alpha)


def bartlett_window(window_length, periodic=True, dtype=None, layout=None, device=None,
                    requires_grad=False):
    _check_window("bartlett_window", window_length, dtype)
    if window_length == 0:
        return torch.empty(0, dtype=dtype)
    if window_length == 1:
        return torch.ones(1, dtype=dtype)
    m = window_length if periodic else window_length - 1
    dt = dtype if dtype is not None else torch.get_default_dtype()
    k = torch.arange(window_length, dtype=dt) * (2.0 / m)
    return torch.where(k > 1, 2 - k, k)


def blackman_window(window_length, periodic=True, dtype=None, layout=None, device=None,
                    requires_grad=False):
    _check_window("blackman_window", window_length, dtype)
    if window_length == 0:
        return torch.empty(0, dtype=dtype)
    if window_length == 1:
        return torch.ones(1, dtype=dtype)
    m = window_length if periodic else window_length - 1
    dt = dtype if dtype is not None else torch.get_default_dtype()
    k = torch.arange(window_length, dtype=dt) * (math.pi / m)
    return 0.08 * torch.cos(k * 4) - 0.5 * torch.cos(k * 2) + 0.42


def kaiser_window(window_length, periodic=True, beta=12.0, dtype=None, layout=None, device=None,
                  requires_grad=False):
    _check_window("kaiser_window", window_length, dtype)
    if window_length == 0:
        return torch.empty(0, dtype=dtype)
    if window_length == 1:
        return torch.ones(1, dtype=dtype)
    m = window_length if periodic else window_length - 1
    dt = dtype if dtype is not None else torch.get_default_dtype()
    k = torch.arange(window_length, dtype=torch.float64)
    alpha = m / 2.0
    r = i0(beta * torch.sqrt((1 - ((k - alpha) / alpha) ** 2).clamp(min=0))) / i0(torch.tensor(float(beta), dtype=torch.float64))
    return r.to(dt)


def selu(input, inplace=False):
    return torch.nn.functional.selu(input, inplace) if hasattr(torch.nn.functional, "selu") else \
        _selu(input)


def _selu(input):
    return torch._unary("selu", input)


def celu(input, alpha=1.0):
    return torch.where(input > 0, input, alpha * torch.expm1(input / alpha))


def threshold(input, threshold, value):
    return torch.where(input > threshold, input, torch.full_like(input, value))


def hardshrink(input, lambd=0.5):
    return _F().hardshrink(input, lambd)


def prelu(input, weight):
    w = weight
    if w.numel() != 1 and input.dim() >= 2:
        w = w.reshape([1, -1] + [1] * (input.dim() - 2))
    return torch.where(input > 0, input, w * input)


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None):
    if training:
        a = torch.empty_like(input).uniform_(lower, upper)
        return torch.where(input >= 0, input, input * a)
    return torch.where(input >= 0, input, input * ((lower + upper) / 2))


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    return torch.nn.functional.cosine_similarity(x1, x2, dim, eps)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    return torch.nn.functional.pairwise_distance(x1, x2, p, eps, keepdim)


def pdist(input, p=2):
    n = input.shape[0]
    i, j = torch.triu_indices(n, n, 1)
    return torch.linalg.vector_norm(input[i] - input[j], p, dim=-1)


def mvlgamma(input, p):
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    dt = input.dtype if input.is_floating_point() else torch.get_default_dtype()
    # ATen's order: the p arguments x - (p-1)/2, ..., x, summed along the new last dim
    args = torch.arange(-p * 0.5 + 0.5, 0.5, 0.5, dtype=dt) + input.unsqueeze(-1)
    r = torch.special.gammaln(args).sum(-1) + p * (p - 1) * math.log(math.pi) * 0.25
    return torch._grad_fn_as(r, "MvlgammaBackward0") if r.requires_grad else r


def polygamma(n, input):
    return torch.special.polygamma(n, input)


def _linalg_more(name, shown):
    """A torch (or torch.linalg) function composed in _torch_linalg_more (loaded on the first
    call, so these extras stay small), shown as PyTorch names it."""
    def more(*args, **kwargs):
        import _torch_linalg_more
        return getattr(_torch_linalg_more, name)(*args, **kwargs)
    return _named(more, shown)


matrix_exp = _linalg_more("matrix_exp", "matrix_exp")
for _n, _f in [("matrix_exp", _linalg_more("matrix_exp", "linalg_matrix_exp")),
               ("cond", _linalg_more("_cond", "linalg_cond")),
               ("tensorinv", _linalg_more("_tensorinv", "linalg_tensorinv")),
               ("tensorsolve", _linalg_more("_tensorsolve", "linalg_tensorsolve"))]:
    if _n not in torch.linalg.__dict__:
        setattr(torch.linalg, _n, _f)
        _added_linalg.append(_n)


def histogram(input, bins=100, range=None, weight=None, density=False):
    x = input.flatten()
    if isinstance(bins, torch.Tensor):
        edges = bins.to(input.dtype)
    else:
        if range is None:
            lo = x.min().item() if x.numel() else 0.0
            hi = x.max().item() if x.numel() else 0.0
        else:
            lo, hi = range
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        edges = torch.linspace(lo, hi, bins + 1, dtype=input.dtype)
    nb = edges.numel() - 1
    pos = torch.searchsorted(edges, x.contiguous(), right=True) - 1
    pos = torch.where(x == edges[-1], torch.full_like(pos, nb - 1), pos)
    ok = (pos >= 0) & (pos < nb)
    w = torch.ones_like(x) if weight is None else weight.flatten().to(input.dtype)
    hist = torch.zeros(nb, dtype=input.dtype).index_add_(0, pos[ok], w[ok])
    if density:
        hist = hist / (hist.sum() * (edges[1:] - edges[:-1]))
    return torch._return_type("histogram", hist, edges)


def renorm_(self, p, dim, maxnorm):
    return self.copy_(torch.renorm(self, p, dim, maxnorm))


def index_reduce(input, dim, index, source, reduce, include_self=True):
    return input.clone().index_reduce_(dim, index, source, reduce, include_self=include_self)


def index_reduce_(self, dim, index, source, reduce, include_self=True):
    names = {"prod": "prod", "mean": "mean", "amax": "amax", "amin": "amin"}
    if reduce not in names:
        raise RuntimeError("index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got %s." % reduce)
    d = _wrap_dim(dim, self.dim())
    shape = [1] * self.dim()
    shape[d] = index.numel()
    idx = index.reshape(shape).expand(source.shape)
    return self.scatter_reduce_(d, idx, source, reduce, include_self=include_self)


def cholesky_inverse(input, upper=False):
    l = input.mT if upper else input
    return torch.linalg.inv(l @ l.mT)


def cholesky_solve(input, input2, upper=False):
    return torch.cholesky_solve(input, input2, upper)  # (the C function; the Tensor method)


def triangular_solve(b, A, upper=True, transpose=False, unitriangular=False):
    return torch.triangular_solve(b, A, upper, transpose, unitriangular)


def lu(A, pivot=True, get_infos=False):
    return torch.lu(A, pivot, get_infos)


def nuclear_norm(input, dim=None, keepdim=False):
    return torch.linalg.matrix_norm(input, "nuc", (-2, -1) if dim is None else dim, keepdim)


def frobenius_norm(input, dim=(-2, -1), keepdim=False):
    return torch.linalg.vector_norm(input, 2, dim, keepdim)


def scalar_tensor(s, dtype=None, device=None, requires_grad=False):
    return torch.tensor(s, dtype=dtype if dtype is not None else torch.get_default_dtype(),
                        device=device, requires_grad=requires_grad)


def fill(input, value):
    return torch.full_like(input, value)


def asarray(obj, dtype=None, device=None, copy=None, requires_grad=False):
    if isinstance(obj, torch.Tensor):
        r = obj if dtype is None or dtype == obj.dtype else obj.to(dtype)
        if device is not None:
            r = r.to(device)
        if copy:
            r = r.clone()
    else:
        r = torch.as_tensor(obj, dtype=dtype, device=device)
    return r.requires_grad_() if requires_grad else r


def binomial(count, prob, generator=None):
    # count Bernoulli draws per element: exact in distribution, not PyTorch's stream
    n = int(count.max().item()) if count.numel() else 0
    if n == 0:
        return torch.zeros_like(count)
    u = torch.rand(tuple(count.shape) + (n,), dtype=count.dtype, generator=generator)
    k = torch.arange(n, dtype=count.dtype)
    hits = (u < prob.unsqueeze(-1)) & (k < count.unsqueeze(-1))
    return hits.sum(-1).to(count.dtype)


_DEFAULT = [None]


def set_default_tensor_type(t):
    import warnings
    warnings.warn("torch.set_default_tensor_type() is deprecated as of PyTorch 2.1, please use "
                  "torch.set_default_dtype() and torch.set_default_device() as alternatives.")
    name = t if isinstance(t, str) else getattr(t, "__name__", "")
    kinds = {"FloatTensor": torch.float32, "DoubleTensor": torch.float64,
             "HalfTensor": torch.float16, "BFloat16Tensor": torch.bfloat16}
    for k, d in kinds.items():
        if name.endswith(k) and "cuda" not in name:
            torch.set_default_dtype(d)
            return
    raise NotImplementedError("tensorkernel's default tensor types are the CPU "
                              "Float/Double/Half/BFloat16 tensors, not %s" % name)


def set_default_device(device):
    if device is not None and str(device) != "cpu":
        raise NotImplementedError("tensorkernel creates tensors on the CPU by default; "
                                  "set_default_device(%r) is not supported" % str(device))


class _Settings:
    """Process-wide switches that change nothing here (one precision, no anomaly mode)."""
    matmul_precision = "highest"
    warn_always = False
    anomaly = False
    debug_mode = 0
    interop = 1


def get_float32_matmul_precision():
    return _Settings.matmul_precision


def set_float32_matmul_precision(precision):
    if precision not in ("highest", "high", "medium"):
        raise RuntimeError("Invalid precision: %s" % precision)
    _Settings.matmul_precision = precision


def set_warn_always(b):
    _Settings.warn_always = bool(b)


def is_warn_always_enabled():
    return _Settings.warn_always


def is_anomaly_enabled():
    return _Settings.anomaly


def is_anomaly_check_nan_enabled():
    return _Settings.anomaly


def set_anomaly_enabled(enabled, check_nan=True):
    _Settings.anomaly = bool(enabled)


def get_deterministic_debug_mode():
    return _Settings.debug_mode


def set_deterministic_debug_mode(debug_mode):
    m = {"default": 0, "warn": 1, "error": 2}
    _Settings.debug_mode = m[debug_mode] if isinstance(debug_mode, str) else int(debug_mode)


def is_deterministic_algorithms_warn_only_enabled():
    return _Settings.debug_mode == 1


def get_num_interop_threads():
    return _Settings.interop


def set_num_interop_threads(n):
    _Settings.interop = int(n)


def init_num_threads():
    return None


def set_flush_denormal(mode):
    return True


def compiled_with_cxx11_abi():
    return True


def get_device(input):
    return input.get_device()


def _copy_of(name, view):
    """torch.<name>: the view op's result, copied."""
    def copy_of(input, *args, **kwargs):
        r = getattr(input, view)(*args, **kwargs)
        if isinstance(r, (tuple, list)):
            return tuple(x.clone() for x in r)
        return r.clone()
    return _named(copy_of, name)


for _n, _f in [("set_", set_), ("transpose_", transpose_), ("swapaxes_", transpose_),
               ("swapdims_", transpose_), ("as_strided_", as_strided_), ("resize_", resize_),
               ("resize_as_", resize_as_), ("is_set_to", is_set_to), ("new", new),
               ("new_empty_strided", new_empty_strided), ("dim_order", dim_order),
               ("const_data_ptr", const_data_ptr), ("storage_type", storage_type),
               ("apply_", _apply_), ("map_", _map_), ("fill_diagonal_", fill_diagonal_),
               ("share_memory_", _true), ("pin_memory", _true), ("is_pinned", _false),
               ("is_shared", _false), ("renorm_", renorm_), ("index_reduce_", index_reduce_),
               ("is_inference", is_inference), ("is_signed", is_signed)]:
    _method(_n, _f)
for _n, _f in [("is_same_size", is_same_size), ("frexp", frexp), ("i0", i0),
               ("nextafter", nextafter), ("hardshrink", hardshrink), ("histogram", histogram),
               ("mvlgamma", mvlgamma), ("matrix_exp", matrix_exp), ("prelu", prelu),
               ("split_with_sizes", split_with_sizes), ("unsafe_chunk", unsafe_chunk),
               ("unsafe_split", unsafe_split), ("unsafe_split_with_sizes", split_with_sizes),
               ("select_scatter", select_scatter), ("slice_scatter", slice_scatter),
               ("diagonal_scatter", diagonal_scatter), ("index_reduce", index_reduce),
               ("adjoint", adjoint), ("cholesky_inverse", cholesky_inverse),
               ("cholesky_solve", cholesky_solve), ("triangular_solve", triangular_solve), ("lu", lu),
               ("is_inference", is_inference), ("is_signed", is_signed)]:
    _both(_n, _f)


# t.polygamma(n) and t.polygamma_(n): the order comes first in torch.polygamma
_method("polygamma", _named(lambda this, n: polygamma(n, this), "polygamma"))
_method("polygamma_", _named(lambda this, n: this.copy_(polygamma(n, this)), "polygamma_"))
for _n, _f in [("empty_strided", empty_strided), ("as_strided", as_strided),
               ("combinations", combinations), ("isin", isin), ("hann_window", hann_window),
               ("hamming_window", hamming_window), ("bartlett_window", bartlett_window),
               ("blackman_window", blackman_window), ("kaiser_window", kaiser_window),
               ("selu", _selu), ("celu", celu), ("threshold", threshold), ("rrelu", rrelu),
               ("cosine_similarity", cosine_similarity), ("pairwise_distance", pairwise_distance),
               ("pdist", pdist), ("polygamma", polygamma), ("nuclear_norm", nuclear_norm),
               ("frobenius_norm", frobenius_norm), ("scalar_tensor", scalar_tensor),
               ("fill", fill), ("asarray", asarray), ("binomial", binomial),
               ("set_default_tensor_type", set_default_tensor_type),
               ("set_default_device", set_default_device),
               ("get_float32_matmul_precision", get_float32_matmul_precision),
               ("set_float32_matmul_precision", set_float32_matmul_precision),
               ("set_warn_always", set_warn_always), ("is_warn_always_enabled", is_warn_always_enabled),
               ("is_anomaly_enabled", is_anomaly_enabled),
               ("is_anomaly_check_nan_enabled", is_anomaly_check_nan_enabled),
               ("set_anomaly_enabled", set_anomaly_enabled),
               ("get_deterministic_debug_mode", get_deterministic_debug_mode),
               ("set_deterministic_debug_mode", set_deterministic_debug_mode),
               ("is_deterministic_algorithms_warn_only_enabled",
                is_deterministic_algorithms_warn_only_enabled),
               ("get_num_interop_threads", get_num_interop_threads),
               ("set_num_interop_threads", set_num_interop_threads),
               ("init_num_threads", init_num_threads), ("set_flush_denormal", set_flush_denormal),
               ("compiled_with_cxx11_abi", compiled_with_cxx11_abi), ("get_device", get_device),
               ("matrix_rank", _removed("matrix_rank", _MRANK_MSG))]:
    _fn(_n, _f)
for _n, _msg in [("solve", _SOLVE_MSG), ("lstsq", _LSTSQ_MSG), ("eig", _EIG_MSG),
                 ("symeig", _SYMEIG_MSG)]:
    _fn(_n, _removed(_n, _msg))
    _method(_n, _removed(_n, _msg))
_method("hardshrink", hardshrink)
for _n in ["view", "permute", "t", "transpose", "unsqueeze", "squeeze", "expand", "diagonal",
           "select", "detach", "unbind", "split", "split_with_sizes", "unfold", "as_strided",
           "view_as_real", "view_as_complex", "narrow", "indices", "values"]:
    _fn(_n + "_copy", _copy_of(_n + "_copy", _n))
_fn("alias_copy", _copy_of("alias_copy", "clone"))
for _a, _b in [("arctan2_", "atan2_"), ("greater_", "gt_"), ("greater_equal_", "ge_"),
               ("less_", "lt_"), ("less_equal_", "le_"), ("not_equal_", "ne_")]:
    _alias_method(_a, _b)
for _n in ["addmm", "addbmm", "baddbmm", "addmv", "addr", "bitwise_left_shift",
           "bitwise_right_shift", "i0", "nextafter", "mvlgamma"]:
    _method(_n + "_", _inplace(_n))
for _n in ["acosh_", "arccos_", "arccosh_", "arcsin_", "arcsinh_", "arctan_", "arctanh_",
           "asinh_", "atanh_", "gcd_", "lcm_", "ldexp_", "xlogy_", "sinc_", "negative_", "i0_",
           "addmv_"]:
    if hasattr(_probe, _n):
        _fn(_n, _torch_inplace(_n))


# ---- torch.<op> forms of torch.nn.functional (ATen's argument orders) ------------------------
# (the losses' reduction= takes ATen's enum value; called from Python without it, PyTorch's
# forms reduce nothing, whatever the default their signature prints)

def _F():
    import torch.nn.functional as F
    return F


def _reduction(r):
    """F's reduction= for ATen's enum value: 1 Mean, 2 Sum, any other reduces nothing."""
    return {1: "mean", 2: "sum"}.get(r, "none")


class _OfF:
    """torch.<name> for torch.nn.functional.<name> with the same parameters, looked up at the
    call (torch.nn.functional loads after these extras)."""

    def __init__(self, name):
        self.name = self.__name__ = name

    def __call__(self, *args, **kwargs):
        return getattr(_F(), self.name)(*args, **kwargs)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _F().conv1d(input, weight, bias, stride, padding, dilation, groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _F().conv2d(input, weight, bias, stride, padding, dilation, groups)


def max_pool1d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    return _F().max_pool1d(input, kernel_size, stride if stride != () else None, padding, dilation, ceil_mode)


def max_pool2d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    return _F().max_pool2d(input, kernel_size, stride if stride != () else None, padding, dilation, ceil_mode)


def avg_pool1d(input, kernel_size, stride=(), padding=0, ceil_mode=False, count_include_pad=True):
    return _F().avg_pool1d(input, kernel_size, stride if stride != () else None, padding, ceil_mode,
                           count_include_pad)


def adaptive_avg_pool1d(input, output_size):
    return _F().adaptive_avg_pool1d(input, output_size)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05, cudnn_enable=True):
    return _F().layer_norm(input, normalized_shape, weight, bias, eps)


def batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps,
               cudnn_enabled=True):
    return _F().batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)


def embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False):
    return _F().embedding(indices, weight, None if padding_idx == -1 else padding_idx)


def kl_div(input, target, reduction=0, log_target=False):  # (torch.kl_div reduces nothing by default)
    return _F().kl_div(input, target, reduction=_reduction(reduction), log_target=log_target)


def binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None, reduction=0):
    return _F().binary_cross_entropy_with_logits(input, target, weight, reduction=_reduction(reduction),
                                                 pos_weight=pos_weight)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-05, cudnn_enabled=True):
    return _F().group_norm(input, num_groups, weight, bias, eps)


def pixel_shuffle(input, upscale_factor):
    return _F().pixel_shuffle(input, upscale_factor)


def pixel_unshuffle(input, downscale_factor):
    return _F().pixel_unshuffle(input, downscale_factor)


def channel_shuffle(input, groups):
    return _F().channel_shuffle(input, groups)


def bilinear(input1, input2, weight, bias=None):
    return _F().bilinear(input1, input2, weight, bias)


def instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps,
                  cudnn_enabled):
    return _F().instance_norm(input, running_mean, running_var, weight, bias, use_input_stats,
                              momentum, eps)


def margin_ranking_loss(input1, input2, target, margin=0.0, reduction=0):
    return _F().margin_ranking_loss(input1, input2, target, margin, reduction=_reduction(reduction))


def hinge_embedding_loss(input, target, margin=1.0, reduction=0):
    return _F().hinge_embedding_loss(input, target, margin, reduction=_reduction(reduction))


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-06, swap=False,
                        reduction=0):
    return _F().triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap,
                                    reduction=_reduction(reduction))


def poisson_nll_loss(input, target, log_input, full, eps, reduction):
    return _F().poisson_nll_loss(input, target, log_input, full, eps=eps,
                                 reduction=_reduction(reduction))


def cosine_embedding_loss(input1, input2, target, margin=0.0, reduction=0):
    return _F().cosine_embedding_loss(input1, input2, target, margin,
                                      reduction=_reduction(reduction))


def alpha_dropout_(input, p, train):
    return input.copy_(torch.alpha_dropout(input, p, train))


def feature_dropout_(input, p, train):
    return input.copy_(torch.feature_dropout(input, p, train))


def _inplace_of(name, fn):
    """torch.<name>(input, ...): fn's result written back into input."""
    def inplace_of(input, *args, **kwargs):
        return input.copy_(fn(input, *args, **kwargs))
    return _named(inplace_of, name)


def detach_(input):
    return input.detach_()


for _n, _f in [("conv1d", conv1d), ("conv2d", conv2d), ("max_pool1d", max_pool1d),
               ("max_pool2d", max_pool2d), ("avg_pool1d", avg_pool1d),
               ("adaptive_avg_pool1d", adaptive_avg_pool1d), ("layer_norm", layer_norm),
               ("batch_norm", batch_norm), ("embedding", embedding), ("kl_div", kl_div),
               ("binary_cross_entropy_with_logits", binary_cross_entropy_with_logits),
               ("group_norm", group_norm), ("pixel_shuffle", pixel_shuffle),
               ("pixel_unshuffle", pixel_unshuffle), ("channel_shuffle", channel_shuffle),
               ("conv_transpose1d", _OfF("conv_transpose1d")),
               ("conv_transpose2d", _OfF("conv_transpose2d")), ("rms_norm", _OfF("rms_norm")),
               ("conv3d", _OfF("conv3d")), ("conv_transpose3d", _OfF("conv_transpose3d")),
               ("max_pool3d", _OfF("max_pool3d")),
               ("bilinear", bilinear), ("instance_norm", instance_norm),
               ("margin_ranking_loss", margin_ranking_loss),
               ("hinge_embedding_loss", hinge_embedding_loss),
               ("triplet_margin_loss", triplet_margin_loss), ("poisson_nll_loss", poisson_nll_loss),
               ("cosine_embedding_loss", cosine_embedding_loss),
               ("alpha_dropout_", alpha_dropout_), ("feature_dropout_", feature_dropout_),
               ("selu_", _inplace_of("selu_", _selu)), ("celu_", _inplace_of("celu_", celu)),
               ("threshold_", _inplace_of("threshold_", threshold)),
               ("rrelu_", _inplace_of("rrelu_", rrelu)),
               ("detach_", detach_), ("resize_as_", resize_as_), ("as_strided_", as_strided_)]:
    _fn(_n, _f)


# ---- frombuffer, newaxis, histogramdd ------------------------------------------------------

_fn("newaxis", None)
_fn("frombuffer", _linalg_more("frombuffer", "frombuffer"))
_fn("histogramdd", _linalg_more("histogramdd", "histogramdd"))


# ---- autocast, vmap: the names torch re-exports from torch.amp and torch.func ---------------

def _from_module(module, name):
    """torch.<name> for a function of torch.amp or torch.func: that module loads on the first
    call, not with these extras."""
    def from_module(*args, **kwargs):
        return getattr(getattr(torch, module), name)(*args, **kwargs)
    return _named(from_module, name)


for _n in ["autocast", "is_autocast_enabled", "set_autocast_enabled", "get_autocast_dtype", "set_autocast_dtype",
           "is_autocast_cpu_enabled", "get_autocast_cpu_dtype", "get_autocast_gpu_dtype",
           "autocast_increment_nesting", "autocast_decrement_nesting", "clear_autocast_cache"]:
    _fn(_n, _from_module("amp", _n))
_fn("vmap", _from_module("func", "vmap"))


# ---- dtypes without tensorcore storage -------------------------------------------------------

class dtype:
    """torch.uint16, uint32, uint64, float8_e4m3fn and float8_e5m2: dtype objects that print and
    answer their properties (and finfo/iinfo) as PyTorch's; tensorcore has no storage for these
    types, so creating a tensor of them is a TypeError here (PyTorch 2.15 supports a few ops on
    them)."""

    def __init__(self, name, itemsize, is_floating_point, is_signed):
        self._name = name
        self.itemsize = itemsize
        self.is_floating_point = is_floating_point
        self.is_signed = is_signed
        self.is_complex = False

    def __repr__(self):
        return "torch." + self._name

    def to_real(self):
        return self

    def to_complex(self):
        raise RuntimeError("Unknown Complex ScalarType for %s" % self._name)

    def __reduce__(self):
        return self._name


dtype.__module__ = "torch"
for _n, _size, _fp, _signed in [("uint16", 2, False, False), ("uint32", 4, False, False), ("uint64", 8, False, False),
                                ("float8_e4m3fn", 1, True, True), ("float8_e5m2", 1, True, True)]:
    _fn(_n, dtype(_n, _size, _fp, _signed))
