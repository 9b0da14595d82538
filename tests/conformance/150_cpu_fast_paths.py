import torch
import torch.nn.functional as F
torch.manual_seed(0)
# integer-valued operands: every order of summation gives the same float result
x = torch.randint(-3, 4, (4, 1, 28, 28)).float()
w = torch.randint(-2, 3, (8, 1, 5, 5)).float()
b = torch.arange(8).float()
y = F.conv2d(x, w, b)
print(y.shape, y.sum().item(), y[1, 3, 10, :12])
y2 = F.conv2d(x, w, None, stride=(2, 1), padding=(1, 3), dilation=(1, 2))
print(y2.shape, y2.sum().item(), y2[3, 7, -1, -10:])
# %%
xg = torch.randint(-3, 4, (3, 4, 12, 20)).float()
wg = torch.randint(-2, 3, (6, 2, 3, 3)).float()
yg = F.conv2d(xg, wg, torch.ones(6), padding=1, groups=2)
print(yg.shape, yg.sum().item(), yg[2, 5, 4, :10])
# %%
x = torch.randint(-3, 4, (6, 3, 14, 14)).float().requires_grad_()
w = torch.randint(-2, 3, (5, 3, 3, 3)).float().requires_grad_()
b = torch.zeros(5, requires_grad=True)
y = F.conv2d(x, w, b, padding=1)
g = torch.randint(-2, 3, y.shape).float()
y.backward(g)
print(y.sum().item(), y[5, 4, 7, :8])
print(x.grad.sum().item(), x.grad[3, 2, 5, :8])
print(w.grad.sum().item(), w.grad[4, 1])
print(b.grad)
# %%
xd = torch.randint(-3, 4, (4, 2, 10, 9), dtype=torch.float64).requires_grad_()
wd = torch.randint(-2, 3, (3, 2, 2, 3), dtype=torch.float64).requires_grad_()
yd = F.conv2d(xd, wd, stride=(1, 2), dilation=2)
yd.sum().backward()
print(yd.shape, yd.sum().item(), xd.grad.sum().item(), wd.grad[2])
x1 = torch.randint(-3, 4, (5, 3, 90)).float().requires_grad_()
w1 = torch.randint(-2, 3, (4, 3, 7)).float().requires_grad_()
y1 = F.conv1d(x1, w1, padding=3)
(y1 * y1).sum().backward()
print(y1.shape, y1[4, 3, :10], x1.grad.sum().item(), w1.grad[0])
# %%
p = F.max_pool2d(torch.arange(64.).reshape(1, 1, 8, 8) % 7, 2)
print(p, F.max_pool2d(torch.arange(16.).reshape(1, 1, 4, 4), 2, return_indices=True))
# %%
a = torch.randint(-4, 5, (16, 20, 24)).float()
c = torch.randint(-4, 5, (16, 24, 12)).float()
z = a @ c
print(z.shape, z.sum().item(), z[7, 3], torch.equal(z[5], a[5] @ c[5]))
zd = a.double() @ c[0].double()
print(zd.shape, zd[15, -1])
# %%
v = torch.arange(100000) % 13 - 6.0
print(v.cumsum(0)[-5:], v.double().cumsum(0)[::20000], (v.long() * 1000003).cumsum(0)[-3:])
m = torch.arange(60.).reshape(6, 10)
print(m.cumsum(0)[-1], m.cumsum(1)[:, -1], m.t().cumsum(1)[2])
print(torch.arange(1000, dtype=torch.int32).cumsum(0)[-1], torch.arange(1000, dtype=torch.int32).cumsum(0).dtype)
# %%
h = (torch.arange(200003) % 9 - 4.0)
print(h.to(torch.bfloat16).sum(), h.to(torch.float16).sum(), h.to(torch.bfloat16)[::3].sum())
print(h.sum(), h[::2].sum(), h.double()[::3].sum(), h[7:].sum())
big = torch.full((1000,), 3e38).to(torch.bfloat16)
print(big.sum(), big[:3].sum())
