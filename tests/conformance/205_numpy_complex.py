import numpy as np
a = np.array([1 + 2j, 3 - 0.5j, -1e-3 + 1e5j])
print(a)
a
# %%
import numpy as np
z = np.array([[1.5 + 2j, 3.25 - 1j], [0, 1j]])
print(repr(z), z.dtype, z.shape)
print(np.array([0j, 0j]), repr(np.zeros(3, dtype=complex)), np.array([1 + 2j], dtype=np.complex64))
# %%
import numpy as np
a = np.array([1 + 2j, 3 - 0.5j, -2 + 1j])
print(a.real, a.imag, a.conj(), np.conj(a), np.conjugate(a))
print(np.abs(a), np.angle(a), np.angle(a, deg=True), np.real(a), np.imag(a))
print(a * a, a + 1, a * 2.5, a / (1 + 1j), a - a.conj())
print(np.array([1, 2]) * 1j, np.array([1.0, 2.0], dtype=np.float32) * (1 + 1j))
print(a.sum(), a.mean(), np.iscomplexobj(a), np.iscomplex(a))
# %%
import numpy as np
a = np.array([1 + 2j, 3 - 0.5j])
print(a[0], repr(a[0]), a[1].item(), a.tolist(), np.complex128(2j), np.complex64(1.5 - 2j))
a.real[0] = 7
a.imag[1] = -4
print(a)
# %%
import numpy as np
print(np.exp(1j * np.pi * np.arange(4) / 2))
print(np.exp(2j * np.pi * np.arange(3) / 3).round(6))
w = np.exp(-2j * np.pi * np.outer(np.arange(4), np.arange(4)) / 4)
print((w @ np.array([1.0, 2.0, 3.0, 4.0])).round(10))
# %%
import numpy as np
X = np.fft.fft([1.0, 2.0, 3.0, 4.0])
print(abs(X), abs(np.array([-1.5, 2.0])), np.asarray(np.complex128(1 + 2j)), np.conjugate(np.complex128(1 + 2j)))
