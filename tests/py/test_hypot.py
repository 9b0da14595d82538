"""torch.hypot bit for bit against real PyTorch 2.15: the expected bits are
tests/data/hypot_torch.npz, written by tests/data/gen_hypot.py with the oracle's torch.

PyTorch's hypot runs SLEEF's hypot_u05 over the whole pairs of vectors of a contiguous (or
broadcast) range and the C library's hypot in its scalar loop (the rest, strided operands);
the two disagree on some inputs near the underflow threshold. The data keep both results of
every element, and the expectation for each layout puts them together by the split PyTorch
makes on this CPU (pairs of AVX-512 vectors where it has AVX-512, else of AVX2's): contiguous,
stride-2 views, short prefixes, broadcast scalar operands. The gradients (HypotBackward0:
g * x / out, g * y / out) and the float16/bfloat16 results are checked too."""
import os
import pathlib
import subprocess

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()
DATA = np.load(ROOT / "tests" / "data" / "hypot_torch.npz")
SIZES = (1, 7, 15, 16, 17, 31, 32, 33, 47, 48, 100)
SCALARS = (0, 9, 11, 30)
WHOLE = 1984


def vec_bytes():
    """The width of the vectors PyTorch's kernels use on this CPU (its AVX512 capability
    wants F, BW, DQ and VL)."""
    try:
        flags = set(pathlib.Path("/proc/cpuinfo").read_text().split())
    except OSError:
        return 32
    return 64 if {"avx512f", "avx512bw", "avx512dq", "avx512vl"} <= flags else 32


def expected(vec, lib, n):
    """A contiguous run of n: vectorised results over whole pairs of vectors, then the tail."""
    m = n - n % (2 * vec_bytes() // vec.itemsize)
    return np.concatenate([vec[:m], lib[m:n]])


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
show('s-{tn}', torch.hypot(x.repeat_interleave(2)[::2], y.repeat_interleave(2)[::2]))
for n in {SIZES!r}:
    show('n%d-{tn}' % n, torch.hypot(x[:n].clone(), y[:n].clone()))
for k, i in enumerate({SCALARS!r}):
    show('b%d-{tn}' % k, torch.hypot(x, y[i].clone()))
    show('r%d-{tn}' % k, torch.hypot(y[i].clone(), x))
a = x[:{WHOLE}].clone().requires_grad_()
b = y[:{WHOLE}].clone().requires_grad_()
w = torch.linspace(-2, 2, {WHOLE}, dtype=x.dtype)
h = torch.hypot(a, b)
out.write('grad_fn ' + h.grad_fn.name() + '\\n')
(h * w).sum().backward()
show('ga-{tn}', a.grad)
show('gb-{tn}', b.grad)
if '{tn}' == 'f32':
    for hn, hd in (('f16', torch.float16), ('bf16', torch.bfloat16)):
        show('h-' + hn, torch.hypot(x[:{WHOLE}].to(hd), y[:{WHOLE}].to(hd)).view(torch.int16))
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
        dt = np.int16 if key.startswith("h-") else np.float32 if key.endswith("f32") else np.float64
        got[key] = np.frombuffer(bytes.fromhex(val), dtype=dt)
    return got


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hypot")
    return {tn: run_kernel(tn, tmp) for tn in ("f32", "f64")}


def differing(want, got):
    assert want.shape == got.shape and want.dtype == got.dtype
    iv = np.uint32 if want.dtype == np.float32 else np.uint64
    return np.nonzero((want.view(iv) != got.view(iv)) & ~(np.isnan(want) & np.isnan(got)))[0]


def wanted(tn, key):
    """What PyTorch gives on this CPU for the layout the kernel's result `key` was made with."""
    v, l = DATA[f"v-{tn}"], DATA[f"l-{tn}"]
    n = len(v)
    if key[0] == "c":
        return expected(v, l, n)
    if key[0] == "s":
        return l
    if key[0] == "n":
        k = int(key[1:].split("-")[0])
        return expected(v, l, k)
    k = key[1:].split("-")[0]  # b0, r3: a broadcast scalar takes the vectorised loop too
    return expected(DATA[f"{key[0]}v{k}-{tn}"], DATA[f"{key[0]}l{k}-{tn}"], n)


@pytest.mark.parametrize("tn", ["f32", "f64"])
def test_sample_exercises_both_paths(tn):
    """The sample holds inputs on which PyTorch's vectorised and scalar results differ, in
    the prefixes and the tail where the split between them shows."""
    d = differing(DATA[f"v-{tn}"], DATA[f"l-{tn}"])
    assert {5, 16, 32, 40, 1985, 1999} <= set(d.tolist())


@pytest.mark.parametrize("tn", ["f32", "f64"])
@pytest.mark.parametrize("layout", ["c", "s", "n", "b", "r"])
def test_bits_match_torch(results, tn, layout):
    got = results[tn]
    keys = sorted(k for k in got if k[0] == layout and k.endswith("-" + tn))
    assert keys
    bad = {k: differing(wanted(tn, k), got[k])[:5].tolist() for k in keys}
    assert not any(bad.values()), {k: v for k, v in bad.items() if v}


@pytest.mark.parametrize("tn", ["f32", "f64"])
def test_gradient(results, tn):
    got = results[tn]
    assert got["grad_fn"] == "HypotBackward0"
    for g in ("ga", "gb"):
        assert len(differing(DATA[f"{g}-{tn}"], got[f"{g}-{tn}"])) == 0, g


def test_half_types(results):
    # (a NaN's bits are not compared: PyTorch's vectorised bfloat16 rounding writes 0xffff
    # for every NaN, a matter of all bfloat16 ops rather than of hypot's)
    got = results["f32"]
    for hn, inf in (("f16", 0x7c00), ("bf16", 0x7f80)):
        want, have = DATA["h-" + hn], got["h-" + hn]
        nan = (want & 0x7fff) > inf
        assert np.array_equal(nan, (have & 0x7fff) > inf), hn
        assert np.array_equal(want[~nan], have[~nan]), hn
