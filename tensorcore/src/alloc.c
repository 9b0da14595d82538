/*
 * The replaceable allocator (tensorcore/alloc.h): malloc with a fault injector, a count
 * of live blocks and a per-thread "an allocation failed" mark. Its own file, with no
 * other dependency, so the fuzz targets can link it beside the codec sources.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "tensorcore/alloc.h"

bool tc__alloc_should_fail(void);
void tc__alloc_count(int delta);

static bool pool_owns(const void *p);
static size_t pool_block_size(const void *p);
static void pool_release(void *p);

static int64_t pool_live; /* pooled blocks handed out: counted by their serialized users */
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
    if (pool_owns(p)) { /* a pooled block moves to a block of the new size */
        size_t have = pool_block_size(p);
        if (n <= have && n > have / 2) return p;
        void *q = n <= TC_SMALL_MAX ? tc_pool_alloc(n) : tc_malloc(n);
        if (!q) return NULL;
        memcpy(q, p, n < have ? n : have);
        tc_free(p);
        return q;
    }
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
    if (pool_owns(p)) {
        pool_live--;
        pool_release(p);
        return;
    }
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

int64_t tc_alloc_live(void) { return atomic_load(&live_blocks) + pool_live; }

/* Blocks recycled by a free list (tc__pool_get/put) leave and re-enter the live count. */
void tc__alloc_count(int delta) {
    atomic_fetch_add_explicit(&live_blocks, delta, memory_order_relaxed);
}

/* ---- small-block pools (tc_pool_alloc) ---------------------------------------------------
 *
 * pymalloc's design: 1 MiB arenas mapped from the system, aligned to their size, cut into
 * 16 KiB pools; a pool hands out blocks of one size class (multiples of 16 bytes up to
 * TC_SMALL_MAX) from its free list, else from its never-used tail. A partly used pool is on
 * its class's list; a full one on none; an empty one goes back to its arena for any class,
 * and an arena whose pools are all empty is unmapped (one is kept), so memory returns to the
 * system as the objects go. The pool of a block is its address rounded down to 16 KiB; that
 * the block is pooled at all is answered by a table of arena addresses, which tc_free reads
 * on every thread (atomically; only pool users write it). */

#define POOL_SIZE ((uintptr_t)16 * 1024)
#define ARENA_POOLS 64
#define ARENA_SIZE (POOL_SIZE * ARENA_POOLS)
#define GRAIN 16
#define NCLASSES (TC_SMALL_MAX / GRAIN)
#define POOL_HEAD 64 /* the header's room: blocks start here, 16-byte aligned */
#define ARENA_SLOTS 4096 /* arena address table: at most half full (2 GiB of arenas) */

typedef struct pool {
    struct pool *next, *prev; /* its class's list of partly used pools, or an arena's empty list */
    void *free;               /* released blocks, linked through their first word */
    char *fresh;              /* the first block never handed out */
    uint32_t used;            /* blocks handed out */
    uint32_t size;            /* block size */
    bool listed;              /* on its class's list */
    struct arena *arena;
} pool;
_Static_assert(sizeof(pool) <= POOL_HEAD, "pool header room");

typedef struct arena {
    char *base;
    struct arena *next, *prev; /* all arenas */
    pool *empty;               /* empty pools, reusable by any class */
    int carved;                /* pools cut from the arena so far (the rest are untouched) */
    int busy;                  /* pools holding blocks */
    bool idle;                 /* busy is 0: counted in nidle */
} arena;

static pool *usable[NCLASSES];
static arena *arenas;
static _Atomic uintptr_t arena_table[ARENA_SLOTS]; /* arena bases; 1: a removed one */
static int narenas;
static int nidle; /* arenas whose pools are all empty */
#define IDLE_KEEP 32 /* idle arenas kept for reuse; more are unmapped (tc_pool_trim: all) */

static size_t arena_slot(uintptr_t base) {
    return (size_t)((base / ARENA_SIZE) * UINT64_C(0x9E3779B97F4A7C15) >> 52) % ARENA_SLOTS;
}

static bool pool_owns(const void *p) {
#if defined(__SANITIZE_ADDRESS__)
    (void)p;
    return false;
#else
    uintptr_t base = (uintptr_t)p & ~(ARENA_SIZE - 1);
    for (size_t i = arena_slot(base), k = 0; k < ARENA_SLOTS; i = (i + 1) % ARENA_SLOTS, k++) {
        uintptr_t e = atomic_load_explicit(&arena_table[i], memory_order_acquire);
        if (e == base) return true;
        if (e == 0) return false;
    }
    return false;
#endif
}

static pool *pool_of(const void *p) { return (pool *)((uintptr_t)p & ~(POOL_SIZE - 1)); }

static size_t pool_block_size(const void *p) { return pool_of(p)->size; }

static void list_remove(pool **head, pool *p) {
    if (p->prev) p->prev->next = p->next;
    else *head = p->next;
    if (p->next) p->next->prev = p->prev;
    p->next = p->prev = NULL;
}

static void list_push(pool **head, pool *p) {
    p->prev = NULL;
    p->next = *head;
    if (*head) (*head)->prev = p;
    *head = p;
}

static arena *arena_new(void) {
    if (narenas >= ARENA_SLOTS / 2) return NULL;
    arena *a = malloc(sizeof *a); /* bookkeeping of the pools, not a block handed out */
    if (!a) return NULL;
    /* map twice the size and keep the aligned middle */
    char *m = mmap(NULL, 2 * ARENA_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) {
        free(a);
        return NULL;
    }
    char *base = (char *)(((uintptr_t)m + ARENA_SIZE - 1) & ~(ARENA_SIZE - 1));
    if (base > m) munmap(m, (size_t)(base - m));
    if (base + ARENA_SIZE < m + 2 * ARENA_SIZE)
        munmap(base + ARENA_SIZE, (size_t)(m + 2 * ARENA_SIZE - (base + ARENA_SIZE)));
    *a = (arena){.base = base};
    size_t i = arena_slot((uintptr_t)base);
    for (;;) {
        uintptr_t e = atomic_load_explicit(&arena_table[i], memory_order_relaxed);
        if (e == 0 || e == 1) break;
        i = (i + 1) % ARENA_SLOTS;
    }
    atomic_store_explicit(&arena_table[i], (uintptr_t)base, memory_order_release);
    a->next = arenas;
    if (arenas) arenas->prev = a;
    arenas = a;
    narenas++;
    return a;
}

static void arena_drop(arena *a) {
    uintptr_t base = (uintptr_t)a->base;
    for (size_t i = arena_slot(base);; i = (i + 1) % ARENA_SLOTS)
        if (atomic_load_explicit(&arena_table[i], memory_order_relaxed) == base) {
            atomic_store_explicit(&arena_table[i], 1, memory_order_release);
            break;
        }
    if (a->prev) a->prev->next = a->next;
    else arenas = a->next;
    if (a->next) a->next->prev = a->prev;
    narenas--;
    munmap(a->base, ARENA_SIZE);
    free(a);
}

/* A pool for blocks of class c: an empty one of some arena, a new one cut from an arena,
 * or the first of a new arena. NULL when the system gives no memory. */
static pool *pool_new(int c) {
    pool *p = NULL;
    arena *a;
    for (a = arenas; a; a = a->next) {
        if (a->empty) {
            p = a->empty;
            list_remove(&a->empty, p);
            break;
        }
        if (a->carved < ARENA_POOLS) {
            p = (pool *)(a->base + POOL_SIZE * (uintptr_t)a->carved++);
            break;
        }
    }
    if (!p) {
        if (!(a = arena_new())) return NULL;
        p = (pool *)a->base;
        a->carved = 1;
    }
    *p = (pool){.fresh = (char *)p + POOL_HEAD, .size = (uint32_t)(c + 1) * GRAIN, .arena = a};
    if (a->idle) { /* an idle arena in use again */
        a->idle = false;
        nidle--;
    }
    a->busy++;
    list_push(&usable[c], p);
    p->listed = true;
    return p;
}

void tc_pool_trim(void) {
#if !defined(__SANITIZE_ADDRESS__)
    for (arena *a = arenas, *next; a; a = next) {
        next = a->next;
        if (a->busy == 0) {
            if (a->idle) nidle--;
            arena_drop(a);
            continue;
        }
        /* an empty pool keeps its header (the list links) and gives back the rest */
        for (pool *p = a->empty; p; p = p->next)
            madvise((char *)p + 4096, POOL_SIZE - 4096, MADV_DONTNEED);
    }
#endif
}

void *tc_pool_alloc(size_t n) {
#if defined(__SANITIZE_ADDRESS__)
    return tc_malloc(n);
#else
    if (n == 0 || n > TC_SMALL_MAX) return tc_malloc(n);
    int c = (int)((n - 1) / GRAIN);
    pool *p = usable[c];
    if (!p && !(p = pool_new(c))) return tc_malloc(n);
    if (tc__alloc_should_fail()) return NULL;
    void *b = p->free;
    if (b) {
        p->free = *(void **)b;
    } else {
        b = p->fresh;
        p->fresh += p->size;
    }
    p->used++;
    if (!p->free && (uintptr_t)(p->fresh + p->size) > (uintptr_t)p + POOL_SIZE) { /* full */
        list_remove(&usable[c], p);
        p->listed = false;
    }
    pool_live++;
    return b;
#endif
}

static void pool_release(void *b) {
    pool *p = pool_of(b);
    *(void **)b = p->free;
    p->free = b;
    int c = (int)(p->size / GRAIN) - 1;
    if (--p->used == 0) { /* empty: back to the arena, for any class */
        if (p->listed) list_remove(&usable[c], p);
        p->listed = false;
        arena *a = p->arena;
        list_push(&a->empty, p);
        if (--a->busy == 0) {
            if (nidle >= IDLE_KEEP) {
                arena_drop(a);
            } else {
                a->idle = true;
                nidle++;
            }
        }
    } else if (!p->listed) {
        list_push(&usable[c], p);
        p->listed = true;
    }
}
