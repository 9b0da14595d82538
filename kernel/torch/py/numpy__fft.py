"""numpy.fft of the kernel: the sample-frequency helpers (fftfreq, rfftfreq) and the shifts
(fftshift, ifftshift), as NumPy 2 computes them. The transforms themselves return complex
arrays, which the kernel's numpy does not have: they raise NotImplementedError."""
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


class _Complex:
    """A transform whose result is complex: not available in the kernel's numpy."""

    def __init__(self, name):
        self.__name__ = name

    def __call__(self, *args, **kwargs):
        raise NotImplementedError("numpy.fft.%s: complex arrays are not supported by the kernel's numpy "
                                  "(torch.fft is not available either)" % self.__name__)


fft = _Complex("fft")
ifft = _Complex("ifft")
rfft = _Complex("rfft")
irfft = _Complex("irfft")
fft2 = _Complex("fft2")
ifft2 = _Complex("ifft2")
fftn = _Complex("fftn")
ifftn = _Complex("ifftn")
rfft2 = _Complex("rfft2")
irfft2 = _Complex("irfft2")
rfftn = _Complex("rfftn")
irfftn = _Complex("irfftn")
hfft = _Complex("hfft")
ihfft = _Complex("ihfft")
