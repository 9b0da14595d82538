# activations beyond the basic ones: values, reprs, gradients, in-place forms, errors
import torch, torch.nn as nn, torch.nn.functional as F
torch.set_printoptions(precision=4)
x = torch.tensor([-3.5, -2.0, -0.7, -0.25, 0.0, 0.3, 0.6, 2.5, 4.0])
mods = [nn.Hardtanh(), nn.Hardtanh(-2., 3., inplace=True), nn.ReLU6(), nn.ReLU6(True), nn.SELU(), nn.SELU(inplace=True),
        nn.CELU(), nn.CELU(0.5, True), nn.Mish(), nn.LogSigmoid(), nn.Softsign(), nn.Softshrink(), nn.Softshrink(1.0),
        nn.Hardshrink(), nn.Hardshrink(0.65), nn.Tanhshrink(), nn.Threshold(0.1, 20.), nn.Threshold(0.1, -1, True),
        nn.Hardsigmoid(), nn.Hardswish(), nn.Hardsigmoid(True), nn.RReLU(), nn.RReLU(0.1, 0.3, True), nn.PReLU(), nn.PReLU(3, 0.1)]
for m in mods:
    print(repr(m))
# %%
for m in [nn.Hardtanh(), nn.Hardtanh(-2., 3.), nn.ReLU6(), nn.SELU(), nn.CELU(), nn.CELU(0.5), nn.Mish(), nn.LogSigmoid(),
          nn.Softsign(), nn.Softshrink(), nn.Hardshrink(), nn.Tanhshrink(), nn.Threshold(0.1, 20.), nn.Hardsigmoid(),
          nn.Hardswish(), nn.PReLU()]:
    xx = x.clone().requires_grad_()
    y = m(xx)
    y.sum().backward()
    print(type(m).__name__, [round(v, 4) for v in y.tolist()], [round(v, 4) for v in xx.grad.tolist()])
# %%
isinstance(nn.ReLU6(), nn.Hardtanh), nn.ReLU6().min_val, nn.ReLU6().max_val
# %%
g = torch.arange(12.).reshape(2, 6) / 5 - 1
print(nn.GLU()(g))
print(nn.GLU(0)(g))
print(nn.GLU(dim=1), F.glu(g, 0).shape)
gg = g.clone().requires_grad_()
F.glu(gg).sum().backward()
print(gg.grad)
# %%
nn.GLU()(torch.ones(2, 3))
# %%
F.glu(torch.tensor(1.))
# %%
s = torch.tensor([[1., 2., 3.], [0.5, -1., 0.]])
print(nn.Softmin(dim=1)(s))
print(F.softmin(s, 0))
print(nn.Softmin(1), nn.Softmin())
print(nn.Softmax2d()(torch.arange(8.).reshape(2, 2, 2)))
# %%
nn.Softmax2d()(torch.ones(3))
# %%
p = nn.PReLU(3)
print(p.weight, list(p.state_dict().keys()))
inp = torch.tensor([[[-1., 2.], [3., -4.], [-5., -6.]]])
out = p(inp)
out.sum().backward()
print(out)
print(p.weight.grad)
print(F.prelu(torch.tensor([-2., 3.]), torch.tensor([0.5])))
# %%
F.prelu(torch.ones(2, 4), torch.ones(3))
# %%
y = x.clone()
print(F.hardtanh_(y), y)
y = x.clone(); F.relu_(y); print(y)
y = x.clone(); F.selu_(y); print(y)
y = x.clone(); F.celu_(y, 2.0); print(y)
y = x.clone(); F.leaky_relu_(y, 0.2); print(y)
y = x.clone(); F.elu_(y); print(y)
y = x.clone(); F.threshold_(y, 0.5, 9.); print(y)
y = x.clone(); F.rrelu_(y); print(y)
print(F.selu(x), F.celu(x, 2.), F.mish(x), F.hardswish(x), F.hardsigmoid(x), F.logsigmoid(x))
print(F.softshrink(x, 0.3), F.hardshrink(x, 0.3), F.tanhshrink(x), F.softsign(x), F.threshold(x, 0., -7.))
# %%
r = nn.RReLU()
r.eval()
print(r(x))
r.train()
torch.manual_seed(0)
print(r(x))
torch.manual_seed(1)
xx = torch.randn(4, 5, requires_grad=True)
y = F.rrelu(xx, 0.2, 0.6, training=True)
y.sum().backward()
print(y)
print(xx.grad)
print(torch.rand(2))
# %%
F.softshrink(x, -1.)
