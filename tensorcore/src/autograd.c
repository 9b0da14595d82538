/*
 * Reverse-mode autograd: graph recording for the differentiable ops, backward() for
 * one-element outputs over a topological order of the graph, gradient accumulation into
 * leaves' .grad (summing over broadcast dims), and grad mode.
 */
#include <math.h>
#include <stdio.h>

#include "autograd.h"
#include "cpu-loops.h"

static bool grad_mode = true;

/* Whether operations record graph nodes (torch.is_grad_enabled()). */
bool tc_grad_enabled(void) { return grad_mode; }

/* torch.set_grad_enabled / no_grad. */
void tc_set_grad_enabled(bool on) { grad_mode = on; }

/* requires_grad_ on a leaf: floats only; non-leaves may only be switched on. */
int tc_set_requires_grad(tc_tensor *t, bool on, tc_error *err) {
    if (on && !tc_dtype_is_inexact(t->dtype))
        return tc_error_set(err, TC_EXC_RUNTIME, "only Tensors of floating point dtype can require gradients");
    if (t->grad_fn && !on)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "you can only change requires_grad flags of leaf variables. If you want to use a "
                            "computed variable in a subgraph that doesn't require differentiation use "
                            "var_no_grad = var.detach().");
    t->requires_grad = on;
    return 0;
}

void tc_tensor_detach_(tc_tensor *t) {
    tc__grad_node_free(t->grad_fn);
    t->grad_fn = NULL;
    t->requires_grad = false;
    t->retains_grad = false;
}

int tc_check_inplace(const tc_tensor *t, tc_error *err) {
    if (t->requires_grad && !t->grad_fn && grad_mode)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "a leaf Variable that requires grad is being used in an in-place operation.");
    return 0;
}

tc_tensor *tc_tensor_grad(const tc_tensor *t) { return t->grad; }

static const char *device_type_name(tc_device d) { return d.type == TC_DEVICE_CPU ? "cpu" : "cuda"; }

int tc_tensor_set_grad(tc_tensor *t, tc_tensor *g, tc_error *err) {
    if (g && g->dtype != t->dtype)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "attempting to assign a gradient with dtype '%s' to a tensor with grad_dtype "
                            "'%s'. The gradient must match the tensor's grad_dtype (defaults to the "
                            "tensor's dtype). You can set the tensor's grad_dtype attribute with a "
                            "specific dtype, or None to allow any dtype. Set grad_dtype with caution. "
                            "Diverging the dtypes of a tensor and its gradient may break downstream "
                            "systems that assume they match.",
                            tc_dtype_cpp_name(g->dtype), tc__dtype_title(t->dtype));
    if (g && g->device.type != t->device.type)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "attempting to assign a gradient with device type '%s' to a tensor with "
                            "device type '%s'. Please ensure that the gradient and the tensor are on "
                            "the same device",
                            device_type_name(g->device), device_type_name(t->device));
    if (g && (g->ndim != t->ndim || memcmp(g->shape, t->shape, (size_t)t->ndim * sizeof *t->shape) != 0)) {
        char gs[256], ts[256];
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "attempting to assign a gradient of size '%s' to a tensor of size '%s'. "
                            "Please ensure that the gradient and the tensor are the same size",
                            tc__shape_str(g->shape, g->ndim, gs, sizeof gs),
                            tc__shape_str(t->shape, t->ndim, ts, sizeof ts));
    }
    tc_tensor *old = t->grad;
    t->grad = g ? tc_tensor_ref(g) : NULL;
    tc_tensor_unref(old);
    tc__cycles_track(t);
    return 0;
}

/* "MulBackward0" or NULL for leaves. */
const char *tc_grad_fn_name(const tc_tensor *t) { return t->grad_fn ? t->grad_fn->name : NULL; }

bool tc__needs_grad(tc_tensor *a, tc_tensor *b) {
    return grad_mode && ((a && a->requires_grad) || (b && b->requires_grad));
}

static void custom_grads_drop(tc_grad_node *n, tc_tensor **dead) {
    tc_custom_grad *c = n->custom;
    tc__tensor_drop(c->for_grad, dead);
    c->for_grad = NULL;
    for (int i = 0; i < n->n; i++) {
        tc__tensor_drop(c->grads[i], dead);
        c->grads[i] = NULL;
    }
    c->have = false;
}

void tc__grad_node_take(tc_grad_node *n, tc_tensor **dead) {
    if (!n) return;
    if (n->custom) {
        custom_grads_drop(n, dead);
        if (n->custom->ctx_free) n->custom->ctx_free(n->custom->ctx);
        tc__free(n->custom->grads);
        tc__free(n->custom);
    }
    tc__free(n->own_name);
    for (int i = 0; i < n->n; i++) tc__tensor_drop(n->inputs[i], dead);
    tc__tensor_drop(n->before, dead);
    tc__version_unref(n->out_vc);
    tc__tensor_drop(n->saved, dead);
    for (int i = 0; i < 3; i++) tc__tensor_drop(n->extra[i], dead);
    tc__free(n->inputs);
    tc__free(n);
}

void tc__grad_node_free(tc_grad_node *n) {
    tc_tensor *dead = NULL;
    tc__grad_node_take(n, &dead);
    tc__tensor_free_dead(dead);
}

int tc__grad_record_n(tc_tensor *out, const char *name, tc__gkind kind, tc_tensor **ins, int n,
                      const tc__gargs *args, tc_error *err) {
    tc_grad_node *g = tc__calloc(1, sizeof *g);
    /* the inputs and their versions in one block */
    tc_tensor **in = tc__calloc((size_t)n, sizeof *in + sizeof(int64_t));
    if (!g || !in) {
        tc__free(g);
        tc__free(in);
        return tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
    }
    g->name = name;
    g->kind = kind;
    g->n = n;
    g->inputs = in;
    g->versions = (int64_t *)(in + n);
    for (int i = 0; i < n; i++) {
        in[i] = tc_tensor_ref(ins[i]);
        g->versions[i] = ins[i] ? tc_tensor_version(ins[i]) : 0;
    }
    g->out_version = tc_tensor_version(out);
    if (args) g->args = *args;
    tc__grad_node_free(out->grad_fn);
    out->grad_fn = g;
    out->requires_grad = true;
    return 0;
}

/* ---- versions: in-place writes into tensors that nodes read ------------------------------- */

int tc__history_move(tc_tensor *t, tc_tensor *old, tc_error *err) {
    tc_grad_node *n = t->grad_fn;
    if (n && !n->out_vc && !(n->out_vc = tc__version_get(t, err))) return -1;
    old->grad_fn = n;
    old->requires_grad = t->requires_grad;
    t->grad_fn = NULL;
    return 0;
}

void tc__history_restore(tc_tensor *t, tc_tensor *old) {
    tc__grad_node_free(t->grad_fn);
    t->grad_fn = old->grad_fn;
    old->grad_fn = NULL;
}

void tc__history_link(tc_tensor *t, tc_tensor *old) {
    tc_grad_node *n = t->grad_fn;
    if (!n || !old->grad_fn) return;
    tc_tensor_unref(n->before);
    n->before = tc_tensor_ref(old);
    n->since = tc_tensor_version(t);
    n->out_version = n->since;
    tc__version_unref(n->out_vc);
    n->out_vc = NULL;
}

void tc__history_adopt(tc_tensor *to, tc_tensor *from) {
    tc__grad_node_free(to->grad_fn);
    to->grad_fn = from->grad_fn;
    to->requires_grad = true;
    from->grad_fn = NULL;
    if (to->grad_fn && !to->grad_fn->out_vc) to->grad_fn->out_version = tc_tensor_version(to);
}

/* The graph vertex of node n's input k: the input, or the history it had at the version the
 * node read (an in-place write since gave it a new node). A tensor holding a node moved off
 * its output (out_vc set) is that history itself, reached directly. */
static tc_tensor *input_vertex(const tc_grad_node *n, int k) {
    tc_tensor *t = n->inputs[k];
    int64_t v = n->versions[k];
    if (!t || !t->grad_fn || t->grad_fn->out_vc) return t;
    while (t->grad_fn && t->grad_fn->before && v < t->grad_fn->since) t = t->grad_fn->before;
    return t;
}

/* Which of node n's values its formula reads, as PyTorch's node saves them: bit k for input
 * k, SAVED_OUT for the output. An input another input's gradient needs is saved only when
 * that input requires grad (mul, mm, conv, ...). */
enum { SAVED_OUT = 1u << 31 };
static unsigned saved_values(const tc_grad_node *n) {
    bool r0 = n->n > 0 && n->inputs[0] && n->inputs[0]->requires_grad;
    bool r1 = n->n > 1 && n->inputs[1] && n->inputs[1]->requires_grad;
    unsigned x = 1, y = 2;
    switch (n->kind) {
    case TC_G_MUL: case TC_G_MM: case TC_G_DOT: case TC_G_MV: case TC_G_CONV:
        return (r1 ? x : 0) | (r0 ? y : 0);
    case TC_G_DIV: return (r1 ? x : 0) | y; /* its formula reads the quotient, which an in-place write leaves on a clone */
    case TC_G_POW_T: return x | y | (r1 ? SAVED_OUT : 0);
    case TC_G_FMOD: return r1 ? x | y : 0;
    case TC_G_MAXIMUM: case TC_G_MINIMUM: case TC_G_ATAN2: return x | y;
    case TC_G_HYPOT: return x | y | SAVED_OUT;
    case TC_G_EXP: case TC_G_SQRT: case TC_G_RELU: case TC_G_SIGMOID: case TC_G_TANH: case TC_G_RSQRT:
    case TC_G_RECIPROCAL: case TC_G_SOFTMAX:
        return SAVED_OUT;
    case TC_G_ABS: case TC_G_LOG: case TC_G_SIN: case TC_G_COS: case TC_G_LOG2: case TC_G_LOG10:
    case TC_G_SQUARE: case TC_G_CLAMP: case TC_G_POOL: case TC_G_NLL: case TC_G_SPECIAL:
        return x;
    case TC_G_UFUNC: return n->args.a == TC_UOP_EXPM1 ? SAVED_OUT : x;
    case TC_G_ACT: return n->args.b ? SAVED_OUT : x;
    case TC_G_PROD: case TC_G_AMAXMIN: case TC_G_CUMPROD: return x | SAVED_OUT;
    case TC_G_VAR: return x | (n->args.a ? SAVED_OUT : 0);
    case TC_G_LINALG: return x | (n->n > 1 ? y : 0) | SAVED_OUT;
    default: return 0;
    }
}

/* "Sigmoid" for "SigmoidBackward0": the op a node's name stands for in PyTorch's messages. */
static const char *op_of(const char *name, char *buf, size_t len) {
    size_t k = strlen(name);
    while (k && name[k - 1] >= '0' && name[k - 1] <= '9') k--;
    if (k > 8 && !strncmp(name + k - 8, "Backward", 8)) k -= 8;
    else k = strlen(name);
    snprintf(buf, len, "%.*s", (int)k, name);
    return buf;
}

static int modified(const tc_tensor *t, const tc_grad_node *of, int64_t now, int64_t then, tc_error *err) {
    char ty[64], sh[256], op[280] = "";
    if (of) {
        char nm[256];
        snprintf(op, sizeof op, ", which is output 0 of %s,", op_of(of->name, nm, sizeof nm));
    }
    return tc_error_set(err, TC_EXC_RUNTIME,
                        "one of the variables needed for gradient computation has been modified by an "
                        "inplace operation: [%s %s]%s is at version %lld; expected version %lld instead. "
                        "Hint: enable anomaly detection to find the operation that failed to compute its "
                        "gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).",
                        tc__tensor_type_name(t, ty, sizeof ty), tc__shape_str(t->shape, t->ndim, sh, sizeof sh),
                        op, (long long)now, (long long)then);
}

/* PyTorch's unpacking of a node's saved values: one written in place since it was saved
 * fails the backward (t holds node n). */
static int check_saved(const tc_tensor *t, const tc_grad_node *n, tc_error *err) {
    unsigned m = saved_values(n);
    if (m & SAVED_OUT) {
        int64_t now = n->out_vc ? n->out_vc->v : tc_tensor_version(t);
        if (now != n->out_version) return modified(t, n, now, n->out_version, err);
    }
    for (int k = 0; k < n->n && k < 31; k++) {
        const tc_tensor *in = n->inputs[k];
        if (!(m & (1u << k)) || !in) continue;
        int64_t now = tc_tensor_version(in);
        if (now != n->versions[k]) return modified(in, in->grad_fn, now, n->versions[k], err);
    }
    return 0;
}

/* A node's copy of a name given at run time (PyTorch's names are short: longer text is cut),
 * or NULL when out of memory. */
static char *name_copy(const char *name) { return tc_strndup(name, 256); }

int tc_grad_record_custom(tc_tensor *out, const char *name, tc_tensor *const *inputs, int n,
                          tc_custom_backward_fn fn, void *ctx, void (*ctx_free)(void *ctx),
                          tc_error *err) {
    tc_custom_grad *c = tc__calloc(1, sizeof *c);
    tc_tensor **grads = tc__calloc((size_t)(n > 0 ? n : 1), sizeof *grads);
    char *nm = name_copy(name);
    if (!c || !grads || !nm) {
        tc__free(c);
        tc__free(grads);
        tc__free(nm);
        return tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
    }
    if (tc__grad_record_n(out, nm, TC_G_CUSTOM, (tc_tensor **)inputs, n, NULL, err)) {
        tc__free(c);
        tc__free(grads);
        tc__free(nm);
        return -1;
    }
    out->grad_fn->own_name = nm;
    c->fn = fn;
    c->ctx = ctx;
    c->ctx_free = ctx_free;
    c->grads = grads;
    out->grad_fn->custom = c;
    return 0;
}

int tc_grad_fn_rename_copy(tc_tensor *t, const char *name, tc_error *err) {
    if (!t->grad_fn) return 0;
    char *nm = name_copy(name);
    if (!nm) return tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
    tc__free(t->grad_fn->own_name);
    t->grad_fn->own_name = nm;
    t->grad_fn->name = nm;
    return 0;
}

/* Input which's gradient from a custom node: the caller's function runs once per output
 * gradient. *none is set where it gave None. */
static tc_tensor *custom_input_grad(tc_grad_node *n, tc_tensor *g, int which, bool *none, tc_error *e) {
    tc_custom_grad *c = n->custom;
    if (!c->have || c->for_grad != g) {
        tc_tensor *dead = NULL;
        custom_grads_drop(n, &dead);
        tc__tensor_free_dead(dead);
        if (c->fn(c->ctx, g, n->n, c->grads, e)) return NULL;
        c->for_grad = tc_tensor_ref(g);
        c->have = true;
    }
    *none = !c->grads[which];
    return c->grads[which] ? tc_tensor_ref(c->grads[which]) : NULL;
}

int tc__grad_record(tc_tensor *out, const char *name, tc__gkind kind, tc_tensor *a, tc_tensor *b,
                    tc_tensor *saved, const tc__gargs *args, tc_error *err) {
    tc_tensor *ins[2] = {a, b};
    if (tc__grad_record_n(out, name, kind, ins, b ? 2 : 1, args, err)) return -1;
    out->grad_fn->saved = tc_tensor_ref(saved);
    return 0;
}

int tc__history_take(tc_tensor *t, tc_tensor **prev, tc_error *err) {
    *prev = NULL;
    if (!t->requires_grad) return 0;
    tc_tensor *a = tc__tensor_alias(t, t->shape, t->strides, t->ndim, t->offset, err);
    if (!a || tc__history_move(t, a, err)) {
        tc_tensor_unref(a);
        return -1;
    }
    *prev = a;
    return 0;
}

int tc__history_settle(tc_tensor *t, tc_tensor *prev, int rc) {
    if (prev && rc) tc__history_restore(t, prev); /* give the history back */
    else if (prev) tc__history_link(t, prev);
    tc_tensor_unref(prev);
    return rc;
}

/* ---- helpers for gradient formulas (run with grad mode off) ------------------------------- */

static tc_scalar fs(double v) { tc_scalar s = {.kind = TC_SCALAR_FLOAT, .v.f = v}; return s; }

static tc_tensor *mul(tc_tensor *a, tc_tensor *b, tc_error *e) { return a && b ? tc_binary(TC_OP_MUL, a, b, e) : NULL; }
static tc_tensor *divt(tc_tensor *a, tc_tensor *b, tc_error *e) { return a && b ? tc_binary(TC_OP_DIV, a, b, e) : NULL; }
static tc_tensor *muls(tc_tensor *a, double v, tc_error *e) { return a ? tc_binary_scalar(TC_OP_MUL, a, fs(v), e) : NULL; }
static tc_tensor *un(tc_unary_op op, tc_tensor *a, tc_error *e) { return a ? tc_unary(op, a, e) : NULL; }
static tc_tensor *castlike(tc_tensor *m, tc_tensor *like, tc_error *e) { return m ? tc__cast(m, like->dtype, e) : NULL; }
static tc_tensor *cmp(tc_binary_op op, tc_tensor *a, tc_tensor *b, tc_error *e) { return a && b ? tc_binary(op, a, b, e) : NULL; }

/* Consume intermediate references at the end of a formula. */
/* 1 - y*y with the multiply fused into the subtraction, as PyTorch's compiled tanh_backward
 * computes it (the last bit differs from a separate multiply). */
static tc_tensor *one_minus_sq(tc_tensor *y, tc_error *e) {
    if (!y) return NULL;
    if (y->device.type != TC_DEVICE_CPU) {
        /* on a device, with the device's ops: gradients never travel to the host */
        tc_tensor *sq = mul(y, y, e);
        tc_tensor *r = sq ? tc_rbinary_scalar(TC_OP_SUB, fs(1.0), sq, e) : NULL;
        tc_tensor_unref(sq);
        return r;
    }
    tc_tensor *c = tc_to(y, y->dtype, tc_device_cpu(), ".to()", e);
    tc_tensor *h = c ? tc_clone(c, e) : NULL; /* contiguous, no graph (grad mode is off here) */
    tc_tensor_unref(c);
    if (!h) return NULL;
    char *d = tc_data_ptr(h);
    size_t es = tc_dtype_size(h->dtype);
    for (int64_t i = 0, n = tc_numel(h); i < n; i++) {
        void *p = d + i * (int64_t)es;
        if (h->dtype == TC_DTYPE_F64) {
            *(double *)p = fma(-*(double *)p, *(double *)p, 1.0);
        } else {
            float v = (float)tc_load_f64(p, h->dtype);
            tc_store_f64(p, h->dtype, fmaf(-v, v, 1.0f));
        }
    }
    return h;
}

#define DROP(...) do { tc_tensor *drop_[] = {__VA_ARGS__}; for (size_t i_ = 0; i_ < sizeof drop_ / sizeof drop_[0]; i_++) tc_tensor_unref(drop_[i_]); } while (0)

tc_tensor *tc__sum_to(tc_tensor *g, const int64_t *shape, int ndim, tc_error *err) {
    if (g->ndim == ndim && memcmp(g->shape, shape, sizeof(int64_t) * (size_t)ndim) == 0) return tc_tensor_ref(g);
    int dims[TC_MAX_DIMS], nd = 0, lead = g->ndim - ndim;
    for (int d = 0; d < g->ndim; d++) {
        int j = d - lead;
        if (j < 0 || (shape[j] == 1 && g->shape[d] != 1)) dims[nd++] = d;
    }
    tc_tensor *s = nd ? tc_reduce(TC_RED_SUM, g, dims, nd, true, err) : tc_tensor_ref(g);
    if (!s) return NULL;
    tc_tensor *r = tc_reshape(s, shape, ndim, err);
    tc_tensor_unref(s);
    return r;
}

static tc_tensor *zeros_like_shape(tc_tensor *like, const int64_t *shape, int nd, tc_error *e) {
    return tc_zeros(shape, nd, like->dtype, like->device, e);
}

/* Grad of a view-producing op: scatter g into zeros of the input shape. */
static tc_tensor *scatter_view(const tc_grad_node *n, tc_tensor *x, tc_tensor *g, tc_error *e) {
    tc_tensor *z = zeros_like_shape(g, x->shape, x->ndim, e);
    if (!z) return NULL;
    tc_tensor *v = n->kind == TC_G_SELECT ? tc_select(z, (int)n->args.c, n->args.a, e)
                                          : tc_slice(z, (int)n->args.c, n->args.a, n->args.a + n->args.b * (g->shape[n->args.c]), n->args.b, e);
    if (!v || tc_copy_(v, g, e) != 0) {
        tc_tensor_unref(z);
        z = NULL;
    }
    tc_tensor_unref(v);
    return z;
}

/* g expanded back over the reduced dims of a sum/mean. */
static tc_tensor *expand_reduced(const tc_grad_node *n, tc_tensor *x, tc_tensor *g, tc_error *e) {
    tc_tensor *k = tc_tensor_ref(g);
    if (!n->args.b) {
        for (int i = 0; i < n->args.ndims && k; i++) {
            tc_tensor *u = tc_unsqueeze(k, n->args.dims[i], e);
            tc_tensor_unref(k);
            k = u;
        }
    }
    tc_tensor *r = k ? tc_expand(k, x->shape, x->ndim, e) : NULL;
    tc_tensor_unref(k);
    return r;
}

static tc_tensor *grad_maxmin_dim(const tc_grad_node *n, tc_tensor *x, tc_tensor *g, tc_error *e) {
    int d = (int)n->args.c;
    tc_tensor *gk = n->args.b ? tc_tensor_ref(g) : tc_unsqueeze(g, d, e);
    tc_tensor *ar = tc_arange(0, (double)x->shape[d], 1, TC_DTYPE_I64, x->device, e);
    int64_t sh[TC_MAX_DIMS];
    for (int i = 0; i < x->ndim; i++) sh[i] = i == d ? x->shape[d] : 1;
    tc_tensor *arv = ar ? tc_view(ar, sh, x->ndim, e) : NULL;
    tc_tensor *hot = cmp(TC_OP_EQ, arv, n->saved, e);
    tc_tensor *hf = castlike(hot, g, e);
    tc_tensor *r = mul(hf, gk, e);
    DROP(gk, ar, arv, hot, hf);
    return r;
}

/* Gradient of t[idx] along dim 0: rows of g added at their (possibly repeated) indices. */
static tc_tensor *index_sel_grad(const tc_grad_node *n, tc_tensor *x, tc_tensor *g, tc_error *e) {
    tc_tensor *z = zeros_like_shape(g, x->shape, x->ndim, e);
    const tc_tensor *ix = n->saved; /* int64, CPU, contiguous */
    int64_t cnt = z ? tc_numel(ix) : 0;
    int64_t flat[TC_MAX_DIMS];
    flat[0] = cnt;
    for (int d = 1; d < x->ndim; d++) flat[d] = x->shape[d];
    tc_tensor *gf = z ? tc_reshape(g, flat, x->ndim, e) : NULL;
    const int64_t *iv = tc_data_ptr(ix);
    for (int64_t i = 0; gf && i < cnt; i++) {
        tc_tensor *dst = tc_select(z, 0, iv[i], e), *src = dst ? tc_select(gf, 0, i, e) : NULL;
        int r = src ? tc_binary_(TC_OP_ADD, dst, src, e) : -1;
        DROP(dst, src);
        if (r) {
            DROP(z, gf);
            return NULL;
        }
    }
    DROP(gf);
    return z;
}

static tc_tensor *inverse_permute(const tc_grad_node *n, tc_tensor *g, tc_error *e) {
    int inv[TC_MAX_DIMS];
    for (int i = 0; i < n->args.ndims; i++) inv[n->args.dims[i]] = i;
    return tc_permute(g, inv, n->args.ndims, e);
}

/* Whether PyTorch's vectorised loop takes the operands of an elementwise kernel: contiguous,
 * or one of them a broadcast scalar (all its strides 0) and the other contiguous; else its
 * scalar loop runs. */
static bool scalar_bcast(const tc_tensor *t) {
    for (int i = 0; i < t->ndim; i++)
        if (t->strides[i] != 0 && t->shape[i] != 1) return false;
    return true;
}
static bool aten_vectorised(const tc_tensor *a, const tc_tensor *b) {
    return tc_is_contiguous(a) ? tc_is_contiguous(b) || scalar_bcast(b) : tc_is_contiguous(b) && scalar_bcast(a);
}

/* The fused activations' gradient as PyTorch's backward kernels compute it (cpu-vmath.c), for
 * CPU float tensors without create_graph; NULL with no error set otherwise. */
static tc_tensor *act_grad(tc_unary_op op, tc_tensor *x, tc_tensor *g, tc_error *e) {
    void (*f)(void *, const void *, int64_t, const void *, int64_t, bool);
    switch (op) {
    case TC_UOP_SILU: f = tc__silu_backward; break;
    case TC_UOP_GELU: f = tc__gelu_backward; break;
    case TC_UOP_GELU_TANH: f = tc__gelu_tanh_backward; break;
    case TC_UOP_SOFTPLUS: f = tc__softplus_backward; break;
    case TC_UOP_ELU: f = tc__elu_backward; break;
    case TC_UOP_SELU: f = tc__selu_backward; break;
    case TC_UOP_MISH: f = tc__mish_backward; break;
    case TC_UOP_LOG_SIGMOID: f = tc__log_sigmoid_backward; break;
    default: return NULL;
    }
    if (grad_mode || !x || x->device.type != TC_DEVICE_CPU || g->device.type != TC_DEVICE_CPU ||
        (x->dtype != TC_DTYPE_F32 && x->dtype != TC_DTYPE_F64) || g->dtype != x->dtype ||
        g->ndim != x->ndim || memcmp(g->shape, x->shape, sizeof(int64_t) * (size_t)x->ndim))
        return NULL;
    if (op == TC_UOP_GELU_TANH && !aten_vectorised(g, x))
        f = tc__gelu_tanh_backward_lib; /* PyTorch's scalar loop, whose tanh is the C library's */
    int64_t gs = scalar_bcast(g) ? 0 : 1; /* the expanded gradient of a sum is read as one value */
    tc_tensor *gc = gs ? tc_contiguous(g, e) : tc_tensor_ref(g), *xc = gc ? tc_contiguous(x, e) : NULL;
    tc_tensor *r = xc ? tc_empty(x->shape, x->ndim, x->dtype, x->device, e) : NULL;
    if (r) f(tc_data_ptr(r), tc_data_ptr(gc), gs, tc_data_ptr(xc), tc_numel(r), x->dtype == TC_DTYPE_F64);
    DROP(gc, xc);
    return r;
}

/* g times the derivative of unary op at x (out = op(x)). */
static tc_tensor *ufunc_grad(tc_unary_op op, tc_tensor *x, tc_tensor *out, tc_tensor *g, tc_error *e) {
    tc_tensor *t1 = NULL, *t2 = NULL, *t3 = NULL, *r = act_grad(op, x, g, e);
    if (r || tc_error_is_set(e)) return r;
    switch (op) {
    case TC_UOP_ASIN:
    case TC_UOP_ACOS: /* +-g / sqrt(1 - x^2) */
        t1 = mul(x, x, e);
        t2 = t1 ? tc_rbinary_scalar(TC_OP_SUB, fs(1.0), t1, e) : NULL;
        t3 = un(TC_UOP_SQRT, t2, e);
        r = divt(g, t3, e);
        if (op == TC_UOP_ACOS) {
            tc_tensor *n = un(TC_UOP_NEG, r, e);
            tc_tensor_unref(r);
            r = n;
        }
        break;
    case TC_UOP_ATAN: /* g / (1 + x^2) */
        t1 = mul(x, x, e);
        t2 = t1 ? tc_binary_scalar(TC_OP_ADD, t1, fs(1.0), e) : NULL;
        r = divt(g, t2, e);
        break;
    case TC_UOP_SINH: t1 = un(TC_UOP_COSH, x, e); r = mul(g, t1, e); break;
    case TC_UOP_COSH: t1 = un(TC_UOP_SINH, x, e); r = mul(g, t1, e); break;
    case TC_UOP_TAN: /* g * (1 + tan^2) */
        t1 = mul(out, out, e);
        t2 = t1 ? tc_binary_scalar(TC_OP_ADD, t1, fs(1.0), e) : NULL;
        r = mul(g, t2, e);
        break;
    case TC_UOP_LOG1P: t1 = x ? tc_binary_scalar(TC_OP_ADD, x, fs(1.0), e) : NULL; r = divt(g, t1, e); break;
    case TC_UOP_EXPM1: t1 = out ? tc_binary_scalar(TC_OP_ADD, out, fs(1.0), e) : NULL; r = mul(g, t1, e); break;
    case TC_UOP_ERF: /* g * 2/sqrt(pi) * exp(-x^2) */
        t1 = mul(x, x, e);
        t2 = t1 ? tc_binary_scalar(TC_OP_MUL, t1, fs(-1.0), e) : NULL;
        t3 = un(TC_UOP_EXP, t2, e);
        tc_tensor *s = t3 ? tc_binary_scalar(TC_OP_MUL, t3, fs(1.1283791670955126), e) : NULL;
        r = mul(g, s, e);
        tc_tensor_unref(s);
        break;
    case TC_UOP_ERFC: /* -g * 2/sqrt(pi) * exp(-x^2) */
        t1 = mul(x, x, e);
        t2 = t1 ? tc_binary_scalar(TC_OP_MUL, t1, fs(-1.0), e) : NULL;
        t3 = un(TC_UOP_EXP, t2, e);
        tc_tensor *sc = t3 ? tc_binary_scalar(TC_OP_MUL, t3, fs(-1.1283791670955126), e) : NULL;
        r = mul(g, sc, e);
        tc_tensor_unref(sc);
        break;
    case TC_UOP_ERFINV: /* g * sqrt(pi)/2 * exp(out^2) */
        t1 = mul(out, out, e);
        t2 = un(TC_UOP_EXP, t1, e);
        t3 = t2 ? tc_binary_scalar(TC_OP_MUL, t2, fs(0.88622692545275801), e) : NULL;
        r = mul(g, t3, e);
        break;
    case TC_UOP_ASINH:
    case TC_UOP_ACOSH: /* g / sqrt(x^2 +- 1) */
        t1 = mul(x, x, e);
        t2 = t1 ? tc_binary_scalar(op == TC_UOP_ASINH ? TC_OP_ADD : TC_OP_SUB, t1, fs(1.0), e) : NULL;
        t3 = un(TC_UOP_SQRT, t2, e);
        r = divt(g, t3, e);
        break;
    case TC_UOP_ATANH: /* g / (1 - x^2) */
        t1 = mul(x, x, e);
        t2 = t1 ? tc_rbinary_scalar(TC_OP_SUB, fs(1.0), t1, e) : NULL;
        r = divt(g, t2, e);
        break;
    case TC_UOP_EXP2: /* g * out * ln 2 */
        t1 = out ? tc_binary_scalar(TC_OP_MUL, out, fs(0.69314718055994531), e) : NULL;
        r = mul(g, t1, e);
        break;
    case TC_UOP_LGAMMA: t1 = un(TC_UOP_DIGAMMA, x, e); r = mul(g, t1, e); break;
    case TC_UOP_SILU: /* g s (1 + x (1 - s)), s = sigmoid x */
        t1 = un(TC_UOP_SIGMOID, x, e);
        t2 = t1 ? tc_rbinary_scalar(TC_OP_SUB, fs(1.0), t1, e) : NULL;
        t3 = mul(x, t2, e);
        DROP(t2);
        t2 = t3 ? tc_binary_scalar(TC_OP_ADD, t3, fs(1.0), e) : NULL;
        DROP(t3);
        t3 = mul(t1, t2, e);
        r = mul(g, t3, e);
        break;
    case TC_UOP_GELU: { /* g (Phi(x) + x phi(x)) */
        tc_tensor *h = x ? tc_binary_scalar(TC_OP_MUL, x, fs(0.70710678118654752440), e) : NULL;
        t1 = un(TC_UOP_ERF, h, e);
        DROP(h);
        tc_tensor *cdf = t1 ? tc_binary_scalar(TC_OP_ADD, t1, fs(1.0), e) : NULL;
        h = cdf ? tc_binary_scalar(TC_OP_MUL, cdf, fs(0.5), e) : NULL;
        DROP(cdf);
        t2 = mul(x, x, e);
        t3 = t2 ? tc_binary_scalar(TC_OP_MUL, t2, fs(-0.5), e) : NULL;
        DROP(t2);
        t2 = un(TC_UOP_EXP, t3, e);
        DROP(t3);
        t3 = t2 ? tc_binary_scalar(TC_OP_MUL, t2, fs(0.39894228040143267794), e) : NULL;
        DROP(t2);
        t2 = mul(x, t3, e);
        DROP(t3);
        t3 = h && t2 ? tc_binary(TC_OP_ADD, h, t2, e) : NULL;
        DROP(h);
        r = mul(g, t3, e);
        break;
    }
    case TC_UOP_GELU_TANH: { /* g ((1 + t) / 2 + x / 2 (1 - t^2) beta (1 + 3 kappa x^2)),
                              * t = tanh(beta (x + kappa x^3)), beta = sqrt(2 / pi) */
        const double beta = 0.79788456080286535588, kappa = 0.044715;
        tc_tensor *sq = mul(x, x, e), *cube = mul(sq, x, e), *k = muls(cube, kappa, e);
        tc_tensor *in = k ? tc_binary(TC_OP_ADD, x, k, e) : NULL, *bin = muls(in, beta, e);
        tc_tensor *t = un(TC_UOP_TANH, bin, e);
        DROP(cube, k, in, bin);
        tc_tensor *right = t ? tc_binary_scalar(TC_OP_ADD, t, fs(1.0), e) : NULL, *left_d = muls(right, 0.5, e);
        tc_tensor *t_sq = mul(t, t, e), *tanh_d = t_sq ? tc_rbinary_scalar(TC_OP_SUB, fs(1.0), t_sq, e) : NULL;
        tc_tensor *k3 = muls(sq, 3 * kappa, e), *k31 = k3 ? tc_binary_scalar(TC_OP_ADD, k3, fs(1.0), e) : NULL;
        tc_tensor *inner_d = muls(k31, beta, e), *left = muls(x, 0.5, e);
        DROP(sq, t, right, t_sq, k3, k31);
        t1 = mul(left, tanh_d, e);
        t2 = mul(t1, inner_d, e);
        t3 = left_d && t2 ? tc_binary(TC_OP_ADD, left_d, t2, e) : NULL;
        DROP(left_d, tanh_d, inner_d, left);
        r = mul(g, t3, e);
        break;
    }
    case TC_UOP_SOFTPLUS: /* g sigmoid(x), g above the threshold */
    case TC_UOP_ELU: /* g for x > 0, g (out + 1) below */
    case TC_UOP_SELU: { /* g scale for x > 0, g (out + alpha scale) below */
        tc_tensor *above = x ? tc_binary_scalar(TC_OP_GT, x, fs(op == TC_UOP_SOFTPLUS ? 20.0 : 0.0), e) : NULL;
        if (op == TC_UOP_SOFTPLUS) t1 = un(TC_UOP_SIGMOID, x, e);
        else t1 = out ? tc_binary_scalar(TC_OP_ADD, out, fs(op == TC_UOP_ELU ? 1.0 : 1.7580993408473768599), e) : NULL;
        t2 = t1 ? tc_full(NULL, 0, op == TC_UOP_SELU ? 1.0507009873554804934 : 1.0, t1->dtype, t1->device, e) : NULL;
        t3 = above && t1 && t2 ? tc_where(above, t2, t1, e) : NULL;
        DROP(above);
        r = mul(g, t3, e);
        break;
    }
    case TC_UOP_MISH: { /* g (tanh sp + x sigmoid(x) (1 - tanh^2 sp)), sp = softplus x */
        t1 = un(TC_UOP_SOFTPLUS, x, e);
        t2 = un(TC_UOP_TANH, t1, e);
        DROP(t1);
        t1 = mul(t2, t2, e);
        t3 = t1 ? tc_rbinary_scalar(TC_OP_SUB, fs(1.0), t1, e) : NULL;
        DROP(t1);
        tc_tensor *sg = un(TC_UOP_SIGMOID, x, e);
        t1 = mul(x, sg, e);
        DROP(sg);
        sg = mul(t1, t3, e);
        DROP(t1, t3);
        t1 = t2 && sg ? tc_binary(TC_OP_ADD, t2, sg, e) : NULL;
        DROP(t2, sg);
        t2 = NULL;
        t3 = NULL;
        r = mul(g, t1, e);
        break;
    }
    case TC_UOP_LOG_SIGMOID: /* g sigmoid(-x) */
        t1 = un(TC_UOP_NEG, x, e);
        t2 = un(TC_UOP_SIGMOID, t1, e);
        r = mul(g, t2, e);
        break;
    default: tc_error_set(e, TC_EXC_RUNTIME, "no derivative for %s", tc_unary_op_name(op)); break;
    }
    DROP(t1, t2, t3);
    /* the node PyTorch records for the fused activations' gradients (with create_graph) */
    static const char *const twice[TC_UNARY_OP_COUNT] = {
        [TC_UOP_GELU] = "GeluBackwardBackward0", [TC_UOP_GELU_TANH] = "GeluBackwardBackward0",
        [TC_UOP_ELU] = "EluBackwardBackward0", [TC_UOP_SELU] = "EluBackwardBackward0",
        [TC_UOP_SOFTPLUS] = "SoftplusBackwardBackward0", [TC_UOP_LOG_SIGMOID] = "LogSigmoidBackwardBackward0"};
    if (r && r->grad_fn && twice[op]) r->grad_fn->name = twice[op];
    return r;
}

/* softmax / log_softmax backward: on a CPU float tensor as PyTorch's fused kernels compute it
 * (tc__softmax_backward_dim); otherwise, and with create_graph,
 * g - exp(y) sum(g) and (g - sum(g y)) y from recording ops. */
static tc_tensor *softmax_grad(const tc_grad_node *n, tc_tensor *out, tc_tensor *g, tc_error *e) {
    bool log = n->args.b != 0;
    int d = (int)n->args.c;
    if (!grad_mode && out && out->device.type == TC_DEVICE_CPU && out->ndim > 0 &&
        (out->dtype == TC_DTYPE_F32 || out->dtype == TC_DTYPE_F64) && g->dtype == out->dtype) {
        tc_tensor *gc = tc_contiguous(g, e), *yc = gc ? tc_contiguous(out, e) : NULL;
        tc_tensor *r = yc ? tc_empty(out->shape, out->ndim, out->dtype, out->device, e) : NULL;
        if (r)
            tc__softmax_backward_dim(tc_data_ptr(r), tc_data_ptr(gc), tc_data_ptr(yc), out->shape, out->ndim, d,
                                     out->dtype == TC_DTYPE_F64, log);
        DROP(gc, yc);
        return r;
    }
    tc_tensor *t1 = NULL, *t2 = NULL, *t3 = NULL, *r = NULL;
    if (log) {
        t1 = un(TC_UOP_EXP, out, e);
        t2 = tc_reduce(TC_RED_SUM, g, &d, 1, true, e);
        t3 = mul(t1, t2, e);
        r = t3 ? tc_binary(TC_OP_SUB, g, t3, e) : NULL;
    } else {
        t1 = mul(g, out, e);
        t2 = t1 ? tc_reduce(TC_RED_SUM, t1, &d, 1, true, e) : NULL;
        t3 = t2 ? tc_binary(TC_OP_SUB, g, t2, e) : NULL;
        r = mul(t3, out, e);
    }
    DROP(t1, t2, t3);
    return r;
}

/* With create_graph the node of a gradient takes PyTorch's name for the fused backward op
 * that computed it (the composed ops' last node carries it). */
static tc_tensor *named_grad(tc_tensor *r, const char *name) {
    if (r && r->grad_fn) r->grad_fn->name = name;
    return r;
}

/* Gradient for input 'which' of node n with output 'out' and incoming grad g (new ref or NULL). */
static tc_tensor *input_grad(const tc_grad_node *n, tc_tensor *out, tc_tensor *g, int which, tc_error *e) {
    tc_tensor *x = n->inputs[0], *y = n->n > 1 ? n->inputs[1] : NULL;
    tc_tensor *t1 = NULL, *t2 = NULL, *t3 = NULL, *r = NULL;
    switch (n->kind) {
    case TC_G_ADD: return tc_tensor_ref(g);
    case TC_G_SUB: return which ? un(TC_UOP_NEG, g, e) : tc_tensor_ref(g);
    case TC_G_MUL: return mul(g, which ? x : y, e);
    case TC_G_DIV:
        if (!which) return divt(g, y, e);
        t1 = divt(out, y, e);
        t2 = mul(g, t1, e);
        r = un(TC_UOP_NEG, t2, e);
        DROP(t1, t2);
        return r;
    case TC_G_POW_T:
        if (!which && !y->requires_grad && y->ndim == 0 && y->device.type == TC_DEVICE_CPU) {
            /* a number exponent: PyTorch's grad * (e * x.pow(e - 1)), whose pow takes the
             * special forms (products, sqrt, reciprocals) that x ** e takes */
            double ev = tc_load_f64(tc_data_ptr(y), y->dtype);
            if (ev == 0) return zeros_like_shape(x, x->shape, x->ndim, e); /* not 0 * x^-1 */
            t1 = tc_binary_scalar(TC_OP_POW, x, fs(ev - 1.0), e);
            t2 = t1 ? tc_rbinary_scalar(TC_OP_MUL, fs(ev), t1, e) : NULL;
            r = mul(g, t2, e);
            DROP(t1, t2);
            return r;
        }
        if (!which) {
            t1 = tc_binary_scalar(TC_OP_SUB, y, fs(1.0), e);
            t2 = t1 ? tc_binary(TC_OP_POW, x, t1, e) : NULL;
            t3 = mul(t2, y, e);
            r = mul(g, t3, e);
        } else {
            t1 = un(TC_UOP_LOG, x, e);
            t2 = mul(out, t1, e);
            r = mul(g, t2, e);
        }
        DROP(t1, t2, t3);
        return r;
    case TC_G_SOFTMAX: return softmax_grad(n, out, g, e);
    case TC_G_MAXIMUM:
    case TC_G_MINIMUM: {
        tc_tensor *a = which ? y : x, *b = which ? x : y;
        t1 = cmp(n->kind == TC_G_MAXIMUM ? TC_OP_GT : TC_OP_LT, a, b, e);
        t2 = castlike(t1, g, e);
        tc_tensor *eq = cmp(TC_OP_EQ, a, b, e), *eqf = castlike(eq, g, e), *half = muls(eqf, 0.5, e);
        t3 = half && t2 ? tc_binary(TC_OP_ADD, t2, half, e) : NULL;
        r = mul(g, t3, e);
        DROP(t1, t2, t3, eq, eqf, half);
        return r;
    }
    case TC_G_NEG: return un(TC_UOP_NEG, g, e);
    case TC_G_ABS:
        if (tc_dtype_is_complex(x->dtype)) { /* g * sgn(x): x / |x|, 0 where x is 0 */
            t1 = divt(x, out, e);
            t2 = t1 ? tc_binary_scalar(TC_OP_EQ, out, fs(0.0), e) : NULL;
            t3 = t2 ? tc_zeros(NULL, 0, x->dtype, x->device, e) : NULL;
            tc_tensor *sg = t3 ? tc_where(t2, t3, t1, e) : NULL;
            r = mul(g, sg, e);
            DROP(t1, t2, t3, sg);
            return r;
        }
        t1 = un(TC_UOP_SIGN, x, e); r = mul(g, t1, e); DROP(t1); return r;
    case TC_G_EXP: return mul(g, out, e);
    case TC_G_LOG: return divt(g, x, e);
    case TC_G_SQRT: t1 = muls(out, 2.0, e); r = divt(g, t1, e); DROP(t1); return r;
    case TC_G_RELU:
        if (!grad_mode && ((r = tc__pact_backward(TC__PACT_RELU, 0, 0, out, g, e)) || tc_error_is_set(e))) return r;
        t1 = tc_binary_scalar(TC_OP_GT, out, fs(0.0), e);
        t2 = castlike(t1, g, e);
        r = mul(g, t2, e);
        DROP(t1, t2);
        /* create_graph: PyTorch's threshold_backward depends on the output too (with a zero
         * derivative), so the gradient requires grad even for a constant incoming one */
        if (r && grad_mode && !r->requires_grad && out->requires_grad &&
            tc__grad_record(r, "ThresholdBackwardBackward0", TC_G_ZEROGRAD, out, NULL, NULL, NULL, e)) {
            tc_tensor_unref(r);
            return NULL;
        }
        return named_grad(r, "ThresholdBackwardBackward0");
    case TC_G_SIGMOID: /* (g * (1 - y)) * y, in PyTorch's order of roundings */
        if (!grad_mode && ((r = tc__pact_backward(TC__PACT_SIGMOID, 0, 0, out, g, e)) || tc_error_is_set(e))) return r;
        t1 = out ? tc_rbinary_scalar(TC_OP_SUB, fs(1.0), out, e) : NULL;
        t2 = mul(g, t1, e);
        r = mul(t2, out, e);
        DROP(t1, t2);
        return named_grad(r, "SigmoidBackwardBackward0");
    case TC_G_TANH:
        if (!grad_mode && ((r = tc__pact_backward(TC__PACT_TANH, 0, 0, out, g, e)) || tc_error_is_set(e))) return r;
        if (grad_mode) { /* create_graph: 1 - y*y from recording ops, so it differentiates */
            t1 = mul(out, out, e);
            t2 = t1 ? tc_rbinary_scalar(TC_OP_SUB, fs(1.0), t1, e) : NULL;
        } else {
            t2 = tc_dtype_is_float(out->dtype) ? one_minus_sq(out, e) : NULL;
        }
        r = mul(g, t2, e);
        DROP(t1, t2);
        return named_grad(r, "TanhBackwardBackward0");
    case TC_G_SIN: t1 = un(TC_UOP_COS, x, e); r = mul(g, t1, e); DROP(t1); return r;
    case TC_G_COS: t1 = un(TC_UOP_SIN, x, e); t2 = un(TC_UOP_NEG, t1, e); r = mul(g, t2, e); DROP(t1, t2); return r;
    case TC_G_RSQRT:
        t1 = mul(out, out, e); t2 = mul(t1, out, e); t3 = muls(t2, -0.5, e); r = mul(g, t3, e);
        DROP(t1, t2, t3);
        return r;
    case TC_G_LOG2: t1 = muls(x, M_LN2, e); r = divt(g, t1, e); DROP(t1); return r;
    case TC_G_LOG10: t1 = muls(x, M_LN10, e); r = divt(g, t1, e); DROP(t1); return r;
    case TC_G_SQUARE: t1 = muls(x, 2.0, e); r = mul(g, t1, e); DROP(t1); return r;
    case TC_G_RECIPROCAL: t1 = mul(out, out, e); t2 = un(TC_UOP_NEG, t1, e); r = mul(g, t2, e); DROP(t1, t2); return r;
    case TC_G_SUM: return expand_reduced(n, x, g, e);
    case TC_G_MEAN: {
        int64_t cnt = 1;
        for (int i = 0; i < n->args.ndims; i++) cnt *= x->shape[n->args.dims[i]];
        t1 = expand_reduced(n, x, g, e); /* PyTorch divides (a multiply by 1/n rounds differently) */
        r = t1 ? tc_binary_scalar(TC_OP_DIV, t1, fs((double)cnt), e) : NULL;
        DROP(t1);
        return r;
    }
    case TC_G_PROD: t1 = divt(out, x, e); r = mul(g, t1, e); DROP(t1); return r;
    case TC_G_AMAXMIN: { /* ties share the gradient, per reduced slice (amax/amin over dims) */
        tc_tensor *ok = tc_tensor_ref(out), *gk = tc_tensor_ref(g);
        for (int i = 0; !n->args.b && i < n->args.ndims && ok && gk; i++) {
            tc_tensor *u1 = tc_unsqueeze(ok, n->args.dims[i], e), *u2 = tc_unsqueeze(gk, n->args.dims[i], e);
            DROP(ok, gk);
            ok = u1;
            gk = u2;
        }
        t1 = cmp(TC_OP_EQ, x, ok, e);
        t2 = castlike(t1, g, e);
        t3 = t2 ? tc_reduce(TC_RED_SUM, t2, n->args.dims, n->args.ndims, true, e) : NULL;
        tc_tensor *gd = divt(gk, t3, e);
        r = mul(t2, gd, e);
        DROP(t1, t2, t3, gd, ok, gk);
        return r;
    }
    case TC_G_INDEX: return grad_maxmin_dim(n, x, g, e);
    case TC_G_INDEX_MASK: {
        tc_tensor *z = zeros_like_shape(g, x->shape, x->ndim, e);
        if (z && tc_index_mask_put_(z, n->saved, g, e) != 0) {
            tc_tensor_unref(z);
            z = NULL;
        }
        return z;
    }
    case TC_G_INDEX_SEL: return index_sel_grad(n, x, g, e);
    case TC_G_INDEX_ADV: return tc__index_backward(x, g, n->saved, &n->args, e);
    case TC_G_COPYSLICES:
    case TC_G_INDEX_PUT: return tc__setitem_backward(n->saved, n->inputs[which], g, which, e);
    case TC_G_MM:
        t1 = tc_transpose(which ? x : y, -1, -2, e);
        r = t1 ? (which ? tc_matmul(t1, g, e) : tc_matmul(g, t1, e)) : NULL;
        DROP(t1);
        return r;
    case TC_G_DOT: return mul(g, which ? x : y, e);
    case TC_G_MV:
        if (which) {
            t1 = tc_t(x, e);
            r = t1 ? tc_matmul(t1, g, e) : NULL;
            DROP(t1);
            return r;
        }
        t1 = tc_unsqueeze(g, 1, e);
        t2 = t1 ? tc_unsqueeze(y, 0, e) : NULL;
        r = mul(t1, t2, e);
        DROP(t1, t2);
        return r;
    case TC_G_VIEW: return tc_reshape(g, n->args.shape, n->args.ndim, e);
    case TC_G_EXPAND: return tc__sum_to(g, n->args.shape, n->args.ndim, e);
    case TC_G_CLONE: return tc_tensor_ref(g);
    case TC_G_TOCOPY: return tc_to(g, n->args.dtype, n->args.device, ".to()", e);
    case TC_G_CLAMP: { /* g strictly inside the bounds, +0 elsewhere (at a bound, NaN) */
        tc_tensor *lo = n->args.has_lo ? tc_binary_scalar(TC_OP_GT, x, fs(n->args.lo), e) : NULL;
        tc_tensor *hi = n->args.has_hi ? tc_binary_scalar(TC_OP_LT, x, fs(n->args.hi), e) : NULL;
        tc_tensor *m = lo && hi ? cmp(TC_OP_LOGICAL_AND, lo, hi, e) : tc_tensor_ref(lo ? lo : hi);
        t1 = m ? tc_zeros(NULL, 0, g->dtype, g->device, e) : NULL;
        r = t1 ? tc_where(m, g, t1, e) : NULL;
        DROP(lo, hi, m, t1);
        return r;
    }
    case TC_G_PERMUTE: return n->args.ndims ? inverse_permute(n, g, e) : tc_tensor_ref(g);
    case TC_G_SELECT:
    case TC_G_SLICE: {
        r = scatter_view(n, x, g, e);
        /* create_graph: the scatter is linear in g; its node hands back the same view */
        bool sel = n->kind == TC_G_SELECT;
        if (r && grad_mode && g->requires_grad &&
            tc__grad_record(r, sel ? "SelectBackwardBackward0" : "SliceBackwardBackward0",
                            sel ? TC_G_SELECT_BWD : TC_G_SLICE_BWD, g, NULL, NULL, &n->args, e)) {
            tc_tensor_unref(r);
            return NULL;
        }
        return r;
    }
    case TC_G_VAR: { /* PyTorch's var_backward: (2 / (N - correction)) * g * (x - x.mean(dims, keepdim)) */
        tc_tensor *gk = tc_tensor_ref(g);
        if (n->args.a) { /* std_backward: g / (2 * std), 0 where std is 0 */
            t1 = muls(out, 2.0, e);
            t2 = divt(gk, t1, e);
            t3 = t1 ? tc_binary_scalar(TC_OP_EQ, out, fs(0.0), e) : NULL;
            tc_tensor *z = t3 ? tc_zeros(NULL, 0, g->dtype, g->device, e) : NULL;
            tc_tensor *w = z && t2 ? tc_where(t3, z, t2, e) : NULL;
            DROP(gk, t1, t2, t3, z);
            gk = w;
            t1 = t2 = t3 = NULL;
        }
        for (int i = 0; gk && !n->args.b && x->ndim && i < n->args.ndims; i++) {
            tc_tensor *u = tc_unsqueeze(gk, n->args.dims[i], e);
            tc_tensor_unref(gk);
            gk = u;
        }
        int64_t cnt = 1;
        if (!n->args.ndims) cnt = tc_numel(x);
        for (int i = 0; i < n->args.ndims; i++) cnt *= x->ndim ? x->shape[n->args.dims[i]] : 1;
        t1 = gk ? tc_rbinary_scalar(TC_OP_MUL, fs(2.0 / ((double)cnt - n->args.scalar)), gk, e) : NULL;
        t2 = t1 ? tc_reduce(TC_RED_MEAN, x, n->args.dims, n->args.ndims, true, e) : NULL;
        t3 = cmp(TC_OP_SUB, x, t2, e);
        r = mul(t1, t3, e);
        DROP(gk, t1, t2, t3);
        return r;
    }
    case TC_G_SELECT_BWD: return tc_select(g, (int)n->args.c, n->args.a, e);
    case TC_G_SLICE_BWD:
        return tc_slice(g, (int)n->args.c, n->args.a, n->args.a + n->args.b * x->shape[n->args.c], n->args.b, e);
    case TC_G_WHERE: {
        tc_tensor *z = tc_zeros(NULL, 0, g->dtype, g->device, e);
        r = z ? (which ? tc_where(n->saved, z, g, e) : tc_where(n->saved, g, z, e)) : NULL;
        DROP(z);
        return r;
    }
    case TC_G_CAT: {
        int d = (int)n->args.c;
        int64_t pos = 0;
        for (int i = 0; i < which; i++)
            if (!(n->inputs[i]->ndim == 1 && n->inputs[i]->shape[0] == 0)) pos += n->inputs[i]->shape[d];
        tc_tensor *in = n->inputs[which];
        if (in->ndim == 1 && in->shape[0] == 0) return tc_zeros(in->shape, 1, g->dtype, g->device, e);
        return tc_slice(g, d, pos, pos + in->shape[d], 1, e);
    }
    case TC_G_STACK: return tc_select(g, (int)n->args.c, which, e);
    case TC_G_ZEROGRAD: return tc_zeros(x->shape, x->ndim, g->dtype, g->device, e);
    case TC_G_LINALG: return tc__linalg_grad(n, out, g, which, e);
    case TC_G_SPECIAL: return tc__special_grad(n, out, g, which, e);
    case TC_G_FFT: return tc__fft_grad(n, out, g, which, e);
    case TC_G_NLL:
        return tc__nll_loss_backward(x, n->saved, n->extra[0], g, n->args.a, (int)n->args.b, n->args.scalar, e);
    case TC_G_UFUNC: return ufunc_grad((tc_unary_op)n->args.a, x, out, g, e);
    case TC_G_ACT: return tc__act_grad(&n->args, x, g, grad_mode, e);
    case TC_G_ATAN2: { /* d/da = b / (a^2 + b^2), d/db = -a / (a^2 + b^2) */
        t1 = mul(x, x, e);
        t2 = mul(y, y, e);
        t3 = t1 && t2 ? tc_binary(TC_OP_ADD, t1, t2, e) : NULL;
        tc_tensor *q = divt(which ? x : y, t3, e);
        tc_tensor *gq = mul(g, q, e);
        r = which ? un(TC_UOP_NEG, gq, e) : tc_tensor_ref(gq);
        DROP(t1, t2, t3, q, gq);
        return r;
    }
    case TC_G_HYPOT: /* d/da = a / out, d/db = b / out, as PyTorch's grad * a / result */
        t1 = mul(g, which ? y : x, e);
        r = divt(t1, out, e);
        DROP(t1);
        return r;
    case TC_G_CUMSUM: return tc__reverse_cumsum(g, (int)n->args.c, e);
    case TC_G_CONV: return tc__conv_backward(n->inputs, &n->args, g, which, e);
    case TC_G_POOL: return tc__pool_backward(x, n->saved, &n->args, g, e);
    case TC_G_UPSAMPLE: return tc__upsample_backward(x, &n->args, g, e);
    case TC_G_UPSAMPLE_BWD: return tc__upsample_double(&n->args, g, e);
    case TC_G_CUMPROD: return tc__cumprod_backward(x, out, g, (int)n->args.c, e);
    case TC_G_FMOD: /* d/da = 1, d/db = -trunc(a / b) */
        if (!which) return tc_tensor_ref(g);
        t1 = divt(x, y, e);
        t2 = t1 ? tc_trunc(t1, e) : NULL;
        t3 = mul(g, t2, e);
        r = un(TC_UOP_NEG, t3, e);
        DROP(t1, t2, t3);
        return r;
    default: break;
    }
    tc_error_set(e, TC_EXC_RUNTIME, "derivative for %s is not implemented", n->name);
    return NULL;
}

/* ---- tensor hooks ------------------------------------------------------------------------ */

struct tc_grad_hook {
    int id;
    tc_grad_hook_fn fn;
    void *ctx;
    void (*ctx_free)(void *ctx);
    struct tc_grad_hook *next;
};

int tc_tensor_add_hook(tc_tensor *t, tc_grad_hook_fn fn, void *ctx, void (*ctx_free)(void *ctx), tc_error *err) {
    static int next_id = 1;
    if (!t->requires_grad)
        return tc_error_set(err, TC_EXC_RUNTIME, "cannot register a hook on a tensor that doesn't require gradient");
    struct tc_grad_hook *h = tc__calloc(1, sizeof *h);
    if (!h) return tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
    *h = (struct tc_grad_hook){next_id++, fn, ctx, ctx_free, NULL};
    struct tc_grad_hook **tail = &t->hooks; /* hooks run in registration order */
    while (*tail) tail = &(*tail)->next;
    *tail = h;
    return h->id;
}

static void hook_free(struct tc_grad_hook *h) {
    if (h->ctx_free) h->ctx_free(h->ctx);
    tc__free(h);
}

void tc_tensor_remove_hook(tc_tensor *t, int id) {
    for (struct tc_grad_hook **p = &t->hooks; *p; p = &(*p)->next) {
        if ((*p)->id == id) {
            struct tc_grad_hook *h = *p;
            *p = h->next;
            hook_free(h);
            return;
        }
    }
}

void tc__tensor_hooks_free(tc_tensor *t) {
    while (t->hooks) {
        struct tc_grad_hook *h = t->hooks;
        t->hooks = h->next;
        hook_free(h);
    }
}

/* Run t's hooks over *g in order; each result replaces *g (a new reference). */
static int run_hooks(tc_tensor *t, tc_tensor **g, tc_error *err) {
    for (struct tc_grad_hook *h = t->hooks; h; h = h->next) {
        tc_tensor *r = h->fn(h->ctx, *g, err);
        if (!r) return -1;
        if (r->ndim != t->ndim || memcmp(r->shape, t->shape, sizeof(int64_t) * (size_t)t->ndim)) {
            tc_tensor_unref(r);
            return tc_error_set(err, TC_EXC_RUNTIME, "hook 'hook' has changed the size of value");
        }
        tc_tensor_unref(*g);
        *g = r;
    }
    return 0;
}

/* ---- the engine ---------------------------------------------------------------------------- */

/* One tensor of the graph in post order: its gradient being summed, whether the run needs
 * it (it leads to a requested input), and which requested input it is (-1: none). */
typedef struct gentry {
    tc_tensor *t;
    tc_tensor *g;
    bool needed;
    int input;
} gentry;

/* The graph's tensors in post order (inputs before the tensors computed from them), with an
 * open-addressing index from tensor to position: graphs of 10^5 nodes must stay linear. */
typedef struct gorder {
    gentry *v;
    int n, cap;
    int *slot; /* position + 1, 0 empty; size nslot (a power of two) */
    int nslot;
} gorder;

static size_t ptr_hash(const void *p) {
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x;
}

static int find(const gorder *o, const tc_tensor *t) {
    if (!o->nslot) return -1;
    for (size_t i = ptr_hash(t) & (size_t)(o->nslot - 1);; i = (i + 1) & (size_t)(o->nslot - 1)) {
        int s = o->slot[i];
        if (!s) return -1;
        if (o->v[s - 1].t == t) return s - 1;
    }
}

static void index_put(gorder *o, int pos) {
    size_t i = ptr_hash(o->v[pos].t) & (size_t)(o->nslot - 1);
    while (o->slot[i]) i = (i + 1) & (size_t)(o->nslot - 1);
    o->slot[i] = pos + 1;
}

static int push(gorder *o, tc_tensor *t, tc_error *err) {
    if (o->n == o->cap) {
        int cap = o->cap ? o->cap * 2 : 32;
        gentry *v = tc_reallocarray(o->v, (size_t)cap, sizeof *v);
        if (!v) return tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
        o->v = v;
        o->cap = cap;
    }
    if (2 * (o->n + 1) > o->nslot) { /* keep the index at most half full */
        int ns = o->nslot ? o->nslot * 2 : 64;
        int *slot = tc_calloc((size_t)ns, sizeof *slot);
        if (!slot) return tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
        tc_free(o->slot);
        o->slot = slot;
        o->nslot = ns;
        for (int i = 0; i < o->n; i++) index_put(o, i);
    }
    o->v[o->n] = (gentry){t, NULL, false, -1};
    index_put(o, o->n++);
    return 0;
}

/* Post-order DFS from root with an explicit stack (deep graphs must not overflow the C
 * stack); tensors already in o (reached from an earlier root or path) are not visited
 * again. A tensor cannot be met again while it is on the stack: that would be a cycle. */
static int topo(gorder *o, tc_tensor *root, tc_error *err) {
    if (find(o, root) >= 0) return 0;
    typedef struct frame { tc_tensor *t; int next; } frame;
    int cap = 64, sp = 0;
    frame *st = tc_reallocarray(NULL, (size_t)cap, sizeof *st);
    if (!st) return tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
    st[sp++] = (frame){root, 0};
    int rc = 0;
    while (sp > 0 && rc == 0) {
        frame *f = &st[sp - 1];
        tc_grad_node *gn = f->t->grad_fn;
        if (gn && f->next < gn->n) {
            tc_tensor *c = input_vertex(gn, f->next++);
            if (!c || !c->requires_grad || find(o, c) >= 0) continue;
            if (sp == cap) {
                cap *= 2;
                frame *ns = tc_reallocarray(st, (size_t)cap, sizeof *st);
                if (!ns) { rc = tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory"); break; }
                st = ns;
            }
            st[sp++] = (frame){c, 0};
            continue;
        }
        rc = push(o, f->t, err);
        sp--;
    }
    tc_free(st);
    return rc;
}

/* PyTorch's can_accumulate_inplace: a buffer that nothing else can see (the last reference
 * to the tensor and to its storage, dense) takes the next gradient in place when no graph
 * is being recorded; the sum is the same, without a new tensor. */
static bool accumulate_inplace(const tc_tensor *buf, const tc_tensor *g) {
    return !grad_mode && buf->layout == TC_LAYOUT_STRIDED && g->layout == TC_LAYOUT_STRIDED &&
           buf->dtype == g->dtype && buf->ndim == g->ndim && !buf->requires_grad && !buf->hooks &&
           memcmp(buf->shape, g->shape, (size_t)g->ndim * sizeof *g->shape) == 0 &&
           atomic_load_explicit(&buf->refcount, memory_order_acquire) == 1 &&
           tc__storage_sole(buf->storage) && tc_is_contiguous(buf);
}

static int accumulate(tc_tensor **slot, tc_tensor *g, tc_error *err) {
    if (!*slot) {
        *slot = tc_tensor_ref(g);
        return 0;
    }
    if (accumulate_inplace(*slot, g)) return tc_binary_(TC_OP_ADD, *slot, g, err);
    tc_tensor *s = tc_binary(TC_OP_ADD, *slot, g, err);
    if (!s) return -1;
    tc_tensor_unref(*slot);
    *slot = s;
    return 0;
}

/* The leaf's .grad gets the leaf's own memory order (PyTorch's gradient layout contract);
 * later gradients are added into that same tensor, as PyTorch's AccumulateGrad does. With
 * create_graph (grad mode on) the gradient keeps its history: the first one is a copy
 * recorded as CopyBackwards, later ones are added out of place (AddBackward0). */
static int to_leaf(tc_tensor *leaf, tc_tensor *g, tc_error *err) {
    if (!grad_mode && leaf->grad && !leaf->grad->requires_grad && leaf->grad->layout == TC_LAYOUT_STRIDED)
        return tc_binary_(TC_OP_ADD, leaf->grad, g, err);
    if (grad_mode && leaf->grad) {
        int r = accumulate(&leaf->grad, g, err);
        tc__cycles_track(leaf);
        return r;
    }
    tc_tensor *own = tc__tensor_new_like(leaf->shape, leaf->ndim, leaf->dtype, leaf->device, &leaf, 1, err);
    if (own && tc_copy_(own, g, err) != 0) {
        tc_tensor_unref(own);
        own = NULL;
    }
    if (own && grad_mode && g->requires_grad && tc__grad_record(own, "CopyBackwards", TC_G_CLONE, g, NULL, NULL, NULL, err)) {
        tc_tensor_unref(own);
        own = NULL;
    }
    if (!own) return -1;
    int r = accumulate(&leaf->grad, own, err);
    tc_tensor_unref(own);
    tc__cycles_track(leaf);
    return r;
}

/* Whether PyTorch's node for this kind keeps saved tensors (freed after a backward). */
static bool keeps_saved(tc__gkind k) {
    switch (k) {
    case TC_G_ADD: case TC_G_SUB: case TC_G_NEG: case TC_G_SUM: case TC_G_MEAN: case TC_G_VIEW:
    case TC_G_EXPAND: case TC_G_CLONE: case TC_G_TOCOPY: case TC_G_PERMUTE: case TC_G_SELECT:
    case TC_G_SLICE: case TC_G_CAT: case TC_G_STACK: case TC_G_ZEROGRAD: case TC_G_COPYSLICES:
    case TC_G_CUMSUM: case TC_G_SELECT_BWD: case TC_G_SLICE_BWD:
        return false;
    default:
        return true;
    }
}

/* Kinds whose gradient formula is built from recording ops only, so that with create_graph
 * the gradient is itself differentiable (the others write into fresh tensors in place). */
static bool formula_differentiable(tc__gkind k) {
    switch (k) {
    case TC_G_INDEX_MASK: case TC_G_INDEX_SEL: case TC_G_INDEX_ADV:
    case TC_G_COPYSLICES: case TC_G_INDEX_PUT: case TC_G_CUMSUM: case TC_G_CUMPROD: case TC_G_NLL:
        return false;
    default:
        return true;
    }
}

int tc_retain_grad(tc_tensor *t, tc_error *err) {
    if (!t->requires_grad)
        return tc_error_set(err, TC_EXC_RUNTIME, "can't retain_grad on Tensor that has requires_grad=False");
    if (t->grad_fn) t->retains_grad = true;
    return 0;
}

/* One run of the engine: what the caller asked for. */
typedef struct grun {
    bool accumulate;   /* backward(): sum into .grad of leaves (or of 'inputs' when given) */
    bool create_graph; /* record the gradient computation (grad mode on while it runs) */
    tc_tensor **captured; /* autograd.grad(): per input, the gradient (new reference) */
    bool filtered;     /* inputs given: only they receive gradients */
} grun;

static const char *const SECOND_TIME =
    "Trying to backward through the graph a second time (or directly access saved tensors after they have already "
    "been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). "
    "Specify retain_graph=True if you need to backward through the graph a second time or if you need to access "
    "saved tensors after calling backward.";

/* Whether node n, a convolution (not transposed), has both its input's and its weight's
 * gradients to make from a g that is not contiguous: each reads g contiguous (conv.c's
 * tc__conv_backward), so one copy serves both (the expanded ones of y.sum() among others).
 * The bias's sum reads g as it is. */
static bool conv_reads_dense(const tc_grad_node *n, const tc_tensor *g, const gorder *o) {
    if (n->kind != TC_G_CONV || n->args.b || tc_is_contiguous(g)) return false;
    for (int k = 0; k < 2; k++) {
        tc_tensor *in = k < n->n ? input_vertex(n, k) : NULL;
        int j = in && in->requires_grad ? find(o, in) : -1;
        if (j < 0 || !o->v[j].needed) return false;
    }
    return true;
}

static int propagate(gorder *o, int i, const grun *run, tc_error *err) {
    gentry *en = &o->v[i];
    tc_tensor *t = en->t;
    if (!en->g || !en->needed) return 0;
    if (t->hooks && run_hooks(t, &en->g, err)) return -1;
    tc_tensor *g = en->g;
    tc_grad_node *n = t->grad_fn;
    if (en->input >= 0 && run->captured) {
        tc_tensor_unref(run->captured[en->input]);
        run->captured[en->input] = tc_tensor_ref(g);
    }
    bool into_grad = run->accumulate && (run->filtered ? en->input >= 0 : !n);
    if (n && t->retains_grad && !into_grad && to_leaf(t, g, err)) return -1;
    if (into_grad && to_leaf(t, g, err)) return -1;
    if (!n) return 0;
    if (n->released && keeps_saved(n->kind)) return tc_error_set(err, TC_EXC_RUNTIME, "%s", SECOND_TIME);
    if (check_saved(t, n, err)) return -1;
    tc_tensor *dense = NULL; /* g made contiguous once for a convolution's input and weight */
    int rc = 0;
    for (int k = 0; k < n->n && !rc; k++) {
        tc_tensor *in = input_vertex(n, k);
        if (!in || !in->requires_grad) continue;
        int j = find(o, in);
        if (j < 0 || !o->v[j].needed) continue;
        tc_tensor *gi;
        if (n->kind == TC_G_CUSTOM) {
            bool none = false;
            gi = custom_input_grad(n, g, k, &none, err);
            if (none) continue;
        } else {
            if (k < 2 && conv_reads_dense(n, g, o) && !dense && !(dense = tc_contiguous(g, err))) {
                rc = -1;
                break;
            }
            gi = input_grad(n, t, k < 2 && dense ? dense : g, k, err);
        }
        if (!gi) {
            rc = -1;
            break;
        }
        if (run->create_graph && !formula_differentiable(n->kind) && g->requires_grad && !gi->requires_grad) {
            tc_tensor_unref(gi);
            rc = tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                              "the derivative of %s is not implemented for create_graph=True", n->name);
            break;
        }
        tc_tensor *fit = tc__sum_to(gi, in->shape, in->ndim, err);
        tc_tensor_unref(gi);
        rc = fit ? accumulate(&o->v[j].g, fit, err) : -1;
        tc_tensor_unref(fit);
    }
    tc_tensor_unref(dense);
    if (rc) return -1;
    if (n->custom) { /* every input served: the cached gradients go */
        tc_tensor *dead = NULL;
        custom_grads_drop(n, &dead);
        tc__tensor_free_dead(dead);
    }
    return 0;
}

/* torch.autograd's _make_grads and the engine's checks for output i, in PyTorch's order. */
static int check_output(tc_tensor *t, tc_tensor *gradient, int i, tc_error *err) {
    if (gradient && (gradient->ndim != t->ndim || memcmp(gradient->shape, t->shape, sizeof(int64_t) * (size_t)t->ndim))) {
        char a[256], b[256];
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Mismatch in shape: grad_output[%d] has a shape of torch.Size(%s) and output[%d] "
                            "has a shape of torch.Size(%s).",
                            i, tc__shape_str(gradient->shape, gradient->ndim, a, sizeof a), i,
                            tc__shape_str(t->shape, t->ndim, b, sizeof b));
    }
    if (!gradient && t->requires_grad && tc_numel(t) != 1)
        return tc_error_set(err, TC_EXC_RUNTIME, "grad can be implicitly created only for scalar outputs");
    return 0;
}

static int check_requires(tc_tensor *t, int i, tc_tensor *gradient, tc_error *err) {
    if (!t->requires_grad)
        return tc_error_set(err, TC_EXC_RUNTIME, "element %d of tensors does not require grad and does not have a grad_fn", i);
    if (gradient && !tc_device_eq(gradient->device, t->device) && gradient->ndim != 0) {
        char a[32], b[32];
        return tc_error_set(err, TC_EXC_RUNTIME, "invalid gradient at index %d - expected device %s but got %s", i,
                            tc_device_str(t->device, a, sizeof a), tc_device_str(gradient->device, b, sizeof b));
    }
    return 0;
}

/* The engine: seeds each output with its gradient (ones when NULL), walks the graph in
 * reverse post order and hands gradients to leaves (run->accumulate) or to the requested
 * inputs (run->captured). Only the tensors that lead to a requested input are visited
 * when inputs are given. */
static int engine(tc_tensor **outs, tc_tensor **grads, int nout, tc_tensor **inputs, int nin, bool retain_graph,
                  grun *run, tc_error *err) {
    for (int i = 0; i < nout; i++)
        if (check_output(outs[i], grads ? grads[i] : NULL, i, err)) return -1;
    for (int i = 0; i < nout; i++)
        if (check_requires(outs[i], i, grads ? grads[i] : NULL, err)) return -1;
    gorder o = {0};
    bool was = grad_mode;
    grad_mode = run->create_graph;
    int r = 0;
    for (int i = 0; r == 0 && i < nout; i++) r = topo(&o, outs[i], err);
    for (int k = 0; r == 0 && k < nin; k++) {
        int j = find(&o, inputs[k]);
        if (j >= 0 && o.v[j].input < 0) o.v[j].input = k;
    }
    /* post order: a tensor is needed when it is requested or one of its node's inputs is */
    for (int i = 0; r == 0 && i < o.n; i++) {
        gentry *en = &o.v[i];
        en->needed = !run->filtered || en->input >= 0;
        tc_grad_node *n = en->t->grad_fn;
        for (int k = 0; n && !en->needed && k < n->n; k++) {
            tc_tensor *in = input_vertex(n, k);
            int j = in ? find(&o, in) : -1;
            en->needed = j >= 0 && o.v[j].needed;
        }
    }
    for (int i = 0; r == 0 && i < nout; i++) {
        tc_tensor *t = outs[i], *gr = grads ? grads[i] : NULL;
        tc_tensor *seed = gr ? tc_to(gr, t->dtype, t->device, ".to()", err) : tc_ones(t->shape, t->ndim, t->dtype, t->device, err);
        r = seed ? accumulate(&o.v[find(&o, t)].g, seed, err) : -1;
        tc_tensor_unref(seed);
    }
    for (int i = o.n - 1; r == 0 && i >= 0; i--) {
        r = propagate(&o, i, run, err);
        if (r == 0) r = tc_interrupt_check(err);
    }
    for (int i = 0; r == 0 && !retain_graph && i < o.n; i++)
        if (o.v[i].needed && o.v[i].t->grad_fn) o.v[i].t->grad_fn->released = true;
    for (int i = 0; i < o.n; i++) tc_tensor_unref(o.v[i].g);
    tc_free(o.v);
    tc_free(o.slot);
    grad_mode = was;
    return r;
}

/* t.backward() for a one-element t: accumulates into the leaves' .grad. */
int tc_backward(tc_tensor *t, tc_error *err) { return tc_backward_ex(t, NULL, false, err); }

/* t.backward(gradient, retain_graph). */
int tc_backward_ex(tc_tensor *t, tc_tensor *gradient, bool retain_graph, tc_error *err) {
    tc_tensor *g[1] = {gradient};
    return tc_autograd_backward(&t, g, 1, retain_graph, false, NULL, 0, err);
}

int tc_autograd_backward(tc_tensor **outs, tc_tensor **grads, int nout, bool retain_graph, bool create_graph,
                         tc_tensor **inputs, int nin, tc_error *err) {
    grun run = {.accumulate = true, .create_graph = create_graph, .filtered = inputs != NULL};
    if (inputs && nin == 0) return tc_error_set(err, TC_EXC_RUNTIME, "`inputs` argument to `backward()` cannot be empty.");
    for (int k = 0; k < nin; k++)
        if (!inputs[k]->requires_grad)
            return tc_error_set(err, TC_EXC_RUNTIME, "One of the differentiated Tensors does not require grad");
    return engine(outs, grads, nout, inputs, nin, retain_graph, &run, err);
}

int tc_autograd_grad(tc_tensor **outs, tc_tensor **grads, int nout, tc_tensor **inputs, int nin, bool retain_graph,
                     bool create_graph, bool allow_unused, tc_tensor **results, tc_error *err) {
    if (nin == 0) return tc_error_set(err, TC_EXC_RUNTIME, "`inputs` argument to `grad()` cannot be empty.");
    for (int k = 0; k < nin; k++) results[k] = NULL;
    for (int i = 0; i < nout; i++) {
        if (check_output(outs[i], grads ? grads[i] : NULL, i, err)) return -1;
    }
    for (int i = 0; i < nout; i++)
        if (check_requires(outs[i], i, grads ? grads[i] : NULL, err)) return -1;
    for (int k = 0; k < nin; k++)
        if (!inputs[k]->requires_grad)
            return tc_error_set(err, TC_EXC_RUNTIME, "One of the differentiated Tensors does not require grad");
    grun run = {.accumulate = false, .create_graph = create_graph, .captured = results, .filtered = true};
    int r = engine(outs, grads, nout, inputs, nin, retain_graph, &run, err);
    for (int k = 0; r == 0 && k < nin; k++) {
        if (!results[k]) {
            /* a repeated input gets the first one's gradient */
            for (int j = 0; j < k && !results[k]; j++)
                if (inputs[j] == inputs[k]) results[k] = tc_tensor_ref(results[j]);
        }
        if (!results[k] && !allow_unused)
            r = tc_error_set(err, TC_EXC_RUNTIME,
                             "The differentiated Tensor at index %d appears to not have been used in the graph. "
                             "Set allow_unused=True if this is the desired behavior.", k);
    }
    if (r) {
        for (int k = 0; k < nin; k++) {
            tc_tensor_unref(results[k]);
            results[k] = NULL;
        }
    }
    return r;
}
