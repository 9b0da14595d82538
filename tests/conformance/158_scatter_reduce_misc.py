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
