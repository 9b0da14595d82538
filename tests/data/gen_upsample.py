"""Writes tests/data/upsample_torch.npz: F.interpolate's outputs and input gradients from real
PyTorch (run with the oracle's python) for tests/py/test_upsample.py. Two threads, as the test
runs the kernel (PyTorch picks its bilinear kernel partly by thread count); float16 and bfloat16 results are kept
as float32. Each case keeps its
output and x's gradient, and its arguments as JSON; the input x and the output gradient g are
pseudo-random numbers both sides compute from the case number (fill()), exactly."""
import json
import pathlib

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(2)
OUT = pathlib.Path(__file__).resolve().parent / "upsample_torch.npz"

# (shape, mode, kwargs, dtype, layout): layout 'c' contiguous, 'cl' channels-last, 't' a
# transposed (non-contiguous) view of the spatial dims
CASES = []
for ac in (False, True):
    CASES += [
        ((1, 5, 28, 28), "bilinear", {"size": (56, 56), "align_corners": ac}, "f32", "c"),
        ((1, 3, 30, 50), "bilinear", {"size": (70, 100), "align_corners": ac}, "f32", "c"),
        ((1, 12, 5, 6), "bilinear", {"size": (10, 12), "align_corners": ac}, "f32", "c"),
        ((2, 3, 23), "linear", {"size": 31, "align_corners": ac}, "f32", "c"),
        ((1, 3, 4, 5, 6), "trilinear", {"size": (7, 9, 11), "align_corners": ac}, "f32", "c"),
        ((2, 3, 7, 9), "bicubic", {"size": (15, 20), "align_corners": ac}, "f32", "c"),
        ((1, 2, 20, 30), "bicubic", {"size": (50, 90), "align_corners": ac}, "f64", "c"),
        ((2, 4, 13, 17), "bilinear", {"size": (29, 35), "align_corners": ac}, "f64", "c"),
    ]
for sf in (1.5, 0.5, 3, 2.3):
    CASES += [
        ((2, 4, 14, 18), "bilinear", {"scale_factor": sf}, "f32", "c"),
        ((1, 3, 20, 50), "bilinear", {"scale_factor": sf}, "f32", "c"),
        ((2, 3, 14, 18), "nearest", {"scale_factor": sf}, "f32", "c"),
        ((1, 2, 12, 50), "nearest", {"scale_factor": sf}, "f64", "c"),
        ((2, 3, 14, 18), "nearest-exact", {"scale_factor": sf}, "f32", "c"),
        ((1, 2, 12, 50), "nearest-exact", {"scale_factor": sf}, "f64", "c"),
        ((2, 3, 11), "nearest", {"scale_factor": sf}, "f32", "c"),
        ((2, 3, 11), "nearest-exact", {"scale_factor": sf}, "f64", "c"),
        ((2, 3, 11), "linear", {"scale_factor": sf}, "f64", "c"),
        ((1, 2, 4, 5, 6), "nearest", {"scale_factor": sf}, "f32", "c"),
        ((1, 2, 4, 5, 6), "trilinear", {"scale_factor": sf}, "f32", "c"),
        ((1, 2, 9, 11), "bicubic", {"scale_factor": sf}, "f32", "c"),
        ((1, 2, 9, 11), "bicubic", {"scale_factor": sf, "align_corners": True}, "f64", "c"),
        ((2, 4, 14, 18), "bilinear", {"scale_factor": sf, "recompute_scale_factor": True}, "f32", "c"),
    ]
CASES += [
    ((1, 3, 3, 3), "nearest", {"scale_factor": 1.2}, "f32", "c"),
    ((1, 3, 3, 100), "nearest", {"scale_factor": 1.2}, "f64", "c"),
    ((1, 3, 5, 7), "nearest", {"size": (10, 14)}, "f32", "c"),
    ((2, 8, 9, 11), "bilinear", {"scale_factor": 2}, "f32", "cl"),
    ((1, 3, 30, 50), "bilinear", {"size": (70, 100)}, "f32", "cl"),
    ((1, 5, 12, 30), "bilinear", {"size": (27, 110)}, "f64", "cl"),
    ((2, 5, 9, 11), "nearest", {"scale_factor": 1.7}, "f32", "cl"),
    ((1, 5, 3, 4, 5), "trilinear", {"scale_factor": 2}, "f32", "cl"),
    ((1, 6, 3, 4, 5), "trilinear", {"scale_factor": 1.5, "align_corners": True}, "f64", "cl"),
    ((1, 5, 3, 4, 5), "nearest", {"scale_factor": 1.5}, "f32", "cl"),
    ((2, 3, 12, 10), "bilinear", {"size": (30, 20)}, "f32", "t"),
    ((2, 3, 12, 10), "bicubic", {"size": (30, 20)}, "f32", "t"),
    ((2, 3, 12, 10), "nearest", {"size": (30, 20)}, "f32", "t"),
    ((1, 16, 14, 14), "bilinear", {"scale_factor": 2}, "f32", "c"),
    ((1, 16, 14, 14), "nearest", {"scale_factor": 2}, "f32", "c"),
    # a one-channel gradient is channels-last too: PyTorch's channels-last 3-D backward
    ((2, 1, 8, 4, 12), "trilinear", {"size": (9, 12, 11)}, "f32", "c"),
    ((1, 1, 7, 10, 1), "trilinear", {"size": (6, 10, 11)}, "f64", "cl"),
    # channels-last trilinear with vector channels and a tail, sizes that tell the index rules
    ((2, 17, 12, 6, 7), "trilinear", {"size": (4, 5, 9)}, "f32", "cl"),
    ((1, 9, 4, 6, 7), "trilinear", {"size": (7, 11, 12), "align_corners": True}, "f64", "cl"),
    # bicubic to the same size with a scale: PyTorch's backward copies
    ((1, 2, 3, 4), "bicubic", {"scale_factor": 1.2}, "f32", "t"),
    ((2, 3, 13, 7), "bilinear", {"size": (90, 100)}, "f32", "cl"),
    # float16 / bfloat16 (compared as float32): PyTorch keeps the generic kernel's weights in
    # the input's dtype and sums in float
    ((1, 3, 20, 50), "bilinear", {"scale_factor": 2.5}, "f16", "c"),
    ((1, 3, 20, 50), "bilinear", {"scale_factor": 2.5}, "bf16", "c"),
    ((1, 5, 9, 11), "bilinear", {"scale_factor": 2}, "bf16", "c"),
    ((1, 3, 9, 11), "bicubic", {"scale_factor": 1.5}, "bf16", "c"),
    ((1, 3, 9, 11), "bicubic", {"scale_factor": 1.5, "align_corners": True}, "f16", "c"),
    ((2, 3, 23), "linear", {"scale_factor": 1.7}, "f16", "c"),
    ((1, 2, 4, 5, 6), "trilinear", {"scale_factor": 1.5}, "bf16", "c"),
    ((1, 3, 9, 11), "nearest", {"scale_factor": 1.5}, "bf16", "c"),
    ((1, 3, 9, 11), "nearest-exact", {"scale_factor": 1.5}, "f16", "c"),
]
DTYPES = {"f32": torch.float32, "f64": torch.float64, "f16": torch.float16, "bf16": torch.bfloat16}


def layout(x, how):
    if how == "cl":  # channels-last strides (the memory format's layout)
        to, back = ((0, 2, 3, 1), (0, 3, 1, 2)) if x.dim() == 4 else ((0, 2, 3, 4, 1), (0, 4, 1, 2, 3))
        return x.permute(*to).contiguous().permute(*back)
    if how == "t":
        return x.transpose(-1, -2).contiguous().transpose(-1, -2)
    return x


def fill(n, seed, dtype):
    """n numbers in [-2, 2) from a multiplicative hash of their positions (test_upsample.py
    makes the same ones)."""
    vals = [((k * 2654435761 + seed * 40503) % 4294967291) / 4294967291.0 * 4.0 - 2.0
            for k in range(n)]
    return torch.tensor(vals, dtype=torch.float64).to(dtype)


def main():
    arrays, meta = {}, []
    for i, (shape, mode, kw, dt, lay) in enumerate(CASES):
        tdt = DTYPES[dt]
        x = fill(int(np.prod(shape)), 2 * i, tdt).reshape(shape)
        xt = layout(x, lay).requires_grad_(True)
        out = F.interpolate(xt, mode=mode, **kw)
        g = fill(out.numel(), 2 * i + 1, tdt).reshape(out.shape)
        out.backward(g)
        wide = torch.float64 if dt == "f64" else torch.float32
        arrays[f"out{i}"] = out.detach().contiguous().to(wide).numpy()
        arrays[f"gx{i}"] = xt.grad.contiguous().to(wide).numpy()
        kw = {k: list(v) if isinstance(v, tuple) else v for k, v in kw.items()}
        meta.append({"shape": list(shape), "dtype": dt, "mode": mode, "kw": kw, "layout": lay, "grad_fn": out.grad_fn.name(),
                     "out_cl": bool(out.dim() >= 4 and not out.is_contiguous())})
    arrays["meta"] = np.array(json.dumps(meta))
    np.savez_compressed(OUT, **arrays)


if __name__ == "__main__":
    main()
