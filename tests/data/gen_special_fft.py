"""Writes special_fft.npz, read by tests/py/test_special_fft.py. Run with the oracle's python
(../shared/oracle/setup.sh):  $PY tests/data/gen_special_fft.py

- torch.special: real PyTorch 2.15's bits for each function on a fixed sample per dtype
  (inputs 'sx-<fn>-<dt>', results 'sy-<fn>-<dt>'; two-argument functions also 'sq-...').
- FFT: NumPy's complex128 transforms (pocketfft in double) of fixed random inputs of many
  lengths, primes among them ('fx-<kind>-<n>' inputs, 'fy-<kind>-<n>' results), the model
  the kernel's torch.fft and numpy.fft are held to within a few ulps."""
import pathlib

import numpy as np
import torch

torch.set_num_threads(1)
rng = np.random.default_rng(20261207)
out = {}

UNARY = {"erfc": (-5, 10), "erfinv": (-1, 1), "gammaln": (-10, 30), "digamma": (-10, 30),
         "i0": (-30, 30), "i0e": (-30, 30), "i1": (-30, 30), "i1e": (-30, 30), "ndtri": (0, 1),
         "log_ndtr": (-40, 10), "sinc": (-10, 10), "entr": (-1, 10), "exp2": (-20, 20),
         "erfcx": (-5, 30), "bessel_j0": (-30, 30), "bessel_j1": (-30, 30), "polygamma2": (-5, 20),
         "polygamma3": (-5, 20)}
BINARY = {"xlogy": ((-3, 3), (0, 5)), "xlog1py": ((-3, 3), (-1, 5)), "zeta": ((1, 10), (-3, 5))}
for dt, tn in ((np.float32, "f32"), (np.float64, "f64")):
    tdt = torch.float32 if tn == "f32" else torch.float64
    for name, (lo, hi) in UNARY.items():
        x = rng.uniform(lo, hi, 500).astype(dt)
        x[:4] = [0.0, lo, hi, (lo + hi) / 2]
        t = torch.from_numpy(x)
        if name.startswith("polygamma"):
            y = torch.special.polygamma(int(name[-1]), t)
        else:
            y = getattr(torch.special, name)(t)
        out["sx-%s-%s" % (name, tn)] = x
        out["sy-%s-%s" % (name, tn)] = y.numpy()
    for name, ((lo, hi), (lo2, hi2)) in BINARY.items():
        x = rng.uniform(lo, hi, 500).astype(dt)
        q = rng.uniform(lo2, hi2, 500).astype(dt)
        x[:50] = 0.0 if name != "zeta" else 2.0
        q[100:120] = np.round(q[100:120])
        y = getattr(torch.special, name)(torch.from_numpy(x), torch.from_numpy(q))
        out["sx-%s-%s" % (name, tn)] = x
        out["sq-%s-%s" % (name, tn)] = q
        out["sy-%s-%s" % (name, tn)] = y.numpy()

SIZES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 16, 17, 25, 27, 31, 32, 37, 49, 60, 64, 97, 100,
         101, 121, 127, 128, 243, 251, 256, 360, 509, 512, 1000, 1009, 1024, 4099)
for n in SIZES:
    z = rng.standard_normal(n) + 1j * rng.standard_normal(n)
    x = rng.standard_normal(n)
    out["fx-c-%d" % n] = z
    out["fx-r-%d" % n] = x
    out["fy-fft-%d" % n] = np.fft.fft(z)
    out["fy-ifft-%d" % n] = np.fft.ifft(z)
    out["fy-rfft-%d" % n] = np.fft.rfft(x)
    out["fy-irfft-%d" % n] = np.fft.irfft(z[: n // 2 + 1], n)
    out["fy-ortho-%d" % n] = np.fft.fft(z, norm="ortho")
for shape in ((4, 6), (5, 3, 8), (7, 9)):
    key = "x".join(map(str, shape))
    a = rng.standard_normal(shape)
    out["fx-nd-%s" % key] = a
    out["fy-fftn-%s" % key] = np.fft.fftn(a)
    out["fy-rfftn-%s" % key] = np.fft.rfftn(a)
    out["fy-irfftn-%s" % key] = np.fft.irfftn(np.fft.rfftn(a), a.shape, axes=tuple(range(a.ndim)))
np.savez_compressed(pathlib.Path(__file__).with_name("special_fft.npz"), **out)
print(len(out), "arrays")
