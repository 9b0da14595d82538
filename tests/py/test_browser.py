"""The kernel in a real front end: JupyterLab in Chromium, driven with Playwright.

One JupyterLab server (127.0.0.1, a token, a temporary root dir) and one browser serve the
whole module; the tests run in order, as a user would work:
  - a notebook on the Tensor Kernel runs the seed conversions (Out shows PyTorch's text),
    an error, display(t) (the table), a heatmap and t.plot() (images that load, small);
  - Tab completion after `torch.`, Shift+Tab tooltip on `torch.zeros(`;
  - the toolbar's interrupt button stops `while True: pass`; restart starts a fresh kernel;
  - a Python notebook attaches with %load_ext tensorkernel / %tk_attach / %tk_get, sees a
    write made in the tensor kernel, and runs a %%tk cell there.
Screenshots go to $TK_BUILD_DIR/browser/. Chromium comes from Debian (/usr/bin/chromium,
installed by `make` when root); without it the module is skipped with that reason. Every
process started here (the server, its kernels, the browser) is stopped at the end.
"""
import json
import os
import pathlib
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import BUILD, ROOT

CHROMIUM = "/usr/bin/chromium"
if not os.path.exists(CHROMIUM):
    pytest.skip("browser test skipped: %s is not installed (apt-get install chromium; `make` "
                "does it when run as root)" % CHROMIUM, allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="browser test skipped: playwright not installed "
                    "(pip install -r requirements-dev.txt)")
pytest.importorskip("jupyterlab", reason="browser test skipped: jupyterlab not installed "
                    "(pip install -r requirements-dev.txt)")
from playwright.sync_api import expect, sync_playwright  # noqa: E402

SHOTS = BUILD / "browser"
TIMEOUT_MS = 60_000
expect.set_options(timeout=30_000)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _notebook(path, kernel, display_name, cells):
    nb = {"nbformat": 4, "nbformat_minor": 5,
          "metadata": {"kernelspec": {"name": kernel, "display_name": display_name,
                                      "language": "python"},
                       "language_info": {"name": "python"}},
          "cells": [{"cell_type": "code", "metadata": {}, "source": src, "outputs": [],
                     "execution_count": None, "id": "c%d" % i} for i, src in enumerate(cells)]}
    path.write_text(json.dumps(nb))


TK_CELLS = [
    # 0: the seed conversions; Out is PyTorch's text
    "import torch\nimport numpy as np\ntensor = torch.tensor([1, 2, 3])\n"
    "numpy_array = tensor.numpy()\nnumpy_array[0] = 100\nprint(type(numpy_array))\ntensor",
    # 1: an error
    "tensor.numpy()[5]",
    # 2: the table
    "display(tensor)",
    # 3: a heatmap (PNG)
    "display(torch.arange(64, dtype=torch.float32).reshape(8, 8), heatmap=True)",
    # 4: a line plot (SVG)
    "torch.linspace(0, 6.28, 200).sin().plot()",
    # 5: interrupted
    "while True: pass",
    # 6: the write the Python notebook sees
    "tensor[1] = 55\ntensor",
    # 7: scratch cell for completion and tooltips
    "",
]

PY_CELLS = [
    "%load_ext tensorkernel\n%tk_attach {kid}",
    "%tk_get tensor",
    "print(tensor.tolist())",
    "%%tk\nprint('in the kernel:', tensor.sum().item())\ntensor * 2",
]


def _children(pid):
    """Pids of the live descendants of pid (from /proc)."""
    parents = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open("/proc/%s/stat" % d) as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                parents.setdefault(ppid, []).append(int(d))
            except (OSError, ValueError, IndexError):
                pass
    out, todo = [], [pid]
    while todo:
        for c in parents.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


@pytest.fixture(scope="module")
def lab(jupyter_data_dir, tmp_path_factory):
    """(base url, token, root dir) of a JupyterLab server with the tensorkernel kernelspec."""
    root = tmp_path_factory.mktemp("lab-root")
    home = tmp_path_factory.mktemp("lab-home")
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    token, port = secrets.token_hex(16), _free_port()
    env = dict(os.environ, HOME=str(home), JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
               JUPYTER_CONFIG_DIR=str(home / "config"), IPYTHONDIR=str(home / "ipython"),
               PYTHONPATH=os.pathsep.join([str(BUILD / "extension"), os.environ.get("PYTHONPATH", "")]))
    SHOTS.mkdir(parents=True, exist_ok=True)
    log = open(SHOTS / "jupyterlab.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         "--ServerApp.port=%d" % port, "--ServerApp.port_retries=0",
         "--IdentityProvider.token=%s" % token, "--ServerApp.root_dir=%s" % root,
         "--allow-root", "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        cwd=str(root), env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = "http://127.0.0.1:%d" % port
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen("%s/api/status?token=%s" % (base, token), timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start; see %s" % log.name)
                time.sleep(0.3)
        yield base, token, root
    finally:
        procs = _children(proc.pid)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for pid in procs:  # kernels run in sessions of their own
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        log.close()


@pytest.fixture(scope="module")
def browser(lab):
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        ctx = b.new_context(viewport={"width": 1280, "height": 1000})
        ctx.set_default_timeout(TIMEOUT_MS)
        try:
            yield ctx
        finally:
            ctx.close()
            b.close()


def _open(ctx, lab, name, workspace):
    base, token, _ = lab
    page = ctx.new_page()
    page.goto("%s/lab/workspaces/%s/tree/%s?token=%s" % (base, workspace, name, token))
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext.session "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext.session.kernel "
                           "&& window.jupyterapp.shell.currentWidget.sessionContext.session.kernel"
                           ".connectionStatus === 'connected'")
    _wait_idle(page)
    return page


def _wait_idle(page):
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext"
                           ".session.kernel.status === 'idle'")


def _cell(page, i):
    return page.locator(".jp-Notebook .jp-Cell").nth(i)


def _run(page, i, wait=True):
    """Run cell i with the notebook's run command (as Shift+Enter on it does) and wait for
    it to end, or (wait=False) return once it started. One cell at a time: after an error
    the kernel aborts requests queued behind it, as ipykernel does."""
    page.evaluate("async ([i, wait]) => { const app = window.jupyterapp;"
                  " const w = app.shell.currentWidget; w.content.activeCellIndex = i;"
                  " w.content.mode = 'command';"
                  " const done = app.commands.execute('notebook:run-cell');"
                  " if (wait) await done; }", [i, wait])


def _outputs(page, i):
    return _cell(page, i).locator(".jp-OutputArea-output")


def _shot(page, name):
    page.screenshot(path=str(SHOTS / ("%s.png" % name)), full_page=True)


@pytest.fixture(scope="module")
def tk_page(browser, lab):
    _notebook(lab[2] / "tensors.ipynb", "tensorkernel", "Tensor Kernel", TK_CELLS)
    return _open(browser, lab, "tensors.ipynb", "tk")


def _image_info(locator):
    """(natural width, src length) of a rendered output image, once it has loaded."""
    img = locator.locator("img").first
    expect(img).to_be_visible()
    img.evaluate("i => i.decode()")
    return img.evaluate("i => [i.naturalWidth, i.getAttribute('src').length]")


def test_notebook_outputs_render(tk_page):
    page = tk_page
    for i in range(5):
        _run(page, i)
    _wait_idle(page)
    out0 = _outputs(page, 0)
    expect(out0.last).to_have_text("tensor([100,   2,   3])")
    expect(out0.first).to_have_text("<class 'numpy.ndarray'>")
    assert _cell(page, 0).locator("table").count() == 0  # Out is text, not the table
    expect(_outputs(page, 1)).to_contain_text("IndexError")
    table = _outputs(page, 2).locator("table")
    expect(table).to_be_visible()
    expect(_outputs(page, 2)).to_contain_text("shape (3,) \u00b7 int64 \u00b7 cpu")
    expect(table).to_contain_text("100")
    w, n = _image_info(_outputs(page, 3))
    assert w > 100 and n < 20_000, (w, n)  # a loaded, small PNG heatmap
    assert _outputs(page, 3).locator("img").get_attribute("src").startswith("data:image/png")
    w, n = _image_info(_outputs(page, 4))
    assert w > 100 and n < 30_000, (w, n)  # the SVG line plot
    assert _cell(page, 4).locator(".jp-RenderedSVG img").get_attribute("src").startswith(
        "data:image/svg+xml")
    _cell(page, 3).scroll_into_view_if_needed()
    _shot(page, "01-outputs")


def _edit_scratch(page, text):
    page.evaluate("(t) => { const w = window.jupyterapp.shell.currentWidget;"
                  " const n = w.content.widgets.length - 1; w.content.activeCellIndex = n;"
                  " w.content.activeCell.model.sharedModel.setSource(t); }", text)
    editor = _cell(page, len(TK_CELLS) - 1).locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+End")


def test_tab_completion_after_torch_dot(tk_page):
    page = tk_page
    _edit_scratch(page, "torch.")
    page.keyboard.press("Tab")
    completer = page.locator(".jp-Completer")
    expect(completer).to_be_visible()
    expect(completer.locator(".jp-Completer-item[data-value='zeros']")).to_have_count(1)
    # items carry the kind the kernel sends (_jupyter_types_experimental)
    expect(completer.locator(".jp-Completer-item[data-value='zeros'] .jp-Completer-type")).to_have_text("f")
    _shot(page, "02-completion")
    page.keyboard.press("Escape")


def test_shift_tab_tooltip_on_torch_zeros(tk_page):
    page = tk_page
    _edit_scratch(page, "torch.zeros(")
    page.keyboard.press("Shift+Tab")
    tip = page.locator(".jp-Tooltip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("zeros")
    expect(tip).to_contain_text("Signature")
    _shot(page, "03-tooltip")
    page.keyboard.press("Escape")


def test_interrupt_button_stops_a_loop(tk_page):
    page = tk_page
    _run(page, 5, wait=False)
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext"
                           ".session.kernel.status === 'busy'")
    time.sleep(0.5)
    t0 = time.monotonic()
    page.locator("[data-command='notebook:interrupt-kernel']").first.click()
    expect(_outputs(page, 5)).to_contain_text("KeyboardInterrupt")
    _wait_idle(page)
    assert time.monotonic() - t0 < 10
    _shot(page, "04-interrupted")


def test_restart_gives_a_fresh_kernel(tk_page):
    page = tk_page
    old = page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.id")
    page.locator("[data-command='notebook:restart-kernel']").first.click()
    page.locator(".jp-Dialog .jp-mod-accept").click()
    page.wait_for_function("() => { const k = window.jupyterapp.shell.currentWidget.sessionContext"
                           ".session.kernel; return k && k.status === 'idle'; }")
    _run(page, 1)
    expect(_outputs(page, 1)).to_contain_text("NameError")  # 'tensor' is gone
    _run(page, 0)
    expect(_outputs(page, 0).last).to_have_text("tensor([100,   2,   3])")
    # execution counts start again at 1 in the new process
    expect(_cell(page, 1).locator(".jp-InputPrompt")).to_contain_text("[1]")
    expect(_cell(page, 0).locator(".jp-InputPrompt")).to_contain_text("[2]")
    new = page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.id")
    assert new == old  # a restart keeps the kernel id (and its connection file)
    _shot(page, "05-restarted")


def test_python_notebook_attaches(tk_page, browser, lab):
    page = tk_page
    kid = page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.id")
    cells = [c.replace("{kid}", kid[:8]) for c in PY_CELLS]
    _notebook(lab[2] / "python.ipynb", "python3", "Python 3", cells)
    py = _open(browser, lab, "python.ipynb", "py")
    _run(py, 0)
    expect(_outputs(py, 0)).to_contain_text("(2 tensors)")  # tensor and numpy_array
    _run(py, 1)
    expect(_outputs(py, 1)).to_contain_text("tensor = int64 array of shape (3,)")
    _wait_idle(py)
    # a write in the tensor kernel's notebook is seen by the Python notebook's array
    _run(page, 6)
    expect(_outputs(page, 6)).to_have_text("tensor([100,  55,   3])")
    _run(py, 2)
    expect(_outputs(py, 2)).to_have_text("[100, 55, 3]")
    _run(py, 3)
    expect(_outputs(py, 3).first).to_have_text("in the kernel: 158")
    expect(_outputs(py, 3).last).to_have_text("tensor([200, 110,   6])")
    _wait_idle(py)
    _shot(py, "06-python-notebook")
    py.close()
