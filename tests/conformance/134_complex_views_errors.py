import torch
z = torch.tensor([[1+2j, 3-1j, 0.5j], [2, -1+1j, 4-4j]])
print(z.flip(1), z.roll(1, 1), z.repeat(1, 2), z.tile((2, 1)), z.narrow(1, 1, 2))
print(z.chunk(2, 1), z.split(1, 0), z.unbind(0), z.movedim(0, 1), z.swapaxes(0, 1))
# %%
z = torch.tensor([[1+2j, 3-1j, 0.5j], [2, -1+1j, 4-4j]])
print(z.index_select(1, torch.tensor([2, 0])), z.gather(1, torch.tensor([[0], [2]])), z.take(torch.tensor([0, 5])))
print(z.masked_select(torch.tensor([[True, False, True], [False, True, False]])), z.diagonal(), z.t())
print(z.masked_fill(torch.tensor([[True, False, False], [False, False, True]]), 7.5))
# %%
z = torch.tensor([[1+2j, 3-1j], [0.5j, 2]])
print(z.reshape(4), z.view(4, 1), z.flatten(), z.unsqueeze(1).shape, z.squeeze(), z.expand(2, 2, 2).shape)
print(z.contiguous(), z.clone().zero_(), z.clone().fill_(2-1j), z.clone().fill_(3), torch.cat([z, z], 1))
w = torch.empty(2, 2, dtype=torch.cfloat)
w.copy_(z)
print(w, w.copy_(torch.tensor([[1.0, 2.0], [3.0, 4.0]])))
# %%
z = torch.tensor([[1+2j, 3-1j], [0.5j, 2]])
print(z.numel(), z.dim(), z.size(), z.stride(), z.nelement(), z.shape, z.device, z.is_contiguous())
print(z.double().dtype, z.float().dtype, z.cfloat().dtype, z.cdouble().dtype, z.to(torch.complex128).cfloat().dtype)
print(z.int(), z.bool(), z.half())
# %%
torch.tensor([1j]).max()
# %%
torch.tensor([1j]).min()
# %%
torch.tensor([1j, 2]).argmax()
# %%
torch.tensor([1j, 2]).sort()
# %%
torch.tensor([1j, 2]).topk(1)
# %%
torch.tensor([1j]).clamp(0, 1)
# %%
torch.tensor([1j]).floor()
# %%
torch.tensor([1j]).sign()
# %%
torch.tensor([1j]).maximum(torch.tensor([1j]))
# %%
torch.tensor([1j]).softmax(0)
# %%
torch.tensor([1j]).erf()
# %%
torch.max(torch.tensor([1j]))
# %%
torch.tensor([1j]).relu()
# %%
torch.tensor([1j, 2j]).cumsum(0)
# %%
torch.tensor([1j]).lt(1)
# %%
torch.tensor([1j]).ceil()
# %%
torch.tensor([1j]).round()
# %%
z = torch.tensor([1+1j], requires_grad=True)
y = (z * 2).sum()
print(z.requires_grad, z.is_leaf)
# %%
z = torch.tensor([1+2j, -3j, 0, complex(float('nan'), 1), complex(1, float('inf'))])
print(z.isnan(), z.isfinite(), z.isinf(), z.isreal(), torch.isreal(torch.tensor([1.0])))
print(z[:3].nonzero(), z[:3].argwhere(), z[:3].count_nonzero(), torch.nan_to_num(z))
# %%
z = torch.tensor([[1+2j, -3j], [0.5, 2-2j]])
print(z.std(), z.var(), z.std(0), z.var(1, keepdim=True), z.norm(), torch.linalg.norm(z))
print(torch.linalg.vector_norm(z, 1), torch.linalg.vector_norm(z, float('inf')), z.to(torch.complex128).std())
print(z.sgn(), torch.sgn(z), torch.tensor([0j]).sgn())
# %%
z = torch.tensor([[1+2j, -3j], [0.5, 2-2j]])
print(z.log2(), z.log10(), z.expm1(), z.log1p())
print(torch.tensor([1e-4+1e-4j]).expm1(), torch.tensor([1e-4-2e-4j]).log1p())
w = z.clone()
w.exp_()
w.neg_()
w.sqrt_()
print(w, z.clone().tanh_(), z.clone().square_(), z.clone().reciprocal_())
# %%
z = torch.tensor([[1+2j, -3j], [0.5, 2-2j]])
print(z.tril(), z.triu(), z.diag(), torch.diag(z[0]), z.trace(), torch.kron(z[0], z[1]), z.rot90())
print(z.repeat_interleave(2), z.new_zeros(2), z.new_ones(1), z.new_full((2,), 1-1j), z.new_tensor([1, 2]))
print(torch.full_like(z, 2j), torch.zeros_like(z), torch.linspace(0, 1, 3, dtype=torch.cfloat))
print(z.masked_fill(torch.tensor([[True, False], [False, True]]), 5j), z.cumsum(0), z.cumsum(1))
print(z.index_fill(1, torch.tensor([0]), 7), z.flatten().put_(torch.tensor([0]), torch.tensor([9j])))
print(z.scatter(1, torch.tensor([[1], [0]]), torch.tensor([[8j], [9j]])), torch.eye(2, dtype=torch.cdouble))
# %%
~torch.tensor([1j])
# %%
torch.full_like(torch.tensor([1.0]), 2j)
# %%
torch.arange(3, dtype=torch.cfloat)
# %%
torch.tensor([1j]).amax()
# %%
torch.tensor([1j]).aminmax()
# %%
torch.tensor([1j]).nansum()
# %%
torch.tensor([1j]).quantile(0.5)
# %%
torch.tensor([1j]).median()
# %%
torch.tensor([1j]).fmod(2)
# %%
torch.tensor([1j]).atan2(torch.tensor([1j]))
# %%
torch.tensor([1j]).histc()
# %%
torch.tensor([1j]).cummax(0)
# %%
torch.tensor([1j]).unique()
# %%
torch.tensor([1j]).abs_()
# %%
torch.tensor([1j]).log_softmax(0)
# %%
torch.tensor([1j]).bincount()
