/*
 * str: immutable UTF-8 text indexed by code point, with Python's repr (quote choice and
 * escapes), concatenation, repetition, indexing, slicing, comparison and hashing. The
 * methods live in str_methods.c, printf-style '%' in str_format.c.
 */
#include "kernel/objects/objects-impl.h"
#include "kernel/objects/unicode_tables.h"

/* ---- construction -------------------------------------------------------------------- */

int64_t kn__utf8_count(const char *s, size_t n, bool *ascii) {
    int64_t c = 0;
    bool a = true;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x80) a = false;
        if ((ch & 0xC0) != 0x80) c++;
    }
    if (ascii) *ascii = a;
    return c;
}

kn_obj *kn_str_new(const char *s, size_t n) {
    size_t size;
    if (__builtin_add_overflow(sizeof(kn_strobj) + 1, n, &size)) return NULL;
    kn_strobj *o = (kn_strobj *)kn_obj_alloc(&kn_type_str, size, NULL);
    if (!o) return NULL;
    if (n) memcpy(o->s, s, n);
    o->s[n] = 0;
    o->n = n;
    o->ncp = kn__utf8_count(s, n, &o->ascii);
    return &o->base;
}

kn_obj *kn_str_from_cstr(const char *s) {
    return kn_str_new(s, strlen(s));
}

kn_obj *kn_str_printf(const char *fmt, ...) {
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *tmp = n < 0 ? NULL : tc_malloc((size_t)n + 1);
    if (tmp) vsnprintf(tmp, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    kn_obj *s = tmp ? kn_str_new(tmp, (size_t)n) : NULL;
    tc_free(tmp);
    return s;
}

const char *kn_str_cstr(const kn_obj *o) {
    return o ? ((const kn_strobj *)o)->s : "";
}
size_t kn_str_len(const kn_obj *o) {
    return o ? ((const kn_strobj *)o)->n : 0;
}

size_t kn__str_offset(const kn_strobj *s, int64_t i) {
    if (s->ascii) return (size_t)i;
    size_t off = 0;
    for (int64_t k = 0; k < i && off < s->n; k++) {
        off++;
        while (off < s->n && ((unsigned char)s->s[off] & 0xC0) == 0x80)
            off++;
    }
    return off;
}

/* ---- repr ---------------------------------------------------------------------------- */

uint32_t kn__utf8_decode(const unsigned char *p, size_t n, size_t *len) {
    unsigned c = p[0];
    if (c < 0x80 || n < 2) {
        *len = 1;
        return c;
    }
    if ((c & 0xE0) == 0xC0) {
        *len = 2;
        return ((c & 0x1F) << 6) | (p[1] & 0x3F);
    }
    if ((c & 0xF0) == 0xE0 && n >= 3) {
        *len = 3;
        return ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    }
    if (n >= 4) {
        *len = 4;
        return ((c & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    }
    *len = 1;
    return c;
}

/* str.isprintable() of one code point: outside the generated ranges of categories
 * Cc Cf Cs Co Cn Zl Zp Zs (the space excepted). */
static bool in_ranges(uint32_t c, const uint32_t (*r)[2], size_t n) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c < r[mid][0])
            hi = mid;
        else if (c > r[mid][1])
            lo = mid + 1;
        else
            return true;
    }
    return false;
}
#define IN_TABLE(c, t) in_ranges((c), (t), sizeof(t) / sizeof((t)[0]))

bool kn__cp_printable(uint32_t c) {
    if (c < 0x7F) return c >= 0x20;
    return !IN_TABLE(c, kn__nonprintable);
}

const char *kn__cp_casefold(uint32_t c) {
    size_t lo = 0, hi = sizeof kn__casefold / sizeof kn__casefold[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c < kn__casefold[mid].cp)
            hi = mid;
        else if (c > kn__casefold[mid].cp)
            lo = mid + 1;
        else
            return kn__casefold[mid].to;
    }
    return NULL;
}

bool kn__cp_identifier(uint32_t c, bool first) {
    if (c < 0x80) return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (!first && c >= '0' && c <= '9');
    return first ? IN_TABLE(c, kn__xid_start) : IN_TABLE(c, kn__xid_continue);
}

void kn__str_repr_into(tc_strbuf *b, const char *s, size_t n) {
    bool has_sq = memchr(s, '\'', n) != NULL, has_dq = memchr(s, '"', n) != NULL;
    char q = (has_sq && !has_dq) ? '"' : '\'';
    tc_strbuf_putc(b, q);
    for (size_t i = 0; i < n;) {
        size_t len;
        uint32_t c = kn__utf8_decode((const unsigned char *)s + i, n - i, &len);
        if (c == (uint32_t)q || c == '\\') {
            tc_strbuf_putc(b, '\\');
            tc_strbuf_putc(b, (char)c);
        } else if (c == '\n')
            tc_strbuf_puts(b, "\\n");
        else if (c == '\r')
            tc_strbuf_puts(b, "\\r");
        else if (c == '\t')
            tc_strbuf_puts(b, "\\t");
        else if (kn__cp_printable(c))
            tc_strbuf_append(b, s + i, len);
        else if (c < 0x100)
            tc_strbuf_printf(b, "\\x%02x", c);
        else if (c < 0x10000)
            tc_strbuf_printf(b, "\\u%04x", c);
        else
            tc_strbuf_printf(b, "\\U%08x", c);
        i += len;
    }
    tc_strbuf_putc(b, q);
}

kn_obj *kn_ascii(kn_obj *o, kn_err *err) {
    kn_obj *r = kn_repr(o, err);
    if (!r || ((kn_strobj *)r)->ascii) return r;
    const char *s = kn_str_cstr(r);
    size_t n = kn_str_len(r);
    tc_strbuf b = {0};
    for (size_t i = 0; i < n;) {
        size_t len;
        uint32_t c = kn__utf8_decode((const unsigned char *)s + i, n - i, &len);
        if (c < 0x80)
            tc_strbuf_putc(&b, (char)c);
        else if (c < 0x100)
            tc_strbuf_printf(&b, "\\x%02x", c);
        else if (c < 0x10000)
            tc_strbuf_printf(&b, "\\u%04x", c);
        else
            tc_strbuf_printf(&b, "\\U%08x", c);
        i += len;
    }
    kn_decref(r);
    return kn__strbuf_finish(&b, err);
}

static kn_obj *str_repr(kn_obj *self, kn_err *err) {
    tc_strbuf b = {0};
    kn__str_repr_into(&b, kn_str_cstr(self), kn_str_len(self));
    return kn__strbuf_finish(&b, err);
}

/* ---- operators ----------------------------------------------------------------------- */

static kn_obj *str_repeat(kn_obj *s, kn_obj *count, kn_err *err) {
    if (!kn__is_int(count) && !(count->type->to_int && !kn_is(count, &kn_type_float))) {
        tc_error_set(err, TC_EXC_TYPE, "can't multiply sequence by non-int of type '%s'",
                     kn_type_name(count));
        return NULL;
    }
    int64_t k;
    if (kn__index_value(count, TC_EXC_OVERFLOW, &k, err) < 0) return NULL;
    size_t n = kn_str_len(s);
    if (k <= 0 || n == 0) return kn_str_new("", 0);
    if (kn__check_alloc((double)n * (double)k, err) < 0) return NULL;
    kn_strobj *r =
        (kn_strobj *)kn_obj_alloc(&kn_type_str, sizeof(kn_strobj) + n * (size_t)k + 1, err);
    if (!r) return NULL;
    for (int64_t i = 0; i < k; i++)
        memcpy(r->s + (size_t)i * n, kn_str_cstr(s), n);
    r->n = n * (size_t)k;
    r->s[r->n] = 0;
    r->ncp = ((kn_strobj *)s)->ncp * k;
    r->ascii = ((kn_strobj *)s)->ascii;
    return &r->base;
}

kn_obj *kn__str_percent(kn_obj *fmt, kn_obj *args, kn_err *err);

static kn_obj *str_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    bool as = kn_is(a, &kn_type_str), bs = kn_is(b, &kn_type_str);
    if (op == KN_BINOP_ADD && as && bs) {
        tc_strbuf buf = {0};
        tc_strbuf_append(&buf, kn_str_cstr(a), kn_str_len(a));
        tc_strbuf_append(&buf, kn_str_cstr(b), kn_str_len(b));
        return kn__strbuf_finish(&buf, err);
    }
    if (op == KN_BINOP_MOD && as) return kn__str_percent(a, b, err);
    /* Let the other operand's type try first (tensor.__radd__), as Python's sq_concat. */
    if (as && !bs && b->type->binop) {
        kn_obj *r = b->type->binop(op, a, b, err);
        if (r != kn_notimpl()) return r;
    }
    if (op == KN_BINOP_ADD && as) {
        tc_error_set(err, TC_EXC_TYPE, "can only concatenate str (not \"%s\") to str",
                     kn_type_name(b));
        return NULL;
    }
    if (op == KN_BINOP_MUL) return as ? str_repeat(a, b, err) : str_repeat(b, a, err);
    return kn_notimpl();
}

static kn_obj *str_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (!kn_is(a, &kn_type_str) || !kn_is(b, &kn_type_str)) return kn_notimpl();
    size_t na = kn_str_len(a), nb = kn_str_len(b);
    int c = memcmp(kn_str_cstr(a), kn_str_cstr(b), na < nb ? na : nb);
    if (c == 0) c = na < nb ? -1 : na > nb;
    switch (op) {
    case KN_CMP_LT:
        return kn_bool_new(c < 0);
    case KN_CMP_LE:
        return kn_bool_new(c <= 0);
    case KN_CMP_EQ:
        return kn_bool_new(c == 0);
    case KN_CMP_NE:
        return kn_bool_new(c != 0);
    case KN_CMP_GT:
        return kn_bool_new(c > 0);
    default:
        return kn_bool_new(c >= 0);
    }
}

int64_t kn__str_hash_bytes(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return (int64_t)(h >> 1); /* never negative, so never -1 */
}

static int str_hash(kn_obj *self, int64_t *out, kn_err *err) {
    kn_strobj *s = (kn_strobj *)self;
    if (!s->hashed) {
        s->hash = kn__str_hash_bytes(s->s, s->n);
        s->hashed = true;
    }
    *out = s->hash;
    return 0;
}

static int64_t str_len(kn_obj *self, kn_err *err) {
    return ((kn_strobj *)self)->ncp;
}

/* A new str of code points [start, stop) with step, from a str object. */
static kn_obj *str_slice(kn_strobj *s, int64_t start, int64_t step, int64_t count, kn_err *err) {
    if (step == 1) {
        size_t a = kn__str_offset(s, start), z = kn__str_offset(s, start + count);
        return kn_str_new(s->s + a, z - a);
    }
    tc_strbuf b = {0};
    for (int64_t k = 0, i = start; k < count; k++, i += step) {
        size_t a = kn__str_offset(s, i), z = kn__str_offset(s, i + 1);
        tc_strbuf_append(&b, s->s + a, z - a);
    }
    return kn__strbuf_finish(&b, err);
}

static kn_obj *str_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    kn_strobj *s = (kn_strobj *)self;
    if (kn_is(key, &kn_type_slice)) {
        int64_t start, stop, step, count;
        if (kn_slice_indices(key, s->ncp, &start, &stop, &step, &count, err) < 0) return NULL;
        return str_slice(s, start, step, count, err);
    }
    if (!kn__is_int(key) && !(key->type->to_int && !kn_is(key, &kn_type_float))) {
        tc_error_set(err, TC_EXC_TYPE, "string indices must be integers, not '%s'",
                     kn_type_name(key));
        return NULL;
    }
    int64_t i = 0;
    if (kn__seq_index(key, s->ncp, "string", &i, err) < 0) return NULL;
    return str_slice(s, i, 1, 1, err);
}

static kn_obj *str_iter(kn_obj *self, kn_err *err) {
    return kn__seqiter_new(&kn__type_str_iter, self);
}

kn_obj *kn__str_construct(const kn_type *type, const kn_args *args, kn_err *err);

/* `sub in s`: a substring search over the bytes, so text with NUL characters works. */
static int str_contains(kn_obj *self, kn_obj *item, kn_err *err) {
    if (!kn_is(item, &kn_type_str))
        return tc_error_set(err, TC_EXC_TYPE,
                            "'in <string>' requires string as left operand, not %s",
                            kn_type_name(item));
    return memmem(kn_str_cstr(self), kn_str_len(self), kn_str_cstr(item), kn_str_len(item)) !=
           NULL;
}

const kn_type kn_type_str = {
    .name = "str",
    .qualname = "str",
    .doc = "str(object='') -> str\n\nCreate a new string object from the given object.",
    .repr = str_repr,
    .getattr = kn__str_getattr,
    .binop = str_binop,
    .compare = str_compare,
    .len = str_len,
    .getitem = str_getitem,
    .iter = str_iter,
    .hash = str_hash,
    .dir = kn__str_dir,
    .construct = kn__str_construct,
    .contains = str_contains,
    .format = kn__str_format_spec,
};
