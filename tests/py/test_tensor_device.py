"""Tensors on the emulated CUDA device (TENSORKERNEL_EMULATE_CUDA=1): torch.cuda reports
it, ops stay on the device, host copies name their cause in the transfer ledger, and the
NumPy hand-over refuses device tensors as PyTorch does."""
import pytest

from conftest import execute, result_of, started_kernel, stderr_of, stdout_of


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    yield from started_kernel("import torch", kernel_name="tensorkernel-emulated")


def run(kc, code):
    reply, msgs = execute(kc, code)
    assert reply["status"] == "ok", (reply.get("ename"), reply.get("evalue"))
    return msgs


def test_cuda_module(kc):
    out = stdout_of(run(kc, "print(torch.cuda.is_available(), torch.cuda.device_count(), "
                            "torch.cuda.current_device())\ntorch.cuda.synchronize()"))
    assert out == "True 1 0\n"


def test_device_tensor_attributes(kc):
    msgs = run(kc, "g = torch.tensor([1.0, 2.0, 3.0], device='cuda')\n"
                   "print(g.device, g.is_cuda, g.device.type, g.device.index)\n(g * 2).device")
    assert stdout_of(msgs) == "cuda:0 True cuda 0\n"
    assert result_of(msgs)["text/plain"] == "device(type='cuda', index=0)"


def test_numpy_refuses_device_tensor(kc):
    reply, _ = execute(kc, "torch.ones(2, device='cuda').numpy()")
    assert reply["ename"] == "TypeError"
    assert reply["evalue"] == ("can't convert cuda:0 device type tensor to numpy. "
                               "Use Tensor.cpu() to copy the tensor to host memory first.")
    msgs = run(kc, "torch.ones(2, device='cuda').numpy(force=True)")
    assert result_of(msgs)["text/plain"] == "array([1., 1.], dtype=float32)"


@pytest.mark.parametrize("expr,cause", [("g.cpu()", ".cpu()"), ("g.sum().item()", ".item()"),
                                        ("g.tolist()", ".tolist()")])
def test_host_copies_name_their_cause(kc, expr, cause):
    msgs = run(kc, "torch.cuda.set_transfer_warning(1)\ng = torch.arange(4.0, device='cuda')\n"
                   "r = " + expr)
    assert "by %s" % cause in stderr_of(msgs)
    run(kc, "torch.cuda.set_transfer_warning(1 << 20)")


def test_values_round_trip(kc):
    out = stdout_of(run(kc, "g = torch.arange(6.0, device='cuda').reshape(2, 3)\n"
                            "print((g @ g.t()).cpu().tolist(), g.sum(1).tolist(), g.max().item())\n"
                            "print(g.cuda() is g, g.cpu().cuda().device, g.to('cpu').device)"))
    assert out == "[[5.0, 14.0], [14.0, 50.0]] [3.0, 12.0] 5.0\nTrue cuda:0 cpu\n"


def test_plot_of_device_tensor_copies_only_a_sample(kc):
    msgs = run(kc, "torch.cuda.set_transfer_warning(1)\n"
                   "big = torch.linspace(0, 1, 1000000, device='cuda')\nbig.plot()")
    warnings = stderr_of(msgs)
    assert "by display" in warnings and "MiB" not in warnings
    assert any(t == "display_data" and "image/svg+xml" in c["data"] for t, c in msgs)
    run(kc, "torch.cuda.set_transfer_warning(1 << 20)")


def test_advanced_indexing_on_device(kc):
    """Several index tensors, masks and index assignment give the CPU's results on the
    device, and the results stay there."""
    code = """
def f(dev):
    x = torch.arange(24.0, device=dev).reshape(2, 3, 4)
    i = torch.tensor([[0], [1]], device=dev)
    j = torch.tensor([0, 2, 1], device=dev)
    a = x[i, j]
    b = x[[0, 1], :, [3, 0]]
    c = x[x.sum(-1) > 20]
    d = x[0, :, [1, 2]]
    y = x.clone()
    y[i, j, 1:3] = -1.0
    y[y > 20] = 0.5
    y[[1], [0, 2]] = torch.tensor([9.0, 8.0, 7.0, 6.0], device=dev)
    w = torch.ones(3, 4, device=dev, requires_grad=True)
    w[[0, 2, 2], [1, 3, 3]].sum().backward()
    return [a.device.type, a.tolist(), b.tolist(), c.tolist(), d.tolist(), y.tolist(),
            w.grad.tolist()]
r_cpu, r_dev = f('cpu'), f('cuda')
print(r_dev[0], r_cpu[1:] == r_dev[1:])
"""
    assert stdout_of(run(kc, code)) == "cuda True\n"
