"""Writes tests/data/stats_torch.npz: what real PyTorch computes for var/std, the 2-norm,
cumprod, einsum, cdist, group_norm, mse_loss and the gradients of sums through the fused
activations and the norms (run with the oracle's python: ~/.cache/tk-oracle/bin/python
gen_stats_torch.py) for tests/py/test_stats_native.py. Two threads, as the test runs: a
reduction to one value splits its elements between the threads.

Each case is an expression over named inputs; the npz holds the inputs ("in/<name>", their
list in "inputs"), PyTorch's result ("<key>/out"), and the case list ("cases", JSON, with
each error's text)."""
import json
import pathlib

import numpy as np
import torch

torch.set_num_threads(2)
OUT = pathlib.Path(__file__).resolve().parent / "stats_torch.npz"
DT = {"f32": torch.float32, "f64": torch.float64}

# the inputs, each drawn once: name -> (shape, dtype)
INPUTS = {}
# (key, expression over inputs, how the test compares: "bits", "close", "dist" (distances from
# a matrix product: near zero they are the square root of its rounding) or "error")
CASES = []


def inputs(**kw):
    INPUTS.update(kw)


def case(key, expr, cmp="bits"):
    CASES.append({"key": key, "expr": expr, "cmp": cmp})


for dt, n in (("f32", 70001), ("f64", 40001)):
    s = "_" + dt
    # a: one value split between the threads; r: rows longer than ATen's grain; m: last-dim norms
    inputs(**{"a" + s: ((n,), dt), "x" + s: ((37, 300), dt), "y" + s: ((5, 6, 7, 8), dt),
              "r" + s: ((2, 33000), dt), "c" + s: ((300, 60), dt), "z" + s: ((2, 3, 50, 7), dt)})
    a, x, y, r, c, z = ("a" + s, "x" + s, "y" + s, "r" + s, "c" + s, "z" + s)
    for e in ("%s.var()", "%s.std()", "%s.var(correction=0)", "%s.std(correction=2)", "%s.var(0)",
              "%s[:100].var()", "%s.norm()", "%s[:7].norm()", "%s[:8].norm()", "%s[:13].norm()",
              "%s[:1000].norm()"):
        case("%s/%s" % (dt, e % "a"), e % a)
    for e in ("%s.var(1)", "%s.var(0)", "%s.std(1, keepdim=True)", "%s.var((0, 1))", "%s.t().std(1)",
              "torch.std_mean(%s, 1)[0]", "%s.norm(dim=1)", "%s.norm(dim=0)", "%s.t().norm(dim=1)",
              "torch.linalg.norm(%s)", "torch.linalg.vector_norm(%s, 2, dim=1, keepdim=True)"):
        case("%s/%s" % (dt, e % "x"), e % x)
    for dims in ("1", "(1, 3)", "(1, 2)", "(2, 3)", "0", "-1", "(0, 2)"):
        case("%s/y.var(%s)" % (dt, dims), "%s.var(%s)" % (y, dims))
    case(dt + "/y.std(2, correction=0)", y + ".std(2, correction=0)")
    for e in ("%s[:1].var(1)", "%s.var(1)", "%s.norm(dim=1)", "%s.t().norm(dim=0)", "%s[0].norm()"):
        case("%s/%s" % (dt, e % "r"), e % r)
    case(dt + "/c.var(0)", c + ".var(0)")
    case(dt + "/cumprod(a)", "(%s[:3000].abs() * 0.05 + 0.98).cumprod(0)" % a)
    case(dt + "/cumprod(x.t(), 0)", "(%s.t().abs() * 0.05 + 0.98).cumprod(0)" % x)
    for e in ("%s.norm(dim=(2, 3))", "%s.norm(dim=(1, 3))", "%s.norm(dim=(1, 2))"):
        case("%s/%s" % (dt, e % "z"), e % z)

# einsum: the products go through bmm, whose rounding is the matrix product's
inputs(ex=((3, 4, 5), "f64"), ey=((3, 5, 6), "f64"), em=((4, 4), "f64"), ev=((4,), "f64"),
       eq=((2, 3, 4, 5), "f64"), ek=((2, 3, 6, 5), "f64"), es=((2, 3, 3), "f64"), et=((3, 3, 2), "f64"),
       ep=((2, 3), "f64"), ew=((4, 3, 5), "f64"), er=((2, 5), "f64"), eu=((4, 5), "f64"),
       ec=((4, 1), "f64"), exf=((3, 4, 5), "f32"), eyf=((3, 5, 6), "f32"))
for i, eq in enumerate([
        "'bij,bjk->bik', ex, ey", "'bij,bjk', ex, ey", "'ij,jk->ik', em, em", "'ij->ji', em", "'ii->i', em",
        "'ii', em", "'ij->', em", "'i,i->', ev, ev", "'i,j->ij', ev, ev", "'bi,bi->b', em, em",
        "'...ij,...jk->...ik', ex, ey", "'...ij,...jk', ex, ey", "'bhqd,bhkd->bhqk', eq, ek",
        "'b...,b...->b...', eq, eq", "'i...->...', eq", "'...ii->...i', es", "'iij->j', et",
        "'ij,jk,kl->il', em, em, em", "'i,ij,j->', ev, em, ev", "'ij,ij->i', em, em", "'ij,kj->ik', em, em",
        "'bn,anm,bm->ba', ep, ew, er", "'Ab,bC->AC', em, em", "'i,i', ev, ev", "'ij,j->i', em, ev",
        "'a...b,...b->a...', ex, eu", "'ij,i->j', ec, ev", "'...', ev", "'ij,ij->ij', em, em",
        "'bij,jk->bik', ex, ey[0]", "'i,i->i', ev, ev", "'ijk,ikl->ijl', exf, eyf", "'ij,jk->ik', [em, em]",
        "' i j , j k -> i k ', em, em", "'ij,jk->ik', em[:0], em", "'ii->', em.long()"]):
    case("einsum/%02d" % i, "torch.einsum(%s)" % eq, "close")
for i, eq in enumerate([
        "'ij,jk->ik', em", "'ij->ik', em", "'ij->ii', em", "'ij', ev", "'i...', torch.tensor(1.)",
        "'ii->i', ex[0]", "'i,i->', ev, ex[0, 0]", "'i.j', em", "'...i,...i', ex[:2, 0], ex[:, 0]", "'i$', ev",
        "'ij->j.', em", "'i,i', ev", "'...i...', em", "'..i', ev", "'ij->i$', em", "'i,i->', ev, ev.float()"]):
    case("einsum_err/%02d" % i, "torch.einsum(%s)" % eq, "error")

inputs(cp=((40, 8), "f32"), cq=((30, 8), "f32"), ca=((5, 8), "f32"), cb=((4, 8), "f32"),
       cpd=((40, 8), "f64"), cbp=((2, 1, 30, 4), "f32"), cbq=((3, 31, 4), "f32"))
for i, e in enumerate([
        "torch.cdist(cp, cq)", "torch.cdist(cp, cp)", "torch.cdist(cpd, cpd[:20])", "torch.cdist(cbp, cbq)",
        "torch.cdist(ca, cb)", "torch.cdist(ca, cb, p=1)", "torch.cdist(ca, cb, p=0)",
        "torch.cdist(ca, cb, p=float('inf'))", "torch.cdist(ca, cb, p=3)",
        "torch.cdist(ca, cb, compute_mode='use_mm_for_euclid_dist')",
        "torch.cdist(cp, cq, compute_mode='donot_use_mm_for_euclid_dist')", "torch.cdist(cp[:0], cq)"]):
    case("cdist/%02d" % i, e, "dist")
# group norm: each group's moments as a layer norm row; within rounding of PyTorch's
inputs(gx=((4, 8, 5, 5), "f32"), gw=((8,), "f32"), gb=((8,), "f32"), gy=((4, 8, 5, 5), "f64"))
for i, e in enumerate([
        "F.group_norm(gx, 4)", "F.group_norm(gx, 2, gw, gb)", "F.group_norm(gx[:, :, 0], 8, eps=0.1)",
        "(lambda t: torch.autograd.grad((F.group_norm(t, 4, gw.double(), None) * gy).sum(), t)[0])"
        "(gx.double().requires_grad_())"]):
    case("group_norm/%d" % i, e, "close")
# the gradient of a sum reaches the norm as one value expanded: one row of it read by every row
for i, e in enumerate([
        "torch.autograd.grad(F.group_norm(gx.requires_grad_(), 4).sum(), gx)[0]",
        "torch.cat([t.flatten() for t in torch.autograd.grad(F.group_norm(gx.requires_grad_(), 2,"
        " gw.requires_grad_(), gb).sum() * 3, (gx, gw))])",
        "torch.autograd.grad(F.layer_norm(gy.requires_grad_(), (5, 5)).sum(), gy)[0]"]):
    case("norm_sum_grad/%d" % i, e, "close")
for i, e in enumerate(["F.group_norm(gx, 3)", "F.group_norm(gx[0, 0, 0], 1)"]):
    case("group_norm_err/%d" % i, e, "error")

# gradients, with distances of zero (each point to itself, rounded points that coincide)
inputs(cgd=((6, 3), "f64"), cgm=((30, 3), "f64"))
for i, t in enumerate(("cgd", "cgm")):
    case("cdist_grad/%d" % i, "(lambda t: torch.autograd.grad(torch.cdist(t, t).sum(), t)[0])"
         "(%s.round().requires_grad_())" % t, "close")
for i, e in enumerate([
        "torch.cdist(ca[0], cb)", "torch.cdist(ca, cb[:, :5])", "torch.cdist(ca.long(), cb.long())",
        "torch.cdist(ca, cb, p=-1)", "torch.cdist(ca, cb, compute_mode='x')", "torch.cdist(ca, cb.double())"]):
    case("cdist_err/%02d" % i, e, "error")

# mse_loss reduced to one value: the squares summed in PyTorch's order as it sums its loss tensor
# (one value over more than 32768 elements split between the threads), and its gradients
inputs(ma_f32=((33001,), "f32"), mb_f32=((33001,), "f32"), ma_f64=((33001,), "f64"), mb_f64=((33001,), "f64"),
       mx_f32=((6, 5, 7), "f32"), my_f32=((6, 5, 7), "f32"))
for dt in ("f32", "f64"):
    ma, mb = "ma_" + dt, "mb_" + dt
    for sl in ("", "[:1]", "[:5]", "[:8]", "[:13]", "[:31]", "[:32]", "[:100]", "[:1000]", "[:4099]",
               "[:32768]", "[:32769]", "[::2]"):
        for red in ("mean", "sum"):
            case("%s/mse%s/%s" % (dt, sl, red), "F.mse_loss(%s%s, %s%s, reduction=%r)" % (ma, sl, mb, sl, red))
    for red in ("mean", "sum"):
        case("%s/mse_grad/%s" % (dt, red), "torch.stack(torch.autograd.grad(F.mse_loss(%s.requires_grad_(), "
             "%s.requires_grad_(), reduction=%r), (%s, %s)))" % (ma, mb, red, ma, mb))
case("f32/mse/3d", "F.mse_loss(mx_f32, my_f32)")
case("f32/mse/3d_t", "F.mse_loss(mx_f32.transpose(0, 2), my_f32.transpose(0, 2), reduction='sum')")
case("f32/mse/3d_grad", "torch.autograd.grad(F.mse_loss(mx_f32.requires_grad_(), my_f32) * 3, mx_f32)[0]")

# the fused activations' gradients of a sum: the expanded gradient read as one value (whole pairs
# of vectors, where PyTorch's lanes run: its scalar tail rounds differently)
inputs(act_f32=((5, 320), "f32"), act_f64=((5, 320), "f64"))
for dt in ("f32", "f64"):
    for act in ("softplus", "elu", "selu", "logsigmoid"):
        case("%s/%s_sum_grad" % (dt, act), "torch.autograd.grad(F.%s(act_%s.requires_grad_()).sum(), act_%s)[0]"
             % (act, dt, dt))
        case("%s/%s_sum3_grad" % (dt, act), "torch.autograd.grad(F.%s(act_%s.requires_grad_()).sum() * 3, act_%s)[0]"
             % (act, dt, dt))


def main():
    g = torch.Generator().manual_seed(20261207)
    data, env = {}, {"torch": torch, "F": torch.nn.functional}
    for name, (shape, dt) in INPUTS.items():
        env[name] = torch.randn(*shape, generator=g, dtype=DT[dt]) * 2 + 0.5
        data["in/" + name] = env[name].numpy()
    for c in CASES:
        try:
            r = eval(c["expr"], env)
            data[c["key"] + "/out"] = r.numpy()
            c["error"] = None
        except Exception as e:  # the error's type and text
            c["error"] = "%s: %s" % (type(e).__name__, e)
    data["cases"] = np.frombuffer(json.dumps(CASES).encode(), dtype=np.uint8)
    data["inputs"] = np.frombuffer(json.dumps(INPUTS).encode(), dtype=np.uint8)
    np.savez_compressed(OUT, **data)


if __name__ == "__main__":
    main()
