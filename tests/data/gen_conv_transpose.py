"""Writes conv_transpose_torch.npz: real PyTorch's conv_transpose1d/2d, read by
tests/py/test_conv_transpose.py. Run with the oracle's python:
    ~/.cache/tk-oracle/bin/python tests/data/gen_conv_transpose.py

Per case (CASES: shapes that reach every path: stride phases with no taps, padding past the
kernel, output_padding below the dilation only, groups, depthwise, 1-D): float32 values x, w,
b and an output gradient g, and PyTorch's float64 output and gradients of x, w and b. The
test runs float32 and float64 in tensorkernel against these. ERRORS: calls with bad shapes
or arguments and PyTorch's exception type and message for each. EXPRS: other dtypes (int64,
float16, bfloat16, a float64 bias) and forms (unbatched, empty, torch.conv_transpose*): each
value, dtype and shape. The cases (as JSON), calls and expressions are stored too."""
import json
import pathlib

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)

# (nd, N, Cin, spatial, Cout, kernel, stride, padding, output_padding, dilation, groups, bias)
CASES = [
    (2, 3, 4, (5, 5), 6, (3, 3), 2, 1, 1, 1, 1, True),            # the common upsampling layer
    (2, 1, 16, (14, 14), 8, (3, 3), 2, 1, 1, 1, 1, True),         # the same, 28x28 out: blocks of channels
    (2, 2, 8, (7, 6), 5, (3, 3), 1, 1, 0, 1, 1, True),            # stride 1: one phase
    (2, 2, 8, (6, 7), 6, (4, 4), 2, 1, 0, 1, 1, False),           # DCGAN's k4 s2 p1
    (2, 2, 10, (1, 1), 16, (4, 4), 1, 0, 0, 1, 1, False),         # DCGAN's first layer, 1x1 input
    (2, 2, 20, (7, 7), 20, (4, 4), 2, 1, 0, 1, 1, True),          # partial blocks of channels
    (2, 2, 8, (5, 6), 8, (3, 3), 2, 1, 1, 1, 4, True),            # groups
    (2, 2, 8, (6, 6), 8, (3, 3), 2, 1, 1, 1, 8, True),            # depthwise
    (2, 2, 4, (6, 6), 8, (3, 3), 2, 1, 0, 1, 4, True),            # two outputs per channel
    (2, 2, 6, (5, 5), 4, (3, 3), 2, 1, 1, 2, 2, True),            # dilation 2 with stride 2
    (2, 2, 4, (6, 5), 6, (3, 2), (2, 3), (1, 0), (1, 2), (2, 1), 2, True),  # mixed per dim
    (2, 1, 4, (4, 4), 4, (5, 5), 3, 2, 2, 1, 1, True),            # stride 3
    (2, 2, 4, (5, 5), 3, (3, 3), 2, 3, 0, 1, 1, True),            # padding past the kernel
    (2, 2, 4, (5, 5), 3, (1, 1), 2, 0, 1, 1, 1, True),            # 1x1 kernel: phases with no taps
    (2, 2, 3, (4, 4), 2, (2, 2), 2, 0, 2, 3, 1, True),            # output_padding below the dilation only
    (2, 2, 5, (8, 8), 7, (5, 5), 1, 2, 0, 1, 1, True),            # 5x5 same size
    (2, 2, 3, (3, 3), 2, (3, 3), 4, 0, 3, 1, 1, True),            # stride past the kernel: gaps
    (2, 2, 12, (10, 10), 12, (3, 3), 2, 0, 1, 1, 3, True),        # groups of four
    (1, 3, 8, (20,), 6, (5,), 2, 0, 0, 1, 1, True),               # conv_transpose1d
    (1, 2, 4, (9,), 4, (3,), 1, 1, 0, 2, 2, True),                # 1-D dilated groups
    (1, 2, 6, (7,), 3, (4,), 3, 1, 2, 1, 1, False),               # 1-D stride 3
    (1, 2, 32, (50,), 16, (5,), 2, 2, 1, 1, 1, True),             # 1-D wide
    # batches of four or more (each thread pads its own images) with column strides 3 and 4:
    # the column phases of a row phase run side by side and are stored as interleaved rows
    (2, 4, 6, (6, 8), 4, (3, 5), (2, 3), (1, 2), (1, 2), 1, 1, True),
    (2, 4, 6, (5, 6), 4, (5, 7), (3, 4), (2, 1), (0, 3), 1, 1, True),
    (1, 4, 8, (40,), 4, (6,), 3, 2, 1, 1, 1, True),               # 1-D, phases one column apart in length
]

ERRORS = [
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(3, 2, 3, 3))",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3, 3), groups=3)",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3, 3), groups=0)",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3, 3), groups=8)",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3, 3), stride=0)",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3, 3), padding=-1)",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3, 3), dilation=0)",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3, 3), dilation=-1)",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3, 3), dilation=(1, 0))",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3, 3), output_padding=-1)",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3, 3), padding=5)",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3, 3), torch.ones(3))",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3, 3), torch.ones(2), groups=2)",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3, 3), torch.ones(2, 1))",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3))",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2))",
    "F.conv_transpose2d(torch.ones(4, 5), torch.ones(4, 2, 3, 3))",
    "F.conv_transpose2d(torch.ones(1, 1, 4, 5, 5), torch.ones(4, 2, 3, 3))",
    "F.conv_transpose1d(torch.ones(4, 5, 5, 5), torch.ones(4, 2, 3))",
    "F.conv_transpose1d(torch.ones(1, 4, 5), torch.ones(4, 2, 3, 3))",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3, 3, dtype=torch.float64))",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5, dtype=torch.float64), torch.ones(4, 2, 3, 3))",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5, dtype=torch.int32), torch.ones(4, 2, 3, 3, dtype=torch.int32))",
    "F.conv_transpose1d(torch.ones(1, 4, 5, dtype=torch.bool), torch.ones(4, 2, 3, dtype=torch.bool))",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3, 3), stride=(1, 2, 3))",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3, 3), output_padding=2, stride=2)",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3, 3), output_padding=(0, 0, 0))",
    "F.conv_transpose1d(torch.ones(1, 4, 5), torch.ones(4, 2, 3), output_padding=1)",
    "F.conv_transpose1d(torch.ones(1, 4, 5), torch.ones(4, 2, 3), padding=5)",
    "F.conv_transpose1d(torch.ones(1, 4, 5), torch.ones(4, 2, 3), dilation=0)",
    "F.conv_transpose1d(torch.ones(1, 4, 5), torch.ones(4, 2, 0))",
    "F.conv_transpose1d(torch.ones(1, 4, 5), torch.ones(4, 0, 3))",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 0, 3))",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 0, 3, 3))",
    "F.conv_transpose2d(torch.ones(1, 4, 0, 5), torch.ones(4, 2, 3, 3))",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3, 3), groups=0, stride=0)",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3), groups=0)",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5, dtype=torch.int32), torch.ones(4, 2, 3, 3), output_padding=3)",
    "F.conv_transpose2d(torch.ones(1, 4, 5, 5), torch.ones(4, 2, 3, 3, dtype=torch.int32))",
    "nn.ConvTranspose2d(4, 2, 3, stride=2)(torch.ones(1, 4, 5, 5), output_size=[12, 12])",
    "nn.ConvTranspose2d(4, 2, 3, stride=2)(torch.ones(1, 4, 5, 5), output_size=[1, 2, 3])",
    "nn.ConvTranspose1d(4, 2, 3, stride=3)(torch.ones(1, 4, 5), output_size=[9])",
    "nn.ConvTranspose2d(4, 6, 3, groups=4)",
    "nn.ConvTranspose2d(4, 6, 3, padding_mode='reflect')",
]

# Other dtypes and forms: the value of each expression (a tensor), its dtype and shape.
EXPRS = [
    "F.conv_transpose2d(torch.arange(8).reshape(1, 2, 2, 2), torch.arange(-8, 16).reshape(2, 3, 2, 2), stride=2, padding=(1, 0))",
    "F.conv_transpose1d(torch.arange(-6, 12).reshape(2, 3, 3), torch.arange(12).reshape(3, 1, 4), stride=3, groups=3, dilation=2)",
    "F.conv_transpose2d(torch.arange(16.).reshape(1, 2, 2, 4).half() / 8, torch.arange(24.).reshape(2, 3, 2, 2).half() / 8, stride=2, padding=1, output_padding=1)",
    "F.conv_transpose1d(torch.arange(8.).reshape(1, 2, 4).bfloat16(), torch.arange(12.).reshape(2, 2, 3).bfloat16(), stride=2)",
    "F.conv_transpose2d(torch.arange(16.).reshape(1, 4, 2, 2), torch.arange(72.).reshape(4, 2, 3, 3) / 9, torch.tensor([0.5, -1.0], dtype=torch.float64), stride=2)",
    "F.conv_transpose2d(torch.ones(0, 4, 5, 5), torch.ones(4, 2, 3, 3), stride=2, output_padding=1)",
    "F.conv_transpose2d(torch.arange(12.).reshape(3, 2, 2), torch.arange(36.).reshape(3, 3, 2, 2), torch.ones(3), 3)",
    "torch.conv_transpose2d(torch.arange(18.).reshape(1, 2, 3, 3), torch.arange(16.).reshape(2, 2, 2, 2), None, 2, 1, 1, 1, 2)",
    "torch.conv_transpose1d(torch.arange(10.).reshape(1, 2, 5), torch.arange(6.).reshape(2, 1, 3), torch.ones(2), 2, 0, 1, 2)",
]


def arrays(case, rng):
    nd, N, C, sp, O, k, s, p, op, d, groups, bias = case
    x = rng.standard_normal((N, C) + sp).astype(np.float32)
    w = rng.standard_normal((C, O // groups) + k).astype(np.float32)
    b = rng.standard_normal(O).astype(np.float32)
    return x, w, b


def call(case, x, w, b):
    nd, N, C, sp, O, k, s, p, op, d, groups, bias = case
    f = F.conv_transpose1d if nd == 1 else F.conv_transpose2d
    return f(x, w, b if bias else None, stride=s, padding=p, output_padding=op, groups=groups,
             dilation=d)


def main():
    rng = np.random.default_rng(2026)
    out = {}
    for i, case in enumerate(CASES):
        x, w, b = arrays(case, rng)
        xt, wt, bt = (torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in (x, w, b))
        y = call(case, xt, wt, bt)
        g = rng.standard_normal(tuple(y.shape)).astype(np.float32)
        y.backward(torch.tensor(g))
        for name, a in (("x", x), ("w", w), ("b", b), ("g", g), ("y", y.detach().numpy()),
                        ("gx", xt.grad.numpy()), ("gw", wt.grad.numpy()),
                        ("gb", bt.grad.numpy() if bt.grad is not None else np.zeros(0))):
            out[f"{i}-{name}"] = a
    msgs = []
    import torch.nn as nn
    for src in ERRORS:
        try:
            r = eval(src)
            msgs.append("OK %s" % (list(r.shape) if hasattr(r, "shape") else type(r).__name__))
        except Exception as e:
            msgs.append("%s: %s" % (type(e).__name__, e))
    for j, src in enumerate(EXPRS):
        r = eval(src)
        out[f"expr{j}"] = r.double().numpy()
        out[f"expr{j}-dtype"] = np.array(str(r.dtype))
    out["errors"] = np.array(msgs)
    out["exprs"] = np.array(EXPRS)
    out["calls"] = np.array(ERRORS)
    out["cases"] = np.array(json.dumps(CASES))
    path = pathlib.Path(__file__).with_name("conv_transpose_torch.npz")
    np.savez_compressed(path, **out)
    print("wrote", path, len(CASES), "cases,", len(ERRORS), "error calls")


if __name__ == "__main__":
    main()
