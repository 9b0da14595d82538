import torch
print(torch.tensor([float('inf'), float('-inf'), float('nan'), 1e20, -1e20, 3.7, -3.7]).long())
print(torch.tensor([float('inf'), 1.5e10, -2.7]).int())
print(torch.tensor([300.7, -1.5, 255.9, float('inf')]).to(torch.uint8))
print(torch.tensor([200.0, -200.0, 127.9]).to(torch.int8), torch.tensor([40000.0, -3.5]).short())
print(torch.tensor([float('nan'), 0.0, -0.0, 0.5]).bool())
# %%
int(torch.tensor(float('inf')))
# %%
int(torch.tensor(float('nan')))
# %%
print(int(torch.tensor(-3.9)), int(torch.tensor([2.5])))
# %%
torch.tensor(float('inf'), dtype=torch.int64)
# %%
torch.tensor([1e30], dtype=torch.int64)
# %%
torch.tensor([1.5, 300.0], dtype=torch.uint8)
# %%
torch.full((2,), float('inf'), dtype=torch.int64)
# %%
torch.zeros(2, dtype=torch.int64).fill_(float('inf'))
# %%
z = torch.zeros(2, dtype=torch.int64)
z[0] = float('inf')
# %%
z = torch.zeros(2, dtype=torch.int32)
z[0] = 1e10
# %%
print(torch.zeros(2, dtype=torch.int64) + float('inf'))
print(torch.tensor([2.5, -2.5], dtype=torch.int64))
