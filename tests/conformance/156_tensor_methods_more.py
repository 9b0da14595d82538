import torch
t = torch.arange(6.).reshape(2, 3)
print(t.is_cpu, t.is_meta, t.is_quantized, t.is_mkldnn, t.is_nested, t.is_sparse_csr, t.output_nr, t.name)
print(t.H, t.mH, t.adjoint(), torch.tensor(2.).H)
for f in [lambda: torch.tensor([1., 2.]).H, lambda: torch.ones(2, 2, 2).H, lambda: torch.ones(2).mH]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
print(t.is_same_size(t), t.is_same_size(t.T), t.is_inference(), t.is_signed(), torch.tensor([1], dtype=torch.uint8).is_signed())
print(t.dim_order(), t.T.dim_order(), t.is_pinned(), t.is_shared(), t.share_memory_() is t)
print(t.const_data_ptr() == t.data_ptr(), t.storage_type(), torch.ones(1, dtype=torch.int64).storage_type())
# %%
t = torch.arange(6.).reshape(2, 3)
print(t.new(2, 3).shape, t.new([1, 2]), t.new().shape, t.new(torch.Size([2])).shape)
print(t.new_empty_strided((2, 2), (1, 2)).stride(), torch.tensor([1]).new_empty_strided((3,), (2,)).dtype)
print(t.split_with_sizes([1, 2], 1))
print(t.unsafe_chunk(2, 1), t.unsafe_split(1, 0))
print(torch.zeros(3, 3).fill_diagonal_(9.), torch.zeros(4, 3).fill_diagonal_(1., wrap=True))
print(torch.zeros(7, 3).fill_diagonal_(1., wrap=True), torch.zeros(2, 2, 2).fill_diagonal_(5))
# %%
print(torch.tensor([8., 0.3, -5., 0., 1., 0.5, 1e-40]).frexp())
print(torch.tensor([0., 1., 2.5, -3., 10.]).i0(), torch.tensor([1, 2]).i0())
n = torch.nextafter(torch.tensor([1., 0., -2., 3.]), torch.tensor([2., 1., -3., 3.]))
print((n - torch.tensor([1., 0., -2., 3.])).tolist())
print(torch.nextafter(torch.tensor([1.], dtype=torch.float64), torch.tensor([0.], dtype=torch.float64)).item())
print(torch.tensor([2.5, 3.]).mvlgamma(2), torch.tensor([1., 2., 0.5]).polygamma(1), torch.polygamma(2, torch.tensor([1., 3.])))
print(torch.tensor([[0., 1.], [-1., 0.]]).matrix_exp(), torch.zeros(2, 2).matrix_exp())
# %%
t = torch.tensor([[9., 1., 2.], [3., 9., 5.]])
print(t.hardshrink(2.), t.prelu(torch.tensor([0.25])), t.histogram(2))
print(t.clone().renorm_(2, 0, 1.))
print(torch.ones(3).index_reduce_(0, torch.tensor([0, 0, 2]), torch.tensor([2., 3., 4.]), 'amax', include_self=False))
print(torch.ones(3).index_reduce(0, torch.tensor([0, 0, 2]), torch.tensor([2., 3., 4.]), 'mean'))
print(torch.tensor([1.]).apply_(lambda v: v * 3), torch.tensor([1., 2.]).map_(torch.tensor([3., 4.]), lambda a, b: a + b))
# %%
a = torch.tensor([1., 2., 3.])
for name, args in [("greater_", (2.,)), ("greater_equal_", (2.,)), ("less_", (2.,)), ("less_equal_", (2.,)), ("not_equal_", (2.,)), ("arctan2_", (torch.tensor([1., 1., 1.]),))]:
    u = a.clone()
    print(name, getattr(u, name)(*args) is u, u)
m = torch.ones(2, 2)
print(m.clone().addmm_(m, m), torch.ones(2).addmv_(m, torch.ones(2)), m.clone().addr_(torch.ones(2), torch.ones(2)))
print(torch.ones(1, 2, 2).baddbmm_(torch.ones(1, 2, 2), torch.ones(1, 2, 2)), m.clone().addbmm_(torch.ones(3, 2, 2), torch.ones(3, 2, 2)))
print(torch.tensor([1, 2]).bitwise_left_shift_(2), torch.tensor([8, 4]).bitwise_right_shift_(1), torch.tensor([0., 1.]).i0_(), torch.tensor([1.]).nextafter_(torch.tensor([2.])) > 1)
print(torch.tensor([2.5]).mvlgamma_(1), torch.tensor([1.]).polygamma_(1))
