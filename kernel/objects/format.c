/*
 * Python's format mini-language (format(), f-string specs, str.format) for int, bool,
 * float and str with CPython 3.11's exact output and error texts, plus str.format's
 * field parsing and printf-style 'str % args'.
 */
#include <ctype.h>
#include <limits.h>
#include <math.h>

#include "kernel/objects/objects-impl.h"

typedef struct fspec {
    char fill[5]; /* one UTF-8 code point */
    char align;   /* 0, '<', '>', '^', '=' */
    char sign;    /* 0, '+', '-', ' ' */
    bool z, alt, zero;
    int64_t width; /* -1: none */
    char grouping; /* 0, ',', '_' */
    int64_t prec;  /* -1: none */
    char type;     /* 0 or the type letter */
} fspec;

static int spec_error(const char *spec, const char *tname, kn_err *err) {
    return tc_error_set(err, TC_EXC_VALUE, "Invalid format specifier '%s' for object of type '%s'",
                        spec, tname);
}

/* A run of decimal digits at *pp (CPython's get_integer: past PY_SSIZE_T_MAX it is an error,
 * never a wrapped width or precision). */
static int spec_number(const char **pp, int64_t *out, kn_err *err) {
    const char *p = *pp;
    int64_t v = 0;
    for (; isdigit((unsigned char)*p); p++)
        if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, *p - '0', &v))
            return tc_error_set(err, TC_EXC_VALUE, "Too many decimal digits in format string");
    *out = v;
    *pp = p;
    return 0;
}

static bool is_align(char c) {
    return c == '<' || c == '>' || c == '^' || c == '=';
}

static int parse_spec(const char *spec, const char *tname, char dflt, fspec *f, kn_err *err) {
    memset(f, 0, sizeof *f);
    f->width = f->prec = -1;
    strcpy(f->fill, " ");
    const char *p = spec;
    size_t cl = 0;
    if (*p) kn__utf8_decode((const unsigned char *)p, strlen(p), &cl);
    bool explicit_fill = false;
    if (*p && is_align(p[cl])) {
        explicit_fill = true;
        memcpy(f->fill, p, cl);
        f->fill[cl] = 0;
        f->align = p[cl];
        p += cl + 1;
    } else if (is_align(*p)) {
        f->align = *p++;
    }
    if (*p == '+' || *p == '-' || *p == ' ') f->sign = *p++;
    if (*p == 'z') f->z = true, p++;
    if (*p == '#') f->alt = true, p++;
    if (*p == '0' && !explicit_fill) f->zero = true, p++;
    if (isdigit((unsigned char)*p) && spec_number(&p, &f->width, err) < 0) return -1;
    if (*p == ',' || *p == '_') {
        f->grouping = *p++;
        if (*p == ',' || *p == '_') {
            if (*p == '_' && f->grouping == '_')
                return tc_error_set(err, TC_EXC_VALUE, "Cannot specify '_' with '_'.");
            return tc_error_set(err, TC_EXC_VALUE, "Cannot specify both ',' and '_'.");
        }
    }
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return tc_error_set(err, TC_EXC_VALUE, "Format specifier missing precision");
        if (spec_number(&p, &f->prec, err) < 0) return -1;
    }
    if (*p) f->type = *p++;
    if (*p) return spec_error(spec, tname, err);
    char gt = f->type ? f->type : dflt;
    if (f->grouping && gt && !strchr("defgEG%F", gt) &&
        !(f->grouping == '_' && f->type && strchr("boxX", f->type))) {
        if ((unsigned char)gt > 32 && (unsigned char)gt < 128)
            return tc_error_set(err, TC_EXC_VALUE, "Cannot specify '%c' with '%c'.", f->grouping,
                                gt);
        return tc_error_set(err, TC_EXC_VALUE, "Cannot specify '%c' with '\\x%x'.", f->grouping,
                            (unsigned)(unsigned char)gt);
    }
    if (f->zero && !explicit_fill) {
        strcpy(f->fill, "0");
        if (!f->align && dflt != 's') f->align = '=';
    }
    return 0;
}

static int unknown_code(char type, const char *tname, kn_err *err) {
    if ((unsigned char)type > 32 && (unsigned char)type < 128)
        return tc_error_set(err, TC_EXC_VALUE, "Unknown format code '%c' for object of type '%s'",
                            type, tname);
    return tc_error_set(err, TC_EXC_VALUE, "Unknown format code '\\x%x' for object of type '%s'",
                        (unsigned)(unsigned char)type, tname);
}

/* Insert group separators every 'every' digits into the digit run d[0..n). */
static void group_digits(tc_strbuf *out, const char *d, size_t n, char sep, int every) {
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % (size_t)every == 0) tc_strbuf_putc(out, sep);
        tc_strbuf_putc(out, d[i]);
    }
}

static int64_t cp_count(const char *s, size_t n) {
    return kn__utf8_count(s, n, NULL);
}

/* Pad 'prefix' (sign, 0x) + 'body' to the width with fill and alignment. */
static kn_obj *finish(const fspec *f, const char *prefix, const char *body, size_t bn,
                      char default_align, kn_err *err) {
    tc_strbuf b = {0};
    int64_t len = (int64_t)strlen(prefix) + cp_count(body, bn);
    int64_t pad = f->width > len ? f->width - len : 0;
    /* f'{1:{2**62}}': the padding alone would not fit in memory */
    if (kn__check_alloc((double)pad * (double)strlen(f->fill) + (double)bn, err) < 0) return NULL;
    char align = f->align ? f->align : default_align;
    int64_t left = align == '>' ? pad : align == '^' ? pad / 2 : 0;
    int64_t right = align == '<' ? pad : align == '^' ? pad - pad / 2 : 0;
    size_t fl = strlen(f->fill);
    if (align == '=') {
        tc_strbuf_puts(&b, prefix);
        kn__strbuf_repeat(&b, f->fill, fl, pad, NULL);
        tc_strbuf_append(&b, body, bn);
        return kn__strbuf_finish(&b, err);
    }
    kn__strbuf_repeat(&b, f->fill, fl, left, NULL);
    tc_strbuf_puts(&b, prefix);
    tc_strbuf_append(&b, body, bn);
    kn__strbuf_repeat(&b, f->fill, fl, right, NULL);
    return kn__strbuf_finish(&b, err);
}

/* Group the integer digits of 'num' (a run of digits followed by 'rest'), zero-padding
 * the digits first when the spec pads with '0' through '=' alignment. */
static void grouped_number(const fspec *f, size_t prefix_len, const char *digits, size_t nd,
                           const char *rest, int every, tc_strbuf *out) {
    char sep = f->grouping;
    bool zero_pad = f->align == '=' && strcmp(f->fill, "0") == 0 && f->width > 0;
    int64_t need = zero_pad ? f->width - (int64_t)prefix_len - (int64_t)strlen(rest) : 0;
    tc_strbuf d = {0};
    tc_strbuf_append(&d, digits, nd);
    for (;;) {
        size_t glen = d.len + (sep ? (d.len - 1) / (size_t)every : 0);
        if ((int64_t)glen >= need) break;
        tc_strbuf tmp = {0};
        tc_strbuf_putc(&tmp, '0');
        tc_strbuf_append(&tmp, d.data, d.len);
        tc_strbuf_free(&d);
        d = tmp;
    }
    if (sep)
        group_digits(out, d.data, d.len, sep, every);
    else
        tc_strbuf_append(out, d.data, d.len);
    tc_strbuf_puts(out, rest);
    tc_strbuf_free(&d);
}

/* ---- int ----------------------------------------------------------------------------- */

static kn_obj *format_float_value(double v, fspec *f, const char *tname, kn_err *err);

static kn_obj *format_int(kn_obj *self, fspec *f, const char *tname, kn_err *err) {
    int64_t v = kn_int_value(self);
    char t = f->type ? f->type : 'd';
    if (strchr("eEfFgG%", t)) {
        double d;
        if (kn__int_to_double(self, &d, err) < 0) return NULL;
        return format_float_value(d, f, tname, err);
    }
    if (!strchr("bcdoxXn", t)) return unknown_code(t, tname, err), NULL;
    if (f->prec >= 0) {
        tc_error_set(err, TC_EXC_VALUE, "Precision not allowed in integer format specifier");
        return NULL;
    }
    if (f->z) {
        tc_error_set(err, TC_EXC_VALUE,
                     "Negative zero coercion (z) not allowed in integer format specifier");
        return NULL;
    }
    if (f->grouping && (t == 'c' || t == 'n' || (f->grouping == ',' && t != 'd'))) {
        tc_error_set(err, TC_EXC_VALUE, "Cannot specify '%c' with '%c'.", f->grouping, t);
        return NULL;
    }
    if (t == 'c') {
        if (f->sign || f->alt) {
            tc_error_set(err, TC_EXC_VALUE, "%s not allowed with integer format specifier 'c'",
                         f->sign ? "Sign" : "Alternate form (#)");
            return NULL;
        }
        if (kn__int_is_big(self)) {
            tc_error_set(err, TC_EXC_OVERFLOW, "Python int too large to convert to C long");
            return NULL;
        }
        if (v < 0 || v > 0x10ffff) {
            tc_error_set(err, TC_EXC_OVERFLOW, "%%c arg not in range(0x110000)");
            return NULL;
        }
        char body[8];
        uint32_t c = (uint32_t)v;
        size_t n;
        if (c < 0x80)
            body[0] = (char)c, n = 1;
        else if (c < 0x800)
            body[0] = (char)(0xC0 | (c >> 6)), body[1] = (char)(0x80 | (c & 0x3F)), n = 2;
        else if (c < 0x10000)
            body[0] = (char)(0xE0 | (c >> 12)), body[1] = (char)(0x80 | ((c >> 6) & 0x3F)),
            body[2] = (char)(0x80 | (c & 0x3F)), n = 3;
        else
            body[0] = (char)(0xF0 | (c >> 18)), body[1] = (char)(0x80 | ((c >> 12) & 0x3F)),
            body[2] = (char)(0x80 | ((c >> 6) & 0x3F)), body[3] = (char)(0x80 | (c & 0x3F)), n = 4;
        return finish(f, "", body, n, '>', err);
    }
    int base = t == 'b' ? 2 : t == 'o' ? 8 : (t == 'x' || t == 'X') ? 16 : 10;
    tc_strbuf db = {0};
    if (kn__int_digits(self, base, t == 'X', &db, err) < 0) {
        tc_strbuf_free(&db);
        return NULL;
    }
    const char *digits = db.data ? db.data : "";
    size_t n = db.len;
    char prefix[8] = "";
    if (v < 0)
        strcat(prefix, "-");
    else if (f->sign == '+')
        strcat(prefix, "+");
    else if (f->sign == ' ')
        strcat(prefix, " ");
    if (f->alt && base != 10)
        strcat(prefix, base == 2 ? "0b" : base == 8 ? "0o" : t == 'X' ? "0X" : "0x");
    tc_strbuf body = {0};
    if (f->grouping) {
        grouped_number(f, strlen(prefix), digits, n, "", base == 10 ? 3 : 4, &body);
    } else {
        tc_strbuf_append(&body, digits, n);
    }
    bool failed = db.failed;
    tc_strbuf_free(&db);
    if (failed) {
        tc_strbuf_free(&body);
        kn_nomem(err);
        return NULL;
    }
    kn_obj *r = finish(f, prefix, body.data, body.len, '>', err);
    tc_strbuf_free(&body);
    return r;
}

/* ---- float --------------------------------------------------------------------------- */

/* CPython's format_float_short layout of a digit string (no leading/trailing zeros). */
static void layout_digits(tc_strbuf *b, const char *digits, int nd, int decpt, char type,
                          int64_t precision, bool alt, bool add_dot_0, char echar) {
    bool use_exp = false;
    int64_t vend = nd;
    switch (type) {
    case 'e':
        use_exp = true;
        vend = precision;
        break;
    case 'f':
        vend = decpt + precision;
        break;
    case 'g':
        if (decpt <= -4 || decpt > (add_dot_0 ? precision - 1 : precision)) use_exp = true;
        if (alt) vend = precision;
        break;
    default: /* 'r' */
        if (decpt <= -4 || decpt > 16) use_exp = true;
        break;
    }
    int exp = 0;
    if (use_exp) {
        exp = decpt - 1;
        decpt = 1;
    }
    int64_t vstart = decpt <= 0 ? decpt - 1 : 0;
    if (!use_exp && add_dot_0)
        vend = vend > decpt ? vend : decpt + 1;
    else
        vend = vend > decpt ? vend : decpt;
    size_t mark = b->len;
    if (decpt <= 0) {
        for (int64_t i = 0; i < decpt - vstart; i++)
            tc_strbuf_putc(b, '0');
        tc_strbuf_putc(b, '.');
        for (int i = 0; i < -decpt; i++)
            tc_strbuf_putc(b, '0');
    }
    if (0 < decpt && decpt <= nd) {
        tc_strbuf_append(b, digits, (size_t)decpt);
        tc_strbuf_putc(b, '.');
        tc_strbuf_append(b, digits + decpt, (size_t)(nd - decpt));
    } else {
        tc_strbuf_append(b, digits, (size_t)nd);
    }
    if (nd < decpt) {
        for (int i = nd; i < decpt; i++)
            tc_strbuf_putc(b, '0');
        tc_strbuf_putc(b, '.');
        for (int64_t i = decpt; i < vend; i++)
            tc_strbuf_putc(b, '0');
    } else {
        for (int64_t i = nd; i < vend; i++)
            tc_strbuf_putc(b, '0');
    }
    if (b->len > mark && b->data[b->len - 1] == '.' && !alt) b->data[--b->len] = 0;
    if (use_exp) tc_strbuf_printf(b, "%c%c%02d", echar, exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
}

/* Digits of a double past this many decimal places (or significant digits) are all zeros:
 * an exact binary fraction has at most 1074 of them (767 significant). snprintf is asked
 * for at most this many and the rest are appended, because its int result cannot count
 * the 2**31-character strings a huge precision asks for. */
#define FLOAT_EXACT_DIGITS 1100

/* Significant digits of v (> 0) rounded to p digits (digits holds FLOAT_EXACT_DIGITS + 1),
 * or shortest round-trip when p <= 0. */
static int sig_digits(double v, int64_t p, char *digits, int *decpt) {
    char buf[FLOAT_EXACT_DIGITS + 16];
    if (p <= 0) return kn__float_shortest(v, digits, decpt);
    if (p > FLOAT_EXACT_DIGITS) p = FLOAT_EXACT_DIGITS;
    snprintf(buf, sizeof buf, "%.*e", (int)p - 1, v);
    int nd = 0;
    const char *q = buf;
    for (; *q && *q != 'e'; q++)
        if (isdigit((unsigned char)*q)) digits[nd++] = *q;
    *decpt = atoi(q + 1) + 1;
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    if (nd == 1 && digits[0] == '0') *decpt = 1;
    digits[nd] = 0;
    return nd;
}

/* n zeros, reserved at once: a precision that cannot fit fails the builder at once. */
static void put_zeros(tc_strbuf *b, int64_t n) {
    kn__strbuf_repeat(b, "0", 1, n, NULL);
}

/* The unsigned body of a finite float in the requested presentation. */
/* a (finite, >= 0) with prec decimals, rounded half to even on its exact binary value as
 * printf and CPython's dtoa round: a = m / 2^k exactly, so a * 10^prec = m * 10^prec / 2^k
 * is an exact 128-bit quotient and remainder. False (nothing written) outside the range that
 * fits: a >= 2^64 or prec > 17; printf serves those. */
static bool fixed_exact(double a, int64_t prec, bool alt, tc_strbuf *b) {
    static const uint64_t pow10[18] = {1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull,
                                       1000000ull, 10000000ull, 100000000ull, 1000000000ull,
                                       10000000000ull, 100000000000ull, 1000000000000ull,
                                       10000000000000ull, 100000000000000ull,
                                       1000000000000000ull, 10000000000000000ull,
                                       100000000000000000ull};
    if (!(a < 18446744073709551616.0) || prec < 0 || prec > 17) return false;
    int e;
    double fr = frexp(a, &e); /* a = fr * 2^e, fr in [0.5, 1) (0 for 0) */
    uint64_t m = (uint64_t)ldexp(fr, 53);
    int k = 53 - e; /* a = m / 2^k; e <= 64, so k >= -11 */
    unsigned __int128 p = (unsigned __int128)m * pow10[prec], q; /* p < 2^110 */
    if (k <= 0) {
        q = p << -k;
    } else if (k >= 120) {
        q = 0; /* p / 2^k < 1/2 */
    } else {
        q = p >> k;
        unsigned __int128 rem = p & (((unsigned __int128)1 << k) - 1),
                          half = (unsigned __int128)1 << (k - 1);
        if (rem > half || (rem == half && (q & 1))) q++;
    }
    char digits[48];
    int n = 0;
    do {
        digits[n++] = (char)('0' + (int)(q % 10));
        q /= 10;
    } while (q);
    while (n <= prec) /* at least one digit before the point */
        digits[n++] = '0';
    char out[56], *o = out;
    for (int i = n - 1; i >= prec; i--)
        *o++ = digits[i];
    if (prec > 0 || alt) *o++ = '.';
    for (int i = (int)prec - 1; i >= 0; i--)
        *o++ = digits[i];
    tc_strbuf_append(b, out, (size_t)(o - out));
    return true;
}

static void float_body(double a, char t, int64_t prec, bool alt, tc_strbuf *b) {
    if ((t == 'f' || t == 'F') && fixed_exact(a, prec < 0 ? 6 : prec, alt, b)) return;
    char fmt[16];
    bool upper = t == 'E' || t == 'F' || t == 'G';
    char lt = (char)tolower((unsigned char)t);
    if (lt == 'f' || lt == 'e' || (lt == 'g' && t != 0)) {
        int64_t p = prec < 0 ? 6 : prec;
        if (lt == 'g' && p == 0) p = 1;
        int q = p > FLOAT_EXACT_DIGITS ? FLOAT_EXACT_DIGITS : (int)p;
        snprintf(fmt, sizeof fmt, "%%%s.*%c", alt ? "#" : "", lt);
        int n = snprintf(NULL, 0, fmt, q, a);
        TC_ASSERT(n > 0); /* bounded: q <= FLOAT_EXACT_DIGITS and |a| <= DBL_MAX */
        char *tmp = tc_malloc((size_t)n + 1);
        if (!tmp) {
            b->failed = true; /* reported by the builder's finish */
            return;
        }
        snprintf(tmp, (size_t)n + 1, fmt, q, a);
        if (upper)
            for (char *c = tmp; *c; c++)
                *c = (char)toupper((unsigned char)*c);
        /* the zeros past q go before any exponent; %g drops trailing zeros unless '#' */
        char *e = strpbrk(tmp, "eE");
        size_t cut = e ? (size_t)(e - tmp) : (size_t)n;
        tc_strbuf_append(b, tmp, cut);
        if (lt != 'g' || alt) put_zeros(b, p - q);
        tc_strbuf_append(b, tmp + cut, (size_t)n - cut);
        tc_free(tmp);
        return;
    }
    char digits[FLOAT_EXACT_DIGITS + 1];
    int decpt, nd;
    if (prec < 0) {
        nd = sig_digits(a, 0, digits, &decpt);
        layout_digits(b, digits, nd, decpt, 'r', 0, alt, true, 'e');
    } else {
        int64_t p = prec == 0 ? 1 : prec;
        nd = sig_digits(a, p, digits, &decpt);
        layout_digits(b, digits, nd, decpt, 'g', p, alt, true, 'e');
    }
}

static bool all_zero_digits(const char *s) {
    for (; *s && *s != 'e' && *s != 'E'; s++)
        if (*s >= '1' && *s <= '9') return false;
    return true;
}

static kn_obj *format_float_value(double v, fspec *f, const char *tname, kn_err *err) {
    char t = f->type;
    if (t == 'n') t = 'g';
    if (t && !strchr("eEfFgG%", t)) return unknown_code(f->type, tname, err), NULL;
    bool neg = signbit(v) && !isnan(v);
    double a = fabs(v);
    tc_strbuf body = {0};
    bool upper = t == 'E' || t == 'F' || t == 'G';
    if (t == '%') a *= 100.0;
    if (f->prec > INT_MAX) { /* CPython's limit for float formatting */
        tc_error_set(err, TC_EXC_VALUE, "precision too big");
        return NULL;
    }
    if (isinf(a) || isnan(a)) {
        tc_strbuf_puts(&body, isnan(a) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"));
    } else {
        float_body(a, t == '%' ? 'f' : t, f->prec, f->alt, &body);
        if (neg && f->z && all_zero_digits(body.data)) neg = false;
    }
    if (t == '%') tc_strbuf_putc(&body, '%');
    char prefix[2] = {0, 0};
    if (neg)
        prefix[0] = '-';
    else if (f->sign == '+' || f->sign == ' ')
        prefix[0] = f->sign;
    kn_obj *r;
    if (f->grouping && body.len && isdigit((unsigned char)body.data[0])) {
        size_t nd = 0;
        while (nd < body.len && isdigit((unsigned char)body.data[nd]))
            nd++;
        tc_strbuf g = {0};
        grouped_number(f, strlen(prefix), body.data, nd, body.data + nd, 3, &g);
        r = finish(f, prefix, g.data, g.len, '>', err);
        tc_strbuf_free(&g);
    } else {
        r = finish(f, prefix, body.data, body.len, '>', err);
    }
    tc_strbuf_free(&body);
    return r;
}

/* ---- str ----------------------------------------------------------------------------- */

static kn_obj *format_str(kn_obj *s, fspec *f, kn_err *err) {
    const char *msg = NULL;
    if (f->type && f->type != 's') return unknown_code(f->type, "str", err), NULL;
    if (f->sign)
        msg = f->sign == ' ' ? "Space not allowed in string format specifier"
                             : "Sign not allowed in string format specifier";
    else if (f->z)
        msg = "Negative zero coercion (z) not allowed in string format specifier";
    else if (f->alt)
        msg = "Alternate form (#) not allowed in string format specifier";
    else if (f->align == '=')
        msg = "'=' alignment not allowed in string format specifier";
    if (msg) {
        tc_error_set(err, TC_EXC_VALUE, "%s", msg);
        return NULL;
    }
    const kn_strobj *so = (const kn_strobj *)s;
    size_t n = so->n;
    if (f->prec >= 0 && f->prec < so->ncp) n = kn__str_offset(so, f->prec);
    return finish(f, "", so->s, n, '<', err);
}

/* ---- entry point --------------------------------------------------------------------- */

/* The str type's format slot: alignment, width and precision of text. */
kn_obj *kn__str_format_spec(kn_obj *self, const char *spec, kn_err *err) {
    fspec f;
    if (parse_spec(spec, "str", 's', &f, err) < 0) return NULL;
    return format_str(self, &f, err);
}

/* The format slot of int and bool: format(True, '') is 'True', format(True, 'd') is '1'. */
kn_obj *kn__int_format_spec(kn_obj *self, const char *spec, kn_err *err) {
    fspec f;
    if (!*spec) return kn_str(self, err);
    if (parse_spec(spec, self->type->name, 'd', &f, err) < 0) return NULL;
    return format_int(self, &f, self->type->name, err);
}

/* The float type's format slot. */
kn_obj *kn__float_format_spec(kn_obj *self, const char *spec, kn_err *err) {
    fspec f;
    if (!*spec) return kn_str(self, err);
    if (parse_spec(spec, "float", 0, &f, err) < 0) return NULL;
    return format_float_value(kn_float_value(self), &f, "float", err);
}

/* format(value, spec) through the value's format slot (see object.h). */
kn_obj *kn_format_value(kn_obj *value, const char *spec, kn_err *err) {
    if (!spec) spec = "";
    if (value->type->format) return value->type->format(value, spec, err);
    if (!*spec) return kn_str(value, err);
    tc_error_set(err, TC_EXC_TYPE, "unsupported format string passed to %s.__format__",
                 kn_type_name(value));
    return NULL;
}

/* ---- str.format ---------------------------------------------------------------------- */

typedef struct fmtstate {
    const kn_args *args;
    int auto_index; /* -1: manual numbering used */
    bool manual;
} fmtstate;

static kn_obj *field_value(fmtstate *st, const char *name, size_t n, kn_err *err) {
    size_t i = 0;
    while (i < n && name[i] != '.' && name[i] != '[')
        i++;
    kn_obj *v = NULL;
    if (i == 0) {
        if (st->manual) {
            tc_error_set(err, TC_EXC_VALUE,
                         "cannot switch from manual field specification to automatic field "
                         "numbering");
            return NULL;
        }
        int idx = st->auto_index++;
        if (idx >= st->args->npos) {
            tc_error_set(err, TC_EXC_INDEX,
                         "Replacement index %d out of range for positional args tuple", idx);
            return NULL;
        }
        v = kn_incref(st->args->pos[idx]);
    } else if (isdigit((unsigned char)name[0])) {
        if (st->auto_index > 0) {
            tc_error_set(err, TC_EXC_VALUE,
                         "cannot switch from automatic field numbering to manual field "
                         "specification");
            return NULL;
        }
        st->manual = true;
        long idx = strtol(name, NULL, 10);
        if (idx >= st->args->npos) {
            tc_error_set(err, TC_EXC_INDEX,
                         "Replacement index %ld out of range for positional args tuple", idx);
            return NULL;
        }
        v = kn_incref(st->args->pos[idx]);
    } else {
        for (int k = 0; k < st->args->nkw; k++)
            if (strlen(st->args->kwnames[k]) == i && strncmp(st->args->kwnames[k], name, i) == 0)
                v = kn_incref(st->args->kwvals[k]);
        if (!v) {
            tc_error_set(err, TC_EXC_KEY, "'%.*s'", (int)i, name);
            return NULL;
        }
    }
    while (i < n && v) {
        kn_obj *next;
        if (name[i] == '.') {
            size_t j = ++i;
            while (j < n && name[j] != '.' && name[j] != '[')
                j++;
            char attr[256];
            snprintf(attr, sizeof attr, "%.*s", (int)(j - i), name + i);
            next = kn_getattr(v, attr, err);
            i = j;
        } else {
            size_t j = ++i;
            while (j < n && name[j] != ']')
                j++;
            kn_obj *key;
            bool digits = j > i;
            for (size_t k = i; k < j; k++)
                digits = digits && isdigit((unsigned char)name[k]);
            key = digits ? kn_int_new(strtoll(name + i, NULL, 10)) : kn_str_new(name + i, j - i);
            next = kn_getitem(v, key, err);
            kn_decref(key);
            i = j + 1;
        }
        kn_decref(v);
        v = next;
    }
    return v;
}

static int format_field(fmtstate *st, const char *f, size_t n, tc_strbuf *out, int depth,
                        kn_err *err);

/* Expand nested {fields} inside a format spec. */
static int expand_spec(fmtstate *st, const char *s, size_t n, tc_strbuf *out, int depth,
                       kn_err *err) {
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '{') {
            tc_strbuf_putc(out, s[i]);
            continue;
        }
        size_t j = i + 1;
        while (j < n && s[j] != '}')
            j++;
        if (j >= n) return tc_error_set(err, TC_EXC_VALUE, "unmatched '{' in format spec");
        if (format_field(st, s + i + 1, j - i - 1, out, depth + 1, err) < 0) return -1;
        i = j;
    }
    return 0;
}

static int format_field(fmtstate *st, const char *f, size_t n, tc_strbuf *out, int depth,
                        kn_err *err) {
    if (depth > 2) return tc_error_set(err, TC_EXC_VALUE, "Max string recursion exceeded");
    size_t name_end = 0;
    int bracket = 0;
    while (name_end < n && (bracket || (f[name_end] != '!' && f[name_end] != ':'))) {
        if (f[name_end] == '[')
            bracket = 1;
        else if (f[name_end] == ']')
            bracket = 0;
        name_end++;
    }
    char conv = 0;
    size_t i = name_end;
    if (i < n && f[i] == '!') {
        if (i + 1 >= n)
            return tc_error_set(err, TC_EXC_VALUE,
                                "end of string while looking for conversion specifier");
        conv = f[i + 1];
        i += 2;
        if (i < n && f[i] != ':')
            return tc_error_set(err, TC_EXC_VALUE, "expected ':' after conversion specifier");
    }
    /* the field takes its automatic number before the fields nested in its spec, as in
     * CPython: '{:>{}}'.format(1, 5) is '    1' */
    kn_obj *v = field_value(st, f, name_end, err);
    if (!v) return -1;
    tc_strbuf spec = {0};
    if (i < n && f[i] == ':' && expand_spec(st, f + i + 1, n - i - 1, &spec, depth, err) < 0) {
        tc_strbuf_free(&spec);
        kn_decref(v);
        return -1;
    }
    if (v && conv) {
        kn_obj *c = NULL;
        if (conv == 'r')
            c = kn_repr(v, err);
        else if (conv == 'a')
            c = kn_ascii(v, err);
        else if (conv == 's')
            c = kn_str(v, err);
        else
            tc_error_set(err, TC_EXC_VALUE, "Unknown conversion specifier %c", conv);
        kn_decref(v);
        v = c;
    }
    kn_obj *r = v ? kn_format_value(v, spec.data ? spec.data : "", err) : NULL;
    kn_decref(v);
    tc_strbuf_free(&spec);
    if (!r) return -1;
    tc_strbuf_append(out, kn_str_cstr(r), kn_str_len(r));
    kn_decref(r);
    return 0;
}

kn_obj *kn__str_format(const char *s, size_t n, const kn_args *args, kn_err *err) {
    fmtstate st = {args, 0, false};
    tc_strbuf out = {0};
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '}') {
            if (i + 1 < n && s[i + 1] == '}') {
                tc_strbuf_putc(&out, '}');
                i++;
                continue;
            }
            tc_error_set(err, TC_EXC_VALUE, "Single '}' encountered in format string");
            goto fail;
        }
        if (c != '{') {
            tc_strbuf_putc(&out, c);
            continue;
        }
        if (i + 1 < n && s[i + 1] == '{') {
            tc_strbuf_putc(&out, '{');
            i++;
            continue;
        }
        size_t j = i + 1;
        int depth = 1;
        while (j < n) {
            if (s[j] == '{')
                depth++;
            else if (s[j] == '}' && --depth == 0)
                break;
            j++;
        }
        if (j >= n) {
            tc_error_set(err, TC_EXC_VALUE,
                         i + 1 >= n ? "Single '{' encountered in format string"
                                    : "expected '}' before end of string");
            goto fail;
        }
        if (format_field(&st, s + i + 1, j - i - 1, &out, 0, err) < 0) goto fail;
        i = j;
    }
    return kn__strbuf_finish(&out, err);
fail:
    tc_strbuf_free(&out);
    return NULL;
}

/* ---- helpers for printf-style formatting (str_percent.c) ------------------------------ */

kn_obj *kn__format_float_printf(double v, char type, int64_t prec, bool alt, char sign,
                                int64_t width, char align, bool zero, kn_err *err) {
    fspec f;
    memset(&f, 0, sizeof f);
    strcpy(f.fill, zero ? "0" : " ");
    f.align = align;
    f.sign = sign;
    f.alt = alt;
    f.width = width;
    f.prec = prec;
    f.type = type;
    return format_float_value(v, &f, "float", err);
}
