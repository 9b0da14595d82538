/*
 * torch.autograd as the notebook sees it: torch.autograd.grad / backward over the engine in
 * tensorcore/src/autograd.c, Tensor.register_hook with its RemovableHandle, and the grad
 * mode objects (no_grad, enable_grad, set_grad_enabled, inference_mode) as context managers
 * and as decorators.
 */
#include "torch-impl.h"

static bool absent(kn_obj *o) { return !o || kn_is(o, &kn_type_none); }

/* ---- tensor sequences ------------------------------------------------------------------------ */

/* The tensors of 'o' (a Tensor, or any iterable of Tensors; with allow_none, None entries
 * stay NULL): *out is a tc_malloc'd array of borrowed pointers, kept alive by *keep (a list
 * holding the items, new reference). PyTorch's TypeError for what is not iterable. */
static int tensor_seq(kn_obj *o, const char *what, bool allow_none, tc_tensor ***out, int *n, kn_obj **keep,
                      kn_err *err) {
    *out = NULL;
    *n = 0;
    *keep = kn_list_new(0);
    if (!*keep) return kn_nomem(err);
    if (kn_is_tensor(o)) {
        if (kn_list_append(*keep, o) < 0) return kn_nomem(err);
    } else {
        kn_obj *it = kn_iter(o, err);
        if (!it) {
            if (err->type == TC_EXC_TYPE) { /* PyTorch's words; MemoryError stays */
                tc_error_clear(err);
                tc_error_set(err, TC_EXC_TYPE, "'%s' object is not iterable", kn_type_name(o));
            }
            return -1;
        }
        kn_obj *x;
        while ((x = kn_next(it, err))) {
            int r = kn_list_append(*keep, x);
            kn_decref(x);
            if (r < 0) {
                kn_decref(it);
                return kn_nomem(err);
            }
        }
        kn_decref(it);
        if (tc_error_is_set(err)) return -1;
    }
    int64_t len = kn_list_len(*keep);
    kn_obj **items = kn_list_items(*keep);
    *out = tc_calloc((size_t)(len ? len : 1), sizeof **out);
    if (!*out) return kn_nomem(err);
    for (int64_t i = 0; i < len; i++) {
        if (allow_none && kn_is(items[i], &kn_type_none)) continue;
        if (!kn_is_tensor(items[i])) {
            tc_error_set(err, TC_EXC_TYPE, "%s must be Tensors%s, but got %s", what, allow_none ? " or None" : "",
                         kn_type_name(items[i]));
            return -1;
        }
        (*out)[i] = kn_tensor_unwrap(items[i]);
    }
    *n = (int)len;
    return 0;
}

/* The gradients for nout outputs: None (all implicit), a Tensor or a sequence, whose length
 * must match ("got 2 tensors and 1 gradients"). *grads NULL when all are implicit. */
static int grad_seq(kn_obj *o, int nout, tc_tensor ***grads, kn_obj **keep, kn_err *err) {
    *grads = NULL;
    *keep = NULL;
    if (absent(o)) return 0;
    int n;
    if (tensor_seq(o, "gradients", true, grads, &n, keep, err) < 0) return -1;
    if (n != nout) {
        tc_error_set(err, TC_EXC_RUNTIME, "got %d tensors and %d gradients", nout, n);
        return -1;
    }
    return 0;
}

/* torch.autograd.grad(outputs, inputs, grad_outputs=None, retain_graph=None,
 * create_graph=False, only_inputs=True, allow_unused=None, is_grads_batched=False,
 * materialize_grads=False) */
static kn_obj *f_grad(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"outputs",      "inputs",          "grad_outputs",
                                        "retain_graph", "create_graph",    "only_inputs",
                                        "allow_unused", "is_grads_batched", "materialize_grads"};
    kn_obj *v[9];
    if (kn_args_bind(a, "grad", names, 9, 2, v, err) < 0) return NULL;
    bool create = false, allow_unused = false, materialize = false, batched = false, retain;
    if ((!absent(v[4]) && kn__to_bool(v[4], &create, err) < 0) ||
        (!absent(v[6]) && kn__to_bool(v[6], &allow_unused, err) < 0) ||
        (!absent(v[7]) && kn__to_bool(v[7], &batched, err) < 0) ||
        (!absent(v[8]) && kn__to_bool(v[8], &materialize, err) < 0))
        return NULL;
    retain = create; /* retain_graph defaults to create_graph */
    if (!absent(v[3]) && kn__to_bool(v[3], &retain, err) < 0) return NULL;
    if (batched) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "grad(is_grads_batched=True) is not supported");
        return NULL;
    }
    if (materialize && !absent(v[6]) && !allow_unused) {
        tc_error_set(err, TC_EXC_VALUE, "Expected allow_unused to be True or not passed when materialize_grads=True, "
                                        "but got: allow_unused=False.");
        return NULL;
    }
    if (materialize) allow_unused = true;
    tc_tensor **outs = NULL, **ins = NULL, **grads = NULL, **res = NULL;
    kn_obj *keep_o = NULL, *keep_i = NULL, *keep_g = NULL, *result = NULL;
    int nout, nin;
    if (tensor_seq(v[0], "outputs", false, &outs, &nout, &keep_o, err) < 0 ||
        tensor_seq(v[1], "inputs", false, &ins, &nin, &keep_i, err) < 0 ||
        grad_seq(v[2], nout, &grads, &keep_g, err) < 0)
        goto done;
    res = tc_calloc((size_t)(nin ? nin : 1), sizeof *res);
    if (!res) {
        kn_nomem(err);
        goto done;
    }
    if (tc_autograd_grad(outs, grads, nout, ins, nin, retain, create, allow_unused, res, err) < 0) goto done;
    result = kn_tuple_new(nin);
    for (int k = 0; result && k < nin; k++) {
        tc_tensor *g = res[k];
        res[k] = NULL;
        if (!g && materialize) g = tc_zeros(ins[k]->shape, ins[k]->ndim, ins[k]->dtype, ins[k]->device, err);
        kn_tuple_set(result, k, g ? kn_tensor_wrap(g) : kn_none_new());
    }
    if (!result) kn_nomem(err);
done:
    for (int k = 0; res && k < nin; k++) tc_tensor_unref(res[k]);
    tc_free(res);
    tc_free(outs);
    tc_free(ins);
    tc_free(grads);
    kn_decref(keep_o);
    kn_decref(keep_i);
    kn_decref(keep_g);
    return result;
}

/* The shared part of torch.autograd.backward and Tensor.backward: 'inputs' may be NULL. */
static kn_obj *run_backward(kn_obj *outputs, kn_obj *gradients, kn_obj *retain_graph, kn_obj *create_graph,
                            kn_obj *inputs, kn_err *err) {
    bool create = false, retain;
    if (!absent(create_graph) && kn__to_bool(create_graph, &create, err) < 0) return NULL;
    retain = create;
    if (!absent(retain_graph) && kn__to_bool(retain_graph, &retain, err) < 0) return NULL;
    tc_tensor **outs = NULL, **ins = NULL, **grads = NULL;
    kn_obj *keep_o = NULL, *keep_i = NULL, *keep_g = NULL, *result = NULL;
    int nout, nin = 0;
    if (tensor_seq(outputs, "outputs", false, &outs, &nout, &keep_o, err) < 0 ||
        grad_seq(gradients, nout, &grads, &keep_g, err) < 0 ||
        (!absent(inputs) && tensor_seq(inputs, "inputs", false, &ins, &nin, &keep_i, err) < 0))
        goto done;
    if (tc_autograd_backward(outs, grads, nout, retain, create, absent(inputs) ? NULL : ins, nin, err) == 0)
        result = kn_none_new();
    static bool warned; /* PyTorch warns once per process */
    if (result && create && absent(inputs) && !warned) {
        warned = true;
        kn_rt_warn("UserWarning",
                   "Using backward() with create_graph=True will create a reference cycle between the parameter "
                   "and its gradient which can cause a memory leak. We recommend using autograd.grad when creating "
                   "the graph to avoid this. If you have to use this function, make sure to reset the .grad fields "
                   "of your parameters to None after use to break the cycle and avoid the leak.");
    }
done:
    tc_free(outs);
    tc_free(ins);
    tc_free(grads);
    kn_decref(keep_o);
    kn_decref(keep_i);
    kn_decref(keep_g);
    return result;
}

/* torch.autograd.backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False,
 * grad_variables=None, inputs=None) */
static kn_obj *f_backward(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"tensors", "grad_tensors", "retain_graph", "create_graph", "grad_variables",
                                        "inputs"};
    kn_obj *v[6];
    if (kn_args_bind(a, "backward", names, 6, 1, v, err) < 0) return NULL;
    return run_backward(v[0], absent(v[1]) ? v[4] : v[1], v[2], v[3], v[5], err);
}

/* Tensor.backward(gradient=None, retain_graph=None, create_graph=False, inputs=None) */
kn_obj *kn__tensor_backward(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"gradient", "retain_graph", "create_graph", "inputs"};
    kn_obj *v[4];
    if (kn_args_bind(a, "backward", names, 4, 0, v, err) < 0) return NULL;
    if (!absent(v[0]) && !kn_is_tensor(v[0])) {
        tc_scalar s;
        if (kn__scalar_of(v[0], &s))
            tc_error_set(err, TC_EXC_TYPE, "'%s' object is not iterable", kn_type_name(v[0]));
        else
            tc_error_set(err, TC_EXC_TYPE, "gradients can be either Tensors or None, but got %s", kn_type_name(v[0]));
        return NULL;
    }
    return run_backward(self, v[0], v[1], v[2], v[3], err);
}

/* ---- hooks ------------------------------------------------------------------------------------ */

/* The hook context is the Python callable (a reference the tensor owns). */
static tc_tensor *call_hook(void *ctx, tc_tensor *grad, tc_error *err) {
    kn_obj *arg = kn_tensor_wrap(tc_tensor_ref(grad));
    if (!arg) {
        kn_nomem(err);
        return NULL;
    }
    kn_obj *r = kn_call_simple((kn_obj *)ctx, &arg, 1, err);
    kn_decref(arg);
    if (!r) return NULL;
    tc_tensor *out = NULL, *rt = kn_is_tensor(r) ? kn_tensor_unwrap(r) : NULL;
    if (kn_is(r, &kn_type_none)) {
        out = tc_tensor_ref(grad);
    } else if (!rt) {
        tc_error_set(err, TC_EXC_TYPE, "expected a Tensor or None from the hook, but got %s", kn_type_name(r));
    } else if (rt->ndim != grad->ndim || memcmp(rt->shape, grad->shape, sizeof(int64_t) * (size_t)grad->ndim)) {
        kn_obj *name = kn_getattr((kn_obj *)ctx, "__name__", err);
        if (!name) tc_error_clear(err);
        tc_error_set(err, TC_EXC_RUNTIME, "hook '%s' has changed the size of value",
                     name && kn_is(name, &kn_type_str) ? kn_str_cstr(name) : "hook");
        kn_decref(name);
    } else {
        out = tc_tensor_ref(rt);
    }
    kn_decref(r);
    return out;
}

static void hook_ctx_free(void *ctx) { kn_decref((kn_obj *)ctx); }

typedef struct handle_obj {
    kn_obj base;
    tc_tensor *t; /* new reference; NULL once removed */
    int id;
} handle_obj;

static const kn_type type_handle;

static void handle_remove_now(handle_obj *h) {
    if (!h->t) return;
    tc_tensor_remove_hook(h->t, h->id);
    tc_tensor_unref(h->t);
    h->t = NULL;
}

static void handle_dealloc(kn_obj *self) { tc_tensor_unref(((handle_obj *)self)->t); }

static kn_obj *handle_remove(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "remove", NULL, 0, 0, NULL, err) < 0) return NULL;
    handle_remove_now((handle_obj *)self);
    return kn_none_new();
}

static kn_obj *handle_getattr(kn_obj *self, const char *name, kn_err *err) {
    if (!strcmp(name, "remove"))
        return kn_cfunction_new("remove", handle_remove, self, "()", "Removes the hook.");
    if (!strcmp(name, "id")) return kn_int_new(((handle_obj *)self)->id);
    return NULL;
}

static kn_obj *handle_repr(kn_obj *self, kn_err *err) {
    return kn_str_printf("<torch.utils.hooks.RemovableHandle object at %p>", (void *)self);
}

static kn_obj *handle_enter(kn_obj *self, kn_err *err) { return kn_incref(self); }

static int handle_exit(kn_obj *self, kn_obj *exc, kn_err *err) {
    handle_remove_now((handle_obj *)self);
    return 0;
}

static const kn_type type_handle = {
    .name = "RemovableHandle", .qualname = "torch.utils.hooks.RemovableHandle",
    .doc = "A handle which provides the capability to remove a hook.",
    .dealloc = handle_dealloc, .repr = handle_repr, .getattr = handle_getattr,
    .enter = handle_enter, .exit = handle_exit,
};

/* Tensor.register_hook(hook) */
kn_obj *kn__tensor_register_hook(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"hook"};
    kn_obj *v[1];
    if (kn_args_bind(a, "register_hook", names, 1, 1, v, err) < 0) return NULL;
    tc_tensor *t = kn_tensor_unwrap(self);
    handle_obj *h = (handle_obj *)kn_obj_alloc(&type_handle, sizeof(handle_obj), err);
    if (!h) return NULL;
    int id = tc_tensor_add_hook(t, call_hook, kn_incref(v[0]), hook_ctx_free, err);
    if (id < 0) {
        kn_decref(v[0]);
        kn_decref(&h->base);
        return NULL;
    }
    h->t = tc_tensor_ref(t);
    h->id = id;
    return &h->base;
}

/* Tensor.detach_(): t itself leaves the graph and becomes a leaf that does not require grad. */
kn_obj *kn__tensor_detach_(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "detach_", NULL, 0, 0, NULL, err) < 0) return NULL;
    tc_tensor_detach_(kn_tensor_unwrap(self));
    return kn_incref(self);
}

/* ---- Variable ---------------------------------------------------------------------------------- */

/* torch.autograd.Variable(data, requires_grad=False): the legacy wrapper, today a tensor
 * sharing data's memory without its history. */
static kn_obj *variable_construct(const kn_type *type, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"data", "requires_grad", "volatile"};
    kn_obj *v[3];
    if (kn_args_bind(a, "Variable", names, 3, 0, v, err) < 0) return NULL;
    bool rg = false;
    if (!absent(v[1]) && kn__to_bool(v[1], &rg, err) < 0) return NULL;
    if (!v[0]) return kn__factory_result(tc_empty((int64_t[]){0}, 1, tc_default_float(), tc_device_cpu(), err), rg, err);
    if (!kn_is_tensor(v[0])) {
        tc_error_set(err, TC_EXC_TYPE, "Variable data has to be a tensor, but got %s", kn_type_name(v[0]));
        return NULL;
    }
    return kn__factory_result(tc_detach(kn_tensor_unwrap(v[0]), err), rg, err);
}

static const kn_type type_variable = {
    .name = "Variable", .qualname = "torch.autograd.variable.Variable",
    .doc = "A tensor (Variable and Tensor were merged in PyTorch 0.4).", .construct = variable_construct,
};

/* ---- grad modes ------------------------------------------------------------------------------- */

/* no_grad / enable_grad / set_grad_enabled / inference_mode: the mode they set ('on' is
 * the grad mode inside), the one they found, and whether it is inference mode. */
typedef struct gradmode_obj {
    kn_obj base;
    bool on, prev, inference, prev_inference, active;
} gradmode_obj;

static bool inference_mode;

/* torch.is_inference_mode_enabled() */
static kn_obj *f_is_inference_mode_enabled(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "is_inference_mode_enabled", NULL, 0, 0, NULL, err) < 0) return NULL;
    return kn_bool_new(inference_mode);
}

static const kn_type type_no_grad, type_enable_grad, type_set_grad_enabled, type_inference_mode;

static void mode_push(gradmode_obj *g) {
    g->prev = tc_grad_enabled();
    g->prev_inference = inference_mode;
    tc_set_grad_enabled(g->on);
    if (g->base.type == &type_inference_mode) inference_mode = g->inference;
}

static void mode_pop(gradmode_obj *g) {
    tc_set_grad_enabled(g->prev);
    if (g->base.type == &type_inference_mode) inference_mode = g->prev_inference;
}

/* A function decorated by a grad mode: runs with the mode set, as PyTorch's decorator does. */
typedef struct decorated_obj {
    kn_obj base;
    kn_obj *fn;
    kn_obj *name; /* the wrapper's name (a str the cfunction borrows) or NULL */
    gradmode_obj mode; /* a copy: only on/inference and the type matter */
} decorated_obj;

static void decorated_dealloc(kn_obj *self) {
    kn_decref(((decorated_obj *)self)->fn);
    kn_decref(((decorated_obj *)self)->name);
}

static const kn_type type_decorated = {
    .name = "function", .qualname = "function", .dealloc = decorated_dealloc,
};

static kn_obj *decorated_call(kn_obj *self, const kn_args *a, kn_err *err) {
    decorated_obj *d = (decorated_obj *)self;
    gradmode_obj g = d->mode;
    mode_push(&g);
    kn_obj *r = kn_call(d->fn, a, err);
    mode_pop(&g);
    return r;
}

static kn_obj *decorate(const gradmode_obj *mode, kn_obj *fn, kn_err *err) {
    decorated_obj *d = (decorated_obj *)kn_obj_alloc(&type_decorated, sizeof(decorated_obj), err);
    if (!d) return NULL;
    d->fn = kn_incref(fn);
    d->mode = *mode;
    kn_obj *name = kn_getattr(fn, "__name__", err);
    if (!name) tc_error_clear(err);
    d->name = name; /* the cfunction keeps the name pointer: the wrapper keeps the str */
    const char *nm = name && kn_is(name, &kn_type_str) ? kn_str_cstr(name) : "wrapper";
    kn_obj *w = kn_cfunction_new(nm, decorated_call, &d->base, "(*args, **kwargs)", NULL);
    kn_decref(&d->base);
    if (!w) kn_nomem(err);
    return w;
}

static bool is_callable(kn_obj *o) { return o->type->call != NULL || kn_is_class(o); }

static kn_obj *gradmode_construct(const kn_type *type, const kn_args *a, kn_err *err) {
    gradmode_obj proto = {.on = type == &type_enable_grad, .inference = false};
    if (type == &type_no_grad || type == &type_enable_grad) {
        /* @torch.no_grad without parentheses decorates the function directly */
        if (a->npos == 1 && !a->nkw && is_callable(a->pos[0])) {
            proto.base.type = type;
            return decorate(&proto, a->pos[0], err);
        }
        if (kn_args_bind(a, type->name, NULL, 0, 0, NULL, err) < 0) return NULL;
    } else if (type == &type_set_grad_enabled) {
        static const char *const names[] = {"mode"};
        kn_obj *v[1];
        if (kn_args_bind(a, "set_grad_enabled", names, 1, 1, v, err) < 0) return NULL;
        if (!kn_is(v[0], &kn_type_bool)) {
            tc_error_set(err, TC_EXC_TYPE, "set_grad_enabled(): argument 'enabled' (position 1) must be bool, not %s",
                         kn_type_name(v[0]));
            return NULL;
        }
        proto.on = v[0] == kn_true();
    } else { /* inference_mode(mode=True) */
        static const char *const names[] = {"mode"};
        kn_obj *v[1];
        if (a->npos == 1 && !a->nkw && is_callable(a->pos[0])) {
            proto = (gradmode_obj){.on = false, .inference = true};
            proto.base.type = type;
            return decorate(&proto, a->pos[0], err);
        }
        if (kn_args_bind(a, "inference_mode", names, 1, 0, v, err) < 0) return NULL;
        bool mode = true;
        if (!absent(v[0]) && kn__to_bool(v[0], &mode, err) < 0) return NULL;
        proto.inference = mode;
        proto.on = mode ? false : tc_grad_enabled();
    }
    gradmode_obj *g = (gradmode_obj *)kn_obj_alloc(type, sizeof(gradmode_obj), err);
    if (!g) return NULL;
    g->on = proto.on;
    g->inference = proto.inference;
    if (type == &type_set_grad_enabled) { /* takes effect at once, as a function call */
        mode_push(g);
        g->active = true;
    }
    return &g->base;
}

static kn_obj *gradmode_enter(kn_obj *self, kn_err *err) {
    gradmode_obj *g = (gradmode_obj *)self;
    if (!g->active) mode_push(g);
    g->active = false;
    return kn_none_new();
}

static int gradmode_exit(kn_obj *self, kn_obj *exc, kn_err *err) {
    mode_pop((gradmode_obj *)self);
    return 0;
}

/* torch.no_grad()(fn): decorate fn (set_grad_enabled first puts back the mode it set). */
static kn_obj *gradmode_call(kn_obj *self, const kn_args *a, kn_err *err) {
    gradmode_obj *g = (gradmode_obj *)self;
    static const char *const names[] = {"orig_func"};
    kn_obj *v[1];
    if (kn_args_bind(a, "__call__", names, 1, 1, v, err) < 0) return NULL;
    if (g->active) {
        mode_pop(g);
        g->active = false;
    }
    return decorate(g, v[0], err);
}

static kn_obj *gradmode_repr(kn_obj *self, kn_err *err) {
    return kn_str_printf("<torch.autograd.grad_mode.%s object at %p>", self->type->name, (void *)self);
}

#define GRADMODE_TYPE(var, nm, docstr)                                                                   \
    static const kn_type var = {                                                                         \
        .name = nm, .qualname = "torch.autograd.grad_mode." nm, .doc = docstr, .repr = gradmode_repr,    \
        .construct = gradmode_construct, .enter = gradmode_enter, .exit = gradmode_exit,                 \
        .call = gradmode_call,                                                                           \
    };
GRADMODE_TYPE(type_no_grad, "no_grad", "Context-manager that disables gradient calculation.")
GRADMODE_TYPE(type_enable_grad, "enable_grad", "Context-manager that enables gradient calculation.")
GRADMODE_TYPE(type_set_grad_enabled, "set_grad_enabled", "Context-manager that sets gradient calculation on or off.")
GRADMODE_TYPE(type_inference_mode, "inference_mode", "Context-manager that enables or disables inference mode.")

/* The gradient function of a torch.autograd.Function output: fn(grad) (Python) returns the
 * gradients of the node's inputs, a tensor or None each. */
static int call_custom_backward(void *ctx, tc_tensor *grad, int n, tc_tensor **grads, tc_error *err) {
    kn_obj *arg = kn_tensor_wrap(tc_tensor_ref(grad));
    if (!arg) return kn_nomem(err);
    kn_obj *r = kn_call_simple((kn_obj *)ctx, &arg, 1, err);
    kn_decref(arg);
    if (!r) return -1;
    int rc = 0;
    if (!kn_is(r, &kn_type_tuple) || kn_tuple_len(r) != n) {
        rc = tc_error_set(err, TC_EXC_RUNTIME, "function backward returned an incorrect number of gradients (expected %d)", n);
    } else {
        for (int i = 0; i < n && rc == 0; i++) {
            kn_obj *v = kn_tuple_items(r)[i];
            if (kn_is(v, &kn_type_none)) grads[i] = NULL;
            else if (kn_is_tensor(v)) grads[i] = tc_tensor_ref(kn_tensor_unwrap(v));
            else rc = tc_error_set(err, TC_EXC_TYPE, "expected a Tensor or None as gradient, but got %s", kn_type_name(v));
        }
        if (rc)
            for (int i = 0; i < n; i++) tc_tensor_unref(grads[i]), grads[i] = NULL;
    }
    kn_decref(r);
    return rc;
}

/* torch.autograd._record_function(out, name, inputs, fn): out's gradient with respect to the
 * tensors in inputs is fn(grad) (torch.autograd.Function.apply). Returns out. */
static kn_obj *f_record_function(kn_obj *self, const kn_args *a, kn_err *err) {
    if (a->npos != 4 || a->nkw || !kn_is_tensor(a->pos[0]) || !kn_is(a->pos[1], &kn_type_str) ||
        !kn_is(a->pos[2], &kn_type_tuple)) {
        tc_error_set(err, TC_EXC_TYPE, "_record_function(out, name, inputs: tuple, fn)");
        return NULL;
    }
    int n = (int)kn_tuple_len(a->pos[2]);
    tc_tensor *ins[64];
    if (n > 64) {
        tc_error_set(err, TC_EXC_RUNTIME, "a Function takes at most 64 tensor inputs here");
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        kn_obj *v = kn_tuple_items(a->pos[2])[i];
        ins[i] = kn_is_tensor(v) ? kn_tensor_unwrap(v) : NULL;
    }
    if (tc_grad_record_custom(kn_tensor_unwrap(a->pos[0]), kn_str_cstr(a->pos[1]), ins, n,
                              call_custom_backward, kn_incref(a->pos[3]), hook_ctx_free, err) < 0) {
        kn_decref(a->pos[3]);
        return NULL;
    }
    return kn_incref(a->pos[0]);
}

static const kn__fn autograd_fns[] = {
    {"_record_function", f_record_function, "(out, name, inputs, fn)",
     "Make fn the gradient of a Function's output."},
    {"grad", f_grad,
     "(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True, "
     "allow_unused=None, is_grads_batched=False, materialize_grads=False)",
     "Compute and return the sum of gradients of outputs with respect to the inputs."},
    {"backward", f_backward,
     "(tensors, grad_tensors=None, retain_graph=None, create_graph=False, grad_variables=None, inputs=None)",
     "Compute the sum of gradients of given tensors with respect to graph leaves."},
    {NULL, NULL, NULL, NULL},
};

static const kn__fn torch_mode_fns[] = {
    {"is_inference_mode_enabled", f_is_inference_mode_enabled, "()", "Returns True if inference mode is currently enabled."},
    {NULL, NULL, NULL, NULL},
};

static int add_type(kn_obj *m, const char *name, const kn_type *t) {
    kn_obj *o = kn_type_object(t);
    return o ? kn_module_add(m, name, o) : -1;
}

/* Add torch.autograd and the grad mode objects (torch.no_grad, ...) to the torch module m. */
int kn__torch_autograd_init(kn_obj *m, kn_err *err) {
    kn_obj *ag = kn_module_new("torch.autograd", "Automatic differentiation of arbitrary scalar valued functions.");
    if (!ag) return kn_nomem(err);
    int r = kn__module_add_fns(ag, autograd_fns, err);
    const char *names[] = {"no_grad", "enable_grad", "set_grad_enabled", "inference_mode"};
    const kn_type *types[] = {&type_no_grad, &type_enable_grad, &type_set_grad_enabled, &type_inference_mode};
    for (int i = 0; r == 0 && i < 4; i++)
        if (add_type(ag, names[i], types[i]) < 0 || add_type(m, names[i], types[i]) < 0) r = kn_nomem(err);
    if (r == 0 && add_type(ag, "Variable", &type_variable) < 0) r = kn_nomem(err);
    if (r == 0) r = kn__module_add_fns(m, torch_mode_fns, err);
    if (r == 0 && kn_module_add(m, "autograd", ag) < 0) r = kn_nomem(err);
    kn_decref(ag);
    return r;
}
