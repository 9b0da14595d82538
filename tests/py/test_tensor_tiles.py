"""Elementwise ops with an operand transposed across the last two dims, large enough to be
walked in tiles (at least 64 x 64), against NumPy: tiles whose input is copied first through
8x8 register transposes (4-byte elements, whole tiles) or element by element (other sizes,
partial tiles, strided rows), outputs allocated right after their inputs, in-place updates."""
import json
import subprocess
import tempfile

import numpy as np

from cpython_diff import TK_PYTHON

SRC = r"""
import json
import torch
out = []
def emit(t):
    # two weighted sums (exact: integer values) and every 7th element in logical order
    d = t.double()
    n = d.numel()
    w1 = (torch.arange(n) % 7 + 1).double().reshape(d.shape)
    w2 = (torch.arange(n) % 11 - 5).double().reshape(d.shape)
    out.append([str(t.dtype), list(t.shape), (d * w1).sum().item(), (d * w2).sum().item(),
                d.flatten()[::7].tolist()])
x = (torch.arange(130 * 97) % 23 - 11).reshape(130, 97)
y = (torch.arange(97 * 130) % 19 - 9).reshape(97, 130)
for dt in (torch.float32, torch.float64, torch.int16, torch.int32):
    a, b = x.to(dt), y.to(dt)
    emit(a.t() + b)
    emit(b * a.t())
f = (torch.arange(128 * 128) % 17 - 8.0).reshape(128, 128)
emit(f.t() + f)
emit(f - f.t())
emit(torch.maximum(f.t(), f))
g = (torch.arange(3 * 70 * 90) % 29 - 14.0).reshape(3, 70, 90)
h = (torch.arange(3 * 90 * 70) % 13 - 6.0).reshape(3, 90, 70)
emit(g.transpose(1, 2) + h)
w = (torch.arange(200 * 160) % 31 - 15.0).reshape(200, 160)
emit(w[::2].t() + w[:160, :100])
emit((f.t() > f))
z = f.clone()
z.add_(f.t())
emit(z)
print(json.dumps(out))
"""


def model():
    x = (np.arange(130 * 97) % 23 - 11).reshape(130, 97)
    y = (np.arange(97 * 130) % 19 - 9).reshape(97, 130)
    res = []
    for dt in (np.float32, np.float64, np.int16, np.int32):
        a, b = x.astype(dt), y.astype(dt)
        res += [a.T + b, b * a.T]
    f = (np.arange(128 * 128) % 17 - 8.0).reshape(128, 128).astype(np.float32)
    res += [f.T + f, f - f.T, np.maximum(f.T, f)]
    g = (np.arange(3 * 70 * 90) % 29 - 14.0).reshape(3, 70, 90).astype(np.float32)
    h = (np.arange(3 * 90 * 70) % 13 - 6.0).reshape(3, 90, 70).astype(np.float32)
    res.append(g.transpose(0, 2, 1) + h)
    w = (np.arange(200 * 160) % 31 - 15.0).reshape(200, 160).astype(np.float32)
    res.append(w[::2].T + w[:160, :100])
    res.append(f.T > f)
    res.append(f + f.T)
    return res


def test_transposed_operands_match_numpy():
    with tempfile.NamedTemporaryFile("w", suffix=".py") as fh:
        fh.write(SRC)
        fh.flush()
        p = subprocess.run([str(TK_PYTHON), fh.name], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    got = json.loads(p.stdout)
    want = model()
    assert len(got) == len(want)
    for i, ((dtype, shape, s1, s2, vals), w) in enumerate(zip(got, want)):
        assert shape == list(w.shape), i
        d = w.astype(np.float64)
        n = d.size
        w1 = (np.arange(n) % 7 + 1).reshape(d.shape)
        w2 = (np.arange(n) % 11 - 5).reshape(d.shape)
        assert (s1, s2) == ((d * w1).sum(), (d * w2).sum()), "case %d (%s)" % (i, dtype)
        np.testing.assert_array_equal(np.array(vals), d.flatten()[::7], err_msg="case %d" % i)
