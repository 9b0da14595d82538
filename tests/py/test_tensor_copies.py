"""Permuted copies whose output rows are a few elements long (pixel_shuffle's layout, a
channels dim of 2 or 3 moved last), copied as small 2-d blocks, and batches of transposes
of 4-byte elements (NCHW to NHWC), copied in 8x8 register tiles: checked element by element
against NumPy's transposes, for 1-, 2-, 4- and 8-byte dtypes, strided and sliced inputs,
and a permuted destination of copy_."""
import json
import subprocess
import tempfile

import numpy as np

from cpython_diff import TK_PYTHON

SRC = r"""
import json
import torch
import torch.nn.functional as F
out = []
def emit(t):
    out.append([str(t.dtype), list(t.shape), t.is_contiguous(), t.double().flatten().tolist()])
base = (torch.arange(1400 * 3 * 16) % 251 - 125)
six = base[:16 * 2 * 2 * 32 * 32]
for dt in (torch.float32, torch.float64, torch.int16, torch.uint8, torch.float16, torch.int64):
    x = six.to(dt).reshape(1, 16, 2, 2, 32, 32)
    emit(x.permute(0, 1, 4, 2, 5, 3).contiguous())
emit(F.pixel_shuffle(six.float().reshape(1, 64, 32, 32), 2))
emit(F.pixel_unshuffle(six.float().reshape(4, 4, 128, 32), 2))
y = base.reshape(1400, 3, 16).float()
emit(y.permute(0, 2, 1).contiguous())
emit(y[::2].permute(0, 2, 1).contiguous())
emit((y > 0).permute(0, 2, 1).contiguous())
b4 = base[:3 * 12 * 9 * 10].reshape(3, 12, 9, 10)
emit(b4.float().permute(0, 2, 3, 1).contiguous())
emit(b4.int()[:, 1:, :, 2:].permute(0, 2, 3, 1).contiguous())
d = torch.empty(1400, 16, 3).permute(0, 2, 1)
d.copy_(y)
emit(d.permute(0, 2, 1))
with open(OUT, "w") as f:
    f.write(json.dumps(out))
"""


def expected():
    base = np.arange(1400 * 3 * 16) % 251 - 125
    six = base[:16 * 2 * 2 * 32 * 32]
    res = []
    for dt in ("float32", "float64", "int16", "uint8", "float16", "int64"):
        x = six % 256 if dt == "uint8" else six
        res.append(np.ascontiguousarray(x.reshape(1, 16, 2, 2, 32, 32).transpose(0, 1, 4, 2, 5, 3)))
    x = six.reshape(1, 16, 2, 2, 32, 32)
    res.append(x.transpose(0, 1, 4, 2, 5, 3).reshape(1, 16, 64, 64))
    u = six.reshape(4, 4, 64, 2, 16, 2)
    res.append(u.transpose(0, 1, 3, 5, 2, 4).reshape(4, 16, 64, 16))
    y = base.reshape(1400, 3, 16)
    res.append(y.transpose(0, 2, 1))
    res.append(y[::2].transpose(0, 2, 1))
    res.append((y > 0).transpose(0, 2, 1).astype(np.int64))
    b4 = base[:3 * 12 * 9 * 10].reshape(3, 12, 9, 10)
    res.append(b4.transpose(0, 2, 3, 1))
    res.append(b4[:, 1:, :, 2:].transpose(0, 2, 3, 1))
    res.append(y.transpose(0, 2, 1))  # the destination's memory
    return res


def test_short_row_copies_match_numpy():
    with tempfile.TemporaryDirectory() as d:
        src, res = d + "/copies.py", d + "/copies.json"
        with open(src, "w") as f:
            f.write("OUT = %r\n" % res + SRC)
        p = subprocess.run([str(TK_PYTHON), src], capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, p.stderr
        with open(res) as f:
            got = json.load(f)
    want = expected()
    assert len(got) == len(want)
    for (dt, shape, contig, vals), w in zip(got, want):
        assert shape == list(w.shape), dt
        assert np.array_equal(np.array(vals).reshape(shape), w), (dt, shape)
    assert all(g[2] for g in got[:-1])  # the copies are laid out contiguously
