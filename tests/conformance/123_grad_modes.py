import torch
x = torch.tensor([1., 2.], requires_grad=True)
with torch.no_grad():
    y = x * 2
    with torch.enable_grad():
        z = x * 2
print(y.requires_grad, z.requires_grad, torch.is_grad_enabled())
# %%
@torch.no_grad()
def double(t):
    return t * 2
print(double(x).requires_grad, torch.is_grad_enabled(), double.__name__)
# %%
@torch.no_grad
def triple(t):
    return t * 3
triple(x)
# %%
@torch.enable_grad()
def inner(t):
    return t * 2
with torch.no_grad():
    r = inner(x)
r.requires_grad, torch.is_grad_enabled()
# %%
torch.set_grad_enabled(False)
print(torch.is_grad_enabled(), (x * 2).requires_grad)
torch.set_grad_enabled(True)
torch.is_grad_enabled()
# %%
with torch.set_grad_enabled(False):
    print(torch.is_grad_enabled(), (x * 2).requires_grad)
torch.is_grad_enabled()
# %%
is_train = False
with torch.set_grad_enabled(is_train):
    y = x * 2
y.requires_grad
# %%
@torch.set_grad_enabled(False)
def f(t):
    return t + 1
print(torch.is_grad_enabled())
f(x).requires_grad, torch.is_grad_enabled()
# %%
torch.set_grad_enabled("yes")
# %%
with torch.inference_mode():
    y = x * 2
    print(torch.is_inference_mode_enabled(), torch.is_grad_enabled())
print(torch.is_inference_mode_enabled())
y.requires_grad
# %%
with torch.inference_mode(False):
    y = x * 2
y.requires_grad
# %%
@torch.inference_mode()
def g(t):
    return t * 5
g(x)
# %%
try:
    with torch.no_grad():
        raise ValueError("inside")
except ValueError as e:
    print("caught", e)
torch.is_grad_enabled()
# %%
x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
y.detach_()
print(y.requires_grad, y.is_leaf, y.grad_fn)
y
# %%
a = torch.tensor([3., 4.])
b = a.requires_grad_()
print(b is a, a.requires_grad, a.is_leaf)
a.requires_grad_(False)
a.requires_grad
# %%
(x * 2).requires_grad_(False)
# %%
torch.tensor([1, 2]).requires_grad_()
# %%
type(torch.no_grad()).__name__, isinstance(torch.no_grad(), torch.no_grad), torch.autograd.no_grad is torch.no_grad
# %%
from torch.autograd import Variable
t = torch.ones(2)
v = Variable(t, requires_grad=True)
print(v, v is t, v.is_leaf, t.requires_grad)
w = Variable(v * 2)
print(w, w.is_leaf, w.requires_grad)
Variable(3)
