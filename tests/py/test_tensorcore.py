"""tensorcore semantics as a notebook user sees them: PyTorch's type promotion, integer
division rules, reductions, matmul, joins, autograd and the exact error messages, checked
through a running kernel (one kernel for the module; each case is one cell)."""
import pytest

from conftest import execute, result_of, stdout_of


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    from jupyter_client.manager import start_new_kernel
    km, client = start_new_kernel(kernel_name="tensorkernel", startup_timeout=30)
    execute(client, "import torch")
    yield client
    client.stop_channels()
    km.shutdown_kernel(now=True)


def run(kc, code):
    """The cell's transcript: stdout, the result's text/plain, or 'Name: message'."""
    reply, msgs = execute(kc, code)
    if reply["status"] == "error":
        return "%s: %s" % (reply["ename"], reply["evalue"])
    out = stdout_of(msgs)
    data = result_of(msgs)
    if data is not None:
        out += data["text/plain"]
    return out.rstrip("\n")


CASES = [
    # promotion with Python numbers and between dtypes
    ("torch.tensor([1, 2, 3]) / 2", "tensor([0.5000, 1.0000, 1.5000])"),
    ("torch.tensor([1, 2]) + 0.5", "tensor([1.5000, 2.5000])"),
    ("(torch.ones(2, dtype=torch.float16) * 2.0).dtype", "torch.float16"),
    ("(torch.ones(2, dtype=torch.int32) + 5).dtype", "torch.int32"),
    ("(torch.ones(2, dtype=torch.uint8) + torch.ones(2, dtype=torch.int8)).dtype", "torch.int16"),
    ("(torch.ones(2, dtype=torch.bool) + 1).dtype", "torch.int64"),
    ("torch.tensor([True, False]) + torch.tensor([True, True])", "tensor([True, True])"),
    ("(torch.ones(3) * torch.tensor(2.0, dtype=torch.float64)).dtype", "torch.float32"),
    ("(torch.ones(3, dtype=torch.int64) * torch.tensor(2.0, dtype=torch.float64)).dtype", "torch.float64"),
    # integer division and remainder follow Python
    ("torch.tensor([-7, 7]) // 2", "tensor([-4,  3])"),
    ("torch.tensor([-7, 7]) % 3", "tensor([2, 1])"),
    ("torch.tensor([7]) // 0", "RuntimeError: ZeroDivisionError"),
    ("torch.tensor([1.0]) / 0", "tensor([inf])"),
    # in-place cast rules
    ("x = torch.tensor([1, 2])\nx /= 2", "RuntimeError: result type Float can't be cast to the desired output type Long"),
    ("x = torch.tensor([1.0, 2.0])\nx += 1\nx", "tensor([2., 3.])"),
    # reductions
    ("torch.tensor([1, 2, 3]).sum().dtype", "torch.int64"),
    ("torch.tensor([1, 2]).mean()",
     "NotImplementedError: mean(): could not infer output dtype. Input dtype must be either a floating point "
     "or complex dtype. Got: Long"),
    ("torch.ones(2, 3).sum(dim=(0, 1))", "tensor(6.)"),
    ("torch.tensor([3, 1, 2]).argmax()", "tensor(0)"),
    ("torch.tensor([[1., 5.], [4., 2.]]).max(dim=0).indices", "tensor([1, 0])"),
    ("torch.tensor([1, 2, 3]).sum().item()", "6"),
    # shapes, matmul, joins
    ("torch.ones(2, 3) @ torch.ones(2, 2)", "RuntimeError: mm: mat1 and mat2 shapes cannot be multiplied (2x3 and 2x2)"),
    ("torch.ones(3) @ torch.ones(2)",
     "RuntimeError: inconsistent tensor size, expected tensor [3] and src [2] to have the same number "
     "of elements, but got 3 and 2 elements respectively"),
    ("torch.ones(2, 3) @ torch.ones(3)", "tensor([3., 3.])"),
    ("(torch.ones(4, 2, 3) @ torch.ones(3, 5)).shape", "torch.Size([4, 2, 5])"),
    ("torch.zeros(2, 3) + torch.zeros(3, 2)",
     "RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1"),
    ("torch.ones(2, 3).t().view(6)",
     "RuntimeError: view size is not compatible with input tensor's size and stride (at least one "
     "dimension spans across two contiguous subspaces). Use .reshape(...) instead."),
    ("torch.cat([torch.ones(2, 3), torch.ones(2, 2)])",
     "RuntimeError: Sizes of tensors must match except in dimension 0. Expected size 3 but got size 2 "
     "for tensor number 1 in the list."),
    ("torch.stack([torch.ones(2), torch.ones(3)])",
     "RuntimeError: stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1"),
    # creation
    ("torch.arange(0, 1, 0.3)", "tensor([0.0000, 0.3000, 0.6000, 0.9000])"),
    ("torch.linspace(0, 1, 5)", "tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])"),
    ("torch.eye(2)", "tensor([[1., 0.],\n        [0., 1.]])"),
    # elementwise math
    ("torch.tensor([1, 5, 9]).clamp(2, 6)", "tensor([2, 5, 6])"),
    ("torch.tensor([0.5]).exp()", "tensor([1.6487])"),
    ("torch.where(torch.tensor([True, False]), torch.tensor([1, 2]), 0.5)", "tensor([1.0000, 0.5000])"),
    # autograd
    ("x = torch.tensor([1.0, 2.0], requires_grad=True)\n(x ** 2).sum().backward()\nx.grad", "tensor([2., 4.])"),
    ("x = torch.ones(2, 2, requires_grad=True)\n(x @ x).mean().backward()\nx.grad",
     "tensor([[1., 1.],\n        [1., 1.]])"),
    ("torch.ones(2, requires_grad=True).sum(0, keepdim=True)", "tensor([2.], grad_fn=<SumBackward1>)"),
    ("torch.ones(2, requires_grad=True).backward()", "RuntimeError: grad can be implicitly created only for scalar outputs"),
    ("torch.ones(1).backward()",
     "RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn"),
    ("torch.ones(2, dtype=torch.int64).requires_grad_()",
     "RuntimeError: only Tensors of floating point dtype can require gradients"),
    # numpy hand-over rules
    ("torch.ones(2).to(torch.bfloat16).numpy()", "TypeError: Got unsupported ScalarType BFloat16"),
    ("torch.ones(2, 2).to_sparse().numpy()",
     "TypeError: can't convert Sparse layout tensor to numpy. Use Tensor.to_dense() first."),
]


@pytest.mark.parametrize("code,want", CASES, ids=[c[0].split("\n")[-1][:60] for c in CASES])
def test_case(kc, code, want):
    assert run(kc, code) == want
