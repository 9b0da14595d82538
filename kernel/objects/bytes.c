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

/* bytearray: the same bytes in a buffer that grows; every method of bytes reads either kind
 * through BS/BN, and a method that makes bytes gives a bytearray for a bytearray (like()). */
typedef struct kn_bytearrayobj {
    kn_obj base;
    size_t n, cap;
    char *s; /* cap + 1 bytes (NULL while nothing was stored): n used, then a NUL */
} kn_bytearrayobj;

#define BA(o) ((kn_bytearrayobj *)(o))

static inline bool is_bytelike(const kn_obj *o) {
    return kn_is(o, &kn_type_bytes) || kn_is(o, &kn_type_bytearray);
}
static inline const char *BS(const kn_obj *o) {
    return kn_is(o, &kn_type_bytes) ? ((const kn_bytesobj *)o)->s
           : ((const kn_bytearrayobj *)o)->s ? ((const kn_bytearrayobj *)o)->s
                                              : "";
}
static inline size_t BN(const kn_obj *o) {
    return kn_is(o, &kn_type_bytes) ? ((const kn_bytesobj *)o)->n : ((const kn_bytearrayobj *)o)->n;
}

/* r (a new bytes, stolen; NULL passes through) as the kind of self: a bytearray copy for a
 * bytearray self. */
static kn_obj *like(const kn_obj *self, kn_obj *r, kn_err *err) {
    if (!r || !kn_is(self, &kn_type_bytearray)) return r;
    kn_obj *ba = kn_bytearray_new(B(r)->s, B(r)->n);
    kn_decref(r);
    if (!ba) kn_nomem(err);
    return ba;
}

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
    if (!is_bytelike(obj)) {
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
                    : decode(BS(obj), BN(obj), c, errs, err);
    kn_decref(u8);
    return r;
}

/* ---- slots --------------------------------------------------------------------------- */

/* b'...' for self's bytes; a bytearray escapes a single quote even inside double quotes. */
static kn_obj *bytes_repr(kn_obj *self, kn_err *err) {
    const unsigned char *s = (const unsigned char *)BS(self);
    size_t n = BN(self);
    char quote = '\'';
    if (memchr(s, '\'', n) && !memchr(s, '"', n)) quote = '"';
    tc_strbuf b = {0};
    if (kn__strbuf_room(&b, 4, (int64_t)n + 3, err) < 0) return NULL;
    tc_strbuf_putc(&b, 'b');
    tc_strbuf_putc(&b, quote);
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        if (c == (unsigned)quote || c == '\\' || (c == '\'' && kn_is(self, &kn_type_bytearray)))
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
    return (int64_t)BN(self);
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
    const char *bs = BS(self);
    size_t bn = BN(self);
    if (kn_is(key, &kn_type_slice)) {
        int64_t start, stop, step, len;
        if (kn_slice_indices(key, (int64_t)bn, &start, &stop, &step, &len, err) < 0) return NULL;
        if (step == 1) {
            kn_obj *r = kn_bytes_new(bs + start, (size_t)len);
            if (!r) kn_nomem(err);
            return like(self, r, err);
        }
        kn_obj *r = bytes_alloc((double)len, err);
        if (!r) return NULL;
        for (int64_t i = 0; i < len; i++)
            B(r)->s[i] = bs[start + i * step];
        return like(self, r, err);
    }
    if (kn_is(key, &kn_type_float) || kn_is(key, &kn_type_str) ||
        !(kn__is_int(key) || key->type->to_int)) {
        tc_error_set(err, TC_EXC_TYPE, "%s indices must be integers or slices, not %s",
                     kn_is(self, &kn_type_bytes) ? "byte" : "bytearray", kn_type_name(key));
        return NULL;
    }
    int64_t i;
    if (kn__seq_index(key, (int64_t)bn, "", &i, err) < 0) {
        if (tc_error_is_set(err) && err->type == TC_EXC_INDEX) {
            tc_error_clear(err);
            tc_error_set(err, TC_EXC_INDEX, kn_is(self, &kn_type_bytes)
                                                ? "index out of range"
                                                : "bytearray index out of range");
        }
        return NULL;
    }
    return kn_int_new((unsigned char)bs[i]);
}

/* b repeated k times: a new bytes (the caller makes it a bytearray where it must be one). */
static kn_obj *bytes_repeat(kn_obj *b, int64_t k, kn_err *err) {
    if (k < 0) k = 0;
    const char *s = BS(b);
    size_t n = BN(b);
    kn_obj *r = bytes_alloc((double)n * (double)k, err);
    if (!r) return NULL;
    for (int64_t i = 0; i < k; i++)
        memcpy(B(r)->s + (size_t)i * n, s, n);
    return r;
}

static kn_obj *bytes_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    kn_obj *x = is_bytelike(a) ? a : NULL, *y = is_bytelike(b) ? b : NULL;
    if (op == KN_BINOP_ADD) {
        if (x && y) {
            kn_obj *r = bytes_alloc((double)BN(x) + (double)BN(y), err);
            if (!r) return NULL;
            memcpy(B(r)->s, BS(x), BN(x));
            memcpy(B(r)->s + BN(x), BS(y), BN(y));
            return like(x, r, err);
        }
        if (x) {
            tc_error_set(err, TC_EXC_TYPE, "can't concat %s to %s", kn_type_name(b), kn_type_name(a));
            return NULL;
        }
        return kn_notimpl();
    }
    if (op == KN_BINOP_MUL) {
        kn_obj *seq = x ? x : y;
        kn_obj *count = x ? b : a;
        if (!kn__is_int(count)) {
            /* a type of its own (a tensor, a class with __rmul__) may still take the pair */
            const kn_type *t = count->type;
            bool builtin = t == &kn_type_float || t == &kn_type_complex || t == &kn_type_str ||
                           is_bytelike(count) || t == &kn_type_list || t == &kn_type_tuple ||
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
        return like(seq, bytes_repeat(seq, k, err), err);
    }
    if (op == KN_BINOP_MOD && x) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "%s %% formatting is not supported",
                     kn_type_name(x));
        return NULL;
    }
    return kn_notimpl();
}

static kn_obj *bytes_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (!is_bytelike(a) || !is_bytelike(b)) return kn_notimpl();
    size_t xn = BN(a), yn = BN(b);
    size_t m = xn < yn ? xn : yn;
    int c = memcmp(BS(a), BS(b), m);
    if (c == 0) c = xn < yn ? -1 : xn > yn ? 1 : 0;
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
    if (kn__is_int(x)) {
        int v = byte_value(x, err);
        if (v < 0) return -1;
        return memchr(BS(self), v, BN(self)) != NULL;
    }
    if (!is_bytelike(x))
        return tc_error_set(err, TC_EXC_TYPE, "a bytes-like object is required, not '%s'",
                            kn_type_name(x));
    return find_sub(BS(self), BN(self), BS(x), BN(x)) != NULL;
}

static int bytes_truth(kn_obj *self, kn_err *err) {
    return BN(self) != 0;
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
    if (it->i >= BN(it->b)) return NULL;
    return kn_int_new((unsigned char)BS(it->b)[it->i++]);
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
    return decode(BS(self), BN(self), c, errors, err);
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
    const char *bs = BS(self);
    size_t bn = BN(self);
    tc_strbuf out = {0};
    if (kn__strbuf_room(&out, 3, (int64_t)bn, err) < 0) return NULL;
    int64_t ap = per < 0 ? -per : per;
    for (size_t i = 0; i < bn; i++) {
        /* a positive count groups from the right, a negative one from the left */
        if (sep && ap && i > 0) {
            bool cut = per > 0 ? (bn - i) % (size_t)ap == 0 : i % (size_t)ap == 0;
            if (cut) tc_strbuf_puts(&out, sep);
        }
        tc_strbuf_printf(&out, "%02x", (unsigned char)bs[i]);
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
    if (is_bytelike(o)) {
        *s = BS(o);
        *n = BN(o);
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
    int64_t len = (int64_t)BN(self), start = 0, end = len;
    if (a[1] && a[1] != kn_none() && kn_to_int64(a[1], &start, err) < 0) return NULL;
    if (a[2] && a[2] != kn_none() && kn_to_int64(a[2], &end, err) < 0) return NULL;
    if (start < 0) start = start + len < 0 ? 0 : start + len;
    if (end < 0) end = end + len < 0 ? 0 : end + len;
    if (end > len) end = len;
    const char *h = BS(self);
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
    const char *bs = BS(self);
    size_t bn = BN(self);
    for (int64_t i = 0; i < n; i++) {
        if (!is_bytelike(items[i])) {
            tc_error_set(
                err, TC_EXC_TYPE,
                kn_is(p, &kn_type_tuple) ? "a bytes-like object is required, not '%s'"
                                         : "%s first arg must be bytes or a tuple of bytes, not %s",
                kn_is(p, &kn_type_tuple) ? kn_type_name(items[i]) : fname, kn_type_name(items[i]));
            return NULL;
        }
        size_t xn = BN(items[i]);
        if (xn <= bn && memcmp(end ? bs + bn - xn : bs, BS(items[i]), xn) == 0)
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
        if (!is_bytelike(x)) {
            tc_error_set(err, TC_EXC_TYPE,
                         "sequence item %lld: expected a bytes-like object, %s found", (long long)i,
                         kn_type_name(x));
            tc_strbuf_free(&out);
            kn_decref(items);
            return NULL;
        }
        if (i) tc_strbuf_append(&out, BS(self), BN(self));
        tc_strbuf_append(&out, BS(x), BN(x));
    }
    kn_decref(items);
    kn_obj *r = out.failed ? NULL : kn_bytes_new(out.data, out.len);
    tc_strbuf_free(&out);
    if (!r) kn_nomem(err);
    return like(self, r, err);
}

static kn_obj *map_bytes(kn_obj *self, const kn_args *args, const char *fname, int (*f)(int),
                         kn_err *err) {
    if (kn__no_args(args, fname, err) < 0) return NULL;
    kn_obj *r = kn_bytes_new(BS(self), BN(self));
    if (!r) {
        kn_nomem(err);
        return NULL;
    }
    for (size_t i = 0; i < B(r)->n; i++) {
        unsigned char c = (unsigned char)B(r)->s[i];
        if (c < 0x80) B(r)->s[i] = (char)f(c);
    }
    return like(self, r, err);
}
static kn_obj *bm_upper(kn_obj *self, const kn_args *args, kn_err *err) {
    return map_bytes(self, args, "upper", toupper, err);
}
static kn_obj *bm_lower(kn_obj *self, const kn_args *args, kn_err *err) {
    return map_bytes(self, args, "lower", tolower, err);
}

/* A new bytes (or bytearray, as self) of n bytes at s. */
static kn_obj *mk(const kn_obj *self, const char *s, size_t n, kn_err *err) {
    kn_obj *r = kn_bytes_new(s, n);
    if (!r) kn_nomem(err);
    return like(self, r, err);
}

static bool is_space(unsigned char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* A bytes-like argument (borrowed view), or -1 with CPython's TypeError. */
static int view_arg(kn_obj *o, const char **s, size_t *n, kn_err *err) {
    *s = "";
    *n = 0;
    if (!is_bytelike(o))
        return tc_error_set(err, TC_EXC_TYPE, "a bytes-like object is required, not '%s'",
                            kn_type_name(o));
    *s = BS(o);
    *n = BN(o);
    return 0;
}

/* Append the piece [s, s+n) to list as self's kind; -1 with err. */
static int push_piece(kn_obj *list, const kn_obj *self, const char *s, size_t n, kn_err *err) {
    kn_obj *p = mk(self, s, n, err);
    if (!p) return -1;
    int rc = kn_list_append(list, p);
    kn_decref(p);
    return rc < 0 ? kn_nomem(err) : 0;
}

static kn_obj *split_impl(kn_obj *self, const kn_args *args, const char *fname, bool right,
                          kn_err *err) {
    static const char *names[] = {"sep", "maxsplit"};
    kn_obj *a[2];
    if (KN__BIND(args, fname, names, 0, a, err) < 0) return NULL;
    const char *sep = NULL;
    size_t sn = 0;
    if (a[0] && a[0] != kn_none()) {
        if (view_arg(a[0], &sep, &sn, err) < 0) return NULL;
        if (sn == 0) {
            tc_error_set(err, TC_EXC_VALUE, "empty separator");
            return NULL;
        }
    }
    int64_t maxsplit = -1;
    if (a[1] && kn_to_int64(a[1], &maxsplit, err) < 0) return NULL;
    if (maxsplit < 0) maxsplit = INT64_MAX;
    const char *h = BS(self);
    size_t n = BN(self);
    kn_obj *out = kn_list_new(0);
    if (!out) {
        kn_nomem(err);
        return NULL;
    }
    /* pieces are found in order from their end (right) and reversed at the end */
    int rc = 0;
    if (!sep) {
        if (!right) {
            size_t i = 0;
            while (rc == 0) {
                while (i < n && is_space((unsigned char)h[i]))
                    i++;
                if (i >= n) break;
                size_t j = i;
                if (maxsplit-- <= 0) { /* the rest as it is */
                    rc = push_piece(out, self, h + i, n - i, err);
                    break;
                }
                while (j < n && !is_space((unsigned char)h[j]))
                    j++;
                rc = push_piece(out, self, h + i, j - i, err);
                i = j;
            }
        } else {
            size_t j = n;
            while (rc == 0) {
                while (j > 0 && is_space((unsigned char)h[j - 1]))
                    j--;
                if (j == 0) break;
                size_t i = j;
                if (maxsplit-- <= 0) { /* the rest as it is */
                    rc = push_piece(out, self, h, j, err);
                    break;
                }
                while (i > 0 && !is_space((unsigned char)h[i - 1]))
                    i--;
                rc = push_piece(out, self, h + i, j - i, err);
                j = i;
            }
        }
    } else if (!right) {
        size_t i = 0;
        while (rc == 0) {
            const char *f = maxsplit-- > 0 ? find_sub(h + i, n - i, sep, sn) : NULL;
            if (!f || sn > n - i) {
                rc = push_piece(out, self, h + i, n - i, err);
                break;
            }
            rc = push_piece(out, self, h + i, (size_t)(f - (h + i)), err);
            i = (size_t)(f - h) + sn;
        }
    } else {
        size_t j = n;
        while (rc == 0) {
            int64_t at = -1;
            if (maxsplit-- > 0 && j >= sn)
                for (int64_t k = (int64_t)(j - sn); k >= 0; k--)
                    if (memcmp(h + k, sep, sn) == 0) {
                        at = k;
                        break;
                    }
            if (at < 0) {
                rc = push_piece(out, self, h, j, err);
                break;
            }
            rc = push_piece(out, self, h + at + sn, j - (size_t)at - sn, err);
            j = (size_t)at;
        }
    }
    if (rc < 0) {
        kn_decref(out);
        return NULL;
    }
    if (right) { /* found right to left */
        kn_obj **it = kn_list_items(out);
        for (int64_t i = 0, k = kn_list_len(out) - 1; i < k; i++, k--) {
            kn_obj *t = it[i];
            it[i] = it[k];
            it[k] = t;
        }
    }
    return out;
}
static kn_obj *bm_split(kn_obj *self, const kn_args *args, kn_err *err) {
    return split_impl(self, args, "split", false, err);
}
static kn_obj *bm_rsplit(kn_obj *self, const kn_args *args, kn_err *err) {
    return split_impl(self, args, "rsplit", true, err);
}

/* strip/lstrip/rstrip: which ends (1 left, 2 right, 3 both). */
static kn_obj *strip_impl(kn_obj *self, const kn_args *args, const char *fname, int ends,
                          kn_err *err) {
    if (args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "%s() takes no keyword arguments", fname);
        return NULL;
    }
    if (args->npos > 1) {
        tc_error_set(err, TC_EXC_TYPE, "%s expected at most 1 argument, got %d", fname, args->npos);
        return NULL;
    }
    const char *chars = NULL;
    size_t cn = 0;
    if (args->npos && args->pos[0] != kn_none() && view_arg(args->pos[0], &chars, &cn, err) < 0)
        return NULL;
    const char *h = BS(self);
    size_t i = 0, j = BN(self);
#define STRIPPED(c) (chars ? memchr(chars, (c), cn) != NULL : is_space((unsigned char)(c)))
    if (ends & 1)
        while (i < j && STRIPPED(h[i]))
            i++;
    if (ends & 2)
        while (j > i && STRIPPED(h[j - 1]))
            j--;
#undef STRIPPED
    return mk(self, h + i, j - i, err);
}
static kn_obj *bm_strip(kn_obj *self, const kn_args *args, kn_err *err) {
    return strip_impl(self, args, "strip", 3, err);
}
static kn_obj *bm_lstrip(kn_obj *self, const kn_args *args, kn_err *err) {
    return strip_impl(self, args, "lstrip", 1, err);
}
static kn_obj *bm_rstrip(kn_obj *self, const kn_args *args, kn_err *err) {
    return strip_impl(self, args, "rstrip", 2, err);
}

static kn_obj *bm_replace(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"old", "new", "count"};
    kn_obj *a[3];
    if (KN__BIND(args, "replace", names, 2, a, err) < 0) return NULL;
    const char *os, *ns;
    size_t on, nn;
    if (view_arg(a[0], &os, &on, err) < 0 || view_arg(a[1], &ns, &nn, err) < 0) return NULL;
    int64_t count = -1;
    if (a[2] && kn_to_int64(a[2], &count, err) < 0) return NULL;
    if (count < 0) count = INT64_MAX;
    const char *h = BS(self);
    size_t n = BN(self);
    tc_strbuf out = {0};
    size_t i = 0;
    if (on == 0) { /* new goes before each byte and at the end */
        for (; i <= n && count > 0; count--) {
            tc_strbuf_append(&out, ns, nn);
            if (i < n) tc_strbuf_putc(&out, h[i]);
            i++;
        }
        if (i < n) tc_strbuf_append(&out, h + i, n - i);
    } else {
        while (count-- > 0) {
            const char *f = find_sub(h + i, n - i, os, on);
            if (!f) break;
            tc_strbuf_append(&out, h + i, (size_t)(f - (h + i)));
            tc_strbuf_append(&out, ns, nn);
            i = (size_t)(f - h) + on;
        }
        tc_strbuf_append(&out, h + i, n - i);
    }
    kn_obj *r = out.failed ? NULL : mk(self, out.data, out.len, err);
    if (out.failed) kn_nomem(err);
    tc_strbuf_free(&out);
    return r;
}

static kn_obj *partition_impl(kn_obj *self, const kn_args *args, const char *fname, bool right,
                              kn_err *err) {
    if (args->nkw || args->npos != 1) {
        tc_error_set(err, TC_EXC_TYPE, "%s() takes exactly one argument (%d given)", fname,
                     args->npos + args->nkw);
        return NULL;
    }
    const char *sep, *h = BS(self);
    size_t sn, n = BN(self);
    if (view_arg(args->pos[0], &sep, &sn, err) < 0) return NULL;
    if (sn == 0) {
        tc_error_set(err, TC_EXC_VALUE, "empty separator");
        return NULL;
    }
    int64_t at = -1;
    if (!right) {
        const char *f = find_sub(h, n, sep, sn);
        if (f) at = f - h;
    } else if (sn <= n) {
        for (int64_t k = (int64_t)(n - sn); k >= 0 && at < 0; k--)
            if (memcmp(h + k, sep, sn) == 0) at = k;
    }
    kn_obj *t = kn_tuple_new(3);
    if (!t) {
        kn_nomem(err);
        return NULL;
    }
    if (at < 0) {
        kn_tuple_set(t, right ? 2 : 0, mk(self, h, n, err));
        kn_tuple_set(t, 1, mk(self, "", 0, err));
        kn_tuple_set(t, right ? 0 : 2, mk(self, "", 0, err));
    } else {
        kn_tuple_set(t, 0, mk(self, h, (size_t)at, err));
        /* bytes gives the separator object itself (a bytearray stays one), as CPython */
        kn_tuple_set(t, 1, kn_is(self, &kn_type_bytes) ? kn_incref(args->pos[0])
                                                       : mk(self, sep, sn, err));
        kn_tuple_set(t, 2, mk(self, h + at + sn, n - (size_t)at - sn, err));
    }
    if (tc_error_is_set(err)) {
        kn_decref(t);
        return NULL;
    }
    return t;
}
static kn_obj *bm_partition(kn_obj *self, const kn_args *args, kn_err *err) {
    return partition_impl(self, args, "partition", false, err);
}
static kn_obj *bm_rpartition(kn_obj *self, const kn_args *args, kn_err *err) {
    return partition_impl(self, args, "rpartition", true, err);
}

static kn_obj *affix_remove(kn_obj *self, const kn_args *args, const char *fname, bool suffix,
                            kn_err *err) {
    if (args->nkw || args->npos != 1) {
        tc_error_set(err, TC_EXC_TYPE, "%s() takes exactly one argument (%d given)", fname,
                     args->npos + args->nkw);
        return NULL;
    }
    const char *p, *h = BS(self);
    size_t pn, n = BN(self);
    if (view_arg(args->pos[0], &p, &pn, err) < 0) return NULL;
    if (pn <= n && pn && memcmp(suffix ? h + n - pn : h, p, pn) == 0)
        return mk(self, suffix ? h : h + pn, n - pn, err);
    return mk(self, h, n, err);
}
static kn_obj *bm_removeprefix(kn_obj *self, const kn_args *args, kn_err *err) {
    return affix_remove(self, args, "removeprefix", false, err);
}
static kn_obj *bm_removesuffix(kn_obj *self, const kn_args *args, kn_err *err) {
    return affix_remove(self, args, "removesuffix", true, err);
}

static kn_obj *bm_splitlines(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"keepends"};
    kn_obj *a[1];
    if (KN__BIND(args, "splitlines", names, 0, a, err) < 0) return NULL;
    int keep = a[0] ? kn_truth(a[0], err) : 0;
    if (keep < 0) return NULL;
    const char *h = BS(self);
    size_t n = BN(self), i = 0;
    kn_obj *out = kn_list_new(0);
    if (!out) {
        kn_nomem(err);
        return NULL;
    }
    while (i < n) {
        size_t j = i;
        while (j < n && h[j] != '\n' && h[j] != '\r')
            j++;
        size_t eol = j;
        if (j < n) j += h[j] == '\r' && j + 1 < n && h[j + 1] == '\n' ? 2 : 1;
        if (push_piece(out, self, h + i, (keep ? j : eol) - i, err) < 0) {
            kn_decref(out);
            return NULL;
        }
        i = j;
    }
    return out;
}

static kn_obj *bm_rindex(kn_obj *self, const kn_args *args, kn_err *err) {
    return search(self, args, "rindex", 4, err);
}

/* The is*() tests over ASCII: which (0 digit, 1 alpha, 2 alnum, 3 space, 4 lower, 5 upper). */
static kn_obj *is_impl(kn_obj *self, const kn_args *args, const char *fname, int which,
                       kn_err *err) {
    if (kn__no_args(args, fname, err) < 0) return NULL;
    const unsigned char *h = (const unsigned char *)BS(self);
    size_t n = BN(self);
    if (n == 0) return kn_bool_new(false);
    bool cased = false;
    for (size_t i = 0; i < n; i++) {
        unsigned c = h[i];
        bool ok = true;
        switch (which) {
        case 0: ok = c >= '0' && c <= '9'; break;
        case 1: ok = c < 0x80 && isalpha((int)c); break;
        case 2: ok = c < 0x80 && isalnum((int)c); break;
        case 3: ok = is_space((unsigned char)c); break;
        case 4: ok = !(c >= 'A' && c <= 'Z'); cased |= c >= 'a' && c <= 'z'; break;
        default: ok = !(c >= 'a' && c <= 'z'); cased |= c >= 'A' && c <= 'Z'; break;
        }
        if (!ok) return kn_bool_new(false);
    }
    return kn_bool_new(which < 4 || cased);
}
#define KN__BYTES_IS(name, which)                                                 \
    static kn_obj *bm_##name(kn_obj *self, const kn_args *args, kn_err *err) {   \
        return is_impl(self, args, #name, which, err);                           \
    }
KN__BYTES_IS(isdigit, 0)
KN__BYTES_IS(isalpha, 1)
KN__BYTES_IS(isalnum, 2)
KN__BYTES_IS(isspace, 3)
KN__BYTES_IS(islower, 4)
KN__BYTES_IS(isupper, 5)
#undef KN__BYTES_IS

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
    {"isalnum", bm_isalnum, "(self, /)", "B.isalnum() -> bool\n\nReturn True if all characters in B are alphanumeric\nand there is at least one character in B, False otherwise."},
    {"isalpha", bm_isalpha, "(self, /)", "B.isalpha() -> bool\n\nReturn True if all characters in B are alphabetic\nand there is at least one character in B, False otherwise."},
    {"isdigit", bm_isdigit, "(self, /)", "B.isdigit() -> bool\n\nReturn True if all characters in B are digits\nand there is at least one character in B, False otherwise."},
    {"islower", bm_islower, "(self, /)", "B.islower() -> bool\n\nReturn True if all cased characters in B are lowercase and there is\nat least one cased character in B, False otherwise."},
    {"isspace", bm_isspace, "(self, /)", "B.isspace() -> bool\n\nReturn True if all characters in B are whitespace\nand there is at least one character in B, False otherwise."},
    {"isupper", bm_isupper, "(self, /)", "B.isupper() -> bool\n\nReturn True if all cased characters in B are uppercase and there is\nat least one cased character in B, False otherwise."},
    {"lstrip", bm_lstrip, "(self, bytes=None, /)", "Strip leading bytes contained in the argument.\n\nIf the argument is omitted or None, strip leading  ASCII whitespace."},
    {"partition", bm_partition, "(self, sep, /)", "Partition the bytes into three parts using the given separator."},
    {"removeprefix", bm_removeprefix, "(self, prefix, /)", "Return a bytes object with the given prefix string removed if present."},
    {"removesuffix", bm_removesuffix, "(self, suffix, /)", "Return a bytes object with the given suffix string removed if present."},
    {"replace", bm_replace, "(self, old, new, count=-1, /)", "Return a copy with all occurrences of substring old replaced by new."},
    {"rindex", bm_rindex, "", "B.rindex(sub[, start[, end]]) -> int\n\nReturn the highest index in B where subsection sub is found.\n\nRaise ValueError when the subsection is not found."},
    {"rpartition", bm_rpartition, "(self, sep, /)", "Partition the bytes into three parts using the given separator, searching from the end."},
    {"rsplit", bm_rsplit, "(self, /, sep=None, maxsplit=-1)", "Return a list of the sections in the bytes, using sep as the delimiter, starting at the end."},
    {"rstrip", bm_rstrip, "(self, bytes=None, /)", "Strip trailing bytes contained in the argument.\n\nIf the argument is omitted or None, strip trailing ASCII whitespace."},
    {"splitlines", bm_splitlines, "(self, /, keepends=False)",
     "Return a list of the lines in the bytes, breaking at line boundaries.\n\nLine breaks are "
     "not included in the resulting list unless keepends is given and\ntrue."},
    {"split", bm_split, "(self, /, sep=None, maxsplit=-1)", "Return a list of the sections in the bytes, using sep as the delimiter."},
    {"strip", bm_strip, "(self, bytes=None, /)", "Strip leading and trailing bytes contained in the argument.\n\nIf the argument is omitted or None, strip leading and trailing ASCII whitespace."},
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

/* The bytes of an iterable of ints (array: bytearray's message for a value out of range). */
static kn_obj *bytes_from_iterable(kn_obj *x, bool array, kn_err *err) {
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
            rc = tc_error_set(err, TC_EXC_VALUE, array ? "byte must be in range(0, 256)"
                                                        : "bytes must be in range(0, 256)");
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

/* bytes(...) and bytearray(...) (array): the new value as a bytes object. */
static kn_obj *construct_bytes(const kn_args *args, bool array, kn_err *err) {
    static const char *names[] = {"source", "encoding", "errors"};
    const char *kind = array ? "bytearray" : "bytes";
    kn_obj *a[3];
    if (KN__BIND(args, kind, names, 0, a, err) < 0) return NULL;
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
        if (codec_args(&ca, kind, &c, &errors, err) < 0) return NULL;
        return encode(kn_str_cstr(x), kn_str_len(x), c, errors, err);
    }
    if (a[1] || a[2]) {
        tc_error_set(err, TC_EXC_TYPE,
                     a[1] ? "encoding without a string argument"
                          : "errors without a string argument");
        return NULL;
    }
    if (kn_is(x, &kn_type_bytes)) return kn_incref(x);
    if (kn_is(x, &kn_type_bytearray)) {
        kn_obj *r = kn_bytes_new(BS(x), BN(x));
        if (!r) kn_nomem(err);
        return r;
    }
    kn_obj *conv = array ? NULL : kn_instance_method(x, "__bytes__");
    if (conv) { /* a class's own conversion */
        kn_obj *r = kn_call_simple(conv, &x, 1, err);
        if (r && !kn_is(r, &kn_type_bytes)) {
            tc_error_set(err, TC_EXC_TYPE, "__bytes__ returned non-bytes (type %s)", kn_type_name(r));
            kn_decref(r);
            return NULL;
        }
        return r;
    }
    if (kn__is_int(x)) {
        int64_t n;
        if (kn__index_value(x, TC_EXC_OVERFLOW, &n, err) < 0) return NULL;
        if (n < 0) {
            tc_error_set(err, TC_EXC_VALUE, "negative count");
            return NULL;
        }
        kn_obj *r = bytes_alloc((double)n, err);
        if (r) memset(B(r)->s, 0, (size_t)n);
        return r;
    }
    if (!x->type->iter) {
        tc_error_set(err, TC_EXC_TYPE, "cannot convert '%s' object to %s", kn_type_name(x), kind);
        return NULL;
    }
    return bytes_from_iterable(x, array, err);
}

static kn_obj *bytes_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    return construct_bytes(args, false, err);
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

/* ---- bytearray ----------------------------------------------------------------------- */

/* Make room for n bytes (and the NUL) and set the length to n; new bytes are left as they are. */
static int ba_resize(kn_obj *self, size_t n, kn_err *err) {
    kn_bytearrayobj *b = BA(self);
    if (n > b->cap || !b->s) {
        if (kn__check_alloc((double)n + 1, err) < 0) return -1;
        size_t cap = n < 8 ? 8 : n + (n >> 3) + 8; /* CPython's growth: an eighth more */
        char *p = tc_realloc(b->s, cap + 1);
        if (!p) return kn_nomem(err);
        b->s = p;
        b->cap = cap;
    }
    b->n = n;
    b->s[n] = 0;
    return 0;
}

kn_obj *kn_bytearray_new(const char *s, size_t n) {
    kn_obj *r = kn_obj_alloc(&kn_type_bytearray, sizeof(kn_bytearrayobj), NULL);
    if (!r) return NULL;
    kn_err e = {0};
    if (ba_resize(r, n, &e) < 0) {
        tc_error_clear(&e);
        kn_decref(r);
        return NULL;
    }
    if (n) memcpy(BA(r)->s, s, n);
    return r;
}

static void ba_dealloc(kn_obj *self) {
    tc_free(BA(self)->s);
}

static kn_obj *ba_repr(kn_obj *self, kn_err *err) {
    kn_obj *inner = bytes_repr(self, err);
    if (!inner) return NULL;
    kn_obj *r = kn_str_printf("bytearray(%s)", kn_str_cstr(inner));
    kn_decref(inner);
    if (!r) kn_nomem(err);
    return r;
}

/* Replace the bytes [start, stop) with n bytes at s (which may be self's own buffer). */
static int ba_splice(kn_obj *self, size_t start, size_t stop, const char *s, size_t n,
                     kn_err *err) {
    size_t old = BA(self)->n, tail = old - stop;
    char *copy = NULL;
    if (n && s >= BA(self)->s && s < BA(self)->s + old + 1) { /* b[i:j] = b */
        if (!(copy = tc_malloc(n))) return kn_nomem(err);
        memcpy(copy, s, n);
        s = copy;
    }
    size_t nn = old - (stop - start) + n;
    if (nn > old && ba_resize(self, nn, err) < 0) {
        tc_free(copy);
        return -1;
    }
    char *d = BA(self)->s;
    memmove(d + start + n, d + stop, tail);
    if (n) memcpy(d + start, s, n);
    tc_free(copy);
    if (nn <= old) ba_resize(self, nn, err); /* shrinking never allocates */
    return 0;
}

/* The bytes a slice assignment or extend takes from v: a new bytes, or NULL with err. */
static kn_obj *ba_source(kn_obj *v, const char *what, kn_err *err) {
    if (is_bytelike(v)) {
        kn_obj *r = kn_bytes_new(BS(v), BN(v));
        if (!r) kn_nomem(err);
        return r;
    }
    bool number = kn__is_int(v) || kn_is(v, &kn_type_float) || kn_is(v, &kn_type_complex);
    if ((what && (number || kn_is(v, &kn_type_str))) || number || !v->type->iter) {
        if (what && !number && !kn_is(v, &kn_type_str))
            tc_error_set(err, TC_EXC_TYPE, "cannot convert '%s' object to bytearray", kn_type_name(v));
        else if (what)
            tc_error_set(err, TC_EXC_TYPE, "%s", what);
        else
            tc_error_set(err, TC_EXC_TYPE, "can't extend bytearray with %s", kn_type_name(v));
        return NULL;
    }
    return bytes_from_iterable(v, true, err);
}

/* A byte value to store (an int in range(256)), or -1 with CPython's error. */
static int store_value(kn_obj *v, kn_err *err) {
    if (!kn__is_int(v) && !(v->type->to_int && !kn_is(v, &kn_type_float) && !is_bytelike(v) &&
                            !kn_is(v, &kn_type_str)))
        return tc_error_set(err, TC_EXC_TYPE, "'%s' object cannot be interpreted as an integer",
                            kn_type_name(v));
    return byte_value(v, err);
}

static int ba_index(kn_obj *self, kn_obj *key, size_t *out, kn_err *err) {
    int64_t i;
    if (kn__seq_index(key, (int64_t)BN(self), "", &i, err) < 0) {
        if (tc_error_is_set(err) && err->type == TC_EXC_INDEX) {
            tc_error_clear(err);
            tc_error_set(err, TC_EXC_INDEX, "bytearray index out of range");
        }
        return -1;
    }
    *out = (size_t)i;
    return 0;
}

static int ba_delitem(kn_obj *self, kn_obj *key, kn_err *err);

static int ba_setitem(kn_obj *self, kn_obj *key, kn_obj *v, kn_err *err) {
    if (kn_is(key, &kn_type_slice)) {
        int64_t start, stop, step, len;
        if (kn_slice_indices(key, (int64_t)BN(self), &start, &stop, &step, &len, err) < 0)
            return -1;
        kn_obj *src = ba_source(v, "can assign only bytes, buffers, or iterables of ints in "
                                   "range(0, 256)", err);
        if (!src) return -1;
        int rc = 0;
        if (B(src)->n == 0 && step != 1) { /* nothing to put: CPython deletes the slice */
            kn_decref(src);
            return ba_delitem(self, key, err);
        }
        if (step == 1) {
            if (stop < start) stop = start;
            rc = ba_splice(self, (size_t)start, (size_t)stop, B(src)->s, B(src)->n, err);
        } else if ((int64_t)B(src)->n != len) {
            rc = tc_error_set(err, TC_EXC_VALUE,
                              "attempt to assign bytes of size %zu to extended slice of size %lld",
                              B(src)->n, (long long)len);
        } else {
            for (int64_t i = 0; i < len; i++)
                BA(self)->s[start + i * step] = B(src)->s[i];
        }
        kn_decref(src);
        return rc;
    }
    if (kn_is(key, &kn_type_float) || kn_is(key, &kn_type_str) ||
        !(kn__is_int(key) || key->type->to_int))
        return tc_error_set(err, TC_EXC_TYPE, "bytearray indices must be integers or slices, not %s",
                            kn_type_name(key));
    size_t i;
    if (ba_index(self, key, &i, err) < 0) return -1;
    int c = store_value(v, err);
    if (c < 0) return -1;
    BA(self)->s[i] = (char)c;
    return 0;
}

static int ba_delitem(kn_obj *self, kn_obj *key, kn_err *err) {
    if (kn_is(key, &kn_type_slice)) {
        int64_t start, stop, step, len;
        if (kn_slice_indices(key, (int64_t)BN(self), &start, &stop, &step, &len, err) < 0)
            return -1;
        if (len == 0) return 0;
        if (step < 0) { /* the same positions, walked upwards */
            start = start + (len - 1) * step;
            step = -step;
        }
        char *d = BA(self)->s;
        size_t w = (size_t)start;
        for (size_t r = (size_t)start, k = 0; r < BN(self); r++) {
            if (k < (size_t)len && r == (size_t)(start + (int64_t)k * step)) {
                k++;
                continue;
            }
            d[w++] = d[r];
        }
        return ba_resize(self, w, err);
    }
    if (kn_is(key, &kn_type_float) || kn_is(key, &kn_type_str) ||
        !(kn__is_int(key) || key->type->to_int))
        return tc_error_set(err, TC_EXC_TYPE, "bytearray indices must be integers or slices, not %s",
                            kn_type_name(key));
    size_t i;
    if (ba_index(self, key, &i, err) < 0) return -1;
    return ba_splice(self, i, i + 1, NULL, 0, err);
}

static kn_obj *ba_inplace(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (!kn_is(a, &kn_type_bytearray)) return kn_notimpl();
    if (op == KN_BINOP_ADD) {
        if (!is_bytelike(b)) {
            tc_error_set(err, TC_EXC_TYPE, "can't concat %s to bytearray", kn_type_name(b));
            return NULL;
        }
        size_t n = BN(a);
        if (ba_splice(a, n, n, BS(b), BN(b), err) < 0) return NULL;
        return kn_incref(a);
    }
    if (op == KN_BINOP_MUL && kn__is_int(b)) {
        int64_t k;
        if (kn_to_int64(b, &k, err) < 0) return NULL;
        kn_obj *r = bytes_repeat(a, k, err);
        if (!r) return NULL;
        int rc = ba_splice(a, 0, BN(a), B(r)->s, B(r)->n, err);
        kn_decref(r);
        return rc < 0 ? NULL : kn_incref(a);
    }
    return kn_notimpl();
}

static kn_obj *ba_append(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"item"};
    kn_obj *a[1];
    if (KN__BIND(args, "append", names, 1, a, err) < 0) return NULL;
    int c = store_value(a[0], err);
    if (c < 0) return NULL;
    char ch = (char)c;
    size_t n = BN(self);
    return ba_splice(self, n, n, &ch, 1, err) < 0 ? NULL : kn_none_new();
}

static kn_obj *ba_extend(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"iterable_of_ints"};
    kn_obj *a[1];
    if (KN__BIND(args, "extend", names, 1, a, err) < 0) return NULL;
    kn_obj *src = ba_source(a[0], NULL, err);
    if (!src) return NULL;
    size_t n = BN(self);
    int rc = ba_splice(self, n, n, B(src)->s, B(src)->n, err);
    kn_decref(src);
    return rc < 0 ? NULL : kn_none_new();
}

static kn_obj *ba_pop(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"index"};
    kn_obj *a[1];
    if (KN__BIND(args, "pop", names, 0, a, err) < 0) return NULL;
    int64_t i = -1, n = (int64_t)BN(self);
    if (a[0] && kn__index_value(a[0], TC_EXC_INDEX, &i, err) < 0) return NULL;
    if (n == 0) {
        tc_error_set(err, TC_EXC_INDEX, "pop from empty bytearray");
        return NULL;
    }
    if (i < 0) i += n;
    if (i < 0 || i >= n) {
        tc_error_set(err, TC_EXC_INDEX, "pop index out of range");
        return NULL;
    }
    unsigned char c = (unsigned char)BA(self)->s[i];
    if (ba_splice(self, (size_t)i, (size_t)i + 1, NULL, 0, err) < 0) return NULL;
    return kn_int_new(c);
}

static kn_obj *ba_insert(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"index", "item"};
    kn_obj *a[2];
    if (KN__BIND(args, "insert", names, 2, a, err) < 0) return NULL;
    int64_t i, n = (int64_t)BN(self);
    if (kn__index_value(a[0], TC_EXC_INDEX, &i, err) < 0) return NULL;
    int c = store_value(a[1], err);
    if (c < 0) return NULL;
    if (i < 0) i = i + n < 0 ? 0 : i + n;
    if (i > n) i = n;
    char ch = (char)c;
    return ba_splice(self, (size_t)i, (size_t)i, &ch, 1, err) < 0 ? NULL : kn_none_new();
}

static kn_obj *ba_remove(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"value"};
    kn_obj *a[1];
    if (KN__BIND(args, "remove", names, 1, a, err) < 0) return NULL;
    int c = store_value(a[0], err);
    if (c < 0) return NULL;
    const char *f = memchr(BS(self), c, BN(self));
    if (!f) {
        tc_error_set(err, TC_EXC_VALUE, "value not found in bytearray");
        return NULL;
    }
    size_t i = (size_t)(f - BS(self));
    return ba_splice(self, i, i + 1, NULL, 0, err) < 0 ? NULL : kn_none_new();
}

static kn_obj *ba_clear(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "clear", err) < 0) return NULL;
    return ba_splice(self, 0, BN(self), NULL, 0, err) < 0 ? NULL : kn_none_new();
}

static kn_obj *ba_reverse(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "reverse", err) < 0) return NULL;
    char *d = BA(self)->s;
    for (size_t i = 0, n = BN(self), j = n ? n - 1 : 0; n && i < j; i++, j--) {
        char t = d[i];
        d[i] = d[j];
        d[j] = t;
    }
    return kn_none_new();
}

static kn_obj *ba_copy(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "copy", err) < 0) return NULL;
    kn_obj *r = kn_bytearray_new(BS(self), BN(self));
    if (!r) kn_nomem(err);
    return r;
}

static const kn__method bytearray_methods[] = {
    {"append", ba_append, "(self, item, /)", "Append a single item to the end of the bytearray."},
    {"clear", ba_clear, "(self, /)", "Remove all items from the bytearray."},
    {"copy", ba_copy, "(self, /)", "Return a copy of B."},
    {"extend", ba_extend, "(self, iterable_of_ints, /)",
     "Append all the items from the iterator or sequence to the end of the bytearray."},
    {"insert", ba_insert, "(self, index, item, /)", "Insert a single item into the bytearray before the given index."},
    {"pop", ba_pop, "(self, index=-1, /)",
     "Remove and return a single item from B.\n\nIf no index argument is given, will pop the "
     "last item."},
    {"remove", ba_remove, "(self, value, /)", "Remove the first occurrence of a value in the bytearray."},
    {"reverse", ba_reverse, "(self, /)", "Reverse the order of the values in B in place."},
    {NULL, NULL, NULL, NULL},
};

static kn_obj *ba_getattr(kn_obj *self, const char *name, kn_err *err) {
    kn_obj *m = kn__method_get(self, bytearray_methods, name);
    return m ? m : kn__method_get(self, bytes_methods, name);
}
static int ba_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    if (kn__method_dir(bytearray_methods, list) < 0) return -1;
    return kn__method_dir(bytes_methods, list);
}

static kn_obj *ba_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    kn_obj *b = construct_bytes(args, true, err);
    if (!b) return NULL;
    kn_obj *r = kn_bytearray_new(B(b)->s, B(b)->n);
    kn_decref(b);
    if (!r) kn_nomem(err);
    return r;
}

static kn_obj *ba_fromhex(kn_obj *self, const kn_args *args, kn_err *err) {
    kn_obj *b = bytes_fromhex(self, args, err);
    if (!b) return NULL;
    kn_obj *r = kn_bytearray_new(B(b)->s, B(b)->n);
    kn_decref(b);
    if (!r) kn_nomem(err);
    return r;
}

const kn_type kn_type_bytearray = {
    .name = "bytearray",
    .qualname = "bytearray",
    .doc = "bytearray(iterable_of_ints) -> bytearray\nbytearray(string, encoding[, errors]) -> "
           "bytearray\nbytearray(bytes_or_buffer) -> mutable copy of bytes_or_buffer\n"
           "bytearray(int) -> bytes array of size given by the parameter initialized with null "
           "bytes\nbytearray() -> empty bytes array\n\nConstruct a mutable bytearray object "
           "from:\n  - an iterable yielding integers in range(256)\n  - a text string encoded "
           "using the specified encoding\n  - a bytes or a buffer object\n  - any object "
           "implementing the buffer API.\n  - an integer",
    .dealloc = ba_dealloc,
    .repr = ba_repr,
    .getattr = ba_getattr,
    .binop = bytes_binop,
    .inplace = ba_inplace,
    .compare = bytes_compare,
    .truth = bytes_truth,
    .len = bytes_len,
    .getitem = bytes_getitem,
    .setitem = ba_setitem,
    .delitem = ba_delitem,
    .iter = bytes_iter,
    .dir = ba_dir,
    .construct = ba_construct,
    .contains = bytes_contains,
};

/* bytes.fromhex and bytearray.fromhex as class attributes; called once when the builtins are
 * made. */
void kn__bytes_register(void) {
    static bool done;
    if (done) return;
    kn_obj *f = kn_cfunction_new("fromhex", bytes_fromhex, NULL, "(string, /)",
                                 "Create a bytes object from a string of hexadecimal numbers.\n\n"
                                 "Spaces between two numbers are accepted.\nExample: "
                                 "bytes.fromhex('B9 01EF') -> b'\\\\xb9\\\\x01\\\\xef'.");
    kn_obj *g = kn_cfunction_new("fromhex", ba_fromhex, NULL, "(string, /)",
                                 "Create a bytearray object from a string of hexadecimal "
                                 "numbers.\n\nSpaces between two numbers are accepted.\nExample: "
                                 "bytearray.fromhex('B9 01EF') -> "
                                 "bytearray(b'\\\\xb9\\\\x01\\\\xef').");
    if (f && g && kn__type_add_attr(&kn_type_bytes, "fromhex", f) == 0 &&
        kn__type_add_attr(&kn_type_bytearray, "fromhex", g) == 0)
        done = true;
    kn_decref(f);
    kn_decref(g);
}
