/*
 * torch.linalg on LAPACK: the factorizations come from the LAPACK that OpenBLAS ships
 * (opened with dlopen, as the BLAS in cpu-backend.c), never from loops written here. Each op
 * calls the routine PyTorch's CPU kernels call, on the same memory layout, so results (and
 * the signs of eigenvectors and singular vectors) agree with PyTorch's:
 *   inv, solve  getrf + getrs; a contiguous A is factored as A^T (its row-major memory
 *               read column-major) and solved with trans='T', as PyTorch's linalg_solve
 *   det, slogdet  getrf on the same A^T trick; det = sign(P) * prod(diag(U))
 *   cholesky   potrf on a column-major copy          eigh  syevd (column-major copy)
 *   svd        gesdd ('A', 'S' or 'N')                qr    geqrf + orgqr
 *   lstsq      gelsy (PyTorch's CPU default driver)      eig   geev
 * Complex input takes the c/z forms of getrf/getrs (inv, solve, det, slogdet: factored as A
 * itself, as PyTorch does for complex), gesdd, geev and heevd (eigh): the real-valued
 * results (S, eigh's eigenvalues, slogdet's logabsdet) are of the matching real dtype.
 * Results that PyTorch returns column-major (inv, solve, eigenvectors, U, Vh, Q, R) have
 * its strides here too. Tensors on a device are computed on the host: the copies go
 * through tc_to with the op as the cause, so the transfer ledger counts them. pinv,
 * matrix_rank, matrix_power and the matrix norms are composed from the ops above as in
 * PyTorch. Gradients: one graph node per output named as PyTorch's node (LinalgInvExBackward0,
 * ...), formulas in tc__linalg_grad.
 */
#include <dlfcn.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>

#include "autograd.h"

/* ---- the LAPACK entry points ----------------------------------------------------------- */

/* X(name, complex name): the Fortran routines used, in their float ("s"), double ("d"),
 * complex64 ("c") and complex128 ("z") forms; the complex forms of syevd and orgqr are named
 * heevd and ungqr. */
#define TC__LAPACK_LIST(X) X(getrf, getrf) X(getrs, getrs) X(potrf, potrf) X(syevd, heevd) \
    X(gesdd, gesdd) X(geqrf, geqrf) X(orgqr, ungqr) X(gelsy, gelsy) X(gels, gels) X(gelsd, gelsd) \
    X(gelss, gelss) X(geev, geev) X(trsm, trsm) X(sytrf, sytrf) X(sytrs, sytrs)

enum {
#define LP_ENUM(nm, cnm) LP_##nm,
    TC__LAPACK_LIST(LP_ENUM)
#undef LP_ENUM
    LP_COUNT
};
static const char *const lp_names[LP_COUNT][2] = {
#define LP_NAME(nm, cnm) {#nm, #cnm},
    TC__LAPACK_LIST(LP_NAME)
#undef LP_NAME
};
static void *lp_fn[LP_COUNT][4]; /* [routine][lp_kind(dtype)] */
static pthread_once_t lp_once = PTHREAD_ONCE_INIT;

/* The routine-table column of a dtype: 0 float, 1 double, 2 complex64, 3 complex128. */
static int lp_kind(tc_dtype dt) {
    return dt == TC_DTYPE_F64 ? 1 : dt == TC_DTYPE_C64 ? 2 : dt == TC_DTYPE_C128 ? 3 : 0;
}

#ifndef TC_BLAS_PATH
#define TC_BLAS_PATH "libopenblas.so.0"
#endif

/* OpenBLAS (the one found at build time first) carries LAPACK; liblapack is the fallback. */
static void lp_open(void) {
    static const char *const libs[] = {TC_BLAS_PATH, "libopenblas.so.0", "liblapack.so.3"};
    for (size_t i = 0; i < sizeof libs / sizeof *libs; i++) {
        void *h = dlopen(libs[i], RTLD_NOW | RTLD_LOCAL);
        if (!h) continue;
        bool all = true;
        for (int k = 0; k < LP_COUNT && all; k++)
            for (int d = 0; d < 4 && all; d++) {
                char sym[16];
                snprintf(sym, sizeof sym, "%c%s_", "sdcz"[d], lp_names[k][d >= 2]);
                lp_fn[k][d] = dlsym(h, sym);
                all = lp_fn[k][d] != NULL;
            }
        if (all) return;
        memset(lp_fn, 0, sizeof lp_fn);
        dlclose(h);
    }
}

/* The routine for dt, or NULL with a RuntimeError when no LAPACK could be loaded. */
static void *lp(int routine, tc_dtype dt, tc_error *err) {
    pthread_once(&lp_once, lp_open);
    void *f = lp_fn[routine][lp_kind(dt)];
    if (!f) tc_error_set(err, TC_EXC_RUNTIME, "torch.linalg: no LAPACK library found (install libopenblas0)");
    return f;
}

/* Fortran signatures; arrays are float* or double* by dtype, char arguments carry their
 * hidden lengths at the end (gfortran's convention, ignored by the f2c-built ones). */
typedef void (*getrf_t)(const int *m, const int *n, void *a, const int *lda, int *ipiv, int *info);
typedef void (*getrs_t)(const char *tr, const int *n, const int *nrhs, const void *a, const int *lda,
                        const int *ipiv, void *b, const int *ldb, int *info, size_t);
typedef void (*potrf_t)(const char *uplo, const int *n, void *a, const int *lda, int *info, size_t);
typedef void (*syevd_t)(const char *jobz, const char *uplo, const int *n, void *a, const int *lda,
                        void *w, void *work, const int *lwork, int *iwork, const int *liwork,
                        int *info, size_t, size_t);
typedef void (*gesdd_t)(const char *jobz, const int *m, const int *n, void *a, const int *lda, void *s,
                        void *u, const int *ldu, void *vt, const int *ldvt, void *work,
                        const int *lwork, int *iwork, int *info, size_t);
typedef void (*geqrf_t)(const int *m, const int *n, void *a, const int *lda, void *tau, void *work,
                        const int *lwork, int *info);
typedef void (*orgqr_t)(const int *m, const int *n, const int *k, void *a, const int *lda,
                        const void *tau, void *work, const int *lwork, int *info);
typedef void (*gelsy_t)(const int *m, const int *n, const int *nrhs, void *a, const int *lda,
                        void *b, const int *ldb, int *jpvt, const void *rcond, int *rank,
                        void *work, const int *lwork, int *info);
typedef void (*gels_t)(const char *tr, const int *m, const int *n, const int *nrhs, void *a, const int *lda,
                       void *b, const int *ldb, void *work, const int *lwork, int *info, size_t);
typedef void (*gelsd_t)(const int *m, const int *n, const int *nrhs, void *a, const int *lda, void *b,
                        const int *ldb, void *s, const void *rcond, int *rank, void *work, const int *lwork,
                        int *iwork, int *info);
typedef void (*gelss_t)(const int *m, const int *n, const int *nrhs, void *a, const int *lda, void *b,
                        const int *ldb, void *s, const void *rcond, int *rank, void *work, const int *lwork,
                        int *info);

typedef void (*trsm_t)(const char *side, const char *uplo, const char *transa, const char *diag, const int *m,
                       const int *n, const void *alpha, const void *a, const int *lda, void *b, const int *ldb, size_t,
                       size_t, size_t, size_t);

typedef void (*sytrf_t)(const char *uplo, const int *n, void *a, const int *lda, int *ipiv, void *work,
                        const int *lwork, int *info, size_t);
typedef void (*sytrs_t)(const char *uplo, const int *n, const int *nrhs, const void *a, const int *lda,
                        const int *ipiv, void *b, const int *ldb, int *info, size_t);

typedef void (*geev_t)(const char *jobvl, const char *jobvr, const int *n, void *a, const int *lda, void *wr,
                       void *wi, void *vl, const int *ldvl, void *vr, const int *ldvr, void *work,
                       const int *lwork, int *info, size_t, size_t);
/* The complex forms that differ from the real ones: a real workspace rwork (and for heevd
 * its size), and geev's eigenvalues as one complex array w. */
typedef void (*cgeev_t)(const char *jobvl, const char *jobvr, const int *n, void *a, const int *lda, void *w,
                        void *vl, const int *ldvl, void *vr, const int *ldvr, void *work, const int *lwork,
                        void *rwork, int *info, size_t, size_t);
typedef void (*heevd_t)(const char *jobz, const char *uplo, const int *n, void *a, const int *lda, void *w,
                        void *work, const int *lwork, void *rwork, const int *lrwork, int *iwork,
                        const int *liwork, int *info, size_t, size_t);
typedef void (*cgesdd_t)(const char *jobz, const int *m, const int *n, void *a, const int *lda, void *s,
                         void *u, const int *ldu, void *vt, const int *ldvt, void *work, const int *lwork,
                         void *rwork, int *iwork, int *info, size_t);

#define CALL(T, routine, dt, ...)                                                    \
    do {                                                                             \
        T f_;                                                                        \
        void *p_ = lp(routine, dt, err);                                             \
        if (!p_) goto fail;                                                          \
        memcpy(&f_, &p_, sizeof f_);                                                 \
        tc__blas_lapack_begin();                                                     \
        f_(__VA_ARGS__);                                                             \
        tc__blas_lapack_end();                                                       \
    } while (0)

/* The optimal lwork a workspace query left in work[0]. */
static int query_size(const void *w, tc_dtype dt) {
    bool dbl = dt == TC_DTYPE_F64 || dt == TC_DTYPE_C128; /* a complex query's real part */
    double v = dbl ? *(const double *)w : (double)*(const float *)w;
    return v < 1 ? 1 : (int)v;
}

/* ---- helpers ---------------------------------------------------------------------------- */

#define DROP(...)                                                                          \
    do {                                                                                   \
        tc_tensor *drop_[] = {__VA_ARGS__};                                                \
        for (size_t i_ = 0; i_ < sizeof drop_ / sizeof *drop_; i_++) tc_tensor_unref(drop_[i_]); \
    } while (0)

static tc_scalar fsc(double v) { tc_scalar s = {.kind = TC_SCALAR_FLOAT, .v.f = v}; return s; }

static int64_t batch_count(const tc_tensor *t) {
    int64_t b = 1;
    for (int d = 0; d < t->ndim - 2; d++) b *= t->shape[d];
    return b;
}

/* "The input tensor A must have at least 2 dimensions." and the square check. */
static int check_matrix(const tc_tensor *a, const char *fn, bool square, const char *arg, tc_error *err) {
    if (tc__require_strided(a, fn, err)) return -1;
    if (a->ndim < 2)
        return tc_error_set(err, TC_EXC_RUNTIME, "%s: The input tensor %s must have at least 2 dimensions.", fn, arg);
    if (square && a->shape[a->ndim - 1] != a->shape[a->ndim - 2])
        return tc_error_set(err, TC_EXC_RUNTIME, "%s: %s must be batches of square matrices, but they are %lld by %lld matrices",
                            fn, arg, (long long)a->shape[a->ndim - 2], (long long)a->shape[a->ndim - 1]);
    return 0;
}

/* PyTorch's checkFloatingOrComplex (NotImplementedError); half dtypes pass it and fail at
 * the CPU kernel's dispatch ('kernel', e.g. "lu_cpu"), or at inv's own check (NULL).
 * 'cplx': the op has its complex LAPACK path here (without it, and for the gradient of a
 * complex input, which the real formulas of tc__linalg_grad do not cover, a clear error). */
static int check_float(const tc_tensor *a, const char *fn, const char *kernel, bool cplx, tc_error *err) {
    if (a->dtype == TC_DTYPE_F32 || a->dtype == TC_DTYPE_F64) return 0;
    if (tc_dtype_is_complex(a->dtype) && cplx && !tc__needs_grad((tc_tensor *)a, NULL)) return 0;
    if (tc_dtype_is_complex(a->dtype) && cplx)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "%s: the gradient of complex input is not supported by this kernel", fn);
    if (tc_dtype_is_complex(a->dtype))
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "%s: complex input is not supported by this kernel", fn);
    if ((a->dtype == TC_DTYPE_F16 || a->dtype == TC_DTYPE_BF16) && kernel)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"%s\" not implemented for '%s'", kernel, tc__dtype_title(a->dtype));
    if (a->dtype == TC_DTYPE_F16 || a->dtype == TC_DTYPE_BF16)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "%s: Low precision dtypes not supported. Got %s", fn,
                            tc__dtype_title(a->dtype));
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "%s: Expected a floating point or complex tensor as input. Got %s",
                        fn, tc__dtype_title(a->dtype));
}

/* A's values on the host (a counted transfer for device tensors). */
static tc_tensor *host(tc_tensor *a, const char *cause, tc_error *err) {
    if (a->device.type == TC_DEVICE_CPU) return tc_tensor_ref(a);
    return tc_to(a, a->dtype, tc_device_cpu(), cause, err);
}

/* Back to dev (consumes t). */
static tc_tensor *to_dev(tc_tensor *t, tc_device dev, const char *cause, tc_error *err) {
    if (!t || dev.type == TC_DEVICE_CPU) return t;
    tc_tensor *r = tc_to(t, t->dtype, dev, cause, err);
    tc_tensor_unref(t);
    return r;
}

/* A fresh contiguous host tensor of 'shape' (last two dims swapped when 'colmajor') holding
 * a's values: with colmajor each matrix lies column-major, as LAPACK reads it; without, the
 * row-major memory is A^T to LAPACK. No autograd. */
static tc_tensor *work_copy(tc_tensor *a, bool colmajor, tc_error *err) {
    int64_t sh[TC_MAX_DIMS];
    memcpy(sh, a->shape, sizeof(int64_t) * (size_t)a->ndim);
    if (colmajor) {
        sh[a->ndim - 2] = a->shape[a->ndim - 1];
        sh[a->ndim - 1] = a->shape[a->ndim - 2];
    }
    tc_tensor *w = tc__tensor_new(sh, a->ndim, a->dtype, tc_device_cpu(), err);
    if (!w) return NULL;
    tc_tensor *v = colmajor ? tc_transpose(w, -2, -1, err) : tc_tensor_ref(w);
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    int rc = v ? tc_copy_(v, a, err) : -1;
    tc_set_grad_enabled(was);
    tc_tensor_unref(v);
    if (rc) {
        tc_tensor_unref(w);
        return NULL;
    }
    return w;
}

/* A new host tensor of batch dims 'bsh' (nb of them) + [rows, cols] laid out column-major per
 * matrix (PyTorch's strides for LAPACK results); *data is the LAPACK buffer. */
static tc_tensor *fcontig_new(const int64_t *bsh, int nb, int64_t rows, int64_t cols, tc_dtype dt, tc_error *err) {
    int64_t sh[TC_MAX_DIMS];
    memcpy(sh, bsh, sizeof(int64_t) * (size_t)nb);
    sh[nb] = cols;
    sh[nb + 1] = rows;
    tc_tensor *w = tc__tensor_new(sh, nb + 2, dt, tc_device_cpu(), err);
    if (!w) return NULL;
    if (tc_numel(w)) memset(tc_data_ptr(w), 0, (size_t)tc_numel(w) * tc_dtype_size(dt));
    tc_tensor *r = tc_transpose(w, -2, -1, err);
    tc_tensor_unref(w);
    return r;
}

/* Write "(Batch element i): " into buf when the input is batched. */
static const char *batch_prefix(const tc_tensor *a, int64_t i, char *buf, size_t len) {
    if (a->ndim > 2)
        snprintf(buf, len, "(Batch element %lld): ", (long long)i);
    else
        buf[0] = 0;
    return buf;
}

static size_t esz(tc_dtype dt) { return tc_dtype_size(dt); }

/* ---- autograd ----------------------------------------------------------------------------- */

enum lg_kind { LG_INV, LG_DET, LG_SLOGDET, LG_SOLVE, LG_CHOLESKY, LG_EIGH_L, LG_EIGH_V, LG_SVD_S,
               LG_SVD_U, LG_SVD_VH, LG_QR_Q, LG_QR_R, LG_SOLVE_TRI, LG_LU_FACTOR,
               LG_NO_DERIVATIVE };

static tc_tensor *lu_perm_matrix(tc_tensor *piv, int64_t m, tc_dtype dt, tc_device dev, tc_error *err);

/* Record node 'name' of sub-kind k on out, with inputs a (and b) and saved tensors (detached
 * aliases, so no cycle forms between outputs). flag goes to args.b. */
static int lg_record(tc_tensor *out, const char *name, int k, tc_tensor *a, tc_tensor *b, int64_t flag,
                     tc_tensor *s0, tc_tensor *s1, tc_tensor *s2, tc_error *err) {
    if (!out || !tc__needs_grad(a, b)) return 0;
    tc__gargs ga = {0};
    ga.a = k;
    ga.b = flag;
    tc_tensor *sv[3] = {s0, s1, s2}, *det[3] = {NULL, NULL, NULL};
    for (int i = 0; i < 3; i++)
        if (sv[i] && !(det[i] = tc__tensor_alias(sv[i], sv[i]->shape, sv[i]->strides, sv[i]->ndim, sv[i]->offset, err))) {
            DROP(det[0], det[1], det[2]);
            return -1;
        }
    if (tc__grad_record(out, name, TC_G_LINALG, a, b, NULL, &ga, err)) {
        DROP(det[0], det[1], det[2]);
        return -1;
    }
    for (int i = 0; i < 3; i++) out->grad_fn->extra[i] = det[i];
    return 0;
}

static tc_tensor *mT(tc_tensor *t, tc_error *e) { return t ? tc_transpose(t, -2, -1, e) : NULL; }
static tc_tensor *mm(tc_tensor *a, tc_tensor *b, tc_error *e) { return a && b ? tc_matmul(a, b, e) : NULL; }
static tc_tensor *bin(tc_binary_op op, tc_tensor *a, tc_tensor *b, tc_error *e) { return a && b ? tc_binary(op, a, b, e) : NULL; }
static tc_tensor *uns(tc_tensor *t, int d, tc_error *e) { return t ? tc_unsqueeze(t, d, e) : NULL; }

/* diag_embed of the last dim of v (a [..., n] -> [..., n, n]) without autograd. */
static tc_tensor *diag_embed(tc_tensor *v, tc_error *e) {
    if (!v) return NULL;
    int64_t n = v->shape[v->ndim - 1];
    tc_tensor *eye = tc_eye(n, n, v->dtype, v->device, e);
    tc_tensor *c = uns(v, -2, e);
    tc_tensor *r = bin(TC_OP_MUL, c, eye, e);
    DROP(eye, c);
    return r;
}

/* h * (X - X^T): eigh's projection takes h = 0.5, svd's formula h = 1 */
static tc_tensor *skew(tc_tensor *x, double h, tc_error *e) {
    tc_tensor *t = mT(x, e), *d = bin(TC_OP_SUB, x, t, e);
    tc_tensor *r = d && h != 1 ? tc_binary_scalar(TC_OP_MUL, d, fsc(h), e) : tc_tensor_ref(d);
    DROP(t, d);
    return r;
}

/* L_j - L_i off the diagonal and 1 on it, for a [..., k] vector of values (squared first
 * when 'sq'). */
static tc_tensor *gaps(tc_tensor *l, bool sq, tc_error *e) {
    tc_tensor *s = sq ? bin(TC_OP_MUL, l, l, e) : tc_tensor_ref(l);
    tc_tensor *r = uns(s, -2, e), *c = uns(s, -1, e);
    tc_tensor *d = bin(TC_OP_SUB, r, c, e);
    int64_t k = l->shape[l->ndim - 1];
    tc_tensor *eye = tc_eye(k, k, l->dtype, l->device, e);
    tc_tensor *mask = eye ? tc__cast(eye, TC_DTYPE_BOOL, e) : NULL;
    tc_tensor *out = mask && d ? tc_where(mask, eye, d, e) : NULL;
    DROP(s, r, c, d, eye, mask);
    return out;
}

tc_tensor *tc__linalg_grad(const tc_grad_node *n, tc_tensor *out, tc_tensor *g, int which, tc_error *e) {
    tc_tensor *x = n->inputs[0], *s0 = n->extra[0], *s1 = n->extra[1], *s2 = n->extra[2];
    tc_tensor *t1 = NULL, *t2 = NULL, *t3 = NULL, *t4 = NULL, *r = NULL;
    switch ((enum lg_kind)n->args.a) {
    case LG_INV: /* -A^{-T} g A^{-T} */
        t1 = mT(out, e);
        t2 = mm(g, t1, e);
        t3 = mm(t1, t2, e);
        r = t3 ? tc_unary(TC_UOP_NEG, t3, e) : NULL;
        DROP(t1, t2, t3);
        return r;
    case LG_DET: /* g * det * A^{-T} */
        t1 = tc_linalg_inv(x, e);
        t2 = mT(t1, e);
        t3 = bin(TC_OP_MUL, g, out, e);
        t4 = uns(t3, -1, e);
        DROP(t3);
        t3 = uns(t4, -1, e);
        r = bin(TC_OP_MUL, t3, t2, e);
        DROP(t1, t2, t3, t4);
        return r;
    case LG_SLOGDET: /* logabsdet: g * A^{-T}; the sign has no gradient */
        t1 = tc_linalg_inv(x, e);
        t2 = mT(t1, e);
        t4 = uns(g, -1, e);
        t3 = uns(t4, -1, e);
        r = bin(TC_OP_MUL, t3, t2, e);
        DROP(t1, t2, t3, t4);
        return r;
    case LG_SOLVE: { /* gB = A^{-T} g; gA = -gB X^T */
        bool vec = n->args.b != 0;
        t1 = mT(x, e);
        tc_tensor *gB = t1 ? tc_linalg_solve(t1, g, e) : NULL;
        DROP(t1);
        if (which == 1) return gB;
        if (vec) {
            t1 = uns(gB, -1, e);
            t2 = uns(out, -2, e);
        } else {
            t1 = tc_tensor_ref(gB);
            t2 = mT(out, e);
        }
        t3 = mm(t1, t2, e);
        r = t3 ? tc_unary(TC_UOP_NEG, t3, e) : NULL;
        DROP(gB, t1, t2, t3);
        return r;
    }
    case LG_CHOLESKY: { /* L^{-T} Phi(L^T gL) L^{-1}, symmetrized; Phi: tril with half diagonal */
        bool upper = n->args.b != 0;
        tc_tensor *L = upper ? mT(out, e) : tc_tensor_ref(out), *gL = upper ? mT(g, e) : tc_tensor_ref(g);
        t1 = mT(L, e);
        t2 = mm(t1, gL, e);
        t3 = t2 ? tc_tri(t2, 0, false, e) : NULL;
        tc_tensor *dg = t3 ? tc_diagonal(t3, 0, -2, -1, e) : NULL;
        if (dg && tc_binary_scalar_(TC_OP_MUL, dg, fsc(0.5), e)) { DROP(t3); t3 = NULL; }
        DROP(dg, t2);
        tc_tensor *Li = L ? tc_linalg_inv(L, e) : NULL, *LiT = mT(Li, e);
        t2 = mm(LiT, t3, e);
        t4 = mm(t2, Li, e);
        DROP(t2);
        t2 = mT(t4, e);
        tc_tensor *s = bin(TC_OP_ADD, t4, t2, e);
        r = s ? tc_binary_scalar(TC_OP_MUL, s, fsc(0.5), e) : NULL;
        DROP(L, gL, t1, t2, t3, t4, Li, LiT, s);
        return r;
    }
    case LG_EIGH_L: /* V diag(gL) V^T; s0 = V */
        t1 = diag_embed(g, e);
        t2 = mT(s0, e);
        t3 = mm(t1, t2, e);
        r = mm(s0, t3, e);
        DROP(t1, t2, t3);
        return r;
    case LG_EIGH_V: { /* V (skew(V^T gV) / E) V^T; s0 = L */
        tc_tensor *V = out;
        t1 = mT(V, e);
        t2 = mm(t1, g, e);
        t3 = skew(t2, 0.5, e);
        DROP(t2);
        t2 = gaps(s0, false, e);
        t4 = bin(TC_OP_DIV, t3, t2, e);
        DROP(t2, t3);
        t2 = mm(t4, t1, e);
        r = mm(V, t2, e);
        DROP(t1, t2, t4);
        return r;
    }
    case LG_SVD_S: /* U diag(gS) Vh; s0 = U, s1 = Vh (narrowed to k) */
        t1 = diag_embed(g, e);
        t2 = mm(t1, s1, e);
        r = mm(s0, t2, e);
        DROP(t1, t2);
        return r;
    case LG_SVD_U:
    case LG_SVD_VH: {
        /* s0 = U, s1 = S, s2 = Vh (all narrowed to k columns/rows); g narrowed likewise.
         * gU part:  U (skew(U^T gU)/E) S Vh + (I - U U^T) gU S^{-1} Vh, E_jk = S_k^2 - S_j^2
         * gVh part: U S (skew(V^T gV)/E) Vh + U S^{-1} gV^T (I - V V^T) with gV = gVh^T */
        bool isU = n->args.a == LG_SVD_U;
        tc_tensor *U = s0, *S = s1, *Vh = s2;
        int64_t k = S->shape[S->ndim - 1];
        tc_tensor *gk = isU ? tc_slice(g, g->ndim - 1, 0, k, 1, e) : tc_slice(g, g->ndim - 2, 0, k, 1, e);
        tc_tensor *V = mT(Vh, e), *Ut = mT(U, e);
        tc_tensor *E = gaps(S, true, e);
        tc_tensor *Sd = diag_embed(S, e);
        tc_tensor *Sinv = S ? tc_unary(TC_UOP_RECIPROCAL, S, e) : NULL, *Sid = diag_embed(Sinv, e);
        if (isU) {
            t1 = mm(Ut, gk, e);
            t2 = skew(t1, 1, e);
            t3 = bin(TC_OP_DIV, t2, E, e);
            DROP(t1, t2);
            t1 = mm(t3, Sd, e); /* inner k x k */
            t2 = mm(U, t1, e);  /* m x k */
            DROP(t1, t3);
            /* (I - U U^T) gU = gU - U (U^T gU) */
            t1 = mm(Ut, gk, e);
            t3 = mm(U, t1, e);
            t4 = bin(TC_OP_SUB, gk, t3, e);
            DROP(t1, t3);
            t1 = mm(t4, Sid, e);
            t3 = bin(TC_OP_ADD, t2, t1, e);
            r = mm(t3, Vh, e);
            DROP(t1, t2, t3, t4);
        } else {
            tc_tensor *gV = mT(gk, e); /* n x k */
            t1 = mm(Vh, gV, e);
            t2 = skew(t1, 1, e);
            t3 = bin(TC_OP_DIV, t2, E, e);
            DROP(t1, t2);
            t1 = mm(Sd, t3, e);
            t2 = mm(t1, Vh, e); /* k x n */
            DROP(t1, t3);
            /* gV^T (I - V V^T) = gVh - (gVh V) Vh */
            t1 = mm(gk, V, e);
            t3 = mm(t1, Vh, e);
            t4 = bin(TC_OP_SUB, gk, t3, e);
            DROP(t1, t3);
            t1 = mm(Sid, t4, e);
            t3 = bin(TC_OP_ADD, t2, t1, e);
            r = mm(U, t3, e);
            DROP(t1, t2, t3, t4, gV);
        }
        DROP(gk, V, Ut, E, Sd, Sinv, Sid);
        return r;
    }
    case LG_QR_Q:
    case LG_QR_R: { /* m >= n: gA = [gQ + Q syminvadj(triu(M))] R^{-T}, M = gR R^T - Q^T gQ;
                     * s0 = Q, s1 = R; syminvadj(X) = X + X^T - diag(X) */
        bool isQ = n->args.a == LG_QR_Q;
        tc_tensor *Q = s0, *R = s1, *M = NULL;
        if (isQ) {
            t1 = mT(Q, e);
            t2 = mm(t1, g, e);
            M = t2 ? tc_unary(TC_UOP_NEG, t2, e) : NULL;
            DROP(t1, t2);
        } else {
            t1 = mT(R, e);
            M = mm(g, t1, e);
            DROP(t1);
        }
        t1 = M ? tc_tri(M, 0, true, e) : NULL;
        t2 = mT(t1, e);
        t3 = bin(TC_OP_ADD, t1, t2, e);
        DROP(t2);
        t2 = t1 ? tc_diagonal(t1, 0, -2, -1, e) : NULL;
        t4 = diag_embed(t2, e);
        DROP(t2);
        t2 = bin(TC_OP_SUB, t3, t4, e);
        DROP(t3, t4);
        t3 = mm(Q, t2, e);
        if (isQ) {
            t4 = bin(TC_OP_ADD, t3, g, e);
            DROP(t3);
            t3 = t4;
            t4 = NULL;
        }
        tc_tensor *Ri = R ? tc_linalg_inv(R, e) : NULL, *RiT = mT(Ri, e);
        r = mm(t3, RiT, e);
        DROP(M, t1, t2, t3, Ri, RiT);
        return r;
    }
    case LG_NO_DERIVATIVE: {
        static const char *const ops[] = {"unique_dim", "_unique2", "unique_consecutive",
                                          "linalg_householder_product", "linalg_ldl_factor_ex"};
        int64_t k = n->args.b >= 0 && n->args.b < 5 ? n->args.b : 0;
        if (k == 4) { /* ldl_factor has no derivative formula at all in PyTorch (its node is NotImplemented) */
            tc_error_set(e, TC_EXC_RUNTIME, "derivative for aten::%s is not implemented", ops[k]);
            return NULL;
        }
        tc_error_set(e, TC_EXC_NOT_IMPLEMENTED, "the derivative for '%s' is not implemented.", ops[k]);
        return NULL;
    }
    case LG_SOLVE_TRI: { /* left: gB = A^{-T} g, gA = -gB X^T; right: gB = g A^{-T}, gA = -X^T gB;
                          * gA kept to A's triangle (without the diagonal when unitriangular) */
        bool upper = n->args.b & 1, left = n->args.b & 2, unit = n->args.b & 4;
        t1 = mT(x, e);
        tc_tensor *gB = t1 ? tc_linalg_solve_triangular(t1, g, !upper, left, unit, e) : NULL;
        DROP(t1);
        if (which == 1) return gB;
        t1 = mT(out, e);
        t2 = left ? mm(gB, t1, e) : mm(t1, gB, e);
        t3 = t2 ? tc_unary(TC_UOP_NEG, t2, e) : NULL;
        r = t3 ? tc_tri(t3, upper ? (unit ? 1 : 0) : (unit ? -1 : 0), upper, e) : NULL;
        DROP(gB, t1, t2, t3);
        return r;
    }
    case LG_LU_FACTOR: { /* A = P L U: gA = P L^{-T} (tril_{-1}(L^T gL) + triu(gU U^T)) U^{-T}; s0 = pivots */
        int64_t m = out->shape[out->ndim - 2], k = out->shape[out->ndim - 1];
        if (m != k) {
            tc_error_set(e, TC_EXC_NOT_IMPLEMENTED, "linalg.lu_factor: the gradient of non-square input is not supported by this kernel");
            return NULL;
        }
        tc_tensor *eye = tc_eye(m, m, out->dtype, out->device, e);
        tc_tensor *sl = tc_tri(out, -1, false, e), *L = bin(TC_OP_ADD, sl, eye, e), *U = tc_tri(out, 0, true, e);
        tc_tensor *gL = tc_tri(g, -1, false, e), *gU = tc_tri(g, 0, true, e);
        t1 = mT(L, e);
        t2 = mm(t1, gL, e);
        t3 = t2 ? tc_tri(t2, -1, false, e) : NULL;
        DROP(t2);
        tc_tensor *Ut = mT(U, e);
        t2 = mm(gU, Ut, e);
        t4 = t2 ? tc_tri(t2, 0, true, e) : NULL;
        DROP(t2);
        tc_tensor *phi = bin(TC_OP_ADD, t3, t4, e);
        tc_tensor *gR = phi && t1 ? tc_linalg_solve_triangular(t1, phi, true, true, true, e) : NULL;
        tc_tensor *gA0 = gR && Ut ? tc_linalg_solve_triangular(Ut, gR, false, false, false, e) : NULL;
        tc_tensor *P = gA0 ? lu_perm_matrix(s0, m, out->dtype, out->device, e) : NULL;
        r = mm(P, gA0, e);
        DROP(eye, sl, L, U, gL, gU, t1, t3, t4, Ut, phi, gR, gA0, P);
        return r;
    }
    }
    tc_error_set(e, TC_EXC_RUNTIME, "linalg: unknown gradient");
    return NULL;
}

/* ---- LU: inv, solve, det, slogdet ------------------------------------------------------ */

/* LU factors of each matrix of a (host, float or complex) in place of the returned work
 * tensor: contiguous real a is factored as A^T (*transposed = true). piv gets n pivots per matrix (caller
 * allocates batch*n ints); info per matrix in infos. */
static tc_tensor *lu_factor(tc_tensor *a, int *piv, int *infos, bool *transposed, tc_error *err) {
    *transposed = tc_is_contiguous(a) && !tc_dtype_is_complex(a->dtype); /* as PyTorch: real input only */
    tc_tensor *w = work_copy(a, !*transposed, err);
    if (!w) return NULL;
    int n = (int)a->shape[a->ndim - 1], lda = n > 1 ? n : 1;
    int64_t nb = batch_count(a);
    char *d = tc_data_ptr(w);
    for (int64_t i = 0; i < nb && n > 0; i++) { /* an interrupt is noticed between matrices */
        if (tc_interrupt_check(err)) goto fail;
        CALL(getrf_t, LP_getrf, a->dtype, &n, &n, d + (size_t)i * n * n * esz(a->dtype), &lda, piv + i * n, &infos[i]);
    }
    if (n == 0)
        for (int64_t i = 0; i < nb; i++) infos[i] = 0;
    return w;
fail:
    tc_tensor_unref(w);
    return NULL;
}

/* Solve A X = B for host A [.., n, n] and B [.., n, k] already broadcast to A's batch; 'fn'
 * names the op in errors ('inv' words them as inversion). Result column-major per matrix. */
static tc_tensor *lu_solve(tc_tensor *A, tc_tensor *B, const char *inv_fn, int32_t *info_out, tc_error *err) {
    int64_t nb = batch_count(A);
    int n = (int)A->shape[A->ndim - 1], k = (int)B->shape[B->ndim - 1], ld = n > 1 ? n : 1;
    int *piv = tc__malloc(sizeof(int) * (size_t)(nb * n + 1)), *infos = tc__malloc(sizeof(int) * (size_t)(nb + 1));
    tc_tensor *X = NULL, *w = NULL;
    bool tr;
    if (!piv || !infos) {
        tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        goto fail;
    }
    if (!(w = lu_factor(A, piv, infos, &tr, err))) goto fail;
    for (int64_t i = 0; i < nb && info_out; i++) info_out[i] = infos[i];
    for (int64_t i = 0; i < nb && !info_out; i++)
        if (infos[i] > 0) {
            char pre[64];
            batch_prefix(A, i, pre, sizeof pre);
            if (inv_fn)
                tc_error_set(err, TC_EXC_LINALG, "%s: %sThe diagonal element %d is zero, the inversion could not be completed because the input matrix is singular.", inv_fn, pre, infos[i]);
            else
                tc_error_set(err, TC_EXC_LINALG, "torch.linalg.solve: %sThe solver failed because the input matrix is singular.", pre);
            goto fail;
        }
    if (!(X = work_copy(B, true, err))) goto fail; /* [.., k, n]: B column-major */
    char *a = tc_data_ptr(w), *x = tc_data_ptr(X);
    size_t es = esz(A->dtype);
    int info = 0;
    for (int64_t i = 0; i < nb && n > 0 && k > 0; i++)
        CALL(getrs_t, LP_getrs, A->dtype, tr ? "T" : "N", &n, &k, a + (size_t)i * n * n * es, &ld, piv + i * n,
             x + (size_t)i * n * k * es, &ld, &info, 1);
    tc_tensor *r = tc_transpose(X, -2, -1, err);
    DROP(X, w);
    tc__free(piv);
    tc__free(infos);
    return r;
fail:
    DROP(X, w);
    tc__free(piv);
    tc__free(infos);
    return NULL;
}

/* An int32 tensor of A's batch shape holding infos, on A's device (NULL on failure). */
static tc_tensor *info_tensor(tc_tensor *A, const int32_t *infos, const char *cause, tc_error *err) {
    tc_tensor *t = tc__tensor_new(A->shape, A->ndim - 2, TC_DTYPE_I32, tc_device_cpu(), err);
    if (t && tc_numel(t)) memcpy(tc_data_ptr(t), infos, sizeof(int32_t) * (size_t)tc_numel(t));
    return to_dev(t, A->device, cause, err);
}

/* inv and inv_ex: 'info' NULL raises on a singular matrix, else gets the LAPACK infos. */
static tc_tensor *inv_impl(tc_tensor *A, const char *fn, tc_tensor **info, tc_error *err) {
    if (check_matrix(A, fn, true, "A", err) || check_float(A, fn, NULL, true, err)) return NULL;
    int64_t nb = batch_count(A);
    int32_t *infos = info ? tc__calloc((size_t)nb + 1, sizeof(int32_t)) : NULL;
    if (info && !infos) return tc_error_set(err, TC_EXC_MEMORY, "out of memory"), NULL;
    tc_tensor *h = host(A, "torch.linalg.inv", err);
    int64_t n = A->shape[A->ndim - 1];
    tc_tensor *I = h ? tc_eye(n, n, A->dtype, tc_device_cpu(), err) : NULL;
    tc_tensor *Ib = I ? tc_expand(I, A->shape, A->ndim, err) : NULL;
    tc_tensor *r = Ib ? lu_solve(h, Ib, fn, infos, err) : NULL;
    DROP(h, I, Ib);
    r = to_dev(r, A->device, "torch.linalg.inv", err);
    if (r && lg_record(r, "LinalgInvExBackward0", LG_INV, A, NULL, 0, NULL, NULL, NULL, err)) { DROP(r); r = NULL; }
    if (r && info && !(*info = info_tensor(A, infos, "torch.linalg.inv_ex", err))) { DROP(r); r = NULL; }
    tc__free(infos);
    return r;
}

tc_tensor *tc_linalg_inv(tc_tensor *A, tc_error *err) { return inv_impl(A, "linalg.inv", NULL, err); }

int tc_linalg_inv_ex(tc_tensor *A, bool check_errors, tc_tensor **inverse, tc_tensor **info, tc_error *err) {
    *info = NULL;
    *inverse = inv_impl(A, "linalg.inv_ex", check_errors ? NULL : info, err);
    if (*inverse && check_errors) {
        int64_t nb = batch_count(A);
        int32_t *zeros = tc__calloc((size_t)nb + 1, sizeof(int32_t));
        *info = zeros ? info_tensor(A, zeros, "torch.linalg.inv_ex", err) : NULL;
        tc__free(zeros);
        if (!*info) {
            DROP(*inverse);
            *inverse = NULL;
        }
    }
    return *inverse ? 0 : -1;
}

/* linalg.solve and solve_ex: 'info' NULL raises on a singular matrix; otherwise *info gets
 * the LAPACK infos of A's batch shape and a singular system solves on to nan/inf as LAPACK
 * leaves it (solve_ex's check_errors raises after that, naming 'fn'). */
static tc_tensor *solve_impl(tc_tensor *A, tc_tensor *B, const char *fn, tc_tensor **info, bool check_errors,
                             tc_error *err) {
    if (check_matrix(A, "linalg.solve", true, "A", err)) return NULL;
    if (tc__require_strided(B, "linalg.solve", err)) return NULL;
    if (check_float(A, "linalg.solve", "lu_cpu", true, err)) return NULL;
    if (A->dtype != B->dtype)
        return tc_error_set(err, TC_EXC_RUNTIME, "linalg.solve: Expected A and B to have the same dtype, but found A of type %s and B of type %s instead",
                            tc__dtype_title(A->dtype), tc__dtype_title(B->dtype)), NULL;
    if (tc__check_devices((tc_tensor *[]){A, B}, 2, err)) return NULL;
    int64_t n = A->shape[A->ndim - 1];
    /* vector case: B is [n] or A's batch shape + [n] */
    bool vec = B->ndim == 1 || (B->ndim == A->ndim - 1 && memcmp(B->shape, A->shape, sizeof(int64_t) * (size_t)B->ndim) == 0);
    if (B->ndim < 1 || (!vec && B->ndim < 2) || B->shape[vec ? B->ndim - 1 : B->ndim - 2] != n) {
        long long br = B->ndim >= 1 ? (long long)B->shape[vec ? B->ndim - 1 : (B->ndim >= 2 ? B->ndim - 2 : 0)] : 0;
        long long bc = vec || B->ndim < 2 ? 1 : (long long)B->shape[B->ndim - 1];
        return tc_error_set(err, TC_EXC_RUNTIME, "linalg.solve: Incompatible shapes of A and B for the equation AX = B (%lldx%lld and %lldx%lld)",
                            (long long)n, (long long)n, br, bc), NULL;
    }
    tc_tensor *Bm = vec ? tc_unsqueeze(B, -1, err) : tc_tensor_ref(B);
    if (!Bm) return NULL;
    /* broadcast the batch dims */
    int64_t bsh[TC_MAX_DIMS], ash[TC_MAX_DIMS], bbsh[TC_MAX_DIMS];
    int nbo = 0;
    if (tc__broadcast_shapes(A->shape, A->ndim - 2, Bm->shape, Bm->ndim - 2, bsh, &nbo, err)) {
        DROP(Bm);
        return NULL;
    }
    memcpy(ash, bsh, sizeof(int64_t) * (size_t)nbo);
    memcpy(bbsh, bsh, sizeof(int64_t) * (size_t)nbo);
    ash[nbo] = ash[nbo + 1] = n;
    bbsh[nbo] = n;
    bbsh[nbo + 1] = Bm->shape[Bm->ndim - 1];
    tc_tensor *ha = host(A, "torch.linalg.solve", err), *hb = ha ? host(Bm, "torch.linalg.solve", err) : NULL;
    tc_tensor *ea = hb ? tc_expand(ha, ash, nbo + 2, err) : NULL, *eb = ea ? tc_expand(hb, bbsh, nbo + 2, err) : NULL;
    int64_t nbb = 1;
    for (int d = 0; d < nbo; d++) nbb *= bsh[d];
    int32_t *infos = info ? tc__calloc((size_t)nbb + 1, sizeof(int32_t)) : NULL;
    if (info && !infos) tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    tc_tensor *X = eb && (infos || !info) ? lu_solve(ea, eb, NULL, infos, err) : NULL;
    if (X && info) {
        /* the infos of A's own batch: the broadcast batch's when A is not broadcast */
        bool same = nbo == A->ndim - 2 && memcmp(bsh, A->shape, sizeof(int64_t) * (size_t)nbo) == 0;
        tc_tensor *lu = NULL, *pv = NULL;
        if (same) *info = info_tensor(A, infos, fn, err);
        else if (tc_linalg_lu_factor_ex(A, true, false, fn, fn, &lu, &pv, info, err)) *info = NULL;
        DROP(lu, pv);
        if (*info && check_errors) {
            tc_tensor *hi = host(*info, fn, err), *ci = hi ? tc_contiguous(hi, err) : NULL;
            const int32_t *iv = ci ? tc_data_ptr(ci) : NULL;
            for (int64_t i = 0, m = ci ? tc_numel(ci) : 0; i < m; i++)
                if (iv[i] > 0) {
                    char pre[64];
                    batch_prefix(A, i, pre, sizeof pre);
                    tc_error_set(err, TC_EXC_LINALG, "%s: %sThe solver failed because the input matrix is singular.", fn, pre);
                    break;
                }
            DROP(hi, ci);
            if (tc_error_is_set(err)) {
                DROP(*info);
                *info = NULL;
            }
        }
        if (!*info) {
            DROP(X);
            X = NULL;
        }
    }
    tc__free(infos);
    DROP(ha, hb, ea, eb, Bm);
    if (X && vec) {
        tc_tensor *s = tc_squeeze(X, X->ndim - 1, err);
        DROP(X);
        X = s;
    }
    X = to_dev(X, A->device, "torch.linalg.solve", err);
    if (X && lg_record(X, "LinalgSolveExBackward0", LG_SOLVE, A, B, vec, NULL, NULL, NULL, err)) { DROP(X); X = NULL; }
    if (!X && info && *info) {
        DROP(*info);
        *info = NULL;
    }
    return X;
}

tc_tensor *tc_linalg_solve(tc_tensor *A, tc_tensor *B, tc_error *err) { return solve_impl(A, B, "linalg.solve", NULL, false, err); }

int tc_linalg_solve_ex(tc_tensor *A, tc_tensor *B, bool check_errors, tc_tensor **X, tc_tensor **info, tc_error *err) {
    *info = NULL;
    *X = solve_impl(A, B, "torch.linalg.solve_ex", info, check_errors, err);
    return *X ? 0 : -1;
}


/* z <- z * (re + i im) in T's arithmetic, the naive product as c10::complex's operator*. */
#define CMUL(T, zr, zi, re, im)                   \
    do {                                          \
        T r_ = (zr) * (re) - (zi) * (im);         \
        (zi) = (zr) * (im) + (zi) * (re);         \
        (zr) = r_;                                \
    } while (0)

#define COMPLEX_DET(T, ABS, LOG)                                                              \
    do {                                                                                      \
        const T *m = (const T *)d + (size_t)i * n * n * 2;                                    \
        T pr = 1, pi = 0, sr = 1, si = 0, la = 0;                                             \
        for (int j = 0; j < n; j++) {                                                         \
            T vr = m[((size_t)j * n + j) * 2], vi = m[((size_t)j * n + j) * 2 + 1], a = ABS(vr, vi); \
            CMUL(T, pr, pi, vr, vi);                                                          \
            if (a != 0) CMUL(T, sr, si, vr / a, vi / a);                                      \
            else CMUL(T, sr, si, (T)0, (T)0);                                                 \
            la += LOG(a);                                                                     \
        }                                                                                     \
        T qr = (T)p, qi = 0; /* sign(P) * prod as PyTorch's mul_out(det_P, prod) */            \
        if (want_det) CMUL(T, qr, qi, pr, pi);                                                \
        else CMUL(T, qr, qi, sr, si);                                                         \
        ((T *)o1)[2 * i] = qr;                                                                \
        ((T *)o1)[2 * i + 1] = qi;                                                            \
        if (!want_det) ((T *)o2)[i] = la;                                                     \
    } while (0)

/* Matrix i of the complex LU d (column-major, n x n): det into o1[i], or the slogdet sign
 * (prod of diag/|diag|) into o1[i] and log|det| (real) into o2[i]; p is sign(P). */
static void complex_det(const char *d, int64_t i, int n, tc_dtype dt, double p, bool want_det, void *o1, void *o2) {
    if (dt == TC_DTYPE_C128)
        COMPLEX_DET(double, hypot, log);
    else
        COMPLEX_DET(float, hypotf, logf);
}

/* det and slogdet from one LU: det = sign(P) prod(diag U); logabsdet = sum(log|diag U|). */
static int lu_det(tc_tensor *A, const char *fn, tc_tensor **det, tc_tensor **sign, tc_tensor **logabs, tc_error *err) {
    if (check_matrix(A, fn, true, "A", err) || check_float(A, fn, "lu_cpu", true, err)) return -1;
    tc_tensor *h = host(A, fn, err);
    if (!h) return -1;
    int64_t nb = batch_count(A);
    int n = (int)A->shape[A->ndim - 1];
    int *piv = tc__malloc(sizeof(int) * (size_t)(nb * n + 1)), *infos = tc__malloc(sizeof(int) * (size_t)(nb + 1));
    tc_tensor *w = NULL, *o1 = NULL, *o2 = NULL;
    bool tr;
    if (!piv || !infos) {
        tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        goto out;
    }
    if (!(w = lu_factor(h, piv, infos, &tr, err))) goto out;
    o1 = tc__tensor_new(A->shape, A->ndim - 2, A->dtype, tc_device_cpu(), err);
    o2 = o1 && !det ? tc__tensor_new(A->shape, A->ndim - 2, tc_dtype_to_real(A->dtype), tc_device_cpu(), err) : NULL;
    if (!o1 || (!det && !o2)) goto out;
    const char *d = tc_data_ptr(w);
    for (int64_t i = 0; i < nb; i++) {
        int swaps = 0;
        for (int j = 0; j < n; j++) swaps += piv[i * n + j] != j + 1;
        double p = swaps % 2 ? -1 : 1;
        if (tc_dtype_is_complex(A->dtype)) {
            complex_det(d, i, n, A->dtype, p, det != NULL, tc_data_ptr(o1), o2 ? tc_data_ptr(o2) : NULL);
        } else if (A->dtype == TC_DTYPE_F64) {
            const double *m = (const double *)d + (size_t)i * n * n;
            double pr = 1, sg = 1, la = 0;
            for (int j = 0; j < n; j++) {
                double v = m[(size_t)j * n + j];
                pr *= v;
                sg *= (v > 0) - (v < 0);
                la += log(fabs(v));
            }
            ((double *)tc_data_ptr(o1))[i] = det ? p * pr : p * sg;
            if (!det) ((double *)tc_data_ptr(o2))[i] = la;
        } else {
            const float *m = (const float *)d + (size_t)i * n * n;
            float pr = 1, sg = 1, la = 0;
            for (int j = 0; j < n; j++) {
                float v = m[(size_t)j * n + j];
                pr *= v;
                sg *= (float)((v > 0) - (v < 0));
                la += logf(fabsf(v));
            }
            ((float *)tc_data_ptr(o1))[i] = det ? (float)p * pr : (float)p * sg;
            if (!det) ((float *)tc_data_ptr(o2))[i] = la;
        }
    }
    o1 = to_dev(o1, A->device, fn, err);
    o2 = to_dev(o2, A->device, fn, err);
    if (!o1 || (!det && !o2)) goto out;
    if (det) {
        if (lg_record(o1, "LinalgDetBackward0", LG_DET, A, NULL, 0, NULL, NULL, NULL, err)) goto out;
        *det = o1;
    } else {
        if (tc__needs_grad(A, NULL)) {
            /* the sign is a constant of the node (its gradient is zero) */
            if (tc__grad_record(o1, "LinalgSlogdetBackward0", TC_G_ZEROGRAD, A, NULL, NULL, NULL, err)) goto out;
            if (lg_record(o2, "LinalgSlogdetBackward0", LG_SLOGDET, A, NULL, 0, NULL, NULL, NULL, err)) goto out;
        }
        *sign = o1;
        *logabs = o2;
    }
    o1 = o2 = NULL;
out:
    DROP(h, w, o1, o2);
    tc__free(piv);
    tc__free(infos);
    return (det ? *det != NULL : *sign != NULL) ? 0 : -1;
}

tc_tensor *tc_linalg_det(tc_tensor *A, tc_error *err) {
    tc_tensor *d = NULL;
    return lu_det(A, "linalg.det", &d, NULL, NULL, err) ? NULL : d;
}

int tc_linalg_slogdet(tc_tensor *A, tc_tensor **sign, tc_tensor **logabsdet, tc_error *err) {
    *sign = *logabsdet = NULL;
    return lu_det(A, "linalg.slogdet", NULL, sign, logabsdet, err);
}

/* ---- cholesky ---------------------------------------------------------------------------- */

/* cholesky and cholesky_ex: 'infos' NULL raises when a matrix is not positive-definite,
 * else gets LAPACK's infos (the factor is then what potrf left). */
static tc_tensor *cholesky_impl(tc_tensor *A, bool upper, const char *fn, int32_t *infos, tc_error *err) {
    if (check_matrix(A, fn, true, "A", err) || check_float(A, fn, "cholesky_cpu", false, err)) return NULL;
    tc_tensor *h = host(A, fn, err);
    tc_tensor *w = h ? work_copy(h, true, err) : NULL; /* column-major A */
    DROP(h);
    if (!w) return NULL;
    int n = (int)A->shape[A->ndim - 1], ld = n > 1 ? n : 1, info = 0;
    int64_t nb = batch_count(A);
    char *d = tc_data_ptr(w);
    for (int64_t i = 0; i < nb && n > 0; i++) {
        if (tc_interrupt_check(err)) goto fail;
        char *m = d + (size_t)i * n * n * esz(A->dtype);
        CALL(potrf_t, LP_potrf, A->dtype, upper ? "U" : "L", &n, m, &ld, &info, 1);
        for (int j = 0; j < n && info == 0; j++) /* a NaN pivot fails as in reference LAPACK */
            if (isnan(tc_load_f64(m + (size_t)j * (n + 1) * esz(A->dtype), A->dtype))) info = j + 1;
        if (infos) infos[i] = info;
        if (info > 0 && !infos) {
            char pre[64];
            tc_error_set(err, TC_EXC_LINALG, "%s: %sThe factorization could not be completed because the input is not positive-definite (the leading minor of order %d is not positive-definite).",
                         fn, batch_prefix(A, i, pre, sizeof pre), info);
            goto fail;
        }
    }
    /* the factor's triangle, kept column-major as PyTorch's */
    tc_tensor *wt = tc_tri(w, 0, !upper, err), *wc = wt ? tc_contiguous(wt, err) : NULL;
    tc_tensor *r = wc ? tc_transpose(wc, -2, -1, err) : NULL;
    DROP(w, wt, wc);
    r = to_dev(r, A->device, fn, err);
    if (r && lg_record(r, "LinalgCholeskyExBackward0", LG_CHOLESKY, A, NULL, upper, NULL, NULL, NULL, err)) { DROP(r); r = NULL; }
    return r;
fail:
    DROP(w);
    return NULL;
}

tc_tensor *tc_linalg_cholesky(tc_tensor *A, bool upper, tc_error *err) {
    return cholesky_impl(A, upper, "linalg.cholesky", NULL, err);
}

int tc_linalg_cholesky_ex(tc_tensor *A, bool upper, bool check_errors, tc_tensor **L, tc_tensor **info, tc_error *err) {
    *L = *info = NULL;
    if (check_matrix(A, "linalg.cholesky_ex", true, "A", err)) return -1;
    int64_t nb = batch_count(A);
    int32_t *infos = tc__calloc((size_t)nb + 1, sizeof(int32_t));
    if (!infos) return tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    *L = cholesky_impl(A, upper, "linalg.cholesky_ex", check_errors ? NULL : infos, err);
    if (*L && !(*info = info_tensor(A, infos, "torch.linalg.cholesky_ex", err))) {
        DROP(*L);
        *L = NULL;
    }
    tc__free(infos);
    return *L ? 0 : -1;
}

/* ---- eig ------------------------------------------------------------------------------- */

/* Element k of a LAPACK float/double array. */
static double lp_at(const char *p, int64_t k, tc_dtype dt) {
    return dt == TC_DTYPE_F64 ? ((const double *)p)[k] : (double)((const float *)p)[k];
}

/* One geev call (or, with lwork -1, its workspace query) on matrix a: real input leaves its
 * eigenvalues in ev[0..n) + i ev[n..2n), complex input writes them to w and uses ev as rwork. */
static int geev_call(tc_dtype dt, const char *jobvr, int n, void *a, void *w, char *ev, void *vr, void *work,
                     int lwork, int *info, tc_error *err) {
    int ld = n > 1 ? n : 1, one = 1;
    if (tc_dtype_is_complex(dt))
        CALL(cgeev_t, LP_geev, dt, "N", jobvr, &n, a, &ld, w, NULL, &one, vr, &ld, work, &lwork, ev, info, 1, 1);
    else
        CALL(geev_t, LP_geev, dt, "N", jobvr, &n, a, &ld, ev, ev + (size_t)n * esz(dt), NULL, &one, vr, &ld, work,
             &lwork, info, 1, 1);
    return 0;
fail:
    return -1;
}

/* linalg.eig / eigvals through geev (sgeev/dgeev/cgeev/zgeev), one body for every dtype.
 * Real input: eigenvalues wr + i*wi; eigenvectors from VR, where a complex pair (wi[j] > 0)
 * keeps v_j = VR[:, j] + i VR[:, j+1] and its conjugate in column j + 1, as PyTorch's
 * linalg_eig_make_complex_eigenvectors. Complex input: geev's own w and VR. Results are
 * complex64/complex128; no gradient is recorded. */
int tc_linalg_eig(tc_tensor *A, bool vectors, tc_tensor **L, tc_tensor **V, tc_error *err) {
    const char *fn = vectors ? "linalg.eig" : "linalg.eigvals";
    *L = NULL;
    if (V) *V = NULL;
    if (check_matrix(A, fn, true, "A", err)) return -1;
    if (A->dtype == TC_DTYPE_F16 || A->dtype == TC_DTYPE_BF16)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"linalg_eig_out_cpu\" not implemented for '%s'",
                            tc__dtype_title(A->dtype));
    if (A->dtype != TC_DTYPE_F32 && A->dtype != TC_DTYPE_F64 && !tc_dtype_is_complex(A->dtype))
        return tc_error_set(err, TC_EXC_RUNTIME, "Unknown Complex ScalarType for %s", tc__dtype_title(A->dtype));
    tc_dtype dt = A->dtype, cdt = tc_dtype_to_complex(dt), rdt = tc_dtype_to_real(dt);
    bool cx = tc_dtype_is_complex(dt);
    tc_tensor *h = host(A, fn, err);
    tc_tensor *w = h ? work_copy(h, true, err) : NULL;
    DROP(h);
    if (!w) return -1;
    int n = (int)A->shape[A->ndim - 1], info = 0;
    int64_t nb = batch_count(A), total = (int64_t)n * n * nb * (cx ? 2 : 1);
    char *d = tc_data_ptr(w);
    for (int64_t k = 0; k < total; k++) /* every real and imaginary part */
        if (!isfinite(lp_at(d, k, rdt))) {
            DROP(w);
            return tc_error_set(err, TC_EXC_RUNTIME, "torch.%s: input tensor should not contain infs or NaNs.", fn);
        }
    int64_t vsh[TC_MAX_DIMS];
    memcpy(vsh, A->shape, sizeof(int64_t) * (size_t)A->ndim);
    tc_tensor *vals = tc__tensor_new(vsh, A->ndim - 1, cdt, tc_device_cpu(), err);
    tc_tensor *vecs = vals && vectors ? tc__tensor_new(vsh, A->ndim, cdt, tc_device_cpu(), err) : NULL;
    size_t es = esz(dt), ces = esz(cdt), nn = (size_t)(n ? n : 1);
    char *ev = tc__malloc(2 * nn * esz(rdt)); /* wr and wi, or complex geev's rwork (2n reals) */
    char *vr = vectors ? tc__malloc(nn * nn * es) : NULL;
    void *work = NULL;
    _Alignas(16) double q[2] = {0, 0};
    int lwork = -1, rc = -1;
    if (!vals || (vectors && (!vecs || !vr)) || !ev) {
        if (vals && (!vectors || vecs)) tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        goto done;
    }
    char *ov = tc_data_ptr(vals), *oV = vecs ? tc_data_ptr(vecs) : NULL;
    const char *jobvr = vectors ? "V" : "N";
    if (n > 0 && nb > 0) {
        if (geev_call(dt, jobvr, n, d, ov, ev, vr, q, -1, &info, err)) goto done;
        lwork = query_size(q, dt);
        if (!(work = tc__malloc((size_t)lwork * es))) {
            tc_error_set(err, TC_EXC_MEMORY, "out of memory");
            goto done;
        }
    }
    for (int64_t b = 0; b < nb && n > 0; b++) {
        if (tc_interrupt_check(err)) goto done;
        char *ob = ov + (size_t)b * n * ces, *oVb = oV ? oV + (size_t)b * n * n * ces : NULL;
        if (geev_call(dt, jobvr, n, d + (size_t)b * n * n * es, ob, ev, vr, work, lwork, &info, err)) goto done;
        if (info > 0) {
            char pre[64];
            tc_error_set(err, TC_EXC_LINALG, "%s: %sThe algorithm failed to converge because the input matrix is ill-conditioned or has too many repeated eigenvalues (error code: %d).",
                         fn, batch_prefix(A, b, pre, sizeof pre), info);
            goto done;
        }
        if (cx) { /* w is already in place; VR column-major to the row-major result */
            for (int r = 0; vectors && r < n; r++)
                for (int j = 0; j < n; j++)
                    memcpy(oVb + ((size_t)r * n + j) * ces, vr + ((size_t)r + (size_t)j * n) * es, es);
            continue;
        }
        const char *wr = ev, *wi = ev + nn * es;
        for (int j = 0; j < n; j++)
            tc_store_c128(ob + (size_t)j * ces, cdt, lp_at(wr, j, dt), lp_at(wi, j, dt));
        for (int j = 0; vectors && j < n; j++) {
            bool pair = lp_at(wi, j, dt) != 0 && j + 1 < n;
            for (int r = 0; r < n; r++) {
                double re = lp_at(vr, r + (int64_t)j * n, dt);
                char *o = oVb + ((size_t)r * n + j) * ces;
                if (!pair) {
                    tc_store_c128(o, cdt, re, 0);
                    continue;
                }
                double im = lp_at(vr, r + (int64_t)(j + 1) * n, dt);
                tc_store_c128(o, cdt, re, im);
                tc_store_c128(o + ces, cdt, re, -im);
            }
            if (pair) j++;
        }
    }
    rc = 0;
done:
    tc__free(work);
    tc__free(ev);
    tc__free(vr);
    DROP(w);
    if (rc < 0) {
        DROP(vals, vecs);
        return -1;
    }
    *L = to_dev(vals, A->device, fn, err);
    if (vectors) *V = to_dev(vecs, A->device, fn, err);
    if (!*L || (vectors && !*V)) {
        DROP(*L, vectors ? *V : NULL);
        *L = NULL;
        if (V) *V = NULL;
        return -1;
    }
    return 0;
}

/* ---- eigh ------------------------------------------------------------------------------- */

int tc_linalg_eigh(tc_tensor *A, bool upper, bool vectors, tc_tensor **L, tc_tensor **V, tc_error *err) {
    const char *fn = vectors ? "linalg.eigh" : "linalg.eigvalsh";
    *L = NULL;
    if (V) *V = NULL;
    if (check_matrix(A, fn, true, "A", err)) return -1;
    if (A->dtype != TC_DTYPE_F32 && A->dtype != TC_DTYPE_F64 && !tc_dtype_is_complex(A->dtype))
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"linalg_eigh_cpu\" not implemented for '%s'", tc__dtype_title(A->dtype));
    if (tc_dtype_is_complex(A->dtype) && check_float(A, fn, NULL, true, err)) return -1;
    tc_tensor *h = host(A, fn, err);
    tc_tensor *w = h ? work_copy(h, true, err) : NULL, *vals = NULL;
    DROP(h);
    if (!w) return -1;
    int n = (int)A->shape[A->ndim - 1], ld = n > 1 ? n : 1, info = 0, lwork = -1, liwork = -1, lrwork = -1, iq = 0;
    int64_t nb = batch_count(A);
    tc_dtype dt = A->dtype;
    int64_t vsh[TC_MAX_DIMS];
    memcpy(vsh, A->shape, sizeof(int64_t) * (size_t)(A->ndim - 1));
    bool cx = tc_dtype_is_complex(dt); /* Hermitian: heevd, with a real workspace rwork */
    tc_dtype rdt = tc_dtype_to_real(dt);
    if (!(vals = tc__tensor_new(vsh, A->ndim - 1, rdt, tc_device_cpu(), err))) goto fail;
    char *d = tc_data_ptr(w), *wv = tc_data_ptr(vals);
    const char *jobz = vectors ? "V" : "N", *uplo = upper ? "U" : "L";
    _Alignas(16) double q[2], rq = 0;
    void *work = NULL, *rwork = NULL;
    int *iwork = NULL;
    if (n > 0 && nb > 0) {
        if (cx)
            CALL(heevd_t, LP_syevd, dt, jobz, uplo, &n, d, &ld, wv, q, &lwork, &rq, &lrwork, &iq, &liwork, &info, 1, 1);
        else
            CALL(syevd_t, LP_syevd, dt, jobz, uplo, &n, d, &ld, wv, q, &lwork, &iq, &liwork, &info, 1, 1);
        lwork = query_size(q, dt);
        lrwork = query_size(&rq, rdt);
        liwork = iq < 1 ? 1 : iq;
        work = tc__malloc((size_t)lwork * esz(dt));
        iwork = tc__malloc(sizeof(int) * (size_t)liwork);
        rwork = cx ? tc__malloc((size_t)lrwork * esz(rdt)) : NULL;
        if (!work || !iwork || (cx && !rwork)) {
            tc__free(work);
            tc__free(iwork);
            tc__free(rwork);
            tc_error_set(err, TC_EXC_MEMORY, "out of memory");
            goto fail;
        }
    }
    for (int64_t i = 0; i < nb && n > 0; i++) {
        if (tc_interrupt_check(err)) {
            tc__free(work);
            tc__free(iwork);
            tc__free(rwork);
            goto fail;
        }
        void *ai = d + (size_t)i * n * n * esz(dt), *wi = wv + (size_t)i * n * esz(rdt);
        if (cx)
            CALL(heevd_t, LP_syevd, dt, jobz, uplo, &n, ai, &ld, wi, work, &lwork, rwork, &lrwork, iwork, &liwork, &info, 1, 1);
        else
            CALL(syevd_t, LP_syevd, dt, jobz, uplo, &n, ai, &ld, wi, work, &lwork, iwork, &liwork, &info, 1, 1);
        if (info > 0) {
            char pre[64];
            tc_error_set(err, TC_EXC_LINALG, "%s: %sThe algorithm failed to converge because the input matrix is ill-conditioned or has too many repeated eigenvalues (error code: %d).",
                         fn, batch_prefix(A, i, pre, sizeof pre), info);
            tc__free(work);
            tc__free(iwork);
            tc__free(rwork);
            goto fail;
        }
    }
    tc__free(work);
    tc__free(iwork);
    tc__free(rwork);
    vals = to_dev(vals, A->device, fn, err);
    tc_tensor *vecs = vectors ? to_dev(tc_transpose(w, -2, -1, err), A->device, fn, err) : NULL;
    DROP(w);
    w = NULL;
    if (!vals || (vectors && !vecs)) {
        DROP(vecs);
        goto fail;
    }
    if (tc__needs_grad(A, NULL)) {
        tc_tensor *vv = vecs;
        if (!vectors) { /* eigvalsh: the vectors are needed for the gradient only */
            tc_tensor *l2 = NULL;
            if (tc_linalg_eigh(A, upper, true, &l2, &vv, err)) goto fail;
            DROP(l2);
        }
        int rc = lg_record(vals, "LinalgEighBackward0", LG_EIGH_L, A, NULL, 0, vv, NULL, NULL, err);
        if (!rc && vectors) rc = lg_record(vecs, "LinalgEighBackward0", LG_EIGH_V, A, NULL, 0, vals, NULL, NULL, err);
        if (!vectors) DROP(vv);
        if (rc) {
            DROP(vecs);
            goto fail;
        }
    }
    *L = vals;
    if (V) *V = vecs;
    return 0;
fail:
    DROP(w, vals);
    return -1;
}

/* ---- svd -------------------------------------------------------------------------------- */

int tc_linalg_svd(tc_tensor *A, bool full, bool uv, tc_tensor **U, tc_tensor **S, tc_tensor **Vh, tc_error *err) {
    const char *fn = uv ? "linalg.svd" : "linalg.svdvals";
    *S = NULL;
    if (U) *U = NULL;
    if (Vh) *Vh = NULL;
    if (check_matrix(A, "linalg.svd", false, "A", err) || check_float(A, "linalg.svd", "linalg_svd_cpu", true, err)) return -1;
    tc_tensor *h = host(A, fn, err);
    tc_tensor *w = h ? work_copy(h, true, err) : NULL, *s = NULL, *u = NULL, *vt = NULL;
    DROP(h);
    if (!w) return -1;
    tc_dtype dt = A->dtype;
    int m = (int)A->shape[A->ndim - 2], n = (int)A->shape[A->ndim - 1], k = m < n ? m : n;
    int64_t nb = batch_count(A);
    int nbd = A->ndim - 2;
    int ucols = full ? m : k, vrows = full ? n : k;
    int lda = m > 1 ? m : 1, ldu = m > 1 ? m : 1, ldvt = vrows > 1 ? vrows : 1, info = 0, lwork = -1;
    const char *jobz = !uv ? "N" : full ? "A" : "S";
    int64_t ssh[TC_MAX_DIMS];
    memcpy(ssh, A->shape, sizeof(int64_t) * (size_t)nbd);
    ssh[nbd] = k;
    bool cx = tc_dtype_is_complex(dt);
    if (!(s = tc__tensor_new(ssh, nbd + 1, tc_dtype_to_real(dt), tc_device_cpu(), err))) goto fail;
    if (uv && (!(u = fcontig_new(A->shape, nbd, m, ucols, dt, err)) || !(vt = fcontig_new(A->shape, nbd, vrows, n, dt, err))))
        goto fail;
    size_t es = esz(dt);
    char *a = tc_data_ptr(w), *sp = tc_data_ptr(s), *up = u ? tc_data_ptr(u) : NULL, *vp = vt ? tc_data_ptr(vt) : NULL;
    _Alignas(16) double q[2], dummy[4];
    void *work = NULL, *rwork = NULL;
    int *iwork = NULL;
    /* complex gesdd's real workspace, sized as PyTorch's lapackSvd sizes it */
    int64_t mn = k, mx = m > n ? m : n;
    int64_t lrwork = !cx ? 0 : uv ? (5 * mn * mn + 5 * mn > 2 * mx * mn + 2 * mn * mn + mn ? 5 * mn * mn + 5 * mn : 2 * mx * mn + 2 * mn * mn + mn) : 7 * mn;
    if (k > 0 && nb > 0) {
        if (cx)
            CALL(cgesdd_t, LP_gesdd, dt, jobz, &m, &n, a, &lda, sp, up ? (void *)up : dummy, &ldu, vp ? (void *)vp : dummy, &ldvt, q, &lwork, NULL, NULL, &info, 1);
        else
            CALL(gesdd_t, LP_gesdd, dt, jobz, &m, &n, a, &lda, sp, up ? (void *)up : dummy, &ldu, vp ? (void *)vp : dummy, &ldvt, q, &lwork, NULL, &info, 1);
        lwork = query_size(q, dt);
        work = tc__malloc((size_t)lwork * es);
        iwork = tc__malloc(sizeof(int) * (size_t)(8 * k));
        rwork = cx ? tc__malloc((size_t)(lrwork > 1 ? lrwork : 1) * esz(tc_dtype_to_real(dt))) : NULL;
        if (!work || !iwork || (cx && !rwork)) {
            tc__free(work);
            tc__free(iwork);
            tc__free(rwork);
            tc_error_set(err, TC_EXC_MEMORY, "out of memory");
            goto fail;
        }
    }
    for (int64_t i = 0; i < nb && k > 0; i++) {
        if (tc_interrupt_check(err)) {
            tc__free(work);
            tc__free(iwork);
            tc__free(rwork);
            goto fail;
        }
        void *ai = a + (size_t)i * m * n * es, *si = sp + (size_t)i * k * esz(s->dtype);
        void *ui = up ? (void *)(up + (size_t)i * m * ucols * es) : dummy;
        void *vi = vp ? (void *)(vp + (size_t)i * vrows * n * es) : dummy;
        if (cx)
            CALL(cgesdd_t, LP_gesdd, dt, jobz, &m, &n, ai, &lda, si, ui, &ldu, vi, &ldvt, work, &lwork, rwork, iwork, &info, 1);
        else
            CALL(gesdd_t, LP_gesdd, dt, jobz, &m, &n, ai, &lda, si, ui, &ldu, vi, &ldvt, work, &lwork, iwork, &info, 1);
        if (info > 0) {
            char pre[64];
            tc_error_set(err, TC_EXC_LINALG, "%s: %sThe algorithm failed to converge because the input matrix is ill-conditioned or has too many repeated singular values (error code: %d).",
                         fn, batch_prefix(A, i, pre, sizeof pre), info - 1);
            tc__free(work);
            tc__free(iwork);
            tc__free(rwork);
            goto fail;
        }
    }
    tc__free(work);
    tc__free(iwork);
    tc__free(rwork);
    if (k == 0 && uv && full) { /* an empty matrix: full U and Vh are identities */
        for (int64_t i = 0; i < nb; i++) {
            for (int j = 0; j < m; j++) tc_store_c128(up + ((size_t)i * m * m + (size_t)j * (m + 1)) * es, dt, 1, 0);
            for (int j = 0; j < n; j++) tc_store_c128(vp + ((size_t)i * n * n + (size_t)j * (n + 1)) * es, dt, 1, 0);
        }
    }
    s = to_dev(s, A->device, fn, err);
    u = to_dev(u, A->device, fn, err);
    vt = to_dev(vt, A->device, fn, err);
    if (!s || (uv && (!u || !vt))) goto fail;
    if (tc__needs_grad(A, NULL)) {
        tc_tensor *uu = u, *vv = vt, *ss = NULL;
        int rc = 0;
        if (!uv && tc_linalg_svd(A, false, true, &uu, &ss, &vv, err)) goto fail;
        DROP(ss);
        tc_tensor *uk = tc_slice(uu, uu->ndim - 1, 0, k, 1, err), *vk = uk ? tc_slice(vv, vv->ndim - 2, 0, k, 1, err) : NULL;
        rc = vk ? 0 : -1;
        if (!rc) rc = lg_record(s, "LinalgSvdBackward0", LG_SVD_S, A, NULL, 0, uk, vk, NULL, err);
        if (!rc && uv) rc = lg_record(u, "LinalgSvdBackward0", LG_SVD_U, A, NULL, 0, uk, s, vk, err);
        if (!rc && uv) rc = lg_record(vt, "LinalgSvdBackward0", LG_SVD_VH, A, NULL, 0, uk, s, vk, err);
        DROP(uk, vk);
        if (!uv) DROP(uu, vv);
        if (rc) goto fail;
    }
    DROP(w);
    *S = s;
    if (U) *U = u; else DROP(u);
    if (Vh) *Vh = vt; else DROP(vt);
    return 0;
fail:
    DROP(w, s, u, vt);
    return -1;
}

/* ---- qr --------------------------------------------------------------------------------- */

/* orgqr writes column c below the diagonal as -tau[c] * v (v: geqrf's reflector there).
 * OpenBLAS's scal stores +0 where that factor is -0 (a column that needed no reflection);
 * the LAPACK under PyTorch multiplies, giving -0 * v: signed zeros that print ("-0.").
 * Real dtypes; column-major q (m x qc) and a (m x n) per batch. */
static void qr_signed_zeros(char *q, const char *a, const char *tau, int64_t nb, int m, int n,
                            int qc, int kk, int64_t tstride, tc_dtype dt) {
    if (dt != TC_DTYPE_F32 && dt != TC_DTYPE_F64) return;
    for (int64_t b = 0; b < nb; b++)
        for (int c = 0; c < kk && c < n && c < qc; c++) {
            size_t ti = (size_t)b * tstride + c;
            double t = dt == TC_DTYPE_F64 ? ((const double *)tau)[ti] : ((const float *)tau)[ti];
            if (t != 0) continue;
            for (int r = c + 1; r < m; r++) {
                size_t qi = (size_t)b * m * qc + (size_t)c * m + r, ai = (size_t)b * m * n + (size_t)c * m + r;
                if (dt == TC_DTYPE_F64)
                    ((double *)q)[qi] = -t * ((const double *)a)[ai];
                else
                    ((float *)q)[qi] = (float)-t * ((const float *)a)[ai];
            }
        }
}

int tc_linalg_qr(tc_tensor *A, int mode, tc_tensor **Q, tc_tensor **R, tc_error *err) {
    const char *fn = "linalg.qr";
    *Q = *R = NULL;
    if (check_matrix(A, fn, false, "A", err) || check_float(A, fn, "geqrf_cpu", false, err)) return -1;
    if (tc__needs_grad(A, NULL) && A->shape[A->ndim - 2] < A->shape[A->ndim - 1])
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "linalg.qr: gradients of wide matrices (rows < columns) are not supported here yet");
    if (tc__needs_grad(A, NULL) && mode == 2 && A->shape[A->ndim - 2] > A->shape[A->ndim - 1])
        return tc_error_set(err, TC_EXC_RUNTIME, "The QR decomposition is not differentiable when mode='complete' and nrows > ncols.");
    tc_tensor *h = host(A, fn, err);
    tc_tensor *w = h ? work_copy(h, true, err) : NULL, *q = NULL, *r = NULL, *tau = NULL;
    void *work = NULL;
    DROP(h);
    if (!w) return -1;
    tc_dtype dt = A->dtype;
    int m = (int)A->shape[A->ndim - 2], n = (int)A->shape[A->ndim - 1], k = m < n ? m : n;
    int nbd = A->ndim - 2, lda = m > 1 ? m : 1, info = 0, lwork = -1;
    int64_t nb = batch_count(A);
    size_t es = esz(dt);
    int qc = mode == 2 ? m : k; /* columns of Q: complete m, reduced k */
    int rr = mode == 2 ? m : k; /* rows of R */
    int64_t tsh[TC_MAX_DIMS];
    memcpy(tsh, A->shape, sizeof(int64_t) * (size_t)nbd);
    tsh[nbd] = k > 0 ? k : 1;
    if (!(tau = tc__tensor_new(tsh, nbd + 1, dt, tc_device_cpu(), err))) goto fail;
    char *a = tc_data_ptr(w), *tp = tc_data_ptr(tau);
    double qs;
    if (m > 0 && n > 0 && nb > 0) {
        CALL(geqrf_t, LP_geqrf, dt, &m, &n, a, &lda, tp, &qs, &lwork, &info);
        lwork = query_size(&qs, dt);
        if (!(work = tc__malloc((size_t)lwork * es))) {
            tc_error_set(err, TC_EXC_MEMORY, "out of memory");
            goto fail;
        }
        for (int64_t i = 0; i < nb; i++)
            CALL(geqrf_t, LP_geqrf, dt, &m, &n, a + (size_t)i * m * n * es, &lda, tp + (size_t)i * tsh[nbd] * es, work, &lwork, &info);
        tc__free(work);
        work = NULL;
    }
    /* R: the upper triangle of the first rr rows */
    {
        /* w is R^T's memory: the first rr columns, lower triangle, column-major result */
        tc_tensor *left = tc_slice(w, w->ndim - 1, 0, rr, 1, err);
        tc_tensor *lt = left ? tc_tri(left, 0, false, err) : NULL, *lc = lt ? tc_contiguous(lt, err) : NULL;
        r = lc ? tc_transpose(lc, -2, -1, err) : NULL;
        DROP(left, lt, lc);
        if (!r) goto fail;
    }
    if (mode != 1) {
        if (!(q = fcontig_new(A->shape, nbd, m, qc, dt, err))) goto fail;
        char *qp = tc_data_ptr(q);
        int kk = k < qc ? k : qc;
        for (int64_t i = 0; i < nb && m > 0; i++) /* the first min(n, qc) columns of the reflectors */
            for (int c = 0; c < (n < qc ? n : qc); c++)
                memcpy(qp + ((size_t)i * m * qc + (size_t)c * m) * es, a + ((size_t)i * m * n + (size_t)c * m) * es, (size_t)m * es);
        if (m > 0 && qc > 0 && nb > 0) {
            lwork = -1;
            CALL(orgqr_t, LP_orgqr, dt, &m, &qc, &kk, qp, &lda, tp, &qs, &lwork, &info);
            lwork = query_size(&qs, dt);
            if (!(work = tc__malloc((size_t)lwork * es))) {
                tc_error_set(err, TC_EXC_MEMORY, "out of memory");
                goto fail;
            }
            for (int64_t i = 0; i < nb; i++)
                CALL(orgqr_t, LP_orgqr, dt, &m, &qc, &kk, qp + (size_t)i * m * qc * es, &lda, tp + (size_t)i * tsh[nbd] * es, work, &lwork, &info);
            tc__free(work);
            work = NULL;
            qr_signed_zeros(qp, a, tp, nb, m, n, qc, kk, tsh[nbd], dt);
        }
    } else if (!(q = tc_empty((int64_t[]){0}, 1, dt, tc_device_cpu(), err))) {
        goto fail;
    }
    q = to_dev(q, A->device, fn, err);
    r = to_dev(r, A->device, fn, err);
    if (!q || !r) goto fail;
    if (tc__needs_grad(A, NULL)) {
        if (mode == 1) {
            tc_error_set(err, TC_EXC_RUNTIME, "The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.");
            goto fail;
        }
        if (lg_record(q, "LinalgQrBackward0", LG_QR_Q, A, NULL, 0, q, r, NULL, err) ||
            lg_record(r, "LinalgQrBackward0", LG_QR_R, A, NULL, 0, q, r, NULL, err))
            goto fail;
    }
    DROP(w, tau);
    *Q = q;
    *R = r;
    return 0;
fail:
    tc__free(work);
    DROP(w, tau, q, r);
    return -1;
}

/* ---- lstsq ------------------------------------------------------------------------------ */

int tc_linalg_lstsq(tc_tensor *A, tc_tensor *B, double rcond, bool has_rcond, int driver, tc_tensor **X,
                    tc_tensor **res, tc_tensor **rank, tc_tensor **sv, tc_error *err) {
    *X = *res = *rank = *sv = NULL;
    if (tc__require_strided(A, "linalg.lstsq", err) || tc__require_strided(B, "linalg.lstsq", err)) return -1;
    if (tc__check_devices((tc_tensor *[]){A, B}, 2, err)) return -1;
    if ((A->dtype != TC_DTYPE_F32 && A->dtype != TC_DTYPE_F64) || (B->dtype != TC_DTYPE_F32 && B->dtype != TC_DTYPE_F64))
        return tc_error_set(err, TC_EXC_RUNTIME, "This function doesn't handle types other than float and double");
    if (A->dtype != B->dtype)
        return tc_error_set(err, TC_EXC_RUNTIME, "torch.linalg.lstsq: Expected input and other to have the same dtype, but got input's dtype %s and other's dtype %s",
                            tc__dtype_title(A->dtype), tc__dtype_title(B->dtype));
    int dd = A->ndim - B->ndim;
    if (dd < 0 || dd > 1)
        return tc_error_set(err, TC_EXC_RUNTIME, "torch.linalg.lstsq: input.dim() must be greater or equal to other.dim() and (input.dim() - other.dim()) <= 1");
    if (A->ndim < 2)
        return tc_error_set(err, TC_EXC_RUNTIME, "torch.linalg.lstsq: input must have at least 2 dimensions.");
    bool vec = dd == 1;
    tc_tensor *Bm = vec ? tc_unsqueeze(B, -1, err) : tc_tensor_ref(B);
    if (!Bm) return -1;
    if (Bm->shape[Bm->ndim - 2] != A->shape[A->ndim - 2]) {
        DROP(Bm);
        return tc_error_set(err, TC_EXC_RUNTIME, vec ? "torch.linalg.lstsq: input.size(-2) should match other.size(-1)"
                                                     : "torch.linalg.lstsq: input.size(-2) should match other.size(-2)");
    }
    tc_dtype dt = A->dtype;
    int m = (int)A->shape[A->ndim - 2], n = (int)A->shape[A->ndim - 1], nrhs = (int)Bm->shape[Bm->ndim - 1];
    int mx = m > n ? m : n, lda = m > 1 ? m : 1, ldb = mx > 1 ? mx : 1, info = 0, lwork = -1, rk = 0;
    int64_t bsh[TC_MAX_DIMS], ash[TC_MAX_DIMS], bbsh[TC_MAX_DIMS];
    int nbo = 0;
    if (tc__broadcast_shapes(A->shape, A->ndim - 2, Bm->shape, Bm->ndim - 2, bsh, &nbo, err)) {
        DROP(Bm);
        return -1;
    }
    memcpy(ash, bsh, sizeof(int64_t) * (size_t)nbo);
    memcpy(bbsh, bsh, sizeof(int64_t) * (size_t)nbo);
    ash[nbo] = m;
    ash[nbo + 1] = n;
    bbsh[nbo] = m;
    bbsh[nbo + 1] = nrhs;
    tc_tensor *ha = host(A, "torch.linalg.lstsq", err), *hb = ha ? host(Bm, "torch.linalg.lstsq", err) : NULL;
    tc_tensor *ea = hb ? tc_expand(ha, ash, nbo + 2, err) : NULL, *eb = ea ? tc_expand(hb, bbsh, nbo + 2, err) : NULL;
    tc_tensor *wa = eb ? work_copy(ea, true, err) : NULL, *wb = NULL, *rk_t = NULL, *sol = NULL, *sv_t = NULL;
    DROP(ha, hb, ea, eb);
    int *jpvt = NULL, *iwork = NULL, k = m < n ? m : n;
    void *work = NULL;
    if (!wa) goto fail;
    /* B column-major in an ldb x nrhs buffer per matrix (gelsy writes the n-row solution there) */
    if (!(wb = fcontig_new(bsh, nbo, mx, nrhs, dt, err))) goto fail;
    {
        tc_tensor *top = tc_slice(wb, nbo, 0, m, 1, err);
        tc_tensor *bview = top ? tc_expand(Bm, bbsh, nbo + 2, err) : NULL;
        int rc = bview ? tc_copy_(top, bview, err) : -1;
        DROP(top, bview);
        if (rc) goto fail;
    }
    if (!(rk_t = tc__tensor_new(bsh, nbo, TC_DTYPE_I64, tc_device_cpu(), err))) goto fail;
    if (driver >= 2) { /* gelsd, gelss: the singular values too */
        int64_t ssh[TC_MAX_DIMS];
        memcpy(ssh, bsh, sizeof(int64_t) * (size_t)nbo);
        ssh[nbo] = k;
        if (!(sv_t = tc_zeros(ssh, nbo + 1, dt, tc_device_cpu(), err))) goto fail;
    }
    int64_t nb = tc__shape_numel(bsh, nbo);
    size_t es = esz(dt);
    double rc_d = has_rcond ? rcond : (dt == TC_DTYPE_F64 ? DBL_EPSILON : FLT_EPSILON) * mx;
    float rc_f = (float)rc_d;
    const void *rcp = dt == TC_DTYPE_F64 ? (const void *)&rc_d : (const void *)&rc_f;
    jpvt = tc__calloc((size_t)(n + 1), sizeof(int));
    char *a = tc_data_ptr(wa), *b = tc_data_ptr(wb);
    double qs;
    if (!jpvt) {
        tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        goto fail;
    }
    char *svp = sv_t ? tc_data_ptr(sv_t) : NULL;
    bool all_full = true;
    if (nb > 0 && m > 0 && n > 0 && nrhs > 0) {
        int iq = 1;
        double dummy_s[2];
        if (driver == 0)
            CALL(gelsy_t, LP_gelsy, dt, &m, &n, &nrhs, a, &lda, b, &ldb, jpvt, rcp, &rk, &qs, &lwork, &info);
        else if (driver == 1)
            CALL(gels_t, LP_gels, dt, "N", &m, &n, &nrhs, a, &lda, b, &ldb, &qs, &lwork, &info, 1);
        else if (driver == 2)
            CALL(gelsd_t, LP_gelsd, dt, &m, &n, &nrhs, a, &lda, b, &ldb, svp ? (void *)svp : dummy_s, rcp, &rk, &qs, &lwork, &iq, &info);
        else
            CALL(gelss_t, LP_gelss, dt, &m, &n, &nrhs, a, &lda, b, &ldb, svp ? (void *)svp : dummy_s, rcp, &rk, &qs, &lwork, &info);
        lwork = query_size(&qs, dt);
        work = tc__malloc((size_t)lwork * es);
        iwork = tc__malloc(sizeof(int) * (size_t)(iq > 1 ? iq : 1));
        if (!work || !iwork) {
            tc_error_set(err, TC_EXC_MEMORY, "out of memory");
            goto fail;
        }
    }
    for (int64_t i = 0; i < nb; i++) {
        rk = 0;
        info = 0;
        if (tc_interrupt_check(err)) goto fail;
        if (m > 0 && n > 0 && nrhs > 0) {
            char *ai = a + (size_t)i * m * n * es, *bi = b + (size_t)i * mx * nrhs * es;
            void *si = svp ? (void *)(svp + (size_t)i * k * es) : NULL;
            memset(jpvt, 0, sizeof(int) * (size_t)n);
            if (driver == 0)
                CALL(gelsy_t, LP_gelsy, dt, &m, &n, &nrhs, ai, &lda, bi, &ldb, jpvt, rcp, &rk, work, &lwork, &info);
            else if (driver == 1)
                CALL(gels_t, LP_gels, dt, "N", &m, &n, &nrhs, ai, &lda, bi, &ldb, work, &lwork, &info, 1);
            else if (driver == 2)
                CALL(gelsd_t, LP_gelsd, dt, &m, &n, &nrhs, ai, &lda, bi, &ldb, si, rcp, &rk, work, &lwork, iwork, &info);
            else
                CALL(gelss_t, LP_gelss, dt, &m, &n, &nrhs, ai, &lda, bi, &ldb, si, rcp, &rk, work, &lwork, &info);
        }
        if (info > 0) {
            char pre[64];
            tc_error_set(err, TC_EXC_LINALG, driver == 1
                             ? "torch.linalg.lstsq: %sThe least squares solution could not be computed because the input matrix does not have full rank (error code: %d)."
                             : "torch.linalg.lstsq: %sThe algorithm failed to converge because the input matrix is ill-conditioned or has too many repeated singular values (error code: %d).",
                         batch_prefix(A, i, pre, sizeof pre), info);
            goto fail;
        }
        ((int64_t *)tc_data_ptr(rk_t))[i] = rk;
        all_full = all_full && rk == n;
    }
    tc__free(work);
    tc__free(iwork);
    work = NULL;
    iwork = NULL;
    /* residuals: the squares of rows n.. of LAPACK's B, summed, when m > n and (gelsd, gelss)
     * every matrix has full rank; gelsy gives none */
    tc_tensor *res_h = NULL;
    if (m > n && driver != 0 && (driver == 1 || all_full)) {
        tc_tensor *raw = tc_slice(wb, nbo, n, m, 1, err);
        tc_tensor *sq = raw ? tc_binary(TC_OP_MUL, raw, raw, err) : NULL;
        int d = nbo;
        res_h = sq ? tc_reduce(TC_RED_SUM, sq, &d, 1, false, err) : NULL;
        DROP(raw, sq);
        if (!res_h) goto fail;
    }
    sol = tc_slice(wb, nbo, 0, n, 1, err);
    if (sol && vec) {
        tc_tensor *s2 = tc_squeeze(sol, sol->ndim - 1, err);
        DROP(sol);
        sol = s2;
    }
    *X = to_dev(sol, A->device, "torch.linalg.lstsq", err);
    sol = NULL;
    *res = res_h ? to_dev(res_h, A->device, "torch.linalg.lstsq", err) : tc_empty((int64_t[]){0}, 1, dt, A->device, err);
    *sv = sv_t ? to_dev(sv_t, A->device, "torch.linalg.lstsq", err) : tc_empty((int64_t[]){0}, 1, dt, A->device, err);
    sv_t = NULL;
    if (driver == 1) {
        DROP(rk_t);
        rk_t = tc_empty((int64_t[]){0}, 1, TC_DTYPE_I64, tc_device_cpu(), err);
    }
    *rank = to_dev(rk_t, A->device, "torch.linalg.lstsq", err);
    rk_t = NULL;
    if (!*X || !*res || !*sv || !*rank) goto fail;
    if (tc__needs_grad(A, B)) {
        /* X = pinv(A) B: differentiate through the composed form */
        tc_tensor *pa = tc_linalg_pinv(A, NULL, NULL, false, err);
        tc_tensor *px = pa ? tc_matmul(pa, B, err) : NULL;
        DROP(pa);
        if (!px) goto fail;
        tc__history_adopt(*X, px);
        (*X)->grad_fn->name = "LinalgLstsqBackward0";
        DROP(px);
        if (tc__grad_record(*res, "LinalgLstsqBackward0", TC_G_ZEROGRAD, A, NULL, NULL, NULL, err)) goto fail;
    }
    DROP(wa, wb, Bm);
    tc__free(jpvt);
    return 0;
fail:
    tc__free(work);
    tc__free(iwork);
    tc__free(jpvt);
    DROP(wa, wb, rk_t, sv_t, sol, Bm, *X, *res, *rank, *sv);
    *X = *res = *rank = *sv = NULL;
    return -1;
}

/* ---- composed: pinv, matrix_rank, matrix_power ---------------------------------------------- */

static double eps_of(tc_dtype dt) { return dt == TC_DTYPE_F64 ? DBL_EPSILON : FLT_EPSILON; }

/* tol = max(atol, rtol * smax), PyTorch's defaults: rtol = eps * max(m, n) unless atol > 0
 * was given. atol/rtol may be NULL (absent). Float tensors of smax's dtype. */
static tc_tensor *tolerance(tc_tensor *A, tc_tensor *smax, const double *atol, const double *rtol, tc_error *err) {
    int64_t m = A->shape[A->ndim - 2], n = A->shape[A->ndim - 1];
    double at = atol ? *atol : 0, rt = rtol ? *rtol : (atol && *atol > 0 ? 0 : eps_of(A->dtype) * (double)(m > n ? m : n));
    tc_tensor *scaled = tc_binary_scalar(TC_OP_MUL, smax, fsc(rt), err);
    tc_tensor *atl = scaled ? tc_full(NULL, 0, at, smax->dtype, smax->device, err) : NULL;
    tc_tensor *tol = atl ? tc_binary(TC_OP_MAXIMUM, atl, scaled, err) : NULL;
    DROP(scaled, atl);
    return tol;
}

tc_tensor *tc_linalg_pinv(tc_tensor *A, const double *atol, const double *rtol, bool hermitian, tc_error *err) {
    if (tc__require_strided(A, "linalg.pinv", err)) return NULL;
    if (A->ndim < 2 || (A->dtype != TC_DTYPE_F32 && A->dtype != TC_DTYPE_F64)) {
        char sh[128];
        return tc_error_set(err, TC_EXC_RUNTIME, "linalg.pinv(%s{%s}): expected a tensor with 2 or more dimensions of float, double, cfloat or cdouble types",
                            tc__dtype_title(A->dtype), tc__shape_str(A->shape, A->ndim, sh, sizeof sh)), NULL;
    }
    tc_tensor *U = NULL, *S = NULL, *Vh = NULL, *r = NULL;
    tc_tensor *smax = NULL, *tol = NULL, *mask = NULL, *rec = NULL, *zero = NULL, *sp = NULL, *spu = NULL, *t1 = NULL, *t2 = NULL;
    if (!hermitian) {
        if (tc_linalg_svd(A, false, true, &U, &S, &Vh, err)) return NULL;
        smax = tc_slice(S, S->ndim - 1, 0, 1, 1, err);
    } else {
        if (tc_linalg_eigh(A, false, true, &S, &U, err)) return NULL;
        tc_tensor *ab = tc_unary(TC_UOP_ABS, S, err);
        int d = S->ndim - 1;
        smax = ab ? tc_reduce(TC_RED_MAX, ab, &d, 1, true, err) : NULL;
        DROP(ab);
    }
    if (!smax || !(tol = tolerance(A, smax, atol, rtol, err))) goto out;
    {
        tc_tensor *cmpv = hermitian ? tc_unary(TC_UOP_ABS, S, err) : tc_tensor_ref(S);
        mask = cmpv ? tc_binary(TC_OP_GT, cmpv, tol, err) : NULL;
        DROP(cmpv);
    }
    rec = mask ? tc_unary(TC_UOP_RECIPROCAL, S, err) : NULL;
    zero = rec ? tc_zeros(NULL, 0, S->dtype, S->device, err) : NULL;
    sp = zero ? tc_where(mask, rec, zero, err) : NULL;
    spu = sp ? tc_unsqueeze(sp, -2, err) : NULL;
    if (!spu) goto out;
    if (!hermitian) {
        t1 = mT(Vh, err);
        t2 = bin(TC_OP_MUL, t1, spu, err);
        DROP(t1);
        t1 = mT(U, err);
        r = mm(t2, t1, err);
    } else {
        t2 = bin(TC_OP_MUL, U, spu, err);
        t1 = mT(U, err);
        r = mm(t2, t1, err);
    }
    if (r && r->grad_fn) r->grad_fn->name = "LinalgPinvBackward0";
out:
    DROP(U, S, Vh, smax, tol, mask, rec, zero, sp, spu, t1, t2);
    return r;
}

tc_tensor *tc_linalg_matrix_rank(tc_tensor *A, const double *atol, const double *rtol, bool hermitian, tc_error *err) {
    if (tc__require_strided(A, "linalg.matrix_rank", err)) return NULL;
    if (A->ndim >= 2 && A->dtype != TC_DTYPE_F32 && A->dtype != TC_DTYPE_F64)
        return tc_error_set(err, TC_EXC_RUNTIME, "This function doesn't handle types other than float and double"), NULL;
    if (A->ndim < 2)
        return tc_error_set(err, TC_EXC_RUNTIME, "torch.linalg.matrix_rank: The input tensor input must have at least 2 dimensions."), NULL;
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *S = NULL, *smax = NULL, *tol = NULL, *mask = NULL, *r = NULL, *V = NULL;
    int d = A->ndim - 2;
    if (!hermitian) {
        if (tc_linalg_svd(A, false, false, NULL, &S, NULL, err)) goto out;
        smax = tc_slice(S, d, 0, 1, 1, err);
    } else {
        tc_tensor *L = NULL;
        if (tc_linalg_eigh(A, false, false, &L, NULL, err)) goto out;
        S = tc_unary(TC_UOP_ABS, L, err);
        DROP(L);
        smax = S ? tc_reduce(TC_RED_MAX, S, &d, 1, true, err) : NULL;
    }
    if (!smax || !(tol = tolerance(A, smax, atol, rtol, err))) goto out;
    mask = tc_binary(TC_OP_GT, S, tol, err);
    r = mask ? tc_reduce(TC_RED_SUM, mask, &d, 1, false, err) : NULL;
out:
    tc_set_grad_enabled(was);
    DROP(S, smax, tol, mask, V);
    return r;
}

tc_tensor *tc_linalg_matrix_power(tc_tensor *A, int64_t n, tc_error *err) {
    if (check_matrix(A, "linalg.matrix_power", true, "A", err)) return NULL;
    if (n == 0) {
        int64_t k = A->shape[A->ndim - 1];
        tc_tensor *I = tc_eye(k, k, A->dtype, A->device, err);
        tc_tensor *e = I ? tc_expand(I, A->shape, A->ndim, err) : NULL;
        tc_tensor *r = e ? tc_contiguous(e, err) : NULL;
        DROP(I, e);
        /* PyTorch copies the identity into a result that joins the graph (zero gradient) */
        if (r && tc__needs_grad(A, NULL) && tc__grad_record(r, "CopyBackwards", TC_G_ZEROGRAD, A, NULL, NULL, NULL, err)) {
            DROP(r);
            return NULL;
        }
        return r;
    }
    tc_tensor *a = n < 0 ? tc_linalg_inv(A, err) : tc_tensor_ref(A);
    if (!a) return NULL;
    if (n == -1) return a;
    if (n < 0) n = -n;
    if (n == 1) {
        tc_tensor *r = tc_clone(a, err);
        DROP(a);
        return r;
    }
    if (n == 2 || n == 3) {
        tc_tensor *r = tc_matmul(a, a, err);
        if (r && n == 3) {
            tc_tensor *r3 = tc_matmul(r, a, err);
            DROP(r);
            r = r3;
        }
        DROP(a);
        return r;
    }
    /* binary decomposition from the least significant bit, as PyTorch */
    tc_tensor *z = NULL, *res = NULL;
    while (n > 0) {
        int64_t bit = n % 2;
        n /= 2;
        tc_tensor *nz = z ? tc_matmul(z, z, err) : tc_tensor_ref(a);
        DROP(z);
        if (!(z = nz)) break;
        if (bit) {
            tc_tensor *nr = res ? tc_matmul(res, z, err) : tc_tensor_ref(z);
            DROP(res);
            if (!(res = nr)) break;
        }
    }
    DROP(z, a);
    return res;
}

/* ---- matrix norms ---------------------------------------------------------------------------- */

/* torch.linalg.matrix_norm over dims (d0, d1) (already wrapped, distinct): kind 1 'fro',
 * 2 'nuc', 0 the number ord (1, -1, 2, -2, inf, -inf), composed as PyTorch composes them. */
tc_tensor *tc_linalg_matrix_norm(tc_tensor *A, double ord, int kind, int d0, int d1, bool keepdim, tc_error *err) {
    if (check_matrix(A, "linalg.matrix_norm", false, "A", err)) return NULL;
    if (A->dtype != TC_DTYPE_F32 && A->dtype != TC_DTYPE_F64 && A->dtype != TC_DTYPE_F16 && A->dtype != TC_DTYPE_BF16)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "linalg.matrix_norm: Expected a floating point or complex tensor as input. Got %s",
                            tc__dtype_title(A->dtype)), NULL;
    double ab = fabs(ord);
    if (kind == 0 && ab != 1 && ab != 2 && !isinf(ord))
        return tc_error_set(err, TC_EXC_RUNTIME, "linalg.matrix_norm: Order %g not supported.", ord), NULL;
    int dd[2] = {d0, d1};
    if (kind == 1) return tc_vector_norm(A, 2, dd, 2, keepdim, err);
    if (kind == 2 || ab == 2) {
        int perm[TC_MAX_DIMS], k = 0;
        for (int d = 0; d < A->ndim; d++)
            if (d != d0 && d != d1) perm[k++] = d;
        perm[k++] = d0;
        perm[k++] = d1;
        tc_tensor *p = tc_permute(A, perm, A->ndim, err), *s = NULL, *r = NULL;
        if (p && tc_linalg_svd(p, false, false, NULL, &s, NULL, err) == 0) {
            int last = s->ndim - 1;
            r = kind == 2 ? tc_reduce(TC_RED_SUM, s, &last, 1, false, err) : tc_amax(s, &last, 1, false, ord > 0, err);
        }
        DROP(p, s);
        if (r && keepdim) {
            int lo = d0 < d1 ? d0 : d1, hi = d0 < d1 ? d1 : d0;
            tc_tensor *u1 = tc_unsqueeze(r, lo, err), *u2 = u1 ? tc_unsqueeze(u1, hi, err) : NULL;
            DROP(r, u1);
            r = u2;
        }
        return r;
    }
    /* 1-norms: max/min column sums of |A|; inf-norms: the same on the transpose */
    if (isinf(ord)) {
        int t = dd[0];
        dd[0] = dd[1];
        dd[1] = t;
    }
    if (!keepdim && dd[0] < dd[1]) dd[1]--;
    tc_tensor *v = tc_vector_norm(A, 1, &dd[0], 1, keepdim, err);
    tc_tensor *r = v ? tc_amax(v, &dd[1], 1, keepdim, ord > 0, err) : NULL;
    DROP(v);
    return r;
}

int tc__record_no_derivative(tc_tensor *out, const char *name, int op, tc_tensor *input, tc_error *err) {
    return lg_record(out, name, LG_NO_DERIVATIVE, input, NULL, op, NULL, NULL, NULL, err);
}

/* ---- triangular solves and LU factorizations ---------------------------------------------------
 * solve_triangular is trsm on column-major copies (its result column-major, as PyTorch's);
 * lu_factor is getrf on a column-major copy of A (LU column-major, 1-based int32 pivots).
 * lu_solve, triangular_solve and cholesky_solve are composed from solve_triangular (what
 * getrs and potrs do: the row swaps, then one trsm per triangle), so each has its gradient. */

/* "\"<kernel>\" not implemented for 'Long'" for non-floating input. */
static int check_float_kernel(const tc_tensor *a, const char *kernel, tc_error *err) {
    if (tc_dtype_is_float(a->dtype) && a->dtype != TC_DTYPE_F16 && a->dtype != TC_DTYPE_BF16) return 0;
    if (tc_dtype_is_complex(a->dtype))
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "%s: complex input is not supported by this kernel", kernel);
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"%s\" not implemented for '%s'", kernel, tc__dtype_title(a->dtype));
}

/* "<fn>: Expected tensor with 2 or more dimensions. Got size: [2] instead" */
static int check_2d(const tc_tensor *a, const char *fn, tc_error *err) {
    if (a->ndim >= 2) return 0;
    char sz[64] = "";
    if (a->ndim == 1) snprintf(sz, sizeof sz, "%lld", (long long)a->shape[0]);
    return tc_error_set(err, TC_EXC_RUNTIME, "%s: Expected tensor with 2 or more dimensions. Got size: [%s] instead", fn, sz);
}

/* X = op(A)^-1 B (left) or B op(A)^-1 for host A [.., n, n] and B [.., r, c] of one batch
 * shape and dtype: one trsm per matrix; column-major result. */
static tc_tensor *trsm_solve(tc_tensor *A, tc_tensor *B, bool upper, bool left, bool unit, tc_error *err) {
    tc_tensor *w = work_copy(A, true, err), *X = w ? work_copy(B, true, err) : NULL;
    if (!X) goto fail;
    int64_t nb = batch_count(B);
    int n = (int)A->shape[A->ndim - 1], r = (int)B->shape[B->ndim - 2], c = (int)B->shape[B->ndim - 1];
    int lda = n > 1 ? n : 1, ldb = r > 1 ? r : 1;
    double one_d[2] = {1, 0};
    float one_f[2] = {1, 0};
    bool dbl = A->dtype == TC_DTYPE_F64 || A->dtype == TC_DTYPE_C128;
    const void *alpha = dbl ? (const void *)one_d : (const void *)one_f;
    const char *side = left ? "L" : "R", *uplo = upper ? "U" : "L", *diag = unit ? "U" : "N";
    char *a = tc_data_ptr(w), *x = tc_data_ptr(X);
    size_t es = esz(A->dtype);
    for (int64_t i = 0; i < nb && r > 0 && c > 0 && n > 0; i++)
        CALL(trsm_t, LP_trsm, A->dtype, side, uplo, "N", diag, &r, &c, alpha, a + (size_t)i * n * n * es, &lda,
             x + (size_t)i * r * c * es, &ldb, 1, 1, 1, 1);
    tc_tensor *res = tc_transpose(X, -2, -1, err);
    DROP(w, X);
    return res;
fail:
    DROP(w, X);
    return NULL;
}

tc_tensor *tc_linalg_solve_triangular(tc_tensor *A, tc_tensor *B, bool upper, bool left, bool unitriangular,
                                      tc_error *err) {
    const char *fn = "linalg.solve_triangular";
    if (check_matrix(A, fn, false, "A", err)) return NULL;
    if (tc__require_strided(B, fn, err)) return NULL;
    if (B->ndim < 2)
        return tc_error_set(err, TC_EXC_RUNTIME, "%s: The input tensor B must have at least 2 dimensions.", fn), NULL;
    if (check_matrix(A, fn, true, "A", err)) return NULL;
    tc_dtype dt = A->dtype; /* B takes A's dtype, as PyTorch's */
    if (!tc_dtype_is_inexact(dt) || dt == TC_DTYPE_F16 || dt == TC_DTYPE_BF16)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"triangular_solve_cpu\" not implemented for '%s'",
                            tc__dtype_title(dt)), NULL;
    if (tc_dtype_is_complex(dt) && tc__needs_grad(A, B))
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "%s: the gradient of complex input is not supported by this kernel", fn), NULL;
    if (tc__check_devices((tc_tensor *[]){A, B}, 2, err)) return NULL;
    int64_t n = A->shape[A->ndim - 1];
    if (B->shape[B->ndim - (left ? 2 : 1)] != n)
        return tc_error_set(err, TC_EXC_RUNTIME, "%s: Incompatible shapes of A and B for the equation %s (%lldx%lld and %lldx%lld)",
                            fn, left ? "AX = B" : "XA = B", (long long)n, (long long)n,
                            (long long)B->shape[B->ndim - 2], (long long)B->shape[B->ndim - 1]), NULL;
    int64_t bsh[TC_MAX_DIMS], ash[TC_MAX_DIMS], bbsh[TC_MAX_DIMS];
    int nbo = 0;
    if (tc__broadcast_shapes(A->shape, A->ndim - 2, B->shape, B->ndim - 2, bsh, &nbo, err)) return NULL;
    memcpy(ash, bsh, sizeof(int64_t) * (size_t)nbo);
    memcpy(bbsh, bsh, sizeof(int64_t) * (size_t)nbo);
    ash[nbo] = ash[nbo + 1] = n;
    bbsh[nbo] = B->shape[B->ndim - 2];
    bbsh[nbo + 1] = B->shape[B->ndim - 1];
    tc_tensor *ca = A->dtype == dt ? tc_tensor_ref(A) : tc_to(A, dt, A->device, NULL, err);
    tc_tensor *cb = ca ? (B->dtype == dt ? tc_tensor_ref(B) : tc_to(B, dt, B->device, NULL, err)) : NULL;
    tc_tensor *ea = cb ? tc_expand(ca, ash, nbo + 2, err) : NULL, *eb = ea ? tc_expand(cb, bbsh, nbo + 2, err) : NULL;
    tc_tensor *ha = eb ? host(ea, "torch.linalg.solve_triangular", err) : NULL;
    tc_tensor *hb = ha ? host(eb, "torch.linalg.solve_triangular", err) : NULL;
    tc_tensor *X = hb ? trsm_solve(ha, hb, upper, left, unitriangular, err) : NULL;
    X = to_dev(X, A->device, "torch.linalg.solve_triangular", err);
    if (X && lg_record(X, "LinalgSolveTriangularBackward0", LG_SOLVE_TRI, ea, eb,
                       (upper ? 1 : 0) | (left ? 2 : 0) | (unitriangular ? 4 : 0), NULL, NULL, NULL, err)) {
        DROP(X);
        X = NULL;
    }
    DROP(ca, cb, ea, eb, ha, hb);
    return X;
}

int tc_linalg_lu_factor_ex(tc_tensor *A, bool pivot, bool check_errors, const char *fn, const char *dimfn,
                           tc_tensor **LU, tc_tensor **pivots, tc_tensor **info, tc_error *err) {
    *LU = *pivots = NULL;
    if (info) *info = NULL;
    if (tc__require_strided(A, fn, err) || check_2d(A, dimfn, err) || check_float_kernel(A, "lu_cpu", err)) return -1;
    if (!pivot) return tc_error_set(err, TC_EXC_RUNTIME, "linalg.lu_factor: LU without pivoting is not implemented on the CPU");
    int m = (int)A->shape[A->ndim - 2], n = (int)A->shape[A->ndim - 1], k = m < n ? m : n, lda = m > 1 ? m : 1;
    int64_t nb = batch_count(A);
    int *piv = tc__calloc((size_t)(nb * k + 1), sizeof(int)), *infos = tc__calloc((size_t)nb + 1, sizeof(int));
    tc_tensor *h = NULL, *w = NULL, *pv = NULL, *it = NULL, *lu = NULL;
    if (!piv || !infos) {
        tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        goto fail;
    }
    if (!(h = host(A, fn, err)) || !(w = work_copy(h, true, err))) goto fail;
    char *d = tc_data_ptr(w);
    for (int64_t i = 0; i < nb && m > 0 && n > 0; i++) {
        if (tc_interrupt_check(err)) goto fail;
        CALL(getrf_t, LP_getrf, A->dtype, &m, &n, d + (size_t)i * m * n * esz(A->dtype), &lda, piv + i * k, &infos[i]);
    }
    for (int64_t i = 0; i < nb && check_errors; i++)
        if (infos[i] > 0) {
            char pre[64];
            batch_prefix(A, i, pre, sizeof pre);
            tc_error_set(err, TC_EXC_RUNTIME,
                         "%s: %sU[%d,%d] is zero and using it on lu_solve would result in a division by zero. If you still want to perform the factorization, consider calling linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)",
                         fn, pre, infos[i], infos[i]);
            goto fail;
        }
    int64_t psh[TC_MAX_DIMS];
    memcpy(psh, A->shape, sizeof(int64_t) * (size_t)(A->ndim - 2));
    psh[A->ndim - 2] = k;
    if (!(pv = tc__tensor_new(psh, A->ndim - 1, TC_DTYPE_I32, tc_device_cpu(), err))) goto fail;
    if (nb * k > 0) memcpy(tc_data_ptr(pv), piv, sizeof(int32_t) * (size_t)(nb * k));
    if (!(lu = tc_transpose(w, -2, -1, err))) goto fail;
    if (info && !(it = info_tensor(A, infos, fn, err))) goto fail;
    lu = to_dev(lu, A->device, fn, err);
    pv = to_dev(pv, A->device, fn, err);
    if (!lu || !pv) goto fail;
    if (lg_record(lu, "LinalgLuFactorExBackward0", LG_LU_FACTOR, A, NULL, 0, pv, NULL, NULL, err)) goto fail;
    *LU = lu;
    *pivots = pv;
    if (info) *info = it;
    DROP(h, w);
    tc__free(piv);
    tc__free(infos);
    return 0;
fail:
    DROP(h, w, pv, it, lu);
    tc__free(piv);
    tc__free(infos);
    return -1;
}

/* The row order of each batch element of 1-based pivots piv [.., k] for m rows: perm[i] is
 * the row of A that row i of LU came from (new host int64 [.., m]); inverse: its inverse. */
static tc_tensor *lu_perm(tc_tensor *piv, int64_t m, bool inverse, tc_error *err) {
    tc_tensor *hp = host(piv, "torch.lu_unpack", err), *cp = hp ? tc_contiguous(hp, err) : NULL;
    DROP(hp);
    if (!cp) return NULL;
    int64_t k = piv->ndim ? piv->shape[piv->ndim - 1] : 0, nb = k ? tc_numel(cp) / k : 1, sh[TC_MAX_DIMS];
    memcpy(sh, piv->shape, sizeof(int64_t) * (size_t)piv->ndim);
    sh[piv->ndim ? piv->ndim - 1 : 0] = m;
    tc_tensor *p = tc__tensor_new(sh, piv->ndim ? piv->ndim : 1, TC_DTYPE_I64, tc_device_cpu(), err);
    if (!p) {
        DROP(cp);
        return NULL;
    }
    const int32_t *pd = tc_data_ptr(cp);
    int64_t *o = tc_data_ptr(p);
    for (int64_t b = 0; b < nb; b++) {
        int64_t *q = o + b * m;
        for (int64_t i = 0; i < m; i++) q[i] = i;
        for (int64_t i = 0; i < k; i++) {
            int64_t j = (int64_t)pd[b * k + i] - 1;
            if (j < 0 || j >= m) j = i; /* out-of-range pivots swap nothing */
            int64_t t = q[i];
            q[i] = q[j];
            q[j] = t;
        }
        if (inverse) {
            int64_t *inv = tc__malloc(sizeof(int64_t) * (size_t)(m ? m : 1));
            if (!inv) {
                DROP(cp, p);
                return tc_error_set(err, TC_EXC_MEMORY, "out of memory"), NULL;
            }
            for (int64_t i = 0; i < m; i++) inv[q[i]] = i;
            memcpy(q, inv, sizeof(int64_t) * (size_t)m);
            tc__free(inv);
        }
    }
    DROP(cp);
    return p;
}

/* P [.., m, m] (dt, on dev) with A = P L U for pivots piv [.., k]: P[perm[i], i] = 1. */
static tc_tensor *lu_perm_matrix(tc_tensor *piv, int64_t m, tc_dtype dt, tc_device dev, tc_error *err) {
    tc_tensor *q = lu_perm(piv, m, false, err);
    if (!q) return NULL;
    int64_t sh[TC_MAX_DIMS];
    int nd = piv->ndim ? piv->ndim - 1 : 0;
    memcpy(sh, piv->shape, sizeof(int64_t) * (size_t)nd);
    sh[nd] = sh[nd + 1] = m;
    tc_tensor *P = tc_zeros(sh, nd + 2, TC_DTYPE_F64, tc_device_cpu(), err);
    if (P) {
        const int64_t *qd = tc_data_ptr(q);
        double *pd = tc_data_ptr(P);
        int64_t nb = m ? tc_numel(q) / m : 0;
        for (int64_t b = 0; b < nb; b++)
            for (int64_t i = 0; i < m; i++) pd[b * m * m + qd[b * m + i] * m + i] = 1;
    }
    DROP(q);
    tc_tensor *r = P ? tc_to(P, dt, dev, NULL, err) : NULL;
    DROP(P);
    return r;
}

int tc_lu_unpack(tc_tensor *LU, tc_tensor *piv, bool unpack_data, bool unpack_pivots, const char *fn,
                 tc_tensor **P, tc_tensor **L, tc_tensor **U, tc_error *err) {
    *P = *L = *U = NULL;
    if (tc__require_strided(LU, fn, err) || check_2d(LU, fn, err)) return -1;
    if (piv->dtype != TC_DTYPE_I32 || !tc_is_contiguous(piv))
        return tc_error_set(err, TC_EXC_RUNTIME, "torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 dtype.\nNote: this function is intended to be used with the output produced by torch.linalg.lu_factor");
    int64_t m = LU->shape[LU->ndim - 2], n = LU->shape[LU->ndim - 1], k = m < n ? m : n, zero = 0;
    tc_tensor *l = NULL, *u = NULL, *p = NULL;
    if (unpack_data) {
        tc_tensor *lc = tc_slice(LU, LU->ndim - 1, 0, k, 1, err), *lt = lc ? tc_tri(lc, -1, false, err) : NULL;
        tc_tensor *eye = lt ? tc_eye(m, k, LU->dtype, LU->device, err) : NULL;
        l = eye ? tc_binary(TC_OP_ADD, lt, eye, err) : NULL;
        tc_tensor *ur = l ? tc_slice(LU, LU->ndim - 2, 0, k, 1, err) : NULL;
        u = ur ? tc_tri(ur, 0, true, err) : NULL;
        DROP(lc, lt, eye, ur);
    } else {
        l = tc_empty(&zero, 1, LU->dtype, LU->device, err);
        u = l ? tc_empty(&zero, 1, LU->dtype, LU->device, err) : NULL;
    }
    if (u) p = unpack_pivots ? lu_perm_matrix(piv, m, LU->dtype, LU->device, err) : tc_empty(&zero, 1, LU->dtype, LU->device, err);
    if (!p) {
        DROP(l, u);
        return -1;
    }
    *P = p;
    *L = l;
    *U = u;
    return 0;
}

int tc_linalg_lu(tc_tensor *A, bool pivot, tc_tensor **P, tc_tensor **L, tc_tensor **U, tc_error *err) {
    tc_tensor *lu, *piv;
    *P = *L = *U = NULL;
    if (tc_linalg_lu_factor_ex(A, pivot, false, "linalg.lu", "linalg.lu", &lu, &piv, NULL, err)) return -1;
    int rc = tc_lu_unpack(lu, piv, true, true, "linalg.lu", P, L, U, err);
    DROP(lu, piv);
    return rc;
}

/* Rows of B [.., n, c] reordered by the per-batch index rows [.., n] (gather, with grad). */
static tc_tensor *take_rows(tc_tensor *B, tc_tensor *rows, tc_error *err) {
    tc_tensor *d = tc_to(rows, TC_DTYPE_I64, B->device, NULL, err), *u = d ? tc_unsqueeze(d, -1, err) : NULL;
    tc_tensor *e = u ? tc_expand(u, B->shape, B->ndim, err) : NULL, *c = e ? tc_contiguous(e, err) : NULL;
    tc_tensor *r = c ? tc_gather(B, B->ndim - 2, c, err) : NULL;
    DROP(d, u, e, c);
    return r;
}

tc_tensor *tc_linalg_lu_solve(tc_tensor *LU, tc_tensor *piv, tc_tensor *B, bool left, bool adjoint, tc_error *err) {
    if (check_matrix(LU, "torch.linalg.lu_solve", true, "A", err) || tc__require_strided(B, "linalg.lu_solve", err))
        return NULL;
    if (B->ndim < 2)
        return tc_error_set(err, TC_EXC_RUNTIME, "linalg.lu_solve: The input tensor B must have at least 2 dimensions."), NULL;
    if (piv->dtype != TC_DTYPE_I32)
        return tc_error_set(err, TC_EXC_RUNTIME, "linalg.lu_solve: pivots should be a Tensor of scalar type torch.int32"), NULL;
    if (LU->dtype != B->dtype)
        return tc_error_set(err, TC_EXC_RUNTIME, "linalg.lu_solve: Expected LU and B to have the same dtype, but found LU of type %s and B of type %s instead",
                            tc__dtype_title(LU->dtype), tc__dtype_title(B->dtype)), NULL;
    if (check_float_kernel(LU, "lu_solve_cpu", err)) return NULL;
    int64_t n = LU->shape[LU->ndim - 1];
    if (B->shape[B->ndim - (left ? 2 : 1)] != n)
        return tc_error_set(err, TC_EXC_RUNTIME, "linalg.lu_solve: Incompatible shapes of A and B for the equation %s (%lldx%lld and %lldx%lld)",
                            left ? "AX = B" : "XA = B", (long long)n, (long long)n, (long long)B->shape[B->ndim - 2],
                            (long long)B->shape[B->ndim - 1]), NULL;
    if (piv->ndim != LU->ndim - 1 || piv->shape[piv->ndim - 1] != n)
        return tc_error_set(err, TC_EXC_RUNTIME, "linalg.lu_solve: Expected pivots of shape LU.shape[:-1]"), NULL;
    if (!left) { /* X A = B  <=>  A^T X^T = B^T */
        tc_tensor *bt = tc_transpose(B, -2, -1, err), *xt = bt ? tc_linalg_lu_solve(LU, piv, bt, true, !adjoint, err) : NULL;
        tc_tensor *r = xt ? tc_transpose(xt, -2, -1, err) : NULL;
        DROP(bt, xt);
        return r;
    }
    int64_t bsh[TC_MAX_DIMS], ash[TC_MAX_DIMS], bbsh[TC_MAX_DIMS];
    int nbo = 0;
    if (tc__broadcast_shapes(LU->shape, LU->ndim - 2, B->shape, B->ndim - 2, bsh, &nbo, err)) return NULL;
    memcpy(ash, bsh, sizeof(int64_t) * (size_t)nbo);
    memcpy(bbsh, bsh, sizeof(int64_t) * (size_t)nbo);
    ash[nbo] = ash[nbo + 1] = n;
    bbsh[nbo] = n;
    bbsh[nbo + 1] = B->shape[B->ndim - 1];
    ash[nbo] = n;
    int64_t psh[TC_MAX_DIMS];
    memcpy(psh, bsh, sizeof(int64_t) * (size_t)nbo);
    psh[nbo] = n;
    tc_tensor *ea = tc_expand(LU, ash, nbo + 2, err), *eb = ea ? tc_expand(B, bbsh, nbo + 2, err) : NULL;
    tc_tensor *ep = eb ? tc_expand(piv, psh, nbo + 1, err) : NULL, *cp = ep ? tc_contiguous(ep, err) : NULL;
    tc_tensor *rows = cp ? lu_perm(cp, n, adjoint, err) : NULL, *X = NULL;
    if (rows && !adjoint) { /* X = U^-1 L^-1 B[perm] */
        tc_tensor *bp = take_rows(eb, rows, err);
        tc_tensor *y = bp ? tc_linalg_solve_triangular(ea, bp, false, true, true, err) : NULL;
        X = y ? tc_linalg_solve_triangular(ea, y, true, true, false, err) : NULL;
        DROP(bp, y);
    } else if (rows) { /* A^T = U^T L^T P^T: X = P L^-T U^-T B */
        tc_tensor *at = tc_transpose(ea, -2, -1, err);
        tc_tensor *y = at ? tc_linalg_solve_triangular(at, eb, false, true, false, err) : NULL;
        tc_tensor *z = y ? tc_linalg_solve_triangular(at, y, true, true, true, err) : NULL;
        X = z ? take_rows(z, rows, err) : NULL;
        DROP(at, y, z);
    }
    DROP(ea, eb, ep, cp, rows);
    if (X && X->grad_fn) X->grad_fn->name = "LinalgLuSolveBackward0"; /* the last node is the op's, as in PyTorch */
    return X;
}

/* triangular_solve / cholesky_solve's checks: b and A of 2+ dims, one dtype, A square,
 * A's size matching b's rows. */
static int check_bA(tc_tensor *b, tc_tensor *A, const char *what, tc_error *err) {
    if (tc__require_strided(b, what, err) || tc__require_strided(A, what, err)) return -1;
    if (b->ndim < 2)
        return tc_error_set(err, TC_EXC_RUNTIME, "b should have at least 2 dimensions, but has %d dimensions instead", b->ndim);
    if (A->ndim < 2)
        return tc_error_set(err, TC_EXC_RUNTIME, "A should have at least 2 dimensions, but has %d dimensions instead", A->ndim);
    if (b->dtype != A->dtype)
        return tc_error_set(err, TC_EXC_RUNTIME, "Expected b and A to have the same dtype, but found b of type %s and A of type %s instead.",
                            tc__dtype_title(b->dtype), tc__dtype_title(A->dtype));
    int64_t ar = A->shape[A->ndim - 2], ac = A->shape[A->ndim - 1];
    if (ar != ac)
        return tc_error_set(err, TC_EXC_RUNTIME, "A must be batches of square matrices, but they are %lld by %lld matrices",
                            (long long)ar, (long long)ac);
    if (b->shape[b->ndim - 2] != ar)
        return tc_error_set(err, TC_EXC_RUNTIME, "Incompatible matrix sizes for %s: each A matrix is %lld by %lld but each b matrix is %lld by %lld",
                            what, (long long)ar, (long long)ac, (long long)b->shape[b->ndim - 2], (long long)b->shape[b->ndim - 1]);
    return 0;
}

int tc_triangular_solve(tc_tensor *b, tc_tensor *A, bool upper, bool transpose, bool unitriangular, tc_tensor **X,
                        tc_tensor **Acopy, tc_error *err) {
    *X = *Acopy = NULL;
    if (check_bA(b, A, "triangular_solve", err) || check_float_kernel(A, "triangular_solve_cpu", err)) return -1;
    tc_tensor *a = transpose ? tc_transpose(A, -2, -1, err) : tc_tensor_ref(A);
    tc_tensor *x = a ? tc_linalg_solve_triangular(a, b, transpose ? !upper : upper, true, unitriangular, err) : NULL;
    tc_tensor *c = x ? tc_clone(A, err) : NULL;
    if (x && x->grad_fn) x->grad_fn->name = "TriangularSolveBackward0";
    DROP(a);
    if (!c) {
        DROP(x);
        return -1;
    }
    *X = x;
    *Acopy = c;
    return 0;
}

tc_tensor *tc_cholesky_solve(tc_tensor *B, tc_tensor *L, bool upper, tc_error *err) {
    if (check_bA(B, L, "cholesky_solve", err) || check_float_kernel(L, "cholesky_solve_cpu", err)) return NULL;
    /* L L^T X = B (lower) or U^T U X = B (upper): two triangular solves, as potrs */
    tc_tensor *t = tc_transpose(L, -2, -1, err);
    tc_tensor *y = t ? tc_linalg_solve_triangular(upper ? t : L, B, false, true, false, err) : NULL;
    tc_tensor *x = y ? tc_linalg_solve_triangular(upper ? L : t, y, true, true, false, err) : NULL;
    if (x && x->grad_fn) x->grad_fn->name = "CholeskySolveBackward0";
    DROP(t, y);
    return x;
}

/* ---- householder_product, ldl_factor, ldl_solve ----------------------------------------------
 * As PyTorch's CPU kernels: orgqr on a column-major copy of A (Q column-major); sytrf on a
 * column-major copy of tril(A) with uplo 'L' (LD column-major, sytrf's 1-based int32 pivots,
 * negative for 2x2 blocks); sytrs on a column-major copy of B. Real float32/float64 for the
 * LDL pair; householder_product takes complex (ungqr) too. */

/* float, double or (when cplx) complex; else PyTorch's "\"kernel\" not implemented for 'Long'". */
static int check_lapack_dtype(const tc_tensor *a, const char *kernel, bool cplx, tc_error *err) {
    if (a->dtype == TC_DTYPE_F32 || a->dtype == TC_DTYPE_F64 || (cplx && tc_dtype_is_complex(a->dtype))) return 0;
    if (tc_dtype_is_complex(a->dtype))
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "%s: complex input is not supported by this kernel", kernel);
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"%s\" not implemented for '%s'", kernel, tc__dtype_title(a->dtype));
}

static void shape_text(const int64_t *sh, int n, char *buf, size_t len) {
    size_t o = (size_t)snprintf(buf, len, "[");
    for (int i = 0; i < n && o < len; i++) o += (size_t)snprintf(buf + o, len - o, "%s%lld", i ? ", " : "", (long long)sh[i]);
    if (o < len) snprintf(buf + o, len - o, "]");
}

tc_tensor *tc_linalg_householder_product(tc_tensor *A, tc_tensor *tau, tc_error *err) {
    const char *fn = "torch.linalg.householder_product";
    if (tc__require_strided(A, fn, err) || tc__require_strided(tau, fn, err)) return NULL;
    if (A->ndim < 2) return tc_error_set(err, TC_EXC_RUNTIME, "%s: input must have at least 2 dimensions.", fn), NULL;
    int64_t m = A->shape[A->ndim - 2], n = A->shape[A->ndim - 1], k = tau->ndim ? tau->shape[tau->ndim - 1] : 1;
    if (m < n)
        return tc_error_set(err, TC_EXC_RUNTIME, "%s: input.shape[-2] must be greater than or equal to input.shape[-1]", fn), NULL;
    if (n < k)
        return tc_error_set(err, TC_EXC_RUNTIME, "%s: input.shape[-1] must be greater than or equal to tau.shape[-1]", fn), NULL;
    if (A->ndim - tau->ndim != 1)
        return tc_error_set(err, TC_EXC_RUNTIME, "%s: Expected tau to have one dimension less than input, but got tau.ndim equal to %d and input.ndim is equal to %d",
                            fn, tau->ndim, A->ndim), NULL;
    if (A->ndim > 2 && memcmp(A->shape, tau->shape, sizeof(int64_t) * (size_t)(A->ndim - 2)) != 0) {
        char buf[128];
        shape_text(tau->shape, tau->ndim - 1, buf, sizeof buf);
        return tc_error_set(err, TC_EXC_RUNTIME, "%s: Expected batch dimensions of tau to be equal to input.shape[:-2], but got %s", fn, buf), NULL;
    }
    if (tc__check_devices((tc_tensor *[]){A, tau}, 2, err)) return NULL;
    if (A->dtype != tau->dtype)
        return tc_error_set(err, TC_EXC_RUNTIME, "%s: tau dtype %s does not match input dtype %s", fn, tc__dtype_title(tau->dtype),
                            tc__dtype_title(A->dtype)), NULL;
    if (check_lapack_dtype(A, "orgqr_cpu", true, err)) return NULL;
    tc_dtype dt = A->dtype;
    tc_tensor *h = host(A, fn, err), *ht = h ? host(tau, fn, err) : NULL, *ct = ht ? tc_contiguous(ht, err) : NULL;
    tc_tensor *w = ct ? work_copy(h, true, err) : NULL, *q = NULL;
    void *work = NULL;
    if (!w) goto fail;
    int im = (int)m, in = (int)n, ik = (int)k, lda = im > 1 ? im : 1, info = 0, lwork = -1;
    int64_t nb = batch_count(A);
    size_t es = esz(dt);
    if (m > 0 && n > 0 && nb > 0) {
        double qs[2];
        char *a = tc_data_ptr(w);
        const char *tp = tc_data_ptr(ct);
        CALL(orgqr_t, LP_orgqr, dt, &im, &in, &ik, a, &lda, tp, qs, &lwork, &info);
        lwork = query_size(qs, dt);
        if (!(work = tc__malloc((size_t)lwork * es))) {
            tc_error_set(err, TC_EXC_MEMORY, "out of memory");
            goto fail;
        }
        for (int64_t i = 0; i < nb; i++) {
            if (tc_interrupt_check(err)) goto fail;
            CALL(orgqr_t, LP_orgqr, dt, &im, &in, &ik, a + (size_t)i * m * n * es, &lda, tp + (size_t)i * k * es, work, &lwork, &info);
        }
    }
    q = to_dev(tc_transpose(w, -2, -1, err), A->device, fn, err);
    if (q && tc__needs_grad(A, tau) &&
        lg_record(q, "LinalgHouseholderProductBackward0", LG_NO_DERIVATIVE, tc__needs_grad(A, NULL) ? A : tau, NULL, 3, NULL, NULL, NULL, err)) {
        DROP(q);
        q = NULL;
    }
fail:
    tc__free(work);
    DROP(h, ht, ct, w);
    return q;
}

int tc_linalg_ldl_factor_ex(tc_tensor *A, bool hermitian, bool check_errors, const char *fn, tc_tensor **LD,
                            tc_tensor **pivots, tc_tensor **info, tc_error *err) {
    const char *mfn = "torch.linalg.ldl_factor_ex";
    *LD = *pivots = NULL;
    if (info) *info = NULL;
    if (check_matrix(A, mfn, true, "A", err)) return -1;
    if (!tc_dtype_is_float(A->dtype) && !tc_dtype_is_complex(A->dtype))
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "%s: Expected a floating point or complex tensor as input. Got %s", mfn,
                            tc__dtype_title(A->dtype));
    if (check_lapack_dtype(A, "ldl_factor_cpu", false, err)) return -1;
    (void)hermitian; /* real input: sytrf either way */
    int n = (int)A->shape[A->ndim - 1], lda = n > 1 ? n : 1, lwork = -1;
    int64_t nb = batch_count(A);
    size_t es = esz(A->dtype);
    int *piv = tc__calloc((size_t)(nb * n + 1), sizeof(int)), *infos = tc__calloc((size_t)nb + 1, sizeof(int));
    tc_tensor *h = NULL, *lo = NULL, *w = NULL, *pv = NULL, *it = NULL, *ld = NULL;
    void *work = NULL;
    if (!piv || !infos) {
        tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        goto fail;
    }
    if (!(h = host(A, mfn, err)) || !(lo = tc_tri(h, 0, false, err)) || !(w = work_copy(lo, true, err))) goto fail;
    if (n > 0 && nb > 0) {
        double qs[2];
        char *d = tc_data_ptr(w);
        int info0 = 0;
        CALL(sytrf_t, LP_sytrf, A->dtype, "L", &n, d, &lda, piv, qs, &lwork, &info0, 1);
        lwork = query_size(qs, A->dtype);
        if (!(work = tc__malloc((size_t)lwork * es))) {
            tc_error_set(err, TC_EXC_MEMORY, "out of memory");
            goto fail;
        }
        for (int64_t i = 0; i < nb; i++) {
            if (tc_interrupt_check(err)) goto fail;
            CALL(sytrf_t, LP_sytrf, A->dtype, "L", &n, d + (size_t)i * n * n * es, &lda, piv + i * n, work, &lwork, &infos[i], 1);
        }
    }
    for (int64_t i = 0; i < nb && check_errors; i++)
        if (infos[i] > 0) { /* PyTorch's _linalg_check_errors has no words for this op */
            tc_error_set(err, TC_EXC_RUNTIME, "false INTERNAL ASSERT FAILED at \"/__w/pytorch/pytorch/aten/src/ATen/native/BatchLinearAlgebra.cpp\":1677, please report a bug to PyTorch. %s: Unknown error code: %d.",
                         fn, infos[i]);
            goto fail;
        }
    if (!(pv = tc__tensor_new(A->shape, A->ndim - 1, TC_DTYPE_I32, tc_device_cpu(), err))) goto fail;
    if (nb * n > 0) memcpy(tc_data_ptr(pv), piv, sizeof(int32_t) * (size_t)(nb * n));
    if (!(ld = tc_transpose(w, -2, -1, err))) goto fail;
    if (info && !(it = info_tensor(A, infos, mfn, err))) goto fail;
    ld = to_dev(ld, A->device, mfn, err);
    pv = to_dev(pv, A->device, mfn, err);
    if (!ld || !pv) goto fail;
    if (lg_record(ld, "NotImplemented", LG_NO_DERIVATIVE, A, NULL, 4, NULL, NULL, NULL, err)) goto fail;
    *LD = ld;
    *pivots = pv;
    if (info) *info = it;
    tc__free(work);
    DROP(h, lo, w);
    tc__free(piv);
    tc__free(infos);
    return 0;
fail:
    tc__free(work);
    DROP(h, lo, w, pv, it, ld);
    tc__free(piv);
    tc__free(infos);
    return -1;
}

tc_tensor *tc_linalg_ldl_solve(tc_tensor *LD, tc_tensor *pivots, tc_tensor *B, bool hermitian, tc_error *err) {
    const char *fn = "torch.linalg.ldl_solve";
    (void)hermitian;
    if (tc__require_strided(LD, fn, err) || tc__require_strided(B, fn, err) || tc__require_strided(pivots, fn, err)) return NULL;
    if (check_matrix(LD, fn, true, "A", err)) return NULL;
    if (!tc_dtype_is_float(LD->dtype) && !tc_dtype_is_complex(LD->dtype))
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "%s: Expected a floating point or complex tensor as input. Got %s", fn,
                            tc__dtype_title(LD->dtype)), NULL;
    if (tc__check_devices((tc_tensor *[]){LD, B, pivots}, 3, err)) return NULL;
    if (B->dtype != LD->dtype)
        return tc_error_set(err, TC_EXC_RUNTIME, "Expected b and A to have the same dtype, but found b of type %s and A of type %s instead.",
                            tc__dtype_title(B->dtype), tc__dtype_title(LD->dtype)), NULL;
    int64_t n = LD->shape[LD->ndim - 1];
    if (B->ndim < 2)
        return tc_error_set(err, TC_EXC_INDEX, "Dimension out of range (expected to be in range of [%d, %d], but got -2)",
                            B->ndim ? -B->ndim : -1, B->ndim ? B->ndim - 1 : 0), NULL;
    if (B->shape[B->ndim - 2] != n)
        return tc_error_set(err, TC_EXC_RUNTIME, "Incompatible matrix sizes for %s: each A matrix is %lld by %lld but each b matrix is %lld by %lld",
                            fn, (long long)n, (long long)n, (long long)B->shape[B->ndim - 2], (long long)B->shape[B->ndim - 1]), NULL;
    if (pivots->ndim != LD->ndim - 1 || memcmp(pivots->shape, LD->shape, sizeof(int64_t) * (size_t)pivots->ndim) != 0) {
        char buf[128];
        shape_text(pivots->shape, pivots->ndim, buf, sizeof buf);
        return tc_error_set(err, TC_EXC_RUNTIME, "%s: Expected LD.shape[:-1] and pivots.shape to be the same, but got pivots with shape %s instead", fn, buf), NULL;
    }
    if (tc_dtype_kind_of(pivots->dtype) != TC_KIND_INT)
        return tc_error_set(err, TC_EXC_RUNTIME, "%s: Expected pivots to be integers. Got %s", fn, tc__dtype_title(pivots->dtype)), NULL;
    if (check_lapack_dtype(LD, "ldl_solve_cpu", false, err)) return NULL;
    /* broadcast the batch dims of LD (and pivots) and B */
    int64_t bsh[TC_MAX_DIMS], lsh[TC_MAX_DIMS], rsh[TC_MAX_DIMS], psh[TC_MAX_DIMS];
    int nbo = 0;
    if (tc__broadcast_shapes(LD->shape, LD->ndim - 2, B->shape, B->ndim - 2, bsh, &nbo, err)) return NULL;
    memcpy(lsh, bsh, sizeof(int64_t) * (size_t)nbo);
    memcpy(rsh, bsh, sizeof(int64_t) * (size_t)nbo);
    memcpy(psh, bsh, sizeof(int64_t) * (size_t)nbo);
    lsh[nbo] = lsh[nbo + 1] = n;
    rsh[nbo] = n;
    rsh[nbo + 1] = B->shape[B->ndim - 1];
    psh[nbo] = n;
    tc_tensor *hl = host(LD, fn, err), *hb = hl ? host(B, fn, err) : NULL, *hp = hb ? host(pivots, fn, err) : NULL;
    tc_tensor *el = hp ? tc_expand(hl, lsh, nbo + 2, err) : NULL, *eb = el ? tc_expand(hb, rsh, nbo + 2, err) : NULL;
    tc_tensor *ep = eb ? tc_expand(hp, psh, nbo + 1, err) : NULL, *ip = ep ? tc__cast(ep, TC_DTYPE_I32, err) : NULL;
    tc_tensor *cp = ip ? tc_contiguous(ip, err) : NULL;
    tc_tensor *wl = cp ? work_copy(el, true, err) : NULL, *X = wl ? work_copy(eb, true, err) : NULL, *r = NULL;
    if (X) {
        int in = (int)n, k = (int)rsh[nbo + 1], ld = in > 1 ? in : 1, info = 0;
        int64_t nb = batch_count(X);
        size_t es = esz(LD->dtype);
        char *a = tc_data_ptr(wl), *x = tc_data_ptr(X);
        const int *pp = tc_data_ptr(cp);
        for (int64_t i = 0; i < nb && in > 0 && k > 0; i++)
            CALL(sytrs_t, LP_sytrs, LD->dtype, "L", &in, &k, a + (size_t)i * n * n * es, &ld, pp + i * n, x + (size_t)i * n * k * es, &ld, &info, 1);
        r = to_dev(tc_transpose(X, -2, -1, err), LD->device, fn, err);
    }
fail:
    DROP(hl, hb, hp, el, eb, ep, ip, cp, wl, X);
    return r;
}
