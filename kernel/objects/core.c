/*
 * Object lifetime, the singletons (None, True, False, NotImplemented, Ellipsis) and their
 * types, the byte buffer and method-table helpers every builtin type uses.
 *
 * Deallocation contract: kn__dealloc calls the type's dealloc slot, which releases what
 * the object holds (references, buffers) but not the object itself; kn__dealloc then frees
 * the object's memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel/objects/objects-impl.h"

kn_obj *kn_obj_alloc(const kn_type *type, size_t size, kn_err *err) {
    TC_ASSERT(size >= sizeof(kn_obj));
    /* a huge object (a string doubled in a loop) is refused while memory is left, rather
     * than allocated lazily and the kernel killed when it is filled */
    if (size >= KN__BIG_ALLOC && kn__check_alloc((double)size, err) < 0) return NULL;
    kn_obj *o = tc_pool_alloc(size);
    if (o) memset(o, 0, size);
    if (!o) {
        kn_nomem(err);
        return NULL;
    }
    o->refcnt = 1;
    o->type = type;
    return o;
}

/* Bytes the system can still give without swapping or the OOM killer: MemAvailable, and
 * the room left under a cgroup v2 memory limit. Negative when unknown. */
static double available_memory(void) {
    double avail = -1;
    FILE *f = fopen("/proc/meminfo", "r");
    if (f) {
        char line[128];
        while (fgets(line, sizeof line, f))
            if (strncmp(line, "MemAvailable:", 13) == 0) {
                avail = strtod(line + 13, NULL) * 1024.0;
                break;
            }
        fclose(f);
    }
    f = fopen("/sys/fs/cgroup/memory.max", "r");
    if (f) {
        char buf[64] = {0};
        double max = fgets(buf, sizeof buf, f) && buf[0] >= '0' && buf[0] <= '9' ? strtod(buf, NULL) : -1;
        fclose(f);
        f = max > 0 ? fopen("/sys/fs/cgroup/memory.current", "r") : NULL;
        if (f) {
            double cur = fgets(buf, sizeof buf, f) ? strtod(buf, NULL) : 0;
            fclose(f);
            if (avail < 0 || max - cur < avail) avail = max - cur;
        }
    }
    return avail;
}

int kn__check_alloc(double bytes, kn_err *err) {
    static double limit;
    if (limit == 0) {
        long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
        limit = pages > 0 && size > 0 ? (double)pages * (double)size / 2 : 8e9;
    }
    if (bytes > limit) return kn_nomem(err);
    if (bytes >= KN__BIG_ALLOC) {
        double avail = available_memory();
        if (avail >= 0 && bytes > avail * 0.9) return kn_nomem(err);
    }
    return 0;
}

int kn_nomem(kn_err *err) {
    if (err) tc_alloc_failed_take(); /* reported: no longer a lost error */
    return tc_error_set(err, TC_EXC_MEMORY, "%s", "");
}

static void dealloc_now(kn_obj *o) {
    if (o->type->dealloc) o->type->dealloc(o);
    tc_free(o);
}

/* Releasing a deeply nested structure ([[[...]]] 100000 levels) would recurse once per
 * level; past a depth, objects are queued and released by the outermost call instead
 * (CPython's "trashcan"). */
#define DEALLOC_DEPTH_MAX 200
static int dealloc_depth;
static kn_obj **deferred;
static size_t ndeferred, capdeferred;

void kn__dealloc(kn_obj *o) {
    if (!o) return;
    TC_ASSERT(o->refcnt == 0);
    if (!o->type->dealloc) { /* nothing inside (int, float): no depth to keep */
        if (kn__num_free.n < KN__NUM_FREE_MAX &&
            ((o->type == &kn_type_int && !((kn_intobj *)o)->nd) || o->type == &kn_type_float)) {
            *(kn_obj **)o = kn__num_free.head; /* kept for the next number made */
            kn__num_free.head = o;
            kn__num_free.n++;
            return;
        }
        tc_free(o);
        return;
    }
    if (dealloc_depth >= DEALLOC_DEPTH_MAX) {
        if (ndeferred == capdeferred) {
            size_t cap = capdeferred ? capdeferred * 2 : 256;
            kn_obj **d = tc_reallocarray(deferred, cap, sizeof *deferred);
            if (d) { /* else release it now: one level deeper beats losing the object */
                deferred = d;
                capdeferred = cap;
            }
        }
        if (ndeferred < capdeferred) {
            deferred[ndeferred++] = o;
            return;
        }
    }
    dealloc_depth++;
    dealloc_now(o);
    if (dealloc_depth == 1)
        while (ndeferred)
            dealloc_now(deferred[--ndeferred]);
    dealloc_depth--;
}

/* ---- singletons ---------------------------------------------------------------------- */

static kn_obj *none_repr(kn_obj *self, kn_err *err) {
    return kn_str_from_cstr("None");
}
static int none_truth(kn_obj *self, kn_err *err) {
    return 0;
}
static int ident_hash(kn_obj *self, int64_t *out, kn_err *err) {
    *out = (int64_t)((uintptr_t)self >> 4);
    return 0;
}
static kn_obj *ident_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (op == KN_CMP_EQ) return kn_bool_new(a == b);
    if (op == KN_CMP_NE) return kn_bool_new(a != b);
    return kn_notimpl();
}

const kn_type kn_type_none = {
    .name = "NoneType",
    .qualname = "NoneType",
    .repr = none_repr,
    .truth = none_truth,
    .hash = ident_hash,
    .compare = ident_compare,
};

static kn_obj *notimpl_repr(kn_obj *self, kn_err *err) {
    return kn_str_from_cstr("NotImplemented");
}
const kn_type kn_type_notimpl = {
    .name = "NotImplementedType",
    .qualname = "NotImplementedType",
    .repr = notimpl_repr,
    .hash = ident_hash,
    .compare = ident_compare,
};

static kn_obj *ellipsis_repr(kn_obj *self, kn_err *err) {
    return kn_str_from_cstr("Ellipsis");
}
const kn_type kn_type_ellipsis = {
    .name = "ellipsis",
    .qualname = "ellipsis",
    .repr = ellipsis_repr,
    .hash = ident_hash,
    .compare = ident_compare,
};

static kn_obj none_obj = {KN__IMMORTAL, &kn_type_none};
static kn_obj notimpl_obj = {KN__IMMORTAL, &kn_type_notimpl};
static kn_obj ellipsis_obj = {KN__IMMORTAL, &kn_type_ellipsis};
static kn_intobj true_obj = {{KN__IMMORTAL, &kn_type_bool}, 1, 0};
static kn_intobj false_obj = {{KN__IMMORTAL, &kn_type_bool}, 0, 0};

kn_obj *kn_none(void) {
    return &none_obj;
}
kn_obj *kn_notimpl(void) {
    return &notimpl_obj;
}
kn_obj *kn_ellipsis(void) {
    return &ellipsis_obj;
}
kn_obj *kn_true(void) {
    return &true_obj.base;
}
kn_obj *kn_false(void) {
    return &false_obj.base;
}

/* ---- string builder (tc_strbuf) helpers ------------------------------------------------ */

/* Containers' repr and str append each item through here: an interrupt stops a repr of a
 * 3e7-item list between two items. */
int kn__strbuf_repr(tc_strbuf *b, kn_obj *o, kn_err *err) {
    if (tc_interrupt_pending() && tc_interrupt_check(err) < 0) return -1;
    kn_obj *r = kn_repr(o, err);
    if (!r) return -1;
    int rc = tc_strbuf_append(b, kn_str_cstr(r), kn_str_len(r));
    kn_decref(r);
    return rc < 0 ? kn_nomem(err) : 0;
}

int kn__strbuf_str(tc_strbuf *b, kn_obj *o, kn_err *err) {
    kn_obj *r = kn_str(o, err);
    if (!r) return -1;
    int rc = tc_strbuf_append(b, kn_str_cstr(r), kn_str_len(r));
    kn_decref(r);
    return rc < 0 ? kn_nomem(err) : 0;
}

int kn__strbuf_room(tc_strbuf *b, size_t n, int64_t count, kn_err *err) {
    size_t total;
    if (count < 0 || __builtin_mul_overflow(n, (uint64_t)count, &total) ||
        kn__check_alloc((double)total, err) < 0 || tc_strbuf_reserve(b, total) < 0) {
        b->failed = true; /* sticky: a later finish reports it too */
        return kn_nomem(err);
    }
    return 0;
}

int kn__strbuf_repeat(tc_strbuf *b, const char *unit, size_t n, int64_t count, kn_err *err) {
    if (count <= 0 || n == 0) return 0;
    if (kn__strbuf_room(b, n, count, err) < 0) return -1;
    char *p = b->data + b->len;
    size_t total = n * (size_t)count;
    if (n == 1) {
        memset(p, unit[0], total);
    } else { /* one copy, then double what is there */
        memcpy(p, unit, n);
        for (size_t done = n; done < total;) {
            size_t k = done < total - done ? done : total - done;
            memcpy(p + done, p, k);
            done += k;
        }
    }
    b->len += total;
    b->data[b->len] = 0;
    return 0;
}

kn_obj *kn__strbuf_finish(tc_strbuf *b, kn_err *err) {
    kn_obj *s = NULL;
    if (!b->failed && !(s = kn_str_new(b->data ? b->data : "", b->len))) b->failed = true;
    if (b->failed) kn_nomem(err);
    tc_strbuf_free(b);
    return s;
}

/* ---- methods ------------------------------------------------------------------------- */

kn_obj *kn__method_get(kn_obj *self, const kn__method *table, const char *name) {
    for (const kn__method *m = table; m->name; m++)
        if (strcmp(m->name, name) == 0)
            return kn_cfunction_new(m->name, m->fn, self, m->sig, m->doc);
    return NULL;
}

int kn__method_dir(const kn__method *table, kn_obj *list) {
    for (const kn__method *m = table; m->name; m++) {
        kn_obj *s = kn_str_from_cstr(m->name);
        kn_list_append(list, s);
        kn_decref(s);
    }
    return 0;
}

int kn__no_args(const kn_args *args, const char *fname, kn_err *err) {
    if (args->nkw) return tc_error_set(err, TC_EXC_TYPE, "%s() takes no keyword arguments", fname);
    if (args->npos)
        return tc_error_set(err, TC_EXC_TYPE, "%s() takes no arguments (%d given)", fname,
                            args->npos);
    return 0;
}

kn_obj *kn__kwarg(const kn_args *args, const char *name) {
    for (int i = 0; i < args->nkw; i++)
        if (strcmp(args->kwnames[i], name) == 0) return args->kwvals[i];
    return NULL;
}

/* ---- repr helpers -------------------------------------------------------------------- */

#define REPR_STACK 256
static kn_obj *repr_stack[REPR_STACK];
static int repr_depth;

int kn__repr_enter(kn_obj *o) {
    for (int i = 0; i < repr_depth && i < REPR_STACK; i++)
        if (repr_stack[i] == o) return 1;
    if (repr_depth < REPR_STACK) repr_stack[repr_depth] = o;
    repr_depth++;
    return 0;
}

void kn__repr_leave(kn_obj *o) {
    if (repr_depth > 0) repr_depth--;
}

kn_obj *kn__default_repr(kn_obj *o, kn_err *err) {
    return kn_str_printf("<%s object at %p>", o->type->qualname ? o->type->qualname : o->type->name,
                         (void *)o);
}

int kn__truth_steal(kn_obj *r, kn_err *err) {
    if (!r) return -1;
    int t = kn_truth(r, err);
    kn_decref(r);
    return t;
}

kn_obj *kn__apply_key(kn_obj *key, kn_obj *x, kn_err *err) {
    if (!key || key == kn_none()) return kn_incref(x);
    return kn_call_simple(key, &x, 1, err);
}
