/*
 * tensorcore: the C tensor library behind the kernel. PyTorch is the oracle for every
 * behaviour and message here.
 *
 *     tc_error err = {0};
 *     int64_t shape[] = {2, 3};
 *     tc_tensor *a = tc_arange_i64(0, 6, 1, tc_device_cpu(), &err);
 *     tc_tensor *m = tc_view(a, shape, 2, &err);           // shares a's storage
 *     tc_tensor *s = tc_binary(TC_OP_ADD, m, m, &err);      // new tensor
 *     tc_tensor_unref(s); tc_tensor_unref(m); tc_tensor_unref(a);
 *
 * Ownership: every function returning tc_tensor* returns a NEW reference (or NULL with
 * 'err' set) unless its comment says "borrowed". Arguments are borrowed unless the
 * comment says "steals". Reference counts are atomic: the bridge thread holds references
 * to tensors that the interpreter thread owns.
 *
 * Storage: CPU memory is shared memory from birth (see storage.h for the memfd arena
 * design), so the bridge can hand any CPU tensor to another process without copying.
 * Device memory is owned by a backend (backend.h) and is touched only through it.
 */
#ifndef TENSORCORE_TENSOR_H
#define TENSORCORE_TENSOR_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tensorcore/dtype.h"
#include "tensorcore/error.h"
#include "tensorcore/oplist.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TC_MAX_DIMS 16

/* ---- devices ---------------------------------------------------------------------- */

typedef enum tc_device_type { TC_DEVICE_CPU = 0, TC_DEVICE_CUDA = 1 } tc_device_type;

typedef struct tc_device {
    tc_device_type type;
    int index; /* 0 for cpu */
} tc_device;

static inline tc_device tc_device_cpu(void) { tc_device d = {TC_DEVICE_CPU, 0}; return d; }
static inline bool tc_device_eq(tc_device a, tc_device b) {
    return a.type == b.type && (a.type == TC_DEVICE_CPU || a.index == b.index);
}
/* "cpu" or "cuda:0" into buf; returns buf. */
const char *tc_device_str(tc_device d, char *buf, size_t n);
/* Parse "cpu", "cuda", "cuda:1". A CUDA device that does not exist is PyTorch's
 * RuntimeError ("Found no NVIDIA driver on your system..." when none is available). */
int tc_device_parse(const char *s, tc_device *out, tc_error *err);

/* ---- storage ---------------------------------------------------------------------- */

typedef struct tc_storage tc_storage; /* opaque; see storage.h */

/* ---- tensors ---------------------------------------------------------------------- */

typedef enum tc_layout { TC_LAYOUT_STRIDED = 0, TC_LAYOUT_SPARSE_COO = 1 } tc_layout;

typedef struct tc_grad_node tc_grad_node; /* autograd graph node; see autograd.h */

typedef struct tc_tensor {
    atomic_int refcount;
    tc_layout layout;
    tc_dtype dtype;
    tc_device device;
    int ndim;
    int64_t shape[TC_MAX_DIMS];
    int64_t strides[TC_MAX_DIMS]; /* in elements, as PyTorch */
    int64_t offset;               /* storage offset in elements */
    tc_storage *storage;          /* strided layout: owned reference; NULL for sparse */
    /* sparse COO: indices (int64, [ndim_sparse, nnz]) and values ([nnz]) */
    struct tc_tensor *sp_indices, *sp_values;
    bool sp_coalesced;
    /* autograd */
    bool requires_grad;           /* leaf that requires grad, or result of a graph op */
    bool retains_grad;            /* a non-leaf whose .grad backward fills (retain_grad()) */
    bool gc_tracked;              /* private: .grad has a history (see tc_autograd_collect) */
    struct tc_tensor *grad;       /* accumulated gradient of a leaf, or NULL */
    tc_grad_node *grad_fn;        /* owned; NULL for leaves */
    struct tc_grad_hook *hooks;   /* owned; gradient hooks in registration order */
    struct tc_tensor *dead_next;  /* private: links tensors being freed (see tc_tensor_unref) */
    /* private: PyTorch's version counter (in-place writes), shared by a tensor and its views:
     * counted here until the first view, then in the shared block (see tc_tensor_version) */
    int64_t version;
    struct tc__version *vshared;  /* owned, or NULL */
} tc_tensor;

/* New reference to t (t may be NULL). */
tc_tensor *tc_tensor_ref(tc_tensor *t);
/* Drop a reference; frees the tensor (and its storage when unshared) at zero. NULL is fine. */
void tc_tensor_unref(tc_tensor *t);

/* PyTorch's tensor._version: the in-place writes made to t and to the tensors sharing its
 * counter (its views, the view it was made from, detach()'s result). */
int64_t tc_tensor_version(const tc_tensor *t);
/* Count one in-place write to t (every in-place op calls it before it writes). */
void tc_tensor_bump_version(tc_tensor *t);
/* Give t a counter of its own, at 0 (Tensor.data: its writes are not seen by autograd). */
void tc_tensor_version_unshare(tc_tensor *t);

int64_t tc_numel(const tc_tensor *t);
bool tc_is_contiguous(const tc_tensor *t);
size_t tc_element_size(const tc_tensor *t);
/* Host address of element 0 (storage base + offset). Only for CPU strided tensors; NULL
 * otherwise. Borrowed: valid while t lives. */
void *tc_data_ptr(const tc_tensor *t);
/* Storage the tensor views (borrowed). */
tc_storage *tc_tensor_storage(const tc_tensor *t);

/* ---- creation (device: where the result lives) ------------------------------------ */

/* From a flat host buffer of 'dtype' elements, copied. */
tc_tensor *tc_from_buffer(const void *data, tc_dtype dtype, const int64_t *shape, int ndim,
                          tc_device dev, tc_error *err);
tc_tensor *tc_empty(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev, tc_error *err);
tc_tensor *tc_zeros(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev, tc_error *err);
tc_tensor *tc_ones(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev, tc_error *err);
tc_tensor *tc_full(const int64_t *shape, int ndim, double value, tc_dtype dtype, tc_device dev,
                   tc_error *err);
/* arange with PyTorch's length rule ceil((end-start)/step); int64 when all ints, else the
 * given float dtype. */
tc_tensor *tc_arange(double start, double end, double step, tc_dtype dtype, tc_device dev,
                     tc_error *err);
tc_tensor *tc_linspace(double start, double end, int64_t steps, tc_dtype dtype, tc_device dev,
                       tc_error *err);
tc_tensor *tc_eye(int64_t n, int64_t m, tc_dtype dtype, tc_device dev, tc_error *err);
/* Random: the default generator of tensorcore/random.h (PyTorch's CPU stream). */
void tc_manual_seed(uint64_t seed);
tc_tensor *tc_rand(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev, tc_error *err);
tc_tensor *tc_randn(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev, tc_error *err);
tc_tensor *tc_randint(int64_t low, int64_t high, const int64_t *shape, int ndim, tc_dtype dtype,
                      tc_device dev, tc_error *err);
/* A tensor over an existing storage (new reference to storage taken). The view (shape,
 * element strides, element offset) must lie inside the storage: checked with overflow-safe
 * arithmetic, RuntimeError as PyTorch's as_strided/set_ when it does not. */
tc_tensor *tc_tensor_from_storage(tc_storage *s, tc_dtype dtype, const int64_t *shape,
                                  const int64_t *strides, int ndim, int64_t offset, tc_error *err);
/* Check that a view of itemsize-byte elements with shape, element strides and element offset
 * touches only bytes [0, nbytes) of its storage, every product overflow-checked. On success
 * *lo_bytes and *hi_bytes (either may be NULL) get the touched byte range [lo, hi) relative to
 * the storage start; an empty view touches nothing and always passes. 0, or -1 with a
 * RuntimeError in err. */
int tc_view_check(const int64_t *shape, const int64_t *strides, int ndim, int64_t offset,
                  size_t itemsize, size_t nbytes, int64_t *lo_bytes, int64_t *hi_bytes,
                  tc_error *err);

/* ---- views (share storage; autograd-aware where PyTorch is) ----------------------- */

/* -1 in shape is inferred. Errors as PyTorch ("shape '[4]' is invalid for input of size 6",
 * "view size is not compatible with input tensor's size and stride ..."). */
tc_tensor *tc_view(tc_tensor *t, const int64_t *shape, int ndim, tc_error *err);
tc_tensor *tc_reshape(tc_tensor *t, const int64_t *shape, int ndim, tc_error *err);
tc_tensor *tc_transpose(tc_tensor *t, int d0, int d1, tc_error *err);
tc_tensor *tc_t(tc_tensor *t, tc_error *err); /* 2-D transpose; <2-D returns self */
tc_tensor *tc_permute(tc_tensor *t, const int *dims, int ndim, tc_error *err);
tc_tensor *tc_squeeze(tc_tensor *t, int dim /* or TC_ALL_DIMS */, tc_error *err);
tc_tensor *tc_unsqueeze(tc_tensor *t, int dim, tc_error *err);
tc_tensor *tc_expand(tc_tensor *t, const int64_t *shape, int ndim, tc_error *err);
tc_tensor *tc_flatten(tc_tensor *t, int start_dim, int end_dim, tc_error *err);
tc_tensor *tc_detach(tc_tensor *t, tc_error *err);
/* Basic indexing along one dim: t[idx] (dim removed), t[start:stop:step] (kept). */
tc_tensor *tc_select(tc_tensor *t, int dim, int64_t index, tc_error *err);
tc_tensor *tc_slice(tc_tensor *t, int dim, int64_t start, int64_t stop, int64_t step,
                    tc_error *err);
#define TC_ALL_DIMS (-1000)

/* ---- copies and conversions ------------------------------------------------------- */

tc_tensor *tc_contiguous(tc_tensor *t, tc_error *err); /* self (new ref) when contiguous */
tc_tensor *tc_clone(tc_tensor *t, tc_error *err);
/* dtype and/or device change; returns self (new ref) when nothing changes. 'cause' names
 * the user-visible call for the transfer ledger (".cpu()", ".to()"). */
tc_tensor *tc_to(tc_tensor *t, tc_dtype dtype, tc_device dev, const char *cause, tc_error *err);
/* dst[...] = src with broadcasting and dtype conversion (the kernel of x[i] = y, copy_).
 * tc_copy_ and tc_fill_ fill fresh tensors too, so they count no version: a caller writing
 * into a user's tensor counts it (tc_tensor_bump_version); the other in-place ops count
 * their own (tc_binary_, tc_unary_, tc_clamp_, the random fills, ...). */
int tc_copy_(tc_tensor *dst, tc_tensor *src, tc_error *err);
/* Fill every element of t with v (fill_, zero_, x[i] = 3). */
int tc_fill_(tc_tensor *t, double v, tc_error *err);

/* ---- elementwise ------------------------------------------------------------------ */

/* The op lists and enums (tc_binary_op, tc_unary_op, tc_reduce_op) live in
 * tensorcore/oplist.h, which the CUDA kernels include as well. */

const char *tc_binary_op_name(tc_binary_op op);
const char *tc_unary_op_name(tc_unary_op op);

/* A Python scalar operand: PyTorch treats it as a "wrapped number" for promotion
 * (int tensor + 0.5 is float32; float16 tensor * 2.0 stays float16). */
typedef struct tc_scalar {
    enum { TC_SCALAR_BOOL, TC_SCALAR_INT, TC_SCALAR_FLOAT, TC_SCALAR_COMPLEX } kind;
    union { bool b; int64_t i; double f; struct { double re, im; } c; } v;
} tc_scalar;

/* out = a (op) b with broadcasting and PyTorch promotion; records autograd. */
tc_tensor *tc_binary(tc_binary_op op, tc_tensor *a, tc_tensor *b, tc_error *err);
tc_tensor *tc_binary_scalar(tc_binary_op op, tc_tensor *a, tc_scalar b, tc_error *err);
tc_tensor *tc_rbinary_scalar(tc_binary_op op, tc_scalar a, tc_tensor *b, tc_error *err); /* a op b */
/* In place: a (op)= b. Errors as PyTorch when the result type can't be cast back
 * ("result type Float can't be cast to the desired output type Long") or when a leaf
 * requiring grad is modified ("a leaf Variable that requires grad is being used in an
 * in-place operation."). Returns 0 or -1. */
int tc_binary_(tc_binary_op op, tc_tensor *a, tc_tensor *b, tc_error *err);
int tc_binary_scalar_(tc_binary_op op, tc_tensor *a, tc_scalar b, tc_error *err);
/* add/sub's alpha against a (op) b (b a tensor, or the number bs when b is NULL): PyTorch's
 * sub_check and alpha_check on the result dtype (a bool alpha only for a bool result, no float
 * alpha for an integral one, no complex alpha for a real one). 0 with the result dtype in
 * *result, or -1 with PyTorch's error. */
int tc_alpha_check(tc_binary_op op, const tc_tensor *a, const tc_tensor *b, tc_scalar bs, tc_scalar alpha,
                   tc_dtype *result, tc_error *err);
tc_tensor *tc_unary(tc_unary_op op, tc_tensor *a, tc_error *err);
int tc_unary_(tc_unary_op op, tc_tensor *a, tc_error *err);
tc_tensor *tc_clamp(tc_tensor *a, const double *min, const double *max, tc_error *err); /* NULL = none */
/* a.clamp_(min, max) for bounds that keep a's dtype: in one pass over a where no graph is
 * recorded, else tc_clamp copied into a (its ClampBackward1 node). Returns 0 or -1. */
int tc_clamp_(tc_tensor *a, const double *min, const double *max, tc_error *err);
tc_tensor *tc_where(tc_tensor *cond, tc_tensor *a, tc_tensor *b, tc_error *err);

/* ---- reductions ------------------------------------------------------------------- */

/* Reduce over 'dims' (ndims == 0: all dims). sum of bool/int is int64; mean of an int
 * tensor is PyTorch's error. max/min over a dim: use tc_reduce_with_indices. */
tc_tensor *tc_reduce(tc_reduce_op op, tc_tensor *t, const int *dims, int ndims, bool keepdim,
                     tc_error *err);
/* max/min along one dim returning (values, indices), as torch.max(t, dim). */
int tc_reduce_with_indices(tc_reduce_op op, tc_tensor *t, int dim, bool keepdim,
                           tc_tensor **values, tc_tensor **indices, tc_error *err);

/* ---- linear algebra, joining, indexing -------------------------------------------- */

/* torch.matmul semantics (1-D/2-D/batched); 2-D float goes to BLAS sgemm/dgemm. Error as
 * PyTorch: "mm: mat1 and mat2 shapes cannot be multiplied (2x3 and 2x2)", shape checked before dtype as the op it folds to. */
tc_tensor *tc_matmul(tc_tensor *a, tc_tensor *b, tc_error *err);
/* torch.einsum(equation, *ops) with ATen's parsing, errors and evaluation order: operands
 * aligned to the output's dims then the contracted ones, contracted left to right, each pair
 * as one batched matrix product. ops borrowed; new reference (often a view of the product). */
tc_tensor *tc_einsum(const char *equation, tc_tensor *const *ops, int nops, tc_error *err);
tc_tensor *tc_cat(tc_tensor **ts, int n, int dim, tc_error *err);
tc_tensor *tc_stack(tc_tensor **ts, int n, int dim, tc_error *err);
/* t[mask] for a bool mask (1-D result), t[idx] for an int64 index tensor along dim 0. */
tc_tensor *tc_index_mask(tc_tensor *t, tc_tensor *mask, tc_error *err);
tc_tensor *tc_index_select0(tc_tensor *t, tc_tensor *idx, tc_error *err);
int tc_index_mask_put_(tc_tensor *t, tc_tensor *mask, tc_tensor *value, tc_error *err);
/* t[indices] with PyTorch's advanced indexing (aten::index): indices[0..n) borrowed, NULL
 * for a dim kept whole; int64/int32 index tensors and bool/uint8 masks (a mask covers as
 * many dims as it has), broadcast together. The indexed block stays in place when the
 * indexed dims are adjacent, else it goes first. A copy; IndexBackward0 for autograd.
 * Errors as PyTorch: "index 5 is out of bounds for dimension 0 with size 3" (dimension
 * counts indexed dims), mask shape, broadcast and dtype errors. */
tc_tensor *tc_index(tc_tensor *t, tc_tensor *const *indices, int n, tc_error *err);
/* t[indices] = value (aten::index_put_, accumulate=False): value (borrowed) broadcast to the
 * shape tc_index would return, leading 1s dropped; its dtype must be t's unless the only
 * index is a mask and value has one element on the CPU (masked_fill_). */
int tc_index_put_(tc_tensor *t, tc_tensor *const *indices, int n, tc_tensor *value,
                  tc_error *err);
/* Autograd for t[key] = value, called after the write: t gets a CopySlices node (basic key:
 * a view of t was written) or IndexPutBackward0 (advanced key) whose inputs are t's earlier
 * history and value (borrowed; NULL or not requiring grad for a Python scalar).
 * 'positions' (borrowed, int64, any device) holds, shaped as the written region, the
 * row-major element numbers of t that were written. Nothing happens when grad mode is off
 * or neither t nor value requires grad. */
int tc_setitem_grad(tc_tensor *t, tc_tensor *positions, tc_tensor *value, bool advanced,
                    tc_error *err);

/* ---- scalars out ------------------------------------------------------------------ */

/* .item(): exactly one element, else RuntimeError "a Tensor with N elements cannot be
 * converted to Scalar". Device tensors copy one element (ledger cause ".item()"). */
int tc_item(tc_tensor *t, tc_scalar *out, tc_error *err);

/* ---- autograd --------------------------------------------------------------------- */

/* Global grad mode (torch.no_grad()); per-thread in PyTorch, per-process here. */
bool tc_grad_enabled(void);
void tc_set_grad_enabled(bool on);
int tc_set_requires_grad(tc_tensor *t, bool on, tc_error *err); /* leaves only, floats only */
/* The one rule for writing into t in place, checked by every in-place entry point here
 * (tc_copy_, tc_fill_, tc_binary_, tc_unary_, index puts, ...): a leaf that requires grad
 * cannot be modified while grad mode is on ("a leaf Variable that requires grad is being
 * used in an in-place operation."). 0, or -1 with a RuntimeError. Callers that compute
 * something before writing call it first to fail before the work, as PyTorch does. */
int tc_check_inplace(const tc_tensor *t, tc_error *err);
/* t.grad: the accumulated gradient (borrowed), or NULL. */
tc_tensor *tc_tensor_grad(const tc_tensor *t);
/* t.grad = g (borrowed; a reference is kept) or NULL to clear it. PyTorch's checks in its
 * order and words: g must have t's dtype, device type and size (RuntimeError). The old
 * gradient is released. 0 or -1. */
int tc_tensor_set_grad(tc_tensor *t, tc_tensor *g, tc_error *err);
/* Break the reference cycles that gradients with a history make (x.grad after
 * backward(create_graph=True) holds a graph that holds x): the .grad of every such tensor
 * that nothing outside tensorcore's own graph references any more is cleared, which frees
 * the cycle. PyTorch leaks these; the kernel calls this after each cell and at exit.
 * Returns the number of gradients cleared. */
size_t tc_autograd_collect(void);
/* t.detach_(): t leaves the graph (its node is dropped) and no longer requires grad. */
void tc_tensor_detach_(tc_tensor *t);
/* t.retain_grad(): a non-leaf gets .grad filled by backward (no-op for leaves); PyTorch's
 * error when t does not require grad. */
int tc_retain_grad(tc_tensor *t, tc_error *err);
/* "MulBackward0", or NULL for a leaf. */
const char *tc_grad_fn_name(const tc_tensor *t);
/* t.backward() for a one-element output (gradient = 1); accumulates into leaves' .grad. */
int tc_backward(tc_tensor *t, tc_error *err);
/* t.backward(gradient, retain_graph): 'gradient' (borrowed, may be NULL for one-element t)
 * must have t's shape. Without retain_graph the graph's saved values are released, and a
 * second backward through them fails as in PyTorch. */
int tc_backward_ex(tc_tensor *t, tc_tensor *gradient, bool retain_graph, tc_error *err);

/* torch.autograd.backward(outputs, grad_tensors, retain_graph, create_graph, inputs): every
 * output (borrowed, nout of them) with its gradient (grads may be NULL, entries may be NULL
 * for one-element outputs) is differentiated in one pass and the gradients are summed into
 * the .grad of the leaves, or only of 'inputs' (borrowed, nin; NULL: all leaves) when given.
 * create_graph records the gradient computation itself (the gradients then require grad),
 * for higher-order derivatives. PyTorch's checks and messages. 0 or -1. */
int tc_autograd_backward(tc_tensor **outs, tc_tensor **grads, int nout, bool retain_graph, bool create_graph,
                         tc_tensor **inputs, int nin, tc_error *err);
/* torch.autograd.grad: as tc_autograd_backward, but the gradients of the outputs with respect
 * to 'inputs' (leaves or not) are returned in results[0..nin) (new references; NULL for an
 * input not used by the graph when allow_unused, else that is a RuntimeError) and no .grad is
 * touched (except those of tensors that retain_grad()). 0 or -1 (results all NULL). */
int tc_autograd_grad(tc_tensor **outs, tc_tensor **grads, int nout, tc_tensor **inputs, int nin, bool retain_graph,
                     bool create_graph, bool allow_unused, tc_tensor **results, tc_error *err);

/* A gradient hook (Tensor.register_hook): called with the gradient computed for the tensor
 * (borrowed) before it is used; returns a new reference to the gradient to use from then on
 * (a reference to 'grad' to keep it), or NULL with err set to stop the backward pass. */
typedef tc_tensor *(*tc_grad_hook_fn)(void *ctx, tc_tensor *grad, tc_error *err);
/* Register fn(ctx, grad) on t, which must require grad (PyTorch's RuntimeError otherwise).
 * t owns ctx from then on and releases it with ctx_free (may be NULL) when the hook is
 * removed or t is freed; on failure ctx stays the caller's. Returns the hook's id (> 0). */
int tc_tensor_add_hook(tc_tensor *t, tc_grad_hook_fn fn, void *ctx, void (*ctx_free)(void *ctx), tc_error *err);
/* Remove the hook 'id' of t (RemovableHandle.remove()); nothing when it is gone already. */
void tc_tensor_remove_hook(tc_tensor *t, int id);

/* A gradient function given by the caller (torch.autograd.Function): from the gradient of the
 * output, the gradients of the n inputs into grads[0..n) (new references; NULL for none).
 * Returns 0, or -1 with err set. */
typedef int (*tc_custom_backward_fn)(void *ctx, tc_tensor *grad_out, int n, tc_tensor **grads,
                                     tc_error *err);
/* Make fn the gradient of out with respect to inputs[0..n) (entries may be NULL): out gets a
 * node named 'name' (copied) and requires grad. out owns ctx from then on (ctx_free, may be
 * NULL, releases it with the node); on failure ctx stays the caller's. */
int tc_grad_record_custom(tc_tensor *out, const char *name, tc_tensor *const *inputs, int n,
                          tc_custom_backward_fn fn, void *ctx, void (*ctx_free)(void *ctx),
                          tc_error *err);
/* Give the node of t (made by the call that returned t) PyTorch's name for the op the caller
 * composed; nothing when t has no node. */
void tc_grad_fn_rename(tc_tensor *t, const char *name);
/* tc_grad_fn_rename with a name made at run time: the node keeps its own copy of name (and
 * frees it with itself). 0, also when t has no node; -1 with err set when out of memory (the
 * name is then unchanged). */
int tc_grad_fn_rename_copy(tc_tensor *t, const char *name, tc_error *err);
/* The address of element 0 as Tensor.data_ptr() reports it (a device address for device
 * tensors). */
uintptr_t tc_data_address(const tc_tensor *t);

/* ---- composite ops (composite.c): built from the ops above, so they run on every device
 * and differentiate through their parts; grad_fn carries PyTorch's name ---------------- */

/* clamp(a, min, max) with tensor bounds (borrowed; either NULL, not both), broadcast with
 * a and promoted with it as PyTorch's clamp.Tensor; ClampBackward0. */
tc_tensor *tc_clamp_tensor(tc_tensor *a, tc_tensor *min, tc_tensor *max, tc_error *err);
/* var/std over dims (ndims == 0: all) with 'correction' (1 = Bessel); float dtypes only. */
tc_tensor *tc_var(tc_tensor *t, const int *dims, int ndims, double correction, bool keepdim,
                  bool take_sqrt, tc_error *err);
/* torch.linalg.vector_norm(t, p, dims, keepdim): p may be +-INFINITY or 0. */
tc_tensor *tc_vector_norm(tc_tensor *t, double p, const int *dims, int ndims, bool keepdim,
                          tc_error *err);
tc_tensor *tc_logsumexp(tc_tensor *t, const int *dims, int ndims, bool keepdim, tc_error *err);
/* torch.nn.functional's piecewise activations: leaky_relu (negative slope p0), hardtanh
 * (bounds p0 <= p1; relu6 is 0, 6), hardsigmoid, hardswish, threshold (p1 where x <= p0), as
 * one pass with PyTorch's node (LeakyReluBackward0/1, HardtanhBackward0, ThresholdBackward0/1,
 * ...), in place when asked (x is returned, a new reference). Served for CPU float32/float64
 * tensors: NULL with no error set for others (the caller composes them from ops). */
typedef enum tc_act {
    TC_ACT_LEAKY_RELU, TC_ACT_HARDTANH, TC_ACT_HARDSIGMOID, TC_ACT_HARDSWISH, TC_ACT_THRESHOLD
} tc_act;
tc_tensor *tc_activation(tc_act k, tc_tensor *x, double p0, double p1, bool inplace, tc_error *err);
/* softmax / log_softmax along dim; dtype < 0: keep t's dtype, else cast first. */
tc_tensor *tc_softmax(tc_tensor *t, int dim, int dtype, tc_error *err);
tc_tensor *tc_log_softmax(tc_tensor *t, int dim, int dtype, tc_error *err);
tc_tensor *tc_amax(tc_tensor *t, const int *dims, int ndims, bool keepdim, bool is_max, tc_error *err);
tc_tensor *tc_nansum(tc_tensor *t, const int *dims, int ndims, bool keepdim, tc_error *err);
tc_tensor *tc_nanmean(tc_tensor *t, const int *dims, int ndims, bool keepdim, tc_error *err);
tc_tensor *tc_count_nonzero(tc_tensor *t, const int *dims, int ndims, tc_error *err);
/* Elementwise predicates (bool results) and cleanups. */
tc_tensor *tc_isnan(tc_tensor *t, tc_error *err);
tc_tensor *tc_isinf(tc_tensor *t, bool finite /* isfinite instead */, tc_error *err);
tc_tensor *tc_nan_to_num(tc_tensor *t, double nan, const double *posinf, const double *neginf,
                         tc_error *err);
tc_tensor *tc_trunc(tc_tensor *t, tc_error *err);
tc_tensor *tc_frac(tc_tensor *t, tc_error *err);
/* lerp(a, b, w) = a + w * (b - a); w broadcasts (a 0-dim tensor for a Python weight). */
tc_tensor *tc_lerp(tc_tensor *a, tc_tensor *b, tc_tensor *w, tc_error *err);
/* lerp(a, b, w) for a Python number w (PyTorch's lerp.Scalar, LerpBackward0). */
tc_tensor *tc_lerp_scalar(tc_tensor *a, tc_tensor *b, double w, tc_error *err);
/* Shape ops (copies unless noted). */
tc_tensor *tc_flip(tc_tensor *t, const int *dims, int ndims, tc_error *err);
tc_tensor *tc_roll(tc_tensor *t, const int64_t *shifts, int nshifts, const int *dims, int ndims,
                   tc_error *err);
tc_tensor *tc_tri(tc_tensor *t, int64_t diagonal, bool upper, tc_error *err); /* tril / triu */
/* x padded with value (converted as torch.full converts it), pad[2i] elements before and
 * pad[2i + 1] after dim ndim - 1 - i (F.pad's order), pads >= 0: a new contiguous tensor, each
 * row written once over the threads. Strided CPU tensors; no autograd node (the caller's
 * composed form records one). New reference, or NULL with a ValueError for other input. */
tc_tensor *tc_constant_pad(tc_tensor *x, const int64_t *pad, int npad, double value, tc_error *err);
tc_tensor *tc_diagonal(tc_tensor *t, int64_t offset, int dim1, int dim2, tc_error *err); /* a view */
/* Complex parts as views sharing t's storage (PyTorch's t.real, t.imag, torch.view_as_real,
 * torch.view_as_complex, with its errors). tc_real of a real tensor is t itself. */
tc_tensor *tc_real(tc_tensor *t, tc_error *err);
tc_tensor *tc_imag(tc_tensor *t, tc_error *err);
/* t.view(dtype): a view of t's bytes as dtype (PyTorch's rules for different element sizes);
 * new reference, no gradient. */
tc_tensor *tc_view_dtype(tc_tensor *t, tc_dtype dtype, tc_error *err);
tc_tensor *tc_view_as_real(tc_tensor *t, tc_error *err);
tc_tensor *tc_view_as_complex(tc_tensor *t, tc_error *err);
/* Fill every element with the complex number re + im*j (a real tensor takes re). */
int tc_fill_complex_(tc_tensor *t, double re, double im, tc_error *err);
tc_tensor *tc_repeat(tc_tensor *t, const int64_t *reps, int n, tc_error *err);
tc_tensor *tc_repeat_interleave(tc_tensor *t, const int64_t *reps, int64_t nreps, int dim,
                                bool flatten, tc_error *err);
/* gather / scatter along dim with an int64 index (PyTorch's checks and messages). src NULL:
 * scatter 'value'; add: accumulate at repeated positions (scatter_add_). */
tc_tensor *tc_gather(tc_tensor *t, int dim, tc_tensor *index, tc_error *err);
int tc_scatter_(tc_tensor *t, int dim, tc_tensor *index, tc_tensor *src, double value, bool add,
                tc_error *err);
/* scatter_reduce_: reduce (0 sum, 1 prod, 2 mean, 3 amax, 4 amin) src into t at index along
 * dim; include_self false: t's own value does not take part where something lands. */
int tc_scatter_reduce_(tc_tensor *t, int dim, tc_tensor *index, tc_tensor *src, int reduce,
                       bool include_self, tc_error *err);
/* int64 [n, ndim] positions of the nonzero elements, row-major (copies t to the host). */
tc_tensor *tc_nonzero(tc_tensor *t, tc_error *err);
tc_tensor *tc_take(tc_tensor *t, tc_tensor *index, tc_error *err);
/* t[mask] with t and the bool mask broadcast together (a 1-D copy). */
tc_tensor *tc_masked_select(tc_tensor *t, tc_tensor *mask, tc_error *err);
/* cumsum / cumprod along dim (prod: cumprod). dtype < 0: integers and bool give int64,
 * floats keep theirs; else t is cast to dtype first. */
tc_tensor *tc_cumsum(tc_tensor *t, int dim, int dtype, bool prod, tc_error *err);
/* The stable sorting permutation along dim (int64, t's shape): ascending with NaN last or
 * descending with NaN first. */
tc_tensor *tc_argsort(tc_tensor *t, int dim, bool descending, tc_error *err);
/* sort along dim: values (a gather of t, differentiable as SortBackward0) and indices. */
int tc_sort(tc_tensor *t, int dim, bool descending, tc_tensor **values, tc_tensor **indices,
            tc_error *err);
/* tc_argsort / tc_sort as torch's sort(stable=stable): unstable on the CPU is PyTorch's CPU
 * kernel's order for equal values (libstdc++'s std::sort; its radix sort, which is stable,
 * for 1-D int32/int64 ascending of at least 32768 elements); elsewhere always stable. */
tc_tensor *tc_argsort_ex(tc_tensor *t, int dim, bool descending, bool stable, tc_error *err);
int tc_sort_ex(tc_tensor *t, int dim, bool descending, bool stable, tc_tensor **values, tc_tensor **indices,
               tc_error *err);
/* The values of tc_sort_ex(t, dim, false, true) without the permutation (np.sort): a new
 * reference. CPU float32/64 and int32/64 tensors that need no gradient sort the values
 * themselves (cpu-sort.c), the rest go through tc_sort_ex. */
tc_tensor *tc_sort_values(tc_tensor *t, int dim, tc_error *err);
/* topk along dim: the k largest (or smallest) in order; values differentiable (TopkBackward0). */
int tc_topk(tc_tensor *t, int64_t k, int dim, bool largest, tc_tensor **values, tc_tensor **indices,
            tc_error *err);
/* tc_topk with PyTorch's sorted flag: sorted=false leaves the k in the order PyTorch's CPU
 * selection leaves them. On the CPU ties come out in PyTorch's order (tensorcore/src/topk.c). */
int tc_topk_ex(tc_tensor *t, int64_t k, int dim, bool largest, bool sorted, tc_tensor **values,
               tc_tensor **indices, tc_error *err);
/* k-th smallest along dim (k from 1), keepdim as PyTorch (KthvalueBackward0). */
int tc_kthvalue(tc_tensor *t, int64_t k, int dim, bool keepdim, tc_tensor **values, tc_tensor **indices,
                tc_error *err);
/* Lower median along dim; a line holding NaN gives NaN and the first NaN's index. */
int tc_median_dim(tc_tensor *t, int dim, bool keepdim, tc_tensor **values, tc_tensor **indices,
                  tc_error *err);
/* median of all elements (0-dim); the gradient is shared by the elements equal to it. */
tc_tensor *tc_median_all(tc_tensor *t, tc_error *err);
/* The most frequent value along dim (ties: the smallest) and the index of its last
 * occurrence, as PyTorch's CPU kernel. */
int tc_mode(tc_tensor *t, int dim, bool keepdim, tc_tensor **values, tc_tensor **indices, tc_error *err);
/* unique over all elements: sorted values, and optionally the inverse (t's shape) and counts;
 * consecutive: only runs of equal neighbours merge (unique_consecutive). */
int tc_unique(tc_tensor *t, bool consecutive, tc_tensor **values, tc_tensor **inverse, tc_tensor **counts,
              tc_error *err);
/* np.unique over all elements: the sorted distinct values and, each optional, the index of
 * each one's first occurrence, the inverse (t's shape) and the counts. Equal values keep their
 * original order (a stable sort), so the first of -0.0 and 0.0 stands for both; equal_nan:
 * all NaNs are one value (the first NaN), else each NaN is its own. */
int tc_unique_np(tc_tensor *t, bool equal_nan, tc_tensor **values, tc_tensor **index, tc_tensor **inverse,
                 tc_tensor **counts, tc_error *err);
/* unique(dim=d) / unique_consecutive(dim=d): the distinct slices along d (sorted
 * lexicographically unless consecutive), the inverse (one index per slice of t) and the
 * counts, as PyTorch's unique_dim; PyTorch's errors for 0-d tensors and other empty dims. */
int tc_unique_dim(tc_tensor *t, int dim, bool consecutive, tc_tensor **values, tc_tensor **inverse,
                  tc_tensor **counts, tc_error *err);
/* cummax / cummin along dim: running extreme (NaN sticks) and the index of its latest
 * occurrence; values differentiable (CummaxBackward0). */
int tc_cummax(tc_tensor *t, int dim, bool is_max, tc_tensor **values, tc_tensor **indices, tc_error *err);
/* quantile of t over dim (all elements when flatten) at q (0-dim or 1-D tensor of t's
 * dtype); mode: 0 linear, 1 lower, 2 higher, 3 nearest, 4 midpoint. */
tc_tensor *tc_quantile(tc_tensor *t, tc_tensor *q, int dim, bool flatten, bool keepdim, int mode,
                       tc_error *err);
/* bincount of a 1-D non-negative integer tensor, optionally weighted. */
tc_tensor *tc_bincount(tc_tensor *t, tc_tensor *weights, int64_t minlength, tc_error *err);
/* ATen's _euclidean_dist: the 2-norm distances between the rows of x1 [..., R1, M] and x2
 * [..., R2, M] from one matrix product of [-2*x1, |x1|^2, 1] and [x2, 1, |x2|^2], then
 * sqrt(max(0, d)). No graph is recorded (torch.cdist's node differentiates it). */
tc_tensor *tc_euclidean_dist(tc_tensor *x1, tc_tensor *x2, tc_error *err);
/* histc: bins equal-width bins over [lo, hi] (the data's range when lo == hi). */
tc_tensor *tc_histc(tc_tensor *t, int64_t bins, double lo, double hi, tc_error *err);
/* torch.searchsorted on CPU tensors (search.c): for each input element the first position in
 * its row of seq (1-D, or rows matching input's leading dims) whose element is not below it
 * (right: above it), reading the row through sorter when given; int64 or int32 results. */
/* PyTorch's pointwise ops whose CPU kernels fuse a multiply-add (fused.c), rounded as they
 * round: AXPY a + v * t1 (add's alpha), AXMY a - v * t1 (sub's alpha), ADDCMUL
 * a + v * t1 * t2, ADDCDIV a + v * t1 / t2. Served for float32/float64 CPU tensors of one
 * dtype, in place into a (inplace) or into a new tensor; AXPY and AXMY out of place record
 * their gradient (AddBackward0 / SubBackward0), the others only serve calls with no gradient
 * to record. *handled is false (and NULL returned, err untouched) for other calls, which the
 * caller composes. Else the result (a new reference; a itself when in place), or NULL with
 * err set. */
typedef enum { TC_FUSED_AXPY, TC_FUSED_ADDCMUL, TC_FUSED_ADDCDIV, TC_FUSED_AXMY } tc_fused_op;
tc_tensor *tc_fused_pointwise(tc_fused_op op, tc_tensor *a, tc_tensor *t1, tc_tensor *t2, double v, bool inplace,
                              bool *handled, tc_error *err);
/* grid_sampler_2d (F.grid_sample of a 4-D input): input [N, C, H, W] and grid [N, Ho, Wo, 2]
 * (x, y in [-1, 1]) of one dtype, float32 or float64, on the CPU; mode 0 bilinear, 1 nearest,
 * 2 bicubic, padding 0 zeros, 1 border, 2 reflection (PyTorch's enums). [N, C, Ho, Wo] with
 * PyTorch's bits and a GridSampler2DBackward0 node (gridsample.c). */
tc_tensor *tc_grid_sampler_2d(tc_tensor *input, tc_tensor *grid, int mode, int padding, bool align_corners,
                              tc_error *err);
tc_tensor *tc_searchsorted(tc_tensor *seq, tc_tensor *input, tc_tensor *sorter, bool right,
                           bool out_int32, tc_error *err);
/* Autograd of Tensor.copy_ after tc_copy_(t, src) (composite.c), t's version counted before:
 * with grad mode on, when src requires grad or t has a history, t gets PyTorch's
 * CopyBackwards node (src's gradient summed to its shape, in its dtype; zero for t's history,
 * which the nodes that read t before the copy keep). */
int tc_copy_grad(tc_tensor *t, tc_tensor *src, tc_error *err);
/* index_add_: t[..., index[i], ...] += alpha * source[..., i, ...] along dim. */
int tc_index_add_(tc_tensor *t, int dim, tc_tensor *index, tc_tensor *source, double alpha, tc_error *err);
/* index_fill_: t[..., index, ...] = value along dim. */
int tc_index_fill_(tc_tensor *t, int dim, tc_tensor *index, double value, tc_error *err);
/* masked_scatter_: the true positions of mask (broadcast to t) take source's leading
 * elements in row-major order. */
int tc_masked_scatter_(tc_tensor *t, tc_tensor *mask, tc_tensor *source, tc_error *err);
/* put_: t seen flat (row-major) takes source at index; accumulate adds. */
int tc_put_(tc_tensor *t, tc_tensor *index, tc_tensor *source, bool accumulate, tc_error *err);
tc_tensor *tc_outer(tc_tensor *a, tc_tensor *b, tc_error *err);
tc_tensor *tc_kron(tc_tensor *a, tc_tensor *b, tc_error *err);
tc_tensor *tc_cross(tc_tensor *a, tc_tensor *b, int dim, tc_error *err);

/* ---- convolution and pooling (conv.c): PyTorch's checks and messages; run on every device --- */

/* Per spatial dim (index 0 first; conv1d uses index 0 only): stride, padding before and after
 * (they differ only for padding='same' with an even window), dilation; and groups. The
 * transposed convolution reads padding (on both sides) and output_padding, not padding_end. */
typedef struct tc_conv_params {
    int64_t stride[2], padding[2], padding_end[2], dilation[2], groups;
    int64_t output_padding[2];
} tc_conv_params;
/* conv1d (nd 1) or conv2d (nd 2) of a batch x [N, C, *spatial] with weight
 * [O, C/groups, *kernel] and bias [O] (NULL for none), all of one dtype and device;
 * ConvolutionBackward0 for autograd. */
tc_tensor *tc_convolution(tc_tensor *x, tc_tensor *w, tc_tensor *bias, int nd,
                          const tc_conv_params *p, tc_error *err);
/* conv_transpose1d (nd 1) or conv_transpose2d (nd 2): the gradient of a convolution with
 * respect to its input, applied to x [N, C, *spatial] with weight [C, O/groups, *kernel] and
 * bias [O] (NULL for none); each output dim is (in - 1)*stride - 2*padding +
 * dilation*(kernel - 1) + output_padding + 1. PyTorch's checks and messages;
 * ConvolutionBackward0 for autograd. New reference, or NULL with err set. */
tc_tensor *tc_conv_transpose(tc_tensor *x, tc_tensor *w, tc_tensor *bias, int nd,
                             const tc_conv_params *p, tc_error *err);
/* max_pool2d over x [C, H, W] or [N, C, H, W]; kernel, stride, padding, dilation as [h, w].
 * *values (MaxPool2DWithIndicesBackward0) and, when indices is not NULL, *indices (int64,
 * the position h*W + w of each maximum in its plane) are new references. 0 or -1. */
int tc_max_pool2d(tc_tensor *x, const int64_t kernel[2], const int64_t stride[2],
                  const int64_t padding[2], const int64_t dilation[2], bool ceil_mode,
                  tc_tensor **values, tc_tensor **indices, tc_error *err);
/* avg_pool2d over x [C, H, W] or [N, C, H, W]; divisor_override NULL for none
 * (AvgPool2DBackward0). */
tc_tensor *tc_avg_pool2d(tc_tensor *x, const int64_t kernel[2], const int64_t stride[2],
                         const int64_t padding[2], bool ceil_mode, bool count_include_pad,
                         const int64_t *divisor_override, tc_error *err);
/* adaptive_avg_pool2d to [oh, ow] (AdaptiveAvgPool2DBackward0). */
tc_tensor *tc_adaptive_avg_pool2d(tc_tensor *x, int64_t oh, int64_t ow, tc_error *err);
/* Loss reductions, as PyTorch numbers them (at::Reduction). */
enum { TC_LOSS_NONE = 0, TC_LOSS_MEAN = 1, TC_LOSS_SUM = 2 };
/* nll_loss of a CPU float32/float64 input of shape (C,) or (N, C) with int64 (or uint8)
 * targets of shape () or (N,) and an optional weight (C,) of the input's dtype, in
 * PyTorch's summation order (loss.c); IndexError for a target out of range other than
 * ignore_index. Shape (N,) for TC_LOSS_NONE of a 2-D input, else 0-dim (NllLossBackward0). */
tc_tensor *tc_nll_loss(tc_tensor *input, tc_tensor *target, tc_tensor *weight, int64_t ignore_index,
                       int reduction, tc_error *err);
/* mse_loss of input and target (broadcast), ATen's forward (the squared difference, then
 * mean or sum in PyTorch's order) with a MseLossBackward0 node (loss.c). */
tc_tensor *tc_mse_loss(tc_tensor *input, tc_tensor *target, int reduction, tc_error *err);
/* binary_cross_entropy_with_logits with optional weight and pos_weight (borrowed, may be
 * NULL): ATen's (1 - t) x - log_sigmoid(x) forward with a BinaryCrossEntropyWithLogitsBackward0
 * node (loss.c). */
tc_tensor *tc_bce_with_logits(tc_tensor *input, tc_tensor *target, tc_tensor *weight, tc_tensor *pos_weight,
                              int reduction, tc_error *err);
/* binary_cross_entropy of CPU float32/float64 input and target of one shape, optional weight
 * (borrowed, may be NULL): ATen's CPU forward (the C library's log, clamped at -100; a
 * RuntimeError for an input outside [0, 1]) with a BinaryCrossEntropyBackward0 node (loss.c). */
tc_tensor *tc_binary_cross_entropy(tc_tensor *input, tc_tensor *target, tc_tensor *weight, int reduction,
                                   tc_error *err);

/* ---- upsampling (upsample.c): torch.nn.functional.interpolate's native ops ---------------- */
typedef enum tc_upsample_mode {
    TC_UPSAMPLE_NEAREST,       /* 'nearest' (PyTorch's legacy index rule) */
    TC_UPSAMPLE_NEAREST_EXACT, /* 'nearest-exact' */
    TC_UPSAMPLE_LINEAR,        /* 'linear', 'bilinear', 'trilinear' by the number of dims */
    TC_UPSAMPLE_CUBIC,         /* 'bicubic' (2 spatial dims) */
} tc_upsample_mode;
/* x [N, C, spatial...] (1 to 3 spatial dims; 2 for cubic) resized to size[] (one per spatial
 * dim), with PyTorch's optional scale factors (scales NULL or 0 entries: none, which makes the
 * source positions in / out) and align_corners (linear and cubic only). New reference with
 * PyTorch's values and memory format (channels-last in, channels-last out) and its autograd
 * node (UpsampleNearest2DBackward0, UpsampleBilinear2DBackward0, ...); float dtypes, and uint8
 * for the nearest modes. */
tc_tensor *tc_upsample(tc_tensor *x, tc_upsample_mode mode, const int64_t *size,
                       const double *scales, bool align_corners, tc_error *err);

/* ---- normalization (norm.c): PyTorch's native_layer_norm / native_batch_norm on float32 and
 * float64 CPU tensors; results are new references, out-parameters NULL on failure --------- */

/* Layer norm of x over its last nnorm dims, which must be normalized_shape (ns), as must
 * w and b (NULL for none); PyTorch's messages. *out (NativeLayerNormBackward0 when anything requires grad) and, when the
 * pointers are given, the rows' *mean and *rstd (x's shape with the normalized dims 1). */
int tc_layer_norm(tc_tensor *x, const int64_t *ns, int nnorm, tc_tensor *w, tc_tensor *b, double eps, tc_tensor **out,
                  tc_tensor **mean, tc_tensor **rstd, tc_error *err);
/* Batch norm of x [B, C, *] per channel: in training from the batch's statistics (also in
 * *save_mean, *save_invstd) and updating running_mean/running_var (either may be NULL) with
 * momentum and the unbiased variance; else from the running statistics (save_* empty).
 * NativeBatchNormBackward0 when anything requires grad. */
int tc_batch_norm(tc_tensor *x, tc_tensor *w, tc_tensor *b, tc_tensor *running_mean, tc_tensor *running_var,
                  bool training, double momentum, double eps, tc_tensor **out, tc_tensor **save_mean,
                  tc_tensor **save_invstd, tc_error *err);

/* ---- recurrent layers (rnn.c) ------------------------------------------------------------- */

typedef enum tc_rnn_mode { TC_RNN_TANH, TC_RNN_RELU, TC_RNN_LSTM, TC_RNN_GRU } tc_rnn_mode;
/* One direction of one layer of torch.nn.RNN/LSTM/GRU over a whole sequence, as ATen's CPU
 * path computes it: per step gates = (h @ w_hh^T + b_hh) + xp[t] and the cell (GRU: xp's
 * third block added after the reset gate's product, as PyTorch). xp [L, N, G] holds every
 * step's input projection x @ w_ih^T + b_ih (G = 4H LSTM, 3H GRU, H RNN), h0 [N, H],
 * c0 [N, H] for the LSTM only (else NULL), w_hh [G, H], b_hh [G] or NULL (all borrowed;
 * float32/float64 CPU tensors of one dtype); reverse runs t = L-1 down to 0. Returns a new
 * tensor of the hidden states in time order [L, N, H], for the LSTM [2, L, N, H] with the
 * cell states at [1]. With grad mode on and an input requiring grad it gets one node named
 * 'name' whose backward is the whole backpropagation through time (with create_graph, the
 * gradients of the forward recomputed from recording ops, so they differentiate again).
 * NULL with err set. */
tc_tensor *tc_rnn_layer(tc_rnn_mode mode, tc_tensor *xp, tc_tensor *h0, tc_tensor *c0, tc_tensor *w_hh,
                        tc_tensor *b_hh, bool reverse, const char *name, tc_error *err);

/* ---- torch.linalg on LAPACK (lapack.c) ------------------------------------------------------
 * float32/float64 matrices with any leading batch dims; PyTorch's checks and messages
 * (LinAlgError, i.e. TC_EXC_LINALG, for singular / not positive-definite input). Device
 * tensors are computed on the host through counted transfers. Results are new references;
 * out-parameters are set on success and NULL on failure. Gradients as PyTorch's nodes. */

/* torch.linalg.inv (LinalgInvExBackward0). */
tc_tensor *tc_linalg_inv(tc_tensor *A, tc_error *err);
/* inv_ex / cholesky_ex: the LAPACK infos (int32, A's batch shape) instead of an error unless
 * check_errors. */
int tc_linalg_inv_ex(tc_tensor *A, bool check_errors, tc_tensor **inverse, tc_tensor **info, tc_error *err);
int tc_linalg_cholesky_ex(tc_tensor *A, bool upper, bool check_errors, tc_tensor **L, tc_tensor **info, tc_error *err);
/* linalg.solve_triangular(A, B, upper=, left=, unitriangular=): trsm, batch dims broadcast,
 * dtypes promoted; LinalgSolveTriangularBackward0. */
tc_tensor *tc_linalg_solve_triangular(tc_tensor *A, tc_tensor *B, bool upper, bool left, bool unitriangular,
                                      tc_error *err);
/* linalg.lu_factor_ex: getrf; LU (column-major), 1-based int32 pivots and (info non-NULL)
 * int32 infos; check_errors raises on a zero pivot. fn names the op in messages, dimfn in
 * the dimension and pivot=False ones ("torch.lu_factor", "linalg.lu"). */
int tc_linalg_lu_factor_ex(tc_tensor *A, bool pivot, bool check_errors, const char *fn, const char *dimfn,
                           tc_tensor **LU, tc_tensor **pivots, tc_tensor **info, tc_error *err);
/* torch.lu_unpack: P, L, U from LU and pivots (empty tensors for the parts not unpacked). */
int tc_lu_unpack(tc_tensor *LU, tc_tensor *piv, bool unpack_data, bool unpack_pivots, const char *fn,
                 tc_tensor **P, tc_tensor **L, tc_tensor **U, tc_error *err);
/* linalg.lu: A = P L U (rectangular A too). */
int tc_linalg_lu(tc_tensor *A, bool pivot, tc_tensor **P, tc_tensor **L, tc_tensor **U, tc_error *err);
/* linalg.lu_solve(LU, pivots, B, left=, adjoint=): the row swaps and two triangular solves. */
tc_tensor *tc_linalg_lu_solve(tc_tensor *LU, tc_tensor *piv, tc_tensor *B, bool left, bool adjoint, tc_error *err);
/* torch.triangular_solve(b, A, upper, transpose, unitriangular): solution and A's clone. */
int tc_triangular_solve(tc_tensor *b, tc_tensor *A, bool upper, bool transpose, bool unitriangular, tc_tensor **X,
                        tc_tensor **Acopy, tc_error *err);
/* torch.cholesky_solve(B, L, upper): X with L L^T X = B (U^T U X = B when upper). */
tc_tensor *tc_cholesky_solve(tc_tensor *B, tc_tensor *L, bool upper, tc_error *err);
/* torch.linalg.solve(A, B) with left=True; B is a vector when it is [n] or A's batch + [n]. */
tc_tensor *tc_linalg_solve(tc_tensor *A, tc_tensor *B, tc_error *err);
/* linalg.solve_ex: the solution and int32 infos of A's batch shape (a singular system solves
 * on to nan/inf); check_errors raises "torch.linalg.solve_ex: ...singular." instead. */
int tc_linalg_solve_ex(tc_tensor *A, tc_tensor *B, bool check_errors, tc_tensor **X, tc_tensor **info, tc_error *err);
/* linalg.householder_product(A, tau): orgqr (ungqr), Q column-major; no gradient here
 * (backward raises). */
tc_tensor *tc_linalg_householder_product(tc_tensor *A, tc_tensor *tau, tc_error *err);
/* linalg.ldl_factor_ex(A, hermitian=, check_errors=): sytrf on tril(A); LD column-major, int32
 * pivots [.., n] and (info non-NULL) int32 infos; fn names the op in the check_errors message.
 * Real float32/float64 only. */
int tc_linalg_ldl_factor_ex(tc_tensor *A, bool hermitian, bool check_errors, const char *fn, tc_tensor **LD,
                            tc_tensor **pivots, tc_tensor **info, tc_error *err);
/* linalg.ldl_solve(LD, pivots, B): sytrs, batch dims broadcast; X column-major. */
tc_tensor *tc_linalg_ldl_solve(tc_tensor *LD, tc_tensor *pivots, tc_tensor *B, bool hermitian, tc_error *err);
tc_tensor *tc_linalg_det(tc_tensor *A, tc_error *err);
int tc_linalg_slogdet(tc_tensor *A, tc_tensor **sign, tc_tensor **logabsdet, tc_error *err);
/* Lower factor, or the upper one when 'upper'. */
tc_tensor *tc_linalg_cholesky(tc_tensor *A, bool upper, tc_error *err);
/* Eigenvalues (ascending) and, when 'vectors', eigenvectors (V may be NULL otherwise) of the
 * symmetric matrices whose lower (or upper, 'upper') triangle A holds. */
int tc_linalg_eigh(tc_tensor *A, bool upper, bool vectors, tc_tensor **L, tc_tensor **V, tc_error *err);
/* linalg.eig (vectors) / linalg.eigvals of real float32/float64 matrices (LAPACK geev):
 * complex64/complex128 eigenvalues [..., n] and eigenvectors [..., n, n] (unit norm, as
 * LAPACK returns them). PyTorch's errors; complex input is not supported; no autograd. */
int tc_linalg_eig(tc_tensor *A, bool vectors, tc_tensor **L, tc_tensor **V, tc_error *err);
/* U, S, Vh (U and Vh may be NULL when !uv: svdvals); 'full': full_matrices. */
int tc_linalg_svd(tc_tensor *A, bool full, bool uv, tc_tensor **U, tc_tensor **S, tc_tensor **Vh, tc_error *err);
/* mode 0 'reduced', 1 'r' (Q is an empty tensor), 2 'complete'. */
int tc_linalg_qr(tc_tensor *A, int mode, tc_tensor **Q, tc_tensor **R, tc_error *err);
/* solution, residuals, rank (int64), singular_values as PyTorch fills them for 'driver': 0 gelsy
 * (the CPU default: residuals and singular values empty), 1 gels (rank empty too), 2 gelsd,
 * 3 gelss. rcond used when has_rcond, else eps * max(m, n). */
int tc_linalg_lstsq(tc_tensor *A, tc_tensor *B, double rcond, bool has_rcond, int driver, tc_tensor **X,
                    tc_tensor **residuals, tc_tensor **rank, tc_tensor **sv, tc_error *err);
/* atol/rtol NULL when not given (PyTorch's defaults then). */
tc_tensor *tc_linalg_pinv(tc_tensor *A, const double *atol, const double *rtol, bool hermitian, tc_error *err);
tc_tensor *tc_linalg_matrix_rank(tc_tensor *A, const double *atol, const double *rtol, bool hermitian,
                                 tc_error *err);
tc_tensor *tc_linalg_matrix_power(tc_tensor *A, int64_t n, tc_error *err);
/* torch.linalg.matrix_norm over the wrapped dims d0, d1: kind 1 'fro', 2 'nuc', 0 the number
 * ord (1, -1, 2, -2, inf, -inf; others are PyTorch's "Order ... not supported."). */
tc_tensor *tc_linalg_matrix_norm(tc_tensor *A, double ord, int kind, int d0, int d1, bool keepdim, tc_error *err);

/* ---- sparse COO ------------------------------------------------------------------- */

/* indices: int64 [sparse_dim, nnz]; values: [nnz]. Steals neither. */
tc_tensor *tc_sparse_coo(tc_tensor *indices, tc_tensor *values, const int64_t *size, int ndim,
                         tc_error *err);
tc_tensor *tc_sparse_to_dense(tc_tensor *t, tc_error *err);
tc_tensor *tc_dense_to_sparse(tc_tensor *t, tc_error *err);
tc_tensor *tc_sparse_coalesce(tc_tensor *t, tc_error *err);
int64_t tc_sparse_nnz(const tc_tensor *t);

/* ---- NumPy hand-over rules -------------------------------------------------------- */

/* The checks of Tensor.numpy() in PyTorch's order and words (sparse, device, requires grad
 * while grad mode is on, bfloat16). force=true applies detach().cpu() first (returned in
 * *out as a new reference; with force=false *out is a new reference to t). */
int tc_numpy_check(tc_tensor *t, bool force, tc_tensor **out, tc_error *err);

#ifdef __cplusplus
}
#endif
#endif
