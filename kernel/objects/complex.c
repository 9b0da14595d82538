/*
 * complex: a pair of doubles with CPython 3.11's arithmetic (an int or float operand is
 * converted to complex first, Smith's division, the integer-exponent fast path of **), repr
 * ("1j", "(1+2j)", "(-0-1j)", "(nan+infj)"), hash and constructor (numbers and strings such
 * as "1+2j", " (3-4J) ").
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <strings.h>

#include "kernel/objects/objects-impl.h"

typedef struct kn_complexobj {
    kn_obj base;
    double real, imag;
} kn_complexobj;

typedef struct cval {
    double real, imag;
} cval;

#define C(o) ((kn_complexobj *)(o))

kn_obj *kn_complex_new(double real, double imag) {
    kn_complexobj *c = (kn_complexobj *)kn_obj_alloc(&kn_type_complex, sizeof *c, NULL);
    if (!c) return NULL;
    c->real = real;
    c->imag = imag;
    return &c->base;
}

bool kn_complex_parts(const kn_obj *o, double *re, double *im) {
    if (!o || !kn_is(o, &kn_type_complex)) return false;
    *re = C(o)->real;
    *im = C(o)->imag;
    return true;
}

static kn_obj *cnew(cval v) {
    return kn_complex_new(v.real, v.imag);
}

/* An operand as complex: 1 converted, 0 not a number (NotImplemented), -1 error. */
static int to_complex(kn_obj *o, cval *out, kn_err *err) {
    if (kn_is(o, &kn_type_complex)) {
        *out = (cval){C(o)->real, C(o)->imag};
        return 1;
    }
    if (!kn__is_number(o)) return 0;
    out->imag = 0.0;
    return kn_to_double(o, &out->real, err) < 0 ? -1 : 1;
}

/* ---- arithmetic (CPython's _Py_c_* functions) ---------------------------------------- */

static cval c_prod(cval a, cval b) {
    return (cval){a.real * b.real - a.imag * b.imag, a.real * b.imag + a.imag * b.real};
}

/* Smith's algorithm; *edom set on division by zero. */
static cval c_quot(cval a, cval b, bool *edom) {
    double abs_breal = fabs(b.real), abs_bimag = fabs(b.imag);
    cval r;
    if (abs_breal >= abs_bimag) {
        if (abs_breal == 0.0) {
            *edom = true;
            r.real = r.imag = 0.0;
        } else {
            double ratio = b.imag / b.real, denom = b.real + b.imag * ratio;
            r.real = (a.real + a.imag * ratio) / denom;
            r.imag = (a.imag - a.real * ratio) / denom;
        }
    } else if (abs_bimag >= abs_breal) {
        double ratio = b.real / b.imag, denom = b.real * ratio + b.imag;
        r.real = (a.real * ratio + a.imag) / denom;
        r.imag = (a.imag * ratio - a.real) / denom;
    } else {
        r.real = r.imag = NAN; /* a NaN in b */
    }
    return r;
}

static cval c_pow(cval a, cval b, bool *edom) {
    cval r;
    if (b.real == 0. && b.imag == 0.) {
        r.real = 1.;
        r.imag = 0.;
    } else if (a.real == 0. && a.imag == 0.) {
        if (b.imag != 0. || b.real < 0.) *edom = true;
        r.real = r.imag = 0.;
    } else {
        double vabs = hypot(a.real, a.imag), len = pow(vabs, b.real);
        double at = atan2(a.imag, a.real), phase = at * b.real;
        if (b.imag != 0.0) {
            len /= exp(at * b.imag);
            phase += b.imag * log(vabs);
        }
        r.real = len * cos(phase);
        r.imag = len * sin(phase);
    }
    return r;
}

static cval c_powu(cval x, long n) {
    cval r = {1., 0.}, p = x;
    for (long mask = 1; mask > 0 && n >= mask; mask <<= 1) {
        if (n & mask) r = c_prod(r, p);
        p = c_prod(p, p);
    }
    return r;
}

/* As CPython, the libm errno decides: EDOM (also from cos(inf) inside the general case)
 * is ZeroDivisionError, an infinite result OverflowError. */
static kn_obj *complex_pow(cval a, cval b, kn_err *err) {
    bool edom = false;
    cval p;
    errno = 0;
    if (b.imag == 0.0 && b.real == floor(b.real) && fabs(b.real) <= 100.0) {
        long n = (long)b.real;
        p = n > 0 ? c_powu(a, n) : c_quot((cval){1., 0.}, c_powu(a, -n), &edom);
    } else {
        p = c_pow(a, b, &edom);
    }
    int e = errno;
    if (isinf(p.real) || isinf(p.imag)) {
        if (e == 0) e = ERANGE;
    } else if (e == ERANGE) {
        e = 0;
    }
    if (edom || e == EDOM) {
        tc_error_set(err, TC_EXC_ZERO_DIVISION, "0.0 to a negative or complex power");
        return NULL;
    }
    if (e == ERANGE) {
        tc_error_set(err, TC_EXC_OVERFLOW, "complex exponentiation");
        return NULL;
    }
    return cnew(p);
}

/* float ** float with a negative base and a fractional exponent: CPython's complex result. */
kn_obj *kn__complex_pow_real(double a, double b, kn_err *err) {
    return complex_pow((cval){a, 0.}, (cval){b, 0.}, err);
}

static kn_obj *complex_binop(kn_binop op, kn_obj *x, kn_obj *y, kn_err *err) {
    cval a, b;
    int ra = to_complex(x, &a, err);
    if (ra <= 0) return ra < 0 ? NULL : kn_notimpl();
    int rb = to_complex(y, &b, err);
    if (rb <= 0) return rb < 0 ? NULL : kn_notimpl();
    switch (op) {
    case KN_BINOP_ADD:
        return cnew((cval){a.real + b.real, a.imag + b.imag});
    case KN_BINOP_SUB:
        return cnew((cval){a.real - b.real, a.imag - b.imag});
    case KN_BINOP_MUL:
        return cnew(c_prod(a, b));
    case KN_BINOP_TRUEDIV: {
        bool edom = false;
        cval q = c_quot(a, b, &edom);
        if (edom) {
            tc_error_set(err, TC_EXC_ZERO_DIVISION, "complex division by zero");
            return NULL;
        }
        return cnew(q);
    }
    case KN_BINOP_POW:
        return complex_pow(a, b, err);
    default:
        return kn_notimpl();
    }
}

static kn_obj *complex_unop(kn_unop op, kn_obj *a, kn_err *err) {
    if (op == KN_UNOP_NEG) return kn_complex_new(-C(a)->real, -C(a)->imag);
    if (op == KN_UNOP_POS) return kn_complex_new(C(a)->real, C(a)->imag);
    return kn_notimpl();
}

/* Does double d equal the int i exactly (no rounding of i)? */
static bool double_eq_int(double d, int64_t i) {
    if (!isfinite(d) || d != floor(d) || d < -9223372036854775808.0 || d >= 9223372036854775808.0)
        return false;
    return (int64_t)d == i;
}

static kn_obj *complex_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (op != KN_CMP_EQ && op != KN_CMP_NE) return kn_notimpl();
    if (!kn_is(a, &kn_type_complex)) { /* number == complex: compare from the complex side */
        kn_obj *t = a;
        a = b;
        b = t;
    }
    bool eq;
    if (kn_is(b, &kn_type_complex))
        eq = C(a)->real == C(b)->real && C(a)->imag == C(b)->imag;
    else if (kn__is_int(b)) {
        int64_t i;
        kn_err scratch;
        tc_error_init(&scratch);
        if (kn_to_int64(b, &i, &scratch) == 0) {
            eq = C(a)->imag == 0.0 && double_eq_int(C(a)->real, i);
        } else { /* past 64 bits: compared as a double (may round, unlike CPython) */
            double d;
            if (kn_to_double(b, &d, err) < 0) return NULL;
            eq = C(a)->imag == 0.0 && C(a)->real == d;
        }
    } else if (kn_is(b, &kn_type_float))
        eq = C(a)->imag == 0.0 && C(a)->real == kn_float_value(b);
    else
        return kn_notimpl();
    return kn_bool_new(op == KN_CMP_EQ ? eq : !eq);
}

static int complex_truth(kn_obj *self, kn_err *err) {
    return C(self)->real != 0.0 || C(self)->imag != 0.0;
}

static int complex_hash(kn_obj *self, int64_t *out, kn_err *err) {
    double re = C(self)->real, im = C(self)->imag;
    /* CPython 3.11 hashes a NaN by the object's address */
    uint64_t hr = isnan(re) ? (uint64_t)((uintptr_t)self >> 4) : (uint64_t)kn__hash_double(re);
    uint64_t hi = isnan(im) ? (uint64_t)((uintptr_t)self >> 4) : (uint64_t)kn__hash_double(im);
    uint64_t h = hr + 1000003ULL * hi;
    if (h == (uint64_t)-1) h = (uint64_t)-2;
    *out = (int64_t)h;
    return 0;
}

/* ---- repr ---------------------------------------------------------------------------- */

/* repr(float) without the ".0" CPython's complex repr leaves off ("1", "-0", "1e+16"). */
static void part_repr(double v, char *out, size_t cap, bool sign) {
    char buf[40];
    kn__float_repr(v, buf, sizeof buf);
    size_t n = strlen(buf);
    if (n > 2 && strcmp(buf + n - 2, ".0") == 0) buf[n - 2] = 0;
    snprintf(out, cap, "%s%s", sign && buf[0] != '-' ? "+" : "", buf);
}

static kn_obj *complex_repr(kn_obj *self, kn_err *err) {
    double re = C(self)->real, im = C(self)->imag;
    char r[48], i[48];
    if (re == 0.0 && !signbit(re)) {
        part_repr(im, i, sizeof i, false);
        return kn_str_printf("%sj", i);
    }
    part_repr(re, r, sizeof r, false);
    part_repr(im, i, sizeof i, true);
    return kn_str_printf("(%s%sj)", r, i);
}

/* ---- attributes ---------------------------------------------------------------------- */

static kn_obj *cm_conjugate(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "conjugate", err) < 0) return NULL;
    return kn_complex_new(C(self)->real, -C(self)->imag);
}

/* abs(z): builtins' abs() calls __abs__ for the types it does not know. */
static kn_obj *cm_abs(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "__abs__", err) < 0) return NULL;
    double re = C(self)->real, im = C(self)->imag, r = hypot(re, im);
    if (isinf(r) && isfinite(re) && isfinite(im)) {
        tc_error_set(err, TC_EXC_OVERFLOW, "absolute value too large");
        return NULL;
    }
    return kn_float_new(r);
}

static const kn__method complex_methods[] = {
    {"__abs__", cm_abs, "(self, /)", "abs(self)"},
    {"conjugate", cm_conjugate, "",
     "Return the complex conjugate of its argument. "
     "(3-4j).conjugate() == 3+4j."},
    {NULL, NULL, NULL, NULL},
};

static kn_obj *complex_getattr(kn_obj *self, const char *name, kn_err *err) {
    if (strcmp(name, "real") == 0) return kn_float_new(C(self)->real);
    if (strcmp(name, "imag") == 0) return kn_float_new(C(self)->imag);
    return kn__method_get(self, complex_methods, name);
}

static int complex_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    kn__method_dir(complex_methods, list);
    const char *attrs[] = {"imag", "real"};
    for (size_t i = 0; i < 2; i++) {
        kn_obj *s = kn_str_from_cstr(attrs[i]);
        kn_list_append(list, s);
        kn_decref(s);
    }
    return 0;
}

/* ---- construction -------------------------------------------------------------------- */

/* The longest prefix of s that is a float as float() reads it (no leading blanks, no hex);
 * its length, 0 if none. */
static size_t float_prefix(const char *s) {
    size_t i = 0;
    if (s[i] == '+' || s[i] == '-') i++;
    const char *w = s + i;
    if (strncasecmp(w, "infinity", 8) == 0) return i + 8;
    if (strncasecmp(w, "inf", 3) == 0 || strncasecmp(w, "nan", 3) == 0) return i + 3;
    size_t digits = 0;
    while (isdigit((unsigned char)s[i]))
        i++, digits++;
    if (s[i] == '.') {
        i++;
        while (isdigit((unsigned char)s[i]))
            i++, digits++;
    }
    if (digits == 0) return 0;
    if (s[i] == 'e' || s[i] == 'E') {
        size_t j = i + 1;
        if (s[j] == '+' || s[j] == '-') j++;
        if (isdigit((unsigned char)s[j])) {
            while (isdigit((unsigned char)s[j]))
                j++;
            i = j;
        }
    }
    return i;
}

/* Read the float at *p (in a writable copy: the text after it is cut off for strtod, which
 * would read hex and nan(...) forms float() rejects); 1 and *p past it, or 0. */
static int parse_float_at(char **p, double *out) {
    size_t n = float_prefix(*p);
    if (n == 0) return 0;
    char save = (*p)[n];
    (*p)[n] = 0;
    *out = strtod(*p, NULL);
    (*p)[n] = save;
    *p += n;
    return 1;
}

/* complex(str): CPython's grammar (<float>, <float>j, <float><signed-float>j, and the
 * legacy <float><sign>j, <sign>j, j), optionally in parentheses, blanks around. */
static int parse_complex(const char *src, size_t len, cval *out, kn_err *err) {
    /* underscores are allowed between digits, as in literals: drop them first */
    char *s = tc_malloc(len + 1);
    if (!s) return kn_nomem(err);
    size_t n = 0;
    bool bad = false;
    for (size_t k = 0; k < len; k++) {
        if (src[k] == '_') {
            if (k == 0 || k + 1 == len || !isdigit((unsigned char)src[k - 1]) ||
                !isdigit((unsigned char)src[k + 1]))
                bad = true;
            continue;
        }
        if (src[k] == 0) bad = true;
        s[n++] = src[k];
    }
    s[n] = 0;
    char *p = s;
    double x = 0.0, y = 0.0, z;
    bool bracket = false;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '(') {
        bracket = true;
        p++;
        while (isspace((unsigned char)*p))
            p++;
    }
    if (parse_float_at(&p, &z)) {
        if (*p == '+' || *p == '-') {
            x = z;
            if (!parse_float_at(&p, &y)) y = *p++ == '+' ? 1.0 : -1.0;
            if (*p != 'j' && *p != 'J') bad = true;
            p++;
        } else if (*p == 'j' || *p == 'J') {
            p++;
            y = z;
        } else {
            x = z;
        }
    } else {
        if (*p == '+' || *p == '-') {
            y = *p == '+' ? 1.0 : -1.0;
            p++;
        } else {
            y = 1.0;
        }
        if (*p != 'j' && *p != 'J') bad = true;
        p++;
    }
    if (!bad) {
        while (isspace((unsigned char)*p))
            p++;
        if (bracket && *p != ')') {
            bad = true;
        } else if (bracket) {
            p++;
            while (isspace((unsigned char)*p))
                p++;
        }
        if (!bad && (size_t)(p - s) != n) bad = true;
    }
    tc_free(s);
    if (bad) return tc_error_set(err, TC_EXC_VALUE, "complex() arg is a malformed string");
    *out = (cval){x, y};
    return 0;
}

static kn_obj *complex_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    static const char *names[] = {"real", "imag"};
    kn_obj *a[2];
    if (KN__BIND(args, "complex", names, 0, a, err) < 0) return NULL;
    kn_obj *r = a[0], *i = a[1];
    if (!r && !i) return kn_complex_new(0.0, 0.0);
    if (r && kn_is(r, &kn_type_str)) {
        if (i) {
            tc_error_set(err, TC_EXC_TYPE, "complex() can't take second arg if first is a string");
            return NULL;
        }
        cval v = {0.0, 0.0};
        if (parse_complex(kn_str_cstr(r), kn_str_len(r), &v, err) < 0) return NULL;
        return cnew(v);
    }
    if (i && kn_is(i, &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "complex() second arg can't be a string");
        return NULL;
    }
    if (r && kn_is(r, &kn_type_complex) && !i) return kn_incref(r);
    cval cr = {0.0, 0.0}, ci = {0.0, 0.0};
    bool cr_is_complex = false, ci_is_complex = false;
    if (r) {
        int k = to_complex(r, &cr, err);
        if (k < 0) return NULL;
        if (k == 0 && !i) { /* CPython's __complex__ (a one-element tensor) */
            kn_err scratch;
            tc_error_init(&scratch);
            kn_obj *m = kn_getattr(r, "__complex__", &scratch);
            if (m) {
                kn_args none = {0};
                kn_obj *v = kn_call(m, &none, err);
                kn_decref(m);
                if (v && !kn_is(v, &kn_type_complex)) {
                    tc_error_set(err, TC_EXC_TYPE, "__complex__ returned non-complex (type %s)", kn_type_name(v));
                    kn_decref(v);
                    return NULL;
                }
                return v;
            }
        }
        if (k == 0) {
            tc_error_set(err, TC_EXC_TYPE,
                         "complex() first argument must be a string or a number, not '%s'",
                         kn_type_name(r));
            return NULL;
        }
        cr_is_complex = kn_is(r, &kn_type_complex);
    }
    if (i) {
        int k = to_complex(i, &ci, err);
        if (k < 0) return NULL;
        if (k == 0) {
            tc_error_set(err, TC_EXC_TYPE, "complex() second argument must be a number, not '%s'",
                         kn_type_name(i));
            return NULL;
        }
        ci_is_complex = kn_is(i, &kn_type_complex);
    } else {
        ci.real = cr.imag;
    }
    if (ci_is_complex) cr.real -= ci.imag;
    if (cr_is_complex && i) ci.real += cr.imag;
    return kn_complex_new(cr.real, ci.real);
}

/* format(z, spec), CPython's rules: [[fill]align][sign][#][width][.precision][type] with
 * type e/E/f/F/g/G/n or none (str(z)-like, "g" when a precision is given); both parts are
 * formatted, the imaginary one with a sign, and the whole is padded. */
static kn_obj *complex_format(kn_obj *self, const char *spec, kn_err *err) {
    if (!*spec) return complex_repr(self, err);
    const char *p = spec;
    char fill[8] = " ", align = '>', sign = '-';
    size_t cl = 1;
    if ((unsigned char)*p >= 0x80) kn__utf8_decode((const unsigned char *)p, strlen(p), &cl);
    if (p[0] && strchr("<>=^", p[cl]) && p[cl]) {
        memcpy(fill, p, cl);
        fill[cl] = 0;
        align = p[cl];
        p += cl + 1;
    } else if (*p && strchr("<>=^", *p)) {
        align = *p++;
    }
    if (*p == '+' || *p == '-' || *p == ' ') sign = *p++;
    if (*p == 'z') p++;
    bool alt = false;
    if (*p == '#') alt = true, p++;
    if (*p == '0') {
        tc_error_set(err, TC_EXC_VALUE, "Zero padding is not allowed in complex format specifier");
        return NULL;
    }
    int64_t width = 0, prec = -1;
    while (isdigit((unsigned char)*p) && width < 100000000)
        width = width * 10 + (*p++ - '0');
    if (*p == ',' || *p == '_') p++;
    if (*p == '.') {
        p++;
        prec = 0;
        while (isdigit((unsigned char)*p) && prec < 100000000)
            prec = prec * 10 + (*p++ - '0');
    }
    char type = *p;
    if ((type && (p[1] || !strchr("eEfFgGn", type)))) {
        tc_error_set(err, TC_EXC_VALUE, "Unknown format code '%c' for object of type 'complex'",
                     type);
        return NULL;
    }
    if (!strcmp(fill, "0") && align) {
        tc_error_set(err, TC_EXC_VALUE, "Zero padding is not allowed in complex format specifier");
        return NULL;
    }
    if (align == '=') {
        tc_error_set(err, TC_EXC_VALUE,
                     "'=' alignment flag is not allowed in complex format specifier");
        return NULL;
    }
    double re = C(self)->real, im = C(self)->imag;
    bool skip_re = false, parens = false;
    if (!type) {
        type = 'r';
        if (re == 0.0 && !signbit(re))
            skip_re = true;
        else
            parens = true;
    }
    if (type == 'n') type = 'g';
    if (prec < 0)
        prec = type == 'r' ? 0 : 6;
    else if (type == 'r')
        type = 'g';
    char rbuf[48], ibuf[48];
    kn_obj *rs = NULL, *is = NULL;
    char isign = skip_re ? sign : '+';
    if (type == 'r') {
        part_repr(re, rbuf, sizeof rbuf, sign == '+');
        if (sign == ' ' && rbuf[0] != '-') memmove(rbuf + 1, rbuf, strlen(rbuf) + 1), rbuf[0] = ' ';
        part_repr(im, ibuf, sizeof ibuf, isign == '+');
        if (isign == ' ' && ibuf[0] != '-')
            memmove(ibuf + 1, ibuf, strlen(ibuf) + 1), ibuf[0] = ' ';
    } else {
        rs = kn__format_float_printf(re, type, prec, alt, sign == '-' ? 0 : sign, 0, '<', false,
                                     err);
        is = rs ? kn__format_float_printf(im, type, prec, alt, isign == '-' ? 0 : isign, 0, '<',
                                          false, err)
                : NULL;
        if (!is) {
            kn_decref(rs);
            return NULL;
        }
        snprintf(rbuf, sizeof rbuf, "%s", kn_str_cstr(rs));
        snprintf(ibuf, sizeof ibuf, "%s", kn_str_cstr(is));
        kn_decref(rs);
        kn_decref(is);
    }
    tc_strbuf body = {0};
    if (parens) tc_strbuf_putc(&body, '(');
    if (!skip_re) tc_strbuf_puts(&body, rbuf);
    tc_strbuf_puts(&body, ibuf);
    tc_strbuf_puts(&body, parens ? "j)" : "j");
    int64_t n = (int64_t)body.len, pad = width > n ? width - n : 0;
    int64_t left = align == '<' ? 0 : align == '^' ? pad / 2 : pad;
    tc_strbuf out = {0};
    if (kn__strbuf_repeat(&out, fill, strlen(fill), left, err) < 0 ||
        tc_strbuf_append(&out, body.data ? body.data : "", body.len) < 0 ||
        kn__strbuf_repeat(&out, fill, strlen(fill), pad - left, err) < 0) {
        tc_strbuf_free(&body);
        tc_strbuf_free(&out);
        if (!tc_error_is_set(err)) kn_nomem(err);
        return NULL;
    }
    tc_strbuf_free(&body);
    return kn__strbuf_finish(&out, err);
}

const kn_type kn_type_complex = {
    .name = "complex",
    .qualname = "complex",
    .doc = "Create a complex number from a real part and an optional imaginary part.\n\nThis "
           "is equivalent to (real + imag*1j) where imag defaults to 0.",
    .repr = complex_repr,
    .getattr = complex_getattr,
    .binop = complex_binop,
    .unop = complex_unop,
    .compare = complex_compare,
    .truth = complex_truth,
    .hash = complex_hash,
    .dir = complex_dir,
    .construct = complex_construct,
    .format = complex_format,
};
