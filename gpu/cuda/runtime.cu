/*
 * CUDA runtime side of the backend: device discovery (cudart is linked statically and
 * loads the driver itself, so a machine without one just reports no device), a caching
 * allocator, copies (device-to-host through pinned staging buffers, chunked and
 * double-buffered, with the pinned-to-destination copies spread over a few host threads),
 * and error reporting. All device work is ordered on the legacy default stream.
 */
#include <stdio.h>
#include <string.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "cuda-common.cuh"

/* "CUDA error: <text> (<statement> at <file>:<line>)". */
int gpu__cu_fail(tc_error *err, cudaError_t e, const char *stmt, const char *file, int line) {
    cudaGetLastError(); /* clear a sticky-free error so the next call can succeed */
    return tc_error_set(err, TC_EXC_RUNTIME, "CUDA error: %s (%s at %s:%d)", cudaGetErrorString(e),
                        stmt, file, line);
}

/* Device count: 0 when no driver or GPU; only cuda:0 is used (kernel views carry no
 * device, so every launch goes to the current device). */
int gpu__cu_device_count(void) {
    static std::once_flag once;
    static int count;
    std::call_once(once, [] {
        int n = 0;
        if (cudaGetDeviceCount(&n) != cudaSuccess || n <= 0) {
            cudaGetLastError();
            count = 0;
            return;
        }
        count = cudaSetDevice(0) == cudaSuccess ? 1 : 0;
    });
    return count;
}

/* ---- caching allocator ---------------------------------------------------------------- */

namespace {

const size_t kMinBlock = 512;
const size_t kSmallMax = (size_t)1 << 20;   /* power-of-two classes below this */
const size_t kLargeRound = (size_t)2 << 20; /* larger blocks round to 2 MiB */
const int kSmallClasses = 12;               /* 512 B .. 1 MiB */

struct Cache {
    std::mutex lock;
    std::unordered_map<void *, size_t> live;
    std::vector<void *> small_free[kSmallClasses];
    std::multimap<size_t, void *> large_free;
    size_t cached_bytes = 0;
};

Cache &cache() {
    static Cache *c = new Cache; /* never destroyed: frees may come at exit */
    return *c;
}

int small_class(size_t n) {
    int c = 0;
    for (size_t b = kMinBlock; b < n; b <<= 1)
        c++;
    return c;
}

size_t round_size(size_t n) {
    if (n <= kSmallMax) return kMinBlock << small_class(n);
    return (n + kLargeRound - 1) / kLargeRound * kLargeRound;
}

/* A cached block of exactly 'size' (small) or within 1/8 above it (large). Holds lock. */
void *take_cached(Cache &c, size_t size, size_t *got) {
    if (size <= kSmallMax) {
        std::vector<void *> &fl = c.small_free[small_class(size)];
        if (fl.empty()) return nullptr;
        void *p = fl.back();
        fl.pop_back();
        *got = size;
        c.cached_bytes -= size;
        return p;
    }
    auto it = c.large_free.lower_bound(size);
    if (it == c.large_free.end() || it->first > size + size / 8) return nullptr;
    void *p = it->second;
    *got = it->first;
    c.cached_bytes -= it->first;
    c.large_free.erase(it);
    return p;
}

/* Give every cached block back to the driver. Holds lock. */
void release_cached(Cache &c) {
    for (auto &fl : c.small_free) {
        for (void *p : fl)
            cudaFree(p);
        fl.clear();
    }
    for (auto &kv : c.large_free)
        cudaFree(kv.second);
    c.large_free.clear();
    c.cached_bytes = 0;
}

void size_text(size_t n, char *buf, size_t len) {
    if (n >= ((size_t)1 << 30))
        snprintf(buf, len, "%.2f GiB", n / 1073741824.0);
    else
        snprintf(buf, len, "%.2f MiB", n / 1048576.0);
}

} // namespace

/* Device memory of at least nbytes: a cached block when one fits, else cudaMalloc (after
 * emptying the cache once if the device is full). */
void *gpu__cu_alloc(int device, size_t nbytes, tc_error *err) {
    Cache &c = cache();
    size_t size = round_size(nbytes ? nbytes : 1), got = 0;
    std::lock_guard<std::mutex> g(c.lock);
    void *p = take_cached(c, size, &got);
    if (!p) {
        got = size;
        cudaError_t e = cudaMalloc(&p, size);
        if (e == cudaErrorMemoryAllocation) {
            cudaGetLastError();
            release_cached(c);
            e = cudaMalloc(&p, size);
        }
        if (e != cudaSuccess) {
            cudaGetLastError();
            size_t free_b = 0, total_b = 0;
            cudaMemGetInfo(&free_b, &total_b);
            char want[32], tot[32], fr[32];
            size_text(nbytes, want, sizeof want);
            size_text(total_b, tot, sizeof tot);
            size_text(free_b, fr, sizeof fr);
            if (e == cudaErrorMemoryAllocation)
                tc_error_set(err, TC_EXC_RUNTIME,
                             "CUDA out of memory. Tried to allocate %s. GPU %d has a total "
                             "capacity of %s of which %s is free.",
                             want, device, tot, fr);
            else
                gpu__cu_fail(err, e, "cudaMalloc(&p, size)", __FILE__, __LINE__);
            return nullptr;
        }
    }
    c.live[p] = got;
    return p;
}

/* Return a block to the cache. Work queued on the stream that still uses it runs before
 * any later user of the block, because everything shares one stream. */
void gpu__cu_free(int device, void *ptr) {
    if (!ptr) return;
    Cache &c = cache();
    std::lock_guard<std::mutex> g(c.lock);
    auto it = c.live.find(ptr);
    if (it == c.live.end()) return;
    size_t size = it->second;
    c.live.erase(it);
    if (size <= kSmallMax)
        c.small_free[small_class(size)].push_back(ptr);
    else
        c.large_free.emplace(size, ptr);
    c.cached_bytes += size;
}

void *gpu__cu_scratch(size_t nbytes, tc_error *err) {
    return gpu__cu_alloc(0, nbytes, err);
}
void gpu__cu_scratch_free(void *p) {
    gpu__cu_free(0, p);
}

/* ---- host copy pool ---------------------------------------------------------------------- */

namespace {

/* A few persistent threads that split one memcpy between them. */
struct CopyPool {
    std::mutex m;
    std::condition_variable cv, done_cv;
    std::vector<std::thread> threads;
    char *dst = nullptr;
    const char *src = nullptr;
    size_t n = 0;
    unsigned gen = 0;
    int pending = 0;

    void start(int nthreads) {
        for (int t = 0; t < nthreads; t++)
            threads.emplace_back([this, t, nthreads] { run(t, nthreads); });
        for (auto &th : threads)
            th.detach();
    }

    void run(int t, int nt) {
        unsigned seen = 0;
        for (;;) {
            char *d;
            const char *s;
            size_t len;
            {
                std::unique_lock<std::mutex> lk(m);
                cv.wait(lk, [&] { return gen != seen; });
                seen = gen;
                d = dst;
                s = src;
                len = n;
            }
            size_t per = (len / (size_t)(nt + 1) + 63) & ~(size_t)63;
            size_t lo = per * (size_t)(t + 1), hi = lo + per;
            if (t == nt - 1 || hi > len) hi = len;
            if (lo < hi) memcpy(d + lo, s + lo, hi - lo);
            std::lock_guard<std::mutex> lk(m);
            if (--pending == 0) done_cv.notify_one();
        }
    }

    /* The calling thread copies the first share, the pool the rest. */
    void copy(char *d, const char *s, size_t len) {
        int nt = (int)threads.size();
        if (nt == 0 || len < ((size_t)1 << 20)) {
            memcpy(d, s, len);
            return;
        }
        {
            std::lock_guard<std::mutex> lk(m);
            dst = d;
            src = s;
            n = len;
            pending = nt;
            gen++;
        }
        cv.notify_all();
        size_t per = (len / (size_t)(nt + 1) + 63) & ~(size_t)63;
        memcpy(d, s, per < len ? per : len);
        std::unique_lock<std::mutex> lk(m);
        done_cv.wait(lk, [&] { return pending == 0; });
    }
};

const size_t kChunk = (size_t)16 << 20;
const int kStages = 3;
const size_t kStageMin = (size_t)1 << 20;

struct Staging {
    std::mutex lock; /* one staged copy at a time (interpreter and bridge threads) */
    char *buf[kStages] = {};
    cudaEvent_t ev[kStages] = {};
    CopyPool pool;
    bool ready = false;
};

Staging &staging() {
    static Staging *s = new Staging;
    return *s;
}

int staging_init(Staging &s, tc_error *err) {
    if (s.ready) return 0;
    for (int i = 0; i < kStages; i++) {
        CUDA_CHECK(cudaHostAlloc((void **)&s.buf[i], kChunk, cudaHostAllocDefault), err);
        CUDA_CHECK(cudaEventCreateWithFlags(&s.ev[i], cudaEventDisableTiming), err);
    }
    unsigned hw = std::thread::hardware_concurrency();
    int nt = hw >= 8 ? 3 : hw >= 4 ? 1 : 0;
    s.pool.start(nt);
    s.ready = true;
    return 0;
}

int stage_issue(Staging &s, const char *src, size_t n, size_t i, tc_error *err) {
    size_t off = i * kChunk, len = n - off < kChunk ? n - off : kChunk;
    int b = (int)(i % kStages);
    CUDA_CHECK(cudaMemcpyAsync(s.buf[b], src + off, len, cudaMemcpyDeviceToHost, 0), err);
    CUDA_CHECK(cudaEventRecord(s.ev[b], 0), err);
    return 0;
}

/* Device → pageable host through the pinned ring: while the host drains chunk i, the
 * copy engine fills the next ones. */
int staged_d2h(char *dst, const char *src, size_t n, tc_error *err) {
    Staging &s = staging();
    std::lock_guard<std::mutex> g(s.lock);
    if (staging_init(s, err) != 0) return -1;
    size_t chunks = (n + kChunk - 1) / kChunk;
    for (size_t i = 0; i < chunks && i < (size_t)kStages; i++)
        if (stage_issue(s, src, n, i, err) != 0) return -1;
    for (size_t i = 0; i < chunks; i++) {
        int b = (int)(i % kStages);
        CUDA_CHECK(cudaEventSynchronize(s.ev[b]), err);
        size_t off = i * kChunk, len = n - off < kChunk ? n - off : kChunk;
        s.pool.copy(dst + off, s.buf[b], len);
        if (i + kStages < chunks && stage_issue(s, src, n, i + kStages, err) != 0) return -1;
    }
    return 0;
}

} // namespace

/* Copy n bytes; D2H waits for the data (the caller reads it next). */
int gpu__cu_copy(int device, gpu_cu_copy_kind kind, void *dst, const void *src, size_t n,
                 tc_error *err) {
    if (n == 0) return 0;
    switch (kind) {
    case GPU_CU_H2D:
        CUDA_CHECK(cudaMemcpy(dst, src, n, cudaMemcpyHostToDevice), err);
        return 0;
    case GPU_CU_D2D:
        CUDA_CHECK(cudaMemcpyAsync(dst, src, n, cudaMemcpyDeviceToDevice, 0), err);
        return 0;
    default:
        if (n < kStageMin) {
            CUDA_CHECK(cudaMemcpy(dst, src, n, cudaMemcpyDeviceToHost), err);
            return 0;
        }
        return staged_d2h((char *)dst, (const char *)src, n, err);
    }
}

/* Wait for all queued device work. */
int gpu__cu_synchronize(int device, tc_error *err) {
    CUDA_CHECK(cudaDeviceSynchronize(), err);
    return 0;
}

/* The baseline the staged path is measured against: one cudaMemcpy. */
int gpu__cu_memcpy_d2h_plain(void *dst, const void *src, size_t n, tc_error *err) {
    CUDA_CHECK(cudaMemcpy(dst, src, n, cudaMemcpyDeviceToHost), err);
    return 0;
}

void *gpu__cu_host_alloc_pinned(size_t n, tc_error *err) {
    void *p = nullptr;
    cudaError_t e = cudaHostAlloc(&p, n, cudaHostAllocDefault);
    if (e != cudaSuccess) {
        gpu__cu_fail(err, e, "cudaHostAlloc(&p, n, cudaHostAllocDefault)", __FILE__, __LINE__);
        return nullptr;
    }
    return p;
}

void gpu__cu_host_free_pinned(void *p) {
    if (p) cudaFreeHost(p);
}
