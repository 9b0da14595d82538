/*
 * The generic operations: dispatch through the type slots with Python's fallback rules
 * (reflected binary operators, swapped comparisons, identity equality, len-based truth)
 * and Python's exact TypeError texts when no slot handles an operation.
 */
#include "kernel/objects/objects-impl.h"

static const char *binop_symbols[] = {
#define KN__SYM(id, sym, dunder) sym,
    KN_BINOP_LIST(KN__SYM)
#undef KN__SYM
};

const char *kn_binop_symbol(kn_binop op) {
    return (op >= 0 && op < KN_BINOP_COUNT) ? binop_symbols[op] : "?";
}

const char *kn_type_name(const kn_obj *o) {
    if (!o) return "NULL";
    if (kn_is(o, &kn_type_exception)) return tc_exc_name(((const kn_excobj *)o)->kind);
    return o->type->name;
}

/* A slot that returned NULL without an error after an allocation failed lost a
 * MemoryError (a constructor without an err argument returned NULL): report it. Also
 * where NULL alone means "exhausted" or "no such attribute". */
static kn_obj *lost_oom(kn_obj *r, kn_err *err) {
    if (!r && err && !tc_error_is_set(err) && tc_alloc_failed_take()) kn_nomem(err);
    return r;
}

/* Nesting depth of repr/str/compare/hash through containers: deeper than Python's default
 * recursion limit is a RecursionError, as in CPython, not a C stack overflow. */
#define NEST_LIMIT 1000
static int nest_depth;

static bool nest_enter(const char *what, kn_err *err) {
    if (nest_depth >= NEST_LIMIT) {
        tc_error_set(err, TC_EXC_RECURSION, "maximum recursion depth exceeded%s", what);
        return false;
    }
    nest_depth++;
    return true;
}

kn_obj *kn_repr(kn_obj *o, kn_err *err) {
    if (!nest_enter(" while getting the repr of an object", err)) return NULL;
    kn_obj *r = o->type->repr ? o->type->repr(o, err) : kn__default_repr(o, err);
    nest_depth--;
    return lost_oom(r, err);
}

kn_obj *kn_str(kn_obj *o, kn_err *err) {
    if (kn_is(o, &kn_type_str)) return kn_incref(o);
    if (!o->type->str) return kn_repr(o, err);
    if (!nest_enter(" while getting the str of an object", err)) return NULL;
    kn_obj *r = o->type->str(o, err);
    nest_depth--;
    return lost_oom(r, err);
}

/* ---- the special methods of builtin values (x.__len__, float.__repr__) ------------------
 * Wrappers around the type slots, bound to the value, for the builtin types whose slots
 * CPython exposes as methods: the names a slot gives exist exactly when the slot does. */

static kn_obj *one_operand(const kn_args *a, const char *name, kn_err *err) {
    if (a->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "%s() takes no keyword arguments", name);
        return NULL;
    }
    if (a->npos != 1) {
        tc_error_set(err, TC_EXC_TYPE, "expected 1 argument, got %d", a->npos);
        return NULL;
    }
    return a->pos[0];
}

/* A slot's kn_notimpl() (borrowed) as the NotImplemented a special method returns. */
static kn_obj *own_result(kn_obj *r) {
    return r == kn_notimpl() ? kn_incref(r) : r;
}

static kn_obj *sw_repr(kn_obj *self, const kn_args *a, kn_err *err) {
    return kn__no_args(a, "__repr__", err) < 0 ? NULL : kn_repr(self, err);
}
static kn_obj *sw_str(kn_obj *self, const kn_args *a, kn_err *err) {
    return kn__no_args(a, "__str__", err) < 0 ? NULL : kn_str(self, err);
}
static kn_obj *sw_len(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn__no_args(a, "__len__", err) < 0) return NULL;
    int64_t n = kn_len(self, err);
    return n < 0 ? NULL : kn_int_new(n);
}
static kn_obj *sw_hash(kn_obj *self, const kn_args *a, kn_err *err) {
    int64_t h;
    if (kn__no_args(a, "__hash__", err) < 0 || kn_hash(self, &h, err) < 0) return NULL;
    return kn_int_new(h);
}
static kn_obj *sw_bool(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn__no_args(a, "__bool__", err) < 0) return NULL;
    int t = kn_truth(self, err);
    return t < 0 ? NULL : kn_bool_new(t);
}
static kn_obj *sw_iter(kn_obj *self, const kn_args *a, kn_err *err) {
    return kn__no_args(a, "__iter__", err) < 0 ? NULL : kn_iter(self, err);
}
static kn_obj *sw_next(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn__no_args(a, "__next__", err) < 0) return NULL;
    kn_obj *r = kn_next(self, err);
    if (!r && !tc_error_is_set(err)) kn_stop_iteration(NULL, err);
    return r;
}
static kn_obj *sw_getitem(kn_obj *self, const kn_args *a, kn_err *err) {
    kn_obj *k = one_operand(a, "__getitem__", err);
    return k ? kn_getitem(self, k, err) : NULL;
}
static kn_obj *sw_setitem(kn_obj *self, const kn_args *a, kn_err *err) {
    if (a->npos != 2 || a->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "expected 2 arguments, got %d", a->npos + a->nkw);
        return NULL;
    }
    return kn_setitem(self, a->pos[0], a->pos[1], err) < 0 ? NULL : kn_none_new();
}
static kn_obj *sw_delitem(kn_obj *self, const kn_args *a, kn_err *err) {
    kn_obj *k = one_operand(a, "__delitem__", err);
    return k && kn_delitem(self, k, err) == 0 ? kn_none_new() : NULL;
}
static kn_obj *sw_contains(kn_obj *self, const kn_args *a, kn_err *err) {
    kn_obj *x = one_operand(a, "__contains__", err);
    int r = x ? kn_contains(self, x, err) : -1;
    return r < 0 ? NULL : kn_bool_new(r);
}
static kn_obj *sw_call(kn_obj *self, const kn_args *a, kn_err *err) {
    return kn_call(self, a, err);
}
static kn_obj *sw_int(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn__no_args(a, "__int__", err) < 0) return NULL;
    kn_obj *t = kn_type_object(&kn_type_int);
    return kn_call_simple(t, &self, 1, err);
}
static kn_obj *sw_float(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn__no_args(a, "__float__", err) < 0) return NULL;
    kn_obj *t = kn_type_object(&kn_type_float);
    return kn_call_simple(t, &self, 1, err);
}
static kn_obj *sw_neg(kn_obj *self, const kn_args *a, kn_err *err) {
    return kn__no_args(a, "__neg__", err) < 0 ? NULL : kn_unary(KN_UNOP_NEG, self, err);
}
static kn_obj *sw_pos(kn_obj *self, const kn_args *a, kn_err *err) {
    return kn__no_args(a, "__pos__", err) < 0 ? NULL : kn_unary(KN_UNOP_POS, self, err);
}
static kn_obj *sw_invert(kn_obj *self, const kn_args *a, kn_err *err) {
    return kn__no_args(a, "__invert__", err) < 0 ? NULL : kn_unary(KN_UNOP_INVERT, self, err);
}

/* Comparisons call the type's own slot: NotImplemented for an operand it does not take. */
static kn_obj *sw_compare(kn_obj *self, const kn_args *a, kn_cmpop op, const char *name,
                          kn_err *err) {
    kn_obj *o = one_operand(a, name, err);
    if (!o) return NULL;
    if (!self->type->compare) {
        if (op == KN_CMP_EQ || op == KN_CMP_NE)
            return o == self ? kn_bool_new(op == KN_CMP_EQ) : kn_incref(kn_notimpl());
        return kn_incref(kn_notimpl());
    }
    return own_result(self->type->compare(op, self, o, err));
}
#define KN__SW_CMP(lname, op)                                                       \
    static kn_obj *sw_##lname(kn_obj *self, const kn_args *a, kn_err *err) {       \
        return sw_compare(self, a, op, "__" #lname "__", err);                    \
    }
KN__SW_CMP(lt, KN_CMP_LT)
KN__SW_CMP(le, KN_CMP_LE)
KN__SW_CMP(eq, KN_CMP_EQ)
KN__SW_CMP(ne, KN_CMP_NE)
KN__SW_CMP(gt, KN_CMP_GT)
KN__SW_CMP(ge, KN_CMP_GE)
#undef KN__SW_CMP

/* Binary operators call the type's own slot with self on the left (__add__) or the right
 * (__radd__), as CPython's slot wrappers. */
static kn_obj *sw_binop(kn_obj *self, const kn_args *a, kn_binop op, bool reflected,
                        const char *name, kn_err *err) {
    kn_obj *o = one_operand(a, name, err);
    if (!o) return NULL;
    if (kn__is_int(self) && !kn__is_int(o)) /* int's own methods take ints alone */
        return kn_incref(kn_notimpl());
    return own_result(reflected ? self->type->binop(op, o, self, err)
                                : self->type->binop(op, self, o, err));
}
#define KN__SW_BINOP(id, sym, dunder)                                                    \
    static kn_obj *sw_##id(kn_obj *self, const kn_args *a, kn_err *err) {               \
        return sw_binop(self, a, KN_BINOP_##id, false, dunder, err);                    \
    }                                                                                    \
    static kn_obj *sw_r##id(kn_obj *self, const kn_args *a, kn_err *err) {              \
        return sw_binop(self, a, KN_BINOP_##id, true, dunder, err);                     \
    }
KN_BINOP_LIST(KN__SW_BINOP)
#undef KN__SW_BINOP

static const kn_cfunc sw_binops[KN_BINOP_COUNT] = {
#define KN__SW_FN(id, sym, dunder) sw_##id,
    KN_BINOP_LIST(KN__SW_FN)
#undef KN__SW_FN
};
static const kn_cfunc sw_rbinops[KN_BINOP_COUNT] = {
#define KN__SW_FN(id, sym, dunder) sw_r##id,
    KN_BINOP_LIST(KN__SW_FN)
#undef KN__SW_FN
};
static const char *const sw_binop_names[KN_BINOP_COUNT] = {
#define KN__SW_NAME(id, sym, dunder) dunder,
    KN_BINOP_LIST(KN__SW_NAME)
#undef KN__SW_NAME
};

#define B(id) (1u << KN_BINOP_##id)
/* The operators a builtin type defines (forward, reflected) as CPython's. */
static void binop_names(const kn_type *t, unsigned *fwd, unsigned *rev) {
    unsigned arith = B(ADD) | B(SUB) | B(MUL) | B(TRUEDIV) | B(POW);
    if (t == &kn_type_int || t == &kn_type_bool) {
        *fwd = *rev = ((1u << KN_BINOP_COUNT) - 1) & ~B(MATMUL);
    } else if (t == &kn_type_float) {
        *fwd = *rev = arith | B(FLOORDIV) | B(MOD);
    } else if (t == &kn_type_complex) {
        *fwd = *rev = arith;
    } else if (t == &kn_type_str || t == &kn_type_bytes) {
        *fwd = B(ADD) | B(MUL) | B(MOD);
        *rev = B(MUL) | B(MOD);
    } else if (t == &kn_type_list || t == &kn_type_tuple) {
        *fwd = B(ADD) | B(MUL);
        *rev = B(MUL);
    } else if (t == &kn_type_set || t == &kn_type_frozenset) {
        *fwd = *rev = B(AND) | B(OR) | B(XOR) | B(SUB);
    } else if (t == &kn_type_dict) {
        *fwd = *rev = B(OR);
    } else {
        *fwd = *rev = 0;
    }
}
#undef B

static bool is_number_type(const kn_type *t) {
    return t == &kn_type_int || t == &kn_type_bool || t == &kn_type_float ||
           t == &kn_type_complex;
}

kn_obj *kn__slot_method(kn_obj *o, const char *name) {
    if (name[0] != '_' || name[1] != '_') return NULL;
    const kn_type *t = o->type;
    if (t->heap_class || kn_is(o, &kn_type_module) || kn_is(o, &kn_type_type) ||
        kn_is(o, &kn_type_class))
        return NULL;
    static const struct {
        const char *name;
        kn_cfunc fn;
        const char *doc;
    } always[] = {
        {"__repr__", sw_repr, "Return repr(self)."}, {"__str__", sw_str, "Return str(self)."},
        {"__eq__", sw_eq, "Return self==value."},    {"__ne__", sw_ne, "Return self!=value."},
        {"__lt__", sw_lt, "Return self<value."},     {"__le__", sw_le, "Return self<=value."},
        {"__gt__", sw_gt, "Return self>value."},     {"__ge__", sw_ge, "Return self>=value."},
    };
    kn_cfunc fn = NULL;
    const char *doc = NULL, *sig = "(self, /)", *sname = NULL; /* the method keeps sname */
    for (size_t i = 0; i < sizeof always / sizeof always[0]; i++)
        if (!strcmp(name, always[i].name)) {
            sname = always[i].name;
            fn = always[i].fn;
            doc = always[i].doc;
            if (i >= 2) sig = "(self, value, /)";
        }
    const char *n = name + 2;
    if (fn) {
    } else if (t->len && !strcmp(n, "len__")) {
        sname = "__len__", fn = sw_len, doc = "Return len(self).";
    } else if (!strcmp(n, "hash__")) {
        if (!t->hash) return kn_none_new(); /* unhashable: __hash__ is None, as CPython's */
        sname = "__hash__", fn = sw_hash, doc = "Return hash(self).";
    } else if (t->iter && !strcmp(n, "iter__")) {
        sname = "__iter__", fn = sw_iter, doc = "Implement iter(self).";
    } else if (t->next && !strcmp(n, "next__")) {
        sname = "__next__", fn = sw_next, doc = "Implement next(self).";
    } else if (t->getitem && !strcmp(n, "getitem__")) {
        sname = "__getitem__", fn = sw_getitem, doc = "Return self[key].", sig = "(self, key, /)";
    } else if (t->setitem && !strcmp(n, "setitem__")) {
        sname = "__setitem__", fn = sw_setitem, doc = "Set self[key] to value.", sig = "(self, key, value, /)";
    } else if (t->delitem && !strcmp(n, "delitem__")) {
        sname = "__delitem__", fn = sw_delitem, doc = "Delete self[key].", sig = "(self, key, /)";
    } else if (t->contains && !strcmp(n, "contains__")) {
        sname = "__contains__", fn = sw_contains, doc = "Return key in self.", sig = "(self, key, /)";
    } else if (t->call && !strcmp(n, "call__")) {
        sname = "__call__", fn = sw_call, doc = "Call self as a function.", sig = "(self, /, *args, **kwargs)";
    } else if (is_number_type(t) && !strcmp(n, "bool__")) {
        sname = "__bool__", fn = sw_bool, doc = "True if self else False";
    } else if (is_number_type(t) && t != &kn_type_complex && !strcmp(n, "int__")) {
        sname = "__int__", fn = sw_int, doc = "int(self)";
    } else if (is_number_type(t) && t != &kn_type_complex && !strcmp(n, "float__")) {
        sname = "__float__", fn = sw_float, doc = "float(self)";
    } else if (is_number_type(t) && !strcmp(n, "neg__")) {
        sname = "__neg__", fn = sw_neg, doc = "-self";
    } else if (is_number_type(t) && !strcmp(n, "pos__")) {
        sname = "__pos__", fn = sw_pos, doc = "+self";
    } else if ((t == &kn_type_int || t == &kn_type_bool) && !strcmp(n, "invert__")) {
        sname = "__invert__", fn = sw_invert, doc = "~self";
    } else if (t->binop) {
        unsigned fwd, rev;
        binop_names(t, &fwd, &rev);
        bool r = n[0] == 'r';
        for (int op = 0; op < KN_BINOP_COUNT && !fn; op++)
            if (((r ? rev : fwd) >> op) & 1u && !strcmp(r ? n + 1 : n, sw_binop_names[op] + 2)) {
                static char rnames[KN_BINOP_COUNT][16];
                if (!rnames[op][0])
                    snprintf(rnames[op], sizeof rnames[op], "__r%s", sw_binop_names[op] + 2);
                sname = r ? rnames[op] : sw_binop_names[op];
                fn = r ? sw_rbinops[op] : sw_binops[op];
                doc = r ? "Return value<op>self." : "Return self<op>value.";
                sig = "(self, value, /)";
            }
    }
    return fn ? kn_cfunction_new(sname, fn, o, sig, doc) : NULL;
}

static kn_obj *generic_attr(kn_obj *o, const char *name, kn_err *err) {
    if (strcmp(name, "__class__") == 0) {
        if (kn_is(o, &kn_type_exception))
            return kn_incref(kn_type_object(kn__exc_type(((kn_excobj *)o)->kind)));
        return kn_incref(kn_type_object(o->type));
    }
    if (strcmp(name, "__doc__") == 0 && o->type->doc) return kn_str_from_cstr(o->type->doc);
    return kn__slot_method(o, name);
}

kn_obj *kn_getattr(kn_obj *o, const char *name, kn_err *err) {
    if (o->type->getattr) {
        kn_obj *r = lost_oom(o->type->getattr(o, name, err), err);
        if (r || tc_error_is_set(err)) return r;
    }
    kn_obj *r = generic_attr(o, name, err);
    if (r) return r;
    if (kn_is(o, &kn_type_module)) {
        if ((r = kn_module_getattr_hook(o, name, err)) || tc_error_is_set(err)) return r;
        tc_error_set(err, TC_EXC_ATTRIBUTE, "module '%s' has no attribute '%s'",
                     kn_str_cstr(((kn_moduleobj *)o)->name), name);
    } else if (kn_is_class(o)) {
        tc_error_set(err, TC_EXC_ATTRIBUTE, "type object '%s' has no attribute '%s'",
                     kn_class_name(o), name);
    } else if (kn_is(o, &kn_type_type)) {
        const kn_type *t = ((kn_typeobj *)o)->t;
        tc_error_set(err, TC_EXC_ATTRIBUTE, "type object '%s' has no attribute '%s'",
                     t->qualname ? t->qualname : t->name, name);
    } else {
        tc_error_set(err, TC_EXC_ATTRIBUTE, "'%s' object has no attribute '%s'", kn_type_name(o),
                     name);
    }
    return NULL;
}

int kn_setattr(kn_obj *o, const char *name, kn_obj *v, kn_err *err) {
    if (o->type->setattr) return o->type->setattr(o, name, v, err);
    kn_obj *cur = kn_getattr(o, name, NULL);
    if (!cur)
        return tc_error_set(err, TC_EXC_ATTRIBUTE, "'%s' object has no attribute '%s'",
                            kn_type_name(o), name);
    kn_decref(cur);
    return tc_error_set(err, TC_EXC_ATTRIBUTE, "'%s' object attribute '%s' is read-only",
                        kn_type_name(o), name);
}

kn_obj *kn_call(kn_obj *callable, const kn_args *args, kn_err *err) {
    if (callable->type->call) {
        if (tc_interrupt_check(err) < 0) return NULL;
        return lost_oom(callable->type->call(callable, args, err), err);
    }
    tc_error_set(err, TC_EXC_TYPE, "'%s' object is not callable", kn_type_name(callable));
    return NULL;
}

kn_obj *kn_call_simple(kn_obj *callable, kn_obj *const *pos, int npos, kn_err *err) {
    kn_args a = {.pos = pos, .npos = npos};
    return kn_call(callable, &a, err);
}

static kn_obj *binop_fail(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (op == KN_BINOP_POW)
        tc_error_set(err, TC_EXC_TYPE, "unsupported operand type(s) for ** or pow(): '%s' and '%s'",
                     kn_type_name(a), kn_type_name(b));
    else
        tc_error_set(err, TC_EXC_TYPE, "unsupported operand type(s) for %s: '%s' and '%s'",
                     kn_binop_symbol(op), kn_type_name(a), kn_type_name(b));
    return NULL;
}

/* a's binop slot, then b's when b is of another type; kn_notimpl() when neither handles it. */
static kn_obj *binop_slots(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (a->type->heap_class || b->type->heap_class) return kn__instance_binop(op, a, b, err);
    if (a->type->binop) {
        kn_obj *r = a->type->binop(op, a, b, err);
        if (r != kn_notimpl()) return r;
    }
    if (b->type != a->type && b->type->binop) {
        kn_obj *r = b->type->binop(op, a, b, err);
        if (r != kn_notimpl()) return r;
    }
    return kn_notimpl();
}

kn_obj *kn_binary(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    kn_obj *r = binop_slots(op, a, b, err);
    if (r != kn_notimpl()) return lost_oom(r, err);
    return binop_fail(op, a, b, err);
}

kn_obj *kn_inplace(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (a->type->inplace) {
        kn_obj *r = a->type->inplace(op, a, b, err);
        if (r != kn_notimpl()) return r;
    }
    kn_obj *r = binop_slots(op, a, b, err);
    if (r != kn_notimpl()) return r;
    if (op == KN_BINOP_POW) return binop_fail(op, a, b, err);
    tc_error_set(err, TC_EXC_TYPE, "unsupported operand type(s) for %s=: '%s' and '%s'",
                 kn_binop_symbol(op), kn_type_name(a), kn_type_name(b));
    return NULL;
}

kn_obj *kn_unary(kn_unop op, kn_obj *a, kn_err *err) {
    if (a->type->unop) {
        kn_obj *r = a->type->unop(op, a, err);
        if (r != kn_notimpl()) return r;
    }
    static const char *names[] = {"-", "+", "~"};
    tc_error_set(err, TC_EXC_TYPE, "bad operand type for unary %s: '%s'", names[op],
                 kn_type_name(a));
    return NULL;
}

static kn_cmpop cmp_swap(kn_cmpop op) {
    switch (op) {
    case KN_CMP_LT:
        return KN_CMP_GT;
    case KN_CMP_LE:
        return KN_CMP_GE;
    case KN_CMP_GT:
        return KN_CMP_LT;
    case KN_CMP_GE:
        return KN_CMP_LE;
    default:
        return op;
    }
}

static kn_obj *compare_slots(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err);

kn_obj *kn_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (!nest_enter(" in comparison", err)) return NULL;
    kn_obj *r = compare_slots(op, a, b, err);
    nest_depth--;
    return r;
}

static kn_obj *compare_slots(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (a->type->compare) {
        kn_obj *r = a->type->compare(op, a, b, err);
        if (r != kn_notimpl()) return r;
    }
    if (b->type->compare && b->type != a->type) {
        kn_obj *r = b->type->compare(cmp_swap(op), b, a, err);
        if (r != kn_notimpl()) return r;
    }
    if (op == KN_CMP_EQ) return kn_bool_new(a == b);
    if (op == KN_CMP_NE) return kn_bool_new(a != b);
    static const char *syms[] = {"<", "<=", "==", "!=", ">", ">="};
    tc_error_set(err, TC_EXC_TYPE, "'%s' not supported between instances of '%s' and '%s'",
                 syms[op], kn_type_name(a), kn_type_name(b));
    return NULL;
}

int kn_truth(kn_obj *o, kn_err *err) {
    if (o == kn_true()) return 1;
    if (o == kn_false() || o == kn_none()) return 0;
    if (o->type->truth) return o->type->truth(o, err);
    if (o->type->len) {
        int64_t n = o->type->len(o, err);
        return n < 0 ? -1 : n > 0;
    }
    return 1;
}

int64_t kn_len(kn_obj *o, kn_err *err) {
    if (o->type->len) return o->type->len(o, err);
    tc_error_set(err, TC_EXC_TYPE, "object of type '%s' has no len()", kn_type_name(o));
    return -1;
}

kn_obj *kn_getitem(kn_obj *o, kn_obj *key, kn_err *err) {
    if (o->type->getitem) return lost_oom(o->type->getitem(o, key, err), err);
    if (kn_is(o, &kn_type_type))
        tc_error_set(err, TC_EXC_TYPE, "type '%s' is not subscriptable",
                     ((kn_typeobj *)o)->t->name);
    else if (kn_is_class(o))
        tc_error_set(err, TC_EXC_TYPE, "type '%s' is not subscriptable", kn_class_name(o));
    else
        tc_error_set(err, TC_EXC_TYPE, "'%s' object is not subscriptable", kn_type_name(o));
    return NULL;
}

int kn_setitem(kn_obj *o, kn_obj *key, kn_obj *value, kn_err *err) {
    if (o->type->setitem) return o->type->setitem(o, key, value, err);
    return tc_error_set(err, TC_EXC_TYPE, "'%s' object does not support item assignment",
                        kn_type_name(o));
}

int kn_delitem(kn_obj *o, kn_obj *key, kn_err *err) {
    if (o->type->delitem) return o->type->delitem(o, key, err);
    return tc_error_set(err, TC_EXC_TYPE, "'%s' object doesn't support item deletion",
                        kn_type_name(o));
}

kn_obj *kn_iter(kn_obj *o, kn_err *err) {
    if (o->type->iter) return lost_oom(o->type->iter(o, err), err);
    tc_error_set(err, TC_EXC_TYPE, "'%s' object is not iterable", kn_type_name(o));
    return NULL;
}

/* Every builtin loop over an iterable (sum, min, max, any, all, list, sorted, join, ...)
 * comes through here, so an interrupt is honoured between any two items. */
kn_obj *kn_next(kn_obj *it, kn_err *err) {
    if (tc_interrupt_pending() && tc_interrupt_check(err) < 0) return NULL;
    if (it->type->next) return lost_oom(it->type->next(it, err), err);
    tc_error_set(err, TC_EXC_TYPE, "'%s' object is not an iterator", kn_type_name(it));
    return NULL;
}

/* Where the innermost kn_next_ret wants an exhausted iterator's return value (per thread:
 * each interpreter thread drives its own iterators). Iterators in between that return
 * exhausted when their source is (map, filter, zip) pass the value on, as CPython leaves
 * the source's StopIteration set through them. */
static _Thread_local kn_obj **stop_slot;

/* kn_next, plus the value an exhausted iterator returned (see object.h). */
kn_obj *kn_next_ret(kn_obj *it, kn_obj **ret, kn_err *err) {
    kn_obj **saved_slot = stop_slot;
    *ret = NULL;
    stop_slot = ret;
    kn_obj *r = kn_next(it, err);
    stop_slot = saved_slot;
    if (r || tc_error_is_set(err)) {
        kn_decref(*ret);
        *ret = NULL;
    } else if (!*ret) {
        *ret = kn_none_new();
    }
    return r;
}

/* An exhausting iterator's return value, for the kn_next_ret asking for it (see object.h). */
void kn_stop_value_offer(kn_obj *value) {
    if (!stop_slot) return;
    kn_obj *old = *stop_slot;
    *stop_slot = kn_incref(value);
    kn_decref(old);
}

/* Point the offers elsewhere (see object.h). */
kn_obj **kn_stop_value_redirect(kn_obj **slot) {
    kn_obj **old = stop_slot;
    stop_slot = slot;
    return old;
}

/* The value of the last StopIteration(value) set by kn_stop_iteration: errors carry a type
 * and a message only, so `except StopIteration as e` finds e.value here (see
 * kn__stop_value_for). */
static _Thread_local kn_obj *stop_value;

/* StopIteration carrying a return value (see object.h). */
int kn_stop_iteration(kn_obj *value, kn_err *err) {
    kn_obj *old = stop_value;
    stop_value = NULL;
    kn_decref(old);
    if (!value || value == kn_none()) return tc_error_set(err, TC_EXC_STOP_ITERATION, "%s", "");
    kn_obj *s = kn_str(value, err);
    if (!s) return -1;
    tc_error_set(err, TC_EXC_STOP_ITERATION, "%s", kn_str_cstr(s));
    kn_decref(s);
    stop_value = kn_incref(value);
    return -1;
}

/* The value of the StopIteration whose message is msg, when kn_stop_iteration set it (new
 * reference), else NULL. */
kn_obj *kn__stop_value_for(const char *msg) {
    if (!stop_value) return NULL;
    kn_err e;
    tc_error_init(&e);
    kn_obj *s = kn_str(stop_value, &e);
    bool same = s && strcmp(kn_str_cstr(s), msg) == 0;
    kn_decref(s);
    return same ? kn_incref(stop_value) : NULL;
}

void kn__stop_value_clear(void) {
    kn_obj *old = stop_value;
    stop_value = NULL;
    kn_decref(old);
}

int kn_hash(kn_obj *o, int64_t *out, kn_err *err) {
    if (!o->type->hash)
        return tc_error_set(err, TC_EXC_TYPE, "unhashable type: '%s'", kn_type_name(o));
    if (!nest_enter("", err)) return -1;
    int rc = o->type->hash(o, out, err);
    nest_depth--;
    return rc;
}

bool kn_equal(kn_obj *a, kn_obj *b, kn_err *err) {
    if (a == b) return true;
    kn_obj *r = kn_compare(KN_CMP_EQ, a, b, err);
    if (!r) return false;
    int t = kn_truth(r, err);
    kn_decref(r);
    return t > 0;
}

/* `x in c` by iteration with equality: the rule for types without a contains slot, and
 * the fallback of those whose fast path covers only some items (range). */
int kn__contains_by_iter(kn_obj *c, kn_obj *x, kn_err *err) {
    if (!c->type->iter)
        return tc_error_set(err, TC_EXC_TYPE, "argument of type '%s' is not iterable",
                            kn_type_name(c));
    kn_obj *it = kn_iter(c, err), *y;
    if (!it) return -1;
    int found = 0;
    while (!found && (y = kn_next(it, err)) != NULL) {
        found = y == x || kn_equal(y, x, err);
        kn_decref(y);
        if (tc_error_is_set(err)) break;
        if (tc_interrupt_check(err) < 0) break;
    }
    kn_decref(it);
    return tc_error_is_set(err) ? -1 : found;
}

/* `x in c` through c's contains slot (see object.h). */
int kn_contains(kn_obj *c, kn_obj *x, kn_err *err) {
    if (c->type->contains) return c->type->contains(c, x, err);
    return kn__contains_by_iter(c, x, err);
}

int kn_to_int64(kn_obj *o, int64_t *out, kn_err *err) {
    if (kn__is_int(o)) {
        /* the C-level parameters read here are sizes, counts and positions (Py_ssize_t) */
        *out = kn_int_value(o);
        if (kn__int_is_big(o))
            return tc_error_set(err, TC_EXC_OVERFLOW,
                                "Python int too large to convert to C ssize_t");
        return 0;
    }
    if (o->type->to_int && !kn_is(o, &kn_type_float)) return o->type->to_int(o, out, err);
    return tc_error_set(err, TC_EXC_TYPE, "'%s' object cannot be interpreted as an integer",
                        kn_type_name(o));
}

int kn_to_double(kn_obj *o, double *out, kn_err *err) {
    if (kn__is_int(o)) return kn__int_to_double(o, out, err);
    if (kn_is(o, &kn_type_float)) {
        *out = ((kn_floatobj *)o)->v;
        return 0;
    }
    if (o->type->to_float) return o->type->to_float(o, out, err);
    return tc_error_set(err, TC_EXC_TYPE, "must be real number, not %s", kn_type_name(o));
}

json_t *kn_mimebundle(kn_obj *o, kn_err *err) {
    if (o->type->mimebundle) {
        json_t *b = o->type->mimebundle(o, NULL, err);
        if (!b && err && !tc_error_is_set(err)) kn_nomem(err);
        return b;
    }
    kn_obj *r = kn_repr(o, err);
    if (!r) return NULL;
    json_t *b = json_object();
    json_object_set_new(b, "text/plain", json_stringn(kn_str_cstr(r), kn_str_len(r)));
    kn_decref(r);
    return b;
}
