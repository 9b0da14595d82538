import torch
# A value a node saved for its backward, written in place since (through the tensor, a view
# of it, setitem, copy_, an out= op or under no_grad): backward raises PyTorch's error naming
# the tensor, the op that made it and the versions.
def attempt(f):
    try:
        f()
        print("no error")
    except RuntimeError as e:
        print(type(e).__name__, e)
def c1():
    x = torch.ones(3, requires_grad=True); y = x.sigmoid(); y.mul_(2); y.sum().backward()
def c2():
    x = torch.ones(3, requires_grad=True); w = torch.ones(3, requires_grad=True); a = x * 1; z = a * w; a.add_(1); z.sum().backward()
def c3():
    x = torch.ones(3, requires_grad=True); a = x.exp()
    with torch.no_grad():
        a.mul_(2)
    a.sum().backward()
def c4():
    x = torch.ones(3, requires_grad=True); y = x.exp(); y[0] = 5; y.sum().backward()
def c5():
    x = torch.ones(2, 3, requires_grad=True); y = x.exp(); v = y[0]; v.mul_(3); y.sum().backward()
def c6():
    x = torch.ones(3, requires_grad=True); w = torch.ones(3, requires_grad=True); z = x * w
    with torch.no_grad():
        x.add_(1)
    z.sum().backward()
def c7():
    x = torch.ones(3, requires_grad=True); y = x.exp(); y.exp_(); y.exp_(); y.sum().backward()
def c8():
    x = torch.ones(3, requires_grad=True); y = x * 1; y.exp_(); q = y.tanh(); y.add_(1); q.sum().backward()
def c9():
    x = torch.ones(3, requires_grad=True); y = x.exp(); y.copy_(torch.zeros(3)); y.sum().backward()
def c10():
    x = torch.ones(3, dtype=torch.float64, requires_grad=True); z = x * 1; q = z.pow(2)
    torch.mul(z.detach(), 2, out=z.detach()); q.sum().backward()
def c11():
    x = torch.ones(2, 2, requires_grad=True); y = x @ x; x2 = x.detach(); x2.add_(1); y.sum().backward()
def c12():
    x = torch.ones(2, 2, requires_grad=True); y = x @ x; w = torch.ones(2, 2, requires_grad=True); z = y * w; y.add_(1); z.sum().backward()
def c13():
    x = torch.tensor(2., requires_grad=True); y = x.exp(); y.add_(1); y.backward()
def c14():
    x = torch.ones(3, requires_grad=True); y = x.exp(); y.exp_(); z = y.sum(); y.add_(1); z.backward()
def c15():
    x = torch.ones(3, dtype=torch.float64, requires_grad=True); y = x.relu(); y.mul_(2); y.sum().backward()
def c16():
    x = torch.ones(3, requires_grad=True); y = x.exp()
    with torch.no_grad():
        y.zero_()
    y.sum().backward()
def c17():
    w = torch.ones(3, requires_grad=True); x = torch.ones(3, requires_grad=True); y = (w * x).tanh()
    opt = torch.optim.SGD([w, x], lr=0.1); s = (w * x).sum(); s.backward(retain_graph=True); opt.step()
    y2 = y * w; y2.sum().backward()
def c18():
    x = torch.ones(4, requires_grad=True); y = x.sqrt(); y.uniform_(); y.sum().backward()
def c19():
    x = torch.ones(2, 3, requires_grad=True); y = x.softmax(1); y.masked_fill_(y > 0.3, 0.); y.sum().backward()
def c20():
    x = torch.rand(3, 4, requires_grad=True); y = x.exp(); y.scatter_(1, torch.tensor([[0], [1], [2]]), 0.); y.sum().backward()
for c in (c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20):
    print(c.__name__, end=": ")
    attempt(c)
# %%
# torch.autograd.Function: ctx.saved_tensors checks the versions save_for_backward saw
class Sq(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = x * x
        ctx.save_for_backward(x, y)
        return y
    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        return 2 * x * g
for mode in range(3):
    x = torch.ones(3, requires_grad=True); a = x * 1
    y = Sq.apply(a)
    if mode == 0:
        a.add_(1)
    if mode == 1:
        y.add_(1)
    print(mode, end=": ")
    attempt(lambda: y.sum().backward())
    print(x.grad)
