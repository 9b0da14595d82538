import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
mha = nn.MultiheadAttention(8, 2, batch_first=True)
with torch.no_grad():
    mha.in_proj_bias.uniform_(-0.5, 0.5)
x = torch.randn(2, 5, 8, requires_grad=True)
out, _ = mha(x, x, x, need_weights=False)
print(out[0, :2])
out.pow(2).sum().backward()
milli = lambda g: (g * 1000).round().int()
print(milli(mha.in_proj_weight.grad[::5]), milli(mha.in_proj_bias.grad[:8]), milli(mha.in_proj_bias.grad[16:]))
print(milli(x.grad[1, 0]))
# %%
y = x.detach().clone()
a, wa = mha(y, y, y)
b, wb = mha(y, y.clone(), y.clone())
print(torch.allclose(a, b, atol=1e-6), torch.allclose(wa, wb, atol=1e-6))
layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True)
print(layer(y)[1, :2])
# %%
q = torch.randn(2, 2, 6, 4)
print(torch.equal(F.scaled_dot_product_attention(q, q, q), F.scaled_dot_product_attention(q, q.clone(), q.clone())))
print(F.scaled_dot_product_attention(q, q, q, is_causal=True)[1, 1])
