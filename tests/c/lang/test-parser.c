/* Unit tests for the parser: tree shapes, precedence, targets, scoping, and the
 * SyntaxError messages for unsupported or malformed code. */
#include <stdlib.h>

#include "check.h"
#include "kernel/lang/ast.h"

static void dump(const kn_node *n, char *buf, size_t cap);

static void dump_list(const kn_nodes *l, char *buf, size_t cap) {
    strncat(buf, "[", cap - strlen(buf) - 1);
    for (int i = 0; i < l->n; i++) {
        if (i) strncat(buf, " ", cap - strlen(buf) - 1);
        if (l->v[i])
            dump(l->v[i], buf, cap);
        else
            strncat(buf, "_", cap - strlen(buf) - 1);
    }
    strncat(buf, "]", cap - strlen(buf) - 1);
}

/* The parts of a node that dump() prints, in a fixed order per kind: an operator code, a
 * name, up to three child nodes and up to four child lists. */
typedef struct dump_fields {
    bool has_op;
    int op;
    const char *str;
    const kn_node *kids[3];
    const kn_nodes *lists[4];
} dump_fields;

static dump_fields fields_of(const kn_node *n) {
    dump_fields d = {0};
    switch (n->kind) {
    case KN_AST_FSTRING: d.lists[0] = &n->fstring.parts; break;
    case KN_AST_FORMATTED:
        d.has_op = n->formatted.conversion != KN_CONV_NONE;
        d.op = (int)n->formatted.conversion;
        d.kids[0] = n->formatted.value;
        d.kids[1] = n->formatted.spec;
        break;
    case KN_AST_BINOP:
        d.has_op = true;
        d.op = (int)n->binop.op;
        d.kids[0] = n->binop.left;
        d.kids[1] = n->binop.right;
        break;
    case KN_AST_UNARY:
        d.has_op = true;
        d.op = (int)n->unary.op;
        d.kids[0] = n->unary.operand;
        break;
    case KN_AST_BOOLOP:
        d.has_op = true;
        d.op = (int)n->boolop.op;
        d.lists[0] = &n->boolop.values;
        break;
    case KN_AST_COMPARE:
        d.kids[0] = n->compare.left;
        d.lists[0] = &n->compare.comparators;
        break;
    case KN_AST_IFEXP:
        d.kids[0] = n->ifexp.test;
        d.kids[1] = n->ifexp.body;
        d.kids[2] = n->ifexp.orelse;
        break;
    case KN_AST_CALL:
        d.kids[0] = n->call.func;
        d.lists[0] = &n->call.args;
        d.lists[1] = &n->call.keywords;
        break;
    case KN_AST_KEYWORD:
        d.str = n->keyword.arg;
        d.kids[0] = n->keyword.value;
        break;
    case KN_AST_ATTR:
        d.str = n->attr.attr;
        d.kids[0] = n->attr.value;
        break;
    case KN_AST_SUBSCRIPT:
        d.kids[0] = n->subscript.value;
        d.kids[1] = n->subscript.index;
        break;
    case KN_AST_SLICE:
        d.kids[0] = n->slice.lower;
        d.kids[1] = n->slice.upper;
        d.kids[2] = n->slice.step;
        break;
    case KN_AST_STARRED: d.kids[0] = n->starred.value; break;
    case KN_AST_TUPLE:
    case KN_AST_LIST: d.lists[0] = &n->seq.elts; break;
    case KN_AST_DICT:
        d.lists[0] = &n->dict.keys;
        d.lists[1] = &n->dict.values;
        break;
    case KN_AST_LISTCOMP:
    case KN_AST_DICTCOMP:
        d.kids[0] = n->comp.elt;
        d.kids[1] = n->comp.value;
        d.lists[0] = &n->comp.generators;
        break;
    case KN_AST_COMPFOR:
        d.kids[0] = n->compfor.target;
        d.kids[1] = n->compfor.iter;
        d.lists[0] = &n->compfor.ifs;
        break;
    case KN_AST_LAMBDA: d.kids[0] = n->lambda.body; break;
    case KN_AST_YIELD:
    case KN_AST_YIELDFROM: d.kids[0] = n->yield_expr.value; break;
    case KN_AST_EXPR: d.kids[0] = n->expr_stmt.value; break;
    case KN_AST_ASSIGN:
        d.kids[0] = n->assign_stmt.value;
        d.lists[0] = &n->assign_stmt.targets;
        break;
    case KN_AST_AUGASSIGN:
        d.has_op = true;
        d.op = (int)n->augassign_stmt.op;
        d.kids[0] = n->augassign_stmt.target;
        d.kids[1] = n->augassign_stmt.value;
        break;
    case KN_AST_IMPORT:
    case KN_AST_FROMIMPORT:
        d.str = n->import_stmt.module;
        d.lists[0] = &n->import_stmt.names;
        break;
    case KN_AST_ALIAS: d.str = n->alias.name; break;
    case KN_AST_DEL: d.lists[0] = &n->del_stmt.targets; break;
    case KN_AST_IF:
        d.kids[0] = n->if_stmt.test;
        d.lists[0] = &n->if_stmt.body;
        d.lists[1] = &n->if_stmt.orelse;
        break;
    case KN_AST_FOR:
        d.kids[0] = n->for_stmt.target;
        d.kids[1] = n->for_stmt.iter;
        d.lists[0] = &n->for_stmt.body;
        d.lists[1] = &n->for_stmt.orelse;
        break;
    case KN_AST_WHILE:
        d.kids[0] = n->while_stmt.test;
        d.lists[0] = &n->while_stmt.body;
        d.lists[1] = &n->while_stmt.orelse;
        break;
    case KN_AST_DEF:
        d.str = n->def_stmt.fn->name;
        d.lists[0] = &n->def_stmt.body;
        d.lists[1] = &n->def_stmt.decorators;
        break;
    case KN_AST_NAMEDEXPR:
        d.kids[0] = n->namedexpr.target;
        d.kids[1] = n->namedexpr.value;
        break;
    case KN_AST_RETURN: d.kids[0] = n->return_stmt.value; break;
    case KN_AST_WITH:
        d.lists[0] = &n->with_stmt.items;
        d.lists[1] = &n->with_stmt.body;
        break;
    case KN_AST_WITHITEM:
        d.kids[0] = n->withitem.context;
        d.kids[1] = n->withitem.target;
        break;
    case KN_AST_TRY:
        d.lists[0] = &n->try_stmt.handlers;
        d.lists[1] = &n->try_stmt.body;
        d.lists[2] = &n->try_stmt.orelse;
        d.lists[3] = &n->try_stmt.finalbody;
        break;
    case KN_AST_HANDLER:
        d.str = n->handler.name;
        d.kids[0] = n->handler.type;
        d.lists[0] = &n->handler.body;
        break;
    case KN_AST_RAISE:
        d.kids[0] = n->raise_stmt.exc;
        d.kids[1] = n->raise_stmt.cause;
        break;
    case KN_AST_ASSERT:
        d.kids[0] = n->assert_stmt.test;
        d.kids[1] = n->assert_stmt.msg;
        break;
    case KN_AST_GLOBAL: d.lists[0] = &n->global_stmt.names; break;
    case KN_AST_MAGIC: d.str = n->magic.line; break;
    default: break;
    }
    return d;
}

static void dump(const kn_node *n, char *buf, size_t cap) {
    char tmp[256];
    size_t room = cap - strlen(buf) - 1;
    if (!n) {
        strncat(buf, "_", room);
        return;
    }
    switch (n->kind) {
    case KN_AST_CONST:
        switch (n->constant.kind) {
        case KN_CONST_INT:
            snprintf(tmp, sizeof tmp, "%lld", (long long)n->constant.i);
            break;
        case KN_CONST_FLOAT:
            snprintf(tmp, sizeof tmp, "%gf", n->constant.f);
            break;
        case KN_CONST_BIGINT:
            snprintf(tmp, sizeof tmp, "%s", n->constant.s);
            break;
        case KN_CONST_STR:
            snprintf(tmp, sizeof tmp, "'%s'", n->constant.s);
            break;
        case KN_CONST_NONE:
            snprintf(tmp, sizeof tmp, "None");
            break;
        case KN_CONST_TRUE:
            snprintf(tmp, sizeof tmp, "True");
            break;
        case KN_CONST_FALSE:
            snprintf(tmp, sizeof tmp, "False");
            break;
        default:
            snprintf(tmp, sizeof tmp, "...");
            break;
        }
        strncat(buf, tmp, room);
        return;
    case KN_AST_NAME:
        strncat(buf, n->name.id, room);
        return;
    default:
        break;
    }
    dump_fields d = fields_of(n);
    snprintf(tmp, sizeof tmp, "(%s", kn_node_kind_name(n->kind));
    strncat(buf, tmp, room);
    if (d.has_op) {
        snprintf(tmp, sizeof tmp, ":%d", d.op);
        strncat(buf, tmp, cap - strlen(buf) - 1);
    }
    if (d.str) {
        snprintf(tmp, sizeof tmp, " .%s", d.str);
        strncat(buf, tmp, cap - strlen(buf) - 1);
    }
    if (n->kind == KN_AST_COMPARE)
        for (int i = 0; i < n->compare.comparators.n; i++) {
            snprintf(tmp, sizeof tmp, " op%d", (int)n->compare.ops[i]);
            strncat(buf, tmp, cap - strlen(buf) - 1);
        }
    for (int i = 0; i < 3; i++)
        if (d.kids[i]) {
            strncat(buf, " ", cap - strlen(buf) - 1);
            dump(d.kids[i], buf, cap);
        }
    for (int i = 0; i < 4; i++)
        if (d.lists[i] && d.lists[i]->n) {
            strncat(buf, " ", cap - strlen(buf) - 1);
            dump_list(d.lists[i], buf, cap);
        }
    strncat(buf, ")", cap - strlen(buf) - 1);
}

static char *parse(const char *src) {
    static char buf[8192];
    buf[0] = 0;
    kn_parse_error pe;
    kn_ast *ast = kn_parse(src, 1, &pe);
    if (!ast) {
        snprintf(buf, sizeof buf, "%s: %s @%d%s", tc_exc_name(pe.err.type), pe.err.msg, pe.line,
                 pe.incomplete ? " incomplete" : "");
        return buf;
    }
    dump_list(&ast->body, buf, sizeof buf);
    kn_ast_unref(ast);
    return buf;
}

/* Random programs from a token alphabet: the tokenizer and parser must never crash or
 * leak, whatever they are given (a cheap local stand-in for a fuzzer). */
static void random_programs(void) {
    static const char *const alphabet[] = {"x",
                                           "f",
                                           " ",
                                           "  ",
                                           "\n",
                                           "\n    ",
                                           "(",
                                           ")",
                                           "[",
                                           "]",
                                           "{",
                                           "}",
                                           ":",
                                           ",",
                                           "=",
                                           "+",
                                           "*",
                                           "**",
                                           "-",
                                           ".",
                                           "if ",
                                           "else ",
                                           "for ",
                                           " in ",
                                           "def ",
                                           "lambda ",
                                           "return ",
                                           "try:",
                                           "except ",
                                           "finally:",
                                           "with ",
                                           " as ",
                                           "1",
                                           "2.5",
                                           "'s'",
                                           "f'{x}'",
                                           "f'{x!r:>{y}}'",
                                           "'''",
                                           "\\",
                                           "#c",
                                           "not ",
                                           " and ",
                                           "%time ",
                                           ";",
                                           "@",
                                           "yield",
                                           "while ",
                                           "break",
                                           "*a",
                                           "**k",
                                           "...",
                                           "None",
                                           "0x1F",
                                           "1e5",
                                           "\"",
                                           "{{",
                                           "}}"};
    unsigned seed = 12345;
    char src[512];
    for (int iter = 0; iter < 20000; iter++) {
        size_t len = 0;
        seed = seed * 1103515245u + 12345u;
        int n = 1 + (int)((seed >> 16) % 40);
        for (int k = 0; k < n; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *tok = alphabet[(seed >> 16) % (sizeof alphabet / sizeof alphabet[0])];
            size_t tl = strlen(tok);
            if (len + tl >= sizeof src) break;
            memcpy(src + len, tok, tl);
            len += tl;
        }
        src[len] = 0;
        kn_parse_error pe;
        kn_ast *ast = kn_parse(src, 1, &pe);
        if (!ast) CHECK(tc_error_is_set(&pe.err) && pe.err.msg[0]);
        kn_ast_unref(ast);
    }
    /* deep nesting is an error, not a stack overflow */
    static char deep[4096];
    memset(deep, '(', 2000);
    deep[2000] = 0;
    kn_parse_error pe;
    CHECK(kn_parse(deep, 1, &pe) == NULL);
    for (int i = 0; i < 1000; i++) {
        deep[2 * i] = '-';
        deep[2 * i + 1] = ' ';
    }
    strcpy(deep + 2000, "1");
    CHECK(kn_parse(deep, 1, &pe) == NULL);
}

int main(void) {
    random_programs();
    /* precedence and associativity (binop codes: 0 + 1 - 2 * 3 / 6 ** 7 @) */
    CHECK_STR(parse("1 + 2 * 3"), "[(EXPR (BINOP:0 1 (BINOP:2 2 3)))]");
    CHECK_STR(parse("2 ** -1 ** 2"), "[(EXPR (BINOP:6 2 (UNARY:0 (BINOP:6 1 2))))]");
    CHECK_STR(parse("-2 ** 2"), "[(EXPR (UNARY:0 (BINOP:6 2 2)))]");
    CHECK_STR(parse("a - b - c"), "[(EXPR (BINOP:1 (BINOP:1 a b) c))]");
    CHECK_STR(parse("a @ b.T"), "[(EXPR (BINOP:7 a (ATTR .T b)))]");
    CHECK_STR(parse("not a and b or c"), "[(EXPR (BOOLOP:1 [(BOOLOP:0 [(UNARY:3 a) b]) c]))]");
    CHECK_STR(parse("1 < x <= 3"), "[(EXPR (COMPARE op0 op1 1 [x 3]))]");
    CHECK_STR(parse("a not in b is not c"), "[(EXPR (COMPARE op7 op9 a [b c]))]");
    CHECK_STR(parse("x if c else y"), "[(EXPR (IFEXP c x y))]");
    CHECK_STR(parse("-9223372036854775808"), "[(EXPR -9223372036854775808)]");
    CHECK_STR(parse("-(-99999999999999999999)"), "[(EXPR 99999999999999999999)]");
    CHECK_STR(parse("-0x1_0000_0000_0000_0000 + 1"),
              "[(EXPR (BINOP:0 -0x1_0000_0000_0000_0000 1))]");
    /* calls, subscripts, slices */
    CHECK_STR(parse("f(1, *a, k=2, **kw)"),
              "[(EXPR (CALL f [1 (STARRED a)] [(KEYWORD .k 2) (KEYWORD kw)]))]");
    CHECK_STR(parse("x[1:2, ::2, None, ...]"),
              "[(EXPR (SUBSCRIPT x (TUPLE [(SLICE 1 2) (SLICE 2) None ...])))]");
    CHECK_STR(parse("x[:, 0]"), "[(EXPR (SUBSCRIPT x (TUPLE [(SLICE) 0])))]");
    /* literals and comprehensions */
    CHECK_STR(parse("(1,)"), "[(EXPR (TUPLE [1]))]");
    CHECK_STR(parse("()"), "[(EXPR (TUPLE))]");
    CHECK_STR(parse("{'a': 1, **d}"), "[(EXPR (DICT ['a' _] [1 d]))]");
    CHECK_STR(parse("[x*y for x in a if x for y in b]"),
              "[(EXPR (LISTCOMP (BINOP:2 x y) [(COMPFOR x a [x]) (COMPFOR y b)]))]");
    CHECK_STR(parse("{k: v for k, v in d}"), "[(EXPR (DICTCOMP k v [(COMPFOR (TUPLE [k v]) d)]))]");
    CHECK_STR(parse("sum(x for x in a)"), "[(EXPR (CALL sum [(LISTCOMP x [(COMPFOR x a)])]))]");
    CHECK_STR(parse("lambda x, y=2: x + y"), "[(EXPR (LAMBDA (BINOP:0 x y)))]");
    /* strings */
    CHECK_STR(parse("'a' 'b'"), "[(EXPR 'ab')]");
    CHECK_STR(parse("f'x={x!r:>{w}} {{y}}'"),
              "[(EXPR (FSTRING ['x=' (FORMATTED:114 x (FSTRING ['>' (FORMATTED w)])) ' {y}']))]");
    CHECK_STR(parse("f'{x=}'"), "[(EXPR (FSTRING ['x=' (FORMATTED:114 x)]))]");
    CHECK_STR(parse("f'{x:.2f}'"), "[(EXPR (FSTRING [(FORMATTED x (FSTRING ['.2f']))]))]");
    /* statements */
    CHECK_STR(parse("a = b = 1"), "[(ASSIGN 1 [a b])]");
    CHECK_STR(parse("a, (b, *c) = t"), "[(ASSIGN t [(TUPLE [a (TUPLE [b (STARRED c)])])])]");
    CHECK_STR(parse("x[0] += 1"), "[(AUGASSIGN:0 (SUBSCRIPT x 0) 1)]");
    CHECK_STR(parse("x; y;"), "[(EXPR x) (EXPR y)]");
    CHECK_STR(parse("import numpy as np, torch.cuda"),
              "[(IMPORT [(ALIAS .numpy) (ALIAS .torch.cuda)])]");
    CHECK_STR(parse("from torch import x, y as z"),
              "[(FROMIMPORT .torch [(ALIAS .x) (ALIAS .y)])]");
    CHECK_STR(parse("if a:\n    b\nelif c:\n    d\nelse:\n    e\n"),
              "[(IF a [(EXPR b)] [(IF c [(EXPR d)] [(EXPR e)])])]");
    CHECK_STR(parse("for i, v in enumerate(x):\n    pass\nelse:\n    y\n"),
              "[(FOR (TUPLE [i v]) (CALL enumerate [x]) [(PASS)] [(EXPR y)])]");
    CHECK_STR(parse("while n < 3:\n    n += 1\n    break\n"),
              "[(WHILE (COMPARE op0 n [3]) [(AUGASSIGN:0 n 1) (BREAK)])]");
    CHECK_STR(parse("try:\n    a\nexcept (E, F) as e:\n    raise\nelse:\n    b\nfinally:\n    c\n"),
              "[(TRY [(HANDLER .e (TUPLE [E F]) [(RAISE)])] [(EXPR a)] [(EXPR b)] [(EXPR c)])]");
    CHECK_STR(parse("with torch.no_grad() as g, x:\n    pass\n"),
              "[(WITH [(WITHITEM (CALL (ATTR .no_grad torch)) g) (WITHITEM x)] [(PASS)])]");
    CHECK_STR(parse("def f(a, b=1, *args, c, **kw):\n    '''doc'''\n    return a\n"),
              "[(DEF .f [(EXPR 'doc') (RETURN a)])]");
    CHECK_STR(parse("assert x, 'msg'\ndel a, b[0]\nglobal g"),
              "[(ASSERT x 'msg') (DEL [a (SUBSCRIPT b 0)]) (GLOBAL [g])]");
    CHECK_STR(parse("%timeit f(1)\nx"), "[(MAGIC .timeit f(1)) (EXPR x)]");
    /* function scope analysis */
    kn_parse_error pe;
    kn_ast *ast =
        kn_parse("def f(a, b=1):\n    global g\n    c = a\n    g = 2\n    for i in b: pass\n"
                 "    def h(): q = 1\n    return lambda z: z\n",
                 1, &pe);
    CHECK(ast != NULL);
    if (ast) {
        const kn_fn *fn = ast->body.v[0]->def_stmt.fn;
        CHECK(fn->nparams == 2 && fn->params[1].dflt != NULL);
        CHECK(fn->nlocals == 5); /* a b c i h */
        CHECK(fn->nglobals == 1);
        CHECK_STR(fn->signature, "(a, b=1)");
        CHECK_STR(ast->body.v[0]->def_stmt.body.v[4]->def_stmt.fn->qualname, "f.<locals>.h");
        kn_ast_unref(ast);
    }
    /* closures: nonlocal names are not locals of the declaring function; names read in a
     * nested function and bound in an enclosing one are its free variables, globals are not */
    ast = kn_parse("def f(p, /, q, *, r):\n    x = 1\n    def g():\n        nonlocal x\n"
                   "        x = 2\n        def h(): return x + y + z\n    y = 0\n",
                   1, &pe);
    CHECK(ast != NULL);
    if (ast) {
        const kn_fn *f = ast->body.v[0]->def_stmt.fn;
        const kn_fn *g = ast->body.v[0]->def_stmt.body.v[1]->def_stmt.fn;
        const kn_fn *h = ast->body.v[0]->def_stmt.body.v[1]->def_stmt.body.v[2]->def_stmt.fn;
        CHECK(f->params[0].posonly && !f->params[1].posonly && f->params[2].kind == KN_PARAM_KWONLY);
        CHECK(g->nnonlocals == 1 && g->nlocals == 1); /* h */
        CHECK(h->nfreevars == 2 && g->nfreevars == 1); /* h: x, y (z is a global); g: x */
        kn_ast_unref(ast);
    }
    CHECK_STR(parse("@a\n@b.c(1)\ndef f(): pass"),
              "[(DEF .f [(PASS)] [a (CALL (ATTR .c b) [1])])]");
    CHECK_STR(parse("if (n := 1): pass"), "[(IF (NAMEDEXPR n 1) [(PASS)])]");
    /* line numbers */
    ast = kn_parse("a = 1\n\nif a:\n    b = (1 +\n         2)\n", 1, &pe);
    CHECK(ast && ast->body.v[1]->line == 3 && ast->body.v[1]->if_stmt.body.v[0]->line == 4);
    kn_ast_unref(ast);
    /* flags the dump does not show: a trailing ';' hides a result; (x for x in a) is a
     * generator expression, [x for x in a] is not */
    ast = kn_parse("x;\ny\n(i for i in a)\n[i for i in a]\n", 1, &pe);
    CHECK(ast && ast->body.n == 4);
    if (ast) {
        CHECK(ast->body.v[0]->expr_stmt.hidden && !ast->body.v[1]->expr_stmt.hidden);
        CHECK(ast->body.v[2]->expr_stmt.value->comp.genexp);
        CHECK(!ast->body.v[3]->expr_stmt.value->comp.genexp);
    }
    kn_ast_unref(ast);
    /* unsupported syntax names the construct */
    CHECK_STR(parse("class A(B, *c):\n    x = 1\n    def f(self): pass\n"), "[(CLASS)]");
    CHECK_STR(parse("async def f(): pass"), "SyntaxError: 'async' statements are not supported @1");
    CHECK_STR(parse("x = 1\nyield x\n"), "SyntaxError: 'yield' outside function @2");
    CHECK_STR(parse("def f():\n    return [(yield i) for i in y]\n"),
              "SyntaxError: 'yield' inside list comprehension @2");
    CHECK_STR(parse("await x"), "SyntaxError: 'await' expressions are not supported @1");
    CHECK_STR(parse("def f():\n    nonlocal x\n"),
              "SyntaxError: no binding for nonlocal 'x' found @2");
    /* match: the if chain it means over the subject's hidden name; a body without cases */
    CHECK_STR(parse("match x:\n    case 1: pass\n    case _: pass\n"),
              "[(ASSIGN x [_match_subject_0]) (IF (COMPARE op2 _match_subject_0 [1]) [(PASS)] [(IF True [(PASS)])])]");
    CHECK_STR(parse("match x:\n    pass\n"), "SyntaxError: invalid syntax @2");
    CHECK_STR(parse("match = 1\nmatch(x)\nmatch: int = 2\n"),
              "[(ASSIGN 1 [match]) (EXPR (CALL match [x])) (ANNASSIGN)]");
    CHECK_STR(parse("@dec\n@(lambda c: c)\nclass A: pass\n@d\nx = 1"),
              "SyntaxError: invalid syntax @5");
    /* malformed code */
    CHECK_STR(parse("x = = 1"), "SyntaxError: invalid syntax @1");
    CHECK_STR(parse("f() = 1"), "SyntaxError: cannot assign to function call here. Maybe you meant "
                                "'==' instead of '='? @1");
    CHECK_STR(parse("return 1"), "SyntaxError: 'return' outside function @1");
    CHECK_STR(parse("break"), "SyntaxError: 'break' outside loop @1");
    CHECK_STR(parse("if x:\npass"),
              "IndentationError: expected an indented block after 'if' statement on line 1 @2");
    CHECK_STR(parse("  x = 1"), "IndentationError: unexpected indent @1");
    CHECK_STR(parse("def f():\n"), "IndentationError: expected an indented block after function "
                                   "definition on line 1 @2 incomplete");
    CHECK_STR(parse("f(a=1, 2)"), "SyntaxError: positional argument follows keyword argument @1");
    CHECK_STR(parse("f'{}'"), "SyntaxError: f-string: empty expression not allowed @1");
    CHECK_DONE();
}
