/*
 * Typed inner loops of the CPU backend: binary, unary, cast, for the native C types.
 * Each loop has a unit-stride path the compiler vectorises, scalar-operand paths for
 * broadcast Python numbers, and a general strided path. float16/bfloat16 run through the
 * float32 loops in small converted blocks (cpu-backend.c).
 */
#include <math.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "cpu-loops.h"
#include "tensorcore/pymath.h"

/* One expression instantiated for bool, unsigned and signed types: sign tests are
 * vacuous for some of them, and not every instantiation is used. */
#pragma GCC diagnostic ignored "-Wtype-limits"
#pragma GCC diagnostic ignored "-Wbool-compare"
#pragma GCC diagnostic ignored "-Wint-in-bool-context"
#pragma GCC diagnostic ignored "-Wunused-function"

#define NATIVE_TYPES(X) \
    X(BOOL, bool) X(U8, uint8_t) X(I8, int8_t) X(I16, int16_t) X(I32, int32_t) \
    X(I64, int64_t) X(F32, float) X(F64, double)
#define INT_TYPES(X) X(U8, uint8_t) X(I8, int8_t) X(I16, int16_t) X(I32, int32_t) X(I64, int64_t)
#define FLOAT_TYPES(X) X(F32, float) X(F64, double)

/* The unit-stride and scalar-operand paths are vectorised for AVX2 too, picked at run time
 * (no FMA: every result is the one the scalar expression gives). */
#define DEF_BIN(NAME, T, TO, EXPR)                                                         \
    __attribute__((target_clones("avx2", "default")))                                     \
    static int NAME(char **p, const int64_t *s, int64_t n, const void *ex) {               \
        (void)ex;                                                                          \
        char *o = p[0];                                                                    \
        const char *a = p[1], *b = p[2];                                                   \
        if (s[0] == sizeof(TO) && s[1] == sizeof(T) && s[2] == sizeof(T)) {                \
            TO *oo = (TO *)o;                                                              \
            const T *aa = (const T *)a, *bb = (const T *)b;                                \
            for (int64_t i = 0; i < n; i++) { T x = aa[i], y = bb[i]; oo[i] = (TO)(EXPR); } \
        } else if (s[0] == sizeof(TO) && s[1] == sizeof(T) && s[2] == 0) {                 \
            TO *oo = (TO *)o;                                                              \
            const T *aa = (const T *)a;                                                    \
            const T y = *(const T *)b;                                                     \
            for (int64_t i = 0; i < n; i++) { T x = aa[i]; oo[i] = (TO)(EXPR); }           \
        } else if (s[0] == sizeof(TO) && s[1] == 0 && s[2] == sizeof(T)) {                 \
            TO *oo = (TO *)o;                                                              \
            const T *bb = (const T *)b;                                                    \
            const T x = *(const T *)a;                                                     \
            for (int64_t i = 0; i < n; i++) { T y = bb[i]; oo[i] = (TO)(EXPR); }           \
        } else {                                                                           \
            for (int64_t i = 0; i < n; i++) {                                              \
                T x = *(const T *)(a + i * s[1]), y = *(const T *)(b + i * s[2]);          \
                *(TO *)(o + i * s[0]) = (TO)(EXPR);                                        \
            }                                                                              \
        }                                                                                  \
        return 0;                                                                          \
    }

#define DEF_BIN_ZCHECK(NAME, T, BODY)                                                      \
    static int NAME(char **p, const int64_t *s, int64_t n, const void *ex) {               \
        (void)ex;                                                                          \
        for (int64_t i = 0; i < n; i++) {                                                  \
            T x = *(const T *)(p[1] + i * s[1]), y = *(const T *)(p[2] + i * s[2]), r;     \
            if (y == 0) return 1;                                                          \
            BODY;                                                                          \
            *(T *)(p[0] + i * s[0]) = r;                                                   \
        }                                                                                  \
        return 0;                                                                          \
    }

/* arithmetic on every native type */
#define GEN_ARITH(ID, T)                          \
    DEF_BIN(add_##ID, T, T, x + y)                \
    DEF_BIN(sub_##ID, T, T, x - y)                \
    DEF_BIN(mul_##ID, T, T, x * y)                \
    DEF_BIN(eq_##ID, T, bool, x == y)             \
    DEF_BIN(ne_##ID, T, bool, x != y)             \
    DEF_BIN(lt_##ID, T, bool, x < y)              \
    DEF_BIN(le_##ID, T, bool, x <= y)             \
    DEF_BIN(gt_##ID, T, bool, x > y)              \
    DEF_BIN(ge_##ID, T, bool, x >= y)             \
    DEF_BIN(land_##ID, T, bool, (x != 0) && (y != 0)) \
    DEF_BIN(lor_##ID, T, bool, (x != 0) || (y != 0))  \
    DEF_BIN(max_##ID, T, T, (x > y || x != x) ? x : y) \
    DEF_BIN(min_##ID, T, T, (x < y || x != x) ? x : y)
NATIVE_TYPES(GEN_ARITH)

#define GEN_BITS(ID, T)                \
    DEF_BIN(band_##ID, T, T, x & y)    \
    DEF_BIN(bor_##ID, T, T, x | y)     \
    DEF_BIN(bxor_##ID, T, T, x ^ y)
GEN_BITS(BOOL, uint8_t) /* bools as the bytes 0 and 1: the same results, as byte vectors */
INT_TYPES(GEN_BITS)


/* Python's integer // and % (pymath.h): 64-bit for int64, 32-bit for the narrower ones. */
#define PY_IFLOORDIV(T, x, y)                                                                 \
    (sizeof(T) == 8 ? (T)tc_py_ifloordiv_i64((int64_t)(x), (int64_t)(y))                      \
                    : (T)tc_py_ifloordiv_i32((int32_t)(x), (int32_t)(y)))
#define PY_IMOD(T, x, y)                                                                      \
    (sizeof(T) == 8 ? (T)tc_py_imod_i64((int64_t)(x), (int64_t)(y))                           \
                    : (T)tc_py_imod_i32((int32_t)(x), (int32_t)(y)))
#define GEN_INTDIV(ID, T)                                                                     \
    DEF_BIN_ZCHECK(fdiv_##ID, T, r = PY_IFLOORDIV(T, x, y))                                   \
    DEF_BIN_ZCHECK(rem_##ID, T, r = PY_IMOD(T, x, y))                                         \
    DEF_BIN(pow_##ID, T, T, tc_py_ipow((int64_t)x, (int64_t)y))
INT_TYPES(GEN_INTDIV)

DEF_BIN(div_F32, float, float, x / y)
DEF_BIN(div_F64, double, double, x / y)
/* float32 floor division and remainder in float arithmetic, as PyTorch's kernels (computing
 * them in double rounds differently: 1e8 // -3 is -33333336 in float). */
static inline float py_fdivf(float a, float b) {
    if (b == 0) return a / b;
    float mod = fmodf(a, b), div = (a - mod) / b;
    if (mod != 0 && ((b < 0) != (mod < 0))) div -= 1.0f;
    float fl;
    if (div != 0) {
        fl = floorf(div);
        if (div - fl > 0.5f) fl += 1.0f;
    } else {
        fl = copysignf(0.0f, a / b);
    }
    return fl;
}

static inline float py_fmodf(float a, float b) {
    if (b == 0) return NAN;
    float m = fmodf(a, b);
    if (m != 0) {
        if ((b < 0) != (m < 0)) m += b;
    } else {
        m = copysignf(0.0f, b);
    }
    return m;
}

DEF_BIN(fdiv_F32, float, float, py_fdivf(x, y))
DEF_BIN(fdiv_F64, double, double, tc_py_fdiv(x, y))
DEF_BIN(rem_F32, float, float, py_fmodf(x, y))
DEF_BIN(rem_F64, double, double, tc_py_fmod(x, y))
DEF_BIN(pow_F32, float, float, powf(x, y))
DEF_BIN(pow_F64, double, double, pow(x, y))
DEF_BIN(atan2_F32, float, float, atan2f(x, y))
DEF_BIN(atan2_F64, double, double, atan2(x, y))
DEF_BIN(fmod_F32, float, float, fmodf(x, y))
DEF_BIN(fmod_F64, double, double, fmod(x, y))
/* C's % truncates toward zero, which is fmod's rule; -1 avoids INT_MIN % -1 */
#define GEN_IFMOD(ID, T) DEF_BIN_ZCHECK(fmod_##ID, T, if (y == (T)-1) r = 0; else r = (T)(x % y);)
INT_TYPES(GEN_IFMOD)

/* ---- complex ------------------------------------------------------------------------------
 * complex64/complex128 loops on the {re, im} structs, written out with c10::complex's formulas
 * (products without C's NaN recovery, division scaled by the larger part as NumPy and
 * c10::complex do) and C99's complex functions for exp, log, sqrt and the trigonometric ones,
 * which are what std::exp etc. call in libstdc++. */
#include <complex.h>

#define DEF_CLOOP(NAME, T, TO, NIN, EXPR)                                                  \
    static int NAME(char **p, const int64_t *s, int64_t n, const void *ex) {               \
        (void)ex;                                                                          \
        for (int64_t i = 0; i < n; i++) {                                                  \
            T x = *(const T *)(p[1] + i * s[1]);                                           \
            T y = NIN == 2 ? *(const T *)(p[2] + i * s[2]) : x;                            \
            (void)y;                                                                       \
            *(TO *)(p[0] + i * s[0]) = EXPR;                                               \
        }                                                                                  \
        return 0;                                                                          \
    }

#define GEN_COMPLEX(ID, T, R, SUF)                                                                \
    static inline T mk_##ID(R re, R im) { T r = {re, im}; return r; }                             \
    static inline R _Complex to_c_##ID(T x) { return x.re + x.im * (R _Complex)I; }              \
    static inline T from_c_##ID(R _Complex z) { return mk_##ID(creal##SUF(z), cimag##SUF(z)); }   \
    static inline T mul_c_##ID(T a, T b) { return mk_##ID(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re); } \
    static inline T div_c_##ID(T x, T y) {                                                        \
        R a = x.re, b = x.im, c = y.re, d = y.im, ac = fabs##SUF(c), ad = fabs##SUF(d);           \
        if (ac >= ad) {                                                                           \
            if (ac == 0 && ad == 0) return mk_##ID(a / ac, b / ad);                              \
            R rat = d / c, scl = (R)1 / (c + d * rat);                                            \
            return mk_##ID((a + b * rat) * scl, (b - a * rat) * scl);                             \
        }                                                                                         \
        R rat = c / d, scl = (R)1 / (d + c * rat);                                                \
        return mk_##ID((a * rat + b) * scl, (b * rat - a) * scl);                                 \
    }                                                                                             \
    static inline T pow_c_##ID(T x, T y) {                                                        \
        if (y.re == 0 && y.im == 0) return mk_##ID(1, 0);                                         \
        if (y.re == 1 && y.im == 0) return x;                                                     \
        return from_c_##ID(cpow##SUF(to_c_##ID(x), to_c_##ID(y)));                                \
    }                                                                                             \
    static inline T sigmoid_c_##ID(T x) {                                                         \
        T e = from_c_##ID(cexp##SUF(to_c_##ID(mk_##ID(-x.re, -x.im))));                           \
        return div_c_##ID(mk_##ID(1, 0), mk_##ID(1 + e.re, e.im));                                \
    }                                                                                             \
    /* c10_complex_math's expm1 and log1p, which keep precision near 0 */                       \
    static inline T expm1_c_##ID(T z) {                                                           \
        R a = sin##SUF(z.im / 2);                                                                 \
        return mk_##ID(expm1##SUF(z.re) * cos##SUF(z.im) - (R)2 * a * a, exp##SUF(z.re) * sin##SUF(z.im)); \
    }                                                                                             \
    static inline T log1p_c_##ID(T z) {                                                           \
        R x = z.re, y = z.im, theta = atan2##SUF(y, x + (R)1);                                    \
        if (hypot##SUF(x, y) < (R)0.5) {                                                          \
            R r = x * ((R)2 + x) + y * y;                                                         \
            return r == 0 ? mk_##ID(x, theta) : mk_##ID((R)0.5 * log1p##SUF(r), theta);           \
        }                                                                                         \
        return mk_##ID(log##SUF(hypot##SUF(x + 1, y)), theta);                                    \
    }                                                                                             \
    static inline T logb_c_##ID(T z, R base) {                                                    \
        return div_c_##ID(from_c_##ID(clog##SUF(to_c_##ID(z))), mk_##ID(log##SUF(base), 0));     \
    }                                                                                             \
    DEF_CLOOP(expm1_##ID, T, T, 1, expm1_c_##ID(x))                                               \
    DEF_CLOOP(log1p_##ID, T, T, 1, log1p_c_##ID(x))                                               \
    DEF_CLOOP(log2_##ID, T, T, 1, logb_c_##ID(x, 2))                                              \
    DEF_CLOOP(log10_##ID, T, T, 1, logb_c_##ID(x, 10))                                            \
    DEF_CLOOP(add_##ID, T, T, 2, mk_##ID(x.re + y.re, x.im + y.im))                               \
    DEF_CLOOP(sub_##ID, T, T, 2, mk_##ID(x.re - y.re, x.im - y.im))                               \
    DEF_CLOOP(mul_##ID, T, T, 2, mul_c_##ID(x, y))                                                \
    DEF_CLOOP(div_##ID, T, T, 2, div_c_##ID(x, y))                                                \
    DEF_CLOOP(pow_##ID, T, T, 2, pow_c_##ID(x, y))                                                \
    DEF_CLOOP(eq_##ID, T, bool, 2, x.re == y.re && x.im == y.im)                                  \
    DEF_CLOOP(ne_##ID, T, bool, 2, x.re != y.re || x.im != y.im)                                  \
    DEF_CLOOP(land_##ID, T, bool, 2, (x.re != 0 || x.im != 0) && (y.re != 0 || y.im != 0))        \
    DEF_CLOOP(lor_##ID, T, bool, 2, (x.re != 0 || x.im != 0) || (y.re != 0 || y.im != 0))         \
    DEF_CLOOP(neg_##ID, T, T, 1, mk_##ID(-x.re, -x.im))                                           \
    DEF_CLOOP(abs_##ID, T, R, 1, hypot##SUF(x.re, x.im))                                          \
    DEF_CLOOP(lnot_##ID, T, bool, 1, x.re == 0 && x.im == 0)                                      \
    DEF_CLOOP(square_##ID, T, T, 1, mul_c_##ID(x, x))                                             \
    DEF_CLOOP(recip_##ID, T, T, 1, div_c_##ID(mk_##ID(1, 0), x))                                  \
    DEF_CLOOP(exp_##ID, T, T, 1, from_c_##ID(cexp##SUF(to_c_##ID(x))))                            \
    DEF_CLOOP(log_##ID, T, T, 1, from_c_##ID(clog##SUF(to_c_##ID(x))))                            \
    DEF_CLOOP(sqrt_##ID, T, T, 1, from_c_##ID(csqrt##SUF(to_c_##ID(x))))                          \
    DEF_CLOOP(rsqrt_##ID, T, T, 1, div_c_##ID(mk_##ID(1, 0), from_c_##ID(csqrt##SUF(to_c_##ID(x))))) \
    DEF_CLOOP(sin_##ID, T, T, 1, from_c_##ID(csin##SUF(to_c_##ID(x))))                            \
    DEF_CLOOP(cos_##ID, T, T, 1, from_c_##ID(ccos##SUF(to_c_##ID(x))))                            \
    DEF_CLOOP(tan_##ID, T, T, 1, from_c_##ID(ctan##SUF(to_c_##ID(x))))                            \
    DEF_CLOOP(tanh_##ID, T, T, 1, from_c_##ID(ctanh##SUF(to_c_##ID(x))))                          \
    DEF_CLOOP(sinh_##ID, T, T, 1, from_c_##ID(csinh##SUF(to_c_##ID(x))))                          \
    DEF_CLOOP(cosh_##ID, T, T, 1, from_c_##ID(ccosh##SUF(to_c_##ID(x))))                          \
    DEF_CLOOP(asin_##ID, T, T, 1, from_c_##ID(casin##SUF(to_c_##ID(x))))                          \
    DEF_CLOOP(acos_##ID, T, T, 1, from_c_##ID(cacos##SUF(to_c_##ID(x))))                          \
    DEF_CLOOP(atan_##ID, T, T, 1, from_c_##ID(catan##SUF(to_c_##ID(x))))                          \
    DEF_CLOOP(sigmoid_##ID, T, T, 1, sigmoid_c_##ID(x))
GEN_COMPLEX(C64, tc_complex64, float, f)
GEN_COMPLEX(C128, tc_complex128, double, )

/* Casts: real to complex has imaginary part 0; complex to real keeps the real part, to bool
 * tests both parts. */
#define GEN_CCAST(TI_ID, TI)                                                                      \
    DEF_CLOOP(cast_##TI_ID##_C64, TI, tc_complex64, 1, mk_C64((float)x, 0))                       \
    DEF_CLOOP(cast_##TI_ID##_C128, TI, tc_complex128, 1, mk_C128((double)x, 0))
NATIVE_TYPES(GEN_CCAST)
#define GEN_CCAST_FROM(TO_ID, TO)                                                                 \
    DEF_CLOOP(cast_C64_##TO_ID, tc_complex64, TO, 1, (TO)x.re)                                    \
    DEF_CLOOP(cast_C128_##TO_ID, tc_complex128, TO, 1, (TO)x.re)
INT_TYPES(GEN_CCAST_FROM)
FLOAT_TYPES(GEN_CCAST_FROM)
DEF_CLOOP(cast_C64_BOOL, tc_complex64, bool, 1, x.re != 0 || x.im != 0)
DEF_CLOOP(cast_C128_BOOL, tc_complex128, bool, 1, x.re != 0 || x.im != 0)
DEF_CLOOP(cast_C64_C64, tc_complex64, tc_complex64, 1, x)
DEF_CLOOP(cast_C128_C128, tc_complex128, tc_complex128, 1, x)
DEF_CLOOP(cast_C64_C128, tc_complex64, tc_complex128, 1, mk_C128(x.re, x.im))
DEF_CLOOP(cast_C128_C64, tc_complex128, tc_complex64, 1, mk_C64((float)x.re, (float)x.im))

#define CPLX_ROW(OPN) [TC_DTYPE_C64] = OPN##_C64, [TC_DTYPE_C128] = OPN##_C128,
#define ROW_ALL(ID, T) [TC_DTYPE_##ID] = OPFN(ID),
tc__loop_fn tc__binary_loops[TC_BINARY_OP_COUNT][TC_DTYPE_COUNT] = {
#define OPFN(ID) add_##ID
    [TC_OP_ADD] = {NATIVE_TYPES(ROW_ALL) CPLX_ROW(add)},
#undef OPFN
#define OPFN(ID) sub_##ID
    [TC_OP_SUB] = {NATIVE_TYPES(ROW_ALL) CPLX_ROW(sub)},
#undef OPFN
#define OPFN(ID) mul_##ID
    [TC_OP_MUL] = {NATIVE_TYPES(ROW_ALL) CPLX_ROW(mul)},
#undef OPFN
#define OPFN(ID) div_##ID
    [TC_OP_DIV] = {FLOAT_TYPES(ROW_ALL) CPLX_ROW(div)},
#undef OPFN
#define OPFN(ID) fdiv_##ID
    [TC_OP_FLOOR_DIV] = {INT_TYPES(ROW_ALL) FLOAT_TYPES(ROW_ALL)},
#undef OPFN
#define OPFN(ID) rem_##ID
    [TC_OP_REM] = {INT_TYPES(ROW_ALL) FLOAT_TYPES(ROW_ALL)},
#undef OPFN
#define OPFN(ID) pow_##ID
    [TC_OP_POW] = {INT_TYPES(ROW_ALL) [TC_DTYPE_F32] = tc__pow_f32_loop, [TC_DTYPE_F64] = tc__pow_f64_loop, CPLX_ROW(pow)},
#undef OPFN
#define OPFN(ID) atan2_##ID
    [TC_OP_ATAN2] = {[TC_DTYPE_F32] = tc__atan2_f32_loop, [TC_DTYPE_F64] = tc__atan2_f64_loop},
#undef OPFN
    [TC_OP_HYPOT] = {[TC_DTYPE_F32] = tc__hypot_f32_loop, [TC_DTYPE_F64] = tc__hypot_f64_loop},
#define OPFN(ID) fmod_##ID
    [TC_OP_FMOD] = {INT_TYPES(ROW_ALL) FLOAT_TYPES(ROW_ALL)},
#undef OPFN
#define OPFN(ID) max_##ID
    [TC_OP_MAXIMUM] = {NATIVE_TYPES(ROW_ALL)},
#undef OPFN
#define OPFN(ID) min_##ID
    [TC_OP_MINIMUM] = {NATIVE_TYPES(ROW_ALL)},
#undef OPFN
#define OPFN(ID) eq_##ID
    [TC_OP_EQ] = {NATIVE_TYPES(ROW_ALL) CPLX_ROW(eq)},
#undef OPFN
#define OPFN(ID) ne_##ID
    [TC_OP_NE] = {NATIVE_TYPES(ROW_ALL) CPLX_ROW(ne)},
#undef OPFN
#define OPFN(ID) lt_##ID
    [TC_OP_LT] = {NATIVE_TYPES(ROW_ALL)},
#undef OPFN
#define OPFN(ID) le_##ID
    [TC_OP_LE] = {NATIVE_TYPES(ROW_ALL)},
#undef OPFN
#define OPFN(ID) gt_##ID
    [TC_OP_GT] = {NATIVE_TYPES(ROW_ALL)},
#undef OPFN
#define OPFN(ID) ge_##ID
    [TC_OP_GE] = {NATIVE_TYPES(ROW_ALL)},
#undef OPFN
#define OPFN(ID) land_##ID
    [TC_OP_LOGICAL_AND] = {NATIVE_TYPES(ROW_ALL) CPLX_ROW(land)},
#undef OPFN
#define OPFN(ID) lor_##ID
    [TC_OP_LOGICAL_OR] = {NATIVE_TYPES(ROW_ALL) CPLX_ROW(lor)},
#undef OPFN
#define OPFN(ID) band_##ID
    [TC_OP_BITAND] = {ROW_ALL(BOOL, bool) INT_TYPES(ROW_ALL)},
#undef OPFN
#define OPFN(ID) bor_##ID
    [TC_OP_BITOR] = {ROW_ALL(BOOL, bool) INT_TYPES(ROW_ALL)},
#undef OPFN
#define OPFN(ID) bxor_##ID
    [TC_OP_BITXOR] = {ROW_ALL(BOOL, bool) INT_TYPES(ROW_ALL)},
#undef OPFN
};

/* ---- unary ------------------------------------------------------------------------------- */

#define DEF_UN(NAME, T, TO, EXPR)                                                  \
    __attribute__((target_clones("avx2", "default")))                             \
    static int NAME(char **p, const int64_t *s, int64_t n, const void *ex) {       \
        (void)ex;                                                                  \
        if (s[0] == sizeof(TO) && s[1] == sizeof(T)) {                             \
            TO *oo = (TO *)p[0];                                                   \
            const T *aa = (const T *)p[1];                                         \
            for (int64_t i = 0; i < n; i++) { T x = aa[i]; oo[i] = (TO)(EXPR); }   \
        } else {                                                                   \
            for (int64_t i = 0; i < n; i++) {                                      \
                T x = *(const T *)(p[1] + i * s[1]);                               \
                *(TO *)(p[0] + i * s[0]) = (TO)(EXPR);                             \
            }                                                                      \
        }                                                                          \
        return 0;                                                                  \
    }

#define GEN_UN_ALL(ID, T)                                  \
    DEF_UN(neg_##ID, T, T, -x)                             \
    DEF_UN(abs_##ID, T, T, x < 0 ? -x : x == 0 ? (T)0 : x) /* -0.0 gives +0.0 as fabs */ \
    DEF_UN(relu_##ID, T, T, x < 0 ? (T)0 : x) /* clamp_min: NaN and -0.0 stay */ \
    DEF_UN(ident_##ID, T, T, x)                            \
    DEF_UN(sign_##ID, T, T, (x > 0) - (x < 0))             \
    DEF_UN(square_##ID, T, T, x * x)                       \
    DEF_UN(lnot_##ID, T, bool, x == 0)
NATIVE_TYPES(GEN_UN_ALL)
/* not of bools as the bytes 0 and 1, which vectorises (a C bool load does not) */
DEF_UN(lnot_BOOL_bytes, uint8_t, uint8_t, x ^ 1)

#define GEN_UN_F(ID, T, SUF)                                      \
    DEF_UN(exp_##ID, T, T, exp##SUF(x))                           \
    DEF_UN(log_##ID, T, T, log##SUF(x))                           \
    DEF_UN(sqrt_##ID, T, T, sqrt##SUF(x))                         \
    DEF_UN(sigmoid_##ID, T, T, (T)1 / ((T)1 + exp##SUF(-x)))      \
    DEF_UN(tanh_##ID, T, T, tanh##SUF(x))                         \
    DEF_UN(sin_##ID, T, T, sin##SUF(x))                           \
    DEF_UN(cos_##ID, T, T, cos##SUF(x))                           \
    DEF_UN(floor_##ID, T, T, floor##SUF(x))                       \
    DEF_UN(ceil_##ID, T, T, ceil##SUF(x))                         \
    DEF_UN(round_##ID, T, T, nearbyint##SUF(x))                   \
    DEF_UN(rsqrt_##ID, T, T, (T)1 / sqrt##SUF(x))                 \
    DEF_UN(log2_##ID, T, T, log2##SUF(x))                         \
    DEF_UN(log10_##ID, T, T, log10##SUF(x))                       \
    DEF_UN(recip_##ID, T, T, (T)1 / x)                            \
    DEF_UN(fsign_##ID, T, T, (T)((x > 0) - (x < 0))) /* NaN -> 0, as PyTorch */ \
    DEF_UN(asin_##ID, T, T, asin##SUF(x))                         \
    DEF_UN(acos_##ID, T, T, acos##SUF(x))                         \
    DEF_UN(atan_##ID, T, T, atan##SUF(x))                         \
    DEF_UN(sinh_##ID, T, T, sinh##SUF(x))                         \
    DEF_UN(cosh_##ID, T, T, cosh##SUF(x))                         \
    DEF_UN(tan_##ID, T, T, tan##SUF(x))                           \
    DEF_UN(log1p_##ID, T, T, log1p##SUF(x))                       \
    DEF_UN(expm1_##ID, T, T, expm1##SUF(x))                       \
    DEF_UN(erf_##ID, T, T, erf##SUF(x))                           \
    DEF_UN(erfc_##ID, T, T, erfc##SUF(x))                         \
    DEF_UN(erfinv_##ID, T, T, (T)erfinv_d(x))                     \
    DEF_UN(asinh_##ID, T, T, asinh##SUF(x))                       \
    DEF_UN(acosh_##ID, T, T, acosh##SUF(x))                       \
    DEF_UN(lgamma_##ID, T, T, lgamma##SUF(x))                     \
    DEF_UN(digamma_##ID, T, T, tc__digamma_##ID(x))

/* erfinv where MKL (cpu-mkl.c), PyTorch's, is absent: Giles' single-precision approximation
 * refined by two Newton steps on erf in double. */
static double erfinv_d(double x) {
    if (!(x > -1 && x < 1)) return x == 1 ? INFINITY : x == -1 ? -INFINITY : NAN;
    double w = -log((1.0 - x) * (1.0 + x)), p;
    if (w < 5.0) {
        w -= 2.5;
        p = 2.81022636e-08;
        p = fma(p, w, 3.43273939e-07); p = fma(p, w, -3.5233877e-06);
        p = fma(p, w, -4.39150654e-06); p = fma(p, w, 0.00021858087);
        p = fma(p, w, -0.00125372503); p = fma(p, w, -0.00417768164);
        p = fma(p, w, 0.246640727); p = fma(p, w, 1.50140941);
    } else {
        w = sqrt(w) - 3.0;
        p = -0.000200214257;
        p = fma(p, w, 0.000100950558); p = fma(p, w, 0.00134934322);
        p = fma(p, w, -0.00367342844); p = fma(p, w, 0.00573950773);
        p = fma(p, w, -0.0076224613); p = fma(p, w, 0.00943887047);
        p = fma(p, w, 1.00167406); p = fma(p, w, 2.83297682);
    }
    double y = p * x;
    for (int i = 0; i < 2; i++) y -= (erf(y) - x) / (1.1283791670955126 * exp(-y * y));
    return y;
}

GEN_UN_F(F32, float, f)

GEN_UN_F(F64, double, )

#define U_ROW(ID, T) [TC_DTYPE_##ID] = OPFN(ID),
tc__loop_fn tc__unary_loops[TC_UNARY_OP_COUNT][TC_DTYPE_COUNT] = {
#define OPFN(ID) neg_##ID
    [TC_UOP_NEG] = {NATIVE_TYPES(U_ROW) CPLX_ROW(neg)},
#undef OPFN
#define OPFN(ID) abs_##ID
    [TC_UOP_ABS] = {NATIVE_TYPES(U_ROW) CPLX_ROW(abs)},
#undef OPFN
#define OPFN(ID) relu_##ID
    [TC_UOP_RELU] = {NATIVE_TYPES(U_ROW)},
#undef OPFN
#define OPFN(ID) lnot_##ID
    [TC_UOP_LOGICAL_NOT] = {[TC_DTYPE_BOOL] = lnot_BOOL_bytes, INT_TYPES(U_ROW) FLOAT_TYPES(U_ROW) CPLX_ROW(lnot)},
#undef OPFN
#define OPFN(ID) square_##ID
    [TC_UOP_SQUARE] = {NATIVE_TYPES(U_ROW) CPLX_ROW(square)},
#undef OPFN
#define OPFN(ID) sign_##ID
    [TC_UOP_SIGN] = {INT_TYPES(U_ROW) [TC_DTYPE_BOOL] = ident_BOOL, [TC_DTYPE_F32] = fsign_F32, [TC_DTYPE_F64] = fsign_F64},
#undef OPFN
#define OPFN(ID) floor_##ID
    [TC_UOP_FLOOR] = {[TC_DTYPE_U8] = ident_U8, [TC_DTYPE_I8] = ident_I8, [TC_DTYPE_I16] = ident_I16, [TC_DTYPE_I32] = ident_I32, [TC_DTYPE_I64] = ident_I64, FLOAT_TYPES(U_ROW)},
#undef OPFN
#define OPFN(ID) ceil_##ID
    [TC_UOP_CEIL] = {[TC_DTYPE_U8] = ident_U8, [TC_DTYPE_I8] = ident_I8, [TC_DTYPE_I16] = ident_I16, [TC_DTYPE_I32] = ident_I32, [TC_DTYPE_I64] = ident_I64, FLOAT_TYPES(U_ROW)},
#undef OPFN
#define OPFN(ID) round_##ID
    [TC_UOP_ROUND] = {[TC_DTYPE_U8] = ident_U8, [TC_DTYPE_I8] = ident_I8, [TC_DTYPE_I16] = ident_I16, [TC_DTYPE_I32] = ident_I32, [TC_DTYPE_I64] = ident_I64, FLOAT_TYPES(U_ROW)},
#undef OPFN
    [TC_UOP_EXP] = {[TC_DTYPE_F32] = tc__exp_f32_loop, [TC_DTYPE_F64] = exp_F64, CPLX_ROW(exp)},
#define OPFN(ID) log_##ID
    [TC_UOP_LOG] = {[TC_DTYPE_F32] = tc__log_f32_loop, [TC_DTYPE_F64] = log_F64, CPLX_ROW(log)},
#undef OPFN
#define OPFN(ID) sqrt_##ID
    [TC_UOP_SQRT] = {[TC_DTYPE_F32] = tc__sqrt_f32_loop, [TC_DTYPE_F64] = tc__sqrt_f64_loop, CPLX_ROW(sqrt)},
#undef OPFN
    [TC_UOP_SIGMOID] = {[TC_DTYPE_F32] = tc__sigmoid_f32_loop, [TC_DTYPE_F64] = tc__sigmoid_f64_loop, CPLX_ROW(sigmoid)},
    [TC_UOP_TANH] = {[TC_DTYPE_F32] = tc__tanh_f32_loop, [TC_DTYPE_F64] = tc__tanh_f64_loop, CPLX_ROW(tanh)},
    [TC_UOP_SIN] = {[TC_DTYPE_F32] = tc__sin_f32_loop, [TC_DTYPE_F64] = sin_F64, CPLX_ROW(sin)},
    [TC_UOP_COS] = {[TC_DTYPE_F32] = tc__cos_f32_loop, [TC_DTYPE_F64] = cos_F64, CPLX_ROW(cos)},
#define OPFN(ID) rsqrt_##ID
    [TC_UOP_RSQRT] = {[TC_DTYPE_F32] = tc__rsqrt_f32_loop, [TC_DTYPE_F64] = tc__rsqrt_f64_loop, CPLX_ROW(rsqrt)},
#undef OPFN
#define OPFN(ID) log2_##ID
    [TC_UOP_LOG2] = {[TC_DTYPE_F32] = tc__log2_f32_loop, [TC_DTYPE_F64] = log2_F64, CPLX_ROW(log2)},
#undef OPFN
#define OPFN(ID) log10_##ID
    [TC_UOP_LOG10] = {[TC_DTYPE_F32] = tc__log10_f32_loop, [TC_DTYPE_F64] = tc__log10_f64_loop, CPLX_ROW(log10)},
#undef OPFN
#define OPFN(ID) recip_##ID
    [TC_UOP_RECIPROCAL] = {FLOAT_TYPES(U_ROW) CPLX_ROW(recip)},
#undef OPFN
#define OPFN(ID) asin_##ID
    [TC_UOP_ASIN] = {FLOAT_TYPES(U_ROW) CPLX_ROW(asin)},
#undef OPFN
#define OPFN(ID) acos_##ID
    [TC_UOP_ACOS] = {FLOAT_TYPES(U_ROW) CPLX_ROW(acos)},
#undef OPFN
#define OPFN(ID) atan_##ID
    [TC_UOP_ATAN] = {FLOAT_TYPES(U_ROW) CPLX_ROW(atan)},
#undef OPFN
#define OPFN(ID) sinh_##ID
    [TC_UOP_SINH] = {[TC_DTYPE_F32] = sinh_F32, [TC_DTYPE_F64] = tc__sinh_f64_loop, CPLX_ROW(sinh)},
#undef OPFN
#define OPFN(ID) cosh_##ID
    [TC_UOP_COSH] = {[TC_DTYPE_F32] = cosh_F32, [TC_DTYPE_F64] = tc__cosh_f64_loop, CPLX_ROW(cosh)},
#undef OPFN
#define OPFN(ID) tan_##ID
    [TC_UOP_TAN] = {FLOAT_TYPES(U_ROW) CPLX_ROW(tan)},
#undef OPFN
#define OPFN(ID) log1p_##ID
    [TC_UOP_LOG1P] = {[TC_DTYPE_F32] = tc__log1p_f32_loop, [TC_DTYPE_F64] = tc__log1p_f64_loop, CPLX_ROW(log1p)},
#undef OPFN
#define OPFN(ID) expm1_##ID
    [TC_UOP_EXPM1] = {[TC_DTYPE_F32] = tc__expm1_f32_loop, [TC_DTYPE_F64] = tc__expm1_f64_loop, CPLX_ROW(expm1)},
#undef OPFN
#define OPFN(ID) erf_##ID
    [TC_UOP_ERF] = {FLOAT_TYPES(U_ROW)},
#undef OPFN
#define OPFN(ID) erfc_##ID
    [TC_UOP_ERFC] = {FLOAT_TYPES(U_ROW)},
#undef OPFN
#define OPFN(ID) erfinv_##ID
    [TC_UOP_ERFINV] = {FLOAT_TYPES(U_ROW)},
#undef OPFN
#define OPFN(ID) asinh_##ID
    [TC_UOP_ASINH] = {FLOAT_TYPES(U_ROW)},
#undef OPFN
#define OPFN(ID) acosh_##ID
    [TC_UOP_ACOSH] = {FLOAT_TYPES(U_ROW)},
#undef OPFN
    [TC_UOP_ATANH] = {[TC_DTYPE_F32] = tc__atanh_f32_loop, [TC_DTYPE_F64] = tc__atanh_f64_loop},
    [TC_UOP_EXP2] = {[TC_DTYPE_F32] = tc__exp2_f32_loop, [TC_DTYPE_F64] = tc__exp2_f64_loop},
#define OPFN(ID) lgamma_##ID
    [TC_UOP_LGAMMA] = {FLOAT_TYPES(U_ROW)},
#undef OPFN
#define OPFN(ID) digamma_##ID
    [TC_UOP_DIGAMMA] = {FLOAT_TYPES(U_ROW)},
#undef OPFN
    [TC_UOP_SILU] = {[TC_DTYPE_F32] = tc__silu_f32_loop, [TC_DTYPE_F64] = tc__silu_f64_loop},
    [TC_UOP_GELU] = {[TC_DTYPE_F32] = tc__gelu_f32_loop, [TC_DTYPE_F64] = tc__gelu_f64_loop},
    [TC_UOP_GELU_TANH] = {[TC_DTYPE_F32] = tc__gelu_tanh_f32_loop, [TC_DTYPE_F64] = tc__gelu_tanh_f64_loop},
    [TC_UOP_SOFTPLUS] = {[TC_DTYPE_F32] = tc__softplus_f32_loop, [TC_DTYPE_F64] = tc__softplus_f64_loop},
    [TC_UOP_ELU] = {[TC_DTYPE_F32] = tc__elu_f32_loop, [TC_DTYPE_F64] = tc__elu_f64_loop},
    [TC_UOP_SELU] = {[TC_DTYPE_F32] = tc__selu_f32_loop, [TC_DTYPE_F64] = tc__selu_f64_loop},
    [TC_UOP_MISH] = {[TC_DTYPE_F32] = tc__mish_f32_loop, [TC_DTYPE_F64] = tc__mish_f64_loop},
    [TC_UOP_LOG_SIGMOID] = {[TC_DTYPE_F32] = tc__log_sigmoid_f32_loop, [TC_DTYPE_F64] = tc__log_sigmoid_f64_loop},
};

/* ---- casts ------------------------------------------------------------------------------- */

#define NATIVE_TYPES_B(X) \
    X(BOOL, bool) X(U8, uint8_t) X(I8, int8_t) X(I16, int16_t) X(I32, int32_t) \
    X(I64, int64_t) X(F32, float) X(F64, double)

#define GEN_CAST_TO(TI_ID, TI) NATIVE_TYPES_B(GEN_CAST_ONE_##TI_ID)
#define DEF_CAST(TO_ID, TO, TI_ID, TI) DEF_UN(cast_##TI_ID##_##TO_ID, TI, TO, x)
/* from bool: loaded as the bytes 0 and 1, which vectorises */
#define GEN_CAST_ONE_BOOL(TO_ID, TO) DEF_CAST(TO_ID, TO, BOOL, uint8_t)
#define GEN_CAST_ONE_U8(TO_ID, TO) DEF_CAST(TO_ID, TO, U8, uint8_t)
#define GEN_CAST_ONE_I8(TO_ID, TO) DEF_CAST(TO_ID, TO, I8, int8_t)
#define GEN_CAST_ONE_I16(TO_ID, TO) DEF_CAST(TO_ID, TO, I16, int16_t)
#define GEN_CAST_ONE_I32(TO_ID, TO) DEF_CAST(TO_ID, TO, I32, int32_t)
#define GEN_CAST_ONE_I64(TO_ID, TO) DEF_CAST(TO_ID, TO, I64, int64_t)
#define GEN_CAST_ONE_F32(TO_ID, TO) DEF_CAST(TO_ID, TO, F32, float)
#define GEN_CAST_ONE_F64(TO_ID, TO) DEF_CAST(TO_ID, TO, F64, double)
NATIVE_TYPES(GEN_CAST_TO)

#define CAST_CELL_BOOL(TO_ID, TO) [TC_DTYPE_##TO_ID] = cast_BOOL_##TO_ID,
#define CAST_CELL_U8(TO_ID, TO) [TC_DTYPE_##TO_ID] = cast_U8_##TO_ID,
#define CAST_CELL_I8(TO_ID, TO) [TC_DTYPE_##TO_ID] = cast_I8_##TO_ID,
#define CAST_CELL_I16(TO_ID, TO) [TC_DTYPE_##TO_ID] = cast_I16_##TO_ID,
#define CAST_CELL_I32(TO_ID, TO) [TC_DTYPE_##TO_ID] = cast_I32_##TO_ID,
#define CAST_CELL_I64(TO_ID, TO) [TC_DTYPE_##TO_ID] = cast_I64_##TO_ID,
#define CAST_CELL_F32(TO_ID, TO) [TC_DTYPE_##TO_ID] = cast_F32_##TO_ID,
#define CAST_CELL_F64(TO_ID, TO) [TC_DTYPE_##TO_ID] = cast_F64_##TO_ID,
#define CAST_ROW(TI_ID, TI) \
    [TC_DTYPE_##TI_ID] = {NATIVE_TYPES_B(CAST_CELL_##TI_ID) [TC_DTYPE_C64] = cast_##TI_ID##_C64, \
                          [TC_DTYPE_C128] = cast_##TI_ID##_C128},
#define CCAST_ROW(CX) \
    [TC_DTYPE_##CX] = {[TC_DTYPE_BOOL] = cast_##CX##_BOOL, [TC_DTYPE_U8] = cast_##CX##_U8,            \
                       [TC_DTYPE_I8] = cast_##CX##_I8, [TC_DTYPE_I16] = cast_##CX##_I16,                 \
                       [TC_DTYPE_I32] = cast_##CX##_I32, [TC_DTYPE_I64] = cast_##CX##_I64,               \
                       [TC_DTYPE_F32] = cast_##CX##_F32, [TC_DTYPE_F64] = cast_##CX##_F64,               \
                       [TC_DTYPE_C64] = cast_##CX##_C64, [TC_DTYPE_C128] = cast_##CX##_C128},
/* [from][to] */
tc__loop_fn tc__cast_loops[TC_DTYPE_COUNT][TC_DTYPE_COUNT] = {NATIVE_TYPES(CAST_ROW) CCAST_ROW(C64) CCAST_ROW(C128)};


/* lerp(a, b, w) as PyTorch's CPU kernels compute it, vectorised and scalar alike: a fused
 * multiply-add from the nearer end, w (b - a) + a for |w| < 1/2, else (w - 1) (b - a) + b,
 * in the element type. Operands: out, a, b, w (w often one element broadcast). The unit-stride
 * runs have an AVX2+FMA form (picked at run time), where fma is one instruction. */
#define LERP_ONE(T, FMA, ABS, a, b, w)                                                       \
    FMA(ABS(w) < (T)0.5 ? (w) : (w) - (T)1, (b) - (a), ABS(w) < (T)0.5 ? (a) : (b))
#define LERP_RUN(T, FMA, ABS)                                                                \
    do {                                                                                     \
        if (sw)                                                                              \
            for (int64_t i = 0; i < n; i++) o[i] = LERP_ONE(T, FMA, ABS, a[i], b[i], w[i]);  \
        else if (ABS(w[0]) < (T)0.5)                                                         \
            for (int64_t i = 0; i < n; i++) o[i] = FMA(w[0], b[i] - a[i], a[i]);             \
        else                                                                                 \
            for (int64_t i = 0; i < n; i++) o[i] = FMA(w[0] - (T)1, b[i] - a[i], b[i]);      \
    } while (0)
/* The weight per element: the compiler does not vectorise the choice, so the lanes are
 * written out (PyTorch's lerp_vec: blends, then one fused multiply-add). */
#define LERP_LANES(T, SUF, V, VS, L)                                                         \
    __attribute__((target("avx2,fma"))) static int64_t lerp_lanes_##SUF(                    \
        T *restrict o, const T *restrict a, const T *restrict b, const T *restrict w, int64_t n) { \
        const V half = _mm256_set1_##VS((T)0.5), one = _mm256_set1_##VS((T)1),                \
                sign = _mm256_set1_##VS((T)-0.0);                                            \
        int64_t i = 0;                                                                       \
        for (; i + L <= n; i += L) {                                                         \
            V va = _mm256_loadu_##VS(a + i), vb = _mm256_loadu_##VS(b + i), vw = _mm256_loadu_##VS(w + i); \
            V small = _mm256_cmp_##VS(_mm256_andnot_##VS(sign, vw), half, _CMP_LT_OQ);       \
            V c = _mm256_blendv_##VS(_mm256_sub_##VS(vw, one), vw, small);                  \
            V base = _mm256_blendv_##VS(vb, va, small);                                      \
            _mm256_storeu_##VS(o + i, _mm256_fmadd_##VS(c, _mm256_sub_##VS(vb, va), base));  \
        }                                                                                    \
        return i;                                                                            \
    }
#if defined(__x86_64__)
#define DEF_LERP_AVX2(T, SUF, FMA, ABS)                                                      \
    __attribute__((target("avx2,fma"))) static bool lerp_run_##SUF##_avx2(                  \
        T *restrict o, const T *restrict a, const T *restrict b, const T *restrict w,       \
        int64_t sw, int64_t n) {                                                             \
        if (!have_avx2_fma()) return false;                                                  \
        if (sw) {                                                                            \
            int64_t i = lerp_lanes_##SUF(o, a, b, w, n);                                     \
            for (; i < n; i++) o[i] = LERP_ONE(T, FMA, ABS, a[i], b[i], w[i]);               \
            return true;                                                                     \
        }                                                                                    \
        LERP_RUN(T, FMA, ABS);                                                               \
        return true;                                                                         \
    }
#else
#define DEF_LERP_AVX2(T, SUF, FMA, ABS)                                                      \
    static bool lerp_run_##SUF##_avx2(T *o, const T *a, const T *b, const T *w, int64_t sw, \
                                      int64_t n) {                                           \
        (void)o, (void)a, (void)b, (void)w, (void)sw, (void)n;                               \
        return false;                                                                        \
    }
#undef LERP_LANES
#define LERP_LANES(T, SUF, V, VS, L)
#endif
#define DEF_LERP(T, SUF, FMA, ABS)                                                           \
    DEF_LERP_AVX2(T, SUF, FMA, ABS)                                                          \
    static void lerp_run_##SUF(T *restrict o, const T *restrict a, const T *restrict b,      \
                               const T *restrict w, int64_t sw, int64_t n) {                 \
        LERP_RUN(T, FMA, ABS);                                                               \
    }                                                                                        \
    int tc__lerp_##SUF##_loop(char **p, const int64_t *s, int64_t n, const void *extra) {    \
        (void)extra;                                                                         \
        const int64_t es = (int64_t)sizeof(T);                                               \
        T *o = (T *)p[0];                                                                    \
        const T *a = (const T *)p[1], *b = (const T *)p[2], *w = (const T *)p[3];            \
        int64_t nw = s[3] ? n : 1;                                                           \
        bool apart = (o + n <= a || a + n <= o) && (o + n <= b || b + n <= o) &&              \
                     (o + n <= w || w + nw <= o);                                            \
        if (s[0] == es && s[1] == es && s[2] == es && (s[3] == es || s[3] == 0) && apart) {  \
            if (!lerp_run_##SUF##_avx2(o, a, b, w, s[3], n)) lerp_run_##SUF(o, a, b, w, s[3], n); \
            return 0;                                                                        \
        }                                                                                    \
        for (int64_t i = 0; i < n; i++) {                                                    \
            T x = *(const T *)(p[1] + i * s[1]), y = *(const T *)(p[2] + i * s[2]);          \
            T v = *(const T *)(p[3] + i * s[3]);                                             \
            *(T *)(p[0] + i * s[0]) = LERP_ONE(T, FMA, ABS, x, y, v);                        \
        }                                                                                    \
        return 0;                                                                            \
    }

static bool have_avx2_fma(void) { return tc__cpu_isa() >= 1; }

LERP_LANES(float, f32, __m256, ps, 8)
LERP_LANES(double, f64, __m256d, pd, 4)
DEF_LERP(float, f32, fmaf, fabsf)
DEF_LERP(double, f64, fma, fabs)
#undef DEF_LERP
#undef LERP_RUN
#undef LERP_LANES
#undef DEF_LERP_AVX2
#undef LERP_ONE
