/*
 * Device-layer benchmarks, run by bench_gpu.py (or bench/gpu_check.sh on a GPU machine),
 * each against a baseline measured in the same run on the same card:
 *  - device-to-host bandwidth, 1 MiB .. 1 GiB: tensor.cpu() through tensorcore (pinned
 *    staging, a fresh shared-memory CPU tensor per copy, ledger included) versus one
 *    cudaMemcpy into pinned memory and into pre-touched pageable memory;
 *  - elementwise add of 256M float32 (and sum) on the device versus a device-to-device
 *    cudaMemcpy of the same bytes (the memory-bandwidth ceiling).
 * Prints one "name value unit" line per measurement and "ratio" lines; exits 0 with a
 * "skipped" line where no real CUDA device is present.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gpu/cuda/cuda-impl.h"
#include "gpu/gpu.h"
#include "tensorcore/backend.h"
#include "tensorcore/storage.h"
#include "tensorcore/tensor.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void die(const char *what, const tc_error *err) {
    fprintf(stderr, "bench_gpu: %s: %s\n", what, err->msg);
    exit(1);
}

static void quiet(const char *text) {
    (void)text;
}

static int reps_for(size_t bytes) {
    return bytes >= ((size_t)256 << 20) ? 3 : 8;
}

/* Best GB/s of: .cpu() of a device tensor, cudaMemcpy to pinned, cudaMemcpy to pageable. */
static void bench_d2h(size_t bytes, void *pinned, void *pageable) {
    tc_error err = {0};
    tc_device cuda = {TC_DEVICE_CUDA, 0};
    int64_t n = (int64_t)(bytes / 4);
    tc_tensor *d = tc_ones(&n, 1, TC_DTYPE_F32, cuda, &err);
    if (!d) die("ones", &err);
    if (gpu__cu_synchronize(0, &err)) die("sync", &err);
    const void *src = tc_storage_data(tc_tensor_storage(d));
    double best_cpu = 1e30, best_pin = 1e30, best_page = 1e30;
    for (int r = 0; r < reps_for(bytes); r++) {
        double t0 = now();
        tc_tensor *h = tc_to(d, d->dtype, tc_device_cpu(), ".cpu()", &err);
        double t1 = now();
        if (!h) die(".cpu()", &err);
        tc_tensor_unref(h);
        if (gpu__cu_memcpy_d2h_plain(pinned, src, bytes, &err)) die("pinned", &err);
        double t2 = now();
        if (gpu__cu_memcpy_d2h_plain(pageable, src, bytes, &err)) die("pageable", &err);
        double t3 = now();
        if (t1 - t0 < best_cpu) best_cpu = t1 - t0;
        if (t2 - t1 < best_pin) best_pin = t2 - t1;
        if (t3 - t2 < best_page) best_page = t3 - t2;
    }
    double gb = (double)bytes / 1e9;
    printf("d2h %5zu MiB  .cpu() %6.2f GB/s  pinned cudaMemcpy %6.2f GB/s  pageable cudaMemcpy "
           "%6.2f GB/s"
           "  ratio vs pinned %.2f  vs pageable %.2f\n",
           bytes >> 20, gb / best_cpu, gb / best_pin, gb / best_page, best_pin / best_cpu,
           best_page / best_cpu);
    fflush(stdout);
    tc_tensor_unref(d);
}

static void bench_add(int64_t n) {
    tc_error err = {0};
    tc_device cuda = {TC_DEVICE_CUDA, 0};
    tc_tensor *a = tc_ones(&n, 1, TC_DTYPE_F32, cuda, &err);
    tc_tensor *b = a ? tc_full(&n, 1, 2.0, TC_DTYPE_F32, cuda, &err) : NULL;
    if (!b) die("alloc", &err);
    size_t bytes = (size_t)n * 4;
    void *scratch = gpu__cu_alloc(0, bytes, &err);
    if (!scratch) die("alloc", &err);
    double best_add = 1e30, best_copy = 1e30, best_sum = 1e30;
    for (int r = 0; r < 5; r++) {
        if (gpu__cu_synchronize(0, &err)) die("sync", &err);
        double t0 = now();
        tc_tensor *c = tc_binary(TC_OP_ADD, a, b, &err);
        if (!c || gpu__cu_synchronize(0, &err)) die("add", &err);
        double t1 = now();
        tc_tensor_unref(c);
        if (gpu__cu_copy(0, GPU_CU_D2D, scratch, tc_storage_data(tc_tensor_storage(a)), bytes,
                         &err) ||
            gpu__cu_synchronize(0, &err))
            die("d2d", &err);
        double t2 = now();
        tc_tensor *s = tc_reduce(TC_RED_SUM, a, NULL, 0, false, &err);
        if (!s || gpu__cu_synchronize(0, &err)) die("sum", &err);
        double t3 = now();
        tc_tensor_unref(s);
        if (t1 - t0 < best_add) best_add = t1 - t0;
        if (t2 - t1 < best_copy) best_copy = t2 - t1;
        if (t3 - t2 < best_sum) best_sum = t3 - t2;
    }
    double add_bw = 3.0 * bytes / best_add / 1e9, copy_bw = 2.0 * bytes / best_copy / 1e9;
    double sum_bw = (double)bytes / best_sum / 1e9;
    printf("add %lldM float32  %.3f ms  %.0f GB/s  D2D cudaMemcpy %.0f GB/s  ratio %.2f\n",
           (long long)(n >> 20), best_add * 1e3, add_bw, copy_bw, add_bw / copy_bw);
    printf("sum %lldM float32  %.3f ms  %.0f GB/s  ratio vs D2D %.2f\n", (long long)(n >> 20),
           best_sum * 1e3, sum_bw, sum_bw / copy_bw);
    gpu__cu_free(0, scratch);
    tc_tensor_unref(a);
    tc_tensor_unref(b);
}

int main(int argc, char **argv) {
    gpu_init();
    const char *name = gpu_backend_name();
    if (!name || strcmp(name, "cuda") != 0) {
        printf("skipped: no CUDA GPU on this machine (backend: %s)\n", name ? name : "none");
        return 0;
    }
    gpu_ledger_set_warn(quiet);
    size_t max = (size_t)1 << 30;
    if (argc > 1) max = (size_t)strtoull(argv[1], NULL, 10) << 20;
    tc_error err = {0};
    void *pinned = gpu__cu_host_alloc_pinned(max, &err);
    char *pageable = malloc(max);
    if (!pinned || !pageable) die("host buffers", &err);
    memset(pageable, 1, max);
    for (size_t b = (size_t)1 << 20; b <= max; b <<= 2)
        bench_d2h(b, pinned, pageable);
    gpu__cu_host_free_pinned(pinned);
    free(pageable);
    bench_add((int64_t)256 << 20);
    return 0;
}
