/*
 * Float to text as NumPy's Dragon4 (dragon4_positional / dragon4_scientific with
 * unique=True), Python's float repr, Python's "{:.4f}" / "{:.4e}", and NumPy scalars.
 *
 * The shortest digit string that uniquely identifies a value of its own type (float16,
 * float32 or float64) is found by round-tripping candidate roundings through the C
 * library's correctly rounded conversions. Where NumPy would generate more digits than
 * the shortest (a precision cutoff or min_digits), those digits are the exact binary
 * value rounded half-to-even, which is what glibc's printf produces.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format-impl.h"

typedef struct digits {
    char s[40]; /* significant digits, no leading zeros ("0" for zero) */
    int n;
    int e; /* decimal exponent of the first digit */
} digits;

/* Parse "%.*e" output of a non-negative value into digits. */
static void digits_from_sci(digits *d, const char *buf) {
    d->n = 0;
    const char *p = buf;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9') d->s[d->n++] = *p;
    d->s[d->n] = '\0';
    d->e = *p == 'e' ? atoi(p + 1) : 0;
}

/* Does the decimal string round back to v in type dt? */
static bool round_trips(const char *buf, double v, tc_dtype dt) {
    if (dt == TC_DTYPE_F64) return strtod(buf, NULL) == v;
    float f = strtof(buf, NULL);
    if (dt == TC_DTYPE_F32) return f == (float)v;
    return tc_f32_to_f16(f) == tc_f32_to_f16((float)v);
}

/* Render digits (possibly with a changed last digit) back to "%.*e"-style text. */
static void digits_to_sci(const digits *d, char *buf, size_t n) {
    int len = snprintf(buf, n, "%c.%se%d", d->s[0], d->s + 1, d->e);
    (void)len;
}

/* Add delta (+1/-1) in the last digit place; returns false when it would change length. */
static bool digits_bump(digits *d, int delta) {
    int i = d->n - 1;
    if (delta > 0) {
        while (i >= 0 && d->s[i] == '9')
            d->s[i--] = '0';
        if (i < 0) return false;
        d->s[i]++;
    } else {
        while (i >= 0 && d->s[i] == '0')
            d->s[i--] = '9';
        if (i < 0 || (i == 0 && d->s[0] == '1' && d->n > 1)) return false;
        d->s[i]--;
    }
    return true;
}

/* Is the gap below v half the gap above (a power of two that is not the smallest normal)? */
static bool unequal_margins(double v, tc_dtype dt) {
    int ex;
    double m = frexp(v, &ex);
    if (m != 0.5) return false;
    int min_ex = dt == TC_DTYPE_F64 ? -1021 : dt == TC_DTYPE_F32 ? -125 : -13;
    return ex > min_ex;
}

/* The p-significant-digit candidate for v that round-trips, closest first; false if none. */
static bool try_digits(double v, tc_dtype dt, int p, bool wide, digits *out) {
    char buf[64];
    snprintf(buf, sizeof buf, "%.*e", p - 1, v);
    if (round_trips(buf, v, dt)) {
        digits_from_sci(out, buf);
        return true;
    }
    if (!wide) return false;
    for (int delta = -1; delta <= 1; delta += 2) {
        digits d;
        char alt[64];
        digits_from_sci(&d, buf);
        if (!digits_bump(&d, delta)) continue;
        digits_to_sci(&d, alt, sizeof alt);
        if (round_trips(alt, v, dt)) {
            digits_from_sci(out, alt);
            return true;
        }
    }
    return false;
}

/* Shortest unique digits of finite v > 0 in type dt (NumPy's unique mode). */
static void shortest(double v, tc_dtype dt, digits *out) {
    int maxp = dt == TC_DTYPE_F64 ? 17 : dt == TC_DTYPE_F32 ? 9 : 5;
    bool wide = unequal_margins(v, dt);
    int lo = 1, hi = maxp;
    digits best;
    try_digits(v, dt, maxp, false, &best);
    /* Round-tripping of the closest rounding is monotone in the digit count. */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        digits d;
        if (try_digits(v, dt, mid, false, &d)) {
            best = d;
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    if (wide && best.n > 1) {
        digits d;
        if (try_digits(v, dt, best.n - 1, true, &d)) best = d;
    }
    /* Drop trailing zeros printf may leave ("1.0e+00" style never occurs, but be safe). */
    while (best.n > 1 && best.s[best.n - 1] == '0')
        best.s[--best.n] = '\0';
    *out = best;
}

static int put_nonfinite(tc_strbuf *b, double v) {
    if (isnan(v)) return tc_strbuf_append(b, "nan", 3);
    return v < 0 ? tc_strbuf_append(b, "-inf", 4) : tc_strbuf_append(b, "inf", 3);
}

/* Split "%.*f" output (of a non-negative value) into whole and fraction parts. */
static void split_fixed(const char *buf, char *whole, char *frac) {
    const char *dot = strchr(buf, '.');
    size_t wn = dot ? (size_t)(dot - buf) : strlen(buf);
    memcpy(whole, buf, wn);
    whole[wn] = '\0';
    strcpy(frac, dot ? dot + 1 : "");
}

/* Whole and fraction parts of the positional digits of finite a >= 0. */
static void positional_parts(double a, tc_dtype dt, int precision, int min_digits, char *whole,
                             char *frac) {
    if (a == 0) {
        strcpy(whole, "0");
        frac[0] = '\0';
        return;
    }
    digits d;
    shortest(a, dt, &d);
    int nfrac = d.n - 1 - d.e;
    if (nfrac < 0) nfrac = 0;
    int want = -1;
    if (precision >= 0 && nfrac > precision)
        want = precision;
    else if (min_digits >= 0 && nfrac < min_digits)
        want = min_digits;
    if (want >= 0) {
        char buf[1700];
        snprintf(buf, sizeof buf, "%.*f", want > 1000 ? 1000 : want, a);
        split_fixed(buf, whole, frac);
        return;
    }
    if (d.e >= 0) {
        int w = 0;
        for (int i = 0; i <= d.e; i++)
            whole[w++] = i < d.n ? d.s[i] : '0';
        whole[w] = '\0';
        strcpy(frac, d.n > d.e + 1 ? d.s + d.e + 1 : "");
    } else {
        strcpy(whole, "0");
        int f = 0;
        for (int i = 0; i < -d.e - 1; i++)
            frac[f++] = '0';
        strcpy(frac + f, d.s);
    }
}

/* The fraction tail shared by FormatPositional and FormatScientific: out[0, pos) ends with
 * the digits (nfrac of them after the point). Adds the point, LeaveOneZero's "0" or 'k''s
 * zeros up to min_digits, then trims per the mode; 'drop_point' is positional's '-' rule.
 * Returns the new length. */
static int fraction_tail(char *out, int pos, int *nfrac, char trim, int min_digits,
                         bool drop_point) {
    if (*nfrac == 0 && trim != '-') out[pos++] = '.';
    if (trim == '0' && *nfrac == 0) {
        out[pos++] = '0';
        ++*nfrac;
    } else if (trim == 'k') {
        for (; *nfrac < min_digits; ++*nfrac)
            out[pos++] = '0';
    }
    if (trim != 'k' && *nfrac > 0) {
        for (; out[pos - 1] == '0'; --*nfrac)
            pos--;
        if (out[pos - 1] == '.' && trim == '0') {
            out[pos++] = '0';
            ++*nfrac;
        } else if (out[pos - 1] == '.' && trim == '-' && drop_point) {
            pos--;
        }
    }
    return pos;
}

/* Positional output as NumPy's FormatPositional, from the whole/fraction parts onward. */
int tc__fmt_np_positional(tc_strbuf *b, double v, tc_dtype dt, int precision, int min_digits,
                          char trim, int pad_left, int pad_right) {
    if (!isfinite(v)) return put_nonfinite(b, v);
    char whole[400], frac[1200];
    positional_parts(fabs(v), dt, precision, min_digits, whole, frac);
    char out[1700];
    int has_sign = signbit(v) ? 1 : 0, pos = 0;
    if (has_sign) out[pos++] = '-';
    int nwhole = (int)strlen(whole), nfrac = (int)strlen(frac);
    memcpy(out + pos, whole, (size_t)nwhole);
    pos += nwhole;
    if (nfrac > 0) {
        out[pos++] = '.';
        memcpy(out + pos, frac, (size_t)nfrac);
        pos += nfrac;
    }
    pos = fraction_tail(out, pos, &nfrac, trim, min_digits, true);
    if (pad_right >= nfrac) {
        if (trim == '-' && nfrac == 0) out[pos++] = ' ';
        for (int c = pad_right - nfrac; c > 0; c--)
            out[pos++] = ' ';
    }
    if (pad_left > nwhole + has_sign && tc__fmt_strbuf_spaces(b, pad_left - nwhole - has_sign) < 0)
        return -1;
    return tc_strbuf_append(b, out, (size_t)pos);
}

/* Scientific output as NumPy's FormatScientific. */
int tc__fmt_np_scientific(tc_strbuf *b, double v, tc_dtype dt, int precision, int min_digits,
                          char trim, int pad_left, int exp_digits) {
    if (!isfinite(v)) return put_nonfinite(b, v);
    double a = fabs(v);
    digits d = {"0", 1, 0};
    if (a != 0) {
        shortest(a, dt, &d);
        int want = -1;
        if (precision >= 0 && d.n - 1 > precision)
            want = precision;
        else if (min_digits >= 0 && d.n - 1 < min_digits)
            want = min_digits;
        if (want >= 0) {
            char buf[400];
            snprintf(buf, sizeof buf, "%.*e", want, a);
            digits_from_sci(&d, buf);
        }
    }
    char out[512];
    int pos = 0, has_sign = signbit(v) ? 1 : 0;
    for (int i = 0; i < pad_left - (1 + has_sign); i++)
        out[pos++] = ' ';
    if (has_sign) out[pos++] = '-';
    out[pos++] = d.s[0];
    int nfrac = d.n - 1;
    if (nfrac > 0) {
        out[pos++] = '.';
        memcpy(out + pos, d.s + 1, (size_t)nfrac);
        pos += nfrac;
    }
    pos = fraction_tail(out, pos, &nfrac, trim, min_digits, false);
    int e = d.e, ed = exp_digits < 0 ? 2 : exp_digits > 5 ? 5 : exp_digits;
    out[pos++] = 'e';
    out[pos++] = e < 0 ? '-' : '+';
    pos += snprintf(out + pos, sizeof out - (size_t)pos, "%0*d", ed, e < 0 ? -e : e);
    return tc_strbuf_append(b, out, (size_t)pos);
}

/* Python "{:.Nf}".format(v). */
int tc__fmt_py_fixed(tc_strbuf *b, double v, int prec) {
    if (isnan(v)) return tc_strbuf_append(b, "nan", 3);
    return tc_strbuf_printf(b, "%.*f", prec, v);
}

/* Python "{:W.Ne}".format(v). */
int tc__fmt_py_sci(tc_strbuf *b, double v, int width, int prec) {
    if (isnan(v)) return tc_strbuf_printf(b, "%*s", width, "nan");
    return tc_strbuf_printf(b, "%*.*e", width, prec, v);
}

/* Python's repr(float): shortest round-trip digits, positional for 1e-4 <= |v| < 1e16. */
int tc_format_pyfloat(double v, tc_strbuf *out) {
    double a = fabs(v);
    if (a == 0 || (a >= 1e-4 && a < 1e16))
        return tc__fmt_np_positional(out, v, TC_DTYPE_F64, -1, -1, '0', -1, -1);
    return tc__fmt_np_scientific(out, v, TC_DTYPE_F64, -1, -1, '-', -1, -1);
}

/* NumPy's str of a float scalar: positional below a per-type cutoff, else scientific. */
static int numpy_float_str(tc_strbuf *out, double v, tc_dtype dt) {
    double a = fabs(v);
    double cut = dt == TC_DTYPE_F64 ? 1e16 : dt == TC_DTYPE_F32 ? 1e6 : 1e3;
    /* The 1e-4 bound is compared in the value's own type, as NumPy does. */
    double lo = dt == TC_DTYPE_F64   ? 1e-4
                : dt == TC_DTYPE_F32 ? (double)1e-4f
                                     : (double)tc_f16_to_f32(tc_f32_to_f16(1e-4f));
    if (!isfinite(v)) return put_nonfinite(out, v);
    if (a == 0 || (a < cut && a >= lo))
        return tc__fmt_np_positional(out, v, dt, -1, -1, '0', -1, -1);
    return tc__fmt_np_scientific(out, v, dt, -1, -1, '-', -1, -1);
}

/* NumPy scalar str ("6.0", "3", "True") or repr ("np.float32(6.0)", "np.True_"). */
/* One part of a complex scalar as NumPy writes it: the float text without a trailing ".0". */
static int complex_part_str(tc_strbuf *out, double v, tc_dtype rdt) {
    size_t at = out->len;
    if (numpy_float_str(out, v, rdt) < 0) return -1;
    if (out->len - at >= 2 && !memcmp(out->data + out->len - 2, ".0", 2)) {
        out->len -= 2;
        out->data[out->len] = '\0';
    }
    return 0;
}

/* str() of a complex scalar: "2j" when the real part is +0, else "(re+imj)". */
static int numpy_complex_str(tc_strbuf *out, const void *p, tc_dtype dt) {
    tc_dtype rdt = dt == TC_DTYPE_C64 ? TC_DTYPE_F32 : TC_DTYPE_F64;
    size_t es = rdt == TC_DTYPE_F32 ? 4 : 8;
    double re = tc__fmt_load_f64(p, rdt), im = tc__fmt_load_f64((const char *)p + es, rdt);
    if (re == 0 && !signbit(re)) {
        if (complex_part_str(out, im, rdt) < 0) return -1;
        return tc_strbuf_append(out, "j", 1);
    }
    if (tc_strbuf_append(out, "(", 1) < 0 || complex_part_str(out, re, rdt) < 0) return -1;
    if (!signbit(im) && tc_strbuf_append(out, "+", 1) < 0) return -1;
    if (complex_part_str(out, im, rdt) < 0) return -1;
    return tc_strbuf_append(out, "j)", 2);
}

int tc_format_numpy_scalar(const void *p, tc_dtype dt, bool repr, tc_strbuf *out, tc_error *err) {
    const char *name = tc__fmt_dtype_numpy_name(dt);
    if (!name || !name[0])
        return tc_error_set(err, TC_EXC_TYPE, "Got unsupported ScalarType BFloat16");
    int rc;
    size_t start = out->len;
    if (dt == TC_DTYPE_BOOL) {
        bool v = *(const unsigned char *)p != 0;
        if (repr) return tc_strbuf_append(out, v ? "np.True_" : "np.False_", v ? 8 : 9);
        return tc_strbuf_append(out, v ? "True" : "False", v ? 4 : 5);
    }
    if (repr && tc_strbuf_printf(out, "np.%s(", name) < 0) goto oom;
    if (dt == TC_DTYPE_C64 || dt == TC_DTYPE_C128) {
        size_t at = out->len;
        rc = numpy_complex_str(out, p, dt);
        if (rc == 0 && repr && out->data[at] == '(') { /* np.complex128(1+2j): one pair of parentheses */
            memmove(out->data + at, out->data + at + 1, out->len - at - 2);
            out->len -= 2;
            out->data[out->len] = '\0';
        }
    }
    else if (tc__fmt_dtype_is_float(dt))
        rc = numpy_float_str(out, tc__fmt_load_f64(p, dt), dt);
    else
        rc = tc_strbuf_printf(out, "%lld", (long long)tc__fmt_load_i64(p, dt));
    if (rc < 0 || (repr && tc_strbuf_append(out, ")", 1) < 0)) goto oom;
    return 0;
oom:
    if (out->data) {
        out->len = start;
        out->data[start] = '\0';
    }
    return tc_error_set(err, TC_EXC_MEMORY, "out of memory while formatting");
}
