import torch
x = torch.arange(12.).reshape(3, 4)
print(x.select(1, -1), torch.select(x, 0, 1), x.ravel().shape, torch.ravel(x[:, 1]))
print(x.unflatten(1, (2, 2)).shape, torch.unflatten(x, 0, (3, 1)).shape, x.unflatten(-1, (-1, 2)).shape)
print(x.type_as(torch.tensor([1])), x.where(x > 5, -1.), x.take_along_dim(torch.tensor([[0], [1], [2]]), 1))
print(torch.take_along_dim(x, torch.tensor([0, 11])), torch.diagflat(torch.tensor([1, 2])), x.diagflat().shape)
# %%
print(torch.zeros(3, 2).index_copy(0, torch.tensor([0, 2]), torch.tensor([[1., 2.], [3., 4.]])))
z = torch.zeros(2, 3)
z.index_copy_(1, torch.tensor([2]), torch.ones(2, 1))
print(z)
print(torch.arange(7.).unfold(0, 3, 2), torch.arange(8.).reshape(2, 4).unfold(1, 2, 2).shape)
print(torch.ones(2, 3).sum_to_size(1, 3), torch.ones(2, 3).sum_to_size((2, 1)))
print(x.hsplit(2)[0].shape, torch.vsplit(x, [1])[1].shape, torch.tensor([1, 2, 3, 4]).hsplit(2))
# %%
t = torch.tensor([-2.5, -0.0, 0.0, 0.3, float('inf'), -float('inf'), float('nan')])
print(t.sgn(), torch.signbit(t), t.isposinf(), torch.isneginf(t), torch.isreal(t), torch.positive(t))
# %%
u = torch.tensor([0.2, 0.5, 0.9])
print(torch.asinh(u), u.acosh(), torch.atanh(u), torch.arcsinh(u), u.exp2(), torch.erfc(u), u.erfinv())
print(torch.logit(u), torch.logit(u, eps=0.3), torch.xlogy(u, u), torch.xlogy(torch.tensor([0., 1.]), torch.tensor([0., 2.])))
print(torch.deg2rad(torch.tensor([180., 90.])), torch.rad2deg(torch.tensor([3.14159265])), torch.sinc(torch.tensor([0., 0.5, 1.5])))
print(torch.lgamma(torch.tensor([0.5, 3., 10.])), torch.digamma(torch.tensor([1., 2.5, 10.])), torch.exp2(torch.tensor([3, 4])))
# %%
a = torch.tensor([-7., 5.5, 3., float('nan')]); b = torch.tensor([2., -2., float('nan'), 1.])
print(torch.hypot(a, b), torch.logaddexp(a, b), torch.logaddexp2(a, b), torch.copysign(a, b), torch.copysign(a, -1.))
print(torch.fmax(a, b), torch.fmin(a, b), torch.heaviside(a, torch.tensor([0.5])), torch.float_power(a, 2))
print(torch.gcd(torch.tensor([12, 9, 0, -6]), torch.tensor([8, 6, 5, 4])), torch.lcm(torch.tensor([4, 3, 0]), torch.tensor([6, 5, 2])))
print(a.clamp_min(0), torch.clamp_max(a, 1), torch.logical_xor(a > 0, b > 0), torch.bitwise_not(torch.tensor([5, 0])), torch.rsub(a, 1))
print(torch.greater(a, 1), torch.less_equal(a, 3), torch.not_equal(a, a), torch.absolute(a), torch.negative(a), torch.fix(a))
# %%
v = torch.tensor([0.5, 0.25])
for f in ['asinh_', 'exp2_', 'erfc_', 'deg2rad_', 'sgn_', 'logit_', 'arcsin_', 'negative_', 'fix_', 'clamp_min_']:
    w = v.clone()
    r = getattr(w, f)() if f != 'clamp_min_' else w.clamp_min_(0.3)
    print(f, r is w, w)
print(torch.sin_(v.clone()), torch.round_(torch.tensor([2.5, 3.5])), torch.trunc_(torch.tensor([-1.5])))
# %%
y = torch.tensor([3., 1.])
print(y.addcmul_(torch.ones(2), torch.tensor([2., 3.]), value=2), y.addcdiv_(torch.ones(2), torch.tensor([2., 4.])))
print(y.is_signed(), torch.tensor([1], dtype=torch.uint8).is_signed(), torch.is_complex(y), torch.is_nonzero(torch.tensor([2])))
# %%
torch.tensor(5.).select(0, 0)
# %%
torch.ones(2, 3).select(1, 3)
# %%
torch.is_nonzero(torch.tensor([1, 2]))
# %%
print(torch.signbit(torch.tensor([-float("nan"), float("nan"), -0.0])), torch.signbit(-torch.tensor([float("nan")], dtype=torch.float64)))
