/*
 * The discrete Fourier transforms of fft.h: plans (cached, a few per precision), the
 * one-dimensional complex transform of fft-impl.inc applied along one dimension of a
 * contiguous tensor line by line (lines split across threads), the real transforms built
 * on it, and their gradients (PyTorch's fft_c2c/r2c/c2r backward formulas).
 *
 * A real transform of even length n runs as a complex one of length n/2 over the pairs
 * (x[2j], x[2j+1]) followed by one untangling pass; odd lengths run as complex transforms.
 * Results agree with pocketfft's and MKL's to a few ulps, not bit for bit: the passes and
 * twiddles are ours.
 *
 * Where Intel MKL is installed the transforms run on its DFTI instead (fft-mkl.c), arranged
 * as PyTorch's CPU build arranges them (ATen/native/mkl/SpectralOps.cpp): the same
 * descriptors give PyTorch's bits and its speed, and the results have its strides.
 */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "autograd.h"
#include "fft-mkl.h"
#include "tensorcore/fft.h"

#define FFT_MAX_DIRECT 61

#define T float
#define FT(name) name##_f
#include "fft-impl.inc"
#undef T
#undef FT

#define T double
#define FT(name) name##_d
#include "fft-impl.inc"
#undef T
#undef FT

/* ---- the plan cache: the last few plans of each precision ------------------------------- */

#define CACHE_SIZE 8
static struct {
    void *plan[2][CACHE_SIZE]; /* [precision][slot] */
    int64_t n[2][CACHE_SIZE];
    int real[2][CACHE_SIZE];
    int users[2][CACHE_SIZE]; /* lines in flight on the plan: an evicted plan is freed last */
    unsigned next[2];
} cache;
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;

static void plan_free_any(int dbl, void *p) {
    if (dbl) plan_free_d(p);
    else plan_free_f(p);
}

/* A plan for length n (dbl: double; real: with the twiddles of a real transform of length
 * 2n), held until plan_release; NULL when memory runs out. */
static void *plan_get(int dbl, int64_t n, int real, int *slot) {
    pthread_mutex_lock(&cache_mu);
    for (int i = 0; i < CACHE_SIZE; i++)
        if (cache.plan[dbl][i] && cache.n[dbl][i] == n && cache.real[dbl][i] == real) {
            cache.users[dbl][i]++;
            *slot = i;
            pthread_mutex_unlock(&cache_mu);
            return cache.plan[dbl][i];
        }
    pthread_mutex_unlock(&cache_mu);
    void *p = dbl ? (void *)plan_new_d(n, real) : (void *)plan_new_f(n, real);
    if (!p) return NULL;
    pthread_mutex_lock(&cache_mu);
    int i = -1;
    for (int k = 0; k < CACHE_SIZE && i < 0; k++) {
        int c = (int)((cache.next[dbl] + (unsigned)k) % CACHE_SIZE);
        if (!cache.users[dbl][c]) i = c;
    }
    if (i < 0) { /* every slot busy: the plan is this call's alone */
        pthread_mutex_unlock(&cache_mu);
        *slot = -1;
        return p;
    }
    cache.next[dbl] = (unsigned)(i + 1) % CACHE_SIZE;
    if (cache.plan[dbl][i]) plan_free_any(dbl, cache.plan[dbl][i]);
    cache.plan[dbl][i] = p;
    cache.n[dbl][i] = n;
    cache.real[dbl][i] = real;
    cache.users[dbl][i] = 1;
    *slot = i;
    pthread_mutex_unlock(&cache_mu);
    return p;
}

static void plan_release(int dbl, void *p, int slot) {
    if (slot < 0) {
        plan_free_any(dbl, p);
        return;
    }
    pthread_mutex_lock(&cache_mu);
    cache.users[dbl][slot]--;
    pthread_mutex_unlock(&cache_mu);
}

/* ---- line drivers --------------------------------------------------------------------------- */

/* The kinds of line pass. */
enum { LINE_C2C, LINE_R2C, LINE_C2R };

typedef struct line_job {
    int kind;
    int dbl;
    void *plan;     /* of length n (c2c, odd r2c/c2r) or n/2 (even r2c/c2r) */
    int64_t n;      /* logical length along the dim */
    int64_t inner;  /* product of the sizes after the dim */
    int64_t in_len, out_len; /* entries along the dim in the input and the output */
    const void *in;
    void *out;
    double sg;      /* -1 forward, +1 inverse */
    double fct;     /* scale */
    bool full;      /* r2c: write all n entries (Hermitian completion) */
    int failed;     /* set when a thread's buffers could not be allocated */
} line_job;

#define T float
#define FT(name) name##_f
#include "fft-lines.inc"
#undef T
#undef FT

#define T double
#define FT(name) name##_d
#include "fft-lines.inc"
#undef T
#undef FT

static void line_range(void *ctx, int64_t b, int64_t e) {
    line_job *j = ctx;
    if (j->dbl) lines_d(j, b, e);
    else lines_f(j, b, e);
}

/* Run one pass over every line of [outer, *, inner]; 0 or -1 (out of memory). */
static int run_lines(line_job *j, int64_t outer, tc_error *err) {
    int64_t plan_n = j->n;
    int real = j->kind != LINE_C2C && j->n % 2 == 0;
    if (real) plan_n = j->n / 2;
    int slot = -1;
    j->plan = plan_n > 0 ? plan_get(j->dbl, plan_n, real, &slot) : NULL;
    if (plan_n > 0 && !j->plan) return tc_error_set(err, TC_EXC_MEMORY, "out of memory planning an FFT of length %lld", (long long)plan_n);
    int64_t lines = outer * j->inner;
    int64_t work = j->n > 0 ? j->n : 1;
    int64_t grain = work >= 65536 ? 1 : (65536 + work - 1) / work;
    j->failed = 0;
    tc__parallel_for(lines, grain, line_range, j);
    if (j->plan) plan_release(j->dbl, j->plan, slot);
    if (j->failed) return tc_error_set(err, TC_EXC_MEMORY, "out of memory computing an FFT");
    return 0;
}

/* ---- tensor functions ----------------------------------------------------------------------- */

static int wrap_dims(const tc_tensor *x, const int *dims, int ndims, int *out, tc_error *err) {
    if (ndims < 1 || ndims > x->ndim) return tc_error_set(err, TC_EXC_RUNTIME, "fft: invalid number of dimensions");
    for (int i = 0; i < ndims; i++) {
        int d = dims[i];
        if (d < -x->ndim || d >= x->ndim)
            return tc_error_set(err, TC_EXC_INDEX, "Dimension out of range (expected to be in range of [%d, %d], but got %d)",
                                -x->ndim, x->ndim - 1, d);
        out[i] = d < 0 ? d + x->ndim : d;
        for (int k = 0; k < i; k++)
            if (out[k] == out[i]) return tc_error_set(err, TC_EXC_RUNTIME, "FFT dims must be unique");
    }
    return 0;
}

static double norm_factor(tc_fft_norm norm, double total) {
    if (norm == TC_FFT_NORM_ORTHO) return 1.0 / sqrt(total);
    if (norm == TC_FFT_NORM_BY_N) return 1.0 / total;
    return 1.0;
}

static void outer_inner(const tc_tensor *t, int d, int64_t *outer, int64_t *inner) {
    *outer = 1;
    *inner = 1;
    for (int i = 0; i < d; i++) *outer *= t->shape[i];
    for (int i = d + 1; i < t->ndim; i++) *inner *= t->shape[i];
}

/* A contiguous host copy of t; with writable, never t's own storage. New reference. */
static tc_tensor *host_contig(tc_tensor *t, tc_dtype dt, bool writable, tc_error *err) {
    tc_tensor *h = tc_to(t, dt, tc_device_cpu(), "torch.fft", err);
    if (!h) return NULL;
    tc_tensor *c = tc_contiguous(h, err);
    tc_tensor_unref(h);
    if (c && writable && tc_tensor_storage(c) == tc_tensor_storage(t)) {
        tc_tensor *k = tc_clone(c, err);
        tc_tensor_unref(c);
        return k;
    }
    return c;
}

/* c2c over dims of a contiguous host complex tensor, in place; fct applied on the first dim. */
static int c2c_inplace(tc_tensor *c, const int *d, int nd, double fct, bool forward, tc_error *err) {
    for (int i = nd - 1; i >= 0; i--) {
        int64_t outer, inner;
        outer_inner(c, d[i], &outer, &inner);
        line_job j = {.kind = LINE_C2C, .dbl = c->dtype == TC_DTYPE_C128, .n = c->shape[d[i]], .inner = inner,
                      .in_len = c->shape[d[i]], .out_len = c->shape[d[i]], .in = tc_data_ptr(c),
                      .out = tc_data_ptr(c), .sg = forward ? -1.0 : 1.0, .fct = i == nd - 1 ? fct : 1.0};
        if (tc_numel(c) && run_lines(&j, outer, err)) return -1;
    }
    return 0;
}

static tc_tensor *to_device(tc_tensor *r, tc_device dev, tc_error *err) {
    if (!r || tc_device_eq(dev, tc_device_cpu())) return r;
    tc_tensor *d = tc_to(r, r->dtype, dev, "torch.fft", err);
    tc_tensor_unref(r);
    return d;
}

static int record(tc_tensor *out, const char *name, tc_tensor *x, int kind, const int *d, int nd,
                  tc_fft_norm norm, bool flag, int64_t n, tc_error *err) {
    if (!tc__needs_grad(x, NULL)) return 0;
    tc__gargs ga = {0};
    ga.a = kind;
    ga.b = norm;
    ga.c = flag;
    ga.scalar = (double)n;
    ga.ndims = nd;
    for (int i = 0; i < nd; i++) ga.dims[i] = d[i];
    return tc__grad_record(out, name, TC_G_FFT, x, NULL, NULL, &ga, err);
}

/* ---- PyTorch's MKL path (ATen's _exec_fft, _fft_c2c_mkl, _fft_r2c_mkl, _fft_c2r_mkl) ------ */

/* Whether MKL serves the transform over nd dims. */
static bool use_dfti(int nd) { return nd <= TC_DFTI_MAX_RANK && tc__dfti_available(); }

/* The scale _plan_mkl_fft sets for signal_numel points (none: not set). */
static void dfti_scale(tc__dfti_spec *s, tc_fft_norm norm, double numel) {
    s->scaled = norm != TC_FFT_NORM_NONE;
    s->scale = norm == TC_FFT_NORM_ORTHO ? 1.0 / sqrt(numel) : 1.0 / numel;
}

/* dims sorted by x's strides, largest first (ATen's _sort_dims; the last kept in place when
 * keep_last). */
static void sort_dims(const tc_tensor *x, const int *dims, int nd, bool keep_last, int *out) {
    int m = keep_last ? nd - 1 : nd;
    for (int i = 0; i < nd; i++) out[i] = dims[i];
    for (int i = 1; i < m; i++)
        for (int j = i; j > 0 && x->strides[out[j - 1]] < x->strides[out[j]]; j--) {
            int t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
}

/* PyTorch's _fft_fill_with_conjugate_symmetry_ on a contiguous [outer, n_1 .. n_m] complex
 * tensor whose last dim holds n_m / 2 + 1 computed entries: the rest are the conjugates of
 * the entries at the mirrored index (-k mod n on each of the m dims). */
#define FILL_CONJ(T)                                                                          \
    static void fill_conj_##T(T *d, int64_t outer, const int64_t *n, int m) {                \
        int64_t inner = 1, nl = n[m - 1], half = nl / 2 + 1;                                 \
        for (int i = 0; i < m - 1; i++) inner *= n[i];                                       \
        for (int64_t o = 0; o < outer; o++) {                                                \
            T *blk = d + 2 * o * inner * nl;                                                 \
            for (int64_t r = 0; r < inner; r++) {                                            \
                int64_t mr = 0, rem = r, step = 1; /* the mirrored row */                   \
                for (int i = m - 2; i >= 0; i--) {                                           \
                    int64_t k = rem % n[i];                                                  \
                    rem /= n[i];                                                             \
                    mr += ((n[i] - k) % n[i]) * step;                                        \
                    step *= n[i];                                                            \
                }                                                                            \
                T *dst = blk + 2 * r * nl;                                                   \
                const T *src = blk + 2 * mr * nl;                                            \
                for (int64_t k = half; k < nl; k++) {                                        \
                    dst[2 * k] = src[2 * (nl - k)];                                          \
                    dst[2 * k + 1] = -src[2 * (nl - k) + 1];                                 \
                }                                                                            \
            }                                                                                \
        }                                                                                    \
    }
FILL_CONJ(float)
FILL_CONJ(double)
#undef FILL_CONJ

/* _exec_fft: x (on the host, in the transform's input dtype) transformed over dims, in that
 * order, into a new tensor of out_shape and dtype odt. The batch dims go first in x's stride
 * order and collapse into one (x is copied when they cannot), the output is contiguous in
 * that order, and the result is the view of it in x's dim order. full: an r2c whose last
 * dim is written whole (the Hermitian half filled in). New reference. */
static tc_tensor *dfti_exec(tc_tensor *x, const int64_t *out_shape, const int *dims, int nd, tc_fft_norm norm,
                            bool forward, tc_dtype odt, bool full, tc_error *err) {
    const int ndim = x->ndim, nb = ndim - nd;
    int perm[TC_MAX_DIMS];
    bool is_t[TC_MAX_DIMS] = {false};
    for (int i = 0; i < nd; i++) is_t[dims[i]] = true;
    for (int d = 0, k = 0; d < ndim; d++) {
        if (is_t[d]) continue;
        int j = k++;
        for (; j > 0 && x->strides[perm[j - 1]] < x->strides[d]; j--) perm[j] = perm[j - 1];
        perm[j] = d;
    }
    for (int i = 0; i < nd; i++) perm[nb + i] = dims[i];
    int64_t sh[TC_MAX_DIMS] = {0}, st[TC_MAX_DIMS] = {0}, osh[TC_MAX_DIMS] = {0};
    for (int i = 0; i < ndim; i++) {
        sh[i] = x->shape[perm[i]];
        st[i] = x->strides[perm[i]];
        osh[i] = out_shape[perm[i]];
    }
    /* the batch as one dim of stride idist, when its dims collapse (positive strides) */
    int64_t batch = 1, idist = 0, expect = 0;
    bool collapse = true;
    for (int j = nb - 1; j >= 0; j--) {
        batch *= sh[j];
        if (sh[j] == 1) continue;
        if (!idist) idist = expect = st[j];
        collapse &= st[j] > 0 && st[j] == expect;
        expect = st[j] * sh[j];
    }
    for (int j = nb; j < ndim; j++) collapse &= sh[j] == 1 || st[j] > 0;
    tc_tensor *in = tc__tensor_alias(x, sh, st, ndim, x->offset, err);
    if (in && !collapse) {
        tc_tensor *c = tc_contiguous(in, err);
        tc_tensor_unref(in);
        in = c;
        idist = 0;
    }
    tc_tensor *out = in ? tc_empty(osh, ndim, odt, tc_device_cpu(), err) : NULL;
    if (!out) {
        tc_tensor_unref(in);
        return NULL;
    }
    int rc = 0;
    if (tc_numel(out)) {
        tc__dfti_spec s = {.dbl = odt == TC_DTYPE_C128 || odt == TC_DTYPE_F64,
                           .real = !tc_dtype_is_complex(x->dtype) || !tc_dtype_is_complex(odt),
                           .forward = forward, .rank = nd, .batch = batch};
        int64_t isig = 1, osig = 1;
        for (int i = 0; i < nd; i++) {
            s.len[i] = sh[nb + i] > osh[nb + i] ? sh[nb + i] : osh[nb + i];
            s.istride[i] = in->strides[nb + i];
            s.ostride[i] = out->strides[nb + i];
            isig *= sh[nb + i];
            osig *= osh[nb + i];
        }
        /* one transform: the distances of a contiguous layout, as PyTorch's reshape gives */
        s.idist = batch > 1 && idist ? idist : batch > 1 ? in->strides[nb - 1] : isig;
        s.odist = osig;
        double numel = 1;
        for (int i = 0; i < nd; i++) numel *= (double)s.len[i];
        dfti_scale(&s, norm, numel);
        rc = tc__dfti_run(&s, tc_data_ptr(in), tc_data_ptr(out), err);
        if (!rc && full) {
            if (odt == TC_DTYPE_C128) fill_conj_double(tc_data_ptr(out), batch, osh + nb, nd);
            else fill_conj_float(tc_data_ptr(out), batch, osh + nb, nd);
        }
    }
    tc_tensor_unref(in);
    if (rc) {
        tc_tensor_unref(out);
        return NULL;
    }
    int64_t rst[TC_MAX_DIMS];
    for (int i = 0; i < ndim; i++) rst[perm[i]] = out->strides[i];
    tc_tensor *r = tc__tensor_alias(out, out_shape, rst, ndim, 0, err);
    tc_tensor_unref(out);
    return r;
}

/* x on the host in dtype dt, as it is where it already is. New reference. */
static tc_tensor *host_as(tc_tensor *x, tc_dtype dt, tc_error *err) {
    tc_tensor *h = tc_to(x, dt, tc_device_cpu(), "torch.fft", err);
    tc_tensor *d = h ? tc_detach(h, err) : NULL;
    tc_tensor_unref(h);
    return d;
}

static tc_tensor *dfti_c2c(tc_tensor *x, const int *d, int nd, tc_fft_norm norm, bool forward, tc_error *err) {
    int sd[TC_MAX_DIMS];
    sort_dims(x, d, nd, false, sd);
    return dfti_exec(x, x->shape, sd, nd, norm, forward, x->dtype, false, err);
}

static tc_tensor *dfti_r2c(tc_tensor *x, const int *d, int nd, tc_fft_norm norm, bool onesided, tc_error *err) {
    int sd[TC_MAX_DIMS];
    sort_dims(x, d, nd, true, sd);
    int64_t oshape[TC_MAX_DIMS];
    memcpy(oshape, x->shape, sizeof(int64_t) * (size_t)x->ndim);
    if (onesided) oshape[d[nd - 1]] = x->shape[d[nd - 1]] / 2 + 1;
    tc_dtype cdt = x->dtype == TC_DTYPE_F64 ? TC_DTYPE_C128 : TC_DTYPE_C64;
    return dfti_exec(x, oshape, sd, nd, norm, true, cdt, !onesided, err);
}

/* x: the n/2+1 entries along the last dim. */
static tc_tensor *dfti_c2r(tc_tensor *x, const int *d, int nd, tc_fft_norm norm, int64_t last_n, tc_error *err) {
    tc_tensor *in = tc_tensor_ref(x);
    if (nd > 1) { /* a c2c over the other dims first, then a one-dimensional c2r */
        tc_tensor_unref(in);
        in = dfti_c2c(x, d, nd - 1, norm, false, err);
        if (!in) return NULL;
        d += nd - 1;
    }
    int64_t oshape[TC_MAX_DIMS];
    memcpy(oshape, in->shape, sizeof(int64_t) * (size_t)in->ndim);
    oshape[d[0]] = last_n;
    tc_tensor *r = dfti_exec(in, oshape, d, 1, norm, false, in->dtype == TC_DTYPE_C128 ? TC_DTYPE_F64 : TC_DTYPE_F32,
                             false, err);
    tc_tensor_unref(in);
    return r;
}

/* ---- the transforms -------------------------------------------------------------------- */

/* The number of points a transform over the dims d[0..nd) of x sums (its norm's divisor). */
static double points_over(const tc_tensor *x, const int *d, int nd) {
    double total = 1;
    for (int i = 0; i < nd; i++) total *= (double)x->shape[d[i]];
    return total;
}

static tc_tensor *c2c_values(tc_tensor *x, const int *d, int nd, tc_fft_norm norm, bool forward, tc_error *err) {
    if (use_dfti(nd)) {
        tc_tensor *h = host_as(x, x->dtype, err);
        tc_tensor *r = h ? dfti_c2c(h, d, nd, norm, forward, err) : NULL;
        tc_tensor_unref(h);
        return to_device(r, x->device, err);
    }
    tc_tensor *c = host_contig(x, x->dtype, true, err);
    if (!c) return NULL;
    if (c2c_inplace(c, d, nd, norm_factor(norm, points_over(x, d, nd)), forward, err)) {
        tc_tensor_unref(c);
        return NULL;
    }
    return to_device(c, x->device, err);
}

tc_tensor *tc_fft_c2c(tc_tensor *x, const int *dims, int ndims, tc_fft_norm norm, bool forward, tc_error *err) {
    int d[TC_MAX_DIMS];
    if (wrap_dims(x, dims, ndims, d, err)) return NULL;
    if (x->dtype != TC_DTYPE_C64 && x->dtype != TC_DTYPE_C128) {
        tc_error_set(err, TC_EXC_RUNTIME, "fft: expected a complex tensor, got %s", tc__dtype_title(x->dtype));
        return NULL;
    }
    tc_tensor *r = c2c_values(x, d, ndims, norm, forward, err);
    if (r && record(r, "FftC2CBackward0", x, LINE_C2C, d, ndims, norm, forward, 0, err)) {
        tc_tensor_unref(r);
        return NULL;
    }
    return r;
}

static tc_tensor *r2c_values(tc_tensor *x, const int *d, int nd, tc_fft_norm norm, bool onesided, tc_error *err) {
    tc_dtype cdt = x->dtype == TC_DTYPE_F64 ? TC_DTYPE_C128 : TC_DTYPE_C64;
    int last = d[nd - 1];
    int64_t n = x->shape[last];
    if (n == 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "Invalid number of data points (0) specified");
        return NULL;
    }
    if (use_dfti(nd)) {
        tc_tensor *h = host_as(x, x->dtype, err);
        tc_tensor *r = h ? dfti_r2c(h, d, nd, norm, onesided, err) : NULL;
        tc_tensor_unref(h);
        return to_device(r, x->device, err);
    }
    tc_tensor *c = host_contig(x, x->dtype, false, err);
    if (!c) return NULL;
    int64_t oshape[TC_MAX_DIMS];
    memcpy(oshape, x->shape, sizeof(int64_t) * (size_t)x->ndim);
    oshape[last] = onesided ? n / 2 + 1 : n;
    tc_tensor *r = tc_empty(oshape, x->ndim, cdt, tc_device_cpu(), err);
    int rc = r ? 0 : -1;
    if (r && tc_numel(r)) {
        int64_t outer, inner;
        outer_inner(x, last, &outer, &inner);
        line_job j = {.kind = LINE_R2C, .dbl = cdt == TC_DTYPE_C128, .n = n, .inner = inner, .in_len = n,
                      .out_len = oshape[last], .in = tc_data_ptr(c), .out = tc_data_ptr(r), .sg = -1.0,
                      .fct = norm_factor(norm, points_over(x, d, nd)), .full = !onesided};
        rc = run_lines(&j, outer, err);
        if (!rc && nd > 1) rc = c2c_inplace(r, d, nd - 1, 1.0, true, err);
    }
    tc_tensor_unref(c);
    if (rc) {
        tc_tensor_unref(r);
        return NULL;
    }
    return to_device(r, x->device, err);
}

tc_tensor *tc_fft_r2c(tc_tensor *x, const int *dims, int ndims, tc_fft_norm norm, bool onesided, tc_error *err) {
    int d[TC_MAX_DIMS];
    if (wrap_dims(x, dims, ndims, d, err)) return NULL;
    if (x->dtype != TC_DTYPE_F32 && x->dtype != TC_DTYPE_F64) {
        tc_error_set(err, TC_EXC_RUNTIME, "rfft: expected a float32 or float64 tensor, got %s", tc__dtype_title(x->dtype));
        return NULL;
    }
    tc_tensor *r = r2c_values(x, d, ndims, norm, onesided, err);
    if (r && record(r, "FftR2CBackward0", x, LINE_R2C, d, ndims, norm, onesided, x->shape[d[ndims - 1]], err)) {
        tc_tensor_unref(r);
        return NULL;
    }
    return r;
}

static tc_tensor *c2r_values(tc_tensor *x, const int *d, int nd, tc_fft_norm norm, int64_t last_n, tc_error *err) {
    tc_dtype rdt = x->dtype == TC_DTYPE_C128 ? TC_DTYPE_F64 : TC_DTYPE_F32;
    int last = d[nd - 1];
    int64_t half = last_n / 2 + 1;
    if (last_n < 1) {
        tc_error_set(err, TC_EXC_RUNTIME, "Invalid number of data points (%lld) specified", (long long)last_n);
        return NULL;
    }
    if (x->shape[last] < half) {
        tc_error_set(err, TC_EXC_RUNTIME, "c2r: the input has %lld entries along dim %d, fewer than n/2+1 = %lld",
                     (long long)x->shape[last], last, (long long)half);
        return NULL;
    }
    tc_tensor *v = tc_slice(x, last, 0, half, 1, err);
    if (v && use_dfti(nd)) {
        tc_tensor *h = host_as(v, x->dtype, err);
        tc_tensor_unref(v);
        tc_tensor *r = h ? dfti_c2r(h, d, nd, norm, last_n, err) : NULL;
        tc_tensor_unref(h);
        return to_device(r, x->device, err);
    }
    tc_tensor *c = v ? host_contig(v, x->dtype, true, err) : NULL;
    tc_tensor_unref(v);
    if (!c) return NULL;
    double total = (double)last_n * points_over(x, d, nd - 1);
    int rc = nd > 1 && tc_numel(c) ? c2c_inplace(c, d, nd - 1, 1.0, false, err) : 0;
    int64_t oshape[TC_MAX_DIMS];
    memcpy(oshape, c->shape, sizeof(int64_t) * (size_t)c->ndim);
    oshape[last] = last_n;
    tc_tensor *r = rc ? NULL : tc_empty(oshape, c->ndim, rdt, tc_device_cpu(), err);
    if (r && tc_numel(r)) {
        int64_t outer, inner;
        outer_inner(r, last, &outer, &inner);
        line_job j = {.kind = LINE_C2R, .dbl = rdt == TC_DTYPE_F64, .n = last_n, .inner = inner, .in_len = half,
                      .out_len = last_n, .in = tc_data_ptr(c), .out = tc_data_ptr(r), .sg = 1.0,
                      .fct = norm_factor(norm, total)};
        if (run_lines(&j, outer, err)) {
            tc_tensor_unref(r);
            r = NULL;
        }
    }
    tc_tensor_unref(c);
    return to_device(r, x->device, err);
}

tc_tensor *tc_fft_c2r(tc_tensor *x, const int *dims, int ndims, tc_fft_norm norm, int64_t last_n, tc_error *err) {
    int d[TC_MAX_DIMS];
    if (wrap_dims(x, dims, ndims, d, err)) return NULL;
    if (x->dtype != TC_DTYPE_C64 && x->dtype != TC_DTYPE_C128) {
        tc_error_set(err, TC_EXC_RUNTIME, "irfft: expected a complex tensor, got %s", tc__dtype_title(x->dtype));
        return NULL;
    }
    tc_tensor *r = c2r_values(x, d, ndims, norm, last_n, err);
    if (r && record(r, "FftC2RBackward0", x, LINE_C2R, d, ndims, norm, false, last_n, err)) {
        tc_tensor_unref(r);
        return NULL;
    }
    return r;
}

/* ---- gradients (PyTorch's fft_*_backward) ------------------------------------------------- */

tc_tensor *tc__fft_grad(const tc_grad_node *n, tc_tensor *out, tc_tensor *g, int which, tc_error *e) {
    (void)out;
    (void)which;
    const tc__gargs *a = &n->args;
    tc_fft_norm norm = (tc_fft_norm)a->b;
    int nd = a->ndims;
    const int *d = a->dims;
    if (a->a == LINE_C2C) return tc_fft_c2c(g, d, nd, norm, !a->c, e);
    if (a->a == LINE_C2R) { /* r2c of the gradient, the entries that stand for two doubled */
        tc_tensor *gi = tc_fft_r2c(g, d, nd, norm, true, e);
        int last = d[nd - 1];
        int64_t dbl = gi ? g->shape[last] - gi->shape[last] : 0;
        if (gi && dbl > 0) { /* times a mask of ones with 2 at [1, 1 + dbl) */
            tc_tensor *mask = tc_ones(gi->shape, gi->ndim, TC_DTYPE_F32, gi->device, e);
            tc_tensor *ms = mask ? tc_slice(mask, last, 1, 1 + dbl, 1, e) : NULL;
            int rc = ms ? tc_fill_(ms, 2.0, e) : -1;
            tc_tensor *r = rc == 0 ? tc_binary(TC_OP_MUL, gi, mask, e) : NULL;
            tc_tensor_unref(ms);
            tc_tensor_unref(mask);
            tc_tensor_unref(gi);
            return r;
        }
        return gi;
    }
    /* r2c: the inverse c2c of the gradient (zero-padded to the full length when onesided), real part */
    tc_tensor *full = NULL;
    int last = d[nd - 1];
    if (a->c) {
        int64_t shape[TC_MAX_DIMS];
        memcpy(shape, g->shape, sizeof(int64_t) * (size_t)g->ndim);
        shape[last] = (int64_t)a->scalar;
        full = tc_zeros(shape, g->ndim, g->dtype, g->device, e);
        tc_tensor *dst = full ? tc_slice(full, last, 0, g->shape[last], 1, e) : NULL;
        int rc = dst ? tc_copy_(dst, g, e) : -1;
        tc_tensor_unref(dst);
        if (rc) {
            tc_tensor_unref(full);
            return NULL;
        }
        if (g->requires_grad) { /* keep the graph: pad through cat of g and zeros */
            tc_tensor_unref(full);
            int64_t zs[TC_MAX_DIMS];
            memcpy(zs, g->shape, sizeof(int64_t) * (size_t)g->ndim);
            zs[last] = (int64_t)a->scalar - g->shape[last];
            tc_tensor *z = tc_zeros(zs, g->ndim, g->dtype, g->device, e);
            tc_tensor *parts[2] = {g, z};
            full = z ? tc_cat(parts, 2, last, e) : NULL;
            tc_tensor_unref(z);
            if (!full) return NULL;
        }
    } else {
        full = tc_tensor_ref(g);
    }
    tc_tensor *c = tc_fft_c2c(full, d, nd, norm, false, e);
    tc_tensor_unref(full);
    tc_tensor *r = c ? tc_real(c, e) : NULL;
    tc_tensor_unref(c);
    if (!r) return NULL;
    tc_tensor *k = tc_contiguous(r, e);
    tc_tensor_unref(r);
    return k;
}
