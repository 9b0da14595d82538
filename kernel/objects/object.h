/*
 * The interpreter's object model: refcounted values with a type vtable, CPython-like but
 * small. This header is the public surface of kernel/objects/, which implements it: the
 * builtin types (int, float, str, list, tuple, dict, range, ...) in types.c, numbers.c,
 * str*.c, list.c and dict.c, the generic operations below in generic.c, the builtin
 * functions in builtins*.c and the math/time/sys modules in mod_*.c. Tensors, ndarrays,
 * dtypes and devices are first-class types defined the same way one layer up, in
 * kernel/torch/ (public header kernel/torch/tensor_obj.h); the evaluator in kernel/lang/
 * walks cells over these values.
 *
 * Ownership vocabulary (as Jansson): functions returning kn_obj* return a NEW reference
 * unless marked "borrowed"; arguments are borrowed unless marked "steals". Errors: NULL (or
 * -1) with 'err' filled with the Python exception type and message (first error wins).
 *
 * Out of memory (the one contract, followed by every folder of the kernel): an allocation
 * that fails never aborts and never crashes; the operation returns NULL / -1 with
 * MemoryError in 'err' (kn_nomem), everything it had built is released, and the kernel
 * lives on to run the next cell. All memory comes from the one replaceable allocator
 * (tc_malloc / tc_calloc / tc_realloc / tc_free / tc_strdup in tensorcore/alloc.h), which
 * lets a test fail the n-th allocation and count the live blocks. Constructors without an
 * 'err' argument (kn_int_new, kn_str_new, kn_list_new, kn_tuple_new, kn_dict_new, ...)
 * return NULL only when memory runs out (kn_list_append / kn_dict_set_str: -1); their
 * caller turns that into MemoryError with kn_nomem(err). As Jansson's setters, the
 * container setters tolerate what a failed constructor returned: kn_list_append,
 * kn_dict_set(_str) and kn_module_add return -1 for a NULL container or value,
 * kn_tuple_set / kn_list_set release the item when the container is NULL and store None
 * for a NULL item, kn_str_cstr(NULL) is "". The allocator marks the failure
 * (tc_alloc_failed_take), and the evaluator turns an expression that returned without an
 * error after a failed allocation into MemoryError, so such a value never reaches the
 * user. Requests whose size overflows or
 * exceeds what the machine can hold ('x' * 2**62, ' ' * 10**10) are MemoryError before any
 * allocation. Strings are built with tc_strbuf, whose out-of-memory state is sticky.
 *
 * Objects are owned by the interpreter thread. Other threads (the bridge) never touch a
 * kn_obj: they get tc_tensor references through kernel/interp.h under its namespace lock.
 *
 *     kn_err err = {0};
 *     kn_obj *x = kn_int_new(3), *y = kn_float_new(4.5);
 *     kn_obj *s = kn_binary(KN_BINOP_ADD, x, y, &err);          // 7.5
 *     kn_obj *r = kn_repr(s, &err);  puts(kn_str_cstr(r));
 *     kn_decref(r); kn_decref(s); kn_decref(y); kn_decref(x);
 */
#ifndef KN_OBJECTS_OBJECT_H
#define KN_OBJECTS_OBJECT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tensorcore/alloc.h"
#include "tensorcore/error.h"

typedef tc_error kn_err;
typedef struct kn_obj kn_obj;
typedef struct kn_type kn_type;

struct kn_obj {
    int64_t refcnt;
    const kn_type *type;
};

/* Positional and keyword arguments of a call. All borrowed. */
typedef struct kn_args {
    kn_obj *const *pos;
    int npos;
    const char *const *kwnames;
    kn_obj *const *kwvals;
    int nkw;
} kn_args;

#define KN_BINOP_LIST(X)                                                                  \
    X(ADD, "+", "__add__") X(SUB, "-", "__sub__") X(MUL, "*", "__mul__")                    \
    X(TRUEDIV, "/", "__truediv__") X(FLOORDIV, "//", "__floordiv__") X(MOD, "%", "__mod__") \
    X(POW, "**", "__pow__") X(MATMUL, "@", "__matmul__") X(AND, "&", "__and__")             \
    X(OR, "|", "__or__") X(XOR, "^", "__xor__") X(LSHIFT, "<<", "__lshift__")               \
    X(RSHIFT, ">>", "__rshift__")
typedef enum kn_binop {
#define KN__BINOP_ENUM(id, sym, dunder) KN_BINOP_##id,
    KN_BINOP_LIST(KN__BINOP_ENUM)
#undef KN__BINOP_ENUM
    KN_BINOP_COUNT
} kn_binop;
const char *kn_binop_symbol(kn_binop op);

typedef enum kn_unop { KN_UNOP_NEG, KN_UNOP_POS, KN_UNOP_INVERT } kn_unop;
typedef enum kn_cmpop { KN_CMP_LT, KN_CMP_LE, KN_CMP_EQ, KN_CMP_NE, KN_CMP_GT, KN_CMP_GE } kn_cmpop;

/* What help() shows for one value whose documentation is its own (a user function): its
 * name, its signature as written ("(x, y=2)"), its docstring (NULL: none) and the module it
 * was defined in. Borrowed strings, valid while the value lives. */
typedef struct kn_doc {
    const char *name;
    const char *signature;
    const char *doc;
    const char *module;
} kn_doc;

/*
 * A type. Unset slots (NULL) mean "not supported" and produce Python's TypeError text
 * ("'int' object is not subscriptable", "unsupported operand type(s) for +: 'int' and
 * 'str'"). Binary slots receive both operands in source order and return kn_notimpl()
 * (borrowed sentinel, not an error) when they do not handle the pair; the dispatcher then
 * tries the other operand's type, as Python's __add__/__radd__.
 */
struct kn_type {
    const char *name;      /* "int", "Tensor": used in error messages */
    const char *qualname;  /* "int", "torch.Tensor", "numpy.ndarray": "<class '...'>" */
    const char *doc;
    void (*dealloc)(kn_obj *self);
    kn_obj *(*repr)(kn_obj *self, kn_err *err);  /* returns a str */
    kn_obj *(*str)(kn_obj *self, kn_err *err);   /* NULL: repr */
    /* Attribute lookup; NULL result with no error set means "no such attribute". */
    kn_obj *(*getattr)(kn_obj *self, const char *name, kn_err *err);
    int (*setattr)(kn_obj *self, const char *name, kn_obj *value, kn_err *err);
    kn_obj *(*call)(kn_obj *self, const kn_args *args, kn_err *err);
    kn_obj *(*binop)(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err);
    /* In-place (a op= b). NULL or kn_notimpl(): falls back to binop and rebinding. */
    kn_obj *(*inplace)(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err);
    kn_obj *(*unop)(kn_unop op, kn_obj *a, kn_err *err);
    kn_obj *(*compare)(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err);
    int (*truth)(kn_obj *self, kn_err *err);            /* 1, 0, or -1 on error */
    int64_t (*len)(kn_obj *self, kn_err *err);          /* -1 on error */
    kn_obj *(*getitem)(kn_obj *self, kn_obj *key, kn_err *err);
    int (*setitem)(kn_obj *self, kn_obj *key, kn_obj *value, kn_err *err);
    int (*delitem)(kn_obj *self, kn_obj *key, kn_err *err);
    kn_obj *(*iter)(kn_obj *self, kn_err *err);
    /* Next item; NULL with no error set when exhausted. */
    kn_obj *(*next)(kn_obj *self, kn_err *err);
    int (*hash)(kn_obj *self, int64_t *out, kn_err *err); /* NULL: unhashable */
    /* int(x), float(x), operator.index(x) conversions (tensors with one element). */
    int (*to_int)(kn_obj *self, int64_t *out, kn_err *err);
    int (*to_float)(kn_obj *self, double *out, kn_err *err);
    /* Names for dir() and completion after '.'; appends str objects to 'list'. */
    int (*dir)(kn_obj *self, kn_obj *list, kn_err *err);
    /* Rich display for execute_result/display_data: a new JSON object of mimetype → data
     * (must include "text/plain"). NULL slot: {"text/plain": repr}. */
    json_t *(*mimebundle)(kn_obj *self, const kn_args *opts, kn_err *err);
    /* Context manager protocol for `with`. exit receives the pending exception object (or
     * NULL) and returns 1 to suppress it, 0 not to, -1 with err set. */
    kn_obj *(*enter)(kn_obj *self, kn_err *err);
    int (*exit)(kn_obj *self, kn_obj *exc, kn_err *err);
    /* Calling a type object (int("3"), list(x), torch.Size(...)). */
    kn_obj *(*construct)(const kn_type *type, const kn_args *args, kn_err *err);
    /* `item in self`: 1, 0, or -1 with err set. NULL slot: iteration with equality
     * ("argument of type 'X' is not iterable" without an iter slot). */
    int (*contains)(kn_obj *self, kn_obj *item, kn_err *err);
    /* format(self, spec), f"{self:spec}" and str.format: a new str. NULL slot: Python's
     * object.__format__ (an empty spec gives str(self), any other spec is a TypeError). */
    kn_obj *(*format)(kn_obj *self, const char *spec, kn_err *err);
    /* help(x) for a value documented by itself rather than by its type (user functions):
     * fills *out and returns 0. NULL slot: help() describes the value through its type. */
    int (*describe)(kn_obj *self, kn_doc *out);
    /* Instances of a user class (class.c): the class object whose instances have this type
     * (the type lives inside it). NULL for every builtin type. */
    kn_obj *heap_class;
    /* A value of this type found on a class binds to the instance it is read through,
     * becoming a bound method (user functions, as Python's function.__get__). */
    bool binds;
    /* The builtin type this one derives from (torch.nn.Parameter: torch.Tensor), or NULL:
     * isinstance and issubclass follow it. */
    const kn_type *base;
    /* Values of this type only carry state for the builtins bound to them (the evaluator
     * behind locals()): call errors name such a builtin alone, as "locals()". */
    bool hidden_self;
    /* Each name its getattr gives a builtin method for gives that same method for every
     * value of the type: the VM may cache the method per call site (file objects). */
    bool stable_methods;
};

/* ---- references ---------------------------------------------------------------------- */

static inline kn_obj *kn_incref(kn_obj *o) { if (o) o->refcnt++; return o; }
void kn__dealloc(kn_obj *o);
static inline void kn_decref(kn_obj *o) { if (o && --o->refcnt == 0) kn__dealloc(o); }
/* Allocate an object of 'type' with 'size' bytes (>= sizeof(kn_obj)), refcnt 1, zeroed.
 * NULL with MemoryError in err on failure. */
kn_obj *kn_obj_alloc(const kn_type *type, size_t size, kn_err *err);
/* Set MemoryError (Python's: no message) in err; always returns -1. */
int kn_nomem(kn_err *err);
/* Give what the object layer keeps for reuse back: cached values, and the memory of empty
 * small-block pools to the system (the kernel calls it when a cell ends; leak checks before
 * counting tc_alloc_live()). */
void kn_objects_trim(void);

/* ---- singletons (borrowed) ----------------------------------------------------------- */

kn_obj *kn_none(void);
kn_obj *kn_true(void);
kn_obj *kn_false(void);
kn_obj *kn_notimpl(void);
kn_obj *kn_ellipsis(void);
static inline kn_obj *kn_bool_new(bool b) { return kn_incref(b ? kn_true() : kn_false()); }
static inline kn_obj *kn_none_new(void) { return kn_incref(kn_none()); }

/* ---- builtin types ------------------------------------------------------------------- */

extern const kn_type kn_type_none, kn_type_bool, kn_type_int, kn_type_float, kn_type_str,
    kn_type_list, kn_type_tuple, kn_type_dict, kn_type_slice, kn_type_range,
    kn_type_cfunction, kn_type_function, kn_type_module, kn_type_type, kn_type_exception,
    kn_type_ellipsis, kn_type_notimpl;

static inline bool kn_is(const kn_obj *o, const kn_type *t) { return o && o->type == t; }

kn_obj *kn_int_new(int64_t v);
kn_obj *kn_float_new(double v);
/* An int (not a bool) within int64: true with its value in *v; false for anything else.
 * Inline for the interpreter's fast paths; numbers.c checks the layout it reads. */
typedef struct kn__int_head {
    kn_obj base;
    int64_t v;
    int32_t nd; /* 0: the value is v; else a big int (bigint.c) */
} kn__int_head;
static inline bool kn_int_small(const kn_obj *o, int64_t *v) {
    extern const kn_type kn_type_int;
    if (o->type != &kn_type_int || ((const kn__int_head *)o)->nd) return false;
    *v = ((const kn__int_head *)o)->v;
    return true;
}
/* The value of an int or bool. An int beyond int64 reads as INT64_MAX or INT64_MIN (its
 * sign kept): code that needs the exact value checks with kn_to_int64, which raises
 * OverflowError for it. */
int64_t kn_int_value(const kn_obj *o);
/* Is o an int beyond int64 (the values kn_int_value saturates)? */
bool kn_int_is_big(const kn_obj *o);
/* sys.get_int_max_str_digits(): the most decimal digits int <-> str converts (0: no limit). */
int kn_int_max_str_digits(void);
/* An int of any size from the text of a Python int literal ("123_456", "0xff", ...). */
kn_obj *kn_int_from_text(const char *s, size_t n, kn_err *err);
double kn_float_value(const kn_obj *o);  /* float */

kn_obj *kn_str_new(const char *s, size_t n);
kn_obj *kn_str_from_cstr(const char *s);
kn_obj *kn_str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *kn_str_cstr(const kn_obj *o);  /* borrowed, NUL-terminated */
size_t kn_str_len(const kn_obj *o);

kn_obj *kn_list_new(int64_t n);                    /* n None items */
int kn_list_append(kn_obj *list, kn_obj *item);    /* borrows item */
int64_t kn_list_len(const kn_obj *list);
kn_obj **kn_list_items(const kn_obj *list);       /* borrowed array */
void kn_list_set(kn_obj *list, int64_t i, kn_obj *item); /* steals item */

kn_obj *kn_tuple_new(int64_t n);                   /* n None items */
void kn_tuple_set(kn_obj *tuple, int64_t i, kn_obj *item); /* steals item; construction only */
int64_t kn_tuple_len(const kn_obj *tuple);
kn_obj **kn_tuple_items(const kn_obj *tuple);

kn_obj *kn_dict_new(void);                         /* insertion-ordered */
int kn_dict_set(kn_obj *d, kn_obj *key, kn_obj *value, kn_err *err); /* borrows both */
int kn_dict_set_str(kn_obj *d, const char *key, kn_obj *value);     /* borrows value */
kn_obj *kn_dict_get(kn_obj *d, kn_obj *key, kn_err *err);           /* borrowed or NULL */
kn_obj *kn_dict_get_str(kn_obj *d, const char *key);                /* borrowed or NULL */
/* The value for a str object key (borrowed) or NULL, with no error to report: the lookups
 * of names, which must not pay for an error record. */
kn_obj *kn_dict_get_strobj(kn_obj *d, kn_obj *key);
/* For an interpreter's lookup caches: the position of a str key's entry (-1: absent), the
 * dict's version (changed by every insertion and deletion, not by storing a new value under
 * a key it has; unique across dicts) and the value at a position. While the version is unchanged, a position
 * found holds the same key and an absent key stays absent. */
int64_t kn_dict_find_strobj(kn_obj *d, kn_obj *key);
int64_t kn_dict_version(const kn_obj *d);
kn_obj *kn_dict_value_at(const kn_obj *d, int64_t ix);
/* The value at position ix when the entry there has key (a str: the same object, or an
 * equal str) (a guess from an earlier lookup), else NULL (borrowed). */
kn_obj *kn_dict_value_if_key(const kn_obj *d, int64_t ix, const kn_obj *key);
/* Store value (borrowed) at position ix, which holds a live entry. */
void kn_dict_replace_at(kn_obj *d, int64_t ix, kn_obj *value);
int kn_dict_del(kn_obj *d, kn_obj *key, kn_err *err);
void kn_dict_clear(kn_obj *d); /* remove every entry (d.clear()) */
int64_t kn_dict_len(const kn_obj *d);
/* Iterate: i from 0; returns 0 at end. key/value borrowed. */
int kn_dict_next(kn_obj *d, int64_t *i, kn_obj **key, kn_obj **value);

/* set and frozenset (set.c): CPython's table layout, so iteration order is CPython's for
 * keys that hash as CPython's (int, float, bool, tuple). kn_set_new: NULL when out of
 * memory. kn_set_add borrows key; kn_frozenset_new's iterable may be NULL (empty). */
extern const kn_type kn_type_set, kn_type_frozenset;
kn_obj *kn_set_new(void);
int kn_set_add(kn_obj *set, kn_obj *key, kn_err *err);
int kn_set_update(kn_obj *set, kn_obj *iterable, kn_err *err); /* set.update(iterable) */
kn_obj *kn_frozenset_new(kn_obj *iterable, kn_err *err);
int64_t kn_set_len(const kn_obj *set);

/* bytes (bytes.c): immutable byte strings; kn_bytes_new copies n bytes (NULL: no memory).
 * bytearray: the mutable kind, with the methods of bytes; kn_bytearray_new copies too. */
extern const kn_type kn_type_bytes, kn_type_bytearray;
kn_obj *kn_bytes_new(const char *s, size_t n);
kn_obj *kn_bytearray_new(const char *s, size_t n);
const char *kn_bytes_data(const kn_obj *b); /* borrowed, NUL-terminated */
size_t kn_bytes_len(const kn_obj *b);

/* complex (complex.c): a pair of doubles, CPython's arithmetic, repr and hash. */
extern const kn_type kn_type_complex;
kn_obj *kn_complex_new(double real, double imag); /* NULL: no memory */
/* The parts of a complex object: true and *re, *im set; false when o is no complex. */
bool kn_complex_parts(const kn_obj *o, double *re, double *im);

/* slice(start, stop, step): each NULL or None when absent (stored as None). */
kn_obj *kn_slice_new(kn_obj *start, kn_obj *stop, kn_obj *step);
/* Resolve a slice against a length, Python rules; *slicelen = number of items. */
int kn_slice_indices(kn_obj *slice, int64_t length, int64_t *start, int64_t *stop,
                     int64_t *step, int64_t *slicelen, kn_err *err);

/* A native function. 'self' is bound (NULL for plain functions), new ref taken. signature:
 * "(input, dim=None, keepdim=False)"; doc: docstring shown by inspect and help(). */
typedef kn_obj *(*kn_cfunc)(kn_obj *self, const kn_args *args, kn_err *err);
kn_obj *kn_cfunction_new(const char *name, kn_cfunc fn, kn_obj *self, const char *signature,
                         const char *doc);
/* The parts of a builtin function or method f (self borrowed, NULL when unbound): false
 * when f is no cfunction. With kn_cfunction_call_with, an interpreter calls a builtin
 * method of an object of a builtin type without making the bound method object each time
 * (the method tables of those types never change). */
bool kn_cfunction_parts(const kn_obj *f, kn_cfunc *fn, const char **name, const char **sig,
                        kn_obj **self);
/* Call fn bound to self as calling the bound method does (keyword checks, CPython's texts). */
kn_obj *kn_cfunction_call_with(kn_cfunc fn, const char *name, const char *sig, kn_obj *self,
                               const kn_args *args, kn_err *err);

/* A module with a namespace dict; kn_module_add borrows value. */
kn_obj *kn_module_new(const char *name, const char *doc);
int kn_module_add(kn_obj *module, const char *name, kn_obj *value);
kn_obj *kn_module_dict(kn_obj *module); /* borrowed */
/* PEP 562: a name that a module's dict and type lack is answered by the function stored
 * as its __getattr__ (new reference; NULL with err set by it, or NULL with err clear when
 * the module has no such function). dir(module) lists what its __dir__ returns. */
kn_obj *kn_module_getattr_hook(kn_obj *module, const char *name, kn_err *err);

/* The type object for a kn_type (what type(x) returns; prints "<class 'qualname'>").
 * Interned: the same object for the same type. Borrowed. */
kn_obj *kn_type_object(const kn_type *type);
const kn_type *kn_type_object_type(const kn_obj *typeobj); /* the kn_type a type object is */

/* An exception value (what `except E as e` binds): type + message. */
kn_obj *kn_exception_new(tc_exc type, const char *msg);
/* The class of the builtin exception kind (torch.linalg.LinAlgError is TC_EXC_LINALG's). Borrowed. */
kn_obj *kn_exception_class(tc_exc kind);

/* ---- generic operations (dispatch through the slots, Python's rules) ----------------- */

kn_obj *kn_repr(kn_obj *o, kn_err *err);
kn_obj *kn_str(kn_obj *o, kn_err *err);
kn_obj *kn_getattr(kn_obj *o, const char *name, kn_err *err); /* AttributeError text as Python */
int kn_setattr(kn_obj *o, const char *name, kn_obj *v, kn_err *err);
kn_obj *kn_call(kn_obj *callable, const kn_args *args, kn_err *err);
kn_obj *kn_call_simple(kn_obj *callable, kn_obj *const *pos, int npos, kn_err *err);
/* kn_binary/kn_unary: the typedefs kn_binop/kn_unop name the operator enums. */
kn_obj *kn_binary(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err);
kn_obj *kn_inplace(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err);
kn_obj *kn_unary(kn_unop op, kn_obj *a, kn_err *err);
kn_obj *kn_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err);
int kn_truth(kn_obj *o, kn_err *err);
int64_t kn_len(kn_obj *o, kn_err *err);
kn_obj *kn_getitem(kn_obj *o, kn_obj *key, kn_err *err);
int kn_setitem(kn_obj *o, kn_obj *key, kn_obj *value, kn_err *err);
int kn_delitem(kn_obj *o, kn_obj *key, kn_err *err);
kn_obj *kn_iter(kn_obj *o, kn_err *err);
kn_obj *kn_next(kn_obj *it, kn_err *err); /* NULL and no error: exhausted */
/* kn_next that also gives, when 'it' is exhausted, the value it returned (a generator's
 * `return v`, also through iterators that end when their source does, as map; None
 * otherwise) in *ret as a new reference (NULL when not exhausted): next() and `yield from`
 * put it in StopIteration. A next slot that has such a value offers it with
 * kn_stop_value_offer(value) (borrowed) just before it returns exhausted. A next slot that
 * runs user code (a generator's body) points the offers nowhere while that code runs, so
 * the code's own loops do not offer to its asker: old = kn_stop_value_redirect(NULL), then
 * kn_stop_value_redirect(old). */
kn_obj *kn_next_ret(kn_obj *it, kn_obj **ret, kn_err *err);
void kn_stop_value_offer(kn_obj *value);
kn_obj **kn_stop_value_redirect(kn_obj **slot);
/* Set StopIteration(value) in err (no argument for NULL or None); always -1. */
int kn_stop_iteration(kn_obj *value, kn_err *err);
int kn_hash(kn_obj *o, int64_t *out, kn_err *err);
bool kn_equal(kn_obj *a, kn_obj *b, kn_err *err); /* for dict keys, list.index, 'in' */
/* `x in container` and `not in`, for every type, through its contains slot: 1, 0, or -1
 * with err set. */
int kn_contains(kn_obj *container, kn_obj *x, kn_err *err);
/* Python's format(value, spec) through the value's format slot, for format(), f-strings
 * ("{x:.2f}") and str.format; the !r/!s/!a conversions are applied by the caller. A new
 * str. */
kn_obj *kn_format_value(kn_obj *value, const char *spec, kn_err *err);
/* int/bool/one-element tensor; an int beyond int64: OverflowError "Python int too large to
 * convert to C ssize_t" */
int kn_to_int64(kn_obj *o, int64_t *out, kn_err *err);
int kn_to_double(kn_obj *o, double *out, kn_err *err);   /* int/bool/float/... */
json_t *kn_mimebundle(kn_obj *o, kn_err *err);
/* The type name used in messages: "int", "Tensor". */
const char *kn_type_name(const kn_obj *o);

/* Bind call arguments to parameter names, Python's rules: names[0..nreq) are required,
 * the rest optional (out[i] = NULL when absent). Errors: "f() missing 1 required positional
 * argument: 'x'", "f() got an unexpected keyword argument 'y'", "f() takes 2 positional
 * arguments but 3 were given". out[] entries are borrowed. */
int kn_args_bind(const kn_args *args, const char *fname, const char *const *names, int nnames,
                 int nreq, kn_obj **out, kn_err *err);

/* ---- user classes (class.c) --------------------------------------------------------- */

/* kn_type_class: the objects a `class` statement makes (Python calls their type 'type');
 * kn_type_method: bound methods; property, staticmethod, classmethod and super as Python's. */
extern const kn_type kn_type_class, kn_type_method, kn_type_property, kn_type_staticmethod,
    kn_type_classmethod, kn_type_super;
/* The type of a class whose metaclass is a user class (class.c: metaclasses). */
extern const kn_type kn_type_class_meta;
/* Is o a class a class statement (or type(name, bases, ns)) made? */
static inline bool kn_is_class(const kn_obj *o) {
    return o && (o->type == &kn_type_class || o->type == &kn_type_class_meta);
}
/* type.__new__(mcs, name, bases, ns, **kwds) (mcs NULL or the type object: type): a new
 * class from a copy of ns, of the most derived metaclass, its __init_subclass__ called with
 * the keywords. NULL with err. */
kn_obj *kn_type_new(kn_obj *mcs, const kn_args *a, kn_err *err);
/* The metaclass a class statement with metaclass 'meta' (NULL: none given) and these bases
 * gets (*out NULL: type). -1 with TypeError on a metaclass conflict. */
int kn_class_meta_for(kn_obj *meta, kn_obj *bases, kn_obj **out, kn_err *err);
/* A new class: name "A", qualname "f.<locals>.A", module "__main__", bases a tuple of
 * classes (user classes, builtin types such as Exception or dict; empty: object), ns the
 * namespace the body filled (borrowed; the class keeps it as its __dict__). NULL with
 * TypeError for bad bases or an inconsistent MRO. */
kn_obj *kn_class_new(const char *name, const char *qualname, const char *module, kn_obj *bases,
                     kn_obj *ns, kn_err *err);
/* A function the class body defined names the class for super() without holding it (a
 * class -> namespace -> function -> class cycle would never be freed): the class keeps fn
 * and calls detach(fn, cls) when it is freed. -1 when out of memory. */
int kn_class_adopt(kn_obj *cls, kn_obj *fn, void (*detach)(kn_obj *fn, kn_obj *cls));
/* Is o an instance of a user class? */
static inline bool kn_is_instance_obj(const kn_obj *o) { return o && o->type->heap_class != NULL; }
/* The name of a user class ("A"), or NULL when o is not one. */
const char *kn_class_name(const kn_obj *o);
/* The builtin exception kind instances of the user class o raise as (MyError(ValueError):
 * TC_EXC_VALUE), or TC_EXC_NONE when o is not an exception class. */
tc_exc kn_class_exc_kind(const kn_obj *o);
/* Is cls an exception class: a builtin one (ValueError, LookupError, BaseException) or a user
 * class deriving from one? */
bool kn_is_exception_type(const kn_obj *cls);
/* isinstance / issubclass with Python's rules over builtin and user classes (cls may be a
 * tuple): 1, 0, or -1 with TypeError. */
int kn_isinstance(kn_obj *o, kn_obj *cls, kn_err *err);
int kn_issubclass(kn_obj *sub, kn_obj *cls, kn_err *err);
bool kn_type_is_subtype(const kn_type *sub, const kn_type *base);
/* A bound method: calling it calls func(self, ...). NULL when out of memory. */
kn_obj *kn_method_new(kn_obj *func, kn_obj *self);
/* super(start, obj). */
kn_obj *kn_super_new(kn_obj *start, kn_obj *obj, kn_err *err);
/* del o.name. */
int kn_delattr(kn_obj *o, const char *name, kn_err *err);
/* The plain function o.name would bind as a method (borrowed), or NULL when o.name is
 * anything else: the evaluator calls it with o first, without making the bound method. */
kn_obj *kn_instance_method(kn_obj *o, const char *name);
/* An attribute access site's cache (compiled code keeps one per `o.name`): what the
 * instance's class resolves the name to, valid while no class has changed, and where the
 * name sat in the last instance dict. Start from KN_ATTR_SITE_INIT. */
typedef struct kn_attr_site {
    const void *cls;   /* the class the rest was found for, or NULL */
    uint64_t version;  /* the classes' version then */
    kn_obj *attr;      /* borrowed: what cls's mro has under the name, or NULL */
    int64_t ix;        /* position guess in the instance dict, -1: none */
    const kn_obj *dict; /* method sites: the last instance dict seen not to shadow attr ... */
    int64_t dver;       /* ... at this dict version */
    bool fast;          /* the fast path applies to cls's instances */
} kn_attr_site;
#define KN_ATTR_SITE_INIT ((kn_attr_site){NULL, 0, NULL, -1, NULL, 0, false})
/* The same lookups by an interned name (a str that lives as long as the process, the
 * evaluator's names), for user class instances only, without hashing or comparing text:
 * kn_instance_method_site as kn_instance_method; kn_instance_getattr_site returns the value
 * of an attribute found in the instance's dict (new reference) when no data descriptor of
 * the class overrides it, else NULL (never an error: the caller goes on with kn_getattr);
 * kn_instance_setattr_site stores into the instance's dict when nothing of the class
 * intercepts the store: 1 stored, 0 not handled (use kn_setattr), -1 with err. */
kn_obj *kn_instance_method_site(kn_obj *o, kn_obj *key, kn_attr_site *site);
kn_obj *kn_instance_getattr_site(kn_obj *o, kn_obj *key, kn_attr_site *site);
int kn_instance_setattr_site(kn_obj *o, kn_obj *key, kn_obj *v, kn_attr_site *site,
                             kn_err *err);
/* (hint: the call site's guess of the attribute's position in the instance dict, checked
 * before use and updated; instances of a class usually get their attributes in one order.) */
/* Does o's class define __enter__ and __exit__? */
bool kn_has_special_exit(const kn_obj *o);

/* ---- runtime hooks ------------------------------------------------------------------- */

/*
 * What the object model and the layers above it (torch) need from the running
 * interpreter reaches them through this one struct, which the interpreter (kernel/lang)
 * installs while a cell or a bridge evaluation runs; nothing here calls up into kernel/lang.
 * Every hook receives 'ctx'. A NULL hook (or no installed struct: unit tests, completion
 * between cells) gets the fallback named beside it. The interrupt flag is tensorcore's
 * (tc_interrupt_check), below every layer, so it needs no hook.
 */
typedef struct kn_runtime_hooks {
    void *ctx;
    /* Write to the cell's "stdout"/"stderr". Fallback: the process's stdout/stderr. */
    void (*write)(void *ctx, const char *stream, const char *text, size_t n);
    /* Publish display_data; steals 'bundle' (mimetype -> data). Fallback: dropped. */
    void (*display)(void *ctx, json_t *bundle);
    /* The running cell's execution count. Fallback: 0 (not in a cell). */
    int (*execution_count)(void *ctx);
    /* Ask the front end for a line (input()); a new str, or NULL with err set.
     * Fallback: NotImplementedError (the frontend does not support input). */
    kn_obj *(*input)(void *ctx, const char *prompt, bool password, kn_err *err);
    /* The global namespace dict (borrowed). Fallback: NULL. */
    kn_obj *(*globals)(void *ctx);
    /* Attach a payload to the running cell's execute_reply, replacing one with the same
     * "source" (exit's ask_exit, the pager's page); steals 'item'. Fallback: dropped. */
    void (*payload)(void *ctx, json_t *item);
    /* The exception being handled (inside `except`, also in what it calls), borrowed, or
     * NULL (sys.exc_info()). Fallback: NULL. */
    kn_obj *(*handled)(void *ctx);
} kn_runtime_hooks;

/* Install the hooks of the interpreter that starts running code on this process (borrowed:
 * they must outlive the installation; NULL uninstalls). Returns the previously installed
 * hooks (or NULL) so a nested run can put them back. */
const kn_runtime_hooks *kn_runtime_install(const kn_runtime_hooks *hooks);
/* The installed hooks (borrowed) or NULL. */
const kn_runtime_hooks *kn_runtime_current(void);

/* The services above, through the installed hooks (with their fallbacks). */
void kn_rt_write(const char *stream, const char *text, size_t n);
void kn_rt_display(json_t *bundle); /* steals bundle */
/* Emit "UserWarning: msg" on stderr, as Python's warnings module shows it in a notebook. */
void kn_rt_warn(const char *category, const char *msg);
int kn_rt_execution_count(void);
kn_obj *kn_rt_input(const char *prompt, bool password, kn_err *err);
kn_obj *kn_rt_globals(void); /* borrowed */
kn_obj *kn_rt_handled(void); /* borrowed or NULL */
void kn_rt_payload(json_t *item); /* steals item */

/* ---- modules ------------------------------------------------------------------------- */

/* Built-in modules importable by name; each returns a new module object. The import
 * statement caches the result per interpreter. (torch and numpy: kernel/torch/tensor_obj.h.) */
kn_obj *kn_mod_math_init(kn_err *err);
kn_obj *kn_mod_time_init(kn_err *err);
kn_obj *kn_mod_random_init(kn_err *err);
kn_obj *kn_mod_string_init(kn_err *err);
kn_obj *kn_mod_os_init(kn_err *err);
kn_obj *kn_mod__io_init(kn_err *err); /* open() and the file types (file.c) */
kn_obj *kn_mod__warnings_init(kn_err *err); /* the filters kn_rt_warn obeys (mod_warnings.c) */
kn_obj *kn_mod__re_init(kn_err *err); /* the regular expression engine under re.py (mod_re.c) */
kn_obj *kn_mod_future_init(kn_err *err);
kn_obj *kn_mod_collections_init(kn_err *err);
/* collections.OrderedDict's type (torch.save/torch.load write and rebuild state dicts). */
const kn_type *kn_ordereddict_type(void);
kn_obj *kn_mod_functools_init(kn_err *err);
kn_obj *kn_mod_itertools_init(kn_err *err);

#endif
