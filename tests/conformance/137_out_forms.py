import torch
a = torch.tensor([1., 2., 3., 4.]); b = torch.tensor([2., 0.5, 1., 3.])
for name, f in [('cat', lambda o: torch.cat([a, b], out=o)), ('stack', lambda o: torch.stack([a, b], out=o)),
                ('where', lambda o: torch.where(a > 1, a, b, out=o)), ('arange', lambda o: torch.arange(4, out=o)),
                ('linspace', lambda o: torch.linspace(0, 1, 4, out=o)), ('zeros', lambda o: torch.zeros(4, out=o)),
                ('ones', lambda o: torch.ones(2, 2, out=o)), ('full', lambda o: torch.full((2,), 3., out=o)),
                ('eye', lambda o: torch.eye(2, out=o))]:
    o = torch.empty(0)
    r = f(o)
    print(name, r, o, r is o)
# %%
o = torch.empty(0, dtype=torch.float64)
print(torch.arange(3, out=o), torch.zeros(2, out=torch.empty(0, dtype=torch.int32)))
print(torch.ones(3, out=torch.empty(5, dtype=torch.int64)))
# %%
torch.manual_seed(0)
o = torch.empty(0)
print(torch.rand(4, out=o), o, torch.randn(3, out=o), o)
print(torch.randint(0, 10, (5,), out=torch.empty(0, dtype=torch.int64)))
print(torch.randperm(6, out=torch.empty(0, dtype=torch.int64)))
# %%
a = torch.tensor([1., 2.])
for o in [torch.empty(2, dtype=torch.int64), torch.empty(3), torch.empty(2, requires_grad=True)]:
    try:
        print(torch.add(a, a, out=o), o)
    except Exception as e:
        print(type(e).__name__, e)
# %%
torch.cat([])
