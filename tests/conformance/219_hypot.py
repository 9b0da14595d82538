# torch.hypot as a native op: values at full precision, dtypes, broadcasting, the method and
# in-place forms, out=, the gradient and PyTorch's errors
import torch
torch.set_printoptions(precision=10)
a = torch.tensor([3.0, -5.0, 0.0, -0.0, 1e-40, 3e38, float('inf'), float('nan'), 1.0])
b = torch.tensor([4.0, 12.0, 0.0, -0.0, 2e-40, 3e38, float('nan'), float('-inf'), 1e-20])
print(torch.hypot(a, b))
print(a.hypot(b).dtype, torch.hypot(a.double(), b.double()))
# %%
x = torch.linspace(-3, 3, 37, dtype=torch.float64)
print(torch.hypot(x[:, None], x[None, ::6]))
print(torch.hypot(torch.arange(4, dtype=torch.int32), torch.tensor(2.5)))
print(torch.hypot(torch.tensor([1.5, 2.5], dtype=torch.float16), torch.tensor([2.0, 0.5], dtype=torch.float16)))
print(torch.hypot(torch.tensor([1.5, 2.5], dtype=torch.bfloat16), torch.tensor([2.0, 0.5])))
# %%
t = torch.tensor([3.0, 6.0])
t.hypot_(torch.tensor([4.0, 8.0], dtype=torch.float64))
print(t)
o = torch.empty(2, 3)
r = torch.hypot(torch.ones(2, 1), torch.arange(3.0), out=o)
print(o, r is o)
print(torch.hypot(input=torch.tensor([5.0]), other=torch.tensor([12.0])))
# %%
p = torch.tensor([3.0, 0.5, -2.0], requires_grad=True)
q = torch.tensor([[4.0], [-1.0]], requires_grad=True)
h = torch.hypot(p, q)
print(h.grad_fn.name())
(h * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
print(p.grad, q.grad)
# %%
for f in [lambda: torch.hypot(torch.tensor([3, 4]), torch.tensor([1, 2])),
          lambda: torch.hypot(torch.tensor([True]), torch.tensor([False])),
          lambda: torch.hypot(torch.tensor([1j]), torch.tensor([1.0])),
          lambda: torch.hypot(torch.tensor([1.0]), 2.0),
          lambda: torch.tensor([1.0]).hypot(2),
          lambda: torch.tensor([3]).hypot_(torch.tensor([4.0])),
          lambda: torch.ones(3).hypot_(torch.ones(2, 3)),
          lambda: torch.hypot(torch.ones(2), torch.ones(3))]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
