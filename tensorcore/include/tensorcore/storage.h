/*
 * Storage: a refcounted block of memory that tensors view.
 *
 * CPU storage is shared memory from birth, so the bridge can pass any tensor's memory to
 * another process as a file descriptor (SCM_RIGHTS) without copying:
 *  - Large blocks (>= TC_STORAGE_OWN_FD_MIN bytes) get a memfd of their own
 *    (memfd_create + ftruncate + mmap MAP_SHARED) at offset 0. Recently freed large
 *    blocks (up to 64, 256 MiB) are kept in a cache and handed out again for a request of
 *    the same page-rounded size, so a loop of `c = a + b` or of training steps does not
 *    fault fresh pages every time; tc_storage_trim gives them back. Only dead storages
 *    (refcount 0, hence no bridge lease) ever enter the cache.
 *  - Small blocks come from a size-class allocator over memfd arenas: power-of-two classes
 *    from 64 B to TC_STORAGE_OWN_FD_MIN; each class carves 4 MiB memfd slabs (mapped
 *    MAP_SHARED) into equal blocks and keeps a free list. Creating 100k small tensors costs
 *    no system call per tensor. A block records (slab fd, byte offset in the fd); slabs live
 *    for the whole process, so an fd handed out stays valid.
 *    Each large block holds a descriptor, so the soft RLIMIT_NOFILE is raised to the hard
 *    limit on first use.
 *  - A request larger than physical RAM + swap (sysinfo) or a failed mmap/ftruncate fails
 *    with RuntimeError "CPU out of memory: tried to allocate 8.00 GiB"; nothing is
 *    overcommitted to be killed later.
 *  - The storage header itself comes from the replaceable allocator, so
 *    tc_alloc_fail_after makes any step fail for fault-injection tests.
 * Refcounts are atomic; the allocator is guarded by a mutex because the bridge thread may
 * drop the last reference. Device storage belongs to a backend (backend.h): its data pointer
 * is a device handle that host code must never dereference. Without a registered CUDA
 * backend, a CUDA request is PyTorch's "Found no NVIDIA driver on your system..." error.
 */
#ifndef TENSORCORE_STORAGE_H
#define TENSORCORE_STORAGE_H

#include "tensorcore/tensor.h"
#include "tensorcore/alloc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Blocks of at least this many bytes get a memfd of their own. */
#define TC_STORAGE_OWN_FD_MIN ((size_t)1 << 20)

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

/* Give back the dead large blocks kept for reuse (their pages go back to the system); the
 * next allocation of such a size maps a fresh block. Thread-safe. For an idle process. */
void tc_storage_trim(void);

/* tc_alloc_fail_after (the fault-injection hook) lives in tensorcore/alloc.h. */

#ifdef __cplusplus
}
#endif
#endif
