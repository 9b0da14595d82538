/*
 * libFuzzer target for torch.load's reader (kn__torch_load_bytes: the zip store index, the
 * record lookups with their CRC checks, and the restricted unpickler) on arbitrary bytes.
 * Every input must end in an object or in a set error, never in a crash, a leak or an
 * unbounded allocation; what loads is saved again (kn__torch_save_bytes), and a file the
 * writer produced must load. Build and run: fuzz_torch_load.sh.
 *
 * A pickle may build containers that hold themselves (as Python code can); the kernel has
 * no cycle collector, so the harness empties every list, dict and set it reaches before
 * dropping the result, which breaks any cycle (a cycle always passes through a mutable
 * container) and lets LeakSanitizer see real leaks only.
 */
#include <stdint.h>
#include <stdlib.h>

#include "kernel/torch/torch-impl.h"

typedef struct seen {
    kn_obj **v;
    size_t n, cap;
} seen;

static bool add(seen *s, kn_obj *o) {
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == o) return false;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (!s->v) abort();
    }
    s->v[s->n++] = kn_incref(o);
    return true;
}

/* Every container reachable from o, each once (iteratively: inputs nest deeply). */
static void reach(seen *s, kn_obj *root) {
    if (!add(s, root)) return;
    for (size_t i = 0; i < s->n; i++) {
        kn_obj *o = s->v[i];
        kn_err err = {0};
        if (kn_is(o, &kn_type_list) || kn_is(o, &kn_type_tuple) || kn_is(o, &kn_type_dict) ||
            kn_is(o, &kn_type_set) || kn_is(o, &kn_type_frozenset) ||
            kn_is(o, kn_ordereddict_type())) {
            kn_obj *it = kn_iter(o, &err), *k;
            while (it && (k = kn_next(it, &err))) {
                add(s, k);
                if (!kn_is(o, &kn_type_list) && !kn_is(o, &kn_type_tuple) &&
                    !kn_is(o, &kn_type_set) && !kn_is(o, &kn_type_frozenset)) {
                    kn_obj *v = kn_getitem(o, k, &err);
                    if (v) add(s, v);
                    kn_decref(v);
                }
                kn_decref(k);
            }
            kn_decref(it);
        }
    }
}

/* Release a loaded value, emptying its mutable containers first to break any cycle. */
static void drop(kn_obj *r) {
    seen all = {0};
    reach(&all, r);
    for (size_t i = 0; i < all.n; i++) {
        kn_obj *o = all.v[i];
        if (kn_is(o, &kn_type_list) || kn_is(o, &kn_type_dict) || kn_is(o, &kn_type_set) ||
            kn_is(o, kn_ordereddict_type())) {
            kn_err err = {0};
            kn_obj *clear = kn_getattr(o, "clear", &err);
            kn_obj *res = clear ? kn_call_simple(clear, NULL, 0, &err) : NULL;
            kn_decref(res);
            kn_decref(clear);
        }
    }
    for (size_t i = 0; i < all.n; i++)
        kn_decref(all.v[i]);
    free(all.v);
    kn_decref(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    kn_err err = {0};
    kn_obj *r = kn__torch_load_bytes(data, size, NULL, &err);
    if (!r && !tc_error_is_set(&err)) abort(); /* a failed load always says why */
    if (!r) return 0;
    kn_err e2 = {0};
    kn_obj *s = kn_repr(r, &e2); /* whatever loaded is a usable value */
    kn_decref(s);
    /* the writer takes whatever the reader made, and reads back what it wrote */
    tc_strbuf b = {0};
    kn_err e3 = {0};
    if (kn__torch_save_bytes(r, &b, &e3) == 0) {
        kn_obj *again = kn__torch_load_bytes((const uint8_t *)b.data, b.len, NULL, &e3);
        if (!again) abort();
        drop(again);
    }
    tc_strbuf_free(&b);
    drop(r);
    return 0;
}
