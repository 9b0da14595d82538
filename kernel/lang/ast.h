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

#include "kernel/objects/object.h"
#include "tensorcore/error.h"

/* Node kinds. Each kind's fields are the member of kn_node's union named beside it. */
#define KN_AST_LIST(X)                                                                   \
    /* expressions */                                                                    \
    X(CONST)      /* constant */                                                         \
    X(NAME)       /* name */                                                             \
    X(FSTRING)    /* fstring */                                                          \
    X(FORMATTED)  /* formatted: one {value!conv:spec} field of an f-string */            \
    X(BINOP)      /* binop */                                                            \
    X(UNARY)      /* unary */                                                            \
    X(BOOLOP)     /* boolop */                                                           \
    X(COMPARE)    /* compare */                                                          \
    X(IFEXP)      /* ifexp */                                                            \
    X(CALL)       /* call */                                                             \
    X(KEYWORD)    /* keyword: one name=value or **mapping argument of a call */          \
    X(ATTR)       /* attr */                                                             \
    X(SUBSCRIPT)  /* subscript */                                                        \
    X(SLICE)      /* slice */                                                            \
    X(STARRED)    /* starred */                                                          \
    X(TUPLE)      /* seq */                                                              \
    X(LIST)       /* seq */                                                              \
    X(DICT)       /* dict */                                                             \
    X(SET)        /* seq: {a, *b} */                                                     \
    X(LISTCOMP)   /* comp (value NULL); also generator expressions (genexp set)        */ \
    X(DICTCOMP)   /* comp */                                                             \
    X(SETCOMP)    /* comp (value NULL) */                                                \
    X(COMPFOR)    /* compfor: one "for target in iter if ..." clause */                  \
    X(LAMBDA)     /* lambda */                                                           \
    X(YIELD)      /* yield_expr (value may be NULL) */                                   \
    X(YIELDFROM)  /* yield_expr */                                                       \
    X(NAMEDEXPR)  /* namedexpr: target := value */                                       \
    /* statements */                                                                     \
    X(EXPR)       /* expr_stmt */                                                        \
    X(ASSIGN)     /* assign_stmt */                                                      \
    X(AUGASSIGN)  /* augassign_stmt */                                                   \
    X(ANNASSIGN)  /* annassign_stmt: target: annotation [= value] */                     \
    X(IMPORT)     /* import_stmt (module NULL) */                                        \
    X(FROMIMPORT) /* import_stmt */                                                      \
    X(ALIAS)      /* alias: one "name as asname" of an import */                         \
    X(DEL)        /* del_stmt */                                                         \
    X(PASS) X(BREAK) X(CONTINUE) /* no fields */                                         \
    X(IF)         /* if_stmt */                                                          \
    X(FOR)        /* for_stmt */                                                         \
    X(WHILE)      /* while_stmt */                                                       \
    X(DEF)        /* def_stmt */                                                         \
    X(RETURN)     /* return_stmt */                                                      \
    X(WITH)       /* with_stmt */                                                        \
    X(WITHITEM)   /* withitem: one "context as target" of a with statement */            \
    X(TRY)        /* try_stmt */                                                         \
    X(HANDLER)    /* handler: one except clause */                                       \
    X(RAISE)      /* raise_stmt */                                                       \
    X(ASSERT)     /* assert_stmt */                                                      \
    X(GLOBAL)     /* global_stmt */                                                      \
    X(CLASS)      /* class_stmt */                                                       \
    X(NONLOCAL)   /* global_stmt */                                                      \
    X(MAGIC)      /* magic */

typedef enum kn_node_kind {
#define KN__AST_ENUM(id) KN_AST_##id,
    KN_AST_LIST(KN__AST_ENUM)
#undef KN__AST_ENUM
    KN_AST_COUNT
} kn_node_kind;
const char *kn_node_kind_name(kn_node_kind k);

/* Unary operators: the object model's kn_unop values, then `not` (which is no slot). */
typedef enum kn_unary_kind {
    KN_UNARY_NEG = KN_UNOP_NEG,
    KN_UNARY_POS = KN_UNOP_POS,
    KN_UNARY_INVERT = KN_UNOP_INVERT,
    KN_UNARY_NOT
} kn_unary_kind;

/* Comparison operators: the object model's kn_cmpop values, then the ones that are no
 * compare slot (membership and identity). */
typedef enum kn_cmp_kind {
    KN_CMPK_LT = KN_CMP_LT, KN_CMPK_LE = KN_CMP_LE, KN_CMPK_EQ = KN_CMP_EQ,
    KN_CMPK_NE = KN_CMP_NE, KN_CMPK_GT = KN_CMP_GT, KN_CMPK_GE = KN_CMP_GE,
    KN_CMPK_IN, KN_CMPK_NOT_IN, KN_CMPK_IS, KN_CMPK_IS_NOT
} kn_cmp_kind;
_Static_assert(KN_CMPK_GE == 5 && KN_CMPK_IN == 6, "kn_cmp_kind extends kn_cmpop");

typedef enum kn_boolop_kind { KN_BOOLOP_AND, KN_BOOLOP_OR } kn_boolop_kind;

/* The conversion of an f-string field (`{x!r}`), valued as the letter written. */
typedef enum kn_conversion {
    KN_CONV_NONE = 0, KN_CONV_STR = 's', KN_CONV_REPR = 'r', KN_CONV_ASCII = 'a'
} kn_conversion;

typedef enum kn_const_kind {
    KN_CONST_NONE, KN_CONST_TRUE, KN_CONST_FALSE, KN_CONST_INT, KN_CONST_FLOAT, KN_CONST_STR,
    KN_CONST_ELLIPSIS, KN_CONST_BIGINT, /* an int literal beyond int64: s is its source text */
    KN_CONST_BYTES, /* s, slen */
    KN_CONST_IMAG   /* f: the imaginary part of 0+fj */
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
    bool posonly;        /* NORMAL before '/' */
    kn_node *annotation; /* NULL when none */
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
    char **nonlocals;  /* declared nonlocal: stored in the enclosing function's scope */
    int nnonlocals;
    char **freevars;   /* read here, bound in an enclosing function (closure variables) */
    int nfreevars;
    kn_node *returns;  /* return annotation or NULL */
    char *signature;   /* "(x, y=2)" as written */
    char *doc;         /* docstring or NULL */
    bool generator;    /* the body contains yield: calls return a generator */
    bool outer_reads;  /* it, or a function or class body nested in it, reads or declares
                          nonlocal a name of an enclosing function: its calls need the
                          enclosing functions' scopes (without, it holds none of them) */
} kn_fn;

/* One node. 'kind' says which member of the union is valid; a kn_nodes list or pointer
 * documented as "may be NULL" is empty or NULL when absent. Everything lives in the ast's
 * arena. */
struct kn_node {
    kn_node_kind kind;
    int line, col;
    void *cache; /* evaluator-owned (constant object); released through kn_ast.release */
    union {
        kn_const constant;                                   /* CONST */
        struct { char *id; } name;                           /* NAME */
        struct { kn_nodes parts; } fstring; /* CONST str parts and FORMATTED fields */
        struct {
            kn_node *value;
            kn_node *spec; /* FSTRING or NULL */
            kn_conversion conversion;
        } formatted;
        struct { kn_binop op; kn_node *left, *right; } binop;
        struct { kn_unary_kind op; kn_node *operand; } unary;
        struct { kn_boolop_kind op; kn_nodes values; } boolop;
        struct {
            kn_node *left;
            kn_nodes comparators;
            kn_cmp_kind *ops; /* one per comparator */
        } compare;
        struct { kn_node *test, *body, *orelse; } ifexp;
        struct {
            kn_node *func;
            kn_nodes args;     /* STARRED for *x */
            kn_nodes keywords; /* KEYWORD */
        } call;
        struct { char *arg; kn_node *value; } keyword; /* arg NULL for **mapping */
        struct { kn_node *value; char *attr; } attr;
        struct { kn_node *value, *index; } subscript;
        struct { kn_node *lower, *upper, *step; } slice; /* each may be NULL */
        struct { kn_node *value; } starred;
        struct { kn_nodes elts; } seq; /* TUPLE, LIST */
        struct { kn_nodes keys, values; } dict; /* key NULL for **mapping */
        struct {
            kn_node *elt;   /* LISTCOMP element, DICTCOMP key */
            kn_node *value; /* DICTCOMP value; NULL for LISTCOMP */
            kn_nodes generators; /* COMPFOR */
            bool genexp;    /* written as a generator expression */
        } comp;
        struct { kn_node *target, *iter; kn_nodes ifs; } compfor;
        struct { kn_fn *fn; kn_node *body; } lambda;
        struct { kn_node *value; } yield_expr; /* YIELD (value may be NULL), YIELDFROM */
        struct { kn_node *target, *value; } namedexpr; /* target is a NAME */
        struct { kn_node *value; bool hidden; } expr_stmt; /* hidden: line ends with ';' */
        struct { kn_nodes targets; kn_node *value; } assign_stmt; /* a = b = value */
        struct { kn_node *target; kn_binop op; kn_node *value; } augassign_stmt;
        struct {
            kn_node *target, *annotation;
            kn_node *value; /* NULL for a bare annotation */
            bool simple;    /* a plain name, not parenthesized: recorded in __annotations__ */
        } annassign_stmt;
        struct {
            char *module;   /* FROMIMPORT's module; NULL for IMPORT */
            kn_nodes names; /* ALIAS */
        } import_stmt;
        struct { char *name, *asname; } alias; /* dotted name; asname may be NULL */
        struct { kn_nodes targets; } del_stmt;
        struct { kn_node *test; kn_nodes body, orelse; } if_stmt;
        struct { kn_node *target, *iter; kn_nodes body, orelse; } for_stmt;
        struct { kn_node *test; kn_nodes body, orelse; } while_stmt;
        struct {
            kn_fn *fn;           /* the name is fn->name */
            kn_nodes body;
            kn_nodes decorators; /* outermost first, as written */
        } def_stmt;
        struct { kn_node *value; } return_stmt;        /* may be NULL */
        struct { kn_nodes items, body; } with_stmt;     /* items: WITHITEM */
        struct { kn_node *context, *target; } withitem; /* target may be NULL */
        struct { kn_nodes body, handlers, orelse, finalbody; } try_stmt; /* handlers: HANDLER */
        struct {
            kn_node *type; /* exception expression or NULL */
            char *name;    /* as-name or NULL */
            kn_nodes body;
        } handler;
        struct { kn_node *exc, *cause; } raise_stmt;   /* each may be NULL */
        struct { kn_node *test, *msg; } assert_stmt;   /* msg may be NULL */
        struct { kn_nodes names; } global_stmt;        /* NAME nodes; also NONLOCAL */
        struct { char *line; } magic;                  /* the line after '%' */
        struct {
            char *name, *qualname;
            kn_nodes bases;    /* positional arguments (STARRED for *x) */
            kn_nodes keywords; /* KEYWORD */
            kn_nodes body;
            char *doc;         /* docstring or NULL */
            kn_nodes decorators; /* outermost first, as written */
        } class_stmt;
    };
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
