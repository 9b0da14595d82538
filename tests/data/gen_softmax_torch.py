"""Writes softmax_torch.npz: real PyTorch's bits for softmax, log_softmax, their gradients,
nll_loss and cross_entropy, read by tests/py/test_softmax.py. Run with the oracle's python
(../shared/oracle/setup.sh):  $PY tests/data/gen_softmax_torch.py

PyTorch's softmax sums in the layout of its vectors, whose width follows the CPU (AVX2: 32
bytes, AVX-512: 64), so the file records the width of the CPU that wrote it ('vec_bytes');
the test asks tensorkernel for that layout (TK_VEC_BYTES). The cases are written once,
between the markers below: the test runs the same text in tensorkernel. Inputs are made with
integer arithmetic and one division, so that both sides start from the same bits."""
import pathlib

import numpy as np
import torch

# --- cases ---
def softmax_cases(torch, F):
    """(key, tensor) pairs: every result the test compares."""
    out = []

    def pattern(shape, dt, mul=7919, mod=1000, div=37.0, off=13.5, seed=0):
        n = 1
        for s in shape:
            n *= s
        i = (torch.arange(n) + seed) * mul % mod
        return (i.to(dt) / div - off).reshape(shape)

    def fwd_bwd(key, x, dim, threads):
        torch.set_num_threads(threads)
        for fn in ("softmax", "log_softmax"):
            v = x.clone().requires_grad_()
            y = getattr(torch, fn)(v, dim)
            g = pattern(tuple(x.shape), x.dtype, mul=104729, mod=613, div=61.0, off=4.75, seed=3)
            y.backward(g)
            out.append((f"{fn}-{key}-t{threads}", y.detach()))
            out.append((f"{fn}grad-{key}-t{threads}", v.grad))

    for tn, dt in (("f32", torch.float32), ("f64", torch.float64)):
        # along the last dim: row lengths around the vector widths
        for cols in (1, 7, 8, 15, 16, 17, 33, 1000):
            fwd_bwd(f"{tn}-last-3x{cols}", pattern((3, cols), dt), 1, 1)
        fwd_bwd(f"{tn}-last-64x40", pattern((64, 40), dt, div=3.0, off=160.0), -1, 2)
        # rows with NaN, infinities, huge and tiny values
        x = pattern((8, 17), dt)
        x[0, 3] = float("nan")
        x[1, 16] = float("inf")
        x[2, 5] = float("-inf")
        x[3] = float("-inf")
        x[4, 0::2] = 1e30
        x[5] = x[5] * 1e-40
        x[6, :8] = -1e30
        x[7] = 0.0
        for fn in ("softmax", "log_softmax"):
            out.append((f"{fn}-{tn}-special", getattr(torch, fn)(x, 1)))
            out.append((f"{fn}-{tn}-special-d0", getattr(torch, fn)(x.t().contiguous(), 0)))
        # along another dim: outer x dim x inner
        for shape in ((2, 7, 5), (3, 5, 17), (2, 33, 16), (2, 9, 1)):
            key = f"{tn}-inner-" + "x".join(map(str, shape))
            fwd_bwd(key, pattern(shape, dt), 1, 1)
        fwd_bwd(f"{tn}-inner-5x3x4x9", pattern((5, 3, 4, 9), dt), 0, 2)
        # PyTorch's two threads split these columns mid-row (past 32768 / 256 of them)
        for threads in (1, 2) if tn == "f32" else (2,):
            torch.set_num_threads(threads)
            x = pattern((3, 256, 50), dt)
            out.append((f"softmax-{tn}-inner-3x256x50-t{threads}", torch.softmax(x, 1)))
        # a dtype to compute in
        x = pattern((4, 33), torch.float32)
        out.append((f"softmax-{tn}-dtype", torch.softmax(x, 1, dtype=dt)))
        out.append((f"log_softmax-{tn}-dtype0", torch.log_softmax(x, 0, dtype=dt)))
        # nll_loss and cross_entropy with class indices
        torch.set_num_threads(1)
        logits = pattern((37, 11), dt, div=7.0, off=70.0)
        t = (torch.arange(37) * 5 % 11).to(torch.int64)
        t[4] = -100
        t[9] = 3
        w = (torch.arange(11) % 4 + 1).to(dt) / 3
        for red in ("none", "sum", "mean"):
            for wk, wt in (("", None), ("w", w)):
                for ik, ig, tt in (("", -100, t), ("i3", 3, t.clamp(min=0))):
                    for ls in (0.0, 0.1):
                        key = f"{tn}-{red}{wk}{ik}-ls{ls}"
                        v = logits.clone().requires_grad_()
                        loss = F.cross_entropy(v, tt, weight=wt, ignore_index=ig, reduction=red,
                                               label_smoothing=ls)
                        loss.sum().backward()
                        out.append((f"ce-{key}", loss.detach()))
                        out.append((f"cegrad-{key}", v.grad))
                    v = logits.clone().requires_grad_()
                    loss = F.nll_loss(v, tt, weight=wt, ignore_index=ig, reduction=red)
                    loss.sum().backward()
                    out.append((f"nll-{tn}-{red}{wk}{ik}", loss.detach()))
                    out.append((f"nllgrad-{tn}-{red}{wk}{ik}", v.grad))
        # (N, C, d) inputs, and probabilities as targets
        v = pattern((4, 5, 3), dt, div=5.0).requires_grad_()
        t3 = (torch.arange(12) * 7 % 5).reshape(4, 3)
        loss = F.cross_entropy(v, t3)
        loss.backward()
        out.append((f"ce-{tn}-3d", loss.detach()))
        out.append((f"cegrad-{tn}-3d", v.grad))
        v = logits.clone().requires_grad_()
        p = torch.softmax(pattern((37, 11), dt, seed=5), 1)
        loss = F.cross_entropy(v, p, label_smoothing=0.2)
        loss.backward()
        out.append((f"ce-{tn}-probs", loss.detach()))
        out.append((f"cegrad-{tn}-probs", v.grad))
    # float16 and bfloat16 inputs (compared within a rounding of their type)
    for tn, dt in (("f16", torch.float16), ("bf16", torch.bfloat16)):
        x = pattern((5, 40), torch.float32).to(dt)
        for fn in ("softmax", "log_softmax"):
            out.append((f"{fn}-{tn}-last", getattr(torch, fn)(x, 1)))
            out.append((f"{fn}-{tn}-d0", getattr(torch, fn)(x, 0)))
    torch.set_num_threads(1)
    return out
# --- end cases ---


def vec_bytes():
    """The width of PyTorch's vectors on this CPU (its AVX512 capability wants F, BW, DQ, VL)."""
    flags = set(pathlib.Path("/proc/cpuinfo").read_text().split())
    return 64 if {"avx512f", "avx512bw", "avx512dq", "avx512vl"} <= flags else 32


def main():
    out = {"vec_bytes": np.array(vec_bytes())}
    for key, t in softmax_cases(torch, torch.nn.functional):
        assert key not in out, key
        out[key] = (t.float() if t.dtype in (torch.float16, torch.bfloat16) else t).numpy()
    dest = pathlib.Path(__file__).with_name("softmax_torch.npz")
    np.savez_compressed(dest, **out)
    print(dest, len(out), "arrays", sum(v.nbytes for v in out.values()), "bytes raw")


if __name__ == "__main__":
    main()
