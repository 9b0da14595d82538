import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
logits = torch.randn(4, 3, requires_grad=True)
target = torch.tensor([0, 2, 1, 2])
for kw in [{}, {'reduction': 'sum'}, {'reduction': 'none'}, {'label_smoothing': 0.1},
           {'ignore_index': 2}, {'weight': torch.tensor([1.0, 2.0, 0.5])}]:
    print(kw.keys(), nn.CrossEntropyLoss(**kw)(logits, target))
# %%
probs = torch.softmax(torch.randn(4, 3), dim=1)
print(F.cross_entropy(logits, probs), F.cross_entropy(logits, probs, reduction='none'))
print(nn.NLLLoss()(F.log_softmax(logits, 1), target))
# %%
x = torch.randn(5)
y = torch.randn(5)
print(nn.MSELoss()(x, y), nn.L1Loss()(x, y), nn.SmoothL1Loss()(x, y), nn.HuberLoss(delta=0.5)(x, y))
print(nn.MSELoss(reduction='sum')(x, y), nn.L1Loss(reduction='none')(x, y))
# %%
p = torch.sigmoid(torch.randn(6))
t = torch.tensor([0., 1., 1., 0., 1., 0.])
print(nn.BCELoss()(p, t), nn.BCEWithLogitsLoss()(torch.log(p / (1 - p)), t))
print(nn.BCEWithLogitsLoss(pos_weight=torch.tensor(3.0))(torch.log(p / (1 - p)), t))
# %%
inp = F.log_softmax(torch.randn(3, 5), dim=1)
tgt = F.softmax(torch.randn(3, 5), dim=1)
print(nn.KLDivLoss(reduction='batchmean')(inp, tgt), F.kl_div(inp, tgt, reduction='sum'))
# %%
loss = nn.CrossEntropyLoss()(logits, target)
loss.backward()
print(loss, logits.grad)
