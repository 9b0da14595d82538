/*
 * The boundary between the CUDA backend's C shim (backend.c) and its CUDA C++ sources
 * (*.cu). nvcc cannot compile tensor.h (C11 atomics), so this header restates the kernel
 * view the .cu side needs; the op numbering comes from tensorcore/oplist.h itself.
 * Every function returns 0, or -1 with 'err' set (RuntimeError "CUDA error: ...").
 */
#ifndef GPU_CUDA_IMPL_H
#define GPU_CUDA_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "tensorcore/dtype.h"
#include "tensorcore/error.h"
#include "tensorcore/oplist.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GPU_CU_MAX_DIMS 16

typedef struct gpu_cu_view {
    void *data; /* device address of element 0 */
    tc_dtype dtype;
    int ndim;
    int64_t shape[GPU_CU_MAX_DIMS];
    int64_t strides[GPU_CU_MAX_DIMS]; /* elements */
} gpu_cu_view;

/* The op numbering is tensorcore's own (oplist.h is plain C, unlike tensor.h): the .cu
 * side names the ops GPU_CU_OP_ADD, ... and builds its kernel switches from the lists. */
#define GPU_CU__ENUM_B(id, name, bw, gk) GPU_CU_OP_##id = TC_OP_##id,
#define GPU_CU__ENUM_U(id, name, bw, gk) GPU_CU_UOP_##id = TC_UOP_##id,
#define GPU_CU__ENUM_R(id, name, bw) GPU_CU_RED_##id = TC_RED_##id,
typedef enum gpu_cu_binary_op {
    TC_BINARY_OP_LIST(GPU_CU__ENUM_B) GPU_CU_BINARY_OP_COUNT = TC_BINARY_OP_COUNT
} gpu_cu_binary_op;
typedef enum gpu_cu_unary_op {
    TC_UNARY_OP_LIST(GPU_CU__ENUM_U) GPU_CU_UNARY_OP_COUNT = TC_UNARY_OP_COUNT
} gpu_cu_unary_op;
typedef enum gpu_cu_reduce_op {
    TC_REDUCE_OP_LIST(GPU_CU__ENUM_R) GPU_CU_REDUCE_OP_COUNT = TC_REDUCE_OP_COUNT
} gpu_cu_reduce_op;
#undef GPU_CU__ENUM_B
#undef GPU_CU__ENUM_U
#undef GPU_CU__ENUM_R

typedef enum gpu_cu_copy_kind { GPU_CU_H2D, GPU_CU_D2H, GPU_CU_D2D } gpu_cu_copy_kind;

/* ---- runtime.cu ---------------------------------------------------------------------- */

/* Number of usable devices; 0 when there is no driver or no GPU (never an error). */
int gpu__cu_device_count(void);
/* Device memory from the caching allocator (size classes; blocks are reused, not freed). */
void *gpu__cu_alloc(int device, size_t nbytes, tc_error *err);
void gpu__cu_free(int device, void *ptr);
/* Byte copies; D2H of 1 MiB or more goes through pinned staging buffers in chunks. */
int gpu__cu_copy(int device, gpu_cu_copy_kind kind, void *dst, const void *src, size_t n,
                 tc_error *err);
int gpu__cu_synchronize(int device, tc_error *err);
/* Plain cudaMemcpy device-to-host (pageable or pinned destination), for benchmarks. */
int gpu__cu_memcpy_d2h_plain(void *dst, const void *src, size_t n, tc_error *err);
/* Pinned host memory, for benchmarks (NULL with err set on failure). */
void *gpu__cu_host_alloc_pinned(size_t n, tc_error *err);
void gpu__cu_host_free_pinned(void *p);

/* ---- kernels.cu ---------------------------------------------------------------------- */

int gpu__cu_binary(int op, const gpu_cu_view *out, const gpu_cu_view *a, const gpu_cu_view *b,
                   tc_error *err);
int gpu__cu_unary(int op, const gpu_cu_view *out, const gpu_cu_view *a, tc_error *err);
int gpu__cu_copy_cast(const gpu_cu_view *out, const gpu_cu_view *a, tc_error *err);
int gpu__cu_fill(const gpu_cu_view *out, double v, tc_error *err);
int gpu__cu_where(const gpu_cu_view *out, const gpu_cu_view *cond, const gpu_cu_view *a,
                  const gpu_cu_view *b, tc_error *err);
int gpu__cu_clamp(const gpu_cu_view *out, const gpu_cu_view *a, const double *lo, const double *hi,
                  tc_error *err);
int gpu__cu_reduce(int op, const gpu_cu_view *out, const gpu_cu_view *a, tc_error *err);
int gpu__cu_matmul(const gpu_cu_view *c, const gpu_cu_view *a, const gpu_cu_view *b, tc_error *err);
/* Running sum (op 0) or product (op 1) along dim; one thread per line. */
int gpu__cu_scan(int op, const gpu_cu_view *out, const gpu_cu_view *a, int dim, tc_error *err);
/* Stable argsort along dim into idx (int64); one thread per line (insertion sort, so
 * quadratic in the line length). */
int gpu__cu_sort(const gpu_cu_view *idx, const gpu_cu_view *a, int dim, bool descending, tc_error *err);

/* Convolution and pooling (backend.h's im2col, col2im, pool2d, pool2d_backward, same
 * semantics; tc_window2d and tc_pool2d restated for nvcc). x, cols, out and idx are 4-D
 * (cols 3-D) strided views; col2im's x and pool2d_backward's gx are contiguous. */
typedef struct gpu_cu_window {
    int64_t kh, kw, sh, sw, ph, pw, dh, dw, oh, ow;
} gpu_cu_window;
typedef struct gpu_cu_pool {
    int op; /* tc_pool_op: 0 max, 1 average, 2 adaptive average */
    gpu_cu_window w;
    bool count_include_pad;
    int64_t divisor;
} gpu_cu_pool;
int gpu__cu_im2col(const gpu_cu_view *cols, const gpu_cu_view *x, const gpu_cu_window *w,
                   tc_error *err);
int gpu__cu_col2im(const gpu_cu_view *x, const gpu_cu_view *cols, const gpu_cu_window *w,
                   tc_error *err);
int gpu__cu_pool2d(const gpu_cu_pool *p, const gpu_cu_view *out, const gpu_cu_view *idx,
                   const gpu_cu_view *x, tc_error *err);
int gpu__cu_pool2d_backward(const gpu_cu_pool *p, const gpu_cu_view *gx, const gpu_cu_view *g,
                            const gpu_cu_view *idx, tc_error *err);

#ifdef __cplusplus
}
#endif
#endif
