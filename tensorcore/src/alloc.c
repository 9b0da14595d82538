/*
 * The replaceable allocator (tensorcore/alloc.h): malloc with a fault injector, a count
 * of live blocks and a per-thread "an allocation failed" mark. Its own file, with no
 * other dependency, so the fuzz targets can link it beside the codec sources.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tensorcore/alloc.h"

bool tc__alloc_should_fail(void);
void tc__alloc_count(int delta);

static atomic_llong fail_countdown;
static atomic_llong live_blocks;
_Thread_local bool tc__alloc_failed; /* see alloc.h */

/* When n > 0, the n-th next allocation fails (once). */
int64_t tc_alloc_fail_after(int64_t n) { return atomic_exchange(&fail_countdown, n > 0 ? n : 0); }

/* Consume one step of the fault-injection countdown; true when this allocation must fail. */
bool tc__alloc_should_fail(void) {
    long long c = atomic_load(&fail_countdown);
    while (c > 0) {
        if (atomic_compare_exchange_weak(&fail_countdown, &c, c - 1)) {
            if (c == 1) tc__alloc_failed = true;
            return c == 1;
        }
    }
    return false;
}

/* Account for the result of one allocation: a live block, or a failure on this thread. */
static void *counted(void *p) {
    if (p) atomic_fetch_add_explicit(&live_blocks, 1, memory_order_relaxed);
    else tc__alloc_failed = true;
    return p;
}

void *tc_malloc(size_t n) { return tc__alloc_should_fail() ? NULL : counted(malloc(n ? n : 1)); }

void *tc_calloc(size_t n, size_t size) {
    size_t total;
    if (__builtin_mul_overflow(n, size, &total)) return counted(NULL);
    return tc__alloc_should_fail() ? NULL : counted(calloc(total ? total : 1, 1));
}

void *tc_realloc(void *p, size_t n) {
    if (!p) return tc_malloc(n);
    if (tc__alloc_should_fail()) return NULL;
    void *q = realloc(p, n ? n : 1);
    if (!q) tc__alloc_failed = true;
    return q;
}

void *tc_reallocarray(void *p, size_t n, size_t size) {
    size_t total;
    if (__builtin_mul_overflow(n, size, &total)) {
        tc__alloc_failed = true;
        return NULL;
    }
    return tc_realloc(p, total);
}

void tc_free(void *p) {
    if (!p) return;
    atomic_fetch_sub_explicit(&live_blocks, 1, memory_order_relaxed);
    free(p);
}

char *tc_strndup(const char *s, size_t n) {
    size_t len = strnlen(s, n);
    char *d = len == SIZE_MAX ? NULL : tc_malloc(len + 1);
    if (!d) return NULL;
    memcpy(d, s, len);
    d[len] = 0;
    return d;
}

char *tc_strdup(const char *s) { return tc_strndup(s, SIZE_MAX); }

int64_t tc_alloc_live(void) { return atomic_load(&live_blocks); }

/* Blocks recycled by a free list (tc__pool_get/put) leave and re-enter the live count. */
void tc__alloc_count(int delta) {
    atomic_fetch_add_explicit(&live_blocks, delta, memory_order_relaxed);
}
