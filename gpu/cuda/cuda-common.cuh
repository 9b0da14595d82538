/*
 * Shared by the CUDA sources: error checking (every runtime call goes through CUDA_CHECK,
 * which names the statement, file and line in the RuntimeError the user sees) and the
 * device-side dtype traits (float16/bfloat16 are stored as 16 bits and computed in float).
 */
#ifndef GPU_CUDA_COMMON_CUH
#define GPU_CUDA_COMMON_CUH

/* error.h is C11; _Noreturn has a C++ spelling. */
#define _Noreturn [[noreturn]]
#include "cuda-impl.h"
#undef _Noreturn

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <stdint.h>

#include <type_traits>

/* Set err to "CUDA error: <text>" naming the failing statement and place; returns -1. */
int gpu__cu_fail(tc_error *err, cudaError_t e, const char *stmt, const char *file, int line);

#define CUDA_CHECK(stmt, err)                                                                      \
    do {                                                                                           \
        cudaError_t cu_e_ = (stmt);                                                                \
        if (cu_e_ != cudaSuccess) return gpu__cu_fail((err), cu_e_, #stmt, __FILE__, __LINE__);    \
    } while (0)

/* Scratch device memory for the kernels (from the caching allocator). */
void *gpu__cu_scratch(size_t nbytes, tc_error *err);
void gpu__cu_scratch_free(void *p);

/* ---- dtype traits ------------------------------------------------------------------- */

struct gpu_half {
    uint16_t bits;
};
struct gpu_bhalf {
    uint16_t bits;
};

template <typename S> struct Ty {
    typedef S C; /* compute type */
    static __device__ __forceinline__ C ld(const S *p) { return *p; }
};
template <> struct Ty<gpu_half> {
    typedef float C;
    static __device__ __forceinline__ float ld(const gpu_half *p) {
        return __half2float(__ushort_as_half(p->bits));
    }
};
template <> struct Ty<gpu_bhalf> {
    typedef float C;
    static __device__ __forceinline__ float ld(const gpu_bhalf *p) {
        return __bfloat162float(__ushort_as_bfloat16(p->bits));
    }
};

/* Float to int64 as tensorcore does on x86 (truncation; NaN and out-of-range give INT64_MIN,
 * where CUDA's own conversion would give 0 or saturate). */
template <typename V> __device__ __forceinline__ int64_t to_i64(V v) {
    if constexpr (std::is_floating_point<V>::value) {
        if (!(v > (V)-9223372036854775808.0 && v < (V)9223372036854775808.0)) return INT64_MIN;
    }
    return (int64_t)v;
}

/* Store v converted to dtype dt at p, with tensorcore's casting rules (bool is v != 0;
 * floats reach narrow integers through int64 and wrap). */
template <typename V> __device__ __forceinline__ void store_any(void *p, int dt, V v) {
    switch (dt) {
    case TC_DTYPE_BOOL:
        *(bool *)p = v != V(0);
        break;
    case TC_DTYPE_U8:
        *(uint8_t *)p = (uint8_t)to_i64(v);
        break;
    case TC_DTYPE_I8:
        *(int8_t *)p = (int8_t)to_i64(v);
        break;
    case TC_DTYPE_I16:
        *(int16_t *)p = (int16_t)to_i64(v);
        break;
    case TC_DTYPE_I32:
        *(int32_t *)p = (int32_t)to_i64(v);
        break;
    case TC_DTYPE_I64:
        *(int64_t *)p = to_i64(v);
        break;
    case TC_DTYPE_F16:
        *(uint16_t *)p = __half_as_ushort(__float2half_rn((float)v));
        break;
    case TC_DTYPE_BF16:
        *(uint16_t *)p = __bfloat16_as_ushort(__float2bfloat16_rn((float)v));
        break;
    case TC_DTYPE_F32:
        *(float *)p = (float)v;
        break;
    default:
        *(double *)p = (double)v;
        break;
    }
}

/* Host: call F.template operator()<S>() with S the storage type of dt. */
template <typename F> static int dispatch_dtype(tc_dtype dt, F &&f) {
    switch (dt) {
    case TC_DTYPE_BOOL:
        return f((bool *)0);
    case TC_DTYPE_U8:
        return f((uint8_t *)0);
    case TC_DTYPE_I8:
        return f((int8_t *)0);
    case TC_DTYPE_I16:
        return f((int16_t *)0);
    case TC_DTYPE_I32:
        return f((int32_t *)0);
    case TC_DTYPE_I64:
        return f((int64_t *)0);
    case TC_DTYPE_F16:
        return f((gpu_half *)0);
    case TC_DTYPE_BF16:
        return f((gpu_bhalf *)0);
    case TC_DTYPE_F32:
        return f((float *)0);
    default:
        return f((double *)0);
    }
}

#endif
