import torch
torch.set_printoptions(edgeitems=0)
print(torch.arange(2000), torch.arange(3000.).reshape(1000, 3))
print(torch.arange(5), torch.tensor(3.5), torch.arange(6).reshape(2, 3))
# %%
torch.set_printoptions(edgeitems=-1)
print(torch.arange(1002)[-10:], torch.arange(5))
t = torch.arange(1100.)
s = repr(t)
print(len(s), s[:70], s[-70:])
print(torch.arange(1001.).reshape(1001, 1))
# %%
torch.set_printoptions(edgeitems=-5000)
print(torch.arange(1500))
torch.set_printoptions(profile='default')
print(torch.arange(2000))
