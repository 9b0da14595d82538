"""Kernel latency benchmark: tensorkernel against ipykernel, measured in the same run with
the same jupyter_client harness.

  cold start   process launch until the first kernel_info_reply arrives, two ways:
               "launcher": jupyter_client's launch_kernel() + a BlockingKernelClient (the
               kernel's own start-up as a client sees it), and "KernelManager":
               KernelManager.start_kernel() + km.client() (what front ends do; it includes
               a fixed 10 ms asyncio.sleep inside jupyter_client's start_kernel). In both the
               client's sockets retry a refused connect after 1 ms instead of ZeroMQ's
               default 100 ms, so the number measures the kernel rather than that timer.
  round trip   execute_request until both execute_reply and status idle arrived
               (`1+1` and `pass`), on a warm kernel

Prints medians over N runs and the ratios ipykernel / tensorkernel against the targets in
SPEC §10 (cold start >= 30x faster, round trip >= 3x faster).

  python bench/bench_kernel.py [--starts N] [--execs N] [--kernel-bin PATH]
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import zmq
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.connect import write_connection_file
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.launcher import launch_kernel
from jupyter_client.manager import KernelManager

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()


def write_specs(kernel_bin):
    d = pathlib.Path(tempfile.mkdtemp(prefix="tk-bench-"))
    specs = {
        "tk-bench": [str(kernel_bin), "-f", "{connection_file}"],
        "ipy-bench": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
    }
    for name, argv in specs.items():
        p = d / "kernels" / name
        p.mkdir(parents=True)
        spec = {"argv": argv, "display_name": name, "language": "python",
                "interrupt_mode": "signal"}
        (p / "kernel.json").write_text(json.dumps(spec))
    os.environ["JUPYTER_PATH"] = str(d)
    os.environ.setdefault("JUPYTER_RUNTIME_DIR", str(d / "runtime"))


def wait_reply(kc, msg_id, msg_type, timeout=60.0):
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == msg_type:
            return msg


def wait_idle(kc, msg_id, timeout=60.0):
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            return


def fast_retry_context():
    ctx = zmq.Context()
    ctx.setsockopt(zmq.RECONNECT_IVL, 1)
    return ctx


def cold_start_manager(name):
    ctx = fast_retry_context()
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client(context=ctx)
    kc.start_channels()
    msg_id = kc.kernel_info()
    wait_reply(kc, msg_id, "kernel_info_reply")
    dt = time.perf_counter() - t0
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    ctx.term()
    return dt


def cold_start_launcher(name):
    argv = KernelSpecManager().get_kernel_spec(name).argv
    ctx = fast_retry_context()
    fname, _ = write_connection_file()
    cmd = [a.replace("{connection_file}", fname) for a in argv]
    t0 = time.perf_counter()
    proc = launch_kernel(cmd, stderr=subprocess.DEVNULL)
    kc = BlockingKernelClient(connection_file=fname, context=ctx)
    kc.load_connection_file()
    kc.start_channels()
    msg_id = kc.kernel_info()
    wait_reply(kc, msg_id, "kernel_info_reply")
    dt = time.perf_counter() - t0
    kc.stop_channels()
    proc.kill()
    proc.wait()
    ctx.term()
    os.unlink(fname)
    return dt


def round_trips(name, codes, n):
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    out = {}
    try:
        for code in codes:
            times = []
            for i in range(n + 10):
                t0 = time.perf_counter()
                msg_id = kc.execute(code)
                reply = wait_reply(kc, msg_id, "execute_reply")
                wait_idle(kc, msg_id)
                if i >= 10:
                    times.append(time.perf_counter() - t0)
                if reply["content"]["status"] != "ok":
                    raise RuntimeError("%s: %r failed: %s" % (name, code, reply["content"]))
            out[code] = statistics.median(times)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--starts", type=int, default=7, help="cold starts per kernel")
    ap.add_argument("--execs", type=int, default=200, help="executes per code and kernel")
    ap.add_argument("--kernel-bin", default=str(BUILD / "kernel" / "tensorkernel"))
    args = ap.parse_args()
    if not pathlib.Path(args.kernel_bin).exists():
        sys.exit("kernel binary not found: %s (build first)" % args.kernel_bin)
    write_specs(args.kernel_bin)
    codes = ["1+1", "pass"]

    starts = {}
    for how, fn in (("launcher", cold_start_launcher), ("manager", cold_start_manager)):
        for name in ("tk-bench", "ipy-bench"):
            fn(name)  # warm the page cache
            starts[how, name] = statistics.median(fn(name) for _ in range(args.starts))
    trips = {name: round_trips(name, codes, args.execs) for name in ("tk-bench", "ipy-bench")}

    ok = True
    def row(what, tk, ipy, target):
        nonlocal ok
        ratio = ipy / tk
        met = ratio >= target
        ok = ok and met
        print("%-28s tensorkernel %8.2f ms   ipykernel %8.2f ms   ratio %6.1fx  (target >= %gx) %s"
              % (what, tk * 1e3, ipy * 1e3, ratio, target, "ok" if met else "MISSED"))

    print("kernel latency (medians; %d cold starts, %d executes per code)" % (args.starts, args.execs))
    row("cold start (launcher)", starts["launcher", "tk-bench"], starts["launcher", "ipy-bench"],
        30)
    print("%-28s tensorkernel %8.2f ms   ipykernel %8.2f ms   ratio %6.1fx  (includes a fixed "
          "10 ms sleep in jupyter_client)" % (
              "cold start (KernelManager)", starts["manager", "tk-bench"] * 1e3,
              starts["manager", "ipy-bench"] * 1e3,
              starts["manager", "ipy-bench"] / starts["manager", "tk-bench"]))
    for code in codes:
        row("execute round trip %r" % code, trips["tk-bench"][code], trips["ipy-bench"][code], 3)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
