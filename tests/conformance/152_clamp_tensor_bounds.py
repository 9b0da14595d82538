import torch
x = torch.tensor([1., 5., float('nan'), -2.])
def chk(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
chk(lambda: torch.clamp(x, 0., torch.tensor(2.)))
chk(lambda: x.clamp(torch.tensor(0.), torch.tensor([3., 3, 3, 3])))
chk(lambda: x.clamp(torch.tensor([2.]), torch.tensor([1.])))
chk(lambda: x.clamp(torch.tensor([float('nan')])))
chk(lambda: x.clamp(max=torch.tensor([0., 1., 2., 3.])))
chk(lambda: x.clamp(torch.ones(2, 1)))
chk(lambda: torch.clamp(x, None, torch.tensor(1.)))
chk(lambda: x.clip(torch.tensor(0.), None))
chk(lambda: x.clamp(min=torch.tensor(0.), max=None))
# %%
def chk(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
chk(lambda: torch.tensor([1, 5]).clamp(torch.tensor(2), torch.tensor(3)))
chk(lambda: torch.tensor([1, 5]).clamp(torch.tensor(2.5, dtype=torch.float64)))
chk(lambda: torch.tensor([1, 5], dtype=torch.int32).clamp(torch.tensor(2)))
chk(lambda: torch.tensor([True, False]).clamp(torch.tensor(True)))
chk(lambda: torch.tensor([1., 2.]).clamp(torch.tensor(0.)).dtype)
chk(lambda: torch.tensor([1.], dtype=torch.float16).clamp(torch.tensor(0.)).dtype)
chk(lambda: torch.tensor([1.], dtype=torch.float16).clamp(torch.tensor([0.])).dtype)
chk(lambda: torch.tensor([1, 2]).clamp(torch.tensor([1.5])))
chk(lambda: torch.tensor([1., 2.]).clamp(torch.tensor([1]), 1.5))
chk(lambda: torch.clamp(torch.tensor([1., 5.]), min=torch.tensor([2., 0., 1.])))
# %%
def chk(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
x = torch.tensor([1., 5., float('nan'), -2.])
chk(lambda: torch.tensor([1., 5.]).clamp_(torch.tensor([2., 0.]), torch.tensor([3.])))
chk(lambda: x.clone().clip_(min=torch.tensor(0.)))
chk(lambda: torch.clamp_(x.clone(), torch.tensor(0.)))
chk(lambda: torch.tensor([1, 2]).clamp_(torch.tensor([1.5])))
chk(lambda: torch.tensor([1, 2]).clamp_(torch.tensor([1])))
chk(lambda: torch.tensor([True]).clamp_(torch.tensor([1])))
chk(lambda: torch.clamp(torch.tensor([1., 4.]), min=torch.tensor([2., 0.]), out=torch.empty(2)))
# %%
a = torch.tensor([1., 2., 3.], requires_grad=True)
lo = torch.tensor([2., 2., 2.], requires_grad=True)
y = a.clamp(lo, torch.tensor(2.5))
print(y, y.grad_fn.name())
y.sum().backward()
print(a.grad, lo.grad)
b = torch.tensor([-1., 0.5, 4.], dtype=torch.float64, requires_grad=True)
hi = torch.tensor([1., 1., 1.], dtype=torch.float64, requires_grad=True)
(b.clamp(max=hi) * torch.tensor([1., 2., 3.], dtype=torch.float64)).sum().backward()
print(b.grad, hi.grad)
