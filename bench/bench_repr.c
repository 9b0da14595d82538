/*
 * Benchmark of tensor printing, driven by bench/bench_repr.py.
 *
 *   bench_repr big            repr of a 1e8-element float32 tensor (edges only): time per
 *                             repr and the number of element reads
 *   bench_repr small FILE N   format the float32 values in FILE (raw bytes, N of them) as
 *                             torch repr and as NumPy repr; prints both times and prints
 *                             the NumPy repr (newlines as \\n) for a correctness check
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tensorcore/format.h"
#include "tensorcore/tensor.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Best-of-reps seconds for one call of fn(t). */
typedef int (*fmt_fn)(const tc_tensor *t, tc_strbuf *out);

static int torch_repr(const tc_tensor *t, tc_strbuf *out) {
    return tc_format_tensor(t, tc_printopts_get(), out, NULL);
}
static int numpy_repr(const tc_tensor *t, tc_strbuf *out) {
    return tc_format_ndarray_repr(t, out, NULL);
}

static double best_of(fmt_fn fn, const tc_tensor *t, int reps, tc_strbuf *keep) {
    double best = 1e30;
    for (int r = 0; r < reps; r++) {
        tc_strbuf b = {0};
        double t0 = now();
        if (fn(t, &b) < 0) return -1;
        double dt = now() - t0;
        if (dt < best) best = dt;
        if (keep && r == reps - 1)
            *keep = b;
        else
            tc_strbuf_free(&b);
    }
    return best;
}

static int bench_big(void) {
    tc_error err = {0};
    int64_t n = 100000000;
    double t0 = now();
    tc_tensor *t = tc_empty(&n, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    if (!t) {
        printf("unavailable: %s: %s\n", tc_exc_name(err.type), err.msg);
        return 2;
    }
    float *p = tc_data_ptr(t);
    for (int i = 0; i < 3; i++)
        p[i] = (float)i * 0.5f, p[n - 1 - i] = (float)(n - 1 - i) * 0.5f;
    double alloc = now() - t0;
    tc_format_elements_read_reset();
    tc_strbuf keep = {0};
    double best = best_of(torch_repr, t, 20, &keep);
    int64_t reads = tc_format_elements_read() / 20;
    printf("alloc_s %.6f\n", alloc);
    printf("repr_1e8_ms %.4f\n", best * 1e3);
    printf("reads_per_repr %lld\n", (long long)reads);
    printf("repr %s\n", keep.data);
    tc_strbuf_free(&keep);
    tc_tensor_unref(t);
    return 0;
}

static int bench_small(const char *path, int64_t n) {
    float *v = malloc((size_t)n * sizeof *v);
    FILE *f = fopen(path, "rb");
    if (!f || fread(v, sizeof *v, (size_t)n, f) != (size_t)n) return 1;
    fclose(f);
    tc_error err = {0};
    tc_tensor *t = tc_from_buffer(v, TC_DTYPE_F32, &n, 1, tc_device_cpu(), &err);
    if (!t) {
        printf("unavailable: %s: %s\n", tc_exc_name(err.type), err.msg);
        return 2;
    }
    tc_strbuf np = {0};
    printf("torch_repr_ms %.4f\n", best_of(torch_repr, t, 50, NULL) * 1e3);
    printf("numpy_repr_ms %.4f\n", best_of(numpy_repr, t, 50, &np) * 1e3);
    printf("numpy_repr_text ");
    for (const char *c = np.data; *c; c++)
        fputs(*c == '\n' ? "\\n" : (char[2]){*c, 0}, stdout);
    printf("\n");
    tc_strbuf_free(&np);
    tc_tensor_unref(t);
    free(v);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "big") == 0) return bench_big();
    if (argc >= 4 && strcmp(argv[1], "small") == 0) return bench_small(argv[2], atoll(argv[3]));
    fprintf(stderr, "usage: bench_repr big | small FILE N\n");
    return 1;
}
