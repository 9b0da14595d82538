"""torch.fft: the discrete Fourier transforms over the native complex, real-to-complex and
complex-to-real transforms (torch._fft_c2c / _fft_r2c / _fft_c2r, tensorcore's fft.c), with
PyTorch's rules for n/s (zero-padding or trimming), dim, norm ('backward', 'ortho',
'forward'), dtype promotion and the Hermitian transforms; plus the sample frequencies and
the shifts."""
import torch

_NONE, _ORTHO, _BY_N = 0, 1, 2


def _norm(norm, forward):
    """The native scaling for a transform in the direction forward under norm."""
    if norm is None or norm == "backward":
        return _NONE if forward else _BY_N
    if norm == "forward":
        return _BY_N if forward else _NONE
    if norm == "ortho":
        return _ORTHO
    raise RuntimeError("Invalid normalization mode: \"%s\"" % (norm,))


def _check_tensor(input, fname):
    if not isinstance(input, torch.Tensor):
        raise TypeError("fft_%s(): argument 'input' (position 1) must be Tensor, not %s"
                        % (fname, type(input).__name__))


def _to_float(x):
    if x.is_complex() or x.is_floating_point():
        if x.dtype in (torch.float16, torch.bfloat16):
            return x.to(torch.float32)
        return x
    return x.to(torch.get_default_dtype())


def _to_complex(x):
    x = _to_float(x)
    if x.is_complex():
        return x
    return x.to(torch.complex128 if x.dtype == torch.float64 else torch.complex64)


def _wrap(d, nd):
    if nd == 0:
        nd = 1
    if d < -nd or d >= nd:
        raise IndexError("Dimension out of range (expected to be in range of [%d, %d], but got %d)"
                         % (-nd, nd - 1, d))
    return d + nd if d < 0 else d


def _resize(x, dim, n):
    """x trimmed or zero-padded at the end of dim to n entries."""
    cur = x.shape[dim]
    if n == cur:
        return x
    if n < cur:
        return x.narrow(dim, 0, n)
    shape = list(x.shape)
    shape[dim] = n - cur
    return torch.cat([x, torch.zeros(shape, dtype=x.dtype)], dim)


def _check_n(n, fname):
    if n is not None and n < 1:
        raise RuntimeError("Invalid number of data points (%d) specified" % n)


def _one_dim(input, n, dim, fname):
    _check_tensor(input, fname)
    if input.dim() == 0:
        raise IndexError("Dimension specified as %d but tensor has no dimensions" % dim)
    d = _wrap(dim, input.dim())
    _check_n(n, fname)
    if n is None and input.shape[d] == 0:
        raise RuntimeError("Invalid number of data points (0) specified")
    return d


def _out(r, out):
    if out is None:
        return r
    out.resize_(r.shape) if out.shape != r.shape else None
    out.copy_(r)
    return out


def fft(input, n=None, dim=-1, norm=None, *, out=None):
    d = _one_dim(input, n, dim, "fft")
    x = _to_float(input)
    if n is not None:
        x = _resize(x, d, n)
    if x.is_complex():
        r = torch._fft_c2c(x, [d], _norm(norm, True), 1)
    else:
        r = torch._fft_r2c(x, [d], _norm(norm, True), 0)
    return _out(r, out)


def ifft(input, n=None, dim=-1, norm=None, *, out=None):
    d = _one_dim(input, n, dim, "ifft")
    x = _to_float(input)
    if n is not None:
        x = _resize(x, d, n)
    if x.is_complex():
        r = torch._fft_c2c(x, [d], _norm(norm, False), 0)
    else:
        r = torch._fft_r2c(x, [d], _norm(norm, False), 0).conj()
    return _out(r, out)


def rfft(input, n=None, dim=-1, norm=None, *, out=None):
    d = _one_dim(input, n, dim, "rfft")
    x = _to_float(input)
    if x.is_complex():
        raise TypeError("rfft expects a real input tensor, but got %s" % _title(x.dtype))
    if n is not None:
        x = _resize(x, d, n)
    return _out(torch._fft_r2c(x, [d], _norm(norm, True), 1), out)


def irfft(input, n=None, dim=-1, norm=None, *, out=None):
    d = _one_dim(input, n, dim, "irfft")
    x = _to_complex(input)
    if n is None:
        n = 2 * (x.shape[d] - 1)
        _check_n(n, "irfft")
    x = _resize(x, d, n // 2 + 1)
    return _out(torch._fft_c2r(x, [d], _norm(norm, False), n), out)


def hfft(input, n=None, dim=-1, norm=None, *, out=None):
    d = _one_dim(input, n, dim, "hfft")
    x = _to_complex(input)
    if n is None:
        n = 2 * (x.shape[d] - 1)
        _check_n(n, "hfft")
    x = _resize(x, d, n // 2 + 1)
    return _out(torch._fft_c2r(x.conj(), [d], _norm(norm, True), n), out)


def ihfft(input, n=None, dim=-1, norm=None, *, out=None):
    d = _one_dim(input, n, dim, "ihfft")
    x = _to_float(input)
    if x.is_complex():
        raise TypeError("ihfft expects a real input tensor, but got %s" % _title(x.dtype))
    if n is not None:
        x = _resize(x, d, n)
    return _out(torch._fft_r2c(x, [d], _norm(norm, False), 1).conj(), out)


def _title(dt):
    return {torch.complex64: "ComplexFloat", torch.complex128: "ComplexDouble",
            torch.float32: "Float", torch.float64: "Double"}.get(dt, str(dt))


def _nd_args(input, s, dim, fname):
    """The dims (wrapped) and their lengths for an n-dimensional transform."""
    _check_tensor(input, fname)
    nd = input.dim()
    if dim is None:
        if s is None:
            dims = list(range(nd))
        else:
            s = list(s)
            if len(s) > nd:
                raise RuntimeError("Got shape with %d values but input tensor only has %d dimensions."
                                   % (len(s), nd))
            dims = list(range(nd - len(s), nd))
    else:
        if isinstance(dim, int):
            dim = [dim]
        dims = [_wrap(d, nd) for d in dim]
        if len(set(dims)) != len(dims):
            raise RuntimeError("FFT dims must be unique")
        if s is not None:
            s = list(s)
            if len(s) != len(dims):
                raise RuntimeError("When given, dim and shape arguments must have the same length")
    if s is None:
        s = [-1] * len(dims)
    s = list(s)
    if not dims:
        raise RuntimeError("fft_%s: expects at least one dimension to transform" % fname)
    return dims, s


def _resize_all(x, dims, s):
    for d, n in zip(dims, s):
        if n != -1:
            _check_n(n, "")
            x = _resize(x, d, n)
    return x


def fftn(input, s=None, dim=None, norm=None, *, out=None):
    dims, s = _nd_args(input, s, dim, "fftn")
    x = _resize_all(_to_float(input), dims, s)
    if x.is_complex():
        r = torch._fft_c2c(x, dims, _norm(norm, True), 1)
    else:
        r = torch._fft_r2c(x, dims, _norm(norm, True), 0)
    return _out(r, out)


def ifftn(input, s=None, dim=None, norm=None, *, out=None):
    dims, s = _nd_args(input, s, dim, "ifftn")
    x = _resize_all(_to_complex(input), dims, s)
    return _out(torch._fft_c2c(x, dims, _norm(norm, False), 0), out)


def rfftn(input, s=None, dim=None, norm=None, *, out=None):
    dims, s = _nd_args(input, s, dim, "rfftn")
    x = _to_float(input)
    if x.is_complex():
        raise TypeError("rfftn expects a real-valued input tensor, but got %s" % _title(x.dtype))
    x = _resize_all(x, dims, s)
    return _out(torch._fft_r2c(x, dims, _norm(norm, True), 1), out)


def _c2r_nd(input, s, dim, norm, fname, forward, conj):
    dims, s = _nd_args(input, s, dim, fname)
    x = _to_complex(input)
    last = dims[-1]
    n = s[-1]
    if n == -1:
        n = 2 * (x.shape[last] - 1)
        _check_n(n, fname)
    x = _resize_all(x, dims[:-1], s[:-1])
    x = _resize(x, last, n // 2 + 1)
    if conj:
        x = x.conj()
    return torch._fft_c2r(x, dims, _norm(norm, forward), n)


def irfftn(input, s=None, dim=None, norm=None, *, out=None):
    return _out(_c2r_nd(input, s, dim, norm, "irfftn", False, False), out)


def hfftn(input, s=None, dim=None, norm=None, *, out=None):
    return _out(_c2r_nd(input, s, dim, norm, "hfftn", True, True), out)


def ihfftn(input, s=None, dim=None, norm=None, *, out=None):
    dims, s = _nd_args(input, s, dim, "ihfftn")
    x = _to_float(input)
    if x.is_complex():
        raise TypeError("Only supports floating-point dtypes, but found: %s" % _title(x.dtype))
    x = _resize_all(x, dims, s)
    r = torch._fft_r2c(x, dims[-1:], _norm(norm, False), 1)
    if len(dims) > 1:  # PyTorch's: an inverse c2c of the conjugate over the other dims
        r = torch._fft_c2c(torch.conj_physical(r), dims[:-1], _norm(norm, False), 0)
    else:
        r = r.conj()
    return _out(r, out)


def fft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    return fftn(input, s, dim, norm, out=out)


def ifft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    return ifftn(input, s, dim, norm, out=out)


def rfft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    return rfftn(input, s, dim, norm, out=out)


def irfft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    return irfftn(input, s, dim, norm, out=out)


def hfft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    return hfftn(input, s, dim, norm, out=out)


def ihfft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    return ihfftn(input, s, dim, norm, out=out)


def fftfreq(n, d=1.0, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    dt = dtype if dtype is not None else torch.get_default_dtype()
    r = torch.arange(n, dtype=dt)
    h = (n + 1) // 2
    if n - h > 0:
        r[h:] = torch.arange(-(n // 2), 0, dtype=dt)
    r = r * (1.0 / (n * d))
    if device is not None:
        r = r.to(device)
    if requires_grad:
        r.requires_grad_(True)
    return _out(r, out)


def rfftfreq(n, d=1.0, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    dt = dtype if dtype is not None else torch.get_default_dtype()
    r = torch.arange(n // 2 + 1, dtype=dt) * (1.0 / (n * d))
    if device is not None:
        r = r.to(device)
    if requires_grad:
        r.requires_grad_(True)
    return _out(r, out)


def _shift_dims(input, dim):
    if dim is None:
        return list(range(input.dim()))
    if isinstance(dim, int):
        return [dim]
    return list(dim)


def fftshift(input, dim=None):
    dims = _shift_dims(input, dim)
    if not dims:
        return input.clone()
    return torch.roll(input, [input.shape[d] // 2 for d in dims], dims)


def ifftshift(input, dim=None):
    dims = _shift_dims(input, dim)
    if not dims:
        return input.clone()
    return torch.roll(input, [(input.shape[d] + 1) // 2 for d in dims], dims)
