/*
 * Storage: a refcounted block of memory that tensors view.
 *
 * CPU storage is shared memory from birth. Design (to be refined in storage.c's banner):
 *  - Large blocks (>= TC_STORAGE_OWN_FD_MIN bytes) get a memfd of their own
 *    (memfd_create + ftruncate + mmap MAP_SHARED), so the bridge can pass exactly that fd.
 *  - Small blocks are carved from memfd-backed arenas (slabs of a few MiB) so 100k small
 *    tensors do not pay an mmap each; a block records (arena fd, byte offset in the fd).
 *  - A too-large request fails with RuntimeError "CPU out of memory: tried to allocate
 *    X GiB" instead of being overcommitted and killed later.
 * Device storage belongs to a backend (backend.h) and its data pointer is a device handle
 * that host code must never dereference.
 */
#ifndef TENSORCORE_STORAGE_H
#define TENSORCORE_STORAGE_H

#include "tensorcore/tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

/* New storage of nbytes on dev (uninitialised). New reference. */
tc_storage *tc_storage_new(size_t nbytes, tc_device dev, tc_error *err);
tc_storage *tc_storage_ref(tc_storage *s);
void tc_storage_unref(tc_storage *s); /* NULL is fine */

size_t tc_storage_nbytes(const tc_storage *s);
tc_device tc_storage_device(const tc_storage *s);
/* Host address (CPU) or device handle (other devices). Borrowed. */
void *tc_storage_data(const tc_storage *s);

/* Shared-memory identity of a CPU storage for the bridge: the memfd holding it and the byte
 * offset of the storage inside that fd. The fd is borrowed (dup it to send). Returns -1 for
 * non-CPU storage. */
int tc_storage_memfd(const tc_storage *s, int *fd, size_t *fd_offset);

/* Wrap memory mapped from a memfd received from elsewhere (bridge put). Takes ownership of
 * fd and of the mapping [map, map+map_len); data starts at map+data_offset. */
tc_storage *tc_storage_adopt_memfd(int fd, void *map, size_t map_len, size_t data_offset,
                                   size_t nbytes, tc_error *err);

/* Allocation statistics, for tests and %who. */
typedef struct tc_storage_stats {
    int64_t live_storages;
    size_t live_bytes;
    int64_t memfds_created;
} tc_storage_stats;
void tc_storage_stats_get(tc_storage_stats *out);

/* Allocation hook for fault-injection tests: when n > 0, the n-th next allocation fails. */
void tc_alloc_fail_after(int64_t n);

#ifdef __cplusplus
}
#endif
#endif
