/*
 * Sparse COO tensors: construction with PyTorch's checks, to_dense (duplicates summed),
 * dense to COO in row-major order, coalesce (sort + sum duplicates) and nnz. The work is
 * done on host copies of indices and values; results go back to the values' device.
 */
#include <stdio.h>

#include "tc-impl.h"

static tc_tensor *host(tc_tensor *t, tc_error *err) {
    tc_tensor *h = tc_to(t, t->dtype, tc_device_cpu(), "sparse", err);
    if (!h) return NULL;
    tc_tensor *c = tc_contiguous(h, err);
    tc_tensor_unref(h);
    return c;
}

static int64_t row_numel(const tc_tensor *values) {
    int64_t n = 1;
    for (int d = 1; d < values->ndim; d++) n *= values->shape[d];
    return n;
}

/* A COO tensor over indices [sparse_dim, nnz] and values [nnz, ...]; size NULL infers. */
tc_tensor *tc_sparse_coo(tc_tensor *indices, tc_tensor *values, const int64_t *size, int ndim,
                         tc_error *err) {
    if (indices->dtype != TC_DTYPE_I64) {
        tc_error_set(err, TC_EXC_RUNTIME, "indices must be an int64 tensor");
        return NULL;
    }
    if (indices->ndim != 2) {
        tc_error_set(err, TC_EXC_RUNTIME, "indices must be sparse_dim x nnz, but got: %s",
                     tc__shape_str(indices->shape, indices->ndim, (char[256]){0}, 256));
        return NULL;
    }
    int64_t sdim = indices->shape[0], nnz = indices->shape[1];
    if (values->ndim < 1 || values->shape[0] != nnz) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "indices and values must have same nnz, but got nnz from indices: %lld, nnz from values: %lld",
                     (long long)nnz, (long long)(values->ndim ? values->shape[0] : 0));
        return NULL;
    }
    int ddim = values->ndim - 1;
    tc_tensor *hi = host(indices, err);
    if (!hi) return NULL;
    const int64_t *ix = tc_data_ptr(hi);
    int64_t shape[TC_MAX_DIMS];
    if (size) {
        if (ndim != sdim + ddim) {
            tc_error_set(err, TC_EXC_RUNTIME, "number of dimensions must be sparse_dim (%lld) + dense_dim (%d), but got %d",
                         (long long)sdim, ddim, ndim);
            tc_tensor_unref(hi);
            return NULL;
        }
        memcpy(shape, size, sizeof(int64_t) * (size_t)ndim);
    } else {
        ndim = (int)sdim + ddim;
        for (int d = 0; d < sdim; d++) shape[d] = 0;
        for (int d = 0; d < ddim; d++) shape[sdim + d] = values->shape[1 + d];
    }
    for (int d = 0; d < sdim; d++) {
        int64_t mx = -1;
        for (int64_t k = 0; k < nnz; k++) {
            int64_t v = ix[d * nnz + k];
            if (v < 0) {
                tc_error_set(err, TC_EXC_RUNTIME, "found negative index %lld for dim %d", (long long)v, d);
                tc_tensor_unref(hi);
                return NULL;
            }
            if (v > mx) mx = v;
        }
        if (!size) shape[d] = mx + 1;
        else if (mx >= shape[d]) {
            tc_error_set(err, TC_EXC_RUNTIME, "size is inconsistent with indices: for dim %d, size is %lld but found index %lld",
                         d, (long long)shape[d], (long long)mx);
            tc_tensor_unref(hi);
            return NULL;
        }
    }
    tc_tensor_unref(hi);
    tc_tensor *t = tc__pool_get(TC__POOL_TENSOR, sizeof *t);
    if (!t) {
        tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
        return NULL;
    }
    atomic_init(&t->refcount, 1);
    t->layout = TC_LAYOUT_SPARSE_COO;
    t->dtype = values->dtype;
    t->device = values->device;
    t->ndim = ndim;
    memcpy(t->shape, shape, sizeof(int64_t) * (size_t)ndim);
    tc__contig_strides(shape, ndim, t->strides);
    t->sp_indices = tc_tensor_ref(indices);
    t->sp_values = tc_tensor_ref(values);
    t->sp_coalesced = nnz <= 1;
    return t;
}

/* Number of stored entries. */
int64_t tc_sparse_nnz(const tc_tensor *t) {
    return t->layout == TC_LAYOUT_SPARSE_COO && t->sp_indices ? t->sp_indices->shape[1] : 0;
}

static void add_row(char *dst, const char *src, int64_t n, tc_dtype dt) {
    size_t es = tc_dtype_size(dt);
    for (int64_t i = 0; i < n; i++) {
        char *p = dst + i * (int64_t)es;
        const char *q = src + i * (int64_t)es;
        if (tc_dtype_is_float(dt)) tc_store_f64(p, dt, tc_load_f64(p, dt) + tc_load_f64(q, dt));
        else if (dt == TC_DTYPE_BOOL) *(bool *)p = *(bool *)p || *(const bool *)q;
        else tc_store_i64(p, dt, tc_load_i64(p, dt) + tc_load_i64(q, dt));
    }
}

static int64_t linear_index(const int64_t *ix, int64_t nnz, int64_t k, const int64_t *shape, int sdim) {
    int64_t lin = 0;
    for (int d = 0; d < sdim; d++) lin = lin * shape[d] + ix[d * nnz + k];
    return lin;
}

/* Dense copy of a COO tensor (duplicates summed); a dense t comes back as itself. */
tc_tensor *tc_sparse_to_dense(tc_tensor *t, tc_error *err) {
    if (t->layout != TC_LAYOUT_SPARSE_COO) return tc_tensor_ref(t);
    tc_tensor *hi = host(t->sp_indices, err), *hv = hi ? host(t->sp_values, err) : NULL;
    tc_tensor *d = hv ? tc_zeros(t->shape, t->ndim, t->dtype, tc_device_cpu(), err) : NULL;
    if (d) {
        int sdim = (int)t->sp_indices->shape[0];
        int64_t nnz = tc_sparse_nnz(t), rn = row_numel(hv);
        size_t es = tc_dtype_size(t->dtype);
        const int64_t *ix = tc_data_ptr(hi);
        char *out = tc_data_ptr(d);
        const char *vals = tc_data_ptr(hv);
        for (int64_t k = 0; k < nnz; k++)
            add_row(out + linear_index(ix, nnz, k, t->shape, sdim) * rn * (int64_t)es, vals + k * rn * (int64_t)es, rn, t->dtype);
    }
    tc_tensor_unref(hi);
    tc_tensor_unref(hv);
    if (d && t->device.type != TC_DEVICE_CPU) {
        tc_tensor *m = tc_to(d, d->dtype, t->device, ".to()", err);
        tc_tensor_unref(d);
        d = m;
    }
    return d;
}

static tc_tensor *build(tc_tensor *idx, tc_tensor *vals, const tc_tensor *like, tc_error *err) {
    tc_tensor *iv = idx, *vv = vals;
    if (like->device.type != TC_DEVICE_CPU) {
        iv = tc_to(idx, idx->dtype, like->device, ".to()", err);
        vv = iv ? tc_to(vals, vals->dtype, like->device, ".to()", err) : NULL;
    } else {
        tc_tensor_ref(iv);
        tc_tensor_ref(vv);
    }
    tc_tensor *s = vv ? tc_sparse_coo(iv, vv, like->shape, like->ndim, err) : NULL;
    if (s) s->sp_coalesced = true;
    tc_tensor_unref(iv);
    tc_tensor_unref(vv);
    return s;
}

/* COO form of a dense tensor: nonzeros in row-major order (coalesced). */
tc_tensor *tc_dense_to_sparse(tc_tensor *t, tc_error *err) {
    if (t->layout == TC_LAYOUT_SPARSE_COO) return tc_tensor_ref(t);
    tc_tensor *h = host(t, err);
    if (!h) return NULL;
    int64_t n = tc_numel(h), nnz = 0;
    size_t es = tc_dtype_size(t->dtype);
    const char *p = tc_data_ptr(h);
    for (int64_t i = 0; i < n; i++) nnz += tc_load_f64(p + i * (int64_t)es, t->dtype) != 0;
    int64_t ish[2] = {t->ndim, nnz}, vsh[1] = {nnz};
    tc_tensor *idx = tc__tensor_new(ish, 2, TC_DTYPE_I64, tc_device_cpu(), err);
    tc_tensor *vals = idx ? tc__tensor_new(vsh, 1, t->dtype, tc_device_cpu(), err) : NULL;
    tc_tensor *s = NULL;
    if (vals) {
        int64_t *ix = tc_data_ptr(idx);
        char *vp = tc_data_ptr(vals);
        for (int64_t i = 0, k = 0; i < n; i++) {
            if (tc_load_f64(p + i * (int64_t)es, t->dtype) == 0) continue;
            int64_t rem = i;
            for (int d = t->ndim - 1; d >= 0; d--) {
                ix[d * nnz + k] = rem % t->shape[d];
                rem /= t->shape[d];
            }
            memcpy(vp + k * (int64_t)es, p + i * (int64_t)es, es);
            k++;
        }
        s = build(idx, vals, t, err);
    }
    tc_tensor_unref(h);
    tc_tensor_unref(idx);
    tc_tensor_unref(vals);
    return s;
}

typedef struct lin_k { int64_t lin, k; } lin_k;

static int cmp_lin(const void *a, const void *b) {
    const lin_k *x = a, *y = b;
    if (x->lin != y->lin) return x->lin < y->lin ? -1 : 1;
    return x->k < y->k ? -1 : x->k > y->k;
}

/* Sorted indices with duplicates summed. */
tc_tensor *tc_sparse_coalesce(tc_tensor *t, tc_error *err) {
    if (t->layout != TC_LAYOUT_SPARSE_COO) return tc_tensor_ref(t);
    if (t->sp_coalesced) return tc_tensor_ref(t);
    tc_tensor *hi = host(t->sp_indices, err), *hv = hi ? host(t->sp_values, err) : NULL;
    if (!hv) {
        tc_tensor_unref(hi);
        return NULL;
    }
    int sdim = (int)t->sp_indices->shape[0];
    int64_t nnz = tc_sparse_nnz(t), rn = row_numel(hv);
    size_t es = tc_dtype_size(t->dtype);
    const int64_t *ix = tc_data_ptr(hi);
    lin_k *order = tc__malloc((size_t)(nnz ? nnz : 1) * sizeof *order);
    tc_tensor *s = NULL;
    if (order) {
        for (int64_t k = 0; k < nnz; k++) order[k] = (lin_k){linear_index(ix, nnz, k, t->shape, sdim), k};
        qsort(order, (size_t)nnz, sizeof *order, cmp_lin);
        int64_t uniq = 0;
        for (int64_t k = 0; k < nnz; k++) uniq += k == 0 || order[k].lin != order[k - 1].lin;
        int64_t ish[2] = {sdim, uniq}, vsh[TC_MAX_DIMS];
        memcpy(vsh, hv->shape, sizeof(int64_t) * (size_t)hv->ndim);
        vsh[0] = uniq;
        tc_tensor *idx = tc__tensor_new(ish, 2, TC_DTYPE_I64, tc_device_cpu(), err);
        tc_tensor *vals = idx ? tc_zeros(vsh, hv->ndim, t->dtype, tc_device_cpu(), err) : NULL;
        if (vals) {
            int64_t *oi = tc_data_ptr(idx);
            char *ov = tc_data_ptr(vals);
            const char *iv = tc_data_ptr(hv);
            for (int64_t k = 0, u = -1; k < nnz; k++) {
                if (k == 0 || order[k].lin != order[k - 1].lin) {
                    u++;
                    for (int d = 0; d < sdim; d++) oi[d * uniq + u] = ix[d * nnz + order[k].k];
                }
                add_row(ov + u * rn * (int64_t)es, iv + order[k].k * rn * (int64_t)es, rn, t->dtype);
            }
            s = build(idx, vals, t, err);
        }
        tc_tensor_unref(idx);
        tc_tensor_unref(vals);
        tc__free(order);
    } else {
        tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
    }
    tc_tensor_unref(hi);
    tc_tensor_unref(hv);
    return s;
}
