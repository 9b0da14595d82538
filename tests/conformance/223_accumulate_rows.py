import torch
# Gradient and accumulate paths that add rows: nn.Embedding's backward (repeated rows),
# index_add_ along each dim (negative and repeated indices), scatter_add_, index_put_ with
# accumulate, float32 and float64, compared to the last bit.
def vals(shape, dt, k):
    n = 1
    for s in shape:
        n *= s
    return torch.tensor([((i * 7919 + k * 104729) % 2003) / 97.0 - 10.0 for i in range(n)], dtype=dt).reshape(shape)
def bits(t):
    return [v.hex() for v in t.flatten().tolist()]
for dt in (torch.float32, torch.float64):
    w = vals((50, 33), dt, 1).requires_grad_()
    idx = torch.tensor([[3, 7, 3, 49], [0, 3, 3, 12]])
    g = vals((2, 4, 33), dt, 2)
    torch.nn.functional.embedding(idx, w).backward(g)
    print(dt, "embedding", bits(w.grad)[::7])
    w2 = vals((10, 6), dt, 3).requires_grad_()
    w2[torch.tensor([1, 1, 4, -1])].backward(vals((4, 6), dt, 4))
    print(dt, "index", bits(w2.grad))
    for d in range(3):
        t = vals((5, 6, 7), dt, 5)
        shape = [5, 6, 7]
        shape[d] = 9
        src = vals(tuple(shape), dt, 6 + d)
        ix = torch.tensor([0, 4, 2, 2, 0, 4, 1, 3, 0])
        t.index_add_(d, ix, src)
        print(dt, "index_add", d, bits(t)[::5])
        t2 = vals((5, 6, 7), dt, 5)
        t2.index_add_(d, ix, src, alpha=0.5)
        print(dt, "index_add alpha", d, bits(t2)[::11])
    t = vals((4, 5), dt, 8)
    sidx = torch.tensor([[0, 1, 2, 0, 0], [3, 3, 3, 3, 3], [1, 0, 1, 0, 1]])
    t.scatter_add_(0, sidx, vals((3, 5), dt, 9))
    print(dt, "scatter_add 0", bits(t))
    t = vals((4, 5), dt, 8)
    t.scatter_add_(1, sidx.t()[:4, :3] % 5, vals((4, 3), dt, 10))
    print(dt, "scatter_add 1", bits(t))
    t = vals((6, 4), dt, 11)
    t.index_put_((torch.tensor([0, 5, 0, 2]),), vals((4, 4), dt, 12), accumulate=True)
    print(dt, "index_put acc", bits(t))
    t = vals((6, 4), dt, 11)
    t.index_put_((torch.tensor([0, 5, 0]), torch.tensor([1, 1, 1])), vals((3,), dt, 13), accumulate=True)
    print(dt, "index_put acc 2", bits(t))
for ix in ([0, -1], [5]):
    try:
        torch.zeros(5, 3).index_add_(0, torch.tensor(ix), torch.ones(len(ix), 3))
    except RuntimeError as e:
        print("RuntimeError:", e)
t = torch.arange(12.0).reshape(3, 4)
t.index_add_(0, torch.tensor([0, 0, 2]), t)
print(t)
