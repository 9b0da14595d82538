/*
 * The builtins namespace: print, len, type, isinstance, repr, abs, min, max, sum, round,
 * sorted, any, all, input, help, dir, id, hash, iter, next, hex, ord, chr, divmod, pow,
 * getattr/setattr/hasattr, display, the type objects (int, str, ...) and the exception
 * classes. Each builtin carries a signature and docstring.
 */
#include <math.h>

#include "kernel/objects/objects-impl.h"

/* ---- print --------------------------------------------------------------------------- */

static int opt_str(kn_obj *v, const char *what, const char *dflt, kn_obj **out, kn_err *err) {
    if (!v || v == kn_none()) {
        *out = kn_str_from_cstr(dflt);
        return 0;
    }
    if (!kn_is(v, &kn_type_str))
        return tc_error_set(err, TC_EXC_TYPE, "%s must be None or a string, not %s", what,
                            kn_type_name(v));
    *out = kn_incref(v);
    return 0;
}

/* Write to file, or (NULL) to what sys.stdout is now: the cell's stream unless the program
 * put another object there. */
static int write_to(kn_obj *file, const char *text, size_t n, kn_err *err) {
    if (!file) file = kn__sys_stream("stdout");
    const char *stream = file ? kn__outstream_name(file) : "stdout";
    if (stream) {
        kn_rt_write(stream, text, n);
        return 0;
    }
    kn_incref(file); /* its write may replace sys.stdout */
    kn_obj *w = kn_getattr(file, "write", err);
    kn_decref(file);
    if (!w) return -1;
    kn_obj *s = kn_str_new(text, n);
    kn_obj *r = kn_call_simple(w, &s, 1, err);
    kn_decref(s);
    kn_decref(w);
    if (!r) return -1;
    kn_decref(r);
    return 0;
}

/* file.write(s) for a stream object of the program's own. */
static int write_obj(kn_obj *file, kn_obj *s, kn_err *err) {
    kn_obj *w = kn_getattr(file, "write", err);
    kn_obj *r = w ? kn_call_simple(w, &s, 1, err) : NULL;
    kn_decref(w);
    kn_decref(r);
    return r ? 0 : -1;
}

static kn_obj *bi_print(kn_obj *self, const kn_args *args, kn_err *err) {
    kn_obj *sep = NULL, *end = NULL, *file = NULL;
    for (int i = 0; i < args->nkw; i++) {
        const char *k = args->kwnames[i];
        kn_obj *v = args->kwvals[i];
        if (strcmp(k, "sep") == 0)
            sep = v;
        else if (strcmp(k, "end") == 0)
            end = v;
        else if (strcmp(k, "file") == 0)
            file = v == kn_none() ? NULL : v;
        else if (strcmp(k, "flush") != 0) {
            tc_error_set(err, TC_EXC_TYPE, "'%s' is an invalid keyword argument for print()", k);
            return NULL;
        }
    }
    kn_obj *sep_s = NULL, *end_s = NULL;
    if (opt_str(sep, "sep", " ", &sep_s, err) < 0) return NULL;
    if (opt_str(end, "end", "\n", &end_s, err) < 0) {
        kn_decref(sep_s);
        return NULL;
    }
    kn_obj *dest = file ? file : kn__sys_stream("stdout");
    if (dest && !kn__outstream_name(dest)) { /* a program's own stream: CPython's writes */
        kn_incref(dest);
        int rc = 0;
        for (int i = 0; i < args->npos && rc == 0; i++) {
            if (i) rc = write_obj(dest, sep_s, err);
            kn_obj *s = rc == 0 ? kn_str(args->pos[i], err) : NULL;
            if (!s) rc = -1;
            if (rc == 0) rc = write_obj(dest, s, err);
            kn_decref(s);
        }
        if (rc == 0) rc = write_obj(dest, end_s, err);
        kn_decref(dest);
        kn_decref(sep_s);
        kn_decref(end_s);
        return rc < 0 ? NULL : kn_none_new();
    }
    tc_strbuf b = {0};
    int rc = 0;
    size_t done = 0; /* what CPython has written when str() of an item raises */
    for (int i = 0; i < args->npos && rc == 0; i++) {
        if (i) tc_strbuf_append(&b, kn_str_cstr(sep_s), kn_str_len(sep_s));
        done = b.len;
        rc = kn__strbuf_str(&b, args->pos[i], err);
    }
    if (rc == 0) {
        tc_strbuf_append(&b, kn_str_cstr(end_s), kn_str_len(end_s));
        rc = write_to(file, b.data, b.len, err);
    } else if (done && !b.failed) {
        kn_err ignored = {0}; /* the items before the one that raised, then its error */
        write_to(file, b.data, done, &ignored);
        tc_error_clear(&ignored);
    }
    tc_strbuf_free(&b);
    kn_decref(sep_s);
    kn_decref(end_s);
    return rc < 0 ? NULL : kn_none_new();
}

/* ---- type inspection ----------------------------------------------------------------- */

/* Extra exception class names that only exist for `except` and isinstance(). */
static kn_obj *abstract_exc_construct(const kn_type *t, const kn_args *args, kn_err *err);
static const kn_type abstract_exc[] = {
    {.name = "BaseException", .qualname = "BaseException", .construct = abstract_exc_construct},
};
#define N_ABSTRACT_EXC (sizeof(abstract_exc) / sizeof(abstract_exc[0]))

static kn_obj *abstract_exc_construct(const kn_type *t, const kn_args *args, kn_err *err) {
    const kn_type *e = kn__exc_type(TC_EXC_EXCEPTION);
    return e->construct(e, args, err);
}

bool kn__exc_type_any(const kn_type *t) {
    if (kn__exc_type_kind(t, NULL)) return true;
    return t >= abstract_exc && t < abstract_exc + N_ABSTRACT_EXC;
}

static kn_obj *bi_isinstance(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"obj", "class_or_tuple"};
    kn_obj *a[2];
    if (KN__BIND(args, "isinstance", names, 2, a, err) < 0) return NULL;
    int r = kn_isinstance(a[0], a[1], err);
    return r < 0 ? NULL : kn_bool_new(r);
}

static kn_obj *bi_issubclass(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"cls", "class_or_tuple"};
    kn_obj *a[2];
    if (KN__BIND(args, "issubclass", names, 2, a, err) < 0) return NULL;
    int r = kn_issubclass(a[0], a[1], err);
    return r < 0 ? NULL : kn_bool_new(r);
}

static kn_obj *bi_len(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"obj"};
    kn_obj *a[1];
    if (KN__BIND(args, "len", names, 1, a, err) < 0) return NULL;
    int64_t n = kn_len(a[0], err);
    return n < 0 ? NULL : kn_int_new(n);
}

static kn_obj *bi_repr(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"obj"};
    kn_obj *a[1];
    if (KN__BIND(args, "repr", names, 1, a, err) < 0) return NULL;
    return kn_repr(a[0], err);
}

static kn_obj *bi_ascii(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"obj"};
    kn_obj *a[1];
    if (KN__BIND(args, "ascii", names, 1, a, err) < 0) return NULL;
    return kn_ascii(a[0], err);
}

static kn_obj *bi_format(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"value", "format_spec"};
    kn_obj *a[2];
    if (KN__BIND(args, "format", names, 1, a, err) < 0) return NULL;
    if (a[1] && !kn_is(a[1], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "format() argument 2 must be str, not %s",
                     kn_type_name(a[1]));
        return NULL;
    }
    return kn_format_value(a[0], a[1] ? kn_str_cstr(a[1]) : "", err);
}

static kn_obj *bi_id(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"obj"};
    kn_obj *a[1];
    if (KN__BIND(args, "id", names, 1, a, err) < 0) return NULL;
    return kn_int_new((int64_t)(uintptr_t)a[0]);
}

static kn_obj *bi_hash(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"obj"};
    kn_obj *a[1];
    if (KN__BIND(args, "hash", names, 1, a, err) < 0) return NULL;
    int64_t h;
    return kn_hash(a[0], &h, err) < 0 ? NULL : kn_int_new(h);
}

static kn_obj *bi_callable(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"obj"};
    kn_obj *a[1];
    if (KN__BIND(args, "callable", names, 1, a, err) < 0) return NULL;
    return kn_bool_new(a[0]->type->call != NULL);
}

/* ---- attributes ---------------------------------------------------------------------- */

static int attr_name(kn_obj *name, const char *fname, kn_err *err) {
    if (kn_is(name, &kn_type_str)) return 0;
    return tc_error_set(err, TC_EXC_TYPE, "attribute name must be string, not '%s'",
                        kn_type_name(name));
}

static kn_obj *bi_getattr(kn_obj *self, const kn_args *args, kn_err *err) {
    if (args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "getattr() takes no keyword arguments");
        return NULL;
    }
    if (args->npos < 2 || args->npos > 3) {
        tc_error_set(err, TC_EXC_TYPE, "getattr expected at %s arguments, got %d",
                     args->npos < 2 ? "least 2" : "most 3", args->npos);
        return NULL;
    }
    if (attr_name(args->pos[1], "getattr", err) < 0) return NULL;
    kn_err local;
    tc_error_init(&local);
    kn_obj *r = kn_getattr(args->pos[0], kn_str_cstr(args->pos[1]), &local);
    if (r) return r;
    if (args->npos == 3 && local.type == TC_EXC_ATTRIBUTE) return kn_incref(args->pos[2]);
    if (err && !tc_error_is_set(err)) *err = local;
    return NULL;
}

static kn_obj *bi_setattr(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"obj", "name", "value"};
    kn_obj *a[3];
    if (KN__BIND(args, "setattr", names, 3, a, err) < 0) return NULL;
    if (attr_name(a[1], "setattr", err) < 0) return NULL;
    if (kn_setattr(a[0], kn_str_cstr(a[1]), a[2], err) < 0) return NULL;
    return kn_none_new();
}

static kn_obj *bi_delattr(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"obj", "name"};
    kn_obj *a[2];
    if (KN__BIND(args, "delattr", names, 2, a, err) < 0) return NULL;
    if (attr_name(a[1], "delattr", err) < 0) return NULL;
    if (kn_setattr(a[0], kn_str_cstr(a[1]), NULL, err) < 0) return NULL;
    return kn_none_new();
}

static kn_obj *bi_hasattr(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"obj", "name"};
    kn_obj *a[2];
    if (KN__BIND(args, "hasattr", names, 2, a, err) < 0) return NULL;
    if (attr_name(a[1], "hasattr", err) < 0) return NULL;
    kn_err local;
    tc_error_init(&local);
    kn_obj *r = kn_getattr(a[0], kn_str_cstr(a[1]), &local);
    if (r) {
        kn_decref(r);
        return kn_bool_new(true);
    }
    if (local.type == TC_EXC_ATTRIBUTE) return kn_bool_new(false);
    if (err && !tc_error_is_set(err)) *err = local;
    return NULL;
}

/* ---- numbers ------------------------------------------------------------------------- */

/* Call a zero-argument method of a foreign object when it has one (abs, round ...). */
static kn_obj *call_method(kn_obj *o, const char *name, kn_obj *const *pos, int npos, kn_err *err) {
    kn_obj *m = o->type->getattr ? o->type->getattr(o, name, NULL) : NULL;
    if (!m) return NULL;
    kn_obj *r = kn_call_simple(m, pos, npos, err);
    kn_decref(m);
    return r ? r : kn_notimpl();
}

static kn_obj *bi_abs(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"x"};
    kn_obj *a[1];
    if (KN__BIND(args, "abs", names, 1, a, err) < 0) return NULL;
    kn_obj *x = a[0];
    if (kn_is(x, &kn_type_bool)) return kn_int_new(kn_int_value(x));
    if (kn__is_int(x)) return kn__int_abs(x, err);
    if (kn_is(x, &kn_type_float)) return kn_float_new(fabs(kn_float_value(x)));
    kn_obj *r = call_method(x, "__abs__", NULL, 0, err);
    if (!r) r = call_method(x, "abs", NULL, 0, err);
    if (r == kn_notimpl()) return NULL;
    if (r) return r;
    tc_error_set(err, TC_EXC_TYPE, "bad operand type for abs(): '%s'", kn_type_name(x));
    return NULL;
}

static kn_obj *bi_divmod(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"x", "y"};
    kn_obj *a[2];
    if (KN__BIND(args, "divmod", names, 2, a, err) < 0) return NULL;
    if (kn_is(a[0], &kn_type_float) || kn_is(a[1], &kn_type_float)) {
        if (kn__is_number(a[0]) && kn__is_number(a[1])) {
            double x, y, q, m;
            if (kn_to_double(a[0], &x, err) < 0 || kn_to_double(a[1], &y, err) < 0)
                return NULL; /* an int too large for a float */
            if (y == 0) {
                tc_error_set(err, TC_EXC_ZERO_DIVISION, "float divmod()");
                return NULL;
            }
            kn__float_divmod(x, y, &q, &m);
            kn_obj *t = kn_tuple_new(2);
            kn_tuple_set(t, 0, kn_float_new(q));
            kn_tuple_set(t, 1, kn_float_new(m));
            return t;
        }
    }
    if (kn__is_int(a[0]) && kn__is_int(a[1]) && kn_int_value(a[1]) == 0) {
        tc_error_set(err, TC_EXC_ZERO_DIVISION, "integer division or modulo by zero");
        return NULL;
    }
    kn_obj *q = kn_binary(KN_BINOP_FLOORDIV, a[0], a[1], err);
    if (!q) {
        if (err && err->type == TC_EXC_TYPE) {
            tc_error_clear(err);
            tc_error_set(err, TC_EXC_TYPE,
                         "unsupported operand type(s) for divmod(): '%s' and '%s'",
                         kn_type_name(a[0]), kn_type_name(a[1]));
        }
        return NULL;
    }
    kn_obj *m = kn_binary(KN_BINOP_MOD, a[0], a[1], err);
    if (!m) {
        kn_decref(q);
        return NULL;
    }
    kn_obj *t = kn_tuple_new(2);
    kn_tuple_set(t, 0, q);
    kn_tuple_set(t, 1, m);
    return t;
}

static int64_t mulmod(int64_t a, int64_t b, int64_t m) {
    __int128 r = ((__int128)a * b) % m;
    if (r < 0) r += m;
    return (int64_t)r;
}

static kn_obj *pow_mod(int64_t b, int64_t e, int64_t m, kn_err *err) {
    if (m == 0) {
        tc_error_set(err, TC_EXC_VALUE, "pow() 3rd argument cannot be 0");
        return NULL;
    }
    int64_t am = m < 0 ? -m : m;
    int64_t base = ((b % am) + am) % am;
    if (e < 0) {
        /* modular inverse by extended Euclid */
        int64_t t = 0, nt = 1, r = am, nr = base;
        while (nr) {
            int64_t q = r / nr, tmp;
            tmp = t - q * nt, t = nt, nt = tmp;
            tmp = r - q * nr, r = nr, nr = tmp;
        }
        if (r != 1) {
            tc_error_set(err, TC_EXC_VALUE, "base is not invertible for the given modulus");
            return NULL;
        }
        base = ((t % am) + am) % am;
        e = -e;
    }
    int64_t r = am == 1 ? 0 : 1;
    while (e > 0) {
        if (e & 1) r = mulmod(r, base, am);
        base = mulmod(base, base, am);
        e >>= 1;
    }
    if (m < 0 && r != 0) r += m;
    return kn_int_new(r);
}

static kn_obj *bi_pow(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"base", "exp", "mod"};
    kn_obj *a[3];
    if (KN__BIND(args, "pow", names, 2, a, err) < 0) return NULL;
    if (!a[2] || a[2] == kn_none()) return kn_binary(KN_BINOP_POW, a[0], a[1], err);
    if (!kn__is_int(a[0]) || !kn__is_int(a[1]) || !kn__is_int(a[2])) {
        tc_error_set(err, TC_EXC_TYPE,
                     "pow() 3rd argument not allowed unless all arguments are integers");
        return NULL;
    }
    if (kn__int_is_big(a[0]) || kn__int_is_big(a[1]) || kn__int_is_big(a[2]) ||
        kn_int_value(a[1]) == INT64_MIN || kn_int_value(a[2]) == INT64_MIN)
        return kn__int_powmod(a[0], a[1], a[2], err);
    return pow_mod(kn_int_value(a[0]), kn_int_value(a[1]), kn_int_value(a[2]), err);
}

static int64_t pow10i(int k) {
    int64_t p = 1;
    while (k-- > 0)
        p *= 10;
    return p;
}

/* Round an int to a multiple of 10**-nd (nd < 0), half to even: with x = base + r,
 * 0 <= r < q, the result is base or base + q. */
static kn_obj *round_int(kn_obj *x, int64_t nd, kn_err *err) {
    if (nd >= 0 || kn__int_sign(x) == 0) return kn__int_of_obj(x, err);
    if ((double)-nd > (double)kn__int_bit_length(x) * 0.30103 + 2) return kn_int_new(0);
    kn_obj *ten = kn_int_new(10), *e = kn_int_new(-nd);
    kn_obj *q = ten && e ? kn_binary(KN_BINOP_POW, ten, e, err) : NULL;
    kn_decref(ten);
    kn_decref(e);
    if (!q) return NULL;
    kn_obj *r = NULL, *k = NULL, *res = NULL;
    if (kn__int_divmod(x, q, &k, &r, err) < 0) goto done;
    kn_obj *r2 = kn_binary(KN_BINOP_ADD, r, r, err);
    if (!r2) goto done;
    int c = kn__int_compare(r2, q);
    kn_decref(r2);
    if (c > 0 || (c == 0 && (kn_int_value(k) & 1))) { /* big k: parity from its low bit */
        kn_obj *one = kn_int_new(1), *k1 = kn_binary(KN_BINOP_ADD, k, one, err);
        kn_decref(one);
        kn_decref(k);
        k = k1;
        if (!k) goto done;
    }
    res = kn_binary(KN_BINOP_MUL, k, q, err);
done:
    kn_decref(q);
    kn_decref(r);
    kn_decref(k);
    return res;
}

static double round_double(double x, int64_t nd) {
    if (!isfinite(x) || x == 0) return x;
    if (nd > 323) return x;
    if (nd >= 0) {
        char buf[400];
        snprintf(buf, sizeof buf, "%.*f", (int)nd, x);
        return strtod(buf, NULL);
    }
    if (nd < -308) return copysign(0.0, x);
    double a = fabs(x);
    if (a < 9.2e18 && nd >= -18) {
        int64_t ip = (int64_t)a;
        double frac = a - (double)ip;
        uint64_t q = (uint64_t)pow10i((int)-nd), r = (uint64_t)ip % q, base = (uint64_t)ip - r;
        if (r * 2 > q || (r * 2 == q && (frac > 0 || (base / q) % 2 == 1))) base += q;
        return copysign((double)base, x);
    }
    /* |x| >= 2**63 is an integer whose exact decimal digits printf gives: round those
     * half to even at the 10**-nd place, as CPython's correctly rounded dtoa does. */
    char buf[400];
    int len = snprintf(buf, sizeof buf, "%.0f", a);
    int keep = len + (int)nd; /* digits that stay */
    if (keep < 0) return copysign(0.0, x);
    bool up;
    if (keep == 0) {
        up = buf[0] > '5' || (buf[0] == '5' && strspn(buf + 1, "0") < strlen(buf + 1));
    } else {
        char d = buf[keep];
        bool rest = strspn(buf + keep + 1, "0") < strlen(buf + keep + 1);
        up = d > '5' || (d == '5' && (rest || (buf[keep - 1] - '0') % 2 == 1));
    }
    char out[420];
    out[0] = '0';
    memcpy(out + 1, buf, (size_t)keep);
    for (int i = keep; up && i >= 0; i--) { /* add one in the last kept place */
        up = out[i] == '9';
        out[i] = up ? '0' : (char)(out[i] + 1);
    }
    snprintf(out + keep + 1, sizeof out - (size_t)keep - 1, "e%d", len - keep);
    return copysign(strtod(out, NULL), x);
}

static kn_obj *bi_round(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"number", "ndigits"};
    kn_obj *a[2];
    if (KN__BIND(args, "round", names, 1, a, err) < 0) return NULL;
    kn_obj *x = a[0], *nd = a[1] == kn_none() ? NULL : a[1];
    int64_t n = 0;
    if (nd && kn__is_int(nd))
        n = kn_int_value(nd); /* beyond int64: saturated, which rounds as CPython does */
    else if (nd && kn_to_int64(nd, &n, err) < 0)
        return NULL;
    if (kn__is_int(x)) return round_int(x, nd ? n : 0, err);
    if (kn_is(x, &kn_type_float)) {
        double v = kn_float_value(x);
        if (nd) return kn_float_new(round_double(v, n));
        if (isnan(v)) {
            tc_error_set(err, TC_EXC_VALUE, "cannot convert float NaN to integer");
            return NULL;
        }
        if (isinf(v)) {
            tc_error_set(err, TC_EXC_OVERFLOW, "cannot convert float infinity to integer");
            return NULL;
        }
        return kn__int_from_double(nearbyint(v), err);
    }
    kn_obj *m = x->type->getattr ? x->type->getattr(x, "round", NULL) : NULL;
    if (m) {
        const char *kw[] = {"decimals"};
        kn_args ca = {.kwnames = kw, .kwvals = &nd, .nkw = nd ? 1 : 0};
        kn_obj *r = kn_call(m, &ca, err);
        kn_decref(m);
        return r;
    }
    tc_error_set(err, TC_EXC_TYPE, "type %s doesn't define __round__ method", kn_type_name(x));
    return NULL;
}

static kn_obj *int_to_base(kn_obj *self, const kn_args *args, const char *fname, int base,
                           kn_err *err) {
    static const char *names[] = {"number"};
    kn_obj *a[1];
    if (KN__BIND(args, fname, names, 1, a, err) < 0) return NULL;
    if (kn__is_int(a[0])) return kn__int_to_str(a[0], base, err);
    int64_t v;
    if (kn_to_int64(a[0], &v, err) < 0) return NULL;
    kn_obj *i = kn_int_new(v);
    kn_obj *r = kn_format_value(i, base == 16 ? "#x" : base == 8 ? "#o" : "#b", err);
    kn_decref(i);
    return r;
}
static kn_obj *bi_hex(kn_obj *self, const kn_args *args, kn_err *err) {
    return int_to_base(self, args, "hex", 16, err);
}
static kn_obj *bi_oct(kn_obj *self, const kn_args *args, kn_err *err) {
    return int_to_base(self, args, "oct", 8, err);
}
static kn_obj *bi_bin(kn_obj *self, const kn_args *args, kn_err *err) {
    return int_to_base(self, args, "bin", 2, err);
}

static kn_obj *bi_ord(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"c"};
    kn_obj *a[1];
    if (KN__BIND(args, "ord", names, 1, a, err) < 0) return NULL;
    if (kn_is(a[0], &kn_type_bytes) && kn_bytes_len(a[0]) == 1)
        return kn_int_new((unsigned char)kn_bytes_data(a[0])[0]);
    if (kn_is(a[0], &kn_type_bytes)) {
        tc_error_set(err, TC_EXC_TYPE, "ord() expected a character, but string of length %zu found",
                     kn_bytes_len(a[0]));
        return NULL;
    }
    if (!kn_is(a[0], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "ord() expected string of length 1, but %s found",
                     kn_type_name(a[0]));
        return NULL;
    }
    kn_strobj *s = (kn_strobj *)a[0];
    if (s->ncp != 1) {
        tc_error_set(err, TC_EXC_TYPE,
                     "ord() expected a character, but string of length %lld found",
                     (long long)s->ncp);
        return NULL;
    }
    size_t len;
    return kn_int_new(kn__utf8_decode((const unsigned char *)s->s, s->n, &len));
}

static kn_obj *bi_chr(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"i"};
    kn_obj *a[1];
    if (KN__BIND(args, "chr", names, 1, a, err) < 0) return NULL;
    if (kn__is_int(a[0]) && kn__int_is_big(a[0])) {
        tc_error_set(err, TC_EXC_OVERFLOW, "Python int too large to convert to C int");
        return NULL;
    }
    int64_t v;
    if (kn_to_int64(a[0], &v, err) < 0) return NULL;
    if (v < 0 || v > 0x10ffff) {
        tc_error_set(err, TC_EXC_VALUE, "chr() arg not in range(0x110000)");
        return NULL;
    }
    kn_obj *i = kn_int_new(v);
    kn_obj *r = kn_format_value(i, "c", err);
    kn_decref(i);
    return r;
}

/* ---- iteration ----------------------------------------------------------------------- */

/* iter(callable, sentinel): calls callable until it returns a value equal to sentinel. */
typedef struct calliter {
    kn_obj base;
    kn_obj *fn, *sentinel; /* NULL once exhausted */
} calliter;

static void calliter_dealloc(kn_obj *self) {
    calliter *c = (calliter *)self;
    kn_decref(c->fn);
    kn_decref(c->sentinel);
}

static kn_obj *calliter_iter(kn_obj *self, kn_err *err) {
    return kn_incref(self);
}

static kn_obj *calliter_next(kn_obj *self, kn_err *err) {
    calliter *c = (calliter *)self;
    if (!c->fn) return NULL;
    kn_obj *v = kn_call_simple(c->fn, NULL, 0, err);
    if (!v) {
        if (err->type == TC_EXC_STOP_ITERATION) tc_error_clear(err);
        return NULL;
    }
    kn_obj *eq = kn_compare(KN_CMP_EQ, v, c->sentinel, err);
    int t = eq ? kn_truth(eq, err) : -1;
    kn_decref(eq);
    if (t != 0) {
        kn_decref(v);
        if (t > 0) { /* exhausted for good, as CPython drops the callable */
            kn_decref(c->fn);
            kn_decref(c->sentinel);
            c->fn = c->sentinel = NULL;
        }
        return NULL;
    }
    return v;
}

static const kn_type type_calliter = {
    .name = "callable_iterator",
    .qualname = "callable_iterator",
    .dealloc = calliter_dealloc,
    .iter = calliter_iter,
    .next = calliter_next,
};

static kn_obj *bi_iter(kn_obj *self, const kn_args *args, kn_err *err) {
    if (args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "iter() takes no keyword arguments");
        return NULL;
    }
    if (args->npos < 1 || args->npos > 2) {
        tc_error_set(err, TC_EXC_TYPE, "iter expected %s, got %d",
                     args->npos < 1 ? "at least 1 argument" : "at most 2 arguments", args->npos);
        return NULL;
    }
    if (args->npos == 1) return kn_iter(args->pos[0], err);
    if (!args->pos[0]->type->call) {
        tc_error_set(err, TC_EXC_TYPE, "iter(v, w): v must be callable");
        return NULL;
    }
    calliter *c = (calliter *)kn_obj_alloc(&type_calliter, sizeof *c, err);
    if (!c) return NULL;
    c->fn = kn_incref(args->pos[0]);
    c->sentinel = kn_incref(args->pos[1]);
    return &c->base;
}

static kn_obj *bi_next(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"iterator", "default"};
    kn_obj *a[2];
    if (KN__BIND(args, "next", names, 1, a, err) < 0) return NULL;
    if (!a[0]->type->next) {
        tc_error_set(err, TC_EXC_TYPE, "'%s' object is not an iterator", kn_type_name(a[0]));
        return NULL;
    }
    kn_obj *ret;
    kn_obj *r = kn_next_ret(a[0], &ret, err);
    if (r || tc_error_is_set(err)) return r;
    if (a[1]) {
        kn_decref(ret);
        return kn_incref(a[1]);
    }
    kn_stop_iteration(ret, err);
    kn_decref(ret);
    return NULL;
}

/* Extreme of an iterable or of the arguments, by '>' (max) or '<' (min). */
static kn_obj *extreme(const kn_args *args, const char *fname, kn_cmpop op, kn_err *err) {
    kn_obj *key = NULL, *dflt = NULL;
    for (int i = 0; i < args->nkw; i++) {
        if (strcmp(args->kwnames[i], "key") == 0)
            key = args->kwvals[i];
        else if (strcmp(args->kwnames[i], "default") == 0)
            dflt = args->kwvals[i];
        else {
            tc_error_set(err, TC_EXC_TYPE, "'%s' is an invalid keyword argument for %s()",
                         args->kwnames[i], fname);
            return NULL;
        }
    }
    if (args->npos == 0) {
        tc_error_set(err, TC_EXC_TYPE, "%s expected at least 1 argument, got 0", fname);
        return NULL;
    }
    if (args->npos > 1 && dflt) {
        tc_error_set(err, TC_EXC_TYPE,
                     "Cannot specify a default for %s() with multiple positional arguments", fname);
        return NULL;
    }
    /* one pass over the iterable, as CPython: max(range(10**11)) needs no list of it, and
     * kn_next polls the interrupt flag */
    kn_obj *iter = args->npos == 1 ? kn_iter(args->pos[0], err) : NULL;
    if (args->npos == 1 && !iter) return NULL;
    kn_obj *best = NULL, *bestkey = NULL;
    for (int i = 0;; i++) {
        kn_obj *x = iter ? kn_next(iter, err) : i < args->npos ? kn_incref(args->pos[i]) : NULL;
        if (!x) break;
        kn_obj *k = kn__apply_key(key, x, err);
        if (!k) {
            kn_decref(x);
            break;
        }
        int64_t ki, bi;
        int t = !best ? 1
                : kn_int_small(k, &ki) && kn_int_small(bestkey, &bi) /* no dispatch for ints */
                    ? (op == KN_CMP_GT ? ki > bi : ki < bi)
                    : kn__truth_steal(kn_compare(op, k, bestkey, err), err);
        if (t > 0) {
            kn_decref(best);
            kn_decref(bestkey);
            best = x;
            bestkey = k;
        } else {
            kn_decref(x);
            kn_decref(k);
        }
        if (t < 0) break;
    }
    kn_decref(iter);
    kn_decref(bestkey);
    if (tc_error_is_set(err)) {
        kn_decref(best);
        return NULL;
    }
    kn_obj *r = best ? best : dflt ? kn_incref(dflt) : NULL;
    if (!r) tc_error_set(err, TC_EXC_VALUE, "%s() arg is an empty sequence", fname);
    return r;
}

static kn_obj *bi_max(kn_obj *self, const kn_args *args, kn_err *err) {
    return extreme(args, "max", KN_CMP_GT, err);
}
static kn_obj *bi_min(kn_obj *self, const kn_args *args, kn_err *err) {
    return extreme(args, "min", KN_CMP_LT, err);
}

static kn_obj *bi_sum(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"iterable", "start"};
    kn_obj *a[2];
    if (KN__BIND(args, "sum", names, 1, a, err) < 0) return NULL;
    if (a[1] && kn_is(a[1], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "sum() can't sum strings [use ''.join(seq) instead]");
        return NULL;
    }
    kn_obj *it = kn_iter(a[0], err);
    if (!it) return NULL;
    /* CPython 3.11's fast paths: an int total stays a C integer while the items are ints
     * and it does not overflow, a float total a C double while they are floats or ints
     * (plain addition, as 3.11); anything else adds objects and the total's kind decides
     * again. acc is NULL while the total lives in ia or fa. */
    kn_obj *acc = a[1] ? kn_incref(a[1]) : kn_int_new(0), *x;
    enum { OBJ, INT, FLT } mode = OBJ;
    int64_t ia = 0, v;
    double fa = 0;
    while (acc || mode != OBJ) {
        if (acc && kn_int_small(acc, &ia)) {
            mode = INT;
        } else if (acc && kn_is(acc, &kn_type_float)) {
            mode = FLT;
            fa = kn_float_value(acc);
        }
        if (mode != OBJ) {
            kn_decref(acc);
            acc = NULL;
        }
        if (!(x = kn_next(it, err))) break;
        int64_t t;
        if (mode == INT && kn_int_small(x, &v) && !__builtin_add_overflow(ia, v, &t)) {
            ia = t;
            kn_decref(x);
            continue;
        }
        if (mode == FLT && (kn_is(x, &kn_type_float) || kn_int_small(x, &v))) {
            fa += kn_is(x, &kn_type_float) ? kn_float_value(x) : (double)v;
            kn_decref(x);
            continue;
        }
        if (mode != OBJ) acc = mode == INT ? kn_int_new(ia) : kn_float_new(fa);
        mode = OBJ;
        kn_obj *s = acc ? kn_binary(KN_BINOP_ADD, acc, x, err) : NULL;
        if (!acc) kn_nomem(err);
        kn_decref(x);
        kn_decref(acc);
        acc = s;
    }
    if (!acc && mode != OBJ && !tc_error_is_set(err) &&
        !(acc = mode == INT ? kn_int_new(ia) : kn_float_new(fa)))
        kn_nomem(err);
    kn_decref(it);
    if (tc_error_is_set(err)) {
        kn_decref(acc);
        return NULL;
    }
    return acc;
}

static kn_obj *truth_scan(const kn_args *args, const char *fname, bool want, kn_err *err) {
    static const char *names[] = {"iterable"};
    kn_obj *a[1];
    if (KN__BIND(args, fname, names, 1, a, err) < 0) return NULL;
    kn_obj *it = kn_iter(a[0], err), *x;
    if (!it) return NULL;
    bool found = false;
    while (!found && (x = kn_next(it, err)) != NULL) {
        int t = kn_truth(x, err);
        kn_decref(x);
        if (t < 0) break;
        found = (t == 1) == want;
    }
    kn_decref(it);
    if (tc_error_is_set(err)) return NULL;
    return kn_bool_new(want ? found : !found);
}
static kn_obj *bi_any(kn_obj *self, const kn_args *args, kn_err *err) {
    return truth_scan(args, "any", true, err);
}
static kn_obj *bi_all(kn_obj *self, const kn_args *args, kn_err *err) {
    return truth_scan(args, "all", false, err);
}

static kn_obj *bi_sorted(kn_obj *self, const kn_args *args, kn_err *err) {
    if (args->npos != 1) {
        tc_error_set(err, TC_EXC_TYPE, "sorted expected 1 argument, got %d", args->npos);
        return NULL;
    }
    kn_obj *key;
    bool reverse;
    if (kn__sort_kwargs(args, true, &key, &reverse, err) < 0) return NULL;
    kn_obj *l = kn__list_from_iter(args->pos[0], err);
    if (!l) return NULL;
    if (kn__list_sort(l, key, reverse, err) < 0) {
        kn_decref(l);
        return NULL;
    }
    return l;
}

/* ---- notebook I/O -------------------------------------------------------------------- */

static kn_obj *bi_input(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"prompt"};
    kn_obj *a[1];
    if (KN__BIND(args, "input", names, 0, a, err) < 0) return NULL;
    kn_obj *p = a[0] ? kn_str(a[0], err) : kn_str_new("", 0);
    if (!p) return NULL;
    kn_obj *r = kn_rt_input(kn_str_cstr(p), false, err);
    kn_decref(p);
    return r;
}

static kn_obj *bi_display(kn_obj *self, const kn_args *args, kn_err *err) {
    kn_args opts = {.kwnames = args->kwnames, .kwvals = args->kwvals, .nkw = args->nkw};
    for (int i = 0; i < args->npos; i++) {
        kn_obj *o = args->pos[i];
        json_t *b =
            o->type->mimebundle ? o->type->mimebundle(o, &opts, err) : kn_mimebundle(o, err);
        if (!b) return NULL;
        kn_rt_display(b);
    }
    return kn_none_new();
}

/* exit and quit, as ipykernel's ZMQExitAutocall: calling one asks the front end to close
 * (an ask_exit payload on the cell's reply; jupyter console exits, notebooks ignore it). A
 * cell that is only `exit` calls it too (kernel/lang/interp.c). */
static kn_obj *exiter_repr(kn_obj *self, kn_err *err) {
    return kn_str_printf("<IPython.core.autocall.ZMQExitAutocall object at %p>", (void *)self);
}

static kn_obj *exiter_call(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"keep_kernel"};
    kn_obj *a[1];
    if (KN__BIND(args, "__call__", names, 0, a, err) < 0) return NULL;
    json_t *keep;
    if (!a[0] || kn_is(a[0], &kn_type_bool))
        keep = json_boolean(a[0] && kn_int_value(a[0]));
    else if (kn_is(a[0], &kn_type_int))
        keep = json_integer(kn_int_value(a[0]));
    else {
        int t = kn_truth(a[0], err);
        if (t < 0) return NULL;
        keep = json_boolean(t);
    }
    json_t *p = json_pack("{s:s, s:o}", "source", "ask_exit", "keepkernel", keep);
    if (!p) return kn_nomem(err), NULL;
    kn_rt_payload(p);
    return kn_none_new();
}

/* As an execute_result IPython's pretty printer shows it without "object". */
static json_t *exiter_mimebundle(kn_obj *self, const kn_args *opts, kn_err *err) {
    char text[96];
    snprintf(text, sizeof text, "<IPython.core.autocall.ZMQExitAutocall at %p>", (void *)self);
    json_t *b = json_pack("{s:s}", "text/plain", text);
    if (!b) kn_nomem(err);
    return b;
}

static const kn_type type_exiter = {
    .name = "ZMQExitAutocall",
    .qualname = "ZMQExitAutocall",
    .doc = "Exit IPython. Autocallable, so it needn't be explicitly called.\n\n"
           "Parameters\n----------\nkeep_kernel : bool\n  If True, leave the kernel alive.\n"
           "  Otherwise, tell the kernel to exit too (default).",
    .repr = exiter_repr,
    .call = exiter_call,
    .mimebundle = exiter_mimebundle,
};

static kn_obj *bi_globals(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "globals", err) < 0) return NULL;
    kn_obj *g = kn_rt_globals();
    return g ? kn_incref(g) : kn_dict_new();
}

/* pydoc's indent(): every line gets the prefix; the last line is right-stripped. */
static void indent_doc(tc_strbuf *b, const char *doc, const char *pad) {
    const char *p = doc;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        size_t start = b->len;
        tc_strbuf_puts(b, pad);
        tc_strbuf_append(b, p, n);
        if (!nl) {
            while (b->len > start && b->data[b->len - 1] == ' ')
                b->data[--b->len] = 0;
            tc_strbuf_putc(b, '\n');
            return;
        }
        tc_strbuf_putc(b, '\n');
        p = nl + 1;
    }
}

/* inspect.cleandoc: drop the common indentation of the lines after the first and the
 * leading/trailing blank lines. Returns a string from tc_malloc. */
static char *cleandoc(const char *doc) {
    size_t common = SIZE_MAX;
    for (const char *p = strchr(doc, '\n'); p; p = strchr(p + 1, '\n')) {
        size_t ind = 0;
        while (p[1 + ind] == ' ')
            ind++;
        if (p[1 + ind] && p[1 + ind] != '\n' && ind < common) common = ind;
    }
    tc_strbuf b = {0};
    const char *p = doc;
    while (*p == ' ')
        p++;
    for (bool first = true; *p; first = false) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        size_t skip = first ? 0 : (common == SIZE_MAX ? 0 : common);
        if (skip > n) skip = n;
        tc_strbuf_append(&b, p + skip, n - skip);
        if (nl) tc_strbuf_putc(&b, '\n');
        p += n + (nl ? 1 : 0);
    }
    while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == ' '))
        b.data[--b.len] = 0;
    size_t lead = 0;
    while (lead < b.len && b.data[lead] == '\n')
        lead++;
    char *r = tc_strdup(b.data ? b.data + lead : "");
    tc_strbuf_free(&b);
    return r;
}

static kn_obj *attr_str(kn_obj *o, const char *name) {
    kn_obj *v = kn_getattr(o, name, NULL);
    if (v && !kn_is(v, &kn_type_str)) {
        kn_decref(v);
        return NULL;
    }
    return v;
}

static void help_text(kn_obj *o, tc_strbuf *b) {
    if (kn_is(o, &kn_type_cfunction)) {
        kn_cfuncobj *f = (kn_cfuncobj *)o;
        bool method = f->self && !kn_is(f->self, &kn_type_module);
        if (method)
            tc_strbuf_printf(b, "Help on built-in function %s:\n\n", f->name);
        else if (f->self)
            tc_strbuf_printf(b, "Help on built-in function %s in module %s:\n\n", f->name,
                           kn_str_cstr(((kn_moduleobj *)f->self)->name));
        else
            tc_strbuf_printf(b, "Help on built-in function %s in module %s:\n\n", f->name,
                           f->module ? f->module : "builtins");
        tc_strbuf_printf(b, "%s%s", f->name, *f->sig ? f->sig : "(...)");
        if (method) tc_strbuf_printf(b, " method of %s instance", kn_type_name(f->self));
        tc_strbuf_putc(b, '\n');
        indent_doc(b, f->doc, "    ");
        tc_strbuf_putc(b, '\n');
        return;
    }
    if (kn_is(o, &kn_type_type)) {
        const kn_type *t = kn_type_object_type(o);
        const char *q = t->qualname ? t->qualname : t->name, *dot = strrchr(q, '.');
        if (dot)
            tc_strbuf_printf(b, "Help on class %s in module %.*s:\n\n", t->name, (int)(dot - q), q);
        else
            tc_strbuf_printf(b, "Help on class %s in module builtins:\n\n", t->name);
        tc_strbuf_printf(b, "class %s(object)\n", t->name);
        if (t->doc) indent_doc(b, t->doc, " |  ");
        tc_strbuf_putc(b, '\n');
        return;
    }
    if (kn_is(o, &kn_type_module)) {
        kn_moduleobj *m = (kn_moduleobj *)o;
        tc_strbuf_printf(b, "Help on built-in module %s:\n\nNAME\n    %s\n\n", kn_str_cstr(m->name),
                       kn_str_cstr(m->name));
        if (kn_is(m->doc, &kn_type_str)) {
            tc_strbuf_puts(b, "DESCRIPTION\n");
            indent_doc(b, kn_str_cstr(m->doc), "    ");
            tc_strbuf_putc(b, '\n');
        }
        return;
    }
    kn_doc fn;
    if (o->type->describe && o->type->describe(o, &fn) == 0) {
        tc_strbuf_printf(b, "Help on function %s in module %s:\n\n", fn.name,
                       fn.module ? fn.module : "__main__");
        if (strcmp(fn.name, "<lambda>") == 0) {
            size_t n = strlen(fn.signature);
            tc_strbuf_printf(b, "<lambda> lambda %.*s\n", (int)(n >= 2 ? n - 2 : 0),
                           n >= 2 ? fn.signature + 1 : "");
        } else {
            tc_strbuf_printf(b, "%s%s\n", fn.name, fn.signature);
        }
        if (fn.doc) {
            char *doc = cleandoc(fn.doc);
            if (doc) indent_doc(b, doc, "    ");
            else b->failed = true;
            tc_free(doc);
        }
        tc_strbuf_putc(b, '\n');
        return;
    }
    kn_obj *name = attr_str(o, "__name__");
    kn_obj *sig = attr_str(o, "__text_signature__");
    if (!sig) sig = attr_str(o, "__signature__");
    kn_obj *doc = attr_str(o, "__doc__");
    if (name && o->type->call) {
        tc_strbuf_printf(b, "Help on function %s in module __main__:\n\n%s%s\n", kn_str_cstr(name),
                       kn_str_cstr(name), sig ? kn_str_cstr(sig) : "(...)");
        if (doc) indent_doc(b, kn_str_cstr(doc), "    ");
        tc_strbuf_putc(b, '\n');
    } else {
        tc_strbuf_printf(b, "Help on %s object:\n\n", kn_type_name(o));
        const kn_type *t = o->type;
        tc_strbuf_printf(b, "class %s(object)\n", t->name);
        if (t->doc) indent_doc(b, t->doc, " |  ");
        tc_strbuf_putc(b, '\n');
    }
    kn_decref(name);
    kn_decref(sig);
    kn_decref(doc);
}

static kn_obj *bi_help(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"request"};
    kn_obj *a[1];
    if (KN__BIND(args, "help", names, 0, a, err) < 0) return NULL;
    tc_strbuf b = {0};
    if (!a[0]) {
        tc_strbuf_puts(&b, "Type help(object) for help about object.\n");
    } else {
        help_text(a[0], &b);
    }
    kn_rt_write("stdout", b.data, b.len);
    tc_strbuf_free(&b);
    return kn_none_new();
}

/* A sorted list of the names of o's attributes (or of the globals). */
static kn_obj *dir_list(kn_obj *o, kn_err *err) {
    kn_obj *l = kn_list_new(0);
    if (!l) return kn_nomem(err), NULL;
    if (!o) {
        kn_obj *g = kn_rt_globals();
        int64_t i = 0;
        kn_obj *k, *v;
        while (g && kn_dict_next(g, &i, &k, &v))
            if (kn_list_append(l, k) < 0) goto nomem;
    } else if (o->type->dir && o->type->dir(o, l, err) < 0) {
        kn_decref(l);
        return NULL;
    }
    if (tc_alloc_failed_take()) goto nomem; /* a dir slot that lost a name */
    if (kn__list_sort(l, NULL, false, err) < 0) {
        kn_decref(l);
        return NULL;
    }
    kn_obj *out = kn_list_new(0);
    if (!out) goto nomem;
    for (int64_t i = 0; i < kn_list_len(l); i++) {
        kn_obj *x = kn_list_items(l)[i];
        int64_t n = kn_list_len(out);
        if (n && kn_equal(kn_list_items(out)[n - 1], x, NULL)) continue;
        if (kn_list_append(out, x) < 0) {
            kn_decref(out);
            goto nomem;
        }
    }
    kn_decref(l);
    return out;
nomem:
    kn_decref(l);
    kn_nomem(err);
    return NULL;
}

static kn_obj *bi_dir(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"object"};
    kn_obj *a[1];
    if (KN__BIND(args, "dir", names, 0, a, err) < 0) return NULL;
    return dir_list(a[0], err);
}

/* ---- the namespace ------------------------------------------------------------------- */

typedef struct builtin_def {
    const char *name;
    kn_cfunc fn;
    const char *sig;
    const char *doc;
} builtin_def;

static const builtin_def builtin_defs[] = {
    {"abs", bi_abs, "(x, /)", "Return the absolute value of the argument."},
    {"all", bi_all, "(iterable, /)",
     "Return True if bool(x) is True for all values x in the iterable.\n\nIf the iterable is "
     "empty, return True."},
    {"any", bi_any, "(iterable, /)",
     "Return True if bool(x) is True for any x in the iterable.\n\nIf the iterable is empty, "
     "return False."},
    {"ascii", bi_ascii, "(obj, /)",
     "Return an ASCII-only representation of an object.\n\nAs repr(), return a string "
     "containing a printable representation of an\nobject, but escape the non-ASCII characters "
     "in the string returned by\nrepr() using \\\\x, \\\\u or \\\\U escapes. This generates a "
     "string "
     "similar\nto that returned by repr() in Python 2."},
    {"bin", bi_bin, "(number, /)",
     "Return the binary representation of an integer.\n\n   >>> bin(2796202)\n   "
     "'0b1010101010101010101010'"},
    {"callable", bi_callable, "(obj, /)",
     "Return whether the object is callable (i.e., some kind of function).\n\nNote that classes "
     "are callable, as are instances of classes with a\n__call__() method."},
    {"chr", bi_chr, "(i, /)",
     "Return a Unicode string of one character with ordinal i; 0 <= i <= 0x10ffff."},
    {"dir", bi_dir, "",
     "dir([object]) -> list of strings\n\nIf called without an argument, return the names in the "
     "current scope.\nElse, return an alphabetized list of names comprising (some of) the "
     "attributes\nof the given object, and of attributes reachable from it."},
    {"display", bi_display, "(*objs, **kwargs)",
     "Display a Python object in all frontends.\n\nBy default all representations will be computed "
     "and sent to the frontends.\nKeyword options (heatmap=True, ...) are passed on to the "
     "object's rich display."},
    {"divmod", bi_divmod, "(x, y, /)",
     "Return the tuple (x//y, x%y).  Invariant: div*y + mod == x."},
    {"enumerate", kn__bi_enumerate, "(iterable, start=0)",
     "Return an enumerate object.\n\n  iterable\n    an object supporting iteration\n\nThe "
     "enumerate object yields pairs containing a count (from start, which\ndefaults to zero) and a "
     "value yielded by the iterable argument."},
    {"filter", kn__bi_filter, "(function, iterable, /)",
     "filter(function or None, iterable) --> filter object\n\nReturn an iterator yielding those "
     "items of iterable for which function(item)\nis true. If function is None, return the items "
     "that are true."},
    {"format", bi_format, "(value, format_spec='', /)",
     "Return value.__format__(format_spec)\n\nformat_spec defaults to the empty string."},
    {"getattr", bi_getattr, "",
     "getattr(object, name[, default]) -> value\n\nGet a named attribute from an object; "
     "getattr(x, 'y') is equivalent to x.y.\nWhen a default argument is given, it is returned when "
     "the attribute doesn't\nexist; without it, an exception is raised in that case."},
    {"globals", bi_globals, "()",
     "Return the dictionary containing the current scope's global variables."},
    {"delattr", bi_delattr, "(obj, name, /)",
     "Deletes the named attribute from the given object.\n\n"
     "delattr(x, 'y') is equivalent to ``del x.y``"},
    {"hasattr", bi_hasattr, "(obj, name, /)",
     "Return whether the object has an attribute with the given name.\n\nThis is done by calling "
     "getattr(obj, name) and catching AttributeError."},
    {"hash", bi_hash, "(obj, /)",
     "Return the hash value for the given object.\n\nTwo objects that compare equal must also have "
     "the same hash value, but the\nreverse is not necessarily true."},
    {"help", bi_help, "(request=None)",
     "Define the builtin 'help'.\n\nCalling help(thing) prints help for the python object "
     "'thing'."},
    {"hex", bi_hex, "(number, /)",
     "Return the hexadecimal representation of an integer.\n\n   >>> hex(12648430)\n   '0xc0ffee'"},
    {"id", bi_id, "(obj, /)",
     "Return the identity of an object.\n\nThis is guaranteed to be unique among simultaneously "
     "existing objects.\n(CPython uses the object's memory address.)"},
    {"input", bi_input, "(prompt='', /)",
     "Read a string from standard input.  The trailing newline is stripped.\n\nThe prompt string, "
     "if given, is printed to standard output without a\ntrailing newline before reading input."},
    {"isinstance", bi_isinstance, "(obj, class_or_tuple, /)",
     "Return whether an object is an instance of a class or of a subclass thereof.\n\nA tuple, as "
     "in ``isinstance(x, (A, B, ...))``, may be given as the target to\ncheck against. This is "
     "equivalent to ``isinstance(x, A) or isinstance(x, B)\nor ...`` etc."},
    {"issubclass", bi_issubclass, "(cls, class_or_tuple, /)",
     "Return whether 'cls' is derived from another class or is the same class."},
    {"iter", bi_iter, "", "iter(iterable) -> iterator\n\nGet an iterator from an object."},
    {"len", bi_len, "(obj, /)", "Return the number of items in a container."},
    {"locals", bi_globals, "()",
     "Return a dictionary containing the current scope's local variables."},
    {"map", kn__bi_map, "",
     "map(func, *iterables) --> map object\n\nMake an iterator that computes the function using "
     "arguments from\neach of the iterables.  Stops when the shortest iterable is exhausted."},
    {"max", bi_max, "",
     "max(iterable, *[, default=obj, key=func]) -> value\nmax(arg1, arg2, *args, *[, key=func]) -> "
     "value\n\nWith a single iterable argument, return its biggest item. The\ndefault keyword-only "
     "argument specifies an object to return if\nthe provided iterable is empty.\nWith two or more "
     "arguments, return the largest argument."},
    {"min", bi_min, "",
     "min(iterable, *[, default=obj, key=func]) -> value\nmin(arg1, arg2, *args, *[, key=func]) -> "
     "value\n\nWith a single iterable argument, return its smallest item. The\ndefault "
     "keyword-only argument specifies an object to return if\nthe provided iterable is "
     "empty.\nWith two or more arguments, return the smallest argument."},
    {"next", bi_next, "",
     "next(iterator[, default])\n\nReturn the next item from the iterator. If default is given and "
     "the iterator\nis exhausted, it is returned instead of raising StopIteration."},
    {"oct", bi_oct, "(number, /)",
     "Return the octal representation of an integer.\n\n   >>> oct(342391)\n   '0o1234567'"},
    {"ord", bi_ord, "(c, /)", "Return the Unicode code point for a one-character string."},
    {"pow", bi_pow, "(base, exp, mod=None)",
     "Equivalent to base**exp with 2 arguments or base**exp % mod with 3 arguments\n\nSome types, "
     "such as ints, are able to use a more efficient algorithm when\ninvoked using the three "
     "argument form."},
    {"print", bi_print, "(*args, sep=' ', end='\\n', file=None, flush=False)",
     "Prints the values to a stream, or to sys.stdout by default.\n\n  sep\n    string inserted "
     "between values, default a space.\n  end\n    string appended after the last value, default a "
     "newline.\n  file\n    a file-like object (stream); defaults to the current sys.stdout.\n  "
     "flush\n    whether to forcibly flush the stream."},
    {"repr", bi_repr, "(obj, /)",
     "Return the canonical string representation of the object.\n\nFor many object types, "
     "including most builtins, eval(repr(obj)) == obj."},
    {"reversed", kn__bi_reversed, "(sequence, /)",
     "Return a reverse iterator over the values of the given sequence."},
    {"round", bi_round, "(number, ndigits=None)",
     "Round a number to a given precision in decimal digits.\n\nThe return value is an integer if "
     "ndigits is omitted or None.  Otherwise\nthe return value has the same type as the number.  "
     "ndigits may be negative."},
    {"setattr", bi_setattr, "(obj, name, value, /)",
     "Sets the named attribute on the given object to the specified value.\n\nsetattr(x, 'y', v) "
     "is equivalent to ``x.y = v``"},
    {"sorted", bi_sorted, "(iterable, /, *, key=None, reverse=False)",
     "Return a new list containing all items from the iterable in ascending order.\n\nA custom key "
     "function can be supplied to customize the sort order, and the\nreverse flag can be set to "
     "request the result in descending order."},
    {"sum", bi_sum, "(iterable, /, start=0)",
     "Return the sum of a 'start' value (default: 0) plus an iterable of numbers\n\nWhen the "
     "iterable is empty, return the start value.\nThis function is intended specifically for use "
     "with numeric values and may\nreject non-numeric types."},
    {"zip", kn__bi_zip, "",
     "zip(*iterables, strict=False) --> Yield tuples until an input is exhausted.\n\n   >>> "
     "list(zip('abcdefg', range(3), range(4)))\n   [('a', 0, 0), ('b', 1, 1), ('c', 2, 2)]"},
    {NULL, NULL, NULL, NULL},
};

static const kn_type *const builtin_types[] = {
    &kn_type_int,   &kn_type_float,       &kn_type_bool, &kn_type_str,
    &kn_type_list,  &kn_type_tuple,       &kn_type_dict, &kn_type_range,
    &kn_type_slice, &kn__type_objectbase, &kn_type_type, &kn_type_property,
    &kn_type_staticmethod, &kn_type_classmethod, &kn_type_super,
    &kn_type_set,   &kn_type_frozenset,   &kn_type_bytes, &kn_type_complex,
    &kn_type_bytearray,
};

kn_obj *kn_builtins_new(kn_err *err) {
    if (kn__class_builtins_init() < 0) {
        kn_nomem(err);
        return NULL;
    }
    kn__bytes_register();
    kn__float_register();
    kn_obj *d = kn_dict_new();
    for (const builtin_def *b = builtin_defs; b->name; b++) {
        kn_obj *f = kn_cfunction_new(b->name, b->fn, NULL, b->sig, b->doc);
        kn_dict_set_str(d, b->name, f);
        kn_decref(f);
    }
    for (size_t i = 0; i < sizeof builtin_types / sizeof builtin_types[0]; i++)
        kn_dict_set_str(d, builtin_types[i]->name, kn_type_object(builtin_types[i]));
    for (int k = TC_EXC_NONE + 1; k < TC_EXC_COUNT; k++)
        /* pickle.UnpicklingError (torch.load's) and torch's _LinAlgError are no builtins */
        if (k != TC_EXC_UNPICKLING && k != TC_EXC_LINALG && k != TC_EXC_UNSUPPORTED_OPERATION)
            kn_dict_set_str(d, tc_exc_name((tc_exc)k), kn_type_object(kn__exc_type((tc_exc)k)));
    for (size_t i = 0; i < N_ABSTRACT_EXC; i++)
        kn_dict_set_str(d, abstract_exc[i].name, kn_type_object(&abstract_exc[i]));
    kn_dict_set_str(d, "IOError", kn_type_object(kn__exc_type(TC_EXC_OS)));
    kn_dict_set_str(d, "EnvironmentError", kn_type_object(kn__exc_type(TC_EXC_OS)));
    for (int i = 0; i < 2; i++) {
        kn_obj *ex = kn_obj_alloc(&type_exiter, sizeof(kn_obj), err);
        if (ex) kn_dict_set_str(d, i ? "quit" : "exit", ex);
        kn_decref(ex);
    }
    kn_obj *open = kn__builtin_open();
    if (open) kn_dict_set_str(d, "open", open);
    kn_decref(open);
    kn_dict_set_str(d, "NotImplemented", kn_notimpl());
    kn_dict_set_str(d, "Ellipsis", kn_ellipsis());
    return d;
}
