import torch
print(torch.combinations(torch.tensor([1, 2, 3])), torch.combinations(torch.tensor([1, 2, 3]), r=3))
print(torch.combinations(torch.tensor([1, 2, 3]), with_replacement=True), torch.combinations(torch.tensor([1., 2.]), r=0))
print(torch.isin(torch.tensor([1, 2, 3]), torch.tensor([2, 5])), torch.isin(torch.tensor([1, 2, 3]), 2, invert=True))
print(torch.isin(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([4., 1.])), torch.isin(torch.tensor([1]), torch.tensor([], dtype=torch.int64)))
# %%
print(torch.hann_window(5), torch.hann_window(5, periodic=False), torch.hann_window(1), torch.hann_window(0))
print(torch.hamming_window(4), torch.hamming_window(6, False, dtype=torch.float64))
print(torch.bartlett_window(5), torch.bartlett_window(6, periodic=False))
print(torch.blackman_window(6, periodic=False))
print(torch.kaiser_window(5), torch.kaiser_window(6, False, 5.))
# %%
x = torch.tensor([-2., -1., 0., 0.3, 1., 3.])
print(torch.selu(x), torch.celu(x, 2.), torch.threshold(x, 1., 20.), torch.hardshrink(x), torch.prelu(x, torch.tensor([0.25])))
print(torch.rrelu(x), torch.rrelu(x, 0.1, 0.3))
t = torch.tensor([[9., 1., 2.], [3., 9., 5.], [0., 0., 9.]])
print(torch.cosine_similarity(t, t + 1), torch.cosine_similarity(t, t + 1, dim=0), torch.pairwise_distance(t, t + 1), torch.pdist(t), torch.pdist(t, p=1))
print(torch.nuclear_norm(t), torch.frobenius_norm(t, (0, 1)))
# %%
t = torch.arange(6.).reshape(2, 3)
print(torch.view_copy(t, (3, 2)), torch.permute_copy(t, (1, 0)), torch.t_copy(t), torch.transpose_copy(t, 0, 1))
print(torch.unsqueeze_copy(t, 0).shape, torch.squeeze_copy(t[None]).shape, torch.expand_copy(t[:1], (3, 3)), torch.diagonal_copy(t))
print(torch.select_copy(t, 0, 1), torch.detach_copy(t), torch.alias_copy(t), torch.unbind_copy(t), torch.split_copy(t, 1))
c = torch.view_copy(t, (6,)); c[0] = 50.
print(t[0, 0], torch.split_with_sizes_copy(t, [1, 2], 1))
print(torch.select_scatter(torch.zeros(2, 2), torch.ones(2), 0, 0), torch.slice_scatter(torch.zeros(4, 2), torch.ones(2, 2), start=1, end=3))
print(torch.slice_scatter(torch.zeros(4), torch.ones(2), step=2), torch.diagonal_scatter(torch.zeros(3, 3), torch.ones(3)), torch.diagonal_scatter(torch.zeros(3, 3), torch.ones(2), 1))
# %%
t = torch.arange(6.).reshape(2, 3)
print(torch.empty_strided((2, 3), (1, 2)).stride(), torch.empty_strided((2, 3), (1, 2)).shape, torch.as_strided(t, (2, 2), (1, 2)))
print(torch.asarray([1, 2]), torch.asarray(t) is t, torch.asarray(t, dtype=torch.int64), torch.asarray(t, copy=True) is t, torch.asarray([1.5], requires_grad=True))
print(torch.scalar_tensor(3), torch.scalar_tensor(2, dtype=torch.int64), torch.fill(t, 2.), torch.is_signed(t), torch.is_same_size(t, t), torch.is_inference(t), torch.get_device(t))
print(torch.adjoint(t), torch.cholesky_inverse(torch.tensor([[2., 0.], [1., 1.]])), torch.cholesky_solve(torch.tensor([[1.], [2.]]), torch.tensor([[2., 0.], [1., 1.]])))
print(torch.triangular_solve(torch.tensor([[1.], [2.]]), torch.tensor([[2., 1.], [0., 1.]])))
print(torch.triangular_solve(torch.tensor([[1.], [2.]]), torch.tensor([[2., 0.], [3., 1.]]), upper=False).solution)
# %%
def chk(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
t = torch.eye(2)
chk(lambda: torch.solve(t, t))
chk(lambda: t.solve(t))
chk(lambda: torch.lstsq(t, t))
chk(lambda: torch.eig(t))
chk(lambda: t.symeig())
chk(lambda: torch.matrix_rank(t))
chk(lambda: torch.set_default_dtype(torch.int64))
chk(lambda: torch.set_default_dtype(torch.float32))
# %%
print(torch.get_float32_matmul_precision(), torch.compiled_with_cxx11_abi(), torch.get_num_interop_threads() > 0, torch.is_anomaly_enabled(), torch.get_deterministic_debug_mode(), torch.is_warn_always_enabled())
torch.set_float32_matmul_precision("high")
print(torch.get_float32_matmul_precision())
torch.set_float32_matmul_precision("highest")
torch.set_deterministic_debug_mode("warn")
print(torch.get_deterministic_debug_mode(), torch.is_deterministic_algorithms_warn_only_enabled())
torch.set_deterministic_debug_mode(0)
print(torch.FloatStorage, torch.LongStorage, torch.FloatStorage([1, 2]).tolist(), torch.DoubleStorage(3).size())
