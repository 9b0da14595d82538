import torch
# nn.EmbeddingBag / F.embedding_bag (sum, mean, max, offsets, include_last_offset, per-sample
# weights, padding_idx, errors, gradients) and nn.Embedding's padding_idx gradient and from_pretrained.
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
m = nn.Embedding(10, 3, padding_idx=0)
print(m.weight[0])
out = m(torch.tensor([[0, 1, 0], [2, 0, 9]]))
out.sum().backward()
print(m.weight.grad[:3], out.grad_fn.name())
w = torch.randn(10, 4, requires_grad=True)
o = F.embedding(torch.tensor([1, 2, 1]), w, padding_idx=1)
o.backward(torch.ones(3, 4)); print(w.grad[:3])
eb = nn.EmbeddingBag(10, 3, mode='sum')
print(eb)
inp = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]); offs = torch.tensor([0, 4])
r = eb(inp, offs); print(r, r.grad_fn.name())
print(nn.EmbeddingBag(10, 3)(inp, offs))
print(nn.EmbeddingBag(10, 3, mode='max')(inp, offs))
print(nn.EmbeddingBag(10, 3, mode='mean', padding_idx=2)(inp, offs))
print(F.embedding_bag(torch.tensor([[1, 2], [4, 5]]), w))
print(F.embedding_bag(inp, w, torch.tensor([0, 2, 2, 5]), mode='sum'))
print(F.embedding_bag(inp, w, torch.tensor([0, 2, 2, 5]), mode='mean'))
print(F.embedding_bag(inp, w, torch.tensor([0, 2, 2, 5]), mode='max'))
print(F.embedding_bag(inp, w, torch.tensor([0, 2, 5, 8]), mode='sum', include_last_offset=True))
print(F.embedding_bag(inp, w, offs, mode='sum', per_sample_weights=torch.arange(8.)))
for args, kw in [((inp, w), {}), ((inp, w, offs), {'mode': 'median'}), ((inp, w, offs), {'mode': 'mean', 'per_sample_weights': torch.ones(8)}),
                 ((torch.tensor([[1, 2]]), w, offs), {}), ((inp, w, torch.tensor([1, 4])), {})]:
    try: print(F.embedding_bag(*args, **kw))
    except Exception as e: print(type(e).__name__, e)
w.grad = None
F.embedding_bag(inp, w, offs, mode='mean').sum().backward(); print(w.grad)
w.grad = None
F.embedding_bag(inp, w, offs, mode='max').sum().backward(); print(w.grad)
x = torch.randn(1000, 64); ix = torch.randint(0, 1000, (5000,)); of = torch.arange(0, 5000, 50)
a = F.embedding_bag(ix, x, of, mode='sum'); b = F.embedding_bag(ix, x, of, mode='mean')
print(a.sum().item(), b.sum().item(), [v.hex() for v in a[3, :4].tolist()], [v.hex() for v in b[3, :4].tolist()])
e2 = nn.Embedding.from_pretrained(torch.arange(12.).reshape(4, 3))
print(e2, e2.weight.requires_grad, e2(torch.tensor([3, 0])))
e3 = nn.EmbeddingBag.from_pretrained(torch.arange(12.).reshape(4, 3), freeze=False, mode='max')
print(e3, e3.weight.requires_grad, e3(torch.tensor([[3, 0], [1, 2]])))
print(nn.Embedding(5, 2, padding_idx=-1), nn.Embedding(5, 2, max_norm=1.0, sparse=True))
