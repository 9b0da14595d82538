"""The torch module's values and functions as a user sees them: dtype, device, Size,
return_types and grad_fn objects print as PyTorch's; creation functions infer dtypes as
PyTorch does; as_tensor/from_numpy share memory while tensor() copies."""
import pytest

from conftest import execute, result_of, started_kernel, stdout_of


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    yield from started_kernel("import torch\nimport numpy as np")


def out(kc, code):
    reply, msgs = execute(kc, code)
    assert reply["status"] == "ok", (code, reply.get("ename"), reply.get("evalue"))
    return stdout_of(msgs)


def value(kc, code):
    reply, msgs = execute(kc, code)
    assert reply["status"] == "ok", (code, reply.get("ename"), reply.get("evalue"))
    return result_of(msgs)["text/plain"]


@pytest.mark.parametrize("code,text", [
    ("torch.float32", "torch.float32"),
    ("torch.long", "torch.int64"),
    ("torch.device('cpu')", "device(type='cpu')"),
    ("torch.device('cuda', 1)", "device(type='cuda', index=1)"),
    ("torch.ones(2, 3).shape", "torch.Size([2, 3])"),
    ("torch.Size([4]) + (5,)", "torch.Size([4, 5])"),
    ("torch.strided", "torch.strided"),
    ("type(torch.float32)", "<class 'torch.dtype'>"),
    ("torch.Tensor", "<class 'torch.Tensor'>"),
    ("torch.tensor([[1.0, 5.0], [4.0, 2.0]]).max(1)",
     "torch.return_types.max(\nvalues=tensor([5., 4.]),\nindices=tensor([1, 0]))"),
    ("torch.tensor([[1, 5], [4, 2]]).min(dim=0, keepdim=True)",
     "torch.return_types.min(\nvalues=tensor([[1, 2]]),\nindices=tensor([[0, 1]]))"),
])
def test_reprs(kc, code, text):
    assert value(kc, code) == text


def test_value_semantics(kc):
    assert out(kc, "d = torch.device('cuda:0')\nprint(d, d.type, d.index, d == torch.device('cuda', 0), "
                   "torch.device('cpu').index)") == "cuda:0 cuda 0 True None\n"
    assert out(kc, "s = torch.zeros(2, 3, 4).shape\nprint(s[1], s[-1], s[1:], len(s), list(s), "
                   "s == (2, 3, 4), s.numel())") == "3 4 torch.Size([3, 4]) 3 [2, 3, 4] True 24\n"
    assert out(kc, "print(torch.float16.itemsize, torch.int8.is_floating_point, "
                   "torch.float64.is_floating_point)") == "2 False True\n"
    assert out(kc, "v, i = torch.tensor([3, 9, 4]).max(0)\nprint(v.item(), i.item())") == "9 1\n"


def test_grad_fn_and_no_grad(kc):
    got = out(kc, "x = torch.ones(2, requires_grad=True)\ny = x * 3\n"
                  "print(repr(y.grad_fn).startswith('<MulBackward0 object at 0x'), y.grad_fn.name())\n"
                  "with torch.no_grad():\n    z = x * 3\n"
                  "print(z.grad_fn, z.requires_grad, torch.is_grad_enabled(), y.is_leaf, x.is_leaf)")
    assert got == "True MulBackward0\nNone False True False True\n"


@pytest.mark.parametrize("code,dtype", [
    ("torch.full((2,), 7)", "torch.int64"), ("torch.full((2,), 7.5)", "torch.float32"),
    ("torch.full((2,), True)", "torch.bool"), ("torch.arange(3)", "torch.int64"),
    ("torch.arange(0, 1, 0.5)", "torch.float32"), ("torch.linspace(0, 1, 3)", "torch.float32"),
    ("torch.zeros(2, dtype=float)", "torch.float64"), ("torch.randint(3, (2,))", "torch.int64"),
    ("torch.Tensor([1, 2])", "torch.float32"), ("torch.tensor([1, 2.5, True])", "torch.float32"),
    ("torch.zeros_like(torch.ones(2, dtype=torch.int32))", "torch.int32"),
    ("torch.ones_like(torch.ones(2), dtype=torch.float64)", "torch.float64"),
])
def test_creation_dtypes(kc, code, dtype):
    assert out(kc, "print((%s).dtype)" % code) == dtype + "\n"


def test_memory_sharing_rules(kc):
    got = out(kc, "n = np.array([1.0, 2.0])\nshared = torch.as_tensor(n)\nfrom_np = torch.from_numpy(n)\n"
                  "copied = torch.tensor(n)\nn[0] = 9\n"
                  "print(shared[0].item(), from_np[0].item(), copied[0].item())\n"
                  "t = torch.ones(2)\nprint(torch.as_tensor(t) is t, t.cpu() is t, t.float() is t, "
                  "t.to(torch.float32) is t, t.contiguous() is t)")
    assert got == "9.0 9.0 1.0\nTrue True True True True\n"


def test_whole_tensor_comparisons(kc):
    got = out(kc, "a = torch.tensor([1.0, 2.0])\n"
                  "print(torch.equal(a, a.clone()), torch.equal(a, torch.ones(3)), "
                  "torch.allclose(a, a + 1e-9), a.allclose(a + 1), torch.isclose(a, a * 2).tolist())")
    assert got == "True False True False [False, False]\n"


def test_shifts_and_numpy_scalars(kc):
    got = out(kc, "print(torch.tensor([1, -3]) << 2, torch.tensor([5, -3]) >> 1, "
                  "torch.ones(2) * np.float32(2), torch.tensor([1.0, 2.0]).sum(axis=0))")
    assert got == "tensor([  4, -12]) tensor([ 2, -2]) tensor([2., 2.]) tensor(3.)\n"
