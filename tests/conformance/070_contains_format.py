import time
t0 = time.perf_counter()
print(10**9 in range(10**12), 10**12 in range(10**12), -1 in range(10**12))
print(10**9 + 1 in range(0, 10**12, 2), 10**9 in range(10**12, 0, -1))
print(2.0 in range(5), 2.5 in range(5), True in range(2), float('nan') in range(3))
print((time.perf_counter() - t0) < 0.05)
print('b' in 'a\x00b', 'a\x00' in 'a\x00b', '\x00' in 'ab', '' in '')
print('a\x00b'.find('b'), 'a\x00b'.index('b'), 'a\x00b\x00b'.count('b'), 'a\x00b'.rfind('\x00'))
print('a\x00b'.replace('b', 'c') == 'a\x00c', 'a\x00b'.split('\x00'), 'a\x00b'.partition('\x00'))
print('a\x00b'.startswith('a\x00'), 'a\x00b'.endswith('\x00b'), repr('x\x00y'.strip('y')))
print('a\x00b'.splitlines(), 'a\x00b\nc'.splitlines(), 'a\x00'.strip('\x00'), 'x\x00y'.upper() == 'X\x00Y')
try:
    '%\x00d' % 1
except ValueError as e:
    print(e)
try:
    1 in 'abc'
except TypeError as e:
    print(e)
print(1 in [1, 2], [1] in [[1]], 3 in (1, 2), 'k' in {'k': 1}, 1 in {'k': 1})
d = {'a': 1}
print('a' in d.keys(), ('a', 1) in d.items(), 1 in d.values(), 2 not in d.values())
try:
    [1] in {}
except TypeError as e:
    print(e)
try:
    1 in 5
except TypeError as e:
    print(e)
print(3 in iter([1, 2, 3]), 4 not in (x for x in [1, 2]))
# %%
import torch
import numpy as np
t = torch.tensor([1, 2, 3])
print(2 in t, 5 in t, 2.0 in t, 5 not in t)
print(torch.tensor([1., 2.]) in torch.tensor([[1., 2.], [3., 4.]]))
try:
    'a' in t
except RuntimeError as e:
    print(e)
a = np.array([1, 2, 3])
print(2 in a, 7 in a, [1, 2] in np.array([[1, 2], [3, 4]]))
# %%
import torch
import numpy as np
print(format(3.14159, '.2f'), format(42, '>5'), format(True, ''), format(True, 'd'), format('x', '^3'))
print(f"{torch.tensor(3.14159):.2f}|{torch.tensor(7):>4}|{torch.tensor(True)}")
print('{:.1f}'.format(torch.tensor(2.25)), format(torch.tensor([1., 2.]), ''))
try:
    format(torch.tensor([1., 2.]), '.2f')
except TypeError as e:
    print(e)
print(format(np.float64(2.5), '.3f'), format(np.array(2.5), '.1f'), f"{np.int64(5):03d}")
try:
    format(np.array([2.5]), '.1f')
except TypeError as e:
    print(e)
try:
    format([1], 'x')
except TypeError as e:
    print(e)
print(format([1], ''), f"{None!r:>6}|{'a'!s:3}|")
