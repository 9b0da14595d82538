/*
 * Private to kernel/lang: the layouts of the evaluator's frames, closure scopes and user
 * functions, and the helpers that the bytecode VM (vm.h) shares with the tree-walking
 * evaluator (eval.c). Nothing outside kernel/lang includes this.
 */
#ifndef KN_LANG_EVAL_IMPL_H
#define KN_LANG_EVAL_IMPL_H

#include "kernel/lang/eval.h"

/* How a statement ended. */
typedef enum exec_status { EX_OK, EX_ERR, EX_RETURN, EX_BREAK, EX_CONTINUE, EX_YIELD } exec_status;

/* One enclosing scope of a closure: the locals dict of a function call (fn set) or of a
 * comprehension (fn NULL), and the scopes around it. Shared by every function defined in
 * the same call. */
typedef struct scope {
    kn_obj base;
    kn_obj *locals;
    const kn_fn *fn;
    struct scope *up;
} scope;

typedef struct frame {
    kn_obj *locals;  /* dict, or NULL at module level; in a call the VM runs, the locals
                        that nested functions read (the rest are slots), or NULL */
    kn_obj **slots;  /* a VM call's locals, parameters first (vm.h), else NULL */
    scope *closure;  /* the enclosing scopes, innermost first, or NULL */
    const kn_fn *fn; /* static scope info of a function frame, else NULL */
    kn_ast *ast;
    const char *name; /* function name for tracebacks */
    kn_obj *retval;
    kn_obj *fo;      /* the user function this frame runs, or NULL */
    kn_obj *globals; /* the module namespace its global names live in (borrowed) */
    bool is_class;   /* a class body: its locals are no closure of the functions it defines */
    struct kn_generator *gen; /* the generator whose body this frame runs, or NULL */
    scope *self_scope;        /* this frame as a closure scope, made on first use */
    bool comp;                /* a comprehension's frame */
} frame;

typedef struct kn_function {
    kn_obj base;
    kn_eval *ev;
    kn_ast *ast;       /* keeps the body alive */
    kn_node *node;     /* DEF or LAMBDA */
    const kn_fn *fn;   /* node's parameters, names and doc */
    kn_obj **defaults; /* per parameter, NULL when required */
    kn_obj **keys;     /* per parameter: its name as a str, for binding */
    scope *closure;
    kn_obj *globals;     /* the namespace of the module that defined it; borrowed: module
                            namespaces live as long as the evaluator (its globals, ev->modules) */
    kn_obj *klass;       /* the class whose body defined it (super() with no arguments), or NULL;
                            not a reference: the class clears it when freed (kn_class_adopt) */
    kn_obj *annotations; /* dict, made at definition when the def has annotations */
    kn_obj *dict;        /* attributes set on the function (f.calls = 0, functools.wraps) */
} kn_function;

/* ---- helpers shared by the tree-walker and the VM (eval.c) ------------------------------- */

/* Record a traceback entry for the error leaving frame f at 'line' (once per frame). */
void kn__record_line(kn_eval *ev, frame *f, int line, kn_err *err);
/* The value of a constant of the syntax tree (new reference), or NULL with err. */
kn_obj *kn__const_new(const kn_const *c, kn_err *err);
/* The process-wide str object for a name (new reference), or NULL when out of memory. */
kn_obj *kn__intern_name(const char *name);
/* The value of a name that is no local of frame f: the enclosing functions' scopes (unless
 * the function declared it global), the globals, the builtins; CPython's NameError texts.
 * key is the name's interned str. New reference, or NULL with err. */
kn_obj *kn__load_outer(kn_eval *ev, frame *f, kn_obj *key, const char *name, kn_err *err);
/* Bind key to v (borrowed) in frame f's module globals, under the namespace lock when they
 * are the interpreter's. 0, or -1 with err. */
int kn__store_global(kn_eval *ev, frame *f, kn_obj *key, kn_obj *v, kn_err *err);
/* kn__store_global with a store site's guess of the name's entry position (*hint; -1 at
 * first), tried first and updated. */
int kn__store_global_at(kn_eval *ev, frame *f, kn_obj *key, kn_obj *v, int64_t *hint,
                        kn_err *err);
/* `del name` in frame f (its locals dict, else the globals). 0, or -1 with err. */
int kn__delete_name(kn_eval *ev, frame *f, const char *name, kn_err *err);
/* The frozenset constant CPython makes of a set display of constants (`x in {1, 2}`,
 * `for x in {3, 1}`), or NULL with no error when n is not one; NULL with err on failure. */
kn_obj *kn__const_set(kn_eval *ev, frame *f, kn_node *n, kn_err *err);
/* One comparison `a op b`, membership and identity included. New reference or NULL. */
kn_obj *kn__compare_one(kn_cmp_kind op, kn_obj *a, kn_obj *b, kn_err *err);
/* super() with no arguments in frame f. New reference or NULL. */
kn_obj *kn__zero_arg_super(frame *f, kn_err *err);
/* The items of value for unpacking into 'want' targets (a list; see eval.c). */
kn_obj *kn__unpack_items(kn_obj *value, int64_t want, bool star, kn_err *err);
/* A bare `raise`; always -1 with err set. */
int kn__reraise(kn_eval *ev, kn_err *err);
/* `raise v from c` (c NULL: no cause); takes both references; always -1 with err set. */
int kn__raise_value(kn_eval *ev, kn_obj *v, kn_obj *c, kn_err *err);
/* Raise AssertionError(msg) as `assert test, msg` does: the message object itself, whatever
 * its type or its text (NUL included), is the exception's argument. Steals msg; -1. */
int kn__raise_assertion(kn_eval *ev, kn_obj *msg, kn_err *err);
/* Bind a call's arguments to fo's parameters: out[i] receives a new reference for parameter
 * i (the *args tuple and **kwargs dict included). 0, or -1 with err and out[] all NULL. */
int kn__bind_slots(kn_function *fo, const kn_args *a, kn_obj **out, kn_err *err);
/* The parts of a try statement, run by kn__try with CPython's semantics (handlers matched in
 * order, the exception bound to the as-name and kept for a bare `raise` while its handler
 * runs, `else` after a body that ended normally, `finally` always, with a pending error,
 * return value and traceback set aside while it runs). Each part is run by the caller's
 * callback on its own context; handler_type sets *bare for an `except:` with no class. */
typedef struct kn_try_ops {
    int nhandlers;
    bool has_orelse, has_finally;
    exec_status (*body)(void *ctx, kn_err *err);
    kn_obj *(*handler_type)(void *ctx, int i, bool *bare, kn_err *err);
    int (*bind)(void *ctx, int i, kn_obj *exc, kn_err *err); /* borrows exc */
    void (*unbind)(void *ctx, int i);
    exec_status (*handler)(void *ctx, int i, kn_err *err);
    exec_status (*orelse)(void *ctx, kn_err *err);
    exec_status (*finally)(void *ctx, kn_err *err);
    kn_obj **retval; /* where a `return` in the statement leaves its value */
} kn_try_ops;
exec_status kn__try(kn_eval *ev, const kn_try_ops *ops, void *ctx, kn_err *err);

/* One item of a with statement around a body: takes the manager mgr, enters it, binds the
 * value through assign, runs body, and exits it with the body's exception (which it may
 * suppress). */
typedef struct kn_with_ops {
    int (*assign)(void *ctx, kn_obj *val, kn_err *err); /* borrows val */
    exec_status (*body)(void *ctx, kn_err *err);
} kn_with_ops;
exec_status kn__with(kn_eval *ev, kn_obj *mgr, const kn_with_ops *ops, void *ctx, kn_err *err);

/* A generator expression n whose outermost iterable's value is src (taken), made in frame
 * f. New reference or NULL with err. */
kn_obj *kn__genexp_from(kn_eval *ev, frame *f, kn_node *n, kn_obj *src, kn_err *err);
/* The value a def statement n binds in frame f (made and decorated). */
kn_obj *kn__def_value(kn_eval *ev, frame *f, kn_node *n, kn_err *err);

/* In the generator frame f: `yield v` (takes v) and `yield from src` (takes src); the value
 * sent in / the delegate's return value (new reference), or NULL with the exception thrown
 * in. */
kn_obj *kn__yield(kn_eval *ev, frame *f, kn_obj *v, kn_err *err);
kn_obj *kn__yield_from(kn_eval *ev, frame *f, kn_obj *src, kn_err *err);
/* One step of `yield from it` in the generator frame f: send 'sent' (borrowed; NULL or None:
 * next()) or throw 'thrown' into the delegate it (GeneratorExit closes it, then raises). The
 * value it yields (new reference: f's generator is then suspended in it); NULL without
 * error when it finished (its return value in *ret, a new reference); NULL with err when it
 * raised. */
kn_obj *kn__yf_step(frame *f, kn_obj *it, kn_obj *sent, const tc_error *thrown, kn_obj **ret,
                    kn_err *err);
/* A call of the generator function fo whose body the VM runs as co (vm.h). */
struct kn_code;
kn_obj *kn__gen_from_code(kn_function *fo, const struct kn_code *co, const kn_args *args,
                          kn_err *err);

/* `name = v` (v borrowed) for a name that frame f declared nonlocal: into the locals of
 * the enclosing function that binds it. 0, or -1 with err. */
int kn__store_nonlocal(frame *f, const char *name, kn_obj *key, kn_obj *v, kn_err *err);
/* End a frame that has a locals dict (a VM call whose locals nested functions read): drop
 * its closure scope, break the cycles through functions it made, release the dict. */
void kn__frame_end(frame *f);

/* How CPython names a callable in call errors ("print()", "__main__.f()"), into buf. */
void kn__func_str(kn_obj *fn, char *buf, size_t n);

/* Run one statement (a traceback entry recorded on error) / evaluate one expression on the
 * tree-walker. */
exec_status kn__exec_stmt(kn_eval *ev, frame *f, kn_node *n, kn_err *err);
kn_obj *kn__eval(kn_eval *ev, frame *f, kn_node *n, kn_err *err);

#endif
