# nn.utils.rnn.pad_sequence / unpad_sequence
import torch
from torch.nn.utils.rnn import pad_sequence
a, b, c = torch.ones(25, 3), torch.ones(22, 3) * 2, torch.ones(15, 3) * 3
print(pad_sequence([a, b, c]).size(), pad_sequence([a, b, c], batch_first=True).size())
x = [torch.tensor([1, 2, 3]), torch.tensor([4, 5]), torch.tensor([6])]
print(pad_sequence(x, batch_first=True))
print(pad_sequence(x, padding_value=-1))
print(pad_sequence(x, batch_first=True, padding_side='left'))
y = [torch.tensor([1., 2.], requires_grad=True), torch.tensor([3.], requires_grad=True)]
p = pad_sequence(y, batch_first=True, padding_value=0.5)
print(p)
(p * torch.tensor([[1., 2.], [3., 4.]])).sum().backward()
print(y[0].grad, y[1].grad)
import torch.nn.utils.rnn as rnn
print(rnn.unpad_sequence(pad_sequence(x), torch.tensor([3, 2, 1])))
for bad in [lambda: pad_sequence([]), lambda: pad_sequence(x, padding_side='up')]:
    try: print(bad())
    except Exception as e: print(type(e).__name__ + ":", e)
