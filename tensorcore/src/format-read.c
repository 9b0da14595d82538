/*
 * Reading the elements a print shows, and small helpers shared by the formatters.
 *
 * The shown set is computed per dim first (all indices, or the first and last 'edge'
 * ones when summarizing), so a summarized 1e8-element tensor is touched at a few dozen
 * places only. CPU memory is read in place through the strides. Device memory cannot be
 * dereferenced: the shown elements are copied to a small host buffer, one transfer per
 * contiguous run, through tc_transfer_d2h with cause "print".
 */
#include <stdlib.h>
#include <string.h>

#include "format-impl.h"
#include "tensorcore/alloc.h"
#include "tensorcore/backend.h"
#include "tensorcore/storage.h"

/* ---- dtype facts from the one X-macro list (no link dependency on dtype.c) ------------- */

#define NAME_TORCH(id, ct, sz, kind, tn, nn, cn) tn,
#define NAME_NUMPY(id, ct, sz, kind, tn, nn, cn) nn,
#define SIZE_OF(id, ct, sz, kind, tn, nn, cn) sz,
#define KIND_OF(id, ct, sz, kind, tn, nn, cn) kind,
static const char *const torch_names[] = {TC_DTYPE_LIST(NAME_TORCH)};
static const char *const numpy_names[] = {TC_DTYPE_LIST(NAME_NUMPY)};
static const size_t sizes[] = {TC_DTYPE_LIST(SIZE_OF)};
static const tc_dtype_kind kinds[] = {TC_DTYPE_LIST(KIND_OF)};

/* "float32" for TC_DTYPE_F32. */
const char *tc__fmt_dtype_torch_name(tc_dtype dt) {
    return torch_names[dt];
}
/* NumPy's name, "" where NumPy has none. */
const char *tc__fmt_dtype_numpy_name(tc_dtype dt) {
    return numpy_names[dt];
}
/* Element size in bytes. */
size_t tc__fmt_dtype_size(tc_dtype dt) {
    return sizes[dt];
}
/* Floating-point dtype (float16, bfloat16, float32, float64)? */
bool tc__fmt_dtype_is_float(tc_dtype dt) {
    return kinds[dt] == TC_KIND_FLOAT;
}

/* Element at p of a bool or integer dtype, widened to int64. */
static int64_t load_int(const void *p, tc_dtype dt) {
    union {
        uint8_t u8;
        int8_t i8;
        int16_t i16;
        int32_t i32;
        int64_t i64;
    } u;
    memcpy(&u, p, sizes[dt]);
    switch (dt) {
    case TC_DTYPE_BOOL:
        return u.u8 != 0;
    case TC_DTYPE_U8:
        return u.u8;
    case TC_DTYPE_I8:
        return u.i8;
    case TC_DTYPE_I16:
        return u.i16;
    case TC_DTYPE_I32:
        return u.i32;
    default:
        return u.i64;
    }
}

/* Element at p as double. */
double tc__fmt_load_f64(const void *p, tc_dtype dt) {
    union {
        uint16_t h;
        float f;
        double d;
    } u;
    if (!tc__fmt_dtype_is_float(dt)) return (double)load_int(p, dt);
    memcpy(&u, p, sizes[dt]);
    switch (dt) {
    case TC_DTYPE_F16:
        return tc_f16_to_f32(u.h);
    case TC_DTYPE_BF16:
        return tc_bf16_to_f32(u.h);
    case TC_DTYPE_F32:
        return u.f;
    default:
        return u.d;
    }
}

/* Element at p as int64 (integer and bool dtypes). */
int64_t tc__fmt_load_i64(const void *p, tc_dtype dt) {
    if (tc__fmt_dtype_is_float(dt)) return (int64_t)tc__fmt_load_f64(p, dt);
    return load_int(p, dt);
}

/* ---- small string helpers ------------------------------------------------------------- */

/* Append n spaces (n <= 0: nothing). */
int tc__fmt_strbuf_spaces(tc_strbuf *b, int64_t n) {
    static const char sp[] = "                                                                ";
    while (n > 0) {
        size_t k = n > 64 ? 64 : (size_t)n;
        if (tc_strbuf_append(b, sp, k) < 0) return -1;
        n -= (int64_t)k;
    }
    return 0;
}

/* Python's str(tuple): "(2, 0)", "(3,)", "()". */
int tc__fmt_shape_str(tc_strbuf *b, const int64_t *shape, int ndim) {
    if (tc_strbuf_append(b, "(", 1) < 0) return -1;
    for (int d = 0; d < ndim; d++)
        if (tc_strbuf_printf(b, d ? ", %lld" : "%lld", (long long)shape[d]) < 0) return -1;
    return tc_strbuf_append(b, ndim == 1 ? ",)" : ")", ndim == 1 ? 2 : 1);
}

/* Close the word just written to w->text. */
int tc__fmt_words_push_end(tc__fmt_words *w) {
    if (w->count + 2 > w->cap) {
        int64_t cap = w->cap ? w->cap * 2 : 64;
        size_t *p = tc_reallocarray(w->off, (size_t)cap, sizeof *p);
        if (!p) return -1;
        if (!w->off) p[0] = 0;
        w->off = p;
        w->cap = cap;
    }
    w->off[++w->count] = w->text.len;
    return 0;
}

/* Did every shown element get its word? If not, the walk was cut short by an interrupt:
 * report KeyboardInterrupt. */
int tc__fmt_words_check(const tc__fmt_shown *s, const tc__fmt_words *w, tc_error *err) {
    if (w->count == s->count) return 0;
    if (tc_interrupt_check(err) < 0) return -1;
    return tc_error_set(err, TC_EXC_RUNTIME, "printing stopped before the last element");
}

/* Release a word list. */
void tc__fmt_words_free(tc__fmt_words *w) {
    tc_strbuf_free(&w->text);
    tc_free(w->off);
    memset(w, 0, sizeof *w);
}

/* ---- read accounting ------------------------------------------------------------------ */

static _Thread_local int64_t g_reads;

/* Element reads by formatting on this thread since the last reset. */
int64_t tc_format_elements_read(void) {
    return g_reads;
}

/* Start counting element reads from zero. */
void tc_format_elements_read_reset(void) {
    g_reads = 0;
}

/* ---- the shown set -------------------------------------------------------------------- */

/* Index into the full dim for shown position j of dim d. */
static inline int64_t full_index(const tc__fmt_shown *s, int d, int64_t j) {
    return s->split[d] && j >= s->edge ? s->shape[d] - 2 * s->edge + j : j;
}

/* Byte offset of the element at shown multi-index idx. */
static int64_t shown_offset(const tc__fmt_shown *s, const int64_t *idx) {
    int64_t off = 0;
    for (int d = 0; d < s->ndim; d++)
        off += full_index(s, d, idx[d]) * s->bstrides[d];
    return off;
}

static void odometer_step(const tc__fmt_shown *s, int64_t *idx) {
    for (int d = s->ndim - 1; d >= 0; d--) {
        if (++idx[d] < s->nshown[d]) return;
        idx[d] = 0;
    }
}

/* Device copies for printing: when all shown elements lie within SPAN_MAX bytes they come
 * over in one transfer (small tensors, transposed views); otherwise contiguous runs whose
 * gaps are at most GAP_MAX bytes are fetched together, so a summarized print makes a
 * handful of small copies and never moves the unshown middle. */
enum { SPAN_MAX = 64 * 1024, GAP_MAX = 256 };

/* Copy bytes [lo, hi) of the device view to a host buffer, then scatter shown elements
 * k0..k1-1 (whose byte offsets are offs[k]) into the staging buffer. */
static int fetch_group(tc__fmt_shown *s, const tc_tensor *t, const char *dev, const int64_t *offs,
                       int64_t k0, int64_t k1, int64_t lo, int64_t hi, tc_error *err) {
    char *tmp = tc_malloc((size_t)(hi - lo));
    if (!tmp) return tc_error_set(err, TC_EXC_MEMORY, "out of memory while printing");
    int rc = tc_transfer_d2h(t->device, tmp, dev + lo, (size_t)(hi - lo), "print", err);
    for (int64_t k = k0; rc == 0 && k < k1; k++)
        memcpy(s->staging + k * (int64_t)s->esize, tmp + (offs[k] - lo), s->esize);
    tc_free(tmp);
    return rc;
}

/* Copy the shown elements of a device tensor to s->staging (dense, in shown order). */
static int gather_device(tc__fmt_shown *s, const tc_tensor *t, tc_error *err) {
    int64_t es = (int64_t)s->esize, n = s->count;
    s->staging = tc_reallocarray(NULL, (size_t)n, (size_t)es);
    int64_t *offs = tc_reallocarray(NULL, (size_t)n, sizeof *offs);
    if (!s->staging || !offs) {
        tc_free(offs);
        return tc_error_set(err, TC_EXC_MEMORY, "out of memory while printing");
    }
    const char *dev = (const char *)tc_storage_data(t->storage) + t->offset * es;
    int64_t idx[TC_MAX_DIMS] = {0}, lo = INT64_MAX, hi = INT64_MIN;
    for (int64_t k = 0; k < n; k++, odometer_step(s, idx)) {
        if ((k & 0x3fff) == 0x3fff && tc_interrupt_check(err) < 0) {
            tc_free(offs);
            return -1;
        }
        offs[k] = shown_offset(s, idx);
        if (offs[k] < lo) lo = offs[k];
        if (offs[k] + es > hi) hi = offs[k] + es;
    }
    int rc = 0;
    if (n > 0 && hi - lo <= SPAN_MAX) {
        rc = fetch_group(s, t, dev, offs, 0, n, lo, hi, err);
    } else {
        int64_t k0 = 0;
        for (int64_t k = 1; rc == 0 && k <= n; k++) {
            bool joins =
                k < n && offs[k] >= offs[k - 1] + es && offs[k] - (offs[k - 1] + es) <= GAP_MAX;
            if (joins) continue;
            rc = fetch_group(s, t, dev, offs, k0, k, offs[k0], offs[k - 1] + es, err);
            k0 = k;
        }
    }
    tc_free(offs);
    s->base = s->staging;
    return rc;
}

/* Prepare the shown-element set of strided tensor t. */
int tc__fmt_shown_init(tc__fmt_shown *s, const tc_tensor *t, bool summarize, int edge,
                       tc_error *err) {
    memset(s, 0, sizeof *s);
    s->dtype = t->dtype;
    s->ndim = t->ndim;
    s->edge = edge < 0 ? 0 : edge;
    /* A negative edge count shows what PyTorch's slices t[:edge] and t[-edge:] hold: the
     * first and the last n + edge elements of a vector (only vectors get this far). */
    bool neg = edge < 0 && summarize && t->ndim == 1;
    if (neg) s->edge = t->shape[0] + edge > 0 ? (int)(t->shape[0] + edge) : 0;
    s->esize = sizes[t->dtype];
    s->count = 1;
    for (int d = 0; d < t->ndim; d++) {
        s->shape[d] = t->shape[d];
        s->split[d] = neg || (summarize && t->shape[d] > 2 * (int64_t)s->edge);
        s->nshown[d] = s->split[d] ? 2 * (int64_t)s->edge : t->shape[d];
        s->bstrides[d] = t->strides[d] * (int64_t)s->esize;
        s->count *= s->nshown[d];
    }
    if (t->device.type != TC_DEVICE_CPU) return gather_device(s, t, err);
    s->base = (const char *)tc_data_ptr(t);
    if (!s->base && s->count > 0)
        return tc_error_set(err, TC_EXC_RUNTIME, "tensor has no host data to print");
    return 0;
}

/* Free the staging buffer (if any). */
void tc__fmt_shown_free(tc__fmt_shown *s) {
    tc_free(s->staging);
    s->staging = NULL;
}

/* Pointer to the k-th shown element. */
const void *tc__fmt_shown_at(const tc__fmt_shown *s, int64_t k) {
    g_reads++;
    if (s->staging) return s->staging + k * (int64_t)s->esize;
    int64_t off = 0;
    for (int d = s->ndim - 1; d >= 0; d--) {
        int64_t j = k % s->nshown[d];
        k /= s->nshown[d];
        off += full_index(s, d, j) * s->bstrides[d];
    }
    return s->base + off;
}

/* Begin a row-major walk over the shown elements. */
void tc__fmt_walk_start(tc__fmt_walk *w, const tc__fmt_shown *s) {
    memset(w, 0, sizeof *w);
    w->s = s;
}

/* The next shown element, or NULL when done. */
const void *tc__fmt_walk_next(tc__fmt_walk *w) {
    const tc__fmt_shown *s = w->s;
    if (w->k >= s->count) return NULL;
    /* A pending interrupt ends the walk early; tc__fmt_words_check reports it. */
    if ((w->k & 0x3fff) == 0x3fff && tc_interrupt_pending()) return NULL;
    g_reads++;
    const void *p =
        s->staging ? s->staging + w->k * (int64_t)s->esize : s->base + shown_offset(s, w->idx);
    w->k++;
    odometer_step(s, w->idx);
    return p;
}
