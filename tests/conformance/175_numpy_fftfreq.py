import numpy as np
print(np.fft.fftfreq(8), np.fft.fftfreq(7, d=0.1))
print(np.fft.rfftfreq(8), np.fft.rfftfreq(9, 0.5))
np.fft.fftfreq(5, d=1 / 20)
# %%
import numpy as np
print(np.fft.fftshift(np.arange(8)), np.fft.ifftshift(np.arange(7)), np.fft.fftshift(np.fft.fftfreq(6)))
print(np.fft.ifftshift(np.fft.fftshift(np.arange(9))))
# %%
import numpy as np
x = np.arange(12).reshape(3, 4)
print(np.fft.fftshift(x))
print(np.fft.fftshift(x, axes=1), np.fft.ifftshift(x, axes=(0,)), np.fft.fftshift(x, axes=[0, 1]))
# %%
import numpy.fft
import numpy as np
print(numpy.fft.fftfreq(4, 2), np.fft.fftfreq(1), np.fft.fftfreq(2).dtype, np.fft.rfftfreq(1))
n, dt = 16, 0.01
f = np.fft.rfftfreq(n, dt)
print(f.shape, f[-1], f[1] - f[0])
