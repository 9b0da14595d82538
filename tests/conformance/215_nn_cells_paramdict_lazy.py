# RNNCell / LSTMCell / GRUCell (torch's init and gate order), ParameterDict, LazyLinear
import torch, torch.nn as nn, torch.nn.functional as F
def show(t, d=4):
    print(tuple(t.shape), [round(v, d) for v in t.flatten().tolist()])
torch.manual_seed(0)
cells = [nn.RNNCell(3, 4), nn.RNNCell(3, 4, bias=False, nonlinearity='relu'), nn.LSTMCell(3, 2), nn.GRUCell(3, 2), nn.GRUCell(2, 2, bias=False)]
for c in cells:
    print(c, [(n, tuple(p.shape)) for n, p in c.named_parameters()])
show(cells[0].weight_ih); show(cells[2].bias_hh); show(cells[3].weight_hh)
# %%
torch.manual_seed(1)
x = torch.randn(5, 3)
h = torch.randn(5, 4)
show(cells[0](x)); show(cells[0](x, h)); show(cells[1](x, h))
hy, cy = cells[2](x)
show(hy); show(cy)
hy, cy = cells[2](x, (torch.randn(5, 2), torch.randn(5, 2)))
show(hy); show(cy)
show(cells[3](x)); show(cells[3](x, torch.randn(5, 2)))
show(cells[0](x[0])); print(cells[2](x[0])[1].shape, cells[3](x[0], torch.zeros(2)).shape)
# %%
torch.manual_seed(2)
cell = nn.LSTMCell(3, 2)
xs = torch.randn(4, 2, 3)
h, c = torch.zeros(2, 2), torch.zeros(2, 2)
for t in range(4):
    h, c = cell(xs[t], (h, c))
(h.sum() + c.sum()).backward()
show(cell.weight_ih.grad, 3); show(cell.bias_hh.grad, 3)
g = nn.GRUCell(3, 2)
hh = torch.zeros(2, 2)
for t in range(4):
    hh = g(xs[t], hh)
hh.pow(2).sum().backward()
show(g.weight_hh.grad, 3); show(g.bias_ih.grad, 3)
# %%
nn.RNNCell(3, 4)(torch.zeros(2, 2, 3))
# %%
nn.RNNCell(3, 4, nonlinearity='gelu')(torch.zeros(2, 3))
# %%
pd = nn.ParameterDict({'b': nn.Parameter(torch.ones(2)), 'a': torch.zeros(3, 2)})
pd['c'] = nn.Parameter(torch.ones(1, dtype=torch.float64))
print(pd)
print(list(pd.keys()), len(pd), 'a' in pd, type(pd['a']).__name__, pd['a'].requires_grad)
print([n for n, _ in pd.named_parameters()], list(pd.state_dict().keys()))
print(pd.pop('b'), len(pd), pd.get('zz'), list(pd))
pd.update([('x', torch.ones(1))])
print(list(pd.keys()))
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.p = nn.ParameterDict({'w': nn.Parameter(torch.ones(2))})
print(list(M().state_dict().keys()), M())
# %%
pd['missing']
# %%
torch.manual_seed(3)
lz = nn.LazyLinear(3)
print(lz, lz.weight, isinstance(lz, nn.Linear))
y = lz(torch.randn(2, 4))
print(lz, lz.in_features, tuple(lz.weight.shape))
show(lz.weight); show(lz.bias); show(y)
print(list(lz.state_dict().keys()), torch.rand(1))
lz2 = nn.LazyLinear(2, bias=False)
lz2(torch.ones(5))
print(lz2, lz2.bias)
