import numpy as np
a = np.arange(6).reshape(2, 3)
print(np.append(a, [7, 8]), np.append(a, [[9, 9, 9]], axis=0))
print(np.delete(np.arange(6), [0, 2]), np.delete(a, 1, axis=1), np.insert(np.arange(4), 1, 9))
print(np.insert(a, 1, 0, axis=1))
# %%
import numpy as np
a = np.arange(6).reshape(2, 3)
print(np.fliplr(a), np.flipud(a), np.rot90(a), np.rot90(a, 2))
print(np.diagonal(a), np.diagonal(np.arange(9).reshape(3, 3), 1), np.dstack([a, a]).shape)
print(np.flatnonzero(np.array([0, 3, 0, 4])), np.diag_indices(3))
# %%
import numpy as np
x = np.array([1., 2., 4., 7., 11.])
print(np.gradient(x), np.gradient(x, 2.), np.gradient(np.array([[1., 2., 6.], [3., 4., 5.]])))
print(np.trapezoid(x), np.trapezoid(x, dx=0.5), np.trapezoid([1., 2., 3.], [0., 1., 3.]))
print(np.cumulative_sum(np.array([1, 2, 3])), np.cumulative_sum(np.array([1, 2, 3]), include_initial=True))
# %%
import numpy as np
print(np.convolve([1, 2, 3], [0, 1, 0.5]), np.convolve([1, 2, 3], [0, 1, 0.5], 'same'), np.convolve([1, 2, 3], [0, 1, 0.5], 'valid'))
print(np.correlate([1, 2, 3], [0, 1, 0.5]), np.correlate([1., 2, 3], [0, 1, 0.5], 'full'))
# %%
import numpy as np
print(np.mgrid[0:3, 0:2])
print(np.mgrid[0:1:3j], np.ogrid[0:3, 0:2])
print(np.indices((2, 3)))
print(list(np.ndindex(2, 2)), list(np.ndenumerate(np.array([[1, 2], [3, 4]]))))
# %%
import numpy as np
print(np.unravel_index(7, (3, 4)), np.unravel_index(np.array([1, 5]), (2, 3)), np.ravel_multi_index((np.array([1, 2]), np.array([0, 3])), (3, 4)))
print(np.resize(np.array([1, 2, 3]), (2, 4)), np.select([np.arange(5) < 2, np.arange(5) > 3], [np.arange(5), -np.arange(5)], 9))
a = np.array([[10, 30, 20], [60, 40, 50]])
print(np.take_along_axis(a, np.argsort(a, axis=1), axis=1), np.lexsort((np.array([1, 2, 1]), np.array([3, 3, 1]))))
# %%
import numpy as np
print(np.intersect1d([1, 3, 4, 3], [3, 1, 2, 1]), np.union1d([-1, 0, 1], [-2, 0, 2]), np.setdiff1d([1, 2, 3, 2, 4, 1], [3, 4, 5]))
b = np.zeros((3, 3)); np.fill_diagonal(b, 5); print(b)
c = np.arange(5); np.put(c, [0, 2], [-44, -55]); print(c)
print(np.piecewise(np.array([-2., -1, 0, 1, 2]), [np.array([-2., -1, 0, 1, 2]) < 0, np.array([-2., -1, 0, 1, 2]) >= 0], [lambda x: -x, lambda x: x * 2]))
# %%
import numpy as np
f = np.vectorize(lambda a, b: a - b if a > b else a + b)
print(f([1, 2, 3, 4], 2), np.fromfunction(lambda i, j: i + j, (2, 3), dtype=int), np.fromiter((x * x for x in range(5)), dtype=float))
print(np.geomspace(1, 1000, 4), np.cbrt(np.array([1., 8., -27.])), np.block([[np.eye(2), np.zeros((2, 1))], [np.ones((1, 2)), np.array([[7.]])]]))
print(np.broadcast_arrays(np.array([1, 2, 3]), np.array([[1], [2]]))[0], np.bitwise_and(np.array([12, 10]), 6), np.left_shift(np.array([1, 2]), 3))
# %%
import numpy as np
p = np.polyfit(np.array([0., 1., 2., 3.]), np.array([1., 3., 5., 7.]), 1)
print(np.round(p, 6), np.polyval([1, 2, 3], 2), np.polyval(np.array([1., 0, -1]), np.array([0., 1., 2.])))
q = np.poly1d([1, 2, 3])
print(q(2), q.order, repr(q), q.coeffs, (q * q).coeffs, q.deriv().coeffs)
# %%
import numpy as np
print(np.issubdtype(np.arange(3).dtype, np.integer), np.issubdtype(np.float32, np.floating), np.issubdtype(np.arange(3.).dtype, np.number), np.issubdtype(np.int8, np.signedinteger))
print(np.result_type(np.int32, np.float32), np.promote_types(np.int8, np.uint8), np.can_cast(np.int32, np.int64), np.can_cast(np.float64, np.float32), np.result_type(np.arange(3), 1.5))
print(np.finfo(np.float64).eps, np.finfo(np.float32).max, np.iinfo(np.int32).max, np.iinfo(np.int8).min, np.iscomplexobj(np.array([1.])), np.real(np.array([1., 2.])), np.imag(np.array([1., 2.])))
# %%
import numpy as np
old = np.seterr(all='ignore')
print(sorted(old.items()))
with np.errstate(divide='ignore'):
    print(np.array([1.0]) / 2)
np.seterr(**old)
print(np.shares_memory(np.arange(4), np.arange(4)))
a = np.arange(6.); print(np.shares_memory(a, a[2:]), np.may_share_memory(a[:2], a[3:]), np.ascontiguousarray(a[::2]), np.array2string(np.array([1, 2, 3])))
# %%
import numpy as np
a = np.arange(6)
print(a[::-1], a[4:1:-1], a[::-2], a[-1:-4:-1], a[5:0:-3], a[1:4:-1])
m = np.arange(12).reshape(3, 4)
print(m[::-1], m[:, ::-1], m[::-1, ::-2], np.sort(np.array([3, 1, 2]))[::-1])
print(np.linalg.det(np.array([[1., 2.], [3., 4.]])), np.linalg.det(np.array([[2., 1, 0], [1, 3, 1], [0, 1, 4]])))
# %%
import numpy as np
a = np.arange(6.).reshape(2, 3)
print(a.diagonal(), a.take([0, 4]), a.take([1], axis=1), np.array([1, 3, 5]).searchsorted(4), a.conj(), a.compress([True, False, True], axis=1))
b = np.array([3, 1, 2]); b.partition(1); print(b, np.array([4, 2, 8]).argpartition(0))
c = np.zeros(4); c.put([1, 3], [7., 9.]); print(c, len(np.arange(3, dtype=np.int32).tobytes()), np.frombuffer(np.arange(3.).tobytes()), np.frombuffer(b'\x01\x02\x03\x04', dtype=np.uint8, count=2, offset=1))
# %%
import numpy as np
a = np.arange(6.).reshape(2, 3)
print(a.item(0), a.item(-1), a.item(1, 2), a.item((0, 1)), np.arange(4)[::2].item(1), np.array([7]).item())
for args in [(6,), (0, 3), (1, 2, 3)]:
    try:
        a.item(*args)
    except Exception as e:
        print(type(e).__name__, e)
# %%
import numpy as np
a = np.arange(6.).reshape(2, 3)
print(a.real, a.imag, a.flat[4], list(a.flat), a.T.flat[1])
a.flat[0] = 9.
print(a)
