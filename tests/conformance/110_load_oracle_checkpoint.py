import torch
import torch.nn as nn
ck = torch.load('tests/data/oracle_checkpoint.pt')
print(type(ck).__name__, list(ck.keys()))
# %%
sd = ck['model']
print(type(sd).__name__, list(sd.keys()))
for k, v in sd.items():
    print(k, v.dtype, tuple(v.shape), v.requires_grad, v.is_leaf)
# %%
torch.manual_seed(1)
m = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))
print(m.load_state_dict(torch.load('tests/data/oracle_checkpoint.pt')['model']))
m.eval()
x = torch.linspace(-1, 1, 6).reshape(2, 3)
print(m(x))
print(m[1].num_batches_tracked, m[1].running_var)
print(m[0].weight)
# %%
opt = torch.optim.SGD(m.parameters(), lr=0.5, momentum=0.5)
opt.load_state_dict(ck['optimizer'])
print(opt.state_dict()['param_groups'][0]['lr'], opt.state_dict()['param_groups'][0]['params'])
print(opt.state_dict()['state'][5])
print(ck['optimizer']['param_groups'])
# %%
for name, t in ck['dtypes'].items():
    print(name, t, t.dtype, t.shape)
# %%
base, row, col, tail, tr = ck['base'], ck['row'], ck['col'], ck['tail'], ck['transposed']
print(row.storage_offset(), row.stride(), col.storage_offset(), col.stride())
print(tail.storage_offset(), tr.stride(), tr.is_contiguous(), col.is_contiguous())
row[0] = -1
col[0] = -2
print(base)
print(tail)
print(tr)
print(row.data_ptr() - base.data_ptr(), col.data_ptr() - base.data_ptr())
# %%
print(ck['scalar'], ck['scalar'].shape, ck['empty'], ck['empty'].shape)
print(ck['param'], type(ck['param']).__name__, ck['param'].requires_grad)
print(ck['frozen'], ck['frozen'].requires_grad)
print(ck['leaf'], ck['leaf'].is_leaf, ck['leaf'].grad_fn)
# %%
print(ck['plain'])
print(ck['set'], ck['dtype'], ck['device'], ck['size'], ck['ordered'])
# %%
ck4 = torch.load('tests/data/oracle_checkpoint_p4.pt', weights_only=False)
print(ck4['plain'] == ck['plain'], torch.equal(ck4['model']['0.weight'], sd['0.weight']))
print(ck4['tail'], ck4['tail'].storage_offset())
# %%
torch.load('tests/data/oracle_cuda.pt', map_location='cpu')
# %%
torch.load('tests/data/oracle_cuda.pt', map_location=torch.device('cpu'))['w'].device
# %%
torch.load('tests/data/oracle_truncated.pt')
# %%
torch.load('tests/data/oracle_missing_record.pt')
