/*
 * The CPU's layer-norm and batch-norm kernels (forward and backward), float32 and float64,
 * for norm.c. They follow ATen's CPU kernels step by step, rounding included, so results
 * are PyTorch's bits: layer norm's Welford moments over vector lanes (RowwiseMoments), the
 * per-thread buffers of the weight and bias gradients summed in thread order, batch norm's
 * double sums per channel or per thread buffer. What depends on the CPU depends on it as in
 * PyTorch: the lane count (AVX-512 when the CPU has F, BW, DQ and VL, else AVX2) and the
 * fused multiply-adds of its AVX2/AVX-512 kernels (written out here as fma()).
 * Where a sum is split by threads, it is split as at::parallel_for splits it for
 * tc_num_threads() threads, whatever our pool does with the pieces.
 */
#include <math.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "tc-impl.h"

#if defined(__clang__) /* GCC contracts nothing in ISO C mode; clang would within expressions */
#pragma STDC FP_CONTRACT OFF
#endif

enum { NORM_CHUNK = 16, NORM_MAX_DEPTH = 64, NORM_BN_GROUP = 4 };

/* One layer norm: [M, N] rows, everything contiguous. */
typedef struct norm_ln {
    int64_t M, N;
    const void *x, *w, *b, *dy, *mean, *rstd;
    int64_t dy_rs; /* dy's row stride in elements: N, or 0 when every row is the same */
    void *y, *dx, *dw, *db;
    double eps;
    /* backward: rows per piece, pieces, and the pieces' buffers (NULL when not needed) */
    int64_t chunk, pieces;
    void *gbuf, *bbuf;
} norm_ln;

/* One batch norm: [B, C, S] (S = product of the spatial dims), everything contiguous. */
typedef struct norm_bn {
    int64_t B, C, S;
    const void *x, *w, *b, *dy;
    void *running_mean, *running_var; /* read in eval mode, updated in training (may be NULL) */
    void *mean, *var_sum, *invstd;    /* training: the batch's statistics */
    void *alpha, *beta, *y, *dx, *dw, *db, *buf, *tmp;
    const void *mean_used, *invstd_used;
    double eps, momentum;
    bool train;
    int pass;
    int64_t threads, chunk, pieces; /* at::parallel_for's split of the rows */
} norm_bn;

typedef struct norm_kernels {
    tc__range_fn ln_fwd, ln_bwd_dx, ln_bwd_piece, ln_bwd_fold;
    tc__range_fn bn_stats_planes;
    void (*bn_stats_rows)(norm_bn *a);
    void (*bn_update)(norm_bn *a);
    void (*bn_terms)(norm_bn *a);
    tc__range_fn bn_apply, bn_bwd_planes;
    void (*bn_bwd_rows)(norm_bn *a);
} norm_kernels;

/* utils::CeilLog2 as RowwiseMoments uses it (1 for 0, 1 and 2). */
static int norm_ceil_log2(int64_t x) { return x <= 2 ? 1 : 64 - __builtin_clzll((unsigned long long)(x - 1)); }

/* Rows (or planes) of about 32k elements per task. */
static int64_t norm_grain(int64_t per) { return per >= 32768 ? 1 : 32768 / (per > 0 ? per : 1); }

/* fn over n items of 'per' elements each: across the threads when there are at least 64k
 * elements in all (small work runs here, in one piece). */
static void norm_for(int64_t n, int64_t per, tc__range_fn fn, void *ctx) {
    if (n * per < 65536)
        fn(ctx, 0, n);
    else
        tc__parallel_for(n, norm_grain(per), fn, ctx);
}

/* at::parallel_for(0, n, 1)'s split for 'threads' threads: *chunk rows per piece. */
static int64_t norm_split(int64_t n, int64_t threads, int64_t *chunk) {
    int64_t nt = threads < n ? threads : n;
    if (nt < 1) nt = 1;
    *chunk = (n + nt - 1) / nt;
    if (*chunk < 1) *chunk = 1;
    return (n + *chunk - 1) / *chunk;
}

/* ---- the portable instantiations (ATen's DEFAULT kernels: 32-byte vectors, no FMA) ---- */
#define VFMA(a, b, c) ((a) * (b) + (c))
#define VFMAV(a, b, c) ((a) * (b) + (c))
#define HTREE 0
#define T float
#define L 8
#define NORM_SQRT sqrtf
#define FN(n) n##_f32_base
#include "cpu-norm.inc"
#undef T
#undef L
#undef NORM_SQRT
#undef FN
#define T double
#define L 4
#define NORM_SQRT sqrt
#define FN(n) n##_f64_base
#include "cpu-norm.inc"
#undef T
#undef L
#undef NORM_SQRT
#undef FN
#undef VFMA
#undef VFMAV
#undef HTREE

#if defined(__x86_64__)

/* ---- AVX2 with FMA: eight float lanes, four double lanes ---- */
TC_TARGET_BEGIN("avx2,fma")
#define T float
#define L 8
#define HTREE 1
#define VFMAV(a, b, c) ((vec_f32_avx2)_mm256_fmadd_ps((__m256)(a), (__m256)(b), (__m256)(c)))
#define VFMA fmaf
#define NORM_SQRT sqrtf
#define FN(n) n##_f32_avx2
#include "cpu-norm.inc"
#undef T
#undef L
#undef HTREE
#undef VFMA
#undef VFMAV
#undef NORM_SQRT
#undef FN
#define T double
#define L 4
#define HTREE 0
#define VFMAV(a, b, c) ((vec_f64_avx2)_mm256_fmadd_pd((__m256d)(a), (__m256d)(b), (__m256d)(c)))
#define VFMA fma
#define NORM_SQRT sqrt
#define FN(n) n##_f64_avx2
#include "cpu-norm.inc"
#undef T
#undef L
#undef HTREE
#undef VFMA
#undef VFMAV
#undef NORM_SQRT
#undef FN
TC_TARGET_END

/* ---- AVX-512: sixteen float lanes, eight double lanes ---- */
TC_TARGET_BEGIN("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma")
#define T float
#define L 16
#define HTREE 1
#define VFMAV(a, b, c) ((vec_f32_avx512)_mm512_fmadd_ps((__m512)(a), (__m512)(b), (__m512)(c)))
#define VFMA fmaf
#define NORM_SQRT sqrtf
#define FN(n) n##_f32_avx512
#include "cpu-norm.inc"
#undef T
#undef L
#undef HTREE
#undef VFMA
#undef VFMAV
#undef NORM_SQRT
#undef FN
#define T double
#define L 8
#define HTREE 0
#define VFMAV(a, b, c) ((vec_f64_avx512)_mm512_fmadd_pd((__m512d)(a), (__m512d)(b), (__m512d)(c)))
#define VFMA fma
#define NORM_SQRT sqrt
#define FN(n) n##_f64_avx512
#include "cpu-norm.inc"
#undef T
#undef L
#undef HTREE
#undef VFMA
#undef VFMAV
#undef NORM_SQRT
#undef FN
TC_TARGET_END
#endif

int tc__cpu_isa(void) {
#if defined(__x86_64__)
    static int isa = -1;
    if (isa < 0) {
        bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        bool avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
        isa = avx512 ? 2 : avx2 ? 1 : 0;
    }
    return isa;
#else
    return 0;
#endif
}

/* The kernels PyTorch would run on this CPU for dt (float32 or float64). */
static const norm_kernels *norm_pick(tc_dtype dt) {
    bool f64 = dt == TC_DTYPE_F64;
#if defined(__x86_64__)
    int isa = tc__cpu_isa();
    if (isa == 2) return f64 ? &kernels_f64_avx512 : &kernels_f32_avx512;
    if (isa == 1) return f64 ? &kernels_f64_avx2 : &kernels_f32_avx2;
#endif
    return f64 ? &kernels_f64_base : &kernels_f32_base;
}

void tc__cpu_layer_norm(tc_dtype dt, int64_t M, int64_t N, const void *x, const void *w, const void *b,
                        double eps, void *y, void *mean, void *rstd) {
    /* the statistics are outputs here (mean, rstd: NULL when not wanted) */
    norm_ln a = {.M = M, .N = N, .x = x, .w = w, .b = b, .y = y, .mean = mean, .rstd = rstd, .eps = eps};
    norm_for(M, N, norm_pick(dt)->ln_fwd, &a);
}

int tc__cpu_layer_norm_backward(tc_dtype dt, int64_t M, int64_t N, const void *dy, int64_t dy_rs, const void *x,
                                const void *mean, const void *rstd, const void *w, void *dx, void *dw,
                                void *db, tc_error *err) {
    const norm_kernels *k = norm_pick(dt);
    norm_ln a = {.M = M, .N = N, .x = x, .w = w, .dy = dy, .dy_rs = dy_rs, .mean = mean, .rstd = rstd,
                 .dx = dx, .dw = dw, .db = db};
    if (!dw && !db) {
        norm_for(M, N, k->ln_bwd_dx, &a);
        return 0;
    }
    size_t es = tc_dtype_size(dt);
    a.pieces = norm_split(M, tc_num_threads(), &a.chunk);
    char *buf = tc__calloc((size_t)((dw != NULL) + (db != NULL)) * (size_t)(a.pieces * N) + 1, es);
    if (!buf) return tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
    a.gbuf = dw ? buf : NULL;
    a.bbuf = db ? buf + (dw ? es * (size_t)(a.pieces * N) : 0) : NULL;
    norm_for(a.pieces, a.chunk * N, k->ln_bwd_piece, &a);
    norm_for(N, a.pieces * 2, k->ln_bwd_fold, &a);
    tc__free(buf);
    return 0;
}

/* The row split and the scratch of a batch norm; 0 or -1 with err set. */
static int bn_prepare(norm_bn *a, tc_dtype dt, size_t buf_rows, tc_error *err) {
    a->threads = tc_num_threads();
    a->pieces = norm_split(a->B * a->S, a->threads, &a->chunk);
    size_t es = tc_dtype_size(dt);
    a->buf = tc__calloc(buf_rows * (size_t)(a->threads * a->C) + (size_t)a->C * 3 + 1, es);
    if (!a->buf) return tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
    a->tmp = (char *)a->buf + buf_rows * (size_t)(a->threads * a->C) * es;
    a->alpha = (char *)a->tmp + (size_t)a->C * es;
    a->beta = (char *)a->alpha + (size_t)a->C * es;
    return 0;
}

int tc__cpu_batch_norm(tc_dtype dt, int64_t B, int64_t C, int64_t S, const void *x, const void *w,
                       const void *b, void *running_mean, void *running_var, bool train, double momentum,
                       double eps, void *y, void *save_mean, void *save_invstd, tc_error *err) {
    const norm_kernels *k = norm_pick(dt);
    norm_bn a = {.B = B, .C = C, .S = S, .x = x, .w = w, .b = b, .running_mean = running_mean,
                 .running_var = running_var, .mean = save_mean, .invstd = save_invstd, .y = y,
                 .eps = eps, .momentum = momentum, .train = train};
    if (bn_prepare(&a, dt, 1, err)) return -1;
    if (train) {
        a.var_sum = a.tmp;
        if (S > 1)
            norm_for((C + NORM_BN_GROUP - 1) / NORM_BN_GROUP, NORM_BN_GROUP * B * S, k->bn_stats_planes, &a);
        else
            k->bn_stats_rows(&a);
        k->bn_update(&a);
    }
    k->bn_terms(&a);
    if (S > 1)
        norm_for(B * C, S, k->bn_apply, &a);
    else
        norm_for(B, C, k->bn_apply, &a);
    tc__free(a.buf);
    return 0;
}

int tc__cpu_batch_norm_backward(tc_dtype dt, int64_t B, int64_t C, int64_t S, const void *dy, const void *x,
                                const void *w, const void *running_mean, const void *running_var,
                                const void *save_mean, const void *save_invstd, bool train, double eps,
                                void *dx, void *dw, void *db, tc_error *err) {
    const norm_kernels *k = norm_pick(dt);
    norm_bn a = {.B = B, .C = C, .S = S, .x = x, .w = w, .dy = dy, .running_mean = (void *)running_mean,
                 .running_var = (void *)running_var, .mean = (void *)save_mean, .invstd = (void *)save_invstd,
                 .dx = dx, .dw = dw, .db = db, .eps = eps, .train = train};
    if (B * S == 0) { /* no values: no gradient for the parameters */
        if (dw) memset(dw, 0, tc_dtype_size(dt) * (size_t)C);
        if (db) memset(db, 0, tc_dtype_size(dt) * (size_t)C);
        return 0;
    }
    if (S > 1) {
        norm_for(C, B * S, k->bn_bwd_planes, &a);
        return 0;
    }
    if (bn_prepare(&a, dt, 2, err)) return -1;
    k->bn_bwd_rows(&a);
    tc__free(a.buf);
    return 0;
}
