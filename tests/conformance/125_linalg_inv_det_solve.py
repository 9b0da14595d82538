import torch
A = torch.tensor([[2., -1., 0.5], [1., 3., -2.], [0.25, 1., 4.]])
S = torch.tensor([[4., 1., 2.], [1., 5., 3.], [2., 3., 7.]])
Ai = torch.linalg.inv(A)
print(Ai)
print(Ai.shape, Ai.dtype, Ai.stride(), Ai.is_contiguous())
print((A @ Ai - torch.eye(3)).abs().max() < 1e-5)
# %%
torch.linalg.inv(A.double())
# %%
B = torch.stack([A, S, A.T])
print(torch.linalg.inv(B))
print(torch.linalg.inv(B.reshape(1, 3, 3, 3)).shape)
# %%
print(torch.inverse(A.T), A.inverse().sum())
print(torch.linalg.inv(A[:, [2, 0, 1]]))
# %%
print(torch.linalg.det(A), torch.det(S), A.det(), torch.linalg.det(A.T))
print(torch.linalg.det(B), torch.linalg.det(B.double()))
print(torch.linalg.det(torch.tensor([[0., 1.], [1., 0.]])), torch.linalg.det(torch.tensor([[1., 2.], [2., 4.]])))
# %%
torch.linalg.slogdet(A)
# %%
r = torch.linalg.slogdet(torch.tensor([[[0., 2.], [3., 1.]], [[1., 2.], [2., 4.]], [[5., 1.], [1., 3.]]]))
print(r.sign, r.logabsdet)
s, l = torch.slogdet(S)
print(s, l, S.logdet(), torch.logdet(torch.tensor([[0., 2.], [3., 1.]])))
# %%
b = torch.tensor([1., 2., 3.])
x = torch.linalg.solve(A, b)
print(x, x.shape, A @ x)
# %%
Bm = torch.tensor([[1., 0.], [2., -1.], [3., 0.5]])
X = torch.linalg.solve(A, Bm)
print(X, X.stride())
print(torch.linalg.solve(B, b))
print(torch.linalg.solve(B, Bm).shape, torch.linalg.solve(A, torch.ones(4, 3, 2)).shape)
print(torch.linalg.solve(B, torch.ones(3, 3)))
# %%
torch.linalg.solve(A.double(), Bm.double(), left=False) if False else torch.linalg.solve(S.double(), Bm.double())
# %%
torch.linalg.inv(torch.tensor([[1., 2.], [2., 4.]]))
# %%
torch.linalg.inv(torch.tensor([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]]).double() * 0 + torch.tensor([[1., 1., 1.], [1., 1., 1.], [0., 0., 1.]]).double())
# %%
torch.linalg.inv(torch.stack([torch.eye(2), torch.zeros(2, 2)]))
# %%
torch.linalg.inv(torch.ones(2, 3))
# %%
torch.linalg.inv(torch.ones(3))
# %%
torch.linalg.inv(torch.eye(2, dtype=torch.int64))
# %%
torch.linalg.inv(torch.eye(2, dtype=torch.float16))
# %%
torch.linalg.det(torch.ones(2, 3))
# %%
torch.det(torch.ones(3))
# %%
torch.linalg.det(torch.ones(2, 2, dtype=torch.int32))
# %%
torch.linalg.slogdet(torch.ones(2, 2, dtype=torch.int64))
# %%
torch.linalg.solve(torch.tensor([[1., 2.], [2., 4.]]), torch.ones(2))
# %%
torch.linalg.solve(torch.stack([torch.eye(2), torch.zeros(2, 2)]), torch.ones(2))
# %%
torch.linalg.solve(torch.eye(3), torch.ones(2))
# %%
torch.linalg.solve(torch.eye(3), torch.ones(2, 1))
# %%
torch.linalg.solve(torch.eye(2), torch.ones(2, dtype=torch.float64))
# %%
torch.linalg.solve(torch.eye(2, dtype=torch.int64), torch.ones(2))
# %%
try:
    torch.linalg.inv(torch.zeros(3, 3))
except torch.linalg.LinAlgError as e:
    print('LinAlgError:', e)
try:
    torch.linalg.solve(torch.zeros(2, 2), torch.ones(2))
except RuntimeError as e:
    print('RuntimeError:', e)
print(torch.linalg.LinAlgError)
print(issubclass(torch.linalg.LinAlgError, RuntimeError))
# %%
print(torch.linalg.inv_ex(torch.tensor([[2., 1.], [1., 3.]])))
print(torch.linalg.inv_ex(torch.stack([torch.eye(2), torch.tensor([[1., 2.], [2., 4.]])])).info)
print(torch.linalg.inv_ex(torch.tensor([[1., 2.], [2., 4.]])).info)
# %%
torch.linalg.inv_ex(torch.tensor([[1., 2.], [2., 4.]]), check_errors=True)
