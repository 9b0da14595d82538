import torch
import torch.nn.functional as F
b = torch.ones(1, 1, 2, 2, dtype=torch.bool)
B = torch.ones(2, 2, dtype=torch.bool)
v = torch.ones(2, dtype=torch.bool)
def _t(c, f):
    try:
        print(c, f())
    except Exception as e:
        print(c, type(e).__name__, e)
_t("conv", lambda: F.conv2d(b, b))
_t("maxpool", lambda: F.max_pool2d(b, 2))
_t("avgpool", lambda: F.avg_pool2d(b, 2))
_t("adapt", lambda: F.adaptive_avg_pool2d(b, 1))
_t("mm", lambda: B.mm(B))
_t("mv", lambda: B.mv(v))
_t("dot", lambda: v.dot(v))
_t("bmm", lambda: B[None].bmm(B[None]))
_t("matmul3", lambda: B[None] @ B[None])
_t("outer", lambda: v.outer(v))
_t("mm1d", lambda: torch.ones(2, 3).mm(torch.ones(3, dtype=torch.int32)))
_t("mm1d_self", lambda: torch.ones(3).mm(torch.ones(3, 2)))
_t("mm_dtype_shape", lambda: torch.ones(2, 3).mm(torch.ones(2, 2, dtype=torch.long)))
_t("mm_int", lambda: torch.ones(2, 3, dtype=torch.int32).mm(torch.ones(3, 2, dtype=torch.int32)))
_t("bmm_1d", lambda: torch.bmm(torch.ones(2, 2, 2), torch.ones(2)))
_t("bmm_dtype", lambda: torch.bmm(torch.ones(1, 2, 2), torch.ones(1, 2, 2, dtype=torch.float64)))
_t("bmm_batch", lambda: torch.bmm(torch.ones(1, 2, 2), torch.ones(3, 2, 2)))
_t("mv_1d", lambda: torch.mv(torch.ones(2), torch.ones(2)))
_t("mv_2d", lambda: torch.mv(torch.ones(2, 2), torch.ones(2, 2)))
_t("mv_dtype", lambda: torch.mv(torch.ones(2, 2), torch.ones(2, dtype=torch.float64)))
_t("dot_2d", lambda: torch.dot(torch.ones(2, 2), torch.ones(2)))
_t("dot_int", lambda: torch.dot(torch.ones(2, dtype=torch.int32), torch.ones(2, dtype=torch.int32)))
_t("matmul_half", lambda: torch.ones(2, 2, dtype=torch.half) @ torch.ones(2, 2, dtype=torch.half))
_t("matmul_1d_dtype", lambda: torch.ones(3) @ torch.ones(3, 2, dtype=torch.float64))
_t("matmul_2d1d_dtype", lambda: torch.ones(2, 3) @ torch.ones(3, dtype=torch.float64))
_t("matmul_3d_dtype", lambda: torch.ones(2, 2, 3) @ torch.ones(3, 2, dtype=torch.float64))
_t("matmul_3d_shape", lambda: torch.ones(2, 2, 3) @ torch.ones(4, 2))
_t("matmul_3d3d_dtype", lambda: torch.ones(2, 2, 3) @ torch.ones(2, 3, 2, dtype=torch.int64))
_t("matmul_bool", lambda: v @ v)
_t("matmul_int_1d", lambda: torch.ones(3, dtype=torch.int64) @ torch.ones(3, dtype=torch.int64))
_t("addmm", lambda: torch.addmm(torch.ones(2), torch.ones(2, 3), torch.ones(3, 2, dtype=torch.float64)))
# %%
def A(*s, dt=torch.float32): return torch.ones(*s, dtype=dt)
f, d, l = torch.float32, torch.float64, torch.long
_t("addmm s-m2", lambda: torch.addmm(A(2), A(2,3), A(3,2,dt=d)))
_t("addmm s-m1", lambda: torch.addmm(A(2), A(2,3,dt=d), A(3,2)))
_t("addmm self", lambda: torch.addmm(A(2,dt=d), A(2,3), A(3,2)))
_t("addmm 1d", lambda: torch.addmm(A(2), A(3), A(3,2)))
_t("addmm 1d m2", lambda: torch.addmm(A(2), A(2,3), A(3)))
_t("addmm shape", lambda: torch.addmm(A(2), A(2,3), A(4,2)))
_t("addmm bool", lambda: torch.addmm(A(2,dt=torch.bool), A(2,3,dt=torch.bool), A(3,2,dt=torch.bool)))
_t("addmm int", lambda: torch.addmm(A(2,dt=l), A(2,3,dt=l), A(3,2,dt=l)))
_t("mm 3d", lambda: A(2,3).mm(A(1,3,2)))
_t("mm 0d", lambda: A(()).mm(A(3,2)))
_t("mm dtype+1d", lambda: A(2,3).mm(A(3,dt=d)))
_t("mv bool", lambda: torch.mv(A(2,2,dt=torch.bool), A(2,dt=torch.bool)))
_t("mv 1d", lambda: torch.mv(A(2), A(2)))
_t("dot bool", lambda: torch.dot(A(2,dt=torch.bool), A(2,dt=torch.bool)))
_t("bmm bool", lambda: torch.bmm(A(1,2,2,dt=torch.bool), A(1,2,2,dt=torch.bool)))
_t("outer dtype", lambda: torch.outer(A(2, dt=torch.int32), A(2, dt=torch.bool)))
# %%
b = torch.ones(1, 1, 4, 4, dtype=torch.bool)
for c, f in [("ad2", lambda: F.adaptive_avg_pool2d(b, 2)), ("ad1", lambda: F.adaptive_avg_pool2d(b, 1)), ("ad3", lambda: F.adaptive_avg_pool2d(b, (1, 2))), ("avg", lambda: F.avg_pool2d(b, 2)), ("conv1d", lambda: F.conv1d(b[0], b[0]))]:
    try:
        print(c, f())
    except Exception as e:
        print(c, type(e).__name__, e)
# %%
for c, f in [("and", lambda: torch.ones(2) & torch.ones(2)), ("xor", lambda: torch.ones(2) ^ 1), ("lsh", lambda: torch.ones(2) << 1), ("rsh", lambda: torch.ones(2, dtype=torch.float64) >> 2), ("or", lambda: torch.ones(2).bitwise_or(torch.ones(2)))]:
    try:
        print(c, f())
    except Exception as e:
        print(c, type(e).__name__, e)
# %%
_t('torch.ones(2, 3) @ torch.ones(3, 2, dtype=torch.long)', lambda: torch.ones(2, 3) @ torch.ones(3, 2, dtype=torch.long))
_t('torch.ones(2, 3).mm(torch.ones(3, dtype=torch.int32))', lambda: torch.ones(2, 3).mm(torch.ones(3, dtype=torch.int32)))
_t('torch.ones(2, dtype=torch.float64) @ torch.ones(2)', lambda: torch.ones(2, dtype=torch.float64) @ torch.ones(2))
_t('torch.ones(2,3,dtype=torch.half) @ torch.ones(3,2)', lambda: torch.ones(2,3,dtype=torch.half) @ torch.ones(3,2))
_t('torch.ones(2,3,dtype=torch.bool) @ torch.ones(3,2,dtype=torch.bool)', lambda: torch.ones(2,3,dtype=torch.bool) @ torch.ones(3,2,dtype=torch.bool))
_t('torch.ones(()) @ torch.ones(2)', lambda: torch.ones(()) @ torch.ones(2))
_t('torch.bmm(torch.ones(2,3), torch.ones(3,2))', lambda: torch.bmm(torch.ones(2,3), torch.ones(3,2)))
_t('torch.ones(2, 3, dtype=torch.int32) @ torch.ones(3, 2, dtype=torch.int64)', lambda: torch.ones(2, 3, dtype=torch.int32) @ torch.ones(3, 2, dtype=torch.int64))
_t('torch.ones(2,3).mm(torch.ones(3,2,dtype=torch.float64))', lambda: torch.ones(2,3).mm(torch.ones(3,2,dtype=torch.float64)))
_t('torch.ones(3).dot(torch.ones(4))', lambda: torch.ones(3).dot(torch.ones(4)))
