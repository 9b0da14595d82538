/*
 * The FFTs on Intel MKL's DFTI, opened at run time with the vector math (cpu-mkl.c).
 *
 * PyTorch's x86 CPU build computes every torch.fft transform with DFTI
 * (ATen/native/mkl/SpectralOps.cpp: _plan_mkl_fft / _exec_fft), so the way to its bits is
 * the same library configured the same way: out of place, the batch as
 * DFTI_NUMBER_OF_TRANSFORMS with its input and output distances, the strides of the tensors,
 * CCE storage for the real side, the normalisation as the forward or backward scale. A
 * large transform's result also depends on the thread limit it was committed with, so on
 * MKL's OpenMP layer a transform is planned and run with tc_num_threads() threads (PyTorch's
 * intra-op count), set for the calling thread only. A large batch of complex transforms along
 * contiguous lines, whose bits depend on neither, is cut into one-thread pieces that our own
 * threads share instead (run_pieces).
 *
 * Committing a descriptor can cost more than computing with it (milliseconds for a
 * transform of a million points), and PyTorch plans afresh on every call; here the last few
 * descriptors are kept. A descriptor serves one call at a time: a call takes it out of the
 * cache and gives it back when done.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "cpu-loops.h"
#include "fft-mkl.h"
#include "tensorcore/backend.h"

/* mkl_dfti.h */
enum {
    DFTI_FORWARD_SCALE = 4,
    DFTI_BACKWARD_SCALE = 5,
    DFTI_NUMBER_OF_TRANSFORMS = 7,
    DFTI_CONJUGATE_EVEN_STORAGE = 10,
    DFTI_PLACEMENT = 11,
    DFTI_INPUT_STRIDES = 12,
    DFTI_OUTPUT_STRIDES = 13,
    DFTI_INPUT_DISTANCE = 14,
    DFTI_OUTPUT_DISTANCE = 15,
    DFTI_THREAD_LIMIT = 27,
    DFTI_COMPLEX = 32,
    DFTI_REAL = 33,
    DFTI_SINGLE = 35,
    DFTI_DOUBLE = 36,
    DFTI_COMPLEX_COMPLEX = 39,
    DFTI_NOT_INPLACE = 44,
    DFTI_NO_ERROR = 0,
    DFTI_MEMORY_ERROR = 1,
};

typedef long mkl_long; /* MKL_LONG on LP64 Linux */
typedef void *dfti_handle;

static struct {
    mkl_long (*create)(dfti_handle *, int prec, int domain, mkl_long dim, ...);
    mkl_long (*set)(dfti_handle, int param, ...);
    mkl_long (*commit)(dfti_handle);
    mkl_long (*forward)(dfti_handle, void *in, ...);
    mkl_long (*backward)(dfti_handle, void *in, ...);
    mkl_long (*destroy)(dfti_handle *);
    mkl_long (*error_class)(mkl_long status, mkl_long cls);
    char *(*message)(mkl_long status);
    int (*threads_local)(int); /* NULL on the sequential layer */
    bool ok;
} dfti;
static pthread_once_t dfti_once = PTHREAD_ONCE_INIT;

static void dfti_open(void) {
    bool omp = false;
    void *p[9] = {tc__mkl_sym("DftiCreateDescriptor", &omp), tc__mkl_sym("DftiSetValue", NULL),
                  tc__mkl_sym("DftiCommitDescriptor", NULL),  tc__mkl_sym("DftiComputeForward", NULL),
                  tc__mkl_sym("DftiComputeBackward", NULL),   tc__mkl_sym("DftiFreeDescriptor", NULL),
                  tc__mkl_sym("DftiErrorClass", NULL),        tc__mkl_sym("DftiErrorMessage", NULL),
                  tc__mkl_sym("MKL_Set_Num_Threads_Local", NULL)};
    for (int i = 0; i < 8; i++)
        if (!p[i]) return;
    memcpy(&dfti.create, &p[0], sizeof p[0]);
    memcpy(&dfti.set, &p[1], sizeof p[1]);
    memcpy(&dfti.commit, &p[2], sizeof p[2]);
    memcpy(&dfti.forward, &p[3], sizeof p[3]);
    memcpy(&dfti.backward, &p[4], sizeof p[4]);
    memcpy(&dfti.destroy, &p[5], sizeof p[5]);
    memcpy(&dfti.error_class, &p[6], sizeof p[6]);
    memcpy(&dfti.message, &p[7], sizeof p[7]);
    if (omp && p[8]) memcpy(&dfti.threads_local, &p[8], sizeof p[8]);
    dfti.ok = true;
}

bool tc__dfti_available(void) {
    pthread_once(&dfti_once, dfti_open);
    return dfti.ok;
}

/* ---- the descriptor cache -------------------------------------------------------------- */

#define DFTI_CACHE 8
static struct {
    tc__dfti_spec spec;
    int nthreads;
    dfti_handle h; /* NULL: an empty slot */
    bool busy;
    uint64_t used; /* last release, for eviction */
} cache[DFTI_CACHE];
static uint64_t cache_clock;
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;

/* The key compares every field that configures a descriptor (the spec is zero-filled past
 * rank by its users; compared field by field all the same). */
static bool spec_eq(const tc__dfti_spec *a, const tc__dfti_spec *b) {
    if (a->dbl != b->dbl || a->real != b->real || a->forward != b->forward || a->scaled != b->scaled ||
        a->rank != b->rank || a->batch != b->batch || a->idist != b->idist || a->odist != b->odist)
        return false;
    if (a->scaled && a->scale != b->scale) return false;
    for (int i = 0; i < a->rank; i++)
        if (a->len[i] != b->len[i] || a->istride[i] != b->istride[i] || a->ostride[i] != b->ostride[i])
            return false;
    return true;
}

/* A free descriptor for s planned for nthreads, taken out of the cache; NULL when none. */
static dfti_handle cache_take(const tc__dfti_spec *s, int nthreads) {
    dfti_handle h = NULL;
    pthread_mutex_lock(&cache_mu);
    for (int i = 0; i < DFTI_CACHE && !h; i++)
        if (cache[i].h && !cache[i].busy && cache[i].nthreads == nthreads && spec_eq(&cache[i].spec, s)) {
            cache[i].busy = true;
            h = cache[i].h;
        }
    pthread_mutex_unlock(&cache_mu);
    return h;
}

/* Gives h back: into its slot if it came from the cache, else into an empty or the least
 * recently used free slot (freeing what was there), else it is freed. */
static void cache_give(const tc__dfti_spec *s, int nthreads, dfti_handle h) {
    dfti_handle drop = NULL;
    pthread_mutex_lock(&cache_mu);
    int slot = -1;
    for (int i = 0; i < DFTI_CACHE && slot < 0; i++)
        if (cache[i].h == h) slot = i;
    if (slot < 0) {
        for (int i = 0; i < DFTI_CACHE; i++) {
            if (cache[i].busy) continue;
            if (!cache[i].h) {
                slot = i;
                break;
            }
            if (slot < 0 || cache[i].used < cache[slot].used) slot = i;
        }
        if (slot < 0) {
            drop = h;
        } else {
            drop = cache[slot].h;
            cache[slot].h = h;
            cache[slot].spec = *s;
            cache[slot].nthreads = nthreads;
        }
    }
    if (slot >= 0) {
        cache[slot].busy = false;
        cache[slot].used = ++cache_clock;
    }
    pthread_mutex_unlock(&cache_mu);
    if (drop) dfti.destroy(&drop);
}

/* ---- running a transform ----------------------------------------------------------------- */

static int dfti_error(mkl_long st, tc_error *err) {
    if (dfti.error_class(st, DFTI_MEMORY_ERROR)) return tc_error_set(err, TC_EXC_MEMORY, "MKL FFT error: out of memory");
    const char *m = dfti.message(st);
    return tc_error_set(err, TC_EXC_RUNTIME, "MKL FFT error: %s", m ? m : "unknown error");
}

#define FAILED(st) ((st) != 0 && !dfti.error_class((st), DFTI_NO_ERROR))

/* Whether PyTorch's MKL plans s for one thread where ours would plan it for several.
 * PyTorch's build commits a one-dimensional complex transform of at most 4 KiB in all
 * (batched) or 32 KiB (single) for one thread (as measured with MKL_VERBOSE), the library
 * `make` installs for as many as it is given. The thread limit picks the kernels of a single
 * transform (complex64 of 2048 or 4096 points come out in other bits with two threads), and
 * a small batch is not worth waking a thread for.
 * (A single real transform of 16384 points or more it plans for two threads where ours
 * keeps one: those results differ from PyTorch's in the last bits.) */
static bool one_thread(const tc__dfti_spec *s) {
    if (s->real || s->rank != 1) return false;
    int64_t bytes = s->batch * s->len[0] * (s->dbl ? 16 : 8);
    return bytes <= (s->batch > 1 ? 4096 : 32768);
}

/* A committed descriptor for s: _plan_mkl_fft's settings in its order; solo: for one thread
 * whatever its size (a piece of a split batch). */
static mkl_long plan(const tc__dfti_spec *s, bool solo, dfti_handle *out) {
    mkl_long lens[TC_DFTI_MAX_RANK], is[TC_DFTI_MAX_RANK + 1] = {0}, os[TC_DFTI_MAX_RANK + 1] = {0};
    for (int i = 0; i < s->rank; i++) {
        lens[i] = (mkl_long)s->len[i];
        is[i + 1] = (mkl_long)s->istride[i];
        os[i + 1] = (mkl_long)s->ostride[i];
    }
    dfti_handle h = NULL;
    const int prec = s->dbl ? DFTI_DOUBLE : DFTI_SINGLE, dom = s->real ? DFTI_REAL : DFTI_COMPLEX;
    mkl_long st = s->rank == 1 ? dfti.create(&h, prec, dom, (mkl_long)1, lens[0])
                               : dfti.create(&h, prec, dom, (mkl_long)s->rank, lens);
    if (FAILED(st)) return st;
    st = dfti.set(h, DFTI_PLACEMENT, DFTI_NOT_INPLACE);
    if (!FAILED(st)) st = dfti.set(h, DFTI_NUMBER_OF_TRANSFORMS, (mkl_long)s->batch);
    if (!FAILED(st)) st = dfti.set(h, DFTI_INPUT_DISTANCE, (mkl_long)s->idist);
    if (!FAILED(st)) st = dfti.set(h, DFTI_OUTPUT_DISTANCE, (mkl_long)s->odist);
    if (!FAILED(st)) st = dfti.set(h, DFTI_INPUT_STRIDES, is);
    if (!FAILED(st)) st = dfti.set(h, DFTI_OUTPUT_STRIDES, os);
    if (!FAILED(st) && s->real) st = dfti.set(h, DFTI_CONJUGATE_EVEN_STORAGE, DFTI_COMPLEX_COMPLEX);
    if (!FAILED(st) && s->scaled) st = dfti.set(h, s->forward ? DFTI_FORWARD_SCALE : DFTI_BACKWARD_SCALE, s->scale);
    if (!FAILED(st) && (solo || one_thread(s))) st = dfti.set(h, DFTI_THREAD_LIMIT, (mkl_long)1);
    if (!FAILED(st)) st = dfti.commit(h);
    if (FAILED(st)) {
        dfti.destroy(&h);
        return st;
    }
    *out = h;
    return DFTI_NO_ERROR;
}

/* Computes s (taking a cached descriptor for nthreads, or planning one) and gives the
 * descriptor back. */
static mkl_long compute(const tc__dfti_spec *s, int nthreads, bool solo, const void *in, void *out) {
    dfti_handle h = cache_take(s, nthreads);
    mkl_long st = h ? DFTI_NO_ERROR : plan(s, solo, &h);
    if (FAILED(st)) return st;
    /* (DFTI takes the input pointer as non-const; out of place it only reads it) */
    void *src = (void *)(uintptr_t)in;
    st = s->forward ? dfti.forward(h, src, out) : dfti.backward(h, src, out);
    cache_give(s, nthreads, h);
    return st;
}

/* ---- batches split across the threads -------------------------------------------------------
 * A batch of one-dimensional complex transforms over contiguous lines comes out of MKL in the
 * same bits whatever the thread count it was committed for and however the batch is cut
 * (checked against PyTorch's results, 1 and 2 threads, lengths 5 to 65536, both precisions;
 * real transforms do depend on the batch and are not cut). Such a batch runs as pieces on
 * the thread pool, each piece a one-thread transform: a piece no helper has taken is the
 * caller's, where MKL's OpenMP team splits the batch evenly and waits at its barrier for a
 * thread that is late to wake or busy elsewhere. */

#define PIECES_PER_THREAD 4
#define SPLIT_MIN_BYTES ((int64_t)1 << 18) /* smaller batches: one MKL call */

typedef struct piece_job {
    const tc__dfti_spec *s;
    int64_t per; /* transforms per piece, the last piece fewer */
    const char *in;
    char *out;
    int64_t esize; /* bytes of one complex entry */
    _Atomic mkl_long st; /* the first failure */
} piece_job;

static bool splits(const tc__dfti_spec *s, int nthreads) {
    if (nthreads < 2 || s->real || s->rank != 1 || s->batch < 2 * nthreads || one_thread(s)) return false;
    if (s->istride[0] != 1 || s->ostride[0] != 1) return false;
    return s->batch * s->len[0] * (s->dbl ? 16 : 8) >= SPLIT_MIN_BYTES;
}

static void run_pieces(void *ctx, int64_t begin, int64_t end) {
    piece_job *j = ctx;
    for (int64_t k = begin; k < end && !atomic_load(&j->st); k++) {
        tc__dfti_spec p = *j->s;
        int64_t lo = k * j->per;
        p.batch = j->s->batch - lo < j->per ? j->s->batch - lo : j->per;
        /* cached as a one-thread plan: for one thread the limit changes nothing */
        mkl_long st = compute(&p, 1, true, j->in + lo * p.idist * j->esize, j->out + lo * p.odist * j->esize);
        if (FAILED(st)) {
            mkl_long none = DFTI_NO_ERROR;
            atomic_compare_exchange_strong(&j->st, &none, st);
        }
    }
}

int tc__dfti_run(const tc__dfti_spec *s, const void *in, void *out, tc_error *err) {
    if (!tc__dfti_available()) return tc_error_set(err, TC_EXC_RUNTIME, "MKL FFT is not available");
    const int nthreads = dfti.threads_local ? tc_num_threads() : 1;
    mkl_long st;
    if (splits(s, tc_num_threads())) {
        int64_t pieces = (int64_t)tc_num_threads() * PIECES_PER_THREAD;
        if (pieces > s->batch / 2) pieces = s->batch / 2;
        piece_job j = {.s = s, .per = (s->batch + pieces - 1) / pieces, .in = in, .out = out,
                       .esize = s->dbl ? 16 : 8};
        atomic_init(&j.st, DFTI_NO_ERROR);
        tc__parallel_for((s->batch + j.per - 1) / j.per, 1, run_pieces, &j);
        st = atomic_load(&j.st);
    } else {
        const int prev = dfti.threads_local ? dfti.threads_local(nthreads) : 0;
        st = compute(s, nthreads, false, in, out);
        if (dfti.threads_local) dfti.threads_local(prev);
    }
    return FAILED(st) ? dfti_error(st, err) : 0;
}
