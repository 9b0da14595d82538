import torch
import torch.nn.functional as F
# F.pad in every mode: pads of one, several and all dims, zero pads, the largest reflect
# and circular pads, negative (cropping) pads, dtypes, value, and the gradient's path.
x3 = torch.arange(2 * 3 * 4 * 5.).reshape(2, 3, 4, 5)
for mode in ('constant', 'reflect', 'replicate', 'circular'):
    for p in ((1, 1), (2, 0), (0, 3), (1, 2, 3, 0), (4, 4, 3, 3), (0, 0, 0, 0), (1, 1, 1, 1, 1, 1), (5, 5, 4, 4)):
        try:
            r = F.pad(x3, p, mode=mode)
            print(mode, p, tuple(r.shape), r.flatten().tolist()[:40], r.sum().item(), r.is_contiguous())
        except Exception as e:
            print(mode, p, type(e).__name__, str(e)[:100])
for p in ((-1, 1), (1, -2, 0, 1), (2, 2, -1, -1)):
    for mode in ('constant', 'replicate', 'circular'):
        try:
            print(mode, p, F.pad(x3, p, mode=mode).flatten().tolist()[:30])
        except Exception as e:
            print(mode, p, type(e).__name__, str(e)[:100])
print(F.pad(torch.arange(6).reshape(2, 3), (1, 2), value=-7).tolist())
print(F.pad(torch.ones(2, 2, dtype=torch.bool), (1, 0, 0, 1)).tolist())
print(F.pad(torch.arange(10.).reshape(1, 2, 5), (2, 2), mode='reflect').tolist())
print(F.pad(torch.arange(10.).reshape(1, 2, 5), (3, 1), mode='circular').tolist())
print(F.pad(x3.transpose(2, 3), (1, 1, 2, 0), mode='replicate').flatten().tolist()[:40])
print(F.pad(x3, (1, 1, 1, 1), value=2.5)[0, 0].tolist())
print(F.pad(torch.arange(24.).reshape(1, 2, 3, 4), (1, 1, 1, 1, 1, 1), mode='replicate').sum().item())
for mode in ('constant', 'reflect', 'replicate', 'circular'):
    g = x3.clone().requires_grad_()
    y = F.pad(g, (1, 2, 2, 1), mode=mode)
    print(mode, y.grad_fn.name().split('::')[-1], y.sum().item())
    (y * torch.arange(y.numel(), dtype=torch.float32).reshape(y.shape)).sum().backward()
    print(g.grad.flatten().tolist()[:20])
    with torch.no_grad():
        print(torch.equal(F.pad(g, (1, 2, 2, 1), mode=mode), y))
