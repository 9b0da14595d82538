import torch
a = torch.tensor([1, 2]); b = torch.tensor([3, 4])
print(torch.hstack([a, b]), torch.vstack([a, b]), torch.column_stack([a, b]), torch.dstack([a, b]).shape)
print(torch.row_stack([a, b]).shape, torch.hstack([torch.ones(2, 1), torch.zeros(2, 2)]))
print(torch.atleast_1d(torch.tensor(3.)), torch.atleast_2d(a), torch.atleast_3d(a).shape)
# %%
print(torch.broadcast_shapes((2, 1), (3,)), torch.broadcast_shapes((4, 1, 3), (5, 1)))
x, y = torch.broadcast_tensors(torch.zeros(2, 1), torch.arange(3.))
print(x, y)
print(torch.cartesian_prod(torch.tensor([1, 2]), torch.tensor([3, 4, 5])))
print(torch.tril_indices(3, 3), torch.triu_indices(2, 3, 1), torch.tril_indices(3, 4, -1))
print(torch.block_diag(torch.ones(2, 2), torch.tensor([[5, 6]]), torch.tensor(7)))
# %%
s = torch.tensor([1, 3, 5, 7, 9])
v = torch.tensor([[3, 6, 9], [3, 6, 10]])
print(torch.searchsorted(s, v), torch.searchsorted(s, v, right=True), torch.searchsorted(s, torch.tensor([0, 9]), side='right'))
print(torch.bucketize(torch.tensor([0.5, 3., 8.]), torch.tensor([1., 3., 5.])), torch.bucketize(torch.tensor([3]), torch.tensor([1, 3, 5]), right=True))
# %%
p = torch.tensor([[0., 0.], [3., 4.]]); q = torch.tensor([[1., 1.], [0., 0.], [6., 8.]])
print(torch.cdist(p, q), torch.cdist(p, q, p=1), torch.cdist(p, q, p=float('inf')))
print(torch.diff(torch.tensor([1, 4, 9, 16])), torch.diff(torch.tensor([[1., 2.], [4., 8.]]), dim=0), torch.diff(torch.tensor([1, 2, 4]), n=2))
print(torch.diff(torch.tensor([1, 2]), prepend=torch.tensor([0]), append=torch.tensor([5, 5])))
print(torch.vdot(torch.tensor([1., 2.]), torch.tensor([3., 4.])), torch.inner(torch.ones(2, 3), torch.ones(4, 3)).shape)
# %%
m = torch.tensor([[1., 2., 4.], [2., 1., 0.5]])
print(torch.std_mean(m), torch.var_mean(m, dim=1), torch.std_mean(m, 0, keepdim=True), torch.var_mean(m, unbiased=False))
print(torch.cov(m), torch.corrcoef(m), torch.cov(m[0]))
print(torch.logspace(0, 2, 3), torch.logspace(0, 1, 4, base=2), torch.logspace(-1, 1, 3, dtype=torch.float64))
# %%
print(torch.addmv(torch.ones(2), m, torch.ones(3)), torch.addr(torch.zeros(2, 2), torch.ones(2), torch.tensor([1., 2.])))
print(torch.addcmul(torch.ones(2), torch.tensor([1., 2.]), torch.tensor([3., 4.]), value=0.5), torch.addcdiv(torch.zeros(2), torch.ones(2), torch.tensor([2., 4.])))
print(torch.dist(torch.zeros(3), torch.ones(3)), torch.dist(torch.zeros(3), torch.ones(3), 1), torch.logcumsumexp(torch.tensor([0., 1., 2.]), 0))
print(torch.trapezoid(torch.tensor([1., 2., 3.])), torch.trapezoid(torch.tensor([1., 2., 3.]), torch.tensor([0., 1., 3.])), torch.cumulative_trapezoid(torch.tensor([1., 2., 3.])))
print(torch.chain_matmul(torch.eye(2), torch.ones(2, 2)), torch.linalg.multi_dot([torch.eye(2), torch.ones(2, 3)]), torch.linalg.vecdot(torch.ones(2, 3), torch.ones(2, 3)))
print(torch.unravel_index(torch.tensor([4, 7]), (2, 4)), torch.vander(torch.tensor([1, 2, 3]), N=3))
# %%
torch.broadcast_shapes((2, 3), (4,))
