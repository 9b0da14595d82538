/*
 * Ops that PyTorch implements as compositions of others, written here the same way: every
 * one is built from the backend-neutral ops (elementwise, reductions, views, advanced
 * indexing), so it runs on any device and differentiates through its parts. The node that
 * the result carries is then renamed to PyTorch's ("StdBackward0"), so grad_fn prints as in
 * PyTorch while the gradient comes from the composed graph.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "autograd.h"
#include "cpu-loops.h"

static tc_scalar fsc(double v) { tc_scalar s = {.kind = TC_SCALAR_FLOAT, .v.f = v}; return s; }
static tc_scalar isc(int64_t v) { tc_scalar s = {.kind = TC_SCALAR_INT, .v.i = v}; return s; }

/* The result's node takes PyTorch's name; out is returned (NULL passes through). */
static tc_tensor *named(tc_tensor *out, const char *name) {
    if (out && out->grad_fn) out->grad_fn->name = name;
    return out;
}

/* Unref a list of tensors (NULLs are fine). */
#define DROP(...)                                                                          \
    do {                                                                                   \
        tc_tensor *drop_[] = {__VA_ARGS__};                                                \
        for (size_t i_ = 0; i_ < sizeof drop_ / sizeof *drop_; i_++) tc_tensor_unref(drop_[i_]); \
    } while (0)

static tc_tensor *bin(tc_binary_op op, tc_tensor *a, tc_tensor *b, tc_error *e) {
    return a && b ? tc_binary(op, a, b, e) : NULL;
}
static tc_tensor *bins(tc_binary_op op, tc_tensor *a, tc_scalar s, tc_error *e) {
    return a ? tc_binary_scalar(op, a, s, e) : NULL;
}
static tc_tensor *un(tc_unary_op op, tc_tensor *a, tc_error *e) { return a ? tc_unary(op, a, e) : NULL; }
static tc_tensor *red(tc_reduce_op op, tc_tensor *a, const int *dims, int n, bool keep, tc_error *e) {
    return a ? tc_reduce(op, a, dims, n, keep, e) : NULL;
}

/* t detached from the graph (consumes t), for shifts that must not be differentiated. */
static tc_tensor *nograd(tc_tensor *t, tc_error *e) {
    tc_tensor *r = t ? tc_detach(t, e) : NULL;
    tc_tensor_unref(t);
    return r;
}

static tc_tensor *zero_of(tc_tensor *like, tc_dtype dt, tc_error *e) {
    return tc_zeros(NULL, 0, dt, like->device, e);
}

/* A 0-dim tensor with value v, dtype dt, on like's device. */
static tc_tensor *scalar_of(tc_tensor *like, double v, tc_dtype dt, tc_error *e) {
    return tc_full(NULL, 0, v, dt, like->device, e);
}

/* Number of elements over the reduced dims (all when ndims == 0). */
static int64_t reduced_count(const tc_tensor *t, const int *dims, int ndims) {
    if (ndims == 0) return tc_numel(t);
    int64_t n = 1;
    for (int i = 0; i < ndims; i++) {
        int d = dims[i] < 0 ? dims[i] + t->ndim : dims[i];
        if (t->ndim) n *= t->shape[d];
    }
    return n;
}

void tc_grad_fn_rename(tc_tensor *t, const char *name) { named(t, name); }

uintptr_t tc_data_address(const tc_tensor *t) {
    tc_kview kv;
    tc__kview(t, &kv);
    return (uintptr_t)kv.data;
}

/* ---- statistics -------------------------------------------------------------------------- */

/* The reduction of t over red_dim (all dims when ndims is 0; NULL return 0 for dims that are
 * out of range or repeated) prepared for the CPU kernels: red_dim filled, the output's shape
 * (keepdim or not) and count. */
static int reduce_dims(const tc_tensor *t, const int *dims, int ndims, bool keepdim, bool *red_dim,
                       int64_t *oshape, int *on, int64_t *ocount) {
    for (int d = 0; d < TC_MAX_DIMS; d++) red_dim[d] = ndims == 0;
    for (int i = 0; i < ndims; i++) {
        int d;
        if (tc__wrap_dim(dims[i], t->ndim, &d, NULL) || red_dim[d]) return -1;
        red_dim[d] = true;
    }
    *on = 0;
    *ocount = 1;
    for (int d = 0; d < t->ndim; d++) {
        if (!red_dim[d]) *ocount *= (oshape[(*on)++] = t->shape[d]);
        else if (keepdim) oshape[(*on)++] = 1;
    }
    return 0;
}

/* Whether t's reduced dims (of size above one) fill one contiguous run of memory below all of
 * its kept dims: where ATen's TensorIterator sees a single contiguous reduced dim. */
static bool reduced_lastdim(const tc_tensor *t, const bool *red_dim) {
    int rd[TC_MAX_DIMS], nr = 0;
    for (int d = 0; d < t->ndim; d++)
        if (red_dim[d] && t->shape[d] > 1) rd[nr++] = d;
    for (int i = 1; i < nr; i++) /* by stride, innermost first */
        for (int j = i; j > 0 && t->strides[rd[j - 1]] > t->strides[rd[j]]; j--) {
            int tmp = rd[j];
            rd[j] = rd[j - 1];
            rd[j - 1] = tmp;
        }
    int64_t extent = 1;
    for (int i = 0; i < nr; i++) {
        if (t->strides[rd[i]] != extent) return false;
        extent *= t->shape[rd[i]];
    }
    for (int d = 0; d < t->ndim; d++)
        if (!red_dim[d] && t->shape[d] > 1 && t->strides[d] < extent) return false;
    return nr > 0;
}

/* t's data as [A, R, B] with the R reduced elements of each output b apart (a new contiguous
 * reference in *xc): the reduced dims (of size above one) are one block of t's dims, else
 * they are moved last (B = 1), and so when they are t's innermost memory (*lastdim: the
 * layout where ATen reduces over one contiguous dim). */
static int reduce_block(tc_tensor *t, const bool *red_dim, int64_t ocount, tc_tensor **xc, int64_t *A,
                        int64_t *R, int64_t *B, bool *lastdim, tc_error *err) {
    int first = -1, last = -1;
    bool block = true, kept_after = false;
    for (int d = 0; d < t->ndim; d++) {
        if (t->shape[d] == 1) continue;
        if (!red_dim[d]) {
            kept_after = first >= 0;
            continue;
        }
        if (kept_after) block = false;
        if (first < 0) first = d;
        last = d;
    }
    int64_t n = tc_numel(t);
    *R = ocount ? n / ocount : 0;
    *A = ocount;
    *B = 1;
    *lastdim = reduced_lastdim(t, red_dim);
    if (block && !*lastdim && first >= 0) {
        *A = *B = 1;
        for (int d = 0; d < first; d++) *A *= t->shape[d];
        for (int d = last + 1; d < t->ndim; d++) *B *= t->shape[d];
    }
    if (block && !*lastdim) {
        *xc = tc_contiguous(t, err);
        return *xc ? 0 : -1;
    }
    /* kept dims first, then the reduced ones outermost memory first */
    int perm[TC_MAX_DIMS], k = 0;
    for (int d = 0; d < t->ndim; d++)
        if (!red_dim[d]) perm[k++] = d;
    int r0 = k;
    for (int d = 0; d < t->ndim; d++)
        if (red_dim[d]) perm[k++] = d;
    if (*lastdim)
        for (int i = r0 + 1; i < k; i++)
            for (int j = i; j > r0 && t->strides[perm[j - 1]] < t->strides[perm[j]]; j--) {
                int tmp = perm[j];
                perm[j] = perm[j - 1];
                perm[j - 1] = tmp;
            }
    tc_tensor *p = tc_permute(t, perm, t->ndim, err);
    *xc = p ? tc_contiguous(p, err) : NULL;
    tc_tensor_unref(p);
    return *xc ? 0 : -1;
}

/* var/std of a float32/float64 CPU tensor with ATen's kernels (cpu-reduce.c): one output is
 * the two-pass sum of (x - mean)^2 about the input dtype's mean, several are Welford per
 * output over its elements in memory order. Returns 1 with *out set (NULL on error, err set),
 * or 0 when the case is not one of these (bad dims, empty, other devices and dtypes). */
static int var_native(tc_tensor *t, const int *dims, int ndims, double correction, bool keepdim,
                      bool take_sqrt, tc_tensor **out, tc_error *err) {
    bool red_dim[TC_MAX_DIMS];
    int64_t oshape[TC_MAX_DIMS], ocount;
    int on;
    if (t->device.type != TC_DEVICE_CPU || (t->dtype != TC_DTYPE_F32 && t->dtype != TC_DTYPE_F64) ||
        tc_numel(t) == 0 || reduce_dims(t, dims, ndims, keepdim, red_dim, oshape, &on, &ocount))
        return 0;
    bool f64 = t->dtype == TC_DTYPE_F64, lastdim;
    int64_t n = tc_numel(t), A, R, B;
    tc_tensor *o = tc__tensor_new(oshape, on, t->dtype, t->device, err), *xc = NULL;
    *out = NULL;
    if (!o) return 1;
    if (ocount == 1) { /* std_var_all_cpu: about the mean in the input's dtype */
        xc = tc_contiguous(t, err);
        tc_tensor *m = xc ? tc_reduce(TC_RED_MEAN, xc, NULL, 0, false, err) : NULL;
        tc_scalar ms;
        if (!m || tc_item(m, &ms, err)) {
            DROP(m, xc, o);
            return 1;
        }
        double sum = tc__cpu_sum_dx2(tc_data_ptr(xc), f64, n, ms.v.f);
        double div = (double)n - correction, v = sum / (div > 0 ? div : 0);
        if (take_sqrt) v = sqrt(v);
        if (f64) *(double *)tc_data_ptr(o) = v;
        else *(float *)tc_data_ptr(o) = (float)v;
        DROP(m, xc);
        *out = o;
        return 1;
    }
    if (reduce_block(t, red_dim, ocount, &xc, &A, &R, &B, &lastdim, err)) {
        DROP(o);
        return 1;
    }
    tc__cpu_var_welford(tc_data_ptr(xc), f64, A, R, B, correction, take_sqrt, tc_data_ptr(o));
    DROP(xc);
    *out = o;
    return 1;
}

/* The 2-norm of a float32/float64 CPU tensor with ATen's kernels (cpu-reduce.c), for a
 * result that needs no gradient: over a contiguous last block in vector lanes, else one sum
 * of squares per output, in the input's dtype. Returns as var_native does. */
static int norm2_native(tc_tensor *t, const int *dims, int ndims, bool keepdim, tc_tensor **out,
                        tc_error *err) {
    bool red_dim[TC_MAX_DIMS], lastdim;
    int64_t oshape[TC_MAX_DIMS], ocount, A, R, B;
    int on;
    if (t->device.type != TC_DEVICE_CPU || (t->dtype != TC_DTYPE_F32 && t->dtype != TC_DTYPE_F64) ||
        tc_numel(t) == 0 || tc__needs_grad(t, NULL) ||
        reduce_dims(t, dims, ndims, keepdim, red_dim, oshape, &on, &ocount))
        return 0;
    tc_tensor *o = tc__tensor_new(oshape, on, t->dtype, t->device, err), *xc = NULL;
    *out = NULL;
    if (!o) return 1;
    if (ocount == 0 || reduce_block(t, red_dim, ocount, &xc, &A, &R, &B, &lastdim, err)) {
        if (ocount == 0) *out = o;
        else DROP(o);
        return 1;
    }
    tc__cpu_norm2(tc_data_ptr(xc), t->dtype == TC_DTYPE_F64, A, R, B, lastdim, tc_data_ptr(o));
    DROP(xc);
    *out = o;
    return 1;
}

/* var/std over dims with 'correction' (Bessel's 1 by default). PyTorch accumulates in double
 * (Welford over dims, two passes over all elements); computing in float64 and rounding once
 * gives the same float32 results. */
tc_tensor *tc_var(tc_tensor *t, const int *dims, int ndims, double correction, bool keepdim,
                  bool take_sqrt, tc_error *err) {
    if (tc__require_strided(t, take_sqrt ? "std" : "var", err)) return NULL;
    if (tc_dtype_is_complex(t->dtype)) { /* PyTorch: var(real) + var(imag); no gradient */
        tc_tensor *re = tc_real(t, err), *im = re ? tc_imag(t, err) : NULL;
        tc_tensor *vr = im ? tc_var(re, dims, ndims, correction, keepdim, false, err) : NULL;
        tc_tensor *vi = vr ? tc_var(im, dims, ndims, correction, keepdim, false, err) : NULL;
        tc_tensor *v = vi ? tc_binary(TC_OP_ADD, vr, vi, err) : NULL;
        tc_tensor *r = v && take_sqrt ? tc_unary(TC_UOP_SQRT, v, err) : tc_tensor_ref(v);
        DROP(re, im, vr, vi, v);
        return r;
    }
    if (!tc_dtype_is_float(t->dtype)) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "std and var only support floating point and complex dtypes");
        return NULL;
    }
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false); /* the value only: the node below carries PyTorch's formula */
    tc_tensor *out = NULL;
    if (var_native(t, dims, ndims, correction, keepdim, take_sqrt, &out, err) == 0) {
        tc_tensor *x = tc_to(t, TC_DTYPE_F64, t->device, ".to()", err);
        tc_tensor *m = red(TC_RED_MEAN, x, dims, ndims, true, err);
        tc_tensor *d = bin(TC_OP_SUB, x, m, err);
        tc_tensor *sq = bin(TC_OP_MUL, d, d, err);
        tc_tensor *s = red(TC_RED_SUM, sq, dims, ndims, keepdim, err);
        double n = (double)reduced_count(t, dims, ndims) - correction;
        tc_tensor *v = bins(TC_OP_DIV, s, fsc(n > 0 ? n : 0), err);
        tc_tensor *r = take_sqrt ? un(TC_UOP_SQRT, v, err) : tc_tensor_ref(v);
        out = r ? tc_to(r, t->dtype, t->device, ".to()", err) : NULL;
        DROP(x, m, d, sq, s, v, r);
    }
    tc_set_grad_enabled(was);
    if (out && tc__needs_grad(t, NULL)) {
        /* one node with var_backward's formula (autograd.c): its bits, and a gradient that
         * differentiates again (create_graph) */
        tc__gargs ga = {.scalar = correction, .b = keepdim, .a = take_sqrt, .ndims = ndims};
        for (int i = 0; i < ndims; i++) ga.dims[i] = dims[i] < 0 ? dims[i] + t->ndim : dims[i];
        for (int i = 1; i < ndims; i++) /* ascending, for unsqueezing the gradient back */
            for (int j = i; j > 0 && ga.dims[j - 1] > ga.dims[j]; j--) {
                int tmp = ga.dims[j];
                ga.dims[j] = ga.dims[j - 1];
                ga.dims[j - 1] = tmp;
            }
        if (tc__grad_record(out, take_sqrt ? "StdBackward0" : "VarBackward0", TC_G_VAR, t, NULL, NULL, &ga, err)) {
            tc_tensor_unref(out);
            return NULL;
        }
    }
    return out;
}

/* torch.linalg.vector_norm: p = 2 by default; inf/-inf are max/min of |x|, 0 counts nonzeros. */
tc_tensor *tc_vector_norm(tc_tensor *t, double p, const int *dims, int ndims, bool keepdim,
                          tc_error *err) {
    if (tc__require_strided(t, "linalg_vector_norm", err)) return NULL;
    if (tc_dtype_is_complex(t->dtype)) { /* the norm of |z|, as PyTorch; no gradient */
        tc_tensor *a = tc_unary(TC_UOP_ABS, t, err);
        tc_tensor *r = a ? tc_vector_norm(a, p, dims, ndims, keepdim, err) : NULL;
        tc_tensor_unref(a);
        return r;
    }
    if (!tc_dtype_is_float(t->dtype)) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                     "linalg.vector_norm: Expected a floating point or complex tensor as input. Got %s",
                     tc__dtype_title(t->dtype));
        return NULL;
    }
    if (isinf(p) && tc_numel(t) == 0) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "linalg.vector_norm cannot compute the %s norm on an empty tensor because the "
                     "operation does not have an identity", p > 0 ? "inf" : "-inf");
        return NULL;
    }
    if (p == 2) {
        tc_tensor *r = NULL;
        if (norm2_native(t, dims, ndims, keepdim, &r, err)) return r;
    }
    tc_tensor *a = tc_unary(TC_UOP_ABS, t, err), *r = NULL;
    if (p == 2) {
        tc_tensor *sq = bin(TC_OP_MUL, t, t, err);
        tc_tensor *s = red(TC_RED_SUM, sq, dims, ndims, keepdim, err);
        r = un(TC_UOP_SQRT, s, err);
        DROP(sq, s);
    } else if (p == 1) {
        r = red(TC_RED_SUM, a, dims, ndims, keepdim, err);
    } else if (isinf(p)) {
        r = red(p > 0 ? TC_RED_MAX : TC_RED_MIN, a, dims, ndims, keepdim, err);
    } else if (p == 0) {
        tc_tensor *nz = bins(TC_OP_NE, t, fsc(0), err);
        tc_tensor *f = nz ? tc_to(nz, t->dtype, t->device, ".to()", err) : NULL;
        r = red(TC_RED_SUM, f, dims, ndims, keepdim, err);
        DROP(nz, f);
    } else {
        tc_tensor *pw = bins(TC_OP_POW, a, fsc(p), err);
        tc_tensor *s = red(TC_RED_SUM, pw, dims, ndims, keepdim, err);
        r = bins(TC_OP_POW, s, fsc(1.0 / p), err);
        DROP(pw, s);
    }
    tc_tensor_unref(a);
    return named(r, "LinalgVectorNormBackward0");
}

/* logsumexp over dims: max + log(sum(exp(x - max))), the max taken as a constant and set to
 * 0 where it is infinite (so all -inf rows give -inf, not NaN). Integers compute in float32. */
tc_tensor *tc_logsumexp(tc_tensor *t, const int *dims, int ndims, bool keepdim, tc_error *err) {
    if (tc__require_strided(t, "logsumexp", err)) return NULL;
    tc_tensor *x = tc_dtype_is_float(t->dtype) ? tc_tensor_ref(t) : tc_to(t, tc_default_float(), t->device, ".to()", err);
    if (x && tc_numel(x) == 0) {
        tc_tensor *e = un(TC_UOP_EXP, x, err);
        tc_tensor *s = red(TC_RED_SUM, e, dims, ndims, keepdim, err);
        tc_tensor *r = un(TC_UOP_LOG, s, err);
        DROP(x, e, s);
        return named(r, "LogsumexpBackward0");
    }
    tc_tensor *m = nograd(red(TC_RED_MAX, x, dims, ndims, true, err), err);
    tc_tensor *ab = un(TC_UOP_ABS, m, err);
    tc_tensor *inf = bins(TC_OP_EQ, ab, fsc(INFINITY), err);
    tc_tensor *z = m ? zero_of(m, m->dtype, err) : NULL;
    tc_tensor *mz = inf && z ? tc_where(inf, z, m, err) : NULL;
    tc_tensor *d = bin(TC_OP_SUB, x, mz, err);
    tc_tensor *e = un(TC_UOP_EXP, d, err);
    tc_tensor *s = red(TC_RED_SUM, e, dims, ndims, keepdim, err);
    tc_tensor *l = un(TC_UOP_LOG, s, err);
    tc_tensor *ms = NULL;
    if (mz && !keepdim) {
        int all[TC_MAX_DIMS], n = ndims;
        for (int i = 0; i < n; i++) all[i] = dims[i];
        if (n == 0)
            for (int i = 0; i < mz->ndim; i++) all[n++] = i;
        ms = red(TC_RED_SUM, mz, all, n, false, err); /* drop the kept size-1 dims */
    } else if (mz) {
        ms = tc_tensor_ref(mz);
    }
    tc_tensor *r = bin(TC_OP_ADD, l, ms, err);
    DROP(x, m, ab, inf, z, mz, d, e, s, l, ms);
    return named(r, "LogsumexpBackward0");
}

/* softmax / log_softmax along dim; 'dtype' (or -1) casts the input first, as PyTorch. */
static tc_tensor *softmax_impl(tc_tensor *t, int dim, int dtype, bool log, tc_error *err) {
    const char *fname = log ? "log_softmax" : "softmax";
    if (tc__require_strided(t, fname, err)) return NULL;
    tc_tensor *x = dtype >= 0 ? tc_to(t, (tc_dtype)dtype, t->device, ".to()", err) : tc_tensor_ref(t);
    if (!x) return NULL;
    if (!tc_dtype_is_float(x->dtype)) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"%s_%skernel_impl\" not implemented for '%s'",
                     fname, x->ndim && dim != -1 && dim != x->ndim - 1 ? "" : "lastdim_",
                     tc__dtype_title(x->dtype));
        tc_tensor_unref(x);
        return NULL;
    }
    int d;
    if (tc__wrap_dim(dim, x->ndim, &d, err)) {
        tc_tensor_unref(x);
        return NULL;
    }
    if (x->ndim == 0 || tc_numel(x) == 0) { /* softmax of a scalar is 1, log_softmax 0 */
        tc_tensor *z = bins(TC_OP_MUL, x, fsc(0), err);
        tc_tensor *r = log ? tc_tensor_ref(z) : bins(TC_OP_ADD, z, fsc(1), err);
        DROP(x, z);
        if (r && tc__needs_grad(t, NULL) && !r->grad_fn) { tc_tensor *c = tc_clone(r, err); tc_tensor_unref(r); r = c; }
        return named(r, log ? "LogSoftmaxBackward0" : "SoftmaxBackward0");
    }
    /* one node (PyTorch's fused backward, cpu-vmath.c), over the ops below run without one */
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *m = NULL, *sh = NULL, *e = NULL, *s = NULL, *r = NULL;
    /* float16 and bfloat16 compute in float32 and round once, as PyTorch's kernels do */
    bool half = x->dtype == TC_DTYPE_F16 || x->dtype == TC_DTYPE_BF16;
    if (x->device.type == TC_DEVICE_CPU && (x->dtype == TC_DTYPE_F32 || x->dtype == TC_DTYPE_F64 || half)) {
        tc_tensor *xf = half ? tc_to(x, TC_DTYPE_F32, x->device, ".to()", err) : tc_tensor_ref(x);
        tc_tensor *xc = xf ? tc_contiguous(xf, err) : NULL;
        tc_tensor_unref(xf);
        r = xc ? tc_empty(x->shape, x->ndim, xc->dtype, x->device, err) : NULL;
        if (r)
            tc__softmax_dim(tc_data_ptr(r), tc_data_ptr(xc), x->shape, x->ndim, d, x->dtype == TC_DTYPE_F64, log);
        tc_tensor_unref(xc);
        if (r && half) {
            tc_tensor *rh = tc_to(r, x->dtype, x->device, ".to()", err);
            tc_tensor_unref(r);
            r = rh;
        }
        goto record;
    }
    m = red(TC_RED_MAX, x, &d, 1, true, err);
    sh = bin(TC_OP_SUB, x, m, err);
    e = un(TC_UOP_EXP, sh, err);
    s = red(TC_RED_SUM, e, &d, 1, true, err);
    if (log) {
        tc_tensor *l = un(TC_UOP_LOG, s, err);
        r = bin(TC_OP_SUB, sh, l, err);
        tc_tensor_unref(l);
    } else if (d == x->ndim - 1) { /* PyTorch's last-dim kernel multiplies by 1/sum */
        tc_tensor *rc = un(TC_UOP_RECIPROCAL, s, err);
        r = bin(TC_OP_MUL, e, rc, err);
        tc_tensor_unref(rc);
    } else {
        r = bin(TC_OP_DIV, e, s, err);
    }
record:
    tc_set_grad_enabled(was);
    if (r && tc__needs_grad(x, NULL)) {
        tc__gargs ga = {0};
        ga.b = log;
        ga.c = d;
        if (tc__grad_record(r, log ? "LogSoftmaxBackward0" : "SoftmaxBackward0", TC_G_SOFTMAX, x, NULL, NULL,
                            &ga, err)) {
            tc_tensor_unref(r);
            r = NULL;
        }
    }
    DROP(x, m, sh, e, s);
    return r;
}

tc_tensor *tc_softmax(tc_tensor *t, int dim, int dtype, tc_error *err) {
    return softmax_impl(t, dim, dtype, false, err);
}
tc_tensor *tc_log_softmax(tc_tensor *t, int dim, int dtype, tc_error *err) {
    return softmax_impl(t, dim, dtype, true, err);
}

/* amax/amin over dims (all when none), PyTorch's AmaxBackward0 (ties share the gradient). */
tc_tensor *tc_amax(tc_tensor *t, const int *dims, int ndims, bool keepdim, bool is_max, tc_error *err) {
    if (tc_numel(t) == 0 && ndims == 0) {
        tc_error_set(err, TC_EXC_INDEX,
                     "%s(): Expected reduction dim to be specified for input.numel() == 0.",
                     is_max ? "amax" : "amin");
        return NULL;
    }
    tc_tensor *r = tc_reduce(is_max ? TC_RED_MAX : TC_RED_MIN, t, dims, ndims, keepdim, err);
    return named(r, is_max ? "AmaxBackward0" : "AminBackward0");
}

/* isnan: x != x (false for every integer). */
tc_tensor *tc_isnan(tc_tensor *t, tc_error *err) { return tc_binary(TC_OP_NE, t, t, err); }

/* isinf / isfinite (integers are always finite). */
tc_tensor *tc_isinf(tc_tensor *t, bool finite, tc_error *err) {
    if (tc_dtype_is_complex(t->dtype)) { /* finite: both parts are; infinite: either part is */
        tc_tensor *re = tc_real(t, err), *im = re ? tc_imag(t, err) : NULL;
        tc_tensor *a = im ? tc_isinf(re, finite, err) : NULL, *b = a ? tc_isinf(im, finite, err) : NULL;
        tc_tensor *r = b ? tc_binary(finite ? TC_OP_LOGICAL_AND : TC_OP_LOGICAL_OR, a, b, err) : NULL;
        DROP(re, im, a, b);
        return r;
    }
    if (!tc_dtype_is_float(t->dtype)) {
        tc_tensor *r = tc_empty(t->shape, t->ndim, TC_DTYPE_BOOL, t->device, err);
        if (r && tc_fill_(r, finite ? 1 : 0, err)) {
            tc_tensor_unref(r);
            return NULL;
        }
        return r;
    }
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *a = tc_unary(TC_UOP_ABS, t, err);
    tc_tensor *r = bins(finite ? TC_OP_LT : TC_OP_EQ, a, fsc(INFINITY), err);
    tc_set_grad_enabled(was);
    tc_tensor_unref(a);
    return r;
}

/* nansum: NaNs count as zero. */
tc_tensor *tc_nansum(tc_tensor *t, const int *dims, int ndims, bool keepdim, tc_error *err) {
    if (!tc_dtype_is_float(t->dtype)) return tc_reduce(TC_RED_SUM, t, dims, ndims, keepdim, err);
    tc_tensor *n = tc_isnan(t, err);
    tc_tensor *z = n ? zero_of(t, t->dtype, err) : NULL;
    tc_tensor *w = z ? tc_where(n, z, t, err) : NULL;
    tc_tensor *r = red(TC_RED_SUM, w, dims, ndims, keepdim, err);
    DROP(n, z, w);
    return named(r, "NansumBackward0");
}

/* nanmean: nansum over the count of non-NaN elements. */
tc_tensor *tc_nanmean(tc_tensor *t, const int *dims, int ndims, bool keepdim, tc_error *err) {
    if (!tc_dtype_is_float(t->dtype)) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                     "nanmean(): expected input to have floating point or complex dtype but got %s",
                     tc__dtype_title(t->dtype));
        return NULL;
    }
    tc_tensor *s = tc_nansum(t, dims, ndims, keepdim, err);
    tc_tensor *n = s ? tc_isnan(t, err) : NULL;
    tc_tensor *k = un(TC_UOP_LOGICAL_NOT, n, err);
    tc_tensor *c = red(TC_RED_SUM, k, dims, ndims, keepdim, err);
    tc_tensor *r = bin(TC_OP_DIV, s, c, err);
    DROP(s, n, k, c);
    return r;
}

/* count_nonzero over dims: int64. */
tc_tensor *tc_count_nonzero(tc_tensor *t, const int *dims, int ndims, tc_error *err) {
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *nz = t->dtype == TC_DTYPE_BOOL ? tc_tensor_ref(t) : bins(TC_OP_NE, t, isc(0), err);
    tc_tensor *r = red(TC_RED_SUM, nz, dims, ndims, false, err);
    tc_set_grad_enabled(was);
    tc_tensor_unref(nz);
    return r;
}

/* nan_to_num: NaN → nan, +inf → posinf, -inf → neginf (NULL: the dtype's extremes). */
tc_tensor *tc_nan_to_num(tc_tensor *t, double nan, const double *posinf, const double *neginf,
                         tc_error *err) {
    if (tc_dtype_is_complex(t->dtype)) { /* each part as a real tensor */
        tc_tensor *c = tc_clone(t, err);
        tc_tensor *re = c ? tc_real(c, err) : NULL, *im = re ? tc_imag(c, err) : NULL;
        tc_tensor *a = im ? tc_nan_to_num(re, nan, posinf, neginf, err) : NULL;
        tc_tensor *b = a ? tc_nan_to_num(im, nan, posinf, neginf, err) : NULL;
        int rc = b && tc_copy_(re, a, err) == 0 && tc_copy_(im, b, err) == 0 ? 0 : -1;
        DROP(re, im, a, b);
        if (rc < 0) {
            tc_tensor_unref(c);
            return NULL;
        }
        return c;
    }
    if (!tc_dtype_is_float(t->dtype)) return tc_clone(t, err);
    double big = t->dtype == TC_DTYPE_F64 ? 1.7976931348623157e308
               : t->dtype == TC_DTYPE_F32 ? 3.4028234663852886e38
               : t->dtype == TC_DTYPE_F16 ? 65504.0 : 3.3895313892515355e38;
    double pv = posinf ? *posinf : big, nv = neginf ? *neginf : -big;
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *isn = tc_isnan(t, err);
    tc_tensor *ip = bins(TC_OP_EQ, t, fsc(INFINITY), err);
    tc_tensor *in = bins(TC_OP_EQ, t, fsc(-INFINITY), err);
    tc_tensor *sn = scalar_of(t, nan, t->dtype, err), *sp = scalar_of(t, pv, t->dtype, err),
              *sg = scalar_of(t, nv, t->dtype, err);
    tc_tensor *keep = NULL;
    if (isn && ip && in && sn && sp && sg) {
        tc_tensor *a = tc_where(isn, sn, t, err);
        tc_tensor *b = a ? tc_where(ip, sp, a, err) : NULL;
        keep = b ? tc_where(in, sg, b, err) : NULL;
        DROP(a, b);
    }
    tc_set_grad_enabled(was);
    tc_tensor *r = NULL;
    if (keep && tc__needs_grad(t, NULL)) { /* gradient passes where the value was finite */
        tc_tensor *fin = tc_isinf(t, true, err);
        tc_tensor *z = fin ? zero_of(t, t->dtype, err) : NULL;
        tc_tensor *g = z ? tc_where(fin, t, z, err) : NULL;
        tc_tensor *cz = g ? tc_where(fin, z, keep, err) : NULL;
        r = bin(TC_OP_ADD, g, cz, err);
        DROP(fin, z, g, cz);
        tc_tensor_unref(keep);
    } else {
        r = keep;
    }
    DROP(isn, ip, in, sn, sp, sg);
    return named(r, "NanToNumBackward0");
}

/* trunc: floor for x >= 0, ceil below (integers unchanged, as a copy). */
tc_tensor *tc_trunc(tc_tensor *t, tc_error *err) {
    if (!tc_dtype_is_float(t->dtype)) {
        if (t->dtype == TC_DTYPE_BOOL) {
            tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"trunc_vml_cpu\" not implemented for 'Bool'");
            return NULL;
        }
        return tc_clone(t, err);
    }
    tc_tensor *fl = tc_unary(TC_UOP_FLOOR, t, err);
    tc_tensor *ce = fl ? tc_unary(TC_UOP_CEIL, t, err) : NULL;
    tc_tensor *neg = ce ? bins(TC_OP_LT, t, fsc(0), err) : NULL;
    tc_tensor *r = neg ? tc_where(neg, ce, fl, err) : NULL;
    DROP(fl, ce, neg);
    return named(r, "TruncBackward0");
}

/* frac: x - trunc(x). */
tc_tensor *tc_frac(tc_tensor *t, tc_error *err) {
    if (!tc_dtype_is_float(t->dtype)) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"frac_cpu\" not implemented for '%s'", tc__dtype_title(t->dtype));
        return NULL;
    }
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *tr = tc_trunc(t, err);
    tc_set_grad_enabled(was);
    tc_tensor *r = bin(TC_OP_SUB, t, tr, err);
    tc_tensor_unref(tr);
    return named(r, "FracBackward0");
}

/* ---- lerp ------------------------------------------------------------------------------------ */

typedef struct lerp_ctx {
    tc_tensor *a, *b, *w; /* w: the weight tensor, or NULL for a number */
    double wv;            /* the number */
} lerp_ctx;

static void lerp_ctx_free(void *ctx) {
    lerp_ctx *c = ctx;
    DROP(c->a, c->b, c->w);
    tc__free(c);
}

/* g summed to t's shape (the gradient of a broadcast input), or NULL with err set */
static tc_tensor *grad_to(tc_tensor *g, const tc_tensor *t, tc_error *err) {
    if (!g) return NULL;
    tc_tensor *r = tc__sum_to(g, t->shape, t->ndim, err);
    tc_tensor_unref(g);
    return r;
}

/* LerpBackward0/1: grad * (1 - w) for the start, grad * w for the end, grad * (end - start)
 * for a weight tensor; a number weight stays a double (1 - w rounded once, as PyTorch's
 * formula takes it). Recording ops, so create_graph differentiates again. */
static int lerp_backward(void *ctx, tc_tensor *g, int n, tc_tensor **grads, tc_error *err) {
    const lerp_ctx *c = ctx;
    for (int i = 0; i < n; i++) grads[i] = NULL;
    if (c->a->requires_grad) {
        tc_tensor *om = c->w ? tc_rbinary_scalar(TC_OP_SUB, fsc(1), c->w, err) : NULL;
        tc_tensor *t = c->w ? bin(TC_OP_MUL, g, om, err) : tc_binary_scalar(TC_OP_MUL, g, fsc(1 - c->wv), err);
        tc_tensor_unref(om);
        if (!(grads[0] = grad_to(t, c->a, err))) return -1;
    }
    if (c->b->requires_grad) {
        tc_tensor *t = c->w ? bin(TC_OP_MUL, g, c->w, err) : tc_binary_scalar(TC_OP_MUL, g, fsc(c->wv), err);
        if (!(grads[1] = grad_to(t, c->b, err))) return -1;
    }
    if (c->w && c->w->requires_grad) {
        tc_tensor *d = tc_binary(TC_OP_SUB, c->b, c->a, err);
        tc_tensor *t = bin(TC_OP_MUL, g, d, err);
        tc_tensor_unref(d);
        if (!(grads[2] = grad_to(t, c->w, err))) return -1;
    }
    return 0;
}

/* lerp of CPU float32/float64 operands of one dtype in one pass (cpu-loops.c's loop, PyTorch's
 * fused multiply-adds), with a LerpBackward node when a gradient is wanted; w is the weight
 * tensor (0-dim for a number, whose value is wv when number). */
static tc_tensor *lerp_cpu(tc_tensor *a, tc_tensor *b, tc_tensor *w, bool number, double wv, tc_error *err) {
    int64_t sh1[TC_MAX_DIMS], sh[TC_MAX_DIMS];
    int n1, nd;
    if (tc__broadcast_shapes(a->shape, a->ndim, b->shape, b->ndim, sh1, &n1, err) ||
        tc__broadcast_shapes(sh1, n1, w->shape, w->ndim, sh, &nd, err))
        return NULL;
    tc_tensor *out = tc__tensor_new_like(sh, nd, a->dtype, a->device, (tc_tensor *[]){a, b, w}, 3, err);
    if (!out) return NULL;
    if (tc__iter_run_tensors(out, (tc_tensor *[]){a, b, w}, 3,
                             a->dtype == TC_DTYPE_F64 ? tc__lerp_f64_loop : tc__lerp_f32_loop, NULL, err)) {
        tc_tensor_unref(out);
        return NULL;
    }
    bool wgrad = !number && w->requires_grad;
    if (tc_grad_enabled() && (a->requires_grad || b->requires_grad || wgrad)) {
        lerp_ctx *c = tc__calloc(1, sizeof *c);
        if (!c) {
            tc_tensor_unref(out);
            tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
            return NULL;
        }
        c->a = tc_tensor_ref(a);
        c->b = tc_tensor_ref(b);
        c->w = number ? NULL : tc_tensor_ref(w);
        c->wv = wv;
        tc_tensor *ins[3] = {a, b, number ? NULL : w};
        if (tc_grad_record_custom(out, number ? "LerpBackward0" : "LerpBackward1", ins, 3, lerp_backward, c,
                                  lerp_ctx_free, err)) {
            lerp_ctx_free(c);
            tc_tensor_unref(out);
            return NULL;
        }
    }
    return out;
}

static int lerp_check(tc_tensor *a, tc_tensor *b, tc_tensor *w, tc_error *err) {
    if (a->dtype != b->dtype)
        return tc_error_set(err, TC_EXC_RUNTIME, "expected dtype %s for `end` but got dtype %s",
                            tc_dtype_cpp_name(a->dtype), tc_dtype_cpp_name(b->dtype));
    if (w && tc_dtype_is_complex(a->dtype) && w->dtype != a->dtype)
        return tc_error_set(err, TC_EXC_RUNTIME, "expected dtype %s for `weight` but got dtype %s",
                            tc_dtype_cpp_name(a->dtype), tc_dtype_cpp_name(w->dtype));
    if (!tc_dtype_is_inexact(a->dtype))
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"lerp_kernel_scalar\" not implemented for '%s'",
                            tc__dtype_title(a->dtype));
    return 0;
}

static bool lerp_native(tc_tensor *a, tc_tensor *b, tc_tensor *w) {
    tc_tensor *ts[3] = {a, b, w};
    for (int i = 0; i < 3; i++)
        if (ts[i]->device.type != TC_DEVICE_CPU || ts[i]->layout != TC_LAYOUT_STRIDED || ts[i]->dtype != a->dtype)
            return false;
    return a->dtype == TC_DTYPE_F32 || a->dtype == TC_DTYPE_F64;
}

/* lerp on other devices and dtypes: PyTorch's two-sided formula, exact at both ends, composed. */
static tc_tensor *lerp_composed(tc_tensor *a, tc_tensor *b, tc_tensor *w, tc_error *err) {
    tc_tensor *diff = tc_binary(TC_OP_SUB, b, a, err);
    tc_tensor *lo = bin(TC_OP_MUL, w, diff, err);
    tc_tensor *ra = bin(TC_OP_ADD, a, lo, err);
    tc_tensor *om = w ? tc_rbinary_scalar(TC_OP_SUB, fsc(1), w, err) : NULL;
    tc_tensor *hi = bin(TC_OP_MUL, diff, om, err);
    tc_tensor *rb = bin(TC_OP_SUB, b, hi, err);
    tc_tensor *abw = un(TC_UOP_ABS, w, err);
    tc_tensor *small = bins(TC_OP_LT, abw, fsc(0.5), err);
    tc_tensor *r = small && ra && rb ? tc_where(small, ra, rb, err) : NULL;
    DROP(diff, lo, ra, om, hi, rb, abw, small);
    return r;
}

tc_tensor *tc_lerp(tc_tensor *a, tc_tensor *b, tc_tensor *w, tc_error *err) {
    if (lerp_check(a, b, w, err)) return NULL;
    if (lerp_native(a, b, w)) return lerp_cpu(a, b, w, false, 0, err);
    return named(lerp_composed(a, b, w, err), "LerpBackward1");
}

tc_tensor *tc_lerp_scalar(tc_tensor *a, tc_tensor *b, double w, tc_error *err) {
    if (lerp_check(a, b, NULL, err)) return NULL;
    tc_tensor *wt = tc_full(NULL, 0, w, a->dtype, a->device, err);
    if (!wt) return NULL;
    tc_tensor *r = lerp_native(a, b, wt) ? lerp_cpu(a, b, wt, true, w, err)
                                         : named(lerp_composed(a, b, wt, err), "LerpBackward0");
    tc_tensor_unref(wt);
    return r;
}

/* ---- shapes ---------------------------------------------------------------------------------- */

/* arange(n) as int64 on dev, shaped [1, .., n, .., 1] (n at position d of nd dims). */
static tc_tensor *arange_at(int64_t n, int d, int nd, tc_device dev, tc_error *err) {
    tc_tensor *a = tc_arange(0, (double)n, 1, TC_DTYPE_I64, dev, err);
    if (!a) return NULL;
    int64_t sh[TC_MAX_DIMS];
    for (int i = 0; i < nd; i++) sh[i] = i == d ? n : 1;
    tc_tensor *r = tc_view(a, sh, nd, err);
    tc_tensor_unref(a);
    return r;
}

/* t indexed along dim d by an int64 index tensor (other dims whole). */
static tc_tensor *index_dim(tc_tensor *t, int d, tc_tensor *idx, tc_error *err) {
    tc_tensor *ix[TC_MAX_DIMS] = {0};
    ix[d] = idx;
    return tc_index(t, ix, d + 1, err);
}

/* Host int64 index values (a small helper for index tensors made here). */
static tc_tensor *i64_tensor(const int64_t *v, int64_t n, tc_device dev, tc_error *err) {
    return tc_from_buffer(v, TC_DTYPE_I64, &n, 1, dev, err);
}

/* flip over the listed dims (a copy, as PyTorch). */
tc_tensor *tc_flip(tc_tensor *t, const int *dims, int ndims, tc_error *err) {
    bool seen[TC_MAX_DIMS] = {0};
    for (int i = 0; i < ndims; i++) {
        int d;
        if (tc__wrap_dim(dims[i], t->ndim, &d, err)) return NULL;
        if (seen[d]) {
            tc_error_set(err, TC_EXC_RUNTIME, "dim %d appears multiple times in the list of dims", d);
            return NULL;
        }
        seen[d] = true;
    }
    tc_tensor *cur = tc_tensor_ref(t);
    int flipped = 0;
    for (int d = 0; d < t->ndim && cur; d++) {
        if (!seen[d]) continue;
        tc_tensor *idx = tc_arange((double)t->shape[d] - 1, -1, -1, TC_DTYPE_I64, t->device, err);
        tc_tensor *nx = idx ? index_dim(cur, d, idx, err) : NULL;
        tc_tensor_unref(idx);
        tc_tensor_unref(cur);
        cur = nx;
        flipped++;
    }
    if (cur && !flipped) { /* nothing flipped: still a copy */
        tc_tensor *c = tc_clone(cur, err);
        tc_tensor_unref(cur);
        cur = c;
    }
    return named(cur, "FlipBackward0");
}

/* roll by shifts along dims (ndims == 0: over the flattened tensor, shape restored). */
tc_tensor *tc_roll(tc_tensor *t, const int64_t *shifts, int nshifts, const int *dims, int ndims,
                   tc_error *err) {
    if (ndims == 0) {
        if (nshifts != 1) {
            tc_error_set(err, TC_EXC_RUNTIME, "shifts and dimensions must align. shifts: %d, dims:0", nshifts);
            return NULL;
        }
        int64_t n = tc_numel(t);
        tc_tensor *f = tc_reshape(t, &n, 1, err);
        int z = 0;
        tc_tensor *r = f ? tc_roll(f, shifts, 1, &z, 1, err) : NULL;
        tc_tensor *v = r ? tc_view(r, t->shape, t->ndim, err) : NULL;
        DROP(f, r);
        return named(v, "RollBackward0");
    }
    if (nshifts != ndims) {
        tc_error_set(err, TC_EXC_RUNTIME, "shifts and dimensions must align. shifts: %d, dims:%d", nshifts, ndims);
        return NULL;
    }
    tc_tensor *cur = tc_tensor_ref(t);
    for (int i = 0; i < ndims && cur; i++) {
        int d;
        if (tc__wrap_dim(dims[i], t->ndim, &d, err)) {
            tc_tensor_unref(cur);
            return NULL;
        }
        /* the last s along d, then the rest: two block copies */
        int64_t n = t->shape[d], s = n ? ((shifts[i] % n) + n) % n : 0;
        tc_tensor *nx;
        if (s == 0) {
            nx = tc_clone(cur, err);
        } else {
            tc_tensor *parts[2] = {tc_slice(cur, d, n - s, n, 1, err), NULL};
            parts[1] = parts[0] ? tc_slice(cur, d, 0, n - s, 1, err) : NULL;
            nx = parts[1] ? tc_cat(parts, 2, d, err) : NULL;
            DROP(parts[0], parts[1]);
        }
        tc_tensor_unref(cur);
        cur = nx;
    }
    return named(cur, "RollBackward0");
}

typedef struct {
    const char *src;
    char *dst;
    int64_t r, c, k;
    size_t es;
    bool upper;
} tri_job;

static void tri_rows(void *ctx, int64_t begin, int64_t end) {
    const tri_job *j = ctx;
    size_t row = (size_t)j->c * j->es;
    for (int64_t q = begin; q < end; q++) {
        int64_t i = q % j->r;
        /* columns [lo, hi) are kept */
        int64_t lo = j->upper ? i + j->k : 0, hi = j->upper ? j->c : i + j->k + 1;
        lo = lo < 0 ? 0 : lo > j->c ? j->c : lo;
        hi = hi < lo ? lo : hi > j->c ? j->c : hi;
        const char *s = j->src + (size_t)q * row;
        char *d = j->dst + (size_t)q * row;
        memset(d, 0, (size_t)lo * j->es);
        memcpy(d + (size_t)lo * j->es, s + (size_t)lo * j->es, (size_t)(hi - lo) * j->es);
        memset(d + (size_t)hi * j->es, 0, (size_t)(j->c - hi) * j->es);
    }
}

/* ---- constant padding: each output row written once (padding, the input's row, padding) ---- */

typedef struct pad_job {
    const char *src;
    char *dst;
    int nd;
    int64_t oshape[TC_MAX_DIMS], ishape[TC_MAX_DIMS], before[TC_MAX_DIMS];
    size_t es;
    bool zero;              /* the value's bytes are all zero */
    unsigned char val[16];  /* the value as one element */
} pad_job;

/* n elements of the value from d */
static inline void pad_fill(char *d, int64_t n, const pad_job *j) {
    if (n <= 0) return;
    if (j->zero && n * (int64_t)j->es >= 256) {
        memset(d, 0, (size_t)n * j->es);
        return;
    }
#define PAD_FILL(T)                                                                              \
    do {                                                                                         \
        T v;                                                                                     \
        memcpy(&v, j->val, sizeof v);                                                            \
        for (int64_t i = 0; i < n; i++) memcpy(d + (size_t)i * sizeof v, &v, sizeof v);          \
    } while (0)
    switch (j->es) {
    case 1: PAD_FILL(uint8_t); break;
    case 2: PAD_FILL(uint16_t); break;
    case 4: PAD_FILL(uint32_t); break;
    case 8: PAD_FILL(uint64_t); break;
    default:
        for (int64_t i = 0; i < n; i++) memcpy(d + (size_t)i * j->es, j->val, j->es);
    }
#undef PAD_FILL
}

/* n bytes from s to d: short rows inline, long ones through memcpy */
static inline void pad_copy(char *d, const char *s, size_t n) {
    if (n >= 512) {
        memcpy(d, s, n);
        return;
    }
    size_t i = 0;
    for (; i + 16 <= n; i += 16) memcpy(d + i, s + i, 16);
    for (; i + 4 <= n; i += 4) memcpy(d + i, s + i, 4);
    for (; i < n; i++) d[i] = s[i];
}

/* Output rows [begin, end): the row's coordinates are carried from one row to the next, and
 * where the input row of the dims before the last two lies is found once per plane. */
static void pad_rows(void *ctx, int64_t begin, int64_t end) {
    const pad_job *j = ctx;
    int last = j->nd - 1, rd = last - 1; /* rd: the row dim, -1 for a 1-D tensor */
    int64_t ow = j->oshape[last], iw = j->ishape[last], l = j->before[last], c[TC_MAX_DIMS];
    size_t es = j->es;
    for (int64_t k = rd, q = begin; k >= 0; k--) {
        c[k] = q % j->oshape[k];
        q /= j->oshape[k];
    }
    bool plane_in = true, fresh = true;
    int64_t plane = 0; /* the input plane's index (dims before rd) */
    for (int64_t r = begin; r < end; r++) {
        if (fresh) {
            plane = 0;
            plane_in = true;
            for (int k = 0; k < rd && plane_in; k++) {
                int64_t ck = c[k] - j->before[k];
                plane_in = ck >= 0 && ck < j->ishape[k];
                plane = plane * j->ishape[k] + ck;
            }
            fresh = false;
        }
        int64_t ck = rd >= 0 ? c[rd] - j->before[rd] : 0;
        char *d = j->dst + (size_t)r * (size_t)ow * es;
        if (plane_in && ck >= 0 && (rd < 0 || ck < j->ishape[rd])) {
            int64_t irow = rd >= 0 ? plane * j->ishape[rd] + ck : 0;
            pad_fill(d, l, j);
            pad_copy(d + (size_t)l * es, j->src + (size_t)irow * (size_t)iw * es, (size_t)iw * es);
            pad_fill(d + (size_t)(l + iw) * es, ow - l - iw, j);
        } else {
            pad_fill(d, ow, j);
        }
        if (rd >= 0 && ++c[rd] == j->oshape[rd]) {
            c[rd] = 0;
            for (int k = rd - 1; k >= 0 && ++c[k] == j->oshape[k]; k--) c[k] = 0;
            fresh = true;
        }
    }
}

tc_tensor *tc_constant_pad(tc_tensor *x, const int64_t *pad, int npad, double value, tc_error *err) {
    if (x->device.type != TC_DEVICE_CPU || x->layout != TC_LAYOUT_STRIDED || npad % 2 || npad / 2 > x->ndim) {
        tc_error_set(err, TC_EXC_VALUE, "constant_pad: a strided CPU tensor and pairs of pads for up to its %d dims",
                     x->ndim);
        return NULL;
    }
    pad_job j = {.nd = x->ndim, .es = tc_dtype_size(x->dtype)};
    for (int d = 0; d < x->ndim; d++) j.oshape[d] = j.ishape[d] = x->shape[d];
    for (int i = 0; i < npad / 2; i++) {
        int d = x->ndim - 1 - i;
        if (pad[2 * i] < 0 || pad[2 * i + 1] < 0) {
            tc_error_set(err, TC_EXC_VALUE, "constant_pad: pads must not be negative");
            return NULL;
        }
        j.before[d] = pad[2 * i];
        j.oshape[d] += pad[2 * i] + pad[2 * i + 1];
    }
    if (j.es > sizeof j.val) {
        tc_error_set(err, TC_EXC_VALUE, "constant_pad: elements of at most %zu bytes", sizeof j.val);
        return NULL;
    }
    int64_t one = 1;
    tc_tensor *v = tc_full(&one, 1, value, x->dtype, x->device, err);
    tc_tensor *src = v ? tc_contiguous(x, err) : NULL;
    tc_tensor *out = src ? tc__tensor_new(j.oshape, j.nd, x->dtype, x->device, err) : NULL;
    if (out) {
        memcpy(j.val, tc_data_ptr(v), j.es);
        j.zero = true;
        for (size_t b = 0; b < j.es; b++) j.zero = j.zero && !j.val[b];
        j.src = tc_data_ptr(src);
        j.dst = tc_data_ptr(out);
        int64_t ow = j.nd ? j.oshape[j.nd - 1] : 1, rows = ow ? tc_numel(out) / ow : 0;
        if (!j.nd) memcpy(j.dst, j.src, j.es);
        else if (rows) tc__parallel_for(rows, 1 + 32768 / ow, pad_rows, &j);
    }
    tc_tensor_unref(v);
    tc_tensor_unref(src);
    return out;
}

/* tril (upper = false) / triu of the last two dims, diagonal k. */
tc_tensor *tc_tri(tc_tensor *t, int64_t k, bool upper, tc_error *err) {
    const char *fname = upper ? "triu" : "tril";
    if (t->ndim < 2) {
        tc_error_set(err, TC_EXC_RUNTIME, "%s: input tensor must have at least 2 dimensions", fname);
        return NULL;
    }
    int64_t r = t->shape[t->ndim - 2], c = t->shape[t->ndim - 1];
    if (t->device.type == TC_DEVICE_CPU && tc_is_contiguous(t) && !tc__needs_grad(t, NULL)) {
        /* each row one copy of its kept columns and zeros (all-zero bytes in every dtype) */
        tc_tensor *out = tc__tensor_new(t->shape, t->ndim, t->dtype, t->device, err);
        if (!out) return NULL;
        tri_job j = {tc_data_ptr(t), tc_data_ptr(out), r, c, k, tc_dtype_size(t->dtype), upper};
        int64_t rows = c ? tc_numel(t) / c : 0;
        if (rows) tc__parallel_for(rows, 1 + 65536 / (c ? c : 1), tri_rows, &j);
        return out;
    }
    tc_tensor *ri = arange_at(r, 0, 2, t->device, err);
    tc_tensor *ci = ri ? arange_at(c, 1, 2, t->device, err) : NULL;
    tc_tensor *diff = bin(TC_OP_SUB, ci, ri, err); /* j - i */
    tc_tensor *mask = bins(upper ? TC_OP_GE : TC_OP_LE, diff, isc(k), err);
    tc_tensor *z = mask ? zero_of(t, t->dtype, err) : NULL;
    tc_tensor *out = z ? tc_where(mask, t, z, err) : NULL;
    DROP(ri, ci, diff, mask, z);
    return named(out, upper ? "TriuBackward0" : "TrilBackward0");
}

/* A view of t that takes the gradient node of an equal-valued gather 'g' (consumed). */
static tc_tensor *view_with_grad_of(tc_tensor *view, tc_tensor *g, const char *name) {
    if (view && g && g->grad_fn) {
        tc__history_adopt(view, g);
        named(view, name);
    }
    tc_tensor_unref(g);
    return view;
}

/* diagonal(offset, dim1, dim2): a view with the diagonal as the last dim. */
tc_tensor *tc_diagonal(tc_tensor *t, int64_t offset, int dim1, int dim2, tc_error *err) {
    if (tc__require_strided(t, "diagonal", err)) return NULL;
    if (t->ndim < 2) {
        tc_error_set(err, TC_EXC_RUNTIME, "diagonal dimensions requires ndim larger than 1, but got ndim=%d", t->ndim);
        return NULL;
    }
    int d1, d2;
    if (tc__wrap_dim(dim1, t->ndim, &d1, err) || tc__wrap_dim(dim2, t->ndim, &d2, err)) return NULL;
    if (d1 == d2) {
        tc_error_set(err, TC_EXC_RUNTIME, "diagonal dimensions cannot be identical %d, %d", dim1, dim2);
        return NULL;
    }
    int64_t n;
    int64_t off = t->offset;
    if (offset >= 0) {
        n = t->shape[d2] - offset < t->shape[d1] ? t->shape[d2] - offset : t->shape[d1];
        if (n > 0) off += offset * t->strides[d2];
    } else {
        n = t->shape[d1] + offset < t->shape[d2] ? t->shape[d1] + offset : t->shape[d2];
        if (n > 0) off -= offset * t->strides[d1];
    }
    if (n < 0) n = 0;
    if (n == 0) off = t->offset;
    int64_t sh[TC_MAX_DIMS], st[TC_MAX_DIMS];
    int k = 0;
    for (int i = 0; i < t->ndim; i++) {
        if (i == d1 || i == d2) continue;
        sh[k] = t->shape[i];
        st[k++] = t->strides[i];
    }
    sh[k] = n;
    st[k++] = t->strides[d1] + t->strides[d2];
    tc_tensor *v = tc__tensor_alias(t, sh, st, k, off, err);
    if (!v || !tc__needs_grad(t, NULL)) return v;
    /* the gradient: the same elements gathered with advanced indexing, dims moved last */
    int perm[TC_MAX_DIMS];
    int p = 0;
    for (int i = 0; i < t->ndim; i++)
        if (i != d1 && i != d2) perm[p++] = i;
    perm[p++] = d1;
    perm[p++] = d2;
    tc_tensor *pt = tc_permute(t, perm, p, err);
    tc_tensor *i1 = pt ? tc_arange(offset >= 0 ? 0 : (double)-offset, (double)(offset >= 0 ? n : n - offset), 1,
                                   TC_DTYPE_I64, t->device, err) : NULL;
    tc_tensor *i2 = i1 ? tc_arange(offset >= 0 ? (double)offset : 0, (double)(offset >= 0 ? n + offset : n), 1,
                                   TC_DTYPE_I64, t->device, err) : NULL;
    tc_tensor *ix[TC_MAX_DIMS] = {0};
    tc_tensor *g = NULL;
    if (i2) {
        ix[p - 2] = i1;
        ix[p - 1] = i2;
        g = tc_index(pt, ix, p, err);
    }
    DROP(pt, i1, i2);
    if (!g) {
        tc_tensor_unref(v);
        return NULL;
    }
    return view_with_grad_of(v, g, "DiagonalBackward0");
}

/* repeat(sizes): len(sizes) >= ndim; a copy. */
tc_tensor *tc_repeat(tc_tensor *t, const int64_t *reps, int n, tc_error *err) {
    if (n < t->ndim) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
        return NULL;
    }
    if (2 * n > TC_MAX_DIMS) {
        tc_error_set(err, TC_EXC_RUNTIME, "repeat: too many dimensions");
        return NULL;
    }
    for (int i = 0; i < n; i++)
        if (reps[i] < 0) {
            tc_error_set(err, TC_EXC_RUNTIME, "Trying to create tensor with negative dimension %lld: [%lld]",
                         (long long)reps[i], (long long)reps[i]);
            return NULL;
        }
    int64_t pad[TC_MAX_DIMS], sh2[TC_MAX_DIMS], ex[TC_MAX_DIMS], fin[TC_MAX_DIMS];
    int lead = n - t->ndim;
    for (int i = 0; i < n; i++) pad[i] = i < lead ? 1 : t->shape[i - lead];
    for (int i = 0; i < n; i++) {
        sh2[2 * i] = 1;
        sh2[2 * i + 1] = pad[i];
        ex[2 * i] = reps[i];
        ex[2 * i + 1] = pad[i];
        fin[i] = reps[i] * pad[i];
    }
    tc_tensor *v = tc_reshape(t, sh2, 2 * n, err);
    tc_tensor *e = v ? tc_expand(v, ex, 2 * n, err) : NULL;
    tc_tensor *c = e ? tc_contiguous(e, err) : NULL;
    tc_tensor *r = c ? tc_view(c, fin, n, err) : NULL;
    DROP(v, e, c);
    return named(r, "RepeatBackward0");
}

/* repeat_interleave of t along dim (dim < 0 after wrapping means: flattened) by repeats
 * (int64, one per element or a single count). */
tc_tensor *tc_repeat_interleave(tc_tensor *t, const int64_t *reps, int64_t nreps, int dim,
                                bool flatten, tc_error *err) {
    tc_tensor *src = NULL;
    int d = 0;
    if (flatten) {
        int64_t n = tc_numel(t);
        src = tc_reshape(t, &n, 1, err);
    } else {
        if (tc__wrap_dim(dim, t->ndim, &d, err)) return NULL;
        src = tc_tensor_ref(t);
    }
    if (!src) return NULL;
    int64_t len = src->ndim ? src->shape[d] : 1;
    if (nreps != 1 && nreps != len) {
        tc_error_set(err, TC_EXC_RUNTIME, "repeats must have the same size as input along dim, but got "
                     "repeats.size(0) = %lld and input.size(%d) = %lld", (long long)nreps, d, (long long)len);
        tc_tensor_unref(src);
        return NULL;
    }
    int64_t total = 0;
    for (int64_t i = 0; i < len; i++) {
        int64_t r = reps[nreps == 1 ? 0 : i];
        if (r < 0) {
            tc_error_set(err, TC_EXC_RUNTIME, "repeats can not be negative");
            tc_tensor_unref(src);
            return NULL;
        }
        total += r;
    }
    int64_t *v = tc__malloc(sizeof(int64_t) * (size_t)(total ? total : 1));
    if (!v) {
        tc_tensor_unref(src);
        tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        return NULL;
    }
    int64_t k = 0;
    for (int64_t i = 0; i < len; i++)
        for (int64_t j = 0; j < reps[nreps == 1 ? 0 : i]; j++) v[k++] = i;
    tc_tensor *idx = i64_tensor(v, total, t->device, err);
    tc__free(v);
    tc_tensor *r = idx ? index_dim(src, d, idx, err) : NULL;
    DROP(idx, src);
    return named(r, "IndexSelectBackward0");
}

/* ---- gather / scatter ---------------------------------------------------------------------- */

/* The index tensors that address t at index's positions with index's values along dim. */
static int grid_indices(tc_tensor *t, int d, tc_tensor *index, tc_tensor **ix, tc_error *err) {
    for (int i = 0; i < t->ndim; i++) {
        ix[i] = i == d ? tc_tensor_ref(index) : arange_at(index->shape[i], i, index->ndim, t->device, err);
        if (!ix[i]) {
            for (int j = 0; j < i; j++) tc_tensor_unref(ix[j]);
            return -1;
        }
    }
    return 0;
}

/* PyTorch's error for the first of the n indices at p outside [0, lim) (PyTorch takes no
 * negative index here), 0 when all are inside: one branch-free pass, then a search only for a
 * bad one. */
static int index_bounds(const int64_t *p, int64_t n, int d, int64_t lim, tc_error *err) {
    bool bad = false;
    for (int64_t i = 0; i < n; i++) bad |= (uint64_t)p[i] >= (uint64_t)lim;
    for (int64_t i = 0; bad && i < n; i++)
        if ((uint64_t)p[i] >= (uint64_t)lim)
            return tc_error_set(err, TC_EXC_RUNTIME, "index %lld is out of bounds for dimension %d with size %lld",
                                (long long)p[i], d, (long long)lim);
    return 0;
}

/* gather's and the scatters' checks of index against t (and src), with PyTorch's words; the
 * bounds of index's values only with 'bounds'. */
static int check_gather_index(const char *fname, tc_tensor *t, int d, tc_tensor *index, tc_tensor *src,
                              bool bounds, tc_error *err) {
    if (index->dtype != TC_DTYPE_I64)
        return tc_error_set(err, TC_EXC_RUNTIME, "%s(): Expected dtype int64 for index", fname);
    int tnd = t->ndim ? t->ndim : 1, ind = index->ndim ? index->ndim : 1;
    if (tnd != ind && tc_numel(index) != 0)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Index tensor must have the same number of dimensions as %s tensor",
                            src ? "self" : "input");
    char b1[256], b2[256];
    for (int i = 0; i < index->ndim && i < t->ndim; i++) {
        if (i != d && index->shape[i] > t->shape[i])
            return tc_error_set(err, TC_EXC_RUNTIME,
                                "Size does not match at dimension %d expected index %s to be %s than self %s apart from dimension %d",
                                i, tc__shape_str(index->shape, index->ndim, b1, sizeof b1),
                                src ? "smaller" : "no larger",
                                tc__shape_str(t->shape, t->ndim, b2, sizeof b2), d);
        if (src && index->shape[i] > src->shape[i])
            return tc_error_set(err, TC_EXC_RUNTIME,
                                "Expected index %s to be no larger than self %s apart from dimension %d and to be no larger size than src %s",
                                tc__shape_str(index->shape, index->ndim, b1, sizeof b1),
                                tc__shape_str(t->shape, t->ndim, b2, sizeof b2), d,
                                tc__shape_str(src->shape, src->ndim, b1 + 128, 128));
    }
    if (!bounds) return 0;
    tc_tensor *hc = tc__host_copy(index, TC_DTYPE_I64, err);
    if (!hc) return -1;
    int rc = index_bounds(tc_data_ptr(hc), tc_numel(hc), d, t->ndim ? t->shape[d] : 1, err);
    tc_tensor_unref(hc);
    return rc;
}

/* For each element k of index (contiguous int64 hic, index's shape, values in [0, t.shape[d])
 * unless STMT checks them), in order: STMT, with c_ = index[k] and off_ the offset in t
 * (contiguous) of k's position with its coordinate along d replaced by c_. Index's last dim is
 * the inner loop; the offset of the other dims moves with the row instead of being recomputed.
 * STMT may end the walk by setting r_ = n_ and breaking. */
#define INDEX_WALK(t, d, index, hic, STMT)                                                   \
    do {                                                                                     \
        const int64_t *ip_ = tc_data_ptr(hic);                                               \
        int nd_ = (index)->ndim;                                                             \
        int64_t n_ = tc_numel(hic), pos_[TC_MAX_DIMS] = {0}, cst_[TC_MAX_DIMS], boff_ = 0;   \
        tc__contig_strides((t)->shape, (t)->ndim, cst_);                                     \
        int64_t len_ = nd_ ? (index)->shape[nd_ - 1] : 1, dst_ = cst_[d];                    \
        int64_t lst_ = nd_ && nd_ - 1 != (d) ? cst_[nd_ - 1] : 0;                            \
        for (int64_t r_ = 0; r_ < n_; r_ += len_) {                                          \
            for (int64_t j_ = 0; j_ < len_; j_++) {                                          \
                int64_t k_ = r_ + j_, c_ = ip_[k_];                                          \
                int64_t off_ = boff_ + j_ * lst_ + c_ * dst_;                                \
                STMT;                                                                        \
            }                                                                                \
            for (int i_ = nd_ - 2; i_ >= 0; i_--) {                                          \
                if (++pos_[i_] < (index)->shape[i_]) {                                       \
                    if (i_ != (d)) boff_ += cst_[i_];                                        \
                    break;                                                                   \
                }                                                                            \
                if (i_ != (d)) boff_ -= ((index)->shape[i_] - 1) * cst_[i_];                 \
                pos_[i_] = 0;                                                                \
            }                                                                                \
        }                                                                                    \
    } while (0)
/* t's elements at index OP (+= or =) the values of hvc (contiguous, index's shape), in order */
/* t's elements at index OP (+= or =) the values of hvc (contiguous, index's shape, or one value
 * for all), in order, each index checked as it is read: *bad_at is set to the position of the
 * first one outside [0, t.shape[d]), where the walk stops (PyTorch's loop has written the
 * elements before it, as here). */
#define SCATTER_WALK(T, OP, t, d, index, hic, hvc, bad_at)                                   \
    do {                                                                                     \
        T *base_ = tc_data_ptr(t);                                                           \
        const T *vp_ = tc_data_ptr(hvc);                                                     \
        int64_t vst_ = tc_numel(hvc) == tc_numel(hic) ? 1 : 0;                               \
        uint64_t lim_ = (uint64_t)(t)->shape[d];                                             \
        INDEX_WALK(t, d, index, hic, if ((uint64_t)c_ >= lim_) {                             \
            *(bad_at) = k_;                                                                  \
            r_ = n_;                                                                         \
            break;                                                                           \
        } base_[off_] OP vp_[k_ * vst_]);                                                    \
    } while (0)

/* gather on a contiguous CPU tensor of 1-, 2-, 4- or 8-byte elements (ndim >= 1) without a
 * gradient to record, by an int64 index: the elements copied in index order into *res, each
 * index checked as it is read. 1 when done, 0 when not such a case, -1 with err set. */
#define GATHER_WALK(T)                                                                       \
    do {                                                                                     \
        T *o_ = tc_data_ptr(out);                                                            \
        const T *b_ = tc_data_ptr(t);                                                        \
        INDEX_WALK(t, d, index, hic, if ((uint64_t)c_ >= lim) {                              \
            bad = k_;                                                                        \
            r_ = n_;                                                                         \
            break;                                                                           \
        } o_[k_] = b_[off_]);                                                                \
    } while (0)
static int gather_direct(tc_tensor *t, int d, tc_tensor *index, tc_tensor **res, tc_error *err) {
    size_t es = tc_dtype_size(t->dtype);
    if (t->device.type != TC_DEVICE_CPU || index->device.type != TC_DEVICE_CPU || !tc_is_contiguous(t) ||
        t->ndim == 0 || index->ndim != t->ndim || index->dtype != TC_DTYPE_I64 ||
        (tc_grad_enabled() && t->requires_grad) || (es != 1 && es != 2 && es != 4 && es != 8))
        return 0;
    tc_tensor *hic = tc_contiguous(index, err);
    tc_tensor *out = hic ? tc_empty(index->shape, index->ndim, t->dtype, t->device, err) : NULL;
    int64_t bad = -1;
    uint64_t lim = (uint64_t)t->shape[d];
    if (out) {
        switch (es) {
        case 1: GATHER_WALK(uint8_t); break;
        case 2: GATHER_WALK(uint16_t); break;
        case 4: GATHER_WALK(uint32_t); break;
        default: GATHER_WALK(uint64_t); break;
        }
    }
    if (bad >= 0) {
        index_bounds((const int64_t *)tc_data_ptr(hic) + bad, 1, d, t->shape[d], err);
        tc_tensor_unref(out);
        out = NULL;
    }
    tc_tensor_unref(hic);
    *res = out;
    return out ? 1 : -1;
}

static tc_tensor *gather_unchecked(tc_tensor *t, int d, tc_tensor *index, tc_error *err) {
    if (t->ndim == 0) { /* its one value in index's shape */
        tc_tensor *e = tc_expand(t, index->shape, index->ndim, err);
        tc_tensor *r = e ? tc_clone(e, err) : NULL;
        tc_tensor_unref(e);
        return r;
    }
    tc_tensor *direct = NULL;
    int dr = gather_direct(t, d, index, &direct, err);
    if (dr) return direct;
    tc_tensor *ix[TC_MAX_DIMS];
    if (grid_indices(t, d, index, ix, err)) return NULL;
    tc_tensor *r = tc_index(t, ix, t->ndim, err);
    for (int i = 0; i < t->ndim; i++) tc_tensor_unref(ix[i]);
    return r;
}

/* gather(t, dim, index): out[i][j] = t[i][index[i][j]] (dim 1), shaped like index. */
tc_tensor *tc_gather(tc_tensor *t, int dim, tc_tensor *index, tc_error *err) {
    int d;
    if (tc__wrap_dim(dim, t->ndim, &d, err)) return NULL;
    if (check_gather_index("gather", t, d, index, NULL, false, err)) return NULL;
    tc_tensor *r = NULL;
    int dr = gather_direct(t, d, index, &r, err); /* checks the bounds as it goes */
    if (dr) return dr > 0 ? named(r, "GatherBackward0") : NULL;
    if (check_gather_index("gather", t, d, index, NULL, true, err)) return NULL;
    return named(gather_unchecked(t, d, index, err), "GatherBackward0");
}


/* scatter_(dim, index, src): t[...index...] = src[:index.shape] (src NULL: value). With
 * add, values at repeated positions accumulate (scatter_add_). No autograd here. */
static int scatter_impl(tc_tensor *t, int dim, tc_tensor *index, tc_tensor *src, double value, bool add,
                        tc_error *err) {
    int d;
    if (tc__wrap_dim(dim, t->ndim, &d, err)) return -1;
    const char *fname = add ? "scatter_add" : "scatter";
    if (src && src->dtype != t->dtype)
        return tc_error_set(err, TC_EXC_RUNTIME, "%s(): Expected self.dtype to be equal to src.dtype", fname);
    /* a contiguous CPU tensor, not read by src: each value stored (the last of repeated positions
     * stays, as in PyTorch's loop) or, for float32/float64, added, in index order, the index
     * checked as it is read */
    size_t es = tc_dtype_size(t->dtype);
    bool direct = t->device.type == TC_DEVICE_CPU && t->ndim > 0 && tc_is_contiguous(t) &&
                  (!src || src->storage != t->storage) &&
                  (add ? t->dtype == TC_DTYPE_F32 || t->dtype == TC_DTYPE_F64 : es == 1 || es == 2 || es == 4 || es == 8);
    if (check_gather_index(fname, t, d, index, src, !direct, err)) return -1;
    if (tc_numel(index) == 0) return 0;
    if (t->ndim == 0) return tc_error_set(err, TC_EXC_RUNTIME, "%s of a 0-dim tensor is not supported", fname);
    /* the values, shaped like index (one value for all on the direct walk) */
    tc_tensor *vals = NULL;
    if (src) {
        tc_tensor *cur = tc_tensor_ref(src);
        for (int i = 0; i < index->ndim && cur; i++) {
            tc_tensor *s = tc_slice(cur, i, 0, index->shape[i], 1, err);
            tc_tensor_unref(cur);
            cur = s;
        }
        vals = cur ? tc_contiguous(cur, err) : NULL;
        tc_tensor_unref(cur);
    } else {
        vals = tc_full(index->shape, direct ? 0 : index->ndim, value, t->dtype, t->device, err);
    }
    if (!vals) return -1;
    int rc = -1;
    if (direct) {
        tc_tensor *hic = tc__host_copy(index, TC_DTYPE_I64, err);
        tc_tensor *hvc = hic ? tc__host_copy(vals, t->dtype, err) : NULL;
        int64_t bad = -1;
        if (hvc && add) {
            if (t->dtype == TC_DTYPE_F32) SCATTER_WALK(float, +=, t, d, index, hic, hvc, &bad);
            else SCATTER_WALK(double, +=, t, d, index, hic, hvc, &bad);
        } else if (hvc) {
            switch (es) {
            case 1: SCATTER_WALK(uint8_t, =, t, d, index, hic, hvc, &bad); break;
            case 2: SCATTER_WALK(uint16_t, =, t, d, index, hic, hvc, &bad); break;
            case 4: SCATTER_WALK(uint32_t, =, t, d, index, hic, hvc, &bad); break;
            default: SCATTER_WALK(uint64_t, =, t, d, index, hic, hvc, &bad); break;
            }
        }
        rc = !hvc ? -1 : bad >= 0 ? index_bounds((const int64_t *)tc_data_ptr(hic) + bad, 1, d, t->shape[d], err) : 0;
        DROP(vals, hic, hvc);
        return rc;
    }
    if (!add) {
        tc_tensor *ix[TC_MAX_DIMS];
        if (grid_indices(t, d, index, ix, err) == 0) {
            rc = tc_index_put_(t, ix, t->ndim, vals, err);
            for (int i = 0; i < t->ndim; i++) tc_tensor_unref(ix[i]);
        }
        tc_tensor_unref(vals);
        return rc;
    }
    /* accumulate on the host in double (integers in int64), in index order as PyTorch's CPU loop */
    tc_tensor *hc = tc__host_copy(t, t->dtype, err);
    tc_tensor *hw = hc ? (hc == t ? tc_clone(hc, err) : tc_tensor_ref(hc)) : NULL;
    tc_tensor *hic = hw ? tc__host_copy(index, TC_DTYPE_I64, err) : NULL;
    tc_tensor *hvc = hic ? tc__host_copy(vals, t->dtype, err) : NULL;
    if (hvc) {
        char *base = tc_data_ptr(hw);
        const int64_t *ip = tc_data_ptr(hic);
        const char *vp = tc_data_ptr(hvc);
        size_t es = tc_dtype_size(t->dtype);
        int64_t n = tc_numel(hic), pos[TC_MAX_DIMS] = {0}, cst[TC_MAX_DIMS];
        tc__contig_strides(t->shape, t->ndim, cst);
        bool isf = tc_dtype_is_float(t->dtype);
        for (int64_t k = 0; k < n; k++) {
            int64_t off = 0;
            for (int i = 0; i < t->ndim; i++) {
                int64_t c = i == d ? ip[k] : pos[i];
                if (i == d && c < 0) c += t->shape[d];
                off += c * cst[i];
            }
            char *dst = base + (size_t)off * es;
            const char *sv = vp + (size_t)k * es;
            if (isf) tc_store_f64(dst, t->dtype, tc_load_f64(dst, t->dtype) + tc_load_f64(sv, t->dtype));
            else if (t->dtype == TC_DTYPE_BOOL) tc_store_i64(dst, t->dtype, tc_load_i64(dst, t->dtype) || tc_load_i64(sv, t->dtype));
            else tc_store_i64(dst, t->dtype, tc_load_i64(dst, t->dtype) + tc_load_i64(sv, t->dtype));
            for (int i = index->ndim - 1; i >= 0; i--) {
                if (++pos[i] < index->shape[i]) break;
                pos[i] = 0;
            }
        }
        rc = tc_copy_(t, hw, err);
    }
    DROP(vals, hc, hw, hic, hvc);
    return rc;
}

/* ---- autograd of the in-place scatters: scatter_, scatter_add_, index_add_ ----------------
 * The op writes into t with grad mode off; then, when src requires grad or t has a history,
 * t gets a node whose inputs are t's history (an alias holding its old node) and src:
 * PyTorch's formulas, self's gradient g (scatter_: g with the overwritten positions zeroed),
 * src's gradient g gathered at index (scatter_, scatter_add_) or g.index_select(dim, index)
 * times alpha (index_add_); a src larger than index is refused at backward, as in PyTorch. */
enum { ACC_SCATTER, ACC_SCATTER_ADD, ACC_INDEX_ADD, ACC_COPY };

typedef struct acc_grad {
    int kind, dim;
    tc_tensor *index;
    double alpha;
    bool has_src; /* else scatter_ wrote a value */
    int64_t src_shape[TC_MAX_DIMS];
    int src_ndim;
    tc_dtype src_dtype;
    tc_device src_device;
} acc_grad;

static void acc_grad_free(void *p) {
    acc_grad *c = p;
    tc_tensor_unref(c->index);
    tc__free(c);
}

/* g's values for src: gathered (or selected) at index */
static tc_tensor *acc_src_grad(const acc_grad *c, tc_tensor *g, tc_error *err) {
    if (c->kind == ACC_INDEX_ADD && g->ndim == 0) return bins(TC_OP_MUL, g, fsc(c->alpha), err);
    if (c->kind == ACC_INDEX_ADD) {
        int64_t one = 1;
        tc_tensor *i1 = c->index->ndim ? tc_tensor_ref(c->index) : tc_reshape(c->index, &one, 1, err);
        tc_tensor *ix[TC_MAX_DIMS] = {0};
        ix[c->dim] = i1;
        tc_tensor *sel = i1 ? tc_index(g, ix, c->dim + 1, err) : NULL;
        tc_tensor_unref(i1);
        tc_tensor *r = sel && c->alpha != 1 ? bins(TC_OP_MUL, sel, fsc(c->alpha), err) : tc_tensor_ref(sel);
        tc_tensor_unref(sel);
        return r;
    }
    tc_tensor *r = tc_gather(g, c->dim, c->index, err);
    bool same = r && r->ndim == c->src_ndim;
    for (int i = 0; same && i < r->ndim; i++) same = r->shape[i] == c->src_shape[i];
    if (!r || same) return r;
    char a[256], b[256];
    tc_error_set(err, TC_EXC_RUNTIME,
                 "Function %s returned an invalid gradient at index 1 - got %s but expected shape "
                 "compatible with %s", c->kind == ACC_SCATTER ? "ScatterBackward0" : "ScatterAddBackward0",
                 tc__shape_str(r->shape, r->ndim, a, sizeof a),
                 tc__shape_str(c->src_shape, c->src_ndim, b, sizeof b));
    tc_tensor_unref(r);
    return NULL;
}

static int acc_backward(void *ctx, tc_tensor *g, int n, tc_tensor **grads, tc_error *err) {
    (void)n;
    const acc_grad *c = ctx;
    if (c->kind == ACC_COPY) { /* self's old values are gone; src's gradient in its own shape and dtype */
        grads[0] = tc_zeros(g->shape, g->ndim, g->dtype, g->device, err);
        if (!grads[0]) return -1;
        if (!c->has_src) return 0;
        tc_tensor *sg = tc__sum_to(g, c->src_shape, c->src_ndim, err);
        grads[1] = sg ? tc_to(sg, c->src_dtype, c->src_device, ".to()", err) : NULL;
        tc_tensor_unref(sg);
        return grads[1] ? 0 : -1;
    }
    if (c->kind == ACC_SCATTER) {
        grads[0] = tc_clone(g, err);
        if (grads[0] && scatter_impl(grads[0], c->dim, c->index, NULL, 0, false, err)) return -1;
    } else {
        grads[0] = tc_tensor_ref(g);
    }
    if (!grads[0]) return -1;
    if (!c->has_src) return 0;
    grads[1] = acc_src_grad(c, g, err);
    return grads[1] ? 0 : -1;
}

/* t's node after an accumulation from src (NULL: a value) written with grad mode off. */
static int acc_record(tc_tensor *t, tc_tensor *src, const char *name, int kind, int dim,
                      tc_tensor *index, double alpha, tc_error *err) {
    bool sg = src && src->requires_grad;
    if (!tc_grad_enabled() || (!sg && !t->requires_grad) || (!sg && kind != ACC_SCATTER && kind != ACC_COPY))
        return 0;
    acc_grad *c = tc__calloc(1, sizeof *c);
    if (!c) return tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    *c = (acc_grad){kind, dim, tc_tensor_ref(index), alpha, sg, {0}, src ? src->ndim : 0};
    if (src) {
        memcpy(c->src_shape, src->shape, sizeof(int64_t) * (size_t)src->ndim);
        c->src_dtype = src->dtype;
        c->src_device = src->device;
    }
    tc_tensor *prev;
    if (tc__history_take(t, &prev, err)) {
        acc_grad_free(c);
        return -1;
    }
    tc_tensor *ins[2] = {prev, sg ? src : NULL};
    int rc = tc_grad_record_custom(t, name, ins, 2, acc_backward, c, acc_grad_free, err);
    if (rc) acc_grad_free(c);
    return tc__history_settle(t, prev, rc);
}

int tc_copy_grad(tc_tensor *t, tc_tensor *src, tc_error *err) {
    if (acc_record(t, src, "CopyBackwards", ACC_COPY, 0, NULL, 1, err)) return -1;
    /* src computed from t (t.copy_(f(t))): src's node reads t's history, which an alias of t
     * (t->grad_fn->before: the same storage and version counter) now holds; naming it there
     * instead of t keeps t -> node -> src -> node -> t from being a reference cycle */
    tc_tensor *prev = t->grad_fn && src->requires_grad ? t->grad_fn->before : NULL;
    tc_grad_node *sn = prev ? src->grad_fn : NULL;
    for (int k = 0; sn && k < sn->n; k++)
        if (sn->inputs[k] == t) {
            sn->inputs[k] = tc_tensor_ref(prev);
            tc_tensor_unref(t);
        }
    return 0;
}

int tc_scatter_(tc_tensor *t, int dim, tc_tensor *index, tc_tensor *src, double value, bool add,
                tc_error *err) {
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    int rc = scatter_impl(t, dim, index, src, value, add, err);
    tc_set_grad_enabled(was);
    int d = dim < 0 ? dim + t->ndim : dim;
    return rc ? rc : acc_record(t, src, add ? "ScatterAddBackward0" : src ? "ScatterBackward0" : "ScatterBackward1",
                                add ? ACC_SCATTER_ADD : ACC_SCATTER, d, index, 1, err);
}

/* nonzero's two passes over pieces of a flat bool mask, split across threads: the count of
 * each piece, then (after their running sums give each piece its first output row) the
 * positions of its true elements. */
typedef struct {
    const bool *p;
    int64_t n, piece, *counts, *out;
    const int64_t *shape;
    int nd;
} nz_job;

static void nz_count(void *ctx, int64_t begin, int64_t end) {
    nz_job *j = ctx;
    for (int64_t q = begin; q < end; q++) {
        int64_t b = q * j->piece, e = b + j->piece < j->n ? b + j->piece : j->n, c = 0;
        const uint8_t *p = (const uint8_t *)j->p;
        for (int64_t i = b; i < e; i++) c += p[i];
        j->counts[q] = c;
    }
}

static void nz_write(void *ctx, int64_t begin, int64_t end) {
    nz_job *j = ctx;
    int nd = j->nd;
    int64_t last = j->shape[nd - 1];
    for (int64_t q = begin; q < end; q++) {
        int64_t i = q * j->piece, c = 0, total = j->counts[q + 1] - j->counts[q];
        int64_t *o = j->out + j->counts[q] * nd;
        int64_t pos[TC_MAX_DIMS], rem = i;
        for (int k = nd - 1; k >= 0; k--) {
            pos[k] = rem % j->shape[k];
            rem /= j->shape[k];
        }
        /* along the last dim without branches: every position written, kept when true, until
         * the piece's count is reached */
        while (c < total) {
            int64_t j0 = pos[nd - 1];
            for (int64_t x = j0; x < last && c < total; x++, i++) {
                int64_t *row = o + c * nd;
                for (int k = 0; k < nd - 1; k++) row[k] = pos[k];
                row[nd - 1] = x;
                c += j->p[i];
            }
            pos[nd - 1] = 0;
            for (int k = nd - 2; k >= 0; k--) {
                if (++pos[k] < j->shape[k]) break;
                pos[k] = 0;
            }
        }
    }
}

/* nonzero: int64 [n, ndim] of the positions of nonzero elements in row-major order. */
tc_tensor *tc_nonzero(tc_tensor *t, tc_error *err) {
    if (tc__require_strided(t, "nonzero", err)) return NULL;
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *nz = t->dtype == TC_DTYPE_BOOL ? tc_tensor_ref(t) : tc_binary_scalar(TC_OP_NE, t, isc(0), err);
    tc_set_grad_enabled(was);
    tc_tensor *hc = nz ? tc__host_copy(nz, TC_DTYPE_BOOL, err) : NULL;
    tc_tensor_unref(nz);
    if (!hc) return NULL;
    int nd = t->ndim;
    nz_job j = {.p = tc_data_ptr(hc), .n = tc_numel(hc), .piece = 1 << 16, .shape = t->shape, .nd = nd};
    int64_t pieces = (j.n + j.piece - 1) / j.piece;
    j.counts = tc__malloc(sizeof(int64_t) * (size_t)(pieces + 1));
    if (!j.counts) {
        tc_tensor_unref(hc);
        tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        return NULL;
    }
    tc__parallel_for(pieces, 4, nz_count, &j);
    int64_t cnt = 0;
    for (int64_t q = 0; q < pieces; q++) { /* counts become each piece's first row */
        int64_t c = j.counts[q];
        j.counts[q] = cnt;
        cnt += c;
    }
    j.counts[pieces] = cnt;
    int64_t sh[2] = {cnt, nd};
    tc_tensor *out = tc_empty(sh, 2, TC_DTYPE_I64, tc_device_cpu(), err);
    if (out && nd) {
        j.out = tc_data_ptr(out);
        tc__parallel_for(pieces, 4, nz_write, &j);
    }
    tc__free(j.counts);
    tc_tensor_unref(hc);
    if (out && t->device.type != TC_DEVICE_CPU) {
        tc_tensor *dv = tc_to(out, TC_DTYPE_I64, t->device, ".to()", err);
        tc_tensor_unref(out);
        out = dv;
    }
    return out;
}

/* take: t flattened, indexed by index (any shape). */
tc_tensor *tc_take(tc_tensor *t, tc_tensor *index, tc_error *err) {
    if (index->dtype != TC_DTYPE_I64) {
        tc_error_set(err, TC_EXC_RUNTIME, "take(): Expected a long tensor for index, but got %s",
                     tc__dtype_title(index->dtype));
        return NULL;
    }
    int64_t n = tc_numel(t);
    tc_tensor *hc = tc__host_copy(index, TC_DTYPE_I64, err);
    if (!hc) return NULL;
    const int64_t *p = tc_data_ptr(hc);
    for (int64_t i = 0; i < tc_numel(hc); i++)
        if (p[i] < -n || p[i] >= n) {
            tc_error_set(err, TC_EXC_INDEX, "out of range: tried to access index %lld on a tensor of %lld elements.",
                         (long long)p[i], (long long)n);
            tc_tensor_unref(hc);
            return NULL;
        }
    tc_tensor_unref(hc);
    tc_tensor *f = tc_reshape(t, &n, 1, err);
    tc_tensor *r = f ? tc_index(f, &index, 1, err) : NULL;
    tc_tensor_unref(f);
    return named(r, "TakeBackward0");
}

/* t[mask] after broadcasting t and mask together. */
tc_tensor *tc_masked_select(tc_tensor *t, tc_tensor *mask, tc_error *err) {
    if (mask->dtype != TC_DTYPE_BOOL) {
        tc_error_set(err, TC_EXC_RUNTIME, "masked_select: expected BoolTensor for mask");
        return NULL;
    }
    int64_t sh[TC_MAX_DIMS];
    int nd;
    if (tc__broadcast_shapes(t->shape, t->ndim, mask->shape, mask->ndim, sh, &nd, err)) return NULL;
    tc_tensor *et = tc_expand(t, sh, nd, err);
    tc_tensor *em = et ? tc_expand(mask, sh, nd, err) : NULL;
    tc_tensor *r = em ? tc_index_mask(et, em, err) : NULL;
    DROP(et, em);
    return named(r, "MaskedSelectBackward0");
}

/* ---- scans and sorts (backend scan / sort slots) ----------------------------------------------- */

static int run_lines(tc_tensor *out, tc_tensor *a, int dim, int mode, tc_scan_op op, bool desc, tc_error *err) {
    void *ctx;
    const tc_backend_i *be = tc__backend(a->device, &ctx, err);
    if (!be) return -1;
    if (tc_numel(a) == 0) return 0;
    tc_kview ko, ka;
    tc__kview(out, &ko);
    tc__kview(a, &ka);
    if (mode == 0) {
        if (!be->scan) return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "cumsum is not implemented on %s", be->name);
        return be->scan(ctx, op, &ko, &ka, dim, err);
    }
    if (!be->sort) return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "sort is not implemented on %s", be->name);
    return be->sort(ctx, &ko, &ka, dim, desc, err);
}

static bool is_half_dt(tc_dtype dt) { return dt == TC_DTYPE_F16 || dt == TC_DTYPE_BF16; }

/* The running sum/product with no graph (t already has the result dtype). */
static tc_tensor *scan_raw(tc_tensor *t, int d, bool prod, tc_error *err) {
    tc_tensor *src = is_half_dt(t->dtype) ? tc__cast(t, TC_DTYPE_F32, err) : tc_tensor_ref(t);
    tc_tensor *out = src ? tc__tensor_new(t->shape, t->ndim, src->dtype, t->device, err) : NULL;
    if (out && run_lines(out, src, d, 0, prod ? TC_SCAN_PROD : TC_SCAN_SUM, false, err)) {
        tc_tensor_unref(out);
        out = NULL;
    }
    tc_tensor_unref(src);
    if (out && out->dtype != t->dtype) {
        tc_tensor *c = tc__cast(out, t->dtype, err);
        tc_tensor_unref(out);
        out = c;
    }
    return out;
}

tc_tensor *tc__reverse_cumsum(tc_tensor *g, int dim, tc_error *err) {
    if (g->ndim == 0) return tc_tensor_ref(g);
    tc_tensor *f = tc_flip(g, &dim, 1, err);
    tc_tensor *c = f ? scan_raw(f, dim, false, err) : NULL;
    tc_tensor *r = c ? tc_flip(c, &dim, 1, err) : NULL;
    DROP(f, c);
    return r;
}

/* Without zeros: reverse cumsum of g * out, over x. With zeros, per position i the products
 * that skip x_i: sum over j >= i of g_j * prod_{k <= j, k != i} x_k (quadratic in the dim). */
tc_tensor *tc__cumprod_backward(tc_tensor *x, tc_tensor *out, tc_tensor *g, int dim, tc_error *err) {
    tc_tensor *z = bins(TC_OP_EQ, x, fsc(0), err);
    tc_tensor *anyz = red(TC_RED_ANY, z, NULL, 0, false, err);
    tc_scalar s = {0};
    int rc = anyz ? tc_item(anyz, &s, err) : -1;
    DROP(z, anyz);
    if (rc) return NULL;
    if (!(s.kind == TC_SCALAR_BOOL ? s.v.b : s.v.i)) {
        tc_tensor *t1 = bin(TC_OP_MUL, g, out, err);
        tc_tensor *t2 = t1 ? tc__reverse_cumsum(t1, dim, err) : NULL;
        tc_tensor *r = bin(TC_OP_DIV, t2, x, err);
        DROP(t1, t2);
        return r;
    }
    int64_t n = x->shape[dim];
    tc_tensor *ar = arange_at(n, dim, x->ndim, x->device, err);
    tc_tensor *one = scalar_of(x, 1, x->dtype, err), *zero = scalar_of(x, 0, x->dtype, err);
    tc_tensor *res = tc_zeros(x->shape, x->ndim, x->dtype, x->device, err);
    for (int64_t i = 0; i < n && res && ar && one && zero; i++) {
        tc_tensor *mi = bins(TC_OP_EQ, ar, isc(i), err);
        tc_tensor *xi = mi ? tc_where(mi, one, x, err) : NULL;
        tc_tensor *c = xi ? scan_raw(xi, dim, true, err) : NULL;
        tc_tensor *gc = bin(TC_OP_MUL, g, c, err);
        tc_tensor *ge = bins(TC_OP_GE, ar, isc(i), err);
        tc_tensor *gm = ge && gc ? tc_where(ge, gc, zero, err) : NULL;
        tc_tensor *sm = red(TC_RED_SUM, gm, &dim, 1, true, err);
        tc_tensor *nr = sm ? tc_where(mi, sm, res, err) : NULL;
        DROP(mi, xi, c, gc, ge, gm, sm, res);
        res = nr;
    }
    DROP(ar, one, zero);
    return res;
}

/* cumprod of complex numbers along dim d (CPU): the dim is moved last and made contiguous,
 * each line multiplied in the element type's arithmetic, and the result moved back. */
static tc_tensor *complex_cumprod(tc_tensor *t, int d, tc_dtype dt, tc_error *err) {
    if (t->device.type != TC_DEVICE_CPU) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"cumprod_cuda\" not implemented for '%s'", tc__dtype_title(dt));
        return NULL;
    }
    tc_tensor *x = tc_to(t, dt, t->device, ".to()", err);
    tc_tensor *m = x ? tc_transpose(x, d, -1, err) : NULL;
    tc_tensor *c = m ? tc_clone(m, err) : NULL; /* contiguous: the lines are rows */
    tc_tensor *mc = c ? tc_contiguous(c, err) : NULL;
    DROP(x, m, c);
    if (!mc) return NULL;
    int64_t len = t->ndim ? t->shape[d] : 1, lines = len ? tc_numel(mc) / len : 0;
    char *p = tc_data_ptr(mc);
    for (int64_t l = 0; l < lines; l++) {
        if (dt == TC_DTYPE_C64) {
            tc_complex64 *z = (tc_complex64 *)p + l * len;
            float r = 1, i = 0;
            for (int64_t k = 0; k < len; k++) {
                float nr = r * z[k].re - i * z[k].im, ni = r * z[k].im + i * z[k].re;
                z[k].re = r = nr;
                z[k].im = i = ni;
            }
        } else {
            tc_complex128 *z = (tc_complex128 *)p + l * len;
            double r = 1, i = 0;
            for (int64_t k = 0; k < len; k++) {
                double nr = r * z[k].re - i * z[k].im, ni = r * z[k].im + i * z[k].re;
                z[k].re = r = nr;
                z[k].im = i = ni;
            }
        }
    }
    tc_tensor *back = t->ndim ? tc_transpose(mc, d, -1, err) : tc_tensor_ref(mc);
    tc_tensor *r = back ? tc_contiguous(back, err) : NULL;
    DROP(mc, back);
    return r;
}

tc_tensor *tc_cumsum(tc_tensor *t, int dim, int dtype, bool prod, tc_error *err) {
    if (tc__require_strided(t, prod ? "cumprod" : "cumsum", err)) return NULL;
    int d;
    if (tc__wrap_dim(dim, t->ndim, &d, err)) return NULL;
    tc_dtype dt = dtype >= 0 ? (tc_dtype)dtype : tc_dtype_is_inexact(t->dtype) ? t->dtype : TC_DTYPE_I64;
    if (tc_dtype_is_complex(dt) && prod) return complex_cumprod(t, d, dt, err);
    if (tc_dtype_is_complex(dt)) { /* a running sum adds the parts separately; no gradient */
        tc_tensor *x = tc_to(t, dt, t->device, ".to()", err);
        tc_tensor *v = x ? tc_view_as_real(x, err) : NULL;
        tc_tensor *s = v ? scan_raw(v, d, false, err) : NULL;
        tc_tensor *c = s ? tc_contiguous(s, err) : NULL;
        tc_tensor *r = c ? tc_view_as_complex(c, err) : NULL;
        tc_tensor_unref(x);
        tc_tensor_unref(v);
        tc_tensor_unref(s);
        tc_tensor_unref(c);
        return r;
    }
    tc_tensor *x = tc_to(t, dt, t->device, ".to()", err); /* differentiable cast */
    if (!x) return NULL;
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *out = scan_raw(x, d, prod, err);
    tc_set_grad_enabled(was);
    if (out && tc__needs_grad(x, NULL) && tc_dtype_is_float(dt)) {
        tc__gargs ga = {0};
        ga.c = d;
        if (tc__grad_record(out, prod ? "CumprodBackward0" : "CumsumBackward0", prod ? TC_G_CUMPROD : TC_G_CUMSUM,
                            x, NULL, NULL, &ga, err)) {
            tc_tensor_unref(out);
            out = NULL;
        }
    }
    tc_tensor_unref(x);
    return out;
}

/* Does PyTorch's CPU sort take its (stable) radix sort for t, whatever 'stable' says? */
static bool torch_cpu_radix_sort(const tc_tensor *t, bool descending) {
    return t->ndim == 1 && !descending && tc_dtype_kind_of(t->dtype) == TC_KIND_INT && tc_numel(t) >= 32768;
}

tc_tensor *tc_argsort_ex(tc_tensor *t, int dim, bool descending, bool stable, tc_error *err) {
    if (tc__require_strided(t, "sort", err)) return NULL;
    int d;
    if (tc__wrap_dim(dim, t->ndim, &d, err)) return NULL;
    if (torch_cpu_radix_sort(t, descending)) stable = true;
    tc_tensor *x = t->dtype == TC_DTYPE_BOOL || is_half_dt(t->dtype) /* compare as numbers */
                       ? tc__cast(t, t->dtype == TC_DTYPE_BOOL ? TC_DTYPE_U8 : TC_DTYPE_F32, err)
                       : tc_tensor_ref(t);
    if (!x) return NULL;
    tc_tensor *out;
    /* a line of one repeated element (stride 0) is left in place, as PyTorch does */
    if (!stable && x->device.type == TC_DEVICE_CPU && x->ndim && t->strides[d] != 0) {
        out = tc__argsort_unstable_cpu(x, d, descending, err);
    } else {
        out = tc__tensor_new(x->shape, x->ndim, TC_DTYPE_I64, x->device, err);
        if (out && run_lines(out, x, d, 1, TC_SCAN_SUM, descending, err)) {
            tc_tensor_unref(out);
            out = NULL;
        }
    }
    tc_tensor_unref(x);
    return out;
}

tc_tensor *tc_argsort(tc_tensor *t, int dim, bool descending, tc_error *err) {
    return tc_argsort_ex(t, dim, descending, true, err);
}

int tc_sort_ex(tc_tensor *t, int dim, bool descending, bool stable, tc_tensor **values, tc_tensor **indices,
               tc_error *err) {
    *values = *indices = NULL;
    tc_tensor *idx = tc_argsort_ex(t, dim, descending, stable, err);
    int d = 0;
    tc_tensor *v = idx && tc__wrap_dim(dim, t->ndim, &d, err) == 0 ? gather_unchecked(t, d, idx, err) : NULL;
    if (!v) {
        tc_tensor_unref(idx);
        return -1;
    }
    *values = named(v, "SortBackward0");
    *indices = idx;
    return 0;
}

int tc_sort(tc_tensor *t, int dim, bool descending, tc_tensor **values, tc_tensor **indices, tc_error *err) {
    return tc_sort_ex(t, dim, descending, true, values, indices, err);
}

tc_tensor *tc_sort_values(tc_tensor *t, int dim, tc_error *err) {
    if (tc__require_strided(t, "sort", err)) return NULL;
    int d;
    if (tc__wrap_dim(dim, t->ndim, &d, err)) return NULL;
    if (t->ndim && t->device.type == TC_DEVICE_CPU && tc__sort_values_dtype(t->dtype) && !tc__needs_grad(t, NULL))
        return tc__sort_values_cpu(t, d, NULL, err);
    tc_tensor *v, *i;
    if (tc_sort_ex(t, d, false, true, &v, &i, err)) return NULL;
    tc_tensor_unref(i);
    return v;
}

int tc_topk(tc_tensor *t, int64_t k, int dim, bool largest, tc_tensor **values, tc_tensor **indices,
            tc_error *err) {
    return tc_topk_ex(t, k, dim, largest, true, values, indices, err);
}

int tc_topk_ex(tc_tensor *t, int64_t k, int dim, bool largest, bool sorted, tc_tensor **values,
               tc_tensor **indices, tc_error *err) {
    *values = *indices = NULL;
    int d;
    if (tc__wrap_dim(dim, t->ndim, &d, err)) return -1;
    int64_t n = t->ndim ? t->shape[d] : 1;
    if (k < 0 || k > n) return tc_error_set(err, TC_EXC_RUNTIME, "selected index k out of range");
    tc_tensor *ic = NULL;
    if (t->ndim && t->device.type == TC_DEVICE_CPU && t->dtype != TC_DTYPE_BOOL) {
        /* PyTorch's own (unstable) selection: ties in its order */
        if (!(ic = tc__topk_indices_cpu(t, k, d, largest, sorted, err))) return -1;
        tc_tensor *v = gather_unchecked(t, d, ic, err);
        if (!v) {
            tc_tensor_unref(ic);
            return -1;
        }
        *values = named(v, "TopkBackward0");
        *indices = ic;
        return 0;
    }
    tc_tensor *all = tc_argsort(t, d, largest, err);
    tc_tensor *idx = all ? (t->ndim ? tc_slice(all, d, 0, k, 1, err) : tc_tensor_ref(all)) : NULL;
    ic = idx ? tc_contiguous(idx, err) : NULL;
    tc_tensor *v = ic ? gather_unchecked(t, d, ic, err) : NULL;
    DROP(all, idx);
    if (!v) {
        tc_tensor_unref(ic);
        return -1;
    }
    *values = named(v, "TopkBackward0");
    *indices = ic;
    return 0;
}

/* values/indices at sorted position(s) 'pos' (int64, keepdim-shaped) of the ascending sort. */
static int pick_sorted(tc_tensor *t, int d, tc_tensor *sorted_idx, tc_tensor *pos, bool keepdim, const char *gname,
                       tc_tensor **values, tc_tensor **indices, tc_error *err) {
    tc_tensor *ik = gather_unchecked(sorted_idx, d, pos, err);
    tc_tensor *vk = ik ? gather_unchecked(t, d, ik, err) : NULL;
    tc_tensor *iv = NULL, *vv = NULL;
    if (vk && (keepdim || t->ndim == 0)) {
        iv = tc_tensor_ref(ik);
        vv = tc_tensor_ref(vk);
    } else if (vk) {
        iv = tc_squeeze(ik, d, err);
        vv = iv ? tc_squeeze(vk, d, err) : NULL;
    }
    DROP(ik, vk);
    if (!vv) {
        tc_tensor_unref(iv);
        return -1;
    }
    *values = named(vv, gname); /* the squeeze's node when keepdim is off: still ours */
    *indices = iv;
    return 0;
}

/* A keepdim-shaped int64 tensor filled with v. */
static tc_tensor *pos_tensor(tc_tensor *t, int d, int64_t v, tc_error *err) {
    int64_t sh[TC_MAX_DIMS];
    for (int i = 0; i < t->ndim; i++) sh[i] = i == d ? 1 : t->shape[i];
    return tc_full(sh, t->ndim, (double)v, TC_DTYPE_I64, t->device, err);
}

/* x > y with NaN greatest: the order of PyTorch's kthvalue selection. */
static bool gt_or_nan(double x, double y) { return (isnan(x) && !isnan(y)) || x > y; }

static void qs_swap(double *v, int64_t *ix, int64_t i, int64_t j) {
    double tv = v[i];
    v[i] = v[j];
    v[j] = tv;
    int64_t ti = ix[i];
    ix[i] = ix[j];
    ix[j] = ti;
}

/* PyTorch's quick_select_template (median-of-three quickselect): afterwards v[k] is the
 * k-th smallest and ix[k] the index that algorithm keeps among equal values. */
static void quick_select(double *v, int64_t *ix, int64_t n, int64_t k) {
    int64_t L = 0, R = n - 1;
    for (;;) {
        if (R <= L) return;
        if (R == L + 1) {
            if (gt_or_nan(v[L], v[R])) qs_swap(v, ix, L, R);
            return;
        }
        int64_t P = L + (R - L) / 2;
        qs_swap(v, ix, P, L + 1);
        if (gt_or_nan(v[L + 1], v[R])) qs_swap(v, ix, L + 1, R);
        if (gt_or_nan(v[L], v[R])) qs_swap(v, ix, L, R);
        if (gt_or_nan(v[L + 1], v[L])) qs_swap(v, ix, L + 1, L);
        int64_t i = L + 1, j = R;
        double piv = v[L];
        for (;;) {
            do i++;
            while (gt_or_nan(piv, v[i]));
            do j--;
            while (gt_or_nan(v[j], piv));
            if (j < i) break;
            qs_swap(v, ix, i, j);
        }
        qs_swap(v, ix, L, j);
        if (j <= k) L = i;
        if (j >= k) R = j - 1;
    }
}

/* The index kthvalue picks in each slice along d, keepdim-shaped (int64 on t's device). */
static tc_tensor *kth_index(tc_tensor *t, int d, int64_t k, tc_error *err) {
    int last = t->ndim ? t->ndim - 1 : 0;
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *tr = t->ndim ? tc_transpose(t, d, last, err) : tc_tensor_ref(t);
    tc_tensor *hc = tr ? tc__host_copy(tr, TC_DTYPE_F64, err) : NULL;
    tc_set_grad_enabled(was);
    tc_tensor_unref(tr);
    if (!hc) return NULL;
    int64_t n = t->ndim ? hc->shape[last] : 1, rows = n ? tc_numel(hc) / n : 0;
    int64_t sh[TC_MAX_DIMS];
    for (int i = 0; i < hc->ndim; i++) sh[i] = i == last ? 1 : hc->shape[i];
    tc_tensor *out = tc__tensor_new(sh, hc->ndim, TC_DTYPE_I64, tc_device_cpu(), err);
    double *v = out ? tc__malloc((size_t)(n ? n : 1) * sizeof(double)) : NULL;
    int64_t *ix = v ? tc__malloc((size_t)(n ? n : 1) * sizeof(int64_t)) : NULL;
    if (out && !ix) tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    if (ix) {
        const double *src = tc_data_ptr(hc);
        int64_t *o = tc_data_ptr(out);
        for (int64_t r = 0; r < rows; r++) {
            memcpy(v, src + r * n, (size_t)n * sizeof(double));
            for (int64_t i = 0; i < n; i++) ix[i] = i;
            quick_select(v, ix, n, k);
            o[r] = ix[k];
        }
    }
    tc__free(v);
    tc__free(ix);
    tc_tensor_unref(hc);
    if (!ix) {
        tc_tensor_unref(out);
        return NULL;
    }
    tc_tensor *back = t->ndim ? tc_transpose(out, d, last, err) : tc_tensor_ref(out);
    tc_tensor_unref(out);
    tc_tensor *bc = back ? tc_contiguous(back, err) : NULL;
    tc_tensor_unref(back);
    if (bc && t->device.type != TC_DEVICE_CPU) {
        tc_tensor *dv = tc_to(bc, TC_DTYPE_I64, t->device, ".to()", err);
        tc_tensor_unref(bc);
        bc = dv;
    }
    return bc;
}

int tc_kthvalue(tc_tensor *t, int64_t k, int dim, bool keepdim, tc_tensor **values, tc_tensor **indices,
                tc_error *err) {
    *values = *indices = NULL;
    int d;
    if (tc__wrap_dim(dim, t->ndim, &d, err)) return -1;
    int64_t n = t->ndim ? t->shape[d] : 1;
    if (k < 1 || k > n)
        return tc_error_set(err, TC_EXC_RUNTIME, "kthvalue(): selected number k out of range for dimension %d", d);
    if (tc__require_strided(t, "kthvalue", err)) return -1;
    tc_tensor *ik = kth_index(t, d, k - 1, err);
    tc_tensor *vk = ik ? gather_unchecked(t, d, ik, err) : NULL;
    tc_tensor *iv = NULL, *vv = NULL;
    if (vk && (keepdim || t->ndim == 0)) {
        iv = tc_tensor_ref(ik);
        vv = tc_tensor_ref(vk);
    } else if (vk) {
        iv = tc_squeeze(ik, d, err);
        vv = iv ? tc_squeeze(vk, d, err) : NULL;
    }
    DROP(ik, vk);
    if (!vv) {
        tc_tensor_unref(iv);
        return -1;
    }
    *values = named(vv, "KthvalueBackward0");
    *indices = iv;
    return 0;
}

int tc_median_dim(tc_tensor *t, int dim, bool keepdim, tc_tensor **values, tc_tensor **indices, tc_error *err) {
    *values = *indices = NULL;
    int d;
    if (tc__wrap_dim(dim, t->ndim, &d, err)) return -1;
    int64_t n = t->ndim ? t->shape[d] : 1;
    if (n == 0)
        return tc_error_set(err, TC_EXC_INDEX, "median(): Expected reduction dim %d to have non-zero size.", d);
    tc_tensor *s = tc_argsort(t, d, false, err);
    tc_tensor *p = NULL;
    if (s && tc_dtype_is_float(t->dtype)) { /* NaN present: the first NaN in sorted order */
        bool was = tc_grad_enabled();
        tc_set_grad_enabled(false);
        tc_tensor *nn = tc_isnan(t, err);
        tc_tensor *notn = un(TC_UOP_LOGICAL_NOT, nn, err);
        tc_tensor *cnt = red(TC_RED_SUM, notn, &d, t->ndim ? 1 : 0, true, err); /* non-NaN count */
        tc_tensor *mid = pos_tensor(t, d, (n - 1) / 2, err);
        tc_tensor *has = cnt ? bins(TC_OP_LT, cnt, isc(n), err) : NULL;
        p = has && mid ? tc_where(has, cnt, mid, err) : NULL;
        tc_set_grad_enabled(was);
        DROP(nn, notn, cnt, mid, has);
    } else if (s) {
        p = pos_tensor(t, d, (n - 1) / 2, err);
    }
    int rc = p ? pick_sorted(t, d, s, p, keepdim, "MedianBackward1", values, indices, err) : -1;
    DROP(s, p);
    return rc;
}

tc_tensor *tc_median_all(tc_tensor *t, tc_error *err) {
    int64_t n = tc_numel(t);
    if (n == 0) return tc_full(NULL, 0, NAN, t->dtype, t->device, err);
    tc_tensor *f = tc_reshape(t, &n, 1, err), *v = NULL, *i = NULL;
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    int rc = f ? tc_median_dim(f, 0, false, &v, &i, err) : -1;
    tc_set_grad_enabled(was);
    DROP(f, i);
    if (rc) return NULL;
    if (tc__needs_grad(t, NULL) && tc_dtype_is_float(t->dtype)) {
        tc__gargs ga = {0};
        for (int d = 0; d < t->ndim; d++) ga.dims[ga.ndims++] = d;
        if (tc__grad_record(v, "MedianBackward0", TC_G_AMAXMIN, t, NULL, NULL, &ga, err)) {
            tc_tensor_unref(v);
            return NULL;
        }
    }
    return v;
}

int tc_mode(tc_tensor *t, int dim, bool keepdim, tc_tensor **values, tc_tensor **indices, tc_error *err) {
    *values = *indices = NULL;
    int d;
    if (tc__wrap_dim(dim, t->ndim, &d, err)) return -1;
    if (t->ndim && t->shape[d] == 0)
        return tc_error_set(err, TC_EXC_INDEX, "mode(): Expected reduction dim %d to have non-zero size.", d);
    /* the sorting permutation gives runs of equal values; the longest run wins, the
     * first (smallest) on ties, and its last original index is reported */
    tc_tensor *s = tc_argsort(t, d, false, err);
    tc_tensor *hs = s ? tc__host_copy(s, s->dtype, err) : NULL;
    tc_tensor *ht = hs ? tc__host_copy(t, t->dtype, err) : NULL;
    tc_tensor *pos = ht ? pos_tensor(t, d, 0, err) : NULL;
    tc_tensor *hp = pos ? tc__host_copy(pos, pos->dtype, err) : NULL;
    int rc = -1;
    if (hp) {
        int64_t n = t->ndim ? t->shape[d] : 1, lines = n ? tc_numel(t) / n : 0;
        int64_t cst[TC_MAX_DIMS];
        tc__contig_strides(t->shape, t->ndim, cst);
        int64_t stride = t->ndim ? cst[d] : 1;
        const int64_t *ip = tc_data_ptr(hs);
        const char *vp = tc_data_ptr(ht);
        int64_t *op = tc_data_ptr(hp);
        size_t es = tc_dtype_size(t->dtype);
        bool isf = tc_dtype_is_float(t->dtype);
        for (int64_t li = 0; li < lines; li++) {
            int64_t inner = stride, base = (li / inner) * inner * n + li % inner;
            int64_t best = 0, bestlen = 0, start = 0;
            for (int64_t j = 1; j <= n; j++) {
                bool same = false;
                if (j < n) {
                    const char *a = vp + (size_t)(base + ip[base + (j - 1) * stride] * stride) * es;
                    const char *b = vp + (size_t)(base + ip[base + j * stride] * stride) * es;
                    same = isf ? tc_load_f64(a, t->dtype) == tc_load_f64(b, t->dtype)
                               : tc_load_i64(a, t->dtype) == tc_load_i64(b, t->dtype);
                }
                if (!same) {
                    if (j - start > bestlen) {
                        bestlen = j - start;
                        best = start;
                    }
                    start = j;
                }
            }
            int64_t last = -1; /* the largest original index in the winning run */
            for (int64_t j = best; j < best + bestlen; j++)
                if (ip[base + j * stride] > last) last = ip[base + j * stride];
            op[li] = last;
        }
        tc_tensor *ik = tc_to(hp, TC_DTYPE_I64, t->device, ".to()", err);
        tc_tensor *vk = ik ? gather_unchecked(t, d, ik, err) : NULL;
        if (vk) {
            tc_tensor *iv = keepdim || !t->ndim ? tc_tensor_ref(ik) : tc_squeeze(ik, d, err);
            tc_tensor *vv = keepdim || !t->ndim ? tc_tensor_ref(vk) : tc_squeeze(vk, d, err);
            if (vv && vv->grad_fn) named(vv, "ModeBackward0");
            if (iv && vv) {
                *values = vv;
                *indices = iv;
                rc = 0;
            } else {
                DROP(iv, vv);
            }
        }
        DROP(ik, vk);
    }
    DROP(s, hs, ht, pos, hp);
    return rc;
}

/* ---- unique over all elements ------------------------------------------------------------
 *
 * Every way through ends in the same parts: the distinct values (a host tensor, no gradient
 * yet), their number nu, their counts, and where asked the first element of each (an index
 * into the flattened input) and each element's value number (the inverse). On the CPU,
 * integers spanning few values are counted, not sorted; values alone come from the values
 * sort; the rest splits a sorting permutation into runs of equal values. */

typedef struct unique_parts {
    tc_tensor *values;
    int64_t nu;
    int64_t *counts, *firsts, *inv; /* tc__malloc'd; firsts and inv only where asked */
} unique_parts;

/* Do values i and j at vp (dtype dt) count as one? Floats by ==, so -0.0 is 0.0; NaN is NaN
 * only with equal_nan. */
static bool same_value(const char *vp, tc_dtype dt, int64_t i, int64_t j, bool equal_nan) {
    switch (dt) {
    case TC_DTYPE_F32: {
        float a = ((const float *)vp)[i], b = ((const float *)vp)[j];
        return a == b || (equal_nan && a != a && b != b);
    }
    case TC_DTYPE_F64: {
        double a = ((const double *)vp)[i], b = ((const double *)vp)[j];
        return a == b || (equal_nan && a != a && b != b);
    }
    case TC_DTYPE_I64: return ((const int64_t *)vp)[i] == ((const int64_t *)vp)[j];
    case TC_DTYPE_I32: return ((const int32_t *)vp)[i] == ((const int32_t *)vp)[j];
    default: {
        size_t es = tc_dtype_size(dt);
        if (!tc_dtype_is_float(dt)) return tc_load_i64(vp + (size_t)i * es, dt) == tc_load_i64(vp + (size_t)j * es, dt);
        double a = tc_load_f64(vp + (size_t)i * es, dt), b = tc_load_f64(vp + (size_t)j * es, dt);
        return a == b || (equal_nan && a != a && b != b);
    }
    }
}

/* The n values at vp taken in the order 'order' gives (NULL: as they lie) split into runs of
 * equal neighbours: run r starts at value firsts[r] (an index into vp) and holds counts[r];
 * inv[order[i]] is the run of the i-th (inv may be NULL). Returns the number of runs. */
static int64_t split_runs(const char *vp, tc_dtype dt, const int64_t *order, int64_t n, bool equal_nan,
                          int64_t *firsts, int64_t *counts, int64_t *inv) {
    int64_t nu = 0, prev = 0;
    for (int64_t i = 0; i < n; i++) {
        int64_t o = order ? order[i] : i;
        if (i == 0 || !same_value(vp, dt, prev, o, equal_nan)) {
            firsts[nu] = o;
            counts[nu++] = 0;
        }
        counts[nu - 1]++;
        if (inv) inv[o] = nu - 1;
        prev = o;
    }
    return nu;
}

/* The i-th of the n integers at vp (dtype dt), for the integer dtypes, in a loop body. */
#define FOR_INTS(dt, vp, n, i, x, BODY)                                                            \
    switch (dt) {                                                                                  \
    case TC_DTYPE_I64: FOR_INTS_AS(int64_t, vp, n, i, x, BODY); break;                             \
    case TC_DTYPE_I32: FOR_INTS_AS(int32_t, vp, n, i, x, BODY); break;                             \
    case TC_DTYPE_I16: FOR_INTS_AS(int16_t, vp, n, i, x, BODY); break;                             \
    case TC_DTYPE_I8: FOR_INTS_AS(int8_t, vp, n, i, x, BODY); break;                               \
    default: FOR_INTS_AS(uint8_t, vp, n, i, x, BODY); break; /* uint8, bool */                     \
    }
#define FOR_INTS_AS(T, vp, n, i, x, BODY)                                                          \
    do {                                                                                           \
        const T *p_ = (const T *)(vp);                                                             \
        for (int64_t i = 0; i < (n); i++) {                                                        \
            int64_t x = p_[i];                                                                     \
            BODY                                                                                   \
        }                                                                                          \
    } while (0)

/* Counting for the n (> 0) integers of contiguous CPU tensor h when they span at most
 * max(n, 4096) values. Returns 1 with u filled, 0 when the span is wider, -1 with err set. */
static int unique_by_counting(tc_tensor *h, int64_t n, bool want_firsts, bool want_inv, unique_parts *u,
                              tc_error *err) {
    tc_dtype dt = h->dtype;
    if (dt != TC_DTYPE_I64 && dt != TC_DTYPE_I32 && dt != TC_DTYPE_I16 && dt != TC_DTYPE_I8 && dt != TC_DTYPE_U8 &&
        dt != TC_DTYPE_BOOL)
        return 0;
    const char *vp = tc_data_ptr(h);
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    FOR_INTS(dt, vp, n, i, x, {
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
    })
    uint64_t span = (uint64_t)hi - (uint64_t)lo + 1;
    if (span == 0 || span > (uint64_t)(n > 4096 ? n : 4096)) return 0;
    int64_t *rank = tc__calloc(span, sizeof *rank);
    if (!rank) return tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    FOR_INTS(dt, vp, n, i, x, { rank[x - lo]++; })
    int64_t nu = 0;
    for (uint64_t v = 0; v < span; v++)
        nu += rank[v] != 0;
    u->counts = tc__malloc(sizeof(int64_t) * (size_t)nu);
    u->firsts = want_firsts ? tc__malloc(sizeof(int64_t) * (size_t)nu) : NULL;
    u->inv = want_inv ? tc__malloc(sizeof(int64_t) * (size_t)n) : NULL;
    u->values = tc_empty(&nu, 1, dt, h->device, err);
    if (!u->counts || (want_firsts && !u->firsts) || (want_inv && !u->inv) || !u->values) {
        tc__free(rank);
        if (u->values) tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        return -1;
    }
    char *op = tc_data_ptr(u->values);
    size_t es = tc_dtype_size(dt);
    int64_t r = 0;
    for (uint64_t v = 0; v < span; v++) {
        if (!rank[v]) continue;
        u->counts[r] = rank[v];
        tc_store_i64(op + (size_t)r * es, dt, lo + (int64_t)v);
        rank[v] = r++;
    }
    u->nu = nu;
    if (want_firsts)
        for (int64_t k = 0; k < nu; k++)
            u->firsts[k] = -1;
    if (want_firsts || want_inv) {
        int64_t *firsts = u->firsts, *inv = u->inv;
        FOR_INTS(dt, vp, n, i, x, {
            int64_t k = rank[x - lo];
            if (inv) inv[i] = k;
            if (firsts && firsts[k] < 0) firsts[k] = i;
        })
    }
    tc__free(rank);
    return 1;
}
#undef FOR_INTS
#undef FOR_INTS_AS

/* unique of flat (1-D, detached, n elements) in the parts: 'numpy' takes np.unique's order
 * (a stable sort: the first of equal values stands for them) and equal_nan, else PyTorch's
 * (its CPU sort, unstable for floats). */
static int unique_parts_of(tc_tensor *flat, int64_t n, bool consecutive, bool numpy, bool equal_nan, bool want_firsts,
                           bool want_inv, unique_parts *u, tc_error *err) {
    tc_dtype dt = flat->dtype;
    bool cpu = flat->device.type == TC_DEVICE_CPU;
    if (cpu && !consecutive && n > 0) {
        tc_tensor *h = tc_contiguous(flat, err);
        int rc = h ? unique_by_counting(h, n, want_firsts, want_inv, u, err) : -1;
        tc_tensor_unref(h);
        if (rc) return rc < 0 ? -1 : 0;
        if (!want_firsts && !want_inv && tc__sort_values_dtype(dt)) {
            bool special = false;
            tc_tensor *sv = tc__sort_values_cpu(flat, 0, &special, err);
            if (!sv) return -1;
            if (numpy || !special) { /* else PyTorch's unstable sort picks among equals */
                int64_t *firsts = tc__malloc(sizeof(int64_t) * (size_t)n);
                u->counts = tc__malloc(sizeof(int64_t) * (size_t)n);
                tc_tensor *fi = NULL;
                if (firsts && u->counts) {
                    u->nu = split_runs(tc_data_ptr(sv), dt, NULL, n, equal_nan, firsts, u->counts, NULL);
                    fi = tc_from_buffer(firsts, TC_DTYPE_I64, &u->nu, 1, sv->device, err);
                } else {
                    tc_error_set(err, TC_EXC_MEMORY, "out of memory");
                }
                u->values = fi ? tc_index(sv, &fi, 1, err) : NULL;
                DROP(fi, sv);
                tc__free(firsts);
                return u->values ? 0 : -1;
            }
            tc_tensor_unref(sv);
        }
    }
    /* a sorting permutation (none for consecutive runs), split into runs */
    bool stable = numpy || !tc_dtype_is_float(dt);
    tc_tensor *s = consecutive ? NULL : tc_argsort_ex(flat, 0, false, stable, err);
    tc_tensor *hs = s ? tc__host_copy(s, s->dtype, err) : NULL;
    tc_tensor *hv = hs || consecutive ? tc__host_copy(flat, flat->dtype, err) : NULL;
    size_t m = (size_t)(n ? n : 1);
    int64_t *firsts = hv ? tc__malloc(sizeof(int64_t) * m) : NULL;
    u->counts = firsts ? tc__malloc(sizeof(int64_t) * m) : NULL;
    u->inv = u->counts && want_inv ? tc__malloc(sizeof(int64_t) * m) : NULL;
    tc_tensor *fi = NULL;
    if (u->counts && (u->inv || !want_inv)) {
        u->nu = split_runs(tc_data_ptr(hv), dt, hs ? tc_data_ptr(hs) : NULL, n, equal_nan, firsts, u->counts, u->inv);
        fi = tc_from_buffer(firsts, TC_DTYPE_I64, &u->nu, 1, flat->device, err);
    } else if (hv) {
        tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    }
    u->values = fi ? tc_index(flat, &fi, 1, err) : NULL;
    if (u->values && want_firsts) {
        u->firsts = firsts;
        firsts = NULL;
    }
    tc__free(firsts);
    DROP(s, hs, hv, fi);
    return u->values ? 0 : -1;
}

/* unique of t's elements as PyTorch's or NumPy's (see tc_unique, tc_unique_np). */
static int unique_all(tc_tensor *t, bool consecutive, bool numpy, bool equal_nan, tc_tensor **values,
                      tc_tensor **index, tc_tensor **inverse, tc_tensor **counts, tc_error *err) {
    *values = NULL;
    if (index) *index = NULL;
    if (inverse) *inverse = NULL;
    if (counts) *counts = NULL;
    int64_t n = tc_numel(t);
    tc_tensor *flat = tc_reshape(t, &n, 1, err);
    tc_tensor *det = flat ? tc_detach(flat, err) : NULL;
    unique_parts u = {0};
    int rc = -1;
    if (det && unique_parts_of(det, n, consecutive, numpy, equal_nan, index != NULL, inverse != NULL, &u, err) == 0) {
        tc_tensor *v = u.values;
        u.values = NULL;
        if (tc__record_no_derivative(v, consecutive ? "UniqueConsecutiveBackward0" : "Unique2Backward0",
                                     consecutive ? TC__NODERIV_UNIQUE_CONSECUTIVE : TC__NODERIV_UNIQUE2, t, err) < 0) {
            tc_tensor_unref(v);
            v = NULL;
        }
        tc_tensor *ix = v && index ? tc_from_buffer(u.firsts, TC_DTYPE_I64, &u.nu, 1, t->device, err) : NULL;
        tc_tensor *iv = v && inverse ? tc_from_buffer(u.inv, TC_DTYPE_I64, t->shape, t->ndim, t->device, err) : NULL;
        tc_tensor *cv = v && counts ? tc_from_buffer(u.counts, TC_DTYPE_I64, &u.nu, 1, t->device, err) : NULL;
        if (v && (!index || ix) && (!inverse || iv) && (!counts || cv)) {
            *values = v;
            if (index) *index = ix;
            if (inverse) *inverse = iv;
            if (counts) *counts = cv;
            rc = 0;
        } else {
            DROP(v, ix, iv, cv);
        }
    }
    tc_tensor_unref(u.values);
    tc__free(u.counts);
    tc__free(u.firsts);
    tc__free(u.inv);
    DROP(flat, det);
    return rc;
}

int tc_unique(tc_tensor *t, bool consecutive, tc_tensor **values, tc_tensor **inverse, tc_tensor **counts,
              tc_error *err) {
    return unique_all(t, consecutive, false, false, values, NULL, inverse, counts, err);
}

int tc_unique_np(tc_tensor *t, bool equal_nan, tc_tensor **values, tc_tensor **index, tc_tensor **inverse,
                 tc_tensor **counts, tc_error *err) {
    return unique_all(t, false, true, equal_nan, values, index, inverse, counts, err);
}

/* Rows a and b (of n elements each) compared lexicographically: -1, 0 or 1; NaNs compare
 * neither less nor greater (as PyTorch's sort comparator). */
static int row_cmp(const char *base, int64_t n, tc_dtype dt, int64_t a, int64_t b) {
    size_t es = tc_dtype_size(dt);
    const char *pa = base + (size_t)(a * n) * es, *pb = base + (size_t)(b * n) * es;
    bool isf = tc_dtype_is_float(dt);
    for (int64_t i = 0; i < n; i++, pa += es, pb += es) {
        if (isf) {
            double x = tc_load_f64(pa, dt), y = tc_load_f64(pb, dt);
            if (x < y) return -1;
            if (x > y) return 1;
        } else {
            int64_t x = tc_load_i64(pa, dt), y = tc_load_i64(pb, dt);
            if (x < y) return -1;
            if (x > y) return 1;
        }
    }
    return 0;
}

/* Rows a and b equal element for element (NaN equals nothing, as at::equal). */
static bool row_eq(const char *base, int64_t n, tc_dtype dt, int64_t a, int64_t b) {
    size_t es = tc_dtype_size(dt);
    const char *pa = base + (size_t)(a * n) * es, *pb = base + (size_t)(b * n) * es;
    bool isf = tc_dtype_is_float(dt);
    for (int64_t i = 0; i < n; i++, pa += es, pb += es)
        if (isf ? !(tc_load_f64(pa, dt) == tc_load_f64(pb, dt)) : tc_load_i64(pa, dt) != tc_load_i64(pb, dt))
            return false;
    return true;
}

/* Merge sort of idx[0..m) by row_cmp (tmp holds m). */
static void row_sort(int64_t *idx, int64_t *tmp, int64_t m, const char *base, int64_t n, tc_dtype dt) {
    if (m < 2) return;
    int64_t h = m / 2;
    row_sort(idx, tmp, h, base, n, dt);
    row_sort(idx + h, tmp, m - h, base, n, dt);
    int64_t i = 0, j = h, k = 0;
    while (i < h && j < m) tmp[k++] = row_cmp(base, n, dt, idx[j], idx[i]) < 0 ? idx[j++] : idx[i++];
    while (i < h) tmp[k++] = idx[i++];
    while (j < m) tmp[k++] = idx[j++];
    memcpy(idx, tmp, sizeof(int64_t) * (size_t)m);
}

int tc_unique_dim(tc_tensor *t, int dim, bool consecutive, tc_tensor **values, tc_tensor **inverse,
                  tc_tensor **counts, tc_error *err) {
    *values = NULL;
    if (inverse) *inverse = NULL;
    if (counts) *counts = NULL;
    if (t->ndim == 0)
        return tc_error_set(err, TC_EXC_INDEX, "Dimension specified as %d but tensor has no dimensions", dim);
    int d;
    if (tc__wrap_dim(dim, t->ndim, &d, err)) return -1;
    for (int i = 0; i < t->ndim; i++)
        if (i != d && t->shape[i] == 0)
            return tc_error_set(err, TC_EXC_RUNTIME,
                                "There are 0 sized dimensions, and they aren't selected, so unique cannot be applied");
    int perm[TC_MAX_DIMS], back[TC_MAX_DIMS];
    perm[0] = d;
    for (int i = 0, k = 1; i < t->ndim; i++)
        if (i != d) perm[k++] = i;
    for (int i = 0; i < t->ndim; i++) back[perm[i]] = i;
    int64_t m = t->shape[d], n = m ? tc_numel(t) / m : 0;
    tc_tensor *pm = tc_permute(t, perm, t->ndim, err);
    tc_tensor *det = pm ? tc_detach(pm, err) : NULL;
    tc_tensor *hv = det ? tc__host_copy(det, det->dtype, err) : NULL;
    int64_t *buf = hv ? tc__malloc(sizeof(int64_t) * (size_t)(m ? m : 1) * 5) : NULL;
    int rc = -1;
    if (hv && !buf) tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    if (buf) {
        int64_t *order = buf, *tmp = order + (m ? m : 1), *inv = tmp + (m ? m : 1), *cnt = inv + (m ? m : 1),
                *firsts = cnt + (m ? m : 1), nu = 0;
        const char *base = tc_data_ptr(hv);
        for (int64_t i = 0; i < m; i++) order[i] = i;
        if (!consecutive) row_sort(order, tmp, m, base, n, t->dtype);
        for (int64_t i = 0; i < m; i++) {
            if (i == 0 || !row_eq(base, n, t->dtype, firsts[nu - 1], order[i])) {
                firsts[nu] = order[i];
                cnt[nu++] = 0;
            }
            cnt[nu - 1]++;
            inv[order[i]] = nu - 1;
        }
        tc_tensor *hf = tc_from_buffer(firsts, TC_DTYPE_I64, &nu, 1, t->device, err);
        tc_tensor *sel = hf ? tc_index(det, &hf, 1, err) : NULL;
        tc_tensor *v = sel ? tc_permute(sel, back, t->ndim, err) : NULL;
        if (v && tc__record_no_derivative(v, consecutive ? "UniqueConsecutiveBackward0" : "UniqueDimBackward0",
                                          consecutive ? TC__NODERIV_UNIQUE_CONSECUTIVE : TC__NODERIV_UNIQUE_DIM, t,
                                          err) < 0) {
            DROP(v);
            v = NULL;
        }
        tc_tensor *iv = v && inverse ? tc_from_buffer(inv, TC_DTYPE_I64, &m, 1, t->device, err) : NULL;
        tc_tensor *cv = v && counts ? tc_from_buffer(cnt, TC_DTYPE_I64, &nu, 1, t->device, err) : NULL;
        if (v && (!inverse || iv) && (!counts || cv)) {
            *values = v;
            if (inverse) *inverse = iv;
            if (counts) *counts = cv;
            rc = 0;
        } else {
            DROP(v, iv, cv);
        }
        DROP(hf, sel);
    }
    tc__free(buf);
    DROP(pm, det, hv);
    return rc;
}

int tc_cummax(tc_tensor *t, int dim, bool is_max, tc_tensor **values, tc_tensor **indices, tc_error *err) {
    *values = *indices = NULL;
    int d;
    if (tc__wrap_dim(dim, t->ndim, &d, err)) return -1;
    tc_tensor *ht = tc__host_copy(t, t->dtype, err);
    tc_tensor *hi = ht ? tc_empty(t->shape, t->ndim, TC_DTYPE_I64, tc_device_cpu(), err) : NULL;
    if (!hi) {
        DROP(ht);
        return -1;
    }
    int64_t n = t->ndim ? t->shape[d] : 1, total = tc_numel(t), lines = n ? total / n : 0;
    int64_t cst[TC_MAX_DIMS];
    tc__contig_strides(t->shape, t->ndim, cst);
    int64_t stride = t->ndim ? cst[d] : 1;
    const char *vp = tc_data_ptr(ht);
    int64_t *ip = tc_data_ptr(hi);
    size_t es = tc_dtype_size(t->dtype);
    bool isf = tc_dtype_is_float(t->dtype);
    for (int64_t li = 0; li < lines; li++) {
        int64_t base = (li / stride) * stride * n + li % stride, best = 0;
        double bf = 0;
        int64_t bi = 0;
        for (int64_t k = 0; k < n; k++) {
            const char *p = vp + (size_t)(base + k * stride) * es;
            bool take;
            if (isf) {
                double x = tc_load_f64(p, t->dtype);
                take = k == 0 || x != x || (bf == bf && (is_max ? x >= bf : x <= bf));
                if (take) bf = x;
            } else {
                int64_t x = tc_load_i64(p, t->dtype);
                take = k == 0 || (is_max ? x >= bi : x <= bi);
                if (take) bi = x;
            }
            if (take) best = k;
            ip[base + k * stride] = best;
        }
    }
    tc_tensor *idx = tc_to(hi, TC_DTYPE_I64, t->device, ".to()", err);
    DROP(ht, hi);
    tc_tensor *v = idx ? gather_unchecked(t, d, idx, err) : NULL;
    if (!v) {
        tc_tensor_unref(idx);
        return -1;
    }
    *values = named(v, is_max ? "CummaxBackward0" : "CumminBackward0");
    *indices = idx;
    return 0;
}

tc_tensor *tc_quantile(tc_tensor *t, tc_tensor *q, int dim, bool flatten, bool keepdim, int mode, tc_error *err) {
    if (t->dtype != TC_DTYPE_F32 && t->dtype != TC_DTYPE_F64) {
        tc_error_set(err, TC_EXC_RUNTIME, "quantile() input tensor must be either float or double dtype");
        return NULL;
    }
    int d = 0;
    if (!flatten && tc__wrap_dim(dim, t->ndim, &d, err)) return NULL;
    int64_t numel = tc_numel(t);
    tc_tensor *src = flatten ? tc_reshape(t, &numel, 1, err) : t->ndim ? tc_tensor_ref(t) : tc_reshape(t, &numel, 1, err);
    if (!src) return NULL;
    int last = src->ndim - 1;
    tc_tensor *mv = NULL;
    if (!flatten && t->ndim) {
        int perm[TC_MAX_DIMS], k = 0;
        for (int i = 0; i < src->ndim; i++)
            if (i != d) perm[k++] = i;
        perm[k] = d;
        mv = tc_permute(src, perm, src->ndim, err);
    } else {
        mv = tc_tensor_ref(src);
    }
    tc_tensor *sv = NULL, *si = NULL;
    if (mv && tc_sort(mv, last, false, &sv, &si, err)) sv = NULL;
    tc_tensor_unref(si);
    int64_t n = mv ? mv->shape[last] : 0;
    if (sv && n == 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "quantile() input tensor must be non-empty");
        DROP(src, mv, sv);
        return NULL;
    }
    /* ranks in t's dtype, as PyTorch: q * (n - 1); a line holding NaN ranks last */
    int64_t one = 1;
    tc_tensor *q1 = q->ndim ? tc_tensor_ref(q) : tc_reshape(q, &one, 1, err);
    tc_tensor *rk = q1 ? bins(TC_OP_MUL, q1, fsc((double)(n - 1)), err) : NULL;
    int64_t nq = q1 ? q1->shape[0] : 0;
    int64_t ish[TC_MAX_DIMS];
    for (int i = 0; i < last; i++) ish[i] = mv->shape[i];
    ish[last] = nq;
    tc_tensor *rke = rk ? tc_expand(rk, ish, last + 1, err) : NULL;
    tc_tensor *rkc = rke ? tc_contiguous(rke, err) : NULL;
    if (rkc && sv) {
        tc_tensor *lastv = tc_slice(sv, last, n - 1, n, 1, err);
        tc_tensor *nn = lastv ? tc_isnan(lastv, err) : NULL;
        tc_tensor *top = nn ? scalar_of(t, (double)(n - 1), rkc->dtype, err) : NULL;
        tc_tensor *r2 = top ? tc_where(nn, top, rkc, err) : NULL;
        DROP(lastv, nn, top, rkc);
        rkc = r2;
    }
    tc_tensor *below = NULL, *above = NULL, *w = NULL;
    if (rkc) {
        tc_tensor *fl = tc_unary(mode == 3 ? TC_UOP_ROUND : TC_UOP_FLOOR, rkc, err);
        tc_tensor *ce = tc_unary(TC_UOP_CEIL, rkc, err);
        below = fl ? tc__cast(mode == 2 ? ce : fl, TC_DTYPE_I64, err) : NULL;
        above = ce ? tc__cast(ce, TC_DTYPE_I64, err) : NULL;
        if (mode == 0) w = bin(TC_OP_SUB, rkc, fl, err);
        else if (mode == 4) w = scalar_of(t, 0.5, t->dtype, err);
        DROP(fl, ce);
    }
    tc_tensor *vb = below && sv ? gather_unchecked(sv, last, below, err) : NULL, *r = NULL;
    if (vb && (mode == 0 || mode == 4)) {
        tc_tensor *va = above ? gather_unchecked(sv, last, above, err) : NULL;
        r = va && w ? tc_lerp(vb, va, w, err) : NULL;
        DROP(va);
    } else {
        r = tc_tensor_ref(vb);
    }
    /* [..., nq] → [nq, ...] with the reduced dim(s) kept as 1 when keepdim */
    tc_tensor *out = NULL;
    if (r) {
        int perm[TC_MAX_DIMS];
        perm[0] = last;
        for (int i = 0; i < last; i++) perm[i + 1] = i;
        tc_tensor *p = tc_permute(r, perm, last + 1, err);
        int64_t sh[TC_MAX_DIMS];
        int nd = 0;
        if (q->ndim) sh[nd++] = nq;
        if (flatten || !t->ndim) {
            for (int i = 0; keepdim && i < t->ndim; i++) sh[nd++] = 1;
        } else {
            for (int i = 0; i < t->ndim; i++)
                if (i != d) sh[nd++] = t->shape[i];
                else if (keepdim) sh[nd++] = 1;
        }
        out = p ? tc_reshape(p, sh, nd, err) : NULL;
        if (out && out == p) { /* keep the visible node our own */
            tc_tensor_unref(out);
            out = tc_view(p, sh, nd, err);
        }
        tc_tensor_unref(p);
    }
    DROP(src, mv, sv, q1, rk, rke, rkc, below, above, w, vb, r);
    return named(out, "SqueezeBackward4");
}

/* The smallest and largest of n integer keys of dtype dt (n == 0: 0 and -1), read in place:
 * bincount's keys need no int64 copy. */
#define KEY_TYPES(X) X(TC_DTYPE_I64, int64_t) X(TC_DTYPE_I32, int32_t) X(TC_DTYPE_I16, int16_t) \
    X(TC_DTYPE_I8, int8_t) X(TC_DTYPE_U8, uint8_t)
static void key_range(const void *keys, tc_dtype dt, int64_t n, int64_t *mn, int64_t *mx) {
    int64_t lo = 0, hi = -1;
    switch (dt) {
#define RANGE(DT, T)                                                      \
    case DT: {                                                            \
        const T *k = keys;                                                \
        T a = n ? k[0] : 0, b = n ? k[0] : 0;                             \
        for (int64_t i = 1; i < n; i++) {                                 \
            a = k[i] < a ? k[i] : a;                                      \
            b = k[i] > b ? k[i] : b;                                      \
        }                                                                 \
        if (n) lo = a, hi = b;                                            \
        break;                                                            \
    }
    KEY_TYPES(RANGE)
#undef RANGE
    default:
        for (int64_t i = 0; i < n; i++) {
            int64_t v = tc_load_i64((const char *)keys + (size_t)i * tc_dtype_size(dt), dt);
            if (i == 0 || v < lo) lo = v;
            if (i == 0 || v > hi) hi = v;
        }
    }
    *mn = lo;
    *mx = hi;
}

/* counts[k] += 1 for keys from *i on, up to the first outside [0, cap) (*i is left there) */
static void count_keys(const void *keys, tc_dtype dt, int64_t *i, int64_t n, int64_t *counts, int64_t cap) {
    int64_t j = *i;
    switch (dt) {
#define COUNT(DT, T)                                                         \
    case DT: {                                                               \
        const T *k = keys;                                                   \
        for (; j < n && (uint64_t)(int64_t)k[j] < (uint64_t)cap; j++) counts[k[j]]++; \
        break;                                                               \
    }
    KEY_TYPES(COUNT)
#undef COUNT
    default:
        for (; j < n; j++) {
            int64_t v = tc_load_i64((const char *)keys + (size_t)j * tc_dtype_size(dt), dt);
            if ((uint64_t)v >= (uint64_t)cap) break;
            counts[v]++;
        }
    }
    *i = j;
}

/* The unweighted counts in one pass, into bins that grow to the largest key seen: a new
 * int64 tensor of max(largest + 1, minlength) counts. A key past 2^20 leaves the rest to
 * the two passes of the weighted case (*done false, nothing returned); a negative key is
 * PyTorch's error. */
static tc_tensor *count_one_pass(const void *keys, tc_dtype dt, int64_t n, int64_t minlength, bool *done,
                                 tc_error *err) {
    *done = true;
    int64_t cap = minlength > 1024 ? minlength : 1024, i = 0;
    int64_t *bins = tc__calloc((size_t)cap, sizeof *bins);
    if (!bins) {
        tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        return NULL;
    }
    for (;;) {
        count_keys(keys, dt, &i, n, bins, cap);
        if (i == n) break;
        int64_t k = tc_load_i64((const char *)keys + (size_t)i * tc_dtype_size(dt), dt);
        if (k < 0 || k >= (INT64_C(1) << 20)) {
            tc__free(bins);
            if (k >= 0) *done = false;
            else tc_error_set(err, TC_EXC_RUNTIME, "bincount only supports 1-d non-negative integral inputs.");
            return NULL;
        }
        int64_t nc = 2 * cap > k + 1 ? 2 * cap : k + 1;
        int64_t *nb = tc__realloc(bins, (size_t)nc * sizeof *bins);
        if (!nb) {
            tc__free(bins);
            tc_error_set(err, TC_EXC_MEMORY, "out of memory");
            return NULL;
        }
        memset(nb + cap, 0, (size_t)(nc - cap) * sizeof *nb);
        bins = nb;
        cap = nc;
    }
    int64_t len = cap;
    while (len > minlength && len > 0 && bins[len - 1] == 0) len--;
    tc_tensor *out = tc__tensor_new(&len, 1, TC_DTYPE_I64, tc_device_cpu(), err);
    if (out && len) memcpy(tc_data_ptr(out), bins, (size_t)len * sizeof *bins);
    tc__free(bins);
    return out;
}

tc_tensor *tc_bincount(tc_tensor *t, tc_tensor *weights, int64_t minlength, tc_error *err) {
    if (tc_dtype_is_float(t->dtype) || t->dtype == TC_DTYPE_BOOL) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"bincount_cpu\" not implemented for '%s'", tc__dtype_title(t->dtype));
        return NULL;
    }
    if (minlength < 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "minlength should be >= 0");
        return NULL;
    }
    if (t->ndim != 1) {
        tc_error_set(err, TC_EXC_RUNTIME, "bincount only supports 1-d non-negative integral inputs.");
        return NULL;
    }
    if (weights && (weights->ndim != 1 || weights->shape[0] != t->shape[0])) {
        tc_error_set(err, TC_EXC_RUNTIME, "weights should be 1-d and have the same length as input");
        return NULL;
    }
    tc_tensor *ht = tc__host_copy(t, t->dtype, err);
    tc_tensor *hw = ht && weights ? tc__host_copy(weights, weights->dtype, err) : NULL;
    if (!ht || (weights && !hw)) {
        DROP(ht, hw);
        return NULL;
    }
    int64_t n = t->shape[0];
    const void *keys = tc_data_ptr(ht);
    bool done = false;
    tc_tensor *out = weights ? NULL : count_one_pass(keys, t->dtype, n, minlength, &done, err);
    if (done) {
        DROP(ht, hw);
        goto placed;
    }
    int64_t mn, mx;
    key_range(keys, t->dtype, n, &mn, &mx);
    if (mn < 0) {
        DROP(ht, hw);
        tc_error_set(err, TC_EXC_RUNTIME, "bincount only supports 1-d non-negative integral inputs.");
        return NULL;
    }
    int64_t len = mx + 1 > minlength ? mx + 1 : minlength;
    tc_dtype odt = !weights ? TC_DTYPE_I64 : weights->dtype == TC_DTYPE_F32 ? TC_DTYPE_F32 : TC_DTYPE_F64;
    out = tc_zeros(&len, 1, odt, tc_device_cpu(), err);
    if (out && !weights) {
        int64_t i = 0;
        count_keys(keys, t->dtype, &i, n, tc_data_ptr(out), len);
    } else if (out) {
        /* the weights summed in input order, in the result's dtype */
        char *o = tc_data_ptr(out);
        size_t oes = tc_dtype_size(odt), wes = tc_dtype_size(weights->dtype), kes = tc_dtype_size(t->dtype);
        const char *w = tc_data_ptr(hw);
        for (int64_t i = 0; i < n; i++) {
            char *p = o + (size_t)tc_load_i64((const char *)keys + (size_t)i * kes, t->dtype) * oes;
            tc_store_f64(p, odt, tc_load_f64(p, odt) + tc_load_f64(w + (size_t)i * wes, weights->dtype));
        }
    }
    DROP(ht, hw);
placed:
    if (out && t->device.type != TC_DEVICE_CPU) {
        tc_tensor *dv = tc_to(out, out->dtype, t->device, ".to()", err);
        tc_tensor_unref(out);
        out = dv;
    }
    return out;
}

tc_tensor *tc_histc(tc_tensor *t, int64_t bins, double lo, double hi, tc_error *err) {
    if (!tc_dtype_is_float(t->dtype)) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"histogram_cpu\" not implemented for '%s'", tc__dtype_title(t->dtype));
        return NULL;
    }
    if (bins <= 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "torch.histc: bins must be > 0, but got %lld for dimension 0", (long long)bins);
        return NULL;
    }
    if (lo > hi) {
        tc_error_set(err, TC_EXC_RUNTIME, "torch.histc: max must be larger than min");
        return NULL;
    }
    tc_tensor *ht = tc__host_copy(t, t->dtype, err);
    if (!ht) return NULL;
    int64_t n = tc_numel(ht);
    size_t es = tc_dtype_size(t->dtype);
    const char *vp = tc_data_ptr(ht);
    if (lo == hi && n > 0) {
        lo = INFINITY;
        hi = -INFINITY;
        for (int64_t i = 0; i < n; i++) {
            double x = tc_load_f64(vp + (size_t)i * es, t->dtype);
            if (x < lo) lo = x;
            if (x > hi) hi = x;
        }
    }
    if (lo == hi) {
        lo -= 1;
        hi += 1;
    }
    tc_tensor *out = tc_zeros(&bins, 1, t->dtype, tc_device_cpu(), err);
    if (out) {
        char *o = tc_data_ptr(out);
        for (int64_t i = 0; i < n; i++) {
            double x = tc_load_f64(vp + (size_t)i * es, t->dtype);
            if (!(x >= lo && x <= hi)) continue;
            int64_t b = (int64_t)((x - lo) * (double)bins / (hi - lo));
            if (b >= bins) b = bins - 1;
            char *p = o + (size_t)b * es;
            tc_store_f64(p, t->dtype, tc_load_f64(p, t->dtype) + 1);
        }
    }
    tc_tensor_unref(ht);
    if (out && t->device.type != TC_DEVICE_CPU) {
        tc_tensor *dv = tc_to(out, t->dtype, t->device, ".to()", err);
        tc_tensor_unref(out);
        out = dv;
    }
    return out;
}

/* An in-place write must not target a leaf that requires grad. */
static int leaf_check(tc_tensor *t, tc_error *err) {
    if (t->requires_grad && !t->grad_fn && tc_grad_enabled())
        return tc_error_set(err, TC_EXC_RUNTIME, "a leaf Variable that requires grad is being used in an in-place operation.");
    return 0;
}

/* PyTorch's IndexError for an index_select-style index out of range. */
/* index_add_'s indices lie in [0, size) (PyTorch takes no negative ones there); its message
 * is the element loop's for a self of at most one dim, the slice loop's otherwise. */
static int check_index_range(tc_tensor *index, int ndim, int dim, int64_t size, tc_error *err) {
    tc_tensor *h = tc__host_copy(index, index->dtype, err);
    if (!h) return -1;
    const int64_t *p = tc_data_ptr(h);
    int rc = 0;
    for (int64_t i = 0; i < tc_numel(h) && !rc; i++)
        if (p[i] < 0 || p[i] >= size)
            rc = ndim <= 1 ? tc_error_set(err, TC_EXC_INDEX, "index out of range in self")
                           : tc_error_set(err, TC_EXC_RUNTIME, "index %lld is out of bounds for dimension %d with size %lld",
                                          (long long)p[i], dim, (long long)size);
    tc_tensor_unref(h);
    return rc;
}

/* index_add_ of contiguous float32/float64 CPU tensors that share no memory: source's slices
 * along d added into t's, one row of the dims after d at a time, in index order (PyTorch's
 * order per element). false when the case is not this one. */
static bool index_add_rows(tc_tensor *t, int d, tc_tensor *i64, tc_tensor *source) {
    if (t->device.type != TC_DEVICE_CPU || source->device.type != TC_DEVICE_CPU ||
        i64->device.type != TC_DEVICE_CPU || t->ndim == 0 || !tc_is_contiguous(t) ||
        !tc_is_contiguous(source) || !tc_is_contiguous(i64) || t->storage == source->storage ||
        (t->dtype != TC_DTYPE_F32 && t->dtype != TC_DTYPE_F64))
        return false;
    int64_t inner = 1, outer = 1, ni = tc_numel(i64), size = t->shape[d];
    for (int i = d + 1; i < t->ndim; i++) {
        if (source->shape[i] != t->shape[i]) return false;
        inner *= t->shape[i];
    }
    for (int i = 0; i < d; i++) {
        if (source->shape[i] != t->shape[i]) return false;
        outer *= t->shape[i];
    }
    const int64_t *ip = tc_data_ptr(i64);
    for (int64_t o = 0; o < outer; o++)
        for (int64_t k = 0; k < ni; k++) {
            int64_t row = o * size + ip[k], from = o * ni + k;
            if (t->dtype == TC_DTYPE_F32) {
                float *dst = (float *)tc_data_ptr(t) + row * inner;
                const float *src = (const float *)tc_data_ptr(source) + from * inner;
                for (int64_t e = 0; e < inner; e++) dst[e] += src[e];
            } else {
                double *dst = (double *)tc_data_ptr(t) + row * inner;
                const double *src = (const double *)tc_data_ptr(source) + from * inner;
                for (int64_t e = 0; e < inner; e++) dst[e] += src[e];
            }
        }
    return true;
}

static int index_add_impl(tc_tensor *t, int d, tc_tensor *index, tc_tensor *source, double alpha, tc_error *err) {
    if (index->dtype != TC_DTYPE_I64 && index->dtype != TC_DTYPE_I32)
        return tc_error_set(err, TC_EXC_RUNTIME, "index_add_(): Expected dtype int32/int64 for index");
    if (index->ndim > 1) return tc_error_set(err, TC_EXC_INDEX, "index_add_(): Index is supposed to be a vector");
    int64_t ni = tc_numel(index);
    if (source->ndim != t->ndim || (t->ndim && source->shape[d] != ni))
        return tc_error_set(err, TC_EXC_INDEX, "index_add_(): Number of indices (%lld) should be equal to source.size(dim) (%lld)",
                            (long long)ni, (long long)(source->ndim > d ? source->shape[d] : 0));
    if (source->dtype != t->dtype)
        return tc_error_set(err, TC_EXC_RUNTIME, "index_add_(): self (%s) and source (%s) must have the same scalar type",
                            tc__dtype_title(t->dtype), tc__dtype_title(source->dtype));
    if (check_index_range(index, t->ndim, d, t->ndim ? t->shape[d] : 1, err)) return -1;
    /* PyTorch's assert_no_overlap(self, source): no shared element, the very same view
     * included (views it cannot judge, not dense, pass) */
    if (t->storage && t->storage == source->storage && tc_is_contiguous(t) && tc_is_contiguous(source) &&
        t->offset < source->offset + tc_numel(source) && source->offset < t->offset + tc_numel(t))
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "unsupported operation: some elements of the input tensor and the written-to "
                            "tensor refer to a single memory location. Please clone() the tensor before "
                            "performing the operation.");
    tc_tensor *i64 = tc__cast(index, TC_DTYPE_I64, err);
    if (i64 && alpha == 1 && index_add_rows(t, d, i64, source)) {
        tc_tensor_unref(i64);
        return 0;
    }
    int64_t sh[TC_MAX_DIMS];
    for (int i = 0; i < t->ndim; i++) sh[i] = i == d ? ni : 1;
    tc_tensor *iv = i64 ? tc_reshape(i64, sh, t->ndim, err) : NULL;
    tc_tensor *ie = iv ? tc_expand(iv, source->shape, source->ndim, err) : NULL;
    tc_tensor *ic = ie ? tc_contiguous(ie, err) : NULL;
    tc_tensor *src = alpha == 1 ? tc_tensor_ref(source)
                   : tc_dtype_is_float(source->dtype) ? bins(TC_OP_MUL, source, fsc(alpha), err)
                                                      : bins(TC_OP_MUL, source, isc((int64_t)alpha), err);
    int rc = ic && src ? scatter_impl(t, d, ic, src, 0, true, err) : -1;
    DROP(i64, iv, ie, ic, src);
    return rc;
}

int tc_index_add_(tc_tensor *t, int dim, tc_tensor *index, tc_tensor *source, double alpha, tc_error *err) {
    int d;
    if (leaf_check(t, err) || tc__wrap_dim(dim, t->ndim, &d, err)) return -1;
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    int rc = index_add_impl(t, d, index, source, alpha, err);
    tc_set_grad_enabled(was);
    return rc ? rc : acc_record(t, source, "IndexAddBackward0", ACC_INDEX_ADD, d, index, alpha, err);
}

int tc_index_fill_(tc_tensor *t, int dim, tc_tensor *index, double value, tc_error *err) {
    int d;
    if (leaf_check(t, err) || tc__wrap_dim(dim, t->ndim, &d, err)) return -1;
    if (index->dtype != TC_DTYPE_I64)
        return tc_error_set(err, TC_EXC_INDEX, "index_fill_(): Expected dtype int64 for index.");
    if (index->ndim > 1)
        return tc_error_set(err, TC_EXC_INDEX, "index_fill_(): Index is supposed to be a vector");
    tc_tensor *v = tc_full(NULL, 0, value, t->dtype, t->device, err);
    tc_tensor *ix[TC_MAX_DIMS] = {0};
    ix[d] = index;
    int rc = v ? tc_index_put_(t, ix, d + 1, v, err) : -1;
    tc_tensor_unref(v);
    return rc;
}

int tc_masked_scatter_(tc_tensor *t, tc_tensor *mask, tc_tensor *source, tc_error *err) {
    if (leaf_check(t, err)) return -1;
    if (mask->dtype != TC_DTYPE_BOOL)
        return tc_error_set(err, TC_EXC_RUNTIME, "masked_scatter_ only supports boolean masks, but got mask with dtype %s",
                            tc_dtype_name(mask->dtype));
    if (source->dtype != t->dtype)
        return tc_error_set(err, TC_EXC_RUNTIME, "masked_scatter_: expected self and source to have same dtypes but got %s and %s",
                            tc__dtype_title(t->dtype), tc__dtype_title(source->dtype));
    tc_tensor *m = tc_expand(mask, t->shape, t->ndim, err);
    tc_tensor *cnt = m ? tc_reduce(TC_RED_SUM, m, NULL, 0, false, err) : NULL;
    tc_scalar s = {0};
    int rc = cnt ? tc_item(cnt, &s, err) : -1;
    tc_tensor_unref(cnt);
    if (rc) {
        tc_tensor_unref(m);
        return -1;
    }
    int64_t n = s.v.i, total = tc_numel(source);
    if (n > total) {
        tc_tensor_unref(m);
        return tc_error_set(err, TC_EXC_RUNTIME, "masked_scatter: expected source to have at least %lld elements", (long long)n);
    }
    tc_tensor *flat = tc_reshape(source, &total, 1, err);
    tc_tensor *vals = flat ? tc_slice(flat, 0, 0, n, 1, err) : NULL;
    rc = vals ? tc_index_put_(t, &m, 1, vals, err) : -1;
    DROP(m, flat, vals);
    return rc;
}

int tc_put_(tc_tensor *t, tc_tensor *index, tc_tensor *source, bool accumulate, tc_error *err) {
    if (leaf_check(t, err)) return -1;
    if (index->dtype != TC_DTYPE_I64)
        return tc_error_set(err, TC_EXC_RUNTIME, "put_(): Expected a long tensor for index, but got %s", tc__dtype_title(index->dtype));
    if (source->dtype != t->dtype)
        return tc_error_set(err, TC_EXC_RUNTIME, "put_(): self and source expected to have the same dtype, but got self.dtype = %s and source.dtype = %s",
                            tc__dtype_title(t->dtype), tc__dtype_title(source->dtype));
    int64_t n = tc_numel(t), ni = tc_numel(index);
    if (tc_numel(source) != ni)
        return tc_error_set(err, TC_EXC_RUNTIME, "put_(): Expected source and index to have the same number of elements, but got source.numel() = %lld, index.numel() = %lld",
                            (long long)tc_numel(source), (long long)ni);
    tc_tensor *h = tc__host_copy(index, index->dtype, err);
    if (!h) return -1;
    const int64_t *p = tc_data_ptr(h);
    for (int64_t i = 0; i < ni; i++)
        if (p[i] < -n || p[i] >= n) {
            int64_t bad = p[i];
            tc_tensor_unref(h);
            return tc_error_set(err, TC_EXC_INDEX, "out of range: tried to access index %lld on a tensor of %lld elements.",
                                (long long)bad, (long long)n);
        }
    tc_tensor_unref(h);
    tc_tensor *work = tc_is_contiguous(t) ? tc_tensor_ref(t) : tc_contiguous(t, err);
    tc_tensor *flat = work ? tc_view(work, &n, 1, err) : NULL;
    tc_tensor *fi = flat ? tc_reshape(index, &ni, 1, err) : NULL;
    tc_tensor *fs = fi ? tc_reshape(source, &ni, 1, err) : NULL;
    int rc = -1;
    if (fs) rc = accumulate ? tc_scatter_(flat, 0, fi, fs, 0, true, err) : tc_index_put_(flat, &fi, 1, fs, err);
    if (rc == 0 && work != t) rc = tc_copy_(t, work, err);
    DROP(work, flat, fi, fs);
    return rc;
}

int tc_scatter_reduce_(tc_tensor *t, int dim, tc_tensor *index, tc_tensor *src, int reduce, bool include_self,
                       tc_error *err) {
    int d;
    if (leaf_check(t, err) || tc__wrap_dim(dim, t->ndim, &d, err)) return -1;
    if (src->dtype != t->dtype)
        return tc_error_set(err, TC_EXC_RUNTIME, "scatter_reduce(): Expected self.dtype to be equal to src.dtype");
    if (check_gather_index("scatter_reduce", t, d, index, src, true, err)) return -1;
    if (tc_numel(index) == 0) return 0;
    tc_tensor *hc = tc__host_copy(t, t->dtype, err);
    tc_tensor *work = hc ? (hc == t ? tc_clone(hc, err) : tc_tensor_ref(hc)) : NULL;
    tc_tensor *hi = work ? tc__host_copy(index, index->dtype, err) : NULL;
    tc_tensor *hs = hi ? tc__host_copy(src, src->dtype, err) : NULL;
    int64_t n = tc_numel(t);
    int64_t *cnt = hs ? tc__calloc((size_t)(n ? n : 1), sizeof(int64_t)) : NULL;
    int rc = -1;
    if (cnt) {
        char *base = tc_data_ptr(work);
        const int64_t *ip = tc_data_ptr(hi);
        const char *sp = tc_data_ptr(hs);
        size_t es = tc_dtype_size(t->dtype);
        bool isf = tc_dtype_is_float(t->dtype);
        int64_t ni = tc_numel(hi), pos[TC_MAX_DIMS] = {0}, cst[TC_MAX_DIMS], sst[TC_MAX_DIMS];
        tc__contig_strides(t->shape, t->ndim, cst);
        tc__contig_strides(src->shape, src->ndim, sst);
        for (int64_t k = 0; k < ni; k++) {
            int64_t off = 0, soff = 0;
            for (int i = 0; i < t->ndim; i++) {
                int64_t c = i == d ? ip[k] : pos[i];
                if (i == d && c < 0) c += t->shape[d];
                off += c * cst[i];
                soff += pos[i] * sst[i];
            }
            char *dst = base + (size_t)off * es;
            const char *sv = sp + (size_t)soff * es;
            bool first = cnt[off] == 0 && !include_self;
            cnt[off]++;
            if (isf) {
                double a = tc_load_f64(dst, t->dtype), b = tc_load_f64(sv, t->dtype);
                double r = first ? b : reduce == 1 ? a * b : reduce == 3 ? (b > a || b != b ? b : a)
                         : reduce == 4 ? (b < a || b != b ? b : a) : a + b;
                tc_store_f64(dst, t->dtype, r);
            } else {
                int64_t a = tc_load_i64(dst, t->dtype), b = tc_load_i64(sv, t->dtype);
                int64_t r = first ? b : reduce == 1 ? a * b : reduce == 3 ? (b > a ? b : a)
                          : reduce == 4 ? (b < a ? b : a) : a + b;
                tc_store_i64(dst, t->dtype, r);
            }
            for (int i = index->ndim - 1; i >= 0; i--) {
                if (++pos[i] < index->shape[i]) break;
                pos[i] = 0;
            }
        }
        if (reduce == 2) /* mean over what landed (and self when included) */
            for (int64_t i = 0; i < n; i++) {
                if (!cnt[i]) continue;
                int64_t c = cnt[i] + (include_self ? 1 : 0);
                char *p = base + (size_t)i * es;
                if (isf) {
                    tc_store_f64(p, t->dtype, tc_load_f64(p, t->dtype) / (double)c);
                } else {
                    int64_t v = tc_load_i64(p, t->dtype), q = v / c;
                    if ((v % c != 0) && ((v < 0) != (c < 0))) q--;
                    tc_store_i64(p, t->dtype, q);
                }
            }
        rc = tc_copy_(t, work, err);
    }
    tc__free(cnt);
    DROP(hc, work, hi, hs);
    return rc;
}

/* ---- products -------------------------------------------------------------------------------- */

/* outer(a, b): a[:, None] * b[None, :]. */
tc_tensor *tc_outer(tc_tensor *a, tc_tensor *b, tc_error *err) {
    if (a->ndim != 1 || b->ndim != 1) {
        tc_error_set(err, TC_EXC_RUNTIME, "outer: Expected 1-D argument self, but got %d-D",
                     a->ndim != 1 ? a->ndim : b->ndim);
        return NULL;
    }
    tc_tensor *ua = tc_unsqueeze(a, 1, err);
    tc_tensor *r = ua ? tc_binary(TC_OP_MUL, ua, b, err) : NULL;
    tc_tensor_unref(ua);
    return r;
}

/* kron(a, b) for tensors of any dims (the smaller one padded with leading 1s). */
tc_tensor *tc_kron(tc_tensor *a, tc_tensor *b, tc_error *err) {
    int n = a->ndim > b->ndim ? a->ndim : b->ndim;
    if (2 * n > TC_MAX_DIMS) {
        tc_error_set(err, TC_EXC_RUNTIME, "kron: too many dimensions");
        return NULL;
    }
    int64_t sa[TC_MAX_DIMS], sb[TC_MAX_DIMS], fin[TC_MAX_DIMS];
    for (int i = 0; i < n; i++) {
        int64_t x = i < n - a->ndim ? 1 : a->shape[i - (n - a->ndim)];
        int64_t y = i < n - b->ndim ? 1 : b->shape[i - (n - b->ndim)];
        sa[2 * i] = x; sa[2 * i + 1] = 1;
        sb[2 * i] = 1; sb[2 * i + 1] = y;
        fin[i] = x * y;
    }
    tc_tensor *va = tc_reshape(a, sa, 2 * n, err);
    tc_tensor *vb = va ? tc_reshape(b, sb, 2 * n, err) : NULL;
    tc_tensor *m = bin(TC_OP_MUL, va, vb, err);
    tc_tensor *r = m ? tc_reshape(m, fin, n, err) : NULL;
    DROP(va, vb, m);
    return r;
}

/* cross(a, b, dim): the vector product along a dim of size 3. */
tc_tensor *tc_cross(tc_tensor *a, tc_tensor *b, int dim, tc_error *err) {
    int64_t sh[TC_MAX_DIMS];
    int nd;
    if (tc__broadcast_shapes(a->shape, a->ndim, b->shape, b->ndim, sh, &nd, err)) return NULL;
    int d;
    if (tc__wrap_dim(dim, nd, &d, err)) return NULL;
    if (sh[d] != 3 || (a->ndim && a->shape[d - (nd - a->ndim)] != 3) || (b->ndim && b->shape[d - (nd - b->ndim)] != 3)) {
        tc_error_set(err, TC_EXC_RUNTIME, "linalg.cross: inputs dimension %d must have length 3. Got %lld and %lld",
                     dim, (long long)a->shape[d - (nd - a->ndim)], (long long)b->shape[d - (nd - b->ndim)]);
        return NULL;
    }
    tc_tensor *ea = tc_expand(a, sh, nd, err), *eb = ea ? tc_expand(b, sh, nd, err) : NULL;
    tc_tensor *parts[3] = {0};
    int ok = eb != NULL;
    for (int i = 0; i < 3 && ok; i++) {
        int j = (i + 1) % 3, k = (i + 2) % 3;
        tc_tensor *aj = tc_select(ea, d, j, err), *bk = tc_select(eb, d, k, err);
        tc_tensor *ak = tc_select(ea, d, k, err), *bj = tc_select(eb, d, j, err);
        tc_tensor *p1 = bin(TC_OP_MUL, aj, bk, err), *p2 = bin(TC_OP_MUL, ak, bj, err);
        parts[i] = bin(TC_OP_SUB, p1, p2, err);
        DROP(aj, bk, ak, bj, p1, p2);
        ok = parts[i] != NULL;
    }
    tc_tensor *r = ok ? tc_stack(parts, 3, d, err) : NULL;
    DROP(ea, eb, parts[0], parts[1], parts[2]);
    return named(r, "LinalgCrossBackward0");
}

/* clamp with tensor bounds (either may be NULL, not both): maximum with min, then minimum
 * with max. That is PyTorch's clamp kernel element for element (a NaN anywhere gives NaN,
 * min > max gives max), its result type (the three operands promoted together as the two
 * steps do) and its gradient (a tie with a bound splits the gradient in halves, as
 * ClampBackward0's formula). */
tc_tensor *tc_clamp_tensor(tc_tensor *a, tc_tensor *min, tc_tensor *max, tc_error *err) {
    if (!min && !max) {
        tc_error_set(err, TC_EXC_RUNTIME, "torch.clamp: At least one of 'min' or 'max' must not be None");
        return NULL;
    }
    tc_tensor *lo = min ? tc_binary(TC_OP_MAXIMUM, a, min, err) : tc_tensor_ref(a);
    tc_tensor *r = max ? bin(TC_OP_MINIMUM, lo, max, err) : tc_tensor_ref(lo);
    tc_tensor_unref(lo);
    return named(r, "ClampBackward0");
}


/* ---- torch._euclidean_dist ------------------------------------------------------------------ */

/* x = sqrt(max(0, x)) in place, as ATen's clamp_min_(0) then sqrt_ (max_ps(0, x) keeps a
 * NaN and a -0), a block at a time while it is in cache; the square roots are the CPU
 * backend's own loop (MKL's where PyTorch's are). */
typedef struct clamp_sqrt_job {
    char *x;
    tc_dtype dt;
    tc__loop_fn root;
} clamp_sqrt_job;

__attribute__((target_clones("avx2", "default"))) static void clamp_min0(char *p, tc_dtype dt, int64_t m) {
    if (dt == TC_DTYPE_F32) {
        float *x = (float *)p;
        for (int64_t i = 0; i < m; i++) x[i] = x[i] < 0 ? 0.0f : x[i];
    } else {
        double *x = (double *)p;
        for (int64_t i = 0; i < m; i++) x[i] = x[i] < 0 ? 0.0 : x[i];
    }
}

static void clamp_sqrt_range(void *ctx, int64_t b, int64_t e) {
    const clamp_sqrt_job *j = ctx;
    int64_t es = (int64_t)tc_dtype_size(j->dt), s[2] = {es, es};
    for (int64_t i0 = b; i0 < e; i0 += 2048) {
        int64_t m = e - i0 < 2048 ? e - i0 : 2048;
        clamp_min0(j->x + i0 * es, j->dt, m);
        char *p[2] = {j->x + i0 * es, j->x + i0 * es};
        j->root(p, s, m, NULL);
    }
}

tc_tensor *tc_euclidean_dist(tc_tensor *x1, tc_tensor *x2, tc_error *err) {
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    int last = -1;
    tc_tensor *s1 = bins(TC_OP_POW, x1, isc(2), err), *s2 = bins(TC_OP_POW, x2, isc(2), err);
    tc_tensor *n1 = red(TC_RED_SUM, s1, &last, 1, true, err), *n2 = red(TC_RED_SUM, s2, &last, 1, true, err);
    tc_tensor *o1 = n1 ? tc_ones(n1->shape, n1->ndim, n1->dtype, n1->device, err) : NULL;
    tc_tensor *o2 = n2 && o1 ? tc_ones(n2->shape, n2->ndim, n2->dtype, n2->device, err) : NULL;
    tc_tensor *m1 = o2 ? bins(TC_OP_MUL, x1, isc(-2), err) : NULL;
    tc_tensor *a = NULL, *b = NULL, *bt = NULL, *r = NULL;
    if (m1) a = tc_cat((tc_tensor *[]){m1, n1, o1}, 3, -1, err);
    if (a) b = tc_cat((tc_tensor *[]){x2, o2, n2}, 3, -1, err);
    if (b) bt = tc_transpose(b, b->ndim - 2, b->ndim - 1, err);
    if (bt) r = tc_matmul(a, bt, err);
    DROP(s1, s2, n1, n2, o1, o2, m1, a, b, bt);
    clamp_sqrt_job j = {NULL, 0, NULL};
    if (r && r->device.type == TC_DEVICE_CPU && tc_is_contiguous(r) &&
        (r->dtype == TC_DTYPE_F32 || r->dtype == TC_DTYPE_F64))
        j = (clamp_sqrt_job){tc_data_ptr(r), r->dtype, tc__cpu_unary_loop(TC_UOP_SQRT, r->dtype)};
    if (j.root) {
        tc__parallel_for(tc_numel(r), 1 << 14, clamp_sqrt_range, &j);
    } else if (r) {
        double zero = 0;
        if (tc_clamp_(r, &zero, NULL, err) || tc_unary_(TC_UOP_SQRT, r, err)) {
            tc_tensor_unref(r);
            r = NULL;
        }
    }
    tc_set_grad_enabled(was);
    return r;
}
