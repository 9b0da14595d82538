import copy
import torch
import torch.nn as nn
torch.manual_seed(0)
layer = nn.TransformerEncoderLayer(d_model=4, nhead=2, dim_feedforward=8)
print(layer)
# %%
enc = nn.TransformerEncoder(layer, num_layers=2)
enc.eval()
x = torch.randn(3, 2, 4)
with torch.no_grad():
    print(enc(x))
print(sum(p.numel() for p in enc.parameters()))
# %%
model = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
best = copy.deepcopy(model)
with torch.no_grad():
    model[0].weight.fill_(1.0)
print(best[0].weight, model[0].weight, best[0].weight.requires_grad, type(best[0].weight).__name__)
d = {'a': [1, 2, {'b': torch.ones(2)}]}
d2 = copy.deepcopy(d)
d2['a'][2]['b'] += 1
print(d, d2, copy.copy([1, [2]]))
