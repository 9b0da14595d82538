/*
 * The emulated CUDA device: cuda:0 for machines without a GPU, so every device rule (no host
 * access, explicit transfers, ledger, warnings) is testable anywhere.
 *
 * Its memory is one large address range reserved PROT_NONE. Device pointers are real
 * addresses inside it, handed out by a size-class allocator whose bookkeeping lives outside
 * the range. Host code that dereferences one faults at once, as it would on a GPU. Every
 * backend call takes the device mutex, opens (PROT_READ|PROT_WRITE) just the pages its
 * operands span, runs the CPU backend's kernel there, and closes them again.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "gpu/gpu-impl.h"

#define EMU_MIN_BLOCK ((size_t)256) /* cudaMalloc's alignment */
#define EMU_NCLASS 48
#define EMU_RELEASE_MIN ((size_t)64 << 10) /* freed blocks this big give their pages back */
#define EMU_MAX_OPEN 4

typedef struct emu_free_list {
    size_t *off;
    size_t n, cap;
} emu_free_list;

typedef struct emu_slot { /* live allocation: offset+1 (0 = empty slot) and size class */
    size_t key;
    int cls;
} emu_slot;

typedef struct emu_device {
    pthread_mutex_t lock;
    char *base;
    size_t size, bump, live_bytes, page;
    emu_free_list free_lists[EMU_NCLASS];
    emu_slot *slots; /* open addressing, linear probing, power-of-two capacity */
    size_t nslots, nlive;
} emu_device;

typedef struct emu_range {
    char *lo;
    size_t len;
} emu_range;

static emu_device dev0 = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* ---- address range and allocator ----------------------------------------------------- */

static int reserve(emu_device *d) {
    d->page = (size_t)sysconf(_SC_PAGESIZE);
    for (size_t sz = (size_t)64 << 30; sz >= ((size_t)1 << 30); sz /= 2) {
        void *p = mmap(NULL, sz, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p != MAP_FAILED) {
            d->base = p;
            d->size = sz;
            return 0;
        }
    }
    return -1;
}

static int size_class(size_t n) {
    int c = 0;
    size_t b = EMU_MIN_BLOCK;
    while (b < n && c < EMU_NCLASS - 1) {
        b <<= 1;
        c++;
    }
    return c;
}

static size_t class_bytes(int c) {
    return EMU_MIN_BLOCK << c;
}

static size_t slot_hash(size_t key, size_t cap) {
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1);
}

static int slots_grow(emu_device *d) {
    size_t ncap = d->nslots ? d->nslots * 2 : 1024;
    emu_slot *ns = calloc(ncap, sizeof *ns);
    if (!ns) return -1;
    for (size_t i = 0; i < d->nslots; i++) {
        if (!d->slots[i].key) continue;
        size_t j = slot_hash(d->slots[i].key, ncap);
        while (ns[j].key)
            j = (j + 1) & (ncap - 1);
        ns[j] = d->slots[i];
    }
    free(d->slots);
    d->slots = ns;
    d->nslots = ncap;
    return 0;
}

static int slot_put(emu_device *d, size_t off, int cls) {
    if ((d->nlive + 1) * 2 > d->nslots && slots_grow(d) != 0) return -1;
    size_t j = slot_hash(off + 1, d->nslots);
    while (d->slots[j].key)
        j = (j + 1) & (d->nslots - 1);
    d->slots[j].key = off + 1;
    d->slots[j].cls = cls;
    d->nlive++;
    return 0;
}

/* Remove the allocation at off; returns its class or -1 when it is not live. Deletion
 * shifts later members of the probe run back so no tombstones are needed. */
static int slot_take(emu_device *d, size_t off) {
    if (!d->nslots) return -1;
    size_t mask = d->nslots - 1, j = slot_hash(off + 1, d->nslots);
    while (d->slots[j].key && d->slots[j].key != off + 1)
        j = (j + 1) & mask;
    if (!d->slots[j].key) return -1;
    int cls = d->slots[j].cls;
    size_t hole = j;
    for (size_t k = (j + 1) & mask; d->slots[k].key; k = (k + 1) & mask) {
        size_t home = slot_hash(d->slots[k].key, d->nslots);
        bool movable = hole <= k ? (home <= hole || home > k) : (home <= hole && home > k);
        if (movable) {
            d->slots[hole] = d->slots[k];
            hole = k;
        }
    }
    d->slots[hole].key = 0;
    d->nlive--;
    return cls;
}

static int take_block(emu_device *d, int c, size_t *off) {
    emu_free_list *fl = &d->free_lists[c];
    if (fl->n) {
        *off = fl->off[--fl->n];
        return 0;
    }
    size_t bytes = class_bytes(c);
    size_t at = (d->bump + bytes - 1) & ~(bytes < d->page ? bytes - 1 : d->page - 1);
    if (at > d->size || d->size - at < bytes) return -1;
    d->bump = at + bytes;
    *off = at;
    return 0;
}

static int give_block(emu_device *d, int c, size_t off) {
    emu_free_list *fl = &d->free_lists[c];
    if (fl->n == fl->cap) {
        size_t ncap = fl->cap ? fl->cap * 2 : 64;
        size_t *no = realloc(fl->off, ncap * sizeof *no);
        if (!no) return -1;
        fl->off = no;
        fl->cap = ncap;
    }
    fl->off[fl->n++] = off;
    return 0;
}

static void *emu_alloc(void *ctx, int device, size_t nbytes, tc_error *err) {
    emu_device *d = ctx;
    int c = size_class(nbytes ? nbytes : 1);
    size_t off;
    pthread_mutex_lock(&d->lock);
    if (class_bytes(c) < nbytes || take_block(d, c, &off) != 0) {
        size_t free_b = d->size - d->live_bytes;
        pthread_mutex_unlock(&d->lock);
        tc_error_set(err, TC_EXC_RUNTIME,
                     "CUDA out of memory. Tried to allocate %.2f GiB. GPU 0 has a total capacity "
                     "of %.2f GiB of which %.2f GiB is free.",
                     nbytes / 1073741824.0, d->size / 1073741824.0, free_b / 1073741824.0);
        return NULL;
    }
    if (slot_put(d, off, c) != 0) {
        give_block(d, c, off);
        pthread_mutex_unlock(&d->lock);
        tc_error_set(err, TC_EXC_MEMORY, "out of host memory for device bookkeeping");
        return NULL;
    }
    d->live_bytes += class_bytes(c);
    pthread_mutex_unlock(&d->lock);
    return d->base + off;
}

static void emu_free(void *ctx, int device, void *ptr) {
    emu_device *d = ctx;
    if (!ptr) return;
    size_t off = (size_t)((char *)ptr - d->base);
    pthread_mutex_lock(&d->lock);
    int c = slot_take(d, off);
    TC_ASSERT(c >= 0 && "free of a pointer the emulated device did not allocate");
    size_t bytes = class_bytes(c);
    d->live_bytes -= bytes;
    if (bytes >= EMU_RELEASE_MIN) madvise(d->base + off, bytes, MADV_DONTNEED);
    if (give_block(d, c, off) != 0) { /* bookkeeping lost: the block leaks, nothing else */
    }
    pthread_mutex_unlock(&d->lock);
}

static int emu_device_count(void *ctx) {
    return 1;
}

/* ---- opening and closing pages ------------------------------------------------------- */

typedef struct emu_open {
    emu_range r[EMU_MAX_OPEN];
    int n;
} emu_open;

static int illegal_access(tc_error *err) {
    return tc_error_set(err, TC_EXC_RUNTIME,
                        "CUDA error: an illegal memory access was encountered\nCUDA kernel "
                        "errors might be asynchronously reported at some other API call, so the "
                        "stacktrace below might be incorrect.");
}

/* Open the pages of [p, p+n) for reading and writing. Caller holds the lock. */
static int open_bytes(emu_device *d, emu_open *o, const void *p, size_t n, tc_error *err) {
    if (n == 0) return 0;
    const char *c = p;
    if (c < d->base || c > d->base + d->size || (size_t)(d->base + d->size - c) < n)
        return illegal_access(err);
    uintptr_t lo = (uintptr_t)c & ~(uintptr_t)(d->page - 1);
    uintptr_t hi = ((uintptr_t)c + n + d->page - 1) & ~(uintptr_t)(d->page - 1);
    TC_ASSERT(o->n < EMU_MAX_OPEN);
    if (mprotect((void *)lo, hi - lo, PROT_READ | PROT_WRITE) != 0)
        return tc_error_set(err, TC_EXC_RUNTIME, "CUDA error: out of memory");
    o->r[o->n].lo = (char *)lo;
    o->r[o->n++].len = hi - lo;
    return 0;
}

/* Open the pages a strided view spans. Caller holds the lock. */
static int open_view(emu_device *d, emu_open *o, const tc_kview *v, tc_error *err) {
    if (!v) return 0;
    int64_t lo = 0, hi = 0;
    for (int i = 0; i < v->ndim; i++) {
        if (v->shape[i] == 0) return 0;
        int64_t span = (v->shape[i] - 1) * v->strides[i];
        if (span > 0)
            hi += span;
        else
            lo += span;
    }
    size_t es = tc_dtype_size(v->dtype);
    return open_bytes(d, o, (const char *)v->data + lo * (int64_t)es, (size_t)(hi - lo + 1) * es,
                      err);
}

static void close_all(emu_open *o) {
    for (int i = 0; i < o->n; i++)
        mprotect(o->r[i].lo, o->r[i].len, PROT_NONE);
    o->n = 0;
}

/* Lock the device and open the pages of up to four views (NULL entries skipped). */
static int begin_call(emu_device *d, emu_open *o, const tc_kview *v0, const tc_kview *v1,
                      const tc_kview *v2, const tc_kview *v3, tc_error *err) {
    o->n = 0;
    pthread_mutex_lock(&d->lock);
    if (open_view(d, o, v0, err) || open_view(d, o, v1, err) || open_view(d, o, v2, err) ||
        open_view(d, o, v3, err)) {
        close_all(o);
        pthread_mutex_unlock(&d->lock);
        return -1;
    }
    return 0;
}

static int end_call(emu_device *d, emu_open *o, int rc) {
    close_all(o);
    pthread_mutex_unlock(&d->lock);
    return rc;
}

/* ---- the backend calls: open, run the CPU kernel, close ------------------------------- */

static int emu_copy(void *ctx, int device, tc_copy_kind kind, void *dst, const void *src, size_t n,
                    tc_error *err) {
    emu_device *d = ctx;
    emu_open o = {.n = 0};
    pthread_mutex_lock(&d->lock);
    int rc = 0;
    if (kind != TC_COPY_H2D) rc = open_bytes(d, &o, src, n, err);
    if (rc == 0 && kind != TC_COPY_D2H) rc = open_bytes(d, &o, dst, n, err);
    if (rc == 0 && n) memmove(dst, src, n);
    return end_call(d, &o, rc);
}

static int emu_synchronize(void *ctx, int device, tc_error *err) {
    return 0;
}

static int emu_binary(void *ctx, tc_binary_op op, const tc_kview *out, const tc_kview *a,
                      const tc_kview *b, tc_error *err) {
    emu_open o;
    if (begin_call(ctx, &o, out, a, b, NULL, err)) return -1;
    return end_call(ctx, &o, tc_backend_cpu()->binary(NULL, op, out, a, b, err));
}

static int emu_unary(void *ctx, tc_unary_op op, const tc_kview *out, const tc_kview *a,
                     tc_error *err) {
    emu_open o;
    if (begin_call(ctx, &o, out, a, NULL, NULL, err)) return -1;
    return end_call(ctx, &o, tc_backend_cpu()->unary(NULL, op, out, a, err));
}

static int emu_copy_cast(void *ctx, const tc_kview *out, const tc_kview *a, tc_error *err) {
    emu_open o;
    if (begin_call(ctx, &o, out, a, NULL, NULL, err)) return -1;
    return end_call(ctx, &o, tc_backend_cpu()->copy_cast(NULL, out, a, err));
}

static int emu_fill(void *ctx, const tc_kview *out, double v, tc_error *err) {
    emu_open o;
    if (begin_call(ctx, &o, out, NULL, NULL, NULL, err)) return -1;
    return end_call(ctx, &o, tc_backend_cpu()->fill(NULL, out, v, err));
}

static int emu_reduce(void *ctx, tc_reduce_op op, const tc_kview *out, const tc_kview *a,
                      tc_error *err) {
    emu_open o;
    if (begin_call(ctx, &o, out, a, NULL, NULL, err)) return -1;
    return end_call(ctx, &o, tc_backend_cpu()->reduce(NULL, op, out, a, err));
}

static int emu_matmul(void *ctx, const tc_kview *c, const tc_kview *a, const tc_kview *b,
                      tc_error *err) {
    emu_open o;
    if (begin_call(ctx, &o, c, a, b, NULL, err)) return -1;
    return end_call(ctx, &o, tc_backend_cpu()->matmul(NULL, c, a, b, err));
}

static int emu_where(void *ctx, const tc_kview *out, const tc_kview *cond, const tc_kview *a,
                     const tc_kview *b, tc_error *err) {
    emu_open o;
    if (begin_call(ctx, &o, out, cond, a, b, err)) return -1;
    return end_call(ctx, &o, tc_backend_cpu()->where(NULL, out, cond, a, b, err));
}

static int emu_clamp(void *ctx, const tc_kview *out, const tc_kview *a, const double *lo,
                     const double *hi, tc_error *err) {
    emu_open o;
    if (begin_call(ctx, &o, out, a, NULL, NULL, err)) return -1;
    return end_call(ctx, &o, tc_backend_cpu()->clamp(NULL, out, a, lo, hi, err));
}

static int emu_scan(void *ctx, tc_scan_op op, const tc_kview *out, const tc_kview *a, int dim,
                    tc_error *err) {
    emu_open o;
    if (begin_call(ctx, &o, out, a, NULL, NULL, err)) return -1;
    return end_call(ctx, &o, tc_backend_cpu()->scan(NULL, op, out, a, dim, err));
}

static int emu_sort(void *ctx, const tc_kview *idx, const tc_kview *a, int dim, bool descending,
                    tc_error *err) {
    emu_open o;
    if (begin_call(ctx, &o, idx, a, NULL, NULL, err)) return -1;
    return end_call(ctx, &o, tc_backend_cpu()->sort(NULL, idx, a, dim, descending, err));
}

static int emu_im2col(void *ctx, const tc_kview *cols, const tc_kview *x, const tc_window2d *w,
                      tc_error *err) {
    emu_open o;
    if (begin_call(ctx, &o, cols, x, NULL, NULL, err)) return -1;
    return end_call(ctx, &o, tc_backend_cpu()->im2col(NULL, cols, x, w, err));
}

static int emu_col2im(void *ctx, const tc_kview *x, const tc_kview *cols, const tc_window2d *w,
                      tc_error *err) {
    emu_open o;
    if (begin_call(ctx, &o, x, cols, NULL, NULL, err)) return -1;
    return end_call(ctx, &o, tc_backend_cpu()->col2im(NULL, x, cols, w, err));
}

static int emu_pool2d(void *ctx, const tc_pool2d *p, const tc_kview *out, const tc_kview *idx,
                      const tc_kview *x, tc_error *err) {
    emu_open o;
    if (begin_call(ctx, &o, out, idx, x, NULL, err)) return -1;
    return end_call(ctx, &o, tc_backend_cpu()->pool2d(NULL, p, out, idx, x, err));
}

static int emu_pool2d_backward(void *ctx, const tc_pool2d *p, const tc_kview *gx,
                               const tc_kview *g, const tc_kview *idx, tc_error *err) {
    emu_open o;
    if (begin_call(ctx, &o, gx, g, idx, NULL, err)) return -1;
    return end_call(ctx, &o, tc_backend_cpu()->pool2d_backward(NULL, p, gx, g, idx, err));
}

static const tc_backend_i emu_iface = {
    .name = "cuda-emulated",
    .device_count = emu_device_count,
    .alloc = emu_alloc,
    .free = emu_free,
    .copy = emu_copy,
    .synchronize = emu_synchronize,
    .binary = emu_binary,
    .unary = emu_unary,
    .copy_cast = emu_copy_cast,
    .fill = emu_fill,
    .reduce = emu_reduce,
    .matmul = emu_matmul,
    .where = emu_where,
    .clamp = emu_clamp,
    .scan = emu_scan,
    .sort = emu_sort,
    .im2col = emu_im2col,
    .col2im = emu_col2im,
    .pool2d = emu_pool2d,
    .pool2d_backward = emu_pool2d_backward,
};

/* The emulated device's vtable (reserving its address range on first use), or NULL when
 * the range cannot be reserved. */
const tc_backend_i *gpu__emulated_backend(void **ctx) {
    pthread_mutex_lock(&dev0.lock);
    int ok = dev0.base || reserve(&dev0) == 0;
    pthread_mutex_unlock(&dev0.lock);
    if (!ok) return NULL;
    *ctx = &dev0;
    return &emu_iface;
}
