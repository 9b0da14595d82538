import torch
import torch.nn as nn
torch.manual_seed(0)
mha = nn.MultiheadAttention(4, 2)
print(mha)
print(mha.in_proj_weight[:2], mha.out_proj.weight[0])
# %%
q = torch.randn(3, 2, 4)
with torch.no_grad():
    out, w = mha(q, q, q)
    print(out)
    print(w)
# %%
mask = torch.triu(torch.ones(3, 3, dtype=torch.bool), diagonal=1)
with torch.no_grad():
    out, w = mha(q, q, q, attn_mask=mask)
    print(w)
    bf = nn.MultiheadAttention(4, 1, batch_first=True)
    o, w = bf(q.transpose(0, 1), q.transpose(0, 1), q.transpose(0, 1), need_weights=False)
    print(o.shape, w)
