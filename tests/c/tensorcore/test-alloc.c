/*
 * The allocator's small-block pools (tc_pool_alloc): blocks of every size are separate and
 * aligned, counted as live like tc_malloc's, obey the fault injector, survive tc_realloc
 * across the pool/malloc boundary, are reused, and their memory goes back to the system
 * when tc_pool_trim finds the pools empty.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tensorcore/alloc.h"
#include "tc-test.h"

/* Under AddressSanitizer the pools are off (tc_pool_alloc is tc_malloc), so block reuse
 * and in-place shrinking are malloc's to decide. */
#if defined(__SANITIZE_ADDRESS__)
#define POOLS_OFF 1
#else
#define POOLS_OFF 0
#endif

/* Resident bytes of this process (/proc/self/statm). */
static long resident(void) {
    long pages = 0, res = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &res) != 2) res = 0;
        fclose(f);
    }
    return res * sysconf(_SC_PAGESIZE);
}

static void test_sizes_and_counts(void) {
    int64_t before = tc_alloc_live();
    unsigned char *b[TC_SMALL_MAX + 1];
    for (int n = 1; n <= TC_SMALL_MAX; n++) {
        b[n] = tc_pool_alloc((size_t)n);
        CHECK(b[n] != NULL);
        CHECK(((uintptr_t)b[n] & 15) == 0);
        memset(b[n], n & 0xff, (size_t)n);
    }
    CHECK(tc_alloc_live() == before + TC_SMALL_MAX);
    int bad = 0;
    for (int n = 1; n <= TC_SMALL_MAX; n++)
        for (int k = 0; k < n; k++)
            bad += b[n][k] != (n & 0xff);
    CHECK(bad == 0); /* no block overlapped another */
    for (int n = 1; n <= TC_SMALL_MAX; n++)
        tc_free(b[n]);
    CHECK(tc_alloc_live() == before);
    /* a released block is the next one of its size */
    void *p = tc_pool_alloc(48);
    tc_free(p);
    void *q = tc_pool_alloc(40);
    CHECK(p == q || POOLS_OFF);
    tc_free(q);
    /* bigger than the pools: tc_malloc's, released the same way */
    void *big = tc_pool_alloc(TC_SMALL_MAX + 1);
    CHECK(big != NULL && tc_alloc_live() == before + 1);
    tc_free(big);
    CHECK(tc_alloc_live() == before);
}

static void test_realloc(void) {
    int64_t before = tc_alloc_live();
    char *p = tc_pool_alloc(100);
    for (int i = 0; i < 100; i++)
        p[i] = (char)i;
    char *q = tc_realloc(p, 5000); /* out of the pools */
    CHECK(q != NULL);
    int bad = 0;
    for (int i = 0; i < 100; i++)
        bad += q[i] != (char)i;
    CHECK(bad == 0);
    char *r = tc_realloc(q, 64); /* a malloc block stays one */
    CHECK(r != NULL && r[63] == 63);
    char *s = tc_pool_alloc(256);
    memset(s, 7, 256);
    char *t = tc_realloc(s, 200); /* fits its block: kept */
    CHECK(t == s || POOLS_OFF);
    char *u = tc_realloc(t, 16); /* much smaller: moved to a smaller class */
    CHECK(u != NULL && u[0] == 7 && u[15] == 7);
    tc_free(r);
    tc_free(u);
    CHECK(tc_alloc_live() == before);
}

static void test_fault_injection(void) {
    int64_t before = tc_alloc_live();
    tc_alloc_failed_take();
    tc_alloc_fail_after(1);
    CHECK(tc_pool_alloc(32) == NULL);
    CHECK(tc_alloc_failed_take());
    char *p = tc_pool_alloc(32);
    tc_alloc_fail_after(1);
    CHECK(tc_realloc(p, 300) == NULL); /* p left as it was */
    CHECK(tc_alloc_failed_take());
    tc_free(p);
    CHECK(tc_alloc_live() == before);
}

static void test_trim_returns_memory(void) {
    enum { N = 400000 }; /* 25 MiB of 64-byte blocks */
    static void *blocks[N];
    if (POOLS_OFF) return; /* malloc's blocks: ASan keeps freed ones in its quarantine */
    tc_pool_trim();
    long r0 = resident();
    for (int i = 0; i < N; i++) {
        blocks[i] = tc_pool_alloc(64);
        memset(blocks[i], 1, 64);
    }
    long r1 = resident();
    CHECK(r1 - r0 > 20L << 20);
    for (int i = 0; i < N; i++)
        tc_free(blocks[i]);
    tc_pool_trim();
    long r2 = resident();
    CHECK(r2 - r0 < 4L << 20);
    if (r2 - r0 >= 4L << 20)
        fprintf(stderr, "resident: %ld before, %ld full, %ld after trim\n", r0, r1, r2);
}

/* Other threads free their own malloc blocks while pools come and go. */
static void *free_elsewhere(void *arg) {
    (void)arg;
    for (int i = 0; i < 200000; i++)
        tc_free(tc_malloc(24));
    return NULL;
}

static void test_other_threads(void) {
    int64_t before = tc_alloc_live();
    pthread_t th;
    pthread_create(&th, NULL, free_elsewhere, NULL);
    for (int round = 0; round < 20; round++) {
        enum { N = 20000 };
        static void *b[N];
        for (int i = 0; i < N; i++)
            b[i] = tc_pool_alloc(128);
        for (int i = 0; i < N; i++)
            tc_free(b[i]);
        tc_pool_trim();
    }
    pthread_join(th, NULL);
    CHECK(tc_alloc_live() == before);
}

int main(void) {
    test_sizes_and_counts();
    test_realloc();
    test_fault_injection();
    test_trim_returns_memory();
    test_other_threads();
    return tt_finish("alloc");
}
