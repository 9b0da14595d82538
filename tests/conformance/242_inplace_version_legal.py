import torch
# In-place writes autograd allows (ops whose backward does not read the overwritten value,
# leaves under no_grad, .data), the gradients through the history a tensor had when an op
# read it, copy_ into a tensor with a history (CopyBackwards), and tensor._version.
def grads(name, f):
    try:
        print(name, f())
    except RuntimeError as e:
        print(name, type(e).__name__, str(e)[:120])
def g1():
    x = torch.ones(3, requires_grad=True); y = x * 2; y.add_(1); y.sum().backward(); return x.grad
def g2():
    x = torch.ones(3, requires_grad=True); y = x * 1; w = torch.ones(3, requires_grad=True); y.mul_(w); y.add_(1); y.sum().backward(); return x.grad, w.grad
def g3():
    x = torch.ones(3, requires_grad=True); y = x * 1; z = y.sigmoid(); y.add_(1); z.sum().backward(); return x.grad
def g4():
    x = torch.ones(3, requires_grad=True); w = torch.ones(3); y = x * 1; z = y * w; y.mul_(3); z.sum().backward(); return x.grad
def g5():
    x = torch.ones(3, requires_grad=True); y = x * 2; z = y.exp(); y.mul_(3); (z + y).sum().backward(); return x.grad
def g6():
    x = torch.ones(3, requires_grad=True); y = x * 1; y.copy_(x.exp()); y.sum().backward(); return x.grad, y.grad_fn.name().endswith('CopyBackwards')
def g7():
    x = torch.ones(3, requires_grad=True); y = x * 2; z = y * 3; y.copy_(torch.zeros(3)); (z + y).sum().backward(); return x.grad
def g8():
    x = torch.ones(3, requires_grad=True); y = x * 2; y.copy_(y * 3); y.sum().backward(); return x.grad
def g9():
    w = torch.ones(3, requires_grad=True); x = torch.ones(3); y = w * x; opt = torch.optim.SGD([w], lr=0.1); opt.step(); y.sum().backward(); return w.grad
def g10():
    x = torch.ones(2, 2, requires_grad=True); y = x.exp(); y.data.mul_(2); y.sum().backward(); return x.grad
def g11():
    x = torch.ones(3, requires_grad=True)
    with torch.no_grad():
        x.mul_(2); x[0] = 5; x.copy_(x + 1)
    (x * x).sum().backward(); return x.grad, x._version
def g12():
    x = torch.ones(4, requires_grad=True); y = x * 1; y[1:3] = 0; z = y * 2; z.sum().backward(); return x.grad
def g13():
    x = torch.ones(3, requires_grad=True); y = x * 1; y.exp_(); q = y.sum(); y.add_(1); return q.item()
def g14():
    x = torch.rand(3, requires_grad=True); y = x.clone(); s = y.sum(); y.zero_(); s.backward(); return x.grad
def g15():
    a = torch.ones(3, requires_grad=True); b = torch.full((3,), 2., requires_grad=True); z = a / b; z.add_(1); z.sum().backward(); return a.grad, b.grad
def g16():
    x = torch.ones(2, 3, requires_grad=True); y = x.log_softmax(1); s = y.sum(); y.mul_(2); return s.requires_grad, y._version
for name, f in list(globals().items()):
    if name.startswith("g") and name[1:].isdigit():
        grads(name, f)
# %%
t = torch.ones(3)
print(t._version)
t.add_(1); t += 1; t[0] = 2; t.copy_(torch.zeros(3)); t.fill_(1); t.zero_()
print(t._version)
v = t[1:]; v.mul_(2); print(t._version, v._version, t.view(3)._version, t.detach()._version, t.data._version)
t.detach().add_(1); print(t._version)
t.data.add_(1); print(t._version)
torch.add(torch.ones(3), 1, out=t); t.uniform_(); t.clamp_(0, 1); t.requires_grad_(); print(t._version)
print(torch.ones(2)._version, torch.rand(2)._version, t.clone()._version, (t * 2)._version, t.sum()._version)
u = torch.zeros(2, 3); u.t_(); u.unsqueeze_(0); print(u._version)
w = torch.zeros(5); w.index_add_(0, torch.tensor([1]), torch.ones(1)); w.scatter_(0, torch.tensor([0]), 1.); w.masked_fill_(w > 0, 3.); print(w._version)
