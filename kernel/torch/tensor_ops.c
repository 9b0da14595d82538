/*
 * More Tensor methods and torch functions, in PyTorch's signatures: statistics (std, var,
 * norm, logsumexp, softmax, ...), shape and index ops (chunk, split, flip, gather, scatter,
 * nonzero, ...), elementwise predicates and cleanups (isnan, nan_to_num, trunc, lerp, ...)
 * and linear algebra composites (bmm, mv, outer, addmm, einsum, tensordot, kron, cross).
 * The compute lives in tensorcore (composite.c); this file parses arguments and builds the
 * Python results. Its table joins kn__tensor_methods for getattr, dir() and inspection.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/torch/torch-impl.h"
#include "tensorcore/alloc.h"

#define NARGS(names) ((int)(sizeof(names) / sizeof(*(names))))
#define BIND(fname, names, nreq, out) bind_dim(a, fname, names, NARGS(names), nreq, out, err)

/* Tensor.split is Python code in PyTorch and takes no NumPy alias. */
static int bind_dim(const kn_args *a, const char *fname, const char *const *names, int n, int nreq,
                    kn_obj **out, kn_err *err) {
    if (!strcmp(fname, "Tensor.split")) return kn_args_bind(a, fname, names, n, nreq, out, err);
    return kn__bind_dim(a, fname, names, n, nreq, out, err);
}

static tc_tensor *T(kn_obj *o) { return ((kn_tensor_obj *)o)->t; }
static kn_obj *wrap(tc_tensor *t) { return t ? kn_tensor_wrap(t) : NULL; }
static bool absent(kn_obj *o) { return !o || kn_is(o, &kn_type_none); }

static int get_dim(kn_obj *o, int ndim, int *dim, kn_err *err) {
    int64_t d;
    if (kn__long_fits(o, err) < 0 || kn_to_int64(o, &d, err) < 0) return -1;
    return kn__wrap_dim(d, ndim, dim, err);
}

/* dim: None (all), int, or tuple/list of ints (wrapped). */
static int parse_dims(kn_obj *o, const tc_tensor *t, int *dims, int *n, kn_err *err) {
    *n = 0;
    if (absent(o)) return 0;
    int64_t raw[TC_MAX_DIMS];
    int cnt;
    if (kn__shape_of(o, raw, &cnt, err) < 0) return -1;
    for (int i = 0; i < cnt; i++)
        if (kn__wrap_dim(raw[i], t->ndim, &dims[i], err) < 0) return -1;
    *n = cnt;
    return 0;
}

static int get_bool(kn_obj *o, bool *b, kn_err *err) {
    if (absent(o)) return 0;
    return kn__to_bool(o, b, err);
}

static tc_tensor *tensor_arg(kn_obj *o, const char *fname, const char *pname, int pos, kn_err *err) {
    tc_tensor *t = o ? kn_tensor_unwrap(o) : NULL;
    if (!t)
        tc_error_set(err, TC_EXC_TYPE, "%s(): argument '%s' (position %d) must be Tensor, not %s", fname,
                     pname, pos, o ? kn_type_name(o) : "NoneType");
    return t;
}

/* A tuple of tensors (steals each; NULL entries make the whole result NULL). */
static kn_obj *tuple_of(tc_tensor **ts, int64_t n) {
    kn_obj *tup = NULL;
    for (int64_t i = 0; i < n; i++)
        if (!ts[i]) goto fail;
    tup = kn_tuple_new(n);
    if (!tup) goto fail;
    for (int64_t i = 0; i < n; i++) kn_tuple_set(tup, i, kn_tensor_wrap(ts[i]));
    return tup;
fail:
    for (int64_t i = 0; i < n; i++) tc_tensor_unref(ts[i]);
    return NULL;
}

/* The tensor after an optional dtype= cast (new ref). */
static tc_tensor *with_dtype(tc_tensor *t, kn_obj *dtype, kn_err *err) {
    if (absent(dtype)) return tc_tensor_ref(t);
    tc_dtype dt;
    if (kn__parse_dtype(dtype, &dt, err) < 0) return NULL;
    return tc_to(t, dt, t->device, ".to()", err);
}

/* Rename the node of a view result (named ops that are views of other ops). */
static tc_tensor *grad_name(tc_tensor *t, const char *name);

/* ---- statistics --------------------------------------------------------------------------- */

/* std/var: (dim=None, unbiased=True, keepdim=False, *, correction=None), or (unbiased). */
static kn_obj *std_var(kn_obj *self, const kn_args *a, const char *fname, bool take_sqrt, kn_err *err) {
    static const char *const names[] = {"dim", "unbiased", "keepdim", "correction"};
    kn_obj *v[4];
    kn_args shifted = *a;
    kn_obj *unb_pos = NULL;
    if (a->npos >= 1 && kn_is(a->pos[0], &kn_type_bool)) { /* std(unbiased) */
        unb_pos = a->pos[0];
        shifted.pos = a->pos + 1;
        shifted.npos = a->npos - 1;
        a = &shifted;
    }
    if (BIND(fname, names, 0, v) < 0) return NULL;
    if (unb_pos) {
        if (v[1]) {
            tc_error_set(err, TC_EXC_TYPE, "%s() got multiple values for argument 'unbiased'", fname);
            return NULL;
        }
        v[1] = unb_pos;
    }
    if (!absent(v[1]) && !absent(v[3])) {
        tc_error_set(err, TC_EXC_TYPE, "%s() received an invalid combination of arguments - got "
                     "(correction=..., unbiased=bool)", fname);
        return NULL;
    }
    int dims[TC_MAX_DIMS], n;
    bool keep = false, unbiased = true;
    double corr = 1;
    if (parse_dims(v[0], T(self), dims, &n, err) < 0 || get_bool(v[2], &keep, err) < 0 ||
        get_bool(v[1], &unbiased, err) < 0)
        return NULL;
    if (!absent(v[3]) && kn_to_double(v[3], &corr, err) < 0) return NULL;
    if (absent(v[3])) corr = unbiased ? 1 : 0;
    if (!absent(v[0]) && n == 0) { /* dim=() reduces everything */ }
    return wrap(tc_var(T(self), dims, n, corr, keep, take_sqrt, err));
}

static kn_obj *m_std(kn_obj *self, const kn_args *a, kn_err *err) { return std_var(self, a, "std", true, err); }
static kn_obj *m_var(kn_obj *self, const kn_args *a, kn_err *err) { return std_var(self, a, "var", false, err); }

/* An ord/p: None/'fro' → 2 (kind 1 for 'fro'), 'nuc' (kind 2), numbers, inf (kind 0). */
static int norm_kind(kn_obj *o, double *p, int *kind, kn_err *err) {
    *p = 2;
    *kind = 0;
    if (!absent(o) && kn_is(o, &kn_type_str) && !strcmp(kn_str_cstr(o), "nuc")) {
        *kind = 2;
        return 0;
    }
    if (!absent(o) && kn_is(o, &kn_type_str) && !strcmp(kn_str_cstr(o), "fro")) {
        *kind = 1;
        return 0;
    }
    if (!absent(o) && kn_is(o, &kn_type_str))
        return tc_error_set(err, TC_EXC_RUNTIME, "linalg.matrix_norm: Order %s not supported.", kn_str_cstr(o));
    return absent(o) ? 0 : kn_to_double(o, p, err);
}

/* p of a vector norm: None/'fro' → 2, numbers, inf. */
static int norm_p(kn_obj *o, double *p, bool *fro, kn_err *err) {
    *p = 2;
    if (fro) *fro = false;
    if (absent(o)) return 0;
    if (kn_is(o, &kn_type_str)) {
        if (!strcmp(kn_str_cstr(o), "fro")) {
            if (fro) *fro = true;
            return 0;
        }
        return tc_error_set(err, TC_EXC_RUNTIME, "norm: the '%s' norm is not supported here", kn_str_cstr(o));
    }
    return kn_to_double(o, p, err);
}

/* Tensor.norm(p='fro', dim=None, keepdim=False, dtype=None) and torch.norm(input, p='fro',
 * dim=None, keepdim=False, out=None, dtype=None): Python functions in PyTorch, so they take
 * no NumPy alias and Python's texts name them "Tensor.norm" and "norm". */
static kn_obj *m_norm(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"p", "dim", "keepdim", "dtype"};
    static const char *const fn_names[] = {"p", "dim", "keepdim", "out", "dtype"};
    bool as_fn = kn__sig_as_function(a);
    const char *fname = as_fn ? "norm" : "Tensor.norm";
    kn_obj *v[5];
    double p;
    int dims[TC_MAX_DIMS], n;
    bool keep = false;
    if (a->npos > (as_fn ? 5 : 4)) {
        tc_error_set(err, TC_EXC_TYPE, "%s() takes from 1 to %d positional arguments but %d were given",
                     fname, as_fn ? 6 : 5, a->npos + 1);
        return NULL;
    }
    if (as_fn) {
        if (kn_args_bind(a, fname, fn_names, 5, 0, v, err) < 0) return NULL;
        v[3] = v[4];
    } else if (kn_args_bind(a, fname, names, 4, 0, v, err) < 0) {
        return NULL;
    }
    if (!absent(v[0]) && kn_is(v[0], &kn_type_str) && !strcmp(kn_str_cstr(v[0]), "nuc")) {
        /* the nuclear norm of the matrices over dim (the last two by default) */
        tc_tensor *s = T(self);
        if (parse_dims(v[1], s, dims, &n, err) < 0 || get_bool(v[2], &keep, err) < 0) return NULL;
        if (n == 0) {
            n = 2;
            dims[0] = s->ndim - 2;
            dims[1] = s->ndim - 1;
        }
        tc_tensor *x = with_dtype(s, v[3], err);
        tc_tensor *r = x && n == 2 ? tc_linalg_matrix_norm(x, 0, 2, dims[0], dims[1], keep, err) : NULL;
        if (x && n != 2) tc_error_set(err, TC_EXC_RUNTIME, "dim must be a 2-tuple. Got %d", n);
        tc_tensor_unref(x);
        return wrap(r);
    }
    if (norm_p(v[0], &p, NULL, err) < 0 ||
        parse_dims(v[1], T(self), dims, &n, err) < 0 || get_bool(v[2], &keep, err) < 0)
        return NULL;
    tc_tensor *x = with_dtype(T(self), v[3], err);
    tc_tensor *r = x ? tc_vector_norm(x, p, dims, n, keep, err) : NULL;
    tc_tensor_unref(x);
    return wrap(r);
}

static kn_obj *m_logsumexp(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dim", "keepdim"};
    kn_obj *v[2];
    int dims[TC_MAX_DIMS], n;
    bool keep = false;
    if (a->npos == 0 && a->nkw == 0) {
        tc_error_set(err, TC_EXC_TYPE, "logsumexp() missing 1 required positional arguments: \"dim\"");
        return NULL;
    }
    if (BIND("logsumexp", names, 1, v) < 0 || parse_dims(v[0], T(self), dims, &n, err) < 0 ||
        get_bool(v[1], &keep, err) < 0)
        return NULL;
    if (n == 0 && !keep && T(self)->ndim > 0) {
        /* dim=(): PyTorch reduces over every dim into a result of shape [1, ..., 1] that
         * its 0-d output cannot take */
        char shape[3 * TC_MAX_DIMS + 1];
        int len = 0;
        for (int i = 0; i < T(self)->ndim; i++) len += snprintf(shape + len, sizeof shape - len, "%s1", i ? ", " : "");
        tc_error_set(err, TC_EXC_RUNTIME, "output with shape [] doesn't match the broadcast shape [%s]", shape);
        return NULL;
    }
    return wrap(tc_logsumexp(T(self), dims, n, keep, err));
}

static kn_obj *softmax_method(kn_obj *self, const kn_args *a, const char *fname, bool log, kn_err *err) {
    static const char *const names[] = {"dim", "dtype"};
    kn_obj *v[2];
    if (a->npos == 0 && a->nkw == 0) {
        tc_error_set(err, TC_EXC_TYPE, "%s() missing 1 required positional arguments: \"dim\"", fname);
        return NULL;
    }
    if (BIND(fname, names, 1, v) < 0) return NULL;
    int64_t d;
    if (kn_to_int64(v[0], &d, err) < 0) return NULL;
    int dt = -1;
    if (!absent(v[1])) {
        tc_dtype x;
        if (kn__parse_dtype(v[1], &x, err) < 0) return NULL;
        dt = (int)x;
    }
    return wrap(log ? tc_log_softmax(T(self), (int)d, dt, err) : tc_softmax(T(self), (int)d, dt, err));
}

static kn_obj *m_softmax(kn_obj *self, const kn_args *a, kn_err *err) {
    return softmax_method(self, a, "softmax", false, err);
}
static kn_obj *m_log_softmax(kn_obj *self, const kn_args *a, kn_err *err) {
    return softmax_method(self, a, "log_softmax", true, err);
}

static kn_obj *amaxmin(kn_obj *self, const kn_args *a, const char *fname, bool is_max, kn_err *err) {
    static const char *const names[] = {"dim", "keepdim"};
    kn_obj *v[2];
    int dims[TC_MAX_DIMS], n;
    bool keep = false;
    if (BIND(fname, names, 0, v) < 0 || parse_dims(v[0], T(self), dims, &n, err) < 0 ||
        get_bool(v[1], &keep, err) < 0)
        return NULL;
    return wrap(tc_amax(T(self), dims, n, keep, is_max, err));
}

static kn_obj *m_amax(kn_obj *self, const kn_args *a, kn_err *err) { return amaxmin(self, a, "amax", true, err); }
static kn_obj *m_amin(kn_obj *self, const kn_args *a, kn_err *err) { return amaxmin(self, a, "amin", false, err); }

static kn_obj *m_aminmax(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dim", "keepdim"};
    kn_obj *v[2];
    if (a->npos) {
        tc_error_set(err, TC_EXC_TYPE, "aminmax() takes 0 positional arguments but %d %s given", a->npos,
                     a->npos == 1 ? "was" : "were");
        return NULL;
    }
    int dims[1], n = 0;
    bool keep = false;
    if (BIND("aminmax", names, 0, v) < 0 || get_bool(v[1], &keep, err) < 0) return NULL;
    if (!absent(v[0])) {
        if (get_dim(v[0], T(self)->ndim, &dims[0], err) < 0) return NULL;
        n = 1;
    }
    tc_tensor *lo = tc_amax(T(self), dims, n, keep, false, err);
    tc_tensor *hi = lo ? tc_amax(T(self), dims, n, keep, true, err) : NULL;
    if (!hi) {
        tc_tensor_unref(lo);
        return NULL;
    }
    grad_name(lo, "AminmaxBackward0");
    grad_name(hi, "AminmaxBackward0");
    return kn__return_types_named("aminmax", "min", kn_tensor_wrap(lo), "max", kn_tensor_wrap(hi));
}

static kn_obj *nan_reduce(kn_obj *self, const kn_args *a, const char *fname, bool mean, kn_err *err) {
    static const char *const names[] = {"dim", "keepdim", "dtype"};
    kn_obj *v[3];
    int dims[TC_MAX_DIMS], n;
    bool keep = false;
    if (BIND(fname, names, 0, v) < 0 || parse_dims(v[0], T(self), dims, &n, err) < 0 ||
        get_bool(v[1], &keep, err) < 0)
        return NULL;
    tc_tensor *x = with_dtype(T(self), v[2], err);
    tc_tensor *r = x ? (mean ? tc_nanmean(x, dims, n, keep, err) : tc_nansum(x, dims, n, keep, err)) : NULL;
    tc_tensor_unref(x);
    return wrap(r);
}

static kn_obj *m_nansum(kn_obj *self, const kn_args *a, kn_err *err) { return nan_reduce(self, a, "nansum", false, err); }
static kn_obj *m_nanmean(kn_obj *self, const kn_args *a, kn_err *err) { return nan_reduce(self, a, "nanmean", true, err); }

static kn_obj *m_count_nonzero(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dim"};
    kn_obj *v[1];
    int dims[TC_MAX_DIMS], n;
    if (BIND("count_nonzero", names, 0, v) < 0 || parse_dims(v[0], T(self), dims, &n, err) < 0) return NULL;
    return wrap(tc_count_nonzero(T(self), dims, n, err));
}

static kn_obj *inplace_result(kn_obj *self, tc_tensor *r, kn_err *err);

/* ---- running reductions and sorting ---------------------------------------------------------- */

static kn_obj *cum_impl(kn_obj *self, const kn_args *a, const char *fname, bool prod, bool inplace, kn_err *err) {
    static const char *const names[] = {"dim", "dtype"};
    kn_obj *v[2];
    if (a->npos == 0 && a->nkw == 0) {
        tc_error_set(err, TC_EXC_TYPE, "%s() missing 1 required positional arguments: \"dim\"", fname);
        return NULL;
    }
    if (BIND(fname, names, 1, v) < 0) return NULL;
    int64_t d;
    int dt = -1;
    if (kn_to_int64(v[0], &d, err) < 0) return NULL;
    if (!absent(v[1])) {
        tc_dtype x;
        if (kn__parse_dtype(v[1], &x, err) < 0) return NULL;
        dt = (int)x;
    }
    if (inplace && dt >= 0 && dt != (int)T(self)->dtype) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "Bad in-place call: input tensor dtype %s and output tensor dtype %s should match",
                     tc_dtype_cpp_name(T(self)->dtype), tc_dtype_cpp_name((tc_dtype)dt));
        return NULL;
    }
    if (inplace) dt = (int)T(self)->dtype;
    tc_tensor *r = tc_cumsum(T(self), (int)d, dt, prod, err);
    return inplace ? inplace_result(self, r, err) : wrap(r);
}

static kn_obj *m_cumsum(kn_obj *self, const kn_args *a, kn_err *err) { return cum_impl(self, a, "cumsum", false, false, err); }
static kn_obj *m_cumprod(kn_obj *self, const kn_args *a, kn_err *err) { return cum_impl(self, a, "cumprod", true, false, err); }
static kn_obj *m_cumsum_(kn_obj *self, const kn_args *a, kn_err *err) { return cum_impl(self, a, "cumsum_", false, true, err); }
static kn_obj *m_cumprod_(kn_obj *self, const kn_args *a, kn_err *err) { return cum_impl(self, a, "cumprod_", true, true, err); }

static kn_obj *pair(const char *name, tc_tensor *v, tc_tensor *i) {
    return kn__return_types_new(name, kn_tensor_wrap(v), kn_tensor_wrap(i));
}

static kn_obj *m_sort(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dim", "descending", "stable"};
    kn_obj *v[3];
    int64_t d = -1;
    bool desc = false, stable = false;
    /* sort(stable, dim=-1, descending=False) is the other overload */
    if (a->npos >= 1 && kn_is(a->pos[0], &kn_type_bool) && a->npos == 1) {
        tc_error_set(err, TC_EXC_TYPE, "sort(): argument 'stable' must be passed by keyword");
        return NULL;
    }
    if (BIND("sort", names, 0, v) < 0 || (!absent(v[0]) && kn_to_int64(v[0], &d, err) < 0) ||
        get_bool(v[1], &desc, err) < 0 || get_bool(v[2], &stable, err) < 0)
        return NULL;
    tc_tensor *vals, *idx;
    if (tc_sort_ex(T(self), (int)d, desc, stable, &vals, &idx, err) < 0) return NULL;
    return pair("sort", vals, idx);
}

static kn_obj *m_argsort(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dim", "descending", "stable"};
    kn_obj *v[3];
    int64_t d = -1;
    bool desc = false, stable = false;
    if (BIND("argsort", names, 0, v) < 0 || (!absent(v[0]) && kn_to_int64(v[0], &d, err) < 0) ||
        get_bool(v[1], &desc, err) < 0 || get_bool(v[2], &stable, err) < 0)
        return NULL;
    return wrap(tc_argsort_ex(T(self), (int)d, desc, stable, err));
}

static kn_obj *m_msort(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "msort", NULL, 0, 0, NULL, err) < 0) return NULL;
    tc_tensor *vals, *idx;
    if (tc_sort(T(self), 0, false, &vals, &idx, err) < 0) return NULL;
    tc_tensor_unref(idx);
    return wrap(vals);
}

static kn_obj *m_topk(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"k", "dim", "largest", "sorted"};
    kn_obj *v[4];
    int64_t k, d = -1;
    bool largest = true, sorted = true;
    if (BIND("topk", names, 1, v) < 0 || kn_to_int64(v[0], &k, err) < 0 ||
        (!absent(v[1]) && kn_to_int64(v[1], &d, err) < 0) || get_bool(v[2], &largest, err) < 0 ||
        get_bool(v[3], &sorted, err) < 0)
        return NULL;
    tc_tensor *vals, *idx;
    if (tc_topk_ex(T(self), k, (int)d, largest, sorted, &vals, &idx, err) < 0) return NULL;
    return pair("topk", vals, idx);
}

static kn_obj *m_kthvalue(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"k", "dim", "keepdim"};
    kn_obj *v[3];
    int64_t k, d = -1;
    bool keep = false;
    if (BIND("kthvalue", names, 1, v) < 0 || kn_to_int64(v[0], &k, err) < 0 ||
        (!absent(v[1]) && kn_to_int64(v[1], &d, err) < 0) || get_bool(v[2], &keep, err) < 0)
        return NULL;
    tc_tensor *vals, *idx;
    if (tc_kthvalue(T(self), k, (int)d, keep, &vals, &idx, err) < 0) return NULL;
    return pair("kthvalue", vals, idx);
}

static kn_obj *m_median(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dim", "keepdim"};
    kn_obj *v[2];
    bool keep = false;
    tc_tensor *t = T(self);
    if (BIND("median", names, 0, v) < 0 || get_bool(v[1], &keep, err) < 0) return NULL;
    tc_tensor *vals, *idx;
    if (absent(v[0])) return wrap(tc_median_all(t, err)); /* over all elements: the value only */
    int64_t d;
    if (kn_to_int64(v[0], &d, err) < 0 || tc_median_dim(t, (int)d, keep, &vals, &idx, err) < 0) return NULL;
    return pair("median", vals, idx);
}

static kn_obj *m_mode(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dim", "keepdim"};
    kn_obj *v[2];
    int64_t d = -1;
    bool keep = false;
    if (BIND("mode", names, 0, v) < 0 || (!absent(v[0]) && kn_to_int64(v[0], &d, err) < 0) ||
        get_bool(v[1], &keep, err) < 0)
        return NULL;
    tc_tensor *vals, *idx;
    if (tc_mode(T(self), (int)d, keep, &vals, &idx, err) < 0) return NULL;
    return pair("mode", vals, idx);
}

static kn_obj *unique_impl(kn_obj *self, const kn_args *a, const char *fname, bool consecutive, kn_err *err) {
    static const char *const names[] = {"sorted", "return_inverse", "return_counts", "dim"};
    static const char *const cnames[] = {"return_inverse", "return_counts", "dim"};
    kn_obj *v[4] = {0};
    bool inv = false, cnt = false;
    if (consecutive) {
        if (kn_args_bind(a, fname, cnames, 3, 0, v + 1, err) < 0) return NULL;
    } else if (bind_dim(a, fname, names, 4, 0, v, err) < 0) {
        return NULL;
    }
    if (get_bool(v[1], &inv, err) < 0 || get_bool(v[2], &cnt, err) < 0) return NULL;
    tc_tensor *vals, *iv = NULL, *cv = NULL;
    if (!absent(v[3])) {
        int64_t d;
        if (kn_to_int64(v[3], &d, err) < 0 ||
            tc_unique_dim(T(self), (int)d, consecutive, &vals, inv ? &iv : NULL, cnt ? &cv : NULL, err) < 0)
            return NULL;
    } else if (tc_unique(T(self), consecutive, &vals, inv ? &iv : NULL, cnt ? &cv : NULL, err) < 0) {
        return NULL;
    }
    if (!inv && !cnt) return wrap(vals);
    tc_tensor *parts[3] = {vals, iv ? iv : cv, iv ? cv : NULL};
    return tuple_of(parts, 1 + inv + cnt);
}

static kn_obj *m_unique(kn_obj *self, const kn_args *a, kn_err *err) { return unique_impl(self, a, "unique", false, err); }
static kn_obj *m_unique_consecutive(kn_obj *self, const kn_args *a, kn_err *err) {
    return unique_impl(self, a, "unique_consecutive", true, err);
}

static kn_obj *cum_extreme(kn_obj *self, const kn_args *a, const char *fname, bool is_max, kn_err *err) {
    static const char *const names[] = {"dim"};
    kn_obj *v[1];
    int64_t d;
    if (BIND(fname, names, 1, v) < 0 || kn_to_int64(v[0], &d, err) < 0) return NULL;
    tc_tensor *vals, *idx;
    if (tc_cummax(T(self), (int)d, is_max, &vals, &idx, err) < 0) return NULL;
    return pair(fname, vals, idx);
}

static kn_obj *m_cummax(kn_obj *self, const kn_args *a, kn_err *err) { return cum_extreme(self, a, "cummax", true, err); }
static kn_obj *m_cummin(kn_obj *self, const kn_args *a, kn_err *err) { return cum_extreme(self, a, "cummin", false, err); }

static kn_obj *m_quantile(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"q", "dim", "keepdim", "interpolation"};
    kn_obj *v[4];
    tc_tensor *t = T(self);
    bool keep = false;
    if (BIND("quantile", names, 1, v) < 0 || get_bool(v[2], &keep, err) < 0) return NULL;
    int mode = 0;
    if (!absent(v[3])) {
        static const char *const modes[] = {"linear", "lower", "higher", "nearest", "midpoint"};
        const char *m = kn_is(v[3], &kn_type_str) ? kn_str_cstr(v[3]) : "";
        mode = -1;
        for (int i = 0; i < 5; i++)
            if (!strcmp(m, modes[i])) mode = i;
        if (mode < 0) {
            tc_error_set(err, TC_EXC_RUNTIME,
                         "quantile() interpolation must be one of linear, lower, higher, midpoint or nearest, but got %s", m);
            return NULL;
        }
    }
    tc_tensor *qt = kn_tensor_unwrap(v[0]), *q = NULL;
    if (qt) {
        if (qt->ndim > 1) {
            tc_error_set(err, TC_EXC_RUNTIME, "quantile() q must be a scalar or 1D tensor");
            return NULL;
        }
        if (qt->dtype != t->dtype) {
            tc_error_set(err, TC_EXC_RUNTIME, "quantile() q tensor must be same dtype as the input tensor");
            return NULL;
        }
        q = tc_tensor_ref(qt);
    } else {
        double x;
        if (kn_to_double(v[0], &x, err) < 0) return NULL;
        if (!(x >= 0 && x <= 1)) {
            tc_error_set(err, TC_EXC_RUNTIME, "quantile() q must be in the range [0, 1] but got %g", x);
            return NULL;
        }
        q = tc_full(NULL, 0, x, tc_dtype_is_float(t->dtype) ? t->dtype : tc_default_float(), t->device, err);
    }
    if (q && qt) { /* every q in [0, 1] */
        tc_tensor *lo = tc_binary_scalar(TC_OP_LT, q, (tc_scalar){.kind = TC_SCALAR_FLOAT, .v.f = 0}, err);
        tc_tensor *hi = lo ? tc_binary_scalar(TC_OP_GT, q, (tc_scalar){.kind = TC_SCALAR_FLOAT, .v.f = 1}, err) : NULL;
        tc_tensor *bad = hi ? tc_binary(TC_OP_LOGICAL_OR, lo, hi, err) : NULL;
        tc_tensor *any = bad ? tc_reduce(TC_RED_ANY, bad, NULL, 0, false, err) : NULL;
        tc_scalar sc = {0};
        int rc = any ? tc_item(any, &sc, err) : -1;
        tc_tensor_unref(lo); tc_tensor_unref(hi); tc_tensor_unref(bad); tc_tensor_unref(any);
        if (rc < 0 || sc.v.b) {
            if (rc == 0) tc_error_set(err, TC_EXC_RUNTIME, "quantile() q values must be in the range [0, 1]");
            tc_tensor_unref(q);
            return NULL;
        }
    }
    int64_t d = 0;
    if (q && !absent(v[1]) && kn_to_int64(v[1], &d, err) < 0) {
        tc_tensor_unref(q);
        return NULL;
    }
    tc_tensor *r = q ? tc_quantile(t, q, (int)d, absent(v[1]), keep, mode, err) : NULL;
    tc_tensor_unref(q);
    return wrap(r);
}

static kn_obj *m_bincount(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"weights", "minlength"};
    kn_obj *v[2];
    int64_t ml = 0;
    if (BIND("bincount", names, 0, v) < 0 || (!absent(v[1]) && kn_to_int64(v[1], &ml, err) < 0)) return NULL;
    tc_tensor *w = absent(v[0]) ? NULL : tensor_arg(v[0], "bincount", "weights", 1, err);
    if (!absent(v[0]) && !w) return NULL;
    return wrap(tc_bincount(T(self), w, ml, err));
}

static kn_obj *m_histc(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"bins", "min", "max"};
    kn_obj *v[3];
    int64_t b = 100;
    double lo = 0, hi = 0;
    if (BIND("histc", names, 0, v) < 0 || (!absent(v[0]) && kn_to_int64(v[0], &b, err) < 0) ||
        (!absent(v[1]) && kn_to_double(v[1], &lo, err) < 0) || (!absent(v[2]) && kn_to_double(v[2], &hi, err) < 0))
        return NULL;
    return wrap(tc_histc(T(self), b, lo, hi, err));
}

/* In-place ops that also have an out-of-place twin working on a clone. */
static kn_obj *twin(kn_obj *self, bool inplace, int (*fn)(tc_tensor *, void *, kn_err *), void *arg, kn_err *err) {
    tc_tensor *target = inplace ? tc_tensor_ref(T(self)) : tc_clone(T(self), err);
    if (!target) return NULL;
    if (inplace) tc_tensor_bump_version(target);
    if (fn(target, arg, err) < 0) {
        tc_tensor_unref(target);
        return NULL;
    }
    if (inplace) {
        tc_tensor_unref(target);
        return kn_incref(self);
    }
    return wrap(target);
}

typedef struct idx_args { int64_t dim; tc_tensor *index, *src; double value; bool acc; } idx_args;

static int do_index_add(tc_tensor *t, void *p, kn_err *err) {
    idx_args *x = p;
    return tc_index_add_(t, (int)x->dim, x->index, x->src, x->value, err);
}
static int do_index_fill(tc_tensor *t, void *p, kn_err *err) {
    idx_args *x = p;
    return tc_index_fill_(t, (int)x->dim, x->index, x->value, err);
}
static int do_masked_scatter(tc_tensor *t, void *p, kn_err *err) {
    idx_args *x = p;
    return tc_masked_scatter_(t, x->index, x->src, err);
}
static int do_put(tc_tensor *t, void *p, kn_err *err) {
    idx_args *x = p;
    return tc_put_(t, x->index, x->src, x->acc, err);
}

static kn_obj *index_add_impl(kn_obj *self, const kn_args *a, const char *fname, bool inplace, kn_err *err) {
    static const char *const names[] = {"dim", "index", "source", "alpha"};
    kn_obj *v[4];
    idx_args x = {.value = 1};
    if (BIND(fname, names, 3, v) < 0 || kn_to_int64(v[0], &x.dim, err) < 0 ||
        (!absent(v[3]) && kn_to_double(v[3], &x.value, err) < 0))
        return NULL;
    if (!(x.index = tensor_arg(v[1], fname, "index", 2, err)) || !(x.src = tensor_arg(v[2], fname, "source", 3, err)))
        return NULL;
    return twin(self, inplace, do_index_add, &x, err);
}

static kn_obj *m_index_add_(kn_obj *self, const kn_args *a, kn_err *err) { return index_add_impl(self, a, "index_add_", true, err); }
static kn_obj *m_index_add(kn_obj *self, const kn_args *a, kn_err *err) { return index_add_impl(self, a, "index_add", false, err); }

static kn_obj *index_fill_impl(kn_obj *self, const kn_args *a, const char *fname, bool inplace, kn_err *err) {
    static const char *const names[] = {"dim", "index", "value"};
    kn_obj *v[3];
    idx_args x = {0};
    if (BIND(fname, names, 3, v) < 0 || kn_to_int64(v[0], &x.dim, err) < 0 || kn_to_double(v[2], &x.value, err) < 0)
        return NULL;
    if (!(x.index = tensor_arg(v[1], fname, "index", 2, err))) return NULL;
    return twin(self, inplace, do_index_fill, &x, err);
}

static kn_obj *m_index_fill_(kn_obj *self, const kn_args *a, kn_err *err) { return index_fill_impl(self, a, "index_fill_", true, err); }
static kn_obj *m_index_fill(kn_obj *self, const kn_args *a, kn_err *err) { return index_fill_impl(self, a, "index_fill", false, err); }

static kn_obj *masked_scatter_impl(kn_obj *self, const kn_args *a, const char *fname, bool inplace, kn_err *err) {
    static const char *const names[] = {"mask", "source"};
    kn_obj *v[2];
    idx_args x = {0};
    if (BIND(fname, names, 2, v) < 0) return NULL;
    if (!(x.index = tensor_arg(v[0], fname, "mask", 1, err)) || !(x.src = tensor_arg(v[1], fname, "source", 2, err)))
        return NULL;
    return twin(self, inplace, do_masked_scatter, &x, err);
}

static kn_obj *m_masked_scatter_(kn_obj *self, const kn_args *a, kn_err *err) { return masked_scatter_impl(self, a, "masked_scatter_", true, err); }
static kn_obj *m_masked_scatter(kn_obj *self, const kn_args *a, kn_err *err) { return masked_scatter_impl(self, a, "masked_scatter", false, err); }

static kn_obj *put_impl(kn_obj *self, const kn_args *a, const char *fname, bool inplace, kn_err *err) {
    static const char *const names[] = {"index", "source", "accumulate"};
    kn_obj *v[3];
    idx_args x = {0};
    if (BIND(fname, names, 2, v) < 0 || get_bool(v[2], &x.acc, err) < 0) return NULL;
    if (!(x.index = tensor_arg(v[0], fname, "index", 1, err)) || !(x.src = tensor_arg(v[1], fname, "source", 2, err)))
        return NULL;
    return twin(self, inplace, do_put, &x, err);
}

static kn_obj *m_put_(kn_obj *self, const kn_args *a, kn_err *err) { return put_impl(self, a, "put_", true, err); }
static kn_obj *m_put(kn_obj *self, const kn_args *a, kn_err *err) { return put_impl(self, a, "put", false, err); }

static kn_obj *m_rot90(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"k", "dims"};
    kn_obj *v[2];
    int64_t k = 1, dims[TC_MAX_DIMS] = {0, 1};
    int nd = 2;
    tc_tensor *t = T(self);
    if (BIND("rot90", names, 0, v) < 0 || (!absent(v[0]) && kn_to_int64(v[0], &k, err) < 0) ||
        (!absent(v[1]) && kn__shape_of(v[1], dims, &nd, err) < 0))
        return NULL;
    if (nd != 2) {
        tc_error_set(err, TC_EXC_RUNTIME, "expected total rotation dims == 2, but got dims = %d", nd);
        return NULL;
    }
    if (t->ndim < 2) {
        tc_error_set(err, TC_EXC_RUNTIME, "expected total dims >= 2, but got total dims = %d", t->ndim);
        return NULL;
    }
    int d0, d1;
    if (kn__wrap_dim(dims[0], t->ndim, &d0, err) < 0 || kn__wrap_dim(dims[1], t->ndim, &d1, err) < 0) return NULL;
    if (d0 == d1) {
        tc_error_set(err, TC_EXC_RUNTIME, "expected rotation dims to be different, but got dim0 = %d and dim1 = %d", d0, d1);
        return NULL;
    }
    k = ((k % 4) + 4) % 4;
    tc_tensor *r;
    if (k == 0) {
        r = tc_clone(t, err);
    } else if (k == 2) {
        int both[2] = {d0, d1};
        r = tc_flip(t, both, 2, err);
    } else {
        tc_tensor *f = tc_flip(t, k == 1 ? &d1 : &d0, 1, err);
        r = f ? tc_transpose(f, d0, d1, err) : NULL;
        tc_tensor_unref(f);
    }
    return wrap(grad_name(r, "Rot90Backward0"));
}

static kn_obj *m_diag_embed(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"offset", "dim1", "dim2"};
    kn_obj *v[3];
    int64_t off = 0, d1 = -2, d2 = -1;
    tc_tensor *t = T(self);
    if (BIND("diag_embed", names, 0, v) < 0 || (!absent(v[0]) && kn_to_int64(v[0], &off, err) < 0) ||
        (!absent(v[1]) && kn_to_int64(v[1], &d1, err) < 0) || (!absent(v[2]) && kn_to_int64(v[2], &d2, err) < 0))
        return NULL;
    int nd = t->ndim + 1, a1, a2;
    if (kn__wrap_dim(d1, nd, &a1, err) < 0 || kn__wrap_dim(d2, nd, &a2, err) < 0) return NULL;
    if (a1 == a2) {
        tc_error_set(err, TC_EXC_RUNTIME, "diagonal dimensions cannot be identical %lld, %lld", (long long)d1, (long long)d2);
        return NULL;
    }
    int64_t n = (t->ndim ? t->shape[t->ndim - 1] : 1) + (off < 0 ? -off : off);
    int64_t sh[TC_MAX_DIMS];
    for (int i = 0, j = 0; i < nd; i++) sh[i] = i == a1 || i == a2 ? n : t->shape[j++];
    if (off == 0 && a1 == nd - 2 && a2 == nd - 1 && t->ndim) { /* differentiable: t[..., None] * eye */
        tc_tensor *e = tc_eye(n, n, t->dtype, t->device, err);
        tc_tensor *u = e ? tc_unsqueeze(t, t->ndim, err) : NULL;
        tc_tensor *r = u ? tc_binary(TC_OP_MUL, u, e, err) : NULL;
        tc_tensor_unref(e);
        tc_tensor_unref(u);
        return wrap(grad_name(r, "DiagEmbedBackward0"));
    }
    tc_tensor *z = tc_zeros(sh, nd, t->dtype, t->device, err);
    tc_tensor *dv = z ? tc_diagonal(z, off, a1, a2, err) : NULL;
    int rc = dv ? tc_copy_(dv, t, err) : -1;
    tc_tensor_unref(dv);
    if (rc < 0) {
        tc_tensor_unref(z);
        return NULL;
    }
    return wrap(z);
}

/* ---- splitting ------------------------------------------------------------------------------ */

/* The node was made by the call that returned t, so it is ours to name. */
static tc_tensor *grad_name(tc_tensor *t, const char *name) {
    tc_grad_fn_rename(t, name);
    return t;
}

/* Pieces of t along d of the given lengths; grad name for each. */
static kn_obj *pieces(tc_tensor *t, int d, const int64_t *len, int64_t n, const char *gname, kn_err *err) {
    tc_tensor **ts = tc_calloc((size_t)(n ? n : 1), sizeof *ts);
    if (!ts) {
        tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        return NULL;
    }
    int64_t at = 0;
    bool ok = true;
    for (int64_t i = 0; i < n; i++) {
        ts[i] = ok ? grad_name(tc_slice(t, d, at, at + len[i], 1, err), gname) : NULL;
        ok = ok && ts[i];
        at += len[i];
    }
    kn_obj *r = ok ? tuple_of(ts, n) : NULL;
    if (!ok)
        for (int64_t i = 0; i < n; i++) tc_tensor_unref(ts[i]);
    tc_free(ts);
    return r;
}

static kn_obj *m_chunk(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"chunks", "dim"};
    kn_obj *v[2];
    int64_t chunks;
    int d = 0;
    tc_tensor *t = T(self);
    if (BIND("chunk", names, 1, v) < 0 || kn_to_int64(v[0], &chunks, err) < 0) return NULL;
    if (t->ndim == 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "chunk expects at least a 1-dimensional tensor");
        return NULL;
    }
    if (chunks <= 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "chunk expects `chunks` to be greater than 0, got: %lld", (long long)chunks);
        return NULL;
    }
    if (!absent(v[1]) && get_dim(v[1], t->ndim, &d, err) < 0) return NULL;
    int64_t size = t->shape[d], step = (size + chunks - 1) / chunks;
    int64_t n = step ? (size + step - 1) / step : 1;
    if (size == 0) n = chunks < 1 ? 1 : chunks, step = 0;
    int64_t len[4096];
    if (n > 4096) n = 4096;
    for (int64_t i = 0; i < n; i++) len[i] = size == 0 ? 0 : (i + 1) * step <= size ? step : size - i * step;
    return pieces(t, d, len, n, "SplitBackward0", err);
}

static kn_obj *m_split(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"split_size", "dim"};
    kn_obj *v[2];
    int d = 0;
    tc_tensor *t = T(self);
    if (BIND("Tensor.split", names, 1, v) < 0) return NULL;
    if (t->ndim == 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "split expects at least a 1-dimensional tensor");
        return NULL;
    }
    if (!absent(v[1]) && get_dim(v[1], t->ndim, &d, err) < 0) return NULL;
    int64_t size = t->shape[d];
    int64_t len[4096];
    int64_t n = 0;
    if (kn_is(v[0], &kn_type_int)) {
        int64_t s = kn_int_value(v[0]);
        if (s < 0 || (s == 0 && size != 0)) {
            tc_error_set(err, TC_EXC_RUNTIME, "split_size can only be 0 if dimension size is 0, but got dimension size of %lld",
                         (long long)size);
            return NULL;
        }
        n = s ? (size + s - 1) / s : 1;
        if (n == 0) n = 1;
        if (n > 4096) n = 4096;
        for (int64_t i = 0; i < n; i++) len[i] = s == 0 ? 0 : (i + 1) * s <= size ? s : size - i * s;
        return pieces(t, d, len, n, "SplitBackward0", err);
    }
    int cnt;
    int64_t raw[TC_MAX_DIMS];
    if (kn__shape_of(v[0], raw, &cnt, err) < 0) return NULL;
    int64_t sum = 0;
    for (int i = 0; i < cnt; i++) sum += raw[i];
    if (sum != size) {
        char b[256];
        size_t at = 0;
        b[at++] = '[';
        for (int i = 0; i < cnt && at < 200; i++)
            at += (size_t)snprintf(b + at, sizeof b - at, "%s%lld", i ? ", " : "", (long long)raw[i]);
        snprintf(b + at, sizeof b - at, "]");
        tc_error_set(err, TC_EXC_RUNTIME,
                     "split_with_sizes expects split_sizes to sum exactly to %lld (input tensor's size at dimension %d), but got split_sizes=%s",
                     (long long)size, d, b);
        return NULL;
    }
    return pieces(t, d, raw, cnt, "SplitWithSizesBackward0", err);
}

static kn_obj *m_tensor_split(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"indices_or_sections", "dim"};
    kn_obj *v[2];
    int d = 0;
    tc_tensor *t = T(self);
    if (BIND("tensor_split", names, 1, v) < 0) return NULL;
    if (t->ndim == 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims");
        return NULL;
    }
    if (!absent(v[1]) && get_dim(v[1], t->ndim, &d, err) < 0) return NULL;
    int64_t size = t->shape[d], len[4096], n = 0;
    if (kn_is(v[0], &kn_type_int)) {
        int64_t s = kn_int_value(v[0]);
        if (s <= 0) {
            tc_error_set(err, TC_EXC_RUNTIME, "number of sections must be larger than 0, got %lld", (long long)s);
            return NULL;
        }
        if (s > 4096) s = 4096;
        int64_t base = size / s, extra = size % s;
        for (int64_t i = 0; i < s; i++) len[i] = base + (i < extra);
        n = s;
        return pieces(t, d, len, n, "SliceBackward0", err);
    }
    int cnt;
    int64_t raw[TC_MAX_DIMS];
    if (kn__shape_of(v[0], raw, &cnt, err) < 0) return NULL;
    int64_t prev = 0;
    tc_tensor *ts[TC_MAX_DIMS + 1] = {0};
    bool ok = true;
    for (int i = 0; i <= cnt && ok; i++) {
        int64_t stop = i < cnt ? raw[i] : size;
        if (stop < 0) stop += size;
        if (stop < prev) stop = prev;
        ts[i] = grad_name(tc_slice(t, d, prev, stop, 1, err), "SliceBackward0");
        ok = ts[i] != NULL;
        prev = stop > prev ? stop : prev;
    }
    return tuple_of(ts, cnt + 1);
}

static kn_obj *m_unbind(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dim"};
    kn_obj *v[1];
    int d = 0;
    tc_tensor *t = T(self);
    if (BIND("unbind", names, 0, v) < 0) return NULL;
    if (t->ndim == 0) {
        tc_error_set(err, TC_EXC_INDEX, "Dimension specified as 0 but tensor has no dimensions");
        return NULL;
    }
    if (!absent(v[0]) && get_dim(v[0], t->ndim, &d, err) < 0) return NULL;
    int64_t n = t->shape[d];
    tc_tensor **ts = tc_calloc((size_t)(n ? n : 1), sizeof *ts);
    if (!ts) return NULL;
    for (int64_t i = 0; i < n; i++) ts[i] = grad_name(tc_select(t, d, i, err), "UnbindBackward0");
    kn_obj *r = tuple_of(ts, n);
    tc_free(ts);
    return r;
}

static kn_obj *m_narrow(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dim", "start", "length"};
    kn_obj *v[3];
    int d;
    int64_t start, len;
    tc_tensor *t = T(self);
    if (BIND("narrow", names, 3, v) < 0) return NULL;
    if (t->ndim == 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "narrow() cannot be applied to a 0-dim tensor.");
        return NULL;
    }
    if (get_dim(v[0], t->ndim, &d, err) < 0 || kn_to_int64(v[1], &start, err) < 0 ||
        kn_to_int64(v[2], &len, err) < 0)
        return NULL;
    int64_t size = t->shape[d];
    if (len < 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "narrow(): length must be non-negative.");
        return NULL;
    }
    if (start < -size || start > size) {
        tc_error_set(err, TC_EXC_INDEX, "start out of range (expected to be in range of [%lld, %lld], but got %lld)",
                     (long long)-size, (long long)size, (long long)start);
        return NULL;
    }
    if (start < 0) start += size;
    if (start + len > size) {
        tc_error_set(err, TC_EXC_RUNTIME, "start (%lld) + length (%lld) exceeds dimension size (%lld).",
                     (long long)start, (long long)len, (long long)size);
        return NULL;
    }
    return wrap(tc_slice(t, d, start, start + len, 1, err));
}

/* ---- reordering ------------------------------------------------------------------------------ */

/* dims from positional ints or one list/tuple (flip(0, 1), flip([0, 1]), flip(dims=...)). */
static int dims_args(const kn_args *a, const char *fname, const char *kw, const tc_tensor *t, int *dims,
                     int *n, kn_err *err) {
    int64_t raw[TC_MAX_DIMS];
    int cnt = 0;
    if (a->nkw == 1 && !strcmp(a->kwnames[0], kw) && a->npos == 0) {
        if (kn__shape_of(a->kwvals[0], raw, &cnt, err) < 0) return -1;
    } else if (a->npos == 0) {
        return tc_error_set(err, TC_EXC_TYPE, "%s() missing 1 required positional arguments: \"%s\"", fname, kw);
    } else if (a->nkw) {
        return tc_error_set(err, TC_EXC_TYPE, "%s() got an unexpected keyword argument '%s'", fname, a->kwnames[0]);
    } else if (a->npos == 0) {
        return tc_error_set(err, TC_EXC_TYPE, "%s() missing 1 required positional arguments: \"%s\"", fname, kw);
    } else if (kn__parse_shape(a, 0, raw, &cnt, err) < 0) {
        return -1;
    }
    for (int i = 0; i < cnt; i++)
        if (kn__wrap_dim(raw[i], t->ndim, &dims[i], err) < 0) return -1;
    *n = cnt;
    return 0;
}

static kn_obj *m_flip(kn_obj *self, const kn_args *a, kn_err *err) {
    int dims[TC_MAX_DIMS], n = 0;
    if (dims_args(a, "flip", "dims", T(self), dims, &n, err) < 0) return NULL;
    return wrap(tc_flip(T(self), dims, n, err));
}

static kn_obj *flip_lr_ud(kn_obj *self, const kn_args *a, bool lr, kn_err *err) {
    tc_tensor *t = T(self);
    if (kn_args_bind(a, lr ? "fliplr" : "flipud", NULL, 0, 0, NULL, err) < 0) return NULL;
    if (t->ndim < (lr ? 2 : 1)) {
        tc_error_set(err, TC_EXC_RUNTIME, "Input must be >= %d-d.", lr ? 2 : 1);
        return NULL;
    }
    int d = lr ? 1 : 0;
    return wrap(tc_flip(t, &d, 1, err));
}

static kn_obj *m_fliplr(kn_obj *self, const kn_args *a, kn_err *err) { return flip_lr_ud(self, a, true, err); }
static kn_obj *m_flipud(kn_obj *self, const kn_args *a, kn_err *err) { return flip_lr_ud(self, a, false, err); }

static kn_obj *m_roll(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"shifts", "dims"};
    kn_obj *v[2];
    int64_t sh[TC_MAX_DIMS], raw[TC_MAX_DIMS];
    int ns, nd = 0, dims[TC_MAX_DIMS];
    if (BIND("roll", names, 1, v) < 0 || kn__shape_of(v[0], sh, &ns, err) < 0) return NULL;
    if (!absent(v[1])) {
        if (kn__shape_of(v[1], raw, &nd, err) < 0) return NULL;
        for (int i = 0; i < nd; i++)
            if (kn__wrap_dim(raw[i], T(self)->ndim, &dims[i], err) < 0) return NULL;
    }
    return wrap(tc_roll(T(self), sh, ns, dims, nd, err));
}

static kn_obj *tri(kn_obj *self, const kn_args *a, const char *fname, bool upper, bool inplace, kn_err *err) {
    static const char *const names[] = {"diagonal"};
    kn_obj *v[1];
    int64_t k = 0;
    if (BIND(fname, names, 0, v) < 0 || (!absent(v[0]) && kn_to_int64(v[0], &k, err) < 0)) return NULL;
    tc_tensor *r = tc_tri(T(self), k, upper, err);
    if (!inplace || !r) return wrap(r);
    int rc = tc_copy_(T(self), r, err);
    tc_tensor_unref(r);
    if (rc == 0) tc_tensor_bump_version(T(self));
    return rc < 0 ? NULL : kn_incref(self);
}

static kn_obj *m_tril(kn_obj *self, const kn_args *a, kn_err *err) { return tri(self, a, "tril", false, false, err); }
static kn_obj *m_triu(kn_obj *self, const kn_args *a, kn_err *err) { return tri(self, a, "triu", true, false, err); }
static kn_obj *m_tril_(kn_obj *self, const kn_args *a, kn_err *err) { return tri(self, a, "tril_", false, true, err); }
static kn_obj *m_triu_(kn_obj *self, const kn_args *a, kn_err *err) { return tri(self, a, "triu_", true, true, err); }

static kn_obj *m_diagonal(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"offset", "dim1", "dim2"};
    kn_obj *v[3];
    int64_t off = 0, d1 = 0, d2 = 1;
    if (BIND("diagonal", names, 0, v) < 0 || (!absent(v[0]) && kn_to_int64(v[0], &off, err) < 0) ||
        (!absent(v[1]) && kn_to_int64(v[1], &d1, err) < 0) || (!absent(v[2]) && kn_to_int64(v[2], &d2, err) < 0))
        return NULL;
    return wrap(tc_diagonal(T(self), off, (int)d1, (int)d2, err));
}

static kn_obj *m_diag(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"diagonal"};
    kn_obj *v[1];
    int64_t k = 0;
    tc_tensor *t = T(self);
    if (BIND("diag", names, 0, v) < 0 || (!absent(v[0]) && kn_to_int64(v[0], &k, err) < 0)) return NULL;
    if (t->ndim == 2) {
        tc_tensor *d = tc_diagonal(t, k, 0, 1, err);
        tc_tensor *c = d ? tc_clone(d, err) : NULL;
        tc_tensor_unref(d);
        return wrap(grad_name(c, "DiagonalBackward0_copy"));
    }
    if (t->ndim != 1) {
        tc_error_set(err, TC_EXC_RUNTIME, "diag(): Supports 1D or 2D tensors. Got %dD", t->ndim);
        return NULL;
    }
    int64_t n = t->shape[0] + (k < 0 ? -k : k);
    int64_t sh[2] = {n, n};
    if (k == 0 && t->requires_grad) { /* differentiable: eye * v */
        tc_tensor *e = tc_eye(n, n, t->dtype, t->device, err);
        tc_tensor *r = e ? tc_binary(TC_OP_MUL, e, t, err) : NULL;
        tc_tensor_unref(e);
        return wrap(grad_name(r, "DiagEmbedBackward0"));
    }
    tc_tensor *z = tc_zeros(sh, 2, t->dtype, t->device, err);
    tc_tensor *dv = z ? tc_diagonal(z, k, 0, 1, err) : NULL;
    int rc = dv ? tc_copy_(dv, t, err) : -1;
    tc_tensor_unref(dv);
    if (rc < 0) {
        tc_tensor_unref(z);
        return NULL;
    }
    return wrap(z);
}

static kn_obj *m_trace(kn_obj *self, const kn_args *a, kn_err *err) {
    tc_tensor *t = T(self);
    if (kn_args_bind(a, "trace", NULL, 0, 0, NULL, err) < 0) return NULL;
    if (t->ndim != 2) {
        tc_error_set(err, TC_EXC_RUNTIME, "trace: expected a matrix, but got tensor with dim %d", t->ndim);
        return NULL;
    }
    tc_tensor *d = tc_diagonal(t, 0, 0, 1, err);
    tc_tensor *r = d ? tc_reduce(TC_RED_SUM, d, NULL, 0, false, err) : NULL;
    tc_tensor_unref(d);
    return wrap(grad_name(r, "TraceBackward0"));
}

static kn_obj *m_repeat(kn_obj *self, const kn_args *a, kn_err *err) {
    int64_t reps[TC_MAX_DIMS];
    int n;
    if (a->nkw == 1 && !strcmp(a->kwnames[0], "repeats") && a->npos == 0) {
        if (kn__shape_of(a->kwvals[0], reps, &n, err) < 0) return NULL;
    } else if (kn__parse_shape(a, 0, reps, &n, err) < 0) {
        return NULL;
    }
    return wrap(tc_repeat(T(self), reps, n, err));
}

static kn_obj *m_tile(kn_obj *self, const kn_args *a, kn_err *err) {
    int64_t reps[TC_MAX_DIMS], full[TC_MAX_DIMS];
    int n;
    tc_tensor *t = T(self);
    if (a->nkw == 1 && !strcmp(a->kwnames[0], "dims") && a->npos == 0) {
        if (kn__shape_of(a->kwvals[0], reps, &n, err) < 0) return NULL;
    } else if (kn__parse_shape(a, 0, reps, &n, err) < 0) {
        return NULL;
    }
    int m = n < t->ndim ? t->ndim : n;
    for (int i = 0; i < m; i++) full[i] = i < m - n ? 1 : reps[i - (m - n)];
    return wrap(tc_repeat(t, full, m, err));
}

static kn_obj *m_repeat_interleave(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"repeats", "dim", "output_size"};
    kn_obj *v[3];
    tc_tensor *t = T(self);
    if (BIND("repeat_interleave", names, 0, v) < 0) return NULL;
    tc_tensor *idx = NULL;
    if (absent(v[0])) { /* repeat_interleave(repeats): arange(len(repeats)) repeated */
        if (t->ndim != 1) {
            tc_error_set(err, TC_EXC_RUNTIME, "repeat_interleave only accept 1D vector as repeat");
            return NULL;
        }
        if (t->dtype != TC_DTYPE_I64 && t->dtype != TC_DTYPE_I32) {
            tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"repeat_interleave_cpu\" not implemented for '%s'",
                         kn__dtype_title(t->dtype));
            return NULL;
        }
        idx = tc_arange(0, (double)t->shape[0], 1, t->dtype, t->device, err);
        if (!idx) return NULL;
        v[0] = self;
        t = idx;
    }
    int64_t one, *reps = &one, n = 1;
    tc_tensor *rt = kn_tensor_unwrap(v[0]), *hc = NULL;
    if (rt) {
        if (rt->ndim > 1) {
            tc_error_set(err, TC_EXC_RUNTIME, "repeats must be 0-dim or 1-dim tensor");
            return NULL;
        }
        tc_tensor *h = tc_to(rt, TC_DTYPE_I64, tc_device_cpu(), ".to()", err);
        hc = h ? tc_contiguous(h, err) : NULL;
        tc_tensor_unref(h);
        if (!hc) {
            tc_tensor_unref(idx);
            return NULL;
        }
        reps = tc_data_ptr(hc);
        n = tc_numel(hc);
    } else if (kn_to_int64(v[0], &one, err) < 0) {
        return NULL;
    }
    int64_t d = 0;
    bool flat = absent(v[1]);
    if (!flat && kn_to_int64(v[1], &d, err) < 0) {
        tc_tensor_unref(hc);
        tc_tensor_unref(idx);
        return NULL;
    }
    tc_tensor *r = tc_repeat_interleave(t, reps, n, (int)d, flat, err);
    tc_tensor_unref(hc);
    tc_tensor_unref(idx);
    /* an int count goes through unsqueeze/expand/flatten in PyTorch */
    return wrap(rt ? r : grad_name(r, "ViewBackward0"));
}

static kn_obj *m_broadcast_to(kn_obj *self, const kn_args *a, kn_err *err) {
    int64_t sh[TC_MAX_DIMS];
    int n;
    if (a->nkw == 1 && !strcmp(a->kwnames[0], "size") && a->npos == 0) {
        if (kn__shape_of(a->kwvals[0], sh, &n, err) < 0) return NULL;
    } else if (a->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "broadcast_to() got an unexpected keyword argument '%s'", a->kwnames[0]);
        return NULL;
    } else if (kn__parse_shape(a, 0, sh, &n, err) < 0) {
        return NULL;
    }
    return wrap(tc_expand(T(self), sh, n, err));
}

static kn_obj *movedim_impl(kn_obj *self, const kn_args *a, const char *fname, const char *const *names,
                            kn_err *err) {
    kn_obj *v[2];
    tc_tensor *t = T(self);
    if (kn_args_bind(a, fname, names, 2, 2, v, err) < 0) return NULL;
    int64_t src[TC_MAX_DIMS], dst[TC_MAX_DIMS];
    int ns, nd;
    if (kn__shape_of(v[0], src, &ns, err) < 0 || kn__shape_of(v[1], dst, &nd, err) < 0) return NULL;
    if (ns != nd) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "movedim: Invalid source or destination dims: source (%d dims) should contain the same number of dims as destination (%d dims)",
                     ns, nd);
        return NULL;
    }
    int s[TC_MAX_DIMS], dd[TC_MAX_DIMS], perm[TC_MAX_DIMS];
    bool used_s[TC_MAX_DIMS] = {0}, used_d[TC_MAX_DIMS] = {0};
    for (int i = 0; i < ns; i++) {
        if (kn__wrap_dim(src[i], t->ndim, &s[i], err) < 0 || kn__wrap_dim(dst[i], t->ndim, &dd[i], err) < 0)
            return NULL;
        if (used_s[s[i]] || used_d[dd[i]]) {
            tc_error_set(err, TC_EXC_RUNTIME, "movedim: repeated dim in `%s`", used_s[s[i]] ? "source" : "destination");
            return NULL;
        }
        used_s[s[i]] = used_d[dd[i]] = true;
    }
    for (int i = 0; i < t->ndim; i++) perm[i] = -1;
    for (int i = 0; i < ns; i++) perm[dd[i]] = s[i];
    int next = 0;
    for (int i = 0; i < t->ndim; i++) {
        if (perm[i] >= 0) continue;
        while (used_s[next]) next++;
        perm[i] = next++;
    }
    return wrap(tc_permute(t, perm, t->ndim, err));
}

static kn_obj *m_movedim(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"source", "destination"};
    return movedim_impl(self, a, "movedim", names, err);
}
static kn_obj *m_moveaxis(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"source", "destination"};
    return movedim_impl(self, a, "moveaxis", names, err);
}

static kn_obj *swap_impl(kn_obj *self, const kn_args *a, const char *fname, const char *const *names, kn_err *err) {
    kn_obj *v[2];
    int d0, d1;
    tc_tensor *t = T(self);
    if (kn_args_bind(a, fname, names, 2, 2, v, err) < 0 || get_dim(v[0], t->ndim, &d0, err) < 0 ||
        get_dim(v[1], t->ndim, &d1, err) < 0)
        return NULL;
    return wrap(tc_transpose(t, d0, d1, err));
}

static kn_obj *m_swapaxes(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"axis0", "axis1"};
    return swap_impl(self, a, "swapaxes", names, err);
}
static kn_obj *m_swapdims(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dim0", "dim1"};
    return swap_impl(self, a, "swapdims", names, err);
}

/* ---- gather / scatter / selection ------------------------------------------------------------- */

static kn_obj *m_gather(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dim", "index", "sparse_grad"};
    kn_obj *v[3];
    int64_t d;
    if (BIND("gather", names, 2, v) < 0 || kn_to_int64(v[0], &d, err) < 0) return NULL;
    tc_tensor *idx = tensor_arg(v[1], "gather", "index", 2, err);
    if (!idx) return NULL;
    /* int32 indices are accepted as int64 */
    tc_tensor *i64 = idx->dtype == TC_DTYPE_I32 ? tc_to(idx, TC_DTYPE_I64, idx->device, ".to()", err) : tc_tensor_ref(idx);
    tc_tensor *r = i64 ? tc_gather(T(self), (int)d, i64, err) : NULL;
    tc_tensor_unref(i64);
    return wrap(r);
}

/* scatter forms: (dim, index, src) / (dim, index, value); add for scatter_add. */
static kn_obj *scatter_impl(kn_obj *self, const kn_args *a, const char *fname, bool add, bool inplace, kn_err *err) {
    static const char *const names[] = {"dim", "index", "src", "value", "reduce"};
    kn_obj *v[5];
    int64_t d;
    if (bind_dim(a, fname, names, add ? 3 : 5, 2, v, err) < 0 || kn_to_int64(v[0], &d, err) < 0) return NULL;
    tc_tensor *idx = tensor_arg(v[1], fname, "index", 2, err);
    if (!idx) return NULL;
    kn_obj *sv = v[2] ? v[2] : v[3];
    if (!sv) {
        tc_error_set(err, TC_EXC_TYPE, "%s() missing 1 required positional argument: 'src'", fname);
        return NULL;
    }
    int reduce = 0; /* scatter(..., reduce='add' | 'multiply'): 1, 2 */
    if (!add && !absent(v[4])) {
        const char *r = kn_is(v[4], &kn_type_str) ? kn_str_cstr(v[4]) : "";
        reduce = !strcmp(r, "add") ? 1 : !strcmp(r, "multiply") ? 2 : 0;
        if (!reduce) {
            tc_error_set(err, TC_EXC_RUNTIME, "reduce argument must be either add or multiply.");
            return NULL;
        }
    }
    tc_tensor *src = kn_tensor_unwrap(sv);
    double val = 0;
    if (!src && kn_to_double(sv, &val, err) < 0) return NULL;
    tc_tensor *t = T(self);
    if (reduce == 2) { /* multiply: scatter_reduce's prod including self, a value broadcast */
        tc_tensor *full = src ? tc_tensor_ref(src) : tc_full(idx->shape, idx->ndim, val, t->dtype, t->device, err);
        if (!full) return NULL;
        if (inplace && tc_check_inplace(t, err) < 0) {
            tc_tensor_unref(full);
            return NULL;
        }
        tc_tensor *target = inplace ? tc_tensor_ref(t) : tc_clone(t, err);
        if (target && inplace) tc_tensor_bump_version(target);
        int rc = target ? tc_scatter_reduce_(target, (int)d, idx, full, 1, true, err) : -1;
        tc_tensor_unref(full);
        if (rc < 0) {
            tc_tensor_unref(target);
            return NULL;
        }
        if (!inplace) return wrap(target);
        tc_tensor_unref(target);
        return kn_incref(self);
    }
    if (reduce == 1) add = true;
    if (inplace && t->requires_grad && !t->grad_fn && tc_grad_enabled()) {
        tc_error_set(err, TC_EXC_RUNTIME, "a leaf Variable that requires grad is being used in an in-place operation.");
        return NULL;
    }
    tc_tensor *target = inplace ? tc_tensor_ref(t) : tc_clone(t, err);
    if (!target) return NULL;
    if (inplace) tc_tensor_bump_version(target);
    if (tc_scatter_(target, (int)d, idx, src, val, add, err) < 0) {
        tc_tensor_unref(target);
        return NULL;
    }
    if (inplace) {
        tc_tensor_unref(target);
        return kn_incref(self);
    }
    return wrap(target);
}

static kn_obj *m_scatter(kn_obj *self, const kn_args *a, kn_err *err) { return scatter_impl(self, a, "scatter", false, false, err); }
static kn_obj *m_scatter_(kn_obj *self, const kn_args *a, kn_err *err) { return scatter_impl(self, a, "scatter_", false, true, err); }
static kn_obj *m_scatter_add(kn_obj *self, const kn_args *a, kn_err *err) { return scatter_impl(self, a, "scatter_add", true, false, err); }
static kn_obj *m_scatter_add_(kn_obj *self, const kn_args *a, kn_err *err) { return scatter_impl(self, a, "scatter_add_", true, true, err); }

static kn_obj *scatter_reduce_impl(kn_obj *self, const kn_args *a, const char *fname, bool inplace, kn_err *err) {
    static const char *const names[] = {"dim", "index", "src", "reduce", "include_self"};
    kn_obj *v[5];
    int64_t d;
    bool inc = true;
    if (BIND(fname, names, 4, v) < 0 || kn_to_int64(v[0], &d, err) < 0 || get_bool(v[4], &inc, err) < 0) return NULL;
    tc_tensor *idx = tensor_arg(v[1], fname, "index", 2, err);
    tc_tensor *src = idx ? tensor_arg(v[2], fname, "src", 3, err) : NULL;
    if (!src) return NULL;
    static const char *const modes[] = {"sum", "prod", "mean", "amax", "amin"};
    const char *m = kn_is(v[3], &kn_type_str) ? kn_str_cstr(v[3]) : "";
    int mode = -1;
    for (int i = 0; i < 5; i++)
        if (!strcmp(m, modes[i])) mode = i;
    if (mode < 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "reduce argument must be either sum, prod, mean, amax or amin, got %s", m);
        return NULL;
    }
    tc_tensor *target = inplace ? tc_tensor_ref(T(self)) : tc_clone(T(self), err);
    if (!target) return NULL;
    if (inplace) tc_tensor_bump_version(target);
    if (tc_scatter_reduce_(target, (int)d, idx, src, mode, inc, err) < 0) {
        tc_tensor_unref(target);
        return NULL;
    }
    if (inplace) {
        tc_tensor_unref(target);
        return kn_incref(self);
    }
    return wrap(target);
}

static kn_obj *m_scatter_reduce(kn_obj *self, const kn_args *a, kn_err *err) {
    return scatter_reduce_impl(self, a, "scatter_reduce", false, err);
}
static kn_obj *m_scatter_reduce_(kn_obj *self, const kn_args *a, kn_err *err) {
    return scatter_reduce_impl(self, a, "scatter_reduce_", true, err);
}

static kn_obj *m_index_select(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dim", "index"};
    kn_obj *v[2];
    int d;
    tc_tensor *t = T(self);
    if (BIND("index_select", names, 2, v) < 0) return NULL;
    tc_tensor *idx = tensor_arg(v[1], "index_select", "index", 2, err);
    if (!idx || get_dim(v[0], t->ndim, &d, err) < 0) return NULL;
    if (idx->ndim > 1) {
        tc_error_set(err, TC_EXC_INDEX, "index_select(): Index is supposed to be a vector");
        return NULL;
    }
    if (idx->dtype != TC_DTYPE_I64 && idx->dtype != TC_DTYPE_I32) {
        tc_error_set(err, TC_EXC_RUNTIME, "index_select(): Expected dtype int32 or int64 for index");
        return NULL;
    }
    if (t->ndim == 0 && tc_numel(idx) != 1) {
        tc_error_set(err, TC_EXC_RUNTIME, "index_select(): Index to scalar can have only 1 value, got %lld value(s)",
                     (long long)tc_numel(idx));
        return NULL;
    }
    if (tc_numel(idx)) { /* PyTorch's words for the first index outside [0, size) */
        tc_tensor *h = tc_to(idx, TC_DTYPE_I64, tc_device_cpu(), ".to()", err);
        tc_tensor *hc = h ? tc_contiguous(h, err) : NULL;
        tc_tensor_unref(h);
        if (!hc) return NULL;
        const int64_t *p = tc_data_ptr(hc);
        int64_t n = tc_numel(hc), lim = t->ndim ? t->shape[d] : 1, at = 0;
        bool any = false;
        for (int64_t i = 0; i < n; i++) any |= (uint64_t)p[i] >= (uint64_t)lim;
        while (any && (uint64_t)p[at] < (uint64_t)lim) at++;
        int64_t bad = p[at];
        tc_tensor_unref(hc);
        if (any && t->ndim > 1 && d == 1) {
            tc_error_set(err, TC_EXC_RUNTIME, "INDICES element is out of DATA bounds, id=%lld axis_dim=%lld",
                         (long long)bad, (long long)lim);
            return NULL;
        }
        if (any) {
            tc_error_set(err, TC_EXC_INDEX, "index out of range in self");
            return NULL;
        }
    }
    if (t->ndim == 0) return wrap(tc_clone(t, err));
    int64_t one = 1;
    tc_tensor *i1 = idx->ndim ? tc_tensor_ref(idx) : tc_reshape(idx, &one, 1, err);
    tc_tensor *ix[TC_MAX_DIMS] = {0};
    ix[d] = i1;
    tc_tensor *r = i1 ? tc_index(t, ix, d + 1, err) : NULL;
    tc_tensor_unref(i1);
    return wrap(grad_name(r, "IndexSelectBackward0"));
}

static kn_obj *m_masked_select(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"mask"};
    kn_obj *v[1];
    if (BIND("masked_select", names, 1, v) < 0) return NULL;
    tc_tensor *m = tensor_arg(v[0], "masked_select", "mask", 1, err), *t = T(self);
    if (!m) return NULL;
    if (m->dtype != TC_DTYPE_BOOL) {
        tc_error_set(err, TC_EXC_RUNTIME, "masked_select: expected BoolTensor for mask");
        return NULL;
    }
    return wrap(tc_masked_select(t, m, err));
}

static kn_obj *m_take(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"index"};
    kn_obj *v[1];
    if (BIND("take", names, 1, v) < 0) return NULL;
    tc_tensor *idx = tensor_arg(v[0], "take", "index", 1, err);
    return idx ? wrap(tc_take(T(self), idx, err)) : NULL;
}

static kn_obj *m_nonzero(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"as_tuple"};
    kn_obj *v[1];
    bool as_tuple = false;
    if (kn__kwargs(a, "nonzero", names, 1, v, err) < 0 || get_bool(v[0], &as_tuple, err) < 0) return NULL;
    if (a->npos) {
        tc_error_set(err, TC_EXC_TYPE, "nonzero() takes 0 positional arguments but %d were given", a->npos);
        return NULL;
    }
    return as_tuple ? kn__nonzero_tuple(T(self), err) : wrap(tc_nonzero(T(self), err));
}

/* nonzero(as_tuple=True), torch.where(condition): one int64 index tensor per dimension (one
 * for a 0-d tensor). */
kn_obj *kn__nonzero_tuple(tc_tensor *t, kn_err *err) {
    tc_tensor *nz = tc_nonzero(t, err);
    if (!nz) return NULL;
    int nd = t->ndim ? t->ndim : 1;
    tc_tensor *cols[TC_MAX_DIMS] = {0};
    for (int i = 0; i < nd; i++) {
        if (t->ndim == 0) {
            int64_t n = nz->shape[0];
            cols[i] = tc_zeros(&n, 1, TC_DTYPE_I64, t->device, err);
        } else {
            tc_tensor *c = tc_select(nz, 1, i, err);
            cols[i] = c ? tc_contiguous(c, err) : NULL;
            tc_tensor_unref(c);
        }
    }
    tc_tensor_unref(nz);
    return tuple_of(cols, nd);
}

static kn_obj *m_argwhere(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "argwhere", NULL, 0, 0, NULL, err) < 0) return NULL;
    return wrap(tc_nonzero(T(self), err));
}

/* ---- elementwise -------------------------------------------------------------------------------- */

#define PRED_METHODS(X)                                                                         \
    X(isnan, tc_isnan(T(self), err), "Returns a new tensor with boolean elements representing if each element of input is NaN or not.") \
    X(isinf, tc_isinf(T(self), false, err), "Tests if each element of input is infinite (positive or negative infinity) or not.") \
    X(isfinite, tc_isinf(T(self), true, err), "Returns a new tensor with boolean elements representing if each element is finite or not.") \
    X(isreal, tc_isinf_real(T(self), err), "Returns a new tensor with boolean elements representing if each element of input is real-valued or not.")

static tc_tensor *tc_isinf_real(tc_tensor *t, kn_err *err) {
    tc_tensor *r = tc_empty(t->shape, t->ndim, TC_DTYPE_BOOL, t->device, err);
    if (r && tc_fill_(r, 1, err) < 0) {
        tc_tensor_unref(r);
        return NULL;
    }
    return r;
}

#define PRED_FN(name, call, doc)                                                                \
    static kn_obj *m_##name(kn_obj *self, const kn_args *a, kn_err *err) {                      \
        if (kn_args_bind(a, #name, NULL, 0, 0, NULL, err) < 0) return NULL;                     \
        return wrap(call);                                                                      \
    }
PRED_METHODS(PRED_FN)
#undef PRED_FN

static kn_obj *inplace_result(kn_obj *self, tc_tensor *r, kn_err *err) {
    if (!r) return NULL;
    tc_tensor *t = T(self);
    int rc;
    if (t->requires_grad && !t->grad_fn && tc_grad_enabled())
        rc = tc_error_set(err, TC_EXC_RUNTIME, "a leaf Variable that requires grad is being used in an in-place operation.");
    else
        rc = tc_copy_(t, r, err);
    tc_tensor_unref(r);
    if (rc == 0) tc_tensor_bump_version(t);
    return rc < 0 ? NULL : kn_incref(self);
}

static kn_obj *nan_to_num_impl(kn_obj *self, const kn_args *a, const char *fname, bool inplace, kn_err *err) {
    static const char *const names[] = {"nan", "posinf", "neginf"};
    kn_obj *v[3];
    double nan = 0, pi, ni;
    if (kn_args_bind(a, fname, names, 3, 0, v, err) < 0) return NULL;
    if ((!absent(v[0]) && kn_to_double(v[0], &nan, err) < 0) || (!absent(v[1]) && kn_to_double(v[1], &pi, err) < 0) ||
        (!absent(v[2]) && kn_to_double(v[2], &ni, err) < 0))
        return NULL;
    tc_tensor *r = tc_nan_to_num(T(self), nan, absent(v[1]) ? NULL : &pi, absent(v[2]) ? NULL : &ni, err);
    return inplace ? inplace_result(self, r, err) : wrap(r);
}

static kn_obj *m_nan_to_num(kn_obj *self, const kn_args *a, kn_err *err) { return nan_to_num_impl(self, a, "nan_to_num", false, err); }
static kn_obj *m_nan_to_num_(kn_obj *self, const kn_args *a, kn_err *err) { return nan_to_num_impl(self, a, "nan_to_num_", true, err); }

static kn_obj *m_trunc(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "trunc", NULL, 0, 0, NULL, err) < 0) return NULL;
    return wrap(tc_trunc(T(self), err));
}
static kn_obj *m_trunc_(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "trunc_", NULL, 0, 0, NULL, err) < 0) return NULL;
    return inplace_result(self, tc_trunc(T(self), err), err);
}
static kn_obj *m_frac(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "frac", NULL, 0, 0, NULL, err) < 0) return NULL;
    return wrap(tc_frac(T(self), err));
}
static kn_obj *m_frac_(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "frac_", NULL, 0, 0, NULL, err) < 0) return NULL;
    return inplace_result(self, tc_frac(T(self), err), err);
}

static kn_obj *lerp_impl(kn_obj *self, const kn_args *a, const char *fname, bool inplace, kn_err *err) {
    static const char *const names[] = {"end", "weight"};
    kn_obj *v[2];
    if (kn_args_bind(a, fname, names, 2, 2, v, err) < 0) return NULL;
    tc_tensor *end = tensor_arg(v[0], fname, "end", 1, err);
    if (!end) return NULL;
    tc_tensor *w = kn_tensor_unwrap(v[1]), *r;
    if (w) {
        r = tc_lerp(T(self), end, w, err);
    } else { /* the Scalar-weight overload */
        double x;
        if (kn_to_double(v[1], &x, err) < 0) return NULL;
        r = tc_lerp_scalar(T(self), end, x, err);
    }
    return inplace ? inplace_result(self, r, err) : wrap(r);
}

static kn_obj *m_lerp(kn_obj *self, const kn_args *a, kn_err *err) { return lerp_impl(self, a, "lerp", false, err); }
static kn_obj *m_lerp_(kn_obj *self, const kn_args *a, kn_err *err) { return lerp_impl(self, a, "lerp_", true, err); }

#define MORE_UNARY(X)                                                                            \
    X(asin, ASIN, "Returns a new tensor with the arcsine of the elements of input.")             \
    X(arcsin, ASIN, "Alias for torch.asin().")                                                   \
    X(acos, ACOS, "Computes the inverse cosine of each element in input.")                       \
    X(arccos, ACOS, "Alias for torch.acos().")                                                   \
    X(atan, ATAN, "Returns a new tensor with the arctangent of the elements of input.")          \
    X(arctan, ATAN, "Alias for torch.atan().")                                                   \
    X(sinh, SINH, "Returns a new tensor with the hyperbolic sine of the elements of input.")     \
    X(cosh, COSH, "Returns a new tensor with the hyperbolic cosine of the elements of input.")   \
    X(tan, TAN, "Returns a new tensor with the tangent of the elements of input.")               \
    X(log1p, LOG1P, "Returns a new tensor with the natural logarithm of (1 + input).")           \
    X(expm1, EXPM1, "Alias for torch.special.expm1().")                                          \
    X(erf, ERF, "Alias for torch.special.erf().")                                                \
    X(erfc, ERFC, "Alias for torch.special.erfc().")                                             \
    X(erfinv, ERFINV, "Alias for torch.special.erfinv().")                                       \
    X(asinh, ASINH, "Returns a new tensor with the inverse hyperbolic sine of the elements of input.") \
    X(arcsinh, ASINH, "Alias for torch.asinh().")                                                \
    X(acosh, ACOSH, "Returns a new tensor with the inverse hyperbolic cosine of the elements of input.") \
    X(arccosh, ACOSH, "Alias for torch.acosh().")                                                \
    X(atanh, ATANH, "Returns a new tensor with the inverse hyperbolic tangent of the elements of input.") \
    X(arctanh, ATANH, "Alias for torch.atanh().")                                                \
    X(exp2, EXP2, "Alias for torch.special.exp2().")                                             \
    X(lgamma, LGAMMA, "Computes the natural logarithm of the absolute value of the gamma function on input.") \
    X(digamma, DIGAMMA, "Alias for torch.special.digamma().")

#define MORE_UNARY_FN(name, id, doc)                                                             \
    static kn_obj *m_##name(kn_obj *self, const kn_args *a, kn_err *err) {                       \
        if (kn_args_bind(a, #name, NULL, 0, 0, NULL, err) < 0) return NULL;                      \
        return wrap(tc_unary(TC_UOP_##id, T(self), err));                                        \
    }                                                                                            \
    static kn_obj *m_##name##_(kn_obj *self, const kn_args *a, kn_err *err) {                    \
        if (kn_args_bind(a, #name "_", NULL, 0, 0, NULL, err) < 0 || tc_unary_(TC_UOP_##id, T(self), err) < 0) \
            return NULL;                                                                         \
        return kn_incref(self);                                                                  \
    }
MORE_UNARY(MORE_UNARY_FN)
#undef MORE_UNARY_FN

/* atan2(other) takes a tensor; fmod(other) a tensor or a number. */
static kn_obj *binary_more(kn_obj *self, const kn_args *a, const char *fname, tc_binary_op op, bool inplace,
                           bool scalar_ok, kn_err *err) {
    static const char *const names[] = {"other"};
    kn_obj *v[1];
    if (BIND(fname, names, 1, v) < 0) return NULL;
    tc_tensor *o = kn_tensor_unwrap(v[0]);
    tc_scalar s;
    if (!o && !(scalar_ok && kn__scalar_of(v[0], &s))) {
        tc_error_set(err, TC_EXC_TYPE, "%s(): argument 'other' (position 1) must be Tensor, not %s", fname,
                     kn_type_name(v[0]));
        return NULL;
    }
    if (inplace) {
        int rc = o ? tc_binary_(op, T(self), o, err) : tc_binary_scalar_(op, T(self), s, err);
        return rc < 0 ? NULL : kn_incref(self);
    }
    return wrap(o ? tc_binary(op, T(self), o, err) : tc_binary_scalar(op, T(self), s, err));
}

static kn_obj *m_atan2(kn_obj *self, const kn_args *a, kn_err *err) { return binary_more(self, a, "atan2", TC_OP_ATAN2, false, false, err); }
static kn_obj *m_atan2_(kn_obj *self, const kn_args *a, kn_err *err) { return binary_more(self, a, "atan2_", TC_OP_ATAN2, true, false, err); }
static kn_obj *m_arctan2(kn_obj *self, const kn_args *a, kn_err *err) { return binary_more(self, a, "arctan2", TC_OP_ATAN2, false, false, err); }
static kn_obj *m_hypot(kn_obj *self, const kn_args *a, kn_err *err) { return binary_more(self, a, "hypot", TC_OP_HYPOT, false, false, err); }
static kn_obj *m_hypot_(kn_obj *self, const kn_args *a, kn_err *err) { return binary_more(self, a, "hypot_", TC_OP_HYPOT, true, false, err); }
static kn_obj *m_fmod(kn_obj *self, const kn_args *a, kn_err *err) { return binary_more(self, a, "fmod", TC_OP_FMOD, false, true, err); }
static kn_obj *m_fmod_(kn_obj *self, const kn_args *a, kn_err *err) { return binary_more(self, a, "fmod_", TC_OP_FMOD, true, true, err); }

/* ---- creation from a tensor --------------------------------------------------------------------- */

/* new_zeros(size, *, dtype=None, device=None, requires_grad=False) and friends. */
static kn_obj *new_like(kn_obj *self, const kn_args *a, const char *fname, int kind, kn_err *err) {
    static const char *const kw[] = {"dtype", "device", "requires_grad", "layout", "pin_memory", "fill_value", "size"};
    tc_tensor *t = T(self);
    int64_t shape[TC_MAX_DIMS];
    int n = 0;
    kn_obj *v[7];
    kn_args pos = *a;
    pos.nkw = 0;
    kn_obj *fill = NULL;
    if (kind == 3 && pos.npos >= 1) { /* new_full(size, fill_value) */
        if (pos.npos >= 2) fill = pos.pos[1];
        pos.npos = 1;
    }
    if (kn__kwargs(a, fname, kw, 7, v, err) < 0) return NULL;
    if (kind == 3 && !fill) fill = v[5];
    if (pos.npos == 0 && v[6]) {
        if (kn__shape_of(v[6], shape, &n, err) < 0) return NULL;
    } else if (pos.npos == 0 && kind != 4) {
        tc_error_set(err, TC_EXC_TYPE, "%s() missing 1 required positional arguments: \"size\"", fname);
        return NULL;
    } else if (kind != 4 && kn__parse_shape(&pos, 0, shape, &n, err) < 0) {
        return NULL;
    }
    tc_dtype dt = t->dtype;
    tc_device dev = t->device;
    if (!absent(v[0]) && kn__parse_dtype(v[0], &dt, err) < 0) return NULL;
    if (!absent(v[1]) && kn__parse_device(v[1], &dev, err) < 0) return NULL;
    tc_tensor *r = NULL;
    if (kind == 4) { /* new_tensor(data) */
        if (a->npos != 1) {
            tc_error_set(err, TC_EXC_TYPE, "new_tensor() missing 1 required positional arguments: \"data\"");
            return NULL;
        }
        tc_tensor *src = kn_tensor_unwrap(a->pos[0]);
        tc_tensor *d = src ? tc_detach(src, err) : kn__tensor_from_data(a->pos[0], &dt, false, err);
        r = d ? tc_to(d, dt, dev, ".to()", err) : NULL;
        if (r && r == d && src) {
            tc_tensor *c = tc_clone(d, err);
            tc_tensor_unref(r);
            r = c;
        }
        tc_tensor_unref(d);
    } else if (kind == 3) {
        double x;
        if (!fill) {
            tc_error_set(err, TC_EXC_TYPE, "new_full() missing 1 required positional arguments: \"fill_value\"");
            return NULL;
        }
        if (kn_is(fill, &kn_type_complex)) {
            r = tc_empty(shape, n, dt, dev, err);
            if (r && kn__fill_complex(r, fill, err) < 0) {
                tc_tensor_unref(r);
                return NULL;
            }
        } else {
            if (kn_to_double(fill, &x, err) < 0) return NULL;
            r = tc_full(shape, n, x, dt, dev, err);
        }
    } else {
        r = kind == 0 ? tc_zeros(shape, n, dt, dev, err) : kind == 1 ? tc_ones(shape, n, dt, dev, err)
                                                                  : tc_empty(shape, n, dt, dev, err);
    }
    bool rg = false;
    if (r && get_bool(v[2], &rg, err) < 0) {
        tc_tensor_unref(r);
        return NULL;
    }
    if (r && rg && tc_set_requires_grad(r, true, err) < 0) {
        tc_tensor_unref(r);
        return NULL;
    }
    return wrap(r);
}

static kn_obj *m_new_zeros(kn_obj *self, const kn_args *a, kn_err *err) { return new_like(self, a, "new_zeros", 0, err); }
static kn_obj *m_new_ones(kn_obj *self, const kn_args *a, kn_err *err) { return new_like(self, a, "new_ones", 1, err); }
static kn_obj *m_new_empty(kn_obj *self, const kn_args *a, kn_err *err) { return new_like(self, a, "new_empty", 2, err); }
static kn_obj *m_new_full(kn_obj *self, const kn_args *a, kn_err *err) { return new_like(self, a, "new_full", 3, err); }
static kn_obj *m_new_tensor(kn_obj *self, const kn_args *a, kn_err *err) { return new_like(self, a, "new_tensor", 4, err); }

/* In-place view changes: the tensor object takes the new geometry. */
static kn_obj *reshape_inplace(kn_obj *self, tc_tensor *v, bool counts) {
    if (!v) return NULL;
    kn_tensor_obj *o = (kn_tensor_obj *)self;
    tc_tensor *old = o->t;
    /* a leaf stays a leaf: the object is still the same tensor to the user */
    if (old->requires_grad && !old->grad_fn) {
        tc_tensor *d = tc_detach(v, NULL);
        tc_tensor_unref(v);
        if (!d) return NULL;
        d->requires_grad = true;
        v = d;
    }
    if (counts) tc_tensor_bump_version(v); /* the view shares old's counter */
    o->t = v;
    tc_tensor_unref(old);
    return kn_incref(self);
}

static kn_obj *m_unsqueeze_(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dim"};
    kn_obj *v[1];
    int d;
    if (BIND("unsqueeze_", names, 1, v) < 0 || get_dim(v[0], T(self)->ndim + 1, &d, err) < 0) return NULL;
    return reshape_inplace(self, tc_unsqueeze(T(self), d, err), true);
}

static kn_obj *m_squeeze_(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dim"};
    kn_obj *v[1];
    int d = TC_ALL_DIMS;
    if (BIND("squeeze_", names, 0, v) < 0 || (!absent(v[0]) && get_dim(v[0], T(self)->ndim, &d, err) < 0)) return NULL;
    return reshape_inplace(self, tc_squeeze(T(self), d, err), true);
}

static kn_obj *m_t_(kn_obj *self, const kn_args *a, kn_err *err) {
    tc_tensor *t = T(self);
    if (kn_args_bind(a, "t_", NULL, 0, 0, NULL, err) < 0) return NULL;
    if (t->ndim > 2) {
        tc_error_set(err, TC_EXC_RUNTIME, "t_() expects a tensor with <= 2 dimensions, but self is %dD", t->ndim);
        return NULL;
    }
    return reshape_inplace(self, tc_t(t, err), true);
}

/* t._become(view): t takes view's storage and geometry (what set_, transpose_, resize_ and
 * as_strided_ of torch_extras come down to). view must have t's dtype and device. */
static kn_obj *m_become(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"view"};
    kn_obj *v[1];
    if (BIND("_become", names, 1, v) < 0) return NULL;
    tc_tensor *src = kn_tensor_unwrap(v[0]), *t = T(self);
    if (!src) {
        tc_error_set(err, TC_EXC_TYPE, "_become(): argument 'view' must be Tensor, not %s", kn_type_name(v[0]));
        return NULL;
    }
    if (src->dtype != t->dtype || !tc_device_eq(src->device, t->device)) {
        tc_error_set(err, TC_EXC_RUNTIME, "Expected object of scalar type %s but got scalar type %s for argument 'source'",
                     kn__dtype_title(t->dtype), kn__dtype_title(src->dtype));
        return NULL;
    }
    return reshape_inplace(self, tc_tensor_ref(src), false); /* resize_ counts none */
}

static kn_obj *m_data_ptr(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "data_ptr", NULL, 0, 0, NULL, err) < 0) return NULL;
    tc_tensor *t = T(self);
    if (t->layout != TC_LAYOUT_STRIDED) {
        tc_error_set(err, TC_EXC_RUNTIME, "Cannot access data pointer of Tensor that doesn't have storage");
        return NULL;
    }
    return kn_int_new((int64_t)tc_data_address(t));
}

static kn_obj *m_retain_grad(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "retain_grad", NULL, 0, 0, NULL, err) < 0 || tc_retain_grad(T(self), err) < 0) return NULL;
    return kn_none_new();
}

/* ---- linear algebra composites ----------------------------------------------------------------- */

static kn_obj *m_bmm(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"mat2"};
    kn_obj *v[1];
    if (BIND("bmm", names, 1, v) < 0) return NULL;
    tc_tensor *b = tensor_arg(v[0], "bmm", "mat2", 1, err), *t = T(self);
    if (!b) return NULL;
    if (t->ndim != 3 || b->ndim != 3) {
        tc_error_set(err, TC_EXC_RUNTIME, "batch%d must be a 3D tensor", t->ndim != 3 ? 1 : 2);
        return NULL;
    }
    if (t->shape[0] != b->shape[0] || t->shape[2] != b->shape[1]) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     t->shape[0] != b->shape[0] ? "Expected size for first two dimensions of batch2 tensor to be: [%lld, %lld] but got: [%lld, %lld]."
                                                : "Expected size for first two dimensions of batch2 tensor to be: [%lld, %lld] but got: [%lld, %lld].",
                     (long long)t->shape[0], (long long)t->shape[2], (long long)b->shape[0], (long long)b->shape[1]);
        return NULL;
    }
    return wrap(grad_name(tc_matmul(t, b, err), "BmmBackward0"));
}

static kn_obj *m_mv(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"vec"};
    kn_obj *v[1];
    if (BIND("mv", names, 1, v) < 0) return NULL;
    tc_tensor *b = tensor_arg(v[0], "mv", "vec", 1, err), *t = T(self);
    if (!b) return NULL;
    if (t->ndim != 2 || b->ndim != 1) {
        tc_error_set(err, TC_EXC_RUNTIME, "vector + matrix @ vector expected, got 1, %d, %d", t->ndim, b->ndim);
        return NULL;
    }
    return wrap(grad_name(tc_matmul(t, b, err), "MvBackward0"));
}

static kn_obj *m_outer(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"vec2"};
    kn_obj *v[1];
    if (BIND("outer", names, 1, v) < 0) return NULL;
    tc_tensor *b = tensor_arg(v[0], "outer", "vec2", 1, err);
    return b ? wrap(tc_outer(T(self), b, err)) : NULL;
}

static tc_tensor *scaled(tc_tensor *t, kn_obj *s, kn_err *err) {
    if (absent(s)) return tc_tensor_ref(t);
    tc_scalar sc;
    if (!kn__scalar_of(s, &sc)) {
        tc_error_set(err, TC_EXC_TYPE, "alpha and beta must be numbers");
        return NULL;
    }
    if (sc.kind == TC_SCALAR_INT && sc.v.i == 1) return tc_tensor_ref(t);
    return tc_binary_scalar(TC_OP_MUL, t, sc, err);
}

/* addmm(mat1, mat2, *, beta=1, alpha=1): beta * self + alpha * (mat1 @ mat2). */
static kn_obj *m_addmm(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"mat1", "mat2", "beta", "alpha"};
    kn_obj *v[4];
    if (BIND("addmm", names, 2, v) < 0) return NULL;
    tc_tensor *m1 = tensor_arg(v[0], "addmm", "mat1", 1, err);
    tc_tensor *m2 = m1 ? tensor_arg(v[1], "addmm", "mat2", 2, err) : NULL;
    if (!m2) return NULL;
    if (m1->ndim != 2 || m2->ndim != 2) { /* PyTorch's addmm meta calls mat1 "self" */
        tc_error_set(err, TC_EXC_RUNTIME, "addmm: %s must be a matrix, got %d-D tensor",
                     m1->ndim != 2 ? "self" : "mat2", m1->ndim != 2 ? m1->ndim : m2->ndim);
        return NULL;
    }
    if (m1->shape[1] != m2->shape[0]) {
        tc_error_set(err, TC_EXC_RUNTIME, "addmm: mat1 and mat2 shapes cannot be multiplied (%lldx%lld and %lldx%lld)",
                     (long long)m1->shape[0], (long long)m1->shape[1], (long long)m2->shape[0], (long long)m2->shape[1]);
        return NULL;
    }
    if (T(self)->dtype != m2->dtype || m1->dtype != m2->dtype) {
        bool s = T(self)->dtype != m2->dtype;
        tc_error_set(err, TC_EXC_RUNTIME, "%s and mat2 must have the same dtype, but got %s and %s",
                     s ? "self" : "mat1", kn__dtype_title(s ? T(self)->dtype : m1->dtype),
                     kn__dtype_title(m2->dtype));
        return NULL;
    }
    tc_tensor *p = tc_matmul(m1, m2, err);
    tc_tensor *ps = p ? scaled(p, v[3], err) : NULL;
    tc_tensor *bs = ps ? scaled(T(self), v[2], err) : NULL;
    tc_tensor *r = bs ? tc_binary(TC_OP_ADD, bs, ps, err) : NULL;
    tc_tensor_unref(p);
    tc_tensor_unref(ps);
    tc_tensor_unref(bs);
    return wrap(grad_name(r, "AddmmBackward0"));
}

static kn_obj *m_baddbmm(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"batch1", "batch2", "beta", "alpha"};
    kn_obj *v[4];
    if (BIND("baddbmm", names, 2, v) < 0) return NULL;
    tc_tensor *b1 = tensor_arg(v[0], "baddbmm", "batch1", 1, err);
    tc_tensor *b2 = b1 ? tensor_arg(v[1], "baddbmm", "batch2", 2, err) : NULL;
    if (!b2) return NULL;
    if (b1->ndim != 3 || b2->ndim != 3) {
        tc_error_set(err, TC_EXC_RUNTIME, "batch%d must be a 3D tensor", b1->ndim != 3 ? 1 : 2);
        return NULL;
    }
    tc_tensor *p = tc_matmul(b1, b2, err);
    tc_tensor *ps = p ? scaled(p, v[3], err) : NULL;
    tc_tensor *bs = ps ? scaled(T(self), v[2], err) : NULL;
    tc_tensor *r = bs ? tc_binary(TC_OP_ADD, bs, ps, err) : NULL;
    tc_tensor_unref(p);
    tc_tensor_unref(ps);
    tc_tensor_unref(bs);
    return wrap(grad_name(r, "BaddbmmBackward0"));
}

static kn_obj *m_kron(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"other"};
    kn_obj *v[1];
    if (BIND("kron", names, 1, v) < 0) return NULL;
    tc_tensor *b = tensor_arg(v[0], "kron", "other", 1, err);
    return b ? wrap(tc_kron(T(self), b, err)) : NULL;
}

static kn_obj *m_cross(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"other", "dim"};
    kn_obj *v[2];
    if (BIND("cross", names, 1, v) < 0) return NULL;
    tc_tensor *b = tensor_arg(v[0], "cross", "other", 1, err), *t = T(self);
    if (!b) return NULL;
    int64_t d = -1;
    if (!absent(v[1])) {
        if (kn_to_int64(v[1], &d, err) < 0) return NULL;
    } else { /* the first dim of size 3 */
        d = -1;
        for (int i = 0; i < t->ndim; i++)
            if (t->shape[i] == 3) {
                d = i;
                break;
            }
        if (d < 0) {
            tc_error_set(err, TC_EXC_RUNTIME, "no dimension of size 3 in input");
            return NULL;
        }
    }
    return wrap(tc_cross(t, b, (int)d, err));
}

/* ---- the table ---------------------------------------------------------------------------------- */

#define PRED_ENTRY(name, call, doc) {#name, m_##name, "()", doc},
#define MORE_UNARY_ENTRY(name, id, doc)                                                          \
    {#name, m_##name, "()", doc}, {#name "_", m_##name##_, "()", "In-place version of " #name "()"},

const kn__fn kn__tensor_ops[] = {
    {"std", m_std, "(dim=None, *, correction=1, keepdim=False)",
     "Calculates the standard deviation over the dimensions specified by dim."},
    {"var", m_var, "(dim=None, *, correction=1, keepdim=False)",
     "Calculates the variance over the dimensions specified by dim."},
    {"norm", m_norm, "(p='fro', dim=None, keepdim=False, dtype=None)",
     "Returns the matrix norm or vector norm of a given tensor."},
    {"logsumexp", m_logsumexp, "(dim, keepdim=False)",
     "Returns the log of summed exponentials of each row of the input tensor in the given dimension dim."},
    {"softmax", m_softmax, "(dim, dtype=None)", "Alias for torch.nn.functional.softmax()."},
    {"log_softmax", m_log_softmax, "(dim, dtype=None)", "Alias for torch.nn.functional.log_softmax()."},
    {"amax", m_amax, "(dim=(), keepdim=False)",
     "Returns the maximum value of each slice of the input tensor in the given dimension(s) dim."},
    {"amin", m_amin, "(dim=(), keepdim=False)",
     "Returns the minimum value of each slice of the input tensor in the given dimension(s) dim."},
    {"aminmax", m_aminmax, "(*, dim=None, keepdim=False)",
     "Computes the minimum and maximum values of the input tensor."},
    {"nansum", m_nansum, "(dim=None, keepdim=False, *, dtype=None)",
     "Returns the sum of all elements, treating Not a Numbers (NaNs) as zero."},
    {"nanmean", m_nanmean, "(dim=None, keepdim=False, *, dtype=None)",
     "Computes the mean of all non-NaN elements along the specified dimensions."},
    {"count_nonzero", m_count_nonzero, "(dim=None)",
     "Counts the number of non-zero values in the tensor input along the given dim."},
    {"cumsum", m_cumsum, "(dim, *, dtype=None)",
     "Returns the cumulative sum of elements of input in the dimension dim."},
    {"cumprod", m_cumprod, "(dim, *, dtype=None)",
     "Returns the cumulative product of elements of input in the dimension dim."},
    {"cumsum_", m_cumsum_, "(dim, *, dtype=None)", "In-place version of cumsum()."},
    {"cumprod_", m_cumprod_, "(dim, *, dtype=None)", "In-place version of cumprod()."},
    {"sort", m_sort, "(dim=-1, descending=False, *, stable=False)",
     "Sorts the elements of the input tensor along a given dimension in ascending order by value."},
    {"argsort", m_argsort, "(dim=-1, descending=False, *, stable=False)",
     "Returns the indices that sort a tensor along a given dimension in ascending order by value."},
    {"msort", m_msort, "()", "Sorts the elements of the input tensor along its first dimension in ascending order by value."},
    {"topk", m_topk, "(k, dim=-1, largest=True, sorted=True)",
     "Returns the k largest elements of the given input tensor along a given dimension."},
    {"kthvalue", m_kthvalue, "(k, dim=-1, keepdim=False)",
     "Returns a namedtuple (values, indices) where values is the k th smallest element of each row of the input tensor in the given dimension dim."},
    {"median", m_median, "(dim=None, keepdim=False)", "Returns the median of the values in input."},
    {"mode", m_mode, "(dim=-1, keepdim=False)",
     "Returns a namedtuple (values, indices) where values is the mode value of each row of the input tensor in the given dimension dim."},
    {"unique", m_unique, "(sorted=True, return_inverse=False, return_counts=False, dim=None)",
     "Returns the unique elements of the input tensor."},
    {"unique_consecutive", m_unique_consecutive, "(return_inverse=False, return_counts=False, dim=None)",
     "Eliminates all but the first element from every consecutive group of equivalent elements."},
    {"cummax", m_cummax, "(dim)",
     "Returns a namedtuple (values, indices) where values is the cumulative maximum of elements of input in the dimension dim."},
    {"cummin", m_cummin, "(dim)",
     "Returns a namedtuple (values, indices) where values is the cumulative minimum of elements of input in the dimension dim."},
    {"quantile", m_quantile, "(q, dim=None, keepdim=False, *, interpolation='linear')",
     "Computes the q-th quantiles of each row of the input tensor along the dimension dim."},
    {"bincount", m_bincount, "(weights=None, minlength=0)", "Count the frequency of each value in an array of non-negative ints."},
    {"histc", m_histc, "(bins=100, min=0, max=0)", "Computes the histogram of a tensor."},
    {"index_add_", m_index_add_, "(dim, index, source, *, alpha=1)",
     "Accumulate the elements of alpha times source into the self tensor by adding to the indices in the order given in index."},
    {"index_add", m_index_add, "(dim, index, source, *, alpha=1)", "Out-of-place version of torch.Tensor.index_add_()."},
    {"index_fill_", m_index_fill_, "(dim, index, value)",
     "Fills the elements of the self tensor with value value by selecting the indices in the order given in index."},
    {"index_fill", m_index_fill, "(dim, index, value)", "Out-of-place version of torch.Tensor.index_fill_()."},
    {"masked_scatter_", m_masked_scatter_, "(mask, source)",
     "Copies elements from source into self tensor at positions where the mask is True."},
    {"masked_scatter", m_masked_scatter, "(mask, source)", "Out-of-place version of torch.Tensor.masked_scatter_()."},
    {"put_", m_put_, "(index, source, accumulate=False)",
     "Copies the elements from source into the positions specified by index."},
    {"put", m_put, "(index, source, accumulate=False)", "Out-of-place version of torch.Tensor.put_()."},
    {"rot90", m_rot90, "(k=1, dims=[0, 1])",
     "Rotate an n-D tensor by 90 degrees in the plane specified by dims axis."},
    {"diag_embed", m_diag_embed, "(offset=0, dim1=-2, dim2=-1)",
     "Creates a tensor whose diagonals of certain 2D planes (specified by dim1 and dim2) are filled by input."},
    {"baddbmm", m_baddbmm, "(batch1, batch2, *, beta=1, alpha=1)",
     "Performs a batch matrix-matrix product of matrices in batch1 and batch2. input is added to the final result."},
    {"chunk", m_chunk, "(chunks, dim=0)", "Attempts to split a tensor into the specified number of chunks."},
    {"split", m_split, "(split_size, dim=0)", "Splits the tensor into chunks."},
    {"tensor_split", m_tensor_split, "(indices_or_sections, dim=0)",
     "Splits a tensor into multiple sub-tensors, all of which are views of input, along dimension dim."},
    {"unbind", m_unbind, "(dim=0)", "Removes a tensor dimension."},
    {"narrow", m_narrow, "(dim, start, length)", "Returns a new tensor that is a narrowed version of input tensor."},
    {"flip", m_flip, "(dims)", "Reverse the order of an n-D tensor along given axis in dims."},
    {"fliplr", m_fliplr, "()", "Flip tensor in the left/right direction, returning a new tensor."},
    {"flipud", m_flipud, "()", "Flip tensor in the up/down direction, returning a new tensor."},
    {"roll", m_roll, "(shifts, dims=None)", "Roll the tensor input along the given dimension(s)."},
    {"tril", m_tril, "(diagonal=0)",
     "Returns the lower triangular part of the matrix (2-D tensor) or batch of matrices input, the other elements of the result tensor out are set to 0."},
    {"triu", m_triu, "(diagonal=0)",
     "Returns the upper triangular part of a matrix (2-D tensor) or batch of matrices input, the other elements of the result tensor out are set to 0."},
    {"tril_", m_tril_, "(diagonal=0)", "In-place version of tril()."},
    {"triu_", m_triu_, "(diagonal=0)", "In-place version of triu()."},
    {"diag", m_diag, "(diagonal=0)",
     "If input is a vector (1-D tensor), then returns a 2-D square tensor with the elements of input as the diagonal; if a matrix, returns its diagonal."},
    {"diagonal", m_diagonal, "(offset=0, dim1=0, dim2=1)",
     "Returns a partial view of input with the its diagonal elements with respect to dim1 and dim2 appended as a dimension at the end of the shape."},
    {"trace", m_trace, "()", "Returns the sum of the elements of the diagonal of the input 2-D matrix."},
    {"repeat", m_repeat, "(*repeats)", "Repeats this tensor along the specified dimensions."},
    {"tile", m_tile, "(dims)", "Constructs a tensor by repeating the elements of input."},
    {"repeat_interleave", m_repeat_interleave, "(repeats=None, dim=None, *, output_size=None)",
     "Repeat elements of a tensor."},
    {"broadcast_to", m_broadcast_to, "(size)", "Broadcasts input to the shape size."},
    {"movedim", m_movedim, "(source, destination)",
     "Moves the dimension(s) of input at the position(s) in source to the position(s) in destination."},
    {"moveaxis", m_moveaxis, "(source, destination)", "Alias for torch.movedim()."},
    {"swapaxes", m_swapaxes, "(axis0, axis1)", "Alias for torch.transpose()."},
    {"swapdims", m_swapdims, "(dim0, dim1)", "Alias for torch.transpose()."},
    {"gather", m_gather, "(dim, index, *, sparse_grad=False)", "Gathers values along an axis specified by dim."},
    {"scatter", m_scatter, "(dim, index, src)", "Out-of-place version of torch.Tensor.scatter_()."},
    {"scatter_", m_scatter_, "(dim, index, src)",
     "Writes all values from the tensor src into self at the indices specified in the index tensor."},
    {"scatter_add", m_scatter_add, "(dim, index, src)", "Out-of-place version of torch.Tensor.scatter_add_()."},
    {"scatter_add_", m_scatter_add_, "(dim, index, src)",
     "Adds all values from the tensor src into self at the indices specified in the index tensor in a similar fashion as scatter_()."},
    {"scatter_reduce", m_scatter_reduce, "(dim, index, src, reduce, *, include_self=True)",
     "Out-of-place version of torch.Tensor.scatter_reduce_()."},
    {"scatter_reduce_", m_scatter_reduce_, "(dim, index, src, reduce, *, include_self=True)",
     "Reduces all values from the src tensor to the indices specified in the index tensor in the self tensor."},
    {"index_select", m_index_select, "(dim, index)",
     "Returns a new tensor which indexes the input tensor along dimension dim using the entries in index which is a LongTensor."},
    {"masked_select", m_masked_select, "(mask)",
     "Returns a new 1-D tensor which indexes the input tensor according to the boolean mask mask which is a BoolTensor."},
    {"take", m_take, "(index)",
     "Returns a new tensor with the elements of input at the given indices."},
    {"nonzero", m_nonzero, "(*, as_tuple=False)",
     "Returns a tensor containing the indices of all non-zero elements of input."},
    {"argwhere", m_argwhere, "()", "Returns a tensor containing the indices of all non-zero elements of input."},
    PRED_METHODS(PRED_ENTRY)
    MORE_UNARY(MORE_UNARY_ENTRY)
    {"atan2", m_atan2, "(other)", "Element-wise arctangent of input_i / other_i with consideration of the quadrant."},
    {"atan2_", m_atan2_, "(other)", "In-place version of atan2()."},
    {"arctan2", m_arctan2, "(other)", "Alias for torch.atan2()."},
    {"hypot", m_hypot, "(other)", "Given the legs of a right triangle, return its hypotenuse."},
    {"hypot_", m_hypot_, "(other)", "In-place version of hypot()."},
    {"fmod", m_fmod, "(other)", "Applies C++'s std::fmod entrywise."},
    {"fmod_", m_fmod_, "(other)", "In-place version of fmod()."},
    {"nan_to_num", m_nan_to_num, "(nan=0.0, posinf=None, neginf=None)",
     "Replaces NaN, positive infinity, and negative infinity values in input with the values specified by nan, posinf, and neginf, respectively."},
    {"nan_to_num_", m_nan_to_num_, "(nan=0.0, posinf=None, neginf=None)", "In-place version of nan_to_num()."},
    {"trunc", m_trunc, "()",
     "Returns a new tensor with the truncated integer values of the elements of input."},
    {"trunc_", m_trunc_, "()", "In-place version of trunc()."},
    {"fix", m_trunc, "()", "Alias for torch.trunc()"},
    {"fix_", m_trunc_, "()", "In-place version of fix()."},
    {"frac", m_frac, "()", "Computes the fractional portion of each element in input."},
    {"frac_", m_frac_, "()", "In-place version of frac()."},
    {"lerp", m_lerp, "(end, weight)",
     "Does a linear interpolation of two tensors start (given by input) and end based on a scalar or tensor weight and returns the resulting out tensor."},
    {"lerp_", m_lerp_, "(end, weight)", "In-place version of lerp()."},
    {"new_zeros", m_new_zeros, "(size, *, dtype=None, device=None, requires_grad=False)",
     "Returns a Tensor of size size filled with 0."},
    {"new_ones", m_new_ones, "(size, *, dtype=None, device=None, requires_grad=False)",
     "Returns a Tensor of size size filled with 1."},
    {"new_empty", m_new_empty, "(size, *, dtype=None, device=None, requires_grad=False)",
     "Returns a Tensor of size size filled with uninitialized data."},
    {"new_full", m_new_full, "(size, fill_value, *, dtype=None, device=None, requires_grad=False)",
     "Returns a Tensor of size size filled with fill_value."},
    {"new_tensor", m_new_tensor, "(data, *, dtype=None, device=None, requires_grad=False)",
     "Returns a new Tensor with data as the tensor data."},
    {"unsqueeze_", m_unsqueeze_, "(dim)", "In-place version of unsqueeze()."},
    {"squeeze_", m_squeeze_, "(dim=None)", "In-place version of squeeze()."},
    {"t_", m_t_, "()", "In-place version of t()."},
    {"_become", m_become, "(view)", "Makes self a view with view's storage and geometry (set_ and the in-place view ops)."},
    {"retain_grad", m_retain_grad, "()", "Enables this Tensor to have their grad populated during backward()."},
    {"register_hook", kn__tensor_register_hook, "(hook)", "Registers a backward hook."},
    {"detach_", kn__tensor_detach_, "()", "Detaches the Tensor from the graph that created it, making it a leaf."},
    {"data_ptr", m_data_ptr, "()", "Returns the address of the first element of self tensor."},
    {"bmm", m_bmm, "(mat2)", "Performs a batch matrix-matrix product of matrices stored in input and mat2."},
    {"mv", m_mv, "(vec)", "Performs a matrix-vector product of the matrix input and the vector vec."},
    {"outer", m_outer, "(vec2)", "Outer product of input and vec2."},
    {"ger", m_outer, "(vec2)", "Alias of torch.outer()."},
    {"addmm", m_addmm, "(mat1, mat2, *, beta=1, alpha=1)",
     "Performs a matrix multiplication of the matrices mat1 and mat2. The matrix input is added to the final result."},
    {"kron", m_kron, "(other)", "Computes the Kronecker product, denoted by ⊗, of input and other."},
    {"cross", m_cross, "(other, dim=None)",
     "Returns the cross product of vectors in dimension dim of input and other."},
    {NULL, NULL, NULL, NULL},
};

static const kn__fn *method_find_slow(const char *name) {
    const kn__fn *f = kn__fn_find(kn__tensor_methods, name);
    if (!f) f = kn__fn_find(kn__tensor_random_methods, name);
    if (!f) f = kn__fn_find(kn__tensor_linalg_methods, name);
    if (!f) f = kn__fn_find(kn__tensor_complex_methods, name);
    return kn__sig_method(f ? f : kn__fn_find(kn__tensor_ops, name));
}

/* Every method call looks its name up here: the tables hold some six hundred names, whose
 * linear search cost more than a small op itself, so the entries found are remembered in a
 * direct-mapped cache keyed by a hash of the name (an entry is a static row, checked against
 * the name on each hit; names not found are not cached). */
#define METHOD_CACHE 1024
static _Atomic(const kn__fn *) method_cache[METHOD_CACHE];

const kn__fn *kn__tensor_method_find(const char *name) {
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *c = (const unsigned char *)name; *c; c++) h = (h ^ *c) * 16777619u;
    _Atomic(const kn__fn *) *slot = &method_cache[h % METHOD_CACHE];
    const kn__fn *f = atomic_load_explicit(slot, memory_order_acquire);
    if (f && strcmp(f->name, name) == 0) return f;
    f = method_find_slow(name);
    if (f) atomic_store_explicit(slot, f, memory_order_release);
    return f;
}

const char *const kn__torch_ops_forwarded[] = {
    "cumsum", "cumprod", "sort", "argsort", "msort", "topk", "kthvalue", "median", "mode", "unique",
    "unique_consecutive", "cummax", "cummin", "quantile", "bincount", "histc", "index_add",
    "index_fill", "masked_scatter", "put", "rot90", "diag_embed", "baddbmm", "abs_", "neg_", "exp_",
    "log_", "sqrt_", "relu_", "sigmoid_", "tanh_", "sin_", "cos_", "floor_", "ceil_",
    "rsqrt_", "log2_", "log10_", "square_", "reciprocal_", "trunc_", "frac_", "fix_", "zero_",
    "fill_", "std", "var", "norm", "logsumexp", "softmax", "log_softmax", "amax", "amin", "aminmax", "nansum",
    "nanmean", "count_nonzero", "chunk", "split", "tensor_split", "unbind", "narrow", "flip",
    "fliplr", "flipud", "roll", "tril", "triu", "diag", "diagonal", "trace", "tile",
    "repeat_interleave", "broadcast_to", "movedim", "moveaxis", "swapaxes", "swapdims", "gather",
    "scatter", "scatter_add", "scatter_reduce", "index_select", "masked_select", "take", "nonzero", "argwhere",
    "isnan", "isinf", "isfinite", "isreal", "nan_to_num", "nan_to_num_", "trunc", "fix", "frac",
    "lerp", "asin", "arcsin", "acos", "arccos", "atan", "arctan", "sinh", "cosh", "tan", "log1p",
    "expm1", "erf", "asin_", "acos_", "atan_", "sinh_", "cosh_", "tan_", "log1p_", "expm1_", "erf_",
    "erfc", "erfinv", "asinh", "arcsinh", "acosh", "arccosh", "atanh", "arctanh", "exp2", "lgamma",
    "digamma", "atan2", "arctan2", "hypot", "fmod", "bmm", "mv", "outer", "ger", "addmm", "kron", "cross", NULL};

/* ---- out= ------------------------------------------------------------------------------------- */

bool kn__has_out(const kn_args *a) {
    for (int i = 0; i < a->nkw; i++)
        if (!strcmp(a->kwnames[i], "out")) return true;
    return false;
}

const char *kn__dtype_title(tc_dtype dt) {
    static const char *const names[TC_DTYPE_COUNT] = {
        [TC_DTYPE_BOOL] = "Bool", [TC_DTYPE_U8] = "Byte", [TC_DTYPE_I8] = "Char", [TC_DTYPE_I16] = "Short",
        [TC_DTYPE_I32] = "Int", [TC_DTYPE_I64] = "Long", [TC_DTYPE_F16] = "Half", [TC_DTYPE_BF16] = "BFloat16",
        [TC_DTYPE_F32] = "Float", [TC_DTYPE_F64] = "Double", [TC_DTYPE_C64] = "ComplexFloat",
        [TC_DTYPE_C128] = "ComplexDouble"};
    return names[dt] ? names[dt] : "?";
}

/* PyTorch's canCast: no float to integral, no non-bool to bool. */
static bool out_can_cast(tc_dtype from, tc_dtype to) {
    if (tc_dtype_is_complex(from) && !tc_dtype_is_complex(to)) return false;
    if (tc_dtype_is_float(from) && !tc_dtype_is_inexact(to)) return false;
    if (from != TC_DTYPE_BOOL && to == TC_DTYPE_BOOL) return false;
    return true;
}

/* Write r into the tensor object o (resizing o when the shapes differ). */
/* Whether torch.<name> is an elementwise op (a unary or binary op of the lists, clamp,
 * where, ...): PyTorch's TensorIterator checks their out= for shared memory before its
 * shape, where reductions and products resize it first. */
static bool elementwise_name(const char *name) {
    for (int i = 0; i < TC_UNARY_OP_COUNT; i++)
        if (!strcmp(name, tc_unary_op_name((tc_unary_op)i))) return true;
    for (int i = 0; i < TC_BINARY_OP_COUNT; i++)
        if (!strcmp(name, tc_binary_op_name((tc_binary_op)i))) return true;
    static const char *const more[] = {"add", "sub", "mul", "div", "clamp", "clip", "where",
                                       "lerp", "atan2", "fmod", "remainder", NULL};
    for (int i = 0; more[i]; i++)
        if (!strcmp(name, more[i])) return true;
    return false;
}

static int write_out(const char *name, kn_obj *o, tc_tensor *r, kn_err *err) {
    tc_tensor *t = T(o);
    for (int i = 0; i < t->ndim && elementwise_name(name); i++)
        if (t->shape[i] > 1 && t->strides[i] == 0)
            return tc_error_set(err, TC_EXC_RUNTIME,
                                "unsupported operation: more than one element of the written-to "
                                "tensor refers to a single memory location. Please clone() the "
                                "tensor before performing the operation.");
    if (!out_can_cast(r->dtype, t->dtype))
        return tc_error_set(err, TC_EXC_RUNTIME, "result type %s can't be cast to the desired output type %s",
                            kn__dtype_title(r->dtype), kn__dtype_title(t->dtype));
    if (t->ndim != r->ndim || memcmp(t->shape, r->shape, sizeof(int64_t) * (size_t)r->ndim)) {
        /* resize_ as PyTorch's: contiguous over the same storage when it is large enough (the
         * tensors sharing it see the result), else a new one */
        int64_t st[TC_MAX_DIMS], acc = 1;
        for (int i = r->ndim - 1; i >= 0; i--) {
            st[i] = acc;
            acc *= r->shape[i] > 1 ? r->shape[i] : 1;
        }
        tc_error scratch;
        tc_error_init(&scratch);
        tc_tensor *n = t->storage && t->layout == TC_LAYOUT_STRIDED
                           ? tc_tensor_from_storage(t->storage, t->dtype, r->shape, st, r->ndim, t->offset, &scratch)
                           : NULL;
        if (!n) n = tc_empty(r->shape, r->ndim, t->dtype, t->device, err);
        if (!n) return -1;
        ((kn_tensor_obj *)o)->t = n;
        tc_tensor_unref(t);
        t = n;
    }
    if (tc_copy_(t, r, err)) return -1;
    tc_tensor_bump_version(t);
    return 0;
}

kn_obj *kn__call_with_out(const char *name, kn_obj *self, const kn_args *a, kn_cfunc fn, kn_err *err) {
    const char *kwn[32];
    kn_obj *kwv[32], *out = NULL;
    kn_args rest = *a;
    int k = 0;
    for (int i = 0; i < a->nkw && k < 32; i++) {
        if (!strcmp(a->kwnames[i], "out")) {
            out = a->kwvals[i];
            continue;
        }
        kwn[k] = a->kwnames[i];
        kwv[k++] = a->kwvals[i];
    }
    rest.kwnames = kwn;
    rest.kwvals = kwv;
    rest.nkw = k;
    if (absent(out)) return fn(self, &rest, err);
    if (!strcmp(name, "einsum")) { /* torch.einsum is Python in PyTorch: no out= */
        tc_error_set(err, TC_EXC_TYPE, "einsum() got an unexpected keyword argument 'out'");
        return NULL;
    }
    bool pair_out = kn_is(out, &kn_type_tuple) || kn_is(out, &kn_type_list);
    if (!pair_out && !kn_is_tensor(out)) {
        tc_error_set(err, TC_EXC_TYPE, "%s(): argument 'out' must be Tensor, not %s", name, kn_type_name(out));
        return NULL;
    }
    kn_obj *r = fn(self, &rest, err);
    if (!r) return NULL;
    kn_obj *res = NULL;
    if (kn_is_tensor(r) && !pair_out) {
        tc_tensor *rt = T(r);
        if ((rt->requires_grad || T(out)->requires_grad) && tc_grad_enabled())
            tc_error_set(err, TC_EXC_RUNTIME, "%s(): functions with out=... arguments don't support automatic "
                         "differentiation, but one of the arguments requires grad.", name);
        else if (write_out(name, out, rt, err) == 0)
            res = kn_incref(out);
    } else if (pair_out && !kn_is_tensor(r)) {
        kn_obj *parts[2] = {0};
        int64_t n = kn_len(out, err);
        bool ok = n == 2;
        for (int i = 0; ok && i < 2; i++) {
            kn_obj *key = kn_int_new(i);
            kn_obj *o = kn_getitem(out, key, err), *v = o ? kn_getitem(r, key, err) : NULL;
            kn_decref(key);
            ok = o && v && kn_is_tensor(o) && kn_is_tensor(v) && write_out(name, o, T(v), err) == 0;
            parts[i] = o;
            kn_decref(v);
        }
        if (ok) {
            static char names[64][32];
            static int nnames;
            const char *rn = NULL;
            for (int i = 0; i < nnames && !rn; i++)
                if (!strncmp(names[i], name, strlen(name)) && !strcmp(names[i] + strlen(name), "_out")) rn = names[i];
            if (!rn && nnames < 64) {
                snprintf(names[nnames], sizeof names[0], "%s_out", name);
                rn = names[nnames++];
            }
            res = kn__return_types_new(rn ? rn : "out", parts[0], parts[1]);
            parts[0] = parts[1] = NULL;
        } else if (!tc_error_is_set(err)) {
            tc_error_set(err, TC_EXC_TYPE, "%s(): argument 'out' must be a tuple of 2 Tensors", name);
        }
        kn_decref(parts[0]);
        kn_decref(parts[1]);
    } else {
        tc_error_set(err, TC_EXC_TYPE, "%s(): argument 'out' must be %s", name, pair_out ? "Tensor" : "tuple of Tensors");
    }
    kn_decref(r);
    return res;
}

kn_obj *kn__factory_with_out(const char *name, kn_obj *self, const kn_args *a, kn_cfunc fn,
                             kn_err *err) {
    if (!kn__has_out(a)) return fn(self, a, err);
    kn_obj *out = NULL;
    bool has_dtype = false;
    for (int i = 0; i < a->nkw; i++) {
        if (!strcmp(a->kwnames[i], "out")) out = a->kwvals[i];
        has_dtype |= !strcmp(a->kwnames[i], "dtype");
    }
    if (has_dtype || !kn_is_tensor(out) || a->nkw >= 31) return kn__call_with_out(name, self, a, fn, err);
    /* a factory makes its result in out's dtype */
    const char *kwn[32];
    kn_obj *kwv[32];
    for (int i = 0; i < a->nkw; i++) {
        kwn[i] = a->kwnames[i];
        kwv[i] = a->kwvals[i];
    }
    kwn[a->nkw] = "dtype";
    kwv[a->nkw] = kn__dtype_obj(T(out)->dtype);
    kn_args with = *a;
    with.kwnames = kwn;
    with.kwvals = kwv;
    with.nkw = a->nkw + 1;
    return kn__call_with_out(name, self, &with, fn, err);
}

/* ---- torch-only functions -------------------------------------------------------------------------- */

/* The tensors of a list/tuple argument or of the positional arguments. */
static int tensor_list(const kn_args *a, const char *fname, tc_tensor **ts, int *n, kn_err *err) {
    kn_obj *const *items = a->pos;
    int64_t cnt = a->npos;
    if (a->npos == 1 && (kn_is(a->pos[0], &kn_type_list) || kn_is(a->pos[0], &kn_type_tuple))) {
        items = kn_is(a->pos[0], &kn_type_list) ? kn_list_items(a->pos[0]) : kn_tuple_items(a->pos[0]);
        cnt = kn_is(a->pos[0], &kn_type_list) ? kn_list_len(a->pos[0]) : kn_tuple_len(a->pos[0]);
    }
    if (cnt > TC_MAX_DIMS) return tc_error_set(err, TC_EXC_RUNTIME, "%s: too many tensors", fname);
    for (int64_t i = 0; i < cnt; i++) {
        ts[i] = kn_tensor_unwrap(items[i]);
        if (!ts[i])
            return tc_error_set(err, TC_EXC_TYPE, "expected Tensor as element %lld in argument 0, but got %s",
                                (long long)i, kn_type_name(items[i]));
    }
    *n = (int)cnt;
    return 0;
}

static kn_obj *f_meshgrid(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const kw[] = {"indexing"};
    kn_obj *v[1];
    tc_tensor *ts[TC_MAX_DIMS];
    int n;
    if (kn__kwargs(a, "meshgrid", kw, 1, v, err) < 0 || tensor_list(a, "meshgrid", ts, &n, err) < 0) return NULL;
    bool xy = false;
    if (!absent(v[0])) {
        const char *s = kn_is(v[0], &kn_type_str) ? kn_str_cstr(v[0]) : "";
        if (!strcmp(s, "xy")) xy = true;
        else if (strcmp(s, "ij")) {
            tc_error_set(err, TC_EXC_RUNTIME, "torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: %s", s);
            return NULL;
        }
    }
    if (n == 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "meshgrid expects a non-empty TensorList");
        return NULL;
    }
    int64_t shape[TC_MAX_DIMS];
    for (int i = 0; i < n; i++) {
        if (ts[i]->ndim > 1) {
            tc_error_set(err, TC_EXC_RUNTIME, "torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: %s",
                         "a tensor with more dimensions");
            return NULL;
        }
        if (ts[i]->dtype != ts[0]->dtype) {
            tc_error_set(err, TC_EXC_RUNTIME, "torch.meshgrid: Expected all tensors in the tensor list to have the same dtype.");
            return NULL;
        }
    }
    int order[TC_MAX_DIMS];
    for (int i = 0; i < n; i++) order[i] = i;
    if (xy && n >= 2) {
        order[0] = 1;
        order[1] = 0;
    }
    for (int i = 0; i < n; i++) shape[i] = tc_numel(ts[order[i]]);
    tc_tensor *out[TC_MAX_DIMS] = {0};
    for (int i = 0; i < n; i++) {
        int pos = 0;
        for (int j = 0; j < n; j++)
            if (order[j] == i) pos = j;
        int64_t sh[TC_MAX_DIMS];
        for (int j = 0; j < n; j++) sh[j] = j == pos ? shape[j] : 1;
        tc_tensor *r = tc_view(ts[i], sh, n, err);
        out[i] = r ? tc_expand(r, shape, n, err) : NULL;
        tc_tensor_unref(r);
    }
    return tuple_of(out, n);
}

/* torch.einsum(equation, *operands) or (equation, [operands]); optimize= is accepted and
 * ignored (no opt_einsum: contraction goes left to right, as PyTorch without it). */
static kn_obj *f_einsum(kn_obj *self, const kn_args *a, kn_err *err) {
    for (int i = 0; i < a->nkw; i++)
        if (strcmp(a->kwnames[i], "optimize") != 0) {
            tc_error_set(err, TC_EXC_TYPE, "einsum() got an unexpected keyword argument '%s'", a->kwnames[i]);
            return NULL;
        }
    if (a->npos < 2 || !kn_is(a->pos[0], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "einsum(): argument 'equation' (position 1) must be str");
        return NULL;
    }
    kn_args rest = *a;
    rest.pos = a->pos + 1;
    rest.npos = a->npos - 1;
    tc_tensor *ops[TC_MAX_DIMS];
    int nops;
    if (tensor_list(&rest, "einsum", ops, &nops, err) < 0) return NULL;
    return wrap(tc_einsum(kn_str_cstr(a->pos[0]), ops, nops, err));
}

/* tensordot(a, b, dims=2): contract the last dims of a with the first of b (or lists). */
static kn_obj *f_tensordot(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"a", "b", "dims"};
    kn_obj *v[3];
    if (kn_args_bind(a, "tensordot", names, 3, 2, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "tensordot", "a", 1, err);
    tc_tensor *y = x ? tensor_arg(v[1], "tensordot", "b", 2, err) : NULL;
    if (!y) return NULL;
    int da[TC_MAX_DIMS], db[TC_MAX_DIMS], nc = 0;
    if (absent(v[2]) || kn_is(v[2], &kn_type_int)) {
        int64_t n = absent(v[2]) ? 2 : kn_int_value(v[2]);
        if (n < 0 || n > x->ndim || n > y->ndim) {
            tc_error_set(err, TC_EXC_RUNTIME, "tensordot expects dims >= 0, but got dims=%lld", (long long)n);
            return NULL;
        }
        for (int i = 0; i < n; i++) {
            da[i] = x->ndim - (int)n + i;
            db[i] = i;
        }
        nc = (int)n;
    } else {
        kn_obj *items[2];
        kn_obj *d = v[2];
        if (kn_len(d, err) != 2) {
            tc_error_set(err, TC_EXC_RUNTIME, "tensordot expects dims to be a pair of lists");
            return NULL;
        }
        for (int i = 0; i < 2; i++) {
            kn_obj *key = kn_int_new(i);
            items[i] = kn_getitem(d, key, err);
            kn_decref(key);
        }
        int64_t ra[TC_MAX_DIMS], rb[TC_MAX_DIMS];
        int na = 0, nb = 0;
        int rc = items[0] && items[1] && kn__shape_of(items[0], ra, &na, err) == 0 && kn__shape_of(items[1], rb, &nb, err) == 0 ? 0 : -1;
        kn_decref(items[0]);
        kn_decref(items[1]);
        if (rc < 0) return NULL;
        if (na != nb) {
            tc_error_set(err, TC_EXC_RUNTIME, "both dimension lists should have same length");
            return NULL;
        }
        for (int i = 0; i < na; i++)
            if (kn__wrap_dim(ra[i], x->ndim, &da[i], err) < 0 || kn__wrap_dim(rb[i], y->ndim, &db[i], err) < 0) return NULL;
        nc = na;
    }
    /* a → [free_a, contracted], b → [contracted, free_b]; one matmul */
    int pa[TC_MAX_DIMS], pb[TC_MAX_DIMS], fa = 0, fb = 0;
    int64_t outsh[TC_MAX_DIMS], m = 1, kk = 1, nn = 1;
    bool ca[TC_MAX_DIMS] = {0}, cb[TC_MAX_DIMS] = {0};
    for (int i = 0; i < nc; i++) {
        ca[da[i]] = cb[db[i]] = true;
        if (x->shape[da[i]] != y->shape[db[i]]) {
            tc_error_set(err, TC_EXC_RUNTIME, "contracted dimensions need to match, but first has size %lld in dim %d and second has size %lld in dim %d",
                         (long long)x->shape[da[i]], da[i], (long long)y->shape[db[i]], db[i]);
            return NULL;
        }
        kk *= x->shape[da[i]];
    }
    int no = 0;
    for (int i = 0; i < x->ndim; i++)
        if (!ca[i]) {
            pa[fa++] = i;
            m *= x->shape[i];
            outsh[no++] = x->shape[i];
        }
    for (int i = 0; i < nc; i++) pa[fa + i] = da[i];
    for (int i = 0; i < nc; i++) pb[i] = db[i];
    for (int i = 0; i < y->ndim; i++)
        if (!cb[i]) {
            pb[nc + fb++] = i;
            nn *= y->shape[i];
            outsh[no++] = y->shape[i];
        }
    tc_tensor *px = tc_permute(x, pa, x->ndim, err);
    tc_tensor *py = px ? tc_permute(y, pb, y->ndim, err) : NULL;
    int64_t s1[2] = {m, kk}, s2[2] = {kk, nn};
    tc_tensor *rx = py ? tc_reshape(px, s1, 2, err) : NULL;
    tc_tensor *ry = rx ? tc_reshape(py, s2, 2, err) : NULL;
    tc_tensor *mm = ry ? tc_matmul(rx, ry, err) : NULL;
    tc_tensor *r = mm ? tc_reshape(mm, outsh, no, err) : NULL;
    tc_tensor_unref(px);
    tc_tensor_unref(py);
    tc_tensor_unref(rx);
    tc_tensor_unref(ry);
    tc_tensor_unref(mm);
    return wrap(r);
}

/* torch.range(start, end, step=1): end included, float32 unless dtype says otherwise. */
static kn_obj *f_range(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"start", "end", "step", "dtype", "device", "requires_grad"};
    kn_obj *v[6];
    double st, en, sp = 1;
    if (kn_args_bind(a, "range", names, 6, 2, v, err) < 0 || kn_to_double(v[0], &st, err) < 0 ||
        kn_to_double(v[1], &en, err) < 0 || (!absent(v[2]) && kn_to_double(v[2], &sp, err) < 0))
        return NULL;
    tc_dtype dt = tc_default_float();
    tc_device dev = tc_device_cpu();
    if (!absent(v[3]) && kn__parse_dtype(v[3], &dt, err) < 0) return NULL;
    if (!absent(v[4]) && kn__parse_device(v[4], &dev, err) < 0) return NULL;
    if (sp == 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "step must be nonzero");
        return NULL;
    }
    if ((sp > 0 && en < st) || (sp < 0 && en > st)) {
        tc_error_set(err, TC_EXC_RUNTIME, "upper bound and lower bound inconsistent with step sign");
        return NULL;
    }
    int64_t n = (int64_t)floor((en - st) / sp) + 1;
    tc_tensor *i = tc_arange(0, (double)n, 1, TC_DTYPE_F64, dev, err);
    tc_tensor *m = i ? tc_binary_scalar(TC_OP_MUL, i, (tc_scalar){.kind = TC_SCALAR_FLOAT, .v.f = sp}, err) : NULL;
    tc_tensor *s2 = m ? tc_binary_scalar(TC_OP_ADD, m, (tc_scalar){.kind = TC_SCALAR_FLOAT, .v.f = st}, err) : NULL;
    tc_tensor *r = s2 ? tc_to(s2, dt, dev, ".to()", err) : NULL;
    tc_tensor_unref(i);
    tc_tensor_unref(m);
    tc_tensor_unref(s2);
    bool rg = false;
    if (r && get_bool(v[5], &rg, err) == 0 && rg && tc_set_requires_grad(r, true, err) < 0) {
        tc_tensor_unref(r);
        return NULL;
    }
    return wrap(r);
}

/* _searchsorted(sorted_sequence, input, sorter, right, out_int32): CPU tensors; torch_extras'
 * searchsorted parses PyTorch's argument forms and sends device tensors elsewhere. */
static kn_obj *f_searchsorted(kn_obj *self, const kn_args *a, kn_err *err) {
    (void)self;
    static const char *const names[] = {"sorted_sequence", "input", "sorter", "right", "out_int32"};
    kn_obj *v[5];
    if (kn_args_bind(a, "_searchsorted", names, 5, 5, v, err) < 0) return NULL;
    tc_tensor *s = tensor_arg(v[0], "_searchsorted", "sorted_sequence", 1, err);
    tc_tensor *x = s ? tensor_arg(v[1], "_searchsorted", "input", 2, err) : NULL;
    tc_tensor *so = NULL;
    bool right, i32;
    if (!x || (!absent(v[2]) && !(so = tensor_arg(v[2], "_searchsorted", "sorter", 3, err))) ||
        get_bool(v[3], &right, err) < 0 || get_bool(v[4], &i32, err) < 0)
        return NULL;
    return wrap(tc_searchsorted(s, x, so, right, i32, err));
}

/* _grid_sampler_2d(input, grid, mode, padding_mode, align_corners): float32/float64 CPU
 * tensors, PyTorch's enums; F.grid_sample checks the call and takes other cases elsewhere. */
static kn_obj *f_grid_sampler_2d(kn_obj *self, const kn_args *a, kn_err *err) {
    (void)self;
    static const char *const names[] = {"input", "grid", "interpolation_mode", "padding_mode", "align_corners"};
    kn_obj *v[5];
    if (kn_args_bind(a, "_grid_sampler_2d", names, 5, 5, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "_grid_sampler_2d", "input", 1, err);
    tc_tensor *g = x ? tensor_arg(v[1], "_grid_sampler_2d", "grid", 2, err) : NULL;
    tc_scalar mode, pad;
    bool align;
    if (!g || get_bool(v[4], &align, err) < 0) return NULL;
    if (!kn__scalar_of(v[2], &mode) || mode.kind != TC_SCALAR_INT || !kn__scalar_of(v[3], &pad) ||
        pad.kind != TC_SCALAR_INT) {
        tc_error_set(err, TC_EXC_TYPE, "_grid_sampler_2d(): interpolation_mode and padding_mode must be ints");
        return NULL;
    }
    return wrap(tc_grid_sampler_2d(x, g, (int)mode.v.i, (int)pad.v.i, align, err));
}

/* _fused_pointwise(op, input, tensor1, tensor2, value, inplace): tc_fused_pointwise (0 add
 * with alpha, 1 addcmul, 2 addcdiv), or None when it does not serve the call. */
static kn_obj *f_fused_pointwise(kn_obj *self, const kn_args *a, kn_err *err) {
    (void)self;
    static const char *const names[] = {"op", "input", "tensor1", "tensor2", "value", "inplace"};
    kn_obj *v[6];
    if (kn_args_bind(a, "_fused_pointwise", names, 6, 6, v, err) < 0) return NULL;
    tc_scalar op, val;
    bool inplace;
    tc_tensor *x = kn_tensor_unwrap(v[1]), *t1 = kn_tensor_unwrap(v[2]);
    tc_tensor *t2 = absent(v[3]) ? NULL : kn_tensor_unwrap(v[3]);
    if (get_bool(v[5], &inplace, err) < 0) return NULL;
    if (!x || !t1 || (!absent(v[3]) && !t2) || !kn__scalar_of(v[0], &op) || op.kind != TC_SCALAR_INT ||
        op.v.i < 0 || op.v.i > 2 || !kn__scalar_of(v[4], &val) ||
        (val.kind != TC_SCALAR_FLOAT && val.kind != TC_SCALAR_INT))
        return kn_none_new();
    bool handled;
    tc_tensor *r = tc_fused_pointwise((tc_fused_op)op.v.i, x, t1, t2,
                                      val.kind == TC_SCALAR_FLOAT ? val.v.f : (double)val.v.i, inplace, &handled, err);
    if (!handled) return kn_none_new();
    if (r && inplace) {
        tc_tensor_unref(r);
        return kn_incref(v[1]);
    }
    return wrap(r);
}

/* _sort_values(input, dim): np.sort's values, as sort(stable=True)[0] gives them. */
static kn_obj *f_sort_values(kn_obj *self, const kn_args *a, kn_err *err) {
    (void)self;
    static const char *const names[] = {"input", "dim"};
    kn_obj *v[2];
    int64_t d;
    if (kn_args_bind(a, "_sort_values", names, 2, 2, v, err) < 0) return NULL;
    tc_tensor *t = tensor_arg(v[0], "_sort_values", "input", 1, err);
    if (!t || kn_to_int64(v[1], &d, err) < 0) return NULL;
    return wrap(tc_sort_values(t, (int)d, err));
}

/* _unique_np(input, equal_nan, return_index, return_inverse, return_counts): np.unique over
 * all elements; the values alone, else a tuple of the values and the parts asked for, in
 * np.unique's order. */
static kn_obj *f_unique_np(kn_obj *self, const kn_args *a, kn_err *err) {
    (void)self;
    static const char *const names[] = {"input", "equal_nan", "return_index", "return_inverse", "return_counts"};
    kn_obj *v[5];
    bool flag[4];
    if (kn_args_bind(a, "_unique_np", names, 5, 5, v, err) < 0) return NULL;
    tc_tensor *t = tensor_arg(v[0], "_unique_np", "input", 1, err);
    if (!t) return NULL;
    for (int i = 0; i < 4; i++)
        if (get_bool(v[1 + i], &flag[i], err) < 0) return NULL;
    tc_tensor *parts[4] = {NULL};
    if (tc_unique_np(t, flag[0], &parts[0], flag[1] ? &parts[1] : NULL, flag[2] ? &parts[2] : NULL,
                     flag[3] ? &parts[3] : NULL, err) < 0)
        return NULL;
    if (!flag[1] && !flag[2] && !flag[3]) return wrap(parts[0]);
    int n = 1;
    for (int i = 1; i < 4; i++)
        if (flag[i]) parts[n++] = parts[i];
    return tuple_of(parts, n);
}

/* _euclidean_dist(x1, x2): ATen's matrix-product distances (torch.cdist's p=2 form). */
static kn_obj *f_euclidean_dist(kn_obj *self, const kn_args *a, kn_err *err) {
    (void)self;
    static const char *const names[] = {"x1", "x2"};
    kn_obj *v[2];
    if (kn_args_bind(a, "_euclidean_dist", names, 2, 2, v, err) < 0) return NULL;
    tc_tensor *x1 = tensor_arg(v[0], "_euclidean_dist", "x1", 1, err);
    tc_tensor *x2 = x1 ? tensor_arg(v[1], "_euclidean_dist", "x2", 2, err) : NULL;
    return x2 ? wrap(tc_euclidean_dist(x1, x2, err)) : NULL;
}

const kn__fn kn__torch_ops_fns[] = {
    {"_fused_pointwise", f_fused_pointwise, "(op, input, tensor1, tensor2, value, inplace)",
     "add with alpha (0), addcmul (1), addcdiv (2) rounded as PyTorch's CPU kernels; None when not served."},
    {"_sort_values", f_sort_values, "(input, dim)", "The values of input sorted ascending along dim (NaN last)."},
    {"_unique_np", f_unique_np, "(input, equal_nan, return_index, return_inverse, return_counts)",
     "np.unique over all elements of input, with the parts asked for."},
    {"_euclidean_dist", f_euclidean_dist, "(x1, x2)",
     "The 2-norm distances between the rows of x1 and x2, from one matrix product."},
    {"_searchsorted", f_searchsorted, "(sorted_sequence, input, sorter, right, out_int32)",
     "Binary search of each input element in the sorted rows (CPU tensors)."},
    {"_grid_sampler_2d", f_grid_sampler_2d, "(input, grid, interpolation_mode, padding_mode, align_corners)",
     "Samples a 4-D input at the grid's points (float32/float64 CPU tensors)."},
    {"range", f_range, "(start=0, end, step=1, *, dtype=None, device=None, requires_grad=False)",
     "Returns a 1-D tensor of size floor((end - start) / step) + 1 with values from start to end with step step."},
    {"meshgrid", f_meshgrid, "(*tensors, indexing=None)",
     "Creates grids of coordinates specified by the 1D inputs in attr:tensors."},
    {"einsum", f_einsum, "(equation, *operands)",
     "Sums the product of the elements of the input operands along dimensions specified using a notation based on the Einstein summation convention."},
    {"tensordot", f_tensordot, "(a, b, dims=2)",
     "Returns a contraction of a and b over multiple dimensions."},
    {NULL, NULL, NULL, NULL},
};

/* ---- torch.linalg -------------------------------------------------------------------------------- */

static kn_obj *l_vector_norm(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"x", "ord", "dim", "keepdim", "dtype"};
    kn_obj *v[5];
    if (kn_args_bind(a, "linalg_vector_norm", names, 5, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_vector_norm", "input", 1, err);
    if (!x) return NULL;
    double p = 2;
    int dims[TC_MAX_DIMS], n;
    bool keep = false;
    if ((!absent(v[1]) && kn_to_double(v[1], &p, err) < 0) || parse_dims(v[2], x, dims, &n, err) < 0 ||
        get_bool(v[3], &keep, err) < 0)
        return NULL;
    tc_tensor *xd = with_dtype(x, v[4], err);
    tc_tensor *r = xd ? tc_vector_norm(xd, p, dims, n, keep, err) : NULL;
    tc_tensor_unref(xd);
    return wrap(r);
}

/* linalg.norm: vectors (ord numbers), and the Frobenius norm of matrices ('fro' or default). */
static kn_obj *l_norm(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A", "ord", "dim", "keepdim", "dtype"};
    kn_obj *v[5];
    if (kn_args_bind(a, "linalg_norm", names, 5, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_norm", "input", 1, err);
    if (!x) return NULL;
    int dims[TC_MAX_DIMS], n, kind = 0;
    bool keep = false, fro = false;
    double p = 2;
    if (parse_dims(v[2], x, dims, &n, err) < 0 || get_bool(v[3], &keep, err) < 0 ||
        norm_kind(v[1], &p, &kind, err) < 0)
        return NULL;
    fro = kind == 1;
    bool matrix = n == 2 || (n == 0 && x->ndim == 2);
    if (!absent(v[1]) && matrix && !fro) {
        int d0 = n == 2 ? dims[0] : x->ndim - 2, d1 = n == 2 ? dims[1] : x->ndim - 1;
        tc_tensor *xd = with_dtype(x, v[4], err);
        tc_tensor *r = xd ? tc_linalg_matrix_norm(xd, p, kind, d0, d1, keep, err) : NULL;
        tc_tensor_unref(xd);
        return wrap(r);
    }
    if (!absent(v[1]) && !matrix && n == 0 && x->ndim != 1) {
        tc_error_set(err, TC_EXC_RUNTIME, "linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got %dD.", x->ndim);
        return NULL;
    }
    tc_tensor *xd = with_dtype(x, v[4], err);
    tc_tensor *r = xd ? tc_vector_norm(xd, fro ? 2 : p, dims, n, keep, err) : NULL;
    tc_tensor_unref(xd);
    return wrap(r);
}

static kn_obj *l_cross(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"input", "other", "dim"};
    kn_obj *v[3];
    if (kn_args_bind(a, "linalg_cross", names, 3, 2, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_cross", "input", 1, err);
    tc_tensor *y = x ? tensor_arg(v[1], "linalg_cross", "other", 2, err) : NULL;
    int64_t d = -1;
    if (!y || (!absent(v[2]) && kn_to_int64(v[2], &d, err) < 0)) return NULL;
    return wrap(tc_cross(x, y, (int)d, err));
}

static kn_obj *l_matrix_norm(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"A", "ord", "dim", "keepdim", "dtype"};
    kn_obj *v[5];
    if (kn_args_bind(a, "linalg_matrix_norm", names, 5, 1, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], "linalg_matrix_norm", "A", 1, err);
    if (!x) return NULL;
    if (x->ndim < 2) {
        tc_error_set(err, TC_EXC_RUNTIME, "linalg.matrix_norm: The input tensor A must have at least 2 dimensions.");
        return NULL;
    }
    bool keep = false;
    double p = 2;
    int kind = 1;
    if (!absent(v[1]) && norm_kind(v[1], &p, &kind, err) < 0) return NULL;
    int dims[2] = {x->ndim - 2, x->ndim - 1}, n = 2;
    if (!absent(v[2]) && parse_dims(v[2], x, dims, &n, err) < 0) return NULL;
    if (n != 2) {
        tc_error_set(err, TC_EXC_RUNTIME, "linalg.matrix_norm: dim must be a 2-tuple. Got %d", n);
        return NULL;
    }
    if (get_bool(v[3], &keep, err) < 0) return NULL;
    tc_tensor *xd = with_dtype(x, v[4], err);
    tc_tensor *r = xd ? tc_linalg_matrix_norm(xd, p, kind, dims[0], dims[1], keep, err) : NULL;
    tc_tensor_unref(xd);
    return wrap(r);
}

const kn__fn kn__torch_linalg_fns[] = {
    {"matrix_norm", l_matrix_norm, "(A, ord='fro', dim=(-2, -1), keepdim=False, *, dtype=None)",
     "Computes a matrix norm."},
    {"vector_norm", l_vector_norm, "(x, ord=2, dim=None, keepdim=False, *, dtype=None)",
     "Computes a vector norm."},
    {"norm", l_norm, "(A, ord=None, dim=None, keepdim=False, *, dtype=None)",
     "Computes a vector or matrix norm."},
    {"cross", l_cross, "(input, other, *, dim=-1)", "Computes the cross product of two 3-dimensional vectors."},
    {NULL, NULL, NULL, NULL},
};
