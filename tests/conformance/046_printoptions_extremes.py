import torch
t = torch.arange(10.)
torch.set_printoptions(edgeitems=2**62)
print(t)
print(torch.arange(1200.).reshape(2, 600)[:, :3])
print(torch.arange(2000)[-3:])
# %%
torch.set_printoptions(profile='default')
torch.set_printoptions(edgeitems=2**62, threshold=5)
print(t)
# %%
torch.set_printoptions(profile='default')
torch.set_printoptions(linewidth=-1)
print(t[:3])
torch.set_printoptions(linewidth=0)
print(torch.arange(4).reshape(2, 2))
# %%
torch.set_printoptions(profile='default')
torch.set_printoptions(threshold=-1)
print(t)
# %%
torch.set_printoptions(profile='default')
torch.set_printoptions(linewidth=2**62)
print(torch.arange(30))
torch.set_printoptions(profile='default')
