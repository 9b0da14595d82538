/*
 * Strided N-d iteration for the CPU kernels (see cpu-iter.h).
 */
#include <stdatomic.h>

#include "cpu-iter.h"

#define POLL_ELEMS 65536
#define PAR_GRAIN (1 << 18)

/* The byte range a view can touch. */
static void view_span(const tc_kview *v, const char **lo, const char **hi) {
    int64_t es = (int64_t)tc_dtype_size(v->dtype), a = 0, b = es;
    for (int d = 0; d < v->ndim; d++) {
        if (v->shape[d] == 0) { *lo = *hi = v->data; return; }
        int64_t e = (v->shape[d] - 1) * v->strides[d] * es;
        if (e < 0) a += e; else b += e;
    }
    *lo = (const char *)v->data + a;
    *hi = (const char *)v->data + b;
}

/* The dims in the order the output lies in memory (outermost first), as PyTorch's iterator
 * walks them, so an output laid out like a transposed input is written in order. Kept in
 * the logical order when an input shares the output's memory with other strides (then the
 * element order could matter). */
static void dim_order(const tc_kview *const *views, int nops, int *perm) {
    const tc_kview *o = views[0];
    for (int d = 0; d < o->ndim; d++) perm[d] = d;
    const char *olo, *ohi;
    view_span(o, &olo, &ohi);
    for (int k = 1; k < nops; k++) {
        const char *lo, *hi;
        view_span(views[k], &lo, &hi);
        if (lo < ohi && olo < hi &&
            (views[k]->ndim != o->ndim ||
             memcmp(views[k]->strides, o->strides, sizeof(int64_t) * (size_t)o->ndim) != 0))
            return;
    }
    for (int i = 1; i < o->ndim; i++) { /* stable: equal strides keep their order */
        int d = perm[i], j = i;
        int64_t sd = o->strides[d] < 0 ? -o->strides[d] : o->strides[d];
        while (j > 0) {
            int e = perm[j - 1];
            int64_t se = o->strides[e] < 0 ? -o->strides[e] : o->strides[e];
            if (se >= sd || o->shape[e] == 1 || o->shape[d] == 1) break;
            perm[j] = e;
            j--;
        }
        perm[j] = d;
    }
}

/* Merge adjacent dims that are contiguous with each other in every operand, drop 1s. */
void tc__iter_init(tc__iter *it, const tc_kview *const *views, int nops) {
    const tc_kview *o = views[0];
    it->nops = nops;
    it->ndim = 0;
    it->numel = 1;
    int perm[TC_MAX_DIMS];
    dim_order(views, nops, perm);
    for (int k = 0; k < nops; k++) {
        it->base[k] = views[k]->data;
        it->es[k] = (int64_t)tc_dtype_size(views[k]->dtype);
    }
    for (int di = 0; di < o->ndim; di++) {
        int d = perm[di];
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

/* ---- tiles for transposed operands -------------------------------------------------------
 * When an operand runs across the innermost dim with a large stride but along the next dim
 * contiguously (a transpose), walking whole rows touches a new cache line per element.
 * The last two dims are then walked in square tiles, so each line read is used for a whole
 * tile's rows while it is still in cache. Elementwise loops do not depend on the order.
 * Such an input's tile is first copied into a contiguous buffer along its own rows: read in
 * place, a tile's columns lie a power-of-two stride apart in the common square case and fall
 * into one cache set, which holds eight of the sixty-four lines (every read then missed). */

#define TILE 64

static int64_t span_lo(const tc__iter *it, int k) {
    int64_t lo = 0;
    for (int d = 0; d < it->ndim; d++)
        if (it->strides[k][d] < 0) lo += (it->shape[d] - 1) * it->strides[k][d];
    return lo;
}

static int64_t span_hi(const tc__iter *it, int k) {
    int64_t hi = it->es[k]; /* past the last element's bytes (not more: an output allocated
                               right after an input must not count as overlapping it) */
    for (int d = 0; d < it->ndim; d++)
        if (it->strides[k][d] > 0) hi += (it->shape[d] - 1) * it->strides[k][d];
    return hi;
}

/* Whether tiling pays and is safe: some operand is transposed across the last two dims and
 * the output shares no memory with an input (then the order of elements cannot matter). */
static bool want_tiles(const tc__iter *it) {
    int last = it->ndim - 1;
    if (it->ndim < 2 || it->shape[last] < TILE || it->shape[last - 1] < TILE) return false;
    bool transposed = false;
    for (int k = 0; k < it->nops; k++) {
        int64_t si = it->strides[k][last] < 0 ? -it->strides[k][last] : it->strides[k][last];
        int64_t so = it->strides[k][last - 1] < 0 ? -it->strides[k][last - 1] : it->strides[k][last - 1];
        if (si > 64 && so < si && so > 0) transposed = true;
    }
    if (!transposed) return false;
    const char *o = it->base[0];
    for (int k = 1; k < it->nops; k++) {
        const char *b = it->base[k];
        if (o + span_lo(it, 0) < b + span_hi(it, k) && b + span_lo(it, k) < o + span_hi(it, 0))
            return false;
    }
    return true;
}

/* Whether input k's tiles are copied first: it runs across the last dim with a large stride. */
static bool gathered(const tc__iter *it, int k) {
    int64_t si = it->strides[k][it->ndim - 1];
    return k > 0 && it->es[k] <= 16 && (si > 64 || si < -64);
}

/* Rows [r0, r1) and columns [c0, c0 + n) of operand k (tile origin q) into buf, row pitch
 * TILE elements, reading each column of the tile in its memory order. */
static void gather_tile(const tc__iter *it, int k, const char *q, int64_t r0, int64_t r1, int64_t c0,
                        int64_t n, char *buf) {
    int last = it->ndim - 1;
    int64_t si = it->strides[k][last], so = it->strides[k][last - 1], es = it->es[k];
#if defined(__x86_64__)
    static int avx2 = -1;
    if (avx2 < 0) avx2 = __builtin_cpu_supports("avx2");
    if (avx2 && es == 4 && so == 4 && n == TILE && r1 - r0 == TILE) {
        /* the tile's columns are rows of memory: whole 8x8 blocks through registers, eight
         * lines read at once */
        for (int64_t cc = 0; cc < TILE; cc += 8)
            for (int64_t r = 0; r < TILE; r += 8)
                tc__cpu_tr8x8(q + (r0 + r) * 4 + (c0 + cc) * si, si, buf + (r * TILE + cc) * 4, TILE * 4);
        return;
    }
#endif
    for (int64_t cc = 0; cc < n; cc++) {
        const char *src = q + r0 * so + (c0 + cc) * si;
        char *dst = buf + cc * es;
        switch (es) {
        case 4:
            for (int64_t r = 0; r < r1 - r0; r++) memcpy(dst + r * TILE * 4, src + r * so, 4);
            break;
        case 8:
            for (int64_t r = 0; r < r1 - r0; r++) memcpy(dst + r * TILE * 8, src + r * so, 8);
            break;
        default:
            for (int64_t r = 0; r < r1 - r0; r++) memcpy(dst + r * TILE * es, src + r * so, (size_t)es);
            break;
        }
    }
}

/* Bands of TILE rows of the last two dims (over every outer index), each walked tile by tile. */
static void run_bands(void *vctx, int64_t begin, int64_t end) {
    run_ctx *c = vctx;
    const tc__iter *it = c->it;
    int last = it->ndim - 1, nops = it->nops;
    int64_t rows = it->shape[last - 1], cols = it->shape[last];
    int64_t bands = (rows + TILE - 1) / TILE;
    int64_t s[TC__ITER_MAX_OPS], ps[TC__ITER_MAX_OPS];
    char *buf[TC__ITER_MAX_OPS] = {0};
    for (int k = 0; k < nops; k++) {
        s[k] = it->strides[k][last];
        ps[k] = it->strides[k][last - 1];
        if (gathered(it, k) && (buf[k] = tc__malloc((size_t)(TILE * TILE * it->es[k])))) {
            s[k] = it->es[k];
            ps[k] = TILE * it->es[k];
        }
    }
    for (int64_t b = begin; b < end; b++) {
        int64_t outer = b / bands, r0 = (b % bands) * TILE;
        int64_t r1 = r0 + TILE < rows ? r0 + TILE : rows;
        char *q[TC__ITER_MAX_OPS];
        for (int k = 0; k < nops; k++) {
            q[k] = it->base[k];
            int64_t rem = outer;
            for (int d = last - 2; d >= 0; d--) {
                q[k] += rem % it->shape[d] * it->strides[k][d];
                rem /= it->shape[d];
            }
        }
        for (int64_t c0 = 0; c0 < cols; c0 += TILE) {
            int64_t n = cols - c0 < TILE ? cols - c0 : TILE;
            char *t[TC__ITER_MAX_OPS]; /* the tile's first row */
            for (int k = 0; k < nops; k++) {
                if (buf[k]) {
                    gather_tile(it, k, q[k], r0, r1, c0, n, buf[k]);
                    t[k] = buf[k];
                } else {
                    t[k] = q[k] + r0 * ps[k] + c0 * s[k];
                }
            }
            for (int64_t r = r0; r < r1; r++) {
                char *p[TC__ITER_MAX_OPS];
                for (int k = 0; k < nops; k++) p[k] = t[k] + (r - r0) * ps[k];
                int st = c->loop(p, s, n, c->extra);
                if (st) {
                    atomic_store(&c->status, st);
                    goto done;
                }
            }
        }
        if (tc_interrupt_pending() || atomic_load(&c->status)) {
            if (!atomic_load(&c->status)) atomic_store(&c->status, 2);
            goto done;
        }
    }
done:
    for (int k = 0; k < nops; k++) tc__free(buf[k]);
}

/* Run loop over the whole iteration space. */
int tc__iter_run(const tc__iter *it, tc__loop_fn loop, const void *extra, tc_error *err) {
    if (it->numel == 0) return 0;
    run_ctx c = {it, loop, extra, 0};
    if (want_tiles(it)) {
        int last = it->ndim - 1;
        int64_t band = TILE * it->shape[last];
        int64_t items = it->numel / (it->shape[last - 1] * it->shape[last]) *
                        ((it->shape[last - 1] + TILE - 1) / TILE);
        tc__parallel_for(items, band >= PAR_GRAIN ? 1 : PAR_GRAIN / band + 1, run_bands, &c);
    } else {
        tc__parallel_for(it->numel, PAR_GRAIN, run_range, &c);
    }
    int st = atomic_load(&c.status);
    if (st == 1) return tc_error_set(err, TC_EXC_RUNTIME, "ZeroDivisionError");
    if (st == 2 || tc_interrupt_pending()) return tc_interrupt_check(err) ? -1 : 0;
    return 0;
}

/* See cpu-iter.h. */
int tc__iter_run_tensors(tc_tensor *out, tc_tensor *const *ins, int nin, tc__loop_fn loop,
                         const void *extra, tc_error *err) {
    tc_tensor *ex[TC__ITER_MAX_OPS - 1] = {0};
    tc_kview kv[TC__ITER_MAX_OPS];
    const tc_kview *views[TC__ITER_MAX_OPS] = {&kv[0], &kv[1], &kv[2], &kv[3]};
    int r = 0;
    for (int i = 0; i < nin && !r; i++)
        if (!(ex[i] = tc_expand(ins[i], out->shape, out->ndim, err))) r = -1;
    if (!r && tc_numel(out)) {
        tc__kview(out, &kv[0]);
        for (int i = 0; i < nin; i++)
            tc__kview(ex[i], &kv[i + 1]);
        tc__iter it;
        tc__iter_init(&it, views, nin + 1);
        r = tc__iter_run(&it, loop, extra, err);
    }
    for (int i = 0; i < nin; i++)
        tc_tensor_unref(ex[i]);
    return r;
}
