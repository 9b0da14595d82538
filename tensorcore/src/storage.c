/*
 * Storage: refcounted memory blocks. CPU memory is memfd shared memory (own fd for large
 * blocks, size-class slabs for small ones); device memory goes through the backend.
 * The design is written at the top of storage.h.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "tc-impl.h"

/* ---- recycled fixed-size objects (the allocator itself is in alloc.c) ---------------- */

typedef struct pool_node { struct pool_node *next; } pool_node;

#define POOL_MAX 65536 /* objects kept per thread and pool */

static _Thread_local pool_node *pool_head[TC__POOL_COUNT];
static _Thread_local int pool_len[TC__POOL_COUNT];
/* The lists belong to their thread: a thread registers with pool_key before its first
 * put, and the key's destructor frees its lists when it exits (tensors die on the bridge
 * and control threads too). The main thread's lists live until the process ends. */
static _Thread_local bool pool_registered;
static pthread_key_t pool_key;
static pthread_once_t pool_key_once = PTHREAD_ONCE_INIT;
static bool pool_key_ok;

static void pool_drain(void *unused) {
    (void)unused;
    for (int i = 0; i < TC__POOL_COUNT; i++) {
        while (pool_head[i]) {
            pool_node *n = pool_head[i];
            pool_head[i] = n->next;
            tc__alloc_count(1); /* it left the live count when it was put */
            tc_free(n);
        }
        pool_len[i] = 0;
    }
    pool_registered = false; /* a later put (another key's destructor) registers again */
}

static void pool_key_create(void) { pool_key_ok = pthread_key_create(&pool_key, pool_drain) == 0; }

/* True when this thread's lists are released at its exit (registering it on first use). */
static bool pool_register(void) {
    if (pool_registered) return true;
    pthread_once(&pool_key_once, pool_key_create);
    /* any non-NULL value: the destructor runs only for those */
    pool_registered = pool_key_ok && pthread_setspecific(pool_key, pool_head) == 0;
    return pool_registered;
}

/* A zeroed object of 'size' bytes from this thread's free list or the allocator. */
void *tc__pool_get(int pool, size_t size) {
    if (tc__alloc_should_fail()) return NULL;
    pool_node *n = pool_head[pool];
    if (!n) return tc_calloc(1, size);
    tc__alloc_count(1);
    pool_head[pool] = n->next;
    pool_len[pool]--;
    memset(n, 0, size);
    return n;
}

/* Return an object from tc__pool_get (NULL is fine). */
void tc__pool_put(int pool, void *p) {
    if (!p) return;
    if (pool_len[pool] >= POOL_MAX || !pool_register()) {
        tc_free(p);
        return;
    }
    tc__alloc_count(-1);
    pool_node *n = p;
    n->next = pool_head[pool];
    pool_head[pool] = n;
    pool_len[pool]++;
}

/* PyTorch's format_size: bytes, KiB, MiB or GiB with two decimals. */
const char *tc__fmt_bytes(size_t n, char *buf, size_t len) {
    if (n < 1024) snprintf(buf, len, "%zu bytes", n);
    else if (n < ((size_t)1 << 20)) snprintf(buf, len, "%.2f KiB", n / 1024.0);
    else if (n < ((size_t)1 << 30)) snprintf(buf, len, "%.2f MiB", n / 1048576.0);
    else snprintf(buf, len, "%.2f GiB", n / 1073741824.0);
    return buf;
}

/* ---- storage objects ------------------------------------------------------------------ */

typedef enum storage_kind { SK_OWN_FD, SK_SLAB, SK_ADOPTED, SK_DEVICE } storage_kind;

struct tc_storage {
    atomic_int refcount;
    storage_kind kind;
    tc_device device;
    size_t nbytes;   /* what was asked for */
    size_t capacity; /* bytes mapped/reserved */
    void *data;
    int fd;
    size_t fd_offset;
    int size_class;  /* SK_SLAB */
    void *map;       /* SK_ADOPTED: mapping to unmap */
    size_t map_len;
    bool zeroed;     /* fresh memfd pages: known to read as zero */
};

static atomic_llong stat_live, stat_memfds;
static atomic_size_t stat_bytes;

/* Allocation statistics (live storages, live bytes, memfds created). */
void tc_storage_stats_get(tc_storage_stats *out) {
    out->live_storages = atomic_load(&stat_live);
    out->live_bytes = atomic_load(&stat_bytes);
    out->memfds_created = atomic_load(&stat_memfds);
}

static pthread_mutex_t alloc_lock = PTHREAD_MUTEX_INITIALIZER;

static int oom(size_t n, tc_error *err) {
    char b[64];
    return tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory: tried to allocate %s",
                        tc__fmt_bytes(n, b, sizeof b));
}

/* The first number in file path (a cgroup's memory.max may say "max"); false if none. */
static bool read_u64(const char *path, unsigned long long *out) {
    FILE *f = fopen(path, "r");
    if (!f) return false;
    bool ok = fscanf(f, "%llu", out) == 1;
    fclose(f);
    return ok;
}

/* The value of 'key' in a "key value" file (/proc/meminfo, memory.stat); false if absent. */
static bool read_key(const char *path, const char *key, unsigned long long *out) {
    FILE *f = fopen(path, "r");
    if (!f) return false;
    char line[256];
    size_t kl = strlen(key);
    bool ok = false;
    while (!ok && fgets(line, sizeof line, f))
        if (strncmp(line, key, kl) == 0 && (line[kl] == ' ' || line[kl] == ':'))
            ok = sscanf(line + kl + 1, " %llu", out) == 1;
    fclose(f);
    return ok;
}

/* Bytes the memory cgroup at dir (v1 or v2 file names) can still take: its limit less its
 * usage, where reclaimable file cache does not count as used. False when unlimited. */
static bool cgroup_room(const char *dir, bool v2, unsigned long long *room) {
    char p[640];
    unsigned long long limit, usage, inactive = 0;
    snprintf(p, sizeof p, "%s/%s", dir, v2 ? "memory.max" : "memory.limit_in_bytes");
    if (!read_u64(p, &limit) || limit >= (1ull << 60)) return false;
    snprintf(p, sizeof p, "%s/%s", dir, v2 ? "memory.current" : "memory.usage_in_bytes");
    if (!read_u64(p, &usage)) return false;
    snprintf(p, sizeof p, "%s/memory.stat", dir);
    read_key(p, v2 ? "inactive_file" : "total_inactive_file", &inactive);
    usage = usage > inactive ? usage - inactive : 0;
    *room = limit > usage ? limit - usage : 0;
    return true;
}

/* The least room of this process's memory cgroup and its ancestors (v1 "memory" or v2),
 * under the usual mount points; ULLONG_MAX when none is limited. */
static unsigned long long cgroups_room(void) {
    unsigned long long best = ~0ull;
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (!f) return best;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2) continue;
        bool v2 = c2 == c1 + 1; /* "0::/path" */
        bool mem = !v2 && strncmp(c1 + 1, "memory:", 7) == 0;
        if (!v2 && !mem) continue;
        static const char *const v1_roots[] = {"/sys/fs/cgroup/memory", NULL};
        static const char *const v2_roots[] = {"/sys/fs/cgroup", "/sys/fs/cgroup/unified", NULL};
        for (const char *const *root = v2 ? v2_roots : v1_roots; *root; root++) {
            char dir[600];
            snprintf(dir, sizeof dir, "%s%s", *root, c2 + 1);
            for (;;) { /* the cgroup, then each ancestor up to the mount point */
                unsigned long long room;
                if (cgroup_room(dir, v2, &room) && room < best) best = room;
                char *slash = strrchr(dir, '/');
                if (!slash || (size_t)(slash - dir) < strlen(*root)) break;
                *slash = '\0';
            }
        }
    }
    fclose(f);
    return best;
}

/* True when n bytes cannot be had now: more than the machine's available memory (RAM the
 * kernel can free plus free swap) or than the room left in the process's memory cgroup.
 * Tensor memory is committed page by page as it is first written, so an allocation that
 * does not fit would otherwise succeed and the OOM killer would end the kernel later;
 * checked for large requests only (the files are read each time: limits change). */
static bool beyond_machine(size_t n) {
    if (n < ((size_t)1 << 26)) return false;
    unsigned long long avail, swap = 0, room = cgroups_room();
    if (read_key("/proc/meminfo", "MemAvailable", &avail)) {
        read_key("/proc/meminfo", "SwapFree", &swap);
        avail = (avail + swap) * 1024;
    } else {
        struct sysinfo si;
        if (sysinfo(&si) != 0) return false;
        avail = ((unsigned long long)si.freeram + si.bufferram + si.freeswap) * si.mem_unit;
    }
    if (room < avail) avail = room;
    return (unsigned long long)n > avail;
}

/* Every large tensor holds a descriptor: lift the soft limit on open files to the hard one
 * once, so thousands of live tensors do not run out of descriptors. */
static void raise_fd_limit(void) {
    static atomic_int done;
    if (atomic_exchange(&done, 1)) return;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

/* A memfd of n bytes mapped shared; -1 on failure. */
static int memfd_map(size_t n, int *fd_out, void **map_out) {
    if (tc__alloc_should_fail()) return -1;
    raise_fd_limit();
    int fd = memfd_create("tensorkernel", MFD_CLOEXEC);
    if (fd < 0) return -1;
    if (ftruncate(fd, (off_t)n) != 0) { close(fd); return -1; }
    void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) { close(fd); return -1; }
    atomic_fetch_add(&stat_memfds, 1);
    *fd_out = fd;
    *map_out = p;
    return 0;
}

/* ---- small blocks: size classes over memfd slabs ---------------------------------- */

#define MIN_CLASS_SHIFT 6 /* 64 B */
#define NUM_CLASSES 15    /* 64 B .. 1 MiB: every size below TC_STORAGE_OWN_FD_MIN */
#define SLAB_BYTES ((size_t)4 << 20)

typedef struct free_block { struct free_block *next; int fd; size_t off; char *data; } free_block;

typedef struct size_class {
    free_block *free;    /* recycled blocks (records live outside the shared memory) */
    char *slab;          /* current slab being carved */
    int slab_fd;
    size_t slab_used;
} size_class;

static size_class classes[NUM_CLASSES];
static free_block *spare_records;

static int class_of(size_t n) {
    int c = 0;
    while (((size_t)1 << (c + MIN_CLASS_SHIFT)) < n) c++;
    return c;
}

/* Take a block of class c; fills data/fd/offset/zeroed. Caller holds alloc_lock. */
static int slab_take(tc_storage *s, int c) {
    size_class *sc = &classes[c];
    size_t bsz = (size_t)1 << (c + MIN_CLASS_SHIFT);
    if (sc->free) {
        free_block *fb = sc->free;
        sc->free = fb->next;
        s->fd = fb->fd;
        s->fd_offset = fb->off;
        s->data = fb->data;
        s->zeroed = false;
        fb->next = spare_records;
        spare_records = fb;
        return 0;
    }
    if (!sc->slab || sc->slab_used + bsz > SLAB_BYTES) {
        int fd;
        void *map;
        if (memfd_map(SLAB_BYTES, &fd, &map) != 0) return -1;
        sc->slab = map;
        sc->slab_fd = fd;
        sc->slab_used = 0;
    }
    s->fd = sc->slab_fd;
    s->fd_offset = sc->slab_used;
    s->data = sc->slab + sc->slab_used;
    s->zeroed = true;
    sc->slab_used += bsz;
    return 0;
}

static int slab_alloc(tc_storage *s, size_t n) {
    int c = class_of(n ? n : 1);
    pthread_mutex_lock(&alloc_lock);
    int r = slab_take(s, c);
    pthread_mutex_unlock(&alloc_lock);
    if (r != 0) return -1;
    s->kind = SK_SLAB;
    s->size_class = c;
    s->capacity = (size_t)1 << (c + MIN_CLASS_SHIFT);
    return 0;
}

static void slab_release(tc_storage *s) {
    pthread_mutex_lock(&alloc_lock);
    free_block *fb = spare_records;
    if (fb) spare_records = fb->next;
    else fb = tc__alloc_should_fail() ? NULL : malloc(sizeof *fb); /* kept for good: not a live block */
    if (fb) { /* without a record the block is simply not reused */
        fb->fd = s->fd;
        fb->off = s->fd_offset;
        fb->data = s->data;
        fb->next = classes[s->size_class].free;
        classes[s->size_class].free = fb;
    }
    pthread_mutex_unlock(&alloc_lock);
}

/* ---- large blocks: own memfd, with a cache of dead blocks ---------------------------- */

/* Enough slots for every large block one training step or one forward with autograd frees
 * together (a transformer layer's activations, their gradients, workspaces: a step's outputs
 * die only when the next step has made its own), under a byte budget so that what an idle
 * kernel keeps stays bounded. A block is handed out again only for a request of its own
 * page-rounded size; when the slots or the budget run out, the blocks freed longest ago go
 * first, so a loop keeps the blocks it uses every time. */
#define CACHE_SLOTS 64
#define CACHE_BUDGET ((size_t)256 << 20)

/* A dead block; map NULL when the slot is empty. 'age' orders the blocks by their release. */
typedef struct cached_block { void *map; int fd; size_t len; uint64_t age; } cached_block;
static cached_block cache[CACHE_SLOTS];
static size_t cache_bytes;
static uint64_t cache_clock;

static size_t page_round(size_t n) {
    size_t pg = 4096;
    return (n + pg - 1) / pg * pg;
}

/* The slot of the cached block of len bytes released last, or -1. Caller holds alloc_lock. */
static int cache_find(size_t len) {
    int best = -1;
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (cache[i].map && cache[i].len == len && (best < 0 || cache[i].age > cache[best].age)) best = i;
    return best;
}

/* The occupied slot released longest ago, or -1 when the cache is empty. Caller holds
 * alloc_lock. */
static int cache_oldest(void) {
    int best = -1;
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (cache[i].map && (best < 0 || cache[i].age < cache[best].age)) best = i;
    return best;
}

static int big_alloc(tc_storage *s, size_t n) {
    size_t len = page_round(n);
    pthread_mutex_lock(&alloc_lock);
    int i = cache_find(len);
    if (i >= 0) {
        s->data = cache[i].map;
        s->fd = cache[i].fd;
        cache[i].map = NULL;
        cache_bytes -= len;
        pthread_mutex_unlock(&alloc_lock);
        s->zeroed = false;
    } else {
        pthread_mutex_unlock(&alloc_lock);
        if (memfd_map(len, &s->fd, &s->data) != 0) return -1;
        s->zeroed = true;
    }
    s->kind = SK_OWN_FD;
    s->fd_offset = 0;
    s->capacity = len;
    return 0;
}

/* Take the block out of slot i into evict[*ne]. Caller holds alloc_lock. */
static void cache_evict(int i, cached_block *evict, int *ne) {
    evict[(*ne)++] = cache[i];
    cache_bytes -= cache[i].len;
    cache[i].map = NULL;
}

static void big_release(tc_storage *s) {
    cached_block evict[CACHE_SLOTS + 1];
    int ne = 0;
    cached_block dead = {s->data, s->fd, s->capacity, 0};
    if (s->capacity <= CACHE_BUDGET) {
        pthread_mutex_lock(&alloc_lock);
        /* make room: the oldest blocks go until this one fits the budget and a slot */
        int slot = -1;
        for (int i = 0; i < CACHE_SLOTS && slot < 0; i++)
            if (!cache[i].map) slot = i;
        while (slot < 0 || cache_bytes + dead.len > CACHE_BUDGET) {
            int old = cache_oldest();
            cache_evict(old, evict, &ne);
            if (slot < 0) slot = old;
        }
        dead.age = ++cache_clock;
        cache[slot] = dead;
        cache_bytes += dead.len;
        pthread_mutex_unlock(&alloc_lock);
    } else {
        evict[ne++] = dead;
    }
    for (int i = 0; i < ne; i++) {
        munmap(evict[i].map, evict[i].len);
        close(evict[i].fd);
    }
}

/* Give every cached dead block back to the system. */
void tc_storage_trim(void) {
    cached_block evict[CACHE_SLOTS];
    int ne = 0;
    pthread_mutex_lock(&alloc_lock);
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (cache[i].map) cache_evict(i, evict, &ne);
    pthread_mutex_unlock(&alloc_lock);
    for (int i = 0; i < ne; i++) {
        munmap(evict[i].map, evict[i].len);
        close(evict[i].fd);
    }
}

/* ---- public API ------------------------------------------------------------------------ */

static tc_storage *storage_header(size_t nbytes, tc_device dev, tc_error *err) {
    tc_storage *s = tc__pool_get(TC__POOL_STORAGE, sizeof *s);
    if (!s) {
        oom(sizeof *s, err);
        return NULL;
    }
    atomic_init(&s->refcount, 1);
    s->device = dev;
    s->nbytes = nbytes;
    s->fd = -1;
    return s;
}

static int cpu_alloc(tc_storage *s, size_t nbytes, tc_error *err) {
    if (beyond_machine(nbytes)) return oom(nbytes, err);
    int r = nbytes >= TC_STORAGE_OWN_FD_MIN ? big_alloc(s, nbytes) : slab_alloc(s, nbytes);
    if (r != 0) return oom(nbytes, err);
    return 0;
}

static int device_alloc(tc_storage *s, size_t nbytes, tc_device dev, tc_error *err) {
    void *ctx;
    const tc_backend_i *be = tc__backend(dev, &ctx, err);
    if (!be) return -1;
    if (tc__alloc_should_fail()) {
        char b[64];
        return tc_error_set(err, TC_EXC_RUNTIME, "CUDA out of memory. Tried to allocate %s",
                            tc__fmt_bytes(nbytes, b, sizeof b));
    }
    s->data = be->alloc(ctx, dev.index, nbytes ? nbytes : 1, err);
    if (!s->data) {
        char b[64];
        return tc_error_set(err, TC_EXC_RUNTIME, "CUDA out of memory. Tried to allocate %s",
                            tc__fmt_bytes(nbytes, b, sizeof b));
    }
    s->kind = SK_DEVICE;
    s->capacity = nbytes;
    return 0;
}

/* New storage of nbytes on dev (contents unspecified). New reference, or NULL + err. */
tc_storage *tc_storage_new(size_t nbytes, tc_device dev, tc_error *err) {
    if (dev.type != TC_DEVICE_CPU) {
        void *ctx;
        if (!tc__backend(dev, &ctx, err)) return NULL;
    }
    tc_storage *s = storage_header(nbytes, dev, err);
    if (!s) return NULL;
    int r = dev.type == TC_DEVICE_CPU ? cpu_alloc(s, nbytes, err) : device_alloc(s, nbytes, dev, err);
    if (r != 0) {
        tc__pool_put(TC__POOL_STORAGE, s);
        return NULL;
    }
    atomic_fetch_add(&stat_live, 1);
    atomic_fetch_add(&stat_bytes, nbytes);
    return s;
}

/* Wrap a memfd mapping received from elsewhere; takes ownership of fd and mapping. */
tc_storage *tc_storage_adopt_memfd(int fd, void *map, size_t map_len, size_t data_offset,
                                   size_t nbytes, tc_error *err) {
    tc_storage *s = storage_header(nbytes, tc_device_cpu(), err);
    if (!s) return NULL;
    s->kind = SK_ADOPTED;
    s->fd = fd;
    s->fd_offset = data_offset;
    s->map = map;
    s->map_len = map_len;
    s->data = (char *)map + data_offset;
    s->capacity = nbytes;
    atomic_fetch_add(&stat_live, 1);
    atomic_fetch_add(&stat_bytes, nbytes);
    return s;
}

/* New reference to s (NULL passes through). */
tc_storage *tc_storage_ref(tc_storage *s) {
    if (s) atomic_fetch_add_explicit(&s->refcount, 1, memory_order_relaxed);
    return s;
}

static void storage_free(tc_storage *s) {
    switch (s->kind) {
    case SK_OWN_FD: big_release(s); break;
    case SK_SLAB: slab_release(s); break;
    case SK_ADOPTED:
        munmap(s->map, s->map_len);
        close(s->fd);
        break;
    case SK_DEVICE: {
        void *ctx;
        const tc_backend_i *be = tc_backend_get(s->device.type, &ctx);
        if (be && be->free) be->free(ctx, s->device.index, s->data);
        break;
    }
    }
    atomic_fetch_sub(&stat_live, 1);
    atomic_fetch_sub(&stat_bytes, s->nbytes);
    tc__pool_put(TC__POOL_STORAGE, s);
}

/* Drop a reference; the memory is released (or recycled) at zero. NULL is fine. */
void tc_storage_unref(tc_storage *s) {
    if (!s) return;
    if (atomic_fetch_sub_explicit(&s->refcount, 1, memory_order_acq_rel) == 1) storage_free(s);
}

/* True when s has one reference and its memory is its own (not adopted from another
 * process): whoever holds that reference may write into it unseen. */
bool tc__storage_sole(const tc_storage *s) {
    return s && s->kind != SK_ADOPTED && atomic_load_explicit(&s->refcount, memory_order_acquire) == 1;
}

/* Bytes requested for s. */
size_t tc_storage_nbytes(const tc_storage *s) { return s ? s->nbytes : 0; }

/* Device holding s. */
tc_device tc_storage_device(const tc_storage *s) { return s->device; }

/* Host address (CPU) or device handle. Borrowed. */
void *tc_storage_data(const tc_storage *s) { return s ? s->data : NULL; }

/* memfd and byte offset of a CPU storage (fd borrowed); -1 for device storage. */
int tc_storage_memfd(const tc_storage *s, int *fd, size_t *fd_offset) {
    if (!s || s->device.type != TC_DEVICE_CPU || s->fd < 0) return -1;
    *fd = s->fd;
    *fd_offset = s->fd_offset;
    return 0;
}

/* True when s came fresh from a memfd and still reads as zeros. */
bool tc__storage_is_zeroed(const tc_storage *s) { return s->zeroed; }
