/*
 * tk-python: run a script file (or -c CODE) through the kernel's interpreter, as
 * `python3 FILE` runs one through CPython, with no Jupyter front end. The whole file is
 * one cell. Standard output and standard error go to this process's; an uncaught
 * exception prints "Ename: evalue" last on standard error, as CPython's traceback ends, and
 * the exit status is 1. Used by the differential tests against CPython and by
 * bench/bench_interp.py.
 *
 *     tk-python prog.py
 *     tk-python -c 'print(2 ** 100)'
 *     tk-python --batch < programs   # programs separated by NUL bytes
 *
 * Environment: TK_TRACEBACK=1 prints the traceback a front end would show before the last
 * line; TK_VM=0 runs everything on the tree-walking evaluator (kernel/lang/vm.h);
 * TK_VM_STATS=1 reports at exit which function bodies the VM did not run and why.
 *
 * --batch runs each program in a fresh interpreter, one process for thousands of programs
 * (the differential random-program test): after each program's standard output it writes
 * "\0TKB\0", the "Ename: evalue" line (empty when the program ended normally) and
 * "\0TKE\0" (markers that printed text, which may hold NULs, does not contain).
 * Standard error of the programs is dropped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpu/gpu.h"
#include "kernel/interp.h"

static void put_stream(void *ctx, const char *name, const char *text, size_t n) {
    bool batch = ctx != NULL;
    bool err = strcmp(name, "stderr") == 0;
    if (batch && err) return;
    fwrite(text, 1, n, err ? stderr : stdout);
}

static void drop_display(void *ctx, json_t *bundle) {
    json_t *t = json_object_get(bundle, "text/plain");
    if (json_is_string(t)) printf("%s\n", json_string_value(t));
    json_decref(bundle);
}

static char *read_all_n(FILE *f, size_t *len) {
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) { free(buf); return NULL; }
            buf = nb;
        }
    }
    if (buf) buf[n] = '\0';
    *len = n;
    return buf;
}

static char *read_all(FILE *f) {
    size_t n;
    return read_all_n(f, &n);
}

/* Run one program in a fresh interpreter: 0, 1 after an uncaught exception, 2 no memory. */
static int run_one(const char *code, bool batch) {
    kn_interp *in = kn_interp_new();
    if (!in) return 2;
    static int batch_tag;
    kn_io io = {.stream = put_stream, .display = drop_display, .ctx = batch ? &batch_tag : NULL};
    kn_exec_result r;
    kn_interp_execute(in, code, &io, 1, true, &r);
    fflush(stdout);
    int rc = 0;
    if (batch) fwrite("\0TKB\0", 1, 5, stdout);
    if (r.status == KN_EXEC_ERROR) {
        /* TK_TRACEBACK=1: the traceback a front end shows (ANSI colours and all) first */
        const char *tb = getenv("TK_TRACEBACK");
        if (!batch && tb && strcmp(tb, "1") == 0 && json_is_array(r.traceback)) {
            size_t k;
            json_t *line;
            json_array_foreach(r.traceback, k, line) {
                if (json_is_string(line)) fprintf(stderr, "%s\n", json_string_value(line));
            }
        }
        const char *v = r.evalue ? r.evalue : "";
        const char *name = r.equalname ? r.equalname : r.ename ? r.ename : "MemoryError";
        fprintf(batch ? stdout : stderr, "%s%s%s%s", name,
                *v ? ": " : "", v, batch ? "" : "\n");
        rc = 1;
    }
    if (batch) fwrite("\0TKE\0", 1, 5, stdout);
    fflush(stdout);
    kn_exec_result_clear(&r);
    kn_interp_free(in);
    return rc;
}

int main(int argc, char **argv) {
    char *code = NULL;
    if (argc == 2 && strcmp(argv[1], "--batch") == 0) {
        size_t n = 0;
        char *all = read_all_n(stdin, &n);
        if (!all) return 2;
        gpu_init();
        for (size_t i = 0; i < n;) {
            size_t len = strlen(all + i);
            run_one(all + i, true);
            i += len + 1;
        }
        free(all);
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "-c") == 0) {
        code = strdup(argv[2]);
    } else if (argc == 2) {
        FILE *f = strcmp(argv[1], "-") == 0 ? stdin : fopen(argv[1], "rb");
        if (!f) {
            fprintf(stderr, "tk-python: can't open file '%s'\n", argv[1]);
            return 2;
        }
        code = read_all(f);
        if (f != stdin) fclose(f);
    } else {
        fprintf(stderr, "usage: tk-python FILE | tk-python -c CODE\n");
        return 2;
    }
    if (!code) return 2;
    gpu_init();
    int rc = run_one(code, false);
    free(code);
    return rc;
}
