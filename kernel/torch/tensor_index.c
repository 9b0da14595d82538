/*
 * Indexing and index assignment for Tensor and ndarray values. Torch values follow
 * PyTorch's Python indexing (applySlicing): ints select, slices/None/Ellipsis make views,
 * and every index tensor, list or Python bool is recorded at its dim and handed to
 * tc_index / tc_index_put_ (advanced indexing: a copy). ndarray values follow NumPy,
 * where ints next to an index array count as 0-d index arrays (they move the indexed
 * block to the front when a slice separates them).
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/torch/torch-impl.h"

#define MAX_ITEMS 64

static bool is_seq(kn_obj *o) { return kn_is(o, &kn_type_list) || kn_is(o, &kn_type_tuple); }

/* PyTorch's treatSequenceAsTuple: a short list holding a tensor, sequence, slice, None or
 * Ellipsis is read as a tuple of indices. */
static bool list_as_tuple(kn_obj *key) {
    int64_t n = kn_list_len(key);
    if (n >= 32) return false;
    for (int64_t i = 0; i < n; i++) {
        kn_obj *o = kn_list_items(key)[i];
        if (kn_tensor_unwrap(o) || is_seq(o) || kn_is(o, &kn_type_slice) || kn_is(o, &kn_type_none) ||
            kn_is(o, &kn_type_ellipsis))
            return true;
    }
    return false;
}

static int split_key(kn_obj *key, bool numpy_rules, kn_obj **items, int *n, kn_err *err) {
    kn_obj *const *src = &key;
    int64_t len = 1;
    if (kn_is(key, &kn_type_tuple)) {
        src = kn_tuple_items(key);
        len = kn_tuple_len(key);
    } else if (!numpy_rules && kn_is(key, &kn_type_list) && list_as_tuple(key)) {
        src = kn_list_items(key);
        len = kn_list_len(key);
    }
    if (len > MAX_ITEMS) return tc_error_set(err, TC_EXC_INDEX, "too many indices");
    for (int64_t i = 0; i < len; i++) items[i] = src[i];
    *n = (int)len;
    return 0;
}

static bool is_mask_tensor(const tc_tensor *t) {
    return t->dtype == TC_DTYPE_BOOL || t->dtype == TC_DTYPE_U8;
}

/* An item that selects one position: a Python int, a NumPy integer, a 0-d integer tensor. */
static bool is_int_item(kn_obj *o) {
    tc_tensor *t = kn_tensor_unwrap(o);
    if (t) return t->ndim == 0 && !is_mask_tensor(t) && tc_dtype_kind_of(t->dtype) == TC_KIND_INT;
    tc_dtype dt;
    if (kn__is_np_scalar(o, &dt)) return tc_dtype_kind_of(dt) == TC_KIND_INT;
    return kn_is(o, &kn_type_int) && !kn_is(o, &kn_type_bool);
}

/* An item recorded as an index tensor: tensors (not 0-d ints), lists, Python bools. */
static bool is_tensor_item(kn_obj *o) {
    tc_tensor *t = kn_tensor_unwrap(o);
    if (t) return !is_int_item(o);
    return kn_is(o, &kn_type_list) || kn_is(o, &kn_type_tuple) || kn_is(o, &kn_type_bool);
}

/* PyTorch's count_specified_dimensions. */
static int specified_dims(kn_obj **items, int n) {
    int count = 0;
    for (int i = 0; i < n; i++) {
        kn_obj *o = items[i];
        tc_tensor *t = kn_tensor_unwrap(o);
        if (t) count += is_mask_tensor(t) ? t->ndim : 1;
        else if (!kn_is(o, &kn_type_none) && !kn_is(o, &kn_type_ellipsis) && !kn_is(o, &kn_type_bool))
            count++;
    }
    return count;
}

/* An index tensor for a list item (torch.tensor rules: bools → bool, ints → int64). */
static tc_tensor *list_index(kn_obj *o, bool numpy_rules, kn_err *err) {
    if (kn_list_len(o) == 0 && kn_is(o, &kn_type_list)) {
        int64_t zero = 0;
        return tc_empty(&zero, 1, TC_DTYPE_I64, tc_device_cpu(), err);
    }
    return kn__tensor_from_data(o, NULL, numpy_rules, err);
}

/* A Python bool (or 0-d bool tensor) after its new size-1 dim: [0] for True, [] for False. */
static tc_tensor *bool_index(bool v, tc_device dev, kn_err *err) {
    int64_t n = v ? 1 : 0;
    return tc_zeros(&n, 1, TC_DTYPE_I64, dev, err);
}

typedef struct sliced {
    tc_tensor *view;                 /* t after ints, slices, None, Ellipsis (new ref) */
    tc_tensor *idx[TC_MAX_DIMS + 1]; /* recorded index tensors by dim of view (owned) */
    int nidx;                        /* 1 + last recorded dim; 0 when none */
    int axis[TC_MAX_DIMS + 1];       /* per recorded dim: the axis of t it indexes */
    int src;                         /* the axes of t the items so far have taken */
    bool copied;                     /* a negative-step slice made view a reversed copy */
} sliced;

static void sliced_free(sliced *s) {
    tc_tensor_unref(s->view);
    for (int i = 0; i < s->nidx; i++) tc_tensor_unref(s->idx[i]);
}

static int record(sliced *s, int dim, tc_tensor *idx, kn_err *err) {
    if (!idx) return -1;
    if (dim > TC_MAX_DIMS) {
        tc_tensor_unref(idx);
        return tc_error_set(err, TC_EXC_INDEX, "too many indices");
    }
    while (s->nidx <= dim) s->idx[s->nidx++] = NULL;
    s->idx[dim] = idx;
    s->axis[dim] = s->src;
    return 0;
}

/* cur's position o along dim; out of range, PyTorch's words with the item's number, or
 * NumPy's with the axis of the indexed array (numpy_rules). */
static tc_tensor *apply_select(tc_tensor *cur, int dim, int item, int axis, bool numpy_rules, kn_obj *o,
                               kn_err *err) {
    int64_t i;
    if (kn__long_fits(o, err) < 0 || kn_to_int64(o, &i, err) < 0) return NULL;
    int64_t size = cur->shape[dim];
    if (i < -size || i >= size) {
        tc_error_set(err, TC_EXC_INDEX, "index %lld is out of bounds for %s %d with size %lld", (long long)i,
                     numpy_rules ? "axis" : "dimension", numpy_rules ? axis : item, (long long)size);
        return NULL;
    }
    return tc_select(cur, dim, i < 0 ? i + size : i, err);
}

/* A slice of dim. NumPy's negative steps (a[::-1]) when numpy_rules: tensors have no
 * negative strides, so the elements are taken with the positive step from the last one and
 * reversed into a copy (*copied set: reading is NumPy's, writing through it is refused). */
static tc_tensor *apply_slice(tc_tensor *cur, int dim, kn_obj *o, bool numpy_rules, bool *copied, kn_err *err) {
    int64_t start, stop, step, len;
    if (kn_slice_indices(o, cur->shape[dim], &start, &stop, &step, &len, err) < 0) return NULL;
    if (step < 0 && numpy_rules) {
        int64_t first = len ? start + (len - 1) * step : 0; /* the lowest index taken */
        tc_tensor *fw = tc_slice(cur, dim, first, len ? start + 1 : 0, -step, err);
        tc_tensor *r = fw ? tc_flip(fw, &dim, 1, err) : NULL;
        tc_tensor_unref(fw);
        *copied = true;
        return r;
    }
    if (step <= 0) {
        tc_error_set(err, TC_EXC_VALUE, "step must be greater than zero");
        return NULL;
    }
    return tc_slice(cur, dim, start, start + len * step, step, err);
}

/* One item of the key at *dim of s->view; advances *dim as PyTorch's
 * handleDimInMultiDimIndexing does (an index tensor takes one position, masks too). */
static int apply_item(sliced *s, kn_obj *o, int item, int *dim, int spec, int ndim0, bool ints_adv,
                      bool numpy_rules, kn_err *err) {
    tc_tensor *cur = s->view, *next = NULL, *t = kn_tensor_unwrap(o);
    if (kn_is(o, &kn_type_ellipsis)) {
        *dim += ndim0 - spec;
        s->src += ndim0 - spec;
        return 0;
    }
    if (kn_is(o, &kn_type_none)) {
        next = tc_unsqueeze(cur, (*dim)++, err);
    } else if (kn_is(o, &kn_type_slice)) {
        next = apply_slice(cur, (*dim)++, o, numpy_rules, &s->copied, err);
        s->src++;
    } else if (is_int_item(o) && ints_adv) {
        int64_t i;
        if (kn__long_fits(o, err) < 0 || kn_to_int64(o, &i, err) < 0) return -1;
        int rc = record(s, (*dim)++, tc_full(NULL, 0, (double)i, TC_DTYPE_I64, cur->device, err), err);
        s->src++;
        return rc;
    } else if (is_int_item(o)) {
        next = apply_select(cur, *dim, item, s->src, numpy_rules, o, err);
        s->src++;
    } else if (kn_is(o, &kn_type_bool) || (t && t->ndim == 0 && is_mask_tensor(t))) {
        bool v;
        if (kn__to_bool(o, &v, err) < 0) return -1;
        next = tc_unsqueeze(cur, *dim, err);
        if (next && record(s, (*dim)++, bool_index(v, cur->device, err), err) < 0) {
            tc_tensor_unref(next);
            return -1;
        }
    } else if (t) {
        int rc = record(s, (*dim)++, tc_tensor_ref(t), err);
        s->src += is_mask_tensor(t) ? t->ndim : 1;
        return rc;
    } else if (is_seq(o)) {
        tc_tensor *li = list_index(o, numpy_rules, err);
        int taken = li && is_mask_tensor(li) ? li->ndim : 1;
        int rc = record(s, (*dim)++, li, err);
        s->src += taken;
        return rc;
    } else {
        return tc_error_set(err, TC_EXC_INDEX,
                            "only integers, slices (`:`), ellipsis (`...`), None and long or byte "
                            "Variables are valid indices (got %s)", kn_type_name(o));
    }
    if (!next) return -1;
    tc_tensor_unref(s->view);
    s->view = next;
    return 0;
}

/* PyTorch's applySlicing over the items of key (NumPy's when numpy_rules). */
static int apply_slicing(tc_tensor *t, kn_obj *key, bool numpy_rules, sliced *s, kn_err *err) {
    kn_obj *items[MAX_ITEMS];
    int n = 0, nell = 0;
    memset(s, 0, sizeof *s);
    if (t->layout != TC_LAYOUT_STRIDED)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                            "Could not run 'aten::as_strided' with arguments from the 'SparseCPU' "
                            "backend.");
    if (split_key(key, numpy_rules, items, &n, err) < 0) return -1;
    bool any_tensor = false;
    for (int i = 0; i < n; i++) {
        nell += kn_is(items[i], &kn_type_ellipsis);
        any_tensor |= is_tensor_item(items[i]);
    }
    if (nell > 1) return tc_error_set(err, TC_EXC_INDEX, "an index can only have a single ellipsis ('...')");
    int spec = specified_dims(items, n);
    if (spec > t->ndim && t->ndim == 0 && !numpy_rules) {
        for (int i = 0; i < n; i++)
            if (kn_is(items[i], &kn_type_slice))
                return tc_error_set(err, TC_EXC_INDEX, "slice() cannot be applied to a 0-dim tensor.");
        for (int i = 0; i < n; i++)
            if (kn_is(items[i], &kn_type_int) || kn_is(items[i], &kn_type_bool))
                return tc_error_set(err, TC_EXC_INDEX,
                                    "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                                    "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number");
    }
    if (spec > t->ndim) return tc_error_set(err, TC_EXC_INDEX, "too many indices for tensor of dimension %d", t->ndim);
    s->view = tc_tensor_ref(t);
    int dim = 0;
    for (int i = 0; i < n; i++)
        if (apply_item(s, items[i], i, &dim, spec, t->ndim, numpy_rules && any_tensor, numpy_rules, err) < 0) {
            sliced_free(s);
            return -1;
        }
    return 0;
}

/* After an IndexError of tc_index on an ndarray: NumPy's words for the first index out of
 * bounds, the index arrays read one after the other, with the axis of the array it indexes
 * (PyTorch's message counts index tensors). */
static void numpy_bounds_words(const sliced *s, kn_err *err) {
    for (int d = 0; d < s->nidx; d++) {
        tc_tensor *ix = s->idx[d];
        if (!ix || is_mask_tensor(ix) || tc_dtype_kind_of(ix->dtype) != TC_KIND_INT) continue;
        tc_error e2 = {0};
        tc_tensor *h = tc_to(ix, TC_DTYPE_I64, tc_device_cpu(), "index", &e2);
        tc_tensor *c = h ? tc_contiguous(h, &e2) : NULL;
        tc_tensor_unref(h);
        if (!c) return;
        const int64_t *p = tc_data_ptr(c);
        int64_t size = s->view->shape[d], n = tc_numel(c), k = 0;
        while (k < n && p[k] >= -size && p[k] < size) k++;
        if (k < n) {
            tc_error_clear(err);
            tc_error_set(err, TC_EXC_INDEX, "index %lld is out of bounds for axis %d with size %lld",
                         (long long)p[k], s->axis[d], (long long)size);
        }
        tc_tensor_unref(c);
        if (k < n) return;
    }
}

/* The result of t[key] (new ref); numpy_rules for ndarrays. */
tc_tensor *kn__index_get(tc_tensor *t, kn_obj *key, bool numpy_rules, kn_err *err) {
    sliced s;
    if (apply_slicing(t, key, numpy_rules, &s, err) < 0) return NULL;
    tc_tensor *r = s.nidx ? tc_index(s.view, s.idx, s.nidx, err) : tc_tensor_ref(s.view);
    if (!r && numpy_rules && err->type == TC_EXC_INDEX) numpy_bounds_words(&s, err);
    sliced_free(&s);
    return r;
}

static tc_tensor *value_tensor(tc_tensor *dst, kn_obj *value, kn_err *err) {
    tc_tensor *v = kn_tensor_unwrap(value);
    if (v) return tc_tensor_ref(v);
    tc_scalar s;
    double re, im;
    if (kn_complex_parts(value, &re, &im)) {
        if (!tc_dtype_is_complex(dst->dtype))
            return tc_error_set(err, TC_EXC_RUNTIME, "value cannot be converted to type %s without overflow",
                                tc_dtype_is_float(dst->dtype) ? (dst->dtype == TC_DTYPE_F64 ? "double" : "float")
                                                              : "int64_t"), NULL;
        tc_tensor *r = tc_empty(NULL, 0, dst->dtype, dst->device, err);
        if (r && tc_fill_complex_(r, re, im, err) < 0) {
            tc_tensor_unref(r);
            return NULL;
        }
        return r;
    }
    if (kn__scalar_of(value, &s) && s.kind == TC_SCALAR_FLOAT && kn_is(value, &kn_type_float) &&
        kn__check_fill(s.v.f, dst->dtype, err) < 0)
        return NULL;
    if (kn__scalar_of(value, &s)) return tc_full(NULL, 0, s.kind == TC_SCALAR_FLOAT ? s.v.f : s.kind == TC_SCALAR_INT ? (double)s.v.i : s.v.b, dst->dtype, dst->device, err);
    if (is_seq(value)) return kn__tensor_from_data(value, &dst->dtype, false, err);
    double d;
    if (kn_to_double(value, &d, err) < 0) return NULL;
    return tc_full(NULL, 0, d, dst->dtype, dst->device, err);
}

/* PyTorch's copy_to: the value's leading 1s are dropped, then it is broadcast into dst. */
static int copy_to(tc_tensor *dst, tc_tensor *v, kn_err *err) {
    int lead = 0;
    while (lead < v->ndim && v->shape[lead] == 1) lead++;
    if (lead == 0) return tc_copy_(dst, v, err);
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *sv = tc_view(v, v->shape + lead, v->ndim - lead, err);
    tc_set_grad_enabled(was);
    int rc = sv ? tc_copy_(dst, sv, err) : -1;
    tc_tensor_unref(sv);
    return rc;
}

/* Autograd for a written t (CopySlices / IndexPutBackward0): the element numbers of t the
 * key selects, found by indexing a tensor of positions with the same key. */
static int record_grad(tc_tensor *t, kn_obj *key, tc_tensor *v, bool advanced, kn_err *err) {
    int64_t n = tc_numel(t);
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *ar = tc_arange(0, (double)n, 1, TC_DTYPE_I64, tc_device_cpu(), err);
    tc_tensor *pv = ar ? tc_view(ar, t->shape, t->ndim, err) : NULL;
    tc_tensor *pos = pv ? kn__index_get(pv, key, false, err) : NULL;
    tc_set_grad_enabled(was);
    int rc = pos ? tc_setitem_grad(t, pos, v, advanced, err) : -1;
    tc_tensor_unref(pos);
    tc_tensor_unref(pv);
    tc_tensor_unref(ar);
    return rc;
}

/* t[key] = value; numpy_rules for ndarrays (the value is cast to t's dtype). */
int kn__index_set(tc_tensor *t, kn_obj *key, kn_obj *value, bool numpy_rules, kn_err *err) {
    sliced s;
    if (apply_slicing(t, key, numpy_rules, &s, err) < 0) return -1;
    if (s.copied) {
        sliced_free(&s);
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "assignment through a negative-step slice is not supported by this kernel");
    }
    tc_tensor *v = value_tensor(s.view, value, err);
    if (v && numpy_rules && v->dtype != t->dtype) {
        tc_tensor *c = tc_to(v, t->dtype, t->device, "index", err);
        tc_tensor_unref(v);
        v = c;
    }
    int rc = -1;
    if (v) rc = s.nidx ? tc_index_put_(s.view, s.idx, s.nidx, v, err) : copy_to(s.view, v, err);
    if (rc == 0 && !numpy_rules && tc_grad_enabled() && (t->requires_grad || v->requires_grad))
        rc = record_grad(t, key, v, s.nidx > 0, err);
    tc_tensor_unref(v);
    sliced_free(&s);
    return rc;
}
