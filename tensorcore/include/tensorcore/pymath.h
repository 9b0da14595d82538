/*
 * Python's scalar arithmetic rules, written once for the CPU loops (tensorcore/src/cpu-loops.c)
 * and the CUDA kernels (gpu/cuda/kernels.cu): floor division and modulo whose result takes
 * the divisor's sign, and integer power. Every function is static inline, and host+device
 * under nvcc, so both backends compile the same text and cannot drift apart.
 *
 * Integer division by zero is the caller's to refuse (ZeroDivisionError) before calling.
 */
#ifndef TENSORCORE_PYMATH_H
#define TENSORCORE_PYMATH_H

#include <math.h>
#include <stdint.h>

#ifdef __CUDACC__
#define TC_PYMATH_FN static inline __host__ __device__
#else
#define TC_PYMATH_FN static inline
#endif

/* a // b for floats as Python and PyTorch compute it (b == 0 gives a / b: +-inf or nan). */
TC_PYMATH_FN double tc_py_fdiv(double a, double b) {
    if (b == 0) return a / b;
    double mod = fmod(a, b), div = (a - mod) / b;
    if (mod != 0 && ((b < 0) != (mod < 0))) div -= 1.0;
    double fl;
    if (div != 0) {
        fl = floor(div);
        if (div - fl > 0.5) fl += 1.0;
    } else {
        fl = copysign(0.0, a / b);
    }
    return fl;
}

/* a % b for floats: the sign of b, and a zero result is 0.0 with b's sign as Python and
 * NumPy give it (PyTorch keeps a's sign there; both libraries share this loop); nan for
 * b == 0. */
TC_PYMATH_FN double tc_py_fmod(double a, double b) {
    if (b == 0) return NAN;
    double m = fmod(a, b);
    if (m != 0) {
        if ((b < 0) != (m < 0)) m += b;
    } else {
        m = copysign(0.0, b);
    }
    return m;
}

/* x // y and x % y for integers (y != 0), rounding toward negative infinity. x // -1 wraps
 * (INT_MIN // -1 == INT_MIN) instead of trapping. The 32-bit pair serves every dtype up to
 * int32 (uint8 included: its values are non-negative there, so 255 is never -1); the
 * result cast back to the dtype is PyTorch's. */
#define TC__PY_IDIV(SUF, T, UT)                                                               \
    TC_PYMATH_FN T tc_py_ifloordiv_##SUF(T x, T y) {                                          \
        if (y == -1) return (T)(0 - (UT)x);                                                   \
        T q = x / y;                                                                          \
        if ((x % y != 0) && ((x < 0) != (y < 0))) q--;                                        \
        return q;                                                                             \
    }                                                                                         \
    TC_PYMATH_FN T tc_py_imod_##SUF(T x, T y) {                                               \
        if (y == -1) return 0;                                                                \
        T r = x % y;                                                                          \
        if (r != 0 && ((r < 0) != (y < 0))) r += y;                                           \
        return r;                                                                             \
    }
TC__PY_IDIV(i32, int32_t, uint32_t)
TC__PY_IDIV(i64, int64_t, uint64_t)
#undef TC__PY_IDIV

/* base ** e for integers with wrap-around; a negative e gives 0 except for bases 1 and -1
 * (PyTorch's integer pow). */
TC_PYMATH_FN int64_t tc_py_ipow(int64_t base, int64_t e) {
    if (e < 0) return base == 1 ? 1 : base == -1 ? ((e & 1) ? -1 : 1) : 0;
    uint64_t r = 1, b = (uint64_t)base;
    while (e) {
        if (e & 1) r *= b;
        b *= b;
        e >>= 1;
    }
    return (int64_t)r;
}

#endif
