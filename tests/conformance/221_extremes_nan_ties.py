import torch
# max/min/argmax/argmin over long contiguous runs: NaN anywhere, ties, signed zeros, and
# lengths around the vector widths, for every dtype with a vector path.
def data(n, k):
    return [((i * 7919 + k * 104729) % 1009) - 504 for i in range(n)]
lines = []
for dt in (torch.float32, torch.float64, torch.int32, torch.int64, torch.int16, torch.uint8):
    for n in (1, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 129, 255, 1000, 4099, 70001):
        for k in range(3):
            v = data(n, k)
            if dt == torch.uint8:
                v = [x % 256 for x in v]
            t = torch.tensor(v, dtype=dt)
            r = (t.max().item(), t.min().item(), t.argmax().item(), t.argmin().item())
            lines.append("%s %d %d %s" % (str(dt)[6:], n, k, r))
for dt in (torch.float32, torch.float64):
    for n in (16, 33, 64, 100, 4099, 70001):
        for pos in (0, n // 3, n - 1):
            t = torch.tensor(data(n, 1), dtype=dt)
            t[pos] = float("nan")
            print(dt, n, pos, t.max().item(), t.min().item(), t.argmax().item(), t.argmin().item())
        z = torch.zeros(n, dtype=dt)
        z[n // 2] = -0.0
        print(dt, n, "zeros", z.max(), z.min(), z.argmax().item(), z.argmin().item())
        t = torch.full((n,), 3.0, dtype=dt)
        t[n // 5] = float("inf")
        t[n - 2] = float("inf")
        t[1] = -float("inf")
        print(dt, n, "inf", t.max().item(), t.min().item(), t.argmax().item(), t.argmin().item())
for line in lines:
    print(line)
x = torch.arange(4096 * 3, dtype=torch.int32).reshape(3, 4096) % 977
print(x.max(), x.min(), x.argmax(), x.argmin(), x[:, ::2].max(), x.t().min())
