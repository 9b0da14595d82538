"""tensorcore benchmarks against NumPy measured in the same run: elementwise add/mul and
sum/mean over 16M float32, matmul 1024x1024 float32, creating 100k small arrays, and a
memcpy bandwidth baseline. Builds bench/bench_tensorcore.c against $TK_BUILD_DIR's
libtensorcore.a and prints ratios (> 1.0 means tensorcore is faster).

NumPy's wheel bundles its own OpenBLAS; tensorcore links the system OpenBLAS, so the matmul
ratio compares two builds of the same library. OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, when set
on this machine, are left as they are (see the environment notes)."""
import os
import pathlib
import subprocess
import sys
import tempfile
import timeit

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()


def build(tmp):
    lib = BUILD / "tensorcore" / "libtensorcore.a"
    if not lib.exists():
        sys.exit("bench_tensorcore: %s not built" % lib)
    exe = pathlib.Path(tmp) / "bench_tensorcore"
    cmd = [os.environ.get("CC", "cc"), "-O2", "-std=c11", "-D_GNU_SOURCE",
           "-I", str(ROOT / "tensorcore/include"), str(ROOT / "bench/bench_tensorcore.c"), str(lib),
           "-lopenblas", "-lm", "-lpthread", "-o", str(exe)]
    subprocess.run(cmd, check=True)
    return exe


def best(stmt, reps, number=1):
    return min(timeit.repeat(stmt, repeat=reps, number=number)) / number


def numpy_times():
    n = 16 * 1024 * 1024
    rng = np.random.default_rng(0)
    a = rng.random(n, dtype=np.float32)
    b = rng.random(n, dtype=np.float32)
    x = rng.random((1024, 1024), dtype=np.float32)
    y = rng.random((1024, 1024), dtype=np.float32)
    x @ y

    def create():
        keep = [np.zeros(4, np.float32) for _ in range(100000)]
        del keep

    return {
        "add_f32_16M": best(lambda: a + b, 10),
        "mul_f32_16M": best(lambda: a * b, 10),
        "sum_f32_16M": best(lambda: a.sum(), 30),
        "mean_f32_16M": best(lambda: a.mean(), 30),
        "matmul_f32_1024": best(lambda: x @ y, 5),
        "create_100k_small": best(create, 5),
    }


def main():
    with tempfile.TemporaryDirectory() as tmp:
        exe = build(tmp)
        out = subprocess.run([str(exe)], capture_output=True, text=True, check=True).stdout
    tc = {k: float(v) for k, v in (line.split() for line in out.splitlines())}
    npt = numpy_times()
    mib = 16 * 1024 * 1024 * 4 / 2**20
    memcpy_bw = 2 * mib / tc["memcpy_64MiB"]  # read + write
    print("%-20s %12s %12s %8s" % ("benchmark", "tensorcore", "numpy", "ratio"))
    for k, v in npt.items():
        print("%-20s %10.3f ms %10.3f ms %7.2fx" % (k, tc[k] * 1e3, v * 1e3, v / tc[k]))
    for k in ("add_f32_16M", "mul_f32_16M"):
        bw = 3 * mib / tc[k]
        print("%-20s %8.0f MiB/s = %3.0f%% of memcpy (%0.f MiB/s)" % (k, bw, 100 * bw / memcpy_bw, memcpy_bw))
    for k in ("sum_f32_16M", "mean_f32_16M"):
        bw = mib / tc[k]
        print("%-20s %8.0f MiB/s read" % (k, bw))


if __name__ == "__main__":
    main()
