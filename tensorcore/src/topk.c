/*
 * topk's selection on the CPU, element for element as PyTorch's: PyTorch's CPU kernel
 * (aten TopKImpl.h) puts (value, index) pairs of a line through libstdc++'s std::partial_sort
 * when k * 64 <= n, else std::nth_element (then std::sort of the first k - 1 when sorted).
 * Those algorithms are not stable, so which of several equal values come first, and in what
 * order an unsorted result is, is theirs: they are written out here step for step
 * (introsort, introselect, heap select) so that ties come out as in PyTorch.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tensorcore/alloc.h"
#include "tc-impl.h"

typedef struct {
    double f; /* float dtypes (exact for float32/half/bfloat16) */
    int64_t i; /* integer dtypes */
    int64_t idx;
} elem;

typedef struct {
    bool largest, is_float;
} cmp_ctx;

/* PyTorch's comparator: NaN counts as the largest value (first for largest=True). */
static bool less(const cmp_ctx *c, const elem *x, const elem *y) {
    if (c->is_float) {
        bool xn = isnan(x->f), yn = isnan(y->f);
        return c->largest ? ((xn && !yn) || x->f > y->f) : ((!xn && yn) || x->f < y->f);
    }
    return c->largest ? x->i > y->i : x->i < y->i;
}

static void swap(elem *a, elem *b) {
    elem t = *a;
    *a = *b;
    *b = t;
}

static int64_t lg(int64_t n) {
    int64_t r = 0;
    while (n > 1) {
        n >>= 1;
        r++;
    }
    return r;
}

/* ---- heap (std::__adjust_heap, __push_heap, __make_heap, __pop_heap) ---------------- */

static void push_heap(const cmp_ctx *c, elem *first, int64_t hole, int64_t top, elem value) {
    int64_t parent = (hole - 1) / 2;
    while (hole > top && less(c, &first[parent], &value)) {
        first[hole] = first[parent];
        hole = parent;
        parent = (hole - 1) / 2;
    }
    first[hole] = value;
}

static void adjust_heap(const cmp_ctx *c, elem *first, int64_t hole, int64_t len, elem value) {
    int64_t top = hole, child = hole;
    while (child < (len - 1) / 2) {
        child = 2 * (child + 1);
        if (less(c, &first[child], &first[child - 1])) child--;
        first[hole] = first[child];
        hole = child;
    }
    if ((len & 1) == 0 && child == (len - 2) / 2) {
        child = 2 * (child + 1);
        first[hole] = first[child - 1];
        hole = child - 1;
    }
    push_heap(c, first, hole, top, value);
}

static void make_heap(const cmp_ctx *c, elem *first, elem *last) {
    int64_t len = last - first;
    if (len < 2) return;
    for (int64_t parent = (len - 2) / 2;; parent--) {
        adjust_heap(c, first, parent, len, first[parent]);
        if (parent == 0) return;
    }
}

static void pop_heap(const cmp_ctx *c, elem *first, elem *last, elem *result) {
    elem value = *result;
    *result = *first;
    adjust_heap(c, first, 0, last - first, value);
}

static void heap_select(const cmp_ctx *c, elem *first, elem *middle, elem *last) {
    make_heap(c, first, middle);
    for (elem *i = middle; i < last; i++)
        if (less(c, i, first)) pop_heap(c, first, middle, i);
}

static void sort_heap(const cmp_ctx *c, elem *first, elem *last) {
    while (last - first > 1) {
        last--;
        pop_heap(c, first, last, last);
    }
}

/* ---- introsort pieces (std::__move_median_to_first, __unguarded_partition, ...) ------- */

static void move_median_to_first(const cmp_ctx *c, elem *result, elem *a, elem *b, elem *d) {
    if (less(c, a, b)) {
        if (less(c, b, d)) swap(result, b);
        else if (less(c, a, d)) swap(result, d);
        else swap(result, a);
    } else if (less(c, a, d)) {
        swap(result, a);
    } else if (less(c, b, d)) {
        swap(result, d);
    } else {
        swap(result, b);
    }
}

static elem *unguarded_partition(const cmp_ctx *c, elem *first, elem *last, elem *pivot) {
    for (;;) {
        while (less(c, first, pivot)) first++;
        last--;
        while (less(c, pivot, last)) last--;
        if (!(first < last)) return first;
        swap(first, last);
        first++;
    }
}

static elem *partition_pivot(const cmp_ctx *c, elem *first, elem *last) {
    elem *mid = first + (last - first) / 2;
    move_median_to_first(c, first, first + 1, mid, last - 1);
    return unguarded_partition(c, first + 1, last, first);
}

static void unguarded_linear_insert(const cmp_ctx *c, elem *last) {
    elem val = *last;
    elem *next = last - 1;
    while (less(c, &val, next)) {
        *last = *next;
        last = next;
        next--;
    }
    *last = val;
}

static void insertion_sort(const cmp_ctx *c, elem *first, elem *last) {
    if (first == last) return;
    for (elem *i = first + 1; i != last; i++) {
        if (less(c, i, first)) {
            elem val = *i;
            memmove(first + 1, first, (size_t)(i - first) * sizeof *first);
            *first = val;
        } else {
            unguarded_linear_insert(c, i);
        }
    }
}

enum { THRESHOLD = 16 }; /* libstdc++'s _S_threshold */

static void introsort_loop(const cmp_ctx *c, elem *first, elem *last, int64_t depth) {
    while (last - first > THRESHOLD) {
        if (depth == 0) {
            heap_select(c, first, last, last);
            sort_heap(c, first, last);
            return;
        }
        depth--;
        elem *cut = partition_pivot(c, first, last);
        introsort_loop(c, cut, last, depth);
        last = cut;
    }
}

static void std_sort(const cmp_ctx *c, elem *first, elem *last) {
    if (first == last) return;
    introsort_loop(c, first, last, lg(last - first) * 2);
    if (last - first > THRESHOLD) {
        insertion_sort(c, first, first + THRESHOLD);
        for (elem *i = first + THRESHOLD; i != last; i++) unguarded_linear_insert(c, i);
    } else {
        insertion_sort(c, first, last);
    }
}

static void nth_element(const cmp_ctx *c, elem *first, elem *nth, elem *last) {
    if (first == last || nth == last) return;
    int64_t depth = lg(last - first) * 2;
    while (last - first > 3) {
        if (depth == 0) {
            heap_select(c, first, nth + 1, last);
            swap(first, nth);
            return;
        }
        depth--;
        elem *cut = partition_pivot(c, first, last);
        if (cut <= nth) first = cut;
        else last = cut;
    }
    insertion_sort(c, first, last);
}

/* One line: q holds the n pairs; the first k are the result. */
static void select_line(const cmp_ctx *c, elem *q, int64_t n, int64_t k, bool sorted) {
    if (k == 0) return;
    if (k * 64 <= n) {
        heap_select(c, q, q + k, q + n); /* std::partial_sort */
        sort_heap(c, q, q + k);
    } else {
        nth_element(c, q, q + k - 1, q + n);
        if (sorted) std_sort(c, q, q + k - 1);
    }
}

tc_tensor *tc__topk_indices_cpu(tc_tensor *t, int64_t k, int d, bool largest, bool sorted,
                                tc_error *err) {
    cmp_ctx c = {largest, tc_dtype_is_float(t->dtype)};
    int last = t->ndim - 1;
    tc_tensor *tr = tc_transpose(t, d, last, err);
    tc_tensor *conv = tr ? tc_to(tr, c.is_float ? TC_DTYPE_F64 : TC_DTYPE_I64, t->device, ".to()", err)
                         : NULL;
    tc_tensor *src = conv ? tc_contiguous(conv, err) : NULL;
    tc_tensor_unref(tr);
    tc_tensor_unref(conv);
    if (!src) return NULL;
    int64_t n = t->shape[d], lines = n ? tc_numel(src) / n : 0;
    int64_t shape[TC_MAX_DIMS];
    for (int i = 0; i < src->ndim; i++) shape[i] = src->shape[i];
    shape[last] = k;
    tc_tensor *out = tc_empty(shape, src->ndim, TC_DTYPE_I64, t->device, err);
    elem *q = out && n ? tc_malloc((size_t)n * sizeof *q) : NULL;
    if (!out || (n && !q)) {
        if (out && !q) tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        tc_tensor_unref(src);
        tc_tensor_unref(out);
        return NULL;
    }
    const double *fv = tc_data_ptr(src);
    const int64_t *iv = tc_data_ptr(src);
    int64_t *o = tc_data_ptr(out);
    for (int64_t l = 0; l < lines; l++) {
        for (int64_t j = 0; j < n; j++) {
            if (c.is_float) q[j].f = fv[l * n + j];
            else q[j].i = iv[l * n + j];
            q[j].idx = j;
        }
        select_line(&c, q, n, k, sorted);
        for (int64_t j = 0; j < k; j++) o[l * k + j] = q[j].idx;
    }
    tc_free(q);
    tc_tensor_unref(src);
    tc_tensor *back = tc_transpose(out, d, last, err);
    tc_tensor_unref(out);
    tc_tensor *r = back ? tc_contiguous(back, err) : NULL;
    tc_tensor_unref(back);
    return r;
}
