import torch
# sort/argsort/unique/topk: stable ties, NaN placement, signed zeros, every dtype, lines
# long enough for the radix sort and short enough for the insertion sort, strided dims.
def data(n, k, m):
    return [((i * 7919 + k * 104729) % m) - m // 2 for i in range(n)]
def h(t):
    # a short digest of a long integer tensor: sum of position-weighted values
    t = t.reshape(-1).to(torch.int64)
    w = torch.arange(1, t.numel() + 1, dtype=torch.int64) % 1000003
    return int((t * w).sum().item())
for dt in (torch.float32, torch.float64, torch.int32, torch.int64, torch.int16, torch.int8, torch.uint8,
           torch.float16, torch.bfloat16, torch.bool):
    for n in (1, 5, 63, 64, 65, 300, 4099, 70001):
        for m in (7, 1009, 1 << 20):
            v = data(n, 3, m)
            if dt == torch.uint8:
                v = [x % 256 for x in v]
            elif dt == torch.int8:
                v = [(x % 256) - 128 for x in v]
            elif dt == torch.bool:
                v = [x % 2 == 0 for x in v]
            elif dt in (torch.float16, torch.int16, torch.bfloat16):
                v = [x % 2000 - 1000 for x in v]
            t = torch.tensor(v, dtype=dt if dt != torch.bool else torch.bool)
            if dt.is_floating_point:
                t = t / 8
                if n > 4:
                    t[n // 2] = float("nan")
                    t[1] = -0.0
                    t[n - 1] = float("nan")
                    t[n // 3] = float("-inf")
            a = t.argsort()
            d = t.argsort(descending=True)
            s = t.sort(stable=True)
            print(str(dt)[6:], n, m, h(a), h(d), h(s.indices))
            if n <= 65:
                print(a.tolist())
                print(d.tolist())
for dt in (torch.float32, torch.int64):
    x = (torch.arange(24 * 37) * 7 % 11).to(dt).reshape(24, 37)
    for dim in (0, 1, -1):
        for desc in (False, True):
            v, i = x.sort(dim=dim, descending=desc)
            print(str(dt)[6:], dim, desc, h(i), h(v))
    xt = x.t()
    print(h(xt.argsort(dim=1)), h(xt.argsort(dim=0, descending=True)))
g = torch.Generator().manual_seed(0)
u = torch.randint(0, 1000, (100000,), generator=g)
vals, inv, cnt = torch.unique(u, return_inverse=True, return_counts=True)
print(vals.numel(), h(vals), h(inv), h(cnt), vals.dtype, inv.dtype)
f = torch.randint(-50, 50, (20000,), generator=g).float() / 4
f[7] = -0.0
vals, inv, cnt = torch.unique(f, return_inverse=True, return_counts=True)
print(vals.numel(), vals[:5].tolist(), h(inv), h(cnt))
r = torch.rand(300000, generator=g)
v, i = r.sort()
print(h(i), v[:3].tolist(), v[-3:].tolist())
v, i = r.double().sort(descending=True)
print(h(i), v[:3].tolist())
for n in (32767, 32768):
    for dt in (torch.int16, torch.int64, torch.bool):
        t = (torch.arange(n) * 7919 % 13).to(dt)
        print(n, dt, h(t.argsort()), h(t.argsort(descending=True)))
e = torch.tensor([2.0, 1.0]).expand(3, 2).t()
print(e.sort(dim=1).indices.tolist(), e.argsort(dim=1, descending=True).tolist())
