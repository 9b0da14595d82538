/*
 * Python's builtins for the interpreter: print, len, range, type, isinstance, int, float,
 * str, repr, list, tuple, dict, bool, abs, min, max, sum, round, sorted, enumerate, zip,
 * input, help, dir, display, and the exception names (ValueError, ...).
 */
#ifndef KN_OBJECTS_BUILTINS_H
#define KN_OBJECTS_BUILTINS_H

#include "kernel/lang/object.h"

/* A new dict of every builtin name → value, for the evaluator's builtins scope. */
kn_obj *kn_builtins_new(kn_err *err);

/* Python's format(value, spec) for f-strings and str.format: "{x:.2f}", "{n:>5}", "{v!r}"
 * conversions are applied by the caller. Returns a new str. */
kn_obj *kn_format_value(kn_obj *value, const char *spec, kn_err *err);

/* The exception type named 'name' ("ValueError"), or TC_EXC_NONE. "Exception" and
 * "BaseException" map to TC_EXC_EXCEPTION. */
tc_exc kn_exc_from_name(const char *name);
/* Does an error of type 'raised' match an `except <handler>` clause (Exception catches all
 * but KeyboardInterrupt; ArithmeticError catches ZeroDivisionError/OverflowError; LookupError
 * catches IndexError/KeyError)? */
bool kn_exc_matches(tc_exc raised, const char *handler_name);

#endif
