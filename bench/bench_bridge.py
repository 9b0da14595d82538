"""Bridge fetch benchmark: time to get a kernel tensor as a NumPy array through the bridge
(zero-copy: should be flat in size, < 1 ms at 1 GiB) against a pickle round trip and a
plain numpy copy of the same array, all measured in this run.

    TK_BUILD_DIR=build .venv/bin/python bench/bench_bridge.py [--max-mib 1024] [--reps 50]
"""
import argparse
import gc
import json
import os
import pathlib
import pickle
import shutil
import statistics
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()
sys.path.insert(0, str(BUILD / "extension"))


def kernel_env():
    """A private JUPYTER_PATH whose 'tensorkernel' spec runs the built kernel."""
    d = pathlib.Path(tempfile.mkdtemp(prefix="tk-bench-"))
    spec = json.loads((ROOT / "kernelspec" / "kernel.json").read_text())
    spec["argv"][0] = str(BUILD / "kernel" / "tensorkernel")
    (d / "kernels" / "tensorkernel").mkdir(parents=True)
    (d / "kernels" / "tensorkernel" / "kernel.json").write_text(json.dumps(spec))
    os.environ["JUPYTER_PATH"] = str(d)
    os.environ["JUPYTER_RUNTIME_DIR"] = str(d / "runtime")
    return d


def run(kc, code):
    reply = kc.execute_interactive(code, timeout=600, output_hook=lambda m: None)
    if reply["content"]["status"] != "ok":
        raise RuntimeError("%s: %s" % (code, reply["content"].get("evalue")))


def median_ms(fn, reps):
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        r = fn()
        ts.append(time.perf_counter() - t0)
        del r
    return statistics.median(ts) * 1e3


def fmt_size(n):
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return "%d %s" % (n, unit)
        n //= 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-mib", type=int, default=1024)
    ap.add_argument("--reps", type=int, default=50)
    a = ap.parse_args()
    if not (BUILD / "kernel" / "tensorkernel").exists():
        print("bench_bridge: kernel not built in %s" % BUILD)
        return 1
    import tensorkernel
    from jupyter_client.manager import start_new_kernel
    d = kernel_env()
    km, kc = start_new_kernel(kernel_name="tensorkernel", startup_timeout=30)
    try:
        k = tensorkernel.connect(km.connection_file)
        sizes = [1 << 10, 64 << 10, 1 << 20, 16 << 20, 256 << 20, 1 << 30]
        sizes = [s for s in sizes if s <= a.max_mib << 20]
        rows = []
        for n in sizes:
            run(kc, "import torch\nt = torch.empty(%d, dtype=torch.uint8)\nt.fill_(1)" % n)
            fetch = median_ms(lambda: k["t"], a.reps)
            arr = k["t"]
            base_reps = max(3, min(a.reps, (64 << 20) // n))
            pick = median_ms(lambda: pickle.loads(pickle.dumps(arr, protocol=4)), base_reps)
            copy = median_ms(lambda: arr.copy(), base_reps)
            rows.append((n, fetch, pick, copy))
            del arr
            gc.collect()
            run(kc, "del t")
        print("bridge fetch vs pickle round trip vs numpy copy (median ms, same run, %s)"
              % ("%d reps" % a.reps))
        print("%10s %14s %14s %14s %12s" % ("size", "bridge fetch", "pickle rt", "numpy copy",
                                             "vs pickle"))
        for n, f, p, c in rows:
            print("%10s %14.3f %14.3f %14.3f %11.1fx" % (fmt_size(n), f, p, c, p / f))
        flat = rows[-1][1] / rows[0][1]
        print("fetch at %s / fetch at 1 KiB: %.2f (flat = ~1); target < 1 ms at 1 GiB: %s"
              % (fmt_size(rows[-1][0]), flat, "met" if rows[-1][1] < 1.0 else "NOT met"))
        k.close()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        shutil.rmtree(d, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
