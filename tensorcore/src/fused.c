/*
 * PyTorch's pointwise ops whose CPU kernels fuse a multiply-add, rounded as those kernels
 * round them: add / sub with alpha (a + alpha b, one fused multiply-add per element; sub is
 * add with -alpha), addcmul (a + (value t1) t2, the last product fused) and addcdiv
 * (a + (value t1) / t2, nothing to fuse). Composed from separate ops they round twice, so
 * an optimizer's step (p.add_(g, alpha=-lr), exp_avg_sq.addcmul_(g, g, value=1 - beta2),
 * p.addcdiv_(m, denom, value=-step)) would drift from PyTorch's in the last bit.
 *
 * Served here: float32/float64 CPU tensors of one dtype with no gradient to record (the
 * optimizers run under no_grad); other calls keep the composed forms. Fused only where
 * PyTorch's kernels are (tc__cpu_isa() > 0: its AVX2 and AVX-512 builds); the scalar
 * remainder of a run is fused too, as its compiler contracts the scalar loop.
 */
#include <math.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "cpu-iter.h"
#include "tc-impl.h"

typedef struct fused_args {
    tc_fused_op op;
    double v;
    bool fma;
} fused_args;

#define FUSED_ONE(op, fused, FMA, v, a, x, y)                                                      \
    ((op) == TC_FUSED_AXPY      ? ((fused) ? FMA(x, v, a) : (a) + (v) * (x))                        \
     : (op) == TC_FUSED_ADDCMUL ? ((fused) ? FMA((v) * (x), y, a) : (a) + (v) * (x) * (y))          \
                                : (a) + (v) * (x) / (y))

#if defined(__x86_64__)
#define FUSED_AVX2(T, SUF, V, VS, L, FMA)                                                          \
    __attribute__((target("avx2,fma"))) static void fused_run_##SUF##_avx2(                       \
        T *o, const T *a, const T *x, const T *y, int64_t n, tc_fused_op op, T v) {               \
        const V vv = _mm256_set1_##VS(v);                                                          \
        int64_t i = 0;                                                                             \
        for (; i + L <= n; i += L) {                                                               \
            V va = _mm256_loadu_##VS(a + i), vx = _mm256_loadu_##VS(x + i), r;                     \
            if (op == TC_FUSED_AXPY) r = _mm256_fmadd_##VS(vx, vv, va);                            \
            else if (op == TC_FUSED_ADDCMUL)                                                       \
                r = _mm256_fmadd_##VS(_mm256_mul_##VS(vv, vx), _mm256_loadu_##VS(y + i), va);      \
            else r = _mm256_add_##VS(va, _mm256_div_##VS(_mm256_mul_##VS(vv, vx), _mm256_loadu_##VS(y + i))); \
            _mm256_storeu_##VS(o + i, r);                                                          \
        }                                                                                          \
        for (; i < n; i++) o[i] = FUSED_ONE(op, true, FMA, v, a[i], x[i], y[i]);                   \
    }
FUSED_AVX2(float, f32, __m256, ps, 8, __builtin_fmaf)
FUSED_AVX2(double, f64, __m256d, pd, 4, __builtin_fma)
#undef FUSED_AVX2
#endif

/* Operands: out, a, t1, t2 (t2 unused by AXPY). */
#define FUSED_LOOP(T, SUF, FMA)                                                                    \
    static int fused_loop_##SUF(char **p, const int64_t *s, int64_t n, const void *extra) {        \
        const fused_args *f = extra;                                                               \
        const T v = (T)f->v;                                                                       \
        const int64_t es = (int64_t)sizeof(T);                                                     \
        if (FUSED_HAVE_AVX2 && f->fma && s[0] == es && s[1] == es && s[2] == es && s[3] == es) {   \
            FUSED_RUN_AVX2(SUF, (T *)p[0], (const T *)p[1], (const T *)p[2], (const T *)p[3], n, f->op, v); \
            return 0;                                                                              \
        }                                                                                          \
        for (int64_t i = 0; i < n; i++) {                                                          \
            T a = *(const T *)(p[1] + i * s[1]), x = *(const T *)(p[2] + i * s[2]);                \
            T y = *(const T *)(p[3] + i * s[3]);                                                   \
            *(T *)(p[0] + i * s[0]) = FUSED_ONE(f->op, f->fma, FMA, v, a, x, y);                   \
        }                                                                                          \
        return 0;                                                                                  \
    }
#if defined(__x86_64__)
#define FUSED_HAVE_AVX2 1
#define FUSED_RUN_AVX2(SUF, ...) fused_run_##SUF##_avx2(__VA_ARGS__)
#else
#define FUSED_HAVE_AVX2 0
#define FUSED_RUN_AVX2(SUF, ...) ((void)0)
#endif
FUSED_LOOP(float, f32, fmaf)
FUSED_LOOP(double, f64, fma)
#undef FUSED_LOOP
#undef FUSED_ONE

/* t reads the elements out writes at the same places, or none of them. */
static bool same_or_apart(const tc_tensor *out, const tc_tensor *t) {
    if (!t || t->storage != out->storage) return true;
    return t->offset == out->offset && t->ndim == out->ndim &&
           !memcmp(t->shape, out->shape, sizeof(int64_t) * (size_t)t->ndim) &&
           !memcmp(t->strides, out->strides, sizeof(int64_t) * (size_t)t->ndim);
}

static bool servable(tc_tensor *a, tc_tensor *t1, tc_tensor *t2) {
    tc_tensor *ts[3] = {a, t1, t2};
    if (a->dtype != TC_DTYPE_F32 && a->dtype != TC_DTYPE_F64) return false;
    for (int i = 0; i < 3; i++) {
        if (!ts[i]) continue;
        if (ts[i]->dtype != a->dtype || ts[i]->device.type != TC_DEVICE_CPU || ts[i]->layout != TC_LAYOUT_STRIDED)
            return false;
        if (tc_grad_enabled() && (ts[i]->requires_grad || ts[i]->grad_fn)) return false;
    }
    return true;
}

tc_tensor *tc_fused_pointwise(tc_fused_op op, tc_tensor *a, tc_tensor *t1, tc_tensor *t2, double v, bool inplace,
                              bool *handled, tc_error *err) {
    *handled = false;
    if (!servable(a, t1, t2)) return NULL;
    int64_t s1[TC_MAX_DIMS], sh[TC_MAX_DIMS];
    int n1, nd;
    tc_tensor *y = t2 ? t2 : t1;
    tc_error scratch;
    if (tc__broadcast_shapes(a->shape, a->ndim, t1->shape, t1->ndim, s1, &n1, &scratch) ||
        tc__broadcast_shapes(s1, n1, y->shape, y->ndim, sh, &nd, &scratch))
        return NULL; /* the composed form reports it */
    if (inplace && (nd != a->ndim || memcmp(sh, a->shape, sizeof(int64_t) * (size_t)nd) ||
                    !same_or_apart(a, t1) || !same_or_apart(a, y)))
        return NULL;
    *handled = true;
    if (inplace && (tc_check_inplace(a, err) || tc__check_overlap(a, NULL, err))) return NULL;
    if (inplace) tc_tensor_bump_version(a);
    tc_tensor *out = inplace ? tc_tensor_ref(a)
                             : tc__tensor_new_like(sh, nd, a->dtype, a->device, (tc_tensor *[]){a, t1, y}, 3, err);
    if (!out) return NULL;
    tc_tensor *ea = tc_expand(a, sh, nd, err);
    tc_tensor *ex = ea ? tc_expand(t1, sh, nd, err) : NULL;
    tc_tensor *ey = ex ? tc_expand(y, sh, nd, err) : NULL;
    int r = ey ? 0 : -1;
    if (ey && tc_numel(out)) {
        tc_kview ko, ka, kx, ky;
        tc__kview(out, &ko);
        tc__kview(ea, &ka);
        tc__kview(ex, &kx);
        tc__kview(ey, &ky);
        const tc_kview *views[4] = {&ko, &ka, &kx, &ky};
        tc__iter it;
        tc__iter_init(&it, views, 4);
        fused_args f = {op, v, tc__cpu_isa() > 0};
        r = tc__iter_run(&it, a->dtype == TC_DTYPE_F64 ? fused_loop_f64 : fused_loop_f32, &f, err);
    }
    tc_tensor_unref(ea);
    tc_tensor_unref(ex);
    tc_tensor_unref(ey);
    if (r) {
        tc_tensor_unref(out);
        return NULL;
    }
    return out;
}
