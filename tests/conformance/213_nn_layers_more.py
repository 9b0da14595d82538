# scaled_dot_product_attention, pixel (un)shuffle, upsampling layers, unfold/fold, distances, feature dropouts, 1d/adaptive/LP pooling, gumbel_softmax
import torch, torch.nn as nn, torch.nn.functional as F
torch.set_printoptions(precision=4)
def show(t, d=4):
    print(tuple(t.shape), [round(v, d) for v in t.flatten().tolist()])
for m in [nn.PixelShuffle(2), nn.PixelUnshuffle(3), nn.UpsamplingNearest2d(scale_factor=2), nn.UpsamplingBilinear2d(size=(4, 5)),
          nn.Unfold(2), nn.Unfold((2, 3), dilation=2, padding=1, stride=(1, 2)), nn.Fold((4, 5), 2), nn.Fold(3, (2, 2), padding=1, stride=2),
          nn.PairwiseDistance(), nn.Dropout1d(), nn.Dropout2d(0.3), nn.Dropout3d(inplace=True), nn.AlphaDropout(0.2), nn.FeatureAlphaDropout(),
          nn.AvgPool1d(3), nn.AvgPool1d(3, 2, 1), nn.AdaptiveAvgPool1d(4), nn.AdaptiveMaxPool1d(3), nn.AdaptiveMaxPool2d((2, 3), True),
          nn.LPPool1d(2, 3), nn.LPPool2d(1.5, 2, stride=1, ceil_mode=True), nn.Softmax2d()]:
    print(m)
# %%
torch.manual_seed(0)
q, k, v = torch.randn(2, 3, 4, 8), torch.randn(2, 3, 5, 8), torch.randn(2, 3, 5, 6)
show(F.scaled_dot_product_attention(q, k, v))
show(F.scaled_dot_product_attention(q, k, v, scale=0.5))
mask = torch.rand(4, 5) > 0.3
show(F.scaled_dot_product_attention(q, k, v, attn_mask=mask))
show(F.scaled_dot_product_attention(q, k, v, attn_mask=torch.randn(4, 5)))
show(F.scaled_dot_product_attention(q, k[:, :, :4], v[:, :, :4], is_causal=True))
qq = q.clone().requires_grad_()
F.scaled_dot_product_attention(qq, k, v).sum().backward()
show(qq.grad, 3)
# %%
F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=True)
# %%
x = torch.arange(32.).reshape(1, 8, 2, 2)
y = nn.PixelShuffle(2)(x)
show(y)
print(torch.equal(nn.PixelUnshuffle(2)(y), x), nn.PixelUnshuffle(2)(torch.arange(18.).reshape(2, 3, 3)).shape)
xx = x.clone().requires_grad_()
(nn.PixelShuffle(2)(xx) * torch.arange(32.).reshape(1, 2, 4, 4)).sum().backward()
show(xx.grad)
# %%
nn.PixelShuffle(3)(x)
# %%
nn.PixelUnshuffle(3)(x)
# %%
img = torch.arange(12.).reshape(1, 1, 3, 4)
show(nn.UpsamplingNearest2d(scale_factor=2)(img))
show(nn.UpsamplingBilinear2d(size=(4, 5))(img))
show(nn.UpsamplingBilinear2d(scale_factor=2)(img))
# %%
torch.manual_seed(1)
a = torch.randn(2, 3, 4, 5)
for args in [(2,), ((2, 3), 2, 1, (1, 2)), (3, 1, 0, 2), ((1, 2),)]:
    u = F.unfold(a, *args)
    show(u)
show(F.unfold(a[0], 2))
aa = a.clone().requires_grad_()
F.unfold(aa, 2, 1, 1, 1).pow(2).sum().backward()
show(aa.grad)
cols = F.unfold(a, 2)
show(F.fold(cols, (4, 5), 2))
cols2 = F.unfold(a, (2, 3), 2, 1, (1, 2))
show(F.fold(cols2, (4, 5), (2, 3), 2, 1, (1, 2)))
cc = cols2.clone().requires_grad_()
(F.fold(cc, (4, 5), (2, 3), 2, 1, (1, 2)) * torch.arange(60.).reshape(1, 3, 4, 5)).sum().backward()
show(cc.grad)
show(nn.Fold(3, 2, padding=1, stride=2)(torch.arange(16.).reshape(1, 4, 4)))
# %%
F.fold(torch.ones(1, 4, 5), (4, 5), 2)
# %%
F.unfold(torch.ones(1, 1, 2, 2), 3)
# %%
torch.manual_seed(2)
x1, x2 = torch.randn(4, 5), torch.randn(4, 5)
show(nn.PairwiseDistance()(x1, x2))
show(nn.PairwiseDistance(1.0, keepdim=True)(x1, x2))
show(F.pdist(x1))
show(F.pdist(x1, 1))
xa = x1.clone().requires_grad_()
F.pdist(xa).sum().backward()
show(xa.grad)
# %%
torch.manual_seed(3)
t = torch.randn(2, 4, 3)
show(F.dropout1d(t, 0.5))
show(F.dropout1d(t[0], 0.5))
show(F.dropout2d(torch.randn(2, 3, 2, 2), 0.4))
show(F.dropout3d(torch.ones(2, 3, 1, 2, 2), 0.5))
show(F.alpha_dropout(t, 0.3, True))
show(F.feature_alpha_dropout(t, 0.3, True))
show(F.alpha_dropout(t, 0.3))
d = nn.AlphaDropout(0.5)
d.eval()
print(torch.equal(d(t), t))
show(nn.Dropout2d(1.0)(t))
print(torch.rand(2))
# %%
F.dropout1d(torch.ones(2, 2, 2, 2))
# %%
nn.Dropout1d(1.5)
# %%
torch.manual_seed(4)
s = torch.randn(2, 3, 7)
show(nn.AvgPool1d(3)(s))
show(nn.AvgPool1d(3, 2, 1)(s))
show(nn.AvgPool1d(3, 2, 1, count_include_pad=False)(s))
show(nn.AdaptiveAvgPool1d(4)(s))
v, i = nn.AdaptiveMaxPool1d(3, return_indices=True)(s)
show(v); show(i)
show(nn.AdaptiveMaxPool1d(5)(s))
p2 = torch.randn(2, 2, 5, 7)
v, i = nn.AdaptiveMaxPool2d((2, 3), True)(p2)
show(v); show(i)
show(F.adaptive_max_pool2d(p2, 3))
show(F.adaptive_max_pool2d(p2[0], (None, 2)))
pp = p2.clone().requires_grad_()
F.adaptive_max_pool2d(pp, (2, 3)).sum().backward()
show(pp.grad)
show(nn.LPPool1d(2, 3)(s))
show(nn.LPPool1d(3, 2, stride=1)(s.abs()))
show(nn.LPPool2d(2, 2)(p2))
show(nn.LPPool2d(1.5, (2, 3), stride=1)(p2.abs()))
# %%
F.adaptive_max_pool2d(torch.ones(5), 2)
# %%
torch.manual_seed(5)
lg = torch.randn(3, 4)
show(F.gumbel_softmax(lg))
show(F.gumbel_softmax(lg, tau=0.5, hard=True))
show(F.gumbel_softmax(lg, dim=0))
