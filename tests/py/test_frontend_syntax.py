"""What front ends rely on beyond plain execution: exit/quit ask the front end to close
(jupyter console exits), obj? / obj?? page the inspect text as IPython does, completion
items carry their kind as ipykernel sends them, and the kernel keeps info logs off
stderr unless asked."""
import os
import subprocess
import time

import pytest

from conftest import execute, started_kernel, stdout_of


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    yield from started_kernel("import torch\nt = torch.ones(2)\ndef f(a, b=2):\n    return a")


@pytest.mark.parametrize("code", ["exit", "quit", "exit()", "quit()", "  exit()\n"])
def test_exit_asks_the_front_end_to_close(kc, code):
    reply, msgs = execute(kc, code)
    assert reply["status"] == "ok"
    assert reply["payload"] == [{"source": "ask_exit", "keepkernel": False}]
    # the kernel itself stays up: only the front end decides to leave
    reply, msgs = execute(kc, "print(1 + 1)")
    assert stdout_of(msgs) == "2\n"


def test_exit_as_a_name_elsewhere_is_still_a_name(kc):
    reply, _ = execute(kc, "exit_code = 3\nexit_code")
    assert reply["status"] == "ok" and reply["payload"] == []


@pytest.mark.parametrize("code,detail", [("torch.zeros?", 0), ("?torch.zeros", 0),
                                         ("torch.zeros??", 1), ("f??", 1)])
def test_question_mark_pages_the_inspect_text(kc, code, detail):
    name = code.strip("?")
    reply, msgs = execute(kc, code)
    assert reply["status"] == "ok", reply
    (page,) = reply["payload"]
    assert page["source"] == "page" and page["start"] == 0
    text = page["data"]["text/plain"]
    kc.inspect(name, len(name), detail_level=detail)
    insp = kc.get_shell_msg(timeout=10)["content"]
    assert insp["found"] and text == insp["data"]["text/plain"]
    assert text.startswith("Signature: %s(" % name)
    if name == "f":
        assert ("return a" in text) == (detail == 1)


def test_question_mark_on_unknown_name(kc):
    reply, msgs = execute(kc, "nosuchthing?")
    assert reply["status"] == "ok" and reply["payload"] == []
    assert stdout_of(msgs) == "Object `nosuchthing` not found.\n"


def test_help_prints_the_docstring(kc):
    reply, msgs = execute(kc, "help(torch.zeros)")
    out = stdout_of(msgs)
    assert reply["status"] == "ok" and "zeros" in out and len(out.splitlines()) > 2


def complete(kc, code):
    kc.complete(code, len(code))
    return kc.get_shell_msg(timeout=10)["content"]


def test_completion_types(kc):
    c = complete(kc, "torch.")
    types = {e["text"]: e["type"] for e in c["metadata"]["_jupyter_types_experimental"]}
    assert set(types) == set(c["matches"])
    assert types["zeros"] == "function" and types["cuda"] == "module"
    assert types["float32"] == "instance" and types["Tensor"] == "class"
    for e in c["metadata"]["_jupyter_types_experimental"]:
        assert (e["start"], e["end"]) == (c["cursor_start"], c["cursor_end"])
    c = complete(kc, "wh")
    types = {e["text"]: e["type"] for e in c["metadata"]["_jupyter_types_experimental"]}
    assert types["while"] == "keyword"
    c = complete(kc, "t.su")
    types = {e["text"]: e["type"] for e in c["metadata"]["_jupyter_types_experimental"]}
    assert types["sum"] == "function"
    c = complete(kc, "f(1, b")
    types = {e["text"]: e["type"] for e in c["metadata"]["_jupyter_types_experimental"]}
    assert types["b="] == "param"
    c = complete(kc, "import nu")
    assert c["metadata"]["_jupyter_types_experimental"][0]["type"] == "module"


def _run_kernel_and_shut_down(extra_env):
    """Start the kernel through jupyter_client, run a cell, shut it down; return its stderr."""
    from jupyter_client import KernelManager
    import tempfile
    with tempfile.TemporaryFile(mode="w+") as err:
        km = KernelManager(kernel_name="tensorkernel")
        km.start_kernel(stderr=err, env=dict(os.environ, **extra_env))
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=30)
        execute(kc, "x = 1")
        kc.stop_channels()
        km.shutdown_kernel(now=False)
        err.seek(0)
        return err.read()


def test_no_info_logs_on_stderr_unless_asked(jupyter_data_dir):
    quiet = _run_kernel_and_shut_down({})
    assert "info:" not in quiet and "shutdown requested" not in quiet
    loud = _run_kernel_and_shut_down({"TENSORKERNEL_DEBUG": "1"})
    assert "tensorkernel: info: shutdown requested" in loud
