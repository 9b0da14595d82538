import torch
import torch.nn as nn
x = torch.arange(24.).reshape(1, 2, 3, 4)
print(torch.channels_last, torch.contiguous_format, torch.preserve_format, torch.channels_last_3d)
print(type(torch.channels_last), torch.channels_last == torch.channels_last)
y = x.contiguous(memory_format=torch.channels_last)
print(y.stride(), y.is_contiguous(), y.is_contiguous(memory_format=torch.channels_last), torch.equal(x, y))
print(x.to(memory_format=torch.channels_last).stride(), x.clone(memory_format=torch.channels_last).stride())
print((y + 1).stride(), torch.relu(y).stride(), y.clone().stride(), y.contiguous().stride())
print(torch.empty_like(y).stride(), torch.zeros_like(y).stride(), torch.full_like(y, 2.0).stride())
print(torch.zeros_like(y, memory_format=torch.contiguous_format).stride())
print(torch.empty(2, 3, 4, 5, memory_format=torch.channels_last).stride())
print(y.contiguous(memory_format=torch.channels_last) is y, y.to(memory_format=torch.channels_last) is y)
print(torch.ones(2, 3, 1, 1).is_contiguous(memory_format=torch.channels_last),
      torch.ones(2, 3, 4).is_contiguous(memory_format=torch.channels_last))
v = torch.rand(2, 3, 4, 5, 6).to(memory_format=torch.channels_last_3d)
print(v.stride(), v.is_contiguous(memory_format=torch.channels_last_3d))
conv = nn.Conv2d(2, 3, 3, padding=1)
out = conv(y)
print(out.shape, out.stride())
print(torch.allclose(out, conv(x)))
z = torch.rand(2, 3, 4, 4, requires_grad=True)
w = z.contiguous(memory_format=torch.channels_last)
print(w.grad_fn.name())
(w * torch.arange(96.).reshape(2, 3, 4, 4)).sum().backward()
print(z.grad.stride(), z.grad[1, 2, 3])
for f in (lambda: torch.arange(6.).reshape(2, 3).contiguous(memory_format=torch.channels_last),
          lambda: torch.rand(2, 3, 4, 5).to(memory_format=torch.channels_last_3d),
          lambda: x.contiguous(torch.channels_last), lambda: x.contiguous(memory_format=3)):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
m = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU()).to(memory_format=torch.channels_last)
print(m[0].weight.stride(), m[0].bias.stride())
print(m(torch.rand(1, 3, 5, 5).to(memory_format=torch.channels_last)).stride())
# %%
x = torch.rand(3, 4)
for v in (x.t(), x[:, ::2], x.t()[1:], torch.rand(2, 3, 4).permute(2, 0, 1)):
    print(torch.zeros_like(v).stride(), torch.empty_like(v).stride(), torch.full_like(v, 2.0).stride(),
          torch.ones_like(v, memory_format=torch.contiguous_format).stride())
