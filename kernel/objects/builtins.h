/*
 * Python's builtins for the interpreter: print, len, range, type, isinstance, int, float,
 * str, repr, list, tuple, dict, bool, abs, min, max, sum, round, sorted, enumerate, zip,
 * input, help, dir, display, and the exception names (ValueError, ...).
 *
 * Object lifetime contract (kernel/objects/object.h): kn__dealloc calls the type's dealloc
 * slot, which releases what the object holds (references, buffers) but NOT the object
 * itself; kn__dealloc then frees the object's memory (allocated by kn_obj_alloc).
 *
 * Exception values are all of type kn_type_exception; kn_type_name(e) and type(e) report
 * their Python class ("ValueError"). The builtin names ValueError, KeyError, ... are type
 * objects: calling one makes an exception value, isinstance(e, LookupError) works by name.
 */
#ifndef KN_OBJECTS_BUILTINS_H
#define KN_OBJECTS_BUILTINS_H

#include "kernel/objects/object.h"

/* A new dict of every builtin name → value, for the evaluator's builtins scope. */
kn_obj *kn_builtins_new(kn_err *err);
/* The builtins module over that dict (borrowed; the module holds it): `import builtins` gives
 * the namespace itself, so builtins.x = 1 makes x a builtin name. New reference or NULL. */
kn_obj *kn_mod_builtins_new(kn_obj *builtins);

/* ascii(o): repr(o) with non-ASCII code points escaped (\xe9, \u2028, \U0001f600); the
 * !a conversion of f-strings and str.format. Returns a new str. */
kn_obj *kn_ascii(kn_obj *o, kn_err *err);

/* The exception type named 'name' ("ValueError"), or TC_EXC_NONE. "Exception" and
 * "BaseException" map to TC_EXC_EXCEPTION. */
tc_exc kn_exc_from_name(const char *name);
/* Does an error of type 'raised' match an `except <handler>` clause (Exception catches all
 * but KeyboardInterrupt, GeneratorExit and SystemExit; ArithmeticError catches
 * ZeroDivisionError/OverflowError; LookupError catches IndexError/KeyError)? */
bool kn_exc_matches(tc_exc raised, const char *handler_name);

/* The sys module: sys.stdout / sys.stderr (objects with write() and flush(), accepted by
 * print(..., file=...)), sys.argv, sys.version, sys.platform, sys.maxsize. New reference. */
kn_obj *kn_mod_sys_init(kn_err *err);

/* An exception value's type and message (str(e)); borrowed. 'e' must be an exception
 * value (kn_is(e, &kn_type_exception)). */
tc_exc kn_exception_kind(const kn_obj *e);
const char *kn_exception_msg(const kn_obj *e);
/* Is 'o' an exception class (the object the name ValueError is bound to)? Sets *kind. */
bool kn_is_exception_class(const kn_obj *o, tc_exc *kind);

#endif
