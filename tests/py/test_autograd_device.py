"""torch.autograd on the emulated CUDA device: autograd.grad, create_graph (double
backward), hooks and retain_grad give what they give on the CPU, and the backward passes
copy nothing to the host (the transfer ledger stays empty until the results are printed).
Oracle: the same kernel's CPU result (the CPU results are checked against PyTorch by the
conformance cases 120-124)."""
import re

import pytest
from jupyter_client.manager import start_new_kernel

from conftest import execute, stderr_of, stdout_of

SCRIPT = """
import torch
def run(dev):
    torch.manual_seed(0)
    w = torch.randn(4, 3, device=dev, requires_grad=True)
    x = torch.randn(5, 4, device=dev, requires_grad=True)
    h = torch.tanh(x @ w)
    h.retain_grad()
    seen = []
    h.register_hook(lambda g: seen.append(1))
    y = (torch.sigmoid(h).pow(3) + torch.relu(h) * h.exp()).mean() + x.var() + x[1:, ::2].std()
    gx, gw = torch.autograd.grad(y, [x, w], create_graph=True, retain_graph=True)
    pen = (gx * gx).sum() + gw.pow(2).mean()
    pen.backward(retain_graph=True)
    y.backward()
    return [t.cpu() for t in (gx.detach(), gw.detach(), x.grad, w.grad, h.grad)], len(seen)
"""


@pytest.fixture
def emulated(jupyter_data_dir):
    km, kc = start_new_kernel(kernel_name="tensorkernel-emulated", startup_timeout=30)
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run_ok(kc, code):
    reply, msgs = execute(kc, code)
    assert reply["status"] == "ok", (code, reply, stderr_of(msgs))
    return stdout_of(msgs)


def test_double_backward_and_hooks_on_the_device_match_the_cpu(emulated):
    run_ok(emulated, SCRIPT)
    out = run_ok(emulated, "cpu, n_cpu = run('cpu')\ndev, n_dev = run('cuda')\n"
                           "print(n_cpu, n_dev, [torch.allclose(a, b, rtol=1e-5, atol=1e-6) "
                           "for a, b in zip(cpu, dev)])\nprint(cpu[1])")
    first, *rest = out.strip().splitlines()
    assert first == "3 3 [True, True, True, True, True]"  # the hook runs in all three passes
    assert "tensor([[" in rest[0]  # real numbers, not an empty result


def test_backward_on_the_device_copies_nothing_to_the_host(emulated):
    run_ok(emulated, "import torch\nw = torch.randn(64, 64, device='cuda', requires_grad=True)\n"
                     "x = torch.randn(32, 64, device='cuda')\n%transfers reset")
    run_ok(emulated, "y = torch.tanh(x @ w).pow(2).mean()\n"
                     "g, = torch.autograd.grad(y, w, create_graph=True)\n"
                     "(g * g).sum().backward()\n"
                     "w.register_hook(lambda g: g * 2)\n"
                     "torch.relu(x @ w).sum().backward()")
    out = run_ok(emulated, "%transfers")
    m = re.match(r"GPU-to-CPU transfers this session: (\d+)", out)
    assert m and int(m.group(1)) == 0, out
