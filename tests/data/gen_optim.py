"""Parameter values of a small model after some steps of each torch.optim optimizer (the
single-tensor algorithms, foreach=False on the CPU), and of one tensor under an elementwise
loss (exact bits), as JSON on stdout. Run with the oracle's
python to write tests/data/optim_torch.json:

    ~/.cache/tk-oracle/bin/python tests/data/gen_optim.py > tests/data/optim_torch.json

tests/py/test_optim.py runs the same file in tensorkernel and compares."""
import json
import torch

O = torch.optim
CASES = [
    ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True)),
    ("Adam", dict(lr=0.01, amsgrad=True)),
    ("AdamW", dict(lr=0.01)),
    ("RMSprop", dict(lr=0.01, centered=True, momentum=0.5)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01)),
    ("Adadelta", dict()),
    ("Adadelta", dict(lr=0.5, rho=0.8, weight_decay=0.1)),
    ("Adadelta", dict(maximize=True)),
    ("Adamax", dict()),
    ("Adamax", dict(lr=0.01, weight_decay=0.05, betas=(0.8, 0.9))),
    ("NAdam", dict()),
    ("NAdam", dict(lr=0.01, weight_decay=0.1, momentum_decay=0.01)),
    ("NAdam", dict(weight_decay=0.1, decoupled_weight_decay=True)),
    ("RAdam", dict()),
    ("RAdam", dict(lr=0.01, weight_decay=0.1)),
    ("RAdam", dict(weight_decay=0.1, decoupled_weight_decay=True)),
    ("ASGD", dict()),
    ("ASGD", dict(lr=0.05, t0=3, lambd=0.01, weight_decay=0.01)),
    ("Rprop", dict()),
    ("Rprop", dict(lr=0.05, etas=(0.4, 1.5), step_sizes=(1e-3, 0.2), maximize=True)),
]


def model():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(6, 5), torch.nn.Tanh(), torch.nn.Linear(5, 3))


x = torch.linspace(-1, 1, 24).reshape(4, 6)
t = torch.tensor([0, 2, 1, 2])
out = []
for name, kw in CASES:
    m = model()
    o = getattr(O, name)(m.parameters(), **kw)
    for _ in range(9):
        o.zero_grad()
        torch.nn.functional.cross_entropy(m(x), t).backward()
        o.step()
    w = torch.cat([p.detach().reshape(-1) for p in m.parameters()])
    state = o.state_dict()['state'][0]
    out.append({"name": name, "kw": repr(sorted(kw.items())), "params": w.tolist(),
                "state": sorted(state.keys())})
# The same optimizers on a loss whose gradient is elementwise ((w * w * w).sum() / 3 +
# (0.5 * w * w).sum()): every step's arithmetic is the optimizer's own, so tensorkernel's
# values must be PyTorch's bits (the hex of each float32).
for name, kw in CASES:
    torch.manual_seed(1)
    w = torch.randn(257, requires_grad=True)
    o = getattr(O, name)([w], **kw)
    for _ in range(12):
        o.zero_grad()
        ((w * w * w).sum() / 3 + (0.5 * w * w).sum()).backward()
        o.step()
    out.append({"name": name, "kw": repr(sorted(kw.items())), "bits": w.detach().numpy().tobytes().hex(),
                "state": sorted(o.state_dict()['state'][0].keys())})
print(json.dumps(out))
