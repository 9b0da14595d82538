import torch
torch.manual_seed(0)
x = torch.randn(4, 6)
print(torch.fft.fft2(x))
print(torch.fft.rfft2(x))
print((torch.fft.irfft2(torch.fft.rfft2(x), s=(4, 6)) - x).abs().max() < 1e-6)
# %%
import torch
torch.manual_seed(1)
x = torch.randn(2, 3, 5, dtype=torch.float64)
print(torch.fft.fftn(x))
print(torch.fft.fftn(x, dim=(0, 2)).shape, torch.fft.rfftn(x).shape, torch.fft.rfftn(x, s=(4, 4)).shape)
print(torch.fft.ifftn(torch.fft.fftn(x)).real.sub(x).abs().max() < 1e-12)
print(torch.fft.irfftn(torch.fft.rfftn(x), s=x.shape).sub(x).abs().max() < 1e-12)
# %%
import torch
torch.manual_seed(2)
x = torch.randn(3, 8, dtype=torch.float64)
print(torch.fft.fft(x, dim=0))
print(torch.fft.rfft(x, dim=1, norm="ortho"))
print(torch.fft.fft2(x, s=(2, 4)))
print(torch.fft.ifft2(x, norm="forward"))
# %%
import torch
torch.manual_seed(3)
z = torch.randn(4, 4, dtype=torch.complex128)
print(torch.fft.hfft2(z).shape, torch.fft.hfftn(z, s=(4, 6)).shape)
print(torch.fft.ihfft2(torch.randn(4, 5, dtype=torch.float64)).abs())
print(torch.fft.fftshift(torch.fft.fft2(torch.ones(4, 4))).real)
# %%
import torch
x = torch.randn(8, 16)
torch.fft.fftn(x, s=(4, 4, 4))
