import torch
import torch.nn as nn
torch.manual_seed(0)
rnn = nn.RNN(3, 4)
lstm = nn.LSTM(3, 5, num_layers=2, batch_first=True)
gru = nn.GRU(3, 2, bidirectional=True)
print(rnn, lstm, gru)
print([n for n, _ in lstm.named_parameters()])
print(lstm.weight_hh_l1.shape, gru.bias_ih_l0_reverse)
# %%
x = torch.randn(6, 2, 3)
with torch.no_grad():
    out, h = rnn(x)
    print(out[-1], h)
    out, (h, c) = lstm(x.transpose(0, 1))
    print(out.shape, h.shape, c.shape)
    print(out[:, -1], c[-1])
    out, h = gru(x)
    print(out.shape, h)
# %%
out, h = gru(x[:, 0])
print(out.shape, h.shape)
loss = out.pow(2).mean()
loss.backward()
print(gru.weight_ih_l0.grad.shape, gru.weight_ih_l0.grad[0])
