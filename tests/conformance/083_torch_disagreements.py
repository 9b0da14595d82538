import torch
print(torch.__version__.split('+')[0])
# %%
print(torch.tensor([-0.0]).abs(), torch.tensor([-0.0, 1.0, -2.0]).abs())
print(torch.tensor([-0.0], dtype=torch.float64).abs(), torch.tensor([-0.0]).half().abs())
x = torch.tensor([-0.0, -1.0])
x.abs_()
print(x, torch.abs(torch.tensor(-0.0)), torch.tensor([0, -3]).abs())
# %%
print(torch.linspace(-1, 1, 7))
print(torch.linspace(-1, 1, 7).tolist())
print(torch.linspace(-1, 1, 8).tolist())
print(torch.linspace(-1, 1, 100)[::7].tolist())
print(torch.linspace(-3.3, 7.1, 77, dtype=torch.float64)[::5].tolist())
print(torch.linspace(5, -5, 64)[::9].tolist())
print(torch.linspace(0, 10, 4, dtype=torch.int64))
# %%
print(torch.tensor([True, False]).clamp(0, 1))
print(torch.tensor([1, 5, 9]).clamp(2, 6))
print(torch.tensor([1, 5, 9]).clamp(2.5, 6))
print(torch.tensor([1, 2]).clamp(2.0, 6))
print(torch.tensor([1., 5, 9]).clamp(min=2))
print(torch.tensor([True, False]).clamp(min=0.5))
print(torch.tensor([1., 2.]).half().clamp(2.5, 6))
print(torch.tensor([1, 2], dtype=torch.int32).clamp(0, 1))
print(torch.clamp(torch.tensor([1, 2]), 0.5, 1.5))
# %%
x = torch.tensor([1, 5, 9])
x.clamp_(2.5, 6)
# %%
torch.tensor([True, False]).clamp_(0, 1)
# %%
torch.tensor([True, False]).clamp(min=True)
# %%
t = torch.tensor([1., 2.])
t.mul_(t[0])
# %%
t = torch.tensor([1.])
t.expand(2, 2).add_(1)
# %%
t = torch.ones(3)
t.add_(t)
t += t
print(t)
# %%
t = torch.ones(4)
t[1:].add_(t[:3])
# %%
t = torch.ones(4)
t[2:].add_(t[:2])
print(t)
# %%
t = torch.ones(3)
t.expand(2, 3).neg_()
# %%
t = torch.ones(1)
t.expand(3).mul_(2.0)
# %%
torch.tensor([1, 2]) - True
# %%
torch.tensor([True, False]) - torch.tensor([True, True])
# %%
torch.tensor([True]) - 1
# %%
1 - torch.tensor([True])
# %%
x = torch.tensor([1, 2])
x -= True
# %%
print(torch.tensor([True]) + True, torch.tensor([1, 2]) - 1)
# %%
torch.tensor(5).size(-1)
# %%
torch.tensor(5).size(0)
# %%
torch.tensor(5).stride(0)
# %%
print(torch.tensor(5).size(), torch.tensor(5).dim(), torch.tensor(5)[None], torch.tensor(5)[...])
# %%
torch.tensor(5)[0]
# %%
torch.tensor(5)[0:1]
# %%
t = torch.tensor(5)
t[0] = 1
# %%
torch.tensor([1], requires_grad=True)
# %%
torch.ones(2, dtype=torch.int64, requires_grad=True)
# %%
torch.tensor([1, 2]).requires_grad_()
# %%
y = torch.tensor([1])
y.requires_grad = True
# %%
torch.ones(2, 3) @ torch.ones(3, 2, dtype=torch.int64)
# %%
torch.ones(2, 3) @ torch.ones(2, 2, dtype=torch.int64)
# %%
torch.ones(2, 3, dtype=torch.float64) @ torch.ones(3)
# %%
torch.ones(2, 3) @ torch.ones(2)
# %%
torch.ones(3) @ torch.ones(4)
# %%
torch.ones(3) @ torch.ones(4, dtype=torch.int64)
# %%
torch.ones(3) @ torch.ones(2, 2)
# %%
torch.ones(3, dtype=torch.int64) @ torch.ones(3, 2)
# %%
torch.ones(2, 2, 3) @ torch.ones(2, 2, 2)
# %%
torch.ones(2, 2, 3) @ torch.ones(2, 3, 2, dtype=torch.float64)
# %%
torch.ones(4, 2, 3) @ torch.ones(2, 2)
# %%
torch.ones(2, 2, 3) @ torch.ones(2)
# %%
torch.mm(torch.ones(2, 3), torch.ones(2, 3))
# %%
print((torch.tensor([1e8]) // -3).tolist(), torch.tensor([1e8]) // -3)
print((torch.tensor([7.5, -7.5, 1e8, -1e8]) // torch.tensor([-3., 2., 7., 3.])).tolist())
print((torch.tensor([7.5, -7.5, 1e8, -1e8]) % torch.tensor([-3., 2., 7., 3.])).tolist())
print((torch.tensor([1e8], dtype=torch.float64) // -3).tolist(), (torch.tensor([5.5]) % -2).tolist())
x = torch.tensor([1e8, 7.0])
x //= -3
print(x.tolist())
# %%
torch.cat([torch.tensor(1), torch.tensor(2)])
# %%
torch.cat([torch.tensor([1]), torch.tensor(2)])
# %%
torch.tensor([[1, 2]]).mean(dim=1)
# %%
torch.tensor([[1, 2]]).mean(dim=5)
# %%
torch.tensor([1, 2]).mean(dim=1)
# %%
r = torch.tensor([[1, 5], [3, 4]]).max(dim=1)
print(len(r), r[0], r[-1])
v, i = r
print(v, i, r.values, r.indices)
print(r * 2)
print(r + (1,))
print(tuple(r))
# %%
r = torch.tensor([[1., 5], [3, 4]]).min(1)
print(list(r), 2 * r)
# %%
x = torch.arange(4.)
x[1:].copy_(x[:-1])
# %%
torch.ones(1).expand(3).copy_(torch.ones(3))
# %%
y = torch.arange(4.)
y[1:] = y[:-1]
# %%
print(torch.ones(1).expand(3).fill_(2), torch.ones(1).expand(3).zero_())
z = torch.ones(1).expand(3)
z[0] = 5
print(z)
# %%
torch.ones(1).expand(3).clamp_(0, 1)
# %%
torch.ones(1).expand(3).abs_()
# %%
w = torch.arange(4.)
w[1:].mul_(w[:-1])
