/*
 * Bytecode compiler and VM for user function bodies (see vm.h).
 *
 * The compiler walks a def's (or lambda's) syntax tree once and emits instructions for a
 * stack machine. Each instruction records the line of the statement it belongs to, so that
 * an error's traceback entry is the one the tree-walker would record. Evaluation order is
 * CPython's (and the tree-walker's): assignment values before their targets, dict keys
 * before values, a call's callee before its arguments.
 */
#include "kernel/lang/vm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/objects/attr_site.h"
#include "kernel/objects/builtins.h"

/* ---- instructions --------------------------------------------------------------------- */

// clang-format off
/* The instruction set: name, stack effect (for sizing the stack; the compiler corrects the
 * few whose effect depends on the operands). */
#define VM_OPS(X)                                                                          \
    X(NOP, 0) X(POP, -1) X(DUP, 1) X(DUP2, 2) X(ROT2, 0) X(ROT3, 0)                          \
    X(LOAD_CONST, 1)    /* consts[arg] */                                                  \
    X(LOAD_FAST, 1)     /* slots[arg]; a: read from a comprehension (free variable text) */ \
    X(STORE_FAST, -1) X(DELETE_FAST, 0)                                                    \
    X(CLEAR_FAST, 0)    /* unbind a comprehension's hidden slot, no error */               \
    X(LOAD_GLOBAL, 1)   /* names[arg]: enclosing scopes, globals, builtins */              \
    X(STORE_GLOBAL, -1) X(DELETE_GLOBAL, 0)                                                \
    X(LOAD_DEREF, 1) X(STORE_DEREF, -1) X(DELETE_DEREF, 0) /* names[arg] in the frame's   \
                           locals dict: the locals nested functions read */                \
    X(STORE_NONLOCAL, -1) /* names[arg], declared nonlocal */                              \
    X(INIT_CELLS, 0)    /* make the locals dict, with the parameters nested functions read */ \
    X(LOAD_ATTR, 0) X(STORE_ATTR, -2) X(DELETE_ATTR, -1) /* names[arg] */                  \
    X(LOAD_METHOD, 1)   /* obj -> callee, self-or-NULL */                                  \
    X(CALL, 0)          /* arg positional arguments over the callee */                     \
    X(CALL_METHOD, 0)   /* arg positional arguments over callee, self-or-NULL */           \
    X(CALL_KW, 0)       /* kwsets[arg]; a: method form */                                  \
    X(CALL_EXTEND, -1)  /* f(*x): x into the argument list under it, the callee below */   \
    X(CALL_KWADD, -1)   /* f(name=v): v into the keyword dict under it as names[arg] */    \
    X(CALL_KWMERGE, -1) /* f(**m): m into the keyword dict under it */                      \
    X(CALL_EX, 0)       /* callee, argument list, and keyword dict when a */               \
    X(LOAD_SUBSCR, -1) X(STORE_SUBSCR, -3) X(DELETE_SUBSCR, -2)                            \
    X(BINARY, -1) X(BINARY_CONST, 0) /* a: kn_binop; _CONST: consts[arg] on the right */    \
    X(INPLACE, -1) X(INPLACE_CONST, 0) /* (each op's _CONST form follows it) */            \
    X(UNARY, 0)         /* a: kn_unop */                                                   \
    X(NOT, 0)                                                                              \
    X(COMPARE, -1)      /* a: kn_cmp_kind */                                               \
    X(COMPARE_CONST, 0) /* ... with consts[arg] on the right */                            \
    X(JUMP, 0) X(POP_JUMP_IF_FALSE, -1) X(POP_JUMP_IF_TRUE, -1)                            \
    X(JUMP_IF_FALSE_OR_POP, -1) X(JUMP_IF_TRUE_OR_POP, -1)                                 \
    X(GET_ITER, 0)                                                                         \
    X(FOR_ITER, 1)      /* push the next item, or pop the iterator and jump to arg */      \
    X(BUILD_TUPLE, 0) X(BUILD_LIST, 0) X(BUILD_SET, 0) X(BUILD_DICT, 0)                    \
    X(BUILD_SLICE, -2) X(BUILD_STRING, 0)                                                  \
    X(FORMAT, 0)        /* a: conversion, b: with a spec on top */                         \
    X(LIST_APPEND, -1) X(SET_ADD, -1) X(MAP_ADD, -2) /* collection arg deep */             \
    X(LIST_EXTEND, -1) X(SET_UPDATE, -1) X(DICT_UPDATE, -1)                                \
    X(LIST_TO_TUPLE, 0)                                                                    \
    X(UNPACK, 0)        /* arg targets; b: the starred one's index + 1 */                  \
    X(RETURN, -1)                                                                          \
    X(YIELD, 0)         /* a generator's yield: the value on top becomes the value sent */ \
    X(YF_ITER, 0)       /* the iterable on top becomes its iterator (yield from's delegate) */ \
    X(YIELD_FROM, -1)   /* [delegate, value sent]: becomes the delegate's result */        \
    X(RAISE, 0)         /* a: 0 re-raise, 1 exception, 2 exception and cause */            \
    X(ASSERT_FAIL, 0)   /* a: with a message */                                            \
    X(EXEC_TREE, 0)     /* module code: tree-walk nodes[arg]; a: break/continue stubs follow */ \
    X(EVAL_TREE, 1)     /* tree-walk the expression nodes[arg] (one that reads no slot) */ \
    X(GENEXP, 0)        /* the generator expression nodes[arg] over the iterable on top */ \
    X(MAKE_DEF, 1)      /* the function the def statement nodes[arg] binds */             \
    X(TRY, 0)           /* tries[arg]; a: break/continue stubs follow (b: break's length) */ \
    X(WITH, -1)         /* withs[arg], the manager on top; a, b: as TRY */                 \
    X(BLOCK_END, 0)     /* a part of a try/with statement ends normally */                 \
    X(BLOCK_VALUE, -1)  /* ... ends with the value on top (a handler's class) */           \
    X(BLOCK_BREAK, 0) X(BLOCK_CONTINUE, 0) /* ... ends by leaving the loop around it */

// clang-format on
typedef enum vm_op {
#define VM__ENUM(name, eff) OP_##name,
    VM_OPS(VM__ENUM)
#undef VM__ENUM
        OP_COUNT
} vm_op;

static const signed char op_effect[] = {
#define VM__EFF(name, eff) eff,
    VM_OPS(VM__EFF)
#undef VM__EFF
};

typedef struct ins {
    uint8_t op, a;
    uint16_t b;
    int32_t arg;
} ins;

/* A try statement's parts: code offsets, -1 when absent. A handler's as-name is a slot
 * (as_kind 1) or a global (2, names[as_idx]). */
typedef struct vm_handler {
    int type, body, as_kind, as_idx;
} vm_handler;
typedef struct vm_try {
    int body, orelse, final, after;
    int nh;
    vm_handler *h;
} vm_try;
/* One item of a with statement: the code storing the entered value (-1: no target), the
 * body (the next item's, or the statement's body). */
typedef struct vm_with {
    int target, body, after;
} vm_with;

/* A method call site's cache: the builtin method the last receiver's type had under the
 * name (types whose method tables are fixed; see cacheable_type). */
typedef struct vm_mcache {
    const kn_type *type;
    kn_cfunc fn;
    const char *name, *sig;
    kn_attr_site site; /* for receivers that are user class instances */
} vm_mcache;

/* A global name's lookup cache: where the name was found in the module's globals (gix),
 * or that it was absent there (gix -1) and where it was in the builtins, valid while both
 * dicts keep the versions seen (kn_dict_version). */
typedef struct vm_gcache {
    int64_t gver, bver, gix, bix;
} vm_gcache;

/* The keyword names of one call site. */
typedef struct kwset {
    int npos, nkw;
    const char **names; /* the syntax tree's strings */
} kwset;

struct kn_code {
    kn_obj base;
    bool ok; /* false: the VM does not run this body (cached so it is not retried) */
    ins *code;
    int32_t *lines;
    int n, cap;
    kn_obj **consts; /* owned */
    int nconsts, capconsts;
    kn_obj **names; /* interned strs, owned */
    int nnames, capnames;
    kwset *kwsets;
    int nkwsets, capkwsets;
    const char **slotnames; /* parameters first, then the locals, then hidden ones */
    int nslots, capslots;
    kn_node **nodes; /* EXEC_TREE / EVAL_TREE operands (the ast's) */
    int nnodes, capnodes;
    vm_try *tries;
    int ntries, captries;
    vm_with *withs;
    int nwiths, capwiths;
    vm_mcache *mcache; /* written as calls run */
    int nmcache, capmcache;
    vm_gcache *gcache; /* written as global names are read */
    int ngcache, capgcache;
    int64_t *ahint; /* global store sites' guesses of positions in the globals */
    int nahint, capahint;
    kn_attr_site *asite; /* attribute load and store sites' caches */
    int nasite, capasite;
    int nparams;
    int *cellparams; /* parameters (slot indexes) that live in the locals dict too */
    int *cellnames;  /* their names' indexes in names[] */
    int ncellparams;
    bool generator;     /* calls make a generator that runs the body (kn__gen_from_code) */
    bool flat;          /* a generator whose yields are all at the top level (vm.h) */
    bool simple_params; /* only plain positional parameters: binding by position alone */
    int stacksize;
};

static void code_dealloc(kn_obj *self) {
    kn_code *co = (kn_code *)self;
    for (int i = 0; i < co->nconsts; i++)
        kn_decref(co->consts[i]);
    for (int i = 0; i < co->nnames; i++)
        kn_decref(co->names[i]);
    for (int i = 0; i < co->nkwsets; i++)
        tc_free(co->kwsets[i].names);
    tc_free(co->consts);
    tc_free(co->names);
    tc_free(co->kwsets);
    tc_free(co->slotnames);
    tc_free(co->nodes);
    for (int i = 0; i < co->ntries; i++)
        tc_free(co->tries[i].h);
    tc_free(co->tries);
    tc_free(co->withs);
    tc_free(co->mcache);
    tc_free(co->gcache);
    tc_free(co->ahint);
    tc_free(co->asite);
    tc_free(co->cellparams);
    tc_free(co->cellnames);
    tc_free(co->code);
    tc_free(co->lines);
}

static const kn_type code_type = {.name = "code", .qualname = "code", .dealloc = code_dealloc};

/* ---- the compiler --------------------------------------------------------------------- */

typedef struct loop {
    int cont;    /* continue target */
    int *breaks; /* jumps to patch to the loop's end */
    int nbreaks, capbreaks;
    bool is_for; /* its iterator is on the stack */
} loop;

typedef struct compvar {
    const char *name;
    int slot;
} compvar;

typedef struct cc {
    kn_code *co;
    kn_eval *ev;
    bool module; /* module-level code: what the VM does not run is tree-walked in place */
    frame *f;    /* a frame of fo's module, for constants the tree-walker builds */
    const kn_fn *fn;
    int line, depth;
    compvar *cvars; /* the comprehensions' own names, innermost last */
    int ncvars, capcvars;
    int ncomp; /* comprehensions open */
    loop loops[64];
    int nloops;
    int block_loops; /* the loops below this index are outside the try/with part compiled */
    bool fail;
    bool nomem; /* an allocation failed that reported itself in a local error (kn_nomem took
                   the allocator's mark): the compilation ran out of memory */
    const kn_node *genexp; /* compiling this generator expression's body */
    int nest;              /* recursion depth of the compiler's walk (see NEST_MAX) */
    const char **captured; /* locals that nested functions read: kept in the locals dict */
    int ncaptured, capcaptured;
    bool collect;    /* reads_slots collects captured names instead of answering */
    bool tree_binds; /* a class statement binds in the frame's locals dict (collect pass) */
    const char *why; /* the first construct the VM does not run (TK_VM_STATS) */
} cc;

/* Deeper syntax trees (a sum of thousands of terms) are left to the tree-walker, which
 * checks its stack and raises RecursionError as CPython's compiler does. */
#define NEST_MAX 400

static void give_up(cc *c, const char *why) {
    if (!c->fail && !c->why) c->why = why;
    c->fail = true;
}

/* A step that failed with the error e (a constant that could not be made): the body is left
 * to the tree-walker, which raises e itself, unless e is MemoryError (see finish). */
static void step_failed(cc *c, const kn_err *e) {
    if (e->type == TC_EXC_MEMORY) c->nomem = true;
    c->fail = true;
}

/* The object of a constant of the tree (new reference), or NULL with the step failed. */
static kn_obj *const_new(cc *c, const kn_const *k) {
    kn_err e;
    tc_error_init(&e);
    kn_obj *v = kn__const_new(k, &e);
    if (!v) step_failed(c, &e);
    return v;
}

#define GROW(ptr, n, cap)                                                                          \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            int ncap_ = (cap) ? (cap)*2 : 8;                                                       \
            void *np_ = tc_reallocarray((ptr), (size_t)ncap_, sizeof *(ptr));                      \
            if (!np_) {                                                                            \
                c->fail = true;                                                                    \
                break;                                                                             \
            }                                                                                      \
            (ptr) = np_;                                                                           \
            (cap) = ncap_;                                                                         \
        }                                                                                          \
    } while (0)

static int emit(cc *c, vm_op op, int a, int b, int arg) {
    kn_code *co = c->co;
    if (c->fail) return 0;
    if (co->n == co->cap) {
        int cap = co->cap ? co->cap * 2 : 64;
        ins *ni = tc_reallocarray(co->code, (size_t)cap, sizeof *ni);
        if (ni) co->code = ni;
        int32_t *nl = ni ? tc_reallocarray(co->lines, (size_t)cap, sizeof *nl) : NULL;
        if (!nl) {
            c->fail = true;
            return 0;
        }
        co->lines = nl;
        co->cap = cap;
    }
    co->code[co->n] = (ins){(uint8_t)op, (uint8_t)a, (uint16_t)b, arg};
    co->lines[co->n] = c->line;
    c->depth += op_effect[op];
    if (c->depth + 2 > co->stacksize) co->stacksize = c->depth + 2;
    return co->n++;
}

/* The stack effect the table cannot know (operand counts). */
static void adjust(cc *c, int delta) {
    c->depth += delta;
    if (c->depth + 2 > c->co->stacksize) c->co->stacksize = c->depth + 2;
}

static void patch(cc *c, int at) {
    if (!c->fail) c->co->code[at].arg = c->co->n;
}

static int add_const(cc *c, kn_obj *v) {
    if (!v) {
        c->fail = true;
        return 0;
    }
    kn_code *co = c->co;
    GROW(co->consts, co->nconsts, co->capconsts);
    if (c->fail) {
        kn_decref(v);
        return 0;
    }
    co->consts[co->nconsts] = v; /* steals */
    return co->nconsts++;
}

static int add_name(cc *c, const char *name) {
    kn_code *co = c->co;
    for (int i = 0; i < co->nnames; i++)
        if (strcmp(kn_str_cstr(co->names[i]), name) == 0) return i;
    kn_obj *k = kn__intern_name(name);
    if (!k) {
        c->fail = true;
        return 0;
    }
    GROW(co->names, co->nnames, co->capnames);
    if (c->fail) {
        kn_decref(k);
        return 0;
    }
    co->names[co->nnames] = k;
    return co->nnames++;
}

static int add_slot(cc *c, const char *name) {
    kn_code *co = c->co;
    /* interned as the tree-walker interns the names it binds (the table lives as long as
     * the process), so that either way of running leaves the same names behind */
    kn_obj *k = kn__intern_name(name);
    if (!k) {
        c->fail = true;
        return 0;
    }
    kn_decref(k);
    GROW(co->slotnames, co->nslots, co->capslots);
    if (c->fail) return 0;
    co->slotnames[co->nslots] = name;
    return co->nslots++;
}

static bool in_list(char *const *v, int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (strcmp(v[i], name) == 0) return true;
    return false;
}

/* Names whose builtins look at the running frame's locals dict, which a VM call has not. */
static bool frame_builtin(const char *name) {
    static const char *const names[] = {"locals", "vars", "dir", "eval", "exec"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i], name) == 0) return true;
    return false;
}

typedef enum ref_kind { REF_FAST, REF_GLOBAL, REF_DEREF, REF_NONLOCAL } ref_kind;

static bool is_captured(const cc *c, const char *name) {
    for (int i = 0; i < c->ncaptured; i++)
        if (strcmp(c->captured[i], name) == 0) return true;
    return false;
}

/* Where a name lives: a slot (its index in *idx) or outside the function. 'skip_comp'
 * resolves past the comprehensions' own names (the target of :=). */
static ref_kind resolve(cc *c, const char *name, bool skip_comp, int *idx) {
    if (!skip_comp)
        for (int i = c->ncvars - 1; i >= 0; i--)
            if (strcmp(c->cvars[i].name, name) == 0) {
                *idx = c->cvars[i].slot;
                return REF_FAST;
            }
    const kn_fn *fn = c->fn;
    if (!fn) return REF_GLOBAL; /* module level: the globals dict */
    if (in_list(fn->globals, fn->nglobals, name)) return REF_GLOBAL;
    if (in_list(fn->nonlocals, fn->nnonlocals, name)) return REF_NONLOCAL;
    if (is_captured(c, name)) return REF_DEREF;
    for (int i = 0; i < c->co->nslots; i++)
        if (c->co->slotnames[i] && strcmp(c->co->slotnames[i], name) == 0 &&
            (i < c->co->nparams || in_list(fn->locals, fn->nlocals, name))) {
            *idx = i;
            return REF_FAST;
        }
    return REF_GLOBAL;
}

static void cexpr(cc *c, kn_node *n);
static int add_node(cc *c, kn_node *n);
static void cstmts(cc *c, const kn_nodes *body);
static void cbreak(cc *c);
static void cstore(cc *c, kn_node *t);

/* A new global store site's position guess (its index), for STORE_GLOBAL's b. */
static int add_ahint(cc *c) {
    kn_code *co = c->co;
    GROW(co->ahint, co->nahint, co->capahint);
    if (c->fail || co->nahint >= 65535) {
        c->fail = true;
        return 0;
    }
    co->ahint[co->nahint] = -1;
    return co->nahint++;
}

/* A new attribute site's cache (its index), for LOAD_ATTR / STORE_ATTR's b. */
static int add_asite(cc *c) {
    kn_code *co = c->co;
    GROW(co->asite, co->nasite, co->capasite);
    if (c->fail || co->nasite >= 65535) {
        c->fail = true;
        return 0;
    }
    co->asite[co->nasite] = KN_ATTR_SITE_INIT;
    return co->nasite++;
}

static void load_name(cc *c, const char *name) {
    int idx = 0;
    if (c->fn && frame_builtin(name)) give_up(c, "locals()-like builtin");
    ref_kind k = resolve(c, name, false, &idx);
    if (k == REF_DEREF) {
        emit(c, OP_LOAD_DEREF, 0, 0, add_name(c, name));
    } else if (k == REF_FAST) {
        bool comp_free = c->ncomp > 0 && idx < c->co->nslots;
        for (int i = 0; comp_free && i < c->ncvars; i++)
            comp_free = c->cvars[i].slot != idx;
        emit(c, OP_LOAD_FAST, comp_free, 0, idx);
    } else {
        kn_code *co = c->co;
        GROW(co->gcache, co->ngcache, co->capgcache);
        if (c->fail || co->ngcache >= 65535) {
            c->fail = true;
            return;
        }
        co->gcache[co->ngcache] = (vm_gcache){-1, -1, -1, -1};
        emit(c, OP_LOAD_GLOBAL, 0, co->ngcache++, add_name(c, name));
    }
}

static void store_name(cc *c, const char *name, bool skip_comp) {
    int idx = 0;
    ref_kind k = resolve(c, name, skip_comp, &idx);
    emit(c,
         k == REF_FAST       ? OP_STORE_FAST
         : k == REF_DEREF    ? OP_STORE_DEREF
         : k == REF_NONLOCAL ? OP_STORE_NONLOCAL
                             : OP_STORE_GLOBAL,
         0, k == REF_GLOBAL ? add_ahint(c) : 0, k == REF_FAST ? idx : add_name(c, name));
}

static void load_const(cc *c, kn_obj *v) {
    emit(c, OP_LOAD_CONST, 0, 0, add_const(c, v));
}

/* The right operand r of a binary operation or comparison: a literal becomes the op's own
 * operand (op + 1: BINARY_CONST, INPLACE_CONST, COMPARE_CONST), one dispatch fewer on
 * `n - 1`, `i += 1`, `x < 10`; anything else is pushed before op. */
static void operand_op(cc *c, kn_node *r, vm_op op, int a) {
    _Static_assert(OP_BINARY_CONST == OP_BINARY + 1 && OP_INPLACE_CONST == OP_INPLACE + 1 &&
                       OP_COMPARE_CONST == OP_COMPARE + 1,
                   "an op's _CONST form follows it");
    if (r->kind == KN_AST_CONST) {
        emit(c, op + 1, a, 0, add_const(c, const_new(c, &r->constant)));
    } else {
        cexpr(c, r);
        emit(c, op, a, 0, 0);
    }
}

/* An iterable of a for loop or comprehension: a set display of constants is CPython's
 * frozenset constant. */
static void citerable(cc *c, kn_node *n) {
    kn_err e;
    tc_error_init(&e);
    kn_obj *frozen = kn__const_set(c->ev, c->f, n, &e);
    if (frozen) {
        load_const(c, frozen);
    } else if (tc_error_is_set(&e)) {
        step_failed(c, &e);
    } else {
        cexpr(c, n);
    }
}

/* A subscript's index: slices become slice objects, a tuple of them a tuple. */
static void cindex(cc *c, kn_node *n) {
    if (n->kind == KN_AST_SLICE) {
        kn_node *parts[3] = {n->slice.lower, n->slice.upper, n->slice.step};
        for (int i = 0; i < 3; i++)
            if (parts[i])
                cexpr(c, parts[i]);
            else
                load_const(c, kn_none_new());
        emit(c, OP_BUILD_SLICE, 0, 0, 3);
    } else if (n->kind == KN_AST_TUPLE) {
        for (int i = 0; i < n->seq.elts.n; i++) {
            if (n->seq.elts.v[i]->kind == KN_AST_STARRED) c->fail = true;
            cindex(c, n->seq.elts.v[i]);
        }
        emit(c, OP_BUILD_TUPLE, 0, 0, n->seq.elts.n);
        adjust(c, 1 - n->seq.elts.n);
    } else {
        cexpr(c, n);
    }
}

static void cfstring(cc *c, kn_node *n) {
    int parts = n->fstring.parts.n;
    for (int i = 0; i < parts; i++) {
        kn_node *p = n->fstring.parts.v[i];
        if (p->kind == KN_AST_CONST) {
            load_const(c, kn_str_new(p->constant.s, p->constant.slen));
            continue;
        }
        cexpr(c, p->formatted.value);
        if (p->formatted.spec) cfstring(c, p->formatted.spec);
        emit(c, OP_FORMAT, p->formatted.conversion, p->formatted.spec != NULL, 0);
        adjust(c, p->formatted.spec ? -1 : 0);
    }
    emit(c, OP_BUILD_STRING, 0, 0, parts);
    adjust(c, 1 - parts);
}

static void ccompare(cc *c, kn_node *n) {
    const kn_nodes *rights = &n->compare.comparators;
    cexpr(c, n->compare.left);
    int cleanup[64], ncleanup = 0;
    if (rights->n > 64) c->fail = true;
    for (int i = 0; i < rights->n && !c->fail; i++) {
        kn_cmp_kind op = n->compare.ops[i];
        bool last = i == rights->n - 1;
        if (last && op != KN_CMPK_IN && op != KN_CMPK_NOT_IN) {
            operand_op(c, rights->v[i], OP_COMPARE, op);
            break;
        }
        if (last)
            citerable(c, rights->v[i]);
        else
            cexpr(c, rights->v[i]);
        if (!last) {
            emit(c, OP_DUP, 0, 0, 0);
            emit(c, OP_ROT3, 0, 0, 0);
        }
        emit(c, OP_COMPARE, op, 0, 0);
        if (!last) cleanup[ncleanup++] = emit(c, OP_JUMP_IF_FALSE_OR_POP, 0, 0, 0);
    }
    if (ncleanup) {
        int end = emit(c, OP_JUMP, 0, 0, 0);
        for (int i = 0; i < ncleanup; i++)
            patch(c, cleanup[i]);
        adjust(c, 1); /* the jumps arrive with [right, result] */
        emit(c, OP_ROT2, 0, 0, 0);
        emit(c, OP_POP, 0, 0, 0);
        patch(c, end);
    }
}

/* A call with *args or **kwargs: the arguments gathered in a list and a dict, as the
 * tree-walker gathers them (positional ones first, then the keywords in order). */
static void ccall_ex(cc *c, kn_node *n) {
    const kn_nodes *pargs = &n->call.args, *kws = &n->call.keywords;
    cexpr(c, n->call.func);
    emit(c, OP_BUILD_LIST, 0, 0, 0);
    adjust(c, 1);
    for (int i = 0; i < pargs->n; i++) {
        kn_node *e = pargs->v[i];
        cexpr(c, e->kind == KN_AST_STARRED ? e->starred.value : e);
        if (e->kind == KN_AST_STARRED)
            emit(c, OP_CALL_EXTEND, 0, 0, 0);
        else
            emit(c, OP_LIST_APPEND, 0, 0, 1);
    }
    if (kws->n) {
        emit(c, OP_BUILD_DICT, 0, 0, 0);
        adjust(c, 1);
        for (int i = 0; i < kws->n; i++) {
            cexpr(c, kws->v[i]->keyword.value);
            if (kws->v[i]->keyword.arg)
                emit(c, OP_CALL_KWADD, 0, 0, add_name(c, kws->v[i]->keyword.arg));
            else
                emit(c, OP_CALL_KWMERGE, 0, 0, 0);
        }
    }
    emit(c, OP_CALL_EX, kws->n > 0, 0, 0);
    adjust(c, kws->n > 0 ? -2 : -1);
}

static void ccall(cc *c, kn_node *n) {
    const kn_nodes *pargs = &n->call.args, *kws = &n->call.keywords;
    bool ex = false;
    for (int i = 0; i < pargs->n; i++)
        ex |= pargs->v[i]->kind == KN_AST_STARRED;
    for (int i = 0; i < kws->n; i++)
        ex |= !kws->v[i]->keyword.arg;
    if (ex) {
        ccall_ex(c, n);
        return;
    }
    if (pargs->n + kws->n > 250) c->fail = true;
    if (c->fail) return;
    bool method = n->call.func->kind == KN_AST_ATTR;
    int mc = 0;
    if (method) {
        kn_code *co = c->co;
        GROW(co->mcache, co->nmcache, co->capmcache);
        if (c->fail || co->nmcache >= 65535) {
            c->fail = true;
            return;
        }
        co->mcache[co->nmcache] = (vm_mcache){.site = KN_ATTR_SITE_INIT};
        mc = co->nmcache++;
        cexpr(c, n->call.func->attr.value);
        emit(c, OP_LOAD_METHOD, 0, mc, add_name(c, n->call.func->attr.attr));
    } else {
        cexpr(c, n->call.func);
    }
    for (int i = 0; i < pargs->n; i++)
        cexpr(c, pargs->v[i]);
    for (int i = 0; i < kws->n; i++)
        cexpr(c, kws->v[i]->keyword.value);
    int nargs = pargs->n + kws->n;
    if (kws->n) {
        kn_code *co = c->co;
        GROW(co->kwsets, co->nkwsets, co->capkwsets);
        const char **names = c->fail ? NULL : tc_malloc((size_t)kws->n * sizeof *names);
        if (!names) {
            c->fail = true;
            return;
        }
        for (int i = 0; i < kws->n; i++)
            names[i] = kws->v[i]->keyword.arg;
        co->kwsets[co->nkwsets] = (kwset){pargs->n, kws->n, names};
        emit(c, OP_CALL_KW, method, mc, co->nkwsets++);
    } else {
        emit(c, method ? OP_CALL_METHOD : OP_CALL, 0, mc, pargs->n);
    }
    adjust(c, -nargs - method);
}

/* A list/tuple/set display whose items may be starred. */
static void cseq(cc *c, kn_node *n) {
    const kn_nodes *elts = &n->seq.elts;
    bool star = false;
    for (int i = 0; i < elts->n; i++)
        star |= elts->v[i]->kind == KN_AST_STARRED;
    bool set = n->kind == KN_AST_SET;
    if (set) {
        /* as CPython 3.11: more than two constants merge a frozenset constant */
        kn_err e;
        tc_error_init(&e);
        kn_obj *frozen = elts->n > 2 ? kn__const_set(c->ev, c->f, n, &e) : NULL;
        if (tc_error_is_set(&e)) step_failed(c, &e);
        emit(c, OP_BUILD_SET, 0, 0, 0);
        adjust(c, 1);
        if (frozen) {
            load_const(c, frozen);
            emit(c, OP_SET_UPDATE, 0, 0, 1);
            return;
        }
        for (int i = 0; i < elts->n; i++) {
            kn_node *e2 = elts->v[i];
            cexpr(c, e2->kind == KN_AST_STARRED ? e2->starred.value : e2);
            emit(c, e2->kind == KN_AST_STARRED ? OP_SET_UPDATE : OP_SET_ADD, 0, 0, 1);
        }
        return;
    }
    if (!star) {
        for (int i = 0; i < elts->n; i++)
            cexpr(c, elts->v[i]);
        emit(c, n->kind == KN_AST_TUPLE ? OP_BUILD_TUPLE : OP_BUILD_LIST, 0, 0, elts->n);
        adjust(c, 1 - elts->n);
        return;
    }
    emit(c, OP_BUILD_LIST, 0, 0, 0);
    adjust(c, 1);
    for (int i = 0; i < elts->n; i++) {
        kn_node *e2 = elts->v[i];
        cexpr(c, e2->kind == KN_AST_STARRED ? e2->starred.value : e2);
        emit(c, e2->kind == KN_AST_STARRED ? OP_LIST_EXTEND : OP_LIST_APPEND, 0, 0, 1);
    }
    if (n->kind == KN_AST_TUPLE) emit(c, OP_LIST_TO_TUPLE, 0, 0, 0);
}

static void cdict(cc *c, kn_node *n) {
    emit(c, OP_BUILD_DICT, 0, 0, 0);
    adjust(c, 1);
    for (int i = 0; i < n->dict.keys.n; i++) {
        if (!n->dict.keys.v[i]) {
            cexpr(c, n->dict.values.v[i]);
            emit(c, OP_DICT_UPDATE, 0, 0, 1);
            continue;
        }
        cexpr(c, n->dict.keys.v[i]);
        cexpr(c, n->dict.values.v[i]);
        emit(c, OP_MAP_ADD, 0, 0, 1);
    }
}

/* The names an assignment target binds (a comprehension's own names). */
static void target_names(cc *c, kn_node *t) {
    if (t->kind == KN_AST_NAME) {
        GROW(c->cvars, c->ncvars, c->capcvars);
        if (c->fail) return;
        c->cvars[c->ncvars].name = t->name.id;
        c->cvars[c->ncvars++].slot = add_slot(c, t->name.id);
    } else if (t->kind == KN_AST_TUPLE || t->kind == KN_AST_LIST) {
        for (int i = 0; i < t->seq.elts.n; i++)
            target_names(c, t->seq.elts.v[i]);
    } else if (t->kind == KN_AST_STARRED) {
        target_names(c, t->starred.value);
    }
}

static void ccomp_clause(cc *c, kn_node *n, int k) {
    if (k == n->comp.generators.n && n == c->genexp) {
        cexpr(c, n->comp.elt);
        emit(c, OP_YIELD, 0, 0, 0);
        emit(c, OP_POP, 0, 0, 0);
        return;
    }
    if (k == n->comp.generators.n) {
        int deep = k + 1; /* the collection under the k iterators and the element */
        if (n->kind == KN_AST_DICTCOMP) {
            cexpr(c, n->comp.elt);
            cexpr(c, n->comp.value);
            emit(c, OP_MAP_ADD, 0, 0, deep);
        } else {
            cexpr(c, n->comp.elt);
            emit(c, n->kind == KN_AST_SETCOMP ? OP_SET_ADD : OP_LIST_APPEND, 0, 0, deep);
        }
        return;
    }
    kn_node *g = n->comp.generators.v[k];
    if (k == 0 && n == c->genexp)
        emit(c, OP_LOAD_FAST, 0, 0, 0); /* the outermost iterator, made by the caller */
    else if (k > 0)
        citerable(c, g->compfor.iter);
    emit(c, OP_GET_ITER, 0, 0, 0);
    int top = c->co->n;
    int exit = emit(c, OP_FOR_ITER, 0, 0, 0);
    cstore(c, g->compfor.target);
    for (int i = 0; i < g->compfor.ifs.n; i++) {
        cexpr(c, g->compfor.ifs.v[i]);
        emit(c, OP_POP_JUMP_IF_FALSE, 0, 0, top);
    }
    ccomp_clause(c, n, k + 1);
    emit(c, OP_JUMP, 0, 0, top);
    patch(c, exit);
    adjust(c, -1); /* the loop's end pops the iterator */
}

/* ---- does a nested scope read this code's slots? -------------------------------------- */

/* A scope met on the way down a nested function or comprehension: the names it binds
 * itself shadow the slots of the code being compiled. */
typedef struct shadow {
    const kn_fn *fn;     /* a def or lambda */
    const kn_node *comp; /* a comprehension (its targets) */
    bool tree;           /* no scope: parts of a def or lambda the tree-walker evaluates in
                            this frame (defaults, decorators) */
    const struct shadow *up;
} shadow;

static bool target_binds(const kn_node *t, const char *name) {
    if (!t) return false;
    if (t->kind == KN_AST_NAME) return strcmp(t->name.id, name) == 0;
    if (t->kind == KN_AST_STARRED) return target_binds(t->starred.value, name);
    if (t->kind == KN_AST_TUPLE || t->kind == KN_AST_LIST)
        for (int i = 0; i < t->seq.elts.n; i++)
            if (target_binds(t->seq.elts.v[i], name)) return true;
    return false;
}

static bool shadowed(const shadow *sh, const char *name) {
    for (; sh; sh = sh->up) {
        if (sh->tree) continue;
        if (sh->fn) {
            for (int i = 0; i < sh->fn->nparams; i++)
                if (strcmp(sh->fn->params[i].name, name) == 0) return true;
            if (in_list(sh->fn->locals, sh->fn->nlocals, name) ||
                in_list(sh->fn->globals, sh->fn->nglobals, name))
                return true;
        } else {
            for (int i = 0; i < sh->comp->comp.generators.n; i++)
                if (target_binds(sh->comp->comp.generators.v[i]->compfor.target, name)) return true;
        }
    }
    return false;
}

/* Is name one of the slots of the code being compiled (a local or a comprehension's)? */
static bool is_slot_name(cc *c, const char *name) {
    for (int i = 0; i < c->ncvars; i++)
        if (strcmp(c->cvars[i].name, name) == 0) return true;
    if (!c->fn || is_captured(c, name)) return false;
    for (int i = 0; i < c->fn->nparams; i++)
        if (strcmp(c->fn->params[i].name, name) == 0) return true;
    return in_list(c->fn->locals, c->fn->nlocals, name);
}

static bool reads_slots(cc *c, const kn_node *n, const shadow *sh);

/* Is the walk inside something the tree-walker runs (a def, a lambda, a generator
 * expression) rather than code this compiler inlines? */
static bool nested(const shadow *sh) {
    for (; sh; sh = sh->up)
        if (sh->tree || sh->fn || sh->comp->comp.genexp) return true;
    return false;
}

/* Note a local the tree-walker will bind or read in this frame (collect mode). */
static void capture(cc *c, const char *name) {
    if (!c->collect || !is_slot_name(c, name)) return;
    GROW(c->captured, c->ncaptured, c->capcaptured);
    if (!c->fail) c->captured[c->ncaptured++] = name;
}

/* The name an import alias binds: its as-name, else the first part of a dotted module name
 * (`import a.b` binds a), written into buf. */
static const char *alias_binds(const kn_node *alias, bool from, char *buf, size_t n) {
    if (alias->alias.asname) return alias->alias.asname;
    if (from) return alias->alias.name;
    snprintf(buf, n, "%s", alias->alias.name);
    char *dot = strchr(buf, '.');
    if (dot) *dot = 0;
    return buf;
}

/* A mention of name at sh: in a check, whether it reads one of this code's slots; while
 * collecting (c->collect), a local that the tree-walker will read is noted as captured (it
 * then lives in the frame's locals dict) and the walk goes on. */
static bool mention(cc *c, const char *name, const shadow *sh) {
    if (shadowed(sh, name) || !is_slot_name(c, name)) return false;
    if (!c->collect) return true;
    bool cvar = false;
    for (int i = 0; i < c->ncvars; i++)
        cvar |= strcmp(c->cvars[i].name, name) == 0;
    if (nested(sh) && !cvar) {
        GROW(c->captured, c->ncaptured, c->capcaptured);
        if (!c->fail) c->captured[c->ncaptured++] = name;
    }
    return false;
}

static bool list_reads(cc *c, const kn_nodes *l, const shadow *sh) {
    for (int i = 0; i < l->n; i++)
        if (reads_slots(c, l->v[i], sh)) return true;
    return false;
}

/* Does the tree n read or bind (nonlocal, :=) a name that lives in a slot of the code being
 * compiled? Conservative: a name counts unless a scope inside n binds it itself. */
static bool reads_slots_inner(cc *c, const kn_node *n, const shadow *sh);

static bool reads_slots(cc *c, const kn_node *n, const shadow *sh) {
    if (!n) return false;
    if (c->nest >= NEST_MAX) return true;
    c->nest++;
    bool r = reads_slots_inner(c, n, sh);
    c->nest--;
    return r;
}

static bool reads_slots_inner(cc *c, const kn_node *n, const shadow *sh) {
    shadow inner;
    switch (n->kind) {
    case KN_AST_CONST:
    case KN_AST_PASS:
    case KN_AST_BREAK:
    case KN_AST_CONTINUE:
    case KN_AST_MAGIC:
    case KN_AST_ALIAS:
        return false;
    case KN_AST_NAME:
        return mention(c, n->name.id, sh);
    case KN_AST_FSTRING:
        return list_reads(c, &n->fstring.parts, sh);
    case KN_AST_FORMATTED:
        return reads_slots(c, n->formatted.value, sh) || reads_slots(c, n->formatted.spec, sh);
    case KN_AST_BINOP:
        return reads_slots(c, n->binop.left, sh) || reads_slots(c, n->binop.right, sh);
    case KN_AST_UNARY:
        return reads_slots(c, n->unary.operand, sh);
    case KN_AST_BOOLOP:
        return list_reads(c, &n->boolop.values, sh);
    case KN_AST_COMPARE:
        return reads_slots(c, n->compare.left, sh) || list_reads(c, &n->compare.comparators, sh);
    case KN_AST_IFEXP:
        return reads_slots(c, n->ifexp.test, sh) || reads_slots(c, n->ifexp.body, sh) ||
               reads_slots(c, n->ifexp.orelse, sh);
    case KN_AST_CALL:
        return reads_slots(c, n->call.func, sh) || list_reads(c, &n->call.args, sh) ||
               list_reads(c, &n->call.keywords, sh);
    case KN_AST_KEYWORD:
        return reads_slots(c, n->keyword.value, sh);
    case KN_AST_ATTR:
        return reads_slots(c, n->attr.value, sh);
    case KN_AST_SUBSCRIPT:
        return reads_slots(c, n->subscript.value, sh) || reads_slots(c, n->subscript.index, sh);
    case KN_AST_SLICE:
        return reads_slots(c, n->slice.lower, sh) || reads_slots(c, n->slice.upper, sh) ||
               reads_slots(c, n->slice.step, sh);
    case KN_AST_STARRED:
        return reads_slots(c, n->starred.value, sh);
    case KN_AST_TUPLE:
    case KN_AST_LIST:
    case KN_AST_SET:
        return list_reads(c, &n->seq.elts, sh);
    case KN_AST_DICT:
        return list_reads(c, &n->dict.keys, sh) || list_reads(c, &n->dict.values, sh);
    case KN_AST_LISTCOMP:
    case KN_AST_DICTCOMP:
    case KN_AST_SETCOMP:
        /* the outermost iterable is evaluated outside the comprehension's scope */
        if (reads_slots(c, n->comp.generators.v[0]->compfor.iter, sh)) return true;
        inner = (shadow){.comp = n, .up = sh};
        for (int i = 0; i < n->comp.generators.n; i++) {
            const kn_node *g = n->comp.generators.v[i];
            if ((i && reads_slots(c, g->compfor.iter, &inner)) ||
                reads_slots(c, g->compfor.target, &inner) || list_reads(c, &g->compfor.ifs, &inner))
                return true;
        }
        return reads_slots(c, n->comp.elt, &inner) || reads_slots(c, n->comp.value, &inner);
    case KN_AST_COMPFOR:
        return true; /* only reached through its comprehension */
    case KN_AST_LAMBDA:
    case KN_AST_DEF: {
        const kn_fn *fn = n->kind == KN_AST_LAMBDA ? n->lambda.fn : n->def_stmt.fn;
        shadow outer = {.tree = true, .up = sh}; /* defaults, decorators: tree-walked here */
        for (int i = 0; i < fn->nparams; i++)
            if (reads_slots(c, fn->params[i].dflt, &outer) ||
                reads_slots(c, fn->params[i].annotation, &outer))
                return true;
        if (reads_slots(c, fn->returns, &outer)) return true;
        for (int i = 0; i < fn->nnonlocals; i++)
            if (mention(c, fn->nonlocals[i], &outer)) return true;
        inner = (shadow){.fn = fn, .up = sh};
        if (n->kind == KN_AST_LAMBDA) return reads_slots(c, n->lambda.body, &inner);
        return list_reads(c, &n->def_stmt.decorators, &outer) ||
               list_reads(c, &n->def_stmt.body, &inner);
    }
    case KN_AST_YIELD:
    case KN_AST_YIELDFROM:
        return reads_slots(c, n->yield_expr.value, sh);
    case KN_AST_NAMEDEXPR: /* binds in the enclosing function: ours if no def is between */
        return reads_slots(c, n->namedexpr.value, sh) ||
               mention(c, n->namedexpr.target->name.id, sh);
    case KN_AST_EXPR:
        return reads_slots(c, n->expr_stmt.value, sh);
    case KN_AST_ASSIGN:
        return list_reads(c, &n->assign_stmt.targets, sh) ||
               reads_slots(c, n->assign_stmt.value, sh);
    case KN_AST_AUGASSIGN:
        return reads_slots(c, n->augassign_stmt.target, sh) ||
               reads_slots(c, n->augassign_stmt.value, sh);
    case KN_AST_ANNASSIGN:
        return reads_slots(c, n->annassign_stmt.target, sh) ||
               reads_slots(c, n->annassign_stmt.annotation, sh) ||
               reads_slots(c, n->annassign_stmt.value, sh);
    case KN_AST_IMPORT:
    case KN_AST_FROMIMPORT:
        /* run by the tree-walker in this frame: the names it binds live in the dict */
        for (int i = 0; c->collect && !sh && i < n->import_stmt.names.n; i++) {
            char buf[256];
            const char *bound = alias_binds(n->import_stmt.names.v[i], n->kind == KN_AST_FROMIMPORT,
                                            buf, sizeof buf);
            for (int k = 0; k < c->co->nslots; k++) /* a name from the syntax tree */
                if (c->co->slotnames[k] && strcmp(c->co->slotnames[k], bound) == 0)
                    capture(c, c->co->slotnames[k]);
        }
        return false;
    case KN_AST_DEL:
        return list_reads(c, &n->del_stmt.targets, sh);
    case KN_AST_IF:
        return reads_slots(c, n->if_stmt.test, sh) || list_reads(c, &n->if_stmt.body, sh) ||
               list_reads(c, &n->if_stmt.orelse, sh);
    case KN_AST_FOR:
        return reads_slots(c, n->for_stmt.target, sh) || reads_slots(c, n->for_stmt.iter, sh) ||
               list_reads(c, &n->for_stmt.body, sh) || list_reads(c, &n->for_stmt.orelse, sh);
    case KN_AST_WHILE:
        return reads_slots(c, n->while_stmt.test, sh) || list_reads(c, &n->while_stmt.body, sh) ||
               list_reads(c, &n->while_stmt.orelse, sh);
    case KN_AST_RETURN:
        return reads_slots(c, n->return_stmt.value, sh);
    case KN_AST_WITH:
        return list_reads(c, &n->with_stmt.items, sh) || list_reads(c, &n->with_stmt.body, sh);
    case KN_AST_WITHITEM:
        return reads_slots(c, n->withitem.context, sh) || reads_slots(c, n->withitem.target, sh);
    case KN_AST_TRY:
        return list_reads(c, &n->try_stmt.body, sh) || list_reads(c, &n->try_stmt.handlers, sh) ||
               list_reads(c, &n->try_stmt.orelse, sh) || list_reads(c, &n->try_stmt.finalbody, sh);
    case KN_AST_HANDLER:
        return reads_slots(c, n->handler.type, sh) || list_reads(c, &n->handler.body, sh);
    case KN_AST_RAISE:
        return reads_slots(c, n->raise_stmt.exc, sh) || reads_slots(c, n->raise_stmt.cause, sh);
    case KN_AST_ASSERT:
        return reads_slots(c, n->assert_stmt.test, sh) || reads_slots(c, n->assert_stmt.msg, sh);
    case KN_AST_GLOBAL:
    case KN_AST_NONLOCAL:
        return list_reads(c, &n->global_stmt.names, sh);
    case KN_AST_CLASS:
        if (!c->collect) return true; /* class bodies: not looked into */
        /* a class statement in a function runs on the tree-walker in this frame: every local
         * it mentions lives in the dict, and so does its name while it runs (a slot after,
         * unless something nested reads it: see cstmt) */
        if (!sh) c->tree_binds = true;
        inner = (shadow){.tree = true, .up = sh};
        list_reads(c, &n->class_stmt.bases, &inner);
        list_reads(c, &n->class_stmt.keywords, &inner);
        list_reads(c, &n->class_stmt.decorators, &inner);
        list_reads(c, &n->class_stmt.body, &inner);
        return false;
    default:
        return true;
    }
}

/* A list, set or dict comprehension, inlined: its names get hidden slots of their own. */
static void ccomp(cc *c, kn_node *n) {
    if (n->comp.genexp) {
        /* its outermost iterable here, the rest on the tree-walker when it reads no slot */
        kn_node *first = n->comp.generators.v[0]->compfor.iter;
        bool reads = reads_slots(c, n->comp.elt, &(shadow){.comp = n});
        for (int i = 0; !reads && i < n->comp.generators.n; i++) {
            const kn_node *g = n->comp.generators.v[i];
            reads = (i && reads_slots(c, g->compfor.iter, &(shadow){.comp = n})) ||
                    list_reads(c, &g->compfor.ifs, &(shadow){.comp = n});
        }
        if (reads) {
            give_up(c, "generator expression reading locals");
            return;
        }
        cexpr(c, first);
        emit(c, OP_GENEXP, 0, 0, add_node(c, n));
        return;
    }
    emit(c,
         n->kind == KN_AST_DICTCOMP  ? OP_BUILD_DICT
         : n->kind == KN_AST_SETCOMP ? OP_BUILD_SET
                                     : OP_BUILD_LIST,
         0, 0, 0);
    adjust(c, 1);
    /* the outermost iterable is evaluated in the enclosing scope */
    citerable(c, n->comp.generators.v[0]->compfor.iter);
    int mark = c->ncvars, first = c->co->nslots;
    for (int i = 0; i < n->comp.generators.n; i++)
        target_names(c, n->comp.generators.v[i]->compfor.target);
    c->ncomp++;
    ccomp_clause(c, n, 0);
    c->ncomp--;
    c->ncvars = mark;
    for (int s = first; s < c->co->nslots; s++)
        emit(c, OP_CLEAR_FAST, 0, 0, s);
}

/* o.name or o[index] (t): its parts, then the load, store (the value under them) or delete. */
typedef enum access { ACC_LOAD, ACC_STORE, ACC_DELETE } access;

static void caccess(cc *c, kn_node *t, access how) {
    static const vm_op attr_ops[] = {OP_LOAD_ATTR, OP_STORE_ATTR, OP_DELETE_ATTR};
    static const vm_op item_ops[] = {OP_LOAD_SUBSCR, OP_STORE_SUBSCR, OP_DELETE_SUBSCR};
    if (t->kind == KN_AST_ATTR) {
        cexpr(c, t->attr.value);
        emit(c, attr_ops[how], 0, how == ACC_DELETE ? 0 : add_asite(c), add_name(c, t->attr.attr));
    } else {
        cexpr(c, t->subscript.value);
        cindex(c, t->subscript.index);
        emit(c, item_ops[how], 0, 0, 0);
    }
}

static void cexpr_inner(cc *c, kn_node *n) {
    int j, end;
    switch (n->kind) {
    case KN_AST_CONST:
        load_const(c, const_new(c, &n->constant));
        break;
    case KN_AST_NAME:
        load_name(c, n->name.id);
        break;
    case KN_AST_FSTRING:
        cfstring(c, n);
        break;
    case KN_AST_BINOP:
        cexpr(c, n->binop.left);
        operand_op(c, n->binop.right, OP_BINARY, n->binop.op);
        break;
    case KN_AST_UNARY:
        cexpr(c, n->unary.operand);
        if (n->unary.op == KN_UNARY_NOT)
            emit(c, OP_NOT, 0, 0, 0);
        else
            emit(c, OP_UNARY, n->unary.op, 0, 0);
        break;
    case KN_AST_BOOLOP: {
        int jumps[256], nj = 0;
        if (n->boolop.values.n > 256) {
            c->fail = true;
            break;
        }
        for (int i = 0; i < n->boolop.values.n; i++) {
            cexpr(c, n->boolop.values.v[i]);
            if (i < n->boolop.values.n - 1) {
                jumps[nj++] = emit(c,
                                   n->boolop.op == KN_BOOLOP_OR ? OP_JUMP_IF_TRUE_OR_POP
                                                                : OP_JUMP_IF_FALSE_OR_POP,
                                   0, 0, 0);
            }
        }
        for (int i = 0; i < nj; i++)
            patch(c, jumps[i]);
        break;
    }
    case KN_AST_COMPARE:
        ccompare(c, n);
        break;
    case KN_AST_IFEXP:
        cexpr(c, n->ifexp.test);
        j = emit(c, OP_POP_JUMP_IF_FALSE, 0, 0, 0);
        cexpr(c, n->ifexp.body);
        end = emit(c, OP_JUMP, 0, 0, 0);
        patch(c, j);
        adjust(c, -1);
        cexpr(c, n->ifexp.orelse);
        patch(c, end);
        break;
    case KN_AST_CALL:
        ccall(c, n);
        break;
    case KN_AST_ATTR:
    case KN_AST_SUBSCRIPT:
        caccess(c, n, ACC_LOAD);
        break;
    case KN_AST_SLICE:
        cindex(c, n);
        break;
    case KN_AST_TUPLE:
    case KN_AST_LIST:
    case KN_AST_SET:
        cseq(c, n);
        break;
    case KN_AST_DICT:
        cdict(c, n);
        break;
    case KN_AST_LISTCOMP:
    case KN_AST_SETCOMP:
    case KN_AST_DICTCOMP:
        ccomp(c, n);
        break;
    case KN_AST_YIELD:
        if (!c->fn || c->ncomp) {
            give_up(c, "yield outside a function body");
            break;
        }
        if (n->yield_expr.value)
            cexpr(c, n->yield_expr.value);
        else
            load_const(c, kn_none_new());
        emit(c, OP_YIELD, 0, 0, 0);
        break;
    case KN_AST_YIELDFROM:
        if (!c->fn || c->ncomp) {
            give_up(c, "yield outside a function body");
            break;
        }
        cexpr(c, n->yield_expr.value);
        emit(c, OP_YF_ITER, 0, 0, 0);
        load_const(c, kn_none_new()); /* the first step sends None: next() */
        emit(c, OP_YIELD_FROM, 0, 0, 0);
        break;
    case KN_AST_LAMBDA:
        if (reads_slots(c, n, NULL))
            give_up(c, "lambda reading locals");
        else
            emit(c, OP_EVAL_TREE, 0, 0, add_node(c, n));
        break;
    case KN_AST_NAMEDEXPR:
        if (c->genexp) { /* binds in the function around the generator expression */
            give_up(c, ":= in a generator expression");
            break;
        }
        cexpr(c, n->namedexpr.value);
        emit(c, OP_DUP, 0, 0, 0);
        store_name(c, n->namedexpr.target->name.id, true);
        break;
    default: /* lambda, generator expressions, yield, starred: tree-walked */
        give_up(c, kn_node_kind_name(n->kind));
        break;
    }
}

/* Store the value on top of the stack into an assignment target. */
static void cstore(cc *c, kn_node *t) {
    if (c->fail) return;
    switch (t->kind) {
    case KN_AST_NAME:
        store_name(c, t->name.id, false);
        break;
    case KN_AST_ATTR:
    case KN_AST_SUBSCRIPT:
        caccess(c, t, ACC_STORE);
        break;
    case KN_AST_TUPLE:
    case KN_AST_LIST: {
        const kn_nodes *elts = &t->seq.elts;
        int star = 0;
        for (int i = 0; i < elts->n; i++)
            if (elts->v[i]->kind == KN_AST_STARRED) star = i + 1;
        if (elts->n > 60000) c->fail = true;
        emit(c, OP_UNPACK, 0, star, elts->n);
        adjust(c, elts->n);
        for (int i = 0; i < elts->n; i++) {
            kn_node *e = elts->v[i];
            cstore(c, e->kind == KN_AST_STARRED ? e->starred.value : e);
        }
        break;
    }
    default:
        c->fail = true;
        break;
    }
}

static void cdelete(cc *c, kn_node *t) {
    int idx = 0;
    switch (t->kind) {
    case KN_AST_NAME:
        switch (resolve(c, t->name.id, false, &idx)) {
        case REF_FAST:
            emit(c, OP_DELETE_FAST, 0, 0, idx);
            break;
        case REF_DEREF:
            emit(c, OP_DELETE_DEREF, 0, 0, add_name(c, t->name.id));
            break;
        case REF_NONLOCAL:
            give_up(c, "del of a nonlocal name");
            break;
        default:
            emit(c, OP_DELETE_GLOBAL, 0, 0, add_name(c, t->name.id));
        }
        break;
    case KN_AST_SUBSCRIPT:
    case KN_AST_ATTR:
        caccess(c, t, ACC_DELETE);
        break;
    case KN_AST_TUPLE:
    case KN_AST_LIST:
        for (int i = 0; i < t->seq.elts.n; i++)
            cdelete(c, t->seq.elts.v[i]);
        break;
    default:
        c->fail = true;
        break;
    }
}

static void caugassign(cc *c, kn_node *n) {
    kn_node *t = n->augassign_stmt.target;
    int op = n->augassign_stmt.op;
    switch (t->kind) {
    case KN_AST_NAME:
        load_name(c, t->name.id);
        operand_op(c, n->augassign_stmt.value, OP_INPLACE, op);
        store_name(c, t->name.id, false);
        break;
    case KN_AST_ATTR: {
        int name = add_name(c, t->attr.attr);
        cexpr(c, t->attr.value);
        emit(c, OP_DUP, 0, 0, 0);
        emit(c, OP_LOAD_ATTR, 0, add_asite(c), name);
        operand_op(c, n->augassign_stmt.value, OP_INPLACE, op);
        emit(c, OP_STORE_ATTR, 1, add_asite(c), name); /* [obj, value]: no ROT2 */
        break;
    }
    case KN_AST_SUBSCRIPT:
        cexpr(c, t->subscript.value);
        cindex(c, t->subscript.index);
        emit(c, OP_DUP2, 0, 0, 0);
        emit(c, OP_LOAD_SUBSCR, 0, 0, 0);
        operand_op(c, n->augassign_stmt.value, OP_INPLACE, op);
        emit(c, OP_STORE_SUBSCR, 1, 0, 0); /* [obj, key, value]: no ROT3 */
        break;
    default:
        c->fail = true;
        break;
    }
}

static loop *push_loop(cc *c, int cont, bool is_for) {
    if (c->nloops == 64) {
        c->fail = true;
        return NULL;
    }
    loop *l = &c->loops[c->nloops++];
    *l = (loop){.cont = cont, .is_for = is_for};
    return l;
}

/* The loop's body is compiled: its else clause belongs to the enclosing loop (a break there
 * leaves that one), so the loop leaves the stack now and its breaks are patched by
 * end_loop once the else clause is compiled. */
static loop pop_loop(cc *c) {
    return c->loops[--c->nloops];
}

static void end_loop(cc *c, loop *l) {
    for (int i = 0; i < l->nbreaks; i++)
        patch(c, l->breaks[i]);
    tc_free(l->breaks);
}

static void cbreak(cc *c) {
    if (!c->nloops) {
        c->fail = true;
        return;
    }
    if (c->nloops <= c->block_loops) { /* the loop is outside this try/with part */
        emit(c, OP_BLOCK_BREAK, 0, 0, 0);
        return;
    }
    loop *l = &c->loops[c->nloops - 1];
    if (l->is_for) {
        emit(c, OP_POP, 0, 0, 0);
        adjust(c, 1); /* the iterator stays for the code after the break */
    }
    int j = emit(c, OP_JUMP, 0, 0, 0);
    GROW(l->breaks, l->nbreaks, l->capbreaks);
    if (!c->fail) l->breaks[l->nbreaks++] = j;
}

static void ccontinue(cc *c) {
    if (!c->nloops)
        c->fail = true;
    else if (c->nloops <= c->block_loops)
        emit(c, OP_BLOCK_CONTINUE, 0, 0, 0);
    else
        emit(c, OP_JUMP, 0, 0, c->loops[c->nloops - 1].cont);
}

/* After a TRY or WITH op inside a loop: where a break or continue leaving its parts lands
 * (the op skips them otherwise). */
static void status_stubs(cc *c, int at) {
    if (!c->nloops) return;
    int before = c->co->n;
    cbreak(c);
    if (!c->fail) {
        c->co->code[at].a = 1;
        c->co->code[at].b = (uint16_t)(c->co->n - before);
    }
    ccontinue(c);
}

/* Compile one part of a try/with statement (a nested run of the VM); its offset. */
static int cpart(cc *c, const kn_nodes *body) {
    int at = c->co->n, saved = c->block_loops;
    c->block_loops = c->nloops;
    cstmts(c, body);
    emit(c, OP_BLOCK_END, 0, 0, 0);
    c->block_loops = saved;
    return at;
}

static void ctry(cc *c, kn_node *n) {
    kn_code *co = c->co;
    const kn_nodes *hs = &n->try_stmt.handlers;
    GROW(co->tries, co->ntries, co->captries);
    vm_handler *h = c->fail ? NULL : tc_calloc((size_t)hs->n + 1, sizeof *h);
    if (!h) {
        c->fail = true;
        return;
    }
    int idx = co->ntries++;
    co->tries[idx] = (vm_try){.orelse = -1, .final = -1, .nh = hs->n, .h = h};
    int at = emit(c, OP_TRY, 0, 0, idx);
    status_stubs(c, at);
    int body = cpart(c, &n->try_stmt.body);
    for (int k = 0; k < hs->n && !c->fail; k++) {
        kn_node *hn = hs->v[k];
        vm_handler vh = {.type = -1};
        if (hn->handler.type) {
            int saved = c->block_loops;
            c->block_loops = c->nloops;
            vh.type = co->n;
            cexpr(c, hn->handler.type);
            emit(c, OP_BLOCK_VALUE, 0, 0, 0);
            c->block_loops = saved;
        }
        if (hn->handler.name) {
            int slot = 0;
            ref_kind k = resolve(c, hn->handler.name, false, &slot);
            if (k == REF_FAST) {
                vh.as_kind = 1;
                vh.as_idx = slot;
            } else if (k == REF_DEREF) {
                vh.as_kind = 3;
                vh.as_idx = add_name(c, hn->handler.name);
            } else if (k == REF_NONLOCAL) {
                give_up(c, "except ... as a nonlocal name");
            } else {
                vh.as_kind = 2;
                vh.as_idx = add_name(c, hn->handler.name);
            }
        }
        vh.body = cpart(c, &hn->handler.body);
        if (!c->fail) co->tries[idx].h[k] = vh;
    }
    int orelse = n->try_stmt.orelse.n ? cpart(c, &n->try_stmt.orelse) : -1;
    int final = n->try_stmt.finalbody.n ? cpart(c, &n->try_stmt.finalbody) : -1;
    if (c->fail) return;
    co->tries[idx].body = body;
    co->tries[idx].orelse = orelse;
    co->tries[idx].final = final;
    co->tries[idx].after = co->n;
}

/* with a, b: body as with a: with b: body (b's manager is made inside a's). */
static void cwith(cc *c, kn_node *n, int k) {
    if (k == n->with_stmt.items.n) {
        cstmts(c, &n->with_stmt.body);
        return;
    }
    kn_code *co = c->co;
    kn_node *item = n->with_stmt.items.v[k];
    cexpr(c, item->withitem.context);
    GROW(co->withs, co->nwiths, co->capwiths);
    if (c->fail) return;
    int idx = co->nwiths++;
    int at = emit(c, OP_WITH, 0, 0, idx);
    status_stubs(c, at);
    int saved = c->block_loops, target = -1;
    c->block_loops = c->nloops;
    if (item->withitem.target) {
        target = co->n;
        adjust(c, 1); /* the entered value */
        cstore(c, item->withitem.target);
        emit(c, OP_BLOCK_END, 0, 0, 0);
    }
    int body = co->n;
    cwith(c, n, k + 1);
    emit(c, OP_BLOCK_END, 0, 0, 0);
    c->block_loops = saved;
    if (!c->fail) co->withs[idx] = (vm_with){target, body, co->n};
}

static void cstmt_inner(cc *c, kn_node *n) {
    int saved_line = c->line, j, top, end;
    c->line = n->line;
    switch (n->kind) {
    case KN_AST_EXPR:
        cexpr(c, n->expr_stmt.value);
        emit(c, OP_POP, 0, 0, 0);
        break;
    case KN_AST_ASSIGN:
        cexpr(c, n->assign_stmt.value);
        for (int i = 0; i < n->assign_stmt.targets.n; i++) {
            if (i < n->assign_stmt.targets.n - 1) emit(c, OP_DUP, 0, 0, 0);
            cstore(c, n->assign_stmt.targets.v[i]);
        }
        break;
    case KN_AST_AUGASSIGN:
        caugassign(c, n);
        break;
    case KN_AST_DEL:
        for (int i = 0; i < n->del_stmt.targets.n; i++)
            cdelete(c, n->del_stmt.targets.v[i]);
        break;
    case KN_AST_PASS:
    case KN_AST_GLOBAL:
    case KN_AST_NONLOCAL:
        break;
    case KN_AST_BREAK:
        cbreak(c);
        break;
    case KN_AST_CONTINUE:
        ccontinue(c);
        break;
    case KN_AST_TRY:
        ctry(c, n);
        break;
    case KN_AST_IMPORT:
    case KN_AST_FROMIMPORT:
    case KN_AST_CLASS:
        /* in a function: on the tree-walker in this frame, whose dict holds what they bind
         * (see the collect pass); at module level the caller hands it over anyway */
        if (!c->fn) {
            give_up(c, kn_node_kind_name(n->kind));
            break;
        }
        emit(c, OP_EXEC_TREE, 0, 0, add_node(c, n));
        if (n->kind == KN_AST_CLASS) {
            /* the class then moves to its slot when nothing nested reads its name: left in
             * the dict, it would hold (through its methods' closures, the frame's scope) the
             * dict that holds it, a cycle that nothing collects */
            int idx = 0;
            if (resolve(c, n->class_stmt.name, true, &idx) == REF_FAST) {
                int name = add_name(c, n->class_stmt.name);
                emit(c, OP_LOAD_DEREF, 0, 0, name);
                emit(c, OP_DELETE_DEREF, 0, 0, name);
                emit(c, OP_STORE_FAST, 0, 0, idx);
            }
        }
        break;
    case KN_AST_ANNASSIGN:
        /* in a function the annotation is not evaluated; a bare one binds nothing */
        if (!c->fn || (!n->annassign_stmt.simple && !n->annassign_stmt.value)) {
            give_up(c, "annotated assignment");
            break;
        }
        if (n->annassign_stmt.value) {
            cexpr(c, n->annassign_stmt.value);
            cstore(c, n->annassign_stmt.target);
        }
        break;
    case KN_AST_DEF:
        if (reads_slots(c, n, NULL)) {
            give_up(c, "def reading locals");
            break;
        }
        emit(c, OP_MAKE_DEF, 0, 0, add_node(c, n));
        store_name(c, n->def_stmt.fn->name, false);
        break;
    case KN_AST_WITH:
        cwith(c, n, 0);
        break;
    case KN_AST_RETURN:
        if (n->return_stmt.value)
            cexpr(c, n->return_stmt.value);
        else
            load_const(c, kn_none_new());
        emit(c, OP_RETURN, 0, 0, 0);
        break;
    case KN_AST_IF:
        cexpr(c, n->if_stmt.test);
        j = emit(c, OP_POP_JUMP_IF_FALSE, 0, 0, 0);
        cstmts(c, &n->if_stmt.body);
        if (n->if_stmt.orelse.n) {
            end = emit(c, OP_JUMP, 0, 0, 0);
            patch(c, j);
            cstmts(c, &n->if_stmt.orelse);
            patch(c, end);
        } else {
            patch(c, j);
        }
        break;
    case KN_AST_WHILE:
        top = c->co->n;
        cexpr(c, n->while_stmt.test);
        j = emit(c, OP_POP_JUMP_IF_FALSE, 0, 0, 0);
        if (push_loop(c, top, false)) {
            cstmts(c, &n->while_stmt.body);
            emit(c, OP_JUMP, 0, 0, top);
            patch(c, j);
            c->line = n->line;
            loop l = pop_loop(c);
            cstmts(c, &n->while_stmt.orelse);
            end_loop(c, &l);
        }
        break;
    case KN_AST_FOR:
        citerable(c, n->for_stmt.iter);
        emit(c, OP_GET_ITER, 0, 0, 0);
        top = c->co->n;
        j = emit(c, OP_FOR_ITER, 0, 0, 0);
        if (push_loop(c, top, true)) {
            cstore(c, n->for_stmt.target);
            cstmts(c, &n->for_stmt.body);
            c->line = n->line;
            emit(c, OP_JUMP, 0, 0, top);
            patch(c, j);
            adjust(c, -1); /* the loop's end pops the iterator */
            loop l = pop_loop(c);
            cstmts(c, &n->for_stmt.orelse);
            end_loop(c, &l);
        }
        break;
    case KN_AST_RAISE:
        if (n->raise_stmt.exc) cexpr(c, n->raise_stmt.exc);
        if (n->raise_stmt.cause) cexpr(c, n->raise_stmt.cause);
        j = !n->raise_stmt.exc ? 0 : n->raise_stmt.cause ? 2 : 1;
        emit(c, OP_RAISE, j, 0, 0);
        adjust(c, -j);
        break;
    case KN_AST_ASSERT:
        cexpr(c, n->assert_stmt.test);
        j = emit(c, OP_POP_JUMP_IF_TRUE, 0, 0, 0);
        if (n->assert_stmt.msg) cexpr(c, n->assert_stmt.msg);
        emit(c, OP_ASSERT_FAIL, n->assert_stmt.msg != NULL, 0, 0);
        adjust(c, -(n->assert_stmt.msg != NULL));
        patch(c, j);
        break;
    default: /* def, class, import, try, with, nonlocal, annotations: tree-walked */
        give_up(c, kn_node_kind_name(n->kind));
        break;
    }
    c->line = saved_line;
}

/* Where the compiler stood, to take back a construct the VM does not run. */
typedef struct mark {
    int n, depth, ncvars, ncomp, nloops, line, block_loops;
} mark;

static mark mark_here(cc *c) {
    return (mark){c->co->n, c->depth, c->ncvars, c->ncomp, c->nloops, c->line, c->block_loops};
}

static void rollback(cc *c, mark m) {
    c->co->n = m.n;
    c->depth = m.depth;
    c->ncvars = m.ncvars;
    c->ncomp = m.ncomp;
    while (c->nloops > m.nloops)
        tc_free(c->loops[--c->nloops].breaks);
    c->line = m.line;
    c->block_loops = m.block_loops;
    c->fail = false;
    c->why = NULL;
}

static int add_node(cc *c, kn_node *n) {
    kn_code *co = c->co;
    GROW(co->nodes, co->nnodes, co->capnodes);
    if (c->fail) return 0;
    co->nodes[co->nnodes] = n;
    return co->nnodes++;
}

/* Compile n through inner. In module-level code (outside comprehensions, whose names live in
 * slots), what the VM does not run is taken back and false returned: the caller hands n to
 * the tree-walker, which is sound there as module names live in the globals dict. */
static bool compiled(cc *c, kn_node *n, void (*inner)(cc *, kn_node *), bool expr) {
    if (c->fail) return true;
    if (c->nest >= NEST_MAX) {
        give_up(c, expr ? "deeply nested expression" : "deeply nested statement");
        return true;
    }
    bool undo = c->module && !(expr && c->ncomp);
    mark m = mark_here(c);
    c->nest++;
    inner(c, n);
    c->nest--;
    if (!c->fail || !undo) return true;
    rollback(c, m);
    return false;
}

static void cexpr(cc *c, kn_node *n) {
    if (!compiled(c, n, cexpr_inner, true)) emit(c, OP_EVAL_TREE, 0, 0, add_node(c, n));
}

/* A statement handed to the tree-walker inside a loop: a break or continue it ends with
 * lands on the stubs that follow. */
static void cstmt(cc *c, kn_node *n) {
    if (compiled(c, n, cstmt_inner, false)) return;
    int saved = c->line;
    c->line = n->line;
    status_stubs(c, emit(c, OP_EXEC_TREE, 0, 0, add_node(c, n)));
    c->line = saved;
}

static void cstmts(cc *c, const kn_nodes *body) {
    for (int i = 0; i < body->n && !c->fail; i++)
        cstmt(c, body->v[i]);
}

static void release_obj(void *o) {
    kn_decref(o);
}

/* TK_VM_STATS=1: at exit, how many function bodies ran on the VM and why the others did
 * not (the first construct each stopped at), on stderr. */
#define STAT_MAX 32
static struct {
    const char *why;
    int n;
} stats[STAT_MAX];
static int nstats, ncompiled;

static void print_stats(void) {
    fprintf(stderr, "vm: %d function bodies compiled\n", ncompiled);
    for (int i = 0; i < nstats; i++)
        fprintf(stderr, "vm: %d tree-walked: %s\n", stats[i].n, stats[i].why);
}

static void count(const char *why) {
    static int on = -1;
    if (on < 0) {
        on = getenv("TK_VM_STATS") != NULL;
        if (on) atexit(print_stats);
    }
    if (!on) return;
    if (!why) {
        ncompiled++;
        return;
    }
    int i = 0;
    while (i < nstats && strcmp(stats[i].why, why) != 0)
        i++;
    if (i == nstats && nstats == STAT_MAX) return;
    if (i == nstats) {
        stats[nstats].why = why;
        stats[nstats++].n = 0;
    }
    stats[i].n++;
}

/* The end of a compilation: the compiler's lists freed, and the code, or when the VM does
 * not run it a bare code object that keeps only that verdict. NULL when an allocation
 * failed while compiling, whatever the walk made of it (a list cut short, a give-up that
 * memory caused): no verdict is kept then, and the caller raises MemoryError. Function
 * bodies and generator expressions are counted for TK_VM_STATS. */
static kn_code *finish(cc *c, kn_code *co, bool counted) {
    for (int i = 0; i < c->nloops; i++)
        tc_free(c->loops[i].breaks);
    tc_free(c->cvars);
    tc_free(c->captured);
    if (c->nomem || tc_alloc_failed_take()) {
        kn_decref(&co->base);
        return NULL;
    }
    co->ok = !c->fail && co->nslots + co->stacksize < 4096;
    co->flat = co->ok && co->generator;
    for (int k = 0; co->flat && k < co->n; k++) {
        int op = co->code[k].op; /* parts run as nested runs: a yield there needs a fiber */
        co->flat = op != OP_TRY && op != OP_WITH && op != OP_EXEC_TREE &&
                   op != OP_EVAL_TREE;
    }
    if (counted) count(co->ok ? NULL : c->why ? c->why : "a limit of the compiler");
    if (co->ok) return co;
    kn_err e;
    tc_error_init(&e);
    kn_code *bare = (kn_code *)kn_obj_alloc(&code_type, sizeof *bare, &e);
    kn_decref(&co->base);
    return bare;
}

/* Keep a new code object with ast as n's cache: the code when the VM runs it, NULL when it
 * does not. co NULL (the compilation ran out of memory), or no room to keep it: NULL with
 * MemoryError in err, and nothing kept, so that a later run compiles n again. */
static const kn_code *keep_code(kn_ast *ast, kn_node *n, kn_code *co, kn_err *err) {
    if (!co) {
        kn_nomem(err);
        return NULL;
    }
    ast->release = release_obj;
    if (kn_ast_keep(ast, co) < 0) {
        kn_decref(&co->base);
        kn_nomem(err);
        return NULL;
    }
    n->cache = co; /* the ast's reference */
    return co->ok ? co : NULL;
}

/* n's cached code when it has been compiled (NULL otherwise, *known false). */
static const kn_code *cached_code(const kn_node *n, bool *known) {
    const kn_code *co = n->cache;
    *known = co != NULL;
    return co && co->ok ? co : NULL;
}

static kn_code *compile(kn_function *fo) {
    kn_err e;
    tc_error_init(&e);
    kn_code *co = (kn_code *)kn_obj_alloc(&code_type, sizeof *co, &e);
    if (!co) return NULL;
    const kn_fn *fn = fo->fn;
    frame mf = {.ast = fo->ast, .globals = fo->globals};
    cc c = {.co = co, .ev = fo->ev, .f = &mf, .fn = fn};
    co->simple_params = true;
    for (int i = 0; i < fn->nparams; i++) {
        add_slot(&c, fn->params[i].name);
        co->simple_params &= fn->params[i].kind == KN_PARAM_NORMAL;
    }
    co->nparams = fn->nparams;
    co->generator = fn->generator;
    for (int i = 0; i < fn->nlocals; i++)
        if (!in_list((char *const *)co->slotnames, co->nslots, fn->locals[i]))
            add_slot(&c, fn->locals[i]);
    /* the locals that nested functions and generator expressions read live in a dict */
    c.collect = true;
    if (fo->node->kind == KN_AST_LAMBDA)
        reads_slots(&c, fo->node->lambda.body, NULL);
    else
        list_reads(&c, &fo->node->def_stmt.body, NULL);
    c.collect = false;
    if ((c.ncaptured || c.tree_binds) && !c.fail) {
        co->cellparams = tc_calloc((size_t)fn->nparams + 1, sizeof *co->cellparams);
        co->cellnames = tc_calloc((size_t)fn->nparams + 1, sizeof *co->cellnames);
        if (!co->cellparams || !co->cellnames) c.fail = true;
        for (int i = 0; i < fn->nparams && !c.fail; i++)
            if (is_captured(&c, fn->params[i].name)) {
                co->cellparams[co->ncellparams] = i;
                co->cellnames[co->ncellparams++] = add_name(&c, fn->params[i].name);
            }
        c.line = fo->node->line;
        emit(&c, OP_INIT_CELLS, 0, 0, 0);
    }
    if (fo->node->kind == KN_AST_LAMBDA) {
        c.line = fo->node->lambda.body->line;
        cexpr(&c, fo->node->lambda.body);
        emit(&c, OP_RETURN, 0, 0, 0);
    } else {
        c.line = fo->node->line;
        cstmts(&c, &fo->node->def_stmt.body);
        load_const(&c, kn_none_new());
        emit(&c, OP_RETURN, 0, 0, 0);
    }
    return finish(&c, co, true);
}

/* Is running module-level statement n on the VM worth compiling it: a loop, or a
 * comprehension (the value of an expression or assignment, or an argument of a call)? */
static bool is_comp(const kn_node *n) {
    return (n->kind == KN_AST_LISTCOMP && !n->comp.genexp) || n->kind == KN_AST_SETCOMP ||
           n->kind == KN_AST_DICTCOMP;
}

static bool worth_compiling(const kn_node *n) {
    const kn_node *v = n->kind == KN_AST_ASSIGN ? n->assign_stmt.value
                       : n->kind == KN_AST_EXPR ? n->expr_stmt.value
                                                : n;
    if (n->kind == KN_AST_FOR || n->kind == KN_AST_WHILE || is_comp(v)) return true;
    if (v->kind != KN_AST_CALL) return false;
    for (int i = 0; i < v->call.args.n; i++)
        if (is_comp(v->call.args.v[i])) return true;
    return false;
}

static kn_code *compile_module(kn_eval *ev, kn_ast *ast, kn_node *n) {
    kn_err e;
    tc_error_init(&e);
    kn_code *co = (kn_code *)kn_obj_alloc(&code_type, sizeof *co, &e);
    if (!co) return NULL;
    frame mf = {.ast = ast, .globals = ev->globals};
    cc c = {.co = co, .ev = ev, .module = true, .f = &mf, .line = n->line};
    bool expr = n->kind != KN_AST_FOR && n->kind != KN_AST_WHILE && n->kind != KN_AST_ASSIGN &&
                n->kind != KN_AST_EXPR;
    if (expr) {
        cexpr(&c, n);
    } else {
        cstmt(&c, n);
        load_const(&c, kn_none_new());
    }
    emit(&c, OP_RETURN, 0, 0, 0);
    return finish(&c, co, false);
}

static bool vm_enabled(void) {
    static int on = -1;
    if (on < 0) {
        const char *v = getenv("TK_VM");
        on = !(v && strcmp(v, "0") == 0);
    }
    return on;
}

/* See vm.h. */
const kn_code *kn__code_of(kn_function *fo, kn_err *err) {
    bool known;
    const kn_code *co = cached_code(fo->node, &known);
    if (known || !vm_enabled() || fo->fn->nparams > 255) return co;
    return keep_code(fo->ast, fo->node, compile(fo), err);
}

static kn_code *compile_genexp(kn_eval *ev, kn_ast *ast, kn_node *n) {
    kn_err e;
    tc_error_init(&e);
    kn_code *co = (kn_code *)kn_obj_alloc(&code_type, sizeof *co, &e);
    if (!co) return NULL;
    frame mf = {.ast = ast, .globals = ev->globals};
    cc c = {.co = co, .ev = ev, .f = &mf, .line = n->line, .genexp = n};
    add_slot(&c, ".0");
    co->nparams = 1;
    co->generator = true;
    for (int i = 0; i < n->comp.generators.n; i++)
        target_names(&c, n->comp.generators.v[i]->compfor.target);
    c.ncomp = 1;
    ccomp_clause(&c, n, 0);
    load_const(&c, kn_none_new());
    emit(&c, OP_RETURN, 0, 0, 0);
    return finish(&c, co, true);
}

/* See vm.h. */
const kn_code *kn__code_of_genexp(kn_eval *ev, kn_ast *ast, kn_node *n, kn_err *err) {
    bool known;
    const kn_code *co = cached_code(n, &known);
    if (known || !vm_enabled()) return co;
    return keep_code(ast, n, compile_genexp(ev, ast, n), err);
}

/* See vm.h. */
const kn_code *kn__code_of_stmt(kn_eval *ev, kn_ast *ast, kn_node *n, kn_err *err) {
    bool known;
    const kn_code *co = cached_code(n, &known);
    if (known || !vm_enabled() || !worth_compiling(n)) return co;
    return keep_code(ast, n, compile_module(ev, ast, n), err);
}

/* ---- the VM --------------------------------------------------------------------------- */

static int unpack_error(int64_t have, int64_t want, bool star, kn_err *err) {
    if (star)
        return tc_error_set(err, TC_EXC_VALUE,
                            "not enough values to unpack (expected at least %lld, got %lld)",
                            (long long)(want - 1), (long long)have);
    if (have < want)
        return tc_error_set(err, TC_EXC_VALUE,
                            "not enough values to unpack (expected %lld, got %lld)",
                            (long long)want, (long long)have);
    return tc_error_set(err, TC_EXC_VALUE, "too many values to unpack (expected %lld)",
                        (long long)want);
}

/* Unpack v into want values pushed onto sp so that the first is on top (the targets are
 * stored in order); star (index + 1, or 0) collects the surplus into a list. Takes v.
 * The new stack pointer, or NULL with err. */
static kn_obj **unpack(kn_obj *v, int want, int star, kn_obj **sp, kn_err *err) {
    kn_obj **items = NULL, **start = sp;
    int64_t have = -1;
    kn_obj *list = NULL;
    if (!star && kn_is(v, &kn_type_tuple)) {
        items = kn_tuple_items(v);
        have = kn_tuple_len(v);
    } else if (!star && kn_is(v, &kn_type_list)) {
        items = kn_list_items(v);
        have = kn_list_len(v);
    }
    if (!items || have != want) {
        list = kn__unpack_items(v, want, star > 0, err);
        if (!list) {
            kn_decref(v);
            return NULL;
        }
        items = kn_list_items(list);
        have = kn_list_len(list);
        if (star ? have < want - 1 : have != want) {
            unpack_error(have, want, star > 0, err);
            kn_decref(list);
            kn_decref(v);
            return NULL;
        }
    }
    int s = star - 1; /* -1 without a starred target */
    int64_t after = s >= 0 ? want - 1 - s : 0;
    for (int i = want - 1; i >= 0; i--) {
        if (i == s) {
            int64_t n = have - (want - 1);
            kn_obj *rest = kn_list_new(0);
            for (int64_t k = 0; rest && k < n; k++)
                if (kn_list_append(rest, items[s + k]) < 0) {
                    kn_decref(rest);
                    rest = NULL;
                }
            if (!rest) {
                kn_nomem(err);
                while (sp > start)
                    kn_decref(*--sp);
                kn_decref(list);
                kn_decref(v);
                return NULL;
            }
            *sp++ = rest;
        } else {
            int64_t from = s >= 0 && i > s ? have - after + (i - s - 1) : i;
            *sp++ = kn_incref(items[from]);
        }
    }
    kn_decref(list);
    kn_decref(v);
    return sp;
}

/* Python's default text for an unbound local. */
static int unbound(const kn_code *co, int slot, bool comp_free, kn_err *err) {
    if (comp_free)
        return tc_error_set(err, TC_EXC_NAME,
                            "cannot access free variable '%s' where it is not associated with a "
                            "value in enclosing scope",
                            co->slotnames[slot]);
    return tc_error_set(err, TC_EXC_UNBOUND_LOCAL,
                        "cannot access local variable '%s' where it is not associated with a "
                        "value",
                        co->slotnames[slot]);
}

static kn_obj *format_value(kn_obj *v, int conv, kn_obj *spec, kn_err *err) {
    if (conv != KN_CONV_NONE) {
        kn_obj *s = conv == KN_CONV_STR     ? kn_str(v, err)
                    : conv == KN_CONV_ASCII ? kn_ascii(v, err)
                                            : kn_repr(v, err);
        if (!s) return NULL;
        kn_obj *r = kn_format_value(s, spec ? kn_str_cstr(spec) : "", err);
        kn_decref(s);
        return r;
    }
    return kn_format_value(v, spec ? kn_str_cstr(spec) : "", err);
}

static kn_obj *build_string(kn_obj **parts, int n) {
    size_t len = 0;
    for (int i = 0; i < n; i++)
        len += kn_str_len(parts[i]);
    char *buf = tc_malloc(len + 1);
    if (!buf) return NULL;
    size_t o = 0;
    for (int i = 0; i < n; i++) {
        size_t l = kn_str_len(parts[i]);
        memcpy(buf + o, kn_str_cstr(parts[i]), l);
        o += l;
    }
    kn_obj *r = kn_str_new(buf, len);
    tc_free(buf);
    return r;
}

static kn_obj *seq_extend_check(kn_obj *v, kn_err *err) {
    if (!v->type->iter && !v->type->next && !v->type->getitem) {
        tc_error_set(err, TC_EXC_TYPE, "Value after * must be an iterable, not %s",
                     kn_type_name(v));
        return NULL;
    }
    return v;
}

static int list_extend(kn_obj *list, kn_obj *iterable, kn_err *err) {
    kn_obj *it = kn_iter(iterable, err), *x;
    if (!it) return -1;
    while ((x = kn_next(it, err))) {
        int rc = kn_list_append(list, x);
        kn_decref(x);
        if (rc < 0) {
            kn_nomem(err);
            break;
        }
    }
    kn_decref(it);
    return tc_error_is_set(err) ? -1 : 0;
}

/* What LOAD_METHOD leaves as the callee when its call site's cache holds the receiver's
 * builtin method: CALL_METHOD calls the cached C function with the receiver. Immortal. */
static const kn_type cached_method_type = {.name = "builtin_function_or_method"};
static kn_obj cached_method = {INT64_C(1) << 60, &cached_method_type};

/* Builtin types whose methods come from fixed tables, so that (type, name) decides the
 * method. */
static bool cacheable_type(const kn_type *t) {
    return t == &kn_type_list || t == &kn_type_dict || t == &kn_type_str || t == &kn_type_tuple ||
           t == &kn_type_set || t == &kn_type_int || t == &kn_type_float || t->stable_methods;
}

/* Call callee: a user function whose body is compiled runs here directly, with the checks
 * function_call makes (eval.c); anything else through kn_call. */
static kn_obj *call(kn_eval *ev, kn_obj *callee, const kn_args *a, kn_err *err) {
    if (callee->type == &kn_type_function) {
        kn_function *fo = (kn_function *)callee;
        const kn_code *co = fo->node->cache;
        if (co && co->ok && !co->generator && fo->ev == ev) {
            if (tc_interrupt_check(err) < 0) return NULL;
            if (ev->depth >= KN_RECURSION_LIMIT ||
                (ev->stack_limit && (char *)__builtin_frame_address(0) < ev->stack_limit)) {
                tc_error_set(err, TC_EXC_RECURSION, "maximum recursion depth exceeded");
                return NULL;
            }
            return kn__vm_call(fo, co, a, err);
        }
    }
    return kn_call(callee, a, err);
}

/* x // y or x % y with Python's flooring, for y > 0. */
static inline int64_t floor_divmod(int64_t x, int64_t y, bool mod) {
    int64_t q = x / y, r = x % y;
    if (r < 0) {
        q--;
        r += y;
    }
    return mod ? r : q;
}

/* A value produced without an error being reported, during which an allocation failed,
 * may lack parts (object.h): it is dropped with a MemoryError, as the tree-walker does. */
#define ALLOC_CHECK(v)                                                                             \
    do {                                                                                           \
        if (tc_alloc_failed_take()) {                                                              \
            kn_decref(v);                                                                          \
            kn_nomem(err);                                                                         \
            goto error;                                                                            \
        }                                                                                          \
    } while (0)

static exec_status run(kn_eval *ev, frame *f, const kn_code *co, kn_obj **slots, kn_obj **stack,
                       int depth0, int pc, kn_obj **out, kn_err *err);

/* ---- try and with: their parts run as nested runs of the VM over the same slots, with the
 * value stack above the statement's ---------------------------------------------------- */

typedef struct vm_part {
    kn_eval *ev;
    frame *f;
    const kn_code *co;
    kn_obj **slots, **base;
    int idx;
    kn_obj *retval; /* a `return` inside the statement */
} vm_part;

static exec_status part_run(vm_part *p, int pc, kn_err *err) {
    if (pc < 0) return EX_OK;
    kn_obj *out = NULL;
    exec_status st = run(p->ev, p->f, p->co, p->slots, p->base, 0, pc, &out, err);
    if (st == EX_RETURN) {
        kn_decref(p->retval);
        p->retval = out;
    }
    return st;
}

static exec_status vt_body(void *ctx, kn_err *err) {
    vm_part *p = ctx;
    return part_run(p, p->co->tries[p->idx].body, err);
}

static kn_obj *vt_handler_type(void *ctx, int i, bool *bare, kn_err *err) {
    vm_part *p = ctx;
    int pc = p->co->tries[p->idx].h[i].type;
    if (pc < 0) {
        *bare = true;
        return NULL;
    }
    kn_obj *out = NULL;
    return run(p->ev, p->f, p->co, p->slots, p->base, 0, pc, &out, err) == EX_OK ? out : NULL;
}

static int vt_bind(void *ctx, int i, kn_obj *e, kn_err *err) {
    vm_part *p = ctx;
    const vm_handler *h = &p->co->tries[p->idx].h[i];
    if (h->as_kind == 1) {
        kn_obj *old = p->slots[h->as_idx];
        p->slots[h->as_idx] = kn_incref(e);
        kn_decref(old);
    } else if (h->as_kind == 2) {
        return kn__store_global(p->ev, p->f, p->co->names[h->as_idx], e, err);
    } else if (h->as_kind == 3) {
        return kn_dict_set(p->f->locals, p->co->names[h->as_idx], e, err);
    }
    return 0;
}

static void vt_unbind(void *ctx, int i) {
    vm_part *p = ctx;
    const vm_handler *h = &p->co->tries[p->idx].h[i];
    if (h->as_kind == 1) {
        kn_obj *old = p->slots[h->as_idx];
        p->slots[h->as_idx] = NULL;
        kn_decref(old);
    } else if (h->as_kind == 2) {
        kn_err e2;
        tc_error_init(&e2);
        kn_obj *key = p->co->names[h->as_idx];
        if (kn_dict_get_strobj(p->f->globals, key))
            kn__delete_name(p->ev, p->f, kn_str_cstr(key), &e2);
    } else if (h->as_kind == 3) {
        kn_err e2;
        tc_error_init(&e2);
        kn_obj *key = p->co->names[h->as_idx];
        if (kn_dict_get_strobj(p->f->locals, key)) kn_dict_del(p->f->locals, key, &e2);
    }
}

static exec_status vt_handler(void *ctx, int i, kn_err *err) {
    vm_part *p = ctx;
    return part_run(p, p->co->tries[p->idx].h[i].body, err);
}

static exec_status vt_orelse(void *ctx, kn_err *err) {
    vm_part *p = ctx;
    return part_run(p, p->co->tries[p->idx].orelse, err);
}

static exec_status vt_finally(void *ctx, kn_err *err) {
    vm_part *p = ctx;
    return part_run(p, p->co->tries[p->idx].final, err);
}

static int vw_assign(void *ctx, kn_obj *val, kn_err *err) {
    vm_part *p = ctx;
    int pc = p->co->withs[p->idx].target;
    if (pc < 0) return 0;
    p->base[0] = kn_incref(val);
    kn_obj *out = NULL;
    return run(p->ev, p->f, p->co, p->slots, p->base, 1, pc, &out, err) == EX_OK ? 0 : -1;
}

static exec_status vw_body(void *ctx, kn_err *err) {
    vm_part *p = ctx;
    return part_run(p, p->co->withs[p->idx].body, err);
}

/* Run code from pc with depth0 values already on the stack at 'stack' (see the ops above):
 * EX_RETURN with the value in *out, EX_OK at the end of a try/with part (a handler's class
 * in *out), EX_BREAK/EX_CONTINUE out of one, or EX_ERR with err set and a traceback entry
 * recorded. The stack is empty again (down to 'stack') whatever the outcome. */
static exec_status run(kn_eval *ev, frame *f, const kn_code *co, kn_obj **slots, kn_obj **stack,
                       int depth0, int pc0, kn_obj **out, kn_err *err) {
    const ins *code = co->code, *ip = code + pc0; /* the next instruction */
    kn_obj *const *names = co->names;
    kn_obj **sp = stack + depth0, *a, *b, *r;
    const ins *i;
    int t;
    exec_status st;
    static kn_obj *super_type, *str_type; /* type objects live as long as the process */
    if (!super_type) super_type = kn_type_object(&kn_type_super);
    if (!str_type) str_type = kn_type_object(&kn_type_str);
    int64_t x, y, z;
    /* threaded dispatch: each op jumps to the next one's code through this table (one
     * indirect jump per op, each predicted on its own) */
#define VM__LABEL(name, eff) &&L_##name,
    static const void *const labels[] = {VM_OPS(VM__LABEL)};
#undef VM__LABEL
#define TARGET(name)                                                                               \
    case OP_##name:                                                                                \
        L_##name
/* An op that replaced the top of the stack with r: on to the next op, or to the error path
 * without the operand it consumed. */
#define TOP_OR_ERROR(r)                                                                            \
    do {                                                                                           \
        if (!(r)) {                                                                                \
            sp--;                                                                                  \
            goto error;                                                                            \
        }                                                                                          \
        sp[-1] = (r);                                                                              \
        DISPATCH();                                                                                \
    } while (0)
#define DISPATCH()                                                                                 \
    do {                                                                                           \
        i = ip++;                                                                                  \
        goto *labels[i->op];                                                                       \
    } while (0)
    for (;;) {
        i = ip++;
        switch ((vm_op)i->op) {
            TARGET(NOP) : DISPATCH();
            TARGET(POP) : a = *--sp;
            kn_decref(a);
            ALLOC_CHECK(NULL);
            DISPATCH();
            TARGET(DUP) : sp[0] = kn_incref(sp[-1]);
            sp++;
            DISPATCH();
            TARGET(DUP2) : sp[0] = kn_incref(sp[-2]);
            sp[1] = kn_incref(sp[-1]);
            sp += 2;
            DISPATCH();
            TARGET(ROT2) : a = sp[-1];
            /* two 8-byte loads: one 16-byte load of what was just stored stalls */
            __asm__("" : "+r"(a));
            sp[-1] = sp[-2];
            sp[-2] = a;
            DISPATCH();
            TARGET(ROT3)
                : /* [x, y, z] -> [z, x, y] */
                  a = sp[-1];
            sp[-1] = sp[-2];
            sp[-2] = sp[-3];
            sp[-3] = a;
            DISPATCH();
            TARGET(LOAD_CONST) : *sp++ = kn_incref(co->consts[i->arg]);
            DISPATCH();
            TARGET(LOAD_FAST) : if (!(a = slots[i->arg])) {
                unbound(co, i->arg, i->a, err);
                goto error;
            }
            *sp++ = kn_incref(a);
            DISPATCH();
            TARGET(STORE_FAST) : a = *--sp;
            ALLOC_CHECK(a);
            b = slots[i->arg];
            slots[i->arg] = a;
            kn_decref(b);
            DISPATCH();
            TARGET(DELETE_FAST) : if (!slots[i->arg]) {
                unbound(co, i->arg, false, err);
                goto error;
            }
            __attribute__((fallthrough));
            TARGET(CLEAR_FAST) : a = slots[i->arg];
            slots[i->arg] = NULL;
            kn_decref(a);
            DISPATCH();
            TARGET(LOAD_DEREF)
                : if (!f->locals || !(a = kn_dict_get_strobj(f->locals, names[i->arg]))) {
                tc_error_set(err, TC_EXC_UNBOUND_LOCAL,
                             "cannot access local variable '%s' where it is not associated "
                             "with a value",
                             kn_str_cstr(names[i->arg]));
                goto error;
            }
            *sp++ = kn_incref(a);
            DISPATCH();
            TARGET(STORE_DEREF) : a = *--sp;
            ALLOC_CHECK(a);
            t = kn_dict_set(f->locals, names[i->arg], a, err);
            kn_decref(a);
            if (t < 0) goto error;
            DISPATCH();
            TARGET(DELETE_DEREF) : if (!kn_dict_get_strobj(f->locals, names[i->arg])) {
                tc_error_set(err, TC_EXC_UNBOUND_LOCAL,
                             "cannot access local variable '%s' where it is not associated "
                             "with a value",
                             kn_str_cstr(names[i->arg]));
                goto error;
            }
            if (kn_dict_del(f->locals, names[i->arg], err) < 0) goto error;
            DISPATCH();
            TARGET(STORE_NONLOCAL) : a = *--sp;
            ALLOC_CHECK(a);
            t = kn__store_nonlocal(f, kn_str_cstr(names[i->arg]), names[i->arg], a, err);
            kn_decref(a);
            if (t < 0) goto error;
            DISPATCH();
            TARGET(INIT_CELLS) : if (!f->locals && !(f->locals = kn_dict_new())) {
                kn_nomem(err);
                goto error;
            }
            for (int k = 0; k < co->ncellparams; k++)
                if (slots[co->cellparams[k]] && kn_dict_set(f->locals, names[co->cellnames[k]],
                                                            slots[co->cellparams[k]], err) < 0)
                    goto error;
            DISPATCH();
            TARGET(LOAD_GLOBAL) : b = names[i->arg];
            if (!f->closure) {
                vm_gcache *gc = &co->gcache[i->b];
                if (gc->gver == kn__dict_version(f->globals)) {
                    if (gc->gix >= 0) {
                        *sp++ = kn_incref(kn__dict_value_at(f->globals, gc->gix));
                        DISPATCH();
                    }
                    if (gc->bver == kn__dict_version(ev->builtins)) {
                        *sp++ = kn_incref(kn__dict_value_at(ev->builtins, gc->bix));
                        DISPATCH();
                    }
                }
                int64_t ix = kn_dict_find_strobj(f->globals, b);
                if (ix >= 0) {
                    *gc = (vm_gcache){kn_dict_version(f->globals), -1, ix, -1};
                    *sp++ = kn_incref(kn_dict_value_at(f->globals, ix));
                    DISPATCH();
                }
                ix = kn_dict_find_strobj(ev->builtins, b);
                if (ix >= 0)
                    *gc = (vm_gcache){kn_dict_version(f->globals), kn_dict_version(ev->builtins),
                                      -1, ix};
            }
            if (!(a = kn__load_outer(ev, f, b, kn_str_cstr(b), err))) goto error;
            *sp++ = a;
            DISPATCH();
            TARGET(STORE_GLOBAL) : a = *--sp;
            ALLOC_CHECK(a);
            t = kn__store_global_at(ev, f, names[i->arg], a, &co->ahint[i->b], err);
            kn_decref(a);
            if (t < 0) goto error;
            DISPATCH();
            TARGET(DELETE_GLOBAL)
                : if (kn__delete_name(ev, f, kn_str_cstr(names[i->arg]), err) < 0) goto error;
            DISPATCH();
            TARGET(LOAD_ATTR) : a = sp[-1];
            if (a->type == &kn_type_module && (r = kn_dict_get_strobj(kn_module_dict(a),
                                                                     names[i->arg]))) {
                kn_incref(r); /* math.pi: the name's hash is kept in its str */
            } else if (!(r = kn_instance_getattr_fast(a, names[i->arg], &co->asite[i->b]))) {
                r = kn_getattr(a, kn_str_cstr(names[i->arg]), err);
            }
            kn_decref(a);
            TOP_OR_ERROR(r);
            TARGET(STORE_ATTR)
                : /* [value, obj], or [obj, value] when a */
                  a = sp[-1 - i->a];
            b = sp[-2 + i->a];
            sp -= 2;
            if (tc_alloc_failed_take()) {
                kn_nomem(err);
                t = -1;
            } else if (!(t = kn_instance_setattr_fast(a, names[i->arg], b, &co->asite[i->b], err))) {
                t = kn_setattr(a, kn_str_cstr(names[i->arg]), b, err);
            }
            kn_decref(a);
            kn_decref(b);
            if (t < 0) goto error;
            DISPATCH();
            TARGET(DELETE_ATTR) : a = *--sp;
            t = kn_setattr(a, kn_str_cstr(names[i->arg]), NULL, err);
            kn_decref(a);
            if (t < 0) goto error;
            DISPATCH();
            TARGET(LOAD_METHOD) : a = sp[-1];
            if ((r = kn_instance_method_fast(a, names[i->arg], &co->mcache[i->b].site))) {
                sp[-1] = kn_incref(r);
                *sp++ = a; /* self */
                DISPATCH();
            }
            if (a->type == &kn_type_module &&
                (r = kn_dict_get_strobj(kn_module_dict(a), names[i->arg]))) {
                sp[-1] = kn_incref(r); /* math.sqrt(x): a function, no self */
                kn_decref(a);
                *sp++ = NULL;
                DISPATCH();
            }
            {
                vm_mcache *mc = &co->mcache[i->b];
                if (a->type == mc->type) {
                    sp[-1] = &cached_method;
                    *sp++ = a; /* the receiver */
                    DISPATCH();
                }
                r = kn_getattr(a, kn_str_cstr(names[i->arg]), err);
                vm_mcache got = {a->type};
                kn_obj *bound = NULL;
                if (r && cacheable_type(a->type) &&
                    kn_cfunction_parts(r, &got.fn, &got.name, &got.sig, &bound) && bound == a)
                    *mc = got;
            }
            kn_decref(a);
            if (!r) {
                sp--;
                goto error;
            }
            sp[-1] = r;
            *sp++ = NULL;
            DISPATCH();
            TARGET(CALL) : {
                int n = i->arg;
                kn_obj **args = sp - n, *callee = args[-1];
                if (n == 0 && callee == super_type) {
                    r = kn__zero_arg_super(f, err);
                } else if (n == 1 && callee == str_type) {
                    r = kn_str(args[0], err); /* str(x): what calling the type does with one x */
                } else {
                    kn_args ka = {args, n, NULL, NULL, 0};
                    r = call(ev, callee, &ka, err);
                }
                while (sp > args - 1)
                    kn_decref(*--sp);
                if (!r) goto error;
                *sp++ = r;
                DISPATCH();
            }
            TARGET(CALL_METHOD) :
            TARGET(CALL_KW) : {
                /* [callee, self-or-NULL (method form), positional args, keyword values] */
                static const kwset no_kw = {0};
                bool kw = i->op == OP_CALL_KW, method = !kw || i->a;
                const kwset *ks = kw ? &co->kwsets[i->arg] : &no_kw;
                int npos = kw ? ks->npos : i->arg;
                kn_obj **args = sp - npos - ks->nkw;
                kn_obj **base = args - 1 - method, *callee = base[0];
                kn_obj *self = method ? base[1] : NULL;
                if (callee == &cached_method) {
                    const vm_mcache *mc = &co->mcache[i->b];
                    kn_args ka = {args, npos, ks->names, args + npos, ks->nkw};
                    r = kn_cfunction_call_with(mc->fn, mc->name, mc->sig, self, &ka, err);
                } else {
                    kn_args ka = {self ? args - 1 : args, npos + (self != NULL), ks->names,
                                  args + npos, ks->nkw};
                    r = call(ev, callee, &ka, err);
                }
                while (sp > base)
                    kn_decref(*--sp);
                if (!r) goto error;
                *sp++ = r;
                DISPATCH();
            }
            TARGET(CALL_EXTEND)
                : /* [callee, list, x] */
                  a = *--sp;
            if (!a->type->iter && !a->type->next && !a->type->getitem) {
                char fs[200];
                kn__func_str(sp[-2], fs, sizeof fs);
                tc_error_set(err, TC_EXC_TYPE, "%s argument after * must be an iterable, not %s",
                             fs, kn_type_name(a));
                t = -1;
            } else {
                t = list_extend(sp[-1], a, err);
            }
            kn_decref(a);
            if (t < 0) goto error;
            DISPATCH();
            TARGET(CALL_KWADD)
                : /* [callee, list, dict, v] */
                  a = *--sp;
            if (kn_dict_get_strobj(sp[-1], names[i->arg])) {
                char fs[200];
                kn__func_str(sp[-3], fs, sizeof fs);
                tc_error_set(err, TC_EXC_TYPE, "%s got multiple values for keyword argument '%s'",
                             fs, kn_str_cstr(names[i->arg]));
                t = -1;
            } else {
                t = kn_dict_set(sp[-1], names[i->arg], a, err);
            }
            kn_decref(a);
            if (t < 0) goto error;
            DISPATCH();
            TARGET(CALL_KWMERGE)
                : /* [callee, list, dict, m] */
                  a = *--sp;
            t = 0;
            if (!kn_is(a, &kn_type_dict)) {
                char fs[200];
                kn__func_str(sp[-3], fs, sizeof fs);
                t = tc_error_set(err, TC_EXC_TYPE, "%s argument after ** must be a mapping, not %s",
                                 fs, kn_type_name(a));
            } else {
                int64_t it = 0;
                kn_obj *k, *val;
                while (t == 0 && kn_dict_next(a, &it, &k, &val)) {
                    if (!kn_is(k, &kn_type_str)) {
                        t = tc_error_set(err, TC_EXC_TYPE, "keywords must be strings");
                    } else if (kn_dict_get_strobj(sp[-1], k)) {
                        char fs[200];
                        kn__func_str(sp[-3], fs, sizeof fs);
                        t = tc_error_set(err, TC_EXC_TYPE,
                                         "%s got multiple values for keyword argument '%s'", fs,
                                         kn_str_cstr(k));
                    } else {
                        t = kn_dict_set(sp[-1], k, val, err);
                    }
                }
            }
            kn_decref(a);
            if (t < 0) goto error;
            DISPATCH();
            TARGET(CALL_EX) : {
                kn_obj *kw = i->a ? *--sp : NULL, *list = *--sp, *callee = sp[-1];
                int64_t nkw = kw ? kn_dict_len(kw) : 0;
                const char **kwn = nkw ? tc_malloc((size_t)nkw * sizeof *kwn) : NULL;
                kn_obj **kwv = nkw ? tc_malloc((size_t)nkw * sizeof *kwv) : NULL;
                if (nkw && (!kwn || !kwv)) {
                    kn_nomem(err);
                    r = NULL;
                } else {
                    int64_t it = 0, k = 0;
                    kn_obj *key, *val;
                    while (kw && kn_dict_next(kw, &it, &key, &val)) {
                        kwn[k] = kn_str_cstr(key);
                        kwv[k++] = val;
                    }
                    kn_args ka = {kn_list_items(list), (int)kn_list_len(list), kwn, kwv, (int)nkw};
                    r = call(ev, callee, &ka, err);
                }
                tc_free(kwn);
                tc_free(kwv);
                kn_decref(kw);
                kn_decref(list);
                kn_decref(callee);
                sp--;
                if (!r) goto error;
                *sp++ = r;
                DISPATCH();
            }
            TARGET(LOAD_SUBSCR) : b = *--sp;
            a = sp[-1];
            r = kn_getitem(a, b, err);
            kn_decref(a);
            kn_decref(b);
            TOP_OR_ERROR(r);
            TARGET(STORE_SUBSCR)
                : /* [value, obj, key], or [obj, key, value] when a */
                  sp -= 3;
            if (tc_alloc_failed_take()) {
                kn_nomem(err);
                t = -1;
            } else {
                t = kn_setitem(sp[!i->a], sp[2 - i->a], sp[i->a ? 2 : 0], err);
            }
            kn_decref(sp[0]);
            kn_decref(sp[1]);
            kn_decref(sp[2]);
            if (t < 0) goto error;
            DISPATCH();
            TARGET(DELETE_SUBSCR) : sp -= 2;
            t = kn_delitem(sp[0], sp[1], err);
            kn_decref(sp[0]);
            kn_decref(sp[1]);
            if (t < 0) goto error;
            DISPATCH();
            TARGET(BINARY_CONST) : TARGET(INPLACE_CONST) : b = kn_incref(co->consts[i->arg]);
            goto binary;
            TARGET(BINARY) : TARGET(INPLACE) : b = *--sp;
        binary:
            a = sp[-1];
            /* int + - * // % int within int64: no dispatch (// and % floor, as Python) */
            if (kn_int_small(a, &x) && kn_int_small(b, &y) &&
                (i->a <= KN_BINOP_MUL
                     ? !(i->a == KN_BINOP_ADD   ? __builtin_add_overflow(x, y, &z)
                         : i->a == KN_BINOP_SUB ? __builtin_sub_overflow(x, y, &z)
                                                : __builtin_mul_overflow(x, y, &z))
                     : (i->a == KN_BINOP_MOD || i->a == KN_BINOP_FLOORDIV) && y > 0 &&
                           (z = floor_divmod(x, y, i->a == KN_BINOP_MOD), true))) {
                r = kn_int_new(z);
                goto binary_done;
            }
            /* float + - * / float (or an int on one side): no dispatch; x / 0.0 and the
             * rest take the general path */
            double fa, fb;
            if (i->a <= KN_BINOP_TRUEDIV && (a->type == &kn_type_float || b->type == &kn_type_float) &&
                (a->type == &kn_type_float ? (fa = kn_float_value(a), true)
                                           : kn_int_small(a, &x) && (fa = (double)x, true)) &&
                (b->type == &kn_type_float ? (fb = kn_float_value(b), true)
                                           : kn_int_small(b, &y) && (fb = (double)y, true)) &&
                (i->a != KN_BINOP_TRUEDIV || fb != 0)) {
                double fz = i->a == KN_BINOP_ADD   ? fa + fb
                            : i->a == KN_BINOP_SUB ? fa - fb
                            : i->a == KN_BINOP_MUL ? fa * fb
                                                   : fa / fb;
                r = kn_float_new(fz);
                goto binary_done;
            }
            r = i->op == OP_BINARY || i->op == OP_BINARY_CONST
                    ? kn_binary((kn_binop)i->a, a, b, err)
                    : kn_inplace((kn_binop)i->a, a, b, err);
            kn_decref(a);
            kn_decref(b);
            TOP_OR_ERROR(r);
        binary_done: /* r, a fast path's result from a and b */
            if (!r) {
                kn_decref(b);
                kn_nomem(err);
                goto error; /* a is still on the stack */
            }
            kn_decref(a);
            kn_decref(b);
            sp[-1] = r;
            DISPATCH();
            TARGET(UNARY) : a = sp[-1];
            r = kn_unary((kn_unop)i->a, a, err);
            kn_decref(a);
            TOP_OR_ERROR(r);
            TARGET(NOT) : a = sp[-1];
            t = kn_truth(a, err);
            kn_decref(a);
            if (t < 0) {
                sp--;
                goto error;
            }
            sp[-1] = kn_bool_new(!t);
            DISPATCH();
            TARGET(COMPARE_CONST) : b = kn_incref(co->consts[i->arg]);
            goto compare;
            TARGET(COMPARE) : b = *--sp;
        compare:
            a = sp[-1];
            if (i->a <= KN_CMPK_GE && kn_int_small(a, &x) && kn_int_small(b, &y)) {
                switch ((kn_cmp_kind)i->a) {
                case KN_CMPK_LT:
                    t = x < y;
                    break;
                case KN_CMPK_LE:
                    t = x <= y;
                    break;
                case KN_CMPK_EQ:
                    t = x == y;
                    break;
                case KN_CMPK_NE:
                    t = x != y;
                    break;
                case KN_CMPK_GT:
                    t = x > y;
                    break;
                default:
                    t = x >= y;
                    break;
                }
                kn_decref(a);
                kn_decref(b);
                const ins *nx = ip;
                if (nx->op == OP_POP_JUMP_IF_FALSE || nx->op == OP_POP_JUMP_IF_TRUE) {
                    /* `if x < y:` branches on t without making and testing a bool */
                    sp--;
                    ip++;
                    if (t == (nx->op == OP_POP_JUMP_IF_TRUE)) {
                        if (code + nx->arg < ip && tc_interrupt_check(err) < 0) goto error;
                        ip = code + nx->arg;
                    }
                    DISPATCH();
                }
                sp[-1] = kn_bool_new(t);
                DISPATCH();
            }
            r = kn__compare_one((kn_cmp_kind)i->a, a, b, err);
            kn_decref(a);
            kn_decref(b);
            TOP_OR_ERROR(r);
            TARGET(JUMP) : if (code + i->arg < ip) { /* a loop's back edge */
                if (tc_interrupt_check(err) < 0) goto error;
                if (ev->hooks.on_stmt) ev->hooks.on_stmt(ev->hooks.ctx);
            }
            ip = code + i->arg;
            DISPATCH();
            TARGET(POP_JUMP_IF_FALSE) : TARGET(POP_JUMP_IF_TRUE) : a = *--sp;
            if (a == kn_true() || a == kn_false()) {
                t = a == kn_true();
            } else if (kn_int_small(a, &x)) {
                t = x != 0;
            } else if ((t = kn_truth(a, err)) < 0) {
                kn_decref(a);
                goto error;
            }
            kn_decref(a);
            ALLOC_CHECK(NULL);
            if (t == (i->op == OP_POP_JUMP_IF_TRUE)) {
                if (code + i->arg < ip && tc_interrupt_check(err) < 0) goto error;
                ip = code + i->arg;
            }
            DISPATCH();
            TARGET(JUMP_IF_FALSE_OR_POP) : TARGET(JUMP_IF_TRUE_OR_POP) : a = sp[-1];
            if ((t = kn_truth(a, err)) < 0) goto error;
            if (t == (i->op == OP_JUMP_IF_TRUE_OR_POP)) {
                ip = code + i->arg;
            } else {
                sp--;
                kn_decref(a);
            }
            DISPATCH();
            TARGET(GET_ITER) : a = sp[-1];
            r = kn_iter(a, err);
            kn_decref(a);
            TOP_OR_ERROR(r);
            TARGET(FOR_ITER) : if (tc_interrupt_check(err) < 0) goto error;
            a = sp[-1];
            /* GET_ITER made it an iterator: its next slot directly (kn_next's checks) */
            if ((r = a->type->next ? a->type->next(a, err) : kn_next(a, err))) {
                *sp++ = r;
                DISPATCH();
            }
            if (tc_error_is_set(err)) goto error;
            if (tc_alloc_failed_take()) {
                kn_nomem(err);
                goto error;
            }
            kn_decref(*--sp);
            ip = code + i->arg;
            DISPATCH();
            TARGET(BUILD_TUPLE) : TARGET(BUILD_LIST) : {
                int n = i->arg;
                r = i->op == OP_BUILD_TUPLE ? kn_tuple_new(n) : kn_list_new(n);
                if (!r) {
                    kn_nomem(err);
                    goto error;
                }
                sp -= n;
                for (int k = 0; k < n; k++) {
                    if (i->op == OP_BUILD_TUPLE)
                        kn_tuple_set(r, k, sp[k]);
                    else
                        kn_list_set(r, k, sp[k]);
                }
                *sp++ = r;
                DISPATCH();
            }
            TARGET(BUILD_SET) : if (!(r = kn_set_new())) {
                kn_nomem(err);
                goto error;
            }
            *sp++ = r;
            DISPATCH();
            TARGET(BUILD_DICT) : if (!(r = kn_dict_new())) {
                kn_nomem(err);
                goto error;
            }
            *sp++ = r;
            DISPATCH();
            TARGET(BUILD_SLICE) : sp -= 3;
            r = kn_slice_new(sp[0] == kn_none() ? NULL : sp[0], sp[1] == kn_none() ? NULL : sp[1],
                             sp[2] == kn_none() ? NULL : sp[2]);
            kn_decref(sp[0]);
            kn_decref(sp[1]);
            kn_decref(sp[2]);
            if (!r) {
                kn_nomem(err);
                goto error;
            }
            *sp++ = r;
            DISPATCH();
            TARGET(BUILD_STRING) : {
                int n = i->arg;
                r = build_string(sp - n, n);
                while (n--)
                    kn_decref(*--sp);
                if (!r) {
                    kn_nomem(err);
                    goto error;
                }
                *sp++ = r;
                DISPATCH();
            }
            TARGET(FORMAT) : {
                kn_obj *spec = i->b ? *--sp : NULL;
                a = sp[-1];
                r = format_value(a, i->a, spec, err);
                kn_decref(spec);
                kn_decref(a);
                TOP_OR_ERROR(r);
            }
            TARGET(LIST_APPEND) : a = *--sp;
            t = kn_list_append(sp[-i->arg], a);
            kn_decref(a);
            if (t < 0) {
                kn_nomem(err);
                goto error;
            }
            DISPATCH();
            TARGET(SET_ADD) : a = *--sp;
            t = kn_set_add(sp[-i->arg], a, err);
            kn_decref(a);
            if (t < 0) goto error;
            DISPATCH();
            TARGET(MAP_ADD) : b = *--sp;
            a = *--sp;
            t = kn_dict_set(sp[-i->arg], a, b, err);
            kn_decref(a);
            kn_decref(b);
            if (t < 0) goto error;
            DISPATCH();
            TARGET(LIST_EXTEND) : a = *--sp;
            t = seq_extend_check(a, err) ? list_extend(sp[-i->arg], a, err) : -1;
            kn_decref(a);
            if (t < 0) goto error;
            DISPATCH();
            TARGET(SET_UPDATE) : a = *--sp;
            t = kn_set_update(sp[-i->arg], a, err);
            kn_decref(a);
            if (t < 0) goto error;
            DISPATCH();
            TARGET(DICT_UPDATE) : a = *--sp;
            if (!kn_is(a, &kn_type_dict)) {
                tc_error_set(err, TC_EXC_TYPE, "'%s' object is not a mapping", kn_type_name(a));
                kn_decref(a);
                goto error;
            } else {
                int64_t it = 0;
                kn_obj *k, *val;
                t = 0;
                while (t == 0 && kn_dict_next(a, &it, &k, &val))
                    t = kn_dict_set(sp[-i->arg], k, val, err);
                kn_decref(a);
                if (t < 0) goto error;
            }
            DISPATCH();
            TARGET(LIST_TO_TUPLE) : {
                a = sp[-1];
                int64_t n = kn_list_len(a);
                if (!(r = kn_tuple_new(n))) {
                    kn_nomem(err);
                    goto error;
                }
                for (int64_t k = 0; k < n; k++)
                    kn_tuple_set(r, k, kn_incref(kn_list_items(a)[k]));
                kn_decref(a);
                sp[-1] = r;
                DISPATCH();
            }
            TARGET(UNPACK) : {
                a = *--sp;
                kn_obj **nsp = unpack(a, i->arg, i->b, sp, err);
                if (!nsp) goto error;
                sp = nsp;
                DISPATCH();
            }
            TARGET(RETURN) : r = *--sp;
            ALLOC_CHECK(r);
            while (sp > stack)
                kn_decref(*--sp);
            *out = r;
            return EX_RETURN;
            TARGET(YIELD) : a = *--sp;
            if (co->flat) { /* suspend by returning (kn__vm_gen_step) */
                if (ev->vm_throw) { /* resumed with an exception thrown in here */
                    ev->vm_throw = false;
                    kn_decref(a);
                    goto error;
                }
                ev->vm_yield_pc = (int)(ip - code);
                ev->vm_yield_depth = (int)(sp - stack);
                *out = a;
                return EX_YIELD;
            }
            if (!(r = kn__yield(ev, f, a, err))) goto error;
            *sp++ = r;
            DISPATCH();
            TARGET(YF_ITER) : a = sp[-1];
            r = kn_iter(a, err);
            kn_decref(a);
            TOP_OR_ERROR(r);
            TARGET(YIELD_FROM) : b = *--sp; /* the value sent */
            a = sp[-1];                     /* the delegate */
            if (co->flat) { /* one step; suspended in it, this op runs again on resume */
                tc_error thrown;
                tc_error_init(&thrown);
                if (ev->vm_throw) { /* resumed with an exception thrown in here */
                    ev->vm_throw = false;
                    thrown = *err;
                    tc_error_clear(err);
                }
                kn_obj *ret = NULL;
                r = kn__yf_step(f, a, b, tc_error_is_set(&thrown) ? &thrown : NULL, &ret, err);
                kn_decref(b);
                if (r) {
                    ev->vm_yield_pc = (int)(ip - code);
                    ev->vm_yield_depth = (int)(sp - stack);
                    *out = r;
                    return EX_YIELD;
                }
                if (!ret) goto error;
                kn_decref(a);
                sp[-1] = ret;
                DISPATCH();
            }
            kn_decref(b);
            sp--;
            if (!(r = kn__yield_from(ev, f, a, err))) goto error;
            *sp++ = r;
            DISPATCH();
            TARGET(BLOCK_END) : return EX_OK;
            TARGET(BLOCK_VALUE) : *out = *--sp;
            return EX_OK;
            TARGET(BLOCK_BREAK) : TARGET(BLOCK_CONTINUE) : while (sp > stack) kn_decref(*--sp);
            return i->op == OP_BLOCK_BREAK ? EX_BREAK : EX_CONTINUE;
            TARGET(TRY) : TARGET(WITH) : {
                vm_part p = {ev, f, co, slots, sp, i->arg, NULL};
                if (i->op == OP_TRY) {
                    const vm_try *ti = &co->tries[i->arg];
                    kn_try_ops ops = {.nhandlers = ti->nh,
                                      .has_orelse = ti->orelse >= 0,
                                      .has_finally = ti->final >= 0,
                                      .body = vt_body,
                                      .handler_type = vt_handler_type,
                                      .bind = vt_bind,
                                      .unbind = vt_unbind,
                                      .handler = vt_handler,
                                      .orelse = vt_orelse,
                                      .finally = vt_finally,
                                      .retval = &p.retval};
                    st = kn__try(ev, &ops, &p, err);
                } else {
                    a = *--sp;
                    p.base = sp;
                    kn_with_ops ops = {.assign = vw_assign, .body = vw_body};
                    st = kn__with(ev, a, &ops, &p, err);
                }
                switch (st) {
                case EX_OK:
                    ip = code + (i->op == OP_TRY ? co->tries[i->arg].after : co->withs[i->arg].after);
                    DISPATCH();
                case EX_RETURN:
                    while (sp > stack)
                        kn_decref(*--sp);
                    *out = p.retval;
                    return EX_RETURN;
                case EX_BREAK:
                    kn_decref(p.retval);
                    if (!i->a) goto outside_loop;
                    DISPATCH(); /* the break stub follows */
                case EX_CONTINUE:
                    kn_decref(p.retval);
                    if (!i->a) goto outside_loop;
                    ip += i->b;
                    DISPATCH();
                default:
                    kn_decref(p.retval);
                    goto error;
                }
            }
            TARGET(RAISE) : if (i->a == 0) {
                kn__reraise(ev, err);
            }
            else {
                b = i->a == 2 ? *--sp : NULL;
                a = *--sp;
                kn__raise_value(ev, a, b, err);
            }
            goto error;
            TARGET(ASSERT_FAIL) : if (!i->a) {
                tc_error_set(err, TC_EXC_ASSERTION, "%s", "");
                goto error;
            }
            a = *--sp;
            kn__raise_assertion(ev, a, err);
            goto error;
            TARGET(EXEC_TREE) : switch (kn__exec_stmt(ev, f, co->nodes[i->arg], err)) {
            case EX_ERR:
                goto error;
            case EX_BREAK: /* the break stub follows */
                if (!i->a) goto outside_loop;
                DISPATCH();
            case EX_CONTINUE:
                if (!i->a) goto outside_loop;
                ip += i->b;
                DISPATCH();
            case EX_RETURN:
                kn_decref(f->retval);
                f->retval = NULL;
                /* fall through */
            case EX_OK:
            case EX_YIELD: /* (never: a statement on the tree-walker does not suspend this run) */
                if (i->a) ip += i->b + 1;
                DISPATCH();
            }
            DISPATCH();
        outside_loop:
            tc_error_set(err, TC_EXC_SYNTAX, "'break' outside loop");
            goto error;
            TARGET(EVAL_TREE) : if (!(r = kn__eval(ev, f, co->nodes[i->arg], err))) goto error;
            *sp++ = r;
            DISPATCH();
            TARGET(MAKE_DEF) : if (!(r = kn__def_value(ev, f, co->nodes[i->arg], err))) goto error;
            *sp++ = r;
            DISPATCH();
            TARGET(GENEXP) : a = *--sp;
            if (!(r = kn__genexp_from(ev, f, co->nodes[i->arg], a, err))) goto error;
            *sp++ = r;
            DISPATCH();
        case OP_COUNT:
            break;
        }
        tc_error_set(err, TC_EXC_RUNTIME, "internal error: bad bytecode");
        goto error;
    }
error:
    if (tc_error_is_set(err)) {
        tc_alloc_failed_take(); /* reported (or superseded) */
    } else if (tc_alloc_failed_take()) {
        kn_nomem(err);
    } else {
        tc_error_set(err, TC_EXC_RUNTIME, "internal error: an operation failed without a message");
    }
    kn__record_line(ev, f, co->lines[ip - code - 1], err);
    while (sp > stack)
        kn_decref(*--sp);
    return EX_ERR;
#undef TARGET
#undef DISPATCH
#undef TOP_OR_ERROR
}

/* See vm.h. */
int kn__code_nslots(const kn_code *co) {
    return co->nslots;
}

/* See vm.h. */
kn_obj *kn__vm_gen_run(kn_eval *ev, frame *f, const kn_code *co, kn_err *err) {
    kn_obj *stack[co->stacksize], *r = NULL;
    if (run(ev, f, co, f->slots, stack, 0, 0, &r, err) != EX_RETURN) r = NULL;
    return r;
}

/* See vm.h. */
bool kn__code_flat(const kn_code *co) {
    return co->flat;
}

int kn__code_stacksize(const kn_code *co) {
    return co->stacksize;
}

/* See vm.h. */
exec_status kn__vm_gen_step(kn_eval *ev, frame *f, const kn_code *co, kn_obj **stack, int *pc,
                            int *depth, kn_obj *sent, bool throwing, kn_obj **out, kn_err *err) {
    int at = *pc, d = *depth;
    if (throwing) { /* run the yield again, raising: a placeholder stands for its value */
        stack[d++] = kn_none_new();
        at--;
        ev->vm_throw = true;
        kn_decref(sent);
    } else if (at > 0) {
        stack[d++] = sent;
        if (co->code[at - 1].op == OP_YIELD_FROM) at--; /* the next step of the delegate */
    } else {
        kn_decref(sent);
    }
    *out = NULL;
    exec_status st = run(ev, f, co, f->slots, stack, d, at, out, err);
    ev->vm_throw = false;
    if (st == EX_YIELD) {
        *pc = ev->vm_yield_pc;
        *depth = ev->vm_yield_depth;
    } else {
        *pc = *depth = 0;
        if (st != EX_RETURN) {
            kn_decref(*out);
            *out = NULL;
            st = EX_ERR;
        }
    }
    return st;
}

/* See vm.h. */
kn_obj *kn__vm_run_module(kn_eval *ev, frame *f, const kn_code *co, kn_err *err) {
    int nslots = co->nslots;
    kn_obj *regs[nslots + co->stacksize];
    for (int k = 0; k < nslots; k++)
        regs[k] = NULL;
    frame mf = *f;
    mf.slots = regs;
    kn_obj *r = NULL;
    if (run(ev, &mf, co, regs, regs + nslots, 0, 0, &r, err) != EX_RETURN) r = NULL;
    for (int k = 0; k < nslots; k++)
        kn_decref(regs[k]);
    return r;
}

/* See vm.h. */
kn_obj *kn__vm_call(kn_function *fo, const kn_code *co, const kn_args *a, kn_err *err) {
    kn_eval *ev = fo->ev;
    int nslots = co->nslots;
    kn_obj *regs[nslots + co->stacksize];
    kn_obj **slots = regs;
    if (co->simple_params && a->nkw == 0 && a->npos == co->nparams) {
        for (int k = 0; k < a->npos; k++)
            slots[k] = kn_incref(a->pos[k]);
        for (int k = a->npos; k < nslots; k++)
            slots[k] = NULL;
    } else {
        for (int k = 0; k < nslots; k++)
            slots[k] = NULL;
        if (kn__bind_slots(fo, a, slots, err) < 0) return NULL;
    }
    /* field by field: an initializer zeroing the rest compiles to `rep stos`, whose start-up
     * cost is a measurable part of a call */
    _Static_assert(sizeof(frame) == 13 * sizeof(void *), "a frame field is left unset here");
    frame fr;
    fr.locals = NULL;
    fr.slots = slots;
    fr.closure = fo->closure;
    fr.fn = fo->fn;
    fr.ast = fo->ast;
    fr.name = fo->fn->name;
    fr.retval = NULL;
    fr.fo = &fo->base;
    fr.globals = fo->globals;
    fr.is_class = false;
    fr.gen = NULL;
    fr.self_scope = NULL;
    fr.comp = false;
    ev->depth++;
    void *saved_top = ev->top;
    ev->top = &fr;
    kn_obj *r = NULL;
    if (run(ev, &fr, co, slots, regs + nslots, 0, 0, &r, err) != EX_RETURN) r = NULL;
    ev->depth--;
    ev->top = saved_top;
    for (int k = 0; k < nslots; k++) /* first: a function kept only in a slot lets go of */
        kn_decref(slots[k]);          /* the frame's scope before frame_end looks at it */
    if (fr.locals) kn__frame_end(&fr);
    return r;
}
