/*
 * Fibers on mmap'd stacks (see fiber.h). The switch saves the callee-saved registers on the
 * current stack, stores the stack pointer, loads the other one and pops its registers: a
 * function call's cost, where swapcontext would also make a sigprocmask system call.
 */
#include "kernel/lang/fiber.h"

#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define KN_FIBER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KN_FIBER_ASAN 1
#endif
#endif
#ifdef KN_FIBER_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

/* -DKN_FIBER_UCONTEXT builds the portable switch on x86-64 and aarch64 too (to test it) */
#if (defined(__x86_64__) || defined(__aarch64__)) && !defined(KN_FIBER_UCONTEXT)
#define KN_FIBER_ASM 1
#else
#include <ucontext.h>
#endif

struct kn_fiber {
    void *sp;        /* the fiber's saved stack pointer while it is suspended */
    void *caller_sp; /* the resumer's while the fiber runs */
    char *map;       /* the mapping: a guard page, then the stack */
    kn_fiber_fn fn;
    void *arg;
    bool started, done;
#ifdef KN_FIBER_ASAN
    void *fake, *caller_fake;
    const void *caller_bottom;
    size_t caller_size;
#endif
#ifndef KN_FIBER_ASM
    ucontext_t uc, caller_uc;
#endif
};

/* ---- stacks ------------------------------------------------------------------------- */

#define KN_FIBER_CACHE 64

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static char *cache[KN_FIBER_CACHE];
static int ncache;

static size_t page_size(void) {
    static size_t ps;
    if (!ps) ps = (size_t)sysconf(_SC_PAGESIZE);
    return ps;
}

static char *stack_take(void) {
    char *m = NULL;
    pthread_mutex_lock(&cache_lock);
    if (ncache) m = cache[--ncache];
    pthread_mutex_unlock(&cache_lock);
    if (m) return m;
    size_t ps = page_size();
    m = mmap(NULL, KN_FIBER_STACK + ps, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (m == MAP_FAILED) return NULL;
    /* small pages: a stack's first touch must not zero a 2 MiB huge page */
    madvise(m, KN_FIBER_STACK + ps, MADV_NOHUGEPAGE);
    if (mprotect(m, ps, PROT_NONE) < 0) {
        munmap(m, KN_FIBER_STACK + ps);
        return NULL;
    }
    return m;
}

static void stack_give(char *m) {
#ifdef KN_FIBER_ASAN
    /* frames that ended by a switch rather than a return leave their redzones poisoned */
    __asan_unpoison_memory_region(m + page_size(), KN_FIBER_STACK);
#endif
    pthread_mutex_lock(&cache_lock);
    if (ncache < KN_FIBER_CACHE) {
        cache[ncache++] = m;
        m = NULL;
    }
    pthread_mutex_unlock(&cache_lock);
    if (m) munmap(m, KN_FIBER_STACK + page_size());
}

/* ---- the switch ---------------------------------------------------------------------- */

static void fiber_main(kn_fiber *f);

#ifdef KN_FIBER_ASM
/* kn__fiber_switch(void **save, void *to): push the callee-saved registers, store the stack
 * pointer in *save, load 'to' and pop the registers saved there. kn__fiber_start is where a
 * new stack first "returns" to: it calls fiber_main(f) with f and fiber_main planted in
 * callee-saved registers. */
void kn__fiber_switch(void **save, void *to);
void kn__fiber_start(void);
#if defined(__x86_64__)
__asm__(".text\n"
        ".globl kn__fiber_switch\n"
        ".hidden kn__fiber_switch\n"
        ".type kn__fiber_switch,@function\n"
        "kn__fiber_switch:\n"
        "    pushq %rbp\n"
        "    pushq %rbx\n"
        "    pushq %r12\n"
        "    pushq %r13\n"
        "    pushq %r14\n"
        "    pushq %r15\n"
        "    movq %rsp, (%rdi)\n"
        "    movq %rsi, %rsp\n"
        "    popq %r15\n"
        "    popq %r14\n"
        "    popq %r13\n"
        "    popq %r12\n"
        "    popq %rbx\n"
        "    popq %rbp\n"
        "    ret\n"
        ".size kn__fiber_switch,.-kn__fiber_switch\n"
        ".globl kn__fiber_start\n"
        ".hidden kn__fiber_start\n"
        ".type kn__fiber_start,@function\n"
        "kn__fiber_start:\n"
        "    movq %r12, %rdi\n"
        "    callq *%r13\n"
        "    ud2\n"
        ".size kn__fiber_start,.-kn__fiber_start\n");

/* Registers popped first-to-last: r15 r14 r13 r12 rbx rbp, then the return address. The
 * return slot sits 24 bytes below the aligned top so that kn__fiber_start runs with the
 * stack 16-byte aligned before its call, as the ABI wants. */
static void *initial_sp(char *top, kn_fiber *f) {
    void **sp = (void **)(top - 24);
    *sp = (void *)kn__fiber_start;
    *--sp = NULL;               /* rbp */
    *--sp = NULL;               /* rbx */
    *--sp = f;                  /* r12 */
    *--sp = (void *)fiber_main; /* r13 */
    *--sp = NULL;               /* r14 */
    *--sp = NULL;               /* r15 */
    return sp;
}
#else /* aarch64 */
__asm__(".text\n"
        ".globl kn__fiber_switch\n"
        ".hidden kn__fiber_switch\n"
        ".type kn__fiber_switch,%function\n"
        "kn__fiber_switch:\n"
        "    sub sp, sp, #160\n"
        "    stp x19, x20, [sp, #0]\n"
        "    stp x21, x22, [sp, #16]\n"
        "    stp x23, x24, [sp, #32]\n"
        "    stp x25, x26, [sp, #48]\n"
        "    stp x27, x28, [sp, #64]\n"
        "    stp x29, x30, [sp, #80]\n"
        "    stp d8, d9, [sp, #96]\n"
        "    stp d10, d11, [sp, #112]\n"
        "    stp d12, d13, [sp, #128]\n"
        "    stp d14, d15, [sp, #144]\n"
        "    mov x9, sp\n"
        "    str x9, [x0]\n"
        "    mov sp, x1\n"
        "    ldp x19, x20, [sp, #0]\n"
        "    ldp x21, x22, [sp, #16]\n"
        "    ldp x23, x24, [sp, #32]\n"
        "    ldp x25, x26, [sp, #48]\n"
        "    ldp x27, x28, [sp, #64]\n"
        "    ldp x29, x30, [sp, #80]\n"
        "    ldp d8, d9, [sp, #96]\n"
        "    ldp d10, d11, [sp, #112]\n"
        "    ldp d12, d13, [sp, #128]\n"
        "    ldp d14, d15, [sp, #144]\n"
        "    add sp, sp, #160\n"
        "    ret\n"
        ".size kn__fiber_switch,.-kn__fiber_switch\n"
        ".globl kn__fiber_start\n"
        ".hidden kn__fiber_start\n"
        ".type kn__fiber_start,%function\n"
        "kn__fiber_start:\n"
        "    mov x0, x19\n"
        "    blr x20\n"
        "    brk #0\n"
        ".size kn__fiber_start,.-kn__fiber_start\n");

/* A 160-byte save area at the aligned top: x19 = f, x20 = fiber_main, x29 = 0 (end of the
 * frame chain), x30 = kn__fiber_start; the rest zero. */
static void *initial_sp(char *top, kn_fiber *f) {
    void **sp = (void **)(top - 160);
    for (int i = 0; i < 20; i++)
        sp[i] = NULL;
    sp[0] = f;
    sp[1] = (void *)fiber_main;
    sp[11] = (void *)kn__fiber_start;
    return sp;
}
#endif
#else /* ucontext */
static _Thread_local kn_fiber *starting;
static void uc_main(void) {
    fiber_main(starting);
}
#endif

/* ---- fibers ---------------------------------------------------------------------------- */

/* A fiber that runs fn(f, arg) when first resumed (see fiber.h). */
kn_fiber *kn_fiber_new(kn_fiber_fn fn, void *arg, kn_err *err) {
    kn_fiber *f = tc_calloc(1, sizeof *f);
    if (!f) {
        kn_nomem(err);
        return NULL;
    }
    f->fn = fn;
    f->arg = arg;
    return f;
}

static void fiber_main(kn_fiber *f) {
#ifdef KN_FIBER_ASAN
    __sanitizer_finish_switch_fiber(NULL, &f->caller_bottom, &f->caller_size);
#endif
    f->fn(f, f->arg);
    f->done = true;
#ifdef KN_FIBER_ASAN
    __sanitizer_start_switch_fiber(NULL, f->caller_bottom, f->caller_size); /* for good */
#endif
#ifdef KN_FIBER_ASM
    void *unused;
    kn__fiber_switch(&unused, f->caller_sp);
#else
    setcontext(&f->caller_uc);
#endif
    __builtin_unreachable();
}

/* Run the fiber until it suspends or ends (see fiber.h). */
int kn_fiber_resume(kn_fiber *f, kn_err *err) {
    size_t ps = page_size();
    if (!f->started) {
        if (!(f->map = stack_take())) return kn_nomem(err);
        f->started = true;
#ifdef KN_FIBER_ASM
        uintptr_t top = ((uintptr_t)f->map + ps + KN_FIBER_STACK) & ~(uintptr_t)15;
        f->sp = initial_sp((char *)top, f);
#else
        getcontext(&f->uc);
        f->uc.uc_stack.ss_sp = f->map + ps;
        f->uc.uc_stack.ss_size = KN_FIBER_STACK;
        f->uc.uc_link = NULL;
        makecontext(&f->uc, uc_main, 0);
        starting = f;
#endif
    }
#ifdef KN_FIBER_ASAN
    __sanitizer_start_switch_fiber(&f->caller_fake, f->map + ps, KN_FIBER_STACK);
#endif
#ifdef KN_FIBER_ASM
    kn__fiber_switch(&f->caller_sp, f->sp);
#else
    swapcontext(&f->caller_uc, &f->uc);
#endif
#ifdef KN_FIBER_ASAN
    __sanitizer_finish_switch_fiber(f->caller_fake, NULL, NULL);
#endif
    if (f->done && f->map) { /* it switched out for the last time: the stack is free */
        stack_give(f->map);
        f->map = NULL;
    }
    return 0;
}

/* Back to the resumer (see fiber.h). */
void kn_fiber_suspend(kn_fiber *f) {
#ifdef KN_FIBER_ASAN
    __sanitizer_start_switch_fiber(&f->fake, f->caller_bottom, f->caller_size);
#endif
#ifdef KN_FIBER_ASM
    kn__fiber_switch(&f->sp, f->caller_sp);
#else
    swapcontext(&f->uc, &f->caller_uc);
#endif
#ifdef KN_FIBER_ASAN
    __sanitizer_finish_switch_fiber(f->fake, &f->caller_bottom, &f->caller_size);
#endif
}

bool kn_fiber_done(const kn_fiber *f) {
    return f->done;
}

/* The recursion guard's limit on the fiber's stack (see fiber.h). */
char *kn_fiber_stack_limit(const kn_fiber *f) {
    return f->map ? f->map + page_size() + KN_FIBER_RESERVE : NULL;
}

/* Free an unstarted or finished fiber (see fiber.h). */
void kn_fiber_free(kn_fiber *f) {
    if (!f) return;
    TC_ASSERT(!f->started || f->done);
    tc_free(f);
}
