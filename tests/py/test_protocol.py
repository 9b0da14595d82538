"""The Jupyter protocol as a client sees it: message ordering, execution flow, stdin,
interrupts, shutdown and restart, security (signatures, replays) and robustness against
malformed input. Runs against the built kernel; TK_PROTO_KERNEL=fake runs the same tests
against tests/c/proto/tensorkernel-fake (the protocol server over a stand-in interpreter).

Every cell used here is understood by both: print("..."), N+M, 1/0, while True: pass,
input("...")."""
import json
import os
import pathlib
import signal
import subprocess
import sys
import textwrap
import time
import uuid

import pytest
import zmq
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

from conftest import BUILD, execute, result_of, stdout_of

FAKE = os.environ.get("TK_PROTO_KERNEL") == "fake"


@pytest.fixture(scope="module")
def kernel_name(jupyter_data_dir):
    if not FAKE:
        return "tensorkernel"
    spec_dir = jupyter_data_dir / "kernels" / "tk-proto-fake"
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {"argv": [str(BUILD / "tests" / "c" / "proto" / "tensorkernel-fake"), "-f",
                     "{connection_file}"],
            "display_name": "fake", "language": "python", "interrupt_mode": "signal"}
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    return "tk-proto-fake"


@pytest.fixture
def pk(kernel_name):
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=30)
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def iopub_for(kc, msg_id, timeout=10):
    """Every iopub message of one request, up to and including its idle status."""
    msgs = []
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        msgs.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return msgs


def shell_reply(kc, msg_id, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def wait_running(kc, msg_id, timeout=10):
    """Wait until the kernel started executing msg_id (its execute_input)."""
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
            return


def still_answers(kc):
    msg_id = kc.kernel_info()
    reply = shell_reply(kc, msg_id)
    assert reply["msg_type"] == "kernel_info_reply"
    assert reply["content"]["status"] == "ok"


# ---- kernel_info and ordering ---------------------------------------------------------------

def test_kernel_info_content(pk):
    km, kc = pk
    reply = shell_reply(kc, kc.kernel_info())
    c = reply["content"]
    assert c["protocol_version"] == "5.3"
    assert c["implementation"] == "tensorkernel"
    li = c["language_info"]
    assert li["name"] == "python" and li["version"] == "3.11"
    assert li["mimetype"] == "text/x-python" and li["file_extension"] == ".py"
    assert li["pygments_lexer"] == "ipython3"
    assert li["codemirror_mode"] == {"name": "ipython", "version": 3}
    assert li["nbconvert_exporter"] == "python"
    assert c["banner"] and c["help_links"]
    assert reply["header"]["version"] == "5.3"


def test_busy_first_idle_last_with_parent(pk):
    km, kc = pk
    msg_id = kc.execute('print("hi")\n1+2')
    reply = shell_reply(kc, msg_id)
    msgs = iopub_for(kc, msg_id)
    types = [m["msg_type"] for m in msgs]
    assert types[0] == "status" and msgs[0]["content"]["execution_state"] == "busy"
    assert types[-1] == "status" and msgs[-1]["content"]["execution_state"] == "idle"
    assert types[1:-1] == ["execute_input", "stream", "execute_result"]
    assert all(m["parent_header"]["msg_id"] == msg_id for m in msgs)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert msgs[1]["content"]["execution_count"] == reply["content"]["execution_count"]
    assert msgs[3]["content"]["execution_count"] == reply["content"]["execution_count"]
    assert msgs[2]["content"] == {"name": "stdout", "text": "hi\n"}
    # nothing for this request after idle
    with pytest.raises(Exception):
        while True:
            m = kc.get_iopub_msg(timeout=0.3)
            assert m["parent_header"].get("msg_id") != msg_id
    for request in (kc.kernel_info, lambda: kc.complete("pri", 3), lambda: kc.is_complete("1+")):
        rid = request()
        assert shell_reply(kc, rid)["parent_header"]["msg_id"] == rid
        msgs = iopub_for(kc, rid)
        assert [m["content"].get("execution_state") for m in msgs] == ["busy", "idle"]


def test_execution_count_silent_and_store_history(pk):
    km, kc = pk
    r1, _ = execute(kc, "1+2")
    r2, msgs = execute(kc, "1+2", silent=True)
    assert r2["execution_count"] == r1["execution_count"]
    assert [t for t, _ in msgs] == ["status", "status"]  # no execute_input, no result
    r3, _ = execute(kc, "1+2", store_history=False)
    assert r3["execution_count"] == r1["execution_count"]
    r4, msgs = execute(kc, "1+2")
    assert r4["execution_count"] == r1["execution_count"] + 1
    assert result_of(msgs) == {"text/plain": "3"}


def test_error_reply_and_message(pk):
    km, kc = pk
    reply, msgs = execute(kc, "1/0")
    assert reply["status"] == "error" and reply["ename"] == "ZeroDivisionError"
    errs = [c for t, c in msgs if t == "error"]
    assert len(errs) == 1 and errs[0]["ename"] == "ZeroDivisionError"
    assert isinstance(errs[0]["traceback"], list) and errs[0]["traceback"]


def test_stream_is_published_while_the_cell_runs(pk):
    km, kc = pk
    msg_id = kc.execute('print("early")\nwhile True: pass')
    deadline = time.monotonic() + 5
    got = None
    while time.monotonic() < deadline:
        m = kc.get_iopub_msg(timeout=5)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream":
            got = m["content"]["text"]
            break
    assert got == "early\n"
    km.interrupt_kernel()
    assert shell_reply(kc, msg_id)["content"]["ename"] == "KeyboardInterrupt"


# ---- stop_on_error -----------------------------------------------------------------------------

def test_stop_on_error_aborts_queued_executes(pk):
    km, kc = pk
    first = kc.execute("while True: pass")
    queued = [kc.execute('print("should not run")'), kc.execute("1+2")]
    wait_running(kc, first)
    time.sleep(0.1)  # the two requests wait in the queue behind the running cell
    km.interrupt_kernel()
    assert shell_reply(kc, first)["content"]["status"] == "error"
    for q in queued:
        assert shell_reply(kc, q)["content"]["status"] == "aborted"
        assert all(m["msg_type"] != "stream" for m in iopub_for(kc, q))
    reply, msgs = execute(kc, "1+2")  # the queue drained: the next cell runs
    assert reply["status"] == "ok" and result_of(msgs) == {"text/plain": "3"}


def test_no_abort_without_stop_on_error(pk):
    km, kc = pk
    first = kc.execute("1/0", stop_on_error=False)
    second = kc.execute("1+2")
    assert shell_reply(kc, first)["content"]["status"] == "error"
    assert shell_reply(kc, second)["content"]["status"] == "ok"


# ---- interrupt ------------------------------------------------------------------------------------

def interrupt_latency(km, kc, how):
    msg_id = kc.execute("while True: pass")
    wait_running(kc, msg_id)
    time.sleep(0.2)
    t0 = time.monotonic()
    if how == "signal":
        km.interrupt_kernel()  # kernelspec interrupt_mode "signal": SIGINT
    else:
        kc.control_channel.send(kc.session.msg("interrupt_request", {}))
    reply = shell_reply(kc, msg_id)
    dt = time.monotonic() - t0
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    return dt


def test_interrupt_by_sigint(pk):
    km, kc = pk
    assert interrupt_latency(km, kc, "signal") < 0.1
    reply, msgs = execute(kc, "1+2")
    assert reply["status"] == "ok" and result_of(msgs) == {"text/plain": "3"}


def test_interrupt_by_interrupt_request(pk):
    km, kc = pk
    assert interrupt_latency(km, kc, "message") < 0.1
    ctl = kc.control_channel.get_msg(timeout=5)
    assert ctl["msg_type"] == "interrupt_reply" and ctl["content"]["status"] == "ok"
    reply, msgs = execute(kc, "1+2")
    assert reply["status"] == "ok" and result_of(msgs) == {"text/plain": "3"}


def test_control_answers_while_a_cell_runs(pk):
    km, kc = pk
    msg_id = kc.execute("while True: pass")
    wait_running(kc, msg_id)
    kc.control_channel.send(kc.session.msg("kernel_info_request", {}))
    ctl = kc.control_channel.get_msg(timeout=2)
    assert ctl["msg_type"] == "kernel_info_reply"
    km.interrupt_kernel()
    assert shell_reply(kc, msg_id)["content"]["ename"] == "KeyboardInterrupt"


# ---- stdin ------------------------------------------------------------------------------------------

def test_input_round_trip(pk):
    km, kc = pk
    msg_id = kc.execute('input("name? ")', allow_stdin=True)
    req = kc.get_stdin_msg(timeout=10)
    assert req["msg_type"] == "input_request"
    assert req["content"]["prompt"] == "name? " and req["content"]["password"] is False
    assert req["parent_header"]["msg_id"] == msg_id
    kc.input("Ada")
    reply = shell_reply(kc, msg_id)
    assert reply["content"]["status"] == "ok"
    assert result_of([(m["msg_type"], m["content"]) for m in iopub_for(kc, msg_id)]) == {
        "text/plain": "'Ada'"}


def test_input_without_stdin_fails_at_once(pk):
    km, kc = pk
    t0 = time.monotonic()
    reply, _ = execute(kc, 'input("name? ")', allow_stdin=False)
    assert time.monotonic() - t0 < 2
    assert reply["status"] == "error"
    assert "input" in reply["evalue"] and "does not support" in reply["evalue"]


def test_input_is_interruptible(pk):
    km, kc = pk
    msg_id = kc.execute('input("name? ")', allow_stdin=True)
    kc.get_stdin_msg(timeout=10)
    km.interrupt_kernel()
    reply = shell_reply(kc, msg_id)
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    still_answers(kc)


# ---- comms, history, introspection ---------------------------------------------------------------

def test_comm_open_to_unknown_target_is_closed(pk):
    km, kc = pk
    comm_id = uuid.uuid4().hex
    msg = kc.session.msg("comm_open", {"comm_id": comm_id, "target_name": "nope", "data": {}})
    kc.shell_channel.send(msg)
    msgs = iopub_for(kc, msg["header"]["msg_id"])
    closes = [m for m in msgs if m["msg_type"] == "comm_close"]
    assert len(closes) == 1 and closes[0]["content"]["comm_id"] == comm_id
    info = shell_reply(kc, kc.comm_info())
    assert info["content"] == {"status": "ok", "comms": {}}
    kc.shell_channel.send(kc.session.msg("comm_msg", {"comm_id": comm_id, "data": {}}))
    still_answers(kc)


def test_history_tail_range_search(pk):
    km, kc = pk
    for code in ["1+2", 'print("x")', "1+2"]:
        execute(kc, code)
    h = shell_reply(kc, kc.history(hist_access_type="tail", n=2, output=False, raw=True))
    assert [e[2] for e in h["content"]["history"]] == ['print("x")', "1+2"]
    session, line = h["content"]["history"][0][:2]
    h = shell_reply(kc, kc.history(hist_access_type="range", session=0, start=line,
                                   stop=line + 1, output=True, raw=True))
    assert h["content"]["history"] == [[session, line, ['print("x")', None]]]
    h = shell_reply(kc, kc.history(hist_access_type="search", pattern="1+*", output=True,
                                   raw=True))
    assert [e[2] for e in h["content"]["history"]] == [["1+2", "3"], ["1+2", "3"]]
    h = shell_reply(kc, kc.history(hist_access_type="search", pattern="1+*", unique=True,
                                   output=False, raw=True))
    assert len(h["content"]["history"]) == 1


def test_complete_and_is_complete_replies(pk):
    km, kc = pk
    c = shell_reply(kc, kc.complete("pri", 3))["content"]
    assert c["status"] == "ok" and "print" in c["matches"]
    assert c["cursor_start"] == 0 and c["cursor_end"] == 3
    assert shell_reply(kc, kc.is_complete("1+2"))["content"]["status"] == "complete"
    inc = shell_reply(kc, kc.is_complete("for i in range(3):"))["content"]
    assert inc["status"] == "incomplete" and "indent" in inc


# ---- security and robustness ------------------------------------------------------------------------

class Raw:
    """A raw DEALER on the shell port, to send frames no well-behaved client would."""

    def __init__(self, km):
        info = km.get_connection_info()
        self.session = Session(key=info["key"], signature_scheme=info["signature_scheme"])
        self.ctx = zmq.Context()
        self.sock = self.ctx.socket(zmq.DEALER)
        self.sock.linger = 0
        self.sock.connect("%s://%s:%d" % (info["transport"], info["ip"], info["shell_port"]))

    def frames(self, msg_type, content, header=None):
        msg = self.session.msg(msg_type, content)
        if header is not None:
            msg["header"] = header
        parts = [self.session.pack(msg["header"]), b"{}", b"{}", self.session.pack(content)]
        return msg["header"].get("msg_id"), parts

    def sign(self, parts):
        return self.session.sign(parts)

    def send(self, sig, parts):
        self.sock.send_multipart([b"<IDS|MSG>", sig] + parts)

    def reply(self, timeout=0.5):
        if not self.sock.poll(timeout * 1000):
            return None
        frames = self.sock.recv_multipart()
        i = frames.index(b"<IDS|MSG>")
        return json.loads(frames[i + 2]), json.loads(frames[i + 5])

    def kernel_info_works(self):
        _, parts = self.frames("kernel_info_request", {})
        self.send(self.sign(parts), parts)
        r = self.reply(5)
        return r is not None and r[0]["msg_type"] == "kernel_info_reply"

    def close(self):
        self.sock.close()
        self.ctx.term()


@pytest.fixture
def raw(pk):
    r = Raw(pk[0])
    yield pk[0], pk[1], r
    r.close()


def no_output(kc, seconds=0.5):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            m = kc.get_iopub_msg(timeout=0.05)
        except Exception:
            continue
        if m["msg_type"] == "stream":
            return False
    return True


def test_bad_signature_is_dropped(raw):
    km, kc, r = raw
    _, parts = r.frames("execute_request", {"code": 'print("pwned")', "silent": False})
    sig = r.sign(parts)
    bad = (b"0" if sig[:1] != b"0" else b"1") + sig[1:]
    r.send(bad, parts)
    assert r.reply() is None
    assert no_output(kc)
    assert r.kernel_info_works()


def test_missing_signature_is_dropped(raw):
    km, kc, r = raw
    _, parts = r.frames("execute_request", {"code": 'print("pwned")', "silent": False})
    r.send(b"", parts)
    assert r.reply() is None
    assert no_output(kc)
    assert r.kernel_info_works()


def test_replayed_signature_is_refused(raw):
    km, kc, r = raw
    _, parts = r.frames("execute_request", {"code": 'print("once")', "silent": False})
    sig = r.sign(parts)
    r.send(sig, parts)
    hdr, content = r.reply(5)
    assert hdr["msg_type"] == "execute_reply" and content["status"] == "ok"
    r.send(sig, parts)
    assert r.reply() is None
    # the same digest with upper- or mixed-case hex is the same signature
    for recased in (sig.upper(), bytes(c if i % 2 else c & ~0x20 if 97 <= c <= 122 else c
                                       for i, c in enumerate(sig))):
        assert recased != sig
        r.send(recased, parts)
        assert r.reply() is None
    assert r.kernel_info_works()


@pytest.mark.parametrize("frames", [
    [b"<IDS|MSG>"],
    [b"<IDS|MSG>", b"sig", b"{}"],
    [b"no delimiter at all"],
    [b""],
])
def test_truncated_frames_are_dropped(raw, frames):
    km, kc, r = raw
    r.sock.send_multipart(frames)
    assert r.reply() is None
    assert r.kernel_info_works()


def test_invalid_json_is_dropped(raw):
    km, kc, r = raw
    for parts in ([b"{not json", b"{}", b"{}", b"{}"],
                  [r.session.pack(r.session.msg_header("kernel_info_request")), b"{}",
                   b"{}", b"[1, 2"],
                  [b"[]", b"{}", b"{}", b"{}"],
                  [b"\xff\xfe", b"{}", b"{}", b"{}"]):
        r.send(r.sign(parts), parts)
        assert r.reply() is None
    assert r.kernel_info_works()


def test_wrong_field_types(raw):
    km, kc, r = raw
    header = r.session.msg_header("kernel_info_request")
    header["msg_type"] = 5
    _, parts = r.frames("kernel_info_request", {}, header=header)
    r.send(r.sign(parts), parts)
    assert r.reply() is None  # a header that is not a header: dropped
    _, parts = r.frames("execute_request", {"code": 5, "silent": "no"})
    r.send(r.sign(parts), parts)
    hdr, content = r.reply(5)  # a request with bad fields: an error reply
    assert hdr["msg_type"] == "execute_reply" and content["status"] == "error"
    assert "code" in content["evalue"]
    _, parts = r.frames("execute_request", {"code": 'print("a")\u0000print("b")'})
    r.send(r.sign(parts), parts)
    hdr, content = r.reply(5)  # never run a prefix of the code
    assert content["status"] == "error" and "null character" in content["evalue"]
    assert r.kernel_info_works()


def test_heartbeat_echoes(pk):
    km, kc = pk
    info = km.get_connection_info()
    ctx = zmq.Context()
    s = ctx.socket(zmq.REQ)
    s.linger = 0
    s.connect("%s://%s:%d" % (info["transport"], info["ip"], info["hb_port"]))
    try:
        for payload in ([b"ping"], [b"two", b"parts"]):
            s.send_multipart(payload)
            assert s.poll(5000)
            assert s.recv_multipart() == payload
    finally:
        s.close()
        ctx.term()


def test_unknown_msg_type_gets_no_reply(raw):
    km, kc, r = raw
    _, parts = r.frames("frobnicate_request", {})
    r.send(r.sign(parts), parts)
    assert r.reply() is None
    assert r.kernel_info_works()


# ---- lifecycle --------------------------------------------------------------------------------------

def kernel_pid(km):
    return km.provisioner.process.pid


def gone(pid, timeout):
    """True once pid exits (a zombie counts as exited) within timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = pathlib.Path("/proc/%d/stat" % pid).read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.02)
    return False


def test_shutdown_request(kernel_name):
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=30)
    try:
        proc = km.provisioner.process
        kc.shutdown()
        reply = kc.control_channel.get_msg(timeout=5)
        assert reply["msg_type"] == "shutdown_reply"
        assert reply["content"] == {"status": "ok", "restart": False}
        assert proc.wait(timeout=5) == 0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_shutdown_while_a_cell_runs(kernel_name):
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=30)
    try:
        proc = km.provisioner.process
        msg_id = kc.execute("while True: pass")
        wait_running(kc, msg_id)
        kc.shutdown()
        assert proc.wait(timeout=5) == 0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_restart_via_kernel_manager(kernel_name):
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=30)
    try:
        execute(kc, "1+2")
        old = kernel_pid(km)
        km.restart_kernel(now=False)
        assert gone(old, 5)
        assert kernel_pid(km) != old
        kc.wait_for_ready(timeout=30)
        reply, msgs = execute(kc, "1+2")
        assert reply["execution_count"] == 1  # a fresh kernel
        assert result_of(msgs) == {"text/plain": "3"}
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_exits_when_parent_dies(kernel_name, tmp_path):
    script = textwrap.dedent("""
        import os, sys
        from jupyter_client.manager import start_new_kernel
        km, kc = start_new_kernel(kernel_name=%r, startup_timeout=30)
        print(km.provisioner.process.pid, flush=True)
        os._exit(0)  # die without shutting the kernel down
    """ % kernel_name)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60, env=os.environ.copy())
    pid = int(out.stdout.split()[0])
    try:
        assert gone(pid, 5), "kernel %d outlived its parent" % pid
    finally:
        if not gone(pid, 0.01):
            os.kill(pid, signal.SIGKILL)


def test_sigterm_exits_cleanly(kernel_name):
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=30)
    try:
        proc = km.provisioner.process
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=5) == 0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_iopub_welcome_on_subscribe(kernel_name):
    from jupyter_client.manager import KernelManager
    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel()
    kc = km.client()
    try:
        kc.start_channels()
        msg = kc.get_iopub_msg(timeout=10)
        assert msg["msg_type"] == "iopub_welcome"
        assert msg["content"] == {"subscription": ""}
        kc2 = km.client()  # a second front end on the same kernel is greeted too
        kc2.start_channels()
        try:
            assert kc2.get_iopub_msg(timeout=10)["msg_type"] == "iopub_welcome"
        finally:
            kc2.stop_channels()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


# ---- streams -----------------------------------------------------------------------------------------

@pytest.mark.skipif(FAKE, reason="needs the real language (loops)")
def test_large_output_arrives_whole_and_in_order(pk):
    km, kc = pk
    reply, msgs = execute(kc, "for i in range(30000):\n    print(i)")
    assert reply["status"] == "ok"
    assert stdout_of(msgs) == "".join("%d\n" % i for i in range(30000))
    assert sum(1 for t, _ in msgs if t == "stream") > 1  # flushed in pieces, not one blob


@pytest.mark.skipif(FAKE, reason="needs the real language (loops)")
def test_multibyte_text_is_never_split(pk):
    km, kc = pk
    reply, msgs = execute(kc, 'for i in range(3000):\n    print("é✓😀" * 10, end="")')
    assert reply["status"] == "ok"
    assert stdout_of(msgs) == "é✓😀" * 30000
