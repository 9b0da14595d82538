/*
 * tensorcore dtypes: one X-macro list gives the enum, PyTorch's and NumPy's names,
 * element sizes and kinds. Order follows PyTorch's promotion lattice within a kind;
 * new dtypes go at the end.
 */
#ifndef TENSORCORE_DTYPE_H
#define TENSORCORE_DTYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* X(ID, ctype-or-storage, size, kind, torch name, numpy name ("" = none), C++ type name that
 * PyTorch's error messages print ("float != long int")) */
#define TC_DTYPE_LIST(X)                                              \
    X(BOOL, bool, 1, TC_KIND_BOOL, "bool", "bool", "bool")            \
    X(U8, uint8_t, 1, TC_KIND_INT, "uint8", "uint8", "unsigned char") \
    X(I8, int8_t, 1, TC_KIND_INT, "int8", "int8", "signed char")      \
    X(I16, int16_t, 2, TC_KIND_INT, "int16", "int16", "short int")    \
    X(I32, int32_t, 4, TC_KIND_INT, "int32", "int32", "int")          \
    X(I64, int64_t, 8, TC_KIND_INT, "int64", "int64", "long int")     \
    X(F16, uint16_t, 2, TC_KIND_FLOAT, "float16", "float16", "c10::Half") \
    X(BF16, uint16_t, 2, TC_KIND_FLOAT, "bfloat16", "", "c10::BFloat16") \
    X(F32, float, 4, TC_KIND_FLOAT, "float32", "float32", "float")    \
    X(F64, double, 8, TC_KIND_FLOAT, "float64", "float64", "double")         \
    X(C64, tc_complex64, 8, TC_KIND_COMPLEX, "complex64", "complex64", "c10::complex<float>") \
    X(C128, tc_complex128, 16, TC_KIND_COMPLEX, "complex128", "complex128", "c10::complex<double>")

typedef enum tc_dtype_kind { TC_KIND_BOOL, TC_KIND_INT, TC_KIND_FLOAT, TC_KIND_COMPLEX } tc_dtype_kind;

/* Complex elements: the real part then the imaginary part, as C99's complex types and
 * PyTorch's c10::complex lay them out (a complex tensor's memory is a float tensor's with
 * a trailing dim of 2, which view_as_real exposes). */
typedef struct tc_complex64 { float re, im; } tc_complex64;
typedef struct tc_complex128 { double re, im; } tc_complex128;

typedef enum tc_dtype {
#define TC__DT_ENUM(id, ct, sz, kind, tn, nn, cn) TC_DTYPE_##id,
    TC_DTYPE_LIST(TC__DT_ENUM)
#undef TC__DT_ENUM
    TC_DTYPE_COUNT
} tc_dtype;

size_t tc_dtype_size(tc_dtype dt);
tc_dtype_kind tc_dtype_kind_of(tc_dtype dt);
/* "float32"; PyTorch prints it as "torch.float32". */
const char *tc_dtype_name(tc_dtype dt);
/* NumPy's name ("float32"), or NULL where NumPy has none (bfloat16). */
const char *tc_dtype_numpy_name(tc_dtype dt);
/* The C++ element type PyTorch's messages name ("float", "long int", "c10::Half"). */
const char *tc_dtype_cpp_name(tc_dtype dt);
/* Parse "float32", "float", "double", "long", "int", "half", "bfloat16", ... (torch aliases
 * included). Returns 0 and sets *out, or -1 when the name is unknown. */
int tc_dtype_from_name(const char *name, tc_dtype *out);
static inline bool tc_dtype_is_float(tc_dtype dt) { return tc_dtype_kind_of(dt) == TC_KIND_FLOAT; }
/* torch.get_default_dtype(): the dtype of Python floats made into tensors, of factories
 * without a dtype, of true division and float-only ops on integers (float32 unless
 * torch.set_default_dtype chose float64, float16 or bfloat16); process-wide, as in PyTorch. */
tc_dtype tc_default_float(void);
void tc_set_default_float(tc_dtype dt); /* a floating dtype */
/* The default complex dtype that goes with it: complex128 for float64, else complex64. */
tc_dtype tc_default_complex(void);
static inline bool tc_dtype_is_complex(tc_dtype dt) { return tc_dtype_kind_of(dt) == TC_KIND_COMPLEX; }
/* Floating or complex: the dtypes that can require gradients and that true division keeps. */
static inline bool tc_dtype_is_inexact(tc_dtype dt) { return tc_dtype_is_float(dt) || tc_dtype_is_complex(dt); }
/* The dtype of a complex dtype's parts (complex64 -> float32); other dtypes map to themselves. */
static inline tc_dtype tc_dtype_to_real(tc_dtype dt) {
    return dt == TC_DTYPE_C64 ? TC_DTYPE_F32 : dt == TC_DTYPE_C128 ? TC_DTYPE_F64 : dt;
}
/* PyTorch's toComplexType: float64 -> complex128, complex dtypes stay; every other dtype
 * (float32, and float16/bfloat16, whose complex32 tensorcore lacks) -> complex64. */
static inline tc_dtype tc_dtype_to_complex(tc_dtype dt) {
    return dt == TC_DTYPE_F64 || dt == TC_DTYPE_C128 ? TC_DTYPE_C128 : TC_DTYPE_C64;
}

/* PyTorch's promote_types for two tensor dtypes. */
tc_dtype tc_dtype_promote(tc_dtype a, tc_dtype b);

/* Half-precision conversions (round to nearest even, NaN and Inf preserved). */
static inline float tc_f16_to_f32(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16, exp = (h >> 10) & 0x1f, man = h & 0x3ff, bits;
    if (exp == 0) {
        if (man == 0) {
            bits = sign;
        } else { /* subnormal: renormalise */
            exp = 127 - 15 + 1;
            while (!(man & 0x400)) { man <<= 1; exp--; }
            man &= 0x3ff;
            bits = sign | (exp << 23) | (man << 13);
        }
    } else if (exp == 0x1f) {
        bits = sign | 0x7f800000u | (man << 13);
    } else {
        bits = sign | ((exp + 127 - 15) << 23) | (man << 13);
    }
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

static inline uint16_t tc_f32_to_f16(float f) {
    uint32_t x;
    memcpy(&x, &f, 4);
    uint32_t sign = (x >> 16) & 0x8000;
    int32_t exp = (int32_t)((x >> 23) & 0xff) - 127 + 15;
    uint32_t man = x & 0x7fffff;
    if (((x >> 23) & 0xff) == 0xff) return (uint16_t)(sign | 0x7c00 | (man ? 0x200 : 0));
    if (exp >= 0x1f) return (uint16_t)(sign | 0x7c00);
    if (exp <= 0) {
        if (exp < -10) return (uint16_t)sign;
        man |= 0x800000;
        uint32_t shift = (uint32_t)(14 - exp);
        uint32_t half = man >> shift;
        uint32_t rem = man & ((1u << shift) - 1), mid = 1u << (shift - 1);
        if (rem > mid || (rem == mid && (half & 1))) half++;
        return (uint16_t)(sign | half);
    }
    uint32_t h = sign | ((uint32_t)exp << 10) | (man >> 13);
    uint32_t rem = man & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (h & 1))) h++;
    return (uint16_t)h;
}

static inline float tc_bf16_to_f32(uint16_t b) {
    uint32_t bits = (uint32_t)b << 16;
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

static inline uint16_t tc_f32_to_bf16(float f) {
    uint32_t x;
    memcpy(&x, &f, 4);
    if ((x & 0x7fffffff) > 0x7f800000) return (uint16_t)((x >> 16) | 0x40);
    x += 0x7fff + ((x >> 16) & 1);
    return (uint16_t)(x >> 16);
}

/* Read one element of dtype 'dt' at 'p' as double / int64 (bool → 0/1, floats truncate,
 * complex: the real part, as PyTorch's complex-to-real cast). */
double tc_load_f64(const void *p, tc_dtype dt);
int64_t tc_load_i64(const void *p, tc_dtype dt);
/* Store a value converted to 'dt' (PyTorch casting: float → int truncates toward zero). */
void tc_store_f64(void *p, tc_dtype dt, double v);
void tc_store_i64(void *p, tc_dtype dt, int64_t v);
/* Complex element access: any dtype reads as (value, 0); a store to a real dtype keeps the
 * real part. */
void tc_load_c128(const void *p, tc_dtype dt, double *re, double *im);
void tc_store_c128(void *p, tc_dtype dt, double re, double im);

#ifdef __cplusplus
}
#endif
#endif
