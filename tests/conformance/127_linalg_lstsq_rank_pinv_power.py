import torch
W = torch.tensor([[1., 2.], [3., 4.], [5., 6.5]])
y = torch.tensor([[1.], [2.], [4.]])
r = torch.linalg.lstsq(W, y)
r
# %%
print(r.solution.shape, r.rank.dtype, r.residuals.shape, r.singular_values.shape)
sol, res, rank, sv = torch.linalg.lstsq(W.double(), torch.tensor([[1., 0.], [2., 1.], [4., 3.]], dtype=torch.float64))
print(sol, rank)
print(torch.linalg.lstsq(W, torch.tensor([1., 2., 4.]).unsqueeze(-1)).solution.squeeze())
# %%
Wb = torch.stack([W, W * 2, W.flip(0)])
out = torch.linalg.lstsq(Wb, torch.ones(3, 3, 1))
print(out.solution, out.rank)
print(torch.linalg.lstsq(torch.tensor([[1., 2.], [2., 4.], [3., 6.]]), y).rank)
print(torch.linalg.lstsq(W, y, rcond=0.5).rank, torch.linalg.lstsq(W, y, driver='gelsy').solution.shape)
# %%
torch.linalg.lstsq(torch.eye(2), torch.ones(3, 1))
# %%
torch.linalg.lstsq(torch.eye(2, dtype=torch.int64), torch.ones(2, 1, dtype=torch.int64))
# %%
torch.linalg.lstsq(torch.eye(2), torch.ones(2, 1, 1, 1))
# %%
A = torch.tensor([[2., -1., 0.5], [1., 3., -2.], [0.25, 1., 4.]])
R2 = torch.tensor([[1., 2., 3.], [2., 4., 6.], [1., 0., 1.]])
print(torch.linalg.matrix_rank(A), torch.linalg.matrix_rank(R2), torch.linalg.matrix_rank(torch.zeros(3, 4)))
print(torch.linalg.matrix_rank(torch.stack([A, R2, torch.ones(3, 3)])))
print(torch.linalg.matrix_rank(A, atol=3.0), torch.linalg.matrix_rank(A, rtol=0.5), torch.linalg.matrix_rank(A, atol=1.0, rtol=0.0))
print(torch.linalg.matrix_rank(R2 + R2.T, hermitian=True), torch.linalg.matrix_rank(W.double()))
# %%
torch.linalg.matrix_rank(torch.ones(3))
# %%
torch.linalg.matrix_rank(torch.eye(3, dtype=torch.int64))
# %%
P = torch.linalg.pinv(W)
print(P, P.shape)
print(torch.linalg.pinv(A.double()))
print(torch.linalg.pinv(torch.tensor([[1., 2.], [2., 4.]])))
print(torch.linalg.pinv(torch.tensor([[4., 1.], [1., 3.]]), hermitian=True))
print(torch.linalg.pinv(Wb).shape, torch.pinverse(W), W.pinverse().shape)
print(torch.linalg.pinv(A, atol=2.0), torch.linalg.pinv(A, rtol=0.3))
# %%
torch.linalg.pinv(torch.ones(3))
# %%
torch.linalg.pinv(torch.eye(2, dtype=torch.int64))
# %%
M = torch.tensor([[0.5, 0.25], [-0.5, 1.]])
for n in (0, 1, 2, 3, 5, 8, 13, -1, -3):
    print(n, torch.linalg.matrix_power(M, n))
# %%
print(torch.linalg.matrix_power(torch.stack([M, M.T]), 6), torch.matrix_power(M, 4), M.matrix_power(-2))
print(torch.linalg.matrix_power(torch.tensor([[1, 1], [1, 0]]), 10), torch.linalg.matrix_power(M.double(), 7))
# %%
torch.linalg.matrix_power(torch.ones(2, 3), 2)
# %%
torch.linalg.matrix_power(torch.tensor([[1, 1], [1, 0]]), -1)
# %%
torch.linalg.matrix_power(M, 2.5)
# %%
D = torch.tensor([[1., 2.], [2., 4.], [3., 6.]])
yy = torch.tensor([[1., 0.], [2., 1.], [4., 3.]])
Y = yy.expand(2, 3, 2)
for d in ['gels', 'gelsd', 'gelss']:
    print(d, torch.linalg.lstsq(W, yy[:, 0], driver=d))
    if d != 'gels':
        r = torch.linalg.lstsq(torch.stack([W, D]), Y, driver=d)
        print(r.solution, r.rank, r.residuals, r.singular_values.shape)
    print(torch.linalg.lstsq(torch.stack([W, 2 * W]), Y, driver=d).residuals)
    print(torch.linalg.lstsq(W.T.double(), yy[:2].double(), driver=d))
print(torch.linalg.lstsq(W, yy, driver='gelsd', rcond=0.2))
# %%
torch.linalg.lstsq(W, yy, driver='gelsx')
