import numpy as np
np.random.seed(0)
print(np.random.rand(3))
print(np.random.rand())
print(np.random.randn(2, 3))
print(np.random.randn())
print(np.random.randn(3))
# %%
np.random.seed(42)
print(np.random.randint(0, 10, size=8))
print(np.random.randint(5), np.random.randint(-3, 3, 4))
print(np.random.randint(0, 2**40, 3))
print(np.random.randint(0, 7, (2, 2), dtype=np.int32))
print(np.random.random(3), np.random.random())
print(np.random.uniform(-1, 1, 4))
print(np.random.normal(5, 2, size=3))
print(np.random.uniform(), np.random.normal())
# %%
np.random.seed(1)
print(np.random.choice(10, 4))
print(np.random.choice(5))
print(np.random.choice([1.5, 2.5, 3.5], size=5))
print(np.random.choice(6, 3, replace=False))
print(np.random.choice(4, 6, p=[0.1, 0.2, 0.3, 0.4]))
print(np.random.choice(5, 3, replace=False, p=[0.1, 0.2, 0.3, 0.2, 0.2]))
print(np.random.choice(np.arange(10, 20), (2, 2)))
# %%
np.random.seed(2)
x = np.arange(10)
np.random.shuffle(x)
print(x)
m = np.arange(12).reshape(4, 3)
np.random.shuffle(m)
print(m)
l = [1, 2, 3, 4, 5]
np.random.shuffle(l)
print(l)
print(np.random.permutation(8))
print(np.random.permutation(np.array([1.0, 2.0, 3.0])))
print(np.random.permutation([[1, 2], [3, 4], [5, 6]]))
# %%
np.random.seed(3)
print(np.random.rand(2, 2).dtype, np.random.randint(3, size=2).dtype, type(np.random.rand()))
a = np.random.randn(1000)
print(a[::100])
# %%
np.random.seed(-1)
# %%
np.random.randint(0)
# %%
np.random.randint(5, 2)
# %%
np.random.choice(3, 5, replace=False)
# %%
np.random.choice(3, p=[0.5, 0.1, 0.1])

