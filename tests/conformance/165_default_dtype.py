import torch
torch.set_default_dtype(torch.float64)
print(torch.get_default_dtype())
t = torch.tensor([1.0, 2.5])
t, t.dtype, torch.tensor(3.0), torch.tensor([1, 2]).dtype
# %%
torch.zeros(2), torch.ones(2, 1).dtype, torch.empty(3).dtype, torch.full((2,), 1.5), torch.full((2,), 7).dtype
# %%
torch.manual_seed(0)
torch.rand(3), torch.randn(2), torch.arange(0., 1., 0.25), torch.arange(3).dtype, torch.linspace(0, 1, 3), torch.eye(2)
# %%
i = torch.tensor([1, 2, 3])
i / 2, i * 1.5, i.sqrt(), i.float().dtype, (i + 0.5).dtype, torch.tensor([1+2j]).dtype
# %%
f32 = torch.tensor([1.0, 2.0], dtype=torch.float32)
f32, f32 * 2.5, (f32 + torch.tensor([1.0])).dtype, f32.double()
# %%
import torch.nn as nn
torch.manual_seed(0)
lin = nn.Linear(2, 2)
lin.weight.dtype, lin(torch.tensor([[1.0, 2.0]]))
# %%
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
(x ** 2).sum().backward()
x.grad, torch.Tensor([1, 2]).dtype, torch.tensor([]).dtype
# %%
torch.set_default_dtype(torch.float32)
torch.tensor([1.0]), torch.tensor([1.0], dtype=torch.float64), torch.get_default_dtype()
# %%
try:
    torch.set_default_dtype(torch.int32)
except TypeError as e:
    print(e)
