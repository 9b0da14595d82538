import torch
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
print(torch.func.vmap(torch.dot)(torch.ones(3, 2), torch.ones(3, 2)))
E(lambda: torch.func.vmap(torch.dot)(torch.ones(3, 2), torch.ones(4, 2)))
E(lambda: torch.func.vmap(torch.dot, in_dims=None)(torch.ones(3, 2), torch.ones(4, 2)))
E(lambda: torch.func.vmap(lambda x: 1.0)(torch.ones(3)))
E(lambda: torch.func.grad(lambda x: x ** 3)(torch.tensor([1., 2.])))
E(lambda: torch.func.vmap(torch.sum, in_dims=2)(torch.ones(3, 2)))
print(torch.func.grad(lambda x: (x ** 3).sum())(torch.tensor([1., 2.])))
print(torch.func.grad(torch.func.grad(lambda x: x ** 3))(torch.tensor(2.)))
print(torch.func.grad_and_value(lambda x: (x ** 2).sum())(torch.tensor([1., 2.])))
# %%
import torch
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
print(torch.func.grad(lambda x, y: (x * y).sum(), argnums=(0, 1))(torch.tensor([1., 2.]), torch.tensor([3., 4.])))
print(torch.vmap(torch.dot)(torch.ones(2, 2), torch.ones(2, 2)))
print(torch.func.vmap(lambda x: x * 2, in_dims=1, out_dims=1)(torch.arange(6.).reshape(2, 3)))
print(torch.func.vmap(lambda x, y: (x + y, x * y), in_dims=(0, None))(torch.arange(6.).reshape(3, 2), torch.ones(2)))
m = torch.nn.Linear(2, 1)
print(torch.func.functional_call(m, {'weight': torch.ones(1, 2), 'bias': torch.zeros(1)}, (torch.tensor([[1., 2.]]),)))
print(m.weight.shape, torch.func.jacrev(torch.sin)(torch.tensor([0., 1.])))
print(torch.func.vmap(torch.func.grad(lambda x: (x**2).sum()))(torch.arange(4.).reshape(2,2)))
x = torch.tensor([1.,2.], requires_grad=True)
# %%
import torch
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
print(torch.func.grad(lambda x: (x**2).sum())(x))
print(torch.vmap(torch.mv, in_dims=(None, 0))(torch.eye(2), torch.arange(6.).reshape(3, 2)))
print(torch.jit.is_scripting(), torch.jit.is_tracing(), torch.jit.annotate(int, 3))
@torch.jit.ignore
def g(x): return x
print(g(2), torch.mps.is_available(), torch.mps.device_count(), torch.backends.mps.is_available())
E(lambda: torch.mps.synchronize())
E(lambda: torch.mps.empty_cache())
print(torch.hub.get_dir())
