import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(42)
X = torch.randn(64, 3)
true_w = torch.tensor([[2.0, -3.4, 1.5]])
y = X @ true_w.T + 4.2 + 0.01 * torch.randn(64, 1)
model = nn.Linear(3, 1)
loss_fn = nn.MSELoss()
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(5):
    opt.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    opt.step()
    print(epoch, round(loss.item(), 4))
print(model.weight.data, model.bias.data)
# %%
torch.manual_seed(0)
clf = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
inputs = torch.randn(32, 4)
labels = torch.randint(0, 3, (32,))
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(clf.parameters(), lr=0.01)
for step in range(5):
    optimizer.zero_grad()
    loss = criterion(clf(inputs), labels)
    loss.backward()
    optimizer.step()
    print(step, f'{loss.item():.4f}')
# %%
logits = torch.tensor([[1.0, 2.0, 0.5], [0.1, 0.2, 3.0]])
target = torch.tensor([1, 2])
print(F.cross_entropy(logits, target), F.nll_loss(F.log_softmax(logits, dim=1), target))
print(F.mse_loss(logits, torch.zeros(2, 3)), F.l1_loss(logits, torch.ones(2, 3)))
print(F.softmax(logits, dim=1), F.relu(logits - 1))
print(F.binary_cross_entropy_with_logits(logits, torch.ones(2, 3)))
print(F.one_hot(torch.tensor([0, 2, 1]), 3))
# %%
optimizer
