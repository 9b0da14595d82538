import torch
def chk(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
chk(lambda: torch.zeros(2, 3).scatter(1, torch.tensor([[0], [1]]), 2., reduce='add'))
chk(lambda: torch.ones(2, 3).scatter(1, torch.tensor([[0, 0], [1, 2]]), 3., reduce='multiply'))
chk(lambda: torch.ones(2, 3).scatter(1, torch.tensor([[0, 0], [1, 2]]), torch.tensor([[2., 5.], [3., 4.]]), reduce='multiply'))
chk(lambda: torch.zeros(2, 3).scatter(1, torch.tensor([[0, 0], [1, 2]]), torch.tensor([[2., 5.], [3., 4.]]), reduce='add'))
chk(lambda: torch.zeros(2, 3).scatter_(1, torch.tensor([[0], [2]]), 1.5, reduce='add'))
chk(lambda: torch.ones(3).scatter(0, torch.tensor([0]), 2., reduce='max'))
chk(lambda: torch.ones(2, dtype=torch.int64).scatter(0, torch.tensor([1, 1]), 3, reduce='multiply'))
# %%
def chk(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
chk(lambda: torch.repeat_interleave(torch.tensor([2, 3])))
chk(lambda: torch.repeat_interleave(torch.tensor([1., 2.])))
chk(lambda: torch.repeat_interleave(torch.tensor([[1, 2]])))
chk(lambda: torch.repeat_interleave(torch.tensor([1, 2]), 2))
chk(lambda: torch.tensor([True]) // torch.tensor([True]))
chk(lambda: torch.einsum('i,i->', torch.ones(2), torch.ones(2), out=torch.empty(0)))
chk(lambda: torch.einsum('i,i->', torch.ones(2), torch.ones(2)))
# %%
print([n for n in ['sgn_', 'erfinv_', 'sin_', 'clamp_', 'acosh_', 'i0_', 'addmv_', 'selu_', 'detach_', 'conv2d', 'layer_norm', 'FloatStorage'] if not hasattr(torch, n)])
print(torch.acosh_(torch.tensor([2.])), torch.selu_(torch.tensor([-1., 1.])), torch.threshold_(torch.tensor([0.5, 2.]), 1., 0.))
x = torch.tensor([[1., 2.], [3., 4.]])
print(torch.layer_norm(x, (2,)), torch.embedding(torch.eye(3), torch.tensor([2, 0])))
print(torch.batch_norm(x, None, None, torch.zeros(2), torch.ones(2), False, 0.1, 1e-5, True))
print(torch.conv1d(torch.ones(1, 1, 4), torch.ones(1, 1, 2)), torch.max_pool1d(torch.arange(4.).reshape(1, 1, 4), 2))
print(torch.kl_div(torch.tensor([-1., -2.]), torch.tensor([0.3, 0.7])), torch.kl_div(torch.tensor([-1., -2.]), torch.tensor([0.3, 0.7]), 1), torch.binary_cross_entropy_with_logits(torch.tensor([0.5]), torch.tensor([1.])))
