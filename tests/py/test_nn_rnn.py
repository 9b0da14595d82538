"""nn.RNN / nn.LSTM / nn.GRU against real PyTorch 2.15: outputs, final states, grad_fn names
and the gradients of the input, the initial states and every parameter, for every mode, one
and two layers, both directions, both layouts, float64 and float32, unbatched inputs, no bias
and the default zero state. The expected values are tests/data/rnn_torch.pt, written by
tests/data/gen_rnn.py with the oracle's torch. float64 agrees to rounding (the products'
order); float32 to PyTorch's own spread (its LSTM runs on oneDNN).

And create_graph through the layers against PyTorch's second derivatives, and loops of
nn.LSTMCell / nn.GRUCell. Also: the layer's
edges (an empty sequence, an empty batch, no_grad, dropout between layers, bad arguments to
the native layer) and the composed path other devices take
(the emulated CUDA device against the CPU)."""
import json
import os
import pathlib
import subprocess

import pytest

from cpython_diff import TK_PYTHON

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "rnn_torch.pt"

CHECK = r'''
import json
import torch, torch.nn as nn
blob = torch.load(%r)
data, metas = blob["data"], blob["meta"]
MODES = {"LSTM": (nn.LSTM, {}), "GRU": (nn.GRU, {}), "RNN_TANH": (nn.RNN, {}),
         "RNN_RELU": (nn.RNN, {"nonlinearity": "relu"})}
def diff(a, b):
    if a is None or tuple(a.shape) != tuple(b.shape):
        return 1e30
    return (a - b).abs().max().item() if a.numel() else 0.0
for name, meta in metas.items():
    r = data[name]
    dt = torch.float64 if meta["f64"] else torch.float32
    cls, kw = MODES[meta["mode"]]
    m = cls(r["x"].shape[-1], r["h0"].shape[-1], num_layers=meta["layers"],
            bidirectional=meta["bidir"], batch_first=meta["bf"], bias=meta["bias"], **kw).to(dt)
    with torch.no_grad():
        for k, p in m.named_parameters():
            p.copy_(r["p_" + k])
    x = r["x"].clone().requires_grad_()
    h0 = r["h0"].clone().requires_grad_()
    c0 = r["c0"].clone().requires_grad_()
    if not meta["state"]:
        out, hn = m(x)
    elif meta["mode"] == "LSTM":
        out, hn = m(x, (h0, c0))
    else:
        out, hn = m(x, h0)
    h_n, c_n = hn if meta["mode"] == "LSTM" else (hn, None)
    names = {"out": out.grad_fn.name(), "h_n": h_n.grad_fn.name()}
    loss = (out * r["wo"]).sum() + (h_n * r["wh"]).sum()
    if c_n is not None:
        names["c_n"] = c_n.grad_fn.name()
        loss = loss + (c_n * r["wc"]).sum()
    loss.backward()
    got = {"out": diff(out, r["out"]), "h_n": diff(h_n, r["h_n"]), "g_x": diff(x.grad, r["g_x"])}
    if c_n is not None:
        got["c_n"] = diff(c_n, r["c_n"])
    if meta["state"]:
        got["g_h0"] = diff(h0.grad, r["g_h0"])
        if meta["mode"] == "LSTM":
            got["g_c0"] = diff(c0.grad, r["g_c0"])
    for k, p in m.named_parameters():
        got["g_" + k] = diff(p.grad, r["g_" + k])
    print(json.dumps({"case": name, "names": names, "want_names": meta["names"],
                      "f64": meta["f64"], "diffs": got}))
for mode, r in blob["double"].items():
    cls, kw = MODES[mode]
    m = cls(r["x"].shape[-1], 7, num_layers=2, bidirectional=True, **kw).double()
    with torch.no_grad():
        for k, p in m.named_parameters():
            p.copy_(r["p_" + k])
    x = r["x"].clone().requires_grad_()
    out, _ = m(x)
    g, = torch.autograd.grad((out * out).sum(), x, create_graph=True)
    (g * g).sum().backward()
    got = {"g_x": diff(x.grad, r["g_x"])}
    for k, p in m.named_parameters():
        got["g_" + k] = diff(p.grad, r["g_" + k])
    print(json.dumps({"case": "double-" + mode, "names": {}, "want_names": {}, "f64": True,
                      "diffs": got}))
for key, r in blob["cells"].items():
    cls = nn.LSTMCell if key.startswith("LSTMCell") else nn.GRUCell
    m = cls(r["x"].shape[-1], r["h0"].shape[-1]).to(r["x"].dtype)
    with torch.no_grad():
        for k, p in m.named_parameters():
            p.copy_(r["p_" + k])
    x, h0 = r["x"].clone().requires_grad_(), r["h0"].clone().requires_grad_()
    h, c = h0, h0 * 0.5
    for t in range(x.shape[0]):
        if cls is nn.LSTMCell:
            h, c = m(x[t], (h, c))
        else:
            h = m(x[t], h)
    (h * h).sum().backward()
    got = {"h": diff(h, r["h"]), "g_x": diff(x.grad, r["g_x"]), "g_h0": diff(h0.grad, r["g_h0"])}
    for k, p in m.named_parameters():
        got["g_" + k] = diff(p.grad, r["g_" + k])
    print(json.dumps({"case": "cell-" + key, "names": {"h": h.grad_fn.name()},
                      "want_names": {"h": r["name"]}, "f64": key.endswith("float64"), "diffs": got}))
''' % str(DATA)


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    path = tmp_path_factory.mktemp("rnn") / "check.py"
    path.write_text(CHECK)
    p = subprocess.run([str(TK_PYTHON), str(path)], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    return [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]


def test_every_case_ran(cases):
    assert len(cases) == 88


@pytest.mark.parametrize("mode", ["LSTM", "GRU", "RNN_TANH", "RNN_RELU"])
def test_values_and_gradients_match_torch(cases, mode):
    """Every output and gradient within rounding of PyTorch's: float64 to 1e-12, float32 to
    1e-5 (values of order one)."""
    bad = []
    for c in cases:
        if not c["case"].startswith(mode + "-"):
            continue
        tol = 1e-12 if c["f64"] else 1e-5
        bad += [(c["case"], k, v) for k, v in c["diffs"].items() if not v <= tol]
    assert not bad


@pytest.mark.parametrize("mode", ["LSTM", "GRU", "RNN_TANH", "RNN_RELU"])
def test_double_backward_matches_torch(cases, mode):
    """create_graph through the layers (a gradient penalty on the input): the second
    derivatives of the input and every parameter as PyTorch's, float64 to 1e-10."""
    bad = []
    for c in cases:
        if c["case"] != "double-" + mode:
            continue
        bad += [(c["case"], k, v) for k, v in c["diffs"].items() if not v <= 1e-10]
    assert len([c for c in cases if c["case"] == "double-" + mode]) == 1
    assert not bad


@pytest.mark.parametrize("cell", ["LSTMCell", "GRUCell"])
def test_cell_loops_match_torch(cases, cell):
    """A cell called step by step (each step one native node on the CPU): the last state
    and every gradient as PyTorch's."""
    got = [c for c in cases if c["case"].startswith("cell-" + cell + "-")]
    assert len(got) == 2
    bad = [(c["case"], k, v) for c in got for k, v in c["diffs"].items()
           if not v <= (1e-12 if c["f64"] else 1e-5)]
    assert not bad


def test_grad_fn_names_match_torch(cases):
    """StackBackward0 / CatBackward0 / TransposeBackward0 or 1 / SqueezeBackward1, and
    MkldnnRnnLayerBackward0 for a float32 LSTM, as PyTorch prints them."""
    assert [(c["case"], c["names"]) for c in cases if c["names"] != c["want_names"]] == []


EDGES = r'''
import torch, torch.nn as nn
torch.manual_seed(0)
m = nn.LSTM(3, 4)
try:
    m(torch.randn(0, 2, 3))
except RuntimeError as e:
    print("empty-seq", e)
x = torch.randn(5, 0, 3, requires_grad=True)
o, (h, c) = m(x)
o.sum().backward()
print("empty-batch", tuple(o.shape), tuple(h.shape), tuple(x.grad.shape), m.weight_hh_l0.grad.abs().sum().item())
with torch.no_grad():
    o, h = nn.GRU(3, 4)(torch.randn(5, 2, 3))
print("no-grad", o.grad_fn, o.requires_grad, h.requires_grad)
x = torch.randn(5, 2, 3, requires_grad=True)
o, _ = m(x)
g, = torch.autograd.grad(o.sum(), x, create_graph=True)
print("create-graph", g.requires_grad, g.grad_fn is not None)
g = nn.GRU(3, 4, num_layers=3, dropout=0.5)
a, _ = g(torch.ones(5, 2, 3))
g.eval()
b, _ = g(torch.ones(5, 2, 3))
c, _ = g(torch.ones(5, 2, 3))
print("dropout", bool((a != b).any()), bool((b == c).all()))
w = torch.randn(16, 4)
for args in (("LSTMX", torch.randn(2, 1, 16), torch.zeros(1, 4), torch.zeros(1, 4), w, None, False, "n"),
             ("LSTM", torch.randn(2, 1, 12), torch.zeros(1, 4), torch.zeros(1, 4), w, None, False, "n"),
             ("GRU", torch.randn(2, 1, 12), torch.zeros(1, 4), torch.zeros(1, 4), w[:12], None, False, "n"),
             ("LSTM", torch.randn(2, 1, 16).double(), torch.zeros(1, 4), torch.zeros(1, 4), w, None, False, "n"),
             ("LSTM", torch.randn(2, 1, 16).half(), torch.zeros(1, 4).half(), torch.zeros(1, 4).half(), w.half(), None, False, "n")):
    try:
        torch._rnn_layer(*args)
    except Exception as e:
        print("bad", type(e).__name__, e)
'''


def test_layer_edges(tmp_path):
    path = tmp_path / "edges.py"
    path.write_text(EDGES)
    p = subprocess.run([str(TK_PYTHON), str(path)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    lines = p.stdout.splitlines()
    assert lines[0] == "empty-seq Expected sequence length to be larger than 0 in RNN"
    assert lines[1] == "empty-batch (5, 0, 4) (1, 0, 4) (5, 0, 3) 0.0"
    assert lines[2] == "no-grad None False False"
    assert lines[3] == "create-graph True True"
    assert lines[4] == "dropout True True"
    assert [l.split(" ")[1] for l in lines[5:]] == ["ValueError", "RuntimeError", "ValueError",
                                                    "RuntimeError", "NotImplementedError"]


DEVICE = r'''
import torch, torch.nn as nn
torch.manual_seed(0)
for cls in (nn.LSTM, nn.GRU, nn.RNN):
    m = cls(3, 4, num_layers=2, bidirectional=True, batch_first=True)
    x = torch.randn(2, 5, 3)
    def run(dev):
        mm = m.to(dev)
        xs = x.to(dev).detach().requires_grad_()
        out, hn = mm(xs)
        hn = hn[0] if isinstance(hn, tuple) else hn
        (out.sum() + hn.sum()).backward()
        r = [out.detach().cpu(), hn.detach().cpu(), xs.grad.cpu()] + [p.grad.cpu() for p in mm.parameters()]
        mm.zero_grad()
        return r, out.grad_fn.name()
    ref, n1 = run('cpu')
    got, n2 = run('cuda')
    print(cls.__name__, n1 == n2, all(torch.allclose(a, b, atol=1e-5) for a, b in zip(got, ref)))
'''


def test_composed_path_on_a_device_agrees(tmp_path):
    """Other devices compose the cell step by step: same values, gradients and names."""
    path = tmp_path / "device.py"
    path.write_text(DEVICE)
    env = dict(os.environ, TENSORKERNEL_EMULATE_CUDA="1")
    p = subprocess.run([str(TK_PYTHON), str(path)], capture_output=True, text=True, env=env,
                       timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    assert p.stdout.split() == ["LSTM", "True", "True", "GRU", "True", "True", "RNN", "True", "True"]
