import torch
A = torch.tensor([[2., 1, 1], [4, -6, 0], [-2, 7, 2]])
LU, piv = torch.linalg.lu_factor(A)
print(LU, piv, piv.dtype, LU.shape, LU.stride())
torch.linalg.lu_factor(A)
# %%
import torch
A = torch.tensor([[2., 1, 1], [4, -6, 0], [-2, 7, 2]])
P, L, U = torch.linalg.lu(A)
print(P, L, U, sep='\n')
print(torch.allclose(P @ L @ U, A), L.stride(), U.is_contiguous())
torch.linalg.lu(A.double())
# %%
import torch
R = torch.tensor([[1., 2, 3, 4], [2, 5, 1, 0], [0, 1, 1, 3]])
print(torch.linalg.lu(R))
print(torch.linalg.lu(R.mT))
print(torch.linalg.lu_factor(R), torch.linalg.lu_factor(R.mT).pivots)
# %%
import torch
g = torch.Generator().manual_seed(0)
A = torch.randn(2, 3, 3, generator=g, dtype=torch.float64)
P, L, U = torch.linalg.lu(A)
print(P, L, U, sep='\n')
print(torch.dist(P @ L @ U, A) < 1e-12, torch.linalg.lu_factor(A).pivots)
# %%
import torch
A = torch.tensor([[2., 1, 1], [4, -6, 0], [-2, 7, 2]])
print(torch.linalg.lu_factor_ex(A))
print(torch.linalg.lu_factor_ex(torch.zeros(2, 2)), torch.linalg.lu_factor_ex(torch.zeros(3, 2, 2)).info)
print(torch.lu(A))
print(torch.lu(A, get_infos=True), torch.lu(torch.zeros(2, 2)))
# %%
import torch
A = torch.tensor([[4., 3, 2], [2, 1, 3], [3, 2, 1]])
LU, piv = torch.linalg.lu_factor(A)
print(torch.lu_unpack(LU, piv))
print(torch.lu_unpack(LU, piv, unpack_data=False), torch.lu_unpack(LU, piv, unpack_pivots=False).P)
# %%
import torch
A = torch.tensor([[2., 1, 1], [4, -6, 0], [-2, 7, 2]])
B = torch.tensor([[1., 2], [3, 4], [5, 6]])
LU, piv = torch.linalg.lu_factor(A)
X = torch.linalg.lu_solve(LU, piv, B)
print(X, torch.allclose(A @ X, B))
print(torch.linalg.lu_solve(LU, piv, B, adjoint=True), torch.linalg.lu_solve(LU, piv, B.mT, left=False))
print(torch.linalg.lu_solve(LU, piv, B.mT, left=False, adjoint=True))
Ab = torch.stack([A, A + 2 * torch.eye(3)])
LUb, pivb = torch.linalg.lu_factor(Ab)
print(torch.linalg.lu_solve(LUb, pivb, B), torch.linalg.lu_solve(LU, piv, B.expand(2, 3, 2)).shape)
# %%
import torch
T = torch.tensor([[2., 1, 3], [0, 4, 1], [0, 0, 5]])
B = torch.tensor([[1., 2], [3, 4], [5, 6]])
X = torch.linalg.solve_triangular(T, B, upper=True)
print(X, X.stride(), torch.allclose(T @ X, B))
print(torch.linalg.solve_triangular(T.mT, B, upper=False), torch.linalg.solve_triangular(T.mT, B, upper=False, unitriangular=True))
print(torch.linalg.solve_triangular(T, B.mT, upper=True, left=False), torch.linalg.solve_triangular(T.double(), B, upper=True).dtype)
print(torch.linalg.solve_triangular(T, B.double(), upper=True).dtype, torch.linalg.solve_triangular(T, B.expand(2, 3, 2), upper=True).shape)
print(torch.linalg.solve_triangular(torch.zeros(2, 2), torch.ones(2, 1), upper=True))
# %%
import torch
T = torch.tensor([[2., 1, 3], [0, 4, 1], [0, 0, 5]])
B = torch.tensor([[1., 2], [3, 4], [5, 6]])
print(torch.triangular_solve(B, T))
print(torch.triangular_solve(B, T, upper=False, transpose=True).solution, torch.triangular_solve(B, T, unitriangular=True).solution)
print(B.triangular_solve(T).cloned_coefficient)
A = torch.tensor([[2., 1, 1], [4, -6, 0], [-2, 7, 2]])
Lc = torch.linalg.cholesky(A @ A.mT + torch.eye(3))
print(torch.cholesky_solve(B, Lc), torch.cholesky_solve(B, Lc.mT, upper=True), B.cholesky_solve(Lc))
print(torch.allclose((A @ A.mT + torch.eye(3)) @ torch.cholesky_solve(B, Lc), B, atol=1e-5))
# %%
import torch
T = torch.tensor([[2., 1, 3], [0, 4, 1], [0, 0, 5]])
B = torch.tensor([[1., 2], [3, 4], [5, 6]])
A = T.clone().requires_grad_()
b = B.clone().requires_grad_()
X = torch.linalg.solve_triangular(A, b, upper=True)
X.sum().backward()
print(X.grad_fn.name(), A.grad, b.grad)
A.grad = None
b.grad = None
X = torch.linalg.solve_triangular(A, b.mT, upper=True, left=False, unitriangular=True)
(X * X).sum().backward()
print(A.grad, b.grad)
# %%
import torch
T = torch.tensor([[2., 1, 3], [0, 4, 1], [0, 0, 5]])
B = torch.tensor([[1., 2], [3, 4], [5, 6]])
M = (T + T.mT).double().requires_grad_()
b = B.double().requires_grad_()
LU, piv = torch.linalg.lu_factor(M)
X = torch.linalg.lu_solve(LU, piv, b)
X.sum().backward()
print(X.grad_fn.name(), LU.grad_fn.name(), M.grad, b.grad)
M.grad = None
P, L, U = torch.linalg.lu(M)
(L.sum() + (U * U).sum()).backward()
print(M.grad)
# %%
import torch
T = torch.tensor([[2., 1, 3], [0, 4, 1], [0, 0, 5]])
B = torch.tensor([[1., 2], [3, 4], [5, 6]])
LU, piv = torch.linalg.lu_factor(T + T.mT)
for f in [lambda: torch.linalg.lu_factor(torch.tensor([1., 2])), lambda: torch.linalg.lu_factor(torch.tensor([[1, 2], [3, 4]])),
          lambda: torch.linalg.lu(torch.tensor([1., 2])), lambda: torch.linalg.lu_factor(T, pivot=False), lambda: torch.lu(torch.ones(3)),
          lambda: torch.linalg.lu_factor(torch.zeros(2, 2)), lambda: torch.linalg.lu_factor(torch.zeros(2, 2, 2)),
          lambda: torch.linalg.lu_factor_ex(torch.zeros(2, 2), check_errors=True), lambda: torch.lu_unpack(LU, piv.long()),
          lambda: torch.lu_unpack(torch.tensor([1., 2]), piv), lambda: torch.linalg.lu_solve(LU, piv, B.double()),
          lambda: torch.linalg.lu_solve(LU, piv, torch.ones(3)), lambda: torch.linalg.lu_solve(LU, piv, torch.ones(2, 2)),
          lambda: torch.linalg.lu_solve(LU, piv.long(), B), lambda: torch.linalg.lu_solve(torch.ones(2, 3), torch.ones(2, dtype=torch.int32), torch.ones(2, 1)),
          lambda: torch.linalg.solve_triangular(T, B), lambda: torch.linalg.solve_triangular(T, torch.ones(3), upper=True),
          lambda: torch.linalg.solve_triangular(T[:2], B, upper=True), lambda: torch.linalg.solve_triangular(T, torch.ones(2, 2), upper=True),
          lambda: torch.linalg.solve_triangular(T, torch.ones(2, 2), upper=True, left=False), lambda: torch.linalg.solve_triangular(T.long(), B.long(), upper=True),
          lambda: torch.triangular_solve(torch.ones(2, 2), T), lambda: torch.triangular_solve(B.double(), T), lambda: torch.triangular_solve(B, torch.ones(2, 3)),
          lambda: torch.cholesky_solve(torch.ones(3), T), lambda: torch.cholesky_solve(B, torch.ones(2, 2)), lambda: torch.cholesky_solve(B.double(), T)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
