import torch
x = torch.tensor([[1, 2, 1], [3, 4, 3], [1, 2, 1]])
u = torch.unique(x, dim=1)
print(u, u.shape, u.dtype)
print(torch.unique(x, dim=0))
print(torch.unique(x, dim=-1, return_counts=True))
# %%
import torch
x = torch.tensor([[3, 1], [1, 2], [3, 1], [0, 5], [1, 2], [1, 1]])
vals, inv, cnt = torch.unique(x, dim=0, return_inverse=True, return_counts=True)
print(vals, inv, cnt)
print(vals[inv].equal(x), x.unique(dim=0, sorted=False))
print(torch.unique(x, dim=0, return_inverse=True))
# %%
import torch
t = torch.tensor([[[1., 2.], [1., 2.]], [[0., 1.], [0., 1.]], [[1., 2.], [1., 2.]]])
print(torch.unique(t, dim=0), torch.unique(t, dim=1, return_counts=True), torch.unique(t, dim=2))
print(torch.unique(t, dim=0).dtype, torch.unique(t.double(), dim=2).dtype, torch.unique(t.to(torch.int8), dim=0))
b = torch.tensor([[True, False], [False, True], [True, False]])
print(torch.unique(b, dim=0, return_inverse=True))
# %%
import torch
x = torch.tensor([1, 1, 2, 2, 3, 1, 1, 2])
print(torch.unique_consecutive(x), torch.unique_consecutive(x, return_counts=True), torch.unique_consecutive(x, return_inverse=True))
print(x.unique_consecutive(return_inverse=True, return_counts=True))
# %%
import torch
x = torch.tensor([[1, 2], [1, 2], [3, 4], [1, 2], [3, 4], [3, 4]])
print(torch.unique_consecutive(x, dim=0))
print(torch.unique_consecutive(x, dim=0, return_inverse=True, return_counts=True))
print(torch.unique_consecutive(x.t(), dim=1, return_counts=True), x.unique_consecutive(dim=1))
# %%
import torch
f = torch.tensor([[1., 2], [1, 2], [0, 1]], requires_grad=True)
r = torch.unique(f, dim=0)
print(r, r.requires_grad)
print(torch.unique(torch.tensor([[1.5, float('nan')], [1.5, float('nan')]]), dim=0))
print(torch.unique(torch.empty(0, 3), dim=0), torch.unique(torch.tensor([[2.5, -1.0], [2.5, -2.0]]), dim=0))
# %%
import torch
x = torch.tensor([[1, 2, 1], [3, 4, 3]])
for fn in [lambda: torch.unique(x, dim=2), lambda: torch.unique(torch.empty(0, 3), dim=1), lambda: torch.unique(torch.tensor(5), dim=0),
           lambda: torch.unique_consecutive(x, dim=-3), lambda: torch.unique(torch.empty(2, 0), dim=0)]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
# %%
import torch
f = torch.tensor([[1., 2], [1, 2], [0, 1]], requires_grad=True)
for fn in [lambda: torch.unique(f, dim=0), lambda: torch.unique_consecutive(f), lambda: torch.unique_consecutive(f, dim=0),
           lambda: torch.unique(f, sorted=False), lambda: torch.unique(f, return_counts=True)[0], lambda: f.unique(dim=1)]:
    r = fn()
    print(r.grad_fn.name(), r.requires_grad)
    try:
        r.sum().backward()
    except Exception as e:
        print(type(e).__name__, e)
print(f.grad)
