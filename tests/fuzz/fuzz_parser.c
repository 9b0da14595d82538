/*
 * libFuzzer target for the tokenizer and parser (kn_parse on arbitrary bytes) and for
 * is_complete's classification path. Build and run: fuzz_parser.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/lang/ast.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *src = malloc(size + 1);
    if (!src) return 0;
    memcpy(src, data, size);
    src[size] = 0; /* cells are NUL-terminated strings; embedded NULs end them early */
    kn_parse_error pe;
    kn_ast *ast = kn_parse(src, 1, &pe);
    if (ast) {
        char line[256];
        for (int l = 1; l <= 4; l++) kn_ast_line(ast, l, line, sizeof line);
    } else if (!tc_error_is_set(&pe.err)) {
        abort(); /* a failed parse always says why */
    }
    kn_ast_unref(ast);
    free(src);
    return 0;
}
