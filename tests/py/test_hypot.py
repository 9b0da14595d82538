"""torch.hypot bit for bit against real PyTorch 2.15 on this kind of CPU: the expected bits are
tests/data/hypot_torch.npz, written by tests/data/gen_hypot.py with the oracle's torch.

PyTorch's hypot runs SLEEF's hypot_u05 over the whole pairs of vectors of a contiguous range
and the C library's hypot in its scalar loop (the tail, strided operands); the two disagree on
some inputs near the underflow threshold, so the sample holds many of those and the layouts
that take each path: contiguous, stride-2 views, short prefixes, broadcast scalar operands.
The gradients (HypotBackward0: g * x / out, g * y / out) and the float16/bfloat16 results
are checked too."""
import os
import pathlib
import subprocess

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()
DATA = np.load(ROOT / "tests" / "data" / "hypot_torch.npz")
SIZES = (1, 7, 15, 16, 17, 31, 32, 33, 47, 48, 100)


def run_kernel(tn, tmp):
    dt = "np.float32" if tn == "f32" else "np.float64"
    path = tmp / f"hypot-{tn}.txt"
    x, y = DATA[f"x-{tn}"].tobytes().hex(), DATA[f"y-{tn}"].tobytes().hex()
    code = f"""
import torch
import numpy as np
x = torch.from_numpy(np.frombuffer(bytes.fromhex('{x}'), dtype={dt}).copy())
y = torch.from_numpy(np.frombuffer(bytes.fromhex('{y}'), dtype={dt}).copy())
out = open({str(path)!r}, 'w')
def show(key, t):
    out.write(key + ' ' + t.numpy().tobytes().hex() + '\\n')
show('c-{tn}', torch.hypot(x, y))
show('s-{tn}', torch.hypot(torch.from_numpy(np.repeat(x.numpy(), 2))[::2],
                           torch.from_numpy(np.repeat(y.numpy(), 2))[::2]))
for n in {SIZES!r}:
    show('n%d-{tn}' % n, torch.hypot(x[:n].clone(), y[:n].clone()))
for k, i in enumerate((0, 9, 11, 30)):
    show('b%d-{tn}' % k, torch.hypot(x, y[i].clone()))
    show('r%d-{tn}' % k, torch.hypot(y[i].clone(), x))
a = x.clone().requires_grad_()
b = y.clone().requires_grad_()
w = torch.linspace(-2, 2, len(x), dtype=x.dtype)
h = torch.hypot(a, b)
out.write('grad_fn ' + h.grad_fn.name() + '\\n')
(h * w).sum().backward()
show('ga-{tn}', a.grad)
show('gb-{tn}', b.grad)
if '{tn}' == 'f32':
    for hn, hd in (('f16', torch.float16), ('bf16', torch.bfloat16)):
        show('c-' + hn, torch.hypot(x.to(hd), y.to(hd)).view(torch.int16))
out.close()
"""
    r = subprocess.run([str(BUILD / "kernel" / "tk-python"), "-c", code], capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    got = {}
    for line in path.read_text().splitlines():
        key, _, val = line.partition(" ")
        if key == "grad_fn":
            got[key] = val
            continue
        dt = np.int16 if key in ("c-f16", "c-bf16") else np.float32 if key.endswith("f32") else np.float64
        got[key] = np.frombuffer(bytes.fromhex(val), dtype=dt)
    return got


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hypot")
    return {tn: run_kernel(tn, tmp) for tn in ("f32", "f64")}


def differing(want, got):
    assert want.shape == got.shape and want.dtype == got.dtype
    if want.dtype == np.int16:
        return np.nonzero(want != got)[0]
    iv = np.uint32 if want.dtype == np.float32 else np.uint64
    return np.nonzero((want.view(iv) != got.view(iv)) & ~(np.isnan(want) & np.isnan(got)))[0]


@pytest.mark.parametrize("tn", ["f32", "f64"])
def test_sample_exercises_both_paths(tn):
    """The sample holds inputs on which PyTorch's vectorised and scalar results differ."""
    c, s = DATA[f"c-{tn}"], DATA[f"s-{tn}"]
    assert len(differing(c, s)) > 0


@pytest.mark.parametrize("tn", ["f32", "f64"])
@pytest.mark.parametrize("layout", ["c", "s", "n", "b", "r", "g"])
def test_bits_match_torch(results, tn, layout):
    got = results[tn]
    keys = sorted(k for k in DATA.files if k.endswith("-" + tn) and k[0] == layout and k[:2] not in ("x-", "y-"))
    assert keys
    bad = {k: differing(DATA[k], got[k])[:5].tolist() for k in keys}
    assert not any(bad.values()), {k: v for k, v in bad.items() if v}


def test_half_types_and_grad_fn(results):
    got = results["f32"]
    assert got["grad_fn"] == "HypotBackward0"
    # (a NaN's bits are not compared: PyTorch's vectorised bfloat16 rounding writes 0xffff
    # for every NaN, a conversion matter of all bfloat16 ops rather than of hypot's)
    for hn in ("f16", "bf16"):
        want, have = DATA["c-" + hn], got["c-" + hn]
        nan = (want & 0x7fff) > (0x7c00 if hn == "f16" else 0x7f80)
        assert np.array_equal(nan, (have & 0x7fff) > (0x7c00 if hn == "f16" else 0x7f80)), hn
        assert np.array_equal(want[~nan], have[~nan]), hn
