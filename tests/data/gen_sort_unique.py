"""Writes sort_unique_numpy.npz: real NumPy's np.sort and np.unique and real PyTorch's
torch.unique on inputs with NaNs (both signs), -0.0, infinities, duplicates and extreme
integers, read by tests/py/test_sort_unique.py.
Run with the oracle's python (../shared/oracle/setup.sh):  $PY tests/data/gen_sort_unique.py

Keys: "x-NAME" an input; "sort-NAME-AXIS" np.sort(x, axis, kind="stable") (AXIS "none" for
axis=None); "unique-NAME-FLAGS" the parts of np.unique(x, ...) for FLAGS, letters i (index),
v (inverse), c (counts), e (equal_nan=False), a0/a1 (axis), joined by "|" in the key's tail
"-pK" for part K; "tunique-NAME-FLAGS" likewise for torch.unique(sorted=True, ...) with v
(return_inverse), c (return_counts). An array stored before under another key is
"alias-KEY" holding that key. Inputs longer than 5000 keep only the values and counts.
"""
import itertools
import pathlib

import numpy as np
import torch

torch.set_num_threads(1)


def pool(rng, dt, m):
    """m values of float dtype dt with the specials among them."""
    fi = np.finfo(dt)
    special = [0.0, -0.0, np.inf, -np.inf, np.nan, -np.nan, 1.0, -1.0, fi.tiny, -fi.tiny,
               fi.smallest_subnormal, -fi.smallest_subnormal, fi.max, -fi.max]
    wide = rng.uniform(-1, 1, m) * np.exp2(rng.integers(-60, 60, m).astype(np.float64))
    v = np.concatenate([np.array(special, dt), np.asarray(wide, dt)])
    nan2 = np.array([0x7FC00001 if dt == np.float32 else 0x7FF8000000000001],
                    np.uint32 if dt == np.float32 else np.uint64).view(dt)  # another payload
    return np.concatenate([v, nan2])


def floats(rng, dt, n, m):
    p = pool(rng, dt, m)
    return p[rng.integers(0, len(p), n)]


def ints(rng, dt, n, lo=None, hi=None):
    ii = np.iinfo(dt)
    lo = ii.min if lo is None else lo
    hi = ii.max if hi is None else hi
    x = rng.integers(lo, hi, n, dtype=dt, endpoint=True)
    x[:2] = [lo, hi]
    return rng.permutation(x)


def main():
    rng = np.random.default_rng(20261207)
    xs = {
        "f32s": floats(rng, np.float32, 37, 10),
        "f64s": floats(rng, np.float64, 47, 10),
        "f32m": floats(rng, np.float32, 1000, 300),
        "f64m": floats(rng, np.float64, 5000, 1000),
        "f32b": floats(rng, np.float32, 70000, 3000),
        "f64b": floats(rng, np.float64, 70000, 3000),
        "f64r": rng.random(3000),  # no specials
        "i64": ints(rng, np.int64, 5000),
        "i64b": rng.choice(ints(rng, np.int64, 3000, -(1 << 40), 1 << 40), 70000),
        "i64c": ints(rng, np.int64, 20000, -500, 1500),  # a narrow span
        "i32": ints(rng, np.int32, 5000),
        "i32c": ints(rng, np.int32, 3000, 0, 40),
        "i16": ints(rng, np.int16, 3000),
        "i8": ints(rng, np.int8, 300),
        "u8": ints(rng, np.uint8, 300),
        "bool": rng.random(100) < 0.3,
        "empty": np.zeros(0, np.float64),
        "one": np.array([-0.0]),
        "f64_2d": floats(rng, np.float64, 50 * 60, 40).reshape(50, 60),
        "f32_3d": floats(rng, np.float32, 4 * 70 * 3, 30).reshape(4, 70, 3),
        "i64_3d": ints(rng, np.int64, 4 * 5 * 6, -5, 5).reshape(4, 5, 6),
        "i64_rows": ints(rng, np.int64, 40 * 3, 0, 2).reshape(40, 3),
        "f64_rows": np.array([[1.0, -0.0], [0.0, 2.0], [1.0, 0.0], [0.0, 2.0], [-1.0, 5.0]]),
    }
    out = {f"x-{k}": v for k, v in xs.items()}
    for k, x in xs.items():
        axes = [-1] + ([None, 0, 1] if x.ndim >= 2 else [None, 0])
        for ax in axes:
            if k in ("bool",):
                continue
            out[f"sort-{k}-{'none' if ax is None else ax}"] = np.sort(x, axis=ax, kind="stable")
        if k.endswith("_3d"):
            continue
        axis_opts = [None] + ([0, 1] if k.endswith("_rows") else [])
        for ax in axis_opts:
            for i, v, c in itertools.product((False, True), repeat=3):
                if x.size > 5000 and (i or v):
                    continue  # long inputs: values and counts
                for e in ((True, False) if x.dtype.kind == "f" and ax is None else (True,)):
                    r = np.unique(x, return_index=i, return_inverse=v, return_counts=c, axis=ax,
                                  equal_nan=e)
                    parts = r if isinstance(r, tuple) else (r,)
                    flags = "i" * i + "v" * v + "c" * c + ("e" if not e else "") + ("" if ax is None else f"a{ax}")
                    for p, a in enumerate(parts):
                        out[f"unique-{k}-{flags}-p{p}"] = a
        if x.ndim == 1 and k != "empty":
            t = torch.from_numpy(x)
            for v, c in itertools.product((False, True), repeat=2):
                if x.size > 5000 and v:
                    continue
                r = torch.unique(t, sorted=True, return_inverse=v, return_counts=c)
                parts = r if isinstance(r, tuple) else (r,)
                for p, a in enumerate(parts):
                    out[f"tunique-{k}-{'v' * v + 'c' * c}-p{p}"] = a.numpy()
    seen, kept = {}, {}
    for k, a in out.items():  # an array seen before is stored as "alias-KEY": the first key
        sig = (a.dtype.str, a.shape, a.tobytes())
        if sig in seen and not k.startswith("x-"):
            kept["alias-" + k] = np.array(seen[sig])
        else:
            seen.setdefault(sig, k)
            kept[k] = a
    np.savez_compressed(pathlib.Path(__file__).with_name("sort_unique_numpy.npz"), **kept)


if __name__ == "__main__":
    main()
