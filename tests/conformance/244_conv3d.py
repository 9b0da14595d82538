import torch, torch.nn as nn, torch.nn.functional as F
torch.manual_seed(0)
# values on a 1/8 grid: every sum is exact, whatever order the convolution adds in
x = (torch.randint(-4, 5, (2, 4, 5, 6, 7)) / 8).requires_grad_()
w = (torch.randint(-3, 4, (6, 2, 3, 2, 3)) / 8).requires_grad_()
b = (torch.arange(6.) / 4).requires_grad_()
y = F.conv3d(x, w, b, stride=(2, 1, 2), padding=(1, 0, 1), dilation=(1, 2, 1), groups=2)
print(y.shape, y.grad_fn.name())
print(y[1, 4, 1])
y.backward(torch.ones_like(y) / 4)
print(x.grad[0, 1, 2], w.grad[3, 1, 0], b.grad)
# %%
print(F.conv3d(x.detach(), w.detach(), None, padding='same', groups=2)[0, 0, 0, :2])
print(torch.conv3d(x[0].detach(), w.detach(), None, 1, 'valid', 1, 2).shape)
for mode in ['zeros', 'reflect', 'replicate', 'circular']:
    m = nn.Conv3d(4, 6, (3, 2, 3), padding=1, groups=2, padding_mode=mode)
    with torch.no_grad():
        m.weight.copy_(w)
        m.bias.zero_()
    print(m)
    print(m(x.detach())[0, 5, 0, 0])
m = nn.Conv3d(16, 32, 3)
print(m, m.weight.shape, m.bias.shape)
print(nn.Conv3d(2, 4, (3, 1, 2), padding='same', dilation=2, bias=False))
# %%
wt = (torch.randint(-3, 4, (4, 3, 3, 2, 3)) / 8).requires_grad_()
bt = (torch.arange(3.) / 4).requires_grad_()
yt = F.conv_transpose3d(x, wt, bt, stride=2, padding=(1, 0, 1), output_padding=(1, 0, 0))
print(yt.shape, yt.grad_fn.name())
print(yt[0, 2, 3, 1])
yt.backward(torch.ones_like(yt) / 4)
print(wt.grad[1, 2, 2], bt.grad)
t = nn.ConvTranspose3d(4, 6, 3, stride=2, padding=1, groups=2, dilation=(1, 2, 1))
print(t, t.weight.shape)
print(t(x.detach(), output_size=(10, 14, 14)).shape)
print(torch.conv_transpose3d(x.detach(), wt.detach()).shape)
# %%
xp = torch.arange(2 * 3 * 4 * 5 * 6.).reshape(2, 3, 4, 5, 6).sin()
v, i = F.max_pool3d(xp, 2, stride=(1, 2, 2), padding=1, return_indices=True)
print(v.shape, v[1, 2, 1], i[1, 2, 1])
print(F.max_unpool3d(v, i, 2, stride=(1, 2, 2), padding=1, output_size=xp.shape[-3:]).shape)
print(nn.MaxUnpool3d(2, 1), torch.max_pool3d(xp, 3).shape)
print(F.avg_pool3d(xp, (2, 3, 2), ceil_mode=True, count_include_pad=False)[0, 0])
print(F.adaptive_avg_pool3d(xp, (2, 3, None)).shape, F.adaptive_max_pool3d(xp, 2)[0, 1])
# %%
for call in ["F.conv3d(x[0, 0], w)", "F.conv3d(x, w)", "F.conv3d(x, w, torch.ones(3), groups=2)",
             "F.conv3d(x, w, groups=4)", "F.conv3d(x, w[:, :, :2], stride=(1, 2))",
             "F.conv3d(x, w, padding='same', stride=2)", "F.conv3d(x[:, :, :1], w, groups=2)",
             "F.conv3d(x, w.double(), groups=2)", "F.conv3d(x, w[0], groups=2)",
             "F.conv_transpose3d(x, w)", "F.conv_transpose3d(x[0, 0], wt)",
             "F.conv_transpose3d(x, wt, output_padding=1)", "F.conv_transpose3d(x, wt, torch.ones(4))",
             "nn.Conv3d(4, 6, 3, groups=4)", "nn.Conv3d(4, 6, 3, stride=2, padding='same')",
             "nn.ConvTranspose3d(4, 6, 3, padding_mode='circular')",
             "nn.ConvTranspose3d(4, 6, 3, stride=2)(x, output_size=(9, 9, 9))"]:
    try:
        print(eval(call).shape)
    except Exception as e:
        print(type(e).__name__, e)
# %%
x0 = torch.arange(2 * 3 * 5 * 6 * 7.).reshape(2, 3, 5, 6, 7).sin()
pools = [lambda x: F.max_pool3d(x, (2, 3, 2), stride=(1, 2, 2), padding=1, dilation=(1, 1, 2), ceil_mode=True),
         lambda x: F.avg_pool3d(x, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False),
         lambda x: F.avg_pool3d(x, 2, divisor_override=3),
         lambda x: F.adaptive_avg_pool3d(x, (2, 4, 3)), lambda x: F.adaptive_avg_pool3d(x, 1),
         lambda x: F.adaptive_max_pool3d(x, (3, 4, 5))]
for f in pools:
    xg = x0.clone().requires_grad_()
    y = f(xg)
    y.backward(torch.arange(y.numel(), dtype=torch.float32).reshape(y.shape).cos())
    print(y.shape, y.grad_fn.name())
    print(xg.grad[1, 2, 1])
# %%
xs, ws = torch.randn(1, 2, 4, 4, 4), torch.randn(3, 2, 3, 1, 3)
for f in (lambda: torch.conv3d(xs, ws, stride='a'), lambda: torch.conv3d(xs, ws, padding='same').shape,
          lambda: torch.conv3d(xs, ws, foo=1), lambda: torch.conv3d(xs, ws, None, (1, 1, 1), 1, 1, 1).shape,
          lambda: torch.conv_transpose3d(xs, ws.transpose(0, 1), groups=1.5),
          lambda: torch.conv_transpose3d(xs, ws.transpose(0, 1), None, 2, 0, 1).shape,
          lambda: torch.conv3d(xs), lambda: torch.max_pool3d(xs, 2).shape):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
