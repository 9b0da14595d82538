import os
import torch
import torch.nn as nn
import torch.nn.functional as F
path = os.path.join('build' if os.path.isdir('build') else '/tmp', 'tk_case_112.pt')
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 3, 3, padding=1)
        self.bn = nn.BatchNorm2d(3)
        self.fc = nn.Linear(3 * 4 * 4, 4)
    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn(self.conv(x))), 2)
        return self.fc(x.flatten(1))
torch.manual_seed(0)
x = torch.randn(16, 1, 8, 8)
y = torch.randint(0, 4, (16,))
def train(model, opt, sched, steps):
    for _ in range(steps):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        sched.step()
    return loss.item()
# %%
model = Net()
opt = torch.optim.Adam(model.parameters(), lr=0.01)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
print(round(train(model, opt, sched, 3), 5))
torch.save({'epoch': 3, 'model': model.state_dict(), 'optimizer': opt.state_dict(),
            'scheduler': sched.state_dict()}, path)
print(round(train(model, opt, sched, 3), 5))
print(model.fc.bias)
# %%
torch.manual_seed(123)
model2 = Net()
opt2 = torch.optim.Adam(model2.parameters(), lr=0.5)
sched2 = torch.optim.lr_scheduler.StepLR(opt2, step_size=2, gamma=0.5)
ck = torch.load(path, map_location='cpu')
print(ck['epoch'], list(ck['model'].keys()))
print(ck['scheduler']['last_epoch'], ck['scheduler']['_last_lr'], ck['scheduler']['base_lrs'])
print(model2.load_state_dict(ck['model']))
opt2.load_state_dict(ck['optimizer'])
sched2.load_state_dict(ck['scheduler'])
print(opt2.param_groups[0]['lr'], opt2.state_dict()['state'][0]['step'])
print(round(train(model2, opt2, sched2, 3), 5))
print(model2.fc.bias)
print(torch.equal(model2.bn.running_mean, model.bn.running_mean), model2.bn.num_batches_tracked)
# %%
model3 = Net()
print(model3.load_state_dict(torch.load(path)['model'], strict=False))
print(model3.load_state_dict({'fc.weight': torch.zeros(4, 48)}, strict=False))
model3.load_state_dict({'fc.weight': torch.zeros(4, 5)})
