/*
 * The lazy iterator builtins: enumerate, zip, map, filter and reversed, each an iterator
 * type that pulls from the iterators of its arguments one item at a time.
 */
#include "kernel/objects/objects-impl.h"

typedef struct multiiter {
    kn_obj base;
    kn_obj *func;  /* map/filter function (or None for filter) */
    int n;         /* number of source iterators */
    int64_t count; /* enumerate counter */
    bool strict;   /* zip(strict=True) */
    kn_obj *its[];
} multiiter;

static void multiiter_dealloc(kn_obj *self) {
    multiiter *m = (multiiter *)self;
    kn_decref(m->func);
    for (int i = 0; i < m->n; i++)
        kn_decref(m->its[i]);
}

static kn_obj *iter_self(kn_obj *self, kn_err *err) {
    return kn_incref(self);
}

static kn_obj *multiiter_new(const kn_type *t, kn_obj *func, kn_obj *const *srcs, int n,
                             kn_err *err) {
    multiiter *m =
        (multiiter *)kn_obj_alloc(t, sizeof(multiiter) + (size_t)n * sizeof(kn_obj *), err);
    if (!m) return NULL;
    m->func = kn_incref(func);
    for (int i = 0; i < n; i++) {
        m->its[i] = kn_iter(srcs[i], err);
        if (!m->its[i]) {
            kn_decref(&m->base);
            return NULL;
        }
        m->n = i + 1;
    }
    m->n = n;
    return &m->base;
}

/* ---- enumerate ----------------------------------------------------------------------- */

static kn_obj *enumerate_next(kn_obj *self, kn_err *err) {
    multiiter *m = (multiiter *)self;
    kn_obj *x = kn_next(m->its[0], err);
    if (!x) return NULL;
    kn_obj *t = kn_tuple_new(2);
    kn_tuple_set(t, 0, kn_int_new(m->count++));
    kn_tuple_set(t, 1, x);
    return t;
}

static const kn_type type_enumerate = {
    .name = "enumerate",
    .qualname = "enumerate",
    .dealloc = multiiter_dealloc,
    .iter = iter_self,
    .next = enumerate_next,
    .doc = "Return an enumerate object.",
};

kn_obj *kn__bi_enumerate(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"iterable", "start"};
    kn_obj *a[2];
    if (KN__BIND(args, "enumerate", names, 1, a, err) < 0) return NULL;
    int64_t start = 0;
    if (a[1] && kn_to_int64(a[1], &start, err) < 0) return NULL;
    kn_obj *m = multiiter_new(&type_enumerate, NULL, &a[0], 1, err);
    if (m) ((multiiter *)m)->count = start;
    return m;
}

/* ---- zip ----------------------------------------------------------------------------- */

static kn_obj *zip_next(kn_obj *self, kn_err *err) {
    multiiter *m = (multiiter *)self;
    if (m->n == 0) return NULL;
    kn_obj *t = kn_tuple_new(m->n);
    for (int i = 0; i < m->n; i++) {
        kn_obj *x = kn_next(m->its[i], err);
        if (!x) {
            if (m->strict && !tc_error_is_set(err)) {
                if (i > 0)
                    tc_error_set(err, TC_EXC_VALUE,
                                 "zip() argument %d is shorter than argument%s%d", i + 1,
                                 i == 1 ? " " : "s 1-", i);
                else
                    for (int k = 1; k < m->n; k++) {
                        kn_obj *y = kn_next(m->its[k], err);
                        if (y) {
                            kn_decref(y);
                            tc_error_set(err, TC_EXC_VALUE,
                                         "zip() argument %d is longer than argument%s%d", k + 1,
                                         k == 1 ? " " : "s 1-", k);
                            break;
                        }
                    }
            }
            kn_decref(t);
            return NULL;
        }
        kn_tuple_set(t, i, x);
    }
    return t;
}

static const kn_type type_zip = {
    .name = "zip",
    .qualname = "zip",
    .dealloc = multiiter_dealloc,
    .iter = iter_self,
    .next = zip_next,
};

kn_obj *kn__bi_zip(kn_obj *self, const kn_args *args, kn_err *err) {
    bool strict = false;
    for (int i = 0; i < args->nkw; i++) {
        if (strcmp(args->kwnames[i], "strict") != 0) {
            tc_error_set(err, TC_EXC_TYPE, "'%s' is an invalid keyword argument for zip()",
                         args->kwnames[i]);
            return NULL;
        }
        int t = kn_truth(args->kwvals[i], err);
        if (t < 0) return NULL;
        strict = t;
    }
    kn_obj *m = multiiter_new(&type_zip, NULL, args->pos, args->npos, err);
    if (m) ((multiiter *)m)->strict = strict;
    return m;
}

/* ---- map, filter --------------------------------------------------------------------- */

static kn_obj *map_next(kn_obj *self, kn_err *err) {
    multiiter *m = (multiiter *)self;
    kn_obj *items[16];
    int got = 0;
    for (; got < m->n; got++) {
        items[got] = kn_next(m->its[got], err);
        if (!items[got]) break;
    }
    kn_obj *r = got == m->n ? kn_call_simple(m->func, items, m->n, err) : NULL;
    for (int i = 0; i < got; i++)
        kn_decref(items[i]);
    return r;
}

static const kn_type type_map = {
    .name = "map",
    .qualname = "map",
    .dealloc = multiiter_dealloc,
    .iter = iter_self,
    .next = map_next,
};

kn_obj *kn__bi_map(kn_obj *self, const kn_args *args, kn_err *err) {
    if (args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "map() takes no keyword arguments");
        return NULL;
    }
    if (args->npos < 2) {
        tc_error_set(err, TC_EXC_TYPE, "map() must have at least two arguments.");
        return NULL;
    }
    if (args->npos > 17) {
        tc_error_set(err, TC_EXC_TYPE, "map() supports at most 16 iterables");
        return NULL;
    }
    return multiiter_new(&type_map, args->pos[0], args->pos + 1, args->npos - 1, err);
}

static kn_obj *filter_next(kn_obj *self, kn_err *err) {
    multiiter *m = (multiiter *)self;
    for (;;) {
        kn_obj *x = kn_next(m->its[0], err);
        if (!x) return NULL;
        int t;
        if (m->func == kn_none())
            t = kn_truth(x, err);
        else
            t = kn__truth_steal(kn_call_simple(m->func, &x, 1, err), err);
        if (t > 0) return x;
        kn_decref(x);
        if (t < 0) return NULL;
    }
}

static const kn_type type_filter = {
    .name = "filter",
    .qualname = "filter",
    .dealloc = multiiter_dealloc,
    .iter = iter_self,
    .next = filter_next,
};

kn_obj *kn__bi_filter(kn_obj *self, const kn_args *args, kn_err *err) {
    if (args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "filter() takes no keyword arguments");
        return NULL;
    }
    if (args->npos != 2) {
        tc_error_set(err, TC_EXC_TYPE, "filter expected 2 arguments, got %d", args->npos);
        return NULL;
    }
    return multiiter_new(&type_filter, args->pos[0], args->pos + 1, 1, err);
}

/* ---- reversed ------------------------------------------------------------------------ */

kn_obj *kn__bi_reversed(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"sequence"};
    kn_obj *a[1];
    if (KN__BIND(args, "reversed", names, 1, a, err) < 0) return NULL;
    kn_obj *seq = a[0];
    if (kn_is(seq, &kn_type_list)) return kn__seqiter_new(&kn__type_list_reviter, seq);
    bool builtin_seq = kn_is(seq, &kn_type_tuple) || kn_is(seq, &kn_type_str) ||
                       kn_is(seq, &kn_type_range) || kn_is(seq, &kn_type_dict);
    if (!builtin_seq) {
        kn_obj *rev = seq->type->getattr ? seq->type->getattr(seq, "__reversed__", NULL) : NULL;
        if (rev) {
            kn_obj *r = kn_call_simple(rev, NULL, 0, err);
            kn_decref(rev);
            return r;
        }
        if (!seq->type->len || !seq->type->getitem) {
            tc_error_set(err, TC_EXC_TYPE, "'%s' object is not reversible", kn_type_name(seq));
            return NULL;
        }
    }
    kn_obj *l = kn__list_from_iter(seq, err);
    if (!l) return NULL;
    kn_obj *it = kn__seqiter_new(&kn__type_list_reviter, l);
    kn_decref(l);
    return it;
}
