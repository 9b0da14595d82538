import torch
print(torch.tensor([1+2j, 3-1j]))
print(torch.tensor(1+2j), torch.tensor(-1.5-0.25j), torch.tensor(0j), torch.tensor(-0.0-0.0j))
print(torch.tensor([1.25+2j, -3.5-1j, 100+0.001j]))
# %%
print(torch.tensor([1e-5+1j, 2+3j]))
print(torch.tensor([1e10+1j, 1+1e10j]))
print(torch.tensor([1+1e-10j, 2+3j]))
print(torch.tensor([12345.678+0.5j, -0.001-98765.4321j]))
# %%
print(torch.tensor([float('nan')+1j, complex(1, float('inf')), complex(float('-inf'), float('nan'))]))
print(torch.tensor([complex(0, -0.0), complex(-0.0, 0)]))
print(torch.tensor([1+2j, 3-1j], dtype=torch.complex128))
print(torch.tensor([0.1+0.2j, 1/3+2/3j], dtype=torch.complex128))
# %%
print(torch.arange(12.).view(3, 4) + 1j * torch.arange(12.).view(3, 4).flip(1))
print(torch.zeros(2, 3, 2, dtype=torch.cfloat) + 1j)
# %%
z = torch.complex(torch.arange(20.), -torch.arange(20.) / 3)
print(z)
print(z.view(4, 5))
# %%
z = torch.complex(torch.linspace(-2, 2, 2000), torch.linspace(3, -3, 2000))
print(z)
# %%
z = torch.complex(torch.arange(1200.).view(40, 30), torch.ones(40, 30))
print(z)
# %%
torch.set_printoptions(precision=2)
print(torch.tensor([1.2345+6.789j, -0.5j]))
torch.set_printoptions(sci_mode=True)
print(torch.tensor([1.2345+6.789j, -0.5j]))
torch.set_printoptions(profile="default")
print(torch.tensor([1.2345+6.789j, -0.5j]))
# %%
z = torch.tensor([[1+1j, 2.5-3j], [4j, -5]])
print(repr(z), str(z))
print([torch.tensor(1j)], {"a": torch.tensor([2+0j])})
print(torch.tensor([], dtype=torch.cfloat), torch.zeros(0, 2, dtype=torch.cdouble))
# %%
z = torch.tensor([1+2j, 3-4j])
z
# %%
torch.tensor([3.5+1j, 2j], dtype=torch.complex128)
# %%
print(torch.tensor([1+1j], requires_grad=True), torch.tensor([1+1j]).conj())
print(f"{torch.tensor(1+2j)}", "{}".format(torch.tensor([1j])))
