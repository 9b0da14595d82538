"""numpy.fft of the kernel: the transforms over the native FFT the kernel's torch.fft uses
(numpy._fft_c2c / _fft_r2c / _fft_c2r, tensorcore's fft.c) with NumPy 2's rules (n/s
zero-padding or trimming, axis/axes, norm, float32 -> complex64 and everything else ->
complex128), the sample-frequency helpers (fftfreq, rfftfreq) and the shifts (fftshift,
ifftshift). Values agree with NumPy's pocketfft to a few ulps, not bit for bit."""
import operator
import numpy as np


def fftfreq(n, d=1.0, device=None):
    """Return the Discrete Fourier Transform sample frequencies."""
    n = operator.index(n)
    val = 1.0 / (n * d)
    results = np.empty(n, dtype=np.int64)
    N = (n - 1) // 2 + 1
    results[:N] = np.arange(0, N, dtype=np.int64)
    results[N:] = np.arange(-(n // 2), 0, dtype=np.int64)
    return results * val


def rfftfreq(n, d=1.0, device=None):
    """Return the Discrete Fourier Transform sample frequencies (for usage with rfft, irfft)."""
    n = operator.index(n)
    val = 1.0 / (n * d)
    return np.arange(0, n // 2 + 1, dtype=np.int64) * val


def _shift(x, axes, sign):
    x = np.asarray(x)
    if axes is None:
        axes = tuple(range(x.ndim))
        shift = [sign * (dim // 2) for dim in x.shape]
    elif isinstance(axes, int):
        shift = sign * (x.shape[axes] // 2)
    else:
        axes = tuple(axes)
        shift = [sign * (x.shape[ax] // 2) for ax in axes]
    return np.roll(x, shift, axes)


def fftshift(x, axes=None):
    """Shift the zero-frequency component to the center of the spectrum."""
    return _shift(x, axes, 1)


def ifftshift(x, axes=None):
    """The inverse of fftshift."""
    return _shift(x, axes, -1)


_NONE, _ORTHO, _BY_N = 0, 1, 2


def _norm(norm, forward):
    if norm is None or norm == "backward":
        return _NONE if forward else _BY_N
    if norm == "forward":
        return _BY_N if forward else _NONE
    if norm == "ortho":
        return _ORTHO
    raise ValueError('Invalid norm value %s; should be "backward","ortho" or "forward".' % (norm,))


def _inexact(a, complex_ok=True):
    """a as float32/float64 (real) or complex64/complex128 (NumPy 2's precisions)."""
    a = np.asarray(a)
    k = a.dtype.kind
    if k == "c":
        if not complex_ok:
            raise TypeError("ufunc 'rfft_n_even' not supported for the input types, and the inputs could "
                            "not be safely coerced to any supported types according to the casting rule ''safe''")
        return a
    if a.dtype == np.float32 or a.dtype == np.float64:
        return a
    if a.dtype == np.float16:
        return a.astype(np.float32)
    return a.astype(np.float64)


def _complex(a):
    a = _inexact(a)
    if a.dtype.kind == "c":
        return a
    return a.astype(np.complex64 if a.dtype == np.float32 else np.complex128)


def _axis(a, axis):
    nd = a.ndim
    if axis < -nd or axis >= nd:
        raise np.exceptions.AxisError("axis %d is out of bounds for array of dimension %d" % (axis, nd)) \
            if hasattr(np, "exceptions") else IndexError("axis %d is out of bounds for array of dimension %d" % (axis, nd))
    return axis + nd if axis < 0 else axis


def _check_n(n):
    if n < 1:
        raise ValueError("Invalid number of FFT data points (%d) specified." % n)


def _resize(a, axis, n):
    cur = a.shape[axis]
    if n == cur:
        return a
    if n < cur:
        idx = [slice(None)] * a.ndim
        idx[axis] = slice(0, n)
        return a[tuple(idx)]
    shape = list(a.shape)
    shape[axis] = n - cur
    return np.concatenate([a, np.zeros(shape, dtype=a.dtype)], axis=axis)


def _out(r, out):
    if out is None:
        return r
    out[...] = r
    return out


def _one(a, n, axis):
    if a.ndim == 0:
        raise ValueError("Invalid number of FFT data points (0) specified." if False else
                         "axis -1 is out of bounds for array of dimension 0")
    ax = _axis(a, axis)
    if n is not None:
        _check_n(n)
        a = _resize(a, ax, n)
    elif a.shape[ax] < 1:
        _check_n(a.shape[ax])
    return a, ax


def fft(a, n=None, axis=-1, norm=None, out=None):
    """Compute the one-dimensional discrete Fourier Transform."""
    a, ax = _one(_complex(a), n, axis)
    return _out(np._fft_c2c(a, [ax], _norm(norm, True), 1), out)


def ifft(a, n=None, axis=-1, norm=None, out=None):
    """Compute the one-dimensional inverse discrete Fourier Transform."""
    a, ax = _one(_complex(a), n, axis)
    return _out(np._fft_c2c(a, [ax], _norm(norm, False), 0), out)


def rfft(a, n=None, axis=-1, norm=None, out=None):
    """Compute the one-dimensional discrete Fourier Transform for real input."""
    a, ax = _one(_inexact(a, False), n, axis)
    return _out(np._fft_r2c(a, [ax], _norm(norm, True), 1), out)


def irfft(a, n=None, axis=-1, norm=None, out=None):
    """Computes the inverse of rfft."""
    a = _complex(a)
    ax = _axis(a, axis)
    if n is None:
        n = 2 * (a.shape[ax] - 1)
    _check_n(n)
    a = _resize(a, ax, n // 2 + 1)
    return _out(np._fft_c2r(a, [ax], _norm(norm, False), n), out)


def hfft(a, n=None, axis=-1, norm=None, out=None):
    """Compute the FFT of a signal that has Hermitian symmetry, i.e., a real spectrum."""
    a = _complex(a)
    ax = _axis(a, axis)
    if n is None:
        n = 2 * (a.shape[ax] - 1)
    _check_n(n)
    a = _resize(a, ax, n // 2 + 1)
    return _out(np._fft_c2r(np.conj(a), [ax], _norm(norm, True), n), out)


def ihfft(a, n=None, axis=-1, norm=None, out=None):
    """Compute the inverse FFT of a signal that has Hermitian symmetry."""
    a, ax = _one(_inexact(a, False), n, axis)
    return _out(np.conj(np._fft_r2c(a, [ax], _norm(norm, False), 1)), out)


def _nd(a, s, axes):
    if axes is None:
        axes = list(range(a.ndim)) if s is None else list(range(a.ndim - len(s), a.ndim))
    else:
        axes = [_axis(a, x) for x in (axes if not isinstance(axes, int) else [axes])]
    if s is None:
        s = [a.shape[x] for x in axes]
    s = list(s)
    if len(s) != len(axes):
        raise ValueError("Shape and axes have different lengths.")
    return s, axes


def _resize_all(a, s, axes):
    for n, x in zip(s, axes):
        _check_n(n)
        a = _resize(a, x, n)
    return a


def fftn(a, s=None, axes=None, norm=None, out=None):
    """Compute the N-dimensional discrete Fourier Transform."""
    a = _complex(a)
    s, axes = _nd(a, s, axes)
    if not axes:
        return _out(a.copy(), out)
    return _out(np._fft_c2c(_resize_all(a, s, axes), axes, _norm(norm, True), 1), out)


def ifftn(a, s=None, axes=None, norm=None, out=None):
    """Compute the N-dimensional inverse discrete Fourier Transform."""
    a = _complex(a)
    s, axes = _nd(a, s, axes)
    if not axes:
        return _out(a.copy(), out)
    return _out(np._fft_c2c(_resize_all(a, s, axes), axes, _norm(norm, False), 0), out)


def rfftn(a, s=None, axes=None, norm=None, out=None):
    """Compute the N-dimensional discrete Fourier Transform for real input."""
    a = _inexact(a, False)
    s, axes = _nd(a, s, axes)
    return _out(np._fft_r2c(_resize_all(a, s, axes), axes, _norm(norm, True), 1), out)


def irfftn(a, s=None, axes=None, norm=None, out=None):
    """Computes the inverse of rfftn."""
    a = _complex(a)
    given = s is not None
    s, axes = _nd(a, s, axes)
    if not given:
        s[-1] = 2 * (a.shape[axes[-1]] - 1)
    last = s[-1]
    _check_n(last)
    a = _resize_all(a, s[:-1], axes[:-1])
    a = _resize(a, axes[-1], last // 2 + 1)
    return _out(np._fft_c2r(a, axes, _norm(norm, False), last), out)


def fft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    """Compute the 2-dimensional discrete Fourier Transform."""
    return fftn(a, s, axes, norm, out)


def ifft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    """Compute the 2-dimensional inverse discrete Fourier Transform."""
    return ifftn(a, s, axes, norm, out)


def rfft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    """Compute the 2-dimensional FFT of a real array."""
    return rfftn(a, s, axes, norm, out)


def irfft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    """Computes the inverse of rfft2."""
    return irfftn(a, s, axes, norm, out)
