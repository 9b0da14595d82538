/*
 * is_complete as IPython answers it: the steps of
 * IPython.core.inputtransformer2.TransformerManager.check_complete, over a tokenizer that
 * behaves as CPython 3.11's pure-Python tokenize module where those steps look (brackets,
 * strings, comments, ':' at the end of a logical line, indentation, error tokens), with the
 * interpreter's own parser standing in for codeop.compile_command.
 *
 * Front ends ask this on every Enter in a console, so the answer decides whether a block
 * runs or gets another line; matching IPython means the same keystrokes behave the same.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/lang/interp-impl.h"
#include "kernel/lang/lexer.h"

/* ---- lines ----------------------------------------------------------------------------- */

/* A cell as str.splitlines(keepends=True) gives it: each line owns its text. */
typedef struct lines {
    char **v;
    int n, cap;
    bool failed;
} lines;

static void lines_push(lines *L, const char *s, size_t n) {
    if (L->failed) return;
    if (L->n == L->cap) {
        int cap = L->cap ? L->cap * 2 : 16;
        char **v = tc_realloc(L->v, (size_t)cap * sizeof *v);
        if (!v) {
            L->failed = true;
            return;
        }
        L->v = v;
        L->cap = cap;
    }
    char *c = tc_malloc(n + 1);
    if (!c) {
        L->failed = true;
        return;
    }
    memcpy(c, s, n);
    c[n] = 0;
    L->v[L->n++] = c;
}

static void lines_free(lines *L) {
    for (int i = 0; i < L->n; i++)
        tc_free(L->v[i]);
    tc_free(L->v);
    L->v = NULL;
    L->n = L->cap = 0;
}

/* The ASCII line boundaries of str.splitlines: \n, \r, \r\n, \v, \f, \x1c-\x1e. */
static size_t line_break_len(const char *s) {
    if (s[0] == '\r') return s[1] == '\n' ? 2 : 1;
    if (s[0] == '\n' || s[0] == '\v' || s[0] == '\f' || (s[0] >= 0x1c && s[0] <= 0x1e)) return 1;
    return 0;
}

static void split_lines(const char *s, lines *L) {
    size_t start = 0, i = 0;
    while (s[i]) {
        size_t b = line_break_len(s + i);
        if (b) {
            lines_push(L, s + start, i + b - start);
            i += b;
            start = i;
        } else {
            i++;
        }
    }
    if (i > start) lines_push(L, s + start, i - start);
}

/* str.isspace / str.strip() emptiness for the ASCII whitespace Python strips. */
static bool py_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
           (c >= 0x1c && c <= 0x1f);
}

static bool blank(const char *s) {
    for (; *s; s++)
        if (!py_space((unsigned char)*s)) return false;
    return true;
}

/* IPython's find_last_indent: the [ \t]+ prefix of the last line, tabs counted as 4. */
static int last_indent(const lines *L) {
    if (L->n == 0) return 0;
    int n = 0;
    for (const char *s = L->v[L->n - 1]; *s == ' ' || *s == '\t'; s++)
        n += *s == '\t' ? 4 : 1;
    return n;
}

/* leading_empty_lines, then leading_indent (textwrap.dedent of the whole cell). */
static void cleanup(lines *L) {
    int first = 0;
    while (first < L->n && blank(L->v[first]))
        first++;
    if (first < L->n && first > 0) {
        for (int i = 0; i < first; i++)
            tc_free(L->v[i]);
        memmove(L->v, L->v + first, (size_t)(L->n - first) * sizeof *L->v);
        L->n -= first;
    }
    /* dedent: lines of only spaces and tabs lose them; the longest common [ \t] prefix of
     * the other lines' indentation is removed. */
    const char *margin = NULL;
    size_t mlen = 0;
    for (int i = 0; i < L->n; i++) {
        char *s = L->v[i];
        size_t ws = strspn(s, " \t");
        if (s[ws] == '\n' || (s[ws] == 0 && ws > 0)) {
            memmove(s, s + ws, strlen(s + ws) + 1);
            continue;
        }
        if (s[ws] == 0) continue;
        if (!margin) {
            margin = s;
            mlen = ws;
        } else {
            size_t k = 0;
            while (k < mlen && k < ws && margin[k] == s[k])
                k++;
            mlen = k;
        }
    }
    /* a last line of only whitespace had no newline: splitlines drops what is left */
    if (L->n > 1 && L->v[L->n - 1][0] == 0) tc_free(L->v[--L->n]);
    if (!margin || mlen == 0) return;
    char pre[256];
    if (mlen >= sizeof pre) mlen = sizeof pre - 1;
    memcpy(pre, margin, mlen);
    pre[mlen] = 0;
    for (int i = 0; i < L->n; i++)
        if (strncmp(L->v[i], pre, mlen) == 0)
            memmove(L->v[i], L->v[i] + mlen, strlen(L->v[i] + mlen) + 1);
}

/* ---- tokens ---------------------------------------------------------------------------- */

typedef enum tok_type {
    T_NAME,
    T_NUMBER,
    T_STRING,
    T_OP,
    T_ERROR,
    T_COMMENT,
    T_NL,
    T_NEWLINE,
    T_INDENT,
    T_DEDENT,
    T_END,
} tok_type;

typedef struct tok {
    tok_type type;
    int line, col; /* 0-based line index into the lines, byte column */
    char s[4];     /* the operator or error character (first bytes of other tokens) */
} tok;

typedef struct toks {
    tok *v;
    int n, cap;
    bool failed;
} toks;

typedef enum tok_end {
    TOK_OK,
    TOK_EOF_IN_STATEMENT, /* tokenize.TokenError: more input would continue it */
    TOK_INDENT_ERROR,     /* IndentationError: invalid */
    TOK_OOM,
} tok_end;

static void emit(toks *T, tok_type type, int line, int col, const char *s, size_t n) {
    if (T->failed) return;
    if (T->n == T->cap) {
        int cap = T->cap ? T->cap * 2 : 64;
        tok *v = tc_realloc(T->v, (size_t)cap * sizeof *v);
        if (!v) {
            T->failed = true;
            return;
        }
        T->v = v;
        T->cap = cap;
    }
    tok *t = &T->v[T->n++];
    t->type = type;
    t->line = line;
    t->col = col;
    if (n > 3) n = 3;
    memcpy(t->s, s, n);
    t->s[n] = 0;
}

static bool name_start(unsigned char c) {
    return isalpha(c) || c == '_' || c >= 0x80;
}
static bool name_char(unsigned char c) {
    return isalnum(c) || c == '_' || c >= 0x80;
}

/* Length of a string prefix (r, b, u, f and their two-letter mixes) before a quote, or -1. */
static int string_prefix(const char *s) {
    int n = 0;
    while (n < 2 && strchr("rRbBuUfF", s[n]) && s[n])
        n++;
    for (int k = n; k >= 0; k--) {
        if (s[k] != '\'' && s[k] != '"') continue;
        if (k == 2) {
            char a = (char)tolower((unsigned char)s[0]), b = (char)tolower((unsigned char)s[1]);
            bool ok = (a == 'r' && (b == 'b' || b == 'f')) || (b == 'r' && (a == 'b' || a == 'f'));
            if (!ok) continue;
        }
        return k;
    }
    return -1;
}

/* Where a string body closes: scan s for the quote q (tripled when triple), skipping
 * backslash escapes. Returns the offset past the closing quote, or -1. */
static long close_quote(const char *s, char q, bool triple) {
    for (long i = 0; s[i]; i++) {
        if (s[i] == '\\') {
            if (s[i + 1]) i++;
            continue;
        }
        if (s[i] != q) continue;
        if (!triple) return i + 1;
        if (s[i + 1] == q && s[i + 2] == q) return i + 3;
    }
    return -1;
}

/* Does the line end in a backslash that escapes its newline? */
static bool ends_escaped_newline(const char *s) {
    size_t n = strlen(s);
    if (n >= 2 && s[n - 1] == '\n' && s[n - 2] == '\\') return true;
    return n >= 3 && s[n - 1] == '\n' && s[n - 2] == '\r' && s[n - 3] == '\\';
}

static const char *const multi_ops[] = {"**=", "//=", ">>=", "<<=", "...", "!=", "%=", "&=", "**",
                                        "*=",  "+=",  "-=",  "->",  "//",  "/=", ":=", "<<", "<=",
                                        "==",  ">=",  ">>",  "@=",  "^=",  "|=", NULL};

/* Tokenize the lines as tokenize.generate_tokens does (to the detail check_complete uses).
 * *tab_error is set where the compiler's tokenizer would raise TabError: indentation whose
 * order differs when a tab counts 8 columns and when it counts 1. bol_cont[i] (one per line)
 * marks a line that starts a statement with a bare backslash continuation: the compiler's
 * tokenizer measures the indentation of the line after it instead. */
static tok_end tokenize(const lines *L, toks *T, bool *tab_error, bool *bol_cont) {
    int parenlev = 0, indents[128], alt[128], nind = 1;
    alt[0] = 0;
    *tab_error = false;
    bool continued = false;
    indents[0] = 0;
    /* an open string: the quote, whether tripled, whether it needs a backslash-newline */
    char sq = 0;
    bool striple = false;
    int sline = 0, scol = 0;
    const char *last_line = NULL;
    int lnum;
    for (lnum = 0; lnum <= L->n; lnum++) {
        const char *line = lnum < L->n ? L->v[lnum] : "";
        if (lnum < L->n) last_line = line;
        size_t max = strlen(line), pos = 0;
        if (sq) {
            if (!*line) return TOK_EOF_IN_STATEMENT;
            long e = close_quote(line, sq, striple);
            if (e >= 0) {
                pos = (size_t)e;
                emit(T, T_STRING, sline, scol, "\"", 1);
                sq = 0;
            } else if (!striple && !ends_escaped_newline(line)) {
                emit(T, T_ERROR, sline, scol, "\"", 1);
                sq = 0;
                continue;
            } else {
                continue;
            }
        } else if (parenlev == 0 && !continued) {
            if (!*line) break;
            int column = 0, altcol = 0;
            while (pos < max) {
                if (line[pos] == ' ') {
                    column++;
                    altcol++;
                } else if (line[pos] == '\t') {
                    column = (column / 8 + 1) * 8;
                    altcol++;
                } else if (line[pos] == '\f') {
                    column = altcol = 0;
                }
                else
                    break;
                pos++;
            }
            if (pos == max) break;
            bol_cont[lnum] = line[pos] == '\\' && (line[pos + 1] == '\n' || line[pos + 1] == '\r');
            if (line[pos] == '#' || line[pos] == '\r' || line[pos] == '\n') {
                if (line[pos] == '#') emit(T, T_COMMENT, lnum, (int)pos, "#", 1);
                emit(T, T_NL, lnum, (int)pos, "\n", 1);
                continue;
            }
            if (column > indents[nind - 1]) {
                if (nind == 128) return TOK_INDENT_ERROR; /* "too many levels" */
                if (altcol <= alt[nind - 1]) *tab_error = true;
                alt[nind] = altcol;
                indents[nind++] = column;
                emit(T, T_INDENT, lnum, 0, "", 0);
            }
            while (column < indents[nind - 1]) {
                bool known = false;
                for (int i = 0; i < nind; i++)
                    known |= indents[i] == column;
                if (!known) return TOK_INDENT_ERROR;
                nind--;
                emit(T, T_DEDENT, lnum, (int)pos, "", 0);
            }
            if (column == indents[nind - 1] && altcol != alt[nind - 1]) *tab_error = true;
        } else {
            if (!*line) return TOK_EOF_IN_STATEMENT;
            continued = false;
        }
        while (pos < max) {
            while (pos < max && (line[pos] == ' ' || line[pos] == '\t' || line[pos] == '\f'))
                pos++;
            if (pos >= max) break;
            const char *p = line + pos;
            unsigned char c = (unsigned char)*p;
            int col = (int)pos;
            int pre = string_prefix(p);
            if (pre >= 0 && (pre == 0 || name_start(c))) {
                char q = p[pre];
                bool triple = p[pre + 1] == q && p[pre + 2] == q;
                const char *body = p + pre + (triple ? 3 : 1);
                long e = close_quote(body, q, triple);
                if (e >= 0) {
                    emit(T, T_STRING, lnum, col, "\"", 1);
                    pos = (size_t)(body + e - line);
                    continue;
                }
                if (triple || ends_escaped_newline(p)) {
                    sq = q;
                    striple = triple;
                    sline = lnum;
                    scol = col;
                    break;
                }
                if (pre > 0) { /* the prefix is a name; the quote then fails alone */
                    emit(T, T_NAME, lnum, col, p, (size_t)pre);
                    pos += (size_t)pre;
                }
                emit(T, T_ERROR, lnum, (int)pos, line + pos, 1);
                pos++;
                continue;
            }
            if (isdigit(c) || (c == '.' && isdigit((unsigned char)p[1]))) {
                size_t k = 0;
                while (p[k] && (isalnum((unsigned char)p[k]) || p[k] == '_' || p[k] == '.' ||
                                ((p[k] == '+' || p[k] == '-') && k > 0 &&
                                 (p[k - 1] == 'e' || p[k - 1] == 'E') && !(p[0] == '0' && (p[1] == 'x' || p[1] == 'X')))))
                    k++;
                emit(T, T_NUMBER, lnum, col, p, 1);
                pos += k;
                continue;
            }
            if (name_start(c)) {
                size_t k = 0;
                while (name_char((unsigned char)p[k]))
                    k++;
                emit(T, T_NAME, lnum, col, p, k);
                pos += k;
                continue;
            }
            if (c == '\r' || c == '\n') {
                emit(T, parenlev > 0 ? T_NL : T_NEWLINE, lnum, col, "\n", 1);
                pos = max;
                continue;
            }
            if (c == '#') {
                emit(T, T_COMMENT, lnum, col, "#", 1);
                pos = max - (max > 0 && line[max - 1] == '\n' ? 1 : 0) -
                      (max > 1 && line[max - 2] == '\r' ? 1 : 0);
                continue;
            }
            if (c == '\\' && (p[1] == '\n' || (p[1] == '\r' && p[2] == '\n'))) {
                continued = true;
                pos = max;
                continue;
            }
            size_t k = 0;
            for (int i = 0; multi_ops[i]; i++)
                if (strncmp(p, multi_ops[i], strlen(multi_ops[i])) == 0) {
                    k = strlen(multi_ops[i]);
                    break;
                }
            if (!k && c && strchr("+-*/%&|^~<>=.,:;@()[]{}", c)) k = 1;
            if (k) {
                if (k == 1 && strchr("([{", c)) parenlev++;
                if (k == 1 && strchr(")]}", c)) parenlev--;
                emit(T, T_OP, lnum, col, p, k);
                pos += k;
                continue;
            }
            emit(T, T_ERROR, lnum, col, p, 1);
            pos++;
        }
    }
    if (sq) return TOK_EOF_IN_STATEMENT;
    if (last_line && *last_line && last_line[strlen(last_line) - 1] != '\n' &&
        last_line[strlen(last_line) - 1] != '\r' && last_line[strspn(last_line, " \t\f")] != '#')
        emit(T, T_NEWLINE, L->n - 1, (int)strlen(last_line), "", 0);
    for (int i = 1; i < nind; i++)
        emit(T, T_DEDENT, L->n, 0, "", 0);
    emit(T, T_END, L->n, 0, "", 0);
    return T->failed ? TOK_OOM : TOK_OK;
}

/* make_tokens_by_line: [start, end) ranges of T, split after NEWLINE and after NL outside
 * brackets (its own bracket count, which never drops below zero). */
static int group_lines(const toks *T, int *starts, int *ends) {
    int ng = 0, parenlev = 0, start = 0;
    for (int i = 0; i < T->n; i++) {
        const tok *t = &T->v[i];
        if (t->type == T_NEWLINE || (t->type == T_NL && parenlev <= 0)) {
            starts[ng] = start;
            ends[ng++] = i + 1;
            start = i + 1;
        } else if (t->type == T_OP && t->s[1] == 0 && strchr("([{", t->s[0])) {
            parenlev++;
        } else if (t->type == T_OP && t->s[1] == 0 && strchr(")]}", t->s[0])) {
            if (parenlev > 0) parenlev--;
        }
    }
    if (start < T->n) {
        starts[ng] = start;
        ends[ng++] = T->n;
    }
    return ng;
}

static bool is_op(const tok *t, const char *s) {
    return (t->type == T_OP || t->type == T_ERROR) && strcmp(t->s, s) == 0;
}

/* ---- IPython's token transforms -------------------------------------------------------- */

/* find_end_of_continued_line: the last line of a run joined by trailing backslashes. */
static int end_of_continued(const lines *L, int start) {
    int end = start;
    while (end + 1 < L->n) {
        const char *s = L->v[end];
        size_t n = strlen(s);
        while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
            n--;
        if (n == 0 || s[n - 1] != '\\') break;
        end++;
    }
    return end;
}

/* Replace lines [from, to] by prefix (the first prefix_len bytes of line 'from') and a call
 * (any complete expression does for these questions). */
static bool replace_lines(lines *L, int from, int to, int prefix_len) {
    const char *call = "get_ipython()\n";
    char *s = tc_malloc((size_t)prefix_len + strlen(call) + 1);
    if (!s) return false;
    memcpy(s, L->v[from], (size_t)prefix_len);
    strcpy(s + prefix_len, call);
    for (int i = from; i <= to; i++)
        tc_free(L->v[i]);
    L->v[from] = s;
    memmove(L->v + from + 1, L->v + to + 1, (size_t)(L->n - to - 1) * sizeof *L->v);
    L->n -= to - from;
    return true;
}

static bool word_char(unsigned char c) {
    return name_char(c) || c == '*';
}

/* Does s[0, n) match %{0,2}(?!\d)[\w*]+(\.(?!\d)[\w*]+|\[-?[0-9]+\])* entirely? */
static bool help_name(const char *s, size_t n) {
    size_t i = 0;
    while (i < 2 && i < n && s[i] == '%')
        i++;
    if (i >= n || isdigit((unsigned char)s[i]) || !word_char((unsigned char)s[i])) return false;
    while (i < n && word_char((unsigned char)s[i]))
        i++;
    while (i < n) {
        if (s[i] == '.') {
            i++;
            if (i >= n || isdigit((unsigned char)s[i]) || !word_char((unsigned char)s[i]))
                return false;
            while (i < n && word_char((unsigned char)s[i]))
                i++;
        } else if (s[i] == '[') {
            i++;
            if (i < n && s[i] == '-') i++;
            size_t d = i;
            while (i < n && isdigit((unsigned char)s[i]))
                i++;
            if (i == d || i >= n || s[i] != ']') return false;
            i++;
        } else {
            return false;
        }
    }
    return true;
}

/* _help_end_re.search on the text of a help line: a name as help_name then '?' or '??'
 * that end the text (or its last line). q is the offset of the first '?'. */
static bool help_target_ok(const char *s, size_t q) {
    size_t e = q;
    while (s[e] == '?' && e - q < 2)
        e++;
    if (!(s[e] == 0 || (s[e] == '\n' && s[e + 1] == 0))) return false;
    for (size_t st = 0; st < q; st++)
        if (help_name(s + st, q - st)) return true;
    return false;
}

typedef struct candidate {
    int line, col, prio, kind; /* kind 0 escaped, 1 help end, 2 magic/system assign */
    int qline, qcol;
} candidate;

/* One step of do_token_transforms: rewrite the earliest IPython syntax. 1 changed, 0 not,
 * -1 out of memory. */
static int transform_once(lines *L, const toks *T, const int *gs, const int *ge, int ng) {
    candidate c[4];
    int nc = 0;
    /* MagicAssign / SystemAssign: NAME... '=' then '%' NAME or '!' */
    for (int g = 0; g < ng && nc == 0; g++) {
        int eq = -1;
        for (int i = gs[g]; i < ge[g]; i++) {
            const tok *t = &T->v[i];
            if (t->type == T_INDENT || t->type == T_DEDENT) continue;
            if (is_op(t, "=")) {
                eq = i;
                break;
            }
            if (t->type == T_OP && !strchr(".,()[]{}", t->s[0])) break; /* not an assignment target */
        }
        if (eq < 0 || eq + 1 >= ge[g]) continue;
        const tok *n1 = &T->v[eq + 1];
        if (is_op(n1, "%") && eq + 2 < ge[g] && T->v[eq + 2].type == T_NAME)
            c[nc++] = (candidate){n1->line, n1->col, 10, 2, 0, 0};
        else if (is_op(n1, "!"))
            c[nc++] = (candidate){n1->line, n1->col, 10, 2, 0, 0};
    }
    /* EscapedCommand: a logical line that starts with an escape character */
    for (int g = 0; g < ng; g++) {
        int i = gs[g];
        while (i < ge[g] && (T->v[i].type == T_INDENT || T->v[i].type == T_DEDENT))
            i++;
        if (i >= ge[g]) continue;
        const tok *t = &T->v[i];
        if ((t->type == T_OP || t->type == T_ERROR) && t->s[1] == 0 && strchr("!?%,;/", t->s[0])) {
            c[nc++] = (candidate){t->line, t->col, 10, 0, 0, 0};
            break;
        }
    }
    /* HelpEnd: a logical line whose last token before the newline is '?' */
    for (int g = 0; g < ng; g++) {
        if (ge[g] - gs[g] <= 2 || !is_op(&T->v[ge[g] - 2], "?")) continue;
        int i = gs[g];
        while (T->v[i].type == T_INDENT || T->v[i].type == T_DEDENT)
            i++;
        c[nc++] = (candidate){T->v[i].line, T->v[i].col, 5, 1, T->v[ge[g] - 2].line,
                              T->v[ge[g] - 2].col};
        break;
    }
    /* sorted by (line, col, priority); a transform that raises SyntaxError yields */
    for (int k = 0; k < nc; k++) {
        int best = k;
        for (int j = k + 1; j < nc; j++) {
            candidate *a = &c[j], *b = &c[best];
            if (a->line < b->line || (a->line == b->line && (a->col < b->col ||
                                                            (a->col == b->col && a->prio < b->prio))))
                best = j;
        }
        candidate tmp = c[k];
        c[k] = c[best];
        c[best] = tmp;
        candidate *x = &c[k];
        if (x->line >= L->n) continue;
        if (x->kind == 1) {
            /* the text from the first token to the '?' must end in a name */
            if (x->qline != x->line) {
                /* a piece spanning lines: join and test it */
                size_t n = 0;
                for (int l = x->line; l <= x->qline; l++)
                    n += strlen(L->v[l]);
                char *piece = tc_malloc(n + 1);
                if (!piece) return -1;
                piece[0] = 0;
                for (int l = x->line; l <= x->qline; l++)
                    strcat(piece, L->v[l]);
                size_t q = strlen(piece) - strlen(L->v[x->qline]) + (size_t)x->qcol;
                while (q > 0 && piece[q - 1] == '?')
                    q--;
                bool ok = q >= (size_t)x->col && help_target_ok(piece + x->col, q - (size_t)x->col);
                tc_free(piece);
                if (!ok) continue;
            } else {
                size_t q = (size_t)x->qcol;
                while (q > 0 && L->v[x->line][q - 1] == '?')
                    q--;
                if (q < (size_t)x->col || !help_target_ok(L->v[x->line] + x->col, q - (size_t)x->col))
                    continue;
            }
            return replace_lines(L, x->line, x->qline, x->col) ? 1 : -1;
        }
        int end = end_of_continued(L, x->line);
        return replace_lines(L, x->line, end, x->col) ? 1 : -1;
    }
    return 0;
}

/* ---- check_complete --------------------------------------------------------------------- */

typedef enum verdict { V_COMPLETE, V_INCOMPLETE, V_INVALID, V_OOM } verdict;

/* The source as the compiler reads it: statement-starting backslash lines left out. With
 * 'neutral', return / break / continue become 'pass' so that a misplaced one (which CPython
 * reports only after the whole input parsed) does not hide an incomplete input. */
static char *compile_source(const lines *L, const bool *bol_cont, const toks *T, bool neutral) {
    size_t n = 1;
    for (int i = 0; i < L->n; i++)
        n += strlen(L->v[i]);
    char *s = tc_malloc(n);
    if (!s) return NULL;
    size_t o = 0;
    int ti = 0;
    for (int i = 0; i < L->n; i++) {
        size_t k = strlen(L->v[i]), start = o;
        if (bol_cont[i]) continue;
        memcpy(s + o, L->v[i], k);
        o += k;
        for (; neutral && ti < T->n && T->v[ti].line <= i; ti++) {
            const tok *t = &T->v[ti];
            if (t->line != i || t->type != T_NAME) continue;
            char *w = s + start + t->col;
            static const char *const kw[] = {"return", "break", "continue"};
            for (int j = 0; j < 3; j++) {
                size_t kl = strlen(kw[j]);
                if (strncmp(w, kw[j], kl) == 0 && !name_char((unsigned char)w[kl])) {
                    memset(w, ' ', kl);
                    memcpy(w, j == 0 ? "pass;" : "pass", j == 0 ? 5 : 4);
                }
            }
        }
    }
    s[o] = 0;
    return s;
}

/* codeop.compile_command's verdict through the interpreter's parser: V_COMPLETE (it
 * compiles), V_INCOMPLETE (more input could complete it), V_INVALID; -1 out of memory. */
static int compile_status(const lines *L, const bool *bol_cont, const toks *T, bool tab_error) {
    for (int neutral = 0; neutral < 2; neutral++) {
        char *src = compile_source(L, bol_cont, T, neutral);
        if (!src) return -1;
        kn_parse_error pe;
        kn_lex_help_lines(false); /* codeop compiles "x?" as Python: a SyntaxError */
        kn_ast *ast = kn_parse(src, 0, &pe);
        kn_lex_help_lines(true);
        /* a block left open at the end is incomplete although the parser meets the
         * DEDENTs there before the end marker */
        int last = 0, line = 1;
        bool comment = false;
        for (const char *c = src; *c; c++) {
            if (*c == '\n') {
                line++;
                comment = false;
            } else if (*c == '#' && last != line) {
                comment = true;
            } else if (!comment && !py_space((unsigned char)*c)) {
                last = line;
            }
        }
        tc_free(src);
        if (!ast && pe.line > last &&
            (strstr(pe.err.msg, "expected an indented block") ||
             strstr(pe.err.msg, "expected 'except' or 'finally'")))
            pe.incomplete = true;
        if (ast) {
            kn_ast_unref(ast);
            return neutral || tab_error ? V_INVALID : V_COMPLETE;
        }
        if (pe.incomplete) return V_INCOMPLETE;
        if (neutral ||
            !(strstr(pe.err.msg, "outside loop") || strstr(pe.err.msg, "outside function")))
            return V_INVALID;
    }
    return V_INVALID;
}

static verdict check(const char *code, int *indent) {
    *indent = 0;
    /* ends_with_newline: the last non-whitespace character is a newline */
    bool ends_nl = false;
    for (size_t i = strlen(code); i > 0; i--) {
        unsigned char c = (unsigned char)code[i - 1];
        if (c == '\n') {
            ends_nl = true;
            break;
        }
        if (!py_space(c)) break;
    }
    size_t clen = strlen(code);
    char *cell = tc_malloc(clen + 2);
    if (!cell) return V_OOM;
    memcpy(cell, code, clen);
    if (!ends_nl) cell[clen++] = '\n';
    cell[clen] = 0;
    lines L = {0};
    split_lines(cell, &L);
    tc_free(cell);
    toks T = {0};
    int *gs = NULL, *ge = NULL;
    bool *bol_cont = NULL;
    verdict v = V_COMPLETE;
    if (L.failed) goto oom;
    if (L.n == 0) goto done;
    for (int i = L.n - 1; i >= 0; i--) {
        if (blank(L.v[i])) continue;
        size_t n = strlen(L.v[i]);
        while (n > 0 && L.v[i][n - 1] == '\n')
            n--;
        if (n > 0 && L.v[i][n - 1] == '\\') {
            v = V_INCOMPLETE;
            *indent = last_indent(&L);
            goto done;
        }
        break;
    }
    cleanup(&L);
    if (L.n > 0 && strncmp(L.v[0], "%%", 2) == 0) {
        if (!blank(L.v[L.n - 1])) {
            v = V_INCOMPLETE;
            *indent = last_indent(&L);
        }
        goto done;
    }
    tok_end te;
    int ng = 0;
    bool tab_error = false;
    for (int round = 0;; round++) {
        T.n = 0;
        tc_free(bol_cont);
        bol_cont = tc_calloc((size_t)L.n + 1, sizeof *bol_cont);
        if (!bol_cont) goto oom;
        te = tokenize(&L, &T, &tab_error, bol_cont);
        if (te == TOK_OOM) goto oom;
        if (te == TOK_INDENT_ERROR) {
            v = V_INVALID;
            goto done;
        }
        tc_free(gs);
        tc_free(ge);
        gs = tc_malloc(((size_t)T.n + 1) * sizeof *gs);
        ge = tc_malloc(((size_t)T.n + 1) * sizeof *ge);
        if (!gs || !ge) goto oom;
        ng = group_lines(&T, gs, ge);
        if (round >= 500) break;
        int ch = transform_once(&L, &T, gs, ge, ng);
        if (ch < 0) goto oom;
        if (ch == 0) break;
    }
    /* one line with more closing brackets than opening ones */
    if (L.n == 1 && ng > 0) {
        int lev = 0;
        for (int i = gs[0]; i < ge[0]; i++) {
            const tok *t = &T.v[i];
            if (t->type != T_OP || t->s[1]) continue;
            if (strchr("([{", t->s[0])) lev++;
            if (strchr(")]}", t->s[0]) && --lev < 0) {
                v = V_INVALID;
                goto done;
            }
        }
    }
    if (ng == 0) {
        v = V_INCOMPLETE;
        *indent = last_indent(&L);
        goto done;
    }
    tok_type lt = T.v[ge[ng - 1] - 1].type;
    if (lt != T_END && lt != T_ERROR) { /* in a multi-line string or expression */
        v = V_INCOMPLETE;
        *indent = last_indent(&L);
        goto done;
    }
    /* drop the last line when it holds only DEDENTs and the end marker */
    bool dedent_line = false, only_end = true;
    for (int i = gs[ng - 1]; i < ge[ng - 1]; i++)
        if (T.v[i].type != T_DEDENT && T.v[i].type != T_END) only_end = false;
    if (only_end && ng > 1) {
        dedent_line = T.v[gs[ng - 1]].type == T_DEDENT;
        ng--;
    }
    int e = ge[ng - 1];
    while (e > gs[ng - 1] && (T.v[e - 1].type == T_NEWLINE || T.v[e - 1].type == T_COMMENT ||
                              T.v[e - 1].type == T_END))
        e--;
    if (e == gs[ng - 1]) {
        v = V_INCOMPLETE;
        *indent = last_indent(&L);
        goto done;
    }
    if (is_op(&T.v[e - 1], ":") && T.v[e - 1].type == T_OP) {
        int i = gs[ng - 1];
        while (T.v[i].type == T_INDENT || T.v[i].type == T_DEDENT)
            i++;
        v = V_INCOMPLETE;
        *indent = T.v[i].col + 4;
        goto done;
    }
    /* codeop.compile_command: blank and comment-only source compiles as 'pass' */
    bool only_comments = true;
    for (int i = 0; i < L.n && only_comments; i++) {
        const char *s = L.v[i];
        while (*s) {
            const char *nl = strchr(s, '\n');
            size_t n = nl ? (size_t)(nl - s) : strlen(s);
            size_t k = 0;
            while (k < n && py_space((unsigned char)s[k]))
                k++;
            if (k < n && s[k] != '#') {
                only_comments = false;
                break;
            }
            s += n + (nl ? 1 : 0);
        }
    }
    if (!only_comments) {
        int pv = compile_status(&L, bol_cont, &T, tab_error);
        if (pv < 0) goto oom;
        if (pv != V_COMPLETE) {
            v = (verdict)pv;
            if (v == V_INCOMPLETE) *indent = last_indent(&L);
            goto done;
        }
    }
    if (dedent_line && !ends_nl) {
        v = V_INCOMPLETE;
        *indent = last_indent(&L);
    }
    goto done;
oom:
    v = V_OOM;
done:
    tc_free(gs);
    tc_free(ge);
    tc_free(bol_cont);
    tc_free(T.v);
    lines_free(&L);
    return v;
}

/* "complete", "incomplete" (with *indent, a new string of spaces) or "invalid"; "unknown"
 * when memory ran out. */
const char *kn_interp_is_complete(kn_interp *in, const char *code, char **indent) {
    (void)in;
    *indent = NULL;
    int n = 0;
    verdict v = check(code, &n);
    if (v == V_OOM) return "unknown";
    if (v != V_INCOMPLETE) return v == V_COMPLETE ? "complete" : "invalid";
    *indent = tc_malloc((size_t)n + 1);
    if (!*indent) return "unknown";
    memset(*indent, ' ', (size_t)n);
    (*indent)[n] = 0;
    return "incomplete";
}
