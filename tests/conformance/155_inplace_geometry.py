import torch
t = torch.arange(6.).reshape(2, 3)
u = t.clone()
print(u.transpose_(0, 1), u.shape, u.stride(), u.is_contiguous())
print(u.swapaxes_(0, 1).shape, u.swapdims_(1, 0).shape)
v = torch.arange(6.)
print(v.as_strided_((2, 2), (1, 2)), v.shape, v.stride())
# %%
a = torch.arange(6.)
b = torch.zeros(1)
r = b.set_(a)
print(r is b, b, b.data_ptr() == a.data_ptr(), b.is_set_to(a), a.is_set_to(a[1:]))
a[0] = 100.
print(b[0])
c = torch.zeros(1)
c.set_(a.untyped_storage() if False else a, 1, (2, 2), (2, 1))
print(c)
d = torch.ones(3).set_()
print(d, d.shape)
s = torch.arange(4.).storage()
print(torch.zeros(1).set_(s))
# %%
x = torch.arange(6.)
print(x.resize_(2, 3), x.resize_(4).shape, x.resize_((2, 2)).stride())
y = torch.arange(4.)
print(y.resize_as_(torch.ones(2, 2)), y.shape)
print(torch.arange(4.).resize_(2, 1, 2).shape)
z = torch.ones(2, requires_grad=True)
try:
    z.resize_(3)
except Exception as e:
    print(type(e).__name__, e)
w = torch.ones(2)
w.resize_(5)
print(w.shape, w[:2])
# %%
p = torch.ones(2, 3, requires_grad=True)
q = p * 2
q.transpose_(0, 1)
q.sum().backward()
print(q.shape, p.grad)
l = torch.ones(2, 3, requires_grad=True)
with torch.no_grad():
    l.t_()
print(l.shape, l.is_leaf, l.requires_grad)
