/*
 * The device layer: registers the CUDA backend (real CUDA where compiled and a GPU is
 * present, or the emulated device with TENSORKERNEL_EMULATE_CUDA=1) with tensorcore, and
 * keeps the transfer ledger: every device-to-host copy with bytes, time, cause and cell,
 * a warning at or above the threshold, and one summary warning for many small syncs.
 */
#ifndef GPU_GPU_H
#define GPU_GPU_H

#include <stdbool.h>
#include <stddef.h>

#include "tensorcore/tensor.h"

/* Register the available device backends and the ledger hook. Idempotent. */
void gpu_init(void);
/* Number of CUDA devices (real or emulated); 0 when none. */
int gpu_device_count(void);
/* "cuda", "cuda-emulated", or NULL. */
const char *gpu_backend_name(void);

/* ---- transfer ledger ---------------------------------------------------------------- */

typedef struct gpu_transfer {
    size_t bytes;
    double seconds;
    char cause[32];  /* ".cpu()", ".item()", ".tolist()", "print", "bridge" */
    char device[16]; /* "cuda:0" */
    int cell;        /* execution count */
} gpu_transfer;

/* Warning callback: receives the full warning text; the kernel writes it on stderr. */
typedef void (*gpu_warn_fn)(const char *text);
void gpu_ledger_set_warn(gpu_warn_fn fn);
/* The cell whose transfers are being recorded; also flushes the previous cell's summary. */
void gpu_ledger_begin_cell(int execution_count);
/* End of a cell: emits the summary warning for 100+ small syncs. */
void gpu_ledger_end_cell(void);
size_t gpu_ledger_threshold(void);
void gpu_ledger_set_threshold(size_t bytes); /* default 1 MiB */
/* Borrowed view of the records (oldest first); valid until the next record. */
const gpu_transfer *gpu_ledger_records(size_t *count);
size_t gpu_ledger_total_bytes(void);
void gpu_ledger_reset(void);

#endif
