/*
 * torch.special's elementwise functions (special.h): the scalar formulas in both
 * precisions (special-impl.inc, through special-precisions.inc), the loops that apply them, and their
 * gradients. The functions run on the host; a device tensor goes through a counted copy.
 *
 * Where PyTorch's CPU kernel calls the C library (lgamma, erfc, exp2, log, ...) this calls
 * the same function of the same C library; where it evaluates a Cephes formula in the
 * element type, so does this, constant for constant. The exceptions are written down at
 * the function: erfcx (and log_ndtr below -1, which uses it) is computed in long double,
 * not with ATen's table, and agrees to within an ulp.
 */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "autograd.h"
#include "cpu-loops.h"
#include "tensorcore/special.h"

/* each formula set is complete; not every function of every set is called */
#pragma GCC diagnostic ignored "-Wunused-function"

/* ---- the scalar functions, float then double ------------------------------------------ */

/* i1e's Chebyshev tables: the float variant keeps only the terms that matter in float, as
 * ATen's does, so the recurrence (and the rounding) differs from the double one. */
static const float i1e_a_f[17] = {
    9.38153738649577178388E-9f,  -4.44505912879632808065E-8f, 2.00329475355213526229E-7f,
    -8.56872026469545474066E-7f, 3.47025130813767847674E-6f,  -1.32731636560394358279E-5f,
    4.78156510755005422638E-5f,  -1.61760815825896745588E-4f, 5.12285956168575772895E-4f,
    -1.51357245063125314899E-3f, 4.15642294431288815669E-3f,  -1.05640848946261981558E-2f,
    2.47264490306265168283E-2f,  -5.29459812080949914269E-2f, 1.02643658689847095384E-1f,
    -1.76416518357834055153E-1f, 2.52587186443633654823E-1f};
static const float i1e_b_f[7] = {-3.83538038596423702205E-9f, -2.63146884688951950684E-8f,
                                 -2.51223623787020892529E-7f, -3.88256480887769039346E-6f,
                                 -1.10588938762623716291E-4f, -9.76109749136146840777E-3f,
                                 7.78576235018280120474E-1f};
static const double i1e_a_d[29] = {
    2.77791411276104639959E-18, -2.11142121435816608115E-17, 1.55363195773620046921E-16,
    -1.10559694773538630805E-15, 7.60068429473540693410E-15, -5.04218550472791168711E-14,
    3.22379336594557470981E-13, -1.98397439776494371520E-12, 1.17361862988909016308E-11,
    -6.66348972350202774223E-11, 3.62559028155211703701E-10, -1.88724975172282928790E-9,
    9.38153738649577178388E-9,  -4.44505912879632808065E-8, 2.00329475355213526229E-7,
    -8.56872026469545474066E-7, 3.47025130813767847674E-6,  -1.32731636560394358279E-5,
    4.78156510755005422638E-5,  -1.61760815825896745588E-4, 5.12285956168575772895E-4,
    -1.51357245063125314899E-3, 4.15642294431288815669E-3,  -1.05640848946261981558E-2,
    2.47264490306265168283E-2,  -5.29459812080949914269E-2, 1.02643658689847095384E-1,
    -1.76416518357834055153E-1, 2.52587186443633654823E-1};
static const double i1e_b_d[25] = {
    7.51729631084210481353E-18,  4.41434832307170791151E-18,  -4.65030536848935832153E-17,
    -3.20952592199342395980E-17, 2.96262899764595013876E-16,  3.30820231092092828324E-16,
    -1.88035477551078244854E-15, -3.81440307243700780478E-15, 1.04202769841288027642E-14,
    4.27244001671195135429E-14,  -2.10154184277266431302E-14, -4.08355111109219731823E-13,
    -7.19855177624590851209E-13, 2.03562854414708950722E-12,  1.41258074366137813316E-11,
    3.25260358301548823856E-11,  -1.89749581235054123450E-11, -5.58974346219658380687E-10,
    -3.83538038596423702205E-9,  -2.63146884688951950684E-8,  -2.51223623787020892529E-7,
    -3.88256480887769039346E-6,  -1.10588938762623716291E-4,  -9.76109749136146840777E-3,
    7.78576235018280120474E-1};
#define i1e_a_len_f 17
#define i1e_b_len_f 7
#define i1e_a_len_d 29
#define i1e_b_len_d 25

/* ndtri and digamma call these double functions whatever their element type */
static double dbl_sqrt(double v) { return sqrt(v); }
static double dbl_log(double v) { return log(v); }
static double dbl_tan(double v) { return tan(v); }

/* Each formula is compiled twice: as written, and (on x86-64) with fused multiply-adds
 * where the compiler contracts a * b + c, which is how ATen's AVX2/AVX512 kernels are built
 * (GCC's default contraction under -mfma): the second set gives PyTorch's bits and is used
 * when the CPU has FMA. */
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#undef SUFFIX
#define SUFFIX
#include "special-precisions.inc"
#undef SUFFIX

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define TC_SPECIAL_FMA 1
#pragma GCC push_options
#pragma GCC target("fma")
#pragma GCC optimize("fp-contract=fast")
#define SUFFIX _fma
#include "special-precisions.inc"
#undef SUFFIX
#pragma GCC pop_options
#endif

/* Hurwitz zeta(x, q), Cephes' algorithm, accumulated in double for both precisions (ATen's
 * acc_type on the CPU); the first term is pow in the element type. */
static double zeta_acc(double x, double q, double first) {
    static const double A[] = {12.0, -720.0, 30240.0, -1209600.0, 47900160.0,
                               -1.8924375803183791606e9, 7.47242496e10, -2.950130727918164224e12,
                               1.1646782814350067249e14, -4.5979787224074726105e15,
                               1.8152105401943546773e17, -7.1661652561756670113e18};
    const double MACHEP = 1.11022302462515654042E-16;
    if (x == 1.0) return INFINITY;
    if (x < 1.0) return NAN;
    if (q <= 0.0) {
        if (q == floor(q)) return INFINITY;
        if (x != floor(x)) return NAN;
    }
    double s = first, a = q, b = 0.0, k, t, w;
    int i = 0;
    while (i < 9 || a <= 9.0) {
        i += 1;
        a += 1.0;
        b = pow(a, -x);
        s += b;
        if (-MACHEP * s < b && b < MACHEP * s) return s;
    }
    w = a;
    s += b * w / (x - 1.0);
    s -= 0.5 * b;
    a = 1.0;
    k = 0.0;
    for (i = 0; i < 12; i++) {
        a *= x + k;
        b /= w;
        t = a * b / A[i];
        s = s + t;
        t = fabs(t / s);
        if (t < MACHEP) return s;
        k += 1.0;
        a *= x + k;
        b /= w;
        k += 1.0;
    }
    return s;
}
static double zeta_d(double x, double q) {
    if (x == 1.0 || x < 1.0 || (q <= 0.0 && (q == floor(q) || x != floor(x)))) return zeta_acc(x, q, 0);
    return zeta_acc(x, q, pow(q, -x));
}
static float zeta_f(float x, float q) {
    if (x == 1.0f || x < 1.0f || (q <= 0.0f && (q == floorf(q) || x != floorf(x)))) return (float)zeta_acc(x, q, 0);
    return (float)zeta_acc(x, q, powf(q, -x));
}

double tc__digamma_F64(double x) { return digamma_d(x); }
float tc__digamma_F32(float x) { return digamma_f(x); }

/* polygamma(n, x): digamma for n = 0, trigamma for 1, else (-1)^(n+1) n! zeta(n+1, x). */
static double polygamma_d(int64_t n, double x) {
    if (n == 0) return digamma_d(x);
    if (n == 1) return trigamma_d(x);
    return ((n % 2) ? 1.0 : -1.0) * exp(lgamma((double)n + 1.0)) * zeta_d((double)(n + 1), x);
}
static float polygamma_f(int64_t n, float x) {
    if (n == 0) return digamma_f(x);
    if (n == 1) return trigamma_f(x);
    return ((n % 2) ? 1.0f : -1.0f) * expf(lgammaf((float)n + 1.0f)) * zeta_f((float)(n + 1), x);
}

/* exp2: PyTorch's vector lanes compute SLEEF's exp2 (u10, the FMA form): 2^q times a
 * polynomial in s = x - q on [-1/2, 1/2] (Estrin's scheme in double), q = rint(x). Its
 * scalar loop (the tail of a contiguous range, strided inputs) calls the C library's. */
static float ldexp2kf(float d, int e) { return d * ldexpf(1.0f, e >> 1) * ldexpf(1.0f, e - (e >> 1)); }
static double ldexp2k(double d, int e) { return d * ldexp(1.0, e >> 1) * ldexp(1.0, e - (e >> 1)); }

static float exp2_vec_f(float d) {
    float u = rintf(d), s = d - u;
    int q = (int)u;
    u = 0.1535920892e-3f;
    u = fmaf(u, s, 0.1339262701e-2f);
    u = fmaf(u, s, 0.9618384764e-2f);
    u = fmaf(u, s, 0.5550347269e-1f);
    u = fmaf(u, s, 0.2402264476e+0f);
    u = fmaf(u, s, 0.6931471825e+0f);
    u = fmaf(u, s, 1.0f);
    u = ldexp2kf(u, q);
    if (d >= 128) u = INFINITY;
    if (d < -150) u = 0;
    return d != d ? d : u;
}

static double exp2_vec_d(double d) {
    double u = rint(d), s = d - u;
    int q = (int)u;
    double s2 = s * s, s4 = s2 * s2, s8 = s4 * s4;
    double p98 = fma(s, 0.4434359082926529454e-9, 0.7073164598085707425e-8);
    double p76 = fma(s, 0.1017819260921760451e-6, 0.1321543872511327615e-5);
    double p54 = fma(s, 0.1525273353517584730e-4, 0.1540353045101147808e-3);
    double p32 = fma(s, 0.1333355814670499073e-2, 0.9618129107597600536e-2);
    double p10 = fma(s, 0.5550410866482046596e-1, 0.2402265069591012214e+0);
    u = fma(s8, p98, fma(s4, fma(s2, p76, p54), fma(s2, p32, p10)));
    u = fma(u, s, 0.6931471805599452862e+0);
    u = fma(u, s, 1);
    u = ldexp2k(u, q);
    if (d >= 1024) u = INFINITY;
    if (d < -2000) u = 0;
    return d != d ? d : u;
}

static double exp2_d(double x) { return exp2(x); }
static float exp2_f(float x) { return exp2f(x); }

#define SPECIAL_SWITCH_D(SFX)                                                                 \
    switch (op) {                                                                             \
    case TC_SPECIAL_I0: return i0_d##SFX(x);                                                  \
    case TC_SPECIAL_I0E: return i0e_d##SFX(x);                                                \
    case TC_SPECIAL_I1: return i1_d##SFX(x);                                                  \
    case TC_SPECIAL_I1E: return i1e_d##SFX(x);                                                \
    case TC_SPECIAL_NDTRI: return ndtri_d##SFX(x);                                            \
    case TC_SPECIAL_LOG_NDTR: return log_ndtr_d(x); /* (see erfcx) */                        \
    case TC_SPECIAL_SINC: return sinc_d##SFX(x);                                              \
    case TC_SPECIAL_ENTR: return entr_d##SFX(x);                                              \
    case TC_SPECIAL_BESSEL_J0: return bessel_j0_d##SFX(x);                                    \
    case TC_SPECIAL_BESSEL_J1: return bessel_j1_d##SFX(x);                                    \
    case TC_SPECIAL_ERFCX: return erfcx_d##SFX(x);                                            \
    default: break;                                                                           \
    }
#define SPECIAL_SWITCH_F(SFX)                                                                 \
    switch (op) {                                                                             \
    case TC_SPECIAL_I0: return i0_f##SFX(x);                                                  \
    case TC_SPECIAL_I0E: return i0e_f##SFX(x);                                                \
    case TC_SPECIAL_I1: return i1_f##SFX(x);                                                  \
    case TC_SPECIAL_I1E: return i1e_f##SFX(x);                                                \
    case TC_SPECIAL_NDTRI: return ndtri_f##SFX(x);                                            \
    case TC_SPECIAL_LOG_NDTR: return log_ndtr_f(x);                                           \
    case TC_SPECIAL_SINC: return sinc_f##SFX(x);                                              \
    case TC_SPECIAL_ENTR: return entr_f##SFX(x);                                              \
    case TC_SPECIAL_BESSEL_J0: return bessel_j0_f##SFX(x);                                    \
    case TC_SPECIAL_BESSEL_J1: return bessel_j1_f##SFX(x);                                    \
    case TC_SPECIAL_ERFCX: return erfcx_f##SFX(x);                                            \
    default: break;                                                                           \
    }

#ifdef TC_SPECIAL_FMA
static bool have_fma(void) {
    static int v = -1;
    if (v < 0) {
        __builtin_cpu_init();
        v = __builtin_cpu_supports("fma") ? 1 : 0;
    }
    return v == 1;
}
#endif

double tc_special_scalar_d(tc_special_op op, double x, int64_t n) {
#ifdef TC_SPECIAL_FMA
    if (have_fma()) {
        SPECIAL_SWITCH_D(_fma)
    } else
#endif
    {
        SPECIAL_SWITCH_D()
    }
    switch (op) {
    case TC_SPECIAL_LGAMMA: return lgamma(x);
    case TC_SPECIAL_DIGAMMA: return digamma_d(x);
    case TC_SPECIAL_POLYGAMMA: return polygamma_d(n, x);
    case TC_SPECIAL_EXP2: return exp2_d(x);
    default: return NAN;
    }
}

float tc_special_scalar_f(tc_special_op op, float x, int64_t n) {
#ifdef TC_SPECIAL_FMA
    if (have_fma()) {
        SPECIAL_SWITCH_F(_fma)
    } else
#endif
    {
        SPECIAL_SWITCH_F()
    }
    switch (op) {
    case TC_SPECIAL_LGAMMA: return lgammaf(x);
    case TC_SPECIAL_DIGAMMA: return digamma_f(x);
    case TC_SPECIAL_POLYGAMMA: return polygamma_f(n, x);
    case TC_SPECIAL_EXP2: return exp2_f(x);
    default: return NAN;
    }
}

static double special2_d(tc_special2_op op, double a, double b) {
    switch (op) {
    case TC_SPECIAL2_XLOGY: return xlogy_d(a, b);
    case TC_SPECIAL2_XLOG1PY: return xlog1py_d(a, b);
    case TC_SPECIAL2_ZETA: return zeta_d(a, b);
    default: return NAN;
    }
}

static float special2_f(tc_special2_op op, float a, float b) {
    switch (op) {
    case TC_SPECIAL2_XLOGY: return xlogy_f(a, b);
    case TC_SPECIAL2_XLOG1PY: return xlog1py_f(a, b);
    case TC_SPECIAL2_ZETA: return zeta_f(a, b);
    default: return NAN;
    }
}

/* ---- the tensor functions ---------------------------------------------------------------- */

static const char *const sp_names[TC_SPECIAL_COUNT] = {
#define SP_NAME(id, name, bw) name,
    TC_SPECIAL_LIST(SP_NAME)
#undef SP_NAME
};
static const char *const sp_grad[TC_SPECIAL_COUNT] = {
#define SP_GRAD(id, name, bw) bw,
    TC_SPECIAL_LIST(SP_GRAD)
#undef SP_GRAD
};
static const char *const sp2_names[TC_SPECIAL2_COUNT] = {
#define SP2_NAME(id, name, bw) name,
    TC_SPECIAL2_LIST(SP2_NAME)
#undef SP2_NAME
};
static const char *const sp2_grad[TC_SPECIAL2_COUNT][3] = {
#define SP2_GRAD(id, name, bw) {bw "0", bw "1", bw "2"},
    TC_SPECIAL2_LIST(SP2_GRAD)
#undef SP2_GRAD
};

/* A contiguous host copy of t (new reference). */
static tc_tensor *host_contig(tc_tensor *t, tc_error *err) {
    tc_tensor *h = tc_to(t, t->dtype, tc_device_cpu(), "torch.special", err);
    if (!h) return NULL;
    tc_tensor *c = tc_contiguous(h, err);
    tc_tensor_unref(h);
    return c;
}

/* r (a host result) moved to dev; steals r. */
static tc_tensor *to_device(tc_tensor *r, tc_device dev, tc_error *err) {
    if (!r || tc_device_eq(dev, tc_device_cpu())) return r;
    tc_tensor *d = tc_to(r, r->dtype, dev, "torch.special", err);
    tc_tensor_unref(r);
    return d;
}

static int check_float(tc_tensor *x, const char *name, tc_error *err) {
    if (x->layout != TC_LAYOUT_STRIDED)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                            "Could not run 'aten::%s' with arguments from the 'SparseCPU' backend.", name);
    if (x->dtype != TC_DTYPE_F32 && x->dtype != TC_DTYPE_F64)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"%s_cpu\" not implemented for '%s'", name,
                            tc__dtype_title(x->dtype));
    return 0;
}

/* The values alone, no graph. */
static tc_tensor *special_values(tc_special_op op, tc_tensor *x, int64_t n, tc_error *err) {
    tc_tensor *c = host_contig(x, err);
    tc_tensor *r = c ? tc_empty(x->shape, x->ndim, x->dtype, tc_device_cpu(), err) : NULL;
    if (r) {
        int64_t cnt = tc_numel(x);
        /* exp2 as PyTorch splits a contiguous range: whole pairs of 512-bit vectors in SLEEF's
         * form, the rest (and every element of a strided input) through the C library */
        int64_t chunk = x->dtype == TC_DTYPE_F32 ? 32 : 16;
        int64_t nvec = op == TC_SPECIAL_EXP2 && tc_is_contiguous(x) ? cnt - cnt % chunk : 0;
        if (x->dtype == TC_DTYPE_F32) {
            const float *a = tc_data_ptr(c);
            float *o = tc_data_ptr(r);
            for (int64_t i = 0; i < nvec; i++) o[i] = exp2_vec_f(a[i]);
            for (int64_t i = nvec; i < cnt; i++) o[i] = tc_special_scalar_f(op, a[i], n);
        } else {
            const double *a = tc_data_ptr(c);
            double *o = tc_data_ptr(r);
            for (int64_t i = 0; i < nvec; i++) o[i] = exp2_vec_d(a[i]);
            for (int64_t i = nvec; i < cnt; i++) o[i] = tc_special_scalar_d(op, a[i], n);
        }
    }
    tc_tensor_unref(c);
    return to_device(r, x->device, err);
}

tc_tensor *tc_special(tc_special_op op, tc_tensor *x, int64_t n, tc_error *err) {
    if (check_float(x, sp_names[op], err)) return NULL;
    tc_tensor *r = special_values(op, x, n, err);
    if (r && tc__needs_grad(x, NULL)) {
        tc__gargs ga = {0};
        ga.a = op;
        ga.b = n;
        ga.c = 0;
        if (tc__grad_record(r, sp_grad[op], TC_G_SPECIAL, x, NULL, NULL, &ga, err)) {
            tc_tensor_unref(r);
            return NULL;
        }
    }
    return r;
}

static tc_tensor *special2_values(tc_special2_op op, tc_tensor *a, tc_tensor *b, tc_error *err) {
    tc_tensor *ca = host_contig(a, err);
    tc_tensor *cb = ca ? host_contig(b, err) : NULL;
    tc_tensor *r = cb ? tc_empty(a->shape, a->ndim, a->dtype, tc_device_cpu(), err) : NULL;
    if (r) {
        int64_t cnt = tc_numel(a);
        if (a->dtype == TC_DTYPE_F32) {
            const float *pa = tc_data_ptr(ca), *pb = tc_data_ptr(cb);
            float *o = tc_data_ptr(r);
            for (int64_t i = 0; i < cnt; i++) o[i] = special2_f(op, pa[i], pb[i]);
        } else {
            const double *pa = tc_data_ptr(ca), *pb = tc_data_ptr(cb);
            double *o = tc_data_ptr(r);
            for (int64_t i = 0; i < cnt; i++) o[i] = special2_d(op, pa[i], pb[i]);
        }
    }
    tc_tensor_unref(ca);
    tc_tensor_unref(cb);
    return to_device(r, a->device, err);
}

tc_tensor *tc_special2(tc_special2_op op, tc_tensor *a, tc_tensor *b, int variant, tc_error *err) {
    if (check_float(a, sp2_names[op], err) || check_float(b, sp2_names[op], err)) return NULL;
    if (a->dtype != b->dtype || a->ndim != b->ndim || memcmp(a->shape, b->shape, sizeof(int64_t) * a->ndim)) {
        tc_error_set(err, TC_EXC_RUNTIME, "%s: operands must have one dtype and one shape", sp2_names[op]);
        return NULL;
    }
    tc_tensor *r = special2_values(op, a, b, err);
    if (r && tc__needs_grad(a, b)) {
        tc__gargs ga = {0};
        ga.a = op;
        ga.c = 1;
        if (tc__grad_record(r, sp2_grad[op][variant < 0 || variant > 2 ? 0 : variant], TC_G_SPECIAL, a, b, NULL, &ga, err)) {
            tc_tensor_unref(r);
            return NULL;
        }
    }
    return r;
}

/* ---- gradients ------------------------------------------------------------------------------ */

static tc_scalar fs(double v) { tc_scalar s = {.kind = TC_SCALAR_FLOAT, .v.f = v}; return s; }
static tc_tensor *mul(tc_tensor *a, tc_tensor *b, tc_error *e) { return a && b ? tc_binary(TC_OP_MUL, a, b, e) : NULL; }
static tc_tensor *divt(tc_tensor *a, tc_tensor *b, tc_error *e) { return a && b ? tc_binary(TC_OP_DIV, a, b, e) : NULL; }
static tc_tensor *sub(tc_tensor *a, tc_tensor *b, tc_error *e) { return a && b ? tc_binary(TC_OP_SUB, a, b, e) : NULL; }
static tc_tensor *muls(tc_tensor *a, double v, tc_error *e) { return a ? tc_binary_scalar(TC_OP_MUL, a, fs(v), e) : NULL; }
static tc_tensor *adds(tc_tensor *a, double v, tc_error *e) { return a ? tc_binary_scalar(TC_OP_ADD, a, fs(v), e) : NULL; }
static tc_tensor *un(tc_unary_op op, tc_tensor *a, tc_error *e) { return a ? tc_unary(op, a, e) : NULL; }
static tc_tensor *sp(tc_special_op op, tc_tensor *a, int64_t n, tc_error *e) { return a ? tc_special(op, a, n, e) : NULL; }
#define DROP(...)                                                                             \
    do {                                                                                      \
        tc_tensor *drop_[] = {__VA_ARGS__};                                                   \
        for (size_t i_ = 0; i_ < sizeof drop_ / sizeof *drop_; i_++) tc_tensor_unref(drop_[i_]); \
    } while (0)

/* where(x == 0, v, r); steals r. */
static tc_tensor *at_zero(tc_tensor *x, double v, tc_tensor *r, tc_error *e) {
    if (!r) return NULL;
    tc_tensor *m = tc_binary_scalar(TC_OP_EQ, x, fs(0.0), e);
    tc_tensor *z = m ? tc_full(NULL, 0, v, r->dtype, r->device, e) : NULL;
    tc_tensor *w = z ? tc_where(m, z, r, e) : NULL;
    DROP(m, z, r);
    return w;
}

tc_tensor *tc__special_grad(const tc_grad_node *n, tc_tensor *out, tc_tensor *g, int which, tc_error *e) {
    tc_tensor *x = n->inputs[0], *t1 = NULL, *t2 = NULL, *t3 = NULL, *r = NULL, *d = NULL;
    if (n->args.c == 1 && n->args.a == TC_SPECIAL2_ZETA) {
        tc_error_set(e, TC_EXC_NOT_IMPLEMENTED, "the derivative for 'zeta' is not implemented.");
        return NULL;
    }
    if (n->args.c == 1) { /* xlogy / xlog1py */
        tc_tensor *y = n->inputs[1];
        bool l1p = n->args.a == TC_SPECIAL2_XLOG1PY;
        if (which == 0) { /* xlogy(g, y), 0 where x == 0 and y <= 0 (<= -1 for xlog1py) */
            tc_tensor *gb = tc_expand(g, y->shape, y->ndim, e);
            tc_tensor *gc = gb ? tc_contiguous(gb, e) : NULL;
            t1 = gc ? tc_special2(l1p ? TC_SPECIAL2_XLOG1PY : TC_SPECIAL2_XLOGY, gc, y, 0, e) : NULL;
            t2 = t1 ? tc_binary_scalar(TC_OP_EQ, x, fs(0.0), e) : NULL;
            t3 = t2 ? tc_binary_scalar(TC_OP_LE, y, fs(l1p ? -1.0 : 0.0), e) : NULL;
            tc_tensor *m = t3 ? tc_binary(TC_OP_LOGICAL_AND, t2, t3, e) : NULL;
            tc_tensor *z = m ? tc_zeros(NULL, 0, t1->dtype, t1->device, e) : NULL;
            r = z ? tc_where(m, z, t1, e) : NULL;
            DROP(gb, gc, m, z);
        } else { /* g * x / y, or g * x / (y + 1) */
            t1 = l1p ? adds(y, 1.0, e) : tc_tensor_ref(y);
            t2 = divt(x, t1, e);
            r = mul(g, t2, e);
        }
        DROP(t1, t2, t3);
        return r;
    }
    tc_special_op op = (tc_special_op)n->args.a;
    switch (op) {
    case TC_SPECIAL_LGAMMA: d = sp(TC_SPECIAL_DIGAMMA, x, 0, e); break;
    case TC_SPECIAL_DIGAMMA: d = sp(TC_SPECIAL_POLYGAMMA, x, 1, e); break;
    case TC_SPECIAL_POLYGAMMA: d = sp(TC_SPECIAL_POLYGAMMA, x, n->args.b + 1, e); break;
    case TC_SPECIAL_I0: d = sp(TC_SPECIAL_I1, x, 0, e); break;
    case TC_SPECIAL_I0E: /* i1e(x) - sgn(x) i0e(x) */
        t1 = sp(TC_SPECIAL_I1E, x, 0, e);
        t2 = un(TC_UOP_SIGN, x, e);
        t3 = mul(t2, out, e);
        d = sub(t1, t3, e);
        break;
    case TC_SPECIAL_I1: /* i0(x) - i1(x)/x, 1/2 at 0 */
        t1 = sp(TC_SPECIAL_I0, x, 0, e);
        t2 = divt(out, x, e);
        d = at_zero(x, 0.5, sub(t1, t2, e), e);
        break;
    case TC_SPECIAL_I1E: { /* i0e(x) - i1e(x) (sgn(x) + 1/x), 1/2 at 0 */
        t1 = sp(TC_SPECIAL_I0E, x, 0, e);
        t2 = un(TC_UOP_SIGN, x, e);
        tc_tensor *rx = un(TC_UOP_RECIPROCAL, x, e);
        tc_tensor *s = rx && t2 ? tc_binary(TC_OP_ADD, t2, rx, e) : NULL;
        t3 = mul(out, s, e);
        d = at_zero(x, 0.5, sub(t1, t3, e), e);
        DROP(rx, s);
        break;
    }
    case TC_SPECIAL_NDTRI: /* sqrt(2 pi) e^(ndtri(x)^2 / 2) */
        t1 = mul(out, out, e);
        t2 = muls(t1, 0.5, e);
        t3 = un(TC_UOP_EXP, t2, e);
        d = muls(t3, 2.5066282746310002, e);
        break;
    case TC_SPECIAL_LOG_NDTR: /* e^(-x^2/2 - log_ndtr(x)) / sqrt(2 pi) */
        t1 = mul(x, x, e);
        t2 = muls(t1, -0.5, e);
        t3 = sub(t2, out, e);
        d = un(TC_UOP_EXP, t3, e);
        DROP(t1);
        t1 = d;
        d = muls(t1, 0.3989422804014327, e);
        break;
    case TC_SPECIAL_SINC: { /* (cos(pi x) pi x - sin(pi x)) / (pi x^2), 0 at 0 */
        tc_tensor *px = muls(x, 3.14159265358979323846, e);
        t1 = un(TC_UOP_COS, px, e);
        tc_tensor *a = mul(t1, px, e);
        t2 = un(TC_UOP_SIN, px, e);
        tc_tensor *num = sub(a, t2, e);
        t3 = mul(px, x, e);
        d = at_zero(x, 0.0, divt(num, t3, e), e);
        DROP(px, a, num);
        break;
    }
    case TC_SPECIAL_ENTR: /* -(1 + log x) */
        t1 = un(TC_UOP_LOG, x, e);
        t2 = adds(t1, 1.0, e);
        d = un(TC_UOP_NEG, t2, e);
        break;
    case TC_SPECIAL_EXP2: d = muls(out, 0.69314718055994530942, e); break;
    case TC_SPECIAL_ERFCX: /* 2 x erfcx(x) - 2/sqrt(pi) */
        t1 = mul(x, out, e);
        t2 = muls(t1, 2.0, e);
        d = adds(t2, -1.1283791670955126, e);
        break;
    default:
        tc_error_set(e, TC_EXC_NOT_IMPLEMENTED, "the derivative for '%s' is not implemented.", sp_names[op]);
        return NULL;
    }
    r = mul(g, d, e);
    DROP(t1, t2, t3, d);
    return r;
}
