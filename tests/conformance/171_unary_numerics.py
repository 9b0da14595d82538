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
