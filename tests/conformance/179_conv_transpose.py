# ConvTranspose1d/2d and F.conv_transpose1d/2d: values, reprs, output_size, gradients, errors
import torch, torch.nn as nn, torch.nn.functional as F
torch.manual_seed(0)
m = nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1)
print(m)
x = torch.randn(2, 4, 5, 5)
y = m(x)
print(y.shape, y[0, 0, :2])
print(y.sum().item() == y.sum().item(), round(y.sum().item(), 3))
m2 = nn.ConvTranspose2d(4, 4, (3, 2), stride=(1, 2), padding=(0, 1), groups=2, bias=False, dilation=2)
print(m2, m2.weight.shape)
z = m2(x)
print(z.shape, z[1, 3, 1])
z.pow(2).sum().backward()
print(m2.weight.grad[0, 0], x.grad if x.grad is not None else None)
xr = torch.randn(1, 4, 5, 5, requires_grad=True)
out = m(xr, output_size=[10, 10])
print(out.shape)
out.sum().backward()
print(xr.grad[0, 0, 0], m.bias.grad)
m1 = nn.ConvTranspose1d(3, 2, 4, stride=3)
print(m1, m1(torch.randn(2, 3, 7)).shape, m1(torch.randn(3, 7))[0, :4])
print(F.conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 2, 2), stride=2))
print(F.conv_transpose1d(torch.arange(3.).reshape(1, 1, 3), torch.tensor([[[1., 2., 3.]]]), padding=1))
# DCGAN generator block
g = nn.Sequential(nn.ConvTranspose2d(8, 4, 4, 1, 0, bias=False), nn.BatchNorm2d(4), nn.ReLU(True), nn.ConvTranspose2d(4, 1, 4, 2, 1, bias=False), nn.Tanh())
print(g)
print(g(torch.randn(2, 8, 1, 1)).shape)
for bad in [lambda: m(x, output_size=[12, 12]), lambda: nn.ConvTranspose2d(4, 6, 3, padding_mode='reflect'), lambda: F.conv_transpose2d(x, torch.ones(3, 2, 3, 3)),
            lambda: F.conv_transpose2d(x, torch.ones(4, 2, 3, 3), output_padding=1)]:
    try: print(bad())
    except Exception as e: print(type(e).__name__ + ":", e)
print("errors")
import torch.nn.functional as F
for f in [lambda: F.conv_transpose1d(torch.ones(1,4,5), torch.ones(4,2,3), output_padding=1), lambda: F.conv_transpose2d(torch.ones(1,4,5,5), torch.ones(4,2,3,3), output_padding=(0, 2), stride=2)]:
    try: f()
    except Exception as e: print(type(e).__name__, e)
