# gelu with the tanh approximation: values in both float types and float16, its node, gradients
# (contiguous, strided, through the scalar tail), double backward, nn.GELU, special values, errors
import torch, torch.nn as nn, torch.nn.functional as F
torch.set_printoptions(precision=6)
x = torch.tensor([-6.0, -3.0, -1.5, -0.5, -0.0, 0.0, 0.25, 1.0, 2.5, 8.0])
print(F.gelu(x, approximate='tanh'))
print(F.gelu(x.double(), approximate='tanh'))
print(F.gelu(x.half(), approximate='tanh'))
# %%
xx = x.clone().requires_grad_()
y = F.gelu(xx, approximate='tanh')
print(y.grad_fn.name(), F.gelu(xx).grad_fn.name())
y.backward(torch.linspace(-1, 2, 10))
print(xx.grad)
# %%
w = torch.linspace(-4, 4, 37, dtype=torch.float64).requires_grad_()
F.gelu(w[::2], approximate='tanh').sum().backward()
print(w.grad[:8])
v = torch.linspace(-4, 4, 37).requires_grad_()
F.gelu(v, approximate='tanh').backward(torch.ones(37))
print(v.grad[-5:])
# %%
xd = torch.tensor([-2.0, -0.5, 0.0, 0.7, 1.5], dtype=torch.float64, requires_grad=True)
g, = torch.autograd.grad(F.gelu(xd, approximate='tanh').sum(), xd, create_graph=True)
print(g)
g2, = torch.autograd.grad(g.sum(), xd)
print(g2)
# %%
m = nn.GELU(approximate='tanh')
print(m, m(x[:3]))
z = x.clone()
print(F.gelu(z.view(2, 5).t(), approximate='tanh'))
# %%
print(F.gelu(torch.tensor([1.0, float('nan'), float('inf'), -float('inf'), 1e-30, -1e30]), approximate='tanh'))
# %%
F.gelu(x, approximate='foo')
# %%
F.gelu(torch.arange(3), approximate='tanh')
