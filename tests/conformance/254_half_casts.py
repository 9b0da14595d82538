import torch
# float32 -> float16 / bfloat16 rounds to nearest, ties to even, on the vector paths and the
# scalar ones alike: special values (infinities, subnormals, overflow, ties, NaNs' signs) bit
# by bit, then a digest over a million float32 bit patterns spread over every exponent
# (enough for threads), contiguous and strided, and back to float32. (NaN payloads are left
# out: PyTorch's float16 keeps part of them, its bfloat16 paths differ among themselves; so
# is bfloat16 NaNs' sign.)
bits = [0x00000000, 0x80000000, 0x7f800000, 0xff800000,
        0x00000001, 0x80000001, 0x007fffff, 0x00800000, 0x33000000, 0x33000001, 0x337fffff,
        0x33800000, 0x33c00000, 0x38800000, 0x387fc000, 0x387fe000, 0x38800fff, 0x477fe000,
        0x477fefff, 0x477ff000, 0x47800000, 0x7f7fffff, 0xff7fffff, 0x3f801000, 0x3f803000,
        0x3f801001, 0x3f808000, 0x3f818000, 0x3f808001, 0x3f7fffff, 0x4b800000, 0xc77ff000,
        0xb3000001, 0x80800000, 0x7f7f8000, 0x7f7f7fff]
nans = [0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001, 0x7fbfffff, 0x7fffffff, 0xffffffff, 0x7fa00000]
def f32(bs):
    return torch.tensor([b - (1 << 32) if b >= 1 << 31 else b for b in bs], dtype=torch.int32).view(torch.float32)
x = f32(bits * 3)  # three times over, so whole vectors hold every case
xn = f32((bits + nans) * 2)
for dt in (torch.float16, torch.bfloat16):
    h = x.to(dt)
    print(dt, [format(v & 0xffff, '04x') for v in h.view(torch.int16).tolist()[:len(bits)]])
    print(h.to(torch.float32).view(torch.int32).tolist()[:len(bits)])
    hn = xn.to(dt)
    sign = (hn.view(torch.int16) < 0).tolist()[len(bits):len(bits) + len(nans)]
    print(hn.view(torch.int16).tolist()[:len(bits)] == h.view(torch.int16).tolist()[:len(bits)],
          hn.isnan().tolist()[len(bits):len(bits) + len(nans)], sign if dt == torch.float16 else '')
# %%
def digest(t):
    v = t.view(torch.int16).to(torch.int64) & 0xffff
    return (v * (torch.arange(v.numel()) % 65521 + 1)).sum().item()
pat = torch.arange(0, 1 << 32, 4093, dtype=torch.int64)
xs = ((pat + 2147483648) % (1 << 32) - 2147483648).to(torch.int32).view(torch.float32)
xs = torch.where(xs.isnan(), torch.zeros(()), xs)
print(xs.numel())
for dt in (torch.float16, torch.bfloat16):
    h = xs.to(dt)
    out = torch.empty(2 * xs.numel(), dtype=dt)[::2]
    out.copy_(xs)
    print(dt, digest(h), digest(out.contiguous()), digest(xs[::3].to(dt)))
    back = h.to(torch.float32)
    print(back.isinf().sum().item(), back.double().sum().item(), back.abs().max().item())
