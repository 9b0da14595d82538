"""float32 -> float16 / bfloat16 casts: the vectorised paths (F16C, AVX2 integer rounding)
give the bits of the scalar conversions for every kind of value, checked against a NumPy model
of them over every sign, exponent and top mantissa bits with the low bits that decide the
rounding (ties, just above and below them): round to nearest, ties to even, overflow to inf,
subnormals, and a NaN as the scalar forms write it (float16: the quiet NaN of its sign;
bfloat16: its top bits made quiet). Contiguous (vectorised, threaded at this size), strided
output (scalar) and strided input, and a NaN in every lane position."""
import subprocess
import tempfile

import numpy as np

from cpython_diff import TK_PYTHON

LOW = [0x0000, 0x0001, 0x0fff, 0x1000, 0x1001, 0x2000, 0x3000, 0x5000, 0x7fff, 0x8000, 0x8001, 0xffff]

SRC = r"""
import torch
low = torch.tensor(LOW, dtype=torch.int64)
hi = torch.arange(65536, dtype=torch.int64)
u = (hi[:, None] * 65536 + low).reshape(-1)
x = ((u + 2147483648) % 4294967296 - 2147483648).to(torch.int32).view(torch.float32)
with open(OUT, "wb") as f:
    for dt in (torch.float16, torch.bfloat16):
        f.write(x.to(dt).view(torch.int16).numpy().tobytes())
        o = torch.empty(2 * x.numel(), dtype=dt)[::2]
        o.copy_(x)
        f.write(o.contiguous().view(torch.int16).numpy().tobytes())
        f.write(x[::2].to(dt).view(torch.int16).numpy().tobytes())
"""


def bits_in():
    hi = np.arange(65536, dtype=np.uint64)
    return (hi[:, None] * 65536 + np.array(LOW, dtype=np.uint64)).reshape(-1).astype(np.uint32)


def model_f16(u):
    f = u.view(np.float32)
    with np.errstate(over="ignore"):
        h = f.astype(np.float16).view(np.uint16)
    nan = np.isnan(f)
    return np.where(nan, ((u >> 16) & 0x8000) | 0x7e00, h).astype(np.uint16)


def model_bf16(u):
    u64 = u.astype(np.uint64)
    r = ((u64 + 0x7fff + ((u64 >> 16) & 1)) >> 16) & 0xffff
    nan = (u & 0x7fffffff) > 0x7f800000
    return np.where(nan, (u >> 16) | 0x40, r).astype(np.uint16)


def test_half_casts_round_as_the_scalar_forms():
    u = bits_in()
    n = u.size
    with tempfile.TemporaryDirectory() as d:
        src, res = d + "/casts.py", d + "/casts.bin"
        with open(src, "w") as f:
            f.write("OUT = %r\nLOW = %r\n" % (res, LOW) + SRC)
        p = subprocess.run([str(TK_PYTHON), src], capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, p.stderr
        got = np.fromfile(res, dtype=np.uint16)
    half = (n + 1) // 2
    assert got.size == 2 * (2 * n + half)
    for k, model in enumerate((model_f16, model_bf16)):
        part = got[k * (2 * n + half):(k + 1) * (2 * n + half)]
        want = model(u)
        for name, g, w in (("contiguous", part[:n], want), ("strided output", part[n:2 * n], want),
                           ("strided input", part[2 * n:], want[::2])):
            bad = np.flatnonzero(g != w)
            assert bad.size == 0, (model.__name__, name, [(hex(u[::2][i] if name == "strided input" else u[i]),
                                                           hex(g[i]), hex(w[i])) for i in bad[:5]])
