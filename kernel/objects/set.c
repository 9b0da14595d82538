/*
 * set and frozenset: an open-addressing hash table laid out exactly as CPython 3.11's
 * setobject.c (8-slot initial table, linear probing over 9 slots then perturbed jumps,
 * dummies for deleted keys, the same fill/resize thresholds and the same bulk paths for
 * update from a set or a dict). Iteration walks the table in slot order, so a set prints in
 * CPython's order whenever the keys hash as CPython's do: int, float, bool, tuple and
 * frozenset do; str does not (CPython salts str hashes at random per process) and neither
 * does None (CPython 3.11 hashes it by address).
 */
#include "kernel/objects/objects-impl.h"

#define SET_MINSIZE 8
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5

typedef struct setentry {
    kn_obj *key; /* NULL: never used; &dummy: deleted */
    int64_t hash;
} setentry;

typedef struct setobj {
    kn_obj base;
    int64_t fill; /* active + dummy slots */
    int64_t used; /* active slots */
    int64_t mask;
    int64_t finger;  /* where pop() looks next */
    int64_t hash;    /* frozenset: cached hash, -1 until computed */
    setentry *table; /* smalltable or an allocated block */
    setentry smalltable[SET_MINSIZE];
} setobj;

#define S(o) ((setobj *)(o))

static kn_obj dummy_struct = {KN__IMMORTAL, NULL};
#define dummy (&dummy_struct)

static bool is_anyset(const kn_obj *o) {
    return kn_is(o, &kn_type_set) || kn_is(o, &kn_type_frozenset);
}

static kn_obj *make_new_set(const kn_type *type, kn_obj *iterable, kn_err *err);

/* ---- probing ------------------------------------------------------------------------- */

/* The slot holding key, or the first never-used slot of its probe sequence (key NULL);
 * NULL with err set when a comparison fails. */
static setentry *set_lookkey(setobj *so, kn_obj *key, int64_t hash, kn_err *err) {
restart:;
    uint64_t perturb = (uint64_t)hash, mask = (uint64_t)so->mask, i = (uint64_t)hash & mask;
    for (;;) {
        setentry *entry = &so->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->key == NULL) return entry;
            if (entry->hash == hash && entry->key != dummy) {
                kn_obj *startkey = entry->key;
                if (startkey == key) return entry;
                if (kn_is(startkey, &kn_type_str) && kn_is(key, &kn_type_str)) {
                    if (kn_str_len(startkey) == kn_str_len(key) &&
                        memcmp(kn_str_cstr(startkey), kn_str_cstr(key), kn_str_len(key)) == 0)
                        return entry;
                } else {
                    setentry *table = so->table;
                    kn_incref(startkey);
                    bool eq = kn_equal(startkey, key, err);
                    kn_decref(startkey);
                    if (tc_error_is_set(err)) return NULL;
                    /* the comparison ran user code that changed the set: start again */
                    if (table != so->table || entry->key != startkey) goto restart;
                    if (eq) return entry;
                    mask = (uint64_t)so->mask;
                }
            }
            entry++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

/* Insert a key known to be absent into a table without dummies (resize, bulk copies). */
static void set_insert_clean(setentry *table, uint64_t mask, kn_obj *key, int64_t hash) {
    uint64_t perturb = (uint64_t)hash, i = (uint64_t)hash & mask;
    for (;;) {
        setentry *entry = &table[i];
        if (entry->key == NULL) goto found;
        if (i + LINEAR_PROBES <= mask) {
            for (int j = 0; j < LINEAR_PROBES; j++) {
                entry++;
                if (entry->key == NULL) goto found;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
        continue;
    found:
        entry->key = key;
        entry->hash = hash;
        return;
    }
}

/* Rebuild the table with the smallest power-of-two size above 'minused', dropping the
 * dummies. -1 with MemoryError (the set unchanged). */
static int set_table_resize(setobj *so, int64_t minused, kn_err *err) {
    uint64_t newsize = SET_MINSIZE;
    while (newsize <= (uint64_t)minused)
        newsize <<= 1;
    setentry *oldtable = so->table, *newtable;
    int64_t oldmask = so->mask;
    bool old_malloced = oldtable != so->smalltable;
    setentry small_copy[SET_MINSIZE];
    if (newsize == SET_MINSIZE) {
        newtable = so->smalltable;
        if (newtable == oldtable) {
            if (so->fill == so->used) return 0;
            memcpy(small_copy, oldtable, sizeof small_copy);
            oldtable = small_copy;
        }
    } else {
        if (kn__check_alloc((double)newsize * sizeof(setentry), err) < 0) return -1;
        newtable = tc_calloc(newsize, sizeof(setentry));
        if (!newtable) return kn_nomem(err);
    }
    memset(newtable, 0, sizeof(setentry) * newsize);
    so->mask = (int64_t)newsize - 1;
    so->table = newtable;
    so->fill = so->used;
    for (setentry *e = oldtable; e <= oldtable + oldmask; e++)
        if (e->key != NULL && e->key != dummy)
            set_insert_clean(newtable, newsize - 1, e->key, e->hash);
    if (old_malloced) tc_free(oldtable);
    return 0;
}

/* Add key (borrowed; the set takes its own reference) with its hash. */
static int set_add_entry(setobj *so, kn_obj *key, int64_t hash, kn_err *err) {
restart:;
    uint64_t mask = (uint64_t)so->mask, i = (uint64_t)hash & mask, perturb = (uint64_t)hash;
    setentry *freeslot = NULL, *entry;
    for (;;) {
        entry = &so->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->key == NULL) goto found_unused_or_dummy;
            if (entry->key == dummy) {
                freeslot = entry; /* CPython keeps the last dummy seen */
            } else if (entry->hash == hash) {
                kn_obj *startkey = entry->key;
                if (startkey == key) return 0;
                if (kn_is(startkey, &kn_type_str) && kn_is(key, &kn_type_str)) {
                    if (kn_str_len(startkey) == kn_str_len(key) &&
                        memcmp(kn_str_cstr(startkey), kn_str_cstr(key), kn_str_len(key)) == 0)
                        return 0;
                } else {
                    setentry *table = so->table;
                    kn_incref(startkey);
                    bool eq = kn_equal(startkey, key, err);
                    kn_decref(startkey);
                    if (tc_error_is_set(err)) return -1;
                    if (eq) return 0;
                    if (table != so->table || entry->key != startkey) goto restart;
                    mask = (uint64_t)so->mask;
                }
            }
            entry++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_unused_or_dummy:
    if (freeslot) {
        so->used++;
        freeslot->key = kn_incref(key);
        freeslot->hash = hash;
        return 0;
    }
    so->fill++;
    so->used++;
    entry->key = kn_incref(key);
    entry->hash = hash;
    if ((uint64_t)so->fill * 5 < mask * 3) return 0;
    return set_table_resize(so, so->used > 50000 ? so->used * 2 : so->used * 4, err);
}

static int set_add_key(setobj *so, kn_obj *key, kn_err *err) {
    int64_t h;
    if (kn_hash(key, &h, err) < 0) return -1;
    return set_add_entry(so, key, h, err);
}

/* 1 present, 0 absent, -1 error. */
static int set_contains_entry(setobj *so, kn_obj *key, int64_t hash, kn_err *err) {
    setentry *e = set_lookkey(so, key, hash, err);
    return e ? e->key != NULL : -1;
}

static int set_contains_key(setobj *so, kn_obj *key, kn_err *err) {
    int64_t h;
    if (kn_hash(key, &h, err) < 0) return -1;
    return set_contains_entry(so, key, h, err);
}

/* 1 removed, 0 absent, -1 error. */
static int set_discard_entry(setobj *so, kn_obj *key, int64_t hash, kn_err *err) {
    setentry *e = set_lookkey(so, key, hash, err);
    if (!e) return -1;
    if (!e->key) return 0;
    kn_obj *old = e->key;
    e->key = dummy;
    e->hash = -1;
    so->used--;
    kn_decref(old);
    return 1;
}

static int set_discard_key(setobj *so, kn_obj *key, kn_err *err) {
    int64_t h;
    if (kn_hash(key, &h, err) < 0) return -1;
    return set_discard_entry(so, key, h, err);
}

/* Next active entry at or after *pos (slot order); 0 at the end. */
static int set_next(setobj *so, int64_t *pos, setentry **out) {
    int64_t i = *pos;
    while (i <= so->mask && (so->table[i].key == NULL || so->table[i].key == dummy))
        i++;
    *pos = i + 1;
    if (i > so->mask) return 0;
    *out = &so->table[i];
    return 1;
}

static void set_empty_to_minsize(setobj *so) {
    memset(so->smalltable, 0, sizeof so->smalltable);
    so->fill = so->used = 0;
    so->mask = SET_MINSIZE - 1;
    so->table = so->smalltable;
    so->hash = -1;
}

static void set_clear_internal(setobj *so) {
    setentry *table = so->table;
    int64_t used = so->used;
    bool malloced = table != so->smalltable;
    setentry small_copy[SET_MINSIZE];
    /* empty the set before releasing keys: a release may run code that looks at it */
    if (!malloced) {
        memcpy(small_copy, table, sizeof small_copy);
        table = small_copy;
    }
    set_empty_to_minsize(so);
    for (setentry *e = table; used > 0; e++)
        if (e->key && e->key != dummy) {
            used--;
            kn_decref(e->key);
        }
    if (malloced) tc_free(table);
}

/* ---- bulk updates -------------------------------------------------------------------- */

static int set_merge(setobj *so, setobj *other, kn_err *err) {
    if (other == so || other->used == 0) return 0;
    if ((so->fill + other->used) * 5 >= so->mask * 3 &&
        set_table_resize(so, (so->used + other->used) * 2, err) < 0)
        return -1;
    setentry *so_entry = so->table, *other_entry = other->table;
    if (so->fill == 0 && so->mask == other->mask && other->fill == other->used) {
        for (int64_t i = 0; i <= other->mask; i++, so_entry++, other_entry++)
            if (other_entry->key) {
                so_entry->key = kn_incref(other_entry->key);
                so_entry->hash = other_entry->hash;
            }
        so->fill = other->fill;
        so->used = other->used;
        return 0;
    }
    if (so->fill == 0) {
        so->fill = so->used = other->used;
        for (int64_t i = 0; i <= other->mask; i++, other_entry++)
            if (other_entry->key && other_entry->key != dummy)
                set_insert_clean(so->table, (uint64_t)so->mask, kn_incref(other_entry->key),
                                 other_entry->hash);
        return 0;
    }
    for (int64_t i = 0; i <= other->mask; i++) {
        other_entry = &other->table[i];
        if (other_entry->key && other_entry->key != dummy &&
            set_add_entry(so, other_entry->key, other_entry->hash, err) < 0)
            return -1;
    }
    return 0;
}

static int set_update_internal(setobj *so, kn_obj *other, kn_err *err) {
    if (is_anyset(other)) return set_merge(so, S(other), err);
    if (kn_is(other, &kn_type_dict)) {
        int64_t dictsize = kn_dict_len(other);
        if ((so->fill + dictsize) * 5 >= so->mask * 3 &&
            set_table_resize(so, (so->used + dictsize) * 2, err) < 0)
            return -1;
        int64_t pos = 0;
        kn_obj *k;
        while (kn_dict_next(other, &pos, &k, NULL))
            if (set_add_key(so, k, err) < 0) return -1;
        return 0;
    }
    kn_obj *it = kn_iter(other, err);
    if (!it) return -1;
    kn_obj *key;
    int rc = 0;
    uint64_t n = 0;
    while (rc == 0 && (key = kn_next(it, err))) {
        rc = set_add_key(so, key, err);
        kn_decref(key);
        if (rc == 0) rc = kn__poll(++n, err);
    }
    kn_decref(it);
    return rc < 0 || tc_error_is_set(err) ? -1 : 0;
}

static kn_obj *make_new_set(const kn_type *type, kn_obj *iterable, kn_err *err) {
    setobj *so = (setobj *)kn_obj_alloc(type, sizeof(setobj), err);
    if (!so) return NULL;
    set_empty_to_minsize(so);
    if (iterable && set_update_internal(so, iterable, err) < 0) {
        kn_decref(&so->base);
        return NULL;
    }
    return &so->base;
}

static kn_obj *set_copy(setobj *so, kn_err *err) {
    return make_new_set(so->base.type, &so->base, err);
}

/* Exchange the contents of two sets (the in-place operations compute a new set and take
 * its body). */
static void set_swap_bodies(setobj *a, setobj *b) {
    int64_t t;
    t = a->fill, a->fill = b->fill, b->fill = t;
    t = a->used, a->used = b->used, b->used = t;
    t = a->mask, a->mask = b->mask, b->mask = t;
    setentry *u = a->table == a->smalltable ? b->smalltable : a->table;
    a->table = b->table == b->smalltable ? a->smalltable : b->table;
    b->table = u;
    setentry tab[SET_MINSIZE];
    memcpy(tab, a->smalltable, sizeof tab);
    memcpy(a->smalltable, b->smalltable, sizeof tab);
    memcpy(b->smalltable, tab, sizeof tab);
    a->hash = b->hash = -1;
}

/* ---- set algebra (CPython's algorithms: the slot order of results depends on them) --- */

static kn_obj *set_intersection(setobj *so, kn_obj *other, kn_err *err) {
    if (&so->base == other) return set_copy(so, err);
    setobj *result = (setobj *)make_new_set(so->base.type, NULL, err);
    if (!result) return NULL;
    if (is_anyset(other)) {
        setobj *a = so, *b = S(other);
        if (b->used > a->used) {
            setobj *t = a;
            a = b;
            b = t;
        }
        int64_t pos = 0;
        setentry *e;
        while (set_next(b, &pos, &e)) {
            kn_obj *key = kn_incref(e->key);
            int64_t h = e->hash;
            int rv = set_contains_entry(a, key, h, err);
            if (rv > 0) rv = set_add_entry(result, key, h, err);
            kn_decref(key);
            if (rv < 0) {
                kn_decref(&result->base);
                return NULL;
            }
        }
        return &result->base;
    }
    kn_obj *it = kn_iter(other, err), *key;
    if (!it) {
        kn_decref(&result->base);
        return NULL;
    }
    while ((key = kn_next(it, err))) {
        int64_t h;
        int rv = kn_hash(key, &h, err);
        if (rv == 0) rv = set_contains_entry(so, key, h, err);
        bool found = rv > 0;
        if (found) rv = set_add_entry(result, key, h, err);
        kn_decref(key);
        if (rv < 0) break;
        if (found && result->used >= so->used) break;
    }
    kn_decref(it);
    if (tc_error_is_set(err)) {
        kn_decref(&result->base);
        return NULL;
    }
    return &result->base;
}

static int set_difference_update_internal(setobj *so, kn_obj *other, kn_err *err) {
    if (&so->base == other) {
        set_clear_internal(so);
        return 0;
    }
    if (is_anyset(other)) {
        kn_obj *o;
        if ((S(other)->used >> 3) > so->used) {
            if (!(o = set_intersection(so, other, err))) return -1;
        } else {
            o = kn_incref(other);
        }
        int64_t pos = 0;
        setentry *e;
        int rc = 0;
        while (rc == 0 && set_next(S(o), &pos, &e)) {
            kn_obj *key = kn_incref(e->key);
            rc = set_discard_entry(so, key, e->hash, err) < 0 ? -1 : 0;
            kn_decref(key);
        }
        kn_decref(o);
        if (rc < 0) return -1;
    } else {
        kn_obj *it = kn_iter(other, err), *key;
        if (!it) return -1;
        int rc = 0;
        while (rc == 0 && (key = kn_next(it, err))) {
            rc = set_discard_key(so, key, err) < 0 ? -1 : 0;
            kn_decref(key);
        }
        kn_decref(it);
        if (rc < 0 || tc_error_is_set(err)) return -1;
    }
    if ((uint64_t)(so->fill - so->used) <= (uint64_t)so->mask / 4) return 0;
    return set_table_resize(so, so->used > 50000 ? so->used * 2 : so->used * 4, err);
}

static kn_obj *set_copy_and_difference(setobj *so, kn_obj *other, kn_err *err) {
    kn_obj *r = set_copy(so, err);
    if (r && set_difference_update_internal(S(r), other, err) < 0) {
        kn_decref(r);
        return NULL;
    }
    return r;
}

static kn_obj *set_difference(setobj *so, kn_obj *other, kn_err *err) {
    int64_t other_size;
    if (is_anyset(other))
        other_size = S(other)->used;
    else if (kn_is(other, &kn_type_dict))
        other_size = kn_dict_len(other);
    else
        return set_copy_and_difference(so, other, err);
    if ((so->used >> 2) > other_size) return set_copy_and_difference(so, other, err);
    setobj *result = (setobj *)make_new_set(so->base.type, NULL, err);
    if (!result) return NULL;
    int64_t pos = 0;
    setentry *e;
    while (set_next(so, &pos, &e)) {
        kn_obj *key = kn_incref(e->key);
        int64_t h = e->hash;
        int rv;
        if (kn_is(other, &kn_type_dict)) {
            kn_obj *v = kn_dict_get(other, key, err);
            rv = tc_error_is_set(err) ? -1 : v != NULL;
        } else {
            rv = set_contains_entry(S(other), key, h, err);
        }
        if (rv == 0) rv = set_add_entry(result, key, h, err);
        kn_decref(key);
        if (rv < 0) {
            kn_decref(&result->base);
            return NULL;
        }
    }
    return &result->base;
}

static int set_symmetric_difference_update(setobj *so, kn_obj *other, kn_err *err) {
    if (&so->base == other) {
        set_clear_internal(so);
        return 0;
    }
    if (kn_is(other, &kn_type_dict)) {
        int64_t pos = 0;
        kn_obj *k;
        while (kn_dict_next(other, &pos, &k, NULL)) {
            int64_t h;
            kn_obj *key = kn_incref(k);
            int rv = kn_hash(key, &h, err);
            if (rv == 0) rv = set_discard_entry(so, key, h, err);
            if (rv == 0) rv = set_add_entry(so, key, h, err);
            kn_decref(key);
            if (rv < 0) return -1;
        }
        return 0;
    }
    kn_obj *otherset =
        is_anyset(other) ? kn_incref(other) : make_new_set(so->base.type, other, err);
    if (!otherset) return -1;
    int64_t pos = 0;
    setentry *e;
    int rc = 0;
    while (rc == 0 && set_next(S(otherset), &pos, &e)) {
        kn_obj *key = kn_incref(e->key);
        int64_t h = e->hash;
        int rv = set_discard_entry(so, key, h, err);
        if (rv == 0) rv = set_add_entry(so, key, h, err);
        kn_decref(key);
        if (rv < 0) rc = -1;
    }
    kn_decref(otherset);
    return rc;
}

static kn_obj *set_symmetric_difference(setobj *so, kn_obj *other, kn_err *err) {
    kn_obj *r = make_new_set(so->base.type, other, err);
    if (r && set_symmetric_difference_update(S(r), &so->base, err) < 0) {
        kn_decref(r);
        return NULL;
    }
    return r;
}

/* 1 / 0 / -1. */
static int set_issubset(setobj *so, kn_obj *other, kn_err *err) {
    if (!is_anyset(other)) {
        kn_obj *tmp = make_new_set(&kn_type_set, other, err);
        if (!tmp) return -1;
        int r = set_issubset(so, tmp, err);
        kn_decref(tmp);
        return r;
    }
    if (so->used > S(other)->used) return 0;
    int64_t pos = 0;
    setentry *e;
    while (set_next(so, &pos, &e)) {
        kn_obj *key = kn_incref(e->key);
        int rv = set_contains_entry(S(other), key, e->hash, err);
        kn_decref(key);
        if (rv <= 0) return rv;
    }
    return 1;
}

static int set_issuperset(setobj *so, kn_obj *other, kn_err *err) {
    if (is_anyset(other)) return set_issubset(S(other), &so->base, err);
    kn_obj *tmp = make_new_set(&kn_type_set, other, err);
    if (!tmp) return -1;
    int r = set_issuperset(so, tmp, err);
    kn_decref(tmp);
    return r;
}

static int set_isdisjoint(setobj *so, kn_obj *other, kn_err *err) {
    if (&so->base == other) return so->used == 0;
    if (is_anyset(other)) {
        setobj *a = so, *b = S(other);
        if (b->used > a->used) {
            setobj *t = a;
            a = b;
            b = t;
        }
        int64_t pos = 0;
        setentry *e;
        while (set_next(b, &pos, &e)) {
            kn_obj *key = kn_incref(e->key);
            int rv = set_contains_entry(a, key, e->hash, err);
            kn_decref(key);
            if (rv != 0) return rv < 0 ? -1 : 0;
        }
        return 1;
    }
    kn_obj *it = kn_iter(other, err), *key;
    if (!it) return -1;
    int r = 1;
    while ((key = kn_next(it, err))) {
        int rv = set_contains_key(so, key, err);
        kn_decref(key);
        if (rv != 0) {
            r = rv < 0 ? -1 : 0;
            break;
        }
    }
    kn_decref(it);
    return tc_error_is_set(err) ? -1 : r;
}

/* A set used as a key (`{1} in s`, s.remove({1})) is looked up as the equal frozenset,
 * as CPython does; a new reference to the key to use. */
static kn_obj *key_for_lookup(kn_obj *key, kn_err *err) {
    if (kn_is(key, &kn_type_set)) return make_new_set(&kn_type_frozenset, key, err);
    return kn_incref(key);
}

/* ---- dict views as sets -------------------------------------------------------------- */

/* d.keys() & x, x | d.items(), ...: CPython's dictviews_* functions, a new set. */
kn_obj *kn__dictview_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (op != KN_BINOP_AND && op != KN_BINOP_OR && op != KN_BINOP_SUB && op != KN_BINOP_XOR)
        return kn_notimpl();
    if (op != KN_BINOP_AND) {
        kn_obj *r = make_new_set(&kn_type_set, a, err);
        if (!r) return NULL;
        int rc = op == KN_BINOP_OR    ? set_update_internal(S(r), b, err)
                 : op == KN_BINOP_SUB ? set_difference_update_internal(S(r), b, err)
                                      : set_symmetric_difference_update(S(r), b, err);
        if (rc < 0) {
            kn_decref(r);
            return NULL;
        }
        return r;
    }
    kn_obj *self = a, *other = b;
    if (is_anyset(a) || !a->type->binop || a->type->binop != kn__dictview_binop) {
        self = b; /* the view is on the right */
        other = a;
    }
    int64_t len_self = kn_len(self, err);
    if (len_self < 0) return NULL;
    if (kn_is(other, &kn_type_set) && len_self <= S(other)->used)
        return set_intersection(S(other), self, err);
    if (other->type->binop == kn__dictview_binop) {
        int64_t len_other = kn_len(other, err);
        if (len_other < 0) return NULL;
        if (len_other > len_self) {
            kn_obj *t = self;
            self = other;
            other = t;
        }
    }
    kn_obj *result = make_new_set(&kn_type_set, NULL, err);
    kn_obj *it = result ? kn_iter(other, err) : NULL, *key;
    if (!it) {
        kn_decref(result);
        return NULL;
    }
    int rc = 0;
    while (rc == 0 && (key = kn_next(it, err))) {
        int c = kn_contains(self, key, err);
        rc = c < 0 ? -1 : c ? set_add_key(S(result), key, err) : 0;
        kn_decref(key);
    }
    kn_decref(it);
    if (rc < 0 || tc_error_is_set(err)) {
        kn_decref(result);
        return NULL;
    }
    return result;
}

/* ---- public API ---------------------------------------------------------------------- */

kn_obj *kn_set_new(void) {
    return make_new_set(&kn_type_set, NULL, NULL);
}

int kn_set_add(kn_obj *set, kn_obj *key, kn_err *err) {
    if (!set || !key) return kn_nomem(err);
    return set_add_key(S(set), key, err);
}

int kn_set_update(kn_obj *set, kn_obj *iterable, kn_err *err) {
    if (!set) return kn_nomem(err);
    return set_update_internal(S(set), iterable, err);
}

kn_obj *kn_frozenset_new(kn_obj *iterable, kn_err *err) {
    return make_new_set(&kn_type_frozenset, iterable, err);
}

int64_t kn_set_len(const kn_obj *set) {
    return ((const setobj *)set)->used;
}

/* ---- slots --------------------------------------------------------------------------- */

static void set_dealloc(kn_obj *self) {
    setobj *so = S(self);
    int64_t used = so->used;
    for (setentry *e = so->table; used > 0; e++)
        if (e->key && e->key != dummy) {
            used--;
            kn_decref(e->key);
        }
    if (so->table != so->smalltable) tc_free(so->table);
}

static kn_obj *set_repr(kn_obj *self, kn_err *err) {
    const char *tname = self->type->name;
    if (kn__repr_enter(self)) return kn_str_printf("%s(...)", tname);
    if (S(self)->used == 0) {
        kn__repr_leave(self);
        return kn_str_printf("%s()", tname);
    }
    tc_strbuf b = {0};
    bool frozen = kn_is(self, &kn_type_frozenset);
    if (frozen) tc_strbuf_printf(&b, "%s(", tname);
    tc_strbuf_putc(&b, '{');
    int64_t pos = 0, n = 0;
    setentry *e;
    int rc = 0;
    while (rc == 0 && set_next(S(self), &pos, &e)) {
        if (n++) tc_strbuf_puts(&b, ", ");
        rc = kn__strbuf_repr(&b, e->key, err);
    }
    kn__repr_leave(self);
    if (rc < 0) {
        tc_strbuf_free(&b);
        return NULL;
    }
    tc_strbuf_puts(&b, frozen ? "})" : "}");
    return kn__strbuf_finish(&b, err);
}

static int64_t set_len(kn_obj *self, kn_err *err) {
    return S(self)->used;
}

static int set_truth(kn_obj *self, kn_err *err) {
    return S(self)->used != 0;
}

static int set_contains(kn_obj *self, kn_obj *x, kn_err *err) {
    kn_obj *key = key_for_lookup(x, err);
    if (!key) return -1;
    int r = set_contains_key(S(self), key, err);
    kn_decref(key);
    return r;
}

static uint64_t shuffle_bits(uint64_t h) {
    return ((h ^ 89869747UL) ^ (h << 16)) * 3644798167UL;
}

/* CPython's frozenset hash: order-independent xor of shuffled entry hashes. */
static int frozenset_hash(kn_obj *self, int64_t *out, kn_err *err) {
    setobj *so = S(self);
    if (so->hash != -1) {
        *out = so->hash;
        return 0;
    }
    uint64_t hash = 0;
    for (setentry *e = so->table; e <= &so->table[so->mask]; e++)
        if (e->key && e->key != dummy) hash ^= shuffle_bits((uint64_t)e->hash);
    hash ^= ((uint64_t)so->used + 1) * 1927868237UL;
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash * 69069U + 907133923UL;
    if (hash == (uint64_t)-1) hash = 590923713UL;
    so->hash = (int64_t)hash;
    *out = so->hash;
    return 0;
}

static kn_obj *bool_result(int r) {
    return r < 0 ? NULL : kn_bool_new(r);
}

static kn_obj *set_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (!is_anyset(a) || !is_anyset(b)) return kn_notimpl();
    setobj *v = S(a), *w = S(b);
    switch (op) {
    case KN_CMP_EQ:
    case KN_CMP_NE: {
        int r;
        if (v->used != w->used)
            r = 0;
        else if (v->hash != -1 && w->hash != -1 && v->hash != w->hash)
            r = 0;
        else if ((r = set_issubset(v, b, err)) < 0)
            return NULL;
        return kn_bool_new(op == KN_CMP_EQ ? r : !r);
    }
    case KN_CMP_LE:
        return bool_result(set_issubset(v, b, err));
    case KN_CMP_GE:
        return bool_result(set_issuperset(v, b, err));
    case KN_CMP_LT:
        if (v->used >= w->used) return kn_bool_new(false);
        return bool_result(set_issubset(v, b, err));
    case KN_CMP_GT:
        if (v->used <= w->used) return kn_bool_new(false);
        return bool_result(set_issuperset(v, b, err));
    }
    return kn_notimpl();
}

static kn_obj *set_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (!is_anyset(a) || !is_anyset(b)) return kn_notimpl();
    switch (op) {
    case KN_BINOP_OR: {
        kn_obj *r = set_copy(S(a), err);
        if (r && a != b && set_update_internal(S(r), b, err) < 0) {
            kn_decref(r);
            return NULL;
        }
        return r;
    }
    case KN_BINOP_AND:
        return set_intersection(S(a), b, err);
    case KN_BINOP_SUB:
        return set_difference(S(a), b, err);
    case KN_BINOP_XOR:
        return set_symmetric_difference(S(a), b, err);
    default:
        return kn_notimpl();
    }
}

/* a |= b and friends mutate a set in place; a frozenset rebinds through set_binop. */
static kn_obj *set_inplace(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (!kn_is(a, &kn_type_set) || !is_anyset(b)) return kn_notimpl();
    int rc;
    switch (op) {
    case KN_BINOP_OR:
        rc = set_update_internal(S(a), b, err);
        break;
    case KN_BINOP_AND: {
        kn_obj *tmp = set_intersection(S(a), b, err);
        if (!tmp) return NULL;
        set_swap_bodies(S(a), S(tmp));
        kn_decref(tmp);
        rc = 0;
        break;
    }
    case KN_BINOP_SUB:
        rc = set_difference_update_internal(S(a), b, err);
        break;
    case KN_BINOP_XOR:
        rc = set_symmetric_difference_update(S(a), b, err);
        break;
    default:
        return kn_notimpl();
    }
    return rc < 0 ? NULL : kn_incref(a);
}

/* ---- iteration ----------------------------------------------------------------------- */

typedef struct setiter {
    kn_obj base;
    kn_obj *set; /* NULL once exhausted */
    int64_t used, pos;
} setiter;

static void setiter_dealloc(kn_obj *self) {
    kn_decref(((setiter *)self)->set);
}

static kn_obj *setiter_self(kn_obj *self, kn_err *err) {
    return kn_incref(self);
}

static kn_obj *setiter_next(kn_obj *self, kn_err *err) {
    setiter *it = (setiter *)self;
    if (!it->set) return NULL;
    setobj *so = S(it->set);
    if (it->used != so->used) {
        it->used = -1;
        tc_error_set(err, TC_EXC_RUNTIME, "Set changed size during iteration");
        return NULL;
    }
    setentry *e;
    if (!set_next(so, &it->pos, &e)) {
        kn_decref(it->set);
        it->set = NULL;
        return NULL;
    }
    return kn_incref(e->key);
}

static const kn_type type_setiter = {
    .name = "set_iterator",
    .qualname = "set_iterator",
    .dealloc = setiter_dealloc,
    .iter = setiter_self,
    .next = setiter_next,
};

static kn_obj *set_iter(kn_obj *self, kn_err *err) {
    setiter *it = (setiter *)kn_obj_alloc(&type_setiter, sizeof(setiter), err);
    if (!it) return NULL;
    it->set = kn_incref(self);
    it->used = S(self)->used;
    return &it->base;
}

/* ---- methods ------------------------------------------------------------------------- */

static int no_kwargs(kn_obj *self, const kn_args *args, const char *m, kn_err *err) {
    if (args->nkw)
        return tc_error_set(err, TC_EXC_TYPE, "%s.%s() takes no keyword arguments",
                            self->type->name, m);
    return 0;
}

static int one_arg(kn_obj *self, const kn_args *args, const char *m, kn_err *err) {
    if (no_kwargs(self, args, m, err) < 0) return -1;
    if (args->npos != 1)
        return tc_error_set(err, TC_EXC_TYPE, "%s.%s() takes exactly one argument (%d given)",
                            self->type->name, m, args->npos);
    return 0;
}

static int zero_args(kn_obj *self, const kn_args *args, const char *m, kn_err *err) {
    if (no_kwargs(self, args, m, err) < 0) return -1;
    if (args->npos)
        return tc_error_set(err, TC_EXC_TYPE, "%s.%s() takes no arguments (%d given)",
                            self->type->name, m, args->npos);
    return 0;
}

static kn_obj *sm_add(kn_obj *self, const kn_args *args, kn_err *err) {
    if (one_arg(self, args, "add", err) < 0 || set_add_key(S(self), args->pos[0], err) < 0)
        return NULL;
    return kn_none_new();
}

static kn_obj *sm_discard(kn_obj *self, const kn_args *args, kn_err *err) {
    if (one_arg(self, args, "discard", err) < 0) return NULL;
    kn_obj *key = key_for_lookup(args->pos[0], err);
    int r = key ? set_discard_key(S(self), key, err) : -1;
    kn_decref(key);
    return r < 0 ? NULL : kn_none_new();
}

static kn_obj *sm_remove(kn_obj *self, const kn_args *args, kn_err *err) {
    if (one_arg(self, args, "remove", err) < 0) return NULL;
    kn_obj *key = key_for_lookup(args->pos[0], err);
    int r = key ? set_discard_key(S(self), key, err) : -1;
    kn_decref(key);
    if (r < 0) return NULL;
    if (r == 0) {
        kn_obj *rep = kn_repr(args->pos[0], err);
        if (!rep) return NULL;
        tc_error_set(err, TC_EXC_KEY, "%s", kn_str_cstr(rep));
        kn_decref(rep);
        return NULL;
    }
    return kn_none_new();
}

static kn_obj *sm_pop(kn_obj *self, const kn_args *args, kn_err *err) {
    if (zero_args(self, args, "pop", err) < 0) return NULL;
    setobj *so = S(self);
    if (so->used == 0) {
        tc_error_set(err, TC_EXC_KEY, "'pop from an empty set'");
        return NULL;
    }
    setentry *entry = so->table + (so->finger & so->mask), *limit = so->table + so->mask;
    while (entry->key == NULL || entry->key == dummy) {
        entry++;
        if (entry > limit) entry = so->table;
    }
    kn_obj *key = entry->key;
    entry->key = dummy;
    entry->hash = -1;
    so->used--;
    so->finger = entry - so->table + 1;
    return key;
}

static kn_obj *sm_clear(kn_obj *self, const kn_args *args, kn_err *err) {
    if (zero_args(self, args, "clear", err) < 0) return NULL;
    set_clear_internal(S(self));
    return kn_none_new();
}

static kn_obj *sm_copy(kn_obj *self, const kn_args *args, kn_err *err) {
    if (zero_args(self, args, "copy", err) < 0) return NULL;
    if (kn_is(self, &kn_type_frozenset)) return kn_incref(self);
    return set_copy(S(self), err);
}

static kn_obj *sm_update(kn_obj *self, const kn_args *args, kn_err *err) {
    if (no_kwargs(self, args, "update", err) < 0) return NULL;
    for (int i = 0; i < args->npos; i++)
        if (set_update_internal(S(self), args->pos[i], err) < 0) return NULL;
    return kn_none_new();
}

static kn_obj *sm_union(kn_obj *self, const kn_args *args, kn_err *err) {
    if (no_kwargs(self, args, "union", err) < 0) return NULL;
    kn_obj *r = set_copy(S(self), err);
    for (int i = 0; r && i < args->npos; i++)
        if (args->pos[i] != self && set_update_internal(S(r), args->pos[i], err) < 0) {
            kn_decref(r);
            return NULL;
        }
    return r;
}

static kn_obj *intersection_multi(kn_obj *self, const kn_args *args, const char *m, kn_err *err) {
    if (no_kwargs(self, args, m, err) < 0) return NULL;
    if (args->npos == 0) return set_copy(S(self), err);
    kn_obj *r = kn_incref(self);
    for (int i = 0; r && i < args->npos; i++) {
        kn_obj *n = set_intersection(S(r), args->pos[i], err);
        kn_decref(r);
        r = n;
    }
    return r;
}

static kn_obj *sm_intersection(kn_obj *self, const kn_args *args, kn_err *err) {
    return intersection_multi(self, args, "intersection", err);
}

static kn_obj *sm_intersection_update(kn_obj *self, const kn_args *args, kn_err *err) {
    kn_obj *tmp = intersection_multi(self, args, "intersection_update", err);
    if (!tmp) return NULL;
    set_swap_bodies(S(self), S(tmp));
    kn_decref(tmp);
    return kn_none_new();
}

static kn_obj *sm_difference(kn_obj *self, const kn_args *args, kn_err *err) {
    if (no_kwargs(self, args, "difference", err) < 0) return NULL;
    if (args->npos == 0) return set_copy(S(self), err);
    kn_obj *r = set_difference(S(self), args->pos[0], err);
    for (int i = 1; r && i < args->npos; i++)
        if (set_difference_update_internal(S(r), args->pos[i], err) < 0) {
            kn_decref(r);
            return NULL;
        }
    return r;
}

static kn_obj *sm_difference_update(kn_obj *self, const kn_args *args, kn_err *err) {
    if (no_kwargs(self, args, "difference_update", err) < 0) return NULL;
    for (int i = 0; i < args->npos; i++)
        if (set_difference_update_internal(S(self), args->pos[i], err) < 0) return NULL;
    return kn_none_new();
}

static kn_obj *sm_symmetric_difference(kn_obj *self, const kn_args *args, kn_err *err) {
    if (one_arg(self, args, "symmetric_difference", err) < 0) return NULL;
    return set_symmetric_difference(S(self), args->pos[0], err);
}

static kn_obj *sm_symmetric_difference_update(kn_obj *self, const kn_args *args, kn_err *err) {
    if (one_arg(self, args, "symmetric_difference_update", err) < 0 ||
        set_symmetric_difference_update(S(self), args->pos[0], err) < 0)
        return NULL;
    return kn_none_new();
}

static kn_obj *sm_issubset(kn_obj *self, const kn_args *args, kn_err *err) {
    if (one_arg(self, args, "issubset", err) < 0) return NULL;
    return bool_result(set_issubset(S(self), args->pos[0], err));
}

static kn_obj *sm_issuperset(kn_obj *self, const kn_args *args, kn_err *err) {
    if (one_arg(self, args, "issuperset", err) < 0) return NULL;
    return bool_result(set_issuperset(S(self), args->pos[0], err));
}

static kn_obj *sm_isdisjoint(kn_obj *self, const kn_args *args, kn_err *err) {
    if (one_arg(self, args, "isdisjoint", err) < 0) return NULL;
    return bool_result(set_isdisjoint(S(self), args->pos[0], err));
}

#define FROZEN_METHODS                                                                             \
    {"copy", sm_copy, "", "Return a shallow copy of a set."},                                      \
        {"difference", sm_difference, "(self, /, *others)",                                        \
         "Return a new set with elements in the set that are not in the others."},                 \
        {"intersection", sm_intersection, "(self, /, *others)",                                    \
         "Return a new set with elements common to the set and all others."},                      \
        {"isdisjoint", sm_isdisjoint, "", "Return True if two sets have a null intersection."},    \
        {"issubset", sm_issubset, "", "Report whether another set contains this set."},            \
        {"issuperset", sm_issuperset, "", "Report whether this set contains another set."},        \
        {"symmetric_difference", sm_symmetric_difference, "",                                      \
         "Return the symmetric difference of two sets as a new set.\n\n(i.e. all elements "        \
         "that are in exactly one of the sets.)"},                                                 \
        {"union", sm_union, "(self, /, *others)",                                                  \
         "Return a new set with elements from the set and all others."},

static const kn__method frozenset_methods[] = {FROZEN_METHODS{NULL, NULL, NULL, NULL}};

static const kn__method set_methods[] = {
    FROZEN_METHODS{"add", sm_add, "",
                   "Add an element to a set.\n\nThis has no effect if the "
                   "element is already present."},
    {"clear", sm_clear, "", "Remove all elements from this set."},
    {"difference_update", sm_difference_update, "(self, /, *others)",
     "Update the set, removing elements found in others."},
    {"discard", sm_discard, "",
     "Remove an element from a set if it is a member.\n\nUnlike set.remove(), the discard() "
     "method does not raise\nan exception when an element is missing from the set."},
    {"intersection_update", sm_intersection_update, "(self, /, *others)",
     "Update the set, keeping only elements found in it and all others."},
    {"pop", sm_pop, "",
     "Remove and return an arbitrary set element.\nRaises KeyError if the "
     "set is empty."},
    {"remove", sm_remove, "",
     "Remove an element from a set; it must be a member.\n\nIf the "
     "element is not a member, raise a KeyError."},
    {"symmetric_difference_update", sm_symmetric_difference_update, "",
     "Update a set with the symmetric difference of itself and another."},
    {"update", sm_update, "(self, /, *others)", "Update the set, adding elements from all others."},
    {NULL, NULL, NULL, NULL},
};

static kn_obj *set_getattr(kn_obj *self, const char *name, kn_err *err) {
    return kn__method_get(self, set_methods, name);
}
static int set_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    return kn__method_dir(set_methods, list);
}
static kn_obj *frozenset_getattr(kn_obj *self, const char *name, kn_err *err) {
    return kn__method_get(self, frozenset_methods, name);
}
static int frozenset_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    return kn__method_dir(frozenset_methods, list);
}

/* ---- constructors -------------------------------------------------------------------- */

static kn_obj *set_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    if (args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "%s() takes no keyword arguments", type->name);
        return NULL;
    }
    if (args->npos > 1) {
        tc_error_set(err, TC_EXC_TYPE, "%s expected at most 1 argument, got %d", type->name,
                     args->npos);
        return NULL;
    }
    kn_obj *iterable = args->npos ? args->pos[0] : NULL;
    if (type == &kn_type_frozenset && iterable && kn_is(iterable, &kn_type_frozenset))
        return kn_incref(iterable); /* frozenset(f) is f */
    return make_new_set(type, iterable, err);
}

const kn_type kn_type_set = {
    .name = "set",
    .qualname = "set",
    .doc = "set() -> new empty set object\nset(iterable) -> new set object\n\nBuild an "
           "unordered collection of unique elements.",
    .dealloc = set_dealloc,
    .repr = set_repr,
    .getattr = set_getattr,
    .binop = set_binop,
    .inplace = set_inplace,
    .compare = set_compare,
    .truth = set_truth,
    .len = set_len,
    .iter = set_iter,
    .dir = set_dir,
    .construct = set_construct,
    .contains = set_contains,
};

const kn_type kn_type_frozenset = {
    .name = "frozenset",
    .qualname = "frozenset",
    .doc = "frozenset() -> empty frozenset object\nfrozenset(iterable) -> frozenset object\n\n"
           "Build an immutable unordered collection of unique elements.",
    .dealloc = set_dealloc,
    .repr = set_repr,
    .getattr = frozenset_getattr,
    .binop = set_binop,
    .compare = set_compare,
    .truth = set_truth,
    .len = set_len,
    .iter = set_iter,
    .hash = frozenset_hash,
    .dir = frozenset_dir,
    .construct = set_construct,
    .contains = set_contains,
};
