/*
 * The syntax tree of a cell, built by the parser and walked by the evaluator. Every node
 * carries the line it starts on. A whole cell is one kn_ast: an arena of nodes plus the
 * source text; it is reference counted because functions defined in a cell keep their
 * body alive after the cell ends.
 *
 *     kn_parse_error pe;
 *     kn_ast *ast = kn_parse("x = 1\nx + 1\n", 3, &pe);   // cell 3
 *     if (!ast) printf("line %d: %s\n", pe.line, pe.err.msg);
 *     ... ast->body.v[i] ...
 *     kn_ast_unref(ast);
 */
#ifndef KN_LANG_AST_H
#define KN_LANG_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tensorcore/error.h"

/* Node kinds. Fields used by each kind are listed beside it. */
#define KN_AST_LIST(X)                                                                   \
    /* expressions */                                                                    \
    X(CONST)     /* cval */                                                              \
    X(NAME)      /* str */                                                               \
    X(FSTRING)   /* items: CONST str parts and FORMATTED parts */                        \
    X(FORMATTED) /* a: value, b: spec (FSTRING or NULL), op: 'r','s','a' or 0 */          \
    X(BINOP)     /* op (kn_binop), a, b */                                               \
    X(UNARY)     /* op (kn_unary_kind), a */                                             \
    X(BOOLOP)    /* op (0 and, 1 or), items */                                           \
    X(COMPARE)   /* a: left, items: comparators, ops[] (kn_cmp_kind) */                  \
    X(IFEXP)     /* a: test, b: body, c: orelse */                                       \
    X(CALL)      /* a: callee, items: args (STARRED for *x), items2: KEYWORD nodes */    \
    X(KEYWORD)   /* str: name (NULL for **mapping), a: value */                          \
    X(ATTR)      /* a: value, str: attribute */                                          \
    X(SUBSCRIPT) /* a: value, b: index */                                                \
    X(SLICE)     /* a: lower, b: upper, c: step (each may be NULL) */                    \
    X(STARRED)   /* a */                                                                 \
    X(TUPLE)     /* items */                                                             \
    X(LIST)      /* items */                                                             \
    X(DICT)      /* items: keys (NULL for **mapping), items2: values */                  \
    X(LISTCOMP)  /* a: element, items: COMPFOR clauses */                                \
    X(DICTCOMP)  /* a: key, b: value, items: COMPFOR clauses */                          \
    X(COMPFOR)   /* a: target, b: iterable, items: if conditions */                      \
    X(LAMBDA)    /* fn, a: body expression */                                            \
    /* statements */                                                                     \
    X(EXPR)      /* a; op = 1 when the line ends with ';' */                             \
    X(ASSIGN)    /* items: targets (a = b = value), a: value */                          \
    X(AUGASSIGN) /* a: target, op (kn_binop), b: value */                                \
    X(IMPORT)    /* items: ALIAS */                                                      \
    X(FROMIMPORT) /* str: module, items: ALIAS */                                        \
    X(ALIAS)     /* str: dotted name, str2: as-name or NULL */                           \
    X(DEL)       /* items: targets */                                                    \
    X(PASS) X(BREAK) X(CONTINUE)                                                         \
    X(IF)        /* a: test, body, orelse */                                             \
    X(FOR)       /* a: target, b: iterable, body, orelse */                              \
    X(WHILE)     /* a: test, body, orelse */                                             \
    X(DEF)       /* str: name, fn, body */                                               \
    X(RETURN)    /* a (may be NULL) */                                                   \
    X(WITH)      /* items: WITHITEM, body */                                             \
    X(WITHITEM)  /* a: context expression, b: target or NULL */                          \
    X(TRY)       /* body, items: HANDLER, orelse, finalbody */                           \
    X(HANDLER)   /* a: exception expression or NULL, str: as-name or NULL, body */       \
    X(RAISE)     /* a: exception or NULL, b: cause or NULL */                            \
    X(ASSERT)    /* a: test, b: message or NULL */                                       \
    X(GLOBAL)    /* items: NAME nodes */                                                 \
    X(MAGIC)     /* str: the line after '%' */

typedef enum kn_node_kind {
#define KN__AST_ENUM(id) KN_AST_##id,
    KN_AST_LIST(KN__AST_ENUM)
#undef KN__AST_ENUM
    KN_AST_COUNT
} kn_node_kind;
const char *kn_node_kind_name(kn_node_kind k);

typedef enum kn_unary_kind { KN_UNARY_NEG, KN_UNARY_POS, KN_UNARY_INVERT, KN_UNARY_NOT } kn_unary_kind;
typedef enum kn_cmp_kind {
    KN_CMPK_LT, KN_CMPK_LE, KN_CMPK_EQ, KN_CMPK_NE, KN_CMPK_GT, KN_CMPK_GE, /* = kn_cmpop */
    KN_CMPK_IN, KN_CMPK_NOT_IN, KN_CMPK_IS, KN_CMPK_IS_NOT
} kn_cmp_kind;

typedef enum kn_const_kind {
    KN_CONST_NONE, KN_CONST_TRUE, KN_CONST_FALSE, KN_CONST_INT, KN_CONST_FLOAT, KN_CONST_STR,
    KN_CONST_ELLIPSIS
} kn_const_kind;

typedef struct kn_const {
    kn_const_kind kind;
    int64_t i;
    double f;
    char *s;     /* arena */
    size_t slen;
} kn_const;

typedef struct kn_node kn_node;
typedef struct kn_nodes {
    kn_node **v;
    int n;
} kn_nodes;

typedef enum kn_param_kind {
    KN_PARAM_NORMAL, KN_PARAM_VARARGS, KN_PARAM_KWONLY, KN_PARAM_KWARGS
} kn_param_kind;

typedef struct kn_param {
    char *name;
    kn_node *dflt; /* NULL: required */
    kn_param_kind kind;
} kn_param;

/* A def or lambda: parameters and the names its body binds locally (Python's scoping:
 * assigned anywhere in the body and not declared global). */
typedef struct kn_fn {
    char *name;        /* "<lambda>" for lambdas */
    char *qualname;    /* "f", "outer.<locals>.inner" */
    kn_param *params;
    int nparams;
    char **locals;
    int nlocals;
    char **globals;
    int nglobals;
    char *signature;   /* "(x, y=2)" as written */
    char *doc;         /* docstring or NULL */
} kn_fn;

struct kn_node {
    kn_node_kind kind;
    int line, col;
    int op;
    char *str, *str2;
    kn_const cval;
    kn_node *a, *b, *c;
    kn_nodes items, items2, body, orelse, finalbody;
    int *ops;
    kn_fn *fn;
    void *cache; /* evaluator-owned (constant object); released through kn_ast.release */
};

typedef struct kn_arena_block kn_arena_block;

typedef struct kn_ast {
    int refcnt;
    kn_nodes body;
    char *source;  /* a copy of the cell */
    int cell;      /* execution count, for tracebacks */
    kn_arena_block *arena;
    void (*release)(void *cache); /* set by the evaluator to free node caches */
    void **caches;
    int ncaches, capcaches;
} kn_ast;

typedef struct kn_parse_error {
    tc_error err;   /* SyntaxError / IndentationError / OverflowError */
    int line, col;
    bool incomplete; /* more input could make it valid */
} kn_parse_error;

/* Parse a cell. A new reference, or NULL with *pe filled. */
kn_ast *kn_parse(const char *src, int cell, kn_parse_error *pe);
kn_ast *kn_ast_ref(kn_ast *ast);
void kn_ast_unref(kn_ast *ast); /* NULL is fine */

/* Register a node cache to be passed to ast->release when the tree is freed. */
int kn_ast_keep(kn_ast *ast, void *cache);

/* The text of line 'line' (1-based) of the ast's source into buf; "" when out of range. */
const char *kn_ast_line(const kn_ast *ast, int line, char *buf, size_t n);

#endif
