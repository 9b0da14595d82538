/*
 * Advanced indexing, PyTorch's aten::index and aten::index_put_: any number of index
 * tensors (int64/int32 index tensors, bool/uint8 masks expanded to their nonzero
 * coordinates), broadcast together; a dim without an index is kept whole. The indexed
 * block takes the broadcast index shape and stays in place when the indexed dims are
 * adjacent, otherwise it moves to the front (NumPy's rule). Index values are read on the
 * host; the copies run as one loop on the CPU and through the backend's copies elsewhere.
 */
#include <stdio.h>

#include "autograd.h"

/* A resolved indexing: which dims are indexed, the element offset of each index tuple. */
typedef struct adv_plan {
    int nidx;                      /* indexed dims (after mask expansion) */
    int dims[TC_MAX_DIMS];         /* the indexed dims of t, ascending */
    int nr;                        /* dims kept whole */
    int rdims[TC_MAX_DIMS];
    int nb;                        /* broadcast index shape */
    int64_t bshape[TC_MAX_DIMS];
    int64_t nB;                    /* number of index tuples */
    int pos;                       /* kept dims before the indexed block in the result */
    int ond;                       /* result shape */
    int64_t oshape[TC_MAX_DIMS];
    int64_t *off;                  /* per tuple: offset in t's element strides */
    int64_t *coff;                 /* per tuple: offset in a contiguous tensor of t's shape
                                    * (only computed for autograd) */
} adv_plan;

/* One index array on the host: int64 values with its own shape. */
typedef struct host_idx {
    tc_tensor *t; /* contiguous int64 CPU tensor (owned) */
    int dim;      /* the dim of the indexed tensor it applies to */
} host_idx;

static void plan_free(adv_plan *p) {
    tc__free(p->off);
    tc__free(p->coff);
    p->off = p->coff = NULL;
}

static tc_tensor *host_i64(tc_tensor *idx, tc_error *err) {
    tc_tensor *c = tc_to(idx, TC_DTYPE_I64, tc_device_cpu(), "index", err);
    tc_tensor *r = c ? tc_contiguous(c, err) : NULL;
    tc_tensor_unref(c);
    return r;
}

static bool is_mask(const tc_tensor *i) { return i->dtype == TC_DTYPE_BOOL || i->dtype == TC_DTYPE_U8; }

static int check_types(tc_tensor *const *ix, int n, tc_error *err) {
    for (int i = 0; i < n; i++) {
        if (!ix[i]) continue;
        if (tc__require_strided(ix[i], "index.Tensor", err)) return -1;
        tc_dtype d = ix[i]->dtype;
        if (d != TC_DTYPE_I64 && d != TC_DTYPE_I32 && !is_mask(ix[i]))
            return tc_error_set(err, TC_EXC_INDEX, "tensors used as indices must be long, int, byte or bool tensors");
    }
    return 0;
}

/* A mask's nonzero coordinates as one [count] int64 index per mask dim. */
static int expand_mask(tc_tensor *t, tc_tensor *mask, int src, host_idx *out, int *nout,
                       tc_error *err) {
    for (int j = 0; j < mask->ndim; j++) {
        if (src + j >= t->ndim) return tc_error_set(err, TC_EXC_INDEX, "too many indices for tensor of dimension %d", t->ndim);
        if (mask->shape[j] != t->shape[src + j]) {
            char a[256], b[256];
            return tc_error_set(err, TC_EXC_INDEX,
                                "The shape of the mask %s at index %d does not match the shape of the "
                                "indexed tensor %s at index %d",
                                tc__shape_str(mask->shape, mask->ndim, a, sizeof a), j,
                                tc__shape_str(t->shape, t->ndim, b, sizeof b), src + j);
        }
    }
    tc_tensor *c = tc_to(mask, TC_DTYPE_BOOL, tc_device_cpu(), "index", err);
    tc_tensor *h = c ? tc_contiguous(c, err) : NULL;
    tc_tensor_unref(c);
    if (!h) return -1;
    const bool *m = tc_data_ptr(h);
    int64_t n = tc_numel(h), cnt = 0;
    for (int64_t i = 0; i < n; i++) cnt += m[i];
    int rc = 0;
    for (int j = 0; j < mask->ndim && rc == 0; j++) {
        out[*nout].t = tc__tensor_new(&cnt, 1, TC_DTYPE_I64, tc_device_cpu(), err);
        out[*nout].dim = src + j;
        if (!out[*nout].t) rc = -1;
        else (*nout)++;
    }
    if (rc == 0) {
        int64_t coord[TC_MAX_DIMS] = {0}, k = 0, *dst[TC_MAX_DIMS];
        for (int j = 0; j < mask->ndim; j++) dst[j] = tc_data_ptr(out[*nout - mask->ndim + j].t);
        for (int64_t i = 0; i < n; i++) {
            if (m[i]) {
                for (int j = 0; j < mask->ndim; j++) dst[j][k] = coord[j];
                k++;
            }
            for (int d = mask->ndim - 1; d >= 0; d--) {
                if (++coord[d] < mask->shape[d]) break;
                coord[d] = 0;
            }
        }
    }
    tc_tensor_unref(h);
    return rc;
}

/* Masks to coordinates, index tensors to host int64, each tagged with its dim. */
static int expand_indices(tc_tensor *t, tc_tensor *const *ix, int n, host_idx *out, int *nout,
                          tc_error *err) {
    int src = 0;
    *nout = 0;
    for (int i = 0; i < n; i++) {
        if (!ix[i]) {
            src++;
        } else if (is_mask(ix[i])) {
            if (expand_mask(t, ix[i], src, out, nout, err)) return -1;
            src += ix[i]->ndim;
        } else {
            if (src >= t->ndim) return tc_error_set(err, TC_EXC_INDEX, "too many indices for tensor of dimension %d", t->ndim);
            out[*nout].t = host_i64(ix[i], err);
            out[*nout].dim = src++;
            if (!out[*nout].t) return -1;
            (*nout)++;
        }
    }
    return 0;
}

static int broadcast_all(const host_idx *h, int n, adv_plan *p, tc_error *err) {
    p->nb = 0;
    for (int i = 0; i < n; i++) {
        int nd;
        int64_t sh[TC_MAX_DIMS];
        tc_error e2 = {0};
        if (tc__broadcast_shapes(p->bshape, p->nb, h[i].t->shape, h[i].t->ndim, sh, &nd, &e2)) {
            char buf[1024] = "", one[256];
            size_t len = 0;
            for (int j = 0; j < n && len < sizeof buf - 256; j++)
                len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", j ? ", " : "",
                                        tc__shape_str(h[j].t->shape, h[j].t->ndim, one, sizeof one));
            return tc_error_set(err, TC_EXC_INDEX,
                                "shape mismatch: indexing tensors could not be broadcast together with shapes %s", buf);
        }
        memcpy(p->bshape, sh, sizeof(int64_t) * (size_t)nd);
        p->nb = nd;
    }
    p->nB = tc__shape_numel(p->bshape, p->nb);
    return 0;
}

/* Shapes, placement and offsets of each index tuple, with PyTorch's bounds errors. */
static int plan_offsets(tc_tensor *t, const host_idx *h, adv_plan *p, bool want_coff, tc_error *err) {
    int64_t cstr[TC_MAX_DIMS];
    tc__contig_strides(t->shape, t->ndim, cstr);
    for (int j = 0; j < p->nidx; j++)
        if (t->shape[p->dims[j]] == 0 && p->nB != 0)
            return tc_error_set(err, TC_EXC_INDEX, "index is out of bounds for dimension with size 0");
    p->off = tc__malloc(sizeof(int64_t) * (size_t)(p->nB ? p->nB : 1));
    p->coff = want_coff ? tc__malloc(sizeof(int64_t) * (size_t)(p->nB ? p->nB : 1)) : NULL;
    if (!p->off || (want_coff && !p->coff)) return tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
    /* element strides of each index array over the broadcast shape (0 on broadcast dims) */
    int64_t ist[TC_MAX_DIMS][TC_MAX_DIMS];
    for (int j = 0; j < p->nidx; j++) {
        const tc_tensor *it = h[j].t;
        int lead = p->nb - it->ndim;
        for (int d = 0; d < p->nb; d++)
            ist[j][d] = d < lead || it->shape[d - lead] == 1 ? 0 : it->strides[d - lead];
    }
    int64_t coord[TC_MAX_DIMS] = {0};
    const int64_t *src[TC_MAX_DIMS];
    for (int j = 0; j < p->nidx; j++) src[j] = tc_data_ptr(h[j].t);
    for (int64_t k = 0; k < p->nB; k++) {
        int64_t o = 0, co = 0;
        for (int j = 0; j < p->nidx; j++) {
            int64_t at = 0;
            for (int d = 0; d < p->nb; d++) at += coord[d] * ist[j][d];
            int64_t v = src[j][at], size = t->shape[p->dims[j]];
            if (v < -size || v >= size)
                return tc_error_set(err, TC_EXC_INDEX, "index %lld is out of bounds for dimension %d with size %lld",
                                    (long long)v, j, (long long)size);
            if (v < 0) v += size;
            o += v * t->strides[p->dims[j]];
            co += v * cstr[p->dims[j]];
        }
        p->off[k] = o;
        if (want_coff) p->coff[k] = co;
        for (int d = p->nb - 1; d >= 0; d--) {
            if (++coord[d] < p->bshape[d]) break;
            coord[d] = 0;
        }
    }
    return 0;
}

static int make_plan(tc_tensor *t, tc_tensor *const *ix, int n, adv_plan *p, bool want_coff, tc_error *err) {
    memset(p, 0, sizeof *p);
    if (tc__require_strided(t, "index.Tensor", err)) return -1;
    if (n > t->ndim)
        return tc_error_set(err, TC_EXC_INDEX, "too many indices for tensor of dimension %d (got %d)", t->ndim, n);
    if (check_types(ix, n, err)) return -1;
    host_idx h[TC_MAX_DIMS];
    int nh = 0, rc = expand_indices(t, ix, n, h, &nh, err);
    if (rc == 0) rc = broadcast_all(h, nh, p, err);
    if (rc == 0) {
        bool indexed[TC_MAX_DIMS] = {false};
        p->nidx = nh;
        for (int j = 0; j < nh; j++) {
            p->dims[j] = h[j].dim;
            indexed[h[j].dim] = true;
        }
        for (int d = 0; d < t->ndim; d++)
            if (!indexed[d]) p->rdims[p->nr++] = d;
        bool adjacent = nh == 0 || p->dims[nh - 1] - p->dims[0] == nh - 1;
        p->pos = adjacent && nh ? p->dims[0] : 0;
        p->ond = p->nr + p->nb;
        if (p->ond > TC_MAX_DIMS) rc = tc_error_set(err, TC_EXC_RUNTIME, "too many dimensions");
        for (int d = 0; rc == 0 && d < p->ond; d++) {
            if (d < p->pos) p->oshape[d] = t->shape[p->rdims[d]];
            else if (d < p->pos + p->nb) p->oshape[d] = p->bshape[d - p->pos];
            else p->oshape[d] = t->shape[p->rdims[d - p->nb]];
        }
    }
    if (rc == 0) rc = plan_offsets(t, h, p, want_coff, err);
    for (int j = 0; j < nh; j++) tc_tensor_unref(h[j].t);
    if (rc) plan_free(p);
    return rc;
}

/* Geometry of a result-shaped tensor seen as [tuple k] x [kept dims]: the element offset of
 * tuple k and the strides of the kept dims. */
static int64_t tuple_offset(const adv_plan *p, const int64_t *ostrides, int64_t k) {
    int64_t o = 0;
    for (int d = p->nb - 1; d >= 0; d--) {
        o += (k % p->bshape[d]) * ostrides[p->pos + d];
        k /= p->bshape[d];
    }
    return o;
}

static void kept_strides(const adv_plan *p, const int64_t *ostrides, int64_t *rs) {
    for (int i = 0; i < p->nr; i++) rs[i] = ostrides[i < p->pos ? i : i + p->nb];
}

typedef enum { MOVE_GATHER, MOVE_SCATTER, MOVE_ADD } move_kind;

#define FAST_MOVE(T)                                                        \
    do {                                                                    \
        T *tq = (T *)tb, *rq = (T *)rb;                                     \
        if (gather)                                                         \
            for (int64_t k = 0; k < p->nB; k++) rq[k] = tq[toff[k]];        \
        else                                                                \
            for (int64_t k = 0; k < p->nB; k++) tq[toff[k]] = rq[k];        \
    } while (0)

/* One element per tuple and a contiguous result: typed loads and stores. */
static void fast_elements(const adv_plan *p, char *tb, const int64_t *toff, char *rb, size_t es, bool gather) {
    switch (es) {
    case 1: FAST_MOVE(uint8_t); break;
    case 2: FAST_MOVE(uint16_t); break;
    case 4: FAST_MOVE(uint32_t); break;
    default: FAST_MOVE(uint64_t); break;
    }
}

/* o[i] += a[i]: a gradient row added into its place (the rows may be the same row) */
static void add_row_f32(float *restrict o, const float *restrict a, int64_t n) {
    for (int64_t i = 0; i < n; i++) o[i] += a[i];
}
static void add_row_f64(double *restrict o, const double *restrict a, int64_t n) {
    for (int64_t i = 0; i < n; i++) o[i] += a[i];
}

/* CPU: for each tuple, move the kept-dims block between t (at off[k]) and the result-shaped
 * tensor r. GATHER r <- t, SCATTER t <- r, ADD t += r (floats, for gradients). */
static void cpu_move(const adv_plan *p, tc_tensor *t, const int64_t *toff, tc_tensor *r, move_kind kind) {
    size_t es = tc_dtype_size(t->dtype);
    char *tb = (char *)tc_storage_data(t->storage) + t->offset * (int64_t)es;
    char *rb = (char *)tc_storage_data(r->storage) + r->offset * (int64_t)es;
    int64_t rs[TC_MAX_DIMS], ts[TC_MAX_DIMS], rshape[TC_MAX_DIMS], inner = 1;
    kept_strides(p, r->strides, rs);
    for (int i = 0; i < p->nr; i++) {
        ts[i] = t->strides[p->rdims[i]];
        rshape[i] = t->shape[p->rdims[i]];
        inner *= rshape[i];
    }
    bool all0 = true;
    for (int d = 0; d < r->ndim; d++) all0 &= r->strides[d] == 0 || r->shape[d] == 1;
    if (p->nr == 0 && kind == MOVE_SCATTER && all0) { /* one value everywhere */
        for (int64_t k = 0; k < p->nB; k++) memcpy(tb + toff[k] * (int64_t)es, rb, es);
        return;
    }
    if (p->nr == 0 && kind != MOVE_ADD && tc_is_contiguous(r) && (es == 4 || es == 8 || es == 1 || es == 2)) {
        fast_elements(p, tb, toff, rb, es, kind == MOVE_GATHER);
        return;
    }
    /* kept dims contiguous on both sides (x[idx] on rows): one block copy per tuple, or for
     * a float gradient one row added per tuple, in tuple order as the element loop below
     * (nn.Embedding's backward) */
    bool fadd = kind == MOVE_ADD && t->dtype == r->dtype &&
                (t->dtype == TC_DTYPE_F32 || t->dtype == TC_DTYPE_F64);
    bool blocks = (kind != MOVE_ADD || fadd) && p->nr > 0;
    for (int64_t d = p->nr - 1, want = 1; d >= 0 && blocks; d--) {
        if (rshape[d] != 1 && (ts[d] != want || rs[d] != want)) blocks = false;
        want *= rshape[d];
    }
    if (blocks && fadd) {
        for (int64_t k = 0; k < p->nB; k++) {
            char *tp = tb + toff[k] * (int64_t)es, *rp = rb + tuple_offset(p, r->strides, k) * (int64_t)es;
            if (t->dtype == TC_DTYPE_F32)
                add_row_f32((float *)tp, (const float *)rp, inner);
            else
                add_row_f64((double *)tp, (const double *)rp, inner);
        }
        return;
    }
    if (blocks) {
        size_t bytes = (size_t)inner * es;
        for (int64_t k = 0; k < p->nB; k++) {
            char *tp = tb + toff[k] * (int64_t)es, *rp = rb + tuple_offset(p, r->strides, k) * (int64_t)es;
            if (kind == MOVE_GATHER) memcpy(rp, tp, bytes);
            else memmove(tp, rp, bytes);
        }
        return;
    }
    for (int64_t k = 0; k < p->nB; k++) {
        char *tp = tb + toff[k] * (int64_t)es, *rp = rb + tuple_offset(p, r->strides, k) * (int64_t)es;
        int64_t c[TC_MAX_DIMS] = {0}, to = 0, ro = 0;
        for (int64_t e = 0; e < inner; e++) {
            char *a = tp + to * (int64_t)es, *b = rp + ro * (int64_t)es;
            if (kind == MOVE_GATHER) memcpy(b, a, es);
            else if (kind == MOVE_SCATTER) memcpy(a, b, es);
            else tc_store_f64(a, t->dtype, tc_load_f64(a, t->dtype) + tc_load_f64(b, r->dtype));
            for (int d = p->nr - 1; d >= 0; d--) {
                to += ts[d];
                ro += rs[d];
                if (++c[d] < rshape[d]) break;
                to -= ts[d] * rshape[d];
                ro -= rs[d] * rshape[d];
                c[d] = 0;
            }
        }
    }
}

/* Any device: the same moves as tensor copies through the backend. */
static int dev_move(const adv_plan *p, tc_tensor *t, const int64_t *toff, tc_tensor *r, move_kind kind,
                    tc_error *err) {
    int64_t rs[TC_MAX_DIMS], ts[TC_MAX_DIMS], rshape[TC_MAX_DIMS];
    kept_strides(p, r->strides, rs);
    for (int i = 0; i < p->nr; i++) {
        ts[i] = t->strides[p->rdims[i]];
        rshape[i] = t->shape[p->rdims[i]];
    }
    int rc = 0;
    for (int64_t k = 0; k < p->nB && rc == 0; k++) {
        tc_tensor *a = tc__tensor_alias(t, rshape, ts, p->nr, t->offset + toff[k], err);
        tc_tensor *b = a ? tc__tensor_alias(r, rshape, rs, p->nr, r->offset + tuple_offset(p, r->strides, k), err) : NULL;
        if (!b) rc = -1;
        else if (kind == MOVE_GATHER) rc = tc_copy_(b, a, err);
        else if (kind == MOVE_SCATTER) rc = tc_copy_(a, b, err);
        else rc = tc_binary_(TC_OP_ADD, a, b, err);
        tc_tensor_unref(a);
        tc_tensor_unref(b);
        if (rc == 0 && (k & 1023) == 1023) rc = tc_interrupt_check(err);
    }
    return rc;
}

static int move(const adv_plan *p, tc_tensor *t, const int64_t *toff, tc_tensor *r, move_kind kind, tc_error *err) {
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    int rc;
    if (t->device.type == TC_DEVICE_CPU && r->device.type == TC_DEVICE_CPU && t->dtype == r->dtype) {
        cpu_move(p, t, toff, r, kind);
        rc = tc_interrupt_check(err);
    } else {
        rc = dev_move(p, t, toff, r, kind, err);
    }
    tc_set_grad_enabled(was);
    return rc;
}

/* t[indices] (aten::index). */
/* t[mask] with a bool mask of t's shape, both contiguous on the CPU: the selected elements
 * copied in one pass (a count, then a compress that stores every element and advances the
 * output only past selected ones: no branch for a random mask to mispredict). NULL with
 * *done false when the case is not this one. */
#define COMPRESS(T)                                                                          \
    {                                                                                        \
        const T *x = (const T *)src;                                                         \
        T *o = (T *)dst;                                                                     \
        int64_t k = 0;                                                                       \
        for (int64_t i = 0; i < n && k < cnt; i++) {                                         \
            o[k] = x[i];                                                                     \
            k += c[i];                                                                       \
        }                                                                                    \
    }
static tc_tensor *mask_select(tc_tensor *t, tc_tensor *m, bool *done, tc_error *err) {
    *done = false;
    size_t es = tc_dtype_size(t->dtype);
    if (!m || m->dtype != TC_DTYPE_BOOL || m->layout != TC_LAYOUT_STRIDED ||
        t->layout != TC_LAYOUT_STRIDED || m->ndim != t->ndim || t->ndim == 0 ||
        t->device.type != TC_DEVICE_CPU || m->device.type != TC_DEVICE_CPU ||
        !tc_is_contiguous(t) || !tc_is_contiguous(m) || (es != 1 && es != 2 && es != 4 && es != 8))
        return NULL;
    for (int d = 0; d < t->ndim; d++)
        if (m->shape[d] != t->shape[d]) return NULL;
    *done = true;
    const uint8_t *c = tc_data_ptr(m);
    int64_t n = tc_numel(t), cnt = 0;
    for (int64_t i = 0; i < n; i++) cnt += c[i];
    tc_tensor *out = tc__tensor_new(&cnt, 1, t->dtype, t->device, err);
    if (!out || cnt == 0) return out;
    const void *src = tc_data_ptr(t);
    void *dst = tc_data_ptr(out);
    switch (es) {
    case 1: COMPRESS(uint8_t) break;
    case 2: COMPRESS(uint16_t) break;
    case 4: COMPRESS(uint32_t) break;
    default: COMPRESS(uint64_t) break;
    }
    return out;
}

tc_tensor *tc_index(tc_tensor *t, tc_tensor *const *indices, int n, tc_error *err) {
    adv_plan p;
    bool grad = tc__needs_grad(t, NULL) && tc_dtype_is_float(t->dtype);
    if (n == 1 && !grad && !tc__needs_grad(t, NULL)) {
        bool done;
        tc_tensor *r = mask_select(t, indices[0], &done, err);
        if (done) return r;
    }
    if (make_plan(t, indices, n, &p, grad, err)) return NULL;
    tc_tensor *out = tc__tensor_new(p.oshape, p.ond, t->dtype, t->device, err);
    if (out && move(&p, t, p.off, out, MOVE_GATHER, err)) {
        tc_tensor_unref(out);
        out = NULL;
    }
    if (out && grad) {
        tc__gargs ga = {0};
        ga.ndims = p.nidx;
        memcpy(ga.dims, p.dims, sizeof(int) * (size_t)p.nidx);
        ga.a = p.pos;
        ga.ndim = p.nb;
        memcpy(ga.shape, p.bshape, sizeof(int64_t) * (size_t)p.nb);
        int64_t nB = p.nB;
        tc_tensor *saved = tc_from_buffer(p.coff, TC_DTYPE_I64, &nB, 1, tc_device_cpu(), err);
        if (!saved || tc__grad_record(out, "IndexBackward0", TC_G_INDEX_ADV, t, NULL, saved, &ga, err)) {
            tc_tensor_unref(out);
            out = NULL;
        }
        tc_tensor_unref(saved);
    }
    plan_free(&p);
    return out;
}

/* Gradient of tc_index: g's rows added at the indexed positions of zeros shaped like x. */
tc_tensor *tc__index_backward(tc_tensor *x, tc_tensor *g, tc_tensor *coff, const tc__gargs *ga, tc_error *err) {
    adv_plan p;
    memset(&p, 0, sizeof p);
    bool indexed[TC_MAX_DIMS] = {false};
    p.nidx = ga->ndims;
    for (int j = 0; j < p.nidx; j++) indexed[ga->dims[j]] = true;
    for (int d = 0; d < x->ndim; d++)
        if (!indexed[d]) p.rdims[p.nr++] = d;
    p.nb = ga->ndim;
    memcpy(p.bshape, ga->shape, sizeof(int64_t) * (size_t)p.nb);
    p.pos = (int)ga->a;
    p.nB = tc_numel(coff);
    tc_tensor *z = tc_zeros(x->shape, x->ndim, g->dtype, x->device, err);
    tc_tensor *gd = z ? tc_to(g, g->dtype, x->device, ".to()", err) : NULL;
    /* a broadcast gradient (the ones of a .sum()) laid out, so rows add as blocks */
    tc_tensor *gc = gd && x->device.type == TC_DEVICE_CPU ? tc_contiguous(gd, err) : tc_tensor_ref(gd);
    tc_tensor_unref(gd);
    if (!gc || move(&p, z, tc_data_ptr(coff), gc, MOVE_ADD, err)) {
        tc_tensor_unref(z);
        z = NULL;
    }
    tc_tensor_unref(gc);
    return z;
}

/* Would PyTorch fill through masked_fill_ (one mask index, one-element CPU value)? Then
 * the value's dtype may differ from t's. */
static bool masked_fill_like(tc_tensor *t, tc_tensor *const *ix, int n, tc_tensor *v) {
    int defined = 0;
    bool mask = false;
    for (int i = 0; i < n; i++)
        if (ix[i]) {
            defined++;
            mask = is_mask(ix[i]) && tc_device_eq(ix[i]->device, t->device);
        }
    return defined == 1 && mask && tc_numel(v) == 1 && v->device.type == TC_DEVICE_CPU;
}

/* The value as PyTorch hands it to the kernel: leading 1s dropped, checked against the
 * result shape and dtype, moved/cast/expanded to the result shape on t's device. */
static tc_tensor *put_value(tc_tensor *t, tc_tensor *const *ix, int n, tc_tensor *value, const adv_plan *p,
                            tc_error *err) {
    int lead = 0;
    while (lead < value->ndim && value->shape[lead] == 1) lead++;
    const int64_t *vs = value->shape + lead;
    int vn = value->ndim - lead;
    bool ok = vn <= p->ond;
    for (int i = 0; ok && i < vn; i++) {
        int64_t o = p->oshape[p->ond - vn + i];
        ok = vs[i] == o || vs[i] == 1;
    }
    if (!ok) {
        char a[256], b[256];
        tc_error_set(err, TC_EXC_RUNTIME, "shape mismatch: value tensor of shape %s cannot be broadcast to indexing result of shape %s",
                     tc__shape_str(vs, vn, a, sizeof a), tc__shape_str(p->oshape, p->ond, b, sizeof b));
        return NULL;
    }
    if (value->dtype != t->dtype && !masked_fill_like(t, ix, n, value)) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "Index put requires the source and destination dtypes match, got %s for the destination and %s "
                     "for the source.", tc__dtype_title(t->dtype), tc__dtype_title(value->dtype));
        return NULL;
    }
    if (!tc_device_eq(value->device, t->device) && !(value->ndim == 0 && tc_numel(value) == 1)) {
        tc_tensor *both[2] = {t, value};
        tc__check_devices(both, 2, err);
        return NULL;
    }
    tc_tensor *c = tc_to(value, t->dtype, t->device, "index", err);
    tc_tensor *r = c ? tc_expand(c, p->oshape, p->ond, err) : NULL;
    tc_tensor_unref(c);
    return r;
}

/* t[mask] = one value with a bool mask of t's own shape on the CPU: a select in place, with
 * no list of positions. 1 when the case is not this one (nothing done), else 0 or -1. */
static int mask_fill_put(tc_tensor *t, tc_tensor *m, tc_tensor *value, tc_error *err) {
    if (!m || m->dtype != TC_DTYPE_BOOL || m->layout != TC_LAYOUT_STRIDED || m->ndim != t->ndim ||
        tc_numel(value) != 1 || value->ndim > t->ndim || t->device.type != TC_DEVICE_CPU ||
        m->device.type != TC_DEVICE_CPU || value->device.type != TC_DEVICE_CPU)
        return 1;
    for (int d = 0; d < t->ndim; d++)
        if (m->shape[d] != t->shape[d]) return 1;
    if (tc_numel(t) == 0) return 0;
    void *ctx;
    const tc_backend_i *be = tc__backend(t->device, &ctx, err);
    if (!be) return -1;
    tc_tensor *c = tc_to(value, t->dtype, t->device, "index", err);
    tc_tensor *e = c ? tc_expand(c, t->shape, t->ndim, err) : NULL;
    int rc = -1;
    if (e) {
        tc_kview kt, km, ke;
        tc__kview(t, &kt);
        tc__kview(m, &km);
        tc__kview(e, &ke);
        rc = be->where(ctx, &kt, &km, &ke, &kt, err) ? -1 : 0;
    }
    tc_tensor_unref(e);
    tc_tensor_unref(c);
    return rc;
}

/* t[indices] = value (aten::index_put_, accumulate=False). */
int tc_index_put_(tc_tensor *t, tc_tensor *const *indices, int n, tc_tensor *value, tc_error *err) {
    if (tc_check_inplace(t, err)) return -1;
    if (tc__require_strided(value, "index_put_", err)) return -1;
    if (n == 1 && t->layout == TC_LAYOUT_STRIDED) {
        bool was = tc_grad_enabled();
        tc_set_grad_enabled(false);
        int rc = mask_fill_put(t, indices[0], value, err);
        tc_set_grad_enabled(was);
        if (rc <= 0) return rc;
    }
    adv_plan p;
    if (make_plan(t, indices, n, &p, false, err)) return -1;
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *v = put_value(t, indices, n, value, &p, err);
    tc_set_grad_enabled(was);
    int rc = v ? move(&p, t, p.off, v, MOVE_SCATTER, err) : -1;
    tc_tensor_unref(v);
    plan_free(&p);
    return rc;
}

/* Autograd for t[key] = value (see tensor.h). */
int tc_setitem_grad(tc_tensor *t, tc_tensor *positions, tc_tensor *value, bool advanced, tc_error *err) {
    bool vg = value && value->requires_grad;
    if (!tc_grad_enabled() || (!t->requires_grad && !vg)) return 0;
    tc_tensor *prev = NULL;
    if (t->requires_grad) { /* t's history so far, as an input of the new node */
        prev = tc__tensor_alias(t, t->shape, t->strides, t->ndim, t->offset, err);
        if (!prev || tc__history_move(t, prev, err)) {
            tc_tensor_unref(prev);
            return -1;
        }
    }
    tc_tensor *pos = tc_to(positions, TC_DTYPE_I64, tc_device_cpu(), "index", err);
    int rc = pos ? 0 : -1;
    if (rc == 0)
        rc = tc__grad_record(t, advanced ? "IndexPutBackward0" : "CopySlices",
                             advanced ? TC_G_INDEX_PUT : TC_G_COPYSLICES, prev, vg ? value : NULL, pos,
                             NULL, err);
    if (rc && prev) tc__history_restore(t, prev); /* give the history back */
    else if (prev) tc__history_link(t, prev);
    tc_tensor_unref(prev);
    tc_tensor_unref(pos);
    return rc;
}

tc_tensor *tc__setitem_backward(tc_tensor *positions, tc_tensor *in, tc_tensor *g, int which, tc_error *err) {
    int64_t n = tc_numel(g);
    tc_tensor *gc = tc__tensor_new(g->shape, g->ndim, g->dtype, g->device, err);
    if (gc && tc_copy_(gc, g, err)) {
        tc_tensor_unref(gc);
        gc = NULL;
    }
    tc_tensor *flat = gc ? tc_view(gc, &n, 1, err) : NULL;
    tc_tensor *r = NULL;
    tc_tensor *ix[1] = {positions};
    if (flat && which == 0) {
        tc_tensor *zero = tc_zeros(NULL, 0, g->dtype, g->device, err);
        if (zero && tc_index_put_(flat, ix, 1, zero, err) == 0) r = tc_tensor_ref(gc);
        tc_tensor_unref(zero);
    } else if (flat) {
        tc_tensor *gi = tc_index(flat, ix, 1, err);
        tc_tensor *c = gi ? tc__cast(gi, in->dtype, err) : NULL;
        tc_tensor_unref(gi);
        if (c && in->ndim > c->ndim) { /* the value had leading 1s the assignment dropped */
            int64_t sh[TC_MAX_DIMS];
            int lead = in->ndim - c->ndim;
            for (int d = 0; d < in->ndim; d++) sh[d] = d < lead ? 1 : c->shape[d - lead];
            r = tc_view(c, sh, in->ndim, err);
            tc_tensor_unref(c);
        } else {
            r = c;
        }
    }
    tc_tensor_unref(flat);
    tc_tensor_unref(gc);
    return r;
}
