"""A notebook executed by nbclient (what `jupyter nbconvert --execute` and papermill use)
against tensorkernel: outputs arrive in order in the right cells, a cell tagged
raises-exception records its error and the run goes on."""
import pathlib

import nbformat
from nbclient import NotebookClient

NOTEBOOK = pathlib.Path(__file__).resolve().parents[1] / "notebooks" / "protocol_tour.ipynb"


def outputs(cell):
    return [(o["output_type"], o) for o in cell.get("outputs", [])]


def test_notebook_runs_with_nbclient(jupyter_data_dir):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, kernel_name="tensorkernel", timeout=60, startup_timeout=30).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))

    (kind, out), = outputs(code[0])
    assert kind == "stream" and out["name"] == "stdout"
    assert out["text"] == "hello from tensorkernel\n"

    (kind, out), = outputs(code[1])
    assert kind == "execute_result" and out["data"]["text/plain"] == "tensor([2, 4, 6])"
    assert out["execution_count"] == 2

    assert "".join(o["text"] for k, o in outputs(code[2]) if k == "stream") == "0 1\n1 2\n2 3\n"
    assert [k for k, _ in outputs(code[3])] == ["display_data"]
    assert outputs(code[4])[0][1]["data"]["text/plain"] == "6"

    (kind, out), = outputs(code[5])
    assert kind == "error" and out["ename"] == "ZeroDivisionError"

    assert outputs(code[6])[0][1]["data"]["text/plain"] == "'still running'"


def test_tour_notebook_executes_small(jupyter_data_dir):
    """examples/tour.ipynb, executed as `make demo` / papermill run it, stays a small file:
    plots are an SVG and a compressed PNG, results are text."""
    tour = pathlib.Path(__file__).resolve().parents[2] / "examples" / "tour.ipynb"
    nb = nbformat.read(tour, as_version=4)
    NotebookClient(nb, kernel_name="tensorkernel", timeout=60, startup_timeout=30).execute()
    size = len(nbformat.writes(nb).encode())
    assert size < 100_000, size
    outs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outs if o["output_type"] == "error"]
    mimes = [m for o in outs for m in o.get("data", {})]
    assert mimes.count("image/svg+xml") == 1 and mimes.count("image/png") == 1
    assert "text/html" not in [m for o in outs if o["output_type"] == "execute_result"
                               for m in o["data"]]
