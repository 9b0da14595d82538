import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=10)
seen = []
for _ in range(10):
    opt.step()
    sched.step() if len(seen) < 9 else None
    seen.append((round(opt.param_groups[0]['lr'], 6), round(opt.param_groups[0]['momentum'], 6)))
print(seen)
# %%
opt = torch.optim.Adam(model.parameters(), lr=0.01)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, epochs=2, steps_per_epoch=3, anneal_strategy='linear')
vals = []
for _ in range(5):
    opt.step()
    sched.step()
    vals.append([round(x, 6) for x in sched.get_last_lr()] + [round(opt.param_groups[0]['betas'][0], 6)])
print(vals)
# %%
opt = torch.optim.SGD(model.parameters(), lr=1.0)
plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=1, factor=0.5)
for loss in [1.0, 0.9, 0.95, 0.97, 0.99, 0.5, 0.6, 0.7, 0.8]:
    plateau.step(loss)
    print(opt.param_groups[0]['lr'], end=' ')
print()
lam = torch.optim.lr_scheduler.LambdaLR(torch.optim.SGD(model.parameters(), lr=0.5), lambda e: 0.9 ** e)
out = []
for _ in range(3):
    lam.optimizer.step()
    lam.step()
    out.append(round(lam.get_last_lr()[0], 6))
print(out)
