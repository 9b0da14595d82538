/*
 * Layer norm and batch norm as PyTorch's native ops (native_layer_norm, native_batch_norm):
 * shape checks, the running-statistics update, and one autograd node per call
 * (NativeLayerNormBackward0 / NativeBatchNormBackward0) whose backward computes the input's,
 * weight's and bias's gradients together. The compute is cpu-norm.c's, on contiguous
 * float32/float64 CPU tensors (layer norm of float16/bfloat16 in float32, rounded once). With create_graph the node's gradients are composed from
 * recording ops instead (the moments recomputed from the input), so they differentiate again.
 */
#include <math.h>
#include <stdio.h>

#include "autograd.h"

enum { NORM_LAYER, NORM_BATCH };

/* What a node's backward needs (owned references). */
typedef struct norm_ctx {
    int kind;
    tc_tensor *xu, *w, *b;          /* the caller's input and parameters (w, b may be NULL) */
    tc_tensor *x, *wc;              /* contiguous x and w whose data the kernels read */
    tc_tensor *mean, *rstd;         /* layer: per row; batch training: save_mean, save_invstd */
    tc_tensor *running_mean, *running_var; /* batch eval */
    int nnorm;                      /* layer: trailing normalized dims */
    bool train;
    double eps;
} norm_ctx;

static void norm_ctx_free(void *p) {
    norm_ctx *c = p;
    if (!c) return;
    tc_tensor_unref(c->xu);
    tc_tensor_unref(c->x);
    tc_tensor_unref(c->w);
    tc_tensor_unref(c->wc);
    tc_tensor_unref(c->b);
    tc_tensor_unref(c->mean);
    tc_tensor_unref(c->rstd);
    tc_tensor_unref(c->running_mean);
    tc_tensor_unref(c->running_var);
    tc__free(c);
}

static void *data_of(tc_tensor *t) {
    if (!t) return NULL;
    tc_kview v;
    tc__kview(t, &v);
    return v.data;
}

/* t contiguous in dtype cd (a new reference, no graph), or NULL for NULL. */
static tc_tensor *contig(tc_tensor *t, tc_dtype cd, tc_error *err) {
    if (!t) return NULL;
    if (t->dtype == cd) return tc_contiguous(t, err);
    tc_tensor *c = tc__cast(t, cd, err), *r = c ? tc_contiguous(c, err) : NULL;
    tc_tensor_unref(c);
    return r;
}

/* The incoming gradient g as the kernels read it, in x's dtype: contiguous (*rs = N), or, for a
 * layer norm whose gradient is one value expanded over everything (the gradient of a sum), one
 * row of N of it that every row reads (*rs = 0) rather than the whole of it written out. */
static tc_tensor *grad_rows(const norm_ctx *c, tc_tensor *g, int64_t N, int64_t *rs, tc_error *err) {
    tc_dtype cd = c->x->dtype;
    bool one = c->kind == NORM_LAYER && tc_numel(g) > 0 && g->device.type == TC_DEVICE_CPU;
    for (int i = 0; i < g->ndim && one; i++) one = g->strides[i] == 0 || g->shape[i] == 1;
    *rs = one ? 0 : N;
    if (!one) return contig(g, cd, err);
    tc_tensor *row = tc__tensor_new(&N, 1, cd, c->x->device, err);
    if (!row) return NULL;
    double v = tc_load_f64(data_of(g), g->dtype); /* exact for every float type; stored as a cast */
    char *p = data_of(row);
    size_t es = tc_dtype_size(cd);
    for (int64_t j = 0; j < N; j++) tc_store_f64(p + (size_t)j * es, cd, v);
    return row;
}

/* t in dtype dt (steals t; NULL for NULL). */
static tc_tensor *cast_back(tc_tensor *t, tc_dtype dt, tc_error *err) {
    if (!t || t->dtype == dt) return t;
    tc_tensor *r = tc__cast(t, dt, err);
    tc_tensor_unref(t);
    return r;
}

/* float16/bfloat16 compute in float32 (layer norm only), as ATen's kernels accumulate. */
static bool half(tc_dtype dt) { return dt == TC_DTYPE_F16 || dt == TC_DTYPE_BF16; }

static int check_cpu_float(tc_tensor *x, tc_tensor *const *others, int n, const char *op, bool allow_half,
                           tc_error *err) {
    if (x->device.type != TC_DEVICE_CPU ||
        (x->dtype != TC_DTYPE_F32 && x->dtype != TC_DTYPE_F64 && !(allow_half && half(x->dtype))))
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "%s: float32 or float64 CPU tensors only", op);
    for (int i = 0; i < n; i++)
        if (others[i] && (others[i]->dtype != x->dtype || others[i]->device.type != TC_DEVICE_CPU))
            return tc_error_set(err, TC_EXC_RUNTIME, "%s: expected all tensors of dtype %s on the CPU", op,
                                tc__dtype_title(x->dtype));
    return 0;
}

/* ---- the gradients composed of recording ops (create_graph) ------------------------------- */

static tc_scalar fsc(double v) { tc_scalar s = {.kind = TC_SCALAR_FLOAT, .v.f = v}; return s; }
static tc_tensor *bin(tc_binary_op op, tc_tensor *a, tc_tensor *b, tc_error *e) {
    return a && b ? tc_binary(op, a, b, e) : NULL;
}
static tc_tensor *red(tc_reduce_op op, tc_tensor *t, const int *dims, int nd, bool keep, tc_error *e) {
    return t ? tc_reduce(op, t, dims, nd, keep, e) : NULL;
}
#define UNREF(...)                                                                                 \
    do {                                                                                           \
        tc_tensor *u_[] = {__VA_ARGS__};                                                           \
        for (size_t i_ = 0; i_ < sizeof u_ / sizeof *u_; i_++) tc_tensor_unref(u_[i_]);            \
    } while (0)

/* c's parameter p ([C] for batch norm, the normalized shape for layer norm) shaped to broadcast
 * against x; a new reference. */
static tc_tensor *param_view(const norm_ctx *c, tc_tensor *p, tc_error *e) {
    if (c->kind == NORM_LAYER) return tc_tensor_ref(p);
    int64_t shape[TC_MAX_DIMS];
    int nd = c->x->ndim - 1;
    shape[0] = p->shape[0];
    for (int i = 1; i < nd; i++) shape[i] = 1;
    return tc_view(p, shape, nd, e);
}

static int composed_grads(const norm_ctx *c, tc_tensor *g, tc_tensor *x, tc_tensor **grads, tc_error *e) {
    int dims[TC_MAX_DIMS], nd = 0, pdims[TC_MAX_DIMS], npd = 0;
    if (c->kind == NORM_LAYER) {
        for (int i = x->ndim - c->nnorm; i < x->ndim; i++) dims[nd++] = i;
        for (int i = 0; i < x->ndim - c->nnorm; i++) pdims[npd++] = i;
    } else {
        dims[nd++] = 0;
        for (int i = 2; i < x->ndim; i++) dims[nd++] = i;
        memcpy(pdims, dims, sizeof dims);
        npd = nd;
    }
    tc_tensor *mean = NULL, *xc = NULL, *var = NULL, *ve = NULL, *rstd = NULL, *xhat = NULL;
    if (c->kind == NORM_BATCH && !c->train) {
        tc_tensor *rm = param_view(c, c->running_mean, e), *rv = param_view(c, c->running_var, e);
        xc = bin(TC_OP_SUB, x, rm, e);
        ve = rv ? tc_binary_scalar(TC_OP_ADD, rv, fsc(c->eps), e) : NULL;
        UNREF(rm, rv);
    } else {
        mean = red(TC_RED_MEAN, x, dims, nd, true, e);
        xc = bin(TC_OP_SUB, x, mean, e);
        tc_tensor *sq = bin(TC_OP_MUL, xc, xc, e);
        var = red(TC_RED_MEAN, sq, dims, nd, true, e);
        ve = var ? tc_binary_scalar(TC_OP_ADD, var, fsc(c->eps), e) : NULL;
        tc_tensor_unref(sq);
    }
    rstd = ve ? tc_unary(TC_UOP_RSQRT, ve, e) : NULL;
    xhat = bin(TC_OP_MUL, xc, rstd, e);
    int r = xhat ? 0 : -1;
    if (r == 0 && c->xu->requires_grad) {
        tc_tensor *wv = c->w ? param_view(c, c->w, e) : NULL;
        tc_tensor *gh = c->w ? bin(TC_OP_MUL, g, wv, e) : tc_tensor_ref(g);
        if (c->kind == NORM_BATCH && !c->train) {
            grads[0] = bin(TC_OP_MUL, gh, rstd, e);
        } else { /* rstd * (gh - mean(gh) - xhat * mean(gh * xhat)) */
            tc_tensor *m1 = red(TC_RED_MEAN, gh, dims, nd, true, e);
            tc_tensor *p = bin(TC_OP_MUL, gh, xhat, e);
            tc_tensor *m2 = red(TC_RED_MEAN, p, dims, nd, true, e);
            tc_tensor *t1 = bin(TC_OP_SUB, gh, m1, e), *t2 = bin(TC_OP_MUL, xhat, m2, e);
            tc_tensor *t3 = bin(TC_OP_SUB, t1, t2, e);
            grads[0] = bin(TC_OP_MUL, rstd, t3, e);
            UNREF(m1, p, m2, t1, t2, t3);
        }
        UNREF(wv, gh);
        if (!grads[0]) r = -1;
    }
    if (r == 0 && c->w && c->w->requires_grad) {
        tc_tensor *p = bin(TC_OP_MUL, g, xhat, e);
        grads[1] = npd ? red(TC_RED_SUM, p, pdims, npd, false, e) : (p ? tc_tensor_ref(p) : NULL);
        tc_tensor_unref(p);
        if (!grads[1]) r = -1;
    }
    if (r == 0 && c->b && c->b->requires_grad) {
        grads[2] = npd ? red(TC_RED_SUM, g, pdims, npd, false, e) : tc_tensor_ref(g);
        if (!grads[2]) r = -1;
    }
    UNREF(mean, xc, var, ve, rstd, xhat);
    return r;
}

/* ---- the node's backward ------------------------------------------------------------------ */

static int norm_backward(void *ctx, tc_tensor *g_in, int n, tc_tensor **grads, tc_error *err) {
    const norm_ctx *c = ctx;
    for (int i = 0; i < n; i++) grads[i] = NULL;
    bool want_x = c->xu->requires_grad, want_w = c->w && c->w->requires_grad,
         want_b = c->b && c->b->requires_grad;
    int r = 0;
    tc_tensor *g = NULL, *x = c->x;
    int64_t M = 1, N = 1, dy_rs; /* a layer norm's rows */
    for (int i = 0; i < x->ndim; i++) {
        if (i < x->ndim - c->nnorm)
            M *= x->shape[i];
        else
            N *= x->shape[i];
    }
    if (tc_grad_enabled() && (g_in->requires_grad || want_x || want_w || want_b)) {
        r = composed_grads(c, g_in, c->xu, grads, err);
    } else if (!(g = grad_rows(c, g_in, N, &dy_rs, err))) {
        r = -1;
    } else {
        tc_tensor *dx = want_x ? tc__tensor_new(x->shape, x->ndim, x->dtype, x->device, err) : NULL;
        tc_tensor *dw = want_w ? tc__tensor_new(c->w->shape, c->w->ndim, x->dtype, x->device, err) : NULL;
        tc_tensor *db = want_b ? tc__tensor_new(c->b->shape, c->b->ndim, x->dtype, x->device, err) : NULL;
        if ((want_x && !dx) || (want_w && !dw) || (want_b && !db)) {
            r = -1;
        } else if (c->kind == NORM_LAYER) {
            r = tc__cpu_layer_norm_backward(x->dtype, M, N, data_of(g), dy_rs, data_of(x), data_of(c->mean),
                                            data_of(c->rstd), data_of(c->wc), data_of(dx), data_of(dw),
                                            data_of(db), err);
        } else {
            int64_t B = x->shape[0], C = x->shape[1], S = 1;
            for (int i = 2; i < x->ndim; i++) S *= x->shape[i];
            r = tc__cpu_batch_norm_backward(x->dtype, B, C, S, data_of(g), data_of(x), data_of(c->wc),
                                            data_of(c->running_mean), data_of(c->running_var),
                                            data_of(c->mean), data_of(c->rstd), c->train, c->eps,
                                            data_of(dx), data_of(dw), data_of(db), err);
        }
        if (r == 0) {
            grads[0] = cast_back(dx, c->xu->dtype, err);
            grads[1] = cast_back(dw, want_w ? c->w->dtype : x->dtype, err);
            grads[2] = cast_back(db, want_b ? c->b->dtype : x->dtype, err);
            if ((want_x && !grads[0]) || (want_w && !grads[1]) || (want_b && !grads[2])) r = -1;
        } else {
            UNREF(dx, dw, db);
        }
    }
    tc_tensor_unref(g);
    if (r) {
        for (int i = 0; i < n; i++) {
            tc_tensor_unref(grads[i]);
            grads[i] = NULL;
        }
    }
    return r;
}

/* Attach the node to out; c is the node's from then on (freed here on failure). */
static int norm_record(tc_tensor *out, const char *name, norm_ctx *c, tc_error *err) {
    tc_tensor *ins[3] = {c->xu, c->w, c->b};
    if (tc_grad_record_custom(out, name, ins, 3, norm_backward, c, norm_ctx_free, err)) {
        norm_ctx_free(c);
        return -1;
    }
    return 0;
}

static bool any_requires(tc_tensor *x, tc_tensor *w, tc_tensor *b) {
    return tc_grad_enabled() && (x->requires_grad || (w && w->requires_grad) || (b && b->requires_grad));
}

/* ---- layer norm --------------------------------------------------------------------------- */

static int layer_norm_finish(tc_tensor *x, tc_tensor *w, tc_tensor *b, tc_tensor *xc, tc_tensor *wc, tc_tensor *bc,
                             tc_tensor *y, tc_tensor *mean, tc_tensor *rstd, tc_tensor *fm, tc_tensor *fr, int nnorm,
                             double eps, tc_tensor **out, tc_tensor **mean_out, tc_tensor **rstd_out,
                             tc_error *err);

int tc_layer_norm(tc_tensor *x, const int64_t *ns, int nnorm, tc_tensor *w, tc_tensor *b, double eps,
                  tc_tensor **out, tc_tensor **mean_out, tc_tensor **rstd_out, tc_error *err) {
    *out = NULL;
    if (mean_out) *mean_out = NULL;
    if (rstd_out) *rstd_out = NULL;
    char a1[256], a2[256];
    if (nnorm < 1)
        return tc_error_set(err, TC_EXC_RUNTIME, "Expected normalized_shape to be at least 1-dimensional, i.e., "
                            "containing at least one element, but got normalized_shape = %s",
                            tc__shape_str(ns, nnorm, a1, sizeof a1));
    tc_tensor *ps[2] = {w, b};
    for (int i = 0; i < 2; i++)
        if (ps[i] && (ps[i]->ndim != nnorm || memcmp(ps[i]->shape, ns, sizeof *ns * (size_t)nnorm))) {
            const char *what = i ? "bias" : "weight";
            return tc_error_set(err, TC_EXC_RUNTIME, "Expected %s to be of same shape as normalized_shape, but got "
                                "%s of shape %s and normalized_shape = %s", what, what,
                                tc__shape_str(ps[i]->shape, ps[i]->ndim, a1, sizeof a1),
                                tc__shape_str(ns, nnorm, a2, sizeof a2));
        }
    if (x->ndim < nnorm || memcmp(x->shape + x->ndim - nnorm, ns, sizeof *ns * (size_t)nnorm)) {
        char star[600];
        int p = snprintf(star, sizeof star, "[*");
        for (int i = 0; i < nnorm && p < (int)sizeof star; i++)
            p += snprintf(star + p, sizeof star - (size_t)p, ", %lld", (long long)ns[i]);
        return tc_error_set(err, TC_EXC_RUNTIME, "Given normalized_shape=%s, expected input with shape %s], but got "
                            "input of size%s", tc__shape_str(ns, nnorm, a1, sizeof a1), star,
                            tc__shape_str(x->shape, x->ndim, a2, sizeof a2));
    }
    if (check_cpu_float(x, ps, 2, "layer_norm", true, err)) return -1;
    int lead = x->ndim - nnorm;
    int64_t M = tc__shape_numel(x->shape, lead), N = tc__shape_numel(x->shape + lead, nnorm);
    int64_t sshape[TC_MAX_DIMS];
    memcpy(sshape, x->shape, sizeof *sshape * (size_t)x->ndim);
    for (int i = lead; i < x->ndim; i++) sshape[i] = 1;
    tc_dtype cd = half(x->dtype) ? TC_DTYPE_F32 : x->dtype;
    tc_tensor *xc = contig(x, cd, err), *wc = xc ? contig(w, cd, err) : NULL, *bc = NULL;
    if (xc && (!w || wc)) bc = contig(b, cd, err);
    tc_tensor *y = NULL, *mean = NULL, *rstd = NULL;
    if (xc && (!w || wc) && (!b || bc)) {
        y = tc__tensor_new(x->shape, x->ndim, cd, x->device, err);
        mean = y ? tc__tensor_new(sshape, x->ndim, cd, x->device, err) : NULL;
        rstd = mean ? tc__tensor_new(sshape, x->ndim, cd, x->device, err) : NULL;
    }
    if (!rstd) {
        UNREF(xc, wc, bc, y, mean);
        return -1;
    }
    if (M > 0 && N > 0)
        tc__cpu_layer_norm(cd, M, N, data_of(xc), data_of(wc), data_of(bc), eps, data_of(y), data_of(mean),
                           data_of(rstd));
    else if (M > 0) { /* PyTorch's moments of nothing */
        if (tc_fill_(mean, NAN, err) || tc_fill_(rstd, NAN, err)) {
            UNREF(xc, wc, bc, y, mean, rstd);
            return -1;
        }
    }
    tc_tensor *fm = tc_tensor_ref(mean), *fr = tc_tensor_ref(rstd); /* for the node, in cd */
    if (cd != x->dtype) { /* rounded once, as ATen's float16/bfloat16 kernels store */
        y = cast_back(y, x->dtype, err);
        mean = cast_back(mean, x->dtype, err);
        rstd = cast_back(rstd, x->dtype, err);
        if (!y || !mean || !rstd) {
            UNREF(xc, wc, bc, y, mean, rstd, fm, fr);
            return -1;
        }
    }
    return layer_norm_finish(x, w, b, xc, wc, bc, y, mean, rstd, fm, fr, nnorm, eps, out, mean_out, rstd_out, err);
}

/* The node of a layer norm (fm, fr: the statistics in the compute dtype, stolen), the
 * results handed out; every reference given is consumed. */
static int layer_norm_finish(tc_tensor *x, tc_tensor *w, tc_tensor *b, tc_tensor *xc, tc_tensor *wc, tc_tensor *bc,
                             tc_tensor *y, tc_tensor *mean, tc_tensor *rstd, tc_tensor *fm, tc_tensor *fr, int nnorm,
                             double eps, tc_tensor **out, tc_tensor **mean_out, tc_tensor **rstd_out,
                             tc_error *err) {
    int r = 0;
    if (any_requires(x, w, b)) {
        norm_ctx *c = tc__calloc(1, sizeof *c);
        if (!c) {
            r = tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
        } else {
            *c = (norm_ctx){.kind = NORM_LAYER, .xu = tc_tensor_ref(x), .w = tc_tensor_ref(w), .b = tc_tensor_ref(b),
                            .x = tc_tensor_ref(xc), .wc = tc_tensor_ref(wc), .mean = tc_tensor_ref(fm),
                            .rstd = tc_tensor_ref(fr), .nnorm = nnorm, .eps = eps};
            r = norm_record(y, "NativeLayerNormBackward0", c, err);
        }
    }
    UNREF(xc, wc, bc, fm, fr);
    if (r) {
        UNREF(y, mean, rstd);
        return -1;
    }
    *out = y;
    if (mean_out) *mean_out = mean; else tc_tensor_unref(mean);
    if (rstd_out) *rstd_out = rstd; else tc_tensor_unref(rstd);
    return 0;
}

/* ---- batch norm --------------------------------------------------------------------------- */

static int bn_param_check(tc_tensor *p, const char *what, int64_t C, tc_error *err) {
    if (p && tc__shape_numel(p->shape, p->ndim) != C)
        return tc_error_set(err, TC_EXC_RUNTIME, "%s should contain %lld elements not %lld", what, (long long)C,
                            (long long)tc__shape_numel(p->shape, p->ndim));
    return 0;
}

int tc_batch_norm(tc_tensor *x, tc_tensor *w, tc_tensor *b, tc_tensor *running_mean, tc_tensor *running_var,
                  bool training, double momentum, double eps, tc_tensor **out, tc_tensor **save_mean,
                  tc_tensor **save_invstd, tc_error *err) {
    *out = NULL;
    if (save_mean) *save_mean = NULL;
    if (save_invstd) *save_invstd = NULL;
    tc_tensor *ps[4] = {w, b, running_mean, running_var};
    if (check_cpu_float(x, ps, 4, "batch_norm", false, err)) return -1;
    if (x->ndim < 2) {
        char xs[256];
        return tc_error_set(err, TC_EXC_RUNTIME, "batch_norm: expected at least 2 dims, got input of size %s",
                            tc__shape_str(x->shape, x->ndim, xs, sizeof xs));
    }
    int64_t B = x->shape[0], C = x->shape[1], S = tc__shape_numel(x->shape + 2, x->ndim - 2);
    if (bn_param_check(w, "weight", C, err) || bn_param_check(b, "bias", C, err) ||
        bn_param_check(running_mean, "running_mean", C, err) || bn_param_check(running_var, "running_var", C, err))
        return -1;
    if (!training && (!running_mean || !running_var))
        return tc_error_set(err, TC_EXC_RUNTIME, "running_mean and running_var must be defined in evaluation mode");
    for (int i = 2; i < 4; i++)
        if (ps[i] && !tc_is_contiguous(ps[i]))
            return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "batch_norm: running statistics must be contiguous");
    tc_tensor *xc = contig(x, x->dtype, err), *wc = xc ? contig(w, x->dtype, err) : NULL, *bc = NULL;
    if (xc && (!w || wc)) bc = contig(b, x->dtype, err);
    tc_tensor *y = NULL, *sm = NULL, *si = NULL;
    int64_t cshape[1] = {training ? C : 0};
    if (xc && (!w || wc) && (!b || bc)) {
        y = tc__tensor_new(x->shape, x->ndim, x->dtype, x->device, err);
        sm = y ? tc__tensor_new(cshape, 1, x->dtype, x->device, err) : NULL;
        si = sm ? tc__tensor_new(cshape, 1, x->dtype, x->device, err) : NULL;
    }
    int r = si ? 0 : -1;
    if (r == 0 && tc_numel(x) == 0 && training && C > 0) /* the statistics of no values */
        r = tc_fill_(sm, NAN, err) || tc_fill_(si, NAN, err) ? -1 : 0;
    else if (r == 0 && tc_numel(x) > 0)
        r = tc__cpu_batch_norm(x->dtype, B, C, S, data_of(xc), data_of(wc), data_of(bc),
                               data_of(running_mean), data_of(running_var), training,
                               momentum, eps, data_of(y), data_of(sm), data_of(si), err);
    if (r == 0 && any_requires(x, w, b)) {
        norm_ctx *c = tc__calloc(1, sizeof *c);
        if (!c) {
            r = tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
        } else {
            *c = (norm_ctx){.kind = NORM_BATCH, .xu = tc_tensor_ref(x), .w = tc_tensor_ref(w), .b = tc_tensor_ref(b),
                            .x = tc_tensor_ref(xc), .wc = tc_tensor_ref(wc), .mean = tc_tensor_ref(sm), .rstd = tc_tensor_ref(si), .train = training, .eps = eps};
            if (!training) {
                /* PyTorch keeps the running statistics themselves: a later training step's
                 * update is what the backward sees */
                c->running_mean = tc_tensor_ref(running_mean);
                c->running_var = tc_tensor_ref(running_var);
            }
            r = norm_record(y, "NativeBatchNormBackward0", c, err);
        }
    }
    UNREF(xc, wc, bc);
    if (r) {
        UNREF(y, sm, si);
        return -1;
    }
    *out = y;
    if (save_mean) *save_mean = sm; else tc_tensor_unref(sm);
    if (save_invstd) *save_invstd = si; else tc_tensor_unref(si);
    return 0;
}
