/*
 * Device backends, ggml-backend style: the core sees only this vtable and a context
 * pointer, never CUDA types. CPU is built in; gpu/ registers the emulated device
 * (TENSORKERNEL_EMULATE_CUDA=1) and, where compiled, real CUDA.
 *
 * Kernels receive tc_kview descriptors: a data pointer valid for that backend (a device
 * handle for CUDA and the emulated device), dtype, shape and element strides. Broadcasting,
 * promotion and output allocation are done by tensorcore before the call, so a backend only
 * computes. Outputs are always freshly allocated or validated by the core.
 */
#ifndef TENSORCORE_BACKEND_H
#define TENSORCORE_BACKEND_H

#include "tensorcore/tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tc_kview {
    void *data; /* element 0 (offset already applied) */
    tc_dtype dtype;
    int ndim;
    int64_t shape[TC_MAX_DIMS];
    int64_t strides[TC_MAX_DIMS];
} tc_kview;

typedef enum tc_copy_kind { TC_COPY_H2D, TC_COPY_D2H, TC_COPY_D2D } tc_copy_kind;

/* Running reductions along one dim (cumsum, cumprod). */
typedef enum tc_scan_op { TC_SCAN_SUM, TC_SCAN_PROD } tc_scan_op;

/* The sliding window of a 2-D convolution or pooling over [N, C, H, W]: kernel size, stride,
 * leading padding (top, left), dilation and the output size, which fixes how far the window
 * runs past the trailing edge. Window (oy, ox) reads rows oy*sh - ph + i*dh (i < kh) and
 * columns ox*sw - pw + j*dw (j < kw); positions outside the input are padding. */
typedef struct tc_window2d {
    int64_t kh, kw, sh, sw, ph, pw, dh, dw, oh, ow;
} tc_window2d;

/* Pooling: the window's maximum (NaN wins, as PyTorch), its average, or the adaptive average
 * (window oy spans rows [floor(oy*H/oh), ceil((oy+1)*H/oh)); only oh, ow are used). */
typedef enum tc_pool_op { TC_POOL_MAX, TC_POOL_AVG, TC_POOL_ADAPTIVE_AVG } tc_pool_op;

typedef struct tc_pool2d {
    tc_pool_op op;
    tc_window2d w;
    bool count_include_pad; /* AVG: padding counts in the divisor (up to ph/pw past the end) */
    int64_t divisor;        /* AVG: divisor_override, or 0 */
} tc_pool2d;

typedef struct tc_backend_i {
    const char *name; /* "cpu", "cuda", "cuda-emulated" */
    int (*device_count)(void *ctx);
    void *(*alloc)(void *ctx, int device, size_t nbytes, tc_error *err);
    void (*free)(void *ctx, int device, void *ptr);
    /* Byte copies; for H2D/D2H one side is a host address. */
    int (*copy)(void *ctx, int device, tc_copy_kind kind, void *dst, const void *src, size_t n,
                tc_error *err);
    int (*synchronize)(void *ctx, int device, tc_error *err);
    /* Compute kernels: out has the broadcast shape; inputs are already expanded views (stride 0
     * on broadcast dims). a and b share the compute dtype; out has that dtype too, except for
     * the comparisons and logical_and/or, whose out is bool. DIV only sees floating dtypes.
     * Integer FLOOR_DIV/REM by zero fail with RuntimeError "ZeroDivisionError". out may be the
     * same view as a (in-place ops), never a partial overlap. */
    int (*binary)(void *ctx, tc_binary_op op, const tc_kview *out, const tc_kview *a,
                  const tc_kview *b, tc_error *err);
    /* out has a's dtype, except LOGICAL_NOT (bool out); exp/log/sqrt/... only see floats. */
    int (*unary)(void *ctx, tc_unary_op op, const tc_kview *out, const tc_kview *a, tc_error *err);
    /* out = cast(a) elementwise (also strided copy when dtypes match). */
    int (*copy_cast)(void *ctx, const tc_kview *out, const tc_kview *a, tc_error *err);
    int (*fill)(void *ctx, const tc_kview *out, double v, tc_error *err);
    /* Reduce a over the dims where out has size 1 (out keeps a's ndim). ARGMAX/ARGMIN
     * reduce one dim and write int64. out's dtype may differ from a's: SUM/PROD of integers
     * and bool write int64, ALL/ANY write bool (uint8 for uint8 input); MEAN only sees floats
     * and is sum rounded to out's dtype, then divided. Empty reductions write the identity
     * (0 for SUM, 1 for PROD, NaN for MEAN). */
    int (*reduce)(void *ctx, tc_reduce_op op, const tc_kview *out, const tc_kview *a, tc_error *err);
    /* C[m,n] = A[m,k] @ B[k,n] for 2-D views of one dtype (strided ok; C may be a view into a
     * larger contiguous batch). The CPU backend uses BLAS for float32/float64 and a plain loop
     * for the other dtypes. */
    int (*matmul)(void *ctx, const tc_kview *c, const tc_kview *a, const tc_kview *b, tc_error *err);
    int (*where)(void *ctx, const tc_kview *out, const tc_kview *cond, const tc_kview *a,
                 const tc_kview *b, tc_error *err);
    int (*clamp)(void *ctx, const tc_kview *out, const tc_kview *a, const double *lo,
                 const double *hi, tc_error *err);
    /* out[..., i, ...] = a[..., 0, ...] op ... op a[..., i, ...] along dim; out has a's shape
     * and dtype, never half (the core computes those in float32). Floats accumulate in double
     * and integers in int64, as PyTorch's CPU kernels. */
    int (*scan)(void *ctx, tc_scan_op op, const tc_kview *out, const tc_kview *a, int dim,
                tc_error *err);
    /* idx (int64, a's shape) = the stable sorting permutation of a along dim: ascending with
     * NaN last, or descending with NaN first (PyTorch's order). a is never half. */
    int (*sort)(void *ctx, const tc_kview *idx, const tc_kview *a, int dim, bool descending,
                tc_error *err);
    /* Convolution as a matrix product: cols (3-D [C*kh*kw, N, oh*ow], any strides) gets
     * cols[(c*kh + i)*kw + j, n, oy*ow + ox] = x[n, c, row, col] of window (oy, ox), 0 in the
     * padding. x is [N, C, H, W] with any strides, of cols' dtype. */
    int (*im2col)(void *ctx, const tc_kview *cols, const tc_kview *x, const tc_window2d *w,
                  tc_error *err);
    /* Its adjoint: x (contiguous [N, C, H, W], written whole) = for each element, the sum of
     * the cols entries im2col would copy from it. Floating dtypes and int64 (conv_transpose). */
    int (*col2im)(void *ctx, const tc_kview *x, const tc_kview *cols, const tc_window2d *w,
                  tc_error *err);
    /* out [N, C, oh, ow] = the pooled windows of x [N, C, H, W] (any strides, out's dtype);
     * for TC_POOL_MAX, idx (int64, out's shape, or NULL) gets each maximum's h*W + w. */
    int (*pool2d)(void *ctx, const tc_pool2d *p, const tc_kview *out, const tc_kview *idx,
                  const tc_kview *x, tc_error *err);
    /* The gradient: gx (contiguous [N, C, H, W], written whole) from g (out's shape) and, for
     * TC_POOL_MAX, the idx pool2d wrote. Floating dtypes only. */
    int (*pool2d_backward)(void *ctx, const tc_pool2d *p, const tc_kview *gx, const tc_kview *g,
                           const tc_kview *idx, tc_error *err);
} tc_backend_i;

/* Register the backend serving 'type' (CUDA: real or emulated). Not thread-safe; call at
 * start-up. 'iface' and 'ctx' must outlive the process. */
void tc_backend_register(tc_device_type type, const tc_backend_i *iface, void *ctx);
/* The backend for a device type, or NULL when none is registered. Borrowed. */
const tc_backend_i *tc_backend_get(tc_device_type type, void **ctx);
/* The built-in CPU backend (its kernels are reused by the emulated device). */
const tc_backend_i *tc_backend_cpu(void);
/* Whether the CPU backend computes exp, log, sin, ... with Intel MKL's vector math, as
 * PyTorch does (MKL is opened at run time on the first call; see cpu-mkl.c). */
bool tc_backend_cpu_has_mkl(void);

/*
 * Transfer accounting. Every device-to-host copy made by tensorcore goes through
 * tc_transfer_d2h, which times it and reports it to the hook gpu/ installs (the ledger).
 * 'cause' is the user-visible call (".cpu()", ".item()", ".tolist()", "print", "bridge").
 */
typedef void (*tc_transfer_hook)(tc_device src, size_t nbytes, double seconds, const char *cause);
void tc_transfer_set_hook(tc_transfer_hook hook);
int tc_transfer_d2h(tc_device src, void *host_dst, const void *dev_src, size_t n,
                    const char *cause, tc_error *err);
/* Group the device-to-host copies this thread makes until the matching _end into one
 * reported transfer (total bytes and time, under 'cause', which must be a string literal or
 * otherwise outlive the group): a display that reads a tensor's rows run by run is one
 * transfer in the ledger, not one per run. Groups nest; the outermost one reports. */
void tc_transfer_group_begin(const char *cause);
void tc_transfer_group_end(void);
int tc_transfer_h2d(tc_device dst, void *dev_dst, const void *host_src, size_t n, tc_error *err);

#ifdef __cplusplus
}
#endif
/* Threads the CPU kernels use (torch.get_num_threads): one per online core unless
 * TENSORKERNEL_NUM_THREADS or tc_set_num_threads says otherwise; set clamps to 1..32. Float
 * sums split as PyTorch's do for this many threads. */
int tc_num_threads(void);
void tc_set_num_threads(int n);

#endif
