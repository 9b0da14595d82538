/*
 * Autograd tests: grad_fn names as PyTorch prints them, backward through elementwise ops,
 * sum/mean, matmul and broadcasting, accumulation over two backward calls, no_grad, and
 * PyTorch's errors; autograd.grad, create_graph (double backward) and gradient hooks.
 */
#include "tc-test.h"

static tc_scalar F(double v) { tc_scalar s = {.kind = TC_SCALAR_FLOAT, .v.f = v}; return s; }

static bool name_is(tc_tensor *t, const char *want) {
    const char *n = t ? tc_grad_fn_name(t) : NULL;
    bool ok = n && strcmp(n, want) == 0;
    if (!ok) fprintf(stderr, "grad_fn %s, want %s\n", n ? n : "(none)", want);
    tc_tensor_unref(t);
    return ok;
}

static void names(tc_tensor *x, tc_tensor *m) {
    tc_error err = {0};
    CHECK(name_is(tc_binary(TC_OP_ADD, x, x, &err), "AddBackward0"));
    CHECK(name_is(tc_binary_scalar(TC_OP_SUB, x, F(1), &err), "SubBackward0"));
    CHECK(name_is(tc_rbinary_scalar(TC_OP_SUB, F(1), x, &err), "RsubBackward1"));
    CHECK(name_is(tc_binary_scalar(TC_OP_MUL, x, F(2), &err), "MulBackward0"));
    CHECK(name_is(tc_binary_scalar(TC_OP_DIV, x, F(2), &err), "DivBackward0"));
    CHECK(name_is(tc_binary_scalar(TC_OP_POW, x, F(2), &err), "PowBackward0"));
    CHECK(name_is(tc_binary(TC_OP_POW, x, x, &err), "PowBackward1"));
    CHECK(name_is(tc_unary(TC_UOP_EXP, x, &err), "ExpBackward0"));
    CHECK(name_is(tc_unary(TC_UOP_NEG, x, &err), "NegBackward0"));
    CHECK(name_is(tc_unary(TC_UOP_RELU, x, &err), "ReluBackward0"));
    CHECK(name_is(tc_unary(TC_UOP_TANH, x, &err), "TanhBackward0"));
    CHECK(name_is(tc_binary(TC_OP_HYPOT, x, x, &err), "HypotBackward0"));
    CHECK(name_is(tc_unary(TC_UOP_FLOOR, x, &err), "FloorBackward0"));
    CHECK(name_is(tc_unary(TC_UOP_SQUARE, x, &err), "PowBackward0"));
    CHECK(name_is(tc_reduce(TC_RED_SUM, x, NULL, 0, false, &err), "SumBackward0"));
    CHECK(name_is(tc_reduce(TC_RED_SUM, m, (int[]){0}, 1, false, &err), "SumBackward1"));
    CHECK(name_is(tc_reduce(TC_RED_MEAN, x, NULL, 0, false, &err), "MeanBackward0"));
    CHECK(name_is(tc_reduce(TC_RED_MEAN, m, (int[]){1}, 1, false, &err), "MeanBackward1"));
    CHECK(name_is(tc_matmul(x, x, &err), "DotBackward0"));
    CHECK(name_is(tc_matmul(m, x, &err), "MvBackward0"));
    CHECK(name_is(tc_view(x, (int64_t[]){3, 1}, 2, &err), "ViewBackward0"));
    CHECK(name_is(tc_t(m, &err), "TBackward0"));
    /* a name given at run time: the node keeps its own copy (the caller's buffer may go) */
    char given[32];
    snprintf(given, sizeof given, "%s", "NativeGroupNormBackward0");
    tc_tensor *renamed = tc_binary_scalar(TC_OP_MUL, x, F(3), &err);
    CHECK(tc_grad_fn_rename_copy(renamed, given, &err) == 0);
    CHECK(tc_grad_fn_rename_copy(renamed, "SomeOpBackward0", &err) == 0); /* the first freed */
    memset(given, 0, sizeof given);
    CHECK(name_is(renamed, "SomeOpBackward0"));
    tc_tensor *leaf = tt_f32((float[]){1, 2, 3}, (int64_t[]){3}, 1);
    CHECK(tc_grad_fn_rename_copy(leaf, "AnyBackward0", &err) == 0 && tc_grad_fn_name(leaf) == NULL);
    tc_tensor_unref(leaf);
    CHECK(name_is(tc_unsqueeze(x, 0, &err), "UnsqueezeBackward0"));
    CHECK(name_is(tc_clone(x, &err), "CloneBackward0"));
    CHECK(name_is(tc_to(x, TC_DTYPE_F64, tc_device_cpu(), NULL, &err), "ToCopyBackward0"));
    CHECK(name_is(tc_clamp(x, (double[]){0}, NULL, &err), "ClampBackward1"));
    CHECK(name_is(tc_expand(x, (int64_t[]){2, 3}, 2, &err), "ExpandBackward0"));
    CHECK_OK(&err);
}

/* A hook that doubles the gradient and counts its calls. */
static int hook_calls;
static tc_tensor *double_hook(void *ctx, tc_tensor *g, tc_error *err) {
    (void)ctx;
    hook_calls++;
    return tc_binary_scalar(TC_OP_MUL, g, F(2), err);
}

static int ctx_freed;
static void count_free(void *ctx) { ctx_freed += ctx == &hook_calls; }

/* tc_autograd_grad, create_graph and hooks over y = sum(x^3) at x = [1, 2]. */
static void grad_api(void) {
    tc_error err = {0};
    float v[2] = {1, 2};
    tc_tensor *x = tt_f32(v, (int64_t[]){2}, 1), *u = tt_f32(v, (int64_t[]){2}, 1);
    CHECK(tc_set_requires_grad(x, true, &err) == 0 && tc_set_requires_grad(u, true, &err) == 0);
    tc_tensor *c = tc_binary_scalar(TC_OP_POW, x, F(3), &err);
    tc_tensor *y = tc_reduce(TC_RED_SUM, c, NULL, 0, false, &err);
    tc_tensor *res[2] = {NULL, NULL};
    /* first order, no .grad touched, graph kept */
    CHECK(tc_autograd_grad(&y, NULL, 1, &x, 1, true, false, false, res, &err) == 0);
    CHECK(tt_equals(res[0], (double[]){3, 12}, (int64_t[]){2}, 1) && !res[0]->requires_grad && !x->grad);
    tc_tensor_unref(res[0]);
    /* an unused input: an error unless allowed, then NULL */
    tc_tensor *both[2] = {x, u};
    CHECK(tc_autograd_grad(&y, NULL, 1, both, 2, true, false, false, res, &err) == -1 && !res[0] && !res[1]);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "The differentiated Tensor at index 1 appears to not have been used in the "
                                    "graph. Set allow_unused=True if this is the desired behavior.");
    CHECK(tc_autograd_grad(&y, NULL, 1, both, 2, true, false, true, res, &err) == 0 && res[0] && !res[1]);
    tc_tensor_unref(res[0]);
    /* create_graph: the gradient 3x^2 has a graph; its own gradient is 6x */
    CHECK(tc_autograd_grad(&y, NULL, 1, &x, 1, true, true, false, res, &err) == 0 && res[0]->requires_grad);
    tc_tensor *gs = tc_reduce(TC_RED_SUM, res[0], NULL, 0, false, &err);
    tc_tensor *res2[1] = {NULL};
    CHECK(tc_autograd_grad(&gs, NULL, 1, &x, 1, false, false, false, res2, &err) == 0);
    CHECK(tt_equals(res2[0], (double[]){6, 12}, (int64_t[]){2}, 1));
    tc_tensor_unref(res2[0]);
    tc_tensor_unref(gs);
    tc_tensor_unref(res[0]);
    /* a hook on the intermediate doubles what reaches x; removing it restores the plain grad */
    int id = tc_tensor_add_hook(c, double_hook, &hook_calls, count_free, &err);
    CHECK(id > 0);
    CHECK(tc_autograd_grad(&y, NULL, 1, &x, 1, true, false, false, res, &err) == 0 && hook_calls == 1);
    CHECK(tt_equals(res[0], (double[]){6, 24}, (int64_t[]){2}, 1));
    tc_tensor_unref(res[0]);
    tc_tensor_remove_hook(c, id);
    CHECK(ctx_freed == 1);
    CHECK(tc_tensor_add_hook(x, double_hook, &hook_calls, count_free, &err) > 0);
    /* backward over two outputs with inputs=[x]: 2 * (3x^2 + 3x^2) into x.grad only */
    tc_tensor *outs[2] = {y, y};
    CHECK(tc_autograd_backward(outs, NULL, 2, false, false, &x, 1, &err) == 0 && hook_calls == 2);
    CHECK(tt_equals(x->grad, (double[]){12, 48}, (int64_t[]){2}, 1) && !u->grad);
    CHECK(tc_autograd_backward(&y, NULL, 1, false, false, NULL, 0, &err) == -1);
    CHECK(strstr(err.msg, "Trying to backward through the graph a second time") == err.msg);
    tc_error_clear(&err);
    /* a tensor that does not require grad takes no hook */
    tc_tensor *plain = tt_f32(v, (int64_t[]){2}, 1);
    CHECK(tc_tensor_add_hook(plain, double_hook, NULL, NULL, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "cannot register a hook on a tensor that doesn't require gradient");
    tc_tensor *all[] = {x, u, c, y, plain};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
    CHECK(ctx_freed == 2); /* x's hook went with x */
}

static int cycle_freed;
static void note_free(void *ctx) { (void)ctx; cycle_freed++; }
static tc_tensor *pass_hook(void *ctx, tc_tensor *g, tc_error *err) {
    (void)ctx, (void)err;
    return tc_tensor_ref(g);
}

/* backward(create_graph=True) makes x -> x.grad -> graph -> x: tc_autograd_collect frees
 * that cycle once nothing else holds x or its gradient, and leaves it alone until then. */
static void cycles(void) {
    tc_error err = {0};
    float v[2] = {1, 2};
    tc_tensor *x = tt_f32(v, (int64_t[]){2}, 1);
    CHECK(tc_set_requires_grad(x, true, &err) == 0);
    CHECK(tc_tensor_add_hook(x, pass_hook, NULL, note_free, &err) > 0); /* tells when x is freed */
    tc_tensor *c = tc_binary_scalar(TC_OP_POW, x, F(3), &err);
    tc_tensor *y = tc_reduce(TC_RED_SUM, c, NULL, 0, false, &err);
    CHECK(tc_autograd_backward(&y, NULL, 1, false, true, NULL, 0, &err) == 0 && x->grad && x->grad->grad_fn);
    tc_tensor_unref(y);
    tc_tensor_unref(c);
    CHECK(tc_autograd_collect() == 0 && x->grad); /* x is still held here */
    tc_tensor *g = tc_tensor_ref(x->grad);
    tc_tensor_unref(x);
    CHECK(tc_autograd_collect() == 0 && cycle_freed == 0); /* g's graph still needs x */
    CHECK(tt_equals(g, (double[]){3, 12}, (int64_t[]){2}, 1));
    tc_tensor_unref(g);
    CHECK(cycle_freed == 0); /* a cycle now: only the collector frees it */
    CHECK(tc_autograd_collect() == 1 && cycle_freed == 1);
    CHECK(tc_autograd_collect() == 0);
    /* .grad assigned a gradient with a history makes the same cycle */
    x = tt_f32(v, (int64_t[]){2}, 1);
    CHECK(tc_set_requires_grad(x, true, &err) == 0);
    CHECK(tc_tensor_add_hook(x, pass_hook, NULL, note_free, &err) > 0);
    g = tc_binary(TC_OP_MUL, x, x, &err);
    CHECK(tc_tensor_set_grad(x, g, &err) == 0);
    tc_tensor_unref(g);
    tc_tensor_unref(x);
    CHECK(tc_autograd_collect() == 1 && cycle_freed == 2);
    CHECK_OK(&err);
}

/* conv_transpose2d (stride 2, groups 2, a bias: the phases on a SIMD CPU), (y * y).sum() and
 * its backward to x, w and b; 0 or -1. */
static int conv_transpose_pipeline(tc_error *err) {
    int64_t sx[4] = {2, 8, 5, 5}, sw[4] = {8, 3, 3, 3}, sb[1] = {6};
    tc_tensor *x = tc_ones(sx, 4, TC_DTYPE_F32, tc_device_cpu(), err);
    tc_tensor *w = x ? tc_ones(sw, 4, TC_DTYPE_F32, tc_device_cpu(), err) : NULL;
    tc_tensor *b = w ? tc_ones(sb, 1, TC_DTYPE_F32, tc_device_cpu(), err) : NULL;
    int rc = b && tc_set_requires_grad(x, true, err) == 0 && tc_set_requires_grad(w, true, err) == 0 &&
                     tc_set_requires_grad(b, true, err) == 0
                 ? 0
                 : -1;
    tc_conv_params p = {{2, 2}, {1, 1}, {0, 0}, {1, 1}, 2, {1, 1}};
    tc_tensor *y = rc == 0 ? tc_conv_transpose(x, w, b, 2, &p, err) : NULL;
    tc_tensor *yy = y ? tc_binary(TC_OP_MUL, y, y, err) : NULL;
    tc_tensor *s = yy ? tc_reduce(TC_RED_SUM, yy, NULL, 0, false, err) : NULL;
    rc = s ? tc_backward(s, err) : -1;
    if (rc == 0) {
        CHECK(y->shape[1] == 6 && y->shape[2] == 10 && y->shape[3] == 10);
        CHECK(strcmp(tc_grad_fn_name(y), "ConvolutionBackward0") == 0);
        CHECK(x->grad && w->grad && b->grad);
    }
    tc_tensor *all[] = {x, w, b, y, yy, s};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
    return rc;
}

/* conv_transpose: a stride-2 kernel of ones spreads each input over its own 2x2 block; every
 * allocation failing in turn gives an error and leaks nothing. */
static void conv_transpose(void) {
    tc_error err = {0};
    int64_t s22[4] = {1, 1, 2, 2};
    tc_tensor *x = tt_f32((float[]){1, 2, 3, 4}, s22, 4), *w = tc_ones(s22, 4, TC_DTYPE_F32, tc_device_cpu(), &err);
    tc_conv_params p = {{2, 2}, {0, 0}, {0, 0}, {1, 1}, 1, {0, 0}};
    tc_tensor *y = tc_conv_transpose(x, w, NULL, 2, &p, &err);
    CHECK(y && tt_equals(y, (double[]){1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, (int64_t[]){1, 1, 4, 4}, 4));
    tc_tensor_unref(y);
    p.output_padding[0] = 2; /* not below the stride nor the dilation */
    CHECK(tc_conv_transpose(x, w, NULL, 2, &p, &err) == NULL);
    CHECK_ERR(&err, TC_EXC_RUNTIME,
              "output padding must be smaller than either stride or dilation, but got output_padding_height: 2 "
              "output_padding_width: 0 stride_height: 2 stride_width: 2 dilation_height: 1 dilation_width: 1");
    tc_tensor_unref(x);
    tc_tensor_unref(w);
    tc_storage_stats base, now;
    tc_storage_stats_get(&base);
    int64_t live = tc_alloc_live();
    int n = 1;
    for (; n < 2000; n++) {
        tc_error e = {0};
        tc_alloc_fail_after(n);
        int r = conv_transpose_pipeline(&e);
        tc_alloc_fail_after(0);
        tc_storage_stats_get(&now);
        CHECK(now.live_storages == base.live_storages && tc_alloc_live() == live);
        if (r == 0 && !tc_error_is_set(&e)) break;
        CHECK(tc_error_is_set(&e));
    }
    CHECK(n > 10 && n < 2000);
}

/* tc_activation: PyTorch's nodes and gradients (at the boundaries too), in place with a
 * history, and no kernel (NULL, no error) for the tensors it does not serve */
static void activations(void) {
    tc_error err = {0};
    tc_tensor *x = tt_f32((float[]){-4, -3, -1, 0, 0.5f, 3, 4}, (int64_t[]){7}, 1);
    CHECK(tc_set_requires_grad(x, true, &err) == 0);
    static const struct {
        tc_act k;
        double p0, p1;
        const char *node;
        double y[7], gi[7];
    } cases[] = {
        {TC_ACT_LEAKY_RELU, 0.25, 0, "LeakyReluBackward0", {-1, -0.75, -0.25, 0, 0.5, 3, 4}, {0.25, 0.25, 0.25, 0.25, 1, 1, 1}},
        {TC_ACT_HARDTANH, -1, 3, "HardtanhBackward0", {-1, -1, -1, 0, 0.5, 3, 3}, {0, 0, 0, 1, 1, 0, 0}},
        {TC_ACT_HARDSIGMOID, 0, 0, "HardsigmoidBackward0", {0, 0, 1 / 3.0, 0.5, 7 / 12.0, 1, 1},
         {0, 0, (float)(1.0f / 6.0f), (float)(1.0f / 6.0f), (float)(1.0f / 6.0f), 0, 0}},
        {TC_ACT_HARDSWISH, 0, 0, "HardswishBackward0", {0, 0, -1 / 3.0, 0, 7 / 24.0, 3, 4}, {0, 0, 1 / 6.0, 0.5, 2 / 3.0, 1, 1}},
        {TC_ACT_THRESHOLD, 0.5, -2, "ThresholdBackward0", {-2, -2, -2, -2, -2, 3, 4}, {0, 0, 0, 0, 0, 1, 1}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tc_tensor *y = tc_activation(cases[i].k, x, cases[i].p0, cases[i].p1, false, &err);
        CHECK(y && !strcmp(tc_grad_fn_name(y), cases[i].node));
        tc_tensor *s = y ? tc_reduce(TC_RED_SUM, y, NULL, 0, false, &err) : NULL;
        CHECK(s && tc_backward(s, &err) == 0);
        for (int j = 0; y && x->grad && j < 7; j++)
            CHECK(fabs(tt_at(y, j) - cases[i].y[j]) < 1e-6 && fabs(tt_at(x->grad, j) - cases[i].gi[j]) < 1e-6);
        tc_tensor_unref(x->grad);
        x->grad = NULL;
        tc_tensor_unref(s);
        tc_tensor_unref(y);
    }
    /* in place on a non-leaf: LeakyReluBackward1, the same tensor back */
    tc_tensor *c = tc_binary_scalar(TC_OP_MUL, x, F(1), &err);
    tc_tensor *r = c ? tc_activation(TC_ACT_LEAKY_RELU, c, 0.5, 0, true, &err) : NULL;
    CHECK(r == c && !strcmp(tc_grad_fn_name(c), "LeakyReluBackward1") && tt_at(c, 0) == -2);
    tc_tensor *s = r ? tc_reduce(TC_RED_SUM, r, NULL, 0, false, &err) : NULL;
    CHECK(s && tc_backward(s, &err) == 0 && x->grad && tt_at(x->grad, 0) == 0.5 && tt_at(x->grad, 6) == 1);
    tc_tensor_unref(x->grad);
    x->grad = NULL;
    tc_tensor_unref(s);
    tc_tensor_unref(r);
    tc_tensor_unref(c);
    /* with a negative slope in place, PyTorch refuses the backward */
    c = tc_binary_scalar(TC_OP_MUL, x, F(1), &err);
    r = c ? tc_activation(TC_ACT_LEAKY_RELU, c, -0.5, 0, true, &err) : NULL;
    s = r ? tc_reduce(TC_RED_SUM, r, NULL, 0, false, &err) : NULL;
    CHECK(s && tc_backward(s, &err) == -1 && err.type == TC_EXC_RUNTIME);
    tc_error_clear(&err);
    tc_tensor_unref(s);
    tc_tensor_unref(r);
    tc_tensor_unref(c);
    /* a leaf that requires grad cannot change in place; integers are not served */
    CHECK(tc_activation(TC_ACT_HARDSWISH, x, 0, 0, true, &err) == NULL && err.type == TC_EXC_RUNTIME);
    tc_error_clear(&err);
    tc_tensor *xi = tc_arange(-3, 3, 1, TC_DTYPE_I64, tc_device_cpu(), &err);
    CHECK(xi && tc_activation(TC_ACT_HARDTANH, xi, -1, 1, false, &err) == NULL && !tc_error_is_set(&err));
    tc_tensor_unref(xi);
    tc_tensor_unref(x);
    CHECK_OK(&err);
}

/* Version counters: views share one, in-place ops count, a node that read a value written
 * since fails the backward with PyTorch's text, and an edge recorded before an in-place
 * write keeps the history of that time. */
static void versions(void) {
    tc_error err = {0};
    float v[3] = {1, 2, 3};
    tc_tensor *x = tt_f32(v, (int64_t[]){3}, 1);
    CHECK(tc_set_requires_grad(x, true, &err) == 0);
    tc_tensor *y = tc_unary(TC_UOP_EXP, x, &err);
    tc_tensor *view = tc_slice(y, 0, 1, 3, 1, &err);
    CHECK(y && view && tc_tensor_version(y) == 0);
    tc_tensor_bump_version(view);
    CHECK(tc_tensor_version(y) == 1 && tc_tensor_version(view) == 1);
    tc_tensor *s = tc_reduce(TC_RED_SUM, y, NULL, 0, false, &err);
    CHECK(s && tc_backward(s, &err) == -1 && err.type == TC_EXC_RUNTIME &&
          strstr(err.msg, "[torch.FloatTensor [3]], which is output 0 of Exp, is at version 1; "
                          "expected version 0 instead.") != NULL);
    tc_error_clear(&err);
    /* z = a * 2 reads no value of a; a *= 3 afterwards: z's gradient takes a's old history */
    tc_tensor *a = tc_binary_scalar(TC_OP_MUL, x, F(1), &err);
    tc_tensor *z = a ? tc_binary_scalar(TC_OP_MUL, a, F(2), &err) : NULL;
    CHECK(z && tc_binary_scalar_(TC_OP_MUL, a, F(3), &err) == 0 && tc_tensor_version(a) == 1);
    tc_tensor *zs = tc_reduce(TC_RED_SUM, z, NULL, 0, false, &err);
    CHECK(zs && tc_backward(zs, &err) == 0);
    const float *g = x->grad ? tc_data_ptr(x->grad) : NULL;
    CHECK(g && g[0] == 2 && g[1] == 2 && g[2] == 2);
    tc_tensor *d = tc_detach(x, &err);
    CHECK(d && tc_tensor_version(d) == tc_tensor_version(x));
    tc_tensor_version_unshare(d);
    tc_tensor_bump_version(d);
    CHECK(tc_tensor_version(d) == 1 && tc_tensor_version(x) == 0);
    tc_tensor *all[] = {x, y, view, s, a, z, zs, d};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
}

int main(void) {
    tc_error err = {0};
    float xv[3] = {1, 2, 3};
    tc_tensor *x = tt_f32(xv, (int64_t[]){3}, 1);
    float mv[6] = {1, 2, 3, 4, 5, 6};
    tc_tensor *m = tt_f32(mv, (int64_t[]){2, 3}, 2);
    CHECK(tc_set_requires_grad(x, true, &err) == 0 && tc_set_requires_grad(m, true, &err) == 0);
    names(x, m);
    grad_api();
    versions();
    cycles();
    conv_transpose();
    activations();

    /* z = (x * x).sum(); dz/dx = 2x */
    tc_tensor *xx = tc_binary(TC_OP_MUL, x, x, &err);
    tc_tensor *z = tc_reduce(TC_RED_SUM, xx, NULL, 0, false, &err);
    CHECK(tc_backward_ex(z, NULL, true, &err) == 0 && tt_equals(x->grad, (double[]){2, 4, 6}, (int64_t[]){3}, 1));
    tc_tensor *first_grad = x->grad;
    CHECK(tc_backward(z, &err) == 0 && tt_equals(x->grad, (double[]){4, 8, 12}, (int64_t[]){3}, 1));
    CHECK(x->grad == first_grad); /* accumulated in place */
    CHECK(tc_backward(z, &err) == -1); /* saved values were released */
    CHECK_ERR(&err, TC_EXC_RUNTIME,
              "Trying to backward through the graph a second time (or directly access saved tensors after "
              "they have already been freed). Saved intermediate values of the graph are freed when you "
              "call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward "
              "through the graph a second time or if you need to access saved tensors after calling backward.");
    /* a graph without saved values may run twice; an explicit gradient for a vector output */
    tc_tensor_unref(x->grad); x->grad = NULL;
    tc_tensor *x1 = tc_binary_scalar(TC_OP_ADD, x, F(1), &err);
    CHECK(tc_backward_ex(x1, xx, false, &err) == 0 && tc_backward_ex(x1, xx, false, &err) == 0);
    CHECK(tt_equals(x->grad, (double[]){2, 8, 18}, (int64_t[]){3}, 1));
    CHECK(tc_backward_ex(x1, z, false, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME,
              "Mismatch in shape: grad_output[0] has a shape of torch.Size([]) and output[0] has a shape of "
              "torch.Size([3]).");
    tc_tensor_unref(x1);
    tc_tensor_unref(x->grad); x->grad = NULL;

    /* hypot(x, 2x + 1).sum(): d/dx of each term is (x + 2 (2x + 1)) / out, 2x + 1 being
     * the second operand's own path */
    tc_tensor *y2 = tc_binary_scalar(TC_OP_MUL, x, F(2), &err);
    tc_tensor *y21 = y2 ? tc_binary_scalar(TC_OP_ADD, y2, F(1), &err) : NULL;
    tc_tensor *hy = y21 ? tc_binary(TC_OP_HYPOT, x, y21, &err) : NULL;
    tc_tensor *hs = hy ? tc_reduce(TC_RED_SUM, hy, NULL, 0, false, &err) : NULL;
    CHECK(hs && tc_backward(hs, &err) == 0);
    double hw[3];
    for (int i = 0; i < 3; i++) {
        double xi = xv[i], yi = 2 * xi + 1;
        hw[i] = (xi + 2 * yi) / sqrt(xi * xi + yi * yi);
    }
    CHECK(x->grad && fabs(tt_at(x->grad, 0) - hw[0]) < 1e-6 && fabs(tt_at(x->grad, 2) - hw[2]) < 1e-6);
    tc_tensor_unref(x->grad); x->grad = NULL;
    tc_tensor_unref(y2);
    tc_tensor_unref(y21);
    tc_tensor_unref(hy);
    tc_tensor_unref(hs);

    /* broadcast: (m + x).mean() → dm = 1/6, dx = 2/6 */
    tc_tensor *s = tc_binary(TC_OP_ADD, m, x, &err);
    tc_tensor *mean = tc_reduce(TC_RED_MEAN, s, NULL, 0, false, &err);
    CHECK(tc_backward(mean, &err) == 0);
    CHECK(tt_equals(x->grad, (double[]){1.0 / 3, 1.0 / 3, 1.0 / 3}, (int64_t[]){3}, 1));
    CHECK(m->grad && fabs(tt_at(m->grad, 5) - 1.0 / 6) < 1e-6);
    tc_tensor_unref(x->grad); x->grad = NULL;
    tc_tensor_unref(m->grad); m->grad = NULL;

    /* (m @ m.t()).sum(): dm = 2 * ones(2,2) @ m = column sums twice */
    tc_tensor *mt = tc_t(m, &err);
    tc_tensor *mm = tc_matmul(m, mt, &err);
    tc_tensor *ms = tc_reduce(TC_RED_SUM, mm, NULL, 0, false, &err);
    CHECK(tc_backward(ms, &err) == 0 && tt_equals(m->grad, (double[]){10, 14, 18, 10, 14, 18}, (int64_t[]){2, 3}, 2));

    /* chain through exp/log/sigmoid/tanh/sqrt/div/pow */
    tc_tensor *e = tc_unary(TC_UOP_EXP, x, &err);
    tc_tensor *l = tc_unary(TC_UOP_LOG, e, &err); /* l == x: grad 1 */
    tc_tensor *p = tc_binary_scalar(TC_OP_POW, l, F(3), &err);
    tc_tensor *d = tc_binary_scalar(TC_OP_DIV, p, F(3), &err);
    tc_tensor *ds = tc_reduce(TC_RED_SUM, d, NULL, 0, false, &err);
    CHECK(tc_backward(ds, &err) == 0 && tt_equals(x->grad, (double[]){1, 4, 9}, (int64_t[]){3}, 1));

    /* in place on a graph tensor: history continues through the op */
    tc_tensor_unref(x->grad); x->grad = NULL;
    tc_tensor *y = tc_binary_scalar(TC_OP_MUL, x, F(2), &err);
    CHECK(tc_binary_scalar_(TC_OP_MUL, y, F(3), &err) == 0 && name_is(tc_tensor_ref(y), "MulBackward0"));
    CHECK(tc_unary_(TC_UOP_EXP, y, &err) == 0 && name_is(tc_tensor_ref(y), "ExpBackward0"));
    tc_tensor *ys = tc_reduce(TC_RED_SUM, y, NULL, 0, false, &err);
    CHECK(tc_backward(ys, &err) == 0 && x->grad && fabs(tt_at(x->grad, 0) - 6 * exp(6.0)) < 1e-2);
    tc_tensor_unref(y); tc_tensor_unref(ys);

    /* indexing and batched matmul */
    tc_tensor_unref(m->grad); m->grad = NULL;
    int64_t iv[3] = {1, 1, -2};
    tc_tensor *idx = tt_i64(iv, (int64_t[]){3}, 1);
    tc_tensor *rows = tc_index_select0(m, idx, &err);
    CHECK(name_is(tc_tensor_ref(rows), "IndexBackward0"));
    tc_tensor *rs = tc_reduce(TC_RED_SUM, rows, NULL, 0, false, &err);
    CHECK(tc_backward(rs, &err) == 0 && tt_equals(m->grad, (double[]){1, 1, 1, 2, 2, 2}, (int64_t[]){2, 3}, 2));
    CHECK(tt_at(idx, 2) == -2); /* the caller's index is untouched */
    tc_tensor_unref(m->grad); m->grad = NULL;
    tc_tensor *mask = tc_binary_scalar(TC_OP_GT, m, F(3.5), &err);
    tc_tensor *picked = tc_index_mask(m, mask, &err);
    tc_tensor *ps = tc_reduce(TC_RED_SUM, picked, NULL, 0, false, &err);
    CHECK(tc_backward(ps, &err) == 0 && tt_equals(m->grad, (double[]){0, 0, 0, 1, 1, 1}, (int64_t[]){2, 3}, 2));
    tc_tensor_unref(m->grad); m->grad = NULL;
    tc_tensor *stk = tc_stack((tc_tensor *[]){m, m}, 2, 0, &err);
    tc_tensor *bm = tc_matmul(stk, mt, &err); /* [2,2,3] @ [3,2] */
    tc_tensor *bs = tc_reduce(TC_RED_SUM, bm, NULL, 0, false, &err);
    CHECK(tc_backward(bs, &err) == 0 && tt_equals(m->grad, (double[]){20, 28, 36, 20, 28, 36}, (int64_t[]){2, 3}, 2));
    tc_tensor *more[] = {idx, rows, rs, mask, picked, ps, stk, bm, bs};
    for (size_t k = 0; k < sizeof more / sizeof more[0]; k++) tc_tensor_unref(more[k]);

    /* errors and no_grad */
    tc_tensor *plain = tc_ones((int64_t[]){3}, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    CHECK(tc_backward(plain, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "element 0 of tensors does not require grad and does not have a grad_fn");
    CHECK(tc_backward(xx, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "grad can be implicitly created only for scalar outputs");
    /* an explicit gradient's shape is checked before requires_grad, as _make_grads does */
    tc_tensor *g2 = tc_ones((int64_t[]){2}, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
    CHECK(tc_backward_ex(plain, g2, false, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and "
                                    "output[0] has a shape of torch.Size([3]).");
    CHECK(tc_backward_ex(plain, plain, false, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "element 0 of tensors does not require grad and does not have a grad_fn");
    tc_tensor_unref(g2);
    tc_tensor *li = tc_ones((int64_t[]){3}, 1, TC_DTYPE_I64, tc_device_cpu(), &err);
    CHECK(tc_set_requires_grad(li, true, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "only Tensors of floating point dtype can require gradients");
    CHECK(tc_binary_scalar_(TC_OP_ADD, x, F(1), &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "a leaf Variable that requires grad is being used in an in-place operation.");
    /* every in-place entry point refuses a leaf that requires grad, fill_ and copy_ too */
    const char *leaf_msg = "a leaf Variable that requires grad is being used in an in-place operation.";
    CHECK(tc_fill_(x, 0, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, leaf_msg);
    CHECK(tc_copy_(x, x, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, leaf_msg);
    CHECK(tc_unary_(TC_UOP_NEG, x, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, leaf_msg);
    CHECK(tc_check_inplace(x, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, leaf_msg);
    /* ... but not under no_grad, and not a detached alias */
    tc_set_grad_enabled(false);
    CHECK(tc_check_inplace(x, &err) == 0);
    tc_set_grad_enabled(true);
    /* t.grad = g with PyTorch's checks */
    {
        tc_tensor *g64 = tc_ones(x->shape, x->ndim, TC_DTYPE_F64, tc_device_cpu(), &err);
        tc_tensor *g4 = tc_ones((int64_t[]){4}, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
        tc_tensor *gok = tc_ones(x->shape, x->ndim, TC_DTYPE_F32, tc_device_cpu(), &err);
        tc_tensor *before = tc_tensor_grad(x) ? tc_tensor_ref(tc_tensor_grad(x)) : NULL;
        CHECK(tc_tensor_set_grad(x, g64, &err) == -1);
        CHECK_ERR(&err, TC_EXC_RUNTIME,
                  "attempting to assign a gradient with dtype 'double' to a tensor with grad_dtype 'Float'. "
                  "The gradient must match the tensor's grad_dtype (defaults to the tensor's dtype). You can "
                  "set the tensor's grad_dtype attribute with a specific dtype, or None to allow any dtype. "
                  "Set grad_dtype with caution. Diverging the dtypes of a tensor and its gradient may break "
                  "downstream systems that assume they match.");
        CHECK(tc_tensor_grad(x) == before);
        CHECK(tc_tensor_set_grad(x, g4, &err) == -1);
        char want[256];
        snprintf(want, sizeof want,
                 "attempting to assign a gradient of size '[4]' to a tensor of size '[%lld]'. Please ensure "
                 "that the gradient and the tensor are the same size",
                 (long long)x->shape[0]);
        CHECK(x->ndim == 1);
        CHECK_ERR(&err, TC_EXC_RUNTIME, want);
        CHECK(tc_tensor_set_grad(x, gok, &err) == 0 && tc_tensor_grad(x) == gok);
        CHECK(tc_tensor_set_grad(x, NULL, &err) == 0 && tc_tensor_grad(x) == NULL);
        CHECK(tc_tensor_set_grad(x, before, &err) == 0);
        tc_tensor_unref(before);
        tc_tensor_unref(g64);
        tc_tensor_unref(g4);
        tc_tensor_unref(gok);
    }
    tc_set_grad_enabled(false);
    tc_tensor *q = tc_binary_scalar(TC_OP_MUL, x, F(2), &err);
    CHECK(!q->requires_grad && tc_grad_fn_name(q) == NULL);
    tc_set_grad_enabled(true);
    tc_tensor *det = tc_detach(x, &err);
    CHECK(!det->requires_grad);
    tc_tensor *out;
    CHECK(tc_numpy_check(x, false, &out, &err) == -1);
    CHECK_ERR(&err, TC_EXC_RUNTIME, "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
    CHECK(tc_numpy_check(x, true, &out, &err) == 0 && !out->requires_grad);
    tc_tensor_unref(out);
    tc_tensor *all[] = {xx, z, s, mean, mt, mm, ms, e, l, p, d, ds, plain, li, q, det, x, m};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) tc_tensor_unref(all[k]);
    tc_storage_stats st;
    tc_storage_stats_get(&st);
    CHECK(st.live_storages == 0); /* graphs are freed with their outputs */
    return tt_finish("test-autograd");
}
