"""Kernel memory benchmark: resident set size (VmRSS of the kernel process) of tensorkernel
against ipykernel, measured in the same run with the same jupyter_client harness.

  tensorkernel   idle after start (kernel_info answered), and idle after `import torch`
                 plus a first small tensor computation
  ipykernel      the "python3" kernelspec that ipykernel installs (the venv's own Python),
                 idle after start; no torch import (as in SPEC §10), and for reference
                 after `import numpy`

"Idle" means: every request answered, status idle, then a short pause so background threads
settle before /proc/<pid>/status is read. Each kernel is started --starts times; the
medians are printed with the ratio tensorkernel / ipykernel against the target in SPEC §10
(kernel RSS at idle <= 1/5 of ipykernel's). The ratio uses tensorkernel's larger figure
(after `import torch`). Exit status 1 when the RSS target is missed. PSS and USS (private
pages: what the kernel costs beyond shared libraries already in memory) are printed beside
it for reference, since VmRSS counts every resident page of every shared library mapped.

  python bench/bench_memory.py [--starts N] [--kernel-bin PATH]
"""
import argparse
import collections
import os
import subprocess
import pathlib
import statistics
import sys
import time

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import KernelManager

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from bench_kernel import BUILD, wait_idle, wait_reply, write_specs  # noqa: E402

TARGET = 1 / 5
SETTLE_S = 0.5


def mem_mib(pid):
    """(RSS, PSS, USS) in MiB: VmRSS, proportional set size, and private (unshared) pages."""
    rollup = {}
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                rollup[parts[0].rstrip(":")] = int(parts[1]) / 1024.0
    return (rollup["Rss"], rollup["Pss"],
            rollup["Private_Clean"] + rollup["Private_Dirty"])


def top_mappings(pid, n=6):
    """The n mappings (file name, or [anon]/[heap]/...) holding the most resident KiB."""
    agg = collections.Counter()
    name = None
    with open("/proc/%d/smaps" % pid) as f:
        for line in f:
            parts = line.split()
            if "-" in parts[0] and not parts[0].endswith(":"):
                name = parts[5] if len(parts) > 5 else "[anon]"
            elif parts[0] == "Rss:":
                agg[os.path.basename(name)] += int(parts[1])
    return agg.most_common(n)


def exe_parts(pid, exe):
    """Resident and mapped KiB of the executable `exe` by kind of mapping: its code (r-x),
    its read-only data (r--: headers, .rodata, and .data.rel.ro after relocation) and its
    writable data (rw-). Code far above the few hundred KiB that start-up runs means that
    kernel/startup-order.ld is out of date (tools/startup_order.py)."""
    parts = {"code": [0, 0], "read-only data": [0, 0], "data": [0, 0]}
    part = None
    with open("/proc/%d/smaps" % pid) as f:
        for line in f:
            fields = line.split()
            if "-" in fields[0] and not fields[0].endswith(":"):
                mine = len(fields) > 5 and os.path.realpath(fields[5]) == exe
                perms = fields[1]
                part = None if not mine else ("code" if "x" in perms else
                                             "data" if "w" in perms else "read-only data")
            elif part and fields[0] in ("Rss:", "Size:"):
                parts[part][0 if fields[0] == "Rss:" else 1] += int(fields[1])
    return parts


def run_cell(kc, code, name):
    msg_id = kc.execute(code)
    reply = wait_reply(kc, msg_id, "execute_reply")
    wait_idle(kc, msg_id)
    if reply["content"]["status"] != "ok":
        raise RuntimeError("%s: %r failed: %s" % (name, code, reply["content"]))


def measure(name, cells, exe=None):
    """Start kernel `name`; mem_mib() when idle after start, then after each cell, then the
    largest mappings and (for the executable `exe`) exe_parts()."""
    km = KernelManager(kernel_name=name)
    km.start_kernel(stderr=subprocess.DEVNULL)  # ipykernel warns about plain TCP
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        pid = km.provisioner.process.pid
        time.sleep(SETTLE_S)
        out = [mem_mib(pid)]
        for code in cells:
            run_cell(kc, code, name)
            time.sleep(SETTLE_S)
            out.append(mem_mib(pid))
        out.append(top_mappings(pid))
        out.append(exe_parts(pid, exe) if exe else None)
        return out
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def ipykernel_name():
    """The "python3" kernelspec when it runs this interpreter's ipykernel, else the
    equivalent spec that bench_kernel.write_specs writes."""
    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        return "ipy-bench", None
    return "python3", spec


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--starts", type=int, default=3, help="starts per kernel (median taken)")
    ap.add_argument("--kernel-bin", default=str(BUILD / "kernel" / "tensorkernel"))
    args = ap.parse_args()
    if not pathlib.Path(args.kernel_bin).exists():
        sys.exit("kernel binary not found: %s (build first)" % args.kernel_bin)
    write_specs(args.kernel_bin)
    ipy, spec = ipykernel_name()

    tk_cells = ["import torch\nx = torch.ones(1000)\ns = (x * 2).sum().item()"]
    ipy_cells = ["import numpy"]
    exe = os.path.realpath(args.kernel_bin)
    tk = [measure("tk-bench", tk_cells, exe) for _ in range(args.starts)]
    ipk = [measure(ipy, ipy_cells) for _ in range(args.starts)]
    med = lambda runs, i, k: statistics.median(r[i][k] for r in runs)  # noqa: E731

    print("kernel memory at idle (MiB, medians of %d starts; RSS = VmRSS, PSS = proportional, "
          "USS = private pages)" % args.starts)
    print("  ipykernel: kernelspec %r%s" % (ipy, " -> %s" % " ".join(spec.argv[:3]) if spec else ""))
    rows = [("tensorkernel, after start", tk, 0), ("tensorkernel, after import torch", tk, 1),
            ("ipykernel, after start", ipk, 0), ("ipykernel, after import numpy", ipk, 1)]
    print("%-36s %8s %8s %8s" % ("", "RSS", "PSS", "USS"))
    for what, runs, i in rows:
        print("%-36s %8.1f %8.1f %8.1f%s" % (what, med(runs, i, 0), med(runs, i, 1), med(runs, i, 2),
                                            "   (reference only)" if "numpy" in what else ""))
    ratios = [max(med(tk, 0, k), med(tk, 1, k)) / med(ipk, 0, k) for k in range(3)]
    print("tensorkernel's largest resident mappings (KiB, last start, after import torch): "
          + ", ".join("%s %d" % (name, kib) for name, kib in tk[-1][-2]))
    print("  of which the executable (KiB resident / mapped): "
          + ", ".join("%s %d / %d" % (part, rss, size) for part, (rss, size) in tk[-1][-1].items()))
    met = ratios[0] <= TARGET
    print("%-36s %8.3f = 1/%.1f  (target <= 1/%d) %s"
          % ("RSS ratio tensorkernel / ipykernel", ratios[0], 1 / ratios[0], round(1 / TARGET),
             "ok" if met else "MISSED"))
    print("%-36s %8.3f = 1/%.1f   USS %.3f = 1/%.1f  (reference only)"
          % ("PSS ratio", ratios[1], 1 / ratios[1], ratios[2], 1 / ratios[2]))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
