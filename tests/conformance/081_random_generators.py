import torch
torch.manual_seed(67280421310721)
s = torch.get_rng_state()
print(s.dtype, s.shape, s[:24].tolist(), s[5016:].tolist())
# %%
torch.manual_seed(42)
print(torch.initial_seed())
s = torch.get_rng_state()
a = torch.rand(3)
torch.set_rng_state(s)
print(torch.equal(a, torch.rand(3)))
print(torch.get_rng_state()[:32].tolist())
# %%
torch.manual_seed(0)
torch.randn(1)
s = torch.get_rng_state()
print(s[5016:].tolist())
a = torch.randn(1)
torch.set_rng_state(s)
print(a.tolist(), torch.randn(1).tolist())
# %%
g = torch.Generator()
print(g.initial_seed())
print(g.manual_seed(3) is g)
print(torch.rand(3, generator=g).tolist())
print(torch.randn(2, generator=g).tolist())
print(g.initial_seed(), g.device)
torch.manual_seed(3)
print(torch.rand(3).tolist())
# %%
g = torch.Generator().manual_seed(5)
st = g.get_state()
x = torch.randint(0, 100, (5,), generator=g)
g.set_state(st)
print(torch.equal(x, torch.randint(0, 100, (5,), generator=g)))
print(torch.randperm(6, generator=g).tolist())
print(torch.empty(3).uniform_(generator=g).tolist(), torch.empty(3).normal_(generator=g).tolist())
print(torch.multinomial(torch.ones(5), 3, generator=g).tolist())
print(torch.bernoulli(torch.full((4,), 0.5), generator=g).tolist())
print(torch.normal(0., 1., (3,), generator=g).tolist())
# %%
print(type(torch.manual_seed(1)))
print(torch.default_generator.initial_seed())
torch.default_generator.manual_seed(2)
print(torch.initial_seed())
# %%
torch.manual_seed(2**40 + 7)
print(torch.rand(2).tolist())
# %%
torch.set_rng_state(torch.zeros(10, dtype=torch.uint8))
# %%
torch.randint(5, 2, (3,))
# %%
torch.empty(3).uniform_(2, 1)
# %%
torch.randn(3, dtype=torch.int64)
# %%
torch.rand(3, dtype=torch.int32)
# %%
torch.empty(3).normal_(0, -1)
# %%
torch.multinomial(torch.tensor([0.5, 0.5]), 3)
# %%
torch.multinomial(torch.tensor([0., 0.]), 1)
# %%
torch.multinomial(torch.tensor([-1., 2.]), 1)
# %%
torch.multinomial(torch.tensor([1., 2.]), 0)
# %%
torch.empty(3).bernoulli_(1.5)
# %%
torch.randperm(-1)
# %%
torch.empty(3, dtype=torch.int64).exponential_()
# %%
torch.ones(3, requires_grad=True).uniform_()
# %%
torch.empty(1).expand(3).normal_()
# %%
torch.empty(3, dtype=torch.uint8).random_(0, 300)
# %%
torch.randint(0, 10, (2,), dtype=torch.bool)

