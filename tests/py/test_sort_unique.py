"""np.sort, np.unique and torch.unique against real NumPy 2.4 and PyTorch 2.15: the expected
arrays are tests/data/sort_unique_numpy.npz, written by tests/data/gen_sort_unique.py with the
oracle's numpy and torch.

np.sort is compared bit for bit with NumPy's stable sort (kind="stable"), whose order among
equal values (-0.0 and 0.0, NaNs of other signs or payloads) is the one np.sort here gives;
NumPy's default sort agrees with it on every value. np.unique's values are compared bit for
bit where NumPy's choice among equal values is its stable sort's (return_index), else as
values (-0.0 equal to 0.0, NaN to NaN); its index, inverse and counts exactly (but for the
numbers of NaNs that are each their own value, whose order is NumPy's sort's); torch.unique's
outputs bit for bit (PyTorch's CPU sort picks which of -0.0 and 0.0 stands for both)."""
import os
import pathlib
import subprocess

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()
DATA = np.load(ROOT / "tests" / "data" / "sort_unique_numpy.npz")
KEYS = set(DATA.files)
INPUTS = sorted(k[2:] for k in KEYS if k.startswith("x-"))

SCRIPT = r"""
import numpy as np
import torch
import itertools
src, dst = {src!r}, {dst!r}
out = open(dst, 'w')
def show(key, a):
    a = np.asarray(a)
    out.write(key + ' ' + a.dtype.name + ' ' + ','.join(str(d) for d in a.shape) + ' ' + a.tobytes().hex() + '\n')
for line in open(src).read().splitlines():
    name, dt, shape, hx = line.split(' ')
    shape = tuple(int(d) for d in shape.split(',') if d)
    x = np.frombuffer(bytes.fromhex(hx), dtype=np.dtype(dt)).copy().reshape(shape)
    axes = [-1, None, 0] + ([1] if x.ndim >= 2 else [])
    if x.dtype != np.bool_:
        for ax in axes:
            s = np.sort(x, axis=ax)
            show('sort-%s-%s' % (name, 'none' if ax is None else ax), s)
            if ax == -1:
                y = x.copy()
                y.sort()
                show('sortm-%s' % name, y)
    if x.ndim == 3:
        continue
    for ax in [None] + ([0, 1] if name.endswith('_rows') else []):
        for i, v, c in itertools.product((False, True), repeat=3):
            if x.size > 5000 and (i or v):
                continue
            for e in ((True, False) if x.dtype.kind == 'f' and ax is None else (True,)):
                r = np.unique(x, return_index=i, return_inverse=v, return_counts=c, axis=ax, equal_nan=e)
                parts = r if isinstance(r, tuple) else (r,)
                flags = 'i' * i + 'v' * v + 'c' * c + ('' if e else 'e') + ('' if ax is None else 'a%d' % ax)
                for p, a in enumerate(parts):
                    show('unique-%s-%s-p%d' % (name, flags, p), a)
    if x.ndim == 1 and x.size:
        t = torch.from_numpy(x)
        for v, c in itertools.product((False, True), repeat=2):
            if x.size > 5000 and v:
                continue
            r = torch.unique(t, sorted=True, return_inverse=v, return_counts=c)
            parts = r if isinstance(r, tuple) else (r,)
            for p, a in enumerate(parts):
                show('tunique-%s-%s-p%d' % (name, 'v' * v + 'c' * c, p), a.numpy())
out.close()
"""


def expected(key):
    alias = "alias-" + key
    return DATA[str(DATA[alias])] if alias in KEYS else DATA[key]


@pytest.fixture(scope="module")
def got(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sort_unique")
    src, dst = tmp / "inputs.txt", tmp / "outputs.txt"
    with open(src, "w") as f:
        for name in INPUTS:
            x = DATA["x-" + name]
            f.write("%s %s %s %s\n" % (name, x.dtype.name, ",".join(map(str, x.shape)), x.tobytes().hex()))
    script = tmp / "run.py"
    script.write_text(SCRIPT.format(src=str(src), dst=str(dst)))
    r = subprocess.run([str(BUILD / "kernel" / "tk-python"), str(script)], capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    res = {}
    for line in dst.read_text().splitlines():
        key, dt, shape, hx = line.split(" ")
        shape = tuple(int(d) for d in shape.split(",") if d)
        res[key] = np.frombuffer(bytes.fromhex(hx), dtype=np.dtype(dt)).reshape(shape)
    return res


def bits(a):
    return a.view(np.uint8) if a.dtype.itemsize == 1 else a.view("u%d" % a.dtype.itemsize)


def same_bits(g, w):
    return g.dtype == w.dtype and g.shape == w.shape and np.array_equal(bits(g), bits(w))


def keys_of(prefix):
    ks = {k for k in KEYS if k.startswith(prefix)} | {k[6:] for k in KEYS if k.startswith("alias-" + prefix)}
    return sorted(ks)


@pytest.mark.parametrize("name", INPUTS)
def test_np_sort(got, name):
    ks = keys_of("sort-%s-" % name)
    if name == "bool":
        assert not ks
        return
    assert ks
    for k in ks:
        assert same_bits(got[k], expected(k)), k
    assert same_bits(got["sortm-%s" % name], expected("sort-%s--1" % name))
    x = DATA["x-" + name]
    if x.ndim == 1:  # every axis of a 1-D array is its only one
        for ax in ("none", "0"):
            assert same_bits(got["sort-%s-%s" % (name, ax)], expected("sort-%s--1" % name))


@pytest.mark.parametrize("name", [n for n in INPUTS if not n.endswith("_3d")])
def test_np_unique(got, name):
    ks = keys_of("unique-%s-" % name)
    assert ks
    for k in ks:
        g, w = got[k], expected(k)
        flags = k.split("-")[2]
        if k.endswith("-p0") and "i" not in flags:  # NumPy's unstable sort picks among equals
            assert g.dtype == w.dtype and g.shape == w.shape and np.array_equal(g, w, equal_nan=True), k
        elif k.endswith("-p1") and "v" in flags and "e" in flags and "i" not in flags:
            # ... and orders the NaNs, each its own value: the others' numbers are fixed
            nan = np.isnan(DATA["x-" + name]).reshape(-1)
            assert g.dtype == w.dtype and g.shape == w.shape, k
            assert np.array_equal(g.reshape(-1)[~nan], w.reshape(-1)[~nan]), k
            assert np.array_equal(np.sort(g.reshape(-1)[nan]), np.sort(w.reshape(-1)[nan])), k
        else:
            assert same_bits(g, w), k


@pytest.mark.parametrize("name", [n for n in INPUTS if DATA["x-" + n].ndim == 1 and n != "empty"])
def test_torch_unique(got, name):
    ks = keys_of("tunique-%s-" % name)
    assert ks
    for k in ks:
        assert same_bits(got[k], expected(k)), k
