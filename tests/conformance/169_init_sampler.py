# nn.init.trunc_normal_ (torch 2.15's rejection draws), orthogonal_, WeightedRandomSampler
import torch, torch.nn as nn
from torch.utils.data import WeightedRandomSampler
torch.manual_seed(0)
w = torch.empty(3, 5)
print(nn.init.trunc_normal_(w, std=0.02))
print(nn.init.trunc_normal_(torch.empty(4), mean=1., std=2., a=0., b=3.))
print(nn.init.orthogonal_(torch.empty(3, 5)))
q = nn.init.orthogonal_(torch.empty(6, 4), gain=2)
print(((q.t() @ q) - 4 * torch.eye(4)).abs().max().item() < 1e-5)
print(nn.init.orthogonal_(torch.empty(2, 3, 2)).shape)
print(list(WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 5, replacement=True)))
print(list(WeightedRandomSampler([0.9, 0.4, 0.05, 0.2, 0.3, 0.1], 5, replacement=False)))
s = WeightedRandomSampler(torch.tensor([1., 2., 3.]), 10)
print(len(s), s.weights.dtype, sorted(set(s)))
g = torch.Generator().manual_seed(3)
print(list(WeightedRandomSampler([1, 1, 1, 1], 6, generator=g)))
for bad in [lambda: WeightedRandomSampler([1., 2.], 0), lambda: WeightedRandomSampler([1., 2.], 2, replacement=1), lambda: nn.init.orthogonal_(torch.empty(3)),
            lambda: WeightedRandomSampler([[1., 2.]], 2)]:
    try: print(bad())
    except Exception as e: print(type(e).__name__ + ":", e)
torch.manual_seed(1)
print(nn.init.trunc_normal_(torch.empty(2, 6), mean=0., std=1., a=-0.2, b=0.3))
import warnings
with warnings.catch_warnings(record=True) as ws:
    warnings.simplefilter("always")
    print(nn.init.trunc_normal_(torch.empty(8), mean=5., std=1., a=-1., b=1.))
print([str(x.message) for x in ws])
print(nn.init.trunc_normal_(torch.empty(3, 3, dtype=torch.float64), std=0.5, a=-0.3, b=0.3))
