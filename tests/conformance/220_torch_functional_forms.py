# torch.<op> forms of torch.nn.functional that PyTorch binds at the top level with ATen's signatures: values, grad_fn names, reduction enum values, and the argument parser's errors
import torch, torch.nn.functional as F
def show(t, d=4):
    print(tuple(t.shape), [round(v, d) for v in t.flatten().tolist()])
x = (torch.arange(24.).reshape(2, 4, 3) * 0.37).sin().requires_grad_()
w, b = torch.tensor([1., 2., 0.5, -1.]), torch.tensor([0., 0.1, 0.2, 0.3])
y = torch.group_norm(x, 2)
show(y)
print(y.grad_fn.name(), str(y.grad_fn).split()[0])
show(torch.group_norm(x, 2, w, b, 1e-3, False))
show(torch.group_norm(input=x, num_groups=4, weight=w, eps=0.1))
# %%
z = torch.arange(32.).reshape(1, 8, 2, 2)
show(torch.pixel_shuffle(z, 2))
show(torch.pixel_unshuffle(torch.pixel_shuffle(z, 2), downscale_factor=2))
show(torch.channel_shuffle(z, 4))
print(torch.pixel_shuffle(z.requires_grad_(), 2).grad_fn.name())
# %%
inp = (torch.arange(12.).reshape(1, 2, 6) * 0.5).cos()
k = (torch.arange(12.).reshape(2, 3, 2) * 0.3).sin()
show(torch.conv_transpose1d(inp, k))
show(torch.conv_transpose1d(inp, k, torch.tensor([1., 2, 3]), 2, 1, 1))
show(torch.conv_transpose1d(inp, k.reshape(2, 3, 2)[:, :1], None, stride=1, padding=0, output_padding=0, groups=2, dilation=2))
img = (torch.arange(18.).reshape(1, 2, 3, 3) * 0.7).sin()
k2 = (torch.arange(16.).reshape(2, 2, 2, 2) * 0.2).cos()
show(torch.conv_transpose2d(img, k2))
show(torch.conv_transpose2d(img, k2, None, (2, 1), 1, (1, 0)))
# %%
a, c = torch.arange(6.).reshape(2, 3) * 0.1, torch.arange(8.).reshape(2, 4) * -0.2
W = (torch.arange(60.).reshape(5, 3, 4) * 0.05).sin()
show(torch.bilinear(a, c, W))
show(torch.bilinear(a, c, W, torch.arange(5.)))
# %%
rm, rv = torch.zeros(4), torch.ones(4)
show(torch.instance_norm(x.detach(), None, None, None, None, True, 0.1, 1e-5, False))
show(torch.instance_norm(x.detach(), w, b, rm, rv, True, 0.5, 1e-5, True))
print(rm, rv)
show(torch.instance_norm(x.detach(), w, b, rm, rv, False, 0.1, 1e-5, False))
# %%
i1, i2 = torch.tensor([0.3, -1.2, 2.0, 0.1]), torch.tensor([0.5, 0.5, -1.0, 0.2])
t = torch.tensor([1., -1., 1., -1.])
for r in [0, 1, 2, 3]:
    print(r, torch.margin_ranking_loss(i1, i2, t, 0.1, r), torch.hinge_embedding_loss(i1, t, 0.5, r),
          torch.cosine_embedding_loss(i1.reshape(2, 2), i2.reshape(2, 2), torch.tensor([1., -1.]), 0.2, r))
print(torch.margin_ranking_loss(i1, i2, t), torch.hinge_embedding_loss(i1, t), torch.cosine_embedding_loss(i1.reshape(2, 2), i2.reshape(2, 2), torch.tensor([1., -1.])))
# %%
an, po, ne = (torch.arange(6.).reshape(2, 3) * 0.4).sin(), (torch.arange(6.).reshape(2, 3) * 0.9).cos(), torch.ones(2, 3) * 0.3
print(torch.triplet_margin_loss(an, po, ne), torch.triplet_margin_loss(an, po, ne, 0.5, 1, 1e-6, True, 0))
print(torch.triplet_margin_loss(an, po, ne, reduction=2, swap=True, p=3.0))
lam = torch.tensor([0.5, 1.5, 2.0, 3.0])
cnt = torch.tensor([0., 2., 1., 5.])
print(torch.poisson_nll_loss(lam, cnt, False, True, 1e-8, 1), torch.poisson_nll_loss(lam.log(), cnt, True, False, 1e-8, 0))
print(torch.poisson_nll_loss(lam, cnt, log_input=False, full=False, eps=0.5, reduction=2))
# %%
torch.group_norm(torch.ones(2, 4, 3), 2.0)
# %%
torch.group_norm(torch.ones(2, 4, 3), num_groups=2, eps='a')
# %%
torch.group_norm()
# %%
torch.pixel_shuffle(torch.ones(1, 4, 2, 2), 2, 3)
# %%
torch.pixel_shuffle(torch.ones(1, 4, 2, 2), factor=2)
# %%
torch.pixel_unshuffle(torch.ones(1, 4, 2, 2), downscale_factor=2, upscale_factor=1)
# %%
torch.channel_shuffle(torch.ones(1, 4, 2, 2), 2.5)
# %%
torch.instance_norm(torch.ones(2, 3, 4), None, None, None, None, True, 0.1, 1e-5)
# %%
torch.instance_norm(torch.ones(2, 3, 4), 1, None, None, None, True, 0.1, 1e-5, False)
# %%
torch.margin_ranking_loss(i1, i2, t, margin='a')
# %%
torch.bilinear(a, c)
# %%
torch.poisson_nll_loss(lam, cnt, True, False, 1e-8, 1, 5)
# %%
torch.conv_transpose2d(img, k2, None, 'a')
# %%
torch.conv_transpose1d(inp, k, bias=None, stride=1, pad=0)
# %%
torch.triplet_margin_loss(an, po)
# %%
torch.cosine_embedding_loss(i1, i2, t, 0.0, 1.5)
# %%
torch.hinge_embedding_loss(i1, t, reduction=None)
# %%
# the forms that were there: ATen's parser on them too
v = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.2, -0.3]])
show(torch.layer_norm(v, [3]))
show(torch.batch_norm(v, None, None, None, None, True, 0.1, 1e-5, False))
show(torch.embedding(v, torch.tensor([1, 0, 1])))
print(torch.dropout(v, 0.0, True), torch.alpha_dropout(v, 0.5, False), torch.feature_dropout(v[None], 0.0, True).shape)
print(torch.prelu(v, torch.tensor([0.25])), v.prelu(torch.tensor([0.1])), torch.hardshrink(v, 0.6), v.hardshrink(lambd=1))
print(torch.threshold(v, 0.4, -9), torch.cosine_similarity(v, v.flip(1)), torch.pairwise_distance(v, v.flip(0), 1.0), torch.pdist(v, p=1))
print(torch.kl_div(v, v.abs()), torch.kl_div(v, v.abs(), 1, log_target=True), torch.binary_cross_entropy_with_logits(v, v.sigmoid(), reduction=2))
show(torch.conv1d(v[None], torch.ones(2, 2, 2), None, 1, 'same'))
show(torch.conv2d(v[None, None], torch.ones(1, 1, 2, 2), padding=1))
# %%
torch.layer_norm(v, 3.0)
# %%
torch.batch_norm(v, None, None, None, None, True, 0.1, 1e-5)
# %%
torch.embedding(v)
# %%
torch.dropout(v, 0.5)
# %%
torch.feature_dropout(v, p=0.5, training=True)
# %%
torch.hardshrink(v, 'a')
# %%
v.hardshrink(v, 1)
# %%
torch.prelu(v)
# %%
torch.threshold(v, 0.5)
# %%
torch.pairwise_distance(v, v, 'p')
# %%
torch.pdist(v, p='a')
# %%
torch.kl_div(v, v, 'mean')
# %%
torch.binary_cross_entropy_with_logits(v, v, reduction='sum')
# %%
torch.conv1d(v)
# %%
torch.conv2d(v[None, None], torch.ones(1, 1, 2, 2), padding=(1, 1), stride='x')
# %%
print(torch.rrelu(v), torch.rrelu(v, 0.1, 0.3, False, None), torch.rrelu(v, lower=torch.tensor(0.2)))
g = torch.Generator().manual_seed(3)
print(torch.rrelu(v, 0.1, 0.3, False, g))
# %%
torch.rrelu(v, generator=5)
# %%
torch.rrelu(v, 'a')
# %%
torch.rrelu(v, 0.1, 0.3, 1)
# %%
# NumPy's names for the parameters ('x', 'a', 'x1' for input; 'axis' for dim) reach the op
nt = torch.tensor([[1., float('nan'), -3.], [0.2, -0.5, 0.5]])
print(torch.group_norm(x=x.detach(), num_groups=2).shape, torch.pixel_shuffle(a=z, upscale_factor=2).shape, torch.layer_norm(x1=v, normalized_shape=[3]).shape)
print(torch.hardshrink(a=nt), nt.hardshrink(lambd=0.3), torch.hardshrink(nt.clone().requires_grad_(), 2).grad_fn.name())
print(torch.nanmedian(nt, axis=1), torch.logcumsumexp(v, axis=1), torch.diff(nt, axis=0), torch.select(nt, axis=0, index=1))
print(torch.kl_div(x=v, target=v.abs()), torch.cosine_similarity(x1=v, x2=v.flip(0)))
# %%
torch.bilinear(x1=a, input2=c, weight=W)
