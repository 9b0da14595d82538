/*
 * Tensors: lifetime, geometry helpers, creation ops, random numbers, copies and
 * conversions (contiguous, clone, to, copy_, fill_). Kernels run on the backend of the
 * tensor's device; cross-device copies go through tc_transfer_* so the ledger sees them.
 */
#include <math.h>
#include <stdio.h>

#include "tc-impl.h"

/* ---- lifetime and geometry ------------------------------------------------------------ */

/* New reference to t (NULL passes through). */
tc_tensor *tc_tensor_ref(tc_tensor *t) {
    if (t) atomic_fetch_add_explicit(&t->refcount, 1, memory_order_relaxed);
    return t;
}

/* Drop one reference to t; when it was the last, push t on *dead (linked by dead_next). */
void tc__tensor_drop(tc_tensor *t, tc_tensor **dead) {
    if (!t || atomic_fetch_sub_explicit(&t->refcount, 1, memory_order_acq_rel) != 1) return;
    t->dead_next = *dead;
    *dead = t;
}

void tc__version_unref(tc__version *v) {
    if (v && atomic_fetch_sub_explicit(&v->refs, 1, memory_order_acq_rel) == 1) tc__pool_put(TC__POOL_VERSION, v);
}
#define version_unref tc__version_unref

int64_t tc_tensor_version(const tc_tensor *t) { return t->vshared ? t->vshared->v : t->version; }

void tc_tensor_bump_version(tc_tensor *t) {
    if (t->vshared) t->vshared->v++;
    else t->version++;
}

void tc_tensor_version_unshare(tc_tensor *t) {
    version_unref(t->vshared);
    t->vshared = NULL;
    t->version = 0;
}

const char *tc__tensor_type_name(const tc_tensor *t, char *buf, size_t n) {
    snprintf(buf, n, "torch.%s%sTensor", t->device.type == TC_DEVICE_CPU ? "" : "cuda.",
             tc__dtype_title(t->dtype));
    return buf;
}

tc__version *tc__version_get(tc_tensor *t, tc_error *err) {
    if (!t->vshared) {
        tc__version *v = tc__pool_get(TC__POOL_VERSION, sizeof *v);
        if (!v) {
            tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory: tried to allocate %zu bytes", sizeof *v);
            return NULL;
        }
        atomic_init(&v->refs, 1);
        v->v = t->version;
        t->vshared = v;
    }
    atomic_fetch_add_explicit(&t->vshared->refs, 1, memory_order_relaxed);
    return t->vshared;
}

int tc__version_share(tc_tensor *dst, tc_tensor *src, tc_error *err) {
    if (dst->vshared && dst->vshared == src->vshared) return 0;
    tc__version *v = tc__version_get(src, err);
    if (!v) return -1;
    version_unref(dst->vshared);
    dst->vshared = v;
    return 0;
}

/* Free every tensor on the dead list and whatever dies with them. A 300,000-op autograd
 * chain (r = r + 0.0 in a loop) frees tensor → grad node → input tensor → ...; doing that
 * by recursion overflows the stack, so the chain is walked with an explicit list. */
void tc__tensor_free_dead(tc_tensor *dead) {
    while (dead) {
        tc_tensor *t = dead;
        dead = t->dead_next;
        tc_storage_unref(t->storage);
        tc__tensor_drop(t->sp_indices, &dead);
        tc__tensor_drop(t->sp_values, &dead);
        tc__tensor_drop(t->grad, &dead);
        tc__grad_node_take(t->grad_fn, &dead);
        if (t->hooks) tc__tensor_hooks_free(t);
        if (t->gc_tracked) tc__cycles_untrack(t);
        version_unref(t->vshared);
        tc__pool_put(TC__POOL_TENSOR, t);
    }
}

/* Drop a reference; frees storage refs, sparse parts, grad and graph node at zero. */
void tc_tensor_unref(tc_tensor *t) {
    tc_tensor *dead = NULL;
    tc__tensor_drop(t, &dead);
    tc__tensor_free_dead(dead);
}

int64_t tc__shape_numel(const int64_t *shape, int ndim) {
    int64_t n = 1;
    for (int i = 0; i < ndim; i++) n *= shape[i];
    return n;
}

/* Number of elements. */
int64_t tc_numel(const tc_tensor *t) { return tc__shape_numel(t->shape, t->ndim); }

void tc__contig_strides(const int64_t *shape, int ndim, int64_t *strides) {
    int64_t s = 1;
    for (int i = ndim - 1; i >= 0; i--) {
        strides[i] = s;
        s *= shape[i] > 1 ? shape[i] : 1;
    }
}

/* PyTorch's is_contiguous: size-1 dims ignore strides; empty tensors are contiguous. */
bool tc_is_contiguous(const tc_tensor *t) {
    if (t->layout != TC_LAYOUT_STRIDED) return false;
    int64_t expect = 1;
    for (int i = t->ndim - 1; i >= 0; i--) {
        if (t->shape[i] == 0) return true;
        if (t->shape[i] != 1 && t->strides[i] != expect) return false;
        expect *= t->shape[i];
    }
    return true;
}

/* Bytes per element. */
size_t tc_element_size(const tc_tensor *t) { return tc_dtype_size(t->dtype); }

/* Host address of element 0 of a CPU strided tensor, else NULL. Borrowed. */
void *tc_data_ptr(const tc_tensor *t) {
    if (!t->storage || t->device.type != TC_DEVICE_CPU) return NULL;
    return (char *)tc_storage_data(t->storage) + t->offset * (int64_t)tc_dtype_size(t->dtype);
}

/* Storage viewed by t. Borrowed. */
tc_storage *tc_tensor_storage(const tc_tensor *t) { return t->storage; }

int tc__require_strided(const tc_tensor *t, const char *op, tc_error *err) {
    if (!t || t->layout == TC_LAYOUT_STRIDED) return 0;
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                        "Could not run 'aten::%s' with arguments from the '%s' backend.", op,
                        t->device.type == TC_DEVICE_CPU ? "SparseCPU" : "SparseCUDA");
}

void tc__kview(const tc_tensor *t, tc_kview *kv) {
    kv->data = (char *)tc_storage_data(t->storage) + t->offset * (int64_t)tc_dtype_size(t->dtype);
    kv->dtype = t->dtype;
    kv->ndim = t->ndim;
    for (int i = 0; i < t->ndim; i++) {
        kv->shape[i] = t->shape[i];
        kv->strides[i] = t->strides[i];
    }
}

static const char *const dtype_titles[TC_DTYPE_COUNT] = {
    "Bool", "Byte", "Char", "Short", "Int", "Long", "Half", "BFloat16", "Float", "Double",
    "ComplexFloat", "ComplexDouble"};

const char *tc__dtype_title(tc_dtype dt) { return dtype_titles[dt]; }

const char *tc__shape_str(const int64_t *shape, int ndim, char *buf, size_t len) {
    size_t o = (size_t)snprintf(buf, len, "[");
    for (int i = 0; i < ndim && o < len; i++)
        o += (size_t)snprintf(buf + o, len - o, "%s%lld", i ? ", " : "", (long long)shape[i]);
    if (o < len) snprintf(buf + o, len - o, "]");
    return buf;
}

int tc__check_devices(tc_tensor *const *ts, int n, tc_error *err) {
    for (int i = 1; i < n; i++) {
        if (!ts[i] || !ts[0] || tc_device_eq(ts[0]->device, ts[i]->device)) continue;
        char a[32], b[32];
        tc_device d0 = ts[0]->device, d1 = ts[i]->device;
        if (d0.type == TC_DEVICE_CPU) { tc_device x = d0; d0 = d1; d1 = x; }
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Expected all tensors to be on the same device, but found at least "
                            "two devices, %s and %s!",
                            tc_device_str(d0, a, sizeof a), tc_device_str(d1, b, sizeof b));
    }
    return 0;
}

int tc__wrap_dim(int64_t dim, int ndim, int *out, tc_error *err) {
    int n = ndim > 0 ? ndim : 1;
    if (dim < -n || dim >= n)
        return tc_error_set(err, TC_EXC_INDEX,
                            "Dimension out of range (expected to be in range of [%d, %d], but got %lld)",
                            -n, n - 1, (long long)dim);
    *out = (int)(dim < 0 ? dim + n : dim);
    return 0;
}

int tc__broadcast_shapes(const int64_t *a, int na, const int64_t *b, int nb, int64_t *out,
                         int *nout, tc_error *err) {
    int n = na > nb ? na : nb;
    for (int i = n - 1; i >= 0; i--) {
        int ia = i - (n - na), ib = i - (n - nb);
        int64_t sa = ia >= 0 ? a[ia] : 1, sb = ib >= 0 ? b[ib] : 1;
        if (sa != sb && sa != 1 && sb != 1)
            return tc_error_set(err, TC_EXC_RUNTIME,
                                "The size of tensor a (%lld) must match the size of tensor b (%lld) "
                                "at non-singleton dimension %d",
                                (long long)sa, (long long)sb, i);
        out[i] = sa == 1 ? sb : sa;
    }
    *nout = n;
    return 0;
}

static tc_tensor *tensor_struct(tc_error *err) {
    tc_tensor *t = tc__pool_get(TC__POOL_TENSOR, sizeof *t);
    if (!t) {
        tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory: tried to allocate %zu bytes",
                     sizeof *t);
        return NULL;
    }
    atomic_init(&t->refcount, 1);
    return t;
}

static int check_shape(const int64_t *shape, int ndim, tc_error *err) {
    if (ndim < 0 || ndim > TC_MAX_DIMS)
        return tc_error_set(err, TC_EXC_RUNTIME, "tensors with more than %d dimensions are not supported", TC_MAX_DIMS);
    for (int i = 0; i < ndim; i++)
        if (shape[i] < 0)
            return tc_error_set(err, TC_EXC_RUNTIME,
                                "Trying to create tensor with negative dimension %lld: %s",
                                (long long)shape[i], tc__shape_str(shape, ndim, (char[256]){0}, 256));
    return 0;
}

tc_tensor *tc__tensor_new(const int64_t *shape, int ndim, tc_dtype dt, tc_device dev,
                          tc_error *err) {
    if (check_shape(shape, ndim, err)) return NULL;
    int64_t n = 1;
    size_t es = tc_dtype_size(dt);
    for (int i = 0; i < ndim; i++) {
        if (shape[i] && n > INT64_MAX / shape[i] / (int64_t)es) {
            char buf[256];
            tc_error_set(err, TC_EXC_RUNTIME, "Storage size calculation overflowed with sizes=%s",
                         tc__shape_str(shape, ndim, buf, sizeof buf));
            return NULL;
        }
        n *= shape[i];
    }
    tc_tensor *t = tensor_struct(err);
    if (!t) return NULL;
    t->storage = tc_storage_new((size_t)n * es, dev, err);
    if (!t->storage) {
        tc__pool_put(TC__POOL_TENSOR, t);
        return NULL;
    }
    t->dtype = dt;
    t->device = dev;
    t->ndim = ndim;
    if (ndim) memcpy(t->shape, shape, sizeof(int64_t) * (size_t)ndim);
    tc__contig_strides(shape, ndim, t->strides);
    return t;
}

/* Stride of operand t along output dim d (right-aligned), 0 where t broadcasts. */
static int64_t layout_stride(const tc_tensor *t, int d, int ndim) {
    int j = d - (ndim - t->ndim);
    if (j < 0 || t->shape[j] == 1) return 0;
    return t->strides[j];
}

/* PyTorch's reorder_dimensions comparison: >0 when dim0 should be inside dim1. */
static int should_swap(tc_tensor *const *ins, int nin, const int64_t *shape, int ndim, int d0, int d1) {
    for (int k = 0; k < nin; k++) {
        if (!ins[k] || ins[k]->layout != TC_LAYOUT_STRIDED) continue;
        int64_t s0 = layout_stride(ins[k], d0, ndim), s1 = layout_stride(ins[k], d1, ndim);
        if (s0 == 0 || s1 == 0) continue;
        if (s0 < s1) return -1;
        if (s0 > s1) return 1;
        if (shape[d0] > shape[d1]) return 1;
    }
    return 0;
}

tc_tensor *tc__tensor_new_like(const int64_t *shape, int ndim, tc_dtype dt, tc_device dev,
                               tc_tensor *const *ins, int nin, tc_error *err) {
    tc_tensor *t = tc__tensor_new(shape, ndim, dt, dev, err);
    if (!t || ndim < 2) return t;
    int perm[TC_MAX_DIMS]; /* innermost first */
    for (int i = 0; i < ndim; i++) perm[i] = ndim - 1 - i;
    for (int i = 1; i < ndim; i++) {
        int d1 = i;
        for (int d0 = i - 1; d0 >= 0; d0--) {
            int c = should_swap(ins, nin, shape, ndim, perm[d0], perm[d1]);
            if (c > 0) {
                int x = perm[d0];
                perm[d0] = perm[d1];
                perm[d1] = x;
                d1 = d0;
            } else if (c < 0) {
                break;
            }
        }
    }
    int64_t st = 1;
    for (int i = 0; i < ndim; i++) {
        t->strides[perm[i]] = st;
        st *= shape[perm[i]] > 1 ? shape[perm[i]] : 1;
    }
    return t;
}

tc_tensor *tc__tensor_alias(tc_tensor *base, const int64_t *shape, const int64_t *strides,
                            int ndim, int64_t offset, tc_error *err) {
    tc_tensor *t = tensor_struct(err);
    if (!t) return NULL;
    if (tc__version_share(t, base, err)) {
        tc__pool_put(TC__POOL_TENSOR, t);
        return NULL;
    }
    t->storage = tc_storage_ref(base->storage);
    t->dtype = base->dtype;
    t->device = base->device;
    t->ndim = ndim;
    if (ndim) memcpy(t->shape, shape, sizeof(int64_t) * (size_t)ndim);
    if (ndim) memcpy(t->strides, strides, sizeof(int64_t) * (size_t)ndim);
    t->offset = offset;
    return t;
}

int tc_view_check(const int64_t *shape, const int64_t *strides, int ndim, int64_t offset,
                  size_t itemsize, size_t nbytes, int64_t *lo_bytes, int64_t *hi_bytes,
                  tc_error *err) {
    char b1[256], b2[256];
    int64_t lo = 0, hi = 0, isz = (int64_t)itemsize;
    bool empty = false, bad = offset < 0 || itemsize == 0 || itemsize > INT32_MAX;
    for (int i = 0; i < ndim; i++) empty |= shape[i] == 0;
    /* lo/hi: the lowest and highest element index reached, relative to offset */
    for (int i = 0; i < ndim && !bad && !empty; i++) {
        int64_t span;
        if (shape[i] < 0 || __builtin_mul_overflow(shape[i] - 1, strides[i], &span)) bad = true;
        else if (span < 0) bad = __builtin_add_overflow(lo, span, &lo);
        else bad = __builtin_add_overflow(hi, span, &hi);
    }
    int64_t first = 0, last = 0;
    if (!bad && !empty)
        bad = __builtin_add_overflow(offset, lo, &first) || first < 0 ||
              __builtin_add_overflow(offset, hi, &last) || __builtin_add_overflow(last, 1, &last) ||
              __builtin_mul_overflow(first, isz, &first) || __builtin_mul_overflow(last, isz, &last) ||
              (uint64_t)last > (uint64_t)nbytes;
    if (bad) {
        int64_t st[TC_MAX_DIMS];
        for (int i = 0; i < ndim && i < TC_MAX_DIMS; i++) st[i] = strides[i];
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "setStorage: sizes %s, strides %s, storage offset %lld, and itemsize %zu "
                            "are out of bounds for storage of size %zu",
                            tc__shape_str(shape, ndim, b1, sizeof b1), tc__shape_str(st, ndim, b2, sizeof b2),
                            (long long)offset, itemsize, nbytes);
    }
    if (lo_bytes) *lo_bytes = empty ? 0 : first;
    if (hi_bytes) *hi_bytes = empty ? 0 : last;
    return 0;
}

/* A tensor over an existing storage (takes a new reference to s). */
tc_tensor *tc_tensor_from_storage(tc_storage *s, tc_dtype dtype, const int64_t *shape,
                                  const int64_t *strides, int ndim, int64_t offset, tc_error *err) {
    if (check_shape(shape, ndim, err)) return NULL;
    int64_t cst[TC_MAX_DIMS];
    if (!strides) tc__contig_strides(shape, ndim, cst);
    if (tc_view_check(shape, strides ? strides : cst, ndim, offset, tc_dtype_size(dtype),
                      tc_storage_nbytes(s), NULL, NULL, err))
        return NULL;
    tc_tensor *t = tensor_struct(err);
    if (!t) return NULL;
    t->storage = tc_storage_ref(s);
    t->dtype = dtype;
    t->device = tc_storage_device(s);
    t->ndim = ndim;
    if (ndim) memcpy(t->shape, shape, sizeof(int64_t) * (size_t)ndim);
    if (strides && ndim) memcpy(t->strides, strides, sizeof(int64_t) * (size_t)ndim);
    else tc__contig_strides(shape, ndim, t->strides);
    t->offset = offset;
    return t;
}

/* ---- creation ------------------------------------------------------------------------------ */

static const tc_backend_i *backend_of(const tc_tensor *t, void **ctx, tc_error *err) {
    return tc__backend(t->device, ctx, err);
}

/* Copy of a flat host buffer into a new tensor on dev. */
tc_tensor *tc_from_buffer(const void *data, tc_dtype dtype, const int64_t *shape, int ndim,
                          tc_device dev, tc_error *err) {
    tc_tensor *t = tc__tensor_new(shape, ndim, dtype, dev, err);
    if (!t) return NULL;
    size_t n = (size_t)tc_numel(t) * tc_dtype_size(dtype);
    if (n && tc_transfer_h2d(dev, tc_storage_data(t->storage), data, n, err) != 0) {
        tc_tensor_unref(t);
        return NULL;
    }
    return t;
}

/* Uninitialised tensor. */
tc_tensor *tc_empty(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev, tc_error *err) {
    return tc__tensor_new(shape, ndim, dtype, dev, err);
}

/* Tensor filled with value (converted to dtype). */
tc_tensor *tc_full(const int64_t *shape, int ndim, double value, tc_dtype dtype, tc_device dev,
                   tc_error *err) {
    tc_tensor *t = tc__tensor_new(shape, ndim, dtype, dev, err);
    if (!t) return NULL;
    if (value == 0 && !signbit(value) && dev.type == TC_DEVICE_CPU) {
        if (!tc__storage_is_zeroed(t->storage)) memset(tc_data_ptr(t), 0, (size_t)tc_numel(t) * tc_dtype_size(dtype));
        return t;
    }
    if (tc_fill_(t, value, err) != 0) {
        tc_tensor_unref(t);
        return NULL;
    }
    return t;
}

/* Zeros (fresh shared memory is already zero and is not written again). */
tc_tensor *tc_zeros(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev, tc_error *err) {
    return tc_full(shape, ndim, 0.0, dtype, dev, err);
}

/* Ones. */
tc_tensor *tc_ones(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev, tc_error *err) {
    return tc_full(shape, ndim, 1.0, dtype, dev, err);
}

/* Fill a host tensor with f(i) then move it to dev. */
typedef double (*index_fn)(int64_t i, const double *p);

static tc_tensor *generate(int64_t n, tc_dtype dt, tc_device dev, index_fn f, const double *p,
                           tc_error *err) {
    int64_t shape[1] = {n};
    tc_tensor *h = tc__tensor_new(shape, 1, dt, tc_device_cpu(), err);
    if (!h) return NULL;
    char *d = tc_data_ptr(h);
    size_t es = tc_dtype_size(dt);
    bool isint = !tc_dtype_is_float(dt);
    for (int64_t i = 0; i < n; i++) {
        double v = f(i, p);
        if (isint) tc_store_i64(d + i * (int64_t)es, dt, (int64_t)v);
        else tc_store_f64(d + i * (int64_t)es, dt, v);
        if ((i & 0xffff) == 0xffff && tc_interrupt_check(err)) {
            tc_tensor_unref(h);
            return NULL;
        }
    }
    if (dev.type == TC_DEVICE_CPU) return h;
    tc_tensor *t = tc_to(h, dt, dev, ".to()", err);
    tc_tensor_unref(h);
    return t;
}

static double arange_at(int64_t i, const double *p) { return p[0] + (double)i * p[1]; }

/* arange with PyTorch's length rule and errors. */
tc_tensor *tc_arange(double start, double end, double step, tc_dtype dtype, tc_device dev,
                     tc_error *err) {
    if (tc_dtype_is_complex(dtype)) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"arange_cpu\" not implemented for '%s'", tc__dtype_title(dtype));
        return NULL;
    }
    if (step == 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "step must be nonzero");
        return NULL;
    }
    if (!isfinite(start) || !isfinite(end)) {
        tc_error_set(err, TC_EXC_RUNTIME, "unsupported range: %g -> %g", start, end);
        return NULL;
    }
    if ((step > 0 && end < start) || (step < 0 && end > start)) {
        tc_error_set(err, TC_EXC_RUNTIME, "upper bound and larger bound inconsistent with step sign");
        return NULL;
    }
    double len = ceil((end - start) / step);
    if (!(len >= 0 && len < 9223372036854775808.0)) { /* also NaN */
        tc_error_set(err, TC_EXC_RUNTIME, "invalid size, possible overflow?");
        return NULL;
    }
    double p[2] = {start, step};
    return generate((int64_t)len, dtype, dev, arange_at, p, err);
}

static double linspace_at(int64_t i, const double *p) {
    double start = p[0], end = p[1], steps = p[2], step = p[3];
    int64_t half = (int64_t)steps / 2;
    if (steps == 1) return start;
    return i < half ? fma(step, (double)i, start) : fma(-step, steps - 1 - (double)i, end);
}

/* float32 linspace computes in float32, as PyTorch's kernel does, its multiply-adds fused as
 * its compiled kernel fuses them (linspace(-1, 1, 7)[3] is -2.9802e-08, not 0). */
static double linspace_at_f32(int64_t i, const double *p) {
    float start = (float)p[0], end = (float)p[1], step = (end - start) / (float)(p[2] - 1);
    int64_t steps = (int64_t)p[2], half = steps / 2;
    if (steps == 1) return start;
    return i < half ? fmaf(step, (float)i, start) : fmaf(-step, (float)(steps - i - 1), end);
}

/* The float32/float64 linspace of linspace_at(_f32) written straight to memory, across
 * threads: each half one vectorisable loop (fused multiply-adds in hardware where the CPU
 * has them; the C library's fma gives the same values elsewhere). */
#define LINSPACE_FILL(NAME, T, FMA)                                                              \
    typedef struct {                                                                           \
        T *d, start, end, step;                                                                \
        int64_t steps;                                                                         \
    } NAME##_job;                                                                              \
    __attribute__((target_clones("fma", "default"))) static void NAME(void *ctx, int64_t b,    \
                                                                      int64_t e) {             \
        const NAME##_job *j = ctx;                                                             \
        int64_t half = j->steps / 2, m = e < half ? e : half;                                  \
        T *d = j->d, start = j->start, end = j->end, step = j->step;                           \
        for (int64_t i = b; i < m; i++) d[i] = FMA(step, (T)i, start);                         \
        for (int64_t i = m > b ? m : b; i < e; i++) d[i] = FMA(-step, (T)(j->steps - i - 1), end); \
    }
LINSPACE_FILL(linspace_fill_f32, float, fmaf)
LINSPACE_FILL(linspace_fill_f64, double, fma)

/* linspace as PyTorch (symmetric from both ends, fused multiply-adds). */
tc_tensor *tc_linspace(double start, double end, int64_t steps, tc_dtype dtype, tc_device dev,
                       tc_error *err) {
    if (steps < 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "linspace(): number of steps must be non-negative");
        return NULL;
    }
    if (tc_dtype_is_complex(dtype)) { /* real end points: the real linspace, imaginary parts 0 */
        tc_tensor *r = tc_linspace(start, end, steps, tc_dtype_to_real(dtype), dev, err);
        tc_tensor *c = r ? tc_to(r, dtype, dev, ".to()", err) : NULL;
        tc_tensor_unref(r);
        return c;
    }
    double p[4] = {start, end, (double)steps, steps > 1 ? (end - start) / (double)(steps - 1) : 0};
    if ((dtype == TC_DTYPE_F32 || dtype == TC_DTYPE_F64) && steps > 1 && dev.type == TC_DEVICE_CPU) {
        tc_tensor *h = tc__tensor_new(&steps, 1, dtype, dev, err);
        if (!h) return NULL;
        if (dtype == TC_DTYPE_F32) {
            float s0 = (float)start, s1 = (float)end;
            linspace_fill_f32_job j = {tc_data_ptr(h), s0, s1, (s1 - s0) / (float)(steps - 1), steps};
            tc__parallel_for(steps, 1 << 16, linspace_fill_f32, &j);
        } else {
            linspace_fill_f64_job j = {tc_data_ptr(h), start, end, p[3], steps};
            tc__parallel_for(steps, 1 << 16, linspace_fill_f64, &j);
        }
        return h;
    }
    return generate(steps, dtype, dev, dtype == TC_DTYPE_F32 ? linspace_at_f32 : linspace_at, p, err);
}

/* Identity matrix n x m (m < 0: square). */
tc_tensor *tc_eye(int64_t n, int64_t m, tc_dtype dtype, tc_device dev, tc_error *err) {
    if (m < 0) m = n;
    if (n < 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "n must be greater or equal to 0, got %lld", (long long)n);
        return NULL;
    }
    int64_t shape[2] = {n, m};
    tc_tensor *h = tc_zeros(shape, 2, dtype, tc_device_cpu(), err);
    if (!h) return NULL;
    char *d = tc_data_ptr(h);
    size_t es = tc_dtype_size(dtype);
    for (int64_t i = 0; i < n && i < m; i++) tc_store_f64(d + (i * m + i) * (int64_t)es, dtype, 1.0);
    if (dev.type == TC_DEVICE_CPU) return h;
    tc_tensor *t = tc_to(h, dtype, dev, ".to()", err);
    tc_tensor_unref(h);
    return t;
}

/* ---- copies and conversions ---------------------------------------------------------------------- */

/* Fill every element of t with v through its backend. */
int tc_fill_(tc_tensor *t, double v, tc_error *err) {
    if (tc_check_inplace(t, err)) return -1;
    if (t->layout != TC_LAYOUT_STRIDED)
        return tc_error_set(err, TC_EXC_RUNTIME, "fill_ is not supported for sparse tensors");
    void *ctx;
    const tc_backend_i *be = backend_of(t, &ctx, err);
    if (!be) return -1;
    if (tc_numel(t) == 0) return 0;
    if (tc_dtype_is_complex(t->dtype)) return tc_fill_complex_(t, v, 0, err);
    tc_kview kv;
    tc__kview(t, &kv);
    return be->fill(ctx, &kv, v, err);
}

/* A complex fill is two real fills, of the real and the imaginary part's views, so every
 * backend that fills reals fills complex tensors too. */
int tc_fill_complex_(tc_tensor *t, double re, double im, tc_error *err) {
    if (!tc_dtype_is_complex(t->dtype)) return tc_fill_(t, re, err);
    if (tc_check_inplace(t, err)) return -1;
    tc_tensor *r = tc_real(t, err);
    tc_tensor *i = r ? tc_imag(t, err) : NULL;
    int rc = i && tc_fill_(r, re, err) == 0 && tc_fill_(i, im, err) == 0 ? 0 : -1;
    tc_tensor_unref(r);
    tc_tensor_unref(i);
    return rc;
}

/* Same-device strided copy with cast: dst and src have one shape. */
static int copy_same_device(tc_tensor *dst, tc_tensor *src, tc_error *err) {
    void *ctx;
    const tc_backend_i *be = backend_of(dst, &ctx, err);
    if (!be) return -1;
    if (tc_numel(dst) == 0) return 0;
    tc_kview o, a;
    tc__kview(dst, &o);
    tc__kview(src, &a);
    return be->copy_cast(ctx, &o, &a, err);
}

/* Copy between devices: make both sides contiguous in one dtype, then one transfer. */
static int copy_cross_device(tc_tensor *dst, tc_tensor *src, const char *cause, tc_error *err) {
    tc_tensor *s = tc__cast(src, dst->dtype, err);
    if (!s) return -1;
    tc_tensor *sc = tc_contiguous(s, err);
    tc_tensor_unref(s);
    if (!sc) return -1;
    int r = -1;
    tc_tensor *staging = tc_is_contiguous(dst) ? tc_tensor_ref(dst)
                                               : tc__tensor_new(dst->shape, dst->ndim, dst->dtype, dst->device, err);
    if (staging) {
        size_t n = (size_t)tc_numel(sc) * tc_dtype_size(sc->dtype);
        void *from = (char *)tc_storage_data(sc->storage) + sc->offset * (int64_t)tc_dtype_size(sc->dtype);
        void *to = (char *)tc_storage_data(staging->storage) + staging->offset * (int64_t)tc_dtype_size(staging->dtype);
        if (n == 0) r = 0;
        else if (sc->device.type != TC_DEVICE_CPU && staging->device.type == TC_DEVICE_CPU)
            r = tc_transfer_d2h(sc->device, to, from, n, cause, err);
        else if (sc->device.type == TC_DEVICE_CPU)
            r = tc_transfer_h2d(staging->device, to, from, n, err);
        else
            r = tc_error_set(err, TC_EXC_RUNTIME, "copies between two CUDA devices are not supported");
        if (r == 0 && staging != dst) r = copy_same_device(dst, staging, err);
        tc_tensor_unref(staging);
    }
    tc_tensor_unref(sc);
    return r;
}

/* dst[...] = src with broadcasting and dtype conversion (copy_). */
int tc_copy_(tc_tensor *dst, tc_tensor *src, tc_error *err) {
    if (tc_check_inplace(dst, err)) return -1;
    if (tc__require_strided(dst, "copy_", err) || tc__require_strided(src, "copy_", err)) return -1;
    if (tc__check_overlap(dst, src, err)) return -1;
    tc_tensor *e = tc_expand(src, dst->shape, dst->ndim, err);
    if (!e) return -1;
    int r;
    if (tc_device_eq(dst->device, src->device)) r = copy_same_device(dst, e, err);
    else r = copy_cross_device(dst, e, ".copy_()", err);
    tc_tensor_unref(e);
    return r;
}

tc_tensor *tc__cast(tc_tensor *t, tc_dtype dt, tc_error *err) {
    if (t->dtype == dt) return tc_tensor_ref(t);
    tc_tensor *o = tc__tensor_new_like(t->shape, t->ndim, dt, t->device, &t, 1, err);
    if (!o) return NULL;
    if (copy_same_device(o, t, err) != 0) {
        tc_tensor_unref(o);
        return NULL;
    }
    return o;
}

static tc_tensor *copy_new(tc_tensor *t, bool keep_layout, tc_error *err) {
    tc_tensor *o = keep_layout ? tc__tensor_new_like(t->shape, t->ndim, t->dtype, t->device, &t, 1, err)
                               : tc__tensor_new(t->shape, t->ndim, t->dtype, t->device, err);
    if (!o) return NULL;
    if (copy_same_device(o, t, err) != 0) {
        tc_tensor_unref(o);
        return NULL;
    }
    return o;
}

/* t itself (new ref) when contiguous, else a contiguous copy. */
tc_tensor *tc_contiguous(tc_tensor *t, tc_error *err) {
    if (tc_is_contiguous(t) || t->layout != TC_LAYOUT_STRIDED) return tc_tensor_ref(t);
    tc_tensor *o = copy_new(t, false, err);
    if (o && tc__needs_grad(t, NULL) && tc__grad_record(o, "CloneBackward0", TC_G_CLONE, t, NULL, NULL, NULL, err)) {
        tc_tensor_unref(o);
        return NULL;
    }
    return o;
}

/* A copy with its own storage (CloneBackward0 under autograd). */
tc_tensor *tc_clone(tc_tensor *t, tc_error *err) {
    if (t->layout == TC_LAYOUT_SPARSE_COO)
        return tc_sparse_coo(t->sp_indices, t->sp_values, t->shape, t->ndim, err);
    tc_tensor *o = copy_new(t, true, err); /* preserve_format */
    if (o && tc__needs_grad(t, NULL) && tc__grad_record(o, "CloneBackward0", TC_G_CLONE, t, NULL, NULL, NULL, err)) {
        tc_tensor_unref(o);
        return NULL;
    }
    return o;
}

/* dtype and/or device change; t itself when nothing changes (ToCopyBackward0). */
tc_tensor *tc_to(tc_tensor *t, tc_dtype dtype, tc_device dev, const char *cause, tc_error *err) {
    if (t->dtype == dtype && tc_device_eq(t->device, dev)) return tc_tensor_ref(t);
    if (t->layout == TC_LAYOUT_SPARSE_COO) {
        /* indices and values move (and values convert); the layout stays COO */
        tc_tensor *i = tc_to(t->sp_indices, TC_DTYPE_I64, dev, cause, err);
        tc_tensor *v = i ? tc_to(t->sp_values, dtype, dev, cause, err) : NULL;
        tc_tensor *s = v ? tc_sparse_coo(i, v, t->shape, t->ndim, err) : NULL;
        if (s) s->sp_coalesced = t->sp_coalesced;
        tc_tensor_unref(i);
        tc_tensor_unref(v);
        return s;
    }
    if (dev.type != TC_DEVICE_CPU) {
        void *ctx;
        if (!tc__backend(dev, &ctx, err)) return NULL;
    }
    tc_tensor *o;
    if (tc_device_eq(t->device, dev)) {
        o = tc__cast(t, dtype, err);
    } else {
        o = tc__tensor_new(t->shape, t->ndim, dtype, dev, err);
        if (o && copy_cross_device(o, t, cause, err) != 0) {
            tc_tensor_unref(o);
            o = NULL;
        }
    }
    if (o && tc__needs_grad(t, NULL)) {
        tc__gargs ga = {0};
        ga.dtype = t->dtype;
        ga.device = t->device;
        if (tc__grad_record(o, "ToCopyBackward0", TC_G_TOCOPY, t, NULL, NULL, &ga, err)) {
            tc_tensor_unref(o);
            return NULL;
        }
    }
    return o;
}

tc_tensor *tc__host_copy(tc_tensor *t, tc_dtype dt, tc_error *err) {
    tc_tensor *h = tc_to(t, dt, tc_device_cpu(), ".to()", err);
    tc_tensor *c = h ? tc_contiguous(h, err) : NULL;
    tc_tensor_unref(h);
    return c;
}
