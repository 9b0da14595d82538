/*
 * list and tuple: repr, indexing and slicing (slice assignment and deletion for lists),
 * concatenation and repetition, lexicographic comparison, tuple hashing (CPython 3.11's
 * xxHash-based algorithm), iteration, and the iterator types shared with str.
 */
#include "kernel/objects/objects-impl.h"
#include <math.h>

#define L(o) ((kn_listobj *)(o))
#define T(o) ((kn_tupleobj *)(o))

/* ---- list storage -------------------------------------------------------------------- */

/* Room for 'need' items; -1 (list unchanged) when memory runs out. */
static int list_reserve(kn_listobj *l, int64_t need) {
    if (need <= l->cap) return 0;
    int64_t cap = l->cap ? l->cap : 4;
    while (cap < need)
        cap = cap > INT64_MAX / 2 ? need : cap * 2;
    kn_obj **p = tc_reallocarray(l->items, (size_t)cap, sizeof(kn_obj *));
    if (!p) return -1;
    l->items = p;
    l->cap = cap;
    return 0;
}

kn_obj *kn_list_new(int64_t n) {
    kn_listobj *l = (kn_listobj *)kn_obj_alloc(&kn_type_list, sizeof(kn_listobj), NULL);
    if (!l) return NULL;
    if (list_reserve(l, n) < 0) {
        kn_decref(&l->base);
        return NULL;
    }
    for (int64_t i = 0; i < n; i++)
        l->items[i] = kn_none_new();
    l->n = n;
    return &l->base;
}

int kn_list_append(kn_obj *list, kn_obj *item) {
    if (!list || !item) return -1;
    kn_listobj *l = L(list);
    if (list_reserve(l, l->n + 1) < 0) return -1;
    l->items[l->n++] = kn_incref(item);
    return 0;
}

int64_t kn_list_len(const kn_obj *list) {
    return ((const kn_listobj *)list)->n;
}
kn_obj **kn_list_items(const kn_obj *list) {
    return ((const kn_listobj *)list)->items;
}

void kn_list_set(kn_obj *list, int64_t i, kn_obj *item) {
    if (!list) {
        kn_decref(item);
        return;
    }
    if (!item) item = kn_none_new(); /* failed constructor: the cell ends in MemoryError */
    TC_ASSERT(i >= 0 && i < L(list)->n);
    kn_obj *old = L(list)->items[i];
    L(list)->items[i] = item;
    kn_decref(old);
}

static void list_dealloc(kn_obj *self) {
    for (int64_t i = 0; i < L(self)->n; i++)
        kn_decref(L(self)->items[i]);
    tc_free(L(self)->items);
}

/* Replace items [a, b) with 'n' borrowed items. -1 (list unchanged) when memory runs out;
 * removing a few items never allocates. */
static int list_splice(kn_listobj *l, int64_t a, int64_t b, kn_obj *const *items, int64_t n) {
    int64_t removed = b - a;
    kn_obj *few[16];
    kn_obj **old = removed <= 16 ? few : tc_reallocarray(NULL, (size_t)removed, sizeof *old);
    if (!old) return -1;
    if (list_reserve(l, l->n - removed + n) < 0) {
        if (old != few) tc_free(old);
        return -1;
    }
    if (removed) memcpy(old, l->items + a, (size_t)removed * sizeof(kn_obj *));
    if (l->n > b) memmove(l->items + a + n, l->items + b, (size_t)(l->n - b) * sizeof(kn_obj *));
    for (int64_t i = 0; i < n; i++)
        l->items[a + i] = kn_incref(items[i]);
    l->n += n - removed;
    for (int64_t i = 0; i < removed; i++)
        kn_decref(old[i]);
    if (old != few) tc_free(old);
    return 0;
}

kn_obj *kn__list_from_iter(kn_obj *iterable, kn_err *err) {
    if (kn_is(iterable, &kn_type_list) || kn_is(iterable, &kn_type_tuple)) {
        int64_t n = kn_is(iterable, &kn_type_list) ? L(iterable)->n : T(iterable)->n;
        kn_obj *const *src =
            kn_is(iterable, &kn_type_list) ? L(iterable)->items : T(iterable)->items;
        kn_obj *l = kn_list_new(0);
        if (l && list_reserve(L(l), n) < 0) {
            kn_decref(l);
            l = NULL;
        }
        if (!l) {
            kn_nomem(err);
            return NULL;
        }
        for (int64_t i = 0; i < n; i++)
            L(l)->items[i] = kn_incref(src[i]);
        L(l)->n = n;
        return l;
    }
    if (kn_is(iterable, &kn_type_range) &&
        kn__check_alloc((double)kn_len(iterable, NULL) * sizeof(kn_obj *), err) < 0)
        return NULL;
    kn_obj *it = kn_iter(iterable, err);
    if (!it) return NULL;
    kn_obj *l = kn_list_new(0), *x;
    if (!l) kn_nomem(err);
    while (l && (x = kn_next(it, err)) != NULL) {
        int rc = kn_list_append(l, x);
        kn_decref(x);
        if (rc < 0) {
            kn_nomem(err);
            break;
        }
        if ((L(l)->n & 0xfff) == 0 && tc_interrupt_check(err) < 0) break;
    }
    kn_decref(it);
    if (tc_error_is_set(err)) {
        kn_decref(l);
        return NULL;
    }
    return l;
}

/* ---- tuple storage ------------------------------------------------------------------- */

kn_obj *kn_tuple_new(int64_t n) {
    size_t size;
    if (n < 0 || __builtin_mul_overflow((size_t)n, sizeof(kn_obj *), &size) ||
        __builtin_add_overflow(size, sizeof(kn_tupleobj), &size))
        return NULL;
    kn_tupleobj *t = (kn_tupleobj *)kn_obj_alloc(&kn_type_tuple, size, NULL);
    if (!t) return NULL;
    t->n = n;
    for (int64_t i = 0; i < n; i++)
        t->items[i] = kn_none_new();
    return &t->base;
}

void kn_tuple_set(kn_obj *tuple, int64_t i, kn_obj *item) {
    if (!tuple) {
        kn_decref(item);
        return;
    }
    if (!item) item = kn_none_new(); /* failed constructor: the cell ends in MemoryError */
    TC_ASSERT(i >= 0 && i < T(tuple)->n);
    kn_obj *old = T(tuple)->items[i];
    T(tuple)->items[i] = item;
    kn_decref(old);
}

int64_t kn_tuple_len(const kn_obj *tuple) {
    return ((const kn_tupleobj *)tuple)->n;
}
kn_obj **kn_tuple_items(const kn_obj *tuple) {
    return ((kn_tupleobj *)tuple)->items;
}

kn_obj *kn__tuple_pair(kn_obj *a, kn_obj *b, kn_err *err) {
    kn_obj *t = a && b ? kn_tuple_new(2) : NULL;
    if (!t) {
        kn_decref(a);
        kn_decref(b);
        if (!tc_error_is_set(err)) kn_nomem(err);
        return NULL;
    }
    kn_tuple_set(t, 0, a);
    kn_tuple_set(t, 1, b);
    return t;
}

kn_obj *kn__tuple_from(kn_obj *const *items, int64_t n) {
    kn_obj *t = kn_tuple_new(n);
    for (int64_t i = 0; i < n; i++)
        kn_tuple_set(t, i, kn_incref(items[i]));
    return t;
}

static void tuple_dealloc(kn_obj *self) {
    for (int64_t i = 0; i < T(self)->n; i++)
        kn_decref(T(self)->items[i]);
}

/* ---- shared sequence helpers --------------------------------------------------------- */

int kn__seq_index(kn_obj *key, int64_t len, const char *what, int64_t *out, kn_err *err) {
    int64_t i = 0;
    if (kn__index_value(key, TC_EXC_INDEX, &i, err) < 0) return -1;
    if (i < 0) i += len;
    if (i < 0 || i >= len) return tc_error_set(err, TC_EXC_INDEX, "%s index out of range", what);
    *out = i;
    return 0;
}

static bool is_index(kn_obj *key) {
    return kn__is_int(key) ||
           (key->type->to_int && !kn_is(key, &kn_type_float) && !kn_is(key, &kn_type_str));
}

kn_obj *kn__seq_compare(kn_cmpop op, kn_obj *const *a, int64_t na, kn_obj *const *b, int64_t nb,
                        kn_err *err) {
    int64_t i = 0;
    for (; i < na && i < nb; i++) {
        if (a[i] == b[i]) continue;
        bool eq = kn_equal(a[i], b[i], err);
        if (tc_error_is_set(err)) return NULL;
        if (!eq) break;
    }
    if (i >= na || i >= nb) {
        int c = na < nb ? -1 : na > nb;
        bool r = op == KN_CMP_LT   ? c < 0
                 : op == KN_CMP_LE ? c <= 0
                 : op == KN_CMP_EQ ? c == 0
                 : op == KN_CMP_NE ? c != 0
                 : op == KN_CMP_GT ? c > 0
                                   : c >= 0;
        return kn_bool_new(r);
    }
    if (op == KN_CMP_EQ) return kn_bool_new(false);
    if (op == KN_CMP_NE) return kn_bool_new(true);
    return kn_compare(op, a[i], b[i], err);
}

static int seq_repr(tc_strbuf *b, kn_obj *const *items, int64_t n, kn_err *err) {
    for (int64_t i = 0; i < n; i++) {
        if (i) tc_strbuf_puts(b, ", ");
        if (kn__strbuf_repr(b, items[i], err) < 0) return -1;
    }
    return 0;
}

/* ---- list slots ---------------------------------------------------------------------- */

static kn_obj *list_repr(kn_obj *self, kn_err *err) {
    if (L(self)->n == 0) return kn_str_from_cstr("[]");
    if (kn__repr_enter(self)) return kn_str_from_cstr("[...]");
    tc_strbuf b = {0};
    tc_strbuf_putc(&b, '[');
    int rc = seq_repr(&b, L(self)->items, L(self)->n, err);
    kn__repr_leave(self);
    if (rc < 0) {
        tc_strbuf_free(&b);
        return NULL;
    }
    tc_strbuf_putc(&b, ']');
    return kn__strbuf_finish(&b, err);
}

static kn_obj *repeat_items(kn_obj *seq, kn_obj *count, bool tuple, kn_err *err) {
    if (!is_index(count)) {
        tc_error_set(err, TC_EXC_TYPE, "can't multiply sequence by non-int of type '%s'",
                     kn_type_name(count));
        return NULL;
    }
    int64_t k;
    if (kn__index_value(count, TC_EXC_OVERFLOW, &k, err) < 0) return NULL;
    int64_t n = tuple ? T(seq)->n : L(seq)->n;
    kn_obj *const *src = tuple ? T(seq)->items : L(seq)->items;
    if (k < 0) k = 0;
    if (kn__check_alloc((double)n * (double)k * sizeof(kn_obj *), err) < 0) return NULL;
    /* the result grows item by item (its length counts the items filled): no pass filling
     * it with None first, which an interrupt could not stop, and an interrupted repeat
     * frees only what it filled */
    int64_t total = n * k;
    kn_obj *r = tuple ? kn_obj_alloc(&kn_type_tuple,
                                     sizeof(kn_tupleobj) + (size_t)total * sizeof(kn_obj *), NULL)
                      : kn_list_new(0);
    if (r && tuple) T(r)->n = 0;
    if (r && !tuple && list_reserve(L(r), total) < 0) {
        kn_decref(r);
        r = NULL;
    }
    if (!r) {
        kn_nomem(err);
        return NULL;
    }
    kn_obj **dst = tuple ? T(r)->items : L(r)->items;
    int64_t *len = tuple ? &T(r)->n : &L(r)->n;
    for (int64_t j = 0; j < k; j++)
        for (int64_t i = 0; i < n; i++) {
            if ((*len & 0xffff) == 0 && tc_interrupt_check(err) < 0) {
                kn_decref(r);
                return NULL;
            }
            dst[(*len)++] = kn_incref(src[i]);
        }
    return r;
}

static kn_obj *seq_binop(kn_binop op, kn_obj *a, kn_obj *b, const kn_type *t, kn_err *err) {
    bool tuple = t == &kn_type_tuple;
    bool as = kn_is(a, t), bs = kn_is(b, t);
    if (op == KN_BINOP_ADD && as && bs) {
        int64_t na = kn_len(a, NULL), nb = kn_len(b, NULL);
        kn_obj *const *ia = tuple ? T(a)->items : L(a)->items;
        kn_obj *const *ib = tuple ? T(b)->items : L(b)->items;
        kn_obj *r = tuple ? kn_tuple_new(na + nb) : kn_list_new(na + nb);
        for (int64_t i = 0; i < na + nb; i++) {
            kn_obj *x = kn_incref(i < na ? ia[i] : ib[i - na]);
            if (tuple)
                kn_tuple_set(r, i, x);
            else
                kn_list_set(r, i, x);
        }
        return r;
    }
    if (as && !bs && b->type->binop) {
        kn_obj *r = b->type->binop(op, a, b, err);
        if (r != kn_notimpl()) return r;
    }
    if (op == KN_BINOP_ADD && as) {
        tc_error_set(err, TC_EXC_TYPE, "can only concatenate %s (not \"%s\") to %s", t->name,
                     kn_type_name(b), t->name);
        return NULL;
    }
    if (op == KN_BINOP_MUL)
        return as ? repeat_items(a, b, tuple, err) : repeat_items(b, a, tuple, err);
    return kn_notimpl();
}

static kn_obj *list_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    return seq_binop(op, a, b, &kn_type_list, err);
}

static kn_obj *list_inplace(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (op == KN_BINOP_ADD) {
        kn_obj *items = kn__list_from_iter(b, err);
        if (!items) return NULL;
        int rc = list_splice(L(a), L(a)->n, L(a)->n, L(items)->items, L(items)->n);
        kn_decref(items);
        if (rc < 0) {
            kn_nomem(err);
            return NULL;
        }
        return kn_incref(a);
    }
    if (op == KN_BINOP_MUL) {
        kn_obj *r = repeat_items(a, b, false, err);
        if (!r) return NULL;
        int rc = list_splice(L(a), 0, L(a)->n, L(r)->items, L(r)->n);
        kn_decref(r);
        if (rc < 0) {
            kn_nomem(err);
            return NULL;
        }
        return kn_incref(a);
    }
    return kn_notimpl();
}

static kn_obj *list_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (!kn_is(a, &kn_type_list) || !kn_is(b, &kn_type_list)) return kn_notimpl();
    return kn__seq_compare(op, L(a)->items, L(a)->n, L(b)->items, L(b)->n, err);
}

static int64_t list_len(kn_obj *self, kn_err *err) {
    return L(self)->n;
}

static kn_obj *list_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    if (kn_is(key, &kn_type_slice)) {
        int64_t start, stop, step, count;
        if (kn_slice_indices(key, L(self)->n, &start, &stop, &step, &count, err) < 0) return NULL;
        kn_obj *r = kn_list_new(count);
        for (int64_t k = 0; k < count; k++)
            kn_list_set(r, k, kn_incref(L(self)->items[start + k * step]));
        return r;
    }
    if (!is_index(key)) {
        tc_error_set(err, TC_EXC_TYPE, "list indices must be integers or slices, not %s",
                     kn_type_name(key));
        return NULL;
    }
    int64_t i = 0;
    if (kn__seq_index(key, L(self)->n, "list", &i, err) < 0) return NULL;
    return kn_incref(L(self)->items[i]);
}

static int list_set_slice(kn_obj *self, kn_obj *key, kn_obj *value, kn_err *err) {
    int64_t start, stop, step, count;
    if (kn_slice_indices(key, L(self)->n, &start, &stop, &step, &count, err) < 0) return -1;
    kn_obj *items = kn__list_from_iter(value, err);
    if (!items) {
        if (err && err->type == TC_EXC_TYPE && !value->type->iter) {
            tc_error_clear(err);
            return tc_error_set(err, TC_EXC_TYPE, step == 1 ? "can only assign an iterable"
                                                            : "must assign iterable to extended slice");
        }
        return -1;
    }
    int rc = 0;
    if (step == 1) {
        if (list_splice(L(self), start, start + count, L(items)->items, L(items)->n) < 0)
            rc = kn_nomem(err);
    } else if (L(items)->n != count) {
        rc = tc_error_set(err, TC_EXC_VALUE,
                          "attempt to assign sequence of size %lld to extended slice of size %lld",
                          (long long)L(items)->n, (long long)count);
    } else {
        for (int64_t k = 0; k < count; k++)
            kn_list_set(self, start + k * step, kn_incref(L(items)->items[k]));
    }
    kn_decref(items);
    return rc;
}

static int list_setitem(kn_obj *self, kn_obj *key, kn_obj *value, kn_err *err) {
    if (kn_is(key, &kn_type_slice)) return list_set_slice(self, key, value, err);
    if (!is_index(key))
        return tc_error_set(err, TC_EXC_TYPE, "list indices must be integers or slices, not %s",
                            kn_type_name(key));
    int64_t i = 0;
    if (kn__seq_index(key, L(self)->n, "list assignment", &i, err) < 0) return -1;
    kn_list_set(self, i, kn_incref(value));
    return 0;
}

static int list_delitem(kn_obj *self, kn_obj *key, kn_err *err) {
    if (kn_is(key, &kn_type_slice)) {
        int64_t start, stop, step, count;
        if (kn_slice_indices(key, L(self)->n, &start, &stop, &step, &count, err) < 0) return -1;
        if (step < 0) {
            start = start + (count - 1) * step;
            step = -step;
        }
        for (int64_t k = count - 1; k >= 0; k--) {
            int64_t i = start + k * step;
            list_splice(L(self), i, i + 1, NULL, 0);
        }
        return 0;
    }
    if (!is_index(key))
        return tc_error_set(err, TC_EXC_TYPE, "list indices must be integers or slices, not %s",
                            kn_type_name(key));
    int64_t i = 0;
    if (kn__seq_index(key, L(self)->n, "list assignment", &i, err) < 0) return -1;
    list_splice(L(self), i, i + 1, NULL, 0);
    return 0;
}

static kn_obj *list_iter(kn_obj *self, kn_err *err) {
    return kn__seqiter_new(&kn__type_list_iter, self);
}

/* ---- list methods -------------------------------------------------------------------- */

static kn_obj *lm_append(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"object"};
    kn_obj *a[1];
    if (KN__BIND(args, "append", names, 1, a, err) < 0) return NULL;
    if (kn_list_append(self, a[0]) < 0) {
        kn_nomem(err);
        return NULL;
    }
    return kn_none_new();
}

static kn_obj *lm_extend(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"iterable"};
    kn_obj *a[1];
    if (KN__BIND(args, "extend", names, 1, a, err) < 0) return NULL;
    kn_obj *r = list_inplace(KN_BINOP_ADD, self, a[0], err);
    if (!r) return NULL;
    kn_decref(r);
    return kn_none_new();
}

static kn_obj *lm_pop(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"index"};
    kn_obj *a[1];
    if (KN__BIND(args, "pop", names, 0, a, err) < 0) return NULL;
    int64_t i = L(self)->n - 1;
    if (L(self)->n == 0) {
        /* the index's type is checked first, as CPython does */
        if (a[0] && !kn__is_int(a[0]) && kn__seq_index(a[0], 1, "pop", &i, err) < 0) return NULL;
        tc_error_set(err, TC_EXC_INDEX, "pop from empty list");
        return NULL;
    }
    if (a[0] && kn__is_int(a[0]) && kn_to_int64(a[0], &i, err) < 0) return NULL; /* big */
    if (a[0] && kn__seq_index(a[0], L(self)->n, "pop", &i, err) < 0) return NULL;
    kn_obj *x = kn_incref(L(self)->items[i]);
    list_splice(L(self), i, i + 1, NULL, 0);
    return x;
}

static kn_obj *lm_insert(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"index", "object"};
    kn_obj *a[2];
    if (KN__BIND(args, "insert", names, 2, a, err) < 0) return NULL;
    int64_t i, n = L(self)->n;
    if (kn_to_int64(a[0], &i, err) < 0) return NULL;
    if (i < 0) i = i + n < 0 ? 0 : i + n;
    if (i > n) i = n;
    if (list_splice(L(self), i, i, &a[1], 1) < 0) {
        kn_nomem(err);
        return NULL;
    }
    return kn_none_new();
}

/* Index of x in items[start:end] or -1; -2 on error. */
static int64_t find_item(kn_obj *const *items, int64_t n, kn_obj *x, kn_obj *start, kn_obj *end,
                         kn_err *err) {
    int64_t a = 0, z = n;
    if (start && kn__slice_value(start, &a, err) < 0) return -2;
    if (end && kn__slice_value(end, &z, err) < 0) return -2;
    if (a < 0) a = a + n < 0 ? 0 : a + n;
    if (z < 0) z = z + n < 0 ? 0 : z + n;
    for (int64_t i = a; i < z && i < n; i++) {
        if (kn__poll((uint64_t)(i - a) + 1, err) < 0) return -2;
        if (kn_equal(items[i], x, err)) return i;
        if (tc_error_is_set(err)) return -2;
    }
    return -1;
}

static kn_obj *seq_index_method(kn_obj *const *items, int64_t n, const kn_args *args, bool tuple,
                                kn_err *err) {
    static const char *names[] = {"value", "start", "stop"};
    kn_obj *a[3];
    if (KN__BIND(args, "index", names, 1, a, err) < 0) return NULL;
    int64_t i = find_item(items, n, a[0], a[1], a[2], err);
    if (i == -2) return NULL;
    if (i == -1) {
        if (tuple)
            tc_error_set(err, TC_EXC_VALUE, "tuple.index(x): x not in tuple");
        else {
            kn_obj *r = kn_repr(a[0], err);
            if (!r) return NULL;
            tc_error_set(err, TC_EXC_VALUE, "%s is not in list", kn_str_cstr(r));
            kn_decref(r);
        }
        return NULL;
    }
    return kn_int_new(i);
}

static kn_obj *seq_count_method(kn_obj *const *items, int64_t n, const kn_args *args, kn_err *err) {
    static const char *names[] = {"value"};
    kn_obj *a[1];
    if (KN__BIND(args, "count", names, 1, a, err) < 0) return NULL;
    int64_t c = 0;
    for (int64_t i = 0; i < n; i++) {
        if (kn__poll((uint64_t)i + 1, err) < 0) return NULL;
        if (kn_equal(items[i], a[0], err)) c++;
        if (tc_error_is_set(err)) return NULL;
    }
    return kn_int_new(c);
}

static kn_obj *lm_index(kn_obj *self, const kn_args *args, kn_err *err) {
    return seq_index_method(L(self)->items, L(self)->n, args, false, err);
}
static kn_obj *lm_count(kn_obj *self, const kn_args *args, kn_err *err) {
    return seq_count_method(L(self)->items, L(self)->n, args, err);
}

static kn_obj *lm_remove(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"value"};
    kn_obj *a[1];
    if (KN__BIND(args, "remove", names, 1, a, err) < 0) return NULL;
    int64_t i = find_item(L(self)->items, L(self)->n, a[0], NULL, NULL, err);
    if (i == -2) return NULL;
    if (i == -1) {
        tc_error_set(err, TC_EXC_VALUE, "list.remove(x): x not in list");
        return NULL;
    }
    list_splice(L(self), i, i + 1, NULL, 0);
    return kn_none_new();
}

static kn_obj *lm_reverse(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "reverse", err) < 0) return NULL;
    kn_obj **it = L(self)->items;
    for (int64_t i = 0, j = L(self)->n - 1; i < j; i++, j--) {
        kn_obj *t = it[i];
        it[i] = it[j];
        it[j] = t;
    }
    return kn_none_new();
}

static kn_obj *lm_copy(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "copy", err) < 0) return NULL;
    return kn__list_from_iter(self, err);
}

static kn_obj *lm_clear(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "clear", err) < 0) return NULL;
    kn_listobj *l = L(self);
    kn_obj **items = l->items;
    int64_t n = l->n;
    l->items = NULL;
    l->n = l->cap = 0;
    for (int64_t i = 0; i < n; i++) /* the list is already empty if a dealloc looks at it */
        kn_decref(items[i]);
    tc_free(items);
    return kn_none_new();
}

int kn__sort_kwargs(const kn_args *args, bool builtin, kn_obj **key, bool *reverse,
                    kn_err *err) {
    *key = NULL;
    *reverse = false;
    for (int i = 0; i < args->nkw; i++) {
        if (strcmp(args->kwnames[i], "key") == 0) {
            *key = args->kwvals[i];
        } else if (strcmp(args->kwnames[i], "reverse") == 0) {
            int r = kn_truth(args->kwvals[i], err);
            if (r < 0) return -1;
            *reverse = r != 0;
        } else { /* sorted() passes its keywords to list.sort, as CPython does */
            (void)builtin;
            return tc_error_set(err, TC_EXC_TYPE, "'%s' is an invalid keyword argument for sort()",
                                args->kwnames[i]);
        }
    }
    return 0;
}

static kn_obj *lm_sort(kn_obj *self, const kn_args *args, kn_err *err) {
    if (args->npos)
        return tc_error_set(err, TC_EXC_TYPE, "sort() takes no positional arguments"), NULL;
    kn_obj *key;
    bool reverse;
    if (kn__sort_kwargs(args, false, &key, &reverse, err) < 0) return NULL;
    if (kn__list_sort(self, key, reverse, err) < 0) return NULL;
    return kn_none_new();
}

/* ---- sorting (stable merge sort on '<' only, as Python) ------------------------------ */

typedef struct sort_item {
    kn_obj *key, *value;
    union { /* the key's value when all keys are ints or all floats (keys_kind) */
        int64_t i;
        double f;
    } k;
} sort_item;

/* Keys all of one kind compare without dispatch, as CPython's pre-sort check does: the
 * result is the generic comparison's (these comparisons have no side effects). */
typedef enum key_kind { KEYS_ANY, KEYS_INT, KEYS_FLOAT, KEYS_STR } key_kind;

static key_kind keys_kind(sort_item *a, int64_t n) {
    int64_t v;
    key_kind k = n && kn_int_small(a[0].key, &v)       ? KEYS_INT
                 : n && kn_is(a[0].key, &kn_type_float) ? KEYS_FLOAT
                 : n && kn_is(a[0].key, &kn_type_str)   ? KEYS_STR
                                                        : KEYS_ANY;
    for (int64_t i = 0; i < n && k != KEYS_ANY; i++) {
        if (k == KEYS_INT ? !kn_int_small(a[i].key, &a[i].k.i)
                          : a[i].key->type != a[0].key->type)
            k = KEYS_ANY;
        else if (k == KEYS_FLOAT)
            a[i].k.f = kn_float_value(a[i].key);
    }
    return k;
}

/* x < y for keys of one kind; -1 with err for others. */
static int key_lt(key_kind k, const sort_item *xi, const sort_item *yi, kn_err *err) {
    kn_obj *x = xi->key, *y = yi->key;
    switch (k) {
    case KEYS_INT:
        return xi->k.i < yi->k.i;
    case KEYS_FLOAT:
        return xi->k.f < yi->k.f;
    case KEYS_STR: {
        /* UTF-8 byte order is code point order */
        size_t nx = kn_str_len(x), ny = kn_str_len(y);
        int c = memcmp(kn_str_cstr(x), kn_str_cstr(y), nx < ny ? nx : ny);
        return c < 0 || (c == 0 && nx < ny);
    }
    default:
        return kn__truth_steal(kn_compare(KN_CMP_LT, x, y, err), err);
    }
}

static int merge(sort_item *a, int64_t n, sort_item *tmp, bool reverse, key_kind kind,
                 kn_err *err) {
    if (n < 2) return 0;
    if (n >= 4096 && tc_interrupt_check(err) < 0) return -1; /* the list is left as it was */
    int64_t h = n / 2;
    if (merge(a, h, tmp, reverse, kind, err) < 0 ||
        merge(a + h, n - h, tmp, reverse, kind, err) < 0)
        return -1;
    int64_t i = 0, j = h, k = 0;
    /* already in order (a sorted or presorted list): nothing to merge */
    int t = reverse ? key_lt(kind, &a[h - 1], &a[h], err) : key_lt(kind, &a[h], &a[h - 1], err);
    if (t < 0) return -1;
    if (!t) return 0;
    while (i < h && j < n) {
        /* take right first only when strictly better; reverse keeps stability as Python */
        t = reverse ? key_lt(kind, &a[i], &a[j], err) : key_lt(kind, &a[j], &a[i], err);
        if (t < 0) return -1;
        tmp[k++] = t ? a[j++] : a[i++];
    }
    while (i < h)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, (size_t)n * sizeof(sort_item));
    return 0;
}

/* Keys that are all small ints, or all floats without a NaN, sort as numbers: (number,
 * position) pairs in a stable bottom-up merge sort over runs that binary-free insertion
 * sorts (their comparisons have no side effects, so any stable order of comparisons gives
 * Python's result). reverse=True sorts ~k (ints) or -k (floats) ascending, which keeps
 * equal keys in their first order, as Python's reverse sort does. */
typedef struct num_key {
    union {
        int64_t i;
        double f;
    } k;
    int64_t pos;
} num_key;

#define NUM_SORT_RUN 32

#define DEFINE_NUM_SORT(NAME, FIELD)                                                        \
    static int NAME(num_key *a, num_key *tmp, int64_t n, kn_err *err) {                      \
        int64_t desc = 1; /* a strictly descending list reverses (no equal keys to keep) */ \
        while (desc < n && a[desc].k.FIELD < a[desc - 1].k.FIELD)                             \
            desc++;                                                                          \
        for (int64_t i = 0, j = desc - 1; i < j; i++, j--) {                                 \
            num_key t = a[i];                                                                \
            a[i] = a[j];                                                                     \
            a[j] = t;                                                                        \
        }                                                                                    \
        for (int64_t lo = 0; lo < n; lo += NUM_SORT_RUN) {                                   \
            int64_t hi = lo + NUM_SORT_RUN < n ? lo + NUM_SORT_RUN : n;                      \
            for (int64_t i = lo + 1; i < hi; i++) {                                          \
                num_key x = a[i];                                                            \
                int64_t j = i;                                                               \
                for (; j > lo && x.k.FIELD < a[j - 1].k.FIELD; j--)                          \
                    a[j] = a[j - 1];                                                         \
                a[j] = x;                                                                    \
            }                                                                                \
        }                                                                                    \
        num_key *src = a, *dst = tmp;                                                        \
        for (int64_t w = NUM_SORT_RUN; w < n; w *= 2) {                                      \
            if (tc_interrupt_check(err) < 0) return -1;                                      \
            for (int64_t lo = 0; lo < n; lo += 2 * w) {                                      \
                int64_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n; \
                int64_t i = lo, j = mid, k = lo;                                             \
                if (mid < hi && !(src[mid].k.FIELD < src[mid - 1].k.FIELD)) { /* in order */ \
                    memcpy(dst + lo, src + lo, (size_t)(hi - lo) * sizeof *src);             \
                    continue;                                                                \
                }                                                                            \
                while (i < mid && j < hi)                                                    \
                    dst[k++] = src[j].k.FIELD < src[i].k.FIELD ? src[j++] : src[i++];        \
                memcpy(dst + k, src + i, (size_t)(mid - i) * sizeof *src);                   \
                k += mid - i;                                                                \
                memcpy(dst + k, src + j, (size_t)(hi - j) * sizeof *src);                    \
            }                                                                                \
            num_key *t = src;                                                                \
            src = dst;                                                                       \
            dst = t;                                                                         \
        }                                                                                    \
        if (src != a) memcpy(a, src, (size_t)n * sizeof *a);                                 \
        return 0;                                                                            \
    }

DEFINE_NUM_SORT(sort_int_keys, i)
DEFINE_NUM_SORT(sort_float_keys, f)

/* Sort n values by their keys when the keys are all small ints or all floats without a NaN:
 * 1 sorted (values permuted in place), 0 not taken (other keys, or no memory for the
 * pairs: the general sort runs), -1 with err (interrupted; the values are as they were).
 * Both arrays are read with a byte stride (a list's items, or the fields of sort_items). */
static int num_sort(kn_obj **values, size_t vstride, kn_obj *const *keys, size_t kstride,
                    int64_t n, bool reverse, kn_err *err) {
#define KEY(i) (*(kn_obj *const *)((const char *)keys + (size_t)(i) * kstride))
#define VALUE(i) (*(kn_obj **)((char *)values + (size_t)(i) * vstride))
    int64_t v;
    bool ints = kn_int_small(KEY(0), &v);
    if (!ints && !kn_is(KEY(0), &kn_type_float)) return 0;
    num_key *pairs = tc_malloc((size_t)n * 2 * sizeof *pairs);
    if (!pairs) {
        tc_alloc_failed_take(); /* the general sort needs less: let it try */
        return 0;
    }
    for (int64_t i = 0; i < n; i++) {
        kn_obj *k = KEY(i);
        pairs[i].pos = i;
        if (ints ? !kn_int_small(k, &pairs[i].k.i)
                 : !kn_is(k, &kn_type_float) || isnan(pairs[i].k.f = kn_float_value(k))) {
            tc_free(pairs);
            return 0;
        }
        if (reverse && ints) pairs[i].k.i = ~pairs[i].k.i;
        if (reverse && !ints) pairs[i].k.f = -pairs[i].k.f;
    }
    int rc = ints ? sort_int_keys(pairs, pairs + n, n, err)
                  : sort_float_keys(pairs, pairs + n, n, err);
    if (rc == 0) { /* the values in sorted order, through the second half as scratch */
        kn_obj **sorted = (kn_obj **)(pairs + n);
        for (int64_t i = 0; i < n; i++)
            sorted[i] = VALUE(pairs[i].pos);
        for (int64_t i = 0; i < n; i++)
            VALUE(i) = sorted[i];
    }
    tc_free(pairs);
    return rc < 0 ? -1 : 1;
#undef KEY
#undef VALUE
}

static int item_lt(const sort_item *x, const sort_item *y, kn_err *err) {
    return kn__truth_steal(kn_compare(KN_CMP_LT, x->key, y->key, err), err);
}

static void reverse_items(sort_item *a, int64_t n) {
    for (int64_t i = 0, j = n - 1; i < j; i++, j--) {
        sort_item t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

/* CPython's sort of fewer than 64 items, comparison for comparison (which decides the
 * error a mixed list raises and what a key or __lt__ with side effects sees): the natural
 * run at the start (a strictly descending one reversed), then binary insertion. */
static int small_sort(sort_item *a, int64_t n, kn_err *err) {
    if (n < 2) return 0;
    int64_t run = 2;
    int t = item_lt(&a[1], &a[0], err);
    if (t < 0) return -1;
    if (t) {
        for (; run < n; run++) {
            if ((t = item_lt(&a[run], &a[run - 1], err)) < 0) return -1;
            if (!t) break;
        }
        reverse_items(a, run);
    } else {
        for (; run < n; run++) {
            if ((t = item_lt(&a[run], &a[run - 1], err)) < 0) return -1;
            if (t) break;
        }
    }
    for (int64_t start = run; start < n; start++) {
        sort_item pivot = a[start];
        int64_t l = 0, r = start;
        do {
            int64_t p = l + ((r - l) >> 1);
            if ((t = item_lt(&pivot, &a[p], err)) < 0) return -1;
            if (t)
                r = p;
            else
                l = p + 1;
        } while (l < r);
        memmove(a + l + 1, a + l, (size_t)(start - l) * sizeof *a);
        a[l] = pivot;
    }
    return 0;
}

int kn__list_sort(kn_obj *list, kn_obj *key, bool reverse, kn_err *err) {
    int64_t n = L(list)->n;
    if (!key && n >= 64) { /* numbers sort as numbers, in the list's own array */
        int done = num_sort(L(list)->items, sizeof(kn_obj *), L(list)->items, sizeof(kn_obj *), n,
                            reverse, err);
        if (done) return done < 0 ? -1 : 0;
    }
    sort_item *items = tc_calloc((size_t)n, sizeof(sort_item)), *tmp = NULL;
    if (!items) return kn_nomem(err);
    int rc = 0;
    int64_t made = 0;
    for (; made < n; made++) {
        if (kn__poll((uint64_t)made + 1, err) < 0) {
            rc = -1;
            break;
        }
        items[made].value = L(list)->items[made];
        items[made].key = kn__apply_key(key, items[made].value, err);
        if (!items[made].key) {
            rc = -1;
            break;
        }
    }
    bool write_back = false;
    if (rc == 0 && n < 64) {
        /* reverse=True sorts the reversed list and reverses the result, as CPython; a
         * comparison that fails leaves the items where the sort had moved them, as there */
        if (reverse) reverse_items(items, n);
        rc = small_sort(items, n, err);
        if (reverse) reverse_items(items, n);
        write_back = true;
    } else if (rc == 0) {
        int done = num_sort(&items[0].value, sizeof *items, &items[0].key, sizeof *items, n,
                            reverse, err);
        key_kind kind = done ? KEYS_ANY : keys_kind(items, n);
        if (done < 0) rc = -1;
        if (!done && !(tmp = tc_calloc((size_t)n, sizeof(sort_item)))) rc = kn_nomem(err);
        if (!done && tmp) rc = merge(items, n, tmp, reverse, kind, err);
    }
    if (rc == 0 || write_back)
        for (int64_t i = 0; i < n; i++)
            L(list)->items[i] = items[i].value;
    for (int64_t i = 0; i < made; i++)
        kn_decref(items[i].key);
    tc_free(items);
    tc_free(tmp);
    return rc;
}

static const kn__method list_methods[] = {
    {"append", lm_append, "(self, object, /)", "Append object to the end of the list."},
    {"clear", lm_clear, "(self, /)", "Remove all items from list."},
    {"copy", lm_copy, "(self, /)", "Return a shallow copy of the list."},
    {"count", lm_count, "(self, value, /)", "Return number of occurrences of value."},
    {"extend", lm_extend, "(self, iterable, /)",
     "Extend list by appending elements from the iterable."},
    {"index", lm_index, "(self, value, start=0, stop=9223372036854775807, /)",
     "Return first index of value.\n\nRaises ValueError if the value is not present."},
    {"insert", lm_insert, "(self, index, object, /)", "Insert object before index."},
    {"pop", lm_pop, "(self, index=-1, /)",
     "Remove and return item at index (default last).\n\nRaises IndexError if list is empty or "
     "index is out of range."},
    {"remove", lm_remove, "(self, value, /)",
     "Remove first occurrence of value.\n\nRaises ValueError if the value is not present."},
    {"reverse", lm_reverse, "(self, /)", "Reverse *IN PLACE*."},
    {"sort", lm_sort, "(self, /, *, key=None, reverse=False)",
     "Sort the list in ascending order and return None.\n\nThe sort is in-place (i.e. the list "
     "itself is modified) and stable (i.e. the\norder of two equal elements is maintained)."},
    {NULL, NULL, NULL, NULL},
};

static kn_obj *list_getattr(kn_obj *self, const char *name, kn_err *err) {
    return kn__method_get(self, list_methods, name);
}
static int list_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    return kn__method_dir(list_methods, list);
}

kn_obj *kn__list_construct(const kn_type *type, const kn_args *args, kn_err *err);
kn_obj *kn__tuple_construct(const kn_type *type, const kn_args *args, kn_err *err);

/* `x in seq` for list and tuple: identity, then equality, item by item. */
static int items_contain(kn_obj *const *items, int64_t n, kn_obj *x, kn_err *err) {
    for (int64_t i = 0; i < n; i++) {
        if (kn__poll((uint64_t)i + 1, err) < 0) return -1;
        if (items[i] == x || kn_equal(items[i], x, err)) return 1;
        if (tc_error_is_set(err)) return -1;
    }
    return 0;
}

static int list_contains(kn_obj *self, kn_obj *x, kn_err *err) {
    return items_contain(kn_list_items(self), kn_list_len(self), x, err);
}

const kn_type kn_type_list = {
    .name = "list",
    .qualname = "list",
    .doc = "Built-in mutable sequence.\n\nIf no argument is given, the constructor creates a new "
           "empty list.\nThe argument must be an iterable if specified.",
    .dealloc = list_dealloc,
    .repr = list_repr,
    .getattr = list_getattr,
    .binop = list_binop,
    .inplace = list_inplace,
    .compare = list_compare,
    .len = list_len,
    .getitem = list_getitem,
    .setitem = list_setitem,
    .delitem = list_delitem,
    .iter = list_iter,
    .dir = list_dir,
    .construct = kn__list_construct,
    .contains = list_contains,
};

/* ---- tuple slots --------------------------------------------------------------------- */

static kn_obj *tuple_repr(kn_obj *self, kn_err *err) {
    if (T(self)->n == 0) return kn_str_from_cstr("()");
    tc_strbuf b = {0};
    tc_strbuf_putc(&b, '(');
    if (seq_repr(&b, T(self)->items, T(self)->n, err) < 0) {
        tc_strbuf_free(&b);
        return NULL;
    }
    tc_strbuf_puts(&b, T(self)->n == 1 ? ",)" : ")");
    return kn__strbuf_finish(&b, err);
}

static kn_obj *tuple_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    return seq_binop(op, a, b, &kn_type_tuple, err);
}

static kn_obj *tuple_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (!kn_is(a, &kn_type_tuple) || !kn_is(b, &kn_type_tuple)) return kn_notimpl();
    return kn__seq_compare(op, T(a)->items, T(a)->n, T(b)->items, T(b)->n, err);
}

static int64_t tuple_len(kn_obj *self, kn_err *err) {
    return T(self)->n;
}

static kn_obj *tuple_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    if (kn_is(key, &kn_type_slice)) {
        int64_t start, stop, step, count;
        if (kn_slice_indices(key, T(self)->n, &start, &stop, &step, &count, err) < 0) return NULL;
        kn_obj *r = kn_tuple_new(count);
        for (int64_t k = 0; k < count; k++)
            kn_tuple_set(r, k, kn_incref(T(self)->items[start + k * step]));
        return r;
    }
    if (!is_index(key)) {
        tc_error_set(err, TC_EXC_TYPE, "tuple indices must be integers or slices, not %s",
                     kn_type_name(key));
        return NULL;
    }
    int64_t i = 0;
    if (kn__seq_index(key, T(self)->n, "tuple", &i, err) < 0) return NULL;
    return kn_incref(T(self)->items[i]);
}

int kn__tuple_hash(kn_obj *const *items, int64_t n, int64_t *out, kn_err *err) {
    const uint64_t P1 = 11400714785074694791ULL, P2 = 14029467366897019727ULL,
                   P5 = 2870177450012600261ULL;
    uint64_t acc = P5;
    for (int64_t i = 0; i < n; i++) {
        int64_t h;
        if (kn_hash(items[i], &h, err) < 0) return -1;
        acc += (uint64_t)h * P2;
        acc = (acc << 31) | (acc >> 33);
        acc *= P1;
    }
    acc += (uint64_t)n ^ (P5 ^ 3527539UL);
    if (acc == (uint64_t)-1) acc = 1546275796;
    *out = (int64_t)acc;
    return 0;
}

static int tuple_hash(kn_obj *self, int64_t *out, kn_err *err) {
    return kn__tuple_hash(T(self)->items, T(self)->n, out, err);
}

static kn_obj *tuple_iter(kn_obj *self, kn_err *err) {
    return kn__seqiter_new(&kn__type_tuple_iter, self);
}

static kn_obj *tm_index(kn_obj *self, const kn_args *args, kn_err *err) {
    return seq_index_method(T(self)->items, T(self)->n, args, true, err);
}
static kn_obj *tm_count(kn_obj *self, const kn_args *args, kn_err *err) {
    return seq_count_method(T(self)->items, T(self)->n, args, err);
}

static const kn__method tuple_methods[] = {
    {"count", tm_count, "(self, value, /)", "Return number of occurrences of value."},
    {"index", tm_index, "(self, value, start=0, stop=9223372036854775807, /)",
     "Return first index of value.\n\nRaises ValueError if the value is not present."},
    {NULL, NULL, NULL, NULL},
};

static kn_obj *tuple_getattr(kn_obj *self, const char *name, kn_err *err) {
    return kn__method_get(self, tuple_methods, name);
}
static int tuple_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    return kn__method_dir(tuple_methods, list);
}

static int tuple_contains(kn_obj *self, kn_obj *x, kn_err *err) {
    return items_contain(kn_tuple_items(self), kn_tuple_len(self), x, err);
}

const kn_type kn_type_tuple = {
    .name = "tuple",
    .qualname = "tuple",
    .doc = "Built-in immutable sequence.\n\nIf no argument is given, the constructor returns an "
           "empty tuple.\nIf iterable is specified the tuple is initialized from iterable's items.",
    .dealloc = tuple_dealloc,
    .repr = tuple_repr,
    .getattr = tuple_getattr,
    .binop = tuple_binop,
    .compare = tuple_compare,
    .len = tuple_len,
    .getitem = tuple_getitem,
    .iter = tuple_iter,
    .hash = tuple_hash,
    .dir = tuple_dir,
    .construct = kn__tuple_construct,
    .contains = tuple_contains,
};

/* ---- iterators ----------------------------------------------------------------------- */

typedef struct seqiter {
    kn_obj base;
    kn_obj *seq;
    int64_t i;
    size_t off;
} seqiter;

kn_obj *kn__seqiter_new(const kn_type *itertype, kn_obj *seq) {
    seqiter *it = (seqiter *)kn_obj_alloc(itertype, sizeof(seqiter), NULL);
    if (!it) return NULL;
    it->seq = kn_incref(seq);
    if (itertype == &kn__type_list_reviter) it->i = L(seq)->n - 1;
    return &it->base;
}

static void seqiter_dealloc(kn_obj *self) {
    kn_decref(((seqiter *)self)->seq);
}

static kn_obj *iter_self(kn_obj *self, kn_err *err) {
    return kn_incref(self);
}

static kn_obj *list_iter_next(kn_obj *self, kn_err *err) {
    seqiter *it = (seqiter *)self;
    if (!it->seq || it->i >= L(it->seq)->n) return NULL;
    return kn_incref(L(it->seq)->items[it->i++]);
}

static kn_obj *list_reviter_next(kn_obj *self, kn_err *err) {
    seqiter *it = (seqiter *)self;
    if (it->i < 0 || it->i >= L(it->seq)->n) return NULL;
    return kn_incref(L(it->seq)->items[it->i--]);
}

static kn_obj *tuple_iter_next(kn_obj *self, kn_err *err) {
    seqiter *it = (seqiter *)self;
    if (it->i >= T(it->seq)->n) return NULL;
    return kn_incref(T(it->seq)->items[it->i++]);
}

static kn_obj *str_iter_next(kn_obj *self, kn_err *err) {
    seqiter *it = (seqiter *)self;
    size_t n = kn_str_len(it->seq);
    if (it->off >= n) return NULL;
    size_t len;
    kn__utf8_decode((const unsigned char *)kn_str_cstr(it->seq) + it->off, n - it->off, &len);
    kn_obj *r = kn_str_new(kn_str_cstr(it->seq) + it->off, len);
    it->off += len;
    return r;
}

#define ITER_TYPE(var, tname, nextfn)                                                              \
    const kn_type var = {                                                                          \
        .name = tname,                                                                             \
        .qualname = tname,                                                                         \
        .dealloc = seqiter_dealloc,                                                                \
        .iter = iter_self,                                                                         \
        .next = nextfn,                                                                            \
    };
ITER_TYPE(kn__type_list_iter, "list_iterator", list_iter_next)
ITER_TYPE(kn__type_list_reviter, "list_reverseiterator", list_reviter_next)
ITER_TYPE(kn__type_tuple_iter, "tuple_iterator", tuple_iter_next)
ITER_TYPE(kn__type_str_iter, "str_ascii_iterator", str_iter_next)
