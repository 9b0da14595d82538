/*
 * torch.linalg's LAPACK functions (inv, det, slogdet, solve, cholesky, eigh, eigvalsh, svd,
 * svdvals, qr, lstsq, matrix_rank, pinv, matrix_power, LinAlgError) and the older torch
 * names with their Tensor methods (torch.inverse, det, logdet, slogdet, cholesky, svd, qr,
 * pinverse, matrix_power), in PyTorch's signatures. The compute is tensorcore's (lapack.c);
 * this file parses arguments and builds torch.return_types results.
 */
#include <math.h>
#include <string.h>

#include "kernel/torch/torch-impl.h"

#define NARGS(names) ((int)(sizeof(names) / sizeof(*(names))))

static kn_obj *wrap(tc_tensor *t) { return t ? kn_tensor_wrap(t) : NULL; }
static bool absent(kn_obj *o) { return !o || kn_is(o, &kn_type_none); }

static tc_tensor *tensor_arg(kn_obj *o, const char *fname, const char *pname, int pos, kn_err *err) {
    tc_tensor *t = o ? kn_tensor_unwrap(o) : NULL;
    if (!t)
        tc_error_set(err, TC_EXC_TYPE, "%s(): argument '%s' (position %d) must be Tensor, not %s", fname, pname, pos,
                     o ? kn_type_name(o) : "NoneType");
    return t;
}

static int get_bool(kn_obj *o, bool *b, kn_err *err) { return absent(o) ? 0 : kn__to_bool(o, b, err); }

/* An int argument, with PyTorch's parser message otherwise. */
static int int_arg(kn_obj *o, const char *fn, const char *name, int pos, int64_t *v, kn_err *err) {
    if (!kn_is(o, &kn_type_int) && !kn_is(o, &kn_type_bool))
        return tc_error_set(err, TC_EXC_TYPE, "%s(): argument '%s' (position %d) must be int, not %s", fn, name, pos, kn_type_name(o));
    return kn_to_int64(o, v, err);
}

/* An optional float (atol, rtol, rcond): *has says whether it was given. */
static int get_opt_double(kn_obj *o, double *v, bool *has, kn_err *err) {
    *has = !absent(o);
    return *has ? kn_to_double(o, v, err) : 0;
}

/* torch.return_types.<name>(f0=..., ...) of n tensors (steals them). */
static kn_obj *result(const char *name, int n, const char *const *fields, tc_tensor **ts) {
    kn_obj *v[4];
    for (int i = 0; i < n; i++) v[i] = ts[i] ? kn_tensor_wrap(ts[i]) : NULL;
    return kn__return_types_n(name, n, fields, v);
}

/* ---- torch.linalg --------------------------------------------------------------------------- */

static kn_obj *l_inv(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A"};
    kn_obj *v[1];
    if (kn_args_bind(a, "linalg_inv", names, 1, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_inv", "A", 1, err);
    return x ? wrap(tc_linalg_inv(x, err)) : NULL;
}

static kn_obj *l_inv_ex(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A", "check_errors"};
    static const char *const f[] = {"inverse", "info"};
    kn_obj *v[2];
    if (kn_args_bind(a, "linalg_inv_ex", names, 2, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_inv_ex", "A", 1, err), *r[2];
    bool check = false;
    if (!x || get_bool(v[1], &check, err) < 0 || tc_linalg_inv_ex(x, check, &r[0], &r[1], err)) return NULL;
    return result("linalg_inv_ex", 2, f, r);
}

static kn_obj *l_cholesky_ex(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A", "upper", "check_errors"};
    static const char *const f[] = {"L", "info"};
    kn_obj *v[3];
    if (kn_args_bind(a, "linalg_cholesky_ex", names, 3, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_cholesky_ex", "A", 1, err), *r[2];
    bool upper = false, check = false;
    if (!x || get_bool(v[1], &upper, err) < 0 || get_bool(v[2], &check, err) < 0 ||
        tc_linalg_cholesky_ex(x, upper, check, &r[0], &r[1], err))
        return NULL;
    return result("linalg_cholesky_ex", 2, f, r);
}

static kn_obj *l_det(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A"};
    kn_obj *v[1];
    if (kn_args_bind(a, "linalg_det", names, 1, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_det", "A", 1, err);
    return x ? wrap(tc_linalg_det(x, err)) : NULL;
}

static kn_obj *slogdet_of(tc_tensor *x, const char *name, kn_err *err) {
    static const char *const f[] = {"sign", "logabsdet"};
    tc_tensor *r[2];
    if (tc_linalg_slogdet(x, &r[0], &r[1], err)) return NULL;
    return result(name, 2, f, r);
}

static kn_obj *l_slogdet(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A"};
    kn_obj *v[1];
    if (kn_args_bind(a, "linalg_slogdet", names, 1, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_slogdet", "A", 1, err);
    return x ? slogdet_of(x, "linalg_slogdet", err) : NULL;
}

static kn_obj *l_solve(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A", "B", "left"};
    kn_obj *v[3];
    if (kn_args_bind(a, "linalg_solve", names, 3, 2, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_solve", "A", 1, err);
    tc_tensor *b = x ? tensor_arg(v[1], "linalg_solve", "B", 2, err) : NULL;
    bool left = true;
    if (!b || get_bool(v[2], &left, err) < 0) return NULL;
    if (left) return wrap(tc_linalg_solve(x, b, err));
    /* X A = B  <=>  A^T X^T = B^T */
    tc_tensor *at = tc_transpose(x, -2, -1, err), *bt = at && b->ndim >= 2 ? tc_transpose(b, -2, -1, err) : NULL;
    if (at && b->ndim < 2)
        tc_error_set(err, TC_EXC_RUNTIME, "linalg.solve: Incompatible shapes of A and B for the equation XA = B (%lldx%lld and %lldx1)",
                     (long long)x->shape[x->ndim - 2], (long long)x->shape[x->ndim - 1], (long long)b->shape[0]);
    tc_tensor *xt = bt ? tc_linalg_solve(at, bt, err) : NULL;
    tc_tensor *r = xt ? tc_transpose(xt, -2, -1, err) : NULL;
    tc_tensor_unref(at);
    tc_tensor_unref(bt);
    tc_tensor_unref(xt);
    return wrap(r);
}

static kn_obj *l_cholesky(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A", "upper"};
    kn_obj *v[2];
    if (kn_args_bind(a, "linalg_cholesky", names, 2, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_cholesky", "A", 1, err);
    bool upper = false;
    if (!x || get_bool(v[1], &upper, err) < 0) return NULL;
    return wrap(tc_linalg_cholesky(x, upper, err));
}

/* UPLO='L' or 'U' */
static int get_uplo(kn_obj *o, const char *fn, bool *upper, kn_err *err) {
    *upper = false;
    if (absent(o)) return 0;
    if (!kn_is(o, &kn_type_str))
        return tc_error_set(err, TC_EXC_TYPE, "%s(): argument 'UPLO' must be str, not %s", fn, kn_type_name(o));
    const char *s = kn_str_cstr(o);
    if ((s[0] == 'L' || s[0] == 'l' || s[0] == 'U' || s[0] == 'u') && s[1] == 0) {
        *upper = s[0] == 'U' || s[0] == 'u';
        return 0;
    }
    return tc_error_set(err, TC_EXC_RUNTIME, "Expected UPLO argument to be 'L' or 'U', but got %s", s);
}

static kn_obj *l_eigh(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A", "UPLO"};
    static const char *const f[] = {"eigenvalues", "eigenvectors"};
    kn_obj *v[2];
    if (kn_args_bind(a, "linalg_eigh", names, 2, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_eigh", "A", 1, err), *r[2];
    bool upper;
    if (!x || get_uplo(v[1], "linalg_eigh", &upper, err) < 0) return NULL;
    if (tc_linalg_eigh(x, upper, true, &r[0], &r[1], err)) return NULL;
    return result("linalg_eigh", 2, f, r);
}

static kn_obj *l_eigvalsh(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A", "UPLO"};
    kn_obj *v[2];
    if (kn_args_bind(a, "linalg_eigvalsh", names, 2, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_eigvalsh", "A", 1, err), *l;
    bool upper;
    if (!x || get_uplo(v[1], "linalg_eigvalsh", &upper, err) < 0) return NULL;
    if (tc_linalg_eigh(x, upper, false, &l, NULL, err)) return NULL;
    return wrap(l);
}

/* eig and eigvals: complex eigenvalues (and eigenvectors) of real matrices. */
static kn_obj *l_eig(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A"};
    static const char *const f[] = {"eigenvalues", "eigenvectors"};
    kn_obj *v[1];
    if (kn_args_bind(a, "linalg_eig", names, 1, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_eig", "A", 1, err), *r[2];
    if (!x || tc_linalg_eig(x, true, &r[0], &r[1], err)) return NULL;
    return result("linalg_eig", 2, f, r);
}

static kn_obj *l_eigvals(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A"};
    kn_obj *v[1];
    if (kn_args_bind(a, "linalg_eigvals", names, 1, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_eigvals", "A", 1, err), *l;
    if (!x || tc_linalg_eig(x, false, &l, NULL, err)) return NULL;
    return wrap(l);
}

static kn_obj *svd_common(const kn_args *a, const char *fname, bool linalg, kn_err *err) {
    static const char *const lnames[] = {"A", "full_matrices", "driver"};
    static const char *const onames[] = {"input", "some", "compute_uv"};
    kn_obj *v[3];
    if (kn_args_bind(a, fname, linalg ? lnames : onames, 3, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], fname, linalg ? "A" : "input", 1, err), *r[3];
    bool flag = true, uv = true;
    if (!x || get_bool(v[1], &flag, err) < 0 || (!linalg && get_bool(v[2], &uv, err) < 0)) return NULL;
    if (linalg) {
        static const char *const f[] = {"U", "S", "Vh"};
        if (!absent(v[2]) && !kn_is(v[2], &kn_type_str)) {
            tc_error_set(err, TC_EXC_TYPE, "linalg_svd(): argument 'driver' must be str, not %s", kn_type_name(v[2]));
            return NULL;
        }
        if (!absent(v[2])) {
            tc_error_set(err, TC_EXC_RUNTIME, "torch.linalg.svd: keyword argument `driver=` is only supported on CUDA inputs with cuSOLVER backend.");
            return NULL;
        }
        if (tc_linalg_svd(x, flag, true, &r[0], &r[1], &r[2], err)) return NULL;
        return result("linalg_svd", 3, f, r);
    }
    /* torch.svd: some=True is full_matrices=False; V instead of Vh */
    static const char *const f[] = {"U", "S", "V"};
    if (uv) {
        tc_tensor *vh = NULL;
        if (tc_linalg_svd(x, !flag, true, &r[0], &r[1], &vh, err)) return NULL;
        r[2] = tc_transpose(vh, -2, -1, err); /* V = Vh.mH: conjugated for complex input */
        tc_tensor_unref(vh);
        if (r[2] && tc_dtype_is_complex(r[2]->dtype)) {
            tc_tensor *c = tc_clone(r[2], err), *im = c ? tc_imag(c, err) : NULL;
            int rc = im ? tc_unary_(TC_UOP_NEG, im, err) : -1;
            tc_tensor_unref(im);
            tc_tensor_unref(r[2]);
            r[2] = rc < 0 ? NULL : c;
            if (rc < 0) tc_tensor_unref(c);
        }
        if (!r[2]) {
            tc_tensor_unref(r[0]);
            tc_tensor_unref(r[1]);
            return NULL;
        }
        return result("svd", 3, f, r);
    }
    bool was = tc_grad_enabled();
    if (tc_linalg_svd(x, false, false, NULL, &r[1], NULL, err)) return NULL;
    int64_t sh[TC_MAX_DIMS];
    memcpy(sh, x->shape, sizeof(int64_t) * (size_t)x->ndim);
    sh[x->ndim - 1] = x->shape[x->ndim - 2];
    tc_set_grad_enabled(false);
    r[0] = tc_zeros(sh, x->ndim, x->dtype, x->device, err);
    sh[x->ndim - 2] = sh[x->ndim - 1] = x->shape[x->ndim - 1];
    r[2] = r[0] ? tc_zeros(sh, x->ndim, x->dtype, x->device, err) : NULL;
    tc_set_grad_enabled(was);
    return result("svd", 3, f, r);
}

static kn_obj *l_svd(kn_obj *self, const kn_args *a, kn_err *err) { return svd_common(a, "linalg_svd", true, err); }

static kn_obj *l_svdvals(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A", "driver"};
    kn_obj *v[2];
    if (kn_args_bind(a, "linalg_svdvals", names, 2, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_svdvals", "A", 1, err), *s;
    if (!x || tc_linalg_svd(x, false, false, NULL, &s, NULL, err)) return NULL;
    return wrap(s);
}

static kn_obj *qr_common(const kn_args *a, const char *fname, bool linalg, kn_err *err) {
    static const char *const lnames[] = {"A", "mode"};
    static const char *const onames[] = {"input", "some"};
    static const char *const f[] = {"Q", "R"};
    kn_obj *v[2];
    if (kn_args_bind(a, fname, linalg ? lnames : onames, 2, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], fname, linalg ? "A" : "input", 1, err), *r[2];
    if (!x) return NULL;
    int mode = 0;
    if (linalg && !absent(v[1])) {
        if (!kn_is(v[1], &kn_type_str)) {
            tc_error_set(err, TC_EXC_TYPE, "linalg_qr(): argument 'mode' must be str, not %s", kn_type_name(v[1]));
            return NULL;
        }
        const char *s = kn_str_cstr(v[1]);
        if (!strcmp(s, "reduced")) mode = 0;
        else if (!strcmp(s, "r")) mode = 1;
        else if (!strcmp(s, "complete")) mode = 2;
        else {
            tc_error_set(err, TC_EXC_RUNTIME, "qr received unrecognized mode '%s' but expected one of 'reduced' (default), 'r', or 'complete'", s);
            return NULL;
        }
    } else if (!linalg) {
        bool some = true;
        if (get_bool(v[1], &some, err) < 0) return NULL;
        mode = some ? 0 : 2;
    }
    if (tc_linalg_qr(x, mode, &r[0], &r[1], err)) return NULL;
    return result(linalg ? "linalg_qr" : "qr", 2, f, r);
}

static kn_obj *l_qr(kn_obj *self, const kn_args *a, kn_err *err) { return qr_common(a, "linalg_qr", true, err); }

static kn_obj *l_lstsq(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A", "B", "rcond", "driver"};
    static const char *const f[] = {"solution", "residuals", "rank", "singular_values"};
    kn_obj *v[4];
    if (kn_args_bind(a, "linalg_lstsq", names, 4, 2, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_lstsq", "self", 1, err);
    tc_tensor *b = x ? tensor_arg(v[1], "linalg_lstsq", "b", 2, err) : NULL, *r[4];
    double rcond = 0;
    bool has = false;
    if (!b || get_opt_double(v[2], &rcond, &has, err) < 0) return NULL;
    int driver = 0;
    if (!absent(v[3])) {
        static const char *const drivers[] = {"gelsy", "gels", "gelsd", "gelss"};
        if (!kn_is(v[3], &kn_type_str)) {
            tc_error_set(err, TC_EXC_TYPE, "linalg_lstsq(): argument 'driver' must be str, not %s", kn_type_name(v[3]));
            return NULL;
        }
        for (driver = 0; driver < 4 && strcmp(kn_str_cstr(v[3]), drivers[driver]); driver++) {}
        if (driver == 4) {
            tc_error_set(err, TC_EXC_RUNTIME, "torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)");
            return NULL;
        }
    }
    if (tc_linalg_lstsq(x, b, rcond, has, driver, &r[0], &r[1], &r[2], &r[3], err)) return NULL;
    return result("linalg_lstsq", 4, f, r);
}

/* matrix_rank(A, *, atol=None, rtol=None, hermitian=False) and the older (A, tol=None,
 * hermitian=False), whose tol is atol with rtol = 0. */
static kn_obj *l_matrix_rank(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A", "tol", "hermitian", "atol", "rtol"};
    kn_obj *v[5];
    if (kn_args_bind(a, "linalg_matrix_rank", names, 5, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_matrix_rank", "input", 1, err);
    double tol, atol, rtol, zero = 0;
    bool ht, ha, hr, herm = false;
    if (!x || get_opt_double(v[1], &tol, &ht, err) < 0 || get_bool(v[2], &herm, err) < 0 ||
        get_opt_double(v[3], &atol, &ha, err) < 0 || get_opt_double(v[4], &rtol, &hr, err) < 0)
        return NULL;
    if (ht) return wrap(tc_linalg_matrix_rank(x, &tol, &zero, herm, err));
    return wrap(tc_linalg_matrix_rank(x, ha ? &atol : NULL, hr ? &rtol : NULL, herm, err));
}

/* pinv(A, *, atol=None, rtol=None, hermitian=False), and (A, rcond, hermitian) where rcond
 * is rtol. */
static kn_obj *l_pinv(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A", "rcond", "hermitian", "atol", "rtol"};
    kn_obj *v[5];
    if (kn_args_bind(a, "linalg_pinv", names, 5, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_pinv", "input", 1, err);
    double rc, atol, rtol, zero = 0;
    bool hc, ha, hr, herm = false;
    if (!x || get_opt_double(v[1], &rc, &hc, err) < 0 || get_bool(v[2], &herm, err) < 0 ||
        get_opt_double(v[3], &atol, &ha, err) < 0 || get_opt_double(v[4], &rtol, &hr, err) < 0)
        return NULL;
    if (hc) return wrap(tc_linalg_pinv(x, &zero, &rc, herm, err));
    return wrap(tc_linalg_pinv(x, ha ? &atol : NULL, hr ? &rtol : NULL, herm, err));
}

static kn_obj *l_matrix_power(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A", "n"};
    kn_obj *v[2];
    if (kn_args_bind(a, "linalg_matrix_power", names, 2, 2, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_matrix_power", "A", 1, err);
    int64_t n;
    if (!x || int_arg(v[1], "linalg_matrix_power", "n", 2, &n, err) < 0) return NULL;
    return wrap(tc_linalg_matrix_power(x, n, err));
}

static kn_obj *l_solve_ex(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A", "B", "left", "check_errors"};
    static const char *const f[] = {"result", "info"};
    kn_obj *v[4];
    if (kn_args_bind(a, "linalg_solve_ex", names, 4, 2, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_solve_ex", "A", 1, err);
    tc_tensor *b = x ? tensor_arg(v[1], "linalg_solve_ex", "B", 2, err) : NULL, *r[2];
    bool left = true, check = false;
    if (!b || get_bool(v[2], &left, err) < 0 || get_bool(v[3], &check, err) < 0) return NULL;
    if (left) {
        if (tc_linalg_solve_ex(x, b, check, &r[0], &r[1], err)) return NULL;
        return result("linalg_solve_ex", 2, f, r);
    }
    /* X A = B  <=>  A^T X^T = B^T, as linalg.solve */
    if (b->ndim < 2) {
        tc_error_set(err, TC_EXC_RUNTIME, "linalg.solve: Incompatible shapes of A and B for the equation XA = B (%lldx%lld and %lldx1)",
                     (long long)x->shape[x->ndim - 2], (long long)x->shape[x->ndim - 1], (long long)b->shape[0]);
        return NULL;
    }
    tc_tensor *at = tc_transpose(x, -2, -1, err), *bt = at ? tc_transpose(b, -2, -1, err) : NULL, *xt = NULL;
    int rc = bt ? tc_linalg_solve_ex(at, bt, check, &xt, &r[1], err) : -1;
    tc_tensor_unref(at);
    tc_tensor_unref(bt);
    if (rc) return NULL;
    r[0] = tc_transpose(xt, -2, -1, err);
    tc_tensor_unref(xt);
    if (!r[0]) {
        tc_tensor_unref(r[1]);
        return NULL;
    }
    return result("linalg_solve_ex", 2, f, r);
}

static kn_obj *l_householder_product(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A", "tau"};
    kn_obj *v[2];
    if (kn_args_bind(a, "linalg_householder_product", names, 2, 2, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_householder_product", "input", 1, err);
    tc_tensor *t = x ? tensor_arg(v[1], "linalg_householder_product", "tau", 2, err) : NULL;
    return t ? wrap(tc_linalg_householder_product(x, t, err)) : NULL;
}

static kn_obj *ldl_common(const kn_args *a, const char *fname, bool ex, kn_err *err) {
    static const char *const names[] = {"A", "hermitian", "check_errors"};
    static const char *const f2[] = {"LD", "pivots"};
    static const char *const f3[] = {"LD", "pivots", "info"};
    kn_obj *v[3];
    if (kn_args_bind(a, fname, names, ex ? 3 : 2, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], fname, "A", 1, err), *r[3];
    bool herm = false, check = false;
    if (!x || get_bool(v[1], &herm, err) < 0 || (ex && get_bool(v[2], &check, err) < 0) ||
        tc_linalg_ldl_factor_ex(x, herm, ex ? check : true, ex ? "torch.linalg.ldl_factor_ex" : "torch.linalg.ldl_factor",
                                &r[0], &r[1], ex ? &r[2] : NULL, err))
        return NULL;
    return ex ? result("linalg_ldl_factor_ex", 3, f3, r) : result("linalg_ldl_factor", 2, f2, r);
}

static kn_obj *l_ldl_factor(kn_obj *self, const kn_args *a, kn_err *err) { return ldl_common(a, "linalg_ldl_factor", false, err); }
static kn_obj *l_ldl_factor_ex(kn_obj *self, const kn_args *a, kn_err *err) { return ldl_common(a, "linalg_ldl_factor_ex", true, err); }

static kn_obj *l_ldl_solve(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"LD", "pivots", "B", "hermitian"};
    kn_obj *v[4];
    if (kn_args_bind(a, "linalg_ldl_solve", names, 4, 3, v, err) < 0) return NULL;
    tc_tensor *ld = tensor_arg(v[0], "linalg_ldl_solve", "LD", 1, err);
    tc_tensor *piv = ld ? tensor_arg(v[1], "linalg_ldl_solve", "pivots", 2, err) : NULL;
    tc_tensor *b = piv ? tensor_arg(v[2], "linalg_ldl_solve", "B", 3, err) : NULL;
    bool herm = false;
    if (!b || get_bool(v[3], &herm, err) < 0) return NULL;
    return wrap(tc_linalg_ldl_solve(ld, piv, b, herm, err));
}

/* ---- LU and triangular solves ------------------------------------------------------------------ */

static kn_obj *lu_factor_common(const kn_args *a, const char *fname, bool ex, kn_err *err) {
    static const char *const names[] = {"A", "pivot", "check_errors"};
    static const char *const f2[] = {"LU", "pivots"};
    static const char *const f3[] = {"LU", "pivots", "info"};
    kn_obj *v[3];
    if (kn_args_bind(a, fname, names, ex ? 3 : 2, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], fname, "A", 1, err), *r[3];
    bool pivot = true, check = false;
    if (!x || get_bool(v[1], &pivot, err) < 0 || (ex && get_bool(v[2], &check, err) < 0) ||
        tc_linalg_lu_factor_ex(x, pivot, ex ? check : true, ex ? "torch.linalg.lu_factor_ex" : "torch.linalg.lu_factor",
                               "torch.lu_factor", &r[0], &r[1], ex ? &r[2] : NULL, err))
        return NULL;
    return ex ? result("linalg_lu_factor_ex", 3, f3, r) : result("linalg_lu_factor", 2, f2, r);
}

static kn_obj *l_lu_factor(kn_obj *self, const kn_args *a, kn_err *err) { return lu_factor_common(a, "linalg_lu_factor", false, err); }
static kn_obj *l_lu_factor_ex(kn_obj *self, const kn_args *a, kn_err *err) {
    return lu_factor_common(a, "linalg_lu_factor_ex", true, err);
}

static kn_obj *l_lu(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A", "pivot"};
    static const char *const f[] = {"P", "L", "U"};
    kn_obj *v[2];
    if (kn_args_bind(a, "linalg_lu", names, 2, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_lu", "A", 1, err), *r[3];
    bool pivot = true;
    if (!x || get_bool(v[1], &pivot, err) < 0 || tc_linalg_lu(x, pivot, &r[0], &r[1], &r[2], err)) return NULL;
    return result("linalg_lu", 3, f, r);
}

static kn_obj *l_lu_solve(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"LU", "pivots", "B", "left", "adjoint"};
    kn_obj *v[5];
    if (kn_args_bind(a, "linalg_lu_solve", names, 5, 3, v, err) < 0) return NULL;
    tc_tensor *lu = tensor_arg(v[0], "linalg_lu_solve", "LU", 1, err);
    tc_tensor *piv = lu ? tensor_arg(v[1], "linalg_lu_solve", "pivots", 2, err) : NULL;
    tc_tensor *b = piv ? tensor_arg(v[2], "linalg_lu_solve", "B", 3, err) : NULL;
    bool left = true, adj = false;
    if (!b || get_bool(v[3], &left, err) < 0 || get_bool(v[4], &adj, err) < 0) return NULL;
    return wrap(tc_linalg_lu_solve(lu, piv, b, left, adj, err));
}

static kn_obj *l_solve_triangular(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A", "B", "upper", "left", "unitriangular"};
    kn_obj *v[5];
    if (kn_args_bind(a, "linalg_solve_triangular", names, 5, 2, v, err) < 0) return NULL;
    if (absent(v[2])) {
        tc_error_set(err, TC_EXC_TYPE, "linalg_solve_triangular() missing 1 required positional arguments: \"upper\"");
        return NULL;
    }
    tc_tensor *x = tensor_arg(v[0], "linalg_solve_triangular", "A", 1, err);
    tc_tensor *b = x ? tensor_arg(v[1], "linalg_solve_triangular", "B", 2, err) : NULL;
    bool upper = false, left = true, unit = false;
    if (!b || get_bool(v[2], &upper, err) < 0 || get_bool(v[3], &left, err) < 0 || get_bool(v[4], &unit, err) < 0)
        return NULL;
    return wrap(tc_linalg_solve_triangular(x, b, upper, left, unit, err));
}

/* torch.lu(A, pivot=True, get_infos=False): (LU, pivots), or _lu_with_info with the infos. */
static kn_obj *f_lu(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A", "pivot", "get_infos", "out"};
    static const char *const f3[] = {"LU", "pivots", "info"};
    kn_obj *v[4];
    if (kn_args_bind(a, "lu", names, 4, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "lu", "A", 1, err), *r[3];
    bool pivot = true, infos = false;
    if (!x || get_bool(v[1], &pivot, err) < 0 || get_bool(v[2], &infos, err) < 0 ||
        tc_linalg_lu_factor_ex(x, pivot, false, "torch.linalg.lu_factor", "torch.lu_factor", &r[0], &r[1], &r[2], err))
        return NULL;
    if (infos) return result("_lu_with_info", 3, f3, r);
    tc_tensor_unref(r[2]);
    kn_obj *t = kn_tuple_new(2);
    if (!t) {
        tc_tensor_unref(r[0]);
        tc_tensor_unref(r[1]);
        return kn_nomem(err), NULL;
    }
    kn_tuple_set(t, 0, kn_tensor_wrap(r[0]));
    kn_tuple_set(t, 1, kn_tensor_wrap(r[1]));
    return t;
}

static kn_obj *f_lu_unpack(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"LU_data", "LU_pivots", "unpack_data", "unpack_pivots", "out"};
    static const char *const f[] = {"P", "L", "U"};
    kn_obj *v[5];
    if (kn_args_bind(a, "lu_unpack", names, 5, 2, v, err) < 0) return NULL;
    tc_tensor *lu = tensor_arg(v[0], "lu_unpack", "LU_data", 1, err);
    tc_tensor *piv = lu ? tensor_arg(v[1], "lu_unpack", "LU_pivots", 2, err) : NULL, *r[3];
    bool ud = true, up = true;
    if (!piv || get_bool(v[2], &ud, err) < 0 || get_bool(v[3], &up, err) < 0 ||
        tc_lu_unpack(lu, piv, ud, up, "torch.lu_unpack", &r[0], &r[1], &r[2], err))
        return NULL;
    return result("lu_unpack", 3, f, r);
}

static kn_obj *f_triangular_solve(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"input", "A", "upper", "transpose", "unitriangular", "out"};
    static const char *const f[] = {"solution", "cloned_coefficient"};
    kn_obj *v[6];
    if (kn_args_bind(a, "triangular_solve", names, 6, 2, v, err) < 0) return NULL;
    tc_tensor *b = tensor_arg(v[0], "triangular_solve", "input", 1, err);
    tc_tensor *x = b ? tensor_arg(v[1], "triangular_solve", "A", 2, err) : NULL, *r[2];
    bool upper = true, tr = false, unit = false;
    if (!x || get_bool(v[2], &upper, err) < 0 || get_bool(v[3], &tr, err) < 0 || get_bool(v[4], &unit, err) < 0 ||
        tc_triangular_solve(b, x, upper, tr, unit, &r[0], &r[1], err))
        return NULL;
    return result("triangular_solve", 2, f, r);
}

static kn_obj *f_cholesky_solve(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"input", "input2", "upper", "out"};
    kn_obj *v[4];
    if (kn_args_bind(a, "cholesky_solve", names, 4, 2, v, err) < 0) return NULL;
    tc_tensor *b = tensor_arg(v[0], "cholesky_solve", "input", 1, err);
    tc_tensor *l = b ? tensor_arg(v[1], "cholesky_solve", "input2", 2, err) : NULL;
    bool upper = false;
    if (!l || get_bool(v[2], &upper, err) < 0) return NULL;
    return wrap(tc_cholesky_solve(b, l, upper, err));
}

/* torch.lu, lu_unpack, triangular_solve and cholesky_solve (functions of the torch module). */
const kn__fn kn__torch_lu_fns[] = {
    {"lu", f_lu, "(A, pivot=True, get_infos=False, out=None)", "Computes the LU factorization of a matrix or batches of matrices A."},
    {"lu_unpack", f_lu_unpack, "(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True, *, out=None)",
     "Unpacks the LU decomposition returned by lu_factor() into the P, L, U matrices."},
    {"triangular_solve", f_triangular_solve, "(b, A, upper=True, transpose=False, unitriangular=False, *, out=None)",
     "Solves a system of equations with a square upper or lower triangular invertible matrix A and multiple right-hand sides b."},
    {"cholesky_solve", f_cholesky_solve, "(B, L, upper=False, *, out=None)",
     "Computes the solution of a system of linear equations with complex Hermitian or real symmetric positive-definite lhs given its Cholesky decomposition."},
    {NULL, NULL, NULL, NULL},
};

const kn__fn kn__torch_linalg_lapack_fns[] = {
    {"lu_factor", l_lu_factor, "(A, *, pivot=True, out=None)", "Computes a compact representation of the LU factorization of a matrix A."},
    {"lu_factor_ex", l_lu_factor_ex, "(A, *, pivot=True, check_errors=False, out=None)",
     "This is a version of lu_factor() that does not perform error checks unless check_errors=True."},
    {"lu", l_lu, "(A, *, pivot=True, out=None)", "Computes the LU decomposition with partial pivoting of a matrix."},
    {"lu_solve", l_lu_solve, "(LU, pivots, B, *, left=True, adjoint=False, out=None)",
     "Computes the solution of a square system of linear equations with a unique solution given an LU decomposition."},
    {"solve_triangular", l_solve_triangular, "(A, B, *, upper, left=True, unitriangular=False, out=None)",
     "Computes the solution of a triangular system of linear equations with a unique solution."},
    {"solve_ex", l_solve_ex, "(A, B, *, left=True, check_errors=False, out=None)",
     "A version of solve() that does not perform error checks unless check_errors=True."},
    {"householder_product", l_householder_product, "(A, tau, *, out=None)",
     "Computes the first n columns of a product of Householder matrices."},
    {"ldl_factor", l_ldl_factor, "(A, *, hermitian=False, out=None)",
     "Computes a compact representation of the LDL factorization of a Hermitian or symmetric (possibly indefinite) matrix."},
    {"ldl_factor_ex", l_ldl_factor_ex, "(A, *, hermitian=False, check_errors=False, out=None)",
     "This is a version of ldl_factor() that does not perform error checks unless check_errors=True."},
    {"ldl_solve", l_ldl_solve, "(LD, pivots, B, *, hermitian=False, out=None)",
     "Computes the solution of a system of linear equations using the LDL factorization."},
    {"inv", l_inv, "(A, *, out=None)", "Computes the inverse of a square matrix if it exists."},
    {"inv_ex", l_inv_ex, "(A, *, check_errors=False, out=None)",
     "Computes the inverse of a square matrix if it is invertible."},
    {"cholesky_ex", l_cholesky_ex, "(A, *, upper=False, check_errors=False, out=None)",
     "Computes the Cholesky decomposition of a complex Hermitian or real symmetric positive-definite matrix."},
    {"det", l_det, "(A, *, out=None)", "Computes the determinant of a square matrix."},
    {"slogdet", l_slogdet, "(A, *, out=None)",
     "Computes the sign and natural logarithm of the absolute value of the determinant of a square matrix."},
    {"solve", l_solve, "(A, B, *, left=True, out=None)",
     "Computes the solution of a square system of linear equations with a unique solution."},
    {"cholesky", l_cholesky, "(A, *, upper=False, out=None)",
     "Computes the Cholesky decomposition of a complex Hermitian or real symmetric positive-definite matrix."},
    {"eigh", l_eigh, "(A, UPLO='L', *, out=None)",
     "Computes the eigenvalue decomposition of a complex Hermitian or real symmetric matrix."},
    {"eigvalsh", l_eigvalsh, "(A, UPLO='L', *, out=None)",
     "Computes the eigenvalues of a complex Hermitian or real symmetric matrix."},
    {"eig", l_eig, "(A, *, out=None)", "Computes the eigenvalue decomposition of a square matrix if it exists."},
    {"eigvals", l_eigvals, "(A, *, out=None)", "Computes the eigenvalues of a square matrix."},
    {"svd", l_svd, "(A, full_matrices=True, *, driver=None, out=None)",
     "Computes the singular value decomposition (SVD) of a matrix."},
    {"svdvals", l_svdvals, "(A, *, driver=None, out=None)", "Computes the singular values of a matrix."},
    {"qr", l_qr, "(A, mode='reduced', *, out=None)", "Computes the QR decomposition of a matrix."},
    {"lstsq", l_lstsq, "(A, B, rcond=None, *, driver=None)",
     "Computes a solution to the least squares problem of a system of linear equations."},
    {"matrix_rank", l_matrix_rank, "(A, *, atol=None, rtol=None, hermitian=False, out=None)",
     "Computes the numerical rank of a matrix."},
    {"pinv", l_pinv, "(A, *, atol=None, rtol=None, hermitian=False, out=None)",
     "Computes the pseudoinverse (Moore-Penrose inverse) of a matrix."},
    {"matrix_power", l_matrix_power, "(A, n, *, out=None)", "Computes the n-th power of a square matrix for an integer n."},
    {NULL, NULL, NULL, NULL},
};

/* ---- Tensor methods and the older torch names ------------------------------------------------- */

static tc_tensor *self_t(kn_obj *self) { return kn_tensor_unwrap(self); }

static int no_args(const kn_args *a, const char *fname, kn_err *err) {
    kn_obj *v[1];
    return kn_args_bind(a, fname, NULL, 0, 0, v, err);
}

static kn_obj *m_det(kn_obj *self, const kn_args *a, kn_err *err) {
    return no_args(a, "det", err) < 0 ? NULL : wrap(tc_linalg_det(self_t(self), err));
}

static kn_obj *m_inverse(kn_obj *self, const kn_args *a, kn_err *err) {
    return no_args(a, "inverse", err) < 0 ? NULL : wrap(tc_linalg_inv(self_t(self), err));
}

static kn_obj *m_slogdet(kn_obj *self, const kn_args *a, kn_err *err) {
    return no_args(a, "slogdet", err) < 0 ? NULL : slogdet_of(self_t(self), "slogdet", err);
}

/* logdet: logabsdet where the determinant is positive, nan where it is negative. */
static kn_obj *m_logdet(kn_obj *self, const kn_args *a, kn_err *err) {
    if (no_args(a, "logdet", err) < 0) return NULL;
    tc_tensor *s, *l;
    if (tc_linalg_slogdet(self_t(self), &s, &l, err)) return NULL;
    tc_scalar m1 = {.kind = TC_SCALAR_FLOAT, .v.f = -1};
    tc_tensor *neg = tc_binary_scalar(TC_OP_EQ, s, m1, err);
    tc_tensor *nan = neg ? tc_full(NULL, 0, NAN, l->dtype, l->device, err) : NULL;
    tc_tensor *r = nan ? tc_where(neg, nan, l, err) : NULL;
    tc_tensor_unref(s);
    tc_tensor_unref(l);
    tc_tensor_unref(neg);
    tc_tensor_unref(nan);
    return wrap(r);
}

/* torch.cholesky and torch.qr are removed in PyTorch 2.15: its messages. */
static kn_obj *m_cholesky(kn_obj *self, const kn_args *a, kn_err *err) {
    tc_error_set(err, TC_EXC_RUNTIME, "This function was deprecated since version 1.9 and is now removed. `torch.cholesky` is deprecated in favor of `torch.linalg.cholesky`.\n"
                 "L = torch.cholesky(A) should be replaced with:\nL = torch.linalg.cholesky(A)\n"
                 "U = torch.cholesky(A, upper=True) should be replaced with:\nU = torch.linalg.cholesky(A).mH");
    return NULL;
}

static kn_obj *m_qr(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"some"};
    kn_obj *v[1];
    bool some = true;
    if (kn_args_bind(a, "qr", names, 1, 0, v, err) < 0 || get_bool(v[0], &some, err) < 0) return NULL;
    tc_error_set(err, TC_EXC_RUNTIME, "This function was deprecated since version 1.9 and is now removed. `torch.qr` is deprecated in favor of `torch.linalg.qr` and the boolean parameter `some` has been replaced with a string parameter `mode`.\n\n"
                 "Q, R = torch.qr(A) should be replaced with:\nQ, R = torch.linalg.qr(A, mode='reduced')\n\nand\n\n"
                 "Q, R = torch.qr(A, some=False) should be replaced with:\nQ, R = torch.linalg.qr(A, mode='complete')\n\n"
                 "Since `some` was set to %s, use mode='%s'.", some ? "True" : "False", some ? "reduced" : "complete");
    return NULL;
}

/* Method forms: self is the first positional argument of the function forms. */
static kn_obj *with_self(kn_obj *self, const kn_args *a, kn_obj *(*fn)(const kn_args *, const char *, bool, kn_err *),
                         const char *fname, kn_err *err) {
    kn_obj *pos[8];
    if (a->npos > 7) {
        tc_error_set(err, TC_EXC_TYPE, "%s() takes too many arguments", fname);
        return NULL;
    }
    pos[0] = self;
    for (int i = 0; i < a->npos; i++) pos[i + 1] = a->pos[i];
    kn_args b = *a;
    b.pos = pos;
    b.npos = a->npos + 1;
    return fn(&b, fname, false, err);
}

static kn_obj *m_svd(kn_obj *self, const kn_args *a, kn_err *err) { return with_self(self, a, svd_common, "svd", err); }

static kn_obj *m_pinverse(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"rcond"};
    kn_obj *v[1];
    double rc = 1e-15, zero = 0;
    if (kn_args_bind(a, "pinverse", names, 1, 0, v, err) < 0 || (!absent(v[0]) && kn_to_double(v[0], &rc, err) < 0))
        return NULL;
    return wrap(tc_linalg_pinv(self_t(self), &zero, &rc, false, err));
}

static kn_obj *m_matrix_power(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"n"};
    kn_obj *v[1];
    int64_t n;
    if (kn_args_bind(a, "matrix_power", names, 1, 1, v, err) < 0 || int_arg(v[0], "matrix_power", "n", 1, &n, err) < 0) return NULL;
    return wrap(tc_linalg_matrix_power(self_t(self), n, err));
}

const kn__fn kn__tensor_linalg_methods[] = {
    {"det", m_det, "()", "See torch.det()"},
    {"inverse", m_inverse, "()", "See torch.inverse()"},
    {"slogdet", m_slogdet, "()", "See torch.slogdet()"},
    {"logdet", m_logdet, "()", "See torch.logdet()"},
    {"cholesky", m_cholesky, "(upper=False)", "See torch.cholesky()"},
    {"svd", m_svd, "(some=True, compute_uv=True)", "See torch.svd()"},
    {"qr", m_qr, "(some=True)", "See torch.qr()"},
    {"pinverse", m_pinverse, "(rcond=1e-15)", "See torch.pinverse()"},
    {"matrix_power", m_matrix_power, "(n)", "See torch.linalg.matrix_power()"},
    {NULL, NULL, NULL, NULL},
};

const char *const kn__torch_linalg_forwarded[] = {
    "det", "inverse", "slogdet", "logdet", "cholesky", "svd", "qr", "pinverse", "matrix_power", NULL,
};
