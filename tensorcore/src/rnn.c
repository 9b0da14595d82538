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
 */
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

/* The loop of op over n contiguous elements, in place. */
static void act(tc__loop_fn f, void *x, int64_t n, size_t es) {
    char *p[2] = {x, x};
    int64_t s[2] = {(int64_t)es, (int64_t)es};
    if (n > 0) f(p, s, n, NULL);
}

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
    tc__loop_fn sig = tc__cpu_unary_loop(TC_UOP_SIGMOID, dt), th = tc__cpu_unary_loop(TC_UOP_TANH, dt);
    tc__loop_fn relu = tc__cpu_unary_loop(TC_UOP_RELU, dt);
    tc_kview wt = kv(dt, ptr(s->w_hh, 0), H, G, 1, H); /* w_hh^T */
    const void *bias = b ? ptr(b, 0) : NULL;
    int rc = 0;
    for (int64_t k = 0; k < L && rc == 0; k++) {
        int64_t t = s->reverse ? L - 1 - k : k;
        int64_t prev = s->reverse ? t + 1 : t, cur = s->reverse ? t : t + 1; /* P slots */
        void *hp = ptr(s->P, prev * NH), *h = ptr(s->P, cur * NH), *x = ptr(xp, t * N * G);
        tc_kview hv = kv(dt, hp, N, H, H, 1);
        switch (s->mode) {
        case TC_RNN_LSTM: {
            void *a = ptr(s->A, t * N * 4 * H), *c = ptr(s->C, cur * NH), *tc = ptr(s->T, t * NH);
            if ((rc = gemm(kv(dt, a, N, G, G, 1), hv, wt, err))) break;
            CELL(dt, gates_add, a, bias, x, N, G);
            for (int64_t n = 0; n < N; n++) { /* ATen's sigmoid_/tanh_ on each gate's rows */
                char *row = (char *)a + (size_t)(n * G) * es;
                act(sig, row, H, es);
                act(sig, row + (size_t)H * es, H, es);
                act(th, row + (size_t)(2 * H) * es, H, es);
                act(sig, row + (size_t)(3 * H) * es, H, es);
            }
            CELL(dt, lstm_c, a, ptr(s->C, prev * NH), c, N, H);
            memcpy(tc, c, (size_t)NH * es);
            act(th, tc, NH, es);
            CELL(dt, lstm_h, a, tc, h, N, H);
            break;
        }
        case TC_RNN_GRU: {
            void *a = ptr(s->A, t * N * 4 * H), *g = ptr(hg, 0), *np = ptr(npre, 0);
            if ((rc = gemm(kv(dt, g, N, G, G, 1), hv, wt, err))) break;
            CELL(dt, gates_add, g, bias, NULL, N, G);
            CELL(dt, gru_pre, g, x, a, N, H);
            for (int64_t n = 0; n < N; n++) {
                char *row = (char *)a + (size_t)(n * 4 * H) * es;
                act(sig, row, H, es);
                act(sig, row + (size_t)H * es, H, es);
            }
            CELL(dt, gru_npre, a, x, np, N, H);
            act(th, np, NH, es);
            CELL(dt, gru_h, a, np, hp, h, N, H);
            break;
        }
        default:
            if ((rc = gemm(kv(dt, h, N, H, H, 1), hv, wt, err))) break;
            CELL(dt, gates_add, h, bias, x, N, G);
            act(s->mode == TC_RNN_RELU ? relu : th, h, NH, es);
            break;
        }
    }
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
    tc_kview w = kv(dt, ptr(s->w_hh, 0), G, H, H, 1);
    for (int64_t k = 0; k < L; k++) {
        int64_t t = s->reverse ? k : L - 1 - k; /* the forward's steps, last first */
        int64_t prev = s->reverse ? t + 1 : t, cur = s->reverse ? t : t + 1;
        void *gh = ptr(gc, t * NH), *gcell = lstm ? ptr(gc, (L + t) * NH) : NULL;
        void *dgt = ptr(dhg, t * N * G);
        switch (s->mode) {
        case TC_RNN_LSTM:
            CELL(dt, lstm_bwd, ptr(s->A, t * N * 4 * H), ptr(s->T, t * NH), ptr(s->C, prev * NH), gh, gcell,
                 ptr(dh, 0), ptr(dc, 0), dgt, N, H);
            break;
        case TC_RNN_GRU:
            CELL(dt, gru_bwd, ptr(s->A, t * N * 4 * H), ptr(s->P, prev * NH), gh, ptr(dh, 0),
                 ptr(dxp, t * N * G), dgt, ptr(direct, 0), N, H);
            break;
        default:
            CELL(dt, rnn_bwd, ptr(s->P, cur * NH), gh, ptr(dh, 0), s->mode == TC_RNN_RELU, dgt, N, H);
            break;
        }
        if (gemm(kv(dt, ptr(dh, 0), N, H, H, 1), kv(dt, dgt, N, G, G, 1), w, err)) goto done;
        if (gru) /* the direct path h_prev -> h adds to the product's */
            CELL(dt, gates_add, ptr(dh, 0), NULL, ptr(direct, 0), N, H);
    }
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
