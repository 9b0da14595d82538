"""np.sort on lines of every length where its algorithm changes, against real NumPy 2.4: the
inputs are built by tests/data/sort_sizes_cases.py (the same bits here and in NumPy), the
expected SHA-256s of the inputs and of np.sort(x, kind="stable") are
tests/data/sort_sizes_numpy.json, written by tests/data/gen_sort_sizes.py with the oracle.
np.sort is compared bit for bit with NumPy's stable sort, whose order among equal values
(-0.0 and 0.0, NaNs of either sign) is the one np.sort here gives."""
import hashlib
import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()
DATA = ROOT / "tests" / "data"
EXPECTED = json.loads((DATA / "sort_sizes_numpy.json").read_text())

SCRIPT = r"""
import numpy as np
dst = {dst!r}
names = open(dst + '/names.txt', 'w')
for name, x in cases():
    names.write(name + ' ' + x.dtype.name + '\n')
    with open(dst + '/' + name + '.in', 'wb') as f:
        f.write(x.tobytes())
    with open(dst + '/' + name + '.out', 'wb') as f:
        f.write(np.sort(x).tobytes())
names.close()
"""


@pytest.fixture(scope="module")
def got(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sort_sizes")
    script = tmp / "run.py"
    script.write_text((DATA / "sort_sizes_cases.py").read_text() + SCRIPT.format(dst=str(tmp)))
    r = subprocess.run([str(BUILD / "kernel" / "tk-python"), str(script)], capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    res = {}
    for line in (tmp / "names.txt").read_text().splitlines():
        name, dt = line.split(" ")
        res[name] = tuple(hashlib.sha256((tmp / (name + ext)).read_bytes()).hexdigest() for ext in (".in", ".out"))
        res[name] += (dt,)
    return res


def test_every_case_ran(got):
    assert sorted(got) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_np_sort_matches_numpy(got, name):
    want = EXPECTED[name]
    inp, out, dt = got[name]
    assert dt == want["dtype"]
    assert inp == want["input"], "the input differs from NumPy's: a numpy op of the recipe, not the sort"
    assert out == want["sorted"]
