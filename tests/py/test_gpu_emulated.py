"""The device layer seen from a Jupyter client.

The 'tensorkernel-emulated' kernelspec (conftest.py) runs the kernel with
TENSORKERNEL_EMULATE_CUDA=1: cuda:0 exists, its memory is reachable only through explicit
transfers, and every GPU-to-CPU copy goes through the transfer ledger. These tests check
what a notebook user relies on: CUDA tensors flow, stdout is the same as on the CPU, the
transfer warnings arrive on stderr, %transfers shows the ledger, and the conformance cases
give the same transcript. Tests for a real GPU skip where none is present."""
import importlib.util
import pathlib
import re

import pytest
from jupyter_client.manager import start_new_kernel

from conftest import execute, stderr_of, stdout_of

CASES_DIR = pathlib.Path(__file__).resolve().parents[1] / "conformance"
CASES = [c for c in sorted(CASES_DIR.glob("*.py")) if c.name != "run.py"]
_spec = importlib.util.spec_from_file_location("conformance_run", CASES_DIR / "run.py")
_run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_run)

NUMPY_CUDA_ERROR = ("can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy "
                    "the tensor to host memory first.")


def _start(name):
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=30)
    return km, kc


@pytest.fixture
def emulated(jupyter_data_dir):
    km, kc = _start("tensorkernel-emulated")
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


@pytest.fixture
def plain(jupyter_data_dir):
    km, kc = _start("tensorkernel")
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run_ok(kc, code):
    reply, msgs = execute(kc, code)
    assert reply["status"] == "ok", (code, reply, stderr_of(msgs))
    return stdout_of(msgs), stderr_of(msgs)


def has_gpu(kc):
    out, _ = run_ok(kc, "import torch\nprint(torch.cuda.is_available())")
    return out.strip() == "True"


# ---- the emulated device -------------------------------------------------------------


def test_cuda_is_available_when_emulated(emulated):
    out, _ = run_ok(emulated, "import torch\nprint(torch.cuda.is_available(), torch.cuda.device_count())")
    assert out == "True 1\n"


def test_cuda_tensors_flow(emulated):
    out, err = run_ok(emulated, """import torch
t = torch.tensor([1.0, 2.0, 3.0], device="cuda")
print(t.device, t.is_cuda)
u = (t * 2 + 1).to("cuda")
print(u)
print(u.sum().item(), u.cpu().is_cuda, u.cpu().tolist())
print(torch.zeros(2, 2).cuda().device)
torch.cuda.synchronize()
""")
    assert out == ("cuda:0 True\n"
                   "tensor([3., 5., 7.], device='cuda:0')\n"
                   "15.0 False [3.0, 5.0, 7.0]\n"
                   "cuda:0\n")
    assert "UserWarning" not in err


def test_numpy_of_cuda_tensor_is_pytorch_type_error(emulated):
    reply, msgs = execute(emulated, "import torch\ntorch.ones(3, device='cuda').numpy()")
    assert reply["status"] == "error"
    assert reply["ename"] == "TypeError"
    assert reply["evalue"] == NUMPY_CUDA_ERROR
    out, _ = run_ok(emulated, "print(torch.ones(3, device='cuda').cpu().numpy())")
    assert out == "[1. 1. 1.]\n"


FLOW = """import torch
device = "{device}"
x = torch.arange(12, dtype=torch.float32, device=device).reshape(3, 4)
y = (x * 2 + 1).sum(dim=0)
print(y.cpu())
print((x @ x.T).cpu())
print(x.max().item(), x.argmin().item(), x.mean().item())
print(torch.where(x > 5, x, torch.zeros_like(x)).cpu().tolist())
print(x.clamp(2, 9).cpu()[0])
big = torch.ones(1 << 22, device=device)
print(big.cpu().sum().item())
# %%
total = 0.0
for i in range(150):
    total += x[i % 3, i % 4].item()
print(total)
"""


def _flow(kc, device):
    outs, errs = [], []
    for cell in FLOW.format(device=device).split("# %%\n"):
        out, err = run_ok(kc, cell)
        outs.append(out)
        errs.append(err)
    return outs, errs


def test_device_flow_same_stdout_warnings_on_stderr(emulated, plain):
    cpu_out, cpu_err = _flow(plain, "cpu")
    gpu_out, gpu_err = _flow(emulated, "cuda")
    assert gpu_out == cpu_out
    assert not any("UserWarning" in e for e in cpu_err)
    # one costly copy in cell 1: 16 MiB by .cpu(), and nothing else
    assert gpu_err[0].count("UserWarning") == 1
    assert "UserWarning: costly GPU-to-CPU transfer: 16.0 MiB from cuda:0 by .cpu() (" in gpu_err[0]
    assert gpu_err[0].rstrip().endswith("keep the data on the GPU or reduce it first")
    # 150 .item() syncs in cell 2: one summary at the end of the cell
    assert gpu_err[1].count("UserWarning") == 1
    assert ("UserWarning: 150 small GPU-to-CPU transfers in this cell (.item() x150, "
            "600 B in all, ") in gpu_err[1]
    assert "each one synchronizes the GPU \u2014 batch them, e.g. t.tolist() once" in gpu_err[1]


def test_printing_a_large_cuda_tensor_copies_only_edges(emulated):
    run_ok(emulated, "import torch\nc = torch.arange(10_000_000, dtype=torch.float32)\n"
                     "t = c.cuda()\n%transfers reset")
    cpu_text, _ = run_ok(emulated, "print(c)")
    out, err = run_ok(emulated, "print(t)")
    assert "device='cuda:0'" in out
    assert out.replace(", device='cuda:0'", "").split() == cpu_text.split()
    assert "UserWarning" not in err
    out, _ = run_ok(emulated, "%transfers")
    m = re.match(r"GPU-to-CPU transfers this session: (\d+) \((\d+) B\)", out)
    assert m, out
    assert 0 < int(m.group(2)) <= 4096  # a few edges, not 40 MB
    assert all(line.endswith("print") for line in out.splitlines()[2:])


def test_transfers_magic_shows_the_ledger(emulated):
    run_ok(emulated, "import torch\nt = torch.ones(1 << 20, device='cuda')")  # 4 MiB
    _, err = run_ok(emulated, "h = t.cpu()\nv = t[0].item()")
    assert "costly GPU-to-CPU transfer: 4.0 MiB from cuda:0 by .cpu()" in err
    out, _ = run_ok(emulated, "%transfers")
    lines = out.splitlines()
    assert lines[0].startswith("GPU-to-CPU transfers this session: 2 (4.0 MiB)")
    body = "\n".join(lines[1:])
    assert ".cpu()" in body and ".item()" in body and "cuda:0" in body
    # raising the threshold silences the warning for that size
    out, _ = run_ok(emulated, "%transfers threshold 8MB")
    assert "8.0 MiB" in out
    _, err = run_ok(emulated, "h = t.cpu()")
    assert "UserWarning" not in err


# ---- the conformance cases on the emulated device ------------------------------------

# Cases whose transcript depends on whether CUDA is available, with what they print then.
EMULATED_EXPECTED = {
    "029_cuda_unavailable": "True\ntensor([1, 2, 3], device='cuda:0')\ncuda:0\n[1 2 3]\nTrue\n",
}


def _transcript(kernel_name, case):
    km, kc = _start(kernel_name)
    try:
        return "".join(_run.run_cell(kc, cell, 30) for cell in _run.cells_of(case.read_text()))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_conformance_case_on_emulated_device(case, jupyter_data_dir):
    """Same transcript as on the CPU: PyTorch's where the CPU kernel matches it, and the CPU
    kernel's own otherwise (a CPU-side difference is test_conformance.py's to report)."""
    got = _transcript("tensorkernel-emulated", case)
    if case.stem in EMULATED_EXPECTED:
        assert got == EMULATED_EXPECTED[case.stem]
        return
    if got != case.with_suffix(".out").read_text():
        assert got == _transcript("tensorkernel", case)


# ---- no device -------------------------------------------------------------------------


def test_cuda_without_gpu_is_pytorch_runtime_error(plain):
    if has_gpu(plain):
        pytest.skip("this machine has a CUDA GPU: device='cuda' works here")
    reply, _ = execute(plain, "torch.zeros(2, device='cuda')")
    assert reply["status"] == "error"
    assert reply["ename"] == "RuntimeError"
    assert reply["evalue"].startswith("Found no NVIDIA driver on your system.")
    out, _ = run_ok(plain, "print(torch.cuda.is_available(), torch.cuda.device_count())")
    assert out == "False 0\n"


# ---- a real GPU ---------------------------------------------------------------------------


def test_real_cuda_flow_matches_cpu(plain, emulated):
    if not has_gpu(plain):
        pytest.skip("no CUDA GPU on this machine; the real-CUDA flow runs on a GPU host")
    cpu_out, _ = _flow(emulated, "cpu")
    gpu_out, gpu_err = _flow(plain, "cuda")
    assert gpu_out == cpu_out
    assert "costly GPU-to-CPU transfer: 16.0 MiB from cuda:0 by .cpu()" in gpu_err[0]


def test_set_transfer_warning_moves_the_threshold(emulated):
    run_ok(emulated, "import torch\nt = torch.ones(1 << 20, device='cuda')")  # 4 MiB
    run_ok(emulated, "torch.cuda.set_transfer_warning(1 << 30)")
    _, err = run_ok(emulated, "h = t.cpu()")
    assert "UserWarning" not in err
    run_ok(emulated, "torch.cuda.set_transfer_warning(1024)")
    _, err = run_ok(emulated, "h = t[:512].cpu()")  # 2 KiB
    assert "UserWarning: costly GPU-to-CPU transfer: 2.0 KiB from cuda:0 by .cpu() (" in err
