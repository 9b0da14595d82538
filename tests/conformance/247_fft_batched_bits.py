import torch
# Batches of complex transforms along contiguous lines, large enough to be cut into pieces
# that the threads share: every bit of the result as PyTorch's (integer checksums of the
# float bits, so one differing last bit shows).
def bits(t):
    v = torch.view_as_real(t).contiguous().view(torch.int32).to(torch.int64).flatten()
    w = torch.arange(v.numel(), dtype=torch.int64) % 1000003
    return int(v.sum()), int((v * w).sum())
torch.manual_seed(0)
s = torch.complex(torch.rand(4096, 256), torch.rand(4096, 256))
for t in (2, 1):
    torch.set_num_threads(t)
    print(t, bits(torch.fft.fft(s, dim=1)), bits(torch.fft.ifft(s, dim=1)))
    print(bits(torch.fft.fft(s, dim=1, norm="ortho")), bits(torch.fft.ifft(s, dim=1, norm="forward")))
    print(bits(torch.fft.fft(s[:1001], dim=1)), bits(torch.fft.fft(s.reshape(512, 2048), dim=-1)))
torch.set_num_threads(2)
# %%
import torch
torch.manual_seed(1)
for n, b in ((100, 3000), (257, 1000), (1000, 300), (4096, 33), (3465, 20), (65536, 4)):
    z = torch.randn(b, n, dtype=torch.complex128)
    print(n, b, bits(torch.fft.fft(z)), bits(torch.fft.ifft(z, norm="ortho")))
    print(bits(torch.fft.fft(z.to(torch.complex64))), bits(torch.fft.fft(z.reshape(b, 1, n), dim=2)))
# %%
import torch
torch.manual_seed(2)
x = torch.randn(3, 700, 128, dtype=torch.complex64)
print(bits(torch.fft.fft(x)), bits(torch.fft.fftn(x, dim=(1, 2))), bits(torch.fft.fft(x, dim=1)))
print(bits(torch.fft.fft(x[:, ::2])), bits(torch.fft.ifft(x.transpose(1, 2).contiguous(), dim=2)))
