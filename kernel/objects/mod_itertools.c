/*
 * The itertools module: lazy iterator types that follow CPython's itertools C code step by
 * step (the order in which they pull from their sources, when they stop, their error
 * messages), so side effects and partial consumption match: count, repeat, cycle, chain
 * (and chain.from_iterable), islice, product, permutations, combinations,
 * combinations_with_replacement, accumulate, zip_longest, groupby, starmap, takewhile,
 * dropwhile, filterfalse, compress and pairwise.
 *
 * One object layout serves every iterator type; each uses the fields its comment names.
 */
#include "kernel/objects/objects-impl.h"

typedef struct itobj {
    kn_obj base;
    kn_obj *src;   /* the source iterator (chain: the iterator over iterables) */
    kn_obj *func;  /* accumulate/starmap/takewhile/...: the function; groupby: key */
    kn_obj *val;   /* count: next value; repeat: the object; accumulate: total; chain: the
                    * active iterator; zip_longest: fillvalue; groupby: tgtkey; pairwise: old */
    kn_obj *step;  /* count: the step; groupby: currkey; compress: selectors */
    kn_obj *pool;  /* a tuple: the pool of product/permutations/combinations, cycle's saved
                    * list; groupby: currvalue */
    kn_obj **its;  /* zip_longest: the iterators (NULL once exhausted); product: pools */
    int nits;
    int64_t *indices, *cycles;
    int64_t n, r;
    int64_t next, stop, istep, cnt; /* islice; repeat: cnt = times left (-1 forever) */
    bool started, done;
    kn_obj *currgrouper; /* groupby: the live grouper (borrowed) */
} itobj;

#define IT(o) ((itobj *)(o))

static kn_obj *accumulate_construct(const kn_type *type, const kn_args *args, kn_err *err);
static kn_obj *chain_construct(const kn_type *type, const kn_args *args, kn_err *err);
static kn_obj *combinations_construct(const kn_type *type, const kn_args *args, kn_err *err);
static kn_obj *compress_construct(const kn_type *type, const kn_args *args, kn_err *err);
static kn_obj *count_construct(const kn_type *type, const kn_args *args, kn_err *err);
static kn_obj *cycle_construct(const kn_type *type, const kn_args *args, kn_err *err);
static kn_obj *dropwhile_construct(const kn_type *type, const kn_args *args, kn_err *err);
static kn_obj *filterfalse_construct(const kn_type *type, const kn_args *args, kn_err *err);
static kn_obj *groupby_construct(const kn_type *type, const kn_args *args, kn_err *err);
static kn_obj *islice_construct(const kn_type *type, const kn_args *args, kn_err *err);
static kn_obj *pairwise_construct(const kn_type *type, const kn_args *args, kn_err *err);
static kn_obj *permutations_construct(const kn_type *type, const kn_args *args, kn_err *err);
static kn_obj *product_construct(const kn_type *type, const kn_args *args, kn_err *err);
static kn_obj *repeat_construct(const kn_type *type, const kn_args *args, kn_err *err);
static kn_obj *starmap_construct(const kn_type *type, const kn_args *args, kn_err *err);
static kn_obj *takewhile_construct(const kn_type *type, const kn_args *args, kn_err *err);
static kn_obj *zip_longest_construct(const kn_type *type, const kn_args *args, kn_err *err);
static kn_obj *cwr_construct(const kn_type *type, const kn_args *args, kn_err *err);

static void it_dealloc(kn_obj *self) {
    itobj *it = IT(self);
    kn_decref(it->src);
    kn_decref(it->func);
    kn_decref(it->val);
    kn_decref(it->step);
    kn_decref(it->pool);
    for (int i = 0; i < it->nits; i++)
        kn_decref(it->its[i]);
    tc_free(it->its);
    tc_free(it->indices);
    tc_free(it->cycles);
}

static kn_obj *iter_self(kn_obj *self, kn_err *err) { return kn_incref(self); }

static itobj *it_new(const kn_type *t, kn_err *err) {
    return (itobj *)kn_obj_alloc(t, sizeof(itobj), err);
}

static int nomem(kn_err *err) { return kn_nomem(err); }

#define ITER_TYPE(cname, pyname, nextfn, ...)                                                      \
    static const kn_type type_##cname = {                                                          \
        .name = pyname,                                                                            \
        .qualname = "itertools." pyname,                                                           \
        .dealloc = it_dealloc,                                                                     \
        .iter = iter_self,                                                                         \
        .next = nextfn,                                                                            \
        __VA_ARGS__};

static int no_kwargs(const kn_args *args, const char *fname, kn_err *err) {
    if (args->nkw) return tc_error_set(err, TC_EXC_TYPE, "%s() takes no keyword arguments", fname);
    return 0;
}

/* ---- count --------------------------------------------------------------------------- */

static kn_obj *count_next(kn_obj *self, kn_err *err) {
    itobj *it = IT(self);
    kn_obj *nv = kn_binary(KN_BINOP_ADD, it->val, it->step, err);
    if (!nv) return NULL;
    kn_obj *r = it->val;
    it->val = nv;
    return r;
}

static kn_obj *count_repr(kn_obj *self, kn_err *err) {
    itobj *it = IT(self);
    tc_strbuf b = {0};
    tc_strbuf_puts(&b, "count(");
    if (kn__strbuf_repr(&b, it->val, err) < 0) goto fail;
    if (!(kn__is_int(it->step) && kn_int_value(it->step) == 1 && kn_is(it->step, &kn_type_int))) {
        tc_strbuf_puts(&b, ", ");
        if (kn__strbuf_repr(&b, it->step, err) < 0) goto fail;
    }
    tc_strbuf_putc(&b, ')');
    return kn__strbuf_finish(&b, err);
fail:
    tc_strbuf_free(&b);
    return NULL;
}

ITER_TYPE(count, "count", count_next, .construct = count_construct, .repr = count_repr)

static kn_obj *count_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    static const char *names[] = {"start", "step"};
    kn_obj *a[2];
    if (KN__BIND(args, "count", names, 0, a, err) < 0) return NULL;
    for (int i = 0; i < 2; i++)
        if (a[i] && !kn__is_number(a[i])) {
            tc_error_set(err, TC_EXC_TYPE, "a number is required");
            return NULL;
        }
    itobj *it = it_new(&type_count, err);
    if (!it) return NULL;
    it->val = a[0] ? kn_incref(a[0]) : kn_int_new(0);
    it->step = a[1] ? kn_incref(a[1]) : kn_int_new(1);
    return &it->base;
}

/* ---- repeat -------------------------------------------------------------------------- */

static kn_obj *repeat_next(kn_obj *self, kn_err *err) {
    itobj *it = IT(self);
    if (it->cnt == 0) return NULL;
    if (it->cnt > 0) it->cnt--;
    return kn_incref(it->val);
}

static kn_obj *repeat_repr(kn_obj *self, kn_err *err) {
    itobj *it = IT(self);
    tc_strbuf b = {0};
    tc_strbuf_puts(&b, "repeat(");
    if (kn__strbuf_repr(&b, it->val, err) < 0) {
        tc_strbuf_free(&b);
        return NULL;
    }
    if (it->cnt >= 0) tc_strbuf_printf(&b, ", %lld", (long long)it->cnt);
    tc_strbuf_putc(&b, ')');
    return kn__strbuf_finish(&b, err);
}

ITER_TYPE(repeat, "repeat", repeat_next, .construct = repeat_construct, .repr = repeat_repr)

static kn_obj *repeat_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    static const char *names[] = {"object", "times"};
    kn_obj *a[2];
    if (KN__BIND(args, "repeat", names, 1, a, err) < 0) return NULL;
    int64_t times = -1;
    if (a[1]) {
        if (!kn__is_int(a[1])) {
            tc_error_set(err, TC_EXC_TYPE, "'%s' object cannot be interpreted as an integer",
                         kn_type_name(a[1]));
            return NULL;
        }
        if (kn_to_int64(a[1], &times, err) < 0) return NULL;
        if (times < 0) times = 0;
    }
    itobj *it = it_new(&type_repeat, err);
    if (!it) return NULL;
    it->val = kn_incref(a[0]);
    it->cnt = times;
    return &it->base;
}

/* ---- cycle --------------------------------------------------------------------------- */

static kn_obj *cycle_next(kn_obj *self, kn_err *err) {
    itobj *it = IT(self);
    if (it->src) {
        kn_obj *x = kn_next(it->src, err);
        if (x) {
            if (kn_list_append(it->pool, x) < 0) {
                kn_decref(x);
                nomem(err);
                return NULL;
            }
            return x;
        }
        if (tc_error_is_set(err)) return NULL;
        kn_decref(it->src);
        it->src = NULL;
    }
    int64_t n = kn_list_len(it->pool);
    if (n == 0) return NULL;
    kn_obj *r = kn_incref(kn_list_items(it->pool)[it->cnt]);
    it->cnt = (it->cnt + 1) % n;
    return r;
}

ITER_TYPE(cycle, "cycle", cycle_next, .construct = cycle_construct)

static kn_obj *cycle_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    if (no_kwargs(args, "cycle", err) < 0) return NULL;
    if (args->npos != 1) {
        tc_error_set(err, TC_EXC_TYPE, "cycle expected 1 argument, got %d", args->npos);
        return NULL;
    }
    kn_obj *src = kn_iter(args->pos[0], err);
    if (!src) return NULL;
    itobj *it = it_new(&type_cycle, err);
    if (!it) {
        kn_decref(src);
        return NULL;
    }
    it->src = src;
    it->pool = kn_list_new(0);
    return &it->base;
}

/* ---- chain --------------------------------------------------------------------------- */

static kn_obj *chain_next(kn_obj *self, kn_err *err) {
    itobj *it = IT(self);
    while (it->src) {
        if (!it->val) {
            kn_obj *iterable = kn_next(it->src, err);
            if (!iterable) {
                kn_decref(it->src);
                it->src = NULL;
                return NULL;
            }
            it->val = kn_iter(iterable, err);
            kn_decref(iterable);
            if (!it->val) return NULL;
        }
        kn_obj *x = kn_next(it->val, err);
        if (x || tc_error_is_set(err)) return x;
        kn_decref(it->val);
        it->val = NULL;
    }
    return NULL;
}

ITER_TYPE(chain, "chain", chain_next, .construct = chain_construct)

static kn_obj *chain_over(kn_obj *iterables, kn_err *err) {
    kn_obj *src = kn_iter(iterables, err);
    if (!src) return NULL;
    itobj *it = it_new(&type_chain, err);
    if (!it) {
        kn_decref(src);
        return NULL;
    }
    it->src = src;
    return &it->base;
}

static kn_obj *chain_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    if (no_kwargs(args, "chain", err) < 0) return NULL;
    kn_obj *t = kn__tuple_from(args->pos, args->npos);
    kn_obj *r = chain_over(t, err);
    kn_decref(t);
    return r;
}

static kn_obj *chain_from_iterable(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"iterable"};
    kn_obj *a[1];
    if (KN__BIND(args, "from_iterable", names, 1, a, err) < 0) return NULL;
    return chain_over(a[0], err);
}

/* ---- islice -------------------------------------------------------------------------- */

static kn_obj *islice_next(kn_obj *self, kn_err *err) {
    itobj *it = IT(self);
    if (!it->src) return NULL;
    while (it->cnt < it->next) {
        kn_obj *x = kn_next(it->src, err);
        if (!x) goto empty;
        kn_decref(x);
        it->cnt++;
    }
    if (it->stop != -1 && it->cnt >= it->stop) goto empty;
    kn_obj *x = kn_next(it->src, err);
    if (!x) goto empty;
    it->cnt++;
    int64_t old = it->next;
    it->next += it->istep;
    if (it->next < old || (it->stop != -1 && it->next > it->stop)) it->next = it->stop;
    return x;
empty:
    kn_decref(it->src);
    it->src = NULL;
    return NULL;
}

ITER_TYPE(islice, "islice", islice_next, .construct = islice_construct)

/* PyNumber_AsSsize_t as islice uses it: -1 for anything that is not an int. */
static int64_t islice_num(kn_obj *o) {
    return kn__is_int(o) && !kn__int_is_big(o) ? kn_int_value(o) : -1;
}

static kn_obj *islice_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    if (no_kwargs(args, "islice", err) < 0) return NULL;
    if (args->npos < 2) {
        tc_error_set(err, TC_EXC_TYPE, "islice expected at least 2 arguments, got %d",
                     args->npos);
        return NULL;
    }
    if (args->npos > 4) {
        tc_error_set(err, TC_EXC_TYPE, "islice expected at most 4 arguments, got %d",
                     args->npos);
        return NULL;
    }
    int64_t start = 0, stop = -1, step = 1;
    kn_obj *a_stop = args->pos[args->npos == 2 ? 1 : 2];
    if (args->npos > 2 && args->pos[1] != kn_none()) start = islice_num(args->pos[1]);
    if (a_stop != kn_none()) {
        stop = islice_num(a_stop);
        if (stop == -1) {
            tc_error_set(err, TC_EXC_VALUE, "Stop argument for islice() must be None or an "
                                            "integer: 0 <= x <= sys.maxsize.");
            return NULL;
        }
    }
    if (start < 0 || stop < -1) {
        tc_error_set(err, TC_EXC_VALUE, "Indices for islice() must be None or an integer: 0 "
                                        "<= x <= sys.maxsize.");
        return NULL;
    }
    if (args->npos == 4 && args->pos[3] != kn_none()) step = islice_num(args->pos[3]);
    if (step < 1) {
        tc_error_set(err, TC_EXC_VALUE, "Step for islice() must be a positive integer or None.");
        return NULL;
    }
    kn_obj *src = kn_iter(args->pos[0], err);
    if (!src) return NULL;
    itobj *it = it_new(&type_islice, err);
    if (!it) {
        kn_decref(src);
        return NULL;
    }
    it->src = src;
    it->next = start;
    it->stop = stop;
    it->istep = step;
    return &it->base;
}

/* ---- product ------------------------------------------------------------------------- */

static kn_obj *pool_tuple(itobj *it, kn_obj *pool, const int64_t *idx, int64_t r) {
    kn_obj *t = kn_tuple_new(r);
    for (int64_t i = 0; i < r; i++)
        kn_tuple_set(t, i, kn_incref(kn_tuple_items(pool)[idx[i]]));
    return t;
}

static kn_obj *product_next(kn_obj *self, kn_err *err) {
    itobj *it = IT(self);
    if (it->done) return NULL;
    int64_t n = it->nits;
    if (!it->started) {
        it->started = true;
        for (int64_t i = 0; i < n; i++)
            if (kn_tuple_len(it->its[i]) == 0) {
                it->done = true;
                return NULL;
            }
    } else {
        int64_t i = n - 1;
        for (; i >= 0; i--) {
            if (++it->indices[i] < kn_tuple_len(it->its[i])) break;
            it->indices[i] = 0;
        }
        if (i < 0) {
            it->done = true;
            return NULL;
        }
    }
    kn_obj *t = kn_tuple_new(n);
    for (int64_t i = 0; i < n; i++)
        kn_tuple_set(t, i, kn_incref(kn_tuple_items(it->its[i])[it->indices[i]]));
    return t;
}

ITER_TYPE(product, "product", product_next, .construct = product_construct)

static kn_obj *product_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    int64_t repeat = 1;
    for (int i = 0; i < args->nkw; i++) {
        if (strcmp(args->kwnames[i], "repeat") != 0) {
            tc_error_set(err, TC_EXC_TYPE, "product() got an unexpected keyword argument '%s'",
                         args->kwnames[i]);
            return NULL;
        }
        if (!kn__is_int(args->kwvals[i])) {
            tc_error_set(err, TC_EXC_TYPE, "'%s' object cannot be interpreted as an integer",
                         kn_type_name(args->kwvals[i]));
            return NULL;
        }
        repeat = kn_int_value(args->kwvals[i]);
    }
    if (repeat < 0) {
        tc_error_set(err, TC_EXC_VALUE, "repeat argument cannot be negative");
        return NULL;
    }
    int64_t n = (int64_t)args->npos * repeat;
    if (n > 1 << 20) {
        tc_error_set(err, TC_EXC_OVERFLOW, "repeat argument too large");
        return NULL;
    }
    itobj *it = it_new(&type_product, err);
    if (!it) return NULL;
    it->its = tc_calloc((size_t)(n ? n : 1), sizeof(kn_obj *));
    it->indices = tc_calloc((size_t)(n ? n : 1), sizeof(int64_t));
    if (!it->its || !it->indices) {
        kn_decref(&it->base);
        nomem(err);
        return NULL;
    }
    for (int i = 0; i < args->npos; i++) {
        kn_obj *l = kn__list_from_iter(args->pos[i], err);
        if (!l) {
            kn_decref(&it->base);
            return NULL;
        }
        kn_obj *t = kn__tuple_from(kn_list_items(l), kn_list_len(l));
        kn_decref(l);
        for (int64_t k = 0; k < repeat; k++)
            it->its[k * args->npos + i] = kn_incref(t);
        kn_decref(t);
    }
    it->nits = (int)n;
    return &it->base;
}

/* ---- permutations, combinations, combinations_with_replacement ---------------------- */

static kn_obj *permutations_next(kn_obj *self, kn_err *err) {
    itobj *it = IT(self);
    int64_t n = it->n, r = it->r;
    if (it->done) return NULL;
    if (!it->started) {
        it->started = true;
        if (r > n) {
            it->done = true;
            return NULL;
        }
        return pool_tuple(it, it->pool, it->indices, r);
    }
    if (n == 0) {
        it->done = true;
        return NULL;
    }
    for (int64_t i = r - 1; i >= 0; i--) {
        if (--it->cycles[i] == 0) {
            int64_t first = it->indices[i];
            for (int64_t j = i; j < n - 1; j++)
                it->indices[j] = it->indices[j + 1];
            it->indices[n - 1] = first;
            it->cycles[i] = n - i;
        } else {
            int64_t j = it->cycles[i];
            int64_t t = it->indices[i];
            it->indices[i] = it->indices[n - j];
            it->indices[n - j] = t;
            return pool_tuple(it, it->pool, it->indices, r);
        }
    }
    it->done = true;
    return NULL;
}

static kn_obj *combinations_next(kn_obj *self, kn_err *err) {
    itobj *it = IT(self);
    int64_t n = it->n, r = it->r;
    if (it->done) return NULL;
    if (!it->started) {
        it->started = true;
        if (r > n) {
            it->done = true;
            return NULL;
        }
        return pool_tuple(it, it->pool, it->indices, r);
    }
    int64_t i = r - 1;
    while (i >= 0 && it->indices[i] == i + n - r)
        i--;
    if (i < 0) {
        it->done = true;
        return NULL;
    }
    it->indices[i]++;
    for (int64_t j = i + 1; j < r; j++)
        it->indices[j] = it->indices[j - 1] + 1;
    return pool_tuple(it, it->pool, it->indices, r);
}

static kn_obj *cwr_next(kn_obj *self, kn_err *err) {
    itobj *it = IT(self);
    int64_t n = it->n, r = it->r;
    if (it->done) return NULL;
    if (!it->started) {
        it->started = true;
        if (n == 0 && r > 0) {
            it->done = true;
            return NULL;
        }
        return pool_tuple(it, it->pool, it->indices, r);
    }
    int64_t i = r - 1;
    while (i >= 0 && it->indices[i] == n - 1)
        i--;
    if (i < 0) {
        it->done = true;
        return NULL;
    }
    int64_t v = it->indices[i] + 1;
    for (int64_t j = i; j < r; j++)
        it->indices[j] = v;
    return pool_tuple(it, it->pool, it->indices, r);
}

ITER_TYPE(permutations, "permutations", permutations_next, .construct = permutations_construct)
ITER_TYPE(combinations, "combinations", combinations_next, .construct = combinations_construct)
ITER_TYPE(cwr, "combinations_with_replacement", cwr_next, .construct = cwr_construct)

static kn_obj *combinatoric(const kn_type *type, const char *fname, const kn_args *args,
                            bool r_required, kn_err *err) {
    static const char *names[] = {"iterable", "r"};
    kn_obj *a[2];
    if (r_required && args->npos == 1 && args->nkw == 0) {
        tc_error_set(err, TC_EXC_TYPE, "%s() missing required argument 'r' (pos 2)", fname);
        return NULL;
    }
    if (KN__BIND(args, fname, names, r_required ? 2 : 1, a, err) < 0) return NULL;
    kn_obj *l = kn__list_from_iter(a[0], err);
    if (!l) return NULL;
    int64_t n = kn_list_len(l), r = n;
    if (a[1] && a[1] != kn_none()) {
        if (!kn__is_int(a[1])) {
            kn_decref(l);
            tc_error_set(err, TC_EXC_TYPE, "'%s' object cannot be interpreted as an integer",
                         kn_type_name(a[1]));
            return NULL;
        }
        r = kn_int_value(a[1]);
    } else if (r_required) {
        kn_decref(l);
        tc_error_set(err, TC_EXC_TYPE, "'NoneType' object cannot be interpreted as an integer");
        return NULL;
    }
    if (r < 0) {
        kn_decref(l);
        tc_error_set(err, TC_EXC_VALUE, "r must be non-negative");
        return NULL;
    }
    itobj *it = it_new(type, err);
    if (!it) {
        kn_decref(l);
        return NULL;
    }
    it->pool = kn__tuple_from(kn_list_items(l), n);
    kn_decref(l);
    it->n = n;
    it->r = r;
    int64_t m = (n > r ? n : r) + 1;
    it->indices = tc_calloc((size_t)m, sizeof(int64_t));
    it->cycles = tc_calloc((size_t)m, sizeof(int64_t));
    if (!it->indices || !it->cycles) {
        kn_decref(&it->base);
        nomem(err);
        return NULL;
    }
    if (type == &type_cwr) {
        /* indices all 0 */
    } else {
        for (int64_t i = 0; i < m; i++)
            it->indices[i] = i;
    }
    for (int64_t i = 0; i < r && i < m; i++)
        it->cycles[i] = n - i;
    return &it->base;
}

static kn_obj *permutations_construct(const kn_type *t, const kn_args *args, kn_err *err) {
    return combinatoric(&type_permutations, "permutations", args, false, err);
}
static kn_obj *combinations_construct(const kn_type *t, const kn_args *args, kn_err *err) {
    return combinatoric(&type_combinations, "combinations", args, true, err);
}
static kn_obj *cwr_construct(const kn_type *t, const kn_args *args, kn_err *err) {
    return combinatoric(&type_cwr, "combinations_with_replacement", args, true, err);
}

/* ---- accumulate ---------------------------------------------------------------------- */

static kn_obj *accumulate_next(kn_obj *self, kn_err *err) {
    itobj *it = IT(self);
    if (it->pool) { /* the initial value, yielded first */
        kn_obj *init = it->pool;
        it->pool = NULL;
        it->val = kn_incref(init);
        return init;
    }
    kn_obj *x = kn_next(it->src, err);
    if (!x) return NULL;
    if (!it->val) {
        it->val = kn_incref(x);
        return x;
    }
    kn_obj *nt;
    if (it->func && it->func != kn_none()) {
        kn_obj *pair[2] = {it->val, x};
        nt = kn_call_simple(it->func, pair, 2, err);
    } else {
        nt = kn_binary(KN_BINOP_ADD, it->val, x, err);
    }
    kn_decref(x);
    if (!nt) return NULL;
    kn_decref(it->val);
    it->val = kn_incref(nt);
    return nt;
}

ITER_TYPE(accumulate, "accumulate", accumulate_next, .construct = accumulate_construct)

static kn_obj *accumulate_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    static const char *names[] = {"iterable", "func", "initial"};
    kn_obj *a[3];
    if (KN__BIND(args, "accumulate", names, 1, a, err) < 0) return NULL;
    kn_obj *src = kn_iter(a[0], err);
    if (!src) return NULL;
    itobj *it = it_new(&type_accumulate, err);
    if (!it) {
        kn_decref(src);
        return NULL;
    }
    it->src = src;
    it->func = a[1] ? kn_incref(a[1]) : NULL;
    if (a[2] && a[2] != kn_none()) it->pool = kn_incref(a[2]);
    return &it->base;
}

/* ---- zip_longest --------------------------------------------------------------------- */

static kn_obj *zip_longest_next(kn_obj *self, kn_err *err) {
    itobj *it = IT(self);
    if (it->nits == 0 || it->cnt == 0) return NULL;
    kn_obj *t = kn_tuple_new(it->nits);
    for (int i = 0; i < it->nits; i++) {
        kn_obj *x;
        if (!it->its[i]) {
            x = kn_incref(it->val);
        } else {
            x = kn_next(it->its[i], err);
            if (!x) {
                if (tc_error_is_set(err)) {
                    kn_decref(t);
                    return NULL;
                }
                kn_decref(it->its[i]);
                it->its[i] = NULL;
                if (--it->cnt == 0) {
                    kn_decref(t);
                    return NULL;
                }
                x = kn_incref(it->val);
            }
        }
        kn_tuple_set(t, i, x);
    }
    return t;
}

ITER_TYPE(zip_longest, "zip_longest", zip_longest_next, .construct = zip_longest_construct)

static kn_obj *zip_longest_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    kn_obj *fill = kn_none();
    for (int i = 0; i < args->nkw; i++) {
        if (strcmp(args->kwnames[i], "fillvalue") != 0) {
            tc_error_set(err, TC_EXC_TYPE,
                         "zip_longest() got an unexpected keyword argument '%s'",
                         args->kwnames[i]);
            return NULL;
        }
        fill = args->kwvals[i];
    }
    itobj *it = it_new(&type_zip_longest, err);
    if (!it) return NULL;
    it->val = kn_incref(fill);
    it->its = tc_calloc((size_t)(args->npos ? args->npos : 1), sizeof(kn_obj *));
    if (!it->its) {
        kn_decref(&it->base);
        nomem(err);
        return NULL;
    }
    for (int i = 0; i < args->npos; i++) {
        if (!(it->its[i] = kn_iter(args->pos[i], err))) {
            kn_decref(&it->base);
            return NULL;
        }
        it->nits = i + 1;
    }
    it->cnt = args->npos;
    return &it->base;
}

/* ---- groupby ------------------------------------------------------------------------- */

/* fields: src, func = key, val = tgtkey, step = currkey, pool = currvalue */
static int groupby_step(itobj *g, kn_err *err) {
    kn_obj *v = kn_next(g->src, err);
    if (!v) return -1;
    kn_obj *k = g->func && g->func != kn_none() ? kn_call_simple(g->func, &v, 1, err)
                                                : kn_incref(v);
    if (!k) {
        kn_decref(v);
        return -1;
    }
    kn_decref(g->pool);
    g->pool = v;
    kn_decref(g->step);
    g->step = k;
    return 0;
}

static kn_obj *grouper_next(kn_obj *self, kn_err *err) {
    itobj *gr = IT(self);
    itobj *g = IT(gr->src);
    if (g->currgrouper != self) return NULL;
    if (!g->pool && groupby_step(g, err) < 0) return NULL;
    int eq = kn__truth_steal(kn_compare(KN_CMP_EQ, gr->val, g->step, err), err);
    if (eq <= 0) return NULL;
    kn_obj *r = g->pool;
    g->pool = NULL;
    kn_decref(g->step);
    g->step = NULL;
    return r;
}

ITER_TYPE(grouper, "_grouper", grouper_next)

static kn_obj *groupby_next(kn_obj *self, kn_err *err) {
    itobj *g = IT(self);
    g->currgrouper = NULL;
    for (;;) {
        if (!g->step) {
            /* pass */
        } else if (!g->val) {
            break;
        } else {
            int eq = kn__truth_steal(kn_compare(KN_CMP_EQ, g->val, g->step, err), err);
            if (eq < 0) return NULL;
            if (eq == 0) break;
        }
        if (groupby_step(g, err) < 0) return NULL;
    }
    kn_decref(g->val);
    g->val = kn_incref(g->step);
    itobj *gr = it_new(&type_grouper, err);
    if (!gr) return NULL;
    gr->src = kn_incref(self);
    gr->val = kn_incref(g->val);
    g->currgrouper = &gr->base;
    kn_obj *t = kn_tuple_new(2);
    kn_tuple_set(t, 0, kn_incref(g->step));
    kn_tuple_set(t, 1, &gr->base);
    return t;
}

ITER_TYPE(groupby, "groupby", groupby_next, .construct = groupby_construct)

static kn_obj *groupby_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    static const char *names[] = {"iterable", "key"};
    kn_obj *a[2];
    if (KN__BIND(args, "groupby", names, 1, a, err) < 0) return NULL;
    kn_obj *src = kn_iter(a[0], err);
    if (!src) return NULL;
    itobj *it = it_new(&type_groupby, err);
    if (!it) {
        kn_decref(src);
        return NULL;
    }
    it->src = src;
    it->func = a[1] ? kn_incref(a[1]) : NULL;
    return &it->base;
}

/* ---- starmap, takewhile, dropwhile, filterfalse, compress, pairwise ----------------- */

static kn_obj *starmap_next(kn_obj *self, kn_err *err) {
    itobj *it = IT(self);
    kn_obj *x = kn_next(it->src, err);
    if (!x) return NULL;
    kn_obj *l = kn__list_from_iter(x, err);
    kn_decref(x);
    if (!l) return NULL;
    kn_obj *r = kn_call_simple(it->func, kn_list_items(l), (int)kn_list_len(l), err);
    kn_decref(l);
    return r;
}

static kn_obj *takewhile_next(kn_obj *self, kn_err *err) {
    itobj *it = IT(self);
    if (it->done) return NULL;
    kn_obj *x = kn_next(it->src, err);
    if (!x) return NULL;
    int t = kn__truth_steal(kn_call_simple(it->func, &x, 1, err), err);
    if (t > 0) return x;
    kn_decref(x);
    if (t == 0) it->done = true;
    return NULL;
}

static kn_obj *dropwhile_next(kn_obj *self, kn_err *err) {
    itobj *it = IT(self);
    for (;;) {
        kn_obj *x = kn_next(it->src, err);
        if (!x) return NULL;
        if (it->done) return x;
        int t = kn__truth_steal(kn_call_simple(it->func, &x, 1, err), err);
        if (t == 0) {
            it->done = true;
            return x;
        }
        kn_decref(x);
        if (t < 0) return NULL;
    }
}

static kn_obj *filterfalse_next(kn_obj *self, kn_err *err) {
    itobj *it = IT(self);
    for (;;) {
        kn_obj *x = kn_next(it->src, err);
        if (!x) return NULL;
        int t = it->func == kn_none() ? kn_truth(x, err)
                                      : kn__truth_steal(kn_call_simple(it->func, &x, 1, err), err);
        if (t == 0) return x;
        kn_decref(x);
        if (t < 0) return NULL;
    }
}

static kn_obj *compress_next(kn_obj *self, kn_err *err) {
    itobj *it = IT(self);
    for (;;) {
        kn_obj *x = kn_next(it->src, err);
        if (!x) return NULL;
        kn_obj *s = kn_next(it->step, err);
        if (!s) {
            kn_decref(x);
            return NULL;
        }
        int t = kn__truth_steal(s, err);
        if (t > 0) return x;
        kn_decref(x);
        if (t < 0) return NULL;
    }
}

static kn_obj *pairwise_next(kn_obj *self, kn_err *err) {
    itobj *it = IT(self);
    if (!it->src) return NULL;
    if (!it->val) {
        it->val = kn_next(it->src, err);
        if (!it->val) {
            kn_decref(it->src);
            it->src = NULL;
            return NULL;
        }
    }
    kn_obj *n = kn_next(it->src, err);
    if (!n) {
        kn_decref(it->src);
        it->src = NULL;
        return NULL;
    }
    kn_obj *t = kn_tuple_new(2);
    kn_tuple_set(t, 0, it->val);
    kn_tuple_set(t, 1, kn_incref(n));
    it->val = n;
    return t;
}

ITER_TYPE(starmap, "starmap", starmap_next, .construct = starmap_construct)
ITER_TYPE(takewhile, "takewhile", takewhile_next, .construct = takewhile_construct)
ITER_TYPE(dropwhile, "dropwhile", dropwhile_next, .construct = dropwhile_construct)
ITER_TYPE(filterfalse, "filterfalse", filterfalse_next, .construct = filterfalse_construct)
ITER_TYPE(compress, "compress", compress_next, .construct = compress_construct)
ITER_TYPE(pairwise, "pairwise", pairwise_next, .construct = pairwise_construct)

/* func-and-iterable constructors: starmap, takewhile, dropwhile, filterfalse. */
static kn_obj *func_iter(const kn_type *type, const char *fname, const kn_args *args,
                         kn_err *err) {
    if (no_kwargs(args, fname, err) < 0) return NULL;
    if (args->npos != 2) {
        tc_error_set(err, TC_EXC_TYPE, "%s expected 2 arguments, got %d", fname, args->npos);
        return NULL;
    }
    kn_obj *src = kn_iter(args->pos[1], err);
    if (!src) return NULL;
    itobj *it = it_new(type, err);
    if (!it) {
        kn_decref(src);
        return NULL;
    }
    it->src = src;
    it->func = kn_incref(args->pos[0]);
    return &it->base;
}

#define FUNC_ITER_CTOR(cname)                                                                      \
    static kn_obj *cname##_construct(const kn_type *t, const kn_args *args, kn_err *err) {         \
        return func_iter(&type_##cname, #cname, args, err);                                        \
    }
FUNC_ITER_CTOR(starmap)
FUNC_ITER_CTOR(takewhile)
FUNC_ITER_CTOR(dropwhile)
FUNC_ITER_CTOR(filterfalse)

static kn_obj *compress_construct(const kn_type *t, const kn_args *args, kn_err *err) {
    static const char *names[] = {"data", "selectors"};
    kn_obj *a[2];
    if (KN__BIND(args, "compress", names, 2, a, err) < 0) return NULL;
    kn_obj *d = kn_iter(a[0], err);
    if (!d) return NULL;
    kn_obj *s = kn_iter(a[1], err);
    if (!s) {
        kn_decref(d);
        return NULL;
    }
    itobj *it = it_new(&type_compress, err);
    if (!it) {
        kn_decref(d);
        kn_decref(s);
        return NULL;
    }
    it->src = d;
    it->step = s;
    return &it->base;
}

static kn_obj *pairwise_construct(const kn_type *t, const kn_args *args, kn_err *err) {
    if (no_kwargs(args, "pairwise", err) < 0) return NULL;
    if (args->npos != 1) {
        tc_error_set(err, TC_EXC_TYPE, "pairwise expected 1 argument, got %d", args->npos);
        return NULL;
    }
    kn_obj *src = kn_iter(args->pos[0], err);
    if (!src) return NULL;
    itobj *it = it_new(&type_pairwise, err);
    if (!it) {
        kn_decref(src);
        return NULL;
    }
    it->src = src;
    return &it->base;
}

/* ---- the module ---------------------------------------------------------------------- */

/* The classes callable from Python, each a type object whose construct slot builds it. */
#define ITERTOOLS_CLASSES(X)                                                                       \
    X(accumulate) X(chain) X(combinations) X(compress) X(count) X(cycle) X(dropwhile)             \
    X(filterfalse) X(groupby) X(islice) X(pairwise) X(permutations) X(product) X(repeat)          \
    X(starmap) X(takewhile) X(zip_longest)

kn_obj *kn_mod_itertools_init(kn_err *err) {
    kn_obj *m = kn_module_new("itertools", "Functional tools for creating and using iterators.");
#define IT_CLASS(cname) kn_module_add(m, type_##cname.name, kn_type_object(&type_##cname));
    ITERTOOLS_CLASSES(IT_CLASS)
    IT_CLASS(cwr)
#undef IT_CLASS
    kn_obj *fi = kn_cfunction_new("from_iterable", chain_from_iterable, NULL, "(iterable, /)",
                                  "Alternative chain() constructor taking a single iterable "
                                  "argument that evaluates lazily.");
    kn__type_add_attr(&type_chain, "from_iterable", fi);
    kn_decref(fi);
    return m;
}
