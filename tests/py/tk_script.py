"""Run a whole program in tk-python (build/kernel/tk-python, the kernel's interpreter without
a front end) and build tensors in its source from NumPy arrays, for the tests that compare
against data written by the oracle (tests/data/gen_*.py).

    from tk_script import run_tk, tensor_src
    out, err = run_tk("import torch\\nprint(%s.sum())" % tensor_src(np.ones(3)))"""
import os
import pathlib
import subprocess
import tempfile

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()


def run_tk(src, timeout=600, env=None):
    """(stdout, stderr) of src run by tk-python (env: variables added to ours); the run must
    succeed."""
    with tempfile.NamedTemporaryFile("w", suffix=".py") as f:  # too long for an argument
        f.write(src)
        f.flush()
        p = subprocess.run([str(BUILD / "kernel" / "tk-python"), f.name], capture_output=True,
                           text=True, timeout=timeout, env=dict(os.environ, **env) if env else None)
    assert p.returncode == 0, p.stderr[-3000:]
    return p.stdout, p.stderr


def tensor_src(a):
    """Source text of a tensor holding a's bytes (torch and np imported in the program)."""
    a = np.ascontiguousarray(a)
    return (f"torch.from_numpy(np.frombuffer(bytes.fromhex('{a.tobytes().hex()}'), "
            f"dtype=np.{a.dtype}).reshape({list(a.shape)}).copy())")
