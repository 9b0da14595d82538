import torch
import torch.nn.functional as F
# gather, scatter_ (values and src), one_hot and take_along_dim over dtypes and dims; negative
# indices (refused by gather/scatter, counted from the end by take_along_dim), broadcasting
g = torch.Generator().manual_seed(5)
base = torch.randint(-50, 50, (4, 5, 6), generator=g)
for dt in (torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.complex64):
    x = base.to(dt)
    for d in (0, 1, 2, -1):
        n = x.shape[d]
        idx = torch.randint(0, n, (3, 4, 5), generator=g)
        print(dt, d, x.gather(d, idx).flatten()[::7].tolist())
        t = torch.zeros(4, 5, 6, dtype=dt)
        src = (torch.arange(60).reshape(3, 4, 5) % 7).to(dt)
        print(t.scatter_(d, idx, src).sum(dim=d).flatten().tolist() if dt not in (torch.bool,) else t.scatter_(d, idx, src).int().sum().item())

xt = base.float().transpose(0, 2)
print(xt.gather(1, torch.tensor([[[0, 1], [4, 4]]])).tolist())
print(torch.zeros(3, 3).scatter_(1, torch.tensor([[0, 0, 0], [1, 2, 1]]), torch.tensor([[1., 2, 3], [4, 5, 6]])))
print(torch.zeros(3, 3).scatter_(0, torch.tensor([[2, 2]]), 7.5))
print(F.one_hot(torch.tensor([[0, 3], [2, 1]]), 5), F.one_hot(torch.tensor([1, 0, 2])))
w = base.float().requires_grad_()
o = w.gather(2, torch.tensor([[[1, 1]]]).expand(4, 5, 2)); o.sum().backward(); print(o.grad_fn.name(), w.grad.sum(2)[0])
x = torch.arange(6.).reshape(2, 3)
for f in [lambda: x.gather(1, torch.tensor([[-1]])), lambda: torch.zeros(2, 3).scatter_(1, torch.tensor([[-1]]), 1.0),
          lambda: torch.zeros(2, 3).scatter_add_(1, torch.tensor([[-1]]), torch.ones(1, 1)),
          lambda: torch.zeros(2, 3).scatter_reduce_(1, torch.tensor([[-1]]), torch.ones(1, 1), 'sum'),
          lambda: torch.zeros(2, 3).scatter(1, torch.tensor([[-1]]), torch.ones(1, 1)),
          lambda: torch.take_along_dim(x, torch.tensor([[-1]]), 1)]:
    try: print(f())
    except Exception as e: print(type(e).__name__, e)
y = torch.arange(24.).reshape(2, 3, 4)
print(torch.take_along_dim(y, torch.tensor([[[0], [3], [-1]]]), 2), torch.take_along_dim(y, torch.tensor([[[1]], [[-2]]]), 1))
print(torch.take_along_dim(y, torch.argsort(y, 2), -1).shape)
for f in [lambda: torch.take_along_dim(y, torch.tensor([5, -1, 0])), lambda: torch.take_along_dim(y, torch.tensor([[1]]), 1), lambda: torch.take_along_dim(y, torch.tensor([[[1]]]).int(), 1)]:
    try: print(f())
    except Exception as e: print(type(e).__name__, e)
