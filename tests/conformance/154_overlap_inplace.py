import torch
def chk(name, f):
    t = torch.tensor([1., 2.])
    try:
        f(t)
        print(name, t)
    except Exception as e:
        print(name, type(e).__name__, e)
chk("mul_ self row", lambda t: t.mul_(t[0]))
chk("expanded add_", lambda t: t.expand(2, 2).add_(1))
chk("add_ self", lambda t: t.add_(t))
chk("shifted copy_", lambda t: t[1:].copy_(t[:-1]))
chk("expanded zero_", lambda t: t.expand(2, 2).zero_())
chk("expanded fill_", lambda t: t.expand(2, 2).fill_(1))
chk("expanded mul_", lambda t: t.expand(2, 2).mul_(2))
chk("expanded sin_", lambda t: t.expand(2, 2).sin_())
chk("expanded clamp_", lambda t: t.expand(2, 2).clamp_(0))
chk("expanded copy_", lambda t: t.expand(2, 2).copy_(torch.ones(2, 2)))
chk("expanded neg_", lambda t: t.unsqueeze(0).expand(2, 2).neg_())
chk("expanded uniform_", lambda t: t.expand(2, 2).uniform_())
chk("stride 0 add_", lambda t: t.as_strided((2,), (0,)).add_(1))
chk("exp out self", lambda t: torch.exp(t, out=t))
chk("copy_ flipped", lambda t: t.copy_(t.flip(0)))
# %%
def chk(name, f):
    t = torch.tensor([1., 2.])
    try:
        f(t)
        print(name, t)
    except Exception as e:
        print(name, type(e).__name__, e)
chk("add out expanded", lambda t: torch.add(t, 1, out=t.expand(2, 2)))
chk("mul out expanded", lambda t: torch.mul(t, 3, out=t.expand(3, 2)))
chk("sin out expanded", lambda t: torch.sin(t, out=t.expand(2, 2)))
chk("sum out expanded", lambda t: torch.sum(torch.ones(2, 2), 0, out=t.expand(2, 2)))
chk("add out plain", lambda t: torch.add(torch.ones(2), 1, out=t))
# %%
t = torch.tensor([1., 2., 3.])
print(t.expand(2, 3).masked_fill_(torch.tensor([[True, False, False], [False, False, True]]), 0.), t)
u = torch.tensor([[1.], [2.]])
print(u.expand(2, 3).masked_fill_(torch.tensor([False, True, False]), -1.), u)
v = torch.tensor([1., 2.])
print(v.expand(2, 2).index_fill_(0, torch.tensor([0]), 5.), v)
