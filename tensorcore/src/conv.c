/*
 * Convolution and pooling (torch.nn.functional's conv1d/conv2d, conv_transpose1d/2d,
 * max/avg/adaptive-avg pool2d) over the backend's slots, with autograd and PyTorch's checks
 * and messages. A transposed convolution is the input's gradient of a convolution (below).
 *
 * A convolution is im2col plus one matrix product per group. cols is laid out
 * [C*kh*kw, images, oh*ow], so one product covers a whole chunk of the batch
 * ([O/g, C/g*kh*kw] @ [C/g*kh*kw, images*oh*ow]) and BLAS sees wide matrices even for small
 * images; the chunk is sized to keep cols around 16 MiB. The gradients are the transposed
 * products: the input's through col2im, the weight's against cols made again from the
 * input. Every step is a backend call (im2col, col2im, matmul, copy_cast, binary), so CUDA
 * tensors never leave the device, and the CPU's products run on the BLAS threads.
 * On the CPU shortcuts come first (cpu-conv.c): in float32 on an AVX-512 or AVX2 CPU the
 * forward is a direct convolution in registers over padded copies of the images; elsewhere
 * few taps per output as fused multiply-adds in registers, grouped convolutions with few
 * channels directly, and batches of small images one image per thread (forward and both
 * gradients). With unit stride in float32 on those CPUs both gradients are direct
 * convolutions in registers instead, with no cols at all.
 */
#include <stdio.h>

#include "autograd.h"

#define CONV_CHUNK_ELEMS ((int64_t)1 << 22)

/* What the kernels need to know about one convolution. */
typedef struct conv_geom {
    tc_window2d w;
    int nd;                              /* spatial dims of the caller's tensors: 1 or 2 */
    int64_t N, C, H, W, O, G, Cg, Og, K; /* K = kh*kw */
    int64_t L, CgK, nc;                  /* L = oh*ow; images per chunk */
} conv_geom;

/* The node's copy of the parameters (tc__gargs.shape), in this order; args.a holds nd. */
enum { CP_STRIDE = 0, CP_PAD = 2, CP_PAD_END = 4, CP_DIL = 6, CP_GROUPS = 8 };

static tc_kview kv2(const tc_kview *base, int64_t off, int64_t r, int64_t c, int64_t rs,
                    int64_t cs) {
    tc_kview v = {0};
    v.data = (char *)base->data + off * (int64_t)tc_dtype_size(base->dtype);
    v.dtype = base->dtype;
    v.ndim = 2;
    v.shape[0] = r;
    v.shape[1] = c;
    v.strides[0] = rs;
    v.strides[1] = cs;
    return v;
}

static tc_kview kv3(const tc_kview *base, int64_t off, const int64_t shape[3],
                    const int64_t strides[3]) {
    tc_kview v = {0};
    v.data = (char *)base->data + off * (int64_t)tc_dtype_size(base->dtype);
    v.dtype = base->dtype;
    v.ndim = 3;
    for (int i = 0; i < 3; i++) {
        v.shape[i] = shape[i];
        v.strides[i] = strides[i];
    }
    return v;
}

/* t ([N, C, H, W], or [N, C, W] for nd == 1) as a 4-D kernel view. */
static void kv_4d(const tc_tensor *t, int nd, tc_kview *v) {
    tc__kview(t, v);
    if (nd == 1) {
        v->ndim = 4;
        v->shape[3] = v->shape[2];
        v->strides[3] = v->strides[2];
        v->shape[2] = 1;
        v->strides[2] = 0;
    }
}

static int need_slots(const tc_backend_i *be, bool pool, tc_error *err) {
    if (pool ? (be->pool2d && be->pool2d_backward) : (be->im2col && be->col2im)) return 0;
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "%s is not implemented on the %s backend",
                        pool ? "pooling" : "convolution", be->name);
}

/* ---- convolution ------------------------------------------------------------------------------ */

/* PyTorch's checks of the input's dims against the weight's and the op's, and of the weight's
 * first dim against the groups, shared by the convolution and its transpose (op: "conv" or
 * "conv_transpose"); ws and xs are the shapes as text. */
static int check_dims_groups(const tc_tensor *x, const tc_tensor *w, int nd, int64_t groups,
                             const char *op, const char *ws, const char *xs, tc_error *err) {
    if (w->ndim != x->ndim)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Expected %d-dimensional input for %d-dimensional weight %s, but got "
                            "%d-dimensional input of size %s instead",
                            w->ndim, w->ndim, ws, x->ndim, xs);
    if (x->ndim != nd + 2)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Expected %dD (unbatched) or %dD (batched) input to %s%dd, but got input "
                            "of size: %s",
                            nd + 1, nd + 2, op, nd, xs);
    if (w->shape[0] < groups)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Given groups=%lld, expected weight to be at least %lld at dimension 0, "
                            "but got weight of size %s instead",
                            (long long)groups, (long long)groups, ws);
    if (w->shape[0] % groups)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Given groups=%lld, expected weight to be divisible by %lld at dimension "
                            "0, but got weight of size [%s] instead",
                            (long long)groups, (long long)groups, ws);
    return 0;
}

/* PyTorch's check_shape_forward, then the type checks of the backend it would pick. */
static int conv_check(tc_tensor *x, tc_tensor *w, tc_tensor *b, int nd, const tc_conv_params *p,
                      tc_error *err) {
    char ws[256], xs[256], bs[256];
    if (tc__require_strided(x, "convolution", err) || tc__require_strided(w, "convolution", err) ||
        (b && tc__require_strided(b, "convolution", err)))
        return -1;
    if (p->groups <= 0) return tc_error_set(err, TC_EXC_RUNTIME, "non-positive groups is not supported");
    for (int i = 0; i < nd; i++) {
        if (p->padding[i] < 0 || p->padding_end[i] < 0)
            return tc_error_set(err, TC_EXC_RUNTIME, "negative padding is not supported");
    }
    for (int i = 0; i < nd; i++)
        if (p->stride[i] <= 0) return tc_error_set(err, TC_EXC_RUNTIME, "non-positive stride is not supported");
    for (int i = 0; i < nd; i++)
        if (p->dilation[i] <= 0)
            return tc_error_set(err, TC_EXC_RUNTIME, "non-positive dilation is not supported");
    tc__shape_str(w->shape, w->ndim, ws, sizeof ws);
    tc__shape_str(x->shape, x->ndim, xs, sizeof xs);
    if (check_dims_groups(x, w, nd, p->groups, "conv", ws, xs, err)) return -1;
    if (x->shape[1] != w->shape[1] * p->groups)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Given groups=%lld, weight of size %s, expected input%s to have %lld "
                            "channels, but got %lld channels instead",
                            (long long)p->groups, ws, xs, (long long)(w->shape[1] * p->groups),
                            (long long)x->shape[1]);
    if (b && (b->ndim != 1 || b->shape[0] != w->shape[0]))
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Given weight of size %s, expected bias to be 1-dimensional with %lld "
                            "elements, but got bias of size %s instead",
                            ws, (long long)w->shape[0], tc__shape_str(b->shape, b->ndim, bs, sizeof bs));
    bool fits = true;
    char in_s[128] = "", k_s[128] = "";
    size_t io = 0, ko = 0;
    for (int i = 0; i < nd; i++) {
        int64_t in = x->shape[2 + i] + p->padding[i] + p->padding_end[i];
        int64_t k = p->dilation[i] * (w->shape[2 + i] - 1) + 1;
        if (in < k) fits = false;
        io += (size_t)snprintf(in_s + io, sizeof in_s - io, "%s%lld", i ? " x " : "", (long long)in);
        ko += (size_t)snprintf(k_s + ko, sizeof k_s - ko, "%s%lld", i ? " x " : "", (long long)k);
    }
    if (!fits)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Calculated padded input size per channel: (%s). Kernel size: (%s). "
                            "Kernel size can't be greater than actual input size",
                            in_s, k_s);
    if (x->dtype != w->dtype || !tc_device_eq(x->device, w->device)) {
        char a[64], c[64];
        tc__tensor_type_name(x, a, sizeof a);
        tc__tensor_type_name(w, c, sizeof c);
        if (tc_device_eq(x->device, w->device) && x->device.type == TC_DEVICE_CPU && x->dtype != TC_DTYPE_F32)
            return tc_error_set(err, TC_EXC_RUNTIME, "expected scalar type %s but found %s",
                                tc__dtype_title(x->dtype), tc__dtype_title(w->dtype));
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Input type (%s) and weight type (%s) should be the same%s", a, c,
                            x->device.type == TC_DEVICE_CPU
                                ? " or input should be a MKLDNN tensor and weight is a dense tensor"
                                : "");
    }
    if (b && (b->dtype != x->dtype || !tc_device_eq(x->device, b->device))) {
        if (b->dtype != x->dtype)
            return tc_error_set(err, TC_EXC_RUNTIME, "Input type (%s) and bias type (%s) should be the same",
                                tc_dtype_cpp_name(x->dtype), tc_dtype_cpp_name(b->dtype));
        char a[64], c[64];
        tc__tensor_type_name(x, a, sizeof a);
        tc__tensor_type_name(b, c, sizeof c);
        return tc_error_set(err, TC_EXC_RUNTIME, "Input type (%s) and bias type (%s) should be the same", a, c);
    }
    if (x->dtype == TC_DTYPE_BOOL)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"slow_conv2d_cpu\" not implemented for 'Bool'");
    return 0;
}

/* The geometry of a convolution of an input of shape xs ([N, C, *spatial]) with w. */
static void conv_geom_of(conv_geom *g, const int64_t *xs, const tc_tensor *w, int nd,
                         const tc_conv_params *p) {
    memset(g, 0, sizeof *g);
    g->nd = nd;
    g->N = xs[0];
    g->C = xs[1];
    g->O = w->shape[0];
    g->G = p->groups;
    g->Cg = g->C / g->G;
    g->Og = g->O / g->G;
    int a = nd == 2 ? 0 : -1; /* index of the height parameters, or none */
    g->H = nd == 2 ? xs[2] : 1;
    g->W = xs[1 + nd];
    tc_window2d *wn = &g->w;
    wn->kh = nd == 2 ? w->shape[2] : 1;
    wn->kw = w->shape[1 + nd];
    wn->sh = a < 0 ? 1 : p->stride[0];
    wn->ph = a < 0 ? 0 : p->padding[0];
    wn->dh = a < 0 ? 1 : p->dilation[0];
    wn->sw = p->stride[nd - 1];
    wn->pw = p->padding[nd - 1];
    wn->dw = p->dilation[nd - 1];
    int64_t pend_h = a < 0 ? 0 : p->padding_end[0], pend_w = p->padding_end[nd - 1];
    wn->oh = (g->H + wn->ph + pend_h - wn->dh * (wn->kh - 1) - 1) / wn->sh + 1;
    wn->ow = (g->W + wn->pw + pend_w - wn->dw * (wn->kw - 1) - 1) / wn->sw + 1;
    g->K = wn->kh * wn->kw;
    g->L = wn->oh * wn->ow;
    g->CgK = g->Cg * g->K;
    int64_t per = g->C * g->K * g->L;
    g->nc = per > 0 ? CONV_CHUNK_ELEMS / per : g->N;
    if (g->nc < 1) g->nc = 1;
    if (g->nc > g->N) g->nc = g->N;
}

/* x's chunk [n0, n0 + m) into cols ([C*K, nc, L] contiguous). */
static int fill_cols(const tc_backend_i *be, void *ctx, const conv_geom *g, const tc_kview *x4,
                     const tc_kview *kc, int64_t n0, int64_t m, tc_error *err) {
    tc_kview xs = *x4;
    xs.data = (char *)x4->data + n0 * x4->strides[0] * (int64_t)tc_dtype_size(x4->dtype);
    xs.shape[0] = m;
    int64_t sh[3] = {g->C * g->K, m, g->L}, st[3] = {g->nc * g->L, g->L, 1};
    tc_kview cv = kv3(kc, 0, sh, st);
    return be->im2col(ctx, &cv, &xs, &g->w, err);
}

/* g's chunk (g contiguous [N, O, L]) into gt ([O, nc, L] contiguous). */
static int fill_gt(const tc_backend_i *be, void *ctx, const conv_geom *g, const tc_kview *kg,
                   const tc_kview *kt, int64_t n0, int64_t m, tc_error *err) {
    int64_t sh[3] = {g->O, m, g->L}, ss[3] = {g->L, g->O * g->L, 1}, st[3] = {g->nc * g->L, g->L, 1};
    tc_kview src = kv3(kg, n0 * g->O * g->L, sh, ss), dst = kv3(kt, 0, sh, st);
    return be->copy_cast(ctx, &dst, &src, err);
}

static tc_tensor *conv_forward(tc_tensor *x, tc_tensor *w, tc_tensor *b, const conv_geom *g,
                               tc_error *err) {
    void *ctx;
    const tc_backend_i *be = tc__backend(x->device, &ctx, err);
    if (!be || need_slots(be, false, err)) return NULL;
    /* PyTorch's quirk: an input with no channels gives an output with none */
    int64_t shape[4] = {g->N, g->C ? g->O : 0, g->w.oh, g->w.ow};
    if (g->nd == 1) shape[2] = g->w.ow;
    tc_tensor *out = tc__tensor_new(shape, 2 + g->nd, x->dtype, x->device, err);
    if (!out || tc_numel(out) == 0) return out;
    tc_tensor *wc = tc_contiguous(w, err);
    tc_kview kx, kw, kc, kt, ko, kb;
    kv_4d(x, g->nd, &kx);
    if (wc && x->device.type == TC_DEVICE_CPU && tc__cpu_conv_fwd_direct_ok(x->dtype, &g->w, g->Cg, g->Og)) {
        /* float32 on AVX-512/AVX2: products in registers over padded images, no cols (cpu-conv.c) */
        tc__kview(wc, &kw);
        if (b) tc__kview(b, &kb);
        kv_4d(out, g->nd, &ko);
        int rc = tc__cpu_conv_fwd_direct(&ko, &kx, &kw, b ? &kb : NULL, &g->w, g->G, err);
        tc_tensor_unref(wc);
        if (rc) {
            tc_tensor_unref(out);
            return NULL;
        }
        return out;
    }
    if (wc && x->device.type == TC_DEVICE_CPU && tc__cpu_conv_taps_ok(x->dtype, g->CgK, &g->w)) {
        /* few taps per output: fused multiply-adds in registers (cpu-conv.c) */
        tc__kview(wc, &kw);
        if (b) tc__kview(b, &kb);
        kv_4d(out, g->nd, &ko);
        int rc = tc__cpu_conv_taps(&ko, &kx, &kw, b ? &kb : NULL, &g->w, g->G, err);
        tc_tensor_unref(wc);
        if (rc) {
            tc_tensor_unref(out);
            return NULL;
        }
        return out;
    }
    if (wc && x->device.type == TC_DEVICE_CPU && tc__cpu_conv_direct_ok(x->dtype, g->G, g->CgK, kx.strides[3])) {
        /* grouped, few input channels per group: im2col and a product per group would cost
         * more than the convolution itself */
        tc__kview(wc, &kw);
        if (b) tc__kview(b, &kb);
        kv_4d(out, g->nd, &ko);
        int rc = tc__cpu_conv_direct(&ko, &kx, &kw, b ? &kb : NULL, &g->w, g->G, err);
        tc_tensor_unref(wc);
        if (rc) {
            tc_tensor_unref(out);
            return NULL;
        }
        return out;
    }
    if (wc && x->device.type == TC_DEVICE_CPU && tc__cpu_conv_images_ok(x->dtype, g->N, g->C * g->K, g->L)) {
        /* a batch of small images: one image per thread (cpu-conv.c) */
        tc__kview(wc, &kw);
        if (b) tc__kview(b, &kb);
        kv_4d(out, g->nd, &ko);
        int rc = tc__cpu_conv_images(&ko, &kx, &kw, b ? &kb : NULL, &g->w, g->G, err);
        tc_tensor_unref(wc);
        if (rc) {
            tc_tensor_unref(out);
            return NULL;
        }
        return out;
    }
    int64_t csh[3] = {g->C * g->K, g->nc, g->L}, tsh[3] = {g->O, g->nc, g->L};
    tc_tensor *cols = wc ? tc__tensor_new(csh, 3, x->dtype, x->device, err) : NULL;
    tc_tensor *tmp = cols ? tc__tensor_new(tsh, 3, x->dtype, x->device, err) : NULL;
    int rc = tmp ? 0 : -1;
    if (rc == 0) {
        tc__kview(wc, &kw);
        tc__kview(cols, &kc);
        tc__kview(tmp, &kt);
        tc__kview(out, &ko);
        if (b) tc__kview(b, &kb);
    }
    for (int64_t n0 = 0; rc == 0 && n0 < g->N; n0 += g->nc) {
        int64_t m = g->N - n0 < g->nc ? g->N - n0 : g->nc;
        rc = fill_cols(be, ctx, g, &kx, &kc, n0, m, err);
        for (int64_t gi = 0; rc == 0 && gi < g->G; gi++) {
            tc_kview A = kv2(&kw, gi * g->Og * g->CgK, g->Og, g->CgK, g->CgK, 1);
            tc_kview B = kv2(&kc, gi * g->CgK * g->nc * g->L, g->CgK, m * g->L, g->nc * g->L, 1);
            tc_kview Cm = kv2(&kt, gi * g->Og * g->nc * g->L, g->Og, m * g->L, g->nc * g->L, 1);
            rc = be->matmul(ctx, &Cm, &A, &B, err);
        }
        if (rc) break;
        int64_t sh[3] = {g->O, m, g->L}, so[3] = {g->L, g->O * g->L, 1}, st[3] = {g->nc * g->L, g->L, 1};
        tc_kview dst = kv3(&ko, n0 * g->O * g->L, sh, so), src = kv3(&kt, 0, sh, st);
        if (b) {
            int64_t sb[3] = {kb.strides[0], 0, 0};
            tc_kview bias = kv3(&kb, 0, sh, sb);
            rc = be->binary(ctx, TC_OP_ADD, &dst, &src, &bias, err);
        } else {
            rc = be->copy_cast(ctx, &dst, &src, err);
        }
    }
    tc_tensor_unref(wc);
    tc_tensor_unref(cols);
    tc_tensor_unref(tmp);
    if (rc) {
        tc_tensor_unref(out);
        return NULL;
    }
    return out;
}

static int conv_transpose_phases(tc_tensor *y, tc_tensor *x, tc_tensor *w, tc_tensor *b, const conv_geom *g,
                                 tc_error *err);

/* The gradient with respect to the input, W^T @ g per group folded back by col2im, into gx
 * (new, contiguous, the input's shape); kx: the input's own layout, which the direct
 * kernels' checks read. 0 or -1. */
static int conv_grad_input_into(tc_tensor *gx, const tc_kview *kx, tc_tensor *w, tc_tensor *gc,
                                const conv_geom *g, tc_error *err) {
    void *ctx;
    const tc_backend_i *be = tc__backend(gx->device, &ctx, err);
    if (!be) return -1;
    if (tc_numel(gx) == 0) return 0;
    if (g->L == 0 || g->O == 0) return tc_fill_(gx, 0.0, err);
    tc_tensor *wc = tc_contiguous(w, err);
    if (!wc) return -1;
    bool cpu = gx->device.type == TC_DEVICE_CPU;
    tc_kview kw, kg, kgx;
    tc__kview(wc, &kw);
    tc__kview(gc, &kg);
    if (cpu && tc__cpu_conv_grads_direct_ok(gx->dtype, &g->w, kx, g->Cg, g->Og, true)) {
        /* unit stride: a direct convolution in registers, no cols (cpu-conv.c) */
        tc__kview(gx, &kgx);
        int rc = tc__cpu_conv_grads_direct(kgx.data, NULL, kx, kw.data, &kg, &g->w, g->G, err);
        tc_tensor_unref(wc);
        return rc;
    }
    if (cpu && gx->dtype == TC_DTYPE_F32 && g->w.sh == 1 && g->w.sw == 1 && g->K > 1) {
        /* unit stride where the direct gradient does not suit (an output smaller than the
         * input, many output channels): the transposed convolution's forward, a direct
         * convolution of g with the taps reversed (1: it does not suit either) */
        int rc = conv_transpose_phases(gx, gc, wc, NULL, g, err);
        if (rc != 1) {
            tc_tensor_unref(wc);
            return rc;
        }
    }
    kv_4d(gx, g->nd, &kgx);
    if (cpu && tc__cpu_conv_images_ok(gx->dtype, g->N, g->C * g->K, g->L)) {
        /* a batch of small images: one image per thread (cpu-conv.c) */
        int rc = tc__cpu_conv_grads_images(&kgx, NULL, kx, &kw, &kg, &g->w, g->G, err);
        tc_tensor_unref(wc);
        return rc;
    }
    int64_t csh[3] = {g->C * g->K, g->nc, g->L}, tsh[3] = {g->O, g->nc, g->L};
    tc_tensor *cols = tc__tensor_new(csh, 3, gx->dtype, gx->device, err);
    tc_tensor *gt = cols ? tc__tensor_new(tsh, 3, gx->dtype, gx->device, err) : NULL;
    int rc = gt ? 0 : -1;
    tc_kview kc, kt;
    if (rc == 0) {
        tc__kview(cols, &kc);
        tc__kview(gt, &kt);
    }
    for (int64_t n0 = 0; rc == 0 && n0 < g->N; n0 += g->nc) {
        int64_t m = g->N - n0 < g->nc ? g->N - n0 : g->nc;
        rc = fill_gt(be, ctx, g, &kg, &kt, n0, m, err);
        for (int64_t gi = 0; rc == 0 && gi < g->G; gi++) {
            tc_kview A = kv2(&kw, gi * g->Og * g->CgK, g->CgK, g->Og, 1, g->CgK);
            tc_kview B = kv2(&kt, gi * g->Og * g->nc * g->L, g->Og, m * g->L, g->nc * g->L, 1);
            tc_kview Cm = kv2(&kc, gi * g->CgK * g->nc * g->L, g->CgK, m * g->L, g->nc * g->L, 1);
            rc = be->matmul(ctx, &Cm, &A, &B, err);
        }
        if (rc) break;
        tc_kview xs = kgx;
        xs.data = (char *)kgx.data + n0 * g->C * g->H * g->W * (int64_t)tc_dtype_size(kgx.dtype);
        xs.shape[0] = m;
        int64_t sh[3] = {g->C * g->K, m, g->L}, st[3] = {g->nc * g->L, g->L, 1};
        tc_kview cv = kv3(&kc, 0, sh, st);
        rc = be->col2im(ctx, &xs, &cv, &g->w, err);
    }
    tc_tensor_unref(wc);
    tc_tensor_unref(cols);
    tc_tensor_unref(gt);
    return rc;
}

static tc_tensor *conv_grad_input(tc_tensor *x, tc_tensor *w, tc_tensor *gc, const conv_geom *g,
                                  tc_error *err) {
    tc_tensor *gx = tc__tensor_new(x->shape, x->ndim, x->dtype, x->device, err);
    tc_kview kx;
    kv_4d(x, g->nd, &kx);
    if (gx && conv_grad_input_into(gx, &kx, w, gc, g, err)) {
        tc_tensor_unref(gx);
        return NULL;
    }
    return gx;
}

/* The gradient with respect to the weight: g @ cols^T per group, summed over the chunks. */
static tc_tensor *conv_grad_weight(tc_tensor *x, tc_tensor *w, tc_tensor *gc, const conv_geom *g,
                                   tc_error *err) {
    void *ctx;
    const tc_backend_i *be = tc__backend(x->device, &ctx, err);
    if (!be) return NULL;
    tc_tensor *gw = tc__tensor_new(w->shape, w->ndim, w->dtype, w->device, err);
    if (!gw || tc_numel(gw) == 0) return gw;
    if (g->N == 0 || g->L == 0) {
        if (tc_fill_(gw, 0.0, err)) {
            tc_tensor_unref(gw);
            return NULL;
        }
        return gw;
    }
    if (x->device.type == TC_DEVICE_CPU) {
        tc_kview kx, kg, kw;
        kv_4d(x, g->nd, &kx);
        if (tc__cpu_conv_grads_direct_ok(x->dtype, &g->w, &kx, g->Cg, g->Og, false)) {
            /* unit stride: a direct convolution in registers, no cols (cpu-conv.c) */
            tc__kview(gc, &kg);
            tc__kview(gw, &kw);
            if (tc__cpu_conv_grads_direct(NULL, kw.data, &kx, NULL, &kg, &g->w, g->G, err)) {
                tc_tensor_unref(gw);
                return NULL;
            }
            return gw;
        }
    }
    if (x->device.type == TC_DEVICE_CPU && tc__cpu_conv_images_ok(x->dtype, g->N, g->C * g->K, g->L)) {
        /* a batch of small images: one image per thread (cpu-conv.c) */
        tc_kview kw, kg, kx;
        kv_4d(gw, g->nd, &kw);
        tc__kview(gc, &kg);
        kv_4d(x, g->nd, &kx);
        if (tc__cpu_conv_grads_images(NULL, &kw, &kx, NULL, &kg, &g->w, g->G, err)) {
            tc_tensor_unref(gw);
            return NULL;
        }
        return gw;
    }
    int64_t csh[3] = {g->C * g->K, g->nc, g->L}, tsh[3] = {g->O, g->nc, g->L};
    tc_tensor *cols = tc__tensor_new(csh, 3, x->dtype, x->device, err);
    tc_tensor *gt = cols ? tc__tensor_new(tsh, 3, x->dtype, x->device, err) : NULL;
    tc_tensor *part = gt && g->nc < g->N ? tc__tensor_new(w->shape, w->ndim, w->dtype, w->device, err) : NULL;
    int rc = gt && (part || g->nc >= g->N) ? 0 : -1;
    tc_kview kx, kc, kt, kg, kw, kp;
    if (rc == 0) {
        kv_4d(x, g->nd, &kx);
        tc__kview(cols, &kc);
        tc__kview(gt, &kt);
        tc__kview(gc, &kg);
        tc__kview(gw, &kw);
        if (part) tc__kview(part, &kp);
    }
    for (int64_t n0 = 0; rc == 0 && n0 < g->N; n0 += g->nc) {
        int64_t m = g->N - n0 < g->nc ? g->N - n0 : g->nc;
        rc = fill_gt(be, ctx, g, &kg, &kt, n0, m, err);
        if (rc == 0) rc = fill_cols(be, ctx, g, &kx, &kc, n0, m, err);
        const tc_kview *dst = n0 == 0 ? &kw : &kp;
        for (int64_t gi = 0; rc == 0 && gi < g->G; gi++) {
            tc_kview A = kv2(&kt, gi * g->Og * g->nc * g->L, g->Og, m * g->L, g->nc * g->L, 1);
            tc_kview B = kv2(&kc, gi * g->CgK * g->nc * g->L, m * g->L, g->CgK, 1, g->nc * g->L);
            tc_kview Cm = kv2(dst, gi * g->Og * g->CgK, g->Og, g->CgK, g->CgK, 1);
            rc = be->matmul(ctx, &Cm, &A, &B, err);
        }
        if (rc == 0 && n0 > 0) {
            tc_kview a = kv2(&kw, 0, g->O, g->CgK, g->CgK, 1), p = kv2(&kp, 0, g->O, g->CgK, g->CgK, 1);
            rc = be->binary(ctx, TC_OP_ADD, &a, &a, &p, err);
        }
    }
    tc_tensor_unref(cols);
    tc_tensor_unref(gt);
    tc_tensor_unref(part);
    if (rc) {
        tc_tensor_unref(gw);
        return NULL;
    }
    return gw;
}

/* t contiguous and of dtype dt: a new reference (t itself when it is both already). */
static tc_tensor *contiguous_as(tc_tensor *t, tc_dtype dt, tc_error *err) {
    tc_tensor *c = tc_contiguous(t, err);
    if (!c || c->dtype == dt) return c;
    tc_tensor *r = tc__cast(c, dt, err);
    tc_tensor_unref(c);
    return r;
}

static void params_to_args(const tc_conv_params *p, int nd, tc__gargs *a) {
    memset(a, 0, sizeof *a);
    for (int i = 0; i < 2; i++) {
        a->shape[CP_STRIDE + i] = p->stride[i];
        a->shape[CP_PAD + i] = p->padding[i];
        a->shape[CP_PAD_END + i] = p->padding_end[i];
        a->shape[CP_DIL + i] = p->dilation[i];
    }
    a->shape[CP_GROUPS] = p->groups;
    a->a = nd;
}

static void args_to_params(const tc__gargs *a, tc_conv_params *p, int *nd) {
    for (int i = 0; i < 2; i++) {
        p->stride[i] = a->shape[CP_STRIDE + i];
        p->padding[i] = a->shape[CP_PAD + i];
        p->padding_end[i] = a->shape[CP_PAD_END + i];
        p->dilation[i] = a->shape[CP_DIL + i];
    }
    p->groups = a->shape[CP_GROUPS];
    *nd = (int)a->a;
}

tc_tensor *tc_convolution(tc_tensor *x, tc_tensor *w, tc_tensor *b, int nd, const tc_conv_params *p,
                          tc_error *err) {
    TC_ASSERT(nd == 1 || nd == 2);
    if (conv_check(x, w, b, nd, p, err)) return NULL;
    conv_geom g;
    conv_geom_of(&g, x->shape, w, nd, p);
    tc_tensor *out = conv_forward(x, w, b, &g, err);
    if (out && tc_grad_enabled() && (x->requires_grad || w->requires_grad || (b && b->requires_grad))) {
        tc__gargs a;
        params_to_args(p, nd, &a);
        tc_tensor *ins[3] = {x, w, b};
        if (tc__grad_record_n(out, "ConvolutionBackward0", TC_G_CONV, ins, 3, &a, err)) {
            tc_tensor_unref(out);
            return NULL;
        }
    }
    return out;
}

static tc_tensor *conv_transpose_grad_weight_phases(tc_tensor *gy, tc_tensor *w, tc_tensor *xc, const conv_geom *g,
                                                    bool *used, tc_error *err);

tc_tensor *tc__conv_backward(tc_tensor *const *inputs, const tc__gargs *a, tc_tensor *g, int which,
                             tc_error *err) {
    tc_tensor *x = inputs[0], *w = inputs[1];
    int nd;
    tc_conv_params p;
    args_to_params(a, &p, &nd);
    if (which == 2) {
        int dims[3] = {0, 2, 3};
        return tc_reduce(TC_RED_SUM, g, dims, nd + 1, false, err);
    }
    bool transposed = a->b != 0;
    /* backward(gradient=) may give another dtype. The transposed convolution's gradients read
     * g as a convolution's input, which the kernels take in any layout: no copy of it (the
     * expanded ones of y.sum().backward() stay as they are) */
    tc_tensor *gc = transposed && g->dtype == x->dtype ? tc_tensor_ref(g) : contiguous_as(g, x->dtype, err);
    if (!gc) return NULL;
    conv_geom geo;
    tc_tensor *r = NULL;
    if (!transposed) {
        conv_geom_of(&geo, x->shape, w, nd, &p);
        r = which == 0 ? conv_grad_input(x, w, gc, &geo, err) : conv_grad_weight(x, w, gc, &geo, err);
    } else {
        /* the transposed convolution is the input's gradient of the convolution whose input
         * has the output's shape: its gradients are that convolution (of g) and the
         * convolution's weight gradient with g as the input and x as the output's gradient */
        conv_geom_of(&geo, gc->shape, w, nd, &p);
        tc_tensor *xc = which == 1 ? contiguous_as(x, x->dtype, err) : NULL;
        bool used = false;
        if (which == 0) r = conv_forward(gc, w, NULL, &geo, err);
        else if (xc && x->device.type == TC_DEVICE_CPU && x->dtype == TC_DTYPE_F32)
            r = conv_transpose_grad_weight_phases(gc, w, xc, &geo, &used, err);
        if (which == 1 && xc && !used) r = conv_grad_weight(gc, w, xc, &geo, err);
        tc_tensor_unref(xc);
    }
    tc_tensor_unref(gc);
    return r;
}

/* ---- transposed convolution -------------------------------------------------------------------
 * conv_transpose is the gradient of a convolution with respect to its input: forward runs
 * that gradient (conv_grad_input_into) with x as the output's gradient, and its own
 * gradients are the convolution itself and the convolution's weight gradient (above). On
 * CPUs with the direct float32 forward kernel it runs as stride-1 convolutions instead, one
 * per stride phase: the outputs r, r + s, r + 2s, ... of a dim take only the taps i with
 * r + p - i*d divisible by s, at input rows q + (r + p - i*d)/s, which reversed form a
 * convolution of x with unit stride, so no tap multiplies the zeros between the inputs. The
 * phases go to the kernel as one job (tc__cpu_conv_fwd_parts) that writes each into its
 * strided view of y: a thread runs an image's phases in turn, the column phases of a row
 * phase side by side, stored as whole interleaved rows. Its gradients read the output's
 * gradient as a convolution's input, in any layout. */

/* The convolution whose input's gradient a transposed convolution is. Its padding_end is
 * padding - output_padding: an input of the transposed output's size then gives outputs of
 * x's size (output_padding is below the stride or the dilation). */
static void transpose_as_conv(const tc_conv_params *p, tc_conv_params *c) {
    *c = *p;
    for (int i = 0; i < 2; i++) {
        c->padding_end[i] = p->padding[i] - p->output_padding[i];
        c->output_padding[i] = 0;
    }
}

/* PyTorch's checks for conv_transpose in its order (_convolution's, check_shape_forward's,
 * then slow_conv_transpose2d's shape check, which takes a 1-D one as 2-D with a height of 1,
 * and its dtypes), and the output's shape into ys. */
static int conv_transpose_check(tc_tensor *x, tc_tensor *w, tc_tensor *b, int nd, const tc_conv_params *p,
                                int64_t ys[4], tc_error *err) {
    char ws[256], xs[256], bs[256];
    if (tc__require_strided(x, "convolution", err) || tc__require_strided(w, "convolution", err) ||
        (b && tc__require_strided(b, "convolution", err)))
        return -1;
    if (w->ndim < 3) return tc_error_set(err, TC_EXC_RUNTIME, "weight should have at least three dimensions");
    if (p->groups <= 0) return tc_error_set(err, TC_EXC_RUNTIME, "non-positive groups is not supported");
    if (w->ndim - 2 != nd && nd != 1) /* the parameters are expanded to the weight's dims */
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "expected stride to be a single integer value or a list of %d values to "
                            "match the convolution dimensions, but got stride=%s",
                            w->ndim - 2, tc__shape_str(p->stride, nd, xs, sizeof xs));
    for (int i = 0; i < nd; i++)
        if (p->padding[i] < 0) return tc_error_set(err, TC_EXC_RUNTIME, "negative padding is not supported");
    for (int i = 0; i < nd; i++)
        if (p->output_padding[i] < 0)
            return tc_error_set(err, TC_EXC_RUNTIME, "negative output_padding is not supported");
    for (int i = 0; i < nd; i++)
        if (p->stride[i] <= 0) return tc_error_set(err, TC_EXC_RUNTIME, "non-positive stride is not supported");
    for (int i = 0; i < nd; i++)
        if (p->dilation[i] < 0) return tc_error_set(err, TC_EXC_RUNTIME, "dilation should be greater than zero");
    tc__shape_str(w->shape, w->ndim, ws, sizeof ws);
    tc__shape_str(x->shape, x->ndim, xs, sizeof xs);
    if (check_dims_groups(x, w, nd, p->groups, "conv_transpose", ws, xs, err)) return -1;
    if (x->shape[1] != w->shape[0])
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Given transposed=1, weight of size %s, expected input%s to have %lld "
                            "channels, but got %lld channels instead",
                            ws, xs, (long long)w->shape[0], (long long)x->shape[1]);
    int64_t O = w->shape[1] * p->groups;
    if (b && (b->ndim != 1 || b->shape[0] != O))
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Given transposed=1, weight of size %s, expected bias to be 1-dimensional "
                            "with %lld elements, but got bias of size %s instead",
                            ws, (long long)O, tc__shape_str(b->shape, b->ndim, bs, sizeof bs));
    ys[0] = x->shape[0];
    ys[1] = O;
    for (int i = 0; i < nd; i++)
        ys[2 + i] = (x->shape[2 + i] - 1) * p->stride[i] - 2 * p->padding[i] +
                    p->dilation[i] * (w->shape[2 + i] - 1) + p->output_padding[i] + 1;
    if (x->shape[0] == 0 || x->shape[1] == 0) return 0; /* an empty batch: no kernel runs */
    if (tc_numel(x) == 0)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Only zero batch or zero channel inputs are supported, but got input shape: %s", xs);
    /* slow_conv_transpose2d's shape check, in 2-D terms */
    int h = nd == 2 ? 0 : -1;
#define CT_H(v, one) (h < 0 ? (long long)(one) : (long long)(v)[0])
#define CT_W(v) ((long long)(v)[nd - 1])
    int64_t kern[2] = {w->shape[2], w->shape[1 + nd]}, in[2] = {x->shape[2], x->shape[1 + nd]};
    int64_t out[2] = {ys[2], ys[1 + nd]};
    if ((h == 0 && kern[0] <= 0) || kern[1] <= 0)
        return tc_error_set(err, TC_EXC_RUNTIME, "kernel size should be greater than zero, but got kernel_height: %lld kernel_width: %lld",
                            CT_H(kern, 1), (long long)kern[1]);
    for (int i = 0; i < nd; i++)
        if (p->dilation[i] <= 0)
            return tc_error_set(err, TC_EXC_RUNTIME, "dilation should be greater than zero, but got dilation_height: %lld, dilation_width: %lld",
                                CT_H(p->dilation, 1), CT_W(p->dilation));
    for (int i = 0; i < nd; i++)
        if (p->output_padding[i] >= p->stride[i] && p->output_padding[i] >= p->dilation[i])
            return tc_error_set(err, TC_EXC_RUNTIME,
                                "output padding must be smaller than either stride or dilation, but got "
                                "output_padding_height: %lld output_padding_width: %lld stride_height: "
                                "%lld stride_width: %lld dilation_height: %lld dilation_width: %lld",
                                CT_H(p->output_padding, 0), CT_W(p->output_padding), CT_H(p->stride, 1),
                                CT_W(p->stride), CT_H(p->dilation, 1), CT_W(p->dilation));
    if (tc_numel(w) == 0) {
        int64_t w4[4] = {w->shape[0], w->shape[1], nd == 2 ? w->shape[2] : 1, w->shape[1 + nd]};
        return tc_error_set(err, TC_EXC_RUNTIME, "non-empty 2D or 4D weight tensor expected, but got: %s",
                            tc__shape_str(w4, 4, ws, sizeof ws));
    }
    if ((h == 0 && out[0] < 1) || out[1] < 1)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Given input size per channel: (%lld x %lld). Calculated output size per "
                            "channel: (%lld x %lld). Output size is too small",
                            CT_H(in, 1), (long long)in[1], CT_H(out, 1), (long long)out[1]);
#undef CT_H
#undef CT_W
    switch (x->dtype) {
    case TC_DTYPE_F32: case TC_DTYPE_F64: case TC_DTYPE_F16: case TC_DTYPE_BF16: case TC_DTYPE_I64: break;
    default:
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"slow_conv_transpose2d_out_cpu\" not implemented for '%s'",
                            tc__dtype_title(x->dtype));
    }
    if (x->dtype != w->dtype)
        return tc_error_set(err, TC_EXC_RUNTIME, "expected scalar type %s but found %s",
                            tc__dtype_title(x->dtype), tc__dtype_title(w->dtype));
    if (!tc_device_eq(x->device, w->device) || (b && !tc_device_eq(x->device, b->device))) {
        char a[64], c[64];
        tc__tensor_type_name(x, a, sizeof a);
        tc__tensor_type_name(tc_device_eq(x->device, w->device) ? b : w, c, sizeof c);
        return tc_error_set(err, TC_EXC_RUNTIME, "Input type (%s) and weight type (%s) should be the same", a, c);
    }
    return 0;
}

/* One dim of a stride phase: its n outputs r, r + s, ... take the m taps i0, i0 + step, ...
 * (those with r + p - i*d divisible by s), which reversed are a unit-stride convolution of
 * the input with dilation dil and leading padding pad (negative: starting that far in). */
typedef struct ct_phase {
    int64_t n, m, i0, step, dil, pad;
} ct_phase;

static int64_t gcd64(int64_t a, int64_t b) {
    while (b) {
        int64_t t = a % b;
        a = b, b = t;
    }
    return a;
}

static void ct_phase_of(int64_t r, int64_t out, int64_t k, int64_t s, int64_t p, int64_t d, ct_phase *ph) {
    ph->n = out > r ? (out - r + s - 1) / s : 0;
    ph->step = s / gcd64(s, d);
    ph->dil = d / gcd64(s, d);
    ph->m = 0;
    ph->i0 = 0;
    ph->pad = 0;
    for (int64_t i = 0; i < ph->step && i < k; i++)
        if (((r + p - i * d) % s + s) % s == 0) {
            ph->i0 = i;
            ph->m = (k - 1 - i) / ph->step + 1;
            ph->pad = ((i + (ph->m - 1) * ph->step) * d - r - p) / s;
            break;
        }
}

/* Of the phase's n*m products along one dim, those whose input lies in [0, in). */
static int64_t ct_phase_reads(const ct_phase *ph, int64_t in) {
    int64_t c = 0;
    for (int64_t i = 0; i < ph->m; i++) { /* outputs q with 0 <= q - pad + i*dil < in */
        int64_t lo = ph->pad - i * ph->dil, hi = lo + in;
        lo = lo < 0 ? 0 : lo;
        hi = hi > ph->n ? ph->n : hi;
        c += hi > lo ? hi - lo : 0;
    }
    return c;
}

/* y (contiguous, float32, [N, O, *spatial]) = conv_transpose(x, w) + b, its phases as one job
 * of the CPU's direct forward kernel; 1 when some phase does not suit it (nothing written). */
static int conv_transpose_phases(tc_tensor *y, tc_tensor *x, tc_tensor *w, tc_tensor *b, const conv_geom *g,
                                 tc_error *err) {
    void *ctx;
    const tc_backend_i *be = tc__backend(y->device, &ctx, err);
    if (!be) return -1;
    const tc_window2d *cw = &g->w; /* the convolution's: strides, paddings, dilations, kernel */
    int64_t s[2] = {cw->sh, cw->sw}, out[2] = {g->H, g->W};
    int64_t k[2] = {cw->kh, cw->kw}, pd[2] = {cw->ph, cw->pw}, dl[2] = {cw->dh, cw->dw}, in[2] = {cw->oh, cw->ow};
    int64_t Cin = g->O, O = g->C, G = g->G, Cg = Cin / G, Og = O / G;
    /* every phase that reads the input must suit the kernel; the most taps of any phase
     * size the phases' weights */
    int64_t most[2] = {0, 0}; /* [dim] */
    int64_t reads = 0, runs = 0; /* products that read the input; that the kernel makes */
    for (int64_t r0 = 0; r0 < s[0]; r0++)
        for (int64_t r1 = 0; r1 < s[1]; r1++) {
            ct_phase ph[2];
            ct_phase_of(r0, out[0], k[0], s[0], pd[0], dl[0], &ph[0]);
            ct_phase_of(r1, out[1], k[1], s[1], pd[1], dl[1], &ph[1]);
            tc_window2d pw = {ph[0].m, ph[1].m, 1, 1, ph[0].pad, ph[1].pad, ph[0].dil, ph[1].dil, ph[0].n, ph[1].n};
            if (ph[0].n && ph[1].n && ph[0].m && ph[1].m && !tc__cpu_conv_fwd_direct_ok(TC_DTYPE_F32, &pw, Cg, Og))
                return 1;
            for (int d = 0; d < 2; d++)
                if (ph[d].m > most[d]) most[d] = ph[d].m;
            /* the kernel's rows run n + (m - 1)*dil columns wide */
            reads += ct_phase_reads(&ph[0], in[0]) * ct_phase_reads(&ph[1], in[1]);
            runs += ph[0].n * ph[0].m * (ph[1].n + (ph[1].m - 1) * ph[1].dil) * ph[1].m;
        }
    /* mostly padding (an input far smaller than the output, as a 1x1 one): the products */
    if (reads * 2 < runs) return 1;
    /* the phases' taps, reversed, as [O, Cg, m0, m1] weights, and their convolutions */
    int64_t wsh[5] = {s[0] * s[1], O, Cg, most[0], most[1]};
    tc_tensor *wsub = tc__tensor_new(wsh, 5, TC_DTYPE_F32, y->device, err);
    tc_conv_part *parts = wsub ? tc__malloc((size_t)(s[0] * s[1]) * sizeof *parts) : NULL;
    if (!parts) {
        tc_tensor_unref(wsub);
        return wsub ? tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory") : -1;
    }
    tc_kview kx, ky, kb, kw0, kws;
    tc__kview(w, &kw0);
    tc__kview(wsub, &kws);
    const float *w0 = kw0.data; /* contiguous [Cin, Og, kh, kw] */
    kv_4d(x, g->nd, &kx);
    kv_4d(y, g->nd, &ky);
    if (b) tc__kview(b, &kb);
    int rc = 0;
    int64_t np = 0;
    for (int64_t r0 = 0; rc == 0 && r0 < s[0]; r0++)
        for (int64_t r1 = 0; rc == 0 && r1 < s[1]; r1++) {
            ct_phase ph[2];
            ct_phase_of(r0, out[0], k[0], s[0], pd[0], dl[0], &ph[0]);
            ct_phase_of(r1, out[1], k[1], s[1], pd[1], dl[1], &ph[1]);
            if (!ph[0].n || !ph[1].n) continue;
            /* the phase's outputs: y[:, :, r0::s0, r1::s1] */
            tc_kview dst = ky;
            dst.data = (float *)ky.data + r0 * ky.strides[2] + r1 * ky.strides[3];
            dst.shape[2] = ph[0].n, dst.shape[3] = ph[1].n;
            dst.strides[2] *= s[0], dst.strides[3] *= s[1];
            /* the input it reads: rows from max(-pad, 0) on */
            tc_kview src = kx;
            tc_window2d pw = {ph[0].m, ph[1].m, 1, 1, ph[0].pad, ph[1].pad, ph[0].dil, ph[1].dil, ph[0].n, ph[1].n};
            int64_t *pads[2] = {&pw.ph, &pw.pw};
            bool reads = ph[0].m && ph[1].m;
            for (int d = 0; d < 2; d++) {
                int64_t cut = *pads[d] < 0 ? -*pads[d] : 0;
                src.data = (float *)src.data + cut * kx.strides[2 + d];
                src.shape[2 + d] -= cut;
                *pads[d] += cut;
                /* the last input it reaches */
                int64_t last = ph[d].n - 1 - *pads[d] + (ph[d].m - 1) * ph[d].dil;
                if (src.shape[2 + d] <= 0 || last < 0 || in[d] <= 0) reads = false;
            }
            if (!reads) { /* no tap reaches the input: the bias alone */
                if (b) {
                    tc_kview bv = dst;
                    bv.data = kb.data;
                    bv.strides[0] = 0, bv.strides[1] = kb.strides[0], bv.strides[2] = 0, bv.strides[3] = 0;
                    rc = be->copy_cast(ctx, &dst, &bv, err);
                } else {
                    rc = be->fill(ctx, &dst, 0.0, err);
                }
                continue;
            }
            int64_t m0 = ph[0].m, m1 = ph[1].m;
            float *ws_ = (float *)kws.data + np * O * Cg * most[0] * most[1];
            for (int64_t gi = 0; gi < G; gi++)
                for (int64_t o = 0; o < Og; o++)
                    for (int64_t c = 0; c < Cg; c++)
                        for (int64_t i = 0; i < m0; i++)
                            for (int64_t j = 0; j < m1; j++) {
                                int64_t ki = ph[0].i0 + (m0 - 1 - i) * ph[0].step;
                                int64_t kj = ph[1].i0 + (m1 - 1 - j) * ph[1].step;
                                ws_[(((gi * Og + o) * Cg + c) * m0 + i) * m1 + j] =
                                    w0[(((gi * Cg + c) * Og + o) * k[0] + ki) * k[1] + kj];
                            }
            tc_conv_part *pt = &parts[np++];
            pt->out = dst, pt->x = src, pt->win = pw, pt->w = kws;
            pt->w.data = ws_;
            pt->w.ndim = 4;
            pt->w.shape[0] = O, pt->w.shape[1] = Cg, pt->w.shape[2] = m0, pt->w.shape[3] = m1;
            pt->w.strides[0] = Cg * m0 * m1, pt->w.strides[1] = m0 * m1, pt->w.strides[2] = m1, pt->w.strides[3] = 1;
        }
    /* every phase that reads the input in one job: a thread runs an image's phases in turn,
     * each stored straight into y's strided view */
    if (rc == 0 && np) rc = tc__cpu_conv_fwd_parts(parts, np, b ? &kb : NULL, G, err);
    tc__free(parts);
    tc_tensor_unref(wsub);
    return rc;
}

/* The weight's gradient of a transposed convolution phase by phase, as its forward: the taps
 * of phase (r0, r1) meet only the outputs y[:, :, r0::s0, r1::s1], at output q + (i*d - p -
 * r)/s for input q, so their gradient is the weight gradient of a unit-stride convolution
 * with that plane (copied out) as the input and x as the output's gradient, which the
 * direct kernels take. *used false (nothing done) when the stride is 1 or no phase suits
 * them. gy: the output's gradient; xc: x contiguous; g: the convolution's geometry. */
static tc_tensor *conv_transpose_grad_weight_phases(tc_tensor *gy, tc_tensor *w, tc_tensor *xc, const conv_geom *g,
                                                    bool *used, tc_error *err) {
    *used = false;
    void *ctx;
    const tc_backend_i *be = tc__backend(gy->device, &ctx, err);
    if (!be) return NULL;
    const tc_window2d *cw = &g->w;
    int64_t s[2] = {cw->sh, cw->sw}, out[2] = {g->H, g->W};
    int64_t k[2] = {cw->kh, cw->kw}, pd[2] = {cw->ph, cw->pw}, dl[2] = {cw->dh, cw->dw}, in[2] = {cw->oh, cw->ow};
    int64_t Cin = g->O, O = g->C, G = g->G;
    /* ungrouped, one product per image over the strided cols was as fast or faster (2x for
     * 128 -> 64 channels at 16x16); grouped, the products are small and the phases win (5x
     * for four groups of eight) */
    if ((s[0] == 1 && s[1] == 1) || G == 1) return NULL;
    /* some phase's plane suits the direct weight gradient (each phase picks its own path) */
    bool any = false;
    for (int64_t r0 = 0; r0 < s[0] && !any; r0++)
        for (int64_t r1 = 0; r1 < s[1] && !any; r1++) {
            ct_phase ph[2];
            ct_phase_of(r0, out[0], k[0], s[0], pd[0], dl[0], &ph[0]);
            ct_phase_of(r1, out[1], k[1], s[1], pd[1], dl[1], &ph[1]);
            tc_window2d pw = {ph[0].m, ph[1].m, 1, 1, 0, 0, ph[0].dil, ph[1].dil, in[0], in[1]};
            tc_kview kp = {0};
            kp.ndim = 4, kp.shape[2] = ph[0].n, kp.shape[3] = ph[1].n, kp.strides[3] = 1, kp.strides[2] = ph[1].n;
            any = ph[0].n && ph[1].n && ph[0].m && ph[1].m &&
                  tc__cpu_conv_grads_direct_ok(TC_DTYPE_F32, &pw, &kp, O / G, Cin / G, false);
        }
    if (!any) return NULL;
    *used = true;
    tc_tensor *gw = tc__tensor_new(w->shape, w->ndim, w->dtype, w->device, err);
    if (!gw || tc_fill_(gw, 0.0, err)) { /* taps no output meets keep 0 */
        tc_tensor_unref(gw);
        return NULL;
    }
    tc_kview ky, kgw;
    kv_4d(gy, g->nd, &ky);
    kv_4d(gw, g->nd, &kgw);
    int rc = 0;
    for (int64_t r0 = 0; rc == 0 && r0 < s[0]; r0++)
        for (int64_t r1 = 0; rc == 0 && r1 < s[1]; r1++) {
            ct_phase ph[2];
            ct_phase_of(r0, out[0], k[0], s[0], pd[0], dl[0], &ph[0]);
            ct_phase_of(r1, out[1], k[1], s[1], pd[1], dl[1], &ph[1]);
            int64_t pad[2], cut[2], xs[4] = {g->N, O, 0, 0}, ws[4] = {Cin, O / G, ph[0].m, ph[1].m};
            bool meets = ph[0].m && ph[1].m;
            for (int d = 0; d < 2; d++) {
                pad[d] = (pd[d] + (d ? r1 : r0) - ph[d].i0 * dl[d]) / s[d];
                cut[d] = pad[d] < 0 ? -pad[d] : 0;
                pad[d] += cut[d];
                xs[2 + d] = ph[d].n - cut[d];
                if (xs[2 + d] <= 0) meets = false;
            }
            if (!meets) continue;
            /* the plane the phase's taps meet: gy[:, :, r0 + cut0*s0 :: s0, r1 + cut1*s1 :: s1] */
            tc_kview src = ky;
            src.data = (float *)ky.data + (r0 + cut[0] * s[0]) * ky.strides[2] + (r1 + cut[1] * s[1]) * ky.strides[3];
            src.shape[2] = xs[2], src.shape[3] = xs[3];
            src.strides[2] *= s[0], src.strides[3] *= s[1];
            tc_tensor *plane = tc__tensor_new(xs, 4, gy->dtype, gy->device, err);
            tc_tensor *wsub = plane ? tc__tensor_new(ws, 4, w->dtype, w->device, err) : NULL;
            tc_tensor *gsub = NULL;
            rc = wsub ? 0 : -1;
            if (rc == 0) {
                tc_kview kpl;
                tc__kview(plane, &kpl);
                rc = be->copy_cast(ctx, &kpl, &src, err);
            }
            if (rc == 0) {
                /* a convolution of the plane with the phase's taps whose output has x's size */
                tc_conv_params pp = {{1, 1}, {pad[0], pad[1]}, {0, 0}, {ph[0].dil, ph[1].dil}, G, {0, 0}};
                for (int d = 0; d < 2; d++)
                    pp.padding_end[d] = in[d] - xs[2 + d] - pad[d] + ph[d].dil * (ph[d].m - 1);
                conv_geom pg;
                conv_geom_of(&pg, xs, wsub, 2, &pp);
                gsub = conv_grad_weight(plane, wsub, xc, &pg, err);
                rc = gsub ? 0 : -1;
            }
            if (rc == 0) { /* its taps into gw[:, :, i0::step0, j0::step1] */
                tc_kview kgs, dst = kgw;
                tc__kview(gsub, &kgs);
                dst.data = (float *)kgw.data + ph[0].i0 * kgw.strides[2] + ph[1].i0 * kgw.strides[3];
                dst.shape[2] = ph[0].m, dst.shape[3] = ph[1].m;
                dst.strides[2] *= ph[0].step, dst.strides[3] *= ph[1].step;
                rc = be->copy_cast(ctx, &dst, &kgs, err);
            }
            tc_tensor_unref(plane);
            tc_tensor_unref(wsub);
            tc_tensor_unref(gsub);
        }
    if (rc) {
        tc_tensor_unref(gw);
        return NULL;
    }
    return gw;
}

/* y [N, O, *ys spatial] = conv_transpose(x, w) + b (b of x's dtype, or NULL); g: the
 * convolution's geometry. New reference or NULL. */
static tc_tensor *conv_transpose_forward(tc_tensor *x, tc_tensor *w, tc_tensor *b, const conv_geom *g,
                                         const int64_t *ys, tc_error *err) {
    void *ctx;
    const tc_backend_i *be = tc__backend(x->device, &ctx, err);
    if (!be || need_slots(be, false, err)) return NULL;
    tc_tensor *y = tc__tensor_new(ys, 2 + g->nd, x->dtype, x->device, err);
    if (!y || tc_numel(y) == 0) return y;
    tc_tensor *xc = contiguous_as(x, x->dtype, err);
    tc_tensor *wc = xc ? tc_contiguous(w, err) : NULL;
    int rc = wc ? 1 : -1;
    if (wc && x->device.type == TC_DEVICE_CPU && x->dtype == TC_DTYPE_F32 && g->O > 0)
        rc = conv_transpose_phases(y, xc, wc, b, g, err);
    if (rc == 1) {
        tc_kview ky, kb;
        kv_4d(y, g->nd, &ky);
        rc = conv_grad_input_into(y, &ky, wc, xc, g, err);
        if (rc == 0 && b) { /* y[n, o, :] += b[o] */
            tc__kview(b, &kb);
            int64_t sh[3] = {g->N, g->C, g->H * g->W}, so[3] = {g->C * g->H * g->W, g->H * g->W, 1};
            int64_t sb[3] = {0, kb.strides[0], 0};
            tc_kview dst = kv3(&ky, 0, sh, so), bias = kv3(&kb, 0, sh, sb);
            rc = be->binary(ctx, TC_OP_ADD, &dst, &dst, &bias, err);
        }
    }
    tc_tensor_unref(xc);
    tc_tensor_unref(wc);
    if (rc) {
        tc_tensor_unref(y);
        return NULL;
    }
    return y;
}

tc_tensor *tc_conv_transpose(tc_tensor *x, tc_tensor *w, tc_tensor *b, int nd, const tc_conv_params *p,
                             tc_error *err) {
    TC_ASSERT(nd == 1 || nd == 2);
    int64_t ys[4];
    if (conv_transpose_check(x, w, b, nd, p, ys, err)) return NULL;
    tc_conv_params cp;
    transpose_as_conv(p, &cp);
    conv_geom g;
    conv_geom_of(&g, ys, w, nd, &cp);
    /* PyTorch takes a bias of another floating dtype */
    tc_tensor *bc = b ? contiguous_as(b, x->dtype, err) : NULL;
    if (b && !bc) return NULL;
    tc_tensor *out = conv_transpose_forward(x, w, bc, &g, ys, err);
    tc_tensor_unref(bc);
    if (out && tc_grad_enabled() && (x->requires_grad || w->requires_grad || (b && b->requires_grad))) {
        tc__gargs a;
        params_to_args(&cp, nd, &a);
        a.b = 1; /* transposed */
        tc_tensor *ins[3] = {x, w, b};
        if (tc__grad_record_n(out, "ConvolutionBackward0", TC_G_CONV, ins, 3, &a, err)) {
            tc_tensor_unref(out);
            return NULL;
        }
    }
    return out;
}

/* ---- pooling ------------------------------------------------------------------------------------ */

/* PyTorch's pooling_output_shape with its checks (stride, padding against the window). */
static int pool_out_size(int64_t in, int64_t k, int64_t pad, int64_t s, int64_t d, bool ceil_mode,
                         int64_t *out, tc_error *err) {
    if (s == 0) return tc_error_set(err, TC_EXC_RUNTIME, "stride should not be zero");
    if (pad < 0) return tc_error_set(err, TC_EXC_RUNTIME, "pad must be non-negative, but got pad: %lld", (long long)pad);
    if (pad > ((k - 1) * d + 1) / 2)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "pad should be at most half of effective kernel size, but got pad=%lld, "
                            "kernel_size=%lld and dilation=%lld",
                            (long long)pad, (long long)k, (long long)d);
    int64_t num = in + 2 * pad - d * (k - 1) - 1 + (ceil_mode ? s - 1 : 0);
    int64_t o = (num >= 0 ? num / s : -((-num + s - 1) / s)) + 1; /* floor division */
    if (ceil_mode && (o - 1) * s >= in + pad) o--;
    *out = o;
    return 0;
}

static int pool_shape_check(tc_tensor *x, const tc_window2d *w, tc_error *err) {
    if (w->kh <= 0 || w->kw <= 0)
        return tc_error_set(err, TC_EXC_RUNTIME, "kernel size should be greater than zero, but got kH: %lld kW: %lld",
                            (long long)w->kh, (long long)w->kw);
    if (w->sh <= 0 || w->sw <= 0)
        return tc_error_set(err, TC_EXC_RUNTIME, "stride should be greater than zero, but got dH: %lld dW: %lld",
                            (long long)w->sh, (long long)w->sw);
    if (w->dh <= 0 || w->dw <= 0)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "dilation should be greater than zero, but got dilationH: %lld dilationW: %lld",
                            (long long)w->dh, (long long)w->dw);
    int nd = x->ndim;
    bool valid = (nd == 3 && x->shape[0] != 0 && x->shape[1] != 0 && x->shape[2] != 0) ||
            (nd == 4 && x->shape[1] != 0 && x->shape[2] != 0 && x->shape[3] != 0);
    if (!valid) {
        char s[256];
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for "
                            "input, but got:%s",
                            tc__shape_str(x->shape, x->ndim, s, sizeof s));
    }
    if (w->oh < 1 || w->ow < 1) {
        int64_t c = x->shape[nd - 3];
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Given input size: (%lldx%lldx%lld). Calculated output size: "
                            "(%lldx%lldx%lld). Output size is too small",
                            (long long)c, (long long)x->shape[nd - 2], (long long)x->shape[nd - 1],
                            (long long)c, (long long)w->oh, (long long)w->ow);
    }
    return 0;
}

static void pool_to_args(const tc_pool2d *p, tc__gargs *a) {
    memset(a, 0, sizeof *a);
    const tc_window2d *w = &p->w;
    int64_t v[10] = {w->kh, w->kw, w->sh, w->sw, w->ph, w->pw, w->dh, w->dw, w->oh, w->ow};
    memcpy(a->shape, v, sizeof v);
    a->a = p->op;
    a->b = p->count_include_pad;
    a->c = p->divisor;
}

static void args_to_pool(const tc__gargs *a, tc_pool2d *p) {
    tc_window2d *w = &p->w;
    w->kh = a->shape[0];
    w->kw = a->shape[1];
    w->sh = a->shape[2];
    w->sw = a->shape[3];
    w->ph = a->shape[4];
    w->pw = a->shape[5];
    w->dh = a->shape[6];
    w->dw = a->shape[7];
    w->oh = a->shape[8];
    w->ow = a->shape[9];
    p->op = (tc_pool_op)a->a;
    p->count_include_pad = a->b != 0;
    p->divisor = a->c;
}

/* Run a pooling over x (3-D or 4-D, checked) into a new output (and int64 indices for max). */
static tc_tensor *pool_run(tc_tensor *x, const tc_pool2d *p, const char *name, tc_tensor **idx_out,
                           tc_error *err) {
    void *ctx;
    const tc_backend_i *be = tc__backend(x->device, &ctx, err);
    if (!be || need_slots(be, true, err)) return NULL;
    int64_t shape[4];
    int nd = x->ndim;
    for (int i = 0; i < nd - 2; i++) shape[i] = x->shape[i];
    shape[nd - 2] = p->w.oh;
    shape[nd - 1] = p->w.ow;
    tc_tensor *out = tc__tensor_new(shape, nd, x->dtype, x->device, err);
    /* max pooling's indices only when the caller or the gradient reads them */
    bool want_idx = p->op == TC_POOL_MAX && (idx_out || tc__needs_grad(x, NULL));
    tc_tensor *idx = out && want_idx ? tc__tensor_new(shape, nd, TC_DTYPE_I64, x->device, err) : NULL;
    if (!out || (want_idx && !idx)) {
        tc_tensor_unref(out);
        return NULL;
    }
    tc_kview ko, ki = {0}, kx;
    tc__kview(out, &ko);
    tc__kview(x, &kx);
    if (idx) tc__kview(idx, &ki);
    if (nd == 3) { /* one image */
        tc_kview *vs[3] = {&ko, &ki, &kx};
        for (int v = 0; v < 3; v++) {
            for (int i = 3; i > 0; i--) {
                vs[v]->shape[i] = vs[v]->shape[i - 1];
                vs[v]->strides[i] = vs[v]->strides[i - 1];
            }
            vs[v]->shape[0] = 1;
            vs[v]->strides[0] = 0;
            vs[v]->ndim = 4;
        }
    }
    int rc = tc_numel(out) ? be->pool2d(ctx, p, &ko, idx ? &ki : NULL, &kx, err) : 0;
    if (rc == 0 && tc__needs_grad(x, NULL)) {
        tc__gargs a;
        pool_to_args(p, &a);
        rc = tc__grad_record(out, name, TC_G_POOL, x, NULL, idx, &a, err);
    }
    if (rc) {
        tc_tensor_unref(out);
        tc_tensor_unref(idx);
        return NULL;
    }
    if (idx_out) *idx_out = idx;
    else tc_tensor_unref(idx);
    return out;
}

tc_tensor *tc__pool_backward(tc_tensor *x, tc_tensor *idx, const tc__gargs *a, tc_tensor *g,
                             tc_error *err) {
    void *ctx;
    const tc_backend_i *be = tc__backend(x->device, &ctx, err);
    if (!be) return NULL;
    tc_pool2d p;
    args_to_pool(a, &p);
    tc_tensor *gc = g->dtype == x->dtype ? tc_tensor_ref(g) : tc__cast(g, x->dtype, err);
    tc_tensor *gx = gc ? tc__tensor_new(x->shape, x->ndim, x->dtype, x->device, err) : NULL;
    if (!gx) {
        tc_tensor_unref(gc);
        return NULL;
    }
    tc_kview kx, kg, ki = {0};
    tc__kview(gx, &kx);
    tc__kview(gc, &kg);
    if (idx) tc__kview(idx, &ki);
    if (x->ndim == 3) {
        tc_kview *vs[3] = {&kx, &kg, &ki};
        for (int v = 0; v < 3; v++) {
            for (int i = 3; i > 0; i--) {
                vs[v]->shape[i] = vs[v]->shape[i - 1];
                vs[v]->strides[i] = vs[v]->strides[i - 1];
            }
            vs[v]->shape[0] = 1;
            vs[v]->strides[0] = 0;
            vs[v]->ndim = 4;
        }
    }
    int rc = tc_numel(gx) ? be->pool2d_backward(ctx, &p, &kx, &kg, idx ? &ki : NULL, err) : 0;
    tc_tensor_unref(gc);
    if (rc) {
        tc_tensor_unref(gx);
        return NULL;
    }
    return gx;
}

int tc_max_pool2d(tc_tensor *x, const int64_t kernel[2], const int64_t stride[2],
                  const int64_t padding[2], const int64_t dilation[2], bool ceil_mode,
                  tc_tensor **values, tc_tensor **indices, tc_error *err) {
    if (tc__require_strided(x, "max_pool2d_with_indices", err)) return -1;
    if (x->ndim != 3 && x->ndim != 4)
        return tc_error_set(err, TC_EXC_RUNTIME, "non-empty 3D or 4D (batch mode) tensor expected for input");
    if (x->dtype == TC_DTYPE_BOOL)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"max_pool2d\" not implemented for 'Bool'");
    tc_pool2d p = {.op = TC_POOL_MAX};
    tc_window2d *w = &p.w;
    *w = (tc_window2d){kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1],
                       dilation[0], dilation[1], 0, 0};
    int nd = x->ndim;
    if (pool_out_size(x->shape[nd - 2], w->kh, w->ph, w->sh, w->dh, ceil_mode, &w->oh, err) ||
        pool_out_size(x->shape[nd - 1], w->kw, w->pw, w->sw, w->dw, ceil_mode, &w->ow, err) ||
        pool_shape_check(x, w, err))
        return -1;
    tc_tensor *idx = NULL;
    tc_tensor *out = pool_run(x, &p, "MaxPool2DWithIndicesBackward0", indices ? &idx : NULL, err);
    if (!out) return -1;
    *values = out;
    if (indices) *indices = idx;
    return 0;
}

tc_tensor *tc_avg_pool2d(tc_tensor *x, const int64_t kernel[2], const int64_t stride[2],
                         const int64_t padding[2], bool ceil_mode, bool count_include_pad,
                         const int64_t *divisor_override, tc_error *err) {
    if (tc__require_strided(x, "avg_pool2d", err)) return NULL;
    if (x->ndim < 3) {
        tc__wrap_dim(-3, x->ndim, &(int){0}, err);
        return NULL;
    }
    if (x->ndim != 3 && x->ndim != 4) {
        char s[256];
        tc_error_set(err, TC_EXC_RUNTIME, "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:%s",
                     tc__shape_str(x->shape, x->ndim, s, sizeof s));
        return NULL;
    }
    if (divisor_override && *divisor_override == 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "divisor must be not zero");
        return NULL;
    }
    if (x->dtype == TC_DTYPE_BOOL) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"avg_pool2d\" not implemented for 'Bool'");
        return NULL;
    }
    tc_pool2d p = {.op = TC_POOL_AVG, .count_include_pad = count_include_pad,
                   .divisor = divisor_override ? *divisor_override : 0};
    tc_window2d *w = &p.w;
    *w = (tc_window2d){kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], 1, 1, 0, 0};
    int nd = x->ndim;
    if (pool_out_size(x->shape[nd - 2], w->kh, w->ph, w->sh, 1, ceil_mode, &w->oh, err) ||
        pool_out_size(x->shape[nd - 1], w->kw, w->pw, w->sw, 1, ceil_mode, &w->ow, err) ||
        pool_shape_check(x, w, err))
        return NULL;
    return pool_run(x, &p, "AvgPool2DBackward0", NULL, err);
}

tc_tensor *tc_adaptive_avg_pool2d(tc_tensor *x, int64_t oh, int64_t ow, tc_error *err) {
    char s[256];
    if (tc__require_strided(x, "adaptive_avg_pool2d", err)) return NULL;
    if (x->ndim != 3 && x->ndim != 4) {
        tc_error_set(err, TC_EXC_RUNTIME, "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got %s",
                     tc__shape_str(x->shape, x->ndim, s, sizeof s));
        return NULL;
    }
    for (int i = 1; i < x->ndim; i++)
        if (x->shape[i] == 0) {
            tc_error_set(err, TC_EXC_RUNTIME,
                         "adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch "
                         "dimensions, but input has sizes %s with dimension %d being empty",
                         tc__shape_str(x->shape, x->ndim, s, sizeof s), i);
            return NULL;
        }
    if (oh < 0 || ow < 0) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 "
                     "but received {%lld, %lld}",
                     (long long)oh, (long long)ow);
        return NULL;
    }
    if (x->dtype == TC_DTYPE_BOOL) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"adaptive_avg_pool2d\" not implemented for 'Bool'");
        return NULL;
    }
    tc_pool2d p = {.op = TC_POOL_ADAPTIVE_AVG};
    p.w = (tc_window2d){1, 1, 1, 1, 0, 0, 1, 1, oh, ow};
    return pool_run(x, &p, "AdaptiveAvgPool2DBackward0", NULL, err);
}
