"""torch.optim's optimizers against real PyTorch 2.15: tests/data/gen_optim.py runs a small
model through nine steps of each (options included) and prints the parameters, then one
tensor through twelve steps of an elementwise loss; its output under the oracle is
tests/data/optim_torch.json. The update formulas are PyTorch's operation for operation."""
import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()
EXPECTED = json.loads((ROOT / "tests" / "data" / "optim_torch.json").read_text())


@pytest.fixture(scope="module")
def ours():
    r = subprocess.run([str(BUILD / "kernel" / "tk-python"), str(ROOT / "tests" / "data" / "gen_optim.py")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


MODEL = [i for i, e in enumerate(EXPECTED) if "params" in e]
EXACT = [i for i, e in enumerate(EXPECTED) if "bits" in e]


@pytest.mark.parametrize("i", MODEL, ids=[EXPECTED[i]["name"] + EXPECTED[i]["kw"] for i in MODEL])
def test_optimizer_matches_torch(ours, i):
    """Through a model: its gradients come from matrix products, whose last bits differ from
    MKL's, and the steps carry that on (most in centered RMSprop, whose square_avg - grad_avg²
    cancels), so to float32 precision."""
    want, got = EXPECTED[i], ours[i]
    assert (got["name"], got["kw"], got["state"]) == (want["name"], want["kw"], want["state"])
    assert len(got["params"]) == len(want["params"])
    for a, b in zip(got["params"], want["params"]):
        assert a == pytest.approx(b, rel=2e-6, abs=5e-7)


@pytest.mark.parametrize("i", EXACT, ids=[EXPECTED[i]["name"] + EXPECTED[i]["kw"] for i in EXACT])
def test_optimizer_steps_are_torch_bits(ours, i):
    """An elementwise loss: twelve steps give PyTorch's float32 bits exactly (add with alpha,
    addcmul and addcdiv fused as PyTorch's CPU kernels fuse them, lerp, sqrt, ...)."""
    want, got = EXPECTED[i], ours[i]
    assert (got["name"], got["kw"], got["state"]) == (want["name"], want["kw"], want["state"])
    assert got["bits"] == want["bits"]
