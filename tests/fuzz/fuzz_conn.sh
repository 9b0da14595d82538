#!/usr/bin/env bash
# Build the conn fuzz target with clang (libFuzzer + ASan + UBSan) and run it for $1 seconds
# (default 60). Corpus and binary live in ${FUZZ_OUT:-/tmp/tk-fuzz}.
#   bash tests/fuzz/fuzz_conn.sh 300
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
out=${FUZZ_OUT:-/tmp/tk-fuzz}
mkdir -p "$out/corpus-conn"
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -D_GNU_SOURCE \
  -I. -Itensorcore/include tests/fuzz/fuzz_conn.c kernel/proto/wire.c kernel/proto/conn.c \
  kernel/proto/log.c tensorcore/src/error.c tensorcore/src/alloc.c $(pkg-config --cflags --libs jansson libsodium) \
  -lpthread -o "$out/fuzz_conn"
seeds=tests/fuzz/seeds-conn
limit=(-max_total_time="$secs"); [ -n "${FUZZ_RUNS:-}" ] && limit+=(-runs="$FUZZ_RUNS")
"$out/fuzz_conn" "${limit[@]}" -timeout=10 "$out/corpus-conn" $( [ -d "$seeds" ] && echo "$seeds" )
