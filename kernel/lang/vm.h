/*
 * The bytecode compiler and VM for user functions. A function's body is compiled on its
 * first call into a compact stack bytecode (kn_code): locals live in numbered slots instead
 * of a dict, names are interned once, comprehensions are inlined with their own hidden
 * slots, and calls pass arguments straight from the VM's value stack. A body that uses
 * something the VM does not run yet (nested functions, classes, generators, try/with,
 * imports, nonlocal, star-arguments, locals()) keeps running on the tree-walking evaluator
 * (eval.c); both give the same results, errors and tracebacks.
 *
 * Private to kernel/lang. The environment variable TK_VM=0 turns the VM off (every body
 * tree-walked), so that tests can compare the two.
 */
#ifndef KN_LANG_VM_H
#define KN_LANG_VM_H

#include "kernel/lang/eval-impl.h"

typedef struct kn_code kn_code;

/* The compiled body of fo (a generator function's too: see kn__gen_from_code), compiling it
 * on its first call; NULL when the VM does not run it (the body is tree-walked). Borrowed:
 * the code is kept with fo's syntax tree. When memory runs out while compiling, NULL with
 * MemoryError in err and nothing kept (a later call compiles again): such a body is not
 * tree-walked instead, as the failure would then surface part-way through it, after the
 * tree-walker's frame may have made what the VM's does not (a nested function that
 * captures the whole locals dict it is stored in: a reference cycle). */
const kn_code *kn__code_of(kn_function *fo, kn_err *err);

/* Call fo (whose code is co) with args on the VM: binds the arguments, runs the body and
 * returns its value (new reference), or NULL with err set and a traceback entry recorded.
 * The caller has done the interrupt, recursion-depth and stack checks. */
kn_obj *kn__vm_call(kn_function *fo, const kn_code *co, const kn_args *args, kn_err *err);

/* The compiled body of the generator expression n of ast (its slot 0 is the outermost
 * iterator), compiling it on first use; NULL to tree-walk it, or NULL with MemoryError in
 * err as kn__code_of. */
const kn_code *kn__code_of_genexp(kn_eval *ev, kn_ast *ast, kn_node *n, kn_err *err);

/* The number of slots co's calls have (the generator frames that own them free them). */
int kn__code_nslots(const kn_code *co);

/* Run a generator body compiled as co in its frame f (slots bound, f->gen set), on the
 * generator's fiber: its return value (new reference), or NULL with err set and a
 * traceback entry recorded. */
kn_obj *kn__vm_gen_run(kn_eval *ev, frame *f, const kn_code *co, kn_err *err);

/* A flat generator body: its yields all run at the top level of its code (no try, with,
 * yield from or tree-walked part), so it suspends by returning and needs no fiber. Its frame
 * owns kn__code_stacksize(co) value-stack slots besides the locals. */
bool kn__code_flat(const kn_code *co);
int kn__code_stacksize(const kn_code *co);

/* Run the flat generator body co from *pc (0: its start) with the *depth values its stack
 * holds: push sent (stolen; ignored at the start), or when throwing, raise err (set by the
 * caller) at the yield it stopped at. EX_YIELD with the value in *out (new reference) and
 * *pc, *depth updated; EX_RETURN with the return value in *out; EX_ERR with err set and a
 * traceback entry recorded. Either of the last two leaves the stack empty. */
exec_status kn__vm_gen_step(kn_eval *ev, frame *f, const kn_code *co, kn_obj **stack, int *pc,
                            int *depth, kn_obj *sent, bool throwing, kn_obj **out, kn_err *err);

/* The compiled form of a module-level statement (or expression) n of ast when running it on
 * the VM pays (loops, comprehensions), compiling it on first use; NULL to tree-walk it, or
 * NULL with MemoryError in err as kn__code_of. Statements and expressions inside it that
 * the VM does not run are handed to the tree-walker one by one (module-level names live in
 * the globals dict either way). Borrowed, kept with the ast. */
const kn_code *kn__code_of_stmt(kn_eval *ev, kn_ast *ast, kn_node *n, kn_err *err);

/* Run module-level code compiled by kn__code_of_stmt in frame f (the module's). The value
 * of an expression, None for a statement (new reference), or NULL with err set and a
 * traceback entry recorded. */
kn_obj *kn__vm_run_module(kn_eval *ev, frame *f, const kn_code *co, kn_err *err);

#endif
