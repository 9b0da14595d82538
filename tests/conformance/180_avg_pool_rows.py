import torch
import torch.nn.functional as F
torch.manual_seed(0)
# float32 average pooling, every value to the last bit (repr), sixteen outputs of a row at a
# time: stride 1, 2 and 3, padding, ceil mode, count_include_pad both ways, a divisor
cases = [((2, 3, 28, 28), 3, 2, 1, False, True, None), ((2, 3, 28, 28), 3, 2, 1, False, False, None),
         ((2, 3, 17, 19), (3, 2), (2, 1), (1, 1), True, True, None),
         ((1, 2, 40, 37), 5, 3, 2, True, False, None), ((1, 2, 40, 37), 5, 3, 2, False, True, 7),
         ((3, 4, 33, 33), (4, 4), (4, 4), (2, 1), True, False, None),
         ((1, 1, 5, 70), (1, 7), (1, 1), (0, 3), False, False, None)]
for shape, k, s, p, ceil, cip, div in cases:
    x = torch.randn(*shape)
    x[0, 0, 0, :3] = -0.0
    y = F.avg_pool2d(x, k, s, p, ceil, cip, div)
    print(y.shape, y.flatten()[::7].tolist())
# %%
x = torch.randn(2, 3, 20, 24)
y = F.avg_pool2d(x, 3, 2, 1)
yt = F.avg_pool2d(x.transpose(-1, -2).contiguous().transpose(-1, -2), 3, 2, 1)
print(torch.equal(y, yt), y[1, 2, 3].tolist())
print(F.avg_pool2d(torch.tensor([[[[float('nan'), 1.0, 2.0, float('inf')]]]]), (1, 2)).tolist())
