/*
 * Argument conversion for the torch/numpy bindings: dtypes, devices and shapes as PyTorch
 * accepts them, keyword-only arguments, nested Python data to tensors (torch.tensor,
 * np.array) and tensors back to nested lists (tolist).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpu/gpu.h"
#include "kernel/torch/torch-impl.h"

const kn__fn *kn__fn_find(const kn__fn *table, const char *name) {
    for (const kn__fn *f = table; f->name; f++)
        if (strcmp(f->name, name) == 0) return f;
    return NULL;
}

int kn__module_add_fns(kn_obj *module, const kn__fn *table, kn_err *err) {
    for (const kn__fn *f = table; f->name; f++) {
        kn_obj *fn = kn_cfunction_new(f->name, f->fn, NULL, f->sig, f->doc);
        if (!fn) return kn_nomem(err);
        kn_module_add(module, f->name, fn);
        kn_decref(fn);
    }
    return 0;
}

static int dir_add(kn_obj *list, const char *name) {
    kn_obj *s = kn_str_from_cstr(name);
    int rc = kn_list_append(list, s);
    kn_decref(s);
    return rc;
}

int kn__dir_add_fns(kn_obj *list, const kn__fn *table) {
    for (const kn__fn *f = table; f->name; f++)
        if (dir_add(list, f->name) < 0) return -1;
    return 0;
}

int kn__dir_add_names(kn_obj *list, const char *const *names) {
    for (; *names; names++)
        if (dir_add(list, *names) < 0) return -1;
    return 0;
}

int kn__kwargs(const kn_args *a, const char *fname, const char *const *names, int n,
               kn_obj **out, kn_err *err) {
    for (int i = 0; i < n; i++) out[i] = NULL;
    for (int k = 0; k < a->nkw; k++) {
        int i = 0;
        while (i < n && strcmp(names[i], a->kwnames[k]) != 0) i++;
        if (i == n)
            return tc_error_set(err, TC_EXC_TYPE, "%s() got an unexpected keyword argument '%s'",
                                fname, a->kwnames[k]);
        out[i] = a->kwvals[k];
    }
    return 0;
}

static bool name_in(const char *s, const char *const *names, int n) {
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], s)) return true;
    return false;
}

int kn__bind_dim(const kn_args *a, const char *fname, const char *const *names, int n, int nreq,
                 kn_obj **out, kn_err *err) {
    bool has_dim = name_in("dim", names, n), has_keep = name_in("keepdim", names, n);
    bool alias = false, stray = false;
    for (int i = 0; i < a->nkw; i++) {
        const char *k = a->kwnames[i];
        bool is_alias = (has_dim && !strcmp(k, "axis")) || (has_keep && !strcmp(k, "keepdims"));
        alias |= is_alias;
        stray |= !is_alias && !name_in(k, names, n);
    }
    if (stray && alias) {
        for (int i = 0; i < a->nkw; i++)
            if (!name_in(a->kwnames[i], names, n))
                return tc_error_set(err, TC_EXC_TYPE, "%s() got an unexpected keyword argument '%s'",
                                    fname, a->kwnames[i]);
    }
    if (!alias || a->nkw > 16) return kn_args_bind(a, fname, names, n, nreq, out, err);
    const char *kwn[16];
    kn_args copy = *a;
    for (int i = 0; i < a->nkw; i++)
        kwn[i] = has_dim && !strcmp(a->kwnames[i], "axis")        ? "dim"
                 : has_keep && !strcmp(a->kwnames[i], "keepdims") ? "keepdim"
                                                                   : a->kwnames[i];
    copy.kwnames = kwn;
    return kn_args_bind(&copy, fname, names, n, nreq, out, err);
}

static const char *py_type_name(kn_obj *o) { return kn_type_name(o); }

int kn__unsupported_dtype(kn_obj *o, const char *fname, kn_err *err) {
    /* torch.uint16/uint32/uint64/float8_*: dtype objects of torch_extras (a Python class named
     * dtype) that tensorcore has no storage for */
    if (!o || kn__is_dtype(o, NULL) || kn_is(o, &kn__type_np_dtype) || kn_is(o, &kn_type_type) ||
        strcmp(kn_type_name(o), "dtype") != 0)
        return 0;
    kn_obj *r = kn_repr(o, err);
    if (!r) return -1;
    tc_error_set(err, TC_EXC_TYPE, "%s%s%s tensors are not supported by this kernel", fname ? fname : "", fname ? "(): " : "",
                 kn_str_cstr(r));
    kn_decref(r);
    return -1;
}

int kn__parse_dtype(kn_obj *o, tc_dtype *out, kn_err *err) {
    if (kn__is_dtype(o, out)) return 0;
    if (kn__unsupported_dtype(o, NULL, err) < 0) return -1;
    tc_dtype dt;
    if (kn_is(o, &kn__type_np_dtype)) {
        *out = ((const kn__dtype_val *)o)->dt;
        return 0;
    }
    if (kn_is(o, &kn_type_type)) {
        const kn_type *t = kn_type_object_type(o);
        if (t == &kn_type_float) { *out = TC_DTYPE_F64; return 0; }
        if (t == &kn_type_int) { *out = TC_DTYPE_I64; return 0; }
        if (t == &kn_type_bool) { *out = TC_DTYPE_BOOL; return 0; }
        if (t == &kn_type_complex) { *out = TC_DTYPE_C128; return 0; }
        for (int i = 0; i < TC_DTYPE_COUNT; i++)
            if (t == &kn__np_scalar_types[i]) { *out = (tc_dtype)i; return 0; }
    }
    if (kn_is(o, &kn_type_str)) {
        const char *s = kn_str_cstr(o);
        if (strcmp(s, "float") == 0 || strcmp(s, "f8") == 0) { *out = TC_DTYPE_F64; return 0; }
        if (strcmp(s, "int") == 0 || strcmp(s, "i8") == 0) { *out = TC_DTYPE_I64; return 0; }
        if (strcmp(s, "f4") == 0) { *out = TC_DTYPE_F32; return 0; }
        if (strcmp(s, "i4") == 0) { *out = TC_DTYPE_I32; return 0; }
        if (strcmp(s, "complex") == 0 || strcmp(s, "c16") == 0) { *out = TC_DTYPE_C128; return 0; }
        if (strcmp(s, "c8") == 0) { *out = TC_DTYPE_C64; return 0; }
        if (tc_dtype_from_name(s, &dt) == 0) { *out = dt; return 0; }
        return tc_error_set(err, TC_EXC_TYPE, "data type '%s' not understood", s);
    }
    return tc_error_set(err, TC_EXC_TYPE, "dtype must be torch.dtype, not %s", py_type_name(o));
}

int kn__parse_device(kn_obj *o, tc_device *out, kn_err *err) {
    char buf[64];
    if (!o || kn_is(o, &kn_type_none)) { *out = tc_device_cpu(); return 0; }
    if (kn_is(o, &kn__type_device)) {
        kn_obj *s = kn_str(o, err);
        if (!s) return -1;
        snprintf(buf, sizeof buf, "%s", kn_str_cstr(s));
        kn_decref(s);
        return tc_device_parse(buf, out, err);
    }
    if (kn_is(o, &kn_type_str)) return tc_device_parse(kn_str_cstr(o), out, err);
    if (kn_is(o, &kn_type_int)) {
        snprintf(buf, sizeof buf, "cuda:%lld", (long long)kn_int_value(o));
        return tc_device_parse(buf, out, err);
    }
    return tc_error_set(err, TC_EXC_TYPE, "device must be torch.device, str or int, not %s",
                        py_type_name(o));
}

int kn__scalar_fits(kn_obj *o, kn_err *err) {
    if (kn_int_is_big(o)) return tc_error_set(err, TC_EXC_OVERFLOW, "int too big to convert");
    return 0;
}

int kn__long_fits(kn_obj *o, kn_err *err) {
    if (kn_int_is_big(o))
        return tc_error_set(err, TC_EXC_VALUE, "Overflow when unpacking long long");
    return 0;
}

static int int_of(kn_obj *o, int64_t *v, kn_err *err) {
    if (kn_is(o, &kn_type_float))
        return tc_error_set(err, TC_EXC_TYPE,
                            "'float' object cannot be interpreted as an integer");
    if (kn__long_fits(o, err) < 0) return -1;
    return kn_to_int64(o, v, err);
}

int kn__shape_of(kn_obj *o, int64_t *shape, int *ndim, kn_err *err) {
    if (kn__is_size(o)) {
        int n;
        const int64_t *d = kn__size_dims(o, &n);
        memcpy(shape, d, sizeof(int64_t) * (size_t)n);
        *ndim = n;
        return 0;
    }
    if (kn_is(o, &kn_type_list) || kn_is(o, &kn_type_tuple)) {
        bool list = kn_is(o, &kn_type_list);
        int64_t n = list ? kn_list_len(o) : kn_tuple_len(o);
        kn_obj **items = list ? kn_list_items(o) : kn_tuple_items(o);
        if (n > TC_MAX_DIMS)
            return tc_error_set(err, TC_EXC_RUNTIME, "too many dimensions (%lld)", (long long)n);
        for (int64_t i = 0; i < n; i++)
            if (int_of(items[i], &shape[i], err) < 0) return -1;
        *ndim = (int)n;
        return 0;
    }
    *ndim = 1;
    return int_of(o, &shape[0], err);
}

int kn__parse_shape(const kn_args *a, int from, int64_t *shape, int *ndim, kn_err *err) {
    int n = a->npos - from;
    if (n == 1 && !kn_is(a->pos[from], &kn_type_int) && !kn_is(a->pos[from], &kn_type_bool))
        return kn__shape_of(a->pos[from], shape, ndim, err);
    if (n > TC_MAX_DIMS) return tc_error_set(err, TC_EXC_RUNTIME, "too many dimensions");
    for (int i = 0; i < n; i++)
        if (int_of(a->pos[from + i], &shape[i], err) < 0) return -1;
    *ndim = n < 0 ? 0 : n;
    return 0;
}

int kn__to_bool(kn_obj *o, bool *out, kn_err *err) {
    int r = kn_truth(o, err);
    if (r < 0) return -1;
    *out = r != 0;
    return 0;
}

int kn__fill_complex(tc_tensor *t, kn_obj *o, kn_err *err) {
    double re, im;
    if (!kn_complex_parts(o, &re, &im)) return 0;
    if (!tc_dtype_is_complex(t->dtype))
        return tc_error_set(err, TC_EXC_RUNTIME, "value cannot be converted to type %s without overflow",
                            t->dtype == TC_DTYPE_F64 ? "double" : tc_dtype_is_float(t->dtype) ? "float"
                            : t->dtype == TC_DTYPE_BOOL ? "bool" : "int64_t");
    return tc_fill_complex_(t, re, im, err) < 0 ? -1 : 1;
}

bool kn__scalar_of_c(kn_obj *o, tc_scalar *out) {
    if (kn_complex_parts(o, &out->v.c.re, &out->v.c.im) || kn__np_scalar_complex(o, &out->v.c.re, &out->v.c.im)) {
        out->kind = TC_SCALAR_COMPLEX;
        return true;
    }
    return kn__scalar_of(o, out);
}

bool kn__scalar_of(kn_obj *o, tc_scalar *out) {
    if (kn_is(o, &kn_type_bool)) {
        out->kind = TC_SCALAR_BOOL;
        out->v.b = kn_int_value(o) != 0;
        return true;
    }
    if (kn_is(o, &kn_type_int)) {
        if (kn_int_is_big(o)) return false;
        out->kind = TC_SCALAR_INT;
        out->v.i = kn_int_value(o);
        return true;
    }
    if (kn_is(o, &kn_type_float)) {
        out->kind = TC_SCALAR_FLOAT;
        out->v.f = kn_float_value(o);
        return true;
    }
    tc_dtype dt;
    if (kn__is_np_scalar(o, &dt) && !tc_dtype_is_complex(dt)) {
        /* NumPy scalars take part in tensor arithmetic as Python numbers do */
        tc_error ignore = {0};
        if (tc_dtype_is_float(dt)) {
            out->kind = TC_SCALAR_FLOAT;
            return kn_to_double(o, &out->v.f, &ignore) == 0;
        }
        int64_t v = 0;
        if (kn_to_int64(o, &v, &ignore) < 0) return false;
        out->kind = dt == TC_DTYPE_BOOL ? TC_SCALAR_BOOL : TC_SCALAR_INT;
        if (dt == TC_DTYPE_BOOL) out->v.b = v != 0;
        else out->v.i = v;
        return true;
    }
    return false;
}

kn_obj *kn__scalar_obj(tc_scalar s) {
    switch (s.kind) {
    case TC_SCALAR_BOOL: return kn_bool_new(s.v.b);
    case TC_SCALAR_INT: return kn_int_new(s.v.i);
    case TC_SCALAR_COMPLEX: return kn_complex_new(s.v.c.re, s.v.c.im);
    default: return kn_float_new(s.v.f);
    }
}

bool kn__binop_to_tc(kn_binop op, tc_binary_op *out) {
    switch (op) {
    case KN_BINOP_ADD: *out = TC_OP_ADD; return true;
    case KN_BINOP_SUB: *out = TC_OP_SUB; return true;
    case KN_BINOP_MUL: *out = TC_OP_MUL; return true;
    case KN_BINOP_TRUEDIV: *out = TC_OP_DIV; return true;
    case KN_BINOP_FLOORDIV: *out = TC_OP_FLOOR_DIV; return true;
    case KN_BINOP_MOD: *out = TC_OP_REM; return true;
    case KN_BINOP_POW: *out = TC_OP_POW; return true;
    case KN_BINOP_AND: *out = TC_OP_BITAND; return true;
    case KN_BINOP_OR: *out = TC_OP_BITOR; return true;
    case KN_BINOP_XOR: *out = TC_OP_BITXOR; return true;
    default: return false;
    }
}

int kn__wrap_dim(int64_t dim, int ndim, int *out, kn_err *err) {
    int64_t n = ndim > 0 ? ndim : 1;
    if (dim < -n || dim >= n)
        return tc_error_set(err, TC_EXC_INDEX,
                            "Dimension out of range (expected to be in range of [%lld, %lld], "
                            "but got %lld)",
                            (long long)-n, (long long)(n - 1), (long long)dim);
    *out = (int)(dim < 0 ? dim + n : dim);
    return 0;
}

/* ---- nested data → tensor ----------------------------------------------------------------- */

typedef struct data_walk {
    int ndim;
    int64_t shape[TC_MAX_DIMS];
    int64_t n, cap;
    tc_scalar *vals;
    bool numpy;
    bool have_dtype; /* the promoted dtype of the elements seen so far */
    tc_dtype dtype;
    bool big; /* an int beyond int64 was seen (stored as its float value) */
} data_walk;

/* Fold one element's dtype into the inferred result (PyTorch's or NumPy's promotion). */
static void note_dtype(data_walk *w, tc_dtype dt) {
    if (!w->have_dtype) {
        w->dtype = dt;
        w->have_dtype = true;
    } else if (dt != w->dtype) {
        w->dtype = w->numpy ? kn__np_promote(w->dtype, dt) : tc_dtype_promote(w->dtype, dt);
    }
}

static bool is_seq(kn_obj *o) { return kn_is(o, &kn_type_list) || kn_is(o, &kn_type_tuple); }

static int64_t seq_len(kn_obj *o) {
    return kn_is(o, &kn_type_list) ? kn_list_len(o) : kn_tuple_len(o);
}

static kn_obj **seq_items(kn_obj *o) {
    return kn_is(o, &kn_type_list) ? kn_list_items(o) : kn_tuple_items(o);
}

static int infer_shape(data_walk *w, kn_obj *o, kn_err *err) {
    while (is_seq(o)) {
        if (w->ndim == TC_MAX_DIMS) return tc_error_set(err, TC_EXC_VALUE, "too many dimensions");
        int64_t n = seq_len(o);
        w->shape[w->ndim++] = n;
        if (n == 0) return 0;
        o = seq_items(o)[0];
    }
    tc_tensor *t = kn_tensor_unwrap(o);
    if (t && t->ndim > 0 && w->numpy) {
        if (w->ndim + t->ndim > TC_MAX_DIMS)
            return tc_error_set(err, TC_EXC_VALUE, "too many dimensions");
        for (int i = 0; i < t->ndim; i++) w->shape[w->ndim++] = t->shape[i];
    }
    return 0;
}

static int push_val(data_walk *w, tc_scalar s, kn_err *err) {
    if (w->n == w->cap) {
        int64_t cap = w->cap ? w->cap * 2 : 64;
        tc_scalar *v = tc_realloc(w->vals, sizeof(tc_scalar) * (size_t)cap);
        if (!v) return kn_nomem(err);
        w->vals = v;
        w->cap = cap;
    }
    w->vals[w->n++] = s;
    return 0;
}

/* A Python number: its default dtype (float: torch's default dtype, float64 for NumPy). */
static int push_number(data_walk *w, tc_scalar s, kn_err *err) {
    note_dtype(w, s.kind == TC_SCALAR_BOOL ? TC_DTYPE_BOOL
                  : s.kind == TC_SCALAR_INT ? TC_DTYPE_I64
                  : s.kind == TC_SCALAR_COMPLEX ? (w->numpy ? TC_DTYPE_C128 : tc_default_complex())
                  : w->numpy ? TC_DTYPE_F64 : tc_default_float());
    return push_val(w, s, err);
}

static int push_tensor(data_walk *w, tc_tensor *t, kn_err *err) {
    tc_tensor *c = tc_to(t, t->dtype, tc_device_cpu(), ".tolist()", err);
    if (!c) return -1;
    tc_tensor *cc = tc_contiguous(c, err);
    tc_tensor_unref(c);
    if (!cc) return -1;
    const char *p = tc_data_ptr(cc);
    size_t es = tc_dtype_size(cc->dtype);
    int64_t n = tc_numel(cc);
    int rc = 0;
    note_dtype(w, cc->dtype);
    for (int64_t i = 0; i < n && rc == 0; i++) {
        tc_scalar s;
        if (cc->dtype == TC_DTYPE_BOOL) {
            s.kind = TC_SCALAR_BOOL;
            s.v.b = tc_load_i64(p + i * (int64_t)es, cc->dtype) != 0;
        } else if (tc_dtype_is_complex(cc->dtype)) {
            s.kind = TC_SCALAR_COMPLEX;
            tc_load_c128(p + i * (int64_t)es, cc->dtype, &s.v.c.re, &s.v.c.im);
        } else if (tc_dtype_is_float(cc->dtype)) {
            s.kind = TC_SCALAR_FLOAT;
            s.v.f = tc_load_f64(p + i * (int64_t)es, cc->dtype);
        } else {
            s.kind = TC_SCALAR_INT;
            s.v.i = tc_load_i64(p + i * (int64_t)es, cc->dtype);
        }
        rc = push_val(w, s, err);
    }
    tc_tensor_unref(cc);
    return rc;
}

/* The ragged-data error: PyTorch's words, or NumPy 2's for np.array. */
static int ragged(const data_walk *w, int depth, int64_t got, kn_err *err) {
    if (!w->numpy)
        return tc_error_set(err, TC_EXC_VALUE, "expected sequence of length %lld at dim %d (got %lld)",
                            (long long)w->shape[depth], depth, (long long)got);
    char shape[256];
    size_t len = (size_t)snprintf(shape, sizeof shape, "(");
    for (int i = 0; i < depth && len < sizeof shape; i++)
        len += (size_t)snprintf(shape + len, sizeof shape - len, "%lld%s", (long long)w->shape[i],
                                depth == 1 ? "," : i + 1 < depth ? ", " : "");
    snprintf(shape + (len < sizeof shape ? len : sizeof shape - 1),
             sizeof shape - (len < sizeof shape ? len : sizeof shape - 1), ")");
    return tc_error_set(err, TC_EXC_VALUE,
                        "setting an array element with a sequence. The requested array has an "
                        "inhomogeneous shape after %d dimensions. The detected shape was %s + "
                        "inhomogeneous part.", depth, shape);
}

static int walk(data_walk *w, kn_obj *o, int depth, kn_err *err) {
    if (is_seq(o)) {
        if (depth >= w->ndim) {
            return tc_error_set(err, TC_EXC_VALUE,
                                "expected sequence of length %lld at dim %d (got %lld)",
                                (long long)(depth > 0 ? w->shape[depth - 1] : 0), depth - 1,
                                (long long)seq_len(o));
        }
        int64_t n = seq_len(o);
        if (n != w->shape[depth]) return ragged(w, depth, n, err);
        kn_obj **items = seq_items(o);
        for (int64_t i = 0; i < n; i++) {
            /* torch.tensor() of a 3e7-item list: interruptible as any long loop */
            if ((i & 0xffff) == 0xffff && tc_interrupt_check(err) < 0) return -1;
            if (walk(w, items[i], depth + 1, err) < 0) return -1;
        }
        return 0;
    }
    tc_tensor *t = kn_tensor_unwrap(o);
    if (t && !w->numpy) {
        /* PyTorch reads tensors inside data as scalars */
        if (depth != w->ndim) return tc_error_set(err, TC_EXC_TYPE, "not a sequence");
        if (tc_numel(t) != 1)
            return tc_error_set(err, TC_EXC_VALUE,
                                "only one element tensors can be converted to Python scalars");
        return push_tensor(w, t, err);
    }
    if (t) {
        if (t->ndim != w->ndim - depth)
            return tc_error_set(err, TC_EXC_VALUE,
                                "only one element tensors can be converted to Python scalars");
        for (int i = 0; i < t->ndim; i++)
            if (t->shape[i] != w->shape[depth + i])
                return tc_error_set(err, TC_EXC_VALUE,
                                    "expected sequence of length %lld at dim %d (got %lld)",
                                    (long long)w->shape[depth + i], depth + i,
                                    (long long)t->shape[i]);
        return push_tensor(w, t, err);
    }
    if (depth != w->ndim && w->numpy) return ragged(w, depth, 0, err);
    if (depth != w->ndim) return tc_error_set(err, TC_EXC_TYPE, "not a sequence");
    tc_scalar s;
    tc_dtype ndt;
    if (kn__is_np_scalar(o, &ndt) && (tc_dtype_is_complex(ndt) ? kn__scalar_of_c(o, &s) : kn__scalar_of(o, &s))) {
        note_dtype(w, ndt); /* NumPy scalars carry their dtype */
        return push_val(w, s, err);
    }
    if (kn__scalar_of_c(o, &s)) return push_number(w, s, err);
    if (kn_int_is_big(o)) { /* fine for a float result (PyTorch converts through double) */
        if (w->numpy)
            return tc_error_set(err, TC_EXC_OVERFLOW, "Python int too large to convert to C long");
        s.kind = TC_SCALAR_FLOAT;
        if (kn_to_double(o, &s.v.f, err) < 0) return -1;
        w->big = true;
        note_dtype(w, TC_DTYPE_I64);
        return push_val(w, s, err);
    }
    return tc_error_set(err, TC_EXC_TYPE,
                        "new(): invalid data type '%s'", kn_type_name(o));
}

static const char *c_type_name(tc_dtype dt) {
    switch (dt) {
    case TC_DTYPE_U8: return "uint8_t";
    case TC_DTYPE_I8: return "int8_t";
    case TC_DTYPE_I16: return "int16_t";
    case TC_DTYPE_I32: return "int";
    default: return "int64_t";
    }
}

/* Does float v convert to integral dt without overflow (c10's overflows: NaN never does)? */
bool kn__float_fits(double v, tc_dtype dt) {
    if (tc_dtype_kind_of(dt) != TC_KIND_INT) return true;
    if (v != v) return false;
    switch (dt) {
    case TC_DTYPE_U8: return v >= 0 && v <= 255;
    case TC_DTYPE_I8: return v >= -128 && v <= 127;
    case TC_DTYPE_I16: return v >= -32768 && v <= 32767;
    case TC_DTYPE_I32: return v >= INT32_MIN && v <= INT32_MAX;
    default: return v >= -9223372036854775808.0 && v <= 9223372036854775807.0;
    }
}

static const char *c_type_name(tc_dtype dt);

/* A fill value (full, fill_, t[i] = v) as Scalar::to<T>: PyTorch's overflow error. */
int kn__check_fill(double v, tc_dtype dt, kn_err *err) {
    if (kn__float_fits(v, dt)) return 0;
    return tc_error_set(err, TC_EXC_RUNTIME, "value cannot be converted to type %s without overflow",
                        c_type_name(dt));
}

static bool int_fits(int64_t v, tc_dtype dt) {
    switch (dt) {
    case TC_DTYPE_U8: return v >= 0 && v <= 255;
    case TC_DTYPE_I8: return v >= -128 && v <= 127;
    case TC_DTYPE_I16: return v >= -32768 && v <= 32767;
    case TC_DTYPE_I32: return v >= INT32_MIN && v <= INT32_MAX;
    default: return true;
    }
}

static int store_vals(const data_walk *w, tc_dtype dt, char *buf, kn_err *err) {
    size_t es = tc_dtype_size(dt);
    for (int64_t i = 0; i < w->n; i++) {
        tc_scalar s = w->vals[i];
        void *p = buf + (size_t)i * es;
        if (s.kind == TC_SCALAR_COMPLEX) {
            /* PyTorch converts through the element type's constructor: a complex number
             * has no real or integral value */
            if (!tc_dtype_is_complex(dt))
                return tc_error_set(err, TC_EXC_TYPE, tc_dtype_is_float(dt)
                                                          ? "must be real number, not complex"
                                                          : "'complex' object cannot be interpreted as an integer");
            tc_store_c128(p, dt, s.v.c.re, s.v.c.im);
            continue;
        }
        if (s.kind == TC_SCALAR_FLOAT) {
            if (!w->numpy && !kn__float_fits(s.v.f, dt))
                return tc_error_set(err, TC_EXC_RUNTIME,
                                    "value cannot be converted to type %s without overflow",
                                    tc_dtype_name(dt));
            tc_store_f64(p, dt, s.v.f);
            continue;
        }
        int64_t v = s.kind == TC_SCALAR_BOOL ? s.v.b : s.v.i;
        if (tc_dtype_kind_of(dt) == TC_KIND_INT && !int_fits(v, dt)) {
            if (w->numpy)
                return tc_error_set(err, TC_EXC_OVERFLOW,
                                    "Python integer %lld out of bounds for %s", (long long)v,
                                    tc_dtype_name(dt));
            return tc_error_set(err, TC_EXC_RUNTIME,
                                "value cannot be converted to type %s without overflow",
                                c_type_name(dt));
        }
        if (tc_dtype_is_float(dt)) tc_store_f64(p, dt, (double)v);
        else tc_store_i64(p, dt, v);
    }
    return 0;
}

static tc_dtype inferred_dtype(const data_walk *w) {
    if (w->have_dtype) return w->dtype;
    return w->numpy ? TC_DTYPE_F64 : tc_default_float(); /* empty data */
}

static tc_tensor *copy_tensor(tc_tensor *src, const tc_dtype *dtype, kn_err *err) {
    tc_tensor *d = tc_detach(src, err);
    if (!d) return NULL;
    tc_tensor *c = tc_clone(d, err);
    tc_tensor_unref(d);
    if (!c || !dtype || *dtype == c->dtype) return c;
    tc_tensor *r = tc_to(c, *dtype, c->device, ".to()", err);
    tc_tensor_unref(c);
    return r;
}

tc_tensor *kn__tensor_from_data(kn_obj *data, const tc_dtype *dtype, bool numpy_rules,
                                kn_err *err) {
    tc_tensor *src = kn_tensor_unwrap(data);
    if (src) return copy_tensor(src, dtype, err);
    data_walk w = {0};
    w.numpy = numpy_rules;
    if (infer_shape(&w, data, err) < 0 || walk(&w, data, 0, err) < 0) {
        tc_free(w.vals);
        return NULL;
    }
    tc_dtype dt = dtype ? *dtype : inferred_dtype(&w);
    if (w.big && !tc_dtype_is_float(dt)) {
        tc_free(w.vals);
        tc_error_set(err, TC_EXC_VALUE, "Overflow when unpacking long long");
        return NULL;
    }
    char *buf = tc_malloc((size_t)(w.n ? w.n : 1) * tc_dtype_size(dt));
    tc_tensor *t = NULL;
    if (!buf) kn_nomem(err);
    else if (store_vals(&w, dt, buf, err) == 0)
        t = tc_from_buffer(buf, dt, w.shape, w.ndim, tc_device_cpu(), err);
    tc_free(buf);
    tc_free(w.vals);
    return t;
}

tc_tensor *kn__as_tensor(kn_obj *o, const tc_tensor *like, kn_err *err) {
    tc_tensor *t = kn_tensor_unwrap(o);
    if (t) return tc_tensor_ref(t);
    tc_scalar s;
    if (kn__scalar_fits(o, err) < 0) return NULL;
    if (kn_complex_parts(o, &s.v.c.re, &s.v.c.im)) { /* a Python complex: complex64 as PyTorch's default */
        tc_dtype cdt = like && tc_dtype_is_complex(like->dtype) ? like->dtype : TC_DTYPE_C64;
        tc_tensor *r = tc_empty(NULL, 0, cdt, like ? like->device : tc_device_cpu(), err);
        if (r && tc_fill_complex_(r, s.v.c.re, s.v.c.im, err) < 0) {
            tc_tensor_unref(r);
            return NULL;
        }
        return r;
    }
    if (!kn__scalar_of(o, &s)) {
        if (!is_seq(o))
            return tc_error_set(err, TC_EXC_TYPE, "expected Tensor as element, but got %s",
                                kn_type_name(o)),
                   NULL;
        return kn__tensor_from_data(o, NULL, false, err);
    }
    tc_dtype dt = s.kind == TC_SCALAR_BOOL ? TC_DTYPE_BOOL
                  : s.kind == TC_SCALAR_INT ? TC_DTYPE_I64 : tc_default_float();
    if (like) {
        tc_dtype_kind lk = tc_dtype_kind_of(like->dtype);
        int sk = s.kind == TC_SCALAR_BOOL ? 0 : s.kind == TC_SCALAR_INT ? 1 : 2;
        int lki = lk == TC_KIND_BOOL ? 0 : lk == TC_KIND_INT ? 1 : 2;
        if (sk <= lki) dt = like->dtype;
    }
    int64_t shape[1] = {0};
    double v = s.kind == TC_SCALAR_FLOAT ? s.v.f : s.kind == TC_SCALAR_INT ? (double)s.v.i : s.v.b;
    tc_device dev = like ? like->device : tc_device_cpu();
    return tc_full(shape, 0, v, dt, dev, err);
}

/* ---- tensor → nested lists ------------------------------------------------------------------ */

kn_obj *kn__elem_obj(const void *p, tc_dtype dt) {
    if (dt == TC_DTYPE_BOOL) return kn_bool_new(tc_load_i64(p, dt) != 0);
    if (tc_dtype_is_complex(dt)) {
        double re, im;
        tc_load_c128(p, dt, &re, &im);
        return kn_complex_new(re, im);
    }
    if (tc_dtype_is_float(dt)) return kn_float_new(tc_load_f64(p, dt));
    return kn_int_new(tc_load_i64(p, dt));
}

static kn_obj *tolist_rec(const tc_tensor *t, const char *p, int d) {
    if (d == t->ndim) return kn__elem_obj(p, t->dtype);
    int64_t n = t->shape[d];
    kn_obj *list = kn_list_new(n);
    if (!list) return NULL;
    int64_t step = t->strides[d] * (int64_t)tc_dtype_size(t->dtype);
    for (int64_t i = 0; i < n; i++) {
        kn_obj *item = tolist_rec(t, p + i * step, d + 1);
        if (!item) {
            kn_decref(list);
            return NULL;
        }
        kn_list_set(list, i, item);
    }
    return list;
}

kn_obj *kn__tolist(tc_tensor *t, const char *cause, kn_err *err) {
    if (t->layout != TC_LAYOUT_STRIDED)
        return tc_error_set(err, TC_EXC_RUNTIME, "tolist() is not supported for sparse tensors"),
               NULL;
    tc_tensor *c = tc_to(t, t->dtype, tc_device_cpu(), cause, err);
    if (!c) return NULL;
    kn_obj *r = tolist_rec(c, tc_data_ptr(c), 0);
    tc_tensor_unref(c);
    if (!r) kn_nomem(err);
    return r;
}
