import torch
print(torch.complex64, torch.cfloat, torch.complex128, torch.cdouble)
print(torch.cfloat is torch.complex64, torch.cdouble is torch.complex128)
print(torch.complex64.is_complex, torch.float32.is_complex, torch.complex128.is_floating_point)
print(torch.complex64.itemsize, torch.complex128.itemsize)
# %%
a = torch.tensor([1+2j, 3j])
print(a, a.dtype, a.is_complex(), a.element_size(), a.is_floating_point())
print(torch.is_complex(a), torch.is_complex(torch.ones(2)), torch.ones(1).is_complex())
# %%
print(torch.tensor([1, 2.5, 3j]))
print(torch.tensor([[1, 2j], [3, 4]]))
print(torch.tensor(2j), torch.tensor(2j).shape)
print(torch.tensor([True, 1j]))
# %%
print(torch.tensor([1+2j], dtype=torch.complex128))
print(torch.tensor([1, 2], dtype=torch.cfloat))
print(torch.tensor([1.5, 2], dtype=torch.cdouble))
# %%
torch.tensor([1+2j], dtype=torch.float32)
# %%
torch.tensor([1+2j], dtype=torch.int64)
# %%
print(torch.zeros(2, dtype=torch.cfloat))
print(torch.ones(2, 2, dtype=torch.complex128))
print(torch.empty(0, dtype=torch.cfloat))
print(torch.full((2,), 1-1j))
print(torch.full((2,), 2.5, dtype=torch.complex64))
print(torch.full((1, 2), 1j, dtype=torch.complex128))
print(torch.zeros_like(torch.tensor([1j, 2])), torch.ones_like(torch.tensor([1j])))
# %%
x = torch.tensor([1.5, -2.0, 0.0])
print(x.to(torch.complex64), x.to(torch.complex128), x.to(torch.cfloat).dtype)
print(torch.tensor([1, 2]).to(torch.complex64), torch.tensor([True, False]).to(torch.cdouble))
print(x.type(torch.complex64))
# %%
z = torch.tensor([1.5+2j, -3-0.5j])
print(z.to(torch.complex128), z.to(torch.complex128).to(torch.complex64))
print(z.to(torch.float32), z.to(torch.float64), z.to(torch.int64), z.to(torch.bool))
print(torch.tensor([0j, 1j, 0.5]).bool())
# %%
z = torch.tensor([1.5+2j, -3-0.5j])
print(z.real, z.imag, z.real.dtype, z.imag.dtype)
print(torch.tensor([1j], dtype=torch.complex128).real.dtype)
print(torch.real(z), torch.imag(z))
r = torch.tensor([1.0, 2.0])
print(r.real, r.real is r, torch.real(r))
# %%
torch.tensor([1.0]).imag
# %%
z = torch.tensor([1+2j, 3+4j])
z.real[0] = 10
z.imag.mul_(2)
print(z)
z.real = torch.tensor([7.0, 8.0])
print(z)
z.imag = 0.5
print(z)
# %%
z = torch.tensor([[1+2j, 3-4j], [5j, -6]])
v = torch.view_as_real(z)
print(v, v.shape, v.dtype, v.stride())
v[0, 0, 1] = 9
print(z)
print(torch.view_as_real(z[:, 1]), torch.view_as_real(z.t()).stride())
# %%
torch.view_as_real(torch.tensor([1.0]))
# %%
r = torch.arange(8.0).view(2, 2, 2)
c = torch.view_as_complex(r)
print(c, c.shape, c.dtype, c.stride())
c[0, 0] = 100j
print(r[0, 0])
print(torch.view_as_complex(torch.arange(4, dtype=torch.float64).view(2, 2)))
# %%
torch.view_as_complex(torch.tensor([1, 2]))
# %%
torch.view_as_complex(torch.tensor([1.0, 2.0, 3.0]))
# %%
torch.view_as_complex(torch.tensor(1.0))
# %%
torch.view_as_complex(torch.arange(4.0).view(2, 2).t())
# %%
print(torch.complex(torch.tensor([1.0, 2.0]), torch.tensor([3.0, -4.0])))
print(torch.complex(torch.tensor([1.0], dtype=torch.float64), torch.tensor([2.0], dtype=torch.float64)))
print(torch.complex(torch.tensor([[1.0], [2.0]]), torch.tensor([3.0, 4.0])))
# %%
torch.complex(torch.tensor([1.0]), torch.tensor([2.0], dtype=torch.float64))
# %%
torch.complex(torch.tensor([1]), torch.tensor([2]))
# %%
p = torch.polar(torch.tensor([1.0, 2.0]), torch.tensor([0.0, 1.5707963267948966]))
print(p)
print(torch.polar(torch.tensor([2.0], dtype=torch.float64), torch.tensor([3.0], dtype=torch.float64)))
# %%
torch.polar(torch.tensor([1.0]), torch.tensor([2]))
# %%
z = torch.tensor([3+4j, -1j, 0])
print(z.abs(), torch.abs(z), z.abs().dtype, torch.tensor([1j], dtype=torch.cdouble).abs().dtype)
print(z.angle(), torch.angle(z))
print(torch.tensor([1.0, -2.0, 0.0]).angle(), torch.tensor([1, -1]).angle())
# %%
z = torch.tensor([1+2j, 3-4j])
c = z.conj()
print(c, c.is_conj(), z.is_conj(), c.resolve_conj().is_conj())
print(torch.conj(z), torch.tensor([1.0]).conj().is_conj())
print(z.conj_physical(), z.conj().conj(), z.conj().conj().is_conj())
print(c + 1, (c * z).is_conj())
# %%
torch.view_as_real(torch.tensor([1+2j]).conj())
# %%
print(torch.tensor(1+2j).item(), type(torch.tensor(1+2j).item()))
print(torch.tensor([1+2j, 3j]).tolist(), torch.tensor([[1j], [2]]).tolist())
print(torch.tensor([1.5-0.5j], dtype=torch.complex128).item())
print(complex(torch.tensor(1+2j)), bool(torch.tensor(1j)), bool(torch.tensor(0j)))
# %%
float(torch.tensor(1+2j))
# %%
z = torch.tensor([1+2j, 3j, -1])
print(z[0], z[1:], z[torch.tensor([True, False, True])], z[[2, 0]])
z[1] = 5 - 5j
z[2] = 7
print(z)
z[:2] = torch.tensor([0j, 1j])
print(z, z.shape, z.reshape(3, 1), z.flip(0), z.view(1, 3).t().contiguous())
print(torch.cat([z, z]), torch.stack([z, z]), z.clone(), z.unsqueeze(0).expand(2, 3))
# %%
z = torch.tensor([1+2j], requires_grad=True)
print(z, z.requires_grad)
