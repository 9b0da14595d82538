import numpy as np
a = np.array(['a', 'bc'])
print(a, repr(a), a.dtype, repr(a.dtype), a.shape, a.ndim, a.size, len(a))
print(a[0], repr(a[0]), type(a[0]).__name__, a.tolist(), a[-1], a[::-1], a[[1, 0]])
# %%
b = np.array([['a', 'bc'], ['def', 'g']])
print(b)
print(repr(b))
print(b[1], b[0, 1], b.T, b.shape, b.dtype, b[:, 0], b[1, :])
# %%
print(np.array(['a', 'b']) == 'a', list(np.array(['x', 'yz'])), 'bc' in a, sorted(np.array(['q', 'b', 'k'])))
print(np.array(("u", "vw")), np.asarray(['k']), np.array(['a', 'bb'], dtype=str), a.astype(str))
print(np.array(['it''s', 'q"']), repr(np.array(['it''s', 'q"'])))
# %%
print(str(np.array(['a'] * 8)))
print(repr(np.array(['abc'] * 30)))
print(np.array(['abcdefghij'] * 12))
print(repr(np.array([['xy'] * 9] * 2)))
# %%
print(np.array('solo'), repr(np.array('solo')), np.array('solo').shape)
print(np.array([1, 2], dtype=str), repr(np.array([1.5, 2], dtype=str)))
print(a.reshape(2, 1), a.flatten(), a.copy(), np.array(['a', 'b', 'c', 'd']).reshape(2, -1))
# %%
print(np.array([1.5, 2, 3]), np.array([1e-5, 1]), np.array([[1, 2], [3, 4]]), np.float64(1.5), np.array(3))
print(repr(np.array([1., 2.])), repr(np.float32(2.5)), np.array([True, False]), np.array([1, 2], dtype=np.int32).dtype)
print(repr(np.array([1, 2], dtype=np.uint8)), np.mean(np.array([1, 2])), repr(np.sum(np.array([1, 2]))))
print(np.arange(12).reshape(3, 4).T, np.array([1e10, 1]), np.array([0.1, 0.123456789]), np.pi, np.e, np.nan, np.inf, repr(np.array([np.nan, 1.])))
print(repr(np.str_('z')), np.str_('z'), np.str_('z') == 'z')
