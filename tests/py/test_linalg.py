"""torch.linalg on LAPACK against a NumPy model (random well-conditioned matrices, batched,
float64: values within rounding, sign-free quantities for vectors), on the emulated CUDA
device (same results, results on the device, the host round trip counted in the transfer
ledger), and the parts the kernel cannot give (complex results of eig)."""
import json
import os
import subprocess

import numpy as np
import pytest

from cpython_diff import TK_PYTHON


def tk(src, emulate=False):
    env = dict(os.environ)
    if emulate:
        env["TENSORKERNEL_EMULATE_CUDA"] = "1"
    p = subprocess.run([str(TK_PYTHON), "-c", src], capture_output=True, text=True, timeout=120, env=env)
    return p.stdout, p.stderr, p.returncode


def lstsq(W, b):
    """NumPy's lstsq over leading batch dims."""
    Wf, bf = W.reshape((-1,) + W.shape[-2:]), b.reshape((-1,) + b.shape[-2:])
    x = np.stack([np.linalg.lstsq(w, y, rcond=None)[0] for w, y in zip(Wf, bf)])
    return x.reshape(W.shape[:-2] + x.shape[-2:])


def well_conditioned(rng, shape, spd=False):
    a = rng.standard_normal(shape)
    n = shape[-1]
    if spd:
        return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)
    return a + (n if shape[-1] == shape[-2] else 0) * np.eye(shape[-2], shape[-1])


# Each row: kernel expression over the inputs, NumPy model of the same value.
MODEL = [
    ("torch.linalg.inv(A)", lambda A, S, W, b: np.linalg.inv(A)),
    ("torch.linalg.det(A)", lambda A, S, W, b: np.linalg.det(A)),
    ("torch.linalg.slogdet(A).logabsdet", lambda A, S, W, b: np.linalg.slogdet(A)[1]),
    ("torch.linalg.slogdet(A).sign", lambda A, S, W, b: np.linalg.slogdet(A)[0]),
    ("torch.linalg.solve(A, b)", lambda A, S, W, b: np.linalg.solve(A, b)),
    ("torch.linalg.cholesky(S)", lambda A, S, W, b: np.linalg.cholesky(S)),
    ("torch.linalg.eigvalsh(S)", lambda A, S, W, b: np.linalg.eigvalsh(S)),
    ("torch.linalg.svdvals(W)", lambda A, S, W, b: np.linalg.svd(W, compute_uv=False)),
    ("torch.linalg.pinv(W)", lambda A, S, W, b: np.linalg.pinv(W)),
    ("torch.linalg.lstsq(W, b).solution", lambda A, S, W, b: lstsq(W, b)),
    ("torch.linalg.matrix_rank(W)", lambda A, S, W, b: np.linalg.matrix_rank(W)),
    ("torch.linalg.matrix_power(A, 3)", lambda A, S, W, b: np.linalg.matrix_power(A, 3)),
    ("torch.linalg.matrix_power(A, -2)", lambda A, S, W, b: np.linalg.matrix_power(np.linalg.inv(A), 2)),
    ("torch.linalg.matrix_norm(W, 'nuc')", lambda A, S, W, b: np.linalg.norm(W, 'nuc', axis=(-2, -1))),
    ("torch.linalg.matrix_norm(W, 2)", lambda A, S, W, b: np.linalg.norm(W, 2, axis=(-2, -1))),
    ("torch.linalg.matrix_norm(A, -1)", lambda A, S, W, b: np.linalg.norm(A, -1, axis=(-2, -1))),
    ("torch.linalg.matrix_norm(A, float('inf'))", lambda A, S, W, b: np.linalg.norm(A, np.inf, axis=(-2, -1))),
    # decompositions: sign-free checks
    ("torch.linalg.eigh(S).eigenvectors.abs()", lambda A, S, W, b: np.abs(np.linalg.eigh(S)[1])),
    ("torch.linalg.svd(W, full_matrices=False).U.abs()", lambda A, S, W, b: np.abs(np.linalg.svd(W, full_matrices=False)[0])),
    ("torch.linalg.qr(W).R.abs()", lambda A, S, W, b: np.abs(np.linalg.qr(W)[1])),
    ("(lambda q: q.Q @ q.R)(torch.linalg.qr(W, mode='complete'))", lambda A, S, W, b: W),
    ("(lambda r: r.U[..., :, :W.shape[-1]] @ torch.diag_embed(r.S) @ r.Vh)(torch.linalg.svd(W))", lambda A, S, W, b: W),
]


@pytest.mark.parametrize("seed,batch,n,m", [(0, (), 3, 5), (1, (2,), 4, 6), (2, (2, 3), 2, 3), (3, (1,), 5, 5)])
def test_linalg_matches_numpy_model(seed, batch, n, m):
    rng = np.random.default_rng(seed)
    A = well_conditioned(rng, batch + (n, n))
    S = well_conditioned(rng, batch + (n, n), spd=True)
    W = well_conditioned(rng, batch + (m, n))
    b = rng.standard_normal(batch + (m, 2))  # lstsq's right side; solve takes its first n rows
    data = {"A": A.tolist(), "S": S.tolist(), "W": W.tolist(), "b": b.tolist()}
    lines = ["import torch", "d = %s" % json.dumps(data),
             "A, S, W, b = (torch.tensor(d[k], dtype=torch.float64) for k in ('A', 'S', 'W', 'b'))",
             "bs = b[..., :A.shape[-1], :]"]
    for k, (expr, _) in enumerate(MODEL):
        e = expr.replace("torch.linalg.solve(A, b)", "torch.linalg.solve(A, bs)")
        lines.append("r = %s\nprint(%d, r.tolist() if r.ndim else [r.item()])" % (e, k))
    out, err, rc = tk("\n".join(lines))
    assert rc == 0, err
    got = {}
    for line in out.splitlines():
        k, v = line.split(" ", 1)
        got[int(k)] = np.array(eval(v), dtype=float)
    for k, (expr, model) in enumerate(MODEL):
        want = np.asarray(model(A, S, W, b[..., :n, :] if "solve" in expr else b), dtype=float)
        assert got[k].size == want.size, expr
        np.testing.assert_allclose(got[k].reshape(want.shape), want, rtol=1e-9, atol=1e-9, err_msg=expr)


DEVICE_SCRIPT = """
import torch
A = torch.tensor([[2., -1., 0.5], [1., 3., -2.], [0.25, 1., 4.]])
S = A @ A.T + torch.eye(3)
W = torch.tensor([[1., 2.], [-3., 4.], [5., 6.5]])
def ops(A, S, W):
    return [torch.linalg.inv(A), torch.linalg.det(A), torch.linalg.slogdet(A).logabsdet,
            torch.linalg.solve(A, W), torch.linalg.cholesky(S), torch.linalg.eigh(S).eigenvalues,
            torch.linalg.eigh(S).eigenvectors, torch.linalg.svd(W).U, torch.linalg.svdvals(W),
            torch.linalg.qr(W).R, torch.linalg.lstsq(W, A[:, :1]).solution, torch.linalg.lstsq(W, A[:, :1]).rank,
            torch.linalg.pinv(W), torch.linalg.matrix_rank(W), torch.linalg.matrix_power(A, -3),
            torch.linalg.matrix_norm(W, 'nuc')]
cpu = ops(A, S, W)
dev = ops(A.cuda(), S.cuda(), W.cuda())
print([d.device.type for d in dev].count('cuda'), len(dev))
print(all(torch.allclose(c, d.cpu()) if c.is_floating_point() else torch.equal(c, d.cpu()) for c, d in zip(cpu, dev)))
x = A.cuda().requires_grad_()
(torch.linalg.inv(x).sum() + torch.linalg.det(x)).backward()
y = A.clone().requires_grad_()
(torch.linalg.inv(y).sum() + torch.linalg.det(y)).backward()
print(x.grad.device, torch.allclose(x.grad.cpu(), y.grad))
%transfers
"""


def test_linalg_on_emulated_device_is_counted_host_work():
    out, err, rc = tk(DEVICE_SCRIPT, emulate=True)
    assert rc == 0, err
    lines = out.splitlines()
    assert lines[0] == "16 16"
    assert lines[1] == "True"
    assert lines[2] == "cuda:0 True"
    ledger = "\n".join(lines[3:])
    # every LAPACK call on a device tensor crosses to the host through the ledger
    for cause in ("torch.linalg.inv", "linalg.det", "torch.linalg.solve", "linalg.cholesky", "linalg.eigh",
                  "linalg.svd", "linalg.qr", "torch.linalg.lstsq"):
        assert cause in ledger, cause


def test_eig_gives_complex_eigenpairs():
    """A rotation has eigenvalues +-i: complex64 results with A V = V diag(L), for a batch and
    for complex input (zgeev) too."""
    src = ("import torch\n"
           "A = torch.tensor([[[0., -1.], [1., 0.]], [[2., 1.], [1., 2.]]])\n"
           "L, V = torch.linalg.eig(A)\n"
           "print(L.dtype, V.dtype, L.shape, V.shape)\n"
           "print(torch.allclose(A.to(torch.complex64) @ V, V * L.unsqueeze(-2), atol=1e-6))\n"
           "print(torch.allclose(L[0].imag.abs(), torch.ones(2)), torch.linalg.eigvals(A[1]).real.sort().values)\n"
           "C = torch.tensor([[1+1j, 2], [0.5j, 3]], dtype=torch.complex128)\n"
           "M, W = torch.linalg.eig(C)\n"
           "print(M.dtype, torch.allclose(C @ W, W * M, atol=1e-12))")
    out, err, rc = tk(src)
    assert rc == 0, err
    assert out == ("torch.complex64 torch.complex64 torch.Size([2, 2]) torch.Size([2, 2, 2])\nTrue\n"
                   "True tensor([1., 3.])\ntorch.complex128 True\n")


def test_linalg_error_is_a_runtime_error_and_kernel_lives_on():
    src = ("import torch\n"
           "try:\n    torch.linalg.cholesky(-torch.eye(3).expand(2, 3, 3))\n"
           "except RuntimeError as e:\n    print(type(e).__name__, isinstance(e, torch.linalg.LinAlgError))\n"
           "print(torch.linalg.det(torch.eye(2) * 3))")
    out, err, rc = tk(src)
    assert rc == 0, err
    assert out == "_LinAlgError True\ntensor(9.)\n"


# Complex input (cgetrf/zgetrf, cgesdd/zgesdd, zheevd): the same model on complex128 matrices.
CMODEL = [
    ("torch.linalg.inv(A)", lambda A, H, W, b: np.linalg.inv(A)),
    ("torch.linalg.det(A)", lambda A, H, W, b: np.linalg.det(A)),
    ("A.det()", lambda A, H, W, b: np.linalg.det(A)),
    ("torch.linalg.slogdet(A).sign", lambda A, H, W, b: np.linalg.slogdet(A)[0]),
    ("torch.linalg.slogdet(A).logabsdet", lambda A, H, W, b: np.linalg.slogdet(A)[1]),
    ("torch.linalg.solve(A, b)", lambda A, H, W, b: np.linalg.solve(A, b)),
    ("torch.linalg.svdvals(W)", lambda A, H, W, b: np.linalg.svd(W, compute_uv=False)),
    ("torch.linalg.eigvalsh(H)", lambda A, H, W, b: np.linalg.eigvalsh(H)),
    ("torch.linalg.eigh(H).eigenvectors.abs()", lambda A, H, W, b: np.abs(np.linalg.eigh(H)[1])),
    ("(lambda r: (r.eigenvectors * r.eigenvalues.to(H.dtype).unsqueeze(-2)) @ r.eigenvectors.conj().transpose(-2, -1))(torch.linalg.eigh(H))",
     lambda A, H, W, b: H),
    ("torch.linalg.svd(W, full_matrices=False).U.abs()", lambda A, H, W, b: np.abs(np.linalg.svd(W, full_matrices=False)[0])),
    ("(lambda r: r.U[..., :, :W.shape[-1]] @ (r.S.to(W.dtype).unsqueeze(-1) * r.Vh))(torch.linalg.svd(W))", lambda A, H, W, b: W),
    ("(lambda r: (r.U * r.S.to(W.dtype).unsqueeze(-2)) @ r.V.conj().transpose(-2, -1))(torch.svd(W))", lambda A, H, W, b: W),
    ("torch.linalg.eigvals(A).abs().sort().values", lambda A, H, W, b: np.sort(np.abs(np.linalg.eigvals(A)), -1)),
]


@pytest.mark.parametrize("seed,batch,n,m", [(0, (), 3, 5), (1, (2,), 4, 6), (2, (2, 3), 2, 3)])
def test_complex_linalg_matches_numpy_model(seed, batch, n, m):
    rng = np.random.default_rng(seed)

    def cx(shape):
        return rng.standard_normal(shape) + 1j * rng.standard_normal(shape)

    A = cx(batch + (n, n)) + n * np.eye(n)
    H = cx(batch + (n, n))
    H = H + np.conj(np.swapaxes(H, -1, -2))
    W = cx(batch + (m, n))
    b = cx(batch + (n, 2))
    data = {k: [v.real.tolist(), v.imag.tolist()] for k, v in (("A", A), ("H", H), ("W", W), ("b", b))}
    lines = ["import torch", "d = %s" % json.dumps(data),
             "A, H, W, b = (torch.complex(torch.tensor(d[k][0], dtype=torch.float64), "
             "torch.tensor(d[k][1], dtype=torch.float64)) for k in ('A', 'H', 'W', 'b'))"]
    for k, (expr, _) in enumerate(CMODEL):
        lines.append("r = %s\nr = r.to(torch.complex128)\n"
                     "print(%d, (r.real.tolist(), r.imag.tolist()) if r.ndim else ([r.real.item()], [r.imag.item()]))" % (expr, k))
    out, err, rc = tk("\n".join(lines))
    assert rc == 0, err
    got = {}
    for line in out.splitlines():
        k, v = line.split(" ", 1)
        re, im = eval(v)
        got[int(k)] = np.array(re, dtype=float) + 1j * np.array(im, dtype=float)
    for k, (expr, model) in enumerate(CMODEL):
        want = np.asarray(model(A, H, W, b), dtype=complex)
        assert got[k].size == want.size, expr
        np.testing.assert_allclose(got[k].reshape(want.shape), want, rtol=1e-9, atol=1e-9, err_msg=expr)


def test_complex_linalg_dtypes_and_errors():
    src = ("import torch\n"
           "A = torch.tensor([[2+2j, 1-1j], [1+1j, 3j]])\n"
           "print(torch.linalg.det(A).dtype, torch.linalg.svd(A).S.dtype, torch.linalg.eigh(A @ A.conj().T).eigenvalues.dtype,\n"
           "      torch.linalg.slogdet(A).logabsdet.dtype, torch.linalg.inv(A).dtype)\n"
           "try:\n    torch.linalg.det(A.requires_grad_())\n"
           "except NotImplementedError as e:\n    print('grad refused')\n"
           "try:\n    torch.linalg.cholesky(torch.eye(2, dtype=torch.complex64))\n"
           "except NotImplementedError as e:\n    print('cholesky refused')\n"
           "print(torch.linalg.det(torch.eye(2, dtype=torch.complex128) * 3j))")
    out, err, rc = tk(src)
    assert rc == 0, err
    assert out == ("torch.complex64 torch.float32 torch.float32 torch.float32 torch.complex64\n"
                   "grad refused\ncholesky refused\ntensor(-9.+0.j, dtype=torch.complex128)\n")
