/*
 * Tokenizer for the cell language (see lexer.h). One pass over the source producing a
 * token array; indentation is tracked with a stack as CPython's tokenizer does.
 */
#include "kernel/lang/lexer.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tensorcore/alloc.h"

/* sys.get_int_max_str_digits(), which lives with the int type (kernel/objects/bigint.c).
 * Weak, so that the lexer still builds alone (the parser fuzzer), with CPython's default. */
__attribute__((weak)) int kn_int_max_str_digits(void);

#define KN_MAX_INDENT 100

static const char *const op_texts[] = {
#define KN__OP_TEXT(id, text) text,
    KN_OP_LIST(KN__OP_TEXT)
#undef KN__OP_TEXT
};

const char *const kn_keywords[] = {
    "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
    "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
    "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
    "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield",    NULL};

/* The source text of an operator. */
const char *kn_op_text(kn_op op) {
    return op < KN_OP_COUNT ? op_texts[op] : "?";
}

/* Is the n-byte identifier a reserved word? */
bool kn_is_keyword(const char *name, size_t n) {
    for (int i = 0; kn_keywords[i]; i++)
        if (kn_keywords[i][0] == name[0] && strlen(kn_keywords[i]) == n &&
            memcmp(kn_keywords[i], name, n) == 0)
            return true;
    return false;
}

typedef struct lexer {
    const char *src, *p;
    int line;
    const char *line_start;
    int depth; /* bracket nesting */
    char brackets[200];
    int bracket_line[200];
    int indents[KN_MAX_INDENT];
    int nindent;
    bool at_line_start;
    kn_tokens *out;
    int cap;
} lexer;

static int lex_fail(lexer *lx, tc_exc type, int line, int col, bool incomplete, const char *msg) {
    tc_error_set(&lx->out->err, type, "%s", msg);
    lx->out->err_line = line;
    lx->out->err_col = col;
    lx->out->incomplete = incomplete;
    return -1;
}

static kn_token *push(lexer *lx, kn_tok_kind kind, const char *start, size_t len) {
    kn_tokens *o = lx->out;
    if (o->ntoks == lx->cap) {
        int ncap = lx->cap ? lx->cap * 2 : 64;
        kn_token *nt = tc_realloc(o->toks, (size_t)ncap * sizeof *nt);
        if (!nt) return NULL;
        o->toks = nt;
        lx->cap = ncap;
    }
    kn_token *t = &o->toks[o->ntoks++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->start = start;
    t->len = len;
    t->line = lx->line;
    t->col = (int)(start - lx->line_start);
    return t;
}

static int push_oom(lexer *lx) {
    return lex_fail(lx, TC_EXC_MEMORY, lx->line, 0, false, "");
}

/* ---- escapes ------------------------------------------------------------------------- */

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static size_t put_utf8(char *o, uint32_t cp) {
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static int hex_escape(const char *s, size_t n, size_t *i, int digits, uint32_t *cp, tc_error *err) {
    uint32_t v = 0;
    for (int k = 0; k < digits; k++) {
        int h = *i + 1 + (size_t)k < n ? hexval((unsigned char)s[*i + 1 + (size_t)k]) : -1;
        if (h < 0)
            return tc_error_set(err, TC_EXC_SYNTAX, "(unicode error) truncated \\%cXX escape",
                                s[*i]);
        v = v * 16 + (uint32_t)h;
    }
    *i += (size_t)digits;
    *cp = v;
    return 0;
}

/* Decode backslash escapes; in a bytes literal \x and octal escapes are single bytes and
 * \u, \U, \N are not escapes. */
static char *unescape(const char *s, size_t n, bool raw, bool bytes, size_t *outlen,
                      tc_error *err) {
    char *o = tc_malloc(n + 1), *q = o;
    if (!o) {
        tc_error_set(err, TC_EXC_MEMORY, "%s", "");
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\' || raw || i + 1 >= n) {
            *q++ = s[i];
            continue;
        }
        char c = s[++i];
        uint32_t cp = 0;
        switch (c) {
        case '\n':
            break;
        case '\\':
            *q++ = '\\';
            break;
        case '\'':
            *q++ = '\'';
            break;
        case '"':
            *q++ = '"';
            break;
        case 'n':
            *q++ = '\n';
            break;
        case 't':
            *q++ = '\t';
            break;
        case 'r':
            *q++ = '\r';
            break;
        case 'a':
            *q++ = '\a';
            break;
        case 'b':
            *q++ = '\b';
            break;
        case 'f':
            *q++ = '\f';
            break;
        case 'v':
            *q++ = '\v';
            break;
        case 'x':
        case 'u':
        case 'U':
            if (bytes && c != 'x') {
                *q++ = '\\';
                *q++ = c;
                break;
            }
            if (hex_escape(s, n, &i, c == 'x' ? 2 : c == 'u' ? 4 : 8, &cp, err) < 0) {
                tc_free(o);
                return NULL;
            }
            if (bytes)
                *q++ = (char)cp;
            else
                q += put_utf8(q, cp); /* at most 4 bytes for >= 4 source bytes */
            break;
        default:
            if (c >= '0' && c <= '7') {
                uint32_t v = (uint32_t)(c - '0');
                for (int k = 0; k < 2 && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7'; k++)
                    v = v * 8 + (uint32_t)(s[++i] - '0');
                if (bytes)
                    *q++ = (char)v;
                else
                    q += put_utf8(q, v);
            } else {
                *q++ = '\\';
                *q++ = c;
            }
        }
    }
    *q = 0;
    *outlen = (size_t)(q - o);
    return o;
}

/* Decode backslash escapes of a str literal (see lexer.h). */
char *kn_unescape(const char *s, size_t n, bool raw, size_t *outlen, tc_error *err) {
    return unescape(s, n, raw, false, outlen, err);
}

/* ---- numbers -------------------------------------------------------------------------- */

static bool is_digit_of(int c, int base) {
    if (base == 16) return isxdigit(c);
    if (base == 8) return c >= '0' && c <= '7';
    if (base == 2) return c == '0' || c == '1';
    return isdigit(c);
}

/* Copy digits (dropping '_' separators) into buf; returns the end of the number. */
static const char *scan_digits(const char *p, int base, char *buf, size_t *bl, size_t cap) {
    while (is_digit_of((unsigned char)*p, base) ||
           (*p == '_' && is_digit_of((unsigned char)p[1], base))) {
        if (*p != '_' && *bl + 1 < cap) buf[(*bl)++] = *p;
        p++;
    }
    return p;
}

static int lex_number(lexer *lx) {
    const char *s = lx->p, *p = s;
    char buf[512];
    size_t bl = 0;
    int base = 10;
    bool is_float = false;
    if (p[0] == '0' && strchr("xXoObB", p[1]) && p[1]) {
        base = (p[1] == 'x' || p[1] == 'X') ? 16 : (p[1] == 'o' || p[1] == 'O') ? 8 : 2;
        p += 2;
        if (*p == '_') p++;
        p = scan_digits(p, base, buf, &bl, sizeof buf - 8);
        if (bl == 0)
            return lex_fail(lx, TC_EXC_SYNTAX, lx->line, (int)(s - lx->line_start), false,
                            "invalid syntax");
    } else {
        p = scan_digits(p, 10, buf, &bl, sizeof buf - 8);
        if (*p == '.' && !(p[1] == '.' && p[2] == '.')) {
            is_float = true;
            buf[bl++] = *p++;
            p = scan_digits(p, 10, buf, &bl, sizeof buf - 8);
        }
        if ((*p == 'e' || *p == 'E') &&
            (isdigit((unsigned char)p[1]) ||
             ((p[1] == '+' || p[1] == '-') && isdigit((unsigned char)p[2])))) {
            is_float = true;
            buf[bl++] = *p++;
            if (*p == '+' || *p == '-') buf[bl++] = *p++;
            p = scan_digits(p, 10, buf, &bl, sizeof buf - 8);
        }
    }
    buf[bl] = 0;
    bool imag = (*p == 'j' || *p == 'J') && base == 10;
    if (imag) {
        p++;
        is_float = true;
    }
    if (isalnum((unsigned char)*p) || *p == '_')
        return lex_fail(lx, TC_EXC_SYNTAX, lx->line, (int)(s - lx->line_start), false,
                        "invalid decimal literal");
    kn_token *t = push(lx, is_float ? KN_TOK_FLOAT : KN_TOK_INT, s, (size_t)(p - s));
    if (!t) return push_oom(lx);
    t->imag = imag;
    if (is_float) {
        t->fval = strtod(buf, NULL);
    } else {
        if (base == 10 && bl > 1 && buf[0] == '0' && strspn(buf, "0") != bl)
            return lex_fail(lx, TC_EXC_SYNTAX, lx->line, t->col, false,
                            "leading zeros in decimal integer literals are not permitted");
        errno = 0;
        unsigned long long v = strtoull(buf, NULL, base);
        if (errno == ERANGE || v > (unsigned long long)INT64_MAX) {
            t->bigint = true; /* the parser keeps the source text; evaluation makes the int */
            size_t nd = 0;
            for (const char *q = s; q < p; q++)
                nd += *q != '_';
            int limit = kn_int_max_str_digits ? kn_int_max_str_digits() : 4300;
            if (base == 10 && limit > 0 && nd > (size_t)limit) {
                char msg[320];
                snprintf(msg, sizeof msg,
                         "Exceeds the limit (%d digits) for integer string conversion: value has "
                         "%zu digits; use sys.set_int_max_str_digits() to increase the limit - "
                         "Consider hexadecimal for huge integer literals to avoid decimal "
                         "conversion limits.",
                         limit, nd);
                return lex_fail(lx, TC_EXC_SYNTAX, lx->line, t->col, false, msg);
            }
        } else {
            t->ival = (int64_t)v;
        }
    }
    lx->p = p;
    return 0;
}

/* ---- strings -------------------------------------------------------------------------- */

/* Scan a string starting at the quote 'q'. prefix flags already parsed. */
static int lex_string(lexer *lx, const char *tokstart, const char *q, bool raw, bool fstr,
                      bool bytes) {
    char quote = *q;
    bool triple = q[1] == quote && q[2] == quote;
    const char *body = q + (triple ? 3 : 1), *p = body;
    int start_line = lx->line, start_col = (int)(tokstart - lx->line_start);
    for (;;) {
        if (*p == 0) {
            if (triple)
                return lex_fail(lx, TC_EXC_SYNTAX, start_line, start_col, true,
                                "unterminated triple-quoted string literal");
            return lex_fail(lx, TC_EXC_SYNTAX, start_line, start_col, false,
                            "unterminated string literal");
        }
        if (*p == '\\' && p[1]) {
            if (p[1] == '\n') {
                lx->line++;
                lx->line_start = p + 2;
            }
            p += 2;
            continue;
        }
        if (*p == '\n') {
            if (!triple)
                return lex_fail(lx, TC_EXC_SYNTAX, start_line, start_col, false,
                                "unterminated string literal");
            lx->line++;
            lx->line_start = p + 1;
        }
        if (*p == quote && (!triple || (p[1] == quote && p[2] == quote))) break;
        p++;
    }
    const char *end = p + (triple ? 3 : 1);
    kn_token *t = push(lx, KN_TOK_STRING, tokstart, (size_t)(end - tokstart));
    if (!t) return push_oom(lx);
    t->line = start_line;
    t->col = start_col;
    t->fstring = fstr;
    t->raw = raw;
    t->bytes = bytes;
    for (const char *c = body; bytes && c < p; c++)
        if ((unsigned char)*c >= 0x80)
            return lex_fail(lx, TC_EXC_SYNTAX, start_line, start_col, false,
                            "bytes can only contain ASCII literal characters");
    if (fstr) {
        t->str = tc_strndup(body, (size_t)(p - body));
        t->slen = (size_t)(p - body);
        if (!t->str) return push_oom(lx);
    } else {
        t->str = unescape(body, (size_t)(p - body), raw, bytes, &t->slen, &lx->out->err);
        if (!t->str) {
            lx->out->err_line = start_line;
            lx->out->err_col = start_col;
            return -1;
        }
    }
    lx->p = end;
    return 0;
}

/* If a string prefix (r, f, b, u and combinations) starts at p, handle the string. */
static int try_prefixed_string(lexer *lx, bool *handled) {
    const char *p = lx->p;
    bool raw = false, fstr = false, bytes = false;
    int n = 0;
    while (n < 2 && strchr("rRfFbBuU", p[n]) && p[n]) {
        char c = (char)tolower((unsigned char)p[n]);
        raw |= c == 'r';
        fstr |= c == 'f';
        bytes |= c == 'b';
        n++;
    }
    *handled = false;
    if (n == 0 || (p[n] != '\'' && p[n] != '"')) return 0;
    *handled = true;
    if (bytes && fstr)
        return lex_fail(lx, TC_EXC_SYNTAX, lx->line, (int)(p - lx->line_start), false,
                        "invalid syntax");
    return lex_string(lx, p, p + n, raw, fstr, bytes);
}

/* ---- operators ------------------------------------------------------------------------ */

static int lex_op(lexer *lx) {
    const char *p = lx->p;
    int best = -1;
    size_t bestlen = 0;
    for (int i = 0; i < KN_OP_COUNT; i++) {
        if (op_texts[i][0] != *p) continue;
        size_t l = strlen(op_texts[i]);
        if (l > bestlen && strncmp(p, op_texts[i], l) == 0) {
            best = i;
            bestlen = l;
        }
    }
    int col = (int)(p - lx->line_start);
    if (best < 0) {
        char msg[64];
        snprintf(msg, sizeof msg, "invalid character '%c' (U+%04X)", *p, (unsigned char)*p);
        return lex_fail(lx, TC_EXC_SYNTAX, lx->line, col, false, msg);
    }
    kn_op op = (kn_op)best;
    if (op == KN_OP_LPAR || op == KN_OP_LSQB || op == KN_OP_LBRACE) {
        if (lx->depth >= (int)sizeof lx->brackets)
            return lex_fail(lx, TC_EXC_SYNTAX, lx->line, col, false, "too many nested parentheses");
        lx->bracket_line[lx->depth] = lx->line;
        lx->brackets[lx->depth++] = *p;
    } else if (op == KN_OP_RPAR || op == KN_OP_RSQB || op == KN_OP_RBRACE) {
        char open = op == KN_OP_RPAR ? '(' : op == KN_OP_RSQB ? '[' : '{';
        char msg[96];
        if (lx->depth == 0) {
            snprintf(msg, sizeof msg, "unmatched '%c'", *p);
            return lex_fail(lx, TC_EXC_SYNTAX, lx->line, col, false, msg);
        }
        if (lx->brackets[lx->depth - 1] != open) {
            char have = lx->brackets[lx->depth - 1];
            snprintf(msg, sizeof msg,
                     "closing parenthesis '%c' does not match opening "
                     "parenthesis '%c'",
                     *p, have);
            return lex_fail(lx, TC_EXC_SYNTAX, lx->line, col, false, msg);
        }
        lx->depth--;
    }
    kn_token *t = push(lx, KN_TOK_OP, p, bestlen);
    if (!t) return push_oom(lx);
    t->op = op;
    lx->p += bestlen;
    return 0;
}

/* ---- lines and indentation ------------------------------------------------------------ */

/* A magic line ("%time x = 1"): one token holding the text after '%' up to the newline. */
static int lex_magic(lexer *lx) {
    const char *p = lx->p, *e = p;
    while (*e && *e != '\n')
        e++;
    const char *te = e;
    while (te > p + 1 && (te[-1] == '\r' || te[-1] == ' '))
        te--;
    kn_token *t = push(lx, KN_TOK_MAGIC, p, (size_t)(e - p));
    if (!t) return push_oom(lx);
    t->str = tc_strndup(p + 1, (size_t)(te - p - 1));
    if (!t->str) return push_oom(lx);
    t->slen = strlen(t->str);
    lx->p = e;
    return 0;
}

/* IPython's help syntax on a line of its own: "obj?", "obj??", "?obj", "??obj" (a dotted
 * name). Becomes the magic token "pinfo obj" / "pinfo2 obj", as IPython rewrites the line
 * to %pinfo; nothing else on a line may contain '?', so no Python changes meaning. */
static _Thread_local bool help_lines_off;

void kn_lex_help_lines(bool on) { help_lines_off = !on; }

static int lex_help_line(lexer *lx) {
    if (help_lines_off) return 0;
    const char *p = lx->p, *e = p;
    while (*e && *e != '\n')
        e++;
    const char *te = e;
    while (te > p && (te[-1] == '\r' || te[-1] == ' ' || te[-1] == '\t'))
        te--;
    size_t lead = strspn(p, "?"), tail = 0;
    while (te - tail > p + lead && te[-1 - (ptrdiff_t)tail] == '?')
        tail++;
    const char *ns = p + lead, *ne = te - tail;
    if ((lead == 0) == (tail == 0) || lead > 2 || tail > 2 || ns >= ne) return 0;
    if (!(isalpha((unsigned char)*ns) || *ns == '_' || (unsigned char)*ns >= 0x80)) return 0;
    for (const char *q = ns; q < ne; q++)
        if (!(isalnum((unsigned char)*q) || *q == '_' || *q == '.' || (unsigned char)*q >= 0x80))
            return 0;
    kn_token *t = push(lx, KN_TOK_MAGIC, p, (size_t)(e - p));
    if (!t) return push_oom(lx);
    size_t nl = (size_t)(ne - ns);
    const char *cmd = lead + tail >= 2 ? "pinfo2 " : "pinfo ";
    t->str = tc_malloc(strlen(cmd) + nl + 1);
    if (!t->str) return push_oom(lx);
    memcpy(t->str, cmd, strlen(cmd));
    memcpy(t->str + strlen(cmd), ns, nl);
    t->str[strlen(cmd) + nl] = 0;
    t->slen = strlen(t->str);
    lx->p = e;
    return 0;
}

/* At the start of a logical line: measure indentation, skip blank/comment lines, and
 * emit INDENT/DEDENT. Sets *done at end of input. */
static int line_start(lexer *lx) {
    for (;;) {
        const char *p = lx->p;
        int col = 0;
        while (*p == ' ' || *p == '\t' || *p == '\f') {
            col = *p == '\t' ? (col / 8 + 1) * 8 : *p == '\f' ? 0 : col + 1;
            p++;
        }
        if (*p == '#')
            while (*p && *p != '\n')
                p++;
        if (*p == '\r' && p[1] == '\n') p++;
        if (*p == '\n') {
            lx->p = p + 1;
            lx->line++;
            lx->line_start = lx->p;
            continue;
        }
        lx->p = p;
        if (*p == 0) return 0;
        int cur = lx->indents[lx->nindent - 1];
        if (col > cur) {
            if (lx->nindent >= KN_MAX_INDENT)
                return lex_fail(lx, TC_EXC_INDENTATION, lx->line, col, false,
                                "too many levels of indentation");
            lx->indents[lx->nindent++] = col;
            if (!push(lx, KN_TOK_INDENT, p, 0)) return push_oom(lx);
        } else {
            while (col < lx->indents[lx->nindent - 1]) {
                lx->nindent--;
                if (!push(lx, KN_TOK_DEDENT, p, 0)) return push_oom(lx);
            }
            if (col != lx->indents[lx->nindent - 1])
                return lex_fail(lx, TC_EXC_INDENTATION, lx->line, col, false,
                                "unindent does not match any outer indentation level");
        }
        if (*p == '%') return lex_magic(lx);
        if (*p == '?' || *p == '_' || isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80)
            return lex_help_line(lx);
        return 0;
    }
}

static bool is_name_start(int c) {
    return isalpha(c) || c == '_' || c >= 0x80;
}
static bool is_name_char(int c) {
    return isalnum(c) || c == '_' || c >= 0x80;
}

static int lex_token(lexer *lx) {
    const char *p = lx->p;
    unsigned char c = (unsigned char)*p;
    if (is_name_start(c)) {
        bool handled;
        if (try_prefixed_string(lx, &handled) < 0) return -1;
        if (handled) return 0;
        const char *e = p;
        while (is_name_char((unsigned char)*e))
            e++;
        if (!push(lx, KN_TOK_NAME, p, (size_t)(e - p))) return push_oom(lx);
        lx->p = e;
        return 0;
    }
    if (isdigit(c) || (c == '.' && isdigit((unsigned char)p[1]))) return lex_number(lx);
    if (c == '\'' || c == '"') return lex_string(lx, p, p, false, false, false);
    return lex_op(lx);
}

static void finish_line(lexer *lx) {
    kn_tokens *o = lx->out;
    if (o->ntoks > 0 && o->toks[o->ntoks - 1].kind != KN_TOK_NEWLINE &&
        o->toks[o->ntoks - 1].kind != KN_TOK_INDENT && o->toks[o->ntoks - 1].kind != KN_TOK_DEDENT)
        push(lx, KN_TOK_NEWLINE, lx->p, 0);
}

static int lex_all(lexer *lx) {
    if (line_start(lx) < 0) return -1;
    for (;;) {
        const char *p = lx->p;
        while (*p == ' ' || *p == '\t' || *p == '\f' || *p == '\r')
            p++;
        lx->p = p;
        if (*p == '#') {
            while (*p && *p != '\n')
                p++;
            lx->p = p;
            continue;
        }
        if (*p == '\\') {
            const char *q = p + 1;
            if (*q == '\r') q++;
            if (*q == '\n') {
                lx->p = q + 1;
                lx->line++;
                lx->line_start = lx->p;
                continue;
            }
            if (*q == 0)
                return lex_fail(lx, TC_EXC_SYNTAX, lx->line, (int)(p - lx->line_start), true,
                                "unexpected EOF while parsing");
            return lex_fail(lx, TC_EXC_SYNTAX, lx->line, (int)(p - lx->line_start), false,
                            "unexpected character after line continuation character");
        }
        if (*p == '\n' || *p == 0) {
            if (lx->depth > 0) {
                if (*p == 0) {
                    char msg[64];
                    snprintf(msg, sizeof msg, "'%c' was never closed", lx->brackets[lx->depth - 1]);
                    return lex_fail(lx, TC_EXC_SYNTAX, lx->bracket_line[lx->depth - 1], 0, true,
                                    msg);
                }
                lx->p = p + 1;
                lx->line++;
                lx->line_start = lx->p;
                continue;
            }
            finish_line(lx);
            if (*p == 0) break;
            lx->p = p + 1;
            lx->line++;
            lx->line_start = lx->p;
            if (line_start(lx) < 0) return -1;
            if (*lx->p == 0) break;
            continue;
        }
        if (lex_token(lx) < 0) return -1;
    }
    while (lx->nindent > 1) {
        lx->nindent--;
        if (!push(lx, KN_TOK_DEDENT, lx->p, 0)) return push_oom(lx);
    }
    if (!push(lx, KN_TOK_END, lx->p, 0)) return push_oom(lx);
    return 0;
}

/* Tokenize a whole source (see lexer.h). */
int kn_lex(const char *src, kn_tokens *out) {
    memset(out, 0, sizeof *out);
    lexer lx = {.src = src, .p = src, .line = 1, .line_start = src, .nindent = 1, .out = out};
    return lex_all(&lx);
}

/* Free the tokens and their decoded strings. */
void kn_tokens_free(kn_tokens *t) {
    if (!t) return;
    for (int i = 0; i < t->ntoks; i++)
        tc_free(t->toks[i].str);
    tc_free(t->toks);
    t->toks = NULL;
    t->ntoks = 0;
}
