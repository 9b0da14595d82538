/*
 * tensorcore internals shared between its source files (never installed). Functions
 * here use the tc__ prefix; ownership follows tensor.h (returned tensors are new
 * references, arguments borrowed).
 */
#ifndef TENSORCORE_TC_IMPL_H
#define TENSORCORE_TC_IMPL_H

#include <stdlib.h>
#include <string.h>

#include "tensorcore/alloc.h"
#include "tensorcore/backend.h"
#include "tensorcore/storage.h"
#include "tensorcore/tensor.h"

/* The replaceable allocator (tensorcore/alloc.h): every allocation of tensorcore goes
 * through it, so tc_alloc_fail_after can make the n-th one fail. */
#define tc__malloc tc_malloc
#define tc__calloc tc_calloc
#define tc__realloc tc_realloc
#define tc__free tc_free
/* Fixed-size objects (tensor structs, storage headers) recycled through per-thread free
 * lists: glibc's allocator is slow for 100k short-lived objects of a few hundred bytes.
 * tc__pool_get returns zeroed memory (NULL when the fault injector says so). */
enum { TC__POOL_TENSOR, TC__POOL_STORAGE, TC__POOL_VERSION, TC__POOL_COUNT };
void *tc__pool_get(int pool, size_t size);
void tc__pool_put(int pool, void *p);
/* True when the fault injector says this allocation must fail (consumes the count). */
bool tc__alloc_should_fail(void);
/* Move blocks into (+1) or out of (-1) the live count: pooled objects are not live. */
void tc__alloc_count(int delta);
/* Format a byte count as PyTorch does ("8.00 GiB") into buf. */
const char *tc__fmt_bytes(size_t n, char *buf, size_t len);
/* True when a fresh CPU storage is known to be zero-filled (fresh memfd pages). */
bool tc__storage_is_zeroed(const tc_storage *s);

/* Row-major strides for shape. */
void tc__contig_strides(const int64_t *shape, int ndim, int64_t *strides);
int64_t tc__shape_numel(const int64_t *shape, int ndim);
/* New contiguous tensor, uninitialised. */
tc_tensor *tc__tensor_new(const int64_t *shape, int ndim, tc_dtype dt, tc_device dev,
                          tc_error *err);
/* New dense tensor whose dims are laid out in the stride order of the operands, as
 * PyTorch's TensorIterator and preserve_format do (x.t() + 1 is not contiguous either). */
tc_tensor *tc__tensor_new_like(const int64_t *shape, int ndim, tc_dtype dt, tc_device dev,
                               tc_tensor *const *ins, int nin, tc_error *err);
/* t's values as dtype dt in contiguous CPU memory (new ref): t itself when it is so already,
 * else a converted or moved copy. */
tc_tensor *tc__host_copy(tc_tensor *t, tc_dtype dt, tc_error *err);
/* A version counter that views share (tc_tensor.vshared). */
typedef struct tc__version {
    atomic_int refs;
    int64_t v;
} tc__version;
/* t's counter as a shared block (moving t's count into one on first use): a new reference,
 * or NULL with PyTorch's out-of-memory error. tc__version_unref drops one (NULL is fine). */
tc__version *tc__version_get(tc_tensor *t, tc_error *err);
void tc__version_unref(tc__version *v);
/* Make dst count its versions with src's counter (moving src's count into a shared block on
 * first use). 0, or -1 with PyTorch's out-of-memory error. */
int tc__version_share(tc_tensor *dst, tc_tensor *src, tc_error *err);
/* New tensor sharing base's storage and version counter with the given geometry (no
 * autograd). */
tc_tensor *tc__tensor_alias(tc_tensor *base, const int64_t *shape, const int64_t *strides,
                            int ndim, int64_t offset, tc_error *err);
/* 0, or PyTorch's "Could not run 'aten::OP' with arguments from the 'SparseCPU' backend."
 * when t is sparse. */
int tc__require_strided(const tc_tensor *t, const char *op, tc_error *err);
/* Describe t for a backend kernel. */
void tc__kview(const tc_tensor *t, tc_kview *kv);
/* The backend serving dev, or NULL with PyTorch's "no NVIDIA driver" error. Borrowed. */
const tc_backend_i *tc__backend(tc_device dev, void **ctx, tc_error *err);
/* PyTorch's overlap checks before a write into 'out': no two of its elements may share
 * memory, and 'in' (may be NULL) may not partly overlap it (the same view is fine).
 * 0, or -1 with PyTorch's "unsupported operation: ..." RuntimeError. */
int tc__check_overlap(const tc_tensor *out, const tc_tensor *in, tc_error *err);
/* Same-device check with PyTorch's message. */
int tc__check_devices(tc_tensor *const *ts, int n, tc_error *err);
/* Wrap a possibly negative dim into [0, ndim) or fail with PyTorch's IndexError. */
int tc__wrap_dim(int64_t dim, int ndim, int *out, tc_error *err);
/* Broadcast two shapes (PyTorch's message on mismatch). */
int tc__broadcast_shapes(const int64_t *a, int na, const int64_t *b, int nb, int64_t *out,
                         int *nout, tc_error *err);
/* "Float", "Long", ... as PyTorch's ScalarType names in messages. */
const char *tc__dtype_title(tc_dtype dt);
/* Shape as "[2, 3]" into buf. */
const char *tc__shape_str(const int64_t *shape, int ndim, char *buf, size_t len);
/* Cast a tensor to dt (self when unchanged); no autograd. */
tc_tensor *tc__cast(tc_tensor *t, tc_dtype dt, tc_error *err);
/* A 0-dim tensor holding scalar s converted to dt on dev. */
tc_tensor *tc__scalar_tensor(tc_scalar s, tc_dtype dt, tc_device dev, tc_error *err);
/* g summed from the end along dim (flip, cumsum, flip): cumsum's gradient. */
tc_tensor *tc__reverse_cumsum(tc_tensor *g, int dim, tc_error *err);
/* cumprod's gradient (x may hold zeros). */
tc_tensor *tc__cumprod_backward(tc_tensor *x, tc_tensor *out, tc_tensor *g, int dim, tc_error *err);
/* Sum g down to shape (undoing broadcasting), no autograd. */
tc_tensor *tc__sum_to(tc_tensor *g, const int64_t *shape, int ndim, tc_error *err);

/* Variance kernels (cpu-reduce.c) over contiguous float32/float64 (f64) data, ATen's order:
 * the sum of (x - mean)^2 over n elements, split over the threads as parallel_reduce splits
 * it; and Welford per output of x viewed as [A, R, B] (R reduced), the variance with
 * 'correction' (its square root with take_sqrt) written to out's A*B elements. */
double tc__cpu_sum_dx2(const void *x, bool f64, int64_t n, double mean);
void tc__cpu_var_welford(const void *x, bool f64, int64_t A, int64_t R, int64_t B, double correction,
                         bool take_sqrt, void *out);

/* mse_loss's reduction (cpu-reduce.c): the sum of (a - b)^2 over n contiguous float32/float64
 * (f64) elements, divided by n when 'mean', into out's one element, with the bits of PyTorch's
 * loss tensor summed (or averaged) in its order (threads as its two-pass sum splits them), in one
 * pass without the loss tensor. -1 (nothing written) where it does not serve: n < 1, no AVX2,
 * more than 64 threads. */
int tc__cpu_sum_sqdiff(const void *a, const void *b, bool f64, int64_t n, bool mean, void *out);

/* The 2-norm per output of contiguous x viewed as [A, R, B] (R reduced) into out's A*B elements,
 * in the input's dtype as ATen's CPU kernels: 'lanes' (a contiguous last dim) sums squares in
 * the lanes of one AVX2 vector folded in order, else one running sum per output, the one
 * output of a long reduction split over the threads. */
void tc__cpu_norm2(const void *x, bool f64, int64_t A, int64_t R, int64_t B, bool lanes, void *out);

/* Functions between TC_TARGET_BEGIN("avx2,fma") and TC_TARGET_END are compiled for that
 * instruction set (GCC's target pragma; clang's attribute, which clang needs instead); the
 * caller checks tc__cpu_isa() before it runs them. */
#define TC__PRAGMA(...) _Pragma(#__VA_ARGS__)
#if defined(__clang__)
#define TC_TARGET_BEGIN(isa) TC__PRAGMA(clang attribute push(__attribute__((target(isa))), apply_to = function))
#define TC_TARGET_END TC__PRAGMA(clang attribute pop)
#else
#define TC_TARGET_BEGIN(isa) TC__PRAGMA(GCC push_options) TC__PRAGMA(GCC target(isa))
#define TC_TARGET_END TC__PRAGMA(GCC pop_options)
#endif

/* The kernels PyTorch's CPU dispatch picks on this CPU: 0 portable (no fused multiply-adds),
 * 1 AVX2 with FMA, 2 AVX-512 (F, BW, DQ and VL). */
int tc__cpu_isa(void);

/* CPU parallel-for: fn(ctx, begin, end) over [0, n) split across threads when n >= grain. */
typedef void (*tc__range_fn)(void *ctx, int64_t begin, int64_t end);
void tc__parallel_for(int64_t n, int64_t grain, tc__range_fn fn, void *ctx);
/* fn(ctx, line, scratch) for every line of [0, lines), split across threads as tc__parallel_for
 * splits them, each piece of lines with its own scratch block of 'scratch' bytes (none when 0).
 * Returns 0, or -1 with a MemoryError in err when a scratch block could not be allocated (that
 * piece's lines are then left undone). */
typedef void (*tc__line_fn)(void *ctx, int64_t line, void *scratch);
int tc__parallel_lines(int64_t lines, int64_t grain, size_t scratch, tc__line_fn fn, void *ctx, tc_error *err);
/* The stable sorting permutation (PyTorch's order: NaN last ascending, first descending; ties
 * in their original order) of the n elements of dtype dt at p, element stride s, written to
 * idx (element stride so). scratch holds tc__sort_line_scratch(n) bytes (cpu-sort.c). */
size_t tc__sort_line_scratch(int64_t n);
void tc__sort_line(int64_t *idx, int64_t so, const char *p, int64_t s, int64_t n, tc_dtype dt, bool desc,
                   void *scratch);
/* A value's sort key (its order PyTorch's sort comparator's) and its index in the line. */
typedef struct tc__sort_pair {
    uint64_t key;
    int64_t idx;
} tc__sort_pair;
/* q[j] = (key of element j, j) for the n elements at p (element stride s); desc: keys in
 * descending order (cpu-sort.c). */
void tc__sort_pairs_fill(tc__sort_pair *q, const char *p, int64_t s, int64_t n, tc_dtype dt, bool desc);
/* libstdc++'s std::sort and std::nth_element over pairs by key, step for step (ties come out
 * in their order, as in PyTorch's CPU kernels). */
void tc__std_sort(tc__sort_pair *first, tc__sort_pair *last);
void tc__std_nth_element(tc__sort_pair *first, tc__sort_pair *nth, tc__sort_pair *last);
/* std::partial_sort of the pairs of the n elements at p (element stride s) into q[0..k), the
 * pairs made as the selection reaches them (q holds k). */
void tc__std_partial_sort_line(tc__sort_pair *q, const char *p, int64_t s, int64_t n, int64_t k, tc_dtype dt,
                               bool desc);
/* The sorting permutation of CPU tensor t along dim d (ndim >= 1) as PyTorch's unstable CPU
 * sort gives it (std::sort): a new int64 tensor of t's shape, or NULL with err set. */
tc_tensor *tc__argsort_unstable_cpu(tc_tensor *t, int d, bool desc, tc_error *err);
/* Per-line CPU kernels work on lines along the last dim: tc__lines_last gives t (ndim >= 1)
 * with dim d swapped with the last one, contiguous (new reference, or NULL with err set);
 * tc__lines_back swaps a result of that layout back, contiguous, and steals 'out' (NULL in,
 * NULL out). */
tc_tensor *tc__lines_last(tc_tensor *t, int d, tc_error *err);
tc_tensor *tc__lines_back(tc_tensor *out, int d, tc_error *err);
/* Sorted values without the permutation (cpu-sort.c), for the dtypes tc__sort_values_dtype
 * accepts (float32/64, int32/64): ascending, equal values as PyTorch's stable sort leaves them
 * (NaN last; -0.0 and 0.0, and NaNs, in their original order). tc__sort_values_line sorts the
 * n values at src (contiguous) into dst with scratch of tc__sort_values_scratch(n, dt) bytes
 * and says whether the line held a NaN or -0.0 (whose order among equals an unstable sort
 * would choose); tc__sort_values_cpu does it along dim d of CPU tensor t (ndim >= 1), with
 * that answer for all lines in *special (may be NULL): a new reference, or NULL with err set. */
bool tc__sort_values_dtype(tc_dtype dt);
size_t tc__sort_values_scratch(int64_t n, tc_dtype dt);
bool tc__sort_values_line(void *dst, const void *src, int64_t n, tc_dtype dt, void *scratch);
tc_tensor *tc__sort_values_cpu(tc_tensor *t, int d, bool *special, tc_error *err);
/* The number of threads CPU kernels use (backend.c). */
int tc__cpu_threads(void);
/* fn over [0, n) in pieces of one item, each thread running its own BLAS products whole (not
 * split across the threads as a lone large product is): for batches of products too small to
 * split well across cores. Only the interpreter's thread calls it (cpu-backend.c). */
void tc__cpu_blas_parallel(int64_t n, tc__range_fn fn, void *ctx);
/* Around a LAPACK routine (lapack.c): OpenBLAS, which runs our products on one thread each,
 * gets tc__cpu_threads() threads for the routine and one again after it. Interpreter's thread
 * only. */
void tc__blas_lapack_begin(void);
void tc__blas_lapack_end(void);
#if defined(__x86_64__)
/* An 8x8 block of 4-byte elements transposed in AVX2 registers: out row k (at out + k*sout)
 * = column k of the block whose rows are at in + k*sin (cpu-backend.c). AVX2 CPUs only. */
void tc__cpu_tr8x8(const char *in, int64_t sin, char *out, int64_t sout);
#endif
/* c = a @ b for 2-D float32/float64 (or any dtype, naively) views, on any thread: it does not
 * look for interrupts. 0, or -1 with err set (out of memory). */
int tc__cpu_gemm(const tc_kview *c, const tc_kview *a, const tc_kview *b, tc_error *err);

/* ---- autograd hooks used by the ops (autograd.c) ---- */
/* Gradient kinds; the elementwise ops name theirs in the last column of oplist.h's lists. */
typedef enum tc__gkind {
    TC_G_ADD, TC_G_SUB, TC_G_MUL, TC_G_DIV, TC_G_POW_T, TC_G_POW_S, TC_G_RSUB_S, TC_G_RPOW_S,
    TC_G_MAXIMUM, TC_G_MINIMUM,
    TC_G_NEG, TC_G_ABS, TC_G_EXP, TC_G_LOG, TC_G_SQRT, TC_G_RELU, TC_G_SIGMOID, TC_G_TANH,
    TC_G_SIN, TC_G_COS, TC_G_ZERO, TC_G_RSQRT, TC_G_LOG2, TC_G_LOG10, TC_G_SQUARE,
    TC_G_RECIPROCAL,
    TC_G_SUM, TC_G_MEAN, TC_G_MM, TC_G_DOT, TC_G_MV, TC_G_VIEW, TC_G_EXPAND, TC_G_CLONE,
    TC_G_TOCOPY, TC_G_CLAMP, TC_G_PERMUTE, TC_G_SELECT, TC_G_SLICE, TC_G_WHERE, TC_G_CAT,
    TC_G_STACK, TC_G_INDEX, TC_G_AMAXMIN, TC_G_PROD, TC_G_INDEX_MASK, TC_G_INDEX_SEL, TC_G_INDEX_ADV,
    TC_G_COPYSLICES, TC_G_INDEX_PUT,
    TC_G_UFUNC, /* asin, acos, ...: the unary op is args.a */
    TC_G_SOFTMAX, /* softmax (args.b 0) or log_softmax (1) along dim args.c */
    TC_G_ATAN2, TC_G_FMOD, TC_G_HYPOT,
    TC_G_CUMSUM, TC_G_CUMPROD, /* along dim args.c */
    TC_G_ZEROGRAD, /* floor, ceil, round, sign: a node whose gradient is zero */
    /* create_graph: the gradient of select/slice (g written into zeros) as a node whose own
     * gradient selects/slices again (args as the forward node's) */
    TC_G_SELECT_BWD, TC_G_SLICE_BWD,
    TC_G_VAR, /* var/std over args.dims (ndims 0: all), keepdim args.b, correction args.scalar,
               * std when args.a */
    TC_G_CONV, /* inputs x, weight, bias (may be NULL); parameters in args (conv.c) */
    TC_G_POOL, /* the pooling in args, max's indices saved (conv.c) */
    TC_G_UPSAMPLE, /* interpolate: mode, sizes and scales in args (upsample.c) */
    TC_G_UPSAMPLE_BWD, /* create_graph: interpolate's gradient, whose own is the upsampling */
    TC_G_LINALG, /* torch.linalg ops: the formula is tc__linalg_grad's (lapack.c), sub-kind args.a */
    TC_G_CUSTOM, /* a function given by the caller (tc_grad_record_custom) */
    TC_G_SPECIAL, /* torch.special functions: tc__special_grad (special.c) */
    TC_G_FFT, /* torch.fft transforms: tc__fft_grad (fft.c) */
    TC_G_NLL, /* nll_loss: target saved, weight in extra[0]; ignore_index args.a, reduction args.b,
              * total weight args.scalar (loss.c) */
    TC_G_ACT /* tc_activation: the tc_act in args.a, its parameters in lo and hi, args.b 1 for
              * leaky_relu_ (activation.c) */
} tc__gkind;

typedef struct tc__gargs {
    double scalar;            /* exponent, multiplier, ... */
    double lo, hi;            /* clamp bounds */
    bool has_lo, has_hi;
    int64_t shape[TC_MAX_DIMS]; /* input shape for view-like ops */
    int ndim;
    int dims[TC_MAX_DIMS];    /* permutation or reduced dims */
    int ndims;
    int64_t a, b, c;          /* select index / slice start, step / dim */
    tc_dtype dtype;           /* input dtype for ToCopy */
    tc_device device;
} tc__gargs;

/* Gradients of tc_activation's nodes (from the node's args, at input x), fused unless record
 * (create_graph) asks for recording ops; and the fused gradient of a tc__pact_kind at x (the
 * output for tanh, sigmoid, relu) with parameters p0, p1, or NULL with no error set unless x
 * and g are CPU float tensors of one dtype and shape (activation.c). */
tc_tensor *tc__act_grad(const tc__gargs *a, tc_tensor *x, tc_tensor *g, bool record, tc_error *err);
tc_tensor *tc__pact_backward(int kind, double p0, double p1, tc_tensor *x, tc_tensor *g, tc_error *err);
/* True when an op with these inputs must record a graph node. */
bool tc__needs_grad(tc_tensor *a, tc_tensor *b);
/* Attach a node named 'name' to out with inputs a, b (b may be NULL) and optional saved
 * tensor 'saved' (new refs taken). On failure out is left without a node and err set. */
int tc__grad_record(tc_tensor *out, const char *name, tc__gkind kind, tc_tensor *a,
                    tc_tensor *b, tc_tensor *saved, const tc__gargs *args, tc_error *err);
/* Before an in-place write records t's new node: when t requires grad, *prev becomes a new
 * alias of t that holds t's node (t's history so far, to be an input of the new node) and t
 * is left without a node; else *prev is NULL. -1 with err set when no alias can be made. */
int tc__history_take(tc_tensor *t, tc_tensor **prev, tc_error *err);
/* After recording t's new node with status rc: on failure t gets its history back from prev.
 * Drops prev (NULL is fine) and returns rc. */
int tc__history_settle(tc_tensor *t, tc_tensor *prev, int rc);
/* Record a node with many inputs (cat/stack). */
int tc__grad_record_n(tc_tensor *out, const char *name, tc__gkind kind, tc_tensor **ins, int n,
                      const tc__gargs *args, tc_error *err);
/* Free a graph node and drop its references (iteratively: see tc__tensor_free_dead). */
void tc__grad_node_free(tc_grad_node *n);
/* In-place writes into a tensor with a history. PyTorch's graph keeps what each node read:
 * a node records its inputs' and its output's versions, and an edge to an input recorded at
 * version v leads to the history that input had at v. tc__history_move gives 'old' (a clone
 * of t's values before the write, or an alias of t) t's node and leaves t without one (the
 * node keeps reading t's version counter for its output); after the write recorded t's new
 * node, tc__history_link makes 'old' the history of t's earlier versions (a reference
 * taken); on failure tc__history_restore gives the node back. tc__history_adopt moves the
 * node of 'from' (a tensor equal to 'to' in value) onto 'to'. */
int tc__history_move(tc_tensor *t, tc_tensor *old, tc_error *err);
void tc__history_link(tc_tensor *t, tc_tensor *old);
void tc__history_restore(tc_tensor *t, tc_tensor *old);
void tc__history_adopt(tc_tensor *to, tc_tensor *from);
/* "torch.FloatTensor" / "torch.cuda.FloatTensor": t's legacy type name, into buf. */
const char *tc__tensor_type_name(const tc_tensor *t, char *buf, size_t n);
/* Free n and drop its inputs' and saved tensor's references, pushing the tensors that die
 * on *dead instead of freeing them (the caller frees them with tc__tensor_free_dead). */
void tc__grad_node_take(tc_grad_node *n, tc_tensor **dead);
/* s has a single reference and memory of its own (storage.c). */
bool tc__storage_sole(const tc_storage *s);
/* Cycle tracking (autograd-cycles.c): track t after its .grad changed (a no-op unless the
 * gradient has a history); untrack a tensor being freed. */
void tc__cycles_track(tc_tensor *t);
void tc__cycles_untrack(tc_tensor *t);
/* Release t's gradient hooks (their contexts through ctx_free). */
void tc__tensor_hooks_free(tc_tensor *t);
/* Drop a reference to t (NULL is fine); push t on *dead when that was the last one. */
void tc__tensor_drop(tc_tensor *t, tc_tensor **dead);
/* Free the tensors on the dead list and everything that dies with them, without recursion. */
void tc__tensor_free_dead(tc_tensor *dead);
/* Gradient of tc_index (index.c): zeros shaped like x with g's rows added at the saved
 * per-tuple offsets 'coff' (int64, CPU); ga holds the indexed dims, placement and index
 * shape. */
/* Gradient of an index assignment (CopySlices / IndexPutBackward0) for input 'which'
 * (0: the tensor's history, g with the written region zeroed; 1: the value, g's region),
 * given the saved written positions. */
tc_tensor *tc__setitem_backward(tc_tensor *positions, tc_tensor *in, tc_tensor *g, int which,
                                tc_error *err);
/* Gradients of tc_convolution for input 'which' (0 x, 1 weight, 2 bias) and of a pooling
 * of x (idx: the saved max indices, or NULL), from the node's inputs and args (conv.c). */
tc_tensor *tc__conv_backward(tc_tensor *const *inputs, const tc__gargs *a, tc_tensor *g, int which,
                             tc_error *err);
tc_tensor *tc__pool_backward(tc_tensor *x, tc_tensor *idx, const tc__gargs *a, tc_tensor *g,
                             tc_error *err);
/* An upsampling of contiguous planes (cpu-upsample.c, driven by upsample.c): nd spatial dims
 * (1 to 3) of sizes in[] to out[], PyTorch's optional scales (0: none), and which of its
 * forward kernels' numerics to reproduce: cl_form, its channels-last linear kernel's sums;
 * cl_nearest, its channels-last nearest kernel's indices. channels: C, for cl_form's split of
 * channels into whole vectors and a tail. weights: the dtype PyTorch keeps its generic kernel's
 * weights in (the input's), which for float16 and bfloat16 rounds them. */
typedef struct tc__upsample {
    tc_upsample_mode mode;
    int nd;
    bool align_corners, cl_form, cl_nearest;
    bool bwd_cl;      /* the gradient is channels-last: PyTorch's channels-last backward */
    tc_dtype weights; /* the generic kernel's weights are rounded to it (float16, bfloat16) */
    int64_t planes, channels;
    int64_t in[3], out[3];
    double scales[3];
} tc__upsample;
/* out (contiguous [planes, out...]) = the upsampling of x (contiguous [planes, in...]);
 * float32 or float64. 0, or -1 with err set (out of memory). */
int tc__cpu_upsample(const tc__upsample *u, tc_dtype dt, void *out, const void *x, tc_error *err);
/* Its gradient: gx (contiguous [planes, in...], written whole) from g ([planes, out...]). */
int tc__cpu_upsample_backward(const tc__upsample *u, tc_dtype dt, void *gx, const void *g,
                              tc_error *err);
/* Gradient of tc_upsample from its node's args (upsample.c); with g requiring grad
 * (create_graph) the result has a node whose gradient, tc__upsample_double, upsamples. */
tc_tensor *tc__upsample_backward(tc_tensor *x, const tc__gargs *a, tc_tensor *g, tc_error *err);
tc_tensor *tc__upsample_double(const tc__gargs *a, tc_tensor *gg, tc_error *err);
/* The width in bytes of the vectors PyTorch's CPU kernels use on this CPU: 64 with AVX-512
 * F, BW, DQ and VL, else 32; TK_VEC_BYTES=32 or 64 sets it (cpu-vmath.c). */
int64_t tc__aten_vec_bytes(void);
/* softmax / log_softmax of contiguous float32 or float64 x along dim (ATen's kernels, on this
 * CPU's vector layout) into out, and their gradient from g and the output y (cpu-vmath.c). */
void tc__softmax_dim(void *out, const void *x, const int64_t *shape, int ndim, int dim, bool f64, bool log);
void tc__softmax_backward_dim(void *gi, const void *g, const void *y, const int64_t *shape, int ndim, int dim,
                              bool f64, bool log);
/* The CPU's direct convolution (cpu-conv.c), for grouped float32 convolutions with few input
 * channels per group (cgk = C/groups * kh * kw) and unit column stride in x: out (contiguous [N, O, oh, ow]) =
 * bias + the convolution of x ([N, C, H, W]) with w (contiguous [O, C/groups, kh, kw]). */
bool tc__cpu_conv_direct_ok(tc_dtype dt, int64_t groups, int64_t cgk, int64_t sx);
int tc__cpu_conv_direct(const tc_kview *out, const tc_kview *x, const tc_kview *w,
                        const tc_kview *b, const tc_window2d *win, int64_t groups, tc_error *err);
/* The CPU's convolution for few taps per output (cgk = C/groups * kh * kw <= 64), float32,
 * unit column stride (cpu-conv.c): fused multiply-adds over a zero-padded copy of each image,
 * same contract as tc__cpu_conv_direct. */
bool tc__cpu_conv_taps_ok(tc_dtype dt, int64_t cgk, const tc_window2d *w);
int tc__cpu_conv_taps(const tc_kview *out, const tc_kview *x, const tc_kview *w,
                      const tc_kview *b, const tc_window2d *win, int64_t groups, tc_error *err);
/* The CPU's float32 convolution as direct products in vector registers over a padded copy
 * of each image (cpu-conv.c): any padding and dilation, strides up to 4, groups (Cg, Og:
 * input and output channels per group); same contract as tc__cpu_conv_direct (x any
 * strides). CPUs with AVX-512 or AVX2 and FMA; one input channel into many goes to
 * tc__cpu_conv_taps. */
bool tc__cpu_conv_fwd_direct_ok(tc_dtype dt, const tc_window2d *w, int64_t Cg, int64_t Og);
int tc__cpu_conv_fwd_direct(const tc_kview *out, const tc_kview *x, const tc_kview *w,
                            const tc_kview *b, const tc_window2d *win, int64_t groups, tc_error *err);
/* Several such convolutions of one batch as one job, one image's parts after each other on
 * a thread: part i writes the convolution of its x with its w (window win; the same batch,
 * output channels, groups and bias b for all) into its out, which may have any strides (the
 * stride phases of a transposed convolution: every s-th row and column of one output). */
typedef struct tc_conv_part {
    tc_kview out, x, w;
    tc_window2d win;
} tc_conv_part;
int tc__cpu_conv_fwd_parts(const tc_conv_part *parts, int64_t nparts, const tc_kview *b, int64_t groups,
                           tc_error *err);
/* The CPU's convolution one image per thread (cpu-conv.c), for float32/float64 batches whose
 * one-image cols (ck * L elements) are small: out (contiguous [N, O, oh, ow])
 * = bias + the convolution of x ([N, C, H, W]) with w (contiguous [O, C/groups, kh, kw]),
 * the same products as the chunked path (ck = C * kh * kw, L = oh * ow). */
bool tc__cpu_conv_images_ok(tc_dtype dt, int64_t N, int64_t ck, int64_t L);
int tc__cpu_conv_images(const tc_kview *out, const tc_kview *x, const tc_kview *w,
                        const tc_kview *b, const tc_window2d *win, int64_t groups, tc_error *err);
/* The gradients of that convolution one image per thread (cpu-conv.c), under the same
 * condition: gx (contiguous, like x) and/or gw (contiguous, like w; either may be NULL) from
 * g (contiguous [N, O, oh, ow]). */
int tc__cpu_conv_grads_images(const tc_kview *gx, const tc_kview *gw, const tc_kview *x,
                              const tc_kview *w, const tc_kview *g, const tc_window2d *win,
                              int64_t groups, tc_error *err);
/* The gradients of a unit-stride float32 convolution as direct convolutions in vector
 * registers (AVX-512, or AVX2 and FMA; cpu-conv.c): gx (contiguous [N, C, H, W] like x)
 * and/or gw (contiguous [O, C/groups, kh, kw]; either may be NULL) from x ([N, C, H, W],
 * unit column stride), w (contiguous like gw) and g (contiguous [N, O, oh, ow]). _ok says whether the CPU and the
 * shape allow it, for the input's gradient (want_gx) or the weight's: unit stride, more
 * than one tap, and either four or more channels per group on the side that is blocked
 * (input channels for gx, output channels for gw) or planes the size of the output. */
bool tc__cpu_conv_grads_direct_ok(tc_dtype dt, const tc_window2d *w, const tc_kview *x, int64_t Cg,
                                  int64_t Og, bool want_gx);
int tc__cpu_conv_grads_direct(float *gx, float *gw, const tc_kview *x, const float *w,
                              const tc_kview *g, const tc_window2d *win, int64_t groups,
                              tc_error *err);
tc_tensor *tc__index_backward(tc_tensor *x, tc_tensor *g, tc_tensor *coff, const tc__gargs *ga,
                              tc_error *err);

/* The CPU's normalization kernels (cpu-norm.c), float32/float64 (dt), contiguous operands,
 * ATen's algorithms and rounding for this CPU. Layer norm over M rows of N: y, and per row the
 * mean and rstd (either may be NULL); w, b (N elements) may be NULL. */
void tc__cpu_layer_norm(tc_dtype dt, int64_t M, int64_t N, const void *x, const void *w, const void *b,
                        double eps, void *y, void *mean, void *rstd);
/* Its gradients from dy (rows dy_rs elements apart: N, or 0 for one row that every row reads):
 * dx ([M, N]), dw and db (N); each may be NULL. 0, or -1 (memory). */
int tc__cpu_layer_norm_backward(tc_dtype dt, int64_t M, int64_t N, const void *dy, int64_t dy_rs, const void *x,
                                const void *mean, const void *rstd, const void *w, void *dx, void *dw,
                                void *db, tc_error *err);
/* Batch norm of x [B, C, S]: y; in training the batch's save_mean and save_invstd (C each) and
 * the running statistics (NULL for none) updated with momentum; in eval from the running
 * statistics. 0, or -1 (memory). */
int tc__cpu_batch_norm(tc_dtype dt, int64_t B, int64_t C, int64_t S, const void *x, const void *w,
                       const void *b, void *running_mean, void *running_var, bool train, double momentum,
                       double eps, void *y, void *save_mean, void *save_invstd, tc_error *err);
/* Its gradients from dy: dx, dw, db (each may be NULL). */
int tc__cpu_batch_norm_backward(tc_dtype dt, int64_t B, int64_t C, int64_t S, const void *dy, const void *x,
                                const void *w, const void *running_mean, const void *running_var,
                                const void *save_mean, const void *save_invstd, bool train, double eps,
                                void *dx, void *dw, void *db, tc_error *err);

/* Record on out (values computed from input without a graph) the node 'name' whose backward
 * raises PyTorch's "the derivative for '<op>' is not implemented." (op: TC__NODERIV_*). */
enum { TC__NODERIV_UNIQUE_DIM, TC__NODERIV_UNIQUE2, TC__NODERIV_UNIQUE_CONSECUTIVE };
int tc__record_no_derivative(tc_tensor *out, const char *name, int op, tc_tensor *input, tc_error *err);
/* The gradient for the input of nll_loss (loss.c) given the incoming gradient g. */
tc_tensor *tc__nll_loss_backward(tc_tensor *input, tc_tensor *target, tc_tensor *weight, tc_tensor *g,
                                 int64_t ignore_index, int reduction, double total_weight, tc_error *err);
/* Gradient for input 'which' of a TC_G_LINALG node n whose output is out, incoming grad g
 * (lapack.c). New reference, or NULL with err set. */
tc_tensor *tc__linalg_grad(const tc_grad_node *n, tc_tensor *out, tc_tensor *g, int which, tc_error *err);
/* The gradients of torch.special's functions (special.c) and of the FFTs (fft.c). */
tc_tensor *tc__special_grad(const tc_grad_node *n, tc_tensor *out, tc_tensor *g, int which, tc_error *err);
tc_tensor *tc__fft_grad(const tc_grad_node *n, tc_tensor *out, tc_tensor *g, int which, tc_error *err);

/* topk's indices (int64, dim d of size k, contiguous) by PyTorch's CPU selection, ties in its
 * order (topk.c). New reference, or NULL with err set. */
tc_tensor *tc__topk_indices_cpu(tc_tensor *t, int64_t k, int d, bool largest, bool sorted,
                                tc_error *err);

#endif
