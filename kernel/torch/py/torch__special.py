"""torch.special: the special functions as PyTorch 2.15 computes them on the CPU. The
Cephes-style functions run natively (torch._special / torch._special2, tensorcore's special.c,
with PyTorch's autograd nodes); the rest are the torch functions they alias. Integer and bool
inputs are promoted to the default float dtype, half types computed in float32 and cast back."""
import math
import torch

_HALF = (torch.float16, torch.bfloat16)


def _check(input, name):
    if not isinstance(input, torch.Tensor):
        raise TypeError("special_%s(): argument 'input' (position 1) must be Tensor, not %s"
                        % (name, type(input).__name__))


def _float_dtype(dt):
    if dt.is_floating_point:
        return dt
    if dt.is_complex:
        return dt
    return torch.get_default_dtype()


# ATen's kernel names, in the error for a dtype it has no kernel for
_KERNEL = {"lgamma": "lgamma_vml_cpu",
           "digamma": "digamma", "polygamma": "polygamma", "i0": "i0_vml_cpu",
           "special_i0e": "i0e_cpu", "special_i1": "i1_cpu", "special_i1e": "i1e_cpu",
           "special_ndtri": "ndtri_cpu", "special_log_ndtr": "log_ndtr_cpu", "sinc": "sinc_cpu",
           "special_entr": "entr_cpu", "exp2": "exp2_cpu", "special_erfcx": "erfcx_cpu",
           "special_bessel_j0": "bessel_j0_cpu", "special_bessel_j1": "bessel_j1_cpu",
           "xlogy": "xlogy_cpu", "special_xlog1py": "xlog1py_cpu", "special_zeta": "zeta_cpu"}


def _no_kernel(aten, dt):
    return NotImplementedError("\"%s\" not implemented for '%s'"
                               % (_KERNEL.get(aten, aten), {torch.complex64: "ComplexFloat",
                                                             torch.complex128: "ComplexDouble"}.get(dt, str(dt))))


def _unary(aten, input, n=0, out=None, name=None):
    """The native function aten (special.h's names) of input, INT_TO_FLOAT promoted."""
    _check(input, name or aten)
    dt = _float_dtype(input.dtype)
    if dt.is_complex:
        raise _no_kernel(aten, dt)
    x = input
    if dt in _HALF:
        r = torch._special(aten, x.to(torch.float32), n).to(dt)
    else:
        if x.dtype != dt:
            x = x.to(dt)
        r = torch._special(aten, x, n)
    if out is not None:
        out.copy_(r)
        return out
    return r


def _binary(aten, input, other, out=None, name=None):
    """The native two-argument function aten; one of input/other may be a Python number."""
    variant = 0
    if not isinstance(input, torch.Tensor) and not isinstance(other, torch.Tensor):
        raise TypeError("special_%s(): expected at least one Tensor argument" % (name or aten))
    if not isinstance(input, torch.Tensor):
        variant = 1
        dt = _float_dtype(torch.result_type(input, other))
        input = torch.tensor(input, dtype=dt)
    elif not isinstance(other, torch.Tensor):
        variant = 2
        dt = _float_dtype(torch.result_type(input, other))
        other = torch.tensor(other, dtype=dt)
    else:
        dt = _float_dtype(torch.result_type(input, other))
    if dt.is_complex:
        raise _no_kernel(aten, dt)
    cdt = torch.float32 if dt in _HALF else dt
    a, b = torch.broadcast_tensors(input.to(cdt), other.to(cdt))
    r = torch._special2(aten, a, b, variant)
    if cdt != dt:
        r = r.to(dt)
    if out is not None:
        out.copy_(r)
        return out
    return r


def erf(input, *, out=None):
    return torch.erf(input, out=out) if out is not None else torch.erf(input)


def erfc(input, *, out=None):
    _check(input, "erfc")
    return torch.erfc(input, out=out) if out is not None else torch.erfc(input)


def erfinv(input, *, out=None):
    _check(input, "erfinv")
    return torch.erfinv(input, out=out) if out is not None else torch.erfinv(input)


def erfcx(input, *, out=None):
    return _unary("special_erfcx", input, out=out, name="erfcx")


def expit(input, *, out=None):
    r = torch.sigmoid(input if input.is_floating_point() else input.to(torch.get_default_dtype()))
    if out is not None:
        out.copy_(r)
        return out
    return r


def logit(input, eps=None, *, out=None):
    r = torch.logit(input, eps) if eps is not None else torch.logit(input)
    if out is not None:
        out.copy_(r)
        return out
    return r


def exp2(input, *, out=None):
    return _unary("exp2", input, out=out)


def expm1(input, *, out=None):
    return torch.expm1(input, out=out) if out is not None else torch.expm1(input)


def log1p(input, *, out=None):
    return torch.log1p(input, out=out) if out is not None else torch.log1p(input)


def gammaln(input, *, out=None):
    return _unary("lgamma", input, out=out, name="gammaln")


def digamma(input, *, out=None):
    return _unary("digamma", input, out=out)


psi = digamma


def polygamma(n, input, *, out=None):
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError("polygamma(): argument 'n' (position 1) must be int, not %s" % type(n).__name__)
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    return _unary("polygamma", input, n, out=out, name="polygamma")


def multigammaln(input, p, *, out=None):
    r = torch.mvlgamma(input, p)
    if out is not None:
        out.copy_(r)
        return out
    return r


def i0(input, *, out=None):
    return _unary("i0", input, out=out)


def i0e(input, *, out=None):
    return _unary("special_i0e", input, out=out, name="i0e")


def i1(input, *, out=None):
    return _unary("special_i1", input, out=out, name="i1")


def i1e(input, *, out=None):
    return _unary("special_i1e", input, out=out, name="i1e")


def ndtr(input, *, out=None):
    _check(input, "ndtr")
    x = input if input.is_floating_point() else input.to(torch.get_default_dtype())
    r = (1 + torch.erf(x * 0.7071067811865476)) * 0.5
    if r.requires_grad:
        r = torch._grad_fn_as(r, "MulBackward1")
    if out is not None:
        out.copy_(r)
        return out
    return r


def ndtri(input, *, out=None):
    return _unary("special_ndtri", input, out=out, name="ndtri")


def log_ndtr(input, *, out=None):
    return _unary("special_log_ndtr", input, out=out, name="log_ndtr")


def sinc(input, *, out=None):
    return _unary("sinc", input, out=out)


def entr(input, *, out=None):
    return _unary("special_entr", input, out=out, name="entr")


def bessel_j0(input, *, out=None):
    return _unary("special_bessel_j0", input, out=out, name="bessel_j0")


def bessel_j1(input, *, out=None):
    return _unary("special_bessel_j1", input, out=out, name="bessel_j1")


def xlogy(input, other, *, out=None):
    return _binary("xlogy", input, other, out=out)


def xlog1py(input, other, *, out=None):
    return _binary("special_xlog1py", input, other, out=out, name="xlog1py")


def zeta(input, other, *, out=None):
    return _binary("special_zeta", input, other, out=out, name="zeta")


def round(input, *, decimals=0, out=None):
    r = torch.round(input, decimals=decimals) if decimals else torch.round(input)
    if out is not None:
        out.copy_(r)
        return out
    return r


def logsumexp(input, dim, keepdim=False, *, out=None):
    r = torch.logsumexp(input, dim, keepdim)
    if out is not None:
        out.copy_(r)
        return out
    return r


def softmax(input, dim, *, dtype=None):
    return torch.softmax(input, dim, dtype=dtype) if dtype is not None else torch.softmax(input, dim)


def log_softmax(input, dim, *, dtype=None):
    return torch.log_softmax(input, dim, dtype=dtype) if dtype is not None else torch.log_softmax(input, dim)
