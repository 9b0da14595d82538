"""Shared pytest fixtures: a Jupyter data dir whose kernelspec points at the built kernel.

The build directory is $TK_BUILD_DIR (default: build/ at the repository root). Every test
that starts a kernel goes through jupyter_client, exactly as a front end does."""
import json
import os
import pathlib
import shutil
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()
KERNEL_BIN = BUILD / "kernel" / "tensorkernel"


def _write_kernelspec(data_dir: pathlib.Path, extra_env=None, name="tensorkernel"):
    spec_dir = data_dir / "kernels" / name
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = json.loads((ROOT / "kernelspec" / "kernel.json").read_text())
    spec["argv"] = [str(KERNEL_BIN), "-f", "{connection_file}"]
    if extra_env:
        spec["env"] = dict(extra_env)
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    for logo in ("logo-32x32.png", "logo-64x64.png", "logo-svg.svg"):
        shutil.copy(ROOT / "kernelspec" / logo, spec_dir / logo)
    return spec_dir


@pytest.fixture(scope="session", autouse=True)
def jupyter_data_dir(tmp_path_factory):
    """Point JUPYTER_PATH at a private data dir with 'tensorkernel' and
    'tensorkernel-emulated' (TENSORKERNEL_EMULATE_CUDA=1) kernelspecs."""
    if not KERNEL_BIN.exists():
        pytest.exit("kernel binary not built: %s (run `make build`)" % KERNEL_BIN, returncode=2)
    d = tmp_path_factory.mktemp("jupyter-data")
    _write_kernelspec(d)
    _write_kernelspec(d, {"TENSORKERNEL_EMULATE_CUDA": "1"}, name="tensorkernel-emulated")
    runtime = tmp_path_factory.mktemp("jupyter-runtime")
    old = {k: os.environ.get(k) for k in ("JUPYTER_PATH", "JUPYTER_RUNTIME_DIR")}
    os.environ["JUPYTER_PATH"] = str(d)
    os.environ["JUPYTER_RUNTIME_DIR"] = str(runtime)
    yield d
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture
def kernel(jupyter_data_dir):
    """A started tensorkernel and a blocking client with channels running."""
    from jupyter_client.manager import start_new_kernel
    km, kc = start_new_kernel(kernel_name="tensorkernel", startup_timeout=30)
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def execute(kc, code, timeout=30, **kw):
    """Run code; return (reply_content, list of iopub (msg_type, content)) for that request."""
    msg_id = kc.execute(code, **kw)
    msgs = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        msgs.append((msg["msg_type"], msg["content"]))
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    return reply["content"], msgs


def stdout_of(msgs):
    return "".join(c["text"] for t, c in msgs if t == "stream" and c["name"] == "stdout")


def stderr_of(msgs):
    return "".join(c["text"] for t, c in msgs if t == "stream" and c["name"] == "stderr")


def result_of(msgs):
    for t, c in msgs:
        if t == "execute_result":
            return c["data"]
    return None




def started_kernel(setup, kernel_name="tensorkernel"):
    """Start a kernel, run 'setup' in it (it must succeed) and yield its client; the kernel
    shuts down when the generator resumes. For module fixtures: `yield from started_kernel(...)`."""
    from jupyter_client.manager import start_new_kernel
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=30)
    reply, _ = execute(kc, setup)
    assert reply["status"] == "ok"
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)
