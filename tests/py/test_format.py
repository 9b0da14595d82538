"""What a notebook user sees when a tensor or array is shown: the exact PyTorch / NumPy 2
text, the text/html table (header line, summarized edges, escaping), print options, and
printing of a large GPU tensor copying only the shown edges (emulated device)."""
import numpy as np
import pytest
from jupyter_client.manager import start_new_kernel

from conftest import execute, result_of, started_kernel, stderr_of, stdout_of


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    yield from started_kernel("import torch\nimport numpy as np")


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


def shown(kc, code):
    """The bundle of the one display_data the code publishes."""
    reply, msgs = execute(kc, code)
    assert reply["status"] == "ok", reply
    (data,) = [c["data"] for t, c in msgs if t == "display_data"]
    return data


def test_summarized_result_plain_and_html(kc):
    data, _ = out(kc, "torch.arange(3000).reshape(30, 100)")
    assert data == {"text/plain": SUMMARIZED}  # Out[n] is PyTorch's text only
    data = shown(kc, "display(torch.arange(3000).reshape(30, 100))")
    assert data["text/plain"] == SUMMARIZED
    html = data["text/html"]
    assert "shape (30, 100) \u00b7 int64 \u00b7 cpu" in html
    assert html.count("<tr>") == 8  # column header + 3 + "…" row + 3
    assert "<td>2999</td>" in html and "<td>1500</td>" not in html
    assert "\u2026" in html


def test_html_escapes_grad_fn(kc):
    data = shown(kc, "x = torch.tensor([1.0, 2.0], requires_grad=True)\ndisplay(x * 2)")
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


# ---- PyTorch's torch/_tensor_str.py, transcribed over NumPy values, as the oracle for random
# ---- tensors (torch itself is not installed next to the tests).

class _Opts:
    precision, threshold, edgeitems, linewidth, sci_mode = 4, 1000, 3, 80, None


class _Formatter:
    def __init__(self, vals, floating):
        self.floating_dtype, self.int_mode, self.sci_mode, self.max_width = floating, True, False, 1
        flat = vals.reshape(-1)
        if not floating:
            for value in flat.tolist():
                self.max_width = max(self.max_width, len("{}".format(value)))
            return
        nz = flat[np.isfinite(flat) & (flat != 0)]
        if nz.size == 0:
            return
        mn, mx = float(np.abs(nz).min()), float(np.abs(nz).max())
        self.int_mode = all(v == np.ceil(v) for v in nz.tolist())
        p = _Opts.precision
        if self.int_mode:
            if mx / mn > 1000.0 or mx > 1.0e8:
                self.sci_mode = True
                widths = [len(("{:.%de}" % p).format(v)) for v in nz.tolist()]
            else:
                widths = [len("{:.0f}".format(v)) + 1 for v in nz.tolist()]
        else:
            if mx / mn > 1000.0 or mx > 1.0e8 or mn < 1.0e-4:
                self.sci_mode = True
                widths = [len(("{:.%de}" % p).format(v)) for v in nz.tolist()]
            else:
                widths = [len(("{:.%df}" % p).format(v)) for v in nz.tolist()]
        self.max_width = max([self.max_width] + widths)

    def format(self, value):
        p = _Opts.precision
        if self.floating_dtype:
            if self.sci_mode:
                ret = ("{:%d.%de}" % (self.max_width, p)).format(value)
            elif self.int_mode:
                ret = "{:.0f}".format(value)
                if not (np.isinf(value) or np.isnan(value)):
                    ret += "."
            else:
                ret = ("{:.%df}" % p).format(value)
        else:
            ret = "{}".format(value)
        return (self.max_width - len(ret)) * " " + ret


def _summarized(a):
    e = _Opts.edgeitems
    if a.ndim == 0:
        return a
    if a.ndim == 1:
        return np.concatenate((a[:e], a[-e:])) if a.shape[0] > 2 * e else a
    rows = [a[i] for i in range(e)] + [a[i] for i in range(len(a) - e, len(a))] \
        if a.shape[0] > 2 * e else list(a)
    return np.stack([_summarized(x) for x in rows])


def _vector_str(a, indent, summarize, f):
    e = _Opts.edgeitems
    per_line = max(1, int(np.floor((_Opts.linewidth - indent) / (f.max_width + 2))))
    if summarize and a.shape[0] > 2 * e:
        data = [f.format(v) for v in a[:e].tolist()] + [" ..."] + [f.format(v) for v in a[-e:].tolist()]
    else:
        data = [f.format(v) for v in a.tolist()]
    lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + ("," + "\n" + " " * (indent + 1)).join(lines) + "]"


def _str_with(a, indent, summarize, f):
    e = _Opts.edgeitems
    if a.ndim == 0:
        return f.format(a.tolist())
    if a.ndim == 1:
        return _vector_str(a, indent, summarize, f)
    if summarize and a.shape[0] > 2 * e:
        slices = [_str_with(a[i], indent + 1, summarize, f) for i in range(e)] + ["..."] + \
                 [_str_with(a[i], indent + 1, summarize, f) for i in range(len(a) - e, len(a))]
    else:
        slices = [_str_with(a[i], indent + 1, summarize, f) for i in range(a.shape[0])]
    return "[" + ("," + "\n" * (a.ndim - 1) + " " * (indent + 1)).join(slices) + "]"


def _torch_repr(a, dtype, requires_grad=False):
    floating = dtype.startswith(("float", "bfloat"))
    indent, suffixes = 7, []
    if a.size == 0:
        if a.ndim != 1:
            suffixes.append("size=" + str(tuple(a.shape)))
        if dtype != "float32":
            suffixes.append("dtype=torch." + dtype)
        body = "[]"
    else:
        if dtype not in ("float32", "int64", "bool"):
            suffixes.append("dtype=torch." + dtype)
        summarize = a.size > _Opts.threshold
        body = _str_with(a, indent, summarize, _Formatter(_summarized(a) if summarize else a, floating))
    if requires_grad:
        suffixes.append("requires_grad=True")
    s = "tensor(" + body
    last = len(s) - s.rfind("\n") + 1
    for suffix in suffixes:
        if last + len(suffix) + 2 > _Opts.linewidth:
            s += ",\n" + " " * indent + suffix
            last = indent + len(suffix)
        else:
            s += ", " + suffix
            last += len(suffix) + 2
    return s + ")"


def _random_tensors(seed, count):
    rng = np.random.default_rng(seed)
    kinds = ["float32", "float64", "float16", "bfloat16", "int64", "int32", "int8", "bool"]
    for i in range(count):
        dtype = kinds[rng.integers(0, len(kinds))]
        nd = int(rng.integers(0, 4))
        shape = tuple(int(x) for x in rng.integers(1, 5, nd))
        if i % 10 == 0:  # summarized
            shape = (int(rng.integers(1, 3)), int(rng.integers(200, 700)))
        n = int(np.prod(shape)) if nd or i % 10 == 0 else 1
        if dtype.startswith(("float", "bfloat")):
            style = rng.integers(0, 4)
            if style == 0:
                v = rng.standard_normal(n) * 10.0 ** rng.integers(-6, 10)
            elif style == 1:
                v = rng.integers(-500, 500, n).astype(np.float64)
            elif style == 2:
                v = rng.integers(-500, 500, n) / 4.0
            else:
                v = rng.choice([0.0, -0.0, np.nan, np.inf, -np.inf, 1.0, 1e-5, 1e9, 0.5], n)
            if dtype == "bfloat16":
                bits = np.asarray(v, np.float32).view(np.uint32) & np.uint32(0xFFFF0000)
                v = bits.view(np.float32).astype(np.float64)
            else:
                with np.errstate(all="ignore"):
                    v = v.astype(dtype).astype(np.float64)
        elif dtype == "bool":
            v = rng.integers(0, 2, n).astype(bool)
        else:
            hi = {"int8": 127, "int32": 10 ** 6, "int64": 10 ** 12}[dtype]
            v = rng.integers(-hi, hi, n)
        yield v.reshape(shape) if shape else v.reshape(()), dtype, bool(rng.integers(0, 5) == 0 and
                                                                      dtype.startswith("float"))


def test_random_tensors_print_as_pytorch(kc):
    cases = list(_random_tensors(7, 80))
    lines = []
    for a, dtype, rg in cases:
        vals = ", ".join("float('%r')" % x if isinstance(x, float) and not np.isfinite(x) else repr(x)
                         for x in np.asarray(a).reshape(-1).tolist())
        expr = "torch.tensor([%s], dtype=torch.%s).reshape(%s)" % (vals, dtype, tuple(a.shape))
        if rg:
            expr += ".requires_grad_()"
        lines.append("print(%s)" % expr)
    _, text = out(kc, "\n".join(lines))
    want = "".join(_torch_repr(a, dtype, rg) + "\n" for a, dtype, rg in cases)
    assert text == want
