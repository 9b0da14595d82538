import torch
# Gradients of the accumulating scatters (scatter_, scatter_add, index_add, index_put with
# accumulate) and of copy_ into a fresh tensor, as PyTorch's formulas; their grad_fn names.
torch.manual_seed(0)
def show(name, f, *leaves):
    for l in leaves: l.grad = None
    try:
        o = f()
        print(name, o.grad_fn.name() if o.grad_fn else None)
        (o * torch.arange(o.numel(), dtype=o.dtype).reshape(o.shape)).sum().backward()
        print([None if l.grad is None else l.grad.tolist() for l in leaves])
    except Exception as e:
        print(name, type(e).__name__, e)
src = torch.randn(3, 4, requires_grad=True)
base = torch.randn(5, 4, requires_grad=True)
i2 = torch.tensor([[0, 1, 2, 0], [4, 4, 1, 0], [2, 3, 3, 1]])
show("scatter_add", lambda: base.scatter_add(0, i2, src), base, src)
show("scatter_add nograd base", lambda: base.detach().scatter_add(0, i2, src), src)
show("scatter_add_ fresh", lambda: torch.zeros(5, 4).scatter_add_(0, i2, src), src)
show("scatter", lambda: base.scatter(0, i2, src), base, src)
show("scatter value", lambda: base.scatter(0, i2, 2.5), base)
show("scatter small idx", lambda: base.scatter_add(0, i2[:2, :3], src), base, src)
show("scatter dim1", lambda: base.scatter_add(1, torch.tensor([[0, 0], [3, 1], [2, 2], [1, 1], [0, 3]]), torch.ones(5, 2, requires_grad=True) * src.sum()), base, src)
ix = torch.tensor([0, 4, 0])
show("index_add", lambda: base.index_add(0, ix, src), base, src)
show("index_add alpha", lambda: base.index_add(0, ix, src, alpha=-2.0), base, src)
show("index_add_ fresh", lambda: torch.zeros(5, 4).index_add_(0, ix, src), src)
show("index_add dim1", lambda: base.index_add(1, torch.tensor([3, 3, 0]), src.t().repeat(2, 1)[:5]), base, src)
show("index_put acc", lambda: base.index_put((ix,), src, accumulate=True), base, src)
show("index_put acc fresh", lambda: torch.zeros(5, 4).index_put_((ix,), src, accumulate=True), src)
show("index_put acc 2", lambda: torch.zeros(5, 4).index_put_((ix, torch.tensor([1, 2, 1])), src[:, 0], accumulate=True), src)
show("chain", lambda: (base * 2).scatter_add_(0, i2, src).index_add_(0, ix, src * 3), base, src)
w = torch.randn(10, 4, requires_grad=True)
inp = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]); offs = torch.tensor([0, 4])
import torch.nn.functional as F
show("embedding_bag sum", lambda: F.embedding_bag(inp, w, offs, mode='sum'), w)
show("embedding_bag mean", lambda: F.embedding_bag(inp, w, offs, mode='mean'), w)
show("embedding_bag max", lambda: F.embedding_bag(inp, w, offs, mode='max'), w)
show("embedding_bag psw", lambda: F.embedding_bag(inp, w, torch.tensor([0, 3, 3]), mode='sum', per_sample_weights=torch.arange(8.)), w)
show("embedding_bag pad", lambda: F.embedding_bag(inp, w, offs, mode='sum', padding_idx=4), w)
show("embedding pad", lambda: F.embedding(inp, w, padding_idx=2), w)
a = torch.randn(3, requires_grad=True)
b = torch.zeros(3); b.copy_(a); print(b.requires_grad)
(b * torch.arange(3.)).sum().backward(); print(a.grad)
