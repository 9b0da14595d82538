/*
 * Fibers: a function running on its own C stack that can switch back to whoever resumed it
 * and be resumed later where it left off. Generators use them: the evaluator walks the tree
 * recursively, so a suspended generator body is a suspended C call stack.
 *
 * Each fiber stack is an mmap'd region (KN_FIBER_STACK bytes, reserved, not committed: pages
 * become memory when touched) with an inaccessible guard page below it. A stack is taken
 * when the fiber first runs and given back when its function returns; a few given-back
 * stacks are kept for reuse, so short-lived fibers cost no system call. The switch is a few
 * instructions of assembly on x86-64 and aarch64 (callee-saved registers and the stack
 * pointer; no signal mask), ucontext elsewhere. Under AddressSanitizer every switch is
 * announced with __sanitizer_start/finish_switch_fiber.
 *
 *     static void body(kn_fiber *f, void *arg) { ...; kn_fiber_suspend(f); ...; }
 *     kn_fiber *f = kn_fiber_new(body, arg, &err);
 *     while (kn_fiber_resume(f, &err) == 0 && !kn_fiber_done(f)) ...;
 *     kn_fiber_free(f);
 *
 * A fiber is resumed only by one thread at a time, and never while it runs (the caller
 * checks). Fibers nest: a fiber may resume another one; suspend returns to the latest resumer.
 */
#ifndef KN_LANG_FIBER_H
#define KN_LANG_FIBER_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel/objects/object.h"

/* Reserved size of a fiber stack (the recursion guard leaves KN_FIBER_RESERVE of it). */
#define KN_FIBER_STACK ((size_t)8 << 20)
#define KN_FIBER_RESERVE ((size_t)256 << 10)

typedef struct kn_fiber kn_fiber;
typedef void (*kn_fiber_fn)(kn_fiber *f, void *arg);

/* A new fiber that will run fn(f, arg) when first resumed; no stack is taken yet. NULL with
 * MemoryError on failure. */
kn_fiber *kn_fiber_new(kn_fiber_fn fn, void *arg, kn_err *err);

/* Run the fiber until it suspends or its function returns. 0, or -1 with MemoryError when
 * no stack could be mapped for a fiber that has not started (it stays unstarted). */
int kn_fiber_resume(kn_fiber *f, kn_err *err);

/* From inside the fiber: switch back to the resumer; returns when resumed again. */
void kn_fiber_suspend(kn_fiber *f);

/* The fiber's function has returned (its stack is given back). */
bool kn_fiber_done(const kn_fiber *f);

/* The lowest usable address of the running fiber's stack plus KN_FIBER_RESERVE: the
 * recursion guard's limit while it runs. NULL before the fiber has a stack. */
char *kn_fiber_stack_limit(const kn_fiber *f);

/* Free a fiber that has not started or whose function has returned (a suspended fiber
 * must be run to its end first: its stack holds live frames). NULL is fine. */
void kn_fiber_free(kn_fiber *f);

#endif
