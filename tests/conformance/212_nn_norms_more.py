# GroupNorm, InstanceNorm1d/2d/3d, RMSNorm, LocalResponseNorm and their F forms: values (4 digits), reprs, state_dict, gradients, errors
import torch, torch.nn as nn, torch.nn.functional as F
torch.set_printoptions(precision=4)
torch.manual_seed(0)
x = torch.randn(2, 4, 3, 3)
mods = [nn.GroupNorm(2, 4), nn.GroupNorm(1, 4, eps=1e-3, affine=False), nn.GroupNorm(4, 4, bias=False),
        nn.InstanceNorm1d(3), nn.InstanceNorm2d(4, affine=True), nn.InstanceNorm3d(2, momentum=0.2, track_running_stats=True),
        nn.RMSNorm(3), nn.RMSNorm([3, 3], eps=1e-5, elementwise_affine=False), nn.LocalResponseNorm(2),
        nn.LocalResponseNorm(3, alpha=0.1, beta=0.5, k=2.), nn.BatchNorm2d(3, affine=False)]
for m in mods:
    print(m, list(m.state_dict().keys()))
# %%
def show(t, d=4):
    print([round(v, d) for v in t.flatten().tolist()])
for m in [nn.GroupNorm(2, 4), nn.GroupNorm(1, 4, affine=False), nn.InstanceNorm2d(4, affine=True), nn.InstanceNorm2d(4),
          nn.RMSNorm(3), nn.RMSNorm([3, 3]), nn.LocalResponseNorm(2), nn.LocalResponseNorm(3, alpha=0.1, beta=0.5, k=2.)]:
    xx = x.clone().requires_grad_()
    y = m(xx)
    (y * torch.arange(y.numel(), dtype=y.dtype).reshape(y.shape).sin()).sum().backward()
    print(type(m).__name__)
    show(y)
    show(xx.grad, 3)
    for n, p in m.named_parameters():
        print(n); show(p.grad, 3)
# %%
m = nn.InstanceNorm1d(4, track_running_stats=True)
xi = torch.randn(3, 4, 5)
m(xi)
print(m.running_mean, m.running_var, m.num_batches_tracked)
m.eval()
show(m(xi))
show(m(xi[0]))
show(nn.InstanceNorm1d(4)(xi[0]))
print(nn.InstanceNorm1d(4)(xi).shape, nn.InstanceNorm3d(4)(torch.randn(4, 2, 2, 2)).shape)
# %%
show(F.group_norm(x, 4))
show(F.instance_norm(x))
show(F.rms_norm(x, (3,), eps=0.1))
show(F.local_response_norm(x, 3))
show(F.local_response_norm(torch.randn(2, 5, 4), 2))
show(F.local_response_norm(torch.randn(1, 4, 2, 2, 2), 3))
# %%
nn.GroupNorm(3, 4)
# %%
F.group_norm(x, 3)
# %%
nn.InstanceNorm2d(3)(torch.randn(3, 3))
# %%
nn.InstanceNorm2d(3, affine=True)(x)
# %%
F.rms_norm(x, (4,))
# %%
F.local_response_norm(torch.ones(2, 3), 2)
