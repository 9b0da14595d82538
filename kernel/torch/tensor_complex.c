/*
 * Complex tensors in the torch module: the Tensor methods that only complex numbers need
 * (is_complex, conj, resolve_conj, is_conj, angle), the torch functions that build or take
 * apart complex tensors (complex, polar, view_as_real, view_as_complex, real, imag), and the
 * list of the operations that accept a complex tensor: any other Tensor method called on one
 * raises PyTorch's NotImplementedError instead of computing on the real parts.
 *
 * PyTorch's conj() is a lazy view with a conjugate bit; here it is a conjugated copy that
 * remembers it came from conj() (kn_tensor_obj.conj), so is_conj() and resolve_conj() answer
 * as PyTorch's do. Writing through a conj() result does not reach the original tensor.
 */
#include <math.h>
#include <string.h>

#include "kernel/torch/torch-impl.h"

#define NARGS(names) ((int)(sizeof(names) / sizeof(*(names))))

static tc_tensor *T(kn_obj *o) { return ((kn_tensor_obj *)o)->t; }
static kn_obj *wrap(tc_tensor *t) { return t ? kn_tensor_wrap(t) : NULL; }

static tc_tensor *tensor_arg(kn_obj *o, const char *fname, const char *pname, int pos, kn_err *err) {
    tc_tensor *t = o ? kn_tensor_unwrap(o) : NULL;
    if (!t)
        tc_error_set(err, TC_EXC_TYPE, "%s(): argument '%s' (position %d) must be Tensor, not %s", fname,
                     pname, pos, o ? kn_type_name(o) : "NoneType");
    return t;
}

/* PyTorch's ScalarType name ("Float", "ComplexFloat"). */
static const char *dtype_title(tc_dtype dt) {
    static const char *const names[TC_DTYPE_COUNT] = {
        "Bool", "Byte", "Char", "Short", "Int", "Long", "Half", "BFloat16", "Float", "Double",
        "ComplexFloat", "ComplexDouble"};
    return names[dt];
}

static int no_args(const kn_args *a, const char *fname, kn_err *err) {
    return kn_args_bind(a, fname, NULL, 0, 0, NULL, err);
}

/* ---- Tensor methods --------------------------------------------------------------------------- */

static kn_obj *m_is_complex(kn_obj *self, const kn_args *a, kn_err *err) {
    return no_args(a, "is_complex", err) < 0 ? NULL : kn_bool_new(tc_dtype_is_complex(T(self)->dtype));
}

/* The complex conjugate as a new tensor (a real tensor is its own conjugate). */
static tc_tensor *conj_copy(tc_tensor *t, kn_err *err) {
    if (!tc_dtype_is_complex(t->dtype)) return tc_tensor_ref(t);
    tc_tensor *c = tc_clone(t, err);
    tc_tensor *im = c ? tc_imag(c, err) : NULL;
    int rc = im ? tc_unary_(TC_UOP_NEG, im, err) : -1;
    tc_tensor_unref(im);
    if (rc < 0) {
        tc_tensor_unref(c);
        return NULL;
    }
    return c;
}

static kn_obj *m_conj(kn_obj *self, const kn_args *a, kn_err *err) {
    if (no_args(a, "conj", err) < 0) return NULL;
    tc_tensor *t = T(self);
    if (!tc_dtype_is_complex(t->dtype)) return kn_incref(self);
    kn_obj *r = wrap(conj_copy(t, err));
    if (r) ((kn_tensor_obj *)r)->conj = !((kn_tensor_obj *)self)->conj;
    return r;
}

static kn_obj *m_conj_physical(kn_obj *self, const kn_args *a, kn_err *err) {
    if (no_args(a, "conj_physical", err) < 0) return NULL;
    tc_tensor *t = T(self);
    return tc_dtype_is_complex(t->dtype) ? wrap(conj_copy(t, err)) : kn_incref(self);
}

static kn_obj *m_resolve_conj(kn_obj *self, const kn_args *a, kn_err *err) {
    if (no_args(a, "resolve_conj", err) < 0) return NULL;
    if (!((kn_tensor_obj *)self)->conj) return kn_incref(self);
    return wrap(tc_clone(T(self), err));
}

static kn_obj *m_is_conj(kn_obj *self, const kn_args *a, kn_err *err) {
    return no_args(a, "is_conj", err) < 0 ? NULL : kn_bool_new(((kn_tensor_obj *)self)->conj);
}

static kn_obj *m_resolve_neg(kn_obj *self, const kn_args *a, kn_err *err) {
    return no_args(a, "resolve_neg", err) < 0 ? NULL : kn_incref(self);
}

static kn_obj *m_is_neg(kn_obj *self, const kn_args *a, kn_err *err) {
    return no_args(a, "is_neg", err) < 0 ? NULL : kn_bool_new(false);
}

/* angle: atan2(imag, real) of a complex tensor (its real dtype); for a real tensor pi where
 * it is negative, 0 elsewhere, NaN kept; integers give float32. */
static tc_tensor *angle_of(tc_tensor *t, kn_err *err) {
    if (tc_dtype_is_complex(t->dtype)) {
        tc_tensor *re = tc_real(t, err);
        tc_tensor *im = re ? tc_imag(t, err) : NULL;
        tc_tensor *r = im ? tc_binary(TC_OP_ATAN2, im, re, err) : NULL;
        tc_tensor_unref(re);
        tc_tensor_unref(im);
        return r;
    }
    if (t->layout != TC_LAYOUT_STRIDED) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "Could not run 'aten::angle' with arguments from the 'SparseCPU' backend.");
        return NULL;
    }
    tc_dtype dt = tc_dtype_is_float(t->dtype) ? t->dtype : tc_default_float();
    tc_tensor *x = tc_to(t, dt, t->device, ".to()", err);
    tc_tensor *zero = x ? tc_zeros(NULL, 0, dt, t->device, err) : NULL;
    tc_tensor *pi = zero ? tc_full(NULL, 0, M_PI, dt, t->device, err) : NULL;
    tc_tensor *neg = pi ? tc_binary(TC_OP_LT, x, zero, err) : NULL;
    tc_tensor *sel = neg ? tc_where(neg, pi, zero, err) : NULL;
    tc_tensor *nan = sel ? tc_binary(TC_OP_NE, x, x, err) : NULL;
    tc_tensor *r = nan ? tc_where(nan, x, sel, err) : NULL;
    tc_tensor_unref(x);
    tc_tensor_unref(zero);
    tc_tensor_unref(pi);
    tc_tensor_unref(neg);
    tc_tensor_unref(sel);
    tc_tensor_unref(nan);
    return r;
}

/* complex(t) of a one-element tensor (CPython's __complex__). */
static kn_obj *m_dunder_complex(kn_obj *self, const kn_args *a, kn_err *err) {
    tc_scalar s;
    if (no_args(a, "__complex__", err) < 0 || tc_item(T(self), &s, err) < 0) return NULL;
    double re = s.kind == TC_SCALAR_COMPLEX ? s.v.c.re : s.kind == TC_SCALAR_FLOAT ? s.v.f
                : s.kind == TC_SCALAR_INT ? (double)s.v.i : s.v.b;
    kn_obj *r = kn_complex_new(re, s.kind == TC_SCALAR_COMPLEX ? s.v.c.im : 0.0);
    if (!r) kn_nomem(err);
    return r;
}

/* isreal: imaginary part 0 (every element of a real tensor). */
static kn_obj *m_isreal(kn_obj *self, const kn_args *a, kn_err *err) {
    if (no_args(a, "isreal", err) < 0) return NULL;
    tc_tensor *t = T(self);
    if (!tc_dtype_is_complex(t->dtype)) return wrap(tc_ones(t->shape, t->ndim, TC_DTYPE_BOOL, t->device, err));
    tc_tensor *im = tc_imag(t, err);
    tc_scalar zero = {.kind = TC_SCALAR_INT, .v.i = 0};
    tc_tensor *r = im ? tc_binary_scalar(TC_OP_EQ, im, zero, err) : NULL;
    tc_tensor_unref(im);
    return wrap(r);
}

/* sgn: z / |z| (0 where z is 0); the sign of a real tensor. */
static kn_obj *m_sgn(kn_obj *self, const kn_args *a, kn_err *err) {
    if (no_args(a, "sgn", err) < 0) return NULL;
    tc_tensor *t = T(self);
    if (!tc_dtype_is_complex(t->dtype)) return wrap(tc_unary(TC_UOP_SIGN, t, err));
    tc_tensor *ab = tc_unary(TC_UOP_ABS, t, err);
    tc_tensor *q = ab ? tc_binary(TC_OP_DIV, t, ab, err) : NULL;
    tc_scalar zero = {.kind = TC_SCALAR_INT, .v.i = 0};
    tc_tensor *z = q ? tc_binary_scalar(TC_OP_EQ, ab, zero, err) : NULL;
    tc_tensor *zeros = z ? tc_zeros(NULL, 0, t->dtype, t->device, err) : NULL;
    tc_tensor *r = zeros ? tc_where(z, zeros, q, err) : NULL;
    tc_tensor_unref(ab);
    tc_tensor_unref(q);
    tc_tensor_unref(z);
    tc_tensor_unref(zeros);
    return wrap(r);
}

static kn_obj *m_cfloat(kn_obj *self, const kn_args *a, kn_err *err) {
    tc_tensor *t = T(self);
    if (kn_args_bind(a, "cfloat", NULL, 0, 0, NULL, err) < 0) return NULL;
    return kn__tensor_result(self, t->dtype == TC_DTYPE_C64 ? tc_tensor_ref(t) : tc_to(t, TC_DTYPE_C64, t->device, ".to()", err));
}

static kn_obj *m_cdouble(kn_obj *self, const kn_args *a, kn_err *err) {
    tc_tensor *t = T(self);
    if (kn_args_bind(a, "cdouble", NULL, 0, 0, NULL, err) < 0) return NULL;
    return kn__tensor_result(self, t->dtype == TC_DTYPE_C128 ? tc_tensor_ref(t) : tc_to(t, TC_DTYPE_C128, t->device, ".to()", err));
}

static kn_obj *m_angle(kn_obj *self, const kn_args *a, kn_err *err) {
    return no_args(a, "angle", err) < 0 ? NULL : wrap(angle_of(T(self), err));
}

const kn__fn kn__tensor_complex_methods[] = {
    {"is_complex", m_is_complex, "()", "Returns True if the data type of self is a complex data type."},
    {"conj", m_conj, "()", "See torch.conj()"},
    {"conj_physical", m_conj_physical, "()", "See torch.conj_physical()"},
    {"resolve_conj", m_resolve_conj, "()", "See torch.resolve_conj()"},
    {"is_conj", m_is_conj, "()", "Returns True if the conjugate bit of self is set to true."},
    {"resolve_neg", m_resolve_neg, "()", "See torch.resolve_neg()"},
    {"is_neg", m_is_neg, "()", "Returns True if the negative bit of self is set to true."},
    {"angle", m_angle, "()", "See torch.angle()"},
    {"cfloat", m_cfloat, "(memory_format=torch.preserve_format)", "self.cfloat() is equivalent to self.to(torch.complex64)."},
    {"cdouble", m_cdouble, "(memory_format=torch.preserve_format)", "self.cdouble() is equivalent to self.to(torch.complex128)."},
    {"isreal", m_isreal, "()", "Returns a new tensor with boolean elements representing if each element of input is real-valued or not."},
    {"sgn", m_sgn, "()", "See torch.sgn()"},
    {"__complex__", m_dunder_complex, "()", "complex(self) of a one-element tensor."},
    {NULL, NULL, NULL, NULL},
};

const char *const kn__torch_complex_forwarded[] = {
    "is_complex", "conj", "conj_physical", "resolve_conj", "is_conj", "resolve_neg", "is_neg", "angle", "sgn", NULL,
};

/* ---- torch functions ------------------------------------------------------------------------- */

/* torch.complex(real, imag): both float32 or both float64 (PyTorch's checks), broadcast. */
static kn_obj *f_complex(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"real", "imag"};
    kn_obj *v[2];
    if (kn_args_bind(a, "complex", names, 2, 2, v, err) < 0) return NULL;
    tc_tensor *re = tensor_arg(v[0], "complex", "real", 1, err);
    tc_tensor *im = re ? tensor_arg(v[1], "complex", "imag", 2, err) : NULL;
    if (!im) return NULL;
    bool ok_re = re->dtype == TC_DTYPE_F32 || re->dtype == TC_DTYPE_F64 || re->dtype == TC_DTYPE_F16;
    bool ok_im = im->dtype == TC_DTYPE_F32 || im->dtype == TC_DTYPE_F64 || im->dtype == TC_DTYPE_F16;
    if (!ok_re || !ok_im) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                     "Expected both inputs to be Half, Float or Double tensors but got %s and %s",
                     dtype_title(re->dtype), dtype_title(im->dtype));
        return NULL;
    }
    if (re->dtype != im->dtype) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "Expected object of scalar type %s but got scalar type %s for second argument",
                     dtype_title(re->dtype), dtype_title(im->dtype));
        return NULL;
    }
    if (re->dtype == TC_DTYPE_F16) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "complex32 (ComplexHalf) tensors are not supported");
        return NULL;
    }
    tc_tensor *sum = tc_binary(TC_OP_ADD, re, im, err); /* the broadcast shape, PyTorch's error */
    if (!sum) return NULL;
    tc_tensor *r = tc_empty(sum->shape, sum->ndim, tc_dtype_to_complex(re->dtype), re->device, err);
    tc_tensor_unref(sum);
    tc_tensor *rv = r ? tc_real(r, err) : NULL;
    tc_tensor *iv = rv ? tc_imag(r, err) : NULL;
    int rc = iv && tc_copy_(rv, re, err) == 0 && tc_copy_(iv, im, err) == 0 ? 0 : -1;
    tc_tensor_unref(rv);
    tc_tensor_unref(iv);
    if (rc < 0) {
        tc_tensor_unref(r);
        return NULL;
    }
    return wrap(r);
}

/* torch.polar(abs, angle) = abs * (cos(angle) + i sin(angle)), as std::polar. */
static kn_obj *f_polar(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"abs", "angle"};
    kn_obj *v[2];
    if (kn_args_bind(a, "polar", names, 2, 2, v, err) < 0) return NULL;
    tc_tensor *ab = tensor_arg(v[0], "polar", "abs", 1, err);
    tc_tensor *an = ab ? tensor_arg(v[1], "polar", "angle", 2, err) : NULL;
    if (!an) return NULL;
    bool ok_ab = ab->dtype == TC_DTYPE_F32 || ab->dtype == TC_DTYPE_F64 || ab->dtype == TC_DTYPE_F16;
    bool ok_an = an->dtype == TC_DTYPE_F32 || an->dtype == TC_DTYPE_F64 || an->dtype == TC_DTYPE_F16;
    if (!ok_ab || !ok_an) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                     "Expected both inputs to be Half, Float or Double tensors but got %s and %s",
                     dtype_title(ab->dtype), dtype_title(an->dtype));
        return NULL;
    }
    if (ab->dtype != an->dtype) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "Expected object of scalar type %s but got scalar type %s for second argument",
                     dtype_title(ab->dtype), dtype_title(an->dtype));
        return NULL;
    }
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *c = tc_unary(TC_UOP_COS, an, err);
    tc_tensor *s = c ? tc_unary(TC_UOP_SIN, an, err) : NULL;
    tc_tensor *re = s ? tc_binary(TC_OP_MUL, ab, c, err) : NULL;
    tc_tensor *im = re ? tc_binary(TC_OP_MUL, ab, s, err) : NULL;
    tc_set_grad_enabled(was);
    tc_tensor_unref(c);
    tc_tensor_unref(s);
    kn_obj *r = NULL;
    if (im) {
        kn_obj *wre = kn_tensor_wrap(tc_tensor_ref(re)), *wim = kn_tensor_wrap(tc_tensor_ref(im));
        kn_obj *pos[2] = {wre, wim};
        kn_args sub = {0};
        sub.pos = pos;
        sub.npos = 2;
        r = wre && wim ? f_complex(NULL, &sub, err) : (kn_nomem(err), NULL);
        kn_decref(wre);
        kn_decref(wim);
    }
    tc_tensor_unref(re);
    tc_tensor_unref(im);
    return r;
}

static kn_obj *one_tensor_fn(const kn_args *a, const char *fname, tc_tensor *(*fn)(tc_tensor *, tc_error *),
                             kn_err *err) {
    static const char *const names[] = {"input"};
    kn_obj *v[1];
    if (kn_args_bind(a, fname, names, 1, 1, v, err) < 0) return NULL;
    tc_tensor *t = tensor_arg(v[0], fname, "input", 1, err);
    if (!t) return NULL;
    tc_tensor *r = fn(t, err);
    if (r == t) {
        tc_tensor_unref(r);
        return kn_incref(v[0]);
    }
    return wrap(r);
}

static kn_obj *f_view_as_real(kn_obj *self, const kn_args *a, kn_err *err) {
    if (a->npos >= 1 && kn_tensor_unwrap(a->pos[0]) && ((kn_tensor_obj *)a->pos[0])->conj) {
        tc_error_set(err, TC_EXC_RUNTIME, "view_as_real doesn't work on unresolved conjugated tensors.  "
                                          "To resolve the conjugate tensor so you can view it as real, use "
                                          "self.resolve_conj(); however, be warned that the resulting tensor will "
                                          "NOT alias the original.");
        return NULL;
    }
    return one_tensor_fn(a, "view_as_real", tc_view_as_real, err);
}
static kn_obj *f_view_as_complex(kn_obj *self, const kn_args *a, kn_err *err) {
    return one_tensor_fn(a, "view_as_complex", tc_view_as_complex, err);
}
static kn_obj *f_real(kn_obj *self, const kn_args *a, kn_err *err) { return one_tensor_fn(a, "real", tc_real, err); }
static kn_obj *f_imag(kn_obj *self, const kn_args *a, kn_err *err) { return one_tensor_fn(a, "imag", tc_imag, err); }

const kn__fn kn__torch_complex_fns[] = {
    {"complex", f_complex, "(real, imag, *, out=None)",
     "Constructs a complex tensor with its real part equal to real and its imaginary part equal to imag."},
    {"polar", f_polar, "(abs, angle, *, out=None)",
     "Constructs a complex tensor whose elements are Cartesian coordinates corresponding to the polar coordinates "
     "with absolute value abs and angle angle."},
    {"view_as_real", f_view_as_real, "(input)", "Returns a view of input as a real tensor."},
    {"view_as_complex", f_view_as_complex, "(input)", "Returns a view of input as a complex tensor."},
    {"real", f_real, "(input)", "Returns a new tensor containing real values of the self tensor."},
    {"imag", f_imag, "(input)", "Returns a new tensor containing imaginary values of the self tensor."},
    {NULL, NULL, NULL, NULL},
};

/* ---- what complex tensors accept ----------------------------------------------------------------
 * Methods whose implementation handles complex elements (or does not look at values at all:
 * shapes, views, copies, indexing). Anything else on a complex tensor is refused before it
 * runs, since the real-valued code paths would read only the real parts. */
static const char *const complex_ok[] = {
    /* metadata and conversion */
    "size", "stride", "dim", "ndimension", "nelement", "numel", "is_contiguous", "storage_offset",
    "element_size", "get_device", "item", "tolist", "to", "cpu", "cuda", "type", "is_floating_point",
    "is_complex", "requires_grad_", "detach", "detach_", "data_ptr", "cfloat", "cdouble", "float", "double",
    "half", "bfloat16", "int", "long", "short", "char", "byte", "bool", "numpy", "equal",
    /* views and copies */
    "view", "view_as", "reshape", "reshape_as", "expand", "expand_as", "contiguous", "clone", "transpose",
    "permute", "flatten", "squeeze", "unsqueeze", "t", "t_", "unsqueeze_", "squeeze_", "transpose_",
    "copy_", "fill_", "zero_", "masked_fill", "masked_fill_", "flip", "fliplr", "flipud", "roll",
    "narrow", "chunk", "split", "unbind", "movedim", "moveaxis", "swapaxes", "swapdims", "repeat", "tile",
    "diagonal", "select", "unfold", "index_select", "masked_select", "take", "gather",
    /* complex */
    "conj", "conj_physical", "resolve_conj", "is_conj", "resolve_neg", "is_neg", "angle", "__complex__",
    /* arithmetic with complex loops */
    "add", "add_", "sub", "sub_", "mul", "mul_", "div", "div_", "true_divide", "neg", "neg_", "negative",
    "abs", "absolute", "exp", "exp_", "log", "log_", "sqrt", "sqrt_", "rsqrt", "sin", "cos", "tan", "tanh",
    "sinh", "cosh", "asin", "acos", "atan", "sigmoid", "reciprocal", "square", "pow", "pow_", "eq", "ne",
    "eq_", "ne_", "logical_not", "logical_and", "logical_or", "sum", "mean", "prod", "any", "all", "matmul", "mm", "dot",
    "bmm", "mv", "outer", "isclose", "allclose", "cumsum", "nonzero", "isnan", "isfinite", "isinf", "nan_to_num", "kron", "cross", "trace", "diag",
    "tril", "triu", "log2", "log10", "expm1", "log1p", "repeat_interleave", "new_zeros", "new_full", "new_ones",
    "new_empty", "new_tensor", "scatter", "rot90", "count_nonzero", "std", "var", "norm", "argwhere",
    "isreal", "sgn", "neg_", "exp_", "log_", "sqrt_", "rsqrt_", "sin_", "cos_", "tan_", "tanh_", "sinh_",
    "cosh_", "asin_", "acos_", "atan_", "sigmoid_", "reciprocal_", "square_", "log2_", "log10_", "expm1_",
    "log1p_", "arcsin", "arccos", "arctan", "index_fill", "masked_scatter", "put_",
    "index_fill_", "masked_scatter_", "scatter_", "normal_", "uniform_", "cumprod",
    "addmm", "baddbmm", "lerp", "cauchy_", "log_normal_", "geometric_", /* their own messages */
    /* LAPACK's complex routines (tensorcore/src/lapack.c) */
    "det", "inverse", "slogdet", "svd", NULL,
};

bool kn__complex_method_ok(const char *name) {
    for (const char *const *n = complex_ok; *n; n++)
        if (!strcmp(*n, name)) return true;
    return false;
}

/* A method refused on complex tensors: PyTorch's dispatcher words for the kernels it lacks
 * ("max_all" not implemented for 'ComplexFloat'), or the op's own message where PyTorch
 * checks first (sort, argmax, clamp, maximum, ...). */
int kn__complex_refuse(const char *name, tc_dtype dt, kn_err *err) {
    static const struct { const char *name; int exc; const char *msg; } special[] = {
        {"max", TC_EXC_NOT_IMPLEMENTED, "\"max_all\" not implemented for '%s'"},
        {"min", TC_EXC_NOT_IMPLEMENTED, "\"min_all\" not implemented for '%s'"},
        {"argmax", TC_EXC_TYPE, "argmax(): does not support complex input"},
        {"argmin", TC_EXC_TYPE, "argmin(): does not support complex input"},
        {"sort", TC_EXC_TYPE, " Sort does not support complex dtypes on CPU"},
        {"argsort", TC_EXC_TYPE, " Sort does not support complex dtypes on CPU"},
        {"topk", TC_EXC_TYPE, " topk does not support complex dtypes on CPU"},
        {"clamp", TC_EXC_NOT_IMPLEMENTED, "clamp is not supported for complex types"},
        {"clip", TC_EXC_NOT_IMPLEMENTED, "clamp is not supported for complex types"},
        {"clamp_", TC_EXC_NOT_IMPLEMENTED, "clamp is not supported for complex types"},
        {"relu", TC_EXC_NOT_IMPLEMENTED, "clamp is not supported for complex types"},
        {"floor", TC_EXC_NOT_IMPLEMENTED, "floor is not supported for complex inputs"},
        {"ceil", TC_EXC_NOT_IMPLEMENTED, "ceil is not supported for complex inputs"},
        {"round", TC_EXC_NOT_IMPLEMENTED, "\"round_vml_cpu\" not implemented for '%s'"},
        {"trunc", TC_EXC_NOT_IMPLEMENTED, "trunc is not supported for complex inputs"},
        {"sign", TC_EXC_NOT_IMPLEMENTED,
         "Unlike NumPy, torch.sign is not intended to support complex numbers. Please use torch.sgn instead."},
        {"maximum", TC_EXC_TYPE, "maximum not implemented for complex tensors."},
        {"minimum", TC_EXC_TYPE, "minimum not implemented for complex tensors."},
        {"floor_divide", TC_EXC_NOT_IMPLEMENTED, "\"div_floor_cpu\" not implemented for '%s'"},
        {"remainder", TC_EXC_NOT_IMPLEMENTED, "\"remainder_cpu\" not implemented for '%s'"},
        {"softmax", TC_EXC_NOT_IMPLEMENTED, "\"softmax_lastdim_kernel_impl\" not implemented for '%s'"},
        {"erf", TC_EXC_NOT_IMPLEMENTED, "\"erf_vml_cpu\" not implemented for '%s'"},
        {"erfc", TC_EXC_NOT_IMPLEMENTED, "\"erfc_vml_cpu\" not implemented for '%s'"},
        {"erfinv", TC_EXC_NOT_IMPLEMENTED, "\"erfinv_vml_cpu\" not implemented for '%s'"},
        {"histc", TC_EXC_TYPE, "aminmax not implemented for %s"},
        {"aminmax", TC_EXC_TYPE, "aminmax not implemented for %s"},
        {"cummin", TC_EXC_NOT_IMPLEMENTED, "\"cummin_cpu\" not implemented for '%s'"},
        {"cummax", TC_EXC_NOT_IMPLEMENTED, "\"cummax_cpu\" not implemented for '%s'"},
        {"amin", TC_EXC_NOT_IMPLEMENTED, "\"min_values_cpu\" not implemented for '%s'"},
        {"amax", TC_EXC_NOT_IMPLEMENTED, "\"max_values_cpu\" not implemented for '%s'"},
        {"nansum", TC_EXC_NOT_IMPLEMENTED, "nansum on CPU does not support complex inputs"},
        {"nanmean", TC_EXC_NOT_IMPLEMENTED, "nansum on CPU does not support complex inputs"},
        {"msort", TC_EXC_TYPE, " Sort does not support complex dtypes on CPU"},
        {"bincount", TC_EXC_NOT_IMPLEMENTED, "\"bincount_cpu\" not implemented for '%s'"},
        {"log_softmax", TC_EXC_NOT_IMPLEMENTED, "\"log_softmax_lastdim_kernel_impl\" not implemented for '%s'"},
        {"fmod", TC_EXC_NOT_IMPLEMENTED, "\"fmod_cpu\" not implemented for '%s'"},
        {"atan2", TC_EXC_NOT_IMPLEMENTED, "\"atan2_cpu\" not implemented for '%s'"},
        {"arctan2", TC_EXC_NOT_IMPLEMENTED, "\"atan2_cpu\" not implemented for '%s'"},
        {"hypot", TC_EXC_NOT_IMPLEMENTED, "\"hypot_cpu\" not implemented for '%s'"},
        {"frac", TC_EXC_NOT_IMPLEMENTED, "\"frac_cpu\" not implemented for '%s'"},
        {"fix", TC_EXC_NOT_IMPLEMENTED, "trunc is not supported for complex inputs"},
        {"mode", TC_EXC_NOT_IMPLEMENTED, "\"mode_cpu\" not implemented for '%s'"},
        {"kthvalue", TC_EXC_NOT_IMPLEMENTED, "\"kthvalue_cpu\" not implemented for '%s'"},
        {"median", TC_EXC_NOT_IMPLEMENTED, "\"median_cpu\" not implemented for '%s'"},
        {"quantile", TC_EXC_RUNTIME, "quantile() input tensor must be either float or double dtype"},
        {"unique", TC_EXC_NOT_IMPLEMENTED, "\"unique\" not implemented for '%s'"},
        {"unique_consecutive", TC_EXC_NOT_IMPLEMENTED, "\"unique\" not implemented for '%s'"},
        {"relu_", TC_EXC_NOT_IMPLEMENTED, "clamp is not supported for complex types"},
        {"clip_", TC_EXC_NOT_IMPLEMENTED, "clamp is not supported for complex types"},
        {"floor_", TC_EXC_NOT_IMPLEMENTED, "floor is not supported for complex inputs"},
        {"ceil_", TC_EXC_NOT_IMPLEMENTED, "ceil is not supported for complex inputs"},
        {"trunc_", TC_EXC_NOT_IMPLEMENTED, "trunc is not supported for complex inputs"},
        {"fix_", TC_EXC_NOT_IMPLEMENTED, "trunc is not supported for complex inputs"},
        {"sign_", TC_EXC_NOT_IMPLEMENTED,
         "Unlike NumPy, torch.sign is not intended to support complex numbers. Please use torch.sgn instead."},
        {"abs_", TC_EXC_RUNTIME, "In-place abs is not supported for complex tensors."},
        {"lt", TC_EXC_NOT_IMPLEMENTED, "\"lt_cpu\" not implemented for '%s'"},
        {"le", TC_EXC_NOT_IMPLEMENTED, "\"le_cpu\" not implemented for '%s'"},
        {"gt", TC_EXC_NOT_IMPLEMENTED, "\"gt_cpu\" not implemented for '%s'"},
        {"ge", TC_EXC_NOT_IMPLEMENTED, "\"ge_cpu\" not implemented for '%s'"},
    };
    const char *title = dtype_title(dt);
    for (size_t i = 0; i < sizeof special / sizeof *special; i++)
        if (!strcmp(special[i].name, name))
            return tc_error_set(err, (tc_exc)special[i].exc, special[i].msg, title);
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"%s\" not implemented for '%s'", name, title);
}

/* The bound method t.<name> of a complex tensor for a method complex tensors do not take:
 * calling it raises the refusal (looking it up does not, as in PyTorch). */
typedef struct refused_obj {
    kn_obj base;
    const char *name; /* a method table's static name */
    tc_dtype dt;
} refused_obj;

static const kn_type refused_type = {
    .name = "refused_method", .qualname = "refused_method", .doc = "A method complex tensors lack.",
};

static kn_obj *refused_call(kn_obj *self, const kn_args *a, kn_err *err) {
    (void)a;
    refused_obj *r = (refused_obj *)self;
    kn__complex_refuse(r->name, r->dt, err);
    return NULL;
}

kn_obj *kn__complex_refused_method(const kn__fn *f, tc_dtype dt, kn_err *err) {
    refused_obj *r = (refused_obj *)kn_obj_alloc(&refused_type, sizeof(refused_obj), err);
    if (!r) return NULL;
    r->name = f->name;
    r->dt = dt;
    kn_obj *fn = kn_cfunction_new(f->name, refused_call, &r->base, f->sig, f->doc);
    kn_decref(&r->base);
    if (!fn) kn_nomem(err);
    return fn;
}
