/*
 * numpy.ndarray as an interpreter value, plus NumPy scalars (numpy.float32, ...), NumPy
 * dtype objects and the flags object. An ndarray wraps a tc_tensor that views the same
 * storage as the tensor it came from, so writes are seen both ways; strides are reported
 * in bytes as NumPy does. Arithmetic follows NumPy 2's promotion (NEP 50): a Python float
 * with an int array gives float64, int / int gives float64, int32 with float32 float64.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/torch/torch-impl.h"

#define KN_STATIC_REFCNT (INT64_C(1) << 40)
#define NARGS(names) ((int)(sizeof(names) / sizeof(*(names))))

static tc_tensor *T(kn_obj *o) { return ((kn_tensor_obj *)o)->t; }
static bool absent(kn_obj *o) { return !o || kn_is(o, &kn_type_none); }
static kn_obj *notimpl(void) { return kn_incref(kn_notimpl()); }

kn_obj *kn__ndarray_view(tc_tensor *t, bool owndata, kn_err *err) {
    tc_tensor *v = tc_tensor_from_storage(tc_tensor_storage(t), t->dtype, t->shape, t->strides,
                                          t->ndim, t->offset, err);
    kn_obj *o = v ? kn_ndarray_wrap(v) : NULL;
    if (o) ((kn_tensor_obj *)o)->owndata = owndata;
    return o;
}

/* A fresh array (owning its data) from a new tensor; steals t. */
static kn_obj *owned_array(tc_tensor *t) {
    kn_obj *o = t ? kn_ndarray_wrap(t) : NULL;
    if (o) ((kn_tensor_obj *)o)->owndata = true;
    return o;
}

kn_obj *kn__ndarray_result(tc_tensor *r, kn_err *err) {
    if (!r) return NULL;
    if (r->ndim > 0) return kn_ndarray_wrap(r);
    tc_tensor *c = tc_contiguous(r, err);
    tc_tensor_unref(r);
    if (!c) return NULL;
    kn_obj *s = kn__np_scalar_new(tc_data_ptr(c), c->dtype, err);
    tc_tensor_unref(c);
    return s;
}

/* ---- NumPy dtype objects ------------------------------------------------------------------- */

static kn__dtype_val np_dtypes[TC_DTYPE_COUNT] = {
#define NPDT(id, ct, sz, kind, tn, nn, cn) \
    [TC_DTYPE_##id] = {{KN_STATIC_REFCNT, &kn__type_np_dtype}, TC_DTYPE_##id},
    TC_DTYPE_LIST(NPDT)
#undef NPDT
};

kn_obj *kn__np_dtype_obj(tc_dtype dt) { return &np_dtypes[dt].base; }

static const char *np_name(tc_dtype dt) {
    const char *n = tc_dtype_numpy_name(dt);
    return n ? n : tc_dtype_name(dt);
}

static kn_obj *npdtype_str(kn_obj *self, kn_err *err) {
    return kn_str_from_cstr(np_name(((kn__dtype_val *)self)->dt));
}

static kn_obj *npdtype_repr(kn_obj *self, kn_err *err) {
    return kn_str_printf("dtype('%s')", np_name(((kn__dtype_val *)self)->dt));
}

static char np_kind(tc_dtype dt) {
    if (dt == TC_DTYPE_BOOL) return 'b';
    if (dt == TC_DTYPE_U8) return 'u';
    return tc_dtype_is_complex(dt) ? 'c' : tc_dtype_is_float(dt) ? 'f' : 'i';
}

static kn_obj *npdtype_getattr(kn_obj *self, const char *name, kn_err *err) {
    tc_dtype dt = ((kn__dtype_val *)self)->dt;
    if (!strcmp(name, "name")) return kn_str_from_cstr(np_name(dt));
    if (!strcmp(name, "itemsize")) return kn_int_new((int64_t)tc_dtype_size(dt));
    if (!strcmp(name, "kind")) return kn_str_printf("%c", np_kind(dt));
    if (!strcmp(name, "type")) return kn_incref(kn_type_object(&kn__np_scalar_types[dt]));
    if (!strcmp(name, "char")) {
        static const char chars[TC_DTYPE_COUNT] = {'?', 'B', 'b', 'h', 'i', 'l', 'e', 'E', 'f', 'd', 'F', 'D'};
        return kn_str_printf("%c", chars[dt]);
    }
    return NULL;
}

static kn_obj *npdtype_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (op != KN_CMP_EQ && op != KN_CMP_NE) return notimpl();
    kn_obj *other = kn_is(a, &kn__type_np_dtype) ? b : a;
    kn_obj *self = other == b ? a : b;
    tc_dtype dt;
    tc_error ignore = {0};
    bool eq = kn__parse_dtype(other, &dt, &ignore) == 0 &&
              !kn_is(other, &kn__type_dtype) && dt == ((kn__dtype_val *)self)->dt;
    return kn_bool_new(op == KN_CMP_EQ ? eq : !eq);
}

static int npdtype_hash(kn_obj *self, int64_t *out, kn_err *err) {
    *out = ((kn__dtype_val *)self)->dt + 7;
    return 0;
}

static kn_obj *npdtype_construct(const kn_type *type, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dtype"};
    kn_obj *v[1];
    tc_dtype dt;
    if (kn_args_bind(a, "dtype", names, 1, 1, v, err) < 0) return NULL;
    if (absent(v[0])) return kn_incref(kn__np_dtype_obj(TC_DTYPE_F64));
    if (kn__parse_dtype(v[0], &dt, err) < 0) return NULL;
    return kn_incref(kn__np_dtype_obj(dt));
}

const kn_type kn__type_np_dtype = {
    .name = "dtype", .qualname = "numpy.dtype", .doc = "dtype(dtype, align=False, copy=False)",
    .repr = npdtype_repr, .str = npdtype_str, .getattr = npdtype_getattr,
    .compare = npdtype_compare, .hash = npdtype_hash, .construct = npdtype_construct,
};

/* ---- NumPy scalars --------------------------------------------------------------------------- */

typedef struct npscalar {
    kn_obj base;
    tc_dtype dt;
    _Alignas(16) unsigned char bits[16]; /* one element of dt (up to complex128), little-endian in place */
} npscalar;

bool kn__is_np_scalar(const kn_obj *o, tc_dtype *dt) {
    if (!o) return false;
    for (int i = 0; i < TC_DTYPE_COUNT; i++)
        if (o->type == &kn__np_scalar_types[i]) {
            if (dt) *dt = (tc_dtype)i;
            return true;
        }
    return false;
}

bool kn__np_scalar_complex(const kn_obj *o, double *re, double *im) {
    tc_dtype dt;
    if (!kn__is_np_scalar(o, &dt) || !tc_dtype_is_complex(dt)) return false;
    const npscalar *s = (const npscalar *)o;
    if (dt == TC_DTYPE_C64) {
        float f[2];
        memcpy(f, s->bits, sizeof f);
        *re = f[0];
        *im = f[1];
    } else {
        double d[2];
        memcpy(d, s->bits, sizeof d);
        *re = d[0];
        *im = d[1];
    }
    return true;
}

kn_obj *kn__np_scalar_new(const void *p, tc_dtype dt, kn_err *err) {
    npscalar *s = (npscalar *)kn_obj_alloc(&kn__np_scalar_types[dt], sizeof(npscalar), err);
    if (!s) return NULL;
    s->dt = dt;
    memcpy(&s->bits, p, tc_dtype_size(dt));
    return &s->base;
}

static kn_obj *npscalar_format(kn_obj *self, bool repr, kn_err *err) {
    npscalar *s = (npscalar *)self;
    tc_strbuf b = {0};
    if (tc_format_numpy_scalar(&s->bits, s->dt, repr, &b, err) < 0) {
        tc_strbuf_free(&b);
        return NULL;
    }
    kn_obj *r = kn_str_new(b.data ? b.data : "", b.len);
    tc_strbuf_free(&b);
    return r;
}

static kn_obj *npscalar_repr(kn_obj *self, kn_err *err) { return npscalar_format(self, true, err); }
static kn_obj *npscalar_str(kn_obj *self, kn_err *err) { return npscalar_format(self, false, err); }

static int npscalar_to_float(kn_obj *self, double *out, kn_err *err) {
    npscalar *s = (npscalar *)self;
    *out = tc_load_f64(&s->bits, s->dt);
    return 0;
}

static int npscalar_to_int(kn_obj *self, int64_t *out, kn_err *err) {
    npscalar *s = (npscalar *)self;
    *out = tc_load_i64(&s->bits, s->dt);
    return 0;
}

static int npscalar_truth(kn_obj *self, kn_err *err) {
    npscalar *s = (npscalar *)self;
    return tc_load_f64(&s->bits, s->dt) != 0;
}

static int npscalar_hash(kn_obj *self, int64_t *out, kn_err *err) {
    kn_obj *py = kn__elem_obj(&((npscalar *)self)->bits, ((npscalar *)self)->dt);
    int rc = kn_hash(py, out, err);
    kn_decref(py);
    return rc;
}

/* A 0-d array view of a scalar (for arithmetic through the array rules). */
static kn_obj *scalar_as_array(kn_obj *o, kn_err *err) {
    npscalar *s = (npscalar *)o;
    tc_tensor *t = tc_from_buffer(&s->bits, s->dt, NULL, 0, tc_device_cpu(), err);
    return t ? kn_ndarray_wrap(t) : NULL;
}

static kn_obj *npscalar_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err);
static kn_obj *npscalar_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err);
static kn_obj *npscalar_unop(kn_unop op, kn_obj *a, kn_err *err);
static kn_obj *npscalar_getattr(kn_obj *self, const char *name, kn_err *err);
static kn_obj *npscalar_construct(const kn_type *type, const kn_args *a, kn_err *err);

/* format(np.float64(x), spec) formats the Python float (or int, bool) the scalar holds. */
static kn_obj *npscalar_format_spec(kn_obj *self, const char *spec, kn_err *err) {
    if (!*spec) return kn_str(self, err);
    npscalar *s = (npscalar *)self;
    kn_obj *v = tc_dtype_is_float(s->dt)   ? kn_float_new(tc_load_f64(&s->bits, s->dt))
                : s->dt == TC_DTYPE_BOOL ? kn_bool_new(tc_load_i64(&s->bits, s->dt) != 0)
                                         : kn_int_new(tc_load_i64(&s->bits, s->dt));
    kn_obj *r = v ? kn_format_value(v, spec, err) : NULL;
    kn_decref(v);
    return r;
}

/* NumPy's abstract scalar classes (np.generic, np.integer, np.floating, ...): each scalar type
 * derives from the one its kind names, so isinstance(np.int64(3), np.integer) holds. */
static kn_obj *npabstract_construct(const kn_type *type, const kn_args *a, kn_err *err) {
    tc_error_set(err, TC_EXC_TYPE, "cannot create '%s' instances", type->qualname);
    return NULL;
}
#define NP_ABSTRACT(ix, pyname, parent)                                                         \
    [ix] = {.name = "numpy." pyname, .qualname = "numpy." pyname, .doc = "Abstract base class of NumPy scalar types.", \
            .construct = npabstract_construct, .base = parent}
const kn_type kn__np_abstract_types[KN__NP_ABSTRACT_COUNT] = {
    NP_ABSTRACT(KN__NP_GENERIC, "generic", NULL),
    NP_ABSTRACT(KN__NP_NUMBER, "number", &kn__np_abstract_types[KN__NP_GENERIC]),
    NP_ABSTRACT(KN__NP_INTEGER, "integer", &kn__np_abstract_types[KN__NP_NUMBER]),
    NP_ABSTRACT(KN__NP_SIGNED, "signedinteger", &kn__np_abstract_types[KN__NP_INTEGER]),
    NP_ABSTRACT(KN__NP_UNSIGNED, "unsignedinteger", &kn__np_abstract_types[KN__NP_INTEGER]),
    NP_ABSTRACT(KN__NP_INEXACT, "inexact", &kn__np_abstract_types[KN__NP_NUMBER]),
    NP_ABSTRACT(KN__NP_FLOATING, "floating", &kn__np_abstract_types[KN__NP_INEXACT]),
    NP_ABSTRACT(KN__NP_COMPLEX, "complexfloating", &kn__np_abstract_types[KN__NP_INEXACT]),
};
#undef NP_ABSTRACT
#define NP_SCALAR_BASE(id, kind)                                                            \
    (TC_DTYPE_##id == TC_DTYPE_U8   ? &kn__np_abstract_types[KN__NP_UNSIGNED]               \
     : kind == TC_KIND_INT          ? &kn__np_abstract_types[KN__NP_SIGNED]                 \
     : kind == TC_KIND_FLOAT        ? &kn__np_abstract_types[KN__NP_FLOATING]               \
     : kind == TC_KIND_COMPLEX      ? &kn__np_abstract_types[KN__NP_COMPLEX]                \
                                    : &kn__np_abstract_types[KN__NP_GENERIC])

#define NP_SCALAR_TYPE(id, ct, sz, kind, tn, nn, cn)                                          \
    [TC_DTYPE_##id] = {                                                                     \
        .name = nn[0] ? "numpy." nn : "numpy." tn,                                          \
        .qualname = nn[0] ? "numpy." nn : "numpy." tn,                                     \
        .doc = "A NumPy scalar.", .repr = npscalar_repr, .str = npscalar_str,               \
        .getattr = npscalar_getattr, .binop = npscalar_binop, .unop = npscalar_unop,        \
        .compare = npscalar_compare, .truth = npscalar_truth, .hash = npscalar_hash,        \
        .to_int = npscalar_to_int, .to_float = npscalar_to_float,                           \
        .construct = npscalar_construct, .format = npscalar_format_spec,                    \
        .base = NP_SCALAR_BASE(id, kind),                                                   \
    },
const kn_type kn__np_scalar_types[TC_DTYPE_COUNT] = {TC_DTYPE_LIST(NP_SCALAR_TYPE)};
#undef NP_SCALAR_TYPE

static kn_obj *ndarray_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err);
static kn_obj *ndarray_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err);
static kn_obj *ndarray_unop(kn_unop op, kn_obj *a, kn_err *err);

/* Run an array operation with scalar operands lifted to 0-d arrays. */
static kn_obj *lift2(kn_obj **a, kn_obj **b, kn_err *err) {
    tc_dtype dt;
    if (kn__is_np_scalar(*a, &dt)) *a = scalar_as_array(*a, err);
    else kn_incref(*a);
    if (!*a) return NULL;
    if (kn__is_np_scalar(*b, &dt)) *b = scalar_as_array(*b, err);
    else kn_incref(*b);
    if (!*b) {
        kn_decref(*a);
        return NULL;
    }
    return *a;
}

static kn_obj *npscalar_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (kn_is_tensor(a) || kn_is_tensor(b)) return notimpl();
    if (!lift2(&a, &b, err)) return NULL;
    kn_obj *r = ndarray_binop(op, a, b, err);
    kn_decref(a);
    kn_decref(b);
    return r;
}

static kn_obj *npscalar_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (kn_is_tensor(a) || kn_is_tensor(b)) return notimpl();
    if (!lift2(&a, &b, err)) return NULL;
    kn_obj *r = ndarray_compare(op, a, b, err);
    kn_decref(a);
    kn_decref(b);
    return r;
}

static kn_obj *npscalar_unop(kn_unop op, kn_obj *a, kn_err *err) {
    kn_obj *arr = scalar_as_array(a, err);
    if (!arr) return NULL;
    kn_obj *r = ndarray_unop(op, arr, err);
    kn_decref(arr);
    return r;
}

static kn_obj *npscalar_item(kn_obj *self, const kn_args *a, kn_err *err) {
    return kn__elem_obj(&((npscalar *)self)->bits, ((npscalar *)self)->dt);
}

static kn_obj *npscalar_getattr(kn_obj *self, const char *name, kn_err *err) {
    npscalar *s = (npscalar *)self;
    if (!strcmp(name, "dtype")) return kn_incref(kn__np_dtype_obj(s->dt));
    if (!strcmp(name, "item") || !strcmp(name, "tolist"))
        return kn_cfunction_new(name, npscalar_item, self, "()",
                                "Copy an element of an array to a standard Python scalar and return it.");
    if (!strcmp(name, "shape")) return kn_tuple_new(0);
    if (!strcmp(name, "ndim")) return kn_int_new(0);
    if (!strcmp(name, "itemsize")) return kn_int_new((int64_t)tc_dtype_size(s->dt));
    return NULL;
}

static kn_obj *npscalar_construct(const kn_type *type, const kn_args *a, kn_err *err) {
    tc_dtype dt = (tc_dtype)(type - kn__np_scalar_types);
    _Alignas(16) unsigned char bits[16] = {0};
    if (a->npos > 1 || a->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "%s() takes at most 1 argument", type->name);
        return NULL;
    }
    if (a->npos == 1) {
        kn_obj *x = a->pos[0];
        if (kn_tensor_unwrap(x)) {
            tc_tensor *c = tc_to(kn_tensor_unwrap(x), dt, tc_device_cpu(), ".to()", err);
            if (!c) return NULL;
            kn_obj *r = kn_is_ndarray(x) && c->ndim ? owned_array(c) : kn__ndarray_result(c, err);
            return r;
        }
        tc_scalar s;
        double d;
        if (tc_dtype_is_complex(dt) && kn__scalar_of_c(x, &s)) { /* np.complex128(1+2j) */
            double re = s.kind == TC_SCALAR_COMPLEX ? s.v.c.re : s.kind == TC_SCALAR_FLOAT ? s.v.f
                        : s.kind == TC_SCALAR_INT ? (double)s.v.i : (double)s.v.b;
            double im = s.kind == TC_SCALAR_COMPLEX ? s.v.c.im : 0.0;
            if (dt == TC_DTYPE_C64) {
                float f2[2] = {(float)re, (float)im};
                memcpy(bits, f2, sizeof f2);
            } else {
                double d2[2] = {re, im};
                memcpy(bits, d2, sizeof d2);
            }
            return kn__np_scalar_new(&bits, dt, err);
        }
        if (kn_int_is_big(x) && !tc_dtype_is_float(dt)) {
            tc_error_set(err, TC_EXC_OVERFLOW, "Python int too large to convert to C long");
            return NULL;
        }
        if (kn__scalar_of(x, &s) && s.kind != TC_SCALAR_FLOAT && !tc_dtype_is_float(dt))
            tc_store_i64(&bits, dt, s.kind == TC_SCALAR_INT ? s.v.i : s.v.b);
        else if (kn_to_double(x, &d, err) == 0)
            tc_store_f64(&bits, dt, d);
        else
            return NULL;
    }
    return kn__np_scalar_new(&bits, dt, err);
}

/* ---- flags --------------------------------------------------------------------------------- */

typedef struct flags_obj {
    kn_obj base;
    bool c, f, w, own;
} flags_obj;

static bool f_contiguous(const tc_tensor *t) {
    int64_t expect = 1;
    for (int i = 0; i < t->ndim; i++) {
        if (t->shape[i] == 0) return true;
        if (t->shape[i] != 1 && t->strides[i] != expect) return false;
        expect *= t->shape[i];
    }
    return true;
}

static kn_obj *flags_new(kn_obj *arr, kn_err *err) {
    flags_obj *f = (flags_obj *)kn_obj_alloc(&kn__type_np_flags, sizeof(flags_obj), err);
    if (!f) return NULL;
    tc_tensor *t = T(arr);
    f->c = tc_is_contiguous(t);
    f->f = f_contiguous(t);
    f->w = true;
    f->own = ((kn_tensor_obj *)arr)->owndata;
    return &f->base;
}

static int flag_index(const char *k) {
    static const char *const keys[][3] = {{"C_CONTIGUOUS", "C", "c_contiguous"},
                                          {"F_CONTIGUOUS", "F", "f_contiguous"},
                                          {"WRITEABLE", "W", "writeable"},
                                          {"OWNDATA", "O", "owndata"},
                                          {"ALIGNED", "A", "aligned"}};
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 3; j++)
            if (!strcmp(k, keys[i][j])) return i;
    return -1;
}

static bool flag_value(flags_obj *f, int i) {
    return i == 0 ? f->c : i == 1 ? f->f : i == 2 ? f->w : i == 3 ? f->own : true;
}

static kn_obj *flags_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    int i = kn_is(key, &kn_type_str) ? flag_index(kn_str_cstr(key)) : -1;
    if (i < 0) {
        tc_error_set(err, TC_EXC_KEY, "Unknown flag");
        return NULL;
    }
    return kn_bool_new(flag_value((flags_obj *)self, i));
}

static kn_obj *flags_getattr(kn_obj *self, const char *name, kn_err *err) {
    int i = flag_index(name);
    return i < 0 || name[1] == '\0' ? NULL : kn_bool_new(flag_value((flags_obj *)self, i));
}

static kn_obj *flags_repr(kn_obj *self, kn_err *err) {
    flags_obj *f = (flags_obj *)self;
    const char *tf[2] = {"False", "True"};
    return kn_str_printf("  C_CONTIGUOUS : %s\n  F_CONTIGUOUS : %s\n  OWNDATA : %s\n"
                         "  WRITEABLE : %s\n  ALIGNED : True\n  WRITEBACKIFCOPY : False\n",
                         tf[f->c], tf[f->f], tf[f->own], tf[f->w]);
}

const kn_type kn__type_np_flags = {
    .name = "flagsobj", .qualname = "numpy.flagsobj", .repr = flags_repr,
    .getitem = flags_getitem, .getattr = flags_getattr,
};

/* ---- ndarray printing and protocol ---------------------------------------------------------- */

static kn_obj *ndarray_format(kn_obj *self, bool repr, kn_err *err) {
    tc_strbuf b = {0};
    int rc = repr ? tc_format_ndarray_repr(T(self), &b, err) : tc_format_ndarray_str(T(self), &b, err);
    kn_obj *r = rc < 0 ? NULL : kn_str_new(b.data ? b.data : "", b.len);
    tc_strbuf_free(&b);
    return r;
}

static kn_obj *ndarray_repr(kn_obj *self, kn_err *err) { return ndarray_format(self, true, err); }
static kn_obj *ndarray_str(kn_obj *self, kn_err *err) { return ndarray_format(self, false, err); }

static void ndarray_dealloc(kn_obj *self) { tc_tensor_unref(T(self)); }

tc_dtype kn__np_promote(tc_dtype a, tc_dtype b) {
    tc_dtype_kind ka = tc_dtype_kind_of(a), kb = tc_dtype_kind_of(b);
    if (ka == TC_KIND_INT && kb == TC_KIND_FLOAT) {
        tc_dtype t = a;
        a = b;
        b = t;
        ka = TC_KIND_FLOAT;
        kb = TC_KIND_INT;
    }
    if (ka == TC_KIND_FLOAT && kb == TC_KIND_INT) {
        size_t s = tc_dtype_size(b);
        tc_dtype need = s == 1 ? TC_DTYPE_F16 : s == 2 ? TC_DTYPE_F32 : TC_DTYPE_F64;
        if (a == TC_DTYPE_BF16) a = TC_DTYPE_F32;
        return tc_dtype_size(need) > tc_dtype_size(a) ? need : a;
    }
    return tc_dtype_promote(a, b);
}

static tc_tensor *cast(tc_tensor *t, tc_dtype dt, kn_err *err) {
    return tc_to(t, dt, t->device, ".to()", err);
}

static bool is_div(tc_binary_op op) { return op == TC_OP_DIV; }

/* Array (op) Python scalar with NEP 50 rules; 'reflected': scalar is the left operand. */
static tc_tensor *array_scalar(tc_binary_op op, tc_tensor *t, tc_scalar s, bool reflected,
                               kn_err *err) {
    tc_dtype_kind k = tc_dtype_kind_of(t->dtype);
    tc_dtype target = t->dtype;
    if (s.kind == TC_SCALAR_COMPLEX && k != TC_KIND_COMPLEX)
        target = t->dtype == TC_DTYPE_F32 || t->dtype == TC_DTYPE_F16 ? TC_DTYPE_C64 : TC_DTYPE_C128;
    else if (s.kind == TC_SCALAR_FLOAT && k != TC_KIND_FLOAT && k != TC_KIND_COMPLEX) target = TC_DTYPE_F64;
    else if (s.kind == TC_SCALAR_INT && k == TC_KIND_BOOL) target = TC_DTYPE_I64;
    if (is_div(op) && tc_dtype_kind_of(target) != TC_KIND_FLOAT && tc_dtype_kind_of(target) != TC_KIND_COMPLEX)
        target = TC_DTYPE_F64;
    tc_tensor *c = target == t->dtype ? tc_tensor_ref(t) : cast(t, target, err);
    if (!c) return NULL;
    tc_tensor *r = reflected ? tc_rbinary_scalar(op, s, c, err) : tc_binary_scalar(op, c, s, err);
    tc_tensor_unref(c);
    return r;
}

static tc_tensor *array_array(tc_binary_op op, tc_tensor *a, tc_tensor *b, kn_err *err) {
    tc_dtype dt = kn__np_promote(a->dtype, b->dtype);
    if (is_div(op) && tc_dtype_kind_of(dt) != TC_KIND_FLOAT && tc_dtype_kind_of(dt) != TC_KIND_COMPLEX)
        dt = TC_DTYPE_F64;
    tc_tensor *ca = cast(a, dt, err);
    tc_tensor *cb = ca ? cast(b, dt, err) : NULL;
    tc_tensor *r = cb ? tc_binary(op, ca, cb, err) : NULL;
    tc_tensor_unref(ca);
    tc_tensor_unref(cb);
    return r;
}

static tc_tensor *np_binary(tc_binary_op op, kn_obj *a, kn_obj *b, kn_err *err, bool *handled) {
    tc_scalar s;
    *handled = true;
    if (kn_is_ndarray(a) && kn_is_ndarray(b)) return array_array(op, T(a), T(b), err);
    kn_obj *big = kn_is_ndarray(a) && kn_int_is_big(b) ? b : kn_is_ndarray(b) && kn_int_is_big(a) ? a : NULL;
    if (big) { /* NumPy: a float array takes the int's float value; an int array cannot */
        tc_tensor *t = T(big == b ? a : b);
        if (!tc_dtype_is_float(t->dtype)) {
            tc_error_set(err, TC_EXC_OVERFLOW, "Python int too large to convert to C long");
            return NULL;
        }
        s.kind = TC_SCALAR_FLOAT;
        if (kn_to_double(big, &s.v.f, err) < 0) return NULL;
        return array_scalar(op, t, s, big == a, err);
    }
    if (kn_is_ndarray(a) && kn__scalar_of_c(b, &s)) return array_scalar(op, T(a), s, false, err);
    if (kn_is_ndarray(b) && kn__scalar_of_c(a, &s)) return array_scalar(op, T(b), s, true, err);
    *handled = false;
    return NULL;
}

static kn_obj *ndarray_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (kn_is_tensor(a) || kn_is_tensor(b)) return notimpl();
    kn_obj *la = a, *lb = b;
    if (!lift2(&la, &lb, err)) return NULL;
    kn_obj *r;
    bool handled;
    tc_binary_op bop;
    if (op == KN_BINOP_MATMUL && kn_is_ndarray(la) && kn_is_ndarray(lb)) {
        tc_dtype dt = kn__np_promote(T(la)->dtype, T(lb)->dtype);
        tc_tensor *x = cast(T(la), dt, err), *y = x ? cast(T(lb), dt, err) : NULL;
        r = y ? kn__ndarray_result(tc_matmul(x, y, err), err) : NULL;
        tc_tensor_unref(x);
        tc_tensor_unref(y);
    } else if (!kn__binop_to_tc(op, &bop)) {
        r = notimpl();
    } else {
        tc_tensor *t = np_binary(bop, la, lb, err, &handled);
        r = handled ? kn__ndarray_result(t, err) : notimpl();
    }
    kn_decref(la);
    kn_decref(lb);
    return r;
}

static const char *ufunc_name(tc_binary_op op) {
    switch (op) {
    case TC_OP_SUB: return "subtract";
    case TC_OP_MUL: return "multiply";
    case TC_OP_DIV: return "divide";
    case TC_OP_POW: return "power";
    default: return tc_binary_op_name(op);
    }
}

static kn_obj *ndarray_inplace(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    tc_binary_op bop;
    if (!kn_is_ndarray(a) || !kn__binop_to_tc(op, &bop)) return notimpl();
    bool handled;
    kn_obj *lb = b;
    tc_dtype dt;
    if (kn__is_np_scalar(b, &dt)) lb = scalar_as_array(b, err);
    else kn_incref(lb);
    if (!lb) return NULL;
    tc_tensor *r = np_binary(bop, a, lb, err, &handled);
    kn_decref(lb);
    if (!handled) return notimpl();
    if (!r) return NULL;
    if (tc_dtype_kind_of(r->dtype) > tc_dtype_kind_of(T(a)->dtype)) {
        tc_error_set(err, TC_EXC_TYPE,
                     "Cannot cast ufunc '%s' output from dtype('%s') to dtype('%s') with casting "
                     "rule 'same_kind'", ufunc_name(bop), np_name(r->dtype),
                     np_name(T(a)->dtype));
        tc_tensor_unref(r);
        return NULL;
    }
    int rc = tc_copy_(T(a), r, err);
    tc_tensor_unref(r);
    return rc < 0 ? NULL : kn_incref(a);
}

static kn_obj *ndarray_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    static const tc_binary_op ops[] = {TC_OP_LT, TC_OP_LE, TC_OP_EQ, TC_OP_NE, TC_OP_GT, TC_OP_GE};
    if (kn_is_tensor(a) || kn_is_tensor(b)) return notimpl();
    kn_obj *la = a, *lb = b;
    if (!lift2(&la, &lb, err)) return NULL;
    bool handled;
    tc_tensor *t = np_binary(ops[op], la, lb, err, &handled);
    kn_decref(la);
    kn_decref(lb);
    if (!handled) {
        if (op == KN_CMP_EQ || op == KN_CMP_NE) return kn_bool_new(op == KN_CMP_NE);
        return notimpl();
    }
    return kn__ndarray_result(t, err);
}

static kn_obj *ndarray_unop(kn_unop op, kn_obj *a, kn_err *err) {
    tc_tensor *t = T(a);
    if (op == KN_UNOP_POS) return kn_incref(a);
    if (op == KN_UNOP_NEG) return kn__ndarray_result(tc_unary(TC_UOP_NEG, t, err), err);
    if (t->dtype == TC_DTYPE_BOOL) return kn__ndarray_result(tc_unary(TC_UOP_LOGICAL_NOT, t, err), err);
    tc_scalar m1 = {.kind = TC_SCALAR_INT, .v.i = -1};
    return kn__ndarray_result(tc_rbinary_scalar(TC_OP_SUB, m1, t, err), err);
}

static int ndarray_truth(kn_obj *self, kn_err *err) {
    tc_tensor *t = T(self);
    if (tc_numel(t) == 0)
        return tc_error_set(err, TC_EXC_VALUE,
                            "The truth value of an empty array is ambiguous. Use `array.size > 0` "
                            "to check that an array is not empty.");
    if (tc_numel(t) != 1)
        return tc_error_set(err, TC_EXC_VALUE,
                            "The truth value of an array with more than one element is "
                            "ambiguous. Use a.any() or a.all()");
    tc_scalar s;
    if (tc_item(t, &s, err) < 0) return -1;
    return s.kind == TC_SCALAR_FLOAT ? s.v.f != 0 : s.kind == TC_SCALAR_INT ? s.v.i != 0 : s.v.b;
}

static int ndarray_to_float(kn_obj *self, double *out, kn_err *err) {
    tc_scalar s;
    if (tc_numel(T(self)) != 1)
        return tc_error_set(err, TC_EXC_TYPE, "only length-1 arrays can be converted to Python scalars");
    if (tc_item(T(self), &s, err) < 0) return -1;
    *out = s.kind == TC_SCALAR_FLOAT ? s.v.f : s.kind == TC_SCALAR_INT ? (double)s.v.i : s.v.b;
    return 0;
}

static int ndarray_to_int(kn_obj *self, int64_t *out, kn_err *err) {
    double d = 0;
    if (ndarray_to_float(self, &d, err) < 0) return -1;
    *out = (int64_t)d;
    return 0;
}

static int64_t ndarray_len(kn_obj *self, kn_err *err) {
    if (T(self)->ndim == 0) return tc_error_set(err, TC_EXC_TYPE, "len() of unsized object");
    return T(self)->shape[0];
}

static kn_obj *ndarray_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    tc_tensor *r = kn__index_get(T(self), key, true, err);
    return kn__ndarray_result(r, err);
}

static int ndarray_setitem(kn_obj *self, kn_obj *key, kn_obj *value, kn_err *err) {
    return kn__index_set(T(self), key, value, true, err);
}

static kn_obj *ndarray_iter(kn_obj *self, kn_err *err) { return kn__tensor_iter_new(self, err); }

static int ndarray_hash_none(kn_obj *self, int64_t *out, kn_err *err) {
    return tc_error_set(err, TC_EXC_TYPE, "unhashable type: 'numpy.ndarray'");
}

static int ndarray_dir(kn_obj *self, kn_obj *list, kn_err *err);
static kn_obj *ndarray_construct(const kn_type *type, const kn_args *a, kn_err *err);

/* `x in a`, as NumPy: (a == x).any(), with a list or tuple x read as an array first. */
static int ndarray_contains(kn_obj *self, kn_obj *x, kn_err *err) {
    kn_obj *other = NULL;
    if (kn_is(x, &kn_type_list) || kn_is(x, &kn_type_tuple)) {
        tc_tensor *t = kn__tensor_from_data(x, NULL, true, err);
        if (!t || !(other = kn_ndarray_wrap(t))) return -1;
    }
    kn_obj *eq = kn_compare(KN_CMP_EQ, self, other ? other : x, err);
    int r = eq ? kn__any_true(eq, err) : -1;
    kn_decref(eq);
    kn_decref(other);
    return r;
}

/* format(a, spec): a 0-d array formats as its item; others accept only an empty spec. */
static kn_obj *ndarray_format_spec(kn_obj *self, const char *spec, kn_err *err) {
    if (T(self)->ndim == 0) return kn__format_item(T(self), spec, err);
    if (!*spec) return kn_str(self, err);
    tc_error_set(err, TC_EXC_TYPE, "unsupported format string passed to numpy.ndarray.__format__");
    return NULL;
}

const kn_type kn_type_ndarray = {
    .name = "ndarray",
    .qualname = "numpy.ndarray",
    .doc = "An array object represents a multidimensional, homogeneous array of fixed-size items.",
    .dealloc = ndarray_dealloc,
    .repr = ndarray_repr,
    .str = ndarray_str,
    .getattr = kn__ndarray_getattr,
    .binop = ndarray_binop,
    .inplace = ndarray_inplace,
    .unop = ndarray_unop,
    .compare = ndarray_compare,
    .truth = ndarray_truth,
    .len = ndarray_len,
    .getitem = ndarray_getitem,
    .setitem = ndarray_setitem,
    .iter = ndarray_iter,
    .hash = ndarray_hash_none,
    .to_int = ndarray_to_int,
    .to_float = ndarray_to_float,
    .dir = ndarray_dir,
    .construct = ndarray_construct,
    .contains = ndarray_contains,
    .format = ndarray_format_spec,
};

/* ---- ndarray methods ------------------------------------------------------------------------- */

static kn_obj *a_tolist(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "tolist", NULL, 0, 0, NULL, err) < 0) return NULL;
    return kn__tolist(T(self), ".tolist()", err);
}

/* a.item(), a.item(flat_index) or a.item(i, j, ...) / a.item((i, j, ...)) as NumPy's. */
static kn_obj *a_item(kn_obj *self, const kn_args *a, kn_err *err) {
    tc_scalar s;
    tc_tensor *t = T(self);
    if (a->nkw) return tc_error_set(err, TC_EXC_TYPE, "item() takes no keyword arguments"), NULL;
    if (a->npos == 0) {
        if (tc_numel(t) != 1) {
            tc_error_set(err, TC_EXC_VALUE, "can only convert an array of size 1 to a Python scalar");
            return NULL;
        }
        if (tc_item(t, &s, err) < 0) return NULL;
        return kn__scalar_obj(s);
    }
    kn_obj *const *idx = a->pos;
    int64_t n = a->npos;
    if (n == 1 && kn_is(a->pos[0], &kn_type_tuple)) {
        idx = kn_tuple_items(a->pos[0]);
        n = kn_len(a->pos[0], err);
    }
    int64_t flat = 0, size = tc_numel(t);
    if (n == 1) {
        if (kn_to_int64(idx[0], &flat, err) < 0) return NULL;
        if (flat < -size || flat >= size)
            return tc_error_set(err, TC_EXC_INDEX, "index %lld is out of bounds for size %lld", (long long)flat,
                                (long long)size), NULL;
        if (flat < 0) flat += size;
    } else {
        if (n != t->ndim) return tc_error_set(err, TC_EXC_VALUE, "incorrect number of indices for array"), NULL;
        for (int d = 0; d < t->ndim; d++) {
            int64_t i;
            if (kn_to_int64(idx[d], &i, err) < 0) return NULL;
            if (i < -t->shape[d] || i >= t->shape[d])
                return tc_error_set(err, TC_EXC_INDEX, "index %lld is out of bounds for axis %d with size %lld",
                                    (long long)i, d, (long long)t->shape[d]), NULL;
            flat = flat * t->shape[d] + (i < 0 ? i + t->shape[d] : i);
        }
    }
    int64_t all = -1;
    tc_tensor *f = tc_reshape(t, &all, 1, err), *e = f ? tc_select(f, 0, flat, err) : NULL;
    tc_tensor_unref(f);
    if (!e) return NULL;
    int rc = tc_item(e, &s, err);
    tc_tensor_unref(e);
    return rc < 0 ? NULL : kn__scalar_obj(s);
}

static kn_obj *a_copy(kn_obj *self, const kn_args *a, kn_err *err) {
    return owned_array(tc_clone(T(self), err));
}

static kn_obj *a_astype(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dtype", "order", "casting", "subok", "copy"};
    kn_obj *v[5];
    tc_dtype dt;
    if (kn_args_bind(a, "astype", names, NARGS(names), 1, v, err) < 0 ||
        kn__parse_dtype(v[0], &dt, err) < 0)
        return NULL;
    tc_tensor *c = cast(T(self), dt, err);
    if (!c) return NULL;
    if (c == T(self)) {
        tc_tensor *cl = tc_clone(c, err);
        tc_tensor_unref(c);
        c = cl;
    }
    return owned_array(c);
}

static kn_obj *a_reshape(kn_obj *self, const kn_args *a, kn_err *err) {
    int64_t shape[TC_MAX_DIMS];
    int n;
    if (kn__parse_shape(a, 0, shape, &n, err) < 0) return NULL;
    tc_tensor *r = tc_reshape(T(self), shape, n, err);
    if (!r) {
        if (err && err->type == TC_EXC_RUNTIME && !strstr(err->msg, "out of memory")) {
            int64_t numel = tc_numel(T(self));
            tc_strbuf b = {0};
            tc_strbuf_printf(&b, "(");
            for (int i = 0; i < n; i++) tc_strbuf_printf(&b, "%s%lld", i ? ", " : "", (long long)shape[i]);
            tc_strbuf_printf(&b, n == 1 ? ",)" : ")");
            err->type = TC_EXC_NONE;
            tc_error_set(err, TC_EXC_VALUE, "cannot reshape array of size %lld into shape %s",
                         (long long)numel, b.data);
            tc_strbuf_free(&b);
        }
        return NULL;
    }
    return kn_ndarray_wrap(r);
}

/* a.transpose(), a.transpose(axes) or a.transpose(*axes): no axes reverses them; given
 * ones are a permutation of the dimensions (negative ones counted from the end) */
static kn_obj *a_transpose(kn_obj *self, const kn_args *a, kn_err *err) {
    int dims[TC_MAX_DIMS];
    tc_tensor *t = T(self);
    kn_obj *const *ax = a ? a->pos : NULL;
    int64_t n = a ? a->npos : 0;
    if (n == 1 && kn_is(ax[0], &kn_type_none)) n = 0;
    if (n == 1 && (kn_is(ax[0], &kn_type_tuple) || kn_is(ax[0], &kn_type_list))) {
        bool list = kn_is(ax[0], &kn_type_list);
        n = list ? kn_list_len(ax[0]) : kn_len(ax[0], err);
        ax = list ? kn_list_items(ax[0]) : kn_tuple_items(ax[0]);
    }
    if (n == 0) {
        for (int i = 0; i < t->ndim; i++) dims[i] = t->ndim - 1 - i;
        return kn_ndarray_wrap(tc_permute(t, dims, t->ndim, err));
    }
    if (n != t->ndim) return tc_error_set(err, TC_EXC_VALUE, "axes don't match array"), NULL;
    bool seen[TC_MAX_DIMS] = {false};
    for (int i = 0; i < t->ndim; i++) {
        int64_t d;
        if (kn_to_int64(ax[i], &d, err) < 0) return NULL;
        if (d < -t->ndim || d >= t->ndim)
            return tc_error_set(err, TC_EXC_VALUE, "axis %lld is out of bounds for array of dimension %d",
                                (long long)d, t->ndim), NULL;
        if (d < 0) d += t->ndim;
        if (seen[d]) return tc_error_set(err, TC_EXC_VALUE, "repeated axis in transpose"), NULL;
        seen[d] = true;
        dims[i] = (int)d;
    }
    return kn_ndarray_wrap(tc_permute(t, dims, t->ndim, err));
}

/* a.mT: the view with the last two axes swapped (NumPy's error below two dimensions) */
static kn_obj *a_matrix_transpose(kn_obj *self, kn_err *err) {
    int dims[TC_MAX_DIMS];
    tc_tensor *t = T(self);
    if (t->ndim < 2) {
        tc_error_set(err, TC_EXC_VALUE, "matrix transpose with ndim < 2 is undefined");
        return NULL;
    }
    for (int i = 0; i < t->ndim; i++) dims[i] = i;
    dims[t->ndim - 2] = t->ndim - 1;
    dims[t->ndim - 1] = t->ndim - 2;
    return kn_ndarray_wrap(tc_permute(t, dims, t->ndim, err));
}

static kn_obj *a_flatten(kn_obj *self, const kn_args *a, kn_err *err) {
    int64_t n = tc_numel(T(self));
    tc_tensor *c = tc_clone(T(self), err);
    tc_tensor *r = c ? tc_reshape(c, &n, 1, err) : NULL;
    tc_tensor_unref(c);
    return owned_array(r);
}

static kn_obj *a_fill(kn_obj *self, const kn_args *a, kn_err *err) {
    double d;
    if (a->npos != 1 || kn_to_double(a->pos[0], &d, err) < 0) {
        tc_error_set(err, TC_EXC_TYPE, "fill() takes exactly one argument");
        return NULL;
    }
    if (tc_fill_(T(self), d, err) < 0) return NULL;
    return kn_none_new();
}

static kn_obj *np_reduce(kn_obj *self, const kn_args *a, const char *fname, tc_reduce_op op,
                         kn_err *err) {
    static const char *const names[] = {"axis", "dtype", "out", "keepdims"};
    kn_obj *v[4];
    int dims[TC_MAX_DIMS], n = 0;
    bool keep = false;
    tc_tensor *t = T(self);
    if (kn_args_bind(a, fname, names, 4, 0, v, err) < 0) return NULL;
    if (!absent(v[0])) {
        int64_t raw[TC_MAX_DIMS];
        if (kn__shape_of(v[0], raw, &n, err) < 0) return NULL;
        for (int i = 0; i < n; i++)
            if (raw[i] < -t->ndim || raw[i] >= t->ndim) {
                tc_error_set(err, TC_EXC_VALUE, "axis %lld is out of bounds for array of dimension %d",
                             (long long)raw[i], t->ndim);
                return NULL;
            } else {
                dims[i] = (int)(raw[i] < 0 ? raw[i] + t->ndim : raw[i]);
            }
    }
    if (!absent(v[3]) && kn__to_bool(v[3], &keep, err) < 0) return NULL;
    tc_dtype dt = t->dtype;
    if (!absent(v[1]) && kn__parse_dtype(v[1], &dt, err) < 0) return NULL;
    bool cplx = tc_dtype_is_complex(dt);
    if (op == TC_RED_MEAN && !tc_dtype_is_float(dt) && !cplx) dt = TC_DTYPE_F64;
    if ((op == TC_RED_SUM || op == TC_RED_PROD) && absent(v[1]) &&
        tc_dtype_kind_of(dt) != TC_KIND_FLOAT && !cplx)
        dt = dt == TC_DTYPE_U8 ? TC_DTYPE_I64 : TC_DTYPE_I64;
    tc_tensor *src = cast(t, dt, err);
    tc_tensor *r;
    if (src && cplx && op == TC_RED_MEAN) { /* NumPy's mean: the sum divided by the count */
        int64_t cnt = 1;
        for (int i = 0; i < (n ? n : src->ndim); i++) cnt *= src->shape[n ? dims[i] : i];
        tc_tensor *sm = tc_reduce(TC_RED_SUM, src, dims, n, keep, err);
        tc_scalar c = {.kind = TC_SCALAR_FLOAT, .v.f = (double)cnt};
        r = sm ? tc_binary_scalar(TC_OP_DIV, sm, c, err) : NULL;
        tc_tensor_unref(sm);
    } else {
        r = src ? tc_reduce(op, src, dims, n, keep, err) : NULL;
    }
    tc_tensor_unref(src);
    return kn__ndarray_result(r, err);
}

#define NP_REDUCE(X) X(sum, SUM) X(mean, MEAN) X(prod, PROD) X(max, MAX) X(min, MIN) \
    X(all, ALL) X(any, ANY) X(argmax, ARGMAX) X(argmin, ARGMIN)
#define NP_REDUCE_FN(name, id)                                                        \
    static kn_obj *a_##name(kn_obj *self, const kn_args *a, kn_err *err) {            \
        return np_reduce(self, a, #name, TC_RED_##id, err);                           \
    }
NP_REDUCE(NP_REDUCE_FN)
#undef NP_REDUCE_FN

#define NP_REDUCE_ENTRY(name, id) \
    {#name, a_##name, "(axis=None, dtype=None, out=None, keepdims=False)", \
     "Return the " #name " of the array elements over the given axis."},

static const kn__fn ndarray_methods[] = {
    {"tolist", a_tolist, "()", "Return the array as an a.ndim-levels deep nested list of Python scalars."},
    {"item", a_item, "(*args)", "Copy an element of an array to a standard Python scalar and return it."},
    {"copy", a_copy, "(order='C')", "Return a copy of the array."},
    {"astype", a_astype, "(dtype, order='K', casting='unsafe', subok=True, copy=True)",
     "Copy of the array, cast to a specified type."},
    {"reshape", a_reshape, "(shape, /, *, order='C')",
     "Returns an array containing the same data with a new shape."},
    {"transpose", a_transpose, "(*axes)", "Returns a view of the array with axes transposed."},
    {"flatten", a_flatten, "(order='C')", "Return a copy of the array collapsed into one dimension."},
    {"fill", a_fill, "(value)", "Fill the array with a scalar value."},
    NP_REDUCE(NP_REDUCE_ENTRY)
    {NULL, NULL, NULL, NULL},
};

static const char *const ndarray_attrs[] = {"T", "mT", "dtype", "flags", "itemsize", "nbytes", "ndim",
                                           "shape", "size", "strides", "base", "real", "imag", "flat",
                                           NULL};

kn_obj *kn__ndarray_getattr(kn_obj *self, const char *name, kn_err *err) {
    tc_tensor *t = T(self);
    size_t es = tc_dtype_size(t->dtype);
    if (!strcmp(name, "shape") || !strcmp(name, "strides")) {
        bool strides = name[1] == 't';
        kn_obj *tup = kn_tuple_new(t->ndim);
        for (int i = 0; tup && i < t->ndim; i++)
            kn_tuple_set(tup, i, kn_int_new(strides ? t->strides[i] * (int64_t)es : t->shape[i]));
        return tup;
    }
    if (!strcmp(name, "dtype")) return kn_incref(kn__np_dtype_obj(t->dtype));
    if (!strcmp(name, "ndim")) return kn_int_new(t->ndim);
    if (!strcmp(name, "size")) return kn_int_new(tc_numel(t));
    if (!strcmp(name, "itemsize")) return kn_int_new((int64_t)es);
    if (!strcmp(name, "nbytes")) return kn_int_new(tc_numel(t) * (int64_t)es);
    if (!strcmp(name, "flags")) return flags_new(self, err);
    if (!strcmp(name, "T")) return a_transpose(self, NULL, err);
    if (!strcmp(name, "mT")) return a_matrix_transpose(self, err);
    if (!strcmp(name, "base")) return kn_none_new();
    /* a complex array's real and imag are views of its parts; a real array's real is the
     * array, its imag zeros (read-only in NumPy); flat is the 1-D view of the elements (a
     * copy when they are not contiguous) */
    if (tc_dtype_is_complex(t->dtype) && (!strcmp(name, "real") || !strcmp(name, "imag"))) {
        tc_tensor *p = name[0] == 'r' ? tc_real(t, err) : tc_imag(t, err);
        kn_obj *r = p ? kn__ndarray_view(p, false, err) : NULL;
        tc_tensor_unref(p);
        return r;
    }
    if (!strcmp(name, "real")) return kn__ndarray_view(t, false, err);
    if (!strcmp(name, "imag")) return owned_array(tc_zeros(t->shape, t->ndim, t->dtype, tc_device_cpu(), err));
    if (!strcmp(name, "flat")) {
        int64_t all = -1;
        tc_tensor *f = tc_reshape(t, &all, 1, err);
        kn_obj *r = f ? kn__ndarray_view(f, false, err) : NULL;
        tc_tensor_unref(f);
        return r;
    }
    const kn__fn *f = kn__fn_find(ndarray_methods, name);
    if (f) return kn_cfunction_new(f->name, f->fn, self, f->sig, f->doc);
    return kn__py_method_bind(1, self, name, err);
}

static int ndarray_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    if (kn__dir_add_names(list, ndarray_attrs) < 0 || kn__py_methods_dir(1, list) < 0) return -1;
    return kn__dir_add_fns(list, ndarray_methods);
}

static kn_obj *ndarray_construct(const kn_type *type, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"shape", "dtype"};
    kn_obj *v[2];
    int64_t shape[TC_MAX_DIMS];
    int n;
    tc_dtype dt = TC_DTYPE_F64;
    if (kn_args_bind(a, "ndarray", names, 2, 1, v, err) < 0 ||
        kn__shape_of(v[0], shape, &n, err) < 0)
        return NULL;
    if (!absent(v[1]) && kn__parse_dtype(v[1], &dt, err) < 0) return NULL;
    return owned_array(tc_zeros(shape, n, dt, tc_device_cpu(), err));
}
