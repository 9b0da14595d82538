import torch
torch.manual_seed(0)
for n in [1, 2, 3, 5, 9, 17, 40]:
    x = torch.randint(0, 4, (5, n))
    for k in sorted({1, (n + 1) // 2, n}):
        r = x.kthvalue(k, 1)
        print(n, k, r.values.tolist(), r.indices.tolist(), x.float().kthvalue(k, 1).indices.tolist(), x.t().kthvalue(k, 0, True).indices.tolist())
# %%
nan = float('nan')
y = torch.tensor([[1., nan, 2., nan, 0., 2.], [nan] * 6])
print(y.kthvalue(3, 1), y.kthvalue(6, 1), torch.kthvalue(torch.tensor(5.), 1))
# %%
z = torch.tensor([3., 1., 2.], requires_grad=True)
v, i = z.kthvalue(2)
v.backward()
print(v, i, z.grad, v.grad_fn.name())
print(torch.kthvalue(torch.tensor([5, 5, 5, 1, 1], dtype=torch.int16), 3), torch.tensor([[2, 2], [1, 1]], dtype=torch.uint8).kthvalue(1, 0))
