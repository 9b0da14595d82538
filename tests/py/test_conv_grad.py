"""Gradients of conv2d/conv1d (input, weight, bias) against a NumPy model in float64, on odd
shapes that reach every CPU path: the direct float32 kernels for unit stride (same-size
planes as one flat run, other sizes row by row; channel counts that are not multiples of
the eight-channel blocks; groups; dilation; asymmetric padding; batches split into pieces),
the per-image and chunked products (strides, 1x1 kernels, depthwise, float64) and inputs
that are not contiguous."""
import json
import os
import subprocess
import tempfile

import numpy as np
import pytest

from cpython_diff import TK_PYTHON

# (N, C, H, W, O, (kh, kw), stride, padding, dilation, groups)
CASES = [
    (20, 16, 12, 12, 24, (3, 3), 1, 1, 1, 1),   # flat, several pieces of the batch
    (3, 13, 9, 11, 11, (3, 3), 1, 1, 1, 1),     # flat, partial channel blocks
    (2, 8, 7, 6, 9, (3, 3), 1, 0, 1, 1),        # smaller output: rows
    (2, 12, 10, 11, 9, (5, 5), 1, 2, 1, 1),     # 5x5, flat, taps not a multiple of three
    (1, 16, 9, 40, 16, (3, 5), 1, (1, 2), (2, 1), 1),  # dilation, rows of three vectors
    (4, 16, 8, 8, 16, (3, 3), 1, 1, 1, 2),      # groups of eight
    (2, 9, 6, 33, 13, (2, 3), 1, (3, 0), 1, 1),  # output taller than the input
    (3, 8, 4, 70, 12, (3, 3), 1, 1, 1, 2),      # wide rows, groups
    (2, 24, 9, 9, 16, (3, 3), 2, 1, 1, 1),      # stride 2: products
    (2, 16, 6, 6, 24, (1, 1), 1, 0, 1, 1),      # 1x1: products
    (2, 8, 7, 7, 8, (3, 3), 1, 1, 1, 8),        # depthwise, same size: plane by plane
    (2, 4, 9, 9, 8, (3, 3), 1, 2, 2, 4),        # depthwise with two outputs per channel, dilated
    (3, 4, 12, 12, 4, (5, 5), 1, 2, 1, 4),      # depthwise 5x5: taps in several blocks
    (2, 6, 8, 8, 2, (3, 3), 1, 1, 1, 1),        # two output channels
    (2, 4, 9, 8, 4, (3, 3), 1, 0, 1, 4),        # depthwise, smaller output: products
    (2, 3, 10, 10, 6, (3, 3), 1, 1, 1, 1),      # few input channels
    (2, 4, 7, 9, 12, (3, 3), 1, 0, 1, 1),       # smaller output, few channels: weight's by rows
    (2, 8, 9, 9, 64, (3, 3), 1, 0, 1, 1),       # smaller output: input's as a transposed conv
]


def model(x, w, b, g, stride, pad, dil, groups):
    """y's gradient g pulled back to x, w and b: float64 loops over the taps."""
    N, C, H, W = x.shape
    O, Cg, kh, kw = w.shape
    Og = O // groups
    (sh, sw), (ph, pw), (dh, dw) = stride, pad, dil
    oh, ow = g.shape[2:]
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    gxp = np.zeros_like(xp)
    gw = np.zeros_like(w)
    for gi in range(groups):
        cs, os_ = slice(gi * Cg, (gi + 1) * Cg), slice(gi * Og, (gi + 1) * Og)
        for i in range(kh):
            for j in range(kw):
                rows = slice(i * dh, i * dh + (oh - 1) * sh + 1, sh)
                cols = slice(j * dw, j * dw + (ow - 1) * sw + 1, sw)
                patch = xp[:, cs, rows, cols]
                gw[os_, :, i, j] = np.einsum("noyq,ncyq->oc", g[:, os_], patch)
                gxp[:, cs, rows, cols] += np.einsum("oc,noyq->ncyq", w[os_, :, i, j], g[:, os_])
    gx = gxp[:, :, ph:ph + H, pw:pw + W]
    return gx, gw, g.sum(axis=(0, 2, 3))


def pair(v):
    return tuple(v) if isinstance(v, tuple) else (v, v)


def run_tk(src, env=None):
    with tempfile.NamedTemporaryFile("w", suffix=".py") as f:  # too long for an argument
        f.write(src)
        f.flush()
        env = dict(os.environ, **env) if env else None
        p = subprocess.run([str(TK_PYTHON), f.name], capture_output=True, text=True, timeout=300, env=env)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def kernel_src(x, w, b, g, call, dtype, transpose):
    xs = "torch.tensor(%s, dtype=torch.%s)" % (json.dumps(x.tolist()), dtype)
    if transpose:  # the same values, laid out with rows and columns swapped
        xs = "torch.tensor(%s, dtype=torch.%s).transpose(-1, -2).contiguous().transpose(-1, -2)" % (
            json.dumps(x.tolist()), dtype)
    return f"""
import json
import torch
import torch.nn.functional as F
x = {xs}.requires_grad_()
w = torch.tensor({json.dumps(w.tolist())}, dtype=torch.{dtype}).requires_grad_()
b = torch.tensor({json.dumps(b.tolist())}, dtype=torch.{dtype}).requires_grad_()
y = {call}
y.backward(torch.tensor({json.dumps(g.tolist())}, dtype=torch.{dtype}))
print(json.dumps([list(y.shape), x.grad.tolist(), w.grad.tolist(), b.grad.tolist(), x.is_contiguous()]))
"""


@pytest.mark.parametrize("case", CASES, ids=[str(c) for c in CASES])
def test_conv2d_gradients_match_the_model(case, env=None):
    N, C, H, W, O, k, s, p, d, groups = case
    s, p, d = pair(s), pair(p), pair(d)
    rng = np.random.default_rng(sum(map(hash, map(str, case))) % 2**32)
    x = rng.standard_normal((N, C, H, W)).astype(np.float32)
    w = rng.standard_normal((O, C // groups) + k).astype(np.float32)
    b = rng.standard_normal(O).astype(np.float32)
    oh = (H + 2 * p[0] - d[0] * (k[0] - 1) - 1) // s[0] + 1
    ow = (W + 2 * p[1] - d[1] * (k[1] - 1) - 1) // s[1] + 1
    g = rng.standard_normal((N, O, oh, ow)).astype(np.float32)
    call = f"F.conv2d(x, w, b, stride={s}, padding={p}, dilation={d}, groups={groups})"
    shape, gx, gw, gb, _ = run_tk(kernel_src(x, w, b, g, call, "float32", False), env)
    assert shape == [N, O, oh, ow]
    mx, mw, mb = model(x.astype(np.float64), w.astype(np.float64), b, g.astype(np.float64), s, p, d, groups)
    np.testing.assert_allclose(np.array(gx), mx, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(np.array(gw), mw, rtol=1e-4, atol=1e-3)
    np.testing.assert_allclose(np.array(gb), mb, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("dtype,transpose", [("float32", True), ("float64", False)])
def test_conv2d_gradients_of_other_layouts_and_dtypes(dtype, transpose):
    """An input whose rows are not contiguous, and float64 (the products)."""
    rng = np.random.default_rng(7)
    x = rng.standard_normal((3, 10, 9, 12))
    w = rng.standard_normal((12, 10, 3, 3))
    b = rng.standard_normal(12)
    g = rng.standard_normal((3, 12, 9, 12))
    shape, gx, gw, gb, contiguous = run_tk(kernel_src(x, w, b, g, "F.conv2d(x, w, b, padding=1)", dtype, transpose))
    assert contiguous is not transpose
    mx, mw, mb = model(x, w, b, g, (1, 1), (1, 1), (1, 1), 1)
    tol = 1e-4 if dtype == "float32" else 1e-10
    np.testing.assert_allclose(np.array(gx), mx, rtol=tol, atol=tol)
    np.testing.assert_allclose(np.array(gw), mw, rtol=tol, atol=10 * tol)
    np.testing.assert_allclose(np.array(gb), mb, rtol=tol, atol=tol)


@pytest.mark.parametrize("C,O,pad", [(12, 10, 2), (12, 10, 0), (32, 64, 0)])
def test_conv1d_gradients_match_the_model(C, O, pad):
    """Same-size rows (the flat kernels) and narrower outputs (on AVX2 the input's gradient as
    a transposed convolution, the weight's by rows or, with many channels, the products)."""
    rng = np.random.default_rng(3)
    L = 37 - 4 + 2 * pad
    x = rng.standard_normal((5, C, 37)).astype(np.float32)
    w = rng.standard_normal((O, C, 5)).astype(np.float32)
    b = rng.standard_normal(O).astype(np.float32)
    g = rng.standard_normal((5, O, L)).astype(np.float32)
    shape, gx, gw, gb, _ = run_tk(kernel_src(x, w, b, g, f"F.conv1d(x, w, b, padding={pad})", "float32", False))
    assert shape == [5, O, L]
    mx, mw, mb = model(x[:, :, None].astype(np.float64), w[:, :, None].astype(np.float64), b,
                       g[:, :, None].astype(np.float64), (1, 1), (0, pad), (1, 1), 1)
    np.testing.assert_allclose(np.array(gx), mx[:, :, 0], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(np.array(gw), mw[:, :, 0], rtol=1e-4, atol=1e-3)
    np.testing.assert_allclose(np.array(gb), mb, rtol=1e-4, atol=1e-4)


# Forward: (N, C, H, W, O, (kh, kw), stride, padding, dilation, groups). On an AVX-512 or
# AVX2 CPU float32 goes through the direct kernel (padded images split into stride phases,
# blocks of eight (AVX2: four) output channels or one for depthwise); one input channel into
# many through the taps.
FORWARD_CASES = [
    (2, 16, 20, 20, 24, (3, 3), 1, 1, 1, 1),    # the common layer: same size
    (1, 64, 19, 23, 24, (3, 3), 1, 1, 1, 1),    # batch 1: the run split across threads
    (2, 13, 9, 11, 11, (3, 3), 1, 1, 1, 1),     # odd channels: a partial block of eight
    (2, 24, 9, 9, 16, (3, 3), 2, 1, 1, 1),      # stride 2: even and odd columns apart
    (2, 8, 10, 13, 12, (3, 3), 2, 0, 1, 1),     # stride 2, no padding, odd width
    (2, 5, 11, 10, 7, (4, 3), (2, 3), (0, 2), 1, 1),  # mixed strides, even kernel height
    (2, 6, 13, 14, 9, (3, 3), 3, 1, 1, 1),      # stride 3
    (1, 16, 9, 40, 16, (3, 5), 1, (1, 2), (2, 1), 1),  # dilation
    (2, 16, 6, 6, 24, (1, 1), 1, 0, 1, 1),      # 1x1
    (2, 16, 7, 7, 20, (1, 1), 2, 0, 1, 1),      # 1x1 stride 2
    (4, 16, 8, 8, 16, (3, 3), 1, 1, 1, 2),      # groups of eight
    (2, 12, 9, 9, 18, (3, 3), 1, 1, 1, 3),      # groups of six outputs: one block, six real
    (2, 8, 7, 7, 8, (3, 3), 1, 1, 1, 8),        # depthwise
    (2, 8, 15, 13, 8, (3, 3), 2, 1, 1, 8),      # depthwise stride 2
    (2, 4, 9, 9, 8, (3, 3), 1, 2, 2, 4),        # two outputs per channel, dilated
    (2, 6, 12, 12, 6, (5, 5), 1, 2, 1, 6),      # depthwise 5x5
    (2, 3, 32, 32, 16, (3, 3), 1, 1, 1, 1),     # few input channels
    (2, 1, 28, 28, 8, (5, 5), 1, 0, 1, 1),      # one input channel into eight: the taps
    (1, 3, 5, 5, 2, (5, 5), 1, 0, 1, 1),        # a 1x1 output: the products
    (2, 8, 6, 6, 9, (3, 3), 1, 0, 1, 1),        # sixteen outputs, the fewest the kernel takes
    (2, 6, 30, 3, 9, (2, 2), 2, 0, 1, 1),       # narrow planes: a vector spans many rows
    (2, 4, 3, 40, 5, (3, 3), 1, 1, 1, 1),       # wide and short
    (2, 64, 7, 7, 64, (3, 3), 1, 1, 1, 1),      # 7x7 planes
]


def forward_model(x, w, b, stride, pad, dil, groups):
    N, C, H, W = x.shape
    O, Cg, kh, kw = w.shape
    Og = O // groups
    (sh, sw), (ph, pw), (dh, dw) = stride, pad, dil
    oh = (H + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (W + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    y = np.zeros((N, O, oh, ow)) + (0 if b is None else b[None, :, None, None])
    for gi in range(groups):
        cs, os_ = slice(gi * Cg, (gi + 1) * Cg), slice(gi * Og, (gi + 1) * Og)
        for i in range(kh):
            for j in range(kw):
                patch = xp[:, cs, i * dh:i * dh + (oh - 1) * sh + 1:sh, j * dw:j * dw + (ow - 1) * sw + 1:sw]
                y[:, os_] += np.einsum("oc,ncyq->noyq", w[os_, :, i, j], patch)
    return y


def forward_src(x, w, b, call, dtype="float32", layout=""):
    bs = "None" if b is None else "torch.tensor(%s, dtype=torch.%s)" % (json.dumps(b.tolist()), dtype)
    return f"""
import json
import torch
import torch.nn.functional as F
x = torch.tensor({json.dumps(x.tolist())}, dtype=torch.{dtype}){layout}
w = torch.tensor({json.dumps(w.tolist())}, dtype=torch.{dtype})
b = {bs}
y = {call}
print(json.dumps([list(y.shape), y.tolist(), x.is_contiguous()]))
"""


@pytest.mark.parametrize("case", FORWARD_CASES, ids=[str(c) for c in FORWARD_CASES])
def test_conv2d_forward_matches_the_model(case, env=None):
    N, C, H, W, O, k, s, p, d, groups = case
    s, p, d = pair(s), pair(p), pair(d)
    rng = np.random.default_rng(sum(map(hash, map(str, case))) % 2**32)
    x = rng.standard_normal((N, C, H, W)).astype(np.float32)
    w = rng.standard_normal((O, C // groups) + k).astype(np.float32)
    b = rng.standard_normal(O).astype(np.float32) if len(case) % 2 == 0 or O % 2 else None
    call = f"F.conv2d(x, w, b, stride={s}, padding={p}, dilation={d}, groups={groups})"
    shape, y, _ = run_tk(forward_src(x, w, b, call), env)
    m = forward_model(x.astype(np.float64), w.astype(np.float64), b, s, p, d, groups)
    assert shape == list(m.shape)
    np.testing.assert_allclose(np.array(y), m, rtol=1e-4, atol=1e-4)


# The AVX2 kernels (eight lanes, blocks of four channels) on an AVX-512 CPU too: the shapes
# whose edges differ between the widths (partial blocks of channels and of lanes, rows of
# several vectors, depthwise, strides).
AVX2_FORWARD = [FORWARD_CASES[i] for i in (0, 2, 3, 5, 7, 11, 12, 13, 19, 20, 22)]
AVX2_GRADS = [CASES[i] for i in (0, 1, 2, 3, 4, 5, 7, 10, 12, 13)]


@pytest.mark.parametrize("case", AVX2_FORWARD, ids=[str(c) for c in AVX2_FORWARD])
def test_conv2d_forward_avx2_kernels(case):
    test_conv2d_forward_matches_the_model(case, {"TK_CONV_ISA": "avx2"})


@pytest.mark.parametrize("case", AVX2_GRADS, ids=[str(c) for c in AVX2_GRADS])
def test_conv2d_gradients_avx2_kernels(case):
    test_conv2d_gradients_match_the_model(case, {"TK_CONV_ISA": "avx2"})


@pytest.mark.parametrize("layout,view,bias,stride", [
    (".transpose(-1, -2).contiguous().transpose(-1, -2)", lambda a: a, True, (1, 2)),  # columns apart
    (".transpose(-1, -2).contiguous().transpose(-1, -2)", lambda a: a, False, (1, 1)),
    ("[:, 1:11]", lambda a: a[:, 1:11], False, (1, 2)),  # some channels
    ("[:, 1:11]", lambda a: a[:, 1:11], True, (1, 1)),   # some channels, planes read in place
    ("[:, :, ::2]", lambda a: a[:, :, ::2], True, (1, 2)),  # every other row
    ("[:, :, ::2]", lambda a: a[:, :, ::2], True, (1, 1)),
])
def test_conv2d_forward_of_non_contiguous_inputs(layout, view, bias, stride):
    rng = np.random.default_rng(11)
    full = rng.standard_normal((3, 12, 18, 12)).astype(np.float32)
    x = view(full)
    w = rng.standard_normal((10, x.shape[1], 3, 3)).astype(np.float32)
    b = rng.standard_normal(10).astype(np.float32) if bias else None
    src = forward_src(full, w, b, "F.conv2d(x, w, b, stride=%s, padding=1)" % (stride,), layout=layout)
    shape, y, contiguous = run_tk(src)
    assert not contiguous
    m = forward_model(x.astype(np.float64), w.astype(np.float64), b, stride, (1, 1), (1, 1), 1)
    np.testing.assert_allclose(np.array(y), m, rtol=1e-4, atol=1e-4)


def test_conv_forward_float64_conv1d_and_threads():
    """float64 (the products), conv1d, and the same float32 values on one thread as on two."""
    rng = np.random.default_rng(5)
    x = rng.standard_normal((3, 10, 9, 12))
    w = rng.standard_normal((12, 10, 3, 3))
    b = rng.standard_normal(12)
    shape, y, _ = run_tk(forward_src(x, w, b, "F.conv2d(x, w, b, padding=1)", "float64"))
    np.testing.assert_allclose(np.array(y), forward_model(x, w, b, (1, 1), (1, 1), (1, 1), 1), rtol=1e-12, atol=1e-12)
    x1 = rng.standard_normal((5, 12, 37)).astype(np.float32)
    w1 = rng.standard_normal((10, 12, 5)).astype(np.float32)
    shape, y, _ = run_tk(forward_src(x1, w1, None, "F.conv1d(x, w, stride=2, padding=2)"))
    m = forward_model(x1[:, :, None].astype(np.float64), w1[:, :, None].astype(np.float64), None, (1, 2), (0, 2), (1, 1), 1)
    np.testing.assert_allclose(np.array(y), m[:, :, 0], rtol=1e-4, atol=1e-4)
    src = """
import json
import torch
import torch.nn.functional as F
torch.manual_seed(3)
x = torch.randn(2, 32, 30, 30)
w = torch.randn(24, 32, 3, 3)
print(json.dumps([F.conv2d(x, w, stride=2, padding=1).tolist(), F.conv2d(x[:1], w, padding=1).tolist()]))
"""
    outs = []
    for threads in ("1", "2"):
        with tempfile.NamedTemporaryFile("w", suffix=".py") as f:
            f.write(src)
            f.flush()
            env = dict(__import__("os").environ, TENSORKERNEL_NUM_THREADS=threads)
            p = subprocess.run([str(TK_PYTHON), f.name], capture_output=True, text=True, timeout=300, env=env)
        assert p.returncode == 0, p.stderr
        outs.append(p.stdout)
    assert outs[0] == outs[1]


def test_gradients_of_a_non_contiguous_output_gradient():
    """The output's gradient as a view (the expanded ones of y.sum(), a transposed layout,
    a broadcast row): the input's and weight's gradients are those of its contiguous copy bit
    for bit, whichever of them are asked for (one copy serves both); the bias's is made."""
    src = r"""
import json
import torch
import torch.nn.functional as F
torch.manual_seed(0)
out = []
for conv, xs, ws in ((F.conv1d, (6, 32, 50), (16, 32, 5)), (F.conv2d, (3, 8, 9, 11), (12, 8, 3, 3))):
    x0, w0, b0 = torch.randn(*xs), torch.randn(*ws), torch.randn(ws[0])
    ys = conv(x0, w0, b0).shape
    gt = torch.randn(*ys[:-2], ys[-1], ys[-2]).transpose(-1, -2)
    for g in (torch.ones(()).expand(ys), gt, torch.randn(ys[-1]).expand(ys)):
        for want in ((True, True), (True, False), (False, True)):
            grads = []
            for gg in (g, g.contiguous()):
                x = x0.clone().requires_grad_(want[0])
                w = w0.clone().requires_grad_(want[1])
                b = b0.clone().requires_grad_()
                conv(x, w, b).backward(gg)
                grads.append([t.grad.tolist() if t.grad is not None else None for t in (x, w, b)])
            out.append([g.is_contiguous(), grads[0][:2] == grads[1][:2], grads[0][2] is not None])
print(json.dumps(out))
"""
    res = run_tk(src)
    assert len(res) == 18
    assert all(not c and same and bias for c, same, bias in res), res
