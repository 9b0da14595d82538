import torch
# %%
x = torch.tensor([[3., 1., 2., 1.], [5., 5., 0., 2.]])
# %%
i = torch.tensor([3, 1, 2, 1, 3, 3])
# %%
x.cumsum(1)
# %%
x.cumsum(0)
# %%
x.cumsum(dim=-1)
# %%
torch.cumsum(x, 1)
# %%
i.cumsum(0)
# %%
torch.tensor([True, True, False]).cumsum(0)
# %%
torch.tensor([1, 2], dtype=torch.int32).cumsum(0)
# %%
x.cumsum(1, dtype=torch.float64)
# %%
torch.cumsum(i, 0, dtype=torch.float32)
# %%
x.cumsum()
# %%
torch.tensor([1, 2]).cumsum(dim=1)
# %%
torch.tensor(3.).cumsum(0)
# %%
torch.tensor([0.1] * 10).cumsum(0)
# %%
x.cumprod(0)
# %%
x.cumprod(1)
# %%
torch.cumprod(torch.tensor([1, 2, 3, 4]), 0)
# %%
torch.tensor([1., 2.]).half().cumsum(0)
# %%
c = x.clone(); c.cumsum_(1); c
# %%
x.sort()
# %%
x.sort(0, descending=True)
# %%
x.sort(dim=1, descending=True)
# %%
torch.sort(i)
# %%
i.sort(stable=True)
# %%
torch.sort(x, 0)
# %%
torch.tensor([float('nan'), 1., 3.]).sort()
# %%
torch.tensor([float('nan'), 1., 3.]).sort(descending=True)
# %%
torch.tensor([True, False, True]).sort()
# %%
torch.tensor(3.).sort()
# %%
vals, idx = x.sort()
# %%
vals, idx
# %%
x.sort().indices
# %%
x.argsort()
# %%
x.argsort(dim=0, descending=True)
# %%
torch.argsort(i, descending=True)
# %%
x.msort()
# %%
torch.msort(i)
# %%
x.topk(2, dim=0, largest=False)
# %%
torch.tensor([[4., 1., 7.], [2., 9., 3.]]).topk(2)
# %%
torch.topk(torch.tensor([5, 1, 8, 3]), 3)
# %%
torch.tensor([5, 1, 8, 3]).topk(2, largest=False)
# %%
torch.tensor([5, 1, 8, 3]).topk(k=1)
# %%
x.topk(5)
# %%
x.topk(0)
# %%
x.kthvalue(2)
# %%
x.kthvalue(1, 0, True)
# %%
torch.kthvalue(i, 4)
# %%
x.kthvalue(5)
# %%
torch.tensor([1, 2, 3]).kthvalue(0)
# %%
x.median()
# %%
x.median(1)
# %%
x.median(dim=0, keepdim=True)
# %%
i.median()
# %%
i.median(0)
# %%
torch.median(torch.tensor([1., 2., 3., 4.]))
# %%
torch.tensor([float('nan'), 1., 3.]).median()
# %%
torch.tensor([[1., float('nan'), 2.], [3., 1., 2.]]).median(1)
# %%
torch.tensor([]).median()
# %%
x.mode()
# %%
x.mode(0)
# %%
i.mode()
# %%
torch.mode(torch.tensor([1, 2, 2, 1]))
# %%
torch.tensor([[1, 1, 2], [3, 4, 4]]).mode(1, keepdim=True)
# %%
torch.tensor([1, 2]).mode(1)
# %%
i.unique()
# %%
torch.unique(i, return_inverse=True)
# %%
torch.unique(i, return_counts=True)
# %%
i.unique(sorted=True, return_inverse=True, return_counts=True)
# %%
torch.unique(torch.tensor([3, 1, 3]), sorted=False)
# %%
torch.tensor([1.5, 1.5, -2.]).unique(return_counts=True)
# %%
torch.tensor([[2, 1], [1, 3]]).unique(return_inverse=True)
# %%
torch.tensor([True, False, True]).unique()
# %%
i.unique_consecutive()
# %%
torch.unique_consecutive(torch.tensor([1, 1, 2, 2, 3, 1, 1]), return_counts=True)
# %%
torch.tensor([1, 1, 2]).unique_consecutive(return_inverse=True)
# %%
w = torch.tensor([[3., 1., 2., 4.], [5., 6., 0., 2.]], requires_grad=True)
# %%
y = w.cumsum(1)
# %%
y
# %%
(y * torch.tensor([1., 2., 3., 4.])).sum().backward()
# %%
w.grad
# %%
w.grad = None
# %%
y = w.cumprod(1)
# %%
y
# %%
y.sum().backward()
# %%
w.grad
# %%
w.grad = None
# %%
v, ix = w.sort(1, descending=True)
# %%
v
# %%
(v * torch.tensor([1., 2., 3., 4.])).sum().backward()
# %%
w.grad
# %%
w.grad = None
# %%
t = w.topk(2)
# %%
t
# %%
t.values.sum().backward()
# %%
w.grad
# %%
w.grad = None
# %%
k = w.kthvalue(2, 1)
# %%
k
# %%
k.values.sum().backward()
# %%
w.grad
# %%
w.grad = None
# %%
m = w.median()
# %%
m
# %%
m.backward()
# %%
w.grad
# %%
w.grad = None
# %%
md = w.median(0)
# %%
md
# %%
md.values.sum().backward()
# %%
w.grad
# %%
w.mode(), w.msort(), w.unique()
