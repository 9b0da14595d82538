/*
 * Strided N-d iteration for the CPU kernels (see cpu-iter.h).
 */
#include <stdatomic.h>

#include "cpu-iter.h"

#define POLL_ELEMS 65536
#define PAR_GRAIN (1 << 18)

/* Merge adjacent dims that are contiguous with each other in every operand, drop 1s. */
void tc__iter_init(tc__iter *it, const tc_kview *const *views, int nops) {
    const tc_kview *o = views[0];
    it->nops = nops;
    it->ndim = 0;
    it->numel = 1;
    for (int k = 0; k < nops; k++) it->base[k] = views[k]->data;
    for (int d = 0; d < o->ndim; d++) {
        int64_t n = o->shape[d];
        it->numel *= n;
        if (n == 1) continue;
        int nd = it->ndim;
        bool merge = nd > 0;
        for (int k = 0; k < nops && merge; k++) {
            int64_t es = (int64_t)tc_dtype_size(views[k]->dtype);
            if (it->strides[k][nd - 1] != views[k]->strides[d] * es * n) merge = false;
        }
        if (merge) {
            it->shape[nd - 1] *= n;
            for (int k = 0; k < nops; k++)
                it->strides[k][nd - 1] = views[k]->strides[d] * (int64_t)tc_dtype_size(views[k]->dtype);
        } else {
            it->shape[nd] = n;
            for (int k = 0; k < nops; k++)
                it->strides[k][nd] = views[k]->strides[d] * (int64_t)tc_dtype_size(views[k]->dtype);
            it->ndim++;
        }
    }
    if (it->ndim == 0) {
        it->ndim = 1;
        it->shape[0] = 1;
        for (int k = 0; k < nops; k++) it->strides[k][0] = 0;
    }
}

typedef struct run_ctx {
    const tc__iter *it;
    tc__loop_fn loop;
    const void *extra;
    atomic_int status; /* 0 ok, 1 zero division, 2 interrupted */
} run_ctx;

/* Walk linear indices [begin, end) of the iteration space. */
static void run_range(void *vctx, int64_t begin, int64_t end) {
    run_ctx *c = vctx;
    const tc__iter *it = c->it;
    int nd = it->ndim, last = nd - 1;
    int64_t idx[TC_MAX_DIMS];
    int64_t rem = begin;
    for (int d = last; d >= 0; d--) {
        idx[d] = rem % it->shape[d];
        rem /= it->shape[d];
    }
    char *p[TC__ITER_MAX_OPS];
    int64_t s[TC__ITER_MAX_OPS];
    for (int k = 0; k < it->nops; k++) s[k] = it->strides[k][last];
    int64_t pos = begin, since_poll = 0;
    while (pos < end) {
        for (int k = 0; k < it->nops; k++) {
            char *q = it->base[k];
            for (int d = 0; d < nd; d++) q += idx[d] * it->strides[k][d];
            p[k] = q;
        }
        int64_t n = it->shape[last] - idx[last];
        if (n > end - pos) n = end - pos;
        if (n > POLL_ELEMS) n = POLL_ELEMS;
        int r = c->loop(p, s, n, c->extra);
        if (r) {
            atomic_store(&c->status, r);
            return;
        }
        pos += n;
        since_poll += n;
        if (since_poll >= POLL_ELEMS) {
            since_poll = 0;
            if (tc_interrupt_pending() || atomic_load(&c->status)) {
                if (!atomic_load(&c->status)) atomic_store(&c->status, 2);
                return;
            }
        }
        idx[last] += n;
        for (int d = last; d > 0 && idx[d] >= it->shape[d]; d--) {
            idx[d] = 0;
            idx[d - 1]++;
        }
    }
}

/* Run loop over the whole iteration space. */
int tc__iter_run(const tc__iter *it, tc__loop_fn loop, const void *extra, tc_error *err) {
    if (it->numel == 0) return 0;
    run_ctx c = {it, loop, extra, 0};
    tc__parallel_for(it->numel, PAR_GRAIN, run_range, &c);
    int st = atomic_load(&c.status);
    if (st == 1) return tc_error_set(err, TC_EXC_RUNTIME, "ZeroDivisionError");
    if (st == 2 || tc_interrupt_pending()) return tc_interrupt_check(err) ? -1 : 0;
    return 0;
}
