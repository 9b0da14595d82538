"""F.conv3d, F.conv_transpose3d and their modules against real PyTorch 2.15:
tests/data/conv3d_torch.npz, written by tests/data/gen_conv3d.py with the oracle's torch, holds
inputs, weights, biases, output gradients and PyTorch's outputs and gradients for strides,
paddings ('same' with uneven sides too), dilations, groups and unbatched inputs, and
PyTorch's messages for bad calls.

PyTorch's CPU convolutions run on oneDNN, which adds in another order: the values agree to
float tolerance, not bits."""
import json
import pathlib

import numpy as np

from tk_script import run_tk, tensor_src

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = np.load(ROOT / "tests" / "data" / "conv3d_torch.npz")
CASES = json.loads(str(DATA["cases"]))


PRELUDE = ["import json, torch, numpy as np", "import torch.nn.functional as F",
           "def hx(v):", "    return v.detach().to(torch.float64).numpy().tobytes().hex()"]


def test_values_and_gradients_match_torch():
    src = list(PRELUDE)
    for i, (op, _, _, bias, kw, _) in enumerate(CASES):
        fn = "F.conv3d" if op == "conv" else "F.conv_transpose3d"
        b = f"{tensor_src(DATA[f'{i}-b'])}.requires_grad_()" if bias else "None"
        src += [f"x = {tensor_src(DATA[f'{i}-x'])}.requires_grad_()",
                f"w = {tensor_src(DATA[f'{i}-w'])}.requires_grad_()", f"b = {b}",
                f"y = {fn}(x, w, b, **{kw!r})", f"y.backward({tensor_src(DATA[f'{i}-go'])})",
                "print(json.dumps([y.grad_fn.name(), str(y.dtype), list(y.shape), y.is_contiguous(), "
                "hx(y), hx(x.grad), hx(w.grad), hx(b.grad) if b is not None else None]))"]
    out, _ = run_tk("\n".join(src) + "\n")
    lines = out.splitlines()
    assert len(lines) == len(CASES)
    for i, (case, line) in enumerate(zip(CASES, lines)):
        dtype = case[-1]
        fn, dt, shape, contiguous, *vals = json.loads(line)
        assert fn == str(DATA[f"{i}-fn"]) and dt == f"torch.{dtype}", case
        assert shape == list(DATA[f"{i}-y"].shape) and contiguous, case
        for name, h in zip(("y", "gx", "gw", "gb"), vals):
            if h is None:
                assert not case[3]
                continue
            want = DATA[f"{i}-{name}"].astype(np.float64)
            got = np.frombuffer(bytes.fromhex(h), dtype=np.float64).reshape(want.shape)
            tol = 1e-5 if dtype == "float32" else 1e-12
            np.testing.assert_allclose(got, want, rtol=tol, atol=tol, err_msg=f"{name} of {case}")


def test_errors_match_torch():
    src = ["import torch", "import torch.nn as nn", "import torch.nn.functional as F",
           "x, w, wt = torch.randn(2, 2, 5, 6, 7), torch.randn(4, 2, 3, 3, 3), torch.randn(2, 3, 3, 3, 3)"]
    for call in DATA["calls"]:
        src += ["try:", f"    r = {call}", "    print('OK %s' % list(r.shape))",
                "except Exception as e:", "    print('%s: %s' % (type(e).__name__, e))"]
    out, _ = run_tk("\n".join(src) + "\n")
    assert out.splitlines() == [str(e) for e in DATA["errors"]]


def test_modules_match_the_functional_forms():
    """Conv3d's padding modes pad as F.pad does, then convolve without padding; ConvTranspose3d
    with output_size picks the output_padding; both train (the weights get gradients)."""
    src = ["import torch", "import torch.nn as nn", "import torch.nn.functional as F",
           "torch.manual_seed(0)", "x = torch.randn(2, 4, 5, 6, 7)"]
    for mode in ("zeros", "reflect", "replicate", "circular"):
        src += [f"m = nn.Conv3d(4, 6, (3, 2, 3), padding=(1, 1, 2), groups=2, padding_mode={mode!r})",
                "y = m(x)",
                f"p = F.pad(x, (2, 2, 1, 1, 1, 1), mode={mode!r}) if {mode!r} != 'zeros' else F.pad(x, (2, 2, 1, 1, 1, 1))",
                "r = F.conv3d(p, m.weight, m.bias, groups=2)",
                "y.sum().backward()",
                "print(list(y.shape), torch.allclose(y, r, atol=1e-5), m.weight.grad.shape == m.weight.shape)"]
    src += ["m = nn.ConvTranspose3d(4, 3, 3, stride=2, padding=1)",
            "y = m(x, output_size=(10, 12, 14))",
            "r = F.conv_transpose3d(x, m.weight, m.bias, 2, 1, 1)",
            "print(list(y.shape), torch.equal(y, r))",
            "print(list(nn.Conv3d(4, 2, 3)(x[0]).shape), list(nn.ConvTranspose3d(4, 2, 3)(x[0]).shape))",
            "print(nn.Conv3d(16, 32, (3, 1, 2), padding='same', dilation=2, groups=4, bias=False, padding_mode='reflect'))",
            "print(nn.ConvTranspose3d(16, 32, 3, stride=2, padding=1, output_padding=1, groups=2, dilation=2, bias=False))",
            "print(nn.Conv3d(2, 4, 3).weight.shape, nn.ConvTranspose3d(2, 4, 3, groups=2).weight.shape)"]
    out, _ = run_tk("\n".join(src) + "\n")
    lines = out.splitlines()
    for line in lines[:4]:
        assert line == "[2, 6, 5, 7, 9] True True", lines
    assert lines[4] == "[2, 3, 10, 12, 14] True"
    assert lines[5] == "[2, 3, 4, 5] [2, 7, 8, 9]"
    assert lines[6] == ("Conv3d(16, 32, kernel_size=(3, 1, 2), stride=(1, 1, 1), padding=same, "
                        "dilation=(2, 2, 2), groups=4, bias=False, padding_mode=reflect)")
    assert lines[7] == ("ConvTranspose3d(16, 32, kernel_size=(3, 3, 3), stride=(2, 2, 2), "
                        "padding=(1, 1, 1), dilation=(2, 2, 2), output_padding=(1, 1, 1), "
                        "groups=2, bias=False)")
    assert lines[8] == "torch.Size([4, 2, 3, 3, 3]) torch.Size([2, 2, 3, 3, 3])"


def test_cuda_tensors_stay_on_the_device():
    """On the emulated CUDA device the composed forms keep every tensor there and give the
    CPU's values."""
    src = "\n".join([
        "import torch, torch.nn as nn",
        "torch.manual_seed(0)",
        "x = torch.randn(2, 4, 5, 6, 7)",
        "for m in (nn.Conv3d(4, 6, 3, padding=1, groups=2, padding_mode='reflect'),",
        "          nn.ConvTranspose3d(4, 6, 3, stride=2, padding=1, groups=2)):",
        "    y = m(x)",
        "    m = m.to('cuda')",
        "    xc = x.to('cuda').requires_grad_()",
        "    yc = m(xc)",
        "    yc.sum().backward()",
        "    print(yc.device, torch.allclose(yc.cpu(), y, atol=1e-5), xc.grad.device, m.weight.grad.device)"])
    out, _ = run_tk(src + "\n", env={"TENSORKERNEL_EMULATE_CUDA": "1"})
    assert out.splitlines() == ["cuda:0 True cuda:0 cuda:0"] * 2


def test_uneven_same_padding_warns_once():
    """PyTorch's TORCH_WARN_ONCE for padding='same' that pads one more after than before."""
    _, err = run_tk("import torch, torch.nn.functional as F\n"
                    "F.conv3d(torch.ones(1, 1, 4, 4, 4), torch.ones(1, 1, 3, 3, 3), padding='same')\n"
                    "F.conv3d(torch.ones(1, 1, 4, 4, 4), torch.ones(1, 1, 2, 3, 3), padding='same')\n"
                    "F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 2, 2), padding='same')\n")
    assert err.count("Using padding='same' with even kernel lengths and odd dilation") == 1
