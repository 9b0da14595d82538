import torch
x = torch.linspace(-6, 6, 40)
print(torch.sigmoid(x).tolist())
print(torch.sigmoid(x[:7]).tolist())
print(torch.sigmoid(x[::3]).tolist())
# %%
d = torch.linspace(-3, 3, 37, dtype=torch.float64)
print(torch.sigmoid(d).tolist())
print(torch.sigmoid(d[:9]).tolist())
# %%
print(torch.sinh(d).tolist())
print(torch.cosh(d).tolist())
print(torch.sinh(d[1::2]).tolist())
# %%
print(torch.expm1(d).tolist())
print(torch.log1p(d.abs()).tolist())
print(torch.tanh(x).tolist())
# %%
p = torch.linspace(0.01, 50, 45)
print(torch.log2(p).tolist())
print(torch.log10(p).tolist())
print(torch.rsqrt(p).tolist())
print(torch.reciprocal(p).tolist())
# %%
print((p ** 2).tolist())
print((p ** 3).tolist())
print((p ** -1).tolist())
print((d ** 2).tolist())
# %%
torch.set_printoptions(precision=10)
print(torch.sigmoid(torch.tensor([-2.5, -0.1, 0.0, 0.3, 4.0])))
print(torch.sinh(torch.tensor([-2.5, -0.1, 0.0, 0.3, 4.0], dtype=torch.float64)))
print(torch.expm1(torch.tensor([1e-10, -0.5, 0.7, 3.0], dtype=torch.float64)))
print(torch.log1p(torch.tensor([1e-10, -0.5, 0.7, 3.0], dtype=torch.float64)))
# %%
y = torch.linspace(-5, 5, 40)
print(torch.atan2(x, y).tolist())
print(torch.atan2(x[:9], y[:9]).tolist())
print(torch.atan2(x, torch.tensor(0.5)).tolist())
print(torch.atan2(d, d.flip(0)).tolist())
# %%
q = torch.linspace(0.1, 9, 41)
print((q ** 1.5).tolist())
print((q[:7] ** 2.5).tolist())
print((q ** 4.0).tolist())
print(torch.pow(q, q.flip(0) / 3).tolist())
print(torch.pow(d.abs() + 0.5, 1.25).tolist())
# %%
print(torch.expm1(x).tolist())
print(torch.log1p(q).tolist())
print(torch.expm1(x[:5]).tolist(), torch.log1p(q[::4]).tolist())
