/*
 * nll_loss on the CPU as ATen's LossNLL.cpp computes it (nll_loss_out_frame and
 * nll_loss_backward_out_frame): one pass over the targets, with no one-hot temporaries.
 *   - reduction 'none' of a 2-D input: -x[i, t] w[t] per row, 0 where t is ignore_index;
 *   - 'sum' and 'mean': the terms -x[i, t] w[t] (and the weights w[t]) summed in PyTorch's
 *     cascade (partial sums over blocks of 2^level_power rows, folded upwards), then 'mean'
 *     divides by the total weight (the number of rows counted without a weight): NaN when
 *     nothing is counted, as 0 / 0;
 *   - the backward writes -w[t] g, with g the incoming gradient (divided by the total weight
 *     for 'mean'), at each counted row's target, zeros elsewhere.
 * The Python layer (torch.nn.functional.nll_loss) checks the shapes, dtypes and reduction and
 * maps (N, C, d1, ...) inputs to rows; a target out of range is an IndexError here.
 */
#include <math.h>
#include <string.h>

#include "autograd.h"
#include "cpu-loops.h"

#define NLL_LEVELS 8 /* cascade_sum_num_levels */

static int nll_target_error(int64_t t, tc_error *err) {
    return tc_error_set(err, TC_EXC_INDEX, "Target %lld is out of bounds.", (long long)t);
}

static int64_t nll_target(const tc_tensor *target, int64_t i) {
    const void *p = tc_data_ptr(target);
    return target->dtype == TC_DTYPE_U8 ? ((const uint8_t *)p)[i] : ((const int64_t *)p)[i];
}

/* ceil(log2(n)) for n >= 1 */
static int64_t ceil_log2(int64_t n) {
    int64_t r = 0;
    while (((int64_t)1 << r) < n) r++;
    return r;
}

#define NLL_FORWARD(T)                                                                           \
    do {                                                                                         \
        const T *x = tc_data_ptr(input), *w = weight ? tc_data_ptr(weight) : NULL;               \
        if (rowwise) {                                                                           \
            T *o = tc_data_ptr(out);                                                             \
            for (int64_t i = 0; i < rows; i++) {                                                 \
                int64_t t = nll_target(target, i);                                               \
                if (t == ignore_index) {                                                         \
                    o[i] = 0;                                                                    \
                    continue;                                                                    \
                }                                                                                \
                if (t < 0 || t >= classes) return nll_target_error(t, err);                      \
                o[i] = -x[i * classes + t] * (w ? w[t] : 1);                                     \
            }                                                                                    \
            break;                                                                               \
        }                                                                                        \
        int64_t power = ceil_log2(rows) / NLL_LEVELS, ignored = 0;                               \
        if (power < 4) power = 4;                                                                \
        int64_t mask = ((int64_t)1 << power) - 1;                                                \
        T ws[NLL_LEVELS] = {0}, ls[NLL_LEVELS] = {0};                                            \
        for (int64_t b = 0; b < rows; b++) {                                                     \
            int64_t t = nll_target(target, b);                                                   \
            if (t == ignore_index) {                                                             \
                ignored++;                                                                       \
                continue;                                                                        \
            }                                                                                    \
            if (t < 0 || t >= classes) return nll_target_error(t, err);                          \
            T v = x[b * classes + t];                                                            \
            if (w) {                                                                             \
                ls[0] -= v * w[t];                                                               \
                ws[0] += w[t];                                                                   \
            } else {                                                                             \
                ls[0] -= v;                                                                      \
            }                                                                                    \
            for (int j = 0; j + 1 < NLL_LEVELS; j++) {                                           \
                if (b & (mask << (j * power))) break;                                            \
                ws[j + 1] += ws[j];                                                              \
                ls[j + 1] += ls[j];                                                              \
                ws[j] = 0;                                                                       \
                ls[j] = 0;                                                                       \
            }                                                                                    \
        }                                                                                        \
        T total = 0, sum = 0;                                                                    \
        for (int j = 0; j < NLL_LEVELS; j++) total += ws[j], sum += ls[j];                       \
        if (!w) total = (T)(rows - ignored);                                                     \
        if (mean) sum /= total;                                                                  \
        *(T *)tc_data_ptr(out) = sum;                                                            \
        *total_weight = total;                                                                   \
    } while (0)

#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")
/* The forward into out (shape (rows,) for 'none' of a 2-D input, else 0-dim); the total
 * weight into *total_weight. 0 or -1 with err set (a target out of range). */
static int nll_forward(tc_tensor *out, tc_tensor *input, tc_tensor *target, tc_tensor *weight,
                       int64_t ignore_index, int reduction, double *total_weight, tc_error *err) {
    int64_t classes = input->shape[input->ndim - 1], rows = input->ndim == 2 ? input->shape[0] : 1;
    bool rowwise = reduction == TC_LOSS_NONE && input->ndim == 2, mean = reduction == TC_LOSS_MEAN;
    *total_weight = 0;
    if (!rowwise && tc_numel(target) == 0) { /* mean of nothing is NaN */
        double v = mean ? NAN : 0.0;
        if (input->dtype == TC_DTYPE_F64)
            *(double *)tc_data_ptr(out) = v;
        else
            *(float *)tc_data_ptr(out) = (float)v;
        return 0;
    }
    if (input->dtype == TC_DTYPE_F64)
        NLL_FORWARD(double);
    else
        NLL_FORWARD(float);
    return 0;
}

#define NLL_BACKWARD(T)                                                                          \
    do {                                                                                         \
        T *gi = tc_data_ptr(r);                                                                  \
        const T *w = weight ? tc_data_ptr(weight) : NULL, *go = tc_data_ptr(gc);                 \
        T scale = rowwise ? 0 : mean ? go[0] / (T)total_weight : go[0];                          \
        for (int64_t i = 0; i < rows; i++) {                                                     \
            int64_t t = nll_target(target, i);                                                   \
            if (t == ignore_index) continue;                                                     \
            T g = rowwise ? go[i] : scale;                                                       \
            gi[i * classes + t] = w ? -w[t] * g : -g;                                            \
        }                                                                                        \
    } while (0)

/* The gradient for the input of nll_loss: g is the incoming gradient (the output's shape). */
tc_tensor *tc__nll_loss_backward(tc_tensor *input, tc_tensor *target, tc_tensor *weight, tc_tensor *g,
                                 int64_t ignore_index, int reduction, double total_weight, tc_error *err) {
    tc_tensor *gc = tc_to(g, input->dtype, input->device, ".to()", err);
    tc_tensor *c = gc ? tc_contiguous(gc, err) : NULL;
    tc_tensor_unref(gc);
    gc = c;
    tc_tensor *r = gc ? tc_zeros(input->shape, input->ndim, input->dtype, input->device, err) : NULL;
    if (r) {
        int64_t classes = input->shape[input->ndim - 1], rows = input->ndim == 2 ? input->shape[0] : 1;
        bool rowwise = reduction == TC_LOSS_NONE && input->ndim == 2, mean = reduction == TC_LOSS_MEAN;
        if (tc_numel(target) > 0) {
            if (input->dtype == TC_DTYPE_F64)
                NLL_BACKWARD(double);
            else
                NLL_BACKWARD(float);
        }
    }
    tc_tensor_unref(gc);
    return r;
}
#pragma GCC pop_options

tc_tensor *tc_nll_loss(tc_tensor *input, tc_tensor *target, tc_tensor *weight, int64_t ignore_index,
                       int reduction, tc_error *err) {
    bool floats = input->dtype == TC_DTYPE_F32 || input->dtype == TC_DTYPE_F64;
    bool indices = target->dtype == TC_DTYPE_I64 || target->dtype == TC_DTYPE_U8;
    if (input->device.type != TC_DEVICE_CPU || !floats || !indices || input->ndim < 1 || input->ndim > 2 ||
        target->ndim != input->ndim - 1 || (input->ndim == 2 && target->shape[0] != input->shape[0]) ||
        (weight && (weight->dtype != input->dtype || weight->ndim != 1 ||
                    weight->shape[0] != input->shape[input->ndim - 1])) ||
        reduction < TC_LOSS_NONE || reduction > TC_LOSS_SUM) {
        tc_error_set(err, TC_EXC_VALUE,
                     "nll_loss: a CPU float32/float64 input of 1 or 2 dims, int64 targets, one per "
                     "row, and a weight of the input's dtype, one per class");
        return NULL;
    }
    tc_tensor *x = tc_contiguous(input, err);
    tc_tensor *t = x ? tc_contiguous(target, err) : NULL;
    tc_tensor *w = t && weight ? tc_contiguous(weight, err) : NULL;
    int64_t rows = input->ndim == 2 ? input->shape[0] : 1;
    bool rowwise = reduction == TC_LOSS_NONE && input->ndim == 2;
    tc_tensor *out = NULL;
    if (t && (w || !weight)) out = tc_empty(&rows, rowwise ? 1 : 0, input->dtype, input->device, err);
    double total = 0;
    if (out && nll_forward(out, x, t, w, ignore_index, reduction, &total, err)) {
        tc_tensor_unref(out);
        out = NULL;
    }
    if (out && tc__needs_grad(input, NULL)) {
        tc__gargs ga = {0};
        ga.a = ignore_index;
        ga.b = reduction;
        ga.scalar = total;
        if (tc__grad_record(out, "NllLossBackward0", TC_G_NLL, input, NULL, t, &ga, err)) {
            tc_tensor_unref(out);
            out = NULL;
        } else if (w) {
            out->grad_fn->extra[0] = tc_tensor_ref(w);
        }
    }
    tc_tensor_unref(x);
    tc_tensor_unref(t);
    tc_tensor_unref(w);
    return out;
}

/* ---- pointwise losses: mse_loss, binary_cross_entropy_with_logits --------------------------
 * The forwards are ATen's, op for op (computed without a graph): mse's (x - t)^2 as a product,
 * bce_with_logits' (1 - t) x - log_sigmoid(x) (log_sigmoid(x) scaled by (pw - 1) t + 1 with a
 * pos_weight), times the weight, then mean or sum in PyTorch's order; mse's mean or sum of CPU
 * float tensors of one shape sums the squares as it makes them (cpu-reduce.c's
 * tc__cpu_sum_sqdiff, the same bits without the loss tensor), and bce_with_logits' loss
 * without weights is one pass (bce_logits_fused). Each has one node (MseLossBackward0,
 * BinaryCrossEntropyWithLogitsBackward0) whose gradients are ATen's formulas: norm (x - t) g
 * with norm 2 or 2/n, and ((sigmoid(x) - t) g) / n; for CPU float tensors of one shape without
 * weights in one fused pass over the threads, otherwise (other devices, weights,
 * create_graph) from recording ops. */

typedef enum { PLOSS_MSE, PLOSS_BCE_LOGITS, PLOSS_BCE } ploss_kind;

typedef struct ploss_ctx {
    ploss_kind kind;
    int reduction;
    tc_tensor *x, *t, *w, *pw; /* input, target, weight and pos_weight (may be NULL) */
} ploss_ctx;

static void ploss_ctx_free(void *ctx) {
    ploss_ctx *c = ctx;
    tc_tensor_unref(c->x);
    tc_tensor_unref(c->t);
    tc_tensor_unref(c->w);
    tc_tensor_unref(c->pw);
    tc_free(c);
}

static tc_scalar fnum(double v) { tc_scalar s = {.kind = TC_SCALAR_FLOAT, .v.f = v}; return s; }
static tc_scalar inum(int64_t v) { tc_scalar s = {.kind = TC_SCALAR_INT, .v.i = v}; return s; }

/* op(a, b) consuming a (NULL passes through) */
static tc_tensor *then(tc_binary_op op, tc_tensor *a, tc_tensor *b, tc_error *err) {
    tc_tensor *r = a && b ? tc_binary(op, a, b, err) : NULL;
    tc_tensor_unref(a);
    return r;
}
static tc_tensor *then_s(tc_binary_op op, tc_tensor *a, tc_scalar b, tc_error *err) {
    tc_tensor *r = a ? tc_binary_scalar(op, a, b, err) : NULL;
    tc_tensor_unref(a);
    return r;
}

static tc_tensor *then_un(tc_unary_op op, tc_tensor *a, tc_error *err) {
    tc_tensor *r = a ? tc_unary(op, a, err) : NULL;
    tc_tensor_unref(a);
    return r;
}

/* The elementwise loss reduced as asked (consumes l). */
static tc_tensor *reduce_loss(tc_tensor *l, int reduction, tc_error *err) {
    if (!l || reduction == TC_LOSS_NONE) return l;
    tc_tensor *r = tc_reduce(reduction == TC_LOSS_MEAN ? TC_RED_MEAN : TC_RED_SUM, l, NULL, 0, false, err);
    tc_tensor_unref(l);
    return r;
}

/* Whether x and t are CPU float tensors of one dtype and shape, both contiguous: the operands
 * of the fused passes. */
static bool fusable(const tc_tensor *x, const tc_tensor *t) {
    return x->device.type == TC_DEVICE_CPU && t->device.type == TC_DEVICE_CPU &&
           x->layout == TC_LAYOUT_STRIDED && t->layout == TC_LAYOUT_STRIDED &&
           (x->dtype == TC_DTYPE_F32 || x->dtype == TC_DTYPE_F64) && t->dtype == x->dtype &&
           x->ndim == t->ndim && memcmp(x->shape, t->shape, sizeof(int64_t) * (size_t)x->ndim) == 0 &&
           tc_is_contiguous(x) && tc_is_contiguous(t);
}

/* mse_loss's fused gradient over elements [lo, hi): norm (a - b) g, g with n elements or one
 * (gs 0). */
#define MSE_GRAD(T)                                                                              \
    do {                                                                                         \
        T *o = j->o;                                                                             \
        const T *x = j->x, *t = j->t, *gp = j->g, *a = j->which ? t : x, *b = j->which ? x : t;  \
        T norm = (T)(j->c->reduction == TC_LOSS_MEAN ? 2.0 / (double)j->n : 2.0);                \
        for (int64_t i = lo; i < hi; i++) o[i] = norm * (a[i] - b[i]) * gp[i * j->gs];           \
    } while (0)

typedef struct mse_grad_job {
    const ploss_ctx *c;
    void *o;
    const void *x, *t, *g;
    int64_t n, gs;
    int which;
} mse_grad_job;

static void mse_grad_range(void *ctx, int64_t lo, int64_t hi) {
    const mse_grad_job *j = ctx;
    if (j->c->x->dtype == TC_DTYPE_F64)
        MSE_GRAD(double);
    else
        MSE_GRAD(float);
}
#undef MSE_GRAD

/* binary_cross_entropy_with_logits of CPU float tensors of one shape without weights: the
 * elementwise loss and the input's gradient are one pass each over the iterator, which splits
 * the elements into the runs tc_unary gives log_sigmoid and sigmoid (whose vectorised lanes
 * and scalar tails differ), so the bits are those of the ops one after the other:
 * (1 - t) x - log_sigmoid(x), and (sigmoid(x) - t) g, divided by n for 'mean'. The function
 * runs on blocks of a run in cache, the arithmetic follows on the same block. */
#define BCE_BLOCK 1024 /* a multiple of any vector pair: only a run's last block has a tail */

typedef struct bce_logits_job {
    tc__loop_fn f;  /* log_sigmoid's loop (forward), sigmoid's (backward) */
    const char *o0; /* the output's first element (backward) */
    const void *g;  /* the incoming gradient, n elements or one (gs 0) (backward) */
    int64_t gs;
    bool mean;
    double n;
} bce_logits_job;

#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")
#define BCE_LOGITS_FWD(T)                                                                        \
    do {                                                                                         \
        T *o = (T *)p[0], ls[BCE_BLOCK];                                                         \
        const T *x = (const T *)p[1], *t = (const T *)p[2];                                      \
        int64_t qs[2] = {sizeof(T), sizeof(T)};                                                  \
        for (int64_t i0 = 0; i0 < n; i0 += BCE_BLOCK) {                                          \
            int64_t m = n - i0 < BCE_BLOCK ? n - i0 : BCE_BLOCK;                                 \
            char *q[2] = {(char *)ls, (char *)(x + i0)};                                         \
            j->f(q, qs, m, NULL);                                                                \
            for (int64_t i = 0; i < m; i++) o[i0 + i] = ((T)1 - t[i0 + i]) * x[i0 + i] - ls[i];  \
        }                                                                                        \
    } while (0)

#define BCE_LOGITS_BWD(T)                                                                        \
    do {                                                                                         \
        T *o = (T *)p[0], cnt = (T)j->n;                                                         \
        const T *t = (const T *)p[2], *g = (const T *)j->g + (p[0] - j->o0) / (int64_t)sizeof(T) * j->gs; \
        for (int64_t i0 = 0; i0 < n; i0 += BCE_BLOCK) {                                          \
            int64_t m = n - i0 < BCE_BLOCK ? n - i0 : BCE_BLOCK;                                 \
            T *ob = o + i0;                                                                      \
            const T *tb = t + i0;                                                                \
            char *q[2] = {(char *)ob, p[1] + i0 * (int64_t)sizeof(T)};                           \
            j->f(q, s, m, NULL);                                                                 \
            if (!j->gs) {                                                                        \
                T gv = g[0];                                                                     \
                if (j->mean)                                                                     \
                    for (int64_t i = 0; i < m; i++) ob[i] = (ob[i] - tb[i]) * gv / cnt;          \
                else                                                                             \
                    for (int64_t i = 0; i < m; i++) ob[i] = (ob[i] - tb[i]) * gv;                \
            } else {                                                                             \
                const T *gb = g + i0;                                                            \
                if (j->mean)                                                                     \
                    for (int64_t i = 0; i < m; i++) ob[i] = (ob[i] - tb[i]) * gb[i] / cnt;       \
                else                                                                             \
                    for (int64_t i = 0; i < m; i++) ob[i] = (ob[i] - tb[i]) * gb[i];             \
            }                                                                                    \
        }                                                                                        \
    } while (0)

/* Forward operands, all contiguous (the iterator's runs of contiguous tensors): the loss, x,
 * t; backward: the gradient, x, t. */
#define BCE_LOGITS_LOOPS(T, SUF)                                                                 \
    static int bce_logits_fwd_##SUF(char **p, const int64_t *s, int64_t n, const void *ex) {    \
        const bce_logits_job *j = ex;                                                            \
        BCE_LOGITS_FWD(T);                                                                       \
        return 0;                                                                                \
    }                                                                                            \
    static int bce_logits_bwd_##SUF(char **p, const int64_t *s, int64_t n, const void *ex) {    \
        const bce_logits_job *j = ex;                                                            \
        BCE_LOGITS_BWD(T);                                                                       \
        return 0;                                                                                \
    }
BCE_LOGITS_LOOPS(float, f32)
BCE_LOGITS_LOOPS(double, f64)
#undef BCE_LOGITS_LOOPS
#undef BCE_LOGITS_FWD
#undef BCE_LOGITS_BWD
#pragma GCC pop_options

/* out = the loop over (out, x, t), 0 or -1 with err set (an interrupt). */
static int bce_logits_run(tc_tensor *out, tc_tensor *x, tc_tensor *t, tc__loop_fn loop, const bce_logits_job *j,
                          tc_error *err) {
    tc_kview kv[3];
    const tc_kview *v[3] = {&kv[0], &kv[1], &kv[2]};
    tc__kview(out, &kv[0]);
    tc__kview(x, &kv[1]);
    tc__kview(t, &kv[2]);
    tc__iter it;
    tc__iter_init(&it, v, 3);
    return tc__iter_run(&it, loop, j, err);
}

/* The elementwise loss of binary_cross_entropy_with_logits without weights in one pass, or
 * NULL with no error set where the operands do not allow it. */
static tc_tensor *bce_logits_fused(tc_tensor *x, tc_tensor *t, tc_error *err) {
    if (!fusable(x, t)) return NULL;
    bool f64 = x->dtype == TC_DTYPE_F64;
    bce_logits_job j = {.f = tc__cpu_unary_loop(TC_UOP_LOG_SIGMOID, x->dtype)};
    tc_tensor *l = j.f ? tc_empty(x->shape, x->ndim, x->dtype, x->device, err) : NULL;
    if (l && bce_logits_run(l, x, t, f64 ? bce_logits_fwd_f64 : bce_logits_fwd_f32, &j, err)) {
        tc_tensor_unref(l);
        return NULL;
    }
    return l;
}

/* The input's gradient of binary_cross_entropy_with_logits without weights in one pass: g
 * (contiguous, of x's dtype) has n elements or one. */
static tc_tensor *bce_logits_grad_fused(const ploss_ctx *c, tc_tensor *g, tc_error *err) {
    tc_tensor *x = c->x;
    bce_logits_job j = {tc__cpu_unary_loop(TC_UOP_SIGMOID, x->dtype), NULL, tc_data_ptr(g),
                        tc_numel(g) == 1 ? 0 : 1, c->reduction == TC_LOSS_MEAN, (double)tc_numel(x)};
    tc_tensor *r = j.f ? tc_empty(x->shape, x->ndim, x->dtype, x->device, err) : NULL;
    if (!r) return NULL;
    j.o0 = tc_data_ptr(r);
    if (bce_logits_run(r, x, c->t, x->dtype == TC_DTYPE_F64 ? bce_logits_bwd_f64 : bce_logits_bwd_f32, &j, err)) {
        tc_tensor_unref(r);
        return NULL;
    }
    return r;
}

#define PLOSS_GRAIN 32768 /* elements to a thread's piece, as ATen's GRAIN_SIZE */

#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")
/* binary_cross_entropy's elementwise loss (ATen's Loss.cpp: the C library's log(x) and
 * log1p(-x), each clamped at -100), or -1 with its error for an input outside [0, 1]. */
#define BCE_FORWARD(T, LOG, LOG1P)                                                               \
    do {                                                                                         \
        T *o = tc_data_ptr(l);                                                                   \
        const T *xp = tc_data_ptr(x), *tp = tc_data_ptr(t);                                      \
        for (int64_t i = 0; i < n; i++) {                                                        \
            T v = xp[i], y = tp[i];                                                              \
            if (!(v >= 0 && v <= 1))                                                             \
                return tc_error_set(err, TC_EXC_RUNTIME, "all elements of input should be between 0 and 1"); \
            T l1 = LOG1P(-v), l0 = LOG(v);                                                   \
            o[i] = (y - (T)1) * (l1 < (T)-100 ? (T)-100 : l1) - y * (l0 < (T)-100 ? (T)-100 : l0); \
        }                                                                                        \
    } while (0)

static int bce_forward(tc_tensor *l, tc_tensor *x, tc_tensor *t, tc_error *err) {
    int64_t n = tc_numel(x);
    if (x->dtype == TC_DTYPE_F64)
        BCE_FORWARD(double, log, log1p);
    else
        BCE_FORWARD(float, logf, log1pf);
    return 0;
}
#undef BCE_FORWARD

/* ATen's binary_cross_entropy_backward: g (x - t) / max((1 - x) x, 1e-12), times the weight,
 * divided by n for 'mean'; g has n elements or one (gs 0). */
#define BCE_BACKWARD(T)                                                                          \
    do {                                                                                         \
        T *o = tc_data_ptr(r);                                                                   \
        const T *xp = tc_data_ptr(x), *tp = tc_data_ptr(t), *gp = tc_data_ptr(g);                \
        const T eps = (T)1e-12;                                                                  \
        for (int64_t i = 0; i < n; i++) {                                                        \
            T d = ((T)1 - xp[i]) * xp[i];                                                        \
            o[i] = gp[i * gs] * (xp[i] - tp[i]) / (d < eps ? eps : d);                           \
        }                                                                                        \
    } while (0)

/* The input's gradient of binary_cross_entropy (x and t contiguous, of one shape). */
static tc_tensor *bce_grad(const ploss_ctx *c, tc_tensor *g_in, tc_error *err) {
    tc_tensor *x = tc_contiguous(c->x, err), *t = x ? tc_contiguous(c->t, err) : NULL;
    if (!t) {
        tc_tensor_unref(x);
        return NULL;
    }
    int64_t n = tc_numel(x), gs = tc_numel(g_in) == 1 ? 0 : 1;
    tc_tensor *g = tc_to(g_in, x->dtype, x->device, ".to()", err);
    tc_tensor *ge = g && gs ? tc_expand(g, x->shape, x->ndim, err) : (g ? tc_tensor_ref(g) : NULL);
    tc_tensor *gc = ge ? tc_contiguous(ge, err) : NULL;
    tc_tensor_unref(g);
    tc_tensor_unref(ge);
    g = gc;
    tc_tensor *r = g ? tc_empty(x->shape, x->ndim, x->dtype, x->device, err) : NULL;
    if (r) {
        if (x->dtype == TC_DTYPE_F64)
            BCE_BACKWARD(double);
        else
            BCE_BACKWARD(float);
    }
    tc_tensor_unref(g);
    tc_tensor_unref(x);
    tc_tensor_unref(t);
    if (r && c->w) r = then(TC_OP_MUL, r, c->w, err);
    if (r && c->reduction == TC_LOSS_MEAN) r = then_s(TC_OP_DIV, r, inum(n), err);
    return r;
}
#undef BCE_BACKWARD
#pragma GCC pop_options

/* The gradient of input 'which' (0 input, 1 target) in one pass over the threads, or NULL with
 * no error set when the operands do not allow it. */
static tc_tensor *ploss_grad_fused(const ploss_ctx *c, tc_tensor *g, int which, tc_error *err) {
    tc_tensor *x = c->x, *t = c->t;
    if (c->kind == PLOSS_BCE) return which ? NULL : bce_grad(c, g, err);
    if (c->w || c->pw || (c->kind == PLOSS_BCE_LOGITS && which) || !fusable(x, t) || g->dtype != x->dtype ||
        g->device.type != TC_DEVICE_CPU || g->layout != TC_LAYOUT_STRIDED || !tc_is_contiguous(g))
        return NULL;
    int64_t n = tc_numel(x), gs = tc_numel(g) == 1 ? 0 : 1;
    if (gs && tc_numel(g) != n) return NULL;
    if (c->kind == PLOSS_BCE_LOGITS) return bce_logits_grad_fused(c, g, err);
    tc_tensor *r = tc_empty(x->shape, x->ndim, x->dtype, x->device, err);
    if (!r) return NULL;
    mse_grad_job j = {c, tc_data_ptr(r), tc_data_ptr(x), tc_data_ptr(t), tc_data_ptr(g), n, gs, which};
    tc__parallel_for(n, PLOSS_GRAIN, mse_grad_range, &j);
    return r;
}

/* The gradient of input 'which' from ops (records a graph under create_graph). */
static tc_tensor *ploss_grad_ops(const ploss_ctx *c, tc_tensor *g, int which, tc_error *err) {
    tc_tensor *x = c->x, *t = c->t, *r;
    int64_t n = tc_numel(which ? t : x);
    if (c->kind == PLOSS_MSE) {
        double norm = c->reduction == TC_LOSS_MEAN ? 2.0 / (double)n : 2.0;
        r = tc_binary(TC_OP_SUB, which ? t : x, which ? x : t, err);
        r = then(TC_OP_MUL, then_s(TC_OP_MUL, r, fnum(norm), err), g, err);
        return r;
    }
    if (c->kind == PLOSS_BCE && !which) { /* (g (x - t)) / max((1 - x) x, 1e-12) w / n */
        double eps = x->dtype == TC_DTYPE_F32 ? (double)1e-12f : 1e-12;
        tc_tensor *d = then(TC_OP_MUL, tc_rbinary_scalar(TC_OP_SUB, inum(1), x, err), x, err);
        tc_tensor *dc = d ? tc_clamp(d, &eps, NULL, err) : NULL;
        tc_tensor_unref(d);
        r = then(TC_OP_DIV, then(TC_OP_MUL, tc_binary(TC_OP_SUB, x, t, err), g, err), dc, err);
        tc_tensor_unref(dc);
        if (c->w) r = then(TC_OP_MUL, r, c->w, err);
        if (c->reduction == TC_LOSS_MEAN) r = then_s(TC_OP_DIV, r, inum(n), err);
        return r;
    }
    if (c->kind == PLOSS_BCE) { /* the target's: -logit(x) g w / n */
        tc_tensor *om = tc_rbinary_scalar(TC_OP_SUB, inum(1), x, err);
        r = om ? tc_binary(TC_OP_DIV, x, om, err) : NULL;
        tc_tensor_unref(om);
        r = then_un(TC_UOP_NEG, then_un(TC_UOP_LOG, r, err), err);
    } else if (!which) { /* (((pw t + 1 - t) sigmoid(x) - pw t) or (sigmoid(x) - t)) g w / n */
        tc_tensor *s = tc_unary(TC_UOP_SIGMOID, x, err);
        if (c->pw) {
            tc_tensor *pt = tc_binary(TC_OP_MUL, c->pw, t, err);
            tc_tensor *k = then(TC_OP_SUB, then_s(TC_OP_ADD, pt ? tc_tensor_ref(pt) : NULL, inum(1), err), t, err);
            r = then(TC_OP_SUB, then(TC_OP_MUL, k, s, err), pt, err);
            tc_tensor_unref(pt);
        } else {
            r = then(TC_OP_SUB, s ? tc_tensor_ref(s) : NULL, t, err);
        }
        tc_tensor_unref(s);
    } else if (c->pw) { /* (log_sigmoid(-x) - log_sigmoid(x) pw) g w / n */
        tc_tensor *nx = tc_unary(TC_UOP_NEG, x, err);
        tc_tensor *a = nx ? tc_unary(TC_UOP_LOG_SIGMOID, nx, err) : NULL;
        tc_tensor *b = then(TC_OP_MUL, tc_unary(TC_UOP_LOG_SIGMOID, x, err), c->pw, err);
        r = then(TC_OP_SUB, a, b, err);
        tc_tensor_unref(nx);
        tc_tensor_unref(b);
    } else { /* -x g w / n */
        r = tc_unary(TC_UOP_NEG, x, err);
    }
    r = then(TC_OP_MUL, r, g, err);
    if (c->w) r = then(TC_OP_MUL, r, c->w, err);
    if (c->reduction == TC_LOSS_MEAN) r = then_s(TC_OP_DIV, r, inum(n), err);
    return r;
}

static int ploss_backward(void *ctx, tc_tensor *g, int nin, tc_tensor **grads, tc_error *err) {
    const ploss_ctx *c = ctx;
    for (int i = 0; i < nin; i++) grads[i] = NULL;
    tc_tensor *ins[2] = {c->x, c->t};
    for (int i = 0; i < 2; i++) {
        if (!ins[i]->requires_grad) continue;
        tc_tensor *r = tc_grad_enabled() ? NULL : ploss_grad_fused(c, g, i, err);
        if (!r && !tc_error_is_set(err)) r = ploss_grad_ops(c, g, i, err);
        if (r && (r->ndim != ins[i]->ndim || memcmp(r->shape, ins[i]->shape, sizeof(int64_t) * (size_t)r->ndim))) {
            tc_tensor *s = tc__sum_to(r, ins[i]->shape, ins[i]->ndim, err);
            tc_tensor_unref(r);
            r = s;
        }
        if (!r) {
            for (int j = 0; j < nin; j++) {
                tc_tensor_unref(grads[j]);
                grads[j] = NULL;
            }
            return -1;
        }
        grads[i] = r;
    }
    return 0;
}

/* Attach the loss's node to out (consumed on failure, as c is). */
static tc_tensor *ploss_record(tc_tensor *out, const char *name, ploss_kind kind, int reduction, tc_tensor *x,
                               tc_tensor *t, tc_tensor *w, tc_tensor *pw, tc_error *err) {
    if (!out || !tc_grad_enabled() || !(x->requires_grad || t->requires_grad)) return out;
    ploss_ctx *c = tc_calloc(1, sizeof *c);
    if (!c) {
        tc_tensor_unref(out);
        tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
        return NULL;
    }
    *c = (ploss_ctx){kind, reduction, tc_tensor_ref(x), tc_tensor_ref(t), w ? tc_tensor_ref(w) : NULL,
                     pw ? tc_tensor_ref(pw) : NULL};
    tc_tensor *ins[2] = {x, t};
    if (tc_grad_record_custom(out, name, ins, 2, ploss_backward, c, ploss_ctx_free, err)) {
        ploss_ctx_free(c);
        tc_tensor_unref(out);
        return NULL;
    }
    return out;
}

static int reduction_check(int reduction, tc_error *err) {
    if (reduction < TC_LOSS_NONE || reduction > TC_LOSS_SUM)
        return tc_error_set(err, TC_EXC_VALUE, "%d is not a valid value for reduction", reduction);
    return 0;
}

/* mse_loss reduced to one value in one pass (the squares summed as they are made), or NULL with
 * no error set where the operands do not allow it. */
static tc_tensor *mse_reduced_fused(tc_tensor *x, tc_tensor *t, int reduction, tc_error *err) {
    if (reduction == TC_LOSS_NONE || !fusable(x, t) || tc_numel(x) == 0) return NULL;
    tc_tensor *l = tc_empty(NULL, 0, x->dtype, x->device, err);
    if (l && tc__cpu_sum_sqdiff(tc_data_ptr(x), tc_data_ptr(t), x->dtype == TC_DTYPE_F64, tc_numel(x),
                                reduction == TC_LOSS_MEAN, tc_data_ptr(l))) {
        tc_tensor_unref(l);
        return NULL;
    }
    return l;
}

tc_tensor *tc_mse_loss(tc_tensor *input, tc_tensor *target, int reduction, tc_error *err) {
    if (reduction_check(reduction, err)) return NULL;
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *l = mse_reduced_fused(input, target, reduction, err);
    if (!l && !tc_error_is_set(err)) {
        tc_tensor *d = tc_binary(TC_OP_SUB, input, target, err);
        l = d ? tc_binary(TC_OP_MUL, d, d, err) : NULL;
        tc_tensor_unref(d);
        l = reduce_loss(l, reduction, err);
    }
    tc_set_grad_enabled(was);
    return ploss_record(l, "MseLossBackward0", PLOSS_MSE, reduction, input, target, NULL, NULL, err);
}

tc_tensor *tc_bce_with_logits(tc_tensor *input, tc_tensor *target, tc_tensor *weight, tc_tensor *pos_weight,
                              int reduction, tc_error *err) {
    if (reduction_check(reduction, err)) return NULL;
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *l = weight || pos_weight ? NULL : bce_logits_fused(input, target, err);
    if (l || tc_error_is_set(err)) {
        l = reduce_loss(l, reduction, err);
        tc_set_grad_enabled(was);
        return ploss_record(l, "BinaryCrossEntropyWithLogitsBackward0", PLOSS_BCE_LOGITS, reduction, input,
                            target, NULL, NULL, err);
    }
    tc_tensor *ls = tc_unary(TC_UOP_LOG_SIGMOID, input, err);
    if (pos_weight && ls) {
        tc_tensor *lw = tc_binary_scalar(TC_OP_SUB, pos_weight, inum(1), err);
        lw = then_s(TC_OP_ADD, then(TC_OP_MUL, lw, target, err), inum(1), err);
        ls = then(TC_OP_MUL, ls, lw, err);
        tc_tensor_unref(lw);
    }
    l = ls ? tc_rbinary_scalar(TC_OP_SUB, inum(1), target, err) : NULL;
    l = then(TC_OP_SUB, then(TC_OP_MUL, l, input, err), ls, err);
    tc_tensor_unref(ls);
    if (weight) l = then(TC_OP_MUL, l, weight, err);
    l = reduce_loss(l, reduction, err);
    tc_set_grad_enabled(was);
    return ploss_record(l, "BinaryCrossEntropyWithLogitsBackward0", PLOSS_BCE_LOGITS, reduction, input, target,
                        weight, pos_weight, err);
}

tc_tensor *tc_binary_cross_entropy(tc_tensor *input, tc_tensor *target, tc_tensor *weight, int reduction,
                                   tc_error *err) {
    if (reduction_check(reduction, err)) return NULL;
    if (input->device.type != TC_DEVICE_CPU || target->device.type != TC_DEVICE_CPU ||
        (input->dtype != TC_DTYPE_F32 && input->dtype != TC_DTYPE_F64) || target->dtype != input->dtype ||
        input->ndim != target->ndim || memcmp(input->shape, target->shape, sizeof(int64_t) * (size_t)input->ndim)) {
        tc_error_set(err, TC_EXC_VALUE,
                     "binary_cross_entropy: CPU float32/float64 input and target of one shape and dtype");
        return NULL;
    }
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *x = tc_contiguous(input, err), *t = x ? tc_contiguous(target, err) : NULL;
    tc_tensor *l = t ? tc_empty(input->shape, input->ndim, input->dtype, input->device, err) : NULL;
    if (l && bce_forward(l, x, t, err)) {
        tc_tensor_unref(l);
        l = NULL;
    }
    if (l && weight) l = then(TC_OP_MUL, l, weight, err);
    l = reduce_loss(l, reduction, err);
    tc_set_grad_enabled(was);
    /* the node keeps the contiguous copies, whose gradients reach the caller's tensors */
    if (l && tc_grad_enabled() && (input->requires_grad || target->requires_grad)) {
        tc_tensor *cx = x, *ct = t;
        x = tc_tensor_ref(input);
        t = tc_tensor_ref(target);
        tc_tensor_unref(cx);
        tc_tensor_unref(ct);
    }
    l = ploss_record(l, "BinaryCrossEntropyBackward0", PLOSS_BCE, reduction, x, t, weight, NULL, err);
    tc_tensor_unref(x);
    tc_tensor_unref(t);
    return l;
}
