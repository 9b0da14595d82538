"""Device-layer benchmarks (bench/bench_gpu.c): device-to-host bandwidth of .cpu() against
cudaMemcpy into pinned and pageable memory, 1 MiB .. 1 GiB, and elementwise add / sum over
256M float32 against a device-to-device copy, all measured in the same run on the same card.
Builds against $TK_BUILD_DIR's libgpu.a and libtensorcore.a; prints a 'skipped' line when
the build has no CUDA backend or the machine no GPU."""
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()
CUDA_LIBDIRS = ["/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib"]


def main():
    gpu = BUILD / "gpu" / "libgpu.a"
    tc = BUILD / "tensorcore" / "libtensorcore.a"
    if not gpu.exists() or not tc.exists():
        print("bench_gpu: skipped: %s or %s not built" % (gpu, tc))
        return 0
    members = subprocess.run(["ar", "t", str(gpu)], capture_output=True, text=True).stdout
    if "runtime.cu.o" not in members:
        print("bench_gpu: skipped: this build has no CUDA backend (no nvcc at configure time)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        exe = pathlib.Path(tmp) / "bench_gpu"
        cmd = [os.environ.get("CC", "cc"), "-O2", "-std=c11", "-D_GNU_SOURCE",
               "-I", str(ROOT), "-I", str(ROOT / "tensorcore/include"),
               str(ROOT / "bench/bench_gpu.c"), str(gpu), str(tc)]
        cmd += ["-L" + d for d in CUDA_LIBDIRS]
        cmd += ["-lcudart_static", "-lopenblas", "-lstdc++", "-ldl", "-lrt", "-lm", "-lpthread",
                "-o", str(exe)]
        subprocess.run(cmd, check=True)
        env = dict(os.environ, TENSORKERNEL_EMULATE_CUDA="0")
        return subprocess.run([str(exe)] + sys.argv[1:], env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
