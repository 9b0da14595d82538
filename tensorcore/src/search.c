/*
 * torch.searchsorted / torch.bucketize on the CPU: one binary search per input element, as
 * ATen's Bucketization.cpp (cus_lower_bound / cus_upper_bound, written with negated
 * comparisons so that a NaN input lands after every boundary), threaded over the inputs.
 *
 * Both operands are brought to their promoted dtype first and searched in one of three
 * key types: float32 (float16 and bfloat16 widen to it exactly), float64, int64 (every
 * narrower integer widens to it exactly), so comparisons are those of the promoted dtype.
 */
#include <string.h>

#include "tc-impl.h"

typedef struct search_job {
    const void *seq;      /* rows of len keys, contiguous */
    const void *in;       /* input keys, contiguous */
    const int64_t *sort;  /* sorter rows (indices into each seq row) or NULL */
    void *out;            /* int64 or int32 results */
    int64_t len;          /* keys per boundary row */
    int64_t inner;        /* inputs per boundary row (0: one row for all inputs) */
    bool right, out32;
    int key;              /* 0 float32, 1 float64, 2 int64 */
} search_job;

/* The first position in row whose key is not below v (left), or above v (right). */
#define SEARCH_LOOP(T)                                                                     \
    for (int64_t i = begin; i < end; i++) {                                                \
        int64_t r = j->inner ? i / j->inner : 0;                                           \
        const T *row = (const T *)j->seq + r * j->len;                                     \
        const int64_t *so = j->sort ? j->sort + r * j->len : NULL;                          \
        T v = ((const T *)j->in)[i];                                                       \
        int64_t lo = 0, hi = j->len;                                                       \
        while (lo < hi) {                                                                  \
            int64_t mid = lo + ((hi - lo) >> 1);                                           \
            T m = so ? row[so[mid]] : row[mid];                                            \
            if (j->right ? !(m > v) : !(m >= v)) lo = mid + 1;                              \
            else hi = mid;                                                                 \
        }                                                                                  \
        if (j->out32) ((int32_t *)j->out)[i] = (int32_t)lo;                                \
        else ((int64_t *)j->out)[i] = lo;                                                  \
    }

static void search_range(void *ctx, int64_t begin, int64_t end) {
    const search_job *j = ctx;
    switch (j->key) {
    case 0: SEARCH_LOOP(float) break;
    case 1: SEARCH_LOOP(double) break;
    default: SEARCH_LOOP(int64_t) break;
    }
}

static int check_sorter(tc_tensor *seq, tc_tensor *sorter, tc_error *err) {
    char a[256], b[256];
    if (sorter->dtype != TC_DTYPE_I64)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "torch.searchsorted(): sorter must be a tensor of long dtype but got dtype %s",
                            tc__dtype_title(sorter->dtype));
    bool same = sorter->ndim == seq->ndim;
    for (int d = 0; same && d < seq->ndim; d++) same = sorter->shape[d] == seq->shape[d];
    if (!same)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "torch.searchsorted(): boundary and sorter must have the same size, but got "
                            "boundary tensor %sand got sorter tensor %s",
                            tc__shape_str(seq->shape, seq->ndim, a, sizeof a),
                            tc__shape_str(sorter->shape, sorter->ndim, b, sizeof b));
    return 0;
}

tc_tensor *tc_searchsorted(tc_tensor *seq, tc_tensor *input, tc_tensor *sorter, bool right,
                           bool out_int32, tc_error *err) {
    if (seq->device.type != TC_DEVICE_CPU || input->device.type != TC_DEVICE_CPU ||
        (sorter && sorter->device.type != TC_DEVICE_CPU)) {
        tc_error_set(err, TC_EXC_RUNTIME, "torch._searchsorted: CPU tensors only");
        return NULL;
    }
    tc_dtype dt = tc_dtype_promote(seq->dtype, input->dtype);
    if (tc_dtype_is_complex(dt)) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"searchsorted_out_cpu\" not implemented for '%s'",
                     tc__dtype_title(dt));
        return NULL;
    }
    if (seq->ndim != 1) {
        bool ok = seq->ndim == input->ndim && seq->ndim > 0;
        for (int d = 0; ok && d < seq->ndim - 1; d++) ok = seq->shape[d] == input->shape[d];
        if (!ok) {
            char a[256], b[256];
            tc_error_set(err, TC_EXC_RUNTIME,
                         "torch.searchsorted(): boundaries tensor should be 1 dimension or the first "
                         "N-1 dimensions of boundaries tensor and input value tensor must match, but we "
                         "got boundaries tensor %s and input value tensor %s",
                         tc__shape_str(seq->shape, seq->ndim, a, sizeof a),
                         tc__shape_str(input->shape, input->ndim, b, sizeof b));
            return NULL;
        }
    }
    if (sorter && check_sorter(seq, sorter, err)) return NULL;
    int key = dt == TC_DTYPE_F64 ? 1 : tc_dtype_is_float(dt) ? 0 : 2;
    tc_dtype kdt = key == 0 ? TC_DTYPE_F32 : key == 1 ? TC_DTYPE_F64 : TC_DTYPE_I64;
    tc_tensor *out = tc_empty(input->shape, input->ndim, out_int32 ? TC_DTYPE_I32 : TC_DTYPE_I64,
                              seq->device, err);
    tc_tensor *ks = out ? tc__host_copy(seq, kdt, err) : NULL;
    tc_tensor *ki = ks ? tc__host_copy(input, kdt, err) : NULL;
    tc_tensor *so = ki && sorter ? tc__host_copy(sorter, TC_DTYPE_I64, err) : NULL;
    if (!ki || (sorter && !so)) goto fail;
    int64_t len = seq->ndim ? seq->shape[seq->ndim - 1] : 1;
    if (so) {
        const int64_t *p = tc_data_ptr(so);
        for (int64_t i = 0, n = tc_numel(so); i < n; i++)
            if (p[i] < 0 || p[i] >= len) {
                tc_error_set(err, TC_EXC_RUNTIME, "torch.searchsorted(): sorter index out of range");
                goto fail;
            }
    }
    search_job j = {tc_data_ptr(ks), tc_data_ptr(ki), so ? tc_data_ptr(so) : NULL, tc_data_ptr(out),
                    len, seq->ndim > 1 ? (input->ndim ? input->shape[input->ndim - 1] : 1) : 0,
                    right, out_int32, key};
    int64_t n = tc_numel(out);
    if (n) tc__parallel_for(n, 1 << 14, search_range, &j);
    tc_tensor_unref(ks);
    tc_tensor_unref(ki);
    tc_tensor_unref(so);
    return out;
fail:
    tc_tensor_unref(out);
    tc_tensor_unref(ks);
    tc_tensor_unref(ki);
    tc_tensor_unref(so);
    return NULL;
}
