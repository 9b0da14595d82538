/*
 * Reductions with PyTorch's dtype rules and errors: sum/prod of integers are int64, mean
 * needs a floating dtype, argmax/argmin give int64, all/any give bool. The backend
 * reduces into a keepdim-shaped output; without keepdim the result is a view of it with
 * the reduced dims dropped.
 */
#include <stdio.h>

#include "tc-impl.h"

static const char *const red_names[] = {
#define TC__RED_NAME(id, name, bw) name,
    TC_REDUCE_OP_LIST(TC__RED_NAME)
#undef TC__RED_NAME
};

static int out_dtype(tc_reduce_op op, tc_dtype in, tc_dtype *out, tc_error *err) {
    switch (op) {
    case TC_RED_SUM:
    case TC_RED_PROD: *out = tc_dtype_is_float(in) ? in : TC_DTYPE_I64; return 0;
    case TC_RED_MEAN:
        if (!tc_dtype_is_float(in))
            return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                                "mean(): could not infer output dtype. Input dtype must be either a "
                                "floating point or complex dtype. Got: %s", tc__dtype_title(in));
        *out = in;
        return 0;
    case TC_RED_ARGMAX:
    case TC_RED_ARGMIN: *out = TC_DTYPE_I64; return 0;
    case TC_RED_ALL:
    case TC_RED_ANY: *out = in == TC_DTYPE_U8 ? TC_DTYPE_U8 : TC_DTYPE_BOOL; return 0;
    default: *out = in; return 0;
    }
}

/* Reduce t into a keepdim-shaped tensor where mask[d] marks reduced dims. */
static tc_tensor *reduce_keep(tc_reduce_op op, tc_tensor *t, const bool *mask, tc_dtype odt,
                              tc_error *err) {
    int64_t shape[TC_MAX_DIMS];
    for (int d = 0; d < t->ndim; d++) shape[d] = mask[d] ? 1 : t->shape[d];
    void *ctx;
    const tc_backend_i *be = tc__backend(t->device, &ctx, err);
    if (!be) return NULL;
    tc_tensor *out = tc__tensor_new(shape, t->ndim, odt, t->device, err);
    if (!out) return NULL;
    if (tc_numel(out) == 0) return out;
    tc_kview ko, ka;
    tc__kview(out, &ko);
    tc__kview(t, &ka);
    if (be->reduce(ctx, op, &ko, &ka, err) != 0) {
        tc_tensor_unref(out);
        return NULL;
    }
    return out;
}

/* Drop the masked dims of a keepdim result (a view). */
static tc_tensor *drop_dims(tc_tensor *k, const bool *mask, int ndim, tc_error *err) {
    int64_t sh[TC_MAX_DIMS], st[TC_MAX_DIMS];
    int n = 0;
    for (int d = 0; d < ndim; d++) {
        if (mask[d]) continue;
        sh[n] = k->shape[d];
        st[n++] = k->strides[d];
    }
    return tc__tensor_alias(k, sh, st, n, k->offset, err);
}

static int parse_dims(const tc_tensor *t, const int *dims, int ndims, bool *mask, tc_error *err) {
    memset(mask, 0, sizeof(bool) * TC_MAX_DIMS);
    if (ndims == 0) {
        for (int d = 0; d < t->ndim; d++) mask[d] = true;
        return 0;
    }
    for (int i = 0; i < ndims; i++) {
        int d;
        if (tc__wrap_dim(dims[i], t->ndim, &d, err)) return -1;
        if (t->ndim == 0) continue;
        if (mask[d]) return tc_error_set(err, TC_EXC_RUNTIME, "dim %d appears multiple times in the list of dims", d);
        mask[d] = true;
    }
    return 0;
}

static int check_nonempty(tc_reduce_op op, const tc_tensor *t, const bool *mask, bool all, tc_error *err) {
    if (op != TC_RED_MAX && op != TC_RED_MIN && op != TC_RED_ARGMAX && op != TC_RED_ARGMIN) return 0;
    if (all && tc_numel(t) == 0)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "%s(): Expected reduction dim to be specified for input.numel() == 0. Specify "
                            "the reduction dim with the 'dim' argument.", red_names[op]);
    for (int d = 0; d < t->ndim; d++)
        if (mask[d] && t->shape[d] == 0)
            return tc_error_set(err, TC_EXC_INDEX,
                                "%s(): Expected reduction dim %d to have non-zero size.", red_names[op], d);
    return 0;
}

static tc_tensor *record(tc_tensor *out, tc_reduce_op op, tc_tensor *t, const int *dims, int ndims,
                         bool keepdim, const bool *mask, tc_error *err) {
    if (!out || !tc__needs_grad(t, NULL) || !tc_dtype_is_float(out->dtype)) return out;
    tc__gargs ga = {0};
    ga.b = keepdim;
    ga.ndims = 0;
    for (int d = 0; d < t->ndim; d++)
        if (mask[d]) ga.dims[ga.ndims++] = d;
    const char *name = NULL;
    tc__gkind kind = TC_G_SUM;
    switch (op) {
    case TC_RED_SUM: name = ndims ? "SumBackward1" : "SumBackward0"; break;
    case TC_RED_MEAN: name = ndims ? "MeanBackward1" : "MeanBackward0"; kind = TC_G_MEAN; break;
    case TC_RED_PROD: name = "ProdBackward0"; kind = TC_G_PROD; break;
    case TC_RED_MAX: name = "MaxBackward1"; kind = TC_G_AMAXMIN; break;
    case TC_RED_MIN: name = "MinBackward1"; kind = TC_G_AMAXMIN; break;
    default: return out;
    }
    if (tc__grad_record(out, name, kind, t, NULL, NULL, &ga, err)) {
        tc_tensor_unref(out);
        return NULL;
    }
    return out;
}

/* Reduce over dims (all when ndims == 0) with PyTorch's dtype rules. */
/* The product of n complex numbers at p (stride in elements), in the element type's own
 * arithmetic (c10::complex<float> multiplies in float). */
static void complex_prod_run(const char *p, int64_t n, int64_t stride, tc_dtype dt, char *out) {
    if (dt == TC_DTYPE_C64) {
        float r = 1, i = 0;
        for (int64_t k = 0; k < n; k++) {
            const tc_complex64 *x = (const tc_complex64 *)p + k * stride;
            float nr = r * x->re - i * x->im, ni = r * x->im + i * x->re;
            r = nr;
            i = ni;
        }
        tc_store_c128(out, dt, r, i);
    } else {
        double r = 1, i = 0;
        for (int64_t k = 0; k < n; k++) {
            const tc_complex128 *x = (const tc_complex128 *)p + k * stride;
            double nr = r * x->re - i * x->im, ni = r * x->im + i * x->re;
            r = nr;
            i = ni;
        }
        tc_store_c128(out, dt, r, i);
    }
}

/* prod of a complex tensor over the masked dims: the reduced dims are moved last and made
 * contiguous, then each output element multiplies its run (CPU only). */
static tc_tensor *complex_prod(tc_tensor *t, const bool *mask, bool keepdim, tc_error *err) {
    if (t->device.type != TC_DEVICE_CPU) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"prod_cuda\" not implemented for '%s'", tc__dtype_title(t->dtype));
        return NULL;
    }
    int perm[TC_MAX_DIMS], np = 0;
    int64_t kshape[TC_MAX_DIMS], rshape[TC_MAX_DIMS], run = 1, outs = 1;
    int nr = 0;
    for (int d = 0; d < t->ndim; d++)
        if (!mask[d]) {
            perm[np++] = d;
            outs *= t->shape[d];
            rshape[nr++] = t->shape[d];
        }
    for (int d = 0; d < t->ndim; d++)
        if (mask[d]) {
            perm[np++] = d;
            run *= t->shape[d];
        }
    for (int d = 0; d < t->ndim; d++) kshape[d] = mask[d] ? 1 : t->shape[d];
    tc_tensor *pt = tc_permute(t, perm, t->ndim, err);
    tc_tensor *c = pt ? tc_contiguous(pt, err) : NULL;
    tc_tensor_unref(pt);
    if (!c) return NULL;
    tc_tensor *out = keepdim ? tc_empty(kshape, t->ndim, t->dtype, t->device, err)
                             : tc_empty(rshape, nr, t->dtype, t->device, err);
    if (out) {
        size_t es = tc_dtype_size(t->dtype);
        const char *src = tc_data_ptr(c);
        char *dst = tc_data_ptr(out);
        for (int64_t o = 0; o < outs; o++) complex_prod_run(src + (size_t)(o * run) * es, run, 1, t->dtype, dst + (size_t)o * es);
    }
    tc_tensor_unref(c);
    return out;
}

/* Reductions of complex tensors: sum and mean reduce the real and imaginary parts (a view
 * with a trailing dim of 2) as real tensors, prod multiplies complex numbers, all/any test
 * for nonzero; the ordered reductions are PyTorch's errors. No gradient is recorded. */
static tc_tensor *complex_reduce(tc_reduce_op op, tc_tensor *t, const int *dims, int ndims, bool keepdim,
                                 tc_error *err) {
    const char *title = tc__dtype_title(t->dtype);
    switch (op) {
    case TC_RED_MAX:
    case TC_RED_MIN:
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"%s_all\" not implemented for '%s'", red_names[op], title);
        return NULL;
    case TC_RED_ARGMAX:
    case TC_RED_ARGMIN:
        tc_error_set(err, TC_EXC_TYPE, "%s(): does not support complex input", red_names[op]);
        return NULL;
    case TC_RED_ALL:
    case TC_RED_ANY: {
        tc_scalar zero = {.kind = TC_SCALAR_INT, .v.i = 0};
        tc_tensor *nz = tc_binary_scalar(TC_OP_NE, t, zero, err);
        tc_tensor *r = nz ? tc_reduce(op, nz, dims, ndims, keepdim, err) : NULL;
        tc_tensor_unref(nz);
        return r;
    }
    default: break;
    }
    bool mask[TC_MAX_DIMS];
    if (parse_dims(t, dims, ndims, mask, err)) return NULL;
    if (op == TC_RED_PROD) return complex_prod(t, mask, keepdim, err);
    int rd[TC_MAX_DIMS], n = 0;
    for (int d = 0; d < t->ndim; d++)
        if (mask[d]) rd[n++] = d;
    if (n == 0 && t->ndim == 0) return tc_clone(t, err); /* a 0-d tensor: its value */
    tc_tensor *v = tc_view_as_real(t, err);
    tc_tensor *r = v && n ? tc_reduce(op, v, rd, n, keepdim, err) : v ? tc_clone(v, err) : NULL;
    tc_tensor_unref(v);
    if (!r) return NULL;
    tc_tensor *c = tc_contiguous(r, err);
    tc_tensor_unref(r);
    tc_tensor *z = c ? tc_view_as_complex(c, err) : NULL;
    tc_tensor_unref(c);
    return z;
}

tc_tensor *tc_reduce(tc_reduce_op op, tc_tensor *t, const int *dims, int ndims, bool keepdim,
                     tc_error *err) {
    if (t->layout != TC_LAYOUT_STRIDED) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "Could not run 'aten::%s' with arguments from the 'SparseCPU' backend.", red_names[op]);
        return NULL;
    }
    if (tc_dtype_is_complex(t->dtype)) return complex_reduce(op, t, dims, ndims, keepdim, err);
    tc_dtype odt = t->dtype;
    if (out_dtype(op, t->dtype, &odt, err)) return NULL;
    if ((op == TC_RED_ARGMAX || op == TC_RED_ARGMIN) && ndims == 0) {
        if (check_nonempty(op, t, (bool[TC_MAX_DIMS]){false}, true, err)) return NULL;
        int64_t n = tc_numel(t);
        tc_tensor *flat = tc_reshape(t, &n, 1, err);
        if (!flat) return NULL;
        bool m1[TC_MAX_DIMS] = {true};
        tc_tensor *k = reduce_keep(op, flat, m1, odt, err);
        tc_tensor_unref(flat);
        if (!k) return NULL;
        int64_t ones[TC_MAX_DIMS], st[TC_MAX_DIMS];
        for (int d = 0; d < t->ndim; d++) ones[d] = st[d] = 1;
        tc_tensor *r = tc__tensor_alias(k, ones, st, keepdim ? t->ndim : 0, k->offset, err);
        tc_tensor_unref(k);
        return r;
    }
    if ((op == TC_RED_ARGMAX || op == TC_RED_ARGMIN) && ndims > 1) {
        tc_error_set(err, TC_EXC_RUNTIME, "%s(): expected a single dim", red_names[op]);
        return NULL;
    }
    bool mask[TC_MAX_DIMS];
    if (parse_dims(t, dims, ndims, mask, err)) return NULL;
    if (check_nonempty(op, t, mask, ndims == 0, err)) return NULL;
    tc_tensor *k = reduce_keep(op, t, mask, odt, err);
    if (!k) return NULL;
    tc_tensor *r = k;
    if (!keepdim) {
        r = drop_dims(k, mask, t->ndim, err);
        tc_tensor_unref(k);
    }
    return record(r, op, t, dims, ndims, keepdim, mask, err);
}

/* torch.max(t, dim) / torch.min(t, dim): values and int64 indices. */
int tc_reduce_with_indices(tc_reduce_op op, tc_tensor *t, int dim, bool keepdim,
                           tc_tensor **values, tc_tensor **indices, tc_error *err) {
    *values = *indices = NULL;
    if (op != TC_RED_MAX && op != TC_RED_MIN)
        return tc_error_set(err, TC_EXC_RUNTIME, "reduction with indices is only max/min");
    bool mask[TC_MAX_DIMS];
    int d;
    if (tc__wrap_dim(dim, t->ndim, &d, err) || parse_dims(t, &d, 1, mask, err)) return -1;
    if (check_nonempty(op, t, mask, false, err)) return -1;
    tc_tensor *kv = reduce_keep(op, t, mask, t->dtype, err);
    tc_tensor *ki = kv ? reduce_keep(op == TC_RED_MAX ? TC_RED_ARGMAX : TC_RED_ARGMIN, t, mask, TC_DTYPE_I64, err) : NULL;
    if (!ki) {
        tc_tensor_unref(kv);
        return -1;
    }
    tc_tensor *v = keepdim ? tc_tensor_ref(kv) : drop_dims(kv, mask, t->ndim, err);
    tc_tensor *i = keepdim ? tc_tensor_ref(ki) : drop_dims(ki, mask, t->ndim, err);
    if (v && i && tc__needs_grad(t, NULL) && tc_dtype_is_float(t->dtype)) {
        tc__gargs ga = {0};
        ga.c = d;
        ga.b = keepdim;
        if (tc__grad_record(v, op == TC_RED_MAX ? "MaxBackward0" : "MinBackward0", TC_G_INDEX, t, NULL, ki, &ga, err)) {
            tc_tensor_unref(v);
            v = NULL;
        }
    }
    tc_tensor_unref(kv);
    tc_tensor_unref(ki);
    if (!v || !i) {
        tc_tensor_unref(v);
        tc_tensor_unref(i);
        return -1;
    }
    *values = v;
    *indices = i;
    return 0;
}
