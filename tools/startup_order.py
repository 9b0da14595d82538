"""Regenerate kernel/startup-order.ld, the list of functions the kernel runs when it starts
and serves its first cell, which the link of build/kernel/tensorkernel places together.

Why: the executable's code is mapped from the file, and each page fault maps the whole
64 KiB window around it that is in the page cache (the kernel's fault-around). Start-up
code scattered over the 3 MiB of .text made most of it resident although a few hundred
KiB ran. With every function in a section of its own (-ffunction-sections) the linker
script puts the functions listed here first, in this order: those of start-up, then those
of the first cell. A function missing from the list (new code) still works; it is only
placed with the rest, so regenerate after large changes to start-up or to `import torch`
(bench/bench_memory.py shows the executable's resident KiB).

How: the kernel runs under valgrind's callgrind, driven by jupyter_client, twice: start,
kernel_info, shutdown; then start, the cell below, shutdown. Every function of the
executable with a cost in the profile is listed (an ifunc's resolver, which the dynamic
linker runs at load, by its section name NAME.resolver).

  python tools/startup_order.py [--kernel-bin build/kernel/tensorkernel] [--out FILE]

Needs valgrind. Build the kernel first.
"""
import argparse
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()
# The first cell of a notebook: what bench/bench_memory.py measures after start.
FIRST_CELL = "import torch\nx = torch.ones(1000)\ns = (x * 2).sum().item()"
IDLE_S = 2.0
SYMBOL = re.compile(r"^[A-Za-z_.$][A-Za-z0-9_.$]*$")


def profile(kernel_bin, cells, out, d):
    """Run the kernel under callgrind (profile written to `out`) through start, each cell
    and a clean shutdown; its kernelspec goes in the folder `d`."""
    spec = {"argv": ["valgrind", "--tool=callgrind", "--callgrind-out-file=%s" % out,
                     str(kernel_bin), "-f", "{connection_file}"],
            "display_name": "tk-order", "language": "python"}
    (d / "kernels" / "tk-order").mkdir(parents=True)
    (d / "kernels" / "tk-order" / "kernel.json").write_text(json.dumps(spec))
    os.environ["JUPYTER_PATH"] = str(d)
    km = KernelManager(kernel_name="tk-order")
    km.start_kernel(stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=300)
        for code in cells:
            reply = kc.execute_interactive(code, timeout=300, output_hook=lambda msg: None)
            if reply["content"]["status"] != "ok":
                raise RuntimeError("cell failed: %s" % reply["content"])
        time.sleep(IDLE_S)  # the idle trim (kernel/proto/kernel.c: KN_IDLE_TRIM_MS) runs too
        kc.shutdown()
        km.provisioner.process.wait(timeout=300)  # callgrind writes the profile at exit
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    with open(out) as f:
        if not any(line.startswith("totals:") for line in f):
            raise RuntimeError("%s: incomplete profile" % out)


def executed(profile_file, exe_name, defined):
    """Names of the functions of the executable `exe_name` with a cost in the profile, in
    the order callgrind first names them. Callgrind attributes some of the executable's
    code to an unknown object ("???"), so that counts too when the name is one of the
    executable's symbols (`defined`)."""
    obs, fns, seen = {}, {}, {}
    cur_ob = None
    with open(profile_file) as f:
        for line in f:
            m = re.match(r"^(c?)(ob|fn)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
            if not m:
                continue
            called, kind, ident, name = m.groups()
            table = obs if kind == "ob" else fns
            if name:
                table[ident] = name
            if called:
                continue
            if kind == "ob":
                cur_ob = os.path.basename(obs[ident])
            elif cur_ob in (exe_name, "???"):
                name = re.sub(r"'\d+$", "", fns[ident])
                if name in defined:
                    seen.setdefault(name, None)
    return list(seen)


def symbols(kernel_bin):
    """The executable's function symbols: {name: nm type} (i: an ifunc)."""
    out = subprocess.run(["nm", "--defined-only", str(kernel_bin)], capture_output=True,
                         text=True, check=True).stdout
    return {p[2]: p[1] for p in (line.split() for line in out.splitlines())
            if len(p) == 3 and p[1] in "tTwWi"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel-bin", default=str(BUILD / "kernel" / "tensorkernel"))
    ap.add_argument("--out", default=str(ROOT / "kernel" / "startup-order.ld"))
    args = ap.parse_args()
    kernel_bin = pathlib.Path(args.kernel_bin).resolve()
    if not kernel_bin.exists():
        sys.exit("kernel binary not found: %s (build first)" % kernel_bin)
    if not shutil.which("valgrind"):
        sys.exit("valgrind not found")
    defined = symbols(kernel_bin)
    groups, listed = [], set()
    for what, cells in (("start-up", []), ("the first cell", [FIRST_CELL])):
        with tempfile.TemporaryDirectory(prefix="tk-order-") as tmp:
            out = pathlib.Path(tmp) / "callgrind.out"
            profile(kernel_bin, cells, out, pathlib.Path(tmp))
            ran = executed(out, kernel_bin.name, defined)
        names = []
        for name in ran:
            if not SYMBOL.match(name):
                continue  # C++ names
            section = ".text.%s%s" % (name, ".resolver" if defined[name] == "i" else "")
            if section not in listed:
                listed.add(section)
                names.append(section)
        groups.append((what, sorted(names)))
    lines = ["/* The kernel's start-up code first in .text (tools/startup_order.py wrote this",
             " * file; run it again to regenerate). Functions missing here are placed as usual. */",
             "SECTIONS", "{", "  .text.startup_order :", "  {",
             "    /* libgcc's CPU detection (no section per function), which the ifunc resolvers",
             "     * call at load */",
             "    *libgcc.a:cpuinfo.o(.text .text.startup)"]
    for what, names in groups:
        lines.append("    /* %s: %d functions */" % (what, len(names)))
        lines += ["    *(%s)" % s for s in names]
    lines += ["  }", "}", "INSERT BEFORE .text;", ""]
    pathlib.Path(args.out).write_text("\n".join(lines))
    print("%s: %s" % (args.out, ", ".join("%s %d" % (w, len(n)) for w, n in groups)))


if __name__ == "__main__":
    main()
