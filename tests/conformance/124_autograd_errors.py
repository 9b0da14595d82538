import torch
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = (x * x).sum()
y.backward()
print(x.grad)
y.backward()
# %%
y = (x * x).sum()
y.backward(retain_graph=True)
y.backward()
x.grad
# %%
(x * 2).backward()
# %%
torch.autograd.grad(x * 2, x)
# %%
torch.autograd.grad(x * 2, x, grad_outputs=torch.ones(2))
# %%
y = (x * x).sum()
u = torch.tensor([1., 2.], requires_grad=True)
torch.autograd.grad(y, u, retain_graph=True)
# %%
torch.autograd.grad(y, [x, u], retain_graph=True)
# %%
torch.autograd.grad(y, torch.tensor([1., 2.]), retain_graph=True)
# %%
torch.autograd.grad(torch.tensor([1., 2.]).sum(), x)
# %%
torch.autograd.grad([y, y], x, grad_outputs=[None])
# %%
torch.autograd.grad([y, torch.tensor(1.)], x, retain_graph=True)
# %%
torch.autograd.grad(y, x)
torch.autograd.grad(y, x)
# %%
torch.autograd.grad(3, x)
# %%
torch.autograd.grad((x * 2).sum(), [])
# %%
torch.autograd.grad((x * 2).sum(), [x], torch.tensor([2.]))
# %%
x.grad = None
torch.autograd.backward([(x * 2).sum(), (x * 3).sum()])
x.grad
# %%
torch.autograd.backward(x * 2, torch.tensor([1., 0., -1.]))
x.grad
# %%
u = torch.tensor([1., 2.], requires_grad=True)
x.grad = None
(x * u.sum()).sum().backward(inputs=[u])
print(x.grad, u.grad)
(x * u.sum()).sum().backward(inputs=x)
print(x.grad, u.grad)
# %%
(x * 2).sum().backward(inputs=[])
# %%
(x * 2).sum().backward(3)
# %%
torch.tensor(1.).backward()
