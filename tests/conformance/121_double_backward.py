import torch
x = torch.tensor(2., requires_grad=True)
y = x ** 3
g, = torch.autograd.grad(y, x, create_graph=True)
print(g)
g.backward()
x.grad
# %%
x = torch.tensor(2., requires_grad=True)
y = x ** 3
y.backward(create_graph=True)
print(x.grad)
x.grad.requires_grad
# %%
g2, = torch.autograd.grad(x.grad, x)
g2
# %%
x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
for name in ["exp", "tanh", "sigmoid", "relu", "sin", "cos", "sqrt_abs", "log_abs", "square"]:
    if name == "sqrt_abs":
        out = x.abs().sqrt()
    elif name == "log_abs":
        out = x.abs().log()
    elif name == "square":
        out = x * x
    else:
        out = getattr(torch, name)(x)
    g, = torch.autograd.grad(out.sum(), x, create_graph=True)
    gg, = torch.autograd.grad(g.sum(), x, allow_unused=True)
    print(name, g, gg)
# %%
x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
for e in [2, 3, 0.5, -1, 2.5, -2]:
    out = (x.abs() + 1) ** e
    g, = torch.autograd.grad(out.sum(), x, create_graph=True)
    gg, = torch.autograd.grad(g.sum(), x)
    print(e, g, gg)
# %%
a = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
b = torch.tensor([[0.5, -1.], [2., 0.25]], requires_grad=True)
out = ((a @ b) ** 2).sum()
ga, gb = torch.autograd.grad(out, [a, b], create_graph=True)
print(ga, gb)
h = (ga * gb).sum()
torch.autograd.grad(h, [a, b])
# %%
a = torch.tensor([1., 2., 3., 4.], requires_grad=True, dtype=torch.float64)
for red in ["sum", "mean"]:
    out = getattr((a * a), red)() * a.mean()
    g, = torch.autograd.grad(out, a, create_graph=True)
    gg, = torch.autograd.grad(g.sum(), a)
    print(red, g, gg)
# %%
a = torch.tensor([1., 2., 3.], requires_grad=True)
b = torch.tensor([4., 5., 6.], requires_grad=True)
out = (a / b + a * b - a - b).sum()
ga, gb = torch.autograd.grad(out, [a, b], create_graph=True)
torch.autograd.grad((ga * ga + gb * gb).sum(), [a, b])
# %%
# gradient penalty: d/dx of ||dy/dx||^2
x = torch.tensor([[0.3, -0.2], [1.0, 0.5]], requires_grad=True)
w = torch.tensor([[1., -2.], [0.5, 3.]], requires_grad=True)
y = torch.tanh(x @ w).sum()
g, = torch.autograd.grad(y, x, create_graph=True)
penalty = (g ** 2).sum()
penalty.backward()
print(penalty)
print(x.grad)
w.grad
# %%
x = torch.tensor(1.5, requires_grad=True)
y = torch.sigmoid(x) * torch.exp(x)
d1, = torch.autograd.grad(y, x, create_graph=True)
d2, = torch.autograd.grad(d1, x, create_graph=True)
d3, = torch.autograd.grad(d2, x)
d1, d2, d3
# %%
x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
g, = torch.autograd.grad((x[1, ::2] ** 3).sum() + (x[:, 1] ** 2).sum(), x, create_graph=True)
print(g)
torch.autograd.grad((g ** 2).sum(), x)
# %%
x = torch.tensor([[1., 2., 4.], [3., -1., 0.5]], requires_grad=True)
for f in ["var", "std"]:
    y = getattr(x, f)(dim=1).sum() + getattr(x, f)()
    g, = torch.autograd.grad(y, x, create_graph=True)
    gg, = torch.autograd.grad((g ** 2).sum(), x)
    print(f, g, gg)
# %%
x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
y = torch.cat([x * x, x.exp()]).reshape(2, 3).t()
g, = torch.autograd.grad((y ** 2).sum(), x, create_graph=True)
torch.autograd.grad(g.sum(), x)
