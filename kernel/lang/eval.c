/*
 * Tree-walking evaluator for the cell language (see eval.h), plus the user function
 * type (kn_type_function) whose calls re-enter it.
 */
#include "kernel/lang/eval.h"
#include "kernel/lang/eval-impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/lang/fiber.h"
#include "kernel/lang/vm.h"
#include "kernel/objects/builtins.h"
#include "kernel/torch/pylib.h"
#include "kernel/torch/tensor_obj.h"
#include "tensorcore/format.h"

/* The parser stores kn_binop codes in this order. */
_Static_assert(KN_BINOP_ADD == 0 && KN_BINOP_POW == 6 && KN_BINOP_MATMUL == 7 &&
                   KN_BINOP_RSHIFT == 12,
               "parser binop codes follow kn_binop");
_Static_assert((int)KN_CMP_GE == (int)KN_CMPK_GE, "comparison codes follow kn_cmpop");


static void scope_dealloc(kn_obj *self) {
    scope *s = (scope *)self;
    kn_decref(s->locals);
    kn_decref((kn_obj *)s->up); /* may be NULL */
}

static const kn_type scope_type = {.name = "cell", .qualname = "cell", .dealloc = scope_dealloc};

/* generators (below) */
static kn_obj *gen_from_call(kn_eval *ev, kn_obj *func, const frame *fr, kn_err *err);
static kn_obj *gen_from_genexp(kn_eval *ev, frame *f, kn_node *n, kn_err *err);
static kn_obj *decorated_function(kn_eval *ev, frame *f, kn_node *n, kn_err *err);
static kn_obj *make_function(kn_eval *ev, frame *f, kn_node *n, kn_err *err);
static kn_obj *eval_yield(kn_eval *ev, frame *f, kn_node *n, kn_err *err);
static void gens_close_all(kn_eval *ev);

/* ---- the function type ---------------------------------------------------------------- */

static kn_obj *function_call(kn_obj *self, const kn_args *args, kn_err *err);

static void function_dealloc(kn_obj *self) {
    kn_function *f = (kn_function *)self;
    for (int i = 0; i < f->fn->nparams; i++) {
        if (f->defaults) kn_decref(f->defaults[i]);
        if (f->keys) kn_decref(f->keys[i]);
    }
    tc_free(f->defaults);
    tc_free(f->keys);
    kn_decref((kn_obj *)f->closure);
    kn_decref(f->annotations);
    kn_decref(f->dict);
    kn_ast_unref(f->ast); /* kn__dealloc frees f itself */
}

static kn_obj *function_repr(kn_obj *self, kn_err *err) {
    kn_function *f = (kn_function *)self;
    kn_obj *qn = f->dict ? kn_dict_get_str(f->dict, "__qualname__") : NULL;
    return kn_str_printf("<function %s at %p>",
                         qn && kn_is(qn, &kn_type_str) ? kn_str_cstr(qn) : f->fn->qualname,
                         (void *)self);
}

/* A tuple of the defaults of the positional (kwonly false) parameters, or a dict of the
 * keyword-only ones; None when there are none. */
static kn_obj *function_defaults(kn_function *f, bool kwonly, kn_err *err) {
    kn_obj *l = kn_list_new(0), *d = kwonly ? kn_dict_new() : NULL, *r = NULL;
    if (!l || (kwonly && !d)) goto oom;
    for (int i = 0; i < f->fn->nparams; i++) {
        const kn_param *p = &f->fn->params[i];
        if (!f->defaults[i] || (p->kind == KN_PARAM_KWONLY) != kwonly) continue;
        if (kwonly ? kn_dict_set_str(d, p->name, f->defaults[i]) < 0
                   : kn_list_append(l, f->defaults[i]) < 0)
            goto oom;
    }
    if (kwonly) {
        r = kn_dict_len(d) ? kn_incref(d) : kn_none_new();
    } else if (!kn_list_len(l)) {
        r = kn_none_new();
    } else if ((r = kn_tuple_new(kn_list_len(l)))) {
        for (int64_t i = 0; i < kn_list_len(l); i++)
            kn_tuple_set(r, i, kn_incref(kn_list_items(l)[i]));
    }
    kn_decref(l);
    kn_decref(d);
    if (!r) kn_nomem(err);
    return r;
oom:
    kn_decref(l);
    kn_decref(d);
    kn_nomem(err);
    return NULL;
}

static kn_obj *function_getattr(kn_obj *self, const char *name, kn_err *err) {
    kn_function *fo = (kn_function *)self;
    const kn_fn *fn = fo->fn;
    kn_obj *v = fo->dict ? kn_dict_get_str(fo->dict, name) : NULL;
    if (v) return kn_incref(v);
    if (strcmp(name, "__dict__") == 0) {
        if (!fo->dict && !(fo->dict = kn_dict_new())) return kn_nomem(err), NULL;
        return kn_incref(fo->dict);
    }
    if (strcmp(name, "__defaults__") == 0) return function_defaults(fo, false, err);
    if (strcmp(name, "__kwdefaults__") == 0) return function_defaults(fo, true, err);
    if (strcmp(name, "__name__") == 0) return kn_str_from_cstr(fn->name);
    if (strcmp(name, "__qualname__") == 0) return kn_str_from_cstr(fn->qualname);
    if (strcmp(name, "__doc__") == 0) return fn->doc ? kn_str_from_cstr(fn->doc) : kn_none_new();
    if (strcmp(name, "__module__") == 0) {
        kn_obj *m = fo->globals ? kn_dict_get_str(fo->globals, "__name__") : NULL;
        return m ? kn_incref(m) : kn_str_from_cstr("__main__");
    }
    if (strcmp(name, "__annotations__") == 0) {
        kn_function *f = (kn_function *)self;
        if (!f->annotations && !(f->annotations = kn_dict_new())) kn_nomem(err);
        return f->annotations ? kn_incref(f->annotations) : NULL;
    }
    return NULL;
}

/* f.x = v / del f.x: attributes live in the function's own dict (also __name__, __doc__
 * and __qualname__ as functools.wraps sets them, which then win over the def's). */
static int function_setattr(kn_obj *self, const char *name, kn_obj *v, kn_err *err) {
    kn_function *fo = (kn_function *)self;
    if (!v) {
        kn_obj *key = kn_str_from_cstr(name);
        if (!key) return kn_nomem(err);
        kn_err e;
        tc_error_init(&e);
        int rc = fo->dict && kn_dict_get(fo->dict, key, &e) ? kn_dict_del(fo->dict, key, err) : -1;
        kn_decref(key);
        if (rc < 0 && !tc_error_is_set(err))
            rc = tc_error_set(err, TC_EXC_ATTRIBUTE, "'function' object has no attribute '%s'",
                              name);
        return rc;
    }
    if ((strcmp(name, "__name__") == 0 || strcmp(name, "__qualname__") == 0) &&
        !kn_is(v, &kn_type_str))
        return tc_error_set(err, TC_EXC_TYPE, "%s must be set to a string object", name);
    if (!fo->dict && !(fo->dict = kn_dict_new())) return kn_nomem(err);
    return kn_dict_set_str(fo->dict, name, v) < 0 ? kn_nomem(err) : 0;
}

static int function_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    static const char *const names[] = {"__annotations__", "__defaults__", "__dict__", "__doc__",
                                        "__kwdefaults__", "__module__", "__name__",
                                        "__qualname__"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        kn_obj *s = kn_str_from_cstr(names[i]);
        kn_list_append(list, s);
        kn_decref(s);
    }
    kn_function *fo = (kn_function *)self;
    int64_t it = 0;
    kn_obj *k, *v;
    while (fo->dict && kn_dict_next(fo->dict, &it, &k, &v))
        kn_list_append(list, k);
    return 0;
}

/* help(f): the def's name, signature as written and docstring. */
static int function_describe(kn_obj *self, kn_doc *out) {
    const kn_fn *fn = ((kn_function *)self)->fn;
    *out = (kn_doc){.name = fn->name, .signature = fn->signature, .doc = fn->doc,
                    .module = "__main__"};
    return 0;
}

static int function_hash(kn_obj *self, int64_t *out, kn_err *err) {
    *out = (int64_t)((uintptr_t)self >> 4);
    return 0;
}

const kn_type kn_type_function = {
    .name = "function",
    .qualname = "function",
    .doc = "A function defined with def or lambda.",
    .dealloc = function_dealloc,
    .repr = function_repr,
    .getattr = function_getattr,
    .setattr = function_setattr,
    .call = function_call,
    .dir = function_dir,
    .hash = function_hash,
    .describe = function_describe,
    .binds = true,
};

/* The static description of a user function, or NULL. */
const kn_fn *kn_function_info(kn_obj *o) {
    return kn_is(o, &kn_type_function) ? ((kn_function *)o)->fn : NULL;
}

/* The defining cell and line of a user function (see eval.h). */
const kn_ast *kn_function_source(kn_obj *o, int *line) {
    if (!kn_is(o, &kn_type_function)) return NULL;
    *line = ((kn_function *)o)->node->line;
    return ((kn_function *)o)->ast;
}

/* ---- helpers ------------------------------------------------------------------------ */

static kn_obj *eval(kn_eval *ev, frame *f, kn_node *n, kn_err *err);
static exec_status exec_block(kn_eval *ev, frame *f, const kn_nodes *body, kn_err *err);
static int assign(kn_eval *ev, frame *f, kn_node *target, kn_obj *value, kn_err *err);

/* The frame address, not a local's: ASan's detect_stack_use_after_return moves locals to a
 * heap "fake stack", which would look like exhaustion. */
static int stack_check(kn_eval *ev, kn_err *err) {
    char *here = (char *)__builtin_frame_address(0);
    if (ev->stack_limit && here < (char *)ev->stack_limit)
        return tc_error_set(err, TC_EXC_RECURSION, "maximum recursion depth exceeded");
    return 0;
}

/* Record where an error left frame 'f': once per frame, by its innermost statement (an
 * entry already tagged with this call depth means an inner statement recorded it). */
static void record(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    kn__record_line(ev, f, n->line, err);
}

/* record() by line (see eval-impl.h). */
void kn__record_line(kn_eval *ev, frame *f, int line, kn_err *err) {
    if (!tc_error_is_set(err)) return;
    if (ev->ntb > 0 && ev->tb[ev->ntb - 1].depth == ev->depth) return;
    if (ev->ntb >= KN_TB_MAX) {
        /* keep the outermost entry (the cell line) and the innermost ones */
        kn_ast_unref(ev->tb[1].ast);
        memmove(&ev->tb[1], &ev->tb[2], (KN_TB_MAX - 2) * sizeof ev->tb[0]);
        ev->ntb--;
        ev->tb_dropped++;
    }
    kn_tb_entry *e = &ev->tb[ev->ntb++];
    e->ast = kn_ast_ref(f->ast);
    e->line = line;
    e->depth = ev->depth;
    e->func[0] = 0;
    if (f->fn) { /* "f(x, *args, **kw)" as IPython shows the frame */
        size_t o = (size_t)snprintf(e->func, sizeof e->func, "%s(", f->fn->name);
        for (int i = 0; i < f->fn->nparams && o < sizeof e->func; i++) {
            const kn_param *p = &f->fn->params[i];
            o += (size_t)snprintf(e->func + o, sizeof e->func - o, "%s%s%s", i ? ", " : "",
                                  p->kind == KN_PARAM_VARARGS  ? "*"
                                  : p->kind == KN_PARAM_KWARGS ? "**"
                                                               : "",
                                  p->name);
        }
        if (o < sizeof e->func) snprintf(e->func + o, sizeof e->func - o, ")");
    }
}

/* Forget the recorded traceback (see eval.h). */
void kn_eval_tb_clear(kn_eval *ev) {
    for (int i = 0; i < ev->ntb; i++)
        kn_ast_unref(ev->tb[i].ast);
    ev->ntb = 0;
    ev->tb_dropped = 0;
}

static void release_cache(void *cache) {
    kn_decref(cache);
}

/* The value of a constant (see eval-impl.h). */
kn_obj *kn__const_new(const kn_const *c, kn_err *err) {
    kn_obj *v;
    switch (c->kind) {
    case KN_CONST_NONE:
        return kn_none_new();
    case KN_CONST_TRUE:
        return kn_bool_new(true);
    case KN_CONST_FALSE:
        return kn_bool_new(false);
    case KN_CONST_ELLIPSIS:
        return kn_incref(kn_ellipsis());
    case KN_CONST_INT:
        v = kn_int_new(c->i);
        break;
    case KN_CONST_FLOAT:
        v = kn_float_new(c->f);
        break;
    case KN_CONST_BIGINT:
        return kn_int_from_text(c->s, c->slen, err);
    case KN_CONST_BYTES:
        v = kn_bytes_new(c->s, c->slen);
        break;
    case KN_CONST_IMAG:
        v = kn_complex_new(0.0, c->f);
        break;
    default:
        v = kn_str_new(c->s, c->slen);
        break;
    }
    if (!v) kn_nomem(err);
    return v;
}

static kn_obj *const_value(frame *f, kn_node *n, kn_err *err) {
    if (n->cache) return kn_incref(n->cache);
    kn_obj *v = kn__const_new(&n->constant, err);
    if (!v) return NULL;
    if (n->constant.kind <= KN_CONST_FALSE || n->constant.kind == KN_CONST_ELLIPSIS) return v;
    f->ast->release = release_cache;
    if (kn_ast_keep(f->ast, v) == 0) n->cache = kn_incref(v);
    return v;
}

static bool in_names(char *const *names, int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0) return true;
    return false;
}

/* ---- names ---------------------------------------------------------------------------- */

/* One str object per distinct name for the process: a name's key in a namespace dict is then
 * the very object its NAME nodes and parameters hold, and dict lookups match by identity
 * before comparing text. A new reference, or NULL when out of memory. */
kn_obj *kn__intern_name(const char *name) {
    static kn_obj *table;
    if (!table && !(table = kn_dict_new())) return NULL;
    kn_obj *k = kn_dict_get_str(table, name);
    if (k) return kn_incref(k);
    k = kn_str_from_cstr(name);
    if (k && kn_dict_set(table, k, k, NULL) < 0) {
        kn_decref(k);
        return NULL;
    }
    return k;
}

/* The str object for a NAME node, created once and kept with the tree (borrowed). */
static kn_obj *name_key(frame *f, kn_node *n) {
    if (n->cache) return n->cache;
    kn_obj *k = kn__intern_name(n->name.id);
    if (!k) return NULL;
    f->ast->release = release_cache;
    if (kn_ast_keep(f->ast, k) < 0) {
        kn_decref(k);
        return NULL;
    }
    n->cache = k;
    return k;
}

static kn_obj *dict_lookup(kn_obj *d, kn_obj *key, const char *name) {
    if (!key) return kn_dict_get_str(d, name);
    return kn_dict_get_strobj(d, key);
}

/* load_name with the node's cached key (no string allocation on the hot path). */
static kn_obj *load_name_node(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    kn_obj *key = name_key(f, n), *v;
    const char *name = n->name.id;
    if (f->locals) {
        if ((v = dict_lookup(f->locals, key, name))) return kn_incref(v);
        if (f->fn && in_names(f->fn->locals, f->fn->nlocals, name)) {
            tc_error_set(err, TC_EXC_UNBOUND_LOCAL,
                         "cannot access local variable '%s' where it is not associated with "
                         "a value",
                         name);
            return NULL;
        }
    }
    return kn__load_outer(ev, f, key, name, err);
}

/* A name that is no local of frame f: the enclosing functions' scopes, then the globals and
 * builtins (see eval-impl.h). */
kn_obj *kn__load_outer(kn_eval *ev, frame *f, kn_obj *key, const char *name, kn_err *err) {
    kn_obj *v;
    /* a name the function declared global skips the enclosing functions' scopes */
    if (!f->fn || !f->fn->nglobals || !in_names(f->fn->globals, f->fn->nglobals, name))
        for (scope *s = f->closure; s; s = s->up)
            if ((v = dict_lookup(s->locals, key, name))) return kn_incref(v);
    bool free = f->fn && f->fn->nfreevars && in_names(f->fn->freevars, f->fn->nfreevars, name);
    for (scope *s = f->comp ? f->closure : NULL; s && !free; s = s->up)
        if (s->fn) { /* a comprehension reads the enclosing function's names as free ones */
            free = in_names(s->fn->locals, s->fn->nlocals, name);
            break;
        }
    if (free) {
        tc_error_set(err, TC_EXC_NAME,
                     "cannot access free variable '%s' where it is not associated with a value "
                     "in enclosing scope",
                     name);
        return NULL;
    }
    if ((v = dict_lookup(f->globals, key, name))) return kn_incref(v);
    if ((v = dict_lookup(ev->builtins, key, name))) return kn_incref(v);
    tc_error_set(err, TC_EXC_NAME, "name '%s' is not defined", name);
    return NULL;
}

static bool is_global_in(frame *f, const char *name) {
    return !f->locals || (f->fn && in_names(f->fn->globals, f->fn->nglobals, name));
}

/* The dict a `nonlocal name` of frame f stores into: the locals of the nearest enclosing
 * function that binds it (the parser checked there is one), or NULL when f does not
 * declare the name nonlocal (borrowed). */
static kn_obj *nonlocal_dict(frame *f, const char *name) {
    if (!f->fn || !f->fn->nnonlocals || !in_names(f->fn->nonlocals, f->fn->nnonlocals, name))
        return NULL;
    for (scope *s = f->closure; s; s = s->up)
        if (s->fn && in_names(s->fn->locals, s->fn->nlocals, name)) return s->locals;
    return NULL;
}

/* `name = v` for a name frame f declared nonlocal (see eval-impl.h). */
int kn__store_nonlocal(frame *f, const char *name, kn_obj *key, kn_obj *v, kn_err *err) {
    kn_obj *d = nonlocal_dict(f, name);
    if (!d) return tc_error_set(err, TC_EXC_NAME, "no binding for nonlocal '%s' found", name);
    return kn_dict_set(d, key, v, err);
}

/* Bind a global under the namespace lock (see eval.h). */
int kn_eval_set_global(kn_eval *ev, const char *name, kn_obj *v, kn_err *err) {
    if (ev->ns_lock) pthread_mutex_lock(ev->ns_lock);
    int rc = kn_dict_set_str(ev->globals, name, v);
    if (ev->ns_lock) pthread_mutex_unlock(ev->ns_lock);
    if (rc < 0) return kn_nomem(err);
    return 0;
}

/* A global's value (borrowed) or NULL. */
kn_obj *kn_eval_get_global(kn_eval *ev, const char *name) {
    return kn_dict_get_str(ev->globals, name);
}

static bool is_global_in(frame *f, const char *name);
/* Bind a global of frame f's module (see eval-impl.h). */
int kn__store_global(kn_eval *ev, frame *f, kn_obj *key, kn_obj *v, kn_err *err) {
    return kn__store_global_at(ev, f, key, v, NULL, err);
}

int kn__store_global_at(kn_eval *ev, frame *f, kn_obj *key, kn_obj *v, int64_t *hint,
                        kn_err *err) {
    bool lock = ev->ns_lock && f->globals == ev->globals; /* the bridge reads the cell's */
    if (lock) pthread_mutex_lock(ev->ns_lock);
    int rc;
    kn_obj *old = hint ? kn_dict_value_if_key(f->globals, *hint, key) : NULL;
    if (old) { /* the name is bound: a new value in its entry, no hashing */
        kn_incref(old); /* released outside the lock: freeing a value may run code */
        kn_dict_replace_at(f->globals, *hint, v);
        rc = 0;
    } else {
        rc = kn_dict_set(f->globals, key, v, err);
        if (hint && rc == 0) *hint = kn_dict_find_strobj(f->globals, key);
    }
    if (lock) pthread_mutex_unlock(ev->ns_lock);
    kn_decref(old);
    return rc;
}


/* store_name with the node's cached key. */
static int store_name_node(kn_eval *ev, frame *f, kn_node *n, kn_obj *v, kn_err *err) {
    kn_obj *key = name_key(f, n), *nl;
    if (!key) return kn_nomem(err);
    if (!is_global_in(f, n->name.id)) {
        if ((nl = nonlocal_dict(f, n->name.id))) return kn_dict_set(nl, key, v, err);
        return kn_dict_set(f->locals, key, v, err);
    }
    return kn__store_global(ev, f, key, v, err);
}

static int store_name(kn_eval *ev, frame *f, const char *name, kn_obj *v, kn_err *err) {
    if (is_global_in(f, name) && f->globals != ev->globals)
        return kn_dict_set_str(f->globals, name, v) < 0 ? kn_nomem(err) : 0;
    if (is_global_in(f, name)) return kn_eval_set_global(ev, name, v, err);
    kn_obj *nl = nonlocal_dict(f, name);
    if (kn_dict_set_str(nl ? nl : f->locals, name, v) < 0)
        return kn_nomem(err);
    return 0;
}

int kn__delete_name(kn_eval *ev, frame *f, const char *name, kn_err *err) {
    kn_obj *d = is_global_in(f, name) ? f->globals : f->locals, *nl;
    if (d == f->locals && (nl = nonlocal_dict(f, name))) d = nl;
    kn_obj *key = kn_str_from_cstr(name);
    if (!key) return kn_nomem(err);
    int rc = 0;
    if (!kn_dict_get_str(d, name)) {
        if (d == f->locals && f->fn)
            rc = tc_error_set(err, TC_EXC_UNBOUND_LOCAL,
                              "cannot access local variable '%s' where it is not associated "
                              "with a value",
                              name);
        else
            rc = tc_error_set(err, TC_EXC_NAME, "name '%s' is not defined", name);
    } else {
        kn_err e2;
        tc_error_init(&e2);
        if (d == ev->globals && ev->ns_lock) pthread_mutex_lock(ev->ns_lock);
        rc = kn_dict_del(d, key, &e2);
        if (d == ev->globals && ev->ns_lock) pthread_mutex_unlock(ev->ns_lock);
        if (rc < 0) tc_error_set(err, e2.type, "%s", e2.msg);
    }
    kn_decref(key);
    return rc;
}

/* ---- expressions ---------------------------------------------------------------------- */

static kn_obj *eval_index(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    if (n->kind == KN_AST_SLICE) {
        kn_obj *parts[3] = {NULL, NULL, NULL};
        kn_node *src[3] = {n->slice.lower, n->slice.upper, n->slice.step};
        for (int i = 0; i < 3; i++)
            if (src[i] && !(parts[i] = eval(ev, f, src[i], err))) {
                for (int j = 0; j < i; j++)
                    kn_decref(parts[j]);
                return NULL;
            }
        kn_obj *s = kn_slice_new(parts[0], parts[1], parts[2]);
        for (int i = 0; i < 3; i++)
            kn_decref(parts[i]);
        if (!s) kn_nomem(err);
        return s;
    }
    if (n->kind == KN_AST_TUPLE) {
        const kn_nodes *elts = &n->seq.elts;
        kn_obj *t = kn_tuple_new(elts->n);
        if (!t) {
            kn_nomem(err);
            return NULL;
        }
        for (int i = 0; i < elts->n; i++) {
            kn_obj *v = eval_index(ev, f, elts->v[i], err);
            if (!v) {
                kn_decref(t);
                return NULL;
            }
            kn_tuple_set(t, i, v);
        }
        return t;
    }
    return eval(ev, f, n, err);
}

/* Append every item of an iterable to list. */
static int extend_list(kn_obj *list, kn_obj *iterable, kn_err *err) {
    kn_obj *it = kn_iter(iterable, err);
    if (!it) return -1;
    kn_obj *x;
    int64_t k = 0;
    while ((x = kn_next(it, err))) {
        int rc = kn_list_append(list, x);
        kn_decref(x);
        if (rc < 0) {
            kn_nomem(err);
            break;
        }
        if ((++k & 0xfff) == 0 && tc_interrupt_check(err) < 0) break;
    }
    kn_decref(it);
    return tc_error_is_set(err) ? -1 : 0;
}

static kn_obj *eval_seq(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    kn_obj *list = kn_list_new(0);
    if (!list) {
        kn_nomem(err);
        return NULL;
    }
    for (int i = 0; i < n->seq.elts.n; i++) {
        kn_node *e = n->seq.elts.v[i];
        kn_obj *v = eval(ev, f, e->kind == KN_AST_STARRED ? e->starred.value : e, err);
        if (!v) goto fail;
        int rc = 0;
        if (e->kind == KN_AST_STARRED && !v->type->iter && !v->type->next && !v->type->getitem)
            rc = tc_error_set(err, TC_EXC_TYPE, "Value after * must be an iterable, not %s",
                              kn_type_name(v));
        else if (e->kind == KN_AST_STARRED)
            rc = extend_list(list, v, err);
        else
            kn_list_append(list, v);
        kn_decref(v);
        if (rc < 0) goto fail;
    }
    if (n->kind == KN_AST_LIST) return list;
    int64_t len = kn_list_len(list);
    kn_obj *t = kn_tuple_new(len);
    for (int64_t i = 0; t && i < len; i++)
        kn_tuple_set(t, i, kn_incref(kn_list_items(list)[i]));
    kn_decref(list);
    if (!t) kn_nomem(err);
    return t;
fail:
    kn_decref(list);
    return NULL;
}

/* Is the node a constant CPython's AST optimizer folds: literals, operators on them
 * (2-3j, -x, 1+1) and tuples of them? (It declines a few oversized results, 2**1000 or
 * (1,)*300, which then only change the layout of a set display holding them.) */
static bool folded_const(const kn_node *n) {
    if (n->kind == KN_AST_CONST) return true;
    if (n->kind == KN_AST_BINOP) return folded_const(n->binop.left) && folded_const(n->binop.right);
    if (n->kind == KN_AST_UNARY) return folded_const(n->unary.operand);
    if (n->kind != KN_AST_TUPLE) return false;
    for (int i = 0; i < n->seq.elts.n; i++)
        if (!folded_const(n->seq.elts.v[i])) return false;
    return true;
}

static bool const_set(const kn_node *n) {
    if (n->kind != KN_AST_SET) return false;
    for (int i = 0; i < n->seq.elts.n; i++)
        if (!folded_const(n->seq.elts.v[i])) return false;
    return true;
}

/* The frozenset constant CPython's compiler makes of a set display of constants: built from
 * the items in order, then rebuilt from its own iteration when the compiler merges equal
 * constants. Its slot layout is what `for x in {3, 1, 2}` iterates. Cached on the node. */
static kn_obj *const_frozenset(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    if (n->cache) return kn_incref(n->cache);
    kn_obj *items = eval_seq(ev, f, &(kn_node){.kind = KN_AST_TUPLE, .seq = n->seq}, err);
    kn_obj *first = items ? kn_frozenset_new(items, err) : NULL;
    kn_obj *l = first ? kn_list_new(0) : NULL;
    if (first && (!l || extend_list(l, first, err) < 0)) {
        if (!l) kn_nomem(err);
        kn_decref(l);
        l = NULL;
    }
    kn_obj *frozen = l ? kn_frozenset_new(l, err) : NULL;
    kn_decref(items);
    kn_decref(first);
    kn_decref(l);
    if (!frozen) return NULL;
    f->ast->release = release_cache;
    if (kn_ast_keep(f->ast, frozen) == 0) n->cache = kn_incref(frozen);
    return frozen;
}

/* The iterable of a for loop or comprehension: a set display of constants is iterated as
 * CPython's frozenset constant (the optimizer's rewrite of `for x in {1, 2}`). */
static kn_obj *eval_iterable(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    if (const_set(n)) return const_frozenset(ev, f, n, err);
    return eval(ev, f, n, err);
}

/* The frozenset constant of a set display of constants, or NULL when n is none (see
 * eval-impl.h). */
kn_obj *kn__const_set(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    return const_set(n) ? const_frozenset(ev, f, n, err) : NULL;
}

/* {a, *b, c}. As CPython 3.11 compiles it, so that the table layout (and the printed order)
 * is the same: more than two constants become a frozenset constant merged into a new set;
 * otherwise the items are added one by one and starred iterables merged in order. */
static kn_obj *eval_set(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    const kn_nodes *elts = &n->seq.elts;
    bool all_const = elts->n > 2 && const_set(n);
    kn_obj *s = kn_set_new();
    if (!s) {
        kn_nomem(err);
        return NULL;
    }
    if (all_const) {
        kn_obj *frozen = const_frozenset(ev, f, n, err);
        if (!frozen) goto fail;
        int rc = kn_set_update(s, frozen, err);
        kn_decref(frozen);
        if (rc < 0) goto fail;
        return s;
    }
    for (int i = 0; i < elts->n; i++) {
        kn_node *e = elts->v[i];
        kn_obj *v = eval(ev, f, e->kind == KN_AST_STARRED ? e->starred.value : e, err);
        if (!v) goto fail;
        int rc = e->kind == KN_AST_STARRED ? kn_set_update(s, v, err) : kn_set_add(s, v, err);
        kn_decref(v);
        if (rc < 0) goto fail;
    }
    return s;
fail:
    kn_decref(s);
    return NULL;
}

static kn_obj *eval_dict(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    kn_obj *d = kn_dict_new();
    if (!d) {
        kn_nomem(err);
        return NULL;
    }
    for (int i = 0; i < n->dict.keys.n; i++) {
        if (!n->dict.keys.v[i]) {
            kn_obj *v = eval(ev, f, n->dict.values.v[i], err);
            if (!v) goto fail;
            int rc = 0;
            if (!kn_is(v, &kn_type_dict)) {
                rc =
                    tc_error_set(err, TC_EXC_TYPE, "'%s' object is not a mapping", kn_type_name(v));
            } else {
                int64_t it = 0;
                kn_obj *k, *val;
                while (rc == 0 && kn_dict_next(v, &it, &k, &val))
                    rc = kn_dict_set(d, k, val, err);
            }
            kn_decref(v);
            if (rc < 0) goto fail;
            continue;
        }
        /* the key is evaluated before its value, as CPython 3.8+ does */
        kn_obj *k = eval(ev, f, n->dict.keys.v[i], err);
        if (!k) goto fail;
        kn_obj *v = eval(ev, f, n->dict.values.v[i], err);
        if (!v) {
            kn_decref(k);
            goto fail;
        }
        int rc = kn_dict_set(d, k, v, err);
        kn_decref(k);
        kn_decref(v);
        if (rc < 0) goto fail;
    }
    return d;
fail:
    kn_decref(d);
    return NULL;
}

/* The scopes a function or comprehension defined in frame f sees (a new reference; NULL
 * at module level, or with *oom set when memory ran out). */
static scope *make_closure(frame *f, bool *oom) {
    *oom = false;
    if (!f->locals || f->is_class)
        return f->closure ? (scope *)kn_incref(&f->closure->base) : NULL;
    if (!f->self_scope) {
        kn_err e;
        tc_error_init(&e);
        scope *s = (scope *)kn_obj_alloc(&scope_type, sizeof *s, &e);
        if (!s) {
            *oom = true;
            return NULL;
        }
        s->locals = kn_incref(f->locals);
        s->fn = f->fn;
        s->up = f->closure ? (scope *)kn_incref(&f->closure->base) : NULL;
        f->self_scope = s;
    }
    return (scope *)kn_incref(&f->self_scope->base);
}

/* The end of a frame: drop its scope (functions made in it keep their own references). */
static void frame_done(frame *f) {
    if (f->self_scope) kn_decref(&f->self_scope->base);
    f->self_scope = NULL;
}

/* What a comprehension does with each element: collect it (comp_collect) or yield it from
 * a generator expression (genexp_emit). 0, or -1 with err set. */
typedef int (*comp_emit)(kn_eval *ev, frame *cf, kn_node *n, void *ctx, kn_err *err);

/* Run comprehension clause 'k' and those inside it, calling emit for every element. 'first'
 * is the outermost iterable (or its iterator), evaluated in the enclosing scope (Python's
 * rule); the inner iterables are evaluated as their clauses run. */
static int comp_clause(kn_eval *ev, frame *cf, kn_node *n, int k, kn_obj *first, comp_emit emit,
                       void *ctx, kn_err *err) {
    if (k == n->comp.generators.n) return emit(ev, cf, n, ctx, err);
    kn_node *c = n->comp.generators.v[k];
    kn_obj *iterable = k == 0 ? kn_incref(first) : eval_iterable(ev, cf, c->compfor.iter, err);
    if (!iterable) return -1;
    kn_obj *it = kn_iter(iterable, err);
    kn_decref(iterable);
    if (!it) return -1;
    kn_obj *x;
    int rc = 0;
    while (rc == 0 && (x = kn_next(it, err))) {
        rc = assign(ev, cf, c->compfor.target, x, err);
        kn_decref(x);
        if (rc == 0) rc = tc_interrupt_check(err);
        bool keep = true;
        for (int i = 0; rc == 0 && keep && i < c->compfor.ifs.n; i++) {
            kn_obj *cond = eval(ev, cf, c->compfor.ifs.v[i], err);
            int t = cond ? kn_truth(cond, err) : -1;
            kn_decref(cond);
            if (t < 0) rc = -1;
            keep = t > 0;
        }
        if (rc == 0 && keep) rc = comp_clause(ev, cf, n, k + 1, NULL, emit, ctx, err);
    }
    kn_decref(it);
    return rc < 0 || tc_error_is_set(err) ? -1 : 0;
}

/* A list, set or dict comprehension's element into 'out'. */
static int comp_collect(kn_eval *ev, frame *cf, kn_node *n, void *out, kn_err *err) {
    if (n->kind == KN_AST_DICTCOMP) {
        kn_obj *key = eval(ev, cf, n->comp.elt, err);
        kn_obj *v = key ? eval(ev, cf, n->comp.value, err) : NULL;
        int rc = v ? kn_dict_set(out, key, v, err) : -1;
        kn_decref(key);
        kn_decref(v);
        return rc;
    }
    kn_obj *v = eval(ev, cf, n->comp.elt, err);
    if (!v) return -1;
    int rc = n->kind == KN_AST_SETCOMP    ? kn_set_add(out, v, err)
             : kn_list_append(out, v) < 0 ? kn_nomem(err)
                                          : 0;
    kn_decref(v);
    return rc;
}

static kn_obj *eval_comp(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    kn_obj *first = eval_iterable(ev, f, n->comp.generators.v[0]->compfor.iter, err);
    if (!first) return NULL;
    kn_obj *out = n->kind == KN_AST_DICTCOMP  ? kn_dict_new()
                  : n->kind == KN_AST_SETCOMP ? kn_set_new()
                                              : kn_list_new(0);
    kn_obj *locals = kn_dict_new();
    bool oom;
    scope *closure = make_closure(f, &oom);
    frame cf = {.locals = locals, .closure = closure, .ast = f->ast, .name = f->name,
                .globals = f->globals, .comp = true};
    int rc = -1;
    void *saved_top = ev->top;
    ev->top = &cf;
    if (!out || !locals || oom)
        kn_nomem(err);
    else
        rc = comp_clause(ev, &cf, n, 0, first, comp_collect, out, err);
    ev->top = saved_top;
    frame_done(&cf);
    kn_decref(first);
    kn_decref(locals);
    if (closure) kn_decref(&closure->base);
    if (rc == 0) return out;
    kn_decref(out);
    return NULL;
}

static kn_obj *eval_fstring(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    tc_strbuf b = {0};
    for (int i = 0; i < n->fstring.parts.n; i++) {
        kn_node *part = n->fstring.parts.v[i];
        kn_obj *s = NULL;
        if (part->kind == KN_AST_CONST) {
            tc_strbuf_append(&b, part->constant.s, part->constant.slen);
            continue;
        }
        kn_obj *v = eval(ev, f, part->formatted.value, err);
        if (!v) goto fail;
        kn_conversion conv = part->formatted.conversion;
        if (conv != KN_CONV_NONE) {
            kn_obj *c = conv == KN_CONV_STR     ? kn_str(v, err)
                        : conv == KN_CONV_ASCII ? kn_ascii(v, err)
                                                : kn_repr(v, err);
            kn_decref(v);
            if (!(v = c)) goto fail;
        }
        kn_node *spec_node = part->formatted.spec;
        kn_obj *spec = spec_node ? eval_fstring(ev, f, spec_node, err) : NULL;
        if (spec_node && !spec) {
            kn_decref(v);
            goto fail;
        }
        s = kn_format_value(v, spec ? kn_str_cstr(spec) : "", err);
        kn_decref(v);
        kn_decref(spec);
        if (!s) goto fail;
        tc_strbuf_append(&b, kn_str_cstr(s), kn_str_len(s));
        kn_decref(s);
    }
    kn_obj *r = kn_str_new(b.data ? b.data : "", b.len);
    tc_strbuf_free(&b);
    return r;
fail:
    tc_strbuf_free(&b);
    return NULL;
}

kn_obj *kn__compare_one(kn_cmp_kind op, kn_obj *a, kn_obj *b, kn_err *err) {
    int r;
    switch (op) {
    case KN_CMPK_IS:
        return kn_bool_new(a == b);
    case KN_CMPK_IS_NOT:
        return kn_bool_new(a != b);
    case KN_CMPK_IN:
    case KN_CMPK_NOT_IN:
        if ((r = kn_contains(b, a, err)) < 0) return NULL;
        return kn_bool_new(op == KN_CMPK_IN ? r : !r);
    default:
        return kn_compare((kn_cmpop)op, a, b, err);
    }
}

static kn_obj *eval_compare(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    const kn_nodes *rights = &n->compare.comparators;
    kn_obj *left = eval(ev, f, n->compare.left, err);
    if (!left) return NULL;
    for (int i = 0; i < rights->n; i++) {
        kn_cmp_kind op = n->compare.ops[i];
        /* `x in {1, 2, 3}` tests the frozenset constant, as CPython's optimizer makes it */
        bool folded = i == rights->n - 1 && (op == KN_CMPK_IN || op == KN_CMPK_NOT_IN);
        kn_obj *right = folded ? eval_iterable(ev, f, rights->v[i], err)
                               : eval(ev, f, rights->v[i], err);
        if (!right) {
            kn_decref(left);
            return NULL;
        }
        kn_obj *r = kn__compare_one(op, left, right, err);
        kn_decref(left);
        if (!r || i == rights->n - 1) {
            kn_decref(right);
            return r;
        }
        int t = kn_truth(r, err);
        if (t <= 0) {
            kn_decref(right);
            if (t < 0) {
                kn_decref(r);
                return NULL;
            }
            return r;
        }
        kn_decref(r);
        left = right;
    }
    return left;
}

#define KN_FAST_ARGS 16

/* super() in a method: super(__class__, first argument), where __class__ is the class whose
 * body defined the running function. */
kn_obj *kn__zero_arg_super(frame *f, kn_err *err) {
    kn_function *fo = (kn_function *)f->fo;
    if (!fo || !fo->klass) {
        tc_error_set(err, TC_EXC_RUNTIME, "super(): __class__ cell not found");
        return NULL;
    }
    if (fo->fn->nparams == 0 || fo->fn->params[0].kind == KN_PARAM_KWONLY ||
        fo->fn->params[0].kind == KN_PARAM_KWARGS) {
        tc_error_set(err, TC_EXC_RUNTIME, "super(): no arguments");
        return NULL;
    }
    kn_obj *self = f->slots ? f->slots[0] : kn_dict_get_str(f->locals, fo->fn->params[0].name);
    if (self && fo->fn->params[0].kind == KN_PARAM_VARARGS)
        self = kn_tuple_len(self) ? kn_tuple_items(self)[0] : NULL;
    if (!self) {
        tc_error_set(err, TC_EXC_RUNTIME, "super(): arg[0] deleted");
        return NULL;
    }
    return kn_super_new(fo->klass, self, err);
}

/* Calls without *args / **kwargs: arguments in stack arrays, no allocation. */
static kn_obj *eval_call_simple(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    const kn_nodes *pargs = &n->call.args, *kws = &n->call.keywords;
    kn_obj *self = NULL, *callee;
    if (n->call.func->kind == KN_AST_ATTR && pargs->n < KN_FAST_ARGS) {
        /* obj.method(...) on a user class instance: the function with obj first, no bound
         * method object */
        kn_obj *o = eval(ev, f, n->call.func->attr.value, err);
        if (!o) return NULL;
        kn_obj *m = kn_instance_method(o, n->call.func->attr.attr);
        if (m) {
            self = o;
            callee = kn_incref(m);
        } else {
            callee = kn_getattr(o, n->call.func->attr.attr, err);
            kn_decref(o);
        }
    } else {
        callee = eval(ev, f, n->call.func, err);
    }
    if (!callee) return NULL;
    if (pargs->n == 0 && kws->n == 0 && callee == kn_type_object(&kn_type_super)) {
        kn_decref(callee);
        return kn__zero_arg_super(f, err);
    }
    kn_obj *pos[KN_FAST_ARGS + 1], *kwv[KN_FAST_ARGS], *result = NULL;
    const char *kwn[KN_FAST_ARGS];
    int np = 0, nk = 0;
    if (self) pos[np++] = self; /* owned, released with the arguments */
    for (int i = 0; i < pargs->n; i++, np++)
        if (!(pos[np] = eval(ev, f, pargs->v[i], err))) goto done;
    for (; nk < kws->n; nk++) {
        kwn[nk] = kws->v[nk]->keyword.arg;
        if (!(kwv[nk] = eval(ev, f, kws->v[nk]->keyword.value, err))) goto done;
    }
    kn_args args = {pos, np, kwn, kwv, nk};
    result = kn_call(callee, &args, err);
done:
    for (int i = 0; i < np; i++)
        kn_decref(pos[i]);
    for (int i = 0; i < nk; i++)
        kn_decref(kwv[i]);
    kn_decref(callee);
    return result;
}

/* How CPython names a callable in call errors: "print()", "list.append()",
 * "__main__.f()", or "'<type>' object" for callables without a name. */
void kn__func_str(kn_obj *fn, char *buf, size_t n) {
    if (kn_is(fn, &kn_type_function)) {
        kn_function *fo = (kn_function *)fn;
        kn_obj *m = fo->globals ? kn_dict_get_str(fo->globals, "__name__") : NULL;
        snprintf(buf, n, "%s.%s()", m && kn_is(m, &kn_type_str) ? kn_str_cstr(m) : "__main__",
                 fo->fn->qualname);
        return;
    }
    kn_err e;
    tc_error_init(&e);
    kn_obj *qn = kn_getattr(fn, "__qualname__", &e);
    if (!qn || !kn_is(qn, &kn_type_str)) {
        kn_decref(qn);
        snprintf(buf, n, "%s object", kn_type_name(fn));
        return;
    }
    kn_err e2;
    tc_error_init(&e2);
    kn_obj *mod = kn_getattr(fn, "__module__", &e2);
    if (mod && kn_is(mod, &kn_type_str) && strcmp(kn_str_cstr(mod), "builtins") != 0)
        snprintf(buf, n, "%s.%s()", kn_str_cstr(mod), kn_str_cstr(qn));
    else
        snprintf(buf, n, "%s()", kn_str_cstr(qn));
    kn_decref(qn);
    kn_decref(mod);
}

static kn_obj *eval_call(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    const kn_nodes *pargs = &n->call.args, *kws = &n->call.keywords;
    bool simple = pargs->n <= KN_FAST_ARGS && kws->n <= KN_FAST_ARGS;
    for (int i = 0; simple && i < pargs->n; i++)
        simple = pargs->v[i]->kind != KN_AST_STARRED;
    for (int i = 0; simple && i < kws->n; i++)
        simple = kws->v[i]->keyword.arg != NULL;
    if (simple) return eval_call_simple(ev, f, n, err);
    kn_obj *callee = eval(ev, f, n->call.func, err);
    if (!callee) return NULL;
    kn_obj *pos = kn_list_new(0), *kwv = kn_list_new(0);
    int nkw = 0, cap = 8;
    const char **kwn = tc_malloc((size_t)cap * sizeof *kwn);
    kn_obj *kwkeep = kn_list_new(0); /* keeps ** key strings alive */
    kn_obj *result = NULL;
    if (!pos || !kwv || !kwn || !kwkeep) {
        kn_nomem(err);
        goto done;
    }
    for (int i = 0; i < pargs->n; i++) {
        kn_node *e = pargs->v[i];
        kn_obj *v = eval(ev, f, e->kind == KN_AST_STARRED ? e->starred.value : e, err);
        if (!v) goto done;
        int rc = 0;
        if (e->kind == KN_AST_STARRED) {
            if (!v->type->iter && !v->type->next && !v->type->getitem) {
                char fs[200];
                kn__func_str(callee, fs, sizeof fs);
                rc = tc_error_set(err, TC_EXC_TYPE, "%s argument after * must be an iterable, not %s",
                                  fs, kn_type_name(v));
            } else {
                rc = extend_list(pos, v, err);
            }
        } else if (kn_list_append(pos, v) < 0) {
            rc = kn_nomem(err);
        }
        kn_decref(v);
        if (rc < 0) goto done;
    }
    for (int i = 0; i < kws->n; i++) {
        kn_node *kw = kws->v[i];
        kn_obj *v = eval(ev, f, kw->keyword.value, err);
        if (!v) goto done;
        if (kw->keyword.arg) {
            if (nkw == cap) {
                const char **nk = tc_reallocarray(kwn, (size_t)cap * 2, sizeof *nk);
                if (!nk) {
                    kn_decref(v);
                    kn_nomem(err);
                    goto done;
                }
                kwn = nk;
                cap *= 2;
            }
            int arc = kn_list_append(kwv, v);
            kn_decref(v);
            if (arc < 0) {
                kn_nomem(err);
                goto done;
            }
            kwn[nkw++] = kw->keyword.arg;
            continue;
        }
        if (!kn_is(v, &kn_type_dict)) {
            char fs[200];
            kn__func_str(callee, fs, sizeof fs);
            tc_error_set(err, TC_EXC_TYPE, "%s argument after ** must be a mapping, not %s", fs,
                         kn_type_name(v));
            kn_decref(v);
            goto done;
        }
        int64_t it = 0;
        kn_obj *k, *val;
        while (kn_dict_next(v, &it, &k, &val)) {
            if (!kn_is(k, &kn_type_str)) {
                tc_error_set(err, TC_EXC_TYPE, "keywords must be strings");
                break;
            }
            bool dup = false;
            for (int j = 0; !dup && j < nkw; j++)
                dup = strcmp(kwn[j], kn_str_cstr(k)) == 0;
            if (dup) {
                char fs[200];
                kn__func_str(callee, fs, sizeof fs);
                tc_error_set(err, TC_EXC_TYPE, "%s got multiple values for keyword argument '%s'",
                             fs, kn_str_cstr(k));
                break;
            }
            if (nkw == cap) {
                const char **nk = tc_reallocarray(kwn, (size_t)cap * 2, sizeof *nk);
                if (!nk) {
                    kn_nomem(err);
                    break;
                }
                kwn = nk;
                cap *= 2;
            }
            if (kn_list_append(kwkeep, k) < 0 || kn_list_append(kwv, val) < 0) {
                kn_nomem(err);
                break;
            }
            kwn[nkw++] = kn_str_cstr(k);
        }
        kn_decref(v);
        if (tc_error_is_set(err)) goto done;
    }
    kn_args args = {kn_list_items(pos), (int)kn_list_len(pos), kwn, kn_list_items(kwv), nkw};
    result = kn_call(callee, &args, err);
done:
    tc_free(kwn);
    kn_decref(kwkeep);
    kn_decref(pos);
    kn_decref(kwv);
    kn_decref(callee);
    return result;
}

static kn_obj *make_function(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    const kn_fn *fn = n->kind == KN_AST_LAMBDA ? n->lambda.fn : n->def_stmt.fn;
    kn_function *fo = (kn_function *)kn_obj_alloc(&kn_type_function, sizeof *fo, err);
    if (!fo) return NULL;
    fo->fn = fn;
    fo->defaults = tc_calloc((size_t)fn->nparams + 1, sizeof *fo->defaults);
    fo->keys = tc_calloc((size_t)fn->nparams + 1, sizeof *fo->keys);
    fo->node = n;
    fo->globals = f->globals;
    fo->ast = kn_ast_ref(f->ast);
    fo->ev = ev;
    bool keys_ok = fo->keys != NULL;
    for (int i = 0; keys_ok && i < fn->nparams; i++)
        keys_ok = (fo->keys[i] = kn__intern_name(fn->params[i].name)) != NULL;
    if (!fo->defaults || !keys_ok) {
        kn_decref(&fo->base);
        kn_nomem(err);
        return NULL;
    }
    for (int i = 0; i < fn->nparams; i++)
        if (fn->params[i].dflt && !(fo->defaults[i] = eval(ev, f, fn->params[i].dflt, err))) {
            kn_decref(&fo->base);
            return NULL;
        }
    /* annotations are evaluated at definition, as CPython 3.11 does without the future
     * import; only defs that have them pay for the dict */
    for (int i = 0; i <= fn->nparams; i++) {
        kn_node *an = i < fn->nparams ? fn->params[i].annotation : fn->returns;
        if (!an) continue;
        kn_obj *v = eval(ev, f, an, err);
        if (v && !fo->annotations && !(fo->annotations = kn_dict_new())) kn_nomem(err);
        int rc = v && fo->annotations
                     ? kn_dict_set_str(fo->annotations, i < fn->nparams ? fn->params[i].name
                                                                        : "return",
                                       v)
                     : -1;
        kn_decref(v);
        if (rc < 0) {
            if (!tc_error_is_set(err)) kn_nomem(err);
            kn_decref(&fo->base);
            return NULL;
        }
    }
    /* only a function that reads its enclosing functions' names holds their scopes: one
     * that does not, stored in the locals dict it would capture, would make a reference
     * cycle for nothing (there is no cycle collector). The parser cannot tell for one
     * made in a comprehension (its element is read before the clauses that bind the
     * names), which keeps them. */
    bool oom = false;
    fo->closure = fn->outer_reads || f->comp ? make_closure(f, &oom) : NULL;
    if (oom) {
        kn_decref(&fo->base);
        kn_nomem(err);
        return NULL;
    }
    return &fo->base;
}

/* `name := value` binds in the scope containing the expression; in a comprehension, the
 * nearest enclosing function's scope (or the globals), as PEP 572 says. */
static int store_walrus(kn_eval *ev, frame *f, kn_node *t, kn_obj *v, kn_err *err) {
    if (!f->comp) return store_name_node(ev, f, t, v, err);
    for (scope *s = f->closure; s; s = s->up)
        if (s->fn) {
            frame ff = {.locals = s->locals, .closure = s->up, .fn = s->fn, .ast = f->ast,
                        .globals = f->globals};
            return store_name_node(ev, &ff, t, v, err);
        }
    frame mf = {.ast = f->ast, .globals = f->globals};
    return store_name_node(ev, &mf, t, v, err);
}

static kn_obj *eval_inner(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    kn_obj *a, *b, *r;
    int t;
    switch (n->kind) {
    case KN_AST_CONST:
        return const_value(f, n, err);
    case KN_AST_NAME:
        return load_name_node(ev, f, n, err);
    case KN_AST_FSTRING:
        return eval_fstring(ev, f, n, err);
    case KN_AST_BINOP:
        if (!(a = eval(ev, f, n->binop.left, err))) return NULL;
        if (!(b = eval(ev, f, n->binop.right, err))) {
            kn_decref(a);
            return NULL;
        }
        r = kn_binary(n->binop.op, a, b, err);
        kn_decref(a);
        kn_decref(b);
        return r;
    case KN_AST_UNARY:
        if (!(a = eval(ev, f, n->unary.operand, err))) return NULL;
        if (n->unary.op == KN_UNARY_NOT) {
            t = kn_truth(a, err);
            r = t < 0 ? NULL : kn_bool_new(!t);
        } else {
            r = kn_unary((kn_unop)n->unary.op, a, err); /* the kinds share kn_unop's values */
        }
        kn_decref(a);
        return r;
    case KN_AST_BOOLOP:
        for (int i = 0;; i++) {
            if (!(a = eval(ev, f, n->boolop.values.v[i], err))) return NULL;
            if (i == n->boolop.values.n - 1) return a;
            if ((t = kn_truth(a, err)) < 0) {
                kn_decref(a);
                return NULL;
            }
            /* or: the first truthy value; and: the first falsy one */
            if ((n->boolop.op == KN_BOOLOP_OR) == (t == 1)) return a;
            kn_decref(a);
        }
    case KN_AST_COMPARE:
        return eval_compare(ev, f, n, err);
    case KN_AST_IFEXP:
        if (!(a = eval(ev, f, n->ifexp.test, err))) return NULL;
        t = kn_truth(a, err);
        kn_decref(a);
        if (t < 0) return NULL;
        return eval(ev, f, t ? n->ifexp.body : n->ifexp.orelse, err);
    case KN_AST_CALL:
        return eval_call(ev, f, n, err);
    case KN_AST_ATTR:
        if (!(a = eval(ev, f, n->attr.value, err))) return NULL;
        r = kn_getattr(a, n->attr.attr, err);
        kn_decref(a);
        return r;
    case KN_AST_SUBSCRIPT:
        if (!(a = eval(ev, f, n->subscript.value, err))) return NULL;
        if (!(b = eval_index(ev, f, n->subscript.index, err))) {
            kn_decref(a);
            return NULL;
        }
        r = kn_getitem(a, b, err);
        kn_decref(a);
        kn_decref(b);
        return r;
    case KN_AST_SLICE:
        return eval_index(ev, f, n, err);
    case KN_AST_TUPLE:
    case KN_AST_LIST:
        return eval_seq(ev, f, n, err);
    case KN_AST_DICT:
        return eval_dict(ev, f, n, err);
    case KN_AST_SET:
        return eval_set(ev, f, n, err);
    case KN_AST_LISTCOMP:
        if (n->comp.genexp) return gen_from_genexp(ev, f, n, err);
        return eval_comp(ev, f, n, err);
    case KN_AST_DICTCOMP:
    case KN_AST_SETCOMP:
        return eval_comp(ev, f, n, err);
    case KN_AST_YIELD:
    case KN_AST_YIELDFROM:
        return eval_yield(ev, f, n, err);
    case KN_AST_LAMBDA:
        return make_function(ev, f, n, err);
    case KN_AST_NAMEDEXPR:
        if (!(a = eval(ev, f, n->namedexpr.value, err))) return NULL;
        if (store_walrus(ev, f, n->namedexpr.target, a, err) < 0) {
            kn_decref(a);
            return NULL;
        }
        return a;
    case KN_AST_STARRED:
        tc_error_set(err, TC_EXC_SYNTAX, "can't use starred expression here");
        return NULL;
    default:
        tc_error_set(err, TC_EXC_SYNTAX, "unexpected %s node in an expression",
                     kn_node_kind_name(n->kind));
        return NULL;
    }
}

static kn_obj *eval(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    if (stack_check(ev, err) < 0) return NULL;
    kn_obj *r = eval_inner(ev, f, n, err);
    /* A constructor without an err argument returns a bare NULL when memory runs out and
     * the setters skip it (object.h): an expression during which an allocation failed
     * without an error being reported has a lost MemoryError, and its value may lack
     * parts, so it is dropped. Any other bare NULL is a bug. */
    if (tc_error_is_set(err)) {
        tc_alloc_failed_take(); /* reported (or superseded) */
    } else if (tc_alloc_failed_take()) {
        kn_decref(r);
        r = NULL;
        kn_nomem(err);
    } else if (!r) {
        tc_error_set(err, TC_EXC_RUNTIME, "internal error: an operation failed without a message");
    }
    return r;
}

/* ---- assignment targets --------------------------------------------------------------- */

/* The items of 'value' for an unpacking into 'want' targets, as CPython takes them: without
 * a starred target at most want + 1 items are drawn (a, b = range(10**9) fails at once),
 * with one the iterator is drained into the list. */
kn_obj *kn__unpack_items(kn_obj *value, int64_t want, bool star, kn_err *err) {
    kn_obj *list = kn_list_new(0), *it = list ? kn_iter(value, err) : NULL;
    if (!list) kn_nomem(err);
    if (!it) {
        if (err->type == TC_EXC_TYPE) {
            tc_error_clear(err);
            tc_error_set(err, TC_EXC_TYPE, "cannot unpack non-iterable %s object",
                         kn_type_name(value));
        }
        kn_decref(list);
        return NULL;
    }
    kn_obj *x;
    int64_t k = 0;
    while ((star || k <= want) && (x = kn_next(it, err))) {
        int rc = kn_list_append(list, x);
        kn_decref(x);
        if (rc < 0) {
            kn_nomem(err);
            break;
        }
        if ((++k & 0xfff) == 0 && tc_interrupt_check(err) < 0) break;
    }
    kn_decref(it);
    if (tc_error_is_set(err)) {
        kn_decref(list);
        return NULL;
    }
    return list;
}

static int unpack(kn_eval *ev, frame *f, kn_node *target, kn_obj *value, kn_err *err) {
    const kn_nodes *elts = &target->seq.elts;
    int64_t want = elts->n, star = -1;
    for (int i = 0; i < elts->n; i++)
        if (elts->v[i]->kind == KN_AST_STARRED) star = i;
    kn_obj *list = kn__unpack_items(value, want, star >= 0, err);
    if (!list) return -1;
    int64_t have = kn_list_len(list);
    int rc = 0;
    if (star < 0 && have != want) {
        rc = have < want
                 ? tc_error_set(err, TC_EXC_VALUE,
                                "not enough values to unpack (expected %lld, got %lld)",
                                (long long)want, (long long)have)
                 : tc_error_set(err, TC_EXC_VALUE, "too many values to unpack (expected %lld)",
                                (long long)want);
    } else if (star >= 0 && have < want - 1) {
        rc = tc_error_set(err, TC_EXC_VALUE,
                          "not enough values to unpack (expected at least %lld, got %lld)",
                          (long long)(want - 1), (long long)have);
    }
    kn_obj **items = kn_list_items(list);
    for (int64_t i = 0, j = 0; rc == 0 && i < want; i++) {
        kn_node *t = elts->v[i];
        if (i == star) {
            int64_t n = have - (want - 1);
            kn_obj *rest = kn_list_new(0);
            for (int64_t k = 0; rest && k < n; k++)
                if (kn_list_append(rest, items[j + k]) < 0) {
                    kn_decref(rest);
                    rest = NULL;
                }
            j += n;
            rc = rest ? assign(ev, f, t->starred.value, rest, err)
                      : kn_nomem(err);
            kn_decref(rest);
        } else {
            rc = assign(ev, f, t, items[j++], err);
        }
    }
    kn_decref(list);
    return rc;
}

static int assign(kn_eval *ev, frame *f, kn_node *target, kn_obj *value, kn_err *err) {
    kn_obj *o, *k;
    int rc;
    switch (target->kind) {
    case KN_AST_NAME:
        return store_name_node(ev, f, target, value, err);
    case KN_AST_ATTR:
        if (!(o = eval(ev, f, target->attr.value, err))) return -1;
        rc = kn_setattr(o, target->attr.attr, value, err);
        kn_decref(o);
        return rc;
    case KN_AST_SUBSCRIPT:
        if (!(o = eval(ev, f, target->subscript.value, err))) return -1;
        if (!(k = eval_index(ev, f, target->subscript.index, err))) {
            kn_decref(o);
            return -1;
        }
        rc = kn_setitem(o, k, value, err);
        kn_decref(o);
        kn_decref(k);
        return rc;
    case KN_AST_TUPLE:
    case KN_AST_LIST:
        return unpack(ev, f, target, value, err);
    case KN_AST_STARRED:
        return tc_error_set(err, TC_EXC_SYNTAX,
                            "starred assignment target must be in a list "
                            "or tuple");
    default:
        return tc_error_set(err, TC_EXC_SYNTAX, "cannot assign to expression");
    }
}

static int augassign(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    kn_node *t = n->augassign_stmt.target;
    kn_obj *obj = NULL, *key = NULL, *cur = NULL, *rhs = NULL, *res = NULL;
    int rc = -1;
    if (t->kind == KN_AST_NAME) {
        cur = load_name_node(ev, f, t, err);
    } else if (t->kind == KN_AST_ATTR) {
        if ((obj = eval(ev, f, t->attr.value, err))) cur = kn_getattr(obj, t->attr.attr, err);
    } else {
        if ((obj = eval(ev, f, t->subscript.value, err)) &&
            (key = eval_index(ev, f, t->subscript.index, err)))
            cur = kn_getitem(obj, key, err);
    }
    if (cur && (rhs = eval(ev, f, n->augassign_stmt.value, err)) &&
        (res = kn_inplace(n->augassign_stmt.op, cur, rhs, err))) {
        if (t->kind == KN_AST_NAME)
            rc = store_name_node(ev, f, t, res, err);
        else if (t->kind == KN_AST_ATTR)
            rc = kn_setattr(obj, t->attr.attr, res, err);
        else
            rc = kn_setitem(obj, key, res, err);
    }
    kn_decref(obj);
    kn_decref(key);
    kn_decref(cur);
    kn_decref(rhs);
    kn_decref(res);
    return rc;
}

static int delete_target(kn_eval *ev, frame *f, kn_node *t, kn_err *err) {
    kn_obj *o, *k;
    int rc;
    switch (t->kind) {
    case KN_AST_NAME:
        return kn__delete_name(ev, f, t->name.id, err);
    case KN_AST_SUBSCRIPT:
        if (!(o = eval(ev, f, t->subscript.value, err))) return -1;
        if (!(k = eval_index(ev, f, t->subscript.index, err))) {
            kn_decref(o);
            return -1;
        }
        rc = kn_delitem(o, k, err);
        kn_decref(o);
        kn_decref(k);
        return rc;
    case KN_AST_TUPLE:
    case KN_AST_LIST:
        for (int i = 0; i < t->seq.elts.n; i++)
            if (delete_target(ev, f, t->seq.elts.v[i], err) < 0) return -1;
        return 0;
    case KN_AST_ATTR:
        if (!(o = eval(ev, f, t->attr.value, err))) return -1;
        rc = kn_setattr(o, t->attr.attr, NULL, err);
        kn_decref(o);
        return rc;
    default:
        return tc_error_set(err, TC_EXC_SYNTAX, "cannot delete expression");
    }
}

/* ---- imports ---------------------------------------------------------------------------- */

/* Import a built-in module by name (see eval.h). */
static exec_status exec_stmt(kn_eval *ev, frame *f, kn_node *n, kn_err *err);

static kn_obj *import_dotted(kn_eval *ev, const char *dotted, kn_err *err);
static bool has_python_parts(const char *name);
static int lazy_install(kn_eval *ev, kn_obj *module, const char *name, const char *extras,
                        int methods, kn_err *err);

/* Run a module written in Python (kernel/torch/pylib.h) in its own namespace. It is
 * registered before its body runs (a module it imports may import it back, as Python's
 * sys.modules allows) and attached to its parent package (torch.nn becomes torch's 'nn'). */
static kn_obj *import_source(kn_eval *ev, const char *name, const char *src, kn_err *err) {
    kn_parse_error pe;
    kn_ast *ast = kn_parse(src, 0, &pe);
    if (!ast) {
        tc_error_set(err, pe.err.type, "%s (module %s, line %d)", pe.err.msg, name, pe.line);
        return NULL;
    }
    kn_obj *m = kn_module_new(name, NULL), *key = kn_str_from_cstr(name);
    if (!m || !key || kn_module_add(m, "__name__", key) < 0 ||
        kn_dict_set(ev->modules, key, m, err) < 0 ||
        (has_python_parts(name) && lazy_install(ev, m, name, NULL, -1, err) < 0)) {
        if (m && key) {
            kn_err e;
            tc_error_init(&e);
            kn_dict_del(ev->modules, key, &e);
        }
        kn_decref(m);
        kn_decref(key);
        kn_ast_unref(ast);
        if (!tc_error_is_set(err)) kn_nomem(err);
        return NULL;
    }
    frame f = {.ast = ast, .globals = kn_module_dict(m)};
    int saved_depth = ev->depth;
    ev->depth++; /* a traceback entry of its own */
    int rc = 0;
    for (int i = 0; rc == 0 && i < ast->body.n; i++) {
        exec_status st = exec_stmt(ev, &f, ast->body.v[i], err);
        if (st == EX_ERR) rc = -1;
        if (st == EX_RETURN) kn_decref(f.retval);
    }
    ev->depth = saved_depth;
    kn_ast_unref(ast);
    const char *dot = strrchr(name, '.');
    if (rc == 0 && dot) {
        char parent[128];
        snprintf(parent, sizeof parent, "%.*s", (int)(dot - name), name);
        kn_obj *pm = import_dotted(ev, parent, err); /* the parent may be a C submodule (torch.autograd) */
        rc = pm ? kn_setattr(pm, dot + 1, m, err) : -1;
        kn_decref(pm);
    }
    if (rc < 0) {
        kn_err e;
        tc_error_init(&e);
        kn_dict_del(ev->modules, key, &e);
        kn_dict_clear(kn_module_dict(m)); /* its functions hold its namespace: free the cycle */
        kn_decref(m);
        m = NULL;
    }
    kn_decref(key);
    return m;
}

/* ---- packages whose parts load on first use ---------------------------------------------
 * torch's parts written in Python (torch.nn, torch.optim, torch.utils.data, ...) and the
 * functions composed in Python (torch_extras, numpy_extras) load on first use, so that
 * `import torch` stays small and quick. A package gets a __getattr__ (PEP 562) that imports
 * the part of that name, or else loads the package's extras module once and looks again, and
 * a __dir__ that lists both (dir(), completion). The Tensor/ndarray methods of the extras
 * load the same way, through torch._tensor_method_loader. */
typedef struct lazy_pkg {
    kn_obj base;
    kn_eval *ev;        /* not owned: the package lives in ev->modules or under one that does */
    char name[64];      /* "torch", "torch.linalg" */
    const char *extras; /* "torch_extras", or NULL */
} lazy_pkg;

static const kn_type lazy_pkg_type = {.name = "lazy_package", .qualname = "lazy_package",
                                      .hidden_self = true};

/* Import the extras module of p once (0, or -1 with err; a failed load is tried again). */
static int lazy_load_extras(lazy_pkg *p, kn_err *err) {
    if (!p->extras || kn_dict_get_str(p->ev->modules, p->extras)) return 0; /* loaded, loading */
    kn_obj *m = kn_eval_import(p->ev, p->extras, err);
    kn_decref(m);
    return m ? 0 : -1;
}

/* The Python part p.name + "." + name, when there is one: its full name in buf. */
static bool lazy_part(const lazy_pkg *p, const char *name, char *buf, size_t cap) {
    return (size_t)snprintf(buf, cap, "%s.%s", p->name, name) < cap && kn_pylib_find(buf);
}

static kn_obj *lazy_getattr(kn_obj *self, const kn_args *a, kn_err *err) {
    lazy_pkg *p = (lazy_pkg *)self;
    if (a->npos != 1 || a->nkw || !kn_is(a->pos[0], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "__getattr__() takes one str argument");
        return NULL;
    }
    const char *name = kn_str_cstr(a->pos[0]);
    char full[256];
    if (lazy_part(p, name, full, sizeof full)) return kn_eval_import(p->ev, full, err);
    bool special = name[0] == '_' && name[1] == '_'; /* __path__, __wrapped__: never extras */
    if (!special && p->extras && !kn_dict_get_str(p->ev->modules, p->extras)) {
        if (lazy_load_extras(p, err) < 0) return NULL;
        kn_obj *pkg = import_dotted(p->ev, p->name, err);
        if (!pkg) return NULL;
        kn_obj *v = kn_dict_get_str(kn_module_dict(pkg), name);
        kn_incref(v);
        kn_decref(pkg);
        if (v) return v;
    }
    tc_error_set(err, TC_EXC_ATTRIBUTE, "module '%s' has no attribute '%s'", p->name, name);
    return NULL;
}

static kn_obj *lazy_dir(kn_obj *self, const kn_args *a, kn_err *err) {
    lazy_pkg *p = (lazy_pkg *)self;
    if (lazy_load_extras(p, err) < 0) return NULL;
    kn_obj *pkg = import_dotted(p->ev, p->name, err);
    if (!pkg) return NULL;
    kn_obj *d = kn_module_dict(pkg), *list = kn_list_new(0), *k, *v;
    int64_t it = 0;
    while (list && kn_dict_next(d, &it, &k, &v))
        if (kn_list_append(list, k) < 0) kn_decref(list), list = NULL;
    size_t n = strlen(p->name);
    for (const kn_pylib_module *pm = kn_pylib_modules(); list && pm->name; pm++) {
        const char *part = pm->name + n + 1;
        if (strncmp(pm->name, p->name, n) || pm->name[n] != '.' || strchr(part, '.') ||
            kn_dict_get_str(d, part))
            continue; /* not a direct part, or already imported */
        kn_obj *s = kn_str_from_cstr(part);
        if (!s || kn_list_append(list, s) < 0) kn_decref(list), list = NULL;
        kn_decref(s);
    }
    kn_decref(pkg);
    if (!list) kn_nomem(err);
    return list;
}

static kn_obj *lazy_methods(kn_obj *self, const kn_args *a, kn_err *err) {
    return lazy_load_extras((lazy_pkg *)self, err) < 0 ? NULL : kn_none_new();
}

/* Give module (the package called name) its lazy __getattr__ and __dir__; with extras, its
 * extras module loads on the first name it lacks; methods >= 0 also registers the extras as
 * the loader of the Tensor (0) or ndarray (1) methods. 0, or -1 with err. */
static int lazy_install(kn_eval *ev, kn_obj *module, const char *name, const char *extras,
                        int methods, kn_err *err) {
    lazy_pkg *p = (lazy_pkg *)kn_obj_alloc(&lazy_pkg_type, sizeof *p, err);
    if (!p) return -1;
    p->ev = ev;
    snprintf(p->name, sizeof p->name, "%s", name);
    p->extras = extras;
    kn_obj *ga = kn_cfunction_new("__getattr__", lazy_getattr, &p->base, "(name, /)",
                                  "Return the part of this package called name, loading it on "
                                  "first use.");
    kn_obj *dir = kn_cfunction_new("__dir__", lazy_dir, &p->base, "()",
                                   "Return the names of this package, with the parts that load "
                                   "on first use.");
    kn_obj *load = methods >= 0 ? kn_cfunction_new("_load_extras", lazy_methods, &p->base, "()",
                                                   NULL)
                                : NULL;
    kn_decref(&p->base);
    kn_obj *d = kn_module_dict(module);
    int rc = ga && dir && (methods < 0 || load) && kn_dict_set_str(d, "__getattr__", ga) == 0 &&
                     kn_dict_set_str(d, "__dir__", dir) == 0
                 ? 0
                 : kn_nomem(err);
    if (rc == 0 && methods >= 0) { /* torch._tensor_method_loader(load, ndarray): the registry */
        kn_obj *torch = methods ? kn_eval_import(ev, "torch", err) : kn_incref(module);
        kn_obj *reg_fn = torch ? kn_dict_get_str(kn_module_dict(torch), "_tensor_method_loader")
                               : NULL;
        kn_obj *args[2] = {load, methods ? kn_true() : kn_false()};
        kn_obj *reg = reg_fn ? kn_call_simple(reg_fn, args, 2, err) : NULL;
        /* the package keeps the registry: the methods live while their interpreter does */
        rc = reg && kn_dict_set_str(d, "_tensor_methods", reg) == 0 ? 0 : -1;
        if (rc < 0 && !tc_error_is_set(err)) kn_nomem(err);
        kn_decref(reg);
        kn_decref(torch);
    }
    kn_decref(ga);
    kn_decref(dir);
    kn_decref(load);
    return rc;
}

/* tensor.numpy() makes ndarrays before any `import numpy`: until numpy's import registers
 * its own, torch registers the loader of the ndarray methods (numpy_extras, which imports
 * numpy). 0, or -1 with err. */
static int lazy_ndarray_loader(kn_eval *ev, kn_obj *torch, kn_err *err) {
    lazy_pkg *p = (lazy_pkg *)kn_obj_alloc(&lazy_pkg_type, sizeof *p, err);
    if (!p) return -1;
    p->ev = ev;
    snprintf(p->name, sizeof p->name, "numpy");
    p->extras = "numpy_extras";
    kn_obj *load = kn_cfunction_new("_load_extras", lazy_methods, &p->base, "()", NULL);
    kn_decref(&p->base);
    kn_obj *reg_fn = kn_dict_get_str(kn_module_dict(torch), "_tensor_method_loader");
    kn_obj *args[2] = {load, kn_true()};
    kn_obj *reg = load && reg_fn ? kn_call_simple(reg_fn, args, 2, err) : NULL;
    if (!reg && !tc_error_is_set(err)) kn_nomem(err);
    kn_decref(reg); /* the torch package keeps the registry (its _tensor_methods) */
    kn_decref(load);
    return reg ? 0 : -1;
}

/* Whether the package called name has parts written in Python. */
static bool has_python_parts(const char *name) {
    size_t n = strlen(name);
    for (const kn_pylib_module *pm = kn_pylib_modules(); pm->name; pm++)
        if (!strncmp(pm->name, name, n) && pm->name[n] == '.') return true;
    return false;
}

/* After the C torch (numpy) module: its lazy parts (torch.linalg and torch.autograd too). */
static int lazy_install_builtin(kn_eval *ev, kn_obj *m, const char *name, kn_err *err) {
    bool torch = !strcmp(name, "torch");
    if (!torch && strcmp(name, "numpy")) return 0;
    if (lazy_install(ev, m, name, torch ? "torch_extras" : "numpy_extras", torch ? 0 : 1, err) < 0)
        return -1;
    if (torch && lazy_ndarray_loader(ev, m, err) < 0) return -1;
    static const char *const subs[] = {"linalg", "autograd"};
    for (size_t i = 0; torch && i < sizeof subs / sizeof subs[0]; i++) {
        char full[64];
        snprintf(full, sizeof full, "torch.%s", subs[i]);
        kn_obj *sub = kn_dict_get_str(kn_module_dict(m), subs[i]);
        if (sub && kn_is(sub, &kn_type_module) &&
            lazy_install(ev, sub, full, i == 0 ? "torch_extras" : "torch.autograd.function", -1, err) < 0)
            return -1;
    }
    /* numpy.random's Generator, PCG64 and SeedSequence are Python (_numpy_random) */
    kn_obj *rnd = torch ? NULL : kn_dict_get_str(kn_module_dict(m), "random");
    if (rnd && kn_is(rnd, &kn_type_module) && lazy_install(ev, rnd, "numpy.random", "_numpy_random", -1, err) < 0)
        return -1;
    return 0;
}

kn_obj *kn_eval_import(kn_eval *ev, const char *name, kn_err *err) {
    kn_obj *m = kn_dict_get_str(ev->modules, name);
    if (m) return kn_incref(m);
    if (!strcmp(name, "builtins")) { /* the namespace names fall back to, itself */
        m = kn_mod_builtins_new(ev->builtins);
        if (!m || kn_dict_set_str(ev->modules, name, m) < 0) {
            kn_decref(m);
            kn_nomem(err);
            return NULL;
        }
        return m;
    }
    const char *src = kn_pylib_find(name);
    if (src) return import_source(ev, name, src, err);
    static const struct {
        const char *name;
        kn_obj *(*init)(kn_err *);
    } mods[] = {{"torch", kn_mod_torch_init},
                {"numpy", kn_mod_numpy_init},
                {"math", kn_mod_math_init},
                {"time", kn_mod_time_init},
                {"random", kn_mod_random_init},
                {"string", kn_mod_string_init},
                {"os", kn_mod_os_init},
                {"_io", kn_mod__io_init},
                {"_warnings", kn_mod__warnings_init},
                {"_re", kn_mod__re_init},
                {"__future__", kn_mod_future_init},
                {"collections", kn_mod_collections_init},
                {"functools", kn_mod_functools_init},
                {"itertools", kn_mod_itertools_init},
                {"sys", kn_mod_sys_init}};
    for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++) {
        if (strcmp(name, mods[i].name) != 0) continue;
        if (!(m = mods[i].init(err))) {
            if (!tc_error_is_set(err) && tc_alloc_failed_take()) kn_nomem(err);
            if (!tc_error_is_set(err))
                tc_error_set(err, TC_EXC_IMPORT, "No module named '%s'", name);
            return NULL;
        }
        if (tc_alloc_failed_take()) { /* an init that lost an allocation is incomplete */
            kn_decref(m);
            kn_nomem(err);
            return NULL;
        }
        if (kn_dict_set_str(ev->modules, name, m) < 0) {
            kn_decref(m);
            kn_nomem(err);
            return NULL;
        }
        if (lazy_install_builtin(ev, m, name, err) < 0) {
            kn_err e;
            tc_error_init(&e);
            kn_obj *key = kn_str_from_cstr(name);
            if (key) kn_dict_del(ev->modules, key, &e);
            kn_decref(key);
            kn_decref(m);
            return NULL;
        }
        return m;
    }
    tc_error_set(err, TC_EXC_IMPORT, "No module named '%s'", name);
    return NULL;
}

/* Resolve "torch.cuda": import the top package and walk attributes. */
static kn_obj *import_dotted(kn_eval *ev, const char *dotted, kn_err *err) {
    char top[128];
    size_t tl = strcspn(dotted, ".");
    if (tl >= sizeof top) tl = sizeof top - 1;
    memcpy(top, dotted, tl);
    top[tl] = 0;
    kn_obj *m = kn_eval_import(ev, top, err);
    const char *p = dotted + tl;
    while (m && *p == '.') {
        p++;
        char part[128];
        size_t pl = strcspn(p, ".");
        if (pl >= sizeof part) pl = sizeof part - 1;
        memcpy(part, p, pl);
        part[pl] = 0;
        char full[256];
        snprintf(full, sizeof full, "%.*s", (int)(p + pl - dotted), dotted);
        kn_obj *sub;
        if (kn_pylib_find(full)) { /* a module written in Python, imported or not */
            if (!(sub = kn_eval_import(ev, full, err))) {
                kn_decref(m);
                return NULL;
            }
        } else {
            kn_err e2;
            tc_error_init(&e2);
            sub = kn_getattr(m, part, &e2);
        }
        kn_decref(m);
        m = sub;
        if (!m) tc_error_set(err, TC_EXC_IMPORT, "No module named '%s'", dotted);
        p += pl;
    }
    return m;
}

static int exec_import(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    for (int i = 0; i < n->import_stmt.names.n; i++) {
        kn_node *al = n->import_stmt.names.v[i];
        kn_obj *m = import_dotted(ev, al->alias.name, err);
        if (!m) return -1;
        int rc;
        if (al->alias.asname) {
            rc = store_name(ev, f, al->alias.asname, m, err);
        } else {
            char top[128];
            size_t tl = strcspn(al->alias.name, ".");
            snprintf(top, sizeof top, "%.*s", (int)tl, al->alias.name);
            kn_obj *tm = kn_eval_import(ev, top, err);
            rc = tm ? store_name(ev, f, top, tm, err) : -1;
            kn_decref(tm);
        }
        kn_decref(m);
        if (rc < 0) return -1;
    }
    return 0;
}

/* from m import *: the names in m.__all__, or else every name of m's namespace that does
 * not start with an underscore (names a package would load on first use are not loaded). */
static int import_star(kn_eval *ev, frame *f, kn_obj *m, kn_err *err) {
    kn_obj *d = kn_is(m, &kn_type_module) ? kn_module_dict(m) : NULL;
    if (!d) return tc_error_set(err, TC_EXC_TYPE, "import * needs a module");
    kn_obj *all = kn_dict_get_str(d, "__all__");
    int rc = 0;
    if (all) {
        kn_obj *it = kn_iter(all, err), *name;
        if (!it) return -1;
        while (rc == 0 && (name = kn_next(it, err))) {
            if (!kn_is(name, &kn_type_str)) {
                rc = tc_error_set(err, TC_EXC_TYPE, "Item in %s.__all__ must be str, not %s",
                                  "module", kn_type_name(name));
            } else {
                kn_obj *v = kn_getattr(m, kn_str_cstr(name), err);
                rc = v ? store_name(ev, f, kn_str_cstr(name), v, err) : -1;
                kn_decref(v);
            }
            kn_decref(name);
        }
        kn_decref(it);
        return rc < 0 || tc_error_is_set(err) ? -1 : 0;
    }
    kn_obj *keys = kn_list_new(0);
    if (!keys) return kn_nomem(err);
    int64_t pos = 0;
    kn_obj *k, *v;
    while (kn_dict_next(d, &pos, &k, &v)) /* first the names: storing may change d */
        if (kn_is(k, &kn_type_str) && kn_str_cstr(k)[0] != '_' && kn_list_append(keys, k) < 0) {
            kn_decref(keys);
            return kn_nomem(err);
        }
    for (int64_t i = 0; rc == 0 && i < kn_list_len(keys); i++) {
        const char *name = kn_str_cstr(kn_list_items(keys)[i]);
        kn_obj *val = kn_dict_get_str(d, name);
        if (val) rc = store_name(ev, f, name, val, err);
    }
    kn_decref(keys);
    return rc;
}

static int exec_from_import(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    const char *module = n->import_stmt.module;
    kn_obj *m = import_dotted(ev, module, err);
    if (!m) return -1;
    int rc = 0;
    if (n->import_stmt.names.n == 1 && strcmp(n->import_stmt.names.v[0]->alias.name, "*") == 0) {
        rc = import_star(ev, f, m, err);
        kn_decref(m);
        return rc;
    }
    for (int i = 0; rc == 0 && i < n->import_stmt.names.n; i++) {
        kn_node *al = n->import_stmt.names.v[i];
        kn_err e2;
        tc_error_init(&e2);
        kn_obj *v = kn_getattr(m, al->alias.name, &e2);
        if (!v) {
            rc = tc_error_set(err, TC_EXC_IMPORT_ERROR, "cannot import name '%s' from '%s'",
                              al->alias.name, module);
            break;
        }
        rc = store_name(ev, f, al->alias.asname ? al->alias.asname : al->alias.name, v, err);
        kn_decref(v);
    }
    kn_decref(m);
    return rc;
}

/* ---- exceptions ----------------------------------------------------------------------- */

/* Type and message of an exception value (see eval.h): builtin exception values and
 * instances of user classes deriving from an exception class (their message is str(e)). */
int kn_exception_info(kn_obj *exc, tc_exc *type, char *msg, size_t n, kn_err *err) {
    if (kn_is_instance_obj(exc)) {
        tc_exc k = kn_class_exc_kind(exc->type->heap_class);
        if (k == TC_EXC_NONE)
            return tc_error_set(err, TC_EXC_TYPE, "exceptions must derive from BaseException");
        kn_obj *s = kn_str(exc, err);
        if (!s) return -1;
        *type = k;
        snprintf(msg, n, "%s", kn_str_cstr(s));
        kn_decref(s);
        return 0;
    }
    if (!kn_is(exc, &kn_type_exception))
        return tc_error_set(err, TC_EXC_TYPE, "exceptions must derive from BaseException");
    *type = kn_exception_kind(exc);
    if (*type == TC_EXC_NONE) *type = TC_EXC_EXCEPTION;
    snprintf(msg, n, "%s", kn_exception_msg(exc));
    return 0;
}

/* The exception object 'err' was raised with (borrowed), or NULL when it was raised by
 * native code as a type and a message. */
static kn_obj *exc_carried(kn_eval *ev, const kn_err *err) {
    return err->tag && err->tag == ev->exc_tag ? ev->exc_obj : NULL;
}

/* A new reference to the exception object for err (made from its type and message when it
 * was raised without one). */
static kn_obj *exc_value(kn_eval *ev, const kn_err *err) {
    kn_obj *o = exc_carried(ev, err);
    return o ? kn_incref(o) : kn_exception_new(err->type, err->msg);
}

/* Make err carry 'obj' (borrowed). */
static void exc_attach(kn_eval *ev, kn_err *err, kn_obj *obj) {
    err->tag = ++ev->next_tag;
    kn_obj *old = ev->exc_obj;
    ev->exc_obj = kn_incref(obj);
    ev->exc_tag = err->tag;
    kn_decref(old);
}

/* Raise the exception object 'obj' (borrowed) into err. Always -1. */
static int raise_obj(kn_eval *ev, kn_obj *obj, kn_err *err) {
    tc_exc type;
    char msg[TC_ERROR_MSG_MAX];
    if (kn_exception_info(obj, &type, msg, sizeof msg, err) < 0) return -1;
    if (tc_error_is_set(err)) return -1;
    tc_error_set(err, type, "%s", msg);
    exc_attach(ev, err, obj);
    return -1;
}

/* An error waiting aside (while 'finally' or __exit__ runs) keeps its object. */
typedef struct exc_pending {
    tc_error err;
    kn_obj *obj;
} exc_pending;

static void exc_set_aside(kn_eval *ev, kn_err *err, exc_pending *p) {
    p->err = *err;
    p->obj = kn_incref(exc_carried(ev, err));
    tc_error_clear(err);
}

static void exc_put_back(kn_eval *ev, kn_err *err, exc_pending *p) {
    *err = p->err;
    if (p->obj) {
        kn_obj *old = ev->exc_obj;
        ev->exc_obj = p->obj;
        ev->exc_tag = err->tag;
        kn_decref(old);
    }
    p->obj = NULL;
}

static void exc_drop(exc_pending *p) {
    kn_decref(p->obj);
    p->obj = NULL;
}

const char *kn_eval_exc_name(kn_eval *ev, const kn_err *err) {
    kn_obj *o = exc_carried(ev, err);
    if (o && kn_is_instance_obj(o)) return kn_type_name(o);
    return tc_exc_name(err->type);
}

kn_obj *kn_eval_exc_qualname(kn_eval *ev, const kn_err *err) {
    kn_obj *o = exc_carried(ev, err);
    if (!o || !kn_is_instance_obj(o)) return NULL;
    kn_err e;
    tc_error_init(&e);
    kn_obj *cls = o->type->heap_class;
    kn_obj *mod = kn_getattr(cls, "__module__", &e), *qn = kn_getattr(cls, "__qualname__", &e);
    tc_error_clear(&e);
    kn_obj *r = NULL;
    if (qn && kn_is(qn, &kn_type_str)) {
        const char *m = mod && kn_is(mod, &kn_type_str) ? kn_str_cstr(mod) : "__main__";
        if (strcmp(m, "__main__") && strcmp(m, "builtins"))
            r = kn_str_printf("%s.%s", m, kn_str_cstr(qn));
        else if (strcmp(kn_str_cstr(qn), kn_type_name(o)))
            r = kn_incref(qn);
    }
    kn_decref(mod);
    kn_decref(qn);
    return r;
}

kn_obj *kn_eval_exc_cause(kn_eval *ev, const kn_err *err) {
    kn_obj *o = exc_carried(ev, err);
    if (!o) return NULL;
    kn_err e;
    tc_error_init(&e);
    kn_obj *c = kn_getattr(o, "__cause__", &e);
    kn_decref(c); /* borrowed: the exception object holds it */
    return c && c != kn_none() ? c : NULL;
}

/* An exception class (builtin or user) is instantiated with no arguments. */
static kn_obj *exc_instance(kn_obj *v, kn_err *err) {
    if (kn_is_exception_class(v, NULL) || kn_class_exc_kind(v) != TC_EXC_NONE) {
        kn_obj *inst = kn_call_simple(v, NULL, 0, err);
        kn_decref(v);
        return inst;
    }
    return v;
}

/* A bare `raise` (see eval-impl.h). */
int kn__reraise(kn_eval *ev, kn_err *err) {
    if (ev->nhandling == 0)
        return tc_error_set(err, TC_EXC_RUNTIME, "No active exception to reraise");
    int top = (ev->nhandling < 32 ? ev->nhandling : 32) - 1;
    *err = ev->handling[top].err;
    if (ev->handling[top].obj) exc_attach(ev, err, ev->handling[top].obj);
    return -1;
}

/* `raise v from cause` with both values evaluated (see eval-impl.h). */
int kn__raise_value(kn_eval *ev, kn_obj *v, kn_obj *c, kn_err *err) {
    if (!(v = exc_instance(v, err))) {
        kn_decref(c);
        return -1;
    }
    if (!kn_is(v, &kn_type_exception) &&
        !(kn_is_instance_obj(v) && kn_class_exc_kind(v->type->heap_class) != TC_EXC_NONE)) {
        kn_decref(v);
        kn_decref(c);
        return tc_error_set(err, TC_EXC_TYPE, "exceptions must derive from BaseException");
    }
    if (c) {
        if (!(c = exc_instance(c, err))) {
            kn_decref(v);
            return -1;
        }
        if (c != kn_none() && !kn_is(c, &kn_type_exception) &&
            !(kn_is_instance_obj(c) && kn_class_exc_kind(c->type->heap_class) != TC_EXC_NONE)) {
            kn_decref(c);
            kn_decref(v);
            return tc_error_set(err, TC_EXC_TYPE, "exception causes must derive from BaseException");
        }
        int rc = kn_setattr(v, "__cause__", c, err);
        kn_decref(c);
        if (rc < 0) {
            kn_decref(v);
            return -1;
        }
    }
    raise_obj(ev, v, err);
    kn_decref(v);
    return -1;
}

static int exec_raise(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    if (!n->raise_stmt.exc) return kn__reraise(ev, err);
    kn_obj *v = eval(ev, f, n->raise_stmt.exc, err), *c = NULL;
    if (!v) return -1;
    if (n->raise_stmt.cause && !(c = eval(ev, f, n->raise_stmt.cause, err))) {
        /* CPython evaluates the cause before checking the exception */
        kn_decref(v);
        return -1;
    }
    return kn__raise_value(ev, v, c, err);
}

/* Does the pending error match the handler class (or tuple of classes) 'cls'? 1, 0, or -1
 * with herr set (a handler that names no exception class). */
static int exc_matches(kn_eval *ev, const kn_err *pending, kn_obj *cls, kn_err *herr) {
    if (kn_is(cls, &kn_type_tuple)) {
        for (int64_t i = 0; i < kn_tuple_len(cls); i++) {
            int r = exc_matches(ev, pending, kn_tuple_items(cls)[i], herr);
            if (r != 0) return r;
        }
        return 0;
    }
    if (!kn_is_exception_type(cls))
        return tc_error_set(herr, TC_EXC_TYPE,
                            "catching classes that do not inherit from BaseException is not "
                            "allowed");
    bool user = kn_is_class(cls);
    kn_obj *o = exc_carried(ev, pending);
    if (o) return kn_isinstance(o, cls, herr);
    if (user) return 0;
    return kn_exc_matches(pending->type, kn_type_object_type(cls)->name);
}

/* Does the pending error in err match handler i? 1, 0, or -1 with err replaced by the error
 * evaluating the handler's class raised. */
static int handler_matches(kn_eval *ev, const kn_try_ops *ops, void *ctx, int i, kn_err *err) {
    bool bare = false;
    kn_err herr;
    tc_error_init(&herr);
    kn_obj *cls = ops->handler_type(ctx, i, &bare, &herr);
    if (bare) return 1;
    int r = cls ? exc_matches(ev, err, cls, &herr) : -1;
    kn_decref(cls);
    if (r < 0) {
        tc_error_clear(err);
        *err = herr;
    }
    return r;
}

/* A try statement whose parts ops runs (see eval-impl.h). */
exec_status kn__try(kn_eval *ev, const kn_try_ops *ops, void *ctx, kn_err *err) {
    exec_status st = ops->body(ctx, err);
    if (st == EX_ERR) {
        for (int i = 0; i < ops->nhandlers; i++) {
            int m = handler_matches(ev, ops, ctx, i, err);
            if (m < 0) break;
            if (m == 0) continue;
            tc_error caught = *err;
            kn_obj *e = exc_value(ev, err);
            tc_error_clear(err);
            kn_eval_tb_clear(ev);
            if (!e) {
                kn_nomem(err);
                return EX_ERR;
            }
            if (ops->bind(ctx, i, e, err) < 0) {
                kn_decref(e);
                return EX_ERR;
            }
            if (ev->nhandling < 32) {
                ev->handling[ev->nhandling].err = caught;
                ev->handling[ev->nhandling].obj = e;
            } else {
                kn_decref(e);
            }
            ev->nhandling++;
            st = ops->handler(ctx, i, err);
            ev->nhandling--;
            if (ev->nhandling < 32) {
                kn_decref(ev->handling[ev->nhandling].obj);
                ev->handling[ev->nhandling].obj = NULL;
            }
            ops->unbind(ctx, i);
            break;
        }
    } else if (st == EX_OK && ops->has_orelse) {
        st = ops->orelse(ctx, err);
    }
    if (ops->has_finally) {
        exc_pending pending;
        exc_set_aside(ev, err, &pending);
        kn_obj *ret = st == EX_RETURN ? *ops->retval : NULL;
        *ops->retval = NULL;
        /* the pending error's traceback waits aside while 'finally' runs */
        int saved_n = ev->ntb, saved_dropped = ev->tb_dropped;
        kn_tb_entry *saved = saved_n ? tc_malloc((size_t)saved_n * sizeof *saved) : NULL;
        if (saved)
            memcpy(saved, ev->tb, (size_t)saved_n * sizeof *saved);
        else
            kn_eval_tb_clear(ev), saved_n = 0; /* out of memory: the traceback is lost */
        ev->ntb = 0;
        ev->tb_dropped = 0;
        exec_status fs = ops->finally(ctx, err);
        if (fs != EX_OK) {
            for (int i = 0; i < saved_n; i++)
                kn_ast_unref(saved[i].ast);
            tc_free(saved);
            kn_decref(ret);
            exc_drop(&pending);
            return fs;
        }
        kn_eval_tb_clear(ev);
        if (saved_n) memcpy(ev->tb, saved, (size_t)saved_n * sizeof *saved);
        ev->ntb = saved_n;
        ev->tb_dropped = saved_dropped;
        tc_free(saved);
        exc_put_back(ev, err, &pending);
        *ops->retval = ret;
    }
    return st;
}

/* The tree-walker's try statement: its parts are node blocks. */
typedef struct tree_try {
    kn_eval *ev;
    frame *f;
    kn_node *n;
} tree_try;

static exec_status tt_body(void *ctx, kn_err *err) {
    tree_try *t = ctx;
    return exec_block(t->ev, t->f, &t->n->try_stmt.body, err);
}

static kn_obj *tt_handler_type(void *ctx, int i, bool *bare, kn_err *err) {
    tree_try *t = ctx;
    kn_node *h = t->n->try_stmt.handlers.v[i]->handler.type;
    if (!h) {
        *bare = true;
        return NULL;
    }
    return eval(t->ev, t->f, h, err);
}

static int tt_bind(void *ctx, int i, kn_obj *e, kn_err *err) {
    tree_try *t = ctx;
    const char *as = t->n->try_stmt.handlers.v[i]->handler.name;
    return as ? store_name(t->ev, t->f, as, e, err) : 0;
}

static void tt_unbind(void *ctx, int i) {
    tree_try *t = ctx;
    const char *as = t->n->try_stmt.handlers.v[i]->handler.name;
    if (!as) return;
    kn_err e2;
    tc_error_init(&e2);
    if (kn_dict_get_str(is_global_in(t->f, as) ? t->f->globals : t->f->locals, as))
        kn__delete_name(t->ev, t->f, as, &e2);
}

static exec_status tt_handler(void *ctx, int i, kn_err *err) {
    tree_try *t = ctx;
    return exec_block(t->ev, t->f, &t->n->try_stmt.handlers.v[i]->handler.body, err);
}

static exec_status tt_orelse(void *ctx, kn_err *err) {
    tree_try *t = ctx;
    return exec_block(t->ev, t->f, &t->n->try_stmt.orelse, err);
}

static exec_status tt_finally(void *ctx, kn_err *err) {
    tree_try *t = ctx;
    return exec_block(t->ev, t->f, &t->n->try_stmt.finalbody, err);
}

static exec_status exec_try(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    tree_try t = {ev, f, n};
    kn_try_ops ops = {.nhandlers = n->try_stmt.handlers.n,
                      .has_orelse = n->try_stmt.orelse.n > 0,
                      .has_finally = n->try_stmt.finalbody.n > 0,
                      .body = tt_body,
                      .handler_type = tt_handler_type,
                      .bind = tt_bind,
                      .unbind = tt_unbind,
                      .handler = tt_handler,
                      .orelse = tt_orelse,
                      .finally = tt_finally,
                      .retval = &f->retval};
    return kn__try(ev, &ops, &t, err);
}

/* The context manager protocol around a body (see eval-impl.h). */
exec_status kn__with(kn_eval *ev, kn_obj *mgr, const kn_with_ops *ops, void *ctx, kn_err *err) {
    if (!mgr->type->enter || !mgr->type->exit) {
        tc_error_set(err, TC_EXC_TYPE,
                     "'%s' object does not support the context manager "
                     "protocol",
                     kn_type_name(mgr));
        kn_decref(mgr);
        return EX_ERR;
    }
    kn_obj *val = mgr->type->enter(mgr, err);
    if (!val) {
        kn_decref(mgr);
        return EX_ERR;
    }
    int rc = ops->assign(ctx, val, err);
    kn_decref(val);
    exec_status st = rc < 0 ? EX_ERR : ops->body(ctx, err);
    if (st == EX_ERR) {
        exc_pending pending;
        kn_obj *live = exc_value(ev, err);
        exc_set_aside(ev, err, &pending);
        int r = mgr->type->exit(mgr, live, err);
        kn_decref(live);
        if (r < 0) {
            st = EX_ERR;
            exc_drop(&pending);
        } else if (r > 0) {
            st = EX_OK; /* the manager suppressed the error */
            exc_drop(&pending);
            kn_eval_tb_clear(ev);
        } else {
            exc_put_back(ev, err, &pending);
        }
    } else if (mgr->type->exit(mgr, NULL, err) < 0) {
        st = EX_ERR;
    }
    kn_decref(mgr);
    return st;
}

/* The tree-walker's with statement: item k's target, then the items after it or the body. */
typedef struct tree_with {
    kn_eval *ev;
    frame *f;
    kn_node *n;
    int k;
} tree_with;

static exec_status exec_with(kn_eval *ev, frame *f, kn_node *n, int k, kn_err *err);

static int tw_assign(void *ctx, kn_obj *val, kn_err *err) {
    tree_with *t = ctx;
    kn_node *target = t->n->with_stmt.items.v[t->k]->withitem.target;
    return target ? assign(t->ev, t->f, target, val, err) : 0;
}

static exec_status tw_body(void *ctx, kn_err *err) {
    tree_with *t = ctx;
    return exec_with(t->ev, t->f, t->n, t->k + 1, err);
}

static exec_status exec_with(kn_eval *ev, frame *f, kn_node *n, int k, kn_err *err) {
    if (k == n->with_stmt.items.n) return exec_block(ev, f, &n->with_stmt.body, err);
    kn_obj *mgr = eval(ev, f, n->with_stmt.items.v[k]->withitem.context, err);
    if (!mgr) return EX_ERR;
    tree_with t = {ev, f, n, k};
    kn_with_ops ops = {.assign = tw_assign, .body = tw_body};
    return kn__with(ev, mgr, &ops, &t, err);
}

/* ---- statements ----------------------------------------------------------------------- */

static exec_status exec_loop_body(kn_eval *ev, frame *f, const kn_nodes *body, kn_err *err,
                                  bool *brk) {
    exec_status st = exec_block(ev, f, body, err);
    if (st == EX_BREAK) {
        *brk = true;
        return EX_OK;
    }
    if (st == EX_CONTINUE) return EX_OK;
    return st;
}

static exec_status exec_for(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    kn_obj *iterable = eval_iterable(ev, f, n->for_stmt.iter, err);
    if (!iterable) return EX_ERR;
    kn_obj *it = kn_iter(iterable, err);
    kn_decref(iterable);
    if (!it) return EX_ERR;
    exec_status st = EX_OK;
    bool brk = false;
    kn_obj *x;
    while (st == EX_OK && !brk) {
        if (tc_interrupt_check(err) < 0) {
            st = EX_ERR;
            break;
        }
        if (!(x = kn_next(it, err))) break;
        int rc = assign(ev, f, n->for_stmt.target, x, err);
        kn_decref(x);
        st = rc < 0 ? EX_ERR : exec_loop_body(ev, f, &n->for_stmt.body, err, &brk);
    }
    kn_decref(it);
    if (st == EX_OK && tc_error_is_set(err)) st = EX_ERR;
    if (st == EX_OK && !brk && n->for_stmt.orelse.n)
        st = exec_block(ev, f, &n->for_stmt.orelse, err);
    return st;
}

static exec_status exec_while(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    bool brk = false;
    for (;;) {
        if (tc_interrupt_check(err) < 0) return EX_ERR;
        kn_obj *c = eval(ev, f, n->while_stmt.test, err);
        int t = c ? kn_truth(c, err) : -1;
        kn_decref(c);
        if (t < 0) return EX_ERR;
        if (!t) break;
        exec_status st = exec_loop_body(ev, f, &n->while_stmt.body, err, &brk);
        if (st != EX_OK) return st;
        if (brk) return EX_OK;
    }
    return n->while_stmt.orelse.n ? exec_block(ev, f, &n->while_stmt.orelse, err) : EX_OK;
}

static int exec_assert(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    kn_obj *c = eval(ev, f, n->assert_stmt.test, err);
    int t = c ? kn_truth(c, err) : -1;
    kn_decref(c);
    if (t != 0) return t < 0 ? -1 : 0;
    if (!n->assert_stmt.msg) return tc_error_set(err, TC_EXC_ASSERTION, "%s", "");
    kn_obj *m = eval(ev, f, n->assert_stmt.msg, err);
    return m ? kn__raise_assertion(ev, m, err) : -1;
}

/* `assert test, msg` failing (see eval-impl.h). */
int kn__raise_assertion(kn_eval *ev, kn_obj *msg, kn_err *err) {
    kn_obj *v = kn_call_simple(kn_exception_class(TC_EXC_ASSERTION), &msg, 1, err);
    kn_decref(msg);
    return v ? kn__raise_value(ev, v, NULL, err) : -1;
}

/* The values of a def's or class's decorator expressions, outermost first (a new list),
 * evaluated before anything else of the statement as CPython does; NULL with err. */
static kn_obj *eval_decorators(kn_eval *ev, frame *f, const kn_nodes *decos, kn_err *err) {
    kn_obj *dv = kn_list_new(0);
    if (!dv) {
        kn_nomem(err);
        return NULL;
    }
    for (int i = 0; i < decos->n; i++) {
        kn_obj *d = eval(ev, f, decos->v[i], err);
        int rc = d ? kn_list_append(dv, d) : -1;
        kn_decref(d);
        if (rc < 0) {
            if (!tc_error_is_set(err)) kn_nomem(err);
            kn_decref(dv);
            return NULL;
        }
    }
    return dv;
}

/* Apply decorator values (from eval_decorators) to obj, innermost first; steals obj. The
 * result (a new reference) is what the statement binds; NULL with err. */
static kn_obj *apply_decorators(kn_obj *dv, kn_obj *obj, kn_err *err) {
    for (int64_t i = kn_list_len(dv) - 1; obj && i >= 0; i--) {
        kn_obj *r = kn_call_simple(kn_list_items(dv)[i], &obj, 1, err);
        kn_decref(obj);
        obj = r;
    }
    return obj;
}

/* A decorated def: the decorator expressions first, then the function (its defaults),
 * then the decorators applied innermost first. */
/* The function a def statement binds, decorated (see eval-impl.h). */
kn_obj *kn__def_value(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    return n->def_stmt.decorators.n ? decorated_function(ev, f, n, err) : make_function(ev, f, n, err);
}

static kn_obj *decorated_function(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    kn_obj *dv = eval_decorators(ev, f, &n->def_stmt.decorators, err);
    kn_obj *fn = dv ? make_function(ev, f, n, err) : NULL;
    if (fn) fn = apply_decorators(dv, fn, err);
    kn_decref(dv);
    return fn;
}

/* `target: annotation [= value]`. Inside functions the annotation is not evaluated; at
 * module level and in a class body it is, and a plain name's annotation goes into the
 * namespace's __annotations__ (dataclasses read a class's). */
static int exec_annassign(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    kn_node *t = n->annassign_stmt.target;
    if (n->annassign_stmt.value) {
        kn_obj *v = eval(ev, f, n->annassign_stmt.value, err);
        int rc = v ? assign(ev, f, t, v, err) : -1;
        kn_decref(v);
        if (rc < 0) return -1;
    }
    if (f->locals && !f->is_class) return 0;
    kn_obj *d = kn_dict_get_str(f->is_class ? f->locals : f->globals, "__annotations__");
    if (!d || !kn_is(d, &kn_type_dict)) { /* CPython makes it for any annotated module */
        kn_obj *nd = kn_dict_new();
        int rc = nd ? store_name(ev, f, "__annotations__", nd, err) : kn_nomem(err);
        kn_decref(nd);
        if (rc < 0) return -1;
        d = nd;
    }
    if (!n->annassign_stmt.simple) {
        if (!n->annassign_stmt.value && t->kind != KN_AST_NAME) {
            kn_obj *o = eval(ev, f, t->kind == KN_AST_ATTR ? t->attr.value : t->subscript.value,
                             err);
            if (!o) return -1;
            kn_decref(o);
        }
        kn_obj *a = eval(ev, f, n->annassign_stmt.annotation, err);
        kn_decref(a);
        return a ? 0 : -1;
    }
    kn_obj *a = eval(ev, f, n->annassign_stmt.annotation, err);
    if (!a) return -1;
    int rc = kn_dict_set_str(d, t->name.id, a) < 0 ? kn_nomem(err) : 0;
    kn_decref(a);
    return rc;
}

/* Statements whose failure is reported at their own line. */
/* Give every function the class body defined (also inside staticmethod, classmethod and
 * property) its class, for super() with no arguments. */
static void detach_class(kn_obj *fn, kn_obj *cls) {
    kn_function *fo = (kn_function *)fn;
    if (fo->klass == cls) fo->klass = NULL;
}

static void set_method_class(kn_obj *v, kn_obj *cls) {
    if (kn_is(v, &kn_type_function)) {
        kn_function *fo = (kn_function *)v;
        if (!fo->klass && kn_class_adopt(cls, v, detach_class) == 0) fo->klass = cls;
        return;
    }
    static const char *inner[] = {"__func__", "fget", "fset", "fdel"};
    if (!kn_is(v, &kn_type_staticmethod) && !kn_is(v, &kn_type_classmethod) &&
        !kn_is(v, &kn_type_property))
        return;
    for (size_t i = 0; i < sizeof inner / sizeof inner[0]; i++) {
        kn_err e;
        tc_error_init(&e);
        kn_obj *f = kn_getattr(v, inner[i], &e);
        if (f && kn_is(f, &kn_type_function)) set_method_class(f, cls);
        kn_decref(f);
    }
}

#define CLASS_KW_MAX 16

static int exec_class(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    kn_obj *bases = kn_list_new(0), *ns = NULL, *cls = NULL, *t = NULL, *dv = NULL, *meta = NULL;
    kn_obj *kwv[CLASS_KW_MAX], *winner = NULL;
    const char *kwn[CLASS_KW_MAX];
    int nk = 0, rc = -1;
    if (!bases) {
        kn_nomem(err);
        goto done;
    }
    if (n->class_stmt.decorators.n &&
        !(dv = eval_decorators(ev, f, &n->class_stmt.decorators, err)))
        goto done;
    for (int i = 0; i < n->class_stmt.bases.n; i++) {
        kn_node *e = n->class_stmt.bases.v[i];
        kn_obj *v = eval(ev, f, e->kind == KN_AST_STARRED ? e->starred.value : e, err);
        if (!v) goto done;
        int r = e->kind == KN_AST_STARRED ? extend_list(bases, v, err)
                                          : (kn_list_append(bases, v) < 0 ? kn_nomem(err) : 0);
        kn_decref(v);
        if (r < 0) goto done;
    }
    /* keywords: metaclass=M, the rest for the metaclass and __init_subclass__ */
    for (int i = 0; i < n->class_stmt.keywords.n; i++) {
        kn_node *kw = n->class_stmt.keywords.v[i];
        if (!kw->keyword.arg || nk == CLASS_KW_MAX) {
            tc_error_set(err, TC_EXC_TYPE, "class %s: %s", n->class_stmt.name,
                         kw->keyword.arg ? "too many class keywords"
                                         : "** in a class statement is not supported");
            goto done;
        }
        kn_obj *v = eval(ev, f, kw->keyword.value, err);
        if (!v) goto done;
        if (strcmp(kw->keyword.arg, "metaclass") == 0) {
            kn_decref(meta);
            meta = v;
        } else {
            kwn[nk] = kw->keyword.arg;
            kwv[nk++] = v;
        }
    }
    t = kn_tuple_new(kn_list_len(bases));
    for (int64_t i = 0; t && i < kn_list_len(bases); i++)
        kn_tuple_set(t, i, kn_incref(kn_list_items(bases)[i]));
    if (!t) {
        kn_nomem(err);
        goto done;
    }
    kn_obj *type_obj = kn_type_object(&kn_type_type);
    if (meta && !kn_is_class(meta) && meta != type_obj) {
        winner = kn_incref(meta); /* any callable: called as it is */
    } else {
        if (kn_class_meta_for(meta, t, &winner, err) < 0) goto done;
        kn_incref(winner);
    }
    kn_obj *name = kn_str_from_cstr(n->class_stmt.name);
    if (!name) {
        kn_nomem(err);
        goto done;
    }
    kn_obj *prep = NULL;
    if (winner && kn_is_class(winner)) { /* the namespace from the metaclass's __prepare__ */
        kn_err e;
        tc_error_init(&e);
        prep = kn_getattr(winner, "__prepare__", &e);
    }
    if (prep) {
        kn_obj *pa[2] = {name, t};
        kn_args a = {pa, 2, kwn, kwv, nk};
        ns = kn_call(prep, &a, err);
        kn_decref(prep);
        if (ns && !kn_is(ns, &kn_type_dict)) {
            tc_error_set(err, TC_EXC_TYPE, "%s.__prepare__() must return a dict here, not %s",
                         kn_class_name(winner), kn_type_name(ns));
            kn_decref(ns);
            ns = NULL;
        }
    } else if (!(ns = kn_dict_new())) {
        kn_nomem(err);
    }
    if (!ns) {
        kn_decref(name);
        goto done;
    }
    kn_obj *mod = kn_dict_get_str(f->globals, "__name__");
    kn_obj *qn = kn_str_from_cstr(n->class_stmt.qualname);
    if (!qn || kn_dict_set_str(ns, "__module__", mod ? mod : kn_none()) < 0 ||
        kn_dict_set_str(ns, "__qualname__", qn) < 0) {
        kn_decref(qn);
        kn_decref(name);
        kn_nomem(err);
        goto done;
    }
    kn_decref(qn);
    if (n->class_stmt.doc) {
        kn_obj *d = kn_str_from_cstr(n->class_stmt.doc);
        int r = kn_dict_set_str(ns, "__doc__", d);
        kn_decref(d);
        if (r < 0) {
            kn_decref(name);
            kn_nomem(err);
            goto done;
        }
    }
    bool oom;
    frame cf = {.locals = ns,
                .closure = make_closure(f, &oom),
                .ast = f->ast,
                .name = n->class_stmt.name,
                .globals = f->globals,
                .is_class = true};
    if (oom) {
        kn_decref(name);
        kn_nomem(err);
        goto done;
    }
    ev->depth++;
    exec_status st = exec_block(ev, &cf, &n->class_stmt.body, err);
    ev->depth--;
    frame_done(&cf);
    kn_decref((kn_obj *)cf.closure);
    if (st == EX_RETURN) kn_decref(cf.retval);
    if (st == EX_ERR) {
        kn_decref(name);
        goto done;
    }
    /* type.__new__ (through the metaclass when there is one) */
    kn_obj *pa[3] = {name, t, ns};
    kn_args a = {pa, 3, kwn, kwv, nk};
    cls = winner ? kn_call(winner, &a, err) : kn_type_new(NULL, &a, err);
    kn_decref(name);
    if (!cls) goto done;
    if (kn_is_class(cls)) {
        int64_t it = 0;
        kn_obj *k, *v;
        while (kn_dict_next(ns, &it, &k, &v))
            set_method_class(v, cls);
    }
    if (dv && !(cls = apply_decorators(dv, cls, err))) goto done;
    rc = store_name(ev, f, n->class_stmt.name, cls, err);
done:
    for (int i = 0; i < nk; i++)
        kn_decref(kwv[i]);
    kn_decref(meta);
    kn_decref(winner);
    kn_decref(dv);
    kn_decref(cls);
    kn_decref(t);
    kn_decref(ns);
    kn_decref(bases);
    return rc;
}

static exec_status exec_simple(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    kn_obj *v;
    int rc = 0;
    switch (n->kind) {
    case KN_AST_EXPR:
        if (!(v = eval(ev, f, n->expr_stmt.value, err))) return EX_ERR;
        kn_decref(v);
        return EX_OK;
    case KN_AST_ASSIGN:
        if (!(v = eval(ev, f, n->assign_stmt.value, err))) return EX_ERR;
        for (int i = 0; rc == 0 && i < n->assign_stmt.targets.n; i++)
            rc = assign(ev, f, n->assign_stmt.targets.v[i], v, err);
        kn_decref(v);
        break;
    case KN_AST_AUGASSIGN:
        rc = augassign(ev, f, n, err);
        break;
    case KN_AST_IMPORT:
        rc = exec_import(ev, f, n, err);
        break;
    case KN_AST_FROMIMPORT:
        rc = exec_from_import(ev, f, n, err);
        break;
    case KN_AST_DEL:
        for (int i = 0; rc == 0 && i < n->del_stmt.targets.n; i++)
            rc = delete_target(ev, f, n->del_stmt.targets.v[i], err);
        break;
    case KN_AST_PASS:
    case KN_AST_GLOBAL:
    case KN_AST_NONLOCAL:
        break;
    case KN_AST_ANNASSIGN:
        rc = exec_annassign(ev, f, n, err);
        break;
    case KN_AST_BREAK:
        return EX_BREAK;
    case KN_AST_CONTINUE:
        return EX_CONTINUE;
    case KN_AST_RETURN:
        if (!n->return_stmt.value)
            f->retval = kn_none_new();
        else if (!(f->retval = eval(ev, f, n->return_stmt.value, err)))
            return EX_ERR;
        return EX_RETURN;
    case KN_AST_DEF:
        if (!(v = n->def_stmt.decorators.n ? decorated_function(ev, f, n, err)
                                           : make_function(ev, f, n, err)))
            return EX_ERR;
        rc = store_name(ev, f, n->def_stmt.fn->name, v, err);
        kn_decref(v);
        break;
    case KN_AST_RAISE:
        rc = exec_raise(ev, f, n, err);
        break;
    case KN_AST_CLASS:
        rc = exec_class(ev, f, n, err);
        break;
    case KN_AST_ASSERT:
        rc = exec_assert(ev, f, n, err);
        break;
    case KN_AST_MAGIC:
        if (!ev->hooks.magic)
            rc = tc_error_set(err, TC_EXC_SYNTAX, "magics are not available here");
        else
            rc = ev->hooks.magic(ev->hooks.ctx, n->magic.line, err);
        break;
    default:
        rc = tc_error_set(err, TC_EXC_SYNTAX, "unexpected statement");
    }
    return rc < 0 ? EX_ERR : EX_OK;
}

static exec_status exec_stmt(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    if (ev->hooks.on_stmt) ev->hooks.on_stmt(ev->hooks.ctx);
    if (stack_check(ev, err) < 0) {
        record(ev, f, n, err);
        return EX_ERR;
    }
    exec_status st;
    switch (n->kind) {
    case KN_AST_IF: {
        kn_obj *c = eval(ev, f, n->if_stmt.test, err);
        int t = c ? kn_truth(c, err) : -1;
        kn_decref(c);
        if (t < 0)
            st = EX_ERR;
        else
            st = exec_block(ev, f, t ? &n->if_stmt.body : &n->if_stmt.orelse, err);
        break;
    }
    case KN_AST_FOR:
        st = exec_for(ev, f, n, err);
        break;
    case KN_AST_WHILE:
        st = exec_while(ev, f, n, err);
        break;
    case KN_AST_TRY:
        st = exec_try(ev, f, n, err);
        break;
    case KN_AST_WITH:
        st = exec_with(ev, f, n, 0, err);
        break;
    default:
        st = exec_simple(ev, f, n, err);
        break;
    }
    if (st == EX_ERR) record(ev, f, n, err);
    return st;
}

static exec_status exec_block(kn_eval *ev, frame *f, const kn_nodes *body, kn_err *err) {
    for (int i = 0; i < body->n; i++) {
        exec_status st = exec_stmt(ev, f, body->v[i], err);
        if (st != EX_OK) return st;
    }
    return EX_OK;
}

/* The tree-walker's statement and expression, for the VM's module-level code (see
 * eval-impl.h). */
exec_status kn__exec_stmt(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    return exec_stmt(ev, f, n, err);
}

kn_obj *kn__eval(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    return eval(ev, f, n, err);
}

/* ---- calls of user functions ------------------------------------------------------------ */

/* "'a'", "'a' and 'b'", "'a', 'b', and 'c'": CPython's list of missing argument names. */
static void name_list(tc_strbuf *b, const char *const *names, int n) {
    for (int i = 0; i < n; i++) {
        if (i) tc_strbuf_printf(b, "%s", n == 2 ? " and " : i == n - 1 ? ", and " : ", ");
        tc_strbuf_printf(b, "'%s'", names[i]);
    }
}

/* Bind a call's arguments to the parameters of fo, one new reference per parameter into
 * out[] (see eval-impl.h), with CPython's checks in CPython's order (keywords, then the positional count, then what is missing) and its
 * messages, which name the function by its qualified name. */
int kn__bind_slots(kn_function *fo, const kn_args *a, kn_obj **out, kn_err *err) {
    const kn_fn *fn = fo->fn;
    const char *name = fn->qualname; /* Python names the function by its qualname here */
    int npos = 0, varargs = -1, kwargs = -1;
    for (int i = 0; i < fn->nparams; i++) {
        if (fn->params[i].kind == KN_PARAM_NORMAL) npos++;
        if (fn->params[i].kind == KN_PARAM_VARARGS) varargs = i;
        if (fn->params[i].kind == KN_PARAM_KWARGS) kwargs = i;
    }
    kn_obj *vals[256]; /* nparams <= 255 (parser limit); only those slots are used */
    memset(vals, 0, (size_t)fn->nparams * sizeof vals[0]);
    for (int i = 0; i < a->npos && i < npos; i++)
        vals[i] = a->pos[i];
    kn_obj *kwdict = kwargs >= 0 ? kn_dict_new() : NULL;
    int rc = kwargs >= 0 && !kwdict ? kn_nomem(err) : 0;
    for (int k = 0; rc == 0 && k < a->nkw; k++) {
        int idx = -1;
        for (int i = 0; idx < 0 && i < fn->nparams; i++)
            if (((fn->params[i].kind == KN_PARAM_NORMAL && !fn->params[i].posonly) ||
                 fn->params[i].kind == KN_PARAM_KWONLY) &&
                strcmp(fn->params[i].name, a->kwnames[k]) == 0)
                idx = i;
        if (idx >= 0) {
            if (vals[idx])
                rc = tc_error_set(err, TC_EXC_TYPE, "%s() got multiple values for argument '%s'",
                                  name, a->kwnames[k]);
            vals[idx] = a->kwvals[k];
        } else if (kwdict) {
            if (kn_dict_set_str(kwdict, a->kwnames[k], a->kwvals[k]) < 0) rc = kn_nomem(err);
        } else {
            /* positional-only parameters passed by keyword are named together */
            tc_strbuf b = {0};
            int nposonly = 0;
            for (int i = 0; i < npos && fn->params[i].posonly; i++)
                for (int j = 0; j < a->nkw; j++)
                    if (strcmp(fn->params[i].name, a->kwnames[j]) == 0) {
                        tc_strbuf_printf(&b, "%s%s", nposonly++ ? ", " : "", fn->params[i].name);
                        break;
                    }
            if (b.failed)
                rc = kn_nomem(err);
            else if (nposonly)
                rc = tc_error_set(err, TC_EXC_TYPE,
                                  "%s() got some positional-only arguments passed as keyword "
                                  "arguments: '%s'",
                                  name, b.data ? b.data : "");
            else
                rc = tc_error_set(err, TC_EXC_TYPE, "%s() got an unexpected keyword argument '%s'",
                                  name, a->kwnames[k]);
            tc_strbuf_free(&b);
        }
    }
    if (rc == 0 && a->npos > npos && varargs < 0) {
        int ndef = 0, kwgiven = 0;
        for (int i = 0; i < npos; i++)
            ndef += fn->params[i].dflt != NULL;
        for (int i = 0; i < fn->nparams; i++)
            kwgiven += fn->params[i].kind == KN_PARAM_KWONLY && vals[i];
        char sig[64], kwsig[96] = "";
        if (ndef)
            snprintf(sig, sizeof sig, "from %d to %d", npos - ndef, npos);
        else
            snprintf(sig, sizeof sig, "%d", npos);
        if (kwgiven)
            snprintf(kwsig, sizeof kwsig, " positional argument%s (and %d keyword-only argument%s)",
                     a->npos != 1 ? "s" : "", kwgiven, kwgiven != 1 ? "s" : "");
        rc = tc_error_set(err, TC_EXC_TYPE, "%s() takes %s positional argument%s but %d%s %s given",
                          name, sig, ndef || npos != 1 ? "s" : "", a->npos, kwsig,
                          a->npos == 1 && !kwgiven ? "was" : "were");
    }
    /* missing arguments, reported together as CPython does: positional ones first */
    for (int pass = 0; rc == 0 && pass < 2; pass++) {
        const char *missing[256];
        int nmiss = 0;
        for (int i = 0; i < fn->nparams; i++) {
            const kn_param *p = &fn->params[i];
            if (p->kind != (pass ? KN_PARAM_KWONLY : KN_PARAM_NORMAL)) continue;
            if (!vals[i] && fo->defaults[i]) vals[i] = fo->defaults[i];
            if (!vals[i]) missing[nmiss++] = p->name;
        }
        if (nmiss) {
            tc_strbuf b = {0};
            name_list(&b, missing, nmiss);
            rc = b.failed ? kn_nomem(err) : tc_error_set(err, TC_EXC_TYPE, "%s() missing %d required %s argument%s: %s", name,
                              nmiss, pass ? "keyword-only" : "positional", nmiss == 1 ? "" : "s",
                              b.data ? b.data : "");
            tc_strbuf_free(&b);
        }
    }
    for (int i = 0; rc == 0 && i < fn->nparams; i++) {
        const kn_param *p = &fn->params[i];
        if (p->kind == KN_PARAM_VARARGS) {
            int extra = a->npos > npos ? a->npos - npos : 0;
            kn_obj *t = kn_tuple_new(extra);
            for (int j = 0; t && j < extra; j++)
                kn_tuple_set(t, j, kn_incref(a->pos[npos + j]));
            if (!(out[i] = t)) rc = kn_nomem(err);
        } else if (p->kind == KN_PARAM_KWARGS) {
            out[i] = kn_incref(kwdict);
        } else {
            out[i] = kn_incref(vals[i]);
        }
    }
    kn_decref(kwdict);
    if (rc < 0)
        for (int i = 0; i < fn->nparams; i++) {
            kn_decref(out[i]);
            out[i] = NULL;
        }
    return rc;
}

/* Bind a call's arguments into the locals dict of a tree-walked call. */
static int bind_args(kn_function *fo, const kn_args *a, kn_obj *locals, kn_err *err) {
    kn_obj *vals[256] = {0}; /* nparams <= 255, checked by the caller */
    int rc = kn__bind_slots(fo, a, vals, err);
    for (int i = 0; i < fo->fn->nparams; i++) {
        if (rc == 0) rc = kn_dict_set(locals, fo->keys[i], vals[i], err);
        kn_decref(vals[i]);
    }
    return rc;
}

/* Functions defined in a call and still held only by its locals capture those locals: a
 * reference cycle. Release their closures when the call ends (there is no cycle GC). */
static void break_cycles(kn_obj *locals) {
    /* After the frame is done, the structure is locals -> function -> scope -> locals. It is
     * garbage only when nothing else holds any of it: the locals dict has just the caller's
     * reference and the scope's, and every holder of the scope is a function that only the
     * locals dict holds. A function that escaped (returned, stored elsewhere) keeps the
     * scope, and with it every function the scope's locals reach, alive: a sibling it calls
     * must keep its closure (def mk(): f reads x; g calls f; return g). */
    if (locals->refcnt != 2) return;
    scope *sc = NULL;
    int64_t held = 0, it = 0;
    kn_obj *k, *v;
    while (kn_dict_next(locals, &it, &k, &v)) {
        kn_function *inner = (kn_function *)v;
        if (!kn_is(v, &kn_type_function) || !inner->closure || inner->closure->locals != locals) continue;
        if (v->refcnt != 1) return; /* held elsewhere: alive */
        if (sc && inner->closure != sc) return; /* scopes of different frames: leave them */
        sc = inner->closure;
        held++;
    }
    if (!sc || sc->base.refcnt != held) return; /* something else holds the scope */
    it = 0;
    while (kn_dict_next(locals, &it, &k, &v)) {
        kn_function *inner = (kn_function *)v;
        if (!kn_is(v, &kn_type_function) || inner->closure != sc) continue;
        inner->closure = NULL;
        kn_decref(&sc->base);
    }
}

/* The end of a VM call whose frame has a locals dict (see eval-impl.h). */
void kn__frame_end(frame *f) {
    kn_obj *locals = f->locals;
    frame_done(f);
    f->locals = NULL;
    if (!locals) return;
    break_cycles(locals);
    kn_decref(locals);
}

static kn_obj *function_call(kn_obj *self, const kn_args *args, kn_err *err) {
    kn_function *fo = (kn_function *)self;
    kn_eval *ev = fo->ev;
    if (tc_interrupt_check(err) < 0) return NULL;
    if (ev->depth >= KN_RECURSION_LIMIT || stack_check(ev, err) < 0) {
        tc_error_set(err, TC_EXC_RECURSION, "maximum recursion depth exceeded");
        return NULL;
    }
    if (fo->fn->nparams > 255) {
        tc_error_set(err, TC_EXC_TYPE, "too many parameters");
        return NULL;
    }
    const kn_code *co = kn__code_of(fo, err);
    if (!co && tc_error_is_set(err)) return NULL;
    if (co) return fo->fn->generator ? kn__gen_from_code(fo, co, args, err)
                                     : kn__vm_call(fo, co, args, err);
    kn_obj *locals = kn_dict_new();
    if (!locals) {
        kn_nomem(err);
        return NULL;
    }
    if (bind_args(fo, args, locals, err) < 0) {
        kn_decref(locals);
        return NULL;
    }
    frame fr = {.locals = locals,
                .closure = fo->closure,
                .fn = fo->fn,
                .ast = fo->ast,
                .name = fo->fn->name,
                .fo = self,
                .globals = fo->globals};
    if (fo->fn->generator) {
        kn_obj *g = gen_from_call(ev, self, &fr, err);
        kn_decref(locals);
        return g;
    }
    ev->depth++;
    void *saved_top = ev->top;
    ev->top = &fr;
    kn_obj *result = NULL;
    if (fo->node->kind == KN_AST_LAMBDA) {
        result = eval(ev, &fr, fo->node->lambda.body, err);
        if (!result) record(ev, &fr, fo->node->lambda.body, err);
    } else {
        exec_status st = exec_block(ev, &fr, &fo->node->def_stmt.body, err);
        if (st == EX_RETURN)
            result = fr.retval;
        else if (st != EX_ERR)
            result = kn_none_new();
        else
            kn_decref(fr.retval);
    }
    ev->depth--;
    ev->top = saved_top;
    frame_done(&fr);
    break_cycles(locals);
    kn_decref(locals);
    return result;
}

/* ---- builtins that see the running frame ----------------------------------------------- */

/* The evaluator a frame builtin belongs to (its cfunction's self). */
typedef struct evref {
    kn_obj base;
    kn_eval *ev;
} evref;

static const kn_type evref_type = {.name = "evaluator", .qualname = "evaluator", .hidden_self = true};

/* locals(): the globals at module level; in a function, a new dict of its bound locals and
 * the closure variables it reads, as CPython builds it. */
static kn_obj *frame_locals(kn_eval *ev, kn_err *err) {
    frame *f = ev->top;
    if (!f) return kn_incref(ev->globals);
    kn_obj *d = kn_dict_new();
    if (!d) return kn_nomem(err), NULL;
    int64_t it = 0;
    kn_obj *k, *v;
    while (kn_dict_next(f->locals, &it, &k, &v))
        if (kn_dict_set(d, k, v, err) < 0) goto fail;
    for (int i = 0; f->fn && i < f->fn->nfreevars; i++)
        for (scope *s = f->closure; s; s = s->up)
            if ((v = kn_dict_get_str(s->locals, f->fn->freevars[i]))) {
                if (kn_dict_set_str(d, f->fn->freevars[i], v) < 0) {
                    kn_nomem(err);
                    goto fail;
                }
                break;
            }
    return d;
fail:
    kn_decref(d);
    return NULL;
}

static kn_obj *bi_locals(kn_obj *self, const kn_args *args, kn_err *err) {
    if (args->npos || args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "locals() takes no arguments (%d given)",
                     args->npos + args->nkw);
        return NULL;
    }
    return frame_locals(((evref *)self)->ev, err);
}

static kn_obj *bi_vars(kn_obj *self, const kn_args *args, kn_err *err) {
    if (args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "vars() takes no keyword arguments");
        return NULL;
    }
    if (args->npos > 1) {
        tc_error_set(err, TC_EXC_TYPE, "vars expected at most 1 argument, got %d", args->npos);
        return NULL;
    }
    if (args->npos == 0) return frame_locals(((evref *)self)->ev, err);
    kn_err e;
    tc_error_init(&e);
    kn_obj *d = kn_getattr(args->pos[0], "__dict__", &e);
    if (d) return d;
    if (e.type != TC_EXC_ATTRIBUTE) {
        *err = e;
        return NULL;
    }
    tc_error_set(err, TC_EXC_TYPE, "vars() argument must have __dict__ attribute");
    return NULL;
}

/* exec()/eval()'s source text: a str, or bytes as UTF-8 (borrowed), or NULL with CPython's
 * TypeError. */
static const char *source_text(kn_obj *o, const char *fname, kn_err *err) {
    if (kn_is(o, &kn_type_str)) return kn_str_cstr(o);
    if (kn_is(o, &kn_type_bytes)) return kn_bytes_data(o);
    tc_error_set(err, TC_EXC_TYPE, "%s() arg 1 must be a string, bytes or code object", fname);
    return NULL;
}

/* Does code defining functions (which borrow their globals) appear in src? A superset test:
 * any of the words that make one. */
static bool may_define_functions(const char *src) {
    static const char *const words[] = {"def", "lambda", "class", "for", "async"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strstr(src, words[i])) return true;
    return false;
}

/* exec(source, globals=None, locals=None) and eval(...): the source parsed and run with the
 * given namespaces; without them, in the caller's (at module level its globals; in a
 * function its globals and a snapshot of its locals, as CPython's locals()). */
static kn_obj *exec_or_eval(kn_eval *ev, const kn_args *args, bool is_eval, kn_err *err) {
    const char *fname = is_eval ? "eval" : "exec";
    static const char *const names[] = {"source", "globals", "locals"};
    kn_obj *v[3] = {NULL, NULL, NULL};
    if (kn_args_bind(args, fname, names, 3, 1, v, err) < 0) return NULL;
    const char *src = source_text(v[0], fname, err);
    if (!src) return NULL;
    kn_obj *g = v[1] && v[1] != kn_none() ? v[1] : NULL, *l = v[2] && v[2] != kn_none() ? v[2] : NULL;
    if (g && !kn_is(g, &kn_type_dict)) {
        tc_error_set(err, TC_EXC_TYPE, is_eval ? "globals must be a real dict; try eval(expr, {}, mapping)" : "exec() globals must be a dict, not %s",
                     kn_type_name(g));
        return NULL;
    }
    if (l && !kn_is(l, &kn_type_dict)) {
        tc_error_set(err, TC_EXC_TYPE, "locals must be a mapping");
        return NULL;
    }
    frame *top = ev->top;
    kn_obj *own_locals = NULL;
    if (!g) {
        g = top ? top->globals : ev->globals;
        if (!l && top && top->locals && !(own_locals = frame_locals(ev, err))) return NULL;
        if (!l) l = own_locals;
    } else if (!kn_dict_get_str(g, "__builtins__") && kn_dict_set_str(g, "__builtins__", ev->builtins) < 0) {
        return kn_nomem(err), NULL;
    }
    if (is_eval)
        while (*src == ' ' || *src == '\t')
            src++;
    kn_parse_error pe;
    kn_ast *ast = kn_parse(src, 0, &pe);
    if (ast && is_eval && (ast->body.n != 1 || ast->body.v[0]->kind != KN_AST_EXPR)) {
        kn_ast_unref(ast);
        ast = NULL;
        tc_error_set(&pe.err, TC_EXC_SYNTAX, "invalid syntax");
        pe.line = 1;
    }
    if (!ast) {
        tc_error_set(err, pe.err.type, "%s (<string>, line %d)", pe.err.msg, pe.line);
        kn_decref(own_locals);
        return NULL;
    }
    kn_incref(g);
    if (g != ev->globals && may_define_functions(src) && kn_list_append(ev->namespaces, g) < 0) {
        kn_decref(g);
        kn_decref(own_locals);
        kn_ast_unref(ast);
        return kn_nomem(err), NULL;
    }
    frame f = {.ast = ast, .globals = g, .locals = l, .is_class = l != NULL, .name = "<module>"};
    kn_obj *r = NULL;
    int saved_depth = ev->depth;
    void *saved_top = ev->top;
    ev->top = l ? &f : NULL;
    ev->depth++; /* a traceback entry of its own */
    if (is_eval) {
        r = eval(ev, &f, ast->body.v[0]->expr_stmt.value, err);
    } else {
        int rc = 0;
        for (int i = 0; rc == 0 && i < ast->body.n; i++) {
            exec_status st = exec_stmt(ev, &f, ast->body.v[i], err);
            if (st == EX_ERR) rc = -1;
            if (st == EX_RETURN) kn_decref(f.retval);
        }
        r = rc ? NULL : kn_none_new();
    }
    ev->depth = saved_depth;
    ev->top = saved_top;
    frame_done(&f);
    kn_decref(g);
    kn_decref(own_locals);
    kn_ast_unref(ast);
    return r;
}

static kn_obj *bi_exec(kn_obj *self, const kn_args *args, kn_err *err) {
    return exec_or_eval(((evref *)self)->ev, args, false, err);
}

static kn_obj *bi_eval(kn_obj *self, const kn_args *args, kn_err *err) {
    return exec_or_eval(((evref *)self)->ev, args, true, err);
}

/* Put locals(), vars(), exec() and eval() into the evaluator's builtins. 0, or -1 with err. */
static int add_frame_builtins(kn_eval *ev, kn_err *err) {
    evref *r = (evref *)kn_obj_alloc(&evref_type, sizeof *r, err);
    if (!r) return -1;
    r->ev = ev;
    static const struct {
        const char *name;
        kn_cfunc fn;
        const char *sig, *doc;
    } defs[] = {
        {"locals", bi_locals, "()",
         "Return a dictionary containing the current scope's local variables.\n\n"
         "NOTE: Whether or not updates to this dictionary will affect name lookups in\n"
         "the local scope and vice-versa is *implementation dependent* and not\n"
         "covered by any backwards compatibility guarantees."},
        {"vars", bi_vars, "",
         "vars([object]) -> dictionary\n\n"
         "Without arguments, equivalent to locals().\n"
         "With an argument, equivalent to object.__dict__."},
        {"exec", bi_exec, "(source, /, globals=None, locals=None)",
         "Execute the given source in the context of globals and locals.\n\n"
         "The source may be a string representing one or more Python statements\n"
         "or a code object as returned by compile().\n"
         "The globals must be a dictionary and locals can be any mapping,\n"
         "defaulting to the current globals and locals.\n"
         "If only globals is given, locals defaults to it."},
        {"eval", bi_eval, "(source, /, globals=None, locals=None)",
         "Evaluate the given source in the context of globals and locals.\n\n"
         "The source may be a string representing a Python expression\n"
         "or a code object as returned by compile().\n"
         "The globals must be a dictionary and locals can be any mapping,\n"
         "defaulting to the current globals and locals.\n"
         "If only globals is given, locals defaults to it."},
    };
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof defs / sizeof defs[0]; i++) {
        kn_obj *f = kn_cfunction_new(defs[i].name, defs[i].fn, &r->base, defs[i].sig, defs[i].doc);
        rc = f && kn_dict_set_str(ev->builtins, defs[i].name, f) == 0 ? 0 : kn_nomem(err);
        kn_decref(f);
    }
    kn_decref(&r->base);
    return rc;
}

/* ---- entry points ------------------------------------------------------------------------ */

/* A new evaluator (see eval.h). */
kn_eval *kn_eval_new(kn_err *err) {
    kn_eval *ev = tc_calloc(1, sizeof *ev);
    if (!ev) {
        kn_nomem(err);
        return NULL;
    }
    ev->globals = kn_dict_new();
    ev->modules = kn_dict_new();
    ev->namespaces = kn_list_new(0);
    ev->builtins = kn_builtins_new(err);
    if (!ev->globals || !ev->modules || !ev->namespaces || !ev->builtins || add_frame_builtins(ev, err) < 0) {
        if (!tc_error_is_set(err)) kn_nomem(err);
        kn_eval_free(ev);
        return NULL;
    }
    kn_obj *main = kn_str_from_cstr("__main__");
    kn_dict_set_str(ev->globals, "__name__", main);
    kn_decref(main);
    return ev;
}

/* Free an evaluator and its namespaces. */
void kn_eval_free(kn_eval *ev) {
    if (!ev) return;
    gens_close_all(ev);
    kn_eval_tb_clear(ev);
    kn_decref(ev->exc_obj);
    kn_decref(ev->globals);
    /* modules written in Python import each other (torch.nn holds torch, torch holds nn):
     * empty their namespaces so that the cycles are released */
    int64_t it = 0;
    kn_obj *k, *m;
    while (ev->modules && kn_dict_next(ev->modules, &it, &k, &m)) {
        if (kn_pylib_find(kn_str_cstr(k))) kn_dict_clear(kn_module_dict(m));
    }
    kn_decref(ev->modules);
    kn_decref(ev->namespaces);
    kn_decref(ev->builtins);
    tc_free(ev);
}

/* Prepare to run on the calling thread (see eval.h). */
void kn_eval_begin(kn_eval *ev) {
    /* per thread, once: pthread_getattr_np reads /proc/self/maps on the main thread */
    static _Thread_local bool known;
    static _Thread_local char *limit;
    if (!known) {
        pthread_attr_t attr;
        void *addr;
        size_t size;
        if (pthread_getattr_np(pthread_self(), &attr) == 0) {
            if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
                size_t reserve = size / 8 > (256u << 10) ? size / 8 : (256u << 10);
                if (size > reserve * 2) limit = (char *)addr + reserve;
            }
            pthread_attr_destroy(&attr);
        }
        known = true;
    }
    ev->stack_limit = limit;
    ev->depth = 0;
    for (int i = 0; i < ev->nhandling && i < 32; i++) {
        kn_decref(ev->handling[i].obj);
        ev->handling[i].obj = NULL;
    }
    ev->nhandling = 0;
    ev->top = NULL;
    kn_eval_tb_clear(ev);
}

/* Execute module-level statements (see eval.h). */
int kn_eval_exec_range(kn_eval *ev, kn_ast *ast, int from, int to, kn_err *err) {
    frame f = {.ast = ast, .globals = ev->globals};
    for (int i = from; i < to; i++) {
        const kn_code *co = kn__code_of_stmt(ev, ast, ast->body.v[i], err);
        if (!co && tc_error_is_set(err)) {
            record(ev, &f, ast->body.v[i], err);
            return -1;
        }
        if (co) {
            if (ev->hooks.on_stmt) ev->hooks.on_stmt(ev->hooks.ctx);
            kn_obj *r = kn__vm_run_module(ev, &f, co, err);
            if (!r) return -1;
            kn_decref(r);
            continue;
        }
        exec_status st = exec_stmt(ev, &f, ast->body.v[i], err);
        if (st == EX_ERR) return -1;
        if (st == EX_BREAK || st == EX_CONTINUE) {
            tc_error_set(err, TC_EXC_SYNTAX, "'%s' outside loop",
                         st == EX_BREAK ? "break" : "continue");
            record(ev, &f, ast->body.v[i], err);
            return -1;
        }
        if (st == EX_RETURN) kn_decref(f.retval);
    }
    return 0;
}

/* Evaluate one module-level expression (see eval.h). */
kn_obj *kn_eval_expr(kn_eval *ev, kn_ast *ast, kn_node *expr, kn_err *err) {
    frame f = {.ast = ast, .globals = ev->globals};
    if (ev->hooks.on_stmt) ev->hooks.on_stmt(ev->hooks.ctx);
    const kn_code *co = kn__code_of_stmt(ev, ast, expr, err);
    if (co) return kn__vm_run_module(ev, &f, co, err);
    kn_obj *v = tc_error_is_set(err) ? NULL : eval(ev, &f, expr, err);
    if (!v) record(ev, &f, expr, err);
    return v;
}

/* ---- generators --------------------------------------------------------------------------- */

/*
 * A generator runs its body (a def's block, a generator lambda's expression or a generator
 * expression's clauses) on a fiber (fiber.h), started by the first resume. Resuming switches
 * onto the fiber with the evaluator's stack limit, call depth and handled-exception stack set
 * for the body; a yield hands its value over and switches back. Values sent in, values
 * yielded and errors thrown in cross through the generator object. The body's error lives on
 * the fiber's stack (the body's functions keep a pointer to it across yields) and is copied
 * to the resumer's when the body ends raising.
 */

typedef enum gen_state { GEN_CREATED, GEN_SUSPENDED, GEN_RUNNING, GEN_DONE } gen_state;
typedef __typeof__(((kn_eval *)0)->handling[0]) handled_exc;

/* Errors cross between a generator and its resumer whole: the tag finds their exception
 * object (first error wins, as tc_error_set). */
static void err_copy(kn_err *dst, const kn_err *src) {
    if (dst && !tc_error_is_set(dst)) *dst = *src;
}

typedef struct kn_generator {
    kn_obj base;
    kn_eval *ev;
    gen_state state;
    bool abandoned;         /* ignored GeneratorExit when dropped: its frames stay suspended */
    kn_fiber *fiber;        /* NULL until the first resume */
    frame fr;               /* the body's frame; locals and closure owned until the body ends */
    kn_node *node;          /* DEF, LAMBDA, or the generator expression (LISTCOMP) */
    kn_obj *func;           /* the generator function called, or NULL */
    kn_ast *ast;            /* owned: the tree holding node */
    kn_obj *first;          /* generator expression: iterator of the outermost iterable */
    const kn_fn *outer;     /* generator expression: the function it is written in, or NULL */
    kn_obj *xfer;           /* a value sent in, or yielded out (owned while in flight) */
    const tc_error *thrown; /* an exception to raise at the yield (during a resume) */
    kn_err *out_err;        /* the resumer's error (during a resume) */
    kn_obj *retval;         /* the body's return value when it ended returning */
    kn_obj *yf;             /* what a yield from delegates to, while suspended there */
    const kn_code *code;    /* the body's bytecode when the VM runs it (fr.slots then owned) */
    kn_obj **stack;         /* a flat body's value stack (after its slots), or NULL: no fiber */
    int pc, depth;          /* ... where it stopped, and the values its stack holds */
    int hbase;              /* the resumer's count of handled exceptions (during a resume) */
    handled_exc *handling;  /* the body's handled exceptions while suspended (objects owned) */
    int nhandling;
    struct kn_generator *prev, *next; /* live generators (closed when the evaluator ends) */
} kn_generator;

static kn_generator *live_gens;

/* Genexp frames show as IPython shows them: "<genexpr>(.0)". */
static kn_param genexpr_param = {.name = ".0"};
static char genexpr_name[] = "<genexpr>";
static const kn_fn genexpr_fn = {
    .name = genexpr_name, .qualname = genexpr_name, .params = &genexpr_param, .nparams = 1};

static void gen_qualname(const kn_generator *g, char *buf, size_t n) {
    if (g->func)
        snprintf(buf, n, "%s", g->fr.fn->qualname);
    else if (g->outer)
        snprintf(buf, n, "%s.<locals>.<genexpr>", g->outer->qualname);
    else
        snprintf(buf, n, "<genexpr>");
}

/* Drop what only the body needed (CPython clears a finished generator's frame). */
static void gen_release_frame(kn_generator *g) {
    kn_obj *locals = g->fr.locals, *first = g->first;
    for (int i = 0; i < g->depth; i++)
        kn_decref(g->stack[i]);
    g->depth = 0;
    if (g->fr.slots) {
        kn_obj **slots = g->fr.slots;
        g->fr.slots = NULL;
        for (int i = 0; i < kn__code_nslots(g->code); i++)
            kn_decref(slots[i]);
        tc_free(slots);
    }
    scope *closure = g->fr.closure;
    g->fr.locals = g->first = NULL;
    g->fr.closure = NULL;
    frame_done(&g->fr);
    if (locals) break_cycles(locals);
    kn_decref(locals);
    kn_decref(closure ? &closure->base : NULL);
    kn_decref(first);
    kn_fiber_free(g->fiber);
    g->fiber = NULL;
}

/* The value of a yield, on the fiber: hand v (stolen) to the resumer and wait. The sent
 * value (new reference), or NULL with the exception thrown in. */
static kn_obj *gen_suspend(kn_eval *ev, kn_generator *g, kn_obj *v, kn_err *err) {
    g->xfer = v;
    int own = ev->nhandling - g->hbase; /* handled exceptions of the body: kept aside */
    if (own > 0 && ev->nhandling <= 32) {
        g->handling = tc_malloc((size_t)own * sizeof *g->handling);
        for (int i = 0; i < own; i++) {
            handled_exc *h = &ev->handling[g->hbase + i];
            if (g->handling)
                g->handling[i] = *h;
            else
                kn_decref(h->obj); /* out of memory: a bare raise will not find it */
            h->obj = NULL;
        }
        if (g->handling) g->nhandling = own;
    }
    kn_fiber_suspend(g->fiber);
    ev->stack_limit = kn_fiber_stack_limit(g->fiber);
    for (int i = 0; i < g->nhandling; i++, ev->nhandling++)
        if (ev->nhandling < 32)
            ev->handling[ev->nhandling] = g->handling[i];
        else
            kn_decref(g->handling[i].obj);
    tc_free(g->handling);
    g->handling = NULL;
    g->nhandling = 0;
    if (g->thrown) {
        err_copy(err, g->thrown);
        return NULL;
    }
    kn_obj *sent = g->xfer ? g->xfer : kn_none_new();
    g->xfer = NULL;
    return sent;
}

/* A generator expression's element, yielded to the consumer. */
static int genexp_emit(kn_eval *ev, frame *cf, kn_node *n, void *g, kn_err *err) {
    kn_obj *v = eval(ev, cf, n->comp.elt, err);
    kn_obj *sent = v ? gen_suspend(ev, g, v, err) : NULL;
    kn_decref(sent);
    return sent ? 0 : -1;
}

/* The fiber's function: run the body once to its end. */
static void gen_body(kn_fiber *fib, void *arg) {
    kn_generator *g = arg;
    kn_eval *ev = g->ev;
    kn_err err;
    tc_error_init(&err);
    kn_obj *ret = NULL;
    kn_node *n = g->node;
    ev->stack_limit = kn_fiber_stack_limit(fib);
    if (g->code) {
        ret = kn__vm_gen_run(ev, &g->fr, g->code, &err);
    } else if (n->kind == KN_AST_LISTCOMP) {
        if (comp_clause(ev, &g->fr, n, 0, g->first, genexp_emit, g, &err) == 0)
            ret = kn_none_new();
        else
            record(ev, &g->fr, n, &err);
    } else if (n->kind == KN_AST_LAMBDA) {
        if (!(ret = eval(ev, &g->fr, n->lambda.body, &err)))
            record(ev, &g->fr, n->lambda.body, &err);
    } else {
        exec_status st = exec_block(ev, &g->fr, &n->def_stmt.body, &err);
        if (st == EX_RETURN)
            ret = g->fr.retval;
        else if (st != EX_ERR)
            ret = kn_none_new();
        else
            kn_decref(g->fr.retval);
        g->fr.retval = NULL;
    }
    if (err.type == TC_EXC_STOP_ITERATION) {
        tc_error_clear(&err);
        tc_error_set(&err, TC_EXC_RUNTIME, "generator raised StopIteration");
    }
    g->retval = ret;
    if (!ret) err_copy(g->out_err, &err);
}

/* A resume of a flat generator (no fiber: see kn__vm_gen_step) from state was, with g->xfer
 * and g->thrown set up as for the fiber: the yielded value, or NULL when the body ended (its
 * return value in g->retval) or raised (into err, as gen_body reports it). */
static kn_obj *gen_flat_step(kn_generator *g, gen_state was, kn_err *err) {
    kn_obj *sent = g->xfer ? g->xfer : kn_none_new(), *out = NULL;
    g->xfer = NULL;
    kn_err e;
    tc_error_init(&e);
    if (g->thrown) err_copy(&e, g->thrown);
    exec_status st = kn__vm_gen_step(g->ev, &g->fr, g->code, g->stack, &g->pc, &g->depth, sent,
                                     g->thrown != NULL && was == GEN_SUSPENDED, &out, &e);
    if (st == EX_YIELD) return out;
    if (st == EX_RETURN) {
        g->retval = out;
        return NULL;
    }
    if (e.type == TC_EXC_STOP_ITERATION) {
        tc_error_clear(&e);
        tc_error_set(&e, TC_EXC_RUNTIME, "generator raised StopIteration");
    }
    err_copy(err, &e);
    return NULL;
}

/* Resume g, sending 'send' (borrowed; NULL: None) or throwing 'thrown' in. The yielded value
 * (new reference); NULL without error when the body returned (its value in *ret, a new
 * reference, when ret is not NULL); NULL with err when it raised or cannot be resumed. */
static kn_obj *gen_resume(kn_generator *g, kn_obj *send, const tc_error *thrown, kn_obj **ret,
                          kn_err *err) {
    kn_eval *ev = g->ev;
    if (ret) *ret = NULL;
    switch (g->state) {
    case GEN_RUNNING:
        tc_error_set(err, TC_EXC_VALUE, "generator already executing");
        return NULL;
    case GEN_DONE:
        if (thrown)
            err_copy(err, thrown);
        else if (ret)
            *ret = kn_none_new();
        return NULL;
    case GEN_CREATED:
        if (thrown) {
            g->state = GEN_DONE;
            gen_release_frame(g);
            err_copy(err, thrown);
            return NULL;
        }
        if (send && send != kn_none()) {
            tc_error_set(err, TC_EXC_TYPE, "can't send non-None value to a just-started generator");
            return NULL;
        }
        break;
    case GEN_SUSPENDED:
        break;
    }
    if (ev->depth >= KN_RECURSION_LIMIT) {
        tc_error_set(err, TC_EXC_RECURSION, "maximum recursion depth exceeded");
        return NULL;
    }
    if (!g->stack && !g->fiber && !(g->fiber = kn_fiber_new(gen_body, g, err))) return NULL;
    char *limit = ev->stack_limit;
    int depth = ev->depth, nhandling = ev->nhandling;
    gen_state was = g->state;
    g->xfer = send && was == GEN_SUSPENDED ? kn_incref(send) : NULL;
    g->thrown = thrown;
    g->out_err = err;
    g->hbase = nhandling;
    g->state = GEN_RUNNING;
    ev->depth = depth + 1;
    void *saved_top = ev->top;
    ev->top = &g->fr; /* locals() in the body */
    kn_obj **offers = kn_stop_value_redirect(NULL);
    kn_obj *y = NULL;
    int rc = 0;
    bool done;
    if (g->stack) { /* flat: the VM returns at the yield */
        y = gen_flat_step(g, was, err);
        done = !y;
    } else {
        rc = kn_fiber_resume(g->fiber, err);
        done = rc == 0 && kn_fiber_done(g->fiber);
        if (rc == 0 && !done) {
            y = g->xfer;
            g->xfer = NULL;
        }
    }
    kn_stop_value_redirect(offers);
    ev->top = saved_top;
    ev->stack_limit = limit;
    ev->depth = depth;
    ev->nhandling = nhandling;
    g->thrown = NULL;
    g->out_err = NULL;
    if (rc < 0) { /* no stack for a first run: it stays unstarted */
        g->state = was;
        kn_decref(g->xfer);
        g->xfer = NULL;
        return NULL;
    }
    if (done) {
        g->state = GEN_DONE;
        kn_obj *r = g->retval;
        g->retval = NULL;
        gen_release_frame(g);
        if (ret && r)
            *ret = r;
        else
            kn_decref(r);
        return NULL;
    }
    g->state = GEN_SUSPENDED;
    return y;
}

/* Forget traceback entries recorded after the first n. */
static void tb_truncate(kn_eval *ev, int n) {
    while (ev->ntb > n)
        kn_ast_unref(ev->tb[--ev->ntb].ast);
}

/* g.close(): GeneratorExit thrown in at the yield; 0, or -1 with what the body raised
 * instead (RuntimeError when it yielded again). */
static int gen_close(kn_generator *g, kn_err *err) {
    if (g->state == GEN_RUNNING)
        return tc_error_set(err, TC_EXC_VALUE, "generator already executing");
    if (g->state != GEN_SUSPENDED) {
        if (g->state == GEN_CREATED) gen_release_frame(g);
        g->state = GEN_DONE;
        return 0;
    }
    tc_error ge;
    tc_error_init(&ge);
    tc_error_set(&ge, TC_EXC_GENERATOR_EXIT, "%s", "");
    kn_err e;
    tc_error_init(&e);
    int ntb = g->ev->ntb;
    kn_obj *y = gen_resume(g, NULL, &ge, NULL, &e);
    if (y) {
        kn_decref(y);
        return tc_error_set(err, TC_EXC_RUNTIME, "generator ignored GeneratorExit");
    }
    if (!tc_error_is_set(&e) || e.type == TC_EXC_GENERATOR_EXIT) {
        tb_truncate(g->ev, ntb);
        return 0;
    }
    err_copy(err, &e);
    return -1;
}

/* The yielded value of `yield v` / `yield from it` in a generator's frame. */
static kn_obj *eval_yield(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    kn_generator *g = f->gen;
    if (!g) {
        tc_error_set(err, TC_EXC_SYNTAX, "'yield' outside function");
        return NULL;
    }
    if (n->kind == KN_AST_YIELD) {
        kn_obj *v = n->yield_expr.value ? eval(ev, f, n->yield_expr.value, err) : kn_none_new();
        return v ? gen_suspend(ev, g, v, err) : NULL;
    }
    kn_obj *src = eval(ev, f, n->yield_expr.value, err);
    return src ? kn__yield_from(ev, f, src, err) : NULL;
}

/* `yield v` in the generator frame f runs (see eval-impl.h). */
kn_obj *kn__yield(kn_eval *ev, frame *f, kn_obj *v, kn_err *err) {
    return gen_suspend(ev, f->gen, v, err);
}

/* `yield from src`: PEP 380's expansion, generators driven directly (see eval-impl.h). */
/* One step of `yield from it` in frame f (see eval-impl.h). */
kn_obj *kn__yf_step(frame *f, kn_obj *it, kn_obj *sent, const tc_error *thrown, kn_obj **ret,
                    kn_err *err) {
    kn_generator *g = f->gen, *sub = it->type == g->base.type ? (kn_generator *)it : NULL;
    kn_obj *y = NULL;
    *ret = NULL;
    g->yf = NULL;
    if (thrown && thrown->type == TC_EXC_GENERATOR_EXIT) { /* we are closed: close it first */
        if (sub) {
            if (gen_close(sub, err) == 0) err_copy(err, thrown);
        } else {
            kn_err e2;
            tc_error_init(&e2);
            kn_obj *close = kn_getattr(it, "close", &e2);
            kn_obj *r = close ? kn_call_simple(close, NULL, 0, err) : NULL;
            kn_decref(close);
            kn_decref(r);
            err_copy(err, thrown);
        }
    } else if (sub) {
        y = gen_resume(sub, sent, thrown, ret, err);
    } else if (thrown) {
        err_copy(err, thrown);
    } else if (!sent || sent == kn_none()) {
        y = kn_next_ret(it, ret, err);
    } else {
        kn_obj *m = kn_getattr(it, "send", err);
        y = m ? kn_call_simple(m, &sent, 1, err) : NULL;
        kn_decref(m);
        if (!y && err->type == TC_EXC_STOP_ITERATION) { /* ended: its value is lost */
            tc_error_clear(err);
            *ret = kn_none_new();
        }
    }
    if (y) {
        g->yf = it; /* gi_yieldfrom while we are suspended in it */
    } else if (!tc_error_is_set(err) && !*ret) {
        *ret = kn_none_new();
    } else if (tc_error_is_set(err)) {
        kn_decref(*ret);
        *ret = NULL;
    }
    return y;
}

kn_obj *kn__yield_from(kn_eval *ev, frame *f, kn_obj *src, kn_err *err) {
    kn_generator *g = f->gen;
    kn_obj *it = kn_iter(src, err);
    kn_decref(src);
    if (!it) return NULL;
    kn_obj *sent = NULL, *result = NULL;
    tc_error thrown;
    tc_error_init(&thrown);
    for (;;) {
        kn_obj *ret = NULL;
        kn_obj *y = kn__yf_step(f, it, sent, tc_error_is_set(&thrown) ? &thrown : NULL, &ret, err);
        kn_decref(sent);
        sent = NULL;
        tc_error_clear(&thrown);
        if (!y) {
            result = ret;
            break;
        }
        sent = gen_suspend(ev, g, y, err);
        g->yf = NULL;
        if (sent) continue;
        thrown = *err; /* thrown into us: into the delegate first */
        tc_error_clear(err);
    }
    kn_decref(it);
    return result;
}

static kn_obj *gen_next(kn_obj *self, kn_err *err) {
    kn_obj *ret = NULL;
    kn_obj *y = gen_resume((kn_generator *)self, NULL, NULL, &ret, err);
    if (!y && ret) kn_stop_value_offer(ret);
    kn_decref(ret);
    return y;
}

static kn_obj *gen_iter(kn_obj *self, kn_err *err) {
    return kn_incref(self);
}

/* The generator's return value as StopIteration (send, throw, __next__). */
static kn_obj *gen_stop(kn_obj *y, kn_obj *ret, kn_err *err) {
    if (y || tc_error_is_set(err)) {
        kn_decref(ret);
        return y;
    }
    kn_stop_iteration(ret, err);
    kn_decref(ret);
    return NULL;
}

static kn_obj *gen_m_send(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"value"};
    kn_obj *a[1];
    if (kn_args_bind(args, "send", names, 1, 1, a, err) < 0) return NULL;
    kn_obj *ret = NULL;
    kn_obj *y = gen_resume((kn_generator *)self, a[0], NULL, &ret, err);
    return gen_stop(y, ret, err);
}

static kn_obj *gen_m_next(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn_args_bind(args, "__next__", NULL, 0, 0, NULL, err) < 0) return NULL;
    kn_obj *ret = NULL;
    kn_obj *y = gen_resume((kn_generator *)self, NULL, NULL, &ret, err);
    return gen_stop(y, ret, err);
}

/* g.throw(exc), g.throw(type[, value[, tb]]): the exception as an error value. */
static bool is_exc_value(const kn_obj *o) {
    return kn_is(o, &kn_type_exception) ||
           (kn_is_instance_obj(o) && kn_class_exc_kind(o->type->heap_class) != TC_EXC_NONE);
}

static int throw_args(kn_eval *ev, const kn_args *args, tc_error *out, kn_err *err) {
    static const char *names[] = {"typ", "val", "tb"};
    kn_obj *a[3];
    if (kn_args_bind(args, "throw", names, 3, 1, a, err) < 0) return -1;
    bool has_val = a[1] && a[1] != kn_none();
    kn_obj *exc = NULL;
    if (is_exc_value(a[0])) {
        if (has_val)
            return tc_error_set(err, TC_EXC_TYPE,
                                "instance exception may not have a separate value");
        exc = kn_incref(a[0]);
    } else if (kn_is_exception_class(a[0], NULL) || kn_class_exc_kind(a[0]) != TC_EXC_NONE) {
        if (has_val && is_exc_value(a[1]))
            exc = kn_incref(a[1]);
        else
            exc = kn_call_simple(a[0], &a[1], has_val ? 1 : 0, err);
        if (!exc) return -1;
    }
    if (!exc || !is_exc_value(exc)) {
        kn_decref(exc);
        return tc_error_set(err, TC_EXC_TYPE,
                            "exceptions must be classes or instances deriving from "
                            "BaseException, not %s",
                            kn_type_name(a[0]));
    }
    kn_err e;
    tc_error_init(&e);
    raise_obj(ev, exc, &e);
    kn_decref(exc);
    if (e.type == TC_EXC_NONE) return tc_error_set(err, TC_EXC_TYPE, "bad exception");
    *out = e;
    return 0;
}

static kn_obj *gen_m_throw(kn_obj *self, const kn_args *args, kn_err *err) {
    tc_error thrown;
    tc_error_init(&thrown);
    if (throw_args(((kn_generator *)self)->ev, args, &thrown, err) < 0) return NULL;
    kn_obj *ret = NULL;
    kn_obj *y = gen_resume((kn_generator *)self, NULL, &thrown, &ret, err);
    return gen_stop(y, ret, err);
}

static kn_obj *gen_m_close(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn_args_bind(args, "close", NULL, 0, 0, NULL, err) < 0) return NULL;
    return gen_close((kn_generator *)self, err) < 0 ? NULL : kn_none_new();
}

static const struct {
    const char *name;
    kn_cfunc fn;
    const char *sig, *doc;
} gen_methods[] = {
    {"send", gen_m_send, "(value)",
     "send(arg) -> send 'arg' into generator,\nreturn next yielded value or raise StopIteration."},
    {"throw", gen_m_throw, "(typ, val=None, tb=None)",
     "throw(value)\nthrow(type[,value[,tb]])\n\nRaise exception in generator, return next "
     "yielded value or raise\nStopIteration."},
    {"close", gen_m_close, "()", "close() -> raise GeneratorExit inside generator."},
    {"__next__", gen_m_next, "()", "Implement next(self)."},
};

static kn_obj *gen_repr(kn_obj *self, kn_err *err) {
    char q[300];
    gen_qualname((kn_generator *)self, q, sizeof q);
    return kn_str_printf("<generator object %s at %p>", q, (void *)self);
}

static kn_obj *gen_getattr(kn_obj *self, const char *name, kn_err *err) {
    kn_generator *g = (kn_generator *)self;
    char q[300];
    if (strcmp(name, "__name__") == 0)
        return kn_str_from_cstr(g->func ? g->fr.fn->name : "<genexpr>");
    if (strcmp(name, "__qualname__") == 0) {
        gen_qualname(g, q, sizeof q);
        return kn_str_from_cstr(q);
    }
    if (strcmp(name, "gi_running") == 0) return kn_bool_new(g->state == GEN_RUNNING);
    if (strcmp(name, "gi_suspended") == 0) return kn_bool_new(g->state == GEN_SUSPENDED);
    if (strcmp(name, "gi_yieldfrom") == 0) return kn_incref(g->yf ? g->yf : kn_none());
    for (size_t i = 0; i < sizeof gen_methods / sizeof gen_methods[0]; i++)
        if (strcmp(name, gen_methods[i].name) == 0) {
            kn_obj *m = kn_cfunction_new(name, gen_methods[i].fn, self, gen_methods[i].sig,
                                         gen_methods[i].doc);
            if (!m) kn_nomem(err);
            return m;
        }
    return NULL;
}

static int gen_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    static const char *const names[] = {"__name__",     "__next__",   "__qualname__",
                                        "close",        "gi_running", "gi_suspended",
                                        "gi_yieldfrom", "send",       "throw"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        kn_obj *s = kn_str_from_cstr(names[i]);
        if (kn_list_append(list, s) < 0) {
            kn_decref(s);
            return kn_nomem(err);
        }
        kn_decref(s);
    }
    return 0;
}

/* "Exception ignored in: <generator ...>" on stderr, as CPython reports an error raised
 * while a dropped generator closes. */
static void gen_unraisable(kn_generator *g, const kn_err *e) {
    char q[300];
    gen_qualname(g, q, sizeof q);
    tc_strbuf b = {0};
    tc_strbuf_printf(&b, "Exception ignored in: <generator object %s at %p>\n%s%s%s\n", q,
                     (void *)g, kn_eval_exc_name(g->ev, e), e->msg[0] ? ": " : "", e->msg);
    if (b.data) kn_rt_write("stderr", b.data, b.len);
    tc_strbuf_free(&b);
}

/* Close a suspended generator that is being dropped, its finally blocks run; the traceback
 * of an error on its way out of the dropping frame waits aside meanwhile. */
static void gen_close_dropped(kn_generator *g) {
    kn_eval *ev = g->ev;
    int saved_n = ev->ntb, saved_dropped = ev->tb_dropped;
    kn_tb_entry *saved = saved_n ? tc_malloc((size_t)saved_n * sizeof *saved) : NULL;
    if (saved) {
        memcpy(saved, ev->tb, (size_t)saved_n * sizeof *saved);
        ev->ntb = 0;
        ev->tb_dropped = 0;
    }
    kn_err e;
    tc_error_init(&e);
    if (gen_close(g, &e) < 0) gen_unraisable(g, &e);
    if (g->state == GEN_SUSPENDED) g->abandoned = true;
    if (saved) {
        kn_eval_tb_clear(ev);
        memcpy(ev->tb, saved, (size_t)saved_n * sizeof *saved);
        ev->ntb = saved_n;
        ev->tb_dropped = saved_dropped;
        tc_free(saved);
    }
}

static void gen_dealloc(kn_obj *self) {
    kn_generator *g = (kn_generator *)self;
    if (g->state == GEN_SUSPENDED && !g->abandoned) {
        self->refcnt = 1; /* alive while its body runs to its end */
        gen_close_dropped(g);
        self->refcnt = 0;
    }
    /* a suspended body on a fiber keeps its stack mapped; a flat one's frame is just memory */
    if (g->state != GEN_SUSPENDED || g->stack) gen_release_frame(g);
    if (g->prev)
        g->prev->next = g->next;
    else if (live_gens == g)
        live_gens = g->next;
    if (g->next) g->next->prev = g->prev;
    kn_decref(g->retval);
    kn_decref(g->func);
    kn_ast_unref(g->ast);
}

static const kn_type gen_type = {
    .name = "generator",
    .qualname = "generator",
    .doc = "A generator: the body of a function containing yield, run one value at a time.",
    .dealloc = gen_dealloc,
    .repr = gen_repr,
    .getattr = gen_getattr,
    .iter = gen_iter,
    .next = gen_next,
    .dir = gen_dir,
    .hash = function_hash,
};

static kn_generator *gen_alloc(kn_eval *ev, kn_ast *ast, kn_err *err) {
    kn_generator *g = (kn_generator *)kn_obj_alloc(&gen_type, sizeof *g, err);
    if (!g) return NULL;
    g->ev = ev;
    g->ast = kn_ast_ref(ast);
    g->fr.gen = g;
    g->next = live_gens;
    if (live_gens) live_gens->prev = g;
    live_gens = g;
    return g;
}

/* Calling a generator function: its bound frame (locals borrowed) becomes a generator. */
/* A call of a generator function whose body the VM runs: the arguments bound into slots the
 * generator owns (see eval-impl.h). */
kn_obj *kn__gen_from_code(kn_function *fo, const kn_code *co, const kn_args *args, kn_err *err) {
    kn_eval *ev = fo->ev;
    int n = kn__code_nslots(co), ns = kn__code_flat(co) ? kn__code_stacksize(co) : 0;
    kn_obj **slots = tc_calloc((size_t)n + (size_t)ns + 1, sizeof *slots);
    if (!slots) {
        kn_nomem(err);
        return NULL;
    }
    if (kn__bind_slots(fo, args, slots, err) < 0) {
        tc_free(slots);
        return NULL;
    }
    kn_generator *g = gen_alloc(ev, fo->ast, err);
    if (!g) {
        for (int i = 0; i < n; i++)
            kn_decref(slots[i]);
        tc_free(slots);
        return NULL;
    }
    g->func = kn_incref(&fo->base);
    g->node = fo->node;
    g->code = co;
    g->stack = ns ? slots + n : NULL;
    g->fr = (frame){.slots = slots,
                    .closure = fo->closure ? (scope *)kn_incref(&fo->closure->base) : NULL,
                    .fn = fo->fn,
                    .ast = fo->ast,
                    .name = fo->fn->name,
                    .fo = &fo->base,
                    .globals = fo->globals,
                    .gen = g};
    return &g->base;
}

static kn_obj *gen_from_call(kn_eval *ev, kn_obj *func, const frame *fr, kn_err *err) {
    kn_function *fo = (kn_function *)func;
    kn_generator *g = gen_alloc(ev, fo->ast, err);
    if (!g) return NULL;
    g->func = kn_incref(func);
    g->node = fo->node;
    g->fr = *fr;
    g->fr.gen = g;
    g->fr.locals = kn_incref(fr->locals);
    g->fr.closure = fr->closure ? (scope *)kn_incref(&fr->closure->base) : NULL;
    g->fr.self_scope = NULL; /* made by the body when it defines functions */
    return &g->base;
}

/* A generator expression: the outermost iterable's iterator is taken now, the rest runs as
 * the generator is consumed. */
static kn_obj *gen_from_genexp(kn_eval *ev, frame *f, kn_node *n, kn_err *err) {
    kn_obj *src = eval(ev, f, n->comp.generators.v[0]->compfor.iter, err);
    return src ? kn__genexp_from(ev, f, n, src, err) : NULL;
}

/* A generator expression over its evaluated outermost iterable (see eval-impl.h). */
kn_obj *kn__genexp_from(kn_eval *ev, frame *f, kn_node *n, kn_obj *src, kn_err *err) {
    kn_obj *it = kn_iter(src, err);
    kn_decref(src);
    if (!it) return NULL;
    kn_generator *g = gen_alloc(ev, f->ast, err);
    kn_obj *locals = g ? kn_dict_new() : NULL;
    bool oom = false;
    scope *closure = locals ? make_closure(f, &oom) : NULL;
    if (!g || !locals || oom) {
        if (g) kn_nomem(err);
        kn_decref(it);
        kn_decref(locals);
        kn_decref(closure ? &closure->base : NULL);
        kn_decref(g ? &g->base : NULL);
        return NULL;
    }
    g->node = n;
    g->first = it;
    g->outer = f->fn;
    g->fr.locals = locals;
    g->fr.closure = closure;
    g->fr.fn = &genexpr_fn;
    g->fr.comp = true;
    g->fr.ast = g->ast;
    g->fr.name = genexpr_name;
    g->fr.globals = f->globals;
    /* the body on the VM when it compiles: the outermost iterator is its first slot (out of
     * memory for either, MemoryError: see kn__code_of) */
    const kn_code *co = kn__code_of_genexp(ev, g->ast, n, err);
    if (!co) {
        if (!tc_error_is_set(err)) return &g->base;
        kn_decref(&g->base);
        return NULL;
    }
    int ns = kn__code_flat(co) ? kn__code_stacksize(co) : 0;
    kn_obj **slots = tc_calloc((size_t)kn__code_nslots(co) + (size_t)ns + 1, sizeof *slots);
    if (!slots) {
        kn_decref(&g->base);
        kn_nomem(err);
        return NULL;
    }
    g->code = co;
    g->stack = ns ? slots + kn__code_nslots(co) : NULL;
    slots[0] = g->first;
    g->first = NULL;
    g->fr.slots = slots;
    return &g->base;
}

/* Close the evaluator's suspended generators while its namespaces still exist. */
static void gens_close_all(kn_eval *ev) {
    /* passes over the list, each holding the generator it stands on and the next one (a
     * closing body's code may drop others); again while a pass closed any, for generators
     * that closing started */
    for (bool closed = true; closed;) {
        closed = false;
        kn_generator *g = live_gens;
        if (g) kn_incref(&g->base);
        while (g) {
            if (g->ev == ev && g->state == GEN_SUSPENDED && !g->abandoned) {
                gen_close_dropped(g);
                closed = true;
            }
            kn_generator *next = g->next;
            if (next) kn_incref(&next->base);
            kn_decref(&g->base);
            g = next;
        }
    }
}
