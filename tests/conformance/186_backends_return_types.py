import torch
b = torch.backends
print(b.cuda.is_built(), b.cudnn.is_available(), b.mps.is_available(), b.mps.is_built(), b.cudnn.enabled, b.cudnn.deterministic, b.cudnn.benchmark, b.cudnn.version(), b.openmp.is_available(), b.mkldnn.is_available(), b.mkl.is_available(), b.cuda.matmul.allow_tf32, b.cudnn.allow_tf32)
# %%
torch.backends.cudnn.benchmark = True
torch.backends.cudnn.deterministic = True
torch.backends.cuda.matmul.allow_tf32 = True
print(torch.backends.cudnn.benchmark, torch.backends.cudnn.deterministic, torch.backends.cuda.matmul.allow_tf32)
# %%
import torch.utils.data
import torch.utils.checkpoint
print(hasattr(torch.utils, 'data'), hasattr(torch.utils.data, 'DataLoader'), hasattr(torch.utils, 'checkpoint'))
from torch.utils.checkpoint import checkpoint, checkpoint_sequential
w = torch.tensor([1.0, 2.0], requires_grad=True)
y = checkpoint(lambda a, k: (a * w).sum() * k, torch.tensor([3.0, 4.0]), 2.0, use_reentrant=False)
y.backward()
print(y, w.grad)
net = torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Identity())
print(checkpoint_sequential(net, 2, torch.tensor([-1.0, 2.0]), use_reentrant=False))
# %%
t = torch.tensor([[1, 5], [3, 2]])
r = t.max(dim=1)
print(r[0] * 2, type(r).__name__, r.values, r.indices, isinstance(r, tuple), len(r), list(r))
v, i = torch.min(t, 0)
print(v, i, t.sort(), type(t.sort()).__name__)
print(torch.max(t, 1, keepdim=True), t.median(1), t.cummax(0), t.kthvalue(1, 1), t.aminmax(), t.mode(0))
a, b2 = t.topk(1)
print(a, b2, r._fields if hasattr(r, '_fields') else None, r.count(r[0]) if hasattr(r, 'count') else None)
try:
    print(r * 2)
except Exception as e:
    print(type(e).__name__, e)
# %%
print(torch.linalg.qr(torch.eye(2)))
print(torch.linalg.qr(torch.eye(3, dtype=torch.float64)))
print(torch.linalg.qr(torch.tensor([[1., 2.], [3., 4.]])))
print(torch.linalg.qr(torch.eye(3)[:, :2]))
print(torch.linalg.qr(torch.eye(3)[:, :2], mode='complete'))
print(torch.linalg.qr(torch.stack([torch.eye(2), torch.tensor([[0., 1.], [1., 0.]])])))
print(torch.linalg.slogdet(torch.eye(2)), torch.linalg.eigh(torch.eye(2)))
# %%
r = torch.tensor([[1, 5], [3, 2]]).max(1)
print(r.n_fields, r.n_sequence_fields, r.n_unnamed_fields, r.index(r[0]), r.count(r[1]), r[-1], r[0:1], r + (1,), (1,) + r, tuple(r))
a, *rest = r
print(a, rest, isinstance(r, tuple), type(r).__module__)
