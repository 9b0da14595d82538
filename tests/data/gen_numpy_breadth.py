"""Writes numpy_breadth_numpy.json: what NumPy 2.4 gives for each case of
numpy_breadth_cases.py, read by tests/py/test_numpy_breadth.py.
Run with the oracle's python:  $PY tests/data/gen_numpy_breadth.py"""
import contextlib
import io
import json
import pathlib
import warnings

import numpy as np

import numpy_breadth_cases as cases

HERE = pathlib.Path(__file__).parent


def main():
    env = {}
    exec(cases.PRELUDE, env)
    env["EXPRS"] = [e for _, e in cases.CASES]
    buf = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(buf):
        warnings.simplefilter("ignore")
        exec(cases.RUNNER, env)
    outs = buf.getvalue().split("\x1e\n")[:-1]
    outs = [o[:-1] if o.endswith("\n") else o for o in outs]
    assert len(outs) == len(cases.CASES)
    data = {"numpy": np.__version__,
            "cases": [[g, e, o] for (g, e), o in zip(cases.CASES, outs)]}
    (HERE / "numpy_breadth_numpy.json").write_text(json.dumps(data, indent=0) + "\n")


if __name__ == "__main__":
    main()
