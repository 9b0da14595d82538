import torch
# %%
x = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
# %%
torch.tensor([1, 3, 3, 2, 5]).cummax(0)
# %%
torch.tensor([1, 3, 3, 2, 0]).cummin(0)
# %%
x.cummax(1)
# %%
torch.cummin(x, dim=0)
# %%
torch.tensor([1., float('nan'), 0., 5.]).cummax(0)
# %%
x.quantile(0.5)
# %%
x.quantile(0.3, dim=1)
# %%
x.quantile(torch.tensor([0.25, 0.75]), dim=0, keepdim=True)
# %%
x.quantile(torch.tensor([0.1, 0.9]))
# %%
torch.quantile(torch.tensor([1., 2., 3., 4.]), 0.4, interpolation='lower')
# %%
torch.quantile(torch.tensor([1., 2., 3., 4.]), 0.4, interpolation='higher')
# %%
torch.quantile(torch.tensor([1., 2., 3., 4.]), 0.4, interpolation='nearest')
# %%
torch.quantile(torch.tensor([1., 2., 3., 4.]), 0.4, interpolation='midpoint')
# %%
torch.quantile(torch.tensor([1., 2., 3., 4.]), 0.4, interpolation='cubic')
# %%
torch.tensor([1, 2]).quantile(0.5)
# %%
x.quantile(1.5)
# %%
x.quantile(0.5, dim=1, keepdim=True)
# %%
torch.tensor([1., float('nan'), 3.]).quantile(0.5)
# %%
torch.tensor([1, 1, 3]).bincount()
# %%
torch.tensor([1, 1, 3]).bincount(minlength=6)
# %%
torch.bincount(torch.tensor([1, 1, 3]), torch.tensor([0.5, 1., 2.]))
# %%
torch.tensor([1, 1, 3]).bincount(torch.tensor([0.5, 1., 2.]).double())
# %%
torch.tensor([1, -1]).bincount()
# %%
torch.tensor([1.]).bincount()
# %%
torch.tensor([], dtype=torch.long).bincount()
# %%
torch.tensor([1., 2, 1]).histc(bins=4, min=0, max=3)
# %%
torch.tensor([1., 2, 1, 5]).histc(4)
# %%
torch.histc(torch.tensor([0., 1., 2., 3., 4.]), bins=5)
# %%
torch.tensor([1, 2]).histc()
# %%
torch.tensor([1., 2.]).histc(bins=3, min=2, max=1)
# %%
torch.zeros(3, 2).index_add_(0, torch.tensor([0, 2, 0]), torch.ones(3, 2))
# %%
torch.zeros(3, 2).index_add(1, torch.tensor([1, 1]), torch.ones(3, 2), alpha=3)
# %%
torch.index_add(torch.zeros(3), 0, torch.tensor([2]), torch.tensor([5.]))
# %%
torch.zeros(3).index_add_(0, torch.tensor([5]), torch.ones(1))
# %%
torch.zeros(2, 3).index_fill_(1, torch.tensor([0, 2]), -1)
# %%
torch.zeros(2, 3).index_fill(0, torch.tensor([1]), 2.5)
# %%
torch.zeros(2, 3).index_fill(0, torch.tensor([3]), 2.5)
# %%
torch.zeros(2, 3).masked_scatter_(torch.tensor([[True, False, True], [False, True, False]]), torch.arange(1., 7.).view(2, 3))
# %%
torch.zeros(2, 3).masked_scatter(torch.tensor([True, False, True]), torch.arange(1., 7.))
# %%
torch.zeros(2, 3).put_(torch.tensor([0, 5]), torch.tensor([9., 8.]))
# %%
torch.zeros(2, 3).put_(torch.tensor([1, 1]), torch.tensor([9., 8.]), accumulate=True)
# %%
torch.zeros(2, 3).put(torch.tensor([7]), torch.tensor([9.]))
# %%
y = torch.zeros(3, 2).t(); y.put_(torch.tensor([1]), torch.tensor([4.])); y
# %%
torch.rot90(torch.tensor([[1, 2], [3, 4]]))
# %%
torch.tensor([[1, 2], [3, 4]]).rot90(2)
# %%
torch.tensor([[1, 2], [3, 4]]).rot90(-1, [0, 1])
# %%
torch.tensor([[1, 2], [3, 4]]).rot90(3, [1, 0])
# %%
torch.tensor([1, 2]).rot90()
# %%
torch.tensor([[1, 2], [3, 4]]).rot90(1, [0])
# %%
torch.diag_embed(torch.tensor([1, 2]))
# %%
torch.diag_embed(torch.tensor([[1, 2], [3, 4]]), offset=1)
# %%
torch.diag_embed(torch.tensor([[1, 2], [3, 4]]), dim1=0, dim2=2)
# %%
torch.baddbmm(torch.zeros(1, 2, 2), torch.ones(1, 2, 3), torch.ones(1, 3, 2), beta=0.5, alpha=2)
# %%
torch.baddbmm(torch.ones(2, 2), torch.ones(1, 2, 3), torch.ones(1, 3, 2))
# %%
torch.range(1, 4)
# %%
torch.range(0, 1, 0.25)
# %%
torch.range(1, 4, dtype=torch.int64)
# %%
torch.range(4, 1)
# %%
torch.linalg.matrix_norm(x)
# %%
torch.linalg.matrix_norm(x, 'fro', dim=(0, 1))
# %%
torch.linalg.matrix_norm(x[0])
# %%
torch.linalg.matrix_norm(torch.ones(2, 2, 2), keepdim=True)
# %%
torch.sin_(torch.tensor([0.5]))
# %%
torch.abs_(torch.tensor([-1]))
# %%
t = torch.tensor([0.25, 4.]); torch.sqrt_(t); t
# %%
o = torch.empty(3)
# %%
torch.add(torch.tensor([1., 2., 3.]), 1, out=o)
# %%
o
# %%
torch.add(torch.tensor([1., 2., 3.]), 1, out=o) is o
# %%
o2 = torch.empty(0)
# %%
torch.exp(torch.tensor([1., 2., 3.]), out=o2)
# %%
o2
# %%
torch.add(torch.tensor([1., 2., 3.]), 1, out=torch.empty(3, dtype=torch.int64))
# %%
torch.add(torch.tensor([1., 2., 3.]), 1, out=torch.empty(3, dtype=torch.float64))
# %%
torch.cumsum(torch.tensor([1., 2., 3.]), 0, out=torch.empty(3, dtype=torch.float64))
# %%
torch.sort(torch.tensor([3., 1., 2.]), out=(torch.empty(3), torch.empty(3, dtype=torch.long)))
# %%
torch.max(torch.tensor([3., 1., 2.]), 0, out=(torch.empty(()), torch.empty((), dtype=torch.long)))
# %%
torch.eq(torch.tensor([1., 2.]), 2, out=torch.empty(2, dtype=torch.bool))
# %%
torch.eq(torch.tensor([1., 2.]), 2, out=torch.empty(2))
# %%
torch.mean(torch.tensor([1., 2., 3.]), 0, out=torch.empty(()))
# %%
torch.std(torch.tensor([1., 2., 3.]), out=torch.empty(()))
# %%
torch.softmax(torch.tensor([1., 2., 3.]), 0, out=torch.empty(3))
# %%
torch.matmul(torch.tensor([1., 2.]), torch.tensor([3., 4.]), out=torch.empty(()))
# %%
torch.abs(torch.tensor([-1., 2.]), out=torch.empty(2, 2))
# %%
torch.add(torch.tensor([1.], requires_grad=True), 1, out=torch.empty(1))
# %%
w = torch.tensor([[3., 1., 2.], [0., 5., 4.]], requires_grad=True)
# %%
cm = w.cummax(1)
# %%
cm
# %%
cm.values.sum().backward()
# %%
w.grad
# %%
w.grad = None
# %%
q = w.quantile(0.5, dim=1)
# %%
q
# %%
q.sum().backward()
# %%
w.grad
# %%
w.grad = None
# %%
b = torch.baddbmm(torch.zeros(1, 2, 2), w.unsqueeze(0), w.t().unsqueeze(0))
# %%
b
# %%
b.sum().backward()
# %%
w.grad
# %%
w.grad = None
# %%
de = torch.diag_embed(w)
# %%
de.shape, de.grad_fn is not None
# %%
de.sum().backward()
# %%
w.grad
# %%
w.rot90(), w.cummin(0)
