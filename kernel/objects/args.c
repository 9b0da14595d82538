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
                               bool builtin, kn_err *err) {
    if (builtin) /* CPython's argument parser for C functions */
        return tc_error_set(err, TC_EXC_TYPE, "%s() takes at most %d argument%s (%d given)", fname,
                            nnames, nnames == 1 ? "" : "s", args->npos);
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
    if (args->npos > nnames) return too_many_positional(args, fname, nnames, nreq, builtin, err);
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
            if (builtin)
                tc_error_set(err, TC_EXC_TYPE, "%s() missing required argument '%s' (pos %d)",
                             fname, names[i], i + 1);
            else
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

/* The parameters of a text signature whose parameters are all positional-only
 * ("(self, index=-1, /)"): how many there are past self and how many need a value. False
 * for any other signature. */
static bool positional_only(const char *sig, int *min, int *max, bool *method) {
    size_t n = sig ? strlen(sig) : 0;
    if (n < 3 || sig[0] != '(' || strcmp(sig + n - 3, " /)") != 0 || strchr(sig, '*')) {
        if (!(n == 2 && strcmp(sig, "()") == 0)) return false;
    }
    *min = *max = 0;
    *method = strncmp(sig, "(self", 5) == 0 && (sig[5] == ',' || sig[5] == ')');
    const char *p = sig + 1;
    bool first = true;
    while (*p && *p != ')') {
        const char *e = p;
        int depth = 0;
        while (*e && !(depth == 0 && (*e == ',' || *e == ')'))) {
            if (*e == '(' || *e == '[') depth++;
            if (*e == ')' || *e == ']') depth--;
            e++;
        }
        size_t len = (size_t)(e - p);
        bool is_self = first && *method;
        bool slash = len == 1 && *p == '/';
        if (!is_self && !slash && len > 0) {
            const char *br = memchr(p, '[', len);
            if (br) { /* "iterable[, initial]": optional parameters in brackets */
                if (br > p) ++*max, ++*min;
                for (const char *c = br; c < e; c++)
                    *max += *c == ',';
            } else {
                ++*max;
                if (!memchr(p, '=', len)) ++*min;
            }
        }
        first = false;
        p = *e == ',' ? e + 2 : e;
    }
    return true;
}

int kn__check_keywords(const kn_args *args, const kn_obj *self, const char *name,
                       const char *sig, kn_err *err) {
    int min, max;
    bool method;
    if (!args->nkw || !positional_only(sig, &min, &max, &method)) return 0;
    tc_error_set(err, TC_EXC_TYPE, "%s", "");
    return kn__fix_call_error(args, self, name, sig, err);
}

int kn__fix_call_error(const kn_args *args, const kn_obj *self, const char *name,
                       const char *sig, kn_err *err) {
    int min, max;
    bool method;
    if (!err || err->type != TC_EXC_TYPE || !positional_only(sig, &min, &max, &method)) return -1;
    if (args->nkw == 0 && args->npos >= min && args->npos <= max) return -1;
    char q[160];
    if (self && !kn_is(self, &kn_type_module) && !self->type->hidden_self)
        snprintf(q, sizeof q, "%s.%s", kn_type_name(self), name);
    else
        snprintf(q, sizeof q, "%s", name);
    tc_error_clear(err);
    if (args->nkw) return tc_error_set(err, TC_EXC_TYPE, "%s() takes no keyword arguments", q);
    if (max == 0)
        return tc_error_set(err, TC_EXC_TYPE, "%s() takes no arguments (%d given)", q, args->npos);
    if (min == 1 && max == 1)
        return tc_error_set(err, TC_EXC_TYPE, "%s() takes exactly one argument (%d given)", q,
                            args->npos);
    int want = args->npos < min ? min : max;
    return tc_error_set(err, TC_EXC_TYPE, "%s expected %s%d argument%s, got %d", name,
                        min == max ? "" : args->npos < min ? "at least " : "at most ", want,
                        want == 1 ? "" : "s", args->npos);
}

/* ---- exception names ----------------------------------------------------------------- */

tc_exc kn_exc_from_name(const char *name) {
    if (!name || !*name) return TC_EXC_NONE;
    if (strcmp(name, "BaseException") == 0 || strcmp(name, "Exception") == 0)
        return TC_EXC_EXCEPTION;
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
    case TC_EXC_LINALG:
        return "RuntimeError";
    case TC_EXC_UNBOUND_LOCAL:
        return "NameError";
    case TC_EXC_INDENTATION:
        return "SyntaxError";
    case TC_EXC_IMPORT:
        return "ImportError";
    case TC_EXC_USER_WARNING:
    case TC_EXC_DEPRECATION_WARNING:
    case TC_EXC_FUTURE_WARNING:
    case TC_EXC_RUNTIME_WARNING:
    case TC_EXC_PENDING_DEPRECATION_WARNING:
    case TC_EXC_SYNTAX_WARNING:
    case TC_EXC_RESOURCE_WARNING:
    case TC_EXC_IMPORT_WARNING:
    case TC_EXC_UNICODE_WARNING:
    case TC_EXC_BYTES_WARNING:
        return "Warning";
    case TC_EXC_UNICODE_DECODE:
    case TC_EXC_UNICODE_ENCODE:
        return "ValueError"; /* through UnicodeError, which has no kind of its own */
    case TC_EXC_FILE_NOT_FOUND:
    case TC_EXC_FILE_EXISTS:
    case TC_EXC_PERMISSION:
    case TC_EXC_IS_A_DIRECTORY:
    case TC_EXC_NOT_A_DIRECTORY:
    case TC_EXC_UNSUPPORTED_OPERATION:
        return "OSError";
    default:
        return NULL;
    }
}

bool kn_exc_matches(tc_exc raised, const char *handler_name) {
    if (!handler_name || raised == TC_EXC_NONE) return false;
    if (strcmp(handler_name, "BaseException") == 0) return true;
    if (strcmp(handler_name, "Exception") == 0)
        return raised != TC_EXC_KEYBOARD_INTERRUPT && raised != TC_EXC_GENERATOR_EXIT &&
               raised != TC_EXC_SYSTEM_EXIT;
    if (strcmp(handler_name, tc_exc_name(raised)) == 0) return true;
    if (raised == TC_EXC_OS &&
        (strcmp(handler_name, "IOError") == 0 || strcmp(handler_name, "EnvironmentError") == 0))
        return true;
    const char *p = parent_of(raised);
    if (p && strcmp(p, handler_name) == 0) return true;
    if (raised == TC_EXC_UNSUPPORTED_OPERATION && strcmp(handler_name, "ValueError") == 0) return true;
    if (raised == TC_EXC_INDENTATION) return false;
    return false;
}
