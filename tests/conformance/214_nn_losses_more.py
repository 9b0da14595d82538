# margin / embedding / likelihood losses: values in every reduction (4 digits), gradients, module state, errors
import torch, torch.nn as nn, torch.nn.functional as F
def show(t, d=4):
    print(tuple(t.shape), [round(v, d) for v in t.flatten().tolist()])
torch.manual_seed(0)
a, b = torch.randn(6), torch.randn(6)
y = torch.tensor([1., -1., 1., 1., -1., -1.])
X1, X2, X3 = torch.randn(4, 5), torch.randn(4, 5), torch.randn(4, 5)
y4 = torch.tensor([1., -1., -1., 1.])
logits = torch.randn(4, 5)
multi = (torch.rand(4, 5) > 0.5).float()
cls = torch.tensor([3, 0, 4, 1])
ml_t = torch.tensor([[3, 0, -1, 1, 2], [1, 2, 4, -1, 0], [0, 1, 2, 3, 4], [-1, 0, 1, 2, 3]])
pos = torch.rand(4, 5) * 3
for red in ['mean', 'sum', 'none']:
    print(red)
    show(nn.MarginRankingLoss(reduction=red)(a, b, y))
    show(nn.MarginRankingLoss(0.5, reduction=red)(a, b, y))
    show(nn.HingeEmbeddingLoss(reduction=red)(a, y))
    show(nn.HingeEmbeddingLoss(2.0, reduction=red)(a, y))
    show(nn.CosineEmbeddingLoss(reduction=red)(X1, X2, y4))
    show(nn.CosineEmbeddingLoss(0.2, reduction=red)(X1, X2, y4))
    show(nn.TripletMarginLoss(reduction=red)(X1, X2, X3))
    show(nn.TripletMarginLoss(2.0, p=1, swap=True, reduction=red)(X1, X2, X3))
    show(nn.PoissonNLLLoss(reduction=red)(logits, pos))
    show(nn.PoissonNLLLoss(log_input=False, full=True, reduction=red)(pos + 0.1, pos * 2))
    show(nn.GaussianNLLLoss(reduction=red)(X1, X2, pos))
    show(nn.GaussianNLLLoss(full=True, reduction=red)(X1, X2, pos[:, 0]))
    show(nn.SoftMarginLoss(reduction=red)(a, y))
    show(nn.MultiLabelSoftMarginLoss(reduction=red)(logits, multi))
    show(nn.MultiLabelSoftMarginLoss(weight=torch.tensor([1., 2., 0.5, 1., 3.]), reduction=red)(logits, multi))
    show(nn.MultiMarginLoss(reduction=red)(logits, cls))
    show(nn.MultiMarginLoss(p=2, margin=0.5, weight=torch.tensor([1., 2., 0.5, 1., 3.]), reduction=red)(logits, cls))
    show(nn.MultiLabelMarginLoss(reduction=red)(logits, ml_t))
# %%
show(F.multi_margin_loss(logits[0], cls[:1]))
show(F.multilabel_margin_loss(logits[0], ml_t[0]))
show(F.cosine_embedding_loss(X1[0], X2[0], torch.tensor(1.)))
show(F.gaussian_nll_loss(X1, X2, 0.5))
# %%
for name, fn in [('margin_ranking', lambda x: F.margin_ranking_loss(x[0], b, y)),
                 ('hinge', lambda x: F.hinge_embedding_loss(x[0], y)),
                 ('cosine', lambda x: F.cosine_embedding_loss(x, X2, y4, 0.1)),
                 ('triplet', lambda x: F.triplet_margin_loss(x, X2, X3, swap=True)),
                 ('poisson', lambda x: F.poisson_nll_loss(x, pos)),
                 ('gaussian', lambda x: F.gaussian_nll_loss(x, X2, pos)),
                 ('soft_margin', lambda x: F.soft_margin_loss(x[0], y)),
                 ('multilabel_soft', lambda x: F.multilabel_soft_margin_loss(x, multi)),
                 ('multi_margin', lambda x: F.multi_margin_loss(x, cls, p=2)),
                 ('multilabel_margin', lambda x: F.multilabel_margin_loss(x, ml_t))]:
    x = torch.cat([a.reshape(1, 6)[:, :5], X1[1:]]).clone().requires_grad_() if name in ('margin_ranking', 'hinge', 'soft_margin') else X1.clone().requires_grad_()
    if name in ('margin_ranking', 'hinge', 'soft_margin'):
        x = torch.stack([a, a * 2]).clone().requires_grad_()
    fn(x).backward()
    print(name); show(x.grad, 3)
v = pos.clone().requires_grad_()
F.gaussian_nll_loss(X1, X2, v).backward()
show(v.grad, 3)
# %%
print(nn.MultiMarginLoss(weight=torch.ones(5)), list(nn.MultiMarginLoss(weight=torch.ones(5)).state_dict().keys()))
print(nn.TripletMarginLoss(), nn.GaussianNLLLoss(), nn.MarginRankingLoss(1.0).margin)
# %%
F.gaussian_nll_loss(X1, X2, -pos)
# %%
F.gaussian_nll_loss(X1, X2, torch.ones(3))
# %%
nn.MultiMarginLoss(p=3)
# %%
nn.TripletMarginLoss(margin=0)
# %%
F.margin_ranking_loss(a, b, y.reshape(2, 3))
# %%
F.soft_margin_loss(a, y, reduction='avg')
