/*
 * The `_re` module: the regular-expression engine under the Python-written `re`
 * (kernel/torch/py/re.py, whose reader _re_parser.py parses patterns). re.py hands the
 * parsed pattern here as nested lists and tuples of sre's opcode numbers (their shapes are
 * listed in _re_parser.py's docstring); this file compiles
 * it to a small program and runs it with a backtracking matcher whose choice points live
 * on an explicit, growable stack (a pattern cannot exhaust the C stack: only lookarounds
 * and atomic groups nest C calls, as deep as the pattern nests them). Long matches poll
 * the interrupt flag, so an interrupt stops a catastrophic pattern with KeyboardInterrupt.
 *
 * Subjects are read as code points: ASCII str and bytes in place, byte per character;
 * other str decoded once, to a byte per character when every code point is below 256, else
 * to a code point array (the last big one is kept until the cell ends, so a loop of
 * pattern.search(text, pos) does not decode again). Positions are code point indices, as
 * Python's. The semantics follow CPython's sre: greedy and lazy repeats with
 * its empty-iteration rule, marks restored on backtracking, lastindex as the last group
 * closed, the 3.7+ rules for empty matches (must_advance), \w \d \s and case-insensitive
 * matching by Unicode 14's tables (re_unicode.h) for str patterns without ASCII.
 */
#include <inttypes.h>

#include "kernel/objects/objects-impl.h"
#include "kernel/objects/re_unicode.h"

/* sre's opcode numbers, as the parser's tuples carry them. */
enum {
    SRE_ANY = 2,
    SRE_ASSERT = 4,
    SRE_ASSERT_NOT = 5,
    SRE_AT = 6,
    SRE_BRANCH = 7,
    SRE_CATEGORY = 8,
    SRE_GROUPREF = 11,
    SRE_GROUPREF_EXISTS = 12,
    SRE_IN = 13,
    SRE_LITERAL = 16,
    SRE_NOT_LITERAL = 20,
    SRE_NEGATE = 21,
    SRE_RANGE = 22,
    SRE_SUBPATTERN = 25,
    SRE_ATOMIC_GROUP = 27,
    SRE_POSSESSIVE_REPEAT = 28,
    SRE_MIN_REPEAT = 43,
    SRE_MAX_REPEAT = 44,
};
enum {
    AT_BEGINNING,
    AT_BEGINNING_LINE,
    AT_BEGINNING_STRING,
    AT_BOUNDARY,
    AT_NON_BOUNDARY,
    AT_END,
    AT_END_LINE,
    AT_END_STRING
};
enum { CAT_DIGIT, CAT_NOT_DIGIT, CAT_SPACE, CAT_NOT_SPACE, CAT_WORD, CAT_NOT_WORD };
enum {
    F_IGNORECASE = 2,
    F_LOCALE = 4,
    F_MULTILINE = 8,
    F_DOTALL = 16,
    F_UNICODE = 32,
    F_ASCII = 256
};
#define RX_INF INT64_MAX

/* The program's instructions; each is its opcode and a fixed number of int64 words. */
enum {
    OP_SUCCESS,     /* top-level end */
    OP_SUBEND,      /* end of a lookaround's or atomic group's body */
    OP_CHAR,        /* c _ */
    OP_CHAR_I,      /* lower upper */
    OP_NCHAR,       /* c _ */
    OP_NCHAR_I,     /* lower upper */
    OP_ANY,         /* _ _: not a newline */
    OP_ANYALL,      /* _ _ */
    OP_SET,         /* set _ */
    OP_AT,          /* kind unicode */
    OP_JMP,         /* target */
    OP_SPLIT,       /* alt: go on, on failure at alt */
    OP_SPLITJ,      /* alt: go to alt, on failure go on */
    OP_MARK,        /* index */
    OP_REPCHAR,     /* min max mode nextlit, then a 3-word unit */
    OP_REP_INIT,    /* register */
    OP_REP_LOOP,    /* register min max mode exit; the body follows, then JMP back */
    OP_BACKREF,     /* group icase */
    OP_ASSERT,      /* ahead(1)/behind(0) negate width end; body; SUBEND */
    OP_ATOMIC,      /* end; body; SUBEND */
    OP_GREF_EXISTS, /* group no */
    OP_POSS_REP,    /* min max exit; body; SUBEND: a possessive repeat */
};
enum { MODE_LAZY, MODE_GREEDY, MODE_POSSESSIVE };

typedef struct rx_set {
    uint32_t bits[8];      /* final answer for code points < 256 */
    uint32_t (*ranges)[2]; /* literal ranges and characters, any size */
    int nranges;
    unsigned cats; /* bit per CAT_* */
    bool negate, icase, uni;
} rx_set;

typedef struct rx_prog {
    kn_obj base;
    int64_t *code;
    int64_t ncode, capcode;
    rx_set *sets;
    int nsets, capsets;
    int ngroups, nregs;
    int flags;
    bool is_bytes;
    bool anchored;    /* begins with \A or ^ without MULTILINE */
    bool has_first;   /* first[] filters start positions */
    bool first_big;   /* code points >= 256 may start a match */
    int first_single; /* the only possible first character (< 256), or -1 */
    uint32_t first[8];
    kn_obj *groupindex; /* name -> group number (a dict), or NULL */
} rx_prog;

/* The last big non-ASCII str decoded and its characters, so a loop of searches over one
 * text (pattern.search(text, pos), several patterns in turn) decodes it once. It holds the
 * str: kn_objects_trim (at the end of each cell) lets both go. */
static struct {
    kn_obj *obj;
    void *buf;
    bool latin1; /* buf holds one byte per character */
} rx_cache;

void kn__re_trim(void) {
    kn_decref(rx_cache.obj);
    tc_free(rx_cache.buf);
    rx_cache.obj = NULL;
    rx_cache.buf = NULL;
}

static void prog_dealloc(kn_obj *self) {
    rx_prog *p = (rx_prog *)self;
    tc_free(p->code);
    for (int i = 0; i < p->nsets; i++)
        tc_free(p->sets[i].ranges);
    tc_free(p->sets);
    kn_decref(p->groupindex);
}

static kn_obj *prog_getattr(kn_obj *self, const char *name, kn_err *err) {
    rx_prog *p = (rx_prog *)self;
    if (strcmp(name, "groups") == 0) return kn_int_new(p->ngroups);
    if (strcmp(name, "flags") == 0) return kn_int_new(p->flags);
    return NULL;
}

static const kn_type prog_type = {
    .name = "Program",
    .qualname = "_re.Program",
    .dealloc = prog_dealloc,
    .getattr = prog_getattr,
};

/* ---- character classes ----------------------------------------------------------------- */

static bool in_ranges(const uint32_t (*r)[2], size_t n, uint32_t c) {
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

static uint32_t map_case(const int32_t (*t)[4], size_t n, uint32_t c) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((int64_t)c < t[mid][0])
            hi = mid;
        else if ((int64_t)c > t[mid][1])
            lo = mid + 1;
        else
            return ((int64_t)c - t[mid][0]) % t[mid][2] == 0 ? (uint32_t)((int64_t)c + t[mid][3])
                                                             : c;
    }
    return c;
}
#define NTAB(t) (sizeof(t) / sizeof((t)[0]))

static inline uint32_t lower_of(uint32_t c, bool uni) {
    if (c < 128) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    return uni ? map_case(rx_uni_lower, NTAB(rx_uni_lower), c) : c;
}
static inline uint32_t upper_of(uint32_t c, bool uni) {
    if (c < 128) return (c >= 'a' && c <= 'z') ? c - 32 : c;
    return uni ? map_case(rx_uni_upper, NTAB(rx_uni_upper), c) : c;
}

static inline bool is_word(uint32_t c, bool uni) {
    if (c < 128)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    return uni && in_ranges(rx_uni_word, NTAB(rx_uni_word), c);
}
static inline bool is_digit(uint32_t c, bool uni) {
    if (c < 128) return c >= '0' && c <= '9';
    return uni && in_ranges(rx_uni_digit, NTAB(rx_uni_digit), c);
}
static inline bool is_space(uint32_t c, bool uni) {
    if (c < 128) return c == ' ' || (c >= '\t' && c <= '\r') || (uni && c >= 0x1c && c <= 0x1f);
    return uni && in_ranges(rx_uni_space, NTAB(rx_uni_space), c);
}

/* Membership before negation and case folding. */
static bool set_raw(const rx_set *s, uint32_t c) {
    if (s->nranges && in_ranges((const uint32_t(*)[2])s->ranges, (size_t)s->nranges, c))
        return true;
    unsigned k = s->cats;
    if (!k) return false;
    if ((k & (1u << CAT_DIGIT)) && is_digit(c, s->uni)) return true;
    if ((k & (1u << CAT_NOT_DIGIT)) && !is_digit(c, s->uni)) return true;
    if ((k & (1u << CAT_SPACE)) && is_space(c, s->uni)) return true;
    if ((k & (1u << CAT_NOT_SPACE)) && !is_space(c, s->uni)) return true;
    if ((k & (1u << CAT_WORD)) && is_word(c, s->uni)) return true;
    if ((k & (1u << CAT_NOT_WORD)) && !is_word(c, s->uni)) return true;
    return false;
}

static bool set_slow(const rx_set *s, uint32_t c) {
    bool in = set_raw(s, c);
    if (!in && s->icase) {
        uint32_t lo = lower_of(c, s->uni), up = upper_of(c, s->uni);
        in = (lo != c && set_raw(s, lo)) || (up != c && set_raw(s, up));
        if (!in) {
            uint32_t l2 = lower_of(up, s->uni);
            in = l2 != c && l2 != lo && set_raw(s, l2);
        }
    }
    return in != s->negate;
}

static inline bool set_has(const rx_set *s, uint32_t c) {
    if (c < 256) return (s->bits[c >> 5] >> (c & 31)) & 1;
    return set_slow(s, c);
}

static int range_cmp(const void *a, const void *b) {
    const uint32_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* ---- compiling the parser's tuples --------------------------------------------------- */

typedef struct cbuild {
    rx_prog *p;
    kn_err *err;
    const char *bad; /* a malformed tree */
    int depth;
} cbuild;

static int64_t emit(cbuild *b, int n, const int64_t *w) {
    rx_prog *p = b->p;
    if (p->ncode + n > p->capcode) {
        int64_t nc = p->capcode ? p->capcode * 2 : 64;
        while (nc < p->ncode + n)
            nc *= 2;
        int64_t *c = tc_reallocarray(p->code, (size_t)nc, sizeof *c);
        if (!c) return kn_nomem(b->err);
        p->code = c;
        p->capcode = nc;
    }
    int64_t at = p->ncode;
    memcpy(p->code + at, w, (size_t)n * sizeof *w);
    p->ncode += n;
    return at;
}
#define EMIT(b, ...)                                                                               \
    emit((b), (int)(sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t)), (int64_t[]){__VA_ARGS__})

static int64_t ival(kn_obj *o) {
    return o && kn__is_int(o) ? kn_int_value(o) : -1;
}

static int tup(kn_obj *o, kn_obj ***items, int64_t *n) {
    if (kn_is(o, &kn_type_tuple)) {
        *items = kn_tuple_items(o);
        *n = kn_tuple_len(o);
        return 0;
    }
    if (kn_is(o, &kn_type_list)) {
        *items = kn_list_items(o);
        *n = kn_list_len(o);
        return 0;
    }
    return -1;
}

static int add_range(rx_set *s, int *cap, uint32_t lo, uint32_t hi, kn_err *err) {
    if (s->nranges == *cap) {
        int nc = *cap ? *cap * 2 : 8;
        uint32_t(*r)[2] = tc_reallocarray(s->ranges, (size_t)nc, sizeof *r);
        if (!r) return kn_nomem(err);
        s->ranges = r;
        *cap = nc;
    }
    s->ranges[s->nranges][0] = lo;
    s->ranges[s->nranges][1] = hi;
    s->nranges++;
    return 0;
}

/* Unicode rules for \w, \b, case folding: a str pattern without ASCII (also scoped: (?a:)). */
static bool uni_of(int flags) {
    return (flags & F_UNICODE) && !(flags & F_ASCII);
}

static void set_finish(rx_set *s);

/* A one-character set (a case-insensitive literal under ASCII rules). */
static int64_t char_set(cbuild *b, uint32_t c, bool negate, int flags) {
    rx_prog *p = b->p;
    if (p->nsets == p->capsets) {
        int nc = p->capsets ? p->capsets * 2 : 4;
        rx_set *ns = tc_reallocarray(p->sets, (size_t)nc, sizeof *ns);
        if (!ns) return kn_nomem(b->err);
        p->sets = ns;
        p->capsets = nc;
    }
    rx_set *s = &p->sets[p->nsets];
    memset(s, 0, sizeof *s);
    p->nsets++;
    s->icase = (flags & F_IGNORECASE) != 0;
    s->uni = uni_of(flags);
    s->negate = negate;
    int cap = 0;
    if (add_range(s, &cap, c, c, b->err) < 0) return -1;
    set_finish(s);
    return p->nsets - 1;
}

/* A set from IN's items: (LITERAL, c), (RANGE, (lo, hi)), (CATEGORY, code), (NEGATE, None). */
static int64_t build_set(cbuild *b, kn_obj *items, int flags) {
    kn_obj **it;
    int64_t n;
    if (tup(items, &it, &n) < 0) return b->bad = "set", -1;
    rx_prog *p = b->p;
    if (p->nsets == p->capsets) {
        int nc = p->capsets ? p->capsets * 2 : 4;
        rx_set *ns = tc_reallocarray(p->sets, (size_t)nc, sizeof *ns);
        if (!ns) return kn_nomem(b->err);
        p->sets = ns;
        p->capsets = nc;
    }
    rx_set *s = &p->sets[p->nsets];
    memset(s, 0, sizeof *s);
    p->nsets++;
    s->icase = (flags & F_IGNORECASE) != 0;
    s->uni = uni_of(flags);
    int cap = 0;
    for (int64_t i = 0; i < n; i++) {
        kn_obj **e;
        int64_t ne;
        if (tup(it[i], &e, &ne) < 0 || ne < 1) return b->bad = "set item", -1;
        int64_t op = ival(e[0]);
        if (op == SRE_NEGATE) {
            s->negate = true;
        } else if (op == SRE_LITERAL && ne == 2) {
            int64_t c = ival(e[1]);
            if (add_range(s, &cap, (uint32_t)c, (uint32_t)c, b->err) < 0) return -1;
        } else if (op == SRE_RANGE && ne == 3) {
            if (add_range(s, &cap, (uint32_t)ival(e[1]), (uint32_t)ival(e[2]), b->err) < 0)
                return -1;
        } else if (op == SRE_CATEGORY && ne == 2) {
            int64_t c = ival(e[1]);
            if (c < 0 || c > CAT_NOT_WORD) return b->bad = "category", -1;
            s->cats |= 1u << c;
        } else {
            return b->bad = "set op", -1;
        }
    }
    set_finish(s);
    return p->nsets - 1;
}

/* Merge the ranges and fill the bitmap of the first 256 code points. */
static void set_finish(rx_set *s) {
    if (s->nranges > 1) {
        qsort(s->ranges, (size_t)s->nranges, sizeof *s->ranges, range_cmp);
        int w = 0;
        for (int i = 1; i < s->nranges; i++) {
            if (s->ranges[i][0] <= s->ranges[w][1] + 1) {
                if (s->ranges[i][1] > s->ranges[w][1]) s->ranges[w][1] = s->ranges[i][1];
            } else {
                w++;
                s->ranges[w][0] = s->ranges[i][0];
                s->ranges[w][1] = s->ranges[i][1];
            }
        }
        s->nranges = w + 1;
    }
    for (uint32_t c = 0; c < 256; c++)
        if (set_slow(s, c)) s->bits[c >> 5] |= 1u << (c & 31);
}

static int compile_seq(cbuild *b, kn_obj *seq, int flags);

/* The 3-word instruction for a one-character item, or 0 words (returns 0) when the item
 * is not one. */
static int unit_words(cbuild *b, kn_obj **e, int64_t ne, int flags, int64_t w[3]) {
    int64_t op = ival(e[0]);
    bool uni = uni_of(flags);
    if ((op == SRE_LITERAL || op == SRE_NOT_LITERAL) && ne == 2) {
        int64_t c = ival(e[1]);
        bool neg = op == SRE_NOT_LITERAL;
        if ((flags & F_IGNORECASE) && !uni) {
            /* ASCII rules: fold through a set (OP_CHAR_I folds by Unicode's tables) */
            uint32_t lo = lower_of((uint32_t)c, false), up = upper_of((uint32_t)c, false);
            if (lo != up) {
                int64_t si = char_set(b, (uint32_t)c, neg, flags);
                if (si < 0) return -1;
                w[0] = OP_SET, w[1] = si, w[2] = 0;
                return 1;
            }
        } else if (flags & F_IGNORECASE) {
            uint32_t lo = lower_of((uint32_t)c, uni), up = upper_of((uint32_t)c, uni);
            /* a character without case mappings may still be another's mapping (U+1E9E
             * lowers to U+00DF): outside ASCII, compare folded */
            if (lo != up || lower_of(up, uni) != lo || (uni && c >= 128)) {
                w[0] = neg ? OP_NCHAR_I : OP_CHAR_I, w[1] = lo, w[2] = up;
                return 1;
            }
        }
        w[0] = neg ? OP_NCHAR : OP_CHAR, w[1] = c, w[2] = 0;
        return 1;
    }
    if (op == SRE_ANY) {
        w[0] = (flags & F_DOTALL) ? OP_ANYALL : OP_ANY, w[1] = w[2] = 0;
        return 1;
    }
    if (op == SRE_IN && ne == 2) {
        int64_t si = build_set(b, e[1], flags);
        if (si < 0) return -1;
        w[0] = OP_SET, w[1] = si, w[2] = 0;
        return 1;
    }
    return 0;
}

/* The repeated item when a repeat's body is one character, else NULL. */
static kn_obj *single_unit(kn_obj *seq) {
    kn_obj **it;
    int64_t n;
    if (tup(seq, &it, &n) < 0 || n != 1) return NULL;
    kn_obj **e;
    int64_t ne;
    if (tup(it[0], &e, &ne) < 0 || ne < 1) return NULL;
    int64_t op = ival(e[0]);
    return (op == SRE_LITERAL || op == SRE_NOT_LITERAL || op == SRE_ANY || op == SRE_IN) ? it[0]
                                                                                         : NULL;
}

static int compile_item(cbuild *b, kn_obj **e, int64_t ne, int flags, kn_obj *next) {
    int64_t op = ival(e[0]);
    int64_t w[3];
    int u = unit_words(b, e, ne, flags, w);
    if (u < 0) return -1;
    if (u) return emit(b, 3, w) < 0 ? -1 : 0;
    switch (op) {
    case SRE_AT: {
        int64_t k = ival(e[1]);
        if (k < 0 || k > AT_END_STRING) return b->bad = "at", -1;
        if (flags & F_MULTILINE) {
            if (k == AT_BEGINNING) k = AT_BEGINNING_LINE;
            if (k == AT_END) k = AT_END_LINE;
        }
        return EMIT(b, OP_AT, k, uni_of(flags)) < 0 ? -1 : 0;
    }
    case SRE_BRANCH: {
        kn_obj **alts;
        int64_t na;
        if (ne != 2 || tup(e[1], &alts, &na) < 0) return b->bad = "branch", -1;
        int64_t *jumps = tc_calloc((size_t)(na ? na : 1), sizeof *jumps);
        if (!jumps) return kn_nomem(b->err);
        int rc = 0;
        for (int64_t i = 0; i < na && rc == 0; i++) {
            int64_t split = -1;
            if (i + 1 < na && (split = EMIT(b, OP_SPLIT, 0)) < 0) rc = -1;
            if (rc == 0 && compile_seq(b, alts[i], flags) < 0) rc = -1;
            if (rc == 0 && i + 1 < na) {
                if ((jumps[i] = EMIT(b, OP_JMP, 0)) < 0)
                    rc = -1;
                else
                    b->p->code[split + 1] = b->p->ncode;
            }
        }
        for (int64_t i = 0; rc == 0 && i + 1 < na; i++)
            b->p->code[jumps[i] + 1] = b->p->ncode;
        tc_free(jumps);
        return rc;
    }
    case SRE_SUBPATTERN: {
        if (ne != 5) return b->bad = "subpattern", -1;
        int64_t g = ival(e[1]);
        int nf = (flags | (int)ival(e[2])) & ~(int)ival(e[3]);
        if (g > 0 && EMIT(b, OP_MARK, 2 * g) < 0) return -1;
        if (compile_seq(b, e[4], nf) < 0) return -1;
        if (g > 0 && EMIT(b, OP_MARK, 2 * g + 1) < 0) return -1;
        return 0;
    }
    case SRE_MAX_REPEAT:
    case SRE_MIN_REPEAT:
    case SRE_POSSESSIVE_REPEAT: {
        if (ne != 4) return b->bad = "repeat", -1;
        int64_t mn = ival(e[1]), mx = ival(e[2]);
        if (mx >= 4294967295LL) mx = RX_INF;
        int mode = op == SRE_MAX_REPEAT   ? MODE_GREEDY
                   : op == SRE_MIN_REPEAT ? MODE_LAZY
                                          : MODE_POSSESSIVE;
        kn_obj *unit = single_unit(e[3]);
        if (unit) {
            kn_obj **ue = NULL;
            int64_t une = 0;
            tup(unit, &ue, &une);
            int64_t uw[3];
            if (unit_words(b, ue, une, flags, uw) < 0) return -1;
            /* a literal right after the loop lets backtracking skip positions */
            int64_t nextlit = -1;
            kn_obj **ne2;
            int64_t nne;
            if (next && tup(next, &ne2, &nne) == 0 && nne == 2 && ival(ne2[0]) == SRE_LITERAL &&
                !(flags & F_IGNORECASE))
                nextlit = ival(ne2[1]);
            if (EMIT(b, OP_REPCHAR, mn, mx, mode, nextlit) < 0) return -1;
            return emit(b, 3, uw) < 0 ? -1 : 0;
        }
        if (mode == MODE_POSSESSIVE) {
            /* as sre: each iteration is atomic on its own */
            int64_t at = EMIT(b, OP_POSS_REP, mn, mx, 0);
            if (at < 0 || compile_seq(b, e[3], flags) < 0 || EMIT(b, OP_SUBEND) < 0) return -1;
            b->p->code[at + 3] = b->p->ncode;
            return 0;
        }
        if (mn == 1 && mx == 1) return compile_seq(b, e[3], flags);
        if (mn == 0 && mx == 1) {
            int64_t sp = EMIT(b, mode == MODE_GREEDY ? OP_SPLIT : OP_SPLITJ, 0);
            if (sp < 0 || compile_seq(b, e[3], flags) < 0) return -1;
            b->p->code[sp + 1] = b->p->ncode;
        } else {
            int r = b->p->nregs++;
            if (EMIT(b, OP_REP_INIT, r) < 0) return -1;
            int64_t loop = EMIT(b, OP_REP_LOOP, r, mn, mx, mode, 0);
            if (loop < 0 || compile_seq(b, e[3], flags) < 0) return -1;
            if (EMIT(b, OP_JMP, loop) < 0) return -1;
            b->p->code[loop + 5] = b->p->ncode;
        }
        return 0;
    }
    case SRE_GROUPREF:
        /* folding: 0 none, 1 ASCII, 2 Unicode */
        return EMIT(b, OP_BACKREF, ival(e[1]),
                    (flags & F_IGNORECASE) ? (uni_of(flags) ? 2 : 1) : 0) < 0
                   ? -1
                   : 0;
    case SRE_GROUPREF_EXISTS: {
        if (ne != 4) return b->bad = "groupref_exists", -1;
        int64_t at = EMIT(b, OP_GREF_EXISTS, ival(e[1]), 0);
        if (at < 0 || compile_seq(b, e[2], flags) < 0) return -1;
        if (e[3] == kn_none()) {
            b->p->code[at + 2] = b->p->ncode;
            return 0;
        }
        int64_t j = EMIT(b, OP_JMP, 0);
        if (j < 0) return -1;
        b->p->code[at + 2] = b->p->ncode;
        if (compile_seq(b, e[3], flags) < 0) return -1;
        b->p->code[j + 1] = b->p->ncode;
        return 0;
    }
    case SRE_ASSERT:
    case SRE_ASSERT_NOT: {
        /* (op, dir, width, seq) */
        if (ne != 4) return b->bad = "assert", -1;
        int64_t at = EMIT(b, OP_ASSERT, ival(e[1]) >= 0, op == SRE_ASSERT_NOT, ival(e[2]), 0);
        if (at < 0 || compile_seq(b, e[3], flags) < 0 || EMIT(b, OP_SUBEND) < 0) return -1;
        b->p->code[at + 4] = b->p->ncode;
        return 0;
    }
    case SRE_ATOMIC_GROUP: {
        int64_t at = EMIT(b, OP_ATOMIC, 0);
        if (at < 0 || compile_seq(b, e[1], flags) < 0 || EMIT(b, OP_SUBEND) < 0) return -1;
        b->p->code[at + 1] = b->p->ncode;
        return 0;
    }
    default:
        b->bad = "opcode";
        return -1;
    }
}

static int compile_seq(cbuild *b, kn_obj *seq, int flags) {
    kn_obj **it;
    int64_t n;
    if (tup(seq, &it, &n) < 0) return b->bad = "sequence", -1;
    if (++b->depth > 2000) {
        b->depth--;
        return tc_error_set(b->err, TC_EXC_RECURSION,
                            "maximum recursion depth exceeded while compiling a pattern");
    }
    int rc = 0;
    for (int64_t i = 0; i < n && rc == 0; i++) {
        kn_obj **e;
        int64_t ne;
        if (tup(it[i], &e, &ne) < 0 || ne < 1) {
            b->bad = "item";
            rc = -1;
            break;
        }
        rc = compile_item(b, e, ne, flags, i + 1 < n ? it[i + 1] : NULL);
    }
    b->depth--;
    return rc;
}

/* ---- the search filter: which characters can begin a match ---------------------------- */

static void first_add(rx_prog *p, uint32_t c) {
    if (c < 256)
        p->first[c >> 5] |= 1u << (c & 31);
    else
        p->first_big = true;
}

/* Add the characters the code at pc can begin with; false when unknown or when the code
 * can match the empty string there. */
static bool first_of(rx_prog *p, int64_t pc, int depth) {
    if (depth > 32) return false;
    for (;;) {
        const int64_t *c = p->code + pc;
        switch (c[0]) {
        case OP_CHAR:
            first_add(p, (uint32_t)c[1]);
            return true;
        case OP_CHAR_I: {
            bool uni = true;
            first_add(p, (uint32_t)c[1]);
            first_add(p, (uint32_t)c[2]);
            for (uint32_t ch = 0; ch < 256; ch++)
                if (lower_of(ch, uni) == (uint32_t)c[1] || upper_of(ch, uni) == (uint32_t)c[2])
                    first_add(p, ch);
            p->first_big = true;
            return true;
        }
        case OP_SET:
            for (int k = 0; k < 8; k++)
                p->first[k] |= p->sets[c[1]].bits[k];
            p->first_big = true;
            return true;
        case OP_MARK:
            pc += 2;
            continue;
        case OP_AT:
            pc += 3;
            continue;
        case OP_JMP:
            pc = c[1];
            continue;
        case OP_SPLIT:
        case OP_SPLITJ:
            if (!first_of(p, pc + 2, depth + 1)) return false;
            pc = c[1];
            continue;
        case OP_REPCHAR: {
            const int64_t *u = c + 5;
            if (u[0] == OP_CHAR)
                first_add(p, (uint32_t)u[1]);
            else if (u[0] == OP_SET || u[0] == OP_CHAR_I) {
                if (!first_of(p, pc + 5, depth + 1)) return false;
            } else
                return false;
            if (c[1] >= 1) return true;
            pc += 8;
            continue;
        }
        default:
            return false;
        }
    }
}

static void prog_analyse(rx_prog *p) {
    int64_t pc = 0;
    while (p->code[pc] == OP_MARK)
        pc += 2;
    if (p->code[pc] == OP_AT &&
        (p->code[pc + 1] == AT_BEGINNING_STRING || p->code[pc + 1] == AT_BEGINNING))
        p->anchored = true;
    memset(p->first, 0, sizeof p->first);
    p->first_big = false;
    p->has_first = first_of(p, 0, 0);
    p->first_single = -1;
    if (p->has_first && !p->first_big) {
        int cnt = 0, last = -1;
        for (int ch = 0; ch < 256; ch++)
            if ((p->first[ch >> 5] >> (ch & 31)) & 1) cnt++, last = ch;
        if (cnt == 1) p->first_single = last;
    }
}

/* _re.compile(tree, flags, ngroups, is_bytes) -> program. */
static kn_obj *re_compile(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"tree", "flags", "groups", "is_bytes", "groupindex"};
    kn_obj *a[5];
    if (KN__BIND(args, "compile", names, 4, a, err) < 0) return NULL;
    rx_prog *p = (rx_prog *)kn_obj_alloc(&prog_type, sizeof(rx_prog), err);
    if (!p) return NULL;
    p->flags = (int)ival(a[1]);
    p->ngroups = (int)ival(a[2]);
    p->is_bytes = kn_truth(a[3], err) == 1;
    if (a[4] && kn_is(a[4], &kn_type_dict)) p->groupindex = kn_incref(a[4]);
    cbuild b = {p, err, NULL, 0};
    int flags = p->flags;
    if (flags & F_LOCALE) flags &= ~F_UNICODE;
    if (compile_seq(&b, a[0], flags) < 0 || EMIT(&b, OP_SUCCESS) < 0) {
        if (b.bad && !tc_error_is_set(err))
            tc_error_set(err, TC_EXC_VALUE, "_re.compile: malformed pattern tree (%s)", b.bad);
        kn_decref(&p->base);
        return NULL;
    }
    prog_analyse(p);
    return &p->base;
}

/* ---- subjects -------------------------------------------------------------------------- */

typedef struct rx_subj {
    const uint8_t *s8;   /* one byte per character, or NULL */
    const uint32_t *s32; /* decoded code points, or NULL */
    int64_t n;
    bool is_bytes;
    bool latin1; /* s8 holds the code points (< 256) of a str that is not ASCII */
    void *owned; /* the decoded text when not the cache's */
    bool cached; /* the decoded text is the cache's */
} rx_subj;

static void subj_free(rx_subj *s) {
    tc_free(s->owned);
}

/* Take the decoded text out of the cache before running Python code (sub's function),
 * which may decode another text into the cache. */
static void subj_own(rx_subj *s) {
    if (!s->cached) return;
    s->owned = rx_cache.buf;
    rx_cache.buf = NULL;
    kn_decref(rx_cache.obj);
    rx_cache.obj = NULL;
    s->cached = false;
}

/* Decode a non-ASCII str: one byte per character when every code point is below 256
 * (lead bytes 0xC2/0xC3 only), else one uint32_t each. NULL when out of memory. */
static void *decode(const kn_strobj *s, bool *latin1) {
    const unsigned char *u = (const unsigned char *)s->s;
    bool narrow = true;
    for (size_t i = 0; i < s->n && narrow; i++)
        narrow = u[i] < 0xC4;
    *latin1 = narrow;
    size_t off = 0;
    if (narrow) {
        uint8_t *buf = tc_malloc((size_t)(s->ncp ? s->ncp : 1));
        if (!buf) return NULL;
        for (int64_t i = 0; i < s->ncp; i++) {
            unsigned c = u[off++];
            if (c >= 0x80) c = ((c & 0x1F) << 6) | (u[off++] & 0x3F);
            buf[i] = (uint8_t)c;
        }
        return buf;
    }
    uint32_t *buf = tc_reallocarray(NULL, (size_t)(s->ncp ? s->ncp : 1), sizeof *buf);
    if (!buf) return NULL;
    for (int64_t i = 0; i < s->ncp; i++) {
        if (u[off] < 0x80) {
            buf[i] = u[off++];
            continue;
        }
        size_t l;
        buf[i] = kn__utf8_decode(u + off, s->n - off, &l);
        off += l;
    }
    return buf;
}

/* Read 'string' for program p: TypeError for a wrong type, as CPython. The characters
 * stay valid until the next subj_get (the cache may then move on). */
static int subj_get(rx_prog *p, kn_obj *string, rx_subj *out, kn_err *err) {
    memset(out, 0, sizeof *out);
    if (kn_is(string, &kn_type_bytes)) {
        if (!p->is_bytes)
            return tc_error_set(err, TC_EXC_TYPE,
                                "cannot use a string pattern on a bytes-like object");
        out->s8 = (const uint8_t *)kn_bytes_data(string);
        out->n = (int64_t)kn_bytes_len(string);
        out->is_bytes = true;
        return 0;
    }
    if (!kn_is(string, &kn_type_str))
        return tc_error_set(err, TC_EXC_TYPE, "expected string or bytes-like object, got '%s'",
                            kn_type_name(string));
    if (p->is_bytes)
        return tc_error_set(err, TC_EXC_TYPE, "cannot use a bytes pattern on a string-like object");
    kn_strobj *s = (kn_strobj *)string;
    out->n = s->ncp;
    if (s->ascii) {
        out->s8 = (const uint8_t *)s->s;
        return 0;
    }
    bool latin1;
    void *buf;
    if (rx_cache.obj == string) {
        buf = rx_cache.buf;
        latin1 = rx_cache.latin1;
        out->cached = true;
    } else {
        if (!(buf = decode(s, &latin1))) return kn_nomem(err);
        if (s->ncp >= 64) {
            kn__re_trim();
            rx_cache.obj = kn_incref(string);
            rx_cache.buf = buf;
            rx_cache.latin1 = latin1;
            out->cached = true;
        } else {
            out->owned = buf;
        }
    }
    if (latin1) {
        out->s8 = buf;
        out->latin1 = true;
    } else {
        out->s32 = buf;
    }
    return 0;
}

static void put_utf8(tc_strbuf *b, uint32_t c) {
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

/* Append characters [a, b) of the subject to a builder. */
static void subj_put(const rx_subj *s, tc_strbuf *b, int64_t a, int64_t e) {
    if (e <= a) return;
    if (s->s8 && s->latin1) {
        while (a < e) {
            int64_t k = a;
            while (k < e && s->s8[k] < 0x80)
                k++;
            tc_strbuf_append(b, (const char *)s->s8 + a, (size_t)(k - a));
            for (a = k; a < e && s->s8[a] >= 0x80; a++)
                put_utf8(b, s->s8[a]);
        }
        return;
    }
    if (s->s8) {
        tc_strbuf_append(b, (const char *)s->s8 + a, (size_t)(e - a));
        return;
    }
    for (int64_t i = a; i < e; i++)
        put_utf8(b, s->s32[i]);
}

/* A new str (bytes) of characters [a, b). */
static kn_obj *subj_slice(const rx_subj *s, int64_t a, int64_t e, kn_err *err) {
    if (e < a) e = a;
    kn_obj *r;
    if (s->s8 && !s->latin1)
        r = s->is_bytes ? kn_bytes_new((const char *)s->s8 + a, (size_t)(e - a))
                        : kn_str_new((const char *)s->s8 + a, (size_t)(e - a));
    else {
        tc_strbuf b = {0};
        subj_put(s, &b, a, e);
        if (b.failed) {
            tc_strbuf_free(&b);
            kn_nomem(err);
            return NULL;
        }
        r = kn_str_new(b.data ? b.data : "", b.len);
        tc_strbuf_free(&b);
    }
    if (!r) kn_nomem(err);
    return r;
}

/* ---- the matcher ------------------------------------------------------------------------ */

enum { BT_ALT, BT_MARK, BT_REP, BT_LAZY_REP, BT_GREEDY_CHAR, BT_LAZY_CHAR };

typedef struct rx_bt {
    int32_t kind;
    int32_t idx;
    int64_t pc;
    int64_t pos;
    int64_t a, b;
} rx_bt;

typedef struct rx_m {
    rx_prog *p;
    const uint8_t *s8;
    const uint32_t *s32;
    int64_t end;   /* endpos: the subject ends here */
    int64_t start; /* where this attempt began */
    int64_t *marks;
    int64_t *rcnt, *rlast;
    int64_t lastindex;
    rx_bt *stk;
    int64_t sp, cap;
    bool stk_owned; /* stk is a heap block (else the state's own small array) */
    uint64_t steps;
    bool match_all, must_advance;
    int64_t match_end;
    kn_err *err;
} rx_m;

static int m_grow(rx_m *m) {
    int64_t nc = m->cap ? m->cap * 2 : 256;
    if (kn__check_alloc((double)nc * sizeof(rx_bt), m->err) < 0) return -1;
    rx_bt *s = tc_reallocarray(m->stk_owned ? m->stk : NULL, (size_t)nc, sizeof *s);
    if (!s) return kn_nomem(m->err);
    if (!m->stk_owned) memcpy(s, m->stk, (size_t)m->sp * sizeof *s);
    m->stk_owned = true;
    m->stk = s;
    m->cap = nc;
    return 0;
}

#define PUSH(K, I, PC, POS, A, B)                                                                  \
    do {                                                                                           \
        if (m->sp == m->cap && m_grow(m) < 0) return -1;                                           \
        rx_bt *t_ = &m->stk[m->sp++];                                                              \
        t_->kind = (K), t_->idx = (int32_t)(I), t_->pc = (PC), t_->pos = (POS), t_->a = (A),       \
        t_->b = (B);                                                                               \
    } while (0)

static inline uint32_t ch_at(const rx_m *m, int64_t i, int w) {
    return w == 1 ? m->s8[i] : m->s32[i];
}

/* Does the 3-word unit at u accept c? */
static inline bool unit_ok(const rx_m *m, const int64_t *u, uint32_t c) {
    switch (u[0]) {
    case OP_CHAR:
        return c == (uint32_t)u[1];
    case OP_NCHAR:
        return c != (uint32_t)u[1];
    case OP_CHAR_I: /* Unicode rules only: ASCII ones use a set */
    case OP_NCHAR_I: {
        bool eq = c == (uint32_t)u[1] || c == (uint32_t)u[2] ||
                  lower_of(c, true) == (uint32_t)u[1] || upper_of(c, true) == (uint32_t)u[2];
        return eq == (u[0] == OP_CHAR_I);
    }
    case OP_ANY:
        return c != '\n';
    case OP_ANYALL:
        return true;
    case OP_SET:
        return set_has(&m->p->sets[u[1]], c);
    }
    return false;
}

static bool at_ok(const rx_m *m, int64_t kind, bool uni, int64_t pos, int w) {
    switch (kind) {
    case AT_BEGINNING:
    case AT_BEGINNING_STRING:
        return pos == 0;
    case AT_BEGINNING_LINE:
        return pos == 0 || ch_at(m, pos - 1, w) == '\n';
    case AT_END:
        return pos == m->end || (pos == m->end - 1 && ch_at(m, pos, w) == '\n');
    case AT_END_LINE:
        return pos == m->end || ch_at(m, pos, w) == '\n';
    case AT_END_STRING:
        return pos == m->end;
    case AT_BOUNDARY:
    case AT_NON_BOUNDARY: {
        if (m->end == 0) return false;
        bool before = pos > 0 && is_word(ch_at(m, pos - 1, w), uni);
        bool here = pos < m->end && is_word(ch_at(m, pos, w), uni);
        return (before != here) == (kind == AT_BOUNDARY);
    }
    }
    return false;
}

/* After a lookaround or atomic body succeeded: drop its choice points above base, keeping
 * the records that undo its marks, so backtracking past it still restores them. */
static void keep_marks(rx_m *m, int64_t base) {
    int64_t w = base;
    for (int64_t i = base; i < m->sp; i++)
        if (m->stk[i].kind == BT_MARK) m->stk[w++] = m->stk[i];
    m->sp = w;
}

/* Undo everything above base (a negative lookaround whose body matched). */
static void unwind(rx_m *m, int64_t base) {
    while (m->sp > base) {
        rx_bt *t = &m->stk[--m->sp];
        if (t->kind == BT_MARK) {
            m->marks[t->idx] = t->a;
            m->lastindex = t->b;
        } else if (t->kind == BT_REP) {
            m->rcnt[t->idx] = t->a;
            m->rlast[t->idx] = t->b;
        }
    }
}

static int run(rx_m *m, int64_t pc, int64_t pos, int w);

/* Run the code from pc at pos. 1: matched (m->match_end, marks set); 0: no match; -1: error.
 * Choice points go on m's stack above its current top, which is as it was on return 0. */
static inline __attribute__((always_inline)) int run_impl(rx_m *m, int64_t pc, int64_t pos,
                                                          const int w) {
    const int64_t base = m->sp;
    const int64_t *code = m->p->code;
    const int64_t end = m->end;
    for (;;) {
        if (__builtin_expect((++m->steps & 0xffff) == 0, 0) && tc_interrupt_pending() &&
            tc_interrupt_check(m->err) < 0)
            return -1;
        const int64_t *c = code + pc;
        switch (c[0]) {
        case OP_SUCCESS:
            if ((m->match_all && pos != end) || (m->must_advance && pos == m->start)) goto fail;
            m->match_end = pos;
            return 1;
        case OP_SUBEND:
            m->match_end = pos;
            return 1;
        case OP_CHAR:
            if (pos >= end || ch_at(m, pos, w) != (uint32_t)c[1]) goto fail;
            pos++;
            pc += 3;
            continue;
        case OP_CHAR_I:
        case OP_NCHAR:
        case OP_NCHAR_I:
        case OP_ANY:
        case OP_ANYALL:
        case OP_SET:
            if (pos >= end || !unit_ok(m, c, ch_at(m, pos, w))) goto fail;
            pos++;
            pc += 3;
            continue;
        case OP_AT:
            if (!at_ok(m, c[1], c[2] != 0, pos, w)) goto fail;
            pc += 3;
            continue;
        case OP_JMP:
            pc = c[1];
            continue;
        case OP_SPLIT:
            PUSH(BT_ALT, 0, c[1], pos, 0, 0);
            pc += 2;
            continue;
        case OP_SPLITJ:
            PUSH(BT_ALT, 0, pc + 2, pos, 0, 0);
            pc = c[1];
            continue;
        case OP_MARK: {
            int64_t i = c[1];
            PUSH(BT_MARK, i, 0, 0, m->marks[i], m->lastindex);
            m->marks[i] = pos;
            if (i & 1) m->lastindex = i / 2;
            pc += 2;
            continue;
        }
        case OP_REPCHAR: {
            const int64_t mn = c[1], mx = c[2], mode = c[3], nextlit = c[4];
            const int64_t *u = c + 5;
            int64_t limit = end - pos;
            if (mx < limit) limit = mx;
            if (mode != MODE_LAZY) {
                int64_t k = 0;
                if (w == 1 && u[0] == OP_ANYALL)
                    k = limit;
                else if (w == 1 && u[0] == OP_SET) {
                    const uint32_t *bits = m->p->sets[u[1]].bits;
                    const uint8_t *s = m->s8 + pos;
                    while (k < limit && ((bits[s[k] >> 5] >> (s[k] & 31)) & 1))
                        k++;
                } else if (w == 1 && u[0] == OP_CHAR) {
                    const uint8_t *s = m->s8 + pos;
                    while (k < limit && s[k] == (uint8_t)u[1])
                        k++;
                } else if (w == 1 && u[0] == OP_ANY) {
                    const uint8_t *s = m->s8 + pos;
                    while (k < limit && s[k] != '\n')
                        k++;
                } else {
                    while (k < limit && unit_ok(m, u, ch_at(m, pos + k, w)))
                        k++;
                }
                if (k < mn) goto fail;
                if (mode == MODE_GREEDY && k > mn) {
                    if (nextlit >= 0) {
                        /* the next character must be the literal: skip the rest */
                        while (k > mn &&
                               (pos + k >= end || ch_at(m, pos + k, w) != (uint32_t)nextlit))
                            k--;
                        if (k > mn) PUSH(BT_GREEDY_CHAR, 0, pc, pos, k, mn);
                    } else {
                        PUSH(BT_GREEDY_CHAR, 0, pc, pos, k, mn);
                    }
                }
                pos += k;
                pc += 8;
                continue;
            }
            if (limit < mn) goto fail;
            for (int64_t k = 0; k < mn; k++)
                if (!unit_ok(m, u, ch_at(m, pos + k, w))) goto fail;
            pos += mn;
            if (mn < mx) PUSH(BT_LAZY_CHAR, 0, pc, pos, mn, 0);
            pc += 8;
            continue;
        }
        case OP_REP_INIT: {
            int64_t r = c[1];
            PUSH(BT_REP, r, 0, 0, m->rcnt[r], m->rlast[r]);
            m->rcnt[r] = 0;
            m->rlast[r] = -1;
            pc += 2;
            continue;
        }
        case OP_REP_LOOP: {
            int64_t r = c[1], mn = c[2], mx = c[3], mode = c[4], exitpc = c[5];
            int64_t k = m->rcnt[r];
            if (k < mn) {
                /* as sre: the iterations up to the minimum leave the empty-iteration
                 * guard (the start of the last optional iteration) alone */
                PUSH(BT_REP, r, 0, 0, k, m->rlast[r]);
                m->rcnt[r] = k + 1;
                pc += 6;
                continue;
            }
            if (k < mx && pos != m->rlast[r]) {
                if (mode == MODE_GREEDY) {
                    PUSH(BT_ALT, 0, exitpc, pos, 0, 0);
                    PUSH(BT_REP, r, 0, 0, k, m->rlast[r]);
                    m->rcnt[r] = k + 1;
                    m->rlast[r] = pos;
                    pc += 6;
                } else {
                    PUSH(BT_LAZY_REP, r, pc, pos, 0, 0);
                    pc = exitpc;
                }
                continue;
            }
            pc = exitpc;
            continue;
        }
        case OP_BACKREF: {
            int64_t g = c[1];
            int64_t a = m->marks[2 * g], e = m->marks[2 * g + 1];
            if (a < 0 || e < 0 || e < a) goto fail;
            if (e - a > end - pos) goto fail;
            bool uni = c[2] == 2;
            for (int64_t k = 0; k < e - a; k++) {
                uint32_t x = ch_at(m, a + k, w), y = ch_at(m, pos + k, w);
                if (x != y && !(c[2] && lower_of(x, uni) == lower_of(y, uni))) goto fail;
            }
            pos += e - a;
            pc += 3;
            continue;
        }
        case OP_GREF_EXISTS: {
            int64_t g = c[1];
            pc = m->marks[2 * g] >= 0 && m->marks[2 * g + 1] >= 0 ? pc + 3 : c[2];
            continue;
        }
        case OP_ASSERT: {
            bool ahead = c[1] != 0, neg = c[2] != 0;
            int64_t width = c[3], after = c[4];
            int64_t from = ahead ? pos : pos - width;
            int r = 0;
            int64_t sub = m->sp;
            if (from >= 0) {
                bool ma = m->match_all, adv = m->must_advance;
                int64_t save_end = m->end;
                m->match_all = m->must_advance = false;
                r = run(m, pc + 5, from, w);
                m->match_all = ma, m->must_advance = adv;
                m->end = save_end;
                if (r < 0) return -1;
            }
            if (r == 1) {
                if (neg) {
                    unwind(m, sub);
                    goto fail;
                }
                keep_marks(m, sub);
            } else if (!neg)
                goto fail;
            pc = after;
            continue;
        }
        case OP_POSS_REP: {
            const int64_t mn = c[1], mx = c[2];
            bool ma = m->match_all, adv = m->must_advance;
            m->match_all = m->must_advance = false;
            int64_t k = 0, prev = -1;
            int r = 1;
            while (k < mn) { /* the minimum, each iteration atomic; no empty guard */
                int64_t sub = m->sp;
                r = run(m, pc + 4, pos, w);
                if (r <= 0) break;
                keep_marks(m, sub);
                pos = m->match_end;
                k++;
            }
            while (r > 0 && k < mx && pos != prev) { /* then while an iteration advances */
                prev = pos;
                int64_t sub = m->sp;
                r = run(m, pc + 4, pos, w);
                if (r <= 0) break;
                keep_marks(m, sub);
                pos = m->match_end;
                k++;
            }
            m->match_all = ma, m->must_advance = adv;
            if (r < 0) return -1;
            if (k < mn) goto fail;
            pc = c[3];
            continue;
        }
        case OP_ATOMIC: {
            int64_t sub = m->sp;
            bool ma = m->match_all, adv = m->must_advance;
            m->match_all = m->must_advance = false;
            int r = run(m, pc + 2, pos, w);
            m->match_all = ma, m->must_advance = adv;
            if (r < 0) return -1;
            if (r == 0) goto fail;
            keep_marks(m, sub);
            pos = m->match_end;
            pc = c[1];
            continue;
        }
        default:
            tc_error_set(m->err, TC_EXC_RUNTIME, "internal error in regular expression engine");
            return -1;
        }
    fail:
        for (;;) {
            if (m->sp == base) return 0;
            rx_bt *t = &m->stk[--m->sp];
            switch (t->kind) {
            case BT_ALT:
                pc = t->pc;
                pos = t->pos;
                goto resume;
            case BT_MARK:
                m->marks[t->idx] = t->a;
                m->lastindex = t->b;
                continue;
            case BT_REP:
                m->rcnt[t->idx] = t->a;
                m->rlast[t->idx] = t->b;
                continue;
            case BT_LAZY_REP: {
                int64_t r = t->idx;
                pc = t->pc;
                pos = t->pos;
                m->sp++; /* reuse the slot as the register's undo record */
                t->kind = BT_REP;
                t->a = m->rcnt[r];
                t->b = m->rlast[r];
                m->rcnt[r]++;
                m->rlast[r] = pos;
                pc += 6;
                goto resume;
            }
            case BT_GREEDY_CHAR: {
                const int64_t *rc = code + t->pc;
                int64_t k = t->a - 1, mn = t->b, nextlit = rc[4];
                if (nextlit >= 0)
                    while (k > mn &&
                           (t->pos + k >= end || ch_at(m, t->pos + k, w) != (uint32_t)nextlit))
                        k--;
                pos = t->pos + k;
                pc = t->pc + 8;
                if (k > mn) {
                    t->a = k;
                    m->sp++;
                }
                goto resume;
            }
            case BT_LAZY_CHAR: {
                const int64_t *rc = code + t->pc;
                int64_t k = t->a, mx = rc[2];
                if (t->pos >= end || !unit_ok(m, rc + 5, ch_at(m, t->pos, w))) continue;
                pos = t->pos + 1;
                k++;
                pc = t->pc + 8;
                if (k < mx) {
                    t->pos = pos;
                    t->a = k;
                    m->sp++;
                }
                goto resume;
            }
            }
        }
    resume:;
    }
}

static int run8(rx_m *m, int64_t pc, int64_t pos) {
    return run_impl(m, pc, pos, 1);
}
static int run32(rx_m *m, int64_t pc, int64_t pos) {
    return run_impl(m, pc, pos, 4);
}
static int run(rx_m *m, int64_t pc, int64_t pos, int w) {
    return w == 1 ? run8(m, pc, pos) : run32(m, pc, pos);
}

/* A matcher's state; small patterns and short backtracking fit in its own arrays, so a
 * match in a loop allocates nothing. Used in place (m points into it). */
#define RX_SMALL 48
typedef struct rx_state {
    rx_m m;
    int64_t *mem;
    int64_t mem_small[RX_SMALL];
    rx_bt stk_small[RX_SMALL];
} rx_state;

static int state_init(rx_state *st, rx_prog *p, const rx_subj *s, int64_t endpos, kn_err *err) {
    memset(&st->m, 0, sizeof st->m);
    int64_t nm = 2 * ((int64_t)p->ngroups + 1), nr = p->nregs;
    if (nm + 2 * nr + 1 <= RX_SMALL)
        st->mem = st->mem_small;
    else if (!(st->mem = tc_reallocarray(NULL, (size_t)(nm + 2 * nr + 1), sizeof(int64_t))))
        return kn_nomem(err);
    for (int64_t i = 0; i < nm + 2 * nr + 1; i++)
        st->mem[i] = -1;
    rx_m *m = &st->m;
    m->p = p;
    m->s8 = s->s8;
    m->s32 = s->s32;
    m->end = endpos;
    m->marks = st->mem;
    m->rcnt = st->mem + nm;
    m->rlast = st->mem + nm + nr;
    m->lastindex = -1;
    m->err = err;
    m->stk = st->stk_small;
    m->cap = RX_SMALL;
    return 0;
}

static void state_free(rx_state *st) {
    if (st->m.stk_owned) tc_free(st->m.stk);
    if (st->mem != st->mem_small) tc_free(st->mem);
}

static inline bool first_ok(const rx_prog *p, uint32_t c) {
    return c < 256 ? (p->first[c >> 5] >> (c & 31)) & 1 : p->first_big;
}

/* Find a match beginning in [pos, end] (search) or at pos (match). 1: found, with its start
 * in *mstart, its end in m->match_end and the marks set; 0: none; -1: error. */
static int find(rx_state *st, int64_t pos, bool search, int64_t *mstart) {
    rx_m *m = &st->m;
    rx_prog *p = m->p;
    int w = m->s8 ? 1 : 4;
    if (pos > m->end) return 0;
    if (p->anchored && search) {
        if (pos > 0) return 0;
        search = false;
    }
    bool adv = m->must_advance;
    for (int64_t start = pos;; start++) {
        if (search && p->has_first) {
            if (w == 1 && p->first_single >= 0) {
                const uint8_t *f = start < m->end ? memchr(m->s8 + start, p->first_single,
                                                           (size_t)(m->end - start))
                                                  : NULL;
                if (!f) return 0;
                start = f - m->s8;
            } else if (p->first_single >= 0) {
                const uint32_t *s32 = m->s32, c = (uint32_t)p->first_single;
                int64_t e = m->end;
                while (start < e && s32[start] != c)
                    start++;
                if (start >= e) return 0;
            } else {
                while (start < m->end && !first_ok(p, ch_at(m, start, w)))
                    start++;
                if (start >= m->end) return 0;
            }
        }
        m->start = start;
        m->must_advance = adv && start == pos;
        m->sp = 0;
        int r = run(m, 0, start, w);
        if (r != 0) {
            m->must_advance = adv;
            if (r == 1) *mstart = start;
            return r;
        }
        if (!search || start >= m->end) break;
        if (kn__poll((uint64_t)start, m->err) < 0) return -1;
    }
    m->must_advance = adv;
    return 0;
}

static int get_prog(kn_obj *o, rx_prog **out, kn_err *err) {
    if (!kn_is(o, &prog_type)) return tc_error_set(err, TC_EXC_TYPE, "expected a compiled program");
    *out = (rx_prog *)o;
    return 0;
}

static void clamp(int64_t n, int64_t *pos, int64_t *endpos) {
    if (*pos < 0) *pos = 0;
    if (*pos > n) *pos = n;
    if (*endpos < 0) *endpos = 0;
    if (*endpos > n) *endpos = n;
}

static int opt_index(kn_obj *o, int64_t dflt, int64_t *out, kn_err *err) {
    if (!o) {
        *out = dflt;
        return 0;
    }
    return kn_to_int64(o, out, err);
}

/* ---- Match objects ----------------------------------------------------------------------- */

typedef struct rx_match {
    kn_obj base;
    kn_obj *pattern; /* the re.Pattern (Python object) */
    kn_obj *string;
    rx_prog *prog;
    int64_t pos, endpos, lastindex;
    int ngroups;
    int64_t regs[]; /* start, end of each group; -1 when it did not take part */
} rx_match;

static void match_dealloc(kn_obj *self) {
    rx_match *m = (rx_match *)self;
    kn_decref(m->pattern);
    kn_decref(m->string);
    kn_decref(&m->prog->base);
}

static kn_obj *match_getattr(kn_obj *self, const char *name, kn_err *err);
static kn_obj *match_repr(kn_obj *self, kn_err *err);
static kn_obj *match_getitem(kn_obj *self, kn_obj *key, kn_err *err);
static int match_dir(kn_obj *self, kn_obj *list, kn_err *err);

static const kn_type match_type = {
    .name = "Match",
    .qualname = "re.Match",
    .doc = "The result of re.match() and re.search().",
    .dealloc = match_dealloc,
    .getattr = match_getattr,
    .repr = match_repr,
    .getitem = match_getitem,
    .dir = match_dir,
    .stable_methods = true,
};

/* A Match for the state's current match (new reference). */
static kn_obj *match_new(const rx_state *st, int64_t mstart, kn_obj *pattern, kn_obj *string,
                         int64_t pos, int64_t endpos, kn_err *err) {
    const rx_m *m = &st->m;
    int ng = m->p->ngroups;
    rx_match *r = (rx_match *)kn_obj_alloc(
        &match_type, sizeof(rx_match) + sizeof(int64_t) * 2 * ((size_t)ng + 1), err);
    if (!r) return NULL;
    r->pattern = kn_incref(pattern ? pattern : kn_none());
    r->string = kn_incref(string);
    r->prog = (rx_prog *)kn_incref(&m->p->base);
    r->pos = pos;
    r->endpos = endpos;
    r->lastindex = m->lastindex;
    r->ngroups = ng;
    r->regs[0] = mstart;
    r->regs[1] = m->match_end;
    for (int g = 1; g <= ng; g++) {
        int64_t a = m->marks[2 * g], e = m->marks[2 * g + 1];
        if (a < 0 || e < 0) a = e = -1;
        r->regs[2 * g] = a;
        r->regs[2 * g + 1] = e;
    }
    return &r->base;
}

/* Characters [a, e) of the matched string. */
static kn_obj *match_slice(rx_match *m, int64_t a, int64_t e, kn_err *err) {
    kn_obj *r;
    if (kn_is(m->string, &kn_type_bytes)) {
        r = kn_bytes_new(kn_bytes_data(m->string) + a, (size_t)(e - a));
    } else {
        kn_strobj *s = (kn_strobj *)m->string;
        if (s->ascii) {
            r = kn_str_new(s->s + a, (size_t)(e - a));
        } else if (s->ncp < 64) {
            size_t x = kn__str_offset(s, a), y = kn__str_offset(s, e);
            r = kn_str_new(s->s + x, y - x);
        } else {
            rx_subj sj;
            if (subj_get(m->prog, m->string, &sj, err) < 0) return NULL;
            r = subj_slice(&sj, a, e, err);
            subj_free(&sj);
            return r;
        }
    }
    if (!r) kn_nomem(err);
    return r;
}

static kn_obj *match_group_value(rx_match *m, int64_t g, kn_obj *dflt, kn_err *err) {
    int64_t a = m->regs[2 * g], e = m->regs[2 * g + 1];
    if (a < 0) return kn_incref(dflt ? dflt : kn_none());
    return match_slice(m, a, e, err);
}

/* A group number from an int or a group name: IndexError "no such group" otherwise. */
static int match_index(rx_match *m, kn_obj *g, int64_t *out, kn_err *err) {
    int64_t v;
    if (kn__is_int(g)) {
        if (!kn_int_is_big(g) && (v = kn_int_value(g)) >= 0 && v <= m->ngroups) {
            *out = v;
            return 0;
        }
    } else if ((kn_is(g, &kn_type_str) || kn_is(g, &kn_type_bytes)) && m->prog->groupindex) {
        kn_err e2;
        tc_error_init(&e2);
        kn_obj *i = kn_dict_get(m->prog->groupindex, g, &e2);
        if (i && kn__is_int(i)) {
            *out = kn_int_value(i);
            return 0;
        }
    }
    return tc_error_set(err, TC_EXC_INDEX, "no such group");
}

static kn_obj *mm_group(kn_obj *self, const kn_args *args, kn_err *err) {
    rx_match *m = (rx_match *)self;
    if (args->nkw)
        return tc_error_set(err, TC_EXC_TYPE, "group() takes no keyword arguments"), NULL;
    int64_t g;
    if (args->npos == 0) return match_group_value(m, 0, NULL, err);
    if (args->npos == 1) {
        if (match_index(m, args->pos[0], &g, err) < 0) return NULL;
        return match_group_value(m, g, NULL, err);
    }
    kn_obj *t = kn_tuple_new(args->npos);
    if (!t) return kn_nomem(err), NULL;
    for (int i = 0; i < args->npos; i++) {
        kn_obj *v =
            match_index(m, args->pos[i], &g, err) < 0 ? NULL : match_group_value(m, g, NULL, err);
        if (!v) {
            kn_decref(t);
            return NULL;
        }
        kn_tuple_set(t, i, v);
    }
    return t;
}

static kn_obj *match_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    rx_match *m = (rx_match *)self;
    int64_t g;
    if (match_index(m, key, &g, err) < 0) return NULL;
    return match_group_value(m, g, NULL, err);
}

static kn_obj *mm_groups(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"default"};
    kn_obj *a[1];
    if (KN__BIND(args, "groups", names, 0, a, err) < 0) return NULL;
    rx_match *m = (rx_match *)self;
    kn_obj *t = kn_tuple_new(m->ngroups);
    if (!t) return kn_nomem(err), NULL;
    for (int g = 1; g <= m->ngroups; g++) {
        kn_obj *v = match_group_value(m, g, a[0], err);
        if (!v) {
            kn_decref(t);
            return NULL;
        }
        kn_tuple_set(t, g - 1, v);
    }
    return t;
}

static kn_obj *mm_groupdict(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"default"};
    kn_obj *a[1];
    if (KN__BIND(args, "groupdict", names, 0, a, err) < 0) return NULL;
    rx_match *m = (rx_match *)self;
    kn_obj *d = kn_dict_new();
    if (!d) return kn_nomem(err), NULL;
    if (m->prog->groupindex) {
        int64_t i = 0;
        kn_obj *k, *v;
        while (kn_dict_next(m->prog->groupindex, &i, &k, &v)) {
            kn_obj *val = match_group_value(m, kn_int_value(v), a[0], err);
            if (!val || kn_dict_set(d, k, val, err) < 0) {
                kn_decref(val);
                kn_decref(d);
                return NULL;
            }
            kn_decref(val);
        }
    }
    return d;
}

static int span_arg(rx_match *m, const kn_args *args, const char *fname, int64_t *g, kn_err *err) {
    static const char *names[] = {"group"};
    kn_obj *a[1];
    if (KN__BIND(args, fname, names, 0, a, err) < 0) return -1;
    *g = 0;
    return a[0] ? match_index(m, a[0], g, err) : 0;
}

static kn_obj *mm_start(kn_obj *self, const kn_args *args, kn_err *err) {
    rx_match *m = (rx_match *)self;
    int64_t g;
    if (span_arg(m, args, "start", &g, err) < 0) return NULL;
    return kn_int_new(m->regs[2 * g]);
}

static kn_obj *mm_end(kn_obj *self, const kn_args *args, kn_err *err) {
    rx_match *m = (rx_match *)self;
    int64_t g;
    if (span_arg(m, args, "end", &g, err) < 0) return NULL;
    return kn_int_new(m->regs[2 * g + 1]);
}

static kn_obj *pair(int64_t a, int64_t b, kn_err *err) {
    kn_obj *t = kn_tuple_new(2);
    if (!t) return kn_nomem(err), NULL;
    kn_tuple_set(t, 0, kn_int_new(a));
    kn_tuple_set(t, 1, kn_int_new(b));
    if (tc_alloc_failed_take()) {
        kn_decref(t);
        return kn_nomem(err), NULL;
    }
    return t;
}

static kn_obj *mm_span(kn_obj *self, const kn_args *args, kn_err *err) {
    rx_match *m = (rx_match *)self;
    int64_t g;
    if (span_arg(m, args, "span", &g, err) < 0) return NULL;
    return pair(m->regs[2 * g], m->regs[2 * g + 1], err);
}

static kn_obj *mm_expand(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"template"};
    kn_obj *a[1];
    if (KN__BIND(args, "expand", names, 1, a, err) < 0) return NULL;
    rx_match *m = (rx_match *)self;
    kn_obj *fn = kn_getattr(m->pattern, "_expand", err);
    if (!fn) return NULL;
    kn_obj *argv[2] = {self, a[0]};
    kn_obj *r = kn_call_simple(fn, argv, 2, err);
    kn_decref(fn);
    return r;
}

static kn_obj *mm_copy(kn_obj *self, const kn_args *args, kn_err *err) {
    return kn_incref(self);
}

static const kn__method match_methods[] = {
    {"group", mm_group, "(*args)", "Return one or more subgroups of the match."},
    {"groups", mm_groups, "(default=None)",
     "Return a tuple containing all the subgroups of the match, from 1."},
    {"groupdict", mm_groupdict, "(default=None)",
     "Return a dictionary containing all the named subgroups of the match, keyed by the "
     "subgroup name."},
    {"start", mm_start, "(group=0, /)",
     "Return index of the start of the substring matched by group."},
    {"end", mm_end, "(group=0, /)", "Return index of the end of the substring matched by group."},
    {"span", mm_span, "(group=0, /)",
     "For match object m, return the 2-tuple (m.start(group), m.end(group))."},
    {"expand", mm_expand, "(template)",
     "Return the string obtained by doing backslash substitution on the string template, as "
     "done by the sub() method."},
    {"__copy__", mm_copy, "()", NULL},
    {"__deepcopy__", mm_copy, "(memo, /)", NULL},
    {NULL, NULL, NULL, NULL},
};

static kn_obj *match_getattr(kn_obj *self, const char *name, kn_err *err) {
    rx_match *m = (rx_match *)self;
    switch (name[0]) {
    case 's':
        if (strcmp(name, "string") == 0) return kn_incref(m->string);
        break;
    case 'r':
        if (strcmp(name, "re") == 0) return kn_incref(m->pattern);
        if (strcmp(name, "regs") == 0) {
            kn_obj *t = kn_tuple_new(m->ngroups + 1);
            if (!t) return kn_nomem(err), NULL;
            for (int g = 0; g <= m->ngroups; g++) {
                kn_obj *p = pair(m->regs[2 * g], m->regs[2 * g + 1], err);
                if (!p) {
                    kn_decref(t);
                    return NULL;
                }
                kn_tuple_set(t, g, p);
            }
            return t;
        }
        break;
    case 'p':
        if (strcmp(name, "pos") == 0) return kn_int_new(m->pos);
        break;
    case 'e':
        if (strcmp(name, "endpos") == 0) return kn_int_new(m->endpos);
        break;
    case 'l':
        if (strcmp(name, "lastindex") == 0)
            return m->lastindex > 0 ? kn_int_new(m->lastindex) : kn_none_new();
        if (strcmp(name, "lastgroup") == 0) {
            if (m->lastindex > 0 && m->prog->groupindex) {
                int64_t i = 0;
                kn_obj *k, *v;
                while (kn_dict_next(m->prog->groupindex, &i, &k, &v))
                    if (kn_int_value(v) == m->lastindex) return kn_incref(k);
            }
            return kn_none_new();
        }
        break;
    }
    return kn__method_get(self, match_methods, name);
}

static int match_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    static const char *const attrs[] = {"endpos", "lastgroup", "lastindex", "pos",
                                        "re",     "regs",      "string"};
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
        kn_obj *n = kn_str_from_cstr(attrs[i]);
        if (kn_list_append(list, n) < 0) {
            kn_decref(n);
            return kn_nomem(err);
        }
        kn_decref(n);
    }
    return kn__method_dir(match_methods, list) < 0 ? kn_nomem(err) : 0;
}

static kn_obj *match_repr(kn_obj *self, kn_err *err) {
    rx_match *m = (rx_match *)self;
    kn_obj *g = match_group_value(m, 0, NULL, err);
    kn_obj *r = g ? kn_repr(g, err) : NULL;
    kn_decref(g);
    if (!r) return NULL;
    /* CPython's %.50R: the repr cut after 50 characters */
    kn_strobj *rs = (kn_strobj *)r;
    size_t cut = rs->ncp > 50 ? kn__str_offset(rs, 50) : rs->n;
    kn_obj *out = kn_str_printf("<re.Match object; span=(%" PRId64 ", %" PRId64 "), match=%.*s>",
                                m->regs[0], m->regs[1], (int)cut, rs->s);
    kn_decref(r);
    if (!out) kn_nomem(err);
    return out;
}

/* ---- finditer ------------------------------------------------------------------------- */

typedef struct rx_iter {
    kn_obj base;
    kn_obj *pattern, *string;
    rx_prog *prog;
    int64_t startpos, pos, endpos;
    bool advance, done;
} rx_iter;

static void iter_dealloc(kn_obj *self) {
    rx_iter *it = (rx_iter *)self;
    kn_decref(it->pattern);
    kn_decref(it->string);
    kn_decref(&it->prog->base);
}

static kn_obj *iter_self(kn_obj *self, kn_err *err) {
    return kn_incref(self);
}

static kn_obj *iter_next(kn_obj *self, kn_err *err) {
    rx_iter *it = (rx_iter *)self;
    if (it->done) return NULL;
    rx_subj s;
    if (subj_get(it->prog, it->string, &s, err) < 0) return NULL;
    rx_state st;
    if (state_init(&st, it->prog, &s, it->endpos, err) < 0) {
        subj_free(&s);
        return NULL;
    }
    st.m.must_advance = it->advance;
    int64_t ms;
    int r = find(&st, it->pos, true, &ms);
    kn_obj *res = NULL;
    if (r == 1) {
        res = match_new(&st, ms, it->pattern, it->string, it->startpos, it->endpos, err);
        it->advance = st.m.match_end == ms;
        it->pos = st.m.match_end;
    } else if (r == 0) {
        it->done = true;
    }
    state_free(&st);
    subj_free(&s);
    return res;
}

static const kn_type iter_type = {
    .name = "callable_iterator",
    .qualname = "callable_iterator",
    .dealloc = iter_dealloc,
    .iter = iter_self,
    .next = iter_next,
};

/* _re.match(prog, string, pos, endpos, mode, pattern, must_advance): mode 0 match,
 * 1 fullmatch, 2 search. A Match (whose .re is pattern) or None. */
static kn_obj *re_match(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"prog", "string",  "pos",         "endpos",
                                  "mode", "pattern", "must_advance"};
    kn_obj *a[7];
    if (KN__BIND(args, "match", names, 2, a, err) < 0) return NULL;
    rx_prog *p = NULL;
    rx_subj s;
    if (get_prog(a[0], &p, err) < 0 || subj_get(p, a[1], &s, err) < 0) return NULL;
    int64_t pos, endpos, mode = a[4] ? ival(a[4]) : 0;
    if (opt_index(a[2], 0, &pos, err) < 0 || opt_index(a[3], s.n, &endpos, err) < 0) {
        subj_free(&s);
        return NULL;
    }
    clamp(s.n, &pos, &endpos);
    rx_state st;
    if (state_init(&st, p, &s, endpos, err) < 0) {
        subj_free(&s);
        return NULL;
    }
    st.m.match_all = mode == 1;
    st.m.must_advance = a[6] && kn_truth(a[6], err) == 1;
    int64_t ms;
    int r = find(&st, pos, mode == 2, &ms);
    kn_obj *res = r == 1   ? match_new(&st, ms, a[5], a[1], pos, endpos, err)
                  : r == 0 ? kn_none_new()
                           : NULL;
    state_free(&st);
    subj_free(&s);
    return res;
}

/* _re.finditer(prog, string, pos, endpos, pattern): the iterator of Match objects. */
static kn_obj *re_finditer(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"prog", "string", "pos", "endpos", "pattern"};
    kn_obj *a[5];
    if (KN__BIND(args, "finditer", names, 5, a, err) < 0) return NULL;
    rx_prog *p = NULL;
    rx_subj s;
    if (get_prog(a[0], &p, err) < 0 || subj_get(p, a[1], &s, err) < 0) return NULL;
    int64_t pos, endpos;
    int rc = opt_index(a[2], 0, &pos, err) < 0 || opt_index(a[3], s.n, &endpos, err) < 0 ? -1 : 0;
    clamp(s.n, &pos, &endpos);
    subj_free(&s);
    if (rc < 0) return NULL;
    rx_iter *it = (rx_iter *)kn_obj_alloc(&iter_type, sizeof(rx_iter), err);
    if (!it) return NULL;
    it->pattern = kn_incref(a[4]);
    it->string = kn_incref(a[1]);
    it->prog = (rx_prog *)kn_incref(&p->base);
    it->startpos = it->pos = pos;
    it->endpos = endpos;
    return &it->base;
}

/* The value findall gives for one match: the whole match, the one group, or a tuple. */
static kn_obj *findall_item(const rx_state *st, const rx_subj *s, int64_t ms, kn_err *err) {
    const rx_m *m = &st->m;
    int ng = m->p->ngroups;
    if (ng == 0) return subj_slice(s, ms, m->match_end, err);
    if (ng == 1) {
        int64_t a = m->marks[2], e = m->marks[3];
        if (a < 0 || e < 0) a = e = 0;
        return subj_slice(s, a, e, err);
    }
    kn_obj *t = kn_tuple_new(ng);
    if (!t) {
        kn_nomem(err);
        return NULL;
    }
    for (int g = 1; g <= ng; g++) {
        int64_t a = m->marks[2 * g], e = m->marks[2 * g + 1];
        if (a < 0 || e < 0) a = e = 0;
        kn_obj *v = subj_slice(s, a, e, err);
        if (!v) {
            kn_decref(t);
            return NULL;
        }
        kn_tuple_set(t, g - 1, v);
    }
    return t;
}

/* _re.findall(prog, string, pos, endpos) */
static kn_obj *re_findall(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"prog", "string", "pos", "endpos"};
    kn_obj *a[4];
    if (KN__BIND(args, "findall", names, 2, a, err) < 0) return NULL;
    rx_prog *p = NULL;
    rx_subj s;
    if (get_prog(a[0], &p, err) < 0 || subj_get(p, a[1], &s, err) < 0) return NULL;
    int64_t pos, endpos;
    if (opt_index(a[2], 0, &pos, err) < 0 || opt_index(a[3], s.n, &endpos, err) < 0) {
        subj_free(&s);
        return NULL;
    }
    clamp(s.n, &pos, &endpos);
    rx_state st;
    kn_obj *list = kn_list_new(0);
    if (!list) {
        subj_free(&s);
        kn_nomem(err);
        return NULL;
    }
    if (state_init(&st, p, &s, endpos, err) < 0) {
        kn_decref(list);
        subj_free(&s);
        return NULL;
    }
    for (;;) {
        int64_t ms;
        int r = find(&st, pos, true, &ms);
        if (r < 0) goto fail;
        if (r == 0) break;
        kn_obj *item = findall_item(&st, &s, ms, err);
        if (!item || kn_list_append(list, item) < 0) {
            kn_decref(item);
            if (!tc_error_is_set(err)) kn_nomem(err);
            goto fail;
        }
        kn_decref(item);
        for (int64_t i = 2; i < 2 * ((int64_t)p->ngroups + 1); i++)
            st.m.marks[i] = -1;
        st.m.lastindex = -1;
        st.m.must_advance = st.m.match_end == ms;
        pos = st.m.match_end;
    }
    state_free(&st);
    subj_free(&s);
    return list;
fail:
    state_free(&st);
    subj_free(&s);
    kn_decref(list);
    return NULL;
}

static void reset_marks(rx_state *st) {
    for (int64_t i = 2; i < 2 * ((int64_t)st->m.p->ngroups + 1); i++)
        st->m.marks[i] = -1;
    st->m.lastindex = -1;
}

/* _re.sub(prog, template, string, count, callback, pattern) -> (result, n). template: a
 * tuple of str/bytes literals and int group numbers, or None when callback(match) gives
 * each replacement (str or bytes as the subject; None for nothing). */
static kn_obj *re_sub(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"prog", "template", "string", "count", "callback", "pattern"};
    kn_obj *a[6];
    if (KN__BIND(args, "sub", names, 5, a, err) < 0) return NULL;
    rx_prog *p = NULL;
    rx_subj s;
    if (get_prog(a[0], &p, err) < 0 || subj_get(p, a[2], &s, err) < 0) return NULL;
    int64_t count;
    if (kn_to_int64(a[3], &count, err) < 0) {
        subj_free(&s);
        return NULL;
    }
    if (a[1] == kn_none()) subj_own(&s);
    kn_obj **tmpl = NULL;
    int64_t ntmpl = 0;
    if (a[1] != kn_none() && tup(a[1], &tmpl, &ntmpl) < 0) {
        subj_free(&s);
        tc_error_set(err, TC_EXC_TYPE, "bad template");
        return NULL;
    }
    rx_state st;
    if (state_init(&st, p, &s, s.n, err) < 0) {
        subj_free(&s);
        return NULL;
    }
    tc_strbuf b = {0};
    int64_t pos = 0, last = 0, n = 0, npieces = 0, bad_piece = -1;
    char bad_type[64] = "";
    kn_obj *res = NULL;
    while (count == 0 || n < count) {
        int64_t ms;
        int r = find(&st, pos, true, &ms);
        if (r < 0) goto out;
        if (r == 0) break;
        if (ms > last) npieces++;
        subj_put(&s, &b, last, ms);
        if (tmpl) {
            for (int64_t i = 0; i < ntmpl; i++) {
                kn_obj *t = tmpl[i];
                if (kn__is_int(t)) {
                    int64_t g = kn_int_value(t), ga, ge;
                    if (g == 0)
                        ga = ms, ge = st.m.match_end;
                    else
                        ga = st.m.marks[2 * g], ge = st.m.marks[2 * g + 1];
                    if (ga >= 0 && ge >= 0) subj_put(&s, &b, ga, ge);
                } else if (!kn_is(t, s.is_bytes ? &kn_type_bytes : &kn_type_str)) {
                    if (bad_piece < 0) { /* CPython's join fails on it at the end */
                        bad_piece = npieces;
                        snprintf(bad_type, sizeof bad_type, "%s", kn_type_name(t));
                    }
                    npieces++;
                } else if (kn_is(t, &kn_type_str)) {
                    tc_strbuf_append(&b, kn_str_cstr(t), kn_str_len(t));
                    npieces++;
                } else {
                    tc_strbuf_append(&b, kn_bytes_data(t), kn_bytes_len(t));
                    npieces++;
                }
            }
        } else {
            kn_obj *mo = match_new(&st, ms, a[5], a[2], 0, s.n, err);
            kn_obj *rep = mo ? kn_call_simple(a[4], &mo, 1, err) : NULL;
            kn_decref(mo);
            if (!rep) goto out;
            /* CPython joins the pieces at the end: a wrong type fails there, naming the
             * first bad piece, after every replacement was computed */
            if (rep != kn_none() && !kn_is(rep, s.is_bytes ? &kn_type_bytes : &kn_type_str)) {
                if (bad_piece < 0) {
                    bad_piece = npieces;
                    snprintf(bad_type, sizeof bad_type, "%s", kn_type_name(rep));
                }
            } else if (kn_is(rep, &kn_type_str))
                tc_strbuf_append(&b, kn_str_cstr(rep), kn_str_len(rep));
            else if (kn_is(rep, &kn_type_bytes))
                tc_strbuf_append(&b, kn_bytes_data(rep), kn_bytes_len(rep));
            if (rep != kn_none()) npieces++;
            kn_decref(rep);
        }
        n++;
        last = st.m.match_end;
        st.m.must_advance = st.m.match_end == ms;
        pos = st.m.match_end;
        reset_marks(&st);
    }
    subj_put(&s, &b, last, s.n);
    if (bad_piece >= 0) {
        tc_error_set(err, TC_EXC_TYPE, "sequence item %" PRId64 ": expected %s, %s found",
                     bad_piece, s.is_bytes ? "a bytes-like object" : "str instance", bad_type);
        goto out;
    }
    if (b.failed) {
        kn_nomem(err);
        goto out;
    }
    kn_obj *out = s.is_bytes ? kn_bytes_new(b.data ? b.data : "", b.len)
                             : kn_str_new(b.data ? b.data : "", b.len);
    kn_obj *cnt = kn_int_new(n);
    res = kn_tuple_new(2);
    if (!out || !cnt || !res) {
        kn_decref(out);
        kn_decref(cnt);
        kn_decref(res);
        res = NULL;
        kn_nomem(err);
        goto out;
    }
    kn_tuple_set(res, 0, out);
    kn_tuple_set(res, 1, cnt);
out:
    tc_strbuf_free(&b);
    state_free(&st);
    subj_free(&s);
    return res;
}

/* _re.split(prog, string, maxsplit) */
static kn_obj *re_split(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"prog", "string", "maxsplit"};
    kn_obj *a[3];
    if (KN__BIND(args, "split", names, 3, a, err) < 0) return NULL;
    rx_prog *p = NULL;
    rx_subj s;
    if (get_prog(a[0], &p, err) < 0 || subj_get(p, a[1], &s, err) < 0) return NULL;
    int64_t maxsplit;
    if (kn_to_int64(a[2], &maxsplit, err) < 0) {
        subj_free(&s);
        return NULL;
    }
    rx_state st;
    kn_obj *list = kn_list_new(0);
    if (!list || state_init(&st, p, &s, s.n, err) < 0) {
        if (!list) kn_nomem(err);
        kn_decref(list);
        subj_free(&s);
        return NULL;
    }
    int64_t pos = 0, last = 0, n = 0;
    while (maxsplit == 0 || n < maxsplit) {
        int64_t ms;
        int r = find(&st, pos, true, &ms);
        if (r < 0) goto fail;
        if (r == 0) break;
        kn_obj *piece = subj_slice(&s, last, ms, err);
        if (!piece || kn_list_append(list, piece) < 0) {
            kn_decref(piece);
            if (!tc_error_is_set(err)) kn_nomem(err);
            goto fail;
        }
        kn_decref(piece);
        for (int g = 1; g <= p->ngroups; g++) {
            int64_t ga = st.m.marks[2 * g], ge = st.m.marks[2 * g + 1];
            kn_obj *v = ga >= 0 && ge >= 0 ? subj_slice(&s, ga, ge, err) : kn_none_new();
            if (!v || kn_list_append(list, v) < 0) {
                kn_decref(v);
                if (!tc_error_is_set(err)) kn_nomem(err);
                goto fail;
            }
            kn_decref(v);
        }
        n++;
        last = st.m.match_end;
        st.m.must_advance = st.m.match_end == ms;
        pos = st.m.match_end;
        reset_marks(&st);
    }
    kn_obj *piece = subj_slice(&s, last, s.n, err);
    if (!piece || kn_list_append(list, piece) < 0) {
        kn_decref(piece);
        if (!tc_error_is_set(err)) kn_nomem(err);
        goto fail;
    }
    kn_decref(piece);
    state_free(&st);
    subj_free(&s);
    return list;
fail:
    state_free(&st);
    subj_free(&s);
    kn_decref(list);
    return NULL;
}

static const kn__method re_funcs[] = {
    {"compile", re_compile, "(tree, flags, groups, is_bytes)",
     "Compile a parsed pattern (re._parser's tree as tuples) to a program."},
    {"match", re_match,
     "(prog, string, pos=0, endpos=None, mode=0, pattern=None, must_advance=False)",
     "Match at pos (mode 0), the whole of [pos, endpos) (1) or search (2): a Match or None."},
    {"finditer", re_finditer, "(prog, string, pos, endpos, pattern)",
     "The iterator of Match objects re.finditer gives."},
    {"findall", re_findall, "(prog, string, pos=0, endpos=None)", "The list re.findall gives."},
    {"sub", re_sub, "(prog, template, string, count, callback, pattern=None)",
     "(result, number of replacements) for re.subn."},
    {"split", re_split, "(prog, string, maxsplit)", "The list re.split gives."},
    {NULL, NULL, NULL, NULL},
};

kn_obj *kn_mod__re_init(kn_err *err) {
    kn_obj *m = kn_module_new("_re", "The regular expression engine under the re module.");
    kn__module_add_funcs(m, re_funcs);
    kn_module_add(m, "Match", kn_type_object(&match_type));
    kn_obj *mr = kn_int_new(4294967295LL);
    kn_module_add(m, "MAXREPEAT", mr);
    kn_decref(mr);
    kn_obj *mg = kn_int_new(1073741823LL);
    kn_module_add(m, "MAXGROUPS", mg);
    kn_decref(mg);
    return m;
}
