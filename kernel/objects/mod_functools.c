/*
 * The functools module: reduce, partial, lru_cache / cache (with cache_info() and
 * cache_clear(), least-recently-used eviction as CPython's), cmp_to_key, and wraps, which
 * returns the wrapper unchanged (functions carry no writable metadata yet).
 */
#include "kernel/objects/objects-impl.h"
#include "kernel/objects/collections.h"

/* ---- reduce -------------------------------------------------------------------------- */

static kn_obj *f_reduce(kn_obj *self, const kn_args *args, kn_err *err) {
    if (args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "reduce() takes no keyword arguments");
        return NULL;
    }
    if (args->npos < 2 || args->npos > 3) {
        tc_error_set(err, TC_EXC_TYPE, "reduce expected at %s, got %d",
                     args->npos < 2 ? "least 2 arguments" : "most 3 arguments", args->npos);
        return NULL;
    }
    kn_obj *it = kn_iter(args->pos[1], err);
    if (!it) {
        if (tc_error_is_set(err) && err->type == TC_EXC_TYPE) {
            tc_error_clear(err);
            tc_error_set(err, TC_EXC_TYPE, "reduce() arg 2 must support iteration");
        }
        return NULL;
    }
    kn_obj *acc = args->npos == 3 ? kn_incref(args->pos[2]) : NULL;
    for (uint64_t i = 0;; i++) {
        if (kn__poll(i, err) < 0) goto fail;
        kn_obj *x = kn_next(it, err);
        if (!x) {
            if (tc_error_is_set(err)) goto fail;
            break;
        }
        if (!acc) {
            acc = x;
            continue;
        }
        kn_obj *pair[2] = {acc, x};
        kn_obj *r = kn_call_simple(args->pos[0], pair, 2, err);
        kn_decref(x);
        kn_decref(acc);
        acc = r;
        if (!acc) goto fail;
    }
    kn_decref(it);
    if (!acc)
        tc_error_set(err, TC_EXC_TYPE, "reduce() of empty iterable with no initial value");
    return acc;
fail:
    kn_decref(it);
    kn_decref(acc);
    return NULL;
}

/* ---- partial ------------------------------------------------------------------------- */

typedef struct partialobj {
    kn_obj base;
    kn_obj *func;
    kn_obj *args; /* tuple */
    kn_obj *kw;   /* dict str -> value */
} partialobj;

#define PA(o) ((partialobj *)(o))

static void partial_dealloc(kn_obj *self) {
    kn_decref(PA(self)->func);
    kn_decref(PA(self)->args);
    kn_decref(PA(self)->kw);
}

/* Call 'func' with pre-bound positional 'pre' (tuple) and keywords 'kw' (dict) followed by
 * the call's own arguments, keywords of the call overriding. */
static kn_obj *call_merged(kn_obj *func, kn_obj *pre, kn_obj *kw, const kn_args *args,
                           kn_err *err) {
    int64_t np = kn_tuple_len(pre);
    int64_t npos = np + args->npos;
    kn_obj *d = kn__dict_copy(kw);
    for (int i = 0; i < args->nkw; i++) {
        kn_obj *k = kn_str_from_cstr(args->kwnames[i]);
        kn_dict_set(d, k, args->kwvals[i], err);
        kn_decref(k);
    }
    int64_t nkw = kn_dict_len(d);
    kn_obj **pos = tc_malloc((size_t)(npos + 1) * sizeof(kn_obj *));
    const char **names = tc_malloc((size_t)(nkw + 1) * sizeof(char *));
    kn_obj **vals = tc_malloc((size_t)(nkw + 1) * sizeof(kn_obj *));
    kn_obj *r = NULL;
    if (!pos || !names || !vals) {
        kn_nomem(err);
        goto done;
    }
    for (int64_t i = 0; i < np; i++)
        pos[i] = kn_tuple_items(pre)[i];
    for (int i = 0; i < args->npos; i++)
        pos[np + i] = args->pos[i];
    int64_t it = 0, j = 0;
    kn_obj *k, *v;
    while (kn_dict_next(d, &it, &k, &v)) {
        names[j] = kn_str_cstr(k);
        vals[j++] = v;
    }
    kn_args a = {pos, (int)npos, names, vals, (int)nkw};
    r = kn_call(func, &a, err);
done:
    tc_free(pos);
    tc_free(names);
    tc_free(vals);
    kn_decref(d);
    return r;
}

/* A recursion that runs out of depth through a partial is reported as CPython reports a
 * limit reached in a C-level call of a Python object. */
static kn_obj *partial_call(kn_obj *self, const kn_args *args, kn_err *err) {
    kn_obj *r = call_merged(PA(self)->func, PA(self)->args, PA(self)->kw, args, err);
    if (!r && err && err->type == TC_EXC_RECURSION &&
        strcmp(err->msg, "maximum recursion depth exceeded") == 0) {
        tc_error_clear(err);
        tc_error_set(err, TC_EXC_RECURSION,
                     "maximum recursion depth exceeded while calling a Python object");
    }
    return r;
}

static kn_obj *partial_repr(kn_obj *self, kn_err *err) {
    tc_strbuf b = {0};
    tc_strbuf_puts(&b, "functools.partial(");
    if (kn__strbuf_repr(&b, PA(self)->func, err) < 0) goto fail;
    for (int64_t i = 0; i < kn_tuple_len(PA(self)->args); i++) {
        tc_strbuf_puts(&b, ", ");
        if (kn__strbuf_repr(&b, kn_tuple_items(PA(self)->args)[i], err) < 0) goto fail;
    }
    int64_t it = 0;
    kn_obj *k, *v;
    while (kn_dict_next(PA(self)->kw, &it, &k, &v)) {
        tc_strbuf_printf(&b, ", %s=", kn_str_cstr(k));
        if (kn__strbuf_repr(&b, v, err) < 0) goto fail;
    }
    tc_strbuf_putc(&b, ')');
    return kn__strbuf_finish(&b, err);
fail:
    tc_strbuf_free(&b);
    return NULL;
}

static kn_obj *partial_getattr(kn_obj *self, const char *name, kn_err *err) {
    if (strcmp(name, "func") == 0) return kn_incref(PA(self)->func);
    if (strcmp(name, "args") == 0) return kn_incref(PA(self)->args);
    if (strcmp(name, "keywords") == 0) return kn__dict_copy(PA(self)->kw);
    return NULL;
}

static kn_obj *partial_construct(const kn_type *type, const kn_args *args, kn_err *err);

static const kn_type type_partial = {
    .name = "partial",
    .qualname = "functools.partial",
    .doc = "partial(func, *args, **keywords) - new function with partial application\n"
           "of the given arguments and keywords.",
    .dealloc = partial_dealloc,
    .repr = partial_repr,
    .getattr = partial_getattr,
    .call = partial_call,
    .construct = partial_construct,
};

static kn_obj *partial_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    if (args->npos < 1) {
        tc_error_set(err, TC_EXC_TYPE, "type 'partial' takes at least one argument");
        return NULL;
    }
    kn_obj *func = args->pos[0];
    if (!func->type->call && !kn_is(func, &kn_type_type)) {
        tc_error_set(err, TC_EXC_TYPE, "the first argument must be callable");
        return NULL;
    }
    partialobj *p = (partialobj *)kn_obj_alloc(&type_partial, sizeof(partialobj), err);
    if (!p) return NULL;
    kn_obj *kw = kn_dict_new();
    kn_obj *pre;
    if (kn_is(func, &type_partial)) { /* flatten as CPython does */
        partialobj *inner = PA(func);
        kn_obj *l = kn__list_from_iter(inner->args, err);
        for (int i = 1; l && i < args->npos; i++)
            kn_list_append(l, args->pos[i]);
        pre = kn__tuple_from(kn_list_items(l), kn_list_len(l));
        kn_decref(l);
        kn__dict_update(kw, inner->kw, err);
        func = inner->func;
    } else {
        pre = kn__tuple_from(args->pos + 1, args->npos - 1);
    }
    for (int i = 0; i < args->nkw; i++) {
        kn_obj *k = kn_str_from_cstr(args->kwnames[i]);
        kn_dict_set(kw, k, args->kwvals[i], err);
        kn_decref(k);
    }
    p->func = kn_incref(func);
    p->args = pre;
    p->kw = kw;
    return &p->base;
}

/* ---- lru_cache ----------------------------------------------------------------------- */

typedef struct lruobj {
    kn_obj base;
    kn_obj *func;
    kn_obj *cache; /* dict key -> result, least recently used first */
    int64_t maxsize; /* -1: unbounded */
    bool typed;
    int64_t hits, misses;
} lruobj;

#define LRU(o) ((lruobj *)(o))

static void lru_dealloc(kn_obj *self) {
    kn_decref(LRU(self)->func);
    kn_decref(LRU(self)->cache);
}

/* The cache key: the positional arguments, then a marker and name/value pairs of the
 * keywords; with typed=True the argument types follow. */
static kn_obj *lru_key(lruobj *l, const kn_args *args) {
    int64_t n = args->npos + (args->nkw ? 1 + 2 * args->nkw : 0);
    if (l->typed) n += args->npos + args->nkw;
    kn_obj *t = kn_tuple_new(n);
    int64_t j = 0;
    for (int i = 0; i < args->npos; i++)
        kn_tuple_set(t, j++, kn_incref(args->pos[i]));
    if (args->nkw) {
        kn_tuple_set(t, j++, kn_incref(kn_ellipsis()));
        for (int i = 0; i < args->nkw; i++) {
            kn_tuple_set(t, j++, kn_str_from_cstr(args->kwnames[i]));
            kn_tuple_set(t, j++, kn_incref(args->kwvals[i]));
        }
    }
    if (l->typed) {
        for (int i = 0; i < args->npos; i++)
            kn_tuple_set(t, j++, kn_incref(kn_type_object(args->pos[i]->type)));
        for (int i = 0; i < args->nkw; i++)
            kn_tuple_set(t, j++, kn_incref(kn_type_object(args->kwvals[i]->type)));
    }
    return t;
}

static kn_obj *lru_call(kn_obj *self, const kn_args *args, kn_err *err) {
    lruobj *l = LRU(self);
    if (l->maxsize == 0) {
        l->misses++;
        return kn_call(l->func, args, err);
    }
    kn_obj *key = lru_key(l, args);
    kn_obj *hit = kn_dict_get(l->cache, key, err);
    if (!hit && tc_error_is_set(err)) {
        kn_decref(key);
        return NULL;
    }
    if (hit) {
        l->hits++;
        kn_incref(hit);
        if (l->maxsize > 0) { /* move to the most recently used end */
            kn_dict_del(l->cache, key, err);
            kn_dict_set(l->cache, key, hit, err);
        }
        kn_decref(key);
        return hit;
    }
    l->misses++;
    kn_obj *r = kn_call(l->func, args, err);
    if (!r) {
        kn_decref(key);
        return NULL;
    }
    /* A recursive call may have cached the key meanwhile: CPython keeps that entry. */
    if (!kn_dict_get(l->cache, key, err)) {
        if (l->maxsize > 0 && kn_dict_len(l->cache) >= l->maxsize) {
            int64_t it = 0;
            kn_obj *k0, *v0;
            if (kn_dict_next(l->cache, &it, &k0, &v0)) {
                kn_incref(k0);
                kn_dict_del(l->cache, k0, err);
                kn_decref(k0);
            }
        }
        kn_dict_set(l->cache, key, r, err);
    }
    kn_decref(key);
    return r;
}

static kn_obj *lru_cache_info(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "cache_info", err) < 0) return NULL;
    lruobj *l = LRU(self);
    static const char *fields[] = {"hits", "misses", "maxsize", "currsize"};
    kn_obj *vals[4] = {kn_int_new(l->hits), kn_int_new(l->misses),
                       l->maxsize < 0 ? kn_none_new() : kn_int_new(l->maxsize),
                       kn_int_new(kn_dict_len(l->cache))};
    kn_obj *r = kn__namedtuple_make("CacheInfo", "functools", fields, 4, vals, err);
    for (int i = 0; i < 4; i++)
        kn_decref(vals[i]);
    return r;
}

static kn_obj *lru_cache_clear(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "cache_clear", err) < 0) return NULL;
    lruobj *l = LRU(self);
    kn_decref(l->cache);
    l->cache = kn_dict_new();
    l->hits = l->misses = 0;
    return kn_none_new();
}

static const kn__method lru_methods[] = {
    {"cache_info", lru_cache_info, "()", "Report cache statistics"},
    {"cache_clear", lru_cache_clear, "()", "Clear the cache and cache statistics"},
    {NULL, NULL, NULL, NULL},
};

static kn_obj *lru_getattr(kn_obj *self, const char *name, kn_err *err) {
    if (strcmp(name, "__wrapped__") == 0) return kn_incref(LRU(self)->func);
    kn_obj *m = kn__method_get(self, lru_methods, name);
    if (m) return m;
    /* __name__, __doc__, ... of the wrapped function, as functools.update_wrapper copies. */
    if (name[0] == '_' && name[1] == '_') {
        kn_err e2;
        tc_error_init(&e2);
        return kn_getattr(LRU(self)->func, name, &e2);
    }
    return NULL;
}

static kn_obj *lru_repr(kn_obj *self, kn_err *err) {
    return kn_str_printf("<functools._lru_cache_wrapper object at %p>", (void *)self);
}

static const kn_type type_lru = {
    .name = "_lru_cache_wrapper",
    .qualname = "functools._lru_cache_wrapper",
    .dealloc = lru_dealloc,
    .repr = lru_repr,
    .getattr = lru_getattr,
    .call = lru_call,
};

static kn_obj *lru_wrap(kn_obj *func, int64_t maxsize, bool typed, kn_err *err) {
    if (!func->type->call && !kn_is(func, &kn_type_type)) {
        tc_error_set(err, TC_EXC_TYPE, "the first argument must be callable");
        return NULL;
    }
    lruobj *l = (lruobj *)kn_obj_alloc(&type_lru, sizeof(lruobj), err);
    if (!l) return NULL;
    l->func = kn_incref(func);
    l->cache = kn_dict_new();
    l->maxsize = maxsize;
    l->typed = typed;
    return &l->base;
}

/* lru_cache(maxsize, typed) called with its parameters: the decorator it returns. */
typedef struct lrudeco {
    kn_obj base;
    int64_t maxsize;
    bool typed;
} lrudeco;

static kn_obj *lrudeco_call(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"user_function"};
    kn_obj *a[1];
    if (KN__BIND(args, "decorating_function", names, 1, a, err) < 0) return NULL;
    return lru_wrap(a[0], ((lrudeco *)self)->maxsize, ((lrudeco *)self)->typed, err);
}

static const kn_type type_lrudeco = {
    .name = "function",
    .qualname = "functools.lru_cache.<locals>.decorating_function",
    .call = lrudeco_call,
};

static kn_obj *f_lru_cache(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"maxsize", "typed"};
    kn_obj *a[2];
    if (KN__BIND(args, "lru_cache", names, 0, a, err) < 0) return NULL;
    bool typed = false;
    if (a[1]) {
        int t = kn_truth(a[1], err);
        if (t < 0) return NULL;
        typed = t;
    }
    int64_t maxsize = 128;
    if (a[0] && a[0] != kn_none() && !kn__is_int(a[0])) {
        if (a[0]->type->call || kn_is(a[0], &kn_type_type)) return lru_wrap(a[0], 128, typed, err);
        tc_error_set(err, TC_EXC_TYPE, "Expected first argument to be an integer, a callable, "
                                       "or None");
        return NULL;
    }
    if (a[0] == kn_none())
        maxsize = -1;
    else if (a[0]) {
        maxsize = kn_int_value(a[0]);
        if (maxsize < 0) maxsize = 0;
    }
    lrudeco *d = (lrudeco *)kn_obj_alloc(&type_lrudeco, sizeof(lrudeco), err);
    if (!d) return NULL;
    d->maxsize = maxsize;
    d->typed = typed;
    return &d->base;
}

static kn_obj *f_cache(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"user_function"};
    kn_obj *a[1];
    if (KN__BIND(args, "cache", names, 1, a, err) < 0) return NULL;
    return lru_wrap(a[0], -1, false, err);
}

/* ---- wraps, cmp_to_key --------------------------------------------------------------- */

/* functools.update_wrapper with the default WRAPPER_ASSIGNMENTS and WRAPPER_UPDATES:
 * copy the wrapped function's metadata that it has, merge its __dict__, set __wrapped__.
 * Returns a new reference to wrapper. */
static kn_obj *update_wrapper(kn_obj *wrapper, kn_obj *wrapped, kn_err *err) {
    static const char *const assigned[] = {"__module__", "__name__", "__qualname__", "__doc__",
                                           "__annotations__"};
    for (size_t i = 0; i < sizeof assigned / sizeof assigned[0]; i++) {
        kn_err e;
        tc_error_init(&e);
        kn_obj *v = kn_getattr(wrapped, assigned[i], &e);
        if (!v) {
            if (e.type != TC_EXC_ATTRIBUTE) return *err = e, NULL;
            continue;
        }
        int rc = kn_setattr(wrapper, assigned[i], v, err);
        kn_decref(v);
        if (rc < 0) return NULL;
    }
    kn_err e1 = {0}, e2 = {0};
    kn_obj *src = kn_getattr(wrapped, "__dict__", &e1);
    kn_obj *dst = src ? kn_getattr(wrapper, "__dict__", &e2) : NULL;
    int rc = 0;
    if (src && !dst) {
        *err = e2;
        rc = -1;
    }
    int64_t it = 0;
    kn_obj *k, *v;
    while (rc == 0 && src && kn_is(src, &kn_type_dict) && kn_dict_next(src, &it, &k, &v))
        rc = kn_setitem(dst, k, v, err);
    kn_decref(src);
    kn_decref(dst);
    if (rc < 0 || kn_setattr(wrapper, "__wrapped__", wrapped, err) < 0) return NULL;
    return kn_incref(wrapper);
}

static kn_obj *f_update_wrapper(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"wrapper", "wrapped", "assigned", "updated"};
    kn_obj *a[4];
    if (KN__BIND(args, "update_wrapper", names, 2, a, err) < 0) return NULL;
    return update_wrapper(a[0], a[1], err);
}

/* The decorator wraps(wrapped) returns: update_wrapper with 'wrapped' bound (self). */
static kn_obj *wraps_apply(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"wrapper"};
    kn_obj *a[1];
    if (KN__BIND(args, "update_wrapper", names, 1, a, err) < 0) return NULL;
    return update_wrapper(a[0], self, err);
}

static kn_obj *f_wraps(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"wrapped", "assigned", "updated"};
    kn_obj *a[3];
    if (KN__BIND(args, "wraps", names, 1, a, err) < 0) return NULL;
    kn_obj *f = kn_cfunction_new("update_wrapper", wraps_apply, a[0], "(wrapper)",
                                 "Update a wrapper function to look like the wrapped function.");
    if (!f) kn_nomem(err);
    return f;
}

typedef struct keyobj {
    kn_obj base;
    kn_obj *cmp, *obj;
} keyobj;

static void key_dealloc(kn_obj *self) {
    kn_decref(((keyobj *)self)->cmp);
    kn_decref(((keyobj *)self)->obj);
}

static const kn_type type_key;

static kn_obj *key_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (!kn_is(a, &type_key) || !kn_is(b, &type_key)) return kn_incref(kn_notimpl());
    kn_obj *pair[2] = {((keyobj *)a)->obj, ((keyobj *)b)->obj};
    kn_obj *r = kn_call_simple(((keyobj *)a)->cmp, pair, 2, err);
    if (!r) return NULL;
    kn_obj *zero = kn_int_new(0);
    kn_obj *c = kn_compare(op, r, zero, err);
    kn_decref(zero);
    kn_decref(r);
    return c;
}

static kn_obj *key_call(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"obj"};
    kn_obj *a[1];
    if (KN__BIND(args, "K", names, 1, a, err) < 0) return NULL;
    keyobj *k = (keyobj *)kn_obj_alloc(&type_key, sizeof(keyobj), err);
    if (!k) return NULL;
    k->cmp = kn_incref(((keyobj *)self)->cmp);
    k->obj = kn_incref(a[0]);
    return &k->base;
}

static const kn_type type_key = {
    .name = "functools.KeyWrapper",
    .qualname = "functools.KeyWrapper",
    .dealloc = key_dealloc,
    .compare = key_compare,
    .call = key_call,
};

static kn_obj *f_cmp_to_key(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"mycmp"};
    kn_obj *a[1];
    if (KN__BIND(args, "cmp_to_key", names, 1, a, err) < 0) return NULL;
    keyobj *k = (keyobj *)kn_obj_alloc(&type_key, sizeof(keyobj), err);
    if (!k) return NULL;
    k->cmp = kn_incref(a[0]);
    return &k->base;
}

static const kn__method functools_funcs[] = {
    {"cache", f_cache, "(user_function, /)",
     "Simple lightweight unbounded cache.  Sometimes called \"memoize\"."},
    {"cmp_to_key", f_cmp_to_key, "(mycmp)", "Convert a cmp= function into a key= function."},
    {"lru_cache", f_lru_cache, "(maxsize=128, typed=False)", "Least-recently-used cache "
                                                             "decorator."},
    {"reduce", f_reduce, "(function, iterable[, initial], /)",
     "Apply a function of two arguments cumulatively to the items of a sequence\nor iterable, "
     "from left to right, so as to reduce the iterable to a single\nvalue."},
    {"update_wrapper", f_update_wrapper, "(wrapper, wrapped, assigned=..., updated=...)",
     "Update a wrapper function to look like the wrapped function."},
    {"wraps", f_wraps, "(wrapped, assigned=..., updated=...)",
     "Decorator factory to apply update_wrapper() to a wrapper function."},
    {NULL, NULL, NULL, NULL},
};

kn_obj *kn_mod_functools_init(kn_err *err) {
    kn_obj *m = kn_module_new("functools", "Tools for working with functions and callable "
                                           "objects");
    kn__module_add_funcs(m, functools_funcs);
    kn_module_add(m, "partial", kn_type_object(&type_partial));
    return m;
}
