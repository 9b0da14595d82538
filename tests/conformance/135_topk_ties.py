import torch
t = torch.tensor([1., 3., 3., 2., 3., 1., 2., 1.])
print(t.topk(2))
print(t.topk(3, largest=False))
print(t.topk(2, sorted=False))
print(t.topk(4, largest=False, sorted=False))
# %%
m = torch.tensor([[2, 2, 1, 2], [0, 0, 0, 0], [5, 1, 5, 5]])
print(m.topk(3, dim=0))
print(m.topk(1))
print(torch.topk(m, 2, largest=False, sorted=False))
print(m.topk(2, dim=-1, largest=True, sorted=True).indices)
# %%
t = torch.tensor([i % 7 for i in range(64)], dtype=torch.float32)
print(t.topk(10).indices, t.topk(10, largest=False).indices)
print(t.topk(10, sorted=False).indices, t.topk(10, largest=False, sorted=False).indices)
# %%
t = torch.tensor([i % 3 for i in range(300)])
print(t.topk(4).indices, t.topk(4, largest=False).indices, t.topk(5, sorted=False).indices)
print(t.double().topk(100).indices[:12], t.topk(299, largest=False).indices[-6:])
# %%
t = torch.tensor([1., float('nan'), 3., float('nan'), 3.])
print(t.topk(2), t.topk(3, largest=False), torch.topk(t, 4, sorted=False))
# %%
torch.manual_seed(0)
x = torch.randint(0, 4, (3, 40))
v, i = x.topk(7, dim=1)
print(v, i)
print(x.topk(7, dim=1, largest=False, sorted=False).indices)
print(x.half().topk(5).indices, x.to(torch.int8).topk(5, largest=False).indices)
# %%
torch.tensor([1., 2.]).topk(3)
# %%
a = torch.tensor([1., 2., 2., 0.5], requires_grad=True)
r = a.topk(2)
r.values.sum().backward()
print(r.values.grad_fn.name(), a.grad)
