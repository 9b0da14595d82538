/*
 * dict: an insertion-ordered hash table laid out as CPython's (a dense entries array in
 * insertion order plus a sparse open-addressing index), with its methods and the
 * dict_keys / dict_values / dict_items views and their iterators.
 */
#include "kernel/objects/objects-impl.h"

#define D(o) ((kn_dictobj *)(o))
#define IX_EMPTY (-1)
#define IX_DELETED (-2)

/* The index's items are as narrow as the table allows (objects-impl.h), as in CPython: an
 * instance's dict of a few attributes keeps an 8-byte index. */
static inline int64_t ix_get(const kn_dictobj *d, int64_t i) {
    if (d->mask < 128) return ((const int8_t *)d->index)[i];
    if (d->mask < 32768) return ((const int16_t *)d->index)[i];
    return ((const int32_t *)d->index)[i];
}

static inline void ix_set(kn_dictobj *d, int64_t i, int64_t v) {
    if (d->mask < 128) ((int8_t *)d->index)[i] = (int8_t)v;
    else if (d->mask < 32768) ((int16_t *)d->index)[i] = (int16_t)v;
    else ((int32_t *)d->index)[i] = (int32_t)v;
}

static inline size_t ix_width(int64_t size) {
    return size <= 128 ? 1 : size <= 32768 ? 2 : 4;
}

/* The source of dict versions: unique across all dicts, so that a (dict, version) pair an
 * interpreter cache remembers cannot match another dict later made at the same address. */
static int64_t dict_versions;

kn_obj *kn_dict_new(void) {
    return kn_obj_alloc(&kn_type_dict, sizeof(kn_dictobj), NULL);
}

int64_t kn_dict_len(const kn_obj *d) {
    return ((const kn_dictobj *)d)->used;
}

static void dict_dealloc(kn_obj *self) {
    kn_dictobj *d = D(self);
    for (int64_t i = 0; i < d->nentries; i++) {
        kn_decref(d->entries[i].key);
        kn_decref(d->entries[i].value);
    }
    tc_free(d->entries);
    tc_free(d->index);
}

/* Entry index of key (*slot: its index position), -1 if absent (*slot: where to insert),
 * -3 on error. */
static int64_t lookup(kn_dictobj *d, kn_obj *key, int64_t h, int64_t *slot, kn_err *err) {
    *slot = -1;
    if (!d->index) return -1;
    uint64_t perturb = (uint64_t)h;
    int64_t i = h & d->mask, first_deleted = -1;
    for (;;) {
        int64_t ix = ix_get(d, i);
        if (ix == IX_EMPTY) {
            *slot = first_deleted >= 0 ? first_deleted : i;
            return -1;
        }
        if (ix == IX_DELETED) {
            if (first_deleted < 0) first_deleted = i;
        } else {
            kn_dictentry *e = &d->entries[ix];
            if (e->key == key) return *slot = i, ix;
            if (e->hash == h && kn_is(e->key, &kn_type_str) && kn_is(key, &kn_type_str)) {
                if (kn_str_len(e->key) == kn_str_len(key) &&
                    memcmp(kn_str_cstr(e->key), kn_str_cstr(key), kn_str_len(key)) == 0)
                    return *slot = i, ix;
            } else if (e->hash == h) {
                bool eq = kn_equal(e->key, key, err);
                if (tc_error_is_set(err)) return -3;
                if (eq) return *slot = i, ix;
            }
        }
        perturb >>= 5;
        i = (int64_t)(((uint64_t)i * 5 + perturb + 1) & (uint64_t)d->mask);
    }
}

/* Drop deleted entries and size the table for min_used entries. -1 (dict unchanged)
 * when memory runs out. */
static int rebuild(kn_dictobj *d, int64_t min_used) {
    int64_t size = 8;
    while (size * 2 <= min_used * 3)
        size *= 2;
    int64_t cap = size * 2 / 3 + 1;
    if ((uint64_t)size > SIZE_MAX / sizeof(kn_dictentry) || size > INT32_MAX) return -1;
    /* small tables come from the small-block pools (tc_pool_alloc), as the objects do */
    void *index = tc_pool_alloc((size_t)size * ix_width(size));
    if (!index) return -1;
    if (cap > d->cap) {
        kn_dictentry *e = d->entries ? tc_reallocarray(d->entries, (size_t)cap, sizeof(kn_dictentry))
                                     : tc_pool_alloc((size_t)cap * sizeof(kn_dictentry));
        if (!e) {
            tc_free(index);
            return -1;
        }
        d->entries = e;
        d->cap = cap;
    }
    int64_t k = 0;
    for (int64_t i = 0; i < d->nentries; i++)
        if (d->entries[i].key) d->entries[k++] = d->entries[i];
    d->nentries = k;
    if (cap < d->cap) { /* shrinking cannot lose entries; keep the old block if it fails */
        kn_dictentry *e = tc_reallocarray(d->entries, (size_t)cap, sizeof(kn_dictentry));
        if (e) {
            d->entries = e;
            d->cap = cap;
        }
    }
    tc_free(d->index);
    d->index = index;
    d->mask = size - 1;
    memset(d->index, 0xff, (size_t)size * ix_width(size)); /* IX_EMPTY in every width */
    for (int64_t ix = 0; ix < d->nentries; ix++) {
        uint64_t perturb = (uint64_t)d->entries[ix].hash;
        int64_t i = d->entries[ix].hash & d->mask;
        while (ix_get(d, i) != IX_EMPTY) {
            perturb >>= 5;
            i = (int64_t)(((uint64_t)i * 5 + perturb + 1) & (uint64_t)d->mask);
        }
        ix_set(d, i, ix);
    }
    return 0;
}

static int dict_insert(kn_dictobj *d, kn_obj *key, int64_t h, kn_obj *value, kn_err *err) {
    int64_t slot, ix = lookup(d, key, h, &slot, err);
    if (ix == -3) return -1;
    if (ix >= 0) {
        kn_obj *old = d->entries[ix].value;
        d->entries[ix].value = kn_incref(value);
        kn_decref(old);
        return 0;
    }
    if (!d->index || d->nentries + 1 >= d->cap) {
        if (rebuild(d, d->used + 1) < 0) return kn_nomem(err);
        lookup(d, key, h, &slot, NULL);
    }
    d->entries[d->nentries] = (kn_dictentry){h, kn_incref(key), kn_incref(value)};
    ix_set(d, slot, d->nentries++);
    d->used++;
    d->version = ++dict_versions;
    return 0;
}

int kn_dict_set(kn_obj *d, kn_obj *key, kn_obj *value, kn_err *err) {
    if (!d || !key || !value) return kn_nomem(err);
    int64_t h;
    if (kn_hash(key, &h, err) < 0) return -1;
    return dict_insert(D(d), key, h, value, err);
}

int kn_dict_set_str(kn_obj *d, const char *key, kn_obj *value) {
    if (!d || !value) return -1;
    kn_obj *k = kn_str_from_cstr(key);
    if (!k) return -1;
    int rc = kn_dict_set(d, k, value, NULL);
    kn_decref(k);
    return rc;
}

kn_obj *kn_dict_get(kn_obj *d, kn_obj *key, kn_err *err) {
    int64_t h, slot;
    if (kn_hash(key, &h, err) < 0) return NULL;
    int64_t ix = lookup(D(d), key, h, &slot, err);
    return ix >= 0 ? D(d)->entries[ix].value : NULL;
}

kn_obj *kn_dict_get_strobj(kn_obj *d, kn_obj *key) {
    int64_t h, slot;
    if (!D(d)->index) return NULL;
    /* a str's own hash, past kn_hash's nesting guard: at the recursion limit a name is
     * still found (the guard made `repr` "not defined" in a runaway __repr__) */
    if (kn_is(key, &kn_type_str) ? key->type->hash(key, &h, NULL) < 0 : kn_hash(key, &h, NULL) < 0)
        return NULL;
    int64_t ix = lookup(D(d), key, h, &slot, NULL);
    return ix >= 0 ? D(d)->entries[ix].value : NULL;
}

/* Positions of entries, for an interpreter's lookup caches (see object.h). */
int64_t kn_dict_find_strobj(kn_obj *d, kn_obj *key) {
    int64_t h, slot;
    if (!D(d)->index) return -1;
    if (kn_is(key, &kn_type_str) ? key->type->hash(key, &h, NULL) < 0 : kn_hash(key, &h, NULL) < 0)
        return -1;
    return lookup(D(d), key, h, &slot, NULL);
}

int64_t kn_dict_version(const kn_obj *d) {
    return ((const kn_dictobj *)d)->version;
}

kn_obj *kn_dict_value_at(const kn_obj *d, int64_t ix) {
    return ((const kn_dictobj *)d)->entries[ix].value;
}

kn_obj *kn_dict_value_if_key(const kn_obj *d, int64_t ix, const kn_obj *key) {
    const kn_dictobj *dd = (const kn_dictobj *)d;
    if (ix < 0 || ix >= dd->nentries) return NULL;
    const kn_obj *k = dd->entries[ix].key;
    if (k == key) return dd->entries[ix].value;
    /* an equal str made elsewhere (a name first bound by other code) */
    if (k && kn_is(k, &kn_type_str) && kn_is(key, &kn_type_str) &&
        kn_str_len(k) == kn_str_len(key) &&
        memcmp(kn_str_cstr(k), kn_str_cstr(key), kn_str_len(key)) == 0)
        return dd->entries[ix].value;
    return NULL;
}

void kn_dict_replace_at(kn_obj *d, int64_t ix, kn_obj *value) {
    kn_dictentry *e = &D(d)->entries[ix];
    kn_obj *old = e->value;
    e->value = kn_incref(value);
    kn_decref(old);
}

kn_obj *kn_dict_get_str(kn_obj *d, const char *key) {
    kn_dictobj *dd = D(d);
    if (!dd->index) return NULL;
    size_t n = strlen(key);
    int64_t h = kn__str_hash_bytes(key, n);
    uint64_t perturb = (uint64_t)h;
    int64_t i = h & dd->mask;
    for (;;) {
        int64_t ix = ix_get(dd, i);
        if (ix == IX_EMPTY) return NULL;
        if (ix >= 0) {
            kn_dictentry *e = &dd->entries[ix];
            if (e->hash == h && kn_is(e->key, &kn_type_str) && kn_str_len(e->key) == n &&
                memcmp(kn_str_cstr(e->key), key, n) == 0)
                return e->value;
        }
        perturb >>= 5;
        i = (int64_t)(((uint64_t)i * 5 + perturb + 1) & (uint64_t)dd->mask);
    }
}

static int key_error(kn_obj *key, kn_err *err) {
    kn_obj *r = kn_repr(key, err);
    if (!r) return -1;
    tc_error_set(err, TC_EXC_KEY, "%s", kn_str_cstr(r));
    kn_decref(r);
    return -1;
}

/* Remove key; 1 removed (value stolen into *out when out != NULL), 0 absent, -1 error. */
static int dict_remove(kn_dictobj *d, kn_obj *key, kn_obj **out, kn_err *err) {
    int64_t h, slot;
    if (kn_hash(key, &h, err) < 0) return -1;
    int64_t ix = lookup(d, key, h, &slot, err);
    if (ix == -3) return -1;
    if (ix < 0) return 0;
    kn_dictentry *e = &d->entries[ix];
    ix_set(d, slot, IX_DELETED);
    kn_obj *k = e->key, *v = e->value;
    e->key = e->value = NULL;
    d->used--;
    d->version = ++dict_versions;
    kn_decref(k);
    if (out)
        *out = v;
    else
        kn_decref(v);
    return 1;
}

int kn_dict_del(kn_obj *d, kn_obj *key, kn_err *err) {
    int rc = dict_remove(D(d), key, NULL, err);
    if (rc < 0) return -1;
    if (rc == 0) return key_error(key, err);
    return 0;
}

int kn_dict_next(kn_obj *d, int64_t *i, kn_obj **key, kn_obj **value) {
    while (*i < D(d)->nentries) {
        kn_dictentry *e = &D(d)->entries[(*i)++];
        if (!e->key) continue;
        if (key) *key = e->key;
        if (value) *value = e->value;
        return 1;
    }
    return 0;
}

kn_obj *kn__dict_copy(kn_obj *d) {
    kn_obj *r = kn_dict_new();
    int64_t i = 0;
    kn_obj *k, *v;
    while (kn_dict_next(d, &i, &k, &v))
        dict_insert(D(r), k, D(d)->entries[i - 1].hash, v, NULL);
    return r;
}

static int update_pairs(kn_obj *d, kn_obj *other, kn_err *err) {
    kn_obj *it = kn_iter(other, err);
    if (!it) return -1;
    kn_obj *x;
    int64_t n = 0;
    int rc = 0;
    while (rc == 0 && (x = kn_next(it, err)) != NULL) {
        kn_obj *pair = kn_is(x, &kn_type_tuple) ? kn_incref(x) : NULL;
        if (!pair && x->type->iter) pair = kn__list_from_iter(x, err);
        if (!pair) {
            if (!tc_error_is_set(err))
                tc_error_set(err, TC_EXC_TYPE,
                             "cannot convert dictionary update sequence element #%lld to a "
                             "sequence",
                             (long long)n);
            rc = -1;
        } else {
            int64_t len = kn_len(pair, NULL);
            kn_obj **items =
                kn_is(pair, &kn_type_tuple) ? kn_tuple_items(pair) : kn_list_items(pair);
            if (len != 2)
                rc = tc_error_set(err, TC_EXC_VALUE,
                                  "dictionary update sequence element #%lld has length %lld; 2 "
                                  "is required",
                                  (long long)n, (long long)len);
            else
                rc = kn_dict_set(d, items[0], items[1], err);
            kn_decref(pair);
        }
        kn_decref(x);
        n++;
    }
    kn_decref(it);
    return rc < 0 || tc_error_is_set(err) ? -1 : 0;
}

int kn__dict_update(kn_obj *d, kn_obj *other, kn_err *err) {
    if (kn_is(other, &kn_type_dict)) {
        /* an empty dict takes a dense dict's entries as a fresh table, as CPython clones the
         * keys: what an iteration of d in progress sees next follows from it */
        if (D(d)->used == 0 && D(d)->nentries && other != d && D(other)->used == D(other)->nentries)
            kn_dict_clear(d);
        int64_t i = 0;
        kn_obj *k, *v;
        while (kn_dict_next(other, &i, &k, &v))
            if (dict_insert(D(d), k, D(other)->entries[i - 1].hash, v, err) < 0) return -1;
        return 0;
    }
    kn_obj *keys = other->type->getattr ? other->type->getattr(other, "keys", NULL) : NULL;
    if (!keys) return update_pairs(d, other, err);
    kn_obj *klist = kn_call_simple(keys, NULL, 0, err);
    kn_decref(keys);
    if (!klist) return -1;
    kn_obj *items = kn__list_from_iter(klist, err);
    kn_decref(klist);
    if (!items) return -1;
    int rc = 0;
    for (int64_t i = 0; rc == 0 && i < kn_list_len(items); i++) {
        kn_obj *v = kn_getitem(other, kn_list_items(items)[i], err);
        rc = v ? kn_dict_set(d, kn_list_items(items)[i], v, err) : -1;
        kn_decref(v);
    }
    kn_decref(items);
    return rc;
}

/* ---- slots --------------------------------------------------------------------------- */

static kn_obj *dict_repr(kn_obj *self, kn_err *err) {
    if (D(self)->used == 0) return kn_str_from_cstr("{}");
    if (kn__repr_enter(self)) return kn_str_from_cstr("{...}");
    tc_strbuf b = {0};
    tc_strbuf_putc(&b, '{');
    int64_t i = 0, n = 0;
    kn_obj *k, *v;
    int rc = 0;
    while (rc == 0 && kn_dict_next(self, &i, &k, &v)) {
        if (n++) tc_strbuf_puts(&b, ", ");
        rc = kn__strbuf_repr(&b, k, err);
        tc_strbuf_puts(&b, ": ");
        if (rc == 0) rc = kn__strbuf_repr(&b, v, err);
    }
    kn__repr_leave(self);
    if (rc < 0) {
        tc_strbuf_free(&b);
        return NULL;
    }
    tc_strbuf_putc(&b, '}');
    return kn__strbuf_finish(&b, err);
}

static kn_obj *dict_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    kn_obj *v = kn_dict_get(self, key, err);
    if (v) return kn_incref(v);
    if (!tc_error_is_set(err)) key_error(key, err);
    return NULL;
}

static int dict_setitem(kn_obj *self, kn_obj *key, kn_obj *value, kn_err *err) {
    return kn_dict_set(self, key, value, err);
}

static int dict_delitem(kn_obj *self, kn_obj *key, kn_err *err) {
    return kn_dict_del(self, key, err);
}

static int64_t dict_len(kn_obj *self, kn_err *err) {
    return D(self)->used;
}

static kn_obj *dict_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (!kn_is(a, &kn_type_dict) || !kn_is(b, &kn_type_dict) ||
        (op != KN_CMP_EQ && op != KN_CMP_NE))
        return kn_notimpl();
    bool eq = D(a)->used == D(b)->used;
    int64_t i = 0;
    kn_obj *k, *v;
    while (eq && kn_dict_next(a, &i, &k, &v)) {
        kn_obj *w = kn_dict_get(b, k, err);
        if (tc_error_is_set(err)) return NULL;
        eq = w && kn_equal(v, w, err);
        if (tc_error_is_set(err)) return NULL;
    }
    return kn_bool_new(op == KN_CMP_EQ ? eq : !eq);
}

static kn_obj *dict_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (op != KN_BINOP_OR || !kn_is(a, &kn_type_dict) || !kn_is(b, &kn_type_dict))
        return kn_notimpl();
    kn_obj *r = kn__dict_copy(a);
    if (kn__dict_update(r, b, err) < 0) {
        kn_decref(r);
        return NULL;
    }
    return r;
}

static kn_obj *dict_inplace(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (op != KN_BINOP_OR) return kn_notimpl();
    if (kn__dict_update(a, b, err) < 0) return NULL;
    return kn_incref(a);
}

/* ---- iterators and views ------------------------------------------------------------- */

typedef enum { VIEW_KEYS, VIEW_VALUES, VIEW_ITEMS } view_kind;
typedef struct dictiter {
    kn_obj base;
    kn_obj *dict;
    int64_t i, used;
    int64_t left; /* entries still expected: the dict's size at the start, counted down */
    view_kind kind;
} dictiter;
typedef struct dictview {
    kn_obj base;
    kn_obj *dict;
    view_kind kind;
} dictview;

static const kn_type type_keyiter, type_valueiter, type_itemiter, type_keys, type_values,
    type_items;

static kn_obj *dictiter_new(kn_obj *dict, view_kind kind) {
    const kn_type *t = kind == VIEW_KEYS     ? &type_keyiter
                       : kind == VIEW_VALUES ? &type_valueiter
                                             : &type_itemiter;
    dictiter *it = (dictiter *)kn_obj_alloc(t, sizeof(dictiter), NULL);
    if (!it) return NULL;
    it->dict = kn_incref(dict);
    it->used = D(dict)->used;
    it->left = it->used;
    it->kind = kind;
    return &it->base;
}

static void dictiter_dealloc(kn_obj *self) {
    kn_decref(((dictiter *)self)->dict);
}

static kn_obj *dictiter_next(kn_obj *self, kn_err *err) {
    dictiter *it = (dictiter *)self;
    if (D(it->dict)->used != it->used) {
        it->used = -1;
        tc_error_set(err, TC_EXC_RUNTIME, "dictionary changed size during iteration");
        return NULL;
    }
    kn_obj *k, *v;
    if (!kn_dict_next(it->dict, &it->i, &k, &v)) return NULL;
    /* more entries than the dict had: keys were deleted and others added meanwhile */
    if (it->left == 0) {
        it->used = -1;
        tc_error_set(err, TC_EXC_RUNTIME, "dictionary keys changed during iteration");
        return NULL;
    }
    it->left--;
    if (it->kind == VIEW_KEYS) return kn_incref(k);
    if (it->kind == VIEW_VALUES) return kn_incref(v);
    kn_obj *t = kn_tuple_new(2);
    kn_tuple_set(t, 0, kn_incref(k));
    kn_tuple_set(t, 1, kn_incref(v));
    return t;
}

static kn_obj *iter_self(kn_obj *self, kn_err *err) {
    return kn_incref(self);
}

#define DICT_ITER_TYPE(var, tname)                                                                 \
    static const kn_type var = {.name = tname,                                                     \
                                .qualname = tname,                                                 \
                                .dealloc = dictiter_dealloc,                                       \
                                .iter = iter_self,                                                 \
                                .next = dictiter_next};
DICT_ITER_TYPE(type_keyiter, "dict_keyiterator")
DICT_ITER_TYPE(type_valueiter, "dict_valueiterator")
DICT_ITER_TYPE(type_itemiter, "dict_itemiterator")

static kn_obj *view_new(kn_obj *dict, view_kind kind) {
    const kn_type *t = kind == VIEW_KEYS     ? &type_keys
                       : kind == VIEW_VALUES ? &type_values
                                             : &type_items;
    dictview *v = (dictview *)kn_obj_alloc(t, sizeof(dictview), NULL);
    if (!v) return NULL;
    v->dict = kn_incref(dict);
    v->kind = kind;
    return &v->base;
}

static void view_dealloc(kn_obj *self) {
    kn_decref(((dictview *)self)->dict);
}

static kn_obj *view_iter(kn_obj *self, kn_err *err) {
    return dictiter_new(((dictview *)self)->dict, ((dictview *)self)->kind);
}

static int64_t view_len(kn_obj *self, kn_err *err) {
    return D(((dictview *)self)->dict)->used;
}

static kn_obj *view_repr(kn_obj *self, kn_err *err) {
    kn_obj *l = kn__list_from_iter(self, err);
    if (!l) return NULL;
    tc_strbuf b = {0};
    tc_strbuf_printf(&b, "%s(", self->type->name);
    int rc = kn__strbuf_repr(&b, l, err);
    kn_decref(l);
    if (rc < 0) {
        tc_strbuf_free(&b);
        return NULL;
    }
    tc_strbuf_putc(&b, ')');
    return kn__strbuf_finish(&b, err);
}

static kn_obj *view_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (a->type != b->type || a->type == &type_values || (op != KN_CMP_EQ && op != KN_CMP_NE))
        return kn_notimpl();
    bool eq = kn_len(a, NULL) == kn_len(b, NULL);
    kn_obj *la = eq ? kn__list_from_iter(a, err) : NULL;
    for (int64_t i = 0; la && eq && i < kn_list_len(la); i++) {
        int c = kn_contains(b, kn_list_items(la)[i], err);
        if (c < 0) {
            kn_decref(la);
            return NULL;
        }
        eq = c == 1;
    }
    kn_decref(la);
    return kn_bool_new(op == KN_CMP_EQ ? eq : !eq);
}

/* `x in d.keys()` and `(k, v) in d.items()` by key lookup (values views iterate). */
static int view_contains(kn_obj *view, kn_obj *x, kn_err *err) {
    kn_obj *d = ((dictview *)view)->dict;
    if (view->type == &type_keys) {
        kn_obj *v = kn_dict_get(d, x, err);
        return tc_error_is_set(err) ? -1 : v != NULL;
    }
    if (!kn_is(x, &kn_type_tuple) || kn_tuple_len(x) != 2) return 0;
    kn_obj *v = kn_dict_get(d, kn_tuple_items(x)[0], err);
    if (tc_error_is_set(err)) return -1;
    if (!v) return 0;
    bool eq = kn_equal(v, kn_tuple_items(x)[1], err);
    return tc_error_is_set(err) ? -1 : eq;
}

#define VIEW_TYPE(var, tname, contains_slot, binop_slot)                                           \
    static const kn_type var = {.name = tname,                                                     \
                                .qualname = tname,                                                 \
                                .dealloc = view_dealloc,                                           \
                                .repr = view_repr,                                                 \
                                .iter = view_iter,                                                 \
                                .len = view_len,                                                   \
                                .compare = view_compare,                                           \
                                .binop = binop_slot,                                               \
                                .contains = contains_slot};
VIEW_TYPE(type_keys, "dict_keys", view_contains, kn__dictview_binop)
VIEW_TYPE(type_values, "dict_values", NULL, NULL)
VIEW_TYPE(type_items, "dict_items", view_contains, kn__dictview_binop)

static kn_obj *dict_iter(kn_obj *self, kn_err *err) {
    return dictiter_new(self, VIEW_KEYS);
}

/* ---- methods ------------------------------------------------------------------------- */

static kn_obj *dm_keys(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "keys", err) < 0) return NULL;
    return view_new(self, VIEW_KEYS);
}
static kn_obj *dm_values(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "values", err) < 0) return NULL;
    return view_new(self, VIEW_VALUES);
}
static kn_obj *dm_items(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "items", err) < 0) return NULL;
    return view_new(self, VIEW_ITEMS);
}

static kn_obj *dm_get(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"key", "default"};
    kn_obj *a[2];
    if (KN__BIND(args, "get", names, 1, a, err) < 0) return NULL;
    kn_obj *v = kn_dict_get(self, a[0], err);
    if (tc_error_is_set(err)) return NULL;
    return kn_incref(v ? v : a[1] ? a[1] : kn_none());
}

static kn_obj *dm_pop(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"key", "default"};
    kn_obj *a[2], *v = NULL;
    if (KN__BIND(args, "pop", names, 1, a, err) < 0) return NULL;
    int rc = dict_remove(D(self), a[0], &v, err);
    if (rc < 0) return NULL;
    if (rc == 1) return v;
    if (a[1]) return kn_incref(a[1]);
    key_error(a[0], err);
    return NULL;
}

static kn_obj *dm_popitem(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "popitem", err) < 0) return NULL;
    kn_dictobj *d = D(self);
    if (d->used == 0) {
        tc_error_set(err, TC_EXC_KEY, "'popitem(): dictionary is empty'");
        return NULL;
    }
    int64_t ix = d->nentries - 1;
    while (!d->entries[ix].key)
        ix--;
    kn_obj *k = kn_incref(d->entries[ix].key), *v = NULL;
    dict_remove(d, k, &v, err);
    kn_obj *t = kn_tuple_new(2);
    kn_tuple_set(t, 0, k);
    kn_tuple_set(t, 1, v);
    return t;
}

static kn_obj *dm_update(kn_obj *self, const kn_args *args, kn_err *err) {
    if (args->npos > 1) {
        tc_error_set(err, TC_EXC_TYPE, "update expected at most 1 argument, got %d", args->npos);
        return NULL;
    }
    if (args->npos == 1 && kn__dict_update(self, args->pos[0], err) < 0) return NULL;
    for (int i = 0; i < args->nkw; i++)
        if (kn_dict_set_str(self, args->kwnames[i], args->kwvals[i]) < 0) return NULL;
    return kn_none_new();
}

static kn_obj *dm_setdefault(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"key", "default"};
    kn_obj *a[2];
    if (KN__BIND(args, "setdefault", names, 1, a, err) < 0) return NULL;
    kn_obj *v = kn_dict_get(self, a[0], err);
    if (tc_error_is_set(err)) return NULL;
    if (v) return kn_incref(v);
    kn_obj *dflt = a[1] ? a[1] : kn_none();
    if (kn_dict_set(self, a[0], dflt, err) < 0) return NULL;
    return kn_incref(dflt);
}

static kn_obj *dm_copy(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "copy", err) < 0) return NULL;
    return kn__dict_copy(self);
}

void kn_dict_clear(kn_obj *self) {
    kn_dictobj *d = D(self);
    kn_dictentry *e = d->entries;
    int64_t n = d->nentries;
    tc_free(d->index);
    d->entries = NULL;
    d->index = NULL;
    d->used = d->nentries = d->cap = d->mask = 0;
    d->version = ++dict_versions;
    for (int64_t i = 0; i < n; i++) {
        kn_decref(e[i].key);
        kn_decref(e[i].value);
    }
    tc_free(e);
}

static kn_obj *dm_clear(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "clear", err) < 0) return NULL;
    kn_dict_clear(self);
    return kn_none_new();
}

static const kn__method dict_methods[] = {
    {"clear", dm_clear, "", "D.clear() -> None.  Remove all items from D."},
    {"copy", dm_copy, "", "D.copy() -> a shallow copy of D"},
    {"get", dm_get, "(self, key, default=None, /)",
     "Return the value for key if key is in the dictionary, else default."},
    {"items", dm_items, "", "D.items() -> a set-like object providing a view on D's items"},
    {"keys", dm_keys, "", "D.keys() -> a set-like object providing a view on D's keys"},
    {"pop", dm_pop, "",
     "D.pop(k[,d]) -> v, remove specified key and return the corresponding value.\n\nIf the key is "
     "not found, return the default if given; otherwise,\nraise a KeyError."},
    {"popitem", dm_popitem, "(self, /)",
     "Remove and return a (key, value) pair as a 2-tuple.\n\nPairs are returned in LIFO (last-in, "
     "first-out) order.\nRaises KeyError if the dict is empty."},
    {"setdefault", dm_setdefault, "(self, key, default=None, /)",
     "Insert key with a value of default if key is not in the dictionary.\n\nReturn the value for "
     "key if key is in the dictionary, else default."},
    {"update", dm_update, "", "D.update([E, ]**F) -> None.  Update D from dict/iterable E and F."},
    {"values", dm_values, "", "D.values() -> an object providing a view on D's values"},
    {NULL, NULL, NULL, NULL},
};

/* dict.fromkeys(iterable, value=None): a new dict mapping each item to the one value. */
kn_obj *kn__dict_fromkeys(kn_obj *self, const kn_args *args, kn_err *err) {
    (void)self;
    static const char *names[] = {"iterable", "value"};
    kn_obj *a[2];
    if (KN__BIND(args, "fromkeys", names, 1, a, err) < 0) return NULL;
    kn_obj *value = a[1] ? a[1] : kn_none();
    kn_obj *it = kn_iter(a[0], err);
    if (!it) return NULL;
    kn_obj *d = kn_dict_new(), *k;
    if (!d) {
        kn_decref(it);
        tc_error_set(err, TC_EXC_MEMORY, "%s", "");
        return NULL;
    }
    while ((k = kn_next(it, err))) {
        int rc = kn_dict_set(d, k, value, err);
        kn_decref(k);
        if (rc < 0) break;
    }
    kn_decref(it);
    if (tc_error_is_set(err)) {
        kn_decref(d);
        return NULL;
    }
    return d;
}

static kn_obj *dict_getattr(kn_obj *self, const char *name, kn_err *err) {
    return kn__method_get(self, dict_methods, name);
}
static int dict_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    return kn__method_dir(dict_methods, list);
}

kn_obj *kn__dict_construct(const kn_type *type, const kn_args *args, kn_err *err);

/* `k in d`: a key lookup (an unhashable k is the lookup's TypeError). */
static int dict_contains(kn_obj *self, kn_obj *x, kn_err *err) {
    kn_obj *v = kn_dict_get(self, x, err);
    return tc_error_is_set(err) ? -1 : v != NULL;
}

const kn_type kn_type_dict = {
    .name = "dict",
    .qualname = "dict",
    .doc = "dict() -> new empty dictionary\ndict(mapping) -> new dictionary initialized from a "
           "mapping object's\n    (key, value) pairs\ndict(iterable) -> new dictionary "
           "initialized as if via:\n    d = {}\n    for k, v in iterable:\n        d[k] = v\n"
           "dict(**kwargs) -> new dictionary initialized with the name=value pairs\n    in the "
           "keyword argument list.  For example:  dict(one=1, two=2)",
    .dealloc = dict_dealloc,
    .repr = dict_repr,
    .getattr = dict_getattr,
    .binop = dict_binop,
    .inplace = dict_inplace,
    .compare = dict_compare,
    .len = dict_len,
    .getitem = dict_getitem,
    .setitem = dict_setitem,
    .delitem = dict_delitem,
    .iter = dict_iter,
    .dir = dict_dir,
    .construct = kn__dict_construct,
    .contains = dict_contains,
};
