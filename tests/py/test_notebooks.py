"""The end-to-end tutorial notebooks (tests/notebooks: PyTorch's "Build the Neural Network",
"Automatic Differentiation" and "Optimization" tutorials, d2l's concise linear regression,
softmax regression and MLP, each on synthetic data made with a fixed seed) executed by
nbclient against tensorkernel:
every code cell prints what real PyTorch printed for it (NAME.expected.json, written by
tests/notebooks/make_expected.py with the torch oracle), model printouts, losses and
accuracies included. Object addresses (' at 0x7f...>') are compared as ' at 0x>'."""
import json
import pathlib
import re

import nbformat
import pytest
from nbclient import NotebookClient

NB_DIR = pathlib.Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(p for p in NB_DIR.glob("*.ipynb") if p.with_suffix(".expected.json").exists())


def transcript(cell):
    """The cell's outputs as the conformance runner writes them: stdout text, a result's
    text/plain and a newline, 'ename: evalue' and a newline for an error."""
    parts = []
    for o in cell.get("outputs", []):
        if o["output_type"] == "stream" and o["name"] == "stdout":
            parts.append(o["text"])
        elif o["output_type"] == "execute_result":
            parts.append(o["data"]["text/plain"] + "\n")
        elif o["output_type"] == "error":
            parts.append(f"{o['ename']}: {o['evalue']}\n")
    return re.sub(r" at 0x[0-9a-fA-F]+>", " at 0x>", "".join(parts))


def test_all_tutorials_present():
    names = {p.stem for p in NOTEBOOKS}
    assert {"tutorial_build_nn", "tutorial_optimization", "d2l_linear_regression_concise",
            "d2l_softmax_regression_concise", "d2l_mlp_concise", "tutorial_autograd"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_prints_what_pytorch_prints(path, jupyter_data_dir):
    expected = json.loads(path.with_suffix(".expected.json").read_text())["cells"]
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="tensorkernel", timeout=300, startup_timeout=30,
                   allow_errors=True).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) == len(expected)
    for i, (cell, want) in enumerate(zip(code, expected)):
        assert transcript(cell) == want, f"cell {i}:\n{cell.source}"
