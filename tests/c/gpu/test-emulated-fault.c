/*
 * The emulated device's promise: its memory is reachable only through the backend. Host
 * code that dereferences a device pointer (a missed transfer) must crash with SIGSEGV,
 * not read plausible data; the same memory read through a transfer gives the values.
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gpu-test.h"

/* Run fn in a child; returns the signal that ended it (0 when it exited normally). */
static int child_signal(void (*fn)(void *), void *arg) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGSEGV, SIG_DFL); /* a sanitizer's handler would turn the fault into an exit */
        fn(arg);
        _exit(0);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFSIGNALED(st) ? WTERMSIG(st) : 0;
}

static void read_device(void *p) {
    volatile const float *f = p;
    float x = f[0];
    (void)x;
}

static void write_device(void *p) {
    volatile float *f = p;
    f[0] = 1.0f;
}

int main(void) {
    gpu_init();
    const char *name = gpu_backend_name();
    if (!name || strcmp(name, "cuda-emulated") != 0) {
        printf("SKIP: needs TENSORKERNEL_EMULATE_CUDA=1 (backend: %s)\n", name ? name : "none");
        return 77;
    }
    GT_CHECK(gpu_device_count() == 1, "emulated device count %d", gpu_device_count());
    tc_error err = {0};
    float host[4] = {1, 2, 3, 4};
    int64_t shape[] = {4};
    tc_tensor *c =
        gt_must(tc_from_buffer(host, TC_DTYPE_F32, shape, 1, gt_cuda(), &err), &err, "to cuda");
    void *dev = tc_storage_data(tc_tensor_storage(c));
    GT_CHECK(dev != NULL, "device tensor has a device pointer");
    GT_CHECK(tc_data_ptr(c) == NULL, "tc_data_ptr of a device tensor is NULL");
    GT_CHECK(child_signal(read_device, dev) == SIGSEGV, "host read of device memory faults");
    GT_CHECK(child_signal(write_device, dev) == SIGSEGV, "host write of device memory faults");

    /* ops on the device leave the pages closed again */
    tc_tensor *d = gt_must(tc_binary(TC_OP_ADD, c, c, &err), &err, "add");
    void *dd = tc_storage_data(tc_tensor_storage(d));
    GT_CHECK(child_signal(read_device, dd) == SIGSEGV,
             "result of a device op is not host-readable");
    GT_CHECK(child_signal(read_device, dev) == SIGSEGV, "operand pages are closed after the op");

    /* the explicit transfer gives the values */
    tc_tensor *h = gt_must(tc_to(d, d->dtype, tc_device_cpu(), ".cpu()", &err), &err, "to cpu");
    const float *hv = tc_data_ptr(h);
    GT_CHECK(hv && hv[0] == 2 && hv[3] == 8, "values after transfer: %g %g", hv ? hv[0] : -1,
             hv ? hv[3] : -1);

    /* a host pointer given to the device backend is an illegal address, not a silent read */
    void *ctx;
    const tc_backend_i *be = tc_backend_get(TC_DEVICE_CUDA, &ctx);
    float out[4];
    tc_error e2 = {0};
    int rc = be->copy(ctx, 0, TC_COPY_D2H, out, host, sizeof out, &e2);
    GT_CHECK(rc != 0 && e2.type == TC_EXC_RUNTIME && strstr(e2.msg, "illegal memory access"),
             "D2H from a host address: %d %s", rc, e2.msg);

    /* freed memory is reused, many small blocks fit, and a huge request fails cleanly */
    tc_tensor_unref(h);
    tc_tensor_unref(d);
    for (int i = 0; i < 20000; i++) {
        tc_tensor *t = tc_zeros(shape, 1, TC_DTYPE_F32, gt_cuda(), &err);
        if (!t) break;
        tc_tensor_unref(t);
    }
    GT_CHECK(err.type == TC_EXC_NONE, "20000 alloc/free rounds: %s", err.msg);
    int64_t huge[] = {(int64_t)1 << 40};
    tc_error e3 = {0};
    tc_tensor *hh = tc_empty(huge, 1, TC_DTYPE_F32, gt_cuda(), &e3);
    GT_CHECK(!hh && e3.type == TC_EXC_RUNTIME &&
                 strstr(e3.msg, "CUDA out of memory. Tried to allocate 4096.00 GiB"),
             "huge device alloc: %s", e3.msg);
    tc_tensor_unref(hh);
    tc_tensor_unref(c);
    return gt_finish("emulated fault");
}
