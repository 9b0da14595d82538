"""Writes conv3d_torch.npz: real PyTorch's F.conv3d and F.conv_transpose3d, read by
tests/py/test_conv3d.py. Run with the oracle's python:
    ~/.cache/tk-oracle/bin/python tests/data/gen_conv3d.py

Per case (strides, paddings incl. 'same'/'valid' and asymmetric 'same', dilations, groups,
with and without bias, unbatched input, float32 and float64): the input x, weight w, bias b,
an output gradient go, and PyTorch's output y, its grad_fn's name and the gradients gx,
gw, gb. Then PyTorch's messages for bad calls."""
import json
import pathlib

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)
# (op, x shape, w shape, bias, kwargs, dtype)
CASES = [
    ("conv", (2, 3, 5, 6, 7), (4, 3, 3, 3, 3), True, {}, "float32"),
    ("conv", (2, 3, 7, 6, 8), (4, 3, 3, 2, 3), True, {"stride": (2, 1, 3), "padding": (1, 0, 2)}, "float32"),
    ("conv", (1, 4, 8, 7, 6), (6, 2, 2, 3, 1), False, {"dilation": (2, 1, 3), "groups": 2}, "float32"),
    ("conv", (2, 2, 5, 5, 5), (3, 2, 3, 3, 3), True, {"padding": "same"}, "float32"),
    ("conv", (2, 2, 6, 5, 7), (3, 2, 2, 4, 3), True, {"padding": "same", "dilation": (1, 1, 2)}, "float32"),
    ("conv", (2, 2, 4, 5, 6), (3, 2, 1, 2, 3), True, {"padding": "valid"}, "float32"),
    ("conv", (3, 5, 6, 7), (2, 3, 3, 3, 3), True, {"stride": 2, "padding": 1}, "float32"),
    ("conv", (2, 6, 6, 6, 6), (6, 1, 3, 3, 3), True, {"groups": 6, "padding": 2, "stride": (3, 2, 1)}, "float32"),
    ("conv", (2, 3, 5, 6, 7), (4, 3, 3, 3, 3), True, {"stride": 2, "padding": (2, 1, 0), "dilation": 2}, "float64"),
    ("convt", (2, 3, 4, 5, 3), (3, 2, 3, 3, 3), True, {}, "float32"),
    ("convt", (2, 3, 4, 5, 3), (3, 2, 3, 2, 3), True, {"stride": (2, 1, 3), "padding": (1, 0, 1),
                                                       "output_padding": (1, 0, 2)}, "float32"),
    ("convt", (1, 4, 3, 4, 5), (4, 3, 2, 3, 2), False, {"groups": 2, "dilation": (2, 1, 3)}, "float32"),
    ("convt", (4, 3, 4, 5), (4, 2, 3, 3, 3), True, {"stride": 2, "padding": 1, "output_padding": 1}, "float32"),
    ("convt", (2, 2, 3, 4, 3), (2, 3, 3, 2, 2), True, {"stride": 3, "padding": 2, "dilation": 2,
                                                       "output_padding": (2, 1, 0)}, "float32"),
    ("convt", (2, 3, 4, 5, 3), (3, 2, 3, 3, 3), True, {"stride": 2, "padding": (0, 1, 2)}, "float64"),
]
out = {"cases": json.dumps(CASES)}
for i, (op, xs, ws, bias, kw, dt) in enumerate(CASES):
    dtype = getattr(torch, dt)
    x = torch.randn(xs, dtype=dtype, requires_grad=True)
    w = torch.randn(ws, dtype=dtype, requires_grad=True)
    o = ws[0] if op == "conv" else ws[1] * kw.get("groups", 1)
    b = torch.randn(o, dtype=dtype, requires_grad=True) if bias else None
    f = F.conv3d if op == "conv" else F.conv_transpose3d
    y = f(x, w, b, **kw)
    go = torch.randn(y.shape, dtype=dtype)
    y.backward(go)
    out[f"{i}-fn"] = np.array(y.grad_fn.name())
    for name, t in (("x", x), ("w", w), ("go", go), ("y", y), ("gx", x.grad), ("gw", w.grad)):
        out[f"{i}-{name}"] = t.detach().numpy()
    if bias:
        out[f"{i}-b"] = b.detach().numpy()
        out[f"{i}-gb"] = b.grad.numpy()

CALLS = [
    "F.conv3d(x[0, 0], w)",
    "F.conv3d(torch.randn(2, 3, 5, 6, 7), w)",
    "F.conv3d(x, w, torch.randn(3))",
    "F.conv3d(x, w, stride=0)",
    "F.conv3d(x, w, padding=-1)",
    "F.conv3d(x, w, dilation=0)",
    "F.conv3d(x, w, groups=0)",
    "F.conv3d(x, w, groups=3)",
    "F.conv3d(x, w, groups=8)",
    "F.conv3d(x, w, stride=(1, 2))",
    "F.conv3d(x, w, padding=(1, 2))",
    "F.conv3d(x, w, padding='same', stride=2)",
    "F.conv3d(x, w, padding='foo')",
    "F.conv3d(torch.randn(2, 2, 2, 6, 7), w)",
    "F.conv3d(x, w.double())",
    "F.conv3d(x.double(), w)",
    "F.conv3d(x.double(), w.double(), torch.randn(4))",
    "F.conv3d(x, torch.randn(4, 2, 3, 3))",
    "F.conv3d(x, torch.randn(3, 2))",
    "F.conv3d(torch.randn(0, 2, 5, 6, 7), w)",
    "F.conv3d(x[0], w)",
    "F.conv_transpose3d(x, wt)",
    "F.conv_transpose3d(x, torch.randn(3, 3, 3, 3, 3))",
    "F.conv_transpose3d(x[0, 0], wt)",
    "F.conv_transpose3d(x, wt, output_padding=2)",
    "F.conv_transpose3d(x, wt, torch.randn(2))",
    "F.conv_transpose3d(x, wt, stride=(1, 2))",
    "F.conv_transpose3d(x, wt, groups=0)",
    "F.conv_transpose3d(x, wt, groups=4)",
    "F.conv_transpose3d(x, wt, stride=0)",
    "F.conv_transpose3d(x, wt, padding=-1)",
    "F.conv_transpose3d(x, wt, output_padding=-1)",
    "F.conv_transpose3d(x, wt, dilation=-1)",
    "F.conv_transpose3d(x, torch.randn(2, 3, 3, 3))",
    "F.conv_transpose3d(torch.randn(2, 2, 0, 6, 7), wt)",
    "F.conv_transpose3d(torch.randn(0, 2, 5, 6, 7), wt)",
    "F.conv_transpose3d(x.int(), wt.int())",
    "F.conv_transpose3d(x.double(), wt)",
    "F.conv_transpose3d(x.double(), wt.double(), dilation=0)",
    "F.conv_transpose3d(x.double(), wt.double(), padding=5)",
    "F.conv_transpose3d(x.double(), torch.randn(2, 3, 0, 3, 3).double())",
    "F.conv_transpose3d(x, wt, stride=2, output_padding=(1, 2, 0))",
    "F.conv_transpose3d(x, wt.double())",
    "F.conv_transpose3d(x.double(), wt.double(), torch.randn(3))",
    "F.conv_transpose3d(x[1], wt, stride=2, output_padding=1)",
    "nn.Conv3d(3, 4, 2, padding='same', stride=2)",
    "nn.Conv3d(3, 4, 2, groups=2)",
    "nn.ConvTranspose3d(3, 4, 2, padding_mode='reflect')",
    "nn.ConvTranspose3d(2, 4, 2)(x, output_size=(1, 2))",
    "nn.ConvTranspose3d(2, 4, 2, stride=2)(x, output_size=(11, 12, 20))",
    "nn.ConvTranspose3d(2, 4, 2, stride=2)(x, output_size=(11, 13, 15))",
    "torch.conv3d(x, w, None, 2, 1)",
    "torch.conv_transpose3d(x, wt, None, 2, 1, 1)",
]
env = {"torch": torch, "F": F, "nn": torch.nn, "x": torch.randn(2, 2, 5, 6, 7),
       "w": torch.randn(4, 2, 3, 3, 3), "wt": torch.randn(2, 3, 3, 3, 3)}
errors = []
for call in CALLS:
    try:
        r = eval(call, env)
        errors.append("OK %s" % list(r.shape))
    except Exception as e:
        errors.append("%s: %s" % (type(e).__name__, e))
out["calls"] = np.array(CALLS)
out["errors"] = np.array(errors)
np.savez_compressed(pathlib.Path(__file__).with_name("conv3d_torch.npz"), **out)
