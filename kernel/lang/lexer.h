/*
 * The tokenizer of the cell language: Python's lexical rules for the subset we run.
 * INDENT/DEDENT from leading whitespace, implicit line joining inside brackets, backslash
 * continuation, comments, int/float literals (1_000, 1e-5, 0x10), strings with escapes in
 * every quote form, raw strings and f-strings (kept raw; the parser splits them).
 *
 *     kn_tokens toks;
 *     if (kn_lex("x = 1\n", &toks) < 0) printf("%d: %s\n", toks.err_line, toks.err.msg);
 *     ...
 *     kn_tokens_free(&toks);
 */
#ifndef KN_LANG_LEXER_H
#define KN_LANG_LEXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tensorcore/error.h"

/* Operators and delimiters, longest first within a prefix is handled by the lexer. */
#define KN_OP_LIST(X)                                                                      \
    X(LPAR, "(") X(RPAR, ")") X(LSQB, "[") X(RSQB, "]") X(LBRACE, "{") X(RBRACE, "}")      \
    X(COLON, ":") X(COMMA, ",") X(SEMI, ";") X(PLUS, "+") X(MINUS, "-") X(STAR, "*")       \
    X(SLASH, "/") X(VBAR, "|") X(AMPER, "&") X(LESS, "<") X(GREATER, ">") X(EQUAL, "=")    \
    X(DOT, ".") X(PERCENT, "%") X(EQEQUAL, "==") X(NOTEQUAL, "!=") X(LESSEQUAL, "<=")      \
    X(GREATEREQUAL, ">=") X(TILDE, "~") X(CIRCUMFLEX, "^") X(LEFTSHIFT, "<<")               \
    X(RIGHTSHIFT, ">>") X(DOUBLESTAR, "**") X(PLUSEQUAL, "+=") X(MINEQUAL, "-=")            \
    X(STAREQUAL, "*=") X(SLASHEQUAL, "/=") X(PERCENTEQUAL, "%=") X(AMPEREQUAL, "&=")       \
    X(VBAREQUAL, "|=") X(CIRCUMFLEXEQUAL, "^=") X(LEFTSHIFTEQUAL, "<<=")                   \
    X(RIGHTSHIFTEQUAL, ">>=") X(DOUBLESTAREQUAL, "**=") X(DOUBLESLASH, "//")               \
    X(DOUBLESLASHEQUAL, "//=") X(AT, "@") X(ATEQUAL, "@=") X(RARROW, "->")                 \
    X(ELLIPSIS, "...") X(COLONEQUAL, ":=") X(EXCLAMATION, "!")

typedef enum kn_op {
#define KN__OP_ENUM(id, text) KN_OP_##id,
    KN_OP_LIST(KN__OP_ENUM)
#undef KN__OP_ENUM
    KN_OP_COUNT
} kn_op;
const char *kn_op_text(kn_op op);

typedef enum kn_tok_kind {
    KN_TOK_END,
    KN_TOK_NEWLINE,
    KN_TOK_INDENT,
    KN_TOK_DEDENT,
    KN_TOK_NAME,
    KN_TOK_INT,
    KN_TOK_FLOAT,
    KN_TOK_STRING,
    KN_TOK_OP,
    KN_TOK_MAGIC /* a line starting with '%': str = the text after the '%' */
} kn_tok_kind;

typedef struct kn_token {
    kn_tok_kind kind;
    int line, col;       /* 1-based line, 0-based byte column */
    const char *start;   /* into the source (borrowed) */
    size_t len;
    kn_op op;            /* KN_TOK_OP */
    int64_t ival;        /* KN_TOK_INT */
    bool bigint;         /* KN_TOK_INT beyond int64: the value is the source text */
    double fval;         /* KN_TOK_FLOAT */
    char *str;           /* KN_TOK_STRING: decoded text (owned); f-strings: the raw body */
    size_t slen;
    bool fstring, raw;
    bool bytes; /* KN_TOK_STRING: a b'' literal (str holds the bytes) */
    bool imag;  /* KN_TOK_FLOAT: an imaginary literal (1j, 2.5e3J): fval is its imaginary part */
} kn_token;

typedef struct kn_tokens {
    kn_token *toks;
    int ntoks;
    /* On failure: the error (SyntaxError, IndentationError, OverflowError), its position,
     * and whether it only happened because the input ended early (open bracket,
     * unterminated triple-quoted string, trailing backslash). */
    tc_error err;
    int err_line, err_col;
    bool incomplete;
} kn_tokens;

/* Tokenize NUL-terminated 'src'. 0 on success; -1 with out->err set. Either way the
 * caller frees 'out' with kn_tokens_free. */
int kn_lex(const char *src, kn_tokens *out);
void kn_tokens_free(kn_tokens *t);

/* Decode backslash escapes of a string body (no-op copy when raw). Returns a tc_malloc'd
 * NUL-terminated string and its length in *outlen; NULL on a bad escape with err set. */
char *kn_unescape(const char *s, size_t n, bool raw, size_t *outlen, tc_error *err);

/* Is 'name' a Python keyword? */
bool kn_is_keyword(const char *name, size_t n);
extern const char *const kn_keywords[];

/* Whether a line of its own like "obj?" lexes as the %pinfo magic (on by default). The
 * is_complete check turns it off around its parse, since IPython's check compiles such a line
 * as Python. Per thread. */
void kn_lex_help_lines(bool on);

#endif
