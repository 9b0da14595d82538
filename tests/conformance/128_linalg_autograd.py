import torch
S = torch.tensor([[4., 1., 2.], [1., 5., 3.], [2., 3., 7.]])
M = torch.tensor([[2., -1., 0.5], [1., 3., -2.], [0.25, 1., 4.]])
W = torch.tensor([[1., 2.], [3., 4.], [5., 6.5]])
C = torch.arange(1., 10.).reshape(3, 3)
def grads(f, *xs):
    xs = [x.clone().requires_grad_() for x in xs]
    out = f(*xs)
    out.backward()
    for x in xs:
        print(x.grad)
    print(out.grad_fn.name())
x = M.clone().requires_grad_()
print(torch.linalg.inv(x).grad_fn.name(), torch.inverse(x).grad_fn.name(), torch.linalg.det(x).grad_fn.name(), torch.linalg.solve(x, W).grad_fn.name())
print(torch.linalg.slogdet(x), torch.linalg.cholesky(S.requires_grad_()).grad_fn.name())
print(torch.linalg.eigh(S).eigenvalues.grad_fn.name(), torch.linalg.svd(x).S.grad_fn.name(), torch.linalg.qr(x).R.grad_fn.name())
print(torch.linalg.pinv(x).grad_fn.name(), torch.linalg.matrix_power(x, 3).grad_fn.name(), torch.linalg.matrix_power(x, -1).grad_fn.name())
S.requires_grad_(False)
# %%
grads(lambda a: torch.linalg.inv(a).sum(), M)
grads(lambda a: (torch.linalg.inv(a) * C).sum(), M.double())
grads(lambda a: torch.linalg.inv(a)[:, 0].sum(), torch.stack([M, S]))
# %%
grads(lambda a: torch.linalg.det(a), M)
grads(lambda a: torch.det(a).sum(), torch.stack([M, S]).double())
grads(lambda a: torch.linalg.slogdet(a).logabsdet, M)
grads(lambda a: torch.logdet(a), S)
# %%
grads(lambda a, b: torch.linalg.solve(a, b).sum(), M, torch.tensor([1., 2., 3.]))
grads(lambda a, b: (torch.linalg.solve(a, b) ** 2).sum(), M, W)
grads(lambda a, b: (torch.linalg.solve(a, b) * torch.tensor([1., -2.])).sum(), torch.stack([M, S]), W)
# %%
grads(lambda a: (torch.linalg.cholesky(a) * C).sum(), S)
grads(lambda a: (torch.linalg.cholesky(a, upper=True) * C).sum(), S.double())
# %%
grads(lambda a: (torch.linalg.eigh(a).eigenvalues * torch.tensor([1., 2., 3.])).sum(), S)
grads(lambda a: (torch.linalg.eigh(a, UPLO='U').eigenvectors * C).sum(), S)
grads(lambda a: (torch.linalg.eigvalsh(a) ** 2).sum(), S)
# %%
grads(lambda a: torch.linalg.svdvals(a).sum(), M)
grads(lambda a: (torch.linalg.svdvals(a) ** 2).sum(), W)
grads(lambda a: (torch.linalg.svd(a).U * C).sum(), M.double())
grads(lambda a: (torch.linalg.svd(a).Vh * C).sum(), M)
grads(lambda a: (torch.linalg.svd(a, full_matrices=False).U * W).sum(), W.double())
grads(lambda a: (torch.svd(a).V * torch.tensor([[1., 2.], [3., 4.]])).sum(), W)
# %%
grads(lambda a: (torch.linalg.qr(a).Q * W).sum(), W)
grads(lambda a: (torch.linalg.qr(a).R * torch.tensor([[1., 2.], [3., 4.]])).sum(), W)
grads(lambda a: (torch.linalg.qr(a).Q * C).sum() + torch.linalg.qr(a).R.sum(), M.double())
# %%
grads(lambda a: (torch.linalg.pinv(a) * torch.arange(6.).reshape(2, 3)).sum(), W.double())
grads(lambda a, b: (torch.linalg.lstsq(a, b).solution * torch.tensor([[1.], [2.]])).sum(), W, torch.tensor([[1.], [2.], [4.]]))
grads(lambda a: torch.linalg.matrix_power(a, 5).sum(), M / 4)
grads(lambda a: torch.linalg.matrix_power(a, -2).sum(), M)
# %%
y = torch.linalg.inv(M.clone().requires_grad_()).sum()
y.backward()
y.backward()
