"""Indexing and index assignment compared with NumPy in this process: ints (negative),
slices with steps, None, Ellipsis, bool masks, integer index tensors and lists, tuples
mixing them; views share memory, advanced indexing copies."""
import ast
import random

import numpy as np
import pytest
from jupyter_client.manager import start_new_kernel

from conftest import execute, stdout_of


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    km, kc = start_new_kernel(kernel_name="tensorkernel", startup_timeout=30)
    reply, _ = execute(kc, "import torch\nx = torch.arange(60).reshape(3, 4, 5)")
    assert reply["status"] == "ok"
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


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
