"""The piecewise activations of torch.nn.functional (leaky_relu with several slopes and in
place, hardtanh and relu6, hardsigmoid, hardswish, threshold, relu), float64 gelu (SLEEF's erf), gelu
with the tanh approximation (SLEEF's tanh in the vectorised lanes, the C library's in the scalar loop)
and the gradients of those and of tanh and sigmoid, bit for bit against real PyTorch 2.15: the expected bits are
tests/data/numerics_act_torch.npz, written by tests/data/gen_numerics_act.py with the oracle's
torch. The sample starts with the values at the functions' boundaries (-3, 3, the bounds,
signed zeros, their neighbours, NaN, infinities), and the gradient's weights hold an infinity
and a NaN. Each function runs contiguous, strided and on small prefixes (all scalar tail);
each gradient contiguous (PyTorch's vectorised form throughout) and strided (its scalar
loop's; gelu's contiguous only), in both vector layouts (TK_VEC_BYTES): a prefix's bits for the
AVX-512 layout are under its key + "@64" where they differ from the AVX2 layout's."""
import ast
import os
import pathlib
import subprocess

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()
with np.load(ROOT / "tests" / "data" / "numerics_act_torch.npz") as _f:
    DATA = dict(_f)
SIZES = (1, 7, 8, 9, 15, 16, 17, 31, 33, 100)
# the functions are the generator's own table, read from its source: both sides run the same
GEN = (ROOT / "tests" / "data" / "gen_numerics_act.py").read_text()
_TABLE = next(n.value for n in ast.parse(GEN).body
              if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", None) == "FNS")
FNS = ast.get_source_segment(GEN, _TABLE)
NAMES = [k.value for k in _TABLE.keys]
F64_ONLY = ("gelu",)  # float32 gelu is oneDNN's in PyTorch


def run_kernel(tn, width, tmp):
    dt = "np.float32" if tn == "f32" else "np.float64"
    path = tmp / f"act-{tn}-{width}.txt"
    x = DATA[f"x-{tn}"].tobytes().hex()
    code = f"""
import torch
import numpy as np
import torch.nn.functional as F
x = np.frombuffer(bytes.fromhex('{x}'), dtype={dt}).copy()
t = torch.from_numpy(x.copy())
ts = torch.from_numpy(x.repeat(2))[::2]
n = len(x)
g = torch.linspace(-2, 3, n, dtype=t.dtype)
g[5], g[9], g[40] = float('inf'), float('nan'), -float('inf')
out = open({str(path)!r}, 'w')
def show(key, v):
    out.write(key + ' ' + v.detach().numpy().tobytes().hex() + '\\n')
for name, f in {FNS}.items():
    if name in {F64_ONLY!r} and '{tn}' != 'f64':
        continue
    if name not in ('tanh', 'sigmoid'):
        show(name + '-{tn}-c', f(t.clone()))
        show(name + '-{tn}-s', f(ts))
        for k in {SIZES!r}:
            show(name + '-{tn}-n%d' % k, f(t[:k].clone()))
    for key, step in (('c', 1), ('s', 2))[: 1 if name in {F64_ONLY!r} else 2]:
        leaf = torch.from_numpy(x.repeat(step)).requires_grad_()
        f(leaf[::step]).backward(g)
        show(name + 'grad-{tn}-' + key, leaf.grad[::step])
out.close()
"""
    env = {**os.environ, "TK_VEC_BYTES": str(width)}
    r = subprocess.run([str(BUILD / "kernel" / "tk-python"), "-c", code], capture_output=True,
                       text=True, timeout=300, env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    got = {}
    for line in path.read_text().splitlines():
        key, _, hx = line.partition(" ")
        got[key] = np.frombuffer(bytes.fromhex(hx), dtype=np.float32 if tn == "f32" else np.float64)
    return got


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("numerics_act")
    return {(tn, w): run_kernel(tn, w, tmp) for tn in ("f32", "f64") for w in (32, 64)}


def mismatches(want, got):
    assert want.shape == got.shape
    iv = np.uint32 if want.dtype == np.float32 else np.uint64
    differ = want.view(iv) != got.view(iv)
    return np.flatnonzero(differ & ~(np.isnan(want) & np.isnan(got)))


@pytest.mark.parametrize("width", (32, 64))
@pytest.mark.parametrize("tn", ["f32", "f64"])
@pytest.mark.parametrize("name", [n for n in NAMES if n not in ("tanh", "sigmoid")] +
                         [n + "grad" for n in NAMES])
def test_bits_match_torch(results, name, tn, width):
    if name.removesuffix("grad") in F64_ONLY and tn != "f64":
        pytest.skip("float64 only")
    got = results[tn, width]
    keys = sorted(k for k in DATA if k.startswith(f"{name}-{tn}-") and "@" not in k)
    assert keys
    bad = {k: mismatches(DATA.get(f"{k}@{width}", DATA[k]), got[k])[:5].tolist() for k in keys}
    assert not any(bad.values()), {k: v for k, v in bad.items() if v}
