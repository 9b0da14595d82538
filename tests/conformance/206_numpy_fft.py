import numpy as np
print(np.fft.fft([1, 2, 3, 4]))
print(np.fft.fft(np.arange(4, dtype=np.float32)).dtype, np.fft.fft([1, 2, 3]).dtype, np.fft.rfft(np.arange(5.0)).dtype)
print(np.fft.ifft(np.fft.fft([1.0, 2.0, 3.0, 4.0])).real)
# %%
import numpy as np
t = np.linspace(0, 1, 64, endpoint=False)
x = np.sin(2 * np.pi * 5 * t) + 0.5 * np.sin(2 * np.pi * 12 * t)
X = np.fft.rfft(x)
freqs = np.fft.rfftfreq(64, d=1 / 64)
print(np.round(np.abs(X), 6)[:14])
print(freqs[np.argsort(np.abs(X))[-2:]])
print(np.allclose(np.fft.irfft(X, n=64), x), np.allclose(np.fft.ifft(np.fft.fft(x)).real, x))
# %%
import numpy as np
a = np.arange(12.0).reshape(3, 4)
print(np.fft.fft2(a))
print(np.fft.rfft2(a))
print(np.fft.irfft2(np.fft.rfft2(a), s=a.shape))
print(np.fft.fftn(a, axes=(0,)))
# %%
import numpy as np
print(np.fft.fft([1, 2, 3, 4], norm="ortho"), np.fft.fft([1, 2, 3, 4], norm="forward"))
print(np.fft.hfft([1, 2, 3]), np.fft.ihfft([1.0, 2, 3]))
print(np.abs(np.fft.fft(np.exp(2j * np.pi * 3 * np.arange(8) / 8))).round(8))
print(np.fft.fftshift(np.fft.fft(np.ones(4))))
# %%
import numpy as np
rng = np.random.default_rng(0)
x = rng.standard_normal(12)
print(np.abs(np.fft.fft(x)).round(6))
print(np.abs(np.fft.rfft(x, n=16)).round(6), np.fft.irfft(np.fft.rfft(x), n=12).round(6))
# %%
import numpy as np
np.fft.fft([1, 2], norm="x")
# %%
import numpy as np
np.fft.fft([1, 2], n=0)
# %%
import numpy as np
np.fft.rfft(np.array([1j, 2]))
