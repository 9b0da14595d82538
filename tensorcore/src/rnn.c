/*
 * Recurrent layers (torch.nn.RNN, LSTM, GRU): one direction of one layer over a whole
 * sequence in one call, with one autograd node whose backward is the whole backpropagation
 * through time.
 *
 * The forward is ATen's CPU algorithm step by step: the caller has made the input
 * projection of every step at once (x @ w_ih^T + b_ih, one product), each step multiplies
 * the hidden state by w_hh^T, adds b_hh and the step's projection, and runs the cell, whose
 * activations are the CPU loops of torch.sigmoid/tanh/relu over the same runs of elements
 * ATen's in-place gate activations take (a row of one gate, or the whole contiguous block).
 * The step keeps what the backward needs (activated gates, states), so the backward is
 * elementwise work and one product per step, then one product for w_hh's gradient over
 * all steps; the input projection's gradient is handed back to the product that made it.
 * With create_graph the backward records the forward again from the composed ops and
 * differentiates that, so second derivatives come out as PyTorch's. CPU, float32/float64.
 * The batch's rows run in blocks across the threads, each block through every step; float32
 * multiplies by w_hh packed once per layer (see "the step's product").
 */
#include <stdatomic.h>
#include <string.h>

#include "autograd.h"
#include "cpu-loops.h"

/* The cell kernels run over rows of a few hundred elements every step: built for AVX2 too;
 * ROWS_INLINE bodies are specialised by their constant flags where they are called. */
#define CELL_SIMD __attribute__((target_clones("avx2", "default")))
#define ROWS_INLINE static inline __attribute__((always_inline))

#define R float
#define K(name) name##_f32
#include "rnn-cells.inc"
#undef R
#undef K
#define R double
#define K(name) name##_f64
#include "rnn-cells.inc"
#undef R
#undef K

/* Call the cell kernel 'name' for dtype dt (arguments are void pointers and sizes). */
#define CELL(dt, name, ...) ((dt) == TC_DTYPE_F64 ? name##_f64(__VA_ARGS__) : name##_f32(__VA_ARGS__))

static int gates_of(tc_rnn_mode m) { return m == TC_RNN_LSTM ? 4 : m == TC_RNN_GRU ? 3 : 1; }

/* Elements of the saved activations per batch row: LSTM i, f, g, o; GRU r, z, n, hn. */
static int acts_of(tc_rnn_mode m) { return m == TC_RNN_LSTM || m == TC_RNN_GRU ? 4 : 0; }

/* What one layer keeps for its backward (the node's context). */
typedef struct rnn_saved {
    tc_rnn_mode mode;
    bool reverse;
    int64_t L, N, H, G;
    tc_dtype dt;
    tc_tensor *w_hh; /* contiguous [G, H] */
    tc_tensor *P;    /* hidden states [L + 1, N, H], time order: forward h0 first, reverse last */
    tc_tensor *C;    /* LSTM: cell states, laid out as P; else NULL */
    tc_tensor *T;    /* LSTM: tanh of the cell states [L, N, H]; else NULL */
    tc_tensor *A;    /* LSTM/GRU: activations [L, N, 4H]; else NULL */
    bool has_c0, has_bias;
    tc_tensor *in[5]; /* the node's inputs (xp, h0, c0, w_hh, b_hh; may be NULL), for
                       * create_graph, which differentiates a recording of the forward */
} rnn_saved;

static void saved_free(void *p) {
    rnn_saved *s = p;
    if (!s) return;
    tc_tensor_unref(s->w_hh);
    tc_tensor_unref(s->P);
    tc_tensor_unref(s->C);
    tc_tensor_unref(s->T);
    tc_tensor_unref(s->A);
    for (int i = 0; i < 5; i++) tc_tensor_unref(s->in[i]);
    tc__free(s);
}

/* Element elem of contiguous t. */
static void *ptr(tc_tensor *t, int64_t elem) {
    tc_kview v;
    tc__kview(t, &v);
    return (char *)v.data + elem * (int64_t)tc_dtype_size(t->dtype);
}

/* A 2-D view of raw data for the product kernels. */
static tc_kview kv(tc_dtype dt, void *data, int64_t r, int64_t c, int64_t rs, int64_t cs) {
    tc_kview v = {0};
    v.data = data;
    v.dtype = dt;
    v.ndim = 2;
    v.shape[0] = r;
    v.shape[1] = c;
    v.strides[0] = rs;
    v.strides[1] = cs;
    return v;
}

/* c [m, n] (row stride ldc) = a @ b with a, b given as views. */
static int gemm(tc_kview c, tc_kview a, tc_kview b, tc_error *err) {
    if (tc__cpu_gemm(&c, &a, &b, err)) return -1;
    return tc_interrupt_check(err);
}

/* ---- the step's product with the weights packed once (float32, AVX2 with FMA) ----
 * Every step multiplies by the same w_hh (forward by w_hh^T, backward by w_hh), so the layer
 * packs it once into panels of PANEL columns, k-major and zero-padded, instead of the BLAS
 * call repacking it, and zeroing its output, every step. Each output element is one chain of
 * fused multiply-adds over k in order from zero, as the BLAS kernel's, then + bias, + x (two
 * roundings, the order of the addmm and add_ they stand for). */
#define PANEL 16
#define TILE_ROWS 6 /* 12 accumulators, 2 panel vectors and a broadcast: the 16 AVX2 registers */

/* Whether the packed product runs for dtype dt on this CPU. */
static bool packed_serves(tc_dtype dt) {
#if defined(__x86_64__)
    return dt == TC_DTYPE_F32 && tc__cpu_isa() > 0;
#else
    (void)dt;
    return false;
#endif
}

/* The panels of b [k, n] (element (i, j) at b[i * rs + j * cs]): a new allocation, or NULL. */
static float *pack_panels(const float *b, int64_t k, int64_t n, int64_t rs, int64_t cs) {
    int64_t np = (n + PANEL - 1) / PANEL;
    float *p = tc__malloc((size_t)(np * k * PANEL) * sizeof(float));
    if (!p) return NULL;
    for (int64_t q = 0; q < np; q++)
        for (int64_t i = 0; i < k; i++)
            for (int64_t j = 0; j < PANEL; j++) {
                int64_t col = q * PANEL + j;
                p[(q * k + i) * PANEL + j] = col < n ? b[i * rs + col * cs] : 0.0f;
            }
    return p;
}

#if defined(__x86_64__)
#include <immintrin.h>

/* Rows [0, mr) x one panel's w columns of c = (a @ panel + bias) + x; bias and x may be NULL. */
__attribute__((target("avx2,fma"))) static inline __attribute__((always_inline)) void
tile_f32(const int mr, const float *a, int64_t lda, const float *bp, int64_t k, float *c, int64_t ldc,
         const float *bias, const float *x, int64_t ldx, int64_t w) {
    __m256 s[TILE_ROWS][2]; /* indexed by constants only once unrolled: registers */
#pragma GCC unroll 6
    for (int r = 0; r < mr; r++) s[r][0] = s[r][1] = _mm256_setzero_ps();
    for (int64_t i = 0; i < k; i++) {
        __m256 b0 = _mm256_loadu_ps(bp + i * PANEL), b1 = _mm256_loadu_ps(bp + i * PANEL + 8);
#pragma GCC unroll 6
        for (int r = 0; r < mr; r++) {
            __m256 av = _mm256_broadcast_ss(a + r * lda + i);
            s[r][0] = _mm256_fmadd_ps(av, b0, s[r][0]);
            s[r][1] = _mm256_fmadd_ps(av, b1, s[r][1]);
        }
    }
#pragma GCC unroll 6
    for (int r = 0; r < mr; r++) {
        float *cr = c + r * ldc;
        const float *xr = x ? x + r * ldx : NULL;
        if (w == PANEL) {
#pragma GCC unroll 2
            for (int v = 0; v < 2; v++) {
                __m256 y = s[r][v];
                if (bias) y = _mm256_add_ps(y, _mm256_loadu_ps(bias + 8 * v));
                if (xr) y = _mm256_add_ps(y, _mm256_loadu_ps(xr + 8 * v));
                _mm256_storeu_ps(cr + 8 * v, y);
            }
        } else {
            float t[PANEL];
            _mm256_storeu_ps(t, s[r][0]);
            _mm256_storeu_ps(t + 8, s[r][1]);
            for (int64_t j = 0; j < w; j++) {
                float y = t[j];
                if (bias) y = y + bias[j];
                if (xr) y = y + xr[j];
                cr[j] = y;
            }
        }
    }
}

#define TILE_FN(MR)                                                                                         \
    __attribute__((target("avx2,fma"))) static void tile_f32_##MR(                                        \
        const float *a, int64_t lda, const float *bp, int64_t k, float *c, int64_t ldc, const float *bias, \
        const float *x, int64_t ldx, int64_t w) {                                                         \
        tile_f32(MR, a, lda, bp, k, c, ldc, bias, x, ldx, w);                                              \
    }
TILE_FN(1)
TILE_FN(2)
TILE_FN(3)
TILE_FN(4)
TILE_FN(5)
TILE_FN(6)
#undef TILE_FN

typedef void (*tile_fn)(const float *, int64_t, const float *, int64_t, float *, int64_t, const float *,
                        const float *, int64_t, int64_t);
static const tile_fn tiles[TILE_ROWS + 1] = {NULL, tile_f32_1, tile_f32_2, tile_f32_3,
                                             tile_f32_4, tile_f32_5, tile_f32_6};

/* c [m, n] (row stride ldc) = (a [m, k] (row stride lda) @ the packed b + bias) + x (row
 * stride ldx); bias [n] and x may be NULL. */
static void gemm_packed(float *c, int64_t ldc, const float *a, int64_t lda, const float *bp, int64_t m,
                        int64_t k, int64_t n, const float *bias, const float *x, int64_t ldx) {
    for (int64_t j0 = 0; j0 < n; j0 += PANEL) {
        const float *panel = bp + j0 * k, *bj = bias ? bias + j0 : NULL;
        int64_t w = n - j0 < PANEL ? n - j0 : PANEL;
        int64_t nt = (m + TILE_ROWS - 1) / TILE_ROWS; /* tiles as even as they go: 32 rows 6,6,5,5,5,5 */
        for (int64_t i = 0, r0 = 0; i < nt; i++) {
            int64_t mr = m / nt + (i < m % nt);
            tiles[mr](a + r0 * lda, lda, panel, k, c + r0 * ldc + j0, ldc, bj, x ? x + r0 * ldx + j0 : NULL,
                      ldx, w);
            r0 += mr;
        }
    }
}
#else
static void gemm_packed(float *c, int64_t ldc, const float *a, int64_t lda, const float *bp, int64_t m,
                        int64_t k, int64_t n, const float *bias, const float *x, int64_t ldx) {
    (void)c, (void)ldc, (void)a, (void)lda, (void)bp, (void)m, (void)k, (void)n, (void)bias, (void)x, (void)ldx;
    TC_ASSERT(!"packed_serves() is false here");
}
#endif

/* The loop of op over n contiguous elements of src into dst (the same or apart). */
static void act_to(tc__loop_fn f, void *dst, void *src, int64_t n, size_t es) {
    char *p[2] = {dst, src};
    int64_t s[2] = {(int64_t)es, (int64_t)es};
    if (n > 0) f(p, s, n, NULL);
}

/* The loop of op over n contiguous elements, in place. */
static void act(tc__loop_fn f, void *x, int64_t n, size_t es) { act_to(f, x, x, n, es); }

static tc_tensor *new3(int64_t a, int64_t b, int64_t c, tc_dtype dt, tc_error *err) {
    int64_t shape[3] = {a, b, c};
    return tc__tensor_new(shape, 3, dt, tc_device_cpu(), err);
}

static int check(tc_rnn_mode mode, tc_tensor *xp, tc_tensor *h0, tc_tensor *c0, tc_tensor *w_hh,
                 tc_tensor *b_hh, tc_error *err) {
    tc_tensor *all[5] = {xp, h0, c0, w_hh, b_hh};
    for (int i = 0; i < 5; i++) {
        tc_tensor *t = all[i];
        if (!t) continue;
        if (tc__require_strided(t, "rnn_layer", err)) return -1;
        if (t->device.type != TC_DEVICE_CPU)
            return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "rnn_layer: CPU tensors only");
        if (t->dtype != xp->dtype)
            return tc_error_set(err, TC_EXC_RUNTIME, "rnn_layer: expected every tensor to have dtype %s",
                                tc_dtype_name(xp->dtype));
    }
    if (xp->dtype != TC_DTYPE_F32 && xp->dtype != TC_DTYPE_F64)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "rnn_layer: float32 and float64 only");
    if ((mode == TC_RNN_LSTM) != (c0 != NULL))
        return tc_error_set(err, TC_EXC_VALUE, "rnn_layer: c0 is given for an LSTM and only then");
    if (xp->ndim != 3 || h0->ndim != 2 || w_hh->ndim != 2 || (b_hh && b_hh->ndim != 1))
        return tc_error_set(err, TC_EXC_RUNTIME, "rnn_layer: expected xp [L, N, G], h0 [N, H], w_hh [G, H]");
    int64_t N = xp->shape[1], H = h0->shape[1], G = gates_of(mode) * H;
    if (h0->shape[0] != N || xp->shape[2] != G || w_hh->shape[0] != G || w_hh->shape[1] != H ||
        (b_hh && b_hh->shape[0] != G) || (c0 && (c0->ndim != 2 || c0->shape[0] != N || c0->shape[1] != H)))
        return tc_error_set(err, TC_EXC_RUNTIME, "rnn_layer: sizes do not agree");
    if (xp->shape[0] == 0)
        return tc_error_set(err, TC_EXC_RUNTIME, "Expected sequence length to be larger than 0 in RNN");
    return 0;
}

/* ---- batch rows across the threads ----
 * The rows of a batch never meet: row n's state at a step depends only on its own earlier
 * states (forward) and later gradients (backward). So the layer cuts its rows into blocks
 * that the threads run through every step on their own, with no wait between steps. */

/* The least multiply-adds of the step products that earn a block of rows. */
#define ROWS_WORK_MIN ((int64_t)1 << 20)
/* The fewest rows of a block (fewer share each pass over w_hh among too few rows). */
#define ROWS_MIN 8
/* Blocks per thread at most: two, so that a thread whose core is busy elsewhere leaves part
 * of its share to the others (the blocks go to whichever thread asks first). */
#define ROWS_BLOCKS_PER_THREAD 2

/* Rows per block for N rows of per_row multiply-adds each. */
static int64_t block_rows(int64_t N, int64_t per_row) {
    int64_t p = (int64_t)tc__cpu_threads() * ROWS_BLOCKS_PER_THREAD;
    if (p > N / ROWS_MIN) p = N / ROWS_MIN;
    if (p > N * per_row / ROWS_WORK_MIN) p = N * per_row / ROWS_WORK_MIN;
    if (tc__cpu_threads() < 2 || p < 2) return N > 0 ? N : 1;
    return (N + p - 1) / p;
}

/* What the blocks of one pass share. */
typedef struct rows_job {
    rnn_saved *s;
    int64_t rows;       /* rows per block */
    const float *wp;    /* w_hh packed for the step's product (packed_serves), else NULL */
    const char *bias;   /* forward: b_hh or NULL */
    char *x;            /* forward: the input projection xp; backward: its gradient */
    char *gc;           /* backward: the output's gradient */
    char *dhg, *dh, *dc; /* backward: the gates', the hidden and cell states' gradients */
    char *hg, *aux;     /* GRU scratch: forward the hidden product [N, G] and n's pre-activation
                         * [N, H]; backward the direct path's gradient [N, H] */
    tc__loop_fn sig, th, relu;
    bool backward;      /* the blocks run backward_block (else forward_block) */
    atomic_int stop;    /* an interrupt or an error: the other blocks stop too */
    atomic_int failed;
    tc_error *err;      /* the first block's error that failed */
} rows_job;

/* t's data (contiguous t), or NULL for no t. */
static char *data_of(tc_tensor *t) { return t ? ptr(t, 0) : NULL; }

/* c [nb, n] (row stride n) = (a [nb, k] (row stride k) @ w + bias) + x (row stride n), w
 * being w_hh^T forward (k = H, n = G) or w_hh backward (k = G, n = H); bias, x may be NULL. */
static int step_product(const rows_job *j, void *c, const void *a, int64_t nb, bool fwd, const void *bias,
                        const void *x, tc_error *err) {
    const rnn_saved *s = j->s;
    int64_t k = fwd ? s->H : s->G, n = fwd ? s->G : s->H;
    if (j->wp) {
        gemm_packed(c, n, a, k, j->wp, nb, k, n, bias, x, n);
        return 0;
    }
    tc_kview cv = kv(s->dt, c, nb, n, n, 1), av = kv(s->dt, (void *)a, nb, k, k, 1);
    tc_kview w = fwd ? kv(s->dt, ptr(s->w_hh, 0), k, n, 1, k) : kv(s->dt, ptr(s->w_hh, 0), k, n, n, 1);
    if (tc__cpu_gemm(&cv, &av, &w, err)) return -1;
    if (bias || x) CELL(s->dt, gates_add, c, bias, x, nb, n);
    return 0;
}

/* Whether the blocks are to stop: an interrupt is pending or another block failed. */
static bool rows_stop(rows_job *j) {
    if (atomic_load_explicit(&j->stop, memory_order_relaxed)) return true;
    if (!tc_interrupt_pending()) return false;
    atomic_store(&j->stop, 1);
    return true;
}

/* Record a block's error (the first one wins) and stop the others. */
static void rows_fail(rows_job *j, const tc_error *e) {
    atomic_store(&j->stop, 1);
    if (atomic_exchange(&j->failed, 1) == 0 && j->err) *j->err = *e;
}

/* The forward of rows [n0, n0 + nb) over every step. */
static int forward_block(rows_job *j, int64_t n0, int64_t nb, tc_error *err) {
    rnn_saved *s = j->s;
    int64_t L = s->L, N = s->N, H = s->H, G = s->G, NH = N * H;
    tc_dtype dt = s->dt;
    size_t es = tc_dtype_size(dt);
    char *P = data_of(s->P), *C = data_of(s->C), *T = data_of(s->T), *A = data_of(s->A);
#define AT(base, elem) ((void *)((char *)(base) + (size_t)(elem) * es))
    for (int64_t k = 0; k < L; k++) {
        if (rows_stop(j)) return 0;
        int64_t t = s->reverse ? L - 1 - k : k;
        int64_t prev = s->reverse ? t + 1 : t, cur = s->reverse ? t : t + 1; /* P slots */
        void *hp = AT(P, prev * NH + n0 * H), *h = AT(P, cur * NH + n0 * H), *x = AT(j->x, (t * N + n0) * G);
        switch (s->mode) {
        case TC_RNN_LSTM: {
            void *a = AT(A, (t * N + n0) * 4 * H), *c = AT(C, cur * NH + n0 * H), *tc = AT(T, t * NH + n0 * H);
            if (step_product(j, a, hp, nb, true, j->bias, x, err)) return -1;
            for (int64_t n = 0; n < nb; n++) { /* ATen's sigmoid_/tanh_ on each gate's rows */
                void *row = AT(a, n * G);
                act(j->sig, row, H, es);
                act(j->sig, AT(row, H), H, es);
                act(j->th, AT(row, 2 * H), H, es);
                act(j->sig, AT(row, 3 * H), H, es);
            }
            CELL(dt, lstm_c, a, AT(C, prev * NH + n0 * H), c, nb, H);
            act_to(j->th, tc, c, nb * H, es);
            CELL(dt, lstm_h, a, tc, h, nb, H);
            break;
        }
        case TC_RNN_GRU: {
            void *a = AT(A, (t * N + n0) * 4 * H), *g = AT(j->hg, n0 * G), *np = AT(j->aux, n0 * H);
            if (step_product(j, g, hp, nb, true, j->bias, NULL, err)) return -1;
            CELL(dt, gru_pre, g, x, a, nb, H);
            for (int64_t n = 0; n < nb; n++) {
                void *row = AT(a, n * 4 * H);
                act(j->sig, row, H, es);
                act(j->sig, AT(row, H), H, es);
            }
            CELL(dt, gru_npre, a, x, np, nb, H);
            act(j->th, np, nb * H, es);
            CELL(dt, gru_h, a, np, hp, h, nb, H);
            break;
        }
        default:
            if (step_product(j, h, hp, nb, true, j->bias, x, err)) return -1;
            act(s->mode == TC_RNN_RELU ? j->relu : j->th, h, nb * H, es);
            break;
        }
    }
    return 0;
}

/* The backward of rows [n0, n0 + nb) over every step, last first: the gates' gradients into
 * dhg (and, GRU, the input projection's into x), the initial states' into dh and dc. */
static int backward_block(rows_job *j, int64_t n0, int64_t nb, tc_error *err) {
    rnn_saved *s = j->s;
    int64_t L = s->L, N = s->N, H = s->H, G = s->G, NH = N * H;
    tc_dtype dt = s->dt;
    size_t es = tc_dtype_size(dt);
    bool gru = s->mode == TC_RNN_GRU;
    char *P = data_of(s->P), *C = data_of(s->C), *T = data_of(s->T), *A = data_of(s->A);
    void *dh = AT(j->dh, n0 * H), *dc = j->dc ? AT(j->dc, n0 * H) : NULL;
    void *direct = gru ? AT(j->aux, n0 * H) : NULL;
    for (int64_t k = 0; k < L; k++) {
        if (rows_stop(j)) return 0;
        int64_t t = s->reverse ? k : L - 1 - k; /* the forward's steps, last first */
        int64_t prev = s->reverse ? t + 1 : t, cur = s->reverse ? t : t + 1;
        void *gh = AT(j->gc, t * NH + n0 * H), *dgt = AT(j->dhg, (t * N + n0) * G);
        switch (s->mode) {
        case TC_RNN_LSTM:
            CELL(dt, lstm_bwd, AT(A, (t * N + n0) * 4 * H), AT(T, t * NH + n0 * H), AT(C, prev * NH + n0 * H), gh,
                 AT(j->gc, (L + t) * NH + n0 * H), dh, dc, dgt, nb, H);
            break;
        case TC_RNN_GRU:
            CELL(dt, gru_bwd, AT(A, (t * N + n0) * 4 * H), AT(P, prev * NH + n0 * H), gh, dh,
                 AT(j->x, (t * N + n0) * G), dgt, direct, nb, H);
            break;
        default:
            CELL(dt, rnn_bwd, AT(P, cur * NH + n0 * H), gh, dh, s->mode == TC_RNN_RELU, dgt, nb, H);
            break;
        }
        /* the direct path h_prev -> h of the GRU adds to the product's */
        if (step_product(j, dh, dgt, nb, false, NULL, direct, err)) return -1;
    }
#undef AT
    return 0;
}

typedef int (*block_fn)(rows_job *j, int64_t n0, int64_t nb, tc_error *err);

/* Blocks [b, e) of rows through forward_block, or backward_block when j->backward. */
static void run_blocks(void *ctx, int64_t b, int64_t e) {
    rows_job *j = ctx;
    block_fn block = j->backward ? backward_block : forward_block;
    for (int64_t i = b; i < e; i++) {
        int64_t n0 = i * j->rows, nb = j->s->N - n0 < j->rows ? j->s->N - n0 : j->rows;
        tc_error err;
        tc_error_init(&err);
        if (block(j, n0, nb, &err)) rows_fail(j, &err);
    }
}

/* Run the blocks of j->rows rows across the threads, forward or backward. 0, or -1 with err
 * set (a block's error, or KeyboardInterrupt). */
static int rows_run(rows_job *j, bool backward, tc_error *err) {
    j->backward = backward;
    atomic_init(&j->stop, 0);
    atomic_init(&j->failed, 0);
    j->err = err;
    tc__cpu_blas_parallel((j->s->N + j->rows - 1) / j->rows, run_blocks, j);
    if (atomic_load(&j->failed)) return -1;
    return tc_interrupt_check(err);
}

/* w_hh packed for the step's products (forward w_hh^T, else w_hh) into j->wp where
 * packed_serves and more than one step uses it (one product alone packs as well in the BLAS
 * call); 0, or -1 with err set. */
static int pack_weights(rows_job *j, bool fwd, tc_error *err) {
    const rnn_saved *s = j->s;
    j->wp = NULL;
    if (!packed_serves(s->dt) || s->L < 2) return 0;
    const float *w = ptr(s->w_hh, 0);
    j->wp = fwd ? pack_panels(w, s->H, s->G, 1, s->H) : pack_panels(w, s->G, s->H, s->H, 1);
    return j->wp ? 0 : tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
}

/* The forward over every step into s (its tensors made here). x, h0, c0, w, b contiguous. */
static int run_forward(rnn_saved *s, tc_tensor *xp, tc_tensor *h0, tc_tensor *c0, tc_tensor *b,
                       tc_error *err) {
    int64_t L = s->L, N = s->N, H = s->H, G = s->G, NH = N * H;
    tc_dtype dt = s->dt;
    size_t es = tc_dtype_size(dt);
    tc_tensor *hg = NULL, *npre = NULL;
    if (!(s->P = new3(L + 1, N, H, dt, err))) return -1;
    if (s->mode == TC_RNN_LSTM && (!(s->C = new3(L + 1, N, H, dt, err)) || !(s->T = new3(L, N, H, dt, err))))
        return -1;
    if (acts_of(s->mode) && !(s->A = new3(L, N, 4 * H, dt, err))) return -1;
    if (s->mode == TC_RNN_GRU && (!(hg = new3(1, N, G, dt, err)) || !(npre = new3(1, N, H, dt, err)))) {
        tc_tensor_unref(hg);
        return -1;
    }
    int64_t first = s->reverse ? L : 0; /* where the initial state goes in P and C */
    memcpy(ptr(s->P, first * NH), ptr(h0, 0), (size_t)NH * es);
    if (s->C) memcpy(ptr(s->C, first * NH), ptr(c0, 0), (size_t)NH * es);
    /* float32 tanh: the AVX2 loop, within half an ulp like MKL's, which runs its slower generic
     * path on AMD CPUs (PyTorch's float32 LSTM runs on oneDNN's own tanh anyway);
     * float64 keeps torch.tanh's, whose rounding PyTorch's float64 layers share */
    tc__loop_fn th = dt == TC_DTYPE_F32 ? tc__unary_loops[TC_UOP_TANH][dt] : tc__cpu_unary_loop(TC_UOP_TANH, dt);
    rows_job j = {.s = s, .rows = block_rows(N, L * G * H), .bias = data_of(b), .x = data_of(xp),
                  .hg = data_of(hg), .aux = data_of(npre), .sig = tc__cpu_unary_loop(TC_UOP_SIGMOID, dt),
                  .th = th, .relu = tc__cpu_unary_loop(TC_UOP_RELU, dt)};
    int rc = pack_weights(&j, true, err);
    if (rc == 0) rc = rows_run(&j, false, err);
    tc__free((void *)j.wp);
    tc_tensor_unref(hg);
    tc_tensor_unref(npre);
    return rc;
}

/* The temporaries of a recording: every result is kept until the end (NULL passes). */
typedef struct keeper {
    tc_tensor **v;
    int64_t n, cap;
} keeper;

static tc_tensor *keep(keeper *k, tc_tensor *t) {
    if (t && k->n < k->cap) k->v[k->n++] = t;
    else if (t) { /* cannot happen: the caller sizes cap for every step */
        tc_tensor_unref(t);
        t = NULL;
    }
    return t;
}

static tc_tensor *bin(keeper *k, tc_binary_op op, tc_tensor *a, tc_tensor *b, tc_error *err) {
    return a && b ? keep(k, tc_binary(op, a, b, err)) : NULL;
}

static tc_tensor *un(keeper *k, tc_unary_op op, tc_tensor *a, tc_error *err) {
    return a ? keep(k, tc_unary(op, a, err)) : NULL;
}

static tc_tensor *block(keeper *k, tc_tensor *a, int64_t i, int64_t H, tc_error *err) {
    return a ? keep(k, tc_slice(a, 1, i * H, (i + 1) * H, 1, err)) : NULL;
}

/* The forward again from recording ops (the composed cell), for create_graph: its graph
 * reaches the node's inputs, so the gradients it gives differentiate again. The result
 * (the forward's shape) is kept in k. */
static tc_tensor *recorded_forward(const rnn_saved *s, keeper *k, tc_error *err) {
    int64_t L = s->L, H = s->H;
    tc_tensor *h = s->in[1], *c = s->in[2], *b = s->in[4];
    tc_tensor *wt = keep(k, tc_t(s->in[3], err));
    tc_tensor **hs = tc__calloc((size_t)(2 * L), sizeof *hs), **cs = hs ? hs + L : NULL;
    if (!hs) {
        tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
        return NULL;
    }
    int64_t j = 0;
    for (; j < L && wt && h && (!s->C || c); j++) {
        int64_t t = s->reverse ? L - 1 - j : j;
        tc_tensor *x = keep(k, tc_select(s->in[0], 0, t, err));
        tc_tensor *hg = x ? keep(k, tc_matmul(h, wt, err)) : NULL;
        if (b) hg = bin(k, TC_OP_ADD, hg, b, err);
        switch (s->mode) {
        case TC_RNN_LSTM: {
            tc_tensor *a = bin(k, TC_OP_ADD, hg, x, err);
            tc_tensor *i = un(k, TC_UOP_SIGMOID, block(k, a, 0, H, err), err);
            tc_tensor *f = un(k, TC_UOP_SIGMOID, block(k, a, 1, H, err), err);
            tc_tensor *g = un(k, TC_UOP_TANH, block(k, a, 2, H, err), err);
            tc_tensor *o = un(k, TC_UOP_SIGMOID, block(k, a, 3, H, err), err);
            c = bin(k, TC_OP_ADD, bin(k, TC_OP_MUL, f, c, err), bin(k, TC_OP_MUL, i, g, err), err);
            h = bin(k, TC_OP_MUL, o, un(k, TC_UOP_TANH, c, err), err);
            break;
        }
        case TC_RNN_GRU: {
            tc_tensor *r = un(k, TC_UOP_SIGMOID, bin(k, TC_OP_ADD, block(k, hg, 0, H, err), block(k, x, 0, H, err), err), err);
            tc_tensor *z = un(k, TC_UOP_SIGMOID, bin(k, TC_OP_ADD, block(k, hg, 1, H, err), block(k, x, 1, H, err), err), err);
            tc_tensor *n = un(k, TC_UOP_TANH, bin(k, TC_OP_ADD, block(k, x, 2, H, err),
                                                  bin(k, TC_OP_MUL, block(k, hg, 2, H, err), r, err), err), err);
            h = bin(k, TC_OP_ADD, bin(k, TC_OP_MUL, bin(k, TC_OP_SUB, h, n, err), z, err), n, err);
            break;
        }
        default:
            h = un(k, s->mode == TC_RNN_RELU ? TC_UOP_RELU : TC_UOP_TANH, bin(k, TC_OP_ADD, hg, x, err), err);
            break;
        }
        hs[t] = h;
        cs[t] = c;
    }
    tc_tensor *y = NULL;
    if (j == L && h && (!s->C || c)) { /* every step recorded */
        y = keep(k, tc_stack(hs, (int)L, 0, err));
        if (y && s->C) {
            tc_tensor *both[2] = {y, keep(k, tc_stack(cs, (int)L, 0, err))};
            y = both[1] ? keep(k, tc_stack(both, 2, 0, err)) : NULL;
        }
    }
    tc__free(hs);
    return y;
}

/* The backward with create_graph: the gradients of the recorded forward, which keep their
 * history. */
static int recorded_backward(rnn_saved *s, tc_tensor *g, tc_tensor **grads, tc_error *err) {
    keeper k = {tc__calloc((size_t)(24 * s->L + 8), sizeof(tc_tensor *)), 0, 24 * s->L + 8};
    if (!k.v) return tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
    tc_tensor *y = recorded_forward(s, &k, err);
    tc_tensor *ins[5], *res[5] = {NULL};
    int idx[5], m = 0;
    for (int i = 0; i < 5; i++)
        if (s->in[i] && s->in[i]->requires_grad) {
            idx[m] = i;
            ins[m++] = s->in[i];
        }
    int rc = y && m ? tc_autograd_grad(&y, &g, 1, ins, m, true, true, true, res, err) : -1;
    for (int j = 0; rc == 0 && j < m; j++) grads[idx[j]] = res[j];
    for (int64_t i = 0; i < k.n; i++) tc_tensor_unref(k.v[i]);
    tc__free(k.v);
    return rc;
}

/* The backward: from the output's gradient g (the forward's result's shape), the gradients
 * of xp, h0, c0, w_hh and b_hh into grads[0..5). */
static int rnn_backward(void *ctx, tc_tensor *g, int n, tc_tensor **grads, tc_error *err) {
    rnn_saved *s = ctx;
    (void)n;
    if (tc_grad_enabled()) return recorded_backward(s, g, grads, err); /* create_graph */
    int64_t L = s->L, N = s->N, H = s->H, G = s->G, NH = N * H;
    tc_dtype dt = s->dt;
    bool lstm = s->mode == TC_RNN_LSTM, gru = s->mode == TC_RNN_GRU;
    tc_tensor *gc = tc_contiguous(g, err);
    if (!gc) return -1;
    tc_tensor *dxp = new3(L, N, G, dt, err);
    tc_tensor *dhg = gru && dxp ? new3(L, N, G, dt, err) : NULL; /* the hidden product's */
    tc_tensor *dh = dxp ? tc_zeros((int64_t[]){N, H}, 2, dt, tc_device_cpu(), err) : NULL;
    tc_tensor *dc = lstm && dh ? tc_zeros((int64_t[]){N, H}, 2, dt, tc_device_cpu(), err) : NULL;
    tc_tensor *direct = gru && dh ? new3(1, N, H, dt, err) : NULL;
    tc_tensor *dw = NULL, *db = NULL;
    int rc = -1;
    if (!dh || (lstm && !dc) || (gru && (!dhg || !direct))) goto done;
    if (!gru) dhg = tc_tensor_ref(dxp);
    rows_job j = {.s = s, .rows = block_rows(N, L * G * H), .x = data_of(dxp), .gc = data_of(gc),
                  .dhg = data_of(dhg), .dh = data_of(dh), .dc = data_of(dc), .aux = data_of(direct)};
    if (pack_weights(&j, false, err)) goto done;
    int brc = rows_run(&j, true, err);
    tc__free((void *)j.wp);
    if (brc) goto done;
    /* w_hh's gradient: every step's gate gradients against the states they multiplied */
    int64_t LN = L * N, first = s->reverse ? 1 : 0;
    if (!(dw = tc__tensor_new((int64_t[]){G, H}, 2, dt, tc_device_cpu(), err))) goto done;
    if (gemm(kv(dt, ptr(dw, 0), G, H, H, 1), kv(dt, ptr(dhg, 0), G, LN, 1, G),
             kv(dt, ptr(s->P, first * NH), LN, H, H, 1), err))
        goto done;
    if (s->has_bias) {
        tc_tensor *rows = tc__tensor_alias(dhg, (int64_t[]){LN, G}, (int64_t[]){G, 1}, 2, dhg->offset, err);
        if (!rows) goto done;
        db = tc_reduce(TC_RED_SUM, rows, (int[]){0}, 1, false, err);
        tc_tensor_unref(rows);
        if (!db) goto done;
    }
    grads[0] = tc_tensor_ref(dxp);
    grads[1] = tc_tensor_ref(dh);
    grads[2] = s->has_c0 ? tc_tensor_ref(dc) : NULL;
    grads[3] = tc_tensor_ref(dw);
    grads[4] = tc_tensor_ref(db);
    rc = 0;
done:
    tc_tensor_unref(gc);
    tc_tensor_unref(dxp);
    tc_tensor_unref(dhg);
    tc_tensor_unref(dh);
    tc_tensor_unref(dc);
    tc_tensor_unref(direct);
    tc_tensor_unref(dw);
    tc_tensor_unref(db);
    return rc;
}

/* The result: the hidden states in time order [L, N, H], for the LSTM [2, L, N, H] with the
 * cell states after them. */
static tc_tensor *result_of(const rnn_saved *s, tc_error *err) {
    int64_t L = s->L, NH = s->N * s->H, off = s->reverse ? 0 : 1;
    size_t bytes = (size_t)(L * NH) * tc_dtype_size(s->dt);
    tc_tensor *y = s->C ? tc__tensor_new((int64_t[]){2, L, s->N, s->H}, 4, s->dt, tc_device_cpu(), err)
                        : new3(L, s->N, s->H, s->dt, err);
    if (!y) return NULL;
    memcpy(ptr(y, 0), ptr(s->P, off * NH), bytes);
    if (s->C) memcpy(ptr(y, L * NH), ptr(s->C, off * NH), bytes);
    return y;
}

tc_tensor *tc_rnn_layer(tc_rnn_mode mode, tc_tensor *xp, tc_tensor *h0, tc_tensor *c0, tc_tensor *w_hh,
                        tc_tensor *b_hh, bool reverse, const char *name, tc_error *err) {
    if (check(mode, xp, h0, c0, w_hh, b_hh, err)) return NULL;
    tc_tensor *x = NULL, *h = NULL, *c = NULL, *b = NULL, *y = NULL;
    rnn_saved *s = NULL;
    if (!(x = tc_contiguous(xp, err)) || !(h = tc_contiguous(h0, err)) || (c0 && !(c = tc_contiguous(c0, err))) ||
        (b_hh && !(b = tc_contiguous(b_hh, err))))
        goto done;
    if (!(s = tc__calloc(1, sizeof *s))) {
        tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
        goto done;
    }
    s->mode = mode;
    s->reverse = reverse;
    s->L = xp->shape[0];
    s->N = xp->shape[1];
    s->H = h0->shape[1];
    s->G = xp->shape[2];
    s->dt = xp->dtype;
    s->has_c0 = c0 != NULL;
    s->has_bias = b_hh != NULL;
    if (!(s->w_hh = tc_contiguous(w_hh, err)) || run_forward(s, x, h, c, b, err) || !(y = result_of(s, err)))
        goto done;
    tc_tensor *ins[5] = {xp, h0, c0, w_hh, b_hh};
    bool track = false;
    for (int i = 0; i < 5; i++) track |= ins[i] && ins[i]->requires_grad;
    if (track && tc_grad_enabled()) {
        for (int i = 0; i < 5; i++) s->in[i] = tc_tensor_ref(ins[i]);
        if (tc_grad_record_custom(y, name, ins, 5, rnn_backward, s, saved_free, err)) {
            tc_tensor_unref(y);
            y = NULL;
            goto done;
        }
        s = NULL; /* the node owns it */
    }
done:
    saved_free(s);
    tc_tensor_unref(x);
    tc_tensor_unref(h);
    tc_tensor_unref(c);
    tc_tensor_unref(b);
    return y;
}
