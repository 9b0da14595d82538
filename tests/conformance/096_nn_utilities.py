import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.Linear(3, 3), nn.ReLU()), nn.Linear(3, 1))
print([name for name, _ in model.named_modules()])
print([type(m).__name__ for m in model.children()])
def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.constant_(m.weight, 0.5)
        nn.init.zeros_(m.bias)
model.apply(init_weights)
print(model[1][0].weight)
# %%
model[0].requires_grad_(False)
print([p.requires_grad for p in model.parameters()])
opt = torch.optim.SGD([{'params': model[1].parameters()}, {'params': model[2].parameters(), 'lr': 0.5}],
                      lr=0.1, momentum=0.9)
print(opt)
# %%
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
lrs = []
for epoch in range(5):
    opt.step()
    sched.step()
    lrs.append(sched.get_last_lr())
print(lrs)
# %%
opt2 = torch.optim.SGD(model.parameters(), lr=1.0)
cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt2, T_max=4)
vals = []
for _ in range(6):
    opt2.step()
    cos.step()
    vals.append(round(cos.get_last_lr()[0], 6))
print(vals)
# %%
d = nn.ModuleDict({'enc': nn.Linear(2, 2), 'act': nn.Tanh()})
print(d, len(d), list(d.keys()), 'enc' in d)
pl = nn.ParameterList([nn.Parameter(torch.ones(2)), nn.Parameter(torch.zeros(1))])
print(len(pl), [p.shape for p in pl])
# %%
m64 = nn.Linear(2, 2).double()
print(m64.weight.dtype, m64(torch.ones(1, 2, dtype=torch.float64)).dtype)
x = torch.ones(4, 2, requires_grad=False)
lin = nn.Linear(2, 1)
lin(x).sum().backward()
lin.zero_grad(set_to_none=False)
print(lin.weight.grad, lin.bias.grad)
lin.zero_grad()
print(lin.weight.grad)
# %%
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])
        self.scale = nn.Parameter(torch.tensor(0.5))
    def forward(self, x):
        for layer in self.layers:
            x = torch.relu(layer(x))
        return x * self.scale
b = Block()
print(b)
print(b(torch.ones(1, 4)).shape, sum(p.numel() for p in b.parameters() if p.requires_grad))
print(b.get_submodule('layers.1'), b.get_parameter('scale'))
