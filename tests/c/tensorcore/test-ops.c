/*
 * Elementwise op tests: PyTorch's result types with wrapped Python numbers and zero-dim
 * tensors, broadcasting and its error, integer division semantics and division by zero,
 * in-place cast errors, comparisons, where, clamp, float16/bfloat16, strided operands,
 * and device handling through a second backend registered as CUDA.
 */
#include <stdlib.h>

#include "tc-test.h"

static tc_tensor *tc__cast_for_test(tc_tensor *t, tc_dtype dt, tc_error *err) {
    return tc_to(t, dt, tc_device_cpu(), NULL, err);
}

static tc_scalar I(int64_t v) { tc_scalar s = {.kind = TC_SCALAR_INT, .v.i = v}; return s; }
static tc_scalar F(double v) { tc_scalar s = {.kind = TC_SCALAR_FLOAT, .v.f = v}; return s; }
static tc_scalar B(bool v) { tc_scalar s = {.kind = TC_SCALAR_BOOL, .v.b = v}; return s; }

static tc_dtype dt_of(tc_tensor *t) {
    tc_dtype d = t ? t->dtype : (tc_dtype)-1;
    tc_tensor_unref(t);
    return d;
}

static void promotion(void) {
    tc_error err = {0};
    int64_t n3[1] = {3};
    tc_tensor *i64 = tc_ones(n3, 1, TC_DTYPE_I64, tc_device_cpu(), &err);
    tc_tensor *i32 = tc_ones(n3, 1, TC_DTYPE_I32, tc_device_cpu(), &err);
    tc_tensor *u8 = tc_ones(n3, 1, TC_DTYPE_U8, tc_device_cpu(), &err);
    tc_tensor *b = tc_ones(n3, 1, TC_DTYPE_BOOL, tc_device_cpu(), &err);
    tc_tensor *f16 = tc_ones(n3, 1, TC_DTYPE_F16, tc_device_cpu(), &err);
    tc_tensor *f32 = tc_ones(n3, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    tc_tensor *z64 = tc_full(NULL, 0, 2.0, TC_DTYPE_F64, tc_device_cpu(), &err);
    CHECK(dt_of(tc_binary(TC_OP_DIV, i64, i64, &err)) == TC_DTYPE_F32);
    CHECK(dt_of(tc_binary_scalar(TC_OP_ADD, i64, F(0.5), &err)) == TC_DTYPE_F32);
    CHECK(dt_of(tc_binary_scalar(TC_OP_MUL, f16, F(2.0), &err)) == TC_DTYPE_F16);
    CHECK(dt_of(tc_binary_scalar(TC_OP_ADD, i32, I(5), &err)) == TC_DTYPE_I32);
    CHECK(dt_of(tc_binary_scalar(TC_OP_ADD, u8, I(300), &err)) == TC_DTYPE_U8);
    CHECK(dt_of(tc_binary_scalar(TC_OP_ADD, b, I(1), &err)) == TC_DTYPE_I64);
    CHECK(dt_of(tc_binary_scalar(TC_OP_ADD, b, B(true), &err)) == TC_DTYPE_BOOL);
    CHECK(dt_of(tc_binary(TC_OP_ADD, b, b, &err)) == TC_DTYPE_BOOL);
    CHECK(dt_of(tc_binary(TC_OP_ADD, u8, i32, &err)) == TC_DTYPE_I32);
    CHECK(dt_of(tc_binary(TC_OP_MUL, f32, z64, &err)) == TC_DTYPE_F32); /* zero-dim yields */
    CHECK(dt_of(tc_binary(TC_OP_MUL, i64, z64, &err)) == TC_DTYPE_F64); /* ... unless higher kind */
    CHECK(dt_of(tc_binary(TC_OP_LT, i64, f32, &err)) == TC_DTYPE_BOOL);
    CHECK(dt_of(tc_rbinary_scalar(TC_OP_DIV, I(1), i64, &err)) == TC_DTYPE_F32);
    CHECK_OK(&err);
    tc_tensor *bb = tc_binary(TC_OP_ADD, b, b, &err);
    CHECK(tt_at(bb, 0) == 1.0);
    tc_tensor_unref(bb);
    CHECK(tc_binary(TC_OP_SUB, b, b, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_NOT_IMPLEMENTED,
              "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or "
              "`logical_xor()` operator instead.");
    CHECK(tc_unary(TC_UOP_NEG, b, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_NOT_IMPLEMENTED,
              "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to "
              "invert a mask, use the `~` or `logical_not()` operator instead.");
    /* hypot has float kernels only (integers are not promoted), its dtype is the promoted one */
    CHECK(tc_binary(TC_OP_HYPOT, i64, i64, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_NOT_IMPLEMENTED, "\"hypot_cpu\" not implemented for 'Long'");
    CHECK(tc_binary(TC_OP_HYPOT, u8, b, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_NOT_IMPLEMENTED, "\"hypot_cpu\" not implemented for 'Byte'");
    CHECK(dt_of(tc_binary(TC_OP_HYPOT, i32, f16, &err)) == TC_DTYPE_F16);
    CHECK(dt_of(tc_binary(TC_OP_HYPOT, f32, z64, &err)) == TC_DTYPE_F32);
    tc_tensor *three = tc_full(n3, 1, 3.0, TC_DTYPE_F32, tc_device_cpu(), &err);
    tc_tensor *four = tc_full(NULL, 0, 4.0, TC_DTYPE_F64, tc_device_cpu(), &err);
    tc_tensor *five = tc_binary(TC_OP_HYPOT, three, four, &err);
    CHECK(five && five->dtype == TC_DTYPE_F32 && tt_at(five, 0) == 5.0 && tt_at(five, 2) == 5.0);
    tc_tensor_unref(three);
    tc_tensor_unref(four);
    tc_tensor_unref(five);
    CHECK_OK(&err);
    CHECK(tc_binary(TC_OP_BITAND, f32, f32, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_NOT_IMPLEMENTED, "\"bitwise_and_cpu\" not implemented for 'Float'");
    CHECK(tc_binary_scalar_(TC_OP_DIV, i64, I(2), &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "result type Float can't be cast to the desired output type Long");
    CHECK(tc_binary_scalar_(TC_OP_ADD, i64, F(0.5), &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "result type Float can't be cast to the desired output type Long");
    CHECK(tc_binary_scalar_(TC_OP_ADD, f32, I(2), &err) == 0 && tt_at(f32, 2) == 3.0);
    CHECK(dt_of(tc_unary(TC_UOP_EXP, i64, &err)) == TC_DTYPE_F32);
    tc_tensor *all[] = {i64, i32, u8, b, f16, f32, z64};
    for (size_t k = 0; k < 7; k++) tc_tensor_unref(all[k]);
}

static void arithmetic(void) {
    tc_error err = {0};
    int64_t n4[1] = {4};
    int64_t iv[4] = {7, -7, 8, -9};
    tc_tensor *i = tt_i64(iv, n4, 1);
    tc_tensor *fd = tc_binary_scalar(TC_OP_FLOOR_DIV, i, I(2), &err);
    CHECK(tt_equals(fd, (double[]){3, -4, 4, -5}, n4, 1));
    tc_tensor *md = tc_binary_scalar(TC_OP_REM, i, I(-4), &err);
    CHECK(tt_equals(md, (double[]){-1, -3, 0, -1}, n4, 1));
    tc_tensor *zero = tc_zeros(NULL, 0, TC_DTYPE_I64, tc_device_cpu(), &err);
    CHECK(tc_binary(TC_OP_FLOOR_DIV, i, zero, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "ZeroDivisionError");
    CHECK(tc_binary(TC_OP_REM, i, zero, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "ZeroDivisionError");
    tc_tensor *dz = tc_binary(TC_OP_DIV, i, zero, &err); /* true division: inf, no error */
    CHECK(dz && isinf(tt_at(dz, 0)) && tt_at(dz, 1) < 0);
    tc_tensor *pw = tc_binary_scalar(TC_OP_POW, i, I(2), &err);
    CHECK(pw->dtype == TC_DTYPE_I64 && tt_at(pw, 3) == 81);
    CHECK(tc_binary_scalar(TC_OP_POW, i, I(-1), &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "Integers to negative integer powers are not allowed.");
    float cube_in = 1.1f;
    tc_tensor *c1 = tt_f32(&cube_in, (int64_t[]){1}, 1);
    tc_tensor *cube = tc_binary_scalar(TC_OP_POW, c1, I(3), &err); /* x*x*x, as PyTorch */
    CHECK(cube && (float)tt_at(cube, 0) == cube_in * cube_in * cube_in);
    tc_tensor_unref(c1);
    tc_tensor_unref(cube);
    float fv[4] = {-7.5f, 7.5f, 0.0f, -0.5f};
    tc_tensor *f = tt_f32(fv, n4, 1);
    tc_tensor *ffd = tc_binary_scalar(TC_OP_FLOOR_DIV, f, I(2), &err);
    CHECK(tt_equals(ffd, (double[]){-4, 3, 0, -1}, n4, 1));
    tc_tensor *fmd = tc_binary_scalar(TC_OP_REM, f, I(2), &err);
    CHECK(tt_equals(fmd, (double[]){0.5, 1.5, 0, 1.5}, n4, 1));
    tc_tensor *cl = tc_clamp(f, (double[]){-1.0}, (double[]){1.0}, &err);
    CHECK(tt_equals(cl, (double[]){-1, 1, 0, -0.5}, n4, 1));
    tc_tensor *rl = tc_unary(TC_UOP_RELU, f, &err);
    CHECK(tt_equals(rl, (double[]){0, 7.5, 0, 0}, n4, 1));
    float four = 4.0f;
    tc_tensor *t4 = tt_f32(&four, (int64_t[]){1}, 1);
    tc_tensor *e4 = tc_unary(TC_UOP_EXP, t4, &err); /* torch 2.15 prints 54.5981 (SLEEF's gives 54.5982) */
    CHECK(e4 && (float)tt_at(e4, 0) == 54.598148345947266f);
    tc_tensor_unref(t4);
    tc_tensor_unref(e4);
    tc_tensor *sg = tc_unary(TC_UOP_SIGMOID, f, &err);
    CHECK(fabs(tt_at(sg, 2) - 0.5) < 1e-7);
    tc_tensor *m = tc_binary_scalar(TC_OP_GT, f, I(0), &err);
    tc_tensor *w = tc_where(m, f, zero, &err);
    CHECK(w && w->dtype == TC_DTYPE_F32 && tt_equals(w, (double[]){0, 7.5, 0, 0}, n4, 1));
    CHECK(tc_where(f, f, f, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "where expected condition to be a boolean tensor, but got a tensor with dtype Float");
    tc_tensor *all[] = {i, fd, md, zero, dz, pw, f, ffd, fmd, cl, rl, sg, m, w};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
}

static void broadcasting_and_strides(void) {
    tc_error err = {0};
    tc_tensor *a = tc_arange(0, 6, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    tc_tensor *m = tc_view(a, (int64_t[]){2, 3}, 2, &err);
    tc_tensor *c2 = tc_arange(0, 2, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    tc_tensor *col = tc_view(c2, (int64_t[]){2, 1}, 2, &err);
    tc_tensor *s = tc_binary(TC_OP_ADD, m, col, &err);
    CHECK(tt_equals(s, (double[]){0, 1, 2, 4, 5, 6}, (int64_t[]){2, 3}, 2));
    tc_tensor *t = tc_t(m, &err);
    tc_tensor *tt = tc_binary(TC_OP_MUL, t, t, &err); /* strided operands */
    CHECK(tt_equals(tt, (double[]){0, 9, 1, 16, 4, 25}, (int64_t[]){3, 2}, 2));
    /* results keep the operands' memory order, as PyTorch: x.t() * x.t() is not contiguous */
    CHECK(tt->strides[0] == 1 && tt->strides[1] == 3 && !tc_is_contiguous(tt));
    tc_tensor *tcl = tc_clone(t, &err), *tcast = tc_to(t, TC_DTYPE_F64, tc_device_cpu(), NULL, &err);
    CHECK(tcl->strides[0] == 1 && tcast->strides[0] == 1);
    CHECK(tc_view(tt, (int64_t[]){6}, 1, &err) == NULL); /* so view() refuses, as in PyTorch */
    tc_error_clear(&err);
    tc_tensor_unref(tcl);
    tc_tensor_unref(tcast);
    tc_tensor *b2 = tc_zeros((int64_t[]){2}, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    CHECK(tc_binary(TC_OP_ADD, m, b2, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1");
    CHECK(tc_binary_(TC_OP_ADD, b2, m, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1");
    tc_tensor *c1 = tc_zeros((int64_t[]){3}, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    CHECK(tc_binary_(TC_OP_ADD, c1, m, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "output with shape [3] doesn't match the broadcast shape [2, 3]");
    /* large, threaded, with a half dtype */
    int64_t big = 1 << 20;
    tc_tensor *h = tc_full(&big, 1, 1.5, TC_DTYPE_F16, tc_device_cpu(), &err);
    tc_tensor *hh = tc_binary(TC_OP_ADD, h, h, &err);
    CHECK(hh->dtype == TC_DTYPE_F16 && tt_at(hh, big - 1) == 3.0 && tt_at(hh, 12345) == 3.0);
    /* a Python float stays float32 next to a half tensor: 3 * 0.1 rounds once */
    tc_tensor *h3 = tc_full((int64_t[]){2}, 1, 3.0, TC_DTYPE_F16, tc_device_cpu(), &err);
    tc_tensor *h3m = tc_binary_scalar(TC_OP_MUL, h3, F(0.1), &err);
    CHECK(h3m && h3m->dtype == TC_DTYPE_F16 && tt_at(h3m, 1) == tc_f16_to_f32(tc_f32_to_f16(3.0f * 0.1f)));
    CHECK(tc_binary_scalar_(TC_OP_MUL, h3, F(0.1), &err) == 0 && tt_at(h3, 0) == tt_at(h3m, 0));
    tc_tensor_unref(h3);
    tc_tensor_unref(h3m);
    tc_tensor *bf = tc_full(&big, 1, 2.0, TC_DTYPE_BF16, tc_device_cpu(), &err);
    tc_tensor *hb = tc_binary(TC_OP_MUL, h, bf, &err);
    CHECK(hb->dtype == TC_DTYPE_F32 && tt_at(hb, 7) == 3.0);
    tc_tensor *all[] = {a, m, c2, col, s, t, tt, b2, c1, h, hh, bf, hb};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
}

static size_t ledger_bytes;
static char ledger_cause[32];
static void hook(tc_device src, size_t n, double s, const char *cause) {
    ledger_bytes += n;
    snprintf(ledger_cause, sizeof ledger_cause, "%s", cause);
}

static void devices(void) {
    tc_error err = {0};
    tc_backend_register(TC_DEVICE_CUDA, tc_backend_cpu(), NULL); /* stands in for a GPU */
    tc_transfer_set_hook(hook);
    tc_device cuda = {TC_DEVICE_CUDA, 0};
    tc_tensor *c = tc_arange(0, 4, 1, TC_DTYPE_F32, cuda, &err);
    tc_tensor *h = tc_ones((int64_t[]){4}, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    CHECK(c && c->device.type == TC_DEVICE_CUDA && tc_data_ptr(c) == NULL);
    CHECK(tc_binary(TC_OP_ADD, c, h, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME,
              "Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!");
    tc_tensor *cpu0 = tc_full(NULL, 0, 2.0, TC_DTYPE_F32, tc_device_cpu(), &err);
    tc_tensor *cs = tc_binary(TC_OP_MUL, cpu0, c, &err); /* a zero-dim CPU tensor may join */
    CHECK(cs && cs->device.type == TC_DEVICE_CUDA);
    tc_tensor_unref(cs);
    tc_tensor_unref(cpu0);
    tc_tensor *s = tc_binary_scalar(TC_OP_MUL, c, I(3), &err);
    CHECK(s && s->device.type == TC_DEVICE_CUDA);
    ledger_bytes = 0;
    tc_tensor *back = tc_to(s, TC_DTYPE_F32, tc_device_cpu(), ".cpu()", &err);
    CHECK(back && tt_at(back, 3) == 9.0 && ledger_bytes == 16 && strcmp(ledger_cause, ".cpu()") == 0);
    tc_tensor *same = tc_to(back, TC_DTYPE_F32, tc_device_cpu(), ".cpu()", &err);
    CHECK(same == back);
    tc_scalar v;
    ledger_bytes = 0;
    tc_tensor *sum = tc_reduce(TC_RED_SUM, s, NULL, 0, false, &err);
    CHECK(tc_item(sum, &v, &err) == 0 && v.kind == TC_SCALAR_FLOAT && v.v.f == 18.0 && ledger_bytes == 4);
    CHECK(strcmp(ledger_cause, ".item()") == 0);
    tc_tensor *out;
    CHECK(tc_numpy_check(c, false, &out, &err) == -1);
    CHECK_ERR(&err, TC_EXC_TYPE,
              "can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host memory first.");
    CHECK(tc_numpy_check(c, true, &out, &err) == 0 && out->device.type == TC_DEVICE_CPU);
    tc_tensor *all[] = {c, h, s, back, same, sum, out};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
    CHECK_OK(&err);
    tc_backend_register(TC_DEVICE_CUDA, NULL, NULL);
    tc_transfer_set_hook(NULL);
}

/* Random shapes, permuted and sliced operands and broadcasting: every element of a + b,
 * a * b, maximum(a, b) and a < b equals the same operation done one element at a time. */
static uint64_t rs = 88172645463325252ull;
static int64_t rnd(int64_t n) {
    rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17;
    return (int64_t)(rs % (uint64_t)n);
}

static tc_tensor *random_operand(const int64_t *shape, int nd, tc_dtype dt, tc_error *err) {
    /* a bigger base, permuted and sliced down to shape; some dims broadcast */
    int64_t base_shape[4];
    int perm[4];
    for (int d = 0; d < nd; d++) { base_shape[d] = shape[d] + rnd(3); perm[d] = d; }
    for (int d = nd - 1; d > 0; d--) { int k = (int)rnd(d + 1), t = perm[d]; perm[d] = perm[k]; perm[k] = t; }
    int64_t pshape[4];
    for (int d = 0; d < nd; d++) pshape[perm[d]] = base_shape[d];
    tc_tensor *b = tc_randn(pshape, nd, TC_DTYPE_F32, tc_device_cpu(), err);
    tc_tensor *bt = b ? tc__cast_for_test(b, dt, err) : NULL;
    tc_tensor *p = bt ? tc_permute(bt, perm, nd, err) : NULL;
    tc_tensor_unref(b);
    tc_tensor_unref(bt);
    for (int d = 0; p && d < nd; d++) {
        tc_tensor *sl = rnd(4) == 0 && shape[d] > 1 ? tc_slice(p, d, 0, 1, 1, err)
                                                    : tc_slice(p, d, base_shape[d] - shape[d], INT64_MAX, 1, err);
        tc_tensor_unref(p);
        p = sl;
    }
    return p;
}

static void differential(void) {
    tc_error err = {0};
    const tc_dtype dts[] = {TC_DTYPE_F32, TC_DTYPE_F64, TC_DTYPE_I32, TC_DTYPE_I64, TC_DTYPE_F16, TC_DTYPE_U8};
    const tc_binary_op ops[] = {TC_OP_ADD, TC_OP_MUL, TC_OP_MAXIMUM, TC_OP_LT};
    int bad = 0;
    for (int iter = 0; iter < 300; iter++) {
        int nd = 1 + (int)rnd(4);
        int64_t shape[4];
        for (int d = 0; d < nd; d++) shape[d] = 1 + rnd(iter < 280 ? 6 : 40);
        tc_dtype dt = dts[rnd(6)];
        tc_tensor *a = random_operand(shape, nd, dt, &err), *b = random_operand(shape, nd, dt, &err);
        tc_binary_op op = ops[rnd(4)];
        tc_tensor *r = a && b ? tc_binary(op, a, b, &err) : NULL;
        if (!r) { bad++; tc_error_clear(&err); }
        for (int64_t i = 0; r && i < tc_numel(r); i++) {
            int64_t ia = 0, ib = 0, rem = i;
            for (int d = nd - 1; d >= 0; d--) {
                int64_t k = rem % r->shape[d];
                rem /= r->shape[d];
                ia += (a->shape[d] == 1 ? 0 : k) * a->strides[d];
                ib += (b->shape[d] == 1 ? 0 : k) * b->strides[d];
            }
            double x = tc_load_f64((char *)tc_data_ptr(a) + ia * (int64_t)tc_element_size(a), dt);
            double y = tc_load_f64((char *)tc_data_ptr(b) + ib * (int64_t)tc_element_size(b), dt);
            double want = op == TC_OP_ADD ? x + y : op == TC_OP_MUL ? x * y : op == TC_OP_MAXIMUM ? (x > y ? x : y) : (x < y);
            unsigned char buf[8];
            tc_store_f64(buf, r->dtype, want); /* round as the result dtype does */
            if (!tc_dtype_is_float(r->dtype)) tc_store_i64(buf, r->dtype, (int64_t)want);
            if (tt_at(r, i) != tc_load_f64(buf, r->dtype)) { bad++; break; }
        }
        tc_tensor_unref(a); tc_tensor_unref(b); tc_tensor_unref(r);
    }
    CHECK(bad == 0);
}

/* exp, tanh, sin and cos of float32 are the double results rounded once (PyTorch's MKL values
 * agree with those at least as often as with any float method), whatever the layout; sigmoid
 * is 1 / (1 + SLEEF's expf_u10(-x)) as PyTorch's vector kernel on a contiguous range (whole
 * pairs of 512-bit vectors) and 1 / (1 + expf(-x)) as its scalar loop on a strided one: a
 * sweep of bit patterns over the whole float range, contiguous and every third. */
static float sleef_expf_ref(float d) {
    if (!(d >= -104.0f && d <= 104.0f)) return d != d ? d : d > 0 ? INFINITY : 0.0f;
    int q = (int)rintf(d * 1.442695040888963407359924681001892137426645954152985934135449406931f);
    float s = fmaf((float)q, -0.693145751953125f, d);
    s = fmaf((float)q, -1.428606765330187045e-06f, s);
    float u = 0.000198527617612853646278381f;
    u = fmaf(u, s, 0.00139304355252534151077271f);
    u = fmaf(u, s, 0.00833336077630519866943359f);
    u = fmaf(u, s, 0.0416664853692054748535156f);
    u = fmaf(u, s, 0.166666671633720397949219f);
    u = fmaf(u, s, 0.5f);
    u = 1.0f + fmaf(s * s, u, s);
    return u * ldexpf(1.0f, q >> 1) * ldexpf(1.0f, q - (q >> 1));
}

static void transcendental_bits(void) {
    tc_error err = {0};
    enum { N = 300000 };
    static float v[N];
    for (int i = 0; i < N; i++) { /* every 14316th pattern, both signs, NaNs and infinities */
        uint32_t u = (uint32_t)i * 14316u + 7u;
        memcpy(&v[i], &u, 4);
    }
    int64_t shape[1] = {N};
    tc_tensor *x = tt_f32(v, shape, 1);
    tc_tensor *xs = tc_slice(x, 0, 0, N, 3, &err);
    const tc_unary_op ops[5] = {TC_UOP_EXP, TC_UOP_TANH, TC_UOP_SIGMOID, TC_UOP_SIN, TC_UOP_COS};
    for (int k = 0; k < 5; k++) {
        tc_tensor *r = tc_unary(ops[k], x, &err), *rs = tc_unary(ops[k], xs, &err);
        CHECK_OK(&err);
        int bad = 0, bads = 0;
        const float *o = tc_data_ptr(r), *os = tc_data_ptr(rs);
        for (int i = 0; i < N; i++) {
            float a = v[i];
            float want = k == 0   ? (float)exp((double)a)
                         : k == 1 ? (float)tanh((double)a)
                         : k == 2 ? 1.0f / (1.0f + sleef_expf_ref(-a))
                         : k == 3 ? (float)sin((double)a)
                                  : (float)cos((double)a);
            if (a != a ? o[i] == o[i] : memcmp(&o[i], &want, 4) != 0) bad++;
            /* a strided sigmoid is PyTorch's scalar loop, 1 / (1 + expf(-x)) */
            float want_s = k == 2 ? 1.0f / (1.0f + expf(-a)) : o[i];
            if (i % 3 == 0 && memcmp(&os[i / 3], &want_s, 4) != 0 && a == a) bads++;
        }
        CHECK(bad == 0);
        CHECK(bads == 0);
        tc_tensor_unref(r);
        tc_tensor_unref(rs);
    }
    tc_tensor_unref(xs);
    tc_tensor_unref(x);
}

/* Complex tensors: promotion with wrapped complex numbers, arithmetic in c10::complex's
 * formulas, |z| as a real tensor, the part views, reductions and products, the refusals. */
static void complex_ops(void) {
    tc_error err = {0};
    const float zv[4] = {1, 2, -3, 0.5f}; /* 1+2j, -3+0.5j */
    int64_t n2[1] = {2};
    tc_tensor *z = tc_from_buffer(zv, TC_DTYPE_C64, n2, 1, tc_device_cpu(), &err);
    tc_tensor *i64 = tc_ones(n2, 1, TC_DTYPE_I64, tc_device_cpu(), &err);
    tc_tensor *f64 = tc_ones(n2, 1, TC_DTYPE_F64, tc_device_cpu(), &err);
    tc_scalar j = {.kind = TC_SCALAR_COMPLEX, .v.c = {0, 1}};
    CHECK(dt_of(tc_binary_scalar(TC_OP_ADD, i64, j, &err)) == TC_DTYPE_C64);
    CHECK(dt_of(tc_binary_scalar(TC_OP_MUL, f64, j, &err)) == TC_DTYPE_C128);
    CHECK(dt_of(tc_binary(TC_OP_ADD, z, f64, &err)) == TC_DTYPE_C128);
    CHECK(dt_of(tc_binary_scalar(TC_OP_DIV, z, I(2), &err)) == TC_DTYPE_C64);
    CHECK_OK(&err);
    tc_tensor *p = tc_binary(TC_OP_MUL, z, z, &err); /* (1+2j)^2 = -3+4j, (-3+0.5j)^2 = 8.75-3j */
    tc_tensor *pr = p ? tc_view_as_real(p, &err) : NULL;
    CHECK(pr && pr->ndim == 2 && pr->shape[1] == 2 && pr->dtype == TC_DTYPE_F32);
    CHECK(pr && tt_at(pr, 0) == -3 && tt_at(pr, 1) == 4 && tt_at(pr, 2) == 8.75f && tt_at(pr, 3) == -3);
    tc_tensor *q = p ? tc_binary(TC_OP_DIV, p, z, &err) : NULL; /* (-3+4j)/(1+2j) is 1+2j exactly */
    tc_tensor *eq = q ? tc_binary(TC_OP_EQ, q, z, &err) : NULL;
    CHECK(eq && eq->dtype == TC_DTYPE_BOOL && tt_at(eq, 0) == 1);
    tc_tensor *ab = tc_unary(TC_UOP_ABS, z, &err);
    CHECK(ab && ab->dtype == TC_DTYPE_F32 && fabs(tt_at(ab, 0) - sqrt(5.0)) < 1e-6);
    tc_tensor *im = tc_imag(z, &err);
    CHECK(im && im->dtype == TC_DTYPE_F32 && im->offset == 1 && im->strides[0] == 2 && tt_at(im, 1) == 0.5f);
    tc_tensor *s = tc_reduce(TC_RED_SUM, z, NULL, 0, false, &err); /* -2+2.5j */
    tc_tensor *sr = s ? tc_view_as_real(s, &err) : NULL;
    CHECK(sr && tt_at(sr, 0) == -2 && tt_at(sr, 1) == 2.5f);
    tc_tensor *pd = tc_reduce(TC_RED_PROD, z, NULL, 0, false, &err); /* (1+2j)(-3+0.5j) = -4-5.5j */
    tc_tensor *pdr = pd ? tc_view_as_real(pd, &err) : NULL;
    CHECK(pdr && tt_at(pdr, 0) == -4 && tt_at(pdr, 1) == -5.5f);
    int64_t sh12[2] = {1, 2}, sh21[2] = {2, 1};
    tc_tensor *row = tc_view(z, sh12, 2, &err), *col = tc_view(z, sh21, 2, &err);
    tc_tensor *mm = row && col ? tc_matmul(row, col, &err) : NULL; /* sum of squares: 5.75+1j */
    tc_tensor *mmr = mm ? tc_view_as_real(mm, &err) : NULL;
    CHECK(mmr && tt_at(mmr, 0) == 5.75f && tt_at(mmr, 1) == 1);
    CHECK_OK(&err);
    CHECK(tc_binary(TC_OP_LT, z, z, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_NOT_IMPLEMENTED, "\"lt_cpu\" not implemented for 'ComplexFloat'");
    CHECK(tc_reduce(TC_RED_MAX, z, NULL, 0, false, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_NOT_IMPLEMENTED, "\"max_all\" not implemented for 'ComplexFloat'");
    CHECK(tc_binary_scalar_(TC_OP_ADD, f64, j, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "result type ComplexDouble can't be cast to the desired output type Double");
    CHECK(tc_view_as_real(f64, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_TYPE, "view_as_real is only supported for complex tensors");
    tc_tensor *ts[] = {z, i64, f64, p, pr, q, eq, ab, im, s, sr, pd, pdr, row, col, mm, mmr};
    for (size_t k = 0; k < sizeof ts / sizeof *ts; k++) tc_tensor_unref(ts[k]);
}

int main(void) {
    /* the library's own float kernels, not MKL's (tests/py/test_numerics.py checks those) */
    setenv("TK_MKL_LIB", "", 1);
    complex_ops();
    transcendental_bits();
    differential();
    promotion();
    arithmetic();
    broadcasting_and_strides();
    devices();
    return tt_finish("test-ops");
}
