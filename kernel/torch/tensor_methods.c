/*
 * The methods of torch.Tensor, one small C function each, and the table that getattr,
 * dir() (completion) and inspection read: name, signature and PyTorch's first docstring
 * line. torch.<fn>(input, ...) forwards here through kn__tensor_call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpu/gpu.h"
#include "tensorcore/storage.h"
#include "kernel/torch/torch-impl.h"

#define NARGS(names) ((int)(sizeof(names) / sizeof(*(names))))
#define BIND(fname, names, nreq, out) bind_alias(a, fname, names, NARGS(names), nreq, out, err)

static tc_tensor *T(kn_obj *o) { return ((kn_tensor_obj *)o)->t; }
static kn_obj *wrap(tc_tensor *t) { return t ? kn_tensor_wrap(t) : NULL; }
static bool absent(kn_obj *o) { return !o || kn_is(o, &kn_type_none); }

/* Tensor.split is Python code in PyTorch and takes no NumPy alias. */
static int bind_alias(const kn_args *a, const char *fname, const char *const *names, int n,
                      int nreq, kn_obj **out, kn_err *err) {
    if (!strcmp(fname, "split")) return kn_args_bind(a, fname, names, n, nreq, out, err);
    return kn__bind_dim(a, fname, names, n, nreq, out, err);
}

static int parse_dims(kn_obj *o, const tc_tensor *t, int *dims, int *n, kn_err *err);

static int no_args(const kn_args *a, const char *fname, kn_err *err) {
    return kn_args_bind(a, fname, NULL, 0, 0, NULL, err);
}

static int get_int(kn_obj *o, int64_t *v, kn_err *err) {
    return kn__long_fits(o, err) < 0 ? -1 : kn_to_int64(o, v, err);
}

static int get_dim(kn_obj *o, const tc_tensor *t, int *dim, kn_err *err) {
    int64_t d;
    if (get_int(o, &d, err) < 0) return -1;
    return kn__wrap_dim(d, t->ndim, dim, err);
}

/* size(d)/stride(d) of a 0-d tensor: PyTorch does not wrap the dim as it does for ops. */
static int no_dims(kn_obj *o, const tc_tensor *t, kn_err *err) {
    int64_t d;
    if (t->ndim > 0) return 0;
    if (get_int(o, &d, err) < 0) return -1;
    return tc_error_set(err, TC_EXC_INDEX, "Dimension specified as %lld but tensor has no dimensions",
                        (long long)d);
}

/* ---- shape and layout ------------------------------------------------------------------ */

static kn_obj *m_size(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dim"};
    kn_obj *v[1];
    tc_tensor *t = T(self);
    if (BIND("size", names, 0, v) < 0) return NULL;
    if (absent(v[0])) return kn__size_new(t->shape, t->ndim);
    int d;
    if (no_dims(v[0], t, err) < 0 || get_dim(v[0], t, &d, err) < 0) return NULL;
    return kn_int_new(t->shape[d]);
}

static kn_obj *m_stride(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dim"};
    kn_obj *v[1];
    tc_tensor *t = T(self);
    if (BIND("stride", names, 0, v) < 0) return NULL;
    if (t->layout != TC_LAYOUT_STRIDED) {
        tc_error_set(err, TC_EXC_RUNTIME, "Sparse tensors do not have strides");
        return NULL;
    }
    if (!absent(v[0])) {
        int d;
        if (no_dims(v[0], t, err) < 0 || get_dim(v[0], t, &d, err) < 0) return NULL;
        return kn_int_new(t->strides[d]);
    }
    kn_obj *tup = kn_tuple_new(t->ndim);
    for (int i = 0; tup && i < t->ndim; i++) kn_tuple_set(tup, i, kn_int_new(t->strides[i]));
    return tup;
}

static kn_obj *m_dim(kn_obj *self, const kn_args *a, kn_err *err) {
    return no_args(a, "dim", err) < 0 ? NULL : kn_int_new(T(self)->ndim);
}

static kn_obj *m_numel(kn_obj *self, const kn_args *a, kn_err *err) {
    return no_args(a, "numel", err) < 0 ? NULL : kn_int_new(tc_numel(T(self)));
}

/* The keyword-only memory_format argument of fname; -1 with err. */
static int memory_format_only(const kn_args *a, const char *fname, kn_mf dflt, kn_err *err) {
    static const char *const names[] = {"memory_format"};
    kn_obj *v[1];
    if (a->npos)
        return tc_error_set(err, TC_EXC_TYPE, "%s() takes 0 positional arguments but %d %s given", fname, a->npos,
                            a->npos == 1 ? "was" : "were");
    if (kn__kwargs(a, fname, names, 1, v, err) < 0) return -1;
    return kn__memory_format_arg(v[0], fname, dflt, err);
}

static kn_obj *m_is_contiguous(kn_obj *self, const kn_args *a, kn_err *err) {
    int mf = memory_format_only(a, "is_contiguous", KN_MF_CONTIGUOUS, err);
    if (mf < 0) return NULL;
    return kn_bool_new(kn__is_contiguous_as(T(self), (kn_mf)mf));
}

static kn_obj *m_is_floating_point(kn_obj *self, const kn_args *a, kn_err *err) {
    return no_args(a, "is_floating_point", err) < 0 ? NULL
                                                     : kn_bool_new(tc_dtype_is_float(T(self)->dtype));
}

static kn_obj *m_storage_offset(kn_obj *self, const kn_args *a, kn_err *err) {
    return no_args(a, "storage_offset", err) < 0 ? NULL : kn_int_new(T(self)->offset);
}

/* t._storage_view(byte=False): the whole storage under t as a 1-D tensor of t's dtype (of
 * uint8 with byte=True), detached: what TypedStorage / UntypedStorage read and write. */
static kn_obj *m_storage_view(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"byte"};
    kn_obj *v[1];
    tc_tensor *t = T(self);
    if (BIND("_storage_view", names, 0, v) < 0) return NULL;
    int byte = absent(v[0]) ? 0 : kn_truth(v[0], err);
    if (byte < 0) return NULL;
    if (!t->storage) {
        tc_error_set(err, TC_EXC_RUNTIME, "sparse tensors do not have storage");
        return NULL;
    }
    tc_dtype dt = byte ? TC_DTYPE_U8 : t->dtype;
    int64_t n = (int64_t)(tc_storage_nbytes(t->storage) / tc_dtype_size(dt)), st = 1;
    return wrap(tc_tensor_from_storage(t->storage, dt, &n, &st, 1, 0, err));
}

/* t.as_strided(size, stride, storage_offset=None): a view of t's storage (no autograd: a
 * tensor that requires grad is refused rather than given a wrong gradient). */
static kn_obj *m_as_strided(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"size", "stride", "storage_offset"};
    kn_obj *v[3];
    tc_tensor *t = T(self);
    int64_t shape[TC_MAX_DIMS], strides[TC_MAX_DIMS], off = t->offset;
    int n, ns;
    if (BIND("as_strided", names, 2, v) < 0 || kn__shape_of(v[0], shape, &n, err) < 0 ||
        kn__shape_of(v[1], strides, &ns, err) < 0)
        return NULL;
    if (n != ns) {
        tc_error_set(err, TC_EXC_RUNTIME, "mismatch in length of strides and shape");
        return NULL;
    }
    if (!absent(v[2]) && get_int(v[2], &off, err) < 0) return NULL;
    if (!t->storage || t->requires_grad) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                     "as_strided is supported here only on strided tensors without autograd");
        return NULL;
    }
    return wrap(tc_tensor_from_storage(t->storage, t->dtype, shape, strides, n, off, err));
}

static kn_obj *m_element_size(kn_obj *self, const kn_args *a, kn_err *err) {
    return no_args(a, "element_size", err) < 0 ? NULL
                                               : kn_int_new((int64_t)tc_dtype_size(T(self)->dtype));
}

static kn_obj *m_get_device(kn_obj *self, const kn_args *a, kn_err *err) {
    tc_tensor *t = T(self);
    return kn_int_new(t->device.type == TC_DEVICE_CPU ? -1 : t->device.index);
}

static int shape_args(const kn_args *a, const char *fname, int64_t *shape, int *n, kn_err *err) {
    if (a->nkw) {
        if (a->nkw == 1 && (!strcmp(a->kwnames[0], "size") || !strcmp(a->kwnames[0], "shape")) &&
            a->npos == 0)
            return kn__shape_of(a->kwvals[0], shape, n, err);
        return tc_error_set(err, TC_EXC_TYPE, "%s() got an unexpected keyword argument '%s'",
                            fname, a->kwnames[0]);
    }
    return kn__parse_shape(a, 0, shape, n, err);
}

static kn_obj *m_view(kn_obj *self, const kn_args *a, kn_err *err) {
    int64_t shape[TC_MAX_DIMS];
    int n;
    tc_dtype dt;
    if (a->npos == 1 && !a->nkw && kn__is_dtype(a->pos[0], &dt)) return wrap(tc_view_dtype(T(self), dt, err));
    if (a->npos == 0 && a->nkw == 1 && !strcmp(a->kwnames[0], "dtype") && kn__is_dtype(a->kwvals[0], &dt))
        return wrap(tc_view_dtype(T(self), dt, err));
    if (shape_args(a, "view", shape, &n, err) < 0) return NULL;
    return wrap(tc_view(T(self), shape, n, err));
}

static kn_obj *m_reshape(kn_obj *self, const kn_args *a, kn_err *err) {
    int64_t shape[TC_MAX_DIMS];
    int n;
    if (shape_args(a, "reshape", shape, &n, err) < 0) return NULL;
    return wrap(tc_reshape(T(self), shape, n, err));
}

static kn_obj *m_expand(kn_obj *self, const kn_args *a, kn_err *err) {
    int64_t shape[TC_MAX_DIMS];
    int n;
    if (shape_args(a, "expand", shape, &n, err) < 0) return NULL;
    return wrap(tc_expand(T(self), shape, n, err));
}

static kn_obj *like_method(kn_obj *self, const kn_args *a, const char *fname,
                           tc_tensor *(*fn)(tc_tensor *, const int64_t *, int, tc_error *),
                           kn_err *err) {
    static const char *const names[] = {"other"};
    kn_obj *v[1];
    if (BIND(fname, names, 1, v) < 0) return NULL;
    tc_tensor *o = kn_tensor_unwrap(v[0]);
    if (!o) {
        tc_error_set(err, TC_EXC_TYPE, "%s(): argument 'other' (position 1) must be Tensor, not %s",
                     fname, kn_type_name(v[0]));
        return NULL;
    }
    return wrap(fn(T(self), o->shape, o->ndim, err));
}

static kn_obj *m_view_as(kn_obj *self, const kn_args *a, kn_err *err) {
    return like_method(self, a, "view_as", tc_view, err);
}
static kn_obj *m_reshape_as(kn_obj *self, const kn_args *a, kn_err *err) {
    return like_method(self, a, "reshape_as", tc_reshape, err);
}
static kn_obj *m_expand_as(kn_obj *self, const kn_args *a, kn_err *err) {
    return like_method(self, a, "expand_as", tc_expand, err);
}

static kn_obj *m_t(kn_obj *self, const kn_args *a, kn_err *err) {
    tc_tensor *t = T(self);
    if (no_args(a, "t", err) < 0) return NULL;
    if (t->ndim > 2) {
        tc_error_set(err, TC_EXC_RUNTIME, "t() expects a tensor with <= 2 dimensions, but self is %dD",
                     t->ndim);
        return NULL;
    }
    return wrap(tc_t(t, err));
}

static kn_obj *m_transpose(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dim0", "dim1"};
    kn_obj *v[2];
    int d0, d1;
    tc_tensor *t = T(self);
    if (BIND("transpose", names, 2, v) < 0 || get_dim(v[0], t, &d0, err) < 0 ||
        get_dim(v[1], t, &d1, err) < 0)
        return NULL;
    return wrap(tc_transpose(t, d0, d1, err));
}

static kn_obj *m_permute(kn_obj *self, const kn_args *a, kn_err *err) {
    int64_t dims[TC_MAX_DIMS];
    int n, d[TC_MAX_DIMS];
    tc_tensor *t = T(self);
    if (shape_args(a, "permute", dims, &n, err) < 0) return NULL;
    if (n != t->ndim) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "permute(sparse_coo): number of dimensions in the tensor input does not "
                     "match the length of the desired ordering of dimensions i.e. input.dim() = "
                     "%d is not equal to len(dims) = %d", t->ndim, n);
        return NULL;
    }
    for (int i = 0; i < n; i++)
        if (kn__wrap_dim(dims[i], t->ndim, &d[i], err) < 0) return NULL;
    return wrap(tc_permute(t, d, n, err));
}

static kn_obj *m_squeeze(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dim"};
    kn_obj *v[1];
    int d = TC_ALL_DIMS;
    if (BIND("squeeze", names, 0, v) < 0) return NULL;
    if (!absent(v[0]) && (kn_is(v[0], &kn_type_tuple) || kn_is(v[0], &kn_type_list))) {
        /* squeeze(dims): each named dim of size 1 goes, highest first so the others hold */
        int dims[TC_MAX_DIMS], n = 0;
        if (parse_dims(v[0], T(self), dims, &n, err) < 0) return NULL;
        bool gone[TC_MAX_DIMS] = {0};
        for (int i = 0; i < n; i++) gone[dims[i]] = true;
        tc_tensor *r = tc_tensor_ref(T(self));
        for (int i = T(self)->ndim - 1; r && i >= 0; i--) {
            if (!gone[i] || r->shape[i] != 1) continue;
            tc_tensor *q = tc_squeeze(r, i, err);
            tc_tensor_unref(r);
            r = q;
        }
        return wrap(r);
    }
    if (!absent(v[0]) && get_dim(v[0], T(self), &d, err) < 0) return NULL;
    return wrap(tc_squeeze(T(self), d, err));
}

static kn_obj *m_unsqueeze(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dim"};
    kn_obj *v[1];
    int64_t d;
    int dim;
    if (BIND("unsqueeze", names, 1, v) < 0 || get_int(v[0], &d, err) < 0 ||
        kn__wrap_dim(d, T(self)->ndim + 1, &dim, err) < 0)
        return NULL;
    return wrap(tc_unsqueeze(T(self), dim, err));
}

static kn_obj *m_flatten(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"start_dim", "end_dim"};
    kn_obj *v[2];
    int s = 0, e = T(self)->ndim ? T(self)->ndim - 1 : 0;
    if (BIND("flatten", names, 0, v) < 0) return NULL;
    if (!absent(v[0]) && get_dim(v[0], T(self), &s, err) < 0) return NULL;
    if (!absent(v[1]) && get_dim(v[1], T(self), &e, err) < 0) return NULL;
    return wrap(tc_flatten(T(self), s, e, err));
}

static kn_obj *m_contiguous(kn_obj *self, const kn_args *a, kn_err *err) {
    int mf = memory_format_only(a, "contiguous", KN_MF_CONTIGUOUS, err);
    if (mf < 0) return NULL;
    if (mf == KN_MF_PRESERVE) mf = KN_MF_CONTIGUOUS;
    return kn__tensor_result(self, kn__in_memory_format(T(self), (kn_mf)mf, NULL, false, err));
}

static kn_obj *m_clone(kn_obj *self, const kn_args *a, kn_err *err) {
    int mf = memory_format_only(a, "clone", KN_MF_PRESERVE, err);
    if (mf < 0) return NULL;
    return wrap(mf == KN_MF_PRESERVE ? tc_clone(T(self), err) : kn__in_memory_format(T(self), (kn_mf)mf, NULL, true, err));
}

static kn_obj *m_detach(kn_obj *self, const kn_args *a, kn_err *err) {
    if (no_args(a, "detach", err) < 0) return NULL;
    return wrap(tc_detach(T(self), err));
}

/* ---- conversions ---------------------------------------------------------------------- */

static kn_obj *m_numpy(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"force"};
    kn_obj *v[1];
    bool force = false;
    if (BIND("numpy", names, 0, v) < 0) return NULL;
    if (!absent(v[0]) && kn__to_bool(v[0], &force, err) < 0) return NULL;
    tc_tensor *out = NULL;
    if (tc_numpy_check(T(self), force, &out, err) < 0) return NULL;
    kn_obj *r = kn__ndarray_view(out, false, err);
    tc_tensor_unref(out);
    return r;
}

static kn_obj *m_item(kn_obj *self, const kn_args *a, kn_err *err) {
    tc_scalar s;
    if (no_args(a, "item", err) < 0 || tc_item(T(self), &s, err) < 0) return NULL;
    return kn__scalar_obj(s);
}

static kn_obj *m_tolist(kn_obj *self, const kn_args *a, kn_err *err) {
    if (no_args(a, "tolist", err) < 0) return NULL;
    return kn__tolist(T(self), ".tolist()", err);
}

static kn_obj *convert(kn_obj *self, tc_dtype dt, tc_device dev, const char *cause, kn_err *err) {
    return kn__tensor_result(self, tc_to(T(self), dt, dev, cause, err));
}

/* Parse one positional argument of .to(): dtype, device or tensor. */
static int to_positional(kn_obj *o, tc_dtype *dt, tc_device *dev, kn_err *err) {
    tc_tensor *other = kn_tensor_unwrap(o);
    if (other) {
        *dt = other->dtype;
        *dev = other->device;
        return 0;
    }
    if (kn__is_dtype(o, dt)) return 0;
    if (kn_is(o, &kn_type_str) || kn_is(o, &kn__type_device) || kn_is(o, &kn_type_int))
        return kn__parse_device(o, dev, err);
    if (kn_is(o, &kn_type_type)) return kn__parse_dtype(o, dt, err);
    if (kn__unsupported_dtype(o, "to", err) < 0) return -1;
    return tc_error_set(err, TC_EXC_TYPE,
                        "to() received an invalid combination of arguments - got (%s)",
                        kn_type_name(o));
}

static kn_obj *m_to(kn_obj *self, const kn_args *a, kn_err *err) {
    tc_tensor *t = T(self);
    tc_dtype dt = t->dtype;
    tc_device dev = t->device;
    static const char *const kw[] = {"dtype", "device", "non_blocking", "copy", "memory_format"};
    kn_obj *v[5];
    if (a->npos > 2) {
        tc_error_set(err, TC_EXC_TYPE, "to() received an invalid combination of arguments");
        return NULL;
    }
    for (int i = 0; i < a->npos; i++)
        if (to_positional(a->pos[i], &dt, &dev, err) < 0) return NULL;
    if (kn__kwargs(a, "to", kw, 5, v, err) < 0) return NULL;
    if (!absent(v[0]) && kn__parse_dtype(v[0], &dt, err) < 0) return NULL;
    if (!absent(v[1]) && kn__parse_device(v[1], &dev, err) < 0) return NULL;
    int mf = kn__memory_format_arg(v[4], "to", KN_MF_PRESERVE, err);
    if (mf < 0) return NULL;
    kn_obj *r = convert(self, dt, dev, ".to()", err);
    if (r && r == self && v[3] && kn_truth(v[3], NULL) == 1) {
        kn_decref(r);
        r = wrap(tc_clone(t, err));
    }
    if (r && mf != KN_MF_PRESERVE) {
        tc_tensor *f = kn__in_memory_format(kn_tensor_unwrap(r), (kn_mf)mf, NULL, false, err);
        if (f == kn_tensor_unwrap(r)) {
            tc_tensor_unref(f);
            return r;
        }
        kn_decref(r);
        return wrap(f);
    }
    return r;
}

static kn_obj *m_cpu(kn_obj *self, const kn_args *a, kn_err *err) {
    if (no_args(a, "cpu", err) < 0) return NULL;
    return convert(self, T(self)->dtype, tc_device_cpu(), ".cpu()", err);
}

static kn_obj *m_cuda(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"device", "non_blocking"};
    kn_obj *v[2];
    tc_device dev;
    if (BIND("cuda", names, 0, v) < 0) return NULL;
    if (absent(v[0])) {
        if (tc_device_parse("cuda", &dev, err) < 0) return NULL;
    } else if (kn__parse_device(v[0], &dev, err) < 0) {
        return NULL;
    }
    return convert(self, T(self)->dtype, dev, ".cuda()", err);
}

#define CAST_METHODS(X)                                                                     \
    X(float, F32) X(double, F64) X(half, F16) X(bfloat16, BF16) X(int, I32) X(long, I64)    \
    X(bool, BOOL) X(short, I16) X(byte, U8) X(char, I8)

#define CAST_FN(name, id)                                                                   \
    static kn_obj *m_##name(kn_obj *self, const kn_args *a, kn_err *err) {                  \
        if (no_args(a, #name, err) < 0) return NULL;                                        \
        return convert(self, TC_DTYPE_##id, T(self)->device, ".to()", err);                 \
    }
CAST_METHODS(CAST_FN)
#undef CAST_FN

static const char *legacy_type_name(tc_dtype dt) {
    switch (dt) {
    case TC_DTYPE_BOOL: return "BoolTensor";
    case TC_DTYPE_U8: return "ByteTensor";
    case TC_DTYPE_I8: return "CharTensor";
    case TC_DTYPE_I16: return "ShortTensor";
    case TC_DTYPE_I32: return "IntTensor";
    case TC_DTYPE_I64: return "LongTensor";
    case TC_DTYPE_F16: return "HalfTensor";
    case TC_DTYPE_BF16: return "BFloat16Tensor";
    case TC_DTYPE_F32: return "FloatTensor";
    default: return "DoubleTensor";
    }
}

static kn_obj *m_type(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"dtype", "non_blocking"};
    kn_obj *v[2];
    tc_tensor *t = T(self);
    if (BIND("type", names, 0, v) < 0) return NULL;
    if (absent(v[0]))
        return kn_str_printf("torch.%s%s", t->device.type == TC_DEVICE_CUDA ? "cuda." : "",
                             legacy_type_name(t->dtype));
    tc_dtype dt;
    if (kn__parse_dtype(v[0], &dt, err) < 0) return NULL;
    return convert(self, dt, t->device, ".to()", err);
}

/* ---- elementwise ---------------------------------------------------------------------- */

#define UNARY_METHODS(X)                                                                    \
    X(abs, ABS, "Computes the absolute value of each element in input.")                    \
    X(neg, NEG, "Returns a new tensor with the negative of the elements of input.")         \
    X(negative, NEG, "Alias for torch.neg()")                                               \
    X(exp, EXP, "Returns a new tensor with the exponential of the elements of the input tensor input.") \
    X(log, LOG, "Returns a new tensor with the natural logarithm of the elements of input.") \
    X(sqrt, SQRT, "Returns a new tensor with the square-root of the elements of input.")    \
    X(relu, RELU, "Applies the rectified linear unit function element-wise.")               \
    X(sigmoid, SIGMOID, "Alias for torch.special.expit().")                                 \
    X(tanh, TANH, "Returns a new tensor with the hyperbolic tangent of the elements of input.") \
    X(logical_not, LOGICAL_NOT, "Computes the element-wise logical NOT of the given input tensor.") \
    X(sin, SIN, "Returns a new tensor with the sine of the elements of input.")             \
    X(cos, COS, "Returns a new tensor with the cosine of the elements of input.")           \
    X(floor, FLOOR, "Returns a new tensor with the floor of the elements of input, the largest integer less than or equal to each element.") \
    X(ceil, CEIL, "Returns a new tensor with the ceil of the elements of input, the smallest integer greater than or equal to each element.") \
    X(sign, SIGN, "Returns a new tensor with the signs of the elements of input.")          \
    X(rsqrt, RSQRT, "Returns a new tensor with the reciprocal of the square-root of each of the elements of input.") \
    X(log2, LOG2, "Returns a new tensor with the logarithm to the base 2 of the elements of input.") \
    X(log10, LOG10, "Returns a new tensor with the logarithm to the base 10 of the elements of input.") \
    X(square, SQUARE, "Returns a new tensor with the square of the elements of input.")     \
    X(reciprocal, RECIPROCAL, "Returns a new tensor with the reciprocal of the elements of input.")

#define UNARY_FN(name, id, doc)                                                                \
    static kn_obj *m_##name(kn_obj *self, const kn_args *a, kn_err *err) {                  \
        if (no_args(a, #name, err) < 0) return NULL;                                        \
        return wrap(tc_unary(TC_UOP_##id, T(self), err));                                   \
    }                                                                                       \
    static kn_obj *m_##name##_(kn_obj *self, const kn_args *a, kn_err *err) {               \
        if (no_args(a, #name "_", err) < 0 || tc_unary_(TC_UOP_##id, T(self), err) < 0)     \
            return NULL;                                                                    \
        return kn_incref(self);                                                             \
    }
UNARY_METHODS(UNARY_FN)
#undef UNARY_FN

static kn_obj *m_round(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"decimals"};
    kn_obj *v[1];
    if (BIND("round", names, 0, v) < 0) return NULL;
    int64_t dec = 0;
    if (!absent(v[0]) && get_int(v[0], &dec, err) < 0) return NULL;
    if (dec == 0) return wrap(tc_unary(TC_UOP_ROUND, T(self), err));
    double scale = 1;
    for (int64_t i = 0; i < (dec < 0 ? -dec : dec); i++) scale *= 10;
    if (dec < 0) scale = 1 / scale;
    tc_scalar s = {.kind = TC_SCALAR_FLOAT, .v.f = scale};
    tc_tensor *m = tc_binary_scalar(TC_OP_MUL, T(self), s, err);
    tc_tensor *r = m ? tc_unary(TC_UOP_ROUND, m, err) : NULL;
    tc_tensor_unref(m);
    tc_tensor *d = r ? tc_binary_scalar(TC_OP_DIV, r, s, err) : NULL;
    tc_tensor_unref(r);
    return wrap(d);
}

/* 'other' for binary methods: a tensor (new ref) or a scalar (*is_scalar). */
static int other_arg(kn_obj *o, const char *fname, tc_tensor **t, tc_scalar *s, kn_err *err) {
    *t = NULL;
    if (kn__scalar_fits(o, err) < 0) return -1;
    if (kn__scalar_of_c(o, s)) return 0;
    tc_tensor *x = kn_tensor_unwrap(o);
    if (!x)
        return tc_error_set(err, TC_EXC_TYPE,
                            "%s(): argument 'other' (position 1) must be Tensor, not %s", fname,
                            kn_type_name(o));
    *t = x;
    return 0;
}

/* other * alpha for add/sub (alpha checked by tc_alpha_check). New ref in *owned, or the
 * number scaled in place (a bool result's bool alpha stays bool: other and alpha). */
static int apply_alpha(tc_scalar al, tc_tensor **t, tc_scalar *s, tc_tensor **owned, kn_err *err) {
    *owned = NULL;
    if (*t) {
        *owned = tc_binary_scalar(TC_OP_MUL, *t, al, err);
        *t = *owned;
        return *owned ? 0 : -1;
    }
    if (s->kind == TC_SCALAR_BOOL && al.kind == TC_SCALAR_BOOL) {
        s->v.b = s->v.b && al.v.b;
        return 0;
    }
    if (s->kind == TC_SCALAR_COMPLEX || al.kind == TC_SCALAR_COMPLEX) {
        /* the scaled number in complex arithmetic */
        tc_scalar p = *s, q = al;
        double pr = p.kind == TC_SCALAR_COMPLEX ? p.v.c.re : p.kind == TC_SCALAR_FLOAT ? p.v.f : p.kind == TC_SCALAR_INT ? (double)p.v.i : p.v.b;
        double pi = p.kind == TC_SCALAR_COMPLEX ? p.v.c.im : 0;
        double qr = q.kind == TC_SCALAR_COMPLEX ? q.v.c.re : q.kind == TC_SCALAR_FLOAT ? q.v.f : q.kind == TC_SCALAR_INT ? (double)q.v.i : q.v.b;
        double qi = q.kind == TC_SCALAR_COMPLEX ? q.v.c.im : 0;
        s->kind = TC_SCALAR_COMPLEX;
        s->v.c.re = pr * qr - pi * qi;
        s->v.c.im = pr * qi + pi * qr;
        return 0;
    }
    double x = s->kind == TC_SCALAR_FLOAT ? s->v.f : s->kind == TC_SCALAR_INT ? (double)s->v.i : s->v.b;
    double y = al.kind == TC_SCALAR_FLOAT ? al.v.f : al.kind == TC_SCALAR_INT ? (double)al.v.i : al.v.b;
    if (s->kind == TC_SCALAR_FLOAT || al.kind == TC_SCALAR_FLOAT) {
        s->kind = TC_SCALAR_FLOAT;
        s->v.f = x * y;
    } else {
        s->kind = TC_SCALAR_INT;
        s->v.i = (int64_t)x * (int64_t)y;
    }
    return 0;
}

/* div's rounding_mode: None, 'trunc' (1) or 'floor' (2); -1 with PyTorch's error. */
static int rounding_mode(kn_obj *o, const char *fname, kn_err *err) {
    if (absent(o)) return 0;
    const char *m = kn_is(o, &kn_type_str) ? kn_str_cstr(o) : "";
    if (!strcmp(m, "trunc")) return 1;
    if (!strcmp(m, "floor")) return 2;
    return tc_error_set(err, TC_EXC_RUNTIME,
                        "%s expected rounding_mode to be one of None, 'trunc', or 'floor' but "
                        "found '%s'", fname, m);
}

static kn_obj *binary_method(kn_obj *self, const kn_args *a, const char *fname, tc_binary_op op,
                             bool inplace, bool has_alpha, kn_err *err) {
    static const char *const names[] = {"other", "alpha"};
    static const char *const div_names[] = {"other", "rounding_mode"};
    kn_obj *v[2];
    int mode = 0;
    if (op == TC_OP_DIV && !strncmp(fname, "div", 3)) {
        if (kn_args_bind(a, fname, div_names, 2, 1, v, err) < 0 ||
            (mode = rounding_mode(v[1], fname, err)) < 0)
            return NULL;
        v[1] = NULL;
        if (mode == 2) op = TC_OP_FLOOR_DIV;
        if (mode == 1 && !tc_dtype_is_float(T(self)->dtype) && !inplace) {
            /* integer trunc division: the float quotient truncated, cast back */
            kn_obj *q = binary_method(self, &(kn_args){.pos = a->pos, .npos = 1}, fname, op,
                                      false, false, err);
            if (!q) return NULL;
            tc_tensor *tr = tc_trunc(kn_tensor_unwrap(q), err);
            tc_tensor *ot = kn_is_tensor(a->pos[0]) ? kn_tensor_unwrap(a->pos[0]) : NULL;
            bool other_float = ot ? tc_dtype_is_float(ot->dtype) : kn_is(a->pos[0], &kn_type_float);
            kn_obj *r = NULL;
            if (tr) {
                r = wrap(other_float ? tc_tensor_ref(tr)
                                     : tc_to(tr, T(self)->dtype, tr->device, ".to()", err));
                tc_tensor_unref(tr);
            }
            kn_decref(q);
            return r;
        }
    } else if (kn_args_bind(a, fname, names, has_alpha ? 2 : 1, 1, v, err) < 0) {
        return NULL;
    }
    if (mode == 1) {
        kn_obj *q = binary_method(self, &(kn_args){.pos = a->pos, .npos = 1}, fname, op, inplace,
                                  false, err);
        if (!q || !inplace) {
            tc_tensor *tr = q ? tc_trunc(kn_tensor_unwrap(q), err) : NULL;
            kn_decref(q);
            return wrap(tr);
        }
        tc_tensor *tr = tc_trunc(T(self), err);
        int rc = tr ? tc_copy_(T(self), tr, err) : -1;
        tc_tensor_unref(tr);
        kn_decref(q);
        return rc < 0 ? NULL : kn_incref(self);
    }
    tc_tensor *o, *owned = NULL;
    tc_scalar s, al;
    if (other_arg(v[0], fname, &o, &s, err) < 0) return NULL;
    bool alpha = has_alpha && !absent(v[1]);
    if (alpha) {
        tc_dtype rdt;
        if (!kn__scalar_of_c(v[1], &al)) {
            tc_error_set(err, TC_EXC_TYPE, "%s(): argument 'alpha' must be Number, not %s", fname, kn_type_name(v[1]));
            return NULL;
        }
        if (tc_alpha_check(op, T(self), o, s, al, &rdt, err)) return NULL;
        if (rdt == TC_DTYPE_BOOL) { /* PyTorch's alpha.to<bool>() */
            bool nz = al.kind == TC_SCALAR_BOOL ? al.v.b : al.kind == TC_SCALAR_INT ? al.v.i != 0 : al.v.f != 0;
            al = (tc_scalar){.kind = TC_SCALAR_BOOL, .v.b = nz};
        }
    }
    if (alpha && (al.kind == TC_SCALAR_FLOAT || al.kind == TC_SCALAR_INT)) {
        /* a + alpha * other in one fused multiply-add per element, as PyTorch's add kernel; a
         * real number other is a 0-dim tensor of self's dtype there, as PyTorch wraps it */
        double alv = al.kind == TC_SCALAR_FLOAT ? al.v.f : (double)al.v.i;
        tc_tensor *num = NULL;
        if (!o && tc_dtype_is_float(T(self)->dtype) && s.kind != TC_SCALAR_COMPLEX) {
            double x = s.kind == TC_SCALAR_FLOAT ? s.v.f : s.kind == TC_SCALAR_INT ? (double)s.v.i : s.v.b;
            if (!(num = tc_full(NULL, 0, x, T(self)->dtype, T(self)->device, err))) return NULL;
        }
        bool handled = false;
        tc_tensor *r = o || num ? tc_fused_pointwise(op == TC_OP_SUB ? TC_FUSED_AXMY : TC_FUSED_AXPY, T(self),
                                                     o ? o : num, NULL, alv, inplace, &handled, err)
                                : NULL;
        tc_tensor_unref(num);
        if (handled && inplace) {
            tc_tensor_unref(r);
            return r ? kn_incref(self) : NULL;
        }
        if (handled) return wrap(r);
    }
    if (alpha && apply_alpha(al, &o, &s, &owned, err) < 0) return NULL;
    kn_obj *r = NULL;
    if (inplace) {
        int rc = o ? tc_binary_(op, T(self), o, err) : tc_binary_scalar_(op, T(self), s, err);
        r = rc < 0 ? NULL : kn_incref(self);
    } else {
        r = wrap(o ? tc_binary(op, T(self), o, err) : tc_binary_scalar(op, T(self), s, err));
    }
    tc_tensor_unref(owned);
    return r;
}

#define BINARY_METHODS(X)                                                                   \
    X(add, ADD, 1, "Adds other, scaled by alpha, to input.")                                \
    X(sub, SUB, 1, "Subtracts other, scaled by alpha, from input.")                         \
    X(subtract, SUB, 1, "Alias for torch.sub().")                                           \
    X(mul, MUL, 0, "Multiplies input by other.")                                            \
    X(multiply, MUL, 0, "Alias for torch.mul().")                                           \
    X(div, DIV, 0, "Divides each element of the input input by the corresponding element of other.") \
    X(divide, DIV, 0, "Alias for torch.div().")                                             \
    X(true_divide, DIV, 0, "Alias for torch.div() with rounding_mode=None.")                \
    X(pow, POW, 0, "Takes the power of each element in input with exponent and returns a tensor with the result.") \
    X(floor_divide, FLOOR_DIV, 0, "Computes input divided by other, elementwise, and floors the result.") \
    X(remainder, REM, 0, "Computes Python's modulus operation entrywise.")                  \
    X(eq, EQ, 0, "Computes element-wise equality")                                          \
    X(ne, NE, 0, "Computes input != other element-wise.")                                   \
    X(lt, LT, 0, "Computes input < other element-wise.")                                    \
    X(le, LE, 0, "Computes input <= other element-wise.")                                   \
    X(gt, GT, 0, "Computes input > other element-wise.")                                    \
    X(ge, GE, 0, "Computes input >= other element-wise.")                                   \
    X(logical_and, LOGICAL_AND, 0, "Computes the element-wise logical AND of the given input tensors.") \
    X(logical_or, LOGICAL_OR, 0, "Computes the element-wise logical OR of the given input tensors.") \
    X(bitwise_and, BITAND, 0, "Computes the bitwise AND of input and other.")               \
    X(bitwise_or, BITOR, 0, "Computes the bitwise OR of input and other.")                  \
    X(bitwise_xor, BITXOR, 0, "Computes the bitwise XOR of input and other.")

#define BINARY_FN(name, id, alpha, doc)                                                          \
    static kn_obj *m_##name(kn_obj *self, const kn_args *a, kn_err *err) {                  \
        return binary_method(self, a, #name, TC_OP_##id, false, alpha, err);                \
    }                                                                                       \
    static kn_obj *m_##name##_(kn_obj *self, const kn_args *a, kn_err *err) {               \
        return binary_method(self, a, #name "_", TC_OP_##id, true, alpha, err);             \
    }
BINARY_METHODS(BINARY_FN)
#undef BINARY_FN

/* Binary methods that PyTorch has no in-place form of. */
#define BINARY_PURE_METHODS(X)                                                              \
    X(maximum, MAXIMUM, 0, "Computes the element-wise maximum of input and other.")         \
    X(minimum, MINIMUM, 0, "Computes the element-wise minimum of input and other.")
#define BINARY_PURE_FN(name, id, alpha, doc)                                                \
    static kn_obj *m_##name(kn_obj *self, const kn_args *a, kn_err *err) {                  \
        return binary_method(self, a, #name, TC_OP_##id, false, alpha, err);                \
    }
BINARY_PURE_METHODS(BINARY_PURE_FN)
#undef BINARY_PURE_FN

static int clamp_bounds(kn_obj *lo, kn_obj *hi, double *l, double *h, bool *hl, bool *hh,
                        kn_err *err) {
    *hl = !absent(lo);
    *hh = !absent(hi);
    if (!*hl && !*hh)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "torch.clamp: At least one of 'min' or 'max' must not be None");
    if (*hl && kn_to_double(lo, l, err) < 0) return -1;
    if (*hh && kn_to_double(hi, h, err) < 0) return -1;
    return 0;
}

/* clamp / clamp_ with tensor bounds: PyTorch's clamp.Tensor overload when every bound given
 * is a tensor. Numbers beside tensors take the Number overload only when those tensors are
 * 0-dim (their values go to own[], new references, and kn_notimpl() is returned); else the
 * argument parser's TypeError. */
static kn_obj *clamp_tensors(kn_obj *self, kn_obj **v, kn_obj **own, const char *fname,
                             bool inplace, kn_err *err) {
    bool num0 = !absent(v[0]) && !kn_is_tensor(v[0]), num1 = !absent(v[1]) && !kn_is_tensor(v[1]);
    if (num0 || num1) {
        bool scalars = true;
        for (int i = 0; i < 2; i++)
            if (kn_is_tensor(v[i]) && kn_tensor_unwrap(v[i])->ndim != 0) scalars = false;
        if (!scalars) {
            const char *t0 = absent(v[0]) ? "NoneType" : kn_is_tensor(v[0]) ? "Tensor" : kn_type_name(v[0]);
            const char *t1 = absent(v[1]) ? "NoneType" : kn_is_tensor(v[1]) ? "Tensor" : kn_type_name(v[1]);
            tc_error_set(err, TC_EXC_TYPE,
                         "%s() received an invalid combination of arguments - got (%s, %s), but "
                         "expected one of:\n * (Tensor min = None, Tensor max = None)\n      didn't "
                         "match because some of the arguments have invalid types: (!%s!, !%s!)\n"
                         " * (Number min = None, Number max = None)\n      didn't match because "
                         "some of the arguments have invalid types: (!%s!, !%s!)\n",
                         fname, t0, t1, t0, t1, t0, t1);
            return NULL;
        }
        for (int i = 0; i < 2; i++) {
            if (!kn_is_tensor(v[i])) continue;
            tc_scalar sc;
            if (tc_item(kn_tensor_unwrap(v[i]), &sc, err) < 0 || !(own[i] = kn__scalar_obj(sc))) {
                kn_decref(own[0]);
                own[0] = own[1] = NULL;
                return NULL;
            }
        }
        return kn_notimpl();
    }
    tc_tensor *lo = absent(v[0]) ? NULL : kn_tensor_unwrap(v[0]);
    tc_tensor *hi = absent(v[1]) ? NULL : kn_tensor_unwrap(v[1]);
    if (inplace && tc_check_inplace(T(self), err) < 0) return NULL;
    tc_tensor *r = tc_clamp_tensor(T(self), lo, hi, err);
    if (!r || !inplace) return wrap(r);
    int rc = -1;
    tc_tensor *src = T(self);
    /* PyTorch's canCast: no float to integral, no non-bool to bool */
    if ((tc_dtype_is_inexact(r->dtype) && !tc_dtype_is_inexact(src->dtype)) ||
        (r->dtype != TC_DTYPE_BOOL && src->dtype == TC_DTYPE_BOOL))
        tc_error_set(err, TC_EXC_RUNTIME, "result type %s can't be cast to the desired output type %s",
                     kn__dtype_title(r->dtype), kn__dtype_title(src->dtype));
    else
        rc = tc_copy_(src, r, err);
    tc_tensor_unref(r);
    if (rc == 0) tc_tensor_bump_version(src);
    return rc < 0 ? NULL : kn_incref(self);
}

static kn_obj *clamp_impl(kn_obj *self, const kn_args *a, const char *fname, bool inplace,
                          kn_err *err) {
    static const char *const names[] = {"min", "max"};
    kn_obj *v[2];
    double l, h;
    bool hl, hh;
    if (kn_args_bind(a, fname, names, 2, 0, v, err) < 0) return NULL;
    kn_obj *own[2] = {NULL, NULL};
    if (kn_is_tensor(v[0]) || kn_is_tensor(v[1])) {
        kn_obj *r = clamp_tensors(self, v, own, fname, inplace, err);
        if (r != kn_notimpl()) return r;
        /* numbers beside 0-dim tensors: the Number overload, the tensors taken as numbers */
        for (int i = 0; i < 2; i++)
            if (own[i]) v[i] = own[i];
    }
    int brc = clamp_bounds(v[0], v[1], &l, &h, &hl, &hh, err);
    kn_obj *vt0 = v[0], *vt1 = v[1];
    bool fl0 = hl && kn_is(vt0, &kn_type_float), fl1 = hh && kn_is(vt1, &kn_type_float);
    bool in0 = hl && kn_is(vt0, &kn_type_int), in1 = hh && kn_is(vt1, &kn_type_int);
    kn_decref(own[0]);
    kn_decref(own[1]);
    if (brc < 0) return NULL;
    /* tc_copy_ checks too; checking first fails before computing the result */
    if (inplace && tc_check_inplace(T(self), err) < 0) return NULL;
    /* result type with the bounds as wrapped numbers: a float bound makes an integral tensor
     * float32, an int bound makes a bool tensor int64 */
    tc_tensor *src = T(self);
    tc_dtype rt = src->dtype;
    bool fl = fl0 || fl1, in = in0 || in1;
    if (fl && !tc_dtype_is_float(rt)) rt = tc_default_float();
    else if (in && rt == TC_DTYPE_BOOL) rt = TC_DTYPE_I64;
    if (rt == TC_DTYPE_BOOL) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"%s_scalar_cpu\" not implemented for 'Bool'",
                     hl ? "clamp_min" : "clamp_max");
        return NULL;
    }
    if (inplace && rt != src->dtype && (tc_dtype_is_float(rt) || src->dtype == TC_DTYPE_BOOL)) {
        static const char *const cnames[TC_DTYPE_COUNT] = {
            [TC_DTYPE_BOOL] = "bool", [TC_DTYPE_U8] = "unsigned char", [TC_DTYPE_I8] = "signed char",
            [TC_DTYPE_I16] = "short int", [TC_DTYPE_I32] = "int", [TC_DTYPE_I64] = "long int"};
        tc_error_set(err, TC_EXC_RUNTIME, src->dtype == TC_DTYPE_BOOL
                                              ? "result type %s can't be cast to the desired output type bool"
                                              : "result type %s can't be cast to the desired output type %s",
                     rt == TC_DTYPE_I64 ? "Long" : "Float", cnames[src->dtype]);
        return NULL;
    }
    if (inplace && rt == src->dtype) return tc_clamp_(src, hl ? &l : NULL, hh ? &h : NULL, err) < 0 ? NULL : kn_incref(self);
    tc_tensor *cast = rt == src->dtype ? tc_tensor_ref(src) : tc_to(src, rt, src->device, ".to()", err);
    tc_tensor *r = cast ? tc_clamp(cast, hl ? &l : NULL, hh ? &h : NULL, err) : NULL;
    tc_tensor_unref(cast);
    if (!r || !inplace) return wrap(r);
    int rc = tc_copy_(T(self), r, err);
    tc_tensor_unref(r);
    if (rc == 0) tc_tensor_bump_version(T(self));
    return rc < 0 ? NULL : kn_incref(self);
}

static kn_obj *m_clamp(kn_obj *self, const kn_args *a, kn_err *err) {
    return clamp_impl(self, a, "clamp", false, err);
}
static kn_obj *m_clamp_(kn_obj *self, const kn_args *a, kn_err *err) {
    return clamp_impl(self, a, "clamp_", true, err);
}

static kn_obj *m_zero_(kn_obj *self, const kn_args *a, kn_err *err) {
    if (no_args(a, "zero_", err) < 0 || tc_fill_(T(self), 0, err) < 0)
        return NULL;
    tc_tensor_bump_version(T(self));
    return kn_incref(self);
}

static kn_obj *m_fill_(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"value"};
    kn_obj *v[1];
    double d;
    double re, im;
    if (BIND("fill_", names, 1, v) < 0) return NULL;
    if (kn_complex_parts(v[0], &re, &im)) {
        if (!tc_dtype_is_complex(T(self)->dtype)) {
            tc_error_set(err, TC_EXC_RUNTIME, "value cannot be converted to type %s without overflow",
                         T(self)->dtype == TC_DTYPE_F64 ? "double" : tc_dtype_is_float(T(self)->dtype) ? "float" : "int64_t");
            return NULL;
        }
        if (tc_fill_complex_(T(self), re, im, err) < 0) return NULL;
        tc_tensor_bump_version(T(self));
        return kn_incref(self);
    }
    if (kn__scalar_fits(v[0], err) < 0 ||
        kn_to_double(v[0], &d, err) < 0 ||
        kn__check_fill(d, T(self)->dtype, err) < 0)
        return NULL;
    if (tc_fill_(T(self), d, err) < 0) return NULL;
    tc_tensor_bump_version(T(self));
    return kn_incref(self);
}

static kn_obj *m_copy_(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"src", "non_blocking"};
    kn_obj *v[2];
    if (BIND("copy_", names, 1, v) < 0) return NULL;
    tc_tensor *src = kn_tensor_unwrap(v[0]);
    if (!src) {
        tc_error_set(err, TC_EXC_TYPE, "copy_(): argument 'src' (position 1) must be Tensor, not %s",
                     kn_type_name(v[0]));
        return NULL;
    }
    tc_tensor *t = T(self);
    if (tc_grad_enabled() && t->requires_grad && !t->grad_fn) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "a leaf Variable that requires grad is being used in an in-place operation.");
        return NULL;
    }
    tc_tensor_bump_version(t); /* before the node, whose history split is at the new version */
    if (tc_copy_(t, src, err) < 0 || tc_copy_grad(t, src, err) < 0) return NULL;
    return kn_incref(self);
}

static kn_obj *m_requires_grad_(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"requires_grad"};
    kn_obj *v[1];
    bool on = true;
    if (BIND("requires_grad_", names, 0, v) < 0) return NULL;
    if (!absent(v[0]) && kn__to_bool(v[0], &on, err) < 0) return NULL;
    if (tc_set_requires_grad(T(self), on, err) < 0) return NULL;
    return kn_incref(self);
}

static tc_tensor *mask_fill(kn_obj *self, kn_obj *mask, kn_obj *value, kn_err *err) {
    tc_tensor *m = kn_tensor_unwrap(mask);
    if (!m || m->dtype != TC_DTYPE_BOOL) {
        tc_error_set(err, TC_EXC_RUNTIME, "masked_fill_ only supports boolean masks, but got mask "
                                          "with dtype %s", m ? tc_dtype_name(m->dtype) : "none");
        return NULL;
    }
    tc_tensor *t = T(self);
    tc_tensor *val = kn_tensor_unwrap(value);
    double d = 0;
    if (!val && kn_is(value, &kn_type_complex)) {
        tc_tensor *f = tc_empty(NULL, 0, t->dtype, t->device, err);
        if (!f || kn__fill_complex(f, value, err) < 0) {
            tc_tensor_unref(f);
            return NULL;
        }
        tc_tensor *r = tc_where(m, f, t, err);
        tc_tensor_unref(f);
        return r;
    }
    if (!val && kn_to_double(value, &d, err) < 0) return NULL;
    tc_tensor *fill = val ? tc_to(val, t->dtype, t->device, ".to()", err)
                          : tc_full(NULL, 0, d, t->dtype, t->device, err);
    if (!fill) return NULL;
    tc_tensor *r = tc_where(m, fill, t, err);
    tc_tensor_unref(fill);
    return r;
}

static kn_obj *m_masked_fill(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"mask", "value"};
    kn_obj *v[2];
    if (BIND("masked_fill", names, 2, v) < 0) return NULL;
    return wrap(mask_fill(self, v[0], v[1], err));
}

/* masked_fill_ on an expanded tensor (stride 0 dims): PyTorch warns and writes the value to
 * every memory location that any masked element maps to. Here: the mask reduced with any()
 * over the expanded dims, applied to the tensor with those dims narrowed to one element. */
static kn_obj *masked_fill_expanded(kn_obj *self, tc_tensor *mask, kn_obj *value, kn_err *err) {
    kn_rt_warn("UserWarning", "Use of masked_fill_ on expanded tensors is deprecated. Please clone() "
                              "the tensor before performing this operation. This also applies to "
                              "advanced indexing e.g. tensor[mask] = scalar");
    tc_tensor *t = T(self);
    tc_tensor *m = tc_expand(mask, t->shape, t->ndim, err);
    tc_tensor *base = m ? tc_tensor_ref(t) : NULL;
    for (int i = 0; base && i < t->ndim; i++) {
        if (!(t->shape[i] > 1 && t->strides[i] == 0)) continue;
        int d = i;
        tc_tensor *mr = tc_reduce(TC_RED_ANY, m, &d, 1, true, err);
        tc_tensor *bn = mr ? tc_slice(base, i, 0, 1, 1, err) : NULL;
        tc_tensor_unref(m);
        tc_tensor_unref(base);
        m = mr;
        base = bn;
    }
    int rc = -1;
    if (base) {
        kn_obj *mo = kn_tensor_wrap(tc_tensor_ref(m));
        kn_obj *bo = mo ? kn_tensor_wrap(tc_tensor_ref(base)) : NULL;
        tc_tensor *r = bo ? mask_fill(bo, mo, value, err) : NULL;
        rc = r ? tc_copy_(base, r, err) : -1;
        tc_tensor_unref(r);
        kn_decref(mo);
        kn_decref(bo);
    }
    tc_tensor_unref(m);
    tc_tensor_unref(base);
    return rc < 0 ? NULL : kn_incref(self);
}

static kn_obj *m_masked_fill_(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"mask", "value"};
    kn_obj *v[2];
    if (BIND("masked_fill_", names, 2, v) < 0 || tc_check_inplace(T(self), err) < 0) return NULL;
    tc_tensor *t = T(self), *m = kn_tensor_unwrap(v[0]);
    bool expanded = false;
    for (int i = 0; i < t->ndim; i++) expanded = expanded || (t->shape[i] > 1 && t->strides[i] == 0);
    if (expanded && m && m->dtype == TC_DTYPE_BOOL && !kn_tensor_unwrap(v[1]))
        return masked_fill_expanded(self, m, v[1], err);
    tc_tensor *r = mask_fill(self, v[0], v[1], err);
    int rc = r ? tc_copy_(t, r, err) : -1;
    tc_tensor_unref(r);
    if (rc == 0) tc_tensor_bump_version(t);
    return rc < 0 ? NULL : kn_incref(self);
}

/* ---- reductions ------------------------------------------------------------------------ */

/* dim argument: None (all), int, or tuple/list of ints. */
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

static kn_obj *reduce_method(kn_obj *self, const kn_args *a, const char *fname,
                             tc_reduce_op op, kn_err *err) {
    static const char *const names[] = {"dim", "keepdim", "dtype"};
    kn_obj *v[3];
    int dims[TC_MAX_DIMS], n;
    bool keep = false;
    if (kn__bind_dim(a, fname, names, 3, 0, v, err) < 0) return NULL;
    if (op == TC_RED_MEAN && absent(v[2]) && !tc_dtype_is_inexact(T(self)->dtype)) {
        /* PyTorch infers mean's dtype before it looks at dims: tc_reduce gives its error */
        tc_tensor *r = tc_reduce(TC_RED_MEAN, T(self), NULL, 0, false, err);
        tc_tensor_unref(r);
        return NULL;
    }
    if (parse_dims(v[0], T(self), dims, &n, err) < 0) return NULL;
    if (!absent(v[1]) && kn__to_bool(v[1], &keep, err) < 0) return NULL;
    if ((op == TC_RED_ANY || op == TC_RED_ALL) && n == 0 && !absent(v[0])) {
        /* any/all over no dims: each element on its own */
        tc_dtype odt = T(self)->dtype == TC_DTYPE_U8 ? TC_DTYPE_U8 : TC_DTYPE_BOOL;
        tc_tensor *b = tc_to(T(self), TC_DTYPE_BOOL, T(self)->device, ".to()", err);
        tc_tensor *r = b && odt != TC_DTYPE_BOOL ? tc_to(b, odt, b->device, ".to()", err) : tc_tensor_ref(b);
        tc_tensor_unref(b);
        return wrap(r);
    }
    tc_tensor *src = tc_tensor_ref(T(self));
    if (!absent(v[2])) {
        tc_dtype dt;
        if (op == TC_RED_MEAN && kn__parse_dtype(v[2], &dt, err) == 0 && !tc_dtype_is_float(dt)) {
            tc_tensor_unref(src);
            tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                         "mean(): could not infer output dtype. Optional dtype must be either a "
                         "floating point or complex dtype. Got: %s", kn__dtype_title(dt));
            return NULL;
        }
        tc_tensor_unref(src);
        src = kn__parse_dtype(v[2], &dt, err) < 0 ? NULL : tc_to(T(self), dt, T(self)->device, ".to()", err);
        if (!src) return NULL;
    }
    tc_tensor *r = tc_reduce(op, src, dims, n, keep, err);
    tc_dtype want = src->dtype;
    tc_tensor_unref(src);
    if (r && !absent(v[2]) && r->dtype != want && op != TC_RED_ANY && op != TC_RED_ALL) {
        /* dtype= is the result's dtype too: integer sums and products stay in it */
        tc_tensor *c = tc_to(r, want, r->device, ".to()", err);
        tc_tensor_unref(r);
        r = c;
    }
    return wrap(r);
}

#define REDUCE_METHODS(X)                                                                   \
    X(sum, SUM, "Returns the sum of all elements in the input tensor.")                     \
    X(mean, MEAN, "Returns the mean value of all elements in the input tensor.")            \
    X(prod, PROD, "Returns the product of all elements in the input tensor.")               \
    X(all, ALL, "Tests if all elements in input evaluate to True.")                         \
    X(any, ANY, "Tests if any element in input evaluates to True.")
#define REDUCE_FN(name, id, doc)                                                                 \
    static kn_obj *m_##name(kn_obj *self, const kn_args *a, kn_err *err) {                  \
        return reduce_method(self, a, #name, TC_RED_##id, err);                             \
    }
REDUCE_METHODS(REDUCE_FN)
#undef REDUCE_FN

static kn_obj *maxmin(kn_obj *self, const kn_args *a, const char *fname, tc_reduce_op op,
                      tc_binary_op pairwise, kn_err *err) {
    static const char *const names[] = {"dim", "keepdim", "other"};
    kn_obj *v[3];
    bool keep = false;
    if (kn__bind_dim(a, fname, names, 3, 0, v, err) < 0) return NULL;
    tc_tensor *other = v[2] ? kn_tensor_unwrap(v[2]) : v[0] ? kn_tensor_unwrap(v[0]) : NULL;
    if (other) return wrap(tc_binary(pairwise, T(self), other, err));
    if (absent(v[0])) return wrap(tc_reduce(op, T(self), NULL, 0, false, err));
    int dim;
    if (get_dim(v[0], T(self), &dim, err) < 0) return NULL;
    if (!absent(v[1]) && kn__to_bool(v[1], &keep, err) < 0) return NULL;
    tc_tensor *vals = NULL, *idx = NULL;
    if (tc_reduce_with_indices(op, T(self), dim, keep, &vals, &idx, err) < 0) return NULL;
    return kn__return_types_new(fname, kn_tensor_wrap(vals), kn_tensor_wrap(idx));
}

static kn_obj *m_max(kn_obj *self, const kn_args *a, kn_err *err) {
    return maxmin(self, a, "max", TC_RED_MAX, TC_OP_MAXIMUM, err);
}
static kn_obj *m_min(kn_obj *self, const kn_args *a, kn_err *err) {
    return maxmin(self, a, "min", TC_RED_MIN, TC_OP_MINIMUM, err);
}

static kn_obj *argreduce(kn_obj *self, const kn_args *a, const char *fname, tc_reduce_op op,
                         kn_err *err) {
    static const char *const names[] = {"dim", "keepdim"};
    kn_obj *v[2];
    bool keep = false;
    int dim;
    if (kn__bind_dim(a, fname, names, 2, 0, v, err) < 0) return NULL;
    if (!absent(v[1]) && kn__to_bool(v[1], &keep, err) < 0) return NULL;
    if (absent(v[0])) return wrap(tc_reduce(op, T(self), NULL, 0, keep, err));
    if (get_dim(v[0], T(self), &dim, err) < 0) return NULL;
    return wrap(tc_reduce(op, T(self), &dim, 1, keep, err));
}

static kn_obj *m_argmax(kn_obj *self, const kn_args *a, kn_err *err) {
    return argreduce(self, a, "argmax", TC_RED_ARGMAX, err);
}
static kn_obj *m_argmin(kn_obj *self, const kn_args *a, kn_err *err) {
    return argreduce(self, a, "argmin", TC_RED_ARGMIN, err);
}

/* ---- comparisons of whole tensors ------------------------------------------------------- */

static bool all_true(tc_tensor *mask, kn_err *err, int *ok) {
    tc_tensor *r = mask ? tc_reduce(TC_RED_ALL, mask, NULL, 0, false, err) : NULL;
    tc_scalar s;
    *ok = r && tc_item(r, &s, err) == 0 ? 0 : -1;
    tc_tensor_unref(r);
    return *ok == 0 && (s.kind == TC_SCALAR_BOOL ? s.v.b : s.kind == TC_SCALAR_INT ? s.v.i != 0 : s.v.f != 0);
}

static kn_obj *m_equal(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"other"};
    kn_obj *v[1];
    if (BIND("equal", names, 1, v) < 0) return NULL;
    tc_tensor *o = kn_tensor_unwrap(v[0]), *t = T(self);
    if (!o) {
        tc_error_set(err, TC_EXC_TYPE, "equal(): argument 'other' (position 1) must be Tensor, not %s",
                     kn_type_name(v[0]));
        return NULL;
    }
    if (o->ndim != t->ndim || memcmp(o->shape, t->shape, sizeof(int64_t) * (size_t)t->ndim))
        return kn_bool_new(false);
    int ok;
    tc_tensor *eq = tc_binary(TC_OP_EQ, t, o, err);
    bool r = all_true(eq, err, &ok);
    tc_tensor_unref(eq);
    return ok < 0 ? NULL : kn_bool_new(r);
}

/* |self - other| <= atol + rtol * |other|, elementwise (NaNs equal when equal_nan). */
static tc_tensor *close_mask(tc_tensor *t, tc_tensor *o, double rtol, double atol, kn_err *err) {
    tc_scalar sr = {.kind = TC_SCALAR_FLOAT, .v.f = rtol}, sa = {.kind = TC_SCALAR_FLOAT, .v.f = atol};
    tc_tensor *d = tc_binary(TC_OP_SUB, t, o, err);
    tc_tensor *ad = d ? tc_unary(TC_UOP_ABS, d, err) : NULL;
    tc_tensor *ao = ad ? tc_unary(TC_UOP_ABS, o, err) : NULL;
    tc_tensor *rel = ao ? tc_binary_scalar(TC_OP_MUL, ao, sr, err) : NULL;
    tc_tensor *tol = rel ? tc_binary_scalar(TC_OP_ADD, rel, sa, err) : NULL;
    tc_tensor *le = tol ? tc_binary(TC_OP_LE, ad, tol, err) : NULL;
    tc_tensor *eq = le ? tc_binary(TC_OP_EQ, t, o, err) : NULL; /* infinities */
    tc_tensor *m = eq ? tc_binary(TC_OP_LOGICAL_OR, le, eq, err) : NULL;
    tc_tensor_unref(d);
    tc_tensor_unref(ad);
    tc_tensor_unref(ao);
    tc_tensor_unref(rel);
    tc_tensor_unref(tol);
    tc_tensor_unref(le);
    tc_tensor_unref(eq);
    return m;
}

static tc_tensor *close_args(kn_obj *self, const kn_args *a, const char *fname, kn_err *err) {
    static const char *const names[] = {"other", "rtol", "atol", "equal_nan"};
    kn_obj *v[4];
    double rtol = 1e-05, atol = 1e-08;
    if (kn_args_bind(a, fname, names, 4, 1, v, err) < 0) return NULL;
    tc_tensor *o = kn_tensor_unwrap(v[0]);
    if (!o) {
        tc_error_set(err, TC_EXC_TYPE, "%s(): argument 'other' (position 1) must be Tensor, not %s",
                     fname, kn_type_name(v[0]));
        return NULL;
    }
    bool equal_nan = false;
    if ((!absent(v[1]) && kn_to_double(v[1], &rtol, err) < 0) ||
        (!absent(v[2]) && kn_to_double(v[2], &atol, err) < 0) ||
        (!absent(v[3]) && kn__to_bool(v[3], &equal_nan, err) < 0))
        return NULL;
    tc_tensor *m = close_mask(T(self), o, rtol, atol, err);
    if (!m || !equal_nan) return m;
    /* NaN against NaN counts as close */
    tc_tensor *n1 = tc_isnan(T(self), err), *n2 = n1 ? tc_isnan(o, err) : NULL;
    tc_tensor *both = n2 ? tc_binary(TC_OP_LOGICAL_AND, n1, n2, err) : NULL;
    tc_tensor *r = both ? tc_binary(TC_OP_LOGICAL_OR, m, both, err) : NULL;
    tc_tensor_unref(n1);
    tc_tensor_unref(n2);
    tc_tensor_unref(both);
    tc_tensor_unref(m);
    return r;
}

static kn_obj *m_isclose(kn_obj *self, const kn_args *a, kn_err *err) {
    return wrap(close_args(self, a, "isclose", err));
}

static kn_obj *m_allclose(kn_obj *self, const kn_args *a, kn_err *err) {
    tc_tensor *m = close_args(self, a, "allclose", err);
    int ok;
    bool r = m ? all_true(m, err, &ok) : false;
    tc_tensor_unref(m);
    return m && ok == 0 ? kn_bool_new(r) : NULL;
}

/* ---- linear algebra, autograd, sparse --------------------------------------------------- */

static tc_tensor *tensor_arg(kn_obj *o, const char *fname, const char *pname, int pos,
                             kn_err *err) {
    tc_tensor *t = kn_tensor_unwrap(o);
    if (!t)
        tc_error_set(err, TC_EXC_TYPE, "%s(): argument '%s' (position %d) must be Tensor, not %s",
                     fname, pname, pos, kn_type_name(o));
    return t;
}

static kn_obj *m_matmul(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"other"};
    kn_obj *v[1];
    if (BIND("matmul", names, 1, v) < 0) return NULL;
    tc_tensor *o = tensor_arg(v[0], "matmul", "other", 1, err);
    return o ? wrap(tc_matmul(T(self), o, err)) : NULL;
}

static kn_obj *m_mm(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"mat2"};
    kn_obj *v[1];
    if (BIND("mm", names, 1, v) < 0) return NULL;
    tc_tensor *o = tensor_arg(v[0], "mm", "mat2", 1, err);
    if (!o) return NULL;
    if (T(self)->ndim != 2 || o->ndim != 2) {
        tc_error_set(err, TC_EXC_RUNTIME, "mm: %s must be a matrix, got %d-D tensor",
                     T(self)->ndim != 2 ? "self" : "mat2", T(self)->ndim != 2 ? T(self)->ndim : o->ndim);
        return NULL;
    }
    return wrap(tc_matmul(T(self), o, err));
}

static kn_obj *m_dot(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"tensor"};
    kn_obj *v[1];
    if (BIND("dot", names, 1, v) < 0) return NULL;
    tc_tensor *o = tensor_arg(v[0], "dot", "tensor", 1, err);
    if (!o) return NULL;
    if (T(self)->ndim != 1 || o->ndim != 1) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "1D tensors expected, but got %dD and %dD tensors", T(self)->ndim, o->ndim);
        return NULL;
    }
    return wrap(tc_matmul(T(self), o, err));
}

static kn_obj *m_to_dense(kn_obj *self, const kn_args *a, kn_err *err) {
    if (T(self)->layout == TC_LAYOUT_STRIDED) return kn_incref(self);
    return wrap(tc_sparse_to_dense(T(self), err));
}

static kn_obj *m_to_sparse(kn_obj *self, const kn_args *a, kn_err *err) {
    if (T(self)->layout == TC_LAYOUT_SPARSE_COO) return kn_incref(self);
    return wrap(tc_dense_to_sparse(T(self), err));
}

static int need_sparse(kn_obj *self, const char *what, kn_err *err) {
    if (T(self)->layout == TC_LAYOUT_SPARSE_COO) return 0;
    return tc_error_set(err, TC_EXC_RUNTIME, "%s expected sparse coordinate tensor layout but got Strided",
                        what);
}

static kn_obj *m_coalesce(kn_obj *self, const kn_args *a, kn_err *err) {
    if (need_sparse(self, "coalesce", err) < 0) return NULL;
    return wrap(tc_sparse_coalesce(T(self), err));
}

static kn_obj *m_is_coalesced(kn_obj *self, const kn_args *a, kn_err *err) {
    if (need_sparse(self, "is_coalesced", err) < 0) return NULL;
    return kn_bool_new(T(self)->sp_coalesced);
}

/* self.indices() / self.values(): 'what' names the part, which only a coalesced tensor has. */
static kn_obj *sparse_part(kn_obj *self, const char *what, bool values, kn_err *err) {
    if (need_sparse(self, what, err) < 0) return NULL;
    if (!T(self)->sp_coalesced) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "Cannot get %s on an uncoalesced tensor, please call .coalesce() first", what);
        return NULL;
    }
    return wrap(tc_tensor_ref(values ? T(self)->sp_values : T(self)->sp_indices));
}

static kn_obj *m_indices(kn_obj *self, const kn_args *a, kn_err *err) {
    return sparse_part(self, "indices", false, err);
}

static kn_obj *m_values(kn_obj *self, const kn_args *a, kn_err *err) {
    return sparse_part(self, "values", true, err);
}

static kn_obj *m_nnz(kn_obj *self, const kn_args *a, kn_err *err) {
    if (need_sparse(self, "_nnz", err) < 0) return NULL;
    return kn_int_new(tc_sparse_nnz(T(self)));
}

static kn_obj *m_sparse_dim(kn_obj *self, const kn_args *a, kn_err *err) {
    tc_tensor *t = T(self);
    if (t->layout != TC_LAYOUT_SPARSE_COO) return kn_int_new(0);
    return kn_int_new(t->sp_indices->shape[0]);
}

static kn_obj *m_plot(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"heatmap"};
    kn_obj *v[1];
    bool heat = false;
    if (BIND("plot", names, 0, v) < 0) return NULL;
    if (!absent(v[0]) && kn__to_bool(v[0], &heat, err) < 0) return NULL;
    if (!heat && T(self)->ndim == 2) heat = true;
    json_t *b = json_pack("{s:s}", "text/plain", heat ? "<heatmap>" : "<line plot>");
    tc_transfer_group_begin("display");
    int rc = kn__plot_bundle(T(self), heat, b, err);
    tc_transfer_group_end();
    if (rc < 0) {
        json_decref(b);
        return NULL;
    }
    kn_rt_display(b);
    return kn_none_new();
}

/* ---- the table ---------------------------------------------------------------------------- */

#define UNARY_ENTRY(name, id, doc)                                                          \
    {#name, m_##name, "()", doc},                                                           \
    {#name "_", m_##name##_, "()", "In-place version of " #name "()"},
#define BINARY_ENTRY(name, id, alpha, doc)                                                  \
    {#name, m_##name, alpha ? "(other, *, alpha=1)" : "(other)", doc},                      \
    {#name "_", m_##name##_, alpha ? "(other, *, alpha=1)" : "(other)",                     \
     "In-place version of " #name "()"},
#define REDUCE_ENTRY(name, id, doc)                                                         \
    {#name, m_##name, "(dim=None, keepdim=False, *, dtype=None)", doc},
#define CAST_ENTRY(name, id)                                                                \
    {#name, m_##name, "(memory_format=torch.preserve_format)",                              \
     "self." #name "() is equivalent to self.to(torch." #name ")."},

/* Methods that torch.<name>(input, ...) also offers (besides every elementwise and
 * reduction method): each row is the method's own entry in kn__tensor_methods, so a
 * forwarded name cannot lack a method. */
#define FORWARDED_METHODS(X)                                                                \
    X(max, m_max, "(dim=None, keepdim=False)",                                              \
      "Returns the maximum value of all elements, or (values, indices) along dim.")         \
    X(min, m_min, "(dim=None, keepdim=False)",                                              \
      "Returns the minimum value of all elements, or (values, indices) along dim.")         \
    X(argmax, m_argmax, "(dim=None, keepdim=False)",                                        \
      "Returns the indices of the maximum value of all elements in the input tensor.")      \
    X(argmin, m_argmin, "(dim=None, keepdim=False)",                                        \
      "Returns the indices of the minimum value(s) of the flattened tensor or along a dimension.") \
    X(clamp, m_clamp, "(min=None, max=None)",                                               \
      "See torch.clamp().")                                                                 \
    X(clip, m_clamp, "(min=None, max=None)",                                                \
      "Alias for clamp().")                                                                 \
    X(round, m_round, "(decimals=0)",                                                       \
      "See torch.round().")                                                                 \
    X(matmul, m_matmul, "(other)",                                                          \
      "Matrix product of two tensors.")                                                     \
    X(mm, m_mm, "(mat2)",                                                                   \
      "Performs a matrix multiplication of the matrices input and mat2.")                   \
    X(dot, m_dot, "(tensor)",                                                               \
      "Computes the dot product of two 1D tensors.")                                        \
    X(transpose, m_transpose, "(dim0, dim1)",                                               \
      "Returns a tensor that is a transposed version of input.")                            \
    X(permute, m_permute, "(*dims)",                                                        \
      "Returns a view of the original tensor input with its dimensions permuted.")          \
    X(reshape, m_reshape, "(*shape)",                                                       \
      "Returns a tensor with the same data and number of elements as self but with the specified shape.") \
    X(flatten, m_flatten, "(start_dim=0, end_dim=-1)",                                      \
      "Flattens input by reshaping it into a one-dimensional tensor.")                      \
    X(squeeze, m_squeeze, "(dim=None)",                                                     \
      "Returns a tensor with all specified dimensions of input of size 1 removed.")         \
    X(unsqueeze, m_unsqueeze, "(dim)",                                                      \
      "Returns a new tensor with a dimension of size one inserted at the specified position.") \
    X(t, m_t, "()",                                                                         \
      "Expects input to be <= 2-D tensor and transposes dimensions 0 and 1.")               \
    X(clone, m_clone, "(*, memory_format=torch.preserve_format)",                           \
      "Returns a copy of input.")                                                           \
    X(detach, m_detach, "()",                                                               \
      "Returns a new Tensor, detached from the current graph.")                             \
    X(masked_fill, m_masked_fill, "(mask, value)",                                          \
      "Out-of-place version of masked_fill_().")                                            \
    X(numel, m_numel, "()",                                                                 \
      "Returns the total number of elements in the input tensor.")                          \
    X(is_floating_point, m_is_floating_point, "()",                                         \
      "Returns True if the data type of self is a floating point data type.")               \
    X(equal, m_equal, "(other)",                                                            \
      "True if two tensors have the same size and elements, False otherwise.")              \
    X(isclose, m_isclose, "(other, rtol=1e-05, atol=1e-08, equal_nan=False)",               \
      "Returns a new tensor with boolean elements representing if each element of input is \"close\" to the corresponding element of other.") \
    X(allclose, m_allclose, "(other, rtol=1e-05, atol=1e-08, equal_nan=False)",             \
      "This function checks if input and other satisfy the condition |input - other| <= atol + rtol * |other| elementwise, for all elements of input and other.")

const kn__fn kn__tensor_methods[] = {
    {"size", m_size, "(dim=None)", "Returns the size of the self tensor."},
    {"stride", m_stride, "(dim=None)", "Returns the stride of self tensor."},
    {"dim", m_dim, "()", "Returns the number of dimensions of self tensor."},
    {"ndimension", m_dim, "()", "Alias for dim()."},
    {"nelement", m_numel, "()", "Alias for numel()."},
    {"is_contiguous", m_is_contiguous, "(memory_format=torch.contiguous_format)",
     "Returns True if self tensor is contiguous in memory in the order specified by memory format."},
    {"storage_offset", m_storage_offset, "()",
     "Returns self tensor's offset in the underlying storage in terms of number of storage elements."},
    {"element_size", m_element_size, "()", "Returns the size in bytes of an individual element."},
    {"_storage_view", m_storage_view, "(byte=False)", "The whole storage as a flat tensor."},
    {"as_strided", m_as_strided, "(size, stride, storage_offset=None)",
     "Create a view of an existing torch.Tensor input with specified size, stride and storage_offset."},
    {"get_device", m_get_device, "()",
     "For CUDA tensors, returns the device ordinal of the GPU; -1 for CPU tensors."},
    {"view", m_view, "(*shape)",
     "Returns a new tensor with the same data as the self tensor but of a different shape."},
    {"view_as", m_view_as, "(other)", "View this tensor as the same size as other."},
    {"reshape_as", m_reshape_as, "(other)", "Returns this tensor as the same shape as other."},
    {"expand", m_expand, "(*sizes)",
     "Returns a new view of the self tensor with singleton dimensions expanded to a larger size."},
    {"expand_as", m_expand_as, "(other)", "Expand this tensor to the same size as other."},
    {"contiguous", m_contiguous, "(memory_format=torch.contiguous_format)",
     "Returns a contiguous in memory tensor containing the same data as self tensor."},
    {"numpy", m_numpy, "(*, force=False)", "Returns the tensor as a NumPy ndarray."},
    {"item", m_item, "()", "Returns the value of this tensor as a standard Python number."},
    {"tolist", m_tolist, "()", "Returns the tensor as a (nested) list."},
    {"to", m_to, "(*args, **kwargs)", "Performs Tensor dtype and/or device conversion."},
    {"cpu", m_cpu, "(memory_format=torch.preserve_format)",
     "Returns a copy of this object in CPU memory."},
    {"cuda", m_cuda, "(device=None, non_blocking=False)",
     "Returns a copy of this object in CUDA memory."},
    CAST_METHODS(CAST_ENTRY)
    {"type", m_type, "(dtype=None, non_blocking=False)",
     "Returns the type if dtype is not provided, else casts this object to the specified type."},
    UNARY_METHODS(UNARY_ENTRY)
    BINARY_METHODS(BINARY_ENTRY)
#define BINARY_PURE_ENTRY(name, id, alpha, doc) {#name, m_##name, "(other)", doc},
    BINARY_PURE_METHODS(BINARY_PURE_ENTRY)
#undef BINARY_PURE_ENTRY
    {"clamp_", m_clamp_, "(min=None, max=None)", "In-place version of clamp()."},
    {"clip_", m_clamp_, "(min=None, max=None)", "Alias for clamp_()."},
    {"zero_", m_zero_, "()", "Fills self tensor with zeros."},
    {"fill_", m_fill_, "(value)", "Fills self tensor with the specified value."},
    {"copy_", m_copy_, "(src, non_blocking=False)",
     "Copies the elements from src into self tensor and returns self."},
    {"requires_grad_", m_requires_grad_, "(requires_grad=True)",
     "Change if autograd should record operations on this tensor."},
    {"masked_fill_", m_masked_fill_, "(mask, value)",
     "Fills elements of self tensor with value where mask is True."},
    REDUCE_METHODS(REDUCE_ENTRY)
    {"backward", kn__tensor_backward, "(gradient=None, retain_graph=None, create_graph=False, inputs=None)",
     "Computes the gradient of current tensor wrt graph leaves."},
    {"to_dense", m_to_dense, "()", "Creates a strided copy of self if self is not a strided tensor."},
    {"to_sparse", m_to_sparse, "()", "Returns a sparse copy of the tensor (COO format)."},
    {"coalesce", m_coalesce, "()", "Returns a coalesced copy of self if self is an uncoalesced tensor."},
    {"is_coalesced", m_is_coalesced, "()", "Returns True if self is a coalesced sparse COO tensor."},
    {"indices", m_indices, "()", "Return the indices tensor of a sparse COO tensor."},
    {"values", m_values, "()", "Return the values tensor of a sparse COO tensor."},
    {"_nnz", m_nnz, "()", "Number of specified elements of a sparse tensor."},
    {"sparse_dim", m_sparse_dim, "()", "Return the number of sparse dimensions."},
    {"plot", m_plot, "(heatmap=False)",
     "Display a 1-D tensor as a line plot (SVG) or a 2-D tensor as a heatmap (PNG)."},
#define FORWARDED_ENTRY(name, fn, sig, doc) {#name, fn, sig, doc},
    FORWARDED_METHODS(FORWARDED_ENTRY)
    {NULL, NULL, NULL, NULL},
};

/* The names torch.<name>(input, ...) forwards to the Tensor method of that name: derived
 * from the method lists, so every name has its row in kn__tensor_methods. */
#define FORWARDED_NAME(name, ...) #name,
const char *const kn__tensor_forwarded[] = {
    UNARY_METHODS(FORWARDED_NAME) BINARY_METHODS(FORWARDED_NAME) BINARY_PURE_METHODS(FORWARDED_NAME)
    REDUCE_METHODS(FORWARDED_NAME) FORWARDED_METHODS(FORWARDED_NAME) NULL};
#undef FORWARDED_NAME
_Static_assert(sizeof kn__tensor_forwarded / sizeof kn__tensor_forwarded[0] <=
                   KN__TENSOR_FORWARDED_MAX + 1,
               "raise KN__TENSOR_FORWARDED_MAX");

kn_obj *kn__tensor_call(const char *name, kn_obj *self, const kn_args *args, kn_err *err) {
    const kn__fn *f = kn__tensor_method_find(name);
    if (!f) {
        tc_error_set(err, TC_EXC_ATTRIBUTE, "module 'torch' has no attribute '%s'", name);
        return NULL;
    }
    tc_tensor *t = kn_tensor_unwrap(self);
    if (t && tc_dtype_is_complex(t->dtype) && !kn__complex_method_ok(f->name)) {
        kn__complex_refuse(f->name, t->dtype, err);
        return NULL;
    }
    return f->fn(self, args, err);
}
