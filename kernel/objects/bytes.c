/*
 * bytes: an immutable byte string with CPython's repr (b'\x00a\\'), indexing (an int),
 * slicing, concatenation, repetition, comparison, `in`, iteration over ints, the bytes()
 * constructor forms, decode/hex/fromhex and a few search methods, plus str.encode. Codecs:
 * utf-8, ascii and latin-1 (the kernel's strings are UTF-8).
 */
#include <ctype.h>

#include "kernel/objects/objects-impl.h"

typedef struct kn_bytesobj {
    kn_obj base;
    size_t n;
    bool hashed;
    int64_t hash;
    char s[]; /* n bytes, then a NUL */
} kn_bytesobj;

#define B(o) ((kn_bytesobj *)(o))

kn_obj *kn_bytes_new(const char *s, size_t n) {
    kn_bytesobj *b = (kn_bytesobj *)kn_obj_alloc(&kn_type_bytes, sizeof(kn_bytesobj) + n + 1, NULL);
    if (!b) return NULL;
    b->n = n;
    if (s && n) memcpy(b->s, s, n);
    b->s[n] = 0;
    return &b->base;
}

const char *kn_bytes_data(const kn_obj *b) {
    return ((const kn_bytesobj *)b)->s;
}
size_t kn_bytes_len(const kn_obj *b) {
    return ((const kn_bytesobj *)b)->n;
}

/* A new bytes of n bytes (contents to fill), MemoryError when too large. */
static kn_obj *bytes_alloc(double n, kn_err *err) {
    if (kn__check_alloc(n, err) < 0) return NULL;
    kn_obj *b = kn_bytes_new(NULL, (size_t)n);
    if (!b) kn_nomem(err);
    return b;
}

/* ---- codecs -------------------------------------------------------------------------- */

typedef enum { CODEC_UTF8, CODEC_ASCII, CODEC_LATIN1 } codec;

/* The codec named 'name' (Python's normalization: case, '-'/'_'/' ' ignored). */
static int find_codec(const char *name, codec *out, kn_err *err) {
    char norm[32];
    size_t n = 0;
    for (const char *p = name; *p && n + 1 < sizeof norm; p++)
        if (*p != '-' && *p != '_' && *p != ' ') norm[n++] = (char)tolower((unsigned char)*p);
    norm[n] = 0;
    if (!strcmp(norm, "utf8") || !strcmp(norm, "u8") || !strcmp(norm, "utf")) {
        *out = CODEC_UTF8;
    } else if (!strcmp(norm, "ascii") || !strcmp(norm, "usascii") || !strcmp(norm, "646")) {
        *out = CODEC_ASCII;
    } else if (!strcmp(norm, "latin1") || !strcmp(norm, "latin") || !strcmp(norm, "iso88591") ||
               !strcmp(norm, "l1")) {
        *out = CODEC_LATIN1;
    } else {
        return tc_error_set(err, TC_EXC_VALUE, "unknown encoding: %s", name);
    }
    return 0;
}

static const char *codec_name(codec c) {
    return c == CODEC_UTF8 ? "utf-8" : c == CODEC_ASCII ? "ascii" : "latin-1";
}

/* Encode UTF-8 text with a codec; errors: "strict", "ignore" or "replace". */
static kn_obj *encode(const char *s, size_t n, codec c, const char *errors, kn_err *err) {
    if (c == CODEC_UTF8) return kn_bytes_new(s, n);
    tc_strbuf b = {0};
    int64_t pos = 0;
    for (size_t i = 0; i < n; pos++) {
        size_t len;
        uint32_t cp = kn__utf8_decode((const unsigned char *)s + i, n - i, &len);
        i += len;
        uint32_t limit = c == CODEC_ASCII ? 128 : 256;
        if (cp < limit) {
            tc_strbuf_putc(&b, (char)cp);
        } else if (!strcmp(errors, "ignore")) {
        } else if (!strcmp(errors, "replace")) {
            tc_strbuf_putc(&b, '?');
        } else {
            tc_strbuf_free(&b);
            tc_error_set(err, TC_EXC_UNICODE_ENCODE,
                         cp < 0x100     ? "'%s' codec can't encode character '\\x%02x' in position "
                                          "%lld: ordinal not in range(%u)"
                         : cp < 0x10000 ? "'%s' codec can't encode character '\\u%04x' in "
                                          "position %lld: ordinal not in range(%u)"
                                        : "'%s' codec can't encode character '\\U%08x' in "
                                          "position %lld: ordinal not in range(%u)",
                         codec_name(c), cp, (long long)pos, limit);
            return NULL;
        }
    }
    kn_obj *r = b.failed ? NULL : kn_bytes_new(b.data, b.len);
    tc_strbuf_free(&b);
    if (!r) kn_nomem(err);
    return r;
}

/* Length of the valid UTF-8 sequence at p (n bytes left), 0 if invalid; *why: CPython's
 * reason and *bad: how many bytes it reports as one error. */
static size_t utf8_valid(const unsigned char *p, size_t n, const char **why, size_t *bad) {
    unsigned c = p[0];
    *bad = 1;
    if (c < 0x80) return 1;
    size_t need;
    unsigned lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
        need = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        need = 3;
        if (c == 0xe0) lo = 0xa0;
        if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        need = 4;
        if (c == 0xf0) lo = 0x90;
        if (c == 0xf4) hi = 0x8f;
    } else {
        *why = "invalid start byte";
        return 0;
    }
    for (size_t k = 1; k < need; k++) {
        if (k >= n) {
            *why = "unexpected end of data";
            *bad = k;
            return 0;
        }
        unsigned lo_k = k == 1 ? lo : 0x80, hi_k = k == 1 ? hi : 0xbf;
        if (p[k] < lo_k || p[k] > hi_k) {
            *why = "invalid continuation byte";
            *bad = k;
            return 0;
        }
    }
    return need;
}

static kn_obj *decode(const char *s, size_t n, codec c, const char *errors, kn_err *err) {
    tc_strbuf b = {0};
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        if (c == CODEC_LATIN1 || (c == CODEC_ASCII && p[i] < 0x80)) {
            if (p[i] < 0x80) {
                tc_strbuf_putc(&b, (char)p[i]);
            } else {
                tc_strbuf_putc(&b, (char)(0xc0 | (p[i] >> 6)));
                tc_strbuf_putc(&b, (char)(0x80 | (p[i] & 0x3f)));
            }
            i++;
            continue;
        }
        const char *why = "ordinal not in range(128)";
        size_t bad = 1, len = c == CODEC_UTF8 ? utf8_valid(p + i, n - i, &why, &bad) : 0;
        if (len) {
            tc_strbuf_append(&b, s + i, len);
            i += len;
            continue;
        }
        if (!strcmp(errors, "ignore")) {
        } else if (!strcmp(errors, "replace")) {
            tc_strbuf_puts(&b, "\xef\xbf\xbd");
        } else {
            tc_strbuf_free(&b);
            if (bad > 1)
                tc_error_set(err, TC_EXC_UNICODE_DECODE,
                             "'%s' codec can't decode bytes in position %zu-%zu: %s", codec_name(c),
                             i, i + bad - 1, why);
            else
                tc_error_set(err, TC_EXC_UNICODE_DECODE,
                             "'%s' codec can't decode byte 0x%02x in position %zu: %s",
                             codec_name(c), p[i], i, why);
            return NULL;
        }
        i += bad;
    }
    return kn__strbuf_finish(&b, err);
}

/* Bind (encoding='utf-8', errors='strict') as str.encode / bytes.decode take them. */
static int codec_args(const kn_args *args, const char *fname, codec *c, const char **errors,
                      kn_err *err) {
    static const char *names[] = {"encoding", "errors"};
    kn_obj *a[2];
    if (KN__BIND(args, fname, names, 0, a, err) < 0) return -1;
    for (int i = 0; i < 2; i++)
        if (a[i] && !kn_is(a[i], &kn_type_str))
            return tc_error_set(err, TC_EXC_TYPE, "%s() argument '%s' must be str, not %s", fname,
                                names[i], kn_type_name(a[i]));
    *errors = a[1] ? kn_str_cstr(a[1]) : "strict";
    if (strcmp(*errors, "strict") && strcmp(*errors, "ignore") && strcmp(*errors, "replace"))
        return tc_error_set(err, TC_EXC_VALUE, "unknown error handler name '%s'", *errors);
    return find_codec(a[0] ? kn_str_cstr(a[0]) : "utf-8", c, err);
}

/* str.encode(encoding='utf-8', errors='strict'). */
kn_obj *kn__str_encode(kn_obj *self, const kn_args *args, kn_err *err) {
    codec c;
    const char *errors;
    if (codec_args(args, "encode", &c, &errors, err) < 0) return NULL;
    return encode(kn_str_cstr(self), kn_str_len(self), c, errors, err);
}

kn_obj *kn__bytes_decode_args(kn_obj *obj, kn_obj *encoding, kn_obj *errors, kn_err *err) {
    if (!obj) return kn_str_new("", 0);
    if (!kn_is(obj, &kn_type_bytes)) {
        tc_error_set(err, TC_EXC_TYPE,
                     kn_is(obj, &kn_type_str) ? "decoding str is not supported"
                                              : "decoding to str: need a bytes-like object, %s "
                                                "found",
                     kn_type_name(obj));
        return NULL;
    }
    kn_obj *pos[2] = {encoding ? encoding : NULL, errors};
    kn_obj *u8 = NULL;
    if (!encoding && !(pos[0] = u8 = kn_str_from_cstr("utf-8"))) {
        kn_nomem(err);
        return NULL;
    }
    kn_args ca = {.pos = pos, .npos = errors ? 2 : 1};
    codec c;
    const char *errs;
    kn_obj *r = codec_args(&ca, "str", &c, &errs, err) < 0
                    ? NULL
                    : decode(B(obj)->s, B(obj)->n, c, errs, err);
    kn_decref(u8);
    return r;
}

/* ---- slots --------------------------------------------------------------------------- */

static kn_obj *bytes_repr(kn_obj *self, kn_err *err) {
    const unsigned char *s = (const unsigned char *)B(self)->s;
    size_t n = B(self)->n;
    char quote = '\'';
    if (memchr(s, '\'', n) && !memchr(s, '"', n)) quote = '"';
    tc_strbuf b = {0};
    if (kn__strbuf_room(&b, 4, (int64_t)n + 3, err) < 0) return NULL;
    tc_strbuf_putc(&b, 'b');
    tc_strbuf_putc(&b, quote);
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        if (c == (unsigned)quote || c == '\\')
            tc_strbuf_printf(&b, "\\%c", c);
        else if (c == '\t')
            tc_strbuf_puts(&b, "\\t");
        else if (c == '\n')
            tc_strbuf_puts(&b, "\\n");
        else if (c == '\r')
            tc_strbuf_puts(&b, "\\r");
        else if (c < ' ' || c >= 0x7f)
            tc_strbuf_printf(&b, "\\x%02x", c);
        else
            tc_strbuf_putc(&b, (char)c);
    }
    tc_strbuf_putc(&b, quote);
    return kn__strbuf_finish(&b, err);
}

static int64_t bytes_len(kn_obj *self, kn_err *err) {
    return (int64_t)B(self)->n;
}

static int bytes_hash(kn_obj *self, int64_t *out, kn_err *err) {
    kn_bytesobj *b = B(self);
    if (!b->hashed) {
        b->hash = kn__str_hash_bytes(b->s, b->n); /* equal to the str of the same bytes */
        b->hashed = true;
    }
    *out = b->hash;
    return 0;
}

static kn_obj *bytes_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    kn_bytesobj *b = B(self);
    if (kn_is(key, &kn_type_slice)) {
        int64_t start, stop, step, len;
        if (kn_slice_indices(key, (int64_t)b->n, &start, &stop, &step, &len, err) < 0) return NULL;
        if (step == 1) {
            kn_obj *r = kn_bytes_new(b->s + start, (size_t)len);
            if (!r) kn_nomem(err);
            return r;
        }
        kn_obj *r = bytes_alloc((double)len, err);
        if (!r) return NULL;
        for (int64_t i = 0; i < len; i++)
            B(r)->s[i] = b->s[start + i * step];
        return r;
    }
    if (kn_is(key, &kn_type_float) || kn_is(key, &kn_type_str) ||
        !(kn__is_int(key) || key->type->to_int)) {
        tc_error_set(err, TC_EXC_TYPE, "byte indices must be integers or slices, not %s",
                     kn_type_name(key));
        return NULL;
    }
    int64_t i;
    if (kn__seq_index(key, (int64_t)b->n, "", &i, err) < 0) {
        if (tc_error_is_set(err) && err->type == TC_EXC_INDEX) {
            tc_error_clear(err);
            tc_error_set(err, TC_EXC_INDEX, "index out of range");
        }
        return NULL;
    }
    return kn_int_new((unsigned char)b->s[i]);
}

/* A bytes-like operand (bytes), or NULL. */
static kn_bytesobj *as_bytes(kn_obj *o) {
    return kn_is(o, &kn_type_bytes) ? B(o) : NULL;
}

static kn_obj *bytes_repeat(kn_bytesobj *b, int64_t k, kn_err *err) {
    if (k < 0) k = 0;
    kn_obj *r = bytes_alloc((double)b->n * (double)k, err);
    if (!r) return NULL;
    for (int64_t i = 0; i < k; i++)
        memcpy(B(r)->s + (size_t)i * b->n, b->s, b->n);
    return r;
}

static kn_obj *bytes_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    kn_bytesobj *x = as_bytes(a), *y = as_bytes(b);
    if (op == KN_BINOP_ADD) {
        if (x && y) {
            kn_obj *r = bytes_alloc((double)x->n + (double)y->n, err);
            if (!r) return NULL;
            memcpy(B(r)->s, x->s, x->n);
            memcpy(B(r)->s + x->n, y->s, y->n);
            return r;
        }
        if (x) {
            tc_error_set(err, TC_EXC_TYPE, "can't concat %s to bytes", kn_type_name(b));
            return NULL;
        }
        return kn_notimpl();
    }
    if (op == KN_BINOP_MUL) {
        kn_bytesobj *seq = x ? x : y;
        kn_obj *count = x ? b : a;
        if (!kn__is_int(count)) {
            /* a type of its own (a tensor, a class with __rmul__) may still take the pair */
            const kn_type *t = count->type;
            bool builtin = t == &kn_type_float || t == &kn_type_complex || t == &kn_type_str ||
                           t == &kn_type_bytes || t == &kn_type_list || t == &kn_type_tuple ||
                           t == &kn_type_dict || t == &kn_type_set || t == &kn_type_frozenset;
            if (!builtin && t->binop) return kn_notimpl();
            if (builtin || !t->to_int) {
                tc_error_set(err, TC_EXC_TYPE, "can't multiply sequence by non-int of type '%s'",
                             kn_type_name(count));
                return NULL;
            }
        }
        int64_t k;
        if (kn_to_int64(count, &k, err) < 0) return NULL;
        return bytes_repeat(seq, k, err);
    }
    if (op == KN_BINOP_MOD && x) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "bytes %% formatting is not supported");
        return NULL;
    }
    return kn_notimpl();
}

static kn_obj *bytes_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    kn_bytesobj *x = as_bytes(a), *y = as_bytes(b);
    if (!x || !y) {
        if (op == KN_CMP_EQ || op == KN_CMP_NE) return kn_notimpl();
        return kn_notimpl();
    }
    size_t m = x->n < y->n ? x->n : y->n;
    int c = memcmp(x->s, y->s, m);
    if (c == 0) c = x->n < y->n ? -1 : x->n > y->n ? 1 : 0;
    bool r;
    switch (op) {
    case KN_CMP_LT:
        r = c < 0;
        break;
    case KN_CMP_LE:
        r = c <= 0;
        break;
    case KN_CMP_EQ:
        r = c == 0;
        break;
    case KN_CMP_NE:
        r = c != 0;
        break;
    case KN_CMP_GT:
        r = c > 0;
        break;
    default:
        r = c >= 0;
        break;
    }
    return kn_bool_new(r);
}

static const char *find_sub(const char *h, size_t hn, const char *nd, size_t nn) {
    if (nn == 0) return h;
    if (nn > hn) return NULL;
    return memmem(h, hn, nd, nn);
}

/* A single byte value from an int operand (`65 in b`), or -1 with the error set. */
static int byte_value(kn_obj *o, kn_err *err) {
    int64_t v;
    if (kn_to_int64(o, &v, err) < 0) return -1;
    if (v < 0 || v > 255) return tc_error_set(err, TC_EXC_VALUE, "byte must be in range(0, 256)");
    return (int)v;
}

static int bytes_contains(kn_obj *self, kn_obj *x, kn_err *err) {
    kn_bytesobj *b = B(self);
    if (kn__is_int(x)) {
        int v = byte_value(x, err);
        if (v < 0) return -1;
        return memchr(b->s, v, b->n) != NULL;
    }
    kn_bytesobj *sub = as_bytes(x);
    if (!sub)
        return tc_error_set(err, TC_EXC_TYPE, "a bytes-like object is required, not '%s'",
                            kn_type_name(x));
    return find_sub(b->s, b->n, sub->s, sub->n) != NULL;
}

static int bytes_truth(kn_obj *self, kn_err *err) {
    return B(self)->n != 0;
}

/* ---- iteration ----------------------------------------------------------------------- */

typedef struct bytesiter {
    kn_obj base;
    kn_obj *b;
    size_t i;
} bytesiter;

static void bytesiter_dealloc(kn_obj *self) {
    kn_decref(((bytesiter *)self)->b);
}
static kn_obj *bytesiter_self(kn_obj *self, kn_err *err) {
    return kn_incref(self);
}
static kn_obj *bytesiter_next(kn_obj *self, kn_err *err) {
    bytesiter *it = (bytesiter *)self;
    if (it->i >= B(it->b)->n) return NULL;
    return kn_int_new((unsigned char)B(it->b)->s[it->i++]);
}
static const kn_type type_bytesiter = {
    .name = "bytes_iterator",
    .qualname = "bytes_iterator",
    .dealloc = bytesiter_dealloc,
    .iter = bytesiter_self,
    .next = bytesiter_next,
};
static kn_obj *bytes_iter(kn_obj *self, kn_err *err) {
    bytesiter *it = (bytesiter *)kn_obj_alloc(&type_bytesiter, sizeof(bytesiter), err);
    if (!it) return NULL;
    it->b = kn_incref(self);
    return &it->base;
}

/* ---- methods ------------------------------------------------------------------------- */

static kn_obj *bm_decode(kn_obj *self, const kn_args *args, kn_err *err) {
    codec c;
    const char *errors;
    if (codec_args(args, "decode", &c, &errors, err) < 0) return NULL;
    return decode(B(self)->s, B(self)->n, c, errors, err);
}

static kn_obj *bm_hex(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"sep", "bytes_per_sep"};
    kn_obj *a[2];
    if (KN__BIND(args, "hex", names, 0, a, err) < 0) return NULL;
    const char *sep = NULL;
    if (a[0]) {
        if (!kn_is(a[0], &kn_type_str) || kn_str_len(a[0]) != 1) {
            tc_error_set(err, TC_EXC_VALUE, "sep must be length 1.");
            return NULL;
        }
        sep = kn_str_cstr(a[0]);
    }
    int64_t per = 1;
    if (a[1] && kn_to_int64(a[1], &per, err) < 0) return NULL;
    kn_bytesobj *b = B(self);
    tc_strbuf out = {0};
    if (kn__strbuf_room(&out, 3, (int64_t)b->n, err) < 0) return NULL;
    int64_t ap = per < 0 ? -per : per;
    for (size_t i = 0; i < b->n; i++) {
        /* a positive count groups from the right, a negative one from the left */
        if (sep && ap && i > 0) {
            bool cut = per > 0 ? (b->n - i) % (size_t)ap == 0 : i % (size_t)ap == 0;
            if (cut) tc_strbuf_puts(&out, sep);
        }
        tc_strbuf_printf(&out, "%02x", (unsigned char)b->s[i]);
    }
    return kn__strbuf_finish(&out, err);
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static kn_obj *bytes_fromhex(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"string"};
    kn_obj *a[1];
    if (KN__BIND(args, "fromhex", names, 1, a, err) < 0) return NULL;
    if (!kn_is(a[0], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "fromhex() argument must be str, not %s",
                     kn_type_name(a[0]));
        return NULL;
    }
    const char *s = kn_str_cstr(a[0]);
    size_t n = kn_str_len(a[0]);
    tc_strbuf out = {0};
    for (size_t i = 0; i < n;) {
        if (isspace((unsigned char)s[i])) {
            i++;
            continue;
        }
        int hi = hexval((unsigned char)s[i]);
        int lo = i + 1 < n ? hexval((unsigned char)s[i + 1]) : -1;
        if (hi < 0 || lo < 0) {
            tc_strbuf_free(&out);
            size_t at = hi < 0 ? i : i + 1;
            tc_error_set(err, TC_EXC_VALUE,
                         "non-hexadecimal number found in fromhex() arg at position %zu", at);
            return NULL;
        }
        tc_strbuf_putc(&out, (char)(hi * 16 + lo));
        i += 2;
    }
    kn_obj *r = out.failed ? NULL : kn_bytes_new(out.data, out.len);
    tc_strbuf_free(&out);
    if (!r) kn_nomem(err);
    return r;
}

/* The bytes argument of a search method (sub), or an int byte value in *one. */
static int sub_arg(kn_obj *o, const char *fname, const char **s, size_t *n, char *one,
                   kn_err *err) {
    if (kn_is(o, &kn_type_bytes)) {
        *s = B(o)->s;
        *n = B(o)->n;
        return 0;
    }
    if (kn__is_int(o)) {
        int v = byte_value(o, err);
        if (v < 0) return -1;
        *one = (char)v;
        *s = one;
        *n = 1;
        return 0;
    }
    return tc_error_set(err, TC_EXC_TYPE,
                        "argument should be integer or bytes-like object, not '%s'",
                        kn_type_name(o));
}

static kn_obj *search(kn_obj *self, const kn_args *args, const char *fname, int mode, kn_err *err) {
    static const char *names[] = {"sub", "start", "end"};
    kn_obj *a[3];
    if (KN__BIND(args, fname, names, 1, a, err) < 0) return NULL;
    const char *sub = NULL;
    size_t sn = 0;
    char one;
    if (sub_arg(a[0], fname, &sub, &sn, &one, err) < 0) return NULL;
    int64_t len = (int64_t)B(self)->n, start = 0, end = len;
    if (a[1] && a[1] != kn_none() && kn_to_int64(a[1], &start, err) < 0) return NULL;
    if (a[2] && a[2] != kn_none() && kn_to_int64(a[2], &end, err) < 0) return NULL;
    if (start < 0) start = start + len < 0 ? 0 : start + len;
    if (end < 0) end = end + len < 0 ? 0 : end + len;
    if (end > len) end = len;
    const char *h = B(self)->s;
    if (mode == 2) { /* count */
        int64_t c = 0;
        if (start > end) return kn_int_new(0);
        if (sn == 0) return kn_int_new(end - start + 1);
        for (int64_t i = start; i + (int64_t)sn <= end;) {
            const char *f = find_sub(h + i, (size_t)(end - i), sub, sn);
            if (!f) break;
            c++;
            i = (f - h) + (int64_t)sn;
        }
        return kn_int_new(c);
    }
    int64_t found = -1;
    if (start <= end && (int64_t)sn <= end - start) {
        if (mode == 3 || mode == 4) { /* rfind / rindex */
            for (int64_t i = end - (int64_t)sn; i >= start; i--)
                if (memcmp(h + i, sub, sn) == 0) {
                    found = i;
                    break;
                }
        } else {
            const char *f = find_sub(h + start, (size_t)(end - start), sub, sn);
            if (f) found = f - h;
        }
    }
    if (found < 0 && (mode == 1 || mode == 4)) {
        tc_error_set(err, TC_EXC_VALUE, "subsection not found");
        return NULL;
    }
    return kn_int_new(found);
}

static kn_obj *bm_find(kn_obj *self, const kn_args *args, kn_err *err) {
    return search(self, args, "find", 0, err);
}
static kn_obj *bm_index(kn_obj *self, const kn_args *args, kn_err *err) {
    return search(self, args, "index", 1, err);
}
static kn_obj *bm_count(kn_obj *self, const kn_args *args, kn_err *err) {
    return search(self, args, "count", 2, err);
}
static kn_obj *bm_rfind(kn_obj *self, const kn_args *args, kn_err *err) {
    return search(self, args, "rfind", 3, err);
}

static kn_obj *affix(kn_obj *self, const kn_args *args, const char *fname, bool end, kn_err *err) {
    if (args->nkw || args->npos != 1) {
        tc_error_set(err, TC_EXC_TYPE, "%s() takes exactly one argument (%d given)", fname,
                     args->npos);
        return NULL;
    }
    kn_obj *p = args->pos[0];
    kn_obj *const *items = &p;
    int64_t n = 1;
    if (kn_is(p, &kn_type_tuple)) {
        items = kn_tuple_items(p);
        n = kn_tuple_len(p);
    }
    kn_bytesobj *b = B(self);
    for (int64_t i = 0; i < n; i++) {
        if (!kn_is(items[i], &kn_type_bytes)) {
            tc_error_set(
                err, TC_EXC_TYPE,
                kn_is(p, &kn_type_tuple) ? "a bytes-like object is required, not '%s'"
                                         : "%s first arg must be bytes or a tuple of bytes, not %s",
                kn_is(p, &kn_type_tuple) ? kn_type_name(items[i]) : fname, kn_type_name(items[i]));
            return NULL;
        }
        kn_bytesobj *x = B(items[i]);
        if (x->n <= b->n && memcmp(end ? b->s + b->n - x->n : b->s, x->s, x->n) == 0)
            return kn_bool_new(true);
    }
    return kn_bool_new(false);
}

static kn_obj *bm_startswith(kn_obj *self, const kn_args *args, kn_err *err) {
    return affix(self, args, "startswith", false, err);
}
static kn_obj *bm_endswith(kn_obj *self, const kn_args *args, kn_err *err) {
    return affix(self, args, "endswith", true, err);
}

static kn_obj *bm_join(kn_obj *self, const kn_args *args, kn_err *err) {
    if (args->nkw || args->npos != 1) {
        tc_error_set(err, TC_EXC_TYPE, "join() takes exactly one argument (%d given)", args->npos);
        return NULL;
    }
    kn_obj *items = kn__list_from_iter(args->pos[0], err);
    if (!items) return NULL;
    tc_strbuf out = {0};
    for (int64_t i = 0; i < kn_list_len(items); i++) {
        kn_obj *x = kn_list_items(items)[i];
        if (!kn_is(x, &kn_type_bytes)) {
            tc_error_set(err, TC_EXC_TYPE,
                         "sequence item %lld: expected a bytes-like object, %s found", (long long)i,
                         kn_type_name(x));
            tc_strbuf_free(&out);
            kn_decref(items);
            return NULL;
        }
        if (i) tc_strbuf_append(&out, B(self)->s, B(self)->n);
        tc_strbuf_append(&out, B(x)->s, B(x)->n);
    }
    kn_decref(items);
    kn_obj *r = out.failed ? NULL : kn_bytes_new(out.data, out.len);
    tc_strbuf_free(&out);
    if (!r) kn_nomem(err);
    return r;
}

static kn_obj *map_bytes(kn_obj *self, const kn_args *args, const char *fname, int (*f)(int),
                         kn_err *err) {
    if (kn__no_args(args, fname, err) < 0) return NULL;
    kn_obj *r = kn_bytes_new(B(self)->s, B(self)->n);
    if (!r) {
        kn_nomem(err);
        return NULL;
    }
    for (size_t i = 0; i < B(r)->n; i++) {
        unsigned char c = (unsigned char)B(r)->s[i];
        if (c < 0x80) B(r)->s[i] = (char)f(c);
    }
    return r;
}
static kn_obj *bm_upper(kn_obj *self, const kn_args *args, kn_err *err) {
    return map_bytes(self, args, "upper", toupper, err);
}
static kn_obj *bm_lower(kn_obj *self, const kn_args *args, kn_err *err) {
    return map_bytes(self, args, "lower", tolower, err);
}

static const kn__method bytes_methods[] = {
    {"count", bm_count, "",
     "B.count(sub[, start[, end]]) -> int\n\nReturn the number of non-overlapping occurrences "
     "of subsection sub in\nbytes B[start:end]."},
    {"decode", bm_decode, "(self, /, encoding='utf-8', errors='strict')",
     "Decode the bytes using the codec registered for encoding."},
    {"endswith", bm_endswith, "",
     "B.endswith(suffix[, start[, end]]) -> bool\n\nReturn True if B ends with the specified "
     "suffix, False otherwise."},
    {"find", bm_find, "",
     "B.find(sub[, start[, end]]) -> int\n\nReturn the lowest index in B where subsection sub "
     "is found,\nsuch that sub is contained within B[start,end].\n\nReturn -1 on failure."},
    {"hex", bm_hex, "", "Create a string of hexadecimal numbers from a bytes object."},
    {"index", bm_index, "",
     "B.index(sub[, start[, end]]) -> int\n\nReturn the lowest index in B where subsection sub "
     "is found.\n\nRaises ValueError when the subsection is not found."},
    {"join", bm_join, "(self, iterable_of_bytes, /)", "Concatenate any number of bytes objects."},
    {"lower", bm_lower, "",
     "B.lower() -> copy of B\n\nReturn a copy of B with all ASCII "
     "characters converted to lowercase."},
    {"rfind", bm_rfind, "",
     "B.rfind(sub[, start[, end]]) -> int\n\nReturn the highest index in B where subsection "
     "sub is found.\n\nReturn -1 on failure."},
    {"startswith", bm_startswith, "",
     "B.startswith(prefix[, start[, end]]) -> bool\n\nReturn True if B starts with the "
     "specified prefix, False otherwise."},
    {"upper", bm_upper, "",
     "B.upper() -> copy of B\n\nReturn a copy of B with all ASCII "
     "characters converted to uppercase."},
    {NULL, NULL, NULL, NULL},
};

static kn_obj *bytes_getattr(kn_obj *self, const char *name, kn_err *err) {
    return kn__method_get(self, bytes_methods, name);
}
static int bytes_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    return kn__method_dir(bytes_methods, list);
}

/* ---- constructor --------------------------------------------------------------------- */

static kn_obj *bytes_from_iterable(kn_obj *x, kn_err *err) {
    kn_obj *it = kn_iter(x, err);
    if (!it) return NULL;
    tc_strbuf out = {0};
    kn_obj *v;
    uint64_t k = 0;
    while ((v = kn_next(it, err))) {
        int64_t iv;
        int rc;
        if (kn_is(v, &kn_type_float) || kn_is(v, &kn_type_str) ||
            !(kn__is_int(v) || v->type->to_int))
            rc = tc_error_set(err, TC_EXC_TYPE, "'%s' object cannot be interpreted as an integer",
                              kn_type_name(v));
        else
            rc = kn_to_int64(v, &iv, err);
        if (rc == 0 && (iv < 0 || iv > 255))
            rc = tc_error_set(err, TC_EXC_VALUE, "bytes must be in range(0, 256)");
        kn_decref(v);
        if (rc < 0 || kn__poll(++k, err) < 0) break;
        tc_strbuf_putc(&out, (char)iv);
    }
    kn_decref(it);
    if (tc_error_is_set(err)) {
        tc_strbuf_free(&out);
        return NULL;
    }
    kn_obj *r = out.failed ? NULL : kn_bytes_new(out.data, out.len);
    tc_strbuf_free(&out);
    if (!r) kn_nomem(err);
    return r;
}

static kn_obj *bytes_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    static const char *names[] = {"source", "encoding", "errors"};
    kn_obj *a[3];
    if (KN__BIND(args, "bytes", names, 0, a, err) < 0) return NULL;
    kn_obj *x = a[0];
    if (!x) {
        if (a[1] || a[2]) {
            tc_error_set(err, TC_EXC_TYPE,
                         a[1] ? "encoding without a string argument"
                              : "errors without a string argument");
            return NULL;
        }
        return kn_bytes_new("", 0);
    }
    if (kn_is(x, &kn_type_str)) {
        if (!a[1]) {
            tc_error_set(err, TC_EXC_TYPE, "string argument without an encoding");
            return NULL;
        }
        kn_obj *rest[2] = {a[1], a[2]};
        kn_args ca = {.pos = rest, .npos = a[2] ? 2 : 1};
        codec c;
        const char *errors;
        if (codec_args(&ca, "bytes", &c, &errors, err) < 0) return NULL;
        return encode(kn_str_cstr(x), kn_str_len(x), c, errors, err);
    }
    if (a[1] || a[2]) {
        tc_error_set(err, TC_EXC_TYPE,
                     a[1] ? "encoding without a string argument"
                          : "errors without a string argument");
        return NULL;
    }
    if (kn_is(x, &kn_type_bytes)) return kn_incref(x);
    if (kn__is_int(x)) {
        int64_t n;
        if (kn_to_int64(x, &n, err) < 0) return NULL;
        if (n < 0) {
            tc_error_set(err, TC_EXC_VALUE, "negative count");
            return NULL;
        }
        kn_obj *r = bytes_alloc((double)n, err);
        if (r) memset(B(r)->s, 0, (size_t)n);
        return r;
    }
    if (!x->type->iter) {
        tc_error_set(err, TC_EXC_TYPE, "cannot convert '%s' object to bytes", kn_type_name(x));
        return NULL;
    }
    return bytes_from_iterable(x, err);
}

/* bytes.fromhex as a class attribute; called once when the builtins are made. */
void kn__bytes_register(void) {
    static bool done;
    if (done) return;
    kn_obj *f = kn_cfunction_new("fromhex", bytes_fromhex, NULL, "(string, /)",
                                 "Create a bytes object from a string of hexadecimal numbers.\n\n"
                                 "Spaces between two numbers are accepted.\nExample: "
                                 "bytes.fromhex('B9 01EF') -> b'\\\\xb9\\\\x01\\\\xef'.");
    if (f && kn__type_add_attr(&kn_type_bytes, "fromhex", f) == 0) done = true;
    kn_decref(f);
}

const kn_type kn_type_bytes = {
    .name = "bytes",
    .qualname = "bytes",
    .doc = "bytes(iterable_of_ints) -> bytes\nbytes(string, encoding[, errors]) -> bytes\n"
           "bytes(bytes_or_buffer) -> immutable copy of bytes_or_buffer\nbytes(int) -> bytes "
           "object of size given by the parameter initialized with null bytes\nbytes() -> empty "
           "bytes object\n\nConstruct an immutable array of bytes from:\n  - an iterable "
           "yielding integers in range(256)\n  - a text string encoded using the specified "
           "encoding\n  - any object implementing the buffer API.\n  - an integer",
    .repr = bytes_repr,
    .getattr = bytes_getattr,
    .binop = bytes_binop,
    .compare = bytes_compare,
    .truth = bytes_truth,
    .len = bytes_len,
    .getitem = bytes_getitem,
    .iter = bytes_iter,
    .hash = bytes_hash,
    .dir = bytes_dir,
    .construct = bytes_construct,
    .contains = bytes_contains,
};
