"""torch functions composed of other ops, loaded on their first call (not with torch_extras):
linalg.matrix_exp as PyTorch's mexp (degree 1-18 Taylor polynomials of Bader, Blanes and
Casas, scaling and squaring above), linalg.cond, tensorinv and tensorsolve, frombuffer and
histogramdd, each with PyTorch's checks and messages."""
import math
import torch


def _f32(v):
    return torch.tensor(v, dtype=torch.float32).item()


def _mexp_consts(single):
    """PyTorch's mexp constants in the precision of the input (its C++ scalar_t
    arithmetic: float constants, combined in double and rounded once)."""
    r = _f32 if single else (lambda v: v)
    sq = r(0.1330413469565007072504e+2)
    x3 = r(2. / 3.)
    c8 = [r(x3 * ((1. + sq) / 88.)), r(x3 * ((1. + sq) / 352.)), x3,
          r((-271. + 29. * sq) / (315. * x3)), r((-11. + 11. * sq) / (1260. * x3)),
          r((-99. + 11. * sq) / (5040. * x3)), r((89. - sq) / (5040. * x3 * x3)), r((857. - 58. * sq) / 630.)]
    b12 = [[r(v) for v in row] for row in (
        (9.0198e-16, 0.46932117595418237389, -0.20099424927047284052, -0.04623946134063071740),
        (5.31597895759871264183, 1.19926790417132231573, 0.01179296240992997031, 0.01108844528519167989),
        (0.18188869982170434744, 0.05502798439925399070, 0.09351590770535414968, 0.00610700528898058230),
        (-2.0861320e-13, -0.13181061013830184015, -0.02027855540589259079, -0.00675951846863086359))]
    b18 = [[r(v) for v in row] for row in (
        (0., -1.00365581030144618291e-01, -8.02924648241156932449e-03, -8.92138498045729985177e-04, 0.),
        (0., 3.97849749499645077844e-01, 1.36783778460411720168e+00, 4.98289622525382669416e-01,
         -6.37898194594723280150e-04),
        (-1.09676396052962061844e+01, 1.68015813878906206114e+00, 5.71779846478865511061e-02,
         -6.98210122488052056106e-03, 3.34975017086070470649e-05),
        (-9.04316832390810593223e-02, -6.76404519071381882256e-02, 6.75961301770459654925e-02,
         2.95552570429315521194e-02, -1.39180257516060693404e-05),
        (0., 0., -9.23364619367118555360e-02, -1.69364939002081722752e-02, -1.40086798182036094347e-05))]
    if single:
        th = [_f32(v) for v in (1.192092800768788e-07, 5.978858893805233e-04, 5.116619363445086e-02,
                                5.800524627688768e-01, 1.461661507209034e+00, 3.010066362817634e+00)]
    else:
        th = [2.220446049250313e-16, 2.580956802971767e-08, 3.397168839976962e-04,
              4.991228871115323e-02, 2.996158913811580e-01, 1.090863719290036e+00]
    return c8, b12, b18, th


def _lincomb(mats, coefs):
    """sum_j coefs[j] * mats[j], accumulated from zero in order (PyTorch's
    _compute_linear_combination)."""
    r = torch.zeros_like(mats[0])
    for m, c in zip(mats, coefs):
        r = r + m * c
    return r


def _mpowers(a, k):
    """I, A, A^2, A^3 (= A A^2), A^6 (= A^3 A^3): the first k (PyTorch's _fill_matrix_powers)."""
    eye = torch.eye(a.shape[-1], dtype=a.dtype).expand(a.shape)
    p = [eye, a]
    if k > 2:
        p.append(a @ a)
    if k > 3:
        p.append(a @ p[2])
    if k > 4:
        p.append(p[3] @ p[3])
    return p[:k]


def _mexp_T(a, deg, consts):
    c8, b12, b18, _ = consts
    if deg == 1:
        return _lincomb(_mpowers(a, 2), [1.0, 1.0])
    if deg == 2:
        p = _mpowers(a, 3)
        return _lincomb([p[0], p[1], p[2] / 2.0], [1.0, 1.0, 1.0])
    if deg == 4:
        p = _mpowers(a, 3)
        single = a.dtype in (torch.float32, torch.complex64)
        r = _f32 if single else (lambda v: v)
        a3 = p[2] @ _lincomb(p, [r(1 / 2.0), r(1 / 6.0), r(1 / 24.0)])
        return _lincomb([p[0], p[1], p[2], a3], [1.0, 1.0, 0.0, 1.0])
    if deg == 8:
        x1, x2, x3, x4, x5, x6, x7, y2 = c8
        p = _mpowers(a, 3)
        a4 = p[2] @ _lincomb([p[1], p[2]], [x1, x2])
        a8 = _lincomb([p[2], a4], [x3, 1.0]) @ _lincomb([p[0], p[1], p[2], a4], [x4, x5, x6, x7])
        return _lincomb([p[0], p[1], p[2], a4, a8], [1.0, 1.0, y2, 0.0, 1.0])
    if deg == 12:
        p = _mpowers(a, 4)
        B = [_lincomb(p, row) for row in b12]
        B2 = B[2] + B[3] @ B[3]
        return B[0] + (B[1] + B2) @ B2
    p = _mpowers(a, 5)
    B = [_lincomb(p, row) for row in b18]
    B3 = B[3] + B[0] @ B[4]
    return B[1] + (B[2] + B3) @ B3


def _mexp_scale_square(a, norm, consts):
    theta = consts[3][5]
    s = torch.maximum(torch.zeros_like(norm), torch.ceil(torch.log2(norm / theta))).long()
    t = _mexp_T(a / (2 ** s).view(-1, 1, 1), 18, consts)
    outs = []
    for i in range(a.shape[0]):
        m = t[i]
        for _ in range(int(s[i].item())):
            m = m @ m
        outs.append(m)
    return torch.stack(outs)


def matrix_exp(A):
    if A.dim() < 2:
        raise RuntimeError("linalg.matrix_exp: The input tensor A must have at least 2 dimensions.")
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError("linalg.matrix_exp: A must be batches of square matrices, but they are %d by %d matrices"
                           % (A.shape[-2], A.shape[-1]))
    if not (A.is_floating_point() or A.is_complex()):
        raise NotImplementedError("linalg.matrix_exp: Expected a floating point or complex tensor as input. Got %s"
                                  % _TITLE.get(A.dtype, str(A.dtype)))
    n = A.shape[-1]
    if n == 0:
        return A.clone()
    if n == 1:
        return A.exp()
    consts = _mexp_consts(A.dtype in (torch.float32, torch.complex64))
    a = A.reshape(-1, n, n)
    norm = a.abs().sum(-2).max(-1)[0]
    th = consts[3]
    outs = []
    for k in range(a.shape[0]):  # each matrix by its norm's interval, as PyTorch's mexp_impl
        nv = norm[k].item()
        ak = a[k:k + 1]
        if nv != nv:
            outs.append(torch.full_like(ak, float("nan")))
        elif nv >= th[4]:
            outs.append(_mexp_scale_square(ak, norm[k:k + 1], consts))
        else:
            lo = -1.0
            for i, deg in enumerate((1, 2, 4, 8, 12)):
                if lo < nv <= th[i]:
                    outs.append(_mexp_T(ak, deg, consts))
                    break
                lo = th[i]
    res = (outs[0] if len(outs) == 1 else torch.cat(outs)).reshape(A.shape)
    if res.requires_grad:
        torch._grad_fn_as(res, "LinalgMatrixExpBackward0")
    return res


_TITLE = {torch.int64: "Long", torch.int32: "Int", torch.int16: "Short", torch.int8: "Char",
          torch.uint8: "Byte", torch.bool: "Bool", torch.float16: "Half", torch.bfloat16: "BFloat16"}


def _cond(A, p=None):
    if A.dim() < 2:
        raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
    isstr = isinstance(p, str)
    if isstr:
        if A.shape[-1] != A.shape[-2]:
            raise RuntimeError("linalg.cond(ord=%s): A must be batches of square matrices, but they are %d by %d matrices"
                               % (p, A.shape[-2], A.shape[-1]))
        if p not in ("fro", "nuc"):
            raise ValueError("linalg.cond got an invalid norm type: %s" % p)
    else:
        if p is None:
            p = 2
        if abs(float(p)) not in (1.0, 2.0, math.inf):
            raise ValueError("linalg.cond got an invalid norm type: %g" % float(p))
    if A.numel() == 0:
        rd = {torch.complex64: torch.float32, torch.complex128: torch.float64}.get(A.dtype, A.dtype)
        return torch.zeros(A.shape[:-2], dtype=rd)
    if not isstr and abs(float(p)) == 2.0:
        s = torch.linalg.svdvals(A)
        smax, smin = s.narrow(-1, 0, 1), s.narrow(-1, s.shape[-1] - 1, 1)
        return (smin / smax if float(p) == -2.0 else smax / smin).squeeze(-1)
    if not isstr and A.shape[-1] != A.shape[-2]:
        tag = "%f" % p if isinstance(p, float) and abs(p) != math.inf else ("%s" % p if not isinstance(p, float) else ("inf" if p > 0 else "-inf"))
        raise RuntimeError("linalg.cond(ord=%s): A must be batches of square matrices, but they are %d by %d matrices"
                           % (tag, A.shape[-2], A.shape[-1]))
    if isstr and p == "nuc":
        s = torch.linalg.svdvals(A)
        return s.sum(-1) * s.reciprocal().sum(-1)
    if not (A.is_floating_point() or A.is_complex()):
        raise NotImplementedError("linalg.inv: Expected a floating point or complex tensor as input. Got %s"
                                  % _TITLE.get(A.dtype, str(A.dtype)))
    inv, info = torch.linalg.inv_ex(A)
    inv = inv.masked_fill(info.unsqueeze(-1).unsqueeze(-1) > 0, math.inf)
    r = torch.linalg.matrix_norm(A, p) * torch.linalg.matrix_norm(inv, p)
    return r.nan_to_num(math.inf, math.inf, -math.inf)


def _prod(shape):
    r = 1
    for v in shape:
        r *= v
    return r


def _tensorinv(A, ind=2):
    if ind <= 0:
        raise RuntimeError("Expected a strictly positive integer for 'ind', but got %d" % ind)
    end, start = list(A.shape[ind:]), list(A.shape[:ind])
    pe, ps = _prod(end), _prod(start)
    if pe != ps:
        raise RuntimeError("Expected self to satisfy the requirement prod(self.shape[ind:]) == prod(self.shape[:ind]),"
                           " but got %d != %d" % (pe, ps))
    inv, info = torch.linalg.inv_ex(A.reshape(pe, pe))
    if info.item() > 0:
        raise torch.linalg.LinAlgError("inv: The diagonal element %d is zero, the inversion could not be completed "
                                       "because the input matrix is singular." % info.item())
    return inv.reshape(end + start)


def _tensorsolve(A, B, dims=None):
    nd = A.dim()
    if dims is not None:
        dims = list(dims)
        A = torch.movedim(A, dims, list(range(nd - len(dims), nd)))
    rshape = list(A.shape[B.dim():])
    rp, op = _prod(rshape), _prod(B.shape)
    if rp != op:
        raise RuntimeError("Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == "
                           "prod(self.shape[:other.ndim]), but got %d != %d" % (rp, op))
    return torch.linalg.solve(A.reshape(rp, rp), B.flatten()).reshape(rshape)


# ---- frombuffer, histogramdd ----------------------------------------------------------------

_frombuffer_warned = [False]


def frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False):
    """A 1-D tensor of buffer's bytes read as dtype. The bytes are copied here (PyTorch shares
    the buffer's memory: writes through the tensor do not reach a bytearray in this kernel)."""
    if not isinstance(buffer, (bytes, bytearray)):
        raise ValueError("object does not implement Python buffer protocol.")
    if isinstance(buffer, bytes) and not _frombuffer_warned[0]:
        import warnings
        _frombuffer_warned[0] = True
        warnings.warn("The given buffer is not writable, and PyTorch does not support non-writable tensors. This "
                      "means you can write to the underlying (supposedly non-writable) buffer using the tensor. You "
                      "may want to copy the buffer to protect its data or make it writable before converting it to a "
                      "tensor. This type of warning will be suppressed for the rest of this program.", UserWarning)
    n = len(buffer)
    es = dtype.itemsize
    if n <= 0 or count == 0:
        raise ValueError("both buffer length (%d) and count (%d) must not be 0" % (n, count))
    if offset < 0 or offset >= n:
        raise ValueError("offset (%d bytes) must be non-negative and no greater than buffer length (%d bytes) minus 1"
                         % (offset, n))
    if count < 0 and (n - offset) % es != 0:
        raise ValueError("buffer length (%d bytes) after offset (%d bytes) must be a multiple of element size (%d)"
                         % (n - offset, offset, es))
    actual = (n - offset) // es if count < 0 else count
    if offset + actual * es > n:
        raise ValueError("requested buffer length (%d * %d bytes) after offset (%d bytes) must not be greater than "
                         "actual buffer length (%d bytes)" % (actual, es, offset, n))
    import numpy as np
    name = str(dtype)[len("torch."):]
    if name == "bfloat16":
        raise NotImplementedError("torch.frombuffer: bfloat16 is not supported by this kernel")
    arr = np.frombuffer(bytes(buffer), dtype=name, count=actual, offset=offset)
    t = torch.from_numpy(arr.copy())
    return t.requires_grad_() if requires_grad else t


_brange = range


def histogramdd(input, bins=10, range=None, weight=None, density=False):
    if input.dim() < 2:
        raise RuntimeError("torch.histogramdd: input tensor should have at least 2 dimensions")
    if not input.is_floating_point():
        raise NotImplementedError("\"histogramdd\" not implemented for '%s'" % _TITLE.get(input.dtype, str(input.dtype)))
    D = input.shape[-1]
    x = input.reshape(-1, D)
    if isinstance(bins, int):
        bins = [bins] * D
    bins = list(bins)
    if len(bins) != D:
        raise RuntimeError("histogramdd: The size of bins must be equal to the innermost dimension of the input.")
    if range is not None and len(range) != 2 * D:
        raise RuntimeError("torch.histogramdd: for a %d-dimensional histogram range should have %d elements, but got %d"
                           % (D, 2 * D, len(range)))
    edges = []
    for d in _brange(D):
        b = bins[d]
        if isinstance(b, torch.Tensor):
            edges.append(b.to(input.dtype))
            continue
        if b <= 0:
            raise RuntimeError("torch.histogram(): bins must be > 0, but got %d for dimension %d" % (b, d))
        if range is not None:
            lo, hi = float(range[2 * d]), float(range[2 * d + 1])
        elif x.shape[0]:
            lo, hi = x[:, d].min().item(), x[:, d].max().item()
        else:
            lo, hi = 0.0, 0.0
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        edges.append(torch.linspace(lo, hi, b + 1, dtype=input.dtype))
    nbs = [e.numel() - 1 for e in edges]
    flat = torch.zeros(x.shape[0], dtype=torch.int64)
    ok = torch.ones(x.shape[0], dtype=torch.bool)
    for d in _brange(D):
        col = x[:, d].contiguous()
        e = edges[d]
        pos = torch.searchsorted(e, col, right=True) - 1
        pos = torch.where(col == e[-1], torch.full_like(pos, nbs[d] - 1), pos)
        ok = ok & (pos >= 0) & (pos < nbs[d])
        flat = flat * nbs[d] + pos.clamp(0, max(nbs[d] - 1, 0))
    total = 1
    for nb in nbs:
        total *= nb
    w = torch.ones(x.shape[0], dtype=input.dtype) if weight is None else weight.reshape(-1).to(input.dtype)
    hist = torch.zeros(total, dtype=input.dtype).index_add_(0, flat[ok], w[ok]).reshape(nbs)
    if density:
        hist = hist / hist.sum().item()
        for d in _brange(D):
            shape = [1] * D
            shape[d] = nbs[d]
            hist = hist / edges[d].diff().reshape(shape)
    return torch._return_type("histogramdd", hist, tuple(edges))
