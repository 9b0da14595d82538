/*
 * The device layer: registers the CUDA backend (real CUDA where compiled and a GPU is
 * present, or the emulated device with TENSORKERNEL_EMULATE_CUDA=1) with tensorcore, and
 * keeps the transfer ledger: every device-to-host copy with bytes, time, cause and cell,
 * a warning at or above the threshold, and one summary warning for many small syncs.
 *
 *     gpu_init();                                  // once, before the first tensor
 *     gpu_ledger_set_warn(write_on_cell_stderr);   // else warnings go to stderr
 *     gpu_ledger_begin_cell(n);                    // around each executed cell
 *     ... tc_to(t, t->dtype, tc_device_cpu(), ".cpu()", &err) ...   // recorded, may warn
 *     gpu_ledger_end_cell();                       // may write the small-sync summary
 *
 * Backends (gpu/emulated.c, gpu/cuda/) implement tensorcore's tc_backend_i; tensorcore
 * never sees CUDA types. Real CUDA: cudart is linked statically and the driver is asked
 * for devices only on the first device_count, so one binary starts anywhere; only cuda:0
 * is used. Every ledger function is thread-safe (the bridge thread records too).
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

/* Warning callback: receives the full warning text (borrowed, newline-terminated); the
 * kernel writes it on the running cell's stderr. Called outside the ledger's lock. */
typedef void (*gpu_warn_fn)(const char *text);
/* Install the callback; NULL writes warnings to the process's stderr. */
void gpu_ledger_set_warn(gpu_warn_fn fn);
/* The cell whose transfers are being recorded; also flushes the previous cell's summary. */
void gpu_ledger_begin_cell(int execution_count);
/* End of a cell: emits the summary warning for 100+ small syncs (those under the
 * threshold, bridge copies not counted). */
void gpu_ledger_end_cell(void);
/* Copies of at least this many bytes warn at once (default 1 MiB). */
size_t gpu_ledger_threshold(void);
void gpu_ledger_set_threshold(size_t bytes);
/* Borrowed view of the kept records (oldest first, the last 2048..4096); valid until the
 * next record or reset. OUT: *count. */
const gpu_transfer *gpu_ledger_records(size_t *count);
/* Bytes copied device-to-host since start-up or the last reset (all records, kept or not). */
size_t gpu_ledger_total_bytes(void);
/* Forget records, totals and the pending summary; threshold and callback stay. */
void gpu_ledger_reset(void);

#endif
