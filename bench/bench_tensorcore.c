/*
 * tensorcore micro-benchmarks, run by bench_tensorcore.py next to NumPy in the same run:
 * add/mul 16M float32 (allocating the result, like `a + b`), sum/mean 16M float32,
 * matmul 1024^2 float32, creating 100k small tensors, and a memcpy bandwidth baseline.
 * Prints "name seconds" lines (best of several runs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tensorcore/tensor.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

#define BEST(name, reps, body)                         \
    do {                                               \
        double best = 1e30;                            \
        for (int r_ = 0; r_ < (reps); r_++) {          \
            double t0_ = now();                        \
            body;                                      \
            double dt_ = now() - t0_;                  \
            if (dt_ < best) best = dt_;                \
        }                                              \
        printf("%s %.9f\n", name, best);               \
        fflush(stdout);                                \
    } while (0)

int main(void) {
    tc_error err = {0};
    int64_t n = 16 * 1024 * 1024;
    tc_manual_seed(0);
    tc_tensor *a = tc_rand(&n, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    tc_tensor *b = tc_rand(&n, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    if (!a || !b) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    size_t bytes = (size_t)n * 4;
    char *src = tc_data_ptr(a), *dst = malloc(bytes);
    memset(dst, 1, bytes);
    BEST("memcpy_64MiB", 10, memcpy(dst, src, bytes));
    free(dst);
    BEST("add_f32_16M", 10, tc_tensor_unref(tc_binary(TC_OP_ADD, a, b, &err)));
    BEST("mul_f32_16M", 10, tc_tensor_unref(tc_binary(TC_OP_MUL, a, b, &err)));
    BEST("sum_f32_16M", 30, tc_tensor_unref(tc_reduce(TC_RED_SUM, a, NULL, 0, false, &err)));
    BEST("mean_f32_16M", 30, tc_tensor_unref(tc_reduce(TC_RED_MEAN, a, NULL, 0, false, &err)));
    static tc_tensor *small[100000];
    int64_t four = 4;
    BEST("create_100k_small", 5, {
        for (int i = 0; i < 100000; i++) small[i] = tc_zeros(&four, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
        for (int i = 0; i < 100000; i++) tc_tensor_unref(small[i]);
    });
    int64_t sq[2] = {1024, 1024};
    tc_tensor *x = tc_rand(sq, 2, TC_DTYPE_F32, tc_device_cpu(), &err);
    tc_tensor *y = tc_rand(sq, 2, TC_DTYPE_F32, tc_device_cpu(), &err);
    tc_tensor_unref(tc_matmul(x, y, &err));
    BEST("matmul_f32_1024", 5, tc_tensor_unref(tc_matmul(x, y, &err)));
    if (tc_error_is_set(&err)) {
        fprintf(stderr, "%s: %s\n", tc_exc_name(err.type), err.msg);
        return 1;
    }
    tc_tensor_unref(a); tc_tensor_unref(b); tc_tensor_unref(x); tc_tensor_unref(y);
    return 0;
}
