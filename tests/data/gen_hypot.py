"""Writes hypot_torch.npz: real PyTorch's torch.hypot bits, read by tests/py/test_hypot.py.
Run with the oracle's python (../shared/oracle/setup.sh):  $PY tests/data/gen_hypot.py

Per dtype (float32, float64): operands x and y (specials, subnormals and values near the
underflow threshold, where SLEEF's hypot_u05 in PyTorch's vectorised loop and the C library's
hypot in its scalar loop disagree most, random bits, wide random ranges); the result as one
contiguous tensor (vectorised pairs plus the scalar tail), as stride-2 views (the scalar
loop), on the prefixes x[:n] (mostly tail), with a broadcast scalar operand, and the gradients
of sum(hypot(x, y) * w). float16 and bfloat16 results for the same inputs rounded to them."""
import pathlib

import numpy as np
import torch

torch.set_num_threads(1)
N = 2000
SIZES = (1, 7, 15, 16, 17, 31, 32, 33, 47, 48, 100)
PLACES = (5, 16, 32, 40, 1985, 1999)


def operand(dt, rng):
    fi = np.finfo(dt)
    it = np.uint32 if dt == np.float32 else np.uint64
    special = [0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 3.0, 4.0, fi.tiny, -fi.tiny,
               fi.smallest_subnormal, fi.max, -fi.max, fi.max / 2, fi.eps, 1e-30, 1e30]
    bits = rng.integers(0, np.iinfo(it).max, size=300, dtype=it, endpoint=True).view(dt)
    e = 160 if dt == np.float32 else 1060
    wide = rng.uniform(-1, 1, 600) * np.exp2(rng.integers(-e, e, 600).astype(np.float64))
    tiny = rng.uniform(-1, 1, 500) * float(fi.tiny) * np.exp2(rng.integers(-24, 3, 500).astype(np.float64))
    parts = [np.array(special, dt), bits, np.asarray(wide, dt), np.asarray(tiny, dt),
             rng.uniform(-10, 10, 300), rng.standard_normal(400)]
    v = np.concatenate([np.asarray(p, dt).ravel() for p in parts])[:N]
    assert len(v) == N
    return rng.permutation(v)


def main():
    np.seterr(over="ignore")
    out = {}
    rng = np.random.default_rng(20261207)
    for tn, dt in (("f32", np.float32), ("f64", np.float64)):
        x, y = operand(dt, rng), operand(dt, rng)
        # pairs of like magnitude, where the two terms both matter
        y[::3] = (x[::3] * rng.uniform(0.5, 2, len(x[::3]))).astype(dt)
        # move pairs on which the two loops disagree to where the split between them shows:
        # inside the prefixes and in the last 16 (AVX2's pairs of vectors cover them,
        # AVX-512's leave them to the scalar loop)
        vec = torch.hypot(torch.from_numpy(x), torch.from_numpy(y)).numpy()
        lib = torch.hypot(torch.from_numpy(np.repeat(x, 2))[::2], torch.from_numpy(np.repeat(y, 2))[::2]).numpy()
        iv = np.uint32 if dt == np.float32 else np.uint64
        odd = [int(i) for i in np.nonzero(vec.view(iv) != lib.view(iv))[0] if i not in PLACES]
        for p, i in zip(PLACES, odd):
            x[[p, i]], y[[p, i]] = x[[i, p]], y[[i, p]]
        out[f"x-{tn}"], out[f"y-{tn}"] = x, y
        t, u = torch.from_numpy(x), torch.from_numpy(y)
        out[f"c-{tn}"] = torch.hypot(t, u).numpy()
        out[f"s-{tn}"] = torch.hypot(torch.from_numpy(np.repeat(x, 2))[::2],
                                     torch.from_numpy(np.repeat(y, 2))[::2]).numpy()
        for n in SIZES:
            out[f"n{n}-{tn}"] = torch.hypot(t[:n].clone(), u[:n].clone()).numpy()
        for k, i in enumerate((0, 9, 11, 30)):  # scalar operands: 0, tiny, subnormal, other
            out[f"b{k}-{tn}"] = torch.hypot(t, u[i].clone()).numpy()
            out[f"r{k}-{tn}"] = torch.hypot(u[i].clone(), t).numpy()
        a = t.clone().requires_grad_()
        b = u.clone().requires_grad_()
        w = torch.linspace(-2, 2, N, dtype=t.dtype)
        (torch.hypot(a, b) * w).sum().backward()
        out[f"ga-{tn}"], out[f"gb-{tn}"] = a.grad.numpy(), b.grad.numpy()
        if tn == "f32":
            for hn, hd in (("f16", torch.float16), ("bf16", torch.bfloat16)):
                r = torch.hypot(t.to(hd), u.to(hd))
                out[f"c-{hn}"] = r.view(torch.int16).numpy()
    np.savez_compressed(pathlib.Path(__file__).with_name("hypot_torch.npz"), **out)


if __name__ == "__main__":
    main()
