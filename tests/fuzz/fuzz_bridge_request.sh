#!/usr/bin/env bash
# Build and run the bridge request decoder fuzz target for $1 seconds (default 60).
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
out=${FUZZ_BUILD:-/tmp/tk-fuzz}
mkdir -p "$out/corpus-bridge"
clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -I. -Itensorcore/include \
  tests/fuzz/fuzz_bridge_request.c kernel/bridge/request.c tensorcore/src/error.c tensorcore/src/alloc.c \
  tensorcore/src/dtype.c -ljansson -lsodium -lm -o "$out/fuzz_bridge_request"
# seeds: one signed request of each kind
i=0
for s in '{"op":"names","seq":1}' '{"op":"get","seq":1,"name":"x","force":true,"release":[1]}' \
         '{"op":"eval","seq":1,"expr":"t.sum()"}' \
         '{"op":"put","seq":1,"name":"y","dtype":"float32","shape":[2,3],"nbytes":24}'; do
  printf '\x01%s' "$s" > "$out/corpus-bridge/seed$i"; i=$((i + 1))
done
limit=(-max_total_time="$secs"); [ -n "${FUZZ_RUNS:-}" ] && limit+=(-runs="$FUZZ_RUNS")
"$out/fuzz_bridge_request" "${limit[@]}" -max_len=4096 "$out/corpus-bridge" 2>&1 | tail -n 3
