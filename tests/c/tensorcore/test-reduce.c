/*
 * Reduction tests: PyTorch's result dtypes (sum of ints is int64, mean of ints is an
 * error), dims and keepdim, max/min with indices, argmax, all/any, NaN propagation,
 * empty inputs, and a large threaded float32 sum against an exact value.
 */
#include "tc-test.h"

static uint64_t rs = 88172645463325252ull;
static int64_t rnd(int64_t n) {
    rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17;
    return (int64_t)(rs % (uint64_t)n);
}

/* Random permuted tensors reduced over random dims: sum and max match a naive loop. */
static void differential(void) {
    tc_error err = {0};
    int bad = 0;
    for (int iter = 0; iter < 200; iter++) {
        int nd = 1 + (int)rnd(4);
        int64_t shape[4];
        int perm[4];
        for (int d = 0; d < nd; d++) { shape[d] = 1 + rnd(7); perm[d] = d; }
        for (int d = nd - 1; d > 0; d--) { int k = (int)rnd(d + 1), t = perm[d]; perm[d] = perm[k]; perm[k] = t; }
        tc_tensor *b = tc_randn(shape, nd, TC_DTYPE_F64, tc_device_cpu(), &err);
        tc_tensor *x = tc_permute(b, perm, nd, &err);
        int dims[4], ndims = 0;
        bool red[4] = {false};
        for (int d = 0; d < nd; d++)
            if (rnd(2)) { dims[ndims++] = d; red[d] = true; }
        if (ndims == 0) for (int d = 0; d < nd; d++) red[d] = true;
        tc_reduce_op op = rnd(2) ? TC_RED_SUM : TC_RED_MAX;
        tc_tensor *r = tc_reduce(op, x, dims, ndims, true, &err);
        if (!r) { bad++; tc_error_clear(&err); }
        for (int64_t o = 0; r && o < tc_numel(r); o++) {
            int64_t oi[4], rem = o;
            for (int d = nd - 1; d >= 0; d--) { oi[d] = rem % r->shape[d]; rem /= r->shape[d]; }
            double acc = op == TC_RED_SUM ? 0 : -INFINITY;
            for (int64_t i = 0; i < tc_numel(x); i++) {
                int64_t xi[4], q = i, off = 0;
                bool mine = true;
                for (int d = nd - 1; d >= 0; d--) { xi[d] = q % x->shape[d]; q /= x->shape[d]; }
                for (int d = 0; d < nd; d++) {
                    if (!red[d] && xi[d] != oi[d]) mine = false;
                    off += xi[d] * x->strides[d];
                }
                if (!mine) continue;
                double v = ((double *)tc_data_ptr(x))[off];
                acc = op == TC_RED_SUM ? acc + v : (v > acc ? v : acc);
            }
            if (fabs(tt_at(r, o) - acc) > 1e-9) { bad++; break; }
        }
        tc_tensor_unref(b); tc_tensor_unref(x); tc_tensor_unref(r);
    }
    CHECK(bad == 0);
}

/* The threads split the work into contiguous ranges: every output and every element is
 * counted once whatever the thread count (odd counts that do not divide the work included),
 * and a one-output float sum that is not in PyTorch's order (a strided view, bfloat16) keeps
 * its bits across thread counts. */
static void thread_split(void) {
    tc_error err = {0};
    int64_t n = 1000003, n2 = 2 * n;
    tc_tensor *a = tc_arange(0, (double)n, 1, TC_DTYPE_I64, tc_device_cpu(), &err);
    tc_tensor *ra = tc_slice(a, 0, 0, 7 * 142857, 1, &err), *ca = tc_slice(a, 0, 0, 1001 * 999, 1, &err);
    tc_tensor *rows = tc_view(ra, (int64_t[]){7, 142857}, 2, &err);
    tc_tensor *cols = tc_view(ca, (int64_t[]){999, 1001}, 2, &err);
    tc_manual_seed(3);
    tc_tensor *f = tc_randn(&n2, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    tc_tensor *fs = tc_slice(f, 0, 0, n2, 2, &err);
    tc_tensor *bf = tc_to(f, TC_DTYPE_BF16, tc_device_cpu(), NULL, &err);
    double f1 = 0, b1 = 0;
    int was = tc_num_threads();
    for (int threads = 1; threads <= 5; threads++) {
        tc_set_num_threads(threads);
        tc_tensor *r = tc_reduce(TC_RED_SUM, a, NULL, 0, false, &err);
        CHECK(tt_at(r, 0) == (double)(n * (n - 1) / 2)); tc_tensor_unref(r);
        r = tc_reduce(TC_RED_ARGMAX, a, NULL, 0, false, &err);
        CHECK(tt_at(r, 0) == n - 1); tc_tensor_unref(r);
        r = tc_reduce(TC_RED_MIN, a, NULL, 0, false, &err);
        CHECK(tt_at(r, 0) == 0); tc_tensor_unref(r);
        r = tc_reduce(TC_RED_SUM, rows, (int[]){1}, 1, false, &err);
        for (int64_t k = 0; k < 7; k++)
            CHECK(tt_at(r, k) == (double)(142857 * (142857 * k) + 142857LL * 142856 / 2));
        tc_tensor_unref(r);
        r = tc_reduce(TC_RED_MAX, cols, (int[]){0}, 1, false, &err);
        CHECK(r->shape[0] == 1001 && tt_at(r, 0) == 998 * 1001 && tt_at(r, 1000) == 999 * 1001 - 1);
        tc_tensor_unref(r);
        r = tc_reduce(TC_RED_SUM, cols, (int[]){1}, 1, false, &err);
        CHECK(r->shape[0] == 999 && tt_at(r, 998) == (double)(1001LL * (998 * 1001) + 1001 * 1000 / 2));
        tc_tensor_unref(r);
        r = tc_reduce(TC_RED_SUM, fs, NULL, 0, false, &err);
        if (threads == 1) f1 = tt_at(r, 0);
        CHECK(tt_at(r, 0) == f1); tc_tensor_unref(r);
        r = tc_reduce(TC_RED_SUM, bf, NULL, 0, false, &err);
        if (threads == 1) b1 = tt_at(r, 0);
        CHECK(tt_at(r, 0) == b1); tc_tensor_unref(r);
    }
    CHECK_OK(&err);
    tc_set_num_threads(was);
    tc_tensor *all[] = {a, ra, ca, rows, cols, f, fs, bf};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
}

/* A float32 sum over an outer dim keeps PyTorch's per-column order however wide the block of
 * columns read together (1024, or narrower to give every thread a block): of 2100 columns,
 * the first 2048 (PyTorch's level cascade, 32 at a time) have the bits they have in 32-column
 * slices, at any thread count, for row counts that end on a step, a promotion and between
 * them (the last 52 columns are row_sum's). */
static void outer_columns(void) {
    tc_error err = {0};
    int was = tc_num_threads();
    int64_t rows_list[] = {1, 17, 256, 4100};
    for (size_t ri = 0; ri < sizeof rows_list / sizeof rows_list[0]; ri++) {
        int64_t shape[2] = {rows_list[ri], 2100};
        tc_manual_seed(7);
        tc_tensor *x = tc_randn(shape, 2, TC_DTYPE_F32, tc_device_cpu(), &err);
        for (int threads = 1; threads <= 4; threads++) {
            tc_set_num_threads(threads);
            tc_tensor *r = tc_reduce(TC_RED_SUM, x, (int[]){0}, 1, false, &err);
            int bad = !r;
            for (int64_t c0 = 0; r && c0 < 2048; c0 += 32) {
                tc_tensor *s = tc_slice(x, 1, c0, c0 + 32, 1, &err);
                tc_tensor *rs1 = tc_reduce(TC_RED_SUM, s, (int[]){0}, 1, false, &err);
                for (int64_t k = 0; k < 32; k++)
                    if (!rs1 || ((float *)tc_data_ptr(r))[c0 + k] != ((float *)tc_data_ptr(rs1))[k]) bad++;
                tc_tensor_unref(s);
                tc_tensor_unref(rs1);
            }
            CHECK(bad == 0);
            tc_tensor_unref(r);
        }
        tc_tensor_unref(x);
    }
    CHECK_OK(&err);
    tc_set_num_threads(was);
}

int main(void) {
    differential();
    thread_split();
    outer_columns();
    tc_error err = {0};
    float xv[6] = {1, 5, 3, 4, 2, 6};
    int64_t s23[2] = {2, 3};
    tc_tensor *x = tt_f32(xv, s23, 2);
    tc_tensor *r;
    r = tc_reduce(TC_RED_SUM, x, NULL, 0, false, &err);
    CHECK(r->ndim == 0 && tt_at(r, 0) == 21); tc_tensor_unref(r);
    r = tc_reduce(TC_RED_SUM, x, (int[]){0}, 1, false, &err);
    CHECK(tt_equals(r, (double[]){5, 7, 9}, (int64_t[]){3}, 1)); tc_tensor_unref(r);
    r = tc_reduce(TC_RED_SUM, x, (int[]){-1}, 1, true, &err);
    CHECK(tt_equals(r, (double[]){9, 12}, (int64_t[]){2, 1}, 2)); tc_tensor_unref(r);
    r = tc_reduce(TC_RED_MEAN, x, NULL, 0, false, &err);
    CHECK(tt_at(r, 0) == 3.5); tc_tensor_unref(r);
    r = tc_reduce(TC_RED_PROD, x, (int[]){1}, 1, false, &err);
    CHECK(tt_equals(r, (double[]){15, 48}, (int64_t[]){2}, 1)); tc_tensor_unref(r);
    r = tc_reduce(TC_RED_ARGMAX, x, NULL, 0, false, &err);
    CHECK(r->dtype == TC_DTYPE_I64 && r->ndim == 0 && tt_at(r, 0) == 5); tc_tensor_unref(r);
    r = tc_reduce(TC_RED_ARGMIN, x, (int[]){1}, 1, false, &err);
    CHECK(tt_equals(r, (double[]){0, 1}, (int64_t[]){2}, 1)); tc_tensor_unref(r);
    tc_tensor *v, *i;
    CHECK(tc_reduce_with_indices(TC_RED_MAX, x, 0, false, &v, &i, &err) == 0);
    CHECK(tt_equals(v, (double[]){4, 5, 6}, (int64_t[]){3}, 1) && tt_equals(i, (double[]){1, 0, 1}, (int64_t[]){3}, 1));
    tc_tensor_unref(v); tc_tensor_unref(i);
    CHECK(tc_reduce(TC_RED_SUM, x, (int[]){0, 0}, 2, false, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "dim 0 appears multiple times in the list of dims");
    CHECK(tc_reduce(TC_RED_SUM, x, (int[]){2}, 1, false, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_INDEX, "Dimension out of range (expected to be in range of [-2, 1], but got 2)");

    int64_t iv[3] = {1, 2, 3};
    tc_tensor *it = tt_i64(iv, (int64_t[]){3}, 1);
    tc_tensor *i32 = tc_to(it, TC_DTYPE_I32, tc_device_cpu(), NULL, &err);
    r = tc_reduce(TC_RED_SUM, i32, NULL, 0, false, &err);
    CHECK(r->dtype == TC_DTYPE_I64 && tt_at(r, 0) == 6); tc_tensor_unref(r);
    CHECK(tc_reduce(TC_RED_MEAN, it, NULL, 0, false, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_NOT_IMPLEMENTED,
              "mean(): could not infer output dtype. Input dtype must be either a floating point or "
              "complex dtype. Got: Long");
    tc_tensor *mask = tc_binary_scalar(TC_OP_GT, it, (tc_scalar){.kind = TC_SCALAR_INT, .v.i = 1}, &err);
    r = tc_reduce(TC_RED_SUM, mask, NULL, 0, false, &err);
    CHECK(r->dtype == TC_DTYPE_I64 && tt_at(r, 0) == 2); tc_tensor_unref(r);
    r = tc_reduce(TC_RED_ALL, mask, NULL, 0, false, &err);
    CHECK(r->dtype == TC_DTYPE_BOOL && tt_at(r, 0) == 0); tc_tensor_unref(r);
    r = tc_reduce(TC_RED_ANY, mask, NULL, 0, false, &err);
    CHECK(tt_at(r, 0) == 1); tc_tensor_unref(r);

    float nv[3] = {1, NAN, 3};
    tc_tensor *n = tt_f32(nv, (int64_t[]){3}, 1);
    r = tc_reduce(TC_RED_MAX, n, NULL, 0, false, &err);
    CHECK(isnan(tt_at(r, 0))); tc_tensor_unref(r);
    r = tc_reduce(TC_RED_ARGMAX, n, NULL, 0, false, &err);
    CHECK(tt_at(r, 0) == 1); tc_tensor_unref(r);

    tc_tensor *e = tc_zeros((int64_t[]){0}, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    r = tc_reduce(TC_RED_SUM, e, NULL, 0, false, &err);
    CHECK(tt_at(r, 0) == 0); tc_tensor_unref(r);
    r = tc_reduce(TC_RED_MEAN, e, NULL, 0, false, &err);
    CHECK(isnan(tt_at(r, 0))); tc_tensor_unref(r);
    CHECK(tc_reduce(TC_RED_MAX, e, NULL, 0, false, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME,
              "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the "
              "reduction dim with the 'dim' argument.");

    /* float32 sums accumulate in float in PyTorch's order: ten 0.1f give 1.0000001192092896 */
    tc_tensor *tenth = tc_full((int64_t[]){10}, 1, 0.1, TC_DTYPE_F32, tc_device_cpu(), &err);
    r = tc_reduce(TC_RED_SUM, tenth, NULL, 0, false, &err);
    CHECK(tt_at(r, 0) == (double)1.0000001192092896f); tc_tensor_unref(r);
    r = tc_reduce(TC_RED_MEAN, tenth, NULL, 0, false, &err);
    CHECK(tt_at(r, 0) == (double)(1.0000001192092896f / 10.0f)); tc_tensor_unref(r);
    tc_tensor_unref(tenth);

    int64_t big = 5000000;
    tc_tensor *ar = tc_arange(0, (double)big, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    r = tc_reduce(TC_RED_SUM, ar, NULL, 0, false, &err);
    CHECK(fabs(tt_at(r, 0) - 12499997500000.0) / 12499997500000.0 < 1e-6); tc_tensor_unref(r);
    tc_tensor *ar2 = tc_view(ar, (int64_t[]){1000, 5000}, 2, &err);
    r = tc_reduce(TC_RED_MAX, ar2, (int[]){0}, 1, false, &err);
    CHECK(r->shape[0] == 5000 && tt_at(r, 4999) == big - 1); tc_tensor_unref(r);
    CHECK_OK(&err);
    tc_tensor *all[] = {x, it, i32, mask, n, e, ar, ar2};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
    return tt_finish("test-reduce");
}
