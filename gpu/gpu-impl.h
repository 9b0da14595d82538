/*
 * Private interface of the device layer: the backends gpu.c can register, and the ledger's
 * entry point for the tensorcore transfer hook.
 */
#ifndef GPU_GPU_IMPL_H
#define GPU_GPU_IMPL_H

#include "tensorcore/backend.h"

/* The emulated CUDA device (emulated.c). Returns the vtable and sets *ctx, or NULL with
 * *ctx unchanged when its address range cannot be reserved. Borrowed; lives forever. */
const tc_backend_i *gpu__emulated_backend(void **ctx);

/* The real CUDA backend (cuda/backend.c); its device_count is 0 where no driver or GPU
 * answers. Only built with TK_HAVE_CUDA. Borrowed; lives forever. */
const tc_backend_i *gpu__cuda_backend(void **ctx);

/* tc_transfer_hook feeding the ledger (ledger.c). */
void gpu__ledger_hook(tc_device src, size_t nbytes, double seconds, const char *cause);

/* "256.0 MiB" / "2.0 KiB" / "512 B" into buf; returns buf. */
const char *gpu__format_bytes(size_t n, char *buf, size_t len);

#endif
