/*
 * tc_index / tc_index_put_ (advanced indexing): several index tensors broadcast together,
 * masks over leading dims, placement of the indexed block, PyTorch's error texts, the
 * gradient through IndexBackward0, and fault injection without leaks.
 */
#include "tc-test.h"

static tc_tensor *ar(int64_t n, const int64_t *shape, int ndim, tc_dtype dt) {
    tc_tensor *a = tc_arange(0, (double)n, 1, dt, tc_device_cpu(), NULL);
    tc_tensor *r = tc_view(a, shape, ndim, NULL);
    tc_tensor_unref(a);
    return r;
}

static void gather_cases(void) {
    tc_error err = {0};
    int64_t s34[2] = {3, 4}, s234[3] = {2, 3, 4}, two = 2, s21[2] = {2, 1}, three = 3;
    tc_tensor *x = ar(12, s34, 2, TC_DTYPE_I64), *y = ar(24, s234, 3, TC_DTYPE_I64);
    int64_t i01[2] = {0, 1}, i12[2] = {1, 2}, col[2] = {0, 2}, row3[3] = {1, 3, -1};
    tc_tensor *a = tt_i64(i01, &two, 1), *b = tt_i64(i12, &two, 1);
    tc_tensor *c = tt_i64(col, s21, 2), *d = tt_i64(row3, &three, 1);

    tc_tensor *ab[2] = {a, b};
    tc_tensor *r = tc_index(x, ab, 2, &err); /* x[[0, 1], [1, 2]] */
    CHECK(tt_equals(r, (double[]){1, 6}, &two, 1));
    tc_tensor_unref(r);
    tc_tensor *cd[2] = {c, d};
    r = tc_index(x, cd, 2, &err); /* broadcast [2,1] with [3] */
    CHECK(tt_equals(r, (double[]){1, 3, 3, 9, 11, 11}, (int64_t[]){2, 3}, 2));
    tc_tensor_unref(r);
    tc_tensor *sep[3] = {a, NULL, b};
    r = tc_index(y, sep, 3, &err); /* y[[0, 1], :, [1, 2]]: block first */
    CHECK(tt_equals(r, (double[]){1, 5, 9, 14, 18, 22}, (int64_t[]){2, 3}, 2));
    tc_tensor_unref(r);
    tc_tensor *adj[3] = {NULL, a, b};
    r = tc_index(y, adj, 3, &err); /* y[:, [0, 1], [1, 2]]: block in place */
    CHECK(tt_equals(r, (double[]){1, 6, 13, 18}, (int64_t[]){2, 2}, 2));
    tc_tensor_unref(r);

    bool mv[6] = {true, false, true, false, true, false};
    tc_tensor *m = tc_from_buffer(mv, TC_DTYPE_BOOL, (int64_t[]){2, 3}, 2, tc_device_cpu(), NULL);
    tc_tensor *mm[1] = {m};
    r = tc_index(y, mm, 1, &err); /* 2-D mask over the leading dims */
    CHECK(r && r->ndim == 2 && r->shape[0] == 3 && r->shape[1] == 4 && tt_at(r, 4) == 8 && tt_at(r, 8) == 16);
    tc_tensor_unref(r);
    CHECK(tc_index(x, mm, 1, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_INDEX, "The shape of the mask [2, 3] at index 0 does not match the shape of the "
                                  "indexed tensor [3, 4] at index 0");

    tc_tensor *bad[2] = {a, d};
    CHECK(tc_index(x, bad, 2, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_INDEX, "shape mismatch: indexing tensors could not be broadcast together with "
                                  "shapes [2], [3]");
    int64_t nine = 9;
    tc_tensor *n9 = tt_i64(&nine, (int64_t[]){1}, 1);
    tc_tensor *oob[2] = {NULL, n9};
    CHECK(tc_index(x, oob, 2, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_INDEX, "index 9 is out of bounds for dimension 0 with size 4");
    tc_tensor *f = tc_zeros(&two, 1, TC_DTYPE_F32, tc_device_cpu(), NULL);
    tc_tensor *fl[1] = {f};
    CHECK(tc_index(x, fl, 1, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_INDEX, "tensors used as indices must be long, int, byte or bool tensors");

    tc_tensor *all[] = {x, y, a, b, c, d, m, n9, f};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) tc_tensor_unref(all[i]);
}

static void put_cases(void) {
    tc_error err = {0};
    int64_t s34[2] = {3, 4}, two = 2;
    tc_tensor *x = tc_zeros(s34, 2, TC_DTYPE_F32, tc_device_cpu(), NULL);
    int64_t i01[2] = {0, 1}, i12[2] = {1, 2};
    tc_tensor *a = tt_i64(i01, &two, 1), *b = tt_i64(i12, &two, 1);
    tc_tensor *ab[2] = {a, b};
    tc_tensor *v = tt_f32((float[]){5, 6}, &two, 1);
    CHECK(tc_index_put_(x, ab, 2, v, &err) == 0);
    CHECK(tt_at(x, 1) == 5 && tt_at(x, 6) == 6 && tt_at(x, 0) == 0);
    tc_tensor *row[1] = {a};
    tc_tensor *v1 = tt_f32((float[]){1, 2, 3, 4}, (int64_t[]){1, 4}, 2); /* leading 1 dropped */
    CHECK(tc_index_put_(x, row, 1, v1, &err) == 0);
    CHECK(tt_at(x, 4) == 1 && tt_at(x, 7) == 4);
    tc_tensor *vi = tt_i64(i01, &two, 1);
    CHECK(tc_index_put_(x, ab, 2, vi, &err) != 0);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "Index put requires the source and destination dtypes match, got Float "
                                    "for the destination and Long for the source.");
    tc_tensor *v3 = tt_f32((float[]){1, 2, 3}, (int64_t[]){3}, 1);
    CHECK(tc_index_put_(x, row, 1, v3, &err) != 0);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "shape mismatch: value tensor of shape [3] cannot be broadcast to "
                                    "indexing result of shape [2, 4]");
    tc_tensor *all[] = {x, a, b, v, v1, vi, v3};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) tc_tensor_unref(all[i]);
}

/* t[mask] = one value with a mask of t's shape is a select in place: each dtype width, a
 * strided t, a value of another dtype (cast as masked_fill_), a mask that is t itself, and
 * lengths that leave a vector tail. */
static void mask_put_cases(void) {
    tc_error err = {0};
    const tc_dtype dts[] = {TC_DTYPE_U8, TC_DTYPE_F16, TC_DTYPE_I32, TC_DTYPE_F32, TC_DTYPE_I64, TC_DTYPE_F64};
    for (size_t k = 0; k < sizeof dts / sizeof dts[0]; k++) {
        int64_t n = 77, n2 = 154;
        tc_tensor *base = tc_arange(0, (double)n2, 1, dts[k], tc_device_cpu(), &err);
        tc_tensor *t = tc_slice(base, 0, 1, n2, 2, &err); /* 1, 3, 5, ... */
        tc_tensor *th = tc_full(NULL, 0, 40.0, dts[k], tc_device_cpu(), &err);
        tc_tensor *m = tc_binary(TC_OP_GT, t, th, &err);
        tc_tensor *v = tc_full(NULL, 0, 7.75, TC_DTYPE_F64, tc_device_cpu(), &err);
        tc_tensor *ix[1] = {m};
        CHECK(tc_index_put_(t, ix, 1, v, &err) == 0);
        CHECK_OK(&err);
        int bad = 0;
        double seven = tc_dtype_is_float(dts[k]) ? 7.75 : 7;
        for (int64_t i = 0; i < n; i++) {
            double want = 2 * i + 1 > 40 ? seven : (double)(2 * i + 1);
            if (tt_at(t, i) != want || tt_at(base, 2 * i) != (double)(2 * i)) bad++;
        }
        CHECK(bad == 0);
        /* and t[mask] reads back the same elements, in order, from a contiguous copy */
        tc_tensor *tc = tc_contiguous(t, &err), *mc = tc_contiguous(m, &err);
        tc_tensor *ixc[1] = {mc};
        tc_tensor *sel = tc_index(tc, ixc, 1, &err);
        CHECK(sel && sel->ndim == 1 && sel->shape[0] == n - 20);
        for (int64_t i = 0; sel && i < sel->shape[0]; i++) CHECK(tt_at(sel, i) == seven);
        tc_tensor_unref(sel);
        tc_tensor_unref(tc);
        tc_tensor_unref(mc);
        tc_tensor *all[] = {base, t, th, m, v};
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) tc_tensor_unref(all[i]);
    }
    int64_t n = 37;
    tc_tensor *b = tc_zeros(&n, 1, TC_DTYPE_BOOL, tc_device_cpu(), &err);
    tc_tensor *bf = tc_full(NULL, 0, 1.0, TC_DTYPE_BOOL, tc_device_cpu(), &err);
    tc_tensor *one[1] = {b};
    CHECK(tc_index_put_(b, one, 1, bf, &err) == 0); /* no element is set: nothing changes */
    CHECK(tt_at(b, 0) == 0 && tt_at(b, 36) == 0);
    CHECK_OK(&err);
    tc_tensor_unref(b);
    tc_tensor_unref(bf);
}

/* One index tensor at dim d of a contiguous CPU tensor (x[idx], x[:, idx], index_select):
 * rows copied straight from the index, int32 or int64, negatives from the end, the first index
 * out of range reported, and a result large enough to be split over the threads. */
static void take_cases(void) {
    tc_error err = {0};
    int64_t s234[3] = {2, 3, 4}, s22[2] = {2, 2};
    tc_tensor *y = ar(24, s234, 3, TC_DTYPE_F32);
    tc_tensor *i32 = tc_from_buffer((int32_t[]){2, -3, -1, 0}, TC_DTYPE_I32, s22, 2, tc_device_cpu(), NULL);
    tc_tensor *mid[2] = {NULL, i32};
    tc_tensor *r = tc_index(y, mid, 2, &err); /* y[:, [[2, -3], [-1, 0]]] */
    CHECK_OK(&err);
    CHECK(r && r->ndim == 4 && r->shape[0] == 2 && r->shape[1] == 2 && r->shape[2] == 2 && r->shape[3] == 4);
    double want[32];
    for (int o = 0; o < 2; o++)
        for (int k = 0; k < 4; k++)
            for (int e = 0; e < 4; e++) want[o * 16 + k * 4 + e] = o * 12 + (int[]){2, 0, 2, 0}[k] * 4 + e;
    CHECK(tt_equals(r, want, r->shape, 4));
    tc_tensor_unref(r);
    tc_tensor *last[3] = {NULL, NULL, i32};
    r = tc_index(y, last, 3, &err); /* y[:, :, idx]: one element per index */
    for (int o = 0; o < 6; o++) /* r[o, m, k] = y[o, m, idx[k]] */
        for (int k = 0; k < 4; k++) want[o * 4 + k] = o * 4 + (int[]){2, 1, 3, 0}[k];
    CHECK(tt_equals(r, want, (int64_t[]){2, 3, 2, 2}, 4));
    tc_tensor_unref(r);
    tc_tensor *bad = tc_from_buffer((int64_t[]){1, 3, -4, 9}, TC_DTYPE_I64, s22, 2, tc_device_cpu(), NULL);
    tc_tensor *bm[2] = {NULL, bad};
    CHECK(tc_index(y, bm, 2, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_INDEX, "index 3 is out of bounds for dimension 0 with size 3");

    int64_t n = 300000, rows = 1000;
    tc_tensor *big = ar(rows, &rows, 1, TC_DTYPE_I64);
    tc_tensor *ix = tc_empty(&n, 1, TC_DTYPE_I64, tc_device_cpu(), NULL);
    int64_t *ip = tc_data_ptr(ix);
    for (int64_t k = 0; k < n; k++) ip[k] = (k * 7919) % (2 * rows) - rows; /* [-rows, rows) */
    tc_tensor *bi[1] = {ix};
    r = tc_index(big, bi, 1, &err);
    bool same = r && r->shape[0] == n;
    for (int64_t k = 0; same && k < n; k++) same = tt_at(r, k) == (double)(ip[k] < 0 ? ip[k] + rows : ip[k]);
    CHECK(same);
    tc_tensor_unref(r);
    ip[n - 5] = rows; /* found by the threads, reported as the first in index order */
    ip[n - 2] = -rows - 1;
    CHECK(tc_index(big, bi, 1, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_INDEX, "index 1000 is out of bounds for dimension 0 with size 1000");
    tc_tensor *all[] = {y, i32, bad, big, ix};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
}

/* w[:, j] with w requiring grad: the row take, and IndexBackward0 adding g's columns back. */
static int take_grad_pipeline(tc_error *err) {
    int64_t s34[2] = {3, 4}, three = 3;
    tc_tensor *w = tc_ones(s34, 2, TC_DTYPE_F32, tc_device_cpu(), err);
    int rc = w ? tc_set_requires_grad(w, true, err) : -1;
    tc_tensor *j = rc == 0 ? tc_from_buffer((int64_t[]){1, 1, -1}, TC_DTYPE_I64, &three, 1, tc_device_cpu(), err) : NULL;
    tc_tensor *ij[2] = {NULL, j};
    tc_tensor *r = j ? tc_index(w, ij, 2, err) : NULL;
    tc_tensor *s = r ? tc_reduce(TC_RED_SUM, r, NULL, 0, false, err) : NULL;
    rc = s ? tc_backward(s, err) : -1;
    if (rc == 0) {
        CHECK(strcmp(tc_grad_fn_name(r), "IndexBackward0") == 0);
        CHECK(tt_equals(w->grad, (double[]){0, 2, 0, 1, 0, 2, 0, 1, 0, 2, 0, 1}, s34, 2));
    }
    tc_tensor *all[] = {w, j, r, s};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
    return rc;
}

static int grad_pipeline(tc_error *err) {
    int64_t s34[2] = {3, 4}, three = 3;
    tc_tensor *w = tc_ones(s34, 2, TC_DTYPE_F32, tc_device_cpu(), err);
    int rc = w ? tc_set_requires_grad(w, true, err) : -1;
    tc_tensor *i = rc == 0 ? tc_from_buffer((int64_t[]){0, 0, 2}, TC_DTYPE_I64, &three, 1, tc_device_cpu(), err) : NULL;
    tc_tensor *j = i ? tc_from_buffer((int64_t[]){1, 1, -1}, TC_DTYPE_I64, &three, 1, tc_device_cpu(), err) : NULL;
    tc_tensor *ij[2] = {i, j};
    tc_tensor *r = j ? tc_index(w, ij, 2, err) : NULL;
    tc_tensor *s = r ? tc_reduce(TC_RED_SUM, r, NULL, 0, false, err) : NULL;
    rc = s ? tc_backward(s, err) : -1;
    if (rc == 0) {
        CHECK(strcmp(tc_grad_fn_name(r), "IndexBackward0") == 0);
        CHECK(tt_equals(w->grad, (double[]){0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, s34, 2));
    }
    tc_tensor *all[] = {w, i, j, r, s};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
    return rc;
}

static void fault_injection(int (*pipeline)(tc_error *)) {
    tc_storage_stats base, now;
    tc_storage_stats_get(&base);
    int n = 1;
    for (; n < 500; n++) {
        tc_error err = {0};
        tc_alloc_fail_after(n);
        int r = pipeline(&err);
        tc_alloc_fail_after(0);
        tc_storage_stats_get(&now);
        CHECK(now.live_storages == base.live_storages);
        if (r == 0 && !tc_error_is_set(&err)) break;
        CHECK(tc_error_is_set(&err));
    }
    CHECK(n > 5 && n < 500);
}

/* x = w * 3; x[[0, 2]] = v: IndexPutBackward0 sends g's rows to v, the rest to w. */
static void setitem_grad(void) {
    tc_error err = {0};
    int64_t four = 4, two = 2;
    tc_tensor *w = tc_ones(&four, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    tc_tensor *v = tt_f32((float[]){7, 8}, &two, 1);
    tc_set_requires_grad(w, true, &err);
    tc_set_requires_grad(v, true, &err);
    tc_tensor *x = tc_binary_scalar(TC_OP_MUL, w, (tc_scalar){.kind = TC_SCALAR_FLOAT, .v.f = 3}, &err);
    tc_tensor *i = tt_i64((int64_t[]){0, 2}, &two, 1);
    tc_tensor *ix[1] = {i};
    CHECK(tc_index_put_(x, ix, 1, v, &err) == 0);
    CHECK(tc_setitem_grad(x, i, v, true, &err) == 0);
    CHECK(strcmp(tc_grad_fn_name(x), "IndexPutBackward0") == 0);
    tc_tensor *wt = tt_f32((float[]){1, 10, 100, 1000}, &four, 1);
    tc_tensor *p = tc_binary(TC_OP_MUL, x, wt, &err);
    tc_tensor *s = tc_reduce(TC_RED_SUM, p, NULL, 0, false, &err);
    CHECK(tc_backward(s, &err) == 0);
    CHECK_OK(&err);
    CHECK(tt_equals(w->grad, (double[]){0, 30, 0, 3000}, &four, 1));
    CHECK(tt_equals(v->grad, (double[]){1, 100}, &two, 1));
    tc_tensor *all[] = {w, v, x, i, wt, p, s};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
}

int main(void) {
    gather_cases();
    setitem_grad();
    put_cases();
    mask_put_cases();
    tc_error err = {0};
    CHECK(grad_pipeline(&err) == 0);
    CHECK_OK(&err);
    take_cases();
    CHECK(take_grad_pipeline(&err) == 0);
    CHECK_OK(&err);
    fault_injection(grad_pipeline);
    fault_injection(take_grad_pipeline);
    tc_storage_stats st;
    tc_storage_stats_get(&st);
    CHECK(st.live_storages == 0);
    return tt_finish("test-index");
}
