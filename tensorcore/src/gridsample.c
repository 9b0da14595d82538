/*
 * torch.grid_sampler_2d on the CPU (F.grid_sample of a 4-D input), float32 and float64, as
 * ATen's vectorised CPU kernel (GridSamplerKernel.cpp) computes it, so that outputs are
 * PyTorch's bits: a coordinate unnormalized as (g + 1) * size / 2 - 1/2 (align_corners:
 * (g + 1) * (size - 1) / 2), reflected and clipped in its vector form; bilinear weights as
 * products of distances to the far sides (1 - fraction); corners outside the input read as 0;
 * nearest rounds half to even; bicubic takes ATen's cubic convolution coefficients over 4x4
 * taps, each tap through the padding mode. Where PyTorch's CPU kernels are compiled with
 * FMA (an AVX2 or AVX-512 CPU), the multiply-adds its compiler fuses are fused here (fma()).
 *
 * The backward walks each batch's points in vectors of ATen's width (8 float32 or 4 float64
 * lanes with AVX2, 16 or 8 with AVX-512) and adds into the input gradient corner by corner,
 * then lane by lane, as ATen's scatter does, so sums into a shared pixel happen in its order.
 * Batches run on the threads (each owns its slice of the input gradient).
 */
#include <stdint.h>
#include <tgmath.h> /* floor, trunc, rint, fabs, fma of T */

#include "tc-impl.h"

enum { GS_BILINEAR, GS_NEAREST, GS_BICUBIC };
enum { GS_ZEROS, GS_BORDER, GS_REFLECTION };
enum { GS_MAX_LANES = 16 };
/* how the bicubic sums are fused (sum4 in gridsample-impl.inc) */
enum { GS_SUMS_PARTLY, GS_SUMS_FUSE_FIRST, GS_SUMS_FUSE_SECOND };

typedef struct gs_job {
    const void *input, *grid, *gout; /* gout: contiguous [N, C, Ho, Wo] */
    void *out, *ginput, *ggrid;      /* contiguous; ginput may be NULL */
    int64_t N, C, H, W, Ho, Wo;
    int64_t is[4], gs[4];            /* element strides of input and grid */
    int mode, pad, lanes;
    bool align, fused, flat_grid;
    /* bicubic sums: PyTorch's compiler fused their multiply-adds differently in each copy of
     * its kernel (found against its outputs): the rows partly and the column fully in general,
     * everything with reflection padding when the grid is not contiguous (each walk its own
     * way; with x of unit stride a few points in a hundred still differ in the last bit) */
    int sums;
} gs_job;

/* The int32 conversion of an integral value ATen's kernel makes: INT32_MIN when out of range
 * or NaN (so that no bounds check passes). */
static inline int64_t gs_int(double v) {
    return v >= -2147483648.0 && v < 2147483648.0 ? (int64_t)v : INT32_MIN;
}

#define T float
#define FN(n) gs_##n##_f32
#include "gridsample-impl.inc"
#undef T
#undef FN
#define T double
#define FN(n) gs_##n##_f64
#include "gridsample-impl.inc"
#undef T
#undef FN

/* The same kernels built for AVX2 with FMA, where fma() is one instruction (the portable
 * build calls the C library's), run where PyTorch's fused kernels would. */
#if defined(__x86_64__)
TC_TARGET_BEGIN("avx2,fma")
#define T float
#define FN(n) gs_##n##_f32_avx2
#include "gridsample-impl.inc"
#undef T
#undef FN
#define T double
#define FN(n) gs_##n##_f64_avx2
#include "gridsample-impl.inc"
#undef T
#undef FN
TC_TARGET_END
#define GS_PICK(name, f64, fused) \
    ((fused) ? ((f64) ? gs_##name##_f64_avx2 : gs_##name##_f32_avx2) : ((f64) ? gs_##name##_f64 : gs_##name##_f32))
#else
#define GS_PICK(name, f64, fused) ((f64) ? gs_##name##_f64 : gs_##name##_f32)
#endif

/* ATen's grid walk of a batch: 1 when its [Ho, Wo, 2] elements lie in order, 2 when x has
 * unit stride (or Wo is 1), 3 otherwise; *flat when it walks the batch's points as one line
 * (1, and 2 when [Ho, Wo] lies in order), else row by row. */
static int gs_grid_walk(const tc_tensor *g, bool *flat) {
    int64_t Ho = g->shape[1], Wo = g->shape[2], sh = g->strides[1], sw = g->strides[2], sc = g->strides[3];
    *flat = true;
    if ((Wo == 1 || sw == 2) && sc == 1 && (Ho == 1 || sh == 2 * Wo)) return 1;
    *flat = (Wo == 1 || sw == 1) && (Ho == 1 || sh == Wo);
    return sw == 1 || Wo == 1 ? 2 : 3;
}

static void gs_job_init(gs_job *j, const tc_tensor *input, const tc_tensor *grid, int mode, int pad, bool align) {
    bool f64 = input->dtype == TC_DTYPE_F64, flat;
    int isa = tc__cpu_isa(), walk = gs_grid_walk(grid, &flat);
    int sums = mode != GS_BICUBIC || pad != GS_REFLECTION || walk == 1 ? GS_SUMS_PARTLY
               : walk == 2                                             ? GS_SUMS_FUSE_SECOND
                                                                       : GS_SUMS_FUSE_FIRST;
    *j = (gs_job){.input = tc_data_ptr(input), .grid = tc_data_ptr(grid), .N = input->shape[0],
                  .C = input->shape[1], .H = input->shape[2], .W = input->shape[3],
                  .Ho = grid->shape[1], .Wo = grid->shape[2], .mode = mode, .pad = pad, .align = align,
                  .fused = isa > 0, .lanes = (isa == 2 ? 64 : 32) / (f64 ? 8 : 4),
                  .flat_grid = flat, .sums = sums};
    for (int d = 0; d < 4; d++) {
        j->is[d] = input->strides[d];
        j->gs[d] = grid->strides[d];
    }
}

typedef struct gs_ctx {
    tc_tensor *input, *grid;
    int mode, pad;
    bool align;
} gs_ctx;

static void gs_ctx_free(void *p) {
    gs_ctx *c = p;
    tc_tensor_unref(c->input);
    tc_tensor_unref(c->grid);
    tc__free(c);
}

/* GridSampler2DBackward0: the input's and the grid's gradients in one walk. */
static int gs_backward(void *p, tc_tensor *g, int n, tc_tensor **grads, tc_error *err) {
    const gs_ctx *c = p;
    for (int i = 0; i < n; i++) grads[i] = NULL;
    tc_tensor *go = tc_contiguous(g, err);
    if (!go) return -1;
    int64_t gshape[4] = {c->grid->shape[0], c->grid->shape[1], c->grid->shape[2], 2};
    tc_tensor *gi = c->input->requires_grad ? tc_zeros(c->input->shape, 4, c->input->dtype, tc_device_cpu(), err)
                                            : NULL;
    tc_tensor *gg = !c->input->requires_grad || gi ? tc_empty(gshape, 4, c->grid->dtype, tc_device_cpu(), err) : NULL;
    if (!gg) {
        tc_tensor_unref(go);
        tc_tensor_unref(gi);
        return -1;
    }
    gs_job j;
    gs_job_init(&j, c->input, c->grid, c->mode, c->pad, c->align);
    j.gout = tc_data_ptr(go);
    j.ginput = gi ? tc_data_ptr(gi) : NULL;
    j.ggrid = tc_data_ptr(gg);
    if (tc_numel(go)) {
        int64_t work = j.N * j.C * j.Ho * j.Wo;
        tc__parallel_for(j.N, work >= 16384 ? 1 : j.N + 1, GS_PICK(backward, c->input->dtype == TC_DTYPE_F64, j.fused),
                         &j);
    } else if (tc_numel(gg) && tc_fill_(gg, 0, err)) {
        tc_tensor_unref(go);
        tc_tensor_unref(gi);
        tc_tensor_unref(gg);
        return -1;
    }
    tc_tensor_unref(go);
    grads[0] = gi;
    if (c->grid->requires_grad) grads[1] = gg;
    else tc_tensor_unref(gg);
    return 0;
}

tc_tensor *tc_grid_sampler_2d(tc_tensor *input, tc_tensor *grid, int mode, int padding, bool align_corners,
                              tc_error *err) {
    if (input->ndim != 4 || grid->ndim != 4 || grid->shape[3] != 2 || grid->shape[0] != input->shape[0])
        return tc_error_set(err, TC_EXC_RUNTIME, "grid_sampler_2d(): expected input [N, C, H, W] and grid "
                            "[N, H_out, W_out, 2]"), NULL;
    if (input->dtype != grid->dtype || (input->dtype != TC_DTYPE_F32 && input->dtype != TC_DTYPE_F64) ||
        input->device.type != TC_DEVICE_CPU || grid->device.type != TC_DEVICE_CPU || mode < 0 || mode > 2 ||
        padding < 0 || padding > 2)
        return tc_error_set(err, TC_EXC_RUNTIME, "grid_sampler_2d(): float32 or float64 CPU tensors of one "
                            "dtype, mode 0-2 and padding 0-2 expected"), NULL;
    int64_t shape[4] = {input->shape[0], input->shape[1], grid->shape[1], grid->shape[2]};
    tc_tensor *out = tc_empty(shape, 4, input->dtype, input->device, err); /* contiguous, as ATen's */
    if (!out) return NULL;
    gs_job j;
    gs_job_init(&j, input, grid, mode, padding, align_corners);
    j.out = tc_data_ptr(out);
    int64_t points = j.N * j.Ho * j.Wo;
    if (tc_numel(out))
        tc__parallel_for(points, j.C * points >= 16384 ? 64 : points + 1,
                         GS_PICK(forward, input->dtype == TC_DTYPE_F64, j.fused), &j);
    if (tc_grad_enabled() && (input->requires_grad || grid->requires_grad)) {
        gs_ctx *c = tc__calloc(1, sizeof *c);
        if (!c) {
            tc_tensor_unref(out);
            tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
            return NULL;
        }
        *c = (gs_ctx){tc_tensor_ref(input), tc_tensor_ref(grid), mode, padding, align_corners};
        if (tc_grad_record_custom(out, "GridSampler2DBackward0", (tc_tensor *[]){input, grid}, 2, gs_backward, c,
                                  gs_ctx_free, err)) {
            gs_ctx_free(c);
            tc_tensor_unref(out);
            return NULL;
        }
    }
    return out;
}
