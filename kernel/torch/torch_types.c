/*
 * The small torch value types around tensors: torch.dtype, torch.device, torch.Size,
 * torch.layout, torch.return_types.max/min, grad_fn nodes, and the iterator over a
 * tensor's first dim.
 * Each prints exactly as PyTorch prints it.
 */
#include <stdio.h>
#include <string.h>

#include "kernel/torch/torch-impl.h"

#define KN_STATIC_REFCNT (INT64_C(1) << 40)

static kn_obj *notimpl(void) { return kn_incref(kn_notimpl()); }

/* ---- torch.dtype ---------------------------------------------------------------------- */

static kn__dtype_val dtype_objs[TC_DTYPE_COUNT] = {
#define DT_OBJ(id, ct, sz, kind, tn, nn, cn) \
    [TC_DTYPE_##id] = {{KN_STATIC_REFCNT, &kn__type_dtype}, TC_DTYPE_##id},
    TC_DTYPE_LIST(DT_OBJ)
#undef DT_OBJ
};

kn_obj *kn__dtype_obj(tc_dtype dt) { return &dtype_objs[dt].base; }

bool kn__is_dtype(const kn_obj *o, tc_dtype *out) {
    if (!kn_is(o, &kn__type_dtype)) return false;
    if (out) *out = ((const kn__dtype_val *)o)->dt;
    return true;
}

static kn_obj *dtype_repr(kn_obj *self, kn_err *err) {
    return kn_str_printf("torch.%s", tc_dtype_name(((kn__dtype_val *)self)->dt));
}

static kn_obj *dtype_getattr(kn_obj *self, const char *name, kn_err *err) {
    tc_dtype dt = ((kn__dtype_val *)self)->dt;
    if (strcmp(name, "itemsize") == 0) return kn_int_new((int64_t)tc_dtype_size(dt));
    if (strcmp(name, "is_floating_point") == 0) return kn_bool_new(tc_dtype_is_float(dt));
    if (strcmp(name, "is_complex") == 0) return kn_bool_new(tc_dtype_is_complex(dt));
    if (strcmp(name, "is_signed") == 0)
        return kn_bool_new(dt != TC_DTYPE_BOOL && dt != TC_DTYPE_U8);
    return NULL;
}

static kn_obj *identity_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (op == KN_CMP_EQ) return kn_bool_new(a == b);
    if (op == KN_CMP_NE) return kn_bool_new(a != b);
    return notimpl();
}

static int identity_hash(kn_obj *self, int64_t *out, kn_err *err) {
    *out = (int64_t)(intptr_t)self >> 4;
    return 0;
}

static int dtype_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    static const char *const names[] = {"is_complex", "is_floating_point", "is_signed",
                                        "itemsize", NULL};
    return kn__dir_add_names(list, names);
}

const kn_type kn__type_dtype = {
    .name = "dtype", .qualname = "torch.dtype", .doc = "A torch data type.",
    .repr = dtype_repr, .getattr = dtype_getattr, .compare = identity_compare,
    .hash = identity_hash, .dir = dtype_dir,
};

/* ---- torch.layout --------------------------------------------------------------------- */

typedef struct layout_obj {
    kn_obj base;
    tc_layout layout;
} layout_obj;

static layout_obj layout_objs[2] = {
    {{KN_STATIC_REFCNT, &kn__type_layout}, TC_LAYOUT_STRIDED},
    {{KN_STATIC_REFCNT, &kn__type_layout}, TC_LAYOUT_SPARSE_COO},
};

kn_obj *kn__layout_obj(tc_layout l) { return &layout_objs[l == TC_LAYOUT_SPARSE_COO].base; }

static kn_obj *layout_repr(kn_obj *self, kn_err *err) {
    return kn_str_from_cstr(((layout_obj *)self)->layout == TC_LAYOUT_SPARSE_COO
                                ? "torch.sparse_coo" : "torch.strided");
}

const kn_type kn__type_layout = {
    .name = "layout", .qualname = "torch.layout", .doc = "A tensor memory layout.",
    .repr = layout_repr, .compare = identity_compare, .hash = identity_hash,
};

/* ---- torch.memory_format ---------------------------------------------------------------- */

typedef struct memory_format_obj {
    kn_obj base;
    const char *name;
} memory_format_obj;

static memory_format_obj mf_objs[KN_MF_COUNT] = {
    {{KN_STATIC_REFCNT, &kn__type_memory_format}, "torch.contiguous_format"},
    {{KN_STATIC_REFCNT, &kn__type_memory_format}, "torch.channels_last"},
    {{KN_STATIC_REFCNT, &kn__type_memory_format}, "torch.channels_last_3d"},
    {{KN_STATIC_REFCNT, &kn__type_memory_format}, "torch.preserve_format"},
};

kn_obj *kn__memory_format_obj(kn_mf f) { return &mf_objs[f].base; }

static kn_obj *memory_format_repr(kn_obj *self, kn_err *err) {
    (void)err;
    return kn_str_from_cstr(((memory_format_obj *)self)->name);
}

const kn_type kn__type_memory_format = {
    .name = "memory_format", .qualname = "torch.memory_format", .doc = "A tensor memory format.",
    .repr = memory_format_repr, .compare = identity_compare, .hash = identity_hash,
};

int kn__memory_format_arg(kn_obj *o, const char *fname, kn_mf dflt, kn_err *err) {
    if (!o || o == kn_none()) return (int)dflt;
    for (int f = 0; f < KN_MF_COUNT; f++)
        if (o == &mf_objs[f].base) return f;
    return tc_error_set(err, TC_EXC_TYPE, "%s(): argument 'memory_format' must be torch.memory_format, not %s",
                        fname, kn_type_name(o));
}

/* The dims of format f for rank n, outermost first, or NULL when f has no order of its own. */
static const int *mf_order(kn_mf f, int n) {
    static const int cl[4] = {0, 2, 3, 1}, cl3[5] = {0, 2, 3, 4, 1};
    if (f == KN_MF_CHANNELS_LAST && n == 4) return cl;
    if (f == KN_MF_CHANNELS_LAST_3D && n == 5) return cl3;
    return NULL;
}

/* c10's contiguity test for a dims order: innermost dim first, sizes of 1 skipped. */
static bool dense_in_order(const tc_tensor *t, const int *order) {
    int64_t expected = 1;
    for (int i = t->ndim - 1; i >= 0; i--) {
        int d = order[i];
        if (t->shape[d] == 1) continue;
        if (t->strides[d] != expected) return false;
        expected *= t->shape[d];
    }
    return true;
}

bool kn__is_contiguous_as(const tc_tensor *t, kn_mf f) {
    if (f == KN_MF_CONTIGUOUS || f == KN_MF_PRESERVE) return tc_is_contiguous(t);
    const int *order = mf_order(f, t->ndim);
    return order && dense_in_order(t, order);
}

/* t's dims from the largest stride to the smallest (ties: the earlier dim outside) into
 * order; whether t is non-overlapping and dense in that order. */
static bool stride_order(const tc_tensor *t, int *order) {
    for (int i = 0; i < t->ndim; i++)
        order[i] = i;
    for (int i = 1; i < t->ndim; i++)
        for (int j = i; j > 0 && t->strides[order[j]] > t->strides[order[j - 1]]; j--) {
            int x = order[j];
            order[j] = order[j - 1];
            order[j - 1] = x;
        }
    return dense_in_order(t, order);
}

int kn__memory_order(int ndim, kn_mf f, const tc_tensor *model, int *order, kn_err *err) {
    const int *o = mf_order(f, ndim);
    if ((f == KN_MF_CHANNELS_LAST || f == KN_MF_CHANNELS_LAST_3D) && !o)
        return tc_error_set(err, TC_EXC_RUNTIME, "required rank %d tensor to use %s format",
                            f == KN_MF_CHANNELS_LAST ? 4 : 5, f == KN_MF_CHANNELS_LAST ? "channels_last" : "channels_last_3d");
    if (o) {
        memcpy(order, o, sizeof(int) * (size_t)ndim);
        return 1;
    }
    if (f != KN_MF_PRESERVE || !model || ndim == 0 || model->ndim != ndim || tc_is_contiguous(model)) return 0;
    stride_order(model, order); /* dense or not, as PyTorch's infer_dense_strides */
    for (int i = 0; i < ndim; i++)
        if (order[i] != i) return 1;
    return 0;
}

tc_tensor *kn__in_memory_format(tc_tensor *t, kn_mf f, const tc_tensor *model, bool copy, kn_err *err) {
    int order[TC_MAX_DIMS];
    int has = kn__memory_order(t->ndim, f, model ? model : t, order, err);
    if (has < 0) return NULL;
    if (!has) { /* row-major */
        if (!copy) return tc_contiguous(t, err);
        return tc_is_contiguous(t) ? tc_clone(t, err) : tc_contiguous(t, err);
    }
    if (!copy && dense_in_order(t, order)) return tc_tensor_ref(t);
    int inv[TC_MAX_DIMS];
    for (int i = 0; i < t->ndim; i++)
        inv[order[i]] = i;
    tc_tensor *p = tc_permute(t, order, t->ndim, err);
    tc_tensor *c = p ? (tc_is_contiguous(p) ? tc_clone(p, err) : tc_contiguous(p, err)) : NULL;
    tc_tensor *r = c ? tc_permute(c, inv, t->ndim, err) : NULL;
    tc_tensor_unref(p);
    tc_tensor_unref(c);
    if (r) tc_grad_fn_rename(r, "CloneBackward0"); /* one copy, as PyTorch records it */
    return r;
}

/* ---- torch.device --------------------------------------------------------------------- */

typedef struct device_obj {
    kn_obj base;
    tc_device_type type;
    int index; /* -1: none given */
} device_obj;

kn_obj *kn__device_new(tc_device_type type, int index) {
    device_obj *d = (device_obj *)kn_obj_alloc(&kn__type_device, sizeof(device_obj), NULL);
    if (!d) return NULL;
    d->type = type;
    d->index = index;
    return &d->base;
}

kn_obj *kn__device_of(tc_device d) {
    return kn__device_new(d.type, d.type == TC_DEVICE_CPU ? -1 : d.index);
}

static const char *devtype_name(tc_device_type t) { return t == TC_DEVICE_CPU ? "cpu" : "cuda"; }

static kn_obj *device_str(kn_obj *self, kn_err *err) {
    device_obj *d = (device_obj *)self;
    if (d->index < 0) return kn_str_from_cstr(devtype_name(d->type));
    return kn_str_printf("%s:%d", devtype_name(d->type), d->index);
}

static kn_obj *device_repr(kn_obj *self, kn_err *err) {
    device_obj *d = (device_obj *)self;
    if (d->index < 0) return kn_str_printf("device(type='%s')", devtype_name(d->type));
    return kn_str_printf("device(type='%s', index=%d)", devtype_name(d->type), d->index);
}

static kn_obj *device_getattr(kn_obj *self, const char *name, kn_err *err) {
    device_obj *d = (device_obj *)self;
    if (strcmp(name, "type") == 0) return kn_str_from_cstr(devtype_name(d->type));
    if (strcmp(name, "index") == 0) return d->index < 0 ? kn_none_new() : kn_int_new(d->index);
    return NULL;
}

static kn_obj *device_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (op != KN_CMP_EQ && op != KN_CMP_NE) return notimpl();
    bool eq = false;
    if (kn_is(a, &kn__type_device) && kn_is(b, &kn__type_device)) {
        device_obj *x = (device_obj *)a, *y = (device_obj *)b;
        eq = x->type == y->type && x->index == y->index;
    }
    return kn_bool_new(op == KN_CMP_EQ ? eq : !eq);
}

static int device_hash(kn_obj *self, int64_t *out, kn_err *err) {
    device_obj *d = (device_obj *)self;
    *out = (int64_t)d->type * 1000003 + d->index;
    return 0;
}

static int parse_device_string(const char *s, tc_device_type *type, int *index, kn_err *err) {
    int n = 0;
    if (strcmp(s, "cpu") == 0) { *type = TC_DEVICE_CPU; *index = -1; return 0; }
    if (strcmp(s, "cuda") == 0) { *type = TC_DEVICE_CUDA; *index = -1; return 0; }
    if (sscanf(s, "cuda:%d%n", index, &n) == 1 && s[n] == '\0' && *index >= 0) {
        *type = TC_DEVICE_CUDA;
        return 0;
    }
    if (sscanf(s, "cpu:%d%n", index, &n) == 1 && s[n] == '\0' && *index >= 0) {
        *type = TC_DEVICE_CPU;
        return 0;
    }
    return tc_error_set(err, TC_EXC_RUNTIME,
                        "Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, "
                        "hip, ve, fpga, maia, xla, lazy, vulkan, mps, meta, hpu, mtia, "
                        "privateuseone device type at start of device string: %s", s);
}

static kn_obj *device_construct(const kn_type *type, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"type", "index"};
    kn_obj *v[2];
    if (kn_args_bind(a, "device", names, 2, 1, v, err) < 0) return NULL;
    if (kn_is(v[0], &kn__type_device)) return kn_incref(v[0]);
    tc_device_type t = TC_DEVICE_CPU;
    int index = -1;
    if (kn_is(v[0], &kn_type_int)) {
        return kn__device_new(TC_DEVICE_CUDA, (int)kn_int_value(v[0]));
    }
    if (!kn_is(v[0], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "device() received an invalid combination of arguments");
        return NULL;
    }
    if (parse_device_string(kn_str_cstr(v[0]), &t, &index, err) < 0) return NULL;
    if (v[1] && !kn_is(v[1], &kn_type_none)) {
        if (index >= 0) {
            tc_error_set(err, TC_EXC_RUNTIME,
                         "type (string) must not include an index because index was passed "
                         "explicitly: %s", kn_str_cstr(v[0]));
            return NULL;
        }
        int64_t i;
        if (kn_to_int64(v[1], &i, err) < 0) return NULL;
        index = (int)i;
    }
    return kn__device_new(t, index);
}

static int device_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    static const char *const names[] = {"index", "type", NULL};
    return kn__dir_add_names(list, names);
}

const kn_type kn__type_device = {
    .name = "device", .qualname = "torch.device", .doc = "torch.device(type, index=None)",
    .repr = device_repr, .str = device_str, .getattr = device_getattr,
    .compare = device_compare, .hash = device_hash, .construct = device_construct,
    .dir = device_dir,
};

/* ---- torch.Size ----------------------------------------------------------------------- */

typedef struct size_obj {
    kn_obj base;
    int n;
    int64_t d[TC_MAX_DIMS];
} size_obj;

kn_obj *kn__size_new(const int64_t *dims, int n) {
    size_obj *s = (size_obj *)kn_obj_alloc(&kn__type_size, sizeof(size_obj), NULL);
    if (!s) return NULL;
    s->n = n;
    if (n) memcpy(s->d, dims, sizeof(int64_t) * (size_t)n);
    return &s->base;
}

bool kn__is_size(const kn_obj *o) { return kn_is(o, &kn__type_size); }

const int64_t *kn__size_dims(const kn_obj *o, int *n) {
    const size_obj *s = (const size_obj *)o;
    *n = s->n;
    return s->d;
}

static kn_obj *size_repr(kn_obj *self, kn_err *err) {
    size_obj *s = (size_obj *)self;
    tc_strbuf b = {0};
    tc_strbuf_printf(&b, "torch.Size([");
    for (int i = 0; i < s->n; i++) tc_strbuf_printf(&b, "%s%lld", i ? ", " : "", (long long)s->d[i]);
    tc_strbuf_printf(&b, "])");
    kn_obj *r = b.failed ? NULL : kn_str_new(b.data, b.len);
    tc_strbuf_free(&b);
    if (!r) kn_nomem(err);
    return r;
}

static kn_obj *size_tuple(size_obj *s) {
    kn_obj *t = kn_tuple_new(s->n);
    for (int i = 0; t && i < s->n; i++) kn_tuple_set(t, i, kn_int_new(s->d[i]));
    return t;
}

static kn_obj *size_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    size_obj *s = (size_obj *)self;
    if (kn_is(key, &kn_type_slice)) {
        int64_t start, stop, step, len;
        if (kn_slice_indices(key, s->n, &start, &stop, &step, &len, err) < 0) return NULL;
        int64_t d[TC_MAX_DIMS];
        for (int64_t i = 0; i < len; i++) d[i] = s->d[start + i * step];
        return kn__size_new(d, (int)len);
    }
    int64_t i;
    if (kn_to_int64(key, &i, err) < 0) return NULL;
    if (i < 0) i += s->n;
    if (i < 0 || i >= s->n) {
        tc_error_set(err, TC_EXC_INDEX, "tuple index out of range");
        return NULL;
    }
    return kn_int_new(s->d[i]);
}

static int64_t size_len(kn_obj *self, kn_err *err) { return ((size_obj *)self)->n; }

static kn_obj *size_iter(kn_obj *self, kn_err *err) {
    kn_obj *t = size_tuple((size_obj *)self);
    if (!t) return NULL;
    kn_obj *it = kn_iter(t, err);
    kn_decref(t);
    return it;
}

/* Fill dims from a Size or tuple; false for anything else. */
static bool size_like(kn_obj *o, int64_t *d, int *n) {
    if (kn__is_size(o)) {
        size_obj *s = (size_obj *)o;
        memcpy(d, s->d, sizeof(s->d));
        *n = s->n;
        return true;
    }
    if (!kn_is(o, &kn_type_tuple) || kn_tuple_len(o) > TC_MAX_DIMS) return false;
    *n = (int)kn_tuple_len(o);
    for (int i = 0; i < *n; i++) {
        kn_obj *x = kn_tuple_items(o)[i];
        if (!kn_is(x, &kn_type_int) || kn_int_is_big(x)) return false;
        d[i] = kn_int_value(x);
    }
    return true;
}

static kn_obj *size_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (op != KN_CMP_EQ && op != KN_CMP_NE) return notimpl();
    int64_t da[TC_MAX_DIMS], db[TC_MAX_DIMS];
    int na, nb;
    bool eq = size_like(a, da, &na) && size_like(b, db, &nb) && na == nb &&
              memcmp(da, db, sizeof(int64_t) * (size_t)na) == 0;
    if (!eq && !(kn__is_size(a) || kn_is(a, &kn_type_tuple))) return notimpl();
    return kn_bool_new(op == KN_CMP_EQ ? eq : !eq);
}

static int size_hash(kn_obj *self, int64_t *out, kn_err *err) {
    kn_obj *t = size_tuple((size_obj *)self);
    int rc = t ? kn_hash(t, out, err) : -1;
    kn_decref(t);
    return rc;
}

static kn_obj *size_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    int64_t da[2 * TC_MAX_DIMS], db[TC_MAX_DIMS];
    int na, nb;
    if (op != KN_BINOP_ADD || !size_like(a, da, &na) || !size_like(b, db, &nb) ||
        na + nb > TC_MAX_DIMS)
        return notimpl();
    memcpy(da + na, db, sizeof(int64_t) * (size_t)nb);
    return kn__size_new(da, na + nb);
}

static kn_obj *size_numel(kn_obj *self, const kn_args *a, kn_err *err) {
    size_obj *s = (size_obj *)self;
    int64_t n = 1;
    for (int i = 0; i < s->n; i++) n *= s->d[i];
    return kn_int_new(n);
}

static kn_obj *size_getattr(kn_obj *self, const char *name, kn_err *err) {
    if (strcmp(name, "numel") == 0)
        return kn_cfunction_new("numel", size_numel, self, "()",
                                "Returns the number of elements a tensor of this size has.");
    return NULL;
}

static kn_obj *size_construct(const kn_type *type, const kn_args *a, kn_err *err) {
    int64_t d[TC_MAX_DIMS];
    int n = 0;
    if (a->npos > 1) {
        tc_error_set(err, TC_EXC_TYPE, "Size() takes at most 1 argument");
        return NULL;
    }
    if (a->npos == 1 && kn__shape_of(a->pos[0], d, &n, err) < 0) return NULL;
    return kn__size_new(d, n);
}

static int size_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    static const char *const names[] = {"numel", NULL};
    return kn__dir_add_names(list, names);
}

const kn_type kn__type_size = {
    .name = "Size", .qualname = "torch.Size", .doc = "The shape of a tensor (a tuple of ints).",
    .repr = size_repr, .getattr = size_getattr, .getitem = size_getitem, .len = size_len,
    .iter = size_iter, .compare = size_compare, .hash = size_hash, .binop = size_binop,
    .construct = size_construct, .dir = size_dir,
};

/* ---- torch.return_types ---------------------------------------------------------------- */

enum { RT_MAX = 4 };

typedef struct rt_obj {
    kn_obj base;
    const char *name;
    int n;
    const char *f[RT_MAX]; /* field names: "values", "indices"; "U", "S", "Vh"; ... */
    kn_obj *v[RT_MAX];
} rt_obj;

/* PyTorch's results are structseq classes, one per op (torch.return_types.max, ...), each a
 * tuple subclass: type(r).__name__ is "max" and isinstance(r, tuple) holds. One type per
 * name, copied from kn__type_return_types on first use (the names are string literals;
 * a few dozen exist). */
enum { RT_TYPES = 64 };
static struct {
    const char *name;
    kn_type type;
    char qual[64];
} rt_types[RT_TYPES];

static const kn_type *rt_type_named(const char *name) {
    for (int i = 0; i < RT_TYPES; i++) {
        if (rt_types[i].name == name || (rt_types[i].name && strcmp(rt_types[i].name, name) == 0))
            return &rt_types[i].type;
        if (!rt_types[i].name) {
            rt_types[i].type = kn__type_return_types;
            snprintf(rt_types[i].qual, sizeof rt_types[i].qual, "torch.return_types.%s", name);
            rt_types[i].type.name = name;
            rt_types[i].type.qualname = rt_types[i].qual;
            rt_types[i].name = name;
            return &rt_types[i].type;
        }
    }
    return &kn__type_return_types; /* more names than slots: the generic type */
}

kn_obj *kn__return_types_new(const char *name, kn_obj *values, kn_obj *indices) {
    return kn__return_types_named(name, "values", values, "indices", indices);
}

kn_obj *kn__return_types_named(const char *name, const char *f0, kn_obj *values, const char *f1,
                               kn_obj *indices) {
    const char *f[2] = {f0, f1};
    kn_obj *v[2] = {values, indices};
    return kn__return_types_n(name, 2, f, v);
}

kn_obj *kn__return_types_n(const char *name, int n, const char *const *fields, kn_obj *const *values) {
    TC_ASSERT(n >= 1 && n <= RT_MAX);
    bool ok = true;
    for (int i = 0; i < n; i++) ok = ok && values[i];
    const kn_type *type = ok ? rt_type_named(name) : NULL;
    rt_obj *r = type ? (rt_obj *)kn_obj_alloc(type, sizeof(rt_obj), NULL) : NULL;
    if (!r) {
        for (int i = 0; i < n; i++) kn_decref(values[i]);
        return NULL;
    }
    r->name = name;
    r->n = n;
    for (int i = 0; i < n; i++) {
        r->f[i] = fields[i];
        r->v[i] = values[i];
    }
    return &r->base;
}

static void rt_dealloc(kn_obj *self) {
    rt_obj *r = (rt_obj *)self;
    for (int i = 0; i < r->n; i++) kn_decref(r->v[i]);
}

static kn_obj *rt_repr(kn_obj *self, kn_err *err) {
    rt_obj *r = (rt_obj *)self;
    tc_strbuf b = {0};
    tc_strbuf_printf(&b, "torch.return_types.%s(", r->name);
    for (int i = 0; i < r->n; i++) {
        kn_obj *v = kn_repr(r->v[i], err);
        if (!v) {
            tc_strbuf_free(&b);
            return NULL;
        }
        tc_strbuf_printf(&b, "\n%s=%s%s", r->f[i], kn_str_cstr(v), i + 1 < r->n ? "," : ")");
        kn_decref(v);
    }
    if (b.failed) {
        tc_strbuf_free(&b);
        return kn_nomem(err), NULL;
    }
    kn_obj *s = kn_str_new(b.data, b.len);
    tc_strbuf_free(&b);
    return s;
}

static kn_obj *rt_tuple(kn_obj *self);

static kn_obj *rt_getattr(kn_obj *self, const char *name, kn_err *err) {
    rt_obj *r = (rt_obj *)self;
    for (int i = 0; i < r->n; i++)
        if (strcmp(name, r->f[i]) == 0) return kn_incref(r->v[i]);
    /* a structseq's: the tuple methods and its field counts */
    if (!strcmp(name, "count") || !strcmp(name, "index")) {
        kn_obj *t = rt_tuple(self);
        kn_obj *m = t ? kn_getattr(t, name, err) : NULL;
        if (!t) kn_nomem(err);
        kn_decref(t);
        return m;
    }
    if (!strcmp(name, "n_fields") || !strcmp(name, "n_sequence_fields")) return kn_int_new(r->n);
    if (!strcmp(name, "n_unnamed_fields")) return kn_int_new(0);
    return NULL;
}

static kn_obj *rt_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    rt_obj *r = (rt_obj *)self;
    int64_t i;
    if (kn_is(key, &kn_type_slice)) { /* r[:1] is a plain tuple, as a structseq's */
        kn_obj *t = rt_tuple(self);
        kn_obj *v = t ? kn_getitem(t, key, err) : (kn_nomem(err), NULL);
        kn_decref(t);
        return v;
    }
    if (kn_to_int64(key, &i, err) < 0) return NULL;
    if (i < 0) i += r->n;
    if (i >= 0 && i < r->n) return kn_incref(r->v[i]);
    tc_error_set(err, TC_EXC_INDEX, "tuple index out of range");
    return NULL;
}

static int64_t rt_len(kn_obj *self, kn_err *err) { return ((rt_obj *)self)->n; }

static void rt_dealloc(kn_obj *self);
static bool is_rt(const kn_obj *o) { return o->type->dealloc == rt_dealloc; }

/* The plain tuple of a result. New reference. */
static kn_obj *rt_tuple(kn_obj *self) {
    rt_obj *r = (rt_obj *)self;
    kn_obj *t = kn_tuple_new(r->n);
    if (!t) return NULL;
    for (int i = 0; i < r->n; i++) kn_tuple_set(t, i, kn_incref(r->v[i]));
    return t;
}

static kn_obj *rt_iter(kn_obj *self, kn_err *err) {
    kn_obj *t = rt_tuple(self);
    if (!t) return NULL;
    kn_obj *it = kn_iter(t, err);
    kn_decref(t);
    return it;
}

/* Operators act on the tuple, as on PyTorch's structseq (r * 2 repeats, r + (x,) joins). */
static kn_obj *rt_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    kn_obj *x = is_rt(a) ? rt_tuple(a) : kn_incref(a);
    kn_obj *y = is_rt(b) ? rt_tuple(b) : kn_incref(b);
    kn_obj *r = x && y ? kn_binary(op, x, y, err) : x && y ? NULL : (kn_nomem(err), NULL);
    kn_decref(x);
    kn_decref(y);
    return r;
}

/* Comparisons and hashing as the tuple's (r == (v, i), sorted results, dict keys). */
static kn_obj *rt_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    kn_obj *x = is_rt(a) ? rt_tuple(a) : kn_incref(a);
    kn_obj *y = is_rt(b) ? rt_tuple(b) : kn_incref(b);
    kn_obj *r = x && y ? kn_compare(op, x, y, err) : (kn_nomem(err), NULL);
    kn_decref(x);
    kn_decref(y);
    return r;
}

static int rt_hash(kn_obj *self, int64_t *out, kn_err *err) {
    kn_obj *t = rt_tuple(self);
    if (!t) return kn_nomem(err);
    int rc = kn_hash(t, out, err);
    kn_decref(t);
    return rc;
}

static int rt_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    rt_obj *r = (rt_obj *)self;
    const char *names[RT_MAX + 1];
    for (int i = 0; i < r->n; i++) { /* sorted, as dir() lists them */
        int j = i;
        while (j > 0 && strcmp(names[j - 1], r->f[i]) > 0) {
            names[j] = names[j - 1];
            j--;
        }
        names[j] = r->f[i];
    }
    names[r->n] = NULL;
    return kn__dir_add_names(list, names);
}

const kn_type kn__type_return_types = {
    .name = "return_types", .qualname = "torch.return_types", .doc = "(values, indices)",
    .dealloc = rt_dealloc, .repr = rt_repr, .getattr = rt_getattr, .getitem = rt_getitem,
    .len = rt_len, .iter = rt_iter, .dir = rt_dir, .binop = rt_binop, .compare = rt_compare,
    .hash = rt_hash, .base = &kn_type_tuple,
};

/* ---- grad_fn nodes ---------------------------------------------------------------------- */

typedef struct gradfn_obj {
    kn_obj base;
    tc_tensor *t;
} gradfn_obj;

kn_obj *kn__grad_fn_new(tc_tensor *t) {
    gradfn_obj *g = (gradfn_obj *)kn_obj_alloc(&kn__type_grad_fn, sizeof(gradfn_obj), NULL);
    if (!g) return NULL;
    g->t = tc_tensor_ref(t);
    return &g->base;
}

static void gradfn_dealloc(kn_obj *self) { tc_tensor_unref(((gradfn_obj *)self)->t); }

static kn_obj *gradfn_repr(kn_obj *self, kn_err *err) {
    gradfn_obj *g = (gradfn_obj *)self;
    const char *name = tc_grad_fn_name(g->t);
    return kn_str_printf("<%s object at %p>", name ? name : "Node", (void *)g->t->grad_fn);
}

static kn_obj *gradfn_name(kn_obj *self, const kn_args *a, kn_err *err) {
    const char *name = tc_grad_fn_name(((gradfn_obj *)self)->t);
    return kn_str_from_cstr(name ? name : "Node");
}

static kn_obj *gradfn_getattr(kn_obj *self, const char *name, kn_err *err) {
    if (strcmp(name, "name") == 0)
        return kn_cfunction_new("name", gradfn_name, self, "()", "The name of this node.");
    return NULL;
}

static int gradfn_compare_hash(kn_obj *self, int64_t *out, kn_err *err) {
    *out = (int64_t)(intptr_t)((gradfn_obj *)self)->t->grad_fn >> 4;
    return 0;
}

const kn_type kn__type_grad_fn = {
    .name = "Node", .qualname = "torch.autograd.graph.Node", .doc = "An autograd graph node.",
    .dealloc = gradfn_dealloc, .repr = gradfn_repr, .getattr = gradfn_getattr,
    .hash = gradfn_compare_hash,
};

/* ---- iteration over dim 0 ------------------------------------------------------------------ */

typedef struct titer_obj {
    kn_obj base;
    kn_obj *src;
    int64_t i;
} titer_obj;

kn_obj *kn__tensor_iter_new(kn_obj *src, kn_err *err) {
    tc_tensor *t = kn_tensor_unwrap(src);
    if (t->ndim == 0) {
        tc_error_set(err, TC_EXC_TYPE, kn_is_ndarray(src) ? "iteration over a 0-d array"
                                                          : "iteration over a 0-d tensor");
        return NULL;
    }
    titer_obj *it = (titer_obj *)kn_obj_alloc(&kn__type_tensor_iter, sizeof(titer_obj), err);
    if (!it) return NULL;
    it->src = kn_incref(src);
    return &it->base;
}

static void titer_dealloc(kn_obj *self) { kn_decref(((titer_obj *)self)->src); }

static kn_obj *titer_iter(kn_obj *self, kn_err *err) { return kn_incref(self); }

static kn_obj *titer_next(kn_obj *self, kn_err *err) {
    titer_obj *it = (titer_obj *)self;
    tc_tensor *t = kn_tensor_unwrap(it->src);
    if (it->i >= t->shape[0]) return NULL;
    tc_tensor *r = tc_select(t, 0, it->i++, err);
    if (!r) return NULL;
    return kn_is_ndarray(it->src) ? kn__ndarray_result(r, err) : kn_tensor_wrap(r);
}

const kn_type kn__type_tensor_iter = {
    .name = "iterator", .qualname = "iterator", .dealloc = titer_dealloc,
    .iter = titer_iter, .next = titer_next,
};
