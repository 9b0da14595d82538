import torch
# %%
x = torch.tensor([[1., 2., 3.], [4., 5., 7.]])
# %%
x.std()
# %%
x.var()
# %%
x.std(0)
# %%
x.var(1, keepdim=True)
# %%
x.std(dim=1, keepdim=True)
# %%
x.var(unbiased=False)
# %%
x.std(False)
# %%
x.std(0, True, True)
# %%
x.var(correction=0)
# %%
x.var(dim=(0, 1), correction=2)
# %%
x.std(dim=[-1])
# %%
x.var(-2)
# %%
torch.std(x)
# %%
torch.var(x, 0)
# %%
torch.std(x, dim=1, unbiased=False)
# %%
x.double().std(1)
# %%
torch.tensor([1, 2, 3]).var()
# %%
torch.tensor([1.5]).std()
# %%
x.std(2)
# %%
torch.arange(12.).reshape(3, 4).var(1)
# %%
x.norm()
# %%
x.norm(1)
# %%
x.norm(p=1)
# %%
x.norm(dim=1)
# %%
x.norm(2, 1)
# %%
x.norm(p='fro')
# %%
x.norm(float('inf'))
# %%
x.norm(float('-inf'), dim=0)
# %%
x.norm(3, dim=0, keepdim=True)
# %%
x.norm(0)
# %%
torch.norm(x)
# %%
torch.norm(x, p=1, dim=0)
# %%
torch.norm(x, dim=(0, 1))
# %%
torch.tensor([1, 2]).norm()
# %%
torch.linalg.vector_norm(x)
# %%
torch.linalg.vector_norm(x, 3)
# %%
torch.linalg.vector_norm(x, ord=1, dim=-1)
# %%
torch.linalg.norm(x)
# %%
torch.linalg.norm(x, 'fro')
# %%
torch.linalg.norm(x[0])
# %%
torch.linalg.norm(x[0], 1)
# %%
torch.linalg.norm(torch.tensor([3., 4.]))
# %%
x.logsumexp(1)
# %%
x.logsumexp(0, keepdim=True)
# %%
x.logsumexp(dim=(0, 1))
# %%
torch.logsumexp(x, -1)
# %%
torch.tensor([1, 2, 3]).logsumexp(0)
# %%
torch.tensor([float('-inf'), float('-inf')]).logsumexp(0)
# %%
torch.tensor([float('inf'), 1.]).logsumexp(0)
# %%
torch.tensor([1000., 1000.]).logsumexp(0)
# %%
x.logsumexp()
# %%
x.softmax(1)
# %%
x.softmax(0)
# %%
x.softmax(-1)
# %%
x.softmax(dim=1)
# %%
torch.softmax(x, 0)
# %%
x.softmax(1, dtype=torch.float64)
# %%
x.log_softmax(1)
# %%
x.log_softmax(0)
# %%
torch.log_softmax(x, dim=-1)
# %%
torch.tensor([1, 2]).softmax(0)
# %%
torch.tensor([[1, 2]]).softmax(0)
# %%
torch.tensor([[1, 2]]).log_softmax(1)
# %%
x.softmax()
# %%
torch.tensor([1000., 0.]).softmax(0)
# %%
torch.tensor(3.).softmax(0)
# %%
x.softmax(2)
# %%
x.amax()
# %%
x.amax(0)
# %%
x.amax(1, keepdim=True)
# %%
x.amax((0, 1))
# %%
x.amin(dim=-1)
# %%
torch.amax(x, 1)
# %%
torch.amin(x, dim=(0,))
# %%
torch.tensor([[1, 5], [7, 2]]).amax(0)
# %%
x.aminmax()
# %%
x.aminmax(dim=1)
# %%
torch.aminmax(x, dim=0, keepdim=True)
# %%
mn, mx = x.aminmax()
# %%
mn, mx
# %%
x.aminmax().max
# %%
torch.tensor([[1, 5], [7, 2]]).aminmax()
# %%
y = torch.tensor([1., float('nan'), 3.])
# %%
y.nansum()
# %%
y.nanmean()
# %%
y.sum()
# %%
torch.nansum(y)
# %%
torch.nanmean(y)
# %%
z = torch.tensor([[1., float('nan')], [float('nan'), float('nan')]])
# %%
z.nansum(0)
# %%
z.nanmean(1)
# %%
z.nanmean(dim=1, keepdim=True)
# %%
torch.tensor([1, 2]).nansum()
# %%
torch.tensor([1, 2]).nanmean()
# %%
torch.tensor([[0, 1, 2], [0, 0, 3]]).count_nonzero()
# %%
torch.tensor([[0, 1, 2], [0, 0, 3]]).count_nonzero(0)
# %%
torch.tensor([[0, 1, 2], [0, 0, 3]]).count_nonzero(dim=-1)
# %%
torch.count_nonzero(torch.tensor([[0., 1.], [2., 0.]]), dim=(0, 1))
# %%
torch.tensor([True, False, True]).count_nonzero()
# %%
b = torch.tensor([[True, False], [True, True]])
# %%
b.all(0), b.any(1), b.all(dim=-1, keepdim=True)
# %%
torch.tensor([[0, 1], [2, 3]]).any(0)
# %%
torch.all(b, 1)
# %%
w = torch.tensor([[1., 2., 3.], [4., 5., 7.]], requires_grad=True)
# %%
s = w.std()
# %%
s
# %%
s.backward()
# %%
w.grad
# %%
w.grad = None
# %%
w.var(0).sum().backward()
# %%
w.grad
# %%
w.grad = None
# %%
n = w.norm()
# %%
n.backward()
# %%
n, w.grad
# %%
w.grad = None
# %%
l = w.logsumexp(1)
# %%
l.sum().backward()
# %%
l, w.grad
# %%
w.grad = None
# %%
sm = w.softmax(1)
# %%
sm
# %%
(sm[:, 0]).sum().backward()
# %%
w.grad
# %%
w.grad = None
# %%
ls = w.log_softmax(1)
# %%
ls[0, 1].backward()
# %%
ls, w.grad
# %%
w.grad = None
# %%
am = w.amax(1)
# %%
am.sum().backward()
# %%
am, w.grad
# %%
w.amin(), w.nansum(), w.nanmean(), w.var(1), w.norm(1, dim=0)
# %%
w.aminmax()
