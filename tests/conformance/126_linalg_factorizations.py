import torch
S = torch.tensor([[4., 1., 2.], [1., 5., 3.], [2., 3., 7.]])
T = torch.tensor([[6., 2., -1.], [2., 5., 1.], [-1., 1., 3.]])
M = torch.tensor([[2., -1., 0.5], [1., 3., -2.], [0.25, 1., 4.]])
W = torch.tensor([[1., 2.], [3., 4.], [5., 6.5]])
L = torch.linalg.cholesky(S)
print(L, L.stride())
print(torch.linalg.cholesky(S, upper=True))
print(torch.linalg.cholesky(torch.stack([S, T]).double()))
print(torch.cholesky(T), S.cholesky(upper=True).shape)
# %%
torch.linalg.cholesky(torch.tensor([[1., 2.], [2., 1.]]))
# %%
torch.linalg.cholesky(torch.stack([torch.eye(3), S, -S]))
# %%
torch.linalg.cholesky(torch.ones(2, 3))
# %%
torch.linalg.cholesky(torch.eye(2, dtype=torch.int64))
# %%
torch.linalg.eigh(S, UPLO='U')
# %%
vals, vecs = torch.linalg.eigh(torch.stack([S, T]))
print(vals)
print(vecs.abs(), vecs.stride())
print(torch.linalg.eigh(torch.stack([S, T]), UPLO='U').eigenvectors)
print((vecs @ torch.diag_embed(vals) @ vecs.mT - torch.stack([S, T])).abs().max() < 1e-5)
print(torch.linalg.eigh(S, UPLO='U').eigenvalues, torch.linalg.eigh(M, UPLO='U').eigenvalues, torch.linalg.eigh(M).eigenvalues)
print(torch.linalg.eigvalsh(T.double()), torch.linalg.eigvalsh(torch.stack([S, T]), UPLO='U'))
# %%
torch.linalg.eigh(torch.ones(2, 3))
# %%
torch.linalg.eigh(torch.eye(2, dtype=torch.int64))
# %%
torch.linalg.eigh(S, UPLO='X')
# %%
torch.linalg.svd(M)
# %%
U, s, Vh = torch.linalg.svd(W)
print(U, s, Vh, U.shape, Vh.shape, U.stride(), Vh.stride())
U, s, Vh = torch.linalg.svd(W, full_matrices=False)
print(U, s, Vh, U.shape)
print((U @ torch.diag(s) @ Vh - W).abs().max() < 1e-5)
# %%
print(torch.linalg.svdvals(M), torch.linalg.svdvals(W.T), torch.linalg.svdvals(torch.stack([S, T, M]).double()))
# %%
torch.svd(W)
# %%
r = torch.svd(M, some=False)
print(r.V, r.U.shape, r.S)
print(torch.svd(W, some=False).U.shape, torch.svd(W, compute_uv=False))
print(W.svd().S)
# %%
torch.linalg.svd(torch.ones(3))
# %%
torch.linalg.svd(torch.eye(2, dtype=torch.int32))
# %%
torch.linalg.svdvals(torch.eye(2, dtype=torch.float16))
# %%
torch.linalg.qr(W)
# %%
Q, R = torch.linalg.qr(W, mode='complete')
print(Q, R, Q.stride(), R.stride())
print(torch.linalg.qr(W, mode='r'))
print(torch.linalg.qr(M.double()).R)
print(torch.linalg.qr(torch.stack([M, S])).Q)
print(torch.qr(W).Q.shape, W.qr(some=False).Q.shape)
# %%
torch.linalg.qr(W, mode='full')
# %%
torch.linalg.qr(torch.eye(2, dtype=torch.int64))
# %%
print(torch.linalg.cholesky_ex(torch.tensor([[2., 1.], [1., 3.]])))
print(torch.linalg.cholesky_ex(torch.stack([torch.eye(2), -torch.eye(2)])).info)
print(torch.linalg.cholesky_ex(torch.tensor([[4., 2.], [2., 1.]]), upper=True).info)
x = torch.tensor([[2., 1.], [1., 3.]], requires_grad=True)
print(torch.linalg.inv_ex(x).inverse.grad_fn.name(), torch.linalg.cholesky_ex(x).L.grad_fn.name())
# %%
torch.linalg.cholesky_ex(-torch.eye(2), check_errors=True)
