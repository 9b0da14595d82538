"""Attaching from Python as a user does: connect() by a kernel-id prefix, re-attaching by
itself after the kernel restarts, the IPython magics (%tk_attach / %tk_get / %tk_put /
%%tk) and their messages, and the kernelspec a plain install writes starting the kernel
from a Jupyter whose PATH lacks the environment's bin."""
import glob
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from conftest import BUILD, ROOT, execute, stderr_of, stdout_of

EXT = BUILD / "extension"
if not (EXT / "tensorkernel" / "__init__.py").exists():
    pytest.skip("tensorkernel package not built in %s" % EXT, allow_module_level=True)
sys.path.insert(0, str(EXT))
import tensorkernel  # noqa: E402


def run(kc, code):
    reply, msgs = execute(kc, code)
    assert reply["status"] == "ok", (code, reply, stderr_of(msgs))
    return stdout_of(msgs)


@pytest.fixture
def started(jupyter_data_dir):
    """A kernel whose connection file is runtime/kernel-<uuid>.json, as Jupyter servers
    name them."""
    import uuid
    from jupyter_client import KernelManager
    cf = os.path.join(os.environ["JUPYTER_RUNTIME_DIR"], "kernel-%s.json" % uuid.uuid4())
    km = KernelManager(kernel_name="tensorkernel", connection_file=cf)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=30)
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def test_connect_by_kernel_id_prefix(started):
    km, kc = started
    run(kc, "import torch\nt = torch.arange(3)")
    kid = os.path.basename(km.connection_file)[len("kernel-"):-len(".json")]
    with tensorkernel.connect(kid[:8]) as k:
        assert k.connection_file == km.connection_file
        assert k["t"].tolist() == [0, 1, 2]
    with pytest.raises(FileNotFoundError):
        tensorkernel.connect("zz" + kid[:6])


def test_ambiguous_prefix_is_refused(started, tmp_path):
    km, kc = started
    rt = os.path.dirname(km.connection_file)
    fakes = [os.path.join(rt, "kernel-abcd%d-0000.json" % i) for i in range(2)]
    for f in fakes:
        shutil.copy(km.connection_file, f)
    try:
        with pytest.raises(ValueError, match="matches 2 kernels"):
            tensorkernel.connect("abcd")
    finally:
        for f in fakes:
            os.unlink(f)


def test_reattaches_after_a_restart(started):
    km, kc = started
    run(kc, "import torch\nt = torch.arange(3)")
    k = tensorkernel.connect(km.connection_file)
    a = k["t"]
    pid = k._c.kernel_pid
    km.restart_kernel(now=True)
    kc.wait_for_ready(timeout=30)
    run(kc, "import torch\nu = torch.ones(2)")
    assert k.names() == ["u"]  # the same Kernel object, now on the new process
    assert k._c.kernel_pid != pid and k.connection_file == km.connection_file
    assert a.tolist() == [0, 1, 2]  # arrays from before stay readable
    k.close()


@pytest.fixture
def ip(started, tmp_path, monkeypatch):
    pytest.importorskip("IPython")
    from IPython.core.interactiveshell import InteractiveShell
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "tensorkernel")
    yield shell
    shell.run_line_magic("unload_ext", "tensorkernel")
    InteractiveShell.clear_instance()


def test_magics_say_what_they_did(started, ip, capsys):
    km, kc = started
    run(kc, "import torch\nt = torch.arange(3)")
    ip.run_line_magic("tk_attach", km.connection_file)
    assert capsys.readouterr().out.strip().endswith("(1 tensor)")
    run(kc, "u = torch.ones(2, 2)\nv = torch.zeros(4, dtype=torch.float64)")
    ip.run_line_magic("tk_attach", os.path.basename(km.connection_file)[7:15])
    assert capsys.readouterr().out.strip().endswith("(3 tensors)")
    ip.run_line_magic("tk_get", "t")
    assert capsys.readouterr().out == "t = int64 array of shape (3,) (shares memory with the kernel's tensor)\n"
    ip.run_line_magic("tk_get", "t u v")
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3 and out[1].startswith("u = float32 array of shape (2, 2)")
    assert ip.user_ns["v"].dtype == np.float64
    ip.run_line_magic("tk_get", "t as w")
    assert capsys.readouterr().out.startswith("w = int64 array of shape (3,) from t")
    # a write in the kernel is seen through the arrays
    run(kc, "t[0] = 42")
    assert ip.user_ns["t"][0] == 42 and ip.user_ns["w"][0] == 42


def test_tk_put_several_names(started, ip, capsys):
    km, kc = started
    ip.run_line_magic("tk_attach", km.connection_file)
    ip.run_cell("import numpy as np\nbase = np.arange(4.0)")
    ip.run_line_magic("tk_put", "a=base * 2, b=np.ones((2, 3), dtype=np.int32)")
    out = capsys.readouterr().out
    assert "a: float64 tensor of shape (4,) in the kernel" in out
    assert "b: int32 tensor of shape (2, 3) in the kernel" in out
    ip.run_line_magic("tk_put", "c=base[:2] d=base.sum()")
    assert run(kc, "print(a.tolist(), b.shape, c.tolist(), d.item())") == \
        "[0.0, 2.0, 4.0, 6.0] torch.Size([2, 3]) [0.0, 1.0] 6.0\n"


def test_tk_cell_magic_runs_in_the_kernel(started, ip, capsys, monkeypatch):
    import IPython.display
    km, kc = started
    shown = []
    monkeypatch.setattr(IPython.display, "publish_display_data",
                        lambda data, metadata=None, **kw: shown.append(data))
    ip.run_line_magic("tk_attach", km.connection_file)
    capsys.readouterr()
    ip.run_cell_magic("tk", "", "import torch\nz = torch.arange(4) * 10\nprint('sum', z.sum().item())\nz")
    assert capsys.readouterr().out == "sum 60\n"
    assert shown == [{"text/plain": "tensor([ 0, 10, 20, 30])"}]
    ip.run_cell_magic("tk", "", "display(z)\nz.float().plot()")
    kinds = [sorted(d) for d in shown[1:]]
    assert kinds == [["text/html", "text/plain"], ["image/svg+xml", "text/plain"]]
    ip.run_cell_magic("tk", "", "1 / 0")
    assert "ZeroDivisionError" in capsys.readouterr().err
    # the cell's names live in the kernel, where the bridge sees them
    assert "z" in ip.user_ns["tk"].names()


def test_plain_install_kernelspec_starts_without_venv_on_path(jupyter_data_dir, tmp_path):
    """`meson install` lays out what `pip install .` does; its kernelspec (argv "python -m
    tensorkernel.launch") must start from this Jupyter with PATH=/usr/bin:/bin."""
    dest = tmp_path / "root"
    subprocess.run([sys.executable, "-m", "mesonbuild.mesonmain", "install", "-C", str(BUILD),
                    "--destdir", str(dest), "--no-rebuild", "--quiet"], check=True,
                   capture_output=True)
    (spec_json,) = glob.glob(str(dest / "**" / "share/jupyter/kernels/tensorkernel/kernel.json"),
                             recursive=True)
    spec = json.loads(open(spec_json).read())
    assert spec["argv"] == ["python", "-m", "tensorkernel.launch", "-f", "{connection_file}"]
    (site,) = glob.glob(str(dest / "**" / "site-packages"), recursive=True)
    data = tmp_path / "data"
    shutil.copytree(os.path.dirname(spec_json), data / "kernels" / "tk-installed")
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": site, "HOME": os.environ.get("HOME", "/tmp"),
           "JUPYTER_RUNTIME_DIR": os.environ["JUPYTER_RUNTIME_DIR"]}
    assert shutil.which("tensorkernel", path=env["PATH"]) is None
    km = KernelManager(kernel_name="tk-installed",
                       kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(data / "kernels")]))
    km.start_kernel(env=env)
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=30)
        assert run(kc, "import torch\nprint(torch.arange(3).sum().item())") == "3\n"
        # the launcher exec'd the kernel: the process Jupyter signals is the kernel itself
        with open("/proc/%d/cmdline" % km.provisioner.process.pid, "rb") as f:
            assert os.path.basename(f.read().split(b"\0")[0]) == b"tensorkernel"
        kc.stop_channels()
    finally:
        km.shutdown_kernel(now=True)
