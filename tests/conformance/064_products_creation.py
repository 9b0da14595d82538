import torch
# %%
x = torch.tensor([[1., 2.], [3., 4.]])
# %%
i = torch.tensor([1, 2, 3])
# %%
x.new_zeros(2, 3)
# %%
x.new_zeros((2,))
# %%
i.new_ones(3)
# %%
x.new_ones((1, 2), dtype=torch.int64)
# %%
x.new_full((2, 2), 7)
# %%
i.new_full((3,), 2.5)
# %%
x.new_empty(0).shape, x.new_empty(2, 3).dtype
# %%
x.new_tensor([1, 2, 3])
# %%
i.new_tensor([1.5, 2.5])
# %%
x.new_tensor([[1, 2]], dtype=torch.float64)
# %%
x.new_zeros(2, requires_grad=True)
# %%
x.new_tensor(i)
# %%
x.new_zeros()
# %%
z = x.clone(); z.zero_(); z
# %%
u = torch.arange(6.).reshape(2, 3)
# %%
u.unsqueeze_(0)
# %%
u.shape
# %%
u.squeeze_()
# %%
u.shape
# %%
u.squeeze_(0).shape
# %%
u.t_()
# %%
u.shape
# %%
u.unsqueeze_(-1).shape
# %%
torch.zeros(2, 2, 2).t_()
# %%
p = torch.zeros(3)
# %%
p.data_ptr() == p.data_ptr(), p[1:].data_ptr() - p.data_ptr()
# %%
a = torch.tensor([1., 2.], requires_grad=True)
# %%
b = a * 3
# %%
b.retain_grad()
# %%
c = (b * b).sum()
# %%
c.backward()
# %%
b.grad, a.grad, b.retains_grad, a.retains_grad
# %%
a.retain_grad()
# %%
a.retains_grad
# %%
torch.tensor([1., 2.]).retain_grad()
# %%
m1 = torch.arange(12.).reshape(2, 2, 3)
# %%
m2 = torch.arange(12.).reshape(2, 3, 2)
# %%
m1.bmm(m2)
# %%
torch.bmm(m1, m2)
# %%
torch.bmm(m1, m1)
# %%
torch.bmm(m1[0], m2[0])
# %%
x.mv(torch.tensor([1., -1.]))
# %%
torch.mv(x, torch.tensor([0.5, 2.]))
# %%
torch.mv(x, x)
# %%
torch.outer(torch.tensor([1., 2., 3.]), torch.tensor([1., 10.]))
# %%
torch.tensor([1, 2]).outer(torch.tensor([3, 4, 5]))
# %%
torch.ger(torch.tensor([1., 2.]), torch.tensor([3., 4.]))
# %%
torch.addmm(torch.ones(2, 2), x, x)
# %%
torch.addmm(torch.ones(2), x, x, beta=0.5, alpha=2)
# %%
x.addmm(x, torch.eye(2))
# %%
torch.addmm(torch.ones(2, 2), x, torch.ones(3, 2))
# %%
torch.einsum('ij,jk->ik', x, x)
# %%
torch.einsum('ij->ji', x)
# %%
torch.einsum('ii->i', x)
# %%
torch.einsum('ii', x)
# %%
torch.einsum('ij->', x)
# %%
torch.einsum('i,i->', torch.tensor([1., 2.]), torch.tensor([3., 4.]))
# %%
torch.einsum('i,j->ij', torch.tensor([1., 2.]), torch.tensor([3., 4., 5.]))
# %%
torch.einsum('bij,bjk->bik', m1, m2)
# %%
torch.einsum('bij,bjk', m1, m2)
# %%
torch.einsum('ij,ij->i', x, x)
# %%
torch.einsum('ij, jk -> ik', x, x)
# %%
torch.einsum('ij,jk->ik', [x, x])
# %%
torch.einsum('ij,jk->ik', x)
# %%
torch.tensordot(m1, m2, dims=([1, 2], [2, 1]))
# %%
torch.tensordot(x, x)
# %%
torch.tensordot(x, x, dims=1)
# %%
torch.tensordot(torch.arange(6.).reshape(2, 3), torch.arange(12.).reshape(3, 4), 1)
# %%
torch.tensordot(x, x, dims=0).shape
# %%
torch.kron(torch.tensor([[1, 2], [3, 4]]), torch.tensor([[1, 0], [0, 1]]))
# %%
torch.kron(torch.tensor([1., 2.]), torch.tensor([[1.], [10.]]))
# %%
x.kron(torch.ones(1, 2))
# %%
torch.cross(torch.tensor([1., 0., 0.]), torch.tensor([0., 1., 0.]), dim=0)
# %%
torch.tensor([[1., 2., 3.], [4., 5., 6.]]).cross(torch.tensor([[0., 0., 1.], [1., 0., 0.]]), dim=1)
# %%
torch.linalg.cross(torch.tensor([1., 2., 3.]), torch.tensor([4., 5., 6.]))
# %%
torch.linalg.cross(torch.tensor([1., 2.]), torch.tensor([4., 5.]))
# %%
w = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
# %%
r = torch.bmm(w.unsqueeze(0), w.unsqueeze(0))
# %%
r
# %%
r.sum().backward()
# %%
w.grad
# %%
w.grad = None
# %%
r = w.mv(torch.tensor([1., 2.]))
# %%
r
# %%
r.sum().backward()
# %%
w.grad
# %%
w.grad = None
# %%
r = torch.addmm(torch.zeros(2, 2), w, w)
# %%
r
# %%
r.sum().backward()
# %%
w.grad
# %%
w.grad = None
# %%
r = torch.outer(w[0], w[1])
# %%
r.sum().backward()
# %%
r, w.grad
# %%
w.grad = None
# %%
r = torch.einsum('ij,jk->ik', w, w)
# %%
r.sum().backward()
# %%
w.grad
# %%
w.grad = None
# %%
r = torch.kron(w, torch.ones(2, 2))
# %%
r.sum().backward()
# %%
w.grad
# %%
w.grad = None
# %%
v3 = torch.tensor([1., 2., 3.], requires_grad=True)
# %%
r = torch.linalg.cross(v3, torch.tensor([0., 0., 1.]))
# %%
r
# %%
r.sum().backward()
# %%
v3.grad
