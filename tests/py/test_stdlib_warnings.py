"""The warnings module: what notebooks do with it (filterwarnings('ignore') in the first
cell, catch_warnings, warnings as errors) against CPython, and the kernel's own warnings
obeying the same filters."""
import subprocess

import pytest

from cpython_diff import TK_PYTHON, assert_same

CASES = [
    "import warnings\nwarnings.filterwarnings('ignore')\nwarnings.warn('x')\nprint('ok')",
    "import warnings\nwith warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter('always')\n"
    "    warnings.warn('a')\n    warnings.warn('b', DeprecationWarning)\n    warnings.warn(FutureWarning('c'))\n"
    "print([(str(m.message), m.category.__name__) for m in w])",
    "import warnings\nwith warnings.catch_warnings():\n    warnings.simplefilter('error')\n    try:\n"
    "        warnings.warn('boom', RuntimeWarning)\n    except RuntimeWarning as e:\n        print('caught', e)\n"
    "with warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter('always')\n    warnings.warn('after')\n"
    "print(len(w))",
    "import warnings\nwith warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter('always')\n"
    "    warnings.filterwarnings('ignore', message='.*secret')\n    warnings.filterwarnings('ignore', category=DeprecationWarning)\n"
    "    for m, c in [('a secret', UserWarning), ('plain', UserWarning), ('Secret too', UserWarning), ('d', DeprecationWarning), ('f', FutureWarning)]:\n"
    "        warnings.warn(m, c)\nprint([str(m.message) for m in w])",
    "import warnings\nclass MyWarning(UserWarning):\n    pass\nwith warnings.catch_warnings(record=True) as w:\n"
    "    warnings.simplefilter('ignore')\n    warnings.simplefilter('always', MyWarning)\n    warnings.warn('mine', MyWarning)\n"
    "    warnings.warn('user')\nprint([(str(m.message), m.category.__name__) for m in w])",
    "print(issubclass(DeprecationWarning, Warning), issubclass(UserWarning, Warning), issubclass(FutureWarning, Exception))\n"
    "try:\n    raise DeprecationWarning('old')\nexcept Warning as e:\n    print(type(e).__name__, e)",
    "import warnings\nwarnings.warn('x', 5)",
    "import warnings\nwarnings.simplefilter('bogus')",
]


@pytest.mark.parametrize("code", CASES)
def test_warnings_as_cpython(code):
    assert_same(code + "\n")


def test_filters_reach_the_kernels_own_warnings():
    """A torch warning (issued by the kernel's C code) shows on stderr, and an 'ignore'
    filter on its category or message hides it, as Python's filters hide torch's."""
    prog = ("import torch, warnings\n"
            "warnings.filterwarnings('ignore', message='.*masked_fill_ on expanded')\n"
            "x = torch.zeros(1).expand(3)\n"
            "x.masked_fill_(torch.tensor([True, False, True]), 1.0)\n"
            "warnings.resetwarnings()\n"
            "warnings.warn('shown by python')\n"
            "warnings.simplefilter('ignore', UserWarning)\n"
            "warnings.warn('hidden by python')\n"
            "print('done')\n")
    p = subprocess.run([str(TK_PYTHON), "-c", prog], capture_output=True, text=True, timeout=60)
    assert p.stdout == "done\n"
    assert "UserWarning: shown by python" in p.stderr
    assert "hidden" not in p.stderr and "masked_fill_" not in p.stderr, p.stderr
