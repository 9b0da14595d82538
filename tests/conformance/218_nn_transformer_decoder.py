# TransformerDecoderLayer / TransformerDecoder / Transformer: seeded init (xavier for Transformer), eval outputs (4 digits), masks, printing, gradients
import torch, torch.nn as nn, torch.nn.functional as F
def show(t, d=4):
    print(tuple(t.shape), [round(v, d) for v in t.flatten().tolist()])
torch.manual_seed(0)
layer = nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, dropout=0.0)
print(layer)
print([(n, tuple(p.shape)) for n, p in layer.named_parameters()])
show(layer.multihead_attn.in_proj_weight[:2])
# %%
torch.manual_seed(1)
tgt, mem = torch.randn(4, 2, 8), torch.randn(5, 2, 8)
layer.eval()
show(layer(tgt, mem))
mask = nn.Transformer.generate_square_subsequent_mask(4)
print(mask)
show(layer(tgt, mem, tgt_mask=mask))
show(layer(tgt, mem, tgt_mask=mask, memory_key_padding_mask=torch.tensor([[False] * 4 + [True], [False] * 5])))
l2 = nn.TransformerDecoderLayer(8, 2, 16, 0.0, activation='gelu', batch_first=True, norm_first=True)
l2.eval()
show(l2(tgt.transpose(0, 1), mem.transpose(0, 1)))
# %%
torch.manual_seed(2)
dec = nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16, 0.0), 2, norm=nn.LayerNorm(8))
print(dec)
show(dec(tgt, mem, tgt_mask=mask))
out = dec(tgt, mem)
(out * torch.arange(64.).reshape(4, 2, 8).sin()).sum().backward()
show(dec.layers[0].linear1.weight.grad[:2], 3)
# %%
torch.manual_seed(3)
tr = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16, dropout=0.0)
print(sum(p.numel() for p in tr.parameters()), len(list(tr.state_dict().keys())))
show(tr.encoder.layers[0].linear1.weight[0]); show(tr.decoder.layers[0].self_attn.in_proj_weight[0])
show(tr(mem, tgt, tgt_mask=mask))
# %%
tr(mem, tgt[:, :1])
# %%
tr(torch.randn(5, 2, 6), torch.randn(4, 2, 6))
