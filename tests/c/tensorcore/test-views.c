/*
 * View tests: shapes and strides of view/reshape/transpose/permute/squeeze/unsqueeze/
 * expand/flatten/select/slice as PyTorch reports them, storage sharing, and PyTorch's
 * exact error messages.
 */
#include "tc-test.h"

static bool strides_are(tc_tensor *t, const int64_t *s) {
    for (int i = 0; i < t->ndim; i++)
        if (t->strides[i] != s[i]) return false;
    return true;
}

int main(void) {
    tc_error err = {0};
    tc_tensor *a = tc_arange(0, 24, 1, TC_DTYPE_I64, tc_device_cpu(), &err);
    int64_t s234[3] = {2, 3, 4};
    tc_tensor *v = tc_view(a, s234, 3, &err);
    CHECK_OK(&err);
    CHECK(strides_are(v, (int64_t[]){12, 4, 1}) && tc_tensor_storage(v) == tc_tensor_storage(a));
    tc_tensor *inf = tc_view(a, (int64_t[]){-1, 6}, 2, &err);
    CHECK(inf && inf->shape[0] == 4);
    CHECK(tc_view(a, (int64_t[]){5}, 1, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "shape '[5]' is invalid for input of size 24");
    CHECK(tc_view(a, (int64_t[]){-1, -1}, 2, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "only one dimension can be inferred");

    tc_tensor *tr = tc_transpose(v, 0, 2, &err);
    CHECK(tr->shape[0] == 4 && tr->shape[2] == 2 && strides_are(tr, (int64_t[]){1, 4, 12}));
    CHECK(!tc_is_contiguous(tr));
    CHECK(tc_view(tr, (int64_t[]){24}, 1, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME,
              "view size is not compatible with input tensor's size and stride (at least one dimension "
              "spans across two contiguous subspaces). Use .reshape(...) instead.");
    tc_tensor *rs = tc_reshape(tr, (int64_t[]){24}, 1, &err);
    CHECK(rs && tc_tensor_storage(rs) != tc_tensor_storage(a) && tt_at(rs, 1) == 12);
    tc_tensor *c = tc_contiguous(v, &err);
    CHECK(c == v); /* already contiguous: self */
    tc_tensor_unref(c);

    int perm[3] = {2, 0, 1};
    tc_tensor *p = tc_permute(v, perm, 3, &err);
    CHECK(p->shape[0] == 4 && p->shape[1] == 2 && strides_are(p, (int64_t[]){1, 12, 4}));
    CHECK(tc_permute(v, (int[]){0, 0, 1}, 3, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "permute(): duplicate dims are not allowed.");
    CHECK(tc_transpose(v, 0, 3, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_INDEX, "Dimension out of range (expected to be in range of [-3, 2], but got 3)");
    CHECK(tc_t(v, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "t() expects a tensor with <= 2 dimensions, but self is 3D");

    tc_tensor *u = tc_unsqueeze(v, 1, &err);
    CHECK(u->ndim == 4 && u->shape[1] == 1 && u->strides[1] == 12);
    tc_tensor *sq = tc_squeeze(u, TC_ALL_DIMS, &err);
    CHECK(sq->ndim == 3);
    tc_tensor *sq0 = tc_squeeze(u, 0, &err); /* size 2: unchanged */
    CHECK(sq0->ndim == 4);

    int64_t one3[2] = {1, 3};
    tc_tensor *row = tc_arange(0, 3, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    tc_tensor *r2 = tc_view(row, one3, 2, &err);
    tc_tensor *ex = tc_expand(r2, (int64_t[]){4, 3}, 2, &err);
    CHECK(ex->shape[0] == 4 && ex->strides[0] == 0 && tt_at(ex, 10) == 1.0);
    CHECK(tc_expand(r2, (int64_t[]){4, 4}, 2, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME,
              "The expanded size of the tensor (4) must match the existing size (3) at non-singleton "
              "dimension 1.  Target sizes: [4, 4].  Tensor sizes: [1, 3]");

    tc_tensor *fl = tc_flatten(v, 1, 2, &err);
    CHECK(fl->ndim == 2 && fl->shape[1] == 12);
    tc_tensor *sel = tc_select(v, 1, -1, &err);
    CHECK(sel->ndim == 2 && tt_at(sel, 0) == 8 && tt_at(sel, 4) == 20);
    CHECK(tc_select(v, 0, 2, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_INDEX, "index 2 is out of bounds for dimension 0 with size 2");
    tc_tensor *sl = tc_slice(v, 2, 1, 100, 2, &err);
    CHECK(sl->shape[2] == 2 && sl->strides[2] == 2 && tt_at(sl, 0) == 1 && tt_at(sl, 1) == 3);
    tc_tensor *neg = tc_slice(a, 0, -3, INT64_MAX, 1, &err);
    CHECK(neg->shape[0] == 3 && tt_at(neg, 0) == 21);
    CHECK(tc_slice(a, 0, 0, 5, 0, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_VALUE, "step must be greater than zero");

    tc_tensor *d = tc_detach(v, &err);
    CHECK(tc_tensor_storage(d) == tc_tensor_storage(v) && !d->requires_grad);
    /* writes through a view are seen by the base */
    CHECK(tc_fill_(sel, -1, &err) == 0 && tt_at(a, 8) == -1 && tt_at(a, 9) == -1 && tt_at(a, 12) == 12);

    /* creation errors with PyTorch's texts */
    CHECK(tc_arange(0, 1e20, 1, TC_DTYPE_F32, tc_device_cpu(), &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "invalid size, possible overflow?");
    CHECK(tc_zeros((int64_t[]){2, -1}, 2, TC_DTYPE_F32, tc_device_cpu(), &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "Trying to create tensor with negative dimension -1: [2, -1]");
    CHECK(tc_empty((int64_t[]){INT64_C(1) << 62}, 1, TC_DTYPE_F32, tc_device_cpu(), &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "Storage size calculation overflowed with sizes=[4611686018427387904]");

    /* views over a storage are bounds-checked with overflow-safe arithmetic */
    tc_storage *st70 = tc_storage_new(70000, tc_device_cpu(), &err);
    CHECK(tc_tensor_from_storage(st70, TC_DTYPE_U8, (int64_t[]){65537}, (int64_t[]){INT64_C(1) << 48},
                                 1, 0, &err) == NULL); /* 65536 * 2**48 wraps to 0 */
    CHECK(err.type == TC_EXC_RUNTIME && strstr(err.msg, "out of bounds for storage of size 70000"));
    tc_error_clear(&err);
    CHECK(tc_tensor_from_storage(st70, TC_DTYPE_U8, (int64_t[]){70001}, NULL, 1, 0, &err) == NULL);
    tc_error_clear(&err);
    CHECK(tc_tensor_from_storage(st70, TC_DTYPE_U8, (int64_t[]){1}, NULL, 1, 70000, &err) == NULL);
    tc_error_clear(&err);
    CHECK(tc_tensor_from_storage(st70, TC_DTYPE_F64, (int64_t[]){2, 2}, (int64_t[]){INT64_MAX, 1}, 2,
                                 0, &err) == NULL);
    tc_error_clear(&err);
    tc_tensor *inb = tc_tensor_from_storage(st70, TC_DTYPE_F64, (int64_t[]){2, 3}, (int64_t[]){3, 1}, 2,
                                            8744, &err); /* last element: byte 69992..70000 */
    CHECK(inb != NULL);
    tc_tensor *emp = tc_tensor_from_storage(st70, TC_DTYPE_F64, (int64_t[]){0, 5}, (int64_t[]){INT64_MAX, 1},
                                            2, 0, &err); /* touches nothing */
    CHECK(emp != NULL);
    CHECK_OK(&err);
    tc_storage_unref(st70);
    tc_tensor_unref(inb);
    tc_tensor_unref(emp);

    tc_tensor *all[] = {a, v, inf, tr, rs, p, u, sq, sq0, row, r2, ex, fl, sel, sl, neg, d};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) tc_tensor_unref(all[i]);
    tc_storage_stats st;
    tc_storage_stats_get(&st);
    CHECK(st.live_storages == 0);
    return tt_finish("test-views");
}
