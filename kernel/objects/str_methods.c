/*
 * The methods of str: case mapping (ASCII letters; other code points are left as they
 * are), strip, split/rsplit, join, replace, find/index/count, startswith/endswith, the
 * is* predicates, padding, partition and format. Indices are code points.
 */
#include <ctype.h>

#include "kernel/objects/objects-impl.h"

#define S(o) ((kn_strobj *)(o))

static bool is_ws(unsigned char c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

static bool cp_space(uint32_t c);

/* Byte length of the whitespace code point (str.isspace) starting at s[i], or 0. */
static size_t ws_at(const char *s, size_t n, size_t i) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) return is_ws(c) ? 1 : 0;
    size_t l;
    uint32_t cp = kn__utf8_decode((const unsigned char *)s + i, n - i, &l);
    return cp_space(cp) ? l : 0;
}

/* Byte length of the whitespace code point ending at s[e] (exclusive), or 0. */
static size_t ws_before(const char *s, size_t e) {
    size_t k = e - 1;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    return ws_at(s, e, k) == e - k ? e - k : 0;
}

/* Advance past a non-whitespace code point. */
static size_t cp_next(const char *s, size_t n, size_t i) {
    i++;
    while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
        i++;
    return i;
}

static int need_str(kn_obj *o, const char *what, kn_err *err) {
    if (kn_is(o, &kn_type_str)) return 0;
    return tc_error_set(err, TC_EXC_TYPE, "%s must be str, not %s", what, kn_type_name(o));
}

/* Code point index of byte offset 'off'. */
static int64_t cp_index(const kn_strobj *s, size_t off) {
    return s->ascii ? (int64_t)off : kn__utf8_count(s->s, off, NULL);
}

static kn_obj *list_push_str(kn_obj *list, const char *p, size_t n) {
    kn_obj *s = kn_str_new(p, n);
    kn_list_append(list, s);
    kn_decref(s);
    return list;
}

/* ---- code point classes (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic) ---------- */

static uint32_t cp_upper(uint32_t c) {
    if (c < 0x80) return (c >= 'a' && c <= 'z') ? c - 32 : c;
    if ((c >= 0xE0 && c <= 0xFE && c != 0xF7) || (c >= 0x3B1 && c <= 0x3CB && c != 0x3C2) ||
        (c >= 0x430 && c <= 0x44F))
        return c - 0x20;
    if (c == 0xFF) return 0x178;
    if (c == 0xB5) return 0x39C;
    if (c == 0x3C2) return 0x3A3;
    if (c >= 0x450 && c <= 0x45F) return c - 0x50;
    if (c == 0x3AC) return 0x386;
    if (c >= 0x3AD && c <= 0x3AF) return c - 0x25;
    if (c == 0x3CC) return 0x38C;
    if (c == 0x3CD || c == 0x3CE) return c - 0x3F;
    if (c == 0x131) return 'I';
    if (c == 0x17F) return 'S';
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return c & ~1u;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1u) ? c : c - 1;
    return c;
}

static uint32_t cp_lower(uint32_t c) {
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3AB && c != 0x3A2) ||
        (c >= 0x410 && c <= 0x42F))
        return c + 0x20;
    if (c == 0x178) return 0xFF;
    if (c >= 0x400 && c <= 0x40F) return c + 0x50;
    if (c == 0x386) return 0x3AC;
    if (c >= 0x388 && c <= 0x38A) return c + 0x25;
    if (c == 0x38C) return 0x3CC;
    if (c == 0x38E || c == 0x38F) return c + 0x3F;
    if (c == 0x130) return 'i';
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return c | 1u;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1u) ? c + 1 : c;
    return c;
}

static bool cp_cased(uint32_t c) {
    return cp_upper(c) != c || cp_lower(c) != c || c == 0xDF;
}
static bool cp_is_upper(uint32_t c) {
    return cp_lower(c) != c;
}
static bool cp_is_lower(uint32_t c) {
    return cp_upper(c) != c || c == 0xDF;
}

static bool cp_alpha(uint32_t c) {
    if (c < 0x80) return isalpha((int)c) != 0;
    return c == 0xAA || c == 0xB5 || c == 0xBA ||
           (c >= 0xC0 && c <= 0x2C1 && c != 0xD7 && c != 0xF7) ||
           (c >= 0x370 && c <= 0x3FF && c != 0x375 && c != 0x37E && c != 0x384 && c != 0x385 &&
            c != 0x387) ||
           (c >= 0x400 && c <= 0x481) || (c >= 0x48A && c <= 0x52F) ||
           (c >= 0x3041 && c <= 0x30FF && c != 0x30FB) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xAC00 && c <= 0xD7A3);
}
static bool cp_digit(uint32_t c) {
    return c >= '0' && c <= '9';
}
static bool cp_space(uint32_t c) {
    if (c < 0x80) return is_ws((unsigned char)c);
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}
static bool cp_alnum(uint32_t c) {
    return cp_alpha(c) || cp_digit(c);
}

static void put_cp(tc_strbuf *b, uint32_t c) {
    char u[4];
    size_t n;
    if (c < 0x80)
        u[0] = (char)c, n = 1;
    else if (c < 0x800)
        u[0] = (char)(0xC0 | (c >> 6)), u[1] = (char)(0x80 | (c & 0x3F)), n = 2;
    else if (c < 0x10000)
        u[0] = (char)(0xE0 | (c >> 12)), u[1] = (char)(0x80 | ((c >> 6) & 0x3F)),
        u[2] = (char)(0x80 | (c & 0x3F)), n = 3;
    else
        u[0] = (char)(0xF0 | (c >> 18)), u[1] = (char)(0x80 | ((c >> 12) & 0x3F)),
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F)), u[3] = (char)(0x80 | (c & 0x3F)), n = 4;
    tc_strbuf_append(b, u, n);
}

/* ---- case mapping -------------------------------------------------------------------- */

typedef enum {
    CASE_UPPER,
    CASE_LOWER,
    CASE_FOLD,
    CASE_TITLE,
    CASE_CAPITALIZE,
    CASE_SWAP
} case_kind;

/* One code point mapped up (ß becomes "SS"/"Ss") or down. */
static void put_mapped(tc_strbuf *b, uint32_t c, bool up, bool title_rest, case_kind kind) {
    if (c == 0xDF && up) {
        tc_strbuf_puts(b, title_rest ? "Ss" : "SS");
        return;
    }
    const char *fold = kind == CASE_FOLD && c >= 0xB5 ? kn__cp_casefold(c) : NULL;
    if (fold) {
        tc_strbuf_puts(b, fold);
        return;
    }
    put_cp(b, up ? cp_upper(c) : cp_lower(c));
}

/* Unicode's Case_Ignorable for the characters text around a sigma holds in practice:
 * apostrophes and other word-internal punctuation, combining marks, modifier letters and
 * format characters. */
static bool cp_case_ignorable(uint32_t c) {
    static const uint32_t single[] = {0x27, 0x2E, 0x3A, 0x5E, 0x60, 0xA8, 0xAD, 0xAF, 0xB4, 0xB7,
                                      0xB8, 0x2018, 0x2019, 0x2024, 0x2027, 0xFEFF};
    for (size_t i = 0; i < sizeof single / sizeof single[0]; i++)
        if (c == single[i]) return true;
    return (c >= 0x2B0 && c <= 0x36F) || (c >= 0x483 && c <= 0x489) ||
           (c >= 0x200B && c <= 0x200F) || (c >= 0x2060 && c <= 0x2064);
}

/* Is the capital sigma at s[at, at + 3) at the end of a word (lowercased to U+03C2)?
 * Preceded by a cased letter and not followed by one, case-ignorable ones skipped. */
static bool final_sigma(const char *s, size_t n, size_t at) {
    bool before = false;
    for (size_t i = at; i > 0;) {
        size_t l = 1;
        while (i - l > 0 && ((unsigned char)s[i - l] & 0xC0) == 0x80)
            l++;
        size_t len;
        uint32_t c = kn__utf8_decode((const unsigned char *)s + i - l, n - (i - l), &len);
        i -= l;
        if (cp_case_ignorable(c)) continue;
        before = cp_cased(c);
        break;
    }
    if (!before) return false;
    for (size_t i = at + 2; i < n;) {
        size_t len;
        uint32_t c = kn__utf8_decode((const unsigned char *)s + i, n - i, &len);
        i += len;
        if (cp_case_ignorable(c)) continue;
        return !cp_cased(c);
    }
    return true;
}

static kn_obj *map_case(kn_obj *self, case_kind kind, kn_err *err) {
    const char *s = kn_str_cstr(self);
    size_t n = kn_str_len(self);
    tc_strbuf b = {0};
    bool prev_cased = false;
    for (size_t i = 0, k = 0; i < n; k++) {
        size_t len;
        uint32_t c = kn__utf8_decode((const unsigned char *)s + i, n - i, &len);
        size_t at = i;
        i += len;
        if (c == 0x3A3 && kind != CASE_UPPER && kind != CASE_FOLD &&
            !(kind == CASE_TITLE && !prev_cased) && !(kind == CASE_CAPITALIZE && k == 0)) {
            put_cp(&b, final_sigma(s, n, at) ? 0x3C2 : 0x3C3);
            prev_cased = true;
            continue;
        }
        switch (kind) {
        case CASE_UPPER:
            put_mapped(&b, c, true, false, kind);
            break;
        case CASE_LOWER:
        case CASE_FOLD:
            put_mapped(&b, c, false, false, kind);
            break;
        case CASE_TITLE:
            put_mapped(&b, c, !prev_cased, true, kind);
            break;
        case CASE_CAPITALIZE:
            put_mapped(&b, c, k == 0, true, kind);
            break;
        case CASE_SWAP:
            if (cp_is_upper(c))
                put_cp(&b, cp_lower(c));
            else
                put_mapped(&b, c, cp_is_lower(c), false, kind);
            break;
        }
        prev_cased = cp_cased(c);
    }
    return kn__strbuf_finish(&b, err);
}

#define CASE_METHOD(fname, kind)                                                                   \
    static kn_obj *m_##fname(kn_obj *self, const kn_args *args, kn_err *err) {                     \
        if (kn__no_args(args, #fname, err) < 0) return NULL;                                       \
        return map_case(self, kind, err);                                                             \
    }
CASE_METHOD(upper, CASE_UPPER)
CASE_METHOD(lower, CASE_LOWER)
CASE_METHOD(casefold, CASE_FOLD)
CASE_METHOD(title, CASE_TITLE)
CASE_METHOD(capitalize, CASE_CAPITALIZE)
CASE_METHOD(swapcase, CASE_SWAP)

/* ---- predicates ---------------------------------------------------------------------- */

static kn_obj *predicate(kn_obj *self, const kn_args *args, const char *fname,
                         bool (*pred)(uint32_t), kn_err *err) {
    if (kn__no_args(args, fname, err) < 0) return NULL;
    const char *s = kn_str_cstr(self);
    size_t n = kn_str_len(self);
    if (n == 0) return kn_bool_new(false);
    for (size_t i = 0; i < n;) {
        size_t len;
        uint32_t c = kn__utf8_decode((const unsigned char *)s + i, n - i, &len);
        if (!pred(c)) return kn_bool_new(false);
        i += len;
    }
    return kn_bool_new(true);
}

#define PRED_METHOD(fname, fn)                                                                     \
    static kn_obj *m_##fname(kn_obj *self, const kn_args *args, kn_err *err) {                     \
        return predicate(self, args, #fname, fn, err);                                             \
    }
PRED_METHOD(isdigit, cp_digit)
PRED_METHOD(isdecimal, cp_digit)
PRED_METHOD(isnumeric, cp_digit)
PRED_METHOD(isalpha, cp_alpha)
PRED_METHOD(isalnum, cp_alnum)
PRED_METHOD(isspace, cp_space)

/* True for the empty string too: every code point below 128. */
static kn_obj *m_isascii(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "isascii", err) < 0) return NULL;
    return kn_bool_new(((const kn_strobj *)self)->ascii);
}

/* True for the empty string too, unlike the other predicates. */
static kn_obj *m_isprintable(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn_str_len(self) == 0 && kn__no_args(args, "isprintable", err) == 0) return kn_bool_new(true);
    return predicate(self, args, "isprintable", kn__cp_printable, err);
}

static kn_obj *cased_predicate(kn_obj *self, const kn_args *args, const char *fname, bool upper,
                               kn_err *err) {
    if (kn__no_args(args, fname, err) < 0) return NULL;
    const char *s = kn_str_cstr(self);
    size_t n = kn_str_len(self);
    bool cased = false;
    for (size_t i = 0; i < n;) {
        size_t len;
        uint32_t c = kn__utf8_decode((const unsigned char *)s + i, n - i, &len);
        if (upper ? cp_is_lower(c) : cp_is_upper(c)) return kn_bool_new(false);
        if (cp_cased(c)) cased = true;
        i += len;
    }
    return kn_bool_new(cased);
}
static kn_obj *m_isupper(kn_obj *self, const kn_args *args, kn_err *err) {
    return cased_predicate(self, args, "isupper", true, err);
}
static kn_obj *m_islower(kn_obj *self, const kn_args *args, kn_err *err) {
    return cased_predicate(self, args, "islower", false, err);
}

static kn_obj *m_istitle(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "istitle", err) < 0) return NULL;
    const char *s = kn_str_cstr(self);
    size_t n = kn_str_len(self);
    bool prev_cased = false, any = false;
    for (size_t i = 0; i < n;) {
        size_t len;
        uint32_t c = kn__utf8_decode((const unsigned char *)s + i, n - i, &len);
        if (cp_is_upper(c)) {
            if (prev_cased) return kn_bool_new(false);
            prev_cased = any = true;
        } else if (cp_is_lower(c)) {
            if (!prev_cased) return kn_bool_new(false);
            prev_cased = any = true;
        } else {
            prev_cased = false;
        }
        i += len;
    }
    return kn_bool_new(any);
}

static kn_obj *m_isidentifier(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "isidentifier", err) < 0) return NULL;
    const char *s = kn_str_cstr(self);
    size_t n = kn_str_len(self);
    if (n == 0) return kn_bool_new(false);
    for (size_t i = 0; i < n;) {
        size_t len;
        uint32_t c = kn__utf8_decode((const unsigned char *)s + i, n - i, &len);
        if (!kn__cp_identifier(c, i == 0)) return kn_bool_new(false);
        i += len;
    }
    return kn_bool_new(true);
}

/* ---- strip --------------------------------------------------------------------------- */

static bool in_chars(kn_obj *chars, const char *p, size_t len) {
    if (!chars) return ws_at(p, len, 0) == len;
    const char *c = kn_str_cstr(chars);
    size_t n = kn_str_len(chars);
    for (size_t i = 0; i < n;) {
        size_t l;
        kn__utf8_decode((const unsigned char *)c + i, n - i, &l);
        if (l == len && memcmp(c + i, p, len) == 0) return true;
        i += l;
    }
    return false;
}

static size_t cp_len_before(const char *s, size_t end) {
    size_t k = end - 1;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    return end - k;
}

static kn_obj *do_strip(kn_obj *self, const kn_args *args, const char *fname, bool left, bool right,
                        kn_err *err) {
    static const char *names[] = {"chars"};
    kn_obj *a[1];
    if (KN__BIND(args, fname, names, 0, a, err) < 0) return NULL;
    kn_obj *chars = (a[0] && a[0] != kn_none()) ? a[0] : NULL;
    if (chars && !kn_is(chars, &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "%s arg must be None or str", fname);
        return NULL;
    }
    const char *s = kn_str_cstr(self);
    size_t b = 0, e = kn_str_len(self);
    while (left && b < e) {
        size_t l;
        kn__utf8_decode((const unsigned char *)s + b, e - b, &l);
        if (!in_chars(chars, s + b, l)) break;
        b += l;
    }
    while (right && e > b) {
        size_t l = cp_len_before(s, e);
        if (!in_chars(chars, s + e - l, l)) break;
        e -= l;
    }
    return kn_str_new(s + b, e - b);
}
static kn_obj *m_strip(kn_obj *self, const kn_args *args, kn_err *err) {
    return do_strip(self, args, "strip", true, true, err);
}
static kn_obj *m_lstrip(kn_obj *self, const kn_args *args, kn_err *err) {
    return do_strip(self, args, "lstrip", true, false, err);
}
static kn_obj *m_rstrip(kn_obj *self, const kn_args *args, kn_err *err) {
    return do_strip(self, args, "rstrip", false, true, err);
}

/* ---- split --------------------------------------------------------------------------- */

static int split_args(const kn_args *args, const char *fname, kn_obj **sep, int64_t *maxsplit,
                      kn_err *err) {
    static const char *names[] = {"sep", "maxsplit"};
    kn_obj *a[2];
    if (KN__BIND(args, fname, names, 0, a, err) < 0) return -1;
    *sep = (a[0] && a[0] != kn_none()) ? a[0] : NULL;
    if (*sep && !kn_is(*sep, &kn_type_str))
        return tc_error_set(err, TC_EXC_TYPE, "must be str or None, not %s", kn_type_name(*sep));
    if (*sep && kn_str_len(*sep) == 0) return tc_error_set(err, TC_EXC_VALUE, "empty separator");
    *maxsplit = -1;
    if (a[1] && kn_to_int64(a[1], maxsplit, err) < 0) return -1;
    if (*maxsplit < 0) *maxsplit = INT64_MAX;
    return 0;
}

static kn_obj *split_ws(const char *s, size_t n, int64_t maxsplit) {
    kn_obj *list = kn_list_new(0);
    size_t i = 0;
    while (i < n) {
        size_t w;
        while (i < n && (w = ws_at(s, n, i)))
            i += w;
        if (i == n) break;
        if (maxsplit-- == 0) {
            list_push_str(list, s + i, n - i);
            break;
        }
        size_t j = i;
        while (j < n && !ws_at(s, n, j))
            j = cp_next(s, n, j);
        list_push_str(list, s + i, j - i);
        i = j;
    }
    return list;
}

static kn_obj *m_split(kn_obj *self, const kn_args *args, kn_err *err) {
    kn_obj *sep;
    int64_t maxsplit;
    if (split_args(args, "split", &sep, &maxsplit, err) < 0) return NULL;
    const char *s = kn_str_cstr(self);
    size_t n = kn_str_len(self);
    if (!sep) return split_ws(s, n, maxsplit);
    kn_obj *list = kn_list_new(0);
    const char *sp = kn_str_cstr(sep);
    size_t sn = kn_str_len(sep), i = 0;
    uint64_t steps = 0;
    while (maxsplit-- > 0) {
        if (kn__poll(++steps, err) < 0) {
            kn_decref(list);
            return NULL;
        }
        const char *hit = memmem(s + i, n - i, sp, sn);
        if (!hit) break;
        list_push_str(list, s + i, (size_t)(hit - (s + i)));
        i = (size_t)(hit - s) + sn;
    }
    return list_push_str(list, s + i, n - i);
}

static kn_obj *list_reverse_new(kn_obj *list) {
    int64_t n = kn_list_len(list);
    kn_obj **it = kn_list_items(list);
    for (int64_t i = 0; i < n / 2; i++) {
        kn_obj *t = it[i];
        it[i] = it[n - 1 - i];
        it[n - 1 - i] = t;
    }
    return list;
}

static kn_obj *m_rsplit(kn_obj *self, const kn_args *args, kn_err *err) {
    kn_obj *sep;
    int64_t maxsplit;
    if (split_args(args, "rsplit", &sep, &maxsplit, err) < 0) return NULL;
    const char *s = kn_str_cstr(self);
    size_t n = kn_str_len(self);
    kn_obj *list = kn_list_new(0);
    if (!sep) {
        size_t e = n;
        while (e > 0) {
            size_t w;
            while (e > 0 && (w = ws_before(s, e)))
                e -= w;
            if (e == 0) break;
            if (maxsplit-- == 0) {
                list_push_str(list, s, e);
                break;
            }
            size_t b = e;
            while (b > 0 && !ws_before(s, b))
                b -= cp_len_before(s, b);
            list_push_str(list, s + b, e - b);
            e = b;
        }
        return list_reverse_new(list);
    }
    const char *sp = kn_str_cstr(sep);
    size_t sn = kn_str_len(sep), e = n;
    while (maxsplit-- > 0 && e >= sn) {
        size_t k = e - sn + 1, found = SIZE_MAX;
        while (k-- > 0)
            if (memcmp(s + k, sp, sn) == 0) {
                found = k;
                break;
            }
        if (found == SIZE_MAX) break;
        list_push_str(list, s + found + sn, e - found - sn);
        e = found;
    }
    list_push_str(list, s, e);
    return list_reverse_new(list);
}

static kn_obj *m_splitlines(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"keepends"};
    kn_obj *a[1];
    if (KN__BIND(args, "splitlines", names, 0, a, err) < 0) return NULL;
    int keep = a[0] ? kn_truth(a[0], err) : 0;
    if (keep < 0) return NULL;
    const char *s = kn_str_cstr(self);
    size_t n = kn_str_len(self), i = 0;
    kn_obj *list = kn_list_new(0);
    while (i < n) {
        size_t j = i;
        size_t brk = 0; /* byte length of the line break at j */
        while (j < n) {
            unsigned char c = (unsigned char)s[j];
            if (c && strchr("\n\r\v\f\x1c\x1d\x1e", c)) { /* NUL is no break */
                brk = (c == '\r' && j + 1 < n && s[j + 1] == '\n') ? 2 : 1;
                break;
            }
            if (c == 0xC2 && j + 1 < n && (unsigned char)s[j + 1] == 0x85) { /* U+0085 */
                brk = 2;
                break;
            }
            if (c == 0xE2 && j + 2 < n && (unsigned char)s[j + 1] == 0x80 &&
                ((unsigned char)s[j + 2] == 0xA8 || (unsigned char)s[j + 2] == 0xA9)) {
                brk = 3; /* U+2028, U+2029 */
                break;
            }
            j++;
        }
        size_t eol = j;
        j += brk;
        list_push_str(list, s + i, (keep ? j : eol) - i);
        i = j;
    }
    return list;
}

/* Tabs to spaces up to the next multiple of tabsize; columns restart after \n and \r. */
static kn_obj *m_expandtabs(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"tabsize"};
    kn_obj *a[1];
    if (KN__BIND(args, "expandtabs", names, 0, a, err) < 0) return NULL;
    int64_t tab = 8;
    if (a[0] && kn_to_int64(a[0], &tab, err) < 0) return NULL;
    const char *s = kn_str_cstr(self);
    size_t n = kn_str_len(self);
    tc_strbuf b = {0};
    int64_t col = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\t') {
            if (tab > 0) {
                int64_t k = tab - col % tab;
                if (kn__strbuf_repeat(&b, " ", 1, k, err) < 0) {
                    tc_strbuf_free(&b);
                    return NULL;
                }
                col += k;
            }
            continue;
        }
        tc_strbuf_putc(&b, (char)c);
        if (c == '\n' || c == '\r')
            col = 0;
        else if ((c & 0xC0) != 0x80)
            col++;
    }
    return kn__strbuf_finish(&b, err);
}

/* ---- join, replace ------------------------------------------------------------------- */

static kn_obj *m_join(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"iterable"};
    kn_obj *a[1];
    if (KN__BIND(args, "join", names, 1, a, err) < 0) return NULL;
    /* a list or tuple is read in place (nothing here runs Python code that could change
     * it); another iterable is gathered into a list first */
    bool seq = kn_is(a[0], &kn_type_list) || kn_is(a[0], &kn_type_tuple);
    kn_obj *items = seq ? kn_incref(a[0]) : NULL;
    if (!seq) {
        kn_obj *iter = kn_iter(a[0], err);
        if (!iter && err->type == TC_EXC_TYPE) {
            tc_error_clear(err);
            tc_error_set(err, TC_EXC_TYPE, "can only join an iterable");
        }
        items = iter ? kn__list_from_iter(iter, err) : NULL;
        kn_decref(iter);
    }
    if (!items) return NULL;
    kn_obj *const *v = kn_is(items, &kn_type_tuple) ? kn_tuple_items(items) : kn_list_items(items);
    int64_t n = kn_is(items, &kn_type_tuple) ? kn_tuple_len(items) : kn_list_len(items);
    const kn_strobj *sep = (const kn_strobj *)self;
    size_t total = 0; /* the result's size first: a join that cannot fit fails at once */
    int64_t ncp = n > 1 ? sep->ncp * (n - 1) : 0;
    bool ascii = sep->ascii || n < 2;
    for (int64_t i = 0; i < n; i++) {
        if (kn__poll((uint64_t)i + 1, err) < 0) {
            kn_decref(items);
            return NULL;
        }
        if (!kn_is(v[i], &kn_type_str)) {
            tc_error_set(err, TC_EXC_TYPE, "sequence item %lld: expected str instance, %s found",
                         (long long)i, kn_type_name(v[i]));
            kn_decref(items);
            return NULL;
        }
        const kn_strobj *it = (const kn_strobj *)v[i];
        if (__builtin_add_overflow(total, it->n + (i ? sep->n : 0), &total)) total = SIZE_MAX;
        ncp += it->ncp;
        ascii &= it->ascii;
    }
    kn_strobj *o = NULL;
    size_t size;
    if (total <= INT64_MAX && !__builtin_add_overflow(sizeof(kn_strobj) + 1, total, &size) &&
        kn__check_alloc((double)total, err) == 0)
        o = (kn_strobj *)kn_obj_alloc(&kn_type_str, size, err);
    if (!o) {
        kn_decref(items);
        if (!tc_error_is_set(err)) kn_nomem(err);
        return NULL;
    }
    char *p = o->s;
    for (int64_t i = 0; i < n; i++) {
        const kn_strobj *it = (const kn_strobj *)v[i];
        if (i && sep->n) {
            memcpy(p, sep->s, sep->n);
            p += sep->n;
        }
        memcpy(p, it->s, it->n);
        p += it->n;
    }
    *p = 0;
    o->n = total;
    o->ncp = ncp;
    o->ascii = ascii;
    kn_decref(items);
    return &o->base;
}

static kn_obj *m_replace(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"old", "new", "count"};
    kn_obj *a[3];
    if (KN__BIND(args, "replace", names, 2, a, err) < 0) return NULL;
    if (need_str(a[0], "replace() argument 1", err) < 0) return NULL;
    if (need_str(a[1], "replace() argument 2", err) < 0) return NULL;
    int64_t count = -1;
    if (a[2] && kn_to_int64(a[2], &count, err) < 0) return NULL;
    if (count < 0) count = INT64_MAX;
    const char *s = kn_str_cstr(self), *old = kn_str_cstr(a[0]);
    size_t n = kn_str_len(self), on = kn_str_len(a[0]), nn = kn_str_len(a[1]), i = 0;
    tc_strbuf b = {0};
    uint64_t steps = 0;
    /* the result's size first: a replacement that cannot fit fails at once */
    int64_t hits = 0;
    if (on == 0) {
        hits = S(self)->ncp + 1 < count ? S(self)->ncp + 1 : count;
    } else {
        for (size_t at = 0; hits < count;) {
            const char *hit = memmem(s + at, n - at, old, on);
            if (!hit || kn__poll(++steps, err) < 0) break;
            hits++;
            at = (size_t)(hit - s) + on;
        }
    }
    if (tc_error_is_set(err)) return NULL;
    steps = 0;
    size_t grow, total;
    if (__builtin_mul_overflow((uint64_t)hits, nn, &grow) ||
        __builtin_add_overflow(n - (size_t)hits * on, grow, &total) || total > INT64_MAX)
        total = SIZE_MAX;
    if (kn__strbuf_room(&b, 1, total == SIZE_MAX ? -1 : (int64_t)total, err) < 0) return NULL;
    if (on == 0) {
        while (count-- > 0) {
            if (kn__poll(++steps, err) < 0) {
                tc_strbuf_free(&b);
                return NULL;
            }
            tc_strbuf_append(&b, kn_str_cstr(a[1]), kn_str_len(a[1]));
            if (i >= n) break;
            size_t l;
            kn__utf8_decode((const unsigned char *)s + i, n - i, &l);
            tc_strbuf_append(&b, s + i, l);
            i += l;
        }
        tc_strbuf_append(&b, s + i, n - i);
        return kn__strbuf_finish(&b, err);
    }
    while (count-- > 0) {
        if (kn__poll(++steps, err) < 0) {
            tc_strbuf_free(&b);
            return NULL;
        }
        const char *hit = memmem(s + i, n - i, old, on);
        if (!hit) break;
        tc_strbuf_append(&b, s + i, (size_t)(hit - (s + i)));
        tc_strbuf_append(&b, kn_str_cstr(a[1]), kn_str_len(a[1]));
        i = (size_t)(hit - s) + on;
    }
    tc_strbuf_append(&b, s + i, n - i);
    return kn__strbuf_finish(&b, err);
}

/* ---- searching ----------------------------------------------------------------------- */

/* Resolve optional start/end (code points, slice rules) to byte offsets. -1 when empty. */
static int search_range(kn_strobj *s, kn_obj *start, kn_obj *end, size_t *bs, size_t *be,
                        kn_err *err) {
    int64_t a = 0, z = s->ncp;
    if (start && start != kn_none() && kn__slice_value(start, &a, err) < 0) return -2;
    if (end && end != kn_none() && kn__slice_value(end, &z, err) < 0) return -2;
    if (a < 0) a = a + s->ncp < 0 ? 0 : a + s->ncp;
    if (z < 0) z = z + s->ncp < 0 ? 0 : z + s->ncp;
    if (z > s->ncp) z = s->ncp;
    if (a > s->ncp) return -1;
    if (z < a) z = a;
    *bs = kn__str_offset(s, a);
    *be = kn__str_offset(s, z);
    return 0;
}

/* find/rfind/index/rindex/count core: returns code point index, -1, or -2 on error. */
static int64_t search(kn_obj *self, const kn_args *args, const char *fname, bool reverse,
                      bool count_all, kn_err *err) {
    static const char *names[] = {"sub", "start", "end"};
    kn_obj *a[3];
    if (KN__BIND(args, fname, names, 1, a, err) < 0) return -2;
    if (!kn_is(a[0], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "must be str, not %s", kn_type_name(a[0]));
        return -2;
    }
    size_t bs, be;
    int rc = search_range(S(self), a[1], a[2], &bs, &be, err);
    if (rc == -2) return -2;
    if (rc == -1) return count_all ? 0 : -1;
    const char *s = kn_str_cstr(self), *sub = kn_str_cstr(a[0]);
    size_t sn = kn_str_len(a[0]);
    if (count_all) {
        if (sn == 0) return kn__utf8_count(s + bs, be - bs, NULL) + 1;
        int64_t c = 0;
        for (size_t i = bs; i + sn <= be;) {
            if (kn__poll((uint64_t)c + 1, err) < 0) return -2;
            const char *hit = memmem(s + i, be - i, sub, sn);
            if (!hit) break;
            c++;
            i = (size_t)(hit - s) + sn;
        }
        return c;
    }
    if (sn > be - bs) return -1;
    if (!reverse) {
        const char *hit = memmem(s + bs, be - bs, sub, sn);
        return hit ? cp_index(S(self), (size_t)(hit - s)) : -1;
    }
    for (size_t k = be - sn + 1; k-- > bs;)
        if (memcmp(s + k, sub, sn) == 0) return cp_index(S(self), k);
    return -1;
}

static kn_obj *m_find(kn_obj *self, const kn_args *args, kn_err *err) {
    int64_t r = search(self, args, "find", false, false, err);
    return r == -2 ? NULL : kn_int_new(r);
}
static kn_obj *m_rfind(kn_obj *self, const kn_args *args, kn_err *err) {
    int64_t r = search(self, args, "rfind", true, false, err);
    return r == -2 ? NULL : kn_int_new(r);
}
static kn_obj *m_count(kn_obj *self, const kn_args *args, kn_err *err) {
    int64_t r = search(self, args, "count", false, true, err);
    return r == -2 ? NULL : kn_int_new(r);
}
static kn_obj *index_result(int64_t r, kn_err *err) {
    if (r == -2) return NULL;
    if (r == -1) {
        tc_error_set(err, TC_EXC_VALUE, "substring not found");
        return NULL;
    }
    return kn_int_new(r);
}
static kn_obj *m_index(kn_obj *self, const kn_args *args, kn_err *err) {
    return index_result(search(self, args, "index", false, false, err), err);
}
static kn_obj *m_rindex(kn_obj *self, const kn_args *args, kn_err *err) {
    return index_result(search(self, args, "rindex", true, false, err), err);
}

static kn_obj *affix(kn_obj *self, const kn_args *args, const char *fname, bool suffix,
                     kn_err *err) {
    static const char *names[] = {"prefix", "start", "end"};
    kn_obj *a[3];
    if (KN__BIND(args, fname, names, 1, a, err) < 0) return NULL;
    size_t bs, be;
    int rc = search_range(S(self), a[1], a[2], &bs, &be, err);
    if (rc == -2) return NULL;
    kn_obj *const *cands = &a[0];
    int64_t nc = 1;
    if (kn_is(a[0], &kn_type_tuple)) {
        cands = kn_tuple_items(a[0]);
        nc = kn_tuple_len(a[0]);
    }
    for (int64_t i = 0; i < nc; i++) {
        kn_obj *c = cands[i];
        if (!kn_is(c, &kn_type_str)) {
            if (kn_is(a[0], &kn_type_tuple))
                tc_error_set(err, TC_EXC_TYPE, "tuple for %s must only contain str, not %s", fname,
                             kn_type_name(c));
            else
                tc_error_set(err, TC_EXC_TYPE, "%s first arg must be str or a tuple of str, not %s",
                             fname, kn_type_name(c));
            return NULL;
        }
        if (rc == -1) continue;
        size_t cn = kn_str_len(c);
        if (cn > be - bs) continue;
        const char *at = kn_str_cstr(self) + (suffix ? be - cn : bs);
        if (memcmp(at, kn_str_cstr(c), cn) == 0) return kn_bool_new(true);
    }
    return kn_bool_new(false);
}
static kn_obj *m_startswith(kn_obj *self, const kn_args *args, kn_err *err) {
    return affix(self, args, "startswith", false, err);
}
static kn_obj *m_endswith(kn_obj *self, const kn_args *args, kn_err *err) {
    return affix(self, args, "endswith", true, err);
}

static kn_obj *remove_affix(kn_obj *self, const kn_args *args, const char *fname, bool suffix,
                            kn_err *err) {
    static const char *names[] = {"affix"};
    kn_obj *a[1];
    if (KN__BIND(args, fname, names, 1, a, err) < 0) return NULL;
    if (!kn_is(a[0], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "%s() argument must be str, not %s", fname,
                     kn_type_name(a[0]));
        return NULL;
    }
    size_t n = kn_str_len(self), an = kn_str_len(a[0]);
    const char *s = kn_str_cstr(self);
    if (an <= n && memcmp(suffix ? s + n - an : s, kn_str_cstr(a[0]), an) == 0)
        return suffix ? kn_str_new(s, n - an) : kn_str_new(s + an, n - an);
    return kn_incref(self);
}
static kn_obj *m_removeprefix(kn_obj *self, const kn_args *args, kn_err *err) {
    return remove_affix(self, args, "removeprefix", false, err);
}
static kn_obj *m_removesuffix(kn_obj *self, const kn_args *args, kn_err *err) {
    return remove_affix(self, args, "removesuffix", true, err);
}

static kn_obj *do_partition(kn_obj *self, const kn_args *args, const char *fname, bool rev,
                            kn_err *err) {
    static const char *names[] = {"sep"};
    kn_obj *a[1];
    if (KN__BIND(args, fname, names, 1, a, err) < 0) return NULL;
    if (need_str(a[0], "sep", err) < 0) return NULL;
    size_t sn = kn_str_len(a[0]), n = kn_str_len(self);
    if (sn == 0) {
        tc_error_set(err, TC_EXC_VALUE, "empty separator");
        return NULL;
    }
    const char *s = kn_str_cstr(self), *hit = NULL;
    if (!rev)
        hit = memmem(s, n, kn_str_cstr(a[0]), sn);
    else
        for (size_t k = n >= sn ? n - sn + 1 : 0; k-- > 0;)
            if (memcmp(s + k, kn_str_cstr(a[0]), sn) == 0) {
                hit = s + k;
                break;
            }
    kn_obj *t = kn_tuple_new(3);
    if (!hit) {
        kn_tuple_set(t, rev ? 2 : 0, kn_incref(self));
        kn_tuple_set(t, 1, kn_str_new("", 0));
        kn_tuple_set(t, rev ? 0 : 2, kn_str_new("", 0));
        return t;
    }
    kn_tuple_set(t, 0, kn_str_new(s, (size_t)(hit - s)));
    kn_tuple_set(t, 1, kn_incref(a[0]));
    kn_tuple_set(t, 2, kn_str_new(hit + sn, n - (size_t)(hit - s) - sn));
    return t;
}
static kn_obj *m_partition(kn_obj *self, const kn_args *args, kn_err *err) {
    return do_partition(self, args, "partition", false, err);
}
static kn_obj *m_rpartition(kn_obj *self, const kn_args *args, kn_err *err) {
    return do_partition(self, args, "rpartition", true, err);
}

/* ---- padding ------------------------------------------------------------------------- */

static kn_obj *pad(kn_obj *self, const kn_args *args, const char *fname, int where, kn_err *err) {
    static const char *names[] = {"width", "fillchar"};
    kn_obj *a[2];
    if (KN__BIND(args, fname, names, 1, a, err) < 0) return NULL;
    int64_t width;
    if (kn_to_int64(a[0], &width, err) < 0) return NULL;
    const char *fill = " ";
    size_t fl = 1;
    if (a[1]) {
        if (!kn_is(a[1], &kn_type_str) || S(a[1])->ncp != 1) {
            tc_error_set(err, TC_EXC_TYPE, "The fill character must be exactly one character long");
            return NULL;
        }
        fill = kn_str_cstr(a[1]);
        fl = kn_str_len(a[1]);
    }
    int64_t n = S(self)->ncp;
    if (width <= n) return kn_incref(self);
    int64_t total = width - n, left;
    if (where < 0)
        left = 0;
    else if (where > 0)
        left = total;
    else
        left = total / 2 + (total & width & 1);
    tc_strbuf b = {0};
    if (kn__strbuf_room(&b, fl, total, err) < 0 ||
        kn__strbuf_repeat(&b, fill, fl, left, err) < 0 ||
        tc_strbuf_append(&b, kn_str_cstr(self), kn_str_len(self)) < 0 ||
        kn__strbuf_repeat(&b, fill, fl, total - left, err) < 0) {
        tc_strbuf_free(&b);
        kn_nomem(err);
        return NULL;
    }
    return kn__strbuf_finish(&b, err);
}
static kn_obj *m_ljust(kn_obj *self, const kn_args *args, kn_err *err) {
    return pad(self, args, "ljust", -1, err);
}
static kn_obj *m_rjust(kn_obj *self, const kn_args *args, kn_err *err) {
    return pad(self, args, "rjust", 1, err);
}
static kn_obj *m_center(kn_obj *self, const kn_args *args, kn_err *err) {
    return pad(self, args, "center", 0, err);
}

static kn_obj *m_zfill(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"width"};
    kn_obj *a[1];
    if (KN__BIND(args, "zfill", names, 1, a, err) < 0) return NULL;
    int64_t width;
    if (kn_to_int64(a[0], &width, err) < 0) return NULL;
    int64_t n = S(self)->ncp;
    if (width <= n) return kn_incref(self);
    const char *s = kn_str_cstr(self);
    tc_strbuf b = {0};
    size_t start = 0;
    if (*s == '+' || *s == '-') {
        tc_strbuf_putc(&b, *s);
        start = 1;
    }
    if (kn__strbuf_repeat(&b, "0", 1, width - n, err) < 0) {
        tc_strbuf_free(&b);
        return NULL;
    }
    tc_strbuf_append(&b, s + start, kn_str_len(self) - start);
    return kn__strbuf_finish(&b, err);
}

static kn_obj *m_format(kn_obj *self, const kn_args *args, kn_err *err) {
    return kn__str_format(kn_str_cstr(self), kn_str_len(self), args, err);
}

static const kn__method str_methods[] = {
    {"capitalize", m_capitalize, "(self, /)", "Return a capitalized version of the string."},
    {"casefold", m_casefold, "(self, /)",
     "Return a version of the string suitable for caseless comparisons."},
    {"center", m_center, "(self, width, fillchar=' ', /)",
     "Return a centered string of length width."},
    {"count", m_count, "",
     "S.count(sub[, start[, end]]) -> int\n\nReturn the number of non-overlapping occurrences of "
     "substring sub in\nstring S[start:end]."},
    {"encode", kn__str_encode, "(self, /, encoding='utf-8', errors='strict')", "Encode the string."},
    {"endswith", m_endswith, "",
     "S.endswith(suffix[, start[, end]]) -> bool\n\nReturn True if S ends with the specified "
     "suffix, False otherwise."},
    {"expandtabs", m_expandtabs, "(self, /, tabsize=8)",
     "Return a copy where all tab characters are expanded using spaces.\n\nIf tabsize is not "
     "given, a tab size of 8 characters is assumed."},
    {"find", m_find, "",
     "S.find(sub[, start[, end]]) -> int\n\nReturn the lowest index in S where substring sub is "
     "found.\nReturn -1 on failure."},
    {"format", m_format, "",
     "S.format(*args, **kwargs) -> str\n\nReturn a formatted version of S, using substitutions "
     "from args and kwargs.\nThe substitutions are identified by braces ('{' and '}')."},
    {"index", m_index, "",
     "S.index(sub[, start[, end]]) -> int\n\nLike find() but raise ValueError when the substring "
     "is not found."},
    {"isalnum", m_isalnum, "(self, /)",
     "Return True if the string is an alpha-numeric string, False otherwise."},
    {"isalpha", m_isalpha, "(self, /)",
     "Return True if the string is an alphabetic string, False otherwise."},
    {"isascii", m_isascii, "(self, /)",
     "Return True if all characters in the string are ASCII, False otherwise.\n\nASCII "
     "characters have code points in the range U+0000-U+007F.\nEmpty string is ASCII too."},
    {"isdecimal", m_isdecimal, "(self, /)",
     "Return True if the string is a decimal string, False otherwise."},
    {"isdigit", m_isdigit, "(self, /)",
     "Return True if the string is a digit string, False otherwise."},
    {"isidentifier", m_isidentifier, "(self, /)",
     "Return True if the string is a valid Python identifier, False otherwise."},
    {"islower", m_islower, "(self, /)",
     "Return True if the string is a lowercase string, False otherwise."},
    {"isnumeric", m_isnumeric, "(self, /)",
     "Return True if the string is a numeric string, False otherwise."},
    {"isprintable", m_isprintable, "(self, /)",
     "Return True if the string is printable, False otherwise.\n\nA string is printable if all "
     "of its characters are considered printable in\nrepr() or if it is empty."},
    {"isspace", m_isspace, "(self, /)",
     "Return True if the string is a whitespace string, False otherwise."},
    {"istitle", m_istitle, "(self, /)",
     "Return True if the string is a title-cased string, False otherwise."},
    {"isupper", m_isupper, "(self, /)",
     "Return True if the string is an uppercase string, False otherwise."},
    {"join", m_join, "(self, iterable, /)", "Concatenate any number of strings."},
    {"ljust", m_ljust, "(self, width, fillchar=' ', /)",
     "Return a left-justified string of length width."},
    {"lower", m_lower, "(self, /)", "Return a copy of the string converted to lowercase."},
    {"lstrip", m_lstrip, "(self, chars=None, /)",
     "Return a copy of the string with leading whitespace removed."},
    {"partition", m_partition, "(self, sep, /)",
     "Partition the string into three parts using the given separator."},
    {"removeprefix", m_removeprefix, "(self, prefix, /)",
     "Return a str with the given prefix string removed if present."},
    {"removesuffix", m_removesuffix, "(self, suffix, /)",
     "Return a str with the given suffix string removed if present."},
    {"replace", m_replace, "(self, old, new, count=-1, /)",
     "Return a copy with all occurrences of substring old replaced by new."},
    {"rfind", m_rfind, "",
     "S.rfind(sub[, start[, end]]) -> int\n\nReturn the highest index in S where substring sub is "
     "found.\nReturn -1 on failure."},
    {"rindex", m_rindex, "",
     "S.rindex(sub[, start[, end]]) -> int\n\nLike rfind() but raise ValueError when the substring "
     "is not found."},
    {"rjust", m_rjust, "(self, width, fillchar=' ', /)",
     "Return a right-justified string of length width."},
    {"rpartition", m_rpartition, "(self, sep, /)",
     "Partition the string into three parts using the given separator, searching from the end."},
    {"rsplit", m_rsplit, "(self, /, sep=None, maxsplit=-1)",
     "Return a list of the substrings in the string, using sep as the separator string."},
    {"rstrip", m_rstrip, "(self, chars=None, /)",
     "Return a copy of the string with trailing whitespace removed."},
    {"split", m_split, "(self, /, sep=None, maxsplit=-1)",
     "Return a list of the substrings in the string, using sep as the separator string."},
    {"splitlines", m_splitlines, "(self, /, keepends=False)",
     "Return a list of the lines in the string, breaking at line boundaries."},
    {"startswith", m_startswith, "",
     "S.startswith(prefix[, start[, end]]) -> bool\n\nReturn True if S starts with the specified "
     "prefix, False otherwise."},
    {"strip", m_strip, "(self, chars=None, /)",
     "Return a copy of the string with leading and trailing whitespace removed."},
    {"swapcase", m_swapcase, "(self, /)",
     "Convert uppercase characters to lowercase and lowercase characters to uppercase."},
    {"title", m_title, "(self, /)",
     "Return a version of the string where each word is titlecased."},
    {"upper", m_upper, "(self, /)", "Return a copy of the string converted to uppercase."},
    {"zfill", m_zfill, "(self, width, /)",
     "Pad a numeric string with zeros on the left, to fill a field of the given width."},
    {NULL, NULL, NULL, NULL},
};

kn_obj *kn__str_getattr(kn_obj *self, const char *name, kn_err *err) {
    return kn__method_get(self, str_methods, name);
}

int kn__str_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    return kn__method_dir(str_methods, list);
}
