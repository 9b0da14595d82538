"""Inputs that once crashed the kernel, limits that once let a client through, and the
clean-up a killed or interrupted kernel owes. Every crash input runs in a child kernel
that must answer with Python's (or PyTorch's) error and go on running the next cell."""
import os
import sys

import pytest

from conftest import BUILD, execute, result_of, stderr_of, stdout_of, started_kernel


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    yield from started_kernel("import torch\nimport math")


def outcome(kc, code, timeout=120):
    """('ok', text/plain result or stdout) or (ename, evalue); asserts the kernel lives."""
    reply, msgs = execute(kc, code, timeout=timeout)
    alive, _ = execute(kc, "1 + 1")
    assert alive["status"] == "ok", "the kernel died after %r" % code
    if reply["status"] == "ok":
        res = result_of(msgs)
        return "ok", (res or {}).get("text/plain", stdout_of(msgs))
    return reply["ename"], reply["evalue"]


# ---- item: zero-size reshape with -1 (was SIGFPE) ------------------------------------------

AMBIGUOUS = ("cannot reshape tensor of 0 elements into shape %s because the unspecified "
             "dimension size -1 can be any value and is ambiguous")


@pytest.mark.parametrize("code, shape", [
    ("torch.zeros(0).reshape(-1, 0)", "[-1, 0]"),
    ("torch.zeros(0, 3).view(-1, 0)", "[-1, 0]"),
    ("torch.zeros(0, 5).reshape(0, -1)", "[0, -1]"),
])
def test_zero_size_reshape_with_inferred_dim_is_ambiguous(kc, code, shape):
    assert outcome(kc, code) == ("RuntimeError", AMBIGUOUS % shape)


def test_reshape_size_product_overflow_is_invalid_shape(kc):
    assert outcome(kc, "torch.zeros(6).reshape(2**62, 2**62, -1)") == (
        "RuntimeError",
        "shape '[4611686018427387904, 4611686018427387904, -1]' is invalid for input of size 6")


# ---- item: freeing long chains (was a stack overflow) ---------------------------------------

def test_long_autograd_chain_is_freed_without_recursion(kc):
    code = ("r = torch.ones(3, requires_grad=True)\n"
            "for i in range(300000):\n    r = r + 0.0\n"
            "print(r.grad_fn.name())\ndel r\nprint('freed')")
    assert outcome(kc, code) == ("ok", "AddBackward0\nfreed\n")


def test_deeply_nested_list_is_freed(kc):
    code = "a = []\nfor i in range(1000000):\n    a = [a]\ndel a\nprint('freed')"
    assert outcome(kc, code) == ("ok", "freed\n")


# ---- item: huge float precision (snprintf's -1 was not checked) ---------------------------

@pytest.mark.parametrize("code, expected", [
    # CPython builds these 1-2 GB strings; only their length and shape are compared
    ("x = '%.*f' % (2**31-100, 1.5); print(len(x), x[:4], x.rstrip('0'))",
     ("ok", "2147483550 1.50 1.5\n")),
    ("x = f'{3.14:.{10**9}f}'; print(len(x), x[:20])", ("ok", "1000000002 3.140000000000000124\n")),
    ("len('%.100000e' % 1.5), ('%.1200e' % 1.5)[-6:], len(format(1.5, '#.3000g'))",
     ("ok", "(100006, '00e+00', 3001)")),
    ("format(0.1, '.30'), '%.50g' % 0.1, format(2.5, '.3000g'), '%.*f' % (-5, 1.5)",
     ("ok", "('0.100000000000000005551115123126', "
            "'0.1000000000000000055511151231257827021181583404541', '2.5', '2')")),
    ("format(1.5, '.%df' % 2**31)", ("ValueError", "precision too big")),
    ("'%.3000000000f' % 1.5", ("ValueError", "precision too big")),
    ("format(1.5, '.99999999999999999999999f')",
     ("ValueError", "Too many decimal digits in format string")),
    ("format(1.5, '99999999999999999999999')",
     ("ValueError", "Too many decimal digits in format string")),
    ("'%.*s' % (2**31, 'x')", ("OverflowError", "Python int too large to convert to C int")),
])
def test_huge_precision_formats_or_raises_as_cpython(kc, code, expected):
    try:
        assert outcome(kc, code, timeout=240) == expected
    finally:
        execute(kc, "x = None")


# ---- item: crafted bridge views (a wrapped bounds check once let evil.sum() crash) --------

def _bridge_client():
    ext = BUILD / "extension"
    if not (ext / "tensorkernel" / "__init__.py").exists():
        pytest.skip("tensorkernel package not built")
    sys.path.insert(0, str(ext))
    import tensorkernel
    return tensorkernel


@pytest.fixture
def tk(jupyter_data_dir):
    """(km, kc, bridge client) of a fresh kernel."""
    tensorkernel = _bridge_client()
    from jupyter_client.manager import start_new_kernel
    km, kc = start_new_kernel(kernel_name="tensorkernel", startup_timeout=30)
    k = tensorkernel.connect(km.connection_file, timeout=10)
    yield km, kc, k
    k.close()
    kc.stop_channels()
    km.shutdown_kernel(now=True)


@pytest.mark.parametrize("shape, strides", [
    ((65537,), (2**48,)),          # 65536 * 2**48 wraps to 0 in 64 bits
    ((2, 2**20), (2**47, 2**47)),  # the sum of spans wraps
    ((70001,), (1,)),              # one byte past the end
    ((3,), (40000,)),              # past the end by stride
])
def test_put_of_a_view_outside_its_lease_is_refused(tk, shape, strides):
    import numpy as np
    km, kc, k = tk
    execute(kc, "import torch\nsrc = torch.zeros(70000, dtype=torch.uint8)")
    a = k["src"]
    evil = np.lib.stride_tricks.as_strided(a, shape, strides)
    with pytest.raises(ValueError, match="lies outside the leased memory"):
        k["evil"] = evil
    assert "evil" not in k.names()
    reply, msgs = execute(kc, "print(src.sum().item())")
    assert reply["status"] == "ok" and stdout_of(msgs) == "0\n"


def test_tensorcore_refuses_views_outside_storage(kc):
    """torch.from_numpy / as_tensor of a kernel ndarray go through the same check as the
    bridge; a view of a valid ndarray is always inside and is accepted."""
    code = ("import numpy as np\na = np.arange(10)\nt = torch.from_numpy(a[::3])\n"
            "print(t.tolist(), torch.as_tensor(a[2:5]).tolist())")
    assert outcome(kc, code) == ("ok", "[0, 3, 6, 9] [2, 3, 4]\n")


# ---- items: planted paths at the bridge socket; the client deletes only dead sockets -------

def _kernel_at(cf):
    from jupyter_client.manager import KernelManager
    km = KernelManager(kernel_name="tensorkernel", connection_file=str(cf))
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=30)
    return km, kc


@pytest.mark.parametrize("kind", ["file", "dir", "fifo", "symlink"])
def test_planted_path_at_the_socket_moves_the_bridge_to_a_fresh_name(jupyter_data_dir, tmp_path, kind):
    tensorkernel = _bridge_client()
    cf = tmp_path / "kernel-planted.json"
    planted = tmp_path / "kernel-planted.tkbridge"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    if kind == "file":
        planted.write_text(str(victim) + "\n")  # names another file, as a redirect would
    elif kind == "dir":
        planted.mkdir()
    elif kind == "fifo":
        os.mkfifo(planted)
    else:
        planted.symlink_to(victim)
    km, kc = _kernel_at(cf)
    try:
        reply, msgs = execute(kc, "%bridge")
        text = stdout_of(msgs)
        assert str(tmp_path / "kernel-planted.1.tkbridge") in text and "taken" in text, text
        execute(kc, "import torch\nx = torch.arange(3)")
        with tensorkernel.connect(str(cf), timeout=10) as k:
            assert k["x"].tolist() == [0, 1, 2]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    assert victim.read_text() == "keep me"
    assert os.path.lexists(planted)  # not ours: left alone
    assert not os.path.exists(tmp_path / "kernel-planted.1.tkbridge")  # ours: removed


def test_client_never_unlinks_a_path_named_in_a_file(tmp_path):
    tensorkernel = _bridge_client()
    cf = tmp_path / "kernel-x.json"
    cf.write_text('{"key": "k", "ip": "127.0.0.1", "transport": "tcp"}')
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    planted = tmp_path / "kernel-x.tkbridge"
    planted.write_text(str(victim) + "\n")
    with pytest.raises(ConnectionError):
        tensorkernel.connect(str(cf), timeout=2)
    assert victim.read_text() == "keep me" and planted.exists()


def test_client_removes_a_verified_dead_socket(tmp_path):
    import socket
    tensorkernel = _bridge_client()
    cf = tmp_path / "kernel-y.json"
    cf.write_text('{"key": "k"}')
    path = str(tmp_path / "kernel-y.tkbridge")
    s = socket.socket(socket.AF_UNIX)
    s.bind(path)
    s.close()  # bound, never listening: connections are refused
    with pytest.raises(ConnectionError, match="has exited"):
        tensorkernel.connect(str(cf), timeout=2)
    assert not os.path.exists(path)


# ---- item: idle unauthenticated connections cannot exhaust the bridge's 64 slots ----------

def _hello(sock):
    import json
    import struct
    n = struct.unpack("<I", sock.recv(4, 0x100))[0]  # MSG_WAITALL
    return json.loads(sock.recv(n, 0x100))


def test_unauthenticated_connections_are_evicted_then_timed_out(tk):
    import socket
    import time
    km, kc, k = tk
    tensorkernel = _bridge_client()
    from tensorkernel._client import _socket_target, bridge_path
    target = _socket_target(bridge_path(km.connection_file))
    idle = []
    for _ in range(70):  # more than the 64 slots, none ever signs in
        s = socket.socket(socket.AF_UNIX)
        s.connect(target)  # blocking: waits while the accept backlog is full
        idle.append(s)
    with tensorkernel.connect(km.connection_file, timeout=10) as k2:
        assert k2.names() == k.names()
    # the signed-in client keeps its slot; the oldest silent ones were closed for it, and
    # the rest are closed once the handshake time (10 s) has passed
    t0 = time.monotonic()
    closed = 0
    for s in idle:
        s.settimeout(max(0.1, 20 - (time.monotonic() - t0)))
        try:
            while s.recv(65536):
                pass
            closed += 1
        except (socket.timeout, OSError):
            pass
        s.close()
    assert closed == len(idle)
    assert k.names() == []


# ---- item: eval round-trips floats exactly; oversized replies; connect's timeout ----------

def test_eval_floats_round_trip_exactly(tk):
    import math
    km, kc, k = tk
    execute(kc, "import torch\nimport math")
    assert math.isnan(k.eval("float('nan')"))
    assert k.eval("math.inf") == math.inf and k.eval("-math.inf") == -math.inf
    assert math.isnan(k.eval("torch.tensor([float('nan')])"))
    assert k.eval("torch.tensor(-math.inf, dtype=torch.float64)") == -math.inf
    for v in (0.1, 1 / 3, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -0.0):
        got = k.eval(repr(v))
        assert got == v and math.copysign(1, got) == math.copysign(1, v) and type(got) is float
    assert k.eval("torch.tensor(0.1, dtype=torch.float64)") == 0.1


def test_oversized_eval_reply_is_an_error_and_the_connection_lives(tk):
    km, kc, k = tk
    execute(kc, "import torch\nx = torch.arange(4)")
    a = k["x"]
    with pytest.raises(ValueError, match="over the limit"):
        k.eval("'x' * (100 * 2**20)")
    assert k.eval("1 + 1") == 2 and a.tolist() == [0, 1, 2, 3] and k["x"].tolist() == [0, 1, 2, 3]


def test_connect_timeout_holds_against_a_silent_listener(tmp_path):
    import socket
    import time
    tensorkernel = _bridge_client()
    cf = tmp_path / "kernel-silent.json"
    cf.write_text('{"key": "k"}')
    srv = socket.socket(socket.AF_UNIX)
    srv.bind(str(tmp_path / "kernel-silent.tkbridge"))
    srv.listen(4)  # accepts (in the backlog) and never says hello: a stopped kernel
    try:
        t0 = time.monotonic()
        with pytest.raises(TimeoutError, match="did not answer"):
            tensorkernel.connect(str(cf), timeout=1)
        assert time.monotonic() - t0 < 5
    finally:
        srv.close()


def test_connect_timeout_holds_against_a_stopped_kernel(tk):
    import signal
    import time
    km, kc, k = tk
    tensorkernel = _bridge_client()
    pid = km.provisioner.process.pid
    os.kill(pid, signal.SIGSTOP)
    try:
        t0 = time.monotonic()
        with pytest.raises(TimeoutError):
            tensorkernel.connect(km.connection_file, timeout=1)
        assert time.monotonic() - t0 < 5
    finally:
        os.kill(pid, signal.SIGCONT)
    assert k.eval("1 + 1") == 2


# ---- item: every recursive path of the parser and evaluator has a depth guard -------------

DEEP = 100000


@pytest.mark.parametrize("src, ename", [
    ("lambda: " * DEEP + "1", "MemoryError"),          # CPython 3.11: the parser's stack
    ("1 if c else " * DEEP + "1", "MemoryError"),
    ("1" + "**1" * DEEP, "MemoryError"),
    ("-" * DEEP + "1", "MemoryError"),
    ("not " * DEEP + "1", "MemoryError"),
    ("lambda x=" * DEEP + "1", "MemoryError"),          # each parameter list is a big frame
    ("def f(x=" + "lambda x=" * DEEP + "1): pass", "MemoryError"),
    ("1" + "+1" * DEEP, "RecursionError"),             # CPython: during compilation
    ("a" + ".b" * DEEP, "RecursionError"),
    ("f" + "()" * DEEP, "RecursionError"),
    ("a" + "[0]" * DEEP, "RecursionError"),
    ("(" * DEEP + ")" * DEEP, "SyntaxError"),
    ("f'{" * 40 + "1" + "}'" * 40, "SyntaxError"),
])
def test_deep_nesting_is_an_error_not_a_crash(kc, src, ename):
    assert outcome(kc, src)[0] == ename


@pytest.mark.parametrize("src, expected", [
    ("(" + "lambda: " * 300 + "1)" + "()" * 300, "1"),  # CPython compiles these
    ("1" + "**1" * 300, "1"),
    ("c = 0\n" + "1 if c else " * 300 + "2", "2"),
    ("-" * 300 + "1", "1"),
    ("f = " + "lambda x=" * 100 + "1" + ": x" * 100 + "\nfor i in range(99):\n    f = f()\nf()", "1"),
])
def test_moderate_nesting_still_works(kc, src, expected):
    assert outcome(kc, src) == ("ok", expected)


@pytest.mark.parametrize("setup, expr, ename", [
    ("a = []\nb = []\nfor i in range(200000):\n    a = [a]\n    b = [b]", "a == b", "RecursionError"),
    ("t = ()\nfor i in range(200000):\n    t = (t,)", "str(t)", "RecursionError"),
    ("d = {}\nfor i in range(200000):\n    d = {1: d}", "repr(d)", "RecursionError"),
])
def test_deep_structures_raise_recursion_error(kc, setup, expr, ename):
    assert outcome(kc, setup)[0] == "ok"
    assert outcome(kc, expr)[0] == ename
    assert outcome(kc, "del " + setup.split()[0])[0] == "ok"


# ---- item: built-in C loops over user-sized data honour interrupts ------------------------

@pytest.fixture(scope="module")
def big(jupyter_data_dir):
    yield from started_kernel("import torch\nx = list(range(10**7))\ns = 'ab' * 10**8")


@pytest.mark.parametrize("code", [
    "sum(range(10**11))",
    "sorted(x, reverse=True)",
    "repr(x)",
    "s.replace('a', 'xy')",
    "torch.tensor([x] * 4)",
    "min(x * 16)",
    "import itertools\nmin(itertools.repeat(5, 10**11))",
    "max(range(10**11))",                              # one pass, no list of the range
    "max(range(10**11), key=lambda v: -v)",
    "-1 in x * 4",
    "(s * 4).count('a')",
    "len((s * 4).split('a'))",
    "','.join(str(v) for v in range(10**11))",
    "import time\ntime.sleep(100)",
])
def test_interrupt_stops_builtin_loops(big, code):
    import time
    kc = big
    msg_id = kc.execute(code)
    while True:  # wait until the cell is running
        m = kc.get_iopub_msg(timeout=30)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_input":
            break
    time.sleep(0.3)
    t0 = time.monotonic()
    kc.session.send(kc.control_channel.socket, kc.session.msg("interrupt_request", {}))
    ename = None
    while True:
        m = kc.get_iopub_msg(timeout=30)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "error":
            ename = m["content"]["ename"]
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    assert ename == "KeyboardInterrupt"
    assert time.monotonic() - t0 < 3  # the loops take 5-100 s uninterrupted
    reply, msgs = execute(kc, "print(len(x), len(s))")
    assert stdout_of(msgs) == "10000000 200000000\n"


@pytest.mark.parametrize("how", ["sigterm", "shutdown_request"])
def test_stop_during_a_builtin_loop_removes_the_bridge_socket(jupyter_data_dir, how):
    import signal
    import time
    tensorkernel = _bridge_client()
    from jupyter_client.manager import start_new_kernel
    km, kc = start_new_kernel(kernel_name="tensorkernel", startup_timeout=30)
    sock = tensorkernel.bridge_path(km.connection_file)
    assert os.path.exists(sock)
    proc = km.provisioner.process
    try:
        kc.execute("sum(range(10**11))")
        time.sleep(0.5)
        t0 = time.monotonic()
        if how == "sigterm":
            os.kill(proc.pid, signal.SIGTERM)
        else:
            kc.session.send(kc.control_channel.socket,
                            kc.session.msg("shutdown_request", {"restart": False}))
        rc = proc.wait(timeout=10)
        assert time.monotonic() - t0 < 2.5  # stopped by the interrupt, not the 3 s watchdog
        assert rc == 0
        assert not os.path.exists(sock)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


# ---- small items: remote names(); leftovers of a SIGKILLed kernel with a long path --------

def test_remote_fallback_names_with_and_without_tensors(tk, tmp_path):
    import warnings
    km, kc, k = tk
    tensorkernel = _bridge_client()
    cf = tmp_path / "kernel-remote.json"  # the same kernel, no bridge socket beside it
    cf.write_text(open(km.connection_file).read())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = tensorkernel.connect(str(cf))
        try:
            assert r.names() == []
            execute(kc, "import torch\nb = torch.ones(2)\na = torch.zeros(3)\nNo = 1")
            assert r.names() == ["a", "b"]
        finally:
            r.close()


def test_sigkilled_kernel_with_a_long_path_leaves_nothing_after_the_next_start(jupyter_data_dir, tmp_path):
    import signal
    import time
    tensorkernel = _bridge_client()
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    km, kc = _kernel_at(deep / "kernel-long.json")
    redirect = tensorkernel.bridge_path(km.connection_file)
    target = open(redirect).read().strip()
    km.provisioner.process.send_signal(signal.SIGKILL)
    km.provisioner.process.wait()
    kc.stop_channels()
    km.cleanup_resources()
    assert os.path.exists(redirect) and os.path.exists(target)  # a killed kernel cannot clean up
    old = time.time() - 60  # the sweep spares files younger than 10 s (a kernel starting)
    for p in (redirect, target):
        os.utime(p, (old, old), follow_symlinks=False)
    km2, kc2 = _kernel_at(deep / "kernel-next.json")
    try:
        assert not os.path.exists(redirect) and not os.path.exists(target)
    finally:
        kc2.stop_channels()
        km2.shutdown_kernel(now=True)


def test_dead_short_socket_is_swept_without_its_redirect(jupyter_data_dir, tmp_path):
    """The redirect may sit in a runtime dir no kernel starts in again: the short socket is
    swept where it lives."""
    import socket
    import time
    d = os.environ.get("XDG_RUNTIME_DIR")
    d = d if d and len(d) <= 60 and os.path.isdir(d) else "/tmp"
    dead = os.path.join(d, "tkb-%d-%s.sock" % (os.geteuid(), "0" * 32))
    s = socket.socket(socket.AF_UNIX)
    s.bind(dead)
    s.close()
    old = time.time() - 60
    os.utime(dead, (old, old), follow_symlinks=False)
    km, kc = _kernel_at(tmp_path / "kernel-sweeper.json")
    try:
        assert not os.path.exists(dead)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        if os.path.exists(dead):
            os.unlink(dead)


# ---- item: "CPU out of memory" honours the cgroup limit and available memory --------------

def _memory_cgroup_dir():
    """A writable v1 or v2 memory cgroup directory for this process, or None."""
    for line in open("/proc/self/cgroup").read().splitlines():
        _, ctl, path = line.split(":", 2)
        if ctl == "memory":
            d = "/sys/fs/cgroup/memory" + path
            if os.path.isdir(d) and os.access(d, os.W_OK):
                return d, 1
        if ctl == "":
            for root in ("/sys/fs/cgroup", "/sys/fs/cgroup/unified"):
                d = root + path
                if os.path.exists(os.path.join(d, "cgroup.procs")) and os.access(d, os.W_OK):
                    if "memory" in open(os.path.join(d, "cgroup.controllers")).read().split():
                        return d, 2
    return None


def test_allocation_beyond_the_cgroup_limit_is_an_error_not_a_kill(jupyter_data_dir):
    found = _memory_cgroup_dir()
    if found is None:
        pytest.skip("no writable memory cgroup (needs root); see the RLIMIT_AS test")
    parent, version = found
    cg = os.path.join(parent, "tk-reliability-%d" % os.getpid())
    try:
        os.mkdir(cg)
    except OSError as e:
        pytest.skip("cannot create a memory cgroup: %s" % e)
    from jupyter_client.manager import start_new_kernel
    km = kc = None
    try:
        with open(os.path.join(cg, "memory.limit_in_bytes" if version == 1 else "memory.max"), "w") as f:
            f.write(str(1 << 30))
        km, kc = start_new_kernel(kernel_name="tensorkernel", startup_timeout=30)
        with open(os.path.join(cg, "cgroup.procs"), "w") as f:
            f.write(str(km.provisioner.process.pid))
        reply, _ = execute(kc, "import torch\nsmall = torch.ones(64 * 1024 * 1024)\nprint(small.sum().item())")
        assert reply["status"] == "ok"
        reply, _ = execute(kc, "big = torch.ones(512 * 1024 * 1024)", timeout=60)
        assert (reply["status"], reply["ename"]) == ("error", "RuntimeError")
        assert reply["evalue"].startswith("CPU out of memory")
        assert km.is_alive()
        reply, msgs = execute(kc, "print(small.sum().item())")
        assert stdout_of(msgs) == "67108864.0\n"
    finally:
        if kc is not None:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        try:
            os.rmdir(cg)
        except OSError:
            pass


def test_allocation_beyond_the_address_space_limit_is_an_error(jupyter_data_dir):
    """Without a cgroup (or without root), RLIMIT_AS stands in for a memory limit."""
    import resource
    from jupyter_client.manager import start_new_kernel
    km, kc = start_new_kernel(kernel_name="tensorkernel", startup_timeout=30)
    try:
        pid = km.provisioner.process.pid
        vm = [l for l in open("/proc/%d/status" % pid) if l.startswith("VmSize:")][0]
        size = int(vm.split()[1]) * 1024
        resource.prlimit(pid, resource.RLIMIT_AS, (size + (1 << 30), size + (1 << 30)))
        reply, _ = execute(kc, "import torch\nbig = torch.ones(512 * 1024 * 1024)", timeout=60)
        assert (reply["status"], reply["ename"]) == ("error", "RuntimeError")
        assert reply["evalue"].startswith("CPU out of memory")
        reply, msgs = execute(kc, "small = torch.ones(1000)\nprint(small.sum().item())")
        assert stdout_of(msgs) == "1000.0\n"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


# ---- item: an interrupt applies only to the cell that was running when it was sent --------

def _interrupt_msg(kc, sent):
    msg = kc.session.msg("interrupt_request", {})
    msg["header"]["date"] = sent
    return msg


def test_interrupt_sent_before_the_running_cell_is_ignored(kc):
    import datetime
    import time
    before = datetime.datetime.now(datetime.timezone.utc)  # "just as the previous cell finished"
    time.sleep(0.05)
    msg_id = kc.execute("import time\nt0 = time.time()\nwhile time.time() - t0 < 1.5:\n    pass\nprint('done')")
    time.sleep(0.5)
    kc.session.send(kc.control_channel.socket, _interrupt_msg(kc, before))
    reply = kc.get_shell_msg(timeout=30)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=30)
    assert reply["content"]["status"] == "ok"
    # one sent while the cell runs still interrupts it
    msg_id = kc.execute("while True:\n    pass")
    time.sleep(0.5)
    kc.session.send(kc.control_channel.socket,
                    _interrupt_msg(kc, datetime.datetime.now(datetime.timezone.utc)))
    reply = kc.get_shell_msg(timeout=30)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=30)
    assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
