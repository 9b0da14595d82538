"""Writes rnn_torch.pt: real PyTorch's nn.RNN / nn.LSTM / nn.GRU results, read by
tests/py/test_nn_rnn.py. Run with the oracle's python:  $PY tests/data/gen_rnn.py

One case per combination of mode (RNN tanh/relu, LSTM, GRU), layers (1, 2), bidirectional,
batch_first and dtype (float64 for all, float32 for a subset), plus unbatched inputs, no bias,
and the default zero state; and for each mode a double backward (create_graph) through two
bidirectional float64 layers; and nn.LSTMCell / nn.GRUCell called step by step in a loop
(float32 and float64). Each case keeps the module's parameters, the input, the initial
state (requiring grad), the outputs, the grad_fn names, and the gradients of
sum(out * wo) + sum(h_n * wh) (+ sum(c_n * wc)) with respect to the input, the initial state
and every parameter."""
import itertools
import pathlib

import torch
import torch.nn as nn

torch.set_num_threads(1)
IN, H, L, N = 5, 7, 6, 3
MODES = {"LSTM": (nn.LSTM, {}), "GRU": (nn.GRU, {}), "RNN_TANH": (nn.RNN, {}),
         "RNN_RELU": (nn.RNN, {"nonlinearity": "relu"})}


def case(mode, layers, bidir, bf, dt, bias=True, unbatched=False, state=True, seed=0):
    torch.manual_seed(seed)
    cls, kw = MODES[mode]
    m = cls(IN, H, num_layers=layers, bidirectional=bidir, batch_first=bf, bias=bias, **kw).to(dt)
    d = 2 if bidir else 1
    shape = (L, IN) if unbatched else ((N, L, IN) if bf else (L, N, IN))
    x = torch.randn(shape, dtype=dt, requires_grad=True)
    sshape = (layers * d, H) if unbatched else (layers * d, N, H)
    h0 = torch.randn(sshape, dtype=dt, requires_grad=True)
    c0 = torch.randn(sshape, dtype=dt, requires_grad=True)
    if not state:
        out, hn = m(x)
    elif mode == "LSTM":
        out, hn = m(x, (h0, c0))
    else:
        out, hn = m(x, h0)
    h_n, c_n = hn if mode == "LSTM" else (hn, None)
    wo, wh = torch.randn(out.shape, dtype=dt), torch.randn(h_n.shape, dtype=dt)
    loss = (out * wo).sum() + (h_n * wh).sum()
    r = {"x": x.detach(), "h0": h0.detach(), "c0": c0.detach(), "wo": wo, "wh": wh,
         "out": out.detach(), "h_n": h_n.detach()}
    names = {"out": out.grad_fn.name(), "h_n": h_n.grad_fn.name()}
    if c_n is not None:
        wc = torch.randn(c_n.shape, dtype=dt)
        loss = loss + (c_n * wc).sum()
        r.update(wc=wc, c_n=c_n.detach())
        names["c_n"] = c_n.grad_fn.name()
    loss.backward()
    r["g_x"] = x.grad
    if state:
        r["g_h0"] = h0.grad
        if mode == "LSTM":
            r["g_c0"] = c0.grad
    for k, p in m.named_parameters():
        r["p_" + k] = p.detach().clone()
        r["g_" + k] = p.grad
    meta = {"mode": mode, "layers": layers, "bidir": bidir, "bf": bf, "bias": bias,
            "unbatched": unbatched, "state": state, "f64": dt == torch.float64,
            "names": names}
    return r, meta


def main():
    data, metas = {}, {}
    for mode, layers, bidir, bf in itertools.product(MODES, (1, 2), (False, True), (False, True)):
        for dt in (torch.float64, torch.float32):
            if dt == torch.float32 and (layers == 2 and bf):
                continue
            name = f"{mode}-l{layers}-{'bi' if bidir else 'uni'}-{'bf' if bf else 'sf'}-{str(dt)[6:]}"
            data[name], metas[name] = case(mode, layers, bidir, bf, dt)
    for mode in MODES:
        for dt in (torch.float64, torch.float32):
            t = str(dt)[6:]
            data[f"{mode}-unbatched-{t}"], metas[f"{mode}-unbatched-{t}"] = case(mode, 2, True, False, dt, unbatched=True)
            data[f"{mode}-nobias-{t}"], metas[f"{mode}-nobias-{t}"] = case(mode, 1, False, True, dt, bias=False)
            data[f"{mode}-nostate-{t}"], metas[f"{mode}-nostate-{t}"] = case(mode, 2, False, False, dt, state=False)
    double = {}
    for mode in MODES:
        torch.manual_seed(1)
        cls, kw = MODES[mode]
        m = cls(IN, H, num_layers=2, bidirectional=True, **kw).double()
        x = torch.randn(L, N, IN, dtype=torch.float64, requires_grad=True)
        out, _ = m(x)
        g, = torch.autograd.grad((out * out).sum(), x, create_graph=True)
        (g * g).sum().backward()
        r = {"x": x.detach(), "g_x": x.grad}
        for k, p in m.named_parameters():
            r["p_" + k] = p.detach().clone()
            r["g_" + k] = p.grad
        double[mode] = r
    cells = {}
    for cls in (nn.LSTMCell, nn.GRUCell):
        for dt in (torch.float32, torch.float64):
            torch.manual_seed(2)
            m = cls(IN, H).to(dt)
            x = torch.randn(L, N, IN, dtype=dt, requires_grad=True)
            h0 = torch.randn(N, H, dtype=dt, requires_grad=True)
            h, c = h0, h0 * 0.5
            for t in range(L):
                if cls is nn.LSTMCell:
                    h, c = m(x[t], (h, c))
                else:
                    h = m(x[t], h)
            (h * h).sum().backward()
            r = {"x": x.detach(), "h0": h0.detach(), "h": h.detach(), "g_x": x.grad, "g_h0": h0.grad,
                 "name": h.grad_fn.name()}
            for k, p in m.named_parameters():
                r["p_" + k] = p.detach().clone()
                r["g_" + k] = p.grad
            cells[f"{cls.__name__}-{str(dt)[6:]}"] = r
    torch.save({"data": data, "meta": metas, "double": double, "cells": cells},
               pathlib.Path(__file__).with_name("rnn_torch.pt"))


if __name__ == "__main__":
    main()
