import torch
z = torch.tensor([[1+2j, 3-1j, 0.5j], [2, -1+1j, 4-4j]])
print(z.sum(), z.sum(0), z.sum(1), z.sum(dim=1, keepdim=True), torch.sum(z, (0, 1)))
print(z.mean(), z.mean(0), z.mean(-1, keepdim=True), torch.mean(z))
print(z.prod(), z.prod(0), z.prod(1), torch.prod(z, 1, keepdim=True))
# %%
z = torch.tensor([[1+2j, 3-1j], [0.5j, 2]], dtype=torch.complex128)
print(z.sum(), z.mean(1), z.prod(), z.sum().dtype)
print(torch.tensor(1+1j).sum(), torch.tensor(2j).mean(), torch.tensor(3j).prod())
print(torch.zeros(0, dtype=torch.cfloat).sum(), torch.zeros(0, dtype=torch.cfloat).prod())
print(torch.zeros(0, dtype=torch.cfloat).mean())
# %%
z = torch.tensor([1+2j, 3-1j])
print(z.sum(dtype=torch.complex128), z.sum().item(), z.any(), z.all(), torch.tensor([0j, 1]).all())
# %%
a = torch.tensor([[1+2j, 3-1j], [0.5j, 2]])
b = torch.tensor([[2, 1j], [-1+1j, 0.5]])
print(a @ b, a.matmul(b), torch.mm(a, b), a @ b.t(), a.t() @ b)
print(a @ torch.tensor([1j, 2]), torch.tensor([1j, 2]) @ a, torch.tensor([1j, 2]) @ torch.tensor([3, 1j]))
print(a[0].dot(b[0]), torch.dot(a[1], b[1]))
# %%
a = torch.tensor([[1+2j, 3-1j], [0.5j, 2]], dtype=torch.complex128)
print(a @ a, (a @ a).dtype, torch.bmm(a.unsqueeze(0), a.unsqueeze(0)))
print(torch.arange(6.).view(2, 3).to(torch.complex64) @ torch.ones(3, 2, dtype=torch.cfloat))
print(torch.ones(2, 0, dtype=torch.cfloat) @ torch.ones(0, 3, dtype=torch.cfloat))
# %%
torch.tensor([[1j]]) @ torch.tensor([[1.0]])
# %%
torch.tensor([[1j]]) @ torch.tensor([[1j]], dtype=torch.complex128)
# %%
A = torch.tensor([[1., 2], [3, 4]])
print(torch.linalg.eig(A))
print(torch.linalg.eigvals(A), torch.linalg.eigvals(A.double()))
# %%
R = torch.tensor([[0., -1], [1, 0]])
L, V = torch.linalg.eig(R)
print(L, V, L.dtype, V.dtype)
print(torch.linalg.eig(torch.tensor([[2., 0, 0], [0, 3, 4], [0, -4, 3]])))
# %%
A = torch.tensor([[4., 1, 2], [0, 3, -1], [1, 0, 2]], dtype=torch.float64)
L, V = torch.linalg.eig(A)
print(L)
print(torch.allclose(A.to(torch.complex128) @ V, V * L))
# %%
B = torch.tensor([[[1., 2], [2, 1]], [[0, 1], [-2, 0]]])
print(torch.linalg.eigvals(B))
print(torch.linalg.eig(torch.tensor([[1+1j, 2], [0, 3]])))
print(torch.linalg.eigvals(torch.tensor([[1j, 1], [1, 1j]], dtype=torch.complex128)))
print(torch.linalg.eig(torch.ones(0, 0)))
# %%
torch.linalg.eig(torch.ones(2, 3))
# %%
torch.linalg.eigvals(torch.ones(3))
# %%
torch.linalg.eig(torch.ones(2, 2, dtype=torch.int64))
# %%
torch.linalg.eig(torch.tensor([[float('nan'), 1], [1, 1]]))
# %%
torch.linalg.eig(torch.ones(2, 2, dtype=torch.float16))
# %%
torch.manual_seed(0)
print(torch.randn(3, dtype=torch.cfloat))
print(torch.rand(2, 2, dtype=torch.complex128))
print(torch.randn(20, dtype=torch.cfloat)[-3:])
z = torch.zeros(3, dtype=torch.cfloat)
print(z.normal_(), z.uniform_(-1, 1))
g = torch.Generator().manual_seed(3)
print(torch.randn(2, dtype=torch.cdouble, generator=g))
# %%
z = torch.tensor([[1+2j, -3j, 0.5], [2, 1-1j, -1j]])
print(z.cumprod(0), z.cumprod(1), torch.cumprod(z, -1), torch.tensor(2j).cumprod(0))
print(z.to(torch.complex128).cumprod(1), z.t().cumprod(0))
m = torch.tensor([[1+2j, -3j], [0.5, 2-1j]])
print(m.addmm(m, m), m.addmm(m, m, beta=0.5, alpha=2), m.unsqueeze(0).baddbmm(m.unsqueeze(0), m.unsqueeze(0)))
print(m.lerp(m * 2, 0.25), torch.lerp(m, m + 1j, 0.75))
# %%
torch.lerp(torch.tensor([1j]), torch.tensor([2j]), torch.tensor([0.5]))
