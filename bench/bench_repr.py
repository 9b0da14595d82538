"""Printing benchmark: repr of a 1e8-element tensor (target < 5 ms, edges only) and the
time to format a 1000-element float32 tensor against NumPy's repr of the same values,
measured in one run. Builds bench/bench_repr.c against $TK_BUILD_DIR's libtensorcore.a."""
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
        sys.exit("bench_repr: %s not built" % lib)
    exe = pathlib.Path(tmp) / "bench_repr"
    cmd = [os.environ.get("CC", "cc"), "-O2", "-std=c11", "-I", str(ROOT / "tensorcore/include"),
           str(ROOT / "bench/bench_repr.c"), str(lib), "-lopenblas", "-lm", "-lpthread", "-o", str(exe)]
    subprocess.run(cmd, check=True)
    return exe


def run(exe, *args):
    p = subprocess.run([str(exe), *args], capture_output=True, text=True)
    if p.returncode == 2:
        print("bench_repr: not available yet:", p.stdout.strip())
        return None
    p.check_returncode()
    out = {}
    for line in p.stdout.splitlines():
        key, _, val = line.partition(" ")
        out[key] = val
    return out


def main():
    with tempfile.TemporaryDirectory() as tmp:
        exe = build(tmp)
        big = run(exe, "big")
        if big:
            ms = float(big["repr_1e8_ms"])
            print("repr of a 1e8-element float32 tensor: %.4f ms (target < 5 ms: %s), %s element reads"
                  % (ms, "ok" if ms < 5 else "MISSED", big["reads_per_repr"]))
        a = np.random.default_rng(0).standard_normal(1000).astype(np.float32)
        raw = pathlib.Path(tmp) / "values.f32"
        raw.write_bytes(a.tobytes())
        small = run(exe, "small", str(raw), "1000")
        if small:
            reps = 50
            np_ms = min(timeit.repeat(lambda: repr(a), number=1, repeat=reps)) * 1e3
            ours_np = float(small["numpy_repr_ms"])
            ours_torch = float(small["torch_repr_ms"])
            same = small["numpy_repr_text"].replace("\\n", "\n") == repr(a)
            print("1000-element float32: numpy repr %.3f ms | ours (NumPy format) %.3f ms, %.1fx "
                  "faster | ours (PyTorch format) %.3f ms, %.1fx faster | NumPy text identical: %s"
                  % (np_ms, ours_np, np_ms / ours_np, ours_torch, np_ms / ours_torch, same))
            try:
                import torch  # noqa: F401  (only when installed)
                t = torch.from_numpy(a)
                t_ms = min(timeit.repeat(lambda: repr(t), number=1, repeat=reps)) * 1e3
                print("torch repr of the same tensor: %.3f ms, ours %.1fx faster" % (t_ms, t_ms / ours_torch))
            except ImportError:
                pass


if __name__ == "__main__":
    main()
