/*
 * PyTorch's pointwise ops whose CPU kernels fuse a multiply-add, rounded as those kernels
 * round them: add / sub with alpha (a + alpha b, one fused multiply-add per element; sub is
 * add with -alpha), addcmul (a + (value t1) t2, the last product fused) and addcdiv
 * (a + (value t1) / t2, nothing to fuse). Composed from separate ops they round twice, so
 * an optimizer's step (p.add_(g, alpha=-lr), exp_avg_sq.addcmul_(g, g, value=1 - beta2),
 * p.addcdiv_(m, denom, value=-step)) would drift from PyTorch's in the last bit.
 *
 * Served here: float32/float64 CPU tensors of one dtype; with a gradient to record only
 * add / sub out of place (their gradients need none of the values); other calls keep the
 * composed forms. Fused only where
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

static bool servable(tc_tensor *a, tc_tensor *t1, tc_tensor *t2, bool grad_ok) {
    tc_tensor *ts[3] = {a, t1, t2};
    if (a->dtype != TC_DTYPE_F32 && a->dtype != TC_DTYPE_F64) return false;
    for (int i = 0; i < 3; i++) {
        if (!ts[i]) continue;
        if (ts[i]->dtype != a->dtype || ts[i]->device.type != TC_DEVICE_CPU || ts[i]->layout != TC_LAYOUT_STRIDED)
            return false;
        if (!grad_ok && tc_grad_enabled() && (ts[i]->requires_grad || ts[i]->grad_fn)) return false;
    }
    return true;
}

/* AddBackward0 / SubBackward0 of a +- alpha t1: the gradient summed to each input's shape,
 * t1's times alpha (negated for sub), as PyTorch's formulas. */
typedef struct axpy_grad {
    double v; /* the signed alpha */
    bool need[2];
    int nd[2];
    int64_t shape[2][TC_MAX_DIMS];
} axpy_grad;

static int axpy_backward(void *ctx, tc_tensor *g, int n, tc_tensor **grads, tc_error *err) {
    const axpy_grad *c = ctx;
    (void)n;
    grads[0] = grads[1] = NULL;
    if (c->need[0] && !(grads[0] = tc__sum_to(g, c->shape[0], c->nd[0], err))) return -1;
    if (!c->need[1]) return 0;
    tc_tensor *t = tc_binary_scalar(TC_OP_MUL, g, (tc_scalar){.kind = TC_SCALAR_FLOAT, .v.f = c->v}, err);
    grads[1] = t ? tc__sum_to(t, c->shape[1], c->nd[1], err) : NULL;
    tc_tensor_unref(t);
    return grads[1] ? 0 : -1;
}

static int axpy_record(tc_tensor *out, tc_fused_op op, tc_tensor *a, tc_tensor *t1, double v, tc_error *err) {
    axpy_grad *c = tc__calloc(1, sizeof *c);
    if (!c) return tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
    c->v = v;
    c->need[0] = a->requires_grad;
    c->need[1] = t1->requires_grad;
    c->nd[0] = a->ndim;
    c->nd[1] = t1->ndim;
    memcpy(c->shape[0], a->shape, sizeof(int64_t) * (size_t)a->ndim);
    memcpy(c->shape[1], t1->shape, sizeof(int64_t) * (size_t)t1->ndim);
    if (tc_grad_record_custom(out, op == TC_FUSED_AXMY ? "SubBackward0" : "AddBackward0", (tc_tensor *[]){a, t1},
                              2, axpy_backward, c, tc__free, err)) {
        tc__free(c);
        return -1;
    }
    return 0;
}

tc_tensor *tc_fused_pointwise(tc_fused_op op, tc_tensor *a, tc_tensor *t1, tc_tensor *t2, double v, bool inplace,
                              bool *handled, tc_error *err) {
    *handled = false;
    bool axpy = op == TC_FUSED_AXPY || op == TC_FUSED_AXMY;
    if (!servable(a, t1, t2, axpy && !inplace)) return NULL;
    if (op == TC_FUSED_AXMY) v = -v;
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
    fused_args f = {axpy ? TC_FUSED_AXPY : op, v, tc__cpu_isa() > 0};
    int r = tc__iter_run_tensors(out, (tc_tensor *[]){a, t1, y}, 3,
                                 a->dtype == TC_DTYPE_F64 ? fused_loop_f64 : fused_loop_f32, &f, err);
    if (!r && axpy && tc_grad_enabled() && (a->requires_grad || t1->requires_grad))
        r = axpy_record(out, op, a, t1, v, err);
    if (r) {
        tc_tensor_unref(out);
        return NULL;
    }
    return out;
}
