/*
 * The evaluator: walks a cell's syntax tree (ast.h) over the object model (object.h).
 * Scopes are Python's: function locals (decided statically by the parser), the dicts of
 * enclosing functions for closures, the interpreter's globals, then builtins. Exceptions
 * are kn_err values propagating outward; the evaluator records a traceback entry for each
 * frame they leave so the interpreter can print IPython-style tracebacks. Generator
 * functions and generator expressions run their bodies on fibers (fiber.h), one C stack
 * per suspended generator.
 */
#ifndef KN_LANG_EVAL_H
#define KN_LANG_EVAL_H

#include <pthread.h>
#include <stdbool.h>

#include "kernel/lang/ast.h"
#include "kernel/objects/object.h"

#define KN_RECURSION_LIMIT 1000
#define KN_TB_MAX 64

typedef struct kn_eval kn_eval;

/* One traceback entry: a line of a cell, and the function it ran in ("f(x, y)"; empty at
 * module level). */
typedef struct kn_tb_entry {
    kn_ast *ast; /* owned reference */
    int line;
    int depth; /* call depth of the frame */
    char func[128];
} kn_tb_entry;

/* Hooks the interpreter layer provides. */
typedef struct kn_eval_hooks {
    void *ctx;
    /* Called before each statement (bridge puts, stream flushing). */
    void (*on_stmt)(void *ctx);
    /* Run a line magic ("time x = 1" for "%time x = 1"); 0 or -1 with err. */
    int (*magic)(void *ctx, const char *line, kn_err *err);
} kn_eval_hooks;

struct kn_eval {
    kn_obj *globals;          /* dict */
    kn_obj *builtins;         /* dict */
    kn_obj *modules;          /* dict: imported modules by name */
    kn_obj *namespaces;       /* list: the globals dicts exec()/eval() ran code in, kept
                                 because the functions that code defines borrow them */
    pthread_mutex_t *ns_lock; /* held around global stores and deletes (NULL: none) */
    kn_eval_hooks hooks;
    int depth;
    char *stack_limit;         /* below this address the C stack is considered exhausted */
    kn_tb_entry tb[KN_TB_MAX]; /* innermost first */
    int ntb, tb_dropped;
    /* exceptions being handled (bare 'raise'), with their exception objects (owned) */
    struct {
        tc_error err;
        kn_obj *obj;
    } handling[32];
    int nhandling;
    /* The exception object of the error propagating now, found through its tag (see
     * tensorcore/error.h): `raise` keeps the object it raised here, so that `except E as e`
     * gets that very object (user exception classes, attributes, __cause__). */
    kn_obj *exc_obj;
    unsigned long long exc_tag, next_tag;
    void *top; /* the innermost function or comprehension frame running, NULL at module level */
    /* a flat generator's yield (vm.c): where its code stopped, and an exception thrown in */
    int vm_yield_pc, vm_yield_depth;
    bool vm_throw;
};

/* A new evaluator over fresh globals (with __name__ = '__main__') and builtins. */
kn_eval *kn_eval_new(kn_err *err);
void kn_eval_free(kn_eval *ev); /* NULL is fine */

/* Prepare for running code on the calling thread (stack bounds, traceback reset). */
void kn_eval_begin(kn_eval *ev);

/* Execute the module-level statements body[from..to) of ast. 0, or -1 with err set and a
 * traceback recorded. */
int kn_eval_exec_range(kn_eval *ev, kn_ast *ast, int from, int to, kn_err *err);
/* Evaluate an expression node at module level. New reference, or NULL with err. */
kn_obj *kn_eval_expr(kn_eval *ev, kn_ast *ast, kn_node *expr, kn_err *err);

/* Forget the recorded traceback. */
void kn_eval_tb_clear(kn_eval *ev);

/* Bind / look up / remove a global, taking ns_lock for stores and deletes. store borrows v. */
int kn_eval_set_global(kn_eval *ev, const char *name, kn_obj *v, kn_err *err);
kn_obj *kn_eval_get_global(kn_eval *ev, const char *name); /* borrowed or NULL */

/* Import a module by name ("torch", "numpy", "math", "time", "sys"); cached. New reference. */
kn_obj *kn_eval_import(kn_eval *ev, const char *name, kn_err *err);

/* The class name an uncaught error reports ("MyError" for a user exception class, else
 * Python's name of err->type), and the exception it was raised from (`raise X from Y`;
 * borrowed, NULL when none). */
const char *kn_eval_exc_name(kn_eval *ev, const kn_err *err);
kn_obj *kn_eval_exc_cause(kn_eval *ev, const kn_err *err);
/* CPython's name for the class of an uncaught error in a traceback's last line when it is
 * not the plain class name: "module.Qualname" unless the module is __main__ or builtins,
 * else the qualname when it differs ("f.<locals>.E"). A new str, or NULL. */
kn_obj *kn_eval_exc_qualname(kn_eval *ev, const kn_err *err);

/* Type-name and message of an exception value (raise X / except ... as e). */
int kn_exception_info(kn_obj *exc, tc_exc *type, char *msg, size_t n, kn_err *err);

/* User function introspection for inspect/completion (NULL for other objects). */
const kn_fn *kn_function_info(kn_obj *o);
/* The cell a user function was defined in (borrowed) and its def line, or NULL. */
const kn_ast *kn_function_source(kn_obj *o, int *line);

#endif
