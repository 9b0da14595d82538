import torch
# complex det / inv / solve on LAPACK (cgetrf/zgetrf + getrs)
A = torch.tensor([[2+2j, 1-1j], [1+1j, 3j]], dtype=torch.complex128)
print(torch.linalg.det(A), A.det(), torch.det(A))
print(torch.linalg.inv(A))
print(torch.allclose(A.inverse() @ A, torch.eye(2, dtype=A.dtype)))
# %%
A = torch.tensor([[1+2j, 2-1j], [3+0.5j, -1+1j]], dtype=torch.complex128)
b = torch.tensor([1+0j, 2j], dtype=torch.complex128)
x = torch.linalg.solve(A, b)
print(x, torch.allclose(A @ x, b))
print(torch.linalg.solve(A, torch.eye(2, dtype=torch.complex128)).shape)
# %%
A = torch.tensor([[4+0j, 1j, 0], [-1j, 3, 1], [0, 1, 2]])
print(torch.linalg.det(A), torch.linalg.slogdet(A))
print(torch.linalg.inv(A).dtype, torch.linalg.inv(A).stride())
# %%
# complex svd (gesdd): singular values are real
A = torch.tensor([[1+2j, 2-1j], [3+0.5j, -1+1j]])
U, S, Vh = torch.linalg.svd(A)
print(S, S.dtype, U.shape, Vh.shape, U.dtype)
print(torch.linalg.svdvals(A))
print(torch.allclose(U @ torch.diag(S).to(U.dtype) @ Vh, A, atol=1e-5))
u, s, v = torch.svd(A)
print(s, torch.allclose(u @ torch.diag(s).to(u.dtype) @ v.conj().T, A, atol=1e-5))
# %%
# eigvals of complex input (cgeev), eigh on Hermitian input (heevd): real eigenvalues
A = torch.tensor([[1+2j, 2-1j], [3+0.5j, -1+1j]], dtype=torch.complex128)
print(torch.linalg.eigvals(A))
H = torch.tensor([[2+0j, 1-1j], [1+1j, 3+0j]], dtype=torch.complex128)
L, V = torch.linalg.eigh(H)
print(L, L.dtype, V.dtype, V.shape)
print(torch.linalg.eigvalsh(H), torch.linalg.eigvalsh(H.to(torch.complex64)))
print(torch.allclose(H @ V, V * L.to(V.dtype)))
# %%
B = torch.stack([torch.eye(2, dtype=torch.complex64) * (1+1j), torch.tensor([[2, 1j], [1j, 2]], dtype=torch.complex64)])
print(torch.linalg.det(B))
print(torch.linalg.svdvals(B))
# %%
try:
    torch.linalg.inv(torch.zeros(2, 2, dtype=torch.complex64))
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.linalg.det(torch.ones(2, 3, dtype=torch.complex64))
except Exception as e:
    print(type(e).__name__, e)
