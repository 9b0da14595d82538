/*
 * matmul tests: dot, mv, mm (BLAS for float, generic for int), vector-matrix, batched
 * broadcast, transposed operands, PyTorch's shape and dtype errors, and a larger float32
 * product checked against a naive sum.
 */
#include <pthread.h>
#include <time.h>

#include "tc-test.h"

static void *raise_later(void *arg) {
    struct timespec ts = {0, 50 * 1000 * 1000};
    nanosleep(&ts, NULL);
    tc_interrupt_raise();
    return NULL;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* A 4096^2 product (over a second of work) stops soon after an interrupt: within 100 ms on
 * an idle machine; the bound allows 400 ms, as meson runs other tests beside this one. */
static void interrupt_big(void) {
    tc_error err = {0};
    int64_t sq[2] = {4096, 4096};
    tc_tensor *a = tc_ones(sq, 2, TC_DTYPE_F32, tc_device_cpu(), &err);
    pthread_t th;
    pthread_create(&th, NULL, raise_later, NULL);
    double t0 = now_s();
    tc_tensor *r = tc_matmul(a, a, &err);
    double dt = now_s() - t0;
    pthread_join(th, NULL);
    CHECK(r == NULL);
    CHECK_ERR(&err, TC_EXC_KEYBOARD_INTERRUPT, "");
    if (dt >= 0.05 + 0.4) fprintf(stderr, "matmul stopped after %.3f s\n", dt);
    CHECK(dt < 0.05 + 0.4);
    tc_interrupt_clear();
    tc_tensor_unref(a);
}

int main(void) {
    tc_error err = {0};
    float av[6] = {1, 2, 3, 4, 5, 6};
    tc_tensor *a = tt_f32(av, (int64_t[]){2, 3}, 2);
    tc_tensor *v3 = tt_f32(av, (int64_t[]){3}, 1);
    tc_tensor *v2 = tt_f32(av, (int64_t[]){2}, 1);
    tc_tensor *r;
    r = tc_matmul(v3, v3, &err);
    CHECK(r && r->ndim == 0 && tt_at(r, 0) == 14); tc_tensor_unref(r);
    r = tc_matmul(a, v3, &err);
    CHECK(tt_equals(r, (double[]){14, 32}, (int64_t[]){2}, 1)); tc_tensor_unref(r);
    r = tc_matmul(v2, a, &err);
    CHECK(tt_equals(r, (double[]){9, 12, 15}, (int64_t[]){3}, 1)); tc_tensor_unref(r);
    tc_tensor *at = tc_t(a, &err);
    r = tc_matmul(a, at, &err);
    CHECK(tt_equals(r, (double[]){14, 32, 32, 77}, (int64_t[]){2, 2}, 2)); tc_tensor_unref(r);
    r = tc_matmul(at, a, &err); /* column-major left operand */
    CHECK(tt_equals(r, (double[]){17, 22, 27, 22, 29, 36, 27, 36, 45}, (int64_t[]){3, 3}, 2)); tc_tensor_unref(r);
    CHECK(tc_matmul(a, a, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "mm: mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)");
    CHECK(tc_matmul(v3, v2, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME,
              "inconsistent tensor size, expected tensor [3] and src [2] to have the same number of "
              "elements, but got 3 and 2 elements respectively");
    tc_tensor *s0 = tc_full(NULL, 0, 1.0, TC_DTYPE_F32, tc_device_cpu(), &err);
    CHECK(tc_matmul(s0, v3, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "both arguments to matmul need to be at least 1D, but they are 0D and 1D");
    int64_t iv[6] = {1, 2, 3, 4, 5, 6};
    tc_tensor *ia = tt_i64(iv, (int64_t[]){2, 3}, 2);
    tc_tensor *iat = tc_t(ia, &err);
    r = tc_matmul(ia, iat, &err);
    CHECK(r->dtype == TC_DTYPE_I64 && tt_equals(r, (double[]){14, 32, 32, 77}, (int64_t[]){2, 2}, 2)); tc_tensor_unref(r);
    CHECK(tc_matmul(a, iat, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "expected m1 and m2 to have the same dtype, but got: float != long int");
    /* batched: [2,2,3] @ [3,2] broadcast */
    tc_tensor *st = tc_stack((tc_tensor *[]){a, a}, 2, 0, &err);
    r = tc_matmul(st, at, &err);
    CHECK(tt_equals(r, (double[]){14, 32, 32, 77, 14, 32, 32, 77}, (int64_t[]){2, 2, 2}, 3)); tc_tensor_unref(r);
    /* 300x200 @ 200x100 against a naive loop */
    tc_manual_seed(1);
    tc_tensor *x = tc_randn((int64_t[]){300, 200}, 2, TC_DTYPE_F32, tc_device_cpu(), &err);
    tc_tensor *y = tc_randn((int64_t[]){200, 100}, 2, TC_DTYPE_F32, tc_device_cpu(), &err);
    r = tc_matmul(x, y, &err);
    double worst = 0;
    for (int i = 0; i < 300; i += 37)
        for (int j = 0; j < 100; j += 13) {
            double s = 0;
            for (int k = 0; k < 200; k++) s += tt_at(x, i * 200 + k) * tt_at(y, k * 100 + j);
            double d = fabs(s - tt_at(r, i * 100 + j));
            if (d > worst) worst = d;
        }
    CHECK(worst < 1e-3);
    tc_tensor_unref(r);
    CHECK_OK(&err);
    interrupt_big();
    tc_tensor *all[] = {a, v3, v2, at, s0, ia, iat, st, x, y};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
    return tt_finish("test-matmul");
}
