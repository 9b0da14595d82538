/*
 * Transcendental functions for the CPU backend, vectorised with AVX2 + FMA (picked at run
 * time), with PyTorch 2.15's results on x86-64 as the target.
 *
 * What PyTorch computes, by function (found by comparing its bits on millions of inputs):
 *   - SLEEF's u10 functions in its vectorised lanes: float32 expm1 and log1p; float64 sinh,
 *     cosh, expm1 and log1p; atan2, pow and hypot (u05) of both types; the exp inside sigmoid. These are
 *     reproduced operation for operation (the double-double and float-float kernels in
 *     cpu-vmath-dd.h) and agree bit for bit.
 *   - The C library in its scalar loop, which takes the elements after the last whole pair of
 *     vectors (512-bit ones on a CPU with AVX-512, else 256-bit: tc__aten_vec_bytes) of a
 *     contiguous range and every element of a strided operand: sigmoid
 *     (1 / (1 + exp(-x)) in the element type), float64 sinh and cosh, atan2, pow, hypot. The loops
 *     here split a range the same way, so small tensors, tails and strided views agree too.
 *   - MKL's vector math (exp, log, sin, cos, tan, sqrt, tanh and the float32 log2, log10):
 *     within about half an ulp but not correctly rounded, and not reproducible. Here these
 *     are computed in double (float32), correctly rounded (sqrt) or with SLEEF's
 *     double-double kernels (float64 tanh, log10) and rounded once, which matches MKL in
 *     91-99.9% of inputs (tests/py/test_numerics.py keeps the counts).
 * Every path (the AVX2 lanes, the scalar tails, machines without AVX2, strided operands) runs
 * the same sequence of correctly rounded operations with explicit fused multiply-adds, so a
 * value never depends on where it sits in memory or on which CPU computes it.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cpu-loops.h"

/* ---- e^y - 1 and e^y in double, the scalar form ----------------------------------------- */

/* y = k ln2 + r with |r| <= ln2/2; e^r - 1 as r times its Taylor series to r^12/13!, whose
 * remainder is below 2^-55 of the result. ln2 is split so k * LN2HI is exact. */
#define LOG2E 0x1.71547652b82fep0
#define SHIFT 0x1.8p52 /* adding it rounds to an integer held in the low mantissa bits */
#define LN2HI 0x1.62e42fee00000p-1
#define LN2LO 0x1.a39ef35793c76p-33
static const double em1_coef[13] = {
    1.0, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
    1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800.0};

/* For -200 <= y <= 100: *scale = 2^k and the return value q = e^r - 1, so that
 * e^y = scale * (1 + q). */
static inline double em1_split(double y, double *scale) {
    double kd = fma(y, LOG2E, SHIFT);
    uint64_t kb, sb;
    memcpy(&kb, &kd, 8);
    double sh = SHIFT;
    memcpy(&sb, &sh, 8);
    int64_t k = (int64_t)(kb - sb);
    kd -= SHIFT;
    double r = fma(-kd, LN2HI, y);
    r = fma(-kd, LN2LO, r);
    double p = em1_coef[12];
    for (int j = 11; j >= 0; j--) p = fma(p, r, em1_coef[j]);
    uint64_t bits = (uint64_t)(k + 1023) << 52;
    memcpy(scale, &bits, 8);
    return r * p;
}

static inline float exp_one(float x) {
    if (x != x) return x + x;
    double y = fmin(fmax((double)x, -150.0), 100.0), s;
    double q = em1_split(y, &s);
    return (float)fma(s, q, s);
}

static inline float tanh_one(float x) {
    if (x != x) return x + x;
    double y = fmin(2.0 * fabs((double)x), 40.0), s;
    double q = em1_split(y, &s);
    double m = fma(s, q, s - 1.0); /* e^y - 1, relatively exact for small y */
    return copysignf((float)(m / (m + 2.0)), x);
}

/* sin and cos: x = k pi/2 + r with |r| <= pi/4 by a three-part Cody-Waite reduction with
 * fused multiply-adds (r keeps its relative accuracy for |x| <= 2^20, beyond which the
 * double libm function is used), then fdlibm's kernel polynomials for sin r and cos r. */
#define TRIG_MAX 0x1p20
#define TWO_OVER_PI 0x1.45f306dc9c883p-1
#define PIO2_1 0x1.921fb54442d18p0
#define PIO2_2 0x1.1a62633145c07p-54
#define PIO2_3 -0x1.f1976b7ed8fbcp-110
static const double sin_coef[6] = {-1.66666666666666324348e-01, 8.33333333332248946124e-03,
                                   -1.98412698298579493134e-04, 2.75573137070700676789e-06,
                                   -2.50507602534068634195e-08, 1.58969099521155010221e-10};
static const double cos_coef[6] = {4.16666666666666019037e-02, -1.38888888888741095749e-03,
                                   2.48015872894767294178e-05, -2.75573143513906633035e-07,
                                   2.08757232129817482790e-09, -1.13596475577881948265e-11};

/* sin (cos_shift 0) or cos (cos_shift 1) of |x| <= TRIG_MAX. */
static inline double trig_small(double x, int cos_shift) {
    double kd = fma(x, TWO_OVER_PI, SHIFT);
    uint64_t kb, sb;
    memcpy(&kb, &kd, 8);
    double sh = SHIFT;
    memcpy(&sb, &sh, 8);
    int64_t q = (int64_t)(kb - sb) + cos_shift;
    kd -= SHIFT;
    double r = fma(-kd, PIO2_1, x);
    r = fma(-kd, PIO2_2, r);
    r = fma(-kd, PIO2_3, r);
    double z = r * r;
    double ps = sin_coef[5], pc = cos_coef[5];
    for (int j = 4; j >= 0; j--) {
        ps = fma(ps, z, sin_coef[j]);
        pc = fma(pc, z, cos_coef[j]);
    }
    double sn = fma(r * z, ps, r);
    double cs = fma(z * z, pc, fma(z, -0.5, 1.0));
    double v = (q & 1) ? cs : sn;
    return (q & 2) ? -v : v;
}

static inline float sin_one(float x) {
    if (!(fabsf(x) <= TRIG_MAX)) return (float)sin((double)x);
    return (float)trig_small((double)x, 0);
}

static inline float cos_one(float x) {
    if (!(fabsf(x) <= TRIG_MAX)) return (float)cos((double)x);
    return (float)trig_small((double)x, 1);
}

/* SLEEF's expf_u10 (the float exp of PyTorch's vectorised kernels): Cody-Waite reduction and
 * a degree-6 polynomial with fused multiply-adds. */
static inline float pow2i(int e) {
    uint32_t bits = (uint32_t)(e + 127) << 23;
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

#define R_LN2F 1.442695040888963407359924681001892137426645954152985934135449406931f
#define L2UF 0.693145751953125f
#define L2LF 1.428606765330187045e-06f
static const float sleef_coef[6] = {0.000198527617612853646278381f, 0.00139304355252534151077271f,
                                    0.00833336077630519866943359f, 0.0416664853692054748535156f,
                                    0.166666671633720397949219f, 0.5f};

static inline float sleef_expf(float d) {
    if (!(d >= -104.0f && d <= 104.0f)) return d != d ? d : d > 0 ? INFINITY : 0.0f;
    int q = (int)rintf(d * R_LN2F);
    float s = fmaf((float)q, -L2UF, d);
    s = fmaf((float)q, -L2LF, s);
    float u = sleef_coef[0];
    for (int j = 1; j < 6; j++) u = fmaf(u, s, sleef_coef[j]);
    u = 1.0f + fmaf(s * s, u, s);
    return u * pow2i(q >> 1) * pow2i(q - (q >> 1));
}

static inline float sigmoid_one(float x) { return 1.0f / (1.0f + sleef_expf(-x)); }

/* ---- log in double ------------------------------------------------------------------------
 * x = 2^e m with sqrt(1/2) <= m < sqrt(2) by integer arithmetic on the bits (x positive and
 * finite); log m = 2 atanh t with t = (m - 1) / (m + 1), |t| < 0.172, as 2t + 2t z P(z), z = t^2,
 * P the atanh series to z^10/23, whose remainder is below 2^-60 of the result. m - 1 is exact,
 * so log m keeps its relative accuracy next to 1. */
#define SQRTH_BITS 0x3fe6a09e667f3bcdULL
#define LN2 0x1.62e42fefa39efp-1
#define LOG2E_D 0x1.71547652b82fep0
#define LOG10E 0x1.bcb7b1526e50ep-2
#define LOG10_2 0x1.34413509f79ffp-2
static const double atanh_coef[10] = {1.0 / 3, 1.0 / 5, 1.0 / 7, 1.0 / 9, 1.0 / 11,
                                      1.0 / 13, 1.0 / 15, 1.0 / 17, 1.0 / 19, 1.0 / 21};

/* log m into *lm, e as the return value. */
static inline double log_split(double x, double *lm) {
    uint64_t b;
    memcpy(&b, &x, 8);
    uint64_t ix = b - SQRTH_BITS;
    uint64_t mb = b - (ix & 0xfff0000000000000ULL);
    uint64_t eb = ((ix + (1024ULL << 52)) >> 52) | 0x4330000000000000ULL;
    double m, e;
    memcpy(&m, &mb, 8);
    memcpy(&e, &eb, 8);
    e -= 0x1p52 + 1024;
    double t = (m - 1.0) / (m + 1.0), z = t * t, t2 = t + t;
    double p = atanh_coef[9];
    for (int j = 8; j >= 0; j--) p = fma(p, z, atanh_coef[j]);
    *lm = fma(t2 * z, p, t2);
    return e;
}

/* what a float log returns outside (0, inf): NaN, -inf at zero, inf at inf */
static inline int log_special(float x, float *r) {
    if (x > 0 && x < INFINITY) return 0;
    *r = x == 0 ? -INFINITY : x == INFINITY ? x : x != x ? x + x : NAN;
    return 1;
}

static inline float log_one(float x) {
    float r;
    if (log_special(x, &r)) return r;
    double lm, e = log_split((double)x, &lm);
    return (float)fma(e, LN2, lm);
}

static inline float log2_one(float x) {
    float r;
    if (log_special(x, &r)) return r;
    double lm, e = log_split((double)x, &lm);
    return (float)fma(lm, LOG2E_D, e);
}

static inline float log10_one(float x) {
    float r;
    if (log_special(x, &r)) return r;
    double lm, e = log_split((double)x, &lm);
    return (float)fma(e, LOG10_2, lm * LOG10E);
}

/* ---- SLEEF's exp for double (u10, the FMA form of PyTorch's vectorised float64 kernels) --- */
#define R_LN2 1.442695040888963407359924681001892137426645954152985934135449406931
#define L2U .69314718055966295651160180568695068359375
#define L2L .28235290563031577122588448175013436025525412068e-12
static const double sleef_exp_coef[10] = {
    +0.2081276378237164457e-8, +0.2511210703042288022e-7, +0.2755762628169491192e-6,
    +0.2755723402025388239e-5, +0.2480158687479686264e-4, +0.1984126989855865850e-3,
    +0.1388888888914497797e-2, +0.8333333333314938210e-2, +0.4166666666666602598e-1,
    +0.1666666666666669072e+0};

static inline double pow2i_d(int64_t e) {
    uint64_t bits = (uint64_t)(e + 1023) << 52;
    double f;
    memcpy(&f, &bits, 8);
    return f;
}

/* The polynomial in Estrin's scheme, as SLEEF evaluates it (c[0] is the highest term). */
static inline double sleef_exp_poly(double s) {
    const double *c = sleef_exp_coef;
    double s2 = s * s, s4 = s2 * s2, s8 = s4 * s4;
    double hi = fma(s, c[0], c[1]);
    double a = fma(s2, fma(s, c[2], c[3]), fma(s, c[4], c[5]));
    double b = fma(s2, fma(s, c[6], c[7]), fma(s, c[8], c[9]));
    return fma(s8, hi, fma(s4, a, b));
}

static inline double sleef_exp(double d) {
    if (d != d) return d + d;
    if (d > 709.78271114955742909217217426) return INFINITY;
    if (d < -1000) return 0.0;
    double u = rint(d * R_LN2);
    int64_t q = (int64_t)u;
    double s = fma(u, -L2U, d);
    s = fma(u, -L2L, s);
    u = sleef_exp_poly(s);
    u = fma(u, s, 0.5);
    u = fma(u, s, 1.0);
    u = fma(u, s, 1.0);
    return u * pow2i_d(q >> 1) * pow2i_d(q - (q >> 1));
}

/* PyTorch's sigmoid: 1 / (1 + exp(-x)) with SLEEF's exp in its vectorised lanes (float and
 * double alike) and the C library's exp in its scalar loop, which takes the elements past the
 * last whole pair of vectors and every element of a strided operand. */
static inline double sigmoid_vec_d(double x) { return 1.0 / (1.0 + sleef_exp(0.0 - x)); }
static inline double sigmoid_lib_d(double x) { return 1.0 / (1.0 + exp(-x)); }
static inline float sigmoid_lib_f(float x) { return 1.0f / (1.0f + expf(-x)); }

/* ---- float64 tanh, sinh, cosh: SLEEF's double-double kernels (cpu-vmath-dd.h) ------------- */
typedef struct {
    double x, y;
} dd_s;
static inline double ldexp2_s(double a, double dq) {
    int64_t q = (int64_t)dq;
    return a * pow2i_d(q >> 1) * pow2i_d(q - (q >> 1));
}
#define V double
#define DD dd_s
#define SFX _s
#define DD_FN static inline
#define K(c) (c)
#define ADD(a, b) ((a) + (b))
#define SUB(a, b) ((a) - (b))
#define MUL(a, b) ((a) * (b))
#define DIV(a, b) ((a) / (b))
#define NEG(a) (-(a))
#define FMA(a, b, c) fma(a, b, c)
#define SQRT(a) sqrt(a)
#define RINT(a) rint(a)
#define LDEXP2(a, q) ldexp2_s(a, q)
#define MASK int
#define LT(a, b) ((a) < (b))
#define SEL(m, a, b) ((m) ? (a) : (b))
#define DD_DOUBLE_KERNELS
#include "cpu-vmath-dd.h"
#undef DD_FN
#undef DD_DOUBLE_KERNELS
#undef V
#undef DD
#undef SFX
#undef K
#undef ADD
#undef SUB
#undef MUL
#undef DIV
#undef NEG
#undef FMA
#undef SQRT
#undef RINT
#undef LDEXP2
#undef MASK
#undef LT
#undef SEL

/* SLEEF's erf (u1), which PyTorch's vectorised float64 kernels call (gelu's): its core for
 * |a| (cpu-vmath-dd.h), then its special cases; the sign of a is multiplied in */
#define ERF_2_SQRTPI 1.12837916709551262756245475959
static inline double sleef_erf(double a) {
    double x = fabs(a), z = dd_erf_abs_s(x, x > 2.5);
    if (x < 1e-8) z = x * ERF_2_SQRTPI;
    if (x >= 6 || isinf(a)) z = 1;
    if (a == 0) z = 0;
    uint64_t zb, ab;
    memcpy(&zb, &z, 8);
    memcpy(&ab, &a, 8);
    zb ^= ab & 0x8000000000000000ull;
    memcpy(&z, &zb, 8);
    return z;
}

/* PyTorch's float64 tanh (MKL's) is within half an ulp like SLEEF's tanh, which this is; its
 * sinh and cosh are SLEEF's in the vectorised lanes and the C library's in the scalar loop. */
#define TANH_BIG 18.714973875
static inline double tanh_vec_d(double x) {
    if (x != x) return x + x;
    double y = fabs(x), r = dd_tanh_abs_s(y);
    return copysign(y > TANH_BIG || r != r ? 1.0 : r, x);
}
static inline double sinh_vec_d(double x) {
    if (x != x) return x + x;
    double y = fabs(x), r = dd_sinh_abs_s(y);
    return copysign(y > 710 || r != r ? INFINITY : r, x);
}
static inline double cosh_vec_d(double x) {
    if (x != x) return x + x;
    double y = fabs(x), r = dd_cosh_abs_s(y);
    return y > 710 || r != r ? INFINITY : r;
}

/* SLEEF's exponent for log: that of x * (1 / 0.75) as rounded, for normal x */
static inline double sleef_logexp(double x) {
    double y = x * (1.0 / 0.75);
    uint64_t b;
    memcpy(&b, &y, 8);
    return (double)((int64_t)(b >> 52) - 1023);
}

static inline double expm1_vec_d(double a) {
    if (a != a) return a + a;
    if (a > 709.782712893383996732223) return INFINITY;
    if (a < -36.736800569677101399113302437) return -1.0;
    if (a == 0) return a;
    return dd_expm1_s(a);
}

static inline double log10_vec_d(double x) {
    if (!(x > 0 && x < INFINITY)) return x == 0 ? -INFINITY : x == INFINITY ? x : x != x ? x + x : NAN;
    double adj = 0;
    if (x < 0x1p-1022) x *= 0x1p64, adj = 64;
    uint64_t b;
    memcpy(&b, &x, 8);
    b -= (b - 0x3fe8000000000000ULL) & 0xfff0000000000000ULL; /* the mantissa in [0.75, 1.5) */
    double m;
    memcpy(&m, &b, 8);
    return dd_log10_s(m, sleef_logexp(x) - adj);
}

/* (PyTorch's log1p past 1e307, where 1 + d is d, is log d.) */
static inline double log1p_vec_d(double d) {
    if (!(d > -1 && d <= 1e307)) return d == -1 ? -INFINITY : d > 1e307 ? log(d) : d != d ? d + d : NAN;
    if (d == 0) return d;
    double e = sleef_logexp(d + 1.0);
    return dd_log1p_s(d, e, pow2i_d(-(int64_t)e));
}

/* ---- float32 atan2: SLEEF's atan2f_u1 (cpu-vmath-dd.h) in PyTorch's vectorised lanes, the C
 * library's atan2f in its scalar loop ------------------------------------------------------ */
typedef struct {
    float x, y;
} df_s;
#define V float
#define DD df_s
#define SFX _fs
#define DD_FN static inline
#define K(c) ((float)(c))
#define ADD(a, b) ((a) + (b))
#define SUB(a, b) ((a) - (b))
#define MUL(a, b) ((a) * (b))
#define DIV(a, b) ((a) / (b))
#define NEG(a) (-(a))
#define FMA(a, b, c) fmaf(a, b, c)
#define SQRT(a) sqrtf(a)
#define MASK int
#define LT(a, b) ((a) < (b))
#define SEL(m, a, b) ((m) ? (a) : (b))
#define DD_FLOAT_KERNELS
#include "cpu-vmath-dd.h"
#undef DD_FN
#undef DD_FLOAT_KERNELS
#undef V
#undef DD
#undef SFX
#undef K
#undef ADD
#undef SUB
#undef MUL
#undef DIV
#undef NEG
#undef FMA
#undef SQRT
#undef MASK
#undef LT
#undef SEL

#define ATAN2F_TINY 2.9387372783541830947e-39f
#define PI_F ((float)3.141592653589793)
#define PI_2F ((float)(3.141592653589793 / 2))
#define PI_4F ((float)(3.141592653589793 / 4))

static inline float xor_sign(float r, float s) {
    uint32_t a, b;
    memcpy(&a, &r, 4);
    memcpy(&b, &s, 4);
    a ^= b & 0x80000000u;
    memcpy(&r, &a, 4);
    return r;
}

/* SLEEF's visinf2: m with the sign of d or'ed in where d is infinite, else 0 */
static inline float visinf2f(float d, float m) {
    if (!isinf(d)) return 0.0f;
    uint32_t a, b;
    memcpy(&a, &d, 4);
    memcpy(&b, &m, 4);
    b |= a & 0x80000000u;
    memcpy(&m, &b, 4);
    return m;
}

static inline float atan2_vec_f(float y, float x) {
    if (fabsf(x) < ATAN2F_TINY) {
        x *= 16777216.0f;
        y *= 16777216.0f;
    }
    df_s d = df_atan2k_fs(fabsf(y), x);
    float r = xor_sign(d.x + d.y, x);
    if (isinf(x) || x == 0) r = PI_2F - visinf2f(x, xor_sign(PI_2F, x));
    if (isinf(y)) r = PI_2F - visinf2f(x, xor_sign(PI_4F, x));
    if (y == 0) r = signbit(x) ? PI_F : 0.0f;
    if (x != x || y != y) return NAN;
    return xor_sign(r, y);
}

#define ATAN2D_TINY 5.5626846462680083984e-309
static inline double xor_sign_d(double r, double s) {
    uint64_t a, b;
    memcpy(&a, &r, 8);
    memcpy(&b, &s, 8);
    a ^= b & 0x8000000000000000ULL;
    memcpy(&r, &a, 8);
    return r;
}
/* SLEEF's visinf2 where m carries d's sign already: m where d is infinite, else 0 */
static inline double visinf2d(double d, double m) { return isinf(d) ? m : 0.0; }
static inline double atan2_vec_d(double y, double x) {
    if (fabs(x) < ATAN2D_TINY) {
        x *= 0x1p53;
        y *= 0x1p53;
    }
    dd_s d = dd_atan2k_s(fabs(y), x);
    double r = xor_sign_d(d.x + d.y, x);
    if (isinf(x) || x == 0) r = 3.141592653589793 / 2 - visinf2d(x, xor_sign_d(3.141592653589793 / 2, x));
    if (isinf(y)) r = 3.141592653589793 / 2 - visinf2d(x, xor_sign_d(3.141592653589793 / 4, x));
    if (y == 0) r = signbit(x) ? 3.141592653589793 : 0.0;
    if (x != x || y != y) return NAN;
    return xor_sign_d(r, y);
}

/* ---- hypot: SLEEF's hypotf_u05 / hypot_u05 in PyTorch's vectorised lanes, the C library's
 * (correctly rounded) hypotf / hypot in its scalar loop ------------------------------------- */
#define HYPOT_FORM(T, SUF, FABS, KIND, TINY, SCALE)                                              \
    static inline T hypot_vec_##SUF(T x, T y) {                                                  \
        x = FABS(x);                                                                             \
        y = FABS(y);                                                                             \
        T mn = x < y ? x : y, mx = x > y ? x : y, n = mn, d = mx;                                \
        if (mx < TINY) {                                                                         \
            n *= SCALE;                                                                          \
            d *= SCALE;                                                                          \
        }                                                                                        \
        T r = dd_hypot_core_##KIND(n, d, mx);                                                    \
        if (r != r) r = INFINITY;                                                                \
        if (mn == 0) r = mx;                                                                     \
        if (x != x || y != y) r = NAN;                                                           \
        if (x == INFINITY || y == INFINITY) r = INFINITY;                                        \
        return r;                                                                                \
    }
HYPOT_FORM(float, f, fabsf, fs, 0x1p-126f, 0x1p24f)
HYPOT_FORM(double, d, fabs, s, 0x1p-1022, 0x1p54)
#undef HYPOT_FORM

/* ---- pow: SLEEF's powf / pow u10 in PyTorch's vectorised lanes ----------------------------- */
/* SLEEF's vldexp_vf_vf_vi2: x 2^q in five steps, as its float exp scales */
static inline float sleef_ldexpf(float x, int32_t q) {
    int32_t m = q >> 31;
    m = (((m + q) >> 6) - m) << 4;
    q = q - (m << 2);
    m += 127;
    m = m > 0 ? m : 0;
    m = m > 0xff ? 0xff : m;
    uint32_t ub = (uint32_t)m << 23;
    float u;
    memcpy(&u, &ub, 4);
    x = x * u * u * u * u;
    ub = (uint32_t)(q + 0x7f) << 23;
    memcpy(&u, &ub, 4);
    return x * u;
}

/* x = m 2^e with 0.75 <= m < 1.5, e the exponent of x * (1 / 0.75) as rounded (SLEEF's
 * getexp/getmant pair), for normal positive x */
static inline float sleef_mantf(float x, float *e) {
    float y = x * (1.0f / 0.75f);
    uint32_t b, yb;
    memcpy(&b, &x, 4);
    memcpy(&yb, &y, 4);
    *e = (float)((int32_t)(yb >> 23) - 127);
    b -= (b - 0x3f400000u) & 0xff800000u;
    float m;
    memcpy(&m, &b, 4);
    return m;
}

static inline double sleef_mant(double x, double *e) {
    *e = sleef_logexp(x);
    uint64_t b;
    memcpy(&b, &x, 8);
    b -= (b - 0x3fe8000000000000ULL) & 0xfff0000000000000ULL;
    double m;
    memcpy(&m, &b, 8);
    return m;
}

/* SLEEF's pow special cases, given the kernel's result r for |x|, y */
#define POW_FIXUP(T, r, x, y, yisint, yisodd, INF, NANV)                                     \
    do {                                                                                     \
        r = r * ((x) > 0 ? (T)1 : (yisint) ? ((yisodd) ? (T)-1 : (T)1) : NANV);             \
        T efx = copysign##T##_((T)(fabs##T##_(x) - 1), y);                                   \
        if (isinf(y)) r = efx < 0 ? (T)0 : efx == 0 ? (T)1 : INF;                           \
        if (isinf(x) || (x) == 0)                                                            \
            r = copysign##T##_((signbit(y) != 0) ^ ((x) == 0) ? (T)0 : INF, (yisodd) ? (x) : (T)1); \
        if ((x) != (x) || (y) != (y)) r = NANV;                                              \
        if ((y) == 0 || (x) == 1) r = 1;                                                     \
    } while (0)
#define copysignfloat_ copysignf
#define copysigndouble_ copysign
#define fabsfloat_ fabsf
#define fabsdouble_ fabs

static inline float pow_vec_f(float x, float y) {
    int yisint = truncf(y) == y || fabsf(y) > 16777216.0f;
    int yisodd = fabsf(y) < 16777216.0f && yisint && ((int32_t)truncf(y) & 1) == 1;
    float ax = fabsf(x), r;
    if (ax > 0 && ax < INFINITY) {
        float e, m;
        if (ax < 0x1p-126f) {
            m = sleef_mantf(ax * 0x1p64f, &e);
            e -= 64;
        } else {
            m = sleef_mantf(ax, &e);
        }
        df_s d = dd_mul_dv_fs(df_logk_fs(m, e), y);
        float q = rintf((d.x + d.y) * R_LN2F);
        r = q != q ? q : sleef_ldexpf(df_expk_fs(d, q), (int32_t)q);
        if (d.x < -104) r = 0;
        if (r != r) r = INFINITY;
    } else {
        r = ax == 0 ? 0.0f : INFINITY; /* replaced below */
    }
    POW_FIXUP(float, r, x, y, yisint, yisodd, INFINITY, NAN);
    return r;
}

static inline double pow_vec_d(double x, double y) {
    int yisint = trunc(y) == y;
    int yisodd = yisint && fabs(y) < 0x1p53 && ((int64_t)y & 1) == 1;
    double ax = fabs(x), r;
    if (ax > 0 && ax < INFINITY) {
        double e, m;
        if (ax < 0x1p-1022) {
            m = sleef_mant(ax * 0x1p64, &e);
            e -= 64;
        } else {
            m = sleef_mant(ax, &e);
        }
        dd_s d = dd_mul_dv_s(dd_logk_s(m, e), y);
        r = d.x != d.x ? d.x : dd_expk_s(d);
        if (d.x < -1000) r = 0;
        if (d.x > 710) r = INFINITY; /* (below, e^d overflows by itself: pow(DBL_MAX, 1) is DBL_MAX) */
    } else {
        r = ax == 0 ? 0.0 : INFINITY;
    }
    POW_FIXUP(double, r, x, y, yisint, yisodd, INFINITY, NAN);
    return r;
}

/* float32 expm1 and log1p: SLEEF's expm1f and log1pf (u10), which PyTorch's float32 kernels
 * call on every element (through its vectorised map, tail included) */
static inline float pow2i_hf(float q, int half) { /* 2^(q >> 1) or 2^(q - (q >> 1)) */
    int32_t qi = (int32_t)q, h = qi >> 1;
    return pow2i(half ? h : qi - h);
}
static inline float expm1_one(float a) {
    if (a != a) return a + a;
    if (a > 88.72283172607421875f) return INFINITY;
    if (a < -16.635532333438687426013570f) return -1.0f;
    if (a == 0) return a;
    float q = rintf(a * R_LN2F);
    df_s t = df_expk2_fs(a, q);
    t.x = t.x * pow2i_hf(q, 1) * pow2i_hf(q, 0);
    t.y = t.y * pow2i_hf(q, 1) * pow2i_hf(q, 0);
    df_s d = dd_add2_dv_fs(t, -1.0f);
    return d.x + d.y;
}

static inline float log1p_one(float d) {
    if (!(d > -1.0f && d < INFINITY)) return d == -1.0f ? -INFINITY : d == INFINITY ? d : d != d ? d + d : NAN;
    if (d == 0) return d;
    float e;
    sleef_mantf(d + 1.0f, &e);
    return df_log1p_fs(d, e, ldexpf(1.0f, -(int)e));
}

/* ---- AVX2 + FMA -------------------------------------------------------------------------- */

#if defined(__x86_64__)
#include <immintrin.h>

#define VT __attribute__((target("avx2,fma"), always_inline)) static inline

VT __m256d em1_split4(__m256d y, __m256d *scale) {
    const __m256d shift = _mm256_set1_pd(SHIFT);
    __m256d kd = _mm256_fmadd_pd(y, _mm256_set1_pd(LOG2E), shift);
    __m256i k = _mm256_sub_epi64(_mm256_castpd_si256(kd), _mm256_castpd_si256(shift));
    kd = _mm256_sub_pd(kd, shift);
    __m256d r = _mm256_fnmadd_pd(kd, _mm256_set1_pd(LN2HI), y);
    r = _mm256_fnmadd_pd(kd, _mm256_set1_pd(LN2LO), r);
    __m256d p = _mm256_set1_pd(em1_coef[12]);
    for (int j = 11; j >= 0; j--) p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(em1_coef[j]));
    *scale = _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_add_epi64(k, _mm256_set1_epi64x(1023)), 52));
    return _mm256_mul_pd(r, p);
}

VT __m128 exp4(__m128 x) {
    __m256d y = _mm256_min_pd(_mm256_max_pd(_mm256_cvtps_pd(x), _mm256_set1_pd(-150.0)),
                              _mm256_set1_pd(100.0));
    __m256d s, q = em1_split4(y, &s);
    return _mm256_cvtpd_ps(_mm256_fmadd_pd(s, q, s));
}

VT __m128 tanh4(__m128 x) {
    const __m128 sign = _mm_set1_ps(-0.0f);
    __m256d y = _mm256_cvtps_pd(_mm_andnot_ps(sign, x));
    y = _mm256_min_pd(_mm256_add_pd(y, y), _mm256_set1_pd(40.0));
    __m256d s, q = em1_split4(y, &s);
    __m256d m = _mm256_fmadd_pd(s, q, _mm256_sub_pd(s, _mm256_set1_pd(1.0)));
    __m128 t = _mm256_cvtpd_ps(_mm256_div_pd(m, _mm256_add_pd(m, _mm256_set1_pd(2.0))));
    return _mm_or_ps(t, _mm_and_ps(sign, x));
}

/* NaN lanes of x take x + x (x quieted), as the scalar forms return. */
VT __m256 nan_pass(__m256 r, __m256 x) {
    return _mm256_blendv_ps(r, _mm256_add_ps(x, x), _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
}

VT __m256 exp8(__m256 x) {
    __m256 r = _mm256_set_m128(exp4(_mm256_extractf128_ps(x, 1)), exp4(_mm256_castps256_ps128(x)));
    return nan_pass(r, x);
}

VT __m256 tanh8(__m256 x) {
    __m256 r = _mm256_set_m128(tanh4(_mm256_extractf128_ps(x, 1)), tanh4(_mm256_castps256_ps128(x)));
    return nan_pass(r, x);
}

VT __m128 trig4(__m128 xf, int cos_shift) {
    const __m256d shift = _mm256_set1_pd(SHIFT);
    __m256d x = _mm256_cvtps_pd(xf);
    __m256d kd = _mm256_fmadd_pd(x, _mm256_set1_pd(TWO_OVER_PI), shift);
    __m256i q = _mm256_add_epi64(_mm256_sub_epi64(_mm256_castpd_si256(kd), _mm256_castpd_si256(shift)),
                                 _mm256_set1_epi64x(cos_shift));
    kd = _mm256_sub_pd(kd, shift);
    __m256d r = _mm256_fnmadd_pd(kd, _mm256_set1_pd(PIO2_1), x);
    r = _mm256_fnmadd_pd(kd, _mm256_set1_pd(PIO2_2), r);
    r = _mm256_fnmadd_pd(kd, _mm256_set1_pd(PIO2_3), r);
    __m256d z = _mm256_mul_pd(r, r);
    __m256d ps = _mm256_set1_pd(sin_coef[5]), pc = _mm256_set1_pd(cos_coef[5]);
    for (int j = 4; j >= 0; j--) {
        ps = _mm256_fmadd_pd(ps, z, _mm256_set1_pd(sin_coef[j]));
        pc = _mm256_fmadd_pd(pc, z, _mm256_set1_pd(cos_coef[j]));
    }
    __m256d sn = _mm256_fmadd_pd(_mm256_mul_pd(r, z), ps, r);
    __m256d cs = _mm256_fmadd_pd(_mm256_mul_pd(z, z), pc,
                                 _mm256_fmadd_pd(z, _mm256_set1_pd(-0.5), _mm256_set1_pd(1.0)));
    __m256i one = _mm256_set1_epi64x(1), two = _mm256_set1_epi64x(2);
    __m256d odd = _mm256_castsi256_pd(_mm256_cmpeq_epi64(_mm256_and_si256(q, one), one));
    __m256d v = _mm256_blendv_pd(sn, cs, odd);
    __m256d neg = _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_and_si256(q, two), 62));
    return _mm256_cvtpd_ps(_mm256_xor_pd(v, neg));
}

/* Eight lanes when all are within TRIG_MAX (NaN is not), else the scalar forms. */
#define DEF_TRIG8(NAME, SHIFTQ, ONE)                                                         \
    __attribute__((target("avx2,fma"))) static void NAME##_avx2(float *o, const float *a,   \
                                                                int64_t n) {                \
        int64_t i = 0;                                                                       \
        const __m256 lim = _mm256_set1_ps(TRIG_MAX), sign = _mm256_set1_ps(-0.0f);          \
        for (; i + 8 <= n; i += 8) {                                                         \
            __m256 x = _mm256_loadu_ps(a + i);                                               \
            __m256 in = _mm256_cmp_ps(_mm256_andnot_ps(sign, x), lim, _CMP_LE_OQ);           \
            if (_mm256_movemask_ps(in) != 0xff) {                                            \
                for (int j = 0; j < 8; j++) o[i + j] = ONE(a[i + j]);                        \
                continue;                                                                    \
            }                                                                                \
            __m256 r = _mm256_set_m128(trig4(_mm256_extractf128_ps(x, 1), SHIFTQ),            \
                                       trig4(_mm256_castps256_ps128(x), SHIFTQ));            \
            _mm256_storeu_ps(o + i, r);                                                      \
        }                                                                                    \
        for (; i < n; i++) o[i] = ONE(a[i]);                                                 \
    }
DEF_TRIG8(sin, 0, sin_one)
DEF_TRIG8(cos, 1, cos_one)

VT __m256 sleef_expf8(__m256 d) {
    /* lanes outside [-104, 104] are computed on 0 and replaced as the scalar form returns */
    __m256 in = _mm256_and_ps(_mm256_cmp_ps(d, _mm256_set1_ps(-104.0f), _CMP_GE_OQ),
                              _mm256_cmp_ps(d, _mm256_set1_ps(104.0f), _CMP_LE_OQ));
    __m256 dd = _mm256_and_ps(d, in);
    __m256i q = _mm256_cvtps_epi32(_mm256_mul_ps(dd, _mm256_set1_ps(R_LN2F)));
    __m256 qf = _mm256_cvtepi32_ps(q);
    __m256 s = _mm256_fmadd_ps(qf, _mm256_set1_ps(-L2UF), dd);
    s = _mm256_fmadd_ps(qf, _mm256_set1_ps(-L2LF), s);
    __m256 u = _mm256_set1_ps(sleef_coef[0]);
    for (int j = 1; j < 6; j++) u = _mm256_fmadd_ps(u, s, _mm256_set1_ps(sleef_coef[j]));
    u = _mm256_add_ps(_mm256_set1_ps(1.0f), _mm256_fmadd_ps(_mm256_mul_ps(s, s), u, s));
    __m256i q1 = _mm256_srai_epi32(q, 1), q2 = _mm256_sub_epi32(q, q1);
    const __m256i bias = _mm256_set1_epi32(127);
    __m256 p1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(q1, bias), 23));
    __m256 p2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(q2, bias), 23));
    u = _mm256_mul_ps(_mm256_mul_ps(u, p1), p2);
    __m256 out = _mm256_and_ps(_mm256_cmp_ps(d, _mm256_setzero_ps(), _CMP_GT_OQ),
                               _mm256_set1_ps(INFINITY));
    out = _mm256_blendv_ps(out, d, _mm256_cmp_ps(d, d, _CMP_UNORD_Q));
    return _mm256_blendv_ps(out, u, in);
}

VT __m256 sigmoid8(__m256 x) {
    const __m256 one = _mm256_set1_ps(1.0f);
    __m256 e = sleef_expf8(_mm256_xor_ps(x, _mm256_set1_ps(-0.0f)));
    return _mm256_div_ps(one, _mm256_add_ps(one, e));
}

VT __m256d log_split4(__m256d x, __m256d *lm) {
    __m256i b = _mm256_castpd_si256(x);
    __m256i ix = _mm256_sub_epi64(b, _mm256_set1_epi64x((long long)SQRTH_BITS));
    __m256i mb = _mm256_sub_epi64(b, _mm256_and_si256(ix, _mm256_set1_epi64x((long long)0xfff0000000000000ULL)));
    __m256i eb = _mm256_or_si256(_mm256_srli_epi64(_mm256_add_epi64(ix, _mm256_set1_epi64x(1024LL << 52)), 52),
                                 _mm256_set1_epi64x(0x4330000000000000LL));
    __m256d m = _mm256_castsi256_pd(mb), one = _mm256_set1_pd(1.0);
    __m256d e = _mm256_sub_pd(_mm256_castsi256_pd(eb), _mm256_set1_pd(0x1p52 + 1024));
    __m256d t = _mm256_div_pd(_mm256_sub_pd(m, one), _mm256_add_pd(m, one));
    __m256d z = _mm256_mul_pd(t, t), t2 = _mm256_add_pd(t, t);
    __m256d p = _mm256_set1_pd(atanh_coef[9]);
    for (int j = 8; j >= 0; j--) p = _mm256_fmadd_pd(p, z, _mm256_set1_pd(atanh_coef[j]));
    *lm = _mm256_fmadd_pd(_mm256_mul_pd(t2, z), p, t2);
    return e;
}

/* Lanes outside (0, inf) take what log_special gives: computed on 1 and replaced. */
VT __m256 log_fix(__m256 r, __m256 x) {
    __m256 zero = _mm256_setzero_ps(), inf = _mm256_set1_ps(INFINITY);
    __m256 ok = _mm256_and_ps(_mm256_cmp_ps(x, zero, _CMP_GT_OQ), _mm256_cmp_ps(x, inf, _CMP_LT_OQ));
    if (_mm256_movemask_ps(ok) == 0xff) return r;
    __m256 sp = _mm256_set1_ps(NAN);
    sp = _mm256_blendv_ps(sp, _mm256_set1_ps(-INFINITY), _mm256_cmp_ps(x, zero, _CMP_EQ_OQ));
    sp = _mm256_blendv_ps(sp, inf, _mm256_cmp_ps(x, inf, _CMP_EQ_OQ));
    sp = _mm256_blendv_ps(sp, _mm256_add_ps(x, x), _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
    return _mm256_blendv_ps(sp, r, ok);
}

/* x with the lanes outside (0, inf) set to 1, as doubles */
VT __m256d log_arg4(__m128 x) {
    __m128 ok = _mm_and_ps(_mm_cmpgt_ps(x, _mm_setzero_ps()), _mm_cmplt_ps(x, _mm_set1_ps(INFINITY)));
    return _mm256_cvtps_pd(_mm_blendv_ps(_mm_set1_ps(1.0f), x, ok));
}

VT __m128 log4(__m128 x) {
    __m256d lm, e = log_split4(log_arg4(x), &lm);
    return _mm256_cvtpd_ps(_mm256_fmadd_pd(e, _mm256_set1_pd(LN2), lm));
}
VT __m128 log2_4(__m128 x) {
    __m256d lm, e = log_split4(log_arg4(x), &lm);
    return _mm256_cvtpd_ps(_mm256_fmadd_pd(lm, _mm256_set1_pd(LOG2E_D), e));
}
VT __m128 log10_4(__m128 x) {
    __m256d lm, e = log_split4(log_arg4(x), &lm);
    return _mm256_cvtpd_ps(_mm256_fmadd_pd(e, _mm256_set1_pd(LOG10_2), _mm256_mul_pd(lm, _mm256_set1_pd(LOG10E))));
}

#define DEF_LOG8(NAME, V4)                                                                   \
    VT __m256 NAME(__m256 x) {                                                               \
        __m256 r = _mm256_set_m128(V4(_mm256_extractf128_ps(x, 1)), V4(_mm256_castps256_ps128(x))); \
        return log_fix(r, x);                                                                \
    }
DEF_LOG8(log8, log4)
DEF_LOG8(log2_8, log2_4)
DEF_LOG8(log10_8, log10_4)

VT __m256d pow2i4(__m256i e) {
    return _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_add_epi64(e, _mm256_set1_epi64x(1023)), 52));
}

VT __m256d sleef_exp4(__m256d d) {
    const __m256d shift = _mm256_set1_pd(SHIFT);
    __m256d in = _mm256_and_pd(_mm256_cmp_pd(d, _mm256_set1_pd(-1000.0), _CMP_GE_OQ),
                               _mm256_cmp_pd(d, _mm256_set1_pd(709.78271114955742909217217426), _CMP_LE_OQ));
    __m256d dd = _mm256_and_pd(d, in);
    __m256d u = _mm256_round_pd(_mm256_mul_pd(dd, _mm256_set1_pd(R_LN2)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256i q = _mm256_sub_epi64(_mm256_castpd_si256(_mm256_add_pd(u, shift)), _mm256_castpd_si256(shift));
    __m256d s = _mm256_fmadd_pd(u, _mm256_set1_pd(-L2U), dd);
    s = _mm256_fmadd_pd(u, _mm256_set1_pd(-L2L), s);
    const double *c = sleef_exp_coef;
#define C(i) _mm256_set1_pd(c[i])
    __m256d s2 = _mm256_mul_pd(s, s), s4 = _mm256_mul_pd(s2, s2), s8 = _mm256_mul_pd(s4, s4);
    __m256d hi = _mm256_fmadd_pd(s, C(0), C(1));
    __m256d a = _mm256_fmadd_pd(s2, _mm256_fmadd_pd(s, C(2), C(3)), _mm256_fmadd_pd(s, C(4), C(5)));
    __m256d b = _mm256_fmadd_pd(s2, _mm256_fmadd_pd(s, C(6), C(7)), _mm256_fmadd_pd(s, C(8), C(9)));
#undef C
    u = _mm256_fmadd_pd(s8, hi, _mm256_fmadd_pd(s4, a, b));
    u = _mm256_fmadd_pd(u, s, _mm256_set1_pd(0.5));
    u = _mm256_fmadd_pd(u, s, _mm256_set1_pd(1.0));
    u = _mm256_fmadd_pd(u, s, _mm256_set1_pd(1.0));
    /* q >> 1, arithmetic: the logical shift with the sign bit put back */
    __m256i qh = _mm256_or_si256(_mm256_srli_epi64(q, 1), _mm256_slli_epi64(_mm256_srli_epi64(q, 63), 63));
    u = _mm256_mul_pd(_mm256_mul_pd(u, pow2i4(qh)), pow2i4(_mm256_sub_epi64(q, qh)));
    __m256d out = _mm256_and_pd(_mm256_cmp_pd(d, _mm256_setzero_pd(), _CMP_GT_OQ), _mm256_set1_pd(INFINITY));
    out = _mm256_blendv_pd(out, _mm256_add_pd(d, d), _mm256_cmp_pd(d, d, _CMP_UNORD_Q));
    return _mm256_blendv_pd(out, u, in);
}

VT __m256d sigmoid_d4(__m256d x) {
    const __m256d one = _mm256_set1_pd(1.0);
    __m256d e = sleef_exp4(_mm256_sub_pd(_mm256_setzero_pd(), x));
    return _mm256_div_pd(one, _mm256_add_pd(one, e));
}

/* the dd kernels on four lanes */
typedef struct {
    __m256d x, y;
} dd_v;
VT __m256d ldexp2_v(__m256d a, __m256d dq) {
    const __m256d shift = _mm256_set1_pd(SHIFT);
    __m256i q = _mm256_sub_epi64(_mm256_castpd_si256(_mm256_add_pd(dq, shift)), _mm256_castpd_si256(shift));
    __m256i qh = _mm256_or_si256(_mm256_srli_epi64(q, 1), _mm256_slli_epi64(_mm256_srli_epi64(q, 63), 63));
    return _mm256_mul_pd(_mm256_mul_pd(a, pow2i4(qh)), pow2i4(_mm256_sub_epi64(q, qh)));
}
#define V __m256d
#define DD dd_v
#define SFX _v
#define DD_FN static inline __attribute__((always_inline))
#define K(c) _mm256_set1_pd(c)
#define ADD(a, b) _mm256_add_pd(a, b)
#define SUB(a, b) _mm256_sub_pd(a, b)
#define MUL(a, b) _mm256_mul_pd(a, b)
#define DIV(a, b) _mm256_div_pd(a, b)
#define NEG(a) _mm256_xor_pd(a, _mm256_set1_pd(-0.0))
#define FMA(a, b, c) _mm256_fmadd_pd(a, b, c)
#define SQRT(a) _mm256_sqrt_pd(a)
#define RINT(a) _mm256_round_pd(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#define LDEXP2(a, q) ldexp2_v(a, q)
#define MASK __m256d
#define LT(a, b) _mm256_cmp_pd(a, b, _CMP_LT_OQ)
#define SEL(m, a, b) _mm256_blendv_pd(b, a, m)
#define DD_DOUBLE_KERNELS
TC_TARGET_BEGIN("avx2,fma")
#include "cpu-vmath-dd.h"
#undef DD_FN
#undef DD_DOUBLE_KERNELS
TC_TARGET_END
#undef V
#undef DD
#undef SFX
#undef K
#undef ADD
#undef SUB
#undef MUL
#undef DIV
#undef NEG
#undef FMA
#undef SQRT
#undef RINT
#undef LDEXP2
#undef MASK
#undef LT
#undef SEL

VT __m256d nan_pass_d(__m256d r, __m256d x) {
    return _mm256_blendv_pd(r, _mm256_add_pd(x, x), _mm256_cmp_pd(x, x, _CMP_UNORD_Q));
}

/* lanes past the limit or with a NaN result take `big` (1 or inf), as SLEEF's selects do */
VT __m256d dd_fix(__m256d r, __m256d y, double lim, double big) {
    __m256d out = _mm256_or_pd(_mm256_cmp_pd(y, _mm256_set1_pd(lim), _CMP_GT_OQ), _mm256_cmp_pd(r, r, _CMP_UNORD_Q));
    return _mm256_blendv_pd(r, _mm256_set1_pd(big), out);
}

VT __m256d tanh_d4(__m256d x) {
    const __m256d sign = _mm256_set1_pd(-0.0);
    __m256d y = _mm256_andnot_pd(sign, x);
    __m256d r = dd_fix(dd_tanh_abs_v(y), y, TANH_BIG, 1.0);
    return nan_pass_d(_mm256_or_pd(r, _mm256_and_pd(sign, x)), x);
}

/* sleef_erf on lanes */
VT __m256d sleef_erf4(__m256d a) {
    const __m256d sign = _mm256_set1_pd(-0.0);
    __m256d x = _mm256_andnot_pd(sign, a);
    __m256d z = dd_erf_abs_v(x, _mm256_movemask_pd(_mm256_cmp_pd(x, _mm256_set1_pd(2.5), _CMP_GT_OQ)));
    z = _mm256_blendv_pd(z, _mm256_mul_pd(x, _mm256_set1_pd(ERF_2_SQRTPI)),
                         _mm256_cmp_pd(x, _mm256_set1_pd(1e-8), _CMP_LT_OQ));
    __m256d one = _mm256_or_pd(_mm256_cmp_pd(x, _mm256_set1_pd(6.0), _CMP_GE_OQ),
                               _mm256_cmp_pd(x, _mm256_set1_pd(INFINITY), _CMP_EQ_OQ));
    z = _mm256_blendv_pd(z, _mm256_set1_pd(1.0), one);
    z = _mm256_andnot_pd(_mm256_cmp_pd(a, _mm256_setzero_pd(), _CMP_EQ_OQ), z);
    return _mm256_xor_pd(z, _mm256_and_pd(a, sign));
}

VT __m256d sinh_d4(__m256d x) {
    const __m256d sign = _mm256_set1_pd(-0.0);
    __m256d y = _mm256_andnot_pd(sign, x);
    __m256d r = dd_fix(dd_sinh_abs_v(y), y, 710, INFINITY);
    return nan_pass_d(_mm256_or_pd(r, _mm256_and_pd(sign, x)), x);
}

VT __m256d cosh_d4(__m256d x) {
    __m256d y = _mm256_andnot_pd(_mm256_set1_pd(-0.0), x);
    return nan_pass_d(dd_fix(dd_cosh_abs_v(y), y, 710, INFINITY), x);
}

#define DEF_AVX2_D(NAME, V4, ONE)                                                            \
    __attribute__((target("avx2,fma"))) static void NAME##_avx2(double *o, const double *a, \
                                                                int64_t n) {                \
        int64_t i = 0;                                                                       \
        for (; i + 4 <= n; i += 4) _mm256_storeu_pd(o + i, V4(_mm256_loadu_pd(a + i)));     \
        for (; i < n; i++) o[i] = ONE(a[i]);                                                 \
    }
DEF_AVX2_D(tanh_d, tanh_d4, tanh_vec_d)
DEF_AVX2_D(sinh_d, sinh_d4, sinh_vec_d)
DEF_AVX2_D(cosh_d, cosh_d4, cosh_vec_d)

/* exponent of x * (1 / 0.75) as a double, and as an integer */
VT __m256i sleef_logexp4i(__m256d x) {
    __m256d y = _mm256_mul_pd(x, _mm256_set1_pd(1.0 / 0.75));
    return _mm256_sub_epi64(_mm256_srli_epi64(_mm256_castpd_si256(y), 52), _mm256_set1_epi64x(1023));
}
VT __m256d i2d4(__m256i e) { /* |e| < 2^51 */
    const __m256d magic = _mm256_set1_pd(0x1.8p52);
    return _mm256_sub_pd(_mm256_castsi256_pd(_mm256_add_epi64(e, _mm256_castpd_si256(magic))), magic);
}

/* The lanes are computed together when all are in the kernel's domain, else one by one. */
VT int all4(__m256d ok) { return _mm256_movemask_pd(ok) == 0xf; }

/* Lanes outside the kernel's range take their values by blending (infinity above it, -1
 * below, a NaN quieted), the kernel running on 0 there. */
VT __m256d expm1_d4(__m256d a, int *ok) {
    const __m256d top = _mm256_set1_pd(709.782712893383996732223);
    __m256d in = _mm256_and_pd(_mm256_cmp_pd(a, _mm256_set1_pd(-36.736800569677101399113302437), _CMP_GE_OQ),
                               _mm256_cmp_pd(a, top, _CMP_LE_OQ));
    __m256d as = _mm256_and_pd(a, in);
    __m256d r = _mm256_blendv_pd(dd_expm1_v(as), as, _mm256_cmp_pd(as, _mm256_setzero_pd(), _CMP_EQ_OQ));
    *ok = 1;
    if (all4(in)) return r;
    __m256d sp = _mm256_blendv_pd(_mm256_set1_pd(-1.0), _mm256_set1_pd(INFINITY), _mm256_cmp_pd(a, top, _CMP_GT_OQ));
    sp = _mm256_blendv_pd(sp, _mm256_add_pd(a, a), _mm256_cmp_pd(a, a, _CMP_UNORD_Q));
    return _mm256_blendv_pd(sp, r, in);
}

/* Lanes outside a log's domain (negative, zero, infinite, NaN) take their special values by
 * blending; only subnormal or huge arguments send a group of lanes to the scalar form. */
VT __m256d log10_d4(__m256d x, int *ok) {
    __m256d inf = _mm256_set1_pd(INFINITY), zero = _mm256_setzero_pd();
    __m256d norm = _mm256_and_pd(_mm256_cmp_pd(x, _mm256_set1_pd(0x1p-1022), _CMP_GE_OQ), _mm256_cmp_pd(x, inf, _CMP_LT_OQ));
    __m256d tiny = _mm256_and_pd(_mm256_cmp_pd(x, zero, _CMP_GT_OQ), _mm256_cmp_pd(x, _mm256_set1_pd(0x1p-1022), _CMP_LT_OQ));
    *ok = _mm256_movemask_pd(tiny) == 0;
    __m256d xs = _mm256_blendv_pd(_mm256_set1_pd(1.0), x, norm);
    __m256i b = _mm256_castpd_si256(xs);
    b = _mm256_sub_epi64(b, _mm256_and_si256(_mm256_sub_epi64(b, _mm256_set1_epi64x(0x3fe8000000000000LL)),
                                             _mm256_set1_epi64x((long long)0xfff0000000000000ULL)));
    __m256d r = dd_log10_v(_mm256_castsi256_pd(b), i2d4(sleef_logexp4i(xs)));
    if (_mm256_movemask_pd(norm) == 0xf) return r;
    __m256d sp = _mm256_set1_pd(NAN);
    sp = _mm256_blendv_pd(sp, _mm256_set1_pd(-INFINITY), _mm256_cmp_pd(x, zero, _CMP_EQ_OQ));
    sp = _mm256_blendv_pd(sp, inf, _mm256_cmp_pd(x, inf, _CMP_EQ_OQ));
    sp = _mm256_blendv_pd(sp, _mm256_add_pd(x, x), _mm256_cmp_pd(x, x, _CMP_UNORD_Q));
    return _mm256_blendv_pd(sp, r, norm);
}

VT __m256d log1p_d4(__m256d d, int *ok) {
    __m256d in = _mm256_and_pd(_mm256_cmp_pd(d, _mm256_set1_pd(-1.0), _CMP_GT_OQ),
                               _mm256_cmp_pd(d, _mm256_set1_pd(1e307), _CMP_LE_OQ));
    *ok = _mm256_movemask_pd(_mm256_cmp_pd(d, _mm256_set1_pd(1e307), _CMP_GT_OQ)) == 0;
    __m256d ds = _mm256_and_pd(d, in);
    __m256i e = sleef_logexp4i(_mm256_add_pd(ds, _mm256_set1_pd(1.0)));
    __m256d t = pow2i4(_mm256_sub_epi64(_mm256_setzero_si256(), e));
    __m256d r = dd_log1p_v(ds, i2d4(e), t);
    r = _mm256_blendv_pd(r, d, _mm256_cmp_pd(d, _mm256_setzero_pd(), _CMP_EQ_OQ));
    if (_mm256_movemask_pd(in) == 0xf) return r;
    __m256d sp = _mm256_blendv_pd(_mm256_set1_pd(NAN), _mm256_set1_pd(-INFINITY), _mm256_cmp_pd(d, _mm256_set1_pd(-1.0), _CMP_EQ_OQ));
    sp = _mm256_blendv_pd(sp, _mm256_add_pd(d, d), _mm256_cmp_pd(d, d, _CMP_UNORD_Q));
    return _mm256_blendv_pd(sp, r, in);
}

#define DEF_AVX2_DCHK(NAME, V4, ONE)                                                         \
    __attribute__((target("avx2,fma"))) static void NAME##_avx2(double *o, const double *a, \
                                                                int64_t n) {                \
        int64_t i = 0;                                                                       \
        for (; i + 4 <= n; i += 4) {                                                         \
            int ok;                                                                          \
            __m256d r = V4(_mm256_loadu_pd(a + i), &ok);                                     \
            if (ok) _mm256_storeu_pd(o + i, r);                                              \
            else for (int j = 0; j < 4; j++) o[i + j] = ONE(a[i + j]);                       \
        }                                                                                    \
        for (; i < n; i++) o[i] = ONE(a[i]);                                                 \
    }
DEF_AVX2_DCHK(expm1_d, expm1_d4, expm1_vec_d)
DEF_AVX2_DCHK(log10_d, log10_d4, log10_vec_d)
DEF_AVX2_DCHK(log1p_d, log1p_d4, log1p_vec_d)

/* float32 atan2 on eight lanes, when every lane is finite, nonzero and above the tiny
 * range; otherwise the scalar form lane by lane */
typedef struct {
    __m256 x, y;
} df_v;
#define V __m256
#define DD df_v
#define SFX _fv
#define DD_FN static inline __attribute__((always_inline))
#define K(c) _mm256_set1_ps((float)(c))
#define ADD(a, b) _mm256_add_ps(a, b)
#define SUB(a, b) _mm256_sub_ps(a, b)
#define MUL(a, b) _mm256_mul_ps(a, b)
#define DIV(a, b) _mm256_div_ps(a, b)
#define NEG(a) _mm256_xor_ps(a, _mm256_set1_ps(-0.0f))
#define FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define SQRT(a) _mm256_sqrt_ps(a)
#define MASK __m256
#define LT(a, b) _mm256_cmp_ps(a, b, _CMP_LT_OQ)
#define SEL(m, a, b) _mm256_blendv_ps(b, a, m)
#define DD_FLOAT_KERNELS
TC_TARGET_BEGIN("avx2,fma")
#include "cpu-vmath-dd.h"
#undef DD_FN
TC_TARGET_END
#undef DD_FLOAT_KERNELS
#undef V
#undef DD
#undef SFX
#undef K
#undef ADD
#undef SUB
#undef MUL
#undef DIV
#undef NEG
#undef FMA
#undef SQRT
#undef MASK
#undef LT
#undef SEL

VT __m256 atan2_8(__m256 y, __m256 x, int *ok) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    __m256 ax = _mm256_andnot_ps(sign, x), ay = _mm256_andnot_ps(sign, y);
    __m256 good = _mm256_and_ps(_mm256_cmp_ps(ax, _mm256_set1_ps(ATAN2F_TINY), _CMP_GE_OQ),
                                _mm256_cmp_ps(ax, _mm256_set1_ps(INFINITY), _CMP_LT_OQ));
    good = _mm256_and_ps(good, _mm256_and_ps(_mm256_cmp_ps(ay, _mm256_setzero_ps(), _CMP_GT_OQ),
                                             _mm256_cmp_ps(ay, _mm256_set1_ps(INFINITY), _CMP_LT_OQ)));
    *ok = _mm256_movemask_ps(good) == 0xff;
    df_v d = df_atan2k_fv(ay, x);
    __m256 r = _mm256_add_ps(d.x, d.y);
    r = _mm256_xor_ps(r, _mm256_and_ps(x, sign));
    return _mm256_xor_ps(r, _mm256_and_ps(y, sign));
}

VT __m256d atan2_d4(__m256d y, __m256d x, int *ok) {
    const __m256d sign = _mm256_set1_pd(-0.0);
    __m256d ax = _mm256_andnot_pd(sign, x), ay = _mm256_andnot_pd(sign, y);
    __m256d good = _mm256_and_pd(_mm256_cmp_pd(ax, _mm256_set1_pd(ATAN2D_TINY), _CMP_GE_OQ),
                                 _mm256_cmp_pd(ax, _mm256_set1_pd(INFINITY), _CMP_LT_OQ));
    good = _mm256_and_pd(good, _mm256_and_pd(_mm256_cmp_pd(ay, _mm256_setzero_pd(), _CMP_GT_OQ),
                                             _mm256_cmp_pd(ay, _mm256_set1_pd(INFINITY), _CMP_LT_OQ)));
    *ok = _mm256_movemask_pd(good) == 0xf;
    dd_v d = dd_atan2k_v(ay, x);
    __m256d r = _mm256_add_pd(d.x, d.y);
    r = _mm256_xor_pd(r, _mm256_and_pd(x, sign));
    return _mm256_xor_pd(r, _mm256_and_pd(y, sign));
}

/* hypot on lanes, special cases by selects as SLEEF's (no lane needs the scalar form) */
#define HYPOT_LANES(NAME, V, SFX, KIND, TINY, SCALE)                                             \
    VT V NAME(V x, V y) {                                                                        \
        const V sign = _mm256_set1_##SFX(-0.0), inf = _mm256_set1_##SFX(INFINITY);              \
        x = _mm256_andnot_##SFX(sign, x);                                                        \
        y = _mm256_andnot_##SFX(sign, y);                                                        \
        V mn = _mm256_min_##SFX(x, y), mx = _mm256_max_##SFX(x, y);                              \
        V tiny = _mm256_cmp_##SFX(mx, _mm256_set1_##SFX(TINY), _CMP_LT_OQ);                      \
        V sc = _mm256_set1_##SFX(SCALE);                                                         \
        V n = _mm256_blendv_##SFX(mn, _mm256_mul_##SFX(mn, sc), tiny);                           \
        V d = _mm256_blendv_##SFX(mx, _mm256_mul_##SFX(mx, sc), tiny);                           \
        V r = dd_hypot_core_##KIND(n, d, mx);                                                    \
        r = _mm256_blendv_##SFX(r, inf, _mm256_cmp_##SFX(r, r, _CMP_UNORD_Q));                   \
        r = _mm256_blendv_##SFX(r, mx, _mm256_cmp_##SFX(mn, _mm256_setzero_##SFX(), _CMP_EQ_OQ)); \
        r = _mm256_blendv_##SFX(r, _mm256_set1_##SFX(NAN), _mm256_cmp_##SFX(x, y, _CMP_UNORD_Q)); \
        V xi = _mm256_or_##SFX(_mm256_cmp_##SFX(x, inf, _CMP_EQ_OQ), _mm256_cmp_##SFX(y, inf, _CMP_EQ_OQ)); \
        return _mm256_blendv_##SFX(r, inf, xi);                                                  \
    }
HYPOT_LANES(hypot_8, __m256, ps, fv, 0x1p-126f, 0x1p24f)
HYPOT_LANES(hypot_d4, __m256d, pd, v, 0x1p-1022, 0x1p54)
#undef HYPOT_LANES

/* pow on lanes with 0 < x < inf normal, x != 1, y finite and nonzero and a result well inside
 * the range (so that no special case applies); otherwise the scalar form lane by lane */
VT __m256 sleef_ldexpf8(__m256 x, __m256i q) {
    __m256i m = _mm256_srai_epi32(q, 31);
    m = _mm256_slli_epi32(_mm256_sub_epi32(_mm256_srai_epi32(_mm256_add_epi32(m, q), 6), m), 4);
    q = _mm256_sub_epi32(q, _mm256_slli_epi32(m, 2));
    m = _mm256_add_epi32(m, _mm256_set1_epi32(127));
    m = _mm256_min_epi32(_mm256_max_epi32(m, _mm256_setzero_si256()), _mm256_set1_epi32(0xff));
    __m256 u = _mm256_castsi256_ps(_mm256_slli_epi32(m, 23));
    x = _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(x, u), u), u), u);
    u = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(q, _mm256_set1_epi32(0x7f)), 23));
    return _mm256_mul_ps(x, u);
}

VT __m256 pow_8(__m256 x, __m256 y, int *ok) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    __m256 good = _mm256_and_ps(_mm256_cmp_ps(x, _mm256_set1_ps(0x1p-126f), _CMP_GE_OQ),
                                _mm256_cmp_ps(x, _mm256_set1_ps(INFINITY), _CMP_LT_OQ));
    good = _mm256_and_ps(good, _mm256_cmp_ps(x, _mm256_set1_ps(1.0f), _CMP_NEQ_OQ));
    __m256 ay = _mm256_andnot_ps(sign, y);
    good = _mm256_and_ps(good, _mm256_and_ps(_mm256_cmp_ps(ay, _mm256_setzero_ps(), _CMP_GT_OQ),
                                             _mm256_cmp_ps(ay, _mm256_set1_ps(INFINITY), _CMP_LT_OQ)));
    __m256 fy = _mm256_mul_ps(x, _mm256_set1_ps(1.0f / 0.75f));
    __m256i yb = _mm256_castps_si256(fy), b = _mm256_castps_si256(x);
    __m256 e = _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_srli_epi32(yb, 23), _mm256_set1_epi32(127)));
    b = _mm256_sub_epi32(b, _mm256_and_si256(_mm256_sub_epi32(b, _mm256_set1_epi32(0x3f400000)),
                                             _mm256_set1_epi32((int)0xff800000u)));
    df_v d = dd_mul_dv_fv(df_logk_fv(_mm256_castsi256_ps(b), e), y);
    good = _mm256_and_ps(good, _mm256_and_ps(_mm256_cmp_ps(d.x, _mm256_set1_ps(-100.0f), _CMP_GT_OQ),
                                             _mm256_cmp_ps(d.x, _mm256_set1_ps(88.0f), _CMP_LT_OQ)));
    *ok = _mm256_movemask_ps(good) == 0xff;
    __m256 q = _mm256_round_ps(_mm256_mul_ps(_mm256_add_ps(d.x, d.y), _mm256_set1_ps(R_LN2F)),
                               _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    return sleef_ldexpf8(df_expk_fv(d, q), _mm256_cvtps_epi32(q));
}

VT __m256d pow_d4(__m256d x, __m256d y, int *ok) {
    const __m256d sign = _mm256_set1_pd(-0.0);
    __m256d good = _mm256_and_pd(_mm256_cmp_pd(x, _mm256_set1_pd(0x1p-1022), _CMP_GE_OQ),
                                 _mm256_cmp_pd(x, _mm256_set1_pd(INFINITY), _CMP_LT_OQ));
    good = _mm256_and_pd(good, _mm256_cmp_pd(x, _mm256_set1_pd(1.0), _CMP_NEQ_OQ));
    __m256d ay = _mm256_andnot_pd(sign, y);
    good = _mm256_and_pd(good, _mm256_and_pd(_mm256_cmp_pd(ay, _mm256_setzero_pd(), _CMP_GT_OQ),
                                             _mm256_cmp_pd(ay, _mm256_set1_pd(INFINITY), _CMP_LT_OQ)));
    __m256i b = _mm256_castpd_si256(x);
    b = _mm256_sub_epi64(b, _mm256_and_si256(_mm256_sub_epi64(b, _mm256_set1_epi64x(0x3fe8000000000000LL)),
                                             _mm256_set1_epi64x((long long)0xfff0000000000000ULL)));
    dd_v d = dd_mul_dv_v(dd_logk_v(_mm256_castsi256_pd(b), i2d4(sleef_logexp4i(x))), y);
    good = _mm256_and_pd(good, _mm256_and_pd(_mm256_cmp_pd(d.x, _mm256_set1_pd(-700.0), _CMP_GT_OQ),
                                             _mm256_cmp_pd(d.x, _mm256_set1_pd(709.0), _CMP_LT_OQ)));
    *ok = _mm256_movemask_pd(good) == 0xf;
    return dd_expk_v(d);
}

#define DEF_AVX2(NAME, V8, ONE)                                                              \
    __attribute__((target("avx2,fma"))) static void NAME##_avx2(float *o, const float *a,   \
                                                                int64_t n) {                \
        int64_t i = 0;                                                                       \
        for (; i + 8 <= n; i += 8) _mm256_storeu_ps(o + i, V8(_mm256_loadu_ps(a + i)));     \
        for (; i < n; i++) o[i] = ONE(a[i]);                                                 \
    }
DEF_AVX2(exp, exp8, exp_one)
DEF_AVX2(tanh, tanh8, tanh_one)
DEF_AVX2(sigmoid, sigmoid8, sigmoid_one)
DEF_AVX2(log, log8, log_one)
DEF_AVX2(log2, log2_8, log2_one)
DEF_AVX2(log10, log10_8, log10_one)

__attribute__((target("avx2,fma"))) static void sigmoid_d_avx2(double *o, const double *a, int64_t n) {
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) _mm256_storeu_pd(o + i, sigmoid_d4(_mm256_loadu_pd(a + i)));
    for (; i < n; i++) o[i] = sigmoid_vec_d(a[i]);
}

__attribute__((target("avx2,fma"))) static void atan2_block_avx2(float *o, const float *a, int64_t sa,
                                                                 const float *b, int64_t sb, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 y = sa ? _mm256_loadu_ps(a + i) : _mm256_set1_ps(a[0]);
        __m256 x = sb ? _mm256_loadu_ps(b + i) : _mm256_set1_ps(b[0]);
        int ok;
        __m256 r = atan2_8(y, x, &ok);
        if (ok) _mm256_storeu_ps(o + i, r);
        else for (int j = 0; j < 8; j++) o[i + j] = atan2_vec_f(a[(i + j) * sa], b[(i + j) * sb]);
    }
    for (; i < n; i++) o[i] = atan2_vec_f(a[i * sa], b[i * sb]);
}

__attribute__((target("avx2,fma"))) static void atan2_d_block_avx2(double *o, const double *a, int64_t sa,
                                                                   const double *b, int64_t sb, int64_t n) {
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d y = sa ? _mm256_loadu_pd(a + i) : _mm256_set1_pd(a[0]);
        __m256d x = sb ? _mm256_loadu_pd(b + i) : _mm256_set1_pd(b[0]);
        int ok;
        __m256d r = atan2_d4(y, x, &ok);
        if (ok) _mm256_storeu_pd(o + i, r);
        else for (int j = 0; j < 4; j++) o[i + j] = atan2_vec_d(a[(i + j) * sa], b[(i + j) * sb]);
    }
    for (; i < n; i++) o[i] = atan2_vec_d(a[i * sa], b[i * sb]);
}

__attribute__((target("avx2,fma"))) static void pow_block_avx2(float *o, const float *a, int64_t sa,
                                                               const float *b, int64_t sb, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 x = sa ? _mm256_loadu_ps(a + i) : _mm256_set1_ps(a[0]);
        __m256 y = sb ? _mm256_loadu_ps(b + i) : _mm256_set1_ps(b[0]);
        int ok;
        __m256 r = pow_8(x, y, &ok);
        if (ok) _mm256_storeu_ps(o + i, r);
        else for (int j = 0; j < 8; j++) o[i + j] = pow_vec_f(a[(i + j) * sa], b[(i + j) * sb]);
    }
    for (; i < n; i++) o[i] = pow_vec_f(a[i * sa], b[i * sb]);
}

__attribute__((target("avx2,fma"))) static void pow_d_block_avx2(double *o, const double *a, int64_t sa,
                                                                 const double *b, int64_t sb, int64_t n) {
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d x = sa ? _mm256_loadu_pd(a + i) : _mm256_set1_pd(a[0]);
        __m256d y = sb ? _mm256_loadu_pd(b + i) : _mm256_set1_pd(b[0]);
        int ok;
        __m256d r = pow_d4(x, y, &ok);
        if (ok) _mm256_storeu_pd(o + i, r);
        else for (int j = 0; j < 4; j++) o[i + j] = pow_vec_d(a[(i + j) * sa], b[(i + j) * sb]);
    }
    for (; i < n; i++) o[i] = pow_vec_d(a[i * sa], b[i * sb]);
}

/* float32 expm1 and log1p on eight lanes when all are in the kernel's domain (and away from
 * its edges), else the scalar forms lane by lane */
VT __m256 pow2i8(__m256i e) { return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(e, _mm256_set1_epi32(127)), 23)); }

VT __m256 expm1_8(__m256 a, int *ok) {
    *ok = _mm256_movemask_ps(_mm256_and_ps(_mm256_cmp_ps(a, _mm256_set1_ps(-16.635532333438687426013570f), _CMP_GE_OQ),
                                           _mm256_cmp_ps(a, _mm256_set1_ps(88.72283172607421875f), _CMP_LE_OQ))) == 0xff;
    __m256 q = _mm256_round_ps(_mm256_mul_ps(a, _mm256_set1_ps(R_LN2F)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256i qi = _mm256_cvtps_epi32(q), h = _mm256_srai_epi32(qi, 1);
    __m256 p1 = pow2i8(h), p2 = pow2i8(_mm256_sub_epi32(qi, h));
    df_v t = df_expk2_fv(a, q);
    t.x = _mm256_mul_ps(_mm256_mul_ps(t.x, p1), p2);
    t.y = _mm256_mul_ps(_mm256_mul_ps(t.y, p1), p2);
    df_v d = dd_add2_dv_fv(t, _mm256_set1_ps(-1.0f));
    __m256 r = _mm256_add_ps(d.x, d.y);
    return _mm256_blendv_ps(r, a, _mm256_cmp_ps(a, _mm256_setzero_ps(), _CMP_EQ_OQ));
}

VT __m256 log1p_8(__m256 d, int *ok) {
    __m256 in = _mm256_and_ps(_mm256_cmp_ps(d, _mm256_set1_ps(-1.0f), _CMP_GT_OQ),
                              _mm256_cmp_ps(d, _mm256_set1_ps(1e38f), _CMP_LE_OQ));
    *ok = _mm256_movemask_ps(_mm256_cmp_ps(d, _mm256_set1_ps(1e38f), _CMP_GT_OQ)) == 0;
    __m256 ds = _mm256_and_ps(d, in);
    __m256 y = _mm256_mul_ps(_mm256_add_ps(ds, _mm256_set1_ps(1.0f)), _mm256_set1_ps(1.0f / 0.75f));
    __m256i ei = _mm256_sub_epi32(_mm256_srli_epi32(_mm256_castps_si256(y), 23), _mm256_set1_epi32(127));
    __m256 r = df_log1p_fv(ds, _mm256_cvtepi32_ps(ei), pow2i8(_mm256_sub_epi32(_mm256_setzero_si256(), ei)));
    r = _mm256_blendv_ps(r, d, _mm256_cmp_ps(d, _mm256_setzero_ps(), _CMP_EQ_OQ));
    if (_mm256_movemask_ps(in) == 0xff) return r;
    __m256 sp = _mm256_blendv_ps(_mm256_set1_ps(NAN), _mm256_set1_ps(-INFINITY), _mm256_cmp_ps(d, _mm256_set1_ps(-1.0f), _CMP_EQ_OQ));
    sp = _mm256_blendv_ps(sp, _mm256_add_ps(d, d), _mm256_cmp_ps(d, d, _CMP_UNORD_Q));
    return _mm256_blendv_ps(sp, r, in);
}

#define DEF_AVX2_FCHK(NAME, V8, ONE)                                                         \
    __attribute__((target("avx2,fma"))) static void NAME##_avx2(float *o, const float *a,   \
                                                                int64_t n) {                \
        int64_t i = 0;                                                                       \
        for (; i + 8 <= n; i += 8) {                                                         \
            int ok;                                                                          \
            __m256 r = V8(_mm256_loadu_ps(a + i), &ok);                                      \
            if (ok) _mm256_storeu_ps(o + i, r);                                              \
            else for (int j = 0; j < 8; j++) o[i + j] = ONE(a[i + j]);                       \
        }                                                                                    \
        for (; i < n; i++) o[i] = ONE(a[i]);                                                 \
    }
DEF_AVX2_FCHK(expm1, expm1_8, expm1_one)
DEF_AVX2_FCHK(log1p, log1p_8, log1p_one)

/* ---- AVX-512: the same double evaluations on eight lanes per instruction, for float32 exp,
 * log, log2 and log10 where the CPU has it (the results are those of the AVX2 and scalar
 * forms: the same operations in the same order) ------------------------------------------- */
#define V5 __attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma"), always_inline)) static inline

V5 __m512d log_split8(__m512d x, __m512d *lm) {
    __m512i b = _mm512_castpd_si512(x);
    __m512i ix = _mm512_sub_epi64(b, _mm512_set1_epi64((long long)SQRTH_BITS));
    __m512i mb = _mm512_sub_epi64(b, _mm512_and_si512(ix, _mm512_set1_epi64((long long)0xfff0000000000000ULL)));
    __m512i eb = _mm512_or_si512(_mm512_srli_epi64(_mm512_add_epi64(ix, _mm512_set1_epi64(1024LL << 52)), 52),
                                 _mm512_set1_epi64(0x4330000000000000LL));
    __m512d m = _mm512_castsi512_pd(mb), one = _mm512_set1_pd(1.0);
    __m512d e = _mm512_sub_pd(_mm512_castsi512_pd(eb), _mm512_set1_pd(0x1p52 + 1024));
    __m512d t = _mm512_div_pd(_mm512_sub_pd(m, one), _mm512_add_pd(m, one));
    __m512d z = _mm512_mul_pd(t, t), t2 = _mm512_add_pd(t, t);
    __m512d p = _mm512_set1_pd(atanh_coef[9]);
    for (int j = 8; j >= 0; j--) p = _mm512_fmadd_pd(p, z, _mm512_set1_pd(atanh_coef[j]));
    *lm = _mm512_fmadd_pd(_mm512_mul_pd(t2, z), p, t2);
    return e;
}

V5 __m512d log_arg8(__m256 x) {
    __m256 ok = _mm256_and_ps(_mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GT_OQ),
                              _mm256_cmp_ps(x, _mm256_set1_ps(INFINITY), _CMP_LT_OQ));
    return _mm512_cvtps_pd(_mm256_blendv_ps(_mm256_set1_ps(1.0f), x, ok));
}

V5 __m256 log8_512(__m256 x) {
    __m512d lm, e = log_split8(log_arg8(x), &lm);
    return log_fix(_mm512_cvtpd_ps(_mm512_fmadd_pd(e, _mm512_set1_pd(LN2), lm)), x);
}
V5 __m256 log2_8_512(__m256 x) {
    __m512d lm, e = log_split8(log_arg8(x), &lm);
    return log_fix(_mm512_cvtpd_ps(_mm512_fmadd_pd(lm, _mm512_set1_pd(LOG2E_D), e)), x);
}
V5 __m256 log10_8_512(__m256 x) {
    __m512d lm, e = log_split8(log_arg8(x), &lm);
    return log_fix(_mm512_cvtpd_ps(_mm512_fmadd_pd(e, _mm512_set1_pd(LOG10_2), _mm512_mul_pd(lm, _mm512_set1_pd(LOG10E)))), x);
}

V5 __m256 exp8_512(__m256 xf) {
    const __m512d shift = _mm512_set1_pd(SHIFT);
    __m512d y = _mm512_min_pd(_mm512_max_pd(_mm512_cvtps_pd(xf), _mm512_set1_pd(-150.0)), _mm512_set1_pd(100.0));
    __m512d kd = _mm512_fmadd_pd(y, _mm512_set1_pd(LOG2E), shift);
    __m512i k = _mm512_sub_epi64(_mm512_castpd_si512(kd), _mm512_castpd_si512(shift));
    kd = _mm512_sub_pd(kd, shift);
    __m512d r = _mm512_fnmadd_pd(kd, _mm512_set1_pd(LN2HI), y);
    r = _mm512_fnmadd_pd(kd, _mm512_set1_pd(LN2LO), r);
    __m512d p = _mm512_set1_pd(em1_coef[12]);
    for (int j = 11; j >= 0; j--) p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(em1_coef[j]));
    __m512d s = _mm512_castsi512_pd(_mm512_slli_epi64(_mm512_add_epi64(k, _mm512_set1_epi64(1023)), 52));
    __m512d q = _mm512_mul_pd(r, p);
    return nan_pass(_mm512_cvtpd_ps(_mm512_fmadd_pd(s, q, s)), xf);
}

#define DEF_AVX512(NAME, V8, ONE)                                                            \
    __attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma"))) static void NAME##_avx512( \
        float *o, const float *a, int64_t n) {                                               \
        int64_t i = 0;                                                                       \
        for (; i + 8 <= n; i += 8) _mm256_storeu_ps(o + i, V8(_mm256_loadu_ps(a + i)));     \
        for (; i < n; i++) o[i] = ONE(a[i]);                                                 \
    }
DEF_AVX512(exp, exp8_512, exp_one)
DEF_AVX512(log, log8_512, log_one)
DEF_AVX512(log2, log2_8_512, log2_one)
DEF_AVX512(log10, log10_8_512, log10_one)

/* float32 pow on sixteen lanes: the float-float kernels instantiated for AVX-512 */
typedef struct {
    __m512 x, y;
} df_w;
#define V __m512
#define DD df_w
#define SFX _fw
#define DD_FN static inline __attribute__((always_inline))
#define K(c) _mm512_set1_ps((float)(c))
#define ADD(a, b) _mm512_add_ps(a, b)
#define SUB(a, b) _mm512_sub_ps(a, b)
#define MUL(a, b) _mm512_mul_ps(a, b)
#define DIV(a, b) _mm512_div_ps(a, b)
#define NEG(a) _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(a), _mm512_set1_epi32((int)0x80000000u)))
#define FMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define MASK __mmask16
#define LT(a, b) _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ)
#define SEL(m, a, b) _mm512_mask_blend_ps(m, b, a)
#define DD_FLOAT_KERNELS
TC_TARGET_BEGIN("avx512f,avx512dq,avx512vl,avx2,fma")
#include "cpu-vmath-dd.h"
#undef DD_FN
TC_TARGET_END
#undef DD_FLOAT_KERNELS
#undef V
#undef DD
#undef SFX
#undef K
#undef ADD
#undef SUB
#undef MUL
#undef DIV
#undef NEG
#undef FMA
#undef MASK
#undef LT
#undef SEL

V5 __m512 sleef_ldexpf16(__m512 x, __m512i q) {
    __m512i m = _mm512_srai_epi32(q, 31);
    m = _mm512_slli_epi32(_mm512_sub_epi32(_mm512_srai_epi32(_mm512_add_epi32(m, q), 6), m), 4);
    q = _mm512_sub_epi32(q, _mm512_slli_epi32(m, 2));
    m = _mm512_add_epi32(m, _mm512_set1_epi32(127));
    m = _mm512_min_epi32(_mm512_max_epi32(m, _mm512_setzero_si512()), _mm512_set1_epi32(0xff));
    __m512 u = _mm512_castsi512_ps(_mm512_slli_epi32(m, 23));
    x = _mm512_mul_ps(_mm512_mul_ps(_mm512_mul_ps(_mm512_mul_ps(x, u), u), u), u);
    u = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(q, _mm512_set1_epi32(0x7f)), 23));
    return _mm512_mul_ps(x, u);
}

V5 __m512 pow_16(__m512 x, __m512 y, int *ok) {
    __mmask16 good = _mm512_cmp_ps_mask(x, _mm512_set1_ps(0x1p-126f), _CMP_GE_OQ) &
                     _mm512_cmp_ps_mask(x, _mm512_set1_ps(INFINITY), _CMP_LT_OQ) &
                     _mm512_cmp_ps_mask(x, _mm512_set1_ps(1.0f), _CMP_NEQ_OQ);
    __m512 ay = _mm512_abs_ps(y);
    good &= _mm512_cmp_ps_mask(ay, _mm512_setzero_ps(), _CMP_GT_OQ) & _mm512_cmp_ps_mask(ay, _mm512_set1_ps(INFINITY), _CMP_LT_OQ);
    __m512 fy = _mm512_mul_ps(x, _mm512_set1_ps(1.0f / 0.75f));
    __m512i yb = _mm512_castps_si512(fy), b = _mm512_castps_si512(x);
    __m512 e = _mm512_cvtepi32_ps(_mm512_sub_epi32(_mm512_srli_epi32(yb, 23), _mm512_set1_epi32(127)));
    b = _mm512_sub_epi32(b, _mm512_and_si512(_mm512_sub_epi32(b, _mm512_set1_epi32(0x3f400000)),
                                             _mm512_set1_epi32((int)0xff800000u)));
    df_w d = dd_mul_dv_fw(df_logk_fw(_mm512_castsi512_ps(b), e), y);
    good &= _mm512_cmp_ps_mask(d.x, _mm512_set1_ps(-100.0f), _CMP_GT_OQ) & _mm512_cmp_ps_mask(d.x, _mm512_set1_ps(88.0f), _CMP_LT_OQ);
    *ok = good == 0xffff;
    __m512 q = _mm512_roundscale_ps(_mm512_mul_ps(_mm512_add_ps(d.x, d.y), _mm512_set1_ps(R_LN2F)),
                                    _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    return sleef_ldexpf16(df_expk_fw(d, q), _mm512_cvtps_epi32(q));
}

__attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma"))) static void pow_block_avx512(
    float *o, const float *a, int64_t sa, const float *b, int64_t sb, int64_t n) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512 x = sa ? _mm512_loadu_ps(a + i) : _mm512_set1_ps(a[0]);
        __m512 y = sb ? _mm512_loadu_ps(b + i) : _mm512_set1_ps(b[0]);
        int ok;
        __m512 r = pow_16(x, y, &ok);
        if (ok) _mm512_storeu_ps(o + i, r);
        else for (int j = 0; j < 16; j++) o[i + j] = pow_vec_f(a[(i + j) * sa], b[(i + j) * sb]);
    }
    for (; i < n; i++) o[i] = pow_vec_f(a[i * sa], b[i * sb]);
}

/* tc__cpu_isa()'s levels: 2 AVX-512 (F, BW, DQ, VL), 1 AVX2 with FMA. */
static bool have_avx512(void) { return tc__cpu_isa() == 2; }
#define AVX512_OR(NAME)                                                                      \
    if (have_avx512()) {                                                                     \
        NAME##_avx512(o, a, n);                                                              \
        return;                                                                              \
    }

static bool have_avx2_fma(void) { return tc__cpu_isa() >= 1; }
#define AVX2_OR(NAME)                                                                        \
    if (have_avx2_fma()) {                                                                   \
        NAME##_avx2(o, a, n);                                                                \
        return;                                                                              \
    }
#else
#define AVX2_OR(NAME)
#define AVX512_OR(NAME)
#endif

/* ---- loops ------------------------------------------------------------------------------- */

/* The width of the vectors PyTorch's kernels use on this CPU, in bytes: its AVX512 kernels
 * where the CPU has AVX-512 F, BW, DQ and VL (and FMA), else AVX2's (or the default build's,
 * which are as wide). Its vectorised maps take whole pairs of vectors (PAIR elements of a
 * type) and leave the rest to the scalar loop, so the split follows the CPU. TK_VEC_BYTES=32
 * or 64 sets the width instead (to test either layout on any machine; the lanes compute the
 * same values on every CPU). */
int64_t tc__aten_vec_bytes(void) {
    static _Atomic int64_t v;
    int64_t w = atomic_load_explicit(&v, memory_order_relaxed);
    if (!w) {
        const char *want = getenv("TK_VEC_BYTES");
        if (want && (!strcmp(want, "32") || !strcmp(want, "64")))
            w = atoi(want);
        else
#if defined(__x86_64__)
            w = have_avx512() ? 64 : 32;
#else
            w = 32;
#endif
        atomic_store_explicit(&v, w, memory_order_relaxed);
    }
    return w;
}
#define VEC_PAIR(T) (2 * tc__aten_vec_bytes() / (int64_t)sizeof(T))

#define DEF_CONTIG(NAME, ONE)                                                                \
    static void NAME##_contig(float *o, const float *a, int64_t n) {                         \
        AVX2_OR(NAME)                                                                        \
        for (int64_t i = 0; i < n; i++) o[i] = ONE(a[i]);                                    \
    }
#define DEF_CONTIG512(NAME, ONE)                                                             \
    static void NAME##_contig(float *o, const float *a, int64_t n) {                         \
        AVX512_OR(NAME)                                                                      \
        AVX2_OR(NAME)                                                                        \
        for (int64_t i = 0; i < n; i++) o[i] = ONE(a[i]);                                    \
    }
DEF_CONTIG512(exp, exp_one)
DEF_CONTIG(tanh, tanh_one)
DEF_CONTIG(sigmoid, sigmoid_one)
DEF_CONTIG(sin, sin_one)
DEF_CONTIG(cos, cos_one)
DEF_CONTIG512(log, log_one)
DEF_CONTIG512(log2, log2_one)
DEF_CONTIG512(log10, log10_one)
DEF_CONTIG(log1p, log1p_one)
DEF_CONTIG(expm1, expm1_one)

#define DEF_CONTIG_D(NAME, ONE)                                                              \
    static void NAME##_d_contig(double *o, const double *a, int64_t n) {                     \
        AVX2_OR(NAME##_d)                                                                    \
        for (int64_t i = 0; i < n; i++) o[i] = ONE(a[i]);                                    \
    }
DEF_CONTIG_D(tanh, tanh_vec_d)
DEF_CONTIG_D(sinh, sinh_vec_d)
DEF_CONTIG_D(cosh, cosh_vec_d)
DEF_CONTIG_D(expm1, expm1_vec_d)
DEF_CONTIG_D(log10, log10_vec_d)
DEF_CONTIG_D(log1p, log1p_vec_d)

static void sigmoid_d_contig(double *o, const double *a, int64_t n) {
    AVX2_OR(sigmoid_d)
    for (int64_t i = 0; i < n; i++) o[i] = sigmoid_vec_d(a[i]);
}

/* ---- sqrt and rsqrt: correctly rounded, eight or four lanes at a time ---------------------
 * (PyTorch's float32 sqrt is MKL's, which is off the correctly rounded value in about 9% of
 * cases on this CPU; rsqrt is 1 / sqrt x in both libraries, which this is.) */
#if defined(__x86_64__)
__attribute__((target("avx2"))) static void sqrt_f_avx2(float *o, const float *a, int64_t n, int recip) {
    int64_t i = 0;
    const __m256 one = _mm256_set1_ps(1.0f);
    if (recip)
        for (; i + 8 <= n; i += 8) _mm256_storeu_ps(o + i, _mm256_div_ps(one, _mm256_sqrt_ps(_mm256_loadu_ps(a + i))));
    else
        for (; i + 8 <= n; i += 8) _mm256_storeu_ps(o + i, _mm256_sqrt_ps(_mm256_loadu_ps(a + i)));
    for (; i < n; i++) o[i] = recip ? 1.0f / sqrtf(a[i]) : sqrtf(a[i]);
}
__attribute__((target("avx2"))) static void sqrt_d_avx2(double *o, const double *a, int64_t n, int recip) {
    int64_t i = 0;
    const __m256d one = _mm256_set1_pd(1.0);
    if (recip)
        for (; i + 4 <= n; i += 4) _mm256_storeu_pd(o + i, _mm256_div_pd(one, _mm256_sqrt_pd(_mm256_loadu_pd(a + i))));
    else
        for (; i + 4 <= n; i += 4) _mm256_storeu_pd(o + i, _mm256_sqrt_pd(_mm256_loadu_pd(a + i)));
    for (; i < n; i++) o[i] = recip ? 1.0 / sqrt(a[i]) : sqrt(a[i]);
}
#endif

static void sqrt_f(float *o, const float *a, int64_t n, int recip) {
#if defined(__x86_64__)
    if (have_avx2_fma()) {
        sqrt_f_avx2(o, a, n, recip);
        return;
    }
#endif
    for (int64_t i = 0; i < n; i++) o[i] = recip ? 1.0f / sqrtf(a[i]) : sqrtf(a[i]);
}
static void sqrt_d(double *o, const double *a, int64_t n, int recip) {
#if defined(__x86_64__)
    if (have_avx2_fma()) {
        sqrt_d_avx2(o, a, n, recip);
        return;
    }
#endif
    for (int64_t i = 0; i < n; i++) o[i] = recip ? 1.0 / sqrt(a[i]) : sqrt(a[i]);
}
static void sqrt_contig(float *o, const float *a, int64_t n) { sqrt_f(o, a, n, 0); }
static void rsqrt_contig(float *o, const float *a, int64_t n) { sqrt_f(o, a, n, 1); }
static void sqrt_d_contig(double *o, const double *a, int64_t n) { sqrt_d(o, a, n, 0); }
static void rsqrt_d_contig(double *o, const double *a, int64_t n) { sqrt_d(o, a, n, 1); }

/* Strided operands are staged through small blocks so they take the same lanes. */
static int run(char **p, const int64_t *s, int64_t n, void (*contig)(float *, const float *, int64_t)) {
    if (s[0] == 4 && s[1] == 4) {
        contig((float *)p[0], (const float *)p[1], n);
        return 0;
    }
    float in[256], out[256];
    for (int64_t i0 = 0; i0 < n; i0 += 256) {
        int64_t m = n - i0 < 256 ? n - i0 : 256;
        for (int64_t i = 0; i < m; i++) in[i] = *(const float *)(p[1] + (i0 + i) * s[1]);
        contig(out, in, m);
        for (int64_t i = 0; i < m; i++) *(float *)(p[0] + (i0 + i) * s[0]) = out[i];
    }
    return 0;
}

int tc__exp_f32_loop(char **p, const int64_t *s, int64_t n, const void *ex) {
    (void)ex;
    return run(p, s, n, exp_contig);
}

int tc__tanh_f32_loop(char **p, const int64_t *s, int64_t n, const void *ex) {
    (void)ex;
    return run(p, s, n, tanh_contig);
}

/* PyTorch's vectorised loop takes whole pairs of vectors from the start of the range and
 * leaves the rest, and every element of a strided operand, to its scalar form. */
int tc__sigmoid_f32_loop(char **p, const int64_t *s, int64_t n, const void *ex) {
    (void)ex;
    if (s[0] == 4 && s[1] == 4) {
        float *o = (float *)p[0];
        const float *a = (const float *)p[1];
        int64_t nv = n - n % VEC_PAIR(float);
        sigmoid_contig(o, a, nv);
        for (int64_t i = nv; i < n; i++) o[i] = sigmoid_lib_f(a[i]);
        return 0;
    }
    for (int64_t i = 0; i < n; i++)
        *(float *)(p[0] + i * s[0]) = sigmoid_lib_f(*(const float *)(p[1] + i * s[1]));
    return 0;
}

/* float64 loops whose vectorised lanes and scalar loop differ (see tc__sigmoid_f32_loop) */
#define DEF_TAIL_D(NAME, LIB)                                                                \
    int tc__##NAME##_f64_loop(char **p, const int64_t *s, int64_t n, const void *ex) {       \
        (void)ex;                                                                            \
        if (s[0] == 8 && s[1] == 8) {                                                        \
            double *o = (double *)p[0];                                                      \
            const double *a = (const double *)p[1];                                          \
            int64_t nv = n - n % VEC_PAIR(double);                                               \
            NAME##_d_contig(o, a, nv);                                                       \
            for (int64_t i = nv; i < n; i++) o[i] = LIB(a[i]);                               \
            return 0;                                                                        \
        }                                                                                    \
        for (int64_t i = 0; i < n; i++)                                                      \
            *(double *)(p[0] + i * s[0]) = LIB(*(const double *)(p[1] + i * s[1]));          \
        return 0;                                                                            \
    }
DEF_TAIL_D(sigmoid, sigmoid_lib_d)
DEF_TAIL_D(sinh, sinh)
DEF_TAIL_D(cosh, cosh)

/* float64 loops with one kernel for every element; strided operands are staged through small
 * blocks */
static int run_d(char **p, const int64_t *s, int64_t n, void (*contig)(double *, const double *, int64_t)) {
    if (s[0] == 8 && s[1] == 8) {
        contig((double *)p[0], (const double *)p[1], n);
        return 0;
    }
    double in[256], out[256];
    for (int64_t i0 = 0; i0 < n; i0 += 256) {
        int64_t m = n - i0 < 256 ? n - i0 : 256;
        for (int64_t i = 0; i < m; i++) in[i] = *(const double *)(p[1] + (i0 + i) * s[1]);
        contig(out, in, m);
        for (int64_t i = 0; i < m; i++) *(double *)(p[0] + (i0 + i) * s[0]) = out[i];
    }
    return 0;
}

#define DEF_LOOP_D(NAME)                                                                     \
    int tc__##NAME##_f64_loop(char **p, const int64_t *s, int64_t n, const void *ex) {       \
        (void)ex;                                                                            \
        return run_d(p, s, n, NAME##_d_contig);                                              \
    }
DEF_LOOP_D(tanh)
DEF_LOOP_D(expm1)
DEF_LOOP_D(log10)
DEF_LOOP_D(log1p)
DEF_LOOP_D(sqrt)
DEF_LOOP_D(rsqrt)

#define DEF_LOOP(NAME)                                                                       \
    int tc__##NAME##_f32_loop(char **p, const int64_t *s, int64_t n, const void *ex) {       \
        (void)ex;                                                                            \
        return run(p, s, n, NAME##_contig);                                                  \
    }
DEF_LOOP(log)
DEF_LOOP(log2)
DEF_LOOP(log10)
DEF_LOOP(log1p)
DEF_LOOP(expm1)
DEF_LOOP(sqrt)
DEF_LOOP(rsqrt)

int tc__sin_f32_loop(char **p, const int64_t *s, int64_t n, const void *ex) {
    (void)ex;
    return run(p, s, n, sin_contig);
}

int tc__cos_f32_loop(char **p, const int64_t *s, int64_t n, const void *ex) {
    (void)ex;
    return run(p, s, n, cos_contig);
}

/* Binary functions whose value PyTorch's scalar loop computes differently from its vectorised
 * one: VEC over whole pairs of vectors (PAIR elements) when each operand is contiguous or a
 * broadcast scalar, LIB (the C library's) for the rest and for strided operands. BLOCK runs
 * the vectorised form over n elements of a and b (strides sa, sb: 1 or 0). */
#define DEF_SPLIT2(NAME, T, SFX, PAIR, BLOCK, LIB)                                            \
    int tc__##NAME##_##SFX##_loop(char **p, const int64_t *s, int64_t n, const void *ex) {   \
        (void)ex;                                                                            \
        const int64_t es = sizeof(T);                                                        \
        if (s[0] == es && (s[1] == es || s[1] == 0) && (s[2] == es || s[2] == 0)) {          \
            T *o = (T *)p[0];                                                                \
            const T *a = (const T *)p[1], *b = (const T *)p[2];                              \
            int64_t sa = s[1] / es, sb = s[2] / es, nv = n - n % (PAIR);                     \
            BLOCK(o, a, sa, b, sb, nv);                                                      \
            for (int64_t i = nv; i < n; i++) o[i] = LIB(a[i * sa], b[i * sb]);               \
            return 0;                                                                        \
        }                                                                                    \
        for (int64_t i = 0; i < n; i++)                                                      \
            *(T *)(p[0] + i * s[0]) = LIB(*(const T *)(p[1] + i * s[1]), *(const T *)(p[2] + i * s[2])); \
        return 0;                                                                            \
    }

/* The vectorised form over a block: the AVX2 lanes where the CPU has them, else the scalar
 * form of the same operations. */
#if defined(__x86_64__)
#define DEF_VEC_BLOCK(NAME, T, AVX2, ONE)                                                    \
    static void NAME(T *o, const T *a, int64_t sa, const T *b, int64_t sb, int64_t n) {      \
        if (have_avx2_fma()) {                                                               \
            AVX2(o, a, sa, b, sb, n);                                                        \
            return;                                                                          \
        }                                                                                    \
        for (int64_t i = 0; i < n; i++) o[i] = ONE(a[i * sa], b[i * sb]);                    \
    }
#else
#define DEF_VEC_BLOCK(NAME, T, AVX2, ONE)                                                    \
    static void NAME(T *o, const T *a, int64_t sa, const T *b, int64_t sb, int64_t n) {      \
        for (int64_t i = 0; i < n; i++) o[i] = ONE(a[i * sa], b[i * sb]);                    \
    }
#endif

/* atan2(a, b): SLEEF's atan2 u1 in the vectorised pairs, atan2f / atan2 in the scalar loop */
DEF_VEC_BLOCK(atan2_vec_block, float, atan2_block_avx2, atan2_vec_f)
DEF_VEC_BLOCK(atan2_d_vec_block, double, atan2_d_block_avx2, atan2_vec_d)
DEF_SPLIT2(atan2, float, f32, VEC_PAIR(float), atan2_vec_block, atan2f)
DEF_SPLIT2(atan2, double, f64, VEC_PAIR(double), atan2_d_vec_block, atan2)

/* hypot(a, b): SLEEF's hypot u05 in the vectorised pairs (sized to the CPU's vectors as
 * PyTorch picks its kernels), hypotf / hypot (correctly rounded) in the scalar loop */
#if defined(__x86_64__)
#define HYPOT_BLOCK(T, SUF, V, W, VEC, LANES)                                                    \
    __attribute__((target("avx2,fma"))) static void hypot_##SUF##_block_avx2(                   \
        T *o, const T *a, int64_t sa, const T *b, int64_t sb, int64_t n) {                       \
        int64_t i = 0;                                                                           \
        for (; i + W <= n; i += W) {                                                             \
            V x = sa ? _mm256_loadu_##VEC(a + i) : _mm256_set1_##VEC(a[0]);                      \
            V y = sb ? _mm256_loadu_##VEC(b + i) : _mm256_set1_##VEC(b[0]);                      \
            _mm256_storeu_##VEC(o + i, LANES(x, y));                                             \
        }                                                                                        \
        for (; i < n; i++) o[i] = hypot_vec_##SUF(a[i * sa], b[i * sb]);                         \
    }
HYPOT_BLOCK(float, f, __m256, 8, ps, hypot_8)
HYPOT_BLOCK(double, d, __m256d, 4, pd, hypot_d4)
#undef HYPOT_BLOCK
#endif
DEF_VEC_BLOCK(hypot_f_vec_block, float, hypot_f_block_avx2, hypot_vec_f)
DEF_VEC_BLOCK(hypot_d_vec_block, double, hypot_d_block_avx2, hypot_vec_d)
DEF_SPLIT2(hypot, float, f32, VEC_PAIR(float), hypot_f_vec_block, hypotf)
DEF_SPLIT2(hypot, double, f64, VEC_PAIR(double), hypot_d_vec_block, hypot)

/* pow(a, b): SLEEF's pow in PyTorch's vectorised loop; its scalar loop (the tail, strided
 * operands) is the C library's pow, in double for a float32 tensor raised to a Python number
 * (that exponent is a broadcast operand here) and powf for two float32 tensors */
static void pow_vec_block(float *o, const float *a, int64_t sa, const float *b, int64_t sb, int64_t n) {
#if defined(__x86_64__)
    if (have_avx512()) {
        pow_block_avx512(o, a, sa, b, sb, n);
        return;
    }
    if (have_avx2_fma()) {
        pow_block_avx2(o, a, sa, b, sb, n);
        return;
    }
#endif
    for (int64_t i = 0; i < n; i++) o[i] = pow_vec_f(a[i * sa], b[i * sb]);
}

static void pow_d_vec_block(double *o, const double *a, int64_t sa, const double *b, int64_t sb, int64_t n) {
#if defined(__x86_64__)
    if (have_avx2_fma()) {
        pow_d_block_avx2(o, a, sa, b, sb, n);
        return;
    }
#endif
    for (int64_t i = 0; i < n; i++) o[i] = pow_vec_d(a[i * sa], b[i * sb]);
}

static inline float pow_lib_f(float x, float y, int scalar_exp) {
    return scalar_exp ? (float)pow((double)x, (double)y) : powf(x, y);
}

int tc__pow_f32_loop(char **p, const int64_t *s, int64_t n, const void *ex) {
    (void)ex;
    int scalar_exp = s[2] == 0;
    if (s[0] == 4 && (s[1] == 4 || s[1] == 0) && (s[2] == 4 || s[2] == 0)) {
        float *o = (float *)p[0];
        const float *a = (const float *)p[1], *b = (const float *)p[2];
        int64_t sa = s[1] / 4, sb = s[2] / 4, nv = n - n % VEC_PAIR(float);
        pow_vec_block(o, a, sa, b, sb, nv);
        for (int64_t i = nv; i < n; i++) o[i] = pow_lib_f(a[i * sa], b[i * sb], scalar_exp);
        return 0;
    }
    for (int64_t i = 0; i < n; i++)
        *(float *)(p[0] + i * s[0]) =
            pow_lib_f(*(const float *)(p[1] + i * s[1]), *(const float *)(p[2] + i * s[2]), scalar_exp);
    return 0;
}

int tc__pow_f64_loop(char **p, const int64_t *s, int64_t n, const void *ex) {
    (void)ex;
    if (s[0] == 8 && (s[1] == 8 || s[1] == 0) && (s[2] == 8 || s[2] == 0)) {
        double *o = (double *)p[0];
        const double *a = (const double *)p[1], *b = (const double *)p[2];
        int64_t sa = s[1] / 8, sb = s[2] / 8, nv = n - n % VEC_PAIR(double);
        pow_d_vec_block(o, a, sa, b, sb, nv);
        for (int64_t i = nv; i < n; i++) o[i] = pow(a[i * sa], b[i * sb]);
        return 0;
    }
    for (int64_t i = 0; i < n; i++)
        *(double *)(p[0] + i * s[0]) = pow(*(const double *)(p[1] + i * s[1]), *(const double *)(p[2] + i * s[2]));
    return 0;
}

/* ---- exp2 and atanh: SLEEF's u10 functions in PyTorch's vectorised lanes, the C library's
 * in its scalar loop (the elements past the last whole pair of vectors, strided operands) -- */

/* SLEEF's exp2f: 2^d = 2^q 2^s with q = rint(d), |s| <= 1/2, a degree-6 polynomial */
static float sleef_exp2f(float d) {
    float u = rintf(d), s = d - u;
    int32_t q = (int32_t)u;
    u = +0.1535920892e-3f;
    u = fmaf(u, s, +0.1339262701e-2f);
    u = fmaf(u, s, +0.9618384764e-2f);
    u = fmaf(u, s, +0.5550347269e-1f);
    u = fmaf(u, s, +0.2402264476e+0f);
    u = fmaf(u, s, +0.6931471825e+0f);
    u = fmaf(u, s, 1.0f);
    if (d != d) return d;
    if (d >= 128) return INFINITY;
    if (d < -150) return 0.0f;
    return u * pow2i(q >> 1) * pow2i(q - (q >> 1));
}

/* SLEEF's exp2 (double): the same with a degree-10 polynomial in SLEEF's POLY10 grouping */
static double sleef_exp2(double d) {
    double u = rint(d), s = d - u;
    if (d != d) return d;
    if (d >= 1024) return INFINITY;
    if (d < -2000) return 0.0;
    int64_t q = (int64_t)u;
    double s2 = s * s, s4 = s2 * s2, s8 = s4 * s4;
    double p2 = fma(s, +0.4434359082926529454e-9, +0.7073164598085707425e-8);
    double a = fma(s, +0.1017819260921760451e-6, +0.1321543872511327615e-5);
    double b = fma(s, +0.1525273353517584730e-4, +0.1540353045101147808e-3);
    double c = fma(s, +0.1333355814670499073e-2, +0.9618129107597600536e-2);
    double e = fma(s, +0.5550410866482046596e-1, +0.2402265069591012214e+0);
    double p8 = fma(s4, fma(s2, a, b), fma(s2, c, e));
    u = fma(s8, p2, p8);
    u = fma(u, s, +0.6931471805599452862e+0);
    u = fma(u, s, 1.0);
    return u * pow2i_d(q >> 1) * pow2i_d(q - (q >> 1));
}

/* SLEEF's logk2: log of a positive double-double, as a double-double */
static dd_s sleef_logk2(dd_s d) {
    int e = ilogb(d.x * (1.0 / 0.75));
    double sc = ldexp(1.0, -e);
    dd_s m = {d.x * sc, d.y * sc};
    dd_s x = dd_div_s(dd_add2_dv_s(m, -1.0), dd_add2_dv_s(m, 1.0));
    dd_s x2 = dd_squ_s(x);
    double t = 0.13860436390467167910856;
    t = fma(t, x2.x, 0.131699838841615374240845);
    t = fma(t, x2.x, 0.153914168346271945653214);
    t = fma(t, x2.x, 0.181816523941564611721589);
    t = fma(t, x2.x, 0.22222224632662035403996);
    t = fma(t, x2.x, 0.285714285511134091777308);
    t = fma(t, x2.x, 0.400000000000914013309483);
    t = fma(t, x2.x, 0.666666666666664853302393);
    dd_s ln2 = {0.693147180559945286226764, 2.319046813846299558417771e-17};
    dd_s x2s = {x.x * 2, x.y * 2};
    return dd_add2_dd_s(dd_mul_dv_s(ln2, (double)e),
                        dd_add2_dd_s(x2s, dd_mul_dv_s(dd_mul_dd_s(x2, x), t)));
}

/* SLEEF's logk2f, the float-float counterpart */
static df_s sleef_logk2f(df_s d) {
    int e = ilogbf(d.x * (1.0f / 0.75f));
    float sc = ldexpf(1.0f, -e);
    df_s m = {d.x * sc, d.y * sc};
    df_s x = dd_div_fs(dd_add2_dv_fs(m, -1.0f), dd_add2_dv_fs(m, 1.0f));
    df_s x2 = dd_squ_fs(x);
    float t = 0.2392828464508056640625f;
    t = fmaf(t, x2.x, 0.28518211841583251953125f);
    t = fmaf(t, x2.x, 0.400005877017974853515625f);
    t = fmaf(t, x2.x, 0.666666686534881591796875f);
    df_s ln2 = {0.69314718246459960938f, -1.904654323148236017e-09f};
    df_s x2s = {x.x * 2, x.y * 2};
    df_s s = dd_mul_dv_fs(ln2, (float)e);
    s = dd_add_dd_fs(s, x2s);
    return dd_add_dd_fs(s, dd_mul_dv_fs(dd_mul_dd_fs(x2, x), t));
}

/* SLEEF's atanh: log((1 + |x|) / (1 - |x|)) / 2 with the sign of x */
static double sleef_atanh(double x) {
    double y = fabs(x);
    dd_s d = sleef_logk2(dd_div_s(dd_add2_vv_s(1.0, y), dd_add2_vv_s(1.0, -y)));
    double r = y > 1.0 ? NAN : y == 1.0 ? INFINITY : (d.x + d.y) * 0.5;
    if (isinf(x) || r != r) r = NAN;
    r = copysign(r, x);
    return x != x ? x : r;
}

static float sleef_atanhf(float x) {
    float y = fabsf(x);
    df_s d = sleef_logk2f(dd_div_fs(dd_add2_vv_fs(1.0f, y), dd_add2_vv_fs(1.0f, -y)));
    float r = y > 1.0f ? NAN : y == 1.0f ? INFINITY : (d.x + d.y) * 0.5f;
    if (isinf(x) || r != r) r = NAN;
    r = copysignf(r, x);
    return x != x ? x : r;
}

/* NAME_block: the vectorised form ONE over n contiguous elements, one by one */
#define DEF_SCALAR_BLOCK(NAME, T, ONE)                                                       \
    static void NAME##_block(T *o, const T *a, int64_t n) {                                  \
        for (int64_t i = 0; i < n; i++) o[i] = ONE(a[i]);                                    \
    }

/* tc__<name>_f32_loop / _f64_loop: BLOCK runs the vectorised lanes' function over the whole
 * pairs of vectors of a contiguous range (PAIR elements), LIB (the scalar loop's) the rest
 * and every element of a strided operand */
#define DEF_SPLIT(NAME, T, SFX, PAIR, BLOCK, LIB)                                            \
    int tc__##NAME##_##SFX##_loop(char **p, const int64_t *s, int64_t n, const void *ex) {   \
        (void)ex;                                                                            \
        if (s[0] == sizeof(T) && s[1] == sizeof(T)) {                                        \
            T *o = (T *)p[0];                                                                \
            const T *a = (const T *)p[1];                                                    \
            int64_t nv = n - n % (PAIR);                                                     \
            BLOCK(o, a, nv);                                                                 \
            for (int64_t i = nv; i < n; i++) o[i] = LIB(a[i]);                               \
            return 0;                                                                        \
        }                                                                                    \
        for (int64_t i = 0; i < n; i++)                                                      \
            *(T *)(p[0] + i * s[0]) = LIB(*(const T *)(p[1] + i * s[1]));                    \
        return 0;                                                                            \
    }
DEF_SCALAR_BLOCK(exp2_f, float, sleef_exp2f)
DEF_SCALAR_BLOCK(exp2_d, double, sleef_exp2)
DEF_SCALAR_BLOCK(atanh_f, float, sleef_atanhf)
DEF_SCALAR_BLOCK(atanh_d, double, sleef_atanh)
DEF_SPLIT(exp2, float, f32, VEC_PAIR(float), exp2_f_block, exp2f)
DEF_SPLIT(exp2, double, f64, VEC_PAIR(double), exp2_d_block, exp2)
DEF_SPLIT(atanh, float, f32, VEC_PAIR(float), atanh_f_block, atanhf)
DEF_SPLIT(atanh, double, f64, VEC_PAIR(double), atanh_d_block, atanh)

/* ---- activations of torch.nn.functional with their default parameters, as ATen's kernels
 * compute them: the vectorised lanes with SLEEF's u10 functions (and ATen's own float erf),
 * the scalar loop with the C library's ------------------------------------------------------ */

/* ATen's float erf (Vectorized<float>::erf): Abramowitz and Stegun 7.1.26 with SLEEF's exp */
static inline float aten_erff(float x) {
    float a = fabsf(x);
    float t = 1.0f / fmaf(0.3275911f, a, 1.0f);
    float r = fmaf(fmaf(fmaf(fmaf(1.061405429f, t, -1.453152027f), t, 1.421413741f), t, -0.284496736f), t,
                   0.254829592f);
    float e = -sleef_expf(-(x * x));
    float v = fmaf(e * t, r, 1.0f);
    return signbit(x) ? -v : v;
}

/* SLEEF's tanhf (u10): (e^y - e^-y) / (e^y + e^-y) in float-float, y = |x| */
static inline float sleef_tanhf(float x) {
    if (x != x) return x;
    float y = fabsf(x);
    if (y > 8.664339742f) return copysignf(1.0f, x);
    float q = rintf(y * R_LN2F);
    df_s d = df_expk2_fs(y, q);
    d.x = d.x * pow2i_hf(q, 1) * pow2i_hf(q, 0);
    d.y = d.y * pow2i_hf(q, 1) * pow2i_hf(q, 0);
    df_s e = dd_rec_fs(d);
    d = dd_div_fs(dd_add_dd_fs(d, dd_neg_fs(e)), dd_add_dd_fs(d, e));
    float r = d.x + d.y;
    return copysignf(r != r ? 1.0f : r, x);
}

#define SELU_ALPHA 1.6732632423543772848170429916717
#define SELU_SCALE 1.0507009873554804934193349852946

static inline float silu_vec_f(float x) { return x / (1.0f + sleef_expf(-x)); }
static inline float silu_lib_f(float x) { return x / (1.0f + expf(-x)); }
static inline double silu_vec_d(double x) { return x / (1.0 + sleef_exp(-x)); }
static inline double silu_lib_d(double x) { return x / (1.0 + exp(-x)); }
/* softplus with beta 1 and threshold 20 */
static inline float softplus_vec_f(float x) { return x > 20.0f ? x : log1p_one(sleef_expf(x)); }
static inline float softplus_lib_f(float x) { return x > 20.0f ? x : log1pf(expf(x)); }
static inline double softplus_vec_d(double x) { return x > 20.0 ? x : log1p_vec_d(sleef_exp(x)); }
static inline double softplus_lib_d(double x) { return x > 20.0 ? x : log1p(exp(x)); }
/* elu with alpha 1; selu's coefficients are rounded to the type, then multiplied in it */
static inline float elu_vec_f(float x) { return x > 0 ? x : expm1_one(x); }
static inline float elu_lib_f(float x) { return x <= 0 ? expm1f(x) : x; }
static inline double elu_vec_d(double x) { return x > 0 ? x : expm1_vec_d(x); }
static inline double elu_lib_d(double x) { return x <= 0 ? expm1(x) : x; }
static inline float selu_vec_f(float x) {
    return x > 0 ? x * (float)SELU_SCALE : expm1_one(x) * ((float)SELU_ALPHA * (float)SELU_SCALE);
}
static inline float selu_lib_f(float x) {
    return x <= 0 ? expm1f(x) * ((float)SELU_ALPHA * (float)SELU_SCALE) : x * (float)SELU_SCALE;
}
static inline double selu_vec_d(double x) {
    return x > 0 ? x * SELU_SCALE : expm1_vec_d(x) * (SELU_ALPHA * SELU_SCALE);
}
static inline double selu_lib_d(double x) {
    return x <= 0 ? expm1(x) * (SELU_ALPHA * SELU_SCALE) : x * SELU_SCALE;
}
static inline float mish_vec_f(float x) { return x * sleef_tanhf(log1p_one(sleef_expf(x))); }
static inline float mish_lib_f(float x) { return x * tanhf(log1pf(expf(x))); }
static inline double mish_vec_d(double x) { return x * tanh_vec_d(log1p_vec_d(sleef_exp(x))); }
static inline double mish_lib_d(double x) { return x * tanh(log1p(exp(x))); }
/* gelu without the tanh approximation: x/2 (1 + erf(x / sqrt 2)) */
static inline float gelu_vec_f(float x) { return x * 0.5f * (1.0f + aten_erff(x * (float)M_SQRT1_2)); }
static inline float gelu_lib_f(float x) { return x * 0.5f * (1.0f + erff(x * (float)M_SQRT1_2)); }

/* ATen's double gelu calls SLEEF's erf (u1) in its vectorised lanes */
static inline double gelu_vec_d(double x) { return x * 0.5 * (1.0 + sleef_erf(x * M_SQRT1_2)); }
static inline double gelu_lib_d(double x) { return x * 0.5 * (1.0 + erf(x * M_SQRT1_2)); }
/* gelu with the tanh approximation: x/2 (1 + tanh(beta (x + kappa x^3))), beta = sqrt(2 / pi),
 * the constants rounded to the type; SLEEF's tanh in the vectorised lanes, the C library's in
 * the scalar loop. PyTorch's compiled kernel fuses kappa x^3 + x (in both forms). */
#define GELU_TANH_BETA (M_SQRT2 * M_2_SQRTPI * 0.5)
#define GELU_TANH_KAPPA 0.044715
#define DEF_GELU_TANH(NAME, T, TANH, FMA)                                                    \
    static inline T NAME(T x) {                                                              \
        T inner = (T)GELU_TANH_BETA * FMA((T)GELU_TANH_KAPPA, x * x * x, x);                 \
        return (T)0.5 * x * ((T)1 + TANH(inner));                                            \
    }
DEF_GELU_TANH(gelu_tanh_vec_f, float, sleef_tanhf, fmaf)
DEF_GELU_TANH(gelu_tanh_lib_f, float, tanhf, fmaf)
DEF_GELU_TANH(gelu_tanh_vec_d, double, tanh_vec_d, fma)
DEF_GELU_TANH(gelu_tanh_lib_d, double, tanh, fma)
/* log_sigmoid runs every element through the vectorised form (min(x, 0) - log1p(e^-|x|)) */
static inline float logsig_f(float x) {
    float m = x != x ? x : x < 0 ? x : 0.0f;
    return m - log1p_one(sleef_expf(-fabsf(x)));
}
static inline double logsig_d(double x) {
    double m = x != x ? x : x < 0 ? x : 0.0;
    return m - log1p_vec_d(sleef_exp(-fabs(x)));
}

/* ---- the activations' vectorised forms on lanes: eight floats or four doubles at a time
 * with AVX2 and FMA, the scalar forms' operations in the same order (a group of lanes that
 * leaves a kernel's domain, a NaN for instance, takes the scalar form lane by lane) ------- */
#if defined(__x86_64__)
VT __m256 neg8(__m256 x) { return _mm256_xor_ps(x, _mm256_set1_ps(-0.0f)); }
VT __m256d neg4(__m256d x) { return _mm256_xor_pd(x, _mm256_set1_pd(-0.0)); }
VT __m256 gt8(__m256 x, float c) { return _mm256_cmp_ps(x, _mm256_set1_ps(c), _CMP_GT_OQ); }
VT __m256d gt4(__m256d x, double c) { return _mm256_cmp_pd(x, _mm256_set1_pd(c), _CMP_GT_OQ); }

VT __m256 silu8(__m256 x, int *ok) {
    *ok = 1;
    return _mm256_div_ps(x, _mm256_add_ps(_mm256_set1_ps(1.0f), sleef_expf8(neg8(x))));
}
VT __m256d silu_d4(__m256d x, int *ok) {
    *ok = 1;
    return _mm256_div_pd(x, _mm256_add_pd(_mm256_set1_pd(1.0), sleef_exp4(neg4(x))));
}

/* lanes above the threshold take x; the others log1p(e^x), computed on 0 for the former */
VT __m256 softplus8(__m256 x, int *ok) {
    __m256 big = gt8(x, 20.0f);
    __m256 r = log1p_8(sleef_expf8(_mm256_andnot_ps(big, x)), ok);
    return _mm256_blendv_ps(r, x, big);
}
VT __m256d softplus_d4(__m256d x, int *ok) {
    __m256d big = gt4(x, 20.0);
    __m256d r = log1p_d4(sleef_exp4(_mm256_andnot_pd(big, x)), ok);
    return _mm256_blendv_pd(r, x, big);
}

/* expm1 of the lanes at or below 0 (-1 below the kernel's range), the positive ones computed
 * on 0; only the positive branch where every lane is above 0, as ATen skips the expm1 */
VT __m256 elu_lanes8(__m256 x, int *ok, __m256 pos_scale, __m256 neg_scale, int scaled) {
    __m256 pos = gt8(x, 0.0f), lo = _mm256_cmp_ps(x, _mm256_set1_ps(-16.635532333438687426013570f), _CMP_LT_OQ);
    if (_mm256_movemask_ps(pos) == 0xff) return scaled ? _mm256_mul_ps(x, pos_scale) : x;
    __m256 r = expm1_8(_mm256_andnot_ps(_mm256_or_ps(pos, lo), x), ok);
    r = _mm256_blendv_ps(r, _mm256_set1_ps(-1.0f), lo);
    if (scaled) return _mm256_blendv_ps(_mm256_mul_ps(r, neg_scale), _mm256_mul_ps(x, pos_scale), pos);
    return _mm256_blendv_ps(r, x, pos);
}
VT __m256d elu_lanes_d4(__m256d x, int *ok, __m256d pos_scale, __m256d neg_scale, int scaled) {
    __m256d pos = gt4(x, 0.0), lo = _mm256_cmp_pd(x, _mm256_set1_pd(-36.736800569677101399113302437), _CMP_LT_OQ);
    if (_mm256_movemask_pd(pos) == 0xf) return scaled ? _mm256_mul_pd(x, pos_scale) : x;
    /* every lane in the kernel's range (a NaN gives a NaN): no lane needs the scalar form */
    __m256d a = _mm256_andnot_pd(_mm256_or_pd(pos, lo), x);
    __m256d r = _mm256_blendv_pd(dd_expm1_v(a), a, _mm256_cmp_pd(a, _mm256_setzero_pd(), _CMP_EQ_OQ));
    r = _mm256_blendv_pd(r, _mm256_set1_pd(-1.0), lo);
    if (scaled) return _mm256_blendv_pd(_mm256_mul_pd(r, neg_scale), _mm256_mul_pd(x, pos_scale), pos);
    return _mm256_blendv_pd(r, x, pos);
}
VT __m256 elu8(__m256 x, int *ok) { return elu_lanes8(x, ok, x, x, 0); }
VT __m256d elu_d4(__m256d x, int *ok) { return elu_lanes_d4(x, ok, x, x, 0); }
VT __m256 selu8(__m256 x, int *ok) {
    return elu_lanes8(x, ok, _mm256_set1_ps((float)SELU_SCALE),
                      _mm256_set1_ps((float)SELU_ALPHA * (float)SELU_SCALE), 1);
}
VT __m256d selu_d4(__m256d x, int *ok) {
    return elu_lanes_d4(x, ok, _mm256_set1_pd(SELU_SCALE), _mm256_set1_pd(SELU_ALPHA * SELU_SCALE), 1);
}

/* sleef_tanhf on lanes */
VT __m256 sleef_tanhf8(__m256 x) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    __m256 y = _mm256_andnot_ps(sign, x);
    __m256 q = _mm256_round_ps(_mm256_mul_ps(y, _mm256_set1_ps(R_LN2F)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256i qi = _mm256_cvtps_epi32(q), h = _mm256_srai_epi32(qi, 1);
    __m256 p1 = pow2i8(h), p2 = pow2i8(_mm256_sub_epi32(qi, h));
    df_v d = df_expk2_fv(y, q);
    d.x = _mm256_mul_ps(_mm256_mul_ps(d.x, p1), p2);
    d.y = _mm256_mul_ps(_mm256_mul_ps(d.y, p1), p2);
    df_v e = dd_rec_fv(d);
    d = dd_div_fv(dd_add_dd_fv(d, dd_neg_fv(e)), dd_add_dd_fv(d, e));
    __m256 r = _mm256_add_ps(d.x, d.y);
    __m256 one = _mm256_set1_ps(1.0f);
    r = _mm256_blendv_ps(r, one, _mm256_or_ps(_mm256_cmp_ps(r, r, _CMP_UNORD_Q), gt8(y, 8.664339742f)));
    r = _mm256_or_ps(_mm256_andnot_ps(sign, r), _mm256_and_ps(sign, x));
    return _mm256_blendv_ps(r, x, _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
}
VT __m256 mish8(__m256 x, int *ok) {
    return _mm256_mul_ps(x, sleef_tanhf8(log1p_8(sleef_expf8(x), ok)));
}
VT __m256d mish_d4(__m256d x, int *ok) {
    return _mm256_mul_pd(x, tanh_d4(log1p_d4(sleef_exp4(x), ok)));
}

VT __m256 aten_erff8(__m256 x) {
    const __m256 sign = _mm256_set1_ps(-0.0f), one = _mm256_set1_ps(1.0f);
    __m256 a = _mm256_andnot_ps(sign, x);
    __m256 t = _mm256_div_ps(one, _mm256_fmadd_ps(_mm256_set1_ps(0.3275911f), a, one));
    __m256 r = _mm256_fmadd_ps(_mm256_set1_ps(1.061405429f), t, _mm256_set1_ps(-1.453152027f));
    r = _mm256_fmadd_ps(r, t, _mm256_set1_ps(1.421413741f));
    r = _mm256_fmadd_ps(r, t, _mm256_set1_ps(-0.284496736f));
    r = _mm256_fmadd_ps(r, t, _mm256_set1_ps(0.254829592f));
    __m256 e = neg8(sleef_expf8(neg8(_mm256_mul_ps(x, x))));
    __m256 v = _mm256_fmadd_ps(_mm256_mul_ps(e, t), r, one);
    return _mm256_xor_ps(v, _mm256_and_ps(sign, x));
}
VT __m256d gelu_d4(__m256d x, int *ok) {
    *ok = 1;
    __m256d h = _mm256_mul_pd(x, _mm256_set1_pd(0.5));
    __m256d erf = sleef_erf4(_mm256_mul_pd(x, _mm256_set1_pd(M_SQRT1_2)));
    return _mm256_mul_pd(h, _mm256_add_pd(_mm256_set1_pd(1.0), erf));
}
VT __m256 gelu8(__m256 x, int *ok) {
    *ok = 1;
    __m256 h = _mm256_mul_ps(x, _mm256_set1_ps(0.5f));
    __m256 erf = aten_erff8(_mm256_mul_ps(x, _mm256_set1_ps((float)M_SQRT1_2)));
    return _mm256_mul_ps(h, _mm256_add_ps(_mm256_set1_ps(1.0f), erf));
}

/* gelu's tanh approximation, the scalar form's operations */
VT __m256 gelu_tanh8(__m256 x, int *ok) {
    *ok = 1;
    __m256 cube = _mm256_mul_ps(_mm256_mul_ps(x, x), x);
    __m256 inner = _mm256_fmadd_ps(_mm256_set1_ps((float)GELU_TANH_KAPPA), cube, x);
    inner = _mm256_mul_ps(_mm256_set1_ps((float)GELU_TANH_BETA), inner);
    __m256 h = _mm256_mul_ps(_mm256_set1_ps(0.5f), x);
    return _mm256_mul_ps(h, _mm256_add_ps(_mm256_set1_ps(1.0f), sleef_tanhf8(inner)));
}
VT __m256d gelu_tanh_d4(__m256d x, int *ok) {
    *ok = 1;
    __m256d cube = _mm256_mul_pd(_mm256_mul_pd(x, x), x);
    __m256d inner = _mm256_fmadd_pd(_mm256_set1_pd(GELU_TANH_KAPPA), cube, x);
    inner = _mm256_mul_pd(_mm256_set1_pd(GELU_TANH_BETA), inner);
    __m256d h = _mm256_mul_pd(_mm256_set1_pd(0.5), x);
    return _mm256_mul_pd(h, _mm256_add_pd(_mm256_set1_pd(1.0), tanh_d4(inner)));
}

/* min(x, 0) (NaN kept) - log1p(e^-|x|) */
VT __m256 logsig8(__m256 x, int *ok) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    __m256 keep = _mm256_or_ps(_mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ), _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
    __m256 m = _mm256_and_ps(keep, x);
    return _mm256_sub_ps(m, log1p_8(sleef_expf8(_mm256_or_ps(x, sign)), ok));
}
VT __m256d logsig_d4(__m256d x, int *ok) {
    const __m256d sign = _mm256_set1_pd(-0.0);
    __m256d keep = _mm256_or_pd(_mm256_cmp_pd(x, _mm256_setzero_pd(), _CMP_LT_OQ), _mm256_cmp_pd(x, x, _CMP_UNORD_Q));
    __m256d m = _mm256_and_pd(keep, x);
    return _mm256_sub_pd(m, log1p_d4(sleef_exp4(_mm256_or_pd(x, sign)), ok));
}

/* NAME_block: the vectorised form ONE over n contiguous elements, LANES on W of them at a time
 * where the CPU has AVX2 and FMA */
#define DEF_LANE_BLOCK(NAME, T, V, W, SFX, LANES, ONE)                                       \
    __attribute__((target("avx2,fma"))) static void NAME##_avx2(T *o, const T *a, int64_t n) { \
        int64_t i = 0;                                                                       \
        for (; i + W <= n; i += W) {                                                         \
            int ok = 1;                                                                      \
            V r = LANES(_mm256_loadu_##SFX(a + i), &ok);                                     \
            if (ok) _mm256_storeu_##SFX(o + i, r);                                           \
            else for (int j = 0; j < W; j++) o[i + j] = ONE(a[i + j]);                       \
        }                                                                                    \
        for (; i < n; i++) o[i] = ONE(a[i]);                                                 \
    }                                                                                        \
    static void NAME##_block(T *o, const T *a, int64_t n) {                                  \
        if (have_avx2_fma()) {                                                               \
            NAME##_avx2(o, a, n);                                                            \
            return;                                                                          \
        }                                                                                    \
        for (int64_t i = 0; i < n; i++) o[i] = ONE(a[i]);                                    \
    }
#define DEF_LANE_BLOCK_F(NAME, LANES, ONE) DEF_LANE_BLOCK(NAME, float, __m256, 8, ps, LANES, ONE)
#define DEF_LANE_BLOCK_D(NAME, LANES, ONE) DEF_LANE_BLOCK(NAME, double, __m256d, 4, pd, LANES, ONE)
#else
#define DEF_LANE_BLOCK_F(NAME, LANES, ONE) DEF_SCALAR_BLOCK(NAME, float, ONE)
#define DEF_LANE_BLOCK_D(NAME, LANES, ONE) DEF_SCALAR_BLOCK(NAME, double, ONE)
#endif
DEF_LANE_BLOCK_F(silu_f, silu8, silu_vec_f)
DEF_LANE_BLOCK_D(silu_d, silu_d4, silu_vec_d)
DEF_LANE_BLOCK_F(softplus_f, softplus8, softplus_vec_f)
DEF_LANE_BLOCK_D(softplus_d, softplus_d4, softplus_vec_d)
DEF_LANE_BLOCK_F(elu_f, elu8, elu_vec_f)
DEF_LANE_BLOCK_D(elu_d, elu_d4, elu_vec_d)
DEF_LANE_BLOCK_F(selu_f, selu8, selu_vec_f)
DEF_LANE_BLOCK_D(selu_d, selu_d4, selu_vec_d)
DEF_LANE_BLOCK_F(mish_f, mish8, mish_vec_f)
DEF_LANE_BLOCK_D(mish_d, mish_d4, mish_vec_d)
DEF_LANE_BLOCK_F(gelu_f, gelu8, gelu_vec_f)
DEF_LANE_BLOCK_D(gelu_d, gelu_d4, gelu_vec_d)
DEF_LANE_BLOCK_F(gelu_tanh_f, gelu_tanh8, gelu_tanh_vec_f)
DEF_LANE_BLOCK_D(gelu_tanh_d, gelu_tanh_d4, gelu_tanh_vec_d)
DEF_LANE_BLOCK_F(logsig_f, logsig8, logsig_f)
DEF_LANE_BLOCK_D(logsig_d, logsig_d4, logsig_d)

DEF_SPLIT(silu, float, f32, VEC_PAIR(float), silu_f_block, silu_lib_f)
DEF_SPLIT(silu, double, f64, VEC_PAIR(double), silu_d_block, silu_lib_d)
DEF_SPLIT(softplus, float, f32, VEC_PAIR(float), softplus_f_block, softplus_lib_f)
DEF_SPLIT(softplus, double, f64, VEC_PAIR(double), softplus_d_block, softplus_lib_d)
DEF_SPLIT(elu, float, f32, VEC_PAIR(float), elu_f_block, elu_lib_f)
DEF_SPLIT(elu, double, f64, VEC_PAIR(double), elu_d_block, elu_lib_d)
DEF_SPLIT(selu, float, f32, VEC_PAIR(float), selu_f_block, selu_lib_f)
DEF_SPLIT(selu, double, f64, VEC_PAIR(double), selu_d_block, selu_lib_d)
DEF_SPLIT(mish, float, f32, VEC_PAIR(float), mish_f_block, mish_lib_f)
DEF_SPLIT(mish, double, f64, VEC_PAIR(double), mish_d_block, mish_lib_d)
DEF_SPLIT(gelu, float, f32, VEC_PAIR(float), gelu_f_block, gelu_lib_f)
DEF_SPLIT(gelu, double, f64, VEC_PAIR(double), gelu_d_block, gelu_lib_d)
DEF_SPLIT(gelu_tanh, float, f32, VEC_PAIR(float), gelu_tanh_f_block, gelu_tanh_lib_f)
DEF_SPLIT(gelu_tanh, double, f64, VEC_PAIR(double), gelu_tanh_d_block, gelu_tanh_lib_d)
DEF_SPLIT(log_sigmoid, float, f32, 1, logsig_f_block, logsig_f)
DEF_SPLIT(log_sigmoid, double, f64, 1, logsig_d_block, logsig_d)

/* ---- the activations' gradients: g times the derivative at x, as ATen's vectorised backward
 * kernels compute it (each element by that formula, wherever it sits), in parallel ---------- */
#define GELU_BETA (M_2_SQRTPI * M_SQRT1_2 * 0.5)
static inline float silu_grad_f(float g, float x) {
    float s = 1.0f / (1.0f + sleef_expf(-x));
    return g * s * (1.0f + x * (1.0f - s));
}
static inline double silu_grad_d(double g, double x) {
    double s = 1.0 / (1.0 + sleef_exp(-x));
    return g * s * (1.0 + x * (1.0 - s));
}
static inline float gelu_grad_f(float g, float x) {
    float cdf = 0.5f * (1.0f + aten_erff(x * (float)M_SQRT1_2));
    float pdf = (float)GELU_BETA * sleef_expf(x * x * -0.5f);
    return g * (cdf + x * pdf);
}
static inline double gelu_grad_d(double g, double x) {
    double cdf = 0.5 * (1.0 + sleef_erf(x * M_SQRT1_2));
    double pdf = GELU_BETA * sleef_exp(x * x * -0.5);
    return g * fma(x, pdf, cdf); /* fused, as in PyTorch's double kernel */
}
/* gelu's tanh approximation: g (right / 2 + left (1 - t^2) beta (1 + 3 kappa x^2)), t the
 * tanh of the forward, left x / 2, right 1 + t; PyTorch's compiled kernel fuses the forward's
 * multiply-add, 1 - t^2 and 3 kappa x^2 + 1 */
#define DEF_GELU_TANH_GRAD(NAME, T, TANH, FMA)                                               \
    static inline T NAME(T g, T x) {                                                         \
        T x_sq = x * x;                                                                      \
        T t = TANH((T)GELU_TANH_BETA * FMA((T)GELU_TANH_KAPPA, x_sq * x, x));                \
        T left = (T)0.5 * x, right = (T)1 + t;                                               \
        T inner_d = (T)GELU_TANH_BETA * FMA((T)3 * (T)GELU_TANH_KAPPA, x_sq, (T)1);          \
        return g * ((T)0.5 * right + left * FMA(-t, t, (T)1) * inner_d);                     \
    }
DEF_GELU_TANH_GRAD(gelu_tanh_grad_f, float, sleef_tanhf, fmaf)
DEF_GELU_TANH_GRAD(gelu_tanh_grad_lib_f, float, tanhf, fmaf)
DEF_GELU_TANH_GRAD(gelu_tanh_grad_d, double, tanh_vec_d, fma)
DEF_GELU_TANH_GRAD(gelu_tanh_grad_lib_d, double, tanh, fma)
static inline float softplus_grad_f(float g, float x) {
    float z = sleef_expf(x);
    return x > 20.0f ? g : g * z / (z + 1.0f);
}
static inline double softplus_grad_d(double g, double x) {
    double z = sleef_exp(x);
    return x > 20.0 ? g : g * z / (z + 1.0);
}
/* (a NaN x takes the exponential's branch) */
static inline float elu_grad_f(float g, float x) { return x > 0 ? g : g * sleef_expf(x); }
static inline double elu_grad_d(double g, double x) { return x > 0 ? g : g * sleef_exp(x); }
static inline float selu_grad_f(float g, float x) {
    return x > 0 ? g * (float)SELU_SCALE : g * ((float)SELU_ALPHA * (float)SELU_SCALE) * sleef_expf(x);
}
static inline double selu_grad_d(double g, double x) {
    return x > 0 ? g * SELU_SCALE : g * (SELU_ALPHA * SELU_SCALE) * sleef_exp(x);
}
static inline float mish_grad_f(float g, float x) {
    float s = 1.0f / (1.0f + sleef_expf(-x)), t = sleef_tanhf(log1p_one(sleef_expf(x)));
    return g * (t + x * s * (1.0f - t * t));
}
static inline double mish_grad_d(double g, double x) {
    double s = 1.0 / (1.0 + sleef_exp(-x)), t = tanh_vec_d(log1p_vec_d(sleef_exp(x)));
    return g * (t + x * s * (1.0 - t * t));
}
/* g (max_deriv - sign z / (1 + z)), z = e^-|x|: max_deriv 1 and sign 1 for x < 0, 0 and -1 else */
static inline float logsig_grad_f(float g, float x) {
    float z = sleef_expf(-fabsf(x));
    return g * ((x < 0 ? 1.0f : 0.0f) - (x < 0 ? 1.0f : -1.0f) * (z / (1.0f + z)));
}
static inline double logsig_grad_d(double g, double x) {
    double z = sleef_exp(-fabs(x));
    return g * ((x < 0 ? 1.0 : 0.0) - (x < 0 ? 1.0 : -1.0) * (z / (1.0 + z)));
}

#if defined(__x86_64__)
VT __m256 silu_grad8(__m256 g, __m256 x, int *ok) {
    const __m256 one = _mm256_set1_ps(1.0f);
    __m256 s = _mm256_div_ps(one, _mm256_add_ps(one, sleef_expf8(neg8(x))));
    *ok = 1;
    return _mm256_mul_ps(_mm256_mul_ps(g, s), _mm256_add_ps(one, _mm256_mul_ps(x, _mm256_sub_ps(one, s))));
}
VT __m256d silu_grad_d4(__m256d g, __m256d x, int *ok) {
    const __m256d one = _mm256_set1_pd(1.0);
    __m256d s = _mm256_div_pd(one, _mm256_add_pd(one, sleef_exp4(neg4(x))));
    *ok = 1;
    return _mm256_mul_pd(_mm256_mul_pd(g, s), _mm256_add_pd(one, _mm256_mul_pd(x, _mm256_sub_pd(one, s))));
}
VT __m256 gelu_grad8(__m256 g, __m256 x, int *ok) {
    const __m256 one = _mm256_set1_ps(1.0f), half = _mm256_set1_ps(0.5f);
    __m256 cdf = _mm256_mul_ps(half, _mm256_add_ps(one, aten_erff8(_mm256_mul_ps(x, _mm256_set1_ps((float)M_SQRT1_2)))));
    __m256 e = sleef_expf8(_mm256_mul_ps(_mm256_mul_ps(x, x), _mm256_set1_ps(-0.5f)));
    __m256 pdf = _mm256_mul_ps(_mm256_set1_ps((float)GELU_BETA), e);
    *ok = 1;
    return _mm256_mul_ps(g, _mm256_add_ps(cdf, _mm256_mul_ps(x, pdf)));
}
VT __m256d gelu_grad_d4(__m256d g, __m256d x, int *ok) {
    const __m256d one = _mm256_set1_pd(1.0), half = _mm256_set1_pd(0.5);
    __m256d cdf = _mm256_mul_pd(half, _mm256_add_pd(one, sleef_erf4(_mm256_mul_pd(x, _mm256_set1_pd(M_SQRT1_2)))));
    __m256d e = sleef_exp4(_mm256_mul_pd(_mm256_mul_pd(x, x), _mm256_set1_pd(-0.5)));
    __m256d pdf = _mm256_mul_pd(_mm256_set1_pd(GELU_BETA), e);
    *ok = 1;
    return _mm256_mul_pd(g, _mm256_fmadd_pd(x, pdf, cdf));
}
#define DEF_GELU_TANH_GRAD_LANES(NAME, V, SFX, TANH)                                         \
    VT V NAME(V g, V x, int *ok) {                                                           \
        const V one = _mm256_set1_##SFX(1), half = _mm256_set1_##SFX(0.5);                  \
        const V beta = _mm256_set1_##SFX(GELU_TANH_BETA), kappa = _mm256_set1_##SFX(GELU_TANH_KAPPA); \
        V x_sq = _mm256_mul_##SFX(x, x);                                                     \
        V t = TANH(_mm256_mul_##SFX(beta, _mm256_fmadd_##SFX(kappa, _mm256_mul_##SFX(x_sq, x), x))); \
        V left_d = _mm256_mul_##SFX(half, _mm256_add_##SFX(one, t));                         \
        V tanh_d = _mm256_fnmadd_##SFX(t, t, one);                                           \
        V k3 = _mm256_mul_##SFX(_mm256_set1_##SFX(3), kappa);                                \
        V inner_d = _mm256_mul_##SFX(beta, _mm256_fmadd_##SFX(k3, x_sq, one));               \
        V right_d = _mm256_mul_##SFX(_mm256_mul_##SFX(_mm256_mul_##SFX(half, x), tanh_d), inner_d); \
        *ok = 1;                                                                             \
        return _mm256_mul_##SFX(g, _mm256_add_##SFX(left_d, right_d));                       \
    }
DEF_GELU_TANH_GRAD_LANES(gelu_tanh_grad8, __m256, ps, sleef_tanhf8)
DEF_GELU_TANH_GRAD_LANES(gelu_tanh_grad_d4, __m256d, pd, tanh_d4)
VT __m256 softplus_grad8(__m256 g, __m256 x, int *ok) {
    __m256 z = sleef_expf8(x);
    __m256 r = _mm256_div_ps(_mm256_mul_ps(g, z), _mm256_add_ps(z, _mm256_set1_ps(1.0f)));
    *ok = 1;
    return _mm256_blendv_ps(r, g, gt8(x, 20.0f));
}
VT __m256d softplus_grad_d4(__m256d g, __m256d x, int *ok) {
    __m256d z = sleef_exp4(x);
    __m256d r = _mm256_div_pd(_mm256_mul_pd(g, z), _mm256_add_pd(z, _mm256_set1_pd(1.0)));
    *ok = 1;
    return _mm256_blendv_pd(r, g, gt4(x, 20.0));
}
/* g POS above 0, g NEG e^x elsewhere */
VT __m256 elu_grad_lanes8(__m256 g, __m256 x, __m256 neg, __m256 pos, int scaled) {
    __m256 above = gt8(x, 0.0f);
    __m256 r = _mm256_mul_ps(scaled ? _mm256_mul_ps(g, neg) : g, sleef_expf8(x));
    return _mm256_blendv_ps(r, scaled ? _mm256_mul_ps(g, pos) : g, above);
}
VT __m256d elu_grad_lanes_d4(__m256d g, __m256d x, __m256d neg, __m256d pos, int scaled) {
    __m256d above = gt4(x, 0.0);
    __m256d r = _mm256_mul_pd(scaled ? _mm256_mul_pd(g, neg) : g, sleef_exp4(x));
    return _mm256_blendv_pd(r, scaled ? _mm256_mul_pd(g, pos) : g, above);
}
VT __m256 elu_grad8(__m256 g, __m256 x, int *ok) {
    *ok = 1;
    return elu_grad_lanes8(g, x, g, g, 0);
}
VT __m256d elu_grad_d4(__m256d g, __m256d x, int *ok) {
    *ok = 1;
    return elu_grad_lanes_d4(g, x, g, g, 0);
}
VT __m256 selu_grad8(__m256 g, __m256 x, int *ok) {
    *ok = 1;
    return elu_grad_lanes8(g, x, _mm256_set1_ps((float)SELU_ALPHA * (float)SELU_SCALE), _mm256_set1_ps((float)SELU_SCALE), 1);
}
VT __m256d selu_grad_d4(__m256d g, __m256d x, int *ok) {
    *ok = 1;
    return elu_grad_lanes_d4(g, x, _mm256_set1_pd(SELU_ALPHA * SELU_SCALE), _mm256_set1_pd(SELU_SCALE), 1);
}
VT __m256 mish_grad8(__m256 g, __m256 x, int *ok) {
    const __m256 one = _mm256_set1_ps(1.0f);
    __m256 s = _mm256_div_ps(one, _mm256_add_ps(one, sleef_expf8(neg8(x))));
    __m256 t = sleef_tanhf8(log1p_8(sleef_expf8(x), ok));
    __m256 d = _mm256_mul_ps(_mm256_mul_ps(x, s), _mm256_sub_ps(one, _mm256_mul_ps(t, t)));
    return _mm256_mul_ps(g, _mm256_add_ps(t, d));
}
VT __m256d mish_grad_d4(__m256d g, __m256d x, int *ok) {
    const __m256d one = _mm256_set1_pd(1.0);
    __m256d s = _mm256_div_pd(one, _mm256_add_pd(one, sleef_exp4(neg4(x))));
    __m256d t = tanh_d4(log1p_d4(sleef_exp4(x), ok));
    __m256d d = _mm256_mul_pd(_mm256_mul_pd(x, s), _mm256_sub_pd(one, _mm256_mul_pd(t, t)));
    return _mm256_mul_pd(g, _mm256_add_pd(t, d));
}
VT __m256 logsig_grad8(__m256 g, __m256 x, int *ok) {
    const __m256 one = _mm256_set1_ps(1.0f);
    __m256 neg = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ);
    __m256 z = sleef_expf8(_mm256_or_ps(x, _mm256_set1_ps(-0.0f)));
    __m256 sign = _mm256_blendv_ps(_mm256_set1_ps(-1.0f), one, neg);
    __m256 r = _mm256_sub_ps(_mm256_and_ps(neg, one), _mm256_mul_ps(sign, _mm256_div_ps(z, _mm256_add_ps(one, z))));
    *ok = 1;
    return _mm256_mul_ps(g, r);
}
VT __m256d logsig_grad_d4(__m256d g, __m256d x, int *ok) {
    const __m256d one = _mm256_set1_pd(1.0);
    __m256d neg = _mm256_cmp_pd(x, _mm256_setzero_pd(), _CMP_LT_OQ);
    __m256d z = sleef_exp4(_mm256_or_pd(x, _mm256_set1_pd(-0.0)));
    __m256d sign = _mm256_blendv_pd(_mm256_set1_pd(-1.0), one, neg);
    __m256d r = _mm256_sub_pd(_mm256_and_pd(neg, one), _mm256_mul_pd(sign, _mm256_div_pd(z, _mm256_add_pd(one, z))));
    *ok = 1;
    return _mm256_mul_pd(g, r);
}

/* NAME_grad_block: ONE over n contiguous (g, x), LANES on W at a time with AVX2 and FMA */
#define DEF_GRAD_BLOCK(NAME, T, V, W, SFX, LANES, ONE)                                       \
    __attribute__((target("avx2,fma"))) static void NAME##_avx2(T *o, const T *g, const T *x, \
                                                                int64_t n) {                 \
        int64_t i = 0;                                                                       \
        for (; i + W <= n; i += W) {                                                         \
            int ok = 1;                                                                      \
            V r = LANES(_mm256_loadu_##SFX(g + i), _mm256_loadu_##SFX(x + i), &ok);          \
            if (ok) _mm256_storeu_##SFX(o + i, r);                                           \
            else for (int j = 0; j < W; j++) o[i + j] = ONE(g[i + j], x[i + j]);             \
        }                                                                                    \
        for (; i < n; i++) o[i] = ONE(g[i], x[i]);                                           \
    }                                                                                        \
    static void NAME(T *o, const T *g, const T *x, int64_t n) {                              \
        if (have_avx2_fma()) {                                                               \
            NAME##_avx2(o, g, x, n);                                                         \
            return;                                                                          \
        }                                                                                    \
        for (int64_t i = 0; i < n; i++) o[i] = ONE(g[i], x[i]);                              \
    }
#define DEF_GRAD_BLOCK_F(NAME, LANES) DEF_GRAD_BLOCK(NAME##_grad_block_f, float, __m256, 8, ps, LANES, NAME##_grad_f)
#define DEF_GRAD_BLOCK_D(NAME, LANES) DEF_GRAD_BLOCK(NAME##_grad_block_d, double, __m256d, 4, pd, LANES, NAME##_grad_d)
#else
#define DEF_GRAD_SCALAR(NAME, T, ONE)                                                        \
    static void NAME(T *o, const T *g, const T *x, int64_t n) {                              \
        for (int64_t i = 0; i < n; i++) o[i] = ONE(g[i], x[i]);                              \
    }
#define DEF_GRAD_BLOCK_F(NAME, LANES) DEF_GRAD_SCALAR(NAME##_grad_block_f, float, NAME##_grad_f)
#define DEF_GRAD_BLOCK_D(NAME, LANES) DEF_GRAD_SCALAR(NAME##_grad_block_d, double, NAME##_grad_d)
#endif
DEF_GRAD_BLOCK_F(silu, silu_grad8)
DEF_GRAD_BLOCK_D(silu, silu_grad_d4)
DEF_GRAD_BLOCK_F(gelu, gelu_grad8)
DEF_GRAD_BLOCK_D(gelu, gelu_grad_d4)
DEF_GRAD_BLOCK_F(gelu_tanh, gelu_tanh_grad8)
DEF_GRAD_BLOCK_D(gelu_tanh, gelu_tanh_grad_d4)
DEF_GRAD_BLOCK_F(softplus, softplus_grad8)
DEF_GRAD_BLOCK_D(softplus, softplus_grad_d4)
DEF_GRAD_BLOCK_F(elu, elu_grad8)
DEF_GRAD_BLOCK_D(elu, elu_grad_d4)
DEF_GRAD_BLOCK_F(selu, selu_grad8)
DEF_GRAD_BLOCK_D(selu, selu_grad_d4)
DEF_GRAD_BLOCK_F(mish, mish_grad8)
DEF_GRAD_BLOCK_D(mish, mish_grad_d4)
DEF_GRAD_BLOCK_F(logsig, logsig_grad8)
DEF_GRAD_BLOCK_D(logsig, logsig_grad_d4)

typedef struct {
    void (*f32)(float *, const float *, const float *, int64_t);
    void (*f64)(double *, const double *, const double *, int64_t);
    void *gi;
    const void *g, *x;
    int64_t gs; /* g holds n values (1) or one for all (0) */
} act_grad_job;

/* A gradient of one value for all (the expanded gradient of a sum) is spread over this many
 * values at a time, in cache, rather than written out whole and read back; the block kernels
 * are elementwise, so the values are the same. */
#define ACT_GRAD_ONE 1024

static void act_grad_range(void *ctx, int64_t b, int64_t e) {
    const act_grad_job *j = ctx;
    if (j->gs) {
        if (j->f32) j->f32((float *)j->gi + b, (const float *)j->g + b, (const float *)j->x + b, e - b);
        else j->f64((double *)j->gi + b, (const double *)j->g + b, (const double *)j->x + b, e - b);
        return;
    }
    union { float f[ACT_GRAD_ONE]; double d[ACT_GRAD_ONE]; } one;
    for (int i = 0; i < ACT_GRAD_ONE; i++) {
        if (j->f32) one.f[i] = *(const float *)j->g;
        else one.d[i] = *(const double *)j->g;
    }
    for (int64_t k = b; k < e; k += ACT_GRAD_ONE) {
        int64_t m = e - k < ACT_GRAD_ONE ? e - k : ACT_GRAD_ONE;
        if (j->f32) j->f32((float *)j->gi + k, one.f, (const float *)j->x + k, m);
        else j->f64((double *)j->gi + k, one.d, (const double *)j->x + k, m);
    }
}

#define ACT_GRAD_GRAIN 32768
#define DEF_ACT_BACKWARD(NAME, BLK)                                                          \
    void tc__##NAME##_backward(void *gi, const void *g, int64_t gs, const void *x, int64_t n, bool f64) { \
        act_grad_job j = {f64 ? NULL : BLK##_grad_block_f, f64 ? BLK##_grad_block_d : NULL, gi, g, x, gs}; \
        tc__parallel_for(n, ACT_GRAD_GRAIN, act_grad_range, &j);                             \
    }
DEF_ACT_BACKWARD(silu, silu)
DEF_ACT_BACKWARD(gelu, gelu)
DEF_ACT_BACKWARD(softplus, softplus)
DEF_ACT_BACKWARD(elu, elu)
DEF_ACT_BACKWARD(selu, selu)
DEF_ACT_BACKWARD(mish, mish)
DEF_ACT_BACKWARD(log_sigmoid, logsig)

/* gelu's tanh approximation, whose scalar loop in PyTorch differs from its lanes (the C
 * library's tanh): the lanes' form over the whole pairs of vectors, the scalar loop's on the
 * rest, as PyTorch splits a contiguous range; _lib the scalar loop's form throughout, as
 * PyTorch computes strided operands */
#define DEF_GRAD_LIB_BLOCK(NAME, T, ONE)                                                     \
    static void NAME(T *o, const T *g, const T *x, int64_t n) {                              \
        for (int64_t i = 0; i < n; i++) o[i] = ONE(g[i], x[i]);                              \
    }
DEF_GRAD_LIB_BLOCK(gelu_tanh_grad_lib_block_f, float, gelu_tanh_grad_lib_f)
DEF_GRAD_LIB_BLOCK(gelu_tanh_grad_lib_block_d, double, gelu_tanh_grad_lib_d)
void tc__gelu_tanh_backward_lib(void *gi, const void *g, int64_t gs, const void *x, int64_t n, bool f64) {
    act_grad_job j = {f64 ? NULL : gelu_tanh_grad_lib_block_f, f64 ? gelu_tanh_grad_lib_block_d : NULL, gi, g, x, gs};
    tc__parallel_for(n, ACT_GRAD_GRAIN, act_grad_range, &j);
}
void tc__gelu_tanh_backward(void *gi, const void *g, int64_t gs, const void *x, int64_t n, bool f64) {
    int64_t size = f64 ? 8 : 4, nv = n - n % (2 * tc__aten_vec_bytes() / size);
    act_grad_job j = {f64 ? NULL : gelu_tanh_grad_block_f, f64 ? gelu_tanh_grad_block_d : NULL, gi, g, x, gs};
    tc__parallel_for(nv, ACT_GRAD_GRAIN, act_grad_range, &j);
    tc__gelu_tanh_backward_lib((char *)gi + nv * size, (const char *)g + gs * nv * size, gs,
                               (const char *)x + nv * size, n - nv, f64);
}

/* ---- the piecewise activations (leaky_relu, hardtanh, hardsigmoid, hardswish, threshold)
 * and the gradients of simple form (theirs, tanh's, sigmoid's, relu's) as ATen's CPU kernels
 * compute them. Where its scalar loop and its vectorised lanes give different values (the
 * gradients of hardtanh and hardswish at NaN), a contiguous range runs whole pairs of vectors
 * in the lanes' form and the rest, like strided operands, in the scalar loop's, as PyTorch
 * splits it. ------------------------------------------------------------------------------- */

/* The vectorised form (vec 1) or the scalar loop's (vec 0) of activation k at x; lo and hi
 * are the parameters rounded to the type (leaky_relu's slope, hardtanh's bounds, threshold's
 * threshold and value) */
#define PACT_ONE(T, SFX, FMA)                                                                \
    static inline T pact_##SFX(int k, bool vec, T x, T lo, T hi) {                           \
        T t;                                                                                 \
        switch (k) {                                                                         \
        case TC__PACT_LEAKY_RELU: return x > 0 ? x : x * lo;                                 \
        case TC__PACT_THRESHOLD: return x <= lo ? hi : x;                                    \
        case TC__PACT_HARDTANH: /* clamp: NaN stays, -0 stays at a bound of 0 */             \
            t = x < lo ? lo : x;                                                             \
            return hi < t ? hi : t;                                                          \
        default: /* hardsigmoid, hardswish: min(max(x + 3, 0), 6) / 6 */                      \
            t = x + (T)3;                                                                    \
            t = t < 0 ? (T)0 : t;                                                            \
            t = (T)6 < t ? (T)6 : t;                                                         \
            return k == TC__PACT_HARDSWISH ? x * t / (T)6 : t / (T)6;                        \
        }                                                                                    \
    }                                                                                        \
    /* gi from g and x (the output y for tanh, sigmoid and relu) */                          \
    static inline T pact_grad_##SFX(int k, bool vec, T g, T x, T lo, T hi) {                 \
        switch (k) {                                                                         \
        case TC__PACT_LEAKY_RELU: return x > 0 ? g : g * lo;                                 \
        case TC__PACT_HARDTANH:                                                              \
            if (vec) return x > lo && x < hi ? g : (T)0;                                     \
            return x <= lo || x >= hi ? (T)0 : g;                                            \
        case TC__PACT_HARDSIGMOID: return x > (T)-3 && x < (T)3 ? g * (T)(1.0f / 6.0f) : (T)0; \
        case TC__PACT_HARDSWISH:                                                             \
            if (x <= (T)-3) return 0;                                                        \
            if (vec ? !(x >= (T)3) : x < (T)3) return g * (x / (T)3 + (T)0.5);                \
            return g;                                                                        \
        case TC__PACT_THRESHOLD: return x <= lo ? (T)0 : g;                                  \
        case TC__PACT_TANH: return g * FMA(-x, x, (T)1);                                     \
        case TC__PACT_SIGMOID: return g * ((T)1 - x) * x;                                    \
        default: return x <= 0 ? (T)0 : g; /* relu: threshold_backward(g, y, 0) */           \
        }                                                                                    \
    }
PACT_ONE(float, f, fmaf)
PACT_ONE(double, d, fma)

#if defined(__x86_64__)
/* The vectorised forms on W lanes of AVX2 (SFX ps or pd) */
#define PACT_LANES(T, V, W, SFX, NAME)                                                       \
    __attribute__((target("avx2,fma"))) static void pact_##NAME##_avx2(int k, T *o, const T *a, \
                                                                       int64_t n, T lo, T hi) { \
        const V zero = _mm256_setzero_##SFX(), one = _mm256_set1_##SFX(1), six = _mm256_set1_##SFX(6); \
        const V vlo = _mm256_set1_##SFX(lo), vhi = _mm256_set1_##SFX(hi);                    \
        const V three = _mm256_set1_##SFX(3);                                                 \
        int64_t i = 0;                                                                       \
        for (; i + W <= n; i += W) {                                                         \
            V x = _mm256_loadu_##SFX(a + i), r, t;                                           \
            switch (k) {                                                                     \
            case TC__PACT_LEAKY_RELU:                                                        \
                r = _mm256_mul_##SFX(x, _mm256_blendv_##SFX(vlo, one, _mm256_cmp_##SFX(x, zero, _CMP_GT_OQ))); \
                break;                                                                       \
            case TC__PACT_THRESHOLD:                                                         \
                r = _mm256_blendv_##SFX(x, vhi, _mm256_cmp_##SFX(x, vlo, _CMP_LE_OQ));       \
                break;                                                                       \
            case TC__PACT_HARDTANH:                                                          \
                t = _mm256_blendv_##SFX(x, vlo, _mm256_cmp_##SFX(x, vlo, _CMP_LT_OQ));       \
                r = _mm256_blendv_##SFX(t, vhi, _mm256_cmp_##SFX(vhi, t, _CMP_LT_OQ));       \
                break;                                                                       \
            default:                                                                         \
                t = _mm256_add_##SFX(x, three);                                              \
                t = _mm256_blendv_##SFX(zero, t, _mm256_cmp_##SFX(t, zero, _CMP_NLT_UQ));    \
                t = _mm256_blendv_##SFX(t, six, _mm256_cmp_##SFX(six, t, _CMP_LT_OQ));       \
                r = _mm256_div_##SFX(k == TC__PACT_HARDSWISH ? _mm256_mul_##SFX(x, t) : t, six); \
            }                                                                                \
            _mm256_storeu_##SFX(o + i, r);                                                   \
        }                                                                                    \
        for (; i < n; i++) o[i] = pact_##NAME(k, true, a[i], lo, hi);                        \
    }                                                                                        \
    __attribute__((target("avx2,fma"))) static void pact_grad_##NAME##_avx2(                 \
        int k, T *o, const T *g, const T *a, int64_t n, T lo, T hi) {                        \
        const V zero = _mm256_setzero_##SFX(), one = _mm256_set1_##SFX(1);                   \
        const V vlo = _mm256_set1_##SFX(lo), vhi = _mm256_set1_##SFX(hi);                    \
        const V three = _mm256_set1_##SFX(3), nthree = _mm256_set1_##SFX(-3);               \
        const V half = _mm256_set1_##SFX(0.5), sixth = _mm256_set1_##SFX((T)(1.0f / 6.0f));  \
        int64_t i = 0;                                                                       \
        for (; i + W <= n; i += W) {                                                         \
            V x = _mm256_loadu_##SFX(a + i), d = _mm256_loadu_##SFX(g + i), r, m;            \
            switch (k) {                                                                     \
            case TC__PACT_LEAKY_RELU:                                                        \
                r = _mm256_mul_##SFX(d, _mm256_blendv_##SFX(vlo, one, _mm256_cmp_##SFX(x, zero, _CMP_GT_OQ))); \
                break;                                                                       \
            case TC__PACT_HARDTANH:                                                          \
                m = _mm256_and_##SFX(_mm256_cmp_##SFX(x, vlo, _CMP_GT_OQ), _mm256_cmp_##SFX(x, vhi, _CMP_LT_OQ)); \
                r = _mm256_and_##SFX(m, d);                                                  \
                break;                                                                       \
            case TC__PACT_HARDSIGMOID:                                                       \
                m = _mm256_and_##SFX(_mm256_cmp_##SFX(x, nthree, _CMP_GT_OQ), _mm256_cmp_##SFX(x, three, _CMP_LT_OQ)); \
                r = _mm256_and_##SFX(m, _mm256_mul_##SFX(d, sixth));                         \
                break;                                                                       \
            case TC__PACT_HARDSWISH:                                                         \
                r = _mm256_mul_##SFX(d, _mm256_add_##SFX(_mm256_div_##SFX(x, three), half)); \
                r = _mm256_blendv_##SFX(r, d, _mm256_cmp_##SFX(x, three, _CMP_GE_OQ));       \
                r = _mm256_andnot_##SFX(_mm256_cmp_##SFX(x, nthree, _CMP_LE_OQ), r);         \
                break;                                                                       \
            case TC__PACT_THRESHOLD: r = _mm256_andnot_##SFX(_mm256_cmp_##SFX(x, vlo, _CMP_LE_OQ), d); break; \
            case TC__PACT_TANH: r = _mm256_mul_##SFX(d, _mm256_fnmadd_##SFX(x, x, one)); break; \
            case TC__PACT_SIGMOID: r = _mm256_mul_##SFX(_mm256_mul_##SFX(d, _mm256_sub_##SFX(one, x)), x); break; \
            default: r = _mm256_andnot_##SFX(_mm256_cmp_##SFX(x, zero, _CMP_LE_OQ), d);      \
            }                                                                                \
            _mm256_storeu_##SFX(o + i, r);                                                   \
        }                                                                                    \
        for (; i < n; i++) o[i] = pact_grad_##NAME(k, true, g[i], a[i], lo, hi);             \
    }
PACT_LANES(float, __m256, 8, ps, f)
PACT_LANES(double, __m256d, 4, pd, d)
#define PACT_AVX2(CALL)                                                                      \
    if (have_avx2_fma()) {                                                                   \
        CALL;                                                                                \
        return;                                                                              \
    }
#else
#define PACT_AVX2(CALL)
#endif

/* The loops: a contiguous range in whole pairs of vectors in the lanes' form, the rest and
 * strided operands in the scalar loop's */
#define PACT_LOOPS(T, NAME, BITS)                                                            \
    static void pact_block_##NAME(int k, T *o, const T *a, int64_t n, T lo, T hi) {          \
        PACT_AVX2(pact_##NAME##_avx2(k, o, a, n, lo, hi))                                    \
        for (int64_t i = 0; i < n; i++) o[i] = pact_##NAME(k, true, a[i], lo, hi);           \
    }                                                                                        \
    static void pact_grad_block_##NAME(int k, T *o, const T *g, const T *a, int64_t n, T lo, T hi) { \
        PACT_AVX2(pact_grad_##NAME##_avx2(k, o, g, a, n, lo, hi))                            \
        for (int64_t i = 0; i < n; i++) o[i] = pact_grad_##NAME(k, true, g[i], a[i], lo, hi); \
    }                                                                                        \
    int tc__pact_f##BITS##_loop(char **p, const int64_t *s, int64_t n, const void *extra) {  \
        const tc__pact *c = extra;                                                           \
        T lo = (T)c->p0, hi = (T)c->p1;                                                      \
        if (s[0] == sizeof(T) && s[1] == sizeof(T)) {                                        \
            T *o = (T *)p[0];                                                                \
            const T *a = (const T *)p[1];                                                    \
            int64_t nv = n - n % VEC_PAIR(T);                                                \
            pact_block_##NAME(c->kind, o, a, nv, lo, hi);                                    \
            for (int64_t i = nv; i < n; i++) o[i] = pact_##NAME(c->kind, false, a[i], lo, hi); \
            return 0;                                                                        \
        }                                                                                    \
        for (int64_t i = 0; i < n; i++)                                                      \
            *(T *)(p[0] + i * s[0]) = pact_##NAME(c->kind, false, *(const T *)(p[1] + i * s[1]), lo, hi); \
        return 0;                                                                            \
    }                                                                                        \
    int tc__pact_grad_f##BITS##_loop(char **p, const int64_t *s, int64_t n, const void *extra) { \
        const tc__pact *c = extra;                                                           \
        T lo = (T)c->p0, hi = (T)c->p1;                                                      \
        if (s[0] == sizeof(T) && s[1] == sizeof(T) && s[2] == sizeof(T)) {                   \
            T *o = (T *)p[0];                                                                \
            const T *g = (const T *)p[1], *a = (const T *)p[2];                              \
            int64_t nv = n - n % VEC_PAIR(T);                                                \
            pact_grad_block_##NAME(c->kind, o, g, a, nv, lo, hi);                            \
            for (int64_t i = nv; i < n; i++) o[i] = pact_grad_##NAME(c->kind, false, g[i], a[i], lo, hi); \
            return 0;                                                                        \
        }                                                                                    \
        for (int64_t i = 0; i < n; i++)                                                      \
            *(T *)(p[0] + i * s[0]) = pact_grad_##NAME(c->kind, false, *(const T *)(p[1] + i * s[1]), \
                                                       *(const T *)(p[2] + i * s[2]), lo, hi); \
        return 0;                                                                            \
    }
PACT_LOOPS(float, f, 32)
PACT_LOOPS(double, d, 64)

/* ---- softmax and log_softmax: ATen's SoftMaxKernel.cpp ----------------------------------
 * Along the last dim (_vec_softmax_lastdim, _vec_log_softmax_lastdim and
 * _vec_host_softmax_backward_lastdim) a row's sums run in the layout of PyTorch's vectors,
 * whose width follows the CPU as PyTorch picks its kernels (tc__aten_vec_bytes: 8 floats / 4
 * doubles with AVX2, 16 / 8 with AVX-512): the first whole vector starts the accumulator,
 * whole vectors add lane by lane, a partial last vector adds into its leading lanes; then the
 * lanes are combined, floats by halves (lane i with i ^ L/2, ..., i ^ 1), doubles one by one
 * from lane 0. A row shorter than a vector is summed element by element. The row max is exact
 * in any order. softmax stores e = exp(x - max) (SLEEF's exp) and multiplies it by 1 / sum;
 * log_softmax is x - max - log(sum) (SLEEF's log). The backward is (g - sum(g y)) y or
 * g - exp(y) sum(g), the latter fused into one rounding by PyTorch's compiler, as are the
 * float32 products g y of a partial last vector into their sums (not the whole vectors', not
 * float64's: SMX_FUSED_TAIL).
 * Along another dim (_vec_softmax, _vec_logsoftmax, _vec_softmax_backward,
 * _vec_log_softmax_backward) every (outer, inner) column is reduced on its own, in order along
 * the dim; PyTorch computes whole vectors of neighbouring columns with SLEEF's exp and the
 * rest (the columns it calls the tail) with the C library's. softmax then divides e by the
 * sum; the backward's sums of g y are fused. Which columns are the tail depends, for softmax,
 * on how PyTorch's parallel_for splits the columns among its threads: softmax_inner
 * splits them the same way for the same number of threads. log_softmax and the backward take
 * the columns in fixed chunks. (PyTorch's forward there gives, for an odd element, an e^x
 * one unit in the last place from SLEEF's: tests/py/test_softmax.py keeps the count.)
 * The AVX2 code holds an AVX-512 vector in two 256-bit halves, so either layout is reproduced
 * on any CPU with AVX2 (the scalar loops do it on one without); TK_VEC_BYTES=32 or 64 picks
 * a layout on any CPU (to test both on one machine). */

#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")

#define SMX_GRAIN 32768 /* at::internal::GRAIN_SIZE */

static bool smx_avx2(void) {
#if defined(__x86_64__)
    return have_avx2_fma();
#else
    return false;
#endif
}

/* The exponent of a normal double, and 2^e for a normal result (ilogb and ldexp without the
 * library calls, for the logs of the rows' sums) */
static inline int smx_exponent_d(double x) {
    uint64_t b;
    memcpy(&b, &x, 8);
    return (int)(b >> 52 & 0x7ff) - 1023;
}
static inline double smx_pow2_d(int e) {
    uint64_t b = (uint64_t)(e + 1023) << 52;
    double r;
    memcpy(&r, &b, 8);
    return r;
}

/* SLEEF's log (u1), which log_softmax applies to the sums through its vectorised map */
static double sleef_log_d(double d) {
    if (!(d > 0 && d < INFINITY)) return d == 0 ? -INFINITY : d == INFINITY ? d : NAN;
    int adj = 0;
    if (d < 0x1p-1022) d *= 0x1p64, adj = 64;
    int e = smx_exponent_d(d * (1.0 / 0.75));
    double m = d * smx_pow2_d(-(e >> 1)) * smx_pow2_d(-(e - (e >> 1)));
    dd_s s = dd_mul_dv_s((dd_s){0.693147180559945286226764, 2.319046813846299558417771e-17}, (double)(e - adj));
    dd_s x = dd_div_s(dd_add2_vv_s(-1.0, m), dd_add2_vv_s(1.0, m));
    double x2 = x.x * x.x, x4 = x2 * x2, x8 = x4 * x4;
    double t = fma(x8, fma(x4, 0.1532076988502701353e+0, fma(x2, 0.1525629051003428716e+0, 0.1818605932937785996e+0)),
                   fma(x4, fma(x2, 0.2222214519839380009e+0, 0.2857142932794299317e+0),
                       fma(x2, 0.3999999999635251990e+0, 0.6666666666667333541e+0)));
    s = dd_add_dd_s(s, (dd_s){x.x * 2, x.y * 2});
    s = dd_add_dv_s(s, x2 * x.x * t);
    return s.x + s.y;
}

static float sleef_logf_u1(float d) {
    if (!(d > 0 && d < INFINITY)) return d == 0 ? -INFINITY : d == INFINITY ? d : NAN;
    int adj = 0;
    if (d < 0x1p-126f) d *= 0x1p64f, adj = 64;
    float sd = d * (1.0f / 0.75f);
    uint32_t tb;
    memcpy(&tb, &sd, 4);
    int e = (int)(tb >> 23 & 0xff) - 127;
    float m = (float)((double)d * smx_pow2_d(-e));
    df_s s = dd_mul_dv_fs((df_s){0.69314718246459960938f, -1.904654323148236017e-09f}, (float)(e - adj));
    df_s x = dd_div_fs(dd_add2_vv_fs(-1.0f, m), dd_add2_vv_fs(1.0f, m));
    float x2 = x.x * x.x;
    float t = fmaf(fmaf(+0.3027294874e+0f, x2, +0.3996108174e+0f), x2, +0.6666694880e+0f);
    s = dd_add_dd_fs(s, (df_s){x.x * 2, x.y * 2});
    s = dd_add_dv_fs(s, x2 * x.x * t);
    return s.x + s.y;
}

/* The lanes of a whole vector combined: floats by halves, doubles from lane 0 */
static float smx_fold_f(float *v, int lanes) {
    for (int step = lanes / 2; step >= 1; step >>= 1) {
        float w[16];
        for (int k = 0; k < lanes; k++) w[k] = v[k] + v[k ^ step];
        memcpy(v, w, (size_t)lanes * sizeof *v);
    }
    return v[0];
}

static double smx_fold_d(double *v, int lanes) {
    double s = v[0];
    for (int k = 1; k < lanes; k++) s += v[k];
    return s;
}

/* What a row's sum adds up: exp(a - m) (stored to e when e is given), a b, or a */
enum { SMX_EXP, SMX_MUL, SMX_ONE };
/* What a row's last pass writes: a p (softmax), a - p - q (log_softmax), (a - p) b (softmax
 * backward), a - exp(b) p in one rounding (log_softmax backward) */
enum { SMX_SCALE, SMX_LOGOUT, SMX_GRAD, SMX_LOGGRAD };

/* The sums of products g y in the backward: PyTorch's compiler fuses the float32 partial last
 * vector's products into its sums (one rounding), not the float64 one's */
#define SMX_FUSED_TAIL(T) (sizeof(T) == sizeof(float))

/* The scalar forms: rows of any length on any CPU; the vector code's short rows and tails */
#define SMX_SCALAR(SUF, T, EXP, FMA_T)                                                              \
    static T smx_max_##SUF(const T *x, int64_t n) {                                                 \
        T m = -(T)INFINITY;                                                                         \
        bool nan = false;                                                                           \
        for (int64_t i = 0; i < n; i++) {                                                           \
            nan |= x[i] != x[i];                                                                    \
            m = x[i] > m ? x[i] : m;                                                                \
        }                                                                                           \
        return nan ? (T)NAN : m;                                                                    \
    }                                                                                               \
    static inline T smx_map_##SUF(int mode, T a, T b, T m) {                                        \
        return mode == SMX_EXP ? EXP(a - m) : mode == SMX_MUL ? a * b : a;                          \
    }                                                                                               \
    static T smx_sum_##SUF(const T *a, const T *b, T *e, int64_t n, T m, int lanes, int mode) {     \
        T acc[16] = {0};                                                                            \
        int64_t lead = n < lanes ? n : lanes, i;                                                    \
        for (int64_t k = 0; k < lead; k++) {                                                        \
            acc[k] = smx_map_##SUF(mode, a[k], b ? b[k] : 0, m);                                    \
            if (e) e[k] = acc[k];                                                                   \
        }                                                                                           \
        if (n < lanes) {                                                                            \
            T s = acc[0];                                                                           \
            for (int64_t k = 1; k < n; k++) s += acc[k];                                            \
            return s;                                                                               \
        }                                                                                           \
        for (i = lanes; i < n; i += lanes)                                                          \
            for (int64_t k = 0; k < lanes && i + k < n; k++) {                                      \
                if (SMX_FUSED_TAIL(T) && mode == SMX_MUL && i + lanes > n) {                        \
                    acc[k] = FMA_T(a[i + k], b[i + k], acc[k]);                                     \
                    continue;                                                                       \
                }                                                                                   \
                T v = smx_map_##SUF(mode, a[i + k], b ? b[i + k] : 0, m);                           \
                if (e) e[i + k] = v;                                                                \
                acc[k] += v;                                                                        \
            }                                                                                       \
        return smx_fold_##SUF(acc, lanes);                                                          \
    }                                                                                               \
    static void smx_apply_##SUF(T *o, const T *a, const T *b, T p, T q, int64_t n, int op) {        \
        for (int64_t i = 0; i < n; i++)                                                             \
            o[i] = op == SMX_SCALE    ? a[i] * p                                                    \
                   : op == SMX_LOGOUT ? a[i] - p - q                                                \
                   : op == SMX_GRAD   ? (a[i] - p) * b[i]                                           \
                                      : FMA_T(-EXP(b[i]), p, a[i]);                                 \
    }
SMX_SCALAR(f, float, sleef_expf, fmaf)
SMX_SCALAR(d, double, sleef_exp, fma)
#undef SMX_SCALAR

#if defined(__x86_64__)
/* The lanes of a whole vector (one or two 256-bit halves) combined as smx_fold_* does */
VT float smx_vfold_f(const __m256 *acc, int nv) {
    __m256 v = nv == 2 ? _mm256_add_ps(acc[0], acc[1]) : acc[0];
    v = _mm256_add_ps(v, _mm256_permute2f128_ps(v, v, 1));
    v = _mm256_add_ps(v, _mm256_shuffle_ps(v, v, 0x4e));
    v = _mm256_add_ps(v, _mm256_shuffle_ps(v, v, 0xb1));
    return _mm256_cvtss_f32(v);
}

VT double smx_vfold_d(const __m256d *acc, int nv) {
    double l[8] = {0};
    for (int j = 0; j < nv; j++) _mm256_storeu_pd(l + 4 * j, acc[j]);
    return smx_fold_d(l, 4 * nv);
}

/* The first cnt lanes */
VT __m256i smx_mask_ps(int64_t cnt) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)cnt), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
VT __m256i smx_mask_pd(int64_t cnt) {
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x(cnt), _mm256_setr_epi64x(0, 1, 2, 3));
}

/* The same with 256-bit vectors (S: ps or pd, N lanes to one) */
#define SMX_AVX2(SUF, T, V, S, N, EXPV, FMA_T)                                                      \
    VT V smx_vmap_##SUF(int mode, const T *a, const T *b, V m) {                                    \
        V x = _mm256_loadu_##S(a);                                                                  \
        return mode == SMX_EXP   ? EXPV(_mm256_sub_##S(x, m))                                       \
               : mode == SMX_MUL ? _mm256_mul_##S(x, _mm256_loadu_##S(b))                           \
                                 : x;                                                               \
    }                                                                                               \
    __attribute__((target("avx2,fma"))) static T smx_max_##SUF##_avx2(const T *x, int64_t n) {      \
        V m = _mm256_set1_##S(-(T)INFINITY), bad = _mm256_setzero_##S();                            \
        int64_t i = 0;                                                                              \
        for (; i + N <= n; i += N) {                                                                \
            V v = _mm256_loadu_##S(x + i);                                                          \
            m = _mm256_max_##S(m, v);                                                               \
            bad = _mm256_or_##S(bad, _mm256_cmp_##S(v, v, _CMP_UNORD_Q));                           \
        }                                                                                           \
        T lanes[N], r = smx_max_##SUF(x + i, n - i);                                                \
        _mm256_storeu_##S(lanes, m);                                                                \
        for (int k = 0; k < N; k++) r = lanes[k] > r ? lanes[k] : r;                                \
        return _mm256_movemask_##S(bad) ? (T)NAN : r;                                               \
    }                                                                                               \
    __attribute__((target("avx2,fma"))) static T smx_sum_##SUF##_avx2(                              \
        const T *a, const T *b, T *e, int64_t n, T m, int lanes, int mode) {                        \
        if (n < lanes) return smx_sum_##SUF(a, b, e, n, m, lanes, mode);                            \
        V vm = _mm256_set1_##S(m), acc[2] = {vm, vm};                                               \
        int nv = lanes / N;                                                                         \
        for (int j = 0; j < nv; j++) {                                                              \
            acc[j] = smx_vmap_##SUF(mode, a + j * N, b ? b + j * N : NULL, vm);                     \
            if (e) _mm256_storeu_##S(e + j * N, acc[j]);                                            \
        }                                                                                           \
        int64_t i = lanes;                                                                          \
        for (; i + lanes <= n; i += lanes)                                                          \
            for (int j = 0; j < nv; j++) {                                                          \
                V v = smx_vmap_##SUF(mode, a + i + j * N, b ? b + i + j * N : NULL, vm);            \
                if (e) _mm256_storeu_##S(e + i + j * N, v);                                         \
                acc[j] = _mm256_add_##S(acc[j], v);                                                 \
            }                                                                                       \
        for (int j = 0; j < nv && i + j * N < n; j++) { /* the partial last vector */               \
            int64_t cnt = n - i - j * N;                                                            \
            __m256i mk = smx_mask_##S(cnt < N ? cnt : N);                                           \
            V x = _mm256_maskload_##S(a + i + j * N, mk), s;                                        \
            if (mode == SMX_MUL) {                                                                  \
                V y = _mm256_maskload_##S(b + i + j * N, mk);                                       \
                s = SMX_FUSED_TAIL(T) ? _mm256_fmadd_##S(x, y, acc[j])                              \
                                      : _mm256_add_##S(acc[j], _mm256_mul_##S(x, y));               \
            } else {                                                                                \
                V v = mode == SMX_EXP ? EXPV(_mm256_sub_##S(x, vm)) : x;                            \
                if (e) _mm256_maskstore_##S(e + i + j * N, mk, v);                                  \
                s = _mm256_add_##S(acc[j], v);                                                      \
            }                                                                                       \
            acc[j] = _mm256_blendv_##S(acc[j], s, _mm256_castsi256_##S(mk));                        \
        }                                                                                           \
        return smx_vfold_##SUF(acc, nv);                                                            \
    }                                                                                               \
    __attribute__((target("avx2,fma"))) static void smx_apply_##SUF##_avx2(                         \
        T *o, const T *a, const T *b, T p, T q, int64_t n, int op) {                                \
        V vp = _mm256_set1_##S(p), vq = _mm256_set1_##S(q);                                         \
        int64_t i = 0;                                                                              \
        for (; i + N <= n; i += N) {                                                                \
            V x = _mm256_loadu_##S(a + i), r;                                                       \
            if (op == SMX_SCALE)                                                                    \
                r = _mm256_mul_##S(x, vp);                                                          \
            else if (op == SMX_LOGOUT)                                                              \
                r = _mm256_sub_##S(_mm256_sub_##S(x, vp), vq);                                      \
            else if (op == SMX_GRAD)                                                                \
                r = _mm256_mul_##S(_mm256_sub_##S(x, vp), _mm256_loadu_##S(b + i));                 \
            else                                                                                    \
                r = _mm256_fnmadd_##S(EXPV(_mm256_loadu_##S(b + i)), vp, x);                        \
            _mm256_storeu_##S(o + i, r);                                                            \
        }                                                                                           \
        smx_apply_##SUF(o + i, a + i, b ? b + i : NULL, p, q, n - i, op);                           \
    }
SMX_AVX2(f, float, __m256, ps, 8, sleef_expf8, fmaf)
SMX_AVX2(d, double, __m256d, pd, 4, sleef_exp4, fma)
#undef SMX_AVX2
#define SMX_PICK(FN, SUF) (avx2 ? FN##_##SUF##_avx2 : FN##_##SUF)
#else
#define SMX_PICK(FN, SUF) FN##_##SUF
#endif

typedef struct smx_rows_job {
    void *o;
    const void *a, *b; /* x; or g and y */
    int64_t cols;
    int lanes;
    bool log, bwd;
} smx_rows_job;

#define SMX_ROWS(SUF, T, LOG_T)                                                                     \
    static void smx_rows_##SUF(void *vj, int64_t r0, int64_t r1) {                                  \
        const smx_rows_job *j = vj;                                                                 \
        int64_t n = j->cols;                                                                        \
        bool avx2 = smx_avx2();                                                                     \
        (void)avx2;                                                                                 \
        for (int64_t r = r0; r < r1; r++) {                                                         \
            T *o = (T *)j->o + r * n;                                                               \
            const T *a = (const T *)j->a + r * n, *b = j->b ? (const T *)j->b + r * n : NULL;       \
            if (!j->bwd) {                                                                          \
                T mx = SMX_PICK(smx_max, SUF)(a, n);                                                \
                T s = SMX_PICK(smx_sum, SUF)(a, NULL, j->log ? NULL : o, n, mx, j->lanes, SMX_EXP); \
                if (j->log)                                                                         \
                    SMX_PICK(smx_apply, SUF)(o, a, NULL, mx, LOG_T(s), n, SMX_LOGOUT);              \
                else                                                                                \
                    SMX_PICK(smx_apply, SUF)(o, o, NULL, 1 / s, 0, n, SMX_SCALE);                   \
            } else {                                                                                \
                T s = SMX_PICK(smx_sum, SUF)(a, j->log ? NULL : b, NULL, n, 0, j->lanes,            \
                                             j->log ? SMX_ONE : SMX_MUL);                           \
                SMX_PICK(smx_apply, SUF)(o, a, b, s, 0, n, j->log ? SMX_LOGGRAD : SMX_GRAD);        \
            }                                                                                       \
        }                                                                                           \
    }
SMX_ROWS(f, float, sleef_logf_u1)
SMX_ROWS(d, double, sleef_log_d)
#undef SMX_ROWS

static void smx_run_rows(smx_rows_job *j, int64_t rows, bool f64) {
    if (rows <= 0 || j->cols <= 0) return;
    j->lanes = (int)tc__aten_vec_bytes() / (f64 ? 8 : 4);
    int64_t grain = SMX_GRAIN / 4 / j->cols + 1; /* rows to a piece of work worth a thread */
    tc__parallel_for(rows, grain, f64 ? smx_rows_d : smx_rows_f, j);
}

static void softmax_rows(void *out, const void *x, int64_t rows, int64_t cols, bool f64, bool log) {
    smx_rows_job j = {out, x, NULL, cols, 0, log, false};
    smx_run_rows(&j, rows, f64);
}

static void softmax_backward_rows(void *gi, const void *g, const void *y, int64_t rows, int64_t cols,
                                  bool f64, bool log) {
    smx_rows_job j = {gi, g, y, cols, 0, log, true};
    smx_run_rows(&j, rows, f64);
}

/* ---- along another dim: columns [c0, c1) of one outer index, blocked ----------------------
 * Columns before vend are PyTorch's vectorised ones (SLEEF's exp), the rest its tail (the C
 * library's exp). mx and sm hold the block's maxima and sums. */
#define SMX_BLOCK 256

#if defined(__x86_64__)
#define SMX_COLS_AVX2(SUF, T, V, S, N, EXPV)                                                        \
    __attribute__((target("avx2,fma"))) static int64_t smx_colmax_##SUF##_avx2(                     \
        T *mx, const T *p, int64_t nb) {                                                            \
        int64_t c = 0;                                                                              \
        for (; c + N <= nb; c += N) {                                                               \
            V x = _mm256_loadu_##S(p + c), m = _mm256_loadu_##S(mx + c);                            \
            _mm256_storeu_##S(mx + c, _mm256_blendv_##S(m, x, _mm256_cmp_##S(x, m, _CMP_GT_OQ)));   \
        }                                                                                           \
        return c;                                                                                   \
    }                                                                                               \
    __attribute__((target("avx2,fma"))) static int64_t smx_colexp_##SUF##_avx2(                     \
        T *o, T *sm, const T *p, const T *mx, int64_t nb) {                                         \
        int64_t c = 0;                                                                              \
        for (; c + N <= nb; c += N) {                                                               \
            V e = EXPV(_mm256_sub_##S(_mm256_loadu_##S(p + c), _mm256_loadu_##S(mx + c)));          \
            if (o) _mm256_storeu_##S(o + c, e);                                                     \
            _mm256_storeu_##S(sm + c, _mm256_add_##S(_mm256_loadu_##S(sm + c), e));                 \
        }                                                                                           \
        return c;                                                                                   \
    }                                                                                               \
    __attribute__((target("avx2,fma"))) static int64_t smx_colout_##SUF##_avx2(                     \
        T *o, const T *p, const T *mx, const T *sm, int64_t nb, bool log) {                         \
        int64_t c = 0;                                                                              \
        for (; c + N <= nb; c += N) {                                                               \
            V s = _mm256_loadu_##S(sm + c);                                                         \
            V r = log ? _mm256_sub_##S(_mm256_sub_##S(_mm256_loadu_##S(p + c),                      \
                                                      _mm256_loadu_##S(mx + c)), s)                 \
                      : _mm256_div_##S(_mm256_loadu_##S(o + c), s);                                 \
            _mm256_storeu_##S(o + c, r);                                                            \
        }                                                                                           \
        return c;                                                                                   \
    }                                                                                               \
    __attribute__((target("avx2,fma"))) static int64_t smx_colgsum_##SUF##_avx2(                    \
        T *sm, const T *g, const T *y, int64_t nb) {                                                \
        int64_t c = 0;                                                                              \
        for (; c + N <= nb; c += N) {                                                               \
            V a = _mm256_loadu_##S(g + c), sum = _mm256_loadu_##S(sm + c);                          \
            sum = y ? _mm256_fmadd_##S(a, _mm256_loadu_##S(y + c), sum) : _mm256_add_##S(sum, a);   \
            _mm256_storeu_##S(sm + c, sum);                                                         \
        }                                                                                           \
        return c;                                                                                   \
    }                                                                                               \
    __attribute__((target("avx2,fma"))) static int64_t smx_colgrad_##SUF##_avx2(                    \
        T *gi, const T *g, const T *y, const T *sm, int64_t nb, bool log) {                         \
        int64_t c = 0;                                                                              \
        for (; c + N <= nb; c += N) {                                                               \
            V a = _mm256_loadu_##S(g + c), b = _mm256_loadu_##S(y + c), s = _mm256_loadu_##S(sm + c); \
            _mm256_storeu_##S(gi + c, log ? _mm256_fnmadd_##S(EXPV(b), s, a)                        \
                                          : _mm256_mul_##S(b, _mm256_sub_##S(a, s)));               \
        }                                                                                           \
        return c;                                                                                   \
    }
SMX_COLS_AVX2(f, float, __m256, ps, 8, sleef_expf8)
SMX_COLS_AVX2(d, double, __m256d, pd, 4, sleef_exp4)
#undef SMX_COLS_AVX2
#define SMX_VEC(FN, SUF, ...) (avx2 ? FN##_##SUF##_avx2(__VA_ARGS__) : 0)
#else
#define SMX_VEC(FN, SUF, ...) 0
#endif

#define SMX_COLS(SUF, T, EXP, LIBEXP, LOG_T)                                                        \
    static void smx_cols_##SUF(T *o, const T *x, int64_t dim, int64_t inner, int64_t c0,            \
                               int64_t c1, int64_t vend, bool log) {                                \
        bool avx2 = smx_avx2();                                                                     \
        (void)avx2;                                                                                 \
        T mx[SMX_BLOCK], sm[SMX_BLOCK];                                                             \
        for (int64_t b0 = c0; b0 < c1; b0 += SMX_BLOCK) {                                           \
            int64_t nb = c1 - b0 < SMX_BLOCK ? c1 - b0 : SMX_BLOCK;                                 \
            int64_t nv = vend - b0 < 0 ? 0 : vend - b0 < nb ? vend - b0 : nb;                       \
            for (int64_t c = 0; c < nb; c++) mx[c] = -(T)INFINITY, sm[c] = 0;                       \
            for (int64_t d = 0; d < dim; d++) {                                                     \
                const T *p = x + d * inner + b0;                                                    \
                for (int64_t c = SMX_VEC(smx_colmax, SUF, mx, p, nb); c < nb; c++)                  \
                    mx[c] = p[c] > mx[c] ? p[c] : mx[c];                                            \
            }                                                                                       \
            for (int64_t d = 0; d < dim; d++) {                                                     \
                const T *p = x + d * inner + b0;                                                    \
                T *q = log ? NULL : o + d * inner + b0;                                             \
                int64_t c = SMX_VEC(smx_colexp, SUF, q, sm, p, mx, nv);                             \
                for (; c < nb; c++) {                                                               \
                    T e = c < nv ? EXP(p[c] - mx[c]) : LIBEXP(p[c] - mx[c]);                        \
                    if (q) q[c] = e;                                                                \
                    sm[c] += e;                                                                     \
                }                                                                                   \
            }                                                                                       \
            if (log)                                                                                \
                for (int64_t c = 0; c < nb; c++) sm[c] = LOG_T(sm[c]);                              \
            for (int64_t d = 0; d < dim; d++) {                                                     \
                const T *p = x + d * inner + b0;                                                    \
                T *q = o + d * inner + b0;                                                          \
                for (int64_t c = SMX_VEC(smx_colout, SUF, q, p, mx, sm, nb, log); c < nb; c++)      \
                    q[c] = log ? p[c] - mx[c] - sm[c] : q[c] / sm[c];                               \
            }                                                                                       \
        }                                                                                           \
    }
SMX_COLS(f, float, sleef_expf, expf, sleef_logf_u1)
SMX_COLS(d, double, sleef_exp, exp, sleef_log_d)
#undef SMX_COLS

/* The backward along another dim (_vec_softmax_backward, _vec_log_softmax_backward): per
 * column sum(g y) or sum(g) in order along the dim, then (g - sum) y, or g - exp(y) sum in one
 * rounding (SLEEF's exp in the whole vectors, the C library's in the tail). */
#define SMX_COLS_BWD(SUF, T, EXP, LIBEXP, FMA_T)                                                    \
    static void smx_cols_bwd_##SUF(T *gi, const T *g, const T *y, int64_t dim, int64_t inner,       \
                                   int64_t c0, int64_t c1, int64_t vend, bool log) {                \
        bool avx2 = smx_avx2();                                                                     \
        (void)avx2;                                                                                 \
        T sm[SMX_BLOCK];                                                                            \
        for (int64_t b0 = c0; b0 < c1; b0 += SMX_BLOCK) {                                           \
            int64_t nb = c1 - b0 < SMX_BLOCK ? c1 - b0 : SMX_BLOCK;                                 \
            int64_t nv = vend - b0 < 0 ? 0 : vend - b0 < nb ? vend - b0 : nb;                       \
            for (int64_t c = 0; c < nb; c++) sm[c] = 0;                                             \
            for (int64_t d = 0; d < dim; d++) {                                                     \
                const T *pg = g + d * inner + b0, *py = log ? NULL : y + d * inner + b0;            \
                for (int64_t c = SMX_VEC(smx_colgsum, SUF, sm, pg, py, nb); c < nb; c++)            \
                    sm[c] = log ? sm[c] + pg[c] : FMA_T(pg[c], py[c], sm[c]);                       \
            }                                                                                       \
            for (int64_t d = 0; d < dim; d++) {                                                     \
                const T *pg = g + d * inner + b0, *py = y + d * inner + b0;                         \
                T *q = gi + d * inner + b0;                                                         \
                int64_t c = SMX_VEC(smx_colgrad, SUF, q, pg, py, sm, nv, log);                      \
                for (; c < nb; c++)                                                                 \
                    q[c] = !log    ? py[c] * (pg[c] - sm[c])                                        \
                           : c < nv ? FMA_T(-EXP(py[c]), sm[c], pg[c])                              \
                                    : FMA_T(-LIBEXP(py[c]), sm[c], pg[c]);                          \
            }                                                                                       \
        }                                                                                           \
    }
SMX_COLS_BWD(f, float, sleef_expf, expf, fmaf)
SMX_COLS_BWD(d, double, sleef_exp, exp, fma)
#undef SMX_COLS_BWD
#undef SMX_VEC
#undef SMX_PICK

typedef struct smx_inner_job {
    void *o;
    const void *x, *y; /* x; or g and y */
    int64_t outer, dim, inner, lanes;
    int64_t per;    /* softmax: columns to a thread, as PyTorch's parallel_for splits them */
    int64_t chunk;  /* log_softmax: columns to a chunk */
    int64_t chunks; /* log_softmax: chunks to an outer index */
    bool f64, log, bwd;
} smx_inner_job;

static void smx_segment(const smx_inner_job *j, int64_t oi, int64_t c0, int64_t c1, int64_t vend) {
    int64_t off = oi * j->dim * j->inner;
    if (j->bwd && j->f64)
        smx_cols_bwd_d((double *)j->o + off, (const double *)j->x + off, (const double *)j->y + off, j->dim,
                       j->inner, c0, c1, vend, j->log);
    else if (j->bwd)
        smx_cols_bwd_f((float *)j->o + off, (const float *)j->x + off, (const float *)j->y + off, j->dim,
                       j->inner, c0, c1, vend, j->log);
    else if (j->f64)
        smx_cols_d((double *)j->o + off, (const double *)j->x + off, j->dim, j->inner, c0, c1, vend, j->log);
    else
        smx_cols_f((float *)j->o + off, (const float *)j->x + off, j->dim, j->inner, c0, c1, vend, j->log);
}

/* softmax: thread pieces [t per, (t + 1) per) of the outer x inner columns; within a piece
 * whole vectors of columns run from its start in each outer index, the rest is the tail */
static void smx_inner_piece(void *vj, int64_t t0, int64_t t1) {
    const smx_inner_job *j = vj;
    int64_t n = j->outer * j->inner;
    for (int64_t t = t0; t < t1; t++) {
        int64_t b = t * j->per, e = b + j->per < n ? b + j->per : n;
        while (b < e) {
            int64_t oi = b / j->inner, c0 = b % j->inner;
            int64_t c1 = e - b < j->inner - c0 ? c0 + (e - b) : j->inner;
            smx_segment(j, oi, c0, c1, c0 + (c1 - c0) / j->lanes * j->lanes);
            b += c1 - c0;
        }
    }
}

/* log_softmax and the backward: chunks of columns, each with its whole vectors first */
static void smx_inner_chunks(void *vj, int64_t k0, int64_t k1) {
    const smx_inner_job *j = vj;
    for (int64_t k = k0; k < k1; k++) {
        int64_t oi = k / j->chunks, c0 = k % j->chunks * j->chunk;
        int64_t c1 = c0 + j->chunk < j->inner ? c0 + j->chunk : j->inner;
        smx_segment(j, oi, c0, c1, c0 + (c1 - c0) / j->lanes * j->lanes);
    }
}

static void smx_run_chunks(smx_inner_job *j) {
    int64_t size = j->f64 ? 8 : 4;
    int64_t chunk = (128 * 1024) / j->dim / size;
    chunk = (chunk > j->lanes ? chunk : j->lanes) / j->lanes * j->lanes;
    j->chunk = chunk;
    j->chunks = (j->inner + chunk - 1) / chunk;
    int64_t grain = SMX_GRAIN / (16 * j->dim * chunk);
    tc__parallel_for(j->outer * j->chunks, grain > 0 ? grain : 1, smx_inner_chunks, j);
}

static void softmax_backward_inner(void *gi, const void *g, const void *y, int64_t outer, int64_t dim,
                                   int64_t inner, bool f64, bool log) {
    if (outer <= 0 || dim <= 0 || inner <= 0) return;
    smx_inner_job j = {gi, g, y, outer, dim, inner, (int)tc__aten_vec_bytes() / (f64 ? 8 : 4), 0, 0, 0, f64, log, true};
    smx_run_chunks(&j);
}

static void softmax_inner(void *out, const void *x, int64_t outer, int64_t dim, int64_t inner, bool f64,
                          bool log) {
    if (outer <= 0 || dim <= 0 || inner <= 0) return;
    int64_t size = f64 ? 8 : 4, lanes = (int)tc__aten_vec_bytes() / size;
    smx_inner_job j = {out, x, NULL, outer, dim, inner, lanes, 0, 0, 0, f64, log, false};
    if (log) {
        smx_run_chunks(&j);
        return;
    }
    /* PyTorch's parallel_for over the columns with grain GRAIN_SIZE / dim: one piece, or as
     * many as threads (at most one per grain), of equal length */
    int64_t n = outer * inner, grain = SMX_GRAIN / dim > 1 ? SMX_GRAIN / dim : 1;
    int64_t threads = tc__cpu_threads(), pieces = 1;
    if (n > grain && threads > 1) {
        pieces = (n + grain - 1) / grain;
        if (pieces > threads) pieces = threads;
    }
    j.per = (n + pieces - 1) / pieces;
    tc__parallel_for(pieces, 1, smx_inner_piece, &j);
}
/* outer x size x inner for dim of shape */
static void smx_split(const int64_t *shape, int ndim, int dim, int64_t *outer, int64_t *size, int64_t *inner) {
    *outer = *inner = 1;
    for (int i = 0; i < dim; i++) *outer *= shape[i];
    for (int i = dim + 1; i < ndim; i++) *inner *= shape[i];
    *size = shape[dim];
}

void tc__softmax_dim(void *out, const void *x, const int64_t *shape, int ndim, int dim, bool f64, bool log) {
    int64_t outer, size, inner;
    smx_split(shape, ndim, dim, &outer, &size, &inner);
    if (dim == ndim - 1)
        softmax_rows(out, x, outer, size, f64, log);
    else
        softmax_inner(out, x, outer, size, inner, f64, log);
}

void tc__softmax_backward_dim(void *gi, const void *g, const void *y, const int64_t *shape, int ndim, int dim,
                              bool f64, bool log) {
    int64_t outer, size, inner;
    smx_split(shape, ndim, dim, &outer, &size, &inner);
    if (dim == ndim - 1)
        softmax_backward_rows(gi, g, y, outer, size, f64, log);
    else
        softmax_backward_inner(gi, g, y, outer, size, inner, f64, log);
}
#pragma GCC pop_options
