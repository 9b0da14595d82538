"""Property tests: random shapes, strides (transposed, sliced, expanded) and dtypes; the
kernel's elementwise ops, reductions and matmul compared with NumPy in this process.
All cases run in one kernel session so the suite stays fast."""
import ast
import random

import numpy as np
import pytest

from conftest import execute, started_kernel, stdout_of

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32",
          "float64"]
# NumPy has no bfloat16: its expected values are computed in float32 and compared loosely.
NP = {"bool": np.bool_, "uint8": np.uint8, "int8": np.int8, "int16": np.int16, "int32": np.int32,
      "int64": np.int64, "float16": np.float16, "bfloat16": np.float32, "float32": np.float32,
      "float64": np.float64}
KIND = {"bool": 0, "uint8": 1, "int8": 1, "int16": 1, "int32": 1, "int64": 1, "float16": 2,
        "bfloat16": 2, "float32": 2, "float64": 2}
SIZE = {"bool": 1, "uint8": 1, "int8": 1, "int16": 2, "int32": 4, "int64": 8, "float16": 2,
        "bfloat16": 2, "float32": 4, "float64": 8}
TOL = {"float16": 1e-2, "bfloat16": 2e-2, "float32": 1e-3, "float64": 1e-9}


def torch_promote(a, b):
    """PyTorch's promote_types."""
    if a == b:
        return a
    if KIND[a] != KIND[b]:
        return a if KIND[a] > KIND[b] else b
    if {a, b} == {"float16", "bfloat16"}:
        return "float32"
    if "uint8" in (a, b):
        other = b if a == "uint8" else a
        return "int16" if other == "int8" else other
    return a if SIZE[a] >= SIZE[b] else b


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    yield from started_kernel("import torch")


def run(kc, code):
    reply, msgs = execute(kc, code)
    assert reply["status"] == "ok", (code, reply.get("ename"), reply.get("evalue"))
    return stdout_of(msgs)


def values(rng, shape, dtype):
    n = int(np.prod(shape)) if shape else 1
    if dtype == "bool":
        flat = [rng.random() < 0.5 for _ in range(n)]
    elif dtype == "uint8":
        flat = [rng.randrange(0, 10) for _ in range(n)]
    elif KIND[dtype] == 1:
        flat = [rng.randrange(-9, 10) for _ in range(n)]
    else:
        flat = [rng.randrange(-40, 41) / 4 for _ in range(n)]
    return np.array(flat, dtype=NP[dtype]).reshape(shape)


def view_of(rng, arr):
    """A random strided view: (kernel expression suffix, numpy view)."""
    choice = rng.choice(["plain", "transpose", "slice", "expand"])
    if choice == "transpose" and arr.ndim >= 2:
        return ".transpose(0, %d)" % (arr.ndim - 1), np.swapaxes(arr, 0, arr.ndim - 1)
    if choice == "slice" and arr.shape[0] > 1:
        return "[::2]", arr[::2]
    if choice == "expand" and arr.ndim >= 1:
        k = rng.randrange(2, 4)
        dims = ", ".join(str(d) for d in (k,) + arr.shape)
        return ".unsqueeze(0).expand(%s)" % dims, np.broadcast_to(arr, (k,) + arr.shape)
    return "", arr


def close(got, want, dtype):
    want = np.asarray(want)
    got = np.asarray(got, dtype=want.dtype if want.dtype != object else None)
    assert got.shape == want.shape
    if KIND[dtype] == 2:
        np.testing.assert_allclose(got, want, rtol=TOL[dtype], atol=TOL[dtype])
    else:
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("seed", range(40))
def test_elementwise(kc, seed):
    rng = random.Random(seed)
    shape = tuple(rng.randrange(1, 5) for _ in range(rng.randrange(1, 4)))
    da, db = rng.choice(DTYPES), rng.choice(DTYPES)
    a, b = values(rng, shape, da), values(rng, shape, db)
    va, av = view_of(rng, a)
    # b matches the view's shape through broadcasting from its last dims
    bv = np.ascontiguousarray(values(rng, av.shape[-1:], db))
    op = rng.choice(["+", "*", "-"] if "bool" not in (da, db) else ["*", "+"])
    if op == "-" and "uint8" in (da, db):
        op = "+"
    if op == "+" and da == db == "bool":
        op = "*"
    code = ("a = torch.tensor(%r, dtype=torch.%s)%s\nb = torch.tensor(%r, dtype=torch.%s)\n"
            "c = a %s b\nprint(c.dtype)\nprint(c.tolist())\nprint(a.is_contiguous())"
            % (a.tolist(), da, va, bv.tolist(), db, op))
    out = run(kc, code).splitlines()
    rt = torch_promote(da, db)
    assert out[0] == "torch." + rt
    with np.errstate(over="ignore"):
        want = {"+": np.add, "*": np.multiply, "-": np.subtract}[op](
            av.astype(NP[rt]), bv.astype(NP[rt]))
    if rt == "bool":
        want = want.astype(bool)
    close(ast.literal_eval(out[1]), want, rt)
    assert out[2] == str(av.flags["C_CONTIGUOUS"] or av.size <= 1 or va == "")


@pytest.mark.parametrize("seed", range(12))
def test_reductions(kc, seed):
    rng = random.Random(100 + seed)
    shape = tuple(rng.randrange(1, 6) for _ in range(rng.randrange(1, 4)))
    dtype = rng.choice(["int32", "int64", "float32", "float64"])
    a = values(rng, shape, dtype)
    va, av = view_of(rng, a)
    dim = rng.randrange(av.ndim)
    code = ("a = torch.tensor(%r, dtype=torch.%s)%s\n"
            "print(a.sum().item())\nprint(a.sum(%d).tolist())\nprint(a.max().item())\n"
            "print(a.min(%d).values.tolist())\nprint(a.argmax().item())\n"
            "print(a.sum(%d, keepdim=True).shape)"
            % (a.tolist(), dtype, va, dim, dim, dim))
    if KIND[dtype] == 2:
        code += "\nprint(a.mean().item())"
    out = run(kc, code).splitlines()
    close(ast.literal_eval(out[0]), av.sum(), dtype)
    close(ast.literal_eval(out[1]), av.sum(axis=dim), dtype)
    close(ast.literal_eval(out[2]), av.max(), dtype)
    close(ast.literal_eval(out[3]), av.min(axis=dim), dtype)
    flat = np.ascontiguousarray(av).ravel()
    assert flat[int(out[4])] == av.max()
    keep = list(av.shape)
    keep[dim] = 1
    assert out[5] == "torch.Size(%s)" % keep
    if KIND[dtype] == 2:
        close(ast.literal_eval(out[6]), av.mean(), dtype)


@pytest.mark.parametrize("seed", range(8))
def test_matmul(kc, seed):
    rng = random.Random(200 + seed)
    m, k, n = (rng.randrange(1, 7) for _ in range(3))
    dtype = rng.choice(["float32", "float64"])
    a, b = values(rng, (m, k), dtype), values(rng, (n, k), dtype)
    code = ("a = torch.tensor(%r, dtype=torch.%s)\nb = torch.tensor(%r, dtype=torch.%s).t()\n"
            "print((a @ b).tolist())\nprint(torch.matmul(a, b[:, 0]).tolist())"
            % (a.tolist(), dtype, b.tolist(), dtype))
    out = run(kc, code).splitlines()
    close(ast.literal_eval(out[0]), a @ b.T, dtype)
    close(ast.literal_eval(out[1]), a @ b.T[:, 0], dtype)
