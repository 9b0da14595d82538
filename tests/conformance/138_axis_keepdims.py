import torch
x = torch.arange(24.).reshape(2, 3, 4) - 5
print(x.sum(axis=1), torch.sum(x, axis=-1, keepdims=True).shape)
print(x.mean(axis=(0, 2)), x.mean(dim=[-1, 0], keepdims=True).shape)
print(x.amax(axis=-2, keepdims=True), torch.amin(x, axis=0))
print(x.std(axis=1), x.var(axis=-1, keepdims=True).shape, torch.logsumexp(x, axis=2))
print(x.max(axis=1), torch.min(x, axis=-1, keepdims=True).values.shape)
print(x.argmax(axis=2), x.any(axis=0), (x > 0).all(axis=-1, keepdims=True).shape)
print(x.prod(axis=0), torch.nansum(x, axis=1), torch.nanmean(x, axis=-1, keepdims=True).shape)
print(torch.count_nonzero(x, axis=1), x.median(axis=1).values, x.cumsum(axis=0)[1], x.softmax(axis=0)[0, 0])
# %%
y = torch.zeros(1, 3, 1, 2)
print(y.squeeze((0, 2)).shape, y.squeeze([-2]).shape, y.squeeze(axis=0).shape, y.unsqueeze(axis=-1).shape)
print(y.squeeze((1, 2)).shape, torch.squeeze(y, (0, -2)).shape)
# %%
b = torch.tensor([[0., 2.], [3., 0.]])
print(b.any(dim=()), b.all(dim=()), torch.tensor([[1, 0]], dtype=torch.uint8).any(dim=()))
# %%
x.sum(axis=3)
