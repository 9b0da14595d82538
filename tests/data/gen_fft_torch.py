"""Writes fft_torch.npz, read by tests/py/test_special_fft.py. Run with the oracle's python
(../shared/oracle/setup.sh):  $PY tests/data/gen_fft_torch.py

Real PyTorch 2.15's torch.fft results, which its x86 build computes with MKL's DFTI, for
fixed random inputs: per case 'op-<case>' (the call, on the input named x), 'in-<case>',
'out-<case>' (made contiguous) and 'stride-<case>' (the strides PyTorch gives the result).
The lengths are small or batched: MKL plans a single transform of tens of thousands of points
or more differently for each thread count (and a large real one differently again), so those
are left to the tolerance tests."""
import pathlib

import numpy as np
import torch

torch.manual_seed(20261207)
C64 = "torch.complex(torch.rand(%s), torch.rand(%s))"
C128 = "torch.complex(torch.rand(%s, dtype=torch.float64), torch.rand(%s, dtype=torch.float64))"
F32 = "torch.rand(%s)"
F64 = "torch.rand(%s, dtype=torch.float64)"
CASES = []
for n in (1, 2, 3, 5, 7, 8, 12, 16, 17, 60, 64, 97, 100, 128, 243, 256, 360, 509, 1000, 1009, 1024, 4099):
    for tag, c, f in (("f", C64, F32), ("d", C128, F64)):
        big = n >= 1000
        if big and tag == "d":
            continue
        sh = "%d, %d" % (1 if big else 2, n)
        h = "%d, %d" % (1 if big else 2, n // 2 + 1)
        CASES += [("fft-%s%d" % (tag, n), c % (sh, sh), "torch.fft.fft(x)"),
                  ("ifft-%s%d" % (tag, n), c % (sh, sh), "torch.fft.ifft(x)"),
                  ("rfft-%s%d" % (tag, n), f % sh, "torch.fft.rfft(x)"),
                  ("irfft-%s%d" % (tag, n), c % (h, h), "torch.fft.irfft(x, n=%d)" % n)]
        if not big:
            CASES += [("ortho-%s%d" % (tag, n), c % (sh, sh), "torch.fft.fft(x, norm='ortho')"),
                      ("hfft-%s%d" % (tag, n), c % (h, h), "torch.fft.hfft(x, n=%d, norm='forward')" % n),
                      ("ihfft-%s%d" % (tag, n), f % sh, "torch.fft.ihfft(x)"),
                      ("fftreal-%s%d" % (tag, n), f % sh, "torch.fft.fft(x)")]
CASES += [
    ("batch", C64 % ("16, 256", "16, 256"), "torch.fft.fft(x, dim=1)"),
    ("dim0", C64 % ("60, 12", "60, 12"), "torch.fft.fft(x, dim=0)"),
    ("middle", C128 % ("3, 40, 5", "3, 40, 5"), "torch.fft.ifft(x, dim=1, norm='forward')"),
    ("transposed", C64 % ("30, 20", "30, 20"), "torch.fft.fft(x.T, dim=1)"),
    ("stepped", C64 % ("8, 64", "8, 64"), "torch.fft.fft(x[:, ::2])"),
    ("expanded", C64 % ("1, 16", "1, 16"), "torch.fft.fft(x.expand(4, 16))"),
        ("rfft-dim0", F32 % "64, 7", "torch.fft.rfft(x, dim=0)"),
    ("irfft-dim0", C64 % ("33, 7", "33, 7"), "torch.fft.irfft(x, dim=0)"),
    ("rfft-n", F64 % "5, 100", "torch.fft.rfft(x, n=128)"),
    ("fft2", C64 % ("20, 30", "20, 30"), "torch.fft.fft2(x)"),
    ("fftn-dims", C64 % ("3, 6, 4, 10", "3, 6, 4, 10"), "torch.fft.fftn(x, dim=(1, 3))"),
    ("ifftn", C128 % ("5, 6, 7", "5, 6, 7"), "torch.fft.ifftn(x, norm='ortho')"),
    ("rfft2", F32 % "3, 20, 24", "torch.fft.rfft2(x)"),
    ("rfftn", F64 % "6, 8, 10", "torch.fft.rfftn(x)"),
    ("irfft2", C64 % ("3, 20, 13", "3, 20, 13"), "torch.fft.irfft2(x)"),
    ("irfftn", C64 % ("6, 8, 6", "6, 8, 6"), "torch.fft.irfftn(x, norm='ortho')"),
    ("fftn-real", F32 % "6, 8, 10", "torch.fft.fftn(x)"),
    ("ifft2-real", F64 % "6, 8, 10", "torch.fft.ifft2(x)"),
    ("hfft2", C64 % ("6, 8, 5", "6, 8, 5"), "torch.fft.hfft2(x)"),
    ("ihfft2", F32 % "6, 8, 10", "torch.fft.ihfft2(x)"),
    ("ihfftn", F64 % "4, 6, 9", "torch.fft.ihfftn(x, norm='ortho')"),
]
out = {}
for name, make, op in CASES:
    x = eval(make)
    y = eval(op)
    out["op-" + name] = np.array(op)
    out["in-" + name] = x.numpy()
    out["out-" + name] = y.resolve_conj().contiguous().numpy()
    out["stride-" + name] = np.array(y.stride(), dtype=np.int64)
np.savez_compressed(pathlib.Path(__file__).with_name("fft_torch.npz"), **out)
print(len(CASES), "cases")
