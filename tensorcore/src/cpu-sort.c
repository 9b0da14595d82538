/*
 * The stable sorting permutation of one line, as PyTorch's CPU sort gives it (a stable sort
 * under a comparator that puts NaN last ascending and first descending, -0.0 equal to 0.0,
 * equal values in their original order).
 *
 * Each element becomes an unsigned key whose order is that comparator's: floats by their
 * bits (sign flipped, or all bits flipped for negatives), every NaN one key above +inf, -0.0
 * the key of 0.0; signed integers with the sign bit flipped; descending sorts take the keys'
 * complement, so ties still keep their original order. Long lines are then sorted by a
 * least-significant-digit radix sort over bytes, which is stable, and passes over a byte that
 * is the same in every key are skipped (integers in a small range take one or two passes).
 * Short lines take an insertion sort over the same keys.
 *
 * PyTorch's unstable sort (sort/argsort with stable=False) and topk put (value, index) pairs
 * through libstdc++'s std::sort, std::partial_sort and std::nth_element, which are not stable:
 * which of several equal values comes first is theirs. Those algorithms are written out here
 * step for step over (key, index) pairs, so that ties come out as in PyTorch; comparing keys
 * is comparing the values under PyTorch's comparator.
 */
#include <stdatomic.h>
#include <string.h>

#include "tensorcore/alloc.h"

#include "tc-impl.h"

enum { RADIX_MIN = 64 }; /* shorter lines take the insertion sort */

/* Key bytes of dtype dt: 4 for the narrow types, 8 for the wide ones. */
static int key_width(tc_dtype dt) {
    return tc_dtype_size(dt) <= 4 ? 4 : 8;
}

static uint64_t key_f32(float f) {
    if (f != f) return 0xFFFFFFFFu;
    if (f == 0) f = 0; /* -0.0 ties with 0.0 */
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return (u & 0x80000000u) ? ~u : u | 0x80000000u;
}

static uint64_t key_f64(double f) {
    if (f != f) return UINT64_MAX;
    if (f == 0) f = 0;
    uint64_t u;
    memcpy(&u, &f, sizeof u);
    return (u >> 63) ? ~u : u | (1ull << 63);
}

/* keys[j * ks] for the n elements at p (element stride s, in elements), complemented within
 * the key's width when descending. */
static void fill_keys(uint64_t *keys, int64_t ks, const char *p, int64_t s, int64_t n, tc_dtype dt,
                      bool desc) {
    switch (dt) {
#define FILL(DT, T, EXPR)                                                                          \
    case DT: {                                                                                     \
        const T *v = (const T *)p;                                                                 \
        for (int64_t j = 0; j < n; j++) {                                                          \
            T x = v[j * s];                                                                        \
            keys[j * ks] = (EXPR);                                                                 \
        }                                                                                          \
        break;                                                                                     \
    }
        FILL(TC_DTYPE_BOOL, uint8_t, x)
        FILL(TC_DTYPE_U8, uint8_t, x)
        FILL(TC_DTYPE_I8, int8_t, (uint32_t)(int32_t)x ^ 0x80000000u)
        FILL(TC_DTYPE_I16, int16_t, (uint32_t)(int32_t)x ^ 0x80000000u)
        FILL(TC_DTYPE_I32, int32_t, (uint32_t)x ^ 0x80000000u)
        FILL(TC_DTYPE_I64, int64_t, (uint64_t)x ^ (1ull << 63))
        FILL(TC_DTYPE_F32, float, key_f32(x))
        FILL(TC_DTYPE_F64, double, key_f64(x))
#undef FILL
    default: { /* float16/bfloat16: widened exactly */
        size_t es = tc_dtype_size(dt);
        for (int64_t j = 0; j < n; j++)
            keys[j * ks] = key_f32((float)tc_load_f64(p + (size_t)(j * s) * es, dt));
        break;
    }
    }
    if (desc) {
        uint64_t flip = key_width(dt) == 4 ? 0xFFFFFFFFu : UINT64_MAX;
        for (int64_t j = 0; j < n; j++)
            keys[j * ks] ^= flip;
    }
}

/* Stable insertion sort of pos[0..n) by keys (moved along). */
static void insertion_sort(uint64_t *keys, int64_t *pos, int64_t n) {
    for (int64_t i = 1; i < n; i++) {
        uint64_t k = keys[i];
        int64_t p = pos[i], j = i;
        for (; j > 0 && keys[j - 1] > k; j--) {
            keys[j] = keys[j - 1];
            pos[j] = pos[j - 1];
        }
        keys[j] = k;
        pos[j] = p;
    }
}

/* Stable LSD radix sort of pos[0..n) by keys of w bytes; kt/pt hold n each. Returns the
 * arrays that hold the result (either the inputs or the temporaries). */
static int64_t *radix_sort(uint64_t *keys, int64_t *pos, uint64_t *kt, int64_t *pt, int64_t n,
                           int w) {
    int64_t count[8][256];
    memset(count, 0, sizeof count);
    for (int64_t j = 0; j < n; j++) {
        uint64_t k = keys[j];
        for (int b = 0; b < w; b++)
            count[b][(k >> (8 * b)) & 0xFF]++;
    }
    for (int b = 0; b < w; b++) {
        int64_t *c = count[b];
        if (c[(keys[0] >> (8 * b)) & 0xFF] == n) continue; /* one value in this byte */
        int64_t sum = 0;
        for (int d = 0; d < 256; d++) {
            int64_t x = c[d];
            c[d] = sum;
            sum += x;
        }
        int sh = 8 * b;
        for (int64_t j = 0; j < n; j++) {
            uint64_t k = keys[j];
            int64_t o = c[(k >> sh) & 0xFF]++;
            kt[o] = k;
            pt[o] = pos[j];
        }
        uint64_t *ks = keys;
        keys = kt;
        kt = ks;
        int64_t *ps = pos;
        pos = pt;
        pt = ps;
    }
    return pos;
}

size_t tc__sort_line_scratch(int64_t n) {
    return (size_t)(n > 0 ? n : 1) * 4 * sizeof(uint64_t);
}

void tc__sort_line(int64_t *idx, int64_t so, const char *p, int64_t s, int64_t n, tc_dtype dt,
                   bool desc, void *scratch) {
    uint64_t *keys = scratch, *kt = keys + n;
    int64_t *pos = (int64_t *)(kt + n), *pt = pos + n;
    fill_keys(keys, 1, p, s, n, dt, desc);
    for (int64_t j = 0; j < n; j++)
        pos[j] = j;
    const int64_t *r = pos;
    if (n < RADIX_MIN)
        insertion_sort(keys, pos, n);
    else
        r = radix_sort(keys, pos, kt, pt, n, key_width(dt));
    if (so == 1)
        memcpy(idx, r, sizeof(int64_t) * (size_t)n);
    else
        for (int64_t j = 0; j < n; j++)
            idx[j * so] = r[j];
}

/* ---- libstdc++'s algorithms over (key, index) pairs ------------------------------------- */

typedef tc__sort_pair pair;

#define LESS(x, y) ((x)->key < (y)->key)

static void swap_pairs(pair *a, pair *b) {
    pair t = *a;
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

/* std::__push_heap, __adjust_heap, __make_heap, __pop_heap */
static void push_heap(pair *first, int64_t hole, int64_t top, pair value) {
    int64_t parent = (hole - 1) / 2;
    while (hole > top && LESS(&first[parent], &value)) {
        first[hole] = first[parent];
        hole = parent;
        parent = (hole - 1) / 2;
    }
    first[hole] = value;
}

static void adjust_heap(pair *first, int64_t hole, int64_t len, pair value) {
    int64_t top = hole, child = hole;
    while (child < (len - 1) / 2) {
        child = 2 * (child + 1);
        if (LESS(&first[child], &first[child - 1])) child--;
        first[hole] = first[child];
        hole = child;
    }
    if ((len & 1) == 0 && child == (len - 2) / 2) {
        child = 2 * (child + 1);
        first[hole] = first[child - 1];
        hole = child - 1;
    }
    push_heap(first, hole, top, value);
}

static void make_heap(pair *first, pair *last) {
    int64_t len = last - first;
    if (len < 2) return;
    for (int64_t parent = (len - 2) / 2;; parent--) {
        adjust_heap(first, parent, len, first[parent]);
        if (parent == 0) return;
    }
}

static void pop_heap(pair *first, pair *last, pair *result) {
    pair value = *result;
    *result = *first;
    adjust_heap(first, 0, last - first, value);
}

static void heap_select(pair *first, pair *middle, pair *last) {
    make_heap(first, middle);
    for (pair *i = middle; i < last; i++)
        if (LESS(i, first)) pop_heap(first, middle, i);
}

static void sort_heap(pair *first, pair *last) {
    while (last - first > 1) {
        last--;
        pop_heap(first, last, last);
    }
}

/* std::__move_median_to_first, __unguarded_partition(_pivot) */
static void move_median_to_first(pair *result, pair *a, pair *b, pair *d) {
    if (LESS(a, b)) {
        if (LESS(b, d))
            swap_pairs(result, b);
        else if (LESS(a, d))
            swap_pairs(result, d);
        else
            swap_pairs(result, a);
    } else if (LESS(a, d)) {
        swap_pairs(result, a);
    } else if (LESS(b, d)) {
        swap_pairs(result, d);
    } else {
        swap_pairs(result, b);
    }
}

static pair *unguarded_partition(pair *first, pair *last, const pair *pivot) {
    uint64_t pk = pivot->key;
    for (;;) {
        while (first->key < pk)
            first++;
        last--;
        while (pk < last->key)
            last--;
        if (!(first < last)) return first;
        swap_pairs(first, last);
        first++;
    }
}

static pair *partition_pivot(pair *first, pair *last) {
    pair *mid = first + (last - first) / 2;
    move_median_to_first(first, first + 1, mid, last - 1);
    return unguarded_partition(first + 1, last, first);
}

static void unguarded_linear_insert(pair *last) {
    pair val = *last;
    pair *next = last - 1;
    while (val.key < next->key) {
        *last = *next;
        last = next;
        next--;
    }
    *last = val;
}

static void std_insertion_sort(pair *first, pair *last) {
    if (first == last) return;
    for (pair *i = first + 1; i != last; i++) {
        if (LESS(i, first)) {
            pair val = *i;
            memmove(first + 1, first, (size_t)(i - first) * sizeof *first);
            *first = val;
        } else {
            unguarded_linear_insert(i);
        }
    }
}

enum { THRESHOLD = 16 }; /* libstdc++'s _S_threshold */

static void introsort_loop(pair *first, pair *last, int64_t depth) {
    while (last - first > THRESHOLD) {
        if (depth == 0) {
            heap_select(first, last, last);
            sort_heap(first, last);
            return;
        }
        depth--;
        pair *cut = partition_pivot(first, last);
        introsort_loop(cut, last, depth);
        last = cut;
    }
}

void tc__std_sort(tc__sort_pair *first, tc__sort_pair *last) {
    if (first == last) return;
    introsort_loop(first, last, lg(last - first) * 2);
    if (last - first > THRESHOLD) {
        std_insertion_sort(first, first + THRESHOLD);
        for (pair *i = first + THRESHOLD; i != last; i++)
            unguarded_linear_insert(i);
    } else {
        std_insertion_sort(first, last);
    }
}

void tc__std_nth_element(tc__sort_pair *first, tc__sort_pair *nth, tc__sort_pair *last) {
    if (first == last || nth == last) return;
    int64_t depth = lg(last - first) * 2;
    while (last - first > 3) {
        if (depth == 0) {
            heap_select(first, nth + 1, last);
            swap_pairs(first, nth);
            return;
        }
        depth--;
        pair *cut = partition_pivot(first, last);
        if (cut <= nth)
            first = cut;
        else
            last = cut;
    }
    std_insertion_sort(first, last);
}

void tc__sort_pairs_fill(tc__sort_pair *q, const char *p, int64_t s, int64_t n, tc_dtype dt,
                         bool desc) {
    fill_keys(&q->key, 2, p, s, n, dt, desc);
    for (int64_t j = 0; j < n; j++)
        q[j].idx = j;
}

/* ---- lines along the last dim ------------------------------------------------------------ */

tc_tensor *tc__lines_last(tc_tensor *t, int d, tc_error *err) {
    tc_tensor *tr = tc_transpose(t, d, t->ndim - 1, err);
    tc_tensor *c = tr ? tc_contiguous(tr, err) : NULL;
    tc_tensor_unref(tr);
    return c;
}

tc_tensor *tc__lines_back(tc_tensor *out, int d, tc_error *err) {
    if (!out || d == out->ndim - 1) return out;
    tc_tensor *back = tc_transpose(out, d, out->ndim - 1, err);
    tc_tensor_unref(out);
    tc_tensor *r = back ? tc_contiguous(back, err) : NULL;
    tc_tensor_unref(back);
    return r;
}

/* ---- unstable argsort ------------------------------------------------------------------ */

typedef struct {
    const char *src; /* lines of n elements, contiguous */
    int64_t *out;
    int64_t n;
    tc_dtype dt;
    bool desc;
} unstable_job;

static void unstable_line(void *ctx, int64_t l, void *scratch) {
    const unstable_job *j = ctx;
    pair *q = scratch;
    tc__sort_pairs_fill(q, j->src + (size_t)(l * j->n) * tc_dtype_size(j->dt), 1, j->n, j->dt, j->desc);
    tc__std_sort(q, q + j->n);
    int64_t *o = j->out + l * j->n;
    for (int64_t i = 0; i < j->n; i++)
        o[i] = q[i].idx;
}

tc_tensor *tc__argsort_unstable_cpu(tc_tensor *t, int d, bool desc, tc_error *err) {
    tc_tensor *src = tc__lines_last(t, d, err);
    tc_tensor *out = src ? tc_empty(src->shape, src->ndim, TC_DTYPE_I64, t->device, err) : NULL;
    if (!out) {
        tc_tensor_unref(src);
        return NULL;
    }
    unstable_job j = {tc_data_ptr(src), tc_data_ptr(out), t->shape[d], src->dtype, desc};
    int64_t lines = j.n ? tc_numel(src) / j.n : 0;
    int rc = tc__parallel_lines(lines, 1 + 16384 / (j.n ? j.n : 1), (size_t)j.n * sizeof(pair), unstable_line, &j,
                                err);
    tc_tensor_unref(src);
    if (rc) {
        tc_tensor_unref(out);
        return NULL;
    }
    return tc__lines_back(out, d, err);
}

void tc__std_partial_sort_line(tc__sort_pair *q, const char *p, int64_t s, int64_t n, int64_t k,
                               tc_dtype dt, bool desc) {
    if (k == 0) return;
    tc__sort_pairs_fill(q, p, s, k, dt, desc);
    make_heap(q, q + k);
    /* std::__heap_select's loop: an element below the heap's top replaces it (pop_heap puts
     * the old top where the element was, past the middle, where nothing reads it again) */
    if (dt == TC_DTYPE_F32 && s == 1) {
        /* a value equal to the top's, or after it, never enters: one float comparison rules
         * out most values before any key is made (a NaN top compares false: keys decide) */
        const float *v = (const float *)p;
        float thr = v[q[0].idx];
        uint64_t flip = desc ? 0xFFFFFFFFu : 0;
        for (int64_t i = k; i < n; i++) {
            float x = v[i];
            if (desc ? x <= thr : x >= thr) continue;
            uint64_t key = key_f32(x) ^ flip;
            if (key < q[0].key) {
                adjust_heap(q, 0, k, (pair){key, i});
                thr = v[q[0].idx];
            }
        }
    } else {
        enum { BLOCK = 64 };
        uint64_t keys[BLOCK];
        size_t es = tc_dtype_size(dt);
        for (int64_t b = k; b < n; b += BLOCK) {
            int64_t m = n - b < BLOCK ? n - b : BLOCK;
            fill_keys(keys, 1, p + (size_t)(b * s) * es, s, m, dt, desc);
            for (int64_t i = 0; i < m; i++)
                if (keys[i] < q[0].key) adjust_heap(q, 0, k, (pair){keys[i], b + i});
        }
    }
    sort_heap(q, q + k);
}

/* ---- values only ---------------------------------------------------------------------------
 *
 * When only the sorted values are wanted (np.sort, unique), equal values need not be told
 * apart, so the values themselves go through the radix sort: each becomes its key in place
 * (an invertible transform of its bits, in the order of PyTorch's comparator), the keys are
 * sorted, and turned back. Only -0.0 against 0.0, and NaNs of other bits, could tell equals
 * apart: they take the keys of 0.0 and of the largest NaN, and afterwards the zeros and the
 * NaNs of the line are written over their runs in their original order, which is where a
 * stable sort puts them. */

enum { SMALL_LINE = 48, WIDE_DIGITS_MIN = 65536 }; /* insertion sort below; 11-bit digits from */

/* Keys of values by their bits, and back: floats with the sign bit flipped for positives and
 * all bits for negatives, NaNs the top key (all ones), -0.0 the key of 0.0; integers with the
 * sign bit flipped. */
#define SIGN_BIT(K) ((K)1 << (sizeof(K) * 8 - 1))
#define FLOAT_KEY_FN(NAME, K, INF)                                                                 \
    static inline K NAME(K u) {                                                                    \
        if ((u & ~SIGN_BIT(K)) > (INF)) return (K)~(K)0;                                           \
        if (u == SIGN_BIT(K)) return SIGN_BIT(K);                                                  \
        return u ^ ((K)((K)0 - (u >> (sizeof(K) * 8 - 1))) | SIGN_BIT(K));                         \
    }                                                                                              \
    static inline K NAME##_back(K k) { return k ^ ((K)((K)0 - ((k >> (sizeof(K) * 8 - 1)) ^ 1)) | SIGN_BIT(K)); }
FLOAT_KEY_FN(vkey_f32, uint32_t, 0x7F800000u)
FLOAT_KEY_FN(vkey_f64, uint64_t, 0x7FF0000000000000ull)
#undef FLOAT_KEY_FN
static inline uint32_t vkey_i32(uint32_t u) { return u ^ SIGN_BIT(uint32_t); }
static inline uint32_t vkey_i32_back(uint32_t k) { return k ^ SIGN_BIT(uint32_t); }
static inline uint64_t vkey_i64(uint64_t u) { return u ^ SIGN_BIT(uint64_t); }
static inline uint64_t vkey_i64_back(uint64_t k) { return k ^ SIGN_BIT(uint64_t); }

/* What a float line's sort leaves for the fix-up of its zeros and NaNs: the number of keys
 * below 0.0's, of NaN keys, and whether a NaN or -0.0 was seen. */
typedef struct key_stats {
    int64_t below, top;
    bool special;
} key_stats;

/* The n values at src sorted into out by their keys (tmp holds n): a least-significant-digit
 * radix sort with digits of BITS bits that skips each digit the same in every key. The keys
 * are made as the histogram is counted and as the first pass reads src, and turned back as
 * the last pass writes out, so the passes alternate between out and tmp to end in out. */
#define RADIX_VALUES(NAME, K, BITS, KEY)                                                           \
    static void NAME(K *out, const K *src, K *tmp, int64_t n, key_stats *st) {                    \
        enum { D = 1 << (BITS), P = ((int)sizeof(K) * 8 + (BITS) - 1) / (BITS) };                  \
        uint32_t count[P][D];                                                                      \
        memset(count, 0, sizeof count);                                                            \
        int64_t below = 0, top = 0;                                                                \
        bool special = false;                                                                      \
        for (int64_t j = 0; j < n; j++) {                                                          \
            K u = src[j], k = KEY(u);                                                              \
            below += k < SIGN_BIT(K);                                                              \
            top += k == (K)~(K)0;                                                                  \
            special |= u == SIGN_BIT(K);                                                           \
            for (int p = 0; p < P; p++)                                                            \
                count[p][(k >> ((BITS) * p)) & (D - 1)]++;                                         \
        }                                                                                          \
        *st = (key_stats){below, top, special || top};                                             \
        int live[P], m = 0;                                                                        \
        K k0 = KEY(src[0]);                                                                        \
        for (int p = 0; p < P; p++) {                                                              \
            uint32_t *c = count[p];                                                                \
            if (c[(k0 >> ((BITS) * p)) & (D - 1)] == (uint32_t)n) continue;                        \
            uint32_t sum = 0;                                                                      \
            for (int d = 0; d < D; d++) {                                                          \
                uint32_t x = c[d];                                                                 \
                c[d] = sum;                                                                        \
                sum += x;                                                                          \
            }                                                                                      \
            live[m++] = p;                                                                         \
        }                                                                                          \
        if (m == 0) {                                                                              \
            for (int64_t j = 0; j < n; j++)                                                        \
                out[j] = KEY##_back(KEY(src[j]));                                                  \
            return;                                                                                \
        }                                                                                          \
        const K *from = src;                                                                       \
        for (int i = 0; i < m; i++) {                                                              \
            K *to = (m - 1 - i) & 1 ? tmp : out;                                                   \
            uint32_t *c = count[live[i]];                                                          \
            int sh = (BITS) * live[i];                                                             \
            if (i == 0 && i == m - 1)                                                              \
                RADIX_SCATTER(K, KEY(from[j]), KEY##_back(k));                                     \
            else if (i == 0)                                                                       \
                RADIX_SCATTER(K, KEY(from[j]), k);                                                 \
            else if (i == m - 1)                                                                   \
                RADIX_SCATTER(K, from[j], KEY##_back(k));                                          \
            else                                                                                   \
                RADIX_SCATTER(K, from[j], k);                                                      \
            from = to;                                                                             \
        }                                                                                          \
    }
#define RADIX_SCATTER(K, READ, WRITE)                                                              \
    do {                                                                                           \
        for (int64_t j = 0; j < n; j++) {                                                          \
            K k = READ;                                                                            \
            to[c[(k >> sh) & (D - 1)]++] = WRITE;                                                  \
        }                                                                                          \
    } while (0)

/* The same by the most significant digits first, which takes fewer passes over long lines of
 * 64-bit keys and over short lines of any (LSD passes over every digit of every key). Each
 * bucket's keys are spanned first (their least and greatest), so that its digit is the 12 bits
 * (fewer for a small bucket: about one bucket for every two keys) below the highest bit in
 * which they differ, counted from the least: a bucket of equal keys is done, and a line whose
 * keys differ only in their low bits, or cluster (floats in [0, 1) share their exponents'
 * high bits), still splits into many buckets at once. A bucket is distributed into the other
 * buffer and each of its buckets sorted in turn; buckets of at most MSD_LEAF keys are not
 * split again: a run of them is put in order by one insertion sort, which moves each key only
 * past the few of its own bucket. The result ends in 'final' (the line's out) whichever buffer
 * a bucket's keys are in, turned back from keys as they are written there. A long line is
 * spanned, counted and distributed by the threads, each over its own pieces of the line with
 * its own counts (the pieces' buckets placed one after the other), and its buckets are sorted
 * by the threads, in parts of about equal numbers of keys.
 *
 * Each level takes 12 bits of the keys' span, or all of it, so the recursion is at most
 * 64 / 5 levels deep (a bucket of more than MSD_LEAF keys takes 5 bits at least), each with
 * MSD_DIGITS counters on the stack. */
enum {
    MSD_BITS = 12,
    MSD_DIGITS = 1 << MSD_BITS,
    MSD_LEAF = 16,
    MSD_PARALLEL_MIN = 1 << 17,
    MSD_PARTS = 32,  /* of a long line's buckets */
    MSD_PIECES = 16, /* of a long line, at most */
};

/* The bits in which keys of type K from lo to hi can differ, for x = lo ^ hi (nonzero). */
#define MSD_SPAN(K, x)                                                                             \
    ((int)sizeof(K) * 8 - (sizeof(K) == 8 ? __builtin_clzll((uint64_t)(x)) : __builtin_clz((uint32_t)(x))))

/* The digit width for a bucket of n keys that span 'span' bits. */
static inline int msd_bits(int64_t n, int span) {
    int b = 64 - __builtin_clzll((unsigned long long)n);
    if (b > MSD_BITS) b = MSD_BITS;
    return b < span ? b : span;
}

/* A long line's buckets (their ends in 'end', bucket d0 starting at start) split into parts
 * of about equal numbers of keys, sorted by the threads: part[i] is the first bucket of part
 * i, and walk sorts parts [begin, end). */
typedef struct msd_job {
    void *keys; /* the buckets */
    void *scratch, *final;
    const uint32_t *end;
    uint32_t part[MSD_PARTS + 1];
    void (*walk)(const struct msd_job *j, uint32_t d0, uint32_t d1);
} msd_job;

static void msd_parts(void *ctx, int64_t begin, int64_t end) {
    const msd_job *j = ctx;
    for (int64_t p = begin; p < end; p++)
        j->walk(j, j->part[p], j->part[p + 1]);
}

static void msd_parallel(msd_job *j, uint32_t nb, int64_t n) {
    int parts = 0;
    j->part[0] = 0;
    int64_t want = n / MSD_PARTS;
    for (uint32_t d = 0; d < nb && parts < MSD_PARTS - 1; d++)
        if (j->end[d] >= (uint64_t)want * (uint64_t)(parts + 1)) j->part[++parts] = d + 1;
    if (j->part[parts] != nb) j->part[++parts] = nb;
    tc__parallel_for(parts, 1, msd_parts, j);
}

/* A long line in pieces: each piece's span and float statistics, then its counts of the digit
 * (shift sh, less base) in count + piece * MSD_DIGITS, which become its buckets' offsets. */
typedef struct msd_top_job {
    const void *src;
    void *dst;
    int64_t n;
    int pieces, sh;
    uint64_t base;
    uint64_t lo[MSD_PIECES], hi[MSD_PIECES];
    int64_t below[MSD_PIECES], top[MSD_PIECES];
    bool special[MSD_PIECES];
    uint32_t *count;
} msd_top_job;

static int64_t piece_start(const msd_top_job *j, int64_t p) { return j->n * p / j->pieces; }

#define MSD_VALUES(NAME, K, KEY)                                                                   \
    /* The n keys at data put in order into final (which may be data), turned back. */            \
    static void NAME##_leaf(const K *data, K *final, int64_t n) {                                  \
        for (int64_t i = 0; i < n; i++) {                                                          \
            K k = data[i];                                                                         \
            int64_t j = i;                                                                         \
            for (; j > 0 && final[j - 1] > k; j--)                                                 \
                final[j] = final[j - 1];                                                           \
            final[j] = k;                                                                          \
        }                                                                                          \
        for (int64_t i = 0; i < n; i++)                                                            \
            final[i] = KEY##_back(final[i]);                                                       \
    }                                                                                              \
    static void NAME##_rec(K *data, K *other, K *final, int64_t n);                                \
    /* Buckets [d0, d1) of keys (ends in end[], d0 starting at start) sorted into final. */       \
    static void NAME##_walk(K *keys, K *scratch, K *final, const uint32_t *end, uint32_t d0, \
                            uint32_t d1, uint32_t start) {                                         \
        uint32_t run = start;                                                                      \
        for (uint32_t d = d0; d < d1; d++) {                                                       \
            uint32_t e = end[d];                                                                   \
            if (e - start > MSD_LEAF) {                                                            \
                NAME##_leaf(keys + run, final + run, start - run);                                 \
                NAME##_rec(keys + start, scratch + start, final + start, e - start);          \
                run = e;                                                                           \
            }                                                                                      \
            start = e;                                                                             \
        }                                                                                          \
        NAME##_leaf(keys + run, final + run, start - run);                                         \
    }                                                                                              \
    static void NAME##_walk_part(const msd_job *j, uint32_t d0, uint32_t d1) {                     \
        NAME##_walk(j->keys, j->scratch, j->final, j->end, d0, d1, d0 ? j->end[d0 - 1] : 0);       \
    }                                                                                              \
    /* The nb buckets of n keys (ends in end[]) sorted into final, on the threads if long. */      \
    static void NAME##_buckets(K *keys, K *scratch, K *final, const uint32_t *end, uint32_t nb, int64_t n) { \
        if (n >= MSD_PARALLEL_MIN && tc__cpu_threads() > 1) {                                      \
            msd_job j = {.keys = keys, .scratch = scratch, .final = final, .end = end,              \
                         .walk = NAME##_walk_part};                                                \
            msd_parallel(&j, nb, n);                                                               \
        } else {                                                                                   \
            NAME##_walk(keys, scratch, final, end, 0, nb, 0);                                      \
        }                                                                                          \
    }                                                                                              \
    /* n copies of the value whose key is k (a line of equal keys) */                              \
    static void NAME##_fill(K *out, K k, int64_t n) {                                              \
        K v = KEY##_back(k);                                                                       \
        for (int64_t j = 0; j < n; j++)                                                            \
            out[j] = v;                                                                            \
    }                                                                                              \
    /* The n keys at data (values at src when 'values': turned into keys as they are read),       \
     * spanning [lo, hi] with lo < hi, distributed into other by one digit and each bucket        \
     * sorted into final. data, when it holds keys, is the buckets' scratch, else final is. */    \
    static void NAME##_split(const K *data, K *other, K *final, int64_t n, K lo, K hi, bool values) { \
        uint32_t c[MSD_DIGITS + 1];                                                                \
        int span = MSD_SPAN(K, lo ^ hi);                                                           \
        int bits = msd_bits(n, span), sh = span - bits;                                            \
        K base = lo >> sh;                                                                         \
        uint32_t nb = (uint32_t)((hi >> sh) - base) + 1;                                           \
        memset(c, 0, sizeof(uint32_t) * (nb + 1));                                                 \
        if (values)                                                                                \
            for (int64_t j = 0; j < n; j++)                                                        \
                c[(KEY(data[j]) >> sh) - base + 1]++;                                              \
        else                                                                                       \
            for (int64_t j = 0; j < n; j++)                                                        \
                c[(data[j] >> sh) - base + 1]++;                                                   \
        for (uint32_t d = 1; d <= nb; d++)                                                         \
            c[d] += c[d - 1];                                                                      \
        if (values)                                                                                \
            for (int64_t j = 0; j < n; j++) {                                                      \
                K k = KEY(data[j]);                                                                \
                other[c[(k >> sh) - base]++] = k;                                                  \
            }                                                                                      \
        else                                                                                       \
            for (int64_t j = 0; j < n; j++) {                                                      \
                K k = data[j];                                                                     \
                other[c[(k >> sh) - base]++] = k;                                                  \
            }                                                                                      \
        /* c[d] is now bucket d's end */                                                           \
        NAME##_buckets(other, values ? final : (K *)data, final, c, nb, n);                        \
    }                                                                                              \
    /* NAME##_split's keys spanning [lo, hi]; equal keys (lo == hi) just filled in */              \
    static void NAME##_settle(const K *data, K *other, K *final, int64_t n, K lo, K hi, bool values) { \
        if (lo == hi)                                                                              \
            NAME##_fill(final, lo, n);                                                             \
        else                                                                                       \
            NAME##_split(data, other, final, n, lo, hi, values);                                   \
    }                                                                                              \
    /* The n keys at data sorted into final, other their scratch. */                               \
    static void NAME##_rec(K *data, K *other, K *final, int64_t n) {                               \
        K lo = data[0], hi = data[0];                                                              \
        for (int64_t j = 1; j < n; j++) {                                                          \
            K k = data[j];                                                                         \
            lo = k < lo ? k : lo;                                                                  \
            hi = k > hi ? k : hi;                                                                  \
        }                                                                                          \
        NAME##_settle(data, other, final, n, lo, hi, false);                                       \
    }                                                                                              \
    static void NAME##_span_pieces(void *ctx, int64_t begin, int64_t end) {                        \
        msd_top_job *j = ctx;                                                                      \
        for (int64_t p = begin; p < end; p++) {                                                    \
            const K *src = j->src;                                                                 \
            int64_t b = piece_start(j, p), e = piece_start(j, p + 1), below = 0, top = 0;          \
            bool special = false;                                                                  \
            K lo = KEY(src[b]), hi = lo;                                                           \
            for (int64_t i = b; i < e; i++) {                                                      \
                K u = src[i], k = KEY(u);                                                          \
                below += k < SIGN_BIT(K);                                                          \
                top += k == (K)~(K)0;                                                              \
                special |= u == SIGN_BIT(K);                                                       \
                lo = k < lo ? k : lo;                                                              \
                hi = k > hi ? k : hi;                                                              \
            }                                                                                      \
            j->lo[p] = lo, j->hi[p] = hi, j->below[p] = below, j->top[p] = top;                    \
            j->special[p] = special;                                                               \
        }                                                                                          \
    }                                                                                              \
    static void NAME##_count_pieces(void *ctx, int64_t begin, int64_t end) {                       \
        msd_top_job *j = ctx;                                                                      \
        const K *src = j->src;                                                                     \
        K base = (K)j->base;                                                                       \
        for (int64_t p = begin; p < end; p++) {                                                    \
            uint32_t *c = j->count + p * MSD_DIGITS;                                               \
            for (int64_t i = piece_start(j, p); i < piece_start(j, p + 1); i++)                    \
                c[(KEY(src[i]) >> j->sh) - base]++;                                                \
        }                                                                                          \
    }                                                                                              \
    static void NAME##_scatter_pieces(void *ctx, int64_t begin, int64_t end) {                     \
        msd_top_job *j = ctx;                                                                      \
        const K *src = j->src;                                                                     \
        K *dst = j->dst, base = (K)j->base;                                                        \
        for (int64_t p = begin; p < end; p++) {                                                    \
            uint32_t *c = j->count + p * MSD_DIGITS;                                               \
            for (int64_t i = piece_start(j, p); i < piece_start(j, p + 1); i++) {                  \
                K k = KEY(src[i]);                                                                 \
                dst[c[(k >> j->sh) - base]++] = k;                                                 \
            }                                                                                      \
        }                                                                                          \
    }                                                                                              \
    /* The long line's sort on the threads; false (nothing done) when its counts could not be     \
     * allocated. */                                                                               \
    static bool NAME##_parallel(K *out, const K *src, K *tmp, int64_t n, key_stats *st) {          \
        int pieces = 2 * tc__cpu_threads();                                                        \
        pieces = pieces < MSD_PIECES ? pieces : MSD_PIECES;                                        \
        uint32_t *count = tc__malloc(sizeof(uint32_t) * MSD_DIGITS * (size_t)(pieces + 1));        \
        if (!count) return false;                                                                  \
        msd_top_job j = {.src = src, .dst = tmp, .n = n, .pieces = pieces, .count = count};        \
        tc__parallel_for(pieces, 1, NAME##_span_pieces, &j);                                       \
        K lo = (K)j.lo[0], hi = (K)j.hi[0];                                                        \
        *st = (key_stats){0, 0, false};                                                            \
        for (int p = 0; p < pieces; p++) {                                                         \
            lo = (K)j.lo[p] < lo ? (K)j.lo[p] : lo;                                                \
            hi = (K)j.hi[p] > hi ? (K)j.hi[p] : hi;                                                \
            st->below += j.below[p];                                                               \
            st->top += j.top[p];                                                                   \
            st->special |= j.special[p] || j.top[p];                                               \
        }                                                                                          \
        if (lo == hi) {                                                                            \
            NAME##_fill(out, lo, n);                                                               \
            tc_free(count);                                                                        \
            return true;                                                                           \
        }                                                                                          \
        int span = MSD_SPAN(K, lo ^ hi);                                                           \
        j.sh = span - msd_bits(n, span);                                                           \
        j.base = lo >> j.sh;                                                                       \
        uint32_t nb = (uint32_t)((hi >> j.sh) - (lo >> j.sh)) + 1;                                 \
        memset(count, 0, sizeof(uint32_t) * MSD_DIGITS * (size_t)pieces);                          \
        tc__parallel_for(pieces, 1, NAME##_count_pieces, &j);                                      \
        /* each piece's offsets: its buckets follow the earlier pieces' of the same digit */       \
        uint32_t *end = count + (size_t)pieces * MSD_DIGITS, sum = 0;                              \
        for (uint32_t d = 0; d < nb; d++) {                                                        \
            for (int p = 0; p < pieces; p++) {                                                     \
                uint32_t x = count[p * MSD_DIGITS + d];                                            \
                count[p * MSD_DIGITS + d] = sum;                                                   \
                sum += x;                                                                          \
            }                                                                                      \
            end[d] = sum;                                                                          \
        }                                                                                          \
        tc__parallel_for(pieces, 1, NAME##_scatter_pieces, &j);                                    \
        NAME##_buckets(tmp, out, out, end, nb, n);                                                 \
        tc_free(count);                                                                            \
        return true;                                                                               \
    }                                                                                              \
    static void NAME(K *out, const K *src, K *tmp, int64_t n, key_stats *st) {                     \
        if (n >= MSD_PARALLEL_MIN && tc__cpu_threads() > 1 && NAME##_parallel(out, src, tmp, n, st)) \
            return;                                                                                \
        int64_t below = 0, top = 0;                                                                \
        bool special = false;                                                                      \
        K lo = KEY(src[0]), hi = lo;                                                               \
        for (int64_t j = 0; j < n; j++) {                                                          \
            K u = src[j], k = KEY(u);                                                              \
            below += k < SIGN_BIT(K);                                                              \
            top += k == (K)~(K)0;                                                                  \
            special |= u == SIGN_BIT(K);                                                           \
            lo = k < lo ? k : lo;                                                                  \
            hi = k > hi ? k : hi;                                                                  \
        }                                                                                          \
        *st = (key_stats){below, top, special || top};                                             \
        NAME##_settle(src, tmp, out, n, lo, hi, true);                                             \
    }

/* The same for short lines: an insertion sort over the keys, made and turned back in out. */
#define INSERTION_VALUES(NAME, K, KEY)                                                             \
    static void NAME(K *out, const K *src, int64_t n, key_stats *st) {                            \
        *st = (key_stats){0, 0, false};                                                            \
        for (int64_t i = 0; i < n; i++) {                                                          \
            K u = src[i], k = KEY(u);                                                              \
            st->below += k < SIGN_BIT(K);                                                          \
            st->top += k == (K)~(K)0;                                                              \
            st->special |= u == SIGN_BIT(K) || k == (K)~(K)0;                                      \
            int64_t j = i;                                                                         \
            for (; j > 0 && out[j - 1] > k; j--)                                                   \
                out[j] = out[j - 1];                                                               \
            out[j] = k;                                                                            \
        }                                                                                          \
        for (int64_t i = 0; i < n; i++)                                                            \
            out[i] = KEY##_back(out[i]);                                                           \
    }

/* 64-bit keys take the MSD sort from SMALL_LINE on; 32-bit ones up to MSD_NARROW_MAX keys, LSD
 * passes (3 or 4) over longer lines. */
enum { MSD_NARROW_MAX = 8192 };
#define VALUES_SORT64(SUFFIX, KEY)                                                                 \
    MSD_VALUES(msd_##SUFFIX, uint64_t, KEY)                                                        \
    INSERTION_VALUES(insertion_##SUFFIX, uint64_t, KEY)                                            \
    static void sort_##SUFFIX(uint64_t *out, const uint64_t *src, uint64_t *tmp, int64_t n, key_stats *st) { \
        if (n < SMALL_LINE)                                                                        \
            insertion_##SUFFIX(out, src, n, st);                                                   \
        else                                                                                       \
            msd_##SUFFIX(out, src, tmp, n, st);                                                    \
    }
#define VALUES_SORT32(SUFFIX, KEY)                                                                 \
    MSD_VALUES(msd_##SUFFIX, uint32_t, KEY)                                                        \
    RADIX_VALUES(radix8_##SUFFIX, uint32_t, 8, KEY)                                                \
    RADIX_VALUES(radix11_##SUFFIX, uint32_t, 11, KEY)                                              \
    INSERTION_VALUES(insertion_##SUFFIX, uint32_t, KEY)                                            \
    static void sort_##SUFFIX(uint32_t *out, const uint32_t *src, uint32_t *tmp, int64_t n, key_stats *st) { \
        if (n < SMALL_LINE)                                                                        \
            insertion_##SUFFIX(out, src, n, st);                                                   \
        else if (n <= MSD_NARROW_MAX)                                                              \
            msd_##SUFFIX(out, src, tmp, n, st);                                                    \
        else if (n < WIDE_DIGITS_MIN)                                                              \
            radix8_##SUFFIX(out, src, tmp, n, st);                                                 \
        else                                                                                       \
            radix11_##SUFFIX(out, src, tmp, n, st);                                                \
    }
VALUES_SORT32(f32, vkey_f32)
VALUES_SORT64(f64, vkey_f64)
VALUES_SORT32(i32, vkey_i32)
VALUES_SORT64(i64, vkey_i64)
#undef VALUES_SORT32
#undef VALUES_SORT64
#undef INSERTION_VALUES
#undef MSD_VALUES
#undef RADIX_SCATTER
#undef RADIX_VALUES

bool tc__sort_values_dtype(tc_dtype dt) {
    return dt == TC_DTYPE_F32 || dt == TC_DTYPE_F64 || dt == TC_DTYPE_I32 || dt == TC_DTYPE_I64;
}

/* The zeros and the NaNs of the n values at src written, in src's order, over the sorted
 * line's run of zeros (from z) and of NaNs (from nan). */
#define FLOAT_FIXUP(NAME, K, INF)                                                                  \
    static void NAME(K *dst, const K *src, int64_t n, int64_t z, int64_t nan) {                   \
        for (int64_t j = 0; j < n; j++) {                                                          \
            K u = src[j];                                                                          \
            if ((u & ~SIGN_BIT(K)) == 0)                                                           \
                dst[z++] = u;                                                                      \
            else if ((u & ~SIGN_BIT(K)) > (INF))                                                   \
                dst[nan++] = u;                                                                    \
        }                                                                                          \
    }
FLOAT_FIXUP(float_fixup32, uint32_t, 0x7F800000u)
FLOAT_FIXUP(float_fixup64, uint64_t, 0x7FF0000000000000ull)
#undef FLOAT_FIXUP

size_t tc__sort_values_scratch(int64_t n, tc_dtype dt) {
    return (size_t)(n > 0 ? n : 1) * tc_dtype_size(dt);
}

bool tc__sort_values_line(void *dst, const void *src, int64_t n, tc_dtype dt, void *scratch) {
    key_stats st = {0, 0, false};
    if (n == 0) return false;
    switch (dt) {
    case TC_DTYPE_F32:
        sort_f32(dst, src, scratch, n, &st);
        if (st.special) float_fixup32(dst, src, n, st.below, n - st.top);
        return st.special;
    case TC_DTYPE_F64:
        sort_f64(dst, src, scratch, n, &st);
        if (st.special) float_fixup64(dst, src, n, st.below, n - st.top);
        return st.special;
    case TC_DTYPE_I32: sort_i32(dst, src, scratch, n, &st); return false;
    case TC_DTYPE_I64: sort_i64(dst, src, scratch, n, &st); return false;
    default: TC_ASSERT(!"tc__sort_values_line: dtype without a values sort");
    }
    return false;
}

typedef struct {
    const char *src; /* lines of n elements, contiguous */
    char *dst;
    int64_t n;
    tc_dtype dt;
    atomic_bool special;
} values_job;

static void values_line(void *ctx, int64_t l, void *scratch) {
    values_job *j = ctx;
    size_t off = (size_t)(l * j->n) * tc_dtype_size(j->dt);
    if (tc__sort_values_line(j->dst + off, j->src + off, j->n, j->dt, scratch)) atomic_store(&j->special, true);
}

tc_tensor *tc__sort_values_cpu(tc_tensor *t, int d, bool *special, tc_error *err) {
    tc_tensor *src = tc__lines_last(t, d, err);
    tc_tensor *out = src ? tc_empty(src->shape, src->ndim, src->dtype, t->device, err) : NULL;
    if (!out) {
        tc_tensor_unref(src);
        return NULL;
    }
    values_job j = {.src = tc_data_ptr(src), .dst = tc_data_ptr(out), .n = t->shape[d], .dt = src->dtype};
    atomic_init(&j.special, false);
    int64_t lines = j.n ? tc_numel(src) / j.n : 0;
    int rc = tc__parallel_lines(lines, 1 + 16384 / (j.n ? j.n : 1), tc__sort_values_scratch(j.n, j.dt), values_line,
                                &j, err);
    tc_tensor_unref(src);
    if (rc) {
        tc_tensor_unref(out);
        return NULL;
    }
    if (special) *special = atomic_load(&j.special);
    return tc__lines_back(out, d, err);
}
