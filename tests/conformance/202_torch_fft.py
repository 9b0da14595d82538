import torch
x = torch.tensor([1.0, 2.0, 3.0, 4.0])
print(torch.fft.fft(x))
print(torch.fft.rfft(x), torch.fft.ifft(torch.fft.fft(x)).real)
print(torch.fft.fft(x).dtype, torch.fft.fft(x.double()).dtype)
# %%
import torch
torch.manual_seed(0)
x = torch.randn(10)
print(torch.fft.fft(x))
print(torch.fft.rfft(x))
print(torch.fft.ifft(x))
print((torch.fft.irfft(torch.fft.rfft(x), n=10) - x).abs().max() < 1e-6)
# %%
import torch
torch.manual_seed(1)
z = torch.randn(7, dtype=torch.complex64)
print(z)
print(torch.fft.fft(z))
print(torch.fft.ifft(z, norm="ortho"))
print(torch.fft.fft(z, norm="forward"))
print(torch.fft.fft(z, n=4), torch.fft.fft(z, n=9))
# %%
import torch
t = torch.arange(64, dtype=torch.float64)
sig = torch.sin(2 * torch.pi * 5 * t / 64) + 0.5 * torch.cos(2 * torch.pi * 12 * t / 64)
spec = torch.fft.rfft(sig)
print(spec.abs().round(decimals=6)[:16])
print(torch.fft.rfftfreq(64, d=1 / 64)[spec.abs().argmax()])
print(torch.fft.irfft(spec, n=64)[:6])
# %%
import torch
print(torch.fft.fftfreq(8), torch.fft.fftfreq(5, d=0.5))
print(torch.fft.rfftfreq(9), torch.fft.rfftfreq(8, 0.1, dtype=torch.float64))
print(torch.fft.fftshift(torch.fft.fftfreq(6)), torch.fft.ifftshift(torch.arange(7)))
print(torch.fft.fftshift(torch.arange(12).reshape(3, 4)), torch.fft.fftshift(torch.arange(12).reshape(3, 4), dim=1))
# %%
import torch
torch.manual_seed(2)
for n in [2, 3, 5, 6, 8, 11, 12, 16, 17, 30, 37, 101]:
    x = torch.randn(n, dtype=torch.float64)
    X = torch.fft.fft(x)
    print(n, X[:3], (torch.fft.ifft(X).real - x).abs().max() < 1e-12)
# %%
import torch
torch.manual_seed(3)
z = torch.randn(6, dtype=torch.complex128)
print(torch.fft.hfft(z), torch.fft.hfft(z, n=7))
x = torch.randn(9, dtype=torch.float64)
print(torch.fft.ihfft(x))
print(torch.fft.irfft(torch.randn(5, dtype=torch.complex128), n=9))
# %%
import torch
torch.fft.fft(torch.tensor(1.0))
# %%
import torch
torch.fft.rfft(torch.tensor([1j, 2]))
# %%
import torch
torch.fft.fft(torch.ones(4), norm="xyz")
# %%
import torch
torch.fft.irfft(torch.ones(1, dtype=torch.complex64))
