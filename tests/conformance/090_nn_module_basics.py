import torch
import torch.nn as nn
torch.manual_seed(0)
lin = nn.Linear(4, 2)
lin
# %%
lin.weight
# %%
print(lin.bias)
print(isinstance(lin.weight, nn.Parameter), isinstance(lin.weight, torch.Tensor), type(lin.weight))
# %%
model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 1))
model
# %%
x = torch.randn(5, 4)
model(x)
# %%
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 8)
        self.act = nn.Tanh()
        self.fc2 = nn.Linear(8, 2)
        self.register_buffer('scale', torch.tensor(2.0))

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x))) * self.scale

net = Net()
print(net)
print([name for name, p in net.named_parameters()])
print([tuple(p.shape) for p in net.parameters()])
print(sum(p.numel() for p in net.parameters()))
print(list(net.state_dict().keys()))
# %%
net.state_dict()['fc2.bias']
# %%
out = net(torch.randn(2, 3))
print(out)
print(net.training, net.eval().training, net.fc1.training, net.train().fc1.training)
# %%
print(nn.ModuleList([nn.Linear(2, 2), nn.Dropout(0.2)]))
print(nn.Flatten(), nn.LeakyReLU(0.2), nn.Softmax(dim=1), nn.GELU(), nn.Dropout(), nn.Identity())
print(nn.Embedding(10, 3), nn.LayerNorm(4), nn.CrossEntropyLoss(), nn.MSELoss())
# %%
empty = nn.Module()
empty
# %%
net.missing
