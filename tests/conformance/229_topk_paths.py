import torch
# topk over the selection paths PyTorch's CPU kernel takes (partial sort for k * 64 <= n,
# else nth_element and a sort): ties, NaN, signed zeros, every dtype, dims, sorted=False.
def h(t):
    t = t.reshape(-1).to(torch.int64)
    w = torch.arange(1, t.numel() + 1, dtype=torch.int64) % 1000003
    return int((t * w).sum().item())
for dt in (torch.float32, torch.float64, torch.int64, torch.int32, torch.int16, torch.uint8, torch.float16, torch.bfloat16):
    for n in (1, 10, 64, 65, 1000, 4099, 100003):
        v = [((i * 7919) % 101) - 50 for i in range(n)]
        if dt == torch.uint8:
            v = [x % 256 for x in v]
        t = torch.tensor(v, dtype=dt)
        if dt.is_floating_point and n > 8:
            t[3] = float('nan'); t[n // 2] = float('nan'); t[5] = -0.0; t[6] = 0.0
        for k in (0, 1, 2, 7, n // 64, n // 10, n):
            if k > n:
                continue
            for largest in (True, False):
                for srt in (True, False):
                    r = t.topk(k, largest=largest, sorted=srt)
                    print(str(dt)[6:], n, k, largest, srt, h(r.indices), r.values.double().nan_to_num(7).sum().item())
x = (torch.arange(37 * 300) * 7 % 23).float().reshape(37, 300)
for dim in (0, 1):
    for k in (1, 3, 30):
        r = x.topk(k, dim=dim)
        print(dim, k, h(r.indices), r.values.sum().item(), h(x.t().topk(k, dim=dim).indices))
