"""torch_extras and numpy_extras (the torch/numpy names composed in Python) load on first
use through the stubs of torch._lazy / numpy._lazy and the Tensor/ndarray method loader:
every name they add must have its stub (else it would be missing until something else
loads them), each stub must stand for a name they add, and the first use of either a stub
or a method must load them."""
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()
TK_PYTHON = BUILD / "kernel" / "tk-python"


def run(code):
    p = subprocess.run([str(TK_PYTHON), "-c", code], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout


def test_stub_lists_match_the_names_added():
    out = run("import torch, numpy as np\n"
              "import torch_extras, numpy_extras\n"
              "print(sorted(set(torch._lazy.NAMES.split()) ^ set(torch_extras._added)))\n"
              "print(sorted(set(torch._lazy.LINALG_NAMES.split()) ^ set(torch_extras._added_linalg)))\n"
              "print(sorted(set(np._lazy.NAMES.split()) ^ set(numpy_extras._added)))\n")
    assert out == "[]\n[]\n[]\n"


def test_first_use_loads():
    out = run("import torch\n"
              "print(type(torch.hstack).__name__)\n"
              "print(torch.ones(2, 3).select(1, 0))\n"  # a method: the loader runs
              "print(type(torch.hstack).__name__, torch.hstack([torch.ones(1), torch.zeros(1)]))\n")
    assert out == "_Stub\ntensor([1., 1.])\nfunction tensor([1., 0.])\n"
    out = run("import torch\n"
              "h = torch.vstack\n"  # a stub kept before the load still works after it
              "print(h([torch.ones(2)]), type(torch.vstack).__name__, torch.ones(2).sgn())\n")
    assert out == "tensor([[1., 1.]]) function tensor([1., 1.])\n"
    out = run("import numpy as np\n"
              "print(np.ones(3).ravel(), type(np.add).__name__, np.add(np.ones(2), 1))\n")
    assert out == "[1. 1. 1.] function [2. 2.]\n"


def test_missing_names_still_raise():
    p = subprocess.run([str(TK_PYTHON), "-c", "import torch\ntorch.ones(1).no_such_method()"],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 1
    assert p.stderr.strip().splitlines()[-1] == \
        "AttributeError: 'Tensor' object has no attribute 'no_such_method'"
