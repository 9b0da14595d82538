/*
 * The CPU backend's convolution and pooling kernels (backend.h: im2col, col2im, pool2d,
 * pool2d_backward). conv.c turns a convolution into im2col plus BLAS products over whole
 * chunks of the batch; these loops do the data movement around those products and the
 * pooling windows, split across threads by rows of cols or by (image, channel) planes.
 * The emulated device runs them on its own memory.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "tc-impl.h"

/* ---- im2col ------------------------------------------------------------------------------ */

typedef struct im2col_job {
    const tc_kview *cols, *x;
    const tc_window2d *w;
    int64_t n, c, k; /* images, channels, kernel positions per channel */
    size_t es;
} im2col_job;

/* The rows of cols for images [n0, n1), channel c, kernel offset (i, j): strided gathers
 * with zeros where the window leaves the input. The element size is all that matters (a
 * copy). The images go in one call: a small output (a 1x1 one) makes rows of a few elements,
 * whose set-up would otherwise cost more than the copy. */
#define IM2COL_ROW(T)                                                                        \
    static void im2col_row_##T(const im2col_job *jb, int64_t ck, int64_t n0, int64_t n1) {  \
        const tc_window2d *w = jb->w;                                                        \
        int64_t c = ck / jb->k, ij = ck % jb->k, i = ij / w->kw, j = ij % w->kw;             \
        const tc_kview *x = jb->x, *cols = jb->cols;                                         \
        int64_t H = x->shape[2], W = x->shape[3], sy = x->strides[2], sx = x->strides[3];    \
        int64_t ds = cols->strides[2];                                                       \
        int64_t x0 = j * w->dw - w->pw;                                                      \
        /* the output columns whose input column lies inside [0, W) */                       \
        int64_t lo = x0 >= 0 ? 0 : (-x0 + w->sw - 1) / w->sw;                               \
        int64_t hi = W - x0 <= 0 ? 0 : (W - x0 + w->sw - 1) / w->sw;                         \
        if (hi > w->ow) hi = w->ow;                                                          \
        if (lo > hi) lo = hi;                                                                \
        for (int64_t n = n0; n < n1; n++) {                                                  \
            const T *src = (const T *)x->data + n * x->strides[0] + c * x->strides[1];       \
            T *dst = (T *)cols->data + ck * cols->strides[0] + n * cols->strides[1];         \
            if (ds == 1 && sx == 1 && w->sw == 1 && w->sh == 1 && sy == w->ow) {             \
                /* input rows and cols rows have one pitch: the valid rows are one flat     \
                 * copy, then the columns that fell outside the input are zeroed */          \
                int64_t a = w->ph - i * w->dh, b = H + a;                                    \
                int64_t ylo = a < 0 ? 0 : a > w->oh ? w->oh : a;                             \
                int64_t yhi = b < ylo ? ylo : b > w->oh ? w->oh : b;                         \
                memset(dst, 0, (size_t)(ylo * w->ow) * sizeof(T));                           \
                memset(dst + yhi * w->ow, 0, (size_t)((w->oh - yhi) * w->ow) * sizeof(T));   \
                if (yhi > ylo && hi > lo) {                                                  \
                    int64_t first = ylo * w->ow + lo, last = (yhi - 1) * w->ow + hi;         \
                    memcpy(dst + first, src + (ylo - a) * sy + x0 + lo,                      \
                           (size_t)(last - first) * sizeof(T));                              \
                    for (int64_t oy = ylo; oy < yhi; oy++) {                                 \
                        T *d = dst + oy * w->ow;                                             \
                        for (int64_t ox = 0; ox < lo; ox++) d[ox] = 0;                       \
                        for (int64_t ox = hi; ox < w->ow; ox++) d[ox] = 0;                   \
                    }                                                                        \
                } else {                                                                     \
                    memset(dst + ylo * w->ow, 0, (size_t)((yhi - ylo) * w->ow) * sizeof(T)); \
                }                                                                            \
                continue;                                                                    \
            }                                                                                \
            for (int64_t oy = 0; oy < w->oh; oy++) {                                         \
                int64_t row = oy * w->sh - w->ph + i * w->dh;                                \
                T *d = dst + oy * w->ow * ds;                                                \
                if (row < 0 || row >= H) {                                                   \
                    for (int64_t ox = 0; ox < w->ow; ox++) d[ox * ds] = 0;                   \
                    continue;                                                                \
                }                                                                            \
                const T *s = src + row * sy + x0 * sx;                                       \
                for (int64_t ox = 0; ox < lo; ox++) d[ox * ds] = 0;                          \
                if (ds == 1 && sx == 1 && w->sw == 1) {                                      \
                    for (int64_t ox = lo; ox < hi; ox++) d[ox] = s[ox];                      \
                } else if (ds == 1 && w->sw * sx == 2) { /* a constant step vectorizes */    \
                    for (int64_t ox = lo; ox < hi; ox++) d[ox] = s[ox * 2];                  \
                } else if (ds == 1 && sx == 0) { /* an expanded input: one value a row */   \
                    T v = s[0];                                                              \
                    for (int64_t ox = lo; ox < hi; ox++) d[ox] = v;                          \
                } else {                                                                     \
                    int64_t step = w->sw * sx;                                               \
                    for (int64_t ox = lo; ox < hi; ox++) d[ox * ds] = s[ox * step];          \
                }                                                                            \
                for (int64_t ox = hi; ox < w->ow; ox++) d[ox * ds] = 0;                      \
            }                                                                                \
        }                                                                                    \
    }
IM2COL_ROW(uint8_t)
IM2COL_ROW(uint16_t)
IM2COL_ROW(uint32_t)
IM2COL_ROW(uint64_t)

/* Rows [b, e) of cols, row r being image r % n of channel and offset r / n. */
static void im2col_range(void *ctx, int64_t b, int64_t e) {
    const im2col_job *jb = ctx;
    for (int64_t r = b; r < e;) {
        int64_t ck = r / jb->n, n0 = r % jb->n, n1 = jb->n - n0 < e - r ? jb->n : n0 + (e - r);
        switch (jb->es) {
        case 1: im2col_row_uint8_t(jb, ck, n0, n1); break;
        case 2: im2col_row_uint16_t(jb, ck, n0, n1); break;
        case 4: im2col_row_uint32_t(jb, ck, n0, n1); break;
        default: im2col_row_uint64_t(jb, ck, n0, n1); break;
        }
        r += n1 - n0;
    }
}

int tc__cpu_im2col(void *ctx, const tc_kview *cols, const tc_kview *x, const tc_window2d *w,
                   tc_error *err) {
    (void)ctx;
    im2col_job jb = {cols, x, w, x->shape[0], x->shape[1], w->kh * w->kw, tc_dtype_size(x->dtype)};
    int64_t rows = jb.c * jb.k * jb.n, per = w->oh * w->ow;
    if (rows == 0 || per == 0) return 0;
    tc__parallel_for(rows, per >= 16384 ? 1 : 16384 / per + 1, im2col_range, &jb);
    return tc_interrupt_check(err);
}

/* ---- convolution one image per thread --------------------------------------------------------
 * For a batch of small images the chunked path (one wide product over many images' cols)
 * writes cols far past the caches and splits each product across the threads. Here each
 * thread takes whole images: their cols ([C*K, L], a few hundred KiB) stay in its cache and
 * the product lands straight in the image's output planes, on one core. */

typedef struct images_job {
    const tc_kview *out, *x, *w, *b;
    const tc_window2d *win;
    int64_t G;
    atomic_int failed; /* out of memory on a helper: err says so */
    tc_error err;
} images_job;

static void images_fail(images_job *jb, const tc_error *err) {
    int no = 0;
    if (atomic_compare_exchange_strong(&jb->failed, &no, 1)) jb->err = *err;
}

#define IMAGES_BIAS(T)                                                                       \
    static void images_bias_##T(const images_job *jb, int64_t n) {                           \
        const tc_kview *out = jb->out, *b = jb->b;                                           \
        int64_t L = jb->win->oh * jb->win->ow;                                               \
        for (int64_t o = 0; o < out->shape[1]; o++) {                                        \
            T *d = (T *)out->data + n * out->strides[0] + o * out->strides[1];               \
            T v = ((const T *)b->data)[o * b->strides[0]];                                   \
            for (int64_t q = 0; q < L; q++) d[q] = d[q] + v;                                 \
        }                                                                                    \
    }
IMAGES_BIAS(float)
IMAGES_BIAS(double)

static void images_range(void *ctx, int64_t b, int64_t e) {
    images_job *jb = ctx;
    const tc_kview *x = jb->x, *out = jb->out;
    const tc_window2d *w = jb->win;
    int64_t C = x->shape[1], K = w->kh * w->kw, L = w->oh * w->ow, O = out->shape[1];
    int64_t Cg = C / jb->G, Og = O / jb->G;
    size_t es = tc_dtype_size(x->dtype);
    tc_error err = {0};
    tc_kview cols = {0};
    cols.dtype = x->dtype;
    cols.ndim = 3;
    cols.shape[0] = C * K, cols.shape[1] = 1, cols.shape[2] = L;
    cols.strides[0] = L, cols.strides[1] = L, cols.strides[2] = 1;
    if (!(cols.data = tc__malloc((size_t)(C * K * L) * es))) {
        tc_error_set(&err, TC_EXC_RUNTIME, "CPU out of memory");
        images_fail(jb, &err);
        return;
    }
    tc_kview xi = *x;
    xi.shape[0] = 1;
    im2col_job ij = {&cols, &xi, w, 1, C, K, es};
    for (int64_t n = b; n < e && !atomic_load(&jb->failed); n++) {
        xi.data = (char *)x->data + n * x->strides[0] * (int64_t)es;
        im2col_range(&ij, 0, C * K);
        for (int64_t gi = 0; gi < jb->G; gi++) {
            tc_kview A = {0}, B = {0}, Cm = {0};
            A.dtype = B.dtype = Cm.dtype = x->dtype;
            A.ndim = B.ndim = Cm.ndim = 2;
            A.data = (char *)jb->w->data + gi * Og * Cg * K * (int64_t)es;
            A.shape[0] = Og, A.shape[1] = Cg * K, A.strides[0] = Cg * K, A.strides[1] = 1;
            B.data = (char *)cols.data + gi * Cg * K * L * (int64_t)es;
            B.shape[0] = Cg * K, B.shape[1] = L, B.strides[0] = L, B.strides[1] = 1;
            Cm.data = (char *)out->data + (n * out->strides[0] + gi * Og * out->strides[1]) * (int64_t)es;
            Cm.shape[0] = Og, Cm.shape[1] = L, Cm.strides[0] = out->strides[1], Cm.strides[1] = 1;
            if (tc__cpu_gemm(&Cm, &A, &B, &err) != 0) {
                images_fail(jb, &err);
                break;
            }
        }
        if (jb->b && !atomic_load(&jb->failed)) {
            if (x->dtype == TC_DTYPE_F64) images_bias_double(jb, n);
            else images_bias_float(jb, n);
        }
    }
    tc__free(cols.data);
}

bool tc__cpu_conv_images_ok(tc_dtype dt, int64_t N, int64_t ck, int64_t L) {
    /* L >= 64: a one-image product stays a matrix product (a single output column would
     * become a matrix-vector product, which rounds differently) and is worth a thread */
    return (dt == TC_DTYPE_F32 || dt == TC_DTYPE_F64) && N >= 2 && tc__cpu_threads() >= 2 &&
           L >= 64 && ck * L <= ((int64_t)1 << 20);
}

int tc__cpu_conv_images(const tc_kview *out, const tc_kview *x, const tc_kview *w,
                        const tc_kview *b, const tc_window2d *win, int64_t groups, tc_error *err) {
    images_job jb = {out, x, w, b, win, groups, 0, {0}};
    tc__cpu_blas_parallel(x->shape[0], images_range, &jb);
    if (atomic_load(&jb.failed)) {
        *err = jb.err;
        return -1;
    }
    return tc_interrupt_check(err);
}

/* ---- few input channels: taps in registers -------------------------------------------------
 * With a handful of taps per output (C/groups * kh * kw <= 64, e.g. the first layer of an
 * image model: one channel, 5x5) the products are too thin for BLAS. Each output row is
 * computed in vectors of eight columns, every tap one fused multiply-add of a broadcast weight
 * and eight neighbouring inputs, the bias added last. The image is first copied into a
 * zero-padded buffer, so the loop has no edges. Rows of one (image, channel) plane per call. */

#if defined(__x86_64__)
#include <immintrin.h>

typedef struct taps_job {
    const tc_kview *out, *x, *w, *b;
    const tc_window2d *win;
    int64_t G, Cg, Og, Hp, Wp; /* Hp, Wp: the padded image's size */
    atomic_int failed;
} taps_job;

/* Image n, every channel, into pad ([C, Hp, Wp], zeros around). */
static void taps_pad(const taps_job *jb, int64_t n, float *pad) {
    const tc_kview *x = jb->x;
    const tc_window2d *w = jb->win;
    int64_t C = x->shape[1], H = x->shape[2], W = x->shape[3];
    memset(pad, 0, (size_t)(C * jb->Hp * jb->Wp) * sizeof(float));
    for (int64_t c = 0; c < C; c++)
        for (int64_t y = 0; y < H; y++) {
            const float *s = (const float *)x->data + n * x->strides[0] + c * x->strides[1] + y * x->strides[2];
            float *d = pad + (c * jb->Hp + y + w->ph) * jb->Wp + w->pw;
            for (int64_t q = 0; q < W; q++) d[q] = s[q * x->strides[3]];
        }
}

/* NO output channels (of one group) by NV vectors of eight columns at output row oy, from
 * column ox: NO * NV independent accumulators keep the fused multiply-adds' latency hidden,
 * and each loaded input vector serves NO channels. Only the first 'valid' columns of the last
 * vector are stored (the padded rows are wide enough to read a whole vector past the end). */
#define TAPS_BLOCK(NO, NV)                                                                   \
    __attribute__((target("avx2,fma"))) static void taps_block_##NO##_##NV(                 \
        const taps_job *jb, const float *wt, const float *row0, float *const *dst,           \
        const float *bias, int64_t ox, int valid) {                                          \
        const tc_window2d *w = jb->win;                                                      \
        int64_t ck = jb->Cg * w->kh * w->kw, Wp = jb->Wp;                                    \
        __m256 a[NO][NV];                                                                    \
        for (int u = 0; u < NO; u++)                                                         \
            for (int v = 0; v < NV; v++) a[u][v] = _mm256_setzero_ps();                      \
        const float *t = wt;                                                                 \
        for (int64_t c = 0; c < jb->Cg; c++)                                                 \
            for (int64_t i = 0; i < w->kh; i++) {                                            \
                const float *r = row0 + (c * jb->Hp + i * w->dh) * Wp + ox;                  \
                for (int64_t j = 0; j < w->kw; j++, t++) {                                   \
                    __m256 xv[NV];                                                           \
                    for (int v = 0; v < NV; v++) xv[v] = _mm256_loadu_ps(r + j * w->dw + 8 * v); \
                    for (int u = 0; u < NO; u++) {                                           \
                        __m256 k = _mm256_broadcast_ss(t + u * ck);                          \
                        for (int v = 0; v < NV; v++) a[u][v] = _mm256_fmadd_ps(k, xv[v], a[u][v]); \
                    }                                                                        \
                }                                                                            \
            }                                                                                \
        __m256i keep = _mm256_cmpgt_epi32(_mm256_set1_epi32(valid),                          \
                                          _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));        \
        for (int u = 0; u < NO; u++)                                                         \
            for (int v = 0; v < NV; v++) {                                                   \
                __m256 r = _mm256_add_ps(a[u][v], _mm256_set1_ps(bias[u]));                  \
                if (v < NV - 1 || valid == 8) _mm256_storeu_ps(dst[u] + ox + 8 * v, r);      \
                else _mm256_maskstore_ps(dst[u] + ox + 8 * v, keep, r);                      \
            }                                                                                \
    }
TAPS_BLOCK(4, 3)
TAPS_BLOCK(4, 2)
TAPS_BLOCK(4, 1)
TAPS_BLOCK(1, 3)
TAPS_BLOCK(1, 2)
TAPS_BLOCK(1, 1)

/* Output channels [o, o + no) of image n (no is 4, or 1; all in one group). */
__attribute__((target("avx2,fma"))) static void taps_channels(const taps_job *jb, int64_t n,
                                                              int64_t o, int no, const float *pad) {
    const tc_window2d *w = jb->win;
    const tc_kview *out = jb->out;
    int64_t g = o / jb->Og, Wp = jb->Wp, ow = w->ow, ck = jb->Cg * w->kh * w->kw;
    const float *wt = (const float *)jb->w->data + o * ck;
    const float *img = pad + g * jb->Cg * jb->Hp * Wp;
    float bias[4];
    for (int u = 0; u < no; u++) bias[u] = jb->b ? ((const float *)jb->b->data)[(o + u) * jb->b->strides[0]] : 0.0f;
    for (int64_t oy = 0; oy < w->oh; oy++) {
        float *dst[4];
        for (int u = 0; u < no; u++)
            dst[u] = (float *)out->data + n * out->strides[0] + (o + u) * out->strides[1] + oy * ow;
        const float *row0 = img + oy * w->sh * Wp;
        for (int64_t ox = 0; ox < ow;) {
            int64_t left = ow - ox, nv = left >= 24 ? 3 : left > 8 ? 2 : 1;
            int valid = left >= 8 * nv ? 8 : (int)(left - 8 * (nv - 1));
            if (no == 4) {
                if (nv == 3) taps_block_4_3(jb, wt, row0, dst, bias, ox, valid);
                else if (nv == 2) taps_block_4_2(jb, wt, row0, dst, bias, ox, valid);
                else taps_block_4_1(jb, wt, row0, dst, bias, ox, valid);
            } else {
                if (nv == 3) taps_block_1_3(jb, wt, row0, dst, bias, ox, valid);
                else if (nv == 2) taps_block_1_2(jb, wt, row0, dst, bias, ox, valid);
                else taps_block_1_1(jb, wt, row0, dst, bias, ox, valid);
            }
            ox += nv * 8;
        }
    }
}

static void taps_range(void *ctx, int64_t b, int64_t e) {
    taps_job *jb = ctx;
    int64_t C = jb->x->shape[1];
    float *pad = tc__malloc((size_t)(C * jb->Hp * jb->Wp) * sizeof(float));
    if (!pad) {
        atomic_store(&jb->failed, 1);
        return;
    }
    int64_t cur = -1, Og = jb->Og, per = (Og + 3) / 4; /* blocks of four channels per group */
    for (int64_t p = b; p < e; p++) {
        int64_t n = p / (jb->G * per), r = p % (jb->G * per), g = r / per, k = r % per * 4;
        if (n != cur) taps_pad(jb, cur = n, pad);
        int64_t o = g * Og + k;
        if (k + 4 <= Og) taps_channels(jb, n, o, 4, pad);
        else
            for (; k < Og; k++, o++) taps_channels(jb, n, o, 1, pad);
    }
    tc__free(pad);
}
#endif

bool tc__cpu_conv_taps_ok(tc_dtype dt, int64_t cgk, const tc_window2d *w) {
#if defined(__x86_64__)
    static int fma = -1;
    if (fma < 0) fma = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return fma && dt == TC_DTYPE_F32 && cgk <= 64 && w->sw == 1 && w->ow >= 8;
#else
    return false;
#endif
}

int tc__cpu_conv_taps(const tc_kview *out, const tc_kview *x, const tc_kview *w,
                      const tc_kview *b, const tc_window2d *win, int64_t groups, tc_error *err) {
#if defined(__x86_64__)
    int64_t C = x->shape[1], O = out->shape[1];
    /* rows and columns past the input that the windows reach: the padding at the start, and
     * at the end whatever the last window needs (at least the input itself) */
    int64_t Hp = (win->oh - 1) * win->sh + (win->kh - 1) * win->dh + 1;
    int64_t Wp = (win->ow - 1) + (win->kw - 1) * win->dw + 1;
    if (Hp < x->shape[2] + win->ph) Hp = x->shape[2] + win->ph;
    if (Wp < x->shape[3] + win->pw) Wp = x->shape[3] + win->pw;
    Wp += 24; /* zeros a last, partly stored block of columns reads */
    taps_job jb = {out, x, w, b, win, groups, C / groups, O / groups, Hp, Wp, 0};
    int64_t items = x->shape[0] * groups * ((O / groups + 3) / 4);
    int64_t work = 4 * C / groups * win->kh * win->kw * win->oh * win->ow + 1;
    tc__parallel_for(items, work >= 32768 ? 1 : 32768 / work + 1, taps_range, &jb);
    if (atomic_load(&jb.failed)) {
        tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
        return -1;
    }
    return tc_interrupt_check(err);
#else
    (void)out, (void)x, (void)w, (void)b, (void)win, (void)groups;
    tc_error_set(err, TC_EXC_RUNTIME, "no SIMD convolution on this CPU");
    return -1;
#endif
}

/* ---- col2im ------------------------------------------------------------------------------ */

typedef struct col2im_job {
    const tc_kview *x, *cols;
    const tc_window2d *w;
    int64_t C;
} col2im_job;

/* Sum into one (image, channel) plane, kernel offset by kernel offset in cols' row order and
 * in the element type, as PyTorch's col2im does. */
#define COL2IM_PLANE(NAME, T, ACC, LOAD, STORE)                                              \
    static void NAME(const col2im_job *jb, int64_t plane) {                                  \
        const tc_window2d *w = jb->w;                                                        \
        int64_t n = plane / jb->C, c = plane % jb->C;                                        \
        int64_t H = jb->x->shape[2], W = jb->x->shape[3];                                    \
        T *acc = (T *)jb->x->data + plane * H * W;                                           \
        memset(acc, 0, (size_t)(H * W) * sizeof(T));                                         \
        int64_t ds = jb->cols->strides[2];                                                   \
        for (int64_t i = 0; i < w->kh; i++)                                                  \
            for (int64_t j = 0; j < w->kw; j++) {                                            \
                int64_t ck = (c * w->kh + i) * w->kw + j;                                    \
                const T *src = (const T *)jb->cols->data + ck * jb->cols->strides[0] +       \
                               n * jb->cols->strides[1];                                     \
                int64_t x0 = j * w->dw - w->pw;                                              \
                int64_t lo = x0 >= 0 ? 0 : (-x0 + w->sw - 1) / w->sw;                        \
                int64_t hi = W - x0 <= 0 ? 0 : (W - x0 + w->sw - 1) / w->sw;                 \
                if (hi > w->ow) hi = w->ow;                                                  \
                for (int64_t oy = 0; oy < w->oh; oy++) {                                     \
                    int64_t row = oy * w->sh - w->ph + i * w->dh;                            \
                    if (row < 0 || row >= H) continue;                                       \
                    const T *s = src + oy * w->ow * ds;                                      \
                    T *a = acc + row * W;                                                    \
                    if (ds == 1 && w->sw == 1) {                                             \
                        for (int64_t ox = lo; ox < hi; ox++)                                 \
                            a[x0 + ox] = STORE((ACC)(LOAD(a[x0 + ox]) + LOAD(s[ox])));       \
                    } else {                                                                 \
                        for (int64_t ox = lo; ox < hi; ox++) {                               \
                            int64_t q = x0 + ox * w->sw;                                     \
                            a[q] = STORE((ACC)(LOAD(a[q]) + LOAD(s[ox * ds])));              \
                        }                                                                    \
                    }                                                                        \
                }                                                                            \
            }                                                                                \
    }
#define ID(v) (v)
COL2IM_PLANE(col2im_f32, float, float, ID, ID)
COL2IM_PLANE(col2im_f64, double, double, ID, ID)
COL2IM_PLANE(col2im_f16, uint16_t, float, tc_f16_to_f32, tc_f32_to_f16)
COL2IM_PLANE(col2im_bf16, uint16_t, float, tc_bf16_to_f32, tc_f32_to_bf16)
COL2IM_PLANE(col2im_i64, int64_t, int64_t, ID, ID) /* conv_transpose of int64, as PyTorch's */

static void col2im_range(void *ctx, int64_t b, int64_t e) {
    const col2im_job *jb = ctx;
    for (int64_t p = b; p < e; p++) {
        switch (jb->x->dtype) {
        case TC_DTYPE_F64: col2im_f64(jb, p); break;
        case TC_DTYPE_F16: col2im_f16(jb, p); break;
        case TC_DTYPE_BF16: col2im_bf16(jb, p); break;
        case TC_DTYPE_I64: col2im_i64(jb, p); break;
        default: col2im_f32(jb, p); break;
        }
    }
}

int tc__cpu_col2im(void *ctx, const tc_kview *x, const tc_kview *cols, const tc_window2d *w,
                   tc_error *err) {
    (void)ctx;
    col2im_job jb = {x, cols, w, x->shape[1]};
    int64_t planes = x->shape[0] * x->shape[1], hw = x->shape[2] * x->shape[3];
    if (planes == 0 || hw == 0) return 0;
    int64_t work = w->kh * w->kw * w->oh * w->ow + hw;
    tc__parallel_for(planes, work >= 16384 ? 1 : 16384 / (work ? work : 1) + 1, col2im_range, &jb);
    return tc_interrupt_check(err);
}

/* ---- convolution gradients one image per thread ---------------------------------------------
 * The transposed products of the per-image forward above. The input's gradient of image n
 * is W^T @ g[n] folded by col2im into gx[n]: the same products and sums as the chunked path.
 * The weight's gradient sums g[n] @ cols[n]^T over the images: images are split into a fixed
 * number of contiguous pieces, each summed in image order into its own partial, and the
 * partials added in piece order, so the result does not depend on the threads. */

typedef struct grads_job {
    const tc_kview *gx, *gw, *x, *w, *g; /* gx/gw contiguous; g contiguous [N, O, L] */
    const tc_window2d *win;
    int64_t G, pieces;
    char *parts; /* pieces partial weight gradients, [O, Cg*K] each */
    atomic_int failed;
    tc_error err;
} grads_job;

static void grads_fail(grads_job *jb, const tc_error *err) {
    int no = 0;
    if (atomic_compare_exchange_strong(&jb->failed, &no, 1)) jb->err = *err;
}

static tc_kview kv2d(tc_dtype dt, void *data, int64_t r, int64_t c, int64_t rs, int64_t cs) {
    tc_kview v = {0};
    v.data = data;
    v.dtype = dt;
    v.ndim = 2;
    v.shape[0] = r, v.shape[1] = c, v.strides[0] = rs, v.strides[1] = cs;
    return v;
}

static void grad_input_range(void *ctx, int64_t b, int64_t e) {
    grads_job *jb = ctx;
    const tc_kview *x = jb->x;
    const tc_window2d *w = jb->win;
    int64_t C = x->shape[1], K = w->kh * w->kw, L = w->oh * w->ow, O = jb->g->shape[1];
    int64_t Cg = C / jb->G, Og = O / jb->G, HW = x->shape[2] * x->shape[3];
    size_t es = tc_dtype_size(x->dtype);
    tc_error err = {0};
    tc_kview cols = {0};
    cols.dtype = x->dtype;
    cols.ndim = 3;
    cols.shape[0] = C * K, cols.shape[1] = 1, cols.shape[2] = L;
    cols.strides[0] = L, cols.strides[1] = L, cols.strides[2] = 1;
    if (!(cols.data = tc__malloc((size_t)(C * K * L) * es))) {
        tc_error_set(&err, TC_EXC_RUNTIME, "CPU out of memory");
        grads_fail(jb, &err);
        return;
    }
    tc_kview xi = *jb->gx;
    xi.shape[0] = 1;
    col2im_job cj = {&xi, &cols, w, C};
    for (int64_t n = b; n < e && !atomic_load(&jb->failed); n++) {
        for (int64_t gi = 0; gi < jb->G; gi++) {
            tc_kview A = kv2d(x->dtype, (char *)jb->w->data + gi * Og * Cg * K * (int64_t)es, Cg * K, Og, 1, Cg * K);
            tc_kview B = kv2d(x->dtype, (char *)jb->g->data + (n * O + gi * Og) * L * (int64_t)es, Og, L, L, 1);
            tc_kview Cm = kv2d(x->dtype, (char *)cols.data + gi * Cg * K * L * (int64_t)es, Cg * K, L, L, 1);
            if (tc__cpu_gemm(&Cm, &A, &B, &err) != 0) {
                grads_fail(jb, &err);
                break;
            }
        }
        if (atomic_load(&jb->failed)) break;
        xi.data = (char *)jb->gx->data + n * C * HW * (int64_t)es;
        col2im_range(&cj, 0, C);
    }
    tc__free(cols.data);
}

static void grad_weight_range(void *ctx, int64_t b, int64_t e) {
    grads_job *jb = ctx;
    const tc_kview *x = jb->x;
    const tc_window2d *w = jb->win;
    int64_t N = x->shape[0], C = x->shape[1], K = w->kh * w->kw, L = w->oh * w->ow, O = jb->g->shape[1];
    int64_t Cg = C / jb->G, Og = O / jb->G, P = O * Cg * K;
    size_t es = tc_dtype_size(x->dtype);
    tc_error err = {0};
    tc_kview cols = {0};
    cols.dtype = x->dtype;
    cols.ndim = 3;
    cols.shape[0] = C * K, cols.shape[1] = 1, cols.shape[2] = L;
    cols.strides[0] = L, cols.strides[1] = L, cols.strides[2] = 1;
    cols.data = tc__malloc((size_t)(C * K * L) * es);
    char *tmp = cols.data ? tc__malloc((size_t)P * es) : NULL;
    if (!tmp) {
        tc__free(cols.data);
        tc_error_set(&err, TC_EXC_RUNTIME, "CPU out of memory");
        grads_fail(jb, &err);
        return;
    }
    tc_kview xi = *x;
    xi.shape[0] = 1;
    im2col_job ij = {&cols, &xi, w, 1, C, K, es};
    for (int64_t p = b; p < e && !atomic_load(&jb->failed); p++) {
        char *part = jb->parts + p * P * (int64_t)es;
        int64_t n0 = p * N / jb->pieces, n1 = (p + 1) * N / jb->pieces;
        for (int64_t n = n0; n < n1 && !atomic_load(&jb->failed); n++) {
            xi.data = (char *)x->data + n * x->strides[0] * (int64_t)es;
            im2col_range(&ij, 0, C * K);
            char *dst = n == n0 ? part : tmp;
            for (int64_t gi = 0; gi < jb->G; gi++) {
                tc_kview A = kv2d(x->dtype, (char *)jb->g->data + (n * O + gi * Og) * L * (int64_t)es, Og, L, L, 1);
                tc_kview B = kv2d(x->dtype, (char *)cols.data + gi * Cg * K * L * (int64_t)es, L, Cg * K, 1, L);
                tc_kview Cm = kv2d(x->dtype, dst + gi * Og * Cg * K * (int64_t)es, Og, Cg * K, Cg * K, 1);
                if (tc__cpu_gemm(&Cm, &A, &B, &err) != 0) {
                    grads_fail(jb, &err);
                    break;
                }
            }
            if (n == n0) continue;
            if (x->dtype == TC_DTYPE_F64)
                for (int64_t q = 0; q < P; q++) ((double *)part)[q] += ((const double *)tmp)[q];
            else
                for (int64_t q = 0; q < P; q++) ((float *)part)[q] += ((const float *)tmp)[q];
        }
    }
    tc__free(tmp);
    tc__free(cols.data);
}

int tc__cpu_conv_grads_images(const tc_kview *gx, const tc_kview *gw, const tc_kview *x,
                              const tc_kview *w, const tc_kview *g, const tc_window2d *win,
                              int64_t groups, tc_error *err) {
    grads_job jb = {gx, gw, x, w, g, win, groups, 0, NULL, 0, {0}};
    size_t es = tc_dtype_size(x->dtype);
    if (gx) tc__cpu_blas_parallel(x->shape[0], grad_input_range, &jb);
    if (gw && !atomic_load(&jb.failed)) {
        int64_t P = gw->shape[0] * gw->shape[1] * gw->shape[2] * gw->shape[3];
        jb.pieces = x->shape[0] < 16 ? x->shape[0] : 16;
        if (!(jb.parts = tc__malloc((size_t)(jb.pieces * P) * es))) {
            tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
            return -1;
        }
        tc__cpu_blas_parallel(jb.pieces, grad_weight_range, &jb);
        if (!atomic_load(&jb.failed)) {
            memcpy(gw->data, jb.parts, (size_t)P * es);
            for (int64_t p = 1; p < jb.pieces; p++) {
                const char *part = jb.parts + p * P * (int64_t)es;
                if (x->dtype == TC_DTYPE_F64)
                    for (int64_t q = 0; q < P; q++) ((double *)gw->data)[q] += ((const double *)part)[q];
                else
                    for (int64_t q = 0; q < P; q++) ((float *)gw->data)[q] += ((const float *)part)[q];
            }
        }
        tc__free(jb.parts);
    }
    if (atomic_load(&jb.failed)) {
        *err = jb.err;
        return -1;
    }
    return tc_interrupt_check(err);
}

/* ---- float32 direct convolutions in vector registers -----------------------------------------
 * The per-image products above spend as long packing operands, zeroing and copying cols and
 * folding them back (col2im) as multiplying. Here the forward convolution and, with unit
 * stride, both gradients are direct convolutions in registers, with no cols at all:
 *   out[n, o, y, q] = b[o] + sum over c, i, j of w[o, c, i, j] * x[n, c, y*sh - ph + i*dh, ...]
 *   gx[n, c, r, s] = sum over o, i, j of w[o, c, i, j] * g[n, o, r + ph - i*dh, s + pw - j*dw]
 *   gw[o, c, i, j] = sum over n, y, q of g[n, o, y, q] * x[n, c, y - ph + i*dh, q - pw + j*dw]
 * The loops are written once (cpu-conv-simd.inc) and built for two vector widths: AVX-512
 * (sixteen lanes, blocks of eight channels in its 32 registers) and AVX2 with FMA (eight
 * lanes, blocks of four channels in its 16); the CPU picks one at run time. Masks are bit
 * sets of lanes (lane i in bit i) in tables built here, whatever the width.
 *
 * Forward: each image is first copied into a zero-padded buffer split into stride phases:
 * padded row y lands in phase y % sh at row y / sh, and likewise for columns, each phase
 * Hq x Wq. Then every tap (i, j) of output (oy, ox) reads the same phase at row oy + i*dh/sh,
 * column ox + j*dw/sw: an output plane laid out with Wq columns per row (the last Wq - ow of
 * each row are not stored) is one flat run, and each tap is a single shift of it with no
 * edges (any stride up to 4, any padding or dilation alike). Blocks of NO output channels by
 * three vectors of the run stay in registers, each step one load of three input vectors and
 * NO broadcast weights; with few output channels per group (depthwise) one channel by four
 * vectors. Every output is one chain of multiply-adds over channels and taps in order (as
 * the products of im2col and BLAS), the bias added last, so the result does not depend on
 * how the work is split (over images, groups, runs of the plane and blocks of channels), on
 * the threads, nor on the vector width. A job may hold several convolutions of one batch
 * (tc__cpu_conv_fwd_parts: a transposed convolution's stride phases), each with its own
 * tables and weights, its items after each other per image; one whose output planes are
 * not laid out row after row (a phase: every s-th column of the output) is made a block at
 * a time in a buffer and then stored, interleaved with its sibling phases where it has them.
 *
 * Input's gradient: NO channels by two (or, flat, three) vectors of columns in registers,
 * each (o, i, j) one masked load of a row of g per vector and NO fused multiply-adds with
 * the weights broadcast (masks zero what falls outside g). Weight's gradient: NO output
 * channels by three taps in registers, accumulated lane-wise over the images and rows, each
 * step loading three shifted input vectors and NO rows of g. The images are split into a
 * fixed number of pieces with one partial each, added in piece order: the result does not
 * depend on the threads. When the output has the input's size (padding kh/2, the common
 * case) a plane is one flat run: every tap is one shift of it, with masks from a table for
 * the lanes whose row or column falls outside, and no lanes are lost at the ends of short
 * rows (28 columns would fill two vectors of sixteen to seven eighths). */

#if defined(__x86_64__)
#define GD_MAXKW 16     /* columns of taps the input's gradient keeps masks for */
#define GD_MAXROW 1024  /* output columns the weight's gradient keeps masks for */
#define GD_MAXBLK 65536 /* vectors per plane for the flat form's mask tables */

typedef uint16_t gd_mask; /* the lanes of one vector, lane i in bit i */

/* Lanes [lo, hi) of vl (at most sixteen), clipped, without branches (lo, hi any integers). */
static inline gd_mask gd_span(int64_t lo, int64_t hi, int64_t vl) {
    lo = lo < 0 ? 0 : lo > vl ? vl : lo;
    hi = hi < 0 ? 0 : hi > vl ? vl : hi;
    return (gd_mask)(((1u << hi) - 1) & ~((1u << lo) - 1));
}

/* m[b] for the nblk vectors of vl lanes of an H x W plane laid out flat: the lanes q whose
 * neighbour (q / W + di, q % W + dj) lies in the plane. Row by row, a run of columns each. */
static void gd_plane_masks(int64_t H, int64_t W, int64_t di, int64_t dj, int64_t nblk, int64_t vl,
                           gd_mask *m) {
    memset(m, 0, (size_t)nblk * sizeof(gd_mask));
    int64_t s0 = dj < 0 ? -dj : 0, s1 = dj > 0 ? W - dj : W;
    if (s1 <= s0) return;
    for (int64_t r = di < 0 ? -di : 0; r < H && r + di < H; r++) {
        int64_t q0 = r * W + s0, q1 = r * W + s1;
        for (int64_t b = q0 / vl; b * vl < q1; b++) m[b] |= gd_span(q0 - vl * b, q1 - vl * b, vl);
    }
}

/* The eight-lane masks as AVX2 wants them: entry m has lane i all ones where bit i of m is set. */
#define GD_M8(i)                                                                             \
    {-((i) & 1), -((i) >> 1 & 1), -((i) >> 2 & 1), -((i) >> 3 & 1),                         \
     -((i) >> 4 & 1), -((i) >> 5 & 1), -((i) >> 6 & 1), -((i) >> 7 & 1)}
#define GD_L1(i) GD_M8(i), GD_M8((i) + 1)
#define GD_L2(i) GD_L1(i), GD_L1((i) + 2)
#define GD_L3(i) GD_L2(i), GD_L2((i) + 4)
#define GD_L4(i) GD_L3(i), GD_L3((i) + 8)
#define GD_L5(i) GD_L4(i), GD_L4((i) + 16)
#define GD_L6(i) GD_L5(i), GD_L5((i) + 32)
#define GD_L7(i) GD_L6(i), GD_L6((i) + 64)
static const int32_t gd_lut8[256][8] __attribute__((aligned(32))) = {GD_L7(0), GD_L7(128)};

/* A value loaded once for several products: kept in a register, else GCC folds the load (or
 * broadcast) into each multiply-add and the loads, not the arithmetic, set the pace. */
#define GD_IN_REG(v) __asm__("" : "+v"(v))

typedef struct gdir_job {
    const tc_kview *x, *g;
    const tc_window2d *win;
    float *gx;        /* contiguous [N, C, H, W] */
    const float *wt;  /* the weights as [G][ncb][K][Og][NO], zero past Cg (Cg < 4: w itself) */
    float *parts;     /* pieces partial weight gradients, [O][Cg*K] each */
    int64_t N, C, O, G, Cg, Og, H, W, K, ncb, nob, pieces;
    /* same-size output (flat): planes as one run of H*W in nblk vectors; per tap k and vector
     * b ([k * nblk + b]) the lanes whose element of g (cg) or of x (cx) lies in the plane */
    bool flat;
    int64_t nblk;
    gd_mask *cg, *cx;
    int64_t *shg; /* per tap k, the shift from a plane element to the element of g it reads */
} gdir_job;

typedef struct fwd_job {
    const tc_kview *out, *x, *b;
    const tc_window2d *win;
    const float *wt;   /* [G][nob][Cg][K][NO], zeros past the group's channels */
    float *pad;        /* every image padded (IMG floats each), or NULL: each range pads its own */
    const int64_t *off; /* [K] the shift of each tap in the run */
    const int64_t *sg0, *sgat; /* fwd_segs of every run vector */
    const gd_mask *sgm;
    /* same-size planes read in place (flat): the run is the plane itself (Wq = W), a tap's
     * shift may leave it, and cm[k * nblk + b] holds the lanes of run vector b whose input
     * for tap k lies in the plane */
    bool flat;
    bool direct; /* out's planes have rows of ow following each other: stored in place */
    const gd_mask *cm;
    int64_t cs; /* channel stride of what the blocks read: CS, or x's when flat */
    int64_t N, C, O, G, Cg, Og, K, bo, nob, vl; /* bo: output channels per block (NO or 1) */
    int64_t sh, sw, Hp, Wp, Hq, Wq, CS, IMG; /* CS: a padded channel's floats */
    int64_t nblk, qv, nq, per;               /* vectors in a plane's run; per item; items per plane; per image */
} fwd_job;

/* The lanes of run vector b (positions q = vl*b .. vl*b+vl-1) that are outputs, row by row:
 * for each row r it touches, lanes [r*Wq - q, r*Wq - q + ow), stored at plane + r*(ow - Wq) + q.
 * Segments [sg0[b], sg0[b+1]) of the job's table. */
static int64_t fwd_segs(const fwd_job *jb, int64_t b, gd_mask *m, int64_t *at) {
    int64_t Wq = jb->Wq, ow = jb->win->ow, oh = jb->win->oh, vl = jb->vl, q = vl * b, n = 0;
    if (jb->flat) { /* rows follow each other: one store */
        if (m) m[0] = gd_span(0, oh * ow - q, vl), at[0] = q;
        return 1;
    }
    for (int64_t r = q / Wq; r < oh && r * Wq < q + vl; r++) {
        gd_mask k = gd_span(r * Wq - q, r * Wq - q + ow, vl);
        if (!k) continue;
        if (m) m[n] = k, at[n] = r * (ow - Wq) + q;
        n++;
    }
    return n;
}

/* The kernels of one vector width (cpu-conv-simd.inc). */
typedef struct conv_isa {
    int64_t vl, no; /* lanes per vector; channels per register block */
    tc__range_fn gx, gw, gxt, gwt, fwd_pad;
    void (*fwd_item)(const fwd_job *jb, const float *img0, float *dst0, int64_t osc, int64_t r);
    void (*fwd_pad_plane)(const fwd_job *jb, int64_t n, int64_t c, float *d);
} conv_isa;

#define CS_WIDTH 512
#include "cpu-conv-simd.inc"
#undef CS_WIDTH
#define CS_WIDTH 256
#include "cpu-conv-simd.inc"
#undef CS_WIDTH

/* The widest kernels this CPU runs, or NULL. TK_CONV_ISA=avx2 keeps an AVX-512 CPU to the
 * AVX2 ones and TK_CONV_ISA=none leaves every CPU to the products (to test and time those
 * paths on any machine). */
static const conv_isa *conv_isa_get(void) {
    static atomic_int pick = -1; /* 0 none, 1 AVX2, 2 AVX-512 */
    int p = atomic_load(&pick);
    if (p < 0) {
        const char *want = getenv("TK_CONV_ISA");
        bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        p = want && !strcmp(want, "none") ? 0
            : __builtin_cpu_supports("avx512f") && !(want && !strcmp(want, "avx2")) ? 2
            : avx2 ? 1 : 0;
        atomic_store(&pick, p);
    }
    return p == 2 ? &conv_isa_512 : p == 1 ? &conv_isa_256 : NULL;
}
#endif

#if defined(__x86_64__)
/* Of the in*k (input position, tap) pairs along one dim of a unit-stride window, those whose
 * output lies in [0, out). */
static int64_t window_pairs(int64_t in, int64_t out, int64_t k, int64_t pad, int64_t dil) {
    int64_t c = 0;
    for (int64_t i = 0; i < k; i++) { /* inputs r with 0 <= r + pad - i*dil < out */
        int64_t lo = i * dil - pad, hi = lo + out;
        lo = lo < 0 ? 0 : lo;
        hi = hi > in ? in : hi;
        c += hi > lo ? hi - lo : 0;
    }
    return c;
}
#endif

bool tc__cpu_conv_grads_direct_ok(tc_dtype dt, const tc_window2d *w, const tc_kview *x, int64_t Cg,
                                  int64_t Og, bool want_gx) {
#if defined(__x86_64__)
    const conv_isa *isa = conv_isa_get();
    if (!isa) return false;
    /* the input's gradient takes every tap for every input: where most taps fall outside a
     * far smaller output (a 4x4 kernel over a 1x1 output) the products win */
    if (want_gx && 2 * window_pairs(x->shape[2], w->oh, w->kh, w->ph, w->dh) *
                           window_pairs(x->shape[3], w->ow, w->kw, w->pw, w->dw) <
                       x->shape[2] * x->shape[3] * w->kh * w->kw)
        return false;
    bool flat = w->oh == x->shape[2] && w->ow == x->shape[3] && x->strides[2] == x->shape[3] &&
                (w->oh * w->ow + isa->vl - 1) / isa->vl <= GD_MAXBLK;
    /* Away from the flat form (valid or dilated convolutions, conv1d without padding) the
     * row blocks lose lanes at every row's end and reload g for each tap. On AVX2 (CPU time
     * on one thread) the input's gradient was faster as the transposed convolution's forward
     * (conv.c; MNIST's 32 -> 64 3x3 over 26x26 20 against 33 ms, conv1d 32 -> 64 k5 over
     * 64x200 3.2 against 6.2, 16 -> 32 3x3 over 28x28 6.2 against 10.1) and the weight's as
     * the products once it has eight input channels per group (the same layers 23 against
     * 36 and 4.7 against 10.6 ms); with fewer (one input channel into 32, four into 16 at
     * 5x5) the direct loops won. */
    if (!flat && isa->vl == 8 && (want_gx || Cg >= 8)) return false;
    /* the weight's gradient runs its lanes along the output's rows: rows of under a quarter
     * of a vector (a 1x1 output) leave most of them empty, and the products win */
    return dt == TC_DTYPE_F32 && w->sh == 1 && w->sw == 1 && w->kh * w->kw > 1 &&
           w->kw <= GD_MAXKW && w->ow <= GD_MAXROW && x->strides[3] == 1 &&
           (want_gx || flat || 4 * w->ow >= isa->vl) && ((want_gx ? Cg >= 4 : Og >= 4) || flat);
#else
    (void)dt, (void)w, (void)x, (void)Cg, (void)Og, (void)want_gx;
    return false;
#endif
}

int tc__cpu_conv_grads_direct(float *gx, float *gw, const tc_kview *x, const float *w,
                              const tc_kview *g, const tc_window2d *win, int64_t groups,
                              tc_error *err) {
#if defined(__x86_64__)
    const conv_isa *isa = conv_isa_get();
    int64_t vl = isa->vl, NB = isa->no;
    gdir_job jb = {x, g, win, gx, NULL, NULL, x->shape[0], x->shape[1], g->shape[1], groups,
                   x->shape[1] / groups, g->shape[1] / groups, x->shape[2], x->shape[3],
                   win->kh * win->kw, 0, 0, 0};
    jb.ncb = (jb.Cg + NB - 1) / NB;
    jb.nob = (jb.Og + NB - 1) / NB;
    int64_t K = jb.K, L = jb.H * jb.W;
    jb.nblk = (L + vl - 1) / vl;
    jb.flat = win->oh == jb.H && win->ow == jb.W && x->strides[2] == jb.W && jb.nblk <= GD_MAXBLK;
    if (jb.flat) {
        if (!(jb.shg = tc__malloc((size_t)K * sizeof(int64_t) + (size_t)(2 * K * jb.nblk) * sizeof(gd_mask))))
            return tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
        jb.cg = (gd_mask *)(jb.shg + K);
        jb.cx = jb.cg + K * jb.nblk;
        for (int64_t k = 0; k < K; k++) {
            int64_t di = k / win->kw * win->dh - win->ph, dj = k % win->kw * win->dw - win->pw;
            jb.shg[k] = -di * jb.W - dj;
            gd_plane_masks(jb.H, jb.W, -di, -dj, jb.nblk, vl, jb.cg + k * jb.nblk);
            gd_plane_masks(jb.H, jb.W, di, dj, jb.nblk, vl, jb.cx + k * jb.nblk);
        }
    }
    if (gx && jb.Cg < 4) { /* few channels per group: plane by plane */
        jb.wt = w;
        int64_t work = jb.Og * K * L + 1;
        tc__parallel_for(jb.N * jb.C, work >= 65536 ? 1 : 65536 / work + 1, isa->gxt, &jb);
    } else if (gx) {
        float *wt = tc__malloc((size_t)(jb.G * jb.ncb * jb.Og * K * NB) * sizeof(float));
        if (!wt) {
            tc__free(jb.shg);
            return tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
        }
        for (int64_t gi = 0; gi < jb.G; gi++)
            for (int64_t cb = 0; cb < jb.ncb; cb++)
                for (int64_t o = 0; o < jb.Og; o++)
                    for (int64_t k = 0; k < K; k++)
                        for (int64_t u = 0; u < NB; u++) {
                            int64_t c = cb * NB + u;
                            wt[(((gi * jb.ncb + cb) * K + k) * jb.Og + o) * NB + u] =
                                c < jb.Cg ? w[((gi * jb.Og + o) * jb.Cg + c) * K + k] : 0.0f;
                        }
        jb.wt = wt;
        int64_t work = jb.Og * K * jb.H * jb.W * NB + 1;
        tc__parallel_for(jb.N * jb.G * jb.ncb, work >= 65536 ? 1 : 65536 / work + 1, isa->gx, &jb);
        tc__free(wt);
    }
    if (gw) {
        int64_t P = jb.O * jb.Cg * K;
        jb.pieces = jb.N < 16 ? jb.N : 16;
        if (jb.pieces < 1) jb.pieces = 1;
        if (!(jb.parts = tc__malloc((size_t)(jb.pieces * P) * sizeof(float)))) {
            tc__free(jb.shg);
            return tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
        }
        if (jb.Og < 4) {
            int64_t work = (jb.N / jb.pieces + 1) * L * K + 1;
            tc__parallel_for(jb.pieces * jb.O * jb.Cg, work >= 65536 ? 1 : 65536 / work + 1, isa->gwt, &jb);
        } else {
            int64_t work = (jb.N / jb.pieces + 1) * win->oh * win->ow * NB * K + 1;
            tc__parallel_for(jb.pieces * jb.G * jb.nob * jb.Cg, work >= 65536 ? 1 : 65536 / work + 1, isa->gw, &jb);
        }
        memcpy(gw, jb.parts, (size_t)P * sizeof(float));
        for (int64_t p = 1; p < jb.pieces; p++) {
            const float *part = jb.parts + p * P;
            for (int64_t q = 0; q < P; q++) gw[q] += part[q];
        }
        tc__free(jb.parts);
    }
    tc__free(jb.shg);
    return tc_interrupt_check(err);
#else
    (void)gx, (void)gw, (void)x, (void)w, (void)g, (void)win, (void)groups;
    return tc_error_set(err, TC_EXC_RUNTIME, "no SIMD convolution gradient on this CPU");
#endif
}

bool tc__cpu_conv_fwd_direct_ok(tc_dtype dt, const tc_window2d *w, int64_t Cg, int64_t Og) {
#if defined(__x86_64__)
    /* one input channel into many (an image model's first layer, e.g. 1 -> 8 at 5x5): the
     * taps' rows of eight columns waste fewer lanes than the padded run (0.17 against
     * 0.22 ms for 64x1x28x28) */
    if (Cg == 1 && Og >= 5 && tc__cpu_conv_taps_ok(dt, Cg * w->kh * w->kw, w)) return false;
    /* strides past 4 would copy phases no tap reads; planes of fewer than sixteen outputs
     * would leave most lanes empty (and the products' sums are PyTorch's there) */
    return conv_isa_get() && dt == TC_DTYPE_F32 && Cg > 0 && w->sh <= 4 && w->sw <= 4 && w->oh > 0 &&
           w->ow > 0 && w->oh * w->ow >= 16;
#else
    (void)dt, (void)w, (void)Cg, (void)Og;
    return false;
#endif
}

#if defined(__x86_64__)
/* The job of one convolution into out (items: the runs of about 'items' (image, group, run
 * piece, channel block) over the batch): its tables and reordered weights. 0, or -1 out of
 * memory (nothing held). */
static int fwd_setup(fwd_job *jb, const conv_isa *isa, const tc_kview *out, const tc_kview *x,
                     const tc_kview *w, const tc_kview *b, const tc_window2d *win, int64_t groups,
                     int64_t items) {
    memset(jb, 0, sizeof *jb);
    jb->out = out, jb->x = x, jb->b = b, jb->win = win;
    jb->N = x->shape[0], jb->C = x->shape[1], jb->O = out->shape[1], jb->G = groups;
    jb->Cg = jb->C / groups, jb->Og = jb->O / groups, jb->K = win->kh * win->kw;
    jb->vl = isa->vl;
    jb->bo = jb->Og > isa->no / 2 ? isa->no : 1;
    jb->nob = (jb->Og + jb->bo - 1) / jb->bo;
    jb->sh = win->sh, jb->sw = win->sw;
    jb->direct = (win->oh == 1 || out->strides[2] == win->ow) && (win->ow == 1 || out->strides[3] == 1);
    /* the padded rows and columns the windows reach */
    jb->Hp = (win->oh - 1) * win->sh + (win->kh - 1) * win->dh + 1;
    jb->Wp = (win->ow - 1) * win->sw + (win->kw - 1) * win->dw + 1;
    jb->Hq = (jb->Hp + jb->sh - 1) / jb->sh, jb->Wq = (jb->Wp + jb->sw - 1) / jb->sw;
    jb->CS = (jb->sh * jb->sw * jb->Hq * jb->Wq + 15) / 16 * 16;
    /* a vector of the run past a plane's last output reads at most a row and a vector on */
    jb->IMG = jb->C * jb->CS + jb->Wq + 64;
    jb->cs = jb->CS;
    /* same-size planes in place: no copy, and no lanes lost to the padding columns, but a
     * masked load per vector and tap (blocks of eight: once per tap, the channels inside,
     * which with many channels leaves L1). Where the run saves under a twentieth of the
     * vectors (56x56, 7x7) the padded copy was faster; one channel (depthwise) or one tap
     * gains most from skipping the copy. */
    int64_t padv = (win->oh * jb->Wq + jb->vl - 1) / jb->vl, flatv = (win->oh * win->ow + jb->vl - 1) / jb->vl;
    jb->flat = jb->sh == 1 && jb->sw == 1 && win->oh == x->shape[2] && win->ow == x->shape[3] &&
               x->strides[3] == 1 && x->strides[2] == x->shape[3] &&
               (jb->bo == 1 || jb->K == 1 || (jb->Cg <= 64 && flatv * 20 <= padv * 19));
    if (jb->flat) jb->Wq = x->shape[3], jb->cs = x->strides[1];
    jb->nblk = (win->oh * jb->Wq + jb->vl - 1) / jb->vl;
    int64_t K = jb->K, Cg = jb->Cg, NO = jb->bo;
    int64_t nseg = 0;
    for (int64_t v = 0; v < jb->nblk; v++) nseg += fwd_segs(jb, v, NULL, NULL);
    /* off [K], sg0 [nblk + 1], sgat [nseg], then sgm [nseg] and when flat cm [K * nblk] */
    int64_t ncm = jb->flat ? K * jb->nblk : 0;
    int64_t *off = tc__malloc((size_t)(K + jb->nblk + 1 + nseg) * sizeof(int64_t) + (size_t)(nseg + ncm) * sizeof(gd_mask));
    float *wt = off ? tc__malloc((size_t)(jb->G * jb->nob * Cg * K * NO) * sizeof(float)) : NULL;
    if (!wt) {
        tc__free(off);
        return -1;
    }
    int64_t *sg0 = off + K, *sgat = sg0 + jb->nblk + 1;
    gd_mask *sgm = (gd_mask *)(sgat + nseg);
    sg0[0] = 0;
    for (int64_t v = 0; v < jb->nblk; v++) sg0[v + 1] = sg0[v] + fwd_segs(jb, v, sgm + sg0[v], sgat + sg0[v]);
    jb->sg0 = sg0, jb->sgat = sgat, jb->sgm = sgm;
    if (jb->flat) {
        gd_mask *cm = sgm + nseg;
        for (int64_t k = 0; k < K; k++)
            gd_plane_masks(x->shape[2], x->shape[3], k / win->kw * win->dh - win->ph,
                           k % win->kw * win->dw - win->pw, jb->nblk, jb->vl, cm + k * jb->nblk);
        jb->cm = cm;
    }
    for (int64_t k = 0; k < K; k++) {
        int64_t di = k / win->kw * win->dh, dj = k % win->kw * win->dw;
        off[k] = jb->flat ? (di - win->ph) * jb->Wq + dj - win->pw
                          : (di % jb->sh * jb->sw + dj % jb->sw) * jb->Hq * jb->Wq + di / jb->sh * jb->Wq + dj / jb->sw;
    }
    const float *w0 = w->data;
    for (int64_t gi = 0; gi < jb->G; gi++)
        for (int64_t ob = 0; ob < jb->nob; ob++)
            for (int64_t c = 0; c < Cg; c++)
                for (int64_t k = 0; k < K; k++)
                    for (int64_t u = 0; u < NO; u++) {
                        int64_t o = ob * NO + u;
                        /* flat blocks take the taps outermost: [K][Cg][NO] */
                        int64_t at = jb->flat && NO > 1 ? ((gi * jb->nob + ob) * K + k) * Cg + c
                                                        : ((gi * jb->nob + ob) * Cg + c) * K + k;
                        wt[at * NO + u] =
                            o < jb->Og ? w0[((gi * jb->Og + o) * Cg + c) * K + k] : 0.0f;
                    }
    jb->off = off, jb->wt = wt;
    /* a plane's run in pieces only when images, groups and channel blocks give too few items */
    int64_t have = jb->N * jb->G * jb->nob, vstep = NO > 1 ? 3 : 4;
    jb->nq = have >= items ? 1 : (items + have - 1) / have;
    jb->qv = (jb->nblk + jb->nq - 1) / jb->nq;
    jb->qv = (jb->qv + vstep - 1) / vstep * vstep;
    jb->nq = (jb->nblk + jb->qv - 1) / jb->qv;
    jb->per = jb->G * jb->nq * jb->nob;
    return 0;
}

static void fwd_release(fwd_job *jb) {
    tc__free((void *)jb->off);
    tc__free((void *)jb->wt);
    tc__free(jb->pad);
}

/* Several convolutions of one batch run as one job (tc__cpu_conv_fwd_parts): items are
 * (image, set of parts, the set's item), so a thread runs every part of an image in turn.
 * A set is one part, or the S parts whose outputs interleave column by column (the column
 * phases of a transposed convolution: out[k] = out[0] + k, column stride S): their blocks
 * are made side by side and stored as whole rows. */
#define FWD_MAXSET 4

typedef struct parts_job {
    const conv_isa *isa;
    fwd_job *jobs;
    int64_t *first, *count, *ownat; /* per set: its first part and parts; per part: where in own it pads */
    int64_t nsets, per;  /* per: items per image, all sets */
    int64_t own, loc;    /* floats a range keeps: a set's padded images, its blocks' planes (0: none) */
    atomic_int failed;
} parts_job;

/* The output of item r of image n, which fwd_item stored at loc (planes of oh x ow, one per
 * channel of its block), into out: the rows and columns its run piece covers. */
static void fwd_scatter(const fwd_job *jb, const float *loc, int64_t n, int64_t r) {
    const tc_kview *out = jb->out;
    int64_t oh = jb->win->oh, ow = jb->win->ow, L = oh * ow, Wq = jb->Wq;
    int64_t gi = r / (jb->nq * jb->nob), qi = r / jb->nob % jb->nq, ob = r % jb->nob;
    int64_t o0 = gi * jb->Og + ob * jb->bo, nb = jb->Og - ob * jb->bo < jb->bo ? jb->Og - ob * jb->bo : jb->bo;
    int64_t q0 = qi * jb->qv * jb->vl, q1 = (qi + 1) * jb->qv * jb->vl;
    int64_t s2 = out->strides[2], s3 = out->strides[3];
    for (int64_t u = 0; u < nb; u++) {
        const float *src = loc + u * L;
        float *dst = (float *)out->data + n * out->strides[0] + (o0 + u) * out->strides[1];
        for (int64_t y = q0 / Wq; y < oh && y * Wq < q1; y++) {
            int64_t c0 = q0 - y * Wq > 0 ? q0 - y * Wq : 0, c1 = q1 - y * Wq < ow ? q1 - y * Wq : ow;
            const float *sr = src + y * ow;
            float *d = dst + y * s2;
            if (s3 == 1) memcpy(d + c0, sr + c0, (size_t)(c1 - c0) * sizeof(float));
            else
                for (int64_t c = c0; c < c1; c++) d[c * s3] = sr[c];
        }
    }
}

/* The blocks of item r of image n for the S parts of a set (whole planes: one run piece),
 * made at loc one after the other, into their outputs' interleaved rows. */
static void fwd_interleave(const fwd_job *jobs, int64_t S, const float *loc, int64_t n, int64_t r) {
    const fwd_job *jb = &jobs[0];
    const tc_kview *out = jb->out;
    int64_t oh = jb->win->oh, ob = r % jb->nob, o0 = r / jb->nob * jb->Og + ob * jb->bo;
    int64_t nb = jb->Og - ob * jb->bo < jb->bo ? jb->Og - ob * jb->bo : jb->bo;
    const float *src[FWD_MAXSET];
    int64_t ow[FWD_MAXSET];
    for (int64_t k = 0; k < S; k++) {
        ow[k] = jobs[k].win->ow;
        src[k] = k ? src[k - 1] + jb->bo * oh * ow[k - 1] : loc;
    }
    for (int64_t u = 0; u < nb; u++) {
        float *dst = (float *)out->data + n * out->strides[0] + (o0 + u) * out->strides[1];
        for (int64_t y = 0; y < oh; y++) {
            float *d = dst + y * out->strides[2];
            const float *a = src[0] + (u * oh + y) * ow[0], *b = src[1] + (u * oh + y) * ow[1];
            int64_t c = 0, m = ow[S - 1]; /* columns every part has; the later ones may lack the last */
            if (S == 2) {
                for (; c < m; c++) d[2 * c] = a[c], d[2 * c + 1] = b[c];
            } else {
                for (; c < m; c++)
                    for (int64_t k = 0; k < S; k++) d[c * S + k] = src[k][(u * oh + y) * ow[k] + c];
            }
            for (int64_t k = 0; c < ow[0] && k < S; k++)
                if (ow[k] > c) d[c * S + k] = src[k][(u * oh + y) * ow[k] + c];
        }
    }
}

static void parts_range(void *ctx, int64_t b, int64_t e) {
    parts_job *pj = ctx;
    float *own = NULL, *loc = NULL;
    if (pj->own + pj->loc > 0) {
        if (!(own = tc__malloc((size_t)(pj->own + pj->loc) * sizeof(float)))) {
            atomic_store(&pj->failed, 1);
            return;
        }
        loc = own + pj->own;
    }
    int64_t cur = -1; /* the (image, set) padded in own */
    for (int64_t it = b; it < e; it++) {
        int64_t n = it / pj->per, r = it % pj->per, s = 0;
        while (r >= pj->jobs[pj->first[s]].per) r -= pj->jobs[pj->first[s++]].per;
        const fwd_job *set = &pj->jobs[pj->first[s]];
        int64_t S = pj->count[s];
        bool pad = cur != n * pj->nsets + s;
        cur = n * pj->nsets + s;
        float *at = loc;
        for (int64_t k = 0; k < S; k++) {
            const fwd_job *jb = &set[k];
            const float *img;
            if (jb->flat) {
                img = (const float *)jb->x->data + n * jb->x->strides[0];
            } else if (jb->pad) {
                img = jb->pad + n * jb->IMG;
            } else {
                float *mine = own + pj->ownat[pj->first[s] + k];
                if (pad) {
                    for (int64_t c = 0; c < jb->C; c++) pj->isa->fwd_pad_plane(jb, n, c, mine + c * jb->CS);
                    memset(mine + jb->C * jb->CS, 0, (size_t)(jb->IMG - jb->C * jb->CS) * sizeof(float));
                }
                img = mine;
            }
            if (jb->direct) {
                int64_t o0 = r / (jb->nq * jb->nob) * jb->Og + r % jb->nob * jb->bo;
                const tc_kview *out = jb->out;
                pj->isa->fwd_item(jb, img, (float *)out->data + n * out->strides[0] + o0 * out->strides[1],
                                  out->strides[1], r);
                continue;
            }
            pj->isa->fwd_item(jb, img, at, jb->win->oh * jb->win->ow, r);
            if (S == 1) fwd_scatter(jb, at, n, r);
            at += jb->bo * jb->win->oh * jb->win->ow;
        }
        if (S > 1) fwd_interleave(set, S, loc, n, r);
    }
    tc__free(own);
}

/* Whether parts [p, p + S) of jobs make a set: outputs interleaved column by column (part k
 * at out[p] + k, column stride S, the same rows; each one column short of the last at
 * most), none stored in place, and the same items (whole planes). */
static bool fwd_is_set(const fwd_job *jobs, int64_t p, int64_t S) {
    const tc_kview *o = jobs[p].out;
    if (S < 2 || S > FWD_MAXSET || o->strides[3] != S) return false;
    for (int64_t k = 0; k < S; k++) {
        const fwd_job *jb = &jobs[p + k];
        const tc_kview *ok = jb->out;
        if (jb->direct || jb->nq != 1 || jb->per != jobs[p].per || jb->bo != jobs[p].bo ||
            ok->data != (const float *)o->data + k || ok->strides[0] != o->strides[0] ||
            ok->strides[1] != o->strides[1] || ok->strides[2] != o->strides[2] || ok->strides[3] != S ||
            ok->shape[2] != o->shape[2] || ok->shape[3] > o->shape[3] || ok->shape[3] < o->shape[3] - 1 ||
            (k && ok->shape[3] > jobs[p + k - 1].out->shape[3]))
            return false;
    }
    return true;
}
#endif

int tc__cpu_conv_fwd_parts(const tc_conv_part *parts, int64_t nparts, const tc_kview *b, int64_t groups,
                           tc_error *err) {
#if defined(__x86_64__)
    const conv_isa *isa = conv_isa_get();
    int64_t nt = tc__cpu_threads(), N = parts[0].x.shape[0];
    parts_job pj = {isa, NULL, NULL, NULL, NULL, 0, 0, 0, 0};
    atomic_init(&pj.failed, 0);
    pj.jobs = tc__calloc((size_t)nparts, sizeof(fwd_job));
    pj.first = pj.jobs ? tc__malloc((size_t)(3 * nparts) * sizeof(int64_t)) : NULL;
    if (!pj.first) {
        tc__free(pj.jobs);
        return tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
    }
    pj.count = pj.first + nparts, pj.ownat = pj.count + nparts;
    int64_t done = 0, work = 0;
    int rc = 0;
    for (; done < nparts; done++) {
        const tc_conv_part *pt = &parts[done];
        fwd_job *jb = &pj.jobs[done];
        if (fwd_setup(jb, isa, &pt->out, &pt->x, &pt->w, b, &pt->win, groups, (4 * nt + nparts - 1) / nparts)) {
            rc = -1;
            break;
        }
        work += jb->per * jb->qv * jb->vl * jb->Cg * jb->K * jb->bo;
        if (jb->flat || N >= 2 * nt) continue; /* read in place, or each range pads its images */
        /* few images: pad them all first, on every thread, rather than once per range */
        if (!(jb->pad = tc__malloc((size_t)(jb->N * jb->IMG) * sizeof(float)))) {
            done++;
            rc = -1;
            break;
        }
        for (int64_t n = 0; n < jb->N; n++) /* the slack past the last channel */
            memset(jb->pad + n * jb->IMG + jb->C * jb->CS, 0, (size_t)(jb->IMG - jb->C * jb->CS) * sizeof(float));
        tc__parallel_for(jb->N * jb->C, jb->CS >= 4096 ? 1 : 4096 / jb->CS + 1, isa->fwd_pad, jb);
    }
    /* the sets, and what a range keeps for each */
    for (int64_t p = 0; rc == 0 && p < nparts;) {
        int64_t S = fwd_is_set(pj.jobs, p, pj.jobs[p].out->strides[3]) ? pj.jobs[p].out->strides[3] : 1;
        int64_t own = 0, loc = 0;
        for (int64_t k = p; k < p + S; k++) {
            const fwd_job *jb = &pj.jobs[k];
            pj.ownat[k] = own;
            if (!jb->flat && !jb->pad) own += jb->IMG;
            if (!jb->direct) loc += jb->bo * jb->win->oh * jb->win->ow;
        }
        if (own > pj.own) pj.own = own;
        if (loc > pj.loc) pj.loc = loc;
        pj.first[pj.nsets] = p, pj.count[pj.nsets++] = S;
        pj.per += pj.jobs[p].per;
        p += S;
    }
    if (rc == 0) {
        work = work / (pj.per ? pj.per : 1) + 1; /* an item's, on average */
        tc__parallel_for(N * pj.per, work >= 65536 ? 1 : 65536 / work + 1, parts_range, &pj);
    }
    for (int64_t p = 0; p < done; p++) fwd_release(&pj.jobs[p]);
    tc__free(pj.jobs);
    tc__free(pj.first);
    if (rc || atomic_load(&pj.failed)) return tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
    return tc_interrupt_check(err);
#else
    (void)parts, (void)nparts, (void)b, (void)groups;
    return tc_error_set(err, TC_EXC_RUNTIME, "no SIMD convolution on this CPU");
#endif
}

int tc__cpu_conv_fwd_direct(const tc_kview *out, const tc_kview *x, const tc_kview *w,
                            const tc_kview *b, const tc_window2d *win, int64_t groups, tc_error *err) {
    tc_conv_part part = {*out, *x, *w, *win};
    return tc__cpu_conv_fwd_parts(&part, 1, b, groups, err);
}

/* ---- pooling ------------------------------------------------------------------------------- */

typedef struct pool_job {
    const tc_pool2d *p;
    const tc_kview *out, *idx, *x, *g, *gx;
    int64_t C;
} pool_job;

/* The rows (or columns) of adaptive window o over n inputs: [floor(o*n/on), ceil((o+1)*n/on)). */
static inline int64_t adapt_start(int64_t o, int64_t n, int64_t on) { return (o * n) / on; }
static inline int64_t adapt_end(int64_t o, int64_t n, int64_t on) { return ((o + 1) * n + on - 1) / on; }

/* The divisor of an average window, as PyTorch's avg_pool2d computes it. */
static int64_t avg_divisor(const tc_pool2d *p, int64_t y0, int64_t x0, int64_t H, int64_t W) {
    const tc_window2d *w = &p->w;
    if (p->divisor) return p->divisor;
    int64_t y1 = y0 + w->kh < H + w->ph ? y0 + w->kh : H + w->ph;
    int64_t x1 = x0 + w->kw < W + w->pw ? x0 + w->kw : W + w->pw;
    int64_t size = (y1 - y0) * (x1 - x0);
    if (p->count_include_pad) return size;
    if (y0 < 0) y0 = 0;
    if (x0 < 0) x0 = 0;
    if (y1 > H) y1 = H;
    if (x1 > W) x1 = W;
    return (y1 - y0) * (x1 - x0);
}

/* Window bounds of output (oy, ox): rows [y0, y1) step ystep, columns [x0, x1) step xstep,
 * clipped to the input; ay0/ax0 are the unclipped starts (average pooling's divisor). */
typedef struct win { int64_t y0, y1, ys, x0, x1, xs, ay0, ax0; } win;

static win window_at(const tc_pool2d *p, int64_t oy, int64_t ox, int64_t H, int64_t W) {
    const tc_window2d *w = &p->w;
    win r;
    if (p->op == TC_POOL_ADAPTIVE_AVG) {
        r.y0 = adapt_start(oy, H, w->oh);
        r.y1 = adapt_end(oy, H, w->oh);
        r.x0 = adapt_start(ox, W, w->ow);
        r.x1 = adapt_end(ox, W, w->ow);
        r.ys = r.xs = 1;
        r.ay0 = r.y0;
        r.ax0 = r.x0;
        return r;
    }
    int64_t dh = p->op == TC_POOL_MAX ? w->dh : 1, dw = p->op == TC_POOL_MAX ? w->dw : 1;
    r.ay0 = oy * w->sh - w->ph;
    r.ax0 = ox * w->sw - w->pw;
    r.y0 = r.ay0;
    r.x0 = r.ax0;
    r.y1 = r.y0 + (w->kh - 1) * dh + 1;
    r.x1 = r.x0 + (w->kw - 1) * dw + 1;
    if (r.y1 > H) r.y1 = H;
    if (r.x1 > W) r.x1 = W;
    while (r.y0 < 0) r.y0 += dh;
    while (r.x0 < 0) r.x0 += dw;
    r.ys = dh;
    r.xs = dw;
    return r;
}

/* One (image, channel) plane. Max: the first maximum in row-major order, a NaN replacing it
 * (PyTorch's CPU rule); average: summed in ACC, divided once. */
#define POOL_PLANE(NAME, T, ACC, LOAD, STORE)                                                \
    static void NAME(const pool_job *jb, int64_t plane) {                                    \
        const tc_pool2d *p = jb->p;                                                          \
        const tc_kview *x = jb->x, *out = jb->out, *idx = jb->idx;                           \
        int64_t n = plane / jb->C, c = plane % jb->C, H = x->shape[2], W = x->shape[3];      \
        const T *src = (const T *)x->data + n * x->strides[0] + c * x->strides[1];           \
        T *dst = (T *)out->data + n * out->strides[0] + c * out->strides[1];                 \
        int64_t *ip = idx ? (int64_t *)idx->data + n * idx->strides[0] + c * idx->strides[1] \
                          : NULL;                                                            \
        int64_t sy = x->strides[2], sx = x->strides[3];                                      \
        for (int64_t oy = 0; oy < p->w.oh; oy++)                                             \
            for (int64_t ox = 0; ox < p->w.ow; ox++) {                                       \
                win r = window_at(p, oy, ox, H, W);                                          \
                T *d = dst + oy * out->strides[2] + ox * out->strides[3];                    \
                if (p->op == TC_POOL_MAX) {                                                  \
                    ACC best = -INFINITY;                                                    \
                    int64_t at = r.y0 * W + r.x0;                                            \
                    for (int64_t y = r.y0; y < r.y1; y += r.ys)                              \
                        for (int64_t xx = r.x0; xx < r.x1; xx += r.xs) {                     \
                            ACC v = LOAD(src[y * sy + xx * sx]);                             \
                            if (v > best || isnan(v)) {                                      \
                                best = v;                                                    \
                                at = y * W + xx;                                             \
                            }                                                                \
                        }                                                                    \
                    *d = STORE(best);                                                        \
                    if (ip) ip[oy * idx->strides[2] + ox * idx->strides[3]] = at;            \
                } else {                                                                     \
                    ACC sum = 0;                                                             \
                    for (int64_t y = r.y0; y < r.y1; y++)                                    \
                        for (int64_t xx = r.x0; xx < r.x1; xx++) sum += LOAD(src[y * sy + xx * sx]); \
                    int64_t div = p->op == TC_POOL_ADAPTIVE_AVG                              \
                                      ? (r.y1 - r.y0) * (r.x1 - r.x0)                        \
                                      : avg_divisor(p, r.ay0, r.ax0, H, W);                  \
                    *d = STORE(sum / (ACC)div);                                              \
                }                                                                            \
            }                                                                                \
    }
POOL_PLANE(pool_f32, float, float, ID, ID)
POOL_PLANE(pool_f64, double, double, ID, ID)
POOL_PLANE(pool_f16, uint16_t, float, tc_f16_to_f32, tc_f32_to_f16)
POOL_PLANE(pool_bf16, uint16_t, float, tc_bf16_to_f32, tc_f32_to_bf16)

/* Integers and bool: max compares as int64, averages divide an int64 sum (C division, as
 * PyTorch's integer avg_pool2d). */
static void pool_int(const pool_job *jb, int64_t plane) {
    const tc_pool2d *p = jb->p;
    const tc_kview *x = jb->x, *out = jb->out, *idx = jb->idx;
    int64_t n = plane / jb->C, c = plane % jb->C, H = x->shape[2], W = x->shape[3];
    size_t es = tc_dtype_size(x->dtype);
    const char *src = (const char *)x->data + (n * x->strides[0] + c * x->strides[1]) * (int64_t)es;
    char *dst = (char *)out->data + (n * out->strides[0] + c * out->strides[1]) * (int64_t)es;
    int64_t *ip = idx ? (int64_t *)idx->data + n * idx->strides[0] + c * idx->strides[1] : NULL;
    for (int64_t oy = 0; oy < p->w.oh; oy++)
        for (int64_t ox = 0; ox < p->w.ow; ox++) {
            win r = window_at(p, oy, ox, H, W);
            char *d = dst + (oy * out->strides[2] + ox * out->strides[3]) * (int64_t)es;
            if (p->op == TC_POOL_MAX) {
                int64_t best = INT64_MIN, at = r.y0 * W + r.x0;
                bool any = false;
                for (int64_t y = r.y0; y < r.y1; y += r.ys)
                    for (int64_t xx = r.x0; xx < r.x1; xx += r.xs) {
                        int64_t v = tc_load_i64(src + (y * x->strides[2] + xx * x->strides[3]) * (int64_t)es, x->dtype);
                        if (!any || v > best) {
                            best = v;
                            at = y * W + xx;
                            any = true;
                        }
                    }
                tc_store_i64(d, out->dtype, best);
                if (ip) ip[oy * idx->strides[2] + ox * idx->strides[3]] = at;
            } else {
                int64_t sum = 0;
                for (int64_t y = r.y0; y < r.y1; y++)
                    for (int64_t xx = r.x0; xx < r.x1; xx++)
                        sum += tc_load_i64(src + (y * x->strides[2] + xx * x->strides[3]) * (int64_t)es, x->dtype);
                int64_t div = p->op == TC_POOL_ADAPTIVE_AVG ? (r.y1 - r.y0) * (r.x1 - r.x0)
                                                            : avg_divisor(p, r.ay0, r.ax0, H, W);
                tc_store_i64(d, out->dtype, div ? sum / div : 0);
            }
        }
}

/* Max pooling of float32 when every window lies inside the input (no padding, no ceil-mode
 * overhang): the common 2x2/3x3 layers, without per-window clipping. Same choice of maximum
 * as pool_f32. */
static bool max_interior(const tc_pool2d *p, const tc_kview *x) {
    const tc_window2d *w = &p->w;
    return p->op == TC_POOL_MAX && w->ph == 0 && w->pw == 0 &&
           (w->oh - 1) * w->sh + (w->kh - 1) * w->dh < x->shape[2] &&
           (w->ow - 1) * w->sw + (w->kw - 1) * w->dw < x->shape[3];
}

/* best, at = v, pos when v > best or v is NaN, with masks instead of branches. */
static inline void take_if(float *best, int64_t *at, float v, int64_t pos) {
    uint32_t m = -(uint32_t)((v > *best) | (v != v)), a, b;
    memcpy(&a, &v, 4);
    memcpy(&b, best, 4);
    a = (a & m) | (b & ~m);
    memcpy(best, &a, 4);
    *at = (pos & (int64_t)(int32_t)m) | (*at & ~(int64_t)(int32_t)m);
}

/* Branch-free updates (random data defeats the branch predictor): a later value wins when it
 * is greater or NaN, as in pool_f32. Starting from the first element equals starting from
 * -inf there: -inf loses every comparison and keeps the first position. */
static void max_f32_interior(const pool_job *jb, int64_t plane) {
    const tc_window2d *w = &jb->p->w;
    const tc_kview *x = jb->x, *out = jb->out, *idx = jb->idx;
    int64_t n = plane / jb->C, c = plane % jb->C, W = x->shape[3];
    const float *src = (const float *)x->data + n * x->strides[0] + c * x->strides[1];
    float *dst = (float *)out->data + n * out->strides[0] + c * out->strides[1];
    int64_t *ip = idx ? (int64_t *)idx->data + n * idx->strides[0] + c * idx->strides[1] : NULL;
    int64_t sy = x->strides[2], sx = x->strides[3], ry = w->dh * sy, rx = w->dw * sx;
    int64_t os = out->strides[3], is = idx ? idx->strides[3] : 0;
    bool two = w->kh == 2 && w->kw == 2 && w->dh == 1 && w->dw == 1 && sx == 1 && os == 1 &&
               (!ip || is == 1);
    for (int64_t oy = 0; oy < w->oh; oy++) {
        int64_t y0 = oy * w->sh;
        const float *r0 = src + y0 * sy;
        float *d = dst + oy * out->strides[2];
        int64_t *id = ip ? ip + oy * idx->strides[2] : NULL;
        if (two) {
            const float *r1 = r0 + sy;
            int64_t sw = w->sw, base = y0 * W;
            for (int64_t ox = 0; ox < w->ow; ox++) {
                float v0 = r0[ox * sw], v1 = r0[ox * sw + 1], v2 = r1[ox * sw], v3 = r1[ox * sw + 1];
                float best = v0;
                int64_t k = 0;
                take_if(&best, &k, v1, 1);
                take_if(&best, &k, v2, W);
                take_if(&best, &k, v3, W + 1);
                d[ox] = best;
                if (id) id[ox] = base + ox * sw + k;
            }
            continue;
        }
        for (int64_t ox = 0; ox < w->ow; ox++) {
            int64_t x0 = ox * w->sw;
            const float *q = r0 + x0 * sx;
            float best = q[0];
            int64_t k = 0;
            for (int64_t i = 0; i < w->kh; i++)
                for (int64_t j = 0; j < w->kw; j++) take_if(&best, &k, q[i * ry + j * rx], i * w->dh * W + j * w->dw);
            d[ox * os] = best;
            if (id) id[ox * is] = y0 * W + x0 + k;
        }
    }
}

/* Average pooling of float32 with each window's bounds and divisor worked out once per row
 * and column instead of per output (the divisor factors into a row count times a column
 * count): the same sums in the same order as pool_f32, so the same values. */
#define AVG_AXIS_MAX 1024
static bool avg_f32_ok(const tc_pool2d *p, const tc_kview *x) {
    return x->dtype == TC_DTYPE_F32 && p->op == TC_POOL_AVG && p->w.oh <= AVG_AXIS_MAX &&
           p->w.ow <= AVG_AXIS_MAX;
}

/* Window [lo, hi) of output o along an axis of n inputs, and its divisor factor. */
static void avg_axis(const tc_pool2d *p, int64_t o, int64_t k, int64_t s, int64_t pad, int64_t n,
                     int64_t *lo, int64_t *hi, int64_t *count) {
    int64_t a0 = o * s - pad, e = a0 + k < n + pad ? a0 + k : n + pad;
    *lo = a0 < 0 ? 0 : a0;
    *hi = a0 + k < n ? a0 + k : n;
    *count = p->count_include_pad ? e - a0 : (e < n ? e : n) - *lo;
}

static void avg_f32_plane(const pool_job *jb, int64_t plane) {
    const tc_pool2d *p = jb->p;
    const tc_window2d *w = &p->w;
    const tc_kview *x = jb->x, *out = jb->out;
    int64_t n = plane / jb->C, c = plane % jb->C, H = x->shape[2], W = x->shape[3];
    const float *src = (const float *)x->data + n * x->strides[0] + c * x->strides[1];
    float *dst = (float *)out->data + n * out->strides[0] + c * out->strides[1];
    int64_t sy = x->strides[2], sx = x->strides[3];
    int64_t x0[AVG_AXIS_MAX], x1[AVG_AXIS_MAX], cx[AVG_AXIS_MAX];
    for (int64_t ox = 0; ox < w->ow; ox++) avg_axis(p, ox, w->kw, w->sw, w->pw, W, &x0[ox], &x1[ox], &cx[ox]);
    for (int64_t oy = 0; oy < w->oh; oy++) {
        int64_t y0, y1, cy;
        avg_axis(p, oy, w->kh, w->sh, w->ph, H, &y0, &y1, &cy);
        float *d = dst + oy * out->strides[2];
        for (int64_t ox = 0; ox < w->ow; ox++) {
            float sum = 0;
            for (int64_t y = y0; y < y1; y++) {
                const float *r = src + y * sy;
                for (int64_t xx = x0[ox]; xx < x1[ox]; xx++) sum += r[xx * sx];
            }
            int64_t div = p->divisor ? p->divisor : cy * cx[ox];
            d[ox * out->strides[3]] = sum / (float)div;
        }
    }
}

#if defined(__x86_64__)
/* avg_f32_plane sixteen outputs of a row at a time (AVX-512, unit column strides): lane l
 * sums the same window in the same order; a column outside the input adds a zero there,
 * which leaves a sum unchanged (it never holds -0: it starts at +0). Stride 1 loads the
 * columns directly, stride 2 takes the even ones of 32, other strides gather. */
TC_TARGET_BEGIN("avx512f")
static void avg_f32_plane16(const pool_job *jb, int64_t plane) {
    const tc_pool2d *p = jb->p;
    const tc_window2d *w = &p->w;
    const tc_kview *x = jb->x, *out = jb->out;
    int64_t n = plane / jb->C, c = plane % jb->C, H = x->shape[2], W = x->shape[3];
    const float *src = (const float *)x->data + n * x->strides[0] + c * x->strides[1];
    float *dst = (float *)out->data + n * out->strides[0] + c * out->strides[1];
    int64_t sy = x->strides[2], sw = w->sw;
    int32_t cx[AVG_AXIS_MAX + 16];
    for (int64_t ox = 0; ox < w->ow; ox++) {
        int64_t lo, hi, cnt;
        avg_axis(p, ox, w->kw, w->sw, w->pw, W, &lo, &hi, &cnt);
        cx[ox] = (int32_t)cnt;
    }
    for (int64_t ox = w->ow; ox < w->ow + 16; ox++) cx[ox] = 1; /* lanes never stored */
    const __m512i ie = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512i step = _mm512_mullo_epi32(lane, _mm512_set1_epi32((int)sw));
    for (int64_t oy = 0; oy < w->oh; oy++) {
        int64_t y0, y1, cy;
        avg_axis(p, oy, w->kh, w->sh, w->ph, H, &y0, &y1, &cy);
        float *d = dst + oy * out->strides[2];
        for (int64_t ox0 = 0; ox0 < w->ow; ox0 += 16) {
            __m512 sum = _mm512_setzero_ps();
            for (int64_t y = y0; y < y1; y++) {
                const float *r = src + y * sy;
                for (int64_t j = 0; j < w->kw; j++) {
                    int64_t base = ox0 * sw - w->pw + j; /* lane 0's column */
                    __m512 v;
                    if (sw == 1) {
                        v = _mm512_maskz_loadu_ps(gd_span(-base, W - base, 16), r + base);
                    } else if (sw == 2) {
                        __m512 a = _mm512_maskz_loadu_ps(gd_span(-base, W - base, 16), r + base);
                        __m512 b = _mm512_maskz_loadu_ps(gd_span(-base - 16, W - base - 16, 16), r + base + 16);
                        v = _mm512_permutex2var_ps(a, ie, b);
                    } else {
                        __m512i col = _mm512_add_epi32(_mm512_set1_epi32((int)base), step);
                        __mmask16 in = _mm512_cmpge_epi32_mask(col, _mm512_setzero_si512()) &
                                       _mm512_cmplt_epi32_mask(col, _mm512_set1_epi32((int)W)) &
                                       gd_span(0, w->ow - ox0, 16);
                        v = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), in, col, r, 4);
                    }
                    sum = _mm512_add_ps(sum, v);
                }
            }
            __m512 div = p->divisor ? _mm512_set1_ps((float)p->divisor)
                                    : _mm512_cvtepi32_ps(_mm512_mullo_epi32(
                                          _mm512_loadu_si512(cx + ox0), _mm512_set1_epi32((int)cy)));
            _mm512_mask_storeu_ps(d + ox0, gd_span(0, w->ow - ox0, 16), _mm512_div_ps(sum, div));
        }
    }
}
TC_TARGET_END
#endif

#if defined(__x86_64__)
/* avg_f32_plane16 with AVX2's eight lanes, for column strides 1 and 2 (2: the even columns
 * of sixteen); the same sums in the same order. */
TC_TARGET_BEGIN("avx2")
static inline __m256 avg_load8(const float *p, int64_t lo, int64_t hi) {
    return _mm256_maskload_ps(p, _mm256_load_si256((const __m256i *)gd_lut8[gd_span(lo, hi, 8)]));
}

static void avg_f32_plane8(const pool_job *jb, int64_t plane) {
    const tc_pool2d *p = jb->p;
    const tc_window2d *w = &p->w;
    const tc_kview *x = jb->x, *out = jb->out;
    int64_t n = plane / jb->C, c = plane % jb->C, H = x->shape[2], W = x->shape[3];
    const float *src = (const float *)x->data + n * x->strides[0] + c * x->strides[1];
    float *dst = (float *)out->data + n * out->strides[0] + c * out->strides[1];
    int64_t sy = x->strides[2], sw = w->sw;
    int32_t cx[AVG_AXIS_MAX + 8];
    for (int64_t ox = 0; ox < w->ow; ox++) {
        int64_t lo, hi, cnt;
        avg_axis(p, ox, w->kw, w->sw, w->pw, W, &lo, &hi, &cnt);
        cx[ox] = (int32_t)cnt;
    }
    for (int64_t ox = w->ow; ox < w->ow + 8; ox++) cx[ox] = 1; /* lanes never stored */
    for (int64_t oy = 0; oy < w->oh; oy++) {
        int64_t y0, y1, cy;
        avg_axis(p, oy, w->kh, w->sh, w->ph, H, &y0, &y1, &cy);
        float *d = dst + oy * out->strides[2];
        for (int64_t ox0 = 0; ox0 < w->ow; ox0 += 8) {
            __m256 sum = _mm256_setzero_ps();
            for (int64_t y = y0; y < y1; y++) {
                const float *r = src + y * sy;
                for (int64_t j = 0; j < w->kw; j++) {
                    int64_t base = ox0 * sw - w->pw + j; /* lane 0's column */
                    __m256 v = avg_load8(r + base, -base, W - base);
                    if (sw == 2) { /* the even columns of [base, base + 16) */
                        __m256 b = avg_load8(r + base + 8, -base - 8, W - base - 8);
                        v = _mm256_castpd_ps(_mm256_permute4x64_pd(
                            _mm256_castps_pd(_mm256_shuffle_ps(v, b, 0x88)), 0xd8));
                    }
                    sum = _mm256_add_ps(sum, v);
                }
            }
            __m256 div = p->divisor ? _mm256_set1_ps((float)p->divisor)
                                    : _mm256_cvtepi32_ps(_mm256_mullo_epi32(
                                          _mm256_loadu_si256((const __m256i *)(cx + ox0)),
                                          _mm256_set1_epi32((int)cy)));
            _mm256_maskstore_ps(d + ox0, _mm256_load_si256((const __m256i *)gd_lut8[gd_span(0, w->ow - ox0, 8)]),
                                _mm256_div_ps(sum, div));
        }
    }
}
TC_TARGET_END
#endif

/* The vector forms' preconditions (AVX-512, or AVX2 with column strides 1 or 2): unit column
 * strides, windows within 2^24. 0: none, 8 or 16: the lanes. */
static int avg_f32_vec_ok(const pool_job *jb) {
#if defined(__x86_64__)
    static int avx512 = -1, avx2 = -1;
    if (avx512 < 0) avx512 = __builtin_cpu_supports("avx512f");
    if (avx2 < 0) avx2 = __builtin_cpu_supports("avx2");
    const tc_window2d *w = &jb->p->w;
    bool ok = jb->x->strides[3] == 1 && jb->out->strides[3] == 1 && w->sw <= 1024 &&
           w->kw <= 1024 && w->pw <= 1024 && jb->x->shape[3] < ((int64_t)1 << 20) &&
           w->kh * w->kw < ((int64_t)1 << 24) && (jb->p->divisor == 0 || (jb->p->divisor > 0 && jb->p->divisor < ((int64_t)1 << 24)));
    return !ok ? 0 : avx512 ? 16 : avx2 && w->sw <= 2 ? 8 : 0;
#else
    (void)jb;
    return 0;
#endif
}

static void pool_range(void *ctx, int64_t b, int64_t e) {
    const pool_job *jb = ctx;
    bool fast = jb->x->dtype == TC_DTYPE_F32 && max_interior(jb->p, jb->x);
    bool avg = avg_f32_ok(jb->p, jb->x);
    int vec = avg ? avg_f32_vec_ok(jb) : 0;
    for (int64_t pl = b; pl < e; pl++) {
#if defined(__x86_64__)
        if (vec) {
            if (vec == 16) avg_f32_plane16(jb, pl);
            else avg_f32_plane8(jb, pl);
            continue;
        }
#endif
        if (fast) {
            max_f32_interior(jb, pl);
            continue;
        }
        if (avg) {
            avg_f32_plane(jb, pl);
            continue;
        }
        switch (jb->x->dtype) {
        case TC_DTYPE_F32: pool_f32(jb, pl); break;
        case TC_DTYPE_F64: pool_f64(jb, pl); break;
        case TC_DTYPE_F16: pool_f16(jb, pl); break;
        case TC_DTYPE_BF16: pool_bf16(jb, pl); break;
        default: pool_int(jb, pl); break;
        }
    }
}

static int64_t pool_work(const tc_pool2d *p, const tc_kview *x) {
    int64_t win = p->op == TC_POOL_ADAPTIVE_AVG ? (x->shape[2] / (p->w.oh ? p->w.oh : 1) + 1) *
                                                      (x->shape[3] / (p->w.ow ? p->w.ow : 1) + 1)
                                                : p->w.kh * p->w.kw;
    return p->w.oh * p->w.ow * win + 1;
}

int tc__cpu_pool2d(void *ctx, const tc_pool2d *p, const tc_kview *out, const tc_kview *idx,
                   const tc_kview *x, tc_error *err) {
    (void)ctx;
    pool_job jb = {p, out, idx, x, NULL, NULL, x->shape[1]};
    int64_t planes = x->shape[0] * x->shape[1], work = pool_work(p, x);
    if (planes == 0 || p->w.oh * p->w.ow == 0) return 0;
    tc__parallel_for(planes, work >= 16384 ? 1 : 16384 / work + 1, pool_range, &jb);
    return tc_interrupt_check(err);
}

/* The gradient of one plane: g added back to where each output read, in output order and
 * in the element type (PyTorch's CPU kernels). */
#define POOL_BACK_PLANE(NAME, T, ACC, LOAD, STORE)                                           \
    static void NAME(const pool_job *jb, int64_t plane) {                                    \
        const tc_pool2d *p = jb->p;                                                          \
        const tc_kview *g = jb->g, *idx = jb->idx, *gx = jb->gx;                             \
        int64_t n = plane / jb->C, c = plane % jb->C, H = gx->shape[2], W = gx->shape[3];    \
        const T *gs = (const T *)g->data + n * g->strides[0] + c * g->strides[1];            \
        const int64_t *ip = idx ? (const int64_t *)idx->data + n * idx->strides[0] +         \
                                      c * idx->strides[1]                                    \
                                : NULL;                                                      \
        T *acc = (T *)gx->data + plane * H * W;                                              \
        memset(acc, 0, (size_t)(H * W) * sizeof(T));                                         \
        for (int64_t oy = 0; oy < p->w.oh; oy++)                                             \
            for (int64_t ox = 0; ox < p->w.ow; ox++) {                                       \
                ACC v = LOAD(gs[oy * g->strides[2] + ox * g->strides[3]]);                   \
                if (p->op == TC_POOL_MAX) {                                                  \
                    int64_t at = ip[oy * idx->strides[2] + ox * idx->strides[3]];            \
                    if (at >= 0 && at < H * W) acc[at] = STORE((ACC)(LOAD(acc[at]) + v));   \
                    continue;                                                                \
                }                                                                            \
                win r = window_at(p, oy, ox, H, W);                                          \
                int64_t div = p->op == TC_POOL_ADAPTIVE_AVG                                  \
                                  ? (r.y1 - r.y0) * (r.x1 - r.x0)                            \
                                  : avg_divisor(p, r.ay0, r.ax0, H, W);                      \
                ACC share = v / (ACC)div;                                                    \
                for (int64_t y = r.y0; y < r.y1; y++)                                        \
                    for (int64_t xx = r.x0; xx < r.x1; xx++)                                 \
                        acc[y * W + xx] = STORE((ACC)(LOAD(acc[y * W + xx]) + share));       \
            }                                                                                \
    }
POOL_BACK_PLANE(poolb_f32, float, float, ID, ID)
POOL_BACK_PLANE(poolb_f64, double, double, ID, ID)
POOL_BACK_PLANE(poolb_f16, uint16_t, float, tc_f16_to_f32, tc_f32_to_f16)
POOL_BACK_PLANE(poolb_bf16, uint16_t, float, tc_bf16_to_f32, tc_f32_to_bf16)

/* poolb_f32 for average pooling with each window's bounds and divisor worked out once per
 * row and column (avg_f32_plane's tables): the same shares added in the same order, so the
 * same values. A window no wider than its stride along a row touches each column once. */
static void avgb_f32_plane(const pool_job *jb, int64_t plane) {
    const tc_pool2d *p = jb->p;
    const tc_window2d *w = &p->w;
    const tc_kview *g = jb->g, *gx = jb->gx;
    int64_t n = plane / jb->C, c = plane % jb->C, H = gx->shape[2], W = gx->shape[3];
    const float *gs = (const float *)g->data + n * g->strides[0] + c * g->strides[1];
    float *acc = (float *)gx->data + plane * H * W;
    int64_t x0[AVG_AXIS_MAX], x1[AVG_AXIS_MAX], cx[AVG_AXIS_MAX];
    for (int64_t ox = 0; ox < w->ow; ox++) avg_axis(p, ox, w->kw, w->sw, w->pw, W, &x0[ox], &x1[ox], &cx[ox]);
    memset(acc, 0, (size_t)(H * W) * sizeof(float));
    for (int64_t oy = 0; oy < w->oh; oy++) {
        int64_t y0, y1, cy;
        avg_axis(p, oy, w->kh, w->sh, w->ph, H, &y0, &y1, &cy);
        const float *gr = gs + oy * g->strides[2];
        for (int64_t ox = 0; ox < w->ow; ox++) {
            int64_t div = p->divisor ? p->divisor : cy * cx[ox];
            float share = gr[ox * g->strides[3]] / (float)div;
            for (int64_t y = y0; y < y1; y++) {
                float *r = acc + y * W;
                for (int64_t xx = x0[ox]; xx < x1[ox]; xx++) r[xx] += share;
            }
        }
    }
}

static void poolb_range(void *ctx, int64_t b, int64_t e) {
    const pool_job *jb = ctx;
    bool avg = avg_f32_ok(jb->p, jb->gx);
    for (int64_t pl = b; pl < e; pl++) {
        if (avg) {
            avgb_f32_plane(jb, pl);
            continue;
        }
        switch (jb->gx->dtype) {
        case TC_DTYPE_F64: poolb_f64(jb, pl); break;
        case TC_DTYPE_F16: poolb_f16(jb, pl); break;
        case TC_DTYPE_BF16: poolb_bf16(jb, pl); break;
        default: poolb_f32(jb, pl); break;
        }
    }
}

int tc__cpu_pool2d_backward(void *ctx, const tc_pool2d *p, const tc_kview *gx, const tc_kview *g,
                            const tc_kview *idx, tc_error *err) {
    (void)ctx;
    pool_job jb = {p, NULL, idx, NULL, g, gx, gx->shape[1]};
    int64_t planes = gx->shape[0] * gx->shape[1];
    if (planes == 0 || gx->shape[2] * gx->shape[3] == 0) return 0;
    int64_t work = pool_work(p, gx) + gx->shape[2] * gx->shape[3];
    tc__parallel_for(planes, work >= 16384 ? 1 : 16384 / work + 1, poolb_range, &jb);
    return tc_interrupt_check(err);
}

/* ---- direct float32 convolution for few input channels per group ----------------------- */

typedef struct direct_job {
    const tc_kview *out, *x, *w, *b;
    const tc_window2d *win;
    int64_t O, Og, Cg;
} direct_job;

/* out[oy * ow + ox] += v * in[oy * sy + ox * step] for rows [y0, y1) and columns [lo, hi):
 * one weight over the output rows it reaches, vectorised along a row where the input row is
 * read with stride 1. */
__attribute__((target_clones("arch=x86-64-v3", "default")))
static void axpy_rows(float *restrict out, const float *restrict in, float v, int64_t y0, int64_t y1, int64_t ow,
                      int64_t sy, int64_t lo, int64_t hi, int64_t step) {
    for (int64_t oy = y0; oy < y1; oy++) {
        float *restrict o = out + oy * ow;
        const float *restrict s = in + oy * sy;
        if (step == 1) {
            for (int64_t ox = lo; ox < hi; ox++) o[ox] += v * s[ox];
        } else {
            for (int64_t ox = lo; ox < hi; ox++) o[ox] += v * s[ox * step];
        }
    }
}

/* One (image, output channel) plane: the bias, then one weight at a time over every output
 * row it reaches. The plane stays in cache while the kernel's weights stream past it. */
static void direct_plane(const direct_job *jb, int64_t plane) {
    const tc_window2d *w = jb->win;
    int64_t n = plane / jb->O, o = plane % jb->O, g = o / jb->Og;
    const tc_kview *x = jb->x, *out = jb->out;
    int64_t H = x->shape[2], W = x->shape[3], sy = x->strides[2], sx = x->strides[3];
    float *dst = (float *)out->data + n * out->strides[0] + o * out->strides[1];
    float b0 = jb->b ? ((const float *)jb->b->data)[o * jb->b->strides[0]] : 0.0f;
    for (int64_t q = 0; q < w->oh * w->ow; q++) dst[q] = b0;
    const float *wt = (const float *)jb->w->data + o * jb->Cg * w->kh * w->kw;
    for (int64_t c = 0; c < jb->Cg; c++) {
        const float *src = (const float *)x->data + n * x->strides[0] + (g * jb->Cg + c) * x->strides[1];
        for (int64_t i = 0; i < w->kh; i++)
            for (int64_t j = 0; j < w->kw; j++) {
                float v = *wt++;
                int64_t x0 = j * w->dw - w->pw;
                int64_t lo = x0 >= 0 ? 0 : (-x0 + w->sw - 1) / w->sw;
                int64_t hi = W - x0 <= 0 ? 0 : (W - x0 + w->sw - 1) / w->sw;
                if (hi > w->ow) hi = w->ow;
                if (lo >= hi) continue;
                /* output rows whose input row oy*sh - ph + i*dh lies in [0, H) */
                int64_t a = w->ph - i * w->dh;
                int64_t y0 = a <= 0 ? 0 : (a + w->sh - 1) / w->sh;
                int64_t y1 = H + a <= 0 ? 0 : (H + a + w->sh - 1) / w->sh;
                if (y1 > w->oh) y1 = w->oh;
                if (y0 >= y1) continue;
                /* input row of output row oy: oy*sh - a, so row 0 of the view sits at -a */
                axpy_rows(dst, src - a * sy + x0 * sx, v, y0, y1, w->ow, w->sh * sy, lo, hi, w->sw * sx);
            }
    }
}

static void direct_range(void *ctx, int64_t b, int64_t e) {
    for (int64_t p = b; p < e; p++) direct_plane(ctx, p);
}

/* Grouped convolutions only: there the products per group are tiny (depthwise: one row
 * each) and the direct loop is about ten times faster; with one group, im2col and one
 * wide product win even for a single input channel. */
bool tc__cpu_conv_direct_ok(tc_dtype dt, int64_t groups, int64_t cgk, int64_t sx) {
    return dt == TC_DTYPE_F32 && groups > 1 && cgk <= 32 && sx == 1;
}

int tc__cpu_conv_direct(const tc_kview *out, const tc_kview *x, const tc_kview *w,
                        const tc_kview *b, const tc_window2d *win, int64_t groups, tc_error *err) {
    direct_job jb = {out, x, w, b, win, out->shape[1], out->shape[1] / groups, x->shape[1] / groups};
    int64_t planes = out->shape[0] * out->shape[1];
    int64_t work = jb.Cg * win->kh * win->kw * win->oh * win->ow + 1;
    if (planes == 0) return 0;
    tc__parallel_for(planes, work >= 32768 ? 1 : 32768 / work + 1, direct_range, &jb);
    return tc_interrupt_check(err);
}
