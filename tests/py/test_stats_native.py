"""var/std, the 2-norm, cumprod, einsum, cdist, group_norm, mse_loss and the gradients of sums
through the fused activations and the norms against real PyTorch 2.15:
tests/data/stats_torch.npz, written by tests/data/gen_stats_torch.py with the oracle's torch
on two threads.

var/std and the 2-norm of float32 and float64 run ATen's CPU kernels (tensorcore/src/
cpu-reduce.c): the two-pass sum about the mean for one value (split between the threads),
Welford per output, the norm's vector lanes over a contiguous last dim and its running sum
otherwise; cumprod keeps its running product in double; mse_loss sums its squares as they are
made, in the order PyTorch sums its loss tensor; an activation's gradient reads the expanded
gradient of a sum as one value. Every one of their values must equal PyTorch's to the bit.
einsum (contracted as batched matrix products), cdist (the matrix-product form past 25 rows)
and group_norm (its groups as layer norm rows; a norm's gradient of a sum reads one row of the
expanded gradient) must agree within rounding, with PyTorch's shapes, dtypes and error texts."""
import json
import os
import pathlib
import subprocess

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()
DATA = np.load(ROOT / "tests" / "data" / "stats_torch.npz")
CASES = json.loads(bytes(DATA["cases"]).decode())
INPUTS = json.loads(bytes(DATA["inputs"]).decode())
NP = {"f32": np.float32, "f64": np.float64}

HEAD = r'''
import json, torch, numpy as np
import torch.nn.functional as F
torch.set_num_threads(2)
D = {dir!r}
for name, (shape, dt) in json.loads(open(D + '/inputs.json').read()).items():
    a = np.frombuffer(open(D + '/in__' + name, 'rb').read(), dtype=np.float32 if dt == 'f32' else np.float64)
    globals()[name] = torch.from_numpy(a.copy().reshape(shape))
got = {{}}
def keep(i, r):
    open(D + '/out__%d' % i, 'wb').write(r.contiguous().numpy().tobytes())
    got[i] = {{'shape': list(r.shape), 'dtype': str(r.dtype)}}
def fail(i, e):
    got[i] = {{'error': '%s: %s' % (type(e).__name__, e)}}
'''
CASE = """
try:
    keep({i}, {expr})
except Exception as e:
    fail({i}, e)
"""
TAIL = "open(D + '/got.json', 'w').write(json.dumps(got))\n"


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    d = tmp_path_factory.mktemp("stats")
    (d / "inputs.json").write_text(json.dumps(INPUTS))
    (d / "cases.json").write_text(json.dumps(CASES))
    for name in INPUTS:
        (d / ("in__" + name)).write_bytes(np.ascontiguousarray(DATA["in/" + name]).tobytes())
    script = d / "run.py"
    script.write_text(HEAD.format(dir=str(d)) + "".join(CASE.format(i=i, expr=c["expr"])
                                                        for i, c in enumerate(CASES)) + TAIL)
    p = subprocess.run([str(BUILD / "kernel" / "tk-python"), str(script)], capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    got = json.loads((d / "got.json").read_text())
    return d, got


@pytest.mark.parametrize("i", range(len(CASES)), ids=[c["key"] for c in CASES])
def test_case(results, i):
    d, got = results
    c, g = CASES[i], got[str(i)]
    if c["error"] is not None:
        assert g.get("error") == c["error"], c["expr"]
        return
    assert "error" not in g, g.get("error")
    want = DATA[c["key"] + "/out"]
    assert g["shape"] == list(want.shape), c["expr"]
    assert g["dtype"] == "torch." + {"float32": "float32", "float64": "float64", "int64": "int64"}[str(want.dtype)]
    have = np.frombuffer((d / ("out__%d" % i)).read_bytes(), dtype=want.dtype).reshape(want.shape)
    if c["cmp"] == "bits":
        assert have.tobytes() == want.tobytes(), "%s: %d of %d values differ" % (
            c["expr"], int((have != want).sum()), want.size)
    else:
        f32 = want.dtype == np.float32
        rtol = 1e-5 if f32 else 1e-12
        atol = (5e-3 if f32 else 1e-6) if c["cmp"] == "dist" else rtol
        np.testing.assert_allclose(have, want, rtol=rtol, atol=atol, err_msg=c["expr"])
