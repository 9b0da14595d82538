import torch
A = torch.tensor([[2., 1.], [1., 3.]])
print(torch.linalg.cond(A), torch.linalg.cond(A, 'fro'), torch.linalg.cond(A, 1), torch.linalg.cond(A, float('inf')))
print(torch.linalg.cond(A, -2), torch.linalg.cond(A.double(), 2))
print(torch.linalg.cond(torch.zeros(2, 2)), torch.linalg.cond(torch.zeros(2, 2), 1), torch.linalg.cond(torch.zeros(3, 0, 0)))
print(torch.linalg.cond(torch.tensor([[[1., 0.], [0., 2.]], [[4., 0.], [0., 1.]]]), 'fro'))
# %%
import torch
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
E(lambda: torch.linalg.cond(torch.ones(2, 3), 1))
E(lambda: torch.linalg.cond(torch.ones(2, 3), float('inf')))
E(lambda: torch.linalg.cond(torch.ones(2, 3), 'fro'))
E(lambda: torch.linalg.cond(torch.ones(2, 2), 'foo'))
E(lambda: torch.linalg.cond(torch.ones(2, 2), 3))
E(lambda: torch.linalg.cond(torch.ones(2, 2), 2.5))
E(lambda: torch.linalg.cond(torch.ones(2)))
E(lambda: torch.linalg.cond(torch.ones(2, 2, dtype=torch.long), 1))
# %%
import torch
A = torch.tensor([[2., 1.], [1., 3.]])
print(torch.linalg.solve_ex(A, torch.ones(2)))
r = torch.linalg.solve_ex(A.expand(3, 2, 2), torch.ones(3, 2, 1))
print(r.result.shape, r.info)
print(torch.linalg.solve_ex(torch.zeros(2, 2), torch.ones(2)).info)
print(torch.linalg.solve_ex(A, torch.tensor([[1., 2.]]), left=False).result)
try:
    torch.linalg.solve_ex(torch.zeros(2, 2), torch.ones(2), check_errors=True)
except RuntimeError as e:
    print(type(e).__name__, e)
x = A.clone().requires_grad_()
y = torch.linalg.solve_ex(x, torch.tensor([1., 2.])).result
y.sum().backward()
print(y, x.grad)
# %%
import torch
A = torch.tensor([[2., 1.], [1., 3.]])
print(torch.linalg.matrix_exp(A))
print(torch.linalg.matrix_exp(torch.tensor([[0., 1.], [-1., 0.]], dtype=torch.float64)))
print(torch.linalg.matrix_exp(torch.tensor([[0.01, 0.02], [0.0, -0.01]])))
print(torch.linalg.matrix_exp(torch.zeros(3, 2, 2)))
print(torch.linalg.matrix_exp(torch.zeros(0, 0)), torch.linalg.matrix_exp(torch.tensor([[1.]])))
print(torch.matrix_exp(torch.eye(2) * 0.5), torch.eye(2).matrix_exp())
# %%
import torch
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
E(lambda: torch.linalg.matrix_exp(torch.ones(2, 3)))
E(lambda: torch.linalg.matrix_exp(torch.ones(2, 2, dtype=torch.long)))
x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
y = torch.linalg.matrix_exp(x)
print(y)
y.sum().backward()
print(x.grad)
# %%
import torch
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
a = torch.eye(4 * 6).reshape(4, 6, 8, 3)
print(torch.linalg.tensorinv(a, ind=2).shape)
print(torch.linalg.tensorinv(torch.tensor([[[[2., 0.], [0., 1.]], [[0., 4.], [1., 0.]]], [[[0., 0.], [1., 0.]], [[1., 0.], [0., 1.]]]])))
E(lambda: torch.linalg.tensorinv(a, ind=1))
E(lambda: torch.linalg.tensorinv(a, ind=0))
E(lambda: torch.linalg.tensorinv(torch.zeros(2, 2, 2, 2)))
A2 = torch.eye(2 * 3 * 4).reshape(2 * 3, 4, 2, 3, 4)
B = torch.arange(24.).reshape(2 * 3, 4)
print(torch.linalg.tensorsolve(A2, B).shape, torch.allclose(torch.tensordot(A2, torch.linalg.tensorsolve(A2, B), dims=3), B))
print(torch.linalg.tensorsolve(torch.eye(6).reshape(6, 2, 3), torch.arange(6.)))
print(torch.linalg.tensorsolve(torch.eye(6).reshape(2, 3, 6), torch.ones(2, 3)))
print(torch.linalg.tensorsolve(torch.eye(6).reshape(6, 2, 3), torch.ones(6), dims=(0,)).shape)
E(lambda: torch.linalg.tensorsolve(A2, torch.ones(5)))
# %%
import torch
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
h = torch.tensor([[-4.5826, -4.5826, -3.4915], [0.2330, -4.1231, -4.6082], [0.1165, 0.2942, 3.5460]])
tau = torch.tensor([1.8729, 1.8406, 0.0])
q = torch.linalg.householder_product(h, tau)
print(q, q.stride())
print(torch.linalg.householder_product(h[:, :2], tau[:1]))
print(torch.linalg.householder_product(torch.stack([h, h]).double(), torch.stack([tau, tau * 0.5]).double()))
E(lambda: torch.linalg.householder_product(h, tau.double()))
E(lambda: torch.linalg.householder_product(h.long(), tau.long()))
E(lambda: torch.linalg.householder_product(h[:2], tau))
E(lambda: torch.linalg.householder_product(h[:, :2], tau))
E(lambda: torch.linalg.householder_product(h, tau[None]))
E(lambda: torch.linalg.householder_product(h[None].expand(2, 3, 3), torch.ones(3, 2)))
E(lambda: torch.linalg.householder_product(torch.ones(3), tau))
# %%
import torch
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
A = torch.tensor([[4., 2., 1.], [2., 5., 3.], [1., 3., 6.]])
S = torch.tensor([[0., 1., 2.], [1., 0., 3.], [2., 3., 0.]])
LD, piv = torch.linalg.ldl_factor(A)
print(LD, piv, LD.stride())
print(torch.linalg.ldl_factor(S))
print(torch.linalg.ldl_factor_ex(S))
print(torch.linalg.ldl_factor_ex(torch.zeros(2, 2)))
print(torch.linalg.ldl_factor(torch.stack([A, S]).double()))
E(lambda: torch.linalg.ldl_factor(torch.zeros(2, 3)))
E(lambda: torch.linalg.ldl_factor(torch.zeros(2, 2, dtype=torch.long)))
E(lambda: torch.linalg.ldl_factor(torch.zeros(2)))
x = A.clone().requires_grad_()
print(torch.linalg.ldl_factor(x))
E(lambda: torch.linalg.ldl_factor(x).LD.sum().backward())
# %%
import torch
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
A = torch.tensor([[4., 2., 1.], [2., 5., 3.], [1., 3., 6.]])
S = torch.tensor([[0., 1., 2.], [1., 0., 3.], [2., 3., 0.]])
B = torch.tensor([[1., 2.], [3., 4.], [5., 6.]])
LD, piv = torch.linalg.ldl_factor(A)
X = torch.linalg.ldl_solve(LD, piv, B)
print(X, X.stride(), torch.allclose(A @ X, B))
LD2, piv2 = torch.linalg.ldl_factor(S)
print(torch.linalg.ldl_solve(LD2, piv2, B), torch.linalg.ldl_solve(LD, piv.long(), B).shape)
E(lambda: torch.linalg.ldl_solve(LD, piv, B[:, 0]))
E(lambda: torch.linalg.ldl_solve(LD, piv.float(), B))
E(lambda: torch.linalg.ldl_solve(LD, piv[:2], B))
E(lambda: torch.linalg.ldl_solve(LD, piv, B.double()))
E(lambda: torch.linalg.ldl_solve(LD, piv, B[:2]))
