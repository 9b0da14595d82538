/*
 * Conversions behind calling the builtin types: int(x[, base]), float(x), bool(x), str(x),
 * list(x), tuple(x), dict(...), with Python's literal parsing (underscores, prefixes,
 * inf/nan) and Python's exact error texts.
 */
#include <ctype.h>
#include <math.h>

#include "kernel/objects/objects-impl.h"

static void strip_span(const char **s, size_t *n) {
    while (*n && isspace((unsigned char)**s))
        (*s)++, (*n)--;
    while (*n && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

static int invalid_int(const char *s, size_t n, int base, kn_err *err) {
    tc_strbuf b = {0};
    kn__str_repr_into(&b, s, n);
    tc_error_set(err, TC_EXC_VALUE, "invalid literal for int() with base %d: %s", base, b.data);
    tc_strbuf_free(&b);
    return -1;
}

static int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

kn_obj *kn__parse_int_obj(const char *s0, size_t n0, int base, kn_err *err) {
    if (base != 0 && (base < 2 || base > 36)) {
        tc_error_set(err, TC_EXC_VALUE, "int() base must be >= 2 and <= 36, or 0");
        return NULL;
    }
    const char *s = s0;
    size_t n = n0;
    strip_span(&s, &n);
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    int b = base;
    bool prefixed = false;
    if (i + 1 < n && s[i] == '0') {
        char p = (char)tolower((unsigned char)s[i + 1]);
        int pb = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
        if (pb && (base == 0 || base == pb)) {
            b = pb;
            i += 2;
            prefixed = true;
        }
    }
    if (b == 0) b = 10;
    unsigned char *dv = tc_malloc(n + 1);
    if (!dv) {
        kn_nomem(err);
        return NULL;
    }
    size_t nd = 0;
    bool any = false, prev_us = false, all_zero = true;
    for (; i < n; i++) {
        if (s[i] == '_') {
            if (prev_us || (!any && !prefixed)) goto invalid;
            prev_us = true;
            continue;
        }
        int d = digit_value(s[i]);
        if (d >= b) goto invalid;
        if (d) all_zero = false;
        dv[nd++] = (unsigned char)d;
        any = true;
        prev_us = false;
    }
    if (!any || prev_us) goto invalid;
    if (base == 0 && !prefixed && !all_zero && s[neg || s[0] == '+' ? 1 : 0] == '0') {
        tc_free(dv);
        invalid_int(s0, n0, 0, err);
        return NULL;
    }
    kn_obj *r;
    if (nd <= 18 && b <= 10) { /* the common case: fits in int64 for any base up to 10 */
        int64_t v = 0;
        for (size_t k = 0; k < nd; k++)
            v = v * b + dv[k];
        r = kn_int_new(neg ? -v : v);
        if (!r) kn_nomem(err);
    } else {
        r = kn__int_from_digits(dv, nd, b, neg, err);
    }
    tc_free(dv);
    return r;
invalid:
    tc_free(dv);
    invalid_int(s0, n0, base ? base : 10, err);
    return NULL;
}

int kn__parse_int(const char *s0, size_t n0, int base, int64_t *out, kn_err *err) {
    kn_obj *r = kn__parse_int_obj(s0, n0, base, err);
    if (!r) return -1;
    int rc = kn__int_as_int64(r, out, err);
    kn_decref(r);
    return rc;
}

int kn__parse_float(const char *s0, size_t n0, double *out, kn_err *err) {
    const char *s = s0;
    size_t n = n0;
    strip_span(&s, &n);
    char *buf = tc_malloc(n + 1);
    if (!buf) return kn_nomem(err);
    size_t k = 0;
    bool ok = n > 0;
    for (size_t i = 0; ok && i < n; i++) {
        char c = s[i];
        if (c == '_') {
            ok = i > 0 && i + 1 < n && isdigit((unsigned char)s[i - 1]) &&
                 isdigit((unsigned char)s[i + 1]);
            continue;
        }
        if (c == 'x' || c == 'X' || c == '(' || c == ' ') ok = false;
        buf[k++] = c;
    }
    buf[k] = 0;
    char *end = NULL;
    double v = ok ? strtod(buf, &end) : 0;
    if (ok && (end != buf + k || k == 0)) ok = false;
    if (ok && isnan(v)) {
        const char *w = buf + (buf[0] == '+' || buf[0] == '-');
        ok = strcasecmp(w, "nan") == 0;
    }
    if (ok && isinf(v)) {
        const char *w = buf + (buf[0] == '+' || buf[0] == '-');
        if (isalpha((unsigned char)*w))
            ok = strcasecmp(w, "inf") == 0 || strcasecmp(w, "infinity") == 0;
    }
    tc_free(buf);
    if (!ok) {
        tc_strbuf b = {0};
        kn__str_repr_into(&b, s0, n0);
        tc_error_set(err, TC_EXC_VALUE, "could not convert string to float: %s", b.data);
        tc_strbuf_free(&b);
        return -1;
    }
    *out = v;
    return 0;
}

/* ---- int ----------------------------------------------------------------------------- */

/* int(x) for one argument, any size: a new int, NULL with err. */
kn_obj *kn__int_of_obj(kn_obj *x, kn_err *err) {
    if (kn_is(x, &kn_type_int)) return kn_incref(x);
    if (kn__is_int(x)) return kn_int_new(kn_int_value(x));
    if (kn_is(x, &kn_type_float)) return kn__int_from_double(kn_float_value(x), err);
    if (kn_is(x, &kn_type_str)) return kn__parse_int_obj(kn_str_cstr(x), kn_str_len(x), 10, err);
    if (x->type->to_int) {
        kn_err scratch;
        tc_error_init(&scratch);
        int64_t v;
        if (x->type->to_int(x, &v, &scratch) == 0) return kn_int_new(v);
        if (!x->type->to_float) {
            if (err && !tc_error_is_set(err)) *err = scratch;
            return NULL;
        }
    }
    if (x->type->to_float) {
        double f;
        if (x->type->to_float(x, &f, err) < 0) return NULL;
        return kn__int_from_double(f, err);
    }
    tc_error_set(err, TC_EXC_TYPE,
                 "int() argument must be a string, a bytes-like object or a real number, "
                 "not '%s'",
                 kn_type_name(x));
    return NULL;
}

/* int(x) for one argument as int64; -1 with err (OverflowError beyond int64). */
int kn__int_of(kn_obj *x, int64_t *out, kn_err *err) {
    if (kn__is_int(x)) return kn__int_as_int64(x, out, err);
    kn_obj *r = kn__int_of_obj(x, err);
    if (!r) return -1;
    int rc = kn__int_as_int64(r, out, err);
    kn_decref(r);
    return rc;
}

kn_obj *kn__int_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    static const char *names[] = {"x", "base"};
    kn_obj *a[2];
    if (KN__BIND(args, "int", names, 0, a, err) < 0) return NULL;
    if (a[1]) {
        int64_t base;
        if (kn_is(a[1], &kn_type_int) && kn_int_is_big(a[1]))
            base = 1; /* out of range: the base error below */
        else if (kn_to_int64(a[1], &base, err) < 0)
            return NULL;
        if (!a[0]) {
            tc_error_set(err, TC_EXC_TYPE, "int() missing string argument");
            return NULL;
        }
        if (!kn_is(a[0], &kn_type_str)) {
            tc_error_set(err, TC_EXC_TYPE, "int() can't convert non-string with explicit base");
            return NULL;
        }
        if (base < INT32_MIN || base > INT32_MAX) base = 1;
        return kn__parse_int_obj(kn_str_cstr(a[0]), kn_str_len(a[0]), (int)base, err);
    }
    if (!a[0]) return kn_int_new(0);
    return kn__int_of_obj(a[0], err);
}

/* ---- float, bool, str ---------------------------------------------------------------- */

int kn__float_of(kn_obj *x, double *out, kn_err *err) {
    if (kn__is_number(x)) return kn_to_double(x, out, err);
    if (kn_is(x, &kn_type_str)) return kn__parse_float(kn_str_cstr(x), kn_str_len(x), out, err);
    if (x->type->to_float) return x->type->to_float(x, out, err);
    return tc_error_set(err, TC_EXC_TYPE,
                        "float() argument must be a string or a real number, not '%s'",
                        kn_type_name(x));
}

static int one_positional(const kn_args *args, const char *fname, kn_obj **out, kn_err *err) {
    if (args->nkw) return tc_error_set(err, TC_EXC_TYPE, "%s() takes no keyword arguments", fname);
    if (args->npos > 1)
        return tc_error_set(err, TC_EXC_TYPE, "%s expected at most 1 argument, got %d", fname,
                            args->npos);
    *out = args->npos ? args->pos[0] : NULL;
    return 0;
}

kn_obj *kn__float_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    kn_obj *x = NULL;
    if (one_positional(args, "float", &x, err) < 0) return NULL;
    double v = 0.0;
    if (x && kn__float_of(x, &v, err) < 0) return NULL;
    return kn_float_new(v);
}

kn_obj *kn__bool_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    kn_obj *x = NULL;
    if (one_positional(args, "bool", &x, err) < 0) return NULL;
    if (!x) return kn_bool_new(false);
    int t = kn_truth(x, err);
    return t < 0 ? NULL : kn_bool_new(t);
}

kn_obj *kn__str_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    static const char *names[] = {"object", "encoding", "errors"};
    kn_obj *a[3];
    if (KN__BIND(args, "str", names, 0, a, err) < 0) return NULL;
    if (a[1] || a[2]) return kn__bytes_decode_args(a[0], a[1], a[2], err); /* str(b, 'utf-8') */
    return a[0] ? kn_str(a[0], err) : kn_str_new("", 0);
}

/* ---- containers ---------------------------------------------------------------------- */

kn_obj *kn__list_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    kn_obj *x = NULL;
    if (one_positional(args, "list", &x, err) < 0) return NULL;
    return x ? kn__list_from_iter(x, err) : kn_list_new(0);
}

kn_obj *kn__tuple_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    kn_obj *x = NULL;
    if (one_positional(args, "tuple", &x, err) < 0) return NULL;
    if (!x) return kn_tuple_new(0);
    if (kn_is(x, &kn_type_tuple)) return kn_incref(x);
    kn_obj *l = kn__list_from_iter(x, err);
    if (!l) return NULL;
    kn_obj *t = kn__tuple_from(kn_list_items(l), kn_list_len(l));
    kn_decref(l);
    return t;
}

kn_obj *kn__dict_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    if (args->npos > 1) {
        tc_error_set(err, TC_EXC_TYPE, "dict expected at most 1 argument, got %d", args->npos);
        return NULL;
    }
    kn_obj *d = kn_dict_new();
    if (!d) {
        kn_nomem(err);
        return NULL;
    }
    if (args->npos == 1 && kn__dict_update(d, args->pos[0], err) < 0) {
        kn_decref(d);
        return NULL;
    }
    for (int i = 0; i < args->nkw; i++)
        kn_dict_set_str(d, args->kwnames[i], args->kwvals[i]);
    return d;
}
