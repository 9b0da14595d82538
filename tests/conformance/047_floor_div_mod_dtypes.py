import torch
a = torch.tensor([10, 255, 200, 0], dtype=torch.uint8)
b = torch.tensor([255, 255, 7, 3], dtype=torch.uint8)
a // b
# %%
a % b
# %%
i = torch.tensor([-128, 127, -7, 7], dtype=torch.int8)
i // -1, i % -1
# %%
i // torch.tensor([3, -3, 2, -2], dtype=torch.int8), i % torch.tensor([3, -3, 2, -2], dtype=torch.int8)
# %%
l = torch.tensor([-9223372036854775807 - 1, 5, -5], dtype=torch.int64)
l // -1, l % -1, l // 3, l % -3
# %%
f = torch.tensor([-7.5, 7.5, -0.0, 0.0, 1e308, -3.0])
g = torch.tensor([-7.5, 7.5, 1e308, -3.0, 5.0])
f // 2, f // -2, g % -2, g % 2
# %%
d = torch.tensor([-7.5, 7.5, 5.0, -5.0], dtype=torch.float64)
d // 0, d % 0, d // float("inf"), d % float("inf")
# %%
torch.tensor([1, 2], dtype=torch.int32) // torch.tensor([0, 1], dtype=torch.int32)
# %%
z = torch.tensor([4.0, -4.0, 0.0, -0.0], dtype=torch.float64)
z // -2, z // 2
