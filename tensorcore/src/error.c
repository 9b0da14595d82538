/*
 * tensorcore error reporting: exception names, the first-error-wins setter, the
 * always-on assertion, and the process-wide interrupt flag that long loops poll.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "tensorcore/error.h"

static const char *const exc_names[TC_EXC_COUNT] = {
#define TC__EXC_NAME(id, name) name,
    TC_EXC_LIST(TC__EXC_NAME)
#undef TC__EXC_NAME
};

/* The Python name of an exception type; "Exception" for out-of-range values. */
const char *tc_exc_name(tc_exc type) {
    if ((int)type < 0 || type >= TC_EXC_COUNT) return "Exception";
    return exc_names[type];
}

/* Record an error unless err is NULL or already set (first error wins). Returns -1. */
int tc_error_setv(tc_error *err, tc_exc type, const char *fmt, va_list ap) {
    if (!err || err->type != TC_EXC_NONE) return -1;
    err->type = type == TC_EXC_NONE ? TC_EXC_RUNTIME : type;
    err->tag = 0;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    return -1;
}

/* printf-style wrapper of tc_error_setv. Returns -1. */
int tc_error_set(tc_error *err, tc_exc type, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    tc_error_setv(err, type, fmt, ap);
    va_end(ap);
    return -1;
}

/* Forget the error held in err (NULL is fine). */
void tc_error_clear(tc_error *err) {
    if (!err) return;
    err->type = TC_EXC_NONE;
    err->msg[0] = '\0';
    err->tag = 0;
}

/* Log the failed assertion and abort the process. */
_Noreturn void tc__assert_fail(const char *expr, const char *file, int line) {
    fprintf(stderr, "tensorcore: assertion failed: %s (%s:%d)\n", expr, file, line);
    fflush(stderr);
    abort();
}

/* Read and written with the __atomic builtins (lock-free on an int on every platform we
 * build for, so the setter is async-signal-safe); see error.h. */
int tc__interrupt_flag;

/* Mark an interrupt as pending (async-signal-safe). */
void tc_interrupt_raise(void) { __atomic_store_n(&tc__interrupt_flag, 1, __ATOMIC_SEQ_CST); }

/* Drop any pending interrupt. */
void tc_interrupt_clear(void) { __atomic_store_n(&tc__interrupt_flag, 0, __ATOMIC_SEQ_CST); }

/* True while an interrupt is pending. */
bool tc_interrupt_pending(void) { return __atomic_load_n(&tc__interrupt_flag, __ATOMIC_RELAXED) != 0; }

/* The slow half of tc_interrupt_check: consume the interrupt as KeyboardInterrupt. */
int tc__interrupt_consume(tc_error *err) {
    if (!__atomic_exchange_n(&tc__interrupt_flag, 0, __ATOMIC_SEQ_CST)) return 0;
    return tc_error_set(err, TC_EXC_KEYBOARD_INTERRUPT, "%s", "");
}
