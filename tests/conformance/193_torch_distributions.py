import torch
from torch.distributions import Normal, Uniform, Bernoulli, Categorical
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
torch.manual_seed(0)
n = Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))
print(n, n.sample(), n.sample((3,)), n.rsample(), n.mean, n.stddev, n.variance, n.batch_shape, n.event_shape)
print(n.log_prob(torch.tensor([0.5, 0.5])), n.entropy(), n.cdf(torch.tensor([0., 1.])), n.icdf(torch.tensor([0.5, 0.9])))
n0 = Normal(0.0, 1.0); print(n0, n0.sample(), n0.sample((2,)), n0.log_prob(torch.tensor(1.)), n0.entropy())
# %%
import torch
from torch.distributions import Normal, Uniform, Bernoulli, Categorical
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
torch.manual_seed(1)
u = Uniform(0.0, 2.0); print(u, u.sample(), u.sample((2, 2)), u.mean, u.stddev, u.log_prob(torch.tensor(0.5)), u.entropy())
u2 = Uniform(torch.tensor([0., 1.]), torch.tensor([1., 3.])); print(u2, u2.rsample((2,)), u2.variance)
b = Bernoulli(torch.tensor([0.3, 0.8])); print(b, b.sample(), b.sample((3,)), b.mean, b.variance, b.log_prob(torch.tensor([1., 0.])), b.entropy(), b)
b2 = Bernoulli(logits=torch.tensor([0.0, 2.0])); print(b2, b2.probs, b2)
b3 = Bernoulli(0.5); print(b3, b3.sample((4,)))
c = Categorical(torch.tensor([0.2, 0.3, 0.5])); print(c, c.sample(), c.sample((5,)), c.log_prob(torch.tensor(2)), c.entropy(), c.probs, c)
c2 = Categorical(logits=torch.tensor([[1.0, 2.0, 3.0], [0., 0., 0.]])); print(c2, c2.sample(), c2.sample((2,)), c2.probs, c2.entropy(), c2.batch_shape)
print(c.mean, c.mode, c2.enumerate_support(), b.enumerate_support())
# %%
import torch
from torch.distributions import Normal, Uniform, Bernoulli, Categorical
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
n = Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))
c = Categorical(torch.tensor([0.2, 0.3, 0.5]))
E(lambda: Normal(0., -1.))
E(lambda: Normal(torch.tensor([0., 1.]), torch.tensor([1., 0.])))
E(lambda: Bernoulli(torch.tensor([0.3, 1.5])))
E(lambda: Bernoulli())
E(lambda: Categorical(torch.tensor(0.5)))
E(lambda: Uniform(2., 1.))
E(lambda: Bernoulli(0.3).log_prob(torch.tensor(2.)))
E(lambda: n.log_prob(torch.ones(3)))
E(lambda: n.log_prob([1., 2.]))
E(lambda: c.log_prob(torch.tensor(3)))
E(lambda: Normal(0., -1., validate_args=False))
x = torch.tensor([0.5, -1.], requires_grad=True); lp = Normal(x, 1.).log_prob(torch.zeros(2)).sum(); lp.backward(); print(lp, x.grad)
print(n.perplexity(), Normal(0., 1.).sample_n(2) if False else None, isinstance(n, torch.distributions.Distribution))
print(torch.distributions.constraints.positive, torch.distributions.constraints.unit_interval, torch.distributions.constraints.real)
