"""torch's parts written in Python (torch.nn, torch.optim, torch.utils.data, ...) and the
names composed in Python (torch_extras, numpy_extras) load on first use through the packages'
__getattr__ (PEP 562): `import torch` runs none of them, the first use of any of them loads
what it needs, dir() and completion list them before they load, and a name that exists
nowhere still raises AttributeError with Python's message."""
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


def test_import_torch_loads_no_python_part():
    out = run("import torch\n"
              "d = torch.__dict__\n"
              "print([n for n in ('nn', 'optim', 'utils', 'backends', 'hstack') if n in d])\n"
              "print('functional' in torch.autograd.__dict__, 'multi_dot' in torch.linalg.__dict__)\n")
    assert out == "[]\nFalse False\n"


def test_first_use_loads():
    out = run("import torch\n"
              "print(type(torch.hstack).__name__, torch.hstack([torch.ones(1), torch.zeros(1)]))\n"
              "print(torch.nn.Linear(2, 3).weight.shape, 'nn' in torch.__dict__)\n"
              "print(torch.optim.SGD.__name__, torch.utils.data.DataLoader.__name__)\n"
              "print(torch.autograd.functional.jacobian.__name__, torch.backends.cudnn.is_available())\n"
              "print(torch.linalg.multi_dot([torch.eye(2), torch.ones(2, 2)]))\n")
    assert out == ("function tensor([1., 0.])\n"
                   "torch.Size([3, 2]) True\n"
                   "SGD DataLoader\n"
                   "jacobian True\n"
                   "tensor([[1., 1.],\n        [1., 1.]])\n")


def test_import_forms_and_methods():
    out = run("import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
              "from torch.utils.data import TensorDataset\nfrom torch import vstack\n"
              "print(nn.ReLU()(torch.tensor([-1., 2.])), F.relu is torch.nn.functional.relu)\n"
              "print(len(TensorDataset(torch.ones(3))), vstack([torch.ones(2)]))\n"
              "print(torch.ones(2).sgn(), torch.ones(2, 3).select(1, 0))\n")
    assert out == ("tensor([0., 2.]) True\n3 tensor([[1., 1.]])\n"
                   "tensor([1., 1.]) tensor([1., 1.])\n")
    out = run("import numpy as np\n"
              "print(np.ones(3).ravel(), type(np.add).__name__, np.add(np.ones(2), 1))\n"
              "print(np.linalg.norm(np.ones(4)))\n")
    assert out == "[1. 1. 1.] function [2. 2.]\n2.0\n"


def test_dir_lists_what_loads_later():
    out = run("import torch, numpy as np\n"
              "d = dir(torch)\n"
              "print([n for n in ('nn', 'optim', 'utils', 'backends', 'hstack', 'zeros') if n in d])\n"
              "print(d == sorted(d), 'functional' in dir(torch.autograd), 'concatenate' in dir(np))\n"
              "print('sgn' in dir(torch.ones(1)))\n")
    assert out == "['nn', 'optim', 'utils', 'backends', 'hstack', 'zeros']\nTrue True True\nTrue\n"


def test_missing_names_still_raise():
    out = run("import torch, numpy as np\n"
              "for o, n in [(torch, 'no_such'), (torch.nn, 'no_such'), (np, 'no_such'),\n"
              "             (torch.linalg, 'no_such'), (torch.utils, 'no_such')]:\n"
              "    try:\n"
              "        getattr(o, n)\n"
              "    except AttributeError as e:\n"
              "        print(e)\n"
              "print(hasattr(torch, 'no_such'), getattr(torch, 'no_such', 7))\n")
    assert out == ("module 'torch' has no attribute 'no_such'\n"
                   "module 'torch.nn' has no attribute 'no_such'\n"
                   "module 'numpy' has no attribute 'no_such'\n"
                   "module 'torch.linalg' has no attribute 'no_such'\n"
                   "module 'torch.utils' has no attribute 'no_such'\n"
                   "False 7\n")
    p = subprocess.run([str(TK_PYTHON), "-c", "import torch\ntorch.ones(1).no_such_method()"],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 1
    assert p.stderr.strip().splitlines()[-1] == \
        "AttributeError: 'Tensor' object has no attribute 'no_such_method'"


def test_module_getattr_of_a_python_part():
    # PEP 562 as CPython: a module's own __getattr__ answers only what it lacks
    out = run("import torch\n"
              "calls = []\n"
              "def hook(name):\n"
              "    calls.append(name)\n"
              "    if name == 'answer':\n"
              "        return 42\n"
              "    raise AttributeError(f'no {name}')\n"
              "torch.nn.__getattr__ = hook\n"
              "print(torch.nn.answer, torch.nn.Linear.__name__, calls)\n"
              "try:\n"
              "    torch.nn.missing\n"
              "except AttributeError as e:\n"
              "    print(e, calls)\n")
    assert out == "42 Linear ['answer']\nno missing ['answer', 'missing']\n"


def test_extras_functions_carry_pytorch_names():
    # the forwarders the extras make (parser-checked ops, aliases, in-place forms, *_copy,
    # removed functions, torch.linalg's and numpy's composed functions) are named as
    # PyTorch's and NumPy's are; the expected text is the oracle's output
    out = run("import torch\nimport numpy as np\nt = torch.ones(1)\n"
              "print(torch.solve.__name__, torch.view_copy.__name__, torch.alias_copy.__name__,"
              " torch.unbind_copy.__name__, torch.selu_.__name__, torch.std_mean.__name__,"
              " torch.logcumsumexp.__name__, torch.vmap.__name__, torch.matrix_exp.__name__)\n"
              "print(t.polygamma.__name__, t.polygamma_.__name__, t.absolute.__name__,"
              " t.asinh_.__name__, t.solve.__name__, t.select.__name__)\n"
              "print(torch.linalg.cond.__name__, torch.linalg.matrix_exp.__name__,"
              " torch.linalg.tensorinv.__name__, np.arcsin.__name__, np.rint.__name__,"
              " np.degrees.__name__)\n"
              "try:\n    t.lstsq(t)\nexcept RuntimeError as e:\n    print(str(e)[:60])\n"
              "print(repr(torch.vmap).split(' at ')[0], torch.std_mean(torch.tensor([1.0, 3.0]), False))\n")
    assert out == ("solve view_copy alias_copy unbind_copy selu_ std_mean logcumsumexp vmap matrix_exp\n"
                   "polygamma polygamma_ absolute asinh_ solve select\n"
                   "linalg_cond linalg_matrix_exp linalg_tensorinv arcsin rint degrees\n"
                   "This function was deprecated since version 1.9 and is now re\n"
                   "<function vmap (tensor(1.), tensor(2.))\n")
