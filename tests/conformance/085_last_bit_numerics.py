import torch
torch.manual_seed(0)
x = torch.randn(3000) * 4
print(torch.sigmoid(x)[::97].tolist())
print(torch.sigmoid(x[:7]).tolist())
# %%
torch.manual_seed(2)
y = torch.randn(500, requires_grad=True)
t = torch.tanh(y)
t.sum().backward()
print(t[::23].tolist())
print(y.grad[::23].tolist())
# %%
torch.manual_seed(4)
y = torch.randn(40, requires_grad=True)
(torch.tanh(y) * torch.arange(40.)).sum().backward()
print(y.grad[::3].tolist())
# %%
print(torch.tanh(torch.tensor([0.5, -1.25, 3.0, 1e-3])).tolist())
