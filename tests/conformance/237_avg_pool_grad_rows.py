import torch
import torch.nn.functional as F
torch.manual_seed(0)
# float32 average pooling's forward (eight or sixteen outputs of a row at a time) and its
# gradient, every value to the last bit (repr): overlapping and disjoint windows, strides 1,
# 2 and 3, padding, ceil mode, count_include_pad both ways, a divisor, -0.0 in g
cases = [((2, 3, 28, 28), 2, 2, 0, False, True, None), ((2, 3, 28, 28), 3, 2, 1, False, True, None),
         ((2, 3, 17, 19), (3, 2), (2, 1), (1, 1), True, True, None),
         ((1, 2, 40, 37), 5, 3, 2, True, False, None), ((1, 2, 40, 37), 5, 3, 2, False, True, 7),
         ((3, 4, 33, 33), (4, 4), (4, 4), (2, 1), True, False, None),
         ((1, 1, 5, 70), (1, 7), (1, 1), (0, 3), False, False, None),
         ((2, 2, 9, 23), (2, 3), (1, 2), (1, 1), True, False, None)]
for shape, k, s, p, ceil, cip, div in cases:
    x = torch.randn(*shape, requires_grad=True)
    y = F.avg_pool2d(x, k, s, p, ceil, cip, div)
    g = torch.randn_like(y)
    g[0, 0, 0, :2] = -0.0
    gx, = torch.autograd.grad(y, x, g)
    print(y.shape, y.flatten()[::5].tolist())
    print(gx.flatten()[::3].tolist(), repr(gx[0, 0, 0, :4].tolist()))
