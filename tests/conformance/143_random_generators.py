import torch
torch.manual_seed(0)
print(torch.rand(3), torch.randn(17)[-3:], torch.rand(2, dtype=torch.float64), torch.randn(3, dtype=torch.float16))
print(torch.randint(10, (16,)), torch.randint(-5, 5, (3,), dtype=torch.int32), torch.randperm(17))
# %%
g = torch.Generator()
print(g.manual_seed(3) is g, g.initial_seed(), g.device)
print(torch.rand(3, generator=g), torch.randn(2, generator=g), torch.randint(0, 10, (4,), generator=g), torch.randperm(5, generator=g))
s = g.get_state(); a = torch.rand(2, generator=g); g.set_state(s); print(torch.equal(a, torch.rand(2, generator=g)))
g2 = torch.Generator().manual_seed(5)
print(torch.empty(3).uniform_(generator=g2), torch.normal(0., 1., (2,), generator=g2), torch.multinomial(torch.ones(4), 2, generator=g2))
# %%
torch.manual_seed(3)
print(torch.normal(2., 3., (5,)), torch.normal(torch.arange(4.), 1.), torch.normal(torch.zeros(3), torch.ones(3)))
print(torch.empty(5).normal_(), torch.empty(3, dtype=torch.float64).normal_(1, 2), torch.empty(4).uniform_(-1, 1))
# %%
torch.manual_seed(4)
print(torch.bernoulli(torch.full((17,), 0.3)), torch.empty(5).bernoulli_(0.6), torch.bernoulli(torch.rand(4), 0.5))
print(torch.multinomial(torch.arange(1., 7.), 3), torch.multinomial(torch.arange(1., 7.), 8, replacement=True), torch.multinomial(torch.ones(2, 5), 2))
print(torch.poisson(torch.full((5,), 3.)), torch.poisson(torch.linspace(0, 30, 5)))
print(torch.empty(5).exponential_(), torch.empty(4).random_(10), torch.empty(4, dtype=torch.int64).random_(2, 7))
# %%
torch.manual_seed(9)
import torch.nn.functional as F
print(F.dropout(torch.ones(17), 0.5), torch.dropout(torch.ones(5), 0.3, True), torch.nn.Dropout(0.2)(torch.ones(2, 5)))
print(torch.dropout(torch.ones(3), 0.3, False), F.dropout(torch.ones(3, dtype=torch.float64), 0.5))
# %%
torch.manual_seed(7)
print(torch.initial_seed(), torch.rand_like(torch.zeros(2, 2)), torch.randn_like(torch.zeros(3)), torch.randint_like(torch.zeros(3), 5))
st = torch.get_rng_state(); x = torch.rand(3); torch.set_rng_state(st); print(torch.equal(x, torch.rand(3)))
print(torch.rand(100000)[-2:], torch.randperm(3000)[-4:], torch.randn(100001)[-2:])
