import torch
# roll (two block copies per dim), triu/tril (rows copied and zeroed), linspace (float32 and
# float64 from both ends with fused multiply-adds) against PyTorch's values and gradients.
x = torch.arange(60.).reshape(3, 4, 5)
for args in [(1,), (-7,), (61,), (0,), (2, 0), (-1, 1), ((1, 2), (0, 2)), ((3, -9), (1, -1)), (5, -1)]:
    r = x.roll(*args)
    print(args, r.flatten().tolist(), tuple(r.shape), r.is_contiguous())
print(x.transpose(0, 2).roll(2, 1).flatten().tolist())
print(torch.empty(0, 3).roll(1, 0).shape, torch.tensor(5.).roll(3), torch.arange(7).roll(3).tolist())
w = torch.arange(6., requires_grad=True)
y = w.roll(2)
print(y.grad_fn.name())
(y * torch.arange(6.)).sum().backward()
print(w.grad.tolist())
w2 = torch.arange(12., requires_grad=True)
y2 = w2.reshape(3, 4).roll((1, -1), (0, 1))
(y2 * torch.arange(12.).reshape(3, 4)).sum().backward()
print(w2.grad.tolist())
m = torch.arange(1., 31.).reshape(5, 6)
for k in (-7, -2, -1, 0, 1, 3, 6, 9):
    print(k, m.triu(k).tolist(), m.tril(k).tolist())
b = torch.arange(48).reshape(2, 4, 6)
print(b.triu(1).tolist(), torch.tril(b, -1).tolist())
print(b.transpose(1, 2).triu().tolist(), b.bool().tril().sum().item(), m.half().triu(2).sum().item())
print(torch.ones(3, 3, dtype=torch.complex64).triu(), torch.empty(0, 4).triu().shape, torch.ones(2, 0).tril().shape)
g = torch.arange(1., 13.).reshape(3, 4).requires_grad_()
tg = g.triu(1)
print(tg.grad_fn.name())
(tg * 2).sum().backward()
print(g.grad.tolist())
with torch.no_grad():
    print(g.tril().requires_grad, g.tril().grad_fn)
for dt in (torch.float32, torch.float64):
    for (a, e, n) in [(0, 1, 7), (-1, 1, 7), (0, 1, 16777216), (3.5, -2.25, 1001), (0, 1, 2), (5, 5, 9),
                      (-10, 10, 100000), (1e-3, 1e3, 65537), (2, 1, 1), (0, 1, 0)]:
        t = torch.linspace(a, e, n, dtype=dt)
        if n <= 9:
            print(dt, a, e, n, t.tolist())
        else:
            print(dt, a, e, n, t[:3].tolist(), t[n // 2 - 1:n // 2 + 2].tolist(), t[-3:].tolist(),
                  t.double().sum().item(), (t.view(torch.int32 if dt == torch.float32 else torch.int64).long() % 1000003).sum().item())
print(torch.linspace(0, 1, 5, dtype=torch.float16).tolist(), torch.linspace(0, 10, 6, dtype=torch.int64).tolist())
