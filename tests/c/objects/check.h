/*
 * Tiny assertion helpers for the kernel/objects unit tests: every check compares what a
 * Python user would see (repr text, exception type and message) with CPython 3.11's.
 */
#ifndef TESTS_OBJECTS_CHECK_H
#define TESTS_OBJECTS_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/objects/object.h"
#include "kernel/objects/builtins.h"

static int check_failures, check_count;

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        check_failures++;                                                                          \
        fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                                            \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fputc('\n', stderr);                                                                       \
    } while (0)

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        check_count++;                                                                             \
        if (!(cond)) FAIL("check failed: %s", #cond);                                              \
    } while (0)

/* repr(o) == want; consumes the reference to o. */
static inline void check_repr_at(const char *file, int line, kn_obj *o, const char *want,
                                 kn_err *err) {
    check_count++;
    if (!o) {
        check_failures++;
        fprintf(stderr, "%s:%d: got error %s: %s, want %s\n", file, line, tc_exc_name(err->type),
                err->msg, want);
        tc_error_clear(err);
        return;
    }
    kn_err e = {0};
    kn_obj *r = kn_repr(o, &e);
    if (!r || strcmp(kn_str_cstr(r), want) != 0) {
        check_failures++;
        fprintf(stderr, "%s:%d: repr %s, want %s\n", file, line, r ? kn_str_cstr(r) : e.msg, want);
    }
    kn_decref(r);
    kn_decref(o);
}
#define CHECK_REPR(expr, want)                                                                     \
    do {                                                                                           \
        kn_err err_ = {0};                                                                         \
        kn_err *err = &err_;                                                                       \
        (void)err;                                                                                 \
        check_repr_at(__FILE__, __LINE__, (expr), (want), &err_);                                  \
    } while (0)

/* str(o) == want; consumes o. */
static inline void check_str_at(const char *file, int line, kn_obj *o, const char *want,
                                kn_err *err) {
    check_count++;
    if (!o) {
        check_failures++;
        fprintf(stderr, "%s:%d: got error %s: %s, want %s\n", file, line, tc_exc_name(err->type),
                err->msg, want);
        tc_error_clear(err);
        return;
    }
    kn_err e = {0};
    kn_obj *r = kn_str(o, &e);
    if (!r || strcmp(kn_str_cstr(r), want) != 0) {
        check_failures++;
        fprintf(stderr, "%s:%d: str %s, want %s\n", file, line, r ? kn_str_cstr(r) : e.msg, want);
    }
    kn_decref(r);
    kn_decref(o);
}
#define CHECK_STR(expr, want)                                                                      \
    do {                                                                                           \
        kn_err err_ = {0};                                                                         \
        kn_err *err = &err_;                                                                       \
        (void)err;                                                                                 \
        check_str_at(__FILE__, __LINE__, (expr), (want), &err_);                                   \
    } while (0)

/* The expression fails (NULL or negative) with exception 'type' and message 'msg'. */
#define CHECK_ERR_PTR(expr, etype, emsg)                                                           \
    do {                                                                                           \
        kn_err err_ = {0};                                                                         \
        kn_err *err = &err_;                                                                       \
        (void)err;                                                                                 \
        check_count++;                                                                             \
        kn_obj *r_ = (expr);                                                                       \
        if (r_) {                                                                                  \
            FAIL("expected %s, got a value", tc_exc_name(etype));                                  \
            kn_decref(r_);                                                                         \
        } else if (err_.type != (etype) || strcmp(err_.msg, (emsg)) != 0) {                        \
            FAIL("got %s: %s, want %s: %s", tc_exc_name(err_.type), err_.msg, tc_exc_name(etype),  \
                 (emsg));                                                                          \
        }                                                                                          \
    } while (0)

#define CHECK_ERR_INT(expr, etype, emsg)                                                           \
    do {                                                                                           \
        kn_err err_ = {0};                                                                         \
        kn_err *err = &err_;                                                                       \
        (void)err;                                                                                 \
        check_count++;                                                                             \
        long long r_ = (long long)(expr);                                                          \
        if (r_ >= 0)                                                                               \
            FAIL("expected %s, got %lld", tc_exc_name(etype), r_);                                 \
        else if (err_.type != (etype) || strcmp(err_.msg, (emsg)) != 0)                            \
            FAIL("got %s: %s, want %s: %s", tc_exc_name(err_.type), err_.msg, tc_exc_name(etype),  \
                 (emsg));                                                                          \
    } while (0)

static inline int check_report(const char *name) {
    fprintf(stderr, "%s: %d checks, %d failed\n", name, check_count, check_failures);
    return check_failures ? 1 : 0;
}

/* Small constructors that return new references. */
static inline kn_obj *I(int64_t v) {
    return kn_int_new(v);
}
static inline kn_obj *F(double v) {
    return kn_float_new(v);
}
static inline kn_obj *S(const char *s) {
    return kn_str_from_cstr(s);
}

/* a op b, consuming both operands. */
static inline kn_obj *bin(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    kn_obj *r = kn_binary(op, a, b, err);
    kn_decref(a);
    kn_decref(b);
    return r;
}

/* A list/tuple of n new references (stolen). */
static inline kn_obj *L(int n, ...) {
    va_list ap;
    va_start(ap, n);
    kn_obj *l = kn_list_new(0);
    for (int i = 0; i < n; i++) {
        kn_obj *x = va_arg(ap, kn_obj *);
        kn_list_append(l, x);
        kn_decref(x);
    }
    va_end(ap);
    return l;
}
static inline kn_obj *T(int n, ...) {
    va_list ap;
    va_start(ap, n);
    kn_obj *t = kn_tuple_new(n);
    for (int i = 0; i < n; i++)
        kn_tuple_set(t, i, va_arg(ap, kn_obj *));
    va_end(ap);
    return t;
}

/* Call a method by name with positional args (borrowed). */
static inline kn_obj *meth(kn_obj *self, const char *name, int n, kn_obj *const *pos, kn_err *err) {
    kn_obj *m = kn_getattr(self, name, err);
    if (!m) return NULL;
    kn_obj *r = kn_call_simple(m, pos, n, err);
    kn_decref(m);
    return r;
}

#endif
