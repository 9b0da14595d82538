"""Bad input gives PyTorch's exception type and message, and the kernel lives on."""
import pytest

from conftest import execute, started_kernel, stdout_of

CASES = [
    ("torch.zeros(2, 3) + torch.zeros(3, 2)", "RuntimeError",
     "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1"),
    ("torch.zeros(2, 3).sum(5)", "IndexError",
     "Dimension out of range (expected to be in range of [-2, 1], but got 5)"),
    ("torch.zeros(2, 3).transpose(0, 2)", "IndexError",
     "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    ("torch.arange(3)[5]", "IndexError", "index 5 is out of bounds for dimension 0 with size 3"),
    ("torch.arange(6).reshape(2, 3)[1, -4]", "IndexError",
     "index -4 is out of bounds for dimension 1 with size 3"),
    ("torch.arange(3)[0, 0]", "IndexError", "too many indices for tensor of dimension 1"),
    ("torch.tensor([[1, 2], [1, 2, 3]])", "ValueError",
     "expected sequence of length 2 at dim 1 (got 3)"),
    ("torch.tensor([300], dtype=torch.uint8)", "RuntimeError",
     "value cannot be converted to type uint8_t without overflow"),
    ("torch.zeros(2, dtype='float32')", "TypeError",
     "zeros(): argument 'dtype' must be torch.dtype, not str"),
    ("torch.tensor([1, 2]) // 0", "RuntimeError", "ZeroDivisionError"),
    ("torch.arange(6).view(4)", "RuntimeError", "shape '[4]' is invalid for input of size 6"),
    ("torch.ones(2, 3) @ torch.ones(2, 3)", "RuntimeError",
     "mm: mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"),
    ("bool(torch.tensor([1, 2]))", "RuntimeError",
     "Boolean value of Tensor with more than one value is ambiguous"),
    ("torch.tensor([1.5, 2.5]).item()", "RuntimeError",
     "a Tensor with 2 elements cannot be converted to Scalar"),
    ("len(torch.tensor(3))", "TypeError", "len() of a 0-d tensor"),
    ("torch.tensor([1.0], dtype=torch.bfloat16).numpy()", "TypeError",
     "Got unsupported ScalarType BFloat16"),
    ("torch.zeros(2, device='cuda')", "RuntimeError", None),
    ("torch.device('tpu')", "RuntimeError", None),
    ("torch.zeros(1 << 50)", "RuntimeError", "CPU out of memory"),
    ("torch.zeros(-1)", "RuntimeError", "Trying to create tensor with negative dimension -1: [-1]"),
    ("torch.ones(2, -3)", "RuntimeError",
     "Trying to create tensor with negative dimension -3: [2, -3]"),
    ("torch.arange(1e20)", "RuntimeError", "invalid size, possible overflow?"),
    ("torch.arange(-1e20, 0)", "RuntimeError", "invalid size, possible overflow?"),
    ("torch.arange(0, 10, 0)", "RuntimeError", "step must be nonzero"),
    ("torch.arange(float('inf'))", "RuntimeError", "unsupported range: 0 -> inf"),
    ("torch.arange(10, 0)", "RuntimeError",
     "upper bound and larger bound inconsistent with step sign"),
    ("torch.empty(1 << 62)", "RuntimeError",
     "Storage size calculation overflowed with sizes=[4611686018427387904]"),
    ("torch.ones(1 << 40, 1 << 40)", "RuntimeError",
     "Storage size calculation overflowed with sizes=[1099511627776, 1099511627776]"),
    ("(torch.ones(3, requires_grad=True) * 2).backward()", "RuntimeError",
     "grad can be implicitly created only for scalar outputs"),
    ("(torch.ones(3, requires_grad=True) * 2).backward(torch.ones(2))", "RuntimeError",
     "Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a "
     "shape of torch.Size([3])."),
    ("torch.ones(3).backward(torch.ones(2))", "RuntimeError",
     "Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a "
     "shape of torch.Size([3])."),
    ("torch.ones(3).backward(torch.ones(3))", "RuntimeError",
     "element 0 of tensors does not require grad and does not have a grad_fn"),
    ("(torch.ones(3, requires_grad=True) * 2).backward(1.0)", "TypeError",
     "'float' object is not iterable"),
]


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    yield from started_kernel("import torch")


@pytest.mark.parametrize("code,ename,evalue", CASES, ids=[c[0] for c in CASES])
def test_error(kc, code, ename, evalue):
    reply, msgs = execute(kc, code)
    assert reply["status"] == "error"
    assert reply["ename"] == ename
    if evalue == "CPU out of memory":
        assert reply["evalue"].startswith("CPU out of memory: tried to allocate")
    elif evalue is not None:
        assert reply["evalue"] == evalue
    reply, msgs = execute(kc, "print(torch.tensor([1, 2]).sum().item())")
    assert reply["status"] == "ok"
    assert stdout_of(msgs) == "3\n"


def test_leaf_requiring_grad_refuses_index_assignment(kc):
    reply, _ = execute(kc, "w = torch.tensor([1.0, 2.0], requires_grad=True)\nw[0] = 5")
    assert (reply["ename"], reply["evalue"]) == (
        "RuntimeError", "a leaf Variable that requires grad is being used in an in-place operation.")
    reply, msgs = execute(kc, "with torch.no_grad():\n    w[0] = 5\n    w -= 1\nprint(w.tolist())")
    assert stdout_of(msgs) == "[4.0, 1.0]\n"


def test_backward_gradient_and_retain_graph(kc):
    reply, msgs = execute(kc, """x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * x
y.backward(torch.tensor([1.0, 0.5, 0.25]), retain_graph=True)
print(x.grad.tolist())
y.backward(gradient=torch.tensor([1, 1, 1]))
print(x.grad.tolist())
""")
    assert reply["status"] == "ok", reply.get("evalue")
    assert stdout_of(msgs) == "[2.0, 2.0, 1.5]\n[4.0, 6.0, 7.5]\n"
    reply, _ = execute(kc, "y.backward(torch.ones(3))")
    assert reply["ename"] == "RuntimeError"
    assert reply["evalue"].startswith("Trying to backward through the graph a second time")
    reply, msgs = execute(kc, "s = (x * 3).sum()\ns.backward(torch.tensor(2.0))\nprint(x.grad.tolist())")
    assert stdout_of(msgs) == "[10.0, 12.0, 13.5]\n"
