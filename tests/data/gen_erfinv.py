"""Writes erfinv_torch.npz, read by tests/py/test_special_fft.py (test_erfinv_*). Run with the
oracle's python (../shared/oracle/setup.sh):  $PY tests/data/gen_erfinv.py

torch.erfinv and torch.special.erfinv are one op in PyTorch. The grid is what the kernel can
rebuild exactly: k / 150000 for k in [-150000, 150000] in float64 (each quotient correctly
rounded), and that grid rounded to float32; a few hundred thousand results are kept as the
SHA-256 of their bytes ('sha-<dt>'), and a sample of them as values ('x-<dt>', 'y-<dt>'),
with the tails near -1, 0 and 1 that the grid misses, for counting mismatches where the
kernel runs without MKL (PyTorch's erfinv is MKL's)."""
import hashlib
import pathlib

import numpy as np
import torch

torch.set_num_threads(1)
rng = np.random.default_rng(20261207)
N = 150000
out = {"n": np.array(N)}
grid = torch.arange(-N, N + 1, dtype=torch.float64) / N
for tn, tdt, ndt in (("f32", torch.float32, np.float32), ("f64", torch.float64, np.float64)):
    x = grid.to(tdt)
    y = torch.erfinv(x)
    assert torch.equal(y.view(torch.int32 if tn == "f32" else torch.int64),
                       torch.special.erfinv(x).view(torch.int32 if tn == "f32" else torch.int64))
    out["sha-%s" % tn] = np.array(hashlib.sha256(y.numpy().tobytes()).hexdigest())
    tiny = np.finfo(ndt).tiny
    tails = np.concatenate([1 - 10.0 ** -rng.uniform(1, 16, 300), -(1 - 10.0 ** -rng.uniform(1, 16, 300)),
                            10.0 ** -rng.uniform(0, 300, 200) * rng.choice([-1, 1], 200),
                            [0.0, -0.0, 1.0, -1.0, 1.5, -2.0, np.nan, np.inf, tiny, -tiny]])
    xs = np.concatenate([x.numpy()[rng.choice(2 * N + 1, 1500, replace=False)], tails.astype(ndt)])
    out["x-%s" % tn] = xs
    out["y-%s" % tn] = torch.erfinv(torch.from_numpy(xs)).numpy()
np.savez_compressed(pathlib.Path(__file__).with_name("erfinv_torch.npz"), **out)
