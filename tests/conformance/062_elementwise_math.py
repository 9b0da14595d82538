import torch
# %%
v = torch.tensor([1.0, float('nan'), float('inf'), -float('inf'), 0.0, -2.5])
# %%
v.isnan()
# %%
v.isinf()
# %%
v.isfinite()
# %%
torch.isnan(v), torch.isinf(v), torch.isfinite(v)
# %%
torch.tensor([1, 2]).isnan(), torch.tensor([1, 2]).isinf(), torch.tensor([1, 2]).isfinite()
# %%
torch.tensor([True]).isfinite()
# %%
v.nan_to_num()
# %%
v.nan_to_num(0.5, 100., -100.)
# %%
torch.nan_to_num(v, nan=1.0, posinf=2.0)
# %%
v.double().nan_to_num()
# %%
torch.tensor([1, 2]).nan_to_num()
# %%
w = v.clone(); w.nan_to_num_(); w
# %%
q = torch.tensor([-2.7, -0.5, 0.0, 0.5, 1.5, 3.999])
# %%
q.trunc()
# %%
torch.trunc(q)
# %%
q.fix()
# %%
torch.tensor([-3, 4]).trunc()
# %%
torch.tensor([True]).trunc()
# %%
q.frac()
# %%
torch.frac(q.double())
# %%
torch.tensor([1, 2]).frac()
# %%
q2 = q.clone(); q2.trunc_(); q2
# %%
q3 = q.clone(); q3.frac_(); q3
# %%
a = torch.tensor([-3., -1.5, 5.2, 7.])
# %%
a.fmod(2)
# %%
a.fmod(-2)
# %%
torch.fmod(a, 1.5)
# %%
torch.fmod(torch.tensor([-7, 7, 9]), 4)
# %%
torch.fmod(torch.tensor([-7, 7]), torch.tensor([-3, 3]))
# %%
torch.fmod(torch.tensor([5]), 0)
# %%
torch.fmod(torch.tensor([5.]), 0)
# %%
torch.fmod(torch.tensor([5, 6]), 2.5)
# %%
a.remainder(2), a.remainder(-2)
# %%
a.sign(), torch.sign(torch.tensor([-3, 0, 2]))
# %%
s = torch.tensor([-1., -0.5, 0., 0.3, 1.])
# %%
s.asin()
# %%
s.acos()
# %%
s.atan()
# %%
torch.arcsin(s), torch.arccos(s), torch.arctan(s)
# %%
torch.tensor([2.]).asin()
# %%
torch.tensor([1, 0]).acos()
# %%
torch.atan2(torch.tensor([1., -1., 0.]), torch.tensor([1., 1., -1.]))
# %%
torch.tensor([[1., 2.]]).atan2(torch.tensor([[3.], [-4.]]))
# %%
torch.arctan2(torch.tensor([1, 2]), torch.tensor([2, 1]))
# %%
torch.tensor([1.]).atan2(2)
# %%
s.sinh()
# %%
s.cosh()
# %%
torch.sinh(torch.tensor([10., -20.])), torch.cosh(torch.tensor([100.]))
# %%
s.tan()
# %%
torch.tensor([1e-10, 0.5, -0.9]).log1p()
# %%
torch.log1p(torch.tensor([-1., -2.]))
# %%
torch.tensor([1e-10, 0.5, -3.]).expm1()
# %%
torch.expm1(torch.tensor([0, 1]))
# %%
s.erf()
# %%
torch.erf(torch.tensor([3., -10., 0.1]))
# %%
s.log2(), s.log10()
# %%
torch.tensor([1, 8, 1024]).log2()
# %%
torch.tensor([1., 100., 0.5]).log10()
# %%
s.double().asin(), s.double().erf(), s.double().log1p()
# %%
e = s.clone(); e.sinh_(); e
# %%
torch.tensor([1, 2]).sinh_()
# %%
st = torch.tensor([0., 1., 2.])
# %%
en = torch.tensor([10., 10., 10.])
# %%
st.lerp(en, 0.5)
# %%
torch.lerp(st, en, 0.25)
# %%
torch.lerp(st, en, torch.tensor([0., 0.6, 1.]))
# %%
st.lerp(en, 1.5)
# %%
torch.lerp(torch.tensor([1, 2]), torch.tensor([3, 4]), 0.5)
# %%
torch.lerp(st, en.double(), 0.5)
# %%
l2 = st.clone(); l2.lerp_(en, 0.3); l2
# %%
g = torch.tensor([0.2, -0.4, 0.7], requires_grad=True)
# %%
y = g.asin()
# %%
y.sum().backward()
# %%
y, g.grad
# %%
g.grad = None
# %%
y = g.acos()
# %%
y.sum().backward()
# %%
y, g.grad
# %%
g.grad = None
# %%
y = g.atan()
# %%
y.sum().backward()
# %%
y, g.grad
# %%
g.grad = None
# %%
y = g.sinh() + g.cosh()
# %%
y.sum().backward()
# %%
y, g.grad
# %%
g.grad = None
# %%
y = g.tan()
# %%
y.sum().backward()
# %%
y, g.grad
# %%
g.grad = None
# %%
y = g.log1p()
# %%
y.sum().backward()
# %%
y, g.grad
# %%
g.grad = None
# %%
y = g.expm1()
# %%
y.sum().backward()
# %%
y, g.grad
# %%
g.grad = None
# %%
y = g.erf()
# %%
y.sum().backward()
# %%
y, g.grad
# %%
g.grad = None
# %%
y = torch.atan2(g, torch.tensor([1., 2., -1.]))
# %%
y.sum().backward()
# %%
y, g.grad
# %%
g.grad = None
# %%
y = torch.fmod(g, 0.3)
# %%
y.sum().backward()
# %%
y, g.grad
# %%
g.grad = None
# %%
y = g.trunc()
# %%
y.sum().backward()
# %%
y, g.grad
# %%
g.grad = None
# %%
y = g.frac()
# %%
y.sum().backward()
# %%
y, g.grad
# %%
g.grad = None
# %%
y = g.lerp(torch.tensor([1., 1., 1.]), 0.25)
# %%
y.sum().backward()
# %%
y, g.grad
# %%
g.grad = None
# %%
y = g.nan_to_num()
# %%
y.sum().backward()
# %%
y, g.grad
# %%
g.isnan(), g.isfinite()
# %%
nv = torch.tensor([1., float("nan"), 2.])
torch.allclose(nv, nv, equal_nan=True), torch.allclose(nv, nv), torch.isclose(nv, nv, equal_nan=True), nv.isclose(nv)
