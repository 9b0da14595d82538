import torch
import torch.nn as nn
import torch.nn.functional as F
x = torch.arange(8.).reshape(1, 2, 2, 2)
print(F.interpolate(x, scale_factor=2, mode='nearest'))
print(F.interpolate(x, size=(3, 3), mode='bilinear', align_corners=False))
print(F.interpolate(x, size=(3, 3), mode='bilinear', align_corners=True))
print(nn.Upsample(scale_factor=2, mode='nearest'))
# %%
torch.manual_seed(0)
w = torch.randn(5, 3)
print(F.embedding(torch.tensor([1, 4]), w))
print(F.layer_norm(torch.randn(2, 3), (3,)))
rm, rv = torch.zeros(3), torch.ones(3)
print(F.batch_norm(torch.randn(4, 3), rm, rv, training=True), rm, rv)
print(F.cosine_similarity(torch.randn(2, 4), torch.randn(2, 4)))
print(F.normalize(torch.tensor([[3.0, 4.0], [1.0, 0.0]])), F.pad(torch.ones(2, 2), (1, 1)))
