/*
 * The torch module: creation functions (tensor, zeros, arange, rand, sparse_coo_tensor,
 * ...), joining (cat, stack, where), the functional forms of Tensor methods (torch.sum(x)
 * is x.sum()), grad mode, print options, dtype/layout constants, the Tensor/Size/device
 * types, and the torch.cuda submodule over the device layer (gpu/gpu.h).
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpu/gpu.h"
#include "kernel/torch/torch-impl.h"
#include "tensorcore/backend.h"

#define NARGS(names) ((int)(sizeof(names) / sizeof(*(names))))

static bool absent(kn_obj *o) { return !o || kn_is(o, &kn_type_none); }

/* ---- creation options ------------------------------------------------------------------ */

typedef struct create_opts {
    bool has_dtype;
    tc_dtype dtype;
    tc_device dev;
    bool requires_grad;
    int mf; /* memory_format=, or -1 when not given */
} create_opts;

static const char *const create_kw[] = {"dtype", "device", "requires_grad", "layout",
                                        "pin_memory", "out", "memory_format", "generator"};

/* Parse the keyword options of a creation function; extra[] names are returned in xv. */
static int parse_opts(const kn_args *a, const char *fname, create_opts *o, const char *const *extra,
                      int nextra, kn_obj **xv, kn_err *err) {
    const char *names[16];
    kn_obj *v[16];
    int n = 0;
    for (int i = 0; i < NARGS(create_kw); i++) names[n++] = create_kw[i];
    for (int i = 0; i < nextra; i++) names[n++] = extra[i];
    if (kn__kwargs(a, fname, names, n, v, err) < 0) return -1;
    o->has_dtype = !absent(v[0]);
    if (o->has_dtype && kn__unsupported_dtype(v[0], fname, err) < 0) return -1;
    if (o->has_dtype && !kn__is_dtype(v[0], NULL) && !kn_is(v[0], &kn_type_type))
        return tc_error_set(err, TC_EXC_TYPE, "%s(): argument 'dtype' must be torch.dtype, not %s",
                            fname, kn_type_name(v[0]));
    if (o->has_dtype && kn__parse_dtype(v[0], &o->dtype, err) < 0) return -1;
    if (kn__parse_device(v[1], &o->dev, err) < 0) return -1;
    o->requires_grad = false;
    if (!absent(v[2]) && kn__to_bool(v[2], &o->requires_grad, err) < 0) return -1;
    o->mf = absent(v[6]) ? -1 : kn__memory_format_arg(v[6], fname, KN_MF_CONTIGUOUS, err);
    if (!absent(v[6]) && o->mf < 0) return -1;
    for (int i = 0; i < nextra; i++) xv[i] = v[NARGS(create_kw) + i];
    return 0;
}

/* Wrap a factory's result (steals t; NULL passes through), applying requires_grad=. */
kn_obj *kn__factory_result(tc_tensor *t, bool requires_grad, kn_err *err) {
    if (!t) return NULL;
    if (requires_grad && !tc_dtype_is_inexact(t->dtype)) {
        tc_tensor_unref(t);
        tc_error_set(err, TC_EXC_RUNTIME, "Only Tensors of floating point and complex dtype can require gradients");
        return NULL;
    }
    if (requires_grad && tc_set_requires_grad(t, true, err) < 0) {
        tc_tensor_unref(t);
        return NULL;
    }
    return kn_tensor_wrap(t);
}

static kn_obj *finish(tc_tensor *t, const create_opts *o, kn_err *err) {
    return kn__factory_result(t, o->requires_grad, err);
}

/* A factory's layout (PyTorch's memory_format): *order (1) gives the dims outermost first,
 * the shape to make, ps, lists them in that order, and in_layout permutes the made tensor
 * back, so nothing is copied; 0: row-major (ps is shape); -1 with err. */
static int layout_shape(const int64_t *shape, int n, kn_mf f, const tc_tensor *model, int *order, int64_t *ps,
                        kn_err *err) {
    int has = kn__memory_order(n, f, model, order, err);
    for (int i = 0; i < n; i++)
        ps[i] = shape[has == 1 ? order[i] : i];
    return has;
}

static tc_tensor *in_layout(tc_tensor *r, const int *order, int n, kn_err *err) {
    int inv[TC_MAX_DIMS];
    for (int i = 0; i < n; i++)
        inv[order[i]] = i;
    tc_tensor *p = r ? tc_permute(r, inv, n, err) : NULL;
    tc_tensor_unref(r);
    return p;
}

static tc_tensor *on_device(tc_tensor *t, tc_device dev, kn_err *err) {
    if (!t || tc_device_eq(t->device, dev)) return t;
    tc_tensor *r = tc_to(t, t->dtype, dev, ".to()", err);
    tc_tensor_unref(t);
    return r;
}

/* ---- torch.tensor and friends ------------------------------------------------------------ */

static kn_obj *f_tensor(kn_obj *self, const kn_args *a, kn_err *err) {
    create_opts o;
    if (a->npos != 1) {
        tc_error_set(err, TC_EXC_TYPE, "tensor() takes 1 positional argument but %d were given",
                     a->npos);
        return NULL;
    }
    if (parse_opts(a, "tensor", &o, NULL, 0, NULL, err) < 0) return NULL;
    tc_tensor *t = kn__tensor_from_data(a->pos[0], o.has_dtype ? &o.dtype : NULL, false, err);
    return finish(on_device(t, o.dev, err), &o, err);
}

typedef tc_tensor *(*shape_ctor)(const int64_t *, int, tc_dtype, tc_device, tc_error *);

static kn_obj *sized(const kn_args *a, const char *fname, shape_ctor fn, kn_err *err) {
    int64_t shape[TC_MAX_DIMS];
    int n = 0;
    create_opts o;
    static const char *const extra[] = {"size"};
    kn_obj *xv[1] = {NULL};
    if (parse_opts(a, fname, &o, extra, 1, xv, err) < 0) return NULL;
    if (xv[0] ? kn__shape_of(xv[0], shape, &n, err) < 0 : kn__parse_shape(a, 0, shape, &n, err) < 0)
        return NULL;
    for (int i = 0; i < n; i++)
        if (shape[i] < 0) {
            tc_error_set(err, TC_EXC_RUNTIME, "Trying to create tensor with negative dimension %lld: [",
                         (long long)shape[i]);
            size_t len = strlen(err->msg);
            for (int j = 0; j < n; j++)
                len += (size_t)snprintf(err->msg + len, sizeof err->msg - len, "%s%lld",
                                        j ? ", " : "", (long long)shape[j]);
            snprintf(err->msg + len, sizeof err->msg - len, "]");
            return NULL;
        }
    int order[TC_MAX_DIMS], has = 0;
    int64_t ps[TC_MAX_DIMS];
    if (o.mf >= 0 && (has = layout_shape(shape, n, (kn_mf)o.mf, NULL, order, ps, err)) < 0) return NULL;
    tc_tensor *t = fn(has ? ps : shape, n, o.has_dtype ? o.dtype : tc_default_float(), o.dev, err);
    return finish(has ? in_layout(t, order, n, err) : t, &o, err);
}

#define SIZED_FNS(X) X(zeros) X(ones) X(empty)
#define SIZED_FN(name)                                                                       \
    static kn_obj *f_##name(kn_obj *self, const kn_args *a, kn_err *err) {                   \
        return sized(a, #name, tc_##name, err);                                              \
    }
SIZED_FNS(SIZED_FN)
#undef SIZED_FN

static tc_dtype scalar_dtype(kn_obj *v) {
    if (kn_is(v, &kn_type_bool)) return TC_DTYPE_BOOL;
    if (kn_is(v, &kn_type_int)) return TC_DTYPE_I64;
    return tc_default_float();
}

static kn_obj *f_full(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const extra[] = {"size", "fill_value"};
    kn_obj *xv[2] = {NULL};
    create_opts o;
    int64_t shape[TC_MAX_DIMS];
    int n = 0;
    double v;
    if (parse_opts(a, "full", &o, extra, 2, xv, err) < 0) return NULL;
    kn_obj *size = a->npos > 0 ? a->pos[0] : xv[0];
    kn_obj *fill = a->npos > 1 ? a->pos[1] : xv[1];
    if (!size || !fill) {
        tc_error_set(err, TC_EXC_TYPE, "full() missing required argument '%s'",
                     size ? "fill_value" : "size");
        return NULL;
    }
    double re, im;
    if (kn_complex_parts(fill, &re, &im)) { /* a complex fill: complex64 unless dtype says */
        if (kn__shape_of(size, shape, &n, err) < 0) return NULL;
        tc_dtype cdt = o.has_dtype ? o.dtype : TC_DTYPE_C64;
        if (!tc_dtype_is_complex(cdt)) {
            tc_error_set(err, TC_EXC_RUNTIME, "value cannot be converted to type %s without overflow",
                         cdt == TC_DTYPE_F64 ? "double" : tc_dtype_is_float(cdt) ? "float" : "int64_t");
            return NULL;
        }
        tc_tensor *t = tc_empty(shape, n, cdt, o.dev, err);
        if (t && tc_fill_complex_(t, re, im, err) < 0) {
            tc_tensor_unref(t);
            t = NULL;
        }
        return finish(t, &o, err);
    }
    if (kn__shape_of(size, shape, &n, err) < 0 || kn__scalar_fits(fill, err) < 0 ||
        kn_to_double(fill, &v, err) < 0)
        return NULL;
    tc_dtype dt = o.has_dtype ? o.dtype : scalar_dtype(fill);
    if (kn__check_fill(v, dt, err) < 0) return NULL;
    return finish(tc_full(shape, n, v, dt, o.dev, err), &o, err);
}

static kn_obj *like(const kn_args *a, const char *fname, int kind, kn_err *err) {
    static const char *const extra[] = {"input", "fill_value"};
    kn_obj *xv[2] = {NULL};
    create_opts o;
    if (parse_opts(a, fname, &o, extra, 2, xv, err) < 0) return NULL;
    kn_obj *in = a->npos > 0 ? a->pos[0] : xv[0];
    tc_tensor *t = in ? kn_tensor_unwrap(in) : NULL;
    if (!t) {
        tc_error_set(err, TC_EXC_TYPE, "%s(): argument 'input' (position 1) must be Tensor, not %s",
                     fname, in ? kn_type_name(in) : "NoneType");
        return NULL;
    }
    bool dev_given = false;
    for (int i = 0; i < a->nkw; i++) dev_given |= !strcmp(a->kwnames[i], "device");
    tc_device dev = dev_given ? o.dev : t->device;
    tc_dtype dt = o.has_dtype ? o.dtype : t->dtype;
    int order[TC_MAX_DIMS];
    int64_t shape[TC_MAX_DIMS]; /* t's, in the order of the result's layout */
    int has = layout_shape(t->shape, t->ndim, o.mf < 0 ? KN_MF_PRESERVE : (kn_mf)o.mf, t, order, shape, err);
    if (has < 0) return NULL;
    tc_tensor *r = NULL;
    switch (kind) {
    case 0: r = tc_zeros(shape, t->ndim, dt, dev, err); break;
    case 1: r = tc_ones(shape, t->ndim, dt, dev, err); break;
    case 2: r = tc_empty(shape, t->ndim, dt, dev, err); break;
    default: {
        kn_obj *fill = a->npos > 1 ? a->pos[1] : xv[1];
        double v;
        if (!fill) {
            tc_error_set(err, TC_EXC_TYPE, "full_like() missing required argument 'fill_value'");
            return NULL;
        }
        if (kn_is(fill, &kn_type_complex)) {
            r = tc_empty(shape, t->ndim, dt, dev, err);
            if (r && kn__fill_complex(r, fill, err) < 0) {
                tc_tensor_unref(r);
                return NULL;
            }
            break;
        }
        if (kn__scalar_fits(fill, err) < 0 || kn_to_double(fill, &v, err) < 0) return NULL;
        r = tc_full(shape, t->ndim, v, dt, dev, err);
    }
    }
    return finish(has ? in_layout(r, order, t->ndim, err) : r, &o, err);
}

#define LIKE_FNS(X) X(zeros_like, 0) X(ones_like, 1) X(empty_like, 2) X(full_like, 5)
#define LIKE_FN(name, k)                                                                     \
    static kn_obj *f_##name(kn_obj *self, const kn_args *a, kn_err *err) {                   \
        return like(a, #name, k, err);                                                       \
    }
LIKE_FNS(LIKE_FN)
#undef LIKE_FN

static kn_obj *f_arange(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const extra[] = {"start", "end", "step"};
    kn_obj *xv[3] = {NULL}, *p[3] = {NULL, NULL, NULL};
    create_opts o;
    if (parse_opts(a, "arange", &o, extra, 3, xv, err) < 0) return NULL;
    if (a->npos > 3) {
        tc_error_set(err, TC_EXC_TYPE, "arange() received an invalid combination of arguments");
        return NULL;
    }
    if (a->npos == 1) p[1] = a->pos[0];
    else for (int i = 0; i < a->npos; i++) p[i] = a->pos[i];
    for (int i = 0; i < 3; i++)
        if (xv[i]) p[i] = xv[i];
    if (!p[1]) {
        tc_error_set(err, TC_EXC_TYPE, "arange() missing required argument 'end'");
        return NULL;
    }
    double v[3] = {0, 0, 1};
    bool any_float = false;
    for (int i = 0; i < 3; i++) {
        if (!p[i]) continue;
        if (kn__scalar_fits(p[i], err) < 0 || kn_to_double(p[i], &v[i], err) < 0) return NULL;
        any_float |= !kn_is(p[i], &kn_type_int) && !kn_is(p[i], &kn_type_bool);
    }
    tc_dtype dt = o.has_dtype ? o.dtype : any_float ? tc_default_float() : TC_DTYPE_I64;
    return finish(tc_arange(v[0], v[1], v[2], dt, o.dev, err), &o, err);
}

static kn_obj *f_linspace(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const extra[] = {"start", "end", "steps"};
    kn_obj *xv[3] = {NULL}, *p[3];
    create_opts o;
    double s, e;
    int64_t steps;
    if (parse_opts(a, "linspace", &o, extra, 3, xv, err) < 0) return NULL;
    for (int i = 0; i < 3; i++) p[i] = i < a->npos ? a->pos[i] : xv[i];
    if (!p[0] || !p[1] || !p[2]) {
        tc_error_set(err, TC_EXC_TYPE, "linspace() missing required argument '%s'",
                     !p[0] ? "start" : !p[1] ? "end" : "steps");
        return NULL;
    }
    if (kn_to_double(p[0], &s, err) < 0 || kn_to_double(p[1], &e, err) < 0 ||
        kn_to_int64(p[2], &steps, err) < 0)
        return NULL;
    if (steps < 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "linspace(): number of steps must be non-negative");
        return NULL;
    }
    return finish(tc_linspace(s, e, steps, o.has_dtype ? o.dtype : tc_default_float(), o.dev, err), &o, err);
}

static kn_obj *f_eye(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const extra[] = {"n", "m"};
    kn_obj *xv[2] = {NULL}, *p[2];
    create_opts o;
    int64_t n, m;
    if (parse_opts(a, "eye", &o, extra, 2, xv, err) < 0) return NULL;
    for (int i = 0; i < 2; i++) p[i] = i < a->npos ? a->pos[i] : xv[i];
    if (!p[0]) {
        tc_error_set(err, TC_EXC_TYPE, "eye() missing required argument 'n'");
        return NULL;
    }
    if (kn_to_int64(p[0], &n, err) < 0) return NULL;
    m = n;
    if (!absent(p[1]) && kn_to_int64(p[1], &m, err) < 0) return NULL;
    return finish(tc_eye(n, m, o.has_dtype ? o.dtype : tc_default_float(), o.dev, err), &o, err);
}

static kn_obj *f_from_numpy(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"ndarray"};
    kn_obj *v[1];
    if (kn_args_bind(a, "from_numpy", names, 1, 1, v, err) < 0) return NULL;
    if (!kn_is_ndarray(v[0])) {
        tc_error_set(err, TC_EXC_TYPE, "expected np.ndarray (got %s)", kn_type_name(v[0]));
        return NULL;
    }
    tc_tensor *t = kn_tensor_unwrap(v[0]);
    return kn_tensor_wrap(tc_tensor_from_storage(tc_tensor_storage(t), t->dtype, t->shape,
                                                 t->strides, t->ndim, t->offset, err));
}

/* torch.as_tensor: shares memory with an ndarray or tensor when no conversion is needed. */
static kn_obj *f_as_tensor(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const extra[] = {"data"};
    kn_obj *xv[1] = {NULL};
    create_opts o;
    if (parse_opts(a, "as_tensor", &o, extra, 1, xv, err) < 0) return NULL;
    kn_obj *data = a->npos > 0 ? a->pos[0] : xv[0];
    if (!data || a->npos > 1) {
        tc_error_set(err, TC_EXC_TYPE, "as_tensor() takes 1 positional argument");
        return NULL;
    }
    bool dev_given = false;
    for (int i = 0; i < a->nkw; i++) dev_given |= !strcmp(a->kwnames[i], "device");
    tc_tensor *t = kn_tensor_unwrap(data);
    if (!t) return finish(on_device(kn__tensor_from_data(data, o.has_dtype ? &o.dtype : NULL,
                                                         false, err), o.dev, err), &o, err);
    tc_tensor *view = kn_is_ndarray(data)
                          ? tc_tensor_from_storage(tc_tensor_storage(t), t->dtype, t->shape,
                                                   t->strides, t->ndim, t->offset, err)
                          : tc_tensor_ref(t);
    if (!view) return NULL;
    tc_tensor *r = tc_to(view, o.has_dtype ? o.dtype : view->dtype, dev_given ? o.dev : view->device,
                         ".to()", err);
    tc_tensor_unref(view);
    if (r && kn_is_tensor(data) && r == t) {
        tc_tensor_unref(r);
        return kn_incref(data);
    }
    return r ? kn_tensor_wrap(r) : NULL;
}

static kn_obj *f_sparse_coo_tensor(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const extra[] = {"indices", "values", "size", "check_invariants",
                                        "is_coalesced"};
    kn_obj *xv[5] = {NULL}, *p[3];
    create_opts o;
    if (parse_opts(a, "sparse_coo_tensor", &o, extra, 5, xv, err) < 0) return NULL;
    for (int i = 0; i < 3; i++) p[i] = i < a->npos ? a->pos[i] : xv[i];
    if (!p[0] || !p[1]) {
        tc_error_set(err, TC_EXC_TYPE, "sparse_coo_tensor() missing required argument '%s'",
                     !p[0] ? "indices" : "values");
        return NULL;
    }
    tc_dtype i64 = TC_DTYPE_I64;
    tc_tensor *idx = kn_tensor_unwrap(p[0]) ? tc_to(kn_tensor_unwrap(p[0]), TC_DTYPE_I64,
                                                     tc_device_cpu(), ".to()", err)
                                             : kn__tensor_from_data(p[0], &i64, false, err);
    tc_tensor *val = idx ? kn__tensor_from_data(p[1], o.has_dtype ? &o.dtype : NULL, false, err)
                         : NULL;
    tc_tensor *r = NULL;
    if (val) {
        int64_t shape[TC_MAX_DIMS];
        int n = -1;
        if (absent(p[2]) || kn__shape_of(p[2], shape, &n, err) == 0)
            r = tc_sparse_coo(idx, val, n < 0 ? NULL : shape, n, err);
    }
    tc_tensor_unref(idx);
    tc_tensor_unref(val);
    return finish(r, &o, err);
}

/* A list/tuple of tensors for cat/stack (borrowed pointers into ts). */
static int tensor_list(kn_obj *seq, const char *fname, tc_tensor ***ts, int *n, kn_err *err) {
    bool list = kn_is(seq, &kn_type_list);
    if (!list && !kn_is(seq, &kn_type_tuple))
        return tc_error_set(err, TC_EXC_TYPE,
                            "%s(): argument 'tensors' (position 1) must be tuple of Tensors, not %s",
                            fname, kn_type_name(seq));
    int64_t len = list ? kn_list_len(seq) : kn_tuple_len(seq);
    kn_obj **items = list ? kn_list_items(seq) : kn_tuple_items(seq);
    *ts = tc_malloc(sizeof(tc_tensor *) * (size_t)(len ? len : 1));
    if (!*ts) return kn_nomem(err);
    for (int64_t i = 0; i < len; i++) {
        (*ts)[i] = kn_tensor_unwrap(items[i]);
        if (!(*ts)[i]) {
            tc_free(*ts);
            return tc_error_set(err, TC_EXC_TYPE,
                                "expected Tensor as element %lld in argument 0, but got %s",
                                (long long)i, kn_type_name(items[i]));
        }
    }
    *n = (int)len;
    return 0;
}

static kn_obj *join(const kn_args *a, const char *fname, bool stack, kn_err *err) {
    static const char *const names[] = {"tensors", "dim"};
    kn_obj *v[2];
    tc_tensor **ts = NULL;
    int n = 0;
    int64_t dim = 0;
    if (kn_args_bind(a, fname, names, 2, 1, v, err) < 0) return NULL;
    if (!absent(v[1]) && kn_to_int64(v[1], &dim, err) < 0) return NULL;
    if (tensor_list(v[0], fname, &ts, &n, err) < 0) return NULL;
    if (n == 0) {
        tc_free(ts);
        tc_error_set(err, TC_EXC_RUNTIME, stack ? "stack expects a non-empty TensorList"
                                                : "torch.cat(): expected a non-empty list of Tensors");
        if (!stack) err->type = TC_EXC_VALUE;
        return NULL;
    }
    int d;
    tc_tensor *r = NULL;
    if (kn__wrap_dim(dim, ts[0]->ndim + (stack ? 1 : 0), &d, err) == 0)
        r = stack ? tc_stack(ts, n, d, err) : tc_cat(ts, n, d, err);
    tc_free(ts);
    return r ? kn_tensor_wrap(r) : NULL;
}

static kn_obj *f_cat(kn_obj *self, const kn_args *a, kn_err *err) { return join(a, "cat", false, err); }
static kn_obj *f_stack(kn_obj *self, const kn_args *a, kn_err *err) { return join(a, "stack", true, err); }

/* torch.where(condition, input, other), and torch.where(condition): nonzero(as_tuple=True). */
static kn_obj *f_where(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"condition", "input", "other"};
    kn_obj *v[3];
    if (kn__sig_check("where", false, a, NULL, err) < 0) return NULL;
    if (a->npos + a->nkw == 1) {
        if (kn_args_bind(a, "where", names, 1, 1, v, err) < 0) return NULL;
        return kn__nonzero_tuple(kn_tensor_unwrap(v[0]), err);
    }
    if (kn_args_bind(a, "where", names, 3, 3, v, err) < 0) return NULL;
    tc_tensor *c = kn_tensor_unwrap(v[0]);
    if (!c) {
        tc_error_set(err, TC_EXC_TYPE, "where(): argument 'condition' (position 1) must be Tensor, not %s",
                     kn_type_name(v[0]));
        return NULL;
    }
    tc_tensor *ta = kn_tensor_unwrap(v[1]), *tb = kn_tensor_unwrap(v[2]);
    tc_tensor *x = kn__as_tensor(v[1], tb, err);
    tc_tensor *y = x ? kn__as_tensor(v[2], ta ? ta : x, err) : NULL;
    tc_tensor *r = y ? tc_where(c, x, y, err) : NULL;
    tc_tensor_unref(x);
    tc_tensor_unref(y);
    return r ? kn_tensor_wrap(r) : NULL;
}

static kn_obj *f_is_tensor(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"obj"};
    kn_obj *v[1];
    if (kn_args_bind(a, "is_tensor", names, 1, 1, v, err) < 0) return NULL;
    return kn_bool_new(kn_is_tensor(v[0]));
}

static kn_obj *f_is_grad_enabled(kn_obj *self, const kn_args *a, kn_err *err) {
    return kn_bool_new(tc_grad_enabled());
}

/* torch.promote_types(type1, type2): the dtype both promote to. */
static kn_obj *f_promote_types(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"type1", "type2"};
    kn_obj *v[2];
    tc_dtype d[2];
    if (kn_args_bind(a, "promote_types", names, 2, 2, v, err) < 0) return NULL;
    for (int i = 0; i < 2; i++)
        if (!kn__is_dtype(v[i], &d[i])) {
            tc_error_set(err, TC_EXC_TYPE, "promote_types(): argument '%s' (position %d) must be torch.dtype, not %s",
                         names[i], i + 1, kn_type_name(v[i]));
            return NULL;
        }
    return kn_incref(kn__dtype_obj(tc_dtype_promote(d[0], d[1])));
}

static kn_obj *f_get_default_dtype(kn_obj *self, const kn_args *a, kn_err *err) {
    return kn_incref(kn__dtype_obj(tc_default_float()));
}

/* torch.set_default_dtype(d): float32, float64, float16 or bfloat16 from then on. */
static kn_obj *f_set_default_dtype(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *names[] = {"d"};
    kn_obj *v[1];
    if (kn_args_bind(a, "set_default_dtype", names, 1, 1, v, err) < 0) return NULL;
    tc_dtype dt;
    if (!kn__is_dtype(v[0], &dt)) {
        tc_error_set(err, TC_EXC_TYPE, "invalid dtype object: only floating-point types are supported as the default type");
        return NULL;
    }
    if (!tc_dtype_is_float(dt)) {
        tc_error_set(err, TC_EXC_TYPE, "only floating-point types are supported as the default type");
        return NULL;
    }
    tc_set_default_float(dt);
    return kn_none_new();
}

static int clamp_int(int64_t x) { return x > INT_MAX ? INT_MAX : x < INT_MIN ? INT_MIN : (int)x; }

/* An int option of any size: one past int64 saturates instead of raising OverflowError. */
static int int_option(kn_obj *v, int64_t *x, kn_err *err) {
    double d;
    if (kn_to_int64(v, x, NULL) == 0) return 0;
    if (kn_to_double(v, &d, err) < 0) return -1;
    *x = d > 0 ? INT64_MAX : INT64_MIN;
    return 0;
}

static kn_obj *f_set_printoptions(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"precision", "threshold", "edgeitems", "linewidth",
                                        "profile", "sci_mode"};
    kn_obj *v[6];
    if (kn_args_bind(a, "set_printoptions", names, 6, 0, v, err) < 0) return NULL;
    if (!absent(v[4])) {
        if (!kn_is(v[4], &kn_type_str)) {
            tc_error_set(err, TC_EXC_TYPE, "profile must be a str");
            return NULL;
        }
        if (tc_printopts_profile(kn_str_cstr(v[4]), err) < 0) return NULL;
    }
    tc_printopts o = *tc_printopts_get();
    int64_t x;
    /* Python ints of any size are accepted as PyTorch does; past the range of an int they
     * mean "no limit" (a plain cast turned edgeitems=2**62 into 0 and printed tensor([])) */
    if (!absent(v[0])) { if (kn_to_int64(v[0], &x, err) < 0) return NULL; o.precision = clamp_int(x); }
    if (!absent(v[1])) {
        double d;
        if (kn_to_double(v[1], &d, err) < 0) return NULL;
        o.threshold = d > 9e18 ? INT64_MAX : (int64_t)d;
    }
    if (!absent(v[2])) { if (int_option(v[2], &x, err) < 0) return NULL; o.edgeitems = clamp_int(x); }
    if (!absent(v[3])) { if (int_option(v[3], &x, err) < 0) return NULL; o.linewidth = clamp_int(x); }
    /* As PyTorch: sci_mode goes back to None (auto) whenever it is not passed. */
    if (!v[5]) {
        o.sci_mode = -1;
    } else {
        bool b;
        if (kn_is(v[5], &kn_type_none)) o.sci_mode = -1;
        else if (kn__to_bool(v[5], &b, err) < 0) return NULL;
        else o.sci_mode = b;
    }
    tc_printopts_set(&o);
    return kn_none_new();
}

/* The bound 'self' of torch.<name> functions: it carries the method name and prints like
 * PyTorch's ("<built-in method sum of type object at 0x...>"). */
typedef struct fwd_obj {
    kn_obj base;
    const char *name;
} fwd_obj;
static const kn_type fwd_type = {.name = "type", .qualname = "type"};

/* torch.<name>(input, ...) → input.<name>(...). */
static kn_obj *f_forward(kn_obj *self, const kn_args *a, kn_err *err) {
    const char *name = ((fwd_obj *)self)->name;
    if (kn__has_out(a)) return kn__call_with_out(name, self, a, f_forward, err);
    kn_obj *input = a->npos > 0 ? a->pos[0] : NULL;
    kn_args rest = *a;
    if (input) {
        rest.pos = a->pos + 1;
        rest.npos = a->npos - 1;
    } else {
        for (int i = 0; i < a->nkw; i++)
            if (!strcmp(a->kwnames[i], "input")) input = a->kwvals[i];
    }
    if (input && !kn_is_tensor(input) && !strcmp(name, "pow") && a->npos == 2 && a->nkw == 0 &&
        kn_is_tensor(a->pos[1]) && (kn_is(input, &kn_type_int) || kn_is(input, &kn_type_float) ||
                                      kn_is(input, &kn_type_bool) || kn_is(input, &kn_type_complex)))
        /* pow(Scalar self, Tensor exponent) */
        return kn_binary(KN_BINOP_POW, input, a->pos[1], err);
    if (!input || !kn_is_tensor(input)) {
        tc_error_set(err, TC_EXC_TYPE, "%s(): argument 'input' (position 1) must be Tensor, not %s",
                     name, input ? kn_type_name(input) : "NoneType");
        return NULL;
    }
    const char *kwn[32];
    kn_obj *kwv[32];
    if (a->npos == 0) {
        /* drop the input= keyword */
        int k = 0;
        for (int i = 0; i < a->nkw && k < 32; i++)
            if (strcmp(a->kwnames[i], "input")) {
                kwn[k] = a->kwnames[i];
                kwv[k++] = a->kwvals[i];
            }
        rest.kwnames = kwn;
        rest.kwvals = kwv;
        rest.nkw = k;
    }
    const kn_args *saved[2];
    kn__sig_forwarding(&rest, a, saved);
    kn_obj *r = kn__tensor_call(name, input, &rest, err);
    kn__sig_forwarded(saved);
    return r;
}

/* torch._sig_check(name, method, *args, **kwargs): PyTorch's argument parser on a call of
 * an op written in Python (torch_sig.c): its TypeError, or None, or (when keywords named
 * parameters by their NumPy names) a dict from those keywords to the parameters' names. */
static kn_obj *f_sig_check(kn_obj *self, const kn_args *a, kn_err *err) {
    (void)self;
    if (a->npos < 2 || !kn_is(a->pos[0], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "_sig_check(name, method, *args, **kwargs)");
        return NULL;
    }
    bool method;
    if (kn__to_bool(a->pos[1], &method, err) < 0) return NULL;
    kn_args rest = *a;
    rest.pos = a->pos + 2;
    rest.npos = a->npos - 2;
    kn_obj *renames;
    if (kn__sig_check(kn_str_cstr(a->pos[0]), method, &rest, &renames, err) < 0) return NULL;
    return renames ? renames : kn_none_new();
}

/* torch._return_type(name, *values): the torch.return_types.<name> result of an op written
 * in Python. The names and fields are PyTorch's, from this table (the result keeps the
 * strings). */
static kn_obj *f_return_type(kn_obj *self, const kn_args *a, kn_err *err) {
    static const struct {
        const char *name;
        int n;
        const char *f[4];
    } rows[] = {
        {"frexp", 2, {"mantissa", "exponent"}},
        {"histogram", 2, {"hist", "bin_edges"}},
        {"histogramdd", 2, {"hist", "bin_edges"}},
        {"triangular_solve", 2, {"solution", "cloned_coefficient"}},
        {"lu_unpack", 3, {"P", "L", "U"}},
        {"geqrf", 2, {"a", "tau"}},
        {"cummin", 2, {"values", "indices"}},
        {"nanmedian", 2, {"values", "indices"}},
    };
    if (!a->npos || !kn_is(a->pos[0], &kn_type_str) || a->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "_return_type(name, *values)");
        return NULL;
    }
    const char *name = kn_str_cstr(a->pos[0]);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (strcmp(rows[i].name, name) != 0) continue;
        if (a->npos - 1 != rows[i].n) {
            tc_error_set(err, TC_EXC_TYPE, "torch.return_types.%s takes %d values", name, rows[i].n);
            return NULL;
        }
        kn_obj *v[4];
        for (int k = 0; k < rows[i].n; k++) v[k] = kn_incref(a->pos[k + 1]);
        kn_obj *r = kn__return_types_n(rows[i].name, rows[i].n, rows[i].f, v);
        if (!r) kn_nomem(err);
        return r;
    }
    tc_error_set(err, TC_EXC_VALUE, "no torch.return_types.%s", name);
    return NULL;
}

/* torch._grad_fn_as(t, name): the layers written in Python (torch.nn) compose their ops; the
 * result's grad_fn takes the name PyTorch's fused op has, so it prints as there (the node
 * keeps its own copy of the name). Returns t. */
static kn_obj *f_grad_fn_as(kn_obj *self, const kn_args *a, kn_err *err) {
    (void)self;
    if (a->npos != 2 || a->nkw || !kn_is_tensor(a->pos[0]) || !kn_is(a->pos[1], &kn_type_str) ||
        !kn_str_cstr(a->pos[1])[0]) {
        tc_error_set(err, TC_EXC_TYPE, "_grad_fn_as(tensor, name)");
        return NULL;
    }
    if (tc_grad_fn_rename_copy(kn_tensor_unwrap(a->pos[0]), kn_str_cstr(a->pos[1]), err) < 0)
        return NULL;
    return kn_incref(a->pos[0]);
}

/* torch._unary(name, tensor): tensorcore's unary op of that name (the activations of
 * torch.nn.functional, written in Python, call their fused C kernels through it). */
static kn_obj *f_unary(kn_obj *self, const kn_args *a, kn_err *err) {
    (void)self;
    if (a->npos != 2 || a->nkw || !kn_is(a->pos[0], &kn_type_str) || !kn_is_tensor(a->pos[1])) {
        tc_error_set(err, TC_EXC_TYPE, "_unary(name, tensor)");
        return NULL;
    }
    const char *name = kn_str_cstr(a->pos[0]);
    for (int i = 0; i < TC_UNARY_OP_COUNT; i++)
        if (!strcmp(name, tc_unary_op_name((tc_unary_op)i))) {
            tc_tensor *r = tc_unary((tc_unary_op)i, kn_tensor_unwrap(a->pos[1]), err);
            return r ? kn_tensor_wrap(r) : NULL;
        }
    tc_error_set(err, TC_EXC_VALUE, "no unary op '%s'", name);
    return NULL;
}

/* torch._act(name, tensor, p0, p1, inplace): the fused piecewise activation of that name
 * (leaky_relu, hardtanh, hardsigmoid, hardswish, threshold; tc_activation), or None where it serves no
 * kernel (the functional forms compose it then). */
static kn_obj *f_act(kn_obj *self, const kn_args *a, kn_err *err) {
    (void)self;
    static const char *const names[] = {[TC_ACT_LEAKY_RELU] = "leaky_relu", [TC_ACT_HARDTANH] = "hardtanh",
                                        [TC_ACT_HARDSIGMOID] = "hardsigmoid", [TC_ACT_HARDSWISH] = "hardswish",
                                        [TC_ACT_THRESHOLD] = "threshold"};
    if (a->npos != 5 || a->nkw || !kn_is(a->pos[0], &kn_type_str) || !kn_is_tensor(a->pos[1])) {
        tc_error_set(err, TC_EXC_TYPE, "_act(name, tensor, p0, p1, inplace)");
        return NULL;
    }
    double p0, p1;
    int inplace = kn_truth(a->pos[4], err);
    if (inplace < 0 || kn_to_double(a->pos[2], &p0, err) < 0 || kn_to_double(a->pos[3], &p1, err) < 0)
        return NULL;
    const char *name = kn_str_cstr(a->pos[0]);
    for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
        if (!strcmp(name, names[i])) {
            tc_tensor *r = tc_activation((tc_act)i, kn_tensor_unwrap(a->pos[1]), p0, p1, inplace, err);
            if (r && inplace) { /* the same tensor object, as PyTorch's in-place forms return */
                tc_tensor_unref(r);
                return kn_incref(a->pos[1]);
            }
            if (r) return kn_tensor_wrap(r);
            return tc_error_is_set(err) ? NULL : kn_none_new();
        }
    tc_error_set(err, TC_EXC_VALUE, "no activation '%s'", name);
    return NULL;
}

/* torch._has_mkl(): whether exp, log, sin, ... go through MKL's vector math (PyTorch's CPU
 * build does; torch.backends.mkl.is_available() reports it). */
static kn_obj *f_has_mkl(kn_obj *self, const kn_args *a, kn_err *err) {
    (void)self;
    if (kn_args_bind(a, "_has_mkl", NULL, 0, 0, NULL, err) < 0) return NULL;
    return kn_bool_new(tc_backend_cpu_has_mkl());
}

/* The out= forms: the function's result written into out (factories in out's dtype). */
#define OUT_FNS(X)                                                                           \
    X(zeros, 1) X(ones, 1) X(empty, 1) X(full, 1) X(arange, 1) X(linspace, 1) X(eye, 1)     \
    X(cat, 0) X(stack, 0) X(where, 0)
#define OUT_FN(name, factory)                                                                \
    static kn_obj *f_##name##_out(kn_obj *self, const kn_args *a, kn_err *err) {             \
        return factory ? kn__factory_with_out(#name, self, a, f_##name, err)                 \
                       : kn__call_with_out(#name, self, a, f_##name, err);                   \
    }
OUT_FNS(OUT_FN)
#undef OUT_FN

/* torch._tensor_method(name, fn, ndarray=False): make fn (written in Python) the Tensor's
 * (or numpy.ndarray's) method 'name' where no C method has that name. Returns the registry's
 * holder: the methods exist while the caller keeps it. */
static kn_obj *f_tensor_method(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"name", "fn", "ndarray"};
    kn_obj *v[3];
    if (kn_args_bind(a, "_tensor_method", names, 3, 2, v, err) < 0) return NULL;
    if (!kn_is(v[0], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "_tensor_method(name: str, fn)");
        return NULL;
    }
    int nd = v[2] ? kn_truth(v[2], err) : 0;
    if (nd < 0) return NULL;
    return kn__py_method_add(nd, kn_str_cstr(v[0]), v[1], err);
}

/* torch._tensor_method_loader(fn, ndarray=False): fn() loads the Tensor (ndarray) methods
 * written in Python on the first lookup that finds nothing. Returns the registry's holder. */
static kn_obj *f_tensor_method_loader(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"fn", "ndarray"};
    kn_obj *v[2];
    if (kn_args_bind(a, "_tensor_method_loader", names, 2, 1, v, err) < 0) return NULL;
    int nd = v[1] ? kn_truth(v[1], err) : 0;
    if (nd < 0) return NULL;
    return kn__py_method_loader(nd, v[0], err);
}

static kn_obj *f_get_num_threads(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "get_num_threads", NULL, 0, 0, NULL, err) < 0) return NULL;
    return kn_int_new(tc_num_threads());
}

static kn_obj *f_set_num_threads(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"int"};
    kn_obj *v[1];
    if (kn_args_bind(a, "set_num_threads", names, 1, 1, v, err) < 0) return NULL;
    if (!kn_is(v[0], &kn_type_int) && !kn_is(v[0], &kn_type_bool)) {
        tc_error_set(err, TC_EXC_RUNTIME, "set_num_threads expects an int, but got %s",
                     kn_type_name(v[0]));
        return NULL;
    }
    int64_t n = kn_int_value(v[0]);
    if (n <= 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "set_num_threads expects a positive integer");
        return NULL;
    }
    tc_set_num_threads(n > 1024 ? 1024 : (int)n);
    return kn_incref(kn_none());
}

static const kn__fn torch_fns[] = {
    {"get_num_threads", f_get_num_threads, "()", "Returns the number of threads used for parallelizing CPU operations."},
    {"set_num_threads", f_set_num_threads, "(int)", "Sets the number of threads used for intraop parallelism on CPU."},
    {"_tensor_method_loader", f_tensor_method_loader, "(fn, ndarray=False)",
     "Set the loader of the Tensor (or ndarray) methods written in Python."},
    {"_tensor_method", f_tensor_method, "(name, fn, ndarray=False)",
     "Add a Tensor (or ndarray) method written in Python."},
    {"_sig_check", f_sig_check, "(name, method, *args, **kwargs)",
     "PyTorch's argument parser on a call of an op written in Python."},
    {"_return_type", f_return_type, "(name, *values)", "A torch.return_types result of an op written in Python."},
    {"_grad_fn_as", f_grad_fn_as, "(tensor, name)", "Name the node of a composed op as PyTorch's."},
    {"_unary", f_unary, "(name, tensor)", "Apply the library's unary op of that name."},
    {"_act", f_act, "(name, tensor, p0, p1, inplace)", "Apply the library's fused activation of that name."},
    {"_has_mkl", f_has_mkl, "()", "Whether the CPU kernels use MKL's vector math."},
    {"tensor", f_tensor, "(data, *, dtype=None, device=None, requires_grad=False)",
     "Constructs a tensor with no autograd history by copying data."},
    {"zeros", f_zeros_out, "(*size, dtype=None, device=None, requires_grad=False)",
     "Returns a tensor filled with the scalar value 0, with the shape defined by size."},
    {"ones", f_ones_out, "(*size, dtype=None, device=None, requires_grad=False)",
     "Returns a tensor filled with the scalar value 1, with the shape defined by size."},
    {"empty", f_empty_out, "(*size, dtype=None, device=None, requires_grad=False)",
     "Returns a tensor filled with uninitialized data."},
    {"full", f_full_out, "(size, fill_value, *, dtype=None, device=None, requires_grad=False)",
     "Creates a tensor of size size filled with fill_value."},
    {"zeros_like", f_zeros_like, "(input, *, dtype=None, device=None, requires_grad=False)",
     "Returns a tensor filled with 0, with the same size as input."},
    {"ones_like", f_ones_like, "(input, *, dtype=None, device=None, requires_grad=False)",
     "Returns a tensor filled with 1, with the same size as input."},
    {"empty_like", f_empty_like, "(input, *, dtype=None, device=None, requires_grad=False)",
     "Returns an uninitialized tensor with the same size as input."},
    {"full_like", f_full_like, "(input, fill_value, *, dtype=None, device=None, requires_grad=False)",
     "Returns a tensor with the same size as input filled with fill_value."},
    {"arange", f_arange_out, "(start=0, end, step=1, *, dtype=None, device=None, requires_grad=False)",
     "Returns a 1-D tensor of size ceil((end - start) / step) with values from [start, end)."},
    {"linspace", f_linspace_out, "(start, end, steps, *, dtype=None, device=None, requires_grad=False)",
     "Creates a one-dimensional tensor of size steps whose values are evenly spaced from start to end."},
    {"eye", f_eye_out, "(n, m=None, *, dtype=None, device=None, requires_grad=False)",
     "Returns a 2-D tensor with ones on the diagonal and zeros elsewhere."},
    {"from_numpy", f_from_numpy, "(ndarray)", "Creates a Tensor from a numpy.ndarray."},
    {"as_tensor", f_as_tensor, "(data, dtype=None, device=None)",
     "Converts data into a tensor, sharing data and preserving autograd history if possible."},
    {"sparse_coo_tensor", f_sparse_coo_tensor,
     "(indices, values, size=None, *, dtype=None, device=None, requires_grad=False)",
     "Constructs a sparse tensor in COO(rdinate) format with specified values at the given indices."},
    {"cat", f_cat_out, "(tensors, dim=0)",
     "Concatenates the given sequence of tensors in tensors in the given dimension."},
    {"concat", f_cat_out, "(tensors, dim=0)", "Alias of torch.cat()."},
    {"concatenate", f_cat_out, "(tensors, dim=0)", "Alias of torch.cat()."},
    {"stack", f_stack_out, "(tensors, dim=0)",
     "Concatenates a sequence of tensors along a new dimension."},
    {"where", f_where_out, "(condition, input=None, other=None)",
     "Return a tensor of elements selected from either input or other, depending on condition."},
    {"is_tensor", f_is_tensor, "(obj)", "Returns True if obj is a PyTorch tensor."},
    {"is_grad_enabled", f_is_grad_enabled, "()", "Returns True if grad mode is currently enabled."},
    {"get_default_dtype", f_get_default_dtype, "()", "Get the current default floating point torch.dtype."},
    {"set_default_dtype", f_set_default_dtype, "(d)", "Sets the default floating point dtype to d."},
    {"promote_types", f_promote_types, "(type1, type2)",
     "Returns the torch.dtype with the smallest size and scalar kind that is not smaller nor of lower kind than either type1 or type2."},
    {"set_printoptions", f_set_printoptions,
     "(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None)",
     "Set options for printing."},
    {NULL, NULL, NULL, NULL},
};

/* ---- torch.cuda ---------------------------------------------------------------------------- */

static int need_cuda(kn_err *err) {
    tc_device d;
    return tc_device_parse("cuda", &d, err);
}

static kn_obj *c_is_available(kn_obj *self, const kn_args *a, kn_err *err) {
    return kn_bool_new(gpu_device_count() > 0);
}

static kn_obj *c_device_count(kn_obj *self, const kn_args *a, kn_err *err) {
    return kn_int_new(gpu_device_count());
}

static kn_obj *c_synchronize(kn_obj *self, const kn_args *a, kn_err *err) {
    void *ctx = NULL;
    if (need_cuda(err) < 0) return NULL;
    const tc_backend_i *b = tc_backend_get(TC_DEVICE_CUDA, &ctx);
    if (b && b->synchronize && b->synchronize(ctx, 0, err) < 0) return NULL;
    return kn_none_new();
}

static kn_obj *c_current_device(kn_obj *self, const kn_args *a, kn_err *err) {
    if (need_cuda(err) < 0) return NULL;
    return kn_int_new(0);
}

static kn_obj *c_get_device_name(kn_obj *self, const kn_args *a, kn_err *err) {
    if (need_cuda(err) < 0) return NULL;
    const char *b = gpu_backend_name();
    if (b && !strcmp(b, "cuda-emulated")) return kn_str_from_cstr("tensorkernel emulated CUDA device");
    return kn_str_from_cstr("NVIDIA CUDA device");
}

static kn_obj *c_set_transfer_warning(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"nbytes"};
    kn_obj *v[1];
    int64_t n;
    if (kn_args_bind(a, "set_transfer_warning", names, 1, 1, v, err) < 0 ||
        kn_to_int64(v[0], &n, err) < 0)
        return NULL;
    if (n < 0) {
        tc_error_set(err, TC_EXC_VALUE, "set_transfer_warning(): nbytes must be non-negative");
        return NULL;
    }
    gpu_ledger_set_threshold((size_t)n);
    return kn_none_new();
}

static const kn__fn cuda_fns[] = {
    {"is_available", c_is_available, "()", "Return a bool indicating if CUDA is currently available."},
    {"device_count", c_device_count, "()", "Return the number of GPUs available."},
    {"synchronize", c_synchronize, "(device=None)",
     "Wait for all kernels in all streams on a CUDA device to complete."},
    {"current_device", c_current_device, "()", "Return the index of a currently selected device."},
    {"get_device_name", c_get_device_name, "(device=None)", "Get the name of a device."},
    {"set_transfer_warning", c_set_transfer_warning, "(nbytes)",
     "Warn on GPU-to-CPU transfers of at least nbytes bytes (default 1 MiB)."},
    {NULL, NULL, NULL, NULL},
};

/* ---- the module ----------------------------------------------------------------------------- */

static int add_obj(kn_obj *m, const char *name, kn_obj *v) {
    if (!v) return -1;
    kn_module_add(m, name, v);
    return 0;
}

static int add_new(kn_obj *m, const char *name, kn_obj *v) {
    int rc = add_obj(m, name, v);
    kn_decref(v);
    return rc;
}

static int add_dtypes(kn_obj *m) {
    static const struct { const char *name; tc_dtype dt; } aliases[] = {
        {"float", TC_DTYPE_F32}, {"double", TC_DTYPE_F64}, {"half", TC_DTYPE_F16},
        {"long", TC_DTYPE_I64}, {"int", TC_DTYPE_I32}, {"short", TC_DTYPE_I16},
        {"cfloat", TC_DTYPE_C64}, {"cdouble", TC_DTYPE_C128},
    };
    for (int i = 0; i < TC_DTYPE_COUNT; i++) add_obj(m, tc_dtype_name((tc_dtype)i), kn__dtype_obj((tc_dtype)i));
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
        add_obj(m, aliases[i].name, kn__dtype_obj(aliases[i].dt));
    return 0;
}

static kn_obj *cuda_module(kn_err *err) {
    kn_obj *c = kn_module_new("torch.cuda", "CUDA devices and the GPU-to-CPU transfer ledger.");
    if (!c) return NULL;
    if (kn__module_add_fns(c, cuda_fns, err) < 0) {
        kn_decref(c);
        return NULL;
    }
    return c;
}

/* Signatures of the forwarded functions, made once per process: cfunctions keep the
 * signature pointer, so they need process lifetime (and must not be made per import). */
static char *forwarded_sigs[KN__TENSOR_FORWARDED_MAX];
static char *ops_forwarded_sigs[256];

/* Add torch.<name> for each name of 'list' (sigs: per-name signature slots). */
static int add_forwarded_list(kn_obj *m, const char *const *list, char **sigs, size_t nsigs, kn_err *err) {
    for (const char *const *n = list; *n && (size_t)(n - list) < nsigs; n++) {
        const kn__fn *f = kn__tensor_method_find(*n);
        TC_ASSERT(f != NULL); /* every forwarded name has its method row */
        fwd_obj *name = (fwd_obj *)kn_obj_alloc(&fwd_type, sizeof(fwd_obj), err);
        if (!name) return -1;
        name->name = *n;
        char sig[160];
        snprintf(sig, sizeof sig, "(input, %s", f->sig[1] == ')' ? ")" : f->sig + 1);
        if (f->sig[1] == ')') snprintf(sig, sizeof sig, "(input)");
        char **keep_slot = &sigs[n - list];
        if (!*keep_slot) *keep_slot = tc_strdup(sig);
        char *keep = *keep_slot;
        kn_obj *fn = keep ? kn_cfunction_new(*n, f_forward, &name->base, keep, f->doc) : NULL;
        kn_decref(&name->base);
        if (add_new(m, *n, fn) < 0) return kn_nomem(err);
    }
    return 0;
}

static int add_forwarded(kn_obj *m, kn_err *err) {
    if (add_forwarded_list(m, kn__tensor_forwarded, forwarded_sigs, KN__TENSOR_FORWARDED_MAX, err) < 0) return -1;
    static char *linalg_sigs[16];
    if (add_forwarded_list(m, kn__torch_linalg_forwarded, linalg_sigs, 16, err) < 0) return -1;
    static char *complex_sigs[16];
    if (add_forwarded_list(m, kn__torch_complex_forwarded, complex_sigs, 16, err) < 0) return -1;
    return add_forwarded_list(m, kn__torch_ops_forwarded, ops_forwarded_sigs, 256, err);
}

static kn_obj *linalg_module(kn_err *err) {
    kn_obj *l = kn_module_new("torch.linalg", "Linear algebra: norms, products and LAPACK factorizations.");
    if (l && (kn__module_add_fns(l, kn__torch_linalg_fns, err) < 0 ||
              kn__module_add_fns(l, kn__torch_linalg_lapack_fns, err) < 0 ||
              add_obj(l, "LinAlgError", kn_exception_class(TC_EXC_LINALG)) < 0)) {
        kn_decref(l);
        return NULL;
    }
    return l;
}

/* The torch module. */
kn_obj *kn_mod_torch_init(kn_err *err) {
    gpu_init();
    kn_obj *m = kn_module_new("torch", "Tensors and dynamic neural networks, tensorkernel edition.");
    if (!m) return NULL;
    kn_obj *cuda = NULL;
    kn_obj *linalg = NULL;
    if (kn__module_add_fns(m, torch_fns, err) < 0 || kn__torch_random_init(m, err) < 0 ||
        kn__module_add_fns(m, kn__torch_ops_fns, err) < 0 ||
        kn__module_add_fns(m, kn__torch_serialize_fns, err) < 0 ||
        kn__module_add_fns(m, kn__torch_complex_fns, err) < 0 ||
        kn__module_add_fns(m, kn__torch_nn_fns, err) < 0 ||
        kn__module_add_fns(m, kn__torch_fft_fns, err) < 0 ||
        kn__module_add_fns(m, kn__torch_lu_fns, err) < 0 ||
        add_forwarded(m, err) < 0 || !(cuda = cuda_module(err)))
        goto fail;
    add_new(m, "cuda", cuda);
    if (kn__torch_autograd_init(m, err) < 0) goto fail;
    if (!(linalg = linalg_module(err))) goto fail;
    add_new(m, "linalg", linalg);
    add_dtypes(m);
    add_obj(m, "strided", kn__layout_obj(TC_LAYOUT_STRIDED));
    add_obj(m, "sparse_coo", kn__layout_obj(TC_LAYOUT_SPARSE_COO));
    add_obj(m, "Tensor", kn_type_object(&kn_type_tensor));
    add_obj(m, "_Parameter", kn_type_object(kn_parameter_type()));
    add_obj(m, "Size", kn_type_object(&kn__type_size));
    add_obj(m, "device", kn_type_object(&kn__type_device));
    add_obj(m, "dtype", kn_type_object(&kn__type_dtype));
    add_obj(m, "layout", kn_type_object(&kn__type_layout));
    add_obj(m, "memory_format", kn_type_object(&kn__type_memory_format));
    add_obj(m, "contiguous_format", kn__memory_format_obj(KN_MF_CONTIGUOUS));
    add_obj(m, "channels_last", kn__memory_format_obj(KN_MF_CHANNELS_LAST));
    add_obj(m, "channels_last_3d", kn__memory_format_obj(KN_MF_CHANNELS_LAST_3D));
    add_obj(m, "preserve_format", kn__memory_format_obj(KN_MF_PRESERVE));
    add_new(m, "__version__", kn_str_from_cstr("2.15.0"));
    add_new(m, "pi", kn_float_new(M_PI));
    add_new(m, "e", kn_float_new(M_E));
    add_new(m, "inf", kn_float_new(INFINITY));
    add_new(m, "nan", kn_float_new(NAN));
    return m;
fail:
    kn_decref(m);
    return NULL;
}
