"""Writes hypot_torch.npz: real PyTorch's torch.hypot bits, read by tests/py/test_hypot.py.
Run with the oracle's python (../shared/oracle/setup.sh):  $PY tests/data/gen_hypot.py

PyTorch's hypot computes SLEEF's hypot_u05 over the whole pairs of vectors of a contiguous
(or broadcast) range and the C library's hypot in its scalar loop (the rest, strided
operands). Where that split falls depends on the CPU's vectors (AVX2's or AVX-512's), so this
file keeps both values of every element: "v" from contiguous tensors whose length is a whole
number of pairs on either CPU, "l" from stride-2 views; the test puts them together by the
split of the CPU it runs on.

Per dtype (float32, float64): operands x and y (specials, subnormals and values near the
underflow threshold, where the two disagree most, random bits, wide random ranges), with pairs
on which they disagree moved into the prefixes the test takes and into the last elements;
hypot(x, y), hypot(x, y[i]) and hypot(y[i], x) for a few scalars y[i]; the gradients of
sum(hypot(x, y) * w) over the first 1984 elements (all in whole pairs); float16 and bfloat16
results there too."""
import pathlib

import numpy as np
import torch

torch.set_num_threads(1)
N = 2000
WHOLE = 1984  # a multiple of 32 floats and of 16 doubles: every element in whole pairs
PLACES = (5, 16, 32, 40, 1985, 1999)
SCALARS = (0, 9, 11, 30)


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


def both(f, a, b):
    """f's results as the vectorised loop gives them (a contiguous run padded to a whole
    number of pairs) and as the scalar loop does (stride-2 views); a or b may be 0-dim."""
    pad = lambda t: t if t.ndim == 0 else torch.cat([t, torch.ones(64 - len(t) % 64, dtype=t.dtype)])
    n = max(a.numel(), b.numel())
    vec = f(pad(a), pad(b))[:n].numpy()
    wide = lambda t: t if t.ndim == 0 else t.repeat_interleave(2)[::2]
    return vec, f(wide(a), wide(b)).numpy()


def main():
    np.seterr(over="ignore")
    out = {}
    rng = np.random.default_rng(20261207)
    for tn, dt in (("f32", np.float32), ("f64", np.float64)):
        x, y = operand(dt, rng), operand(dt, rng)
        y[::3] = (x[::3] * rng.uniform(0.5, 2, len(x[::3]))).astype(dt)  # like magnitudes
        vec, lib = both(torch.hypot, torch.from_numpy(x), torch.from_numpy(y))
        iv = np.uint32 if dt == np.float32 else np.uint64
        odd = [int(i) for i in np.nonzero(vec.view(iv) != lib.view(iv))[0]
               if i not in PLACES and i not in SCALARS]
        for p, i in zip(PLACES, odd):
            x[[p, i]], y[[p, i]] = x[[i, p]], y[[i, p]]
        out[f"x-{tn}"], out[f"y-{tn}"] = x, y
        t, u = torch.from_numpy(x), torch.from_numpy(y)
        out[f"v-{tn}"], out[f"l-{tn}"] = both(torch.hypot, t, u)
        for k, i in enumerate(SCALARS):
            out[f"bv{k}-{tn}"], out[f"bl{k}-{tn}"] = both(torch.hypot, t, u[i].clone())
            out[f"rv{k}-{tn}"], out[f"rl{k}-{tn}"] = both(torch.hypot, u[i].clone(), t)
        # the split as the test models it reproduces this CPU's torch on every layout
        pair = (128 if torch.backends.cpu.get_cpu_capability().startswith("AVX512") else 64) // x.itemsize
        for n in (1, 7, 16, 17, 31, 33, 47, 48, 100, N):
            want = torch.hypot(t[:n].clone(), u[:n].clone()).numpy()
            m = n - n % pair
            got = np.concatenate([out[f"v-{tn}"][:m], out[f"l-{tn}"][m:n]])
            assert np.array_equal(want.view(iv), got.view(iv), equal_nan=False) or \
                np.array_equal(want, got, equal_nan=True), n
        a = t[:WHOLE].clone().requires_grad_()
        b = u[:WHOLE].clone().requires_grad_()
        w = torch.linspace(-2, 2, WHOLE, dtype=t.dtype)
        (torch.hypot(a, b) * w).sum().backward()
        out[f"ga-{tn}"], out[f"gb-{tn}"] = a.grad.numpy(), b.grad.numpy()
        if tn == "f32":
            for hn, hd in (("f16", torch.float16), ("bf16", torch.bfloat16)):
                r = torch.hypot(t[:WHOLE].to(hd), u[:WHOLE].to(hd))
                out[f"h-{hn}"] = r.view(torch.int16).numpy()
    np.savez_compressed(pathlib.Path(__file__).with_name("hypot_torch.npz"), **out)


if __name__ == "__main__":
    main()
