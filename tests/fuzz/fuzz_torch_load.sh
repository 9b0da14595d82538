#!/usr/bin/env bash
# Build the torch.load fuzz target (the zip store, the restricted unpickler and everything
# they build values with: kernel/objects, kernel/torch, tensorcore, the device layer; all
# with libFuzzer + ASan + UBSan) and run it for $1 seconds (default 60), or FUZZ_RUNS
# executions. Seeds: the checkpoints in tests/data (written by real PyTorch).
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
out=${FUZZ_OUT:-/tmp/tk-fuzz}
mkdir -p "$out/corpus-torch-load"
tc_src=$(sed -n "s/^ *'\([a-z-]*\.c\)',*$/tensorcore\/src\/\1/p" tensorcore/src/meson.build)
py_src=$(sed -n "s/^ *'\(py\/[a-z_]*\.py\)',.*$/kernel\/torch\/\1/p" kernel/torch/meson.build)
bin="$out/fuzz_torch_load-$(pwd | cksum | cut -d' ' -f1)"  # per checkout: $out is shared
# a few minutes to build with sanitizers: rebuild only when a source changed
if [ ! -x "$bin" ] || [ -n "$(find tests/fuzz kernel/objects kernel/torch tensorcore gpu -newer "$bin" \
      \( -name '*.c' -o -name '*.h' -o -name '*.py' \) | head -n 1)" ]; then
python3 tools/embed_py.py "$bin-pylib.c" $py_src
clang -g -O1 -std=gnu11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -I. -Itensorcore/include \
  tests/fuzz/fuzz_torch_load.c kernel/objects/*.c kernel/torch/*.c "$bin-pylib.c" $tc_src \
  gpu/gpu.c gpu/ledger.c gpu/emulated.c \
  -ljansson -lsodium -lz -lopenblas -ldl -lm -lpthread -o "$bin"
fi
cp tests/data/*.pt "$out/corpus-torch-load/"
limit=(-max_total_time="$secs"); [ -n "${FUZZ_RUNS:-}" ] && limit+=(-runs="$FUZZ_RUNS")
"$bin" "${limit[@]}" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
  "$out/corpus-torch-load" 2>&1 | tail -n 3
