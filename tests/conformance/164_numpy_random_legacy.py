import numpy as np
np.random.seed(42)
print(np.random.standard_normal(3), np.random.standard_normal())
print(np.random.exponential(2.0, 4), np.random.standard_exponential(2))
print(np.random.poisson(3, 6), np.random.poisson(25.5, 4), np.random.poisson(0.5))
# %%
import numpy as np
np.random.seed(7)
print(np.random.binomial(10, 0.5, 5), np.random.binomial(20, 0.7, 4), np.random.binomial(1, 0.3, 6))
print(np.random.geometric(0.5, 5), np.random.geometric(0.1, 4))
# %%
import numpy as np
np.random.seed(3)
print(np.random.laplace(1.0, 2.0, 3), np.random.logistic(size=2), np.random.lognormal(0, 0.5, 3))
print(np.random.gumbel(0, 1, 2), np.random.triangular(0, 1, 3, 3))
print(np.random.poisson(lam=4.0, size=(2, 3)))
# %%
import numpy as np
for f, a in [(np.random.poisson, (-1,)), (np.random.binomial, (5, 1.5)), (np.random.geometric, (0,)), (np.random.exponential, (-1.,)), (np.random.triangular, (2, 1, 3))]:
    try:
        f(*a)
    except ValueError as e:
        print('ValueError', e)
# %%
import numpy as np
np.random.seed(11)
print(np.random.gamma(0.5, 2.0, 3), np.random.gamma(2.5, size=3), np.random.standard_gamma(1.0, 2))
print(np.random.chisquare(3, 4), np.random.beta(0.5, 0.7, 3), np.random.beta(2.0, 3.0, 3))
for f, a in [(np.random.gamma, (-1.,)), (np.random.chisquare, (0,)), (np.random.beta, (1., 0.))]:
    try:
        f(*a)
    except ValueError as e:
        print('ValueError', e)
# %%
import numpy as np
np.random.seed(5)
np.random.randn()
s = np.random.get_state()
print(s[0], len(s[1]), s[2], s[3], type(s[4]).__name__)
a = np.random.rand(3), np.random.randn(3)
np.random.set_state(s)
b = np.random.rand(3), np.random.randn(3)
print(all((x == y).all() for x, y in zip(a, b)))
# %%
import numpy as np
np.random.seed(21)
print(np.random.dirichlet([1., 2., 3.], 2), np.random.dirichlet((0.5, 0.5)))
print(np.random.multinomial(20, [0.2, 0.3, 0.5], 3), np.random.multinomial(10, [1 / 6.] * 6), np.random.bytes(6))
for f, a in [(np.random.dirichlet, ([1., 0.],)), (np.random.multinomial, (5, [0.7, 0.6, 0.1])), (np.random.multinomial, (5, [-0.1, 1.1]))]:
    try:
        f(*a)
    except ValueError as e:
        print('ValueError', e)
