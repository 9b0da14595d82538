import torch
torch.manual_seed(0)
a = torch.rand(3, 40)
b = torch.rand(40)
# a + alpha * b rounds once, as PyTorch's add kernel: the exact floats
print(a.add(b, alpha=0.3)[2, -6:].tolist())
print(torch.sub(a, b, alpha=1.7)[1, :5].tolist())
x = a.clone().requires_grad_()
y = b.clone().requires_grad_()
r = x.add(y, alpha=-0.7)
print(r.grad_fn.name(), r[0, :4].tolist())
(r * r).sum().backward()
print(x.grad[0, :4].tolist(), y.grad[:4].tolist())
s = torch.sub(x, y, alpha=2.5)
print(s.grad_fn.name(), s[2, 7:10].tolist())
c = a.clone()
c.add_(b, alpha=0.3)
print(torch.equal(c, a.add(b, alpha=0.3)))
d = a.double()
print(d.sub(b.double(), alpha=0.1)[0, :3].tolist())
i = torch.arange(6)
m = torch.tensor([True, False, True])
print(i.add(i, alpha=3), i.sub(2, alpha=2), m.add(m, alpha=2), m.add(True, alpha=False))
print(i.add(2.5, alpha=2), a.add(1j, alpha=2)[0, :2])
for f in (lambda: i.add(i, alpha=0.5), lambda: i.sub_(3, alpha=2.0), lambda: a.add(a, alpha=True),
          lambda: a.add(b, alpha=1j), lambda: a.sub(True, alpha=2), lambda: m.sub(m, alpha=1),
          lambda: a.add(b, alpha="x")):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
