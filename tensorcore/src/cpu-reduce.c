/*
 * CPU reductions: sum, mean, prod, max, min, argmax, argmin, all, any over the dims where
 * the output has size 1. Floats accumulate in double, integers in int64. Large reductions
 * are split across threads into partial accumulators that are combined in order.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>

#include "cpu-iter.h"

typedef struct acc {
    double f;
    int64_t i;
    int64_t idx;
    bool has;
} acc;

static void acc_init(acc *c, tc_reduce_op op, bool isf) {
    c->has = false;
    c->idx = 0;
    c->f = op == TC_RED_PROD ? 1.0 : 0.0;
    c->i = op == TC_RED_PROD ? 1 : 0;
    if (op == TC_RED_ALL) c->i = 1;
}

/* Sum of n contiguous floats in double with independent lanes that vectorise. */
__attribute__((target_clones("avx2", "default")))
static double sum_f32_lanes(const float *x, int64_t n) {
    double l[16] = {0};
    int64_t i = 0;
    for (; i + 16 <= n; i += 16)
        for (int j = 0; j < 16; j++) l[j] += (double)x[i + j];
    double s = 0;
    for (; i < n; i++) s += x[i];
    for (int j = 0; j < 16; j++) s += l[j];
    return s;
}

__attribute__((target_clones("avx2", "default")))
static double sum_f64(const double *x, int64_t n) {
    double l[8] = {0};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; j++) l[j] += x[i + j];
    double s = 0;
    for (; i < n; i++) s += x[i];
    for (int j = 0; j < 8; j++) s += l[j];
    return s;
}

#if defined(__x86_64__)
#include <immintrin.h>

/* sum_f32_lanes with the conversions written out (the compiler's version spills its sixteen
 * lanes): the same lanes in the same order, so the same result to the bit, at the speed of
 * memory. */
__attribute__((target("avx2"))) static double sum_f32_avx2(const float *x, int64_t n) {
    __m256d a[4];
    for (int j = 0; j < 4; j++) a[j] = _mm256_setzero_pd();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256 f = _mm256_loadu_ps(x + i), g = _mm256_loadu_ps(x + i + 8);
        a[0] = _mm256_add_pd(a[0], _mm256_cvtps_pd(_mm256_castps256_ps128(f)));
        a[1] = _mm256_add_pd(a[1], _mm256_cvtps_pd(_mm256_extractf128_ps(f, 1)));
        a[2] = _mm256_add_pd(a[2], _mm256_cvtps_pd(_mm256_castps256_ps128(g)));
        a[3] = _mm256_add_pd(a[3], _mm256_cvtps_pd(_mm256_extractf128_ps(g, 1)));
    }
    double l[16], s = 0;
    for (int j = 0; j < 4; j++) _mm256_storeu_pd(l + 4 * j, a[j]);
    for (; i < n; i++) s += x[i];
    for (int j = 0; j < 16; j++) s += l[j];
    return s;
}

__attribute__((target("avx512f"))) static double sum_f32_avx512(const float *x, int64_t n) {
    __m512d a0 = _mm512_setzero_pd(), a1 = a0;
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        a0 = _mm512_add_pd(a0, _mm512_cvtps_pd(_mm256_loadu_ps(x + i)));
        a1 = _mm512_add_pd(a1, _mm512_cvtps_pd(_mm256_loadu_ps(x + i + 8)));
    }
    double l[16], s = 0;
    _mm512_storeu_pd(l, a0);
    _mm512_storeu_pd(l + 8, a1);
    for (; i < n; i++) s += x[i];
    for (int j = 0; j < 16; j++) s += l[j];
    return s;
}

/* 2: AVX-512F, 1: AVX2, 0: neither. */
static int simd_level(void) {
    static int v = -1;
    if (v < 0) v = __builtin_cpu_supports("avx512f") ? 2 : __builtin_cpu_supports("avx2") ? 1 : 0;
    return v;
}
#endif

static double sum_f32(const float *x, int64_t n) {
#if defined(__x86_64__)
    switch (simd_level()) {
    case 2: return sum_f32_avx512(x, n);
    case 1: return sum_f32_avx2(x, n);
    default: break;
    }
#endif
    return sum_f32_lanes(x, n);
}

/* s plus n floats at every other position (x[0], x[2], ...: a [::2] view or the real parts
 * of complex64) in the eight double lanes of the general strided loop below, added up in its
 * order, so the same result, but with a constant stride the compiler vectorises. */
__attribute__((target_clones("avx2", "default")))
static double sum_f32_every2(double s, const float *x, int64_t n) {
    double l[8] = {0};
    int64_t k = 0;
    for (; k + 8 <= n; k += 8)
        for (int j = 0; j < 8; j++) l[j] += (double)x[2 * (k + j)];
    for (int j = 0; j < 8; j++) s += l[j];
    for (; k < n; k++) s += (double)x[2 * k];
    return s;
}

/* Products in double with independent lanes, as the sums above. */
__attribute__((target_clones("avx2", "default")))
static double prod_f32(const float *x, int64_t n) {
    double l[16];
    for (int j = 0; j < 16; j++) l[j] = 1.0;
    int64_t i = 0;
    for (; i + 16 <= n; i += 16)
        for (int j = 0; j < 16; j++) l[j] *= (double)x[i + j];
    double r = 1.0;
    for (int j = 0; j < 16; j++) r *= l[j];
    for (; i < n; i++) r *= x[i];
    return r;
}

__attribute__((target_clones("avx2", "default")))
static double prod_f64(const double *x, int64_t n) {
    double l[8];
    for (int j = 0; j < 8; j++) l[j] = 1.0;
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; j++) l[j] *= x[i + j];
    double r = 1.0;
    for (int j = 0; j < 8; j++) r *= l[j];
    for (; i < n; i++) r *= x[i];
    return r;
}

/* ---- float products in PyTorch's order ---------------------------------------------------
 * PyTorch multiplies a contiguous run into its output (binary_kernel_reduce_vec, Reduce.h) in
 * the output's type: four vector accumulators (8 floats or 4 doubles each with AVX2) start as
 * the first four vectors and take the run's whole groups of four vectors; they are folded as
 * (a0 a1)(a2 a3), the lanes of that multiplied in order, the result into the output, and then
 * the leftover elements one by one (and in float lanes it runs at twice the speed of the
 * double lanes above, which serve the other layouts). */
#define PT_PROD(T, NAME, LANES)                                                              \
    __attribute__((target_clones("avx2", "default"))) static T NAME(const T *x, int64_t n,  \
                                                                   T dst) {                 \
        enum { W = 4 * LANES };                                                             \
        int64_t count = n / W;                                                              \
        if (count > 0) {                                                                    \
            T acc[W], b[LANES];                                                             \
            for (int j = 0; j < W; j++) acc[j] = x[j];                                      \
            for (int64_t i = 1; i < count; i++)                                             \
                for (int j = 0; j < W; j++) acc[j] *= x[i * W + j];                         \
            for (int l = 0; l < LANES; l++)                                                 \
                b[l] = (acc[l] * acc[LANES + l]) * (acc[2 * LANES + l] * acc[3 * LANES + l]); \
            T r = b[0];                                                                     \
            for (int l = 1; l < LANES; l++) r *= b[l];                                      \
            dst *= r;                                                                       \
        }                                                                                   \
        for (int64_t k = count * W; k < n; k++) dst *= x[k];                                \
        return dst;                                                                         \
    }
PT_PROD(float, pt_prod_f32, 8)
PT_PROD(double, pt_prod_f64, 4)

/* ---- float sums in PyTorch's order --------------------------------------------------------
 * PyTorch sums float32/float64 on the CPU with a cascade of float accumulators (SumKernel.cpp):
 * a contiguous run is read as vectors (8 floats or 4 doubles with AVX2) in four interleaved
 * rows whose partial sums are promoted through four levels; the leftover elements and then the
 * vector lanes are added last. Reproducing that order makes .item() and tolist() show the same
 * last digits as PyTorch for sums that PyTorch does on one thread (up to 32768 elements). */

#define PT_LEVELS 4
#define PT_GRAIN 32768

static int64_t pt_ceil_log2(int64_t x) {
    if (x <= 2) return 1;
    return 64 - __builtin_clzll((unsigned long long)x - 1);
}

#if defined(__x86_64__)
#include <immintrin.h>
static bool have_avx2(void);
/* multi_row_sum of four rows of one AVX2 vector each (the shape of every contiguous sum), in
 * registers: the same additions lane by lane as the generic body, so the same bits. ELEM(in,
 * in2, off) makes the vector summed at byte offset off: the input's (in2 unused) or, for
 * mse_loss's fused sum, the squares of in - in2 (the values PyTorch's loss tensor holds).
 * False without AVX2. */
#define PT_MRS_VEC4(T, NAME, V, ZERO, ELEM, ADD, STORE)                                          \
    __attribute__((target("avx2"))) static bool NAME##_avx2(const char *in, const char *in2,     \
                                                           int64_t rs, int64_t cs, int64_t size, \
                                                           T out[4][8]) {                        \
        (void)in2;                                                                              \
        int64_t lp = pt_ceil_log2(size) / PT_LEVELS;                                            \
        if (lp < 4) lp = 4;                                                                     \
        const int64_t step = (int64_t)1 << lp, mask = step - 1;                                 \
        V acc[PT_LEVELS][4];                                                                    \
        for (int j = 0; j < PT_LEVELS; j++)                                                     \
            for (int k = 0; k < 4; k++) acc[j][k] = ZERO();                                     \
        int64_t i = 0;                                                                          \
        for (; i + step <= size;) {                                                             \
            V a0 = acc[0][0], a1 = acc[0][1], a2 = acc[0][2], a3 = acc[0][3];                   \
            for (int64_t j = 0; j < step; ++j, ++i) {                                           \
                int64_t o = i * rs;                                                             \
                a0 = ADD(a0, ELEM(in, in2, o));                                                 \
                a1 = ADD(a1, ELEM(in, in2, o + cs));                                            \
                a2 = ADD(a2, ELEM(in, in2, o + 2 * cs));                                        \
                a3 = ADD(a3, ELEM(in, in2, o + 3 * cs));                                        \
            }                                                                                   \
            acc[0][0] = a0, acc[0][1] = a1, acc[0][2] = a2, acc[0][3] = a3;                     \
            for (int j = 1; j < PT_LEVELS; ++j) {                                               \
                for (int k = 0; k < 4; k++) {                                                   \
                    acc[j][k] = ADD(acc[j][k], acc[j - 1][k]);                                  \
                    acc[j - 1][k] = ZERO();                                                     \
                }                                                                               \
                if ((i & (mask << (j * lp))) != 0) break;                                       \
            }                                                                                   \
        }                                                                                       \
        for (; i < size; ++i)                                                                   \
            for (int k = 0; k < 4; k++)                                                         \
                acc[0][k] = ADD(acc[0][k], ELEM(in, in2, i * rs + k * cs));                     \
        for (int j = 1; j < PT_LEVELS; ++j)                                                     \
            for (int k = 0; k < 4; k++) acc[0][k] = ADD(acc[0][k], acc[j][k]);                  \
        for (int k = 0; k < 4; k++) STORE(out[k], acc[0][k]);                                   \
        return true;                                                                            \
    }

#define PT_LOAD_F32(in, in2, o) _mm256_loadu_ps((const float *)((in) + (o)))
#define PT_LOAD_F64(in, in2, o) _mm256_loadu_pd((const double *)((in) + (o)))
#define PT_SQD_F32(in, in2, o) pt_sqd_ps((in) + (o), (in2) + (o))
#define PT_SQD_F64(in, in2, o) pt_sqd_pd((in) + (o), (in2) + (o))

/* (a - b)^2 of one vector, rounded after each operation (no fused multiply-add: avx2 alone) */
static inline __attribute__((target("avx2"), always_inline)) __m256 pt_sqd_ps(const char *a, const char *b) {
    __m256 d = _mm256_sub_ps(_mm256_loadu_ps((const float *)a), _mm256_loadu_ps((const float *)b));
    return _mm256_mul_ps(d, d);
}
static inline __attribute__((target("avx2"), always_inline)) __m256d pt_sqd_pd(const char *a, const char *b) {
    __m256d d = _mm256_sub_pd(_mm256_loadu_pd((const double *)a), _mm256_loadu_pd((const double *)b));
    return _mm256_mul_pd(d, d);
}

PT_MRS_VEC4(float, pt_mrs_f32_vec4, __m256, _mm256_setzero_ps, PT_LOAD_F32, _mm256_add_ps,
            _mm256_storeu_ps)
PT_MRS_VEC4(double, pt_mrs_f64_vec4, __m256d, _mm256_setzero_pd, PT_LOAD_F64, _mm256_add_pd,
            _mm256_storeu_pd)
PT_MRS_VEC4(float, pt_sqd_f32_vec4, __m256, _mm256_setzero_ps, PT_SQD_F32, _mm256_add_ps,
            _mm256_storeu_ps)
PT_MRS_VEC4(double, pt_sqd_f64_vec4, __m256d, _mm256_setzero_pd, PT_SQD_F64, _mm256_add_pd,
            _mm256_storeu_pd)
static bool pt_mrs_f32_vec4(const char *in, int64_t rs, int64_t cs, int64_t size, float out[4][8]) {
    return have_avx2() && pt_mrs_f32_vec4_avx2(in, NULL, rs, cs, size, out);
}
static bool pt_mrs_f64_vec4(const char *in, int64_t rs, int64_t cs, int64_t size, double out[4][8]) {
    return have_avx2() && pt_mrs_f64_vec4_avx2(in, NULL, rs, cs, size, out);
}
#else
static bool pt_mrs_f32_vec4(const char *in, int64_t rs, int64_t cs, int64_t size, float out[4][8]) {
    (void)in, (void)rs, (void)cs, (void)size, (void)out;
    return false;
}
static bool pt_mrs_f64_vec4(const char *in, int64_t rs, int64_t cs, int64_t size, double out[4][8]) {
    (void)in, (void)rs, (void)cs, (void)size, (void)out;
    return false;
}
#endif

/* PyTorch's multi_row_sum: 'rows' interleaved accumulators of 'w' lanes each over 'size' steps;
 * step i reads lane l of row k at in + i*row_stride + k*col_stride + l*esize. The body is
 * inlined with constant shapes for the common ones (4 rows or 1 of a vector's lanes, one
 * lane), where the lanes become vector registers. */
#define PT_MULTI_ROW_SUM(T, NAME, LANES)                                                         \
    static inline __attribute__((always_inline)) void NAME##_body(                              \
        const char *in, int64_t row_stride, int64_t col_stride, int64_t size, int rows, int w,  \
        T out[4][8]) {                                                                          \
        int64_t lp = pt_ceil_log2(size) / PT_LEVELS;                                            \
        if (lp < 4) lp = 4;                                                                     \
        const int64_t step = (int64_t)1 << lp, mask = step - 1;                                 \
        T acc[PT_LEVELS][4][8];                                                                 \
        memset(acc, 0, sizeof acc);                                                             \
        int64_t i = 0;                                                                          \
        for (; i + step <= size;) {                                                             \
            for (int64_t j = 0; j < step; ++j, ++i)                                             \
                for (int k = 0; k < rows; k++)                                                  \
                    for (int l = 0; l < w; l++)                                                 \
                        acc[0][k][l] += *(const T *)(in + i * row_stride + k * col_stride + l * (int64_t)sizeof(T)); \
            for (int j = 1; j < PT_LEVELS; ++j) {                                               \
                for (int k = 0; k < rows; k++)                                                  \
                    for (int l = 0; l < w; l++) {                                               \
                        acc[j][k][l] += acc[j - 1][k][l];                                       \
                        acc[j - 1][k][l] = 0;                                                   \
                    }                                                                           \
                if ((i & (mask << (j * lp))) != 0) break;                                       \
            }                                                                                   \
        }                                                                                       \
        for (; i < size; ++i)                                                                   \
            for (int k = 0; k < rows; k++)                                                      \
                for (int l = 0; l < w; l++)                                                     \
                    acc[0][k][l] += *(const T *)(in + i * row_stride + k * col_stride + l * (int64_t)sizeof(T)); \
        for (int j = 1; j < PT_LEVELS; ++j)                                                     \
            for (int k = 0; k < rows; k++)                                                      \
                for (int l = 0; l < w; l++) acc[0][k][l] += acc[j][k][l];                       \
        for (int k = 0; k < rows; k++)                                                          \
            for (int l = 0; l < w; l++) out[k][l] = acc[0][k][l];                               \
    }                                                                                           \
    __attribute__((target_clones("avx2", "default")))                                          \
    static void NAME(const char *in, int64_t row_stride, int64_t col_stride, int64_t size,      \
                     int rows, int w, T out[4][8]) {                                            \
        if (rows == 4 && w == LANES && NAME##_vec4(in, row_stride, col_stride, size, out)) return; \
        if (rows == 4 && w == LANES) NAME##_body(in, row_stride, col_stride, size, 4, LANES, out); \
        else if (rows == 1 && w == LANES) NAME##_body(in, row_stride, col_stride, size, 1, LANES, out); \
        else if (rows == 1 && w == 1) NAME##_body(in, row_stride, col_stride, size, 1, 1, out);  \
        else NAME##_body(in, row_stride, col_stride, size, rows, w, out);                       \
    }

/* PyTorch's row_sum: four interleaved rows, leftovers into row 0, rows folded in order. */
#define PT_ROW_SUM(T, NAME, MRS)                                                                \
    static void NAME(const char *in, int64_t stride, int64_t size, int w, T out[8]) {           \
        T part[4][8];                                                                           \
        int64_t n4 = size / 4;                                                                  \
        MRS(in, stride * 4, stride, n4, 4, w, part);                                            \
        for (int64_t i = n4 * 4; i < size; i++)                                                 \
            for (int l = 0; l < w; l++) part[0][l] += *(const T *)(in + i * stride + l * (int64_t)sizeof(T)); \
        for (int k = 1; k < 4; k++)                                                             \
            for (int l = 0; l < w; l++) part[0][l] += part[k][l];                               \
        for (int l = 0; l < w; l++) out[l] = part[0][l];                                        \
    }

/* One output's sum over n elements at byte stride s, in PyTorch's order. */
#define PT_SUM(T, NAME, RS, MRS, LANES)                                                         \
    static T NAME(const char *p, int64_t s, int64_t n, bool strided_rowsum) {                   \
        T v[8], fin = 0;                                                                        \
        if (s == (int64_t)sizeof(T) && n >= LANES) {                                            \
            int64_t nv = n / LANES;                                                             \
            RS(p, LANES * (int64_t)sizeof(T), nv, LANES, v);                                    \
            for (int64_t k = nv * LANES; k < n; k++) fin += ((const T *)p)[k];                  \
            for (int l = 0; l < LANES; l++) fin += v[l];                                        \
            return fin;                                                                         \
        }                                                                                       \
        if (s == (int64_t)sizeof(T) || strided_rowsum) { /* scalar row_sum */                   \
            RS(p, s, n, 1, v);                                                                  \
            return v[0];                                                                        \
        }                                                                                       \
        T col[4][8]; /* strided: one column of an outer sum */                                  \
        MRS(p, s, 0, n, 1, 1, col);                                                             \
        return col[0][0];                                                                       \
    }

PT_MULTI_ROW_SUM(float, pt_mrs_f32, 8)
PT_ROW_SUM(float, pt_rs_f32, pt_mrs_f32)
PT_SUM(float, pt_sum_f32, pt_rs_f32, pt_mrs_f32, 8)
PT_MULTI_ROW_SUM(double, pt_mrs_f64, 4)
PT_ROW_SUM(double, pt_rs_f64, pt_mrs_f64)
PT_SUM(double, pt_sum_f64, pt_rs_f64, pt_mrs_f64, 4)

/* The sum of (a[i] - b[i])^2 over n contiguous elements, the values of mse_loss's loss
 * tensor, in the order PT_SUM adds that tensor: the squares are made as they are read (in
 * AVX2 lanes for the whole vectors, one by one for the rest, the same roundings), so the
 * loss is not written and read again. The caller has checked for AVX2. */
#if defined(__x86_64__)
#define PT_SQD_SUM(T, NAME, VEC4, SUM, LANES)                                                    \
    __attribute__((target("avx2"))) static T NAME(const char *a, const char *b, int64_t n) {     \
        const T *x = (const T *)a, *y = (const T *)b;                                           \
        if (n < LANES) { /* PT_SUM's scalar row_sum of the few squares */                       \
            T sq[LANES];                                                                        \
            for (int64_t k = 0; k < n; k++) {                                                   \
                T d = x[k] - y[k];                                                              \
                sq[k] = d * d;                                                                  \
            }                                                                                   \
            return SUM((const char *)sq, (int64_t)sizeof(T), n, false);                         \
        }                                                                                       \
        int64_t nv = n / LANES, n4 = nv / 4, vb = LANES * (int64_t)sizeof(T);                   \
        T part[4][8], fin = 0;                                                                  \
        VEC4##_avx2(a, b, 4 * vb, vb, n4, part);                                                \
        for (int64_t i = n4 * 4; i < nv; i++) /* PT_ROW_SUM's leftover vectors */               \
            for (int l = 0; l < LANES; l++) {                                                   \
                T d = x[i * LANES + l] - y[i * LANES + l];                                      \
                part[0][l] += d * d;                                                            \
            }                                                                                   \
        for (int k = 1; k < 4; k++)                                                             \
            for (int l = 0; l < LANES; l++) part[0][l] += part[k][l];                           \
        for (int64_t k = nv * LANES; k < n; k++) {                                              \
            T d = x[k] - y[k];                                                                  \
            fin += d * d;                                                                       \
        }                                                                                       \
        for (int l = 0; l < LANES; l++) fin += part[0][l];                                      \
        return fin;                                                                             \
    }
PT_SQD_SUM(float, pt_sqd_f32, pt_sqd_f32_vec4, pt_sum_f32, 8)
PT_SQD_SUM(double, pt_sqd_f64, pt_sqd_f64_vec4, pt_sum_f64, 4)
#undef PT_SQD_SUM
#else /* never called: tc__cpu_sum_sqdiff refuses without AVX2 */
static float pt_sqd_f32(const char *a, const char *b, int64_t n) { return (void)a, (void)b, (void)n, 0.0f; }
static double pt_sqd_f64(const char *a, const char *b, int64_t n) { return (void)a, (void)b, (void)n, 0.0; }
#endif

/* ---- contiguous fast paths -----------------------------------------------------------------
 * max/min/arg* are order-free apart from NaN (the first NaN wins) and ties (the first index
 * wins): a chunk's extreme is found with vector compares, and only when it beats the running
 * value is the chunk scanned for its first occurrence. A chunk holding a NaN goes through the
 * scalar loop, which defines the semantics. Integer sums and products wrap (-fwrapv), so
 * their order is free too; float products keep their sequential order. */

#if defined(__x86_64__)
#include <immintrin.h>

/* Extreme of n >= 8 floats; false when a NaN is among them. */
__attribute__((target("avx2"))) static bool ext_f32_avx2(const float *x, int64_t n, bool mx,
                                                          float *out) {
    __m256 m[4], bad = _mm256_setzero_ps();
    for (int j = 0; j < 4; j++) m[j] = _mm256_loadu_ps(x);
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256 v[4];
        for (int j = 0; j < 4; j++) v[j] = _mm256_loadu_ps(x + i + 8 * j);
        bad = _mm256_or_ps(bad, _mm256_cmp_ps(v[0], v[1], _CMP_UNORD_Q));
        bad = _mm256_or_ps(bad, _mm256_cmp_ps(v[2], v[3], _CMP_UNORD_Q));
        for (int j = 0; j < 4; j++)
            m[j] = mx ? _mm256_max_ps(m[j], v[j]) : _mm256_min_ps(m[j], v[j]);
    }
    if (_mm256_movemask_ps(bad)) return false;
    float l[32];
    for (int j = 0; j < 4; j++) _mm256_storeu_ps(l + 8 * j, m[j]);
    float r = l[0];
    for (int j = 1; j < 32; j++) r = mx ? (l[j] > r ? l[j] : r) : (l[j] < r ? l[j] : r);
    for (; i < n; i++) {
        if (x[i] != x[i]) return false;
        r = mx ? (x[i] > r ? x[i] : r) : (x[i] < r ? x[i] : r);
    }
    *out = r;
    return true;
}

__attribute__((target("avx2"))) static bool ext_f64_avx2(const double *x, int64_t n, bool mx,
                                                          double *out) {
    __m256d m[4], bad = _mm256_setzero_pd();
    for (int j = 0; j < 4; j++) m[j] = _mm256_loadu_pd(x);
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256d v[4];
        for (int j = 0; j < 4; j++) v[j] = _mm256_loadu_pd(x + i + 4 * j);
        bad = _mm256_or_pd(bad, _mm256_cmp_pd(v[0], v[1], _CMP_UNORD_Q));
        bad = _mm256_or_pd(bad, _mm256_cmp_pd(v[2], v[3], _CMP_UNORD_Q));
        for (int j = 0; j < 4; j++)
            m[j] = mx ? _mm256_max_pd(m[j], v[j]) : _mm256_min_pd(m[j], v[j]);
    }
    if (_mm256_movemask_pd(bad)) return false;
    double l[16];
    for (int j = 0; j < 4; j++) _mm256_storeu_pd(l + 4 * j, m[j]);
    double r = l[0];
    for (int j = 1; j < 16; j++) r = mx ? (l[j] > r ? l[j] : r) : (l[j] < r ? l[j] : r);
    for (; i < n; i++) {
        if (x[i] != x[i]) return false;
        r = mx ? (x[i] > r ? x[i] : r) : (x[i] < r ? x[i] : r);
    }
    *out = r;
    return true;
}

static bool have_avx2(void) {
    static int v = -1;
    if (v < 0) v = __builtin_cpu_supports("avx2");
    return v;
}
#endif

/* Integer extremes and sums: plain loops with independent lanes that the compiler vectorises.
 * The extremes keep four AVX2 vectors of lanes, so that loads rather than one chain of
 * compares set the pace. */
#define EXT_LANES 32
#define INT_FAST(T, NAME)                                                                    \
    __attribute__((target_clones("avx2", "default"))) static int64_t NAME##_ext(            \
        const T *x, int64_t n, bool mx) {                                                   \
        T m[EXT_LANES];                                                                             \
        for (int j = 0; j < EXT_LANES; j++) m[j] = x[0];                                            \
        int64_t i = 0;                                                                      \
        if (mx)                                                                             \
            for (; i + EXT_LANES <= n; i += EXT_LANES)                                                      \
                for (int j = 0; j < EXT_LANES; j++) m[j] = x[i + j] > m[j] ? x[i + j] : m[j];       \
        else                                                                                \
            for (; i + EXT_LANES <= n; i += EXT_LANES)                                                      \
                for (int j = 0; j < EXT_LANES; j++) m[j] = x[i + j] < m[j] ? x[i + j] : m[j];       \
        T r = m[0];                                                                         \
        for (int j = 1; j < EXT_LANES; j++) r = mx ? (m[j] > r ? m[j] : r) : (m[j] < r ? m[j] : r); \
        for (; i < n; i++) r = mx ? (x[i] > r ? x[i] : r) : (x[i] < r ? x[i] : r);          \
        return r;                                                                           \
    }                                                                                       \
    __attribute__((target_clones("avx2", "default"))) static int64_t NAME##_sum(            \
        const T *x, int64_t n) {                                                            \
        uint64_t l[8] = {0};                                                                \
        int64_t i = 0;                                                                      \
        for (; i + 8 <= n; i += 8)                                                          \
            for (int j = 0; j < 8; j++) l[j] += (uint64_t)(int64_t)x[i + j];                \
        uint64_t s = 0;                                                                     \
        for (; i < n; i++) s += (uint64_t)(int64_t)x[i];                                    \
        for (int j = 0; j < 8; j++) s += l[j];                                              \
        return (int64_t)s;                                                                  \
    }
INT_FAST(int32_t, i32)
INT_FAST(int64_t, i64)

/* Sums of bytes (bool, uint8, int8) and int16 in 32-bit lanes, folded into the 64-bit total
 * every 65536 elements, before a lane could overflow: a mask's .sum() at memory speed. */
#define SMALL_SUM(T, NAME)                                                                   \
    __attribute__((target_clones("avx2", "default"))) static int64_t NAME##_sum(            \
        const T *x, int64_t n) {                                                            \
        int64_t s = 0;                                                                      \
        for (int64_t k0 = 0; k0 < n; k0 += 65536) {                                         \
            int64_t m = n - k0 < 65536 ? n - k0 : 65536;                                    \
            int32_t b = 0;                                                                  \
            for (int64_t k = 0; k < m; k++) b += x[k0 + k];                                 \
            s += b;                                                                         \
        }                                                                                   \
        return s;                                                                           \
    }
SMALL_SUM(uint8_t, u8)
SMALL_SUM(int8_t, i8)
SMALL_SUM(int16_t, i16)

/* Sums of n contiguous bfloat16 / float16 values in sixteen double lanes, widened in
 * registers (no staging buffer). The float16 one reports false for a run holding a NaN or an
 * infinity, which the staged scalar conversion handles. */
__attribute__((target_clones("avx2", "default")))
static double sum_bf16(const uint16_t *x, int64_t n) {
    double l[32] = {0};
    int64_t i = 0;
    for (; i + 32 <= n; i += 32)
        for (int j = 0; j < 32; j++) l[j] += (double)tc_bf16_to_f32(x[i + j]);
    double s = 0;
    for (; i < n; i++) s += (double)tc_bf16_to_f32(x[i]);
    for (int j = 0; j < 32; j++) s += l[j];
    return s;
}

#if defined(__x86_64__)
/* The end of the two sums below: the double lanes and the last n - i values added up into
 * *out. False when a lane is not finite: an inf or NaN among the values, or a bfloat16 group
 * of eight that overflowed float32; the staged scalar loop then gives the exact answer. */
__attribute__((target("avx2"))) static bool finish_half_sum(const __m256d a[4], const uint16_t *x,
                                                             int64_t i, int64_t n,
                                                             float (*widen)(uint16_t), double *out) {
    double l[16], s = 0;
    for (int j = 0; j < 4; j++) _mm256_storeu_pd(l + 4 * j, a[j]);
    for (int j = 0; j < 16; j++)
        if (!isfinite(l[j])) return false;
    for (; i < n; i++) {
        float v = widen(x[i]);
        if (!isfinite(v)) return false;
        s += (double)v;
    }
    for (int j = 0; j < 16; j++) s += l[j];
    *out = s;
    return true;
}

/* The float32 partial sums of 64 bfloat16 / float16 values: eight values per float32 lane
 * (PyTorch accumulates both in float32; eight float16 never overflow it), added as pairs of
 * 16-value loads and then as (p0 + p1) + (p2 + p3). A bfloat16 is the upper half of a float32,
 * so interleaving zero halves makes floats. */
static inline __attribute__((target("avx2"), always_inline)) __m256 bf16_block(const uint16_t *x) {
    const __m256i z = _mm256_setzero_si256();
    __m256 p[4];
    for (int k = 0; k < 4; k++) {
        __m256i h = _mm256_loadu_si256((const __m256i *)(x + 16 * k));
        p[k] = _mm256_add_ps(_mm256_castsi256_ps(_mm256_unpacklo_epi16(z, h)),
                             _mm256_castsi256_ps(_mm256_unpackhi_epi16(z, h)));
    }
    return _mm256_add_ps(_mm256_add_ps(p[0], p[1]), _mm256_add_ps(p[2], p[3]));
}

static inline __attribute__((target("avx2,f16c"), always_inline)) __m256 f16_block(const uint16_t *x) {
    __m256 f[4];
    for (int k = 0; k < 4; k++)
        f[k] = _mm256_add_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(x + 16 * k))),
                             _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(x + 16 * k + 8))));
    return _mm256_add_ps(_mm256_add_ps(f[0], f[1]), _mm256_add_ps(f[2], f[3]));
}

/* The blocks' partials into sixteen double lanes, even blocks into lanes 0-7 and odd ones into
 * 8-15, then finish_half_sum: two blocks per pass keep the four accumulators in registers. */
#define HALF_SUM(NAME, TARGET, BLOCK, WIDEN)                                                 \
    __attribute__((target(TARGET))) static bool NAME(const uint16_t *x, int64_t n, double *out) { \
        __m256d a[4];                                                                        \
        for (int j = 0; j < 4; j++) a[j] = _mm256_setzero_pd();                              \
        int64_t i = 0;                                                                       \
        for (; i + 128 <= n; i += 128) {                                                     \
            __m256 t = BLOCK(x + i), u = BLOCK(x + i + 64);                                  \
            a[0] = _mm256_add_pd(a[0], _mm256_cvtps_pd(_mm256_castps256_ps128(t)));          \
            a[1] = _mm256_add_pd(a[1], _mm256_cvtps_pd(_mm256_extractf128_ps(t, 1)));        \
            a[2] = _mm256_add_pd(a[2], _mm256_cvtps_pd(_mm256_castps256_ps128(u)));          \
            a[3] = _mm256_add_pd(a[3], _mm256_cvtps_pd(_mm256_extractf128_ps(u, 1)));        \
        }                                                                                    \
        if (i + 64 <= n) {                                                                   \
            __m256 t = BLOCK(x + i);                                                         \
            a[0] = _mm256_add_pd(a[0], _mm256_cvtps_pd(_mm256_castps256_ps128(t)));          \
            a[1] = _mm256_add_pd(a[1], _mm256_cvtps_pd(_mm256_extractf128_ps(t, 1)));        \
            i += 64;                                                                         \
        }                                                                                    \
        return finish_half_sum(a, x, i, n, WIDEN, out);                                      \
    }
HALF_SUM(sum_bf16_avx2, "avx2", bf16_block, tc_bf16_to_f32)
#include <cpuid.h>
HALF_SUM(sum_f16_f16c, "avx2,f16c", f16_block, tc_f16_to_f32)

static bool have_f16c(void) {
    static int v = -1;
    if (v < 0) { /* F16C from CPUID leaf 1 (clang's __builtin_cpu_supports does not know it) */
        unsigned a, b, c = 0, d;
        v = have_avx2() && __get_cpuid(1, &a, &b, &c, &d) && (c & bit_F16C);
    }
    return v;
}
#endif

/* The sum of n contiguous float16/bfloat16 values into *f; false for the staged loop. */
static bool sum_half_fast(tc_dtype dt, const char *p, int64_t n, double *f) {
    if (dt == TC_DTYPE_BF16) {
#if defined(__x86_64__)
        if (have_avx2() && sum_bf16_avx2((const uint16_t *)p, n, f)) return true;
#endif
        *f = sum_bf16((const uint16_t *)p, n);
        return true;
    }
#if defined(__x86_64__)
    if (dt == TC_DTYPE_F16 && have_f16c()) return sum_f16_f16c((const uint16_t *)p, n, f);
#endif
    return false;
}

/* The extreme of n contiguous elements (n >= 16, no NaN) as double or int64; false to fall
 * back to the scalar loop. */
static bool chunk_extreme(tc_dtype dt, const char *p, int64_t n, bool mx, double *f, int64_t *i) {
    switch (dt) {
#if defined(__x86_64__)
    case TC_DTYPE_F32: {
        float m;
        if (!have_avx2() || !ext_f32_avx2((const float *)p, n, mx, &m)) return false;
        *f = m;
        return true;
    }
    case TC_DTYPE_F64:
        return have_avx2() && ext_f64_avx2((const double *)p, n, mx, f);
#endif
    case TC_DTYPE_I32: *i = i32_ext((const int32_t *)p, n, mx); return true;
    case TC_DTYPE_I64: *i = i64_ext((const int64_t *)p, n, mx); return true;
    default: return false;
    }
}

/* max/min/arg* over n contiguous elements into c; false when the scalar loop must do it. */
static bool acc_extreme_fast(acc *c, tc_reduce_op op, tc_dtype dt, const char *p, int64_t n,
                             int64_t base) {
    bool mx = op == TC_RED_MAX || op == TC_RED_ARGMAX, isf = tc_dtype_is_float(dt);
    bool want_idx = op == TC_RED_ARGMAX || op == TC_RED_ARGMIN;
    double f = 0;
    int64_t iv = 0;
    if (n < 16 || !chunk_extreme(dt, p, n, mx, &f, &iv)) return false;
    if (isf) {
        if (c->has && !(c->f == c->f && (mx ? f > c->f : f < c->f))) return true;
        /* the first element equal to the extreme is the one the scalar loop keeps (its sign
         * of zero included) */
        int64_t k = 0;
        if (want_idx || f == 0) {
            if (dt == TC_DTYPE_F32)
                while (((const float *)p)[k] != (float)f) k++;
            else
                while (((const double *)p)[k] != f) k++;
            f = tc_load_f64(p + k * (int64_t)tc_dtype_size(dt), dt);
        }
        c->f = f;
        c->idx = base + k;
    } else {
        if (c->has && !(mx ? iv > c->i : iv < c->i)) return true;
        int64_t k = 0;
        if (want_idx) {
            if (dt == TC_DTYPE_I32)
                while (((const int32_t *)p)[k] != iv) k++;
            else
                while (((const int64_t *)p)[k] != iv) k++;
        }
        c->i = iv;
        c->idx = base + k;
    }
    c->has = true;
    return true;
}

/* Sums, products and extremes of contiguous runs for the common dtypes; false for the
 * generic loop. */
static bool acc_run_fast(acc *c, tc_reduce_op op, tc_dtype dt, const char *p, int64_t n,
                         int64_t base) {
    switch (op) {
    case TC_RED_MAX:
    case TC_RED_MIN:
    case TC_RED_ARGMAX:
    case TC_RED_ARGMIN: return acc_extreme_fast(c, op, dt, p, n, base);
    case TC_RED_SUM:
    case TC_RED_MEAN:
        switch (dt) {
        case TC_DTYPE_I32: c->i += i32_sum((const int32_t *)p, n); break;
        case TC_DTYPE_I64: c->i += i64_sum((const int64_t *)p, n); break;
        case TC_DTYPE_BOOL: /* bools are the bytes 0 and 1 */
        case TC_DTYPE_U8: c->i += u8_sum((const uint8_t *)p, n); break;
        case TC_DTYPE_I8: c->i += i8_sum((const int8_t *)p, n); break;
        case TC_DTYPE_I16: c->i += i16_sum((const int16_t *)p, n); break;
        default: return false;
        }
        return true;
    case TC_RED_PROD:
        if (dt == TC_DTYPE_F32) c->f *= prod_f32((const float *)p, n);
        else if (dt == TC_DTYPE_F64) c->f *= prod_f64((const double *)p, n);
        else if (dt == TC_DTYPE_I64 || dt == TC_DTYPE_I32) {
            uint64_t l[4] = {1, 1, 1, 1}, r = (uint64_t)c->i;
            int64_t k = 0;
            if (dt == TC_DTYPE_I64) {
                const int64_t *x = (const int64_t *)p;
                for (; k + 4 <= n; k += 4)
                    for (int j = 0; j < 4; j++) l[j] *= (uint64_t)x[k + j];
                for (; k < n; k++) r *= (uint64_t)x[k];
            } else {
                const int32_t *x = (const int32_t *)p;
                for (; k + 4 <= n; k += 4)
                    for (int j = 0; j < 4; j++) l[j] *= (uint64_t)(int64_t)x[k + j];
                for (; k < n; k++) r *= (uint64_t)(int64_t)x[k];
            }
            c->i = (int64_t)(r * l[0] * l[1] * l[2] * l[3]);
        } else {
            return false;
        }
        return true;
    default: return false;
    }
}

/* any/all over n elements: a typed scan that stops at the first element deciding the answer
 * (a float is true when it is not zero, NaN included). */
#define LOGICAL_SCAN(T)                                                                      \
    for (int64_t k = 0; k < n; k++)                                                          \
        if ((*(const T *)(p + k * s) != 0) == any) {                                         \
            c->i = any;                                                              \
            return;                                                                          \
        }
static void acc_run_logical(acc *c, bool any, tc_dtype dt, const char *p, int64_t s, int64_t n) {
    if (c->i == any) return; /* decided by an earlier run */
    if (s == 1 && tc_dtype_size(dt) == 1) {
        /* bool, uint8 and int8 bytes: eight at a time (a zero byte found by the carry trick) */
        const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
        int64_t k = 0;
        for (; k + 8 <= n; k += 8) {
            uint64_t w;
            memcpy(&w, p + k, 8);
            if (any ? w != 0 : ((w - ones) & ~w & highs) != 0) break;
        }
        for (; k < n; k++)
            if ((p[k] != 0) == any) {
                c->i = any;
                return;
            }
        return;
    }
    switch (dt) {
    case TC_DTYPE_BOOL:
    case TC_DTYPE_U8:
    case TC_DTYPE_I8: LOGICAL_SCAN(uint8_t) break;
    case TC_DTYPE_I16: LOGICAL_SCAN(int16_t) break;
    case TC_DTYPE_I32: LOGICAL_SCAN(int32_t) break;
    case TC_DTYPE_I64: LOGICAL_SCAN(int64_t) break;
    case TC_DTYPE_F32: LOGICAL_SCAN(float) break;
    case TC_DTYPE_F64: LOGICAL_SCAN(double) break;
    default:
        for (int64_t k = 0; k < n; k++)
            if ((tc_load_f64(p + k * s, dt) != 0) == any) {
                c->i = any;
                return;
            }
    }
}

/* Fold n elements at p (byte stride s) into c; 'base' is the index of the first one. */
static void acc_run(acc *c, tc_reduce_op op, tc_dtype dt, const char *p, int64_t s, int64_t n,
                    int64_t base) {
    bool isf = tc_dtype_is_float(dt);
    if ((op == TC_RED_SUM || op == TC_RED_MEAN) && dt == TC_DTYPE_F32 && s == 4) {
        c->f += sum_f32((const float *)p, n);
        return;
    }
    if ((op == TC_RED_SUM || op == TC_RED_MEAN) && dt == TC_DTYPE_F64 && s == 8) {
        c->f += sum_f64((const double *)p, n);
        return;
    }
    if (op == TC_RED_ANY || op == TC_RED_ALL) {
        acc_run_logical(c, op == TC_RED_ANY, dt, p, s, n);
        return;
    }
    if (s == (int64_t)tc_dtype_size(dt) && acc_run_fast(c, op, dt, p, n, base)) return;
    if (op == TC_RED_SUM || op == TC_RED_MEAN) {
        /* the generic loop's order (one double accumulator), without its per-element switch;
         * long strided runs in eight double lanes, which the add latency would otherwise bound
         * (the lanes change the double's last bits, not the float32 result but at a tie) */
        double f = c->f;
        if (dt == TC_DTYPE_F32 && s == 8 && n >= 4096) {
            c->f = sum_f32_every2(f, (const float *)p, n);
            return;
        }
        if ((dt == TC_DTYPE_F32 || dt == TC_DTYPE_F64) && n >= 4096) {
            double l[8] = {0};
            int64_t k = 0;
            if (dt == TC_DTYPE_F32)
                for (; k + 8 <= n; k += 8)
                    for (int j = 0; j < 8; j++) l[j] += (double)*(const float *)(p + (k + j) * s);
            else
                for (; k + 8 <= n; k += 8)
                    for (int j = 0; j < 8; j++) l[j] += *(const double *)(p + (k + j) * s);
            for (int j = 0; j < 8; j++) f += l[j];
            if (dt == TC_DTYPE_F32)
                for (; k < n; k++) f += (double)*(const float *)(p + k * s);
            else
                for (; k < n; k++) f += *(const double *)(p + k * s);
            c->f = f;
            return;
        }
        if (dt == TC_DTYPE_F32) {
            for (int64_t k = 0; k < n; k++) f += (double)*(const float *)(p + k * s);
            c->f = f;
            return;
        }
        if (dt == TC_DTYPE_F64) {
            for (int64_t k = 0; k < n; k++) f += *(const double *)(p + k * s);
            c->f = f;
            return;
        }
        double hs;
        if ((dt == TC_DTYPE_F16 || dt == TC_DTYPE_BF16) && s == 2 && sum_half_fast(dt, p, n, &hs)) {
            c->f = f + hs;
            return;
        }
        if ((dt == TC_DTYPE_F16 || dt == TC_DTYPE_BF16) && s == 2) {
            float buf[256];
            for (int64_t k0 = 0; k0 < n; k0 += 256) {
                int64_t m = n - k0 < 256 ? n - k0 : 256;
                tc__half_to_f32(buf, p + k0 * 2, m, dt);
                f += sum_f32(buf, m);
            }
            c->f = f;
            return;
        }
    }
    for (int64_t k = 0; k < n; k++, p += s) {
        switch (op) {
        case TC_RED_SUM:
        case TC_RED_MEAN:
            if (isf) c->f += tc_load_f64(p, dt); else c->i += tc_load_i64(p, dt);
            break;
        case TC_RED_PROD:
            if (isf) c->f *= tc_load_f64(p, dt); else c->i *= tc_load_i64(p, dt);
            break;
        case TC_RED_MAX:
        case TC_RED_MIN:
        case TC_RED_ARGMAX:
        case TC_RED_ARGMIN: {
            bool mx = op == TC_RED_MAX || op == TC_RED_ARGMAX;
            if (isf) {
                double v = tc_load_f64(p, dt);
                if (!c->has || (c->f == c->f && (v != v || (mx ? v > c->f : v < c->f)))) {
                    c->f = v;
                    c->idx = base + k;
                }
            } else {
                int64_t v = tc_load_i64(p, dt);
                if (!c->has || (mx ? v > c->i : v < c->i)) {
                    c->i = v;
                    c->idx = base + k;
                }
            }
            c->has = true;
            break;
        }
        case TC_RED_ALL: if (tc_load_f64(p, dt) == 0) c->i = 0; break;
        case TC_RED_ANY: if (tc_load_f64(p, dt) != 0) c->i = 1; break;
        default: break;
        }
    }
}

/* Fold partial b (covering later elements) into a. */
static void acc_combine(acc *a, const acc *b, tc_reduce_op op, bool isf) {
    switch (op) {
    case TC_RED_SUM:
    case TC_RED_MEAN: a->f += b->f; a->i += b->i; break;
    case TC_RED_PROD: a->f *= b->f; a->i *= b->i; break;
    case TC_RED_ALL: a->i = a->i && b->i; break;
    case TC_RED_ANY: a->i = a->i || b->i; break;
    default: {
        if (!b->has) break;
        if (!a->has) { *a = *b; break; }
        bool mx = op == TC_RED_MAX || op == TC_RED_ARGMAX;
        if (isf) {
            if (a->f == a->f && (b->f != b->f || (mx ? b->f > a->f : b->f < a->f))) *a = *b;
        } else if (mx ? b->i > a->i : b->i < a->i) {
            *a = *b;
        }
    }
    }
}

typedef struct red_plan {
    tc_reduce_op op;
    tc_dtype dt, out_dt;
    bool isf;
    const char *a;
    const char *b; /* a sum of (a - b)^2 (tc__cpu_sum_sqdiff), else NULL */
    char *o;
    /* kept dims: out element -> offsets */
    int nk;
    int64_t kshape[TC_MAX_DIMS], ka[TC_MAX_DIMS], ko[TC_MAX_DIMS];
    /* reduced dims (a's byte strides), innermost last */
    int nr;
    int64_t rshape[TC_MAX_DIMS], ra[TC_MAX_DIMS];
    int64_t rcount, ocount;
    atomic_int interrupted;
} red_plan;

/* Reduce the reduced-space range [begin, end) of one output element into c. */
static void reduce_span(const red_plan *pl, const char *a, int64_t begin, int64_t end, acc *c) {
    int last = pl->nr - 1;
    int64_t idx[TC_MAX_DIMS], rem = begin;
    for (int d = last; d >= 0; d--) {
        idx[d] = rem % pl->rshape[d];
        rem /= pl->rshape[d];
    }
    int64_t pos = begin;
    while (pos < end) {
        const char *p = a;
        for (int d = 0; d <= last; d++) p += idx[d] * pl->ra[d];
        int64_t n = pl->rshape[last] - idx[last];
        if (n > end - pos) n = end - pos;
        if (n > 65536) n = 65536;
        acc_run(c, pl->op, pl->dt, p, pl->ra[last], n, pos);
        pos += n;
        idx[last] += n;
        for (int d = last; d > 0 && idx[d] >= pl->rshape[d]; d--) {
            idx[d] = 0;
            idx[d - 1]++;
        }
        if (tc_interrupt_pending()) {
            atomic_store((atomic_int *)&pl->interrupted, 1);
            return;
        }
    }
}

static void store_acc(const red_plan *pl, char *o, const acc *c) {
    switch (pl->op) {
    case TC_RED_ARGMAX:
    case TC_RED_ARGMIN: *(int64_t *)o = c->idx; break;
    case TC_RED_MEAN:
        /* as PyTorch: the sum rounded to the output dtype, then divided */
        tc_store_f64(o, pl->out_dt, pl->isf ? c->f : (double)c->i);
        if (pl->out_dt == TC_DTYPE_F32) /* divided in float, as torch's div_ of a float tensor */
            *(float *)o = *(float *)o / (float)pl->rcount;
        else
            tc_store_f64(o, pl->out_dt, tc_load_f64(o, pl->out_dt) / (double)pl->rcount);
        break;
    case TC_RED_ALL:
    case TC_RED_ANY: tc_store_i64(o, pl->out_dt, c->i); break;
    default:
        if (pl->isf) tc_store_f64(o, pl->out_dt, c->f);
        else tc_store_i64(o, pl->out_dt, c->i);
    }
}

static void out_offsets(const red_plan *pl, int64_t i, const char **a, char **o) {
    const char *pa = pl->a;
    char *po = pl->o;
    for (int d = pl->nk - 1; d >= 0; d--) {
        int64_t k = i % pl->kshape[d];
        i /= pl->kshape[d];
        pa += k * pl->ka[d];
        po += k * pl->ko[d];
    }
    *a = pa;
    *o = po;
}

/* Sums PyTorch does on one thread follow its order exactly (see above). */
static bool pt_order(const red_plan *pl) {
    /* over one dim into several outputs PyTorch reduces each output on one thread whatever the
     * size (its threads split the outputs); one output over more than PT_GRAIN elements is a
     * two-pass sum (pt_chunked) */
    if (pl->op != TC_RED_SUM && pl->op != TC_RED_MEAN) return false;
    if (pl->dt != TC_DTYPE_F32 && pl->dt != TC_DTYPE_F64) return false;
    for (int d = 0; d + 1 < pl->nr; d++) /* in PyTorch's order (pt_dim_order) */
        if (llabs(pl->ra[d]) < llabs(pl->ra[pl->nr - 1])) return false;
    return pl->ocount > 1 || pl->rcount <= PT_GRAIN;
}

/* How PyTorch's sum loop (cascade_sum in SumKernel.cpp) treats output i. Its iterator puts
 * the reduced dim first and, second, the kept dim with the smallest output stride; a
 * contiguous reduced run of at least a vector is summed with vectors (PT_VEC); otherwise, when
 * that kept dim is contiguous and holds a vector, its columns go through the level cascade in
 * groups of 4 vectors and the rest through row_sum; otherwise a reduced stride smaller than
 * the kept one means row_sum for every output, and a larger one the cascade in groups of four
 * columns with row_sum for the remainder. */
enum { PT_VEC, PT_COLUMN, PT_ROW };

static int pt_method(const red_plan *pl, int64_t i) {
    int64_t es = (int64_t)tc_dtype_size(pl->dt), lanes = pl->dt == TC_DTYPE_F32 ? 8 : 4;
    int64_t sr = pl->ra[pl->nr - 1], n = pl->rshape[pl->nr - 1];
    if (sr == es && n >= lanes) return PT_VEC;
    int c = -1;
    for (int k = 0; k < pl->nk; k++)
        if (c < 0 || llabs(pl->ko[k]) < llabs(pl->ko[c])) c = k;
    int64_t size1 = 1, s1 = 0, j = 0;
    if (c >= 0) {
        int64_t below = 1;
        for (int k = c + 1; k < pl->nk; k++) below *= pl->kshape[k];
        size1 = pl->kshape[c];
        s1 = pl->ka[c];
        j = i / below % size1;
    }
    if (s1 == es && size1 >= lanes) return j < size1 / (4 * lanes) * 4 * lanes ? PT_COLUMN : PT_ROW;
    if (sr < s1) return PT_ROW;
    return j < size1 / 4 * 4 ? PT_COLUMN : PT_ROW;
}

/* One output in PyTorch's order. Over several reduced dims (in its order: smallest input
 * stride innermost) its loop adds each innermost run's sum into the output in turn. */
static double pt_one(const red_plan *pl, const char *a, int64_t i) {
    bool rs = pt_method(pl, i) == PT_ROW;
    int last = pl->nr - 1;
    int64_t runs = pl->rcount / pl->rshape[last], idx[TC_MAX_DIMS] = {0};
    /* PyTorch adds into a zero-filled output (so -0.0 becomes 0.0) */
    float vf = 0.0f;
    double vd = 0.0;
    for (int64_t r = 0; r < runs; r++) {
        const char *p = a;
        for (int d = 0; d < last; d++) p += idx[d] * pl->ra[d];
        if (pl->dt == TC_DTYPE_F32) vf += pt_sum_f32(p, pl->ra[last], pl->rshape[last], rs);
        else vd += pt_sum_f64(p, pl->ra[last], pl->rshape[last], rs);
        for (int d = last - 1; d >= 0 && ++idx[d] == pl->rshape[d]; d--) idx[d] = 0;
    }
    return pl->dt == TC_DTYPE_F32 ? (double)vf : vd;
}

/* ---- sums over an outer dim in PyTorch's order -------------------------------------------
 * PyTorch runs the level cascade over 4 x lanes neighbouring columns per pass; each column's
 * result is the one it gets alone (the lanes are independent), so a block of PT_COL_BLOCK
 * columns is summed in one pass, reading each row's 4 KB (float32) once, in order, instead of
 * walking every row 128 bytes at a time. The trailing columns PyTorch gives to row_sum one by
 * one. */

#define PT_COL_BLOCK 1024

/* Run fn over [0, n) as one contiguous range per thread (at least 'grain' items each), the way
 * PyTorch's parallel_for splits a reduction. A reduction streams memory: two threads each
 * reading one half keep up with the memory, while small pieces handed out in turn leave a
 * thread idle at the end for up to a piece. A range no helper has claimed is the caller's, so
 * a core busy elsewhere does not hold the reduction up unless it claimed one. */
typedef struct split_job {
    tc__range_fn fn;
    void *ctx;
    int64_t n, per;
} split_job;

static void split_part(void *vj, int64_t begin, int64_t end) {
    split_job *j = vj;
    for (int64_t t = begin; t < end; t++) {
        int64_t lo = t * j->per, hi = lo + j->per < j->n ? lo + j->per : j->n;
        if (lo < hi) j->fn(j->ctx, lo, hi);
    }
}

static void parallel_split(int64_t n, int64_t grain, tc__range_fn fn, void *ctx) {
    int64_t parts = tc__cpu_threads();
    if (grain < 1) grain = 1;
    if (parts > n / grain) parts = n / grain;
    if (parts < 2) {
        if (n > 0) fn(ctx, 0, n);
        return;
    }
    split_job j = {fn, ctx, n, (n + parts - 1) / parts};
    tc__parallel_for(parts, 1, split_part, &j);
}

/* Blocks of neighbouring outputs along the contiguous innermost kept dim, for the outer
 * reductions (here and reduce_outer below): outputs [inner], cut into nblocks of 'block'. */
typedef struct outer_job {
    red_plan *pl;
    int64_t inner, block, nblocks;
} outer_job;

/* Run fn over every (outer index, block) item of pl's outputs, on the threads. */
static void run_outer_blocks(red_plan *pl, int64_t block, tc__range_fn fn) {
    outer_job j = {pl, pl->kshape[pl->nk - 1], block, 0};
    j.nblocks = (j.inner + block - 1) / block;
    int64_t items = pl->ocount / j.inner * j.nblocks;
    int64_t per_item = pl->rcount * (j.inner < block ? j.inner : block);
    parallel_split(items, per_item >= 16384 ? 1 : 16384 / per_item + 1, fn, &j);
}

/* The level cascade of PT_MULTI_ROW_SUM for one column (rows = w = 1), done for n neighbouring
 * columns at once: the input is read row by row, n columns wide, while each column's partial
 * sums (PT_LEVELS x n in acc) stay in the cache. Every column gets exactly the additions it
 * gets alone, in the same order, so the same bits; out receives the n sums. A full step of rows
 * is summed G columns at a time in registers (level 0 starts each step at zero), then promoted. */
#define PT_COLS(T, NAME, G)                                                                      \
    static inline __attribute__((always_inline)) void NAME##_step(                              \
        const char *in, int64_t rs, int64_t step, int64_t w, T *restrict acc1) {                \
        T r[G] = {0};                                                                           \
        for (int64_t j = 0; j < step; j++) {                                                    \
            const T *restrict x = (const T *)(in + j * rs);                                     \
            for (int64_t q = 0; q < w; q++) r[q] += x[q];                                       \
        }                                                                                       \
        for (int64_t q = 0; q < w; q++) acc1[q] += r[q];                                        \
    }                                                                                           \
    __attribute__((target_clones("avx2", "default")))                                          \
    static void NAME(const char *in, int64_t rs, int64_t size, int64_t n, T *restrict acc,     \
                     T *restrict out) {                                                         \
        int64_t lp = pt_ceil_log2(size) / PT_LEVELS;                                            \
        if (lp < 4) lp = 4;                                                                     \
        const int64_t step = (int64_t)1 << lp, mask = step - 1;                                 \
        memset(acc, 0, sizeof(T) * PT_LEVELS * (size_t)n);                                      \
        int64_t i = 0;                                                                          \
        for (; i + step <= size; i += step) {                                                   \
            const char *p = in + i * rs;                                                        \
            int64_t l = 0;                                                                      \
            for (; l + G <= n; l += G) NAME##_step(p + l * (int64_t)sizeof(T), rs, step, G, acc + n + l); \
            if (l < n) NAME##_step(p + l * (int64_t)sizeof(T), rs, step, n - l, acc + n + l);   \
            for (int j = 2; j < PT_LEVELS; ++j) {                                               \
                if (((i + step) & (mask << ((j - 1) * lp))) != 0) break;                        \
                T *restrict lo = acc + (j - 1) * n, *restrict hi = acc + j * n;                 \
                for (int64_t q = 0; q < n; q++) {                                               \
                    hi[q] += lo[q];                                                             \
                    lo[q] = 0;                                                                  \
                }                                                                               \
            }                                                                                   \
        }                                                                                       \
        for (; i < size; ++i) {                                                                 \
            const T *restrict x = (const T *)(in + i * rs);                                     \
            for (int64_t q = 0; q < n; q++) acc[q] += x[q];                                     \
        }                                                                                       \
        for (int j = 1; j < PT_LEVELS; ++j)                                                     \
            for (int64_t q = 0; q < n; q++) acc[q] += acc[j * n + q];                           \
        for (int64_t q = 0; q < n; q++) out[q] = acc[q];                                        \
    }
PT_COLS(float, pt_cols_f32, 32)
PT_COLS(double, pt_cols_f64, 16)

/* Columns [c0, c1) of one block: the ones PyTorch sums with the level cascade together
 * (pt_cols), the trailing ones it gives to row_sum one by one. */
#define PT_OUTER_COLS(T, NAME, COLS, SUM)                                                       \
    static void NAME(const red_plan *pl, const char *a, char *o, int64_t c0, int64_t c1) {      \
        const int64_t es = (int64_t)sizeof(T), so = pl->ko[pl->nk - 1];                         \
        T part[PT_LEVELS * PT_COL_BLOCK], v[PT_COL_BLOCK];                                      \
        int64_t e = c0;                                                                         \
        while (e < c1 && pt_method(pl, e) != PT_ROW) e++;                                       \
        if (e > c0) COLS(a, pl->ra[0], pl->rcount, e - c0, part, v);                            \
        for (int64_t c = e; c < c1; c++) v[c - c0] = SUM(a + (c - c0) * es, pl->ra[0], pl->rcount, true); \
        for (int64_t c = c0; c < c1; c++) {                                                     \
            acc r;                                                                              \
            acc_init(&r, pl->op, true);                                                         \
            r.f = (double)((T)0 + v[c - c0]);                                                   \
            store_acc(pl, o + (c - c0) * so, &r);                                               \
        }                                                                                       \
    }
PT_OUTER_COLS(float, pt_outer_f32, pt_cols_f32, pt_sum_f32)
PT_OUTER_COLS(double, pt_outer_f64, pt_cols_f64, pt_sum_f64)

static void pt_outer_part(void *vj, int64_t begin, int64_t end) {
    outer_job *j = vj;
    const red_plan *pl = j->pl;
    for (int64_t t = begin; t < end && !atomic_load(&pl->interrupted); t++) {
        int64_t outer = t / j->nblocks, c0 = t % j->nblocks * j->block;
        int64_t c1 = c0 + j->block < j->inner ? c0 + j->block : j->inner;
        const char *a;
        char *o;
        out_offsets(pl, outer * j->inner + c0, &a, &o);
        if (pl->dt == TC_DTYPE_F32) pt_outer_f32(pl, a, o, c0, c1);
        else pt_outer_f64(pl, a, o, c0, c1);
        if (tc_interrupt_pending()) atomic_store((atomic_int *)&pl->interrupted, 1);
    }
}

/* A sum in PyTorch's order whose reduced dim is not the contiguous one, while the innermost
 * kept dim is. */
static bool pt_outer_ok(const red_plan *pl) {
    int64_t es = (int64_t)tc_dtype_size(pl->dt);
    if (!pt_order(pl) || pl->nr != 1 || pl->nk < 1 || pl->ka[pl->nk - 1] != es ||
        pl->ra[0] == es || pl->kshape[pl->nk - 1] < 2)
        return false;
    /* the columns are the kept dim PyTorch's loop takes second: the smallest output stride */
    for (int k = 0; k < pl->nk - 1; k++)
        if (llabs(pl->ko[k]) <= llabs(pl->ko[pl->nk - 1])) return false;
    return true;
}

/* Blocks of PT_COL_BLOCK columns, narrower (down to 64) where there would be fewer blocks than
 * threads: a column's bits do not depend on the block it is summed in. */
static void reduce_pt_outer(red_plan *pl) {
    int64_t inner = pl->kshape[pl->nk - 1], outer = pl->ocount / inner, block = PT_COL_BLOCK;
    while (block > 64 && outer * ((inner + block - 1) / block) < tc__cpu_threads()) block /= 2;
    run_outer_blocks(pl, block, pt_outer_part);
}

/* A float product PyTorch does in the input's type, which it walks in its iterator's order
 * (pt_dim_order): each innermost run into the running product, a contiguous one in its vector
 * order (pt_prod_f32), a strided one element by element (its scalar loop, and its outer
 * reduction's columns, one run each). Over one reduced dim, or into one output; a one-output
 * product of more than PT_GRAIN elements is split as its sums are (pt_chunked). */
static bool pt_prod(const red_plan *pl) {
    return pl->op == TC_RED_PROD && (pl->dt == TC_DTYPE_F32 || pl->dt == TC_DTYPE_F64) &&
           (pl->nr == 1 || pl->ocount == 1);
}

/* The product of the reduced elements [lo, hi) of the output at a, from one. */
static double pt_prod_span(const red_plan *pl, const char *a, int64_t lo, int64_t hi) {
    int last = pl->nr - 1;
    int64_t idx[TC_MAX_DIMS], rem = lo, s = pl->ra[last];
    for (int d = last; d >= 0; d--) {
        idx[d] = rem % pl->rshape[d];
        rem /= pl->rshape[d];
    }
    float vf = 1.0f;
    double vd = 1.0;
    for (int64_t pos = lo; pos < hi;) {
        const char *p = a;
        for (int d = 0; d <= last; d++) p += idx[d] * pl->ra[d];
        int64_t n = pl->rshape[last] - idx[last];
        if (n > hi - pos) n = hi - pos;
        if (pl->dt == TC_DTYPE_F32 && s == 4) vf = pt_prod_f32((const float *)p, n, vf);
        else if (pl->dt == TC_DTYPE_F32)
            for (int64_t k = 0; k < n; k++) vf *= *(const float *)(p + k * s);
        else if (s == 8) vd = pt_prod_f64((const double *)p, n, vd);
        else
            for (int64_t k = 0; k < n; k++) vd *= *(const double *)(p + k * s);
        pos += n;
        idx[last] += n;
        for (int d = last; d > 0 && idx[d] >= pl->rshape[d]; d--) {
            idx[d] = 0;
            idx[d - 1]++;
        }
    }
    return pl->dt == TC_DTYPE_F32 ? (double)vf : vd;
}

static void reduce_outs(void *vpl, int64_t begin, int64_t end) {
    red_plan *pl = vpl;
    bool pt = pt_order(pl), ptp = pt_prod(pl);
    for (int64_t i = begin; i < end && !atomic_load(&pl->interrupted); i++) {
        const char *a;
        char *o;
        out_offsets(pl, i, &a, &o);
        acc c;
        acc_init(&c, pl->op, pl->isf);
        if (pt || ptp) {
            c.f = pt ? pt_one(pl, a, i) : pt_prod_span(pl, a, 0, pl->rcount);
            store_acc(pl, o, &c);
            continue;
        }
        reduce_span(pl, a, 0, pl->rcount, &c);
        store_acc(pl, o, &c);
    }
}

/* ---- reductions over outer dims ------------------------------------------------------------
 * When the innermost kept dim is contiguous and every reduced dim lies outside it, a block of
 * neighbouring outputs is reduced together: each reduced step adds a whole contiguous row
 * into per-output accumulators, which vectorises and reads memory in order. Every output
 * still sees its elements in the same order as the one-output loop, so results match it. */

#define OUTER_BLOCK 512


#define OUTER_ROWS(T, NAME)                                                                 \
    static void NAME(tc_reduce_op op, const char *row, int64_t r, int64_t w, double *restrict f, \
                     int64_t *restrict ix, int64_t *restrict iv) {                          \
        const T *x = (const T *)row;                                                        \
        switch (op) {                                                                       \
        case TC_RED_SUM:                                                                    \
        case TC_RED_MEAN:                                                                   \
            if (T_ISF) for (int64_t j = 0; j < w; j++) f[j] += (double)x[j];                \
            else for (int64_t j = 0; j < w; j++) iv[j] += (int64_t)x[j];                    \
            break;                                                                          \
        case TC_RED_PROD:                                                                   \
            if (T_ISF) for (int64_t j = 0; j < w; j++) f[j] = (double)((T)f[j] * x[j]);     \
            else for (int64_t j = 0; j < w; j++) iv[j] *= (int64_t)x[j];                    \
            break;                                                                          \
        case TC_RED_MAX:                                                                    \
        case TC_RED_ARGMAX:                                                                 \
            if (T_ISF)                                                                      \
                for (int64_t j = 0; j < w; j++) {                                           \
                    double v = (double)x[j], c = f[j];                                      \
                    bool take = (c == c) & ((v != v) | (v > c));                            \
                    f[j] = take ? v : c;                                                    \
                    ix[j] = take ? r : ix[j];                                               \
                }                                                                           \
            else                                                                            \
                for (int64_t j = 0; j < w; j++) {                                           \
                    int64_t v = (int64_t)x[j];                                              \
                    bool take = v > iv[j];                                                  \
                    iv[j] = take ? v : iv[j];                                               \
                    ix[j] = take ? r : ix[j];                                               \
                }                                                                           \
            break;                                                                          \
        case TC_RED_MIN:                                                                    \
        case TC_RED_ARGMIN:                                                                 \
            if (T_ISF)                                                                      \
                for (int64_t j = 0; j < w; j++) {                                           \
                    double v = (double)x[j], c = f[j];                                      \
                    bool take = (c == c) & ((v != v) | (v < c));                            \
                    f[j] = take ? v : c;                                                    \
                    ix[j] = take ? r : ix[j];                                               \
                }                                                                           \
            else                                                                            \
                for (int64_t j = 0; j < w; j++) {                                           \
                    int64_t v = (int64_t)x[j];                                              \
                    bool take = v < iv[j];                                                  \
                    iv[j] = take ? v : iv[j];                                               \
                    ix[j] = take ? r : ix[j];                                               \
                }                                                                           \
            break;                                                                          \
        default: break;                                                                     \
        }                                                                                   \
    }

#define T_ISF 1
__attribute__((target_clones("avx2", "default"))) OUTER_ROWS(float, outer_rows_f32)
__attribute__((target_clones("avx2", "default"))) OUTER_ROWS(double, outer_rows_f64)
#undef T_ISF
#define T_ISF 0
__attribute__((target_clones("avx2", "default"))) OUTER_ROWS(int32_t, outer_rows_i32)
__attribute__((target_clones("avx2", "default"))) OUTER_ROWS(int64_t, outer_rows_i64)
#undef T_ISF

/* Float sums over outer dims add eight rows per pass over a block's accumulators (each output
 * still adds its elements in row order), so the accumulators are loaded and stored an eighth
 * as often. */
#define OUTER_SUM8(T, NAME)                                                                  \
    __attribute__((target_clones("avx2", "default"))) static void NAME(                     \
        const char *const *rows, int64_t w, double *restrict f) {                           \
        const T *restrict x0 = (const T *)rows[0], *restrict x1 = (const T *)rows[1];       \
        const T *restrict x2 = (const T *)rows[2], *restrict x3 = (const T *)rows[3];       \
        const T *restrict x4 = (const T *)rows[4], *restrict x5 = (const T *)rows[5];       \
        const T *restrict x6 = (const T *)rows[6], *restrict x7 = (const T *)rows[7];       \
        for (int64_t j = 0; j < w; j++)                                                     \
            f[j] = f[j] + (double)x0[j] + (double)x1[j] + (double)x2[j] + (double)x3[j] +   \
                   (double)x4[j] + (double)x5[j] + (double)x6[j] + (double)x7[j];           \
    }
OUTER_SUM8(float, outer_sum8_f32)
OUTER_SUM8(double, outer_sum8_f64)

static bool outer_ok(const red_plan *pl) {
    int64_t es = (int64_t)tc_dtype_size(pl->dt);
    if (pl->nk == 0 || pl->ka[pl->nk - 1] != es || pt_order(pl) || pl->rcount < 2) return false;
    if (pl->dt != TC_DTYPE_F32 && pl->dt != TC_DTYPE_F64 && pl->dt != TC_DTYPE_I32 &&
        pl->dt != TC_DTYPE_I64)
        return false;
    if (pl->op == TC_RED_ALL || pl->op == TC_RED_ANY) return false;
    /* a reduced dim that is contiguous takes the one-output path (its sums use lanes) */
    for (int d = 0; d < pl->nr; d++)
        if (pl->ra[d] == es || pl->ra[d] == 0) return false;
    return true;
}

static void outer_blocks(void *vj, int64_t begin, int64_t end) {
    outer_job *j = vj;
    red_plan *pl = j->pl;
    int64_t es = (int64_t)tc_dtype_size(pl->dt);
    double f[OUTER_BLOCK];
    int64_t ix[OUTER_BLOCK], iv[OUTER_BLOCK];
    bool isf = pl->isf, ext = pl->op == TC_RED_MAX || pl->op == TC_RED_MIN ||
                             pl->op == TC_RED_ARGMAX || pl->op == TC_RED_ARGMIN;
    int last = pl->nr - 1;
    bool sum8 = (pl->op == TC_RED_SUM || pl->op == TC_RED_MEAN) &&
                (pl->dt == TC_DTYPE_F32 || pl->dt == TC_DTYPE_F64);
    for (int64_t b = begin; b < end && !atomic_load(&pl->interrupted); b++) {
        /* the outer kept index, then this block's first output */
        int64_t ob = b / j->nblocks, j0 = (b % j->nblocks) * j->block;
        int64_t w = j->inner - j0 < j->block ? j->inner - j0 : j->block;
        const char *a;
        char *o;
        out_offsets(pl, ob * j->inner + j0, &a, &o);
        int64_t idx[TC_MAX_DIMS] = {0};
        const char *row = a;
        /* next reduced index, row-major as the one-output loop walks it */
#define NEXT_ROW()                                                                           \
    do {                                                                                     \
        row += pl->ra[last];                                                                 \
        idx[last]++;                                                                         \
        for (int d = last; d > 0 && idx[d] >= pl->rshape[d]; d--) {                          \
            row -= idx[d] * pl->ra[d];                                                       \
            idx[d] = 0;                                                                      \
            idx[d - 1]++;                                                                    \
            row += pl->ra[d - 1];                                                            \
        }                                                                                    \
    } while (0)
        int64_t r = 0;
        if (sum8) {
            for (int64_t k = 0; k < w; k++) f[k] = 0.0;
            for (; r + 8 <= pl->rcount; r += 8) {
                const char *rows[8];
                for (int q = 0; q < 8; q++) {
                    rows[q] = row;
                    NEXT_ROW();
                }
                if (pl->dt == TC_DTYPE_F32) outer_sum8_f32(rows, w, f);
                else outer_sum8_f64(rows, w, f);
            }
        }
        for (; r < pl->rcount; r++) {
            if (r == 0 && ext) {
                for (int64_t k = 0; k < w; k++) {
                    if (isf) f[k] = tc_load_f64(row + k * es, pl->dt);
                    else iv[k] = tc_load_i64(row + k * es, pl->dt);
                    ix[k] = 0;
                }
            } else {
                if (r == 0)
                    for (int64_t k = 0; k < w; k++) {
                        f[k] = pl->op == TC_RED_PROD ? 1.0 : 0.0;
                        iv[k] = pl->op == TC_RED_PROD ? 1 : 0;
                    }
                switch (pl->dt) {
                case TC_DTYPE_F32: outer_rows_f32(pl->op, row, r, w, f, ix, iv); break;
                case TC_DTYPE_F64: outer_rows_f64(pl->op, row, r, w, f, ix, iv); break;
                case TC_DTYPE_I32: outer_rows_i32(pl->op, row, r, w, f, ix, iv); break;
                default: outer_rows_i64(pl->op, row, r, w, f, ix, iv); break;
                }
            }
            NEXT_ROW();
        }
#undef NEXT_ROW
        int64_t so = pl->ko[pl->nk - 1];
        for (int64_t k = 0; k < w; k++) {
            acc c;
            c.f = f[k];
            c.i = iv[k];
            c.idx = ix[k];
            c.has = true;
            store_acc(pl, o + k * so, &c);
        }
        if (tc_interrupt_pending()) atomic_store(&pl->interrupted, 1);
    }
}

static void reduce_outer(red_plan *pl) { run_outer_blocks(pl, OUTER_BLOCK, outer_blocks); }

typedef struct span_job {
    red_plan *pl;
    const char *a;
    acc parts[64];
    int64_t per;
} span_job;

static void reduce_part(void *vj, int64_t begin, int64_t end) {
    span_job *j = vj;
    for (int64_t t = begin; t < end; t++) {
        int64_t lo = t * j->per, hi = lo + j->per < j->pl->rcount ? lo + j->per : j->pl->rcount;
        acc_init(&j->parts[t], j->pl->op, j->pl->isf);
        if (lo < hi) reduce_span(j->pl, j->a, lo, hi, &j->parts[t]);
    }
}

/* ---- large float sums and products in PyTorch's order -------------------------------------
 * A float sum of more than PT_GRAIN contiguous elements into one output is split by PyTorch's
 * two-pass reduction: the range is cut into min(threads, ceil(n / PT_GRAIN)) equal pieces (the
 * last shorter), each piece is summed with the cascade into a zero-filled slot of a buffer
 * holding one slot per thread, and the buffer is then summed with the same cascade. With the
 * thread count PyTorch would use on this machine (one per core), .item() shows its digits.
 * A product goes the same way, with slots of one and pt_prod_f32's order. */

typedef struct pt_chunk_job {
    const red_plan *pl;
    int64_t per;
    union { float f[64]; double d[64]; } part;
} pt_chunk_job;

/* The sum of the contiguous elements [lo, lo + n) of one output (of the squared differences
 * when pl->b is set) added into a zero-filled slot, in the output's type. */
static double pt_piece(const red_plan *pl, int64_t lo, int64_t n) {
    int64_t es = (int64_t)tc_dtype_size(pl->dt);
    const char *p = pl->a + lo * es, *q = pl->b ? pl->b + lo * es : NULL;
    if (pl->dt == TC_DTYPE_F32) return 0.0f + (q ? pt_sqd_f32(p, q, n) : pt_sum_f32(p, es, n, false));
    return 0.0 + (q ? pt_sqd_f64(p, q, n) : pt_sum_f64(p, es, n, false));
}

static void pt_chunk_part(void *vj, int64_t begin, int64_t end) {
    pt_chunk_job *j = vj;
    const red_plan *pl = j->pl;
    bool prod = pl->op == TC_RED_PROD;
    for (int64_t t = begin; t < end; t++) {
        int64_t lo = t * j->per, n = pl->rcount - lo < j->per ? pl->rcount - lo : j->per;
        if (pl->dt == TC_DTYPE_F32)
            j->part.f[t] = prod ? (float)pt_prod_span(pl, pl->a, lo, lo + n) : (float)pt_piece(pl, lo, n);
        else
            j->part.d[t] = prod ? pt_prod_span(pl, pl->a, lo, lo + n) : pt_piece(pl, lo, n);
    }
}

static bool pt_chunked(const red_plan *pl) {
    if (pl->ocount != 1 || pl->rcount <= PT_GRAIN || tc__cpu_threads() > 64) return false;
    if (pt_prod(pl)) return true;
    return (pl->op == TC_RED_SUM || pl->op == TC_RED_MEAN) && pl->nr == 1 &&
           (pl->dt == TC_DTYPE_F32 || pl->dt == TC_DTYPE_F64) &&
           pl->ra[0] == (int64_t)tc_dtype_size(pl->dt);
}

static void reduce_pt_chunked(red_plan *pl) {
    pt_chunk_job j;
    memset(&j, 0, sizeof j);
    j.pl = pl;
    int64_t threads = tc__cpu_threads(), pieces = (pl->rcount + PT_GRAIN - 1) / PT_GRAIN;
    if (pieces > threads) pieces = threads;
    j.per = (pl->rcount + pieces - 1) / pieces;
    /* the slots hold the identity: zero for sums, one for products (the threads PyTorch
     * would start beyond the pieces leave theirs so) */
    if (pl->op == TC_RED_PROD)
        for (int64_t t = 0; t < threads; t++) {
            if (pl->dt == TC_DTYPE_F32) j.part.f[t] = 1.0f;
            else j.part.d[t] = 1.0;
        }
    tc__parallel_for(pieces, 1, pt_chunk_part, &j);
    acc c;
    acc_init(&c, pl->op, pl->isf);
    if (pl->op == TC_RED_PROD)
        c.f = pl->dt == TC_DTYPE_F32 ? (double)pt_prod_f32(j.part.f, threads, 1.0f)
                                     : pt_prod_f64(j.part.d, threads, 1.0);
    else if (pl->dt == TC_DTYPE_F32)
        c.f = (double)(0.0f + pt_sum_f32((const char *)j.part.f, 4, threads, false));
    else
        c.f = 0.0 + pt_sum_f64((const char *)j.part.d, 8, threads, false);
    store_acc(pl, pl->o, &c);
}

int tc__cpu_sum_sqdiff(const void *a, const void *b, bool f64, int64_t n, bool mean, void *out) {
#if defined(__x86_64__)
    if (n <= 0 || !have_avx2()) return -1;
    red_plan pl;
    memset(&pl, 0, sizeof pl);
    pl.op = mean ? TC_RED_MEAN : TC_RED_SUM;
    pl.dt = pl.out_dt = f64 ? TC_DTYPE_F64 : TC_DTYPE_F32;
    pl.isf = true;
    pl.a = a;
    pl.b = b;
    pl.o = out;
    pl.nr = 1;
    pl.rshape[0] = pl.rcount = n;
    pl.ra[0] = f64 ? 8 : 4;
    pl.ocount = 1;
    atomic_init(&pl.interrupted, 0);
    if (pt_chunked(&pl)) {
        reduce_pt_chunked(&pl);
    } else if (n > PT_GRAIN) { /* more threads than slots: tc__cpu_reduce's other order */
        return -1;
    } else {
        acc c;
        acc_init(&c, pl.op, true);
        c.f = pt_piece(&pl, 0, n);
        store_acc(&pl, out, &c);
    }
    return 0;
#else
    (void)a, (void)b, (void)f64, (void)n, (void)mean, (void)out;
    return -1;
#endif
}

/* One output element over a large reduced space: partials per piece, combined in order (64
 * pieces whatever the thread count, so a float sum's bits do not depend on it), each thread
 * taking a contiguous run of pieces. */
static void reduce_one_parallel(red_plan *pl) {
    span_job j = {pl, NULL, {{0}}, 0};
    char *o;
    out_offsets(pl, 0, &j.a, &o);
    int pieces = 64;
    j.per = (pl->rcount + pieces - 1) / pieces;
    parallel_split(pieces, 1, reduce_part, &j);
    acc c = j.parts[0];
    for (int t = 1; t < pieces; t++) acc_combine(&c, &j.parts[t], pl->op, pl->isf);
    store_acc(pl, o, &c);
}

static void plan_dims(red_plan *pl, const tc_kview *out, const tc_kview *a) {
    size_t ea = tc_dtype_size(a->dtype), eo = tc_dtype_size(out->dtype);
    pl->nk = pl->nr = 0;
    pl->rcount = pl->ocount = 1;
    for (int d = 0; d < a->ndim; d++) {
        int64_t n = a->shape[d];
        if (n == 1) continue;
        if (out->shape[d] == 1) {
            int r = pl->nr;
            if (r > 0 && pl->ra[r - 1] == a->strides[d] * (int64_t)ea * n) {
                pl->rshape[r - 1] *= n;
                pl->ra[r - 1] = a->strides[d] * (int64_t)ea;
            } else {
                pl->rshape[r] = n;
                pl->ra[r] = a->strides[d] * (int64_t)ea;
                pl->nr++;
            }
            pl->rcount *= n;
        } else {
            int k = pl->nk;
            int64_t sa = a->strides[d] * (int64_t)ea, so = out->strides[d] * (int64_t)eo;
            if (k > 0 && pl->ka[k - 1] == sa * n && pl->ko[k - 1] == so * n) {
                /* kept dims laid out as one (PyTorch's iterator coalesces them too, which
                 * decides the columns its outer sums give to row_sum) */
                pl->kshape[k - 1] *= n;
                pl->ka[k - 1] = sa;
                pl->ko[k - 1] = so;
            } else {
                pl->kshape[k] = n;
                pl->ka[k] = sa;
                pl->ko[k] = so;
                pl->nk++;
            }
            pl->ocount *= n;
        }
    }
    if (pl->nr == 0) {
        pl->nr = 1;
        pl->rshape[0] = 1;
        pl->ra[0] = 0;
    }
}

/* Float sums follow PyTorch's iteration order, which its iterator sorts: reduced dims by input
 * stride, kept dims by output stride (the smallest innermost). The views are permuted so
 * (plan_dims keeps the order within each group; element order matters to no other
 * reduction's result but argmax's index, which keeps the logical order). */
static void pt_dim_order(tc_kview *out, tc_kview *a) {
    int nd = a->ndim, perm[TC_MAX_DIMS];
    for (int d = 0; d < nd; d++) perm[d] = d;
    for (int i = 1; i < nd; i++) /* stable insertion sort: larger strides first in each group */
        for (int j = i; j > 0; j--) {
            int x = perm[j - 1], y = perm[j];
            bool xr = out->shape[x] == 1, yr = out->shape[y] == 1;
            int64_t kx = xr ? llabs(a->strides[x]) : llabs(out->strides[x]);
            int64_t ky = yr ? llabs(a->strides[y]) : llabs(out->strides[y]);
            if (xr == yr ? kx >= ky : yr) break; /* kept dims first, then reduced */
            perm[j - 1] = y;
            perm[j] = x;
        }
    tc_kview o2 = *out, a2 = *a;
    for (int d = 0; d < nd; d++) {
        o2.shape[d] = out->shape[perm[d]];
        o2.strides[d] = out->strides[perm[d]];
        a2.shape[d] = a->shape[perm[d]];
        a2.strides[d] = a->strides[perm[d]];
    }
    *out = o2;
    *a = a2;
}

/* The CPU backend's reduce slot (see backend.h). */
int tc__cpu_reduce(void *ctx, tc_reduce_op op, const tc_kview *out, const tc_kview *a,
                   tc_error *err) {
    red_plan pl;
    pl.op = op;
    pl.dt = a->dtype;
    pl.out_dt = out->dtype;
    pl.isf = tc_dtype_is_float(a->dtype);
    pl.a = a->data;
    pl.b = NULL;
    pl.o = out->data;
    atomic_init(&pl.interrupted, 0);
    tc_kview po, pa;
    bool one_out = true;
    for (int d = 0; d < out->ndim; d++) one_out &= out->shape[d] == 1;
    if ((op == TC_RED_SUM || op == TC_RED_MEAN || (op == TC_RED_PROD && one_out)) &&
        (a->dtype == TC_DTYPE_F32 || a->dtype == TC_DTYPE_F64)) {
        po = *out;
        pa = *a;
        pt_dim_order(&po, &pa);
        out = &po;
        a = &pa;
    }
    plan_dims(&pl, out, a);
    for (int d = 0; d < a->ndim; d++)
        if (a->shape[d] == 0) pl.rcount = out->shape[d] == 1 ? 0 : pl.rcount;
    if (pl.ocount == 0) return 0;
    for (int d = 0; d < a->ndim; d++)
        if (a->shape[d] == 0 && out->shape[d] == 0) return 0;
    if (pl.rcount == 0) {
        /* empty reduction: identity values (core rejects max/min/arg*) */
        acc c;
        acc_init(&c, op, pl.isf);
        if (op == TC_RED_MEAN) c.f = NAN, pl.rcount = 1;
        for (int64_t i = 0; i < pl.ocount; i++) {
            const char *pa;
            char *po;
            out_offsets(&pl, i, &pa, &po);
            store_acc(&pl, po, &c);
        }
        return 0;
    }
    if (pt_chunked(&pl)) reduce_pt_chunked(&pl);
    else if (pt_outer_ok(&pl)) reduce_pt_outer(&pl);
    else if (pl.ocount == 1 && pl.rcount >= (1 << 18)) reduce_one_parallel(&pl);
    else if (outer_ok(&pl)) reduce_outer(&pl);
    else parallel_split(pl.ocount, pl.rcount >= 4096 ? 1 : ((1 << 16) / pl.rcount + 1), reduce_outs, &pl);
    if (atomic_load(&pl.interrupted) || tc_interrupt_pending()) return tc_interrupt_check(err);
    return 0;
}

/* ---- variance: ATen's two algorithms ----------------------------------------------------------
 * A reduction to one value sums (x - mean)^2 in double (float64: element after element) over
 * as many equal pieces as there are threads (std_var_all_cpu under parallel_reduce); every other one
 * runs Welford's update in double per output, over its elements in order (WelfordOps).
 * Products are rounded before they are added, as ATen's kernels do (measured: no fused
 * multiply-adds), so float64 results agree to the bit. */

#define VAR_GRAIN 32768 /* at::internal::GRAIN_SIZE */
#define VAR_MAX_PIECES 64

typedef struct dx2_ctx {
    const void *x;
    bool f64;
    double mean;
    int64_t n, piece;
    double part[VAR_MAX_PIECES];
} dx2_ctx;

/* float64: one running sum, as ATen's loop; float32: eight, since the double sum is rounded
 * to float at the end and its last bits cannot reach the result (short of a tie). */
__attribute__((target_clones("avx2", "default"))) static double dx2_double(const double *x, int64_t n,
                                                                          double mean) {
    double s = 0;
    for (int64_t i = 0; i < n; i++) {
        double d = x[i] - mean;
        s = s + d * d;
    }
    return s;
}

__attribute__((target_clones("avx2", "default"))) static double dx2_float(const float *x, int64_t n,
                                                                         double mean) {
    double l[8] = {0};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; j++) {
            double d = (double)x[i + j] - mean;
            l[j] = l[j] + d * d;
        }
    double s = 0;
    for (; i < n; i++) {
        double d = (double)x[i] - mean;
        s = s + d * d;
    }
    for (int j = 0; j < 8; j++) s += l[j];
    return s;
}

static void dx2_pieces(void *p, int64_t b, int64_t e) {
    dx2_ctx *c = p;
    for (int64_t k = b; k < e; k++) {
        int64_t lo = k * c->piece, hi = lo + c->piece < c->n ? lo + c->piece : c->n;
        c->part[k] = lo >= hi ? 0
                     : c->f64 ? dx2_double((const double *)c->x + lo, hi - lo, c->mean)
                              : dx2_float((const float *)c->x + lo, hi - lo, c->mean);
    }
}

double tc__cpu_sum_dx2(const void *x, bool f64, int64_t n, double mean) {
    dx2_ctx c = {.x = x, .f64 = f64, .mean = mean, .n = n};
    int64_t pieces = n <= VAR_GRAIN ? 1 : tc__cpu_threads();
    if (pieces > VAR_MAX_PIECES) pieces = VAR_MAX_PIECES;
    if (pieces > (n + VAR_GRAIN - 1) / VAR_GRAIN) pieces = (n + VAR_GRAIN - 1) / VAR_GRAIN;
    if (pieces < 1) pieces = 1;
    c.piece = (n + pieces - 1) / pieces;
    if (pieces == 1) dx2_pieces(&c, 0, 1);
    else tc__parallel_for(pieces, 1, dx2_pieces, &c);
    double s = 0;
    for (int64_t k = 0; k < pieces; k++) s += c.part[k];
    return s;
}

/* Welford over r = 0..R of x[r*stride + b] for the columns b in [0, n), into mean/m2. */
#define WELFORD_COLS(T)                                                                          \
    __attribute__((target_clones("avx2", "default"))) static void welford_cols_##T(          \
        const T *x, int64_t R, int64_t stride, int64_t n, double *mean, double *m2) {            \
        for (int64_t b = 0; b < n; b++) mean[b] = m2[b] = 0;                                     \
        for (int64_t r = 0; r < R; r++) {                                                        \
            const T *row = x + r * stride;                                                       \
            double nf = (double)(r + 1);                                                         \
            for (int64_t b = 0; b < n; b++) {                                                    \
                double v = (double)row[b], d = v - mean[b];                                      \
                mean[b] += d / nf;                                                               \
                m2[b] = m2[b] + d * (v - mean[b]);                                                 \
            }                                                                                    \
        }                                                                                        \
    }
WELFORD_COLS(float)
WELFORD_COLS(double)

/* Welford along four rows of R at once (x + k*R), independent chains for the divider. */
#define WELFORD_ROWS4(T)                                                                         \
    __attribute__((target_clones("avx2", "default"))) static void welford_rows4_##T(         \
        const T *x, int64_t R, double *mean, double *m2) {                                       \
        double mu[4] = {0}, s[4] = {0};                                                          \
        for (int64_t r = 0; r < R; r++) {                                                        \
            double nf = (double)(r + 1);                                                         \
            for (int k = 0; k < 4; k++) {                                                        \
                double v = (double)x[k * R + r], d = v - mu[k];                                  \
                mu[k] += d / nf;                                                                 \
                s[k] = s[k] + d * (v - mu[k]);                                                     \
            }                                                                                    \
        }                                                                                        \
        for (int k = 0; k < 4; k++) mean[k] = mu[k], m2[k] = s[k];                               \
    }
WELFORD_ROWS4(float)
WELFORD_ROWS4(double)

typedef struct welford_ctx {
    const char *x;
    bool f64;
    int64_t A, R, B;
    double correction;
    bool take_sqrt;
    char *out; /* A*B results in the input's dtype */
} welford_ctx;

static void welford_store(const welford_ctx *c, int64_t at, const double *m2, int64_t n) {
    double nf = (double)c->R, div = nf > c->correction ? nf - c->correction : 0;
    for (int64_t i = 0; i < n; i++) {
        double v = m2[i] / div;
        if (c->take_sqrt) v = sqrt(v);
        if (c->f64) ((double *)c->out)[at + i] = v;
        else ((float *)c->out)[at + i] = (float)v;
    }
}

/* Outputs [b, e) of A*B (blocks of rows when B is 1). */
static void welford_range(void *p, int64_t b, int64_t e) {
    const welford_ctx *c = p;
    size_t es = c->f64 ? 8 : 4;
    double mean[256], m2[256];
    if (c->B == 1) {
        int64_t a = b;
        for (; a + 4 <= e; a += 4) {
            const char *x = c->x + (size_t)(a * c->R) * es;
            if (c->f64) welford_rows4_double((const double *)x, c->R, mean, m2);
            else welford_rows4_float((const float *)x, c->R, mean, m2);
            welford_store(c, a, m2, 4);
        }
        for (; a < e; a++) {
            const char *x = c->x + (size_t)(a * c->R) * es;
            if (c->f64) welford_cols_double((const double *)x, c->R, 1, 1, mean, m2);
            else welford_cols_float((const float *)x, c->R, 1, 1, mean, m2);
            welford_store(c, a, m2, 1);
        }
        return;
    }
    /* outputs o = a*B + j: column blocks of up to 256 within one a */
    for (int64_t o = b; o < e;) {
        int64_t a = o / c->B, j = o % c->B, n = c->B - j;
        if (n > e - o) n = e - o;
        if (n > 256) n = 256;
        const char *x = c->x + (size_t)(a * c->R * c->B + j) * es;
        if (c->f64) welford_cols_double((const double *)x, c->R, c->B, n, mean, m2);
        else welford_cols_float((const float *)x, c->R, c->B, n, mean, m2);
        welford_store(c, o, m2, n);
        o += n;
    }
}

void tc__cpu_var_welford(const void *x, bool f64, int64_t A, int64_t R, int64_t B, double correction,
                         bool take_sqrt, void *out) {
    welford_ctx c = {.x = x, .f64 = f64, .A = A, .R = R, .B = B, .correction = correction,
                     .take_sqrt = take_sqrt, .out = out};
    int64_t outs = A * B, per = R > 0 ? R : 1;
    tc__parallel_for(outs, VAR_GRAIN / per + 1, welford_range, &c);
}

/* ---- the 2-norm: ATen's kernels ---------------------------------------------------------------
 * A reduction over a contiguous last dim squares into the lanes of one vector (eight floats,
 * four doubles; products rounded, then added), folds the lanes in order and adds the tail
 * (measured: about 2% of float32 tails still land one unit apart); any other runs one sum of
 * squares per output, element after element (NormTwoOps). */

/* The sum of squares of x[0..n) in L lanes of T (one vector of ATen's), folded in order, then
 * the tail. */
#define NORM2_LANES(T, L)                                                                        \
    __attribute__((target_clones("avx2", "default"))) static T norm2_lanes_##T(const T *x,  \
                                                                                  int64_t n) {  \
        T l[L] = {0};                                                                            \
        int64_t d = 0;                                                                           \
        for (; d + (L) <= n; d += (L))                                                           \
            for (int j = 0; j < (L); j++) l[j] = l[j] + x[d + j] * x[d + j];                     \
        for (int j = 1; j < (L); j++) l[0] = l[0] + l[j];                                        \
        for (; d < n; d++) l[0] = l[0] + x[d] * x[d];                                            \
        return l[0];                                                                             \
    }
NORM2_LANES(float, 8)
NORM2_LANES(double, 4)

#define NORM2_COLS(T)                                                                            \
    __attribute__((target_clones("avx2", "default"))) static void norm2_cols_##T(               \
        const T *x, int64_t R, int64_t stride, int64_t n, T *acc) {                              \
        for (int64_t b = 0; b < n; b++) acc[b] = 0;                                              \
        for (int64_t r = 0; r < R; r++)                                                          \
            for (int64_t b = 0; b < n; b++) acc[b] = acc[b] + x[r * stride + b] * x[r * stride + b]; \
    }
NORM2_COLS(float)
NORM2_COLS(double)

typedef struct norm2_ctx {
    const char *x;
    bool f64, lanes;
    int64_t R, B, piece;
    char *out;
    double part[VAR_MAX_PIECES];
} norm2_ctx;

static void norm2_range(void *p, int64_t b, int64_t e) {
    const norm2_ctx *c = p;
    size_t es = c->f64 ? 8 : 4;
    for (int64_t o = b; o < e;) {
        int64_t a = o / c->B, j = o % c->B, n = c->B - j;
        if (n > e - o) n = e - o;
        if (n > 256) n = 256;
        const char *x = c->x + (size_t)(a * c->R * c->B + j) * es;
        if (c->lanes) {
            if (c->f64) ((double *)c->out)[o] = sqrt(norm2_lanes_double((const double *)x, c->R));
            else ((float *)c->out)[o] = sqrtf(norm2_lanes_float((const float *)x, c->R));
            n = 1;
        } else if (c->f64) {
            double acc[256];
            norm2_cols_double((const double *)x, c->R, c->B, n, acc);
            for (int64_t i = 0; i < n; i++) ((double *)c->out)[o + i] = sqrt(acc[i]);
        } else {
            float acc[256];
            norm2_cols_float((const float *)x, c->R, c->B, n, acc);
            for (int64_t i = 0; i < n; i++) ((float *)c->out)[o + i] = sqrtf(acc[i]);
        }
        o += n;
    }
}

/* One output's sum of squares over piece k of the R elements (binary_kernel_reduce's split). */
static void norm2_pieces(void *p, int64_t b, int64_t e) {
    norm2_ctx *c = p;
    for (int64_t k = b; k < e; k++) {
        int64_t lo = k * c->piece, hi = lo + c->piece < c->R ? lo + c->piece : c->R;
        if (lo >= hi) continue;
        if (c->f64) {
            double s;
            norm2_cols_double((const double *)c->x + lo, hi - lo, 1, 1, &s);
            c->part[k] = s;
        } else {
            float s;
            norm2_cols_float((const float *)c->x + lo, hi - lo, 1, 1, &s);
            c->part[k] = s;
        }
    }
}

void tc__cpu_norm2(const void *x, bool f64, int64_t A, int64_t R, int64_t B, bool lanes, void *out) {
    norm2_ctx c = {.x = x, .f64 = f64, .lanes = lanes && B == 1, .R = R, .B = B, .out = out};
    int64_t outs = A * B;
    if (outs == 1 && !c.lanes && R >= VAR_GRAIN && tc__cpu_threads() > 1) {
        int64_t pieces = tc__cpu_threads();
        if (pieces > VAR_MAX_PIECES) pieces = VAR_MAX_PIECES;
        if (pieces > (R + VAR_GRAIN - 1) / VAR_GRAIN) pieces = (R + VAR_GRAIN - 1) / VAR_GRAIN;
        c.piece = (R + pieces - 1) / pieces;
        tc__parallel_for(pieces, 1, norm2_pieces, &c);
        if (f64) {
            double s = 0;
            for (int64_t k = 0; k < pieces; k++) s = s + c.part[k];
            *(double *)out = sqrt(s);
        } else {
            float s = 0;
            for (int64_t k = 0; k < pieces; k++) s = s + (float)c.part[k];
            *(float *)out = sqrtf(s);
        }
        return;
    }
    tc__parallel_for(outs, VAR_GRAIN / (R > 0 ? R : 1) + 1, norm2_range, &c);
}
