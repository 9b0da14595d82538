/*
 * The numpy module of the kernel: array creation (array, asarray, zeros, ones, empty,
 * full, arange, linspace, eye, *_like), the scalar types (np.float32, ...), np.dtype,
 * np.ndarray, reductions and a few ufuncs as functions, and constants (pi, e, inf, nan).
 * Arrays are tensorcore tensors in shared memory, like every kernel tensor.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kernel/torch/torch-impl.h"

#define NARGS(names) ((int)(sizeof(names) / sizeof(*(names))))

static bool absent(kn_obj *o) { return !o || kn_is(o, &kn_type_none); }

static kn_obj *owned(tc_tensor *t) {
    kn_obj *o = t ? kn_ndarray_wrap(t) : NULL;
    if (o) ((kn_tensor_obj *)o)->owndata = true;
    return o;
}

static int opt_dtype(kn_obj *o, tc_dtype def, tc_dtype *out, kn_err *err) {
    *out = def;
    return absent(o) ? 0 : kn__parse_dtype(o, out, err);
}

/* An ndarray-compatible tensor from any array-like (new ref). */
static tc_tensor *array_like(kn_obj *o, const tc_dtype *dt, kn_err *err) {
    tc_tensor *t = kn_tensor_unwrap(o);
    if (t && kn_is_tensor(o)) {
        tc_tensor *chk = NULL;
        if (tc_numpy_check(t, false, &chk, err) < 0) return NULL;
        tc_tensor *c = tc_clone(chk, err);
        tc_tensor_unref(chk);
        if (!c || !dt || *dt == c->dtype) return c;
        tc_tensor *r = tc_to(c, *dt, c->device, ".to()", err);
        tc_tensor_unref(c);
        return r;
    }
    tc_dtype sdt;
    if (kn__is_np_scalar(o, &sdt) && tc_dtype_is_complex(sdt)) /* through the data walk */
        return kn__tensor_from_data(o, dt ? dt : &sdt, true, err);
    if (kn__is_np_scalar(o, &sdt)) {
        double v;
        if (kn_to_double(o, &v, err) < 0) return NULL;
        return tc_full(NULL, 0, v, dt ? *dt : sdt, tc_device_cpu(), err);
    }
    return kn__tensor_from_data(o, dt, true, err);
}

/* Strings (or dtype=str): an array of strings, which numpy_extras makes (_StrArray). */
static bool str_data(kn_obj *o, kn_obj *dtype) {
    if (dtype && kn_is(dtype, &kn_type_type) && kn_type_object_type(dtype) == &kn_type_str) return true;
    if (dtype && kn_is(dtype, &kn_type_str)) {
        const char *d = kn_str_cstr(dtype);
        if (d[0] == 'U' || !strncmp(d, "<U", 2) || !strcmp(d, "str")) return true;
    }
    for (int depth = 0; depth <= TC_MAX_DIMS && o; depth++) {
        if (kn_is(o, &kn_type_str)) return true;
        if (kn_is(o, &kn_type_list) && kn_list_len(o) > 0) o = kn_list_items(o)[0];
        else if (kn_is(o, &kn_type_tuple) && kn_tuple_len(o) > 0) o = kn_tuple_items(o)[0];
        else return false;
    }
    return false;
}

static kn_obj *str_array(kn_obj *data, kn_obj *dtype, kn_err *err) {
    kn_obj *probe = owned(tc_zeros(NULL, 0, TC_DTYPE_F64, tc_device_cpu(), err));
    kn_obj *fn = probe ? kn__py_method_bind(1, probe, "_str_array", err) : NULL;
    kn_decref(probe);
    if (!fn) {
        if (!tc_error_is_set(err)) tc_error_set(err, TC_EXC_TYPE, "arrays of strings are not supported");
        return NULL;
    }
    kn_obj *args[2] = {data, dtype ? dtype : kn_none()};
    kn_obj *r = kn_call_simple(fn, args, 2, err);
    kn_decref(fn);
    return r;
}

static kn_obj *n_array(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"object", "dtype", "copy", "order", "subok", "ndmin"};
    kn_obj *v[6];
    tc_dtype dt;
    if (kn_args_bind(a, "array", names, NARGS(names), 1, v, err) < 0) return NULL;
    if (str_data(v[0], absent(v[1]) ? NULL : v[1])) return str_array(v[0], v[1], err);
    if (!absent(v[1]) && kn__parse_dtype(v[1], &dt, err) < 0) return NULL;
    return owned(array_like(v[0], absent(v[1]) ? NULL : &dt, err));
}

static kn_obj *n_asarray(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"a", "dtype", "order"};
    kn_obj *v[3];
    tc_dtype dt;
    if (kn_args_bind(a, "asarray", names, NARGS(names), 1, v, err) < 0) return NULL;
    if (str_data(v[0], absent(v[1]) ? NULL : v[1])) return str_array(v[0], v[1], err);
    if (!absent(v[1]) && kn__parse_dtype(v[1], &dt, err) < 0) return NULL;
    if (kn_is_ndarray(v[0]) && (absent(v[1]) || kn_tensor_unwrap(v[0])->dtype == dt))
        return kn_incref(v[0]);
    if (kn_is_tensor(v[0]) && absent(v[1])) {
        tc_tensor *chk = NULL;
        if (tc_numpy_check(kn_tensor_unwrap(v[0]), false, &chk, err) < 0) return NULL;
        kn_obj *r = kn__ndarray_view(chk, false, err);
        tc_tensor_unref(chk);
        return r;
    }
    return owned(array_like(v[0], absent(v[1]) ? NULL : &dt, err));
}

typedef tc_tensor *(*np_ctor)(const int64_t *, int, tc_dtype, tc_device, tc_error *);

static kn_obj *shaped(const kn_args *a, const char *fname, np_ctor fn, kn_err *err) {
    static const char *const names[] = {"shape", "dtype", "order"};
    kn_obj *v[3];
    int64_t shape[TC_MAX_DIMS];
    int n;
    tc_dtype dt;
    if (kn_args_bind(a, fname, names, NARGS(names), 1, v, err) < 0 ||
        kn__shape_of(v[0], shape, &n, err) < 0 || opt_dtype(v[1], TC_DTYPE_F64, &dt, err) < 0)
        return NULL;
    for (int i = 0; i < n; i++)
        if (shape[i] < 0) {
            tc_error_set(err, TC_EXC_VALUE, "negative dimensions are not allowed");
            return NULL;
        }
    return owned(fn(shape, n, dt, tc_device_cpu(), err));
}

static kn_obj *n_zeros(kn_obj *self, const kn_args *a, kn_err *err) { return shaped(a, "zeros", tc_zeros, err); }
static kn_obj *n_ones(kn_obj *self, const kn_args *a, kn_err *err) { return shaped(a, "ones", tc_ones, err); }
static kn_obj *n_empty(kn_obj *self, const kn_args *a, kn_err *err) { return shaped(a, "empty", tc_zeros, err); }

static tc_dtype py_scalar_dtype(kn_obj *v) {
    tc_dtype dt;
    if (kn__is_np_scalar(v, &dt)) return dt;
    if (kn_is(v, &kn_type_bool)) return TC_DTYPE_BOOL;
    if (kn_is(v, &kn_type_int)) return TC_DTYPE_I64;
    return TC_DTYPE_F64;
}

static kn_obj *n_full(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"shape", "fill_value", "dtype", "order"};
    kn_obj *v[4];
    int64_t shape[TC_MAX_DIMS];
    int n;
    double x;
    tc_dtype dt;
    if (kn_args_bind(a, "full", names, NARGS(names), 2, v, err) < 0 ||
        kn__shape_of(v[0], shape, &n, err) < 0 || kn_to_double(v[1], &x, err) < 0 ||
        opt_dtype(v[2], py_scalar_dtype(v[1]), &dt, err) < 0)
        return NULL;
    return owned(tc_full(shape, n, x, dt, tc_device_cpu(), err));
}

static kn_obj *like(const kn_args *a, const char *fname, int kind, kn_err *err) {
    static const char *const names[] = {"a", "dtype"};
    kn_obj *v[2];
    if (kn_args_bind(a, fname, names, 2, 1, v, err) < 0) return NULL;
    tc_tensor *src = array_like(v[0], NULL, err);
    if (!src) return NULL;
    tc_dtype dt;
    tc_tensor *r = NULL;
    if (opt_dtype(v[1], src->dtype, &dt, err) == 0)
        r = kind ? tc_ones(src->shape, src->ndim, dt, tc_device_cpu(), err)
                 : tc_zeros(src->shape, src->ndim, dt, tc_device_cpu(), err);
    tc_tensor_unref(src);
    return owned(r);
}

static kn_obj *n_zeros_like(kn_obj *self, const kn_args *a, kn_err *err) { return like(a, "zeros_like", 0, err); }
static kn_obj *n_ones_like(kn_obj *self, const kn_args *a, kn_err *err) { return like(a, "ones_like", 1, err); }

static kn_obj *n_arange(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"start", "stop", "step", "dtype"};
    kn_obj *v[4], *p[3] = {NULL, NULL, NULL};
    if (kn_args_bind(a, "arange", names, NARGS(names), 1, v, err) < 0) return NULL;
    if (absent(v[1])) p[1] = v[0];
    else {
        p[0] = v[0];
        p[1] = v[1];
    }
    p[2] = absent(v[2]) ? NULL : v[2];
    double x[3] = {0, 0, 1};
    bool any_float = false;
    for (int i = 0; i < 3; i++) {
        if (!p[i]) continue;
        if (kn_to_double(p[i], &x[i], err) < 0) return NULL;
        any_float |= kn_is(p[i], &kn_type_float) || (kn__is_np_scalar(p[i], NULL) &&
                                                     tc_dtype_is_float(py_scalar_dtype(p[i])));
    }
    if (x[2] == 0) {
        tc_error_set(err, TC_EXC_ZERO_DIVISION, "division by zero");
        return NULL;
    }
    tc_dtype dt;
    if (opt_dtype(v[3], any_float ? TC_DTYPE_F64 : TC_DTYPE_I64, &dt, err) < 0) return NULL;
    double len = ceil((x[1] - x[0]) / x[2]);
    if (len <= 0) {
        int64_t zero = 0;
        return owned(tc_zeros(&zero, 1, dt, tc_device_cpu(), err));
    }
    return owned(tc_arange(x[0], x[1], x[2], dt, tc_device_cpu(), err));
}

static kn_obj *n_linspace(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"start", "stop", "num", "endpoint", "retstep", "dtype"};
    kn_obj *v[6];
    double s, e;
    int64_t num = 50;
    bool endpoint = true;
    tc_dtype dt;
    if (kn_args_bind(a, "linspace", names, NARGS(names), 2, v, err) < 0 ||
        kn_to_double(v[0], &s, err) < 0 || kn_to_double(v[1], &e, err) < 0)
        return NULL;
    if (!absent(v[2]) && kn_to_int64(v[2], &num, err) < 0) return NULL;
    if (!absent(v[3]) && kn__to_bool(v[3], &endpoint, err) < 0) return NULL;
    if (opt_dtype(v[5], TC_DTYPE_F64, &dt, err) < 0) return NULL;
    if (num < 0) {
        tc_error_set(err, TC_EXC_VALUE, "Number of samples, %lld, must be non-negative.", (long long)num);
        return NULL;
    }
    if (!endpoint && num > 0) e = s + (e - s) * (double)(num - 1) / (double)num;
    return owned(tc_linspace(s, e, num, dt, tc_device_cpu(), err));
}

static kn_obj *n_eye(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"N", "M", "k", "dtype"};
    kn_obj *v[4];
    int64_t n, m;
    tc_dtype dt;
    if (kn_args_bind(a, "eye", names, NARGS(names), 1, v, err) < 0 || kn_to_int64(v[0], &n, err) < 0)
        return NULL;
    m = n;
    if (!absent(v[1]) && kn_to_int64(v[1], &m, err) < 0) return NULL;
    if (opt_dtype(v[3], TC_DTYPE_F64, &dt, err) < 0) return NULL;
    return owned(tc_eye(n, m, dt, tc_device_cpu(), err));
}

/* np.<reduction>(a, ...) → asarray(a).<reduction>(...). 'self' is the method name. */
static kn_obj *n_forward(kn_obj *self, const kn_args *a, kn_err *err) {
    const char *name = kn_str_cstr(self);
    if (a->npos < 1) {
        tc_error_set(err, TC_EXC_TYPE, "%s() missing 1 required positional argument: 'a'", name);
        return NULL;
    }
    kn_obj *arr = kn_is_ndarray(a->pos[0]) ? kn_incref(a->pos[0]) : owned(array_like(a->pos[0], NULL, err));
    if (!arr) return NULL;
    kn_obj *m = kn_getattr(arr, name, err);
    kn_obj *r = NULL;
    if (m) {
        kn_args rest = *a;
        rest.pos = a->pos + 1;
        rest.npos = a->npos - 1;
        r = kn_call(m, &rest, err);
    }
    kn_decref(m);
    kn_decref(arr);
    return r;
}

/* Elementwise ufuncs: floats keep their dtype, ints and bools compute in float64. */
static kn_obj *n_ufunc(kn_obj *self, const kn_args *a, kn_err *err) {
    static const struct { const char *name; tc_unary_op op; bool to_float; } ufuncs[] = {
        {"sqrt", TC_UOP_SQRT, true}, {"exp", TC_UOP_EXP, true}, {"log", TC_UOP_LOG, true},
        {"sin", TC_UOP_SIN, true}, {"cos", TC_UOP_COS, true}, {"tanh", TC_UOP_TANH, true},
        {"abs", TC_UOP_ABS, false}, {"absolute", TC_UOP_ABS, false}, {"floor", TC_UOP_FLOOR, false},
        {"ceil", TC_UOP_CEIL, false}, {"negative", TC_UOP_NEG, false}, {"sign", TC_UOP_SIGN, false},
        {"square", TC_UOP_SQUARE, false}, {"log2", TC_UOP_LOG2, true}, {"log10", TC_UOP_LOG10, true},
    };
    const char *name = kn_str_cstr(self);
    if (a->npos != 1) {
        tc_error_set(err, TC_EXC_TYPE, "%s() takes from 1 to 2 positional arguments but %d were given",
                     name, a->npos);
        return NULL;
    }
    for (size_t i = 0; i < sizeof ufuncs / sizeof *ufuncs; i++) {
        if (strcmp(ufuncs[i].name, name)) continue;
        tc_tensor *t = array_like(a->pos[0], NULL, err);
        if (!t) return NULL;
        if (ufuncs[i].to_float && !tc_dtype_is_float(t->dtype) && !tc_dtype_is_complex(t->dtype)) {
            tc_tensor *c = tc_to(t, TC_DTYPE_F64, t->device, ".to()", err);
            tc_tensor_unref(t);
            if (!(t = c)) return NULL;
        }
        tc_tensor *r = tc_unary(ufuncs[i].op, t, err);
        tc_tensor_unref(t);
        return kn__ndarray_result(r, err);
    }
    tc_error_set(err, TC_EXC_ATTRIBUTE, "module 'numpy' has no attribute '%s'", name);
    return NULL;
}

static kn_obj *n_dot(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"a", "b"};
    kn_obj *v[2];
    if (kn_args_bind(a, "dot", names, 2, 2, v, err) < 0) return NULL;
    kn_obj *x = kn_is_ndarray(v[0]) ? kn_incref(v[0]) : owned(array_like(v[0], NULL, err));
    kn_obj *y = x ? (kn_is_ndarray(v[1]) ? kn_incref(v[1]) : owned(array_like(v[1], NULL, err))) : NULL;
    kn_obj *r = y ? kn_binary(KN_BINOP_MATMUL, x, y, err) : NULL;
    kn_decref(x);
    kn_decref(y);
    return r;
}

/* np._set_printoptions(precision, threshold, edgeitems, linewidth, suppress): the C half of
 * np.set_printoptions (numpy_extras); None keeps an option. */
static kn_obj *n_set_printoptions(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"precision", "threshold", "edgeitems", "linewidth", "suppress"};
    static const char *const what[] = {"precision", "threshold", "edgeitems", "linewidth"};
    kn_obj *v[5];
    if (kn_args_bind(a, "_set_printoptions", names, NARGS(names), 0, v, err) < 0) return NULL;
    tc_np_printoptions o;
    tc_np_get_printoptions(&o);
    int64_t *slot[] = {&o.precision, &o.threshold, &o.edgeitems, &o.linewidth};
    for (int i = 0; i < 4; i++) {
        if (absent(v[i])) continue;
        if (!kn_is(v[i], &kn_type_int) && !kn_is(v[i], &kn_type_bool)) {
            tc_error_set(err, TC_EXC_TYPE, "%s must be an integer", what[i]);
            return NULL;
        }
        if (kn_to_int64(v[i], slot[i], err) < 0) return NULL;
        if (*slot[i] < 0) {
            tc_error_set(err, TC_EXC_VALUE, "%s must be non-negative", what[i]);
            return NULL;
        }
    }
    if (!absent(v[4])) {
        int t = kn_truth(v[4], err);
        if (t < 0) return NULL;
        o.suppress = t;
    }
    tc_np_set_printoptions(&o);
    return kn_incref(kn_none());
}

/* np._get_printoptions(): (precision, threshold, edgeitems, linewidth, suppress). */
static kn_obj *n_get_printoptions(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "_get_printoptions", NULL, 0, 0, NULL, err) < 0) return NULL;
    tc_np_printoptions o;
    tc_np_get_printoptions(&o);
    kn_obj *t = kn_tuple_new(5);
    if (!t) return tc_error_set(err, TC_EXC_MEMORY, "out of memory"), NULL;
    int64_t vals[] = {o.precision, o.threshold, o.edgeitems, o.linewidth};
    for (int i = 0; i < 4; i++) kn_tuple_set(t, i, kn_int_new(vals[i]));
    kn_tuple_set(t, 4, kn_bool_new(o.suppress));
    return t;
}

/* np._tobytes(a): the array's elements in C order as bytes (ndarray.tobytes, np.save). */
static kn_obj *n_tobytes(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"a"};
    kn_obj *v[1];
    if (kn_args_bind(a, "_tobytes", names, 1, 1, v, err) < 0) return NULL;
    tc_tensor *t = kn_tensor_unwrap(v[0]);
    if (!t || !kn_is_ndarray(v[0])) return tc_error_set(err, TC_EXC_TYPE, "_tobytes() expects an ndarray"), NULL;
    tc_tensor *c = tc_contiguous(t, err);
    if (!c) return NULL;
    size_t n = (size_t)tc_numel(c) * tc_dtype_size(c->dtype);
    kn_obj *r = kn_bytes_new(n ? (const char *)tc_data_ptr(c) : "", n);
    tc_tensor_unref(c);
    if (!r) tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    return r;
}

/* np.frombuffer(buffer, dtype=float, count=-1, offset=0) over a bytes object: a copy (bytes
 * are immutable, so NumPy's read-only view and a copy read the same). */
static kn_obj *n_frombuffer(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"buffer", "dtype", "count", "offset"};
    kn_obj *v[4];
    tc_dtype dt;
    int64_t count = -1, offset = 0;
    if (kn_args_bind(a, "frombuffer", names, NARGS(names), 1, v, err) < 0) return NULL;
    if (!kn_is(v[0], &kn_type_bytes))
        return tc_error_set(err, TC_EXC_TYPE, "a bytes-like object is required, not '%s'", kn_type_name(v[0])), NULL;
    if (opt_dtype(v[1], TC_DTYPE_F64, &dt, err) < 0) return NULL;
    if ((!absent(v[2]) && kn_to_int64(v[2], &count, err) < 0) || (!absent(v[3]) && kn_to_int64(v[3], &offset, err) < 0))
        return NULL;
    int64_t len = (int64_t)kn_bytes_len(v[0]), es = (int64_t)tc_dtype_size(dt);
    if (offset < 0 || offset > len)
        return tc_error_set(err, TC_EXC_VALUE, "offset must be non-negative and no greater than buffer length (%lld)", (long long)len), NULL;
    int64_t avail = len - offset;
    if (count < 0) {
        if (avail % es)
            return tc_error_set(err, TC_EXC_VALUE, "buffer size must be a multiple of element size"), NULL;
        count = avail / es;
    } else if (count * es > avail) {
        return tc_error_set(err, TC_EXC_VALUE, "buffer is smaller than requested size"), NULL;
    }
    tc_tensor *t = tc_empty(&count, 1, dt, tc_device_cpu(), err);
    if (!t) return NULL;
    if (count) memcpy(tc_data_ptr(t), kn_bytes_data(v[0]) + offset, (size_t)(count * es));
    return owned(t);
}

static const kn__fn numpy_fns[] = {
    {"_tobytes", n_tobytes, "(a)", "The array's elements in C order as bytes."},
    {"frombuffer", n_frombuffer, "(buffer, dtype=float, count=-1, offset=0)",
     "Interpret a buffer as a 1-dimensional array."},
    {"_set_printoptions", n_set_printoptions, "(precision=None, threshold=None, edgeitems=None, linewidth=None, suppress=None)",
     "Set the ndarray print options (np.set_printoptions)."},
    {"_get_printoptions", n_get_printoptions, "()", "The ndarray print options as a tuple."},
    {"array", n_array, "(object, dtype=None, *, copy=True, order='K', subok=False, ndmin=0)",
     "Create an array."},
    {"asarray", n_asarray, "(a, dtype=None, order=None)", "Convert the input to an array."},
    {"zeros", n_zeros, "(shape, dtype=float, order='C')",
     "Return a new array of given shape and type, filled with zeros."},
    {"ones", n_ones, "(shape, dtype=None, order='C')",
     "Return a new array of given shape and type, filled with ones."},
    {"empty", n_empty, "(shape, dtype=float, order='C')",
     "Return a new array of given shape and type, without initializing entries."},
    {"full", n_full, "(shape, fill_value, dtype=None, order='C')",
     "Return a new array of given shape and type, filled with fill_value."},
    {"zeros_like", n_zeros_like, "(a, dtype=None)",
     "Return an array of zeros with the same shape and type as a given array."},
    {"ones_like", n_ones_like, "(a, dtype=None)",
     "Return an array of ones with the same shape and type as a given array."},
    {"arange", n_arange, "([start,] stop[, step,], dtype=None)",
     "Return evenly spaced values within a given interval."},
    {"linspace", n_linspace, "(start, stop, num=50, endpoint=True, retstep=False, dtype=None)",
     "Return evenly spaced numbers over a specified interval."},
    {"eye", n_eye, "(N, M=None, k=0, dtype=float)",
     "Return a 2-D array with ones on the diagonal and zeros elsewhere."},
    {"dot", n_dot, "(a, b)", "Dot product of two arrays."},
    {"matmul", n_dot, "(a, b)", "Matrix product of two arrays."},
    {NULL, NULL, NULL, NULL},
};

static const char *const reductions[] = {"sum", "mean", "prod", "max", "min", "all", "any",
                                         "argmax", "argmin", "reshape", "transpose", "copy", NULL};
static const char *const ufunc_names[] = {"sqrt", "exp", "log", "sin", "cos", "tanh", "abs",
                                          "absolute", "floor", "ceil", "negative", "sign",
                                          "square", "log2", "log10", NULL};

static int add_bound(kn_obj *m, const char *name, kn_cfunc fn, const char *sig, const char *doc) {
    kn_obj *s = kn_str_from_cstr(name);
    kn_obj *f = kn_cfunction_new(name, fn, s, sig, doc);
    kn_decref(s);
    if (!f) return -1;
    kn_module_add(m, name, f);
    kn_decref(f);
    return 0;
}

static void add_scalar_types(kn_obj *m) {
    static const struct { const char *name; tc_dtype dt; } aliases[] = {
        {"bool_", TC_DTYPE_BOOL}, {"double", TC_DTYPE_F64}, {"single", TC_DTYPE_F32},
        {"half", TC_DTYPE_F16}, {"int_", TC_DTYPE_I64}, {"intp", TC_DTYPE_I64},
        {"longlong", TC_DTYPE_I64}, {"intc", TC_DTYPE_I32}, {"short", TC_DTYPE_I16},
        {"byte", TC_DTYPE_I8}, {"ubyte", TC_DTYPE_U8}, {"float64", TC_DTYPE_F64},
    };
    for (int i = 0; i < TC_DTYPE_COUNT; i++) {
        const char *n = tc_dtype_numpy_name((tc_dtype)i);
        if (n) kn_module_add(m, n, kn_type_object(&kn__np_scalar_types[i]));
    }
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
        kn_module_add(m, aliases[i].name, kn_type_object(&kn__np_scalar_types[aliases[i].dt]));
    for (int i = 0; i < KN__NP_ABSTRACT_COUNT; i++) /* "numpy.integer" is np.integer */
        kn_module_add(m, kn__np_abstract_types[i].name + 6, kn_type_object(&kn__np_abstract_types[i]));
}

static void add_float(kn_obj *m, const char *name, double v) {
    kn_obj *f = kn_float_new(v);
    kn_module_add(m, name, f);
    kn_decref(f);
}

/* The numpy module. */
kn_obj *kn_mod_numpy_init(kn_err *err) {
    kn_obj *m = kn_module_new("numpy", "NumPy arrays over the kernel's shared tensor memory.");
    if (!m) return NULL;
    if (kn__module_add_fns(m, numpy_fns, err) < 0 || kn__module_add_fns(m, kn__torch_fft_fns, err) < 0) goto fail;
    for (const char *const *n = reductions; *n; n++)
        if (add_bound(m, *n, n_forward, "(a, axis=None, dtype=None, out=None, keepdims=False)",
                      "Array reduction; see ndarray methods.") < 0)
            goto fail;
    for (const char *const *n = ufunc_names; *n; n++)
        if (add_bound(m, *n, n_ufunc, "(x, /)", "Elementwise universal function.") < 0) goto fail;
    add_scalar_types(m);
    kn_module_add(m, "ndarray", kn_type_object(&kn_type_ndarray));
    kn_module_add(m, "dtype", kn_type_object(&kn__type_np_dtype));
    kn_module_add(m, "newaxis", kn_none());
    kn_obj *rnd = kn__np_random_module(err);
    if (!rnd) goto fail;
    kn_module_add(m, "random", rnd);
    kn_decref(rnd);
    add_float(m, "pi", M_PI);
    add_float(m, "e", M_E);
    add_float(m, "inf", INFINITY);
    add_float(m, "nan", NAN);
    kn_obj *ver = kn_str_from_cstr("2.1.3");
    kn_module_add(m, "__version__", ver);
    kn_decref(ver);
    return m;
fail:
    kn_nomem(err);
    kn_decref(m);
    return NULL;
}
