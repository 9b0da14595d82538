"""Writes tests/data/norm_native.npz: layer_norm and batch_norm forward and backward results
of real PyTorch (run with the oracle's python: ~/.cache/tk-oracle/bin/python gen_norm_native.py)
for tests/py/test_norm_native.py. Two threads, as the test runs: the weight and bias gradients
of layer norm and batch norm's channels-last sums are split by thread.

Each case stores its inputs (x, w, b, dy, running stats) and PyTorch's outputs under
"<case>/<name>"; the case list itself is in "cases" (JSON)."""
import json
import pathlib
import sys

import numpy as np
import torch

torch.set_num_threads(2)
OUT = pathlib.Path(__file__).resolve().parent / "norm_native.npz"
DT = {"f32": torch.float32, "f64": torch.float64}

# layer norm: (shape, normalized dims, affine: wb / w / b / none, eps)
LN = [
    ((3, 1), 1, "wb", 1e-5), ((2, 7), 1, "wb", 1e-5), ((5, 8), 1, "wb", 1e-5),
    ((4, 9), 1, "w", 1e-5), ((3, 15), 1, "b", 1e-5), ((3, 16), 1, "none", 1e-5),
    ((6, 17), 1, "wb", 1e-3), ((2, 31), 1, "wb", 1e-5), ((7, 64), 1, "wb", 1e-5),
    ((3, 100), 1, "none", 1e-5), ((5, 127), 1, "wb", 1e-5), ((4, 128), 1, "w", 1e-5),
    ((3, 129), 1, "wb", 1e-5), ((9, 255), 1, "wb", 1e-5), ((2, 257), 1, "b", 0.1),
    ((9, 512), 1, "wb", 1e-5), ((1, 1000), 1, "wb", 1e-5), ((2, 2100), 1, "wb", 1e-5),
    ((1, 2, 4200), 1, "wb", 1e-5), ((4, 3, 5, 6), 2, "wb", 1e-5), ((2, 3, 5, 6), 3, "none", 1e-5),
    ((2, 4, 3, 11), 3, "wb", 1e-6), ((1, 300), 1, "wb", 1e-5), ((2, 300), 1, "none", 1e-5),
]
# batch norm: (shape, affine, training, momentum (None: no running stats), eps)
BN = [
    ((4, 3, 5, 5), True, True, 0.1, 1e-5), ((2, 3, 7), True, True, 0.1, 1e-5),
    ((8, 5), True, True, 0.1, 1e-5), ((3, 4), True, True, 0.3, 1e-5),
    ((2, 4), True, True, 0.1, 1e-5), ((3, 8, 9, 9), True, True, 0.1, 1e-5),
    ((2, 3, 17, 17), False, True, 0.1, 1e-3), ((4, 3, 5, 5), True, True, None, 1e-5),
    ((16, 37), True, True, None, 1e-5), ((4, 3, 5, 5), True, False, 0.1, 1e-5),
    ((8, 5), True, False, 0.1, 1e-5), ((2, 6, 3, 3), False, False, 0.1, 1e-5),
    ((3, 2, 1, 1), True, True, 0.1, 1e-5), ((6, 4, 31), True, True, 0.5, 1e-5),
    ((2, 3, 4, 4, 4), True, True, 0.1, 1e-5), ((8, 8, 7, 7), True, True, 0.1, 1e-5),
]


def extras(g, data, put):
    """Double backward, the modules' running statistics, and PyTorch's error texts."""
    F = torch.nn.functional
    # double backward through layer_norm and batch_norm (float64)
    x = torch.randn(3, 6, generator=g, dtype=torch.float64)
    w = torch.randn(6, generator=g, dtype=torch.float64)
    b = torch.randn(6, generator=g, dtype=torch.float64)
    dy = torch.randn(3, 6, generator=g, dtype=torch.float64)
    v = torch.randn(3, 6, generator=g, dtype=torch.float64)
    for n, t in (("x", x), ("w", w), ("b", b), ("dy", dy), ("v", v)):
        put("dd/" + n, t)
    xs, ws, bs = (t.clone().requires_grad_() for t in (x, w, b))
    y = F.layer_norm(xs, [6], ws, bs, 1e-5)
    gx, gw = torch.autograd.grad((y * dy).sum(), (xs, ws), create_graph=True)
    ((gx * v).sum() + (gw * v[0]).sum()).backward()
    put("dd/ln_gx", gx)
    put("dd/ln_x2", xs.grad)
    put("dd/ln_w2", ws.grad)
    xb = torch.randn(4, 3, 5, generator=g, dtype=torch.float64)
    vb = torch.randn(4, 3, 5, generator=g, dtype=torch.float64)
    put("dd/bx", xb)
    put("dd/bv", vb)
    xs, ws = xb.clone().requires_grad_(), w[:3].clone().requires_grad_()
    y = F.batch_norm(xs, None, None, ws, None, True, 0.1, 1e-5)
    (gx,) = torch.autograd.grad((y * vb).sum(), (xs,), create_graph=True)
    (gx * gx).sum().backward()
    put("dd/bn_gx", gx)
    put("dd/bn_x2", xs.grad)
    put("dd/bn_w2", ws.grad)
    # modules: BatchNorm2d with momentum=None over two batches, then eval; no running stats
    m = torch.nn.BatchNorm2d(3, momentum=None)
    x1 = torch.randn(4, 3, 5, 5, generator=g)
    x2 = torch.randn(4, 3, 5, 5, generator=g) * 2 + 1
    put("mod/x1", x1)
    put("mod/x2", x2)
    m(x1)
    m(x2)
    put("mod/rm", m.running_mean)
    put("mod/rv", m.running_var)
    put("mod/nbt", m.num_batches_tracked)
    m.eval()
    put("mod/eval_y", m(x1))
    m2 = torch.nn.BatchNorm1d(3, track_running_stats=False).eval()
    put("mod/untracked_y", m2(x1[:, :, 0, :]))
    ln = torch.nn.LayerNorm([5, 5], elementwise_affine=False)
    put("mod/ln_y", ln(x2))
    # instance norm: a batch norm of one image over the (image, channel) pairs
    xi = torch.randn(3, 4, 6, 7, generator=g)
    wi = torch.randn(4, generator=g) + 1
    bi = torch.randn(4, generator=g)
    dyi = torch.randn(3, 4, 6, 7, generator=g)
    for n, t in (("x", xi), ("w", wi), ("b", bi), ("dy", dyi)):
        put("in/" + n, t)
    xs, ws, bs = (t.clone().requires_grad_() for t in (xi, wi, bi))
    rm, rv = torch.zeros(4), torch.ones(4)
    y = F.instance_norm(xs, rm, rv, ws, bs, True, 0.2, 1e-5)
    assert y.grad_fn.name() == "ViewBackward0"
    y.backward(dyi)
    for n, t in (("y", y), ("rm", rm), ("rv", rv), ("dx", xs.grad), ("dw", ws.grad), ("db", bs.grad)):
        put("in/" + n, t)
    put("in/eval_y", F.instance_norm(xi, rm, rv, wi, bi, False, 0.2, 1e-5))
    # layer norm in float16 / bfloat16 (ATen computes in float32 and rounds once)
    xh = torch.randn(16, 300, generator=g) * 2 + 1
    wh = torch.randn(300, generator=g) + 1
    bh = torch.randn(300, generator=g)
    dyh = torch.randn(16, 300, generator=g)
    for n, t in (("x", xh), ("w", wh), ("b", bh), ("dy", dyh)):
        put("half/" + n, t)
    for hn, hd in (("f16", torch.float16), ("bf16", torch.bfloat16)):
        xs, ws, bs = (t.to(hd).requires_grad_() for t in (xh, wh, bh))
        y = F.layer_norm(xs, [300], ws, bs)
        y.backward(dyh.to(hd))
        put(f"half/y_{hn}", y.view(torch.int16))
        for n, t in (("dx", xs.grad), ("dw", ws.grad), ("db", bs.grad)):
            put(f"half/{n}_{hn}", t.view(torch.int16))
    # error texts
    msgs = {}

    def err(name, f):
        try:
            f()
        except Exception as e:  # noqa: BLE001
            msgs[name] = [type(e).__name__, str(e)]

    t = torch.randn(2, 3, 4)
    err("ln_shape", lambda: F.layer_norm(t, [3], None, None))
    err("ln_weight", lambda: F.layer_norm(t, [4], torch.ones(3), None))
    err("ln_bias", lambda: F.layer_norm(t, [3, 4], None, torch.ones(4)))
    err("ln_empty", lambda: torch.native_layer_norm(t, [], None, None, 1e-5))
    err("bn_one", lambda: F.batch_norm(torch.randn(1, 3), None, None, training=True))
    err("bn_rm", lambda: F.batch_norm(t, torch.zeros(2), torch.ones(3), training=True))
    err("bn_w", lambda: F.batch_norm(t, None, None, torch.ones(4), None, True))
    err("bn2d_dim", lambda: torch.nn.BatchNorm2d(3)(t))
    err("in_spatial", lambda: F.instance_norm(torch.randn(2, 3, 1)))
    data["errors"] = np.frombuffer(json.dumps(msgs).encode(), dtype=np.uint8)


def main():
    g = torch.Generator().manual_seed(1234)
    data, cases = {}, []

    def put(key, t):
        data[key] = t.detach().numpy().copy()

    for tn, dt in DT.items():
        for i, (shape, nd, aff, eps) in enumerate(LN):
            key = f"ln{i}-{tn}"
            ns = list(shape[len(shape) - nd:])
            x = (torch.randn(shape, generator=g, dtype=torch.float64) * 3 + 1.5).to(dt)
            w = (torch.randn(ns, generator=g, dtype=torch.float64) + 1).to(dt) if "w" in aff else None
            b = torch.randn(ns, generator=g, dtype=torch.float64).to(dt) if "b" in aff else None
            dy = torch.randn(shape, generator=g, dtype=torch.float64).to(dt)
            put(key + "/x", x)
            put(key + "/dy", dy)
            if w is not None:
                put(key + "/w", w)
            if b is not None:
                put(key + "/b", b)
            y, mean, rstd = torch.native_layer_norm(x, ns, w, b, eps)
            put(key + "/y", y)
            put(key + "/mean", mean)
            put(key + "/rstd", rstd)
            xs = [t.clone().requires_grad_() if t is not None else None for t in (x, w, b)]
            out = torch.nn.functional.layer_norm(xs[0], ns, xs[1], xs[2], eps)
            assert out.grad_fn.name() == "NativeLayerNormBackward0"
            out.backward(dy)
            put(key + "/dx", xs[0].grad)
            if w is not None:
                put(key + "/dw", xs[1].grad)
            if b is not None:
                put(key + "/db", xs[2].grad)
            cases.append({"kind": "ln", "key": key, "shape": list(shape), "ns": ns, "eps": eps,
                          "w": w is not None, "b": b is not None, "dtype": tn})
        for i, (shape, affine, train, mom, eps) in enumerate(BN):
            key = f"bn{i}-{tn}"
            C = shape[1]
            x = (torch.randn(shape, generator=g, dtype=torch.float64) * 2 - 0.5).to(dt)
            w = (torch.randn(C, generator=g, dtype=torch.float64) + 1).to(dt) if affine else None
            b = torch.randn(C, generator=g, dtype=torch.float64).to(dt) if affine else None
            dy = torch.randn(shape, generator=g, dtype=torch.float64).to(dt)
            stats = mom is not None or not train
            rm = torch.randn(C, generator=g, dtype=torch.float64).to(dt) if stats else None
            rv = (torch.rand(C, generator=g, dtype=torch.float64) + 0.5).to(dt) if stats else None
            for n, t in (("x", x), ("w", w), ("b", b), ("dy", dy), ("rm0", rm), ("rv0", rv)):
                if t is not None:
                    put(key + "/" + n, t)
            xs = [t.clone().requires_grad_() if t is not None else None for t in (x, w, b)]
            rm1 = rm.clone() if stats else None
            rv1 = rv.clone() if stats else None
            out = torch.nn.functional.batch_norm(xs[0], rm1, rv1, xs[1], xs[2], train,
                                                 mom if mom is not None else 0.1, eps)
            assert out.grad_fn.name() == "NativeBatchNormBackward0"
            put(key + "/y", out)
            if stats:
                put(key + "/rm1", rm1)
                put(key + "/rv1", rv1)
            out.backward(dy)
            put(key + "/dx", xs[0].grad)
            if affine:
                put(key + "/dw", xs[1].grad)
                put(key + "/db", xs[2].grad)
            cases.append({"kind": "bn", "key": key, "shape": list(shape), "affine": affine,
                          "train": train, "momentum": mom, "stats": stats, "eps": eps, "dtype": tn})
    extras(g, data, put)
    data["cases"] = np.frombuffer(json.dumps(cases).encode(), dtype=np.uint8)
    np.savez_compressed(OUT, **data)
    print("wrote", OUT, len(cases), "cases", file=sys.stderr)


if __name__ == "__main__":
    main()
