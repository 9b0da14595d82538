"""NumPy 2.4 names the kernel's numpy composes (comparison / bitwise / integer / float ufuncs
and the NumPy 2 aliases, the NaN-skipping reductions, array helpers, windows and polynomials),
checked against what NumPy 2.4 gives for the same calls: tests/data/numpy_breadth_numpy.json,
written by tests/data/gen_numpy_breadth.py with the oracle's python. Each case compares the
printed repr (values, dtype, shape) or the error's type and message."""
import json
import pathlib
import sys

import pytest

from conftest import execute, started_kernel, stdout_of

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
sys.path.insert(0, str(DATA))
import numpy_breadth_cases as cases  # noqa: E402

EXPECTED = json.loads((DATA / "numpy_breadth_numpy.json").read_text())["cases"]
GROUPS = sorted({g for g, _, _ in EXPECTED})


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    yield from started_kernel(cases.PRELUDE)


def test_cases_match_generated_data():
    assert [[g, e] for g, e, _ in EXPECTED] == [[g, e] for g, e in cases.CASES]


@pytest.mark.parametrize("group", GROUPS)
def test_group_matches_numpy(kc, group):
    rows = [(e, o) for g, e, o in EXPECTED if g == group]
    code = "EXPRS = " + repr([e for e, _ in rows]) + "\n" + cases.RUNNER
    reply, msgs = execute(kc, code)
    assert reply["status"] == "ok", (reply.get("ename"), reply.get("evalue"))
    got = stdout_of(msgs).split("\x1e\n")[:-1]
    got = [o[:-1] if o.endswith("\n") else o for o in got]
    assert len(got) == len(rows)
    bad = [(e, want, have) for (e, want), have in zip(rows, got) if want != have]
    assert not bad, "\n\n".join("%s\n  numpy: %s\n  ours:  %s" % b for b in bad[:20]) + \
        "\n(%d of %d differ)" % (len(bad), len(rows))
