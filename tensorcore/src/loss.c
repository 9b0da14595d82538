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

#include "autograd.h"

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
