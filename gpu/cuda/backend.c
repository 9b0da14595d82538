/*
 * The real CUDA backend's vtable: a C shim over the CUDA C++ side (runtime.cu,
 * kernels.cu). It converts tensorcore's kernel views into the plain views the .cu code
 * takes; both sides number the ops from tensorcore/oplist.h.
 */
#include "gpu/cuda/cuda-impl.h"
#include "gpu/gpu-impl.h"

_Static_assert(GPU_CU_MAX_DIMS == TC_MAX_DIMS, "dims");

static gpu_cu_view cv(const tc_kview *v) {
    gpu_cu_view o;
    o.data = v->data;
    o.dtype = v->dtype;
    o.ndim = v->ndim;
    for (int i = 0; i < v->ndim; i++) {
        o.shape[i] = v->shape[i];
        o.strides[i] = v->strides[i];
    }
    return o;
}

/* ---- complex elements ----------------------------------------------------------------------
 * The CUDA kernels know real dtypes only. An op that works part by part on complex data
 * (copies and casts between complex dtypes, +, -, negation, where) runs on the real view
 * with a trailing dim of 2 (view_as_real's layout); any other op on complex data is
 * PyTorch's NotImplementedError rather than a wrong answer. tensorcore itself routes
 * complex fills, sums, means and cumsums through real views before they reach a backend. */

static bool cplx(const tc_kview *v) { return tc_dtype_is_complex(v->dtype); }

/* The real view of a complex view (cond: a bool view spread over the two parts). */
static int real_view(const tc_kview *v, bool spread, gpu_cu_view *o, tc_error *err) {
    if (v->ndim + 1 > TC_MAX_DIMS) return tc_error_set(err, TC_EXC_RUNTIME, "too many dimensions");
    *o = cv(v);
    bool c = cplx(v);
    if (c) o->dtype = tc_dtype_to_real(v->dtype);
    for (int i = 0; i < v->ndim; i++) o->strides[i] = c ? v->strides[i] * 2 : v->strides[i];
    o->shape[v->ndim] = 2;
    o->strides[v->ndim] = spread ? 0 : 1;
    o->ndim = v->ndim + 1;
    return 0;
}

static int refuse(const char *op, tc_dtype dt, tc_error *err) {
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"%s_cuda\" not implemented for '%s'", op,
                        dt == TC_DTYPE_C128 ? "ComplexDouble" : "ComplexFloat");
}

static int cu_device_count(void *ctx) {
    return gpu__cu_device_count();
}

static void *cu_alloc(void *ctx, int device, size_t nbytes, tc_error *err) {
    return gpu__cu_alloc(device, nbytes, err);
}

static void cu_free(void *ctx, int device, void *ptr) {
    gpu__cu_free(device, ptr);
}

static int cu_copy(void *ctx, int device, tc_copy_kind kind, void *dst, const void *src, size_t n,
                   tc_error *err) {
    gpu_cu_copy_kind k = kind == TC_COPY_H2D   ? GPU_CU_H2D
                         : kind == TC_COPY_D2H ? GPU_CU_D2H
                                               : GPU_CU_D2D;
    return gpu__cu_copy(device, k, dst, src, n, err);
}

static int cu_synchronize(void *ctx, int device, tc_error *err) {
    if (gpu__cu_device_count() <= 0) /* torch.cuda.synchronize() on a machine without a GPU */
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Found no NVIDIA driver on your system. Please check that you have an "
                            "NVIDIA GPU and installed a driver from "
                            "http://www.nvidia.com/Download/index.aspx");
    return gpu__cu_synchronize(device, err);
}

static int cu_binary(void *ctx, tc_binary_op op, const tc_kview *out, const tc_kview *a,
                     const tc_kview *b, tc_error *err) {
    if (cplx(out) || cplx(a) || cplx(b)) {
        gpu_cu_view ro, ra, rb;
        if ((op != TC_OP_ADD && op != TC_OP_SUB) || !cplx(out) || !cplx(a) || !cplx(b))
            return refuse(tc_binary_op_name(op), cplx(a) ? a->dtype : out->dtype, err);
        if (real_view(out, false, &ro, err) || real_view(a, false, &ra, err) || real_view(b, false, &rb, err))
            return -1;
        return gpu__cu_binary((int)op, &ro, &ra, &rb, err);
    }
    gpu_cu_view o = cv(out), x = cv(a), y = cv(b);
    return gpu__cu_binary((int)op, &o, &x, &y, err);
}

static int cu_unary(void *ctx, tc_unary_op op, const tc_kview *out, const tc_kview *a,
                    tc_error *err) {
    if (cplx(out) || cplx(a)) {
        gpu_cu_view ro, ra;
        if (op != TC_UOP_NEG || !cplx(out) || !cplx(a)) return refuse(tc_unary_op_name(op), a->dtype, err);
        if (real_view(out, false, &ro, err) || real_view(a, false, &ra, err)) return -1;
        return gpu__cu_unary((int)op, &ro, &ra, err);
    }
    gpu_cu_view o = cv(out), x = cv(a);
    return gpu__cu_unary((int)op, &o, &x, err);
}

static int cu_copy_cast(void *ctx, const tc_kview *out, const tc_kview *a, tc_error *err) {
    if (cplx(out) || cplx(a)) {
        gpu_cu_view ro, ra;
        if (!cplx(out) || !cplx(a)) return refuse("copy", cplx(a) ? a->dtype : out->dtype, err);
        if (real_view(out, false, &ro, err) || real_view(a, false, &ra, err)) return -1;
        return gpu__cu_copy_cast(&ro, &ra, err);
    }
    gpu_cu_view o = cv(out), x = cv(a);
    return gpu__cu_copy_cast(&o, &x, err);
}

static int cu_fill(void *ctx, const tc_kview *out, double v, tc_error *err) {
    if (cplx(out)) return refuse("fill", out->dtype, err);
    gpu_cu_view o = cv(out);
    return gpu__cu_fill(&o, v, err);
}

static int cu_reduce(void *ctx, tc_reduce_op op, const tc_kview *out, const tc_kview *a,
                     tc_error *err) {
    if (cplx(out) || cplx(a)) return refuse("reduce", a->dtype, err);
    gpu_cu_view o = cv(out), x = cv(a);
    return gpu__cu_reduce((int)op, &o, &x, err);
}

static int cu_matmul(void *ctx, const tc_kview *c, const tc_kview *a, const tc_kview *b,
                     tc_error *err) {
    if (cplx(c) || cplx(a) || cplx(b)) return refuse("addmm", a->dtype, err);
    gpu_cu_view o = cv(c), x = cv(a), y = cv(b);
    return gpu__cu_matmul(&o, &x, &y, err);
}

static int cu_where(void *ctx, const tc_kview *out, const tc_kview *cond, const tc_kview *a,
                    const tc_kview *b, tc_error *err) {
    if (cplx(out)) {
        gpu_cu_view ro, rc, ra, rb;
        if (real_view(out, false, &ro, err) || real_view(cond, true, &rc, err) || real_view(a, false, &ra, err) ||
            real_view(b, false, &rb, err))
            return -1;
        return gpu__cu_where(&ro, &rc, &ra, &rb, err);
    }
    gpu_cu_view o = cv(out), c = cv(cond), x = cv(a), y = cv(b);
    return gpu__cu_where(&o, &c, &x, &y, err);
}

static int cu_clamp(void *ctx, const tc_kview *out, const tc_kview *a, const double *lo,
                    const double *hi, tc_error *err) {
    if (cplx(a)) return refuse("clamp", a->dtype, err);
    gpu_cu_view o = cv(out), x = cv(a);
    return gpu__cu_clamp(&o, &x, lo, hi, err);
}

static int cu_scan(void *ctx, tc_scan_op op, const tc_kview *out, const tc_kview *a, int dim,
                   tc_error *err) {
    if (cplx(a)) return refuse(op == TC_SCAN_SUM ? "cumsum" : "cumprod", a->dtype, err);
    gpu_cu_view o = cv(out), x = cv(a);
    return gpu__cu_scan((int)op, &o, &x, dim, err);
}

static int cu_sort(void *ctx, const tc_kview *idx, const tc_kview *a, int dim, bool descending,
                   tc_error *err) {
    if (cplx(a)) return refuse("sort", a->dtype, err);
    gpu_cu_view o = cv(idx), x = cv(a);
    return gpu__cu_sort(&o, &x, dim, descending, err);
}

static gpu_cu_window cw(const tc_window2d *w) {
    gpu_cu_window r = {w->kh, w->kw, w->sh, w->sw, w->ph, w->pw, w->dh, w->dw, w->oh, w->ow};
    return r;
}

static gpu_cu_pool cp(const tc_pool2d *p) {
    gpu_cu_pool r = {(int)p->op, cw(&p->w), p->count_include_pad, p->divisor};
    return r;
}

static int cu_im2col(void *ctx, const tc_kview *cols, const tc_kview *x, const tc_window2d *w,
                     tc_error *err) {
    if (cplx(x)) return refuse("im2col", x->dtype, err);
    gpu_cu_view c = cv(cols), v = cv(x);
    gpu_cu_window g = cw(w);
    return gpu__cu_im2col(&c, &v, &g, err);
}

static int cu_col2im(void *ctx, const tc_kview *x, const tc_kview *cols, const tc_window2d *w,
                     tc_error *err) {
    if (cplx(x)) return refuse("col2im", x->dtype, err);
    gpu_cu_view v = cv(x), c = cv(cols);
    gpu_cu_window g = cw(w);
    return gpu__cu_col2im(&v, &c, &g, err);
}

static int cu_pool2d(void *ctx, const tc_pool2d *p, const tc_kview *out, const tc_kview *idx,
                     const tc_kview *x, tc_error *err) {
    if (cplx(x)) return refuse("pool2d", x->dtype, err);
    gpu_cu_view o = cv(out), i = idx ? cv(idx) : o, v = cv(x);
    gpu_cu_pool q = cp(p);
    return gpu__cu_pool2d(&q, &o, idx ? &i : NULL, &v, err);
}

static int cu_pool2d_backward(void *ctx, const tc_pool2d *p, const tc_kview *gx, const tc_kview *g,
                              const tc_kview *idx, tc_error *err) {
    if (cplx(g)) return refuse("pool2d_backward", g->dtype, err);
    gpu_cu_view o = cv(gx), d = cv(g), i = idx ? cv(idx) : d;
    gpu_cu_pool q = cp(p);
    return gpu__cu_pool2d_backward(&q, &o, &d, idx ? &i : NULL, err);
}

static const tc_backend_i cuda_iface = {
    .name = "cuda",
    .device_count = cu_device_count,
    .alloc = cu_alloc,
    .free = cu_free,
    .copy = cu_copy,
    .synchronize = cu_synchronize,
    .binary = cu_binary,
    .unary = cu_unary,
    .copy_cast = cu_copy_cast,
    .fill = cu_fill,
    .reduce = cu_reduce,
    .matmul = cu_matmul,
    .where = cu_where,
    .clamp = cu_clamp,
    .scan = cu_scan,
    .sort = cu_sort,
    .im2col = cu_im2col,
    .col2im = cu_col2im,
    .pool2d = cu_pool2d,
    .pool2d_backward = cu_pool2d_backward,
};

/* The CUDA vtable. Whether a driver and a GPU are there is asked on the first
 * device_count call (torch.cuda.is_available(), the first CUDA tensor): initialising CUDA
 * takes a large part of a second where a driver exists, so start-up never pays for it, and
 * with no driver the count is simply 0. */
const tc_backend_i *gpu__cuda_backend(void **ctx) {
    *ctx = NULL;
    return &cuda_iface;
}
