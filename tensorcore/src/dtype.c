/*
 * tensorcore dtypes: names (with torch's aliases), PyTorch's promote_types, and element
 * loads/stores with PyTorch's casting (float to int truncates toward zero).
 */
#include <math.h>

#include "tensorcore/dtype.h"

typedef struct dtype_info {
    size_t size;
    tc_dtype_kind kind;
    const char *name, *numpy, *cpp;
} dtype_info;

static const dtype_info infos[TC_DTYPE_COUNT] = {
#define TC__DT_INFO(id, ct, sz, kind, tn, nn, cn) {sz, kind, tn, nn, cn},
    TC_DTYPE_LIST(TC__DT_INFO)
#undef TC__DT_INFO
};

/* Bytes per element. */
size_t tc_dtype_size(tc_dtype dt) { return infos[dt].size; }

/* bool, integer or floating kind. */
tc_dtype_kind tc_dtype_kind_of(tc_dtype dt) { return infos[dt].kind; }

/* PyTorch's name without the "torch." prefix. */
static tc_dtype default_float = TC_DTYPE_F32;

tc_dtype tc_default_float(void) { return default_float; }

void tc_set_default_float(tc_dtype dt) {
    if (tc_dtype_is_float(dt)) default_float = dt;
}

tc_dtype tc_default_complex(void) { return default_float == TC_DTYPE_F64 ? TC_DTYPE_C128 : TC_DTYPE_C64; }

const char *tc_dtype_name(tc_dtype dt) {
    if ((int)dt < 0 || dt >= TC_DTYPE_COUNT) return "unknown";
    return infos[dt].name;
}

/* NumPy's name, or NULL where NumPy has no such dtype. */
const char *tc_dtype_numpy_name(tc_dtype dt) {
    const char *n = infos[dt].numpy;
    return n[0] ? n : NULL;
}

/* The C++ element type name PyTorch's messages print. */
const char *tc_dtype_cpp_name(tc_dtype dt) {
    if ((int)dt < 0 || dt >= TC_DTYPE_COUNT) return "unknown";
    return infos[dt].cpp;
}

static const struct { const char *alias; tc_dtype dt; } aliases[] = {
    {"float", TC_DTYPE_F32}, {"double", TC_DTYPE_F64}, {"half", TC_DTYPE_F16},
    {"long", TC_DTYPE_I64},  {"int", TC_DTYPE_I32},    {"short", TC_DTYPE_I16},
    {"cfloat", TC_DTYPE_C64}, {"cdouble", TC_DTYPE_C128},
};

/* Parse a dtype name or torch alias ("torch." prefix accepted). 0 or -1 when unknown. */
int tc_dtype_from_name(const char *name, tc_dtype *out) {
    if (!name) return -1;
    if (strncmp(name, "torch.", 6) == 0) name += 6;
    for (int i = 0; i < TC_DTYPE_COUNT; i++) {
        if (strcmp(name, infos[i].name) == 0) { *out = (tc_dtype)i; return 0; }
    }
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        if (strcmp(name, aliases[i].alias) == 0) { *out = aliases[i].dt; return 0; }
    }
    return -1;
}

/* torch.promote_types: bool yields to anything; u8 with i8 widens to i16; integers yield
 * to floats; f16 with bf16 is f32; otherwise the wider type of the kind wins. */
tc_dtype tc_dtype_promote(tc_dtype a, tc_dtype b) {
    if (a == b) return a;
    if (tc_dtype_is_complex(a) || tc_dtype_is_complex(b)) {
        /* the parts' promotion decides the width: float64 with complex64 is complex128 */
        tc_dtype ra = tc_dtype_to_real(a), rb = tc_dtype_to_real(b);
        tc_dtype r = tc_dtype_is_complex(a) ? ra : rb, o = tc_dtype_is_complex(a) ? rb : ra;
        if (tc_dtype_is_float(o)) r = tc_dtype_promote(r, o);
        return tc_dtype_to_complex(r);
    }
    if (a == TC_DTYPE_BOOL) return b;
    if (b == TC_DTYPE_BOOL) return a;
    tc_dtype_kind ka = infos[a].kind, kb = infos[b].kind;
    if (ka == TC_KIND_INT && kb == TC_KIND_INT) {
        if ((a == TC_DTYPE_U8 && b == TC_DTYPE_I8) || (a == TC_DTYPE_I8 && b == TC_DTYPE_U8))
            return TC_DTYPE_I16;
        return a > b ? a : b;
    }
    if (ka == TC_KIND_FLOAT && kb == TC_KIND_FLOAT) {
        if ((a == TC_DTYPE_F16 && b == TC_DTYPE_BF16) || (a == TC_DTYPE_BF16 && b == TC_DTYPE_F16))
            return TC_DTYPE_F32;
        return a > b ? a : b;
    }
    return ka == TC_KIND_FLOAT ? a : b;
}

/* One element as double. */
double tc_load_f64(const void *p, tc_dtype dt) {
    switch (dt) {
    case TC_DTYPE_BOOL: return *(const bool *)p ? 1.0 : 0.0;
    case TC_DTYPE_U8: return *(const uint8_t *)p;
    case TC_DTYPE_I8: return *(const int8_t *)p;
    case TC_DTYPE_I16: return *(const int16_t *)p;
    case TC_DTYPE_I32: return *(const int32_t *)p;
    case TC_DTYPE_I64: return (double)*(const int64_t *)p;
    case TC_DTYPE_F16: return tc_f16_to_f32(*(const uint16_t *)p);
    case TC_DTYPE_BF16: return tc_bf16_to_f32(*(const uint16_t *)p);
    case TC_DTYPE_F32: return *(const float *)p;
    case TC_DTYPE_F64: return *(const double *)p;
    case TC_DTYPE_C64: return ((const tc_complex64 *)p)->re;
    case TC_DTYPE_C128: return ((const tc_complex128 *)p)->re;
    default: return 0.0;
    }
}

/* Float to int64 as PyTorch on x86: truncation; NaN and out-of-range give INT64_MIN. */
static int64_t f64_to_i64(double v) {
    if (!(v > -9223372036854775808.0 && v < 9223372036854775808.0)) return INT64_MIN;
    return (int64_t)v;
}

/* One element as int64 (floats truncate toward zero). */
int64_t tc_load_i64(const void *p, tc_dtype dt) {
    switch (dt) {
    case TC_DTYPE_BOOL: return *(const bool *)p ? 1 : 0;
    case TC_DTYPE_U8: return *(const uint8_t *)p;
    case TC_DTYPE_I8: return *(const int8_t *)p;
    case TC_DTYPE_I16: return *(const int16_t *)p;
    case TC_DTYPE_I32: return *(const int32_t *)p;
    case TC_DTYPE_I64: return *(const int64_t *)p;
    default: return f64_to_i64(tc_load_f64(p, dt));
    }
}

/* Store v converted to dt (float to int truncates; to bool: nonzero). */
void tc_store_f64(void *p, tc_dtype dt, double v) {
    switch (dt) {
    case TC_DTYPE_BOOL: *(bool *)p = v != 0.0; break;
    case TC_DTYPE_F16: *(uint16_t *)p = tc_f32_to_f16((float)v); break;
    case TC_DTYPE_BF16: *(uint16_t *)p = tc_f32_to_bf16((float)v); break;
    case TC_DTYPE_F32: *(float *)p = (float)v; break;
    case TC_DTYPE_F64: *(double *)p = v; break;
    case TC_DTYPE_C64: ((tc_complex64 *)p)->re = (float)v; ((tc_complex64 *)p)->im = 0; break;
    case TC_DTYPE_C128: ((tc_complex128 *)p)->re = v; ((tc_complex128 *)p)->im = 0; break;
    default: tc_store_i64(p, dt, f64_to_i64(v)); break;
    }
}

/* Store an integer converted to dt (narrowing wraps, as a C cast). */
void tc_store_i64(void *p, tc_dtype dt, int64_t v) {
    switch (dt) {
    case TC_DTYPE_BOOL: *(bool *)p = v != 0; break;
    case TC_DTYPE_U8: *(uint8_t *)p = (uint8_t)v; break;
    case TC_DTYPE_I8: *(int8_t *)p = (int8_t)v; break;
    case TC_DTYPE_I16: *(int16_t *)p = (int16_t)v; break;
    case TC_DTYPE_I32: *(int32_t *)p = (int32_t)v; break;
    case TC_DTYPE_I64: *(int64_t *)p = v; break;
    default: tc_store_f64(p, dt, (double)v); break;
    }
}

/* One element as a complex number (real dtypes: imaginary part 0). */
void tc_load_c128(const void *p, tc_dtype dt, double *re, double *im) {
    if (dt == TC_DTYPE_C64) {
        *re = ((const tc_complex64 *)p)->re;
        *im = ((const tc_complex64 *)p)->im;
    } else if (dt == TC_DTYPE_C128) {
        *re = ((const tc_complex128 *)p)->re;
        *im = ((const tc_complex128 *)p)->im;
    } else {
        *re = tc_load_f64(p, dt);
        *im = 0;
    }
}

/* Store a complex number; a real dtype keeps the real part. */
void tc_store_c128(void *p, tc_dtype dt, double re, double im) {
    if (dt == TC_DTYPE_C64) {
        ((tc_complex64 *)p)->re = (float)re;
        ((tc_complex64 *)p)->im = (float)im;
    } else if (dt == TC_DTYPE_C128) {
        ((tc_complex128 *)p)->re = re;
        ((tc_complex128 *)p)->im = im;
    } else {
        tc_store_f64(p, dt, re);
    }
}
