"""Kernel-side NumPy arrays: views over tensor memory (writes seen both ways, strides in
bytes for transposed and expanded tensors), NumPy 2 promotion and printing, np scalars."""
import pytest

from conftest import execute, result_of, started_kernel, stdout_of


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    yield from started_kernel("import torch\nimport numpy as np")


def out(kc, code):
    reply, msgs = execute(kc, code)
    assert reply["status"] == "ok", (reply.get("ename"), reply.get("evalue"))
    return stdout_of(msgs)


def value(kc, code):
    reply, msgs = execute(kc, code)
    assert reply["status"] == "ok", (reply.get("ename"), reply.get("evalue"))
    return result_of(msgs)["text/plain"]


def test_transposed_view_shares_memory(kc):
    got = out(kc, "t = torch.arange(6, dtype=torch.float32).reshape(2, 3)\n"
                  "a = t.t().numpy()\nprint(a.strides, a.flags['C_CONTIGUOUS'], a.flags['F_CONTIGUOUS'])\n"
                  "a[2, 1] = -1\nprint(t[1, 2].item())\nt[0, 1] = 9\nprint(a[1, 0])")
    assert got == "(4, 12) False True\n-1.0\n9.0\n"


def test_expanded_view_strides(kc):
    assert out(kc, "a = torch.tensor([1.0, 2.0]).expand(3, 2).numpy()\nprint(a.strides, a.shape)") == \
        "(0, 4) (3, 2)\n"


def test_owndata_and_flags(kc):
    assert out(kc, "print(torch.ones(2).numpy().flags['OWNDATA'], np.ones(2).flags['OWNDATA'])") == \
        "False True\n"


def test_promotion(kc):
    got = out(kc, "a = np.arange(3, dtype=np.float32)\nprint((a + 1).dtype, (a * 2.5).dtype)\n"
                  "b = np.arange(3)\nprint((b + 1.5).dtype, (b / 2).dtype, (b + 1).dtype)\n"
                  "print((b + a).dtype, (np.ones(2, dtype=np.int32) + np.ones(2, dtype=np.float32)).dtype)")
    assert got == "float32 float32\nfloat64 float64 int64\nfloat64 float64\n"


def test_scalars(kc):
    assert value(kc, "np.arange(4, dtype=np.float32).sum()") == "np.float32(6.0)"
    assert value(kc, "np.array([1, 2, 3]).sum()") == "np.int64(6)"
    assert value(kc, "np.array([1, 2, 3]).mean()") == "np.float64(2.0)"
    assert out(kc, "print(np.array([1.5, 2.5])[1], type(np.array([1.5])[0]))") == \
        "2.5 <class 'numpy.float64'>\n"


def test_dtype_objects(kc):
    got = out(kc, "d = np.zeros(2, dtype=np.float32).dtype\n"
                  "print(d, d == np.float32, d == 'float32', d == np.float64, d.itemsize)")
    assert got == "float32 True True False 4\n"
    assert value(kc, "np.zeros(2).dtype") == "dtype('float64')"


def test_repr_and_methods(kc):
    assert value(kc, "np.array([[1.5, 2.0], [3.0, 4.0]]).T") == "array([[1.5, 3. ],\n       [2. , 4. ]])"
    assert value(kc, "np.arange(6).reshape(2, 3).sum(axis=0)") == "array([3, 5, 7])"
    assert value(kc, "np.linspace(0, 1, 3)") == "array([0. , 0.5, 1. ])"
    assert value(kc, "np.array([1, 2, 3]) > 1") == "array([False,  True,  True])"
    assert out(kc, "print(np.array([1, 2]).astype(np.float32).tolist(), np.array([[1, 2]]).copy().shape)") == \
        "[1.0, 2.0] (1, 2)\n"


def test_from_numpy_and_tensor_copy(kc):
    got = out(kc, "a = np.array([1, 2, 3])\nt = torch.from_numpy(a)\nu = torch.tensor(a)\n"
                  "a[0] = 7\nprint(t[0].item(), u[0].item(), t.dtype)")
    assert got == "7 1 torch.int64\n"


def test_inplace_on_array_visible_in_tensor(kc):
    assert out(kc, "t = torch.zeros(3)\na = t.numpy()\na += 2\nprint(t)") == "tensor([2., 2., 2.])\n"


@pytest.mark.parametrize("code,evalue", [
    ("np.array([[1, 2], [1, 2, 3]])",
     "setting an array element with a sequence. The requested array has an inhomogeneous shape "
     "after 1 dimensions. The detected shape was (2,) + inhomogeneous part."),
    ("np.array([[[1], [2]], [[1], [2, 3]]])",
     "setting an array element with a sequence. The requested array has an inhomogeneous shape "
     "after 2 dimensions. The detected shape was (2, 2) + inhomogeneous part."),
    ("bool(np.array([1, 2]))",
     "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()"),
    ("np.arange(6).reshape(4)", "cannot reshape array of size 6 into shape (4,)"),
])
def test_numpy_value_errors(kc, code, evalue):
    reply, _ = execute(kc, code)
    assert (reply["ename"], reply["evalue"]) == ("ValueError", evalue)


def test_every_numpy_dtype_hands_over(kc):
    got = out(kc, "for dt in [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, "
                  "torch.int64, torch.float16, torch.float32, torch.float64]:\n"
                  "    a = torch.tensor([1, 0], dtype=dt).numpy()\n"
                  "    print(a.dtype, a.itemsize, a.tolist())")
    assert got == ("bool 1 [True, False]\nuint8 1 [1, 0]\nint8 1 [1, 0]\nint16 2 [1, 0]\n"
                   "int32 4 [1, 0]\nint64 8 [1, 0]\nfloat16 2 [1.0, 0.0]\nfloat32 4 [1.0, 0.0]\n"
                   "float64 8 [1.0, 0.0]\n")


def test_dtype_inference_from_data(kc):
    got = out(kc, "print(np.array([1, 2.5]).dtype, np.array([np.float32(1), 2]).dtype, "
                  "np.array([np.float32(1), np.float32(2)]).dtype, np.array([True, 2]).dtype, "
                  "np.array([np.int32(1)]).dtype)\n"
                  "print(torch.tensor(np.float64(2.5)).dtype, torch.tensor([np.int32(1)]).dtype)")
    assert got == "float64 float64 float32 int64 int32\ntorch.float64 torch.int32\n"


def test_ndarray_python_methods_without_import_numpy(jupyter_data_dir):
    """tensor.numpy() in a notebook that never imports numpy: the ndarray methods written in
    Python (tobytes, take, ...) are there all the same, and numpy is not bound."""
    gen = started_kernel("import torch")
    kc = next(gen)
    try:
        assert out(kc, "a = torch.arange(3, dtype=torch.int32).numpy()\n"
                       "print(a.tobytes(), a.take([2]), 'np' in dir(), 'numpy' in dir())") == \
            "b'\\x00\\x00\\x00\\x00\\x01\\x00\\x00\\x00\\x02\\x00\\x00\\x00' [2] False False\n"
    finally:
        gen.close()
