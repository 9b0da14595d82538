import numpy as np
rs = np.random.RandomState(42)
print(rs.rand(3), rs.randn(2), rs.randint(0, 10, 5))
print(rs.uniform(1, 2, 2), rs.normal(size=2), rs.choice(5, 3), rs.permutation(5))
np.random.seed(42)
print(np.random.rand(3))
print(rs, repr(rs).startswith('RandomState(MT19937) at 0x'))
# %%
import numpy as np
rs2 = np.random.RandomState(42)
a = rs2.rand(2)
np.random.seed(1)
b = rs2.rand(1)
print(a, b, np.random.rand(1))
rs = np.random.RandomState(5)
s = rs.get_state()
x1 = rs.randn(3)
rs.set_state(s)
print(x1, rs.randn(3), s[0], s[2:], len(s[1]))
rs.seed(7)
print(rs.random_sample(2), rs.random(2), rs.standard_normal(2), rs.exponential(2.0, 2), rs.poisson(3.0, 4))
# %%
import numpy as np
print(np.random.RandomState([1, 2, 3]).rand(2), np.random.RandomState(np.random.MT19937(3)).rand(2))
gs = np.random.RandomState(3).get_state(legacy=False)
print(gs['bit_generator'], gs['state']['pos'], gs['has_gauss'], gs['gauss'])
r = np.random.RandomState(1)
r.set_state(gs)
print(r.rand(2), np.random.RandomState(3).rand(2))
for bad in (-1, 2**32):
    try:
        np.random.RandomState(bad)
    except ValueError as e:
        print(type(e).__name__, e)
# %%
import numpy as np
bg = np.random.MT19937(5)
st = bg.state
print(st['bit_generator'], st['state']['pos'], st['state']['key'][:4], repr(bg).startswith('<numpy.random._mt19937.MT19937 object at 0x'))
b = np.random.MT19937(5)
b.state = np.random.MT19937(6).state
print(b.random_raw(2), np.random.MT19937(6).random_raw(2), np.random.MT19937(6).random_raw())
g = np.random.Generator(np.random.MT19937(1))
print(g, type(g.bit_generator).__name__)
print(g.random(3), g.integers(0, 10, 5), g.standard_normal(2), g.integers(0, 2**40, 2), g.random(2, dtype=np.float32))
# %%
import numpy as np
G = lambda: np.random.Generator(np.random.MT19937(1))
print(G().integers(0, 2**33, 3), G().standard_normal(3, dtype=np.float32))
print(G().exponential(2.0, 3), G().choice(10, 4, replace=False), G().permutation(6))
print(G().poisson(3.0, 5), G().integers(0, 256, 6, dtype=np.uint8), G().normal(1.0, 2.0, 2), G().uniform(size=2))
print(np.random.Generator(np.random.MT19937(np.random.SeedSequence(9))).random(2), np.random.default_rng(np.random.MT19937(9)).random(2))
# %%
import numpy as np
mean = [0.0, 1.0]
cov = [[1.0, 0.5], [0.5, 2.0]]
print(np.random.RandomState(0).multivariate_normal(mean, cov, 3))
np.random.seed(0)
print(np.random.multivariate_normal(mean, cov, (2, 2)))
np.random.seed(0)
print(np.random.multivariate_normal(mean, cov))
print(np.random.default_rng(0).multivariate_normal(mean, cov, 3))
print(np.random.default_rng(0).multivariate_normal(mean, cov, 3, method='cholesky'))
print(np.random.default_rng(0).multivariate_normal(mean, cov, 3, method='eigh'))
print(np.random.default_rng(0).multivariate_normal([1, 2, 3], np.eye(3) * 2, 2))
print(np.random.Generator(np.random.MT19937(2)).multivariate_normal(mean, cov, 2))
# %%
import numpy as np
g = np.random.default_rng(0)
mean = [0.0, 1.0]
cov = [[1.0, 0.5], [0.5, 2.0]]
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
E(lambda: g.multivariate_normal(mean, cov, method='foo'))
E(lambda: g.multivariate_normal([[0, 1]], cov))
E(lambda: g.multivariate_normal(mean, [1, 2]))
E(lambda: g.multivariate_normal([0, 1, 2], cov))
E(lambda: g.multivariate_normal(mean, [[1, 2], [3, -4]], check_valid='raise'))
E(lambda: g.multivariate_normal(mean, cov, check_valid='x'))
E(lambda: np.random.multivariate_normal(mean, [[1, 2], [3, -4]], check_valid='raise'))
E(lambda: np.random.RandomState(0).multivariate_normal(mean, [[1, 2], [3, -4]], check_valid='raise'))
print(g.multivariate_normal(mean, [[1, 2], [3, -4]], check_valid='ignore', method='eigh').shape)
