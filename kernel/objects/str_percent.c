/*
 * printf-style formatting, 'fmt % args', with CPython 3.11's rules: %(key) mappings, the
 * flags - + space # 0, '*' width and precision, s r a c d i u x X o e E f F g G and %%,
 * and Python's error texts and check order (an argument is taken before the conversion
 * character is validated).
 */
#include <ctype.h>
#include <limits.h>

#include "kernel/objects/objects-impl.h"

typedef struct pct_spec {
    bool left, plus, space, alt, zero;
    int64_t width, prec; /* -1: absent */
    char type;
} pct_spec;

typedef struct pct_args {
    kn_obj *const *items;
    int64_t n, next;
    kn_obj *mapping;
} pct_args;

static kn_obj *next_arg(pct_args *pa, kn_err *err) {
    if (pa->next >= pa->n) {
        tc_error_set(err, TC_EXC_TYPE, "not enough arguments for format string");
        return NULL;
    }
    return kn_incref(pa->items[pa->next++]);
}

/* Pad 'body' (sign/prefix of length 'head' at its start) to the spec's width. */
static void pad_into(tc_strbuf *out, const pct_spec *s, const char *body, size_t n, size_t head,
                     bool zero_ok) {
    int64_t len = kn__utf8_count(body, n, NULL);
    int64_t pad = s->width > len ? s->width - len : 0;
    if (s->left) {
        tc_strbuf_append(out, body, n);
        kn__strbuf_repeat(out, " ", 1, pad, NULL);
    } else if (s->zero && zero_ok) {
        tc_strbuf_append(out, body, head);
        kn__strbuf_repeat(out, "0", 1, pad, NULL);
        tc_strbuf_append(out, body + head, n - head);
    } else {
        kn__strbuf_repeat(out, " ", 1, pad, NULL);
        tc_strbuf_append(out, body, n);
    }
}

static int conv_text(tc_strbuf *out, const pct_spec *s, kn_obj *v, kn_err *err) {
    kn_obj *t = s->type == 's'   ? kn_str(v, err)
                : s->type == 'r' ? kn_repr(v, err)
                                 : kn_ascii(v, err);
    if (!t) return -1;
    const kn_strobj *so = (const kn_strobj *)t;
    size_t n = so->n;
    if (s->prec >= 0 && s->prec < so->ncp) n = kn__str_offset(so, s->prec);
    pad_into(out, s, so->s, n, 0, false);
    kn_decref(t);
    return 0;
}

static int conv_char(tc_strbuf *out, const pct_spec *s, kn_obj *v, kn_err *err) {
    if (kn_is(v, &kn_type_str)) {
        if (((kn_strobj *)v)->ncp != 1)
            return tc_error_set(err, TC_EXC_TYPE, "%%c requires int or char");
        pad_into(out, s, kn_str_cstr(v), kn_str_len(v), 0, false);
        return 0;
    }
    if (!kn__is_int(v) && !(v->type->to_int && !kn_is(v, &kn_type_float)))
        return tc_error_set(err, TC_EXC_TYPE, "%%c requires int or char");
    int64_t c;
    if (kn__is_int(v) && kn__int_is_big(v))
        return tc_error_set(err, TC_EXC_OVERFLOW, "%%c arg not in range(0x110000)");
    if (kn_to_int64(v, &c, err) < 0) return -1;
    if (c < 0 || c > 0x10ffff)
        return tc_error_set(err, TC_EXC_OVERFLOW, "%%c arg not in range(0x110000)");
    kn_obj *i = kn_int_new(c);
    kn_obj *ch = kn_format_value(i, "c", err);
    kn_decref(i);
    if (!ch) return -1;
    pad_into(out, s, kn_str_cstr(ch), kn_str_len(ch), 0, false);
    kn_decref(ch);
    return 0;
}

static int conv_int(tc_strbuf *out, const pct_spec *s, kn_obj *v, kn_err *err) {
    kn_obj *iv; /* the value as an int of any size */
    if (s->type == 'x' || s->type == 'X' || s->type == 'o') {
        if (!kn__is_int(v) && !(v->type->to_int && !kn_is(v, &kn_type_float)))
            return tc_error_set(err, TC_EXC_TYPE, "%%%c format: an integer is required, not %s",
                                s->type, kn_type_name(v));
        int64_t x;
        if (kn__is_int(v))
            iv = kn__int_of_obj(v, err);
        else
            iv = kn_to_int64(v, &x, err) < 0 ? NULL : kn_int_new(x);
    } else {
        if (!kn__is_number(v) && !v->type->to_int && !v->type->to_float)
            return tc_error_set(err, TC_EXC_TYPE, "%%%c format: a real number is required, not %s",
                                s->type, kn_type_name(v));
        iv = kn__int_of_obj(v, err);
    }
    if (!iv) return -1;
    int base = s->type == 'o' ? 8 : (s->type == 'x' || s->type == 'X') ? 16 : 10;
    tc_strbuf digits = {0};
    if (kn__int_digits(iv, base, s->type == 'X', &digits, err) < 0) {
        tc_strbuf_free(&digits);
        kn_decref(iv);
        return -1;
    }
    bool negative = kn__int_sign(iv) < 0;
    kn_decref(iv);
    int64_t nd = (int64_t)digits.len;
    tc_strbuf body = {0};
    if (negative)
        tc_strbuf_putc(&body, '-');
    else if (s->plus)
        tc_strbuf_putc(&body, '+');
    else if (s->space)
        tc_strbuf_putc(&body, ' ');
    if (s->alt && base != 10) tc_strbuf_puts(&body, base == 8 ? "0o" : s->type == 'X' ? "0X" : "0x");
    size_t head = body.len;
    for (int64_t i = nd; i < s->prec; i++)
        tc_strbuf_putc(&body, '0');
    if (nd) tc_strbuf_append(&body, digits.data, digits.len);
    if (digits.failed) body.failed = true;
    tc_strbuf_free(&digits);
    pad_into(out, s, body.data, body.len, head, true);
    tc_strbuf_free(&body);
    return 0;
}

static int conv_float(tc_strbuf *out, const pct_spec *s, kn_obj *v, kn_err *err) {
    double d;
    if (kn_to_double(v, &d, err) < 0) return -1;
    char sign = s->plus ? '+' : s->space ? ' ' : 0;
    char align = s->left ? '<' : s->zero ? '=' : '>';
    kn_obj *r = kn__format_float_printf(d, s->type, s->prec, s->alt, sign, s->width, align,
                                        s->zero && !s->left, err);
    if (!r) return -1;
    tc_strbuf_append(out, kn_str_cstr(r), kn_str_len(r));
    kn_decref(r);
    return 0;
}

/* Read flags, width and precision at s[*k]; '*' takes them from the arguments. */
static int parse_directive(const char *s, size_t n, size_t *k, pct_spec *sp, pct_args *pa,
                           kn_err *err) {
    memset(sp, 0, sizeof *sp);
    sp->width = sp->prec = -1;
    for (; *k < n && s[*k] && strchr("-+ #0", s[*k]); (*k)++) {
        char c = s[*k];
        if (c == '-')
            sp->left = true;
        else if (c == '+')
            sp->plus = true;
        else if (c == ' ')
            sp->space = true;
        else if (c == '#')
            sp->alt = true;
        else
            sp->zero = true;
    }
    for (int part = 0; part < 2; part++) {
        int64_t *dst = part ? &sp->prec : &sp->width;
        if (part) {
            if (*k >= n || s[*k] != '.') break;
            (*k)++;
            *dst = 0;
        }
        if (*k < n && s[*k] == '*') {
            kn_obj *w = next_arg(pa, err);
            if (w && kn__is_int(w) && kn__int_is_big(w)) {
                kn_decref(w);
                return tc_error_set(err, TC_EXC_OVERFLOW, "Python int too large to convert to C %s",
                                    part ? "int" : "ssize_t");
            }
            int rc = w ? kn_to_int64(w, dst, err) : -1;
            kn_decref(w);
            if (rc < 0) return -1;
            /* CPython reads '*' values as a C int (width as Py_ssize_t) */
            if (part && *dst > INT_MAX)
                return tc_error_set(err, TC_EXC_OVERFLOW, "Python int too large to convert to C int");
            if (part && *dst < 0) *dst = 0;
            if (!part && *dst < 0) {
                if (*dst == INT64_MIN)
                    return tc_error_set(err, TC_EXC_OVERFLOW,
                                        "Python int too large to convert to C ssize_t");
                sp->left = true;
                *dst = -*dst;
            }
            (*k)++;
        } else {
            if (!part && *k < n && isdigit((unsigned char)s[*k])) *dst = 0;
            while (*k < n && isdigit((unsigned char)s[*k]))
                if (__builtin_mul_overflow(*dst, 10, dst) ||
                    __builtin_add_overflow(*dst, s[(*k)++] - '0', dst) || (part && *dst > INT_MAX))
                    return tc_error_set(err, TC_EXC_VALUE, part ? "precision too big" : "width too big");
        }
    }
    while (*k < n && s[*k] && strchr("hlL", s[*k]))
        (*k)++;
    if (*k >= n) return tc_error_set(err, TC_EXC_VALUE, "incomplete format");
    sp->type = s[(*k)++];
    return 0;
}

/* One directive starting just after '%' at s[*i]; appends its text. */
static int directive(const char *s, size_t n, size_t *i, pct_args *pa, tc_strbuf *out, kn_err *err) {
    size_t k = *i;
    if (k < n && s[k] == '%') {
        tc_strbuf_putc(out, '%');
        *i = k + 1;
        return 0;
    }
    kn_obj *v = NULL;
    if (k < n && s[k] == '(') {
        size_t j = k + 1;
        int depth = 1;
        while (j < n && (depth > 1 || s[j] != ')'))
            depth += (s[j] == '(') - (s[j] == ')'), j++;
        if (j >= n) return tc_error_set(err, TC_EXC_VALUE, "incomplete format key");
        if (!pa->mapping) return tc_error_set(err, TC_EXC_TYPE, "format requires a mapping");
        kn_obj *key = kn_str_new(s + k + 1, j - k - 1);
        v = kn_getitem(pa->mapping, key, err);
        kn_decref(key);
        if (!v) return -1;
        k = j + 1;
    }
    pct_spec sp;
    if (parse_directive(s, n, &k, &sp, pa, err) < 0 || (!v && !(v = next_arg(pa, err)))) {
        kn_decref(v);
        return -1;
    }
    *i = k;
    int rc;
    switch (sp.type) {
    case 's':
    case 'r':
    case 'a':
        rc = conv_text(out, &sp, v, err);
        break;
    case 'c':
        rc = conv_char(out, &sp, v, err);
        break;
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'o':
        rc = conv_int(out, &sp, v, err);
        break;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
        rc = conv_float(out, &sp, v, err);
        break;
    default:
        rc =
            tc_error_set(err, TC_EXC_VALUE, "unsupported format character '%c' (0x%x) at index %zu",
                         isprint((unsigned char)sp.type) ? sp.type : '?',
                         (unsigned)(unsigned char)sp.type, k - 1);
    }
    kn_decref(v);
    return rc;
}

kn_obj *kn__str_percent(kn_obj *fmt, kn_obj *args, kn_err *err) {
    pct_args pa = {0};
    if (kn_is(args, &kn_type_tuple)) {
        pa.items = kn_tuple_items(args);
        pa.n = kn_tuple_len(args);
    } else {
        pa.items = &args;
        pa.n = 1;
        /* as CPython: any non-tuple, non-str object with item access serves as mapping */
        if (args->type->getitem && !kn_is(args, &kn_type_str)) pa.mapping = args;
    }
    const char *s = kn_str_cstr(fmt);
    size_t n = kn_str_len(fmt);
    tc_strbuf out = {0};
    for (size_t i = 0; i < n; i++) {
        const char *pct = memchr(s + i, '%', n - i);
        size_t lit = pct ? (size_t)(pct - (s + i)) : n - i;
        tc_strbuf_append(&out, s + i, lit);
        i += lit;
        if (i >= n) break;
        size_t k = i + 1;
        if (directive(s, n, &k, &pa, &out, err) < 0) {
            tc_strbuf_free(&out);
            return NULL;
        }
        i = k - 1;
    }
    if (pa.next < pa.n && !pa.mapping) {
        tc_strbuf_free(&out);
        tc_error_set(err, TC_EXC_TYPE, "not all arguments converted during string formatting");
        return NULL;
    }
    return kn__strbuf_finish(&out, err);
}
