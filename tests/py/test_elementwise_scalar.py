"""Elementwise ops with Python-number arguments and the pointwise losses, bit for bit against
real PyTorch 2.15: the expected bits are tests/data/elementwise_scalar_torch.npz, written by
tests/data/gen_elementwise_scalar.py with the oracle's torch. The cases are the generator's
own table (CASES and its helpers, read from its source), so both sides run the same code:
x ** e for the exponents PyTorch computes without pow() (0 and 1 are a fill and a copy) and
PowBackward0 (zeros for e = 0), pow_, torch.pow(number, tensor), clamp/clamp_, where with a
number operand, lerp (PyTorch's fused multiply-adds; LerpBackward0/1), mse_loss and
binary_cross_entropy_with_logits and binary_cross_entropy (MseLossBackward0,
BinaryCrossEntropyWithLogitsBackward0, BinaryCrossEntropyBackward0:
reductions, weights, broadcast targets, both operands' gradients, create_graph)."""
import ast
import os
import pathlib
import subprocess

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()
with np.load(ROOT / "tests" / "data" / "elementwise_scalar_torch.npz") as _f:
    DATA = dict(_f)
GEN = (ROOT / "tests" / "data" / "gen_elementwise_scalar.py").read_text()
_TREE = ast.parse(GEN)
HELPERS = "\n\n".join(ast.get_source_segment(GEN, n) for n in _TREE.body
                      if isinstance(n, ast.FunctionDef) and n.name in ("grads", "grad2", "inplace", "bce_logits_large"))
_TABLE = next(n for n in _TREE.body
              if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", None) == "CASES")
CASES_SRC = ast.get_source_segment(GEN, _TABLE)
NAMES = [k.value for k in _TABLE.value.keys]


def run_kernel(tn, tmp):
    dt = "np.float32" if tn == "f32" else "np.float64"
    path = tmp / f"elem-{tn}.txt"
    arrays = "\n".join(f"{k} = torch.from_numpy(np.frombuffer(bytes.fromhex('{DATA[f'{k}-{tn}'].tobytes().hex()}'), "
                       f"dtype={dt}).copy())" for k in "xypg")
    code = f"""
import torch
import numpy as np
import torch.nn.functional as F
import warnings
warnings.simplefilter('ignore')
{arrays}
{HELPERS}

{CASES_SRC}
out = open({str(path)!r}, 'w')
for name, f in CASES.items():
    for i, r in enumerate(f(x, y, p, g)):
        key = name + '-{tn}-%d' % i
        if isinstance(r, str):
            out.write(key + ' s ' + r + '\\n')
        else:
            r = r.detach()
            out.write(key + ' t ' + str(r.dtype) + ' ' + ','.join(str(d) for d in r.shape) + ' ' +
                      r.contiguous().numpy().tobytes().hex() + '\\n')
out.close()
"""
    r = subprocess.run([str(BUILD / "kernel" / "tk-python"), "-c", code], capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    got = {}
    for line in path.read_text().splitlines():
        key, kind, rest = line.split(" ", 2)
        if kind == "s":
            got[key] = rest
            continue
        dtype, shape, hx = (rest.split(" ") + [""])[:3]
        npdt = {"torch.float32": np.float32, "torch.float64": np.float64}[dtype]
        shp = tuple(int(d) for d in shape.split(",")) if shape else ()
        got[key] = np.frombuffer(bytes.fromhex(hx), dtype=npdt).reshape(shp)
    return got


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("elementwise_scalar")
    return {tn: run_kernel(tn, tmp) for tn in ("f32", "f64")}


def mismatches(want, got):
    if want.dtype.kind == "U":
        return [] if str(want) == got else [(str(want), got)]
    if want.shape != got.shape or want.dtype != got.dtype:
        return [("shape/dtype", want.shape, want.dtype, got.shape, got.dtype)]
    iv = np.uint32 if want.dtype == np.float32 else np.uint64
    differ = want.view(iv) != got.view(iv)
    return np.flatnonzero(differ & ~(np.isnan(want) & np.isnan(got)))[:5].tolist()


@pytest.mark.parametrize("tn", ["f32", "f64"])
@pytest.mark.parametrize("name", NAMES)
def test_bits_match_torch(results, name, tn):
    got = results[tn]
    keys = sorted(k for k in DATA if k.startswith(f"{name}-{tn}-"))
    assert keys
    assert set(keys) == {k for k in got if k.startswith(f"{name}-{tn}-")}
    bad = {k: mismatches(DATA[k], got[k]) for k in keys}
    assert not any(bad.values()), {k: v for k, v in bad.items() if v}


def test_errors_match_torch():
    """PyTorch's messages for a bad reduction, mismatched sizes and a bad exponent base."""
    code = """
import torch
import torch.nn.functional as F
x = torch.randn(3, 4)
for f in (lambda: F.mse_loss(x, x, reduction='avg'),
          lambda: F.binary_cross_entropy_with_logits(x, x[:1]),
          lambda: F.binary_cross_entropy_with_logits(x, x, reduction='avg'),
          lambda: F.mse_loss(x, x, weight=torch.ones(4)),
          lambda: torch.lerp(x, x.double(), 0.5),
          lambda: torch.lerp(torch.arange(3), torch.arange(3), 0.5),
          lambda: torch.arange(3).pow_(-1),
          lambda: x.clamp_(),
          lambda: F.binary_cross_entropy(x.sigmoid(), x[:1].sigmoid()),
          lambda: F.binary_cross_entropy(x, x.sigmoid()),
          lambda: F.binary_cross_entropy(x.sigmoid(), x.sigmoid(), reduction='avg'),
          lambda: torch.randn(3, requires_grad=True).clamp_(0, 1)):
    try:
        f()
        print('no error')
    except Exception as e:
        print(type(e).__name__, e)
"""
    r = subprocess.run([str(BUILD / "kernel" / "tk-python"), "-c", code], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.splitlines() == EXPECTED_ERRORS


# what the oracle's torch prints for test_errors_match_torch's calls
EXPECTED_ERRORS = [
    'ValueError avg is not a valid value for reduction',
    'ValueError Target size (torch.Size([1, 4])) must be the same as input size (torch.Size([3, 4]))',
    'ValueError avg is not a valid value for reduction',
    'ValueError Weights and input must have the same size.',
    'RuntimeError expected dtype float for `end` but got dtype double',
    'NotImplementedError "lerp_kernel_scalar" not implemented for \'Long\'',
    'RuntimeError Integers to negative integer powers are not allowed.',
    "RuntimeError torch.clamp: At least one of 'min' or 'max' must not be None",
    'ValueError Using a target size (torch.Size([1, 4])) that is different to the input size (torch.Size([3, 4])) is deprecated. Please ensure they have the same size.',
    'RuntimeError all elements of input should be between 0 and 1',
    'ValueError avg is not a valid value for reduction',
    'RuntimeError a leaf Variable that requires grad is being used in an in-place operation.',
]
