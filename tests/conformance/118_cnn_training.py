import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Conv2d(4, 8, 3, stride=2, padding=1, groups=2), nn.ReLU(),
                      nn.AvgPool2d(2, ceil_mode=True), nn.AdaptiveAvgPool2d((2, 2)),
                      nn.Flatten(), nn.Linear(32, 3))
print(model)
X = torch.rand(16, 1, 12, 12)
y = torch.randint(0, 3, (16,))
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
for step in range(4):
    opt.zero_grad()
    loss = F.cross_entropy(model(X), y)
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 4))
print(model[0].weight.grad[2, 0])
print(model[3].bias.grad)
# %%
torch.manual_seed(1)
net = nn.Sequential(nn.Conv1d(3, 5, 3, padding='same'), nn.Tanh(), nn.MaxPool1d(2),
                    nn.Conv1d(5, 2, 2, dilation=2))
x = torch.randn(4, 3, 16)
out = net(x)
print(out.shape, out[3])
out.pow(2).mean().backward()
print(net[0].weight.grad[1], net[3].bias.grad)
# %%
torch.manual_seed(2)
x = torch.randn(2, 3, 9, 9, dtype=torch.float64, requires_grad=True)
w = torch.randn(4, 3, 3, 3, dtype=torch.float64, requires_grad=True)
def f(x, w):
    h = F.conv2d(x, w, stride=2, padding=1)
    return F.max_pool2d(torch.tanh(h), 2, 1).sum() + F.avg_pool2d(h, 3, 1, 1, count_include_pad=False).pow(2).sum()
f(x, w).backward()
gx, gw = x.grad, w.grad
print(gx[1, 2, 4], gw[3, 1])
worst = 0.0
with torch.no_grad():
    for t, g, idx in [(x, gx, (1, 2, 4, 5)), (x, gx, (0, 0, 0, 0)), (x, gx, (1, 1, 8, 8)),
                      (w, gw, (3, 1, 0, 2)), (w, gw, (0, 2, 1, 1))]:
        old = t[idx].item()
        t[idx] = old + 1e-6
        up = f(x, w).item()
        t[idx] = old - 1e-6
        down = f(x, w).item()
        t[idx] = old
        worst = max(worst, abs((up - down) / 2e-6 - g[idx].item()))
print(worst < 1e-4)
