/*
 * torch.Tensor as an interpreter value: wrapping, printing (tensorcore's formatter), the
 * attributes (shape, dtype, device, grad, grad_fn, ...), Python operators through the type
 * slots (arithmetic with PyTorch's wrapped-number promotion, reflected operands, in-place
 * augmented assignment, comparisons, @, indexing, len, iteration, bool/int/float), and
 * the rich display bundle (text/plain, text/html, image/png on request).
 */
#include <stdio.h>
#include <string.h>

#include "kernel/torch/torch-impl.h"

static void tensor_dealloc(kn_obj *self) { tc_tensor_unref(((kn_tensor_obj *)self)->t); }

static kn_obj *wrap(const kn_type *type, tc_tensor *t) {
    if (!t) return NULL;
    kn_tensor_obj *o = (kn_tensor_obj *)kn_obj_alloc(type, sizeof(kn_tensor_obj), NULL);
    if (!o) {
        tc_tensor_unref(t);
        return NULL;
    }
    o->t = t;
    return &o->base;
}

/* Wrap t as a torch.Tensor; steals t. */
kn_obj *kn_tensor_wrap(tc_tensor *t) { return wrap(&kn_type_tensor, t); }

/* Wrap t as a numpy.ndarray; steals t. */
kn_obj *kn_ndarray_wrap(tc_tensor *t) { return wrap(&kn_type_ndarray, t); }

/* The tc_tensor behind a Tensor or ndarray (borrowed), else NULL. */
tc_tensor *kn_tensor_unwrap(kn_obj *o) {
    if (kn_is_tensor(o) || kn_is_ndarray(o)) return ((kn_tensor_obj *)o)->t;
    return NULL;
}

kn_obj *kn__tensor_result(kn_obj *self, tc_tensor *r) {
    if (!r) return NULL;
    if (r == kn_tensor_unwrap(self)) {
        tc_tensor_unref(r);
        return kn_incref(self);
    }
    return kn_tensor_wrap(r);
}

static tc_tensor *T(kn_obj *o) { return ((kn_tensor_obj *)o)->t; }

/* ---- printing ------------------------------------------------------------------------ */

static kn_obj *tensor_repr(kn_obj *self, kn_err *err) {
    tc_strbuf b = {0};
    if (tc_format_tensor(T(self), tc_printopts_get(), &b, err) < 0) {
        tc_strbuf_free(&b);
        return NULL;
    }
    kn_obj *s = kn_str_new(b.data ? b.data : "", b.len);
    tc_strbuf_free(&b);
    return s;
}

static bool opt_true(const kn_args *opts, const char *name) {
    for (int i = 0; opts && i < opts->nkw; i++)
        if (strcmp(opts->kwnames[i], name) == 0) return kn_truth(opts->kwvals[i], NULL) == 1;
    return false;
}

/* opts NULL is the execute_result of a cell (Out[n]): PyTorch's text only, as ipykernel shows
 * it; display(t, ...) passes its keywords (maybe none) and gets the table or the plot. The
 * device reads of one display are recorded as one transfer. */
static json_t *tensor_mimebundle(kn_obj *self, const kn_args *opts, kn_err *err) {
    tc_transfer_group_begin("display");
    kn_obj *r = self->type->repr(self, err); /* a Parameter prints its header */
    if (!r) {
        tc_transfer_group_end();
        return NULL;
    }
    json_t *b = json_object();
    json_object_set_new(b, "text/plain", json_string(kn_str_cstr(r)));
    kn_decref(r);
    if (!opts) {
        tc_transfer_group_end();
        return b;
    }
    bool heat = opt_true(opts, "heatmap"), plot = opt_true(opts, "plot");
    tc_strbuf h = {0};
    tc_error herr = {0};
    /* front ends rank text/html above image/png: a plot bundle carries no table */
    if (!heat && !plot && tc_format_tensor_html(T(self), tc_printopts_get(), &h, &herr) == 0 &&
        h.data)
        json_object_set_new(b, "text/html", json_string(h.data));
    tc_strbuf_free(&h);
    if (heat || plot) {
        if (kn__plot_bundle(T(self), heat, b, err) < 0) {
            json_decref(b);
            b = NULL;
        }
    }
    tc_transfer_group_end();
    return b;
}

/* ---- attributes ---------------------------------------------------------------------- */

const char *const kn__tensor_attr_names[] = {
    "H", "T", "data", "device", "dtype", "grad", "grad_fn", "is_cpu", "is_cuda", "is_leaf",
    "is_meta", "is_quantized", "is_sparse", "mH", "name", "output_nr", "imag", "itemsize", "layout", "mT", "nbytes", "ndim", "real", "requires_grad", "retains_grad", "shape", NULL};

static tc_tensor *reverse_dims(tc_tensor *t, kn_err *err) {
    static bool warned_nd, warned_0d; /* PyTorch warns once per process */
    bool in_cell = kn_rt_execution_count() > 0; /* not from completion lookups */
    if (t->ndim != 2 && t->ndim != 0 && !warned_nd && in_cell) {
        warned_nd = true;
        kn_rt_warn("UserWarning",
                   "The use of `x.T` on tensors of dimension other than 2 to reverse their shape "
                   "is deprecated and it will throw an error in a future release. Consider `x.mT` "
                   "to transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, "
                   "-1))` to reverse the dimensions of a tensor.");
    }
    if (t->ndim == 0 && !warned_0d && in_cell) {
        warned_0d = true;
        kn_rt_warn("UserWarning", "Tensor.T is deprecated on 0-D tensors. This function is the "
                                  "identity in these cases.");
    }
    int dims[TC_MAX_DIMS];
    for (int i = 0; i < t->ndim; i++) dims[i] = t->ndim - 1 - i;
    return tc_permute(t, dims, t->ndim, err);
}

/* The Tensor (and ndarray) methods written in Python (kernel/torch/py/torch_extras.py and
 * numpy_extras.py register them through torch._tensor_method): name -> function, bound on
 * lookup after the C methods. Those modules load on first use: the first lookup that finds
 * nothing (or dir()) calls the loader that the torch (numpy) package registered at import
 * (torch._tensor_method_loader, kernel/lang/eval.c). The dicts live in a holder object that
 * the packages and the registering Python modules keep (both functions return it): when
 * their interpreter goes, the holder goes and the lookup finds nothing, so no function
 * outlives its interpreter. */
typedef struct py_registry {
    kn_obj base;
    kn_obj *methods[2], *loader[2];
    bool loading[2];
} py_registry;

static py_registry *registry; /* borrowed: the live holder, or NULL */

static void registry_dealloc(kn_obj *self) {
    py_registry *r = (py_registry *)self;
    if (registry == r) registry = NULL;
    for (int i = 0; i < 2; i++) {
        kn_decref(r->methods[i]);
        kn_decref(r->loader[i]);
    }
}

static const kn_type registry_type = {.name = "_tensor_methods", .qualname = "torch._tensor_methods",
                                      .dealloc = registry_dealloc};

/* The holder (new reference), made when there is none. */
static py_registry *registry_get(kn_err *err) {
    if (registry) return (py_registry *)kn_incref(&registry->base);
    py_registry *r = (py_registry *)kn_obj_alloc(&registry_type, sizeof *r, err);
    if (!r) return NULL;
    r->methods[0] = r->methods[1] = r->loader[0] = r->loader[1] = NULL;
    r->loading[0] = r->loading[1] = false;
    return registry = r;
}

kn_obj *kn__py_method_add(int ndarray, const char *name, kn_obj *fn, kn_err *err) {
    py_registry *r = registry_get(err);
    if (!r) return NULL;
    kn_obj **d = &r->methods[ndarray];
    if ((!*d && !(*d = kn_dict_new())) || kn_dict_set_str(*d, name, fn) < 0) {
        kn_decref(&r->base);
        kn_nomem(err);
        return NULL;
    }
    return &r->base;
}

kn_obj *kn__py_method_loader(int ndarray, kn_obj *fn, kn_err *err) {
    py_registry *r = registry_get(err);
    if (!r) return NULL;
    kn_decref(r->loader[ndarray]);
    r->loader[ndarray] = kn_incref(fn);
    return &r->base;
}

kn_obj *kn__py_method_bind(int ndarray, kn_obj *self, const char *name, kn_err *err) {
    py_registry *r = registry;
    kn_obj *d = r ? r->methods[ndarray] : NULL;
    kn_obj *fn = d ? kn_dict_get_str(d, name) : NULL;
    if (!fn && r && r->loader[ndarray] && !r->loading[ndarray]) {
        kn_incref(&r->base); /* the loader's module keeps it; hold it across the call */
        r->loading[ndarray] = true;
        kn_obj *res = kn_call_simple(r->loader[ndarray], NULL, 0, err);
        r->loading[ndarray] = false;
        if (res) { /* loaded: no second time (a failed load is tried again) */
            kn_decref(r->loader[ndarray]);
            r->loader[ndarray] = NULL;
        }
        kn_decref(res);
        bool live = registry == r;
        kn_decref(&r->base);
        if (!res) return NULL;
        d = live ? r->methods[ndarray] : NULL;
        fn = d ? kn_dict_get_str(d, name) : NULL;
    }
    return fn ? kn_method_new(fn, self) : NULL;
}

int kn__py_methods_dir(int ndarray, kn_obj *list) {
    if (registry && registry->loader[ndarray]) { /* not loaded yet: dir() lists them too */
        kn_err e = {0};
        kn_decref(kn__py_method_bind(ndarray, kn_none(), "__dir__", &e));
        tc_error_clear(&e);
    }
    int64_t i = 0;
    kn_obj *k, *v, *d = registry ? registry->methods[ndarray] : NULL;
    while (d && kn_dict_next(d, &i, &k, &v))
        if (kn_list_append(list, k) < 0) return -1;
    return 0;
}

static kn_obj *tensor_getattr(kn_obj *self, const char *name, kn_err *err);

/* tr.conj() for a complex t (steals tr), tr itself otherwise: t.H and t.mH. */
static kn_obj *conj_of(kn_obj *tr, const tc_tensor *t, kn_err *err) {
    if (!tr || !tc_dtype_is_complex(t->dtype)) return tr;
    kn_obj *m = tensor_getattr(tr, "conj", err);
    kn_obj *r = m ? kn_call_simple(m, NULL, 0, err) : NULL;
    kn_decref(m);
    kn_decref(tr);
    return r;
}

static kn_obj *tensor_getattr(kn_obj *self, const char *name, kn_err *err) {
    tc_tensor *t = T(self);
    switch (name[0]) {
    case 'T':
        if (!strcmp(name, "T")) return kn__tensor_result(self, reverse_dims(t, err));
        break;
    case 'd':
        if (!strcmp(name, "dtype")) return kn_incref(kn__dtype_obj(t->dtype));
        if (!strcmp(name, "device")) return kn__device_of(t->device);
        if (!strcmp(name, "data")) { /* a detached alias whose writes autograd does not see */
            tc_tensor *d = tc_detach(t, err);
            if (d) tc_tensor_version_unshare(d);
            return kn_tensor_wrap(d);
        }
        break;
    case '_':
        if (!strcmp(name, "_version")) return kn_int_new(tc_tensor_version(t));
        break;
    case 'g':
        if (!strcmp(name, "grad")) {
            tc_tensor *g = tc_tensor_grad(t);
            return g ? kn_tensor_wrap(tc_tensor_ref(g)) : kn_none_new();
        }
        if (!strcmp(name, "grad_fn")) return t->grad_fn ? kn__grad_fn_new(t) : kn_none_new();
        break;
    case 'i':
        if (!strcmp(name, "imag")) return kn_tensor_wrap(tc_imag(t, err));
        if (!strcmp(name, "is_cuda")) return kn_bool_new(t->device.type == TC_DEVICE_CUDA);
        if (!strcmp(name, "is_sparse")) return kn_bool_new(t->layout == TC_LAYOUT_SPARSE_COO);
        if (!strcmp(name, "is_leaf")) return kn_bool_new(t->grad_fn == NULL);
        if (!strcmp(name, "itemsize")) return kn_int_new((int64_t)tc_dtype_size(t->dtype));
        if (!strcmp(name, "is_cpu")) return kn_bool_new(t->device.type == TC_DEVICE_CPU);
        /* devices, layouts and kinds of tensor this kernel never makes */
        static const char *const never[] = {"is_meta", "is_quantized", "is_mkldnn", "is_mps",
                                            "is_nested", "is_sparse_csr", "is_xla", "is_xpu",
                                            "is_ipu", "is_vulkan", "is_maia", "is_mtia", NULL};
        for (int i = 0; never[i]; i++)
            if (!strcmp(name, never[i])) return kn_bool_new(false);
        break;
    case 'l':
        if (!strcmp(name, "layout")) return kn_incref(kn__layout_obj(t->layout));
        break;
    case 'H':
        if (!strcmp(name, "H")) { /* the conjugate transpose of a matrix (0-D and 1-D kept) */
            if (t->ndim != 2 && t->ndim != 0) {
                tc_error_set(err, TC_EXC_RUNTIME, "tensor.H is only supported on matrices (2-D tensors). "
                             "Got %d-D tensor.%s", t->ndim,
                             t->ndim > 2 ? " For batches of matrices, consider using tensor.mH" : "");
                return NULL;
            }
            kn_obj *tr = t->ndim == 2 ? tensor_getattr(self, "mT", err) : kn_incref(self);
            return conj_of(tr, t, err);
        }
        break;
    case 'm':
        if (!strcmp(name, "mH")) {
            if (t->ndim == 1) {
                tc_error_set(err, TC_EXC_RUNTIME, "tensor.mH is only supported on matrices or "
                             "batches of matrices. Got 1-D tensor.");
                return NULL;
            }
            return conj_of(tensor_getattr(self, "mT", err), t, err);
        }
        if (!strcmp(name, "mT")) {
            int none[1] = {0};
            if (t->ndim == 0) return kn__tensor_result(self, tc_permute(t, none, 0, err));
            if (t->ndim < 2) {
                tc_error_set(err, TC_EXC_RUNTIME, "tensor.mT is only supported on matrices or "
                             "batches of matrices. Got %d-D tensor.", t->ndim);
                return NULL;
            }
            return kn__tensor_result(self, tc_transpose(t, t->ndim - 2, t->ndim - 1, err));
        }
        break;
    case 'o':
        if (!strcmp(name, "output_nr")) return kn_int_new(0);
        break;
    case 'n':
        if (!strcmp(name, "ndim")) return kn_int_new(t->ndim);
        if (!strcmp(name, "name")) return kn_none_new();
        if (!strcmp(name, "nbytes"))
            return kn_int_new(tc_numel(t) * (int64_t)tc_dtype_size(t->dtype));
        break;
    case 'r':
        if (!strcmp(name, "real")) return kn__tensor_result(self, tc_real(t, err));
        if (!strcmp(name, "requires_grad")) return kn_bool_new(t->requires_grad);
        if (!strcmp(name, "retains_grad")) return kn_bool_new(t->retains_grad);
        break;
    case 's':
        if (!strcmp(name, "shape")) return kn__size_new(t->shape, t->ndim);
        break;
    }
    const kn__fn *f = kn__tensor_method_find(name);
    if (f && tc_dtype_is_complex(t->dtype) && !kn__complex_method_ok(f->name))
        return kn__complex_refused_method(f, t->dtype, err);
    if (f) return kn_cfunction_new(f->name, f->fn, self, f->sig, f->doc);
    return kn__py_method_bind(0, self, name, err);
}

static int tensor_setattr(kn_obj *self, const char *name, kn_obj *value, kn_err *err) {
    tc_tensor *t = T(self);
    if (!strcmp(name, "requires_grad")) {
        if (!kn_is(value, &kn_type_bool))
            return tc_error_set(err, TC_EXC_RUNTIME, "requires_grad must be a bool");
        if (kn_int_value(value) && !tc_dtype_is_inexact(t->dtype))
            return tc_error_set(err, TC_EXC_RUNTIME,
                                "only Tensors of floating point and complex dtype can require gradients");
        return tc_set_requires_grad(t, kn_int_value(value) != 0, err);
    }
    if (!strcmp(name, "grad")) {
        tc_tensor *g = kn_tensor_unwrap(value);
        if (!g && !kn_is(value, &kn_type_none))
            return tc_error_set(err, TC_EXC_TYPE,
                                "assigned grad expected to be a Tensor or None but got grad of "
                                "type %s", kn_type_name(value));
        return tc_tensor_set_grad(t, g, err);
    }
    if (!strcmp(name, "real") || !strcmp(name, "imag")) { /* t.real = x writes the part */
        tc_tensor *part = name[0] == 'r' ? tc_real(t, err) : tc_imag(t, err);
        if (!part) return -1;
        tc_tensor *src = kn__as_tensor(value, part, err);
        int rc = src ? tc_copy_(part, src, err) : -1;
        tc_tensor_unref(src);
        tc_tensor_unref(part);
        return rc;
    }
    if (!strcmp(name, "data")) {
        tc_tensor *src = kn_tensor_unwrap(value);
        if (!src) return tc_error_set(err, TC_EXC_TYPE, "data must be a Tensor");
        /* x.data = y writes through the detached alias, which a leaf's check allows */
        tc_tensor *alias = tc_detach(t, err);
        int rc = alias ? tc_copy_(alias, src, err) : -1;
        tc_tensor_unref(alias);
        return rc;
    }
    for (const char *const *n = kn__tensor_attr_names; *n; n++)
        if (!strcmp(*n, name))
            return tc_error_set(err, TC_EXC_ATTRIBUTE,
                                "attribute '%s' of 'torch._C.TensorBase' objects is not writable",
                                name);
    return tc_error_set(err, TC_EXC_ATTRIBUTE, "'Tensor' object has no attribute '%s'", name);
}

static int tensor_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    if (kn__dir_add_names(list, kn__tensor_attr_names) < 0) return -1;
    if (kn__dir_add_fns(list, kn__tensor_random_methods) < 0) return -1;
    if (kn__dir_add_fns(list, kn__tensor_methods) < 0) return -1;
    if (kn__dir_add_fns(list, kn__tensor_linalg_methods) < 0) return -1;
    if (kn__dir_add_fns(list, kn__tensor_complex_methods) < 0) return -1;
    if (kn__py_methods_dir(0, list) < 0) return -1;
    return kn__dir_add_fns(list, kn__tensor_ops);
}

/* ---- operators ------------------------------------------------------------------------ */

/* Is o something a Tensor operator accepts as its other operand? */
static bool operand_ok(kn_obj *o) {
    tc_scalar s;
    return kn_is_tensor(o) || kn_is_ndarray(o) || kn__scalar_of_c(o, &s);
}

/* t << n and t >> n for integer tensors: multiply or floor-divide by 2**n. */
static kn_obj *shift(kn_binop op, tc_tensor *t, int64_t n, kn_err *err) {
    if (tc_dtype_kind_of(t->dtype) != TC_KIND_INT) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"%s_cpu\" not implemented for '%s'",
                     op == KN_BINOP_LSHIFT ? "lshift" : "rshift", kn__dtype_title(t->dtype));
        return NULL;
    }
    if (n < 0 || n > 62) {
        tc_error_set(err, TC_EXC_RUNTIME, "shift count out of range: %lld", (long long)n);
        return NULL;
    }
    tc_scalar p = {.kind = TC_SCALAR_INT, .v.i = INT64_C(1) << n};
    return kn_tensor_wrap(tc_binary_scalar(op == KN_BINOP_LSHIFT ? TC_OP_MUL : TC_OP_FLOOR_DIV, t,
                                           p, err));
}

/* A tensor with an int beyond int64 as the other operand: PyTorch's OverflowError. */
static bool big_operand(kn_obj *a, kn_obj *b, kn_err *err) {
    if ((kn_is_tensor(a) && kn_int_is_big(b)) || (kn_is_tensor(b) && kn_int_is_big(a)))
        return tc_error_set(err, TC_EXC_OVERFLOW, "int too big to convert"), true;
    return false;
}

static kn_obj *tensor_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (big_operand(a, b, err)) return NULL;
    if (!operand_ok(a) || !operand_ok(b)) return kn_incref(kn_notimpl());
    tc_tensor *ta = kn_tensor_unwrap(a), *tb = kn_tensor_unwrap(b);
    if (op == KN_BINOP_MATMUL) {
        if (!ta || !tb) return kn_incref(kn_notimpl());
        return kn_tensor_wrap(tc_matmul(ta, tb, err));
    }
    tc_binary_op bop;
    tc_scalar s;
    if ((op == KN_BINOP_LSHIFT || op == KN_BINOP_RSHIFT) && kn_is_tensor(a) &&
        kn_is(b, &kn_type_int))
        return shift(op, ta, kn_int_value(b), err);
    if (!kn__binop_to_tc(op, &bop)) return kn_incref(kn_notimpl());
    if (ta && tb) return kn_tensor_wrap(tc_binary(bop, ta, tb, err));
    if (ta && kn__scalar_of_c(b, &s)) return kn_tensor_wrap(tc_binary_scalar(bop, ta, s, err));
    if (tb && kn__scalar_of_c(a, &s)) return kn_tensor_wrap(tc_rbinary_scalar(bop, s, tb, err));
    return kn_incref(kn_notimpl());
}

static kn_obj *tensor_inplace(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    tc_binary_op bop;
    tc_scalar s;
    tc_tensor *ta = kn_tensor_unwrap(a), *tb = kn_tensor_unwrap(b);
    if (!kn_is_tensor(a) || !kn__binop_to_tc(op, &bop)) return kn_incref(kn_notimpl());
    if (big_operand(a, b, err)) return NULL;
    int rc;
    if (tb) rc = tc_binary_(bop, ta, tb, err);
    else if (kn__scalar_of_c(b, &s)) rc = tc_binary_scalar_(bop, ta, s, err);
    else return kn_incref(kn_notimpl());
    return rc < 0 ? NULL : kn_incref(a);
}

static tc_binary_op cmp_op(kn_cmpop op) {
    switch (op) {
    case KN_CMP_LT: return TC_OP_LT;
    case KN_CMP_LE: return TC_OP_LE;
    case KN_CMP_EQ: return TC_OP_EQ;
    case KN_CMP_NE: return TC_OP_NE;
    case KN_CMP_GT: return TC_OP_GT;
    default: return TC_OP_GE;
    }
}

static kn_obj *tensor_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (big_operand(a, b, err)) return NULL;
    if (!operand_ok(a) || !operand_ok(b)) {
        if (op == KN_CMP_EQ) return kn_bool_new(false);
        if (op == KN_CMP_NE) return kn_bool_new(true);
        return kn_incref(kn_notimpl());
    }
    tc_tensor *ta = kn_tensor_unwrap(a), *tb = kn_tensor_unwrap(b);
    tc_scalar s;
    tc_binary_op c = cmp_op(op);
    if (ta && tb) return kn_tensor_wrap(tc_binary(c, ta, tb, err));
    if (ta && kn__scalar_of_c(b, &s)) return kn_tensor_wrap(tc_binary_scalar(c, ta, s, err));
    if (tb && kn__scalar_of_c(a, &s)) return kn_tensor_wrap(tc_rbinary_scalar(c, s, tb, err));
    return kn_incref(kn_notimpl());
}

static kn_obj *tensor_unop(kn_unop op, kn_obj *a, kn_err *err) {
    tc_tensor *t = T(a);
    if (op == KN_UNOP_POS) return kn_incref(a);
    if (op == KN_UNOP_NEG) {
        if (t->dtype == TC_DTYPE_BOOL) {
            tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                         "Negation, the `-` operator, on a bool tensor is not supported. If you "
                         "are trying to invert a mask, use the `~` or `logical_not()` operator "
                         "instead.");
            return NULL;
        }
        return kn_tensor_wrap(tc_unary(TC_UOP_NEG, t, err));
    }
    if (t->dtype == TC_DTYPE_BOOL) return kn_tensor_wrap(tc_unary(TC_UOP_LOGICAL_NOT, t, err));
    if (tc_dtype_is_complex(t->dtype)) {
        tc_error_set(err, TC_EXC_TYPE, "~ (operator.invert) is only implemented on integer and Boolean-type tensors");
        return NULL;
    }
    if (tc_dtype_is_float(t->dtype)) {
        tc_error_set(err, TC_EXC_TYPE,
                     "bitwise_not_cpu not implemented for '%s'",
                     t->dtype == TC_DTYPE_F32 ? "Float" : t->dtype == TC_DTYPE_F64 ? "Double"
                                                                                     : "Half");
        return NULL;
    }
    tc_scalar m1 = {.kind = TC_SCALAR_INT, .v.i = -1};
    return kn_tensor_wrap(tc_rbinary_scalar(TC_OP_SUB, m1, t, err));
}

static int one_scalar(kn_obj *self, tc_scalar *s, kn_err *err) {
    tc_tensor *t = T(self);
    return tc_item(t, s, err);
}

static int tensor_truth(kn_obj *self, kn_err *err) {
    tc_tensor *t = T(self);
    int64_t n = tc_numel(t);
    if (n == 0)
        return tc_error_set(err, TC_EXC_RUNTIME, "Boolean value of Tensor with no values is ambiguous");
    if (n > 1)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Boolean value of Tensor with more than one value is ambiguous");
    tc_scalar s;
    if (one_scalar(self, &s, err) < 0) return -1;
    if (s.kind == TC_SCALAR_COMPLEX) return s.v.c.re != 0 || s.v.c.im != 0;
    if (s.kind == TC_SCALAR_FLOAT) return s.v.f != 0;
    return s.kind == TC_SCALAR_INT ? s.v.i != 0 : s.v.b;
}

static int tensor_to_int(kn_obj *self, int64_t *out, kn_err *err) {
    tc_scalar s;
    if (one_scalar(self, &s, err) < 0) return -1;
    if (s.kind == TC_SCALAR_COMPLEX) /* c10's checked_convert of a complex to a real type */
        return tc_error_set(err, TC_EXC_RUNTIME, "value cannot be converted to type int64_t without overflow");
    if (s.kind == TC_SCALAR_FLOAT) {
        if (s.v.f != s.v.f)
            return tc_error_set(err, TC_EXC_VALUE, "cannot convert float NaN to integer");
        if (s.v.f >= 9.2233720368547758e18 || s.v.f < -9.2233720368547758e18)
            return tc_error_set(err, TC_EXC_OVERFLOW, "cannot convert float infinity to integer");
        *out = (int64_t)s.v.f;
    } else {
        *out = s.kind == TC_SCALAR_INT ? s.v.i : s.v.b;
    }
    return 0;
}

static int tensor_to_float(kn_obj *self, double *out, kn_err *err) {
    tc_scalar s;
    if (one_scalar(self, &s, err) < 0) return -1;
    if (s.kind == TC_SCALAR_COMPLEX)
        return tc_error_set(err, TC_EXC_RUNTIME, "value cannot be converted to type double without overflow");
    *out = s.kind == TC_SCALAR_FLOAT ? s.v.f : s.kind == TC_SCALAR_INT ? (double)s.v.i : s.v.b;
    return 0;
}

static int64_t tensor_len(kn_obj *self, kn_err *err) {
    tc_tensor *t = T(self);
    if (t->ndim == 0) return tc_error_set(err, TC_EXC_TYPE, "len() of a 0-d tensor");
    return t->shape[0];
}

static kn_obj *tensor_iter(kn_obj *self, kn_err *err) { return kn__tensor_iter_new(self, err); }

static kn_obj *tensor_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    return kn__tensor_result(self, kn__index_get(T(self), key, false, err));
}

static int tensor_setitem(kn_obj *self, kn_obj *key, kn_obj *value, kn_err *err) {
    tc_tensor *t = T(self);
    /* the write checks too; checking first fails before the key and value are converted */
    if (tc_check_inplace(t, err) < 0) return -1;
    tc_tensor_bump_version(t); /* before the node, whose history split is at the new version */
    return kn__index_set(t, key, value, false, err);
}

static int tensor_hash(kn_obj *self, int64_t *out, kn_err *err) {
    *out = (int64_t)((intptr_t)self >> 4);
    return 0;
}

/* torch.Tensor(data) (float32 copy of nested data) or torch.Tensor(*sizes) (zeros). */
static kn_obj *tensor_construct(const kn_type *type, const kn_args *a, kn_err *err) {
    tc_dtype f32 = tc_default_float();
    if (a->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "new() received an invalid combination of arguments");
        return NULL;
    }
    if (a->npos == 1 && !kn_is(a->pos[0], &kn_type_int) && !kn__is_size(a->pos[0]))
        return kn_tensor_wrap(kn__tensor_from_data(a->pos[0], &f32, false, err));
    int64_t shape[TC_MAX_DIMS];
    int n = 0;
    if (a->npos == 0) {
        shape[0] = 0;
        n = 1;
    } else if (kn__parse_shape(a, 0, shape, &n, err) < 0) {
        return NULL;
    }
    return kn_tensor_wrap(tc_zeros(shape, n, f32, tc_device_cpu(), err));
}

/* `x in t`, as PyTorch's Tensor.__contains__: (t == x).any() for a tensor or a number, a
 * RuntimeError for anything else. */
static int tensor_contains(kn_obj *self, kn_obj *x, kn_err *err) {
    tc_scalar s;
    if (!kn_is_tensor(x) && !kn__scalar_of(x, &s)) {
        kn_obj *cls = kn_repr(kn_type_object(x->type), err);
        if (!cls) return -1;
        tc_error_set(err, TC_EXC_RUNTIME,
                     "Tensor.__contains__ only supports Tensor or scalar, but you passed in a %s.",
                     kn_str_cstr(cls));
        kn_decref(cls);
        return -1;
    }
    kn_obj *eq = kn_compare(KN_CMP_EQ, self, x, err);
    int r = eq ? kn__any_true(eq, err) : -1;
    kn_decref(eq);
    return r;
}

/* format(t, spec): a 0-d tensor formats as its item; others accept only an empty spec. */
static kn_obj *tensor_format(kn_obj *self, const char *spec, kn_err *err) {
    if (T(self)->ndim == 0) return kn__format_item(T(self), spec, err);
    if (!*spec) return kn_str(self, err);
    tc_error_set(err, TC_EXC_TYPE, "unsupported format string passed to Tensor.__format__");
    return NULL;
}

/* Does (eq).any() hold, for the result of an elementwise == (a Tensor/ndarray, or a plain
 * bool when the comparison had nothing to compare)? 1, 0, or -1 with err. */
int kn__any_true(kn_obj *eq, kn_err *err) {
    tc_tensor *t = kn_tensor_unwrap(eq);
    if (!t) return kn_truth(eq, err);
    tc_tensor *any = tc_reduce(TC_RED_ANY, t, NULL, 0, false, err);
    tc_scalar s;
    int rc = any ? tc_item(any, &s, err) : -1;
    tc_tensor_unref(any);
    if (rc < 0) return -1;
    return s.kind == TC_SCALAR_BOOL ? s.v.b : s.kind == TC_SCALAR_INT ? s.v.i != 0
           : s.kind == TC_SCALAR_COMPLEX ? s.v.c.re != 0 || s.v.c.im != 0 : s.v.f != 0;
}

/* format() of a 0-d tensor/array: its item's format (PyTorch and NumPy both do this). */
kn_obj *kn__format_item(tc_tensor *t, const char *spec, kn_err *err) {
    tc_scalar s;
    if (tc_item(t, &s, err) < 0) return NULL;
    kn_obj *item = kn__scalar_obj(s);
    kn_obj *r = item ? kn_format_value(item, spec, err) : NULL;
    kn_decref(item);
    return r;
}

const kn_type kn_type_tensor = {
    .name = "Tensor",
    .qualname = "torch.Tensor",
    .doc = "A multi-dimensional matrix containing elements of a single data type.",
    .dealloc = tensor_dealloc,
    .repr = tensor_repr,
    .getattr = tensor_getattr,
    .setattr = tensor_setattr,
    .binop = tensor_binop,
    .inplace = tensor_inplace,
    .unop = tensor_unop,
    .compare = tensor_compare,
    .truth = tensor_truth,
    .len = tensor_len,
    .getitem = tensor_getitem,
    .setitem = tensor_setitem,
    .iter = tensor_iter,
    .hash = tensor_hash,
    .to_int = tensor_to_int,
    .to_float = tensor_to_float,
    .dir = tensor_dir,
    .mimebundle = tensor_mimebundle,
    .construct = tensor_construct,
    .contains = tensor_contains,
    .format = tensor_format,
};

/* ---- torch.nn.Parameter ------------------------------------------------------------------ */

/* A Parameter is a Tensor (every Tensor operation accepts it; its results are plain
 * Tensors) that prints "Parameter containing:" first and that nn.Module registers. */
kn_type kn_type_parameter;

static kn_obj *param_repr(kn_obj *self, kn_err *err) {
    kn_obj *r = tensor_repr(self, err);
    if (!r) return NULL;
    kn_obj *out = kn_str_printf("Parameter containing:\n%s", kn_str_cstr(r));
    kn_decref(r);
    return out;
}

/* Parameter(data=None, requires_grad=True): a leaf sharing data's storage. */
static kn_obj *param_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    static const char *names[] = {"data", "requires_grad"};
    kn_obj *a[2];
    if (kn_args_bind(args, "Parameter", names, 2, 0, a, err) < 0) return NULL;
    tc_tensor *t;
    if (!a[0] || a[0] == kn_none()) {
        int64_t zero = 0;
        t = tc_zeros(&zero, 1, tc_default_float(), tc_device_cpu(), err);
    } else if (!kn_tensor_unwrap(a[0]) || !kn_is_tensor(a[0])) {
        tc_error_set(err, TC_EXC_TYPE,
                     "Parameter.__new__() argument 'data' must be Tensor, not %s",
                     kn_type_name(a[0]));
        return NULL;
    } else {
        t = tc_detach(kn_tensor_unwrap(a[0]), err);
    }
    if (!t) return NULL;
    int rg = a[1] ? kn_truth(a[1], err) : 1;
    if (rg > 0 && !tc_dtype_is_float(t->dtype)) { /* _make_subclass's wording */
        tc_tensor_unref(t);
        tc_error_set(err, TC_EXC_RUNTIME,
                     "Only Tensors of floating point and complex dtype can require gradients");
        return NULL;
    }
    if (rg < 0 || (rg && tc_set_requires_grad(t, true, err) < 0)) {
        tc_tensor_unref(t);
        return NULL;
    }
    return wrap(&kn_type_parameter, t);
}

const kn_type *kn_parameter_type(void) {
    if (!kn_type_parameter.name) {
        kn_type_parameter = kn_type_tensor;
        kn_type_parameter.name = "Parameter";
        kn_type_parameter.qualname = "torch.nn.parameter.Parameter";
        kn_type_parameter.doc = "A kind of Tensor that is to be considered a module parameter.";
        kn_type_parameter.repr = param_repr;
        kn_type_parameter.construct = param_construct;
        kn_type_parameter.base = &kn_type_tensor;
    }
    return &kn_type_parameter;
}
