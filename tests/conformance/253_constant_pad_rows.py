import torch
import torch.nn.functional as F
# F.pad's constant mode writes each output row once (padding, the input's row, padding):
# every dtype with its fill value, pads of one to three dims, zero pads, 1-D, empty and
# strided inputs, and a tensor large enough for the rows to be split across threads.
x = torch.arange(2 * 3 * 4, dtype=torch.float32).reshape(2, 3, 4) - 5
for dt in (torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.int64, torch.int32,
           torch.int16, torch.int8, torch.uint8, torch.bool):
    for v in (None, 3, -1.5, True):
        try:
            r = F.pad(x.to(dt), (1, 2, 0, 1), value=v) if v is not None else F.pad(x.to(dt), (2, 1))
            print(dt, v, tuple(r.shape), r.dtype, r.flatten().tolist())
        except Exception as e:
            print(dt, v, type(e).__name__, e)
for p in ((0, 0), (3, 0), (0, 3), (1, 1, 1, 1, 1, 1), (0, 0, 2, 0), (0, 0, 0, 0, 1, 0)):
    r = F.pad(x, p, value=9)
    print(p, tuple(r.shape), r.is_contiguous(), r.flatten().tolist())
print(F.pad(torch.arange(5.), (2, 3), value=-0.0).tolist())
print(F.pad(torch.arange(5.), (1, 1), value=float('nan')).tolist())
print(F.pad(torch.arange(5.), (1, 1), value=float('-inf')).tolist())
print(F.pad(torch.empty(0, 3), (1, 1)).shape, F.pad(torch.empty(2, 0), (1, 2), value=4).tolist())
print(F.pad(torch.empty(2, 0), (0, 0, 1, 1), value=4).shape)
print(F.pad(x.transpose(1, 2), (1, 0, 0, 2), value=7).flatten().tolist())
print(F.pad(x[:, ::2, 1:], (1, 1), value=7).flatten().tolist())
# %%
for e in ((torch.zeros(2, 2, dtype=torch.uint8), 300), (torch.zeros(2, 2, dtype=torch.int8), -129)):
    try:
        print(F.pad(e[0], (1, 1), value=e[1]).tolist())
    except Exception as err:
        print(type(err).__name__, err)
print(F.pad(torch.zeros(1, 2, dtype=torch.int64), (1, 1), value=2 ** 40 + 1).tolist())
print(F.pad(torch.zeros(1, 2, dtype=torch.complex64), (1, 1), value=2).tolist())
# %%
big = torch.arange(64 * 32 * 28 * 28, dtype=torch.float32).reshape(64, 32, 28, 28) % 1000
r = F.pad(big, (1, 2, 3, 1), value=0.5)
print(r.shape, r.sum().item(), r[:, :, 3:-1, 1:-2].equal(big), (r[:, :, :3] == 0.5).all().item(),
      (r[:, :, -1:] == 0.5).all().item(), (r[..., :1] == 0.5).all().item(), (r[..., -2:] == 0.5).all().item())
r = F.pad(big, (1, 1, 1, 1))
print(r.shape, r.double().sum().item(), r[:, :, 1:-1, 1:-1].equal(big), r[:, :, 0].abs().sum().item(),
      r[..., -1].abs().sum().item())
g = big[:2].clone().requires_grad_()
y = F.pad(g, (1, 1, 1, 1))
y.sum().backward()
print(y.grad_fn.name().split('::')[-1], g.grad.sum().item())
