/*
 * The piecewise activations of torch.nn.functional (leaky_relu, hardtanh and relu6,
 * hardsigmoid, hardswish, threshold) as one fused pass over CPU float tensors with PyTorch's
 * autograd nodes, and the fused gradients of simple form (theirs; tanh's, sigmoid's and
 * relu's) that the engine takes where it records no graph. The kernels are cpu-vmath.c's
 * tc__pact loops.
 */
#include "autograd.h"
#include "cpu-iter.h"
#include "cpu-loops.h"
#include "tc-impl.h"

static const char *const node_names[] = {
    [TC_ACT_LEAKY_RELU] = "LeakyReluBackward0",
    [TC_ACT_HARDTANH] = "HardtanhBackward0",
    [TC_ACT_HARDSIGMOID] = "HardsigmoidBackward0",
    [TC_ACT_HARDSWISH] = "HardswishBackward0",
    [TC_ACT_THRESHOLD] = "ThresholdBackward0",
};

static bool cpu_float(const tc_tensor *t) {
    return t->layout == TC_LAYOUT_STRIDED && t->device.type == TC_DEVICE_CPU &&
           (t->dtype == TC_DTYPE_F32 || t->dtype == TC_DTYPE_F64);
}

/* ts[0] = kind's activation of ts[1] (n 2) or its gradient from g = ts[1] at ts[2] (n 3):
 * CPU float tensors of one shape and dtype */
static int run(int kind, double p0, double p1, tc_tensor *const *ts, int n, tc_error *err) {
    if (!tc_numel(ts[0])) return 0;
    tc__pact c = {kind, p0, p1};
    tc_kview kv[3];
    const tc_kview *v[3];
    for (int i = 0; i < n; i++) {
        tc__kview(ts[i], &kv[i]);
        v[i] = &kv[i];
    }
    tc__iter it;
    tc__iter_init(&it, v, n);
    bool f64 = ts[0]->dtype == TC_DTYPE_F64;
    tc__loop_fn f = n == 2 ? (f64 ? tc__pact_f64_loop : tc__pact_f32_loop)
                           : (f64 ? tc__pact_grad_f64_loop : tc__pact_grad_f32_loop);
    return tc__iter_run(&it, f, &c, err);
}

/* In place with a history: the node records on a copy of the old values, and x takes it */
static int act_inplace_graph(tc_act k, tc_tensor *x, double p0, double p1, tc_error *err) {
    tc_set_grad_enabled(false);
    tc_tensor *old = tc_clone(x, err);
    tc_set_grad_enabled(true);
    if (!old || tc__history_move(x, old, err)) {
        tc_tensor_unref(old);
        return -1;
    }
    tc_tensor *r = tc_activation(k, old, p0, p1, false, err);
    int rc = -1;
    if (r) {
        tc_set_grad_enabled(false);
        rc = tc_copy_(x, r, err);
        tc_set_grad_enabled(true);
    }
    if (rc == 0 && r->grad_fn) {
        tc__history_adopt(x, r);
        tc__history_link(x, old);
        if (k == TC_ACT_LEAKY_RELU) { /* PyTorch's in-place node, whose gradient reads the result */
            x->grad_fn->name = "LeakyReluBackward1";
            x->grad_fn->args.b = 1;
        }
        if (k == TC_ACT_THRESHOLD) x->grad_fn->name = "ThresholdBackward1";
    } else if (rc != 0) {
        tc__history_restore(x, old); /* the history stays as it was */
    }
    tc_tensor_unref(r);
    tc_tensor_unref(old);
    return rc;
}

tc_tensor *tc_activation(tc_act k, tc_tensor *x, double p0, double p1, bool inplace, tc_error *err) {
    if (!cpu_float(x) || (unsigned)k > TC_ACT_THRESHOLD) return NULL;
    if (inplace) {
        if (tc_check_inplace(x, err) || tc__check_overlap(x, NULL, err)) return NULL;
        tc_tensor_bump_version(x);
        int rc = tc_grad_enabled() && x->grad_fn ? act_inplace_graph(k, x, p0, p1, err)
                                                 : run((int)k, p0, p1, (tc_tensor *[]){x, x}, 2, err);
        return rc ? NULL : tc_tensor_ref(x);
    }
    tc_tensor *out = tc__tensor_new_like(x->shape, x->ndim, x->dtype, x->device, &x, 1, err);
    if (!out) return NULL;
    if (run((int)k, p0, p1, (tc_tensor *[]){out, x}, 2, err)) {
        tc_tensor_unref(out);
        return NULL;
    }
    if (tc__needs_grad(x, NULL)) {
        tc__gargs ga = {0};
        ga.a = k;
        ga.lo = p0;
        ga.hi = p1;
        if (tc__grad_record(out, node_names[k], TC_G_ACT, x, NULL, NULL, &ga, err)) {
            tc_tensor_unref(out);
            return NULL;
        }
    }
    return out;
}

tc_tensor *tc__pact_backward(int kind, double p0, double p1, tc_tensor *x, tc_tensor *g, tc_error *err) {
    if (!cpu_float(x) || !cpu_float(g) || g->dtype != x->dtype || g->ndim != x->ndim ||
        memcmp(g->shape, x->shape, sizeof(int64_t) * (size_t)x->ndim))
        return NULL;
    tc_tensor *r = tc__tensor_new_like(x->shape, x->ndim, x->dtype, x->device, (tc_tensor *[]){g, x}, 2, err);
    if (r && run(kind, p0, p1, (tc_tensor *[]){r, g, x}, 3, err)) {
        tc_tensor_unref(r);
        r = NULL;
    }
    return r;
}

/* ---- the gradient from recording ops (create_graph), as ATen's formulas ------------------- */

static tc_scalar num(double v) { return (tc_scalar){.kind = TC_SCALAR_FLOAT, .v.f = v}; }
static tc_tensor *cmp_s(tc_binary_op op, tc_tensor *x, double v, tc_error *e) {
    return x ? tc_binary_scalar(op, x, num(v), e) : NULL;
}
static tc_tensor *both(tc_tensor *a, tc_tensor *b, tc_error *e) {
    return a && b ? tc_binary(TC_OP_LOGICAL_AND, a, b, e) : NULL;
}
static tc_tensor *pick(tc_tensor *c, tc_tensor *a, tc_tensor *b, tc_error *e) {
    return c && a && b ? tc_where(c, a, b, e) : NULL;
}

static tc_tensor *act_grad_ops(tc_act k, double p0, double p1, tc_tensor *x, tc_tensor *g, tc_error *e) {
    tc_tensor *z = tc_zeros(NULL, 0, g->dtype, g->device, e), *c = NULL, *c2 = NULL, *t = NULL,
              *t2 = NULL, *r = NULL;
    switch (k) {
    case TC_ACT_LEAKY_RELU: /* x > 0 ? g : g * slope */
        c = cmp_s(TC_OP_GT, x, 0, e);
        t = c ? tc_binary_scalar(TC_OP_MUL, g, num(p0), e) : NULL;
        r = pick(c, g, t, e);
        break;
    case TC_ACT_HARDTANH: /* lo < x < hi ? g : 0 */
        c = both(c2 = cmp_s(TC_OP_GT, x, p0, e), t = cmp_s(TC_OP_LT, x, p1, e), e);
        r = pick(c, g, z, e);
        break;
    case TC_ACT_HARDSIGMOID: /* -3 < x < 3 ? g / 6 : 0 */
        c = both(t2 = cmp_s(TC_OP_GT, x, -3, e), t = cmp_s(TC_OP_LT, x, 3, e), e);
        tc_tensor_unref(t);
        t = c ? tc_binary_scalar(TC_OP_MUL, g, num((double)(1.0f / 6.0f)), e) : NULL;
        r = pick(c, t, z, e);
        break;
    case TC_ACT_THRESHOLD: /* x <= threshold ? 0 : g */
        c = cmp_s(TC_OP_LE, x, p0, e);
        r = pick(c, z, g, e);
        break;
    default: /* hardswish: x <= -3 ? 0 : x < 3 ? g (x / 3 + 1/2) : g */
        c = cmp_s(TC_OP_LE, x, -3, e);
        c2 = cmp_s(TC_OP_LT, x, 3, e);
        t = cmp_s(TC_OP_DIV, x, 3, e);
        t2 = t ? tc_binary_scalar(TC_OP_ADD, t, num(0.5), e) : NULL;
        tc_tensor_unref(t);
        t = t2 ? tc_binary(TC_OP_MUL, g, t2, e) : NULL;
        tc_tensor_unref(t2);
        t2 = pick(c2, t, g, e);
        r = pick(c, z, t2, e);
    }
    tc_tensor *drop[] = {z, c, c2, t, t2};
    for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
        if (drop[i] != r) tc_tensor_unref(drop[i]);
    return r;
}

tc_tensor *tc__act_grad(const tc__gargs *a, tc_tensor *x, tc_tensor *g, bool record, tc_error *err) {
    tc_act k = (tc_act)a->a;
    if (k == TC_ACT_LEAKY_RELU && a->b && a->lo < 0) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "In-place leakyReLu backward calculation is triggered with a negative slope which "
                     "is not supported. This is caused by calling in-place forward function with a "
                     "negative slope, please call out-of-place version instead. File an issue at "
                     "https://github.com/pytorch/pytorch if you do require supporting in-place leakRelu "
                     "backward calculation with negative slope");
        return NULL;
    }
    tc_tensor *r = record ? NULL : tc__pact_backward((int)k, a->lo, a->hi, x, g, err);
    if (r || tc_error_is_set(err)) return r;
    static const char *const names[] = {
        [TC_ACT_LEAKY_RELU] = "LeakyReluBackwardBackward0", [TC_ACT_HARDTANH] = "HardtanhBackwardBackward0",
        [TC_ACT_HARDSIGMOID] = "HardsigmoidBackwardBackward0", [TC_ACT_HARDSWISH] = "HardswishBackwardBackward0",
        [TC_ACT_THRESHOLD] = "ThresholdBackwardBackward0"};
    r = act_grad_ops(k, a->lo, a->hi, x, g, err);
    if (r && record && x->requires_grad && !r->requires_grad &&
        tc__grad_record(r, names[k], TC_G_ZEROGRAD, x, NULL, NULL, NULL, err)) {
        /* PyTorch's gradient depends on x (with a zero derivative) even for a constant g */
        tc_tensor_unref(r);
        return NULL;
    }
    if (r && r->grad_fn) r->grad_fn->name = names[k];
    return r;
}
