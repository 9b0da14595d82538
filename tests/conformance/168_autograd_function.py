# torch.autograd.Function: ctx, save_for_backward, needs_input_grad, setup_context, several outputs, errors, the tutorial's LegendrePolynomial3 fit
import torch
class MyReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return input.clamp(min=0)
    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        grad_input = grad_output.clone()
        grad_input[input < 0] = 0
        return grad_input
x = torch.tensor([-1., 2., -3., 4.], requires_grad=True)
y = MyReLU.apply(x)
print(y, y.grad_fn.name(), y.requires_grad)
y.sum().backward(); print(x.grad)
try: y.sum().backward()
except Exception as e: print(type(e).__name__, e)
class Two(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, k):
        ctx.k = k
        print("needs", ctx.needs_input_grad)
        return a * k
    @staticmethod
    def backward(ctx, g):
        return g * ctx.k
try:
    Two.apply(x, 3).sum().backward()
except Exception as e: print(type(e).__name__, e)
print(Two.apply(torch.ones(2), 3), Two.apply(torch.ones(2), 3).requires_grad)
class NoB(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a): return a * 2
try: NoB.apply(x).sum().backward()
except Exception as e: print(type(e).__name__, e)
class S(torch.autograd.Function):
    @staticmethod
    def forward(a, b): return a * b
    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(*inputs)
    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return g * b, g * a
x.grad = None
w = torch.tensor([1., 1., 2., 2.], requires_grad=True)
S.apply(x, w).sum().backward(); print(x.grad, w.grad)
with torch.no_grad(): print(MyReLU.apply(x).requires_grad)
# the tutorial's LegendrePolynomial3 fitting sin(x)
class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)
    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)
dtype = torch.float
import math
xs = torch.linspace(-math.pi, math.pi, 2000, dtype=dtype)
ys = torch.sin(xs)
a = torch.full((), 0.0, dtype=dtype, requires_grad=True)
b = torch.full((), -1.0, dtype=dtype, requires_grad=True)
c = torch.full((), 0.0, dtype=dtype, requires_grad=True)
d = torch.full((), 0.3, dtype=dtype, requires_grad=True)
lr = 5e-6
for t in range(300):
    P3 = LegendrePolynomial3.apply
    y_pred = a + b * P3(c + d * xs)
    loss = (y_pred - ys).pow(2).sum()
    if t % 100 == 99:
        print(t, round(loss.item(), 2))
    loss.backward()
    with torch.no_grad():
        a -= lr * a.grad; b -= lr * b.grad; c -= lr * c.grad; d -= lr * d.grad
        a.grad = None; b.grad = None; c.grad = None; d.grad = None
print(f'Result: y = {a.item():.4f} + {b.item():.4f} * P3({c.item():.4f} + {d.item():.4f} x)')
# gradcheck-style: a Function inside a module, twice in one graph
z = torch.tensor([0.5, -0.5], requires_grad=True)
out = MyReLU.apply(z) * 2 + MyReLU.apply(z * 3)
out.sum().backward(); print(z.grad, out.grad_fn.name())
class Multi(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a * 2, a * a
    @staticmethod
    def backward(ctx, g1, g2):
        a, = ctx.saved_tensors
        return g1 * 2 + g2 * 2 * a
x.grad = None
p, q = Multi.apply(x)
print(p.grad_fn.name(), q.grad_fn.name())
(p.sum() + q.sum()).backward(); print(x.grad)
x.grad = None
p, q = Multi.apply(x)
(3 * q).sum().backward(); print(x.grad)
class Bad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a): return a + 1
    @staticmethod
    def backward(ctx, g): return g, g
try: Bad.apply(x).sum().backward()
except Exception as e: print(type(e).__name__, e)
