"""Writes numerics_torch.npz: real PyTorch's bits for the elementwise float functions on a
fixed sample of inputs, read by tests/py/test_numerics.py. Run with the oracle's python
(../shared/oracle/setup.sh):  $PY tests/data/gen_numerics.py

Per dtype (float32, float64): inputs x (specials, values next to the functions' boundaries,
wide random ranges) and y (exponents for pow, second operands for atan2); for each function
its result on x as one contiguous tensor (PyTorch's vectorised loop plus its scalar tail), on
x as a stride-2 view (its scalar loop), and on the prefixes x[:n] for the small sizes."""
import pathlib

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


def main():
    out = {}
    rng = np.random.default_rng(20260101)
    for tn, dt in (("f32", np.float32), ("f64", np.float64)):
        x, y = inputs(dt, rng)
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
    dest = pathlib.Path(__file__).with_name("numerics_torch.npz")
    np.savez_compressed(dest, **out)
    print(dest, sum(v.nbytes for v in out.values()), "bytes raw")


if __name__ == "__main__":
    main()
