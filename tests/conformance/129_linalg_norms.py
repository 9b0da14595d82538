import torch
M = torch.tensor([[2., -1., 0.5], [1., 3., -2.], [0.25, 1., 4.]])
W = torch.tensor([[1., 2.], [-3., 4.], [5., 6.5]])
for o in ['fro', 'nuc', 1, -1, 2, -2, float('inf'), float('-inf')]:
    print(o, torch.linalg.matrix_norm(M, o), torch.linalg.matrix_norm(W, ord=o), torch.linalg.norm(W, o))
# %%
B = torch.stack([M, M * 2, -M.T])
print(torch.linalg.matrix_norm(B, 'nuc'), torch.linalg.matrix_norm(B, 2, keepdim=True).shape)
print(torch.linalg.matrix_norm(B, 1, dim=(0, 2)), torch.linalg.matrix_norm(B, float('inf'), dim=(2, 0), keepdim=True))
print(torch.linalg.matrix_norm(B, -2, dim=(-1, -2)), torch.linalg.matrix_norm(B.double(), 'nuc', dim=(1, 0)))
print(torch.linalg.norm(B, 2, dim=(1, 2)), torch.linalg.norm(B, 'nuc', dim=(0, 1), keepdim=True).shape)
print(torch.linalg.norm(M), torch.linalg.norm(M, dim=(0, 1)), torch.linalg.norm(M[0], 1), torch.linalg.vector_norm(M, 3))
print(torch.norm(M, p='nuc'), M.norm(p='nuc'), torch.norm(B, p='nuc', dim=(1, 2)), torch.norm(M, 'fro'))
# %%
torch.linalg.matrix_norm(M, 3)
# %%
torch.linalg.matrix_norm(M, 'abc')
# %%
torch.linalg.matrix_norm(torch.ones(3), 2)
# %%
torch.linalg.matrix_norm(torch.ones(2, 2, dtype=torch.int64), 'nuc')
# %%
torch.linalg.norm(torch.ones(2, 2, 2), 2)
# %%
x = M.clone().requires_grad_()
n = torch.linalg.matrix_norm(x, 'nuc') + torch.linalg.matrix_norm(x, 2) + torch.linalg.matrix_norm(x, 1)
n.backward()
print(n, x.grad)
