import torch
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 2
print(x.is_leaf, y.is_leaf, x.retains_grad, y.retains_grad)
y.retain_grad()
print(y.retains_grad)
z = (y ** 2).sum()
z.backward()
print(x.grad, y.grad)
# %%
x.retain_grad()
x.retains_grad
# %%
n = torch.tensor([1., 2.])
n.retain_grad()
# %%
n.register_hook(lambda g: g)
# %%
x = torch.tensor([1., 2., 3.], requires_grad=True)
seen = []
def show(g):
    seen.append(g.clone())
    print("grad of y:", g)
y = x * 2
handle = y.register_hook(show)
y.sum().backward()
print(x.grad, len(seen))
type(handle).__name__
# %%
x.grad = None
y = x * 2
h1 = y.register_hook(lambda g: g * 10)
h2 = x.register_hook(lambda g: g + 1)
y.retain_grad()
(y * y).sum().backward()
print(x.grad)
y.grad
# %%
x.grad = None
h2.remove()
h2.remove()
y = x * 2
y.register_hook(lambda g: None)
y.register_hook(lambda g: g * -1)
(y * 3).sum().backward()
x.grad
# %%
a = torch.tensor([1., 2.], requires_grad=True)
order = []
b = a.exp()
b.register_hook(lambda g: order.append("first"))
b.register_hook(lambda g: order.append("second"))
torch.autograd.grad(b.sum(), a)
order
# %%
a = torch.tensor([1., 2.], requires_grad=True)
b = a * 3
b.register_hook(lambda g: g * 2)
torch.autograd.grad(b.sum(), a)
# %%
a = torch.tensor([1., 2.], requires_grad=True)
a.register_hook(lambda g: g * 0.5)
torch.autograd.grad((a * a).sum(), a)
# %%
a = torch.tensor([1., 2.], requires_grad=True)
b = a * 3
def bad(g):
    raise ValueError("hook failed")
b.register_hook(bad)
b.sum().backward()
# %%
print(a.grad)
c = a * 3
c.register_hook(lambda g: torch.ones(5))
c.sum().backward()
# %%
w = torch.nn.Linear(2, 1)
cnt = []
for p in w.parameters():
    p.register_hook(lambda g: cnt.append(tuple(g.shape)))
w(torch.ones(4, 2)).sum().backward()
sorted(cnt)
