import torch
import torch.nn as nn
torch.manual_seed(0)
lstm = nn.LSTM(3, 4)
gru = nn.GRU(3, 4, num_layers=2, bidirectional=True)
lstm(torch.randn(5, 2, 6))
# %%
lstm(torch.randn(5, 2, 3), (torch.zeros(1, 3, 4), torch.zeros(1, 2, 4)))
# %%
lstm(torch.randn(5, 2, 3), (torch.zeros(1, 2, 4), torch.zeros(2, 2, 4)))
# %%
lstm(torch.randn(5, 3), (torch.zeros(2, 4), torch.zeros(1, 4)))
# %%
lstm(torch.randn(5, 2, 3), (torch.zeros(2, 4), torch.zeros(2, 4)))
# %%
gru(torch.randn(5, 2, 3), torch.zeros(4, 3, 4))
# %%
gru(torch.randn(5, 3), torch.zeros(4, 2, 4))
# %%
gru(torch.randn(5, 2, 3), torch.zeros(4, 4))
# %%
gru(torch.randn(5, 2, 3).double())
# %%
lstm(torch.zeros(0, 2, 3))
# %%
out, h = gru(torch.randn(5, 2, 3))
print(out.grad_fn.name(), h.grad_fn.name(), out.shape, h.shape)
out, (h, c) = lstm(torch.randn(5, 3))
print(out.grad_fn.name(), h.grad_fn.name(), c.grad_fn.name(), out.shape, c.shape)
