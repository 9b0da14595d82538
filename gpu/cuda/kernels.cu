/*
 * CUDA kernels of the backend, with the CPU backend's semantics (tensorcore/src/cpu-*.c is
 * the reference): elementwise binary/unary ops, casts, fill, where, clamp, reductions over
 * any set of dims, and matmul (cuBLAS when the library can be loaded, else a plain kernel).
 *
 * Operands are strided views of one iteration shape. The host merges dims that are
 * contiguous in every operand, so contiguous tensors run a flat loop; the rest decode
 * each linear index through the shape. To keep nvcc fast, binary and unary ops are
 * templated on the input dtype only (the op is a runtime switch, uniform across a warp);
 * casts, clamp, reductions and the fallback matmul read and write through runtime dtype
 * switches.
 */
#include <dlfcn.h>
#include <math.h>
#include <string.h>

#include <cublas_v2.h>

#include "cuda-common.cuh"
#include "tensorcore/pymath.h"

#pragma nv_diag_suppress 186 /* pointless comparison of unsigned integer with zero */

namespace {

const int kThreads = 256;

/* ---- iteration geometry --------------------------------------------------------------- */

struct Geo {
    int ndim;
    int64_t shape[GPU_CU_MAX_DIMS];
    int64_t st[4][GPU_CU_MAX_DIMS]; /* element strides per operand */
};

/* Iteration over v[0]'s shape for nops views: size-1 dims dropped, dims contiguous in
 * every operand merged. Returns the element count. */
int64_t geo_build(Geo &g, const gpu_cu_view *const *v, int nops) {
    int64_t n = 1;
    g.ndim = 0;
    for (int d = 0; d < v[0]->ndim; d++) {
        int64_t s = v[0]->shape[d];
        n *= s;
        if (s == 1) continue;
        int k = g.ndim;
        bool merge = k > 0;
        for (int o = 0; o < nops && merge; o++)
            merge = g.st[o][k - 1] == v[o]->strides[d] * s;
        if (merge) {
            g.shape[k - 1] *= s;
            for (int o = 0; o < nops; o++)
                g.st[o][k - 1] = v[o]->strides[d];
        } else {
            g.shape[k] = s;
            for (int o = 0; o < nops; o++)
                g.st[o][k] = v[o]->strides[d];
            g.ndim++;
        }
    }
    if (g.ndim == 0) {
        g.ndim = 1;
        g.shape[0] = 1;
        for (int o = 0; o < nops; o++)
            g.st[o][0] = 0;
    }
    return n;
}

template <int N>
__device__ __forceinline__ void geo_offsets(const Geo &g, int64_t i, int64_t *off) {
#pragma unroll
    for (int k = 0; k < N; k++)
        off[k] = 0;
    if (g.ndim == 1) {
#pragma unroll
        for (int k = 0; k < N; k++)
            off[k] = i * g.st[k][0];
        return;
    }
    for (int d = g.ndim - 1; d >= 0; d--) {
        int64_t s = g.shape[d], idx = i % s;
        i /= s;
#pragma unroll
        for (int k = 0; k < N; k++)
            off[k] += idx * g.st[k][d];
    }
}

unsigned grid_for(int64_t n) {
    int64_t b = (n + kThreads - 1) / kThreads;
    if (b > 65536) b = 65536; /* grid-stride beyond this */
    return (unsigned)(b > 0 ? b : 1);
}

size_t dt_size(int dt) {
    return tc_dtype_size((tc_dtype)dt);
}

/* ---- runtime dtype loads ----------------------------------------------------------------- */

__device__ __forceinline__ double load_f64(const void *p, int dt) {
    switch (dt) {
    case TC_DTYPE_BOOL:
        return *(const bool *)p ? 1.0 : 0.0;
    case TC_DTYPE_U8:
        return *(const uint8_t *)p;
    case TC_DTYPE_I8:
        return *(const int8_t *)p;
    case TC_DTYPE_I16:
        return *(const int16_t *)p;
    case TC_DTYPE_I32:
        return *(const int32_t *)p;
    case TC_DTYPE_I64:
        return (double)*(const int64_t *)p;
    case TC_DTYPE_F16:
        return Ty<gpu_half>::ld((const gpu_half *)p);
    case TC_DTYPE_BF16:
        return Ty<gpu_bhalf>::ld((const gpu_bhalf *)p);
    case TC_DTYPE_F32:
        return *(const float *)p;
    default:
        return *(const double *)p;
    }
}

__device__ __forceinline__ int64_t load_i64(const void *p, int dt) {
    switch (dt) {
    case TC_DTYPE_BOOL:
        return *(const bool *)p;
    case TC_DTYPE_U8:
        return *(const uint8_t *)p;
    case TC_DTYPE_I8:
        return *(const int8_t *)p;
    case TC_DTYPE_I16:
        return *(const int16_t *)p;
    case TC_DTYPE_I32:
        return *(const int32_t *)p;
    case TC_DTYPE_I64:
        return *(const int64_t *)p;
    default:
        return to_i64(load_f64(p, dt));
    }
}

__device__ __forceinline__ bool is_float_dt(int dt) {
    return dt == TC_DTYPE_F16 || dt == TC_DTYPE_BF16 || dt == TC_DTYPE_F32 || dt == TC_DTYPE_F64;
}

/* Copy one element of the given size. */
__device__ __forceinline__ void copy_elem(void *d, const void *s, int es) {
    switch (es) {
    case 1:
        *(uint8_t *)d = *(const uint8_t *)s;
        break;
    case 2:
        *(uint16_t *)d = *(const uint16_t *)s;
        break;
    case 4:
        *(uint32_t *)d = *(const uint32_t *)s;
        break;
    default:
        *(uint64_t *)d = *(const uint64_t *)s;
        break;
    }
}

/* ---- math in the compute type ------------------------------------------------------------ */

#define MATH1(name, fname)                                                                         \
    __device__ __forceinline__ float m_##name(float x) {                                           \
        return fname##f(x);                                                                        \
    }                                                                                              \
    __device__ __forceinline__ double m_##name(double x) {                                         \
        return fname(x);                                                                           \
    }
MATH1(exp, exp)
MATH1(log, log) MATH1(sqrt, sqrt) MATH1(tanh, tanh) MATH1(sin, sin) MATH1(cos, cos)
    MATH1(floor, floor) MATH1(ceil, ceil) MATH1(rint, rint) MATH1(log2, log2)
        MATH1(log10, log10) MATH1(asin, asin) MATH1(acos, acos) MATH1(atan, atan)
            MATH1(sinh, sinh) MATH1(cosh, cosh) MATH1(tan, tan) MATH1(log1p, log1p)
                MATH1(expm1, expm1) MATH1(erf, erf) MATH1(erfc, erfc) MATH1(erfinv, erfinv)
                    MATH1(asinh, asinh) MATH1(acosh, acosh) MATH1(atanh, atanh)
                        MATH1(exp2, exp2) MATH1(lgamma, lgamma) __device__ __forceinline__ float m_pow(float x, float y) {
    return powf(x, y);
}
__device__ __forceinline__ double m_pow(double x, double y) {
    return pow(x, y);
}

/* Python's // and % and integer ** come from tensorcore/pymath.h, shared with the CPU
 * loops. Integer // and %: 64-bit for int64, 32-bit for the narrower dtypes, as there. */
template <typename C> __device__ __forceinline__ C py_ifloordiv(C x, C y) {
    if constexpr (sizeof(C) == 8)
        return (C)tc_py_ifloordiv_i64((int64_t)x, (int64_t)y);
    else
        return (C)tc_py_ifloordiv_i32((int32_t)x, (int32_t)y);
}
template <typename C> __device__ __forceinline__ C py_imod(C x, C y) {
    if constexpr (sizeof(C) == 8)
        return (C)tc_py_imod_i64((int64_t)x, (int64_t)y);
    else
        return (C)tc_py_imod_i32((int32_t)x, (int32_t)y);
}

/* ---- binary ---------------------------------------------------------------------------- */

/* One function per TC_BINARY_OP_LIST row, bin_<ID>(x, y, o, odt, zflag); bin_apply's switch
 * is generated from the list, so an op added there without its function here does not
 * compile (and no op falls into another's default). C is the computation type. */
#define BIN_FN(id)                                                                            \
    template <typename C>                                                                     \
    __device__ __forceinline__ void bin_##id(C x, C y, void *o, int odt, int *zflag)
#define ISF (std::is_floating_point<C>::value)

BIN_FN(ADD) { store_any(o, odt, (C)(x + y)); }
BIN_FN(SUB) { store_any(o, odt, (C)(x - y)); }
BIN_FN(MUL) { store_any(o, odt, (C)(x * y)); }
BIN_FN(DIV) {
    if constexpr (ISF)
        store_any(o, odt, x / y);
    else
        store_any(o, odt, (double)x / (double)y);
}
BIN_FN(FLOOR_DIV) {
    if constexpr (ISF) {
        store_any(o, odt, (C)tc_py_fdiv(x, y));
    } else {
        C r = 0;
        if (y == 0)
            atomicExch(zflag, 1);
        else
            r = py_ifloordiv(x, y);
        store_any(o, odt, r);
    }
}
BIN_FN(REM) {
    if constexpr (ISF) {
        store_any(o, odt, (C)tc_py_fmod(x, y));
    } else {
        C r = 0;
        if (y == 0)
            atomicExch(zflag, 1);
        else
            r = py_imod(x, y);
        store_any(o, odt, r);
    }
}
BIN_FN(POW) {
    if constexpr (ISF)
        store_any(o, odt, m_pow(x, y));
    else
        store_any(o, odt, (C)tc_py_ipow((int64_t)x, (int64_t)y));
}
BIN_FN(MAXIMUM) { store_any(o, odt, (x > y || x != x) ? x : y); }
BIN_FN(MINIMUM) { store_any(o, odt, (x < y || x != x) ? x : y); }
BIN_FN(EQ) { store_any(o, odt, x == y); }
BIN_FN(NE) { store_any(o, odt, x != y); }
BIN_FN(LT) { store_any(o, odt, x < y); }
BIN_FN(LE) { store_any(o, odt, x <= y); }
BIN_FN(GT) { store_any(o, odt, x > y); }
BIN_FN(GE) { store_any(o, odt, x >= y); }
BIN_FN(LOGICAL_AND) { store_any(o, odt, (x != 0) && (y != 0)); }
BIN_FN(LOGICAL_OR) { store_any(o, odt, (x != 0) || (y != 0)); }
/* the host never sends bitwise ops for floats (tensorcore refuses them first) */
BIN_FN(BITAND) {
    if constexpr (!ISF) store_any(o, odt, (C)(x & y));
}
BIN_FN(BITOR) {
    if constexpr (!ISF) store_any(o, odt, (C)(x | y));
}
BIN_FN(BITXOR) {
    if constexpr (!ISF) store_any(o, odt, (C)(x ^ y));
}
/* atan2 only sees floats (tensorcore promotes integers to float32) */
BIN_FN(ATAN2) {
    if constexpr (ISF) store_any(o, odt, atan2(x, y));
}
/* hypot only sees floats (tensorcore refuses other dtypes) */
BIN_FN(HYPOT) {
    if constexpr (ISF) store_any(o, odt, hypot(x, y));
}
/* C's fmod / % truncate toward zero, which is fmod's rule; -1 avoids INT_MIN % -1 */
BIN_FN(FMOD) {
    if constexpr (ISF) {
        store_any(o, odt, fmod(x, y));
    } else {
        C r = 0;
        if (y == 0)
            atomicExch(zflag, 1);
        else if (y != (C)-1)
            r = (C)(x % y);
        store_any(o, odt, r);
    }
}

template <typename C>
__device__ __forceinline__ void bin_apply(int op, C x, C y, void *o, int odt, int *zflag) {
    switch (op) {
#define BIN_CASE(id, name, bw, gk)                                                            \
    case GPU_CU_OP_##id:                                                                      \
        bin_##id<C>(x, y, o, odt, zflag);                                                     \
        break;
        TC_BINARY_OP_LIST(BIN_CASE)
#undef BIN_CASE
    }
}

template <typename S>
__global__ void k_binary(int op, int odt, int oes, Geo g, int64_t n, char *o, const S *a,
                         const S *b, int *zflag) {
    typedef typename Ty<S>::C C;
    int64_t step = (int64_t)blockDim.x * gridDim.x;
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += step) {
        int64_t off[3];
        geo_offsets<3>(g, i, off);
        bin_apply<C>(op, Ty<S>::ld(a + off[1]), Ty<S>::ld(b + off[2]), o + off[0] * oes, odt,
                     zflag);
    }
}

/* ---- unary ----------------------------------------------------------------------------- */

/* One function per TC_UNARY_OP_LIST row, un_<ID>(x, xf, o, odt) with xf = x in the float
 * type of the computation; un_apply's switch is generated from the list (no default). */
#define UN_FN(id)                                                                             \
    template <typename C, typename F>                                                         \
    __device__ __forceinline__ void un_##id(C x, F xf, void *o, int odt)

UN_FN(NEG) { store_any(o, odt, (C)-x); }
UN_FN(ABS) { store_any(o, odt, x < 0 ? (C)-x : x); }
UN_FN(RELU) { store_any(o, odt, (x > 0 || x != x) ? x : (C)0); }
UN_FN(LOGICAL_NOT) { store_any(o, odt, x == 0); }
UN_FN(SQUARE) { store_any(o, odt, (C)(x * x)); }
UN_FN(SIGN) {
    if constexpr (std::is_same<C, bool>::value)
        store_any(o, odt, x);
    else /* NaN -> 0, as PyTorch */
        store_any(o, odt, (C)((x > 0) - (x < 0)));
}
UN_FN(FLOOR) {
    if constexpr (ISF)
        store_any(o, odt, m_floor(xf));
    else
        store_any(o, odt, x);
}
UN_FN(CEIL) {
    if constexpr (ISF)
        store_any(o, odt, m_ceil(xf));
    else
        store_any(o, odt, x);
}
UN_FN(ROUND) {
    if constexpr (ISF)
        store_any(o, odt, m_rint(xf));
    else
        store_any(o, odt, x);
}
UN_FN(EXP) { store_any(o, odt, m_exp(xf)); }
UN_FN(LOG) { store_any(o, odt, m_log(xf)); }
UN_FN(SQRT) { store_any(o, odt, m_sqrt(xf)); }
UN_FN(SIGMOID) { store_any(o, odt, (F)1 / ((F)1 + m_exp(-xf))); }
UN_FN(TANH) { store_any(o, odt, m_tanh(xf)); }
UN_FN(SIN) { store_any(o, odt, m_sin(xf)); }
UN_FN(COS) { store_any(o, odt, m_cos(xf)); }
UN_FN(RSQRT) { store_any(o, odt, (F)1 / m_sqrt(xf)); }
UN_FN(LOG2) { store_any(o, odt, m_log2(xf)); }
UN_FN(ASIN) { store_any(o, odt, m_asin(xf)); }
UN_FN(ACOS) { store_any(o, odt, m_acos(xf)); }
UN_FN(ATAN) { store_any(o, odt, m_atan(xf)); }
UN_FN(SINH) { store_any(o, odt, m_sinh(xf)); }
UN_FN(COSH) { store_any(o, odt, m_cosh(xf)); }
UN_FN(TAN) { store_any(o, odt, m_tan(xf)); }
UN_FN(LOG1P) { store_any(o, odt, m_log1p(xf)); }
UN_FN(EXPM1) { store_any(o, odt, m_expm1(xf)); }
UN_FN(ERF) { store_any(o, odt, m_erf(xf)); }
UN_FN(LOG10) { store_any(o, odt, m_log10(xf)); }
UN_FN(RECIPROCAL) { store_any(o, odt, (F)1 / xf); }
UN_FN(ERFC) { store_any(o, odt, m_erfc(xf)); }
UN_FN(ERFINV) { store_any(o, odt, m_erfinv(xf)); }
UN_FN(ASINH) { store_any(o, odt, m_asinh(xf)); }
UN_FN(ACOSH) { store_any(o, odt, m_acosh(xf)); }
UN_FN(ATANH) { store_any(o, odt, m_atanh(xf)); }
UN_FN(EXP2) { store_any(o, odt, m_exp2(xf)); }
UN_FN(LGAMMA) { store_any(o, odt, m_lgamma(xf)); }
UN_FN(SILU) { store_any(o, odt, xf / ((F)1 + m_exp(-xf))); }
UN_FN(GELU) { store_any(o, odt, xf * (F)0.5 * ((F)1 + m_erf(xf * (F)0.70710678118654752440))); }
UN_FN(GELU_TANH) { /* beta = sqrt(2 / pi) */
    F inner = (F)0.79788456080286535588 * (xf + (F)0.044715 * (xf * xf * xf));
    store_any(o, odt, (F)0.5 * xf * ((F)1 + m_tanh(inner)));
}
UN_FN(SOFTPLUS) { store_any(o, odt, xf > (F)20 ? xf : m_log1p(m_exp(xf))); }
UN_FN(ELU) { store_any(o, odt, xf > 0 ? xf : m_expm1(xf)); }
UN_FN(SELU) {
    store_any(o, odt, xf > 0 ? xf * (F)1.0507009873554804934
                             : m_expm1(xf) * ((F)1.6732632423543772848 * (F)1.0507009873554804934));
}
UN_FN(MISH) { store_any(o, odt, xf * m_tanh(m_log1p(m_exp(xf)))); }
UN_FN(LOG_SIGMOID) { store_any(o, odt, (xf < 0 ? xf : (F)0) - m_log1p(m_exp(-(xf < 0 ? -xf : xf)))); }
UN_FN(DIGAMMA) { /* recurrence up to 6, then the asymptotic series, reflection below 0 */
    F r = 0, y = xf;
    if (y <= 0 && y == m_floor(y)) {
        store_any(o, odt, y == 0 ? (F)(xf == 0 && signbit(xf) ? INFINITY : -INFINITY) : (F)NAN);
        return;
    }
    if (y < 0) {
        r = -(F)3.141592653589793 / m_tan((F)3.141592653589793 * (y - m_floor(y)));
        y = 1 - y;
    }
    for (; y < 6; y += 1) r -= 1 / y;
    F z = 1 / (y * y);
    r += m_log(y) - (F)0.5 / y - z * ((F)1 / 12 - z * ((F)1 / 120 - z * ((F)1 / 252 - z * ((F)1 / 240 - z / 132))));
    store_any(o, odt, r);
}

template <typename C> __device__ __forceinline__ void un_apply(int op, C x, void *o, int odt) {
    typedef typename std::conditional<std::is_same<C, float>::value, float, double>::type F;
    F xf = (F)x;
    switch (op) {
#define UN_CASE(id, name, bw, gk)                                                             \
    case GPU_CU_UOP_##id:                                                                     \
        un_##id<C, F>(x, xf, o, odt);                                                         \
        break;
        TC_UNARY_OP_LIST(UN_CASE)
#undef UN_CASE
    }
}
#undef ISF

template <typename S>
__global__ void k_unary(int op, int odt, int oes, Geo g, int64_t n, char *o, const S *a) {
    int64_t step = (int64_t)blockDim.x * gridDim.x;
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += step) {
        int64_t off[2];
        geo_offsets<2>(g, i, off);
        un_apply(op, Ty<S>::ld(a + off[1]), o + off[0] * oes, odt);
    }
}

/* ---- cast, fill, where, clamp ------------------------------------------------------------ */

__global__ void k_cast(int odt, int oes, int adt, int aes, Geo g, int64_t n, char *o,
                       const char *a) {
    int64_t step = (int64_t)blockDim.x * gridDim.x;
    bool af = is_float_dt(adt);
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += step) {
        int64_t off[2];
        geo_offsets<2>(g, i, off);
        const char *pa = a + off[1] * aes;
        char *po = o + off[0] * oes;
        if (odt == adt)
            copy_elem(po, pa, oes);
        else if (af)
            store_any(po, odt, load_f64(pa, adt));
        else if (adt == TC_DTYPE_BOOL)
            store_any(po, odt, *(const bool *)pa);
        else
            store_any(po, odt, load_i64(pa, adt));
    }
}

template <typename U> __global__ void k_fill(Geo g, int64_t n, U *o, U v) {
    int64_t step = (int64_t)blockDim.x * gridDim.x;
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += step) {
        int64_t off[1];
        geo_offsets<1>(g, i, off);
        o[off[0]] = v;
    }
}

__global__ void k_where(int es, Geo g, int64_t n, char *o, const bool *c, const char *a,
                        const char *b) {
    int64_t step = (int64_t)blockDim.x * gridDim.x;
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += step) {
        int64_t off[4];
        geo_offsets<4>(g, i, off);
        copy_elem(o + off[0] * es, c[off[1]] ? a + off[2] * es : b + off[3] * es, es);
    }
}

struct ClampArgs {
    double lo, hi;
    int has_lo, has_hi;
};

__global__ void k_clamp(int dt, int es, Geo g, int64_t n, char *o, const char *a, ClampArgs c) {
    int64_t step = (int64_t)blockDim.x * gridDim.x;
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += step) {
        int64_t off[2];
        geo_offsets<2>(g, i, off);
        const char *pa = a + off[1] * es;
        char *po = o + off[0] * es;
        if (dt == TC_DTYPE_F32) {
            float x = *(const float *)pa, lo = (float)c.lo, hi = (float)c.hi;
            if (c.has_lo && !(x >= lo) && x == x) x = lo;
            if (c.has_hi && !(x <= hi) && x == x) x = hi;
            *(float *)po = x;
        } else if (is_float_dt(dt)) {
            double x = load_f64(pa, dt);
            if (c.has_lo && !(x >= c.lo) && x == x) x = c.lo;
            if (c.has_hi && !(x <= c.hi) && x == x) x = c.hi;
            store_any(po, dt, x);
        } else {
            int64_t x = load_i64(pa, dt);
            if (c.has_lo && (double)x < c.lo) x = (int64_t)c.lo;
            if (c.has_hi && (double)x > c.hi) x = (int64_t)c.hi;
            store_any(po, dt, x);
        }
    }
}

/* ---- reductions ---------------------------------------------------------------------------- */

struct RAcc {
    double f;
    int64_t i, idx;
    int has;
};

struct RPlan {
    int op, isf, adt, aes, odt, oes;
    int nk, nr;
    int64_t kshape[GPU_CU_MAX_DIMS], ka[GPU_CU_MAX_DIMS], ko[GPU_CU_MAX_DIMS];
    int64_t rshape[GPU_CU_MAX_DIMS], ra[GPU_CU_MAX_DIMS];
    int64_t rcount, ocount;
};

__device__ __forceinline__ RAcc racc_init(int op) {
    RAcc c;
    c.has = 0;
    c.idx = 0;
    c.f = op == GPU_CU_RED_PROD ? 1.0 : 0.0;
    c.i = (op == GPU_CU_RED_PROD || op == GPU_CU_RED_ALL) ? 1 : 0;
    return c;
}

/* Whether b (value, index) beats a for max/min: NaN wins, then the better value, then the
 * lower index, so the result does not depend on the order of combination. */
__device__ __forceinline__ bool racc_better(const RAcc &b, const RAcc &a, bool mx, int isf) {
    if (!b.has) return false;
    if (!a.has) return true;
    if (isf) {
        bool an = a.f != a.f, bn = b.f != b.f;
        if (an || bn) return an && bn ? b.idx < a.idx : bn;
        if (a.f == b.f) return b.idx < a.idx;
        return mx ? b.f > a.f : b.f < a.f;
    }
    if (a.i == b.i) return b.idx < a.idx;
    return mx ? b.i > a.i : b.i < a.i;
}

__device__ __forceinline__ void racc_combine(RAcc &a, const RAcc &b, int op, int isf) {
    switch (op) {
    case GPU_CU_RED_SUM:
    case GPU_CU_RED_MEAN:
        a.f += b.f;
        a.i += b.i;
        break;
    case GPU_CU_RED_PROD:
        a.f *= b.f;
        a.i *= b.i;
        break;
    case GPU_CU_RED_ALL:
        a.i = a.i && b.i;
        break;
    case GPU_CU_RED_ANY:
        a.i = a.i || b.i;
        break;
    default:
        if (racc_better(b, a, op == GPU_CU_RED_MAX || op == GPU_CU_RED_ARGMAX, isf)) a = b;
    }
}

__device__ __forceinline__ void racc_fold(RAcc &c, const RPlan &p, const char *e, int64_t idx) {
    RAcc v;
    v.has = 1;
    v.idx = idx;
    if (p.isf) {
        v.f = load_f64(e, p.adt);
        v.i = 0;
    } else {
        v.i = load_i64(e, p.adt);
        v.f = 0;
    }
    switch (p.op) {
    case GPU_CU_RED_SUM:
    case GPU_CU_RED_MEAN:
        c.f += v.f;
        c.i += v.i;
        break;
    case GPU_CU_RED_PROD:
        c.f *= v.f;
        c.i *= v.i;
        break;
    case GPU_CU_RED_ALL:
        if (load_f64(e, p.adt) == 0) c.i = 0;
        break;
    case GPU_CU_RED_ANY:
        if (load_f64(e, p.adt) != 0) c.i = 1;
        break;
    default:
        racc_combine(c, v, p.op, p.isf);
    }
}

__device__ void racc_store(const RPlan &p, char *o, const RAcc &c) {
    switch (p.op) {
    case GPU_CU_RED_ARGMAX:
    case GPU_CU_RED_ARGMIN:
        *(int64_t *)o = c.idx;
        break;
    case GPU_CU_RED_MEAN:
        store_any(o, p.odt, p.isf ? c.f / (double)p.rcount : (double)c.i / (double)p.rcount);
        break;
    case GPU_CU_RED_ALL:
    case GPU_CU_RED_ANY:
        store_any(o, p.odt, c.i);
        break;
    default:
        if (p.isf)
            store_any(o, p.odt, c.f);
        else
            store_any(o, p.odt, c.i);
    }
}

__device__ __forceinline__ void out_offsets(const RPlan &p, int64_t i, int64_t *ao, int64_t *oo) {
    *ao = 0;
    *oo = 0;
    for (int d = p.nk - 1; d >= 0; d--) {
        int64_t k = i % p.kshape[d];
        i /= p.kshape[d];
        *ao += k * p.ka[d];
        *oo += k * p.ko[d];
    }
}

__device__ __forceinline__ int64_t red_offset(const RPlan &p, int64_t r) {
    if (p.nr == 1) return r * p.ra[0];
    int64_t off = 0;
    for (int d = p.nr - 1; d >= 0; d--) {
        off += (r % p.rshape[d]) * p.ra[d];
        r /= p.rshape[d];
    }
    return off;
}

/* Block (x: output, y: piece of the reduced range). With one piece the result is stored;
 * otherwise each piece leaves a partial for k_reduce_finish. */
__global__ void k_reduce(RPlan p, const char *a, char *o, RAcc *parts, int64_t per) {
    __shared__ RAcc sh[kThreads];
    int pieces = gridDim.y;
    for (int64_t oi = blockIdx.x; oi < p.ocount; oi += gridDim.x) {
        int64_t ab, ob;
        out_offsets(p, oi, &ab, &ob);
        int64_t lo = (int64_t)blockIdx.y * per, hi = lo + per < p.rcount ? lo + per : p.rcount;
        RAcc c = racc_init(p.op);
        for (int64_t r = lo + threadIdx.x; r < hi; r += blockDim.x)
            racc_fold(c, p, a + (ab + red_offset(p, r)) * p.aes, r);
        sh[threadIdx.x] = c;
        __syncthreads();
        for (unsigned s = blockDim.x / 2; s > 0; s >>= 1) {
            if (threadIdx.x < s) racc_combine(sh[threadIdx.x], sh[threadIdx.x + s], p.op, p.isf);
            __syncthreads();
        }
        if (threadIdx.x == 0) {
            if (pieces == 1)
                racc_store(p, o + ob * p.oes, sh[0]);
            else
                parts[oi * pieces + blockIdx.y] = sh[0];
        }
        __syncthreads();
    }
}

__global__ void k_reduce_finish(RPlan p, const RAcc *parts, int pieces, char *o) {
    int64_t step = (int64_t)blockDim.x * gridDim.x;
    for (int64_t oi = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; oi < p.ocount; oi += step) {
        RAcc c = parts[oi * pieces];
        for (int k = 1; k < pieces; k++)
            racc_combine(c, parts[oi * pieces + k], p.op, p.isf);
        int64_t ab, ob;
        out_offsets(p, oi, &ab, &ob);
        racc_store(p, o + ob * p.oes, c);
    }
}

/* Kept and reduced dims as the CPU backend plans them (reduced dims merged when
 * contiguous); strides in elements. */
void plan_dims(RPlan &pl, const gpu_cu_view *out, const gpu_cu_view *a) {
    pl.nk = pl.nr = 0;
    pl.rcount = pl.ocount = 1;
    for (int d = 0; d < a->ndim; d++) {
        int64_t n = a->shape[d];
        if (n == 1) continue;
        if (out->shape[d] == 1) {
            int r = pl.nr;
            if (r > 0 && pl.ra[r - 1] == a->strides[d] * n) {
                pl.rshape[r - 1] *= n;
                pl.ra[r - 1] = a->strides[d];
            } else {
                pl.rshape[r] = n;
                pl.ra[r] = a->strides[d];
                pl.nr++;
            }
            pl.rcount *= n;
        } else {
            pl.kshape[pl.nk] = n;
            pl.ka[pl.nk] = a->strides[d];
            pl.ko[pl.nk] = out->strides[d];
            pl.nk++;
            pl.ocount *= n;
        }
    }
    if (pl.nr == 0) {
        pl.nr = 1;
        pl.rshape[0] = 1;
        pl.ra[0] = 0;
    }
}

int sm_count() {
    static int n = 0;
    if (!n) {
        int dev = 0;
        if (cudaGetDevice(&dev) != cudaSuccess ||
            cudaDeviceGetAttribute(&n, cudaDevAttrMultiProcessorCount, dev) != cudaSuccess ||
            n <= 0)
            n = 80;
        cudaGetLastError();
    }
    return n;
}

/* ---- matmul ------------------------------------------------------------------------------ */

__global__ void k_matmul_naive(gpu_cu_view c, gpu_cu_view a, gpu_cu_view b) {
    int64_t m = a.shape[0], k = a.shape[1], n = b.shape[1], total = m * n;
    int ces =
        (int)(c.dtype == TC_DTYPE_I64 || c.dtype == TC_DTYPE_F64                               ? 8
              : c.dtype == TC_DTYPE_I32 || c.dtype == TC_DTYPE_F32                             ? 4
              : c.dtype == TC_DTYPE_I16 || c.dtype == TC_DTYPE_F16 || c.dtype == TC_DTYPE_BF16 ? 2
                                                                                               : 1);
    int es =
        (int)(a.dtype == TC_DTYPE_I64 || a.dtype == TC_DTYPE_F64                               ? 8
              : a.dtype == TC_DTYPE_I32 || a.dtype == TC_DTYPE_F32                             ? 4
              : a.dtype == TC_DTYPE_I16 || a.dtype == TC_DTYPE_F16 || a.dtype == TC_DTYPE_BF16 ? 2
                                                                                               : 1);
    bool isf = is_float_dt(a.dtype);
    int64_t step = (int64_t)blockDim.x * gridDim.x;
    for (int64_t t = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; t < total; t += step) {
        int64_t i = t / n, j = t % n;
        double accf = 0;
        int64_t acci = 0;
        for (int64_t l = 0; l < k; l++) {
            const char *pa = (const char *)a.data + (i * a.strides[0] + l * a.strides[1]) * es;
            const char *pb = (const char *)b.data + (l * b.strides[0] + j * b.strides[1]) * es;
            if (isf)
                accf += load_f64(pa, a.dtype) * load_f64(pb, b.dtype);
            else
                acci += load_i64(pa, a.dtype) * load_i64(pb, b.dtype);
        }
        char *pc = (char *)c.data + (i * c.strides[0] + j * c.strides[1]) * ces;
        if (isf)
            store_any(pc, c.dtype, accf);
        else
            store_any(pc, c.dtype, acci);
    }
}

/* cuBLAS, loaded at run time so a machine without it still starts (and uses the kernel
 * above). */
typedef cublasStatus_t (*cublas_create_fn)(cublasHandle_t *);
typedef cublasStatus_t (*cublas_sgemm_fn)(cublasHandle_t, cublasOperation_t, cublasOperation_t, int,
                                          int, int, const float *, const float *, int,
                                          const float *, int, const float *, float *, int);
typedef cublasStatus_t (*cublas_dgemm_fn)(cublasHandle_t, cublasOperation_t, cublasOperation_t, int,
                                          int, int, const double *, const double *, int,
                                          const double *, int, const double *, double *, int);
struct Cublas {
    cublasHandle_t h = nullptr;
    cublas_sgemm_fn sgemm = nullptr;
    cublas_dgemm_fn dgemm = nullptr;
};

const Cublas *cublas() {
    static Cublas cb;
    static bool tried = false;
    if (tried) return cb.h ? &cb : nullptr;
    tried = true;
    const char *names[] = {"libcublas.so.13", "libcublas.so.12", "libcublas.so",
                           "/usr/local/cuda/lib64/libcublas.so"};
    void *lib = nullptr;
    for (const char *nm : names)
        if ((lib = dlopen(nm, RTLD_NOW | RTLD_LOCAL))) break;
    if (!lib) return nullptr;
    cublas_create_fn create = (cublas_create_fn)dlsym(lib, "cublasCreate_v2");
    cb.sgemm = (cublas_sgemm_fn)dlsym(lib, "cublasSgemm_v2");
    cb.dgemm = (cublas_dgemm_fn)dlsym(lib, "cublasDgemm_v2");
    if (!create || !cb.sgemm || !cb.dgemm || create(&cb.h) != CUBLAS_STATUS_SUCCESS) {
        cb.h = nullptr;
        return nullptr;
    }
    return &cb;
}

/* Row-major (0) or column-major (1) layout of a 2-D view with its leading dimension, or
 * -1 when neither (same rule as the CPU backend's BLAS path). */
int blas_layout(const gpu_cu_view *v, int *ld) {
    int64_t r = v->shape[0], c = v->shape[1];
    if (v->strides[1] == 1 || c == 1) {
        int64_t l = v->strides[0];
        if (r == 1) l = c;
        if (l >= (c > 1 ? c : 1)) {
            *ld = (int)l;
            return 0;
        }
    }
    if (v->strides[0] == 1 || r == 1) {
        int64_t l = v->strides[1];
        if (c == 1) l = r;
        if (l >= (r > 1 ? r : 1)) {
            *ld = (int)l;
            return 1;
        }
    }
    return -1;
}

gpu_cu_view contiguous_like(const gpu_cu_view *v, void *data) {
    gpu_cu_view d = *v;
    d.data = data;
    d.strides[0] = v->shape[1];
    d.strides[1] = 1;
    return d;
}

/* ---- lines along one dim: scan and sort -------------------------------------------------- */

struct LineArgs {
    int64_t n, so, sa; /* line length, element strides along the dim */
    int odt, oes, adt, aes, op, desc;
};

__global__ void k_scan(Geo g, int64_t lines, char *o, const char *a, LineArgs L) {
    int64_t step = (int64_t)blockDim.x * gridDim.x;
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < lines; i += step) {
        int64_t off[2];
        geo_offsets<2>(g, i, off);
        char *po = o + off[0] * L.oes;
        const char *pa = a + off[1] * L.aes;
        if (is_float_dt(L.adt)) {
            double acc = L.op == 0 ? 0.0 : 1.0;
            for (int64_t k = 0; k < L.n; k++) {
                double x = load_f64(pa + k * L.sa * L.aes, L.adt);
                acc = L.op == 0 ? acc + x : acc * x;
                store_any(po + k * L.so * L.oes, L.odt, acc);
            }
        } else {
            uint64_t acc = L.op == 0 ? 0 : 1;
            for (int64_t k = 0; k < L.n; k++) {
                uint64_t x = (uint64_t)load_i64(pa + k * L.sa * L.aes, L.adt);
                acc = L.op == 0 ? acc + x : acc * x;
                store_any(po + k * L.so * L.oes, L.odt, (int64_t)acc);
            }
        }
    }
}

/* x strictly before y: ascending with NaN last, descending with NaN first. */
__device__ __forceinline__ bool sort_before(double x, double y, int desc) {
    bool xn = x != x, yn = y != y;
    if (desc) return (xn && !yn) || x > y;
    return (yn && !xn) || x < y;
}

__global__ void k_sort(Geo g, int64_t lines, char *o, const char *a, LineArgs L) {
    int64_t step = (int64_t)blockDim.x * gridDim.x;
    bool isf = is_float_dt(L.adt);
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < lines; i += step) {
        int64_t off[2];
        geo_offsets<2>(g, i, off);
        int64_t *po = (int64_t *)o + off[0];
        const char *pa = a + off[1] * L.aes;
        for (int64_t k = 0; k < L.n; k++)
            po[k * L.so] = k;
        for (int64_t k = 1; k < L.n; k++) { /* insertion sort: stable */
            int64_t key = po[k * L.so], j = k - 1;
            const char *pk = pa + key * L.sa * L.aes;
            while (j >= 0) {
                const char *pj = pa + po[j * L.so] * L.sa * L.aes;
                bool b = isf ? sort_before(load_f64(pk, L.adt), load_f64(pj, L.adt), L.desc)
                             : (L.desc ? load_i64(pk, L.adt) > load_i64(pj, L.adt)
                                       : load_i64(pk, L.adt) < load_i64(pj, L.adt));
                if (!b) break;
                po[(j + 1) * L.so] = po[j * L.so];
                j--;
            }
            po[(j + 1) * L.so] = key;
        }
    }
}

/* Geometry over the lines: both views with the dim collapsed to size 1. */
int64_t line_geo(Geo &g, const gpu_cu_view *out, const gpu_cu_view *a, int dim, LineArgs &L) {
    gpu_cu_view o1 = *out, a1 = *a;
    L.n = a->ndim ? a->shape[dim] : 1;
    L.so = a->ndim ? out->strides[dim] : 0;
    L.sa = a->ndim ? a->strides[dim] : 0;
    if (a->ndim) o1.shape[dim] = a1.shape[dim] = 1;
    const gpu_cu_view *v[2] = {&o1, &a1};
    return geo_build(g, v, 2);
}

} // namespace

/* ---- entry points ------------------------------------------------------------------------- */

#define LAUNCH_CHECK(err) CUDA_CHECK(cudaGetLastError(), err)

/* Device flag an integer division by zero raises; reset before and read after such ops. */
static int *zero_flag(tc_error *err) {
    static int *flag = nullptr;
    if (!flag) flag = (int *)gpu__cu_scratch(sizeof(int), err);
    return flag;
}

int gpu__cu_binary(int op, const gpu_cu_view *out, const gpu_cu_view *a, const gpu_cu_view *b,
                   tc_error *err) {
    const gpu_cu_view *v[3] = {out, a, b};
    Geo g;
    int64_t n = geo_build(g, v, 3);
    if (n == 0) return 0;
    bool intdiv =
        (op == GPU_CU_OP_FLOOR_DIV || op == GPU_CU_OP_REM) && !tc_dtype_is_float(a->dtype);
    int *zf = zero_flag(err);
    if (!zf) return -1;
    if (intdiv) CUDA_CHECK(cudaMemsetAsync(zf, 0, sizeof(int), 0), err);
    int odt = out->dtype, oes = (int)dt_size(odt);
    int rc = dispatch_dtype(a->dtype, [&](auto *tag) {
        typedef typename std::remove_pointer<decltype(tag)>::type S;
        k_binary<S><<<grid_for(n), kThreads>>>(op, odt, oes, g, n, (char *)out->data,
                                               (const S *)a->data, (const S *)b->data, zf);
        LAUNCH_CHECK(err);
        return 0;
    });
    if (rc != 0 || !intdiv) return rc;
    int hit = 0;
    CUDA_CHECK(cudaMemcpy(&hit, zf, sizeof(int), cudaMemcpyDeviceToHost), err);
    return hit ? tc_error_set(err, TC_EXC_RUNTIME, "ZeroDivisionError") : 0;
}

int gpu__cu_unary(int op, const gpu_cu_view *out, const gpu_cu_view *a, tc_error *err) {
    const gpu_cu_view *v[2] = {out, a};
    Geo g;
    int64_t n = geo_build(g, v, 2);
    if (n == 0) return 0;
    int odt = out->dtype, oes = (int)dt_size(odt);
    return dispatch_dtype(a->dtype, [&](auto *tag) {
        typedef typename std::remove_pointer<decltype(tag)>::type S;
        k_unary<S>
            <<<grid_for(n), kThreads>>>(op, odt, oes, g, n, (char *)out->data, (const S *)a->data);
        LAUNCH_CHECK(err);
        return 0;
    });
}

int gpu__cu_copy_cast(const gpu_cu_view *out, const gpu_cu_view *a, tc_error *err) {
    const gpu_cu_view *v[2] = {out, a};
    Geo g;
    int64_t n = geo_build(g, v, 2);
    if (n == 0) return 0;
    size_t oes = dt_size(out->dtype);
    if (out->dtype == a->dtype && g.ndim == 1 && g.st[0][0] == 1 && g.st[1][0] == 1) {
        CUDA_CHECK(
            cudaMemcpyAsync(out->data, a->data, (size_t)n * oes, cudaMemcpyDeviceToDevice, 0), err);
        return 0;
    }
    k_cast<<<grid_for(n), kThreads>>>(out->dtype, (int)oes, a->dtype, (int)dt_size(a->dtype), g, n,
                                      (char *)out->data, (const char *)a->data);
    LAUNCH_CHECK(err);
    return 0;
}

int gpu__cu_fill(const gpu_cu_view *out, double v, tc_error *err) {
    const gpu_cu_view *vv[1] = {out};
    Geo g;
    int64_t n = geo_build(g, vv, 1);
    if (n == 0) return 0;
    unsigned char bytes[8] = {0};
    tc_store_f64(bytes, out->dtype, v);
    unsigned grid = grid_for(n);
    switch (dt_size(out->dtype)) {
    case 1:
        k_fill<uint8_t><<<grid, kThreads>>>(g, n, (uint8_t *)out->data, bytes[0]);
        break;
    case 2: {
        uint16_t x;
        memcpy(&x, bytes, 2);
        k_fill<uint16_t><<<grid, kThreads>>>(g, n, (uint16_t *)out->data, x);
        break;
    }
    case 4: {
        uint32_t x;
        memcpy(&x, bytes, 4);
        k_fill<uint32_t><<<grid, kThreads>>>(g, n, (uint32_t *)out->data, x);
        break;
    }
    default: {
        uint64_t x;
        memcpy(&x, bytes, 8);
        k_fill<uint64_t><<<grid, kThreads>>>(g, n, (uint64_t *)out->data, x);
        break;
    }
    }
    LAUNCH_CHECK(err);
    return 0;
}

int gpu__cu_where(const gpu_cu_view *out, const gpu_cu_view *cond, const gpu_cu_view *a,
                  const gpu_cu_view *b, tc_error *err) {
    const gpu_cu_view *v[4] = {out, cond, a, b};
    Geo g;
    int64_t n = geo_build(g, v, 4);
    if (n == 0) return 0;
    k_where<<<grid_for(n), kThreads>>>((int)dt_size(out->dtype), g, n, (char *)out->data,
                                       (const bool *)cond->data, (const char *)a->data,
                                       (const char *)b->data);
    LAUNCH_CHECK(err);
    return 0;
}

int gpu__cu_clamp(const gpu_cu_view *out, const gpu_cu_view *a, const double *lo, const double *hi,
                  tc_error *err) {
    const gpu_cu_view *v[2] = {out, a};
    Geo g;
    int64_t n = geo_build(g, v, 2);
    if (n == 0) return 0;
    ClampArgs c = {lo ? *lo : 0, hi ? *hi : 0, lo != nullptr, hi != nullptr};
    k_clamp<<<grid_for(n), kThreads>>>(a->dtype, (int)dt_size(a->dtype), g, n, (char *)out->data,
                                       (const char *)a->data, c);
    LAUNCH_CHECK(err);
    return 0;
}

/* Identity value of an empty reduction (the core rejects max/min/arg* on empty input). */
static double empty_value(int op) {
    switch (op) {
    case GPU_CU_RED_PROD:
    case GPU_CU_RED_ALL:
        return 1.0;
    case GPU_CU_RED_MEAN:
        return NAN;
    default:
        return 0.0;
    }
}

int gpu__cu_reduce(int op, const gpu_cu_view *out, const gpu_cu_view *a, tc_error *err) {
    RPlan p;
    p.op = op;
    p.adt = a->dtype;
    p.aes = (int)dt_size(a->dtype);
    p.odt = out->dtype;
    p.oes = (int)dt_size(out->dtype);
    p.isf = tc_dtype_is_float(a->dtype);
    plan_dims(p, out, a);
    for (int d = 0; d < a->ndim; d++) {
        if (a->shape[d] == 0 && out->shape[d] == 0) return 0; /* no outputs */
        if (a->shape[d] == 0) p.rcount = 0;
    }
    if (p.ocount == 0) return 0;
    if (p.rcount == 0) return gpu__cu_fill(out, empty_value(op), err);
    unsigned threads = 32;
    while (threads < (unsigned)kThreads && threads < (unsigned)p.rcount)
        threads <<= 1;
    int64_t target = 8LL * sm_count();
    int64_t pieces = p.ocount >= target ? 1 : (target + p.ocount - 1) / p.ocount;
    int64_t max_pieces = (p.rcount + 4095) / 4096;
    if (pieces > max_pieces) pieces = max_pieces;
    if (pieces > 1024) pieces = 1024;
    if (pieces < 1) pieces = 1;
    int64_t per = (p.rcount + pieces - 1) / pieces;
    unsigned gx = (unsigned)(p.ocount < 65536 ? p.ocount : 65536);
    RAcc *parts = nullptr;
    if (pieces > 1) {
        parts = (RAcc *)gpu__cu_scratch(sizeof(RAcc) * (size_t)(p.ocount * pieces), err);
        if (!parts) return -1;
    }
    dim3 grid(gx, (unsigned)pieces);
    k_reduce<<<grid, threads>>>(p, (const char *)a->data, (char *)out->data, parts, per);
    cudaError_t e = cudaGetLastError();
    if (e == cudaSuccess && pieces > 1) {
        k_reduce_finish<<<grid_for(p.ocount), kThreads>>>(p, parts, (int)pieces, (char *)out->data);
        e = cudaGetLastError();
    }
    gpu__cu_scratch_free(parts); /* stream order keeps it alive for the kernels above */
    if (e != cudaSuccess) return gpu__cu_fail(err, e, "k_reduce<<<...>>>", __FILE__, __LINE__);
    return 0;
}

static int cublas_fail(tc_error *err, cublasStatus_t st, const char *what) {
    return tc_error_set(err, TC_EXC_RUNTIME, "CUDA error: cuBLAS status %d (%s at %s)", (int)st,
                        what, __FILE__);
}

/* C = A @ B through cuBLAS in column-major terms: C^T = B^T A^T, so row-major operands
 * are passed as they are, swapped. Operands BLAS cannot read are packed first. */
static int matmul_blas(const Cublas *cb, const gpu_cu_view *c, const gpu_cu_view *a,
                       const gpu_cu_view *b, tc_error *err) {
    int64_t m = a->shape[0], k = a->shape[1], n = b->shape[1];
    size_t es = dt_size(c->dtype);
    void *pa = nullptr, *pb = nullptr, *pc = nullptr;
    int lda, ldb, ldc, rc = -1;
    int ta = blas_layout(a, &lda), tb = blas_layout(b, &ldb);
    const void *A = a->data, *B = b->data;
    void *C = c->data;
    bool c_ok = (c->strides[1] == 1 || n == 1) && (m == 1 || c->strides[0] >= n);
    ldc = (int)(m == 1 ? n : c->strides[0]);
    if (ta < 0) {
        if (!(pa = gpu__cu_scratch((size_t)(m * k) * es, err))) goto out;
        gpu_cu_view d = contiguous_like(a, pa);
        if (gpu__cu_copy_cast(&d, a, err) != 0) goto out;
        A = pa;
        ta = 0;
        lda = (int)k;
    }
    if (tb < 0) {
        if (!(pb = gpu__cu_scratch((size_t)(k * n) * es, err))) goto out;
        gpu_cu_view d = contiguous_like(b, pb);
        if (gpu__cu_copy_cast(&d, b, err) != 0) goto out;
        B = pb;
        tb = 0;
        ldb = (int)n;
    }
    if (!c_ok) {
        if (!(pc = gpu__cu_scratch((size_t)(m * n) * es, err))) goto out;
        C = pc;
        ldc = (int)n;
    }
    {
        cublasOperation_t opa = ta ? CUBLAS_OP_T : CUBLAS_OP_N,
                          opb = tb ? CUBLAS_OP_T : CUBLAS_OP_N;
        cublasStatus_t st;
        if (c->dtype == TC_DTYPE_F32) {
            const float one = 1.0f, zero = 0.0f;
            st = cb->sgemm(cb->h, opb, opa, (int)n, (int)m, (int)k, &one, (const float *)B, ldb,
                           (const float *)A, lda, &zero, (float *)C, ldc);
        } else {
            const double one = 1.0, zero = 0.0;
            st = cb->dgemm(cb->h, opb, opa, (int)n, (int)m, (int)k, &one, (const double *)B, ldb,
                           (const double *)A, lda, &zero, (double *)C, ldc);
        }
        if (st != CUBLAS_STATUS_SUCCESS) {
            cublas_fail(err, st, c->dtype == TC_DTYPE_F32 ? "cublasSgemm_v2" : "cublasDgemm_v2");
            goto out;
        }
    }
    if (pc) {
        gpu_cu_view src = contiguous_like(c, pc);
        if (gpu__cu_copy_cast(c, &src, err) != 0) goto out;
    }
    rc = 0;
out:
    gpu__cu_scratch_free(pa);
    gpu__cu_scratch_free(pb);
    gpu__cu_scratch_free(pc);
    return rc;
}

int gpu__cu_matmul(const gpu_cu_view *c, const gpu_cu_view *a, const gpu_cu_view *b,
                   tc_error *err) {
    int64_t m = a->shape[0], k = a->shape[1], n = b->shape[1];
    if (m == 0 || n == 0) return 0;
    if (k == 0) return gpu__cu_fill(c, 0.0, err);
    const Cublas *cb = nullptr;
    if ((c->dtype == TC_DTYPE_F32 || c->dtype == TC_DTYPE_F64) && a->dtype == c->dtype &&
        b->dtype == c->dtype)
        cb = cublas();
    if (cb) return matmul_blas(cb, c, a, b, err);
    k_matmul_naive<<<grid_for(m * n), kThreads>>>(*c, *a, *b);
    LAUNCH_CHECK(err);
    return 0;
}

int gpu__cu_scan(int op, const gpu_cu_view *out, const gpu_cu_view *a, int dim, tc_error *err) {
    Geo g;
    LineArgs L = {0, 0, 0, out->dtype, (int)dt_size(out->dtype), a->dtype, (int)dt_size(a->dtype), op, 0};
    int64_t lines = line_geo(g, out, a, dim, L);
    if (lines == 0 || L.n == 0) return 0;
    k_scan<<<grid_for(lines), kThreads>>>(g, lines, (char *)out->data, (const char *)a->data, L);
    LAUNCH_CHECK(err);
    return 0;
}

int gpu__cu_sort(const gpu_cu_view *idx, const gpu_cu_view *a, int dim, bool descending, tc_error *err) {
    Geo g;
    LineArgs L = {0, 0, 0, idx->dtype, 8, a->dtype, (int)dt_size(a->dtype), 0, descending ? 1 : 0};
    int64_t lines = line_geo(g, idx, a, dim, L);
    if (lines == 0 || L.n == 0) return 0;
    k_sort<<<grid_for(lines), kThreads>>>(g, lines, (char *)idx->data, (const char *)a->data, L);
    LAUNCH_CHECK(err);
    return 0;
}

/* ---- convolution and pooling (tensorcore/src/cpu-conv.c is the reference) ---------------- */

namespace {

__device__ __forceinline__ int64_t dsize(int dt) {
    switch (dt) {
    case TC_DTYPE_BOOL: case TC_DTYPE_U8: case TC_DTYPE_I8: return 1;
    case TC_DTYPE_I16: case TC_DTYPE_F16: case TC_DTYPE_BF16: return 2;
    case TC_DTYPE_I32: case TC_DTYPE_F32: return 4;
    default: return 8;
    }
}

/* One element of cols per thread: a copy of the input element its window reads, 0 in the
 * padding (raw bytes: any dtype). */
template <typename E>
__global__ void k_im2col(gpu_cu_view cols, gpu_cu_view x, gpu_cu_window w, int64_t total) {
    int64_t N = x.shape[0], L = w.oh * w.ow, K = w.kh * w.kw;
    for (int64_t t = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; t < total;
         t += (int64_t)gridDim.x * blockDim.x) {
        int64_t l = t % L, r = t / L, n = r % N, ck = r / N;
        int64_t c = ck / K, ij = ck % K, i = ij / w.kw, j = ij % w.kw;
        int64_t oy = l / w.ow, ox = l % w.ow;
        int64_t row = oy * w.sh - w.ph + i * w.dh, col = ox * w.sw - w.pw + j * w.dw;
        E v = 0;
        if (row >= 0 && row < x.shape[2] && col >= 0 && col < x.shape[3])
            v = ((const E *)x.data)[n * x.strides[0] + c * x.strides[1] + row * x.strides[2] +
                                    col * x.strides[3]];
        ((E *)cols.data)[ck * cols.strides[0] + n * cols.strides[1] + l * cols.strides[2]] = v;
    }
}

/* One input element per thread: the sum of the cols entries copied from it. */
__global__ void k_col2im(gpu_cu_view x, gpu_cu_view cols, gpu_cu_window w, int64_t total) {
    int64_t C = x.shape[1], H = x.shape[2], W = x.shape[3];
    int64_t es = dsize(x.dtype);
    for (int64_t t = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; t < total;
         t += (int64_t)gridDim.x * blockDim.x) {
        int64_t xx = t % W, y = (t / W) % H, c = (t / (W * H)) % C, n = t / (W * H * C);
        double acc = 0;
        for (int64_t i = 0; i < w.kh; i++) {
            int64_t ty = y + w.ph - i * w.dh;
            if (ty < 0 || ty % w.sh) continue;
            int64_t oy = ty / w.sh;
            if (oy >= w.oh) continue;
            for (int64_t j = 0; j < w.kw; j++) {
                int64_t tx = xx + w.pw - j * w.dw;
                if (tx < 0 || tx % w.sw) continue;
                int64_t ox = tx / w.sw;
                if (ox >= w.ow) continue;
                int64_t ck = (c * w.kh + i) * w.kw + j;
                acc += load_f64((const char *)cols.data +
                                    (ck * cols.strides[0] + n * cols.strides[1] +
                                     (oy * w.ow + ox) * cols.strides[2]) * (int64_t)es,
                                cols.dtype);
            }
        }
        store_any((char *)x.data + t * (int64_t)es, x.dtype, acc);
    }
}

struct Win {
    int64_t y0, y1, ys, x0, x1, xs, ay0, ax0;
};

__device__ Win window_at(const gpu_cu_pool &p, int64_t oy, int64_t ox, int64_t H, int64_t W) {
    const gpu_cu_window &w = p.w;
    Win r;
    if (p.op == 2) {
        r.y0 = (oy * H) / w.oh;
        r.y1 = ((oy + 1) * H + w.oh - 1) / w.oh;
        r.x0 = (ox * W) / w.ow;
        r.x1 = ((ox + 1) * W + w.ow - 1) / w.ow;
        r.ys = r.xs = 1;
        r.ay0 = r.y0;
        r.ax0 = r.x0;
        return r;
    }
    int64_t dh = p.op == 0 ? w.dh : 1, dw = p.op == 0 ? w.dw : 1;
    r.ay0 = r.y0 = oy * w.sh - w.ph;
    r.ax0 = r.x0 = ox * w.sw - w.pw;
    r.y1 = r.y0 + (w.kh - 1) * dh + 1;
    r.x1 = r.x0 + (w.kw - 1) * dw + 1;
    if (r.y1 > H) r.y1 = H;
    if (r.x1 > W) r.x1 = W;
    while (r.y0 < 0) r.y0 += dh;
    while (r.x0 < 0) r.x0 += dw;
    r.ys = dh;
    r.xs = dw;
    return r;
}

__device__ int64_t pool_divisor(const gpu_cu_pool &p, const Win &r, int64_t H, int64_t W) {
    if (p.op == 2) return (r.y1 - r.y0) * (r.x1 - r.x0);
    if (p.divisor) return p.divisor;
    int64_t y0 = r.ay0, x0 = r.ax0;
    int64_t y1 = y0 + p.w.kh < H + p.w.ph ? y0 + p.w.kh : H + p.w.ph;
    int64_t x1 = x0 + p.w.kw < W + p.w.pw ? x0 + p.w.kw : W + p.w.pw;
    if (p.count_include_pad) return (y1 - y0) * (x1 - x0);
    if (y0 < 0) y0 = 0;
    if (x0 < 0) x0 = 0;
    if (y1 > H) y1 = H;
    if (x1 > W) x1 = W;
    return (y1 - y0) * (x1 - x0);
}

__device__ bool is_int_dtype(int dt) {
    return dt != TC_DTYPE_F16 && dt != TC_DTYPE_BF16 && dt != TC_DTYPE_F32 && dt != TC_DTYPE_F64;
}

/* One output element per thread. */
__global__ void k_pool2d(gpu_cu_pool p, gpu_cu_view out, gpu_cu_view idx, bool has_idx,
                         gpu_cu_view x, int64_t total) {
    int64_t C = x.shape[1], H = x.shape[2], W = x.shape[3], oh = p.w.oh, ow = p.w.ow;
    int64_t es = dsize(x.dtype), eo = dsize(out.dtype);
    bool isint = is_int_dtype(x.dtype);
    for (int64_t t = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; t < total;
         t += (int64_t)gridDim.x * blockDim.x) {
        int64_t ox = t % ow, oy = (t / ow) % oh, c = (t / (ow * oh)) % C, n = t / (ow * oh * C);
        Win r = window_at(p, oy, ox, H, W);
        const char *src = (const char *)x.data + (n * x.strides[0] + c * x.strides[1]) * (int64_t)es;
        char *o = (char *)out.data +
                  (n * out.strides[0] + c * out.strides[1] + oy * out.strides[2] + ox * out.strides[3]) *
                      (int64_t)eo;
        if (p.op == 0) {
            int64_t at = r.y0 * W + r.x0;
            double best = -INFINITY;
            int64_t ibest = INT64_MIN;
            bool any = false;
            for (int64_t y = r.y0; y < r.y1; y += r.ys)
                for (int64_t xx = r.x0; xx < r.x1; xx += r.xs) {
                    const char *e = src + (y * x.strides[2] + xx * x.strides[3]) * (int64_t)es;
                    if (isint) {
                        int64_t v = to_i64(load_f64(e, x.dtype));
                        if (x.dtype == TC_DTYPE_I64) v = *(const int64_t *)e;
                        if (!any || v > ibest) {
                            ibest = v;
                            at = y * W + xx;
                            any = true;
                        }
                    } else {
                        double v = load_f64(e, x.dtype);
                        if (v > best || v != v) {
                            best = v;
                            at = y * W + xx;
                        }
                    }
                }
            if (isint) {
                if (out.dtype == TC_DTYPE_I64) *(int64_t *)o = ibest;
                else store_any(o, out.dtype, (double)ibest);
            } else {
                store_any(o, out.dtype, best);
            }
            if (has_idx)
                ((int64_t *)idx.data)[n * idx.strides[0] + c * idx.strides[1] + oy * idx.strides[2] +
                                      ox * idx.strides[3]] = at;
        } else {
            double sum = 0;
            int64_t isum = 0;
            for (int64_t y = r.y0; y < r.y1; y++)
                for (int64_t xx = r.x0; xx < r.x1; xx++) {
                    const char *e = src + (y * x.strides[2] + xx * x.strides[3]) * (int64_t)es;
                    if (isint) isum += to_i64(load_f64(e, x.dtype));
                    else sum += load_f64(e, x.dtype);
                }
            int64_t div = pool_divisor(p, r, H, W);
            if (isint) store_any(o, out.dtype, (double)(div ? isum / div : 0));
            else store_any(o, out.dtype, sum / (double)div);
        }
    }
}

/* One input element per thread: the gradients of the windows that read it, in output
 * order. */
__global__ void k_pool2d_backward(gpu_cu_pool p, gpu_cu_view gx, gpu_cu_view g, gpu_cu_view idx,
                                  int64_t total) {
    int64_t C = gx.shape[1], H = gx.shape[2], W = gx.shape[3], oh = p.w.oh, ow = p.w.ow;
    int64_t es = dsize(gx.dtype), eg = dsize(g.dtype);
    for (int64_t t = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; t < total;
         t += (int64_t)gridDim.x * blockDim.x) {
        int64_t xx = t % W, y = (t / W) % H, c = (t / (W * H)) % C, n = t / (W * H * C);
        int64_t oy0, oy1, ox0, ox1; /* candidate windows, inclusive-exclusive */
        if (p.op == 2) {
            oy0 = (y * oh) / H;
            oy1 = ((y + 1) * oh + H - 1) / H;
            ox0 = (xx * ow) / W;
            ox1 = ((xx + 1) * ow + W - 1) / W;
        } else {
            int64_t ey = p.op == 0 ? (p.w.kh - 1) * p.w.dh : p.w.kh - 1;
            int64_t ex = p.op == 0 ? (p.w.kw - 1) * p.w.dw : p.w.kw - 1;
            int64_t ly = y + p.w.ph - ey, lx = xx + p.w.pw - ex;
            oy0 = ly <= 0 ? 0 : (ly + p.w.sh - 1) / p.w.sh;
            ox0 = lx <= 0 ? 0 : (lx + p.w.sw - 1) / p.w.sw;
            oy1 = (y + p.w.ph) / p.w.sh + 1;
            ox1 = (xx + p.w.pw) / p.w.sw + 1;
        }
        if (oy1 > oh) oy1 = oh;
        if (ox1 > ow) ox1 = ow;
        const char *gs = (const char *)g.data + (n * g.strides[0] + c * g.strides[1]) * (int64_t)eg;
        double acc = 0;
        for (int64_t oy = oy0; oy < oy1; oy++)
            for (int64_t ox = ox0; ox < ox1; ox++) {
                double v = load_f64(gs + (oy * g.strides[2] + ox * g.strides[3]) * (int64_t)eg, g.dtype);
                if (p.op == 0) {
                    int64_t at = ((const int64_t *)idx.data)[n * idx.strides[0] + c * idx.strides[1] +
                                                             oy * idx.strides[2] + ox * idx.strides[3]];
                    if (at == y * W + xx) acc += v;
                    continue;
                }
                Win r = window_at(p, oy, ox, H, W);
                if (y < r.y0 || y >= r.y1 || xx < r.x0 || xx >= r.x1) continue;
                acc += v / (double)pool_divisor(p, r, H, W);
            }
        store_any((char *)gx.data + t * (int64_t)es, gx.dtype, acc);
    }
}

} // namespace

int gpu__cu_im2col(const gpu_cu_view *cols, const gpu_cu_view *x, const gpu_cu_window *w,
                   tc_error *err) {
    int64_t total = cols->shape[0] * cols->shape[1] * cols->shape[2];
    if (total == 0) return 0;
    switch (dt_size(x->dtype)) {
    case 1: k_im2col<uint8_t><<<grid_for(total), kThreads>>>(*cols, *x, *w, total); break;
    case 2: k_im2col<uint16_t><<<grid_for(total), kThreads>>>(*cols, *x, *w, total); break;
    case 4: k_im2col<uint32_t><<<grid_for(total), kThreads>>>(*cols, *x, *w, total); break;
    default: k_im2col<uint64_t><<<grid_for(total), kThreads>>>(*cols, *x, *w, total); break;
    }
    LAUNCH_CHECK(err);
    return 0;
}

int gpu__cu_col2im(const gpu_cu_view *x, const gpu_cu_view *cols, const gpu_cu_window *w,
                   tc_error *err) {
    int64_t total = x->shape[0] * x->shape[1] * x->shape[2] * x->shape[3];
    if (total == 0) return 0;
    k_col2im<<<grid_for(total), kThreads>>>(*x, *cols, *w, total);
    LAUNCH_CHECK(err);
    return 0;
}

int gpu__cu_pool2d(const gpu_cu_pool *p, const gpu_cu_view *out, const gpu_cu_view *idx,
                   const gpu_cu_view *x, tc_error *err) {
    int64_t total = out->shape[0] * out->shape[1] * out->shape[2] * out->shape[3];
    if (total == 0) return 0;
    k_pool2d<<<grid_for(total), kThreads>>>(*p, *out, idx ? *idx : *out, idx != nullptr, *x, total);
    LAUNCH_CHECK(err);
    return 0;
}

int gpu__cu_pool2d_backward(const gpu_cu_pool *p, const gpu_cu_view *gx, const gpu_cu_view *g,
                            const gpu_cu_view *idx, tc_error *err) {
    int64_t total = gx->shape[0] * gx->shape[1] * gx->shape[2] * gx->shape[3];
    if (total == 0) return 0;
    k_pool2d_backward<<<grid_for(total), kThreads>>>(*p, *gx, *g, idx ? *idx : *g, total);
    LAUNCH_CHECK(err);
    return 0;
}
