"""Writes elementwise_scalar_torch.npz: real PyTorch's bits for the elementwise ops with
Python-number arguments and the pointwise losses, read by tests/py/test_elementwise_scalar.py.
Run with the oracle's python (../shared/oracle/setup.sh):  $PY tests/data/gen_elementwise_scalar.py

Per dtype (float32, float64): operands x, y (normal samples led by signed zeros, NaN,
infinities, 0.5, 1, -1), p in (0, 1), a gradient g; each case of CASES (below; the test runs
the same table, read from this file's source) returns a list of tensors and grad_fn names:
x ** e for the exponents PyTorch computes without pow() and their gradients (PowBackward0,
zeros for e = 0), pow_, torch.pow(number, tensor), clamp and clamp_ (bounds, one-sided, on
views), where with a number on either side, lerp (number and tensor weights, broadcast,
strided, in place, gradients), mse_loss and binary_cross_entropy_with_logits and
binary_cross_entropy (reductions, weight, pos_weight, broadcast target, gradients of both
operands, create_graph)."""
import pathlib

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
N = 600


def grads(f, *ts, g=None):
    """[f(*ts), grad of each] for leaves made from ts; g weights a non-scalar output."""
    leaves = [t.detach().clone().requires_grad_() for t in ts]
    r = f(*leaves)
    (r.backward(g) if r.dim() else (r * 1.5).backward())
    return [r.grad_fn.name(), r] + [leaf.grad for leaf in leaves]


def grad2(f, x):
    """The gradient of f(x).sum() with create_graph, and that of its sum (double backward)."""
    leaf = x.detach().clone().requires_grad_()
    g, = torch.autograd.grad(f(leaf).sum(), leaf, create_graph=True)
    gg, = torch.autograd.grad(g.sum(), leaf)
    return [g, gg]


def inplace(f, t):
    t = t.clone()
    f(t)
    return t


def bce_logits_large(x, p):
    """binary_cross_entropy_with_logits over 720000 elements (enough for threads to split
    the elementwise passes) by reduction: the loss, and the input's gradient as its sum and
    every 101st element."""
    xl = torch.cat([x[:, None] * p * 4, x[:, None] - p]).reshape(-1)
    tl = (p[:, None] * p).reshape(-1).repeat(2)
    out = []
    for r in ("mean", "sum", "none"):
        leaf = xl.clone().requires_grad_()
        loss = F.binary_cross_entropy_with_logits(leaf, tl, reduction=r)
        loss.backward(tl if r == "none" else None)
        out += [loss.grad_fn.name(), loss.detach()[::101] if r == "none" else loss.detach(),
                leaf.grad[::101], leaf.grad.sum()]
    return out


CASES = {
    "pow_special": lambda x, y, p, g: [x ** e for e in (0, 1, 2, 3, 0.5, -0.5, -1, -2, 1.0, 2.0)] +
    [x[::3] ** 2, x[::3] ** 1],
    "pow_general": lambda x, y, p, g: [p ** 1.5, p ** 4, p ** -3, torch.pow(2, x), torch.pow(2.5, p)],
    "pow_grad": lambda x, y, p, g: sum([grads(lambda a: a ** e, x, g=g) for e in (0, 1, 2, 3, 0.5, -1, 2.5)], []),
    "pow_grad2": lambda x, y, p, g: grad2(lambda a: a ** 2, x) + grad2(lambda a: a ** 3, x) +
    grad2(lambda a: a ** 1, x),
    "pow_": lambda x, y, p, g: [inplace(lambda t: t.pow_(e), x) for e in (0, 1, 2, 3, 0.5, -1, 1.5)],
    "clamp": lambda x, y, p, g: [x.clamp(-0.5, 0.7), x.clamp(min=0), x.clamp(max=0.0), x.clamp(0.5, -0.5),
                                 x.clamp(min=-0.0), torch.clip(x, -1, 1), x[::2].clamp(-0.3, 0.3),
                                 x.clamp(min=float('nan')), x.clamp(float('-inf'), float('inf'))],
    "clamp_": lambda x, y, p, g: [inplace(lambda t: t.clamp_(-0.5, 0.7), x), inplace(lambda t: t.clamp_(min=0), x),
                                  inplace(lambda t: t[::2].clamp_(max=0.1), x), inplace(lambda t: t.clip_(0, 1), x)],
    "clamp_grad": lambda x, y, p, g: grads(lambda a: a.clamp(-0.5, 0.7), x, g=g),
    "where": lambda x, y, p, g: [torch.where(x > 0.5, x, 0.0), torch.where(x > 0.5, 0.0, x),
                                 torch.where(x > 0, x, y), torch.where(x > 0, 1.5, -2.0),
                                 torch.where(x[::2] > 0, x[::2], 0.0), torch.where(x > 0, x, torch.tensor(3.0, dtype=x.dtype))],
    "where_grad": lambda x, y, p, g: grads(lambda a: torch.where(a > 0.5, a, 0.0), x, g=g),
    "lerp": lambda x, y, p, g: [torch.lerp(x, y, w) for w in (0.3, 0.7, -0.2, 1.5, 0.5, 1.0, 0.0, 2.75)] +
    [torch.lerp(x, y, p), torch.lerp(x, y, p * 3 - 1), torch.lerp(x[::3], y[::3], 0.3),
     torch.lerp(x[::3], y[::3], p[::3]), torch.lerp(x[:20, None], y[None, :20], 0.6),
     torch.lerp(x[:20, None], y[None, :20], p[:20]), inplace(lambda t: t.lerp_(y, 0.7), x),
     inplace(lambda t: t.lerp_(y, p), x), x.lerp(y, torch.tensor(0.3, dtype=x.dtype))],
    "lerp_grad": lambda x, y, p, g: grads(lambda a, b: torch.lerp(a, b, 0.3), x, y, g=g) +
    grads(lambda a, b, w: torch.lerp(a, b, w), x, y, p, g=g) +
    grads(lambda a, b: torch.lerp(a, b[:1], 0.8), x, y, g=g) +
    grad2(lambda a: torch.lerp(y, a * a, p), x) + grad2(lambda a: torch.lerp(a * a, y, 0.3), x),
    "mse": lambda x, y, p, g: sum([grads(lambda a, b: F.mse_loss(a, b, reduction=r), x, y, g=g)
                                   for r in ("mean", "sum", "none")], []) +
    grads(lambda a, b: F.mse_loss(a[::2], b[::2]), x, y) + grad2(lambda a: F.mse_loss(a, y), x) +
    [F.mse_loss(x, y, weight=p), F.mse_loss(x, y, weight=p, reduction='sum')],
    "mse_broadcast": lambda x, y, p, g: grads(lambda a, b: F.mse_loss(a.reshape(30, 20), b[:20]), x, y),
    "bce_logits": lambda x, y, p, g: sum([grads(lambda a, b: F.binary_cross_entropy_with_logits(a, b, reduction=r),
                                                x * 4, p, g=g) for r in ("mean", "sum", "none")], []) +
    grads(lambda a: F.binary_cross_entropy_with_logits(a, p[::2]), x[::2]) +
    grad2(lambda a: F.binary_cross_entropy_with_logits(a, p), x),
    "bce_logits_large": lambda x, y, p, g: bce_logits_large(x, p),
    "bce": lambda x, y, p, g: sum([grads(lambda a, b: F.binary_cross_entropy(a.sigmoid(), b.sigmoid(), reduction=r),
                                         x.nan_to_num(), y, g=g) for r in ("mean", "sum", "none")], []) +
    grads(lambda a, b: F.binary_cross_entropy(a, b, weight=p), p, p.flip(0)) +
    grads(lambda a: F.binary_cross_entropy(a[::2], p[::2], reduction='sum'), p) +
    grad2(lambda a: F.binary_cross_entropy(a.sigmoid(), p), x.nan_to_num())[:1] +
    [F.binary_cross_entropy(torch.tensor([0.0, 1.0, 0.5, 1e-30, 1 - 1e-7], dtype=x.dtype), p[:5], reduction='none')],
    "bce_logits_weights": lambda x, y, p, g: sum([grads(lambda a, b: F.binary_cross_entropy_with_logits(
        a.reshape(30, 20), b.reshape(30, 20), weight=kw.get("w"), pos_weight=kw.get("pw"), reduction=r), x * 4, p)
        for kw in ({"w": p[:20]}, {"pw": p[20:40] * 3}, {"w": p[:20], "pw": p[20:40] * 3})
        for r in ("mean", "sum")], []),
}


def inputs(dt, rng):
    special = [0.0, -0.0, np.nan, np.inf, -np.inf, 0.5, 1.0, -1.0, 2.0, -0.5]
    x = np.concatenate([special, rng.standard_normal(N - len(special))]).astype(dt)
    y = (rng.standard_normal(N) * 2).astype(dt)
    p = rng.uniform(0.01, 0.99, N).astype(dt)
    g = rng.standard_normal(N).astype(dt)
    return x, y, p, g


def main():
    out = {}
    rng = np.random.default_rng(20261207)
    for tn, dt in (("f32", np.float32), ("f64", np.float64)):
        arrays = inputs(dt, rng)
        for k, v in zip("xypg", arrays):
            out[f"{k}-{tn}"] = v
        ts = [torch.from_numpy(v.copy()) for v in arrays]
        for name, f in CASES.items():
            for i, r in enumerate(f(*ts)):
                out[f"{name}-{tn}-{i}"] = np.array(r) if isinstance(r, str) else r.detach().numpy()
    path = pathlib.Path(__file__).with_name("elementwise_scalar_torch.npz")
    np.savez_compressed(path, **out)
    print(f"wrote {path} ({len(out)} arrays)")


if __name__ == "__main__":
    main()
