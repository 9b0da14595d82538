/*
 * Recursive-descent parser from tokens (lexer.h) to the syntax tree (ast.h), following
 * Python's grammar for the supported subset. Unsupported statements and expressions
 * (async, await, yield, match) are SyntaxErrors that name the construct. Also computes
 * each function's local, nonlocal and free names (Python scoping, as CPython's symtable).
 */
#include "kernel/lang/ast.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/lang/lexer.h"
#include "tensorcore/alloc.h"

#define KN_MAX_NESTING 200
/* Nesting without brackets costs 1-3 small frames a level, so it may go deeper (CPython
 * compiles 300 nested lambdas); the two budgets together stay far inside a thread's stack. */
#define KN_MAX_EXPR_NESTING 1000

static const char *const node_names[] = {
#define KN__AST_NAME(id) #id,
    KN_AST_LIST(KN__AST_NAME)
#undef KN__AST_NAME
};

/* The enum name of a node kind, for debugging and tests. */
const char *kn_node_kind_name(kn_node_kind k) {
    return k < KN_AST_COUNT ? node_names[k] : "?";
}

/* ---- arena ------------------------------------------------------------------------- */

struct kn_arena_block {
    kn_arena_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

static void *arena_alloc(kn_ast *ast, size_t n) {
    n = (n + 15) & ~(size_t)15;
    kn_arena_block *b = ast->arena;
    if (!b || b->used + n > b->cap) {
        size_t cap = n > 16384 ? n : 16384;
        kn_arena_block *nb = tc_malloc(sizeof *nb + cap);
        if (!nb) return NULL;
        nb->next = b;
        nb->used = 0;
        nb->cap = cap;
        ast->arena = nb;
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

/* ---- parser state ------------------------------------------------------------------ */

/* A name read in function 'owner' (or a function nested in it) and bound in none of the
 * functions up to the scope holding the reference: the enclosing functions decide whether
 * it is a closure variable of 'owner' or a global. */
typedef struct freeref {
    const char *name;
    kn_fn *owner;
} freeref;

/* A nonlocal declaration waiting for an enclosing function that binds the name. */
typedef struct nlneed {
    const char *name;
    kn_token *at;
} nlneed;

typedef struct fnscope fnscope;
struct fnscope {
    fnscope *up;
    kn_fn *fn;
    char **names; /* bound here (parameters first) */
    int n, cap;
    char **globals;
    int ng, gcap;
    char **nonlocals;
    int nnl, nlcap;
    char **uses; /* names read so far, for "used prior to ... declaration" */
    int nu, ucap;
    freeref *free;
    int nfree, freecap;
    nlneed *need;
    int nneed, needcap;
};

typedef struct parser {
    kn_ast *ast;
    kn_token *t;
    int pos, n;
    kn_parse_error *pe;
    int depth;
    int expr_depth; /* see enter_expr */
    fnscope *scope;
    const char *qualprefix;
    int line_offset; /* f-string sub-parsers report lines of the enclosing cell */
    int loops;       /* enclosing loops in the current function, for break/continue */
    int nyield;      /* yield expressions parsed so far */
    int yield_line, yield_col; /* where the last one was */
    kn_token *yield_outside;   /* a yield outside any function (reported after the statement) */
    int comp_first_yields;     /* yields in the outermost iterable of the comprehension */
    kn_node **walrus; /* every := parsed so far, for the comprehension checks */
    int nwalrus, capwalrus;
    bool in_class;      /* directly in a class body (p->scope is NULL there) */
    int match_depth;    /* match statements being parsed around this point */
    fnscope *class_up;  /* the function around that class body, for its methods' closures */
} parser;

static kn_token *cur(parser *p) {
    return &p->t[p->pos];
}
static kn_token *peek(parser *p, int k) {
    int i = p->pos + k;
    return &p->t[i < p->n ? i : p->n - 1];
}

static bool is_op(const kn_token *t, kn_op op) {
    return t->kind == KN_TOK_OP && t->op == op;
}
static bool is_kw(const kn_token *t, const char *kw) {
    return t->kind == KN_TOK_NAME && strlen(kw) == t->len && memcmp(t->start, kw, t->len) == 0;
}

static int fail_at(parser *p, kn_token *t, tc_exc type, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail_at(parser *p, kn_token *t, tc_exc type, const char *fmt, ...) {
    if (tc_error_is_set(&p->pe->err)) return -1;
    va_list ap;
    va_start(ap, fmt);
    tc_error_setv(&p->pe->err, type, fmt, ap);
    va_end(ap);
    p->pe->line = t->line + p->line_offset;
    p->pe->col = t->col;
    p->pe->incomplete = t->kind == KN_TOK_END;
    return -1;
}

static void *fail_null(parser *p, kn_token *t, const char *msg) {
    fail_at(p, t, TC_EXC_SYNTAX, "%s", msg);
    return NULL;
}

/* MemoryError (no message, as Python's) at t; NULL. */
static void *fail_oom(parser *p, kn_token *t) {
    fail_at(p, t, TC_EXC_MEMORY, "%s", "");
    return NULL;
}

static void *syntax_error(parser *p) {
    return fail_null(p, cur(p), "invalid syntax");
}

static kn_node *node_new(parser *p, kn_node_kind kind, kn_token *at) {
    kn_node *n = arena_alloc(p->ast, sizeof *n);
    if (!n) return fail_oom(p, at);
    n->kind = kind;
    n->line = at->line + p->line_offset;
    n->col = at->col;
    return n;
}

static char *arena_strndup(parser *p, const char *s, size_t n) {
    char *d = arena_alloc(p->ast, n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

/* The token's text in the arena; NULL with MemoryError set when the arena is full. */
static char *tok_str(parser *p, kn_token *t) {
    char *s = arena_strndup(p, t->start, t->len);
    return s ? s : fail_oom(p, t);
}

/* Growable node list in the arena (doubling; old blocks are simply abandoned). */
static int nodes_push(parser *p, kn_nodes *l, kn_node *n) {
    if ((l->n & (l->n - 1)) == 0) {
        int cap = l->n ? l->n * 2 : 1;
        kn_node **nv = arena_alloc(p->ast, (size_t)cap * sizeof *nv);
        if (!nv) return fail_at(p, cur(p), TC_EXC_MEMORY, "%s", "");
        if (l->n) memcpy(nv, l->v, (size_t)l->n * sizeof *nv);
        l->v = nv;
    }
    l->v[l->n++] = n;
    return 0;
}

static bool accept_op(parser *p, kn_op op) {
    if (!is_op(cur(p), op)) return false;
    p->pos++;
    return true;
}

static bool accept_kw(parser *p, const char *kw) {
    if (!is_kw(cur(p), kw)) return false;
    p->pos++;
    return true;
}

static int expect_op(parser *p, kn_op op) {
    if (accept_op(p, op)) return 0;
    if (op == KN_OP_COLON) return fail_at(p, cur(p), TC_EXC_SYNTAX, "expected ':'");
    return fail_at(p, cur(p), TC_EXC_SYNTAX, "invalid syntax");
}

static bool at_name(parser *p) {
    kn_token *t = cur(p);
    return t->kind == KN_TOK_NAME && !kn_is_keyword(t->start, t->len);
}

static char *expect_name(parser *p) {
    if (!at_name(p)) return syntax_error(p);
    return tok_str(p, &p->t[p->pos++]);
}

/* ---- scopes (locals of functions) --------------------------------------------------- */

static int scope_add(fnscope *s, char ***v, int *n, int *cap, const char *name) {
    for (int i = 0; i < *n; i++)
        if (strcmp((*v)[i], name) == 0) return 0;
    if (*n == *cap) {
        int ncap = *cap ? *cap * 2 : 8;
        char **nv = tc_reallocarray(*v, (size_t)ncap, sizeof *nv);
        if (!nv) return -1;
        *v = nv;
        *cap = ncap;
    }
    (*v)[(*n)++] = (char *)name;
    return 0;
}

static void bind_name(parser *p, const char *name) {
    if (!name) return; /* its allocation failed: the parse reports MemoryError */
    if (p->scope) scope_add(p->scope, &p->scope->names, &p->scope->n, &p->scope->cap, name);
}

static void use_name(parser *p, const char *name) {
    if (p->scope && name)
        scope_add(p->scope, &p->scope->uses, &p->scope->nu, &p->scope->ucap, name);
}

static bool in_list(char *const *v, int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (strcmp(v[i], name) == 0) return true;
    return false;
}

static int push_freeref(parser *p, fnscope *s, const char *name, kn_fn *owner) {
    for (int i = 0; i < s->nfree; i++)
        if (s->free[i].owner == owner && strcmp(s->free[i].name, name) == 0) return 0;
    if (s->nfree == s->freecap) {
        int cap = s->freecap ? s->freecap * 2 : 8;
        freeref *nv = tc_reallocarray(s->free, (size_t)cap, sizeof *nv);
        if (!nv) return fail_at(p, cur(p), TC_EXC_MEMORY, "%s", "");
        s->free = nv;
        s->freecap = cap;
    }
    s->free[s->nfree++] = (freeref){name, owner};
    return 0;
}

static int push_need(parser *p, fnscope *s, const char *name, kn_token *at) {
    if (s->nneed == s->needcap) {
        int cap = s->needcap ? s->needcap * 2 : 4;
        nlneed *nv = tc_reallocarray(s->need, (size_t)cap, sizeof *nv);
        if (!nv) return fail_at(p, cur(p), TC_EXC_MEMORY, "%s", "");
        s->need = nv;
        s->needcap = cap;
    }
    s->need[s->nneed++] = (nlneed){name, at};
    return 0;
}

/* Append to an arena array of names that grows by doubling (old blocks are abandoned). */
static int arena_names_add(parser *p, char ***v, int *n, const char *name) {
    if (in_list(*v, *n, name)) return 0;
    if ((*n & (*n - 1)) == 0) {
        int cap = *n ? *n * 2 : 1;
        char **nv = arena_alloc(p->ast, (size_t)cap * sizeof *nv);
        if (!nv) return fail_at(p, cur(p), TC_EXC_MEMORY, "%s", "");
        if (*n) memcpy(nv, *v, (size_t)*n * sizeof *nv);
        *v = nv;
    }
    (*v)[(*n)++] = (char *)name;
    return 0;
}

static char **arena_names_copy(parser *p, char **v, int n) {
    char **c = arena_alloc(p->ast, (size_t)(n + 1) * sizeof *c);
    if (c && n) memcpy(c, v, (size_t)n * sizeof *c);
    return c;
}

/* The end of a function's body: its locals (bound names that are neither global nor
 * nonlocal), its nonlocal declarations checked against the enclosing functions, and the
 * names read in it or in nested functions resolved to closure variables or globals, as
 * CPython's symbol table does. Frees the scope's working lists. 0, or -1 with the error. */
static int finish_scope(parser *p, fnscope *sc) {
    kn_fn *fn = sc->fn;
    fnscope *up = sc->up;
    int rc = 0;
    fn->locals = arena_alloc(p->ast, (size_t)(sc->n + 1) * sizeof(char *));
    fn->globals = arena_names_copy(p, sc->globals, sc->ng);
    fn->nonlocals = arena_names_copy(p, sc->nonlocals, sc->nnl);
    if (!fn->locals || !fn->globals || !fn->nonlocals) {
        rc = fail_at(p, cur(p), TC_EXC_MEMORY, "%s", "");
        goto done;
    }
    fn->nlocals = 0;
    for (int i = 0; i < sc->n; i++)
        if (!in_list(sc->globals, sc->ng, sc->names[i]) &&
            !in_list(sc->nonlocals, sc->nnl, sc->names[i]))
            fn->locals[fn->nlocals++] = sc->names[i];
    fn->nglobals = sc->ng;
    fn->nnonlocals = sc->nnl;
    if (sc->nnl) fn->outer_reads = true;
    /* nonlocal declarations of nested functions (this function's own went to 'up') */
    for (int i = 0; rc == 0 && i < sc->nneed; i++) {
        if (in_list(fn->locals, fn->nlocals, sc->need[i].name)) continue;
        if (up) {
            fn->outer_reads = true;
            rc = push_need(p, up, sc->need[i].name, sc->need[i].at);
        } else
            rc = fail_at(p, sc->need[i].at, TC_EXC_SYNTAX, "no binding for nonlocal '%s' found",
                         sc->need[i].name);
    }
    for (int i = 0; rc == 0 && i < sc->nu; i++)
        if (!in_list(fn->locals, fn->nlocals, sc->uses[i]) &&
            !in_list(sc->globals, sc->ng, sc->uses[i]))
            rc = push_freeref(p, sc, sc->uses[i], fn);
    for (int i = 0; rc == 0 && i < sc->nfree; i++) {
        freeref r = sc->free[i];
        if (r.owner != fn && in_list(fn->locals, fn->nlocals, r.name))
            rc = arena_names_add(p, &r.owner->freevars, &r.owner->nfreevars, r.name);
        else if (in_list(sc->globals, sc->ng, r.name))
            continue;
        else if (up && !(r.owner == fn && in_list(fn->locals, fn->nlocals, r.name))) {
            fn->outer_reads = true;
            rc = push_freeref(p, up, r.name, r.owner);
        }
    }
done:
    tc_free(sc->names);
    tc_free(sc->globals);
    tc_free(sc->nonlocals);
    tc_free(sc->uses);
    tc_free(sc->free);
    tc_free(sc->need);
    return rc;
}

/* Record the names a target binds in the enclosing function. */
static void bind_target(parser *p, kn_node *t) {
    if (!t) return;
    if (t->kind == KN_AST_NAME)
        bind_name(p, t->name.id);
    else if (t->kind == KN_AST_TUPLE || t->kind == KN_AST_LIST)
        for (int i = 0; i < t->seq.elts.n; i++)
            bind_target(p, t->seq.elts.v[i]);
    else if (t->kind == KN_AST_STARRED)
        bind_target(p, t->starred.value);
}

static const char *expr_kind_name(const kn_node *e);

static int check_target(parser *p, kn_node *t, kn_token *at, const char *what) {
    switch (t->kind) {
    case KN_AST_NAME:
    case KN_AST_ATTR:
    case KN_AST_SUBSCRIPT:
        return 0;
    case KN_AST_STARRED:
        return check_target(p, t->starred.value, at, what);
    case KN_AST_TUPLE:
    case KN_AST_LIST: {
        int stars = 0;
        for (int i = 0; i < t->seq.elts.n; i++) {
            if (check_target(p, t->seq.elts.v[i], at, what) < 0) return -1;
            stars += t->seq.elts.v[i]->kind == KN_AST_STARRED;
        }
        if (stars > 1 && strcmp(what, "delete") != 0)
            return fail_at(p, at, TC_EXC_SYNTAX, "multiple starred expressions in assignment");
        return 0;
    }
    case KN_AST_CALL:
        if (strcmp(what, "delete") == 0)
            return fail_at(p, at, TC_EXC_SYNTAX, "cannot delete function call");
        return fail_at(p, at, TC_EXC_SYNTAX,
                       "cannot %s function call here. Maybe you meant "
                       "'==' instead of '='?",
                       what);
    case KN_AST_CONST:
        if (strcmp(what, "delete") == 0)
            return fail_at(p, at, TC_EXC_SYNTAX, "cannot delete literal");
        return fail_at(p, at, TC_EXC_SYNTAX,
                       "cannot %s literal here. Maybe you meant '==' "
                       "instead of '='?",
                       what);
    case KN_AST_SET:
    case KN_AST_SETCOMP:
        return fail_at(p, at, TC_EXC_SYNTAX,
                       "cannot %s set %s here. Maybe you meant '==' instead of '='?", what,
                       t->kind == KN_AST_SET ? "display" : "comprehension");
    default:
        if (strcmp(what, "delete") == 0)
            return fail_at(p, at, TC_EXC_SYNTAX, "cannot delete %s", expr_kind_name(t));
        return fail_at(p, at, TC_EXC_SYNTAX,
                       "cannot %s expression here. Maybe you meant "
                       "'==' instead of '='?",
                       what);
    }
}

/* ---- expressions -------------------------------------------------------------------- */

static kn_node *parse_test(parser *p);
static kn_node *parse_expr(parser *p);
static kn_node *parse_or_test(parser *p);
static kn_node *parse_factor(parser *p);
static kn_node *parse_testlist_star(parser *p, bool allow_star);
static kn_node *parse_named(parser *p);
static kn_node *parse_comp_clauses_inner(parser *p, kn_node *comp);
static int parse_block(parser *p, kn_nodes *body, kn_token *hdr, const char *what);
static kn_fn *parse_params(parser *p, kn_op close, kn_token *at);

static int enter(parser *p) {
    if (++p->depth > KN_MAX_NESTING) {
        p->depth--;
        return fail_at(p, cur(p), TC_EXC_SYNTAX, "too many nested parentheses");
    }
    return 0;
}

/* The same guard for nesting without brackets (lambda bodies, conditional expressions'
 * else branches, right-associative **): CPython's parser runs out of stack there and
 * raises MemoryError. */
static int enter_expr(parser *p) {
    if (++p->expr_depth > KN_MAX_EXPR_NESTING) {
        p->expr_depth--;
        return fail_at(p, cur(p), TC_EXC_MEMORY,
                       "too deeply nested expression (the limit is %d levels)", KN_MAX_EXPR_NESTING);
    }
    return 0;
}

static kn_node *make_const_str(parser *p, kn_token *at, const char *s, size_t n) {
    kn_node *c = node_new(p, KN_AST_CONST, at);
    if (!c) return NULL;
    c->constant.kind = KN_CONST_STR;
    c->constant.s = arena_strndup(p, s, n);
    c->constant.slen = n;
    return c;
}

static kn_node *parse_fstring_body(parser *p, kn_token *at, const char *s, size_t n, bool raw,
                                   int level);

/* Parse one replacement field's expression text with a sub-parser sharing the arena. Its
 * syntax errors read "f-string: ..." as CPython's. */
static kn_node *parse_sub_expr(parser *p, kn_token *at, const char *text, size_t n) {
    char *src = tc_malloc(n + 3);
    if (!src) return fail_oom(p, at);
    src[0] = '(';
    memcpy(src + 1, text, n);
    src[n + 1] = ')';
    src[n + 2] = 0;
    kn_tokens toks;
    kn_node *e = NULL;
    if (kn_lex(src, &toks) < 0) {
        fail_at(p, at, TC_EXC_SYNTAX, "f-string: %s", toks.err.msg);
    } else {
        parser sub = *p;
        sub.t = toks.toks;
        sub.n = toks.ntoks;
        sub.pos = 0;
        sub.line_offset = p->line_offset + at->line - 1;
        bool had_error = tc_error_is_set(&p->pe->err), prefixed = false;
        e = parse_test(&sub);
        p->walrus = sub.walrus; /* the list may have moved */
        p->nwalrus = sub.nwalrus;
        p->capwalrus = sub.capwalrus;
        if (e && cur(&sub)->kind != KN_TOK_NEWLINE && cur(&sub)->kind != KN_TOK_END) {
            fail_at(p, at, TC_EXC_SYNTAX, "f-string: invalid syntax");
            e = NULL;
            prefixed = true;
        }
        if (!e && !tc_error_is_set(&p->pe->err)) {
            fail_at(p, at, TC_EXC_SYNTAX, "f-string: invalid syntax");
            prefixed = true;
        }
        tc_error *pe = &p->pe->err;
        if (!e && !had_error && pe->type == TC_EXC_SYNTAX && !prefixed) {
            char msg[sizeof pe->msg + 16];
            snprintf(msg, sizeof msg, "f-string: %s", pe->msg);
            memcpy(pe->msg, msg, sizeof pe->msg - 1);
            pe->msg[sizeof pe->msg - 1] = 0;
        }
    }
    /* Names and strings point into arena copies; the token text is no longer needed. */
    kn_tokens_free(&toks);
    tc_free(src);
    return e;
}

/* (Every error from inside the expression gets the prefix, one from a nested f-string a
 * second one: CPython 3.11 reports "f-string: f-string: expecting '}'" there.) */

/* The end of a replacement field's expression (CPython 3.11's fstring_find_expr scan):
 * from s[i] (just after '{') to the first top-level '!', ':', '=', '}' that is not part of
 * "!=", "==", "<=", ">=". Returns its index, or -1 with the syntax error set. */
static long fstring_expr_end(parser *p, kn_token *at, const char *s, size_t n, size_t i) {
    char stack[200], quote = 0;
    int depth = 0;
    bool triple = false;
    for (; i < n; i++) {
        char ch = s[i];
        if (ch == '\\')
            return fail_null(p, at, "f-string expression part cannot include a backslash"), -1;
        if (quote) {
            if (ch == quote && (!triple || (i + 2 < n && s[i + 1] == ch && s[i + 2] == ch))) {
                if (triple) i += 2;
                quote = 0;
            }
            continue;
        }
        if (ch == '\'' || ch == '"') {
            triple = i + 2 < n && s[i + 1] == ch && s[i + 2] == ch;
            if (triple) i += 2;
            quote = ch;
        } else if (ch == '[' || ch == '{' || ch == '(') {
            if (depth >= (int)sizeof stack)
                return fail_null(p, at, "f-string: too many nested parenthesis"), -1;
            stack[depth++] = ch;
        } else if (ch == '#') {
            return fail_null(p, at, "f-string expression part cannot include '#'"), -1;
        } else if (depth == 0 && strchr("!:}=<>", ch)) {
            if (i + 1 < n && s[i + 1] == '=' && strchr("!=<>", ch)) {
                i++;
                continue;
            }
            if (ch == '<' || ch == '>') continue;
            return (long)i;
        } else if (ch == ']' || ch == '}' || ch == ')') {
            if (!depth) {
                fail_at(p, at, TC_EXC_SYNTAX, "f-string: unmatched '%c'", ch);
                return -1;
            }
            char open = stack[--depth];
            if (!((open == '(' && ch == ')') || (open == '[' && ch == ']') ||
                  (open == '{' && ch == '}'))) {
                fail_at(p, at, TC_EXC_SYNTAX,
                        "f-string: closing parenthesis '%c' does not match opening parenthesis "
                        "'%c'",
                        ch, open);
                return -1;
            }
        }
    }
    if (quote) return fail_null(p, at, "f-string: unterminated string"), -1;
    if (depth) {
        fail_at(p, at, TC_EXC_SYNTAX, "f-string: unmatched '%c'", stack[depth - 1]);
        return -1;
    }
    return fail_null(p, at, "f-string: expecting '}'"), -1;
}

/* The end of a format spec starting at s[i]: the '}' that closes its field, skipping the
 * nested fields inside it. -1 with the error set. */
static long fstring_spec_end(parser *p, kn_token *at, const char *s, size_t n, size_t i) {
    while (i < n && s[i] != '}') {
        if (s[i] != '{') {
            i++;
            continue;
        }
        long e = fstring_expr_end(p, at, s, n, i + 1);
        if (e < 0) return -1;
        i = (size_t)e;
        if (s[i] == '=') /* debug text, then its spaces */
            for (i++; i < n && strchr(" \t\n\r\f\v", s[i]); i++) {
            }
        if (i < n && s[i] == '!') i += 2;
        if (i < n && s[i] == ':') {
            long se = fstring_spec_end(p, at, s, n, i + 1);
            if (se < 0) return -1;
            i = (size_t)se;
        }
        if (i >= n || s[i] != '}') return fail_null(p, at, "f-string: expecting '}'"), -1;
        i++;
    }
    if (i >= n) return fail_null(p, at, "f-string: expecting '}'"), -1;
    return (long)i;
}

/* One replacement field, s[*i] just after its '{', as CPython 3.11 reads it: the
 * expression, an optional '=' (debug text), '!conversion', ':spec', then '}'. */
static kn_node *parse_fstring_field(parser *p, kn_token *at, const char *s, size_t n, size_t *i,
                                    bool raw, int level) {
    if (level >= 2) return fail_null(p, at, "f-string: expressions nested too deeply");
    size_t es = *i;
    long k = fstring_expr_end(p, at, s, n, es);
    if (k < 0) return NULL;
    size_t ee = (size_t)k;
    if (ee == es || strspn(s + es, " \t\n\r\f\v") >= ee - es)
        return fail_null(p, at, "f-string: empty expression not allowed");
    kn_node *f = node_new(p, KN_AST_FORMATTED, at);
    if (!f || !(f->formatted.value = parse_sub_expr(p, at, s + es, ee - es))) return NULL;
    size_t j = ee;
    bool debug = false;
    if (s[j] == '=') {
        debug = true;
        for (j++; j < n && strchr(" \t\n\r\f\v", s[j]); j++) {
        }
        if (j >= n) return fail_null(p, at, "f-string: expecting '}'");
    }
    size_t text_end = j;
    bool conv = false;
    if (s[j] == '!') {
        if (++j >= n) return fail_null(p, at, "f-string: expecting '}'");
        char c = s[j++];
        if (c != 's' && c != 'r' && c != 'a')
            return fail_null(p, at,
                             "f-string: invalid conversion character: expected 's', "
                             "'r', or 'a'");
        f->formatted.conversion = (kn_conversion)c;
        conv = true;
    }
    if (j < n && s[j] == ':') {
        long se = fstring_spec_end(p, at, s, n, ++j);
        if (se < 0) return NULL;
        if (!(f->formatted.spec = parse_fstring_body(p, at, s + j, (size_t)se - j, raw, level + 1)))
            return NULL;
        j = (size_t)se;
    }
    if (j >= n || s[j] != '}') return fail_null(p, at, "f-string: expecting '}'");
    if (debug && !conv && !f->formatted.spec) f->formatted.conversion = KN_CONV_REPR;
    *i = j + 1;
    if (debug) {
        kn_node *wrap = node_new(p, KN_AST_FSTRING, at);
        /* Python keeps the text up to and including '=' and any spaces around it. */
        kn_node *lit = make_const_str(p, at, s + es, text_end - es);
        if (!wrap || !lit) return NULL;
        if (nodes_push(p, &wrap->fstring.parts, lit) < 0 ||
            nodes_push(p, &wrap->fstring.parts, f) < 0)
            return NULL;
        return wrap;
    }
    return f;
}

/* Split an f-string body into literal and formatted parts; 'level' is 0 for the string,
 * 1 for a field's format spec (where braces are not doubled), 2 inside that. */
static kn_node *parse_fstring_body(parser *p, kn_token *at, const char *s, size_t n, bool raw,
                                   int level) {
    kn_node *js = node_new(p, KN_AST_FSTRING, at);
    if (!js) return NULL;
    size_t i = 0, lit = 0;
    char *buf = tc_malloc(n + 1);
    if (!buf) return fail_oom(p, at);
    size_t bl = 0;
    for (;;) {
        bool end = i >= n;
        if (end || s[i] == '{' || s[i] == '}') {
            if (!end && level == 0 && i + 1 < n && s[i + 1] == s[i]) {
                /* literal text before a doubled brace, then the brace itself */
                memcpy(buf + bl, s + lit, i - lit);
                bl += i - lit;
                buf[bl++] = s[i];
                i += 2;
                lit = i;
                continue;
            }
            memcpy(buf + bl, s + lit, i - lit);
            bl += i - lit;
            if (bl) {
                size_t ul;
                tc_error e;
                tc_error_init(&e);
                char *u = kn_unescape(buf, bl, raw, &ul, &e);
                kn_node *c = u ? make_const_str(p, at, u, ul) : NULL;
                tc_free(u);
                if (!c || nodes_push(p, &js->fstring.parts, c) < 0) {
                    if (!u) fail_at(p, at, TC_EXC_SYNTAX, "%s", e.msg);
                    tc_free(buf);
                    return NULL;
                }
                bl = 0;
            }
            if (end) break;
            if (s[i] == '}') {
                tc_free(buf);
                return fail_null(p, at, "f-string: single '}' is not allowed");
            }
            i++;
            kn_node *f = parse_fstring_field(p, at, s, n, &i, raw, level);
            bool ok = f != NULL;
            if (ok && f->kind == KN_AST_FSTRING) /* "{x=}": literal text + the field */
                for (int m = 0; ok && m < f->fstring.parts.n; m++)
                    ok = nodes_push(p, &js->fstring.parts, f->fstring.parts.v[m]) == 0;
            else if (ok)
                ok = nodes_push(p, &js->fstring.parts, f) == 0;
            if (!ok) {
                tc_free(buf);
                return NULL;
            }
            lit = i;
            continue;
        }
        i++;
    }
    tc_free(buf);
    return js;
}

/* One or more adjacent string literals, concatenated (f-strings join into FSTRING). */
static kn_node *parse_strings(parser *p) {
    kn_token *first = cur(p);
    bool any_f = false;
    int k = 0, nbytes = 0;
    while (peek(p, k)->kind == KN_TOK_STRING) {
        nbytes += peek(p, k)->bytes;
        any_f |= peek(p, k++)->fstring;
    }
    if (nbytes && nbytes != k) return fail_null(p, first, "cannot mix bytes and nonbytes literals");
    if (!any_f) {
        size_t total = 0;
        for (int j = 0; j < k; j++)
            total += peek(p, j)->slen;
        char *s = arena_alloc(p->ast, total + 1);
        if (!s) return fail_oom(p, first);
        size_t off = 0;
        for (int j = 0; j < k; j++) {
            memcpy(s + off, peek(p, j)->str, peek(p, j)->slen);
            off += peek(p, j)->slen;
        }
        kn_node *c = node_new(p, KN_AST_CONST, first);
        if (!c) return NULL;
        c->constant.kind = nbytes ? KN_CONST_BYTES : KN_CONST_STR;
        c->constant.s = s;
        c->constant.slen = total;
        p->pos += k;
        return c;
    }
    kn_node *js = node_new(p, KN_AST_FSTRING, first);
    if (!js) return NULL;
    for (int j = 0; j < k; j++) {
        kn_token *t = peek(p, j);
        kn_node *part = t->fstring ? parse_fstring_body(p, t, t->str, t->slen, t->raw, 0)
                                   : make_const_str(p, t, t->str, t->slen);
        if (!part) return NULL;
        if (part->kind == KN_AST_FSTRING) {
            for (int m = 0; m < part->fstring.parts.n; m++)
                if (nodes_push(p, &js->fstring.parts, part->fstring.parts.v[m]) < 0) return NULL;
        } else if (nodes_push(p, &js->fstring.parts, part) < 0) {
            return NULL;
        }
    }
    p->pos += k;
    return js;
}

static void comp_target_names(const kn_node *t, const char **names, int *n, int cap) {
    if (t->kind == KN_AST_NAME && *n < cap)
        names[(*n)++] = t->name.id;
    else if (t->kind == KN_AST_TUPLE || t->kind == KN_AST_LIST)
        for (int i = 0; i < t->seq.elts.n; i++)
            comp_target_names(t->seq.elts.v[i], names, n, cap);
    else if (t->kind == KN_AST_STARRED)
        comp_target_names(t->starred.value, names, n, cap);
}

static const char *comp_kind(const kn_node *comp) {
    if (comp->kind == KN_AST_DICTCOMP) return "dict comprehension";
    return comp->comp.genexp ? "generator expression" : "list comprehension";
}

/* The for/if clauses of a comprehension whose element was parsed from walrus mark 'mark' on.
 * A yield in its element (parsed before the clauses, after the node's start) or in its
 * clauses other than the outermost iterable is an error, as in CPython; so is a ':=' that
 * rebinds an iteration variable (it binds in the enclosing function) or sits in an
 * iterable. */
static kn_node *parse_comp_clauses_inner(parser *p, kn_node *comp);
static kn_node *parse_comp_clauses(parser *p, kn_node *comp, int mark) {
    bool in_elt = p->nyield && (p->yield_line > comp->line ||
                                (p->yield_line == comp->line && p->yield_col >= comp->col));
    int before = p->nyield;
    kn_node *r = parse_comp_clauses_inner(p, comp);
    if (!r) return NULL;
    if (in_elt || p->nyield != before + p->comp_first_yields) {
        fail_at(p, cur(p), TC_EXC_SYNTAX, "'yield' inside %s", comp_kind(comp));
        return NULL;
    }
    const char *names[64];
    int n = 0;
    for (int i = 0; i < comp->comp.generators.n; i++)
        comp_target_names(comp->comp.generators.v[i]->compfor.target, names, &n, 64);
    for (int w = mark; w < p->nwalrus; w++)
        for (int i = 0; i < n; i++)
            if (strcmp(p->walrus[w]->namedexpr.target->name.id, names[i]) == 0) {
                fail_at(p, cur(p), TC_EXC_SYNTAX,
                        "assignment expression cannot rebind comprehension iteration variable "
                        "'%s'",
                        names[i]);
                return NULL;
            }
    return r;
}

static kn_node *parse_comp_clauses_inner(parser *p, kn_node *comp) {
    p->comp_first_yields = 0;
    while (is_kw(cur(p), "for")) {
        kn_token *at = &p->t[p->pos++];
        kn_node *cf = node_new(p, KN_AST_COMPFOR, at);
        if (!cf) return NULL;
        if (is_kw(cur(p), "async"))
            return fail_null(p, cur(p), "'async' comprehensions are not supported");
        /* target: expr list up to 'in' */
        kn_node *first = parse_expr(p);
        if (!first) return NULL;
        if (is_op(cur(p), KN_OP_COMMA)) {
            kn_node *tup = node_new(p, KN_AST_TUPLE, at);
            if (!tup || nodes_push(p, &tup->seq.elts, first) < 0) return NULL;
            while (accept_op(p, KN_OP_COMMA) && !is_kw(cur(p), "in")) {
                kn_node *e = parse_expr(p);
                if (!e || nodes_push(p, &tup->seq.elts, e) < 0) return NULL;
            }
            first = tup;
        }
        if (check_target(p, first, at, "assign to") < 0) return NULL;
        cf->compfor.target = first;
        if (!accept_kw(p, "in")) return syntax_error(p);
        int before_iter = p->nyield;
        int mark = p->nwalrus;
        if (!(cf->compfor.iter = parse_or_test(p))) return NULL;
        if (comp->comp.generators.n == 0) p->comp_first_yields = p->nyield - before_iter;
        if (p->nwalrus > mark)
            return fail_null(p, at,
                             "assignment expression cannot be used in a comprehension iterable "
                             "expression");
        while (is_kw(cur(p), "if")) {
            p->pos++;
            kn_node *cond = parse_or_test(p);
            if (!cond || nodes_push(p, &cf->compfor.ifs, cond) < 0) return NULL;
        }
        if (nodes_push(p, &comp->comp.generators, cf) < 0) return NULL;
    }
    return comp;
}

/* yield [expressions] / yield from expression, at 'yield'. The enclosing function becomes a
 * generator; outside any function the error waits for the end of the statement, as a yield
 * inside a comprehension there is reported as that. */
static kn_node *parse_yield(parser *p) {
    kn_token *t = &p->t[p->pos++];
    p->nyield++;
    p->yield_line = t->line;
    p->yield_col = t->col;
    if (p->scope)
        p->scope->fn->generator = true;
    else if (!p->yield_outside)
        p->yield_outside = t;
    kn_node *n = node_new(p, accept_kw(p, "from") ? KN_AST_YIELDFROM : KN_AST_YIELD, t);
    if (!n) return NULL;
    if (n->kind == KN_AST_YIELDFROM) {
        if (!(n->yield_expr.value = parse_test(p))) return NULL;
        return n;
    }
    kn_token *c = cur(p);
    if (c->kind == KN_TOK_NEWLINE || c->kind == KN_TOK_END || is_op(c, KN_OP_RPAR) ||
        is_op(c, KN_OP_SEMI) || is_op(c, KN_OP_EQUAL) || is_op(c, KN_OP_RSQB) ||
        is_op(c, KN_OP_RBRACE) || is_op(c, KN_OP_COLON))
        return n;
    if (!(n->yield_expr.value = parse_testlist_star(p, true))) return NULL;
    return n;
}

/* What CPython calls an expression that cannot be the target of ':='. */
static const char *expr_kind_name(const kn_node *e) {
    switch (e->kind) {
    case KN_AST_NAME: return "name";
    case KN_AST_ATTR: return "attribute";
    case KN_AST_SUBSCRIPT: return "subscript";
    case KN_AST_CALL: return "function call";
    case KN_AST_CONST:
        switch (e->constant.kind) {
        case KN_CONST_NONE: return "None";
        case KN_CONST_TRUE: return "True";
        case KN_CONST_FALSE: return "False";
        case KN_CONST_ELLIPSIS: return "ellipsis";
        default: return "literal";
        }
    case KN_AST_FSTRING: return "f-string expression";
    case KN_AST_TUPLE: return "tuple";
    case KN_AST_LIST: return "list";
    case KN_AST_DICT: return "dict literal";
    case KN_AST_LISTCOMP: return e->comp.genexp ? "generator expression" : "list comprehension";
    case KN_AST_DICTCOMP: return "dict comprehension";
    case KN_AST_COMPARE: return "comparison";
    case KN_AST_IFEXP: return "conditional expression";
    case KN_AST_LAMBDA: return "lambda";
    case KN_AST_NAMEDEXPR: return "named expression";
    case KN_AST_STARRED: return "starred";
    default: return "expression";
    }
}

/* named_expression: `name := test`, or a test. */
static kn_node *parse_named(parser *p) {
    kn_token *at = cur(p);
    if (at_name(p) && is_op(peek(p, 1), KN_OP_COLONEQUAL)) {
        kn_node *w = node_new(p, KN_AST_NAMEDEXPR, at), *t = node_new(p, KN_AST_NAME, at);
        if (!w || !t || !(t->name.id = tok_str(p, at))) return NULL;
        p->pos += 2;
        w->namedexpr.target = t;
        if (!(w->namedexpr.value = parse_test(p))) return NULL;
        bind_name(p, t->name.id);
        if (p->nwalrus == p->capwalrus) {
            int cap = p->capwalrus ? p->capwalrus * 2 : 8;
            kn_node **nv = tc_reallocarray(p->walrus, (size_t)cap, sizeof *nv);
            if (!nv) return fail_oom(p, at);
            p->walrus = nv;
            p->capwalrus = cap;
        }
        p->walrus[p->nwalrus++] = w;
        return w;
    }
    kn_node *e = parse_test(p);
    if (e && is_op(cur(p), KN_OP_COLONEQUAL)) {
        fail_at(p, at, TC_EXC_SYNTAX, "cannot use assignment expressions with %s",
                expr_kind_name(e));
        return NULL;
    }
    return e;
}

static kn_node *parse_star_or_test(parser *p) {
    kn_token *at = cur(p);
    if (accept_op(p, KN_OP_STAR)) {
        kn_node *s = node_new(p, KN_AST_STARRED, at);
        if (!s || !(s->starred.value = parse_expr(p))) return NULL;
        return s;
    }
    return parse_named(p);
}

/* Elements of ( ), [ ] after the opening bracket, up to and including the close. */
static kn_node *parse_seq(parser *p, kn_token *open, kn_node_kind kind, kn_op close) {
    int mark = p->nwalrus;
    kn_node *seq = node_new(p, kind, open);
    if (!seq) return NULL;
    if (accept_op(p, close)) return seq;
    if (is_kw(cur(p), "yield")) {
        if (kind != KN_AST_TUPLE) return syntax_error(p);
        kn_node *y = parse_yield(p);
        if (!y || expect_op(p, close) < 0) return NULL;
        return y;
    }
    kn_node *first = parse_star_or_test(p);
    if (!first) return NULL;
    if (is_kw(cur(p), "for")) {
        kn_node *comp = node_new(p, KN_AST_LISTCOMP, open);
        if (!comp) return NULL;
        comp->comp.elt = first;
        comp->comp.genexp = kind == KN_AST_TUPLE;
        if (!parse_comp_clauses(p, comp, mark) || expect_op(p, close) < 0) return NULL;
        return comp;
    }
    if (kind == KN_AST_TUPLE && accept_op(p, close)) {
        if (first->kind == KN_AST_STARRED)
            return fail_null(p, open, "cannot use starred expression here");
        return first;
    }
    if (nodes_push(p, &seq->seq.elts, first) < 0) return NULL;
    while (accept_op(p, KN_OP_COMMA)) {
        if (is_op(cur(p), close)) break;
        kn_node *e = parse_star_or_test(p);
        if (!e || nodes_push(p, &seq->seq.elts, e) < 0) return NULL;
    }
    if (!accept_op(p, close)) {
        if (cur(p)->kind != KN_TOK_END && !is_op(cur(p), KN_OP_RPAR) &&
            !is_op(cur(p), KN_OP_RSQB) && !is_op(cur(p), KN_OP_RBRACE))
            return fail_null(p, cur(p), "invalid syntax. Perhaps you forgot a comma?");
        return syntax_error(p);
    }
    return seq;
}

/* A set display or comprehension after its first element: {a, *b, c} / {x for ...}. */
static kn_node *parse_set(parser *p, kn_token *open, kn_node *first, int mark) {
    if (is_kw(cur(p), "for")) {
        if (first->kind == KN_AST_STARRED)
            return fail_null(p, open, "iterable unpacking cannot be used in comprehension");
        kn_node *comp = node_new(p, KN_AST_SETCOMP, open);
        if (!comp) return NULL;
        comp->comp.elt = first;
        if (!parse_comp_clauses(p, comp, mark) || expect_op(p, KN_OP_RBRACE) < 0) return NULL;
        return comp;
    }
    kn_node *s = node_new(p, KN_AST_SET, open);
    if (!s || nodes_push(p, &s->seq.elts, first) < 0) return NULL;
    while (accept_op(p, KN_OP_COMMA)) {
        if (is_op(cur(p), KN_OP_RBRACE)) break;
        kn_node *e = parse_star_or_test(p);
        if (!e || nodes_push(p, &s->seq.elts, e) < 0) return NULL;
    }
    if (expect_op(p, KN_OP_RBRACE) < 0) return NULL;
    return s;
}

static kn_node *parse_dict(parser *p, kn_token *open) {
    int mark = p->nwalrus;
    kn_node *d = node_new(p, KN_AST_DICT, open);
    if (!d) return NULL;
    if (accept_op(p, KN_OP_RBRACE)) return d;
    for (;;) {
        kn_node *k = NULL, *v;
        if (accept_op(p, KN_OP_DOUBLESTAR)) {
            if (!(v = parse_expr(p))) return NULL;
        } else {
            if (d->dict.keys.n == 0 && is_op(cur(p), KN_OP_STAR)) {
                kn_node *first = parse_star_or_test(p);
                return first ? parse_set(p, open, first, mark) : NULL;
            }
            if (!(k = parse_test(p))) return NULL;
            if (!is_op(cur(p), KN_OP_COLON)) {
                if (d->dict.keys.n == 0) return parse_set(p, open, k, mark);
                return syntax_error(p);
            }
            p->pos++;
            if (!(v = parse_test(p))) return NULL;
            if (k && d->dict.keys.n == 0 && is_kw(cur(p), "for")) {
                kn_node *comp = node_new(p, KN_AST_DICTCOMP, open);
                if (!comp) return NULL;
                comp->comp.elt = k;
                comp->comp.value = v;
                if (!parse_comp_clauses(p, comp, mark) || expect_op(p, KN_OP_RBRACE) < 0)
                    return NULL;
                return comp;
            }
        }
        if (nodes_push(p, &d->dict.keys, k) < 0 || nodes_push(p, &d->dict.values, v) < 0)
            return NULL;
        if (!accept_op(p, KN_OP_COMMA)) break;
        if (is_op(cur(p), KN_OP_RBRACE)) break;
    }
    if (expect_op(p, KN_OP_RBRACE) < 0) return NULL;
    return d;
}

static kn_node *parse_atom(parser *p) {
    kn_token *t = cur(p);
    kn_node *n;
    switch (t->kind) {
    case KN_TOK_INT:
    case KN_TOK_FLOAT:
        if (!(n = node_new(p, KN_AST_CONST, t))) return NULL;
        n->constant.kind = t->kind == KN_TOK_INT ? KN_CONST_INT
                           : t->imag             ? KN_CONST_IMAG
                                                 : KN_CONST_FLOAT;
        n->constant.i = t->ival;
        n->constant.f = t->fval;
        if (t->kind == KN_TOK_INT && t->bigint) {
            n->constant.kind = KN_CONST_BIGINT;
            n->constant.s = arena_strndup(p, t->start, t->len);
            n->constant.slen = t->len;
            if (!n->constant.s) return NULL;
        }
        p->pos++;
        return n;
    case KN_TOK_STRING:
        return parse_strings(p);
    case KN_TOK_NAME: {
        static const struct {
            const char *kw;
            kn_const_kind k;
        } consts[] = {{"None", KN_CONST_NONE}, {"True", KN_CONST_TRUE}, {"False", KN_CONST_FALSE}};
        for (size_t i = 0; i < 3; i++)
            if (is_kw(t, consts[i].kw)) {
                if (!(n = node_new(p, KN_AST_CONST, t))) return NULL;
                n->constant.kind = consts[i].k;
                p->pos++;
                return n;
            }
        if (is_kw(t, "yield")) return syntax_error(p);
        if (is_kw(t, "await")) return fail_null(p, t, "'await' expressions are not supported");
        if (!at_name(p)) return syntax_error(p);
        if (!(n = node_new(p, KN_AST_NAME, t))) return NULL;
        if (!(n->name.id = tok_str(p, t))) return NULL; /* out of memory */
        p->pos++;
        use_name(p, n->name.id);
        return n;
    }
    case KN_TOK_OP:
        p->pos++;
        if (t->op == KN_OP_LPAR) return parse_seq(p, t, KN_AST_TUPLE, KN_OP_RPAR);
        if (t->op == KN_OP_LSQB) return parse_seq(p, t, KN_AST_LIST, KN_OP_RSQB);
        if (t->op == KN_OP_LBRACE) return parse_dict(p, t);
        if (t->op == KN_OP_ELLIPSIS) {
            if (!(n = node_new(p, KN_AST_CONST, t))) return NULL;
            n->constant.kind = KN_CONST_ELLIPSIS;
            return n;
        }
        p->pos--;
        return syntax_error(p);
    case KN_TOK_MAGIC:
        return fail_null(p, t, "line magics are only supported at the start of a line");
    default:
        return syntax_error(p);
    }
}

static kn_node *parse_call_args(parser *p, kn_node *callee, kn_token *open) {
    kn_node *call = node_new(p, KN_AST_CALL, open);
    if (!call) return NULL;
    call->call.func = callee;
    call->line = callee->line;
    while (!is_op(cur(p), KN_OP_RPAR)) {
        kn_token *at = cur(p);
        if (accept_op(p, KN_OP_DOUBLESTAR)) {
            kn_node *kw = node_new(p, KN_AST_KEYWORD, at);
            if (!kw || !(kw->keyword.value = parse_test(p)) ||
                nodes_push(p, &call->call.keywords, kw) < 0)
                return NULL;
        } else if (at_name(p) && is_op(peek(p, 1), KN_OP_EQUAL)) {
            kn_node *kw = node_new(p, KN_AST_KEYWORD, at);
            if (!kw) return NULL;
            kw->keyword.arg = tok_str(p, at);
            if (!kw->keyword.arg) return NULL; /* out of memory */
            p->pos += 2;
            const kn_nodes *kws = &call->call.keywords;
            for (int i = 0; i < kws->n; i++)
                if (kws->v[i]->keyword.arg && strcmp(kws->v[i]->keyword.arg, kw->keyword.arg) == 0)
                {
                    fail_at(p, at, TC_EXC_SYNTAX, "keyword argument repeated: %s",
                            kw->keyword.arg);
                    return NULL;
                }
            if (!(kw->keyword.value = parse_test(p)) ||
                nodes_push(p, &call->call.keywords, kw) < 0)
                return NULL;
        } else {
            int mark = p->nwalrus;
            kn_node *e = parse_star_or_test(p);
            if (!e) return NULL;
            if (call->call.keywords.n > 0 && e->kind != KN_AST_STARRED)
                return fail_null(p, at, "positional argument follows keyword argument");
            if (is_kw(cur(p), "for")) {
                kn_node *comp = node_new(p, KN_AST_LISTCOMP, at);
                if (!comp) return NULL;
                comp->comp.elt = e;
                comp->comp.genexp = true;
                if (!parse_comp_clauses(p, comp, mark)) return NULL;
                if (call->call.args.n || call->call.keywords.n ||
                    (is_op(cur(p), KN_OP_COMMA) && !is_op(peek(p, 1), KN_OP_RPAR)))
                    return fail_null(p, at, "Generator expression must be parenthesized");
                e = comp;
            }
            if (nodes_push(p, &call->call.args, e) < 0) return NULL;
        }
        if (!accept_op(p, KN_OP_COMMA)) break;
    }
    if (!accept_op(p, KN_OP_RPAR)) {
        if (cur(p)->kind == KN_TOK_END) return syntax_error(p);
        return fail_null(p, cur(p), "invalid syntax. Perhaps you forgot a comma?");
    }
    return call;
}

static kn_node *parse_subscript_item(parser *p) {
    kn_token *at = cur(p);
    kn_node *lo = NULL;
    if (!is_op(at, KN_OP_COLON)) {
        if (!(lo = parse_star_or_test(p))) return NULL;
        if (!is_op(cur(p), KN_OP_COLON)) return lo;
    }
    kn_node *s = node_new(p, KN_AST_SLICE, at);
    if (!s) return NULL;
    s->slice.lower = lo;
    p->pos++; /* ':' */
    if (!is_op(cur(p), KN_OP_COLON) && !is_op(cur(p), KN_OP_COMMA) && !is_op(cur(p), KN_OP_RSQB))
        if (!(s->slice.upper = parse_test(p))) return NULL;
    if (accept_op(p, KN_OP_COLON) && !is_op(cur(p), KN_OP_COMMA) && !is_op(cur(p), KN_OP_RSQB))
        if (!(s->slice.step = parse_test(p))) return NULL;
    return s;
}

static kn_node *parse_subscript(parser *p, kn_node *value, kn_token *open) {
    kn_node *sub = node_new(p, KN_AST_SUBSCRIPT, open);
    if (!sub) return NULL;
    sub->subscript.value = value;
    sub->line = value->line;
    kn_node *first = parse_subscript_item(p);
    if (!first) return NULL;
    if (is_op(cur(p), KN_OP_COMMA)) {
        kn_node *tup = node_new(p, KN_AST_TUPLE, open);
        if (!tup || nodes_push(p, &tup->seq.elts, first) < 0) return NULL;
        while (accept_op(p, KN_OP_COMMA) && !is_op(cur(p), KN_OP_RSQB)) {
            kn_node *e = parse_subscript_item(p);
            if (!e || nodes_push(p, &tup->seq.elts, e) < 0) return NULL;
        }
        first = tup;
    }
    if (expect_op(p, KN_OP_RSQB) < 0) return NULL;
    sub->subscript.index = first;
    return sub;
}

static kn_node *parse_atom_expr(parser *p) {
    kn_node *e = parse_atom(p);
    while (e) {
        kn_token *t = cur(p);
        if (accept_op(p, KN_OP_LPAR)) {
            if (enter(p) < 0) return NULL;
            e = parse_call_args(p, e, t);
            p->depth--;
        } else if (accept_op(p, KN_OP_LSQB)) {
            if (enter(p) < 0) return NULL;
            e = parse_subscript(p, e, t);
            p->depth--;
        } else if (accept_op(p, KN_OP_DOT)) {
            kn_node *a = node_new(p, KN_AST_ATTR, t);
            if (!a || !(a->attr.attr = expect_name(p))) return NULL;
            a->attr.value = e;
            a->line = e->line;
            e = a;
        } else {
            break;
        }
    }
    return e;
}

static kn_node *parse_power(parser *p) {
    kn_node *base = parse_atom_expr(p);
    if (!base) return NULL;
    kn_token *t = cur(p);
    if (accept_op(p, KN_OP_DOUBLESTAR)) {
        kn_node *b = node_new(p, KN_AST_BINOP, t);
        if (!b) return NULL;
        b->binop.op = KN_BINOP_POW;
        b->binop.left = base;
        b->line = base->line;
        if (enter_expr(p) < 0) return NULL;
        b->binop.right = parse_factor(p);
        p->expr_depth--;
        return b->binop.right ? b : NULL;
    }
    return base;
}

static kn_node *parse_factor(parser *p) {
    kn_token *t = cur(p);
    kn_unary_kind op;
    if (is_op(t, KN_OP_MINUS))
        op = KN_UNARY_NEG;
    else if (is_op(t, KN_OP_PLUS))
        op = KN_UNARY_POS;
    else if (is_op(t, KN_OP_TILDE))
        op = KN_UNARY_INVERT;
    else
        return parse_power(p);
    p->pos++;
    if (enter_expr(p) < 0) return NULL;
    kn_node *u = node_new(p, KN_AST_UNARY, t);
    if (u) {
        u->unary.op = op;
        u->unary.operand = parse_factor(p);
    }
    p->expr_depth--;
    if (!u || !u->unary.operand) return NULL;
    /* fold -<literal> so "-9223372036854775808" is one constant (as CPython's folding) */
    kn_node *c = u->unary.operand;
    if (op == KN_UNARY_NEG && c->kind == KN_AST_CONST && c->constant.kind == KN_CONST_BIGINT) {
        if (c->constant.s[0] == '-') { /* -(-<literal>), folded already */
            c->constant.s++;
            c->constant.slen--;
        } else {
            char *s = arena_alloc(p->ast, c->constant.slen + 2);
            if (!s) return NULL;
            s[0] = '-';
            memcpy(s + 1, c->constant.s, c->constant.slen + 1);
            c->constant.s = s;
            c->constant.slen++;
        }
        c->line = u->line;
        c->col = u->col;
        return c;
    }
    if (op == KN_UNARY_NEG && c->kind == KN_AST_CONST &&
        (c->constant.kind == KN_CONST_INT || c->constant.kind == KN_CONST_FLOAT)) {
        c->constant.i = (int64_t)(0ull - (uint64_t)c->constant.i);
        c->constant.f = -c->constant.f;
        c->line = u->line;
        c->col = u->col;
        return c;
    }
    return u;
}

/* Binary operator levels, lowest precedence first. */
static const struct {
    kn_op op;
    kn_binop code;
    int level;
} binops[] = {
    {KN_OP_VBAR, KN_BINOP_OR, 0},           {KN_OP_CIRCUMFLEX, KN_BINOP_XOR, 1},
    {KN_OP_AMPER, KN_BINOP_AND, 2},         {KN_OP_LEFTSHIFT, KN_BINOP_LSHIFT, 3},
    {KN_OP_RIGHTSHIFT, KN_BINOP_RSHIFT, 3}, {KN_OP_PLUS, KN_BINOP_ADD, 4},
    {KN_OP_MINUS, KN_BINOP_SUB, 4},         {KN_OP_STAR, KN_BINOP_MUL, 5},
    {KN_OP_SLASH, KN_BINOP_TRUEDIV, 5},     {KN_OP_DOUBLESLASH, KN_BINOP_FLOORDIV, 5},
    {KN_OP_PERCENT, KN_BINOP_MOD, 5},       {KN_OP_AT, KN_BINOP_MATMUL, 5},
};

static kn_node *parse_binary(parser *p, int level) {
    if (level > 5) return parse_factor(p);
    kn_node *left = parse_binary(p, level + 1);
    while (left) {
        kn_token *t = cur(p);
        int found = -1;
        for (size_t i = 0; i < sizeof binops / sizeof binops[0]; i++)
            if (binops[i].level == level && is_op(t, binops[i].op)) found = (int)i;
        if (found < 0) break;
        p->pos++;
        kn_node *b = node_new(p, KN_AST_BINOP, t);
        if (!b) return NULL;
        b->binop.op = binops[found].code;
        b->binop.left = left;
        b->line = left->line;
        if (!(b->binop.right = parse_binary(p, level + 1))) return NULL;
        left = b;
    }
    return left;
}

static kn_node *parse_expr(parser *p) {
    if (enter(p) < 0) return NULL;
    kn_node *e = parse_binary(p, 0);
    p->depth--;
    return e;
}

/* The comparison operator at the cursor (consumed), or -1 when there is none. */
static int comp_op(parser *p) {
    kn_token *t = cur(p);
    static const struct {
        kn_op op;
        kn_cmp_kind k;
    } ops[] = {{KN_OP_LESS, KN_CMPK_LT},    {KN_OP_LESSEQUAL, KN_CMPK_LE},
               {KN_OP_EQEQUAL, KN_CMPK_EQ}, {KN_OP_NOTEQUAL, KN_CMPK_NE},
               {KN_OP_GREATER, KN_CMPK_GT}, {KN_OP_GREATEREQUAL, KN_CMPK_GE}};
    for (size_t i = 0; i < 6; i++)
        if (is_op(t, ops[i].op)) {
            p->pos++;
            return ops[i].k;
        }
    if (is_kw(t, "in")) {
        p->pos++;
        return KN_CMPK_IN;
    }
    if (is_kw(t, "not") && is_kw(peek(p, 1), "in")) {
        p->pos += 2;
        return KN_CMPK_NOT_IN;
    }
    if (is_kw(t, "is")) {
        p->pos++;
        return accept_kw(p, "not") ? KN_CMPK_IS_NOT : KN_CMPK_IS;
    }
    return -1;
}

static kn_node *parse_comparison(parser *p) {
    kn_node *left = parse_expr(p);
    if (!left) return NULL;
    kn_token *t = cur(p);
    int op = comp_op(p);
    if (op < 0) return left;
    kn_node *c = node_new(p, KN_AST_COMPARE, t);
    if (!c) return NULL;
    c->compare.left = left;
    c->line = left->line;
    kn_nodes *rights = &c->compare.comparators;
    int cap = 0;
    while (op >= 0) {
        if (rights->n == cap) {
            cap = cap ? cap * 2 : 4;
            kn_cmp_kind *nops = arena_alloc(p->ast, (size_t)cap * sizeof *nops);
            if (!nops) return fail_oom(p, t);
            if (rights->n) memcpy(nops, c->compare.ops, (size_t)rights->n * sizeof *nops);
            c->compare.ops = nops;
        }
        c->compare.ops[rights->n] = (kn_cmp_kind)op;
        kn_node *r = parse_expr(p);
        if (!r || nodes_push(p, rights, r) < 0) return NULL;
        op = comp_op(p);
    }
    return c;
}

static kn_node *parse_not_test(parser *p) {
    kn_token *t = cur(p);
    if (!accept_kw(p, "not")) return parse_comparison(p);
    if (enter_expr(p) < 0) return NULL;
    kn_node *u = node_new(p, KN_AST_UNARY, t);
    if (u) {
        u->unary.op = KN_UNARY_NOT;
        u->unary.operand = parse_not_test(p);
    }
    p->expr_depth--;
    return u && u->unary.operand ? u : NULL;
}

static kn_node *parse_boolop(parser *p, kn_boolop_kind which) {
    bool is_or = which == KN_BOOLOP_OR;
    kn_node *first = is_or ? parse_boolop(p, KN_BOOLOP_AND) : parse_not_test(p);
    if (!first || !is_kw(cur(p), is_or ? "or" : "and")) return first;
    kn_node *b = node_new(p, KN_AST_BOOLOP, cur(p));
    if (!b || nodes_push(p, &b->boolop.values, first) < 0) return NULL;
    b->boolop.op = which;
    b->line = first->line;
    while (accept_kw(p, is_or ? "or" : "and")) {
        kn_node *e = is_or ? parse_boolop(p, KN_BOOLOP_AND) : parse_not_test(p);
        if (!e || nodes_push(p, &b->boolop.values, e) < 0) return NULL;
    }
    return b;
}

static kn_node *parse_or_test(parser *p) {
    return parse_boolop(p, KN_BOOLOP_OR);
}

static kn_node *parse_lambda(parser *p) {
    kn_token *t = &p->t[p->pos++];
    kn_node *l = node_new(p, KN_AST_LAMBDA, t);
    if (!l) return NULL;
    kn_fn *fn = parse_params(p, KN_OP_COLON, t);
    if (!fn || expect_op(p, KN_OP_COLON) < 0) return NULL;
    l->lambda.fn = fn;
    fn->name = "<lambda>";
    char *qn = arena_alloc(p->ast, strlen(p->qualprefix ? p->qualprefix : "") + 16);
    if (!qn) return NULL;
    sprintf(qn, "%s<lambda>", p->qualprefix ? p->qualprefix : "");
    fn->qualname = qn;
    fnscope sc = {.up = p->scope ? p->scope : p->class_up, .fn = fn};
    for (int i = 0; i < fn->nparams; i++)
        scope_add(&sc, &sc.names, &sc.n, &sc.cap, fn->params[i].name);
    p->scope = &sc;
    l->lambda.body = parse_test(p);
    p->scope = sc.up;
    int rc = finish_scope(p, &sc);
    return l->lambda.body && rc == 0 ? l : NULL;
}

static kn_node *parse_test_inner(parser *p);

/* Every path that nests expressions without brackets passes here (a lambda's body, a
 * conditional's else branch), so the depth guard covers them all. */
static kn_node *parse_test(parser *p) {
    if (enter_expr(p) < 0) return NULL;
    kn_node *e = parse_test_inner(p);
    p->expr_depth--;
    return e;
}

static kn_node *parse_test_inner(parser *p) {
    if (is_kw(cur(p), "lambda")) return parse_lambda(p);
    kn_node *body = parse_or_test(p);
    if (!body || !is_kw(cur(p), "if")) return body;
    kn_token *t = &p->t[p->pos++];
    kn_node *ie = node_new(p, KN_AST_IFEXP, t);
    if (!ie) return NULL;
    ie->ifexp.body = body;
    ie->line = body->line;
    if (!(ie->ifexp.test = parse_or_test(p))) return NULL;
    if (!accept_kw(p, "else")) return fail_null(p, cur(p), "expected 'else' after 'if' expression");
    if (!(ie->ifexp.orelse = parse_test(p))) return NULL;
    return ie;
}

/* testlist_star_expr: one expression, or a tuple when commas follow. */
static kn_node *parse_testlist_star(parser *p, bool allow_star) {
    kn_token *at = cur(p);
    kn_node *first = allow_star ? parse_star_or_test(p) : parse_test(p);
    if (!first || !is_op(cur(p), KN_OP_COMMA)) return first;
    kn_node *tup = node_new(p, KN_AST_TUPLE, at);
    if (!tup || nodes_push(p, &tup->seq.elts, first) < 0) return NULL;
    while (accept_op(p, KN_OP_COMMA)) {
        kn_token *t = cur(p);
        if (t->kind == KN_TOK_NEWLINE || t->kind == KN_TOK_END || is_op(t, KN_OP_EQUAL) ||
            is_op(t, KN_OP_SEMI) || is_op(t, KN_OP_RPAR) || is_op(t, KN_OP_COLON))
            break;
        kn_node *e = allow_star ? parse_star_or_test(p) : parse_test(p);
        if (!e || nodes_push(p, &tup->seq.elts, e) < 0) return NULL;
    }
    return tup;
}

/* ---- parameters --------------------------------------------------------------------- */

static kn_fn *parse_params_inner(parser *p, kn_op close, kn_token *at);

/* A parameter list's frame holds 256 parameters (8 KiB) and a default value may hold a
 * lambda with its own list ('lambda x=lambda x=...'): each list costs PARAMS_LEVELS levels
 * of the expression budget, so such nesting ends in MemoryError, not in a stack overflow. */
#define PARAMS_LEVELS 4
static kn_fn *parse_params(parser *p, kn_op close, kn_token *at) {
    p->expr_depth += PARAMS_LEVELS - 1;
    if (enter_expr(p) < 0) {
        p->expr_depth -= PARAMS_LEVELS - 1;
        return NULL;
    }
    kn_fn *fn = parse_params_inner(p, close, at);
    p->expr_depth -= PARAMS_LEVELS;
    return fn;
}

static kn_fn *parse_params_inner(parser *p, kn_op close, kn_token *at) {
    kn_fn *fn = arena_alloc(p->ast, sizeof *fn);
    if (!fn) return fail_oom(p, at);
    kn_param tmp[256];
    int n = 0;
    bool seen_star = false, seen_default = false, seen_slash = false;
    kn_token *sig_start = cur(p);
    while (!is_op(cur(p), close)) {
        if (n >= 255) return fail_null(p, cur(p), "too many parameters");
        kn_param *pr = &tmp[n];
        memset(pr, 0, sizeof *pr);
        kn_token *t = cur(p);
        if (accept_op(p, KN_OP_DOUBLESTAR)) {
            pr->kind = KN_PARAM_KWARGS;
        } else if (accept_op(p, KN_OP_STAR)) {
            if (seen_star) return fail_null(p, t, "* argument may appear only once");
            seen_star = true;
            if (is_op(cur(p), KN_OP_COMMA) || is_op(cur(p), close)) { /* bare '*' */
                if (is_op(cur(p), close) ||
                    (is_op(peek(p, 1), KN_OP_DOUBLESTAR) || is_op(peek(p, 1), close)))
                    return fail_null(p, t, "named arguments must follow bare *");
                p->pos++;
                continue;
            }
            pr->kind = KN_PARAM_VARARGS;
        } else if (is_op(t, KN_OP_SLASH)) {
            /* positional-only marker: every parameter so far can only be passed by position */
            if (seen_slash) return fail_null(p, t, "/ may appear only once");
            if (seen_star) return fail_null(p, t, "/ must be ahead of *");
            if (n == 0) return fail_null(p, t, "at least one argument must precede /");
            seen_slash = true;
            for (int i = 0; i < n; i++)
                tmp[i].posonly = true;
            p->pos++;
            if (!accept_op(p, KN_OP_COMMA) && !is_op(cur(p), close)) return syntax_error(p);
            continue;
        } else {
            pr->kind = seen_star ? KN_PARAM_KWONLY : KN_PARAM_NORMAL;
        }
        if (!(pr->name = expect_name(p))) return NULL;
        for (int i = 0; i < n; i++)
            if (strcmp(tmp[i].name, pr->name) == 0) {
                fail_at(p, t, TC_EXC_SYNTAX, "duplicate argument '%s' in function definition",
                        pr->name);
                return NULL;
            }
        if (close == KN_OP_RPAR && accept_op(p, KN_OP_COLON) &&
            !(pr->annotation = parse_test(p)))
            return NULL;
        if (accept_op(p, KN_OP_EQUAL)) {
            if (pr->kind == KN_PARAM_VARARGS || pr->kind == KN_PARAM_KWARGS) return syntax_error(p);
            if (!(pr->dflt = parse_test(p))) return NULL;
            if (pr->kind == KN_PARAM_NORMAL) seen_default = true;
        } else if (pr->kind == KN_PARAM_NORMAL && seen_default) {
            return fail_null(p, t, "non-default argument follows default argument");
        }
        n++;
        if (pr->kind == KN_PARAM_KWARGS && !is_op(cur(p), close) &&
            !(is_op(cur(p), KN_OP_COMMA) && is_op(peek(p, 1), close))) {
            if (is_op(cur(p), KN_OP_COMMA) && peek(p, 1)->kind == KN_TOK_NAME)
                return fail_null(p, peek(p, 1), "arguments cannot follow var-keyword argument");
            return syntax_error(p);
        }
        if (!accept_op(p, KN_OP_COMMA)) break;
    }
    if (!is_op(cur(p), close)) return syntax_error(p);
    fn->params = arena_alloc(p->ast, (size_t)(n + 1) * sizeof *fn->params);
    if (!fn->params) return fail_oom(p, at);
    memcpy(fn->params, tmp, (size_t)n * sizeof *tmp);
    fn->nparams = n;
    /* signature text as written, whitespace-normalised by token the way inspect prints
     * one: "a, b: int = 1, *c: str" */
    kn_token *end = cur(p);
    size_t len = 2;
    for (kn_token *t = sig_start; t < end; t++)
        len += t->len + 3;
    char *sig = arena_alloc(p->ast, len + 1);
    if (!sig) return fail_oom(p, at);
    char *o = sig;
    *o++ = '(';
    int depth = 0;
    bool annotated = false;
    for (kn_token *t = sig_start; t < end; t++) {
        bool top = depth == 0 && t->kind == KN_TOK_OP;
        if (t->kind == KN_TOK_OP && (t->op == KN_OP_LPAR || t->op == KN_OP_LSQB ||
                                     t->op == KN_OP_LBRACE))
            depth++;
        if (t->kind == KN_TOK_OP && (t->op == KN_OP_RPAR || t->op == KN_OP_RSQB ||
                                     t->op == KN_OP_RBRACE))
            depth--;
        if (top && t->op == KN_OP_EQUAL && annotated) *o++ = ' ';
        memcpy(o, t->start, t->len);
        o += t->len;
        if (is_op(t, KN_OP_COMMA)) *o++ = ' ';
        if (top && t->op == KN_OP_COLON) *o++ = ' ';
        if (top && t->op == KN_OP_EQUAL && annotated) *o++ = ' ';
        if (top && (t->op == KN_OP_COLON || t->op == KN_OP_COMMA))
            annotated = t->op == KN_OP_COLON;
    }
    *o++ = ')';
    *o = 0;
    fn->signature = sig;
    return fn;
}

/* Append " -> <tokens from..to>" to a def's signature (its return annotation). */
static int signature_returns(parser *p, kn_fn *fn, kn_token *from, kn_token *to) {
    size_t len = strlen(fn->signature) + 5;
    for (kn_token *t = from; t < to; t++)
        len += t->len + 2;
    char *sig = arena_alloc(p->ast, len);
    if (!sig) return fail_at(p, cur(p), TC_EXC_MEMORY, "%s", "");
    char *o = sig + sprintf(sig, "%s -> ", fn->signature);
    for (kn_token *t = from; t < to; t++) {
        memcpy(o, t->start, t->len);
        o += t->len;
        if (is_op(t, KN_OP_COMMA)) *o++ = ' ';
    }
    *o = 0;
    fn->signature = sig;
    return 0;
}

/* ---- statements ---------------------------------------------------------------------- */

static int parse_stmt(parser *p, kn_nodes *out);

/* A simple statement ends at a newline, ';' or the end of the cell. */
static int end_simple(parser *p) {
    kn_token *t = cur(p);
    if (t->kind == KN_TOK_NEWLINE || t->kind == KN_TOK_END || is_op(t, KN_OP_SEMI)) return 0;
    return fail_at(p, t, TC_EXC_SYNTAX, "invalid syntax");
}

static kn_node *parse_dotted(parser *p, kn_token *at) {
    kn_node *al = node_new(p, KN_AST_ALIAS, at);
    if (!al) return NULL;
    kn_token *s = cur(p);
    if (!at_name(p)) return syntax_error(p);
    p->pos++;
    while (is_op(cur(p), KN_OP_DOT) && peek(p, 1)->kind == KN_TOK_NAME)
        p->pos += 2;
    kn_token *e = &p->t[p->pos - 1];
    /* rebuild without spaces */
    size_t len = 0;
    for (kn_token *t = s; t <= e; t++)
        len += t->len;
    char *name = arena_alloc(p->ast, len + 1);
    if (!name) return NULL;
    for (kn_token *t = s; t <= e; t++)
        strncat(name, t->start, t->len);
    al->alias.name = name;
    return al;
}

static kn_node *parse_import(parser *p, kn_token *t) {
    kn_node *im = node_new(p, KN_AST_IMPORT, t);
    if (!im) return NULL;
    do {
        kn_node *al = parse_dotted(p, cur(p));
        if (!al) return NULL;
        if (accept_kw(p, "as")) {
            if (!(al->alias.asname = expect_name(p))) return NULL;
            bind_name(p, al->alias.asname);
        } else {
            char *name = al->alias.name, *dot = strchr(name, '.');
            bind_name(p, dot ? arena_strndup(p, name, (size_t)(dot - name)) : name);
        }
        if (nodes_push(p, &im->import_stmt.names, al) < 0) return NULL;
    } while (accept_op(p, KN_OP_COMMA));
    return im;
}

/* `from __future__ import name`: every feature CPython 3.11 knows is accepted (the
 * language already behaves as with all of them on); others are CPython's SyntaxError. */
static int check_future(parser *p, kn_token *t, const char *name) {
    static const char *const features[] = {
        "nested_scopes", "generators",       "division",      "absolute_import",
        "with_statement", "print_function",  "unicode_literals", "barry_as_FLUFL",
        "generator_stop", "annotations",
    };
    for (size_t i = 0; i < sizeof features / sizeof features[0]; i++)
        if (strcmp(name, features[i]) == 0) return 0;
    if (strcmp(name, "braces") == 0) return fail_at(p, t, TC_EXC_SYNTAX, "not a chance");
    return fail_at(p, t, TC_EXC_SYNTAX, "future feature %s is not defined", name);
}

/* Is the statement starting at token 'from' preceded only by a docstring and other
 * `from __future__ import` statements, as CPython requires of a future import? */
static bool future_at_start(parser *p, kn_token *from) {
    bool line_start = true;
    int strings = 0;
    for (kn_token *t = p->t; t < from; t++) {
        if (t->kind == KN_TOK_NEWLINE) {
            line_start = true;
            continue;
        }
        if (line_start) {
            line_start = false;
            if (t->kind == KN_TOK_STRING && strings++ == 0 && t + 1 < from &&
                t[1].kind == KN_TOK_NEWLINE)
                continue;
            if (!(is_kw(t, "from") && t + 1 < from && is_kw(t + 1, "__future__"))) return false;
        }
    }
    return true;
}

static kn_node *parse_from(parser *p, kn_token *t) {
    kn_node *fi = node_new(p, KN_AST_FROMIMPORT, t);
    if (!fi) return NULL;
    if (is_op(cur(p), KN_OP_DOT)) return fail_null(p, cur(p), "relative imports are not supported");
    kn_node *mod = parse_dotted(p, cur(p));
    if (!mod) return NULL;
    fi->import_stmt.module = mod->alias.name;
    if (!accept_kw(p, "import")) return syntax_error(p);
    if (is_op(cur(p), KN_OP_STAR)) { /* from m import *: an alias named "*", module level only */
        kn_token *st = cur(p);
        if (p->scope || p->in_class) return fail_null(p, st, "import * only allowed at module level");
        p->pos++;
        kn_node *al = node_new(p, KN_AST_ALIAS, st);
        if (!al || !(al->alias.name = tok_str(p, st)) || nodes_push(p, &fi->import_stmt.names, al) < 0)
            return NULL;
        return fi;
    }
    bool paren = accept_op(p, KN_OP_LPAR);
    do {
        if (paren && is_op(cur(p), KN_OP_RPAR)) break;
        kn_node *al = node_new(p, KN_AST_ALIAS, cur(p));
        kn_token *name_tok = cur(p);
        if (!al || !(al->alias.name = expect_name(p))) return NULL;
        if (strcmp(fi->import_stmt.module, "__future__") == 0 &&
            check_future(p, name_tok, al->alias.name) < 0)
            return NULL;
        if (strcmp(fi->import_stmt.module, "__future__") == 0 && !future_at_start(p, t))
            return fail_null(p, t, "from __future__ imports must occur at the beginning of the "
                                   "file");
        if (accept_kw(p, "as") && !(al->alias.asname = expect_name(p))) return NULL;
        bind_name(p, al->alias.asname ? al->alias.asname : al->alias.name);
        if (nodes_push(p, &fi->import_stmt.names, al) < 0) return NULL;
    } while (accept_op(p, KN_OP_COMMA));
    if (paren && expect_op(p, KN_OP_RPAR) < 0) return NULL;
    return fi;
}

static kn_node *parse_expr_stmt(parser *p) {
    kn_token *at = cur(p);
    if (at_name(p) && is_op(peek(p, 1), KN_OP_COLONEQUAL)) /* unparenthesized := */
        return fail_null(p, peek(p, 1), "invalid syntax");
    kn_node *first = parse_testlist_star(p, true);
    if (!first) return NULL;
    kn_token *t = cur(p);
    static const struct {
        kn_op op;
        kn_binop code;
    } aug[] = {{KN_OP_PLUSEQUAL, KN_BINOP_ADD},
               {KN_OP_MINEQUAL, KN_BINOP_SUB},
               {KN_OP_STAREQUAL, KN_BINOP_MUL},
               {KN_OP_SLASHEQUAL, KN_BINOP_TRUEDIV},
               {KN_OP_DOUBLESLASHEQUAL, KN_BINOP_FLOORDIV},
               {KN_OP_PERCENTEQUAL, KN_BINOP_MOD},
               {KN_OP_DOUBLESTAREQUAL, KN_BINOP_POW},
               {KN_OP_ATEQUAL, KN_BINOP_MATMUL},
               {KN_OP_AMPEREQUAL, KN_BINOP_AND},
               {KN_OP_VBAREQUAL, KN_BINOP_OR},
               {KN_OP_CIRCUMFLEXEQUAL, KN_BINOP_XOR},
               {KN_OP_LEFTSHIFTEQUAL, KN_BINOP_LSHIFT},
               {KN_OP_RIGHTSHIFTEQUAL, KN_BINOP_RSHIFT}};
    for (size_t i = 0; i < sizeof aug / sizeof aug[0]; i++) {
        if (!is_op(t, aug[i].op)) continue;
        p->pos++;
        if (first->kind != KN_AST_NAME && first->kind != KN_AST_ATTR &&
            first->kind != KN_AST_SUBSCRIPT)
            return fail_null(p, at, "'tuple' is an illegal expression for augmented assignment");
        kn_node *a = node_new(p, KN_AST_AUGASSIGN, at);
        if (!a) return NULL;
        a->augassign_stmt.target = first;
        a->augassign_stmt.op = aug[i].code;
        bind_target(p, first);
        if (!(a->augassign_stmt.value =
                  is_kw(cur(p), "yield") ? parse_yield(p) : parse_testlist_star(p, false)))
            return NULL;
        return a;
    }
    if (is_op(t, KN_OP_COLONEQUAL)) return fail_null(p, t, "invalid syntax");
    if (is_op(t, KN_OP_COLON)) { /* annotated assignment */
        if (first->kind == KN_AST_TUPLE || first->kind == KN_AST_LIST)
            return fail_null(p, at, first->kind == KN_AST_TUPLE
                                        ? "only single target (not tuple) can be annotated"
                                        : "only single target (not list) can be annotated");
        p->pos++;
        kn_node *as = node_new(p, KN_AST_ANNASSIGN, at);
        if (first->kind != KN_AST_NAME && first->kind != KN_AST_ATTR &&
            first->kind != KN_AST_SUBSCRIPT)
            return fail_null(p, at, "illegal target for annotation");
        if (!as || check_target(p, first, at, "assign to") < 0 ||
            !(as->annassign_stmt.annotation = parse_test(p)))
            return NULL;
        as->annassign_stmt.target = first;
        as->annassign_stmt.simple = first->kind == KN_AST_NAME && !is_op(at, KN_OP_LPAR);
        if (first->kind == KN_AST_NAME) bind_target(p, first);
        if (accept_op(p, KN_OP_EQUAL) &&
            !(as->annassign_stmt.value = parse_testlist_star(p, true)))
            return NULL;
        return as;
    }
    if (!is_op(t, KN_OP_EQUAL)) {
        kn_node *e = node_new(p, KN_AST_EXPR, at);
        if (!e) return NULL;
        if (first->kind == KN_AST_STARRED)
            return fail_null(p, at, "can't use starred expression here");
        e->expr_stmt.value = first;
        return e;
    }
    kn_node *as = node_new(p, KN_AST_ASSIGN, at);
    if (!as) return NULL;
    kn_node *value = first;
    while (accept_op(p, KN_OP_EQUAL)) {
        if (check_target(p, value, at, "assign to") < 0) return NULL;
        bind_target(p, value);
        if (nodes_push(p, &as->assign_stmt.targets, value) < 0) return NULL;
        if (!(value = is_kw(cur(p), "yield") ? parse_yield(p) : parse_testlist_star(p, true)))
            return NULL;
    }
    as->assign_stmt.value = value;
    return as;
}

/* CPython's checks of a global or nonlocal declaration against what the function did with
 * the name before it. */
static int check_declared(parser *p, kn_token *t, const char *name, const char *what) {
    fnscope *s = p->scope;
    bool global = what[0] == 'g';
    for (int i = 0; i < s->fn->nparams && i < s->n; i++)
        if (strcmp(s->names[i], name) == 0)
            return fail_at(p, t, TC_EXC_SYNTAX, "name '%s' is parameter and %s", name, what);
    if (global ? in_list(s->nonlocals, s->nnl, name) : in_list(s->globals, s->ng, name))
        return fail_at(p, t, TC_EXC_SYNTAX, "name '%s' is nonlocal and global", name);
    if (in_list(s->names, s->n, name))
        return fail_at(p, t, TC_EXC_SYNTAX, "name '%s' is assigned to before %s declaration",
                       name, what);
    if (in_list(s->uses, s->nu, name))
        return fail_at(p, t, TC_EXC_SYNTAX, "name '%s' is used prior to %s declaration", name,
                       what);
    return 0;
}

static kn_node *parse_global(parser *p, kn_token *t) {
    kn_node *g = node_new(p, KN_AST_GLOBAL, t);
    if (!g) return NULL;
    do {
        kn_node *n = node_new(p, KN_AST_NAME, cur(p));
        if (!n || !(n->name.id = expect_name(p)) || nodes_push(p, &g->global_stmt.names, n) < 0)
            return NULL;
        if (p->scope) {
            if (check_declared(p, t, n->name.id, "global") < 0) return NULL;
            scope_add(p->scope, &p->scope->globals, &p->scope->ng, &p->scope->gcap, n->name.id);
        }
    } while (accept_op(p, KN_OP_COMMA));
    return g;
}

/* `nonlocal x`: x must be bound in an enclosing function, which finish_scope checks when
 * that function's body has been read. */
static kn_node *parse_nonlocal(parser *p, kn_token *t) {
    if (!p->scope && !p->in_class)
        return fail_null(p, t, "nonlocal declaration not allowed at module level");
    if (!p->scope) { /* a class body: its names are the class's, not a function's */
        if (!p->class_up) {
            fail_at(p, t, TC_EXC_SYNTAX, "no binding for nonlocal '%.*s' found", (int)cur(p)->len,
                    cur(p)->start);
            return NULL;
        }
        return fail_null(p, t, "nonlocal statements in class bodies are not supported");
    }
    kn_node *g = node_new(p, KN_AST_NONLOCAL, t);
    if (!g) return NULL;
    do {
        kn_node *n = node_new(p, KN_AST_NAME, cur(p));
        if (!n || !(n->name.id = expect_name(p)) || nodes_push(p, &g->global_stmt.names, n) < 0)
            return NULL;
        if (check_declared(p, t, n->name.id, "nonlocal") < 0) return NULL;
        if (!p->scope->up) {
            fail_at(p, t, TC_EXC_SYNTAX, "no binding for nonlocal '%s' found", n->name.id);
            return NULL;
        }
        if (scope_add(p->scope, &p->scope->nonlocals, &p->scope->nnl, &p->scope->nlcap,
                      n->name.id) < 0 ||
            push_need(p, p->scope->up, n->name.id, t) < 0)
            return fail_oom(p, t);
    } while (accept_op(p, KN_OP_COMMA));
    return g;
}

static kn_node *parse_small(parser *p) {
    kn_token *t = cur(p);
    kn_node *n;
    if (t->kind == KN_TOK_MAGIC) {
        if (!(n = node_new(p, KN_AST_MAGIC, t))) return NULL;
        n->magic.line = arena_strndup(p, t->str, t->slen);
        p->pos++;
        return n;
    }
    if (t->kind != KN_TOK_NAME) return parse_expr_stmt(p);
    static const struct {
        const char *kw;
        kn_node_kind k;
    } simple[] = {{"pass", KN_AST_PASS}, {"break", KN_AST_BREAK}, {"continue", KN_AST_CONTINUE}};
    for (size_t i = 0; i < 3; i++)
        if (is_kw(t, simple[i].kw)) {
            if (i > 0 && p->loops == 0) {
                fail_at(p, t, TC_EXC_SYNTAX, "'%s' outside loop", simple[i].kw);
                return NULL;
            }
            p->pos++;
            return node_new(p, simple[i].k, t);
        }
    if (accept_kw(p, "return")) {
        if (!p->scope) return fail_null(p, t, "'return' outside function");
        if (!(n = node_new(p, KN_AST_RETURN, t))) return NULL;
        if (cur(p)->kind != KN_TOK_NEWLINE && cur(p)->kind != KN_TOK_END &&
            !is_op(cur(p), KN_OP_SEMI))
            if (!(n->return_stmt.value = parse_testlist_star(p, true))) return NULL;
        return n;
    }
    if (accept_kw(p, "raise")) {
        if (!(n = node_new(p, KN_AST_RAISE, t))) return NULL;
        if (cur(p)->kind != KN_TOK_NEWLINE && cur(p)->kind != KN_TOK_END &&
            !is_op(cur(p), KN_OP_SEMI)) {
            if (!(n->raise_stmt.exc = parse_test(p))) return NULL;
            if (accept_kw(p, "from") && !(n->raise_stmt.cause = parse_test(p))) return NULL;
        }
        return n;
    }
    if (accept_kw(p, "assert")) {
        if (!(n = node_new(p, KN_AST_ASSERT, t)) || !(n->assert_stmt.test = parse_test(p)))
            return NULL;
        if (accept_op(p, KN_OP_COMMA) && !(n->assert_stmt.msg = parse_test(p))) return NULL;
        return n;
    }
    if (accept_kw(p, "del")) {
        if (!(n = node_new(p, KN_AST_DEL, t))) return NULL;
        kn_node *tl = parse_testlist_star(p, false);
        if (!tl || check_target(p, tl, t, "delete") < 0) return NULL;
        if (tl->kind == KN_AST_TUPLE)
            n->del_stmt.targets = tl->seq.elts;
        else if (nodes_push(p, &n->del_stmt.targets, tl) < 0)
            return NULL;
        bind_target(p, tl);
        return n;
    }
    if (accept_kw(p, "import")) return parse_import(p, t);
    if (accept_kw(p, "from")) return parse_from(p, t);
    if (accept_kw(p, "global")) return parse_global(p, t);
    if (accept_kw(p, "nonlocal")) return parse_nonlocal(p, t);
    if (is_kw(t, "yield")) {
        kn_node *y = parse_yield(p);
        if (!y || !(n = node_new(p, KN_AST_EXPR, t))) return NULL;
        n->expr_stmt.value = y;
        return n;
    }
    return parse_expr_stmt(p);
}

static int parse_simple_stmts(parser *p, kn_nodes *out) {
    for (;;) {
        kn_node *s = parse_small(p);
        if (!s || end_simple(p) < 0 || nodes_push(p, out, s) < 0) return -1;
        if (!accept_op(p, KN_OP_SEMI)) break;
        if (cur(p)->kind == KN_TOK_NEWLINE || cur(p)->kind == KN_TOK_END) {
            if (s->kind == KN_AST_EXPR) s->expr_stmt.hidden = true;
            break;
        }
    }
    if (cur(p)->kind == KN_TOK_NEWLINE)
        p->pos++;
    else if (cur(p)->kind != KN_TOK_END)
        return fail_at(p, cur(p), TC_EXC_SYNTAX, "invalid syntax");
    return 0;
}

/* A suite after ':' — an indented block or simple statements on the same line. */
static int parse_block(parser *p, kn_nodes *body, kn_token *hdr, const char *what) {
    if (expect_op(p, KN_OP_COLON) < 0) return -1;
    if (cur(p)->kind != KN_TOK_NEWLINE) return parse_simple_stmts(p, body);
    p->pos++;
    if (cur(p)->kind != KN_TOK_INDENT)
        return fail_at(p, cur(p), TC_EXC_INDENTATION,
                       "expected an indented block after %s on line %d", what,
                       hdr->line + p->line_offset);
    p->pos++;
    while (cur(p)->kind != KN_TOK_DEDENT && cur(p)->kind != KN_TOK_END)
        if (parse_stmt(p, body) < 0) return -1;
    if (cur(p)->kind == KN_TOK_DEDENT) p->pos++;
    return 0;
}

static int parse_if(parser *p, kn_nodes *out, kn_token *t, const char *what) {
    kn_node *n = node_new(p, KN_AST_IF, t);
    char desc[64];
    snprintf(desc, sizeof desc, "'%s' statement", what);
    if (!n || !(n->if_stmt.test = parse_named(p)) ||
        parse_block(p, &n->if_stmt.body, t, desc) < 0 || nodes_push(p, out, n) < 0)
        return -1;
    kn_token *e = cur(p);
    if (accept_kw(p, "elif")) return parse_if(p, &n->if_stmt.orelse, e, "elif");
    if (accept_kw(p, "else")) return parse_block(p, &n->if_stmt.orelse, e, "'else' statement");
    return 0;
}

static kn_node *parse_star_or_target(parser *p) {
    kn_token *at = cur(p);
    if (!accept_op(p, KN_OP_STAR)) return parse_expr(p);
    kn_node *s = node_new(p, KN_AST_STARRED, at);
    if (!s || !(s->starred.value = parse_expr(p))) return NULL;
    return s;
}

static int parse_loop(parser *p, kn_nodes *out, kn_token *t, bool is_for) {
    kn_node *n = node_new(p, is_for ? KN_AST_FOR : KN_AST_WHILE, t);
    if (!n) return -1;
    kn_nodes *body = is_for ? &n->for_stmt.body : &n->while_stmt.body;
    kn_nodes *orelse = is_for ? &n->for_stmt.orelse : &n->while_stmt.orelse;
    if (is_for) {
        kn_node *first = parse_star_or_target(p);
        if (!first) return -1;
        if (is_op(cur(p), KN_OP_COMMA)) {
            kn_node *tup = node_new(p, KN_AST_TUPLE, t);
            if (!tup || nodes_push(p, &tup->seq.elts, first) < 0) return -1;
            while (accept_op(p, KN_OP_COMMA) && !is_kw(cur(p), "in")) {
                kn_node *e = parse_star_or_target(p);
                if (!e || nodes_push(p, &tup->seq.elts, e) < 0) return -1;
            }
            first = tup;
        }
        n->for_stmt.target = first;
        if (!accept_kw(p, "in")) return fail_at(p, cur(p), TC_EXC_SYNTAX, "invalid syntax");
        if (!(n->for_stmt.iter = parse_testlist_star(p, true))) return -1;
        if (check_target(p, first, t, "assign to") < 0) return -1;
        bind_target(p, first);
    } else if (!(n->while_stmt.test = parse_named(p))) {
        return -1;
    }
    p->loops++;
    int brc = parse_block(p, body, t, is_for ? "'for' statement" : "'while' statement");
    p->loops--;
    if (brc < 0 || nodes_push(p, out, n) < 0) return -1;
    kn_token *e = cur(p);
    if (accept_kw(p, "else")) return parse_block(p, orelse, e, "'else' statement");
    return 0;
}

static int parse_with(parser *p, kn_nodes *out, kn_token *t) {
    kn_node *n = node_new(p, KN_AST_WITH, t);
    if (!n) return -1;
    do {
        kn_node *it = node_new(p, KN_AST_WITHITEM, cur(p));
        if (!it || !(it->withitem.context = parse_test(p))) return -1;
        if (accept_kw(p, "as")) {
            kn_token *at = cur(p);
            kn_node *target = it->withitem.target = parse_expr(p);
            if (!target || check_target(p, target, at, "assign to") < 0) return -1;
            bind_target(p, target);
        }
        if (nodes_push(p, &n->with_stmt.items, it) < 0) return -1;
    } while (accept_op(p, KN_OP_COMMA));
    if (parse_block(p, &n->with_stmt.body, t, "'with' statement") < 0) return -1;
    return nodes_push(p, out, n);
}

static int parse_try(parser *p, kn_nodes *out, kn_token *t) {
    kn_node *n = node_new(p, KN_AST_TRY, t);
    if (!n || parse_block(p, &n->try_stmt.body, t, "'try' statement") < 0) return -1;
    kn_nodes *handlers = &n->try_stmt.handlers;
    while (is_kw(cur(p), "except")) {
        kn_token *e = &p->t[p->pos++];
        kn_node *h = node_new(p, KN_AST_HANDLER, e);
        if (!h) return -1;
        if (is_op(cur(p), KN_OP_STAR))
            return fail_at(p, cur(p), TC_EXC_SYNTAX, "'except*' is not supported");
        if (!is_op(cur(p), KN_OP_COLON)) {
            if (!(h->handler.type = parse_test(p))) return -1;
            if (accept_kw(p, "as")) {
                if (!(h->handler.name = expect_name(p))) return -1;
                bind_name(p, h->handler.name);
            } else if (is_op(cur(p), KN_OP_COMMA)) {
                return fail_at(p, cur(p), TC_EXC_SYNTAX,
                               "multiple exception types must be parenthesized");
            }
        }
        if (parse_block(p, &h->handler.body, e, "'except' statement") < 0 ||
            nodes_push(p, handlers, h) < 0)
            return -1;
        if (!h->handler.type && is_kw(cur(p), "except"))
            return fail_at(p, cur(p), TC_EXC_SYNTAX, "default 'except:' must be last");
    }
    kn_token *e = cur(p);
    if (handlers->n && accept_kw(p, "else") &&
        parse_block(p, &n->try_stmt.orelse, e, "'else' statement") < 0)
        return -1;
    e = cur(p);
    if (accept_kw(p, "finally")) {
        if (parse_block(p, &n->try_stmt.finalbody, e, "'finally' statement") < 0) return -1;
    } else if (handlers->n == 0) {
        return fail_at(p, cur(p), TC_EXC_SYNTAX, "expected 'except' or 'finally' block");
    }
    return nodes_push(p, out, n);
}

static char *qualname_for(parser *p, const char *name) {
    const char *pre = p->qualprefix ? p->qualprefix : "";
    char *q = arena_alloc(p->ast, strlen(pre) + strlen(name) + 1);
    if (q) sprintf(q, "%s%s", pre, name);
    return q;
}

/* decorators: the '@' lines before a def (or class), outermost first. */
static int parse_def(parser *p, kn_nodes *out, kn_token *t, const kn_nodes *decorators) {
    kn_node *n = node_new(p, KN_AST_DEF, t);
    char *name = n ? expect_name(p) : NULL;
    if (!name) return -1;
    if (decorators) n->def_stmt.decorators = *decorators;
    bind_name(p, name);
    kn_token *open = cur(p);
    if (expect_op(p, KN_OP_LPAR) < 0) return -1;
    kn_fn *fn = parse_params(p, KN_OP_RPAR, open);
    if (!fn || expect_op(p, KN_OP_RPAR) < 0) return -1;
    if (accept_op(p, KN_OP_RARROW)) {
        kn_token *from = cur(p);
        if (!(fn->returns = parse_test(p)) || signature_returns(p, fn, from, cur(p)) < 0)
            return -1;
    }
    n->def_stmt.fn = fn;
    fn->name = name;
    if (!(fn->qualname = qualname_for(p, name))) return -1;
    char *prefix = arena_alloc(p->ast, strlen(fn->qualname) + 16);
    if (!prefix) return -1;
    const char *saved_prefix = p->qualprefix;
    sprintf(prefix, "%s.<locals>.", fn->qualname);
    fnscope sc = {.up = p->scope ? p->scope : p->class_up, .fn = fn};
    for (int i = 0; i < fn->nparams; i++)
        scope_add(&sc, &sc.names, &sc.n, &sc.cap, fn->params[i].name);
    p->scope = &sc;
    p->qualprefix = prefix;
    int saved_loops = p->loops;
    p->loops = 0;
    kn_nodes *body = &n->def_stmt.body;
    int rc = parse_block(p, body, t, "function definition");
    p->loops = saved_loops;
    p->scope = sc.up;
    p->qualprefix = saved_prefix;
    if (finish_scope(p, &sc) < 0 || rc < 0) return -1;
    const kn_node *first = body->n && body->v[0]->kind == KN_AST_EXPR ? body->v[0]->expr_stmt.value
                                                                      : NULL;
    if (first && first->kind == KN_AST_CONST && first->constant.kind == KN_CONST_STR)
        fn->doc = first->constant.s;
    return nodes_push(p, out, n);
}

/* class NAME ['(' bases and keywords ')'] ':' block. The body is its own scope: the names it
 * binds belong to the class, not to an enclosing function, and the functions it defines do
 * not see them (their qualnames are "A.f"). */
static int parse_class(parser *p, kn_nodes *out, kn_token *t, const kn_nodes *decorators) {
    kn_node *n = node_new(p, KN_AST_CLASS, t);
    char *name = n ? expect_name(p) : NULL;
    if (!name) return -1;
    if (decorators) n->class_stmt.decorators = *decorators;
    bind_name(p, name);
    n->class_stmt.name = name;
    n->class_stmt.qualname = qualname_for(p, name);
    if (!n->class_stmt.qualname) return -1;
    kn_token *open = cur(p);
    if (accept_op(p, KN_OP_LPAR)) {
        kn_node *call = parse_call_args(p, n, open);
        if (!call) return -1;
        n->class_stmt.bases = call->call.args;
        n->class_stmt.keywords = call->call.keywords;
        for (int i = 0; i < call->call.args.n; i++)
            if (call->call.args.v[i]->kind == KN_AST_LISTCOMP && call->call.args.v[i]->comp.genexp)
                return fail_at(p, open, TC_EXC_SYNTAX, "invalid syntax");
    }
    fnscope *saved_scope = p->scope;
    /* the body's reads are not tracked (it is no function scope): it may read any name of
     * the functions around it, so they keep their enclosing scopes */
    for (fnscope *s = p->scope ? p->scope : p->class_up; s; s = s->up)
        s->fn->outer_reads = true;
    const char *saved_prefix = p->qualprefix;
    char *prefix = arena_alloc(p->ast, strlen(n->class_stmt.qualname) + 2);
    if (!prefix) return -1;
    sprintf(prefix, "%s.", n->class_stmt.qualname);
    bool saved_in_class = p->in_class;
    fnscope *saved_class_up = p->class_up;
    p->class_up = p->scope ? p->scope : p->class_up;
    p->in_class = true;
    p->scope = NULL;
    p->qualprefix = prefix;
    int saved_loops = p->loops;
    p->loops = 0;
    int rc = parse_block(p, &n->class_stmt.body, t, "class definition");
    p->loops = saved_loops;
    p->in_class = saved_in_class;
    p->class_up = saved_class_up;
    p->scope = saved_scope;
    p->qualprefix = saved_prefix;
    if (rc < 0) return -1;
    const kn_nodes *body = &n->class_stmt.body;
    const kn_node *first = body->n && body->v[0]->kind == KN_AST_EXPR ? body->v[0]->expr_stmt.value
                                                                      : NULL;
    if (first && first->kind == KN_AST_CONST && first->constant.kind == KN_CONST_STR)
        n->class_stmt.doc = first->constant.s;
    return nodes_push(p, out, n);
}

static int unsupported(parser *p, kn_token *t, const char *what) {
    return fail_at(p, t, TC_EXC_SYNTAX, "%s are not supported", what);
}

/* The '@expression' lines before a def or class (PEP 614: any named expression), outermost
 * first, into decos. */
static int parse_decorators(parser *p, kn_nodes *decos) {
    while (accept_op(p, KN_OP_AT)) {
        kn_node *e = parse_named(p);
        if (!e || nodes_push(p, decos, e) < 0) return -1;
        if (cur(p)->kind != KN_TOK_NEWLINE) return fail_at(p, cur(p), TC_EXC_SYNTAX, "invalid syntax");
        p->pos++;
    }
    return 0;
}

/* A decorated definition: the decorator list, then the def (or class) it applies to. */
static int parse_decorated(parser *p, kn_nodes *out) {
    kn_nodes decos = {0};
    if (parse_decorators(p, &decos) < 0) return -1;
    kn_token *d = cur(p);
    if (accept_kw(p, "def")) return parse_def(p, out, d, &decos);
    if (accept_kw(p, "class")) return parse_class(p, out, d, &decos);
    if (is_kw(d, "async")) return unsupported(p, d, "'async' statements");
    return fail_at(p, d, TC_EXC_SYNTAX, "invalid syntax");
}

/* ---- match statements ------------------------------------------------------------------
 * A match statement becomes the if/elif chain it means, over a hidden local holding the
 * subject: each case pattern turns into a test expression on that subject (isinstance and
 * len checks, comparisons), with its captures made as := bindings inside the test, so both
 * evaluators run it as they run any if statement. Sub-patterns test parts of the subject
 * found again by indexing, key lookup or attribute access. */

/* Where a sub-pattern's value is: the subject, or a step from an enclosing one. */
typedef struct mpath {
    const struct mpath *up;
    enum { MP_ROOT, MP_INDEX, MP_KEY, MP_ATTR, MP_POSARG } kind;
    const char *root;  /* MP_ROOT: the hidden local */
    int64_t i;         /* MP_INDEX: index (negative from the end); MP_POSARG: position */
    kn_node *key;      /* MP_KEY: the key expression (cloned at each use) */
    const char *attr;  /* MP_ATTR */
    kn_node *cls;      /* MP_POSARG: the class expression (cloned) */
} mpath;

static kn_node *mk_name(parser *p, kn_token *at, const char *id) {
    kn_node *n = node_new(p, KN_AST_NAME, at);
    if (n && !(n->name.id = arena_strndup(p, id, strlen(id)))) return fail_oom(p, at);
    return n;
}

static kn_node *mk_const_int(parser *p, kn_token *at, int64_t v) {
    kn_node *n = node_new(p, KN_AST_CONST, at);
    if (n) {
        n->constant.kind = KN_CONST_INT;
        n->constant.i = v;
    }
    return n;
}

static kn_node *mk_const_kind(parser *p, kn_token *at, kn_const_kind k) {
    kn_node *n = node_new(p, KN_AST_CONST, at);
    if (n) n->constant.kind = k;
    return n;
}

static kn_node *mk_str(parser *p, kn_token *at, const char *s) {
    kn_node *n = node_new(p, KN_AST_CONST, at);
    if (!n) return NULL;
    n->constant.kind = KN_CONST_STR;
    n->constant.slen = strlen(s);
    if (!(n->constant.s = arena_strndup(p, s, n->constant.slen))) return fail_oom(p, at);
    return n;
}

static kn_node *mk_call(parser *p, kn_token *at, kn_node *fn, kn_node *a0, kn_node *a1) {
    kn_node *c = node_new(p, KN_AST_CALL, at);
    if (!c || !fn || !a0) return NULL;
    c->call.func = fn;
    if (nodes_push(p, &c->call.args, a0) < 0 || (a1 && nodes_push(p, &c->call.args, a1) < 0)) return NULL;
    return c;
}

static kn_node *mk_cmp(parser *p, kn_token *at, kn_node *l, kn_cmp_kind op, kn_node *r) {
    kn_node *c = node_new(p, KN_AST_COMPARE, at);
    if (!c || !l || !r) return NULL;
    c->compare.left = l;
    c->compare.ops = arena_alloc(p->ast, sizeof *c->compare.ops);
    if (!c->compare.ops) return fail_oom(p, at);
    c->compare.ops[0] = op;
    return nodes_push(p, &c->compare.comparators, r) < 0 ? NULL : c;
}

/* a and b (either may be NULL for "always true"; NULL result with no error: always true) */
static kn_node *mk_and(parser *p, kn_token *at, kn_node *a, kn_node *b) {
    if (!a) return b;
    if (!b) return a;
    kn_node *n = node_new(p, KN_AST_BOOLOP, at);
    if (!n) return NULL;
    n->boolop.op = KN_BOOLOP_AND;
    if (nodes_push(p, &n->boolop.values, a) < 0 || nodes_push(p, &n->boolop.values, b) < 0) return NULL;
    return n;
}

/* A copy of the small expressions patterns hold (literals, dotted names): a node is used
 * in one place of the tree. */
static kn_node *clone_expr(parser *p, kn_node *e) {
    if (!e) return NULL;
    kn_node *c = arena_alloc(p->ast, sizeof *c);
    if (!c) return fail_oom(p, cur(p));
    *c = *e;
    c->cache = NULL;
    switch (e->kind) {
    case KN_AST_ATTR: c->attr.value = clone_expr(p, e->attr.value); break;
    case KN_AST_UNARY: c->unary.operand = clone_expr(p, e->unary.operand); break;
    case KN_AST_BINOP:
        c->binop.left = clone_expr(p, e->binop.left);
        c->binop.right = clone_expr(p, e->binop.right);
        break;
    default: break;
    }
    return c;
}

/* The expression for the value at path mp. */
static kn_node *path_expr(parser *p, kn_token *at, const mpath *mp) {
    switch (mp->kind) {
    case MP_ROOT: return mk_name(p, at, mp->root);
    case MP_INDEX: {
        kn_node *s = node_new(p, KN_AST_SUBSCRIPT, at);
        if (!s || !(s->subscript.value = path_expr(p, at, mp->up))) return NULL;
        if (mp->i < 0) {
            kn_node *neg = node_new(p, KN_AST_UNARY, at);
            if (!neg || !(neg->unary.operand = mk_const_int(p, at, -mp->i))) return NULL;
            neg->unary.op = KN_UNARY_NEG;
            s->subscript.index = neg;
        } else if (!(s->subscript.index = mk_const_int(p, at, mp->i))) {
            return NULL;
        }
        return s;
    }
    case MP_KEY: {
        kn_node *s = node_new(p, KN_AST_SUBSCRIPT, at);
        if (!s || !(s->subscript.value = path_expr(p, at, mp->up)) ||
            !(s->subscript.index = clone_expr(p, mp->key)))
            return NULL;
        return s;
    }
    case MP_ATTR: {
        kn_node *a = node_new(p, KN_AST_ATTR, at);
        if (!a || !(a->attr.value = path_expr(p, at, mp->up))) return NULL;
        if (!(a->attr.attr = arena_strndup(p, mp->attr, strlen(mp->attr)))) return fail_oom(p, at);
        return a;
    }
    case MP_POSARG: {
        /* getattr(S, C.__match_args__[i]); for i == 0 a builtin class (int(x), str(s), ...)
         * matches the subject itself */
        kn_node *args = node_new(p, KN_AST_ATTR, at), *ix = node_new(p, KN_AST_SUBSCRIPT, at);
        if (!args || !ix || !(args->attr.value = clone_expr(p, mp->cls)) ||
            !(args->attr.attr = arena_strndup(p, "__match_args__", 14)))
            return NULL;
        ix->subscript.value = args;
        if (!(ix->subscript.index = mk_const_int(p, at, mp->i))) return NULL;
        kn_node *get = mk_call(p, at, mk_name(p, at, "getattr"), path_expr(p, at, mp->up), ix);
        if (mp->i > 0 || !get) return get;
        static const char *const selfm[] = {"bool", "bytes", "dict", "float", "frozenset",
                                            "int", "list", "set", "str", "tuple"};
        kn_node *tup = node_new(p, KN_AST_TUPLE, at);
        if (!tup) return NULL;
        for (size_t k = 0; k < sizeof selfm / sizeof selfm[0]; k++) {
            kn_node *nm = mk_name(p, at, selfm[k]);
            if (!nm || nodes_push(p, &tup->seq.elts, nm) < 0) return NULL;
        }
        kn_node *ife = node_new(p, KN_AST_IFEXP, at);
        if (!ife || !(ife->ifexp.test = mk_cmp(p, at, clone_expr(p, mp->cls), KN_CMPK_IN, tup)) ||
            !(ife->ifexp.body = path_expr(p, at, mp->up)))
            return NULL;
        ife->ifexp.orelse = get;
        return ife;
    }
    }
    return NULL;
}

/* [name := value]: a one-item list, true whatever the value, that binds name. */
static kn_node *mk_capture(parser *p, kn_token *at, const char *name, kn_node *value) {
    kn_node *w = node_new(p, KN_AST_NAMEDEXPR, at), *l = node_new(p, KN_AST_LIST, at);
    if (!w || !l || !value || !(w->namedexpr.target = mk_name(p, at, name))) return NULL;
    w->namedexpr.value = value;
    bind_name(p, w->namedexpr.target->name.id);
    return nodes_push(p, &l->seq.elts, w) < 0 ? NULL : l;
}

static kn_node *pat_or(parser *p, const mpath *mp, bool *irrefutable);

/* Always-true test (for patterns that bind nothing and test nothing). */
static kn_node *mk_true(parser *p, kn_token *at) { return mk_const_kind(p, at, KN_CONST_TRUE); }

/* A literal or value pattern's expression: numbers (signed, complex), strings, dotted names. */
static kn_node *pat_value_expr(parser *p) {
    kn_token *t = cur(p);
    if (t->kind == KN_TOK_STRING) return parse_strings(p);
    if (is_op(t, KN_OP_MINUS) || t->kind == KN_TOK_INT || t->kind == KN_TOK_FLOAT) {
        /* a signed number, or a complex one written real +/- imaginary */
        bool neg = accept_op(p, KN_OP_MINUS);
        kn_token *nt = cur(p);
        if (nt->kind != KN_TOK_INT && nt->kind != KN_TOK_FLOAT) return syntax_error(p);
        kn_node *e = parse_atom(p);
        if (e && neg) {
            kn_node *u = node_new(p, KN_AST_UNARY, t);
            if (!u) return NULL;
            u->unary.op = KN_UNARY_NEG;
            u->unary.operand = e;
            e = u;
        }
        kn_token *op = cur(p), *im = peek(p, 1);
        if (e && (is_op(op, KN_OP_PLUS) || is_op(op, KN_OP_MINUS)) && im->kind == KN_TOK_FLOAT && im->imag) {
            p->pos++;
            kn_node *b = node_new(p, KN_AST_BINOP, op);
            if (!b || !(b->binop.right = parse_atom(p))) return NULL;
            b->binop.op = is_op(op, KN_OP_PLUS) ? KN_BINOP_ADD : KN_BINOP_SUB;
            b->binop.left = e;
            e = b;
        }
        return e;
    }
    kn_node *n = mk_name(p, t, "");
    if (!n || !(n->name.id = expect_name(p))) return NULL;
    use_name(p, n->name.id);
    while (is_op(cur(p), KN_OP_DOT)) {
        kn_token *d = cur(p);
        p->pos++;
        kn_node *a = node_new(p, KN_AST_ATTR, d);
        if (!a || !(a->attr.attr = expect_name(p))) return NULL;
        a->attr.value = n;
        n = a;
    }
    return n;
}

/* Whether t ends a sequence pattern closed by 'close' (':' for the open sequence of a case,
 * which a guard's 'if' also ends). */
static bool seq_end(const kn_token *t, kn_op close) {
    return is_op(t, close) || (close == KN_OP_COLON && is_kw(t, "if"));
}

static bool opens(const kn_token *t) {
    return is_op(t, KN_OP_LPAR) || is_op(t, KN_OP_LSQB) || is_op(t, KN_OP_LBRACE);
}
static bool closes(const kn_token *t) {
    return is_op(t, KN_OP_RPAR) || is_op(t, KN_OP_RSQB) || is_op(t, KN_OP_RBRACE);
}

/* A sequence pattern's items up to 'close' (not consumed when it is ':'), against mp. */
static kn_node *pat_sequence(parser *p, kn_token *at, const mpath *mp, kn_op close) {
    /* count the items and find the star first: the items after it index from the end */
    int nitems = 0, star = -1, depth = 0;
    bool pending = false;
    for (int k = p->pos; k < p->n; k++) {
        kn_token *t = &p->t[k];
        if (t->kind == KN_TOK_END || t->kind == KN_TOK_NEWLINE || (depth == 0 && seq_end(t, close))) break;
        if (opens(t)) depth++;
        if (closes(t)) depth--;
        if (depth == 0 && is_op(t, KN_OP_COMMA)) {
            nitems += pending;
            pending = false;
            continue;
        }
        if (depth == 0 && !pending && is_op(t, KN_OP_STAR)) star = nitems;
        pending = true;
    }
    nitems += pending;
    int after = star >= 0 ? nitems - star - 1 : 0;
    /* isinstance(S, (list, tuple, range)) and len(S) == n (>= n - 1 with a star) */
    kn_node *types = node_new(p, KN_AST_TUPLE, at);
    if (!types) return NULL;
    static const char *const seqt[] = {"list", "tuple", "range"};
    for (size_t k = 0; k < 3; k++) {
        kn_node *nm = mk_name(p, at, seqt[k]);
        if (!nm || nodes_push(p, &types->seq.elts, nm) < 0) return NULL;
    }
    kn_node *test = mk_call(p, at, mk_name(p, at, "isinstance"), path_expr(p, at, mp), types);
    kn_node *len = mk_call(p, at, mk_name(p, at, "len"), path_expr(p, at, mp), NULL);
    test = mk_and(p, at, test, mk_cmp(p, at, len, star >= 0 ? KN_CMPK_GE : KN_CMPK_EQ,
                                      mk_const_int(p, at, star >= 0 ? nitems - 1 : nitems)));
    if (!test) return NULL;
    for (int idx = 0; idx < nitems; idx++) {
        kn_token *it = cur(p);
        if (accept_op(p, KN_OP_STAR)) {
            char *name = expect_name(p);
            if (!name) return NULL;
            if (strcmp(name, "_") != 0) { /* name := list(S[star:len(S)-after]) */
                kn_node *sl = node_new(p, KN_AST_SLICE, it), *sub = node_new(p, KN_AST_SUBSCRIPT, it);
                if (!sl || !sub || !(sl->slice.lower = mk_const_int(p, it, idx))) return NULL;
                if (after > 0) {
                    kn_node *l2 = mk_call(p, it, mk_name(p, it, "len"), path_expr(p, it, mp), NULL);
                    kn_node *b = node_new(p, KN_AST_BINOP, it);
                    if (!b || !l2) return NULL;
                    b->binop.op = KN_BINOP_SUB;
                    b->binop.left = l2;
                    if (!(b->binop.right = mk_const_int(p, it, after))) return NULL;
                    sl->slice.upper = b;
                }
                if (!(sub->subscript.value = path_expr(p, it, mp))) return NULL;
                sub->subscript.index = sl;
                kn_node *cap = mk_capture(p, it, name, mk_call(p, it, mk_name(p, it, "list"), sub, NULL));
                if (!(test = mk_and(p, it, test, cap))) return NULL;
            }
        } else {
            mpath sub = {mp, MP_INDEX, NULL, star >= 0 && idx > star ? idx - nitems : idx, NULL, NULL, NULL};
            bool irr;
            kn_node *t = pat_or(p, &sub, &irr);
            if (!t && tc_error_is_set(&p->pe->err)) return NULL;
            if (t && !(test = mk_and(p, it, test, t))) return NULL;
        }
        if (idx + 1 < nitems && expect_op(p, KN_OP_COMMA) < 0) return NULL;
    }
    accept_op(p, KN_OP_COMMA);
    if (close != KN_OP_COLON && expect_op(p, close) < 0) return NULL;
    return test;
}

/* A mapping pattern {key: pattern, ..., **rest} against mp. */
static kn_node *pat_mapping(parser *p, kn_token *at, const mpath *mp) {
    kn_node *test = mk_call(p, at, mk_name(p, at, "hasattr"), path_expr(p, at, mp), mk_str(p, at, "keys"));
    kn_nodes keys = {0};
    const char *rest = NULL;
    kn_token *rest_at = NULL;
    while (!is_op(cur(p), KN_OP_RBRACE)) {
        kn_token *it = cur(p);
        if (accept_op(p, KN_OP_DOUBLESTAR)) {
            rest_at = it;
            if (!(rest = expect_name(p))) return NULL;
        } else {
            kn_node *key = pat_value_expr(p);
            if (!key || expect_op(p, KN_OP_COLON) < 0 || nodes_push(p, &keys, key) < 0) return NULL;
            test = mk_and(p, it, test, mk_cmp(p, it, clone_expr(p, key), KN_CMPK_IN, path_expr(p, it, mp)));
            mpath sub = {mp, MP_KEY, NULL, 0, key, NULL, NULL};
            bool irr;
            kn_node *t = pat_or(p, &sub, &irr);
            if (!t && tc_error_is_set(&p->pe->err)) return NULL;
            if (t) test = mk_and(p, it, test, t);
            if (!test) return NULL;
        }
        if (!accept_op(p, KN_OP_COMMA)) break;
    }
    if (expect_op(p, KN_OP_RBRACE) < 0) return NULL;
    if (rest) { /* [rest := dict(S)] and [rest.pop(k1), rest.pop(k2), ...] */
        kn_node *cap = mk_capture(p, rest_at, rest, mk_call(p, rest_at, mk_name(p, rest_at, "dict"),
                                                            path_expr(p, rest_at, mp), NULL));
        kn_node *pops = node_new(p, KN_AST_LIST, rest_at), *one = mk_const_int(p, rest_at, 1);
        if (!cap || !pops || !one || nodes_push(p, &pops->seq.elts, one) < 0) return NULL;
        for (int k = 0; k < keys.n; k++) {
            kn_node *m = node_new(p, KN_AST_ATTR, rest_at);
            if (!m || !(m->attr.value = mk_name(p, rest_at, rest)) || !(m->attr.attr = arena_strndup(p, "pop", 3)))
                return NULL;
            kn_node *c = mk_call(p, rest_at, m, clone_expr(p, keys.v[k]), NULL);
            if (!c || nodes_push(p, &pops->seq.elts, c) < 0) return NULL;
        }
        test = mk_and(p, rest_at, mk_and(p, rest_at, test, cap), pops);
    }
    return test;
}

/* A class pattern Cls(p1, p2, k=p3) against mp; cls is parsed, '(' consumed. */
static kn_node *pat_class(parser *p, kn_token *at, const mpath *mp, kn_node *cls) {
    kn_node *test = mk_call(p, at, mk_name(p, at, "isinstance"), path_expr(p, at, mp), clone_expr(p, cls));
    int pos = 0;
    while (test && !is_op(cur(p), KN_OP_RPAR)) {
        kn_token *it = cur(p);
        if (at_name(p) && is_op(peek(p, 1), KN_OP_EQUAL)) {
            char *attr = expect_name(p);
            p->pos++;
            if (!attr) return NULL;
            test = mk_and(p, it, test, mk_call(p, it, mk_name(p, it, "hasattr"), path_expr(p, it, mp), mk_str(p, it, attr)));
            mpath sub = {mp, MP_ATTR, NULL, 0, NULL, attr, NULL};
            bool irr;
            kn_node *t = pat_or(p, &sub, &irr);
            if (!t && tc_error_is_set(&p->pe->err)) return NULL;
            if (t) test = mk_and(p, it, test, t);
        } else {
            mpath sub = {mp, MP_POSARG, NULL, pos++, NULL, NULL, cls};
            bool irr;
            kn_node *t = pat_or(p, &sub, &irr);
            if (!t && tc_error_is_set(&p->pe->err)) return NULL;
            if (t) test = mk_and(p, it, test, t);
        }
        if (!accept_op(p, KN_OP_COMMA)) break;
    }
    if (!test || expect_op(p, KN_OP_RPAR) < 0) return NULL;
    return test;
}

/* A closed pattern against mp: the test, or NULL with no error for an irrefutable pattern
 * that binds nothing (the wildcard). */
static kn_node *pat_closed(parser *p, const mpath *mp, bool *irrefutable) {
    kn_token *t = cur(p);
    *irrefutable = false;
    if (enter(p) < 0) return NULL;
    kn_node *r = NULL;
    if (is_kw(t, "None") || is_kw(t, "True") || is_kw(t, "False")) {
        p->pos++;
        r = mk_cmp(p, t, path_expr(p, t, mp), KN_CMPK_IS,
                   mk_const_kind(p, t, is_kw(t, "None") ? KN_CONST_NONE : is_kw(t, "True") ? KN_CONST_TRUE : KN_CONST_FALSE));
    } else if (t->kind == KN_TOK_STRING || t->kind == KN_TOK_INT || t->kind == KN_TOK_FLOAT || is_op(t, KN_OP_MINUS)) {
        kn_node *v = pat_value_expr(p);
        r = v ? mk_cmp(p, t, path_expr(p, t, mp), KN_CMPK_EQ, v) : NULL;
    } else if (is_op(t, KN_OP_LPAR)) {
        p->pos++;
        /* a group (p), or a tuple-style sequence: (), (p,), (p, q) */
        int depth = 0;
        bool comma = false;
        for (int k = p->pos; k < p->n; k++) {
            kn_token *u = &p->t[k];
            if (u->kind == KN_TOK_END || (depth == 0 && is_op(u, KN_OP_RPAR))) break;
            if (opens(u)) depth++;
            if (closes(u)) depth--;
            if (depth == 0 && (is_op(u, KN_OP_COMMA) || is_op(u, KN_OP_STAR))) comma = true;
        }
        if (comma || is_op(cur(p), KN_OP_RPAR)) {
            r = pat_sequence(p, t, mp, KN_OP_RPAR);
        } else {
            r = pat_or(p, mp, irrefutable);
            if ((r || !tc_error_is_set(&p->pe->err)) && expect_op(p, KN_OP_RPAR) < 0) r = NULL;
        }
    } else if (is_op(t, KN_OP_LSQB)) {
        p->pos++;
        r = pat_sequence(p, t, mp, KN_OP_RSQB);
    } else if (is_op(t, KN_OP_LBRACE)) {
        p->pos++;
        r = pat_mapping(p, t, mp);
    } else if (at_name(p)) {
        bool dotted = is_op(peek(p, 1), KN_OP_DOT), call = false;
        int k = p->pos + 1;
        while (k + 1 < p->n && is_op(&p->t[k], KN_OP_DOT)) k += 2;
        call = is_op(&p->t[k], KN_OP_LPAR);
        if (call) {
            kn_node *cls = pat_value_expr(p);
            if (cls && expect_op(p, KN_OP_LPAR) == 0) r = pat_class(p, t, mp, cls);
        } else if (dotted) {
            kn_node *v = pat_value_expr(p);
            r = v ? mk_cmp(p, t, path_expr(p, t, mp), KN_CMPK_EQ, v) : NULL;
        } else {
            char *name = expect_name(p);
            if (name && strcmp(name, "_") == 0) {
                *irrefutable = true;
            } else if (name) {
                *irrefutable = true;
                r = mk_capture(p, t, name, path_expr(p, t, mp));
            }
        }
    } else {
        syntax_error(p);
    }
    p->depth--;
    return r;
}

/* An or-pattern (p | q | ...) with an optional "as name", against mp. NULL with no error:
 * always matches, binding nothing. */
static kn_node *pat_or(parser *p, const mpath *mp, bool *irrefutable) {
    kn_token *at = cur(p);
    kn_node *first = pat_closed(p, mp, irrefutable);
    if (!first && tc_error_is_set(&p->pe->err)) return NULL;
    if (is_op(cur(p), KN_OP_VBAR)) {
        kn_node *n = node_new(p, KN_AST_BOOLOP, at);
        if (!n) return NULL;
        n->boolop.op = KN_BOOLOP_OR;
        if (nodes_push(p, &n->boolop.values, first ? first : mk_true(p, at)) < 0) return NULL;
        while (accept_op(p, KN_OP_VBAR)) {
            bool irr;
            kn_node *alt = pat_closed(p, mp, &irr);
            if (!alt && tc_error_is_set(&p->pe->err)) return NULL;
            if (nodes_push(p, &n->boolop.values, alt ? alt : mk_true(p, at)) < 0) return NULL;
        }
        first = n;
        *irrefutable = false;
    }
    if (accept_kw(p, "as")) {
        kn_token *nt = cur(p);
        char *name = expect_name(p);
        if (!name) return NULL;
        first = mk_and(p, nt, first, mk_capture(p, nt, name, path_expr(p, nt, mp)));
    }
    return first;
}

/* Whether the statement at t (a NAME "match") is a match statement: `match` followed by a
 * subject on the same logical line ending in ':' at bracket depth 0, as CPython's soft
 * keyword rule (so `match = 1`, `match(x)` and `match: int` stay what they are). */
static bool looks_like_match(parser *p) {
    kn_token *nx = peek(p, 1);
    if (nx->kind == KN_TOK_NEWLINE || nx->kind == KN_TOK_END || is_op(nx, KN_OP_COLON) ||
        is_op(nx, KN_OP_EQUAL) || is_op(nx, KN_OP_DOT) || is_op(nx, KN_OP_COMMA))
        return false;
    int depth = 0;
    kn_token *last = NULL;
    for (int k = p->pos + 1; k < p->n; k++) {
        kn_token *t = &p->t[k];
        if (t->kind == KN_TOK_NEWLINE || t->kind == KN_TOK_END) break;
        if (opens(t)) depth++;
        if (closes(t)) depth--;
        last = t;
    }
    return last && depth == 0 && is_op(last, KN_OP_COLON);
}

static int parse_match(parser *p, kn_nodes *out, kn_token *t) {
    p->pos++; /* "match" */
    char root[48]; /* one name per nesting level: a match inside a case keeps the outer subject */
    snprintf(root, sizeof root, "_match_subject_%d", p->match_depth);
    kn_node *assign = node_new(p, KN_AST_ASSIGN, t), *target = mk_name(p, t, root);
    if (!assign || !target || nodes_push(p, &assign->assign_stmt.targets, target) < 0) return -1;
    if (!(assign->assign_stmt.value = parse_testlist_star(p, true))) return -1;
    bind_name(p, target->name.id);
    if (expect_op(p, KN_OP_COLON) < 0 || nodes_push(p, out, assign) < 0) return -1;
    if (cur(p)->kind != KN_TOK_NEWLINE) return fail_at(p, cur(p), TC_EXC_SYNTAX, "invalid syntax");
    p->pos++;
    if (cur(p)->kind != KN_TOK_INDENT)
        return fail_at(p, cur(p), TC_EXC_INDENTATION, "expected an indented block after 'match' statement on line %d",
                       t->line + p->line_offset);
    p->pos++;
    mpath mp = {NULL, MP_ROOT, target->name.id, 0, NULL, NULL, NULL};
    kn_nodes *chain = out;
    int ncase = 0;
    p->match_depth++;
    while (cur(p)->kind != KN_TOK_DEDENT && cur(p)->kind != KN_TOK_END) {
        kn_token *c = cur(p);
        if (!accept_kw(p, "case")) return fail_at(p, c, TC_EXC_SYNTAX, "invalid syntax");
        /* case pattern[, pattern...] (an open sequence), [if guard]: block */
        bool irr = false, open_seq = false;
        int depth = 0;
        for (int k = p->pos; k < p->n; k++) {
            kn_token *u = &p->t[k];
            if (u->kind == KN_TOK_NEWLINE || u->kind == KN_TOK_END || (depth == 0 && seq_end(u, KN_OP_COLON))) break;
            if (opens(u)) depth++;
            if (closes(u)) depth--;
            if (depth == 0 && (is_op(u, KN_OP_COMMA) || is_op(u, KN_OP_STAR))) open_seq = true;
        }
        /* an open sequence (case a, *rest:) tests as the bracketed one would */
        kn_node *test = open_seq ? pat_sequence(p, c, &mp, KN_OP_COLON) : pat_or(p, &mp, &irr);
        if (!test && tc_error_is_set(&p->pe->err)) return -1;
        bool guarded = false;
        if (accept_kw(p, "if")) {
            kn_node *g = parse_named(p);
            if (!g) return -1;
            test = mk_and(p, c, test, g);
            guarded = true;
        }
        /* an unguarded capture or wildcard matches everything: later cases are dead code,
         * which CPython rejects */
        kn_token *pt = c + 1;
        if (irr && !guarded && !open_seq && pt->kind == KN_TOK_NAME && is_op(pt + 1, KN_OP_COLON)) {
            int k = p->pos;
            int depth = 0;
            for (; k < p->n; k++) { /* skip this case's block to see whether a case follows */
                kn_token *u = &p->t[k];
                if (u->kind == KN_TOK_INDENT) depth++;
                if (u->kind == KN_TOK_DEDENT && --depth <= 0) {
                    k++;
                    break;
                }
                if (depth == 0 && u->kind == KN_TOK_NEWLINE && k > p->pos && is_kw(&p->t[k + 1], "case")) {
                    k++;
                    break;
                }
            }
            if (k < p->n && is_kw(&p->t[k], "case")) {
                if (pt->len == 1 && pt->start[0] == '_')
                    return fail_at(p, pt, TC_EXC_SYNTAX, "wildcard makes remaining patterns unreachable");
                return fail_at(p, pt, TC_EXC_SYNTAX, "name capture '%.*s' makes remaining patterns unreachable",
                               (int)pt->len, pt->start);
            }
        }
        if (!test && !(test = mk_true(p, c))) return -1;
        kn_node *n = node_new(p, KN_AST_IF, c);
        if (!n) return -1;
        n->if_stmt.test = test;
        if (parse_block(p, &n->if_stmt.body, c, "'case' statement") < 0 || nodes_push(p, chain, n) < 0) return -1;
        chain = &n->if_stmt.orelse;
        ncase++;
    }
    p->match_depth--;
    if (cur(p)->kind == KN_TOK_DEDENT) p->pos++;
    return ncase ? 0 : fail_at(p, t, TC_EXC_SYNTAX, "invalid syntax");
}

static int parse_stmt(parser *p, kn_nodes *out) {
    kn_token *t = cur(p);
    if (t->kind == KN_TOK_INDENT) return fail_at(p, t, TC_EXC_INDENTATION, "unexpected indent");
    if (enter(p) < 0) return -1;
    int rc;
    if (is_op(t, KN_OP_AT))
        rc = parse_decorated(p, out);
    else if (t->kind != KN_TOK_NAME)
        rc = parse_simple_stmts(p, out);
    else if (accept_kw(p, "if"))
        rc = parse_if(p, out, t, "if");
    else if (accept_kw(p, "for"))
        rc = parse_loop(p, out, t, true);
    else if (accept_kw(p, "while"))
        rc = parse_loop(p, out, t, false);
    else if (accept_kw(p, "with"))
        rc = parse_with(p, out, t);
    else if (accept_kw(p, "try"))
        rc = parse_try(p, out, t);
    else if (accept_kw(p, "def"))
        rc = parse_def(p, out, t, NULL);
    else if (accept_kw(p, "class"))
        rc = parse_class(p, out, t, NULL);
    else if (is_kw(t, "async"))
        rc = unsupported(p, t, "'async' statements");
    else if (is_kw(t, "match") && looks_like_match(p))
        rc = parse_match(p, out, t);
    else if (is_kw(t, "elif") || is_kw(t, "else") || is_kw(t, "except") || is_kw(t, "finally"))
        rc = fail_at(p, t, TC_EXC_SYNTAX, "invalid syntax");
    else
        rc = parse_simple_stmts(p, out);
    p->depth--;
    if (rc == 0 && p->yield_outside && !p->scope)
        rc = fail_at(p, p->yield_outside, TC_EXC_SYNTAX, "'yield' outside function");
    return rc;
}

/* ---- entry points --------------------------------------------------------------------- */

/* Parse a cell (see ast.h). */
/* A parse during which an allocation failed reports MemoryError, whatever syntax error
 * the missing piece then caused (its tree may lack that piece). True when it did. */
static bool oom_wins(kn_parse_error *pe) {
    if (!tc_alloc_failed_take()) return false;
    tc_error_clear(&pe->err);
    tc_error_set(&pe->err, TC_EXC_MEMORY, "%s", "");
    pe->incomplete = false;
    return true;
}

kn_ast *kn_parse(const char *src, int cell, kn_parse_error *pe) {
    memset(pe, 0, sizeof *pe);
    tc_alloc_failed_take();
    kn_ast *ast = tc_calloc(1, sizeof *ast);
    if (!ast || !(ast->source = tc_strdup(src))) {
        tc_free(ast);
        tc_error_set(&pe->err, TC_EXC_MEMORY, "%s", "");
        return NULL;
    }
    ast->refcnt = 1;
    ast->cell = cell;
    kn_tokens toks;
    if (kn_lex(ast->source, &toks) < 0) {
        pe->err = toks.err;
        pe->line = toks.err_line;
        pe->col = toks.err_col;
        pe->incomplete = toks.incomplete;
        oom_wins(pe);
        kn_tokens_free(&toks);
        kn_ast_unref(ast);
        return NULL;
    }
    parser p = {.ast = ast, .t = toks.toks, .n = toks.ntoks, .pe = pe};
    while (cur(&p)->kind != KN_TOK_END) {
        if (cur(&p)->kind == KN_TOK_NEWLINE) {
            p.pos++;
            continue;
        }
        if (parse_stmt(&p, &ast->body) < 0) break;
    }
    tc_free(p.walrus);
    kn_tokens_free(&toks);
    if (oom_wins(pe) || tc_error_is_set(&pe->err)) {
        kn_ast_unref(ast);
        return NULL;
    }
    return ast;
}

/* A new reference to ast. */
kn_ast *kn_ast_ref(kn_ast *ast) {
    if (ast) ast->refcnt++;
    return ast;
}

/* Remember an evaluator cache so it is released with the tree. */
int kn_ast_keep(kn_ast *ast, void *cache) {
    if (ast->ncaches == ast->capcaches) {
        int cap = ast->capcaches ? ast->capcaches * 2 : 16;
        void **nc = tc_realloc(ast->caches, (size_t)cap * sizeof *nc);
        if (!nc) return -1;
        ast->caches = nc;
        ast->capcaches = cap;
    }
    ast->caches[ast->ncaches++] = cache;
    return 0;
}

static void release_nodes(kn_ast *ast) {
    for (int i = 0; i < ast->ncaches; i++)
        if (ast->release) ast->release(ast->caches[i]);
    tc_free(ast->caches);
}

/* Drop a reference; frees the arena and source at zero. */
void kn_ast_unref(kn_ast *ast) {
    if (!ast || --ast->refcnt > 0) return;
    release_nodes(ast);
    kn_arena_block *b = ast->arena;
    while (b) {
        kn_arena_block *n = b->next;
        tc_free(b);
        b = n;
    }
    tc_free(ast->source);
    tc_free(ast);
}

/* The text of one source line (see ast.h). */
const char *kn_ast_line(const kn_ast *ast, int line, char *buf, size_t n) {
    buf[0] = 0;
    if (!ast || !ast->source || line < 1) return buf;
    const char *s = ast->source;
    for (int l = 1; l < line && s; l++) {
        s = strchr(s, '\n');
        if (s) s++;
    }
    if (!s || !*s) return buf;
    size_t len = strcspn(s, "\n");
    if (len >= n) len = n - 1;
    memcpy(buf, s, len);
    buf[len] = 0;
    return buf;
}
