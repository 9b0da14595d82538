"""F.grid_sample and F.affine_grid (the spatial transformer tutorial's pair) against real
PyTorch 2.15: tests/data/grid_sample_torch.npz, written by tests/data/gen_grid_sample.py with
the oracle's torch, holds inputs, grids, output gradients and PyTorch's outputs and gradients
for every mode x padding mode x align_corners, 4-D and 5-D, and PyTorch's messages.

Outputs match PyTorch bit for bit (the 2-D sampler is native, gridsample.c, with ATen's fused
multiply-adds; the 5-D one is composed in ATen's scalar order), and so does the input's
gradient of the 2-D sampler, for grids of any layout; the other gradients agree to a few ulps."""
import json
import pathlib

import numpy as np
import pytest

from tk_script import run_tk, tensor_src

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = np.load(ROOT / "tests" / "data" / "grid_sample_torch.npz")
CASES = [tuple(c) for c in json.loads(str(DATA["cases"]))]


def hx_lines(exprs):
    return [f"print(json.dumps([{', '.join(exprs)}]))"]


PRELUDE = ["import json, torch, numpy as np", "import torch.nn.functional as F",
           "def hx(v):", "    return v.detach().to(torch.float64).numpy().tobytes().hex()"]


LAYOUTS = {   # the memory layouts gen_grid_sample.py gives x and g (same values)
    "contiguous": "xu, gu = x, g",
    "permuted": "gu = g.permute(0, 3, 1, 2).contiguous().permute(0, 2, 3, 1); "
                "xu = x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2)",
    "strided": "gu, xu = g[:, :, ::2], x.transpose(2, 3).contiguous().transpose(2, 3)",
}


def exact(d, mode, name):
    """Where the bits are PyTorch's: every output, and the input's gradient of the 2-D sampler
    (added in ATen's order); the 3-D sampler's gradients and the grid's are sums in another
    order (or fused otherwise)."""
    if mode == "nearest":
        return True
    return name == "y" or (d == 2 and name == "gx")


def test_values_and_gradients_match_torch():
    src = list(PRELUDE)
    for i, (dtype, d, mode, pad, ac, layout, _) in enumerate(CASES):
        src += [f"x = {tensor_src(DATA[f'{i}-x'])}.requires_grad_()", f"g = {tensor_src(DATA[f'{i}-g'])}.requires_grad_()",
                LAYOUTS[layout],
                f"y = F.grid_sample(xu, gu, mode={mode!r}, padding_mode={pad!r}, align_corners={ac})",
                f"y.backward({tensor_src(DATA[f'{i}-go'])})",
                "print(json.dumps([y.grad_fn.name(), str(y.dtype), hx(y), hx(x.grad), hx(g.grad)]))"]
    out, _ = run_tk("\n".join(src) + "\n")
    lines = out.splitlines()
    assert len(lines) == len(CASES)
    for i, (case, line) in enumerate(zip(CASES, lines)):
        dtype, d, mode, pad, ac, layout, _ = case
        fn, dt, *vals = json.loads(line)
        assert fn == f"GridSampler{d}DBackward0" and dt == f"torch.{dtype}", case
        for name, h in zip(("y", "gx", "gg"), vals):
            want = DATA[f"{i}-{name}"].astype(np.float64)
            got = np.frombuffer(bytes.fromhex(h), dtype=np.float64).reshape(want.shape)
            if exact(d, mode, name):
                np.testing.assert_array_equal(got, want, err_msg=f"{name} of {case}")
            else:
                tol = 3e-5 if dtype == "float32" else 1e-12
                np.testing.assert_allclose(got, want, rtol=tol, atol=tol, err_msg=f"{name} of {case}")


def test_affine_grid_matches_torch():
    src = list(PRELUDE) + [f"t2 = {tensor_src(DATA['theta2'])}", f"t3 = {tensor_src(DATA['theta3'])}"]
    for ac in (False, True):
        src += hx_lines([f"hx(F.affine_grid(t2, (3, 1, 4, 5), align_corners={ac}))",
                         f"hx(F.affine_grid(t3, (2, 1, 2, 3, 4), align_corners={ac}))",
                         f"hx(F.affine_grid(t2, (3, 1, 1, 5), align_corners={ac}))"])
    src += ["t = t2.clone().requires_grad_()", "G = F.affine_grid(t, (3, 1, 4, 5), align_corners=False)",
            "G.backward(torch.arange(G.numel(), dtype=G.dtype).reshape(G.shape) / 7)",
            "print(G.grad_fn.name(), hx(t.grad))"]
    out, err = run_tk("\n".join(src) + "\n")
    lines = out.splitlines()
    for k, ac in enumerate((False, True)):
        for h, name in zip(json.loads(lines[k]), ("affine2", "affine3", "affine2-unit")):
            want = DATA[f"{name}-{ac}"].astype(np.float64)
            got = np.frombuffer(bytes.fromhex(h), dtype=np.float64).reshape(want.shape)
            np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6, err_msg=f"{name} {ac}")
    fn, h = lines[2].split()
    assert fn == str(DATA["affine-grad-fn"])
    want = DATA["affine-grad"].astype(np.float64)
    got = np.frombuffer(bytes.fromhex(h), dtype=np.float64).reshape(want.shape)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    assert "affine_grid behavior has changed for unit-size grids" in err


def test_errors_match_torch():
    src = ["import torch", "import torch.nn.functional as F",
           "x, g = torch.randn(2, 3, 4, 5), torch.rand(2, 3, 3, 2) * 2 - 1"]
    for call in DATA["calls"]:
        src += ["try:", f"    r = {call}", "    print('OK %s' % list(r.shape))",
                "except Exception as e:", "    print('%s: %s' % (type(e).__name__, e))"]
    out, _ = run_tk("\n".join(src) + "\n")
    assert out.splitlines() == [str(e) for e in DATA["errors"]]
