import torch
names = ['sin_', 'cos_', 'exp_', 'log_', 'sqrt_', 'abs_', 'neg_', 'tanh_', 'sigmoid_', 'relu_', 'floor_', 'ceil_', 'round_', 'trunc_', 'frac_', 'reciprocal_', 'square_', 'log1p_', 'expm1_', 'erf_', 'atan_', 'asin_', 'acos_', 'rsqrt_', 'tan_', 'sinh_', 'cosh_', 'log2_', 'log10_', 'exp2_', 'erfc_', 'fix_', 'deg2rad_', 'rad2deg_', 'logit_', 'nan_to_num_', 'conj_physical_']
t = torch.tensor([0.5, 0.25])
for f in names:
    u = t.clone()
    r = getattr(torch, f)(u)
    print(f, r is u, u, getattr(t.clone(), f)())
# %%
for f in ['sign_', 'sgn_', 'tril_', 'triu_', 'erfinv_', 'maximum_', 'minimum_', 'fill_', 'zero_', 'clamp_', 'clip_', 'clamp_min_', 'clamp_max_', 'index_put_', 'conj_physical_', 'dropout_']:
    print(f, hasattr(torch, f), hasattr(torch.ones(1), f))
# %%
u = torch.tensor([0.5, 0.25, 2.0])
print(torch.clamp_(u, 0.3), u, torch.clamp_min_(u.clone(), 1.0), torch.clamp_max_(u.clone(), 1.0), torch.clip_(u.clone(), 0.4, 1.0))
print(torch.fill_(u.clone(), 3), torch.zero_(u.clone()))
v = torch.zeros(3)
print(torch.index_put_(v, (torch.tensor([0, 2]),), torch.tensor([1., 2.])), v)
print(torch.index_put_(v, (torch.tensor([0, 0]),), torch.tensor([1., 2.]), accumulate=True))
# %%
x = torch.tensor([1.5, -2.0])
print(x.maximum(torch.tensor([0.0, 0.0])), torch.maximum(x, torch.tensor(1.0)), x.minimum(torch.zeros(2)))
x.maximum_(torch.zeros(2))
# %%
x = torch.tensor([-1.5, 2.0])
x.sign_()
print(x)
torch.sign_(x)
# %%
m = torch.ones(2, 2)
m.tril_()
print(m)
torch.tril_(m)
# %%
for dt in [torch.float64, torch.float16, torch.bfloat16]:
    t = torch.tensor([0.5, 0.25], dtype=dt)
    print(torch.sin_(t.clone()), torch.sqrt_(t.clone()), torch.neg_(t.clone()), torch.exp_(t.clone()))
t = torch.tensor([1, -2, 3])
print(torch.abs_(t.clone()), torch.neg_(t.clone()), torch.square_(t.clone()) if False else 0)
torch.sqrt_(t.clone())
# %%
m = torch.zeros(2, 3)
torch.index_put_(m, (torch.tensor([0, 0, 1]), torch.tensor([1, 1, -1])), torch.tensor([1., 2., 3.]), accumulate=True)
print(m)
m.index_put_((torch.tensor([1, 1]),), torch.tensor([1., 1., 1.]), accumulate=True)
print(m)
m.index_put_((torch.tensor([True, False]),), torch.tensor(5.), accumulate=True)
print(m)
n = torch.zeros(4, dtype=torch.int64)
print(n.index_put_((torch.tensor([3, 3, 3, 0]),), torch.tensor(2), accumulate=True))
