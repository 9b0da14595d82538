import torch
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
tc = torch.testing.assert_close
E(lambda: tc(torch.tensor([1., 2.]), torch.tensor([1., 2.])))
E(lambda: tc(torch.tensor([1., 2.]), torch.tensor([1., 2.5])))
E(lambda: tc(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([[1., 2.1], [3.5, 4.]])))
E(lambda: tc(torch.tensor([1, 2]), torch.tensor([1, 3])))
E(lambda: tc(torch.tensor([1., 2.]), torch.tensor([1., 2.], dtype=torch.float64)))
E(lambda: tc(torch.tensor([1., 2.]), torch.tensor([1., 2.], dtype=torch.float64), check_dtype=False))
# %%
import torch
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
E(lambda: tc(torch.tensor([1., 2.]), torch.tensor([1., 2., 3.])))
E(lambda: tc(torch.tensor(1.), torch.tensor(1.5)))
E(lambda: tc(1.0, 1.1))
E(lambda: tc(1, 2))
E(lambda: tc(True, False))
E(lambda: tc(None, 1))
E(lambda: tc([1.0, 2.0], [1.0, 2.5]))
# %%
import torch
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
E(lambda: tc([1.0, 2.0], [1.0]))
E(lambda: tc({'a': torch.ones(2)}, {'a': torch.zeros(2)}))
E(lambda: tc({'a': 1}, {'b': 1}))
E(lambda: tc(torch.ones(2), 1.0))
E(lambda: tc(torch.ones(2), torch.ones(2) + 1e-6))
E(lambda: tc(torch.ones(2), torch.ones(2) * 1.1, rtol=0.2, atol=0))
E(lambda: tc(torch.ones(2), torch.ones(2) * 1.1, rtol=0.2))
# %%
import torch
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
E(lambda: tc(torch.tensor([float('nan')]), torch.tensor([float('nan')])))
E(lambda: tc(torch.tensor([float('nan')]), torch.tensor([float('nan')]), equal_nan=True))
E(lambda: tc(torch.ones(2), torch.zeros(2), msg="custom"))
E(lambda: tc(torch.ones(2), torch.zeros(2), msg=lambda m: "H\n" + m))
E(lambda: tc(torch.ones(2, 3), torch.ones(3, 2).T, check_stride=True))
E(lambda: tc((torch.ones(2), torch.ones(1)), (torch.ones(2), torch.zeros(1))))
E(lambda: tc(torch.tensor([1., 0.]), torch.tensor([1., 0.5])))
# %%
import torch
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
E(lambda: tc(torch.tensor([0., 0.]), torch.tensor([1e-3, 0.])))
# %%
import torch
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
x = torch.tensor([[0., 1.], [1., 0.], [2., 0.], [2., 2.]])
E(lambda: torch.histogramdd(x, bins=[3, 3], weight=torch.tensor([1., 2., 4., 8.])))
E(lambda: torch.histogramdd(x, bins=2))
E(lambda: torch.histogramdd(x, bins=[2, 3], range=[0., 1., 0., 1.]))
E(lambda: torch.histogramdd(x, bins=[torch.tensor([0., 1., 2.]), torch.tensor([0., 2.])], density=True))
E(lambda: torch.histogramdd(torch.tensor([1., 2.]), bins=2))
E(lambda: torch.histogramdd(x, bins=[2]))
E(lambda: torch.histogramdd(x.long(), bins=2))
E(lambda: torch.histogramdd(x, bins=2, range=[0., 1.]))
E(lambda: torch.histogramdd(torch.tensor([[1.], [1.]]), bins=2))
E(lambda: torch.histogramdd(x, bins=0))
# %%
import torch
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
print(torch.newaxis, torch.tensor([1, 2])[torch.newaxis].shape)
E(lambda: torch.frombuffer(bytearray(b'\x01\x02\x03\x04'), dtype=torch.uint8))
E(lambda: torch.frombuffer(bytearray(8), dtype=torch.int32, count=1, offset=4))
E(lambda: torch.frombuffer(bytearray(7), dtype=torch.int32))
E(lambda: torch.frombuffer(bytearray(0), dtype=torch.int32))
E(lambda: torch.frombuffer(b'\x01\x00', dtype=torch.int16))
E(lambda: torch.frombuffer(bytearray(8), dtype=torch.int32, count=3))
E(lambda: torch.frombuffer(bytearray(8), dtype=torch.int32, offset=9))
E(lambda: torch.frombuffer([1,2], dtype=torch.int32))
E(lambda: torch.frombuffer(bytearray(8), dtype=torch.float32, requires_grad=True))
E(lambda: torch.frombuffer(b'\x00\x00\x80?\x00\x00\x00@', dtype=torch.float32))
E(lambda: torch.frombuffer(b'\x00\x00\x80?\x00\x00\x00@', dtype=torch.float64))
# %%
import torch
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
print(torch.version.__version__ == torch.__version__, torch.version.hip, torch.version.debug, len(torch.version.git_version), torch.version.__version__[:6])
print(torch.is_autocast_enabled(), torch.is_autocast_enabled('cpu'), torch.get_autocast_dtype('cpu'), torch.get_autocast_dtype('cuda'))
with torch.autocast('cpu') as ac:
    print(type(ac).__name__, torch.is_autocast_enabled(), torch.is_autocast_enabled('cpu'), ac.fast_dtype)
with torch.autocast(device_type='cpu', dtype=torch.bfloat16, enabled=False):
    print(torch.is_autocast_enabled('cpu'))
with torch.amp.autocast('cpu', dtype=torch.float16):
    print(torch.get_autocast_dtype('cpu'))
print(torch.get_autocast_dtype('cpu'), torch.is_autocast_enabled('cpu'))
E(lambda: torch.autocast('foo'))
E(lambda: torch.autocast())
@torch.autocast('cpu')
def f(x): return torch.is_autocast_enabled('cpu')
print(f(1), torch.amp.is_autocast_available('cpu'))
# %%
import torch
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
s = torch.amp.GradScaler('cpu')
print(s.get_scale(), s.is_enabled(), s.state_dict())
w = torch.nn.Parameter(torch.ones(2)); opt = torch.optim.SGD([w], lr=0.1)
l = (w * 3).sum(); sl = s.scale(l); print(sl); sl.backward(); print(w.grad)
print(s.step(opt), w, w.grad); s.update(); print(s.get_scale(), s._growth_tracker)
w.grad = torch.tensor([float('inf'), 1.]); print(s.step(opt), w); s.update(); print(s.get_scale())
