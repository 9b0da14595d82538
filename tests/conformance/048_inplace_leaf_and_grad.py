import torch
x = torch.ones(3, requires_grad=True)
x.fill_(2)
# %%
x.copy_(torch.zeros(3))
# %%
x.zero_()
# %%
x.add_(1)
# %%
x.clamp_(0, 1)
# %%
x.masked_fill_(torch.tensor([True, False, True]), 5.0)
# %%
with torch.no_grad():
    x.fill_(2)
    x.copy_(torch.tensor([1.0, 2.0, 3.0]))
x
# %%
x.data = torch.zeros(3)
x
# %%
x.detach().fill_(4)
x
# %%
x.grad = torch.ones(3, dtype=torch.float64)
# %%
x.grad = torch.ones(4)
# %%
x.grad = torch.ones(3, 1)
# %%
x.grad = 5
# %%
print(x.grad)
x.grad = torch.full((3,), 7.0)
x.grad
# %%
(x * 2).sum().backward()
x.grad
# %%
x.grad = None
print(x.grad)
y = torch.ones(2, dtype=torch.int64)
y.grad = torch.ones(2, dtype=torch.int64)
y.grad
