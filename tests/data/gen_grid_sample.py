"""Writes grid_sample_torch.npz: real PyTorch's F.grid_sample and F.affine_grid, read by
tests/py/test_grid_sample.py. Run with the oracle's python:
    ~/.cache/tk-oracle/bin/python tests/data/gen_grid_sample.py

Per case (every mode, padding mode and align_corners, 4-D and 5-D input, float32 and one
float64 set): the input x, the grid g (points past the borders, exact borders and the centre
included), an output gradient go, and PyTorch's output y and gradients gx, gg. Then
affine_grid's grids for 2-D and 3-D thetas, and PyTorch's messages for bad calls."""
import json
import pathlib

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)
out, cases = {}, []
for dtype in ("float32", "float64"):
    for d in (2, 3):
        for mode in ("bilinear", "nearest", "bicubic"):
            if d == 3 and mode == "bicubic":
                continue
            for pad in ("zeros", "border", "reflection"):
                for ac in (False, True):
                    if dtype == "float64" and (pad == "border" or d == 3):
                        continue
                    cases.append((dtype, d, mode, pad, ac, "contiguous", 1.3))
# grids laid out otherwise (ATen walks their points in other vectors), points far outside
for mode in ("bilinear", "bicubic", "nearest"):
    for layout in ("permuted", "strided"):
        cases.append(("float32", 2, mode, "zeros", False, layout, 1.3))
    cases.append(("float32", 2, mode, "reflection", False, "contiguous", 4.5))
    cases.append(("float32", 2, mode, "reflection", True, "strided", 4.5))
    cases.append(("float32", 2, mode, "border", True, "contiguous", 3.0))


def grid_of(layout, n, osp, d, dt, scale):
    """A grid of values in [-scale, scale] with the given memory layout (same values)."""
    g = torch.rand((n,) + osp + (d,), dtype=dt) * 2 * scale - scale
    g.view(-1)[:6] = torch.tensor([-1.0, 1.0, 0.0, 1.3, -1.3, 0.5], dtype=dt)
    return g


for i, (dtype, d, mode, pad, ac, layout, scale) in enumerate(cases):
    dt = getattr(torch, dtype)
    sp = (5, 7) if d == 2 else (3, 4, 5)
    osp = (4, 6) if d == 2 else (2, 3, 4)
    x = torch.randn((2, 3) + sp, dtype=dt)
    g = grid_of(layout, 2, (5, 11) if layout != "contiguous" else osp, d, dt, scale)
    xr, gr = x.clone().requires_grad_(), g.clone().requires_grad_()
    if layout == "permuted":      # [N, 2, H, W] storage, as from a conv net
        gu = gr.permute(0, 3, 1, 2).contiguous().permute(0, 2, 3, 1)
        xu = xr.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2)
    elif layout == "strided":     # every other column: rows apart
        gu, xu = gr[:, :, ::2], xr.transpose(2, 3).contiguous().transpose(2, 3)
    else:
        gu, xu = gr, xr
    y = F.grid_sample(xu, gu, mode=mode, padding_mode=pad, align_corners=ac)
    go = torch.randn(y.shape, dtype=dt)
    y.backward(go)
    for k, v in dict(x=x, g=g, go=go, y=y.detach(), gx=xr.grad, gg=gr.grad).items():
        out[f"{i}-{k}"] = v.numpy()
theta2, theta3 = torch.randn(3, 2, 3), torch.randn(2, 3, 4)
out["theta2"], out["theta3"] = theta2.numpy(), theta3.numpy()
for ac in (False, True):
    out[f"affine2-{ac}"] = F.affine_grid(theta2, (3, 1, 4, 5), align_corners=ac).numpy()
    out[f"affine3-{ac}"] = F.affine_grid(theta3, (2, 1, 2, 3, 4), align_corners=ac).numpy()
    out[f"affine2-unit-{ac}"] = F.affine_grid(theta2, (3, 1, 1, 5), align_corners=ac).numpy()
t = theta2.clone().requires_grad_()
G = F.affine_grid(t, (3, 1, 4, 5), align_corners=False)
G.backward(torch.arange(G.numel(), dtype=G.dtype).reshape(G.shape) / 7)
out["affine-grad"], out["affine-grad-fn"] = t.grad.numpy(), np.array(G.grad_fn.name())
CALLS = [
    "F.grid_sample(x, g[..., :1], align_corners=False)",
    "F.grid_sample(x, g[:1], align_corners=False)",
    "F.grid_sample(x[0], g[0], align_corners=False)",
    "F.grid_sample(x, g.unsqueeze(1), align_corners=False)",
    "F.grid_sample(x[:, :, :0], g, align_corners=False)",
    "F.grid_sample(x, g, mode='area')",
    "F.grid_sample(x, g, padding_mode='wrap')",
    "F.grid_sample(x, g.double(), align_corners=False)",
    "F.grid_sample(x.long(), g.long(), align_corners=False)",
    "F.grid_sample(x, g, align_corners=True)",
    "F.affine_grid(torch.zeros(2, 2, 3, dtype=torch.long), (2, 1, 3, 3), align_corners=False)",
    "F.affine_grid(torch.zeros(2, 3, 3), (2, 1, 3, 3), align_corners=False)",
    "F.affine_grid(torch.zeros(2, 2, 3), (2, 1, 3), align_corners=False)",
    "F.affine_grid(torch.zeros(2, 2, 3), (2, 1, 0, 3), align_corners=False)",
    "F.affine_grid(torch.zeros(2, 3, 4), (2, 1, 2, 3, 3), align_corners=False)",
    "F.affine_grid(torch.zeros(2, 2, 3), torch.Size([2, 1, 3, 3]), align_corners=False)",
]
x, g = torch.randn(2, 3, 4, 5), torch.rand(2, 3, 3, 2) * 2 - 1
errors = []
for call in CALLS:
    try:
        r = eval(call)
        errors.append("OK %s" % list(r.shape))
    except Exception as e:
        errors.append("%s: %s" % (type(e).__name__, e))
out["cases"] = np.array(json.dumps(cases))
out["calls"] = np.array(CALLS)
out["errors"] = np.array(errors)
np.savez(pathlib.Path(__file__).with_name("grid_sample_torch.npz"), **out)
