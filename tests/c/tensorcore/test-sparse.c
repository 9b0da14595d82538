/*
 * Sparse COO tests: construction checks, to_dense with duplicates summed, dense to COO in
 * row-major order, coalesce, nnz.
 */
#include "tc-test.h"

int main(void) {
    tc_error err = {0};
    int64_t iv[6] = {0, 1, 0, 2, 0, 2}; /* (0,2) twice, (1,0) */
    tc_tensor *idx = tt_i64(iv, (int64_t[]){2, 3}, 2);
    float vv[3] = {3, 4, 5};
    tc_tensor *val = tt_f32(vv, (int64_t[]){3}, 1);
    tc_tensor *sp = tc_sparse_coo(idx, val, (int64_t[]){2, 3}, 2, &err);
    CHECK(sp && sp->layout == TC_LAYOUT_SPARSE_COO && tc_sparse_nnz(sp) == 3 && !sp->sp_coalesced);
    tc_tensor *dn = tc_sparse_to_dense(sp, &err);
    CHECK(tt_equals(dn, (double[]){0, 0, 8, 4, 0, 0}, (int64_t[]){2, 3}, 2));
    tc_tensor *co = tc_sparse_coalesce(sp, &err);
    CHECK(co && tc_sparse_nnz(co) == 2 && co->sp_coalesced);
    CHECK(tt_equals(co->sp_indices, (double[]){0, 1, 2, 0}, (int64_t[]){2, 2}, 2));
    CHECK(tt_equals(co->sp_values, (double[]){8, 4}, (int64_t[]){2}, 1));
    tc_tensor *back = tc_dense_to_sparse(dn, &err);
    CHECK(tc_sparse_nnz(back) == 2 && tt_equals(back->sp_indices, (double[]){0, 1, 2, 0}, (int64_t[]){2, 2}, 2));
    tc_tensor *inferred = tc_sparse_coo(idx, val, NULL, 0, &err);
    CHECK(inferred && inferred->shape[0] == 2 && inferred->shape[1] == 3);
    CHECK(tc_sparse_coo(idx, val, (int64_t[]){2, 2}, 2, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "size is inconsistent with indices: for dim 1, size is 2 but found index 2");
    tc_tensor *val2 = tt_f32(vv, (int64_t[]){2}, 1);
    CHECK(tc_sparse_coo(idx, val2, (int64_t[]){2, 3}, 2, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "indices and values must have same nnz, but got nnz from indices: 3, nnz from values: 2");
    tc_tensor *d64 = tc_to(co, TC_DTYPE_F64, tc_device_cpu(), NULL, &err);
    CHECK(d64 && d64->layout == TC_LAYOUT_SPARSE_COO && d64->dtype == TC_DTYPE_F64 && d64->sp_coalesced);
    tc_tensor_unref(d64);
    tc_tensor *eye = tc_eye(3, 3, TC_DTYPE_F32, tc_device_cpu(), &err);
    tc_tensor *prod = tc_matmul(sp, eye, &err); /* sparse @ dense is dense */
    CHECK(prod && prod->layout == TC_LAYOUT_STRIDED && tt_equals(prod, (double[]){0, 0, 8, 4, 0, 0}, (int64_t[]){2, 3}, 2));
    CHECK(tc_cat((tc_tensor *[]){sp, sp}, 2, 0, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_NOT_IMPLEMENTED, "Could not run 'aten::cat' with arguments from the 'SparseCPU' backend.");
    CHECK(tc_copy_(sp, dn, &err) == -1);
    CHECK_ERR(&err, TC_EXC_NOT_IMPLEMENTED, "Could not run 'aten::copy_' with arguments from the 'SparseCPU' backend.");
    tc_tensor_unref(eye);
    tc_tensor_unref(prod);
    tc_tensor *out;
    CHECK(tc_numpy_check(sp, false, &out, &err) == -1);
    CHECK_ERR(&err, TC_EXC_TYPE, "can't convert Sparse layout tensor to numpy. Use Tensor.to_dense() first.");
    CHECK_OK(&err);
    tc_tensor *all[] = {idx, val, sp, dn, co, back, inferred, val2};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
    return tt_finish("test-sparse");
}
