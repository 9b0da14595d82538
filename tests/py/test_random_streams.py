"""Random streams checked against models built on the real NumPy of the test environment
(torch is not needed): the kernel's np.random must draw exactly NumPy's legacy RandomState
numbers, and torch's CPU generator is the same mt19937 engine, so its uniform, integer and
permutation recipes can be rebuilt from NumPy's raw 32-bit draws for any seed and size."""
import random

import numpy as np
import pytest

from conftest import execute, started_kernel, stdout_of


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    yield from started_kernel("import torch\nimport numpy as np")


def run(kc, code):
    reply, msgs = execute(kc, code, timeout=60)
    assert reply["status"] == "ok", (reply.get("ename"), reply.get("evalue"))
    return stdout_of(msgs)


def raw32(seed, n):
    """The first n outputs of mt19937 seeded with seed (NumPy's legacy seeding is the
    reference initialisation, as PyTorch's)."""
    rs = np.random.RandomState(seed & 0xFFFFFFFF)
    return [int(v) for v in np.frombuffer(rs.bytes(4 * n), dtype="<u4")]


CASES = [(random.Random(i).randrange(2**32), random.Random(i + 100).randrange(1, 40)) for i in range(12)]


@pytest.mark.parametrize("seed,n", CASES)
def test_numpy_legacy_stream(kc, seed, n):
    got = run(kc, f"np.random.seed({seed})\n"
                  f"print(np.random.rand({n}).tolist())\n"
                  f"print(np.random.randn({n}).tolist())\n"
                  f"print(np.random.randint(-5, {n * 7}, size={n}).tolist())\n"
                  f"print(np.random.uniform(-2.0, 3.0, {n}).tolist())\n"
                  f"print(np.random.permutation({n}).tolist())\n"
                  f"print(np.random.choice({n}, 3).tolist(), np.random.randn())")
    rs = np.random.RandomState(seed)
    want = (f"{rs.rand(n).tolist()}\n{rs.randn(n).tolist()}\n"
            f"{rs.randint(-5, n * 7, size=n).tolist()}\n{rs.uniform(-2.0, 3.0, n).tolist()}\n"
            f"{rs.permutation(n).tolist()}\n{rs.choice(n, 3).tolist()} {rs.randn()}\n")
    assert got == want


@pytest.mark.parametrize("seed,n", CASES)
def test_torch_uniform_and_integers_follow_mt19937(kc, seed, n):
    got = run(kc, f"torch.manual_seed({seed})\n"
                  f"print(torch.rand({n}).tolist())\n"
                  f"print(torch.rand({n}, dtype=torch.float64).tolist())\n"
                  f"print(torch.randint(3, 3 + {n} * 5, ({n},)).tolist())\n"
                  f"print(torch.randperm({n}).tolist())")
    r = raw32(seed, 8 * n + 8)
    k = 0
    f32 = []
    for _ in range(n):
        f32.append(float(np.float32((r[k] & 0xFFFFFF) / 2**24)))
        k += 1
    f64 = []
    for _ in range(n):
        f64.append((((r[k] << 32) | r[k + 1]) & ((1 << 53) - 1)) / 2**53)
        k += 2
    ints = []
    for _ in range(n):
        ints.append(r[k] % (n * 5) + 3)
        k += 1
    perm = list(range(n))
    for i in range(n - 1):
        z = r[k] % (n - i)
        k += 1
        perm[i], perm[z + i] = perm[z + i], perm[i]
    assert got == f"{f32}\n{f64}\n{ints}\n{perm}\n"


def test_generators_are_independent_and_restorable(kc):
    got = run(kc, "g = torch.Generator().manual_seed(7)\n"
                  "torch.manual_seed(7)\n"
                  "a = torch.rand(5, generator=g)\n"
                  "b = torch.rand(5)\n"
                  "s = g.get_state()\n"
                  "c = torch.randn(20, generator=g)\n"
                  "g.set_state(s)\n"
                  "print(torch.equal(a, b), torch.equal(c, torch.randn(20, generator=g)), s.shape)")
    assert got == "True True torch.Size([5056])\n"


BERNOULLI_CASES = [(random.Random(i + 200).randrange(2**32), n, p)
                   for i, (n, p) in enumerate([(1, 0.5), (7, 0.3), (311, 0.9), (313, 0.1), (1500, 0.25),
                                               (2000, 1.0), (700, 0.0), (1250, 1 / 3)])]


@pytest.mark.parametrize("seed,n,p", BERNOULLI_CASES)
def test_torch_bernoulli_and_dropout_follow_mt19937(kc, seed, n, p):
    """bernoulli_(p) draws a 53-bit uniform per element (two words) below p, across the
    engine's 624-word refills, in every dtype, after a lone draw that offsets the words;
    dropout is the input times that mask divided by 1 - p in float32 (ATen's _dropout)."""
    got = run(kc, f"torch.manual_seed({seed})\n"
                  "torch.rand(1)\n"
                  f"print(torch.empty({n}).bernoulli_({p}).int().tolist())\n"
                  f"print(torch.empty({n}, dtype=torch.float64).bernoulli_({p}).int().tolist())\n"
                  f"print(torch.empty({n}, dtype=torch.bool).bernoulli_({p}).int().tolist())\n"
                  f"print(torch.empty({n}, dtype=torch.int64).bernoulli_({p}).tolist())\n"
                  f"x = torch.arange({n}, dtype=torch.float32) * 0.5 - 3\n"
                  f"print(torch.nn.functional.dropout(x, {1 - p}).tolist() if {p} > 0 else '')")
    r = raw32(seed, 1 + 10 * n)
    k = 1
    lines = []
    for _ in range(4):
        bits = []
        for _ in range(n):
            bits.append(int((((r[k] << 32) | r[k + 1]) & ((1 << 53) - 1)) / 2**53 < p))
            k += 2
        lines.append(str(bits))
    if p > 0:
        x = np.arange(n, dtype=np.float32) * np.float32(0.5) - np.float32(3)
        keep = 1 - (1 - p)  # the 1 - p of dropout(x, 1 - p)
        mask = []
        for _ in range(n):
            mask.append(float((((r[k] << 32) | r[k + 1]) & ((1 << 53) - 1)) / 2**53 < keep))
            k += 2
        noise = np.array(mask, dtype=np.float32) / np.float32(keep)
        lines.append(str((x * noise).tolist()))
    else:
        lines.append("")
    assert got == "\n".join(lines) + "\n"
