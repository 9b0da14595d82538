import torch
# %%
x = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
# %%
x.std(axis=0)
# %%
x.var(axis=1, keepdim=True)
# %%
x.amax(axis=0)
# %%
x.cumsum(axis=0)
# %%
x.logsumexp(axis=1)
# %%
x.softmax(axis=1)
# %%
x.nansum(axis=0)
# %%
x.count_nonzero(axis=0)
# %%
x.sort(axis=0).values
# %%
x.argsort(axis=0)
# %%
x.flip(axis=0)
# %%
x.median(axis=0).values
# %%
x.topk(1, axis=0).values
# %%
x.kthvalue(1, axis=0).values
# %%
x.mode(axis=0).values
# %%
x.quantile(0.5, axis=0)
# %%
x.unbind(axis=0)
# %%
x.chunk(2, axis=1)
# %%
x.gather(axis=1, index=torch.tensor([[0], [1]]))
# %%
x.index_select(axis=1, index=torch.tensor([0]))
# %%
x.cummax(axis=0).values
# %%
x.aminmax(axis=0)
# %%
x.roll(1, axis=0)
# %%
x.nanmean(axis=0)
# %%
x.split(1, axis=0)
# %%
torch.std(x, axis=1)
# %%
torch.cumsum(x, axis=1)
