import torch
x = torch.tensor([[0, 1, 2], [3, 0, 5]])
print(torch.where(x))
print(torch.where(x > 2))
print(torch.where(torch.tensor(3.0)))
print(torch.where(torch.tensor([0.0, 1.5, float('nan')])))
print(torch.where(torch.zeros(2, 0)))
for call in [lambda: torch.where(x, x), lambda: torch.where(), lambda: torch.where(x, input=x)]:
    try:
        call()
    except Exception as e:
        print(type(e).__name__, e)
x = torch.tensor([1.0, -2.0])
print(x.where(x > 0, 0.0), x.where(x > 0, torch.tensor(5.0)))
print(torch.where(x > 0, 1, 2), torch.where(x > 0, x, 3), torch.where(x > 0, 2, x))
print(torch.where(condition=x > 0))
print(torch.where(x > 0, input=x, other=x))
for call in [lambda: x.where(x > 0), lambda: x.where(), lambda: torch.where(x, "a", x), lambda: torch.where(x>0, x, other="s")]:
    try:
        call()
    except Exception as e:
        print(type(e).__name__, e)
print(x.where(condition=x > 0, other=1.0), x.where(x > 0, other=x * 3))
for call in [lambda: x.where(x > 0, "s"), lambda: x.where(x > 0, y=x)]:
    try:
        call()
    except Exception as e:
        print(type(e).__name__, e)
labels = torch.tensor([3, 1, 3, 0, 3])
idx = torch.where(labels == 3)[0]
print(idx, labels[idx].sum().item())
rows, cols = torch.where(torch.eye(3, dtype=torch.bool))
print(rows.tolist(), cols.tolist())
