/*
 * The smaller builtin types: slice, range, builtin functions and methods (cfunction),
 * modules, type objects (interned, callable through their construct slot), exception
 * values and the exception classes (ValueError, ...), and 'object'.
 */
#include "kernel/objects/objects-impl.h"

static kn_obj *iter_self(kn_obj *self, kn_err *err) {
    return kn_incref(self);
}
static int identity_hash(kn_obj *self, int64_t *out, kn_err *err) {
    *out = (int64_t)((uintptr_t)self >> 4);
    return 0;
}

/* ---- slice --------------------------------------------------------------------------- */

#define SL(o) ((kn_sliceobj *)(o))

kn_obj *kn_slice_new(kn_obj *start, kn_obj *stop, kn_obj *step) {
    kn_sliceobj *s = (kn_sliceobj *)kn_obj_alloc(&kn_type_slice, sizeof(kn_sliceobj), NULL);
    if (!s) return NULL;
    s->start = kn_incref(start ? start : kn_none());
    s->stop = kn_incref(stop ? stop : kn_none());
    s->step = kn_incref(step ? step : kn_none());
    return &s->base;
}

int kn__slice_value(kn_obj *v, int64_t *out, kn_err *err) {
    if (kn__is_int(v)) { /* an int beyond int64 clamps, as Python's slice indices do */
        *out = kn_int_value(v);
        return 0;
    }
    if (v->type->to_int && !kn_is(v, &kn_type_float) && !kn_is(v, &kn_type_str))
        return kn_to_int64(v, out, err);
    return tc_error_set(err, TC_EXC_TYPE,
                        "slice indices must be integers or None or have an __index__ method");
}

static int64_t adjust(int64_t v, int64_t length, int64_t step) {
    if (v < 0) {
        v += length;
        if (v < 0) v = step < 0 ? -1 : 0;
    } else if (v >= length) {
        v = step < 0 ? length - 1 : length;
    }
    return v;
}

int kn_slice_indices(kn_obj *slice, int64_t length, int64_t *start, int64_t *stop, int64_t *step,
                     int64_t *slicelen, kn_err *err) {
    kn_sliceobj *s = SL(slice);
    int64_t st = 1, a, z;
    if (s->step != kn_none() && kn__slice_value(s->step, &st, err) < 0) return -1;
    if (st == 0) return tc_error_set(err, TC_EXC_VALUE, "slice step cannot be zero");
    if (st < -INT64_MAX) st = -INT64_MAX; /* as Python, so that -step cannot overflow */
    if (s->start == kn_none())
        a = st < 0 ? length - 1 : 0;
    else if (kn__slice_value(s->start, &a, err) < 0)
        return -1;
    else
        a = adjust(a, length, st);
    if (s->stop == kn_none())
        z = st < 0 ? -1 : length;
    else if (kn__slice_value(s->stop, &z, err) < 0)
        return -1;
    else
        z = adjust(z, length, st);
    int64_t n = 0;
    if (st < 0) {
        if (z < a) n = (a - z - 1) / (-st) + 1;
    } else if (a < z) {
        n = (z - a - 1) / st + 1;
    }
    *start = a;
    *stop = z;
    *step = st;
    *slicelen = n;
    return 0;
}

static void slice_dealloc(kn_obj *self) {
    kn_decref(SL(self)->start);
    kn_decref(SL(self)->stop);
    kn_decref(SL(self)->step);
}

static kn_obj *slice_repr(kn_obj *self, kn_err *err) {
    tc_strbuf b = {0};
    tc_strbuf_puts(&b, "slice(");
    if (kn__strbuf_repr(&b, SL(self)->start, err) < 0) goto fail;
    tc_strbuf_puts(&b, ", ");
    if (kn__strbuf_repr(&b, SL(self)->stop, err) < 0) goto fail;
    tc_strbuf_puts(&b, ", ");
    if (kn__strbuf_repr(&b, SL(self)->step, err) < 0) goto fail;
    tc_strbuf_putc(&b, ')');
    return kn__strbuf_finish(&b, err);
fail:
    tc_strbuf_free(&b);
    return NULL;
}

static kn_obj *slice_m_indices(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"length"};
    kn_obj *a[1];
    if (KN__BIND(args, "indices", names, 1, a, err) < 0) return NULL;
    int64_t len, st, sp, step, n;
    if (kn_to_int64(a[0], &len, err) < 0) return NULL;
    if (len < 0) {
        tc_error_set(err, TC_EXC_VALUE, "length should not be negative");
        return NULL;
    }
    if (kn_slice_indices(self, len, &st, &sp, &step, &n, err) < 0) return NULL;
    kn_obj *t = kn_tuple_new(3);
    kn_tuple_set(t, 0, kn_int_new(st));
    kn_tuple_set(t, 1, kn_int_new(sp));
    kn_tuple_set(t, 2, kn_int_new(step));
    return t;
}

static const kn__method slice_methods[] = {
    {"indices", slice_m_indices, "", "S.indices(len) -> (start, stop, stride)"},
    {NULL, NULL, NULL, NULL},
};

static kn_obj *slice_getattr(kn_obj *self, const char *name, kn_err *err) {
    if (strcmp(name, "start") == 0) return kn_incref(SL(self)->start);
    if (strcmp(name, "stop") == 0) return kn_incref(SL(self)->stop);
    if (strcmp(name, "step") == 0) return kn_incref(SL(self)->step);
    return kn__method_get(self, slice_methods, name);
}

static kn_obj *slice_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (!kn_is(a, &kn_type_slice) || !kn_is(b, &kn_type_slice)) return kn_notimpl();
    kn_obj *x[3] = {SL(a)->start, SL(a)->stop, SL(a)->step};
    kn_obj *y[3] = {SL(b)->start, SL(b)->stop, SL(b)->step};
    return kn__seq_compare(op, x, 3, y, 3, err);
}

static kn_obj *slice_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    if (args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "slice() takes no keyword arguments");
        return NULL;
    }
    if (args->npos < 1 || args->npos > 3) {
        tc_error_set(err, TC_EXC_TYPE,
                     args->npos < 1 ? "slice expected at least 1 argument, got %d"
                                    : "slice expected at most 3 arguments, got %d",
                     args->npos);
        return NULL;
    }
    if (args->npos == 1) return kn_slice_new(NULL, args->pos[0], NULL);
    return kn_slice_new(args->pos[0], args->pos[1], args->npos > 2 ? args->pos[2] : NULL);
}

const kn_type kn_type_slice = {
    .name = "slice",
    .qualname = "slice",
    .doc = "slice(stop)\nslice(start, stop[, step])\n\nCreate a slice object.  This is used "
           "for extended slicing (e.g. a[0:10:2]).",
    .dealloc = slice_dealloc,
    .repr = slice_repr,
    .getattr = slice_getattr,
    .compare = slice_compare,
    .construct = slice_construct,
};

/* ---- range --------------------------------------------------------------------------- */

#define RG(o) ((kn_rangeobj *)(o))

static int64_t range_length(int64_t start, int64_t stop, int64_t step) {
    if (step > 0 && start < stop)
        return (int64_t)(((uint64_t)stop - (uint64_t)start - 1) / (uint64_t)step + 1);
    if (step < 0 && start > stop)
        return (int64_t)(((uint64_t)start - (uint64_t)stop - 1) / (0 - (uint64_t)step) + 1);
    return 0;
}

kn_obj *kn__range_new(int64_t start, int64_t stop, int64_t step) {
    kn_rangeobj *r = (kn_rangeobj *)kn_obj_alloc(&kn_type_range, sizeof(kn_rangeobj), NULL);
    if (!r) return NULL;
    r->start = start;
    r->stop = stop;
    r->step = step;
    r->len = range_length(start, stop, step);
    return &r->base;
}

static kn_obj *range_repr(kn_obj *self, kn_err *err) {
    kn_rangeobj *r = RG(self);
    if (r->step == 1)
        return kn_str_printf("range(%lld, %lld)", (long long)r->start, (long long)r->stop);
    return kn_str_printf("range(%lld, %lld, %lld)", (long long)r->start, (long long)r->stop,
                         (long long)r->step);
}

static int64_t range_len(kn_obj *self, kn_err *err) {
    return RG(self)->len;
}

static kn_obj *range_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    kn_rangeobj *r = RG(self);
    if (kn_is(key, &kn_type_slice)) {
        int64_t st, sp, step, n;
        if (kn_slice_indices(key, r->len, &st, &sp, &step, &n, err) < 0) return NULL;
        return kn__range_new(r->start + st * r->step, r->start + sp * r->step, r->step * step);
    }
    if (!kn__is_int(key) && !(key->type->to_int && !kn_is(key, &kn_type_float))) {
        tc_error_set(err, TC_EXC_TYPE, "range indices must be integers or slices, not %s",
                     kn_type_name(key));
        return NULL;
    }
    int64_t i = 0;
    if (kn__seq_index(key, r->len, "range object", &i, err) < 0) return NULL;
    return kn_int_new(r->start + i * r->step);
}

/* Index of v in the range, or -1. */
static int64_t range_find(kn_rangeobj *r, kn_obj *v) {
    if (!kn__is_int(v)) {
        if (!kn_is(v, &kn_type_float)) return -1;
        double f = kn_float_value(v);
        if (!(f > -9.2e18 && f < 9.2e18) || f != (double)(int64_t)f) return -1; /* nan, inf */
        int64_t i = (int64_t)f;
        if (r->len == 0) return -1;
        int64_t k = (i - r->start) / r->step;
        return ((i - r->start) % r->step == 0 && k >= 0 && k < r->len) ? k : -1;
    }
    int64_t i = kn_int_value(v);
    if (r->len == 0) return -1;
    if (r->step > 0 ? (i < r->start || i >= r->stop) : (i > r->start || i <= r->stop)) return -1;
    if ((i - r->start) % r->step) return -1;
    return (i - r->start) / r->step;
}

/* `x in range(...)`: arithmetic for ints, bools and floats (no iteration, so
 * 10**9 in range(10**12) answers at once); other values compare item by item, as Python. */
static int range_contains(kn_obj *self, kn_obj *v, kn_err *err) {
    if (kn__is_int(v) || kn_is(v, &kn_type_float)) return range_find(RG(self), v) >= 0;
    return kn__contains_by_iter(self, v, err);
}

typedef struct rangeiter {
    kn_obj base;
    int64_t next, step, left;
} rangeiter;

static kn_obj *rangeiter_next(kn_obj *self, kn_err *err) {
    rangeiter *it = (rangeiter *)self;
    if (it->left <= 0) return NULL;
    it->left--;
    int64_t v = it->next;
    it->next += it->step;
    return kn_int_new(v);
}

static const kn_type type_rangeiter = {
    .name = "range_iterator",
    .qualname = "range_iterator",
    .iter = iter_self,
    .next = rangeiter_next,
};

static kn_obj *range_iter(kn_obj *self, kn_err *err) {
    rangeiter *it = (rangeiter *)kn_obj_alloc(&type_rangeiter, sizeof(rangeiter), err);
    if (!it) return NULL;
    it->next = RG(self)->start;
    it->step = RG(self)->step;
    it->left = RG(self)->len;
    return &it->base;
}

static kn_obj *range_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (!kn_is(a, &kn_type_range) || !kn_is(b, &kn_type_range) ||
        (op != KN_CMP_EQ && op != KN_CMP_NE))
        return kn_notimpl();
    kn_rangeobj *x = RG(a), *y = RG(b);
    bool eq = x->len == y->len &&
              (x->len == 0 || (x->start == y->start && (x->len == 1 || x->step == y->step)));
    return kn_bool_new(op == KN_CMP_EQ ? eq : !eq);
}

static int range_hash(kn_obj *self, int64_t *out, kn_err *err) {
    kn_rangeobj *r = RG(self);
    kn_obj *t[3] = {kn_int_new(r->len), kn_none_new(), kn_none_new()};
    if (r->len) {
        kn_decref(t[1]);
        t[1] = kn_int_new(r->start);
        if (r->len > 1) {
            kn_decref(t[2]);
            t[2] = kn_int_new(r->step);
        }
    }
    int rc = kn__tuple_hash(t, 3, out, err);
    for (int i = 0; i < 3; i++)
        kn_decref(t[i]);
    return rc;
}

static kn_obj *range_m_index(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"value"};
    kn_obj *a[1];
    if (KN__BIND(args, "index", names, 1, a, err) < 0) return NULL;
    int64_t i = range_find(RG(self), a[0]);
    if (i < 0) {
        kn_obj *r = kn_repr(a[0], err);
        if (r) tc_error_set(err, TC_EXC_VALUE, "%s is not in range", kn_str_cstr(r));
        kn_decref(r);
        return NULL;
    }
    return kn_int_new(i);
}

static kn_obj *range_m_count(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"value"};
    kn_obj *a[1];
    if (KN__BIND(args, "count", names, 1, a, err) < 0) return NULL;
    return kn_int_new(range_find(RG(self), a[0]) >= 0);
}

static const kn__method range_methods[] = {
    {"count", range_m_count, "",
     "rangeobject.count(value) -> integer -- return number of occurrences of value"},
    {"index", range_m_index, "",
     "rangeobject.index(value) -> integer -- return index of value.\nRaise ValueError if the value "
     "is not present."},
    {NULL, NULL, NULL, NULL},
};

static kn_obj *range_getattr(kn_obj *self, const char *name, kn_err *err) {
    if (strcmp(name, "start") == 0) return kn_int_new(RG(self)->start);
    if (strcmp(name, "stop") == 0) return kn_int_new(RG(self)->stop);
    if (strcmp(name, "step") == 0) return kn_int_new(RG(self)->step);
    return kn__method_get(self, range_methods, name);
}

static int range_arg(kn_obj *o, int64_t *out, kn_err *err) {
    if (kn_is(o, &kn_type_float) || kn_is(o, &kn_type_str) || !(kn__is_int(o) || o->type->to_int))
        return tc_error_set(err, TC_EXC_TYPE, "'%s' object cannot be interpreted as an integer",
                            kn_type_name(o));
    if (kn__is_int(o) && kn__int_is_big(o)) /* ranges are int64 here */
        return tc_error_set(err, TC_EXC_OVERFLOW, "Python int too large to convert to C ssize_t");
    return kn_to_int64(o, out, err);
}

static kn_obj *range_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    if (args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "range() takes no keyword arguments");
        return NULL;
    }
    if (args->npos < 1 || args->npos > 3) {
        tc_error_set(err, TC_EXC_TYPE,
                     args->npos < 1 ? "range expected at least 1 argument, got %d"
                                    : "range expected at most 3 arguments, got %d",
                     args->npos);
        return NULL;
    }
    int64_t v[3] = {0, 0, 1};
    for (int i = 0; i < args->npos; i++)
        if (range_arg(args->pos[i], &v[args->npos == 1 ? 1 : i], err) < 0) return NULL;
    if (v[2] == 0) {
        tc_error_set(err, TC_EXC_VALUE, "range() arg 3 must not be zero");
        return NULL;
    }
    return kn__range_new(v[0], v[1], v[2]);
}

const kn_type kn_type_range = {
    .name = "range",
    .qualname = "range",
    .doc = "range(stop) -> range object\nrange(start, stop[, step]) -> range object\n\nReturn an "
           "object that produces a sequence of integers from start (inclusive)\nto stop "
           "(exclusive) by step.",
    .repr = range_repr,
    .getattr = range_getattr,
    .compare = range_compare,
    .len = range_len,
    .getitem = range_getitem,
    .iter = range_iter,
    .hash = range_hash,
    .construct = range_construct,
    .contains = range_contains,
};

/* ---- cfunction ----------------------------------------------------------------------- */

#define CF(o) ((kn_cfuncobj *)(o))

kn_obj *kn_cfunction_new(const char *name, kn_cfunc fn, kn_obj *self, const char *signature,
                         const char *doc) {
    kn_cfuncobj *f = (kn_cfuncobj *)kn_obj_alloc(&kn_type_cfunction, sizeof(kn_cfuncobj), NULL);
    if (!f) return NULL;
    f->name = name;
    f->fn = fn;
    f->self = kn_incref(self);
    f->sig = signature ? signature : "";
    f->doc = doc ? doc : "";
    return &f->base;
}

static void cfunc_dealloc(kn_obj *self) {
    kn_decref(CF(self)->self);
}

static kn_obj *cfunc_repr(kn_obj *self, kn_err *err) {
    kn_cfuncobj *f = CF(self);
    if (!f->self || kn_is(f->self, &kn_type_module))
        return kn_str_printf("<built-in function %s>", f->name);
    return kn_str_printf("<built-in method %s of %s object at %p>", f->name, kn_type_name(f->self),
                         (void *)f->self);
}

/* See object.h. */
bool kn_cfunction_parts(const kn_obj *f, kn_cfunc *fn, const char **name, const char **sig,
                        kn_obj **self) {
    if (!kn_is(f, &kn_type_cfunction)) return false;
    *fn = CF(f)->fn;
    *name = CF(f)->name;
    *sig = CF(f)->sig;
    *self = CF(f)->self;
    return true;
}

/* See object.h: what calling a bound builtin method does. */
kn_obj *kn_cfunction_call_with(kn_cfunc fn, const char *name, const char *sig, kn_obj *self,
                               const kn_args *args, kn_err *err) {
    if (args->nkw && kn__check_keywords(args, self, name, sig, err) < 0) return NULL;
    kn_obj *r = fn(self, args, err);
    if (!r && err && err->type == TC_EXC_TYPE) kn__fix_call_error(args, self, name, sig, err);
    return r;
}

static kn_obj *cfunc_call(kn_obj *self, const kn_args *args, kn_err *err) {
    return kn_cfunction_call_with(CF(self)->fn, CF(self)->name, CF(self)->sig, CF(self)->self,
                                  args, err);
}

static kn_obj *cfunc_getattr(kn_obj *self, const char *name, kn_err *err) {
    kn_cfuncobj *f = CF(self);
    if (strcmp(name, "__name__") == 0 || strcmp(name, "__qualname__") == 0)
        return kn_str_from_cstr(f->name);
    if (strcmp(name, "__doc__") == 0) return *f->doc ? kn_str_from_cstr(f->doc) : kn_none_new();
    if (strcmp(name, "__text_signature__") == 0)
        return *f->sig ? kn_str_from_cstr(f->sig) : kn_none_new();
    if (strcmp(name, "__self__") == 0) return kn_incref(f->self ? f->self : kn_none());
    return NULL;
}

static kn_obj *cfunc_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (!kn_is(a, &kn_type_cfunction) || !kn_is(b, &kn_type_cfunction) ||
        (op != KN_CMP_EQ && op != KN_CMP_NE))
        return kn_notimpl();
    bool eq = CF(a)->fn == CF(b)->fn && CF(a)->self == CF(b)->self &&
              strcmp(CF(a)->name, CF(b)->name) == 0;
    return kn_bool_new(op == KN_CMP_EQ ? eq : !eq);
}

static int cfunc_hash(kn_obj *self, int64_t *out, kn_err *err) {
    *out = (int64_t)(((uintptr_t)CF(self)->fn ^ (uintptr_t)CF(self)->self) >> 4);
    return 0;
}

const kn_type kn_type_cfunction = {
    .name = "builtin_function_or_method",
    .qualname = "builtin_function_or_method",
    .dealloc = cfunc_dealloc,
    .repr = cfunc_repr,
    .getattr = cfunc_getattr,
    .call = cfunc_call,
    .compare = cfunc_compare,
    .hash = cfunc_hash,
};

/* ---- module -------------------------------------------------------------------------- */

#define MOD(o) ((kn_moduleobj *)(o))

kn_obj *kn_module_new(const char *name, const char *doc) {
    kn_moduleobj *m = (kn_moduleobj *)kn_obj_alloc(&kn_type_module, sizeof(kn_moduleobj), NULL);
    if (!m) return NULL;
    m->name = kn_str_from_cstr(name);
    m->doc = doc ? kn_str_from_cstr(doc) : kn_none_new();
    m->dict = kn_dict_new();
    if (!m->name || !m->doc || !m->dict) {
        kn_decref(&m->base);
        return NULL;
    }
    kn_dict_set_str(m->dict, "__name__", m->name);
    kn_dict_set_str(m->dict, "__doc__", m->doc);
    return &m->base;
}

/* A module name that outlives every module object (functions keep it for help()). */
static const char *intern_module_name(const char *name) {
    static char *names[64];
    static int count;
    for (int i = 0; i < count; i++)
        if (strcmp(names[i], name) == 0) return names[i];
    if (count == 64) return NULL;
    names[count] = tc_strdup(name); /* kept for the process's life */
    return names[count++];
}

int kn_module_add(kn_obj *module, const char *name, kn_obj *value) {
    if (!module || !value) return -1;
    if (kn_is(value, &kn_type_cfunction) && !CF(value)->self && !CF(value)->module)
        CF(value)->module = intern_module_name(kn_str_cstr(MOD(module)->name));
    return kn_dict_set_str(MOD(module)->dict, name, value);
}

kn_obj *kn_module_dict(kn_obj *module) {
    return MOD(module)->dict;
}

static void module_dealloc(kn_obj *self) {
    kn__sys_forget(MOD(self)->dict);
    kn_decref(MOD(self)->name);
    kn_decref(MOD(self)->doc);
    kn_decref(MOD(self)->dict);
}

static kn_obj *module_repr(kn_obj *self, kn_err *err) {
    return kn_str_printf("<module '%s'>", kn_str_cstr(MOD(self)->name));
}

static kn_obj *module_getattr(kn_obj *self, const char *name, kn_err *err) {
    if (strcmp(name, "__dict__") == 0) return kn_incref(MOD(self)->dict);
    kn_obj *v = kn_dict_get_str(MOD(self)->dict, name);
    if (!v && strcmp(name, "__name__") == 0) v = MOD(self)->name; /* a shared namespace */
    return v ? kn_incref(v) : NULL;
}

kn_obj *kn_mod_builtins_new(kn_obj *dict) {
    kn_obj *m = kn_module_new("builtins", "Built-in functions, types, exceptions, and other objects.");
    if (!m) return NULL;
    kn_decref(MOD(m)->dict);
    MOD(m)->dict = kn_incref(dict);
    return m;
}

static int module_setattr(kn_obj *self, const char *name, kn_obj *value, kn_err *err) {
    if (value) return kn_dict_set_str(MOD(self)->dict, name, value) < 0 ? kn_nomem(err) : 0;
    kn_obj *key = kn_str_from_cstr(name);
    if (!key) return kn_nomem(err);
    kn_err e;
    tc_error_init(&e);
    int rc = kn_dict_get(MOD(self)->dict, key, &e) ? kn_dict_del(MOD(self)->dict, key, err) : -1;
    kn_decref(key);
    if (rc < 0 && !tc_error_is_set(err))
        tc_error_set(err, TC_EXC_ATTRIBUTE, "'module' object has no attribute '%s'", name);
    return rc;
}

kn_obj *kn_module_getattr_hook(kn_obj *module, const char *name, kn_err *err) {
    kn_obj *hook = strcmp(name, "__getattr__") ? kn_dict_get_str(MOD(module)->dict, "__getattr__")
                                               : NULL;
    if (!hook) return NULL;
    kn_obj *key = kn_str_from_cstr(name);
    if (!key) return kn_nomem(err), NULL;
    kn_incref(hook); /* the call may replace it */
    kn_obj *v = kn_call_simple(hook, &key, 1, err);
    kn_decref(hook);
    kn_decref(key);
    return v;
}

static int module_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    kn_obj *hook = kn_dict_get_str(MOD(self)->dict, "__dir__");
    if (hook) { /* PEP 562 */
        kn_incref(hook);
        kn_obj *names = kn_call_simple(hook, NULL, 0, err);
        kn_decref(hook);
        if (!names) return -1;
        kn_obj *it = kn_iter(names, err), *name;
        kn_decref(names);
        if (!it) return -1;
        while ((name = kn_next(it, err))) {
            int rc = kn_list_append(list, name);
            kn_decref(name);
            if (rc < 0) {
                kn_decref(it);
                return kn_nomem(err);
            }
        }
        kn_decref(it);
        return tc_error_is_set(err) ? -1 : 0;
    }
    int64_t i = 0;
    kn_obj *k, *v;
    while (kn_dict_next(MOD(self)->dict, &i, &k, &v))
        kn_list_append(list, k);
    return 0;
}

const kn_type kn_type_module = {
    .name = "module",
    .qualname = "module",
    .doc = "Create a module object.\n\nThe name must be a string; the optional doc argument can "
           "have any type.",
    .dealloc = module_dealloc,
    .repr = module_repr,
    .getattr = module_getattr,
    .setattr = module_setattr,
    .hash = identity_hash,
    .dir = module_dir,
};

#define EX(o) ((kn_excobj *)(o))

/* ---- type objects -------------------------------------------------------------------- */

#define TY(o) ((kn_typeobj *)(o))

static kn_typeobj **type_table;
static size_t type_count, type_cap;

kn_obj *kn_type_object(const kn_type *type) {
    if (type->heap_class) return type->heap_class;
    for (size_t i = 0; i < type_count; i++)
        if (type_table[i]->t == type) return &type_table[i]->base;
    if (type_count == type_cap) {
        size_t cap = type_cap ? type_cap * 2 : 64;
        kn_typeobj **t = tc_reallocarray(type_table, cap, sizeof(*type_table));
        if (!t) return NULL;
        type_table = t;
        type_cap = cap;
    }
    kn_typeobj *o = (kn_typeobj *)kn_obj_alloc(&kn_type_type, sizeof(kn_typeobj), NULL);
    if (!o) return NULL;
    o->base.refcnt = KN__IMMORTAL;
    o->t = type;
    type_table[type_count++] = o;
    return &o->base;
}

const kn_type *kn_type_object_type(const kn_obj *typeobj) {
    if (kn_is_class(typeobj)) return kn__class_inst_type(typeobj);
    return kn_is(typeobj, &kn_type_type) ? ((const kn_typeobj *)typeobj)->t : NULL;
}

static kn_obj *type_repr(kn_obj *self, kn_err *err) {
    const kn_type *t = TY(self)->t;
    return kn_str_printf("<class '%s'>", t->qualname ? t->qualname : t->name);
}

static kn_obj *type_call(kn_obj *self, const kn_args *args, kn_err *err) {
    const kn_type *t = TY(self)->t;
    if (t->construct) return t->construct(t, args, err);
    tc_error_set(err, TC_EXC_TYPE, "cannot create '%s' instances",
                 t->qualname ? t->qualname : t->name);
    return NULL;
}

/* Class attributes registered by the modules that define a type (chain.from_iterable). */
static struct {
    const kn_type *t;
    const char *name;
    kn_obj *value;
} *class_attrs;
static size_t class_attr_count;

int kn__type_add_attr(const kn_type *t, const char *name, kn_obj *value) {
    for (size_t i = 0; i < class_attr_count; i++)
        if (class_attrs[i].t == t && strcmp(class_attrs[i].name, name) == 0) return 0;
    void *grown = tc_realloc(class_attrs, (class_attr_count + 1) * sizeof(*class_attrs));
    if (!grown) return -1;
    class_attrs = grown;
    class_attrs[class_attr_count].t = t;
    class_attrs[class_attr_count].name = name;
    class_attrs[class_attr_count].value = kn_incref(value);
    class_attr_count++;
    return 0;
}

/* ---- method descriptors: str.lower, list.append (a builtin type's method, unbound) ----- */

typedef struct kn_methdescr {
    kn_obj base;
    const kn_type *owner;
    const char *name, *sig, *doc;
    kn_cfunc fn;
    bool slot; /* a wrapper of a type slot (int.__add__): CPython's "slot wrapper" */
} kn_methdescr;
#define MD(o) ((kn_methdescr *)(o))

static const char *type_shown_name(const kn_type *t) {
    return t->qualname ? t->qualname : t->name;
}

static kn_obj *methdescr_repr(kn_obj *self, kn_err *err) {
    return kn_str_printf("<%s '%s' of '%s' objects>", MD(self)->slot ? "slot wrapper" : "method",
                         MD(self)->name, type_shown_name(MD(self)->owner));
}

/* Calling the descriptor calls the method with the first argument as self. */
static kn_obj *methdescr_call(kn_obj *self, const kn_args *args, kn_err *err) {
    kn_methdescr *d = MD(self);
    if (args->npos == 0) {
        tc_error_set(err, TC_EXC_TYPE, "unbound method %s.%s() needs an argument",
                     type_shown_name(d->owner), d->name);
        return NULL;
    }
    kn_obj *obj = args->pos[0];
    if (!kn_is(obj, d->owner) && !(d->owner == &kn_type_int && kn_is(obj, &kn_type_bool))) {
        if (d->slot) {
            tc_error_set(err, TC_EXC_TYPE, "descriptor '%s' requires a '%s' object but received a '%s'",
                         d->name, type_shown_name(d->owner), kn_type_name(obj));
            return NULL;
        }
        tc_error_set(err, TC_EXC_TYPE, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                     d->name, type_shown_name(d->owner), kn_type_name(obj));
        return NULL;
    }
    kn_args rest = *args;
    rest.pos = args->pos + 1;
    rest.npos = args->npos - 1;
    if (rest.nkw && kn__check_keywords(&rest, obj, d->name, d->sig, err) < 0) return NULL;
    kn_obj *r = d->fn(obj, &rest, err);
    if (!r && err && err->type == TC_EXC_TYPE) kn__fix_call_error(&rest, obj, d->name, d->sig, err);
    return r;
}

static kn_obj *methdescr_getattr(kn_obj *self, const char *name, kn_err *err) {
    kn_methdescr *d = MD(self);
    if (strcmp(name, "__name__") == 0) return kn_str_from_cstr(d->name);
    if (strcmp(name, "__qualname__") == 0)
        return kn_str_printf("%s.%s", type_shown_name(d->owner), d->name);
    if (strcmp(name, "__doc__") == 0) return *d->doc ? kn_str_from_cstr(d->doc) : kn_none_new();
    if (strcmp(name, "__text_signature__") == 0)
        return *d->sig ? kn_str_from_cstr(d->sig) : kn_none_new();
    if (strcmp(name, "__objclass__") == 0) return kn_incref(kn_type_object(d->owner));
    return NULL;
}

static const kn_type kn_type_methdescr = {
    .name = "method_descriptor",
    .qualname = "method_descriptor",
    .repr = methdescr_repr,
    .getattr = methdescr_getattr,
    .call = methdescr_call,
    .hash = identity_hash,
};

/* An instance of t to ask for its bound methods (whose function and texts the descriptor
 * copies), for the builtin types whose methods take a self; NULL for the others. */
static kn_obj *prototype(const kn_type *t) {
    if (t == &kn_type_str) return kn_str_new("", 0);
    if (t == &kn_type_list) return kn_list_new(0);
    if (t == &kn_type_tuple) return kn_tuple_new(0);
    if (t == &kn_type_dict) return kn_dict_new();
    if (t == &kn_type_int) return kn_int_new(0);
    if (t == &kn_type_float) return kn_float_new(0.0);
    if (t == &kn_type_bool) return kn_bool_new(false);
    if (t == &kn_type_bytes) return kn_bytes_new("", 0);
    if (t == &kn_type_bytearray) return kn_bytearray_new("", 0);
    if (t == &kn_type_set) return kn_set_new();
    if (t == &kn_type_complex) return kn_complex_new(0, 0);
    return NULL;
}

/* str.lower and the like: a method descriptor for a method of t's instances, or NULL. */
static kn_obj *unbound_method(const kn_type *t, const char *name, kn_err *err) {
    kn_obj *proto = prototype(t);
    if (!proto) return NULL;
    kn_obj *m = t->getattr ? t->getattr(proto, name, NULL) : NULL;
    bool slot = !m;
    if (!m) m = kn__slot_method(proto, name);
    kn_obj *r = NULL;
    if (m && kn_is(m, &kn_type_cfunction) && CF(m)->self == proto) {
        kn_methdescr *d =
            (kn_methdescr *)kn_obj_alloc(&kn_type_methdescr, sizeof(kn_methdescr), err);
        if (d) {
            d->owner = t;
            d->name = CF(m)->name;
            d->sig = CF(m)->sig;
            d->doc = CF(m)->doc;
            d->fn = CF(m)->fn;
            d->slot = slot;
            r = &d->base;
        }
    }
    kn_decref(m);
    kn_decref(proto);
    return r;
}

static kn_obj *type_getattr(kn_obj *self, const char *name, kn_err *err) {
    const kn_type *t = TY(self)->t;
    for (size_t i = 0; i < class_attr_count; i++)
        if (class_attrs[i].t == t && strcmp(class_attrs[i].name, name) == 0)
            return kn_incref(class_attrs[i].value);
    if (strcmp(name, "__name__") == 0) { /* "numpy.int64" names itself so in messages */
        const char *dot = strrchr(t->name, '.');
        return kn_str_from_cstr(dot ? dot + 1 : t->name);
    }
    if (strcmp(name, "__qualname__") == 0) {
        const char *q = t->qualname ? t->qualname : t->name, *dot = strrchr(q, '.');
        return kn_str_from_cstr(dot ? dot + 1 : q);
    }
    if (strcmp(name, "__module__") == 0) {
        const char *q = t->qualname ? t->qualname : t->name, *dot = strrchr(q, '.');
        return dot ? kn_str_new(q, (size_t)(dot - q)) : kn_str_from_cstr("builtins");
    }
    if (strcmp(name, "__doc__") == 0) return t->doc ? kn_str_from_cstr(t->doc) : kn_none_new();
    if (t == &kn_type_dict && strcmp(name, "fromkeys") == 0)
        return kn_cfunction_new("fromkeys", kn__dict_fromkeys, self, "(iterable, value=None, /)",
                                "Create a new dictionary with keys from iterable and values set "
                                "to value.");
    return unbound_method(t, name, err);
}

/* type(x): the class of x (an exception value reports its exception class). */
static kn_obj *type_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    if (args->npos == 3) /* type(name, bases, dict, **kwds): a new class */
        return kn_type_new(NULL, args, err);
    if (args->npos != 1 || args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "type() takes 1 or 3 arguments");
        return NULL;
    }
    kn_obj *o = args->pos[0];
    if (kn_is(o, &kn_type_class_meta)) return kn_getattr(o, "__class__", err);
    if (kn_is_class(o)) return kn_incref(kn_type_object(&kn_type_type));
    if (kn_is(o, &kn_type_exception)) return kn_incref(kn_type_object(kn__exc_type(EX(o)->kind)));
    return kn_incref(kn_type_object(o->type));
}

/* list[int], dict[str, int]: types.GenericAlias of the builtin containers (PEP 585), so
 * that annotations written with them evaluate. Calling one calls its origin. */
typedef struct galias {
    kn_obj base;
    kn_obj *origin, *args; /* a type object and a tuple */
} galias;

static void galias_dealloc(kn_obj *self) {
    kn_decref(((galias *)self)->origin);
    kn_decref(((galias *)self)->args);
}

/* typing's _type_repr: a class as its (module-qualified unless builtin) name, ... as
 * "...", anything else by repr. */
static void galias_arg_repr(tc_strbuf *b, kn_obj *a, kn_err *err) {
    if (a == kn_ellipsis()) {
        tc_strbuf_puts(b, "...");
        return;
    }
    kn_err e1 = {0}, e2 = {0};
    kn_obj *qn = kn_is(a, &kn_type_type) || kn_is_class(a)
                     ? kn_getattr(a, "__qualname__", &e1)
                     : NULL;
    kn_obj *mod = qn ? kn_getattr(a, "__module__", &e2) : NULL;
    if (qn && kn_is(qn, &kn_type_str)) {
        if (mod && kn_is(mod, &kn_type_str) && strcmp(kn_str_cstr(mod), "builtins") != 0)
            tc_strbuf_printf(b, "%s.", kn_str_cstr(mod));
        tc_strbuf_puts(b, kn_str_cstr(qn));
    } else {
        kn__strbuf_repr(b, a, err);
    }
    kn_decref(qn);
    kn_decref(mod);
}

static kn_obj *galias_repr(kn_obj *self, kn_err *err) {
    galias *g = (galias *)self;
    tc_strbuf b = {0};
    galias_arg_repr(&b, g->origin, err);
    tc_strbuf_putc(&b, '[');
    int64_t n = kn_tuple_len(g->args);
    if (n == 0) tc_strbuf_puts(&b, "()");
    for (int64_t i = 0; i < n; i++) {
        if (i) tc_strbuf_puts(&b, ", ");
        galias_arg_repr(&b, kn_tuple_items(g->args)[i], err);
    }
    tc_strbuf_putc(&b, ']');
    if (tc_error_is_set(err)) {
        tc_strbuf_free(&b);
        return NULL;
    }
    return kn__strbuf_finish(&b, err);
}

static kn_obj *galias_call(kn_obj *self, const kn_args *args, kn_err *err) {
    return kn_call(((galias *)self)->origin, args, err);
}

static kn_obj *galias_getattr(kn_obj *self, const char *name, kn_err *err) {
    galias *g = (galias *)self;
    if (strcmp(name, "__origin__") == 0) return kn_incref(g->origin);
    if (strcmp(name, "__args__") == 0) return kn_incref(g->args);
    return kn_getattr(g->origin, name, err);
}

static int galias_hash(kn_obj *self, int64_t *out, kn_err *err) {
    *out = (int64_t)((uintptr_t)self >> 4);
    return 0;
}

static const kn_type type_galias = {
    .name = "GenericAlias",
    .qualname = "types.GenericAlias",
    .dealloc = galias_dealloc,
    .repr = galias_repr,
    .call = galias_call,
    .getattr = galias_getattr,
    .hash = galias_hash,
};

static kn_obj *type_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    const kn_type *t = TY(self)->t;
    static const char *const generic[] = {"list", "dict", "tuple", "set", "frozenset", "type"};
    bool ok = false;
    for (size_t i = 0; !ok && i < sizeof generic / sizeof generic[0]; i++)
        ok = strcmp(t->name, generic[i]) == 0;
    if (!ok) {
        tc_error_set(err, TC_EXC_TYPE, "type '%s' is not subscriptable",
                     t->qualname ? t->qualname : t->name);
        return NULL;
    }
    galias *g = (galias *)kn_obj_alloc(&type_galias, sizeof *g, err);
    if (!g) return NULL;
    g->origin = kn_incref(self);
    if (kn_is(key, &kn_type_tuple)) {
        g->args = kn_incref(key);
    } else if ((g->args = kn_tuple_new(1))) {
        kn_tuple_set(g->args, 0, kn_incref(key));
    } else {
        kn_decref(&g->base);
        kn_nomem(err);
        return NULL;
    }
    return &g->base;
}

const kn_type kn_type_type = {
    .name = "type",
    .qualname = "type",
    .doc = "type(object) -> the object's type\ntype(name, bases, dict, **kwds) -> a new type",
    .repr = type_repr,
    .getattr = type_getattr,
    .getitem = type_getitem,
    .call = type_call,
    .hash = identity_hash,
    .construct = type_construct,
};

/* ---- object -------------------------------------------------------------------------- */

static kn_obj *object_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    if (args->npos || args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "object() takes no arguments");
        return NULL;
    }
    return kn_obj_alloc(&kn__type_objectbase, sizeof(kn_obj), err);
}

const kn_type kn__type_objectbase = {
    .name = "object",
    .qualname = "object",
    .doc = "The base class of the class hierarchy.",
    .hash = identity_hash,
    .construct = object_construct,
};

/* ---- exceptions ---------------------------------------------------------------------- */

static kn_obj *exc_construct(const kn_type *type, const kn_args *args, kn_err *err);

static const kn_type exc_types[TC_EXC_COUNT] = {
#define KN__EXC_TYPE(id, pyname)                                                                   \
    [TC_EXC_##id] = {.name = (TC_EXC_##id == TC_EXC_NONE ? "Exception" : pyname),                  \
                     .qualname = (TC_EXC_##id == TC_EXC_NONE    ? "Exception"                   \
                                  : TC_EXC_##id == TC_EXC_LINALG ? "torch._C._LinAlgError"       \
                                                                 : pyname),                      \
                     .doc = "Common base class for all exceptions.",                               \
                     .hash = identity_hash,                                                        \
                     .construct = exc_construct},
    TC_EXC_LIST(KN__EXC_TYPE)
#undef KN__EXC_TYPE
};

const kn_type *kn__exc_type(tc_exc kind) {
    if (kind <= TC_EXC_NONE || kind >= TC_EXC_COUNT) kind = TC_EXC_EXCEPTION;
    return &exc_types[kind];
}

kn_obj *kn_exception_class(tc_exc kind) { return kn_type_object(kn__exc_type(kind)); }

bool kn__exc_type_kind(const kn_type *t, tc_exc *kind) {
    if (t < exc_types || t >= exc_types + TC_EXC_COUNT) return false;
    if (kind) *kind = (tc_exc)(t - exc_types);
    return true;
}

bool kn_is_exception_class(const kn_obj *o, tc_exc *kind) {
    return kn_is(o, &kn_type_type) && kn__exc_type_kind(TY(o)->t, kind);
}

static kn_obj *exc_value_new(tc_exc kind, kn_obj *args, kn_obj *msg) {
    kn_excobj *e = (kn_excobj *)kn_obj_alloc(&kn_type_exception, sizeof(kn_excobj), NULL);
    if (!e || !args || !msg) {
        kn_decref(args);
        kn_decref(msg);
        if (e) kn_decref(&e->base);
        return NULL;
    }
    e->kind = kind;
    e->args = args;
    e->msg = msg;
    return &e->base;
}

/* A KeyError raised by the kernel carries repr(key) as its message; recover the key for
 * e.args and repr(e) when it is a plain string or integer literal. */
static kn_obj *key_from_repr(const char *msg) {
    size_t n = strlen(msg);
    if (n >= 2 && (msg[0] == '\'' || msg[0] == '"') && msg[n - 1] == msg[0]) {
        /* undo str's repr: its escapes are \\ \' \" \n \r \t \xNN \uNNNN \UNNNNNNNN */
        tc_strbuf b = {0};
        for (size_t i = 1; i < n - 1; i++) {
            char c = msg[i];
            if (c == msg[0]) goto not_repr;
            if (c != '\\') {
                tc_strbuf_putc(&b, c);
                continue;
            }
            char e = msg[++i];
            int digits = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
            if (digits) {
                char hex[9] = {0};
                if (i + (size_t)digits >= n - 1) goto not_repr;
                memcpy(hex, msg + i + 1, (size_t)digits);
                char *end;
                unsigned long cp = strtoul(hex, &end, 16);
                if (*end || cp > 0x10FFFF) goto not_repr;
                char u[4];
                size_t ul = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                if (ul == 1) u[0] = (char)cp;
                else if (ul == 2) u[0] = (char)(0xC0 | (cp >> 6)), u[1] = (char)(0x80 | (cp & 0x3F));
                else if (ul == 3)
                    u[0] = (char)(0xE0 | (cp >> 12)), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
                    u[2] = (char)(0x80 | (cp & 0x3F));
                else
                    u[0] = (char)(0xF0 | (cp >> 18)), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
                    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F));
                tc_strbuf_append(&b, u, ul);
                i += (size_t)digits;
            } else if (e == 'n' || e == 'r' || e == 't') {
                tc_strbuf_putc(&b, e == 'n' ? '\n' : e == 'r' ? '\r' : '\t');
            } else if (e == '\\' || e == '\'' || e == '"') {
                tc_strbuf_putc(&b, e);
            } else {
                goto not_repr;
            }
        }
        kn_obj *r = kn_str_new(b.data ? b.data : "", b.len);
        tc_strbuf_free(&b);
        return r;
    not_repr:
        tc_strbuf_free(&b);
        return NULL;
    }
    char *end;
    long long v = strtoll(msg, &end, 10);
    if (n && *end == 0 && (msg[0] == '-' || (msg[0] >= '0' && msg[0] <= '9'))) return kn_int_new(v);
    double f = strtod(msg, &end);
    if (n && *end == 0 && (msg[0] == '-' || (msg[0] >= '0' && msg[0] <= '9') || msg[0] == 'i'))
        return kn_float_new(f);
    if (strcmp(msg, "None") == 0) return kn_none_new();
    if (strcmp(msg, "True") == 0 || strcmp(msg, "False") == 0) return kn_bool_new(msg[0] == 'T');
    return NULL;
}

static bool is_os_kind(tc_exc k) {
    return k == TC_EXC_OS || k == TC_EXC_FILE_NOT_FOUND || k == TC_EXC_FILE_EXISTS ||
           k == TC_EXC_PERMISSION || k == TC_EXC_IS_A_DIRECTORY || k == TC_EXC_NOT_A_DIRECTORY;
}

/* An OSError the kernel raised as "[Errno 2] No such file or directory: 'x'" gets CPython's
 * args (errno, strerror) and its errno, strerror and filename attributes; NULL when the
 * message has another form (m is kept either way). */
static kn_obj *os_error_value(tc_exc type, const char *msg, kn_obj *m) {
    int no = 0, used = 0;
    if (sscanf(msg, "[Errno %d] %n", &no, &used) != 1 || used == 0) return NULL;
    const char *text = msg + used, *sep = strstr(text, ": '");
    if (!sep) sep = strstr(text, ": \"");
    size_t tl = sep ? (size_t)(sep - text) : strlen(text);
    kn_obj *eno = kn_int_new(no), *str = kn_str_new(text, tl);
    kn_obj *fname = sep ? key_from_repr(sep + 2) : NULL;
    kn_obj *pair[2] = {eno, str};
    kn_obj *args = eno && str ? kn__tuple_from(pair, 2) : NULL;
    kn_obj *d = kn_dict_new();
    if (d && eno && str) {
        kn_dict_set_str(d, "errno", eno);
        kn_dict_set_str(d, "strerror", str);
        kn_dict_set_str(d, "filename", fname ? fname : kn_none());
    }
    kn_decref(eno);
    kn_decref(str);
    kn_decref(fname);
    if (!args || !d) {
        kn_decref(args);
        kn_decref(d);
        return NULL;
    }
    kn_obj *e = exc_value_new(type, args, kn_incref(m)); /* takes args and the new ref */
    if (!e) {
        kn_decref(d);
        return NULL;
    }
    ((kn_excobj *)e)->dict = d;
    kn_decref(m); /* the caller's reference: e holds the string now */
    return e;
}

kn_obj *kn_exception_new(tc_exc type, const char *msg) {
    kn_obj *m = kn_str_from_cstr(msg ? msg : "");
    if (!m) return NULL;
    kn_obj *key = type == TC_EXC_KEY              ? key_from_repr(kn_str_cstr(m))
                  : type == TC_EXC_STOP_ITERATION ? kn__stop_value_for(kn_str_cstr(m))
                                                  : NULL;
    /* float ** overflowing is OverflowError(errno, strerror) in CPython */
    static const char erange[] = "Numerical result out of range";
    if (type == TC_EXC_OVERFLOW && msg && strcmp(msg, "(34, 'Numerical result out of range')") == 0) {
        kn_obj *pair[2] = {kn_int_new(34), kn_str_from_cstr(erange)};
        kn_obj *args = pair[0] && pair[1] ? kn__tuple_from(pair, 2) : NULL;
        kn_decref(pair[0]);
        kn_decref(pair[1]);
        return exc_value_new(type, args, m);
    }
    if (is_os_kind(type) && msg) {
        kn_obj *e = os_error_value(type, msg, m);
        if (e) return e;
    }
    kn_obj *args = key           ? kn__tuple_from(&key, 1)
                   : msg && *msg ? kn__tuple_from(&m, 1)
                                 : kn_tuple_new(0);
    kn_decref(key);
    return exc_value_new(type, args, m);
}

tc_exc kn_exception_kind(const kn_obj *e) {
    return ((const kn_excobj *)e)->kind;
}
const char *kn_exception_msg(const kn_obj *e) {
    return kn_str_cstr(((const kn_excobj *)e)->msg);
}

static kn_obj *exc_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    tc_exc kind = TC_EXC_EXCEPTION;
    kn__exc_type_kind(type, &kind);
    if (kind == TC_EXC_NONE) kind = TC_EXC_EXCEPTION;
    if (args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "%s() takes no keyword arguments", type->name);
        return NULL;
    }
    kn_obj *t = kn__tuple_from(args->pos, args->npos);
    if (!t) {
        kn_nomem(err);
        return NULL;
    }
    if (is_os_kind(kind) && (args->npos == 2 || args->npos == 3) && kn__is_int(args->pos[0])) {
        /* OSError(errno, strerror[, filename]): "[Errno 2] No such file: 'x'", with the
         * attributes, as CPython */
        int64_t no = 0;
        kn_obj *se = kn_str(args->pos[1], err);
        kn_obj *rp = se && args->npos == 3 ? kn_repr(args->pos[2], err) : NULL;
        kn_decref(t);
        if (!se || kn_to_int64(args->pos[0], &no, err) < 0 || (args->npos == 3 && !rp)) {
            kn_decref(se);
            kn_decref(rp);
            return NULL;
        }
        tc_strbuf b = {0};
        tc_strbuf_printf(&b, "[Errno %lld] %s", (long long)no, kn_str_cstr(se));
        if (rp) tc_strbuf_printf(&b, ": %s", kn_str_cstr(rp));
        kn_decref(se);
        kn_decref(rp);
        kn_obj *text = kn__strbuf_finish(&b, err);
        kn_obj *e = text ? kn_exception_new(kind, kn_str_cstr(text)) : NULL;
        kn_decref(text);
        if (!e && text) kn_nomem(err);
        return e;
    }
    kn_obj *msg;
    if (args->npos == 0)
        msg = kn_str_new("", 0);
    else if (args->npos == 1)
        msg = kind == TC_EXC_KEY ? kn_repr(args->pos[0], err) : kn_str(args->pos[0], err);
    else
        msg = kn_repr(t, err);
    if (!msg) {
        kn_decref(t);
        return NULL;
    }
    return exc_value_new(kind, t, msg);
}

static void exc_dealloc(kn_obj *self) {
    kn_decref(EX(self)->args);
    kn_decref(EX(self)->msg);
    kn_decref(EX(self)->cause);
    kn_decref(EX(self)->dict);
}

static kn_obj *exc_repr(kn_obj *self, kn_err *err) {
    tc_strbuf b = {0};
    tc_strbuf_puts(&b, tc_exc_name(EX(self)->kind));
    kn_obj *args = EX(self)->args;
    if (kn_tuple_len(args) == 1) {
        tc_strbuf_putc(&b, '(');
        if (kn__strbuf_repr(&b, kn_tuple_items(args)[0], err) < 0) goto fail;
        tc_strbuf_putc(&b, ')');
    } else if (kn__strbuf_repr(&b, args, err) < 0) {
        goto fail;
    }
    return kn__strbuf_finish(&b, err);
fail:
    tc_strbuf_free(&b);
    return NULL;
}

static kn_obj *exc_str(kn_obj *self, kn_err *err) {
    return kn_incref(EX(self)->msg);
}

static kn_obj *exc_getattr(kn_obj *self, const char *name, kn_err *err) {
    kn_excobj *e = EX(self);
    if (strcmp(name, "args") == 0) return kn_incref(e->args);
    if (strcmp(name, "value") == 0 && e->kind == TC_EXC_STOP_ITERATION)
        return kn_incref(kn_tuple_len(e->args) ? kn_tuple_items(e->args)[0] : kn_none());
    if (strcmp(name, "code") == 0 && e->kind == TC_EXC_SYSTEM_EXIT) /* as CPython's */
        return kn_incref(kn_tuple_len(e->args) == 0   ? kn_none()
                         : kn_tuple_len(e->args) == 1 ? kn_tuple_items(e->args)[0]
                                                      : e->args);
    if (strcmp(name, "__cause__") == 0) return kn_incref(e->cause ? e->cause : kn_none());
    if (strcmp(name, "__context__") == 0 || strcmp(name, "__traceback__") == 0)
        return kn_none_new(); /* the evaluator keeps the context and traceback aside */
    if (strcmp(name, "__suppress_context__") == 0) return kn_bool_new(e->suppress);
    if (strcmp(name, "__dict__") == 0) {
        if (!e->dict && !(e->dict = kn_dict_new())) return kn_nomem(err), NULL;
        return kn_incref(e->dict);
    }
    kn_obj *v = e->dict ? kn_dict_get_str(e->dict, name) : NULL;
    if (!v && is_os_kind(e->kind) && (!strcmp(name, "errno") || !strcmp(name, "strerror") ||
                                      !strcmp(name, "filename") || !strcmp(name, "filename2")))
        v = kn_none(); /* an OSError made without an errno has them as None */
    return kn_incref(v);
}

/* e.__cause__ = c (None or an exception, which also sets __suppress_context__, as CPython),
 * e.__suppress_context__ = flag, and any other attribute into the instance's dict. */
static int exc_setattr(kn_obj *self, const char *name, kn_obj *value, kn_err *err) {
    kn_excobj *e = EX(self);
    if (strcmp(name, "__cause__") == 0) {
        if (!value) return tc_error_set(err, TC_EXC_TYPE, "__cause__ may not be deleted");
        if (value != kn_none() && !kn_is(value, &kn_type_exception) &&
            !(kn_is_instance_obj(value) &&
              kn_class_exc_kind(value->type->heap_class) != TC_EXC_NONE))
            return tc_error_set(err, TC_EXC_TYPE,
                                "exception cause must be None or derive from BaseException");
        kn_decref(e->cause);
        e->cause = value == kn_none() ? NULL : kn_incref(value);
        e->suppress = true;
        return 0;
    }
    if (strcmp(name, "__suppress_context__") == 0) {
        int t = value ? kn_truth(value, err) : 0;
        if (t < 0) return -1;
        e->suppress = t;
        return 0;
    }
    if (strcmp(name, "args") == 0 && value) {
        kn_args a = {&value, 1, NULL, NULL, 0};
        kn_obj *t = kn__tuple_construct(&kn_type_tuple, &a, err);
        if (!t) return -1;
        /* str(e) follows, as BaseException.__str__: '', str(the one arg), repr(args) */
        int64_t n = kn_tuple_len(t);
        kn_obj *m = n == 0 ? kn_str_from_cstr("")
                    : n > 1 ? kn_repr(t, err)
                    : e->kind == TC_EXC_KEY ? kn_repr(kn_tuple_items(t)[0], err)
                                            : kn_str(kn_tuple_items(t)[0], err);
        if (!m) {
            kn_decref(t);
            return tc_error_is_set(err) ? -1 : kn_nomem(err);
        }
        kn_decref(e->args);
        kn_decref(e->msg);
        e->args = t;
        e->msg = m;
        return 0;
    }
    if (!e->dict && !(e->dict = kn_dict_new())) return kn_nomem(err);
    if (value) return kn_dict_set_str(e->dict, name, value) < 0 ? kn_nomem(err) : 0;
    kn_obj *key = kn_str_from_cstr(name);
    if (!key) return kn_nomem(err);
    kn_err e2;
    tc_error_init(&e2);
    int rc = kn_dict_get(e->dict, key, &e2) ? kn_dict_del(e->dict, key, err) : -1;
    kn_decref(key);
    if (rc < 0 && !tc_error_is_set(err))
        tc_error_set(err, TC_EXC_ATTRIBUTE, "'%s' object has no attribute '%s'",
                     kn_type_name(self), name);
    return rc;
}

const kn_type kn_type_exception = {
    .name = "Exception",
    .qualname = "Exception",
    .doc = "Common base class for all non-exit exceptions.",
    .dealloc = exc_dealloc,
    .repr = exc_repr,
    .str = exc_str,
    .getattr = exc_getattr,
    .setattr = exc_setattr,
    .hash = identity_hash,
};
