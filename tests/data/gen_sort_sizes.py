"""Writes sort_sizes_numpy.json: for each input of sort_sizes_cases.py, the SHA-256 of its
bytes and of real NumPy's np.sort(x, kind="stable") (whose order among equal values, -0.0 and
0.0 and NaNs of either sign, is the one np.sort here gives; NumPy's default sort agrees with
it on every value), read by tests/py/test_sort_sizes.py.
Run with the oracle's python (../shared/oracle/setup.sh):  $PY tests/data/gen_sort_sizes.py"""
import hashlib
import json
import pathlib
import sys

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from sort_sizes_cases import cases  # noqa: E402


def main():
    out = {}
    for name, x in cases():
        out[name] = {"dtype": x.dtype.name, "n": int(x.size), "input": hashlib.sha256(x.tobytes()).hexdigest(),
                     "sorted": hashlib.sha256(np.sort(x, kind="stable").tobytes()).hexdigest()}
    lines = ["%s: %s" % (json.dumps(k), json.dumps(out[k], sort_keys=True)) for k in sorted(out)]
    (HERE / "sort_sizes_numpy.json").write_text("{\n" + ",\n".join(lines) + "\n}\n")


if __name__ == "__main__":
    main()
