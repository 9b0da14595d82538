import torch
from torch import nn
from torch.utils import data
torch.manual_seed(42)
def synthetic_data(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))
true_w = torch.tensor([2, -3.4])
true_b = 4.2
features, labels = synthetic_data(true_w, true_b, 1000)
def load_array(data_arrays, batch_size, is_train=True):
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)
batch_size = 10
data_iter = load_array((features, labels), batch_size)
print(next(iter(data_iter)))
# %%
net = nn.Sequential(nn.Linear(2, 1))
net[0].weight.data.normal_(0, 0.01)
net[0].bias.data.fill_(0)
loss = nn.MSELoss()
trainer = torch.optim.SGD(net.parameters(), lr=0.03)
num_epochs = 3
for epoch in range(num_epochs):
    for X, y in data_iter:
        l = loss(net(X), y)
        trainer.zero_grad()
        l.backward()
        trainer.step()
    l = loss(net(features), labels)
    print(f'epoch {epoch + 1}, loss {l:f}')
# %%
w = net[0].weight.data
print('error in estimating w:', true_w - w.reshape(true_w.shape))
b = net[0].bias.data
print('error in estimating b:', true_b - b)
# %%
torch.manual_seed(1)
X = torch.randn(300, 20)
y = torch.randint(0, 5, (300,))
softmax_net = nn.Sequential(nn.Flatten(), nn.Linear(20, 5))
def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)
softmax_net.apply(init_weights)
mlp = nn.Sequential(nn.Flatten(), nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 5))
mlp.apply(init_weights)
for name, net in [('softmax', softmax_net), ('mlp', mlp)]:
    loss = nn.CrossEntropyLoss(reduction='none')
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)
    it = data.DataLoader(data.TensorDataset(X, y), batch_size=64, shuffle=True)
    for epoch in range(3):
        total, n = 0.0, 0
        for xb, yb in it:
            l = loss(net(xb), yb)
            trainer.zero_grad()
            l.mean().backward()
            trainer.step()
            total += l.sum().item()
            n += yb.numel()
        acc = (net(X).argmax(1) == y).float().mean().item()
        print(name, epoch + 1, round(total / n, 4), round(acc, 4))
