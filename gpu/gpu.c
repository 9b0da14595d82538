/*
 * Device layer start-up: picks the backend that serves CUDA tensors (the emulated device
 * when TENSORKERNEL_EMULATE_CUDA=1, else real CUDA where it was compiled in and a device
 * answers, else none) and installs the transfer ledger's hook. This is the only file that
 * knows whether CUDA was compiled in.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "gpu/gpu-impl.h"
#include "gpu/gpu.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static const tc_backend_i *active;
static void *active_ctx;

static bool emulation_requested(void) {
    const char *v = getenv("TENSORKERNEL_EMULATE_CUDA");
    return v && *v && strcmp(v, "0") != 0;
}

static void init_backends(void) {
    const tc_backend_i *be = NULL;
    void *ctx = NULL;
    if (emulation_requested()) {
        be = gpu__emulated_backend(&ctx);
    } else {
#ifdef TK_HAVE_CUDA
        be = gpu__cuda_backend(&ctx);
#endif
    }
    if (be) {
        tc_backend_register(TC_DEVICE_CUDA, be, ctx);
        active = be;
        active_ctx = ctx;
    }
    tc_transfer_set_hook(gpu__ledger_hook);
}

/* Register the CUDA backend that this machine offers and the ledger hook. Idempotent. */
void gpu_init(void) {
    pthread_once(&init_once, init_backends);
}

/* Number of CUDA devices (real or emulated); 0 when none. */
int gpu_device_count(void) {
    gpu_init();
    return active ? active->device_count(active_ctx) : 0;
}

/* "cuda", "cuda-emulated", or NULL when no CUDA device is usable. */
const char *gpu_backend_name(void) {
    gpu_init();
    return active && active->device_count(active_ctx) > 0 ? active->name : NULL;
}
