/*
 * Elementwise ops: PyTorch's result-type rules (dimensioned tensors, zero-dim tensors and
 * wrapped Python numbers in separate categories), broadcasting, in-place variants with
 * PyTorch's cast errors, unary ops, clamp and where. Compute runs on the operands'
 * backend; graph nodes are recorded for the differentiable ops.
 */
#include <math.h>
#include <stdio.h>

#include "autograd.h"

static const char *const bin_names[] = {
#define TC__BIN_NAME(id, name, bw, gk) name,
    TC_BINARY_OP_LIST(TC__BIN_NAME)
#undef TC__BIN_NAME
};
static const char *const bin_grad[] = {
#define TC__BIN_GRAD(id, name, bw, gk) bw,
    TC_BINARY_OP_LIST(TC__BIN_GRAD)
#undef TC__BIN_GRAD
};
static const char *const un_names[] = {
#define TC__UN_NAME(id, name, bw, gk) name,
    TC_UNARY_OP_LIST(TC__UN_NAME)
#undef TC__UN_NAME
};
static const char *const un_grad[] = {
#define TC__UN_GRAD(id, name, bw, gk) bw,
    TC_UNARY_OP_LIST(TC__UN_GRAD)
#undef TC__UN_GRAD
};
/* Gradient kinds from the lists' last column: a row naming no TC_G_ kind fails to compile. */
static const tc__gkind bin_gkind[] = {
#define TC__BIN_GKIND(id, name, bw, gk) [TC_OP_##id] = TC_G_##gk,
    TC_BINARY_OP_LIST(TC__BIN_GKIND)
#undef TC__BIN_GKIND
};
static const tc__gkind un_gkind[] = {
#define TC__UN_GKIND(id, name, bw, gk) [TC_UOP_##id] = TC_G_##gk,
    TC_UNARY_OP_LIST(TC__UN_GKIND)
#undef TC__UN_GKIND
};

/* PyTorch's name of a binary op ("add"). */
const char *tc_binary_op_name(tc_binary_op op) { return op < TC_BINARY_OP_COUNT ? bin_names[op] : "?"; }
/* PyTorch's name of a unary op ("exp"). */
const char *tc_unary_op_name(tc_unary_op op) { return op < TC_UNARY_OP_COUNT ? un_names[op] : "?"; }

/* ---- result type ------------------------------------------------------------------------- */

#define UNDEF (-1)

typedef struct rt_state { int dim, zero, wrapped; } rt_state;

static int promote_skip(int a, int b) {
    if (a == UNDEF) return b;
    if (b == UNDEF) return a;
    return (int)tc_dtype_promote((tc_dtype)a, (tc_dtype)b);
}

static bool is_float_id(int d) { return d != UNDEF && tc_dtype_is_float((tc_dtype)d); }
static bool is_complex_id(int d) { return d != UNDEF && tc_dtype_is_complex((tc_dtype)d); }

/* c10's combine_categories: complex outranks float, and a float category keeps its width
 * when a lower category brings complexness (float64 tensor + 1j is complex128). */
static int combine(int higher, int lower) {
    if (is_complex_id(higher)) return higher;
    if (is_complex_id(lower)) return is_float_id(higher) ? (int)tc_dtype_to_complex((tc_dtype)higher) : lower;
    if (is_float_id(higher)) return higher;
    if (higher == TC_DTYPE_BOOL || is_float_id(lower)) return promote_skip(higher, lower);
    return higher != UNDEF ? higher : lower;
}

static void rt_tensor(rt_state *s, const tc_tensor *t) {
    if (t->ndim > 0) s->dim = promote_skip(s->dim, t->dtype);
    else s->zero = promote_skip(s->zero, t->dtype);
}

/* A wrapped Python number's dtype: a float takes the default dtype, a complex the default
 * complex dtype. */
static tc_dtype scalar_dtype(tc_scalar s) {
    return s.kind == TC_SCALAR_BOOL ? TC_DTYPE_BOOL : s.kind == TC_SCALAR_INT ? TC_DTYPE_I64
           : s.kind == TC_SCALAR_COMPLEX ? tc_default_complex() : tc_default_float();
}

static tc_dtype rt_result(const rt_state *s) { return (tc_dtype)combine(s->dim, combine(s->zero, s->wrapped)); }

/* A float16/bfloat16 category meeting a lower complex one: PyTorch's result would be
 * complex32 (ComplexHalf) or its bfloat16 twin, which tensorcore lacks; refused instead of
 * widening to complex64. */
static int half_complex_check(const rt_state *s, tc_binary_op op, tc_error *err) {
    int lower = combine(s->zero, s->wrapped), half = -1;
    if ((s->zero == TC_DTYPE_F16 || s->zero == TC_DTYPE_BF16) && is_complex_id(s->wrapped)) half = s->zero;
    if ((s->dim == TC_DTYPE_F16 || s->dim == TC_DTYPE_BF16) && is_complex_id(lower)) half = s->dim;
    if (half < 0) return 0;
    if (half == TC_DTYPE_BF16)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"%s_cpu\" not implemented for 'BComplex32'", bin_names[op]);
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "complex32 (ComplexHalf) tensors are not supported by this kernel");
}

tc_tensor *tc__scalar_tensor(tc_scalar s, tc_dtype dt, tc_device dev, tc_error *err) {
    double v = s.kind == TC_SCALAR_BOOL ? (double)s.v.b : s.kind == TC_SCALAR_INT ? (double)s.v.i
               : s.kind == TC_SCALAR_COMPLEX ? s.v.c.re : s.v.f;
    tc_tensor *t = tc__tensor_new(NULL, 0, dt, dev, err);
    if (!t) return NULL;
    int r;
    if (s.kind == TC_SCALAR_COMPLEX) {
        r = tc_fill_complex_(t, s.v.c.re, s.v.c.im, err);
    } else if (s.kind == TC_SCALAR_INT && !tc_dtype_is_float(dt) && !tc_dtype_is_complex(dt) &&
               dev.type == TC_DEVICE_CPU) {
        tc_store_i64(tc_data_ptr(t), dt, s.v.i);
        r = 0;
    } else {
        r = tc_fill_(t, v, err);
    }
    if (r != 0) {
        tc_tensor_unref(t);
        return NULL;
    }
    return t;
}

/* ---- binary ---------------------------------------------------------------------------------- */

static bool is_compare(tc_binary_op op) {
    return (op >= TC_OP_EQ && op <= TC_OP_GE) || op == TC_OP_LOGICAL_AND || op == TC_OP_LOGICAL_OR;
}

static bool is_bitwise(tc_binary_op op) { return op == TC_OP_BITAND || op == TC_OP_BITOR || op == TC_OP_BITXOR; }

/* PyTorch's sub_check: subtraction refuses bool operands (a Python bool counts as a bool
 * tensor), with a hint that depends on whether one or both are bool. */
static int sub_check(tc_binary_op op, bool a_bool, bool b_bool, tc_error *err) {
    if (op != TC_OP_SUB || (!a_bool && !b_bool)) return 0;
    if (a_bool && b_bool)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                            "Subtraction, the `-` operator, with two bool tensors is not supported. "
                            "Use the `^` or `logical_xor()` operator instead.");
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                        "Subtraction, the `-` operator, with a bool tensor is not supported. "
                        "If you are trying to invert a mask, use the `~` or `logical_not()` operator "
                        "instead.");
}

/* Compute dtype of op for result type ct, or -1 with PyTorch's error. */
static int compute_dtype(tc_binary_op op, tc_dtype ct, tc_device dev, tc_dtype *out, tc_error *err) {
    if ((op == TC_OP_DIV || op == TC_OP_ATAN2) && !tc_dtype_is_inexact(ct)) ct = tc_default_float();
    if (op == TC_OP_FLOOR_DIV && tc_dtype_is_complex(ct)) /* PyTorch's floor-rounding division kernel */
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"div_floor_%s\" not implemented for '%s'",
                            dev.type == TC_DEVICE_CPU ? "cpu" : "cuda", tc__dtype_title(ct));
    if (op == TC_OP_HYPOT && !tc_dtype_is_float(ct)) /* no integer, bool or complex kernel */
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"%s_%s\" not implemented for '%s'", bin_names[op],
                            dev.type == TC_DEVICE_CPU ? "cpu" : "cuda", tc__dtype_title(ct));
    if (is_bitwise(op) && tc_dtype_is_float(ct))
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"%s_%s\" not implemented for '%s'", bin_names[op],
                            dev.type == TC_DEVICE_CPU ? "cpu" : "cuda", tc__dtype_title(ct));
    if ((op == TC_OP_FLOOR_DIV || op == TC_OP_REM || op == TC_OP_POW) && ct == TC_DTYPE_BOOL)
        ct = op == TC_OP_POW ? TC_DTYPE_BOOL : ct;
    *out = ct;
    return 0;
}

static bool overlaps(const tc_tensor *a, const tc_tensor *b) {
    return a->storage && a->storage == b->storage &&
           !(a->offset == b->offset && a->ndim == b->ndim &&
             memcmp(a->strides, b->strides, sizeof(int64_t) * (size_t)a->ndim) == 0);
}

/* out = a op b where a and b already have the compute dtype; out is allocated when NULL. */
static tc_tensor *run_binary(tc_binary_op op, tc_tensor *a, tc_tensor *b, tc_dtype out_dt,
                             tc_tensor *out, tc_error *err) {
    int64_t shape[TC_MAX_DIMS];
    int nd;
    if (tc__broadcast_shapes(a->shape, a->ndim, b->shape, b->ndim, shape, &nd, err)) return NULL;
    void *ctx;
    const tc_backend_i *be = tc__backend(a->device, &ctx, err);
    if (!be) return NULL;
    if (out) {
        char s1[256], s2[256];
        if (nd != out->ndim || memcmp(shape, out->shape, sizeof(int64_t) * (size_t)nd) != 0) {
            tc_error_set(err, TC_EXC_RUNTIME, "output with shape %s doesn't match the broadcast shape %s",
                         tc__shape_str(out->shape, out->ndim, s1, sizeof s1), tc__shape_str(shape, nd, s2, sizeof s2));
            return NULL;
        }
        tc_tensor_ref(out);
    } else if (!(out = tc__tensor_new_like(shape, nd, out_dt, a->device, (tc_tensor *[]){a, b}, 2, err))) {
        return NULL;
    }
    tc_tensor *ea = tc_expand(a, shape, nd, err);
    tc_tensor *eb = ea ? tc_expand(b, shape, nd, err) : NULL;
    int r = -1;
    if (eb) {
        tc_kview ko, ka, kb;
        tc__kview(out, &ko);
        tc__kview(ea, &ka);
        tc__kview(eb, &kb);
        r = tc_numel(out) ? be->binary(ctx, op, &ko, &ka, &kb, err) : 0;
    }
    tc_tensor_unref(ea);
    tc_tensor_unref(eb);
    if (r != 0) {
        tc_tensor_unref(out);
        return NULL;
    }
    return out;
}

static const char *grad_name(tc_binary_op op, int scalar_side) {
    if (op == TC_OP_POW && scalar_side == 2) return "PowBackward0";
    if (op == TC_OP_POW && scalar_side == 1) return "PowBackward2";
    if (op == TC_OP_SUB && scalar_side == 1) return "RsubBackward1";
    if (op == TC_OP_DIV && scalar_side == 1) return "MulBackward0";
    return bin_grad[op];
}

static tc__gkind grad_kind(tc_binary_op op) { return bin_gkind[op]; }

/* Shared by the tensor/tensor and scalar forms; scalar_side: 0 none, 1 a, 2 b. */
/* PyTorch lets a zero-dim CPU tensor take part in an op on another device (a "CPU scalar"):
 * a copy of it moves to that device. Returns a new reference to t or its moved copy. */
static tc_tensor *cpu_scalar_to(tc_tensor *t, tc_tensor *other, tc_error *err) {
    if (t->ndim == 0 && t->device.type == TC_DEVICE_CPU && other->device.type != TC_DEVICE_CPU &&
        t->layout == TC_LAYOUT_STRIDED)
        return tc_to(t, t->dtype, other->device, ".to()", err);
    return tc_tensor_ref(t);
}

static tc_tensor *binary_checked(tc_binary_op op, tc_tensor *a, tc_tensor *b, tc_dtype ct,
                                 int scalar_side, tc_error *err);

static tc_tensor *binary_common(tc_binary_op op, tc_tensor *a, tc_tensor *b, tc_dtype ct,
                                int scalar_side, tc_error *err) {
    if (tc_device_eq(a->device, b->device)) return binary_checked(op, a, b, ct, scalar_side, err);
    tc_tensor *ma = cpu_scalar_to(a, b, err);
    tc_tensor *mb = ma ? cpu_scalar_to(b, a, err) : NULL;
    tc_tensor *r = NULL;
    if (mb) {
        tc_tensor *ts[2] = {ma, mb};
        if (tc__check_devices(ts, 2, err) == 0) r = binary_checked(op, ma, mb, ct, scalar_side, err);
    }
    if (r && r->grad_fn) { /* the graph refers to the caller's tensors */
        for (int i = 0; i < r->grad_fn->n; i++) {
            tc_tensor *orig = i == 0 ? a : b;
            if (r->grad_fn->inputs[i] != orig) {
                tc_tensor_unref(r->grad_fn->inputs[i]);
                r->grad_fn->inputs[i] = tc_tensor_ref(orig);
                r->grad_fn->versions[i] = tc_tensor_version(orig);
            }
        }
    }
    tc_tensor_unref(ma);
    tc_tensor_unref(mb);
    return r;
}

static tc_tensor *binary_checked(tc_binary_op op, tc_tensor *a, tc_tensor *b, tc_dtype ct,
                                 int scalar_side, tc_error *err) {
    if (a->layout != TC_LAYOUT_STRIDED || b->layout != TC_LAYOUT_STRIDED) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                     "Could not run 'aten::%s' with arguments from the 'SparseCPU' backend.", bin_names[op]);
        return NULL;
    }
    tc_dtype cd = ct;
    if (compute_dtype(op, ct, a->device, &cd, err)) return NULL;
    tc_dtype out_dt = is_compare(op) ? TC_DTYPE_BOOL : cd;
    tc_tensor *ca = tc__cast(a, cd, err);
    tc_tensor *cb = ca ? tc__cast(b, cd, err) : NULL;
    tc_tensor *out = cb ? run_binary(op, ca, cb, out_dt, NULL, err) : NULL;
    tc_tensor_unref(ca);
    tc_tensor_unref(cb);
    if (out && tc__needs_grad(a, b) && tc_dtype_is_float(out_dt) && grad_kind(op) != TC_G_ZERO) {
        if (tc__grad_record(out, grad_name(op, scalar_side), grad_kind(op), a, b, NULL, NULL, err)) {
            tc_tensor_unref(out);
            return NULL;
        }
    }
    return out;
}

/* a op b with broadcasting and PyTorch promotion. */
tc_tensor *tc_binary(tc_binary_op op, tc_tensor *a, tc_tensor *b, tc_error *err) {
    if (sub_check(op, a->dtype == TC_DTYPE_BOOL, b->dtype == TC_DTYPE_BOOL, err)) return NULL;
    rt_state s = {UNDEF, UNDEF, UNDEF};
    rt_tensor(&s, a);
    rt_tensor(&s, b);
    if (half_complex_check(&s, op, err)) return NULL;
    return binary_common(op, a, b, rt_result(&s), 0, err);
}

/* PyTorch computes float ** {0, 1} as a fill with ones and a copy, and ** {2, 3, 0.5, -0.5,
 * -1, -2} with products, sqrt and reciprocals rather than pow(), which rounds differently
 * (and whose general form is far slower); the node is still PowBackward0. */
static tc_tensor *pow_special(tc_tensor *t, double e, tc_error *err) {
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *r = NULL, *sq = NULL;
    if (e == 2 || e == 3 || e == -2) sq = tc_binary(TC_OP_MUL, t, t, err);
    if (e == 0) {
        r = tc__tensor_new_like(t->shape, t->ndim, t->dtype, t->device, &t, 1, err);
        if (r && tc_fill_(r, 1.0, err)) {
            tc_tensor_unref(r);
            r = NULL;
        }
    } else if (e == 1) r = tc_clone(t, err);
    else if (e == 2) r = tc_tensor_ref(sq);
    else if (e == 3) r = sq ? tc_binary(TC_OP_MUL, sq, t, err) : NULL;
    else if (e == -2) r = sq ? tc_unary(TC_UOP_RECIPROCAL, sq, err) : NULL;
    else if (e == 0.5) r = tc_unary(TC_UOP_SQRT, t, err);
    else if (e == -0.5) r = tc_unary(TC_UOP_RSQRT, t, err);
    else r = tc_unary(TC_UOP_RECIPROCAL, t, err);
    tc_tensor_unref(sq);
    tc_set_grad_enabled(was);
    if (r && tc__needs_grad(t, NULL)) {
        tc_scalar sc = {.kind = TC_SCALAR_FLOAT, .v.f = e};
        tc_tensor *w = tc__scalar_tensor(sc, t->dtype, t->device, err);
        if (!w || tc__grad_record(r, "PowBackward0", TC_G_POW_T, t, w, NULL, NULL, err)) {
            tc_tensor_unref(r);
            r = NULL;
        }
        tc_tensor_unref(w);
    }
    return r;
}

/* PyTorch's error for an integer tensor raised to a negative integer. */
static int int_neg_pow_check(const tc_tensor *t, tc_scalar sc, tc_error *err) {
    if (sc.kind == TC_SCALAR_INT && sc.v.i < 0 && !tc_dtype_is_inexact(t->dtype))
        return tc_error_set(err, TC_EXC_RUNTIME, "Integers to negative integer powers are not allowed.");
    return 0;
}

/* Whether t ** sc takes pow_special's route (the exponent into *e). */
static bool pow_is_special(const tc_tensor *t, tc_scalar sc, double *e) {
    if (!tc_dtype_is_inexact(t->dtype) || sc.kind == TC_SCALAR_COMPLEX || t->layout != TC_LAYOUT_STRIDED)
        return false;
    double v = sc.kind == TC_SCALAR_FLOAT ? sc.v.f : sc.kind == TC_SCALAR_INT ? (double)sc.v.i : -100;
    *e = v;
    return v == 0 || v == 1 || v == 2 || v == 3 || v == 0.5 || v == -0.5 || v == -1 || v == -2;
}

/* float16/bfloat16 tensor with a Python float: PyTorch keeps the number in float32 (its
 * "opmath" type) instead of rounding it to the tensor's dtype first, computes in float32 and
 * rounds the result once. */
static tc_tensor *half_opmath(tc_binary_op op, tc_tensor *t, tc_scalar sc, tc_dtype ct, bool reversed,
                              tc_error *err) {
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *t32 = tc__cast(t, TC_DTYPE_F32, err);
    tc_tensor *w32 = t32 ? tc__scalar_tensor(sc, TC_DTYPE_F32, t->device, err) : NULL;
    tc_tensor *r32 = w32 ? binary_common(op, reversed ? w32 : t32, reversed ? t32 : w32, TC_DTYPE_F32, 0, err) : NULL;
    tc_tensor *r = r32 ? tc__cast(r32, ct, err) : NULL;
    tc_set_grad_enabled(was);
    tc_tensor_unref(t32);
    tc_tensor_unref(w32);
    tc_tensor_unref(r32);
    if (r && tc__needs_grad(t, NULL)) {
        tc_tensor *w = tc__scalar_tensor(sc, ct, t->device, err);
        if (!w || tc__grad_record(r, grad_name(op, reversed ? 1 : 2), grad_kind(op), reversed ? w : t,
                                  reversed ? t : w, NULL, NULL, err)) {
            tc_tensor_unref(r);
            r = NULL;
        }
        tc_tensor_unref(w);
    }
    return r;
}

static tc_tensor *scalar_binary(tc_binary_op op, tc_tensor *t, tc_scalar sc, bool reversed,
                                tc_error *err) {
    if (sub_check(op, t->dtype == TC_DTYPE_BOOL, sc.kind == TC_SCALAR_BOOL, err)) return NULL;
    double e;
    if (op == TC_OP_POW && !reversed && pow_is_special(t, sc, &e)) return pow_special(t, e, err);
    if (op == TC_OP_POW && !reversed && int_neg_pow_check(t, sc, err)) return NULL;
    rt_state s = {UNDEF, UNDEF, scalar_dtype(sc)};
    rt_tensor(&s, t);
    if (half_complex_check(&s, op, err)) return NULL;
    tc_dtype ct = rt_result(&s);
    if ((ct == TC_DTYPE_F16 || ct == TC_DTYPE_BF16) && sc.kind == TC_SCALAR_FLOAT &&
        (op == TC_OP_ADD || op == TC_OP_MUL || (!reversed && (op == TC_OP_SUB || op == TC_OP_DIV))))
        return half_opmath(op, t, sc, ct, reversed, err);
    tc_dtype st = ct;
    if ((op == TC_OP_DIV || op == TC_OP_ATAN2) && !tc_dtype_is_inexact(st)) st = tc_default_float();
    tc_tensor *w = tc__scalar_tensor(sc, st, t->device, err);
    if (!w) return NULL;
    tc_tensor *r = reversed ? binary_common(op, w, t, ct, 1, err) : binary_common(op, t, w, ct, 2, err);
    tc_tensor_unref(w);
    return r;
}

/* See tensor.h. */
int tc_alpha_check(tc_binary_op op, const tc_tensor *a, const tc_tensor *b, tc_scalar bs, tc_scalar alpha,
                   tc_dtype *result, tc_error *err) {
    if (sub_check(op, a->dtype == TC_DTYPE_BOOL, b ? b->dtype == TC_DTYPE_BOOL : bs.kind == TC_SCALAR_BOOL, err))
        return -1;
    rt_state s = {UNDEF, UNDEF, b ? UNDEF : (int)scalar_dtype(bs)};
    rt_tensor(&s, a);
    if (b) rt_tensor(&s, b);
    tc_dtype dt = rt_result(&s);
    *result = dt;
    if (alpha.kind == TC_SCALAR_BOOL && dt != TC_DTYPE_BOOL)
        return tc_error_set(err, TC_EXC_RUNTIME, "Boolean alpha only supported for Boolean results.");
    if (alpha.kind == TC_SCALAR_FLOAT && !tc_dtype_is_inexact(dt))
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "For integral input tensors, argument alpha must not be a floating point number.");
    if (alpha.kind == TC_SCALAR_COMPLEX && !tc_dtype_is_complex(dt))
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "For non-complex input tensors, argument alpha must not be a complex number.");
    return 0;
}

/* a op b for a Python number b (a "wrapped number" in promotion). */
tc_tensor *tc_binary_scalar(tc_binary_op op, tc_tensor *a, tc_scalar b, tc_error *err) {
    return scalar_binary(op, a, b, false, err);
}

/* a op b for a Python number a. */
tc_tensor *tc_rbinary_scalar(tc_binary_op op, tc_scalar a, tc_tensor *b, tc_error *err) {
    return scalar_binary(op, b, a, true, err);
}

/* PyTorch's canCast: no complex to non-complex, no float to integral, no non-bool to bool. */
static bool can_cast(tc_dtype from, tc_dtype to) {
    if (tc_dtype_is_complex(from) && !tc_dtype_is_complex(to)) return false;
    if (tc_dtype_is_float(from) && !tc_dtype_is_inexact(to)) return false;
    if (from != TC_DTYPE_BOOL && to == TC_DTYPE_BOOL) return false;
    return true;
}

static int check_inplace(tc_tensor *a, tc_error *err) {
    if (tc_check_inplace(a, err)) return -1;
    if (a->layout != TC_LAYOUT_STRIDED)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "in-place ops on sparse tensors are not supported");
    return 0;
}

/* The byte range [lo, hi) a strided tensor's elements span in its storage. */
static void span(const tc_tensor *t, int64_t *lo, int64_t *hi) {
    int64_t a = t->offset, b = t->offset;
    for (int i = 0; i < t->ndim; i++) {
        if (t->shape[i] == 0) { *lo = *hi = t->offset; return; }
        int64_t ext = (t->shape[i] - 1) * t->strides[i];
        if (ext > 0) b += ext; else a += ext;
    }
    *lo = a;
    *hi = b + 1;
}

/* PyTorch's checks before writing in place: the output may not have elements sharing memory
 * (an expanded view), and an input may not partly overlap it (the very same view is fine).
 * Views whose layout is not dense are not judged, as PyTorch's "too hard" answer. */
int tc__check_overlap(const tc_tensor *out, const tc_tensor *in, tc_error *err) {
    if (out->layout != TC_LAYOUT_STRIDED || tc_numel(out) <= 1) return 0;
    for (int i = 0; i < out->ndim; i++)
        if (out->shape[i] > 1 && out->strides[i] == 0)
            return tc_error_set(err, TC_EXC_RUNTIME,
                                "unsupported operation: more than one element of the written-to "
                                "tensor refers to a single memory location. Please clone() the "
                                "tensor before performing the operation.");
    if (!in || in == out || in->layout != TC_LAYOUT_STRIDED || !in->storage ||
        in->storage != out->storage || tc_numel(in) == 0)
        return 0;
    if (!tc_is_contiguous(out) || !tc_is_contiguous(in)) return 0;
    int64_t a0, a1, b0, b1;
    span(out, &a0, &a1);
    span(in, &b0, &b1);
    if (a0 == b0 && a1 == b1) return 0;
    if (a0 < b1 && b0 < a1)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "unsupported operation: some elements of the input tensor and the "
                            "written-to tensor refer to a single memory location. Please clone() "
                            "the tensor before performing the operation.");
    return 0;
}

static int inplace_common(tc_binary_op op, tc_tensor *a, tc_tensor *b, tc_dtype ct, tc_error *err) {
    tc_tensor *ts[2] = {a, b};
    if (tc__check_devices(ts, 2, err) || check_inplace(a, err)) return -1;
    tc_dtype cd = ct;
    if (compute_dtype(op, ct, a->device, &cd, err)) return -1;
    tc_dtype res = is_compare(op) ? TC_DTYPE_BOOL : cd;
    if (!is_compare(op) && !can_cast(res, a->dtype))
        return tc_error_set(err, TC_EXC_RUNTIME, "result type %s can't be cast to the desired output type %s",
                            tc__dtype_title(res), tc__dtype_title(a->dtype));
    tc_tensor *cb = overlaps(a, b) ? tc_clone(b, err) : tc_tensor_ref(b);
    if (!cb) return -1;
    tc_tensor *bb = tc__cast(cb, cd, err);
    tc_tensor_unref(cb);
    if (!bb) return -1;
    int r = -1;
    if (res == a->dtype && cd == a->dtype) {
        tc_tensor *o = run_binary(op, a, bb, res, a, err);
        r = o ? 0 : -1;
        tc_tensor_unref(o);
    } else {
        tc_tensor *aa = tc__cast(a, cd, err);
        tc_tensor *o = aa ? run_binary(op, aa, bb, res, NULL, err) : NULL;
        if (o) {
            char s1[256], s2[256];
            if (o->ndim != a->ndim || memcmp(o->shape, a->shape, sizeof(int64_t) * (size_t)a->ndim))
                tc_error_set(err, TC_EXC_RUNTIME, "output with shape %s doesn't match the broadcast shape %s",
                             tc__shape_str(a->shape, a->ndim, s1, sizeof s1), tc__shape_str(o->shape, o->ndim, s2, sizeof s2));
            else
                r = tc_copy_(a, o, err);
        }
        tc_tensor_unref(aa);
        tc_tensor_unref(o);
    }
    tc_tensor_unref(bb);
    return r;
}

/* In place on a graph: a's history moves to a copy of its old value, the op runs out of
 * place against that copy (recording the node), and a takes the result and the node. */
static int inplace_graph(tc_binary_op op, tc_tensor *a, tc_tensor *b, const tc_scalar *sb,
                         tc_unary_op uop, tc_error *err) {
    tc_set_grad_enabled(false);
    tc_tensor *old = tc_clone(a, err);
    tc_set_grad_enabled(true);
    if (!old || tc__history_move(a, old, err)) {
        tc_tensor_unref(old);
        return -1;
    }
    tc_tensor *r = (int)op < 0 ? tc_unary(uop, old, err)
                   : sb ? tc_binary_scalar(op, old, *sb, err) : tc_binary(op, old, b, err);
    int rc = -1;
    if (r && !can_cast(r->dtype, a->dtype)) {
        tc_error_set(err, TC_EXC_RUNTIME, "result type %s can't be cast to the desired output type %s",
                     tc__dtype_title(r->dtype), tc__dtype_title(a->dtype));
    } else if (r) {
        tc_set_grad_enabled(false);
        rc = tc_copy_(a, r, err);
        tc_set_grad_enabled(true);
    }
    if (rc == 0 && r->grad_fn) {
        tc__history_adopt(a, r);
        tc__history_link(a, old);
    } else if (rc != 0) {
        tc__history_restore(a, old); /* the history untouched */
    }
    tc_tensor_unref(r);
    tc_tensor_unref(old);
    return rc;
}

static bool inplace_needs_graph(tc_tensor *a, tc_tensor *b) {
    return tc_grad_enabled() && a->layout == TC_LAYOUT_STRIDED && (a->grad_fn || (b && b->requires_grad)) &&
           tc_dtype_is_float(a->dtype);
}

/* a (op)= b in place. */
int tc_binary_(tc_binary_op op, tc_tensor *a, tc_tensor *b, tc_error *err) {
    if (sub_check(op, a->dtype == TC_DTYPE_BOOL, b->dtype == TC_DTYPE_BOOL, err) ||
        check_inplace(a, err) || tc__check_overlap(a, b, err))
        return -1;
    tc_tensor_bump_version(a);
    if (inplace_needs_graph(a, b)) return inplace_graph(op, a, b, NULL, 0, err);
    rt_state s = {UNDEF, UNDEF, UNDEF};
    rt_tensor(&s, a);
    rt_tensor(&s, b);
    return inplace_common(op, a, b, rt_result(&s), err);
}

/* a (op)= number in place. */
int tc_binary_scalar_(tc_binary_op op, tc_tensor *a, tc_scalar b, tc_error *err) {
    if (sub_check(op, a->dtype == TC_DTYPE_BOOL, b.kind == TC_SCALAR_BOOL, err) ||
        check_inplace(a, err) || tc__check_overlap(a, NULL, err))
        return -1;
    tc_tensor_bump_version(a);
    if (inplace_needs_graph(a, NULL)) return inplace_graph(op, a, NULL, &b, 0, err);
    if ((a->dtype == TC_DTYPE_F16 || a->dtype == TC_DTYPE_BF16) && b.kind == TC_SCALAR_FLOAT &&
        op >= TC_OP_ADD && op <= TC_OP_DIV) {
        tc_tensor *r = tc_binary_scalar(op, a, b, err); /* float32 math, as out of place */
        int rc = r ? tc_copy_(a, r, err) : -1;
        tc_tensor_unref(r);
        return rc;
    }
    double e;
    if (op == TC_OP_POW && int_neg_pow_check(a, b, err)) return -1;
    if (op == TC_OP_POW && pow_is_special(a, b, &e)) { /* a.pow_(2): a *= a, others through a copy */
        if (e == 2) return inplace_common(TC_OP_MUL, a, a, a->dtype, err);
        tc_tensor *r = pow_special(a, e, err);
        int rc = r ? tc_copy_(a, r, err) : -1;
        tc_tensor_unref(r);
        return rc;
    }
    rt_state s = {UNDEF, UNDEF, scalar_dtype(b)};
    rt_tensor(&s, a);
    tc_dtype ct = rt_result(&s);
    tc_dtype st = (op == TC_OP_DIV || op == TC_OP_ATAN2) && !tc_dtype_is_inexact(ct) ? tc_default_float() : ct;
    tc_tensor *w = tc__scalar_tensor(b, st, a->device, err);
    if (!w) return -1;
    int r = inplace_common(op, a, w, ct, err);
    tc_tensor_unref(w);
    return r;
}

/* ---- unary ---------------------------------------------------------------------------------------- */

static bool float_only(tc_unary_op op) {
    switch (op) {
    case TC_UOP_EXP: case TC_UOP_LOG: case TC_UOP_SQRT: case TC_UOP_SIGMOID: case TC_UOP_TANH:
    case TC_UOP_SIN: case TC_UOP_COS: case TC_UOP_RSQRT: case TC_UOP_LOG2: case TC_UOP_LOG10:
    case TC_UOP_RECIPROCAL: case TC_UOP_ASIN: case TC_UOP_ACOS: case TC_UOP_ATAN: case TC_UOP_SINH:
    case TC_UOP_COSH: case TC_UOP_TAN: case TC_UOP_LOG1P: case TC_UOP_EXPM1: case TC_UOP_ERF:
    case TC_UOP_ERFC: case TC_UOP_ERFINV: case TC_UOP_ASINH: case TC_UOP_ACOSH: case TC_UOP_ATANH:
    case TC_UOP_EXP2: case TC_UOP_LGAMMA: case TC_UOP_DIGAMMA: case TC_UOP_SILU: case TC_UOP_GELU:
    case TC_UOP_SOFTPLUS: case TC_UOP_ELU: case TC_UOP_SELU: case TC_UOP_MISH: case TC_UOP_LOG_SIGMOID:
    case TC_UOP_GELU_TANH:
        return true;
    default:
        return false;
    }
}

static tc__gkind unary_kind(tc_unary_op op) { return un_gkind[op]; }

static int unary_dtypes(tc_unary_op op, tc_dtype in, tc_dtype *cd, tc_dtype *od, tc_error *err) {
    if (op == TC_UOP_NEG && in == TC_DTYPE_BOOL)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                            "Negation, the `-` operator, on a bool tensor is not supported. If you are "
                            "trying to invert a mask, use the `~` or `logical_not()` operator instead.");
    *cd = float_only(op) && !tc_dtype_is_inexact(in) ? tc_default_float() : in;
    if (op == TC_UOP_SQUARE && in == TC_DTYPE_BOOL) *cd = TC_DTYPE_I64;
    *od = op == TC_UOP_LOGICAL_NOT ? TC_DTYPE_BOOL : *cd;
    if (tc_dtype_is_complex(in)) {
        if (op == TC_UOP_ABS) *od = tc_dtype_to_real(in); /* |z| is real */
        if (op == TC_UOP_SIGN)
            return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                                "Unlike NumPy, torch.sign is not intended to support complex numbers. "
                                "Please use torch.sgn instead.");
        if (op == TC_UOP_RELU)
            return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "clamp is not supported for complex types");
        if (op == TC_UOP_FLOOR || op == TC_UOP_CEIL)
            return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "%s is not supported for complex inputs", un_names[op]);
        if (op == TC_UOP_ROUND)
            return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"round_vml_cpu\" not implemented for '%s'",
                                tc__dtype_title(in));
    }
    return 0;
}

static int run_unary(tc_unary_op op, tc_tensor *out, tc_tensor *a, tc_error *err) {
    void *ctx;
    const tc_backend_i *be = tc__backend(a->device, &ctx, err);
    if (!be) return -1;
    if (tc_numel(out) == 0) return 0;
    tc_kview ko, ka;
    tc__kview(out, &ko);
    tc__kview(a, &ka);
    return be->unary(ctx, op, &ko, &ka, err);
}

/* Elementwise unary op (integers promote to float32 for the transcendental ones). */
tc_tensor *tc_unary(tc_unary_op op, tc_tensor *a, tc_error *err) {
    if (a->layout != TC_LAYOUT_STRIDED) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "Could not run 'aten::%s' with arguments from the 'SparseCPU' backend.", un_names[op]);
        return NULL;
    }
    tc_dtype cd = a->dtype, od = a->dtype;
    if (unary_dtypes(op, a->dtype, &cd, &od, err)) return NULL;
    tc_tensor *ca = tc__cast(a, cd, err);
    if (!ca) return NULL;
    tc_tensor *out = tc__tensor_new_like(a->shape, a->ndim, od, a->device, &ca, 1, err);
    if (out && run_unary(op, out, ca, err) != 0) {
        tc_tensor_unref(out);
        out = NULL;
    }
    tc_tensor_unref(ca);
    if (out && tc__needs_grad(a, NULL) && unary_kind(op) != TC_G_ZERO && tc_dtype_is_float(od)) {
        tc__gargs ga = {0};
        ga.scalar = 2.0;
        ga.a = op; /* TC_G_UFUNC's derivative is chosen by op */
        if (tc__grad_record(out, un_grad[op], unary_kind(op), a, NULL, NULL, &ga, err)) {
            tc_tensor_unref(out);
            return NULL;
        }
    }
    return out;
}

/* In-place unary op; the result must be castable back to a's dtype. */
int tc_unary_(tc_unary_op op, tc_tensor *a, tc_error *err) {
    if (check_inplace(a, err) || tc__check_overlap(a, NULL, err)) return -1;
    tc_tensor_bump_version(a);
    if (inplace_needs_graph(a, NULL)) return inplace_graph((tc_binary_op)-1, a, NULL, NULL, op, err);
    tc_dtype cd = a->dtype, od = a->dtype;
    if (unary_dtypes(op, a->dtype, &cd, &od, err)) return -1;
    if (!can_cast(od, a->dtype))
        return tc_error_set(err, TC_EXC_RUNTIME, "result type %s can't be cast to the desired output type %s",
                            tc__dtype_title(od), tc__dtype_title(a->dtype));
    if (cd == a->dtype && od == a->dtype) return run_unary(op, a, a, err);
    tc_tensor *ca = tc__cast(a, cd, err);
    tc_tensor *out = ca ? tc__tensor_new(a->shape, a->ndim, od, a->device, err) : NULL;
    int r = out && ca ? run_unary(op, out, ca, err) : -1;
    if (r == 0) r = tc_copy_(a, out, err);
    tc_tensor_unref(ca);
    tc_tensor_unref(out);
    return r;
}

/* ---- clamp / where ------------------------------------------------------------------------------ */

/* clamp(a, min, max) with PyTorch's promotion for non-integral bounds (NULL = no bound). */
tc_tensor *tc_clamp(tc_tensor *a, const double *min, const double *max, tc_error *err) {
    if (tc__require_strided(a, "clamp", err)) return NULL;
    if (!min && !max) {
        tc_error_set(err, TC_EXC_RUNTIME, "torch.clamp: At least one of 'min' or 'max' must not be None");
        return NULL;
    }
    tc_dtype dt = a->dtype;
    if (!tc_dtype_is_float(dt) && ((min && *min != floor(*min)) || (max && *max != floor(*max))))
        dt = tc_default_float();
    tc_tensor *ca = tc__cast(a, dt, err);
    if (!ca) return NULL;
    void *ctx;
    const tc_backend_i *be = tc__backend(a->device, &ctx, err);
    tc_tensor *out = be ? tc__tensor_new_like(a->shape, a->ndim, dt, a->device, &ca, 1, err) : NULL;
    if (out && tc_numel(out)) {
        tc_kview ko, ka;
        tc__kview(out, &ko);
        tc__kview(ca, &ka);
        if (be->clamp(ctx, &ko, &ka, min, max, err) != 0) {
            tc_tensor_unref(out);
            out = NULL;
        }
    }
    tc_tensor_unref(ca);
    if (out && tc__needs_grad(a, NULL)) {
        tc__gargs ga = {0};
        ga.has_lo = min != NULL;
        ga.has_hi = max != NULL;
        ga.lo = min ? *min : 0;
        ga.hi = max ? *max : 0;
        if (tc__grad_record(out, "ClampBackward1", TC_G_CLAMP, a, NULL, NULL, &ga, err)) {
            tc_tensor_unref(out);
            return NULL;
        }
    }
    return out;
}

int tc_clamp_(tc_tensor *a, const double *min, const double *max, tc_error *err) {
    if (tc__require_strided(a, "clamp_", err) || check_inplace(a, err) || tc__check_overlap(a, NULL, err))
        return -1;
    tc_tensor_bump_version(a);
    if (!min && !max)
        return tc_error_set(err, TC_EXC_RUNTIME, "torch.clamp: At least one of 'min' or 'max' must not be None");
    bool same_dtype = tc_dtype_is_float(a->dtype) || ((!min || *min == floor(*min)) && (!max || *max == floor(*max)));
    if (!same_dtype || inplace_needs_graph(a, NULL)) {
        tc_tensor *r = tc_clamp(a, min, max, err);
        int rc = r ? tc_copy_(a, r, err) : -1;
        tc_tensor_unref(r);
        return rc;
    }
    void *ctx;
    const tc_backend_i *be = tc__backend(a->device, &ctx, err);
    if (!be) return -1;
    if (!tc_numel(a)) return 0;
    tc_kview ka;
    tc__kview(a, &ka);
    if (be->clamp(ctx, &ka, &ka, min, max, err) != 0) return -1;
    return 0;
}

/* where(cond, a, b) with broadcasting over all three and a/b promotion. */
tc_tensor *tc_where(tc_tensor *cond, tc_tensor *a, tc_tensor *b, tc_error *err) {
    tc_tensor *ts[3] = {cond, a, b};
    if (tc__check_devices(ts, 3, err)) return NULL;
    for (int i = 0; i < 3; i++)
        if (tc__require_strided(ts[i], "where.self", err)) return NULL;
    if (cond->dtype != TC_DTYPE_BOOL) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "where expected condition to be a boolean tensor, but got a tensor with dtype %s",
                     tc__dtype_title(cond->dtype));
        return NULL;
    }
    rt_state s = {UNDEF, UNDEF, UNDEF};
    rt_tensor(&s, a);
    rt_tensor(&s, b);
    tc_dtype dt = rt_result(&s);
    int64_t sh1[TC_MAX_DIMS], sh[TC_MAX_DIMS];
    int n1, n;
    if (tc__broadcast_shapes(cond->shape, cond->ndim, a->shape, a->ndim, sh1, &n1, err) ||
        tc__broadcast_shapes(sh1, n1, b->shape, b->ndim, sh, &n, err))
        return NULL;
    void *ctx;
    const tc_backend_i *be = tc__backend(a->device, &ctx, err);
    if (!be) return NULL;
    tc_tensor *ca = tc__cast(a, dt, err), *cb = ca ? tc__cast(b, dt, err) : NULL;
    tc_tensor *ec = cb ? tc_expand(cond, sh, n, err) : NULL;
    tc_tensor *ea = ec ? tc_expand(ca, sh, n, err) : NULL;
    tc_tensor *eb = ea ? tc_expand(cb, sh, n, err) : NULL;
    tc_tensor *out = eb ? tc__tensor_new_like(sh, n, dt, a->device, (tc_tensor *[]){cond, ca, cb}, 3, err) : NULL;
    if (out && tc_numel(out)) {
        tc_kview ko, kc, ka, kb;
        tc__kview(out, &ko);
        tc__kview(ec, &kc);
        tc__kview(ea, &ka);
        tc__kview(eb, &kb);
        if (be->where(ctx, &ko, &kc, &ka, &kb, err) != 0) {
            tc_tensor_unref(out);
            out = NULL;
        }
    }
    tc_tensor_unref(ca); tc_tensor_unref(cb); tc_tensor_unref(ec); tc_tensor_unref(ea); tc_tensor_unref(eb);
    if (out && tc__needs_grad(a, b) && tc_dtype_is_float(dt)) {
        if (tc__grad_record(out, "WhereBackward0", TC_G_WHERE, a, b, cond, NULL, err)) {
            tc_tensor_unref(out);
            return NULL;
        }
    }
    return out;
}
