import torch
x = torch.tensor([-2.5, -0.5, 0.0, 0.3, 1.0, 2.5, 7.0])
print(torch.special.erf(x), torch.special.erfc(x))
print(torch.special.gammaln(x), torch.special.digamma(x))
print(torch.special.psi(torch.tensor([0.5, 1.0, 10.0, 1e-3])))
print(torch.special.i0(x), torch.special.i0e(x))
print(torch.special.i1(x), torch.special.i1e(x))
# %%
import torch
p = torch.tensor([0.0, 1e-10, 0.025, 0.5, 0.975, 1.0, 1.5])
print(torch.special.ndtri(p))
print(torch.special.ndtr(torch.tensor([-3.0, -1.0, 0.0, 1.96])))
print(torch.special.log_ndtr(torch.tensor([-0.5, 0.0, 1.0, 5.0])))
print(torch.special.erfinv(torch.tensor([-1.0, -0.5, 0.0, 0.5, 0.999, 1.0])))
# %%
import torch
x = torch.tensor([-3.0, -1.5, 0.0, 0.25, 1.0, 2.0], dtype=torch.float64)
print(torch.special.sinc(x))
print(torch.special.entr(torch.tensor([-1.0, 0.0, 0.5, 1.0, 3.0])))
print(torch.special.exp2(torch.tensor([-2.0, 0.0, 0.5, 10.0])))
print(torch.special.expit(torch.tensor([-2.0, 0.0, 3.0])), torch.special.logit(torch.tensor([0.1, 0.5, 0.9])))
print(torch.special.expm1(torch.tensor([1e-5, 1.0])), torch.special.log1p(torch.tensor([1e-5, 1.0])))
# %%
import torch
x = torch.tensor([0.5, 1.0, 2.5, 10.0], dtype=torch.float64)
for n in range(4):
    print(n, torch.special.polygamma(n, x))
print(torch.special.multigammaln(torch.tensor([2.0, 3.5, 10.0]), 3))
print(torch.special.zeta(torch.tensor([2.0, 3.0, 4.5]), torch.tensor([1.0, 2.0, 0.5])))
print(torch.special.zeta(2.0, torch.tensor([1.0, 2.0])), torch.special.zeta(torch.tensor([2.0, 4.0]), 1.0))
# %%
import torch
x = torch.tensor([0.0, 1.0, 2.0, 0.0])
y = torch.tensor([0.0, 0.5, 3.0, float('nan')])
print(torch.special.xlogy(x, y), torch.special.xlog1py(x, y))
print(torch.special.xlogy(2, torch.tensor([1.0, 4.0])), torch.special.xlogy(torch.tensor([3, 0]), 5))
print(torch.special.xlog1py(torch.tensor([[1.0], [2.0]]), torch.tensor([0.5, 1.5])))
# %%
import torch
print(torch.special.erfc(torch.tensor([1, 2, 3])).dtype, torch.special.i0(torch.tensor([True, False])))
print(torch.special.gammaln(torch.tensor([1.5, 2.5], dtype=torch.float16)))
print(torch.special.digamma(torch.tensor([0.0, -0.0, -1.0, -1.5])))
print(torch.special.bessel_j0(torch.tensor([0.0, 1.0, 2.4048, 10.0])), torch.special.bessel_j1(torch.tensor([0.0, 1.0, -3.0, 12.0])))
# %%
import torch
x = torch.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 4.0]])
print(torch.special.logsumexp(x, 1), torch.special.softmax(x, 0), torch.special.log_softmax(x, dim=1))
print(torch.special.round(torch.tensor([0.5, 1.5, -2.5, 2.567])), torch.special.round(torch.tensor([2.567]), decimals=2))
# %%
import torch
torch.manual_seed(0)
x = torch.rand(6, dtype=torch.float64) * 10
print(torch.special.i1e(x), torch.special.ndtri(x / 10))
out = torch.empty(6, dtype=torch.float64)
torch.special.i0(x, out=out)
print(out)
print(torch.lgamma(x), x.digamma(), x.erfc(), torch.erfinv(x / 11), x.i0(), x.sinc(), torch.polygamma(2, x))
# %%
import torch
torch.special.polygamma(-1, torch.tensor([1.0]))
# %%
import torch
torch.special.erfc(torch.tensor([1 + 1j]))
