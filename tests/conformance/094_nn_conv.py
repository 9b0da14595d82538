import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, input):
        c1 = F.relu(self.conv1(input))
        s2 = F.max_pool2d(c1, (2, 2))
        c3 = F.relu(self.conv2(s2))
        s4 = F.max_pool2d(c3, 2)
        s4 = torch.flatten(s4, 1)
        f5 = F.relu(self.fc1(s4))
        f6 = F.relu(self.fc2(f5))
        return self.fc3(f6)

net = Net()
print(net)
params = list(net.parameters())
print(len(params), params[0].size())
# %%
input = torch.randn(1, 1, 32, 32)
out = net(input)
print(out)
# %%
net.zero_grad()
out.backward(torch.randn(1, 10))
print(net.conv1.bias.grad)
# %%
output = net(input)
target = torch.randn(10).view(1, -1)
criterion = nn.MSELoss()
loss = criterion(output, target)
print(loss)
print(loss.grad_fn.name())
# %%
optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
optimizer.zero_grad()
loss = criterion(net(input), target)
loss.backward()
optimizer.step()
print(criterion(net(input), target))
# %%
x = torch.arange(32.).reshape(1, 2, 4, 4)
print(nn.AvgPool2d(2)(x), nn.AdaptiveAvgPool2d((1, 1))(x).flatten(1), nn.MaxPool2d(3, stride=1, padding=1)(x)[0, 0])
conv = nn.Conv2d(2, 4, 3, stride=2, padding=1, groups=2, bias=False)
print(conv, conv(x).shape, nn.Conv1d(3, 2, 2, dilation=2))
print(nn.Conv1d(3, 2, 2)(torch.randn(1, 3, 6)))
