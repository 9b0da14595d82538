#!/usr/bin/env python3
"""Write the expected outputs of the end-to-end notebooks by running them in real Python
with the real torch (the oracle), never by hand:

    $(../shared/oracle/setup.sh) tests/notebooks/make_expected.py [NAME.ipynb ...]

Each notebook's code cells run in order in one namespace, as a notebook kernel runs them;
per code cell the transcript is what tests/py/test_notebooks.py collects from tensorkernel:
stdout as printed; the repr of a trailing expression whose value is not None (unless the
cell ends with ';'), plus a newline; for an exception 'ExcType: message' plus a newline.
stderr (warnings) is not part of it, and object addresses (' at 0x7f...>') read ' at 0x>'.
The transcripts go to NAME.expected.json, with the torch version that wrote them. With no
arguments: every notebook listed in NOTEBOOKS."""
import ast
import contextlib
import io
import json
import pathlib
import re
import sys
import warnings

HERE = pathlib.Path(__file__).resolve().parent
NOTEBOOKS = ["tutorial_build_nn.ipynb", "tutorial_optimization.ipynb",
             "d2l_linear_regression_concise.ipynb", "d2l_softmax_regression_concise.ipynb",
             "d2l_mlp_concise.ipynb", "tutorial_autograd.ipynb"]


def without_addresses(text):
    """'<AddBackward0 object at 0x7f3a...>' as '<AddBackward0 object at 0x>'."""
    return re.sub(r" at 0x[0-9a-fA-F]+>", " at 0x>", text)


def cell_source(cell):
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def run_cells(sources):
    ns = {"__name__": "__main__"}
    transcripts = []
    for src in sources:
        out = io.StringIO()
        try:
            tree = ast.parse(src)
            last = None
            quiet = src.rstrip().endswith(";")
            if tree.body and isinstance(tree.body[-1], ast.Expr):
                last = ast.Expression(tree.body.pop().value)
            with contextlib.redirect_stdout(out), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exec(compile(tree, "<cell>", "exec"), ns)
                if last is not None:
                    v = eval(compile(last, "<cell>", "eval"), ns)
                    if v is not None and not quiet:
                        out.write(repr(v) + "\n")
        except Exception as e:  # noqa: BLE001 (the transcript records it, as the kernel does)
            out.write(f"{type(e).__name__}: {e}\n")
        transcripts.append(without_addresses(out.getvalue()))
    return transcripts


def main(names):
    import torch
    for name in names or NOTEBOOKS:
        path = HERE / name
        nb = json.loads(path.read_text())
        code = [cell_source(c) for c in nb["cells"] if c["cell_type"] == "code"]
        expected = {"torch": torch.__version__, "cells": run_cells(code)}
        path.with_suffix(".expected.json").write_text(json.dumps(expected, indent=1) + "\n")
        print(f"{name}: {len(code)} code cells")


if __name__ == "__main__":
    main(sys.argv[1:])
