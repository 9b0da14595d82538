import os
import torch
import torch.nn as nn
from collections import OrderedDict
path = os.path.join('build' if os.path.isdir('build') else '/tmp', 'tk_case_111.pt')
# %%
dts = [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64,
       torch.float16, torch.bfloat16, torch.float32, torch.float64]
src = {str(d): torch.tensor([[0, 1.5], [-2, 3]]).to(d) for d in dts}
torch.save(src, path)
back = torch.load(path)
for k in src:
    print(k, back[k], back[k].dtype, torch.equal(back[k], src[k]))
# %%
base = torch.arange(24.).reshape(2, 3, 4)
views = {'base': base, 'perm': base.permute(2, 0, 1), 'slice': base[1, :, ::2],
         'expand': torch.tensor([1., 2.]).expand(3, 2), 'sel': base[0, 1], 'zero_d': base[1, 2, 3]}
torch.save(views, path)
v = torch.load(path, map_location='cpu')
for k, t in v.items():
    print(k, tuple(t.shape), t.stride(), t.storage_offset(), t.is_contiguous(), torch.equal(t, views[k]))
v['sel'][0] = 99
print(v['base'][0, 1], v['perm'][0, 0], v['slice'])
print(v['expand'], v['zero_d'])
# %%
t = torch.ones(3)
shared = [1, 2]
obj = {'x': t, 'y': t, 'l1': shared, 'l2': shared, 'p': nn.Parameter(torch.tensor([1., 2.])),
       'rg': torch.tensor([3.], requires_grad=True), 'nonleaf': torch.ones(2, requires_grad=True) * 2,
       'od': OrderedDict([('z', 1), ('a', [2, 3])]), 'misc': (None, True, 2 ** 80, -3.5, 'ß', b'\x00\x01'),
       'kinds': [torch.int8, torch.device('cpu'), torch.Size([4, 5]), {7, 8}]}
torch.save(obj, path)
o = torch.load(path, map_location={'cpu': 'cpu'})
print(o['x'] is o['y'], o['l1'] is o['l2'], o['x'].data_ptr() == o['y'].data_ptr())
print(o['p'], type(o['p']).__name__, o['p'].is_leaf)
print(o['rg'], o['rg'].is_leaf, o['nonleaf'], o['nonleaf'].is_leaf, o['nonleaf'].grad_fn)
print(o['od'], o['misc'], o['kinds'])
# %%
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
x = torch.randn(8, 4)
model(x).sum().backward()
opt.step()
torch.save({'model': model.state_dict(), 'opt': opt.state_dict(), 'epoch': 3}, path)
ck = torch.load(path, weights_only=True)
print(ck['epoch'], type(ck['model']).__name__, list(ck['model'].keys()))
print(ck['opt']['param_groups'])
print(ck['opt']['state'][1])
torch.manual_seed(5)
model2 = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
print(model2.load_state_dict(ck['model']))
print(torch.equal(model2(x), model(x)), model2[2].bias)
opt2 = torch.optim.SGD(model2.parameters(), lr=0.1, momentum=0.9)
opt2.load_state_dict(ck['opt'])
for m, o_ in ((model, opt), (model2, opt2)):
    o_.zero_grad()
    m(x).sum().backward()
    o_.step()
print(torch.equal(model[0].weight, model2[0].weight), model2[0].weight)
# %%
torch.save(model.state_dict(), path)
model3 = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
model3.load_state_dict(torch.load(path))
print(model3(x[:2]))
# %%
torch.save(torch.zeros(2), '/nonexistent_dir_111/x.pt')
