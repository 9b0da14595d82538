"""Indexing and index assignment compared with NumPy in this process: ints (negative),
slices with steps, None, Ellipsis, bool masks, integer index tensors and lists, tuples
mixing them; views share memory, advanced indexing copies."""
import ast
import random

import numpy as np
import pytest
from jupyter_client.manager import start_new_kernel

from conftest import execute, started_kernel, stdout_of


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    yield from started_kernel("import torch\nx = torch.arange(60).reshape(3, 4, 5)")


X = np.arange(60).reshape(3, 4, 5)


def rand_item(rng, size, allow_adv):
    kind = rng.choice(["int", "slice", "slice", "none"] + (["list", "tensor"] if allow_adv else []))
    if kind == "int":
        i = rng.randrange(-size, size)
        return str(i), i
    if kind == "none":
        return "None", None
    if kind in ("list", "tensor"):
        idx = [rng.randrange(-size, size) for _ in range(rng.randrange(1, 4))]
        code = repr(idx) if kind == "list" else "torch.tensor(%r)" % idx
        return code, np.array(idx)
    start = rng.choice([None, rng.randrange(-size, size)])
    stop = rng.choice([None, rng.randrange(-size - 1, size + 1)])
    step = rng.choice([None, 1, 2, 3])
    code = "%s:%s%s" % ("" if start is None else start, "" if stop is None else stop,
                        "" if step is None else ":%d" % step)
    return code, slice(start, stop, step)


def rand_key(rng):
    items, codes, dim, adv = [], [], 0, False
    for _ in range(rng.randrange(1, 4)):
        if dim >= 3:
            break
        code, item = rand_item(rng, X.shape[dim], not adv)
        adv |= isinstance(item, np.ndarray)
        codes.append(code)
        items.append(item)
        dim += item is not None
    if rng.random() < 0.2 and dim < 3:
        codes.insert(0, "...")
        items.insert(0, Ellipsis)
    return ", ".join(codes), tuple(items)


@pytest.mark.parametrize("seed", range(40))
def test_getitem_matches_numpy(kc, seed):
    rng = random.Random(seed)
    code, key = rand_key(rng)
    want = X[key]
    reply, msgs = execute(kc, "r = x[%s]\nprint(list(r.shape))\nprint(r.tolist())" % code)
    assert reply["status"] == "ok", (code, reply.get("evalue"))
    shape, values = stdout_of(msgs).splitlines()
    assert ast.literal_eval(shape) == list(want.shape), code
    assert ast.literal_eval(values) == want.tolist(), code


@pytest.mark.parametrize("seed", range(12))
def test_setitem_matches_numpy(kc, seed):
    rng = random.Random(1000 + seed)
    code, key = rand_key(rng)
    want = X.copy()
    want[key] = -1
    reply, msgs = execute(kc, "y = x.clone()\ny[%s] = -1\nprint(y.tolist())" % code)
    assert reply["status"] == "ok", (code, reply.get("evalue"))
    assert ast.literal_eval(stdout_of(msgs)) == want.tolist(), code


def test_basic_index_is_a_view_and_advanced_a_copy(kc):
    reply, msgs = execute(kc, "y = x.clone()\nv = y[1, :, ::2]\nv[0, 0] = 1000\n"
                              "c = y[torch.tensor([0, 1])]\nc[0, 0, 0] = -5\n"
                              "print(y[1, 0, 0].item(), y[0, 0, 0].item(), v.storage_offset())")
    assert stdout_of(msgs) == "1000 0 20\n"


def test_mask_get_and_set(kc):
    reply, msgs = execute(kc, "y = x.clone()\nm = y % 7 == 0\nprint(y[m].tolist())\n"
                              "y[m] = 0\nprint(int((y == 0).sum()))\n"
                              "rows = torch.tensor([True, False, True])\nprint(y[rows].shape)")
    assert stdout_of(msgs) == "%s\n9\ntorch.Size([2, 4, 5])\n" % X[X % 7 == 0].tolist()


def test_assign_broadcast_tensor(kc):
    reply, msgs = execute(kc, "y = torch.zeros(2, 3)\ny[:, 1:] = torch.tensor([1.0, 2.0])\n"
                              "y[0] = torch.tensor(5)\nprint(y.tolist())")
    assert stdout_of(msgs) == "[[5.0, 5.0, 5.0], [0.0, 1.0, 2.0]]\n"


# ---- several index tensors per subscript: PyTorch's placement rules --------------------

def torch_rules_index(arr, key):
    """What PyTorch's Tensor.__getitem__ returns, computed with NumPy: ints, slices, None and
    Ellipsis apply first (applySlicing; an int removes its dim, each index array or mask
    takes one position), then the recorded arrays index the result together (aten::index:
    masks expand to their nonzero coordinates, arrays broadcast, the indexed block stays in
    place when adjacent, else goes first)."""
    spec = sum(k.ndim if isinstance(k, np.ndarray) and k.dtype == bool else
               0 if k is None or k is Ellipsis else 1 for k in key)
    res, dim, rec = arr, 0, {}
    for k in key:
        if k is Ellipsis:
            dim += arr.ndim - spec
        elif k is None:
            res = np.expand_dims(res, dim)
            dim += 1
        elif isinstance(k, slice):
            res = res[(slice(None),) * dim + (k,)]
            dim += 1
        elif isinstance(k, np.ndarray):
            rec[dim] = k
            dim += 1
        else:
            res = res[(slice(None),) * dim + (k,)]
    if not rec:
        return res
    full, pos = [], 0
    for d in range(max(rec) + 1):
        if d in rec and rec[d].dtype == bool:
            full.extend(rec[d].nonzero())
        elif d in rec:
            full.append(rec[d])
        else:
            full.append(slice(None))
    return res[tuple(full)]


Y = np.arange(120).reshape(2, 3, 4, 5)


def rand_multi_key(rng):
    """A key of ints, slices, None, Ellipsis and two or more index lists/tensors (1-D or
    2-D, broadcastable) over Y, as (code, numpy key)."""
    n_adv = rng.randrange(2, 4)
    bshape = rng.choice([(2,), (1,), (2, 1), (3,), (2, 3)])
    items, codes, dim = [], [], 0
    kinds = ["adv"] * n_adv + [rng.choice(["int", "slice", "none", "slice"])
                               for _ in range(rng.randrange(0, 3))]
    rng.shuffle(kinds)
    for kind in kinds:
        if dim >= Y.ndim:
            break
        size = Y.shape[dim]
        if kind == "adv":
            shape = bshape if rng.random() < 0.7 else bshape[-1:]
            idx = np.array([rng.randrange(-size, size) for _ in range(int(np.prod(shape)))]).reshape(shape)
            code = ("torch.tensor(%r)" if rng.random() < 0.5 or idx.ndim > 1 else "%r") % idx.tolist()
            items.append(idx)
            codes.append(code)
            dim += 1
        elif kind == "int":
            i = rng.randrange(-size, size)
            items.append(i)
            codes.append(str(i))
            dim += 1
        elif kind == "none":
            items.append(None)
            codes.append("None")
        else:
            s = slice(rng.choice([None, 1]), None, rng.choice([None, 2]))
            items.append(s)
            codes.append("%s::%s" % ("" if s.start is None else s.start, "" if s.step is None else s.step))
            dim += 1
    if rng.random() < 0.2 and dim < Y.ndim:
        items.append(Ellipsis)  # trailing: the items before keep their dims
        codes.append("...")
    return ", ".join(codes), tuple(items)


@pytest.fixture(scope="module")
def kc4(jupyter_data_dir):
    km, kc = start_new_kernel(kernel_name="tensorkernel", startup_timeout=30)
    reply, _ = execute(kc, "import torch\ny4 = torch.arange(120).reshape(2, 3, 4, 5)")
    assert reply["status"] == "ok"
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def test_torch_rules_oracle_matches_known_pytorch_shapes():
    # shapes PyTorch documents in its issue tracker (#157676, #158134, #46468)
    a = np.zeros((5, 6, 7, 8))
    assert torch_rules_index(a, (slice(None), np.array([0]), slice(None), 0)).shape == (5, 1, 7)
    assert torch_rules_index(a, (slice(None), np.array([0, 1]), slice(None), 0)).shape == (5, 2, 7)
    assert torch_rules_index(Y, (np.array([0, 1]), slice(None), np.array([1, 2]))).shape == (2, 3, 5)


@pytest.mark.parametrize("seed", range(40))
def test_multi_index_getitem(kc4, seed):
    rng = random.Random(5000 + seed)
    code, key = rand_multi_key(rng)
    want = torch_rules_index(Y, key)
    reply, msgs = execute(kc4, "r = y4[%s]\nprint(list(r.shape))\nprint(r.tolist())" % code)
    assert reply["status"] == "ok", (code, reply.get("evalue"))
    shape, values = stdout_of(msgs).splitlines()
    assert ast.literal_eval(shape) == list(want.shape), code
    assert ast.literal_eval(values) == want.tolist(), code


@pytest.mark.parametrize("seed", range(16))
def test_multi_index_setitem(kc4, seed):
    rng = random.Random(7000 + seed)
    code, key = rand_multi_key(rng)
    want = Y.copy()
    view = torch_rules_index(want, key)  # a copy: compute positions by marking
    marks = np.arange(Y.size).reshape(Y.shape)
    hit = torch_rules_index(marks, key)
    vals = -1 - np.arange(hit.size).reshape(hit.shape)
    flat = want.reshape(-1)
    for m, v in zip(hit.reshape(-1).tolist(), vals.reshape(-1).tolist()):
        flat[m] = v  # later duplicates win, as PyTorch's CPU kernel writes in order
    assert view.shape == hit.shape
    reply, msgs = execute(kc4, "z = y4.clone()\nz[%s] = -1 - torch.arange(%d).reshape(%s)\n"
                               "print(z.tolist())" % (code, hit.size, list(hit.shape)))
    assert reply["status"] == "ok", (code, reply.get("evalue"))
    assert ast.literal_eval(stdout_of(msgs)) == want.tolist(), code


MULTI_CASES = [
    ("x[[0, 1], [1, 2]]", "tensor([1, 6])"),
    ("x[[[0, 1], [1, 2]]]", "tensor([1, 6])"),  # a list of lists is a tuple (PyTorch)
    ("x[torch.tensor([[0], [2]]), torch.tensor([1, 3])]",
     "tensor([[ 1,  3],\n        [ 9, 11]])"),
    ("x[x % 5 == 0]", "tensor([ 0,  5, 10])"),
    ("y[torch.tensor([[True, False, True], [False, True, False]])]",
     "tensor([[ 0,  1,  2,  3],\n        [ 8,  9, 10, 11],\n        [16, 17, 18, 19]])"),
    ("y[torch.tensor([[True, False, True], [False, True, False]]), 1:3]",
     "IndexError: The shape of the mask [2, 3] at index 1 does not match the shape of the "
     "indexed tensor [2, 2, 4] at index 1"),
    ("y[torch.ones(2, 3, dtype=torch.bool), 2]",
     "IndexError: The shape of the mask [2, 3] at index 1 does not match the shape of the "
     "indexed tensor [2, 4] at index 1"),
    ("y[0, :, [1, 2]].shape", "torch.Size([3, 2])"),
    ("y[[0, 1], :, [1, 2]].shape", "torch.Size([2, 3])"),
    ("y[:, True].shape", "torch.Size([2, 1, 3, 4])"),
    ("y[False].shape", "torch.Size([0, 2, 3, 4])"),
    ("x[[0, 1], [1, 2, 0]]", "IndexError: shape mismatch: indexing tensors could not be "
                             "broadcast together with shapes [2], [3]"),
    ("x[:, [5]]", "IndexError: index 5 is out of bounds for dimension 0 with size 4"),
    ("x[[0], [-9]]", "IndexError: index -9 is out of bounds for dimension 1 with size 4"),
    ("x[torch.tensor([0.0])]",
     "IndexError: tensors used as indices must be long, int, byte or bool tensors"),
    ("x[torch.tensor([0], dtype=torch.int16)]",
     "IndexError: tensors used as indices must be long, int, byte or bool tensors"),
    ("torch.zeros(0, 2)[[0]]", "IndexError: index is out of bounds for dimension with size 0"),
    ("x[[0, 1], [1, 2]] = torch.tensor([1.0, 2.0])",
     "RuntimeError: Index put requires the source and destination dtypes match, got Long for "
     "the destination and Float for the source."),
    ("x[[0, 1]] = torch.tensor([1, 2, 3])",
     "RuntimeError: shape mismatch: value tensor of shape [3] cannot be broadcast to indexing "
     "result of shape [2, 4]"),
]


@pytest.mark.parametrize("code,want", MULTI_CASES)
def test_multi_index_cases(kernel, code, want):
    _, kc = kernel
    execute(kc, "import torch\nx = torch.arange(12).reshape(3, 4)\n"
                "y = torch.arange(24).reshape(2, 3, 4)")
    reply, msgs = execute(kc, code if "=" in code.replace("==", "") else "print(%s)" % code)
    if reply["status"] == "error":
        got = "%s: %s" % (reply["ename"], reply["evalue"])
    else:
        got = stdout_of(msgs).rstrip("\n")
    assert got == want


def test_multi_index_assign_and_grad(kernel):
    _, kc = kernel
    reply, msgs = execute(kc, """import torch
z = torch.zeros(3, 4)
z[[0, 1], [1, 2]] = 5
z[torch.tensor([0, 2]), 1:3] = torch.tensor([7.0, 8.0])
z[z == 0] = torch.tensor(1)  # one mask, one element: cast as masked_fill_
print(z.tolist())
w = torch.ones(3, 4, requires_grad=True)
r = w[[0, 0, 2], [1, 1, 3]]
print(r.grad_fn.name() if hasattr(r.grad_fn, 'name') else type(r.grad_fn).__name__)
(r * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
print(w.grad.tolist())
""")
    assert reply["status"] == "ok", reply.get("evalue")
    lines = stdout_of(msgs).splitlines()
    assert ast.literal_eval(lines[0]) == [[1.0, 7.0, 8.0, 1.0], [1.0, 1.0, 5.0, 1.0],
                                          [1.0, 7.0, 8.0, 1.0]]
    assert ast.literal_eval(lines[2]) == [[0.0, 3.0, 0.0, 0.0], [0.0] * 4, [0.0, 0.0, 0.0, 3.0]]


def test_ndarray_keeps_numpy_rules(kernel):
    _, kc = kernel
    reply, msgs = execute(kc, "import numpy as np\na = np.arange(24).reshape(2, 3, 4)\n"
                              "print(a[0, :, [1, 2]].shape, a[[0, 1], [1, 2]].tolist())\n"
                              "a[[0, 1], [1, 2]] = 0.5\nprint(a[:, :, 0].tolist())")
    assert reply["status"] == "ok", reply.get("evalue")
    a = np.arange(24).reshape(2, 3, 4)
    want_shape, want_vals = a[0, :, [1, 2]].shape, a[[0, 1], [1, 2]].tolist()
    a[[0, 1], [1, 2]] = 0.5
    assert stdout_of(msgs) == "%s %s\n%s\n" % (want_shape, want_vals, a[:, :, 0].tolist())


def test_autograd_through_index_assignment(kernel):
    """x[key] = y where y requires grad: x gets CopySlices (basic key) or
    IndexPutBackward0 (advanced key); gradients reach y and x's earlier history, with the
    overwritten region cut off."""
    _, kc = kernel
    reply, msgs = execute(kc, """import torch
y = torch.tensor([2.0, 3.0], requires_grad=True)
x = torch.zeros(3, 2)
x[0] = y
print(type(x.grad_fn).__name__ if False else str(x.grad_fn).split()[0], x.requires_grad)
(x * torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])).sum().backward()
print(y.grad.tolist())
w = torch.ones(4, requires_grad=True)
z = w * 3
z[[0, 3]] = y
print(str(z.grad_fn).split()[0])
(z * torch.tensor([1.0, 10.0, 100.0, 1000.0])).sum().backward()
print(w.grad.tolist(), y.grad.tolist())
w.grad = None
z = w * 2
z[1:3] = 0.0
z.sum().backward()
print(w.grad.tolist())
a = torch.zeros(2, 3)
b = torch.ones(1, 3, requires_grad=True)
a[1] = b
a.sum().backward()
print(b.grad.tolist())
s = torch.tensor(5.0, requires_grad=True)
c = torch.zeros(4)
c[torch.tensor([True, False, True, False])] = s
c.sum().backward()
print(s.grad.item())
with torch.no_grad():
    q = torch.zeros(2)
    q[0] = y[0]
print(q.requires_grad, q.grad_fn)
""")
    assert reply["status"] == "ok", reply.get("evalue")
    assert stdout_of(msgs) == ("<CopySlices True\n[1.0, 2.0]\n<IndexPutBackward0\n"
                               "[0.0, 30.0, 300.0, 0.0] [2.0, 1002.0]\n[2.0, 0.0, 0.0, 2.0]\n"
                               "[[1.0, 1.0, 1.0]]\n2.0\nFalse None\n")
