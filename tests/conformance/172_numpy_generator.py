import numpy as np
rng = np.random.default_rng(42)
print(rng.random(), rng.random(4))
print(rng.random((2, 3)))
repr(rng)[:20]
# %%
import numpy as np
rng = np.random.default_rng(0)
print(rng)
print(rng.bit_generator.state)
print(rng.random(3, dtype=np.float32), rng.random(dtype=np.float32))
print(rng.bit_generator.state['has_uint32'], rng.bit_generator.state['uinteger'])
# %%
import numpy as np
rng = np.random.default_rng(7)
print(rng.standard_normal(), rng.standard_normal(5))
print(rng.standard_normal((2, 2), dtype=np.float32))
print(rng.normal(10, 0.5, 3), rng.normal(size=2), rng.normal(loc=[0, 10, 100], scale=1.0))
# %%
import numpy as np
rng = np.random.default_rng(123)
z = rng.standard_normal(100000)
print(z[:3], z[-3:], z.dtype, z.shape)
print(round(float(z.mean()), 6), round(float(z.std()), 6), float(z.max()), float(z.min()))
zf = rng.standard_normal(30001, dtype=np.float32)
print(zf[-4:], zf.dtype, float(zf.max()), float(zf.min()))
# %%
import numpy as np
rng = np.random.default_rng(2024)
print(rng.integers(10), rng.integers(5, 10), rng.integers(10, size=6))
print(rng.integers(-3, 3, size=(2, 4)), rng.integers(1, 6, size=5, endpoint=True))
print(rng.integers(0, 2**40, size=3), rng.integers(-2**63, 2**63 - 1, size=2))
print(type(rng.integers(3)) is np.int64, type(rng.integers(3, dtype=int)).__name__, rng.integers(3, dtype=int))
# %%
import numpy as np
rng = np.random.default_rng(5)
for dt in (np.int8, np.int16, np.int32, np.int64, np.uint8):
    a = rng.integers(0, 100, size=9, dtype=dt)
    print(a, a.dtype)
print(rng.integers(2, size=12, dtype=bool), rng.integers(-128, 127, size=5, dtype=np.int8, endpoint=True))
print(rng.integers(0, 256, size=6, dtype=np.uint8), rng.integers(0, 2**16 - 1, size=3, dtype=np.int32))
print(rng.integers(0, 2**32, size=3), rng.integers(7, 8, size=3), rng.integers(1, size=2))
# %%
import numpy as np
rng = np.random.default_rng(11)
print(rng.uniform(), rng.uniform(-2, 2, 4), rng.uniform(5, 6, size=(2,)))
print(rng.exponential(), rng.exponential(3.0, 4), rng.standard_exponential(3))
e = rng.exponential(size=50000)
print(e[-3:], round(float(e.mean()), 5))
# %%
import numpy as np
rng = np.random.default_rng(3)
print(rng.poisson(), rng.poisson(3, 6), rng.poisson(25.5, 4), rng.poisson(1000, 3))
print(rng.binomial(10, 0.5, 5), rng.binomial(20, 0.9, 4), rng.binomial(1000, 0.3, 4), rng.binomial(10**6, 0.75, 2))
print(rng.binomial(0, 0.5), rng.binomial(5, 0.0, 3), rng.poisson(0, 2), type(rng.poisson(2)).__name__)
# %%
import numpy as np
rng = np.random.default_rng(99)
print(rng.choice(10), rng.choice(10, 4), rng.choice(10, (2, 3)))
print(rng.choice(10, 5, replace=False), rng.choice(10, 10, replace=False), rng.choice(100, 6, replace=False, shuffle=False))
print(rng.choice([1.5, 2.5, 3.5]), rng.choice(np.arange(5) * 10, 3), rng.choice([[1, 2], [3, 4], [5, 6]], 2))
print(rng.choice(4, 8, p=[0.1, 0.2, 0.3, 0.4]), rng.choice(5, 3, replace=False, p=[0.1, 0.2, 0.3, 0.2, 0.2]))
print(rng.choice(20000, 5, replace=False), rng.choice(20000, 1000, replace=False)[:5])
print(rng.choice(np.arange(12).reshape(3, 4), 2, axis=1))
# %%
import numpy as np
rng = np.random.default_rng(17)
a = np.arange(10)
rng.shuffle(a)
print(a)
b = np.arange(12).reshape(4, 3)
rng.shuffle(b)
print(b)
rng.shuffle(b, axis=1)
print(b)
l = list('abcdef')
rng.shuffle(l)
print(l)
print(rng.permutation(8), rng.permutation([1.5, 2.5, 3.5]), rng.permutation(np.arange(6).reshape(2, 3)))
print(rng.permutation(np.arange(6).reshape(2, 3), axis=1))
# %%
import numpy as np
rng = np.random.default_rng(8)
x = np.arange(12).reshape(3, 4)
print(rng.permuted(x), rng.permuted(x, axis=0), rng.permuted(x, axis=1), rng.permuted(x, axis=-1))
print(x)
# %%
import numpy as np
print(np.random.default_rng([1, 2, 3]).random(2), np.random.default_rng(2**100).random(2))
print(np.random.default_rng(np.random.SeedSequence(7)).integers(100, size=4))
ss = np.random.SeedSequence(7)
kids = ss.spawn(2)
print(kids[1])
print([np.random.default_rng(k).random() for k in kids], ss.n_children_spawned)
print(ss.generate_state(4))
print(np.random.Generator(np.random.PCG64(5)).random(2), np.random.PCG64(5).state['state'])
g = np.random.default_rng(1)
print(np.random.default_rng(g) is g, [c.random() for c in g.spawn(2)])
# %%
import numpy as np
rng = np.random.default_rng(31)
st = rng.bit_generator.state
a = rng.random(3), rng.integers(100, size=3), rng.standard_normal(3)
rng.bit_generator.state = st
b = rng.random(3), rng.integers(100, size=3), rng.standard_normal(3)
print(all((x == y).all() for x, y in zip(a, b)))
r1, r2 = np.random.default_rng(9), np.random.default_rng(9)
print((r1.random(10) == r2.random(10)).all(), r1.integers(1000) == r2.integers(1000))
# %%
import numpy as np
rng = np.random.default_rng(0)
for f in [lambda: rng.integers(0), lambda: rng.integers(5, 2), lambda: rng.integers(5, 4, endpoint=True),
          lambda: rng.integers(-1, 3, dtype=np.uint8), lambda: rng.integers(0, 300, dtype=np.uint8),
          lambda: rng.normal(0, -1), lambda: rng.exponential(-1), lambda: rng.poisson(-1), lambda: rng.poisson(1e20),
          lambda: rng.binomial(-1, .5), lambda: rng.binomial(3, 1.5), lambda: rng.choice(0), lambda: rng.choice([]),
          lambda: rng.choice(5, 6, replace=False), lambda: rng.choice(3, p=[.5, .5]), lambda: rng.choice(3, p=[.5, .6, -.1]),
          lambda: rng.choice(3, p=[.5, .6, .1]), lambda: rng.choice(3, 2, p=[0, 0, 1], replace=False),
          lambda: rng.uniform(0, np.inf), lambda: rng.uniform(5), lambda: rng.random(dtype=np.int64), lambda: rng.standard_normal(dtype=np.int32),
          lambda: rng.integers(0, 5, dtype=np.float64), lambda: rng.random(-1), lambda: np.random.default_rng(-1),
          lambda: np.random.default_rng(1.5)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
# %%
import numpy as np
np.random.seed(3)
print(np.random.binomial(1000, 0.4, 8), np.random.binomial(10**6, 0.9, 3), np.random.binomial(100, 0.5), np.random.multinomial(1000, [0.3, 0.3, 0.4], 2))
g = np.random.default_rng(1)
print(g.binomial(500, 0.35, 6), g.binomial(80, 0.6, 4))
# %%
import numpy as np
g = np.random.default_rng(2718)
print(g.standard_gamma(0.5, 4), g.standard_gamma(2.5, 3), g.standard_gamma(1.0, 2), g.gamma(3.0, 2.0, 3), g.gamma(0.3))
print(g.chisquare(3, 4), g.beta(0.5, 0.7, 3), g.beta(2.0, 3.0, 3), g.lognormal(0, 0.5, 3), g.lognormal())
print(g.laplace(1.0, 2.0, 3), g.logistic(size=2), g.gumbel(0, 1, 2), g.triangular(0, 1, 3, 3))
print(g.geometric(0.5, 5), g.geometric(0.1, 4), g.geometric(0.01), g.standard_cauchy(3), g.weibull(1.5, 3), g.pareto(3.0, 3), g.rayleigh(2.0, 3), g.power(5.0, 3))
for f, a in [(g.gamma, (-1.,)), (g.chisquare, (0,)), (g.beta, (1., 0.)), (g.lognormal, (0, -1)), (g.laplace, (0, -1)), (g.triangular, (2, 1, 3)), (g.triangular, (1, 1, 1)), (g.geometric, (0,)), (g.geometric, (1.5,)), (g.weibull, (-1,)), (g.pareto, (0,)), (g.rayleigh, (-1,)), (g.power, (0,)), (g.standard_gamma, (-1,))]:
    try:
        print(f(*a))
    except ValueError as e:
        print('ValueError', e)
big = g.standard_gamma(0.7, 20000), g.gamma(4.5, 1.0, 20000), g.beta(0.3, 0.4, 20000), g.beta(5, 2, 20000), g.geometric(0.2, 20000), g.geometric(0.6, 20000)
print([x[-3:].tolist() for x in big], [x.shape for x in big])
# %%
import numpy as np
g = np.random.default_rng(21)
print(g.multinomial(20, [0.2, 0.3, 0.5], 3), g.multinomial(10, [1 / 6.] * 6), g.multinomial(1000, [0.5, 0.5]))
print(g.dirichlet([1., 2., 3.], 2), g.dirichlet((0.5, 0.5)), g.dirichlet([0.05, 0.02, 0.08], 2))
for f, a in [(g.dirichlet, ([1., 0.],)), (g.multinomial, (5, [0.7, 0.6, 0.1])), (g.multinomial, (5, [-0.1, 1.1])), (g.multinomial, (-1, [0.5, 0.5]))]:
    try:
        f(*a)
    except ValueError as e:
        print('ValueError', e)
print(type(g.multinomial(3, [0.5, 0.5])), g.multinomial(3, [0.5, 0.5]).dtype, g.dirichlet([1, 1], (2, 2)).shape)
# %%
import numpy as np
g = np.random.default_rng(0)
words = ['apple', 'banana', 'cherry']
print(g.choice(words), g.choice(('x', 'y')), g.choice(words, p=[0.8, 0.1, 0.1]), " ".join(g.choice(words) for _ in range(4)))
print(g.integers(100), g.random())
# %%
import numpy as np
g = np.random.default_rng(4)
print(g.integers([0, 10, 100], [5, 20, 1000]), g.integers(0, [3, 5, 10], size=(2, 3)), g.integers([1, 2], 10, dtype=np.int8), g.integers(0, [[2], [200]], dtype=np.uint8))
print(g.integers([3, 4], endpoint=True), g.integers(np.array([0, 1]), np.array([2, 2]), dtype=bool), g.integers(0, np.array([7, 70000]), dtype=np.int32))
print(np.random.default_rng(np.int64(5)).random(), np.random.default_rng(np.array([1, 2])).random(), np.random.default_rng([np.int64(1), 2]).random())
for f in [lambda: g.integers([0, 5], [3, 4]), lambda: g.integers([1, 2], [0, 3]), lambda: g.integers([-1, 2], [3, 4], dtype=np.uint8), lambda: g.integers([0, 0], [0, 3]), lambda: g.integers([2, 0], [1, 3], endpoint=True), lambda: g.integers([0, 1], [1, 300], dtype=np.int8)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
