import torch
t = torch.arange(4.)
print(t.storage())
print(t.untyped_storage())
# %%
t = torch.tensor([1, 2, 3], dtype=torch.int16)
s = t.storage()
print(type(s).__name__, len(s), s.size(), s.nbytes(), s.element_size(), s.tolist(), s[1], s.dtype, s.device)
print(s.data_ptr() == t.data_ptr())
# %%
t = torch.arange(6.)
v = t[2:]
print(v.storage().size(), v.storage_offset(), v.untyped_storage().nbytes(), v.storage().tolist())
print(v.data_ptr() - t.data_ptr(), v.untyped_storage().data_ptr() == t.untyped_storage().data_ptr())
# %%
t = torch.zeros(3)
s = t.storage()
s[0] = 7.
s[2] = -1.5
print(t)
u = t.untyped_storage()
print(type(u).__name__, len(u), u.nbytes(), u.size(), u[0], u.tolist()[:8])
# %%
t = torch.tensor([True, False])
print(t.storage())
print(t.untyped_storage().tolist())
# %%
x = torch.arange(6).reshape(2, 3).t()
print(x.is_contiguous(), x.storage().tolist(), x.stride(), x.storage_offset())
y = x.as_strided((2, 2), (1, 3), 1)
print(y)
print(torch.arange(5.).as_strided((3,), (2,)))
