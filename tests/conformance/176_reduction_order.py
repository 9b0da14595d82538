# Sums and means show PyTorch's last digits at every size: one-output sums over more than
# 32768 elements are two-pass (pieces per thread), dim sums keep the per-output cascade, outer
# sums the column groups; randn's stream matches sample for sample (hashed exactly).
import torch
torch.manual_seed(1)
x = torch.randn(100000)
print(x.sum().item(), x.mean().item(), (x * x).sum().item())
print(x.double().sum().item(), x[:40000].sum().item(), x[:32769].sum().item())
# %%
torch.manual_seed(2)
for shape in [(6250, 8), (3, 40000), (40000, 3), (7, 9000), (9000, 7), (300, 300), (33, 1025), (4096, 40)]:
    y = torch.randn(shape)
    for d in range(2):
        r = y.sum(dim=d)
        print(shape, d, r[:3].tolist(), r[-3:].tolist(), y.mean(dim=d)[-2:].tolist())
# %%
torch.manual_seed(3)
z = torch.randn(8, 256, 1024)
print(z.sum(dim=1)[0, :4].tolist(), z.sum(dim=1)[-1, -4:].tolist())
print(z.sum(dim=0)[0, :4].tolist(), z.sum(dim=2, keepdim=True)[-1, -3:].flatten().tolist())
# %%
torch.manual_seed(4)
w = torch.randn(64, 256, 40)
print(w.sum(dim=0).flatten()[-4:].tolist(), w.mean(dim=1).flatten()[-4:].tolist())
print(w.double().sum(dim=1).flatten()[-2:].tolist())
# %%
for seed in range(3):
    torch.manual_seed(seed)
    v = (torch.randn(1000000).double() * 2.0 ** 40).long()
    print(seed, v.sum().item(), (v * (torch.arange(1000000) % 1000003)).sum().item())
# %%
# a one-output sum over more than 32768 elements depends on the thread count, as in PyTorch
torch.manual_seed(0)
x = torch.rand(100000)
torch.set_num_threads(1)
print(torch.get_num_threads(), x.sum().item(), x.mean().item())
torch.set_num_threads(2)
print(torch.get_num_threads(), x.sum().item(), x.mean().item())
for v in [0, -1, 2.5, "a"]:
    try:
        torch.set_num_threads(v)
    except RuntimeError as e:
        print("RuntimeError:", e)
# %%
# float products in PyTorch's vector order (four vectors of lanes folded, the lanes, then the
# leftovers); one output over more than 32768 elements is two-pass like the sums
torch.manual_seed(5)
for n in (7, 32, 33, 100, 1000, 5000):
    p = 1 + (torch.rand(n) - 0.5) * (0.9 if n < 1000 else 0.1)
    print(n, p.prod().item(), p.double().prod().item())
q = 1 + (torch.rand(300000) - 0.5) * 1e-3
for t in (1, 2):
    torch.set_num_threads(t)
    print(t, q.prod().item(), q.double().prod().item(), q[:40000].prod().item())
r = torch.rand(6, 1000) + 0.5
print(r.prod(dim=1).tolist(), r.double().prod(1)[-2:].tolist())
print(torch.tensor([1e30, 1e30, 1e-30, 1e-30]).prod().item(), torch.zeros(0).prod().item())
# %%
# other layouts: strided runs element by element (outer columns too), a permuted or sliced
# tensor in the iterator's order
torch.manual_seed(6)
s = 1 + (torch.rand(80000) - 0.5) * 1e-3
g = 1 + (torch.rand(40, 30, 50) - 0.5) * 0.2
for t in (1, 2):
    torch.set_num_threads(t)
    print(t, s[::2].prod().item(), s[::3].double().prod().item(), g.permute(2, 0, 1).prod().item())
print(g.prod(dim=0)[0, :3].tolist(), g.prod(dim=1)[-1, -3:].tolist(), g[:, :, ::2].prod().item())
print(g[:, 1:, :].prod().item(), g.transpose(0, 2).prod(dim=2)[-2:, 0].tolist())
