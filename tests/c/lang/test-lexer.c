/* Unit tests for the tokenizer: indentation, line joining, numbers, strings, errors. */
#include <stdlib.h>

#include "check.h"
#include "kernel/lang/lexer.h"

/* A compact rendering of the token stream: "NAME(x) OP(=) INT(1) NL END". */
static char *render(const char *src) {
    kn_tokens t;
    static char buf[4096];
    buf[0] = 0;
    if (kn_lex(src, &t) < 0) {
        snprintf(buf, sizeof buf, "ERR %s:%s@%d%s", tc_exc_name(t.err.type), t.err.msg, t.err_line,
                 t.incomplete ? " incomplete" : "");
        kn_tokens_free(&t);
        return buf;
    }
    for (int i = 0; i < t.ntoks; i++) {
        kn_token *k = &t.toks[i];
        char one[256];
        switch (k->kind) {
        case KN_TOK_END:
            snprintf(one, sizeof one, "END");
            break;
        case KN_TOK_NEWLINE:
            snprintf(one, sizeof one, "NL");
            break;
        case KN_TOK_INDENT:
            snprintf(one, sizeof one, "IN");
            break;
        case KN_TOK_DEDENT:
            snprintf(one, sizeof one, "DE");
            break;
        case KN_TOK_NAME:
            snprintf(one, sizeof one, "NAME(%.*s)", (int)k->len, k->start);
            break;
        case KN_TOK_INT:
            if (k->bigint)
                snprintf(one, sizeof one, "BIGINT(%.*s)", (int)(k->len < 40 ? k->len : 40),
                         k->start);
            else
                snprintf(one, sizeof one, "INT(%lld)", (long long)k->ival);
            break;
        case KN_TOK_FLOAT:
            snprintf(one, sizeof one, "%s(%g)", k->imag ? "IMAG" : "FLOAT", k->fval);
            break;
        case KN_TOK_STRING:
            snprintf(one, sizeof one, "%s(%s)",
                     k->fstring ? "FSTR"
                     : k->bytes ? "BYTES"
                                : "STR",
                     k->str);
            break;
        case KN_TOK_OP:
            snprintf(one, sizeof one, "OP(%s)", kn_op_text(k->op));
            break;
        case KN_TOK_MAGIC:
            snprintf(one, sizeof one, "MAGIC(%s)", k->str);
            break;
        }
        if (i) strcat(buf, " ");
        strcat(buf, one);
    }
    kn_tokens_free(&t);
    return buf;
}

int main(void) {
    CHECK_STR(render("x = 1\n"), "NAME(x) OP(=) INT(1) NL END");
    CHECK_STR(render("x=1"), "NAME(x) OP(=) INT(1) NL END");
    /* indentation, blank and comment lines */
    CHECK_STR(render("if x:\n    y\n\n    # c\n    z\nw\n"),
              "NAME(if) NAME(x) OP(:) NL IN NAME(y) NL NAME(z) NL DE NAME(w) NL END");
    CHECK_STR(render("def f():\n  if a:\n    b\n"),
              "NAME(def) NAME(f) OP(() OP()) OP(:) NL IN NAME(if) NAME(a) OP(:) NL IN NAME(b) NL "
              "DE DE END");
    /* implicit joining in brackets, backslash continuation */
    CHECK_STR(render("f(1,\n  2)\n"), "NAME(f) OP(() INT(1) OP(,) INT(2) OP()) NL END");
    CHECK_STR(render("a = 1 + \\\n    2\n"), "NAME(a) OP(=) INT(1) OP(+) INT(2) NL END");
    /* numbers */
    CHECK_STR(
        render("1_000 0x10 0o17 0b101 1e-5 .5 2. 3.25e2"),
        "INT(1000) INT(16) INT(15) INT(5) FLOAT(1e-05) FLOAT(0.5) FLOAT(2) FLOAT(325) NL END");
    CHECK_STR(render("99999999999999999999 9223372036854775807 0xffff_ffff_ffff_ffff"),
              "BIGINT(99999999999999999999) INT(9223372036854775807) "
              "BIGINT(0xffff_ffff_ffff_ffff) NL END");
    CHECK_STR(render("1j 2.5J 1e3j 0j"), "IMAG(1) IMAG(2.5) IMAG(1000) IMAG(0) NL END");
    /* bytes: \x is one byte, \u is no escape, only ASCII characters */
    CHECK_STR(render("b'A\\x42' B\"\\u0041\" rb'\\x'"),
              "BYTES(AB) BYTES(\\u0041) BYTES(\\x) NL END");
    CHECK_STR(render("b'\xc3\xa9'"),
              "ERR SyntaxError:bytes can only contain ASCII literal characters@1");
    CHECK_STR(render("bf''"), "ERR SyntaxError:invalid syntax@1");
    char longnum[1200];
    memset(longnum, '1', 1000);
    strcpy(longnum + 1000, ".5e3");
    CHECK(strncmp(render(longnum), "FLOAT(", 6) == 0); /* no overflow of the digit buffer */
    longnum[1000] = 0;
    CHECK(strncmp(render(longnum), "BIGINT(1111", 11) == 0); /* a big int: no digit limit */
    /* operators: longest match */
    CHECK_STR(render("a //= b ** c != d -> ..."),
              "NAME(a) OP(//=) NAME(b) OP(**) NAME(c) OP(!=) NAME(d) OP(->) OP(...) NL END");
    /* strings */
    CHECK_STR(render("'a\\tb' \"q\\\"\" r'\\n' '\\x41\\u00e9'"),
              "STR(a\tb) STR(q\") STR(\\n) STR(A\xc3\xa9) NL END");
    CHECK_STR(render("'''one\ntwo'''"), "STR(one\ntwo) NL END");
    CHECK_STR(render("f'{x!r:>{w}}'"), "FSTR({x!r:>{w}}) NL END");
    CHECK_STR(render("'abc"), "ERR SyntaxError:unterminated string literal@1");
    CHECK_STR(render("'''abc\n"),
              "ERR SyntaxError:unterminated triple-quoted string literal@1 incomplete");
    /* brackets and errors */
    CHECK_STR(render("x = (1,\n"), "ERR SyntaxError:'(' was never closed@1 incomplete");
    CHECK_STR(render("x = 1)"), "ERR SyntaxError:unmatched ')'@1");
    CHECK_STR(render("x = \\"), "ERR SyntaxError:unexpected EOF while parsing@1 incomplete");
    CHECK_STR(render("if x:\n    a\n  b\n"),
              "ERR IndentationError:unindent does not match any outer indentation level@3");
    CHECK_STR(render("a $ b"), "ERR SyntaxError:invalid character '$' (U+0024)@1");
    /* magics at the start of a line */
    CHECK_STR(render("%time x = 1\ny"), "MAGIC(time x = 1) NL NAME(y) NL END");
    /* line numbers */
    kn_tokens t;
    CHECK(kn_lex("a\n\nb = (1,\n 2)\n", &t) == 0);
    CHECK(t.toks[2].line == 3 && t.toks[7].line == 4);
    kn_tokens_free(&t);
    CHECK(kn_is_keyword("lambda", 6) && !kn_is_keyword("torch", 5));
    CHECK_DONE();
}
