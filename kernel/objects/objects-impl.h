/*
 * Private layout of the builtin object types and the helpers shared by the files of
 * kernel/objects. Nothing outside kernel/objects includes this header, except through
 * attr_site.h (the VM's inline attribute hits).
 */
#ifndef KN_OBJECTS_IMPL_H
#define KN_OBJECTS_IMPL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/objects/object.h"
#include "kernel/objects/builtins.h"
#include "tensorcore/alloc.h"
#include "tensorcore/format.h"

/* ---- object layouts ------------------------------------------------------------------ */

/* int and bool. Small form (nd == 0): the value is v. Big form (bigint.c), only for values
 * outside int64: |nd| 32-bit digits follow the header (least significant first), nd < 0
 * for a negative value, and v holds INT64_MAX or INT64_MIN (the value saturated), so a
 * reader that only knows int64 sees a value of the right sign. */
typedef struct kn_intobj {
    kn_obj base;
    int64_t v;
    int32_t nd;
} kn_intobj;
#define KN__INT_DIGITS(o) ((uint32_t *)((kn_intobj *)(o) + 1))

/* The free list of number blocks (an int of the small form or a float; numbers.c), at most
 * KN__NUM_FREE_MAX long; kn_objects_trim empties it. */
#define KN__NUM_FREE_MAX 256
typedef struct kn__numfree {
    kn_obj *head;
    int n;
} kn__numfree;
extern kn__numfree kn__num_free;
static inline bool kn__int_is_big(const kn_obj *o) {
    return ((const kn_intobj *)o)->nd != 0;
}
typedef struct kn_floatobj {
    kn_obj base;
    double v;
} kn_floatobj;
typedef struct kn_strobj {
    kn_obj base;
    size_t n;    /* bytes */
    int64_t ncp; /* code points */
    bool ascii;
    bool hashed; /* 'hash' is valid (computed on first use) */
    int64_t hash;
    char s[]; /* UTF-8, NUL-terminated */
} kn_strobj;
typedef struct kn_listobj {
    kn_obj base;
    int64_t n, cap;
    kn_obj **items;
} kn_listobj;
typedef struct kn_tupleobj {
    kn_obj base;
    int64_t n;
    kn_obj *items[];
} kn_tupleobj;
typedef struct kn_dictentry {
    int64_t hash;
    kn_obj *key, *value;
} kn_dictentry;
typedef struct kn_dictobj {
    kn_obj base;
    int64_t used;     /* live entries */
    int64_t nentries; /* entries slots in use (live + deleted) */
    int64_t cap;      /* entries capacity */
    int64_t version;  /* bumped on insert/delete: iteration checks */
    kn_dictentry *entries;
    void *index; /* open addressing: -1 empty, -2 deleted, else entry index; int8_t items
                    while the table has at most 128 slots, int16_t to 32768, else int32_t */
    int64_t mask;
} kn_dictobj;
/* kn_dict_version and kn_dict_value_at, inline for the VM's global lookups. */
static inline int64_t kn__dict_version(const kn_obj *d) {
    return ((const kn_dictobj *)d)->version;
}
static inline kn_obj *kn__dict_value_at(const kn_obj *d, int64_t ix) {
    return ((const kn_dictobj *)d)->entries[ix].value;
}
typedef struct kn_sliceobj {
    kn_obj base;
    kn_obj *start, *stop, *step;
} kn_sliceobj;
typedef struct kn_rangeobj {
    kn_obj base;
    int64_t start, stop, step, len;
} kn_rangeobj;
typedef struct kn_cfuncobj {
    kn_obj base;
    const char *name, *sig, *doc;
    const char *module; /* defining module for help(), or NULL (builtins) */
    kn_cfunc fn;
    kn_obj *self;
} kn_cfuncobj;
typedef struct kn_moduleobj {
    kn_obj base;
    kn_obj *name, *doc, *dict;
} kn_moduleobj;
typedef struct kn_typeobj {
    kn_obj base;
    const kn_type *t;
} kn_typeobj;
typedef struct kn_excobj {
    kn_obj base;
    tc_exc kind;
    kn_obj *args;  /* tuple */
    kn_obj *msg;   /* str(e) */
    kn_obj *cause; /* __cause__ (raise ... from c), or NULL: None */
    kn_obj *dict;  /* other attributes set on it, or NULL */
    bool suppress; /* __suppress_context__ */
} kn_excobj;

#define KN__IMMORTAL ((int64_t)1 << 60)

/* ---- string building ------------------------------------------------------------------ */

/* Strings are built with tc_strbuf (tensorcore/format.h): appends may be unchecked because
 * out-of-memory is sticky; kn__strbuf_finish reports it. */
/* Append repr(o) / str(o); -1 with err set on error (MemoryError when the buffer fails). */
int kn__strbuf_repr(tc_strbuf *b, kn_obj *o, kn_err *err);
int kn__strbuf_str(tc_strbuf *b, kn_obj *o, kn_err *err);
/* MemoryError (as Python's, no message) when 'bytes' exceed half the physical memory, or,
 * from KN__BIG_ALLOC bytes on, nine tenths of the memory still available (MemAvailable and
 * the cgroup limit): a request such as [0] * 2**40 or a string doubled in a loop fails
 * instead of taking the kernel down. */
#define KN__BIG_ALLOC ((size_t)64 << 20)
int kn__check_alloc(double bytes, kn_err *err);
/* For every C loop over user-sized data (a sum over range(10**11), a sort of 3e7 items, a
 * replace over 3e8 characters): every 64Ki iterations i, consume a pending interrupt as
 * KeyboardInterrupt (-1), so the loop stops as a tensor op does. 0 otherwise. */
static inline int kn__poll(uint64_t i, kn_err *err) {
    return (i & 0xffff) == 0 && tc_interrupt_pending() ? tc_interrupt_check(err) : 0;
}
/* Make room for 'count' more pieces of n bytes at once: MemoryError (-1) when the size
 * overflows, is past kn__check_alloc's limit or cannot be allocated, before anything is
 * written; a huge width or repetition fails at once instead of growing the buffer. */
int kn__strbuf_room(tc_strbuf *b, size_t n, int64_t count, kn_err *err);
/* Append 'count' copies of the n-byte 'unit' (padding, fill); -1 with MemoryError. Both
 * mark the buffer failed, so err may be NULL when the builder checks at its finish. */
int kn__strbuf_repeat(tc_strbuf *b, const char *unit, size_t n, int64_t count, kn_err *err);
/* A new str from the buffer's bytes, and the buffer freed. NULL with MemoryError when any
 * append failed or the str cannot be allocated. */
kn_obj *kn__strbuf_finish(tc_strbuf *b, kn_err *err);
/* The value of the last StopIteration(value) raised with message msg (generic.c), or NULL;
 * clear forgets it (kn_objects_trim). */
kn_obj *kn__stop_value_for(const char *msg);
void kn__stop_value_clear(void);

/* ---- methods ------------------------------------------------------------------------- */

typedef struct kn__method {
    const char *name;
    kn_cfunc fn;
    const char *sig;
    const char *doc;
} kn__method;
/* A bound method for 'name' from a NULL-terminated table, or NULL (no error). */
kn_obj *kn__method_get(kn_obj *self, const kn__method *table, const char *name);
/* o.__len__, o.__add__ and the other special methods of a value of a builtin type, as bound
 * wrappers around its type's slots (generic.c); NULL when the type has no such method. */
kn_obj *kn__slot_method(kn_obj *o, const char *name);
/* Append the table's names to 'list'. */
int kn__method_dir(const kn__method *table, kn_obj *list);
/* Add a table's functions to a module as unbound builtins (help() names the module). */
void kn__module_add_funcs(kn_obj *module, const kn__method *table);
/* Bind arguments for a method or builtin; wraps kn_args_bind. */
#define KN__BIND(args, fname, names, nreq, out, err)                                               \
    kn__bind_inline((args), (fname), (names), (int)(sizeof(names) / sizeof((names)[0])), (nreq),   \
                    (out), (err))
/* kn_args_bind with the texts of CPython's C functions ("'x' is an invalid keyword argument
 * for f()"), for the builtins and the methods of builtin types. */
int kn__args_bind_builtin(const kn_args *args, const char *fname, const char *const *names,
                          int nnames, int nreq, kn_obj **out, kn_err *err);
/* KN__BIND: positional arguments that fit are bound here, without a call (d.get(k, 0) in
 * a loop); anything else goes through kn__args_bind_builtin. */
static inline int kn__bind_inline(const kn_args *args, const char *fname,
                                  const char *const *names, int nnames, int nreq, kn_obj **out,
                                  kn_err *err) {
    if (args->nkw == 0 && args->npos >= nreq && args->npos <= nnames) {
        for (int i = 0; i < args->npos; i++)
            out[i] = args->pos[i];
        for (int i = args->npos; i < nnames; i++)
            out[i] = NULL;
        return 0;
    }
    return kn__args_bind_builtin(args, fname, names, nnames, nreq, out, err);
}
/* After a C function failed with a TypeError: when its text signature makes every
 * parameter positional-only ("(self, index=-1, /)") and the call's arguments do not fit
 * it, replace the error by CPython's text for that ("list.append() takes exactly one
 * argument (0 given)", "insert expected 2 arguments, got 1", "len() takes no keyword
 * arguments"). Always -1. Checking after the fact keeps calls that succeed free of it. */
int kn__fix_call_error(const kn_args *args, const kn_obj *self, const char *name,
                       const char *sig, kn_err *err);
/* -1 with "f() takes no keyword arguments" when keywords go to such a function; else 0. */
int kn__check_keywords(const kn_args *args, const kn_obj *self, const char *name,
                       const char *sig, kn_err *err);
/* Fail with "f() takes no arguments (1 given)" style errors. */
int kn__no_args(const kn_args *args, const char *fname, kn_err *err);

/* dict.fromkeys, bound to the dict type object. */
kn_obj *kn__dict_fromkeys(kn_obj *self, const kn_args *args, kn_err *err);

/* ---- numbers ------------------------------------------------------------------------- */

/* Python's repr of a float into out (at least 32 bytes). */
void kn__float_repr(double v, char *out, size_t cap);
/* The shortest digits of finite v > 0 that read back as v (CPython's repr digits) into
 * digits (at least 24 bytes, NUL-terminated, no trailing zeros); *decpt is where the
 * decimal point goes (value = 0.DIGITS * 10**decpt). Returns the digit count. */
int kn__float_shortest(double v, char *digits, int *decpt);
/* Python's hash of a float / int. */
int64_t kn__hash_double(double v);
int64_t kn__hash_int(int64_t v);
/* The hash of UTF-8 bytes, as str hashing computes it. */
int64_t kn__str_hash_bytes(const char *s, size_t n);
/* Python's float // and % (floor semantics). */
void kn__float_divmod(double a, double b, double *floordiv, double *mod);
/* Checked int64 arithmetic; -1 with OverflowError on overflow. */
int kn__int_pow(int64_t a, int64_t b, int64_t *out, kn_err *err);
/* Is o an int or bool? */
static inline bool kn__is_int(const kn_obj *o) {
    return kn_is(o, &kn_type_int) || kn_is(o, &kn_type_bool);
}
static inline bool kn__is_number(const kn_obj *o) {
    return kn__is_int(o) || kn_is(o, &kn_type_float);
}
/* ---- big ints (bigint.c); operands are int or bool objects of either form ---- */
/* a op b for ints when an operand is big or the int64 result overflowed: a new int (or
 * float for /), NULL with err (ZeroDivisionError, OverflowError, MemoryError). */
kn_obj *kn__int_binop_big(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err);
kn_obj *kn__int_unop_big(kn_unop op, kn_obj *a, kn_err *err);
/* Floor division and modulo at once (divmod); q or r may be NULL. */
int kn__int_divmod(kn_obj *a, kn_obj *b, kn_obj **q, kn_obj **r, kn_err *err);
/* pow(a, e, m), negative e through the modular inverse (ValueError when none). */
kn_obj *kn__int_powmod(kn_obj *a, kn_obj *e, kn_obj *m, kn_err *err);
int kn__int_compare(const kn_obj *a, const kn_obj *b); /* -1, 0, 1 */
/* Exact comparison with a float that is not NaN: -1, 0, 1. */
int kn__int_cmp_double(const kn_obj *o, double f);
/* float(o) correctly rounded; OverflowError "int too large to convert to float". */
int kn__int_to_double(const kn_obj *o, double *out, kn_err *err);
/* int(f) for a float (truncated), any size; ValueError/OverflowError for nan/inf. */
kn_obj *kn__int_from_double(double f, kn_err *err);
int64_t kn__int_hash(const kn_obj *o); /* CPython's, modulo 2**61 - 1 */
int64_t kn__int_bit_length(const kn_obj *o);
int kn__int_sign(const kn_obj *o); /* -1, 0, 1 */
kn_obj *kn__int_abs(kn_obj *o, kn_err *err);
/* Append the digits of |o| in base 2..36 (no sign, no prefix). Base 10 obeys the
 * int-str conversion limit (ValueError "Exceeds the limit ..."). */
int kn__int_digits(const kn_obj *o, int base, bool upper, tc_strbuf *b, kn_err *err);
/* str(o) for base 10, hex/oct/bin text (with 0x/0o/0b) for 16/8/2. */
kn_obj *kn__int_to_str(const kn_obj *o, int base, kn_err *err);
/* A new int from digit values 0..base-1, most significant first (validated by the caller);
 * non-binary bases obey the int-str conversion limit. */
kn_obj *kn__int_from_digits(const unsigned char *dv, size_t nd, int base, bool neg,
                            kn_err *err);
/* An int from 32-bit words, least significant first (magnitude), and the words of a big
 * int's magnitude (borrowed; NULL for the small form). */
kn_obj *kn__int_from_words(const uint32_t *w, int64_t n, bool neg, kn_err *err);
const uint32_t *kn__int_words(const kn_obj *o, int64_t *n);
/* sys.get_int_max_str_digits / set_int_max_str_digits (0: no limit). */
int kn__int_max_str_digits(void);
void kn__int_set_max_str_digits(int n);
/* An int as int64 for a C-level parameter: OverflowError "Python int too large to convert
 * to C long" when it does not fit. */
int kn__int_as_int64(const kn_obj *o, int64_t *out, kn_err *err);
/* An index-sized integer from o (a sequence index, a repeat count): -1 with 'exc' "cannot
 * fit 'int' into an index-sized integer" for an int beyond int64 (IndexError for indexing,
 * OverflowError for counts), else as kn_to_int64. */
int kn__index_value(kn_obj *o, tc_exc exc, int64_t *out, kn_err *err);
/* A slice bound or search position (s.find(x, start, end), l.index(x, i, j)): ints of any
 * size clamp to int64 as Python's slice indices do; other types go through __index__
 * (TypeError "slice indices must be integers or None or have an __index__ method"). */
int kn__slice_value(kn_obj *v, int64_t *out, kn_err *err);
/* Parse a Python int / float literal string (int(s, base), float(s)). */
int kn__parse_int(const char *s, size_t n, int base, int64_t *out, kn_err *err);
/* int(s, base) of any size: a new int, NULL with ValueError as Python's. */
kn_obj *kn__parse_int_obj(const char *s, size_t n, int base, kn_err *err);
int kn__parse_float(const char *s, size_t n, double *out, kn_err *err);

/* ---- strings ------------------------------------------------------------------------- */

/* Append Python's repr of a UTF-8 string (quotes chosen as Python does). */
void kn__str_repr_into(tc_strbuf *b, const char *s, size_t n);
/* Decode one code point at p (n bytes left); *len = its byte length. */
uint32_t kn__utf8_decode(const unsigned char *p, size_t n, size_t *len);
/* str.isprintable() of one code point (Unicode 14, as CPython 3.11). */
bool kn__cp_printable(uint32_t c);
/* May c start (first) or continue an identifier, as str.isidentifier()? */
bool kn__cp_identifier(uint32_t c, bool first);
/* The UTF-8 text str.casefold() gives c where that differs from str.lower(), or NULL. */
const char *kn__cp_casefold(uint32_t c);
/* Number of code points in UTF-8 text. */
int64_t kn__utf8_count(const char *s, size_t n, bool *ascii);
/* Byte offset of code point i (0 <= i <= ncp). */
size_t kn__str_offset(const kn_strobj *s, int64_t i);
kn_obj *kn__str_getattr(kn_obj *self, const char *name, kn_err *err);
int kn__str_dir(kn_obj *self, kn_obj *list, kn_err *err);
/* str.format(*args, **kwargs) on a template. */
kn_obj *kn__str_format(const char *tmpl, size_t n, const kn_args *args, kn_err *err);

/* ---- sequences ----------------------------------------------------------------------- */

/* A new list of every item of an iterable. */
kn_obj *kn__list_from_iter(kn_obj *iterable, kn_err *err);
/* Sort a list in place (stable; key may be NULL/None). */
int kn__list_sort(kn_obj *list, kn_obj *key, bool reverse, kn_err *err);
/* sort()'s key= and reverse= keywords (key borrowed, NULL when absent). An unknown keyword is
 * a TypeError worded as sorted() (builtin) or list.sort() words it. */
int kn__sort_kwargs(const kn_args *args, bool builtin, kn_obj **key, bool *reverse, kn_err *err);
/* A new tuple from an array (borrows items). */
kn_obj *kn__tuple_from(kn_obj *const *items, int64_t n);
/* A new 2-tuple (a, b), stealing both (either may be NULL, as an allocation that failed
 * gives it): NULL with err set (MemoryError unless err already holds an error) when a or b
 * or the tuple is missing. */
kn_obj *kn__tuple_pair(kn_obj *a, kn_obj *b, kn_err *err);
/* A new iterator over items of a list/tuple-like object by index. */
kn_obj *kn__seqiter_new(const kn_type *itertype, kn_obj *seq);
extern const kn_type kn__type_list_iter, kn__type_list_reviter, kn__type_tuple_iter,
    kn__type_str_iter;
/* Resolve a sequence index (negative allowed); IndexError "<what> index out of range". */
int kn__seq_index(kn_obj *key, int64_t len, const char *what, int64_t *out, kn_err *err);
/* Rich comparison of two item arrays (list/tuple order). */
kn_obj *kn__seq_compare(kn_cmpop op, kn_obj *const *a, int64_t na, kn_obj *const *b, int64_t nb,
                        kn_err *err);
/* Python's tuple hash (xxHash-based, as CPython 3.11). */
int kn__tuple_hash(kn_obj *const *items, int64_t n, int64_t *out, kn_err *err);

/* range(start, stop, step) (step != 0); its contains slot answers by arithmetic. */
kn_obj *kn__range_new(int64_t start, int64_t stop, int64_t step);

/* Constructors behind calling the type objects int, float, ... */
kn_obj *kn__int_construct(const kn_type *type, const kn_args *args, kn_err *err);
kn_obj *kn__float_construct(const kn_type *type, const kn_args *args, kn_err *err);
kn_obj *kn__bool_construct(const kn_type *type, const kn_args *args, kn_err *err);
kn_obj *kn__str_construct(const kn_type *type, const kn_args *args, kn_err *err);
kn_obj *kn__list_construct(const kn_type *type, const kn_args *args, kn_err *err);
kn_obj *kn__tuple_construct(const kn_type *type, const kn_args *args, kn_err *err);
kn_obj *kn__dict_construct(const kn_type *type, const kn_args *args, kn_err *err);
/* int(x) / float(x) of one value, Python's rules. */
int kn__int_of(kn_obj *x, int64_t *out, kn_err *err);
kn_obj *kn__int_of_obj(kn_obj *x, kn_err *err); /* any size */
int kn__float_of(kn_obj *x, double *out, kn_err *err);
/* A float in printf style ('%+010.3f'): type e/E/f/F/g/G, prec -1 for the default, sign
 * 0/'+'/' ', align '<', '>' or '=' (zero padding after the sign when zero is set). */
kn_obj *kn__format_float_printf(double v, char type, int64_t prec, bool alt, char sign,
                                int64_t width, char align, bool zero, kn_err *err);
/* The format slots of str, int/bool and float (object.h: kn_type.format). */
kn_obj *kn__str_format_spec(kn_obj *self, const char *spec, kn_err *err);
kn_obj *kn__int_format_spec(kn_obj *self, const char *spec, kn_err *err);
kn_obj *kn__float_format_spec(kn_obj *self, const char *spec, kn_err *err);
/* `x in c` by iteration with equality (kn_contains for types without a contains slot). */
int kn__contains_by_iter(kn_obj *c, kn_obj *x, kn_err *err);
/* printf-style str % args. */
kn_obj *kn__str_percent(kn_obj *fmt, kn_obj *args, kn_err *err);

/* ---- bytes and complex ----------------------------------------------------------------- */

/* str.encode(encoding='utf-8', errors='strict') (bytes.c). */
kn_obj *kn__str_encode(kn_obj *self, const kn_args *args, kn_err *err);
/* str(obj, encoding, errors) with either of the last two given (each may be NULL). */
kn_obj *kn__bytes_decode_args(kn_obj *obj, kn_obj *encoding, kn_obj *errors, kn_err *err);
/* ---- warnings (mod_warnings.c) ---- */

/* Whether the warnings filters let a kernel warning of this category and text be shown. */
bool kn__warning_shown(const char *category, const char *msg);

/* ---- re (mod_re.c) ---- */

/* Drop the decoded text the regular expression engine keeps for the next call. */
void kn__re_trim(void);

/* ---- files (file.c) ---- */

/* The builtin open() (a new reference). */
kn_obj *kn__builtin_open(void);
/* Raise the OSError subclass CPython raises for errno e ("[Errno 2] No such file or
 * directory: 'x'"); path (str, bytes or NULL) is named when given. Returns -1. */
int kn__os_error(int e, kn_obj *path, kn_err *err);

/* Register bytes.fromhex on the bytes type (once, when the builtins are made). */
void kn__bytes_register(void);
void kn__float_register(void); /* float.fromhex (numbers.c) */
/* What sys.<name> of the last sys module made is now (borrowed), or NULL without one; and
 * the module's forgetting of its namespace when it is freed (mod_sys.c). */
kn_obj *kn__sys_stream(const char *name);

void kn__sys_forget(kn_obj *dict);
/* Write text to what sys.stderr is now (warnings): the cell's stderr or the program's own
 * stream object (runtime.c). */
void kn__write_stderr(const char *text, size_t n);
/* float ** float for a negative base and a fractional exponent: a complex, as CPython. */
kn_obj *kn__complex_pow_real(double a, double b, kn_err *err);

/* ---- dict ---------------------------------------------------------------------------- */

kn_obj *kn__dict_copy(kn_obj *d);
/* The set operators of dict_keys / dict_items views (set.c): & | - ^ give a new set. */
kn_obj *kn__dictview_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err);
int kn__dict_update(kn_obj *d, kn_obj *other, kn_err *err);

/* ---- builtins implemented in builtins_iter.c ----------------------------------------- */

kn_obj *kn__bi_enumerate(kn_obj *self, const kn_args *args, kn_err *err);
kn_obj *kn__bi_zip(kn_obj *self, const kn_args *args, kn_err *err);
kn_obj *kn__bi_map(kn_obj *self, const kn_args *args, kn_err *err);
kn_obj *kn__bi_filter(kn_obj *self, const kn_args *args, kn_err *err);
kn_obj *kn__bi_reversed(kn_obj *self, const kn_args *args, kn_err *err);
/* sys.stdout / sys.stderr: the stream name ("stdout"/"stderr") or NULL for other objects. */
const char *kn__outstream_name(const kn_obj *o);

/* ---- misc ---------------------------------------------------------------------------- */

/* Add a class attribute to a builtin type's type object (itertools.chain.from_iterable,
 * OrderedDict.fromkeys); 'name' must be a static string, 'value' is borrowed (a reference is
 * kept for the process). Registering a name twice keeps the first. -1 when out of memory. */
int kn__type_add_attr(const kn_type *t, const char *name, kn_obj *value);

/* The kn_type of an exception class (ValueError ...), by kind. */
const kn_type *kn__exc_type(tc_exc kind);
/* Is 't' one of the exception class types? Sets *kind. */
bool kn__exc_type_kind(const kn_type *t, tc_exc *kind);
extern const kn_type kn__type_objectbase; /* 'object' */
/* Is 't' any exception class type, concrete (ValueError) or abstract (LookupError)? */
bool kn__exc_type_any(const kn_type *t);
/* The binary operator protocol when an operand is a user class instance (class.c). */
kn_obj *kn__instance_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err);
/* Register object.__init__/__setattr__/__new__ on 'object' (class.c); -1 out of memory. */
int kn__class_builtins_init(void);
/* The instance type of a user class object, or NULL. */
const kn_type *kn__class_inst_type(const kn_obj *o);
/* repr guard for self-referencing containers: 1 when 'o' is already being printed. */
int kn__repr_enter(kn_obj *o);
void kn__repr_leave(kn_obj *o);
/* "<name object at 0x...>" */
kn_obj *kn__default_repr(kn_obj *o, kn_err *err);
/* Truthiness of a borrowed result that is then released. */
int kn__truth_steal(kn_obj *r, kn_err *err);
/* Call key(x) or return a new ref to x when key is NULL/None. */
kn_obj *kn__apply_key(kn_obj *key, kn_obj *x, kn_err *err);
/* Look up a keyword argument by name (borrowed), or NULL. */
kn_obj *kn__kwarg(const kn_args *args, const char *name);

#endif
