import torch
torch.manual_seed(0)
x = torch.randn(8, dtype=torch.float64, requires_grad=True)
y = torch.fft.rfft(x)
print(y.grad_fn.name())
y.abs().sum().backward()
print(x.grad)
# %%
import torch
torch.manual_seed(1)
z = torch.randn(6, dtype=torch.complex128, requires_grad=True)
y = torch.fft.fft(z)
print(y.grad_fn.name())
y.abs().sum().backward()
print(z.grad)
# %%
import torch
torch.manual_seed(2)
z = torch.randn(5, dtype=torch.complex128, requires_grad=True)
w = torch.fft.irfft(z, n=8)
print(w.grad_fn.name())
(w * torch.arange(8.0, dtype=torch.float64)).sum().backward()
print(z.grad)
# %%
import torch
torch.manual_seed(3)
x = torch.randn(4, 4, dtype=torch.float64, requires_grad=True)
y = torch.fft.fft2(x)
y.abs().pow(2).sum().backward()
print(x.grad)
