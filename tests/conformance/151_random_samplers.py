import torch
torch.manual_seed(0)
print(torch.empty(3).geometric_(0.5), torch.empty(3).log_normal_(), torch.empty(3).cauchy_())
print(torch.empty(5, dtype=torch.float64).log_normal_(0.5, 0.25).tolist())
print(torch.empty(5, dtype=torch.float64).cauchy_(1., 3.).tolist())
print(torch.empty(20).geometric_(0.1).tolist(), torch.randn(3).tolist())
# %%
torch.manual_seed(0)
print(torch.empty(33).log_normal_().tolist())
print(torch.empty(4, 4).t().cauchy_().tolist())
# %%
torch.manual_seed(1)
for dt in [torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.int64, torch.int32, torch.uint8, torch.int8]:
    print(dt, torch.empty(6, dtype=dt).geometric_(0.3).tolist())
for dt in [torch.float32, torch.float64, torch.float16, torch.bfloat16]:
    print(dt, torch.empty(4, dtype=dt).log_normal_(0., 0.5).tolist(), torch.empty(4, dtype=dt).cauchy_(2., 0.5).tolist())
# %%
g = torch.Generator().manual_seed(5)
a = torch.empty(7).cauchy_(generator=g)
g.manual_seed(5)
print(torch.equal(a, torch.empty(7).cauchy_(generator=g)), a)
print(torch.empty(4).log_normal_(mean=1., std=0.1, generator=g), torch.empty(4).geometric_(p=0.9, generator=g))
torch.manual_seed(2)
x = torch.zeros(3, 4)
r = x[:, 1:3].geometric_(0.25)
print(r.data_ptr() == x[:, 1:].data_ptr(), x)
# %%
def chk(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
chk(lambda: torch.empty(3).geometric_())
chk(lambda: torch.empty(3).geometric_(0))
chk(lambda: torch.empty(3).geometric_(1.))
chk(lambda: torch.empty(3, dtype=torch.bool).geometric_(0.3))
chk(lambda: torch.empty(3, dtype=torch.int64).log_normal_())
chk(lambda: torch.empty(3).log_normal_(1, 0))
chk(lambda: torch.empty(3).log_normal_(1, -1))
chk(lambda: torch.empty(3, dtype=torch.int64).cauchy_())
chk(lambda: torch.empty(3).cauchy_(0, 0))
chk(lambda: torch.empty(2, dtype=torch.complex64).cauchy_())
chk(lambda: torch.empty(1).expand(3).cauchy_())
chk(lambda: torch.ones(2, requires_grad=True).log_normal_())
