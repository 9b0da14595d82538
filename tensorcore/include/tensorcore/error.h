/*
 * tensorcore error reporting, shared by every module of the product.
 *
 * Recoverable failures return a negative status (or NULL) and fill an optional
 * tc_error with the Python exception type and the message the user will see.
 * The first error wins: a tc_error that already holds an error is not
 * overwritten, so the innermost, most precise message reaches the user.
 * Programming errors go through TC_ASSERT, which logs and aborts.
 *
 *     tc_error err = {0};
 *     tc_tensor *t = tc_zeros(shape, 2, TC_DTYPE_F32, tc_device_cpu(), &err);
 *     if (!t) printf("%s: %s\n", tc_exc_name(err.type), err.msg);
 */
#ifndef TENSORCORE_ERROR_H
#define TENSORCORE_ERROR_H

#include <stdarg.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One list for every Python exception type the product raises. New ones go at the end. */
#define TC_EXC_LIST(X)        \
    X(NONE, "")               \
    X(RUNTIME, "RuntimeError") \
    X(TYPE, "TypeError")      \
    X(VALUE, "ValueError")    \
    X(INDEX, "IndexError")    \
    X(KEY, "KeyError")        \
    X(NAME, "NameError")      \
    X(ATTRIBUTE, "AttributeError") \
    X(ZERO_DIVISION, "ZeroDivisionError") \
    X(SYNTAX, "SyntaxError")  \
    X(ASSERTION, "AssertionError") \
    X(KEYBOARD_INTERRUPT, "KeyboardInterrupt") \
    X(NOT_IMPLEMENTED, "NotImplementedError") \
    X(OVERFLOW, "OverflowError") \
    X(RECURSION, "RecursionError") \
    X(STOP_ITERATION, "StopIteration") \
    X(MEMORY, "MemoryError")  \
    X(UNBOUND_LOCAL, "UnboundLocalError") \
    X(INDENTATION, "IndentationError") \
    X(IMPORT, "ModuleNotFoundError") \
    X(EXCEPTION, "Exception") \
    X(USER_WARNING, "UserWarning") \
    X(EOF, "EOFError")        \
    X(OS, "OSError")          \
    X(GENERATOR_EXIT, "GeneratorExit") \
    X(UNICODE_DECODE, "UnicodeDecodeError") \
    X(UNICODE_ENCODE, "UnicodeEncodeError") \
    X(UNPICKLING, "UnpicklingError") \
    X(LINALG, "_LinAlgError") /* torch.linalg.LinAlgError, a RuntimeError */ \
    X(FILE_NOT_FOUND, "FileNotFoundError") \
    X(FILE_EXISTS, "FileExistsError") \
    X(PERMISSION, "PermissionError") \
    X(IS_A_DIRECTORY, "IsADirectoryError") \
    X(NOT_A_DIRECTORY, "NotADirectoryError") \
    X(UNSUPPORTED_OPERATION, "UnsupportedOperation") /* io's: an OSError and a ValueError */ \
    X(DEPRECATION_WARNING, "DeprecationWarning") \
    X(FUTURE_WARNING, "FutureWarning") \
    X(RUNTIME_WARNING, "RuntimeWarning") \
    X(PENDING_DEPRECATION_WARNING, "PendingDeprecationWarning") \
    X(SYNTAX_WARNING, "SyntaxWarning") \
    X(RESOURCE_WARNING, "ResourceWarning") \
    X(IMPORT_WARNING, "ImportWarning") \
    X(UNICODE_WARNING, "UnicodeWarning") \
    X(BYTES_WARNING, "BytesWarning") \
    X(IMPORT_ERROR, "ImportError") /* IMPORT is its ModuleNotFoundError */ \
    X(LOOKUP, "LookupError")  \
    X(ARITHMETIC, "ArithmeticError") \
    X(WARNING, "Warning") \
    X(SYSTEM_EXIT, "SystemExit")

typedef enum tc_exc {
#define TC__EXC_ENUM(id, name) TC_EXC_##id,
    TC_EXC_LIST(TC__EXC_ENUM)
#undef TC__EXC_ENUM
    TC_EXC_COUNT
} tc_exc;

#define TC_ERROR_MSG_MAX 1024

typedef struct tc_error {
    tc_exc type;                 /* TC_EXC_NONE while no error is set */
    char msg[TC_ERROR_MSG_MAX];  /* the text after "TypeError: " */
    /* Set by a layer that keeps a richer exception value aside for this error (the
     * interpreter's exception objects) to find it again; 0 otherwise. Setting or clearing
     * the error resets it, so a copy made by re-setting type and message drops it. */
    unsigned long long tag;
} tc_error;

/* The Python name of an exception type ("RuntimeError"). Never NULL. */
const char *tc_exc_name(tc_exc type);

/* Record an error in 'err' unless it is NULL or already holds one. Always returns -1,
 * so a failing function can end with `return tc_error_set(err, ...)`. */
int tc_error_set(tc_error *err, tc_exc type, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int tc_error_setv(tc_error *err, tc_exc type, const char *fmt, va_list ap);

/* Forget any error held in 'err' (NULL is fine). */
void tc_error_clear(tc_error *err);

static inline bool tc_error_is_set(const tc_error *err) { return err && err->type != TC_EXC_NONE; }
/* Make *err empty. Use it instead of `tc_error e = {0}` where speed matters: that
 * initializer clears the whole message buffer (a kilobyte) each time it runs. */
static inline void tc_error_init(tc_error *err) {
    err->type = TC_EXC_NONE;
    err->msg[0] = 0;
    err->tag = 0;
}

/* Always-on assertion for programming errors: logs statement, file and line, then aborts. */
#define TC_ASSERT(cond)                                                        \
    do {                                                                       \
        if (!(cond)) tc__assert_fail(#cond, __FILE__, __LINE__);               \
    } while (0)
_Noreturn void tc__assert_fail(const char *expr, const char *file, int line);

/*
 * Interrupts. SIGINT handlers and the control thread call tc_interrupt_raise()
 * (async-signal-safe: it only stores an atomic flag). Long loops in tensorcore and the
 * interpreter poll tc_interrupt_pending() every few thousand iterations and fail with
 * KeyboardInterrupt; the kernel clears the flag before each cell.
 */
void tc_interrupt_raise(void);
void tc_interrupt_clear(void);
bool tc_interrupt_pending(void);
/* If an interrupt is pending: consume it, set KeyboardInterrupt in err, return -1. Else 0.
 * Inline (interpreter loops ask on every iteration); the flag is private to error.c. */
extern int tc__interrupt_flag;
int tc__interrupt_consume(tc_error *err);
static inline int tc_interrupt_check(tc_error *err) {
    if (__builtin_expect(!__atomic_load_n(&tc__interrupt_flag, __ATOMIC_RELAXED), 1)) return 0;
    return tc__interrupt_consume(err);
}

#ifdef __cplusplus
}
#endif
#endif
