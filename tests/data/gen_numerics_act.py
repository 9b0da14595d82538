"""Writes numerics_act_torch.npz: real PyTorch's bits for the piecewise activations of
torch.nn.functional (leaky_relu, hardtanh, relu6, hardsigmoid, hardswish, threshold, relu),
float64 gelu, gelu with the tanh approximation
and the gradients of those and of tanh and sigmoid, read by tests/py/test_numerics_act.py. Run with the
oracle's python (../shared/oracle/setup.sh):  $PY tests/data/gen_numerics_act.py

Per dtype (float32, float64): inputs x (numerics_torch.npz's sample after the values at the
functions' boundaries: -3, 3, the hardtanh bounds, signed zeros and their neighbours, NaN,
infinities), 1024 of them; each function on x contiguous, on a stride-2 view and on the
prefixes x[:n] for the small sizes; each gradient, for weights g (with an infinity and a NaN
among them), on x contiguous (whole pairs of vectors on any CPU: PyTorch's vectorised form)
and strided (its scalar loop's form), so the file holds for AVX2 and AVX-512 CPUs alike. A
prefix x[:n] runs its whole pairs of vectors (16 floats or 8 doubles with AVX2, twice that with
AVX-512) in the vectorised form and the rest in the scalar loop's: its bits for the AVX2 layout
are under the plain key, and where the AVX-512 layout's differ (gelu's tanh, SLEEF's in the
lanes and the C library's in the scalar loop), under the key + "@64", each element taken from
the contiguous result (vectorised) or the strided one (scalar loop) as the layout splits it;
the CPU that runs this checks that its own prefixes are one of the two."""
import pathlib

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
N = 1024
SIZES = (1, 7, 8, 9, 15, 16, 17, 31, 33, 100)
# name: (function of x, whether it has a gradient here)
FNS = {
    "leaky_relu": lambda v: F.leaky_relu(v),
    "leaky_relu02": lambda v: F.leaky_relu(v, 0.2),
    "leaky_relu_neg": lambda v: F.leaky_relu(v, -0.3),
    "leaky_relu_inplace": lambda v: F.leaky_relu(v * 1, 0.2, inplace=True),
    "hardtanh": lambda v: F.hardtanh(v),
    "hardtanh_ab": lambda v: F.hardtanh(v, -2.5, 0.5),
    "relu6": lambda v: F.relu6(v),
    "hardtanh_inplace": lambda v: F.hardtanh(v * 1, -1.0, 1.0, inplace=True),
    "hardsigmoid": F.hardsigmoid,
    "hardswish": F.hardswish,
    "threshold": lambda v: F.threshold(v, 0.5, -1.0),
    "threshold_up": lambda v: F.threshold(v, 0.5, 2.0),
    "threshold_inplace": lambda v: F.threshold(v * 1, 0.5, 2.0, inplace=True),
    "relu": torch.relu,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "gelu": F.gelu,
    "gelu_tanh": lambda v: F.gelu(v, approximate="tanh"),
}
FORWARD = [k for k in FNS if k not in ("tanh", "sigmoid")]
# float64 only (float32 gelu is oneDNN's in PyTorch), its gradient contiguous only (PyTorch's
# scalar loop computes the strided one with the C library's erf)
F64_ONLY = ("gelu",)


def inputs(dt, sample):
    it = np.uint32 if dt == np.float32 else np.uint64
    edges = []
    for c in (-3.0, 3.0, -1.0, 1.0, 6.0, -2.5, 0.5, 0.0, 2.0):
        b = np.array(c, dt).view(it).astype(np.int64) + np.arange(-2, 3)
        edges.append(b.astype(it).view(dt))
    special = np.array([0.0, -0.0, np.nan, np.inf, -np.inf, -3.0, 3.0, -1.0, 1.0, 6.0, -0.0, 1e-30,
                        -1e-30, np.finfo(dt).tiny, -np.finfo(dt).tiny], dt)
    x = np.concatenate([special] + edges + [sample])[:N]
    assert len(x) == N
    return x


def weights(dt):
    g = torch.linspace(-2, 3, N, dtype=dt)
    g[5], g[9], g[40] = float("inf"), float("nan"), -float("inf")
    return g


def same(a, b):
    it = np.uint32 if a.dtype == np.float32 else np.uint64
    return bool(np.all((a.view(it) == b.view(it)) | (np.isnan(a) & np.isnan(b))))


def layouts(c, s, n):
    """A prefix of n as the AVX2 (32) and AVX-512 (64) layouts split it: whole pairs of vectors
    from the vectorised result c, the rest from the scalar loop's s"""
    out = {}
    for w in (32, 64):
        nv = n - n % (2 * w // c.itemsize)
        out[w] = np.concatenate([c[:nv], s[nv:n]])
    return out


def main():
    dest = pathlib.Path(__file__).with_name("numerics_act_torch.npz")
    with np.load(pathlib.Path(__file__).with_name("numerics_torch.npz")) as f:
        samples = {tn: f[f"x-{tn}"] for tn in ("f32", "f64")}
    out = {}
    for tn, dt in (("f32", np.float32), ("f64", np.float64)):
        x = inputs(dt, samples[tn])
        out[f"x-{tn}"] = x
        t = torch.from_numpy(x)
        ts = torch.from_numpy(np.repeat(x, 2))[::2]
        g = weights(t.dtype)
        for name, f in FNS.items():
            if name in F64_ONLY and tn != "f64":
                continue
            if name in FORWARD:
                out[f"{name}-{tn}-c"] = f(t.clone()).numpy()
                out[f"{name}-{tn}-s"] = f(ts).numpy()
                c, s = out[f"{name}-{tn}-c"], out[f"{name}-{tn}-s"]
                for n in SIZES:
                    got, lay = f(t[:n].clone()).numpy(), layouts(c, s, n)
                    assert same(got, lay[32]) or same(got, lay[64]), (name, tn, n)
                    out[f"{name}-{tn}-n{n}"] = got if same(got, lay[32]) else lay[32]
                    if not same(lay[64], lay[32]):
                        out[f"{name}-{tn}-n{n}@64"] = lay[64]
            for k, step in (("c", 1), ("s", 2))[: 1 if name in F64_ONLY else 2]:
                leaf = torch.from_numpy(np.repeat(x, step)).requires_grad_()
                f(leaf[::step]).backward(g)
                out[f"{name}grad-{tn}-{k}"] = leaf.grad[::step].numpy().copy()
    np.savez_compressed(dest, **out)
    print(dest, sum(v.nbytes for v in out.values()), "bytes raw")


if __name__ == "__main__":
    main()
