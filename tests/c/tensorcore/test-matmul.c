/*
 * matmul tests: dot, mv, mm (BLAS for float, generic for int), vector-matrix, batched
 * broadcast, transposed operands, PyTorch's shape and dtype errors, a larger float32
 * product checked against a naive sum, and products split across the threads (row and column
 * blocks, matrix @ vector, transposed operands, float64, complex64) on 1, 2 and 3 threads.
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

/* An m x k operand drawn as it is or as the transpose of a k x m one (column-major). */
static tc_tensor *operand(int64_t m, int64_t k, bool trans, tc_dtype dt, tc_error *err) {
    if (!trans) return tc_randn((int64_t[]){m, k}, 2, dt, tc_device_cpu(), err);
    tc_tensor *t = tc_randn((int64_t[]){k, m}, 2, dt, tc_device_cpu(), err);
    tc_tensor *v = tc_t(t, err);
    tc_tensor_unref(t);
    return v;
}

/* The largest error of x @ y against a naive double sum, relative to the sum of the
 * magnitudes of its terms, over a grid of elements finer than any block (every fifth row and
 * third column, the last ones too). */
static double product_error(tc_tensor *x, tc_tensor *y, tc_error *err) {
    tc_tensor *r = tc_matmul(x, y, err);
    if (!r) return INFINITY;
    int64_t m = x->shape[0], k = x->shape[1], n = y->shape[1];
    size_t es = tc_element_size(x);
    double worst = 0;
    for (int64_t i = 0; i < m; i = i + 5 < m || i == m - 1 ? i + 5 : m - 1)
        for (int64_t j = 0; j < n; j = j + 3 < n || j == n - 1 ? j + 3 : n - 1) {
            double sr = 0, si = 0, mag = 0;
            for (int64_t l = 0; l < k; l++) {
                double ar, ai, br, bi;
                tc_load_c128((char *)tc_data_ptr(x) + (i * x->strides[0] + l * x->strides[1]) * (int64_t)es, x->dtype, &ar, &ai);
                tc_load_c128((char *)tc_data_ptr(y) + (l * y->strides[0] + j * y->strides[1]) * (int64_t)es, y->dtype, &br, &bi);
                sr += ar * br - ai * bi;
                si += ar * bi + ai * br;
                mag += hypot(ar, ai) * hypot(br, bi);
            }
            double gr, gi;
            tc_load_c128((char *)tc_data_ptr(r) + (i * r->strides[0] + j * r->strides[1]) * (int64_t)es, r->dtype, &gr, &gi);
            double e = hypot(gr - sr, gi - si) / (mag + 1e-30);
            if (e > worst) worst = e;
        }
    tc_tensor_unref(r);
    return worst;
}

/* Products big enough to be cut into blocks of rows (m >= n) or columns (n > m), a matrix @
 * vector cut into rows, on 1, 2 and 3 threads, in every layout: each element as a naive sum
 * gives it (relative to its terms' magnitudes: float32 rounding, not a lost block). */
static void split_products(void) {
    static const int64_t shapes[][3] = {{512, 256, 48}, {32, 512, 128}, {70, 333, 100}, {257, 1, 4096},
                                        {1000, 1, 300}, {600, 40, 100}};
    static const tc_dtype dts[] = {TC_DTYPE_F32, TC_DTYPE_F64, TC_DTYPE_C64};
    tc_error err = {0};
    int saved = tc_num_threads();
    tc_manual_seed(7);
    for (int threads = 1; threads <= 3; threads++) {
        tc_set_num_threads(threads);
        for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++)
            for (size_t d = 0; d < sizeof dts / sizeof *dts; d++)
                for (int layout = 0; layout < 4; layout++) {
                    int64_t m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
                    tc_tensor *x = operand(m, k, layout & 1, dts[d], &err);
                    tc_tensor *y = operand(k, n, layout & 2, dts[d], &err);
                    double e = x && y ? product_error(x, y, &err) : INFINITY;
                    double tol = dts[d] == TC_DTYPE_F64 ? 1e-13 : 1e-5;
                    if (!(e < tol))
                        fprintf(stderr, "%lldx%lldx%lld %s layout %d, %d threads: error %g\n", (long long)m,
                                (long long)n, (long long)k, tc_dtype_name(dts[d]), layout, threads, e);
                    CHECK(e < tol);
                    CHECK_OK(&err);
                    tc_tensor_unref(x);
                    tc_tensor_unref(y);
                }
    }
    tc_set_num_threads(saved);
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
    split_products();
    interrupt_big();
    tc_tensor *all[] = {a, v3, v2, at, s0, ia, iat, st, x, y};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
    return tt_finish("test-matmul");
}
