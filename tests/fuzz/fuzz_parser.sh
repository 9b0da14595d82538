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
  tensorcore/src/error.c tensorcore/src/alloc.c -o "$out/fuzz_parser"
# seeds that nest deeply every way the grammar allows (a 4 KiB input cap once hid these)
for s in 'lambda: ' 'lambda x=' '1 if c else ' '1**' '-' 'not ' '(' '[' 'f(' 'a.b' '{1: ' 'x[' '*'; do
  python3 -c "import sys; sys.stdout.write(sys.argv[1] * 1500 + '1')" "$s" \
    > "$out/corpus-parser/deep-$(printf %s "$s" | md5sum | cut -c1-8)"
done
# -max_len: room for nesting past every depth limit (the old 4 KiB cap hid the overflows)
limit=(-max_total_time="$secs"); [ -n "${FUZZ_RUNS:-}" ] && limit+=(-runs="$FUZZ_RUNS")
"$out/fuzz_parser" "${limit[@]}" -timeout=10 -max_len=65536 -rss_limit_mb=4096 \
  "$out/corpus-parser" tests/conformance
