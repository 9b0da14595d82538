"""Every tensor op family against real PyTorch on the same CPU, measured in one run.

The same Python snippet runs in tensorkernel (through jupyter_client, timed by the kernel's own
time.perf_counter around a loop) and in a PyTorch subprocess (the oracle venv made by
../shared/oracle/setup.sh, or the python named by TK_ORACLE_PYTHON), op by op, with the same
thread count on both sides: the two sides time one loop each in turn, --repeat rounds, and
each keeps its best, so that load coming and going on a shared machine reaches both alike
(torch has finished importing before the first row). Each row prints
the ratio torch_time / tensorkernel_time (>= 1.0 means tensorkernel is as fast or faster),
then the geometric mean and the five slowest rows. Without the oracle venv the rows that have
a NumPy form are compared against NumPy in this process instead.

  python bench/bench_vs_torch.py [--filter SUBSTR] [--scale 0.25] [--repeat 5]
"""
import argparse
import json
import math
import os
import pathlib
import subprocess
import sys
import tempfile
import textwrap
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()

MIN_LOOP = 0.025  # seconds: the shortest timed loop (see main)
N = 16 * 1024 * 1024  # elements of the large 1-D operands (scaled by --scale)

# (name, setup, stmt, numpy stmt or None). Setups run once per row on both sides, with
# torch imported and seeded; names from one row's setup are visible only to that row.
F32 = "a = torch.rand({n}); b = torch.rand({n})"
X2D = "x = torch.rand(4096, 4096)"
X3D = "x3 = torch.rand(64, 256, 1024)"


def rows(n):
    r = []

    def add(name, setup, stmt, np_stmt=None):
        r.append((name, setup.format(n=n), stmt, np_stmt))

    for dt in ("float32", "float64", "float16", "bfloat16"):
        s = "a = torch.rand({n}).to(torch.%s); b = torch.rand({n}).to(torch.%s)" % (dt, dt)
        add("add %s" % dt, s, "a + b", "an + bn" if dt in ("float32", "float64") else None)
        add("mul %s" % dt, s, "a * b")
        add("sum %s" % dt, s, "a.sum()", "an.sum()" if dt in ("float32", "float64") else None)
    for dt in ("int32", "int64"):
        s = "a = torch.randint(0, 100, ({n},), dtype=torch.%s); b = torch.randint(1, 100, ({n},), dtype=torch.%s)" % (dt, dt)
        add("add %s" % dt, s, "a + b")
        add("sum %s" % dt, s, "a.sum()")
        add("max %s" % dt, s, "a.max()")
    s = "m = torch.rand({n}) > 0.5; k = torch.rand({n}) > 0.5"
    add("and bool", s, "m & k")
    add("sum bool", s, "m.sum()")
    add("any bool", s, "m.any()")
    for op in ("neg", "abs", "exp", "log", "sqrt", "tanh", "sigmoid", "relu", "sin", "cos"):
        add("%s float32" % op, F32, "a.%s()" % op,
            {"neg": "-an", "abs": "np.abs(an)", "exp": "np.exp(an)", "log": "np.log(an)",
             "sqrt": "np.sqrt(an)", "tanh": "np.tanh(an)", "sin": "np.sin(an)",
             "cos": "np.cos(an)"}.get(op))
    # the transcendental family: float32 in (0, 1) and on a wider range, float64
    for op in ("log2", "log10", "log1p", "expm1", "sinh", "cosh"):
        add("%s float32" % op, F32, "a.%s()" % op)
    W32 = "a = torch.rand({n}) * 20 - 10"
    for op in ("exp", "tanh", "sigmoid", "expm1"):
        add("%s float32 [-10,10]" % op, W32, "a.%s()" % op)
    F64 = "a = torch.rand({n}, dtype=torch.float64) * 4 - 2"
    for op in ("exp", "log", "tanh", "sigmoid", "sinh", "cosh", "expm1", "log1p", "log10"):
        add("%s float64 [-2,2]" % op, F64, "a.%s()" % op)
    add("pow ** 1.5 float32", F32, "a ** 1.5")
    add("pow tensor float32", F32, "torch.pow(a, b)")
    add("atan2 float32", F32, "torch.atan2(a, b)")
    add("pow ** 1.5 float64", F64, "a.abs() ** 1.5")
    add("atan2 float64", F64, "torch.atan2(a, a)")
    add("hypot float32", F32, "torch.hypot(a, b)", "np.hypot(an, bn)")
    add("hypot float64", F64, "torch.hypot(a, a)")
    add("sqrt float64", F64, "a.abs().sqrt()")
    add("pow float32", F32, "a ** 2.0", "an ** 2.0")
    add("div float32", F32, "a / b", "an / bn")
    add("clamp float32", F32, "a.clamp(0.2, 0.8)", "np.clip(an, 0.2, 0.8)")
    add("lt float32", F32, "a < b", "an < bn")
    add("eq float32", F32, "a == b", "an == bn")
    add("where float32", F32 + "; m = a > 0.5", "torch.where(m, a, b)")
    add("add_ inplace float32", F32, "a.add_(b)")
    add("add scalar float32", F32, "a + 1.5", "an + 1.5")
    for red in ("sum", "mean", "max", "min", "prod", "argmax", "argmin"):
        add("%s float32" % red, F32, "a.%s()" % red,
            "an.%s()" % {"argmax": "argmax", "argmin": "argmin"}.get(red, red))
    for red in ("sum", "mean", "max", "min", "argmax"):
        add("%s(dim=0) 4096x4096" % red, X2D, "x.%s(dim=0)" % red)
        add("%s(dim=1) 4096x4096" % red, X2D, "x.%s(dim=1)" % red)
    add("sum(dim=1) 64x256x1024", X3D, "x3.sum(dim=1)")
    add("max(dim=1) 64x256x1024", X3D, "x3.max(dim=1)")
    add("sum(dim=1, keepdim) 4096x4096", X2D, "x.sum(dim=1, keepdim=True)")
    add("strided sum a[::2]", F32, "a[::2].sum()")
    add("t().contiguous() 4096x4096", X2D, "x.t().contiguous()")
    add("t() + x 4096x4096", X2D, "x.t() + x")
    add("clone 16M", F32, "a.clone()", "an.copy()")
    add("to float64", F32, "a.to(torch.float64)", "an.astype(np.float64)")
    add("to float16", F32, "a.to(torch.float16)", "an.astype(np.float16)")
    add("cumsum float32", F32, "a.cumsum(0)", "np.cumsum(an)")
    add("gather rows x[idx]", "x = torch.rand(100000, 64); idx = torch.randint(0, 100000, (100000,))",
        "x[idx]")
    add("mask select a[m]", F32 + "; m = a > 0.5", "a[m]")
    add("index_put a[m] = 0", F32 + "; m = a > 0.5", "a[m] = 0.0")
    add("cat 2x8M", "p = torch.rand({n} // 2); q = torch.rand({n} // 2)", "torch.cat([p, q])")
    add("matmul 1024^2 float32", "x = torch.rand(1024, 1024); y = torch.rand(1024, 1024)", "x @ y")
    add("matmul 64^2 float32", "x = torch.rand(64, 64); y = torch.rand(64, 64)", "x @ y")
    add("matvec 4096x4096", "x = torch.rand(4096, 4096); v = torch.rand(4096)", "x @ v")
    add("bmm 64x128x128", "x = torch.rand(64, 128, 128); y = torch.rand(64, 128, 128)", "x @ y")
    add("matmul 1024^2 float64", "x = torch.rand(1024, 1024, dtype=torch.float64); y = torch.rand(1024, 1024, dtype=torch.float64)", "x @ y")
    cx = "import torch.nn.functional as F; x = torch.rand(64, 16, 28, 28); w = torch.rand(32, 16, 3, 3)"
    add("conv2d 64x16x28x28 3x3 -> 32", cx, "F.conv2d(x, w, padding=1)")
    add("conv2d backward 64x16x28x28 3x3 -> 32",
        cx + "; x.requires_grad_(); w.requires_grad_(); y = F.conv2d(x, w, padding=1); g = torch.ones_like(y)",
        "y.backward(g, retain_graph=True)")
    cx = "import torch.nn.functional as F; x = torch.rand(64, 32, 14, 14); w = torch.rand(64, 32, 3, 3); b = torch.rand(64)"
    add("conv2d backward 64x32x14x14 3x3 -> 64 +bias",
        cx + "; x.requires_grad_(); w.requires_grad_(); b.requires_grad_(); y = F.conv2d(x, w, b, padding=1); g = torch.ones_like(y)",
        "y.backward(g, retain_graph=True)")
    cx = "import torch.nn.functional as F; x = torch.rand(1, 64, 56, 56); w = torch.rand(64, 64, 3, 3)"
    add("conv2d backward 1x64x56x56 3x3 -> 64",
        cx + "; x.requires_grad_(); w.requires_grad_(); y = F.conv2d(x, w, padding=1); g = torch.ones_like(y)",
        "y.backward(g, retain_graph=True)")
    add("conv2d 1->8 5x5, 64x1x28x28", "import torch.nn.functional as F; x = torch.rand(64, 1, 28, 28); w = torch.rand(8, 1, 5, 5)",
        "F.conv2d(x, w)")
    add("max_pool2d 2x2 64x32x28x28", "import torch.nn.functional as F; x = torch.rand(64, 32, 28, 28)",
        "F.max_pool2d(x, 2)")
    add("avg_pool2d 3x3 s2 64x32x28x28", "import torch.nn.functional as F; x = torch.rand(64, 32, 28, 28)",
        "F.avg_pool2d(x, 3, 2, 1)")
    # torch.nn's functional layer: the ops a training loop or a forward pass spends its time in
    nn = "import torch.nn as nn; import torch.nn.functional as F; "
    lg = nn + "z = torch.randn(1024, 1000); t = torch.randint(0, 1000, (1024,))"
    add("softmax 1024x1000 dim=1", lg, "F.softmax(z, dim=1)")
    add("log_softmax 1024x1000 dim=1", lg, "F.log_softmax(z, dim=1)")
    add("softmax 64x1000x16 dim=1", nn + "z = torch.randn(64, 1000, 16)", "F.softmax(z, dim=1)")
    add("cross_entropy 1024x1000", lg, "F.cross_entropy(z, t)")
    add("cross_entropy fwd+bwd 1024x1000", lg + "; z.requires_grad_()",
        "F.cross_entropy(z, t).backward()")
    act = nn + "x = torch.randn(64, 32, 28, 28)"
    add("gelu 64x32x28x28", act, "F.gelu(x)")
    add("gelu tanh 64x32x28x28", act, "F.gelu(x, approximate='tanh')")
    add("silu 64x32x28x28", act, "F.silu(x)")
    add("gelu fwd+bwd 64x32x28x28", act + "; x.requires_grad_()", "F.gelu(x).sum().backward()")
    add("gelu float64 64x32x28x28", act + "; x = x.double()", "F.gelu(x)")
    add("elu float64 64x32x28x28", act + "; x = x.double()", "F.elu(x)")
    add("leaky_relu 64x32x28x28", act, "F.leaky_relu(x, 0.2)")
    add("leaky_relu_ 64x32x28x28", act, "F.leaky_relu_(x, 1.0)")
    add("hardswish 64x32x28x28", act, "F.hardswish(x)")
    add("hardtanh 64x32x28x28", act, "F.hardtanh(x)")
    add("hardsigmoid 64x32x28x28", act, "F.hardsigmoid(x)")
    g = act + "; x.requires_grad_(); g = torch.randn(64, 32, 28, 28)"
    add("leaky_relu fwd+bwd 64x32x28x28", g, "F.leaky_relu(x, 0.2).backward(g)")
    add("hardswish fwd+bwd 64x32x28x28", g, "F.hardswish(x).backward(g)")
    add("relu6 fwd+bwd 64x32x28x28", g, "F.relu6(x).backward(g)")
    add("tanh fwd+bwd 64x32x28x28", g, "torch.tanh(x).backward(g)")
    add("sigmoid fwd+bwd 64x32x28x28", g, "torch.sigmoid(x).backward(g)")
    add("relu fwd+bwd 64x32x28x28", g, "torch.relu(x).backward(g)")
    ln = nn + "x = torch.randn(256, 512); m = nn.LayerNorm(512)"
    add("layer_norm 256x512", ln, "m(x)")
    add("layer_norm fwd+bwd 256x512", ln + "; x.requires_grad_()", "m(x).sum().backward()")
    bn = nn + "x = torch.randn(64, 32, 28, 28); m = nn.BatchNorm2d(32)"
    add("batch_norm train 64x32x28x28", bn, "m(x)")
    add("batch_norm fwd+bwd 64x32x28x28", bn + "; x.requires_grad_()", "m(x).sum().backward()")
    add("batch_norm eval 64x32x28x28", bn + "; m.eval()", "m(x)")
    em = nn + "m = nn.Embedding(10000, 256); i = torch.randint(0, 10000, (64, 128))"
    add("embedding 64x128 of 10000x256", em, "m(i)")
    add("embedding fwd+bwd 64x128 of 10000x256", em, "m(i).sum().backward()")
    add("linear fwd+bwd 256x512 -> 512", nn + "x = torch.randn(256, 512, requires_grad=True); m = nn.Linear(512, 512)",
        "m(x).sum().backward()")
    q = nn + "q = torch.randn(8, 8, 128, 64)"
    add("scaled_dot_product_attention 8x8x128x64", q, "F.scaled_dot_product_attention(q, q, q)")
    tr = nn + "x = torch.randn(16, 64, 256); m = nn.TransformerEncoderLayer(256, 8, 1024, batch_first=True)"
    add("TransformerEncoderLayer 16x64x256", tr, "m(x)")
    rn = nn + "x = torch.randn(32, 50, 64); m = nn.LSTM(64, 128, batch_first=True)"
    add("LSTM 32x50x64 -> 128", rn, "m(x)")
    add("LSTM fwd+bwd 32x50x64 -> 128", rn, "m(x)[0].sum().backward()")
    gr = nn + "x = torch.randn(32, 50, 64); m = nn.GRU(64, 128, batch_first=True)"
    add("GRU fwd+bwd 32x50x64 -> 128", gr, "m(x)[0].sum().backward()")
    lc = nn + ("x = torch.randn(50, 32, 64); m = nn.LSTMCell(64, 128); h0 = torch.zeros(32, 128)\n"
               "def cells():\n    h, c = h0, h0\n    for t in range(50): h, c = m(x[t], (h, c))\n    return h")
    add("LSTMCell loop fwd+bwd 50x32x64 -> 128", lc, "cells().sum().backward()")
    up = nn + "x = torch.randn(64, 32, 28, 28)"
    add("interpolate nearest x2 64x32x28x28", up, "F.interpolate(x, scale_factor=2)")
    add("interpolate bilinear x2 64x32x28x28", up, "F.interpolate(x, scale_factor=2, mode='bilinear')")
    ct = nn + "x = torch.randn(64, 32, 14, 14); m = nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1, output_padding=1)"
    add("conv_transpose2d 64x32x14x14 -> 16 s2", ct, "m(x)")
    add("conv_transpose2d fwd+bwd 64x32x14x14 -> 16 s2", ct + "; x.requires_grad_()", "m(x).sum().backward()")
    c1 = nn + "x = torch.randn(64, 32, 200); m = nn.ConvTranspose1d(32, 16, 5, stride=2)"
    add("conv_transpose1d 64x32x200 -> 16 k5 s2", c1, "m(x)")
    add("conv_transpose1d fwd+bwd 64x32x200 -> 16 k5 s2", c1 + "; x.requires_grad_()", "m(x).sum().backward()")
    dg = nn + "x = torch.randn(64, 100, 1, 1); m = nn.ConvTranspose2d(100, 512, 4, 1, 0)"
    add("conv_transpose2d DCGAN 64x100x1x1 -> 512 k4", dg, "m(x)")
    dg2 = nn + "x = torch.randn(64, 128, 16, 16); m = nn.ConvTranspose2d(128, 64, 4, 2, 1)"
    add("conv_transpose2d DCGAN 64x128x16x16 -> 64 k4 s2", dg2, "m(x)")
    cg = nn + "x = torch.randn(32, 32, 16, 16); m = nn.ConvTranspose2d(32, 32, 3, 2, 1, groups=4, dilation=2)"
    add("conv_transpose2d fwd+bwd groups 4 dilation 2 32x32x16x16", cg + "; x.requires_grad_()",
        "m(x).sum().backward()")
    opt = nn + ("m = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)); "
                "o = torch.optim.Adam(m.parameters()); x = torch.randn(128, 784); t = torch.randint(0, 10, (128,))")
    add("MLP Adam step 128x784", opt, "o.zero_grad(); F.cross_entropy(m(x), t).backward(); o.step()")
    # what tutorials use beyond the layers above: sorting, indexing, shape ops, statistics,
    # losses, optimisers
    s1 = "s = torch.rand(1000000)"
    add("sort 1M", s1, "s.sort()")
    add("argsort 1M", s1, "s.argsort()")
    add("topk 1000 of 1M", s1, "s.topk(1000)")
    z = nn + "z = torch.randn(1024, 1000); t = torch.randint(0, 1000, (1024,))"
    add("topk 5 dim=1 1024x1000", z, "z.topk(5, dim=1)")
    add("argmax(dim=1) 1024x1000", z, "z.argmax(dim=1)")
    add("accuracy (argmax==t).sum().item() 1024x1000", z, "(z.argmax(1) == t).sum().item()")
    add("gather dim=1 1024x1000 idx 1024x10", z + "; gi = torch.randint(0, 1000, (1024, 10))", "torch.gather(z, 1, gi)")
    add("index_select 100000x64", "x = torch.rand(100000, 64); idx = torch.randint(0, 100000, (100000,))", "x.index_select(0, idx)")
    add("scatter_ dim=1 1024x1000", z + "; gi = torch.randint(0, 1000, (1024, 10)); v = torch.ones(1024, 10)", "z.scatter_(1, gi, v)")
    add("masked_fill 16M", F32 + "; m = a > 0.5", "a.masked_fill(m, 0.0)")
    add("where scalar 16M", F32, "torch.where(a > 0.5, a, 0.0)")
    add("addcmul 16M", F32, "torch.addcmul(a, a, b, value=0.5)")
    add("lerp 16M", F32, "torch.lerp(a, b, 0.3)")
    add("clamp_ 16M", F32, "a.clamp_(0.1, 0.9)")
    add("std 16M", F32, "a.std()")
    add("var(dim=1) 4096x4096", "x = torch.rand(4096, 4096)", "x.var(dim=1)")
    add("norm 16M", F32, "a.norm()")
    add("linspace 16M", "", "torch.linspace(0, 1, 16777216)")
    add("randint 16M", "", "torch.randint(0, 100, (16777216,))")
    add("randperm 1M", "", "torch.randperm(1000000)")
    add("int64->float32 16M", "i = torch.randint(0, 100, ({n},))", "i.float()")
    add("nonzero 16M", F32 + "; m = a > 0.5", "m.nonzero()")
    add("unique 1M", "u = torch.randint(0, 1000, (1000000,))", "torch.unique(u)")
    add("cumprod 1M", "s = torch.rand(1000000) + 0.5", "s.cumprod(0)")
    add("flip 4096x4096", "x = torch.rand(4096, 4096)", "x.flip(0)")
    add("roll 16M", F32, "a.roll(1000)")
    add("triu 4096x4096", "x = torch.rand(4096, 4096)", "x.triu()")
    add("stack 8x 64x32x28x28", "xs = [torch.rand(8, 32, 28, 28) for _ in range(8)]", "torch.stack(xs)")
    add("repeat 64x32x28x28 (1,2,1,1)", act, "x.repeat(1, 2, 1, 1)")
    add("expand contiguous 64x32x28x28", nn + "x = torch.randn(64, 1, 28, 28)", "x.expand(64, 32, 28, 28).contiguous()")
    add("F.pad 1 64x32x28x28", act, "F.pad(x, (1, 1, 1, 1))")
    add("adaptive_avg_pool2d 1 64x32x28x28", act, "F.adaptive_avg_pool2d(x, 1)")
    add("mean(dim=(2,3)) 64x32x28x28", act, "x.mean(dim=(2, 3))")
    add("permute contiguous 64x32x28x28", act, "x.permute(0, 2, 3, 1).contiguous()")
    g2 = act + "; x.requires_grad_()"
    add("max_pool2d fwd+bwd 64x32x28x28", g2, "F.max_pool2d(x, 2).sum().backward()")
    add("avg_pool2d fwd+bwd 64x32x28x28", g2, "F.avg_pool2d(x, 2).sum().backward()")
    add("dropout train 64x32x28x28", act, "F.dropout(x, 0.5)")
    add("dropout fwd+bwd 64x32x28x28", g2, "F.dropout(x, 0.5).sum().backward()")
    add("group_norm 8 64x32x28x28", act, "F.group_norm(x, 8)")
    add("group_norm fwd+bwd 64x32x28x28", g2, "F.group_norm(x, 8).sum().backward()")
    add("mse_loss fwd+bwd 64x32x28x28", g2 + "; y = torch.randn(64, 32, 28, 28)", "F.mse_loss(x, y).backward()")
    add("bce_with_logits fwd+bwd 64x32x28x28", g2 + "; y = torch.rand(64, 32, 28, 28)", "F.binary_cross_entropy_with_logits(x, y).backward()")
    add("conv1d 64x32x200 k5 -> 64", nn + "x = torch.randn(64, 32, 200); m = nn.Conv1d(32, 64, 5)", "m(x)")
    add("conv1d fwd+bwd 64x32x200 k5 -> 64", nn + "x = torch.randn(64, 32, 200, requires_grad=True); m = nn.Conv1d(32, 64, 5)", "m(x).sum().backward()")
    c3 = nn + "x = torch.randn(8, 16, 16, 32, 32); m = nn.Conv3d(16, 32, 3)"
    add("conv3d 8x16x16x32x32 k3 -> 32", c3, "m(x)")
    add("conv3d fwd+bwd 8x16x16x32x32 k3 -> 32", c3 + "; x.requires_grad_()", "m(x).sum().backward()")
    ct3 = nn + "x = torch.randn(8, 32, 8, 16, 16); m = nn.ConvTranspose3d(32, 16, 3, stride=2, padding=1, output_padding=1)"
    add("conv_transpose3d fwd+bwd 8x32x8x16x16 -> 16 s2", ct3 + "; x.requires_grad_()", "m(x).sum().backward()")
    add("Conv2d 3->64 k7 s2 16x3x112x112", nn + "x = torch.randn(16, 3, 112, 112); m = nn.Conv2d(3, 64, 7, 2, 3)", "m(x)")
    add("einsum bij,bjk 64x128x128", "x = torch.rand(64, 128, 128)", "torch.einsum('bij,bjk->bik', x, x)")
    add("addmm 1024x1024", "x = torch.rand(1024, 1024); b = torch.rand(1024)", "torch.addmm(b, x, x)")
    add("cdist 1024x64", "p = torch.rand(1024, 64)", "torch.cdist(p, p)")
    add("cosine_similarity 1024x1000", z, "F.cosine_similarity(z, z)")
    add("one_hot 1024x1000", z, "F.one_hot(t, 1000)")
    add("nn.Linear(1024,1024) init", nn, "nn.Linear(1024, 1024)")
    sgd = nn + ("m = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)); "
                "o = torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9); x = torch.randn(128, 784); t = torch.randint(0, 10, (128,))")
    add("MLP SGD step 128x784", sgd, "o.zero_grad(); F.cross_entropy(m(x), t).backward(); o.step()")
    cnn = nn + ("m = nn.Sequential(nn.Conv2d(1, 32, 3, 1), nn.ReLU(), nn.Conv2d(32, 64, 3, 1), nn.ReLU(), nn.MaxPool2d(2), "
                "nn.Dropout(0.25), nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10)); "
                "o = torch.optim.Adadelta(m.parameters(), lr=1.0); x = torch.randn(64, 1, 28, 28); t = torch.randint(0, 10, (64,))")
    add("MNIST CNN step 64x1x28x28", cnn, "o.zero_grad(); F.nll_loss(F.log_softmax(m(x), 1), t).backward(); o.step()")
    add("clip_grad_norm_ MLP", sgd + "; F.cross_entropy(m(x), t).backward()", "nn.utils.clip_grad_norm_(m.parameters(), 1.0)")
    add("searchsorted 1M in 1000", "b = torch.sort(torch.rand(1000))[0]; s = torch.rand(1000000)",
        "torch.searchsorted(b, s)")
    add("bincount 1M", "u = torch.randint(0, 1000, (1000000,))", "torch.bincount(u)")
    add("multinomial 1024x1000", "z = torch.rand(1024, 1000)", "torch.multinomial(z, 1)")
    add("pixel_shuffle 64x64x16x16", nn + "x = torch.rand(64, 64, 16, 16)", "F.pixel_shuffle(x, 2)")
    add("affine_grid+grid_sample fwd+bwd 64x1x28x28", nn + (
        "x = torch.randn(64, 1, 28, 28, requires_grad=True)\n"
        "th = (torch.eye(2, 3) + 0.1 * torch.randn(64, 2, 3)).requires_grad_()"),
        "F.grid_sample(x, F.affine_grid(th, x.size(), align_corners=False), align_corners=False).sum().backward()")
    add("chunk cat 64x32x28x28", act, "torch.cat(x.chunk(4, 1), 1)")
    add("tiny MLP 200 SGD steps", nn + (
        "m = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 1)); o = torch.optim.SGD(m.parameters(), 0.1)\n"
        "X = torch.randn(100, 2); Y = torch.randn(100, 1)\n"
        "def train():\n    for _ in range(200):\n        o.zero_grad(); F.mse_loss(m(X), Y).backward(); o.step()"), "train()")
    add("linear regression 500 manual steps", (
        "w = torch.zeros(3, requires_grad=True); X = torch.randn(100, 3); Y = X @ torch.tensor([1.0, 2.0, 3.0])\n"
        "def fit():\n    for _ in range(500):\n        l = ((X @ w - Y) ** 2).mean(); l.backward()\n"
        "        with torch.no_grad():\n            w.sub_(0.1 * w.grad); w.grad.zero_()"), "fit()")
    # NumPy as a notebook uses it next to torch (the baseline runs NumPy 2.4 in the torch process)
    npa = "import numpy as np; an = np.random.rand(1000000)"
    add("numpy sort 1M", npa, "np.sort(an)")
    add("numpy argsort 1M", npa, "np.argsort(an)")
    add("numpy unique 1M", "import numpy as np; an = np.random.randint(0, 1000, 1000000)", "np.unique(an)")
    add("numpy fancy index 1M", npa + "; ix = np.random.randint(0, 1000000, 1000000)", "an[ix]")
    npb = "import numpy as np; an = np.random.rand(16777216)"
    add("numpy mean, std 16M", npb, "(an.mean(), an.std())")
    add("numpy where 16M", npb, "np.where(an > 0.5, an, 0)")
    add("bfloat16 sum 16M", "a = torch.rand({n}).bfloat16()", "a.sum()")
    add("float16 mul 16M", "a = torch.rand({n}).half()", "a * a")
    add("fft.rfft 1M float32", "s = torch.rand(1048576)", "torch.fft.rfft(s)")
    add("fft.fft 4096x256 complex64 dim=1",
        "s = torch.complex(torch.rand(4096, 256), torch.rand(4096, 256))", "torch.fft.fft(s, dim=1)")
    add("rand 16M", "", "torch.rand(%d)" % n)
    add("randn 16M", "", "torch.randn(%d)" % n)
    add("zeros 16M", "", "torch.zeros(%d)" % n, "np.zeros(%d, np.float32)" % n)
    add("arange 16M", "", "torch.arange(%d)" % n, "np.arange(%d)" % n)
    add("tolist 1M", "s = torch.rand(1000000)", "s.tolist()", "sn.tolist()")
    add("repr 1000x1000", "s = torch.rand(1000, 1000)", "repr(s)")
    add("small add 4 elems", "s = torch.rand(4); u = torch.rand(4)", "s + u")
    add("small tensor()", "", "torch.tensor([1.0, 2.0, 3.0])")
    add("backward mul-sum 1M", "w = torch.rand(1000000, requires_grad=True)",
        "(w * w).sum().backward()")
    return r


TORCH_SERVER = r'''
import json, sys, time, os
import torch
torch.set_num_threads(int(sys.argv[1]))
ns = {}
while True:
    line = sys.stdin.readline()
    if not line:
        break
    req = json.loads(line)
    try:
        if "setup" in req:  # a new row: fresh names, seeded
            ns = {"torch": torch}
            torch.manual_seed(0)
            exec(req["setup"], ns)
        exec(req["code"], ns)
        out = {"t": ns.get("_best")}
    except Exception as e:
        out = {"error": "%s: %s" % (type(e).__name__, e)}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
'''


def timing_code(stmt, number, repeat):
    """The loop both sides run: best over 'repeat' loops of 'number' calls, in seconds."""
    return textwrap.dedent("""\
        import time
        _best = 1e9
        for _r in range({repeat}):
            _t0 = time.perf_counter()
            for _i in range({number}):
                {stmt}
            _t = (time.perf_counter() - _t0) / {number}
            if _t < _best:
                _best = _t
        """).format(stmt=stmt, number=number, repeat=repeat)


def oracle_python():
    p = os.environ.get("TK_ORACLE_PYTHON")
    if p:
        return p
    p = pathlib.Path.home() / ".cache" / "tk-oracle" / "bin" / "python"
    if p.exists() and subprocess.run([str(p), "-c", "import torch"], capture_output=True).returncode == 0:
        return str(p)
    return None


class Kernel:
    """A tensorkernel from $TK_BUILD_DIR, driven through jupyter_client."""

    def __init__(self, threads):
        from jupyter_client.manager import start_new_kernel
        exe = BUILD / "kernel" / "tensorkernel"
        if not exe.exists():
            sys.exit("bench_vs_torch: %s not built" % exe)
        d = pathlib.Path(tempfile.mkdtemp(prefix="tk-vs-torch-"))
        spec = d / "kernels" / "tk-vs-torch"
        spec.mkdir(parents=True)
        (spec / "kernel.json").write_text(json.dumps({
            "argv": [str(exe), "-f", "{connection_file}"], "display_name": "tk",
            "language": "python", "env": {"TENSORKERNEL_NUM_THREADS": str(threads)}}))
        os.environ["JUPYTER_PATH"] = str(d)
        self.km, self.kc = start_new_kernel(kernel_name="tk-vs-torch", startup_timeout=60)

    def run(self, code, timeout=600):
        """Execute code; (stdout text, error text or None)."""
        msg_id = self.kc.execute(code)
        out, err = [], None
        while True:
            m = self.kc.get_iopub_msg(timeout=timeout)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            t, c = m["msg_type"], m["content"]
            if t == "stream":
                out.append(c["text"])
            elif t == "error":
                err = "%s: %s" % (c["ename"], c["evalue"])
            elif t == "status" and c["execution_state"] == "idle":
                return "".join(out), err

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def numpy_time(setup, np_stmt, number, repeat, n):
    import numpy as np
    rng = np.random.default_rng(0)
    ns = {"np": np,
          "an": rng.random(n, dtype=np.float32), "bn": rng.random(n, dtype=np.float32) + 0.1,
          "sn": rng.random(1000000, dtype=np.float32)}
    code = compile("for _i in range(%d):\n    %s" % (number, np_stmt), "<np>", "exec")
    best = 1e9
    for _ in range(repeat):
        t0 = time.perf_counter()
        exec(code, ns)
        best = min(best, (time.perf_counter() - t0) / number)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--filter", default="")
    ap.add_argument("--scale", type=float, default=1.0, help="scale the 16M-element operands")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    # torch's OpenMP threads keep spinning for some milliseconds after its loop (libgomp's
    # default wait policy), and on a machine with few cores they would take the cores our
    # first iterations need (ours spin for less than 0.1 ms): each side starts its loop after
    # a pause, when the other side's threads have gone to sleep, as a user's kernel runs alone
    ap.add_argument("--settle", type=float, default=0.05, help="seconds between the two sides' loops")
    args = ap.parse_args()
    n = max(1024, int(N * args.scale))
    oracle = oracle_python()
    torch_proc = None
    if oracle:
        torch_proc = subprocess.Popen([oracle, "-c", TORCH_SERVER, str(args.threads)],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        baseline = "torch"
    else:
        baseline = "numpy"
        print("(no oracle venv: comparing against NumPy where a row has a NumPy form; run "
              "../shared/oracle/setup.sh for the PyTorch baseline)")
    k = Kernel(args.threads)
    k.run("import torch")

    def torch_ask(req):
        """One request to the torch process: (its _best, error text or None)."""
        torch_proc.stdin.write(json.dumps(req) + "\n")
        torch_proc.stdin.flush()
        rep = json.loads(torch_proc.stdout.readline())
        return rep.get("t"), rep.get("error")

    if torch_proc:  # wait until torch has loaded: its import would otherwise slow the first rows
        torch_ask({"setup": "", "code": ""})
    results = []
    print("%-32s %12s %12s %8s" % ("op", "tensorkernel", baseline, "ratio"))
    try:
        for name, setup, stmt, np_stmt in rows(n):
            if args.filter and args.filter not in name:
                continue
            if baseline == "numpy" and not np_stmt:
                continue
            number = 1 if ("16M" in name or "4096" in name or "1024" in name or "64x" in name
                           or "randn" in name) else 20
            if name.startswith("small"):
                number = 2000
            _, err = k.run("torch.manual_seed(0)\n" + setup)
            if err is None:
                # one call first (it warms caches and pools on our side): a loop shorter than
                # MIN_LOOP s is noise-bound on a shared machine, so such rows call the op more
                # often per loop; both sides run the same count
                out, err = k.run(timing_code(stmt, 1, 1) + "print(repr(_best))")
                if err is None:
                    number = max(number, min(1000, math.ceil(MIN_LOOP / max(float(out), 1e-9))))
            # Both sides time one loop per round, alternating, and keep their best: load that
            # comes and goes on the machine then reaches both alike.
            code = timing_code(stmt, number, 1)
            terr = torch_ask({"setup": setup, "code": ""})[1] if torch_proc else None
            tk = base = float("inf")
            for _ in range(args.repeat):
                if err is not None or terr is not None:
                    break
                time.sleep(args.settle)
                out, err = k.run(code + "print(repr(_best))")
                if err is None:
                    tk = min(tk, float(out.strip()))
                if torch_proc:
                    time.sleep(args.settle)
                    t, terr = torch_ask({"code": code})
                    if terr is None:
                        base = min(base, t)
            if err is not None:
                print("%-32s %12s  %s" % (name, "-", err[:60]))
                results.append((name, None, None))
                continue
            if terr is not None:
                print("%-32s %10.3f ms  torch: %s" % (name, tk * 1e3, terr[:50]))
                continue
            if not torch_proc:
                base = numpy_time(setup, np_stmt, number, args.repeat, n)
            ratio = base / tk if tk > 0 else float("inf")
            results.append((name, tk, ratio))
            print("%-32s %10.3f ms %10.3f ms %7.2fx" % (name, tk * 1e3, base * 1e3, ratio),
                  flush=True)
    finally:
        k.close()
        if torch_proc:
            torch_proc.stdin.close()
            torch_proc.wait()
    ok = [(nm, r) for nm, t, r in results if r]
    missing = [nm for nm, t, r in results if r is None]
    if ok:
        gm = math.exp(sum(math.log(r) for _, r in ok) / len(ok))
        below = sum(1 for _, r in ok if r < 1.0)
        print("\ngeometric mean vs %s: %.2fx over %d ops; %d below 1.0x" % (baseline, gm, len(ok), below))
        print("slowest five: " + ", ".join("%s %.2fx" % (nm, r) for nm, r in sorted(ok, key=lambda x: x[1])[:5]))
    if missing:
        print("not supported by tensorkernel (%d): %s" % (len(missing), ", ".join(missing)))


if __name__ == "__main__":
    main()
