/*
 * The one replaceable allocator of the product. tensorcore and the kernel (objects,
 * interpreter, torch bindings, protocol, bridge) allocate through it, so a test can make
 * the n-th allocation fail and then check that the failure became an error (MemoryError
 * in the kernel, RuntimeError "out of memory" in tensorcore) and that nothing leaked.
 *
 * Contract: tc_malloc / tc_calloc / tc_realloc / tc_strdup return NULL when memory runs
 * out (or the fault injector says so); they never abort. Memory from them is released
 * with tc_free and only with tc_free. Sizes that overflow size_t (tc_calloc, the *array
 * helpers) fail like an exhausted heap instead of wrapping around.
 *
 * Memory handed to or received from libraries with their own allocator (jansson's
 * json_dumps result, libzmq message buffers, getline) keeps using that library's
 * malloc/free; such call sites say so.
 *
 *     tc_alloc_fail_after(3);          // the 3rd allocation from now fails (once)
 *     int64_t before = tc_alloc_live();
 *     ... run something ...
 *     assert(tc_alloc_live() == before);   // every block was released
 */
#ifndef TENSORCORE_ALLOC_H
#define TENSORCORE_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* n bytes (n == 0 gives a unique pointer), or NULL. */
void *tc_malloc(size_t n);
/* n * size zeroed bytes, or NULL (also when n * size overflows). */
void *tc_calloc(size_t n, size_t size);
/* Resize p (NULL: like tc_malloc) to n bytes. NULL on failure, p left untouched. */
void *tc_realloc(void *p, size_t n);
/* Resize p to n * size bytes; NULL when memory runs out or n * size overflows. */
void *tc_reallocarray(void *p, size_t n, size_t size);
/* Release memory from this allocator; NULL is fine. */
void tc_free(void *p);
/* A block of n bytes (uninitialised) like tc_malloc's, from small-block pools when
 * n <= TC_SMALL_MAX: for an object layer that makes and frees many small blocks. Released
 * with tc_free (or resized with tc_realloc) like any other. Pools are not locked: the
 * callers of tc_pool_alloc, and whoever frees or resizes its blocks, must run one at a
 * time (the kernel's object layer does, under its interpreter). tc_free of other blocks
 * stays safe on every thread. */
#define TC_SMALL_MAX 512
void *tc_pool_alloc(size_t n);
/* Give the memory of empty pools back to the system (an idle moment's clean-up; the same
 * callers as tc_pool_alloc). */
void tc_pool_trim(void);
/* A copy of s (NUL-terminated) / of the first n bytes of s plus a NUL, or NULL. */
char *tc_strdup(const char *s);
char *tc_strndup(const char *s, size_t n);

/* Fault injection: when n > 0, the n-th allocation from now fails (once); 0 disarms it.
 * Returns how many allocations the previous arming still had to wait for (0: it fired,
 * or nothing was armed), so a test knows when it has gone past the last allocation. */
int64_t tc_alloc_fail_after(int64_t n);
/* Number of blocks handed out and not yet released (all threads). */
int64_t tc_alloc_live(void);
/* True when an allocation has failed on this thread since the last call (clears the
 * mark): lets an interpreter tell a lost out-of-memory error from an internal bug. Inline,
 * as an interpreter asks after every statement. */
#ifdef __cplusplus
extern thread_local bool tc__alloc_failed;
#else
extern _Thread_local bool tc__alloc_failed;
#endif
static inline bool tc_alloc_failed_take(void) {
    if (__builtin_expect(!tc__alloc_failed, 1)) return false;
    tc__alloc_failed = false;
    return true;
}

#ifdef __cplusplus
}
#endif
#endif
