# BatchNorm3d, ChannelShuffle, MaxUnpool1d/2d, NLLLoss2d, TripletMarginWithDistanceLoss, F.bilinear and the upsample aliases
import torch, torch.nn as nn, torch.nn.functional as F
def show(t, d=4):
    print(tuple(t.shape), [round(v, d) for v in t.flatten().tolist()])
for m in [nn.BatchNorm3d(3), nn.ChannelShuffle(2), nn.MaxUnpool1d(2), nn.MaxUnpool2d(2, stride=1, padding=1), nn.MaxUnpool2d((2, 3)),
          nn.NLLLoss2d(), nn.TripletMarginWithDistanceLoss(), nn.TripletMarginWithDistanceLoss(margin=2.0, swap=True)]:
    print(m)
# %%
torch.manual_seed(0)
bn = nn.BatchNorm3d(2)
v = torch.randn(2, 2, 2, 2, 3)
show(bn(v))
print(bn.running_mean, bn.num_batches_tracked)
# %%
bn(torch.randn(2, 2, 3))
# %%
x = torch.arange(24.).reshape(1, 6, 2, 2)
show(nn.ChannelShuffle(3)(x))
show(F.channel_shuffle(torch.arange(8.).reshape(2, 4, 1), 2))
# %%
nn.ChannelShuffle(4)(x)
# %%
torch.manual_seed(1)
img = torch.randn(1, 2, 4, 5)
out, idx = F.max_pool2d(img, 2, return_indices=True)
u = nn.MaxUnpool2d(2)(out, idx)
show(u)
show(nn.MaxUnpool2d(2)(out, idx, output_size=img.size()))
oo = out.clone().requires_grad_()
(F.max_unpool2d(oo, idx, 2) * torch.arange(32.).reshape(1, 2, 4, 4)).sum().backward()
show(oo.grad)
s = torch.randn(1, 2, 6)
o1, i1 = F.max_pool1d(s, 2, return_indices=True)
show(nn.MaxUnpool1d(2)(o1, i1))
show(F.max_unpool1d(o1, i1, 2, output_size=[7]))
# %%
torch.manual_seed(2)
a, p, n = torch.randn(4, 3), torch.randn(4, 3), torch.randn(4, 3)
show(nn.TripletMarginWithDistanceLoss()(a, p, n))
show(nn.TripletMarginWithDistanceLoss(distance_function=lambda x, y: 1 - F.cosine_similarity(x, y), margin=0.5, swap=True, reduction='none')(a, p, n))
w, b = torch.randn(2, 3, 4), torch.randn(2)
show(F.bilinear(a, torch.randn(4, 4), w, b))
img = torch.arange(4.).reshape(1, 1, 2, 2)
show(F.upsample(img, scale_factor=2)); show(F.upsample_nearest(img, size=3)); show(F.upsample_bilinear(img, scale_factor=2))
lp = torch.randn(2, 3, 2, 2).log_softmax(1)
tg = torch.tensor([[[0, 1], [2, 0]], [[1, 1], [0, 2]]])
show(nn.NLLLoss2d()(lp, tg))
show(F.nll_loss(lp, tg, reduction='none')); show(F.nll_loss(lp, tg, weight=torch.tensor([1., 2., 3.])))
show(F.cross_entropy(lp * 3, tg, reduction='sum')); show(F.cross_entropy(lp * 3, tg, reduction='none'))
# %%
nn.TripletMarginWithDistanceLoss(margin=-1)
# %%
print(F.has_torch_function_variadic(a, p), F.has_torch_function_unary(a), F.Tensor is torch.Tensor, F.assert_int_or_pair((1, 2), 'k', '{} bad'))
F.assert_int_or_pair((1, 2, 3), 'k', '{} must be int or pair')
