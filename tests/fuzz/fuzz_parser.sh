#!/usr/bin/env bash
# Build the lexer/parser fuzz target with clang (libFuzzer + ASan + UBSan) and run it for $1
# seconds (default 60). Corpus and binary live in ${FUZZ_OUT:-/tmp/tk-fuzz}.
#   bash tests/fuzz/fuzz_parser.sh 300
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
out=${FUZZ_OUT:-/tmp/tk-fuzz}
mkdir -p "$out/corpus-parser"
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -D_GNU_SOURCE \
  -I. -Itensorcore/include tests/fuzz/fuzz_parser.c kernel/lang/lexer.c kernel/lang/parser.c \
  tensorcore/src/error.c -o "$out/fuzz_parser"
"$out/fuzz_parser" -max_total_time="$secs" -timeout=10 -max_len=4096 "$out/corpus-parser" \
  tests/conformance
