/*
 * torch.nn.functional.interpolate's native ops: nearest, nearest-exact, (bi/tri)linear and
 * bicubic upsampling of [N, C, spatial...] tensors, forward and backward, with PyTorch's choice
 * of kernel (which decides the last bits: see cpu-upsample.c), memory format and autograd
 * node. The compute is the CPU's; a tensor on another device goes there and back (the transfer
 * ledger counts it under "interpolate"); F.interpolate resamples a device tensor on its device
 * instead, in Python (torch__nn__functional.py _upsample_on_device).
 */
#include <stdio.h>
#include <string.h>

#include "tensorcore/alloc.h"
#include "tc-impl.h"

/* Whether x's strides are channels-last (C, W, H, (D), N from the fastest), dims of size 1
 * ignored: PyTorch's is_contiguous(ChannelsLast / ChannelsLast3d). */
static bool strides_channels_last(const tc_tensor *x) {
    if (x->ndim != 4 && x->ndim != 5) return false;
    int nd = x->ndim;
    int order[5] = {1, nd - 1, nd - 2, nd == 5 ? 2 : 0, 0};
    int64_t expect = 1;
    for (int i = 0; i < nd; i++) {
        int d = order[i];
        if (x->shape[d] != 1 && x->strides[d] != expect) return false;
        expect *= x->shape[d];
    }
    return true;
}

/* PyTorch's memory-format rule for the result: channels-last when x is laid out so and not
 * also plainly contiguous (suggest_memory_format for 4-D and 5-D tensors). */
static bool is_channels_last(const tc_tensor *x) {
    return strides_channels_last(x) && !tc_is_contiguous(x);
}

/* PyTorch's node names: the op's, and (twice) its gradient's under create_graph. */
#define UP_NAMES(SUF)                                                                            \
    {{"UpsampleNearest1D" SUF, "UpsampleNearest2D" SUF, "UpsampleNearest3D" SUF},               \
     {"UpsampleNearestExact1D" SUF, "UpsampleNearestExact2D" SUF, "UpsampleNearestExact3D" SUF}, \
     {"UpsampleLinear1D" SUF, "UpsampleBilinear2D" SUF, "UpsampleTrilinear3D" SUF},             \
     {"", "UpsampleBicubic2D" SUF, ""}}

static const char *node_name(tc_upsample_mode m, int nd, bool twice) {
    static const char *const names[4][3] = UP_NAMES("Backward0");
    static const char *const names2[4][3] = UP_NAMES("BackwardBackward0");
    return twice ? names2[m][nd - 1] : names[m][nd - 1];
}

/* The plan of an upsampling of x (checked) to size with scales. */
static void plan_of(tc__upsample *u, const tc_tensor *x, tc_upsample_mode mode, const int64_t *size,
                    const double *scales, bool align_corners) {
    memset(u, 0, sizeof *u);
    int nd = x->ndim - 2;
    u->mode = mode;
    u->nd = nd;
    u->align_corners = align_corners && (mode == TC_UPSAMPLE_LINEAR || mode == TC_UPSAMPLE_CUBIC);
    u->weights = x->dtype;
    u->planes = x->shape[0] * x->shape[1];
    u->channels = x->shape[1];
    for (int d = 0; d < nd; d++) {
        u->in[d] = x->shape[d + 2];
        u->out[d] = size[d];
        u->scales[d] = scales && scales[d] > 0 ? scales[d] : 0;
    }
    /* PyTorch's _use_vectorized_kernel_cond_2d / _3d: its channels-last kernels for
     * channels-last inputs of more than three channels and, in 2-D, for small outputs */
    bool cl_in = is_channels_last(x) && x->shape[1] > 3;
    bool cond = nd == 2 ? cl_in || size[0] + size[1] <= 128 : nd == 3 ? cl_in : false;
    if (mode == TC_UPSAMPLE_LINEAR)
        u->cl_form = cond || (nd == 2 && tc__cpu_threads() == 1 && x->shape[1] == 3);
    else if (mode == TC_UPSAMPLE_NEAREST || mode == TC_UPSAMPLE_NEAREST_EXACT)
        u->cl_nearest = cond;
}

/* t on the CPU as a contiguous float32/float64 tensor (new reference). */
static tc_tensor *cpu_operand(tc_tensor *t, tc_dtype dt, tc_error *err) {
    tc_tensor *c = tc_to(t, dt, tc_device_cpu(), "interpolate", err);
    if (!c) return NULL;
    tc_tensor *r = tc_contiguous(c, err);
    tc_tensor_unref(c);
    return r;
}

/* r (contiguous, on the CPU, compute dtype) as the op's result: dtype dt on dev, laid out
 * channels-last when cl. Steals r. */
static tc_tensor *finish(tc_tensor *r, tc_dtype dt, tc_device dev, bool cl, tc_error *err) {
    if (cl) {
        int nd = r->ndim;
        int to_cl[5] = {0, 2, 3, 4, 1}, from_cl[5] = {0, nd - 1, 1, 2, 3};
        if (nd == 4) to_cl[3] = 1;
        tc_tensor *p = tc_permute(r, to_cl, nd, err);
        tc_tensor *c = p ? tc_contiguous(p, err) : NULL;
        tc_tensor_unref(p);
        tc_tensor *b = c ? tc_permute(c, from_cl, nd, err) : NULL;
        tc_tensor_unref(c);
        tc_tensor_unref(r);
        if (!(r = b)) return NULL;
    }
    tc_tensor *o = tc_to(r, dt, dev, NULL, err);
    tc_tensor_unref(r);
    return o;
}

/* Float dtypes, and uint8 for the nearest modes (exact through float32); elsewhere PyTorch's
 * error, which names the part of its kernel that dispatched on the dtype. */
static int dtype_check(const tc__upsample *u, tc_dtype dt, tc_error *err) {
    bool nearest = u->mode == TC_UPSAMPLE_NEAREST || u->mode == TC_UPSAMPLE_NEAREST_EXACT;
    if (tc_dtype_is_float(dt) || (dt == TC_DTYPE_U8 && nearest)) return 0;
    if (dt == TC_DTYPE_U8 && u->nd == 2)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                            "interpolate: uint8 input is not supported yet for mode '%s'",
                            u->mode == TC_UPSAMPLE_CUBIC ? "bicubic" : "bilinear");
    const char *what;
    char buf[64];
    if (u->mode == TC_UPSAMPLE_CUBIC) {
        what = "compute_indices_weights_cubic";
    } else if (nearest ? u->cl_nearest : u->cl_form) {
        snprintf(buf, sizeof buf, "upsample_%s%dd_channels_last",
                 nearest ? "nearest" : u->nd == 2 ? "bilinear" : "trilinear", u->nd);
        what = buf;
    } else {
        what = nearest ? "compute_indices_weights_nearest" : "compute_indices_weights_linear";
    }
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"%s\" not implemented for '%s'", what,
                        tc__dtype_title(dt));
}

static tc_dtype compute_dtype(tc_dtype dt) { return dt == TC_DTYPE_F64 ? TC_DTYPE_F64 : TC_DTYPE_F32; }

static void plan_to_args(const tc__upsample *u, tc__gargs *a) {
    memset(a, 0, sizeof *a);
    a->a = u->mode;
    a->b = u->align_corners;
    a->ndim = u->nd;
    for (int d = 0; d < u->nd; d++) a->shape[d] = u->out[d];
    a->scalar = u->scales[0];
    a->lo = u->scales[1];
    a->hi = u->scales[2];
}

tc_tensor *tc_upsample(tc_tensor *x, tc_upsample_mode mode, const int64_t *size,
                       const double *scales, bool align_corners, tc_error *err) {
    if (tc__require_strided(x, "upsample", err)) return NULL;
    int nd = x->ndim - 2;
    if (nd < 1 || nd > 3 || (mode == TC_UPSAMPLE_CUBIC && nd != 2)) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "upsampling of %d-D input is not supported", x->ndim);
        return NULL;
    }
    char s[256];
    for (int d = 0; d < nd; d++)
        if (x->shape[d + 2] <= 0 || size[d] <= 0) {
            tc_error_set(err, TC_EXC_RUNTIME,
                         "Input and output sizes should be greater than 0, but got input %s output sizes of %lld",
                         tc__shape_str(x->shape, x->ndim, s, sizeof s), (long long)size[d]);
            return NULL;
        }
    tc__upsample u;
    plan_of(&u, x, mode, size, scales, align_corners);
    if (dtype_check(&u, x->dtype, err)) return NULL;
    tc_dtype cdt = compute_dtype(x->dtype);
    tc_tensor *xc = cpu_operand(x, cdt, err);
    if (!xc) return NULL;
    int64_t shape[5] = {x->shape[0], x->shape[1]};
    for (int d = 0; d < nd; d++) shape[d + 2] = size[d];
    tc_tensor *r = tc__tensor_new(shape, x->ndim, cdt, tc_device_cpu(), err);
    if (!r) {
        tc_tensor_unref(xc);
        return NULL;
    }
    tc_kview ko, kx;
    tc__kview(r, &ko);
    tc__kview(xc, &kx);
    int rc = tc_numel(r) ? tc__cpu_upsample(&u, cdt, ko.data, kx.data, err) : 0;
    tc_tensor_unref(xc);
    if (rc) {
        tc_tensor_unref(r);
        return NULL;
    }
    tc_tensor *out = finish(r, x->dtype, x->device, is_channels_last(x), err);
    if (out && tc__needs_grad(x, NULL)) {
        tc__gargs a;
        plan_to_args(&u, &a);
        if (tc__grad_record(out, node_name(mode, nd, false), TC_G_UPSAMPLE, x, NULL, NULL, &a, err)) {
            tc_tensor_unref(out);
            return NULL;
        }
    }
    return out;
}

tc_tensor *tc__upsample_backward(tc_tensor *x, const tc__gargs *a, tc_tensor *g, tc_error *err) {
    double scales[3] = {a->scalar, a->lo, a->hi};
    tc__upsample u;
    plan_of(&u, x, (tc_upsample_mode)a->a, a->shape, scales, a->b != 0);
    /* PyTorch's channels-last backward (for a gradient laid out so, which a one-channel
     * gradient always is) differs in its 3-D kernel's last bits */
    u.bwd_cl = strides_channels_last(g);
    tc_dtype cdt = compute_dtype(x->dtype);
    tc_tensor *gc = cpu_operand(g, cdt, err);
    tc_tensor *gx = gc ? tc__tensor_new(x->shape, x->ndim, cdt, tc_device_cpu(), err) : NULL;
    if (!gx) {
        tc_tensor_unref(gc);
        return NULL;
    }
    tc_kview kg, kx;
    tc__kview(gc, &kg);
    tc__kview(gx, &kx);
    int rc = tc_numel(gx) ? tc__cpu_upsample_backward(&u, cdt, kx.data, kg.data, err) : 0;
    tc_tensor_unref(gc);
    if (rc) {
        tc_tensor_unref(gx);
        return NULL;
    }
    tc_tensor *r = finish(gx, x->dtype, x->device, false, err);
    if (r && tc__needs_grad(g, NULL) &&
        tc__grad_record(r, node_name(u.mode, u.nd, true), TC_G_UPSAMPLE_BWD, g, NULL, NULL, a, err)) {
        tc_tensor_unref(r);
        return NULL;
    }
    return r;
}

tc_tensor *tc__upsample_double(const tc__gargs *a, tc_tensor *gg, tc_error *err) {
    double scales[3] = {a->scalar, a->lo, a->hi};
    return tc_upsample(gg, (tc_upsample_mode)a->a, a->shape, scales, a->b != 0, err);
}
