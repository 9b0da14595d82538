"""Writes numerics_torch.npz: real PyTorch's bits for the elementwise float functions on a
fixed sample of inputs, read by tests/py/test_numerics.py. Run with the oracle's python
(../shared/oracle/setup.sh):  $PY tests/data/gen_numerics.py [--fresh]

Per dtype (float32, float64): inputs x (specials, values next to the functions' boundaries,
wide random ranges) and y (exponents for pow, second operands for atan2); for each function
its result on x as one contiguous tensor (PyTorch's vectorised loop plus its scalar tail), on
x as a stride-2 view (its scalar loop), and on the prefixes x[:n] for the small sizes.

PyTorch's vectorised loops take whole pairs of vectors, 512-bit ones on a CPU with AVX-512
(F, BW, DQ, VL) and 256-bit ones otherwise, and leave the rest to the scalar loop, so some
results depend on the kind of CPU. The file keeps both: each function's results on an
AVX-512 CPU under its own key, and where an AVX2 CPU's differ, the differing elements under
"avx2:KEY:i" (their indices) and "avx2:KEY:v" (their values). A run replaces the results of
its own kind of CPU and keeps the other kind's from the file already there."""
import pathlib
import sys

import numpy as np
import torch

torch.set_num_threads(1)
N = 1000
SIZES = (1, 7, 8, 9, 15, 16, 17, 31, 33, 100)
UNARY = ("exp", "log", "log2", "log10", "log1p", "expm1", "sqrt", "rsqrt", "sin", "cos", "tan",
         "asin", "acos", "atan", "sinh", "cosh", "tanh", "erf", "sigmoid", "reciprocal", "erfc",
         "erfinv", "asinh", "acosh", "atanh", "exp2", "lgamma", "digamma")
POWS = (2.0, 3.0, 0.5, -1.0, 1.5, -0.5)
ACTS = ("silu", "softplus", "elu", "selu", "mish", "logsigmoid", "gelu")
# activations whose backward kernel is ATen's vectorised formula on every CPU
GRAD_ACTS = ("softplus", "elu", "selu", "logsigmoid")


def inputs(dt, rng):
    fi = np.finfo(dt)
    it = np.uint32 if dt == np.float32 else np.uint64
    special = [0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 0.5, -0.5, 2.0, 3.0, 10.0, 1e-8, -1e-8,
               fi.tiny, fi.smallest_subnormal, fi.max, -fi.max, 88.72283, -87.33654, -103.9, 104.0,
               709.78, -745.1, 710.0, 18.7, 9.0, 20.0, 36.8, -36.8]
    near = []
    for c in (1.0, 0.5, -1.0, 1e-4, np.pi / 2, np.pi, 0.75, 1.5):
        b = np.array(c, dt).view(it).astype(np.int64) + np.arange(-4, 5)
        near.append(b.astype(it).view(dt))
    bits = rng.integers(0, np.iinfo(it).max, size=200, dtype=it, endpoint=True).view(dt)
    bits = bits[np.isfinite(bits)]
    parts = [np.array(special, dt)] + near + [
        bits, rng.uniform(-1, 1, 200), rng.uniform(-10, 10, 200), rng.uniform(-100, 100, 100),
        np.sign(rng.uniform(-1, 1, 200)) * 10.0 ** rng.uniform(-12, 12, 200), rng.uniform(0, 3, 100)]
    x = np.concatenate([np.asarray(p, dt).ravel() for p in parts])[:N]
    assert len(x) == N
    y = rng.uniform(-6, 6, N).astype(dt)
    y[: N // 4] = rng.integers(-4, 5, N // 4)
    return x, y


def vec_bytes():
    """The width of the vectors PyTorch's kernels use on this CPU."""
    flags = set(pathlib.Path("/proc/cpuinfo").read_text().split())
    return 64 if {"avx512f", "avx512bw", "avx512dq", "avx512vl"} <= flags else 32


def split(data):
    """The AVX-512 results and the AVX2 ones (full arrays) held in an npz's arrays."""
    wide = {k: v for k, v in data.items() if not k.startswith("avx2:")}
    narrow = {k: v.copy() for k, v in wide.items()}
    for k, v in wide.items():
        if f"avx2:{k}:i" in data:
            narrow[k][data[f"avx2:{k}:i"]] = data[f"avx2:{k}:v"]
    return wide, narrow


def join(wide, narrow):
    """The npz's arrays for the two sets of results."""
    out = dict(wide)
    for k, w in wide.items():
        n = narrow[k]
        iv = np.uint32 if w.dtype == np.float32 else np.uint64
        differ = np.flatnonzero(w.view(iv) != n.view(iv))
        if len(differ):
            out[f"avx2:{k}:i"] = differ.astype(np.int32)
            out[f"avx2:{k}:v"] = n[differ]
    return out


def main():
    dest = pathlib.Path(__file__).with_name("numerics_torch.npz")
    old = None
    if dest.exists() and "--fresh" not in sys.argv:
        with np.load(dest) as f:
            old = dict(f)
    out = {}
    rng = np.random.default_rng(20260101)
    for tn, dt in (("f32", np.float32), ("f64", np.float64)):
        # the stored sample when there is one (numpy's pow can round differently elsewhere)
        x, y = inputs(dt, rng) if old is None else (old[f"x-{tn}"], old[f"y-{tn}"])
        out[f"x-{tn}"], out[f"y-{tn}"] = x, y
        t, u = torch.from_numpy(x), torch.from_numpy(y)
        ts = torch.from_numpy(np.repeat(x, 2))[::2]
        fns = [(n, getattr(torch, n)) for n in UNARY]
        fns += [(f"pow{p:g}", (lambda p: lambda v: torch.pow(v, p))(p)) for p in POWS]
        fns += [(a, getattr(torch.nn.functional, a)) for a in ACTS]
        for name, f in fns:
            out[f"{name}-{tn}-c"] = f(t).numpy()
            out[f"{name}-{tn}-s"] = f(ts).numpy()
            for n in SIZES:
                out[f"{name}-{tn}-n{n}"] = f(t[:n].clone()).numpy()
        # their gradients on x (whole pairs of vectors: no scalar tail) for the weights g
        m = len(x) // 32 * 32
        g = torch.linspace(-2, 3, m, dtype=t.dtype)
        for a in GRAD_ACTS:
            v = t[:m].clone().requires_grad_()
            getattr(torch.nn.functional, a)(v).backward(g)
            out[f"{a}grad-{tn}-c"] = v.grad.numpy()
        out[f"powt-{tn}-c"] = torch.pow(t.abs(), u).numpy()
        out[f"atan2-{tn}-c"] = torch.atan2(t, u).numpy()
        # softmax and log_softmax along the last dim, rows of 40 and of 7 (finite inputs), and
        # the log_softmax backward of a weighted sum
        f = torch.from_numpy(np.nan_to_num(x, posinf=50.0, neginf=-50.0).clip(-50, 50))
        for fn in ("softmax", "log_softmax"):
            for c in (40, 7):
                v = f[: len(f) // c * c].reshape(-1, c)
                out[f"{fn}{c}-{tn}-c"] = getattr(torch, fn)(v, 1).numpy().ravel()
            v = f[:1000].reshape(25, 40).clone().requires_grad_()
            w = torch.arange(1000, dtype=v.dtype).reshape(25, 40) / 7
            (getattr(torch, fn)(v, 1) * w).sum().backward()
            out[f"{fn}grad-{tn}-c"] = v.grad.numpy().ravel()
    if old is not None:
        wide, narrow = split(old)
        for k in out.keys() - wide.keys():  # new entries: this CPU's for both until rerun
            wide[k] = narrow[k] = out[k]
    else:
        wide, narrow = dict(out), dict(out)
    if vec_bytes() == 64:
        wide = out
    else:
        narrow = out
    np.savez_compressed(dest, **join(wide, narrow))
    print(dest, sum(v.nbytes for v in out.values()), "bytes raw")


if __name__ == "__main__":
    main()
