import torch
# %%
src = torch.tensor([1., 2., 3., 4., 5., 6.])
# %%
idx = torch.tensor([0, 1, 0, 1, 2, 1])
# %%
inp = torch.tensor([1., 2., 3., 4.])
# %%
inp.scatter_reduce(0, idx, src, reduce='sum')
# %%
inp.scatter_reduce(0, idx, src, reduce='amax')
# %%
inp.scatter_reduce(0, idx, src, reduce='amax', include_self=False)
# %%
inp.scatter_reduce(0, idx, src, reduce='mean')
# %%
inp.scatter_reduce(0, idx, src, reduce='mean', include_self=False)
# %%
inp.scatter_reduce(0, idx, src, reduce='prod')
# %%
inp.scatter_reduce(0, idx, src, reduce='amin', include_self=False)
# %%
inp.scatter_reduce(0, idx, src, reduce='foo')
# %%
torch.tensor([1, 2, 3, 4]).scatter_reduce(0, idx, torch.tensor([1, 2, 3, 4, 5, 6]), reduce='mean')
# %%
torch.scatter_reduce(inp, 0, idx, src, 'sum')
# %%
c = inp.clone(); c.scatter_reduce_(0, idx, src, 'amax'); c
# %%
torch.zeros(2, 3).scatter_reduce(1, torch.tensor([[0, 0], [2, 1]]), torch.tensor([[1., 2.], [3., 4.]]), 'sum', include_self=False)
# %%
inp
