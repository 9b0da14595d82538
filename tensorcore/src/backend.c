/*
 * Backend registry, device names, transfer accounting (every device-to-host copy is timed
 * and reported to the ledger hook), and the CPU thread helper used by the CPU kernels.
 */
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "tc-impl.h"

typedef struct registered { const tc_backend_i *iface; void *ctx; } registered;
static registered backends[2];

/* Register the backend serving 'type' (start-up only). */
void tc_backend_register(tc_device_type type, const tc_backend_i *iface, void *ctx) {
    if ((int)type < 0 || type > TC_DEVICE_CUDA) return;
    backends[type].iface = iface;
    backends[type].ctx = ctx;
}

/* The backend for a device type or NULL (CPU is always there). Borrowed. */
const tc_backend_i *tc_backend_get(tc_device_type type, void **ctx) {
    if (type == TC_DEVICE_CPU && !backends[TC_DEVICE_CPU].iface) {
        if (ctx) *ctx = NULL;
        return tc_backend_cpu();
    }
    if ((int)type < 0 || type > TC_DEVICE_CUDA) return NULL;
    if (ctx) *ctx = backends[type].ctx;
    return backends[type].iface;
}

static const char no_driver_msg[] =
    "Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and "
    "installed a driver from http://www.nvidia.com/Download/index.aspx";

/* Backend for dev with PyTorch's errors when there is none or the index is invalid. */
const tc_backend_i *tc__backend(tc_device dev, void **ctx, tc_error *err) {
    const tc_backend_i *be = tc_backend_get(dev.type, ctx);
    if (!be) {
        tc_error_set(err, TC_EXC_RUNTIME, "%s", no_driver_msg);
        return NULL;
    }
    if (dev.type != TC_DEVICE_CPU && be->device_count) {
        int n = be->device_count(*ctx);
        if (n <= 0) {
            tc_error_set(err, TC_EXC_RUNTIME, "%s", no_driver_msg);
            return NULL;
        }
        if (dev.index < 0 || dev.index >= n) {
            tc_error_set(err, TC_EXC_RUNTIME,
                         "CUDA error: invalid device ordinal\nCUDA kernel errors might be "
                         "asynchronously reported at some other API call, so the stacktrace "
                         "below might be incorrect.");
            return NULL;
        }
    }
    return be;
}

/* "cpu" or "cuda:N" into buf. */
const char *tc_device_str(tc_device d, char *buf, size_t n) {
    if (d.type == TC_DEVICE_CPU) snprintf(buf, n, "cpu");
    else snprintf(buf, n, "cuda:%d", d.index);
    return buf;
}

/* Parse "cpu", "cuda", "cuda:N" (PyTorch's errors for bad strings and missing devices). */
int tc_device_parse(const char *s, tc_device *out, tc_error *err) {
    if (strcmp(s, "cpu") == 0) {
        *out = tc_device_cpu();
        return 0;
    }
    if (strncmp(s, "cuda", 4) == 0 && (s[4] == '\0' || s[4] == ':')) {
        int idx = 0;
        if (s[4] == ':') {
            char *end;
            long v = strtol(s + 5, &end, 10);
            if (end == s + 5 || *end || v < 0)
                return tc_error_set(err, TC_EXC_RUNTIME, "Invalid device string: '%s'", s);
            idx = (int)v;
        }
        tc_device d = {TC_DEVICE_CUDA, idx};
        void *ctx;
        if (!tc__backend(d, &ctx, err)) return -1;
        *out = d;
        return 0;
    }
    return tc_error_set(err, TC_EXC_RUNTIME,
                        "Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, "
                        "ve, fpga, maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone "
                        "device type at start of device string: %s", s);
}

/* ---- transfers ------------------------------------------------------------------------- */

static tc_transfer_hook transfer_hook;

/* Install the ledger hook (NULL removes it). */
void tc_transfer_set_hook(tc_transfer_hook hook) { transfer_hook = hook; }

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The open transfer group of this thread (see tc_transfer_group_begin). */
static _Thread_local struct {
    int depth;
    const char *cause;
    bool any;
    tc_device dev;
    size_t bytes;
    double seconds;
} group;

static void group_flush(void) {
    if (group.any && transfer_hook) transfer_hook(group.dev, group.bytes, group.seconds, group.cause);
    group.any = false;
    group.bytes = 0;
    group.seconds = 0;
}

/* Open a transfer group on this thread (nested groups join the outermost). */
void tc_transfer_group_begin(const char *cause) {
    if (group.depth++ == 0) {
        group.cause = cause;
        group.any = false;
        group.bytes = 0;
        group.seconds = 0;
    }
}

/* Close a transfer group; the outermost close reports what it gathered, if anything. */
void tc_transfer_group_end(void) {
    if (group.depth > 0 && --group.depth == 0) group_flush();
}

/* Copy n bytes device → host through the backend; timed and reported with 'cause'. */
int tc_transfer_d2h(tc_device src, void *host_dst, const void *dev_src, size_t n,
                    const char *cause, tc_error *err) {
    if (src.type == TC_DEVICE_CPU) {
        memcpy(host_dst, dev_src, n);
        return 0;
    }
    void *ctx;
    const tc_backend_i *be = tc__backend(src, &ctx, err);
    if (!be) return -1;
    double t0 = now_s();
    if (be->copy(ctx, src.index, TC_COPY_D2H, host_dst, dev_src, n, err) != 0) return -1;
    double dt = now_s() - t0;
    if (group.depth > 0) {
        if (group.any && (group.dev.type != src.type || group.dev.index != src.index))
            group_flush(); /* one record per device */
        group.any = true;
        group.dev = src;
        group.bytes += n;
        group.seconds += dt;
        return 0;
    }
    if (transfer_hook) transfer_hook(src, n, dt, cause ? cause : ".to()");
    return 0;
}

/* Copy n bytes host → device through the backend. */
int tc_transfer_h2d(tc_device dst, void *dev_dst, const void *host_src, size_t n, tc_error *err) {
    if (dst.type == TC_DEVICE_CPU) {
        memcpy(dev_dst, host_src, n);
        return 0;
    }
    void *ctx;
    const tc_backend_i *be = tc__backend(dst, &ctx, err);
    if (!be) return -1;
    return be->copy(ctx, dst.index, TC_COPY_H2D, dev_dst, host_src, n, err);
}

/* ---- CPU threads ------------------------------------------------------------------------- */

typedef struct range_job {
    tc__range_fn fn;
    void *ctx;
    int64_t n, chunk;
    atomic_llong next; /* first index not yet claimed */
    atomic_llong done; /* elements finished */
    atomic_int refs;   /* the caller and each started helper */
} range_job;

/* Job records come from a few static slots (no allocation per parallel call, and none left
 * to a helper to free after the caller has returned, which an allocation count would see as
 * a leak); calls beyond them (nested or concurrent ones) allocate. */
#define JOB_SLOTS 16
static range_job job_slots[JOB_SLOTS];
static atomic_int job_slot_used[JOB_SLOTS];

static range_job *job_get(void) {
    for (int i = 0; i < JOB_SLOTS; i++) {
        int idle = 0;
        if (atomic_compare_exchange_strong(&job_slot_used[i], &idle, 1)) return &job_slots[i];
    }
    return tc__malloc(sizeof(range_job));
}

static void job_release(range_job *j) {
    if (atomic_fetch_sub(&j->refs, 1) != 1) return;
    if (j >= job_slots && j < job_slots + JOB_SLOTS) atomic_store(&job_slot_used[j - job_slots], 0);
    else tc__free(j);
}

/* Claim chunks until none are left. A helper that starts late finds nothing to do and never
 * touches the caller's context, so the caller does not wait for threads that never ran. */
static void run_chunks(range_job *j) {
    for (;;) {
        int64_t b = atomic_fetch_add(&j->next, j->chunk);
        if (b >= j->n) break;
        int64_t e = b + j->chunk < j->n ? b + j->chunk : j->n;
        j->fn(j->ctx, b, e);
        atomic_fetch_add(&j->done, e - b);
    }
}

/* Threads for CPU kernels: one per online core, or TENSORKERNEL_NUM_THREADS (1..32), or what
 * tc_set_num_threads set. */
static int cpu_threads;

int tc__cpu_threads(void) {
    int n = __atomic_load_n(&cpu_threads, __ATOMIC_RELAXED);
    if (!n) {
        const char *env = getenv("TENSORKERNEL_NUM_THREADS");
        long c = env && *env ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
        n = c < 1 ? 1 : c > 32 ? 32 : (int)c;
        __atomic_store_n(&cpu_threads, n, __ATOMIC_RELAXED);
    }
    return n;
}

int tc_num_threads(void) { return tc__cpu_threads(); }

void tc_set_num_threads(int n) {
    __atomic_store_n(&cpu_threads, n < 1 ? 1 : n > 32 ? 32 : n, __ATOMIC_RELAXED);
}

/* ---- the helper pool: one thread per extra core, started on first use. Each helper has a
 * mailbox; a job is handed to the idle ones (compare-and-swap from NULL) with a reference
 * each, so a helper never outlives the job it holds, and a busy helper (one running a job
 * that called tc__parallel_for again, or another thread's job) is simply passed over. After
 * a job a helper spins briefly, since kernels come in runs, then parks on a futex. */

#define HELPER_SPINS 4000 /* pause instructions: 25-100 us, depending on the CPU */

typedef struct helper {
    _Atomic(range_job *) mail; /* the job handed to this helper; NULL when idle */
    atomic_int seq;            /* futex word: bumped when a job is handed over */
    atomic_int parked;         /* 1 while the helper sleeps (or is about to) on seq */
} helper;

static helper helpers[32];
static int nhelpers; /* started; only grows, except in a forked child */
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static void *helper_main(void *arg) {
    helper *h = arg;
    for (;;) {
        range_job *j;
        int spins = 0;
        while (!(j = atomic_load_explicit(&h->mail, memory_order_acquire))) {
            if (++spins < HELPER_SPINS) {
                cpu_relax();
                continue;
            }
            int seq = atomic_load(&h->seq);
            atomic_store(&h->parked, 1);
            if (!atomic_load(&h->mail)) syscall(SYS_futex, &h->seq, FUTEX_WAIT_PRIVATE, seq, NULL, NULL, 0);
            atomic_store(&h->parked, 0);
            spins = 0;
        }
        run_chunks(j);
        job_release(j);
        atomic_store_explicit(&h->mail, NULL, memory_order_release);
    }
    return NULL;
}

/* A forked child has none of the parent's threads: it starts its own on first use. */
static void pool_after_fork(void) {
    nhelpers = 0;
    memset(helpers, 0, sizeof helpers);
    for (int i = 0; i < JOB_SLOTS; i++) /* the parent's helpers held them; none run here */
        atomic_store(&job_slot_used[i], 0);
    pthread_mutex_init(&pool_lock, NULL);
}

/* Start helpers up to 'want' (fewer if threads cannot be made); the number running. */
static int pool_helpers(int want) {
    static bool atfork;
    if (want > (int)(sizeof helpers / sizeof helpers[0])) want = (int)(sizeof helpers / sizeof helpers[0]);
    if (__atomic_load_n(&nhelpers, __ATOMIC_ACQUIRE) >= want) return want;
    pthread_mutex_lock(&pool_lock);
    if (!atfork) atfork = pthread_atfork(NULL, NULL, pool_after_fork) == 0;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    while (nhelpers < want) {
        pthread_t th;
        if (pthread_create(&th, &attr, helper_main, &helpers[nhelpers]) != 0) break;
        __atomic_store_n(&nhelpers, nhelpers + 1, __ATOMIC_RELEASE);
    }
    pthread_attr_destroy(&attr);
    int n = nhelpers;
    pthread_mutex_unlock(&pool_lock);
    return n < want ? n : want;
}

/* Run fn over [0, n): one piece when n is small, else chunks claimed by the caller and the
 * idle helpers. The caller waits only for chunks a helper has claimed, so a helper whose core
 * is busy elsewhere costs nothing. */
void tc__parallel_for(int64_t n, int64_t grain, tc__range_fn fn, void *ctx) {
    int nt = tc__cpu_threads();
    if (n < grain * 2 || nt < 2) {
        fn(ctx, 0, n);
        return;
    }
    if (n / grain < nt) nt = (int)(n / grain);
    range_job *j = job_get();
    if (!j) {
        fn(ctx, 0, n);
        return;
    }
    j->fn = fn;
    j->ctx = ctx;
    j->n = n;
    int64_t chunk = n / ((int64_t)nt * 8);
    if (chunk < grain / 2) chunk = grain / 2;
    j->chunk = chunk > 0 ? chunk : 1; /* a zero chunk would never advance */
    atomic_init(&j->next, 0);
    atomic_init(&j->done, 0);
    atomic_init(&j->refs, 1);
    int nh = pool_helpers(nt - 1);
    for (int i = 0; i < nh; i++) {
        helper *h = &helpers[i];
        range_job *idle = NULL;
        atomic_fetch_add(&j->refs, 1);
        if (atomic_compare_exchange_strong(&h->mail, &idle, j)) {
            atomic_fetch_add(&h->seq, 1);
            if (atomic_load(&h->parked)) syscall(SYS_futex, &h->seq, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
        } else {
            atomic_fetch_sub(&j->refs, 1);
        }
    }
    run_chunks(j);
    for (int spins = 0; atomic_load(&j->done) < n; spins++) /* chunks still running on helpers */
        if (spins < HELPER_SPINS) cpu_relax();
        else sched_yield();
    job_release(j);
}

typedef struct lines_job {
    tc__line_fn fn;
    void *ctx;
    size_t scratch;
    atomic_int failed;
} lines_job;

static void lines_range(void *ctx, int64_t begin, int64_t end) {
    lines_job *j = ctx;
    void *scratch = j->scratch ? tc__malloc(j->scratch) : NULL;
    if (j->scratch && !scratch) {
        atomic_store(&j->failed, 1);
        return;
    }
    for (int64_t l = begin; l < end; l++)
        j->fn(j->ctx, l, scratch);
    tc__free(scratch);
}

int tc__parallel_lines(int64_t lines, int64_t grain, size_t scratch, tc__line_fn fn, void *ctx, tc_error *err) {
    lines_job j = {.fn = fn, .ctx = ctx, .scratch = scratch};
    atomic_init(&j.failed, 0);
    if (lines > 0) tc__parallel_for(lines, grain, lines_range, &j);
    if (atomic_load(&j.failed)) return tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    return 0;
}
