/*
 * tc_rnn_layer (rnn.c): the backpropagation through time of every mode and direction against
 * central differences of the forward in float64, float32 (the packed product, the batch's rows
 * in blocks across threads) against float64, the argument checks, and fault injection
 * over a forward and backward, once and twice (create_graph): every allocation failing in
 * turn leaves an error and no storage behind. The values against PyTorch are tests/py/test_nn_rnn.py's.
 */
#include "tc-test.h"
#include "tensorcore/alloc.h"

enum { L = 3, N = 2, H = 3 };

static int gates(tc_rnn_mode m) { return m == TC_RNN_LSTM ? 4 : m == TC_RNN_GRU ? 3 : 1; }

static tc_tensor *randn(int64_t a, int64_t b, int64_t c, int ndim) {
    int64_t shape[3] = {a, b, c};
    tc_error err = {0};
    tc_tensor *t = tc_randn(shape, ndim, TC_DTYPE_F64, tc_device_cpu(), &err);
    tc_tensor *s = t ? tc_binary_scalar(TC_OP_MUL, t, (tc_scalar){.kind = TC_SCALAR_FLOAT, .v.f = 0.5}, &err) : NULL;
    tc_tensor_unref(t);
    return s;
}

/* sum(tc_rnn_layer(...) * w) without autograd. */
static double loss(tc_rnn_mode m, tc_tensor **in, tc_tensor *w, bool reverse) {
    tc_error err = {0};
    tc_tensor *y = tc_rnn_layer(m, in[0], in[1], in[2], in[3], in[4], reverse, "StackBackward0", &err);
    CHECK_OK(&err);
    double s = 0;
    for (int64_t i = 0; y && i < tc_numel(y); i++) s += tt_at(y, i) * tt_at(w, i);
    tc_tensor_unref(y);
    return s;
}

/* Every input's gradient from the node against (f(x + e) - f(x - e)) / 2e. */
static void check_gradients(tc_rnn_mode m, bool reverse) {
    tc_error err = {0};
    int64_t G = gates(m) * H;
    tc_tensor *in[5] = {randn(L, N, G, 3), randn(N, H, 0, 2), m == TC_RNN_LSTM ? randn(N, H, 0, 2) : NULL,
                        randn(G, H, 0, 2), randn(G, 0, 0, 1)};
    for (int k = 0; k < 5; k++)
        if (in[k]) CHECK(tc_set_requires_grad(in[k], true, &err) == 0);
    tc_tensor *y = tc_rnn_layer(m, in[0], in[1], in[2], in[3], in[4], reverse, "StackBackward0", &err);
    CHECK_OK(&err);
    if (!y) return;
    CHECK(strcmp(tc_grad_fn_name(y), "StackBackward0") == 0);
    CHECK(y->ndim == (m == TC_RNN_LSTM ? 4 : 3));
    tc_tensor *w = tc_randn(y->shape, y->ndim, TC_DTYPE_F64, tc_device_cpu(), &err);
    tc_tensor *p = tc_binary(TC_OP_MUL, y, w, &err);
    tc_tensor *s = tc_reduce(TC_RED_SUM, p, NULL, 0, false, &err);
    CHECK(tc_backward(s, &err) == 0);
    CHECK_OK(&err);
    tc_set_grad_enabled(false);
    double worst = 0;
    for (int k = 0; k < 5; k++) {
        if (!in[k]) continue;
        CHECK(in[k]->grad != NULL);
        double *v = tc_data_ptr(in[k]);
        for (int64_t i = 0; in[k]->grad && i < tc_numel(in[k]); i++) {
            double keep = v[i], e = 1e-6;
            v[i] = keep + e;
            double up = loss(m, in, w, reverse);
            v[i] = keep - e;
            double down = loss(m, in, w, reverse);
            v[i] = keep;
            double d = fabs((up - down) / (2 * e) - tt_at(in[k]->grad, i));
            if (d > worst) worst = d;
        }
    }
    tc_set_grad_enabled(true);
    if (!(worst < 1e-7)) fprintf(stderr, "mode %d reverse %d: worst %g\n", (int)m, reverse, worst);
    CHECK(worst < 1e-7);
    tc_tensor *all[] = {in[0], in[1], in[2], in[3], in[4], y, w, p, s};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
}

/* One layer's forward and backward at float32 from float64 values in[] (converted), with the
 * loss sum(y * w): the result and every input's gradient into out[0..6) as new float64
 * tensors (NULL where there is none). */
static void run_as(tc_rnn_mode m, tc_tensor **in, tc_tensor *w, tc_dtype dt, bool reverse, tc_tensor **out) {
    tc_error err = {0};
    tc_tensor *c[5] = {NULL};
    for (int k = 0; k < 5; k++) {
        if (!in[k]) continue;
        c[k] = dt == TC_DTYPE_F64 ? tc_clone(in[k], &err) : tc_to(in[k], dt, tc_device_cpu(), NULL, &err);
        CHECK(c[k] && tc_set_requires_grad(c[k], true, &err) == 0);
    }
    tc_tensor *y = tc_rnn_layer(m, c[0], c[1], c[2], c[3], c[4], reverse, "n", &err);
    tc_tensor *wd = tc_to(w, dt, tc_device_cpu(), NULL, &err);
    tc_tensor *p = tc_binary(TC_OP_MUL, y, wd, &err);
    tc_tensor *s = tc_reduce(TC_RED_SUM, p, NULL, 0, false, &err);
    CHECK(s && tc_backward(s, &err) == 0);
    CHECK_OK(&err);
    out[0] = tc_to(y, TC_DTYPE_F64, tc_device_cpu(), NULL, &err);
    for (int k = 0; k < 5; k++) out[k + 1] = c[k] ? tc_to(c[k]->grad, TC_DTYPE_F64, tc_device_cpu(), NULL, &err) : NULL;
    tc_tensor *all[] = {c[0], c[1], c[2], c[3], c[4], y, wd, p, s};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
}

/* A layer large enough for the batch's rows to run in blocks across two threads, with a hidden
 * size that leaves a partial panel of the packed float32 product: float32 agrees with float64
 * to float32's rounding, one thread and two give the same bits, and so do the two directions'
 * blocks of rows. */
static void blocks_and_float32(tc_rnn_mode m, bool reverse) {
    enum { BL = 120, BN = 17, BH = 37 }; /* two blocks of rows, even for RNN_TANH */
    tc_error err = {0};
    int64_t G = gates(m) * BH;
    tc_tensor *in[5] = {randn(BL, BN, G, 3), randn(BN, BH, 0, 2), m == TC_RNN_LSTM ? randn(BN, BH, 0, 2) : NULL,
                        randn(G, BH, 0, 2), randn(G, 0, 0, 1)};
    tc_tensor *wh = tc_binary_scalar(TC_OP_MUL, in[3], (tc_scalar){.kind = TC_SCALAR_FLOAT, .v.f = 0.3}, &err);
    tc_tensor_unref(in[3]); /* a contracting recurrence: float32's rounding does not grow step by step */
    in[3] = wh;
    int64_t ys[4] = {2, BL, BN, BH};
    tc_tensor *w = m == TC_RNN_LSTM ? tc_randn(ys, 4, TC_DTYPE_F64, tc_device_cpu(), &err)
                                    : tc_randn(ys + 1, 3, TC_DTYPE_F64, tc_device_cpu(), &err);
    int threads = tc_num_threads();
    tc_tensor *ref[6], *one[6], *two[6];
    run_as(m, in, w, TC_DTYPE_F64, reverse, ref);
    tc_set_num_threads(1);
    run_as(m, in, w, TC_DTYPE_F32, reverse, one);
    tc_set_num_threads(2);
    run_as(m, in, w, TC_DTYPE_F32, reverse, two);
    tc_set_num_threads(threads);
    for (int k = 0; k < 6; k++) {
        CHECK((ref[k] == NULL) == (one[k] == NULL));
        if (!ref[k] || !one[k] || !two[k]) continue;
        double worst = 0, scale = 1;
        bool same = true;
        for (int64_t i = 0; i < tc_numel(ref[k]); i++) {
            double r = tt_at(ref[k], i), d = fabs(tt_at(one[k], i) - r);
            if (fabs(r) > scale) scale = fabs(r);
            if (d > worst) worst = d;
            same = same && tt_at(one[k], i) == tt_at(two[k], i);
        }
        if (!(worst < 1e-5 * scale)) fprintf(stderr, "mode %d tensor %d: float32 off by %g\n", (int)m, k, worst);
        CHECK(worst < 1e-5 * scale);
        if (k < 4) CHECK(same); /* (w_hh's and b_hh's sums over every step split by threads) */
    }
    for (int k = 0; k < 6; k++) {
        tc_tensor_unref(ref[k]);
        tc_tensor_unref(one[k]);
        tc_tensor_unref(two[k]);
    }
    for (int k = 0; k < 5; k++) tc_tensor_unref(in[k]);
    tc_tensor_unref(w);
}

static void argument_checks(void) {
    tc_error err = {0};
    tc_tensor *x = randn(L, N, 4 * H, 3), *h = randn(N, H, 0, 2), *w = randn(4 * H, H, 0, 2);
    tc_tensor *empty = randn(0, N, 4 * H, 3);
    CHECK(!tc_rnn_layer(TC_RNN_LSTM, empty, h, h, w, NULL, false, "n", &err));
    CHECK_ERR(&err, TC_EXC_RUNTIME, "Expected sequence length to be larger than 0 in RNN");
    CHECK(!tc_rnn_layer(TC_RNN_LSTM, x, h, NULL, w, NULL, false, "n", &err));
    CHECK_ERR(&err, TC_EXC_VALUE, "rnn_layer: c0 is given for an LSTM and only then");
    CHECK(!tc_rnn_layer(TC_RNN_GRU, x, h, NULL, w, NULL, false, "n", &err));
    CHECK_ERR(&err, TC_EXC_RUNTIME, "rnn_layer: sizes do not agree");
    tc_tensor *all[] = {x, h, w, empty};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
}

/* A forward and backward of one mode, *out the loss and the sum of w's gradient; 0 or -1
 * with err set. */
static int pipeline(tc_rnn_mode m, bool twice, double out[2], tc_error *err) {
    int64_t G = gates(m) * H;
    int64_t sx[3] = {L, N, G}, sh[2] = {N, H}, sw[2] = {G, H};
    tc_tensor *x = tc_ones(sx, 3, TC_DTYPE_F32, tc_device_cpu(), err);
    tc_tensor *h = x ? tc_zeros(sh, 2, TC_DTYPE_F32, tc_device_cpu(), err) : NULL;
    tc_tensor *w = h ? tc_ones(sw, 2, TC_DTYPE_F32, tc_device_cpu(), err) : NULL;
    tc_tensor *b = w ? tc_ones(&G, 1, TC_DTYPE_F32, tc_device_cpu(), err) : NULL;
    int rc = b && tc_set_requires_grad(w, true, err) == 0 && tc_set_requires_grad(b, true, err) == 0 ? 0 : -1;
    tc_tensor *y = rc == 0 ? tc_rnn_layer(m, x, h, m == TC_RNN_LSTM ? h : NULL, w, b, true, "n", err) : NULL;
    tc_tensor *s = y ? tc_reduce(TC_RED_SUM, y, NULL, 0, false, err) : NULL;
    tc_tensor *gw = NULL, *s2 = NULL;
    if (twice) { /* create_graph: the sum of w's gradient, differentiated again */
        rc = s ? tc_autograd_grad(&s, NULL, 1, &w, 1, false, true, false, &gw, err) : -1;
        s2 = rc == 0 ? tc_reduce(TC_RED_SUM, gw, NULL, 0, false, err) : NULL;
        rc = s2 ? tc_backward(s2, err) : -1;
    } else {
        rc = s ? tc_backward(s, err) : -1;
    }
    if (rc == 0) {
        out[0] = tt_at(s, 0);
        out[1] = 0;
        for (int64_t i = 0; i < tc_numel(w->grad); i++) out[1] += tt_at(w->grad, i);
    }
    tc_tensor *all[] = {x, h, w, b, y, s, gw, s2};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
    return rc;
}

/* Every allocation of a forward and backward failing in turn: an error, or (a failure the
 * code absorbed) the very result of a run without faults; never a leak. */
static void fault_injection(tc_rnn_mode m, bool twice) {
    double want[2], got[2];
    tc_error first = {0};
    CHECK(pipeline(m, twice, want, &first) == 0);
    CHECK_OK(&first);
    tc_storage_stats base, now;
    tc_storage_stats_get(&base);
    int64_t live = tc_alloc_live();
    int n = 1;
    for (; n < 20000; n++) {
        tc_error err = {0};
        tc_alloc_fail_after(n);
        int r = pipeline(m, twice, got, &err);
        int64_t left = tc_alloc_fail_after(0);
        tc_storage_stats_get(&now);
        CHECK(now.live_storages == base.live_storages);
        CHECK(tc_alloc_live() == live);
        if (left > 0) {
            CHECK(r == 0);
            CHECK_OK(&err);
            break;
        }
        if (r == 0) {
            CHECK(got[0] == want[0] && got[1] == want[1]);
            CHECK_OK(&err);
            continue;
        }
        CHECK(tc_error_is_set(&err));
        tc_error_clear(&err);
    }
    CHECK(n > 10 && n < 20000);
}

int main(void) {
    tc_manual_seed(7);
    const tc_rnn_mode modes[] = {TC_RNN_TANH, TC_RNN_RELU, TC_RNN_LSTM, TC_RNN_GRU};
    for (int i = 0; i < 4; i++) {
        check_gradients(modes[i], false);
        check_gradients(modes[i], true);
    }
    argument_checks();
    for (int i = 0; i < 4; i++) {
        blocks_and_float32(modes[i], false);
        blocks_and_float32(modes[i], true);
    }
    for (int i = 0; i < 4; i++) {
        fault_injection(modes[i], false);
        fault_injection(modes[i], true);
    }
    tc_storage_stats st;
    tc_storage_stats_get(&st);
    CHECK(st.live_storages == 0);
    return tt_finish("test-rnn");
}
