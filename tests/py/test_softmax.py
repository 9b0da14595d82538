"""softmax, log_softmax, their gradients, nll_loss and cross_entropy bit for bit against real
PyTorch 2.15.

PyTorch sums a softmax row in the layout of its vectors, whose width follows the CPU (32 bytes
with AVX2, 64 with AVX-512); tensorkernel follows the CPU the same way, and TK_VEC_BYTES
makes it take either layout on any CPU, so both are checked here on any machine:
  - tests/data/softmax_torch.npz (tests/data/gen_softmax_torch.py, whose cases run here too):
    row lengths around the vector widths, special values, other dims, 1 and 2 threads,
    a dtype to compute in, nll_loss and cross_entropy with weights, ignore_index, every
    reduction and label smoothing, float16 and bfloat16 inputs (within a rounding of theirs);
  - the softmax rows of tests/data/numerics_torch.npz (written on an AVX-512 CPU).
Errors and edge cases are checked against messages and values PyTorch gives."""
import os
import pathlib
import re
import subprocess

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()
DATA = np.load(ROOT / "tests" / "data" / "softmax_torch.npz")
NUMERICS = np.load(ROOT / "tests" / "data" / "numerics_torch.npz")
GEN = (ROOT / "tests" / "data" / "gen_softmax_torch.py").read_text()
CASES = GEN[GEN.index("# --- cases ---"):GEN.index("# --- end cases ---")]

# Mismatches allowed per group of keys, as measured; every other result matches PyTorch bit for
# bit. Along a dim other than the last, PyTorch's forward gives for an odd element an e^x one
# unit in the last place from SLEEF's (which its backward and the last-dim kernels use), not
# reproduced yet: one element of the 5x3x4x9 case (and the gradient through it) and one of
# the special values.
BUDGET = {"softmax-f32-inner": 1, "softmax-f64-inner": 1, "softmax-f32-special": 1,
          "softmaxgrad-f32-inner": 1, "softmaxgrad-f64-inner": 1}


def run(code, tmp, env_extra):
    env = dict(os.environ, **env_extra)
    r = subprocess.run([str(BUILD / "kernel" / "tk-python"), "-c", code], capture_output=True,
                       text=True, timeout=300, env=env)
    assert r.returncode == 0, r.stderr[-3000:] + r.stdout[-3000:]
    got = {}
    for line in (tmp / "out.txt").read_text().splitlines():
        key, dt, hx = line.split(" ")
        got[key] = np.frombuffer(bytes.fromhex(hx), dtype=np.dtype(dt))
    return got


def cases_code(path):
    return CASES + f"""
import numpy
import torch
out = open({str(path)!r}, 'w')
for key, t in softmax_cases(torch, torch.nn.functional):
    if t.dtype in (torch.float16, torch.bfloat16):
        t = t.float()
    out.write(key + ' ' + ('float32' if t.dtype == torch.float32 else 'float64') + ' '
              + t.detach().reshape(-1).contiguous().numpy().tobytes().hex() + '\\n')
out.close()
"""


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("softmax")
    return run(cases_code(tmp / "out.txt"), tmp, {"TK_VEC_BYTES": str(int(DATA["vec_bytes"]))})


def mismatches(want, got):
    want = want.ravel()
    assert want.shape == got.shape
    iv = np.uint32 if want.dtype == np.float32 else np.uint64
    differ = want.view(iv) != got.view(iv)
    return int(np.sum(differ & ~(np.isnan(want) & np.isnan(got))))


KEYS = sorted(k for k in DATA.files if k != "vec_bytes")
GROUPS = sorted({re.sub(r"-(last|inner|special|dtype|none|sum|mean|3d|probs).*", r"-\1", k)
                 for k in KEYS if "f16" not in k})


@pytest.mark.parametrize("group", GROUPS)
def test_bits_match_torch(results, group):
    keys = [k for k in KEYS if k == group or k.startswith(group + "-") or
            re.sub(r"-(last|inner|special|dtype|none|sum|mean|3d|probs).*", r"-\1", k) == group]
    assert keys
    counts = {k: mismatches(DATA[k], results[k]) for k in keys}
    allowed = sum(v for p, v in BUDGET.items() if group.startswith(p))
    assert sum(counts.values()) <= allowed, {k: c for k, c in counts.items() if c}


@pytest.mark.parametrize("key", [k for k in KEYS if "f16" in k])
def test_reduced_floats_within_a_rounding(results, key):
    want, got = DATA[key].ravel(), results[key]
    ulp = 2.0 ** -10 if "-f16-" in key else 2.0 ** -7
    assert np.allclose(got, want, rtol=ulp, atol=1e-6 if "log" not in key else 0), key


def numerics_code(path, tn):
    dt = "np.float32" if tn == "f32" else "np.float64"
    x = NUMERICS[f"x-{tn}"].tobytes().hex()
    return f"""
import torch
import numpy as np
x = np.frombuffer(bytes.fromhex('{x}'), dtype={dt}).copy()
f = torch.from_numpy(np.nan_to_num(x, posinf=50.0, neginf=-50.0).clip(-50, 50))
out = open({str(path)!r}, 'w')
def show(key, t):
    out.write(key + ' ' + str(t.numpy().dtype) + ' ' + t.numpy().tobytes().hex() + '\\n')
for fn in ("softmax", "log_softmax"):
    for c in (40, 7):
        v = f[: len(f) // c * c].reshape(-1, c)
        show(fn + str(c) + '-{tn}-c', getattr(torch, fn)(v, 1).flatten())
    v = f[:1000].reshape(25, 40).clone().requires_grad_()
    w = torch.arange(1000, dtype=v.dtype).reshape(25, 40) / 7
    (getattr(torch, fn)(v, 1) * w).sum().backward()
    show(fn + 'grad-{tn}-c', v.grad.flatten())
out.close()
"""


@pytest.mark.parametrize("tn", ["f32", "f64"])
def test_avx512_layout_matches_numerics_data(tmp_path, tn):
    """numerics_torch.npz holds PyTorch's softmax rows from an AVX-512 CPU."""
    got = run(numerics_code(tmp_path / "out.txt", tn), tmp_path, {"TK_VEC_BYTES": "64"})
    for name in ("softmax40", "softmax7", "softmaxgrad", "log_softmax40", "log_softmax7",
                 "log_softmaxgrad"):
        key = f"{name}-{tn}-c"
        n = mismatches(NUMERICS[key], got[key])
        assert n == 0, (key, n)


EDGE = r"""
import torch
F = torch.nn.functional
def show(name, f):
    try:
        r = f()
        print(name, '->', str(r.dtype), tuple(r.shape), [round(v, 6) for v in r.flatten()[:4].tolist()],
              r.grad_fn.name() if r.grad_fn is not None else None)
    except Exception as e:
        print(name, '!!', type(e).__name__, str(e).splitlines()[0][:120])
x = torch.tensor([[1., 2., 3.], [4., 0.5, 1.]])
show('0-dim', lambda: torch.softmax(torch.tensor(2.0), 0))
show('0-dim log', lambda: torch.log_softmax(torch.tensor(2.0), -1))
show('0-dim grad', lambda: torch.softmax(torch.tensor(2.0, requires_grad=True), 0))
show('empty rows', lambda: torch.softmax(torch.zeros(0, 5), 1))
show('empty dim', lambda: torch.softmax(torch.zeros(3, 0), 1))
show('empty inner', lambda: torch.log_softmax(torch.zeros(3, 0, 2), 1))
show('dtype', lambda: torch.softmax(x, 1, dtype=torch.float64))
show('int', lambda: torch.softmax(torch.tensor([[1, 2]]), 1))
show('int dim 0', lambda: torch.softmax(torch.tensor([[1, 2]]), 0))
show('int dtype', lambda: torch.softmax(torch.tensor([[1, 2]]), 1, dtype=torch.float32))
show('bad dim', lambda: torch.softmax(x, 2))
show('grad fn', lambda: torch.log_softmax(x.requires_grad_(), 0))
x = x.detach()
t = torch.tensor([0, 2])
show('nll out of bounds', lambda: F.nll_loss(x, torch.tensor([0, 5])))
show('nll negative', lambda: F.nll_loss(x, torch.tensor([0, -2])))
show('nll float target', lambda: F.nll_loss(x, torch.tensor([0., 1.])))
show('nll int32 target', lambda: F.nll_loss(x, torch.tensor([0, 1], dtype=torch.int32)))
show('nll batch', lambda: F.nll_loss(x, torch.tensor([0])))
show('nll weight size', lambda: F.nll_loss(x, t, weight=torch.ones(2)))
show('nll 1-d', lambda: F.nll_loss(x[0], torch.tensor(2)))
show('nll all ignored', lambda: F.nll_loss(x, torch.tensor([-100, -100])))
show('nll all ignored sum', lambda: F.nll_loss(x, torch.tensor([-100, -100]), reduction='sum'))
show('nll empty', lambda: F.nll_loss(torch.zeros(0, 3), torch.zeros(0, dtype=torch.long)))
show('nll empty none', lambda: F.nll_loss(torch.zeros(0, 3), torch.zeros(0, dtype=torch.long), reduction='none'))
show('nll bad reduction', lambda: F.nll_loss(x, t, reduction='avg'))
show('nll grad fn', lambda: F.nll_loss(x.requires_grad_(), t))
show('nll grad fn none', lambda: F.nll_loss(x.requires_grad_(), t, reduction='none'))
show('ce grad fn', lambda: F.cross_entropy(x.requires_grad_(), t))
x = x.detach()
show('nll 1-d, 1-d target', lambda: F.nll_loss(x[0], torch.tensor([1])))
show('nll 1-d, 2 targets', lambda: F.nll_loss(x[0], torch.tensor([1, 2])))
show('nll 0-d target', lambda: F.nll_loss(x, torch.tensor(1)))
show('nll 0-d input', lambda: F.nll_loss(torch.tensor(1.0), torch.tensor(1)))
show('nll 2-d target', lambda: F.nll_loss(x, torch.zeros(2, 2, dtype=torch.long)))
show('nll uint8 target', lambda: F.nll_loss(x, torch.tensor([1, 2], dtype=torch.uint8)))
show('nll weight dtype', lambda: F.nll_loss(x, t, weight=torch.ones(3, dtype=torch.float64)))
show('nll (N, C, d)', lambda: F.nll_loss(torch.arange(12.).reshape(2, 3, 2), torch.tensor([[0, 2], [1, -100]])))
show('nll (N, C, d) none', lambda: F.nll_loss(torch.arange(12.).reshape(2, 3, 2), torch.tensor([[0, 2], [1, 1]]), reduction='none'))
"""

EDGE_WANT = """\
0-dim -> torch.float32 () [1.0] None
0-dim log -> torch.float32 () [0.0] None
0-dim grad -> torch.float32 () [1.0] SoftmaxBackward0
empty rows -> torch.float32 (0, 5) [] None
empty dim -> torch.float32 (3, 0) [] None
empty inner -> torch.float32 (3, 0, 2) [] None
dtype -> torch.float64 (2, 3) [0.090031, 0.244728, 0.665241, 0.925939] None
int !! NotImplementedError "softmax_lastdim_kernel_impl" not implemented for 'Long'
int dim 0 !! NotImplementedError "softmax_kernel_impl" not implemented for 'Long'
int dtype -> torch.float32 (1, 2) [0.268941, 0.731059] None
bad dim !! IndexError Dimension out of range (expected to be in range of [-2, 1], but got 2)
grad fn -> torch.float32 (2, 3) [-3.048587, -0.201413, -0.126928, -0.048587] LogSoftmaxBackward0
nll out of bounds !! IndexError Target 5 is out of bounds.
nll negative !! IndexError Target -2 is out of bounds.
nll float target !! RuntimeError expected target dtype to be Long or Byte, but got Float
nll int32 target !! RuntimeError expected target dtype to be Long or Byte, but got Int
nll batch !! ValueError Expected input batch_size (2) to match target batch_size (1).
nll weight size !! RuntimeError weight tensor should be defined either for all 3 classes or no classes but got weight tensor of shape: [2]
nll 1-d -> torch.float32 () [-3.0] None
nll all ignored -> torch.float32 () [nan] None
nll all ignored sum -> torch.float32 () [0.0] None
nll empty -> torch.float32 () [nan] None
nll empty none -> torch.float32 (0,) [] None
nll bad reduction !! ValueError avg is not a valid value for reduction
nll grad fn -> torch.float32 () [-1.0] NllLossBackward0
nll grad fn none -> torch.float32 (2,) [-1.0, -1.0] NllLossBackward0
ce grad fn -> torch.float32 () [2.742276] NllLossBackward0
nll 1-d, 1-d target -> torch.float32 () [-2.0] None
nll 1-d, 2 targets !! ValueError For 1D input, 1D target must have size 1, but got target size: 2
nll 0-d target !! ValueError Expected input batch_size (2) to match target batch_size (0).
nll 0-d input !! ValueError Expected 1 or more dimensions (got 0)
nll 2-d target !! RuntimeError 0D or 1D target tensor expected, multi-target not supported
nll uint8 target -> torch.float32 () [-1.5] None
nll weight dtype !! RuntimeError expected scalar type Float but found Double
nll (N, C, d) -> torch.float32 () [-4.333333] None
nll (N, C, d) none -> torch.float32 (2, 2) [-0.0, -5.0, -8.0, -9.0] None
"""


def test_errors_and_edge_cases():
    r = subprocess.run([str(BUILD / "kernel" / "tk-python"), "-c", EDGE], capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.splitlines() == EDGE_WANT.splitlines()


THREADS = r"""
import torch
x = (torch.arange(512 * 300) * 7919 % 1000).float().reshape(512, 300) / 37 - 13.5
g = (torch.arange(512 * 300) * 104729 % 613).float().reshape(512, 300) / 61
out = []
for threads in (1, 2):
    torch.set_num_threads(threads)
    for fn in (torch.softmax, torch.log_softmax):
        for dim, v in ((1, x), (0, x.t().contiguous()), (1, x.reshape(2, 256, 300))):
            w = v.clone().requires_grad_()
            y = fn(w, dim)
            y.backward(g.reshape(v.shape) if v.shape == g.shape else g.reshape(-1)[:v.numel()].reshape(v.shape))
            out.append((y.detach().clone(), w.grad.clone()))
n = len(out) // 2
print(all(bool((a[0] == b[0]).all()) and bool((a[1] == b[1]).all()) for a, b in zip(out[:n], out[n:])))
"""


def test_threads_do_not_change_rows():
    """Rows and PyTorch's fixed column chunks come out the same on 1 and 2 threads (softmax
    along another dim splits its columns as PyTorch's threads do: there the 512 columns split
    at 256, a whole number of vectors, as in PyTorch the bits stay)."""
    r = subprocess.run([str(BUILD / "kernel" / "tk-python"), "-c", THREADS], capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.split() == ["True"]
