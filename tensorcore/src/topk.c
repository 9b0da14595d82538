/*
 * topk's selection on the CPU, element for element as PyTorch's: PyTorch's CPU kernel
 * (aten TopKImpl.h) puts (value, index) pairs of a line through libstdc++'s std::partial_sort
 * when k * 64 <= n, else std::nth_element (then std::sort of the first k - 1 when sorted).
 * Those algorithms are not stable, so which of several equal values come first, and in what
 * order an unsorted result is, is theirs: cpu-sort.c writes them out step for step, over
 * keys whose order is PyTorch's comparator's (NaN the largest value).
 */
#include <string.h>

#include "tensorcore/alloc.h"
#include "tc-impl.h"

/* One line of n elements at p: the first k of q are the result (q holds n pairs). */
static void select_line(tc__sort_pair *q, const char *p, int64_t n, int64_t k, tc_dtype dt,
                        bool largest, bool sorted) {
    if (k == 0) return;
    if (k * 64 <= n) {
        tc__std_partial_sort_line(q, p, 1, n, k, dt, largest);
    } else {
        tc__sort_pairs_fill(q, p, 1, n, dt, largest);
        tc__std_nth_element(q, q + k - 1, q + n);
        if (sorted) tc__std_sort(q, q + k - 1);
    }
}

typedef struct {
    const char *src; /* lines of n elements, contiguous */
    int64_t *out;    /* lines of k */
    int64_t n, k;
    tc_dtype dt;
    bool largest, sorted;
    int failed;
} topk_job;

static void topk_range(void *ctx, int64_t begin, int64_t end) {
    topk_job *j = ctx;
    tc__sort_pair *q = tc_malloc((size_t)j->n * sizeof *q);
    if (!q) {
        j->failed = 1;
        return;
    }
    size_t es = tc_dtype_size(j->dt);
    for (int64_t l = begin; l < end; l++) {
        select_line(q, j->src + (size_t)(l * j->n) * es, j->n, j->k, j->dt, j->largest, j->sorted);
        for (int64_t i = 0; i < j->k; i++)
            j->out[l * j->k + i] = q[i].idx;
    }
    tc_free(q);
}

tc_tensor *tc__topk_indices_cpu(tc_tensor *t, int64_t k, int d, bool largest, bool sorted,
                                tc_error *err) {
    int last = t->ndim - 1;
    tc_tensor *tr = tc_transpose(t, d, last, err);
    tc_tensor *src = tr ? tc_contiguous(tr, err) : NULL;
    tc_tensor_unref(tr);
    if (!src) return NULL;
    int64_t shape[TC_MAX_DIMS];
    for (int i = 0; i < src->ndim; i++)
        shape[i] = src->shape[i];
    shape[last] = k;
    tc_tensor *out = tc_empty(shape, src->ndim, TC_DTYPE_I64, t->device, err);
    if (!out) {
        tc_tensor_unref(src);
        return NULL;
    }
    topk_job j = {tc_data_ptr(src), tc_data_ptr(out), t->shape[d], k,
                  src->dtype,       largest,          sorted,      0};
    int64_t lines = j.n ? tc_numel(src) / j.n : 0;
    if (lines && k) tc__parallel_for(lines, 1 + 16384 / j.n, topk_range, &j);
    tc_tensor_unref(src);
    if (j.failed) {
        tc_tensor_unref(out);
        tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        return NULL;
    }
    if (d == last) return out;
    tc_tensor *back = tc_transpose(out, d, last, err);
    tc_tensor_unref(out);
    tc_tensor *r = back ? tc_contiguous(back, err) : NULL;
    tc_tensor_unref(back);
    return r;
}
