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
} topk_job;

static void topk_line(void *ctx, int64_t l, void *scratch) {
    const topk_job *j = ctx;
    tc__sort_pair *q = scratch;
    select_line(q, j->src + (size_t)(l * j->n) * tc_dtype_size(j->dt), j->n, j->k, j->dt, j->largest, j->sorted);
    for (int64_t i = 0; i < j->k; i++)
        j->out[l * j->k + i] = q[i].idx;
}

tc_tensor *tc__topk_indices_cpu(tc_tensor *t, int64_t k, int d, bool largest, bool sorted,
                                tc_error *err) {
    tc_tensor *src = tc__lines_last(t, d, err);
    if (!src) return NULL;
    int last = src->ndim - 1;
    int64_t shape[TC_MAX_DIMS];
    for (int i = 0; i < src->ndim; i++)
        shape[i] = src->shape[i];
    shape[last] = k;
    tc_tensor *out = tc_empty(shape, src->ndim, TC_DTYPE_I64, t->device, err);
    if (!out) {
        tc_tensor_unref(src);
        return NULL;
    }
    topk_job j = {tc_data_ptr(src), tc_data_ptr(out), t->shape[d], k, src->dtype, largest, sorted};
    int64_t lines = j.n && k ? tc_numel(src) / j.n : 0;
    int rc = tc__parallel_lines(lines, 1 + 16384 / (j.n ? j.n : 1), (size_t)j.n * sizeof(tc__sort_pair), topk_line,
                                &j, err);
    tc_tensor_unref(src);
    if (rc) {
        tc_tensor_unref(out);
        return NULL;
    }
    return tc__lines_back(out, d, err);
}
