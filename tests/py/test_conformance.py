"""The conformance cases (tests/conformance/*.py with the output real PyTorch printed in
NAME.out), each run in a fresh tensorkernel exactly as tests/conformance/run.py runs them:
cells split on '# %%', transcript of stdout, execute_result text/plain and 'ename: evalue'."""
import importlib.util
import pathlib

import pytest
from jupyter_client.manager import start_new_kernel

CASES_DIR = pathlib.Path(__file__).resolve().parents[1] / "conformance"
CASES = sorted(CASES_DIR.glob("*.py"))
CASES = [c for c in CASES if c.name != "run.py"]

_spec = importlib.util.spec_from_file_location("conformance_run", CASES_DIR / "run.py")
_run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_run)


def test_all_cases_present():
    assert len(CASES) == 54


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case(case, jupyter_data_dir):
    expected = case.with_suffix(".out").read_text()
    km, kc = start_new_kernel(kernel_name="tensorkernel", startup_timeout=30)
    try:
        got = "".join(_run.run_cell(kc, cell, 30) for cell in _run.cells_of(case.read_text()))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert got == expected
