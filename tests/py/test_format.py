"""What a notebook user sees when a tensor or array is shown: the exact PyTorch / NumPy 2
text, the text/html table (header line, summarized edges, escaping), print options, and
printing of a large GPU tensor copying only the shown edges (emulated device)."""
import numpy as np
import pytest
from jupyter_client.manager import start_new_kernel

from conftest import execute, result_of, stderr_of, stdout_of


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    km, kc = start_new_kernel(kernel_name="tensorkernel", startup_timeout=30)
    reply, _ = execute(kc, "import torch\nimport numpy as np")
    assert reply["status"] == "ok"
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def out(kc, code):
    reply, msgs = execute(kc, code)
    assert reply["status"] == "ok", reply
    return result_of(msgs), stdout_of(msgs)


SUMMARIZED = (
    "tensor([[   0,    1,    2,  ...,   97,   98,   99],\n"
    "        [ 100,  101,  102,  ...,  197,  198,  199],\n"
    "        [ 200,  201,  202,  ...,  297,  298,  299],\n"
    "        ...,\n"
    "        [2700, 2701, 2702,  ..., 2797, 2798, 2799],\n"
    "        [2800, 2801, 2802,  ..., 2897, 2898, 2899],\n"
    "        [2900, 2901, 2902,  ..., 2997, 2998, 2999]])")


def test_summarized_result_plain_and_html(kc):
    data, _ = out(kc, "torch.arange(3000).reshape(30, 100)")
    assert data["text/plain"] == SUMMARIZED
    html = data["text/html"]
    assert "shape (30, 100) \u00b7 int64 \u00b7 cpu" in html
    assert html.count("<tr>") == 8  # column header + 3 + "…" row + 3
    assert "<td>2999</td>" in html and "<td>1500</td>" not in html
    assert "\u2026" in html


def test_html_escapes_grad_fn(kc):
    data, _ = out(kc, "x = torch.tensor([1.0, 2.0], requires_grad=True)\nx * 2")
    assert data["text/plain"] == "tensor([2., 4.], grad_fn=<MulBackward0>)"
    assert "grad_fn=&lt;MulBackward0&gt;" in data["text/html"]
    assert "<MulBackward0>" not in data["text/html"]


def test_float_modes_and_suffixes(kc):
    _, text = out(kc, "print(torch.tensor([1e-5, 1.0]))\n"
                      "print(torch.tensor([1.5, -2.25], dtype=torch.float64))\n"
                      "print(torch.tensor([float('nan'), 1.0, float('-inf')]))\n"
                      "print(torch.zeros(2, 0, dtype=torch.int32))\n"
                      "print(torch.tensor(-0.0))")
    assert text == ("tensor([1.0000e-05, 1.0000e+00])\n"
                    "tensor([ 1.5000, -2.2500], dtype=torch.float64)\n"
                    "tensor([nan, 1., -inf])\n"
                    "tensor([], size=(2, 0), dtype=torch.int32)\n"
                    "tensor(-0.)\n")


def test_set_printoptions(kc):
    _, text = out(kc, "torch.set_printoptions(precision=2)\nprint(torch.tensor([1.12345]))\n"
                      "torch.set_printoptions(threshold=5)\nprint(torch.arange(10))\n"
                      "torch.set_printoptions(sci_mode=True)\nprint(torch.tensor([1.5, 2.0]))\n"
                      "torch.set_printoptions(profile='default')\nprint(torch.tensor([1.12345]))\n"
                      "print(torch.arange(10))")
    assert text == ("tensor([1.12])\n"
                    "tensor([0, 1, 2,  ..., 7, 8, 9])\n"
                    "tensor([1.50e+00, 2.00e+00])\n"
                    "tensor([1.1235])\n"
                    "tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])\n")


@pytest.mark.parametrize("expr", [
    "np.arange(6, dtype=np.float32).reshape(2, 3) / 7",
    "np.arange(2000.).reshape(40, 50)",
    "np.array([1e-5, 1.0, np.nan], dtype=np.float32)",
    "np.array([[True, False], [False, True]])",
    "np.zeros((2, 0), dtype=np.int8)",
])
def test_numpy_str_and_repr_match_numpy(kc, expr):
    a = eval(expr)
    data, text = out(kc, "a = %s\nprint(a)\na" % expr)
    assert text == str(a) + "\n"
    assert data["text/plain"] == repr(a)


def test_numpy_scalars_and_python_floats(kc):
    data, text = out(kc, "a = np.arange(6, dtype=np.float32)\nprint(a.sum(), 0.1 + 0.2, 1e16)\na.mean()")
    assert text == "15.0 0.30000000000000004 1e+16\n"
    assert data["text/plain"] == "np.float32(2.5)"


def test_printing_a_large_gpu_tensor_copies_only_edges(jupyter_data_dir):
    km, kc = start_new_kernel(kernel_name="tensorkernel-emulated", startup_timeout=30)
    try:
        reply, msgs = execute(kc, "import torch\n"
                                  "t = torch.arange(10_000_000, dtype=torch.float32, device='cuda')\n"
                                  "print(t)")
        assert reply["status"] == "ok", reply
        assert stdout_of(msgs) == (
            "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.0000e+07, 1.0000e+07,\n"
            "        1.0000e+07], device='cuda:0')\n")
        assert "costly GPU-to-CPU transfer" not in stderr_of(msgs)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def _random_arrays(seed, count):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        dt = [np.float16, np.float32, np.float64, np.int64, np.int32, np.bool_][rng.integers(0, 6)]
        shape = tuple(int(x) for x in rng.integers(1, 4, rng.integers(1, 3)))
        n = int(np.prod(shape))
        if dt in (np.float16, np.float32, np.float64):
            with np.errstate(all="ignore"):
                a = (rng.standard_normal(n) * 10.0 ** rng.integers(-6, 9)).astype(dt)
            a[rng.random(n) < 0.1] = np.nan
        elif dt is np.bool_:
            a = rng.integers(0, 2, n).astype(bool)
        else:
            a = rng.integers(-10 ** 6, 10 ** 6, n).astype(dt)
        yield a.reshape(shape)


def _literal(a):
    vals = ", ".join("float('%r')" % x if isinstance(x, float) and not np.isfinite(x) else repr(x)
                     for x in a.reshape(-1).tolist())
    return "np.array([%s], dtype=np.%s).reshape(%s)" % (vals, a.dtype.name, a.shape)


def test_random_arrays_print_as_numpy(kc):
    arrays = list(_random_arrays(2024, 60))
    code = "\n".join("print(repr(%s))\nprint(%s)" % (_literal(a), _literal(a)) for a in arrays)
    _, text = out(kc, code)
    want = "".join("%r\n%s\n" % (a, a) for a in arrays)
    assert text == want
