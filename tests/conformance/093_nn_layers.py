import torch
import torch.nn as nn
torch.manual_seed(3)
bn = nn.BatchNorm1d(3)
x = torch.randn(6, 3) * 2 + 1
print(bn)
print(bn(x))
print(bn.running_mean, bn.running_var, bn.num_batches_tracked)
bn.eval()
print(bn(x[:2]))
# %%
ln = nn.LayerNorm(3)
print(ln(x[:2]))
emb = nn.Embedding(5, 2)
print(emb.weight)
print(emb(torch.tensor([[0, 4], [2, 2]])))
# %%
drop = nn.Dropout(0.5)
print(drop(torch.ones(8)))
drop.eval()
print(drop(torch.ones(4)))
# %%
net = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3), nn.ReLU(), nn.Linear(3, 1), nn.Sigmoid())
print(net)
print(net(torch.randn(4, 2)))
print(net[0], len(net), net[-1], net[1:3])
# %%
nn.init.xavier_uniform_(net[0].weight)
nn.init.zeros_(net[0].bias)
print(net[0].weight, net[0].bias)
nn.init.kaiming_normal_(net[3].weight, nonlinearity='relu')
print(net[3].weight, nn.init.calculate_gain('tanh'))
# %%
def hook(module, inp, out):
    print('hook', type(module).__name__, tuple(out.shape))
h = net[0].register_forward_hook(hook)
net(torch.zeros(2, 2))
h.remove()
net(torch.zeros(2, 2)).shape
# %%
sd = net.state_dict()
print(list(sd.keys()))
net2 = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3), nn.ReLU(), nn.Linear(3, 1), nn.Sigmoid())
print(net2.load_state_dict(sd))
print(torch.equal(net2[0].weight, net[0].weight))
# %%
net2.load_state_dict({'0.weight': torch.zeros(3, 2)})
