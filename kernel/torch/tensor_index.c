/*
 * Indexing and index assignment for Tensor and ndarray values, PyTorch's rules: ints
 * (negative too), slices with steps, None, Ellipsis, bool masks, int64 index tensors and
 * lists, and tuples mixing them. Basic indices produce views that share storage; a bool
 * mask or an index tensor produces a copy (advanced indexing), as in PyTorch.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/torch/torch-impl.h"

#define MAX_ITEMS 32

/* One advanced index: a bool mask or an integer index tensor (new ref), at item 'pos'. */
typedef struct adv_index {
    int pos;
    tc_tensor *idx;
} adv_index;

static bool is_seq(kn_obj *o) { return kn_is(o, &kn_type_list) || kn_is(o, &kn_type_tuple); }

/* Is item an advanced index? A non-0-d-int tensor, a bool tensor, or a list. */
static bool is_advanced(kn_obj *o) {
    tc_tensor *t = kn_tensor_unwrap(o);
    if (t) return t->ndim > 0 || t->dtype == TC_DTYPE_BOOL;
    return kn_is(o, &kn_type_list);
}

static int split_key(kn_obj *key, kn_obj **items, int *n, kn_err *err) {
    if (kn_is(key, &kn_type_tuple)) {
        int64_t len = kn_tuple_len(key);
        if (len > MAX_ITEMS) return tc_error_set(err, TC_EXC_INDEX, "too many indices");
        for (int64_t i = 0; i < len; i++) items[i] = kn_tuple_items(key)[i];
        *n = (int)len;
    } else {
        items[0] = key;
        *n = 1;
    }
    return 0;
}

/* How many tensor dims an item consumes. */
static int consumed(kn_obj *o) {
    if (kn_is(o, &kn_type_none) || kn_is(o, &kn_type_ellipsis)) return 0;
    tc_tensor *t = kn_tensor_unwrap(o);
    if (t && t->dtype == TC_DTYPE_BOOL) return t->ndim;
    return 1;
}

static tc_tensor *apply_int(tc_tensor *t, int dim, int real_dim, kn_obj *o, kn_err *err) {
    int64_t i;
    if (kn_to_int64(o, &i, err) < 0) return NULL;
    if (dim >= t->ndim) {
        tc_error_set(err, TC_EXC_INDEX, "too many indices for tensor of dimension %d", t->ndim);
        return NULL;
    }
    int64_t n = t->shape[dim];
    if (i < -n || i >= n) {
        tc_error_set(err, TC_EXC_INDEX, "index %lld is out of bounds for dimension %d with size %lld",
                     (long long)i, real_dim, (long long)n);
        return NULL;
    }
    return tc_select(t, dim, i < 0 ? i + n : i, err);
}

static tc_tensor *apply_slice(tc_tensor *t, int dim, kn_obj *o, kn_err *err) {
    int64_t start, stop, step, len;
    if (dim >= t->ndim) {
        tc_error_set(err, TC_EXC_INDEX, "too many indices for tensor of dimension %d", t->ndim);
        return NULL;
    }
    if (kn_slice_indices(o, t->shape[dim], &start, &stop, &step, &len, err) < 0) return NULL;
    if (step <= 0) {
        tc_error_set(err, TC_EXC_VALUE, "step must be greater than zero");
        return NULL;
    }
    return tc_slice(t, dim, start, start + len * step, step, err);
}

/* A tensor index from a list or tensor item (new ref, on t's device). */
static tc_tensor *index_tensor(kn_obj *o, kn_err *err) {
    tc_tensor *t = kn_tensor_unwrap(o);
    if (t) return tc_tensor_ref(t);
    tc_dtype i64 = TC_DTYPE_I64;
    bool all_bool = true;
    for (int64_t i = 0; i < kn_list_len(o); i++)
        if (!kn_is(kn_list_items(o)[i], &kn_type_bool)) all_bool = false;
    tc_dtype b = TC_DTYPE_BOOL;
    return kn__tensor_from_data(o, all_bool && kn_list_len(o) ? &b : &i64, false, err);
}

/* Positions of true elements of a 1-D bool mask as an int64 tensor. */
static tc_tensor *mask_positions(tc_tensor *mask, kn_err *err) {
    tc_tensor *m = tc_to(mask, TC_DTYPE_BOOL, tc_device_cpu(), "index", err);
    if (!m) return NULL;
    int64_t n = m->shape[0], k = 0;
    int64_t *pos = malloc(sizeof(int64_t) * (size_t)(n ? n : 1));
    const char *p = tc_data_ptr(m);
    for (int64_t i = 0; pos && i < n; i++)
        if (p[i * m->strides[0]]) pos[k++] = i;
    tc_tensor *r = pos ? tc_from_buffer(pos, TC_DTYPE_I64, &k, 1, tc_device_cpu(), err) : NULL;
    if (!pos) tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    free(pos);
    tc_tensor_unref(m);
    return r;
}

static int check_index_range(tc_tensor *idx, int64_t size, int dim, kn_err *err) {
    tc_tensor *c = tc_to(idx, TC_DTYPE_I64, tc_device_cpu(), "index", err);
    if (!c) return -1;
    tc_tensor *cc = tc_contiguous(c, err);
    tc_tensor_unref(c);
    if (!cc) return -1;
    const int64_t *p = tc_data_ptr(cc);
    int rc = 0;
    for (int64_t i = 0; i < tc_numel(cc); i++)
        if (p[i] < -size || p[i] >= size) {
            rc = tc_error_set(err, TC_EXC_INDEX,
                              "index %lld is out of bounds for dimension %d with size %lld",
                              (long long)p[i], dim, (long long)size);
            break;
        }
    tc_tensor_unref(cc);
    return rc;
}

/* t[idx] along 'dim' for an integer index tensor (copy). */
static tc_tensor *take_along(tc_tensor *t, int dim, tc_tensor *idx, kn_err *err) {
    if (dim >= t->ndim) {
        tc_error_set(err, TC_EXC_INDEX, "too many indices for tensor of dimension %d", t->ndim);
        return NULL;
    }
    if (check_index_range(idx, t->shape[dim], dim, err) < 0) return NULL;
    if (dim == 0) return tc_index_select0(t, idx, err);
    tc_tensor *tt = tc_transpose(t, 0, dim, err);
    tc_tensor *r = tt ? tc_index_select0(tt, idx, err) : NULL;
    tc_tensor_unref(tt);
    if (!r || idx->ndim != 1) return r;
    tc_tensor *back = tc_transpose(r, 0, dim, err);
    tc_tensor_unref(r);
    return back;
}

static tc_tensor *apply_advanced(tc_tensor *t, int dim, tc_tensor *idx, kn_err *err) {
    if (idx->dtype == TC_DTYPE_BOOL) {
        if (dim == 0 && idx->ndim == t->ndim) {
            for (int i = 0; i < t->ndim; i++)
                if (idx->shape[i] != t->shape[i])
                    return tc_error_set(err, TC_EXC_INDEX,
                                        "The shape of the mask [%lld] at index %d does not match "
                                        "the shape of the indexed tensor [%lld] at index %d",
                                        (long long)idx->shape[i], i, (long long)t->shape[i], i),
                           NULL;
            return tc_index_mask(t, idx, err);
        }
        if (idx->ndim != 1) {
            tc_error_set(err, TC_EXC_INDEX, "only 1-D boolean masks are supported here");
            return NULL;
        }
        if (dim >= t->ndim || idx->shape[0] != t->shape[dim]) {
            tc_error_set(err, TC_EXC_INDEX,
                         "The shape of the mask [%lld] at index %d does not match the shape of "
                         "the indexed tensor [%lld] at index %d",
                         (long long)idx->shape[0], dim,
                         (long long)(dim < t->ndim ? t->shape[dim] : 0), dim);
            return NULL;
        }
        tc_tensor *pos = mask_positions(idx, err);
        tc_tensor *r = pos ? take_along(t, dim, pos, err) : NULL;
        tc_tensor_unref(pos);
        return r;
    }
    if (tc_dtype_kind_of(idx->dtype) != TC_KIND_INT) {
        tc_error_set(err, TC_EXC_INDEX,
                     "tensors used as indices must be long, int, byte or bool tensors");
        return NULL;
    }
    return take_along(t, dim, idx, err);
}

/* Basic indexing over items, skipping the advanced one (adv->pos), whose dim is recorded. */
static tc_tensor *apply_basic(tc_tensor *t, kn_obj **items, int n, adv_index *adv, int *adv_dim,
                              kn_err *err) {
    int used = 0, nell = 0;
    for (int i = 0; i < n; i++) {
        used += consumed(items[i]);
        nell += kn_is(items[i], &kn_type_ellipsis);
    }
    if (nell > 1) {
        tc_error_set(err, TC_EXC_INDEX, "an index can only have a single ellipsis ('...')");
        return NULL;
    }
    if (used > t->ndim) {
        tc_error_set(err, TC_EXC_INDEX, "too many indices for tensor of dimension %d", t->ndim);
        return NULL;
    }
    tc_tensor *cur = tc_tensor_ref(t);
    int dim = 0;
    for (int i = 0; i < n && cur; i++) {
        kn_obj *o = items[i];
        tc_tensor *next = NULL;
        if (adv && i == adv->pos) {
            *adv_dim = dim;
            dim += consumed(o);
            continue;
        }
        if (kn_is(o, &kn_type_none)) {
            next = tc_unsqueeze(cur, dim++, err);
        } else if (kn_is(o, &kn_type_ellipsis)) {
            dim += t->ndim - used;
            continue;
        } else if (kn_is(o, &kn_type_slice)) {
            next = apply_slice(cur, dim++, o, err);
        } else if (kn_is(o, &kn_type_int) || kn_is(o, &kn_type_bool) || kn_tensor_unwrap(o)) {
            next = apply_int(cur, dim, i, o, err);
        } else {
            tc_error_set(err, TC_EXC_INDEX,
                         "only integers, slices (`:`), ellipsis (`...`), None and long or byte "
                         "Variables are valid indices (got %s)", kn_type_name(o));
        }
        tc_tensor_unref(cur);
        cur = next;
    }
    return cur;
}

static int find_advanced(kn_obj **items, int n, adv_index *adv, kn_err *err) {
    adv->pos = -1;
    adv->idx = NULL;
    for (int i = 0; i < n; i++) {
        if (!is_advanced(items[i])) continue;
        if (adv->pos >= 0)
            return tc_error_set(err, TC_EXC_INDEX,
                                "indexing with more than one index tensor is not supported");
        adv->pos = i;
    }
    if (adv->pos < 0) return 0;
    adv->idx = index_tensor(items[adv->pos], err);
    return adv->idx ? 0 : -1;
}

static bool is_int_item(kn_obj *o) {
    tc_tensor *t = kn_tensor_unwrap(o);
    return kn_is(o, &kn_type_int) || kn_is(o, &kn_type_bool) ||
           (t && t->ndim == 0 && t->dtype != TC_DTYPE_BOOL);
}

/* Are the tensor index and every int index one contiguous run of items? */
static bool advanced_adjacent(kn_obj **items, int n, int adv_pos) {
    int first = adv_pos, last = adv_pos;
    for (int i = 0; i < n; i++)
        if (is_int_item(items[i])) {
            if (i < first) first = i;
            if (i > last) last = i;
        }
    for (int i = first; i <= last; i++)
        if (i != adv_pos && !is_int_item(items[i])) return false;
    return true;
}

/* The result of t[key] (new ref). */
tc_tensor *kn__index_get(tc_tensor *t, kn_obj *key, kn_err *err) {
    kn_obj *items[MAX_ITEMS];
    int n = 0;
    adv_index adv;
    if (t->layout != TC_LAYOUT_STRIDED) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                     "Could not run 'aten::as_strided' with arguments from the 'SparseCPU' "
                     "backend.");
        return NULL;
    }
    if (split_key(key, items, &n, err) < 0 || find_advanced(items, n, &adv, err) < 0) return NULL;
    int adv_dim = 0;
    tc_tensor *r = apply_basic(t, items, n, adv.pos >= 0 ? &adv : NULL, &adv_dim, err);
    if (r && adv.idx) {
        tc_tensor *a = apply_advanced(r, adv_dim, adv.idx, err);
        tc_tensor_unref(r);
        r = a;
        if (r && adv_dim > 0 && r->ndim > 1 && !advanced_adjacent(items, n, adv.pos)) {
            /* ints count as advanced indices: split from the tensor index by a slice, the
             * indexed dim goes first (NumPy's and PyTorch's rule) */
            int perm[TC_MAX_DIMS], k = 0;
            perm[k++] = adv_dim;
            for (int d = 0; d < r->ndim; d++)
                if (d != adv_dim) perm[k++] = d;
            tc_tensor *p = tc_permute(r, perm, r->ndim, err);
            tc_tensor_unref(r);
            r = p;
        }
    }
    tc_tensor_unref(adv.idx);
    return r;
}

static tc_tensor *value_tensor(tc_tensor *dst, kn_obj *value, kn_err *err) {
    tc_tensor *v = kn_tensor_unwrap(value);
    if (v) return tc_tensor_ref(v);
    tc_scalar s;
    if (kn__scalar_of(value, &s)) {
        double d = s.kind == TC_SCALAR_FLOAT ? s.v.f : s.kind == TC_SCALAR_INT ? (double)s.v.i
                                                                            : s.v.b;
        return tc_full(NULL, 0, d, dst->dtype, dst->device, err);
    }
    if (is_seq(value)) return kn__tensor_from_data(value, &dst->dtype, false, err);
    double d;
    if (kn_to_double(value, &d, err) < 0) return NULL;
    return tc_full(NULL, 0, d, dst->dtype, dst->device, err);
}

static int put_rows(tc_tensor *t, int dim, tc_tensor *idx, tc_tensor *v, kn_err *err) {
    if (check_index_range(idx, t->shape[dim], dim, err) < 0) return -1;
    tc_tensor *c = tc_to(idx, TC_DTYPE_I64, tc_device_cpu(), "index", err);
    tc_tensor *cc = c ? tc_contiguous(c, err) : NULL;
    tc_tensor_unref(c);
    if (!cc) return -1;
    const int64_t *p = tc_data_ptr(cc);
    int64_t n = tc_numel(cc);
    int rc = 0;
    bool per_row = v->ndim > 0 && v->ndim == t->ndim && v->shape[dim] == n && n > 1;
    for (int64_t i = 0; i < n && rc == 0; i++) {
        int64_t k = p[i] < 0 ? p[i] + t->shape[dim] : p[i];
        tc_tensor *row = tc_select(t, dim, k, err);
        tc_tensor *src = per_row ? tc_select(v, dim, i, err) : tc_tensor_ref(v);
        rc = row && src ? tc_copy_(row, src, err) : -1;
        tc_tensor_unref(row);
        tc_tensor_unref(src);
    }
    tc_tensor_unref(cc);
    return rc;
}

/* t[key] = value. */
int kn__index_set(tc_tensor *t, kn_obj *key, kn_obj *value, kn_err *err) {
    kn_obj *items[MAX_ITEMS];
    int n = 0;
    adv_index adv;
    if (split_key(key, items, &n, err) < 0 || find_advanced(items, n, &adv, err) < 0) return -1;
    int adv_dim = 0, rc = -1;
    tc_tensor *view = apply_basic(t, items, n, adv.pos >= 0 ? &adv : NULL, &adv_dim, err);
    tc_tensor *v = view ? value_tensor(view, value, err) : NULL;
    if (v && !adv.idx) {
        rc = tc_copy_(view, v, err);
    } else if (v) {
        int dim = adv_dim;
        if (adv.idx->dtype == TC_DTYPE_BOOL && dim == 0 && adv.idx->ndim == view->ndim) {
            rc = tc_index_mask_put_(view, adv.idx, v, err);
        } else if (adv.idx->dtype == TC_DTYPE_BOOL) {
            tc_tensor *pos = adv.idx->ndim == 1 ? mask_positions(adv.idx, err) : NULL;
            if (adv.idx->ndim != 1)
                tc_error_set(err, TC_EXC_INDEX, "only 1-D boolean masks are supported here");
            rc = pos ? put_rows(view, dim, pos, v, err) : -1;
            tc_tensor_unref(pos);
        } else {
            rc = put_rows(view, dim, adv.idx, v, err);
        }
    }
    tc_tensor_unref(v);
    tc_tensor_unref(view);
    tc_tensor_unref(adv.idx);
    return rc;
}
