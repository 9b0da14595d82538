import torch
a = torch.tensor([1+2j, -3+0.5j, 2j])
b = torch.tensor([0.5-1j, 2+2j, -1])
print(a + b, a - b, a * b, a / b)
print(-a, a.neg(), torch.neg(b))
# %%
a = torch.tensor([1+2j, -3+0.5j, 2j])
print(a + 1, a - 2.5, a * 3, a / 2, 2 / a, 1 - a, 2.5 * a)
print(a + 1j, 1j * a, a / 1j, (1+1j) - a)
print(a + True, a * False)
# %%
a = torch.tensor([[1+1j], [2-1j]])
b = torch.tensor([1j, 2, 3-3j])
print(a + b, a * b)
print(a + torch.tensor([1.0, 2.0, 3.0]), torch.arange(3) * a)
# %%
print((torch.tensor([1, 2]) + 1j).dtype, (torch.tensor([1, 2], dtype=torch.int8) * 1j).dtype)
print((torch.tensor([1.0]) + 1j).dtype, (torch.tensor([1.0], dtype=torch.float64) + 1j).dtype)
print((torch.tensor([True]) + 1j).dtype, (torch.tensor([1j]) + 2.5).dtype, (torch.tensor([1j]) + 2).dtype)
print((torch.tensor([1j]) + torch.tensor([1.0], dtype=torch.float64)).dtype)
print((torch.tensor([1j], dtype=torch.complex128) + torch.tensor([1.0])).dtype)
print((torch.tensor([1.0]) + torch.tensor(1j, dtype=torch.complex128)).dtype)
print((torch.tensor([1.0], dtype=torch.float64) + torch.tensor(1j)).dtype)
print((torch.tensor([1]) + torch.tensor(1j, dtype=torch.complex128)).dtype)
print((torch.tensor(1.0, dtype=torch.float64) + torch.tensor(1j)).dtype)
print((torch.tensor([1j]) + torch.tensor([2j], dtype=torch.complex128)).dtype)
print(torch.promote_types(torch.float64, torch.complex64), torch.promote_types(torch.int64, torch.complex64))
print(torch.promote_types(torch.complex128, torch.float32), torch.promote_types(torch.bool, torch.complex64))
# %%
x = torch.tensor([1+1j, 2-2j])
x += 1
x *= 1j
x -= torch.tensor([0.5, 0.5])
x /= 2
print(x)
y = torch.tensor([1+1j], dtype=torch.complex128)
y.add_(torch.tensor([1j])).mul_(2)
print(y)
# %%
torch.zeros(2, dtype=torch.int64).add_(1j)
# %%
torch.zeros(2).mul_(torch.tensor([1j, 2j]))
# %%
z = torch.tensor([1+1j, -2+0.5j, 3j, 0.25-1j])
print(z.exp(), z.log(), z.sqrt())
print(z.sin(), z.cos(), z.tanh())
print(torch.exp(z), torch.sqrt(torch.tensor([-4+0j, 4j])))
# %%
z = torch.tensor([1+1j, -2+0.5j, 3j, 0.25-1j])
print(z.reciprocal(), z.square(), z.sigmoid(), z.rsqrt())
print(z.abs(), z.abs().dtype, torch.tensor([-1j], dtype=torch.complex128).abs())
# %%
z = torch.tensor([1+1j, -2+0.5j, 3j])
print(z ** 2, z ** 3, z ** 0.5, z ** -1, z ** 0, z ** 1, z ** -2)
print(z ** 2.5, z ** (1+1j), z.pow(2), torch.pow(z, 1j))
print(2 ** z, z ** torch.tensor([2, 1, 0]), torch.tensor([2.0]) ** z)
# %%
z = torch.tensor([1+1j, 2, 3j])
print(z == z, z == torch.tensor([1+1j, 2+0j, 3]), z != 2, z == 2, 3j == z, z.eq(z), z.ne(1+1j))
print(torch.equal(z, z.clone()), torch.equal(z, z + 1), z.allclose(z + 1e-9), z.isclose(z + 1e-3j))
# %%
torch.tensor([1j]) < torch.tensor([2j])
# %%
torch.tensor([1j]) >= 1
# %%
torch.tensor([1j]) // 2
# %%
torch.tensor([1j]) % 2
# %%
torch.tensor([1j]) & torch.tensor([1j])
# %%
z = torch.tensor([1+1j, 0j])
print(z.logical_not(), torch.logical_and(z, torch.tensor([1j, 1j])), z.bool())
print(~torch.tensor([True]), torch.where(torch.tensor([True, False]), z, torch.tensor([5j, 6j])))
print(torch.where(torch.tensor([True, False]), z, 0.0), torch.where(torch.tensor([True, False]), torch.tensor([1.0, 2.0]), 1j))
# %%
torch.tensor([1.], dtype=torch.bfloat16) * 1j
# %%
print((torch.tensor([1.], dtype=torch.float16) + torch.tensor([1j])).dtype)
