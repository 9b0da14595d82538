/*
 * Start-up of the device layer: gpu_init is idempotent, the device count and backend name
 * agree, and a machine without a GPU (and without emulation) answers device="cuda" with
 * PyTorch's RuntimeError while CPU work goes on. With TENSORKERNEL_EMULATE_CUDA=1 there is
 * exactly cuda:0, named "cuda-emulated", and cuda:1 is PyTorch's invalid-ordinal error.
 */
#include "gpu-test.h"

static const char no_driver[] = "Found no NVIDIA driver on your system.";

int main(void) {
    gpu_init();
    gpu_init();
    int n = gpu_device_count();
    const char *name = gpu_backend_name();
    const char *emu = getenv("TENSORKERNEL_EMULATE_CUDA");
    bool emulated = emu && strcmp(emu, "1") == 0;
    GT_CHECK((n > 0) == (name != NULL), "count %d vs name %s", n, name ? name : "NULL");

    tc_error err = {0};
    tc_device d;
    int64_t shape[] = {2};
    if (emulated) {
        GT_CHECK(n == 1 && name && strcmp(name, "cuda-emulated") == 0, "emulated: %d %s", n, name);
        GT_CHECK(tc_device_parse("cuda", &d, &err) == 0 && d.type == TC_DEVICE_CUDA && d.index == 0,
                 "cuda parses: %s", err.msg);
        tc_error e1 = {0};
        GT_CHECK(tc_device_parse("cuda:1", &d, &e1) != 0 &&
                     strstr(e1.msg, "invalid device ordinal"),
                 "cuda:1: %s", e1.msg);
        void *ctx;
        const tc_backend_i *be = tc_backend_get(TC_DEVICE_CUDA, &ctx);
        tc_error e2 = {0};
        GT_CHECK(be && be->synchronize(ctx, 0, &e2) == 0, "synchronize is a no-op");
    } else if (n == 0) {
        tc_error e1 = {0};
        GT_CHECK(tc_device_parse("cuda", &d, &e1) != 0 && e1.type == TC_EXC_RUNTIME &&
                     strncmp(e1.msg, no_driver, strlen(no_driver)) == 0,
                 "no GPU: parse error '%s'", e1.msg);
        tc_error e2 = {0};
        tc_tensor *t = tc_zeros(shape, 1, TC_DTYPE_F32, gt_cuda(), &e2);
        GT_CHECK(!t && e2.type == TC_EXC_RUNTIME &&
                     strncmp(e2.msg, no_driver, strlen(no_driver)) == 0,
                 "no GPU: zeros error '%s'", e2.msg);
        tc_tensor_unref(t);
        void *ctx;
        const tc_backend_i *be = tc_backend_get(TC_DEVICE_CUDA, &ctx);
        if (be) { /* compiled with CUDA: registered, but it has no device to offer */
            tc_error e3 = {0};
            GT_CHECK(be->device_count(ctx) == 0, "no devices");
            GT_CHECK(be->synchronize(ctx, 0, &e3) != 0 &&
                         strncmp(e3.msg, no_driver, strlen(no_driver)) == 0,
                     "synchronize without a GPU: '%s'", e3.msg);
        }
        printf("no GPU here: CUDA requests fail as in PyTorch\n");
    } else {
        printf("real CUDA: %d device(s), backend %s\n", n, name);
    }
    /* CPU work is unaffected either way */
    tc_tensor *c = tc_ones(shape, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    GT_CHECK(c && ((const float *)tc_data_ptr(c))[1] == 1.0f, "cpu tensor");
    tc_tensor_unref(c);
    return gt_finish("gpu init");
}
