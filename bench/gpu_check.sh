#!/usr/bin/env bash
# One GPU session's worth of device checks, for a machine with an NVIDIA GPU and nvcc:
#   1. build tensorcore + the device layer with CUDA (meson when it is at hand, else a plain
#      cc/nvcc build of just what the checks need),
#   2. run the op test on real CUDA (every op against the CPU result) and the ledger test,
#   3. benchmark device-to-host bandwidth, pinned and pageable, 1 MiB .. 1 GiB, against
#      plain cudaMemcpy, and elementwise add / sum over 256M float32.
# usage: bench/gpu_check.sh [BUILD_DIR]   (default build-gpu-check; log also in $OUT if set;
#        GPU_CHECK_PLAIN=1 skips meson)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
B=${1:-$ROOT/build-gpu-check}
NVCC=${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}
CUDA_HOME=${CUDA_HOME:-$(dirname "$(dirname "$NVCC")")}
LOG=${OUT:-$B}/gpu_check.log
mkdir -p "$B" "$(dirname "$LOG")"
exec > >(tee "$LOG") 2>&1

echo "== machine"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || echo "nvidia-smi: not available"
"$NVCC" --version | tail -1
JOBS=$(nproc 2>/dev/null || echo 4)

build_plain() {
  # tensorcore sources as tensorcore/src/meson.build lists them
  local cflags="-O3 -std=c11 -D_GNU_SOURCE -pthread -fPIC -I$ROOT -I$ROOT/tensorcore/include"
  local srcs obj
  srcs=$(grep -o "'[^']*\.c'" tensorcore/src/meson.build | tr -d "'" | sed 's|^|tensorcore/src/|')
  srcs="$srcs gpu/gpu.c gpu/ledger.c gpu/emulated.c gpu/cuda/backend.c"
  mkdir -p "$B/obj"
  printf '%s\n' $srcs | xargs -P "$JOBS" -I{} sh -c \
    'o="$0/obj/$(echo {} | tr / _).o"; cc '"$cflags"' -DTK_HAVE_CUDA -c {} -o "$o"' "$B" || return 1
  local pids=()
  for f in runtime kernels; do
    "$NVCC" -std=c++17 -O3 -gencode arch=compute_90,code=sm_90 -gencode arch=compute_80,code=compute_80 \
      -Xcompiler=-fPIC -I"$ROOT" -I"$ROOT/tensorcore/include" -I"$ROOT/gpu/cuda" \
      -c "gpu/cuda/$f.cu" -o "$B/obj/$f.cu.o" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || return 1; done
  ar rcs "$B/libtkgpu.a" "$B"/obj/*.o
  local libs="$B/libtkgpu.a -L$CUDA_HOME/lib64 -lcudart_static -lopenblas -lstdc++ -ldl -lrt -lm -lpthread"
  for t in test-backend-ops test-ledger; do
    cc $cflags "tests/c/gpu/$t.c" -o "$B/$t" -Wl,--start-group $libs -Wl,--end-group || return 1
  done
  cc $cflags bench/bench_gpu.c -o "$B/bench_gpu" -Wl,--start-group $libs -Wl,--end-group || return 1
}

build_meson() {
  local meson=$1 ninja=$2
  PATH=$(dirname "$ninja"):$PATH "$meson" setup "$B/meson" -Dcuda=enabled -Dpython_ext=disabled \
    --buildtype=release >/dev/null || return 1
  "$ninja" -C "$B/meson" gpu/libgpu.a tensorcore/libtensorcore.a tests/c/gpu/test-backend-ops \
    tests/c/gpu/test-ledger || return 1
  cp "$B/meson/tests/c/gpu/test-backend-ops" "$B/meson/tests/c/gpu/test-ledger" "$B/"
  cc -O2 -std=c11 -D_GNU_SOURCE -I"$ROOT" -I"$ROOT/tensorcore/include" bench/bench_gpu.c \
    "$B/meson/gpu/libgpu.a" "$B/meson/tensorcore/libtensorcore.a" -L"$CUDA_HOME/lib64" \
    -lcudart_static -lopenblas -lstdc++ -ldl -lrt -lm -lpthread -o "$B/bench_gpu"
}

echo "== build"
t0=$(date +%s)
MESON=$(command -v meson || echo "$ROOT/.venv/bin/meson")
NINJA=$(command -v ninja || echo "$ROOT/.venv/bin/ninja")
if [ -z "${GPU_CHECK_PLAIN:-}" ] && [ -x "$MESON" ] && [ -x "$NINJA" ] && build_meson "$MESON" "$NINJA"; then
  echo "built with meson in $(( $(date +%s) - t0 )) s"
else
  echo "meson build unavailable; plain cc/nvcc build"
  build_plain || { echo "BUILD FAILED"; exit 1; }
  echo "built in $(( $(date +%s) - t0 )) s"
fi

status=0
echo "== op test on real CUDA (every op vs the CPU result)"
TENSORKERNEL_EMULATE_CUDA=0 "$B/test-backend-ops" || status=1
TENSORKERNEL_EMULATE_CUDA=0 "$B/test-backend-ops" | grep -q '^cuda ' || { echo "real CUDA backend did not run"; status=1; }
echo "== ledger test (emulated device) "
TENSORKERNEL_EMULATE_CUDA=1 "$B/test-ledger" || status=1
echo "== benchmarks (same card, same run)"
TENSORKERNEL_EMULATE_CUDA=0 "$B/bench_gpu" || status=1
echo "== done: status $status"
exit $status
