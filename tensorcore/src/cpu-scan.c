/*
 * CPU kernels that walk whole lines along one dim: running sums/products (cumsum, cumprod)
 * and the stable sorting permutation (sort, argsort, topk, ...). Lines are independent, so
 * they are split across threads.
 */
#include <math.h>

#include "tc-impl.h"

typedef struct line_geo {
    const tc_kview *out, *a;
    int dim;
    int64_t n;     /* line length */
    int64_t lines; /* number of lines */
    tc_scan_op op;
    bool descending;
} line_geo;

/* Element offsets (in elements) of line number 'li' in out and a. */
static void line_base(const line_geo *g, int64_t li, int64_t *oo, int64_t *oa) {
    *oo = *oa = 0;
    for (int d = g->a->ndim - 1; d >= 0; d--) {
        if (d == g->dim) continue;
        int64_t s = g->a->shape[d], i = li % s;
        li /= s;
        *oo += i * g->out->strides[d];
        *oa += i * g->a->strides[d];
    }
}

/* Running sums or products of one line whose input and output share a dtype, in the
 * accumulator the generic loop below uses (double for floats, wrapping int64 for integers),
 * so the results are the same; only the per-element dtype switch is gone. */
#define SCAN_LINE(T, ACC, NAME, INIT, OP)                                                     \
    static void NAME(T *restrict o, int64_t so, const T *restrict a, int64_t sa, int64_t n) { \
        ACC acc = INIT;                                                                        \
        for (int64_t k = 0; k < n; k++) {                                                      \
            acc = acc OP(ACC) a[k * sa];                                                       \
            o[k * so] = (T)acc;                                                                \
        }                                                                                      \
    }
SCAN_LINE(float, double, scan_sum_f32, 0, +)
SCAN_LINE(double, double, scan_sum_f64, 0, +)
SCAN_LINE(int32_t, uint64_t, scan_sum_i32, 0, +)
SCAN_LINE(int64_t, uint64_t, scan_sum_i64, 0, +)
SCAN_LINE(float, double, scan_prod_f32, 1, *)
SCAN_LINE(double, double, scan_prod_f64, 1, *)
SCAN_LINE(int32_t, uint64_t, scan_prod_i32, 1, *)
SCAN_LINE(int64_t, uint64_t, scan_prod_i64, 1, *)

/* The typed line for this scan, or false for the generic loop. */
static bool scan_line_fast(const line_geo *g, char *po, int64_t so, const char *pa, int64_t sa) {
    if (g->out->dtype != g->a->dtype) return false;
    bool sum = g->op == TC_SCAN_SUM;
    switch (g->a->dtype) {
    case TC_DTYPE_F32:
        (sum ? scan_sum_f32 : scan_prod_f32)((float *)po, so, (const float *)pa, sa, g->n);
        return true;
    case TC_DTYPE_F64:
        (sum ? scan_sum_f64 : scan_prod_f64)((double *)po, so, (const double *)pa, sa, g->n);
        return true;
    case TC_DTYPE_I32:
        (sum ? scan_sum_i32 : scan_prod_i32)((int32_t *)po, so, (const int32_t *)pa, sa, g->n);
        return true;
    case TC_DTYPE_I64:
        (sum ? scan_sum_i64 : scan_prod_i64)((int64_t *)po, so, (const int64_t *)pa, sa, g->n);
        return true;
    default: return false;
    }
}

static void scan_range(void *ctx, int64_t begin, int64_t end) {
    const line_geo *g = ctx;
    size_t oes = tc_dtype_size(g->out->dtype), aes = tc_dtype_size(g->a->dtype);
    int64_t so = g->out->strides[g->dim], sa = g->a->strides[g->dim];
    bool isf = tc_dtype_is_float(g->a->dtype);
    for (int64_t li = begin; li < end; li++) {
        int64_t oo, oa;
        line_base(g, li, &oo, &oa);
        char *po = (char *)g->out->data + oo * (int64_t)oes;
        const char *pa = (const char *)g->a->data + oa * (int64_t)aes;
        if (scan_line_fast(g, po, so, pa, sa)) continue;
        if (isf) {
            double acc = g->op == TC_SCAN_SUM ? 0 : 1;
            for (int64_t k = 0; k < g->n; k++) {
                double x = tc_load_f64(pa + k * sa * (int64_t)aes, g->a->dtype);
                acc = g->op == TC_SCAN_SUM ? acc + x : acc * x;
                tc_store_f64(po + k * so * (int64_t)oes, g->out->dtype, acc);
            }
        } else {
            uint64_t acc = g->op == TC_SCAN_SUM ? 0 : 1; /* wraps as int64 does in PyTorch */
            for (int64_t k = 0; k < g->n; k++) {
                uint64_t x = (uint64_t)tc_load_i64(pa + k * sa * (int64_t)aes, g->a->dtype);
                acc = g->op == TC_SCAN_SUM ? acc + x : acc * x;
                tc_store_i64(po + k * so * (int64_t)oes, g->out->dtype, (int64_t)acc);
            }
        }
    }
}

static int64_t lines_of(const tc_kview *a, int dim, int64_t *n) {
    int64_t total = 1;
    for (int d = 0; d < a->ndim; d++)
        if (d != dim) total *= a->shape[d];
    *n = a->ndim ? a->shape[dim] : 1;
    return total;
}

/* Running sum/product along dim (see backend.h). */
int tc__cpu_scan(void *ctx, tc_scan_op op, const tc_kview *out, const tc_kview *a, int dim, tc_error *err) {
    (void)ctx;
    (void)err;
    line_geo g = {.out = out, .a = a, .dim = dim, .op = op};
    g.lines = lines_of(a, dim, &g.n);
    if (g.lines == 0 || g.n == 0) return 0;
    tc__parallel_for(g.lines, 1 + 32768 / (g.n ? g.n : 1), scan_range, &g);
    return 0;
}

/* ---- sort ------------------------------------------------------------------------------- */

static void sort_line(void *ctx, int64_t li, void *scratch) {
    const line_geo *g = ctx;
    int64_t oo, oa;
    line_base(g, li, &oo, &oa);
    tc__sort_line((int64_t *)g->out->data + oo, g->out->strides[g->dim],
                  (const char *)g->a->data + oa * (int64_t)tc_dtype_size(g->a->dtype), g->a->strides[g->dim], g->n,
                  g->a->dtype, g->descending, scratch);
}

/* Stable argsort along dim (see backend.h). */
int tc__cpu_sort(void *ctx, const tc_kview *idx, const tc_kview *a, int dim, bool descending, tc_error *err) {
    (void)ctx;
    line_geo g = {.out = idx, .a = a, .dim = dim, .descending = descending};
    g.lines = lines_of(a, dim, &g.n);
    if (g.lines == 0 || g.n == 0) return 0;
    return tc__parallel_lines(g.lines, 1 + 16384 / g.n, tc__sort_line_scratch(g.n), sort_line, &g, err);
}
