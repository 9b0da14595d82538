import torch
x = torch.tensor([0.3, 1.2, 2.5], dtype=torch.float64, requires_grad=True)
for name in ["erfc", "gammaln", "digamma", "i0", "i0e", "i1", "i1e", "log_ndtr", "sinc", "entr", "exp2", "erfcx"]:
    y = getattr(torch.special, name)(x)
    g, = torch.autograd.grad(y.sum(), x)
    print(name, y.grad_fn.name(), g)
# %%
import torch
p = torch.tensor([0.1, 0.5, 0.8], requires_grad=True)
for f in (torch.special.ndtri, torch.special.erfinv, torch.special.ndtr):
    y = f(p)
    y.sum().backward()
    print(y, p.grad)
    p.grad = None
# %%
import torch
x = torch.tensor([0.5, 2.0, 3.0], requires_grad=True)
y = torch.special.polygamma(2, x)
print(y)
y.sum().backward()
print(x.grad)
z = torch.special.multigammaln(x + 2, 2)
print(z)
# %%
import torch
a = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
b = torch.tensor([2.0, 3.0, 0.5], requires_grad=True)
y = torch.special.xlogy(a, b)
print(y)
y.sum().backward()
print(a.grad, b.grad)
y = torch.special.xlog1py(a, 2.0)
print(y)
# %%
import torch
x = torch.tensor([2.0, 3.0], requires_grad=True)
y = torch.special.zeta(x, 1.0)
print(y)
y.sum().backward()
