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
