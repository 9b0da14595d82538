/*
 * Tests of the NumPy hand-over rules and .item(): PyTorch's check order and messages,
 * numpy() shares memory (same tensor back), bfloat16 refused, item kinds by dtype.
 */
#include "tc-test.h"

int main(void) {
    tc_error err = {0};
    tc_tensor *t = tc_arange(0, 6, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    tc_tensor *v = tc_view(t, (int64_t[]){2, 3}, 2, &err);
    tc_tensor *tt = tc_t(v, &err);
    tc_tensor *out;
    CHECK(tc_numpy_check(tt, false, &out, &err) == 0 && out == tt); /* non-contiguous: no copy */
    tc_tensor_unref(out);
    tc_tensor *bf = tc_to(t, TC_DTYPE_BF16, tc_device_cpu(), NULL, &err);
    CHECK(tc_numpy_check(bf, false, &out, &err) == -1);
    CHECK_ERR(&err, TC_EXC_TYPE, "Got unsupported ScalarType BFloat16");
    /* sparse is checked before requires_grad and bfloat16 */
    tc_set_requires_grad(bf, true, &err);
    CHECK(tc_numpy_check(bf, false, &out, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
    tc_set_grad_enabled(false);
    CHECK(tc_numpy_check(bf, false, &out, &err) == -1);
    CHECK_ERR(&err, TC_EXC_TYPE, "Got unsupported ScalarType BFloat16");
    tc_set_grad_enabled(true);

    tc_scalar s;
    CHECK(tc_item(t, &s, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "a Tensor with 6 elements cannot be converted to Scalar");
    tc_tensor *sel = tc_select(t, 0, 5, &err);
    tc_tensor *one = tc_view(sel, (int64_t[]){1, 1}, 2, &err);
    CHECK(tc_item(one, &s, &err) == 0 && s.kind == TC_SCALAR_FLOAT && s.v.f == 5.0);
    tc_tensor *i = tc_full(NULL, 0, 7, TC_DTYPE_I16, tc_device_cpu(), &err);
    CHECK(tc_item(i, &s, &err) == 0 && s.kind == TC_SCALAR_INT && s.v.i == 7);
    tc_tensor *b = tc_full(NULL, 0, 1, TC_DTYPE_BOOL, tc_device_cpu(), &err);
    CHECK(tc_item(b, &s, &err) == 0 && s.kind == TC_SCALAR_BOOL && s.v.b);
    tc_tensor *h = tc_full(NULL, 0, 0.1, TC_DTYPE_F16, tc_device_cpu(), &err);
    CHECK(tc_item(h, &s, &err) == 0 && s.v.f == (double)tc_f16_to_f32(tc_f32_to_f16(0.1f)));
    CHECK_OK(&err);
    tc_tensor *all[] = {t, v, tt, bf, sel, one, i, b, h};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
    tc_storage_stats st;
    tc_storage_stats_get(&st);
    CHECK(st.live_storages == 0);
    return tt_finish("test-numpy");
}
