"""conv_transpose1d/2d (F.conv_transpose*, torch.conv_transpose*, nn.ConvTranspose*) against
real PyTorch 2.15: tests/data/conv_transpose_torch.npz, written by
tests/data/gen_conv_transpose.py with the oracle's torch, holds the inputs, PyTorch's float64
outputs and gradients of x, w and b, and PyTorch's messages for bad calls.

float32 results depend on the order of the sums (the direct kernels run the transposed
convolution as one unit-stride convolution per stride phase; the products elsewhere), so
they are checked with tolerances as in test_conv_grad.py; float64 closely. A few cases run
again with TK_CONV_ISA=avx2 (the AVX2 kernels on an AVX-512 CPU) and none (the products)."""
import json
import os
import pathlib
import subprocess
import tempfile

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()
DATA = np.load(ROOT / "tests" / "data" / "conv_transpose_torch.npz")
CASES = [tuple(tuple(v) if isinstance(v, list) else v for v in c) for c in json.loads(str(DATA["cases"]))]
ERRORS = [str(c) for c in DATA["calls"]]
EXPRS = [str(c) for c in DATA["exprs"]]


def run_tk(src, env=None):
    with tempfile.NamedTemporaryFile("w", suffix=".py") as f:
        f.write(src)
        f.flush()
        env = dict(os.environ, **env) if env else None
        p = subprocess.run([str(BUILD / "kernel" / "tk-python"), f.name], capture_output=True,
                           text=True, timeout=600, env=env)
    assert p.returncode == 0, p.stderr[-3000:]
    return p.stdout


def hexof(a):
    return np.ascontiguousarray(a, dtype=np.float32).tobytes().hex()


def cases_src(indices, dtype, path):
    """A script that runs the cases in dtype and writes to path, per case, a JSON line of its
    output's shape, grad_fn and the hex bytes of y, gx, gw, gb (as float64)."""
    lines = ["import json, torch, numpy as np", "import torch.nn.functional as F",
             f"out = open({str(path)!r}, 'w')",
             "def t(h, shape):",
             "    a = np.frombuffer(bytes.fromhex(h), dtype=np.float32).reshape(shape).copy()",
             f"    return torch.from_numpy(a).to(torch.{dtype}).requires_grad_()",
             "def hx(v):",
             "    return v.detach().to(torch.float64).numpy().tobytes().hex() if v is not None else ''"]
    for i in indices:
        nd, N, C, sp, O, k, s, p, op, d, groups, bias = CASES[i]
        x, w, b, g = (DATA[f"{i}-{n}"] for n in "xwbg")
        f = "F.conv_transpose1d" if nd == 1 else "F.conv_transpose2d"
        lines += [f"x = t('{hexof(x)}', {list(x.shape)})", f"w = t('{hexof(w)}', {list(w.shape)})",
                  f"b = t('{hexof(b)}', {list(b.shape)})", f"g = t('{hexof(g)}', {list(g.shape)}).detach()",
                  f"y = {f}(x, w, {'b' if bias else 'None'}, stride={s!r}, padding={p!r}, "
                  f"output_padding={op!r}, groups={groups}, dilation={d!r})",
                  "y.backward(g)",
                  "out.write(json.dumps([list(y.shape), y.grad_fn.name(), hx(y), hx(x.grad), hx(w.grad), "
                  "hx(b.grad)]) + '\\n')"]
    return "\n".join(lines + ["out.close()"]) + "\n"


def check(indices, dtype, env=None):
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "results.txt"
        run_tk(cases_src(indices, dtype, path), env)
        out = path.read_text().splitlines()
    assert len(out) == len(indices)
    tol = dict(rtol=1e-4, atol=1e-4) if dtype == "float32" else dict(rtol=1e-10, atol=1e-10)
    for i, line in zip(indices, out):
        shape, fn, *vals = json.loads(line)
        assert fn == "ConvolutionBackward0"
        assert shape == list(DATA[f"{i}-y"].shape), (i, CASES[i])
        for name, h in zip(("y", "gx", "gw", "gb"), vals):
            want = DATA[f"{i}-{name}"]
            if name == "gb" and not CASES[i][-1]:
                assert h == "", (i, "a bias gradient without a bias")
                continue
            got = np.frombuffer(bytes.fromhex(h), dtype=np.float64).reshape(want.shape)
            # weight gradients sum over the batch and the plane: larger magnitudes
            t = dict(tol, atol=tol["atol"] * 10) if name == "gw" else tol
            np.testing.assert_allclose(got, want, **t, err_msg=f"{name} of case {i} {CASES[i]}")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_values_and_gradients_match_torch(dtype):
    check(list(range(len(CASES))), dtype)


@pytest.mark.parametrize("isa", ["avx2", "none"])
def test_other_kernels_match_torch(isa):
    """The AVX2 kernels and the products (im2col, col2im) on the cases that reach them most."""
    check([0, 1, 3, 4, 6, 7, 9, 12, 13, 18], "float32", {"TK_CONV_ISA": isa})


def test_errors_match_torch():
    src = ["import torch, torch.nn as nn", "import torch.nn.functional as F"]
    for call in ERRORS:
        src += ["try:",
                f"    r = {call}",
                "    print('OK %s' % (list(r.shape) if hasattr(r, 'shape') else type(r).__name__))",
                "except Exception as e:",
                "    print('%s: %s' % (type(e).__name__, e))"]
    got = run_tk("\n".join(src) + "\n").splitlines()
    want = list(DATA["errors"])
    assert len(got) == len(want)
    for s, g, w in zip(ERRORS, got, want):
        assert g == w, s


def test_modules_output_size_unbatched_and_torch_forms():
    """nn.ConvTranspose*'s output_size= (absolute and with the leading dims), unbatched input,
    torch.conv_transpose* positional forms, no grad: against the same call's other forms."""
    out = run_tk("""
import torch, torch.nn as nn, torch.nn.functional as F
torch.manual_seed(0)
m = nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1)
x = torch.randn(2, 4, 5, 6)
a = m(x, output_size=[10, 12])
b = F.conv_transpose2d(x, m.weight, m.bias, 2, 1, (1, 1))
print(list(a.shape), torch.equal(a, b), list(m(x, output_size=(2, 3, 9, 11)).shape))
print(torch.equal(m(x[0]), m(x)[0]), list(m(x[0], output_size=[10, 11]).shape))
c = torch.conv_transpose2d(x, m.weight, m.bias, 2, 1, 1)
print(torch.equal(c, b), c.grad_fn.name())
m1 = nn.ConvTranspose1d(4, 2, 4, stride=3, dilation=2, groups=2)
x1 = torch.randn(3, 4, 7)
print(list(m1(x1, output_size=[25]).shape), torch.equal(m1(x1[1]), m1(x1)[1]))
print(torch.equal(torch.conv_transpose1d(x1, m1.weight, m1.bias, 3, 0, 0, 2, 2), m1(x1)))
with torch.no_grad():
    print(m(x).grad_fn, m(x).requires_grad)
print(m)
print(m1)
""")
    assert out.splitlines() == [
        "[2, 3, 10, 12] True [2, 3, 9, 11]",
        "True [3, 10, 11]",
        "True ConvolutionBackward0",
        "[3, 2, 25] True",
        "True",
        "None False",
        "ConvTranspose2d(4, 3, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))",
        "ConvTranspose1d(4, 2, kernel_size=(4,), stride=(3,), dilation=(2,), groups=2)",
    ]


def test_other_dtypes_and_forms_match_torch():
    """int64 (exact), float16 and bfloat16 (the products in the element type), a float64 bias
    with float32 input, unbatched, empty and the torch.conv_transpose* positional forms."""
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "exprs.txt"
        src = ["import json, torch", "import torch.nn.functional as F", f"out = open({str(path)!r}, 'w')"]
        for e in EXPRS:
            src.append(f"r = {e}")
            src.append("out.write(json.dumps([str(r.dtype), list(r.shape), "
                       "r.double().flatten().tolist()]) + '\\n')")
        run_tk("\n".join(src + ["out.close()"]) + "\n")
        lines = path.read_text().splitlines()
    assert len(lines) == len(EXPRS)
    for j, (e, line) in enumerate(zip(EXPRS, lines)):
        dtype, shape, vals = json.loads(line)
        want = DATA[f"expr{j}"]
        assert dtype == str(DATA[f"expr{j}-dtype"]), e
        assert shape == list(want.shape), e
        got = np.array(vals, dtype=np.float64).reshape(want.shape)
        tol = {"torch.int64": 0, "torch.float16": 1e-2, "torch.bfloat16": 2e-2}.get(dtype, 1e-5)
        np.testing.assert_allclose(got, want, rtol=tol, atol=tol, err_msg=e)
