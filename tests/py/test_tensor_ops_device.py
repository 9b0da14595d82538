"""The statistics, shape, index, sort and product ops on the emulated CUDA device give what
they give on the CPU (values, dtype, device of the result, and gradients), so a notebook can
move its tensors with .cuda() and keep its numbers. Oracle: the same kernel's CPU result."""
import pytest
from jupyter_client.manager import start_new_kernel

from conftest import execute, stderr_of, stdout_of

# Each expression is evaluated with X (float), I (int64 index-like) and B (bool) on the CPU
# and on cuda:0; the results must agree element for element. (topk's indices are compared
# where X has no ties: on the CPU ties come out in PyTorch's CPU order, an unstable
# selection's, which the device path, a stable sort, does not reproduce.)
EXPRESSIONS = [
    "X.std()", "X.var(0)", "X.std(1, keepdim=True)", "X.norm()", "X.norm(1, dim=0)",
    "X.logsumexp(1)", "X.softmax(1)", "X.log_softmax(0)", "X.amax(1)", "X.amin(0)",
    "X.aminmax().min", "X.nansum()", "X.nanmean(1)", "X.count_nonzero(0)", "X.cumsum(1)",
    "X.cumprod(0)", "I.cumsum(0)", "X.sort(1).values", "X.sort(0, descending=True).indices",
    "X.argsort(1)", "X.topk(2).values", "X.topk(2, dim=0).indices", "X.kthvalue(2, 1).values",
    "X.median()", "X.median(1).indices", "I.mode(1).values", "I.unique()",
    "I.unique(return_counts=True)[1]", "X.cummax(1).indices", "X.quantile(0.3, dim=1)",
    "X.flip(0)", "X.roll(1, 1)", "X.tril()", "X.triu(1)", "X.diagonal()", "X.trace()",
    "X.repeat(2, 1)", "X.repeat_interleave(2, dim=1)", "X.tile(2)", "X.rot90()",
    "X.gather(1, I % 4)", "X.index_select(1, I[0] % 4)", "X.masked_select(B)",
    "X.take(I % 12)", "B.nonzero()", "torch.zeros(3, 4, device=X.device).scatter_add_(1, I % 4, X)",
    "torch.zeros(3, 4, device=X.device).index_add_(0, I[:, 0] % 3, X)",
    "X.isnan()", "X.nan_to_num()", "X.trunc()", "X.frac()", "X.atan()", "(X / 8).asin()", "(X / 8).acos()",
    "X.sinh()", "X.erf()", "X.log1p()", "X.expm1()", "torch.atan2(X, X + 1)", "X.fmod(1.5)",
    "X.lerp(X * 2, 0.3)", "torch.einsum('ij,kj->ik', X, X)", "torch.tensordot(X, X, dims=([1], [1]))",
    "torch.outer(X[0], X[1])", "torch.kron(X[:2, :2], X[:2, :2])", "X[:, :3].cross(X[:, 1:], dim=1)",
    "X.t().mv(X[:, 0])", "torch.bmm(X.unsqueeze(0), X.t().unsqueeze(0))", "X.chunk(2, 1)[1]",
    "X.split([1, 3], 1)[1]", "X.unbind(1)[2]", "X.narrow(1, 1, 2)", "X.movedim(0, 1)",
]

SCRIPT = """
import torch
X = torch.tensor([[3., -1.5, 2., 0.], [5., 5., -0.25, 2.], [1., 7., 4., -3.]])
I = torch.tensor([[3, 1, 2, 1], [0, 5, 5, 2], [7, 1, 1, 4]])
B = X > 1
Xc, Ic, Bc = X.cuda(), I.cuda(), B.cuda()
bad = []
def check(e, cpu, dev):
    if dev.device.type != 'cuda' or dev.dtype != cpu.dtype or dev.shape != cpu.shape:
        bad.append((e, 'device/dtype/shape', dev.device, dev.dtype, dev.shape))
    elif not torch.equal(cpu, dev.cpu()) and not (cpu.is_floating_point() and torch.allclose(cpu, dev.cpu(), equal_nan=True)):
        bad.append((e, cpu, dev.cpu()))
"""


def script():
    """The kernel has no eval(): one small function per expression."""
    lines = [SCRIPT]
    for k, e in enumerate(EXPRESSIONS):
        lines.append("def f%d(X, I, B):\n    return %s\ncheck(%r, f%d(X, I, B), f%d(Xc, Ic, Bc))" % (k, e, e, k, k))
    lines.append("print(%d, bad)" % len(EXPRESSIONS))
    return "\n".join(lines)


GRADS = """
import torch
for dev in ('cpu', 'cuda'):
    w = torch.tensor([[3., 1., 2., 4.], [5., 6., 0., 2.]], device=dev, requires_grad=True)
    out = (w.std() + w.cumprod(1).sum() + w.sort(1).values[:, 0].sum() + w.softmax(0)[0].sum()
           + w.gather(1, torch.tensor([[1], [2]], device=dev)).sum() + w.flip(1)[0, 0] + w.trace()
           + (w / 8).asin().sum() + w.quantile(0.5) + w.cummax(1).values.sum())
    out.backward()
    print(dev, w.grad.cpu().tolist())
"""


@pytest.fixture
def emulated(jupyter_data_dir):
    km, kc = start_new_kernel(kernel_name="tensorkernel-emulated", startup_timeout=30)
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run_ok(kc, code):
    reply, msgs = execute(kc, code)
    assert reply["status"] == "ok", (code, reply, stderr_of(msgs))
    return stdout_of(msgs)


def test_ops_on_the_emulated_device_match_the_cpu(emulated):
    out = run_ok(emulated, script())
    assert out.strip() == "%d []" % len(EXPRESSIONS)


def test_gradients_on_the_emulated_device_match_the_cpu(emulated):
    out = run_ok(emulated, GRADS).strip().splitlines()
    assert len(out) == 2
    cpu, dev = (line.split(" ", 1)[1] for line in out)
    assert cpu == dev
