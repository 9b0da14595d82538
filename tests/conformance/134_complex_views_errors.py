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
