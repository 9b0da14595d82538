import torch
# torch.multinomial over rows longer than a block of draws and over many rows (the samples
# and the generator's stream after them are PyTorch's), in every float dtype, with and
# without replacement; torch.bincount of every integer dtype, weighted and with minlength.
def attempt(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
torch.manual_seed(7)
p = torch.rand(37, 1000)
print(torch.multinomial(p, 1).view(-1).tolist())
print(torch.multinomial(p, 4)[:6].tolist())
print(torch.rand(3).tolist())
for dt in (torch.float64, torch.float16, torch.bfloat16):
    print(dt, torch.multinomial(p[:9].to(dt), 1).view(-1).tolist(), torch.multinomial(p[:3].to(dt), 3).tolist())
q = torch.rand(3000)
q[1234] = 50.0
print(torch.multinomial(q, 1).tolist(), torch.multinomial(q, 5).tolist(), torch.multinomial(q, 6, True).tolist())
print(torch.multinomial(torch.rand(2, 600).t().contiguous().t(), 2).tolist())
z = torch.rand(4, 300)
z[2] = 0
attempt(lambda: torch.multinomial(z, 1))
z[3, 5] = float('nan')
attempt(lambda: torch.multinomial(z, 1))
print(torch.rand(2).tolist())
# %%
u = torch.randint(0, 1000, (100000,))
c = torch.bincount(u)
print(c.shape, c[:8].tolist(), c.sum().item(), c.argmax().item())
for dt in (torch.int32, torch.int16, torch.int8, torch.uint8):
    v = (u % 100).to(dt)
    print(dt, torch.bincount(v)[:6].tolist(), torch.bincount(v, minlength=120).shape)
print(torch.bincount(u[::3])[:5].tolist(), torch.bincount(torch.tensor([], dtype=torch.int32), minlength=3))
w = torch.rand(100000)
print(torch.bincount(u, w)[:4], torch.bincount(u.int(), w.double())[:3])
attempt(lambda: torch.bincount(torch.tensor([3, -1, 2], dtype=torch.int16)))
attempt(lambda: torch.bincount(torch.tensor([3, 1, 2], dtype=torch.int8).view(3, 1)))
# counts growing past the first bins, and a key far beyond them
g = torch.tensor([3, 5000, 2, 3, 1500, 0])
print(torch.bincount(g).shape, torch.bincount(g)[[0, 2, 3, 1500, 4999, 5000]].tolist(), torch.bincount(g, minlength=6000).shape)
h = torch.tensor([7, 2000000, 7, 1, 2000000], dtype=torch.int32)
c = torch.bincount(h)
print(c.shape, c[[1, 7, 2000000]].tolist(), c.sum().item())
attempt(lambda: torch.bincount(torch.tensor([3, 3000, -2, 1])))
print(torch.bincount(torch.tensor([2, 0]), minlength=1).tolist(), torch.bincount(torch.tensor([0, 0])).tolist())
# %%
# torch.cdist's matrix-product form (ATen's _euclidean_dist): batches, float64, a distance of
# zero (clamped before the root) and the gradient through it
torch.manual_seed(3)
a = torch.rand(2, 30, 5); b = torch.rand(2, 27, 5)
print(torch._euclidean_dist(a, b)[:, :2, :4], torch._euclidean_dist(a[0].double(), a[0].double()).diagonal()[:5])
x = torch.rand(40, 3, requires_grad=True)
d = torch.cdist(x, x[:28])
print(d.shape, d.grad_fn is not None, d[:2, :3])
d.sum().backward()
print(x.grad[:3])
