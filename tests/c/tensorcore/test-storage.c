/*
 * Storage tests: memfd identity of small (slab) and large (own fd) blocks, no memfd per
 * small tensor, live memory never reused, out-of-memory and missing-CUDA errors, fault
 * injection over every allocation of a small pipeline, interrupt of a long fill.
 */
#include <pthread.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "tc-test.h"

static void memfd_identity(void) {
    tc_error err = {0};
    tc_storage *a = tc_storage_new(100, tc_device_cpu(), &err);
    tc_storage *b = tc_storage_new(100, tc_device_cpu(), &err);
    tc_storage *big = tc_storage_new(8 << 20, tc_device_cpu(), &err);
    CHECK_OK(&err);
    int fa, fb, fg;
    size_t oa, ob, og;
    CHECK(tc_storage_memfd(a, &fa, &oa) == 0 && tc_storage_memfd(b, &fb, &ob) == 0);
    CHECK(fa == fb && oa != ob); /* carved from one slab */
    CHECK(tc_storage_memfd(big, &fg, &og) == 0 && fg != fa && og == 0);
    CHECK(tc_storage_nbytes(a) == 100);
    tc_storage *mid = tc_storage_new(700 << 10, tc_device_cpu(), &err); /* largest slab class */
    int fm;
    size_t om;
    CHECK(mid && tc_storage_memfd(mid, &fm, &om) == 0);
    memset(tc_storage_data(mid), 1, 700 << 10);
    tc_storage_unref(mid);
    /* the fd really holds the bytes */
    memset(tc_storage_data(a), 0x5a, 100);
    unsigned char c = 0;
    CHECK(pread(fa, &c, 1, (off_t)oa + 7) == 1 && c == 0x5a);
    tc_storage_unref(a);
    tc_storage_unref(b);
    tc_storage_unref(big);
}

static void many_small(void) {
    tc_error err = {0};
    tc_storage_stats before, after;
    tc_storage_stats_get(&before);
    enum { N = 100000 };
    static tc_tensor *ts[N];
    int64_t shape[1] = {4};
    for (int i = 0; i < N; i++) ts[i] = tc_zeros(shape, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    CHECK_OK(&err);
    tc_storage_stats_get(&after);
    CHECK(after.live_storages - before.live_storages == N);
    CHECK(after.memfds_created - before.memfds_created < 10);
    for (int i = 0; i < N; i++) tc_tensor_unref(ts[i]);
    tc_storage_stats_get(&after);
    CHECK(after.live_storages == before.live_storages);
}

static void many_large(void) {
    tc_error err = {0};
    enum { N = 3000 }; /* more than the usual soft limit of 1024 open files */
    static tc_tensor *ts[N];
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_max < N + 100) return; /* hard limit too low */
    int64_t shape[1] = {(1 << 20) / 4};
    int made = 0;
    for (; made < N; made++)
        if (!(ts[made] = tc_empty(shape, 1, TC_DTYPE_F32, tc_device_cpu(), &err))) break;
    CHECK_OK(&err);
    CHECK(made == N);
    for (int i = 0; i < made; i++) tc_tensor_unref(ts[i]);
}

/* Memfds created so far. */
static int64_t memfds(void) {
    tc_storage_stats st;
    tc_storage_stats_get(&st);
    return st.memfds_created;
}

/* A training step's large blocks die together when the next step has made its own: the
 * step after that takes them all from the cache, whatever their sizes. */
static void dead_blocks_reused(void) {
    tc_error err = {0};
    enum { N = 48 };
    tc_storage *prev[N] = {0}, *cur[N];
    tc_storage_trim();
    int64_t made = 0;
    for (int step = 0; step < 4; step++) {
        int64_t before = memfds();
        for (int i = 0; i < N; i++) {
            cur[i] = tc_storage_new(((size_t)1 << 20) * (size_t)(1 + i % 4) + 100, tc_device_cpu(), &err);
            CHECK(cur[i] != NULL);
            memset(tc_storage_data(cur[i]), step, tc_storage_nbytes(cur[i]));
        }
        for (int i = 0; i < N; i++) {
            tc_storage_unref(prev[i]);
            prev[i] = cur[i];
        }
        made = memfds() - before;
        if (step >= 2) CHECK(made == 0);
    }
    for (int i = 0; i < N; i++) tc_storage_unref(prev[i]);
    /* a full cache makes room by dropping the block dead longest: the last one freed stays */
    for (int i = 0; i < N; i++) cur[i] = tc_storage_new((size_t)1 << 20, tc_device_cpu(), &err);
    tc_storage *odd = tc_storage_new((size_t)3 << 20, tc_device_cpu(), &err);
    CHECK_OK(&err);
    for (int i = 0; i < N; i++) tc_storage_unref(cur[i]);
    tc_storage_unref(odd);
    int64_t before = memfds();
    odd = tc_storage_new((size_t)3 << 20, tc_device_cpu(), &err);
    CHECK(odd && memfds() == before);
    tc_storage_unref(odd);
    /* trimmed, every size maps afresh */
    tc_storage_trim();
    odd = tc_storage_new((size_t)3 << 20, tc_device_cpu(), &err);
    CHECK(odd && memfds() == before + 1);
    tc_storage_unref(odd);
    tc_storage_trim();
}

static void leased_memory_not_reused(void) {
    tc_error err = {0};
    int64_t shape[1] = {16};
    tc_tensor *t = tc_ones(shape, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    tc_storage *lease = tc_storage_ref(tc_tensor_storage(t));
    void *p = tc_storage_data(lease);
    tc_tensor_unref(t);
    for (int i = 0; i < 100; i++) {
        tc_tensor *u = tc_zeros(shape, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
        CHECK(tc_storage_data(tc_tensor_storage(u)) != p);
        tc_tensor_unref(u);
    }
    CHECK(((float *)p)[3] == 1.0f); /* the leased bytes are intact */
    tc_storage_unref(lease);
}

static void errors(void) {
    tc_error err = {0};
    int64_t shape[1] = {(int64_t)1 << 40};
    CHECK(tc_empty(shape, 1, TC_DTYPE_F64, tc_device_cpu(), &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "CPU out of memory: tried to allocate 8192.00 GiB");
    tc_device cuda = {TC_DEVICE_CUDA, 0};
    CHECK(tc_storage_new(16, cuda, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME,
              "Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and "
              "installed a driver from http://www.nvidia.com/Download/index.aspx");
    tc_device dev;
    CHECK(tc_device_parse("cuda:0", &dev, &err) == -1);
    CHECK(err.type == TC_EXC_RUNTIME);
    tc_error_clear(&err);
    CHECK(tc_device_parse("cpu", &dev, &err) == 0 && dev.type == TC_DEVICE_CPU);
}

/* A pipeline that allocates many times: creation, op, reduction, view, matmul. */
static int pipeline(tc_error *err) {
    int64_t shape[2] = {3, 4};
    tc_tensor *a = tc_ones(shape, 2, TC_DTYPE_F32, tc_device_cpu(), err);
    tc_tensor *b = a ? tc_binary_scalar(TC_OP_MUL, a, (tc_scalar){.kind = TC_SCALAR_INT, .v.i = 2}, err) : NULL;
    tc_tensor *t = b ? tc_t(b, err) : NULL;
    tc_tensor *m = t ? tc_matmul(a, t, err) : NULL;
    tc_tensor *s = m ? tc_reduce(TC_RED_SUM, m, NULL, 0, false, err) : NULL;
    int ok = s && tt_at(s, 0) == 72.0 ? 0 : -1;
    tc_tensor_unref(a); tc_tensor_unref(b); tc_tensor_unref(t); tc_tensor_unref(m); tc_tensor_unref(s);
    return ok;
}

/* Autograd, joins, indexing and sparse conversion: more allocation sites. */
static int pipeline2(tc_error *err) {
    int64_t shape[2] = {2, 3};
    tc_tensor *x = tc_arange(0, 6, 1, TC_DTYPE_F32, tc_device_cpu(), err);
    tc_tensor *m = x ? tc_view(x, shape, 2, err) : NULL;
    int ok = m ? tc_set_requires_grad(m, true, err) : -1;
    tc_tensor *y = ok == 0 ? tc_binary(TC_OP_MUL, m, m, err) : NULL;
    tc_tensor *c = y ? tc_cat((tc_tensor *[]){y, m}, 2, 0, err) : NULL;
    tc_tensor *mask = c ? tc_binary_scalar(TC_OP_GT, c, (tc_scalar){.kind = TC_SCALAR_INT, .v.i = 2}, err) : NULL;
    tc_tensor *sel = mask ? tc_index_mask(c, mask, err) : NULL;
    tc_tensor *s = sel ? tc_reduce(TC_RED_MEAN, sel, NULL, 0, false, err) : NULL;
    ok = s ? tc_backward(s, err) : -1;
    tc_set_grad_enabled(false);
    tc_tensor *sp = ok == 0 ? tc_dense_to_sparse(x, err) : NULL;
    tc_tensor *co = sp ? tc_sparse_coalesce(sp, err) : NULL;
    tc_tensor *dn = co ? tc_sparse_to_dense(co, err) : NULL;
    tc_set_grad_enabled(true);
    ok = dn && m->grad ? 0 : -1;
    tc_tensor *all[] = {x, m, y, c, mask, sel, s, sp, co, dn};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) tc_tensor_unref(all[i]);
    return ok;
}

static void fault_injection(void) {
    tc_storage_stats base, now;
    tc_storage_stats_get(&base);
    int n = 1;
    for (; n < 1000; n++) {
        tc_error err = {0};
        tc_alloc_fail_after(n);
        int r = pipeline2(&err);
        tc_alloc_fail_after(0);
        tc_storage_stats_get(&now);
        CHECK(now.live_storages == base.live_storages);
        if (r == 0 && !tc_error_is_set(&err)) break;
        CHECK(err.type == TC_EXC_RUNTIME);
    }
    CHECK(n > 20 && n < 1000);
    for (n = 1; n < 500; n++) {
        tc_error err = {0};
        tc_alloc_fail_after(n);
        int r = pipeline(&err);
        tc_alloc_fail_after(0);
        tc_storage_stats_get(&now);
        CHECK(now.live_storages == base.live_storages); /* nothing leaked */
        if (r == 0 && !tc_error_is_set(&err)) break;      /* past the last allocation */
        CHECK(err.type == TC_EXC_RUNTIME);                /* failed cleanly with an error */
    }
    CHECK(n > 5 && n < 500);
}

static void *raise_later(void *arg) {
    struct timespec ts = {0, 30 * 1000 * 1000};
    nanosleep(&ts, NULL);
    tc_interrupt_raise();
    return NULL;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void interrupt_fill(void) {
    tc_error err = {0};
    int64_t one = 1, huge = 1000000000;
    tc_tensor *t = tc_zeros(&one, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    tc_tensor *e = tc_expand(t, &huge, 1, &err); /* 1e9 elements over one float */
    pthread_t th;
    pthread_create(&th, NULL, raise_later, NULL);
    double t0 = now_s();
    int r = tc_fill_(e, 1.0, &err);
    double dt = now_s() - t0;
    pthread_join(th, NULL);
    CHECK(r == -1);
    CHECK_ERR(&err, TC_EXC_KEYBOARD_INTERRUPT, "");
    CHECK(dt < 0.03 + 0.1);
    tc_interrupt_clear();
    tc_tensor_unref(e);
    tc_tensor_unref(t);
}

static void *make_and_drop(void *arg) {
    (void)arg;
    tc_error err = {0};
    int64_t n = 4;
    for (int i = 0; i < 100; i++) {
        tc_tensor *t = tc_zeros(&n, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
        CHECK(t != NULL);
        tc_tensor_unref(t); /* its struct and storage header go to this thread's free lists */
    }
    return NULL;
}

/* A thread's recycled tensor and storage headers are released when the thread exits (the
 * kernel frees tensors on its bridge and control threads): under LeakSanitizer (make
 * sanitize) a thread that leaves them behind fails this test. */
static void thread_pools_released_at_exit(void) {
    for (int i = 0; i < 8; i++) {
        pthread_t th;
        CHECK(pthread_create(&th, NULL, make_and_drop, NULL) == 0);
        pthread_join(th, NULL);
    }
}

int main(void) {
    thread_pools_released_at_exit();
    memfd_identity();
    many_small();
    many_large();
    dead_blocks_reused();
    leased_memory_not_reused();
    errors();
    fault_injection();
    interrupt_fill();
    return tt_finish("test-storage");
}
