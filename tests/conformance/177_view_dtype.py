# t.view(dtype): the same bytes as another dtype, PyTorch's shape rules and errors
import torch
x = torch.arange(6, dtype=torch.float32).reshape(2, 3)
cases = [lambda: x.view(torch.int32), lambda: x.view(torch.int16), lambda: x.view(torch.float64),
         lambda: x.t().view(torch.int16), lambda: torch.tensor(1.).view(torch.int16), lambda: x[:, :2].view(torch.float64),
         lambda: x.reshape(3,2)[1:].view(torch.float64), lambda: x.view(torch.uint8).shape, lambda: torch.tensor(1.).view(torch.int32),
         lambda: x.t().view(torch.float64), lambda: torch.ones(2,4)[:, ::2].view(torch.int16), lambda: x.view(dtype=torch.int32),
         lambda: torch.tensor([True, False]).view(torch.uint8), lambda: torch.arange(4, dtype=torch.int16).view(torch.float16),
         lambda: torch.tensor([1+2j]).view(torch.float32), lambda: torch.tensor([1., 2.], requires_grad=True).view(torch.int32),
         lambda: x.reshape(6)[1:5].view(torch.float64), lambda: x.view(torch.float32) is x, lambda: x.view(torch.bfloat16)]
for c in cases:
    try: print(c())
    except Exception as e: print(type(e).__name__ + ":", e)
y = torch.zeros(4)
v = y.view(torch.int32)
v[1] = 1065353216
print(y)
