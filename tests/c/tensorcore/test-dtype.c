/*
 * dtype tests: names and torch aliases, promote_types against PyTorch's table, half
 * conversions, loads and stores with PyTorch's casting.
 */
#include "tc-test.h"

static void names(void) {
    tc_dtype d;
    CHECK(strcmp(tc_dtype_name(TC_DTYPE_F32), "float32") == 0);
    CHECK(tc_dtype_from_name("float", &d) == 0 && d == TC_DTYPE_F32);
    CHECK(tc_dtype_from_name("double", &d) == 0 && d == TC_DTYPE_F64);
    CHECK(tc_dtype_from_name("long", &d) == 0 && d == TC_DTYPE_I64);
    CHECK(tc_dtype_from_name("int", &d) == 0 && d == TC_DTYPE_I32);
    CHECK(tc_dtype_from_name("half", &d) == 0 && d == TC_DTYPE_F16);
    CHECK(tc_dtype_from_name("torch.bfloat16", &d) == 0 && d == TC_DTYPE_BF16);
    CHECK(tc_dtype_from_name("complex64", &d) == 0 && d == TC_DTYPE_C64);
    CHECK(tc_dtype_from_name("cdouble", &d) == 0 && d == TC_DTYPE_C128);
    CHECK(tc_dtype_from_name("complex32", &d) == -1);
    CHECK(tc_dtype_size(TC_DTYPE_C64) == 8 && tc_dtype_size(TC_DTYPE_C128) == 16);
    CHECK(tc_dtype_is_complex(TC_DTYPE_C64) && !tc_dtype_is_float(TC_DTYPE_C64) && tc_dtype_is_inexact(TC_DTYPE_C128));
    CHECK(tc_dtype_to_real(TC_DTYPE_C128) == TC_DTYPE_F64 && tc_dtype_to_complex(TC_DTYPE_F32) == TC_DTYPE_C64);
    CHECK(tc_dtype_numpy_name(TC_DTYPE_BF16) == NULL);
    CHECK(strcmp(tc_dtype_numpy_name(TC_DTYPE_U8), "uint8") == 0);
    CHECK(tc_dtype_size(TC_DTYPE_BF16) == 2 && tc_dtype_size(TC_DTYPE_I64) == 8);
}

static void promotion(void) {
    /* values from torch.promote_types */
    CHECK(tc_dtype_promote(TC_DTYPE_U8, TC_DTYPE_I8) == TC_DTYPE_I16);
    CHECK(tc_dtype_promote(TC_DTYPE_U8, TC_DTYPE_I16) == TC_DTYPE_I16);
    CHECK(tc_dtype_promote(TC_DTYPE_BOOL, TC_DTYPE_U8) == TC_DTYPE_U8);
    CHECK(tc_dtype_promote(TC_DTYPE_I32, TC_DTYPE_I64) == TC_DTYPE_I64);
    CHECK(tc_dtype_promote(TC_DTYPE_I64, TC_DTYPE_F16) == TC_DTYPE_F16);
    CHECK(tc_dtype_promote(TC_DTYPE_F16, TC_DTYPE_BF16) == TC_DTYPE_F32);
    CHECK(tc_dtype_promote(TC_DTYPE_BF16, TC_DTYPE_F32) == TC_DTYPE_F32);
    CHECK(tc_dtype_promote(TC_DTYPE_F32, TC_DTYPE_F64) == TC_DTYPE_F64);
    CHECK(tc_dtype_promote(TC_DTYPE_BOOL, TC_DTYPE_BOOL) == TC_DTYPE_BOOL);
    CHECK(tc_dtype_promote(TC_DTYPE_I8, TC_DTYPE_BF16) == TC_DTYPE_BF16);
    CHECK(tc_dtype_promote(TC_DTYPE_F64, TC_DTYPE_C64) == TC_DTYPE_C128);
    CHECK(tc_dtype_promote(TC_DTYPE_I64, TC_DTYPE_C64) == TC_DTYPE_C64);
    CHECK(tc_dtype_promote(TC_DTYPE_F16, TC_DTYPE_C64) == TC_DTYPE_C64);
    CHECK(tc_dtype_promote(TC_DTYPE_BF16, TC_DTYPE_C64) == TC_DTYPE_C64);
    CHECK(tc_dtype_promote(TC_DTYPE_C64, TC_DTYPE_C128) == TC_DTYPE_C128);
    CHECK(tc_dtype_promote(TC_DTYPE_BOOL, TC_DTYPE_C128) == TC_DTYPE_C128);
    CHECK(tc_dtype_promote(TC_DTYPE_C128, TC_DTYPE_U8) == TC_DTYPE_C128);
}

static void conversions(void) {
    CHECK(tc_f16_to_f32(tc_f32_to_f16(1.5f)) == 1.5f);
    CHECK(tc_f32_to_f16(65520.0f) == 0x7c00); /* rounds to inf */
    CHECK(isnan(tc_f16_to_f32(tc_f32_to_f16(NAN))));
    CHECK(tc_bf16_to_f32(tc_f32_to_bf16(3.0f)) == 3.0f);
    unsigned char buf[8];
    tc_store_f64(buf, TC_DTYPE_I32, -2.7);
    CHECK(tc_load_i64(buf, TC_DTYPE_I32) == -2);
    tc_store_f64(buf, TC_DTYPE_BOOL, 0.1);
    CHECK(tc_load_i64(buf, TC_DTYPE_BOOL) == 1);
    tc_store_i64(buf, TC_DTYPE_U8, 300);
    CHECK(tc_load_i64(buf, TC_DTYPE_U8) == 44);
    tc_store_i64(buf, TC_DTYPE_I64, INT64_MAX);
    CHECK(tc_load_i64(buf, TC_DTYPE_I64) == INT64_MAX);
    /* complex: a real load reads the real part, a real store clears the imaginary part */
    double re, im, c[2];
    tc_store_c128(buf, TC_DTYPE_C64, 1.5, -2.25);
    tc_load_c128(buf, TC_DTYPE_C64, &re, &im);
    CHECK(re == 1.5 && im == -2.25 && tc_load_f64(buf, TC_DTYPE_C64) == 1.5);
    tc_store_f64(buf, TC_DTYPE_C64, 3.0);
    tc_load_c128(buf, TC_DTYPE_C64, &re, &im);
    CHECK(re == 3.0 && im == 0.0);
    tc_store_c128(c, TC_DTYPE_C128, -0.5, 4.0);
    CHECK(c[0] == -0.5 && c[1] == 4.0 && tc_load_i64(c, TC_DTYPE_C128) == 0);
    tc_load_c128(buf, TC_DTYPE_F32, &re, &im); /* a real element reads as (value, 0) */
    CHECK(im == 0.0);
}

static void errors(void) {
    tc_error err = {0};
    CHECK(tc_error_set(&err, TC_EXC_TYPE, "first %d", 1) == -1);
    tc_error_set(&err, TC_EXC_VALUE, "second");
    CHECK_ERR(&err, TC_EXC_TYPE, "first 1"); /* first error wins */
    CHECK(strcmp(tc_exc_name(TC_EXC_KEYBOARD_INTERRUPT), "KeyboardInterrupt") == 0);
    tc_interrupt_raise();
    CHECK(tc_interrupt_pending());
    CHECK(tc_interrupt_check(&err) == -1 && err.type == TC_EXC_KEYBOARD_INTERRUPT);
    CHECK(!tc_interrupt_pending());
    tc_error_clear(&err);
    CHECK(!tc_error_is_set(&err));
}

int main(void) {
    names();
    promotion();
    conversions();
    errors();
    return tt_finish("test-dtype");
}
