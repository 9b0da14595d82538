/*
 * Binding call arguments to parameter names with Python's rules and error texts, and the
 * exception-name table behind `except` clauses and isinstance() on exceptions.
 */
#include "kernel/objects/objects-impl.h"

static int bind_error_missing(const char *fname, const char *const *names, int nnames, kn_obj **out,
                              int nreq, kn_err *err) {
    int missing[64], nm = 0;
    for (int i = 0; i < nreq && i < 64; i++)
        if (!out[i]) missing[nm++] = i;
    tc_strbuf b = {0};
    for (int k = 0; k < nm; k++) {
        if (k) tc_strbuf_puts(&b, k == nm - 1 ? (nm > 2 ? ", and " : " and ") : ", ");
        tc_strbuf_printf(&b, "'%s'", names[missing[k]]);
    }
    tc_error_set(err, TC_EXC_TYPE, "%s() missing %d required positional argument%s: %s", fname, nm,
                 nm == 1 ? "" : "s", b.data);
    tc_strbuf_free(&b);
    return -1;
}

static int too_many_positional(const kn_args *args, const char *fname, int nnames, int nreq,
                               kn_err *err) {
    if (nreq == nnames)
        return tc_error_set(err, TC_EXC_TYPE, "%s() takes %d positional argument%s but %d %s given",
                            fname, nnames, nnames == 1 ? "" : "s", args->npos,
                            args->npos == 1 ? "was" : "were");
    return tc_error_set(err, TC_EXC_TYPE,
                        "%s() takes from %d to %d positional arguments but %d %s given", fname,
                        nreq, nnames, args->npos, args->npos == 1 ? "was" : "were");
}

static int bind(const kn_args *args, const char *fname, const char *const *names, int nnames,
                int nreq, kn_obj **out, bool builtin, kn_err *err) {
    for (int i = 0; i < nnames; i++)
        out[i] = NULL;
    if (args->npos > nnames) return too_many_positional(args, fname, nnames, nreq, err);
    for (int i = 0; i < args->npos; i++)
        out[i] = args->pos[i];
    for (int k = 0; k < args->nkw; k++) {
        int i = 0;
        while (i < nnames && strcmp(names[i], args->kwnames[k]) != 0)
            i++;
        if (i == nnames) {
            for (int j = 0; j < nnames; j++)
                out[j] = NULL;
            if (builtin) /* CPython 3.11's argument parser for C functions */
                return tc_error_set(err, TC_EXC_TYPE, "'%s' is an invalid keyword argument for %s()",
                                    args->kwnames[k], fname);
            return tc_error_set(err, TC_EXC_TYPE, "%s() got an unexpected keyword argument '%s'",
                                fname, args->kwnames[k]);
        }
        if (out[i]) {
            for (int j = 0; j < nnames; j++)
                out[j] = NULL;
            return tc_error_set(err, TC_EXC_TYPE, "%s() got multiple values for argument '%s'",
                                fname, names[i]);
        }
        out[i] = args->kwvals[k];
    }
    for (int i = 0; i < nreq; i++)
        if (!out[i]) {
            bind_error_missing(fname, names, nnames, out, nreq, err);
            for (int j = 0; j < nnames; j++)
                out[j] = NULL;
            return -1;
        }
    return 0;
}

int kn_args_bind(const kn_args *args, const char *fname, const char *const *names, int nnames,
                 int nreq, kn_obj **out, kn_err *err) {
    return bind(args, fname, names, nnames, nreq, out, false, err);
}

int kn__args_bind_builtin(const kn_args *args, const char *fname, const char *const *names,
                          int nnames, int nreq, kn_obj **out, kn_err *err) {
    return bind(args, fname, names, nnames, nreq, out, true, err);
}

int kn__reject_keywords(const kn_args *args, const char *fname, const char *sig, kn_err *err) {
    if (!args->nkw || !sig) return 0;
    size_t n = strlen(sig);
    /* "(obj, /)": every parameter is positional-only */
    if (n >= 3 && strcmp(sig + n - 3, " /)") == 0 && !strchr(sig, '*'))
        return tc_error_set(err, TC_EXC_TYPE, "%s() takes no keyword arguments", fname);
    return 0;
}

/* ---- exception names ----------------------------------------------------------------- */

tc_exc kn_exc_from_name(const char *name) {
    if (!name || !*name) return TC_EXC_NONE;
    if (strcmp(name, "BaseException") == 0 || strcmp(name, "Exception") == 0)
        return TC_EXC_EXCEPTION;
    if (strcmp(name, "ImportError") == 0) return TC_EXC_IMPORT;
    if (strcmp(name, "IOError") == 0 || strcmp(name, "EnvironmentError") == 0) return TC_EXC_OS;
    for (int k = TC_EXC_NONE + 1; k < TC_EXC_COUNT; k++)
        if (strcmp(tc_exc_name((tc_exc)k), name) == 0) return (tc_exc)k;
    return TC_EXC_NONE;
}

/* The parent class of each exception kind in Python's hierarchy, by name. */
static const char *parent_of(tc_exc k) {
    switch (k) {
    case TC_EXC_INDEX:
    case TC_EXC_KEY:
        return "LookupError";
    case TC_EXC_ZERO_DIVISION:
    case TC_EXC_OVERFLOW:
        return "ArithmeticError";
    case TC_EXC_NOT_IMPLEMENTED:
    case TC_EXC_RECURSION:
        return "RuntimeError";
    case TC_EXC_UNBOUND_LOCAL:
        return "NameError";
    case TC_EXC_INDENTATION:
        return "SyntaxError";
    case TC_EXC_IMPORT:
        return "ImportError";
    case TC_EXC_USER_WARNING:
        return "Warning";
    case TC_EXC_UNICODE_DECODE:
    case TC_EXC_UNICODE_ENCODE:
        return "ValueError"; /* through UnicodeError, which has no kind of its own */
    default:
        return NULL;
    }
}

bool kn_exc_matches(tc_exc raised, const char *handler_name) {
    if (!handler_name || raised == TC_EXC_NONE) return false;
    if (strcmp(handler_name, "BaseException") == 0) return true;
    if (strcmp(handler_name, "Exception") == 0)
        return raised != TC_EXC_KEYBOARD_INTERRUPT && raised != TC_EXC_GENERATOR_EXIT;
    if (strcmp(handler_name, tc_exc_name(raised)) == 0) return true;
    if (raised == TC_EXC_OS &&
        (strcmp(handler_name, "IOError") == 0 || strcmp(handler_name, "EnvironmentError") == 0))
        return true;
    const char *p = parent_of(raised);
    if (p && strcmp(p, handler_name) == 0) return true;
    if (raised == TC_EXC_INDENTATION) return false;
    return false;
}
