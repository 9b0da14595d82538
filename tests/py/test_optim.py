"""torch.optim's optimizers against real PyTorch 2.15: tests/data/gen_optim.py runs a small
model through nine steps of each (options included) and prints the parameters; its output
under the oracle is tests/data/optim_torch.json. The update formulas are PyTorch's operation
for operation, but the elementwise kernels (add with alpha, addcmul, addcdiv, lerp) may
round differently in the last bit, so the values are compared to float32 precision."""
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


@pytest.mark.parametrize("i", range(len(EXPECTED)), ids=[e["name"] + e["kw"] for e in EXPECTED])
def test_optimizer_matches_torch(ours, i):
    want, got = EXPECTED[i], ours[i]
    assert (got["name"], got["kw"], got["state"]) == (want["name"], want["kw"], want["state"])
    assert len(got["params"]) == len(want["params"])
    for a, b in zip(got["params"], want["params"]):
        assert a == pytest.approx(b, rel=2e-6, abs=2e-7)
