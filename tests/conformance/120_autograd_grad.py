import torch
x = torch.tensor([1., 2., 3.], requires_grad=True)
w = torch.tensor([[0.5, -1.0], [2.0, 0.25], [1.5, -0.5]], requires_grad=True)
y = (x @ w).pow(2).sum()
gx, gw = torch.autograd.grad(y, [x, w], retain_graph=True)
print(gx)
print(gw)
print(x.grad, w.grad)
# %%
torch.autograd.grad(y, x, retain_graph=True)
# %%
torch.autograd.grad(y, (w,), retain_graph=True)
# %%
torch.autograd.grad([y, (x * 3).sum()], x, retain_graph=True)
# %%
z = x * torch.tensor([2., -1., 0.5])
torch.autograd.grad(z, x, grad_outputs=torch.tensor([1., 10., 100.]), retain_graph=True)
# %%
torch.autograd.grad([z, z.sum()], [x], grad_outputs=[torch.ones(3), None], retain_graph=True)
# %%
u = torch.tensor([1., 2.], requires_grad=True)
torch.autograd.grad(y, [x, u], retain_graph=True, allow_unused=True)
# %%
torch.autograd.grad(y, [x, u], retain_graph=True, materialize_grads=True)
# %%
h = x.exp()
torch.autograd.grad(h.sum(), h, retain_graph=True)
# %%
torch.autograd.grad(h.sum(), [h, x])
# %%
a = torch.tensor(3., requires_grad=True, dtype=torch.float64)
b = a * a * a
g, = torch.autograd.grad(b, a)
g, g.dtype, g.requires_grad
# %%
lin = torch.nn.Linear(3, 2)
torch.manual_seed(0)
lin = torch.nn.Linear(3, 2)
out = lin(torch.tensor([[1., 2., 3.], [0.5, -1., 2.]])).sum()
grads = torch.autograd.grad(out, lin.parameters())
[t.shape for t in grads], grads[0], lin.weight.grad
# %%
p = torch.tensor([0.5, -0.25], requires_grad=True)
q = torch.autograd.grad((p * 2).sum(), p)[0]
q.requires_grad, q.is_leaf, q.grad_fn
# %%
from torch.autograd.functional import jacobian, hessian, vjp, jvp, hvp, vhp
def f(x):
    return x ** 2 * torch.sin(x)
x = torch.tensor([0.5, 1.0, 2.0])
print(jacobian(f, x))
print(hessian(lambda x: (x ** 3).sum(), x))
print(vjp(f, x, torch.ones(3)))
print(jvp(f, x, torch.ones(3)))
print(hvp(lambda x: (x ** 3).sum(), x, torch.ones(3)))
vhp(lambda x: (x ** 3).sum(), x, torch.tensor([1., 0., 2.]))
# %%
def g(a, b):
    return (a * b, a + b.sum())
print(jacobian(g, (x, torch.tensor([1., 2., 3.]))))
print(torch.autograd.functional.hessian(lambda a, b: (a * a * b).sum(), (torch.tensor([1., 2.]), torch.tensor([3., 4.]))))
jacobian(lambda m: m @ m, torch.tensor([[1., 2.], [3., 4.]]))
# %%
hessian(lambda x: x * 2, x)
# %%
jacobian(f, [x, 3])
