/*
 * The native ops behind torch.nn.functional's convolution, pooling, upsampling and nll_loss
 * (torch._conv, torch._conv_transpose, torch._max_pool2d, torch._avg_pool2d,
 * torch._adaptive_avg_pool2d, torch._upsample, torch._nll_loss) and normalization
 * (torch.native_layer_norm, torch.native_batch_norm). The Python layer
 * (py/torch__nn__functional.py) parses PyTorch's argument forms (ints or tuples, 'same',
 * unbatched inputs, the 1-D forms) and calls these with every size spelled out; the compute,
 * the shape checks and autograd are tensorcore's (conv.c). torch._rnn_layer runs one layer of
 * nn.RNN/LSTM/GRU over a sequence (tensorcore's rnn.c).
 */
#include <string.h>

#include "kernel/torch/torch-impl.h"

static kn_obj *wrap(tc_tensor *t) { return t ? kn_tensor_wrap(t) : NULL; }
static bool absent(kn_obj *o) { return !o || kn_is(o, &kn_type_none); }

static tc_tensor *tensor_arg(kn_obj *o, const char *fname, const char *pname, kn_err *err) {
    tc_tensor *t = o ? kn_tensor_unwrap(o) : NULL;
    if (!t)
        tc_error_set(err, TC_EXC_TYPE, "%s(): argument '%s' must be Tensor, not %s", fname, pname,
                     o ? kn_type_name(o) : "NoneType");
    return t;
}

/* A sequence of exactly n ints into v. */
static int ints(kn_obj *o, int n, int64_t *v, const char *fname, const char *pname, kn_err *err) {
    int64_t s[TC_MAX_DIMS];
    int k;
    if (kn__shape_of(o, s, &k, err) < 0) return -1;
    if (k != n)
        return tc_error_set(err, TC_EXC_VALUE, "%s(): '%s' must hold %d ints, got %d", fname, pname, n, k);
    memcpy(v, s, sizeof *v * (size_t)n);
    return 0;
}

/* _conv(input, weight, bias, nd, stride, padding, padding_end, dilation, groups) */
static kn_obj *f_conv(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"input", "weight", "bias", "nd", "stride", "padding",
                                        "padding_end", "dilation", "groups"};
    kn_obj *v[9];
    if (kn_args_bind(a, "_conv", names, 9, 9, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "_conv", "input", err);
    tc_tensor *w = x ? tensor_arg(v[1], "_conv", "weight", err) : NULL;
    tc_tensor *b = NULL;
    if (!w || (!absent(v[2]) && !(b = tensor_arg(v[2], "_conv", "bias", err)))) return NULL;
    int64_t nd;
    tc_conv_params p = {{1, 1}, {0, 0}, {0, 0}, {1, 1}, 1, {0, 0}};
    if (kn_to_int64(v[3], &nd, err) < 0) return NULL;
    if (nd != 1 && nd != 2) {
        tc_error_set(err, TC_EXC_VALUE, "_conv(): nd must be 1 or 2");
        return NULL;
    }
    if (ints(v[4], (int)nd, p.stride, "_conv", "stride", err) < 0 ||
        ints(v[5], (int)nd, p.padding, "_conv", "padding", err) < 0 ||
        ints(v[6], (int)nd, p.padding_end, "_conv", "padding_end", err) < 0 ||
        ints(v[7], (int)nd, p.dilation, "_conv", "dilation", err) < 0 ||
        kn_to_int64(v[8], &p.groups, err) < 0)
        return NULL;
    return wrap(tc_convolution(x, w, b, (int)nd, &p, err));
}

/* _conv_transpose(input, weight, bias, nd, stride, padding, output_padding, dilation, groups) */
static kn_obj *f_conv_transpose(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"input", "weight", "bias", "nd", "stride", "padding",
                                        "output_padding", "dilation", "groups"};
    static const char *const fn = "_conv_transpose";
    kn_obj *v[9];
    if (kn_args_bind(a, fn, names, 9, 9, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], fn, "input", err);
    tc_tensor *w = x ? tensor_arg(v[1], fn, "weight", err) : NULL;
    tc_tensor *b = NULL;
    if (!w || (!absent(v[2]) && !(b = tensor_arg(v[2], fn, "bias", err)))) return NULL;
    int64_t nd;
    tc_conv_params p = {{1, 1}, {0, 0}, {0, 0}, {1, 1}, 1, {0, 0}};
    if (kn_to_int64(v[3], &nd, err) < 0) return NULL;
    if (nd != 1 && nd != 2) {
        tc_error_set(err, TC_EXC_VALUE, "_conv_transpose(): nd must be 1 or 2");
        return NULL;
    }
    if (ints(v[4], (int)nd, p.stride, fn, "stride", err) < 0 ||
        ints(v[5], (int)nd, p.padding, fn, "padding", err) < 0 ||
        ints(v[6], (int)nd, p.output_padding, fn, "output_padding", err) < 0 ||
        ints(v[7], (int)nd, p.dilation, fn, "dilation", err) < 0 || kn_to_int64(v[8], &p.groups, err) < 0)
        return NULL;
    return wrap(tc_conv_transpose(x, w, b, (int)nd, &p, err));
}

/* _max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices) */
static kn_obj *f_max_pool2d(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"input", "kernel_size", "stride", "padding", "dilation",
                                        "ceil_mode", "return_indices"};
    kn_obj *v[7];
    if (kn_args_bind(a, "_max_pool2d", names, 7, 7, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "_max_pool2d", "input", err);
    int64_t k[2], s[2], p[2], d[2];
    bool ceil_mode, ret;
    if (!x || ints(v[1], 2, k, "_max_pool2d", "kernel_size", err) < 0 ||
        ints(v[2], 2, s, "_max_pool2d", "stride", err) < 0 ||
        ints(v[3], 2, p, "_max_pool2d", "padding", err) < 0 ||
        ints(v[4], 2, d, "_max_pool2d", "dilation", err) < 0 || kn__to_bool(v[5], &ceil_mode, err) < 0 ||
        kn__to_bool(v[6], &ret, err) < 0)
        return NULL;
    tc_tensor *out, *idx = NULL;
    if (tc_max_pool2d(x, k, s, p, d, ceil_mode, &out, ret ? &idx : NULL, err) < 0) return NULL;
    if (!ret) return wrap(out);
    kn_obj *t = kn_tuple_new(2);
    kn_tuple_set(t, 0, wrap(out));
    kn_tuple_set(t, 1, wrap(idx));
    return t;
}

/* _upsample(input, mode, size, scales, align_corners): mode 0 nearest, 1 nearest-exact,
 * 2 linear, 3 cubic; size one int per spatial dim; scales None or one float per dim
 * (None entries: none). */
static kn_obj *f_upsample(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"input", "mode", "size", "scales", "align_corners"};
    kn_obj *v[5];
    if (kn_args_bind(a, "_upsample", names, 5, 5, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "_upsample", "input", err);
    int64_t mode;
    bool ac;
    if (!x || kn_to_int64(v[1], &mode, err) < 0 || kn__to_bool(v[4], &ac, err) < 0) return NULL;
    int nd = x->ndim - 2;
    if (mode < 0 || mode > 3 || nd < 1 || nd > 3) {
        tc_error_set(err, TC_EXC_VALUE, "_upsample(): bad mode or input dims");
        return NULL;
    }
    int64_t size[3];
    double scales[3] = {0, 0, 0};
    if (ints(v[2], nd, size, "_upsample", "size", err) < 0) return NULL;
    if (!absent(v[3])) {
        for (int d = 0; d < nd; d++) {
            kn_obj *k = kn_int_new(d);
            kn_obj *s = k ? kn_getitem(v[3], k, err) : NULL;
            kn_decref(k);
            if (!s) return NULL;
            int rc = absent(s) ? 0 : kn_to_double(s, &scales[d], err);
            kn_decref(s);
            if (rc < 0) return NULL;
        }
    }
    return wrap(tc_upsample(x, (tc_upsample_mode)mode, size, scales, ac, err));
}

/* _avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
 * divisor_override) */
static kn_obj *f_avg_pool2d(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"input", "kernel_size", "stride", "padding", "ceil_mode",
                                        "count_include_pad", "divisor_override"};
    kn_obj *v[7];
    if (kn_args_bind(a, "_avg_pool2d", names, 7, 7, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "_avg_pool2d", "input", err);
    int64_t k[2], s[2], p[2], div = 0;
    bool ceil_mode, cip;
    if (!x || ints(v[1], 2, k, "_avg_pool2d", "kernel_size", err) < 0 ||
        ints(v[2], 2, s, "_avg_pool2d", "stride", err) < 0 ||
        ints(v[3], 2, p, "_avg_pool2d", "padding", err) < 0 || kn__to_bool(v[4], &ceil_mode, err) < 0 ||
        kn__to_bool(v[5], &cip, err) < 0 || (!absent(v[6]) && kn_to_int64(v[6], &div, err) < 0))
        return NULL;
    return wrap(tc_avg_pool2d(x, k, s, p, ceil_mode, cip, absent(v[6]) ? NULL : &div, err));
}

/* _adaptive_avg_pool2d(input, output_height, output_width) */
static kn_obj *f_adaptive_avg_pool2d(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"input", "output_height", "output_width"};
    kn_obj *v[3];
    if (kn_args_bind(a, "_adaptive_avg_pool2d", names, 3, 3, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "_adaptive_avg_pool2d", "input", err);
    int64_t oh, ow;
    if (!x || kn_to_int64(v[1], &oh, err) < 0 || kn_to_int64(v[2], &ow, err) < 0) return NULL;
    return wrap(tc_adaptive_avg_pool2d(x, oh, ow, err));
}

/* _constant_pad(input, pad, value): value a real number, checked as torch.full checks it */
static kn_obj *f_constant_pad(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"input", "pad", "value"};
    kn_obj *v[3];
    if (kn_args_bind(a, "_constant_pad", names, 3, 3, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "_constant_pad", "input", err);
    int64_t pad[2 * TC_MAX_DIMS];
    int n;
    double value;
    if (!x || kn__shape_of(v[1], pad, &n, err) < 0 || kn__scalar_fits(v[2], err) < 0 ||
        kn_to_double(v[2], &value, err) < 0 || kn__check_fill(value, x->dtype, err) < 0)
        return NULL;
    return wrap(tc_constant_pad(x, pad, n, value, err));
}

/* _nll_loss(input, target, weight, ignore_index, reduction): reduction 0 none, 1 mean, 2 sum */
static kn_obj *f_nll_loss(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"input", "target", "weight", "ignore_index", "reduction"};
    kn_obj *v[5];
    if (kn_args_bind(a, "_nll_loss", names, 5, 5, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "_nll_loss", "input", err);
    tc_tensor *t = x ? tensor_arg(v[1], "_nll_loss", "target", err) : NULL;
    tc_tensor *w = NULL;
    int64_t ignore, red;
    if (!t || (!absent(v[2]) && !(w = tensor_arg(v[2], "_nll_loss", "weight", err))) ||
        kn_to_int64(v[3], &ignore, err) < 0 || kn_to_int64(v[4], &red, err) < 0)
        return NULL;
    return wrap(tc_nll_loss(x, t, w, ignore, (int)red, err));
}

/* _mse_loss(input, target, reduction) */
static kn_obj *f_mse_loss(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"input", "target", "reduction"};
    kn_obj *v[3];
    if (kn_args_bind(a, "_mse_loss", names, 3, 3, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "_mse_loss", "input", err);
    tc_tensor *t = x ? tensor_arg(v[1], "_mse_loss", "target", err) : NULL;
    int64_t red;
    if (!t || kn_to_int64(v[2], &red, err) < 0) return NULL;
    return wrap(tc_mse_loss(x, t, (int)red, err));
}

/* _bce_with_logits(input, target, weight, pos_weight, reduction) */
static kn_obj *f_bce_with_logits(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"input", "target", "weight", "pos_weight", "reduction"};
    kn_obj *v[5];
    if (kn_args_bind(a, "_bce_with_logits", names, 5, 5, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "_bce_with_logits", "input", err);
    tc_tensor *t = x ? tensor_arg(v[1], "_bce_with_logits", "target", err) : NULL;
    tc_tensor *w = NULL, *pw = NULL;
    int64_t red;
    if (!t || (!absent(v[2]) && !(w = tensor_arg(v[2], "_bce_with_logits", "weight", err))) ||
        (!absent(v[3]) && !(pw = tensor_arg(v[3], "_bce_with_logits", "pos_weight", err))) ||
        kn_to_int64(v[4], &red, err) < 0)
        return NULL;
    return wrap(tc_bce_with_logits(x, t, w, pw, (int)red, err));
}

/* _binary_cross_entropy(input, target, weight, reduction) */
static kn_obj *f_binary_cross_entropy(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"input", "target", "weight", "reduction"};
    kn_obj *v[4];
    if (kn_args_bind(a, "_binary_cross_entropy", names, 4, 4, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "_binary_cross_entropy", "input", err);
    tc_tensor *t = x ? tensor_arg(v[1], "_binary_cross_entropy", "target", err) : NULL;
    tc_tensor *w = NULL;
    int64_t red;
    if (!t || (!absent(v[2]) && !(w = tensor_arg(v[2], "_binary_cross_entropy", "weight", err))) ||
        kn_to_int64(v[3], &red, err) < 0)
        return NULL;
    return wrap(tc_binary_cross_entropy(x, t, w, (int)red, err));
}

static kn_obj *triple(int r, tc_tensor *a, tc_tensor *b, tc_tensor *c) {
    if (r < 0) return NULL;
    kn_obj *t = kn_tuple_new(3);
    kn_tuple_set(t, 0, wrap(a));
    kn_tuple_set(t, 1, wrap(b));
    kn_tuple_set(t, 2, wrap(c));
    return t;
}

/* An optional Tensor argument: *t NULL for None; -1 with err set for anything else. */
static int opt_tensor(kn_obj *o, const char *fname, const char *pname, tc_tensor **t, kn_err *err) {
    *t = NULL;
    if (absent(o)) return 0;
    return (*t = tensor_arg(o, fname, pname, err)) ? 0 : -1;
}

/* native_layer_norm(input, normalized_shape, weight, bias, eps) -> (output, mean, rstd) */
static kn_obj *f_native_layer_norm(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"input", "normalized_shape", "weight", "bias", "eps"};
    kn_obj *v[5];
    if (kn_args_bind(a, "native_layer_norm", names, 5, 5, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "native_layer_norm", "input", err), *w, *b;
    int64_t ns[TC_MAX_DIMS];
    int k;
    double eps;
    if (!x || kn__shape_of(v[1], ns, &k, err) < 0 || opt_tensor(v[2], "native_layer_norm", "weight", &w, err) < 0 ||
        opt_tensor(v[3], "native_layer_norm", "bias", &b, err) < 0 || kn_to_double(v[4], &eps, err) < 0)
        return NULL;
    tc_tensor *out, *mean, *rstd;
    int r = tc_layer_norm(x, ns, k, w, b, eps, &out, &mean, &rstd, err);
    return triple(r, out, mean, rstd);
}

/* native_batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps)
 * -> (output, save_mean, save_invstd) */
static kn_obj *f_native_batch_norm(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"input", "weight", "bias", "running_mean", "running_var",
                                        "training", "momentum", "eps"};
    kn_obj *v[8];
    if (kn_args_bind(a, "native_batch_norm", names, 8, 8, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "native_batch_norm", "input", err), *w, *b, *rm, *rv;
    bool training;
    double momentum, eps;
    if (!x || opt_tensor(v[1], "native_batch_norm", "weight", &w, err) < 0 ||
        opt_tensor(v[2], "native_batch_norm", "bias", &b, err) < 0 ||
        opt_tensor(v[3], "native_batch_norm", "running_mean", &rm, err) < 0 ||
        opt_tensor(v[4], "native_batch_norm", "running_var", &rv, err) < 0 || kn__to_bool(v[5], &training, err) < 0 ||
        kn_to_double(v[6], &momentum, err) < 0 || kn_to_double(v[7], &eps, err) < 0)
        return NULL;
    tc_tensor *out, *sm, *si;
    int r = tc_batch_norm(x, w, b, rm, rv, training, momentum, eps, &out, &sm, &si, err);
    return triple(r, out, sm, si);
}

/* _rnn_layer(mode, xp, h0, c0, w_hh, b_hh, reverse, name) */
static kn_obj *f_rnn_layer(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"mode", "xp", "h0", "c0", "w_hh", "b_hh", "reverse", "name"};
    static const char *const modes[] = {"RNN_TANH", "RNN_RELU", "LSTM", "GRU"};
    kn_obj *v[8];
    if (kn_args_bind(a, "_rnn_layer", names, 8, 8, v, err) < 0) return NULL;
    const char *m = kn_is(v[0], &kn_type_str) ? kn_str_cstr(v[0]) : "";
    int mode = -1;
    for (int i = 0; i < 4; i++)
        if (!strcmp(m, modes[i])) mode = i;
    if (mode < 0 || !kn_is(v[7], &kn_type_str)) {
        tc_error_set(err, TC_EXC_VALUE, "_rnn_layer(): mode must be 'RNN_TANH', 'RNN_RELU', 'LSTM' or 'GRU' "
                                        "and name a str");
        return NULL;
    }
    tc_tensor *xp = tensor_arg(v[1], "_rnn_layer", "xp", err);
    tc_tensor *h0 = xp ? tensor_arg(v[2], "_rnn_layer", "h0", err) : NULL;
    tc_tensor *w = h0 ? tensor_arg(v[4], "_rnn_layer", "w_hh", err) : NULL;
    tc_tensor *c0 = NULL, *b = NULL;
    if (!w || (!absent(v[3]) && !(c0 = tensor_arg(v[3], "_rnn_layer", "c0", err))) ||
        (!absent(v[5]) && !(b = tensor_arg(v[5], "_rnn_layer", "b_hh", err))))
        return NULL;
    int reverse = kn_truth(v[6], err);
    if (reverse < 0) return NULL;
    return wrap(tc_rnn_layer((tc_rnn_mode)mode, xp, h0, c0, w, b, reverse, kn_str_cstr(v[7]), err));
}

const kn__fn kn__torch_nn_fns[] = {
    {"_conv", f_conv, "(input, weight, bias, nd, stride, padding, padding_end, dilation, groups)",
     "conv1d/conv2d with every parameter spelled out (torch.nn.functional's conv1d and conv2d)."},
    {"_conv_transpose", f_conv_transpose,
     "(input, weight, bias, nd, stride, padding, output_padding, dilation, groups)",
     "conv_transpose1d/conv_transpose2d with every parameter spelled out (torch.nn.functional's "
     "conv_transpose1d and conv_transpose2d)."},
    {"_max_pool2d", f_max_pool2d,
     "(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)",
     "max_pool2d with every parameter spelled out (torch.nn.functional.max_pool2d)."},
    {"_upsample", f_upsample, "(input, mode, size, scales, align_corners)",
     "interpolate's resampling with every parameter spelled out (torch.nn.functional.interpolate)."},
    {"_avg_pool2d", f_avg_pool2d,
     "(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override)",
     "avg_pool2d with every parameter spelled out (torch.nn.functional.avg_pool2d)."},
    {"_adaptive_avg_pool2d", f_adaptive_avg_pool2d, "(input, output_height, output_width)",
     "adaptive_avg_pool2d to an explicit output size (torch.nn.functional.adaptive_avg_pool2d)."},
    {"_constant_pad", f_constant_pad, "(input, pad, value)",
     "F.pad's constant mode with pads >= 0 into a new CPU tensor, without a graph (torch.nn.functional.pad)."},
    {"_nll_loss", f_nll_loss, "(input, target, weight, ignore_index, reduction)",
     "nll_loss of a CPU float (C,) or (N, C) input with checked arguments (torch.nn.functional.nll_loss)."},
    {"_mse_loss", f_mse_loss, "(input, target, reduction)",
     "mse_loss of broadcast operands with its reduction as a number (torch.nn.functional.mse_loss)."},
    {"_binary_cross_entropy", f_binary_cross_entropy, "(input, target, weight, reduction)",
     "binary_cross_entropy of CPU float operands of one shape with its reduction as a number "
     "(torch.nn.functional.binary_cross_entropy)."},
    {"_bce_with_logits", f_bce_with_logits, "(input, target, weight, pos_weight, reduction)",
     "binary_cross_entropy_with_logits with its reduction as a number "
     "(torch.nn.functional.binary_cross_entropy_with_logits)."},
    {"native_layer_norm", f_native_layer_norm, "(input, normalized_shape, weight, bias, eps)",
     "Layer norm over the trailing normalized_shape: (output, mean, rstd)."},
    {"native_batch_norm", f_native_batch_norm,
     "(input, weight, bias, running_mean, running_var, training, momentum, eps)",
     "Batch norm per channel, updating the running statistics in training: (output, save_mean, save_invstd)."},
    {"_rnn_layer", f_rnn_layer, "(mode, xp, h0, c0, w_hh, b_hh, reverse, name)",
     "One direction of one layer of nn.RNN/LSTM/GRU over a sequence from its input projection xp "
     "[L, N, G]: the hidden states [L, N, H] (LSTM: [2, L, N, H], cell states at [1]) with one "
     "autograd node 'name'."},
    {NULL, NULL, NULL, NULL},
};
