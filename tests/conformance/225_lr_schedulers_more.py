import torch
# torch.optim.lr_scheduler: the rates each scheduler sets, step by step, alone and composed
# (SequentialLR, ChainedScheduler); the PyTorch MNIST example's Adadelta with StepLR.
# (tests/py/test_optim.py checks the optimizers' parameter values.)
def model():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(6, 5), torch.nn.Tanh(), torch.nn.Linear(5, 3))
x = torch.linspace(-1, 1, 24).reshape(4, 6)
t = torch.tensor([0, 2, 1, 2])
S = torch.optim.lr_scheduler
def sched(make, n=12):
    m = model()
    o = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
    s = make(o)
    lrs = []
    for _ in range(n):
        o.step()
        s.step()
        lrs.append("%.12g" % s.get_last_lr()[0])
    print(type(s).__name__, lrs)
sched(lambda o: S.MultiplicativeLR(o, lambda e: 0.9))
sched(lambda o: S.ConstantLR(o, factor=0.5, total_iters=4))
sched(lambda o: S.LinearLR(o, start_factor=0.25, total_iters=5))
sched(lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=7))
sched(lambda o: S.PolynomialLR(o, total_iters=8, power=2.0))
sched(lambda o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001), 20)
sched(lambda o: S.CosineAnnealingWarmRestarts(o, T_0=4))
sched(lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=3), S.StepLR(o, 2, 0.5)], milestones=[3]))
sched(lambda o: S.SequentialLR(o, [S.ConstantLR(o, factor=0.1, total_iters=2), S.ExponentialLR(o, gamma=0.9)], milestones=[2]))
sched(lambda o: S.ChainedScheduler([S.ConstantLR(o, factor=0.1, total_iters=2), S.ExponentialLR(o, gamma=0.9)]))
m = model()
o = torch.optim.Adadelta(m.parameters(), lr=1.0)
s = S.StepLR(o, step_size=1, gamma=0.7)
for epoch in range(3):
    o.zero_grad()
    torch.nn.functional.nll_loss(torch.log_softmax(m(x), 1), t).backward()
    o.step()
    s.step()
print(s.get_last_lr(), "%.4g" % m[0].weight.sum().item())
print(o)
sched(lambda o: S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=3), 14)
sched(lambda o: S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=2, step_size_down=4, mode='triangular2'), 14)
sched(lambda o: S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=3, mode='exp_range', gamma=0.9), 14)
m = model()
o = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
s = S.CyclicLR(o, 0.001, 0.01, step_size_up=2)
ms = []
for _ in range(5):
    o.step(); s.step(); ms.append("%.6g" % o.param_groups[0]['momentum'])
print(ms)
a = torch.optim.Adam(model().parameters())
s = S.CyclicLR(a, 0.001, 0.01, step_size_up=2, base_momentum=0.7, max_momentum=0.95)
a.step(); s.step()
print(a.param_groups[0]['betas'], s.get_last_lr())
