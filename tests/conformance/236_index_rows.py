import numpy as np
import torch
import torch.nn.functional as F
# indexing by one index tensor (x[idx], x[:, idx], index_select, embedding, NumPy's a[ix]):
# values over dtypes and dims, int32 and negative indices, a result split over threads, and
# PyTorch's and NumPy's errors for an index out of range
def show(f):
    try:
        r = f()
        print(r.tolist() if hasattr(r, 'tolist') else r)
    except Exception as e:
        print('%s: %s' % (type(e).__name__, e))

g = torch.Generator().manual_seed(7)
base = torch.randint(-100, 100, (3, 5, 4), generator=g)
for dt in (torch.bool, torch.uint8, torch.int16, torch.int32, torch.int64, torch.float16, torch.float32, torch.float64):
    x = base.to(dt)
    i = torch.tensor([[4, -1], [0, -5]])
    print(dt, x[i % 3 - 1].flatten()[::5].tolist(), x[:, i].flatten()[::5].tolist(), x[:, :, i.to(torch.int32) % 4].flatten()[::7].tolist())
    print(x.index_select(1, torch.tensor([3, 0, 3], dtype=torch.int32)).flatten()[::4].tolist())
big = torch.arange(200000.).reshape(100000, 2)
ix = (torch.arange(300000) * 7919) % 200000 - 100000
r = big[ix]
print(r.shape, r[::29999].tolist(), big[:, 0][ix][-3:].tolist())
x = torch.arange(12.).reshape(3, 4)
for f in [lambda: x[:, torch.tensor([5])], lambda: x[torch.tensor([[0, 1], [3, -4]])],
          lambda: x[:, torch.tensor([-5], dtype=torch.int32)], lambda: torch.zeros(0, 3)[torch.tensor([0])],
          lambda: torch.zeros(2, 0)[:, torch.tensor([], dtype=torch.int64)].shape]:
    show(f)
for shape in ((5,), (3, 4), (3, 4, 5), (2, 3, 4, 5)):
    y = torch.rand(*shape)
    for d in range(len(shape)):
        for bad in (shape[d], -1):
            print(shape, d, bad, end=': ')
            show(lambda: y.index_select(d, torch.tensor([0, bad, 1])).shape)
show(lambda: x.index_select(1, torch.tensor([1, 5, -1])))
show(lambda: x.index_select(1, torch.tensor([1, -1, 5])))
show(lambda: x.t().index_select(1, torch.tensor([3])))
show(lambda: torch.tensor(3.).index_select(0, torch.tensor([0, 0])))
show(lambda: torch.tensor(3.).index_select(0, torch.tensor(0)))
show(lambda: torch.tensor(3.).index_select(0, torch.tensor([1])))
w = (torch.arange(40.).reshape(10, 4) / 7).requires_grad_()
i = torch.tensor([[1, 3, 3, 9], [0, 3, 1, 1]])
gr = torch.arange(32.).reshape(2, 4, 4) / 3 + 0.1
o = F.embedding(i, w); o.backward(gr)
print(o.grad_fn.name(), o.shape, [v.hex() for v in w.grad.flatten().tolist()])
w.grad = None
o = F.embedding(i.to(torch.int32), w, padding_idx=3); o.backward(gr); print(o.grad_fn.name(), w.grad.sum(1).tolist())
print(F.embedding(torch.tensor(2), w).shape, F.embedding(torch.tensor([], dtype=torch.int64), w).shape)
for f in [lambda: F.embedding(torch.tensor([[1, 10]]), w), lambda: F.embedding(torch.tensor([-1]), w),
          lambda: torch.nn.Embedding(10, 3)(torch.tensor([[1, 10]])), lambda: F.embedding(torch.tensor([1.]), w),
          lambda: F.embedding(torch.tensor([True]), w), lambda: F.embedding(torch.tensor([1], dtype=torch.int16), w),
          lambda: F.embedding(torch.tensor([1]), torch.rand(10)),
          lambda: F.one_hot(torch.tensor([0, 4, 1]), 4), lambda: F.one_hot(torch.tensor([0, -1, 9]), 4),
          lambda: F.one_hot(torch.tensor([0, -1, 1]))]:
    show(f)
y = w[:, torch.tensor([[1, -1], [0, 0]])]; w.grad = None; y.backward(torch.ones(10, 2, 2))
print(y.grad_fn.name(), y.shape, w.grad[0].tolist())
a = np.arange(12.).reshape(3, 4)
print(a[np.array([2, -3, -1])].tolist(), a[:, np.array([[0, -1], [3, 2]], dtype=np.int32)].tolist(), a.ravel()[np.array([0, 11, -12])].tolist())
for f in [lambda: a[None, :, [5]], lambda: a[[0, 9], [9, 0]], lambda: a[[0, 1], [9, 0]], lambda: a[[3]],
          lambda: a[np.array([-4])], lambda: a[..., [4]], lambda: a[[1], None, [7]], lambda: a[7], lambda: a[1, 9],
          lambda: a[np.array(7)], lambda: a[[1, 2], 9], lambda: a[9, [1, 2]], lambda: a.ravel()[np.array([0, 12])]]:
    show(f)
# the gradient of a .sum() or .mean() (one value broadcast) added row by row
w = (torch.arange(40., dtype=torch.float64).reshape(10, 4) / 7).requires_grad_()
i = torch.tensor([[1, 3, 3, 9], [0, 3, 1, 1]])
for red in (lambda o: o.sum(), lambda o: (o * 0.3).sum(), lambda o: o.mean()):
    for take in (lambda: F.embedding(i, w), lambda: w[:, torch.tensor([1, 1, -1])],
                 lambda: w[torch.tensor([1, 1, -1]), torch.tensor([0, 0, 2])],
                 lambda: w[:, torch.tensor([1, 1, -1])].expand(2, 10, 3)):
        w.grad = None
        red(take()).backward()
        print([v.hex() for v in w.grad.flatten().tolist()][:12])
# gather and scatter check each index as they walk: the elements before a bad one are written
for f in (lambda z: z.scatter_(1, torch.tensor([[0, 1], [5, 2]]), torch.ones(2, 2) * 7),
          lambda z: z.scatter_(1, torch.tensor([[0, 1], [5, 2]]), 7.),
          lambda z: z.scatter_add_(1, torch.tensor([[0, 1], [5, 2]]), torch.ones(2, 2) * 7),
          lambda z: z.scatter_(0, torch.tensor([[0, 1, 2]]), torch.ones(1, 3))):
    z = torch.zeros(2, 3)
    show(lambda: f(z))
    print(z.tolist())
z = torch.zeros(200, 300)
show(lambda: z.scatter_(1, torch.tensor([[0, 1]] * 150 + [[500, 2]] + [[0, 1]] * 49), 7.).sum())
print(z.sum().item())
show(lambda: torch.gather(torch.arange(12.).reshape(3, 4), 1, torch.tensor([[0, 3], [4, 1], [-1, 0]])))
for idx in (torch.tensor([0]), torch.tensor([0, 0]), torch.tensor(0), torch.tensor([1]), torch.tensor([], dtype=torch.int64)):
    show(lambda: torch.gather(torch.tensor(5.), 0, idx))
w = torch.tensor(5., requires_grad=True)
o = torch.gather(w, 0, torch.tensor([0, 0])); o.sum().backward(); print(o.grad_fn.name(), w.grad)
