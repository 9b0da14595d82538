# 3-d pooling: MaxPool3d (indices, padding, dilation, ceil_mode), AvgPool3d (count_include_pad, divisor_override), adaptive 3-d, LPPool3d
import torch, torch.nn as nn, torch.nn.functional as F
def show(t, d=4):
    print(tuple(t.shape), [round(v, d) for v in t.flatten().tolist()])
for m in [nn.MaxPool3d(2), nn.MaxPool3d(3, 2, 1, return_indices=True), nn.AvgPool3d(2), nn.AvgPool3d((1, 2, 2), stride=1, padding=(0, 1, 1)),
          nn.AdaptiveAvgPool3d((1, 2, 2)), nn.AdaptiveMaxPool3d(2), nn.LPPool3d(2, 2)]:
    print(m)
# %%
torch.manual_seed(0)
x = torch.randn(2, 2, 4, 5, 5)
show(nn.MaxPool3d(2)(x))
v, i = nn.MaxPool3d(3, 2, 1, return_indices=True)(x)
show(v); show(i)
v, i = F.max_pool3d(x, (2, 3, 2), stride=(1, 2, 2), dilation=(1, 1, 2), ceil_mode=True, return_indices=True)
show(v); show(i)
show(F.max_pool3d(x[0], 2, ceil_mode=True))
xx = x.clone().requires_grad_()
F.max_pool3d(xx, 2, 1).sum().backward()
show(xx.grad)
# %%
show(nn.AvgPool3d(2)(x))
show(nn.AvgPool3d(3, 2, 1)(x))
show(nn.AvgPool3d(3, 2, 1, count_include_pad=False)(x))
show(nn.AvgPool3d(2, ceil_mode=True)(x))
show(nn.AvgPool3d(3, 2, 1, ceil_mode=True, count_include_pad=False)(x))
show(nn.AvgPool3d(2, divisor_override=3)(x))
xx = x.clone().requires_grad_()
(F.avg_pool3d(xx, 3, 2, 1) ** 2).sum().backward()
show(xx.grad, 3)
# %%
show(nn.AdaptiveAvgPool3d((1, 2, 3))(x))
show(nn.AdaptiveAvgPool3d((None, 3, 2))(x))
v, i = nn.AdaptiveMaxPool3d((2, 3, 2), return_indices=True)(x)
show(v); show(i)
show(F.adaptive_max_pool3d(x[0], 1))
show(nn.LPPool3d(2, 2)(x))
show(nn.LPPool3d(1.5, (2, 2, 3), stride=1)(x.abs()))
# %%
F.max_pool3d(torch.ones(2, 2), 2)
# %%
F.max_pool3d(torch.ones(1, 1, 1, 1, 1), 2)
