import torch
a = torch.tensor([7, -7, 8]); f = torch.tensor([7., -7., 1e8])
print(torch.div(a, 2, rounding_mode='trunc'), torch.div(a, 2, rounding_mode='floor'), a.div(2, rounding_mode=None))
print(f.div(-3, rounding_mode='floor'), torch.div(f, 3, rounding_mode='trunc'), a.divide(2., rounding_mode='trunc'))
g = f.clone(); g.div_(2, rounding_mode='trunc'); print(g)
h = f.clone(); h.div_(torch.tensor([2., 2., -3.]), rounding_mode='floor'); print(h)
# %%
torch.div(a, 2, rounding_mode='round')
# %%
print(torch.finfo(torch.float32).eps, torch.finfo(torch.float64).max, torch.finfo(torch.float16).tiny, torch.finfo().bits)
print(torch.iinfo(torch.int8).max, torch.iinfo(torch.int64).min, torch.iinfo(torch.uint8).bits, torch.finfo(torch.bfloat16).eps)
print(torch.promote_types(torch.int32, torch.float16), torch.result_type(torch.tensor(1), 1.), torch.result_type(torch.tensor([1], dtype=torch.int8), torch.tensor([2])))
print(torch.can_cast(torch.float32, torch.int32), torch.can_cast(torch.int32, torch.float32), torch.can_cast(torch.bool, torch.uint8))
# %%
print(torch.backends.cuda.is_built(), torch.backends.mps.is_available(), torch.backends.mps.is_built(), torch.backends.cudnn.enabled)
print(torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark, torch.backends.openmp.is_available(), torch.backends.cuda.matmul.allow_tf32)
torch.backends.cudnn.benchmark = True
torch.backends.cudnn.deterministic = True
print(torch.backends.cudnn.benchmark, torch.backends.cudnn.deterministic)
print("cuda" if torch.backends.cuda.is_built() else "mps" if torch.backends.mps.is_available() else "cpu")
# %%
torch.random.manual_seed(3)
print(torch.rand(2), torch.random.initial_seed(), torch.random.get_rng_state().shape)
print(torch.FloatTensor([1, 2]), torch.LongTensor([1.5, 2.]), torch.DoubleTensor(2).shape, torch.BoolTensor([0, 1]))
print(torch.typename(torch.ones(1)), torch.typename(torch.ones(1, dtype=torch.int64)), torch.compile(lambda v: v * 2)(torch.ones(1)))
# %%
for c in [lambda: -torch.tensor([True]), lambda: torch.nn.Parameter(torch.tensor([1])), lambda: torch.tensor(5).mT,
          lambda: torch.tensor([1.]).mT, lambda: torch.arange(6).float().mean(dtype=torch.int64),
          lambda: torch.arange(6).mean(dim=0, dtype=torch.float32)]:
    try:
        print(c())
    except Exception as e:
        print(type(e).__name__, e)
