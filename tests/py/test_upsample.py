"""F.interpolate (nearest, nearest-exact, linear, bilinear, trilinear, bicubic) against real
PyTorch 2.15: outputs and input gradients bit for bit, grad_fn names and memory formats, on
the cases of tests/data/gen_upsample.py (written with the oracle's torch into
upsample_torch.npz): float32, float64, float16 and bfloat16, align_corners both ways, size= and scale_factor= (1.5, 0.5, 3, 2.3),
recompute_scale_factor, channels-last and non-contiguous inputs, both of PyTorch's bilinear
kernels (small outputs take its channels-last one). Then the argument errors, worded as
torch's."""
import json
import os
import pathlib
import subprocess

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()
DATA = np.load(ROOT / "tests" / "data" / "upsample_torch.npz")
META = json.loads(str(DATA["meta"]))

DRIVER = r'''
import json
import numpy as np
import torch
import torch.nn.functional as F

def fill(n, seed, dtype):
    vals = [((k * 2654435761 + seed * 40503) % 4294967291) / 4294967291.0 * 4.0 - 2.0
            for k in range(n)]
    return torch.tensor(vals, dtype=torch.float64).to(dtype)

def layout(x, how):
    if how == "cl":  # channels-last strides (the memory format's layout)
        to, back = ((0, 2, 3, 1), (0, 3, 1, 2)) if x.dim() == 4 else ((0, 2, 3, 4, 1), (0, 4, 1, 2, 3))
        return x.permute(*to).contiguous().permute(*back)
    if how == "t":
        return x.transpose(-1, -2).contiguous().transpose(-1, -2)
    return x

meta = json.load(open(META_PATH))
res = open(RES_PATH, "w")
info = []
for i, m in enumerate(meta):
    tdt = {"f32": torch.float32, "f64": torch.float64, "f16": torch.float16, "bf16": torch.bfloat16}[m["dtype"]]
    wide = torch.float64 if m["dtype"] == "f64" else torch.float32
    n = 1
    for s in m["shape"]:
        n *= s
    x = fill(n, 2 * i, tdt).reshape(m["shape"])
    xt = layout(x, m["layout"]).requires_grad_(True)
    kw = {k: tuple(v) if isinstance(v, list) else v for k, v in m["kw"].items()}
    out = F.interpolate(xt, mode=m["mode"], **kw)
    g = fill(out.numel(), 2 * i + 1, tdt).reshape(out.shape)
    out.backward(g)
    res.write(out.detach().reshape(-1).to(wide).numpy().tobytes().hex() + "\n")
    res.write(xt.grad.reshape(-1).to(wide).numpy().tobytes().hex() + "\n")
    info.append([out.grad_fn.name(), bool(out.dim() >= 4 and not out.is_contiguous()),
                 list(out.shape)])
res.close()
print(json.dumps(info))
'''


@pytest.fixture(scope="module")
def kernel_results(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("upsample")
    (tmp / "meta.json").write_text(json.dumps(META))
    (tmp / "driver.py").write_text(f"META_PATH = {str(tmp / 'meta.json')!r}\n"
                                   f"RES_PATH = {str(tmp / 'res.bin')!r}\n" + DRIVER)
    env = dict(os.environ, TENSORKERNEL_NUM_THREADS="2")
    r = subprocess.run([str(BUILD / "kernel" / "tk-python"), str(tmp / "driver.py")],
                       capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout.strip().splitlines()[-1])
    lines = (tmp / "res.bin").read_text().splitlines()
    assert len(lines) == 2 * len(META)
    out = []
    for i, m in enumerate(META):
        res = []
        for k, key in enumerate(("out", "gx")):
            ref = DATA[f"{key}{i}"]
            res.append(np.frombuffer(bytes.fromhex(lines[2 * i + k]), dtype=ref.dtype).reshape(ref.shape))
        out.append((res, info[i]))
    return out


def case_id(i):
    m = META[i]
    return f"{i}-{m['mode']}-{m['dtype']}-{m['layout']}-" + "-".join(f"{k}={v}" for k, v in m["kw"].items())


@pytest.mark.parametrize("i", range(len(META)), ids=case_id)
def test_matches_torch(kernel_results, i):
    (out, gx), (grad_fn, out_cl, shape) = kernel_results[i]
    m = META[i]
    ref_out, ref_gx = DATA[f"out{i}"], DATA[f"gx{i}"]
    assert list(ref_out.shape) == shape
    assert grad_fn == m["grad_fn"]
    assert out_cl == m["out_cl"]
    ibits = np.int32 if ref_out.dtype == np.float32 else np.int64
    bad_out = int((out.view(ibits) != ref_out.view(ibits)).sum())
    bad_gx = int((gx.view(ibits) != ref_gx.view(ibits)).sum())
    assert (bad_out, bad_gx) == (0, 0), f"differing elements: forward {bad_out} of {out.size}, gradient {bad_gx} of {gx.size}"


ERRORS = r'''
import torch
import torch.nn.functional as F
x3, x4, x5 = torch.zeros(1, 2, 4), torch.zeros(1, 2, 4, 4), torch.zeros(1, 2, 4, 4, 4)
calls = [
    lambda: F.interpolate(x4, size=(8, 8), scale_factor=2),
    lambda: F.interpolate(x4),
    lambda: F.interpolate(x4, size=(8, 8, 8)),
    lambda: F.interpolate(x4, scale_factor=(2, 2, 2)),
    lambda: F.interpolate(x4, size=(8, 8.5)),
    lambda: F.interpolate(x4, scale_factor=2, mode='nearest', align_corners=True),
    lambda: F.interpolate(x4, size=8, recompute_scale_factor=True),
    lambda: F.interpolate(x3, scale_factor=2, mode='bilinear'),
    lambda: F.interpolate(x3, scale_factor=2, mode='trilinear'),
    lambda: F.interpolate(x4, scale_factor=2, mode='linear'),
    lambda: F.interpolate(x4, scale_factor=2, mode='trilinear'),
    lambda: F.interpolate(x5, scale_factor=2, mode='linear'),
    lambda: F.interpolate(x5, scale_factor=2, mode='bilinear'),
    lambda: F.interpolate(x5, scale_factor=2, mode='bicubic'),
    lambda: F.interpolate(torch.zeros(2, 4), scale_factor=2),
    lambda: F.interpolate(x4, scale_factor=2, mode='cubic'),
    lambda: F.interpolate(x3, scale_factor=2, mode='linear', antialias=True),
    lambda: F.interpolate(x4, size=(0, 4)),
    lambda: F.interpolate(x4.long(), scale_factor=2),
    lambda: F.interpolate(x4.long(), scale_factor=2, mode='bilinear'),
    lambda: F.interpolate(torch.zeros(1, 1, 3, 100, dtype=torch.int32), scale_factor=2, mode='nearest-exact'),
    lambda: F.interpolate(torch.zeros(1, 1, 3, 100, dtype=torch.int32), scale_factor=2, mode='bilinear'),
    lambda: F.interpolate(x4.bool(), scale_factor=2, mode='bicubic'),
    lambda: F.interpolate(x3.long(), scale_factor=2, mode='linear'),
    lambda: F.interpolate(x5.to(torch.uint8), scale_factor=2, mode='trilinear'),
]
u8 = torch.arange(60, dtype=torch.uint8).reshape(1, 3, 4, 5)
print(F.interpolate(u8, scale_factor=1.5).flatten().tolist())
print(F.interpolate(u8, size=(3, 7), mode='nearest-exact').flatten().tolist())
for c in calls:
    try:
        c()
        print('no error')
    except Exception as e:
        print(type(e).__name__ + ': ' + str(e))
'''


def test_errors_as_torch(tmp_path):
    """The messages of real torch 2.15 for the same calls, and uint8 nearest values (recorded
    from the oracle)."""
    (tmp_path / "e.py").write_text(ERRORS)
    r = subprocess.run([str(BUILD / "kernel" / "tk-python"), str(tmp_path / "e.py")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == EXPECTED_ERRORS


EXPECTED_ERRORS = [
    '[0, 0, 1, 2, 2, 3, 4, 0, 0, 1, 2, 2, 3, 4, 5, 5, 6, 7, 7, 8, 9, 10, 10, 11, 12, 12, 13, 14, 10, 10, 11, 12, 12, 13, 14, 15, 15, 16, 17, 17, 18, 19, 20, 20, 21, 22, 22, 23, 24, 20, 20, 21, 22, 22, 23, 24, 25, 25, 26, 27, 27, 28, 29, 30, 30, 31, 32, 32, 33, 34, 30, 30, 31, 32, 32, 33, 34, 35, 35, 36, 37, 37, 38, 39, 40, 40, 41, 42, 42, 43, 44, 40, 40, 41, 42, 42, 43, 44, 45, 45, 46, 47, 47, 48, 49, 50, 50, 51, 52, 52, 53, 54, 50, 50, 51, 52, 52, 53, 54, 55, 55, 56, 57, 57, 58, 59]',
    '[0, 1, 1, 2, 3, 3, 4, 10, 11, 11, 12, 13, 13, 14, 15, 16, 16, 17, 18, 18, 19, 20, 21, 21, 22, 23, 23, 24, 30, 31, 31, 32, 33, 33, 34, 35, 36, 36, 37, 38, 38, 39, 40, 41, 41, 42, 43, 43, 44, 50, 51, 51, 52, 53, 53, 54, 55, 56, 56, 57, 58, 58, 59]',
    'ValueError: only one of size or scale_factor should be defined',
    'ValueError: either size or scale_factor should be defined',
    'ValueError: Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [4, 4] and output size of (8, 8, 8). Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.',
    'ValueError: Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of [4, 4] and scale_factor of shape (2, 2, 2). Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.',
    "TypeError: expected size to be one of int or Tuple[int] or Tuple[int, int] or Tuple[int, int, int], but got size with types [<class 'int'>, <class 'float'>]",
    'ValueError: align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear',
    'ValueError: recompute_scale_factor is not meaningful with an explicit size.',
    'NotImplementedError: Got 3D input, but bilinear mode needs 4D input',
    'NotImplementedError: Got 3D input, but trilinear mode needs 5D input',
    'NotImplementedError: Got 4D input, but linear mode needs 3D input',
    'NotImplementedError: Got 4D input, but trilinear mode needs 5D input',
    'NotImplementedError: Got 5D input, but linear mode needs 3D input',
    'NotImplementedError: Got 5D input, but bilinear mode needs 4D input',
    'NotImplementedError: Input Error: Only 3D, 4D and 5D input Tensors supported (got 5D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got bicubic)',
    'NotImplementedError: Input Error: Only 3D, 4D and 5D input Tensors supported (got 2D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got nearest)',
    'NotImplementedError: Input Error: Only 3D, 4D and 5D input Tensors supported (got 4D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got cubic)',
    'ValueError: Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D tensor as input',
    'RuntimeError: Input and output sizes should be greater than 0, but got input (H: 4, W: 4) output (H: 0, W: 4)',
    'NotImplementedError: "upsample_nearest2d_channels_last" not implemented for \'Long\'',
    'NotImplementedError: "upsample_bilinear2d_channels_last" not implemented for \'Long\'',
    'NotImplementedError: "compute_indices_weights_nearest" not implemented for \'Int\'',
    'NotImplementedError: "compute_indices_weights_linear" not implemented for \'Int\'',
    'NotImplementedError: "compute_indices_weights_cubic" not implemented for \'Bool\'',
    'NotImplementedError: "compute_indices_weights_linear" not implemented for \'Long\'',
    'NotImplementedError: "compute_indices_weights_linear" not implemented for \'Byte\'',
]


DOUBLE = r'''
import torch
import torch.nn.functional as F
for m in ('nearest', 'bilinear', 'bicubic', 'nearest-exact'):
    x = torch.arange(12.).reshape(1, 1, 3, 4).requires_grad_()
    y = F.interpolate(x, scale_factor=1.5, mode=m)
    g, = torch.autograd.grad((y * y).sum(), x, create_graph=True)
    print(m, g.grad_fn.name() if g.grad_fn else None)
    (g.sin().sum()).backward()
    print([round(v, 4) for v in x.grad.flatten().tolist()])
x = torch.arange(5.).reshape(1, 1, 5).requires_grad_()
y = F.interpolate(x, size=7, mode='linear')
gy = torch.ones_like(y).requires_grad_()
gx, = torch.autograd.grad(y, x, gy, create_graph=True)
print(gx.grad_fn.name())
gg, = torch.autograd.grad((gx * torch.arange(5.)).sum(), gy)
print([round(v, 4) for v in gg.flatten().tolist()])
'''


def test_double_backward_as_torch(tmp_path):
    """create_graph through interpolate: the gradient's node (Upsample*BackwardBackward0)
    and second derivatives, rounded, as real torch 2.15 gives them (recorded from the oracle)."""
    (tmp_path / "d.py").write_text(DOUBLE)
    r = subprocess.run([str(BUILD / "kernel" / "tk-python"), str(tmp_path / "d.py")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == EXPECTED_DOUBLE


EXPECTED_DOUBLE = [
    'nearest UpsampleNearest2DBackwardBackward0',
    '[8.0, -2.6146, -7.6613, 3.3754, -3.8306, -1.6781, 1.6967, 0.2735, 3.3369, 1.3206, -2.6678, -1.9999]',
    'bilinear UpsampleBilinear2DBackwardBackward0',
    '[-1.8643, 0.447, 1.2786, -2.0988, 1.1433, -0.8006, -0.5611, 1.0968, -0.5762, -0.254, -0.2752, -0.5156]',
    'bicubic UpsampleBicubic2DBackwardBackward0',
    '[3.8124, -2.7672, -3.1327, 3.6443, 1.0993, 3.6958, 2.456, -3.8171, -0.4436, 1.2461, 0.3788, -2.7575]',
    'nearest-exact UpsampleNearestExact2DBackwardBackward0',
    '[2.0, -2.6146, -1.3073, 3.3754, -3.8306, -5.3355, 1.6967, 6.8258, -1.9153, -0.5119, 0.8162, 3.9994]',
    'UpsampleLinear1DBackwardBackward0',
    '[0.0, 0.5714, 1.2857, 2.0, 2.7143, 3.4286, 4.0]',
]


DEVICE = r'''
import torch
import torch.nn.functional as F
torch.manual_seed(0)
worst = 0.0
%transfers reset
for mode, kw in (("nearest", {}), ("nearest-exact", {}), ("bilinear", {"align_corners": False}),
                 ("bilinear", {"align_corners": True}), ("bicubic", {"align_corners": False}),
                 ("bicubic", {"align_corners": True})):
    for shape, arg in (((2, 3, 7, 9), {"scale_factor": 2}), ((2, 3, 7, 9), {"size": (5, 13)}),
                       ((1, 2, 10, 10), {"scale_factor": 0.5}), ((1, 2, 6, 5), {"scale_factor": 1.5})):
        x = torch.randn(*shape, dtype=torch.float64)
        g = torch.randn(F.interpolate(x, mode=mode, **arg, **kw).shape, dtype=torch.float64)
        xr, xc = x.clone().requires_grad_(), x.cuda().requires_grad_()
        a = F.interpolate(xr, mode=mode, **arg, **kw)
        b = F.interpolate(xc, mode=mode, **arg, **kw)
        a.backward(g)
        b.backward(g.cuda())
        assert b.device.type == "cuda" and xc.grad.device.type == "cuda"
        worst = max(worst, (a - b.cpu()).abs().max().item(), (xr.grad - xc.grad.cpu()).abs().max().item())
for mode, shape in (("linear", (2, 3, 11)), ("trilinear", (1, 2, 4, 5, 6)), ("nearest", (2, 3, 11)),
                    ("nearest", (1, 2, 4, 5, 6))):
    x = torch.randn(*shape, dtype=torch.float64)
    b = F.interpolate(x.cuda(), scale_factor=2.5, mode=mode)
    worst = max(worst, (F.interpolate(x, scale_factor=2.5, mode=mode) - b.cpu()).abs().max().item())
print("worst", worst < 1e-12)
%transfers
'''


def test_on_device_stays_there(tmp_path):
    """interpolate of a CUDA tensor (the emulated device) resamples on the device, forward and
    backward, every mode: the same values as the CPU kernel, and the transfer ledger shows only
    the .cpu() copies the check itself makes, none from interpolate."""
    (tmp_path / "d.py").write_text(DEVICE)
    env = dict(os.environ, TENSORKERNEL_EMULATE_CUDA="1")
    r = subprocess.run([str(BUILD / "kernel" / "tk-python"), str(tmp_path / "d.py")],
                       capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 0, r.stderr
    assert "worst True" in r.stdout
    causes = [line.split()[-1] for line in r.stdout.splitlines() if line.startswith("[")]
    assert causes and set(causes) == {".cpu()"}, r.stdout
