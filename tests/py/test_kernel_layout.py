"""The kernel executable's link, which sets its own share of the idle RSS
(bench/bench_memory.py; HACKING.md, "Memory"): linked at a fixed address, so that nothing is
relocated at start, with the code that start-up and the first cell run placed together at
the start of .text (kernel/startup-order.ld, written by tools/startup_order.py)."""
import re
import shutil
import subprocess

import pytest

from conftest import KERNEL_BIN

READELF, NM = shutil.which("readelf"), shutil.which("nm")
pytestmark = pytest.mark.skipif(not (READELF and NM), reason="needs binutils (readelf, nm)")


def run(*argv):
    return subprocess.run(argv, capture_output=True, text=True, check=True).stdout


def sections():
    """{name: (address, size)} of the executable's sections."""
    out = {}
    for line in run(READELF, "-SW", str(KERNEL_BIN)).splitlines():
        m = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)", line)
        if m:
            out[m.group(1)] = (int(m.group(2), 16), int(m.group(3), 16))
    return out


def test_kernel_is_linked_at_a_fixed_address():
    assert re.search(r"Type:\s+EXEC\b", run(READELF, "-hW", str(KERNEL_BIN)))
    relative = re.findall(r"\bR_\w+_RELATIVE\b", run(READELF, "-rW", str(KERNEL_BIN)))
    assert relative == []  # (an ifunc's R_*_IRELATIVE remains; the loader runs its resolver)


def test_start_up_code_is_placed_together_first_in_text():
    secs = sections()
    assert ".text.startup_order" in secs, "kernel/startup-order.ld was not applied"
    start, size = secs[".text.startup_order"]
    text_start, text_size = secs[".text"]
    assert start + size <= text_start and size < text_size / 4
    addr = {p[2]: int(p[0], 16) for p in (line.split() for line in
                                          run(NM, "--defined-only", str(KERNEL_BIN)).splitlines())
            if len(p) == 3}
    # start-up, the first request, and the import of torch in the first cell
    for name in ("kn_interp_new", "kn_kernel_new", "kn_kernel_serve", "kn_core_dispatch",
                 "kn_parse", "kn_eval_import", "kn_mod_torch_init"):
        assert start <= addr[name] < start + size, name
