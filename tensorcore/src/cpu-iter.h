/*
 * Strided N-d iteration for the CPU kernels: operands of one shape (out first), dims
 * merged where memory allows, walked as runs along the innermost dim, split across
 * threads for large tensors, polling the interrupt flag every 64K elements.
 */
#ifndef TENSORCORE_CPU_ITER_H
#define TENSORCORE_CPU_ITER_H

#include "tc-impl.h"

#define TC__ITER_MAX_OPS 4

/* One run of n elements: p[i] points at operand i's first element, s[i] its byte stride.
 * Returns 0, or 1 for an integer division by zero. */
typedef int (*tc__loop_fn)(char **p, const int64_t *s, int64_t n, const void *extra);

typedef struct tc__iter {
    int ndim, nops;
    int64_t shape[TC_MAX_DIMS];
    int64_t strides[TC__ITER_MAX_OPS][TC_MAX_DIMS]; /* bytes */
    char *base[TC__ITER_MAX_OPS];
    int64_t es[TC__ITER_MAX_OPS]; /* element sizes, bytes */
    int64_t numel;
} tc__iter;

/* Build an iterator over views of one shape (views[0] is the output). */
void tc__iter_init(tc__iter *it, const tc_kview *const *views, int nops);
/* Run loop over every element (threads for large sizes). Returns 0, -1 with err set
 * (ZeroDivisionError text or KeyboardInterrupt). */
int tc__iter_run(const tc__iter *it, tc__loop_fn loop, const void *extra, tc_error *err);

/* loop over out and ins (nin <= 3 CPU tensors, each broadcast to out's shape): out's
 * elements from theirs. 0, or -1 with err set (out of memory, tc__iter_run's errors). */
int tc__iter_run_tensors(tc_tensor *out, tc_tensor *const *ins, int nin, tc__loop_fn loop,
                         const void *extra, tc_error *err);

/* n contiguous float16/bfloat16 values (dt) widened to float32 into dst (exact). */
void tc__half_to_f32(float *dst, const void *src, int64_t n, tc_dtype dt);

#endif
