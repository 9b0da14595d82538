/*
 * The collections module: namedtuple, deque, defaultdict, OrderedDict and Counter, with
 * CPython 3.11's repr, equality, iteration and error messages.
 *
 * There are no user classes yet, so the dict flavours are C types that wrap a dict: their
 * own methods (most_common, move_to_end, ...) come first and every other dict method is the
 * wrapped dict's (keys(), get(), update(), ...). They are not instances of dict
 * (isinstance(Counter(), dict) is False here) and json does not take them. A namedtuple
 * class is a callable class object; its instances wrap a tuple and behave as one for
 * indexing, unpacking, comparison and hashing.
 */
#include "kernel/objects/collections.h"
#include "kernel/objects/objects-impl.h"

static void add_new(kn_obj *m, const char *name, kn_obj *v) {
    kn_module_add(m, name, v);
    kn_decref(v);
}

static kn_obj *iter_self(kn_obj *self, kn_err *err) { return kn_incref(self); }

/* ==== namedtuple ======================================================================= */

typedef struct ntclass {
    kn_obj base;
    kn_obj *name;     /* str */
    kn_obj *module;   /* str */
    kn_obj *fields;   /* tuple of str */
    kn_obj *defaults; /* dict field -> default */
} ntclass;

typedef struct ntobj {
    kn_obj base;
    ntclass *cls;
    kn_obj *t; /* the tuple */
} ntobj;

#define NC(o) ((ntclass *)(o))
#define NT(o) ((ntobj *)(o))

static const kn_type type_ntclass, type_nt;

static void ntclass_dealloc(kn_obj *self) {
    kn_decref(NC(self)->name);
    kn_decref(NC(self)->module);
    kn_decref(NC(self)->fields);
    kn_decref(NC(self)->defaults);
}

static kn_obj *nt_wrap(ntclass *cls, kn_obj *t, kn_err *err) {
    ntobj *o = (ntobj *)kn_obj_alloc(&type_nt, sizeof(ntobj), err);
    if (!o) {
        kn_decref(t);
        return NULL;
    }
    o->cls = (ntclass *)kn_incref(&cls->base);
    o->t = t;
    return &o->base;
}

static kn_obj *ntclass_call(kn_obj *self, const kn_args *args, kn_err *err) {
    ntclass *c = NC(self);
    int64_t n = kn_tuple_len(c->fields);
    const char *cname = kn_str_cstr(c->name);
    if (args->npos > n) {
        tc_error_set(err, TC_EXC_TYPE, "%s.__new__() takes %lld positional arguments but %d "
                                       "were given",
                     cname, (long long)n + 1, args->npos + 1);
        return NULL;
    }
    kn_obj **items = tc_calloc((size_t)(n ? n : 1), sizeof(kn_obj *));
    if (!items) {
        kn_nomem(err);
        return NULL;
    }
    for (int i = 0; i < args->npos; i++)
        items[i] = kn_incref(args->pos[i]);
    for (int i = 0; i < args->nkw; i++) {
        int64_t f = -1;
        for (int64_t j = 0; j < n; j++)
            if (strcmp(kn_str_cstr(kn_tuple_items(c->fields)[j]), args->kwnames[i]) == 0) f = j;
        if (f < 0) {
            tc_error_set(err, TC_EXC_TYPE, "%s.__new__() got an unexpected keyword argument '%s'",
                         cname, args->kwnames[i]);
            goto fail;
        }
        if (items[f]) {
            tc_error_set(err, TC_EXC_TYPE, "%s.__new__() got multiple values for argument '%s'",
                         cname, args->kwnames[i]);
            goto fail;
        }
        items[f] = kn_incref(args->kwvals[i]);
    }
    int missing = 0;
    for (int64_t j = 0; j < n; j++) {
        if (items[j]) continue;
        kn_obj *d = kn_dict_get(c->defaults, kn_tuple_items(c->fields)[j], err);
        if (d)
            items[j] = kn_incref(d);
        else
            missing++;
    }
    if (missing) {
        tc_strbuf b = {0};
        int k = 0;
        for (int64_t j = 0; j < n; j++) {
            if (items[j]) continue;
            if (k) tc_strbuf_puts(&b, missing == 2 ? " and " : k == missing - 1 ? ", and " : ", ");
            tc_strbuf_printf(&b, "'%s'", kn_str_cstr(kn_tuple_items(c->fields)[j]));
            k++;
        }
        tc_strbuf_putc(&b, 0);
        tc_error_set(err, TC_EXC_TYPE, "%s.__new__() missing %d required positional argument%s: "
                                       "%s",
                     cname, missing, missing == 1 ? "" : "s", b.data);
        tc_strbuf_free(&b);
        goto fail;
    }
    kn_obj *t = kn_tuple_new(n);
    for (int64_t j = 0; j < n; j++)
        kn_tuple_set(t, j, items[j]);
    tc_free(items);
    return nt_wrap(c, t, err);
fail:
    for (int64_t j = 0; j < n; j++)
        kn_decref(items[j]);
    tc_free(items);
    return NULL;
}

static kn_obj *ntclass_repr(kn_obj *self, kn_err *err) {
    return kn_str_printf("<class '%s.%s'>", kn_str_cstr(NC(self)->module),
                         kn_str_cstr(NC(self)->name));
}

static kn_obj *nt_make(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"iterable"};
    kn_obj *a[1];
    if (KN__BIND(args, "_make", names, 1, a, err) < 0) return NULL;
    kn_obj *l = kn__list_from_iter(a[0], err);
    if (!l) return NULL;
    int64_t n = kn_tuple_len(NC(self)->fields);
    if (kn_list_len(l) != n) {
        tc_error_set(err, TC_EXC_TYPE, "Expected %lld arguments, got %lld", (long long)n,
                     (long long)kn_list_len(l));
        kn_decref(l);
        return NULL;
    }
    kn_obj *t = kn__tuple_from(kn_list_items(l), n);
    kn_decref(l);
    return nt_wrap(NC(self), t, err);
}

static const kn__method ntclass_methods[] = {
    {"_make", nt_make, "(iterable)", "Make a new object from a sequence or iterable"},
    {NULL, NULL, NULL, NULL},
};

static kn_obj *ntclass_getattr(kn_obj *self, const char *name, kn_err *err) {
    ntclass *c = NC(self);
    if (strcmp(name, "_fields") == 0) return kn_incref(c->fields);
    if (strcmp(name, "_field_defaults") == 0) return kn__dict_copy(c->defaults);
    if (strcmp(name, "__name__") == 0 || strcmp(name, "__qualname__") == 0)
        return kn_incref(c->name);
    if (strcmp(name, "__module__") == 0) return kn_incref(c->module);
    return kn__method_get(self, ntclass_methods, name);
}

static int64_t identity_hash_val(kn_obj *o) { return (int64_t)((uintptr_t)o >> 4); }

static int ntclass_hash(kn_obj *self, int64_t *out, kn_err *err) {
    *out = identity_hash_val(self);
    return 0;
}

static const kn_type type_ntclass = {
    .name = "type",
    .qualname = "type",
    .dealloc = ntclass_dealloc,
    .repr = ntclass_repr,
    .getattr = ntclass_getattr,
    .call = ntclass_call,
    .hash = ntclass_hash,
};

static void nt_dealloc(kn_obj *self) {
    kn_decref(&NT(self)->cls->base);
    kn_decref(NT(self)->t);
}

static kn_obj *nt_repr(kn_obj *self, kn_err *err) {
    ntobj *o = NT(self);
    if (kn__repr_enter(self)) return kn_str_from_cstr("...");
    tc_strbuf b = {0};
    tc_strbuf_printf(&b, "%s(", kn_str_cstr(o->cls->name));
    for (int64_t i = 0; i < kn_tuple_len(o->t); i++) {
        if (i) tc_strbuf_puts(&b, ", ");
        tc_strbuf_printf(&b, "%s=", kn_str_cstr(kn_tuple_items(o->cls->fields)[i]));
        if (kn__strbuf_repr(&b, kn_tuple_items(o->t)[i], err) < 0) {
            kn__repr_leave(self);
            tc_strbuf_free(&b);
            return NULL;
        }
    }
    tc_strbuf_putc(&b, ')');
    kn__repr_leave(self);
    return kn__strbuf_finish(&b, err);
}

static kn_obj *nt_asdict(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "_asdict", err) < 0) return NULL;
    kn_obj *d = kn_dict_new();
    for (int64_t i = 0; i < kn_tuple_len(NT(self)->t); i++)
        if (kn_dict_set(d, kn_tuple_items(NT(self)->cls->fields)[i], kn_tuple_items(NT(self)->t)[i],
                        err) < 0) {
            kn_decref(d);
            return NULL;
        }
    return d;
}

static kn_obj *nt_replace(kn_obj *self, const kn_args *args, kn_err *err) {
    ntobj *o = NT(self);
    if (args->npos) {
        tc_error_set(err, TC_EXC_TYPE, "%s._replace() takes 1 positional argument but %d were "
                                       "given",
                     kn_str_cstr(o->cls->name), args->npos + 1);
        return NULL;
    }
    int64_t n = kn_tuple_len(o->t);
    kn_obj *t = kn__tuple_from(kn_tuple_items(o->t), n);
    tc_strbuf bad = {0};
    for (int i = 0; i < args->nkw; i++) {
        int64_t f = -1;
        for (int64_t j = 0; j < n; j++)
            if (strcmp(kn_str_cstr(kn_tuple_items(o->cls->fields)[j]), args->kwnames[i]) == 0)
                f = j;
        if (f < 0) {
            tc_strbuf_puts(&bad, bad.len ? ", '" : "'");
            tc_strbuf_puts(&bad, args->kwnames[i]);
            tc_strbuf_putc(&bad, '\'');
            continue;
        }
        kn_decref(kn_tuple_items(t)[f]);
        kn_tuple_items(t)[f] = kn_incref(args->kwvals[i]);
    }
    if (bad.len) {
        tc_strbuf_putc(&bad, 0);
        tc_error_set(err, TC_EXC_VALUE, "Got unexpected field names: [%s]", bad.data);
        tc_strbuf_free(&bad);
        kn_decref(t);
        return NULL;
    }
    return nt_wrap(o->cls, t, err);
}

static kn_obj *nt_tuple_method(kn_obj *self, const char *name, const kn_args *args,
                               kn_err *err) {
    kn_obj *m = kn_getattr(NT(self)->t, name, err);
    if (!m) return NULL;
    kn_obj *r = kn_call(m, args, err);
    kn_decref(m);
    return r;
}

static kn_obj *nt_count(kn_obj *self, const kn_args *args, kn_err *err) {
    return nt_tuple_method(self, "count", args, err);
}

static kn_obj *nt_index(kn_obj *self, const kn_args *args, kn_err *err) {
    return nt_tuple_method(self, "index", args, err);
}

static const kn__method nt_methods[] = {
    {"_asdict", nt_asdict, "()", "Return a new dict which maps field names to their values."},
    {"_replace", nt_replace, "(**kwds)",
     "Return a new namedtuple object replacing specified fields with new values"},
    {"count", nt_count, "(value, /)", "Return number of occurrences of value."},
    {"index", nt_index, "(value, start=0, stop=sys.maxsize, /)",
     "Return first index of value."},
    {NULL, NULL, NULL, NULL},
};

static kn_obj *nt_getattr(kn_obj *self, const char *name, kn_err *err) {
    ntobj *o = NT(self);
    for (int64_t i = 0; i < kn_tuple_len(o->t); i++)
        if (strcmp(kn_str_cstr(kn_tuple_items(o->cls->fields)[i]), name) == 0)
            return kn_incref(kn_tuple_items(o->t)[i]);
    if (strcmp(name, "_fields") == 0) return kn_incref(o->cls->fields);
    if (strcmp(name, "_field_defaults") == 0) return kn__dict_copy(o->cls->defaults);
    if (strcmp(name, "__class__") == 0) return kn_incref(&o->cls->base);
    return kn__method_get(self, nt_methods, name);
}

static int nt_setattr(kn_obj *self, const char *name, kn_obj *value, kn_err *err) {
    return tc_error_set(err, TC_EXC_ATTRIBUTE, "can't set attribute");
}

static kn_obj *as_tuple(kn_obj *o) { return kn_is(o, &type_nt) ? NT(o)->t : o; }

static kn_obj *nt_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    kn_obj *ta = as_tuple(a), *tb = as_tuple(b);
    if (!kn_is(ta, &kn_type_tuple) || !kn_is(tb, &kn_type_tuple)) return kn_incref(kn_notimpl());
    return kn_compare(op, ta, tb, err);
}

static kn_obj *nt_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (op != KN_BINOP_ADD && op != KN_BINOP_MUL) return kn_notimpl();
    return kn_binary(op, as_tuple(a), as_tuple(b), err);
}

static int nt_hash(kn_obj *self, int64_t *out, kn_err *err) { return kn_hash(NT(self)->t, out, err); }
static int64_t nt_len(kn_obj *self, kn_err *err) { return kn_tuple_len(NT(self)->t); }
static kn_obj *nt_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    return kn_getitem(NT(self)->t, key, err);
}
static kn_obj *nt_iter(kn_obj *self, kn_err *err) { return kn_iter(NT(self)->t, err); }
static int nt_contains(kn_obj *self, kn_obj *x, kn_err *err) {
    return kn_contains(NT(self)->t, x, err);
}
static int nt_truth(kn_obj *self, kn_err *err) { return kn_tuple_len(NT(self)->t) > 0; }

static const kn_type type_nt = {
    .name = "namedtuple",
    .qualname = "namedtuple",
    .dealloc = nt_dealloc,
    .repr = nt_repr,
    .getattr = nt_getattr,
    .setattr = nt_setattr,
    .binop = nt_binop,
    .compare = nt_compare,
    .truth = nt_truth,
    .len = nt_len,
    .getitem = nt_getitem,
    .iter = nt_iter,
    .hash = nt_hash,
    .contains = nt_contains,
};

static bool is_identifier(const char *s) {
    if (!*s) return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x80) continue; /* non-ASCII letters: accepted as Python does for most */
        if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (p != (const unsigned char *)s && *p >= '0' && *p <= '9')))
            return false;
    }
    return true;
}

static bool is_keyword(const char *s) {
    static const char *const kw[] = {
        "False", "None",   "True",    "and",      "as",     "assert", "async", "await",
        "break", "class",  "continue", "def",     "del",    "elif",   "else",  "except",
        "finally", "for",  "from",    "global",   "if",     "import", "in",    "is",
        "lambda", "nonlocal", "not",  "or",       "pass",   "raise",  "return", "try",
        "while", "with",   "yield"};
    for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
        if (strcmp(s, kw[i]) == 0) return true;
    return false;
}

static kn_obj *ntclass_new(kn_obj *name, kn_obj *fields, kn_obj *module, kn_err *err) {
    ntclass *c = (ntclass *)kn_obj_alloc(&type_ntclass, sizeof(ntclass), err);
    if (!c) return NULL;
    c->name = kn_incref(name);
    c->fields = kn_incref(fields);
    c->module = kn_incref(module);
    c->defaults = kn_dict_new();
    return &c->base;
}

static kn_obj *c_namedtuple(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"typename", "field_names", "rename", "defaults", "module"};
    kn_obj *a[5];
    if (KN__BIND(args, "namedtuple", names, 2, a, err) < 0) return NULL;
    if (!kn_is(a[0], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "namedtuple() argument 1 must be str, not %s",
                     kn_type_name(a[0]));
        return NULL;
    }
    bool rename = false;
    if (a[2]) {
        int t = kn_truth(a[2], err);
        if (t < 0) return NULL;
        rename = t;
    }
    kn_obj *list;
    if (kn_is(a[1], &kn_type_str)) {
        tc_strbuf b = {0};
        tc_strbuf_append(&b, kn_str_cstr(a[1]), kn_str_len(a[1]));
        tc_strbuf_putc(&b, 0);
        for (size_t i = 0; i < b.len; i++)
            if (b.data[i] == ',') b.data[i] = ' ';
        kn_obj *s = kn_str_from_cstr(b.data);
        tc_strbuf_free(&b);
        kn_obj *split = kn_getattr(s, "split", err);
        list = split ? kn_call_simple(split, NULL, 0, err) : NULL;
        kn_decref(split);
        kn_decref(s);
    } else {
        list = kn__list_from_iter(a[1], err);
    }
    if (!list) return NULL;
    int64_t n = kn_list_len(list);
    kn_obj **f = kn_list_items(list);
    for (int64_t i = 0; i < n; i++) {
        if (!kn_is(f[i], &kn_type_str)) {
            tc_error_set(err, TC_EXC_TYPE, "Type names and field names must be strings");
            goto fail;
        }
        if (rename) {
            const char *s = kn_str_cstr(f[i]);
            bool dup = false;
            for (int64_t j = 0; j < i; j++)
                if (strcmp(kn_str_cstr(f[j]), s) == 0) dup = true;
            if (!is_identifier(s) || is_keyword(s) || s[0] == '_' || dup)
                kn_list_set(list, i, kn_str_printf("_%lld", (long long)i));
        }
    }
    kn_obj *typename = a[0];
    for (int64_t i = -1; i < n; i++) {
        const char *s = kn_str_cstr(i < 0 ? typename : f[i]);
        kn_obj *r = i < 0 ? typename : f[i];
        if (!is_identifier(s)) {
            kn_obj *rp = kn_repr(r, err);
            tc_error_set(err, TC_EXC_VALUE,
                         "Type names and field names must be valid identifiers: %s",
                         rp ? kn_str_cstr(rp) : "");
            kn_decref(rp);
            goto fail;
        }
        if (is_keyword(s)) {
            kn_obj *rp = kn_repr(r, err);
            tc_error_set(err, TC_EXC_VALUE, "Type names and field names cannot be a keyword: %s",
                         rp ? kn_str_cstr(rp) : "");
            kn_decref(rp);
            goto fail;
        }
    }
    for (int64_t i = 0; i < n; i++) {
        const char *s = kn_str_cstr(f[i]);
        kn_obj *rp = NULL;
        if (s[0] == '_' && !rename) {
            rp = kn_repr(f[i], err);
            tc_error_set(err, TC_EXC_VALUE, "Field names cannot start with an underscore: %s",
                         rp ? kn_str_cstr(rp) : "");
        } else {
            for (int64_t j = 0; j < i; j++)
                if (strcmp(kn_str_cstr(f[j]), s) == 0) {
                    rp = kn_repr(f[i], err);
                    tc_error_set(err, TC_EXC_VALUE, "Encountered duplicate field name: %s",
                                 rp ? kn_str_cstr(rp) : "");
                    break;
                }
        }
        if (tc_error_is_set(err)) {
            kn_decref(rp);
            goto fail;
        }
    }
    kn_obj *fields = kn__tuple_from(f, n);
    kn_obj *module = a[4] && a[4] != kn_none() ? kn_incref(a[4]) : kn_str_from_cstr("__main__");
    kn_obj *cls = ntclass_new(typename, fields, module, err);
    kn_decref(fields);
    kn_decref(module);
    if (cls && a[3] && a[3] != kn_none()) {
        kn_obj *dl = kn__list_from_iter(a[3], err);
        if (!dl) {
            kn_decref(cls);
            goto fail;
        }
        int64_t nd = kn_list_len(dl);
        if (nd > n) {
            tc_error_set(err, TC_EXC_TYPE, "Got more default values than field names");
            kn_decref(dl);
            kn_decref(cls);
            goto fail;
        }
        for (int64_t i = 0; i < nd; i++)
            kn_dict_set(NC(cls)->defaults, f[n - nd + i], kn_list_items(dl)[i], err);
        kn_decref(dl);
    }
    kn_decref(list);
    return cls;
fail:
    kn_decref(list);
    return NULL;
}

kn_obj *kn__namedtuple_make(const char *name, const char *module, const char *const *fields,
                            int n, kn_obj *const *values, kn_err *err) {
    kn_obj *fs = kn_tuple_new(n);
    for (int i = 0; i < n; i++)
        kn_tuple_set(fs, i, kn_str_from_cstr(fields[i]));
    kn_obj *nm = kn_str_from_cstr(name), *mod = kn_str_from_cstr(module);
    kn_obj *cls = ntclass_new(nm, fs, mod, err);
    kn_decref(nm);
    kn_decref(mod);
    kn_decref(fs);
    if (!cls) return NULL;
    kn_obj *r = nt_wrap(NC(cls), kn__tuple_from(values, n), err);
    kn_decref(cls);
    return r;
}

/* ==== deque ============================================================================ */

typedef struct dequeobj {
    kn_obj base;
    kn_obj **items; /* ring buffer */
    int64_t head, n, cap;
    int64_t maxlen; /* -1: unbounded */
    int64_t state;  /* bumped on every mutation: iterators detect changes */
} dequeobj;

#define DQ(o) ((dequeobj *)(o))
#define DQ_AT(d, i) ((d)->items[((d)->head + (i)) % (d)->cap])

static const kn_type type_deque;

static void deque_dealloc(kn_obj *self) {
    dequeobj *d = DQ(self);
    for (int64_t i = 0; i < d->n; i++)
        kn_decref(DQ_AT(d, i));
    tc_free(d->items);
}

static int deque_grow(dequeobj *d, kn_err *err) {
    if (d->n < d->cap) return 0;
    int64_t nc = d->cap ? d->cap * 2 : 8;
    if (kn__check_alloc((double)nc * sizeof(kn_obj *), err) < 0) return -1;
    kn_obj **ni = tc_malloc((size_t)nc * sizeof(kn_obj *));
    if (!ni) return kn_nomem(err);
    for (int64_t i = 0; i < d->n; i++)
        ni[i] = DQ_AT(d, i);
    tc_free(d->items);
    d->items = ni;
    d->head = 0;
    d->cap = nc;
    return 0;
}

static kn_obj *deque_popright(dequeobj *d) {
    kn_obj *x = DQ_AT(d, d->n - 1);
    d->n--;
    d->state++;
    return x;
}

static kn_obj *deque_popleft_raw(dequeobj *d) {
    kn_obj *x = d->items[d->head];
    d->head = (d->head + 1) % d->cap;
    d->n--;
    d->state++;
    return x;
}

/* Append (steals x); drops from the other end when at maxlen. */
static int deque_push(dequeobj *d, kn_obj *x, bool left, kn_err *err) {
    if (d->maxlen == 0) {
        kn_decref(x);
        return 0;
    }
    if (deque_grow(d, err) < 0) {
        kn_decref(x);
        return -1;
    }
    if (left) {
        d->head = (d->head - 1 + d->cap) % d->cap;
        d->items[d->head] = x;
    } else {
        d->items[(d->head + d->n) % d->cap] = x;
    }
    d->n++;
    d->state++;
    if (d->maxlen >= 0 && d->n > d->maxlen)
        kn_decref(left ? deque_popright(d) : deque_popleft_raw(d));
    return 0;
}

static kn_obj *dq_append(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"x"};
    kn_obj *a[1];
    if (KN__BIND(args, "append", names, 1, a, err) < 0) return NULL;
    return deque_push(DQ(self), kn_incref(a[0]), false, err) < 0 ? NULL : kn_none_new();
}

static kn_obj *dq_appendleft(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"x"};
    kn_obj *a[1];
    if (KN__BIND(args, "appendleft", names, 1, a, err) < 0) return NULL;
    return deque_push(DQ(self), kn_incref(a[0]), true, err) < 0 ? NULL : kn_none_new();
}

static int deque_extend(dequeobj *d, kn_obj *iterable, bool left, kn_err *err) {
    kn_obj *l = kn__list_from_iter(iterable, err); /* d.extend(d) reads a snapshot */
    if (!l) return -1;
    for (int64_t i = 0; i < kn_list_len(l); i++)
        if (deque_push(d, kn_incref(kn_list_items(l)[i]), left, err) < 0) {
            kn_decref(l);
            return -1;
        }
    kn_decref(l);
    return 0;
}

static kn_obj *dq_extend(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"iterable"};
    kn_obj *a[1];
    if (KN__BIND(args, "extend", names, 1, a, err) < 0) return NULL;
    return deque_extend(DQ(self), a[0], false, err) < 0 ? NULL : kn_none_new();
}

static kn_obj *dq_extendleft(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"iterable"};
    kn_obj *a[1];
    if (KN__BIND(args, "extendleft", names, 1, a, err) < 0) return NULL;
    return deque_extend(DQ(self), a[0], true, err) < 0 ? NULL : kn_none_new();
}

static kn_obj *dq_pop(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "pop", err) < 0) return NULL;
    if (DQ(self)->n == 0) {
        tc_error_set(err, TC_EXC_INDEX, "pop from an empty deque");
        return NULL;
    }
    return deque_popright(DQ(self));
}

static kn_obj *dq_popleft(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "popleft", err) < 0) return NULL;
    if (DQ(self)->n == 0) {
        tc_error_set(err, TC_EXC_INDEX, "pop from an empty deque");
        return NULL;
    }
    return deque_popleft_raw(DQ(self));
}

static kn_obj *dq_clear(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "clear", err) < 0) return NULL;
    dequeobj *d = DQ(self);
    while (d->n)
        kn_decref(deque_popright(d));
    return kn_none_new();
}

static kn_obj *dq_rotate(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"n"};
    kn_obj *a[1];
    if (KN__BIND(args, "rotate", names, 0, a, err) < 0) return NULL;
    int64_t k = 1;
    if (a[0]) {
        if (!kn__is_int(a[0])) {
            tc_error_set(err, TC_EXC_TYPE, "'%s' object cannot be interpreted as an integer",
                         kn_type_name(a[0]));
            return NULL;
        }
        k = kn_int_value(a[0]);
    }
    dequeobj *d = DQ(self);
    if (d->n <= 1) return kn_none_new();
    k %= d->n;
    if (k < 0) k += d->n;
    if (k == 0) return kn_none_new();
    /* rotate right by k: with a full ring buffer this is moving the head */
    if (d->n < d->cap) {
        kn_obj **ni = tc_malloc((size_t)d->cap * sizeof(kn_obj *));
        if (!ni) {
            kn_nomem(err);
            return NULL;
        }
        for (int64_t i = 0; i < d->n; i++)
            ni[(i + k) % d->n] = DQ_AT(d, i);
        tc_free(d->items);
        d->items = ni;
        d->head = 0;
    } else {
        d->head = (d->head - k + d->cap) % d->cap;
    }
    d->state++;
    return kn_none_new();
}

static kn_obj *dq_count(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"value"};
    kn_obj *a[1];
    if (KN__BIND(args, "count", names, 1, a, err) < 0) return NULL;
    dequeobj *d = DQ(self);
    int64_t c = 0;
    for (int64_t i = 0; i < d->n; i++) {
        kn_err e2;
        tc_error_init(&e2);
        if (kn_equal(DQ_AT(d, i), a[0], &e2)) c++;
        if (tc_error_is_set(&e2)) {
            *err = e2;
            return NULL;
        }
    }
    return kn_int_new(c);
}

static kn_obj *dq_index(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"value", "start", "stop"};
    kn_obj *a[3];
    if (KN__BIND(args, "index", names, 1, a, err) < 0) return NULL;
    dequeobj *d = DQ(self);
    int64_t start = 0, stop = d->n;
    if (a[1] && kn_to_int64(a[1], &start, err) < 0) return NULL;
    if (a[2] && kn_to_int64(a[2], &stop, err) < 0) return NULL;
    if (start < 0) start = start + d->n < 0 ? 0 : start + d->n;
    if (stop < 0) stop = stop + d->n < 0 ? 0 : stop + d->n;
    if (stop > d->n) stop = d->n;
    for (int64_t i = start; i < stop; i++) {
        kn_err e2;
        tc_error_init(&e2);
        if (kn_equal(DQ_AT(d, i), a[0], &e2)) return kn_int_new(i);
        if (tc_error_is_set(&e2)) {
            *err = e2;
            return NULL;
        }
    }
    kn_obj *r = kn_repr(a[0], err);
    if (r) tc_error_set(err, TC_EXC_VALUE, "%s is not in deque", kn_str_cstr(r));
    kn_decref(r);
    return NULL;
}

static kn_obj *dq_remove(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"value"};
    kn_obj *a[1];
    if (KN__BIND(args, "remove", names, 1, a, err) < 0) return NULL;
    dequeobj *d = DQ(self);
    for (int64_t i = 0; i < d->n; i++) {
        kn_err e2;
        tc_error_init(&e2);
        if (kn_equal(DQ_AT(d, i), a[0], &e2)) {
            kn_obj *x = DQ_AT(d, i);
            for (int64_t j = i; j < d->n - 1; j++)
                DQ_AT(d, j) = DQ_AT(d, j + 1);
            d->n--;
            d->state++;
            kn_decref(x);
            return kn_none_new();
        }
        if (tc_error_is_set(&e2)) {
            *err = e2;
            return NULL;
        }
    }
    kn_obj *r = kn_repr(a[0], err);
    if (r) tc_error_set(err, TC_EXC_VALUE, "%s is not in deque", kn_str_cstr(r));
    kn_decref(r);
    return NULL;
}

static kn_obj *dq_reverse(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "reverse", err) < 0) return NULL;
    dequeobj *d = DQ(self);
    for (int64_t i = 0, j = d->n - 1; i < j; i++, j--) {
        kn_obj *t = DQ_AT(d, i);
        DQ_AT(d, i) = DQ_AT(d, j);
        DQ_AT(d, j) = t;
    }
    d->state++;
    return kn_none_new();
}

static kn_obj *deque_make(int64_t maxlen, kn_err *err) {
    dequeobj *d = (dequeobj *)kn_obj_alloc(&type_deque, sizeof(dequeobj), err);
    if (d) d->maxlen = maxlen;
    return &d->base;
}

static kn_obj *dq_copy(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "copy", err) < 0) return NULL;
    dequeobj *d = DQ(self);
    kn_obj *c = deque_make(d->maxlen, err);
    for (int64_t i = 0; c && i < d->n; i++)
        if (deque_push(DQ(c), kn_incref(DQ_AT(d, i)), false, err) < 0) {
            kn_decref(c);
            return NULL;
        }
    return c;
}

static kn_obj *dq_insert(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"index", "object"};
    kn_obj *a[2];
    if (KN__BIND(args, "insert", names, 2, a, err) < 0) return NULL;
    dequeobj *d = DQ(self);
    int64_t i;
    if (kn_to_int64(a[0], &i, err) < 0) return NULL;
    if (d->maxlen >= 0 && d->n >= d->maxlen) {
        tc_error_set(err, TC_EXC_INDEX, "deque already at its maximum size");
        return NULL;
    }
    if (i < 0) i = i + d->n < 0 ? 0 : i + d->n;
    if (i > d->n) i = d->n;
    if (deque_push(d, kn_incref(a[1]), false, err) < 0) return NULL;
    for (int64_t j = d->n - 1; j > i; j--) {
        kn_obj *t = DQ_AT(d, j);
        DQ_AT(d, j) = DQ_AT(d, j - 1);
        DQ_AT(d, j - 1) = t;
    }
    return kn_none_new();
}

static const kn__method deque_methods[] = {
    {"append", dq_append, "(x, /)", "Add an element to the right side of the deque."},
    {"appendleft", dq_appendleft, "(x, /)", "Add an element to the left side of the deque."},
    {"clear", dq_clear, "()", "Remove all elements from the deque."},
    {"copy", dq_copy, "()", "Return a shallow copy of a deque."},
    {"count", dq_count, "(value, /)", "D.count(value) -- return number of occurrences of value"},
    {"extend", dq_extend, "(iterable, /)",
     "Extend the right side of the deque with elements from the iterable"},
    {"extendleft", dq_extendleft, "(iterable, /)",
     "Extend the left side of the deque with elements from the iterable"},
    {"index", dq_index, "(value, [start, [stop]])",
     "D.index(value, [start, [stop]]) -- return first index of value."},
    {"insert", dq_insert, "(index, object, /)", "D.insert(index, object) -- insert object before "
                                                "index"},
    {"pop", dq_pop, "()", "Remove and return the rightmost element."},
    {"popleft", dq_popleft, "()", "Remove and return the leftmost element."},
    {"remove", dq_remove, "(value, /)", "D.remove(value) -- remove first occurrence of value."},
    {"reverse", dq_reverse, "()", "D.reverse() -- reverse *IN PLACE*"},
    {"rotate", dq_rotate, "(n=1, /)", "Rotate the deque n steps to the right (default n=1).  If "
                                      "n is negative, rotates left."},
    {NULL, NULL, NULL, NULL},
};

static kn_obj *deque_getattr(kn_obj *self, const char *name, kn_err *err) {
    if (strcmp(name, "maxlen") == 0)
        return DQ(self)->maxlen < 0 ? kn_none_new() : kn_int_new(DQ(self)->maxlen);
    return kn__method_get(self, deque_methods, name);
}

static int deque_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    return kn__method_dir(deque_methods, list);
}

static kn_obj *deque_repr(kn_obj *self, kn_err *err) {
    dequeobj *d = DQ(self);
    if (kn__repr_enter(self)) return kn_str_from_cstr("[...]");
    tc_strbuf b = {0};
    tc_strbuf_puts(&b, "deque([");
    for (int64_t i = 0; i < d->n; i++) {
        if (i) tc_strbuf_puts(&b, ", ");
        if (kn__strbuf_repr(&b, DQ_AT(d, i), err) < 0) {
            kn__repr_leave(self);
            tc_strbuf_free(&b);
            return NULL;
        }
    }
    tc_strbuf_putc(&b, ']');
    if (d->maxlen >= 0) tc_strbuf_printf(&b, ", maxlen=%lld", (long long)d->maxlen);
    tc_strbuf_putc(&b, ')');
    kn__repr_leave(self);
    return kn__strbuf_finish(&b, err);
}

static int64_t deque_len(kn_obj *self, kn_err *err) { return DQ(self)->n; }
static int deque_truth(kn_obj *self, kn_err *err) { return DQ(self)->n > 0; }

static int deque_index_of(dequeobj *d, kn_obj *key, int64_t *i, kn_err *err) {
    if (!kn__is_int(key))
        return tc_error_set(err, TC_EXC_TYPE, "sequence index must be integer, not '%s'",
                            kn_type_name(key));
    int64_t k = kn_int_value(key);
    if (k < 0) k += d->n;
    if (k < 0 || k >= d->n) return tc_error_set(err, TC_EXC_INDEX, "deque index out of range");
    *i = k;
    return 0;
}

static kn_obj *deque_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    int64_t i = 0;
    if (deque_index_of(DQ(self), key, &i, err) < 0) return NULL;
    return kn_incref(DQ_AT(DQ(self), i));
}

static int deque_setitem(kn_obj *self, kn_obj *key, kn_obj *v, kn_err *err) {
    int64_t i = 0;
    if (deque_index_of(DQ(self), key, &i, err) < 0) return -1;
    kn_obj *old = DQ_AT(DQ(self), i);
    DQ_AT(DQ(self), i) = kn_incref(v);
    kn_decref(old);
    return 0;
}

static int deque_delitem(kn_obj *self, kn_obj *key, kn_err *err) {
    dequeobj *d = DQ(self);
    int64_t i = 0;
    if (deque_index_of(d, key, &i, err) < 0) return -1;
    kn_obj *x = DQ_AT(d, i);
    for (int64_t j = i; j < d->n - 1; j++)
        DQ_AT(d, j) = DQ_AT(d, j + 1);
    d->n--;
    d->state++;
    kn_decref(x);
    return 0;
}

typedef struct dequeiter {
    kn_obj base;
    dequeobj *d;
    int64_t i, state;
} dequeiter;

static void dequeiter_dealloc(kn_obj *self) { kn_decref(&((dequeiter *)self)->d->base); }

static kn_obj *dequeiter_next(kn_obj *self, kn_err *err) {
    dequeiter *it = (dequeiter *)self;
    if (it->d->state != it->state) {
        tc_error_set(err, TC_EXC_RUNTIME, "deque mutated during iteration");
        return NULL;
    }
    if (it->i >= it->d->n) return NULL;
    return kn_incref(DQ_AT(it->d, it->i++));
}

static const kn_type type_dequeiter = {
    .name = "_collections._deque_iterator",
    .qualname = "_collections._deque_iterator",
    .dealloc = dequeiter_dealloc,
    .iter = iter_self,
    .next = dequeiter_next,
};

static kn_obj *deque_iter(kn_obj *self, kn_err *err) {
    dequeiter *it = (dequeiter *)kn_obj_alloc(&type_dequeiter, sizeof(dequeiter), err);
    if (!it) return NULL;
    it->d = (dequeobj *)kn_incref(self);
    it->state = DQ(self)->state;
    return &it->base;
}

static kn_obj *deque_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (!kn_is(a, &type_deque) || !kn_is(b, &type_deque)) return kn_incref(kn_notimpl());
    kn_obj *la = kn__list_from_iter(a, err);
    kn_obj *lb = la ? kn__list_from_iter(b, err) : NULL;
    kn_obj *r = lb ? kn_compare(op, la, lb, err) : NULL;
    kn_decref(la);
    kn_decref(lb);
    return r;
}

static kn_obj *deque_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (op == KN_BINOP_ADD && kn_is(a, &type_deque)) {
        if (!kn_is(b, &type_deque)) {
            tc_error_set(err, TC_EXC_TYPE, "can only concatenate deque (not \"%s\") to deque",
                         kn_type_name(b));
            return NULL;
        }
        kn_args none = {0};
        kn_obj *c = dq_copy(a, &none, err);
        if (c && deque_extend(DQ(c), b, false, err) < 0) {
            kn_decref(c);
            return NULL;
        }
        return c;
    }
    return kn_notimpl();
}

static kn_obj *deque_inplace(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (op != KN_BINOP_ADD) return kn_notimpl();
    if (deque_extend(DQ(a), b, false, err) < 0) return NULL;
    return kn_incref(a);
}

static int deque_contains(kn_obj *self, kn_obj *x, kn_err *err) {
    dequeobj *d = DQ(self);
    for (int64_t i = 0; i < d->n; i++) {
        kn_err e2;
        tc_error_init(&e2);
        if (kn_equal(DQ_AT(d, i), x, &e2)) return 1;
        if (tc_error_is_set(&e2)) {
            *err = e2;
            return -1;
        }
    }
    return 0;
}

static kn_obj *deque_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    static const char *names[] = {"iterable", "maxlen"};
    kn_obj *a[2];
    if (KN__BIND(args, "deque", names, 0, a, err) < 0) return NULL;
    int64_t maxlen = -1;
    if (a[1] && a[1] != kn_none()) {
        if (!kn__is_int(a[1])) {
            tc_error_set(err, TC_EXC_TYPE, "an integer is required");
            return NULL;
        }
        if (kn_to_int64(a[1], &maxlen, err) < 0) return NULL;
        if (maxlen < 0) {
            tc_error_set(err, TC_EXC_VALUE, "maxlen must be non-negative");
            return NULL;
        }
    }
    kn_obj *d = deque_make(maxlen, err);
    if (d && a[0] && deque_extend(DQ(d), a[0], false, err) < 0) {
        kn_decref(d);
        return NULL;
    }
    return d;
}

static const kn_type type_deque = {
    .name = "deque",
    .qualname = "collections.deque",
    .doc = "deque([iterable[, maxlen]]) --> deque object\n\nA list-like sequence optimized for "
           "data accesses near its endpoints.",
    .dealloc = deque_dealloc,
    .repr = deque_repr,
    .getattr = deque_getattr,
    .binop = deque_binop,
    .inplace = deque_inplace,
    .compare = deque_compare,
    .truth = deque_truth,
    .len = deque_len,
    .getitem = deque_getitem,
    .setitem = deque_setitem,
    .delitem = deque_delitem,
    .iter = deque_iter,
    .dir = deque_dir,
    .construct = deque_construct,
    .contains = deque_contains,
};

/* ==== defaultdict, OrderedDict, Counter ================================================= */

typedef struct wdict {
    kn_obj base;
    kn_obj *d;       /* the wrapped dict */
    kn_obj *factory; /* defaultdict's default_factory (None allowed) */
} wdict;

#define WD(o) ((wdict *)(o))

static const kn_type type_defaultdict, type_ordereddict, type_counter;

static bool is_wdict(const kn_obj *o) {
    return kn_is(o, &type_defaultdict) || kn_is(o, &type_ordereddict) || kn_is(o, &type_counter);
}

static void wdict_dealloc(kn_obj *self) {
    kn_decref(WD(self)->d);
    kn_decref(WD(self)->factory);
}

static wdict *wdict_new(const kn_type *t, kn_err *err) {
    wdict *w = (wdict *)kn_obj_alloc(t, sizeof(wdict), err);
    if (!w) return NULL;
    w->d = kn_dict_new();
    return w;
}

static int64_t wdict_len(kn_obj *self, kn_err *err) { return kn_dict_len(WD(self)->d); }
static int wdict_truth(kn_obj *self, kn_err *err) { return kn_dict_len(WD(self)->d) > 0; }
static kn_obj *wdict_iter(kn_obj *self, kn_err *err) { return kn_iter(WD(self)->d, err); }
static int wdict_contains(kn_obj *self, kn_obj *x, kn_err *err) {
    return kn_contains(WD(self)->d, x, err);
}
static int wdict_setitem(kn_obj *self, kn_obj *k, kn_obj *v, kn_err *err) {
    return kn_setitem(WD(self)->d, k, v, err);
}
static int wdict_delitem(kn_obj *self, kn_obj *k, kn_err *err) {
    return kn_delitem(WD(self)->d, k, err);
}
static int wdict_dir(kn_obj *self, kn_obj *list, kn_err *err);

static kn_obj *inner(kn_obj *o) { return is_wdict(o) ? WD(o)->d : o; }

static kn_obj *wdict_copy_as(const kn_type *t, kn_obj *self, kn_err *err) {
    wdict *w = wdict_new(t, err);
    if (!w) return NULL;
    kn_decref(w->d);
    w->d = kn__dict_copy(WD(self)->d);
    w->factory = WD(self)->factory ? kn_incref(WD(self)->factory) : NULL;
    return &w->base;
}

static kn_obj *wd_copy(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "copy", err) < 0) return NULL;
    return wdict_copy_as(self->type, self, err);
}

/* ---- defaultdict ---- */

static kn_obj *defaultdict_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    kn_obj *v = kn_dict_get(WD(self)->d, key, err);
    if (v) return kn_incref(v);
    if (tc_error_is_set(err)) return NULL;
    if (!WD(self)->factory || WD(self)->factory == kn_none()) return kn_getitem(WD(self)->d, key, err);
    v = kn_call_simple(WD(self)->factory, NULL, 0, err);
    if (!v) return NULL;
    if (kn_dict_set(WD(self)->d, key, v, err) < 0) {
        kn_decref(v);
        return NULL;
    }
    return v;
}

static kn_obj *defaultdict_repr(kn_obj *self, kn_err *err) {
    tc_strbuf b = {0};
    tc_strbuf_puts(&b, "defaultdict(");
    kn_obj *f = WD(self)->factory ? WD(self)->factory : kn_none();
    if (kn__repr_enter(self)) {
        tc_strbuf_puts(&b, "...");
    } else {
        int rc = kn__strbuf_repr(&b, f, err);
        kn__repr_leave(self);
        if (rc < 0) goto fail;
    }
    tc_strbuf_puts(&b, ", ");
    if (kn__strbuf_repr(&b, WD(self)->d, err) < 0) goto fail;
    tc_strbuf_putc(&b, ')');
    return kn__strbuf_finish(&b, err);
fail:
    tc_strbuf_free(&b);
    return NULL;
}

static const kn__method defaultdict_methods[] = {
    {"copy", wd_copy, "()", "D.copy() -> a shallow copy of D."},
    {NULL, NULL, NULL, NULL},
};

/* ---- OrderedDict ---- */

const kn_type *kn_ordereddict_type(void) { return &type_ordereddict; }

static kn_obj *od_move_to_end(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"key", "last"};
    kn_obj *a[2];
    if (KN__BIND(args, "move_to_end", names, 1, a, err) < 0) return NULL;
    int last = 1;
    if (a[1] && (last = kn_truth(a[1], err)) < 0) return NULL;
    kn_obj *d = WD(self)->d;
    kn_obj *v = kn_dict_get(d, a[0], err);
    if (!v) {
        if (!tc_error_is_set(err)) {
            kn_obj *r = kn_repr(a[0], err);
            if (r) tc_error_set(err, TC_EXC_KEY, "%s", kn_str_cstr(r));
            kn_decref(r);
        }
        return NULL;
    }
    kn_incref(v);
    kn_obj *k = kn_incref(a[0]);
    kn_dict_del(d, k, err);
    if (last) {
        kn_dict_set(d, k, v, err);
    } else {
        kn_obj *nd = kn_dict_new();
        kn_dict_set(nd, k, v, err);
        kn__dict_update(nd, d, err);
        kn_decref(WD(self)->d);
        WD(self)->d = nd;
    }
    kn_decref(k);
    kn_decref(v);
    return kn_none_new();
}

static kn_obj *od_popitem(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"last"};
    kn_obj *a[1];
    if (KN__BIND(args, "popitem", names, 0, a, err) < 0) return NULL;
    int last = 1;
    if (a[0] && (last = kn_truth(a[0], err)) < 0) return NULL;
    kn_obj *d = WD(self)->d;
    if (kn_dict_len(d) == 0) {
        tc_error_set(err, TC_EXC_KEY, "'dictionary is empty'");
        return NULL;
    }
    int64_t i = 0;
    kn_obj *k = NULL, *v = NULL, *kk, *vv;
    while (kn_dict_next(d, &i, &kk, &vv)) {
        k = kk;
        v = vv;
        if (!last) break;
    }
    kn_obj *t = kn_tuple_new(2);
    kn_tuple_set(t, 0, kn_incref(k));
    kn_tuple_set(t, 1, kn_incref(v));
    kn_dict_del(d, k, err);
    return t;
}

static kn_obj *pairs_repr(kn_obj *d, tc_strbuf *b, kn_err *err) {
    tc_strbuf_putc(b, '[');
    int64_t i = 0, j = 0;
    kn_obj *k, *v;
    while (kn_dict_next(d, &i, &k, &v)) {
        if (j++) tc_strbuf_puts(b, ", ");
        tc_strbuf_putc(b, '(');
        if (kn__strbuf_repr(b, k, err) < 0) return NULL;
        tc_strbuf_puts(b, ", ");
        if (kn__strbuf_repr(b, v, err) < 0) return NULL;
        tc_strbuf_putc(b, ')');
    }
    tc_strbuf_putc(b, ']');
    return kn_none();
}

static kn_obj *od_repr(kn_obj *self, kn_err *err) {
    if (kn_dict_len(WD(self)->d) == 0) return kn_str_from_cstr("OrderedDict()");
    if (kn__repr_enter(self)) return kn_str_from_cstr("...");
    tc_strbuf b = {0};
    tc_strbuf_puts(&b, "OrderedDict(");
    kn_obj *ok = pairs_repr(WD(self)->d, &b, err);
    kn__repr_leave(self);
    if (!ok) {
        tc_strbuf_free(&b);
        return NULL;
    }
    tc_strbuf_putc(&b, ')');
    return kn__strbuf_finish(&b, err);
}

static kn_obj *od_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    return kn_getitem(WD(self)->d, key, err);
}

static const kn__method od_methods[] = {
    {"copy", wd_copy, "()", "od.copy() -> a shallow copy of od"},
    {"move_to_end", od_move_to_end, "(key, last=True)",
     "Move an existing element to the end (or beginning if last is false)."},
    {"popitem", od_popitem, "(last=True)",
     "Remove and return a (key, value) pair from the dictionary."},
    {NULL, NULL, NULL, NULL},
};

/* ---- Counter ---- */

static kn_obj *counter_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    kn_obj *v = kn_dict_get(WD(self)->d, key, err);
    if (v) return kn_incref(v);
    if (tc_error_is_set(err)) return NULL;
    return kn_int_new(0);
}

/* Add counts from an iterable (each element +1) or a mapping (+value), sign +1 or -1. */
static int counter_add(kn_obj *d, kn_obj *src, int sign, kn_err *err) {
    kn_obj *sd = inner(src);
    bool mapping = kn_is(sd, &kn_type_dict);
    kn_obj *it = kn_iter(sd, err);
    if (!it) return -1;
    int rc = 0;
    for (uint64_t n = 0; rc == 0; n++) {
        if (kn__poll(n, err) < 0) {
            rc = -1;
            break;
        }
        kn_obj *k = kn_next(it, err);
        if (!k) {
            if (tc_error_is_set(err)) rc = -1;
            break;
        }
        kn_obj *cur = kn_dict_get(d, k, err);
        kn_obj *delta = mapping ? kn_incref(kn_dict_get(sd, k, err)) : kn_int_new(1);
        kn_obj *nv;
        if (!cur && sign > 0 && mapping) {
            nv = kn_incref(delta);
        } else {
            kn_obj *base = cur ? kn_incref(cur) : kn_int_new(0);
            nv = kn_binary(sign > 0 ? KN_BINOP_ADD : KN_BINOP_SUB, base, delta, err);
            kn_decref(base);
        }
        kn_decref(delta);
        rc = nv ? kn_dict_set(d, k, nv, err) : -1;
        kn_decref(nv);
        kn_decref(k);
    }
    kn_decref(it);
    return rc;
}

static int counter_update_args(kn_obj *self, const kn_args *args, const char *fname, int sign,
                               kn_err *err) {
    if (args->npos > 1)
        return tc_error_set(err, TC_EXC_TYPE, "expected at most 1 arguments, got %d", args->npos);
    if (args->npos && args->pos[0] != kn_none() &&
        counter_add(WD(self)->d, args->pos[0], sign, err) < 0)
        return -1;
    if (args->nkw) {
        kn_obj *kw = kn_dict_new();
        for (int i = 0; i < args->nkw; i++) {
            kn_obj *k = kn_str_from_cstr(args->kwnames[i]);
            kn_dict_set(kw, k, args->kwvals[i], err);
            kn_decref(k);
        }
        int rc = counter_add(WD(self)->d, kw, sign, err);
        kn_decref(kw);
        if (rc < 0) return -1;
    }
    return 0;
}

static kn_obj *ct_update(kn_obj *self, const kn_args *args, kn_err *err) {
    return counter_update_args(self, args, "update", 1, err) < 0 ? NULL : kn_none_new();
}

static kn_obj *ct_subtract(kn_obj *self, const kn_args *args, kn_err *err) {
    return counter_update_args(self, args, "subtract", -1, err) < 0 ? NULL : kn_none_new();
}

/* The (key, count) pairs sorted by count, largest first, ties in insertion order. */
static kn_obj *counter_sorted_items(kn_obj *self, kn_err *err) {
    kn_obj *items = kn_list_new(0);
    int64_t i = 0;
    kn_obj *k, *v;
    while (kn_dict_next(WD(self)->d, &i, &k, &v)) {
        kn_obj *t = kn_tuple_new(2);
        kn_tuple_set(t, 0, kn_incref(k));
        kn_tuple_set(t, 1, kn_incref(v));
        kn_list_append(items, t);
        kn_decref(t);
    }
    int64_t n = kn_list_len(items);
    kn_obj **it = kn_list_items(items);
    /* stable insertion sort by count descending through kn_compare (counts may be floats) */
    for (int64_t a = 1; a < n; a++) {
        kn_obj *x = it[a];
        int64_t b = a - 1;
        while (b >= 0) {
            kn_obj *c = kn_compare(KN_CMP_LT, kn_tuple_items(it[b])[1], kn_tuple_items(x)[1], err);
            int lt = kn__truth_steal(c, err);
            if (lt < 0) {
                kn_decref(items);
                return NULL;
            }
            if (!lt) break;
            it[b + 1] = it[b];
            b--;
        }
        it[b + 1] = x;
    }
    return items;
}

static kn_obj *ct_most_common(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"n"};
    kn_obj *a[1];
    if (KN__BIND(args, "most_common", names, 0, a, err) < 0) return NULL;
    kn_obj *items = counter_sorted_items(self, err);
    if (!items || !a[0] || a[0] == kn_none()) return items;
    int64_t n;
    if (kn_to_int64(a[0], &n, err) < 0) {
        kn_decref(items);
        return NULL;
    }
    if (n < 0) n = 0;
    int64_t len = kn_list_len(items);
    if (n >= len) return items;
    kn_obj *r = kn_list_new(n);
    for (int64_t i = 0; i < n; i++)
        kn_list_set(r, i, kn_incref(kn_list_items(items)[i]));
    kn_decref(items);
    return r;
}

static kn_obj *ct_elements(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "elements", err) < 0) return NULL;
    kn_obj *l = kn_list_new(0);
    int64_t i = 0;
    kn_obj *k, *v;
    while (kn_dict_next(WD(self)->d, &i, &k, &v)) {
        if (!kn__is_int(v)) {
            kn_decref(l);
            tc_error_set(err, TC_EXC_TYPE, "'%s' object cannot be interpreted as an integer",
                         kn_type_name(v));
            return NULL;
        }
        for (int64_t c = 0; c < kn_int_value(v); c++)
            kn_list_append(l, k);
    }
    kn_obj *it = kn_iter(l, err);
    kn_decref(l);
    return it;
}

static kn_obj *ct_total(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "total", err) < 0) return NULL;
    kn_obj *s = kn_int_new(0);
    int64_t i = 0;
    kn_obj *k, *v;
    while (s && kn_dict_next(WD(self)->d, &i, &k, &v)) {
        kn_obj *ns = kn_binary(KN_BINOP_ADD, s, v, err);
        kn_decref(s);
        s = ns;
    }
    return s;
}

static kn_obj *counter_repr(kn_obj *self, kn_err *err) {
    if (kn_dict_len(WD(self)->d) == 0) return kn_str_from_cstr("Counter()");
    kn_obj *items = counter_sorted_items(self, err);
    if (!items) return NULL;
    kn_obj *d = kn_dict_new();
    for (int64_t i = 0; i < kn_list_len(items); i++) {
        kn_obj *t = kn_list_items(items)[i];
        kn_dict_set(d, kn_tuple_items(t)[0], kn_tuple_items(t)[1], err);
    }
    kn_decref(items);
    tc_strbuf b = {0};
    tc_strbuf_puts(&b, "Counter(");
    int rc = kn__strbuf_repr(&b, d, err);
    kn_decref(d);
    if (rc < 0) {
        tc_strbuf_free(&b);
        return NULL;
    }
    tc_strbuf_putc(&b, ')');
    return kn__strbuf_finish(&b, err);
}

/* Counter arithmetic: + - | & keep only positive counts, as CPython. */
static kn_obj *counter_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (!kn_is(a, &type_counter) || !kn_is(b, &type_counter)) return kn_notimpl();
    if (op != KN_BINOP_ADD && op != KN_BINOP_SUB && op != KN_BINOP_OR && op != KN_BINOP_AND)
        return kn_notimpl();
    wdict *r = wdict_new(&type_counter, err);
    if (!r) return NULL;
    kn_obj *zero = kn_int_new(0);
    kn_obj *da = WD(a)->d, *db = WD(b)->d;
    for (int pass = 0; pass < 2; pass++) {
        kn_obj *src = pass ? db : da;
        int64_t i = 0;
        kn_obj *k, *v;
        while (kn_dict_next(src, &i, &k, &v)) {
            kn_obj *other = kn_dict_get(pass ? da : db, k, err);
            kn_obj *nv = NULL;
            if (pass == 1 && other) continue; /* already combined in pass 0 */
            kn_obj *x = pass ? (other ? other : zero) : v;
            kn_obj *y = pass ? v : (other ? other : zero);
            switch (op) {
            case KN_BINOP_ADD: nv = kn_binary(KN_BINOP_ADD, x, y, err); break;
            case KN_BINOP_SUB: nv = kn_binary(KN_BINOP_SUB, x, y, err); break;
            case KN_BINOP_OR: {
                int lt = kn__truth_steal(kn_compare(KN_CMP_LT, x, y, err), err);
                nv = kn_incref(lt > 0 ? y : x);
                break;
            }
            default: {
                if (pass || !other) continue;
                int lt = kn__truth_steal(kn_compare(KN_CMP_LT, x, y, err), err);
                nv = kn_incref(lt > 0 ? x : y);
                break;
            }
            }
            if (!nv) {
                kn_decref(zero);
                kn_decref(&r->base);
                return NULL;
            }
            int pos = kn__truth_steal(kn_compare(KN_CMP_GT, nv, zero, err), err);
            if (pos > 0) kn_dict_set(r->d, k, nv, err);
            kn_decref(nv);
        }
    }
    kn_decref(zero);
    if (tc_error_is_set(err)) {
        kn_decref(&r->base);
        return NULL;
    }
    return &r->base;
}

static kn_obj *counter_unop(kn_unop op, kn_obj *a, kn_err *err) {
    if (op == KN_UNOP_INVERT) return kn_notimpl();
    wdict *r = wdict_new(&type_counter, err);
    if (!r) return NULL;
    kn_obj *zero = kn_int_new(0);
    int64_t i = 0;
    kn_obj *k, *v;
    while (kn_dict_next(WD(a)->d, &i, &k, &v)) {
        int keep = kn__truth_steal(kn_compare(op == KN_UNOP_POS ? KN_CMP_GT : KN_CMP_LT, v, zero,
                                              err),
                                   err);
        if (keep <= 0) continue;
        kn_obj *nv = op == KN_UNOP_POS ? kn_incref(v) : kn_unary(KN_UNOP_NEG, v, err);
        if (nv) kn_dict_set(r->d, k, nv, err);
        kn_decref(nv);
    }
    kn_decref(zero);
    return &r->base;
}

static const kn__method counter_methods[] = {
    {"copy", wd_copy, "()", "Return a shallow copy."},
    {"elements", ct_elements, "()", "Iterator over elements repeating each as many times as its "
                                    "count."},
    {"most_common", ct_most_common, "(n=None)",
     "List the n most common elements and their counts from the most\ncommon to the least."},
    {"subtract", ct_subtract, "(iterable=None, /, **kwds)",
     "Like dict.update() but subtracts counts instead of replacing them."},
    {"total", ct_total, "()", "Sum of the counts"},
    {"update", ct_update, "(iterable=None, /, **kwds)",
     "Like dict.update() but add counts instead of replacing them."},
    {NULL, NULL, NULL, NULL},
};

/* ---- shared slots ---- */

static const kn__method *wdict_table(const kn_obj *o) {
    if (kn_is(o, &type_counter)) return counter_methods;
    if (kn_is(o, &type_ordereddict)) return od_methods;
    return defaultdict_methods;
}

static kn_obj *wdict_getattr(kn_obj *self, const char *name, kn_err *err) {
    if (kn_is(self, &type_defaultdict) && strcmp(name, "default_factory") == 0)
        return kn_incref(WD(self)->factory ? WD(self)->factory : kn_none());
    kn_obj *m = kn__method_get(self, wdict_table(self), name);
    if (m) return m;
    /* every other dict method, bound to the wrapped dict */
    return WD(self)->d->type->getattr(WD(self)->d, name, err);
}

static int wdict_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    if (kn__method_dir(wdict_table(self), list) < 0) return -1;
    return WD(self)->d->type->dir ? WD(self)->d->type->dir(WD(self)->d, list, err) : 0;
}

static kn_obj *wdict_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (op != KN_CMP_EQ && op != KN_CMP_NE) {
        if (!kn_is(a, &type_counter) || !kn_is(b, &type_counter)) return kn_incref(kn_notimpl());
        /* multiset inclusion (3.10+): a <= b when every count of a is <= b's, missing = 0;
         * a < b when also a != b */
        kn_cmpop each = op == KN_CMP_LT || op == KN_CMP_LE ? KN_CMP_LE : KN_CMP_GE;
        kn_obj *zero = kn_int_new(0);
        int ok = 1;
        for (int pass = 0; ok > 0 && pass < 2; pass++) {
            int64_t i = 0;
            kn_obj *k, *v;
            while (ok > 0 && kn_dict_next(WD(pass ? b : a)->d, &i, &k, &v)) {
                kn_obj *x = kn_dict_get(WD(a)->d, k, err), *y = kn_dict_get(WD(b)->d, k, err);
                ok = kn__truth_steal(kn_compare(each, x ? x : zero, y ? y : zero, err), err);
            }
        }
        kn_decref(zero);
        if (ok < 0) return NULL;
        if (ok && (op == KN_CMP_LT || op == KN_CMP_GT)) {
            kn_obj *ne = wdict_compare(KN_CMP_NE, a, b, err);
            if (!ne) return NULL;
            return ne;
        }
        return kn_bool_new(ok);
    }
    kn_obj *da = inner(a), *db = inner(b);
    if (!kn_is(da, &kn_type_dict) || !kn_is(db, &kn_type_dict)) return kn_incref(kn_notimpl());
    bool eq;
    if (kn_is(a, &type_counter) && kn_is(b, &type_counter)) {
        /* missing counts are zero (3.10+) */
        eq = true;
        for (int pass = 0; eq && pass < 2; pass++) {
            kn_obj *x = pass ? db : da, *y = pass ? da : db;
            int64_t i = 0;
            kn_obj *k, *v;
            while (eq && kn_dict_next(x, &i, &k, &v)) {
                kn_obj *w = kn_dict_get(y, k, err);
                kn_obj *zero = kn_int_new(0);
                eq = kn_equal(v, w ? w : zero, err);
                kn_decref(zero);
            }
        }
    } else {
        eq = kn_equal(da, db, err);
        if (eq && kn_is(a, &type_ordereddict) && kn_is(b, &type_ordereddict)) {
            int64_t i = 0, j = 0;
            kn_obj *k1, *v1, *k2, *v2;
            while (eq && kn_dict_next(da, &i, &k1, &v1) && kn_dict_next(db, &j, &k2, &v2))
                eq = kn_equal(k1, k2, err);
        }
    }
    if (tc_error_is_set(err)) return NULL;
    return kn_bool_new(op == KN_CMP_EQ ? eq : !eq);
}

static kn_obj *dict_binop_or(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (kn_is(a, &type_counter) || kn_is(b, &type_counter)) return counter_binop(op, a, b, err);
    if (op != KN_BINOP_OR || !kn_is(inner(b), &kn_type_dict) || !kn_is(inner(a), &kn_type_dict))
        return kn_notimpl();
    kn_obj *self = is_wdict(a) ? a : b;
    kn_obj *r = wdict_copy_as(self->type, self, err);
    if (!r) return NULL;
    kn_decref(WD(r)->d);
    WD(r)->d = kn__dict_copy(inner(a));
    if (kn__dict_update(WD(r)->d, inner(b), err) < 0) {
        kn_decref(r);
        return NULL;
    }
    return r;
}

static kn_obj *defaultdict_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    kn_obj *factory = args->npos ? args->pos[0] : kn_none();
    if (factory != kn_none() && !factory->type->call && !kn_is(factory, &kn_type_type)) {
        tc_error_set(err, TC_EXC_TYPE, "first argument must be callable or None");
        return NULL;
    }
    wdict *w = wdict_new(&type_defaultdict, err);
    if (!w) return NULL;
    w->factory = kn_incref(factory);
    kn_args rest = *args;
    if (rest.npos) {
        rest.pos++;
        rest.npos--;
    }
    kn_obj *d = kn__dict_construct(&kn_type_dict, &rest, err);
    if (!d) {
        kn_decref(&w->base);
        return NULL;
    }
    kn_decref(w->d);
    w->d = d;
    return &w->base;
}

static kn_obj *od_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    kn_obj *d = kn__dict_construct(&kn_type_dict, args, err);
    if (!d) return NULL;
    wdict *w = wdict_new(&type_ordereddict, err);
    if (!w) {
        kn_decref(d);
        return NULL;
    }
    kn_decref(w->d);
    w->d = d;
    return &w->base;
}

static kn_obj *counter_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    wdict *w = wdict_new(&type_counter, err);
    if (!w) return NULL;
    if (counter_update_args(&w->base, args, "Counter", 1, err) < 0) {
        kn_decref(&w->base);
        return NULL;
    }
    return &w->base;
}

#define WDICT_SLOTS                                                                                \
    .dealloc = wdict_dealloc, .getattr = wdict_getattr, .compare = wdict_compare,                  \
    .truth = wdict_truth, .len = wdict_len, .setitem = wdict_setitem, .delitem = wdict_delitem,   \
    .iter = wdict_iter, .dir = wdict_dir, .contains = wdict_contains, .binop = dict_binop_or

static const kn_type type_defaultdict = {
    .name = "defaultdict",
    .qualname = "collections.defaultdict",
    .doc = "defaultdict(default_factory=None, /, [...]) --> dict with default factory",
    .repr = defaultdict_repr,
    .getitem = defaultdict_getitem,
    .construct = defaultdict_construct,
    WDICT_SLOTS,
};

static const kn_type type_ordereddict = {
    .name = "OrderedDict",
    .qualname = "collections.OrderedDict",
    .doc = "Dictionary that remembers insertion order",
    .repr = od_repr,
    .getitem = od_getitem,
    .construct = od_construct,
    WDICT_SLOTS,
};

static const kn_type type_counter = {
    .name = "Counter",
    .qualname = "collections.Counter",
    .doc = "Dict subclass for counting hashable items.",
    .repr = counter_repr,
    .getitem = counter_getitem,
    .unop = counter_unop,
    .construct = counter_construct,
    WDICT_SLOTS,
};

/* ==== the module ======================================================================== */

static kn_obj *od_fromkeys(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"iterable", "value"};
    kn_obj *a[2];
    if (KN__BIND(args, "fromkeys", names, 1, a, err) < 0) return NULL;
    kn_obj *l = kn__list_from_iter(a[0], err);
    if (!l) return NULL;
    wdict *w = wdict_new(&type_ordereddict, err);
    for (int64_t i = 0; w && i < kn_list_len(l); i++)
        if (kn_dict_set(w->d, kn_list_items(l)[i], a[1] ? a[1] : kn_none(), err) < 0) {
            kn_decref(&w->base);
            w = NULL;
        }
    kn_decref(l);
    return w ? &w->base : NULL;
}

kn_obj *kn_mod_collections_init(kn_err *err) {
    kn_obj *m = kn_module_new("collections", "This module implements specialized container "
                                             "datatypes providing\nalternatives to Python's general "
                                             "purpose built-in containers, dict,\nlist, set, and "
                                             "tuple.");
    add_new(m, "namedtuple",
            kn_cfunction_new("namedtuple", c_namedtuple, NULL,
                             "(typename, field_names, *, rename=False, defaults=None, "
                             "module=None)",
                             "Returns a new subclass of tuple with named fields."));
    kn_module_add(m, "deque", kn_type_object(&type_deque));
    kn_module_add(m, "defaultdict", kn_type_object(&type_defaultdict));
    kn_module_add(m, "OrderedDict", kn_type_object(&type_ordereddict));
    kn_module_add(m, "Counter", kn_type_object(&type_counter));
    kn_obj *fk = kn_cfunction_new("fromkeys", od_fromkeys, NULL, "(iterable, value=None)",
                                  "Create a new ordered dictionary with keys from iterable and "
                                  "values set to value.");
    kn__type_add_attr(&type_ordereddict, "fromkeys", fk);
    kn_decref(fk);
    return m;
}
