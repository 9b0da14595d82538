import torch
import torch.nn.functional as F
x = torch.randn(2, 3, 8, 8)
w = torch.randn(4, 3, 3, 3)
# %%
F.conv2d(x, torch.randn(4, 2, 3, 3))
# %%
F.conv2d(x, torch.randn(3, 1, 3, 3), groups=2)
# %%
F.conv2d(x, torch.randn(0, 3, 3, 3))
# %%
F.conv2d(x, w, torch.randn(5))
# %%
F.conv2d(torch.randn(2, 3, 2, 2), w)
# %%
F.conv2d(x, w, padding=-1)
# %%
F.conv2d(x, w, stride=0)
# %%
F.conv2d(x, w, dilation=0)
# %%
F.conv2d(x, w, groups=0)
# %%
F.conv2d(x, w, stride=2, padding='same')
# %%
F.conv2d(x, w, padding='full')
# %%
F.conv2d(x.double(), w)
# %%
F.conv2d(x, w.double())
# %%
F.conv2d(x, w, torch.randn(4).double())
# %%
F.conv2d(torch.randn(3, 8), w)
# %%
F.conv2d(x, w, stride=(1, 2, 3))
# %%
F.conv2d(x, w, padding=(1, 2, 3))
# %%
F.conv1d(torch.randn(2, 3, 8), w)
# %%
F.conv1d(torch.randn(2, 3, 8), torch.randn(4, 3, 3), stride=(1, 1))
# %%
F.max_pool2d(torch.randn(8, 8), 2)
# %%
F.max_pool2d(x, 0)
# %%
F.max_pool2d(x, 2, dilation=0)
# %%
F.max_pool2d(x, 3, padding=2)
# %%
F.max_pool2d(x, 9)
# %%
F.max_pool2d(x, (2, 2, 2))
# %%
F.max_pool2d(torch.randn(2, 0, 8, 8), 2)
# %%
F.avg_pool2d(torch.randn(8, 8), 2)
# %%
F.avg_pool2d(x, 3, padding=2)
# %%
F.avg_pool2d(x, 2, divisor_override=0)
# %%
F.avg_pool2d(x, 9)
# %%
F.adaptive_avg_pool2d(torch.randn(8, 8), 2)
# %%
print(F.max_pool2d(torch.randn(0, 3, 8, 8), 2).shape, F.conv2d(torch.randn(2, 0, 8, 8), torch.randn(4, 0, 3, 3)))
