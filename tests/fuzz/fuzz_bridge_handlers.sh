#!/usr/bin/env bash
# Build the bridge handler fuzz target (handlers, leases, decoder and tensorcore, all with
# libFuzzer + ASan + UBSan) and run it for $1 seconds (default 60), or FUZZ_RUNS executions.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
out=${FUZZ_OUT:-/tmp/tk-fuzz}
mkdir -p "$out/corpus-bridge-handlers"
tc_src=$(sed -n "s/^ *'\([a-z-]*\.c\)',*$/tensorcore\/src\/\1/p" tensorcore/src/meson.build)
bin="$out/fuzz_bridge_handlers-$(pwd | cksum | cut -d' ' -f1)"  # per checkout: $out is shared
# tensorcore takes a while to build with sanitizers: rebuild only when a source changed
if [ ! -x "$bin" ] || [ -n "$(find tests/fuzz kernel/bridge kernel/interp.h tensorcore -newer "$bin" \
      \( -name '*.c' -o -name '*.h' \) | head -n 1)" ]; then
clang -g -O1 -std=gnu11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -I. -Itensorcore/include \
  tests/fuzz/fuzz_bridge_handlers.c kernel/bridge/handlers.c kernel/bridge/lease.c \
  kernel/bridge/request.c kernel/bridge/wire.c $tc_src \
  -ljansson -lsodium -ldl \
  -lm -lpthread -o "$bin"
fi
# seeds: one request of each kind, with seq 2 (seq 1 leased "big" as lease 1)
i=0
for s in '\x00{"op":"names","seq":2}' '\x00{"op":"get","seq":2,"name":"t","force":true}' \
         '\x00{"op":"eval","seq":2,"expr":"s"}' '\x00{"op":"eval","seq":2,"expr":"nan"}' \
         '\x00{"op":"eval","seq":2,"expr":"one"}' '\x00{"op":"info","seq":2,"name":"e"}' \
         '\x0d{"op":"put","seq":2,"name":"y","dtype":"float32","shape":[2,3],"nbytes":24}' \
         '\x00{"op":"put","seq":2,"name":"v","dtype":"uint8","shape":[65537],"nbytes":65537,"lease":1,"offset":0,"strides":[281474976710656]}' \
         '\x00{"op":"put","seq":2,"name":"w","dtype":"int16","shape":[10,10],"nbytes":200,"lease":1,"offset":2,"strides":[20,2]}' \
         '\x00{"op":"stats","seq":2,"release":[1]}'; do
  printf "$s" > "$out/corpus-bridge-handlers/seed$i"; i=$((i + 1))
done
limit=(-max_total_time="$secs"); [ -n "${FUZZ_RUNS:-}" ] && limit+=(-runs="$FUZZ_RUNS")
"$bin" "${limit[@]}" -max_len=4096 -timeout=10 -rss_limit_mb=4096 \
  "$out/corpus-bridge-handlers" 2>&1 | tail -n 3
