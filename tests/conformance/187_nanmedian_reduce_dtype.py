import torch
nan = float('nan')
x = torch.tensor([[1., nan, 3., 2.], [nan, nan, nan, nan], [4., 0., nan, 5.]])
print(torch.nanmedian(x), x.nanmedian(), torch.nanmedian(x, 1), x.nanmedian(dim=0))
print(torch.nanmedian(x, 1, keepdim=True), x.nanmedian(axis=1, keepdims=True))
print(type(x.nanmedian(0)).__name__, torch.nanmedian(torch.tensor([3, 1, 2]), 0))
print(torch.nanmedian(torch.tensor([nan, nan])), torch.nanmedian(torch.tensor([[nan, 1.]]), 1))
# %%
for c, f in [("t", lambda: torch.nanmedian(x, (1,))), ("m", lambda: x.nanmedian(foo=1)), ("n", lambda: x.nanmedian(None)), ("k", lambda: x.nanmedian(0, keepdim=1))]:
    try:
        print(c, f())
    except Exception as e:
        print(c, type(e).__name__, e)
# %%
y = torch.arange(24.).reshape(2, 3, 4)
for c, f in [("a", lambda: torch.logsumexp(y, ())), ("b", lambda: torch.logsumexp(y, (), keepdim=True)), ("c", lambda: torch.logsumexp(torch.ones(3), [])), ("d", lambda: torch.logsumexp(torch.tensor(2.), ())), ("e", lambda: y.logsumexp(dim=(0, 2))), ("f", lambda: y.logsumexp(1, True).shape)]:
    try:
        print(c, f())
    except Exception as e:
        print(c, type(e).__name__, e)
# %%
i = torch.tensor([[1, 2], [3, 4]], dtype=torch.int32)
print(i.sum(dtype=torch.int32), i.prod(dtype=torch.int16), i.sum(1, dtype=torch.int32), torch.prod(i, 0, True, dtype=torch.int32), i.sum(), i.prod(1))
print(i.sum(dtype=torch.float64), torch.sum(i, dim=0, dtype=torch.float32), i.float().sum(dtype=torch.float16), i.sum(dim=(0, 1), keepdim=True, dtype=torch.int8))
print(torch.tensor([True, True]).sum(dtype=torch.bool), torch.tensor([200, 100], dtype=torch.uint8).sum(dtype=torch.uint8), torch.tensor([True, False]).prod(dtype=torch.int32))
# %%
b = torch.ones(2, 3)
print(b.norm(2, 1), torch.norm(b, p=1, dim=0), b.norm(dim=(0, 1), keepdim=True), torch.norm(b, 'fro'))
for c, f in [("a", lambda: b.norm(axis=1)), ("b", lambda: torch.norm(b, axis=1)), ("c", lambda: b.norm(2, 1, True, None, 5)), ("d", lambda: torch.norm(b, 2, 1, True, None, None, 5)), ("e", lambda: b.norm(keepdims=True))]:
    try:
        print(c, f())
    except Exception as e:
        print(c, type(e).__name__, e)
# %%
nan = float('nan')
rows = [[5., 1., nan, 1., 5., 2., nan, 2., 3.], [nan] * 9, [2.] * 9, [9., 8., 7., 6., 5., 4., 3., 2., 1.], [1., nan, 1., nan, 1., nan, 0., 0., 0.],
        [4., 4., 3., 3., nan, 2., 2., 1., 1.], [0., -0., 0., -0., nan, 7., 7., 7., 7.], [3., 1., 4., 1., 5., 9., 2., 6., 5.]]
z = torch.tensor(rows)
print(z.nanmedian(1))
print(z.t().nanmedian(0))
print(torch.tensor(rows, dtype=torch.float64).reshape(2, 4, 9).nanmedian(-1))
w = torch.tensor([[1., nan, 2., 2., 3., nan, 1., 1., 2., 2., 5., 4., 4., nan, 0., 0., 1., 9., 8., 2., 2., 2.]])
print(w.nanmedian(1), w.nanmedian(1, True))
