import torch
from torch.utils.data import DataLoader, TensorDataset, Dataset
torch.manual_seed(0)
X = torch.arange(20.0).reshape(10, 2)
y = torch.arange(10)
ds = TensorDataset(X, y)
print(len(ds), ds[3])
loader = DataLoader(ds, batch_size=4, shuffle=True)
for xb, yb in loader:
    print(xb.shape, yb)
print(len(loader), torch.rand(2))
# %%
for epoch in range(2):
    print([yb.tolist() for _, yb in DataLoader(ds, batch_size=3, shuffle=True, drop_last=True)])
# %%
class Squares(Dataset):
    def __init__(self, n):
        self.n = n
    def __len__(self):
        return self.n
    def __getitem__(self, i):
        return {'x': torch.tensor([float(i)]), 'y': i * i}
for batch in DataLoader(Squares(5), batch_size=2):
    print(batch)
# %%
import torch.nn as nn
torch.manual_seed(1)
net = nn.Linear(3, 1)
opt = torch.optim.SGD(net.parameters(), lr=0.5, momentum=0.9)
data = TensorDataset(torch.randn(12, 3), torch.randn(12, 1))
for xb, yb in DataLoader(data, batch_size=4, shuffle=True):
    opt.zero_grad()
    loss = nn.functional.mse_loss(net(xb), yb)
    loss.backward()
    print(nn.utils.clip_grad_norm_(net.parameters(), 0.5))
    opt.step()
print(net.weight)
