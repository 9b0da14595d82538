import torch
# nonzero / argwhere / torch.where(cond) over the thread pieces: sizes around the piece
# length, every rank, non-bool dtypes, views, empty and 0-d tensors.
def h(t):
    t = t.reshape(-1).to(torch.int64)
    w = torch.arange(1, t.numel() + 1, dtype=torch.int64) % 1000003
    return (t.numel(), int((t * w).sum().item()))
for n in (0, 1, 5, 65535, 65536, 65537, 200003, 1 << 20):
    m = (torch.arange(n) * 7919 % 13) < 5
    print(n, h(m.nonzero()), h(torch.nonzero(m, as_tuple=True)[0]), m.nonzero().shape)
    z = torch.zeros(n, dtype=torch.bool)
    print(n, m.nonzero().dtype, z.nonzero().shape, torch.ones(n, dtype=torch.bool).nonzero().shape)
x = (torch.arange(3 * 70000 * 2) * 31 % 7).reshape(3, 70000, 2)
print(h(x.nonzero()), h(torch.argwhere(x)), x.nonzero().shape, h(x.transpose(0, 2).nonzero()))
print(torch.tensor([0., -0., float('nan'), 2.]).nonzero().tolist(), torch.tensor(3).nonzero().shape,
      torch.tensor(0).nonzero().shape, torch.zeros(2, 0, 3).nonzero().shape)
print(torch.tensor([[0, 1], [2, 0]], dtype=torch.int8).nonzero().tolist())
print(h(torch.randint(0, 2, (5, 6, 7, 8, 9), generator=torch.Generator().manual_seed(1)).nonzero()))
