# torch.gradient: central differences, edge orders, spacings, coordinates, errors
import torch
t = torch.tensor([4., 1., 1., 16.])
print(torch.gradient(t))
print(torch.gradient(t, spacing=2.))
print(torch.gradient(t, spacing=(torch.tensor([-2., -1., 1., 4.]),)))
print(torch.gradient(t, edge_order=2))
print(torch.gradient(t, spacing=(torch.tensor([-2., -1., 1., 4.]),), edge_order=2))
x = torch.tensor([[1, 2, 4, 8], [10, 20, 40, 80]])
print(torch.gradient(x))
print(torch.gradient(x, dim=1))
print(torch.gradient(x, dim=-1, edge_order=2))
print(torch.gradient(x, spacing=[3., 2.]))
print(torch.gradient(x, dim=[0], spacing=[torch.tensor([0., 2.])]))
torch.manual_seed(0)
r = torch.randn(5, 7, dtype=torch.float64)
g = torch.gradient(r, spacing=[torch.rand(5).cumsum(0), torch.rand(7).cumsum(0)], edge_order=2)
print([v.tolist()[1][:3] for v in g])
g = torch.gradient(r.float(), spacing=0.3)
print([v.tolist()[2][:3] for v in g])
w = torch.tensor([1., 2., 4., 7.], requires_grad=True)
torch.gradient(w)[0].sum().backward()
print(w.grad)
for bad in [lambda: torch.gradient(torch.tensor([1.])), lambda: torch.gradient(t, edge_order=3), lambda: torch.gradient(torch.tensor([1., 2.]), edge_order=2),
            lambda: torch.gradient(x, spacing=[1., 2., 3.]), lambda: torch.gradient(x, dim=2), lambda: torch.gradient(x, dim=[0], spacing=[1., 2.]),
            lambda: torch.gradient(x, spacing=[torch.tensor([[0., 2.]]), torch.arange(4.)]), lambda: torch.gradient(x, dim=(0, 0)),
            lambda: torch.gradient(x, spacing=[1, torch.arange(4.)]), lambda: torch.gradient(torch.tensor([1, 2, 4], dtype=torch.int32), spacing=[torch.tensor([0, 1, 3])])]:
    try: print(bad())
    except Exception as e: print(type(e).__name__ + ":", e)
