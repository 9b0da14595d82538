/*
 * The op test: every op (binary ops over every dtype with broadcasting and transposed
 * inputs, unary ops, casts, fill, where, clamp, reductions with dims and keepdim, matmul)
 * runs on every available backend through the public tensorcore API, and each result is
 * compared with the CPU's. CPU always runs; cuda:0 runs when a CUDA backend is registered
 * (the emulated device under TENSORKERNEL_EMULATE_CUDA=1, real CUDA on a GPU machine).
 * Errors must match too: same exception type and message.
 */
#include "gpu-test.h"

typedef struct backend {
    const char *name;
    tc_device dev;
    bool exact; /* same kernels as the CPU: results must be bit-identical */
} backend;

static backend cur;

static const tc_dtype all_dtypes[] = {TC_DTYPE_BOOL, TC_DTYPE_U8,  TC_DTYPE_I8,  TC_DTYPE_I16,
                                      TC_DTYPE_I32,  TC_DTYPE_I64, TC_DTYPE_F16, TC_DTYPE_BF16,
                                      TC_DTYPE_F32,  TC_DTYPE_F64};
#define NDT ((int)(sizeof all_dtypes / sizeof all_dtypes[0]))

/* Relative tolerance for a backend with its own kernels (CUDA math differs by ulps). */
static double tolerance(tc_dtype dt) {
    if (cur.exact) return 0;
    switch (dt) {
    case TC_DTYPE_F16:
    case TC_DTYPE_BF16:
        return 1e-2;
    case TC_DTYPE_F32:
        return 2e-5;
    case TC_DTYPE_F64:
        return 1e-12;
    default:
        return 0;
    }
}

/* A CPU tensor of 'dtype' with deterministic values of the given kind:
 * 0 = mixed signs, 1 = nonzero (divisors), 2 = boolean pattern. */
static tc_tensor *make(tc_dtype dt, const int64_t *shape, int ndim, int kind) {
    int64_t n = 1;
    for (int i = 0; i < ndim; i++)
        n *= shape[i];
    size_t es = tc_dtype_size(dt);
    unsigned char *buf = calloc((size_t)(n ? n : 1), es);
    bool isu = dt == TC_DTYPE_U8, isf = tc_dtype_is_float(dt);
    for (int64_t i = 0; i < n; i++) {
        double v;
        if (kind == 1) {
            v = (double)((i * 5) % 7) - 3;
            if (v == 0) v = 2;
            if (isu && v < 0) v = -v;
        } else {
            v = (double)((i * 7) % 11) - 5;
            if (isu && v < 0) v = -v + 1;
        }
        if (isf) v = v * 0.75 + (kind == 1 ? 0.5 : 0.25);
        if (dt == TC_DTYPE_BOOL || kind == 2) v = (i % 3) == 0;
        tc_store_f64(buf + (size_t)i * es, dt, v);
    }
    tc_error err = {0};
    tc_tensor *t = tc_from_buffer(buf, dt, shape, ndim, tc_device_cpu(), &err);
    free(buf);
    return gt_must(t, &err, "tc_from_buffer");
}

/* t on device d in t's memory layout: a transposed 2-D view stays transposed there, so
 * that the kernels see the same layout on both sides (which elements of a contiguous range
 * fall in the vectorised part and which in the scalar tail decides their last bits). */
static tc_tensor *on(tc_tensor *t, tc_device d) {
    tc_error err = {0};
    if (t->ndim == 2 && !tc_is_contiguous(t) && t->strides[0] == 1 && t->strides[1] == t->shape[0]) {
        tc_tensor *c = gt_must(tc_t(t, &err), &err, "t");
        tc_tensor *dc = gt_must(tc_to(c, c->dtype, d, ".to()", &err), &err, "tc_to device");
        tc_tensor *r = gt_must(tc_t(dc, &err), &err, "t");
        tc_tensor_unref(c);
        tc_tensor_unref(dc);
        return r;
    }
    return gt_must(tc_to(t, t->dtype, d, ".to()", &err), &err, "tc_to device");
}

static bool close_enough(double a, double b, double tol) {
    if (a != a || b != b) return a != a && b != b;
    if (a == b) return true;
    double m = fabs(a) > 1 ? fabs(a) : 1;
    return fabs(a - b) <= tol * m;
}

/* Element i (row-major over the shape) of a CPU strided tensor as double / int64. */
static const char *elem(const tc_tensor *t, int64_t i) {
    int64_t off = t->offset;
    for (int d = t->ndim - 1; d >= 0; d--) {
        off += (i % t->shape[d]) * t->strides[d];
        i /= t->shape[d];
    }
    return (const char *)tc_storage_data(t->storage) + off * (int64_t)tc_dtype_size(t->dtype);
}

/* Error texts name the device kernel as PyTorch does ("bitwise_and_cuda"): compare them
 * with that word mapped back to "_cpu". */
static bool same_message(const char *cpu, const char *dev) {
    char norm[TC_ERROR_MSG_MAX];
    size_t j = 0;
    for (size_t i = 0; dev[i] && j + 1 < sizeof norm;) {
        if (strncmp(dev + i, "_cuda\"", 6) == 0) {
            memcpy(norm + j, "_cpu\"", 5);
            j += 5;
            i += 6;
        } else {
            norm[j++] = dev[i++];
        }
    }
    norm[j] = '\0';
    return strcmp(cpu, norm) == 0;
}

/* ref (CPU result or NULL with rerr) against got (device result or NULL with gerr). */
static void compare(const char *what, tc_tensor *ref, const tc_error *rerr, tc_tensor *got,
                    const tc_error *gerr) {
    if (!ref || !got) {
        GT_CHECK(!ref && !got && rerr->type == gerr->type && same_message(rerr->msg, gerr->msg),
                 "[%s] %s: cpu %s '%s' vs %s %s '%s'", cur.name, what,
                 ref ? "ok" : tc_exc_name(rerr->type), ref ? "" : rerr->msg, cur.name,
                 got ? "ok" : tc_exc_name(gerr->type), got ? "" : gerr->msg);
        return;
    }
    GT_CHECK(tc_device_eq(got->device, cur.dev), "[%s] %s: result on the wrong device", cur.name,
             what);
    GT_CHECK(got->dtype == ref->dtype, "[%s] %s: dtype %s vs %s", cur.name, what,
             tc_dtype_name(got->dtype), tc_dtype_name(ref->dtype));
    bool shape_ok = got->ndim == ref->ndim;
    for (int d = 0; shape_ok && d < ref->ndim; d++)
        shape_ok = got->shape[d] == ref->shape[d];
    GT_CHECK(shape_ok, "[%s] %s: shape differs", cur.name, what);
    if (!shape_ok || got->dtype != ref->dtype) return;
    tc_error err = {0};
    tc_tensor *h = gt_must(tc_to(got, got->dtype, tc_device_cpu(), ".cpu()", &err), &err, "to cpu");
    int64_t n = tc_numel(ref), bad = -1;
    double tol = tolerance(ref->dtype);
    for (int64_t i = 0; i < n && bad < 0; i++) {
        const char *pr = elem(ref, i), *pg = elem(h, i);
        if (tc_dtype_is_float(ref->dtype)) {
            if (!close_enough(tc_load_f64(pr, ref->dtype), tc_load_f64(pg, ref->dtype), tol))
                bad = i;
        } else if (tc_load_i64(pr, ref->dtype) != tc_load_i64(pg, ref->dtype)) {
            bad = i;
        }
    }
    GT_CHECK(bad < 0, "[%s] %s (%s): element %lld: cpu %g vs %g", cur.name, what,
             tc_dtype_name(ref->dtype), (long long)bad,
             bad < 0 ? 0 : tc_load_f64(elem(ref, bad), ref->dtype),
             bad < 0 ? 0 : tc_load_f64(elem(h, bad), ref->dtype));
    tc_tensor_unref(h);
}

/* ---- binary --------------------------------------------------------------------------- */

static void check_binary(tc_binary_op op, tc_tensor *a, tc_tensor *b, const char *layout) {
    char what[96];
    snprintf(what, sizeof what, "%s %s %s", tc_binary_op_name(op), tc_dtype_name(a->dtype), layout);
    tc_error re = {0}, ge = {0};
    tc_tensor *ref = tc_binary(op, a, b, &re);
    tc_tensor *da = on(a, cur.dev), *db = on(b, cur.dev);
    tc_tensor *got = tc_binary(op, da, db, &ge);
    compare(what, ref, &re, got, &ge);
    tc_tensor_unref(ref);
    tc_tensor_unref(got);
    tc_tensor_unref(da);
    tc_tensor_unref(db);
}

static void test_binary(void) {
    int64_t s34[] = {3, 4}, s4[] = {4}, s43[] = {4, 3}, s31[] = {3, 1};
    tc_error err = {0};
    for (int k = 0; k < NDT; k++) {
        tc_dtype dt = all_dtypes[k];
        tc_tensor *a = make(dt, s34, 2, 0), *b = make(dt, s4, 1, 1), *bc = make(dt, s31, 2, 1);
        tc_tensor *a43 = make(dt, s43, 2, 0);
        tc_tensor *at = gt_must(tc_t(a43, &err), &err, "t");
        tc_tensor *bfull = make(dt, s34, 2, 1);
        for (int op = 0; op < TC_BINARY_OP_COUNT; op++) {
            check_binary((tc_binary_op)op, a, b, "[3,4]x[4]");
            check_binary((tc_binary_op)op, at, bc, "[3,4]^T x [3,1]");
            check_binary((tc_binary_op)op, bfull, at, "[3,4] x [4,3]^T");
        }
        tc_tensor_unref(a);
        tc_tensor_unref(b);
        tc_tensor_unref(bc);
        tc_tensor_unref(a43);
        tc_tensor_unref(at);
        tc_tensor_unref(bfull);
    }
    /* mixed dtypes (promotion happens in the core) and a Python scalar operand */
    tc_tensor *ai = make(TC_DTYPE_I32, s34, 2, 0), *bf = make(TC_DTYPE_F32, s4, 1, 1);
    check_binary(TC_OP_MUL, ai, bf, "int32 x float32");
    tc_tensor *da = on(ai, cur.dev);
    tc_scalar half = {.kind = TC_SCALAR_FLOAT, .v.f = 0.5};
    tc_error re = {0}, ge = {0};
    tc_tensor *ref = tc_binary_scalar(TC_OP_ADD, ai, half, &re);
    tc_tensor *got = tc_binary_scalar(TC_OP_ADD, da, half, &ge);
    compare("int32 + 0.5", ref, &re, got, &ge);
    tc_tensor_unref(ref);
    tc_tensor_unref(got);
    tc_tensor_unref(da);
    tc_tensor_unref(ai);
    tc_tensor_unref(bf);
}

/* ---- unary, casts, fill ----------------------------------------------------------------- */

static void test_unary(void) {
    int64_t s34[] = {3, 4}, s43[] = {4, 3};
    tc_error err = {0};
    for (int k = 0; k < NDT; k++) {
        tc_dtype dt = all_dtypes[k];
        tc_tensor *a = make(dt, s34, 2, 0), *a43 = make(dt, s43, 2, 1);
        tc_tensor *at = gt_must(tc_t(a43, &err), &err, "t");
        tc_tensor *srcs[2] = {a, at};
        for (int s = 0; s < 2; s++) {
            tc_tensor *d = on(srcs[s], cur.dev);
            for (int op = 0; op < TC_UNARY_OP_COUNT; op++) {
                char what[96];
                snprintf(what, sizeof what, "%s %s%s", tc_unary_op_name(op), tc_dtype_name(dt),
                         s ? " transposed" : "");
                tc_error re = {0}, ge = {0};
                tc_tensor *ref = tc_unary((tc_unary_op)op, srcs[s], &re);
                tc_tensor *got = tc_unary((tc_unary_op)op, d, &ge);
                compare(what, ref, &re, got, &ge);
                tc_tensor_unref(ref);
                tc_tensor_unref(got);
            }
            for (int j = 0; j < NDT; j++) {
                char what[96];
                snprintf(what, sizeof what, "cast %s -> %s%s", tc_dtype_name(dt),
                         tc_dtype_name(all_dtypes[j]), s ? " transposed" : "");
                tc_error re = {0}, ge = {0};
                tc_tensor *ref = tc_to(srcs[s], all_dtypes[j], tc_device_cpu(), ".to()", &re);
                tc_tensor *got = tc_to(d, all_dtypes[j], cur.dev, ".to()", &ge);
                compare(what, ref, &re, got, &ge);
                tc_tensor_unref(ref);
                tc_tensor_unref(got);
            }
            /* fill a clone in place, and a strided (transposed) view in place */
            tc_error re = {0}, ge = {0};
            tc_tensor *rc = gt_must(tc_clone(srcs[s], &re), &re, "clone");
            tc_tensor *gc = gt_must(tc_clone(d, &ge), &ge, "clone");
            int r1 = tc_fill_(rc, 2.5, &re), r2 = tc_fill_(gc, 2.5, &ge);
            compare("fill_ 2.5", r1 ? NULL : rc, &re, r2 ? NULL : gc, &ge);
            tc_tensor_unref(rc);
            tc_tensor_unref(gc);
            tc_tensor_unref(d);
        }
        tc_tensor *rf = tc_full(s34, 2, -1.75, dt, tc_device_cpu(), &err);
        tc_error ge = {0};
        tc_tensor *gf = tc_full(s34, 2, -1.75, dt, cur.dev, &ge);
        compare("full -1.75", rf, &err, gf, &ge);
        tc_tensor_unref(rf);
        tc_tensor_unref(gf);
        tc_tensor_unref(a);
        tc_tensor_unref(a43);
        tc_tensor_unref(at);
    }
}

/* ---- scan and sort slots: cumsum, cumprod, argsort along each dim, plain and transposed -- */

static void test_scan_sort(void) {
    int64_t s34[] = {3, 4}, s43[] = {4, 3};
    tc_error err = {0};
    for (int k = 0; k < NDT; k++) {
        tc_dtype dt = all_dtypes[k];
        tc_tensor *a = make(dt, s34, 2, 0), *a43 = make(dt, s43, 2, 1);
        tc_tensor *at = gt_must(tc_t(a43, &err), &err, "t");
        tc_tensor *srcs[2] = {a, at};
        for (int s = 0; s < 2; s++) {
            tc_tensor *d = on(srcs[s], cur.dev);
            for (int dim = -1; dim < 2; dim++)
                for (int op = 0; op < 4; op++) {
                    char what[96];
                    static const char *const names[] = {"cumsum", "cumprod", "argsort", "argsort desc"};
                    snprintf(what, sizeof what, "%s dim %d %s%s", names[op], dim, tc_dtype_name(dt),
                             s ? " transposed" : "");
                    tc_error re = {0}, ge = {0};
                    tc_tensor *ref = op < 2 ? tc_cumsum(srcs[s], dim, -1, op == 1, &re)
                                            : tc_argsort(srcs[s], dim, op == 3, &re);
                    tc_tensor *got = op < 2 ? tc_cumsum(d, dim, -1, op == 1, &ge) : tc_argsort(d, dim, op == 3, &ge);
                    compare(what, ref, &re, got, &ge);
                    tc_tensor_unref(ref);
                    tc_tensor_unref(got);
                }
            tc_tensor_unref(d);
        }
        tc_tensor_unref(a);
        tc_tensor_unref(a43);
        tc_tensor_unref(at);
    }
}

/* ---- where, clamp ------------------------------------------------------------------------ */

static void test_where_clamp(void) {
    int64_t s34[] = {3, 4}, s4[] = {4};
    for (int k = 0; k < NDT; k++) {
        tc_dtype dt = all_dtypes[k];
        tc_tensor *c = make(TC_DTYPE_BOOL, s34, 2, 2), *a = make(dt, s34, 2, 0),
                  *b = make(dt, s4, 1, 1);
        tc_tensor *dc = on(c, cur.dev), *da = on(a, cur.dev), *db = on(b, cur.dev);
        tc_error re = {0}, ge = {0};
        tc_tensor *ref = tc_where(c, a, b, &re), *got = tc_where(dc, da, db, &ge);
        compare("where", ref, &re, got, &ge);
        tc_tensor_unref(ref);
        tc_tensor_unref(got);
        double lo = -2, hi = 1.5;
        const double *los[3] = {&lo, &lo, NULL}, *his[3] = {&hi, NULL, &hi};
        for (int v = 0; v < 3; v++) {
            tc_error re2 = {0}, ge2 = {0};
            tc_tensor *r = tc_clamp(a, los[v], his[v], &re2),
                      *g = tc_clamp(da, los[v], his[v], &ge2);
            compare(v == 0   ? "clamp(-2, 1.5)"
                    : v == 1 ? "clamp(min=-2)"
                             : "clamp(max=1.5)",
                    r, &re2, g, &ge2);
            tc_tensor_unref(r);
            tc_tensor_unref(g);
        }
        tc_tensor_unref(c);
        tc_tensor_unref(a);
        tc_tensor_unref(b);
        tc_tensor_unref(dc);
        tc_tensor_unref(da);
        tc_tensor_unref(db);
    }
}

/* ---- reductions --------------------------------------------------------------------------- */

static void check_reduce(tc_reduce_op op, tc_tensor *a, tc_tensor *da, const int *dims, int nd,
                         bool keep, const char *layout) {
    char what[128];
    snprintf(what, sizeof what, "reduce %d %s %s dims=%d%s%s", (int)op, tc_dtype_name(a->dtype),
             layout, nd ? dims[0] : -99, nd > 1 ? "+" : "", keep ? " keepdim" : "");
    tc_error re = {0}, ge = {0};
    tc_tensor *ref = tc_reduce(op, a, dims, nd, keep, &re);
    tc_tensor *got = tc_reduce(op, da, dims, nd, keep, &ge);
    compare(what, ref, &re, got, &ge);
    tc_tensor_unref(ref);
    tc_tensor_unref(got);
}

static void test_reduce(void) {
    int64_t s234[] = {2, 3, 4}, s43[] = {4, 3};
    static const int d0[] = {0}, d1[] = {1}, dm1[] = {-1}, d02[] = {0, 2};
    struct {
        const int *dims;
        int nd;
    } sets[] = {{NULL, 0}, {d0, 1}, {d1, 1}, {dm1, 1}, {d02, 2}};
    tc_error err = {0};
    for (int k = 0; k < NDT; k++) {
        tc_dtype dt = all_dtypes[k];
        tc_tensor *a = make(dt, s234, 3, 0), *a43 = make(dt, s43, 2, 0);
        tc_tensor *at = gt_must(tc_t(a43, &err), &err, "t");
        tc_tensor *da = on(a, cur.dev), *dat = on(at, cur.dev);
        for (int op = 0; op < TC_REDUCE_OP_COUNT; op++) {
            for (int s = 0; s < 5; s++) {
                for (int keep = 0; keep < 2; keep++) {
                    check_reduce((tc_reduce_op)op, a, da, sets[s].dims, sets[s].nd, keep,
                                 "[2,3,4]");
                    if (sets[s].nd < 2)
                        check_reduce((tc_reduce_op)op, at, dat, sets[s].dims, sets[s].nd, keep,
                                     "[4,3]^T");
                }
            }
        }
        for (int mx = 0; mx < 2; mx++) {
            for (int dim = 0; dim < 3; dim++) {
                tc_tensor *rv = NULL, *ri = NULL, *gv = NULL, *gi = NULL;
                tc_error re = {0}, ge = {0};
                int r1 = tc_reduce_with_indices(mx ? TC_RED_MAX : TC_RED_MIN, a, dim, dim == 1, &rv,
                                                &ri, &re);
                int r2 = tc_reduce_with_indices(mx ? TC_RED_MAX : TC_RED_MIN, da, dim, dim == 1,
                                                &gv, &gi, &ge);
                compare(mx ? "max(dim) values" : "min(dim) values", r1 ? NULL : rv, &re,
                        r2 ? NULL : gv, &ge);
                if (!r1 && !r2) compare("(dim) indices", ri, &re, gi, &ge);
                tc_tensor_unref(rv);
                tc_tensor_unref(ri);
                tc_tensor_unref(gv);
                tc_tensor_unref(gi);
            }
        }
        tc_tensor_unref(a);
        tc_tensor_unref(a43);
        tc_tensor_unref(at);
        tc_tensor_unref(da);
        tc_tensor_unref(dat);
    }
    /* NaN handling of max/argmax and a reduction large enough to be split across blocks */
    float v[6] = {1, NAN, 3, 3, -1, NAN};
    int64_t s23[] = {2, 3};
    tc_tensor *nan =
        gt_must(tc_from_buffer(v, TC_DTYPE_F32, s23, 2, tc_device_cpu(), &err), &err, "nan");
    tc_tensor *dn = on(nan, cur.dev);
    for (int op = TC_RED_MAX; op <= TC_RED_ARGMIN; op++) {
        check_reduce((tc_reduce_op)op, nan, dn, NULL, 0, false, "nan");
        check_reduce((tc_reduce_op)op, nan, dn, d1, 1, false, "nan");
    }
    tc_tensor_unref(nan);
    tc_tensor_unref(dn);
    tc_tensor *r =
        gt_must(tc_arange(0, 1 << 20, 1, TC_DTYPE_F32, tc_device_cpu(), &err), &err, "arange");
    tc_tensor *dr = on(r, cur.dev);
    for (int op = 0; op < TC_REDUCE_OP_COUNT; op++)
        check_reduce((tc_reduce_op)op, r, dr, NULL, 0, false, "1M");
    tc_tensor_unref(r);
    tc_tensor_unref(dr);
    /* empty reductions */
    int64_t s03[] = {0, 3};
    tc_tensor *e = make(TC_DTYPE_F32, s03, 2, 0), *de = on(e, cur.dev);
    for (int op = 0; op < TC_REDUCE_OP_COUNT; op++) {
        check_reduce((tc_reduce_op)op, e, de, d0, 1, false, "[0,3]");
        check_reduce((tc_reduce_op)op, e, de, NULL, 0, false, "[0,3]");
    }
    tc_tensor_unref(e);
    tc_tensor_unref(de);
}

/* ---- matmul ---------------------------------------------------------------------------------- */

static void check_matmul(tc_tensor *a, tc_tensor *b, const char *layout) {
    char what[96];
    snprintf(what, sizeof what, "matmul %s %s", tc_dtype_name(a->dtype), layout);
    tc_tensor *da = on(a, cur.dev), *db = on(b, cur.dev);
    tc_error re = {0}, ge = {0};
    tc_tensor *ref = tc_matmul(a, b, &re), *got = tc_matmul(da, db, &ge);
    compare(what, ref, &re, got, &ge);
    tc_tensor_unref(ref);
    tc_tensor_unref(got);
    tc_tensor_unref(da);
    tc_tensor_unref(db);
}

static void test_matmul(void) {
    tc_dtype dts[] = {TC_DTYPE_F32, TC_DTYPE_F64, TC_DTYPE_I64, TC_DTYPE_I32, TC_DTYPE_F16};
    int64_t s34[] = {3, 4}, s45[] = {4, 5}, s54[] = {5, 4}, s43[] = {4, 3}, s4[] = {4},
            s234[] = {2, 3, 4};
    int64_t s33[] = {3, 3}, s64[] = {64, 96}, s96[] = {96, 80};
    tc_error err = {0};
    for (size_t k = 0; k < sizeof dts / sizeof dts[0]; k++) {
        tc_dtype dt = dts[k];
        tc_tensor *a = make(dt, s34, 2, 0), *b = make(dt, s45, 2, 1);
        tc_tensor *b54 = make(dt, s54, 2, 1), *a43 = make(dt, s43, 2, 0);
        tc_tensor *bt = gt_must(tc_t(b54, &err), &err, "t"),
                  *at = gt_must(tc_t(a43, &err), &err, "t");
        tc_tensor *v = make(dt, s4, 1, 1), *batch = make(dt, s234, 3, 0), *sq = make(dt, s33, 2, 1);
        check_matmul(a, b, "[3,4]@[4,5]");
        check_matmul(a, bt, "[3,4]@[5,4]^T");
        check_matmul(at, b, "[4,3]^T@[4,5]");
        check_matmul(at, bt, "[4,3]^T@[5,4]^T");
        check_matmul(a, v, "[3,4]@[4]");
        check_matmul(batch, b, "[2,3,4]@[4,5]");
        check_matmul(a, sq, "[3,4]@[3,3] (shape error)");
        tc_tensor *big_a = make(dt, s64, 2, 0), *big_b = make(dt, s96, 2, 1);
        check_matmul(big_a, big_b, "[64,96]@[96,80]");
        tc_tensor_unref(big_a);
        tc_tensor_unref(big_b);
        tc_tensor_unref(a);
        tc_tensor_unref(b);
        tc_tensor_unref(b54);
        tc_tensor_unref(a43);
        tc_tensor_unref(bt);
        tc_tensor_unref(at);
        tc_tensor_unref(v);
        tc_tensor_unref(batch);
        tc_tensor_unref(sq);
    }
}

/* ---- convolution and pooling ------------------------------------------------------------------ */

/* conv2d (strides, padding before/after, dilation, groups) and the poolings, values and
 * gradients, on every float dtype and an integer one, from a transposed input. */
static void test_conv_pool(void) {
    static const tc_dtype dts[] = {TC_DTYPE_F32, TC_DTYPE_F64, TC_DTYPE_F16, TC_DTYPE_I64};
    int64_t sx[] = {2, 4, 7, 6}, sw[] = {6, 2, 3, 2}, sb[] = {6}, stw[] = {4, 3, 3, 2};
    tc_error err = {0};
    for (size_t k = 0; k < sizeof dts / sizeof dts[0]; k++) {
        tc_dtype dt = dts[k];
        bool fl = tc_dtype_is_float(dt);
        tc_tensor *x0 = make(dt, sx, 4, 0), *w = make(dt, sw, 4, 1), *b = make(dt, sb, 1, 0);
        tc_tensor *tw = make(dt, stw, 4, 1), *dtw = on(tw, cur.dev); /* conv_transpose's [in, out/g, kh, kw] */
        tc_tensor *x = gt_must(tc_transpose(x0, 2, 3, &err), &err, "transpose"); /* [2, 4, 6, 7] */
        tc_tensor *dx = on(x, cur.dev), *dw = on(w, cur.dev), *db = on(b, cur.dev);
        tc_conv_params p = {{2, 1}, {1, 2}, {2, 1}, {1, 2}, 2, {0, 0}};
        tc_conv_params pt = {{2, 1}, {1, 0}, {0, 0}, {1, 2}, 2, {1, 0}};
        int64_t kk[2] = {3, 2}, ss[2] = {2, 1}, pp[2] = {1, 1}, dd[2] = {1, 2}, div = 5;
        for (int op = 0; op < 6; op++) {
            static const char *const names[] = {"conv2d", "max_pool2d", "avg_pool2d",
                                                "avg_pool2d divisor", "adaptive_avg_pool2d",
                                                "conv_transpose2d"};
            tc_tensor *xs[2] = {x, dx};
            tc_tensor *res[2] = {NULL, NULL}, *grads[2][2] = {{NULL, NULL}, {NULL, NULL}};
            tc_error es[2] = {{0}, {0}};
            for (int side = 0; side < 2; side++) {
                tc_tensor *in = fl ? gt_must(tc_detach(xs[side], &err), &err, "detach") : tc_tensor_ref(xs[side]);
                tc_tensor *w0 = op == 5 ? (side ? dtw : tw) : (side ? dw : w);
                tc_tensor *wt = fl ? gt_must(tc_detach(w0, &err), &err, "detach") : tc_tensor_ref(w0);
                if (fl) {
                    tc_set_requires_grad(in, true, &err);
                    tc_set_requires_grad(wt, true, &err);
                }
                tc_tensor *r = NULL, *idx = NULL;
                tc_error *e = &es[side];
                switch (op) {
                case 0: r = tc_convolution(in, wt, side ? db : b, 2, &p, e); break;
                case 1: if (tc_max_pool2d(in, kk, ss, pp, dd, true, &r, &idx, e)) r = NULL; break;
                case 2: r = tc_avg_pool2d(in, kk, ss, pp, true, false, NULL, e); break;
                case 3: r = tc_avg_pool2d(in, kk, ss, pp, false, true, &div, e); break;
                case 4: r = tc_adaptive_avg_pool2d(in, 4, 3, e); break;
                default: r = tc_conv_transpose(in, wt, side ? db : b, 2, &pt, e); break;
                }
                tc_tensor_unref(idx);
                if (r && fl && dt != TC_DTYPE_F16) {
                    tc_tensor *sq = gt_must(tc_binary(TC_OP_MUL, r, r, &err), &err, "mul");
                    tc_tensor *sum = gt_must(tc_reduce(TC_RED_SUM, sq, NULL, 0, false, &err), &err, "sum");
                    GT_CHECK(tc_backward(sum, &err) == 0, "[%s] backward: %s", cur.name, err.msg);
                    grads[side][0] = tc_tensor_ref(tc_tensor_grad(in));
                    grads[side][1] = op == 0 || op == 5 ? tc_tensor_ref(tc_tensor_grad(wt)) : NULL;
                    tc_tensor_unref(sq);
                    tc_tensor_unref(sum);
                }
                res[side] = r;
                tc_tensor_unref(in);
                tc_tensor_unref(wt);
            }
            char what[96];
            snprintf(what, sizeof what, "%s %s", names[op], tc_dtype_name(dt));
            compare(what, res[0], &es[0], res[1], &es[1]);
            for (int g = 0; g < 2; g++)
                if (grads[0][g]) {
                    snprintf(what, sizeof what, "%s %s grad %d", names[op], tc_dtype_name(dt), g);
                    compare(what, grads[0][g], NULL, grads[1][g], NULL);
                }
            for (int side = 0; side < 2; side++) {
                tc_tensor_unref(res[side]);
                tc_tensor_unref(grads[side][0]);
                tc_tensor_unref(grads[side][1]);
            }
        }
        tc_tensor_unref(x0);
        tc_tensor_unref(x);
        tc_tensor_unref(w);
        tc_tensor_unref(b);
        tc_tensor_unref(dx);
        tc_tensor_unref(dw);
        tc_tensor_unref(db);
        tc_tensor_unref(tw);
        tc_tensor_unref(dtw);
    }
}

/* ---- driver ------------------------------------------------------------------------------------
 */

static void run_all(void) {
    int before = gt_failures, checks = gt_checks;
    test_binary();
    test_unary();
    test_where_clamp();
    test_scan_sort();
    test_reduce();
    test_matmul();
    test_conv_pool();
    printf("%-14s %6d checks, %d failed\n", cur.name, gt_checks - checks, gt_failures - before);
}

int main(void) {
    gpu_init();
    cur = (backend){"cpu", tc_device_cpu(), true};
    run_all();
    const char *name = gpu_backend_name();
    if (name && gpu_device_count() > 0) {
        cur = (backend){name, gt_cuda(), strcmp(name, "cuda-emulated") == 0};
        run_all();
    } else {
        printf(
            "cuda: no CUDA backend on this machine (set TENSORKERNEL_EMULATE_CUDA=1 to emulate)\n");
    }
    return gt_finish("backend ops");
}
