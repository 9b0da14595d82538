# padding layers in every mode (constant, zero, reflect, replicate, circular): values, reprs, gradients, errors
import torch, torch.nn as nn, torch.nn.functional as F
x1 = torch.arange(6.).reshape(1, 2, 3)
x2 = torch.arange(12.).reshape(1, 1, 3, 4)
x3 = torch.arange(24.).reshape(1, 1, 2, 3, 4)
mods = [nn.ZeroPad1d(2), nn.ZeroPad1d((1, 0)), nn.ZeroPad2d(1), nn.ZeroPad2d((1, 0, 2, 1)), nn.ZeroPad3d(1),
        nn.ConstantPad1d(2, 3.5), nn.ConstantPad2d((1, 2, 0, 1), -1), nn.ConstantPad3d(1, 0.5),
        nn.ReflectionPad1d(2), nn.ReflectionPad2d((1, 2, 2, 0)), nn.ReflectionPad3d(1),
        nn.ReplicationPad1d((3, 1)), nn.ReplicationPad2d(2), nn.ReplicationPad3d((1, 0, 0, 1, 1, 0)),
        nn.CircularPad1d(2), nn.CircularPad2d((1, 2, 3, 0)), nn.CircularPad3d(1)]
for m in mods:
    print(m)
# %%
for m in mods:
    n = type(m).__name__[-2:]
    x = {'1d': x1, '2d': x2, '3d': x3}[n].clone().requires_grad_()
    y = m(x)
    (y * torch.arange(y.numel(), dtype=y.dtype).reshape(y.shape)).sum().backward()
    print(type(m).__name__, tuple(y.shape))
    print(y)
    print(x.grad)
# %%
print(F.pad(x1, (1, 1), mode='reflect'), F.pad(x1, (-1, 2), mode='replicate'), F.pad(x1, (2, -1), mode='circular'))
print(F.pad(x2, (1, 1, 2, 2), 'replicate').shape, F.pad(x1[0], (2, 2), 'reflect'))
m = nn.ReflectionPad2d(1)
print(m.padding, list(m.state_dict().keys()), nn.ConstantPad2d(1, 2.).value)
# %%
F.pad(x1, (3, 3), mode='reflect')
# %%
F.pad(x1, (4, 4), mode='circular')
# %%
F.pad(torch.zeros(5), (1, 1), mode='reflect')
# %%
F.pad(x1, (1, 1), mode='wrap')
# %%
nn.CircularPad2d(1)(torch.zeros(3, 3))
