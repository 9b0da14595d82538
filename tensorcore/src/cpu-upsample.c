/*
 * Upsampling on the CPU (nearest, nearest-exact, linear/bilinear/trilinear, bicubic), forward
 * and backward, value for value as PyTorch's CPU kernels (aten UpSampleKernel.cpp,
 * UpSampleMoreKernel.cpp, UpSampleBicubic2d.cpp) compute them.
 *
 * Every kernel works on contiguous [planes, spatial...] buffers, one plane (an image's
 * channel) at a time, planes split across threads. Along each spatial dim a table holds the
 * source indices and weights of every output position, computed in PyTorch's arithmetic
 * (float for float32, double for float64; its scale and source-index formulas).
 *
 * PyTorch has two forward kernels whose sums differ in their last bits: the generic one
 * (separable: each dim interpolated in turn, innermost first), and a channels-last one
 * (bilinear and trilinear: the corners' products summed at once, in one order for channels
 * that fill its vectors and another for the tail) that it also runs for channels-first 2-D
 * images whose output is small. The caller (upsample.c) says which it takes; here the generic
 * one is computed row by row: each input row is interpolated along its length once, and the
 * rows are then combined, which gives the same values as PyTorch's element-by-element
 * recursion with less work.
 */
#include <math.h>
#include <stdatomic.h>
#include <string.h>

#include "tensorcore/alloc.h"
#include "tc-impl.h"

#if defined(__x86_64__)
#define UP_AVX2 __attribute__((target("avx2,fma")))
static bool up_have_avx2(void) {
    static int v = -1;
    if (v < 0) v = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return v;
}
#else
#define UP_AVX2
static bool up_have_avx2(void) { return false; }
#endif

#define UP_T float
#define UP_FMA fmaf
#define UP_SUF _f32
#define UP_TARGET
#include "cpu-upsample-loops.inc"
#undef UP_SUF
#undef UP_TARGET
#define UP_SUF _f32_avx2
#define UP_TARGET UP_AVX2
#include "cpu-upsample-loops.inc"
#undef UP_T
#undef UP_FMA
#undef UP_SUF
#undef UP_TARGET
#define UP_T double
#define UP_FMA fma
#define UP_SUF _f64
#define UP_TARGET
#include "cpu-upsample-loops.inc"
#undef UP_SUF
#undef UP_TARGET
#define UP_SUF _f64_avx2
#define UP_TARGET UP_AVX2
#include "cpu-upsample-loops.inc"
#undef UP_T
#undef UP_FMA
#undef UP_SUF
#undef UP_TARGET

/* ---- index and weight tables --------------------------------------------------------------- */

/* One spatial dim's table: for output position o, tap j reads index idx[j][o] with weight
 * wt[j][o] (an element of the kernel's type). */
typedef struct up_table {
    int taps;
    int64_t *idx[4];
    void *wt[4];
    void *block; /* the one allocation behind the arrays */
} up_table;

/* PyTorch's nearest_idx / nearest_exact_idx (float scale; the first with its shortcuts for
 * equal and doubled sizes), used by its channels-last forward and by every backward. */
static int64_t nearest_idx_f(int64_t o, int64_t in, int64_t out, double sc, bool exact) {
    float scale = sc > 0 ? (float)(1.0 / sc) : (float)in / (float)out;
    int64_t i;
    if (exact) {
        i = (int64_t)floorf((float)(((double)o + 0.5) * scale));
    } else {
        if (out == in) return o;
        if (out == 2 * in) return o >> 1;
        i = (int64_t)floorf((float)o * scale);
    }
    return i < in - 1 ? i : in - 1;
}

/* The table builders, once per opmath type (float for float32, double for float64): PyTorch's
 * area_pixel_compute_scale, area_pixel_compute_source_index, guard_index_and_lambda and
 * get_cubic_upsample_coefficients. floorf takes a float, so a double source index is rounded
 * to float before its floor, as in PyTorch. */
#define DEF_TABLES(T, SUF, FMA)                                                                     \
    static T area_scale##SUF(int64_t in, int64_t out, bool ac, double sc) {                      \
        if (ac) return out > 1 ? (T)(in - 1) / (T)(out - 1) : (T)0;                              \
        return sc > 0 ? (T)(1.0 / sc) : (T)in / (T)out;                                          \
    }                                                                                            \
    static T src_index##SUF(T scale, int64_t o, bool ac, bool cubic, bool fused) {               \
        if (ac) return scale * (T)o;                                                             \
        T s = fused ? FMA(scale, (T)o + (T)0.5, (T)-0.5) : scale * ((T)o + (T)0.5) - (T)0.5;     \
        return (!cubic && s < (T)0) ? (T)0 : s;                                                  \
    }                                                                                            \
    static void guard##SUF(T real, int64_t in, int64_t *i, T *lambda) {                          \
        int64_t k = (int64_t)floorf((float)real);                                                \
        *i = k < in - 1 ? k : in - 1;                                                            \
        T l = real - (T)*i;                                                                      \
        *lambda = l < (T)0 ? (T)0 : l > (T)1 ? (T)1 : l;                                         \
    }                                                                                            \
    /* fused: the contractions of PyTorch's forward kernel (its AVX2 build fuses some of the   */ \
    /* multiply-adds of these polynomials; its backward, in a file of the default build, none) */ \
    static T cubic1##SUF(T x, T a, bool fused) {                                                 \
        T t = fused ? FMA(a + 2, x, -(a + 3)) : (a + 2) * x - (a + 3);                           \
        return t * x * x + 1;                                                                    \
    }                                                                                            \
    static T cubic2##SUF(T x, T a, bool fused) {                                                 \
        if (!fused) return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;                            \
        return FMA(FMA(a, x, -5 * a), x, 8 * a) * x - 4 * a;                                     \
    }                                                                                            \
    static void cubic_coeffs##SUF(T c[4], T t, bool fused) {                                     \
        T a = (T)-0.75;                                                                          \
        c[0] = cubic2##SUF(t + (T)1.0, a, fused);                                                \
        c[1] = cubic1##SUF(t, a, fused);                                                         \
        T t2 = (T)1.0 - t;                                                                       \
        c[2] = cubic1##SUF(t2, a, fused);                                                        \
        c[3] = cubic2##SUF(t2 + (T)1.0, a, fused);                                               \
    }                                                                                            \
    /* Fill t (allocated for its taps) for one dim; cl: the channels-last kernel's nearest   */  \
    /* indices; fused: the source index as one multiply-add, and cubic's fused polynomials. */   \
    static void fill_table##SUF(up_table *t, tc_upsample_mode mode, int64_t in, int64_t out,     \
                                bool ac, double sc, bool cl, bool fused) {                       \
        T *w[4] = {t->wt[0], t->wt[1], t->wt[2], t->wt[3]};                                      \
        if (mode == TC_UPSAMPLE_NEAREST || mode == TC_UPSAMPLE_NEAREST_EXACT) {                  \
            bool exact = mode == TC_UPSAMPLE_NEAREST_EXACT;                                      \
            T scale = area_scale##SUF(in, out, false, sc);                                       \
            for (int64_t o = 0; o < out; o++) {                                                  \
                int64_t i;                                                                       \
                if (cl) {                                                                        \
                    i = nearest_idx_f(o, in, out, sc, exact);                                    \
                } else {                                                                         \
                    T real = exact ? src_index##SUF(scale, o, false, false, false) + (T)0.5      \
                                   : src_index##SUF(scale, o, true, false, false);               \
                    i = (int64_t)floorf((float)real);                                            \
                    i = i < in - 1 ? i : in - 1;                                                 \
                }                                                                                \
                t->idx[0][o] = i;                                                                \
                w[0][o] = 1;                                                                     \
            }                                                                                    \
        } else if (mode == TC_UPSAMPLE_LINEAR) {                                                 \
            T scale = area_scale##SUF(in, out, ac, sc);                                          \
            for (int64_t o = 0; o < out; o++) {                                                  \
                if (out == in) {                                                                 \
                    t->idx[0][o] = t->idx[1][o] = o;                                             \
                    w[0][o] = 1;                                                                 \
                    w[1][o] = 0;                                                                 \
                    continue;                                                                    \
                }                                                                                \
                int64_t i;                                                                       \
                T l1;                                                                            \
                guard##SUF(src_index##SUF(scale, o, ac, false, fused), in, &i, &l1);             \
                t->idx[0][o] = i;                                                                \
                t->idx[1][o] = i + (i < in - 1 ? 1 : 0);                                         \
                w[0][o] = (T)1 - l1;                                                             \
                w[1][o] = l1;                                                                    \
            }                                                                                    \
        } else {                                                                                 \
            T scale = area_scale##SUF(in, out, ac, sc);                                          \
            for (int64_t o = 0; o < out; o++) {                                                  \
                int64_t i;                                                                       \
                T l, c[4];                                                                       \
                guard##SUF(src_index##SUF(scale, o, ac, true, fused), in, &i, &l);               \
                cubic_coeffs##SUF(c, l, fused);                                                  \
                for (int j = 0; j < 4; j++) {                                                    \
                    int64_t k = i + j - 1;                                                       \
                    t->idx[j][o] = k < 0 ? 0 : k > in - 1 ? in - 1 : k;                          \
                    w[j][o] = c[j];                                                              \
                }                                                                                \
            }                                                                                    \
        }                                                                                        \
    }

DEF_TABLES(float, _f32, fmaf)
DEF_TABLES(double, _f64, fma)

static int mode_taps(tc_upsample_mode m) {
    return m == TC_UPSAMPLE_LINEAR ? 2 : m == TC_UPSAMPLE_CUBIC ? 4 : 1;
}

static void table_free(up_table *t) {
    tc_free(t->block);
    t->block = NULL;
}

/* v rounded to float16 or bfloat16. */
static float round_to(tc_dtype dt, float v) {
    return dt == TC_DTYPE_F16 ? tc_f16_to_f32(tc_f32_to_f16(v)) : tc_bf16_to_f32(tc_f32_to_bf16(v));
}

static int table_new(up_table *t, const tc__upsample *u, int d, tc_dtype dt, bool cl, bool fused,
                     tc_error *err) {
    int taps = mode_taps(u->mode);
    int64_t n = u->out[d];
    size_t es = dt == TC_DTYPE_F32 ? sizeof(float) : sizeof(double);
    char *b = tc_malloc((size_t)(n ? n : 1) * (size_t)taps * (sizeof(int64_t) + es));
    if (!b) return tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    memset(t, 0, sizeof *t);
    t->taps = taps;
    t->block = b;
    for (int j = 0; j < taps; j++) {
        t->idx[j] = (int64_t *)b + (size_t)j * (size_t)n;
    }
    char *wb = b + (size_t)taps * (size_t)n * sizeof(int64_t);
    for (int j = 0; j < taps; j++) t->wt[j] = wb + (size_t)j * (size_t)n * es;
    if (dt == TC_DTYPE_F32)
        fill_table_f32(t, u->mode, u->in[d], u->out[d], u->align_corners, u->scales[d], cl, fused);
    else
        fill_table_f64(t, u->mode, u->in[d], u->out[d], u->align_corners, u->scales[d], cl, fused);
    if (dt == TC_DTYPE_F32 && !cl && (u->weights == TC_DTYPE_F16 || u->weights == TC_DTYPE_BF16)) {
        /* PyTorch's generic kernel keeps its weights in the input's dtype; linear's first is
         * 1 - the second, subtracted in that dtype */
        float *w0 = t->wt[0], *w1 = t->wt[1];
        for (int64_t o = 0; o < n; o++) {
            if (taps == 2) w0[o] = 1.0f - round_to(u->weights, w1[o]);
            for (int j = 0; j < taps; j++) {
                float *w = t->wt[j];
                w[o] = round_to(u->weights, w[o]);
            }
        }
    }
    return 0;
}

/* ---- forward --------------------------------------------------------------------------------- */

typedef struct fwd_job {
    const tc__upsample *u;
    bool f32, avx2;
    const char *x;
    char *out;
    up_table tab[3];
    int64_t vec_channels; /* channels PyTorch's channels-last kernel runs in whole vectors */
    atomic_bool oom;
} fwd_job;

/* The loops of one element type and instruction set, as function pointers. */
typedef struct up_loops {
    void (*comb2)(void *o, const void *a, const void *wa, const void *b, const void *wb, int64_t n);
    void (*comb4)(void *o, const void *const *a, const void *w, int64_t n);
    void (*hrow)(void *o, const void *row, int taps, const int64_t *const *idx,
                 const void *const *wt, int64_t n);
    void (*gather2)(void *o0, void *o1, const void *row, const int64_t *i0, const int64_t *i1,
                    int64_t n);
    void (*cl2)(void *o, const void *a0, const void *a1, const void *b0, const void *b1,
                const void *h0, const void *h1, const void *l0, const void *l1, bool vec,
                int64_t n);
    void (*cl3)(void *o, const void *const *r, const void *dh, const int64_t *i0,
                const int64_t *i1, const void *l0, const void *l1, bool vec, int64_t n);
} up_loops;

#define DEF_LOOPS(T, SUF)                                                                        \
    static void comb2##SUF(void *o, const void *a, const void *wa, const void *b, const void *wb, \
                           int64_t n) {                                                          \
        up_comb2##SUF(o, a, *(const T *)wa, b, *(const T *)wb, n);                               \
    }                                                                                            \
    static void comb4##SUF(void *o, const void *const *a, const void *w, int64_t n) {            \
        up_comb4##SUF(o, (const T *const *)a, w, n);                                             \
    }                                                                                            \
    static void hrow##SUF(void *o, const void *row, int taps, const int64_t *const *idx,         \
                          const void *const *wt, int64_t n) {                                    \
        up_hrow##SUF(o, row, taps, idx, (const T *const *)wt, n);                                \
    }                                                                                            \
    static void gather2##SUF(void *o0, void *o1, const void *row, const int64_t *i0,             \
                             const int64_t *i1, int64_t n) {                                     \
        up_gather2##SUF(o0, o1, row, i0, i1, n);                                                 \
    }                                                                                            \
    static void cl2##SUF(void *o, const void *a0, const void *a1, const void *b0,                \
                         const void *b1, const void *h0, const void *h1, const void *l0,         \
                         const void *l1, bool vec, int64_t n) {                                  \
        up_cl2_row##SUF(o, a0, a1, b0, b1, *(const T *)h0, *(const T *)h1, l0, l1, vec, n);      \
    }                                                                                            \
    static void cl3##SUF(void *o, const void *const *r, const void *dh, const int64_t *i0,       \
                         const int64_t *i1, const void *l0, const void *l1, bool vec,            \
                         int64_t n) {                                                            \
        up_cl3_row##SUF(o, (const T *const *)r, dh, i0, i1, l0, l1, vec, n);                     \
    }                                                                                            \
    static const up_loops loops##SUF = {comb2##SUF, comb4##SUF, hrow##SUF, gather2##SUF,         \
                                        cl2##SUF, cl3##SUF};

DEF_LOOPS(float, _f32)
DEF_LOOPS(float, _f32_avx2)
DEF_LOOPS(double, _f64)
DEF_LOOPS(double, _f64_avx2)

static const up_loops *loops_for(bool f32, bool avx2) {
    return f32 ? (avx2 ? &loops_f32_avx2 : &loops_f32) : (avx2 ? &loops_f64_avx2 : &loops_f64);
}

/* Combine rows src[idx_j] (each n long, es bytes an element) weighed by wt[j][o] into dst, for
 * the taps of one output position o of a table. */
static void combine_rows(const up_loops *L, size_t es, const up_table *t, int64_t o, char *dst,
                         const char *base, int64_t row_bytes, int64_t n) {
    const char *w0 = (const char *)t->wt[0] + (size_t)o * es;
    if (t->taps == 1) {
        memcpy(dst, base + t->idx[0][o] * row_bytes, (size_t)n * es);
    } else if (t->taps == 2) {
        const char *w1 = (const char *)t->wt[1] + (size_t)o * es;
        L->comb2(dst, base + t->idx[0][o] * row_bytes, w0, base + t->idx[1][o] * row_bytes, w1, n);
    } else {
        const void *rows[4];
        char w[4 * sizeof(double)];
        for (int j = 0; j < 4; j++) {
            rows[j] = base + t->idx[j][o] * row_bytes;
            memcpy(w + (size_t)j * es, (const char *)t->wt[j] + (size_t)o * es, es);
        }
        L->comb4(dst, rows, w, n);
    }
}

static void fwd_range(void *ctx, int64_t begin, int64_t end) {
    fwd_job *J = ctx;
    const tc__upsample *u = J->u;
    const up_loops *L = loops_for(J->f32, J->avx2);
    size_t es = J->f32 ? sizeof(float) : sizeof(double);
    int nd = u->nd;
    int64_t iw = u->in[nd - 1], ow = u->out[nd - 1];
    int64_t ih = nd >= 2 ? u->in[nd - 2] : 1, oh = nd >= 2 ? u->out[nd - 2] : 1;
    int64_t id = nd == 3 ? u->in[0] : 1, od = nd == 3 ? u->out[0] : 1;
    int64_t in_plane = id * ih * iw, out_plane = od * oh * ow;
    const up_table *tw = &J->tab[nd - 1], *th = nd >= 2 ? &J->tab[nd - 2] : NULL,
                   *td = nd == 3 ? &J->tab[0] : NULL;
    const void *wtw[4] = {tw->wt[0], tw->wt[1], tw->wt[2], tw->wt[3]};
    const int64_t *idw[4] = {tw->idx[0], tw->idx[1], tw->idx[2], tw->idx[3]};

    if (u->cl_form && nd == 3) { /* PyTorch's channels-last trilinear sums, straight from x */
        for (int64_t p = begin; p < end; p++) {
            const char *x = J->x + (size_t)(p * in_plane) * es;
            char *o = J->out + (size_t)(p * out_plane) * es;
            bool vec = p % u->channels < J->vec_channels;
            for (int64_t d = 0; d < od; d++)
                for (int64_t h = 0; h < oh; h++) {
                    const void *r[4];
                    double dhd[4];
                    float dhf[4];
                    for (int k = 0; k < 4; k++) {
                        int64_t zi = td->idx[k >> 1][d], yi = th->idx[k & 1][h];
                        r[k] = x + (size_t)((zi * ih + yi) * iw) * es;
                        if (J->f32)
                            dhf[k] = ((const float *)td->wt[k >> 1])[d] * ((const float *)th->wt[k & 1])[h];
                        else
                            dhd[k] = ((const double *)td->wt[k >> 1])[d] * ((const double *)th->wt[k & 1])[h];
                    }
                    L->cl3(o + (size_t)((d * oh + h) * ow) * es, r,
                           J->f32 ? (const void *)dhf : (const void *)dhd, idw[0], idw[1], wtw[0], wtw[1],
                           vec, ow);
                }
        }
        return;
    }

    /* the column taps of every input row gathered once, for the channels-last bilinear sums;
     * or rows interpolated along the width, to be combined along height, then depth */
    int64_t nrows = id * ih;
    char *hb = NULL, *db = NULL;
    int64_t rb = ow * (int64_t)es;
    if (nd >= 2) {
        size_t n = u->cl_form ? (size_t)(2 * nrows * ow) : (size_t)(nrows * ow + (nd == 3 ? id * oh * ow : 0));
        hb = tc_malloc(n * es);
        if (!hb) {
            atomic_store(&J->oom, true);
            return;
        }
        db = hb + (size_t)(nrows * ow) * es;
    }
    if (u->cl_form) {
        for (int64_t p = begin; p < end; p++) {
            const char *x = J->x + (size_t)(p * in_plane) * es;
            char *o = J->out + (size_t)(p * out_plane) * es;
            bool vec = p % u->channels < J->vec_channels;
            for (int64_t r = 0; r < nrows; r++)
                L->gather2(hb + (size_t)(r * rb), db + (size_t)(r * rb), x + (size_t)(r * iw) * es, idw[0],
                           idw[1], ow);
            for (int64_t h = 0; h < oh; h++) {
                int64_t y0 = th->idx[0][h] * rb, y1 = th->idx[1][h] * rb;
                L->cl2(o + (size_t)(h * rb), hb + y0, db + y0, hb + y1, db + y1,
                       (const char *)th->wt[0] + (size_t)h * es, (const char *)th->wt[1] + (size_t)h * es,
                       wtw[0], wtw[1], vec, ow);
            }
        }
        tc_free(hb);
        return;
    }
    for (int64_t p = begin; p < end; p++) {
        const char *x = J->x + (size_t)(p * in_plane) * es;
        char *o = J->out + (size_t)(p * out_plane) * es;
        if (nd == 1) {
            L->hrow(o, x, tw->taps, idw, wtw, ow);
            continue;
        }
        for (int64_t r = 0; r < nrows; r++)
            L->hrow(hb + (size_t)(r * rb), x + (size_t)(r * iw) * es, tw->taps, idw, wtw, ow);
        if (nd == 2) {
            for (int64_t h = 0; h < oh; h++) combine_rows(L, es, th, h, o + (size_t)(h * rb), hb, rb, ow);
            continue;
        }
        for (int64_t z = 0; z < id; z++)
            for (int64_t h = 0; h < oh; h++)
                combine_rows(L, es, th, h, db + (size_t)((z * oh + h) * rb), hb + (size_t)(z * ih * rb),
                             rb, ow);
        for (int64_t d = 0; d < od; d++)
            combine_rows(L, es, td, d, o + (size_t)(d * oh * rb), db, oh * rb, oh * ow);
    }
    tc_free(hb);
}

/* Whether PyTorch's forward kernel computes dim d's source positions with a fused
 * multiply-add (and bicubic's weights with its fused polynomials): how GCC contracted each
 * instantiation of its index code, as measured against it. Its float32 generic linear kernel
 * does not fuse, nor does its float32 channels-last trilinear one along the width. */
static bool fwd_fused(const tc__upsample *u, tc_dtype dt, int d) {
    if (u->mode == TC_UPSAMPLE_CUBIC) return true;
    if (u->mode != TC_UPSAMPLE_LINEAR) return false;
    if (dt == TC_DTYPE_F64) return true;
    return u->cl_form && !(u->nd == 3 && d == 2);
}

int tc__cpu_upsample(const tc__upsample *u, tc_dtype dt, void *out, const void *x, tc_error *err) {
    fwd_job J = {.u = u, .f32 = dt == TC_DTYPE_F32, .x = x, .out = out};
    J.avx2 = up_have_avx2();
    atomic_init(&J.oom, false);
    int rc = 0, made = 0;
    for (int d = 0; d < u->nd && rc == 0; d++, made++)
        rc = table_new(&J.tab[d], u, d, dt, u->cl_form || u->cl_nearest, fwd_fused(u, dt, d), err);
    if (rc == 0) {
        /* PyTorch's vectors hold its input's dtype (float16/bfloat16: twice the lanes) */
        bool half = u->weights == TC_DTYPE_F16 || u->weights == TC_DTYPE_BF16;
        int64_t lanes = tc__aten_vec_bytes() / (half ? 2 : J.f32 ? 4 : 8);
        J.vec_channels = u->channels - u->channels % lanes;
        int64_t work = 1;
        for (int d = 0; d < u->nd; d++) work *= u->out[d];
        tc__parallel_for(u->planes, 1 + 32768 / (work ? work : 1), fwd_range, &J);
        if (atomic_load(&J.oom)) rc = tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    }
    for (int d = 0; d < made; d++) table_free(&J.tab[d]);
    return rc;
}

/* ---- backward -------------------------------------------------------------------------------- */

typedef struct bwd_job {
    const tc__upsample *u;
    bool f32, avx2;
    const char *g;
    char *gx;
    up_table tab[3];
    /* the innermost dim's table inverted (nearest and linear): for input position k, entry j
     * (of inv_len) is the output position inv_g[j * in + k] and its weight inv_w[...] */
    int32_t *inv_g;
    void *inv_w;
    int inv_len;
    atomic_bool oom;
} bwd_job;

/* Invert the innermost dim's table into J->inv_* (nothing when it would be much larger
 * than the table, or the dims too long for its int32 positions). -1 when out of memory. */
static int invert_table(bwd_job *J, const up_table *t, int64_t in, int64_t out) {
    if (t->taps > 2 || out >= INT32_MAX || in <= 0) return 0;
    int32_t *cnt = tc_calloc((size_t)in, sizeof *cnt);
    if (!cnt) return -1;
    int L = 0;
    for (int64_t o = 0; o < out; o++)
        for (int c = 0; c < t->taps; c++) {
            int32_t v = ++cnt[t->idx[c][o]];
            if (v > L) L = v;
        }
    if ((int64_t)L * in > 4 * out * t->taps + 64) {
        tc_free(cnt);
        return 0;
    }
    size_t es = J->f32 ? sizeof(float) : sizeof(double);
    size_t n = (size_t)L * (size_t)in;
    J->inv_g = tc_malloc(n * sizeof(int32_t));
    J->inv_w = tc_malloc(n * es);
    if (!J->inv_g || !J->inv_w) {
        tc_free(cnt);
        return -1;
    }
    memset(cnt, 0, (size_t)in * sizeof *cnt);
    for (int64_t o = 0; o < out; o++)
        for (int c = 0; c < t->taps; c++) {
            int64_t k = t->idx[c][o];
            size_t at = (size_t)cnt[k]++ * (size_t)in + (size_t)k;
            J->inv_g[at] = (int32_t)o;
            if (J->f32) ((float *)J->inv_w)[at] = ((const float *)t->wt[c])[o];
            else ((double *)J->inv_w)[at] = ((const double *)t->wt[c])[o];
        }
    for (int64_t k = 0; k < in; k++)
        for (int j = cnt[k]; j < L; j++) { /* padding: the -0.0 after the row, weight 1 */
            size_t at = (size_t)j * (size_t)in + (size_t)k;
            J->inv_g[at] = (int32_t)out;
            if (J->f32) ((float *)J->inv_w)[at] = 1.0f;
            else ((double *)J->inv_w)[at] = 1.0;
        }
    tc_free(cnt);
    J->inv_len = L;
    return 0;
}

/* The exact order of PyTorch's loops for one output element (value v at d, h, w): taps in
 * its order, for rows of the gradient that coincide (clamped at a border), where a row at a
 * time would reorder the sums. Linear's products fused into the sums (its AVX2 build
 * contracts them), nearest's plain adds, bicubic's unfused (a file of the default build) with
 * the weight applied as (g * wy) * wx. */
#define DEF_BWD(T, SUF, FMA)                                                                     \
    static void bwd_elem##SUF(const bwd_job *J, T *gx, T v, int64_t d, int64_t h, int64_t w) {   \
        const tc__upsample *u = J->u;                                                            \
        int nd = u->nd;                                                                          \
        int64_t iw = u->in[nd - 1], ih = nd >= 2 ? u->in[nd - 2] : 1;                            \
        const up_table *tw = &J->tab[nd - 1], *th = nd >= 2 ? &J->tab[nd - 2] : NULL,            \
                       *td = nd == 3 ? &J->tab[0] : NULL;                                        \
        if (tw->taps == 4) {                                                                     \
            for (int a = 0; a < 4; a++)                                                          \
                for (int b = 0; b < 4; b++) {                                                    \
                    T wt = v * ((const T *)th->wt[b])[h];                                        \
                    wt = wt * ((const T *)tw->wt[a])[w];                                         \
                    gx[th->idx[b][h] * iw + tw->idx[a][w]] += wt;                                \
                }                                                                                \
            return;                                                                              \
        }                                                                                        \
        int nz = td ? td->taps : 1, ny = th ? th->taps : 1;                                      \
        for (int a = 0; a < nz; a++)                                                             \
            for (int b = 0; b < ny; b++)                                                         \
                for (int c = 0; c < tw->taps; c++) {                                             \
                    int64_t k = tw->idx[c][w];                                                   \
                    T wt = ((const T *)tw->wt[c])[w];                                            \
                    if (th) {                                                                    \
                        k += th->idx[b][h] * iw;                                                 \
                        wt = ((const T *)th->wt[b])[h] * wt;                                     \
                    }                                                                            \
                    if (td) {                                                                    \
                        k += td->idx[a][d] * ih * iw;                                            \
                        wt = ((const T *)td->wt[a])[d] * ((const T *)th->wt[b])[h] *             \
                             ((const T *)tw->wt[c])[w];                                          \
                    }                                                                            \
                    if (tw->taps == 1) gx[k] += v;                                               \
                    else gx[k] = FMA(wt, v, gx[k]);                                              \
                }                                                                                \
    }                                                                                            \
    /* gx of one plane (zeroed) += the scatter of g, output row by output row: each gradient  */ \
    /* row the row's taps reach takes its part in one pass when those rows are distinct (each */ \
    /* element then sums in PyTorch's order; gathered per element through the job's inverse   */ \
    /* table when there is one and gp, a scratch row, is given), element by element otherwise. */\
    static void bwd_plane##SUF(const bwd_job *J, T *gx, const T *g, T *gp, bool avx2) {          \
        const tc__upsample *u = J->u;                                                            \
        int nd = u->nd;                                                                          \
        int64_t iw = u->in[nd - 1], ow = u->out[nd - 1];                                         \
        int64_t ih = nd >= 2 ? u->in[nd - 2] : 1, oh = nd >= 2 ? u->out[nd - 2] : 1;             \
        int64_t od = nd == 3 ? u->out[0] : 1;                                                    \
        const up_table *tw = &J->tab[nd - 1], *th = nd >= 2 ? &J->tab[nd - 2] : NULL,            \
                       *td = nd == 3 ? &J->tab[0] : NULL;                                        \
        const int64_t *idw[4] = {tw->idx[0], tw->idx[1], tw->idx[2], tw->idx[3]};                \
        const T *wtw[4] = {tw->wt[0], tw->wt[1], tw->wt[2], tw->wt[3]};                          \
        int nz = td ? td->taps : 1, ny = th ? th->taps : 1;                                      \
        for (int64_t d = 0; d < od; d++)                                                         \
            for (int64_t h = 0; h < oh; h++, g += ow) {                                          \
                int64_t rows[16];                                                                \
                T wk[16];                                                                        \
                int nr = 0;                                                                      \
                bool distinct = true;                                                            \
                for (int a = 0; a < nz; a++)                                                     \
                    for (int b = 0; b < ny; b++, nr++) {                                         \
                        int64_t y = th ? th->idx[b][h] : 0, z = td ? td->idx[a][d] : 0;          \
                        T hw = th ? ((const T *)th->wt[b])[h] : 1;                               \
                        rows[nr] = (z * ih + y) * iw;                                            \
                        wk[nr] = td ? ((const T *)td->wt[a])[d] * hw : hw;                       \
                        for (int k = 0; k < nr; k++) distinct &= rows[k] != rows[nr];            \
                    }                                                                            \
                if (!distinct) {                                                                 \
                    for (int64_t w = 0; w < ow; w++) bwd_elem##SUF(J, gx, g[w], d, h, w);        \
                    continue;                                                                    \
                }                                                                                \
                if (gp) { /* per element, through vectors */                                    \
                    memcpy(gp, g, (size_t)ow * sizeof(T));                                       \
                    gp[ow] = (T)-0.0;                                                            \
                    for (int k = 0; k < nr; k++) {                                               \
                        if (avx2)                                                                \
                            up_bwd_gather##SUF##_avx2(gx + rows[k], gp, tw->taps, wk[k], nd > 1, \
                                                      J->inv_g, J->inv_w, J->inv_len, iw);       \
                        else                                                                     \
                            up_bwd_gather##SUF(gx + rows[k], gp, tw->taps, wk[k], nd > 1,        \
                                               J->inv_g, J->inv_w, J->inv_len, iw);              \
                    }                                                                            \
                    continue;                                                                    \
                }                                                                                \
                for (int k = 0; k < nr; k++) {                                                   \
                    if (avx2)                                                                    \
                        up_bwd_row##SUF##_avx2(gx + rows[k], g, tw->taps, wk[k], nd > 1, idw,    \
                                               wtw, ow);                                         \
                    else                                                                         \
                        up_bwd_row##SUF(gx + rows[k], g, tw->taps, wk[k], nd > 1, idw, wtw, ow); \
                }                                                                                \
            }                                                                                    \
    }

DEF_BWD(float, _f32, fmaf)
DEF_BWD(double, _f64, fma)

static void bwd_range(void *ctx, int64_t begin, int64_t end) {
    bwd_job *J = ctx;
    const tc__upsample *u = J->u;
    int64_t in_plane = 1, out_plane = 1;
    for (int d = 0; d < u->nd; d++) {
        in_plane *= u->in[d];
        out_plane *= u->out[d];
    }
    size_t es = J->f32 ? sizeof(float) : sizeof(double);
    char *gp = NULL;
    if (J->inv_g && !(gp = tc_malloc((size_t)(u->out[u->nd - 1] + 1) * es))) {
        atomic_store(&J->oom, true);
        return;
    }
    for (int64_t p = begin; p < end; p++) {
        char *gx = J->gx + (size_t)(p * in_plane) * es;
        const char *g = J->g + (size_t)(p * out_plane) * es;
        if (u->mode == TC_UPSAMPLE_CUBIC && in_plane == out_plane &&
            u->in[u->nd - 1] == u->out[u->nd - 1]) { /* PyTorch's bicubic backward copies */
            memcpy(gx, g, (size_t)in_plane * es);
            continue;
        }
        memset(gx, 0, (size_t)in_plane * es);
        if (J->f32) bwd_plane_f32(J, (float *)gx, (const float *)g, (float *)gp, J->avx2);
        else bwd_plane_f64(J, (double *)gx, (const double *)g, (double *)gp, J->avx2);
    }
    tc_free(gp);
}

/* Whether PyTorch's linear backward computes dim d's source positions with a fused
 * multiply-add: as measured, every call of its index code but its float32 channels-last 3-D
 * kernel's along the width. */
static bool bwd_fused(const tc__upsample *u, tc_dtype dt, int d) {
    return u->mode == TC_UPSAMPLE_LINEAR && !(dt == TC_DTYPE_F32 && u->nd == 3 && d == 2 && u->bwd_cl);
}

int tc__cpu_upsample_backward(const tc__upsample *u, tc_dtype dt, void *gx, const void *g,
                              tc_error *err) {
    bwd_job J = {.u = u, .f32 = dt == TC_DTYPE_F32, .avx2 = up_have_avx2(), .g = g, .gx = gx};
    atomic_init(&J.oom, false);
    int rc = 0, made = 0;
    /* every backward takes PyTorch's nearest_idx / nearest_exact_idx */
    for (int d = 0; d < u->nd && rc == 0; d++, made++)
        rc = table_new(&J.tab[d], u, d, dt, true, bwd_fused(u, dt, d), err);
    if (rc == 0 && invert_table(&J, &J.tab[u->nd - 1], u->in[u->nd - 1], u->out[u->nd - 1]))
        rc = tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    if (rc == 0) {
        int64_t work = 1;
        for (int d = 0; d < u->nd; d++) work *= u->out[d];
        tc__parallel_for(u->planes, 1 + 32768 / (work ? work : 1), bwd_range, &J);
        if (atomic_load(&J.oom)) rc = tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    }
    for (int d = 0; d < made; d++) table_free(&J.tab[d]);
    tc_free(J.inv_g);
    tc_free(J.inv_w);
    return rc;
}
