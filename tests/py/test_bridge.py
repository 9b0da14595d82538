"""The bridge and the tensorkernel package, end to end: kernels started through
jupyter_client, a Python client attached through the bridge socket.

What a user relies on: arrays share memory with the kernel's tensors in both directions
for every view kind and every dtype NumPy has; Tensor.numpy()'s errors and force=True;
eval returning Python scalars; put; leases that live exactly as long as the arrays (and
no longer than the client process); clean failures for dead kernels, wrong keys and
garbage; fetches answered while a cell runs."""
import gc
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import textwrap
import time
import warnings

import numpy as np
import pytest

from conftest import BUILD, ROOT, execute, stderr_of, stdout_of

EXT = BUILD / "extension"
if not (EXT / "tensorkernel" / "__init__.py").exists():
    pytest.skip("tensorkernel package not built in %s" % EXT, allow_module_level=True)
sys.path.insert(0, str(EXT))
import tensorkernel  # noqa: E402
from tensorkernel import _bridge  # noqa: E402


def _start(name="tensorkernel"):
    from jupyter_client.manager import start_new_kernel
    return start_new_kernel(kernel_name=name, startup_timeout=30)


@pytest.fixture
def tk(jupyter_data_dir):
    """(km, kc, Kernel attached through the bridge)."""
    km, kc = _start()
    k = tensorkernel.connect(km.connection_file)
    yield km, kc, k
    k.close()
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run(kc, code):
    reply, msgs = execute(kc, code)
    assert reply["status"] == "ok", (code, reply, stderr_of(msgs))
    return stdout_of(msgs)


# ---- zero copy -------------------------------------------------------------------------

VIEWS = {
    "contiguous": ("x", lambda x: x),
    "transposed": ("x.t()", lambda x: x.T),
    "sliced": ("x[1:, ::2]", lambda x: x[1:, ::2]),
    "expanded": ("x[0].expand(3, 4)", lambda x: np.broadcast_to(x[0], (3, 4))),
}


@pytest.mark.parametrize("kind", list(VIEWS))
def test_views_share_memory_both_ways(tk, kind):
    km, kc, k = tk
    expr, np_view = VIEWS[kind]
    run(kc, "import torch\nx = torch.arange(12).reshape(3, 4)\nv = %s" % expr)
    base = np.arange(12).reshape(3, 4)
    a = k["v"]
    assert type(a) is np.ndarray and a.dtype == np.int64
    np.testing.assert_array_equal(a, np_view(base))
    assert isinstance(a.base, _bridge.Mapping)
    info = k.info("v")
    assert a.strides == tuple(s * 8 for s in info["strides"])
    # Python writes, the kernel sees (x is the parent of every view)
    if kind == "expanded":
        a[0, 1] = 500  # every row of an expanded view is the same memory
        assert a[2, 1] == 500
        assert "500" in run(kc, "print(x[0, 1].item())")
    else:
        a[-1, -1] = 500
        assert run(kc, "print(v[-1, -1].item())").strip() == "500"
    # the kernel writes, Python sees
    run(kc, "x.fill_(7)")
    assert (a == 7).all()


NP_DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]


@pytest.mark.parametrize("dtype", NP_DTYPES)
def test_every_numpy_dtype_zero_copy(tk, dtype):
    km, kc, k = tk
    run(kc, "import torch\nt = torch.zeros(2, 3, dtype=torch.%s)" % dtype)
    a = k["t"]
    assert a.dtype == np.dtype(dtype) and a.shape == (2, 3) and a.flags.writeable
    a[1, 2] = 1
    out = run(kc, "print(t[1, 2].item(), t.sum().item())")
    assert out.split()[0] in ("1", "1.0", "True")
    run(kc, "t[0, 0] = 1")
    assert a[0, 0] == 1


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_complex_tensors_zero_copy_both_ways(tk, dtype):
    km, kc, k = tk
    run(kc, "import torch\nz = torch.tensor([[1+2j, 3j], [-1, 0.5-1j]], dtype=torch.%s)" % dtype)
    a = k["z"]
    assert a.dtype == np.dtype(dtype) and a.shape == (2, 2) and isinstance(a.base, _bridge.Mapping)
    np.testing.assert_array_equal(a, np.array([[1 + 2j, 3j], [-1, 0.5 - 1j]]))
    a[1, 1] = 7 - 7j  # Python writes, the kernel sees
    assert run(kc, "print(z[1, 1].item())").strip() == "(7-7j)"
    run(kc, "z.imag.fill_(0.5)")  # the kernel writes through its imaginary part, Python sees
    assert (a.imag == 0.5).all() and a[0, 0] == 1 + 0.5j
    k["w"] = np.array([1 - 1j, 2j], dtype=dtype)
    assert run(kc, "print(w, w.dtype)").strip() == (
        "tensor([1.-1.j, 0.+2.j]%s) torch.%s" % ("" if dtype == "complex64" else ", dtype=torch.complex128", dtype))
    one = k.eval("z[0, 0] * 2")  # one complex element arrives as an array, not a float
    np.testing.assert_array_equal(one, np.array(2 + 1j, dtype=dtype))


def test_kernel_ndarray_and_numpy_view(tk):
    km, kc, k = tk
    run(kc, "import torch\ntensor = torch.tensor([1, 2, 3])\nnumpy_array = tensor.numpy()")
    assert {"tensor", "numpy_array"} <= set(k.names())
    a = k["numpy_array"]
    a[0] = 100
    assert run(kc, "print(tensor)").strip() == "tensor([100,   2,   3])"


def test_info(tk):
    km, kc, k = tk
    run(kc, "import torch\nw = torch.ones(2, 3, requires_grad=True)")
    info = k.info("w")
    assert info["shape"] == (2, 3) and info["dtype"] == "float32" and info["device"] == "cpu"
    assert info["strides"] == (3, 1) and info["requires_grad"] is True
    assert info["nbytes"] == 24 and info["is_sparse"] is False


# ---- Tensor.numpy() rules --------------------------------------------------------------

def test_numpy_errors_mirror_pytorch(tk):
    km, kc, k = tk
    run(kc, textwrap.dedent("""\
        import torch
        g = torch.ones(3, requires_grad=True)
        sp = torch.tensor([[0, 1.0], [2.0, 0]]).to_sparse()
        bf = torch.ones(2, dtype=torch.bfloat16)
        """))
    with pytest.raises(RuntimeError) as e:
        k.get("g")
    assert str(e.value) == ("Can't call numpy() on Tensor that requires grad. "
                            "Use tensor.detach().numpy() instead.")
    with pytest.raises(TypeError) as e:
        k.get("sp")
    assert str(e.value) == "can't convert Sparse layout tensor to numpy. Use Tensor.to_dense() first."
    with pytest.raises(TypeError) as e:
        k.get("bf")
    assert str(e.value) == "Got unsupported ScalarType BFloat16"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a CPU tensor is not copied: no warning
        a = k.get("g", force=True)
    np.testing.assert_array_equal(a, np.ones(3, np.float32))
    a[0] = 5  # detach() shares memory
    assert run(kc, "print(g[0].item())").strip() == "5.0"
    with pytest.raises(KeyError) as e:
        k["no_such_tensor"]
    assert "no_such_tensor" in str(e.value)


def test_device_tensor_needs_force_and_warns(jupyter_data_dir):
    km, kc = _start("tensorkernel-emulated")
    try:
        run(kc, "import torch\ngpu_tensor = torch.arange(6.0, device='cuda')")
        k = tensorkernel.connect(km.connection_file)
        assert k.info("gpu_tensor")["device"] == "cuda:0"
        with pytest.raises(TypeError) as e:
            k.get("gpu_tensor")
        assert str(e.value) == ("can't convert cuda:0 device type tensor to numpy. Use "
                                "Tensor.cpu() to copy the tensor to host memory first.")
        with pytest.warns(tensorkernel.TransferWarning):
            a = k.get("gpu_tensor", force=True)
        np.testing.assert_array_equal(a, np.arange(6.0, dtype=np.float32))
        out = run(kc, "%transfers")
        assert "bridge" in out
        k.close()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


# ---- eval and put ----------------------------------------------------------------------

def test_eval_scalars_and_arrays(tk):
    km, kc, k = tk
    run(kc, "import torch\ntensor = torch.tensor([100, 2, 3])")
    v = k.eval("tensor.sum()")
    assert v == 105 and type(v) is int
    f = k.eval("tensor.float().mean()")
    assert type(f) is float and abs(f - 35.0) < 1e-6
    b = k.eval("(tensor > 1).all()")
    assert b is True
    one = k.eval("tensor[:1] * 2")  # one element, any shape: a scalar through .item()
    assert one == 200 and type(one) is int
    arr = k.eval("tensor * 2")
    assert type(arr) is np.ndarray
    np.testing.assert_array_equal(arr, [200, 4, 6])
    with pytest.raises(NameError):
        k.eval("undefined_name + 1")


def test_put_becomes_a_kernel_tensor(tk):
    km, kc, k = tk
    k["from_python"] = np.arange(6, dtype=np.float32).reshape(2, 3)
    assert "from_python" in k.names()
    out = run(kc, "print(from_python)\nprint(from_python.dtype, from_python.shape)")
    assert out == "tensor([[0., 1., 2.],\n        [3., 4., 5.]])\ntorch.float32 torch.Size([2, 3])\n"
    shared = k.put("p2", np.array([True, False]))
    shared[1] = True
    assert run(kc, "print(p2)").strip() == "tensor([True, True])"
    k["nc"] = np.arange(12, dtype=np.int16).reshape(3, 4).T  # non-contiguous source
    assert run(kc, "print(nc[0].tolist())").strip() == "[0, 4, 8]"
    with pytest.raises(TypeError):
        k["bad"] = np.zeros(2, dtype=np.uint32)


def test_put_of_a_fetched_view_copies_nothing(tk):
    km, kc, k = tk
    run(kc, "import torch\nx = torch.arange(12).reshape(3, 4)")
    a = k["x"]
    k["corner"] = a[1:, 2:]  # memory the kernel already owns: bound as a view
    run(kc, "x[2, 3] = -1")
    assert run(kc, "print(corner.tolist())").strip() == "[[6, 7], [10, -1]]"


# ---- leases ----------------------------------------------------------------------------

def test_lease_lives_as_long_as_the_array(tk):
    km, kc, k = tk
    run(kc, "import torch\nbig = torch.ones(1 << 20)")
    a = k["big"]
    assert k.stats()["leases"] == 1
    run(kc, "del big")  # the kernel drops its name; the lease keeps the memory ...
    run(kc, "ys = [torch.zeros(1 << 20) for i in range(4)]\nsmall = [torch.zeros(8) for i in range(100)]")
    assert a.sum() == float(1 << 20)  # ... and never hands it to a new tensor
    del a
    gc.collect()
    assert k.stats()["leases"] == 0


def test_arrays_outlive_close(tk):
    km, kc, k = tk
    run(kc, "import torch\nx = torch.arange(4)")
    a = k["x"]
    k.close()
    assert k.closed
    run(kc, "x[0] = 9")
    assert a[0] == 9  # still the kernel's memory: the connection lives while arrays do


CLIENT = """
import sys, time
sys.path.insert(0, %r)
import tensorkernel
k = tensorkernel.connect(%r)
arrays = [k["x"] for _ in range(5)]
print("holding", k.stats()["leases"], flush=True)
time.sleep(60)
"""


def test_sigkilled_client_leases_reclaimed(tk):
    km, kc, k = tk
    run(kc, "import torch\nx = torch.zeros(1000)")
    p = subprocess.Popen([sys.executable, "-c", CLIENT % (str(EXT), km.connection_file)],
                         stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().split() == ["holding", "5"]
        assert k.stats()["leases_total"] == 5
        p.kill()
        p.wait()
        deadline = time.time() + 5
        while k.stats()["leases_total"] and time.time() < deadline:
            time.sleep(0.02)
        st = k.stats()
        assert st["leases_total"] == 0 and st["connections"] == 1
    finally:
        p.kill()
        p.wait()
        p.stdout.close()


# ---- faults ----------------------------------------------------------------------------

def test_kernel_sigkilled_while_arrays_held(jupyter_data_dir):
    km, kc = _start()
    run(kc, "import torch\nx = torch.arange(5)")
    k = tensorkernel.connect(km.connection_file)
    a = k["x"]
    sock = tensorkernel.bridge_path(km.connection_file)
    assert os.path.exists(sock)
    os.kill(km.provisioner.process.pid, signal.SIGKILL)
    km.provisioner.process.wait()
    np.testing.assert_array_equal(a, np.arange(5))  # still readable
    a[0] = 3
    with pytest.raises(ConnectionError):
        k.names()
    with pytest.raises(ConnectionError):
        tensorkernel.connect(km.connection_file)  # the stale socket is detected ...
    assert not os.path.exists(sock)                 # ... and removed
    kc.stop_channels()
    km.cleanup_resources()


def test_clean_shutdown_removes_the_socket(jupyter_data_dir):
    km, kc = _start()
    sock = tensorkernel.bridge_path(km.connection_file)
    k = tensorkernel.connect(km.connection_file)
    run(kc, "import torch\nx = torch.arange(3)")
    a = k["x"]
    assert os.path.exists(sock) and (os.stat(sock).st_mode & 0o777) == 0o600
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    assert not os.path.exists(sock)
    assert a.tolist() == [0, 1, 2]
    with pytest.raises(ConnectionError):
        k.names()


def test_wrong_key_is_refused(tk, tmp_path):
    km, kc, k = tk
    with open(km.connection_file) as f:
        info = json.load(f)
    sock = tensorkernel._client._probe(km.connection_file)
    with pytest.raises(PermissionError):
        tensorkernel.Kernel(sock, info["key"] + "x").names()
    assert k.names() is not None  # the kernel is fine


def _raw(cf):
    s = tensorkernel._client._probe(cf)
    s.settimeout(5)
    (n,) = struct.unpack("<I", s.recv(4))
    hello = json.loads(s.recv(n))
    return s, hello


def _read_reply(s):
    h = s.recv(4)
    if len(h) < 4:
        return None
    (n,) = struct.unpack("<I", h)
    buf = b""
    while len(buf) < n:
        buf += s.recv(n - len(buf))
    return json.loads(buf)


def test_malformed_and_oversized_requests(tk):
    km, kc, k = tk
    s, hello = _raw(km.connection_file)
    s.sendall(struct.pack("<I", 2 << 20))  # oversized
    r = _read_reply(s)
    assert r["ok"] is False and r["etype"] == "ValueError"
    assert _read_reply(s) is None  # disconnected
    s.close()
    s, hello = _raw(km.connection_file)
    s.sendall(struct.pack("<I", 10) + b"not json!!")  # unsigned garbage
    r = _read_reply(s)
    assert r["etype"] == "PermissionError"
    s.close()
    s, hello = _raw(km.connection_file)
    s.sendall(b"\x03\x00")  # half a header, then hang up
    s.close()
    assert k.names() is not None and k.ping()
    assert k.stats()["rejected"] >= 2


def test_fetch_answered_while_cell_runs(tk):
    km, kc, k = tk
    run(kc, "import torch\nx = torch.ones(1000)")
    msg_id = kc.execute("while True:\n    pass")
    time.sleep(0.3)
    t0 = time.perf_counter()
    a = k["x"]
    dt = time.perf_counter() - t0
    assert a.sum() == 1000.0
    assert dt < 0.05, "fetch took %.1f ms while a cell ran" % (dt * 1e3)
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=10)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=10)
    assert reply["content"]["status"] == "error"


# ---- discovery, interop, IPython, install ----------------------------------------------

def test_connect_newest_and_by_kernel_id(jupyter_data_dir):
    """As Jupyter servers do: connection files named kernel-<id>.json in the runtime dir."""
    import uuid
    from jupyter_client.manager import KernelManager
    from jupyter_core.paths import jupyter_runtime_dir
    kid = str(uuid.uuid4())
    os.makedirs(jupyter_runtime_dir(), exist_ok=True)
    cf = os.path.join(jupyter_runtime_dir(), "kernel-%s.json" % kid)
    km = KernelManager(kernel_name="tensorkernel", connection_file=cf)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=30)
        run(kc, "import torch\nnewest = torch.ones(2)")
        with tensorkernel.connect() as k:
            assert k.connection_file == cf and "newest" in k.names()
        with tensorkernel.connect(kid) as k:
            assert k.ping()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_dlpack_and_array_interface(tk):
    km, kc, k = tk
    run(kc, "import torch\nm = torch.arange(6.0).reshape(2, 3).t()")
    a = k["m"]
    d = np.from_dlpack(a.base)
    assert np.shares_memory(d, a) and d.strides == a.strides
    np.testing.assert_array_equal(d, a)
    ai = np.asarray(a.base)
    assert np.shares_memory(ai, a) and ai.shape == (3, 2)
    assert a.base.__dlpack_device__() == (1, 0)


def test_ipython_magics(tk, capsys, tmp_path, monkeypatch):
    pytest.importorskip("IPython")
    from IPython.core.interactiveshell import InteractiveShell
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    km, kc, k = tk
    run(kc, "import torch\nx = torch.arange(3)")
    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "tensorkernel")
    ip.run_line_magic("tk_attach", km.connection_file)
    ip.run_line_magic("tk_get", "x as y")
    np.testing.assert_array_equal(ip.user_ns["y"], [0, 1, 2])
    ip.run_line_magic("tk_list", "")
    out = capsys.readouterr().out
    assert "x" in out and "int64" in out
    ip.run_line_magic("unload_ext", "tensorkernel")
    InteractiveShell.clear_instance()


def test_install_writes_absolute_executable(tmp_path):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "tensorkernel").symlink_to(BUILD / "kernel" / "tensorkernel")
    env = dict(os.environ, PATH="%s:%s" % (bindir, os.environ["PATH"]),
               PYTHONPATH=str(EXT))
    subprocess.run([sys.executable, "-m", "tensorkernel.install", "--prefix",
                    str(tmp_path / "prefix")], check=True, env=env, cwd=str(tmp_path))
    spec = json.loads((tmp_path / "prefix/share/jupyter/kernels/tensorkernel/kernel.json").read_text())
    assert os.path.isabs(spec["argv"][0]) and spec["argv"][0].endswith("tensorkernel")
    assert spec["argv"][1:] == ["-f", "{connection_file}"]


def _rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def test_soak_10000_fetches_flat_memory(tk):
    km, kc, k = tk
    run(kc, "import torch\nx = torch.ones(4096)")
    pid = km.provisioner.process.pid
    fds_before = len(os.listdir("/proc/self/fd"))

    def burst(n):
        for i in range(n):
            a = k["x"]
            b = k.eval("x * 2") if i % 10 == 0 else None
            del a, b

    burst(500)  # warm up
    rss0, live0 = _rss_kib(pid), k.stats()["live_storages"]
    burst(10000)
    st = k.stats()
    assert st["leases"] <= 2
    assert st["live_storages"] <= live0 + 2
    assert _rss_kib(pid) - rss0 < 4096, "kernel RSS grew by %d KiB" % (_rss_kib(pid) - rss0)
    assert len(os.listdir("/proc/self/fd")) <= fds_before + 1


def test_fallback_without_bridge_copies_over_jupyter_channels(tk, tmp_path):
    km, kc, k = tk
    run(kc, "import torch\nx = torch.tensor([1.5, 2.5])")
    cf = tmp_path / "kernel-remote.json"  # the same kernel, but no bridge socket beside it
    with open(km.connection_file) as f:
        cf.write_text(f.read())
    with pytest.warns(tensorkernel.TransferWarning):
        r = tensorkernel.connect(str(cf))
    try:
        with pytest.warns(tensorkernel.TransferWarning):
            a = r["x"]
        np.testing.assert_array_equal(a, np.array([1.5, 2.5], dtype=np.float32))
        assert a.dtype == np.float32
        with pytest.warns(tensorkernel.TransferWarning):
            assert r.eval("x.sum()") == 4.0
        run(kc, "big = torch.arange(200000).reshape(2, 100000)\nn = big.numpy()")
        with pytest.warns(tensorkernel.TransferWarning):
            b = r["n"]  # several chunks, an ndarray in the kernel
        np.testing.assert_array_equal(b, np.arange(200000).reshape(2, 100000))
        r["y"] = np.array([1, 2, 3])
        assert k.eval("y.sum()") == 6
    finally:
        r.close()


def test_long_runtime_path_uses_a_redirect(jupyter_data_dir, tmp_path):
    """A connection file too deep for sun_path: the socket lives at a short path and the
    file beside the connection file names it; both vanish at shutdown."""
    from jupyter_client.manager import KernelManager
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    cf = str(deep / "kernel-long.json")
    km = KernelManager(kernel_name="tensorkernel", connection_file=cf)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=30)
        run(kc, "import torch\nx = torch.arange(3)")
        redirect = tensorkernel.bridge_path(cf)
        assert os.path.isfile(redirect) and (os.stat(redirect).st_mode & 0o777) == 0o600
        with open(redirect) as f:
            target = f.read().strip()
        assert len(target) < 108 and stat_is_socket(target)
        with tensorkernel.connect(cf) as k:
            assert k["x"].tolist() == [0, 1, 2]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    assert not os.path.exists(redirect) and not os.path.exists(target)


def stat_is_socket(path):
    import stat
    return stat.S_ISSOCK(os.lstat(path).st_mode)


def test_next_kernel_sweeps_sockets_of_killed_kernels(jupyter_data_dir):
    """A SIGKILLed kernel cannot remove its socket; the next kernel started in the same
    runtime directory removes it (only dead sockets, never a live kernel's)."""
    km, kc = _start()
    run(kc, "x = 1")
    sock = tensorkernel.bridge_path(km.connection_file)
    assert os.path.exists(sock)
    live, live_kc = _start()
    run(live_kc, "y = 2")
    live_sock = tensorkernel.bridge_path(live.connection_file)
    os.kill(km.provisioner.process.pid, signal.SIGKILL)
    km.provisioner.process.wait()
    kc.stop_channels()
    km.cleanup_resources()
    assert os.path.exists(sock)                 # left behind by the killed kernel
    old = time.time() - 60                       # the sweep spares sockets younger than 10 s
    os.utime(sock, (old, old), follow_symlinks=False)
    os.utime(live_sock, (old, old), follow_symlinks=False)
    km2, kc2 = _start()
    try:
        run(kc2, "z = 3")
        assert not os.path.exists(sock)
        assert os.path.exists(live_sock)        # a live kernel's socket is kept
        with tensorkernel.connect(live.connection_file) as k:
            assert k.eval("y") == 2
    finally:
        for m, c in ((km2, kc2), (live, live_kc)):
            c.stop_channels()
            m.shutdown_kernel(now=True)
