"""Completion and inspection of the torch/numpy values: `torch.`, `np.` and `t.` complete
to their members, and every bound function carries a signature and a docstring."""
import pytest

from conftest import execute, started_kernel, stdout_of


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    yield from started_kernel("import torch\nimport numpy as np\nt = torch.ones(2)\na = t.numpy()")


def complete(kc, code):
    kc.complete(code, len(code))
    return kc.get_shell_msg(timeout=10)["content"]["matches"]


@pytest.mark.parametrize("code,expected", [
    ("torch.ze", {"zeros", "zeros_like"}), ("t.su", {"sum", "sub", "sub_"}),
    ("np.ar", {"arange", "array"}), ("a.as", {"astype"}), ("torch.cuda.is_", {"is_available"}),
    ("t.sh", {"shape"}), ("torch.float", {"float16", "float32", "float64"}),
    # parts that load on first use complete before and through their loading
    ("torch.n", {"nn"}), ("torch.nn.Lin", {"Linear"}), ("torch.hst", {"hstack"}),
    ("torch.utils.data.Data", {"DataLoader"}), ("np.concat", {"concatenate"}),
])
def test_completion(kc, code, expected):
    assert expected <= set(complete(kc, code))


def test_completion_runs_code_that_binds_globals(kc):
    # a property read while resolving `p.q.` may store a global (it takes the namespace
    # lock, which completion must not hold)
    reply, _ = execute(kc, "class P:\n    @property\n    def q(self):\n"
                           "        global hits\n        hits = hits + 1\n        return self\n"
                           "hits = 0\np = P()")
    assert reply["status"] == "ok"
    assert {"q"} <= set(complete(kc, "p.q.q"))
    reply, msgs = execute(kc, "print(hits > 0)")
    assert stdout_of(msgs) == "True\n"


@pytest.mark.parametrize("code,signature", [
    ("torch.zeros", "torch.zeros(*size, dtype=None, device=None, requires_grad=False)"),
    ("torch.sum", "torch.sum(input, dim=None, keepdim=False, *, dtype=None)"),
    ("t.view", "t.view(*shape)"),
    ("np.zeros", "np.zeros(shape, dtype=float, order='C')"),
])
def test_inspect_shows_signature(kc, code, signature):
    kc.inspect(code, len(code))
    text = kc.get_shell_msg(timeout=10)["content"]["data"]["text/plain"]
    assert signature in text
    assert "Docstring:" in text and "<no docstring>" not in text


@pytest.mark.parametrize("obj", ["t", "torch", "np", "a", "torch.cuda"])
def test_every_bound_function_is_documented(kc, obj):
    reply, msgs = execute(kc, (
        "bad = []\n"
        "for n in dir(%s):\n"
        "    try:\n"
        "        f = getattr(%s, n)\n"
        "    except (RuntimeError, TypeError, ValueError):\n"  # t.imag of a real tensor: TypeError, as PyTorch's; a 1-D a.mT: ValueError, as NumPy's
        "        continue\n"
        "    if type(f).__name__ == 'builtin_function_or_method':\n"
        "        if not f.__doc__ or f.__text_signature__ is None:\n"
        "            bad.append(n)\n"
        "print(bad)") % (obj, obj))
    assert reply["status"] == "ok", reply.get("evalue")
    assert stdout_of(msgs) == "[]\n"


@pytest.mark.parametrize("name", ["abs", "sigmoid", "add", "bitwise_xor", "sum", "any", "max",
                                  "clip", "round", "numel", "allclose"])
def test_torch_forwards_tensor_methods(kc, name):
    """torch.<name>(input, ...) exists for the elementwise, reduction and listed methods and
    shares the method's docstring."""
    reply, msgs = execute(kc, "f = torch.%s\nprint(f.__text_signature__.startswith('(input'), "
                              "f.__doc__ == t.%s.__doc__)" % (name, name))
    assert reply["status"] == "ok", reply.get("evalue")
    assert stdout_of(msgs) == "True True\n"
