"""Elementwise float functions bit for bit against real PyTorch 2.15 on this kind of CPU: the
expected bits are tests/data/numerics_torch.npz, written by tests/data/gen_numerics.py with
the oracle's torch. Each function runs on the sample as one contiguous tensor (PyTorch's
vectorised loop and its scalar tail), as a stride-2 view (its scalar loop) and on the small
prefixes that are all tail. PyTorch's vectorised loops take whole pairs of 512-bit vectors on
a CPU with AVX-512 and of 256-bit ones otherwise, and so does the kernel; the file keeps
PyTorch's bits from both kinds of CPU, and each layout is checked on any CPU (TK_VEC_BYTES
sets the kernel's).

Where PyTorch computes with SLEEF, the C library or MKL (exp, log, log2, log10, sqrt, sin,
cos, tan, asin, acos, atan, erf, erfc, erfinv, tanh: MKL's vector math, which the kernel
opens when installed) the results are reproduced exactly and the budget is 0. Without MKL
those functions are this library's own, which differ from MKL's in a small share of inputs;
the budgets are the counts measured on the sample, so that any change in them shows."""
import os
import pathlib
import subprocess

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()


def load_data(width):
    """PyTorch's results on a CPU whose vectors are `width` bytes: an AVX-512 CPU's, with an
    AVX2 CPU's elements put in where they differ. The softmax functions are computed in
    AVX-512's layout on every CPU (for now): their expected bits are AVX-512's."""
    with np.load(ROOT / "tests" / "data" / "numerics_torch.npz") as f:
        raw = dict(f)
    data = {k: v for k, v in raw.items() if not k.startswith("avx2:")}
    if width == 32:
        for k, v in data.items():
            if f"avx2:{k}:i" in raw and not k.startswith(("softmax", "log_softmax")):
                v[raw[f"avx2:{k}:i"]] = raw[f"avx2:{k}:v"]
    return data


WIDTHS = (32, 64)
DATA = {w: load_data(w) for w in WIDTHS}
SIZES = (1, 7, 8, 9, 15, 16, 17, 31, 33, 100)
UNARY = ("exp", "log", "log2", "log10", "log1p", "expm1", "sqrt", "rsqrt", "sin", "cos", "tan",
         "asin", "acos", "atan", "sinh", "cosh", "tanh", "erf", "sigmoid", "reciprocal", "erfc",
         "erfinv", "asinh", "acosh", "atanh", "exp2", "lgamma", "digamma")
POWS = (2.0, 3.0, 0.5, -1.0, 1.5, -0.5)
ACTS = ("silu", "softplus", "elu", "selu", "mish", "logsigmoid", "gelu")
GRAD_ACTS = ("softplus", "elu", "selu", "logsigmoid")

# mismatches allowed per (function, dtype) over the whole sample (contiguous, strided and
# prefixes together), as measured; every pair not listed matches PyTorch bit for bit. With
# MKL (which `make` installs) every function is exact but: lgamma (SLEEF's in PyTorch's
# vectorised map, not reproduced yet) and float32 gelu (oneDNN's kernel in PyTorch). float32
# gelu's count is oneDNN's AVX-512 kernel's (in PyTorch on such a CPU) and its AVX2 kernel's.
# (The softmax rows of the data file are checked by tests/py/test_softmax.py.)
BUDGET = {("lgamma", "f32"): 630, ("lgamma", "f64"): 646}
BUDGET_BY_WIDTH = {("gelu", "f32", 64): 398, ("gelu", "f32", 32): 446}
# Without MKL, the functions PyTorch sends to MKL's vector math are this library's own
# (correctly rounded or the C library's): they differ from MKL's in a small share of inputs.
# (pow with 0.5 is PyTorch's sqrt.)
BUDGET_NO_MKL = {**BUDGET, **{
    ("exp", "f32"): 19, ("exp", "f64"): 7, ("log", "f32"): 50, ("log", "f64"): 4,
    ("log10", "f32"): 2, ("log10", "f64"): 14, ("sqrt", "f32"): 159, ("sqrt", "f64"): 18,
    ("sin", "f32"): 75, ("sin", "f64"): 8, ("cos", "f32"): 92, ("cos", "f64"): 5,
    ("tan", "f32"): 273, ("tan", "f64"): 4, ("asin", "f32"): 31, ("asin", "f64"): 35,
    ("acos", "f32"): 16, ("acos", "f64"): 71, ("atan", "f32"): 52, ("atan", "f64"): 64,
    ("tanh", "f64"): 18, ("erf", "f32"): 31, ("erf", "f64"): 58, ("pow0.5", "f32"): 159,
    ("pow0.5", "f64"): 18, ("erfc", "f32"): 213, ("erfc", "f64"): 226, ("erfinv", "f32"): 3,
    ("erfinv", "f64"): 246,
}}


def run_kernel(tn, width, tmp):
    dt = "np.float32" if tn == "f32" else "np.float64"
    path = tmp / f"numerics-{tn}-{width}.txt"  # (more than the kernel's stdout keeps)
    x, y = DATA[64][f"x-{tn}"].tobytes().hex(), DATA[64][f"y-{tn}"].tobytes().hex()
    code = f"""
import torch
import numpy as np
x = torch.from_numpy(np.frombuffer(bytes.fromhex('{x}'), dtype={dt}).copy())
y = torch.from_numpy(np.frombuffer(bytes.fromhex('{y}'), dtype={dt}).copy())
xs = torch.from_numpy(np.frombuffer(bytes.fromhex('{x}'), dtype={dt}).copy().repeat(2))[::2]
out = open({str(path)!r}, 'w')
def show(key, t):
    out.write(key + ' ' + t.numpy().tobytes().hex() + '\\n')
fns = [(n, getattr(torch, n)) for n in {UNARY!r}]
for p in {POWS!r}:
    fns.append(('pow%g' % p, (lambda p: lambda v: torch.pow(v, p))(p)))
fns += [(a, getattr(torch.nn.functional, a)) for a in {ACTS!r}]
for name, f in fns:
    show(name + '-{tn}-c', f(x))
    show(name + '-{tn}-s', f(xs))
    for n in {SIZES!r}:
        show(name + '-{tn}-n%d' % n, f(x[:n].clone()))
m = len(x) // 32 * 32
g = torch.linspace(-2, 3, m, dtype=x.dtype)
for a in {GRAD_ACTS!r}:
    v = x[:m].clone().requires_grad_()
    getattr(torch.nn.functional, a)(v).backward(g)
    show(a + 'grad-{tn}-c', v.grad)
show('powt-{tn}-c', torch.pow(x.abs(), y))
show('atan2-{tn}-c', torch.atan2(x, y))
out.write('mkl ' + str(torch.backends.mkl.is_available()) + '\\n')
out.close()
"""
    env = {**os.environ, "TK_VEC_BYTES": str(width)}
    r = subprocess.run([str(BUILD / "kernel" / "tk-python"), "-c", code], capture_output=True,
                       text=True, timeout=300, env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    got = {}
    for line in path.read_text().splitlines():
        key, _, hx = line.partition(" ")
        if key == "mkl":
            got[key] = hx == "True"
            continue
        got[key] = np.frombuffer(bytes.fromhex(hx), dtype=np.float32 if tn == "f32" else np.float64)
    return got


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("numerics")
    return {(tn, w): run_kernel(tn, w, tmp) for tn in ("f32", "f64") for w in WIDTHS}


def mismatches(want, got):
    assert want.shape == got.shape
    iv = np.uint32 if want.dtype == np.float32 else np.uint64
    differ = want.view(iv) != got.view(iv)
    return int(np.sum(differ & ~(np.isnan(want) & np.isnan(got))))


NAMES = list(UNARY) + ["pow%g" % p for p in POWS] + ["powt", "atan2"] + list(ACTS) + [
    a + "grad" for a in GRAD_ACTS]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("tn", ["f32", "f64"])
@pytest.mark.parametrize("name", NAMES)
def test_bits_match_torch(results, name, tn, width):
    got, want = results[tn, width], DATA[width]
    keys = sorted(k for k in want if k.startswith(f"{name}-{tn}-"))
    assert keys
    counts = {k: mismatches(want[k], got[k]) for k in keys}
    total = sum(counts.values())
    allowed = BUDGET_BY_WIDTH.get((name, tn, width),
                                  (BUDGET if got["mkl"] else BUDGET_NO_MKL).get((name, tn), 0))
    assert total <= allowed, (total, {k: c for k, c in counts.items() if c})
