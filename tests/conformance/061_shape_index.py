import torch
# %%
x = torch.arange(12).reshape(3, 4)
# %%
x.chunk(2)
# %%
x.chunk(3, dim=1)
# %%
x.chunk(5, 1)
# %%
torch.chunk(x, 2, -1)
# %%
torch.arange(5).chunk(3)
# %%
torch.arange(6).chunk(4)
# %%
x.chunk(0)
# %%
x.split(2)
# %%
x.split(3, dim=1)
# %%
x.split([1, 3], 1)
# %%
x.split([1, 1], 0)
# %%
torch.split(x, 2, dim=-1)
# %%
torch.arange(7).tensor_split(3)
# %%
torch.arange(7).tensor_split([1, 5])
# %%
x.tensor_split(2, dim=1)
# %%
torch.tensor_split(x, (1,), 1)
# %%
x.unbind()
# %%
x.unbind(1)
# %%
torch.unbind(x, dim=-1)
# %%
x.narrow(0, 1, 2)
# %%
x.narrow(1, -2, 2)
# %%
torch.narrow(x, 1, 0, 1)
# %%
x.narrow(0, 2, 2)
# %%
x.flip(0)
# %%
x.flip([0, 1])
# %%
x.flip(-1)
# %%
torch.flip(x, dims=(1,))
# %%
torch.flip(x, [0, 0])
# %%
x.fliplr()
# %%
x.flipud()
# %%
torch.fliplr(torch.arange(3))
# %%
x.roll(1)
# %%
x.roll(1, 0)
# %%
x.roll(-1, dims=1)
# %%
x.roll((1, 2), (0, 1))
# %%
torch.roll(torch.arange(5), 2)
# %%
x.roll((1, 2), 0)
# %%
m = torch.arange(1., 17.).reshape(4, 4)
# %%
m.tril()
# %%
m.triu()
# %%
m.tril(-1)
# %%
m.triu(diagonal=1)
# %%
torch.tril(m, 2)
# %%
torch.triu(torch.ones(2, 3, 4), 1)
# %%
torch.arange(3).tril()
# %%
m.diag()
# %%
m.diag(1)
# %%
m.diag(-2)
# %%
torch.diag(torch.tensor([1, 2, 3]))
# %%
torch.diag(torch.tensor([1., 2.]), 1)
# %%
torch.diag(torch.ones(2, 2, 2))
# %%
m.diagonal()
# %%
m.diagonal(1)
# %%
m.diagonal(offset=-1)
# %%
torch.arange(24).reshape(2, 3, 4).diagonal(0, 1, 2)
# %%
torch.arange(24).reshape(2, 3, 4).diagonal(dim1=0, dim2=2)
# %%
d = m.clone()
# %%
d.diagonal().fill_(0)
# %%
d
# %%
m.trace()
# %%
torch.trace(x)
# %%
torch.arange(3).trace()
# %%
torch.tensor([1, 2, 3]).repeat(2)
# %%
torch.tensor([1, 2, 3]).repeat(2, 2)
# %%
torch.tensor([[1, 2], [3, 4]]).repeat(1, 2)
# %%
torch.tensor([[1, 2], [3, 4]]).repeat(2, 1, 1).shape
# %%
torch.tensor([[1, 2], [3, 4]]).repeat(2)
# %%
torch.tensor([[1, 2], [3, 4]]).tile(2)
# %%
torch.tensor([1, 2]).tile((2, 2))
# %%
torch.tile(torch.tensor([[1, 2], [3, 4]]), (2, 1, 2)).shape
# %%
torch.tensor([1, 2, 3]).repeat_interleave(2)
# %%
torch.tensor([[1, 2], [3, 4]]).repeat_interleave(2)
# %%
torch.tensor([[1, 2], [3, 4]]).repeat_interleave(3, dim=1)
# %%
torch.tensor([[1, 2], [3, 4]]).repeat_interleave(torch.tensor([1, 2]), dim=0)
# %%
torch.repeat_interleave(torch.tensor([5, 6]), torch.tensor([0, 3]))
# %%
torch.tensor([1, 2, 3]).broadcast_to((2, 3))
# %%
torch.broadcast_to(torch.tensor([[1], [2]]), (2, 3))
# %%
torch.tensor([1, 2, 3]).broadcast_to(2, 4)
# %%
t = torch.zeros(2, 3, 4)
# %%
t.movedim(0, 2).shape
# %%
t.movedim((0, 1), (2, 0)).shape
# %%
torch.movedim(t, -1, 0).shape
# %%
torch.moveaxis(t, 1, 2).shape
# %%
t.swapaxes(0, 2).shape
# %%
t.swapdims(1, -1).shape
# %%
torch.swapaxes(t, 0, 1).shape
# %%
x.movedim(0, 1)
# %%
src = torch.tensor([[1, 2], [3, 4]])
# %%
src.gather(1, torch.tensor([[0, 0], [1, 0]]))
# %%
torch.gather(src, 0, torch.tensor([[1, 0]]))
# %%
src.gather(-1, torch.tensor([[1], [0]]))
# %%
src.gather(1, torch.tensor([[2, 0], [1, 0]]))
# %%
src.gather(1, torch.tensor([0, 1]))
# %%
src.gather(1, torch.tensor([[0, 0], [1, 0]], dtype=torch.int32))
# %%
z = torch.zeros(3, 5)
# %%
s = torch.arange(1., 11.).reshape(2, 5)
# %%
z.scatter(0, torch.tensor([[0, 1, 2, 0, 0]]), s)
# %%
z.scatter(1, torch.tensor([[0, 1], [2, 3]]), s)
# %%
z.scatter_(1, torch.tensor([[4], [0]]), 7.5)
# %%
z
# %%
torch.zeros(2, 4).scatter(1, torch.tensor([[2], [3]]), value=1.23)
# %%
torch.scatter(torch.zeros(3), 0, torch.tensor([1, 2]), torch.tensor([5., 6.]))
# %%
torch.zeros(3, 5).scatter_add_(0, torch.tensor([[0, 1, 2, 0, 0], [2, 0, 0, 1, 2]]), torch.ones(2, 5))
# %%
torch.zeros(5, dtype=torch.int64).scatter_add(0, torch.tensor([0, 1, 0, 0, 4]), torch.tensor([1, 2, 3, 4, 5]))
# %%
torch.scatter_add(torch.zeros(4), 0, torch.tensor([3, 3, 3]), torch.tensor([1., 2., 3.]))
# %%
torch.zeros(3).scatter_(0, torch.tensor([5]), 1.)
# %%
torch.zeros(3).scatter_(0, torch.tensor([1]), torch.tensor([1]))
# %%
x.index_select(0, torch.tensor([0, 2]))
# %%
x.index_select(1, torch.tensor([3, 0, 0]))
# %%
torch.index_select(x, -1, torch.tensor([1]))
# %%
x.index_select(0, torch.tensor([[0]]))
# %%
x.index_select(0, torch.tensor([5]))
# %%
x.masked_select(x > 5)
# %%
x.masked_select(torch.tensor([True, False, True, False]))
# %%
torch.masked_select(x, x % 2 == 0)
# %%
x.masked_select(x)
# %%
x.take(torch.tensor([0, 5, 11]))
# %%
torch.take(x, torch.tensor([[1, 2], [3, -1]]))
# %%
x.take(torch.tensor([12]))
# %%
torch.tensor([[0, 1, 0], [2, 0, 3]]).nonzero()
# %%
torch.tensor([0., 1.5, 0., 2.]).nonzero()
# %%
torch.nonzero(torch.tensor([[0, 1, 0], [2, 0, 3]]), as_tuple=True)
# %%
torch.tensor([0, 1, 1]).nonzero(as_tuple=True)
# %%
torch.tensor([[False, True], [True, True]]).nonzero()
# %%
torch.zeros(2, 2).nonzero()
# %%
torch.tensor(5).nonzero()
# %%
torch.argwhere(torch.tensor([[0, 1, 0], [2, 0, 3]]))
# %%
torch.tensor([0, 7, 0, 9]).argwhere()
# %%
gx, gy = torch.meshgrid(torch.tensor([1, 2, 3]), torch.tensor([4, 5]), indexing='ij')
# %%
gx, gy
# %%
gx, gy = torch.meshgrid(torch.tensor([1, 2, 3]), torch.tensor([4, 5]), indexing='xy')
# %%
gx, gy
# %%
torch.meshgrid(torch.tensor([1., 2.]), torch.tensor([3., 4., 5.]))
# %%
a, b, c = torch.meshgrid([torch.arange(2), torch.arange(3), torch.arange(2)], indexing='ij')
# %%
a.shape, b[1, 2], c[:, 1, :]
# %%
p = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
# %%
c1, c2 = p.chunk(2)
# %%
c1, c2
# %%
sp = p.split([1, 1], 1)
# %%
sp
# %%
p.unbind(1)
# %%
p.narrow(0, 0, 1)
# %%
f = p.flip(0)
# %%
f
# %%
(f * torch.tensor([[1., 2.], [3., 4.]])).sum().backward()
# %%
p.grad
# %%
p.grad = None
# %%
r = p.roll(1, 1)
# %%
r
# %%
(r * torch.tensor([[1., 2.], [3., 4.]])).sum().backward()
# %%
p.grad
# %%
p.grad = None
# %%
p.tril(), p.triu(1)
# %%
p.tril().sum().backward()
# %%
p.grad
# %%
p.grad = None
# %%
dg = p.diagonal()
# %%
dg
# %%
(dg * torch.tensor([5., 7.])).sum().backward()
# %%
p.grad
# %%
p.grad = None
# %%
tr = p.trace()
# %%
tr.backward()
# %%
tr, p.grad
# %%
p.grad = None
# %%
rp = p.repeat(2, 1)
# %%
rp.sum().backward()
# %%
rp, p.grad
# %%
p.grad = None
# %%
ri = p.repeat_interleave(2, dim=0)
# %%
ri.sum().backward()
# %%
ri, p.grad
# %%
p.grad = None
# %%
g = p.gather(1, torch.tensor([[1, 1], [0, 1]]))
# %%
g.sum().backward()
# %%
g, p.grad
# %%
p.grad = None
# %%
iss = p.index_select(1, torch.tensor([1, 1, 0]))
# %%
iss.sum().backward()
# %%
iss, p.grad
# %%
p.grad = None
# %%
ms = p.masked_select(p > 1.5)
# %%
ms.sum().backward()
# %%
ms, p.grad
# %%
p.grad = None
# %%
tk = p.take(torch.tensor([3, 3]))
# %%
tk.sum().backward()
# %%
tk, p.grad
# %%
p.tile(2), p.broadcast_to(2, 2, 2).shape, p.movedim(0, 1), p.swapaxes(0, 1), p.diag()
# %%
torch.diag(torch.tensor([1., 2.], requires_grad=True))
