import torch, torch.nn as nn
torch.manual_seed(0)
for mode in ['reflect', 'replicate', 'circular']:
    c = nn.Conv2d(2, 3, 3, padding=1, padding_mode=mode)
    x = torch.randn(1, 2, 5, 5, requires_grad=True)
    y = c(x)
    y.sum().backward()
    print(c)
    print(y.shape, y[0, 0, 0], x.grad[0, 0, 0])
    print(c.weight.grad.sum(dim=(1, 2, 3)))
c = nn.Conv1d(2, 3, 3, padding=2, padding_mode='circular')
print(c, c(torch.randn(1, 2, 6)).shape)
c = nn.Conv2d(1, 1, 4, padding='same', padding_mode='reflect', bias=False)
x = torch.arange(36.).reshape(1, 1, 6, 6)
print(c._reversed_padding_repeated_twice, c(x).shape)
print(c(x)[0, 0, :2])
c = nn.Conv1d(1, 2, (3,), padding=(2,), dilation=2, padding_mode='replicate')
print(c(torch.randn(2, 1, 7)).shape)
try:
    nn.Conv2d(1, 1, 3, padding_mode='mirror')
except ValueError as e:
    print("ValueError", str(e).split(",")[-1])
try:
    nn.ConvTranspose2d(1, 1, 3, padding_mode='reflect')
except ValueError as e:
    print("ValueError", e)
