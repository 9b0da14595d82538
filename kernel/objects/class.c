/*
 * User classes: the `class` statement's objects, their instances, bound methods, super(),
 * property, staticmethod and classmethod, with CPython's rules (C3 method resolution order,
 * descriptors, special methods looked up on the type, reflected operators).
 *
 * A class object (kn_type_class, which Python calls 'type') embeds the kn_type of its
 * instances, so every generic operation (kn_repr, kn_binary, kn_len, kn_iter, ...) reaches
 * the class's special methods through the ordinary slots; that kn_type's heap_class points
 * back at the class object. An instance holds its attribute dict and, when the class derives
 * from a builtin type (Exception and its subclasses, dict, list, ...), a value of that builtin
 * type to which the operations the class does not define are delegated.
 *
 * Special methods are resolved once per class and cached; assigning to any class attribute
 * bumps a global version so that every cache is rebuilt on next use.
 */
#include "kernel/objects/attr_site.h"

#define SPECIAL_LIST(X)                                                                        \
    X(INIT, "__init__") X(NEW, "__new__") X(REPR, "__repr__") X(STR, "__str__")                \
    X(LEN, "__len__") X(GETITEM, "__getitem__") X(SETITEM, "__setitem__")                      \
    X(DELITEM, "__delitem__") X(ITER, "__iter__") X(NEXT, "__next__") X(CALL, "__call__")      \
    X(LT, "__lt__") X(LE, "__le__") X(EQ, "__eq__") X(NE, "__ne__") X(GT, "__gt__")            \
    X(GE, "__ge__") X(HASH, "__hash__") X(BOOL, "__bool__") X(CONTAINS, "__contains__")        \
    X(ENTER, "__enter__") X(EXIT, "__exit__") X(GETATTR, "__getattr__")                        \
    X(SETATTR, "__setattr__") X(DELATTR, "__delattr__") X(NEG, "__neg__") X(POS, "__pos__")    \
    X(INVERT, "__invert__") X(INDEX, "__index__") X(INT, "__int__") X(FLOAT, "__float__")      \
    X(FORMAT, "__format__") X(GET, "__get__") X(SET, "__set__") X(DELETE, "__delete__")        \
    X(DIR, "__dir__") X(HTML, "_repr_html_") X(MARKDOWN, "_repr_markdown_")                    \
    X(LATEX, "_repr_latex_") X(SVG, "_repr_svg_") X(JSON, "_repr_json_")

enum {
#define SP_ENUM(id, s) SP_##id,
    SPECIAL_LIST(SP_ENUM)
#undef SP_ENUM
    SP_BINOP,                             /* __add__ ... by kn_binop */
    SP_RBINOP = SP_BINOP + KN_BINOP_COUNT, /* __radd__ ... */
    SP_IBINOP = SP_RBINOP + KN_BINOP_COUNT, /* __iadd__ ... */
    SP_COUNT = SP_IBINOP + KN_BINOP_COUNT
};

static const char *special_names[SP_COUNT];

static void special_names_init(void) {
    if (special_names[0]) return;
    static const char *fixed[] = {
#define SP_NAME(id, s) s,
        SPECIAL_LIST(SP_NAME)
#undef SP_NAME
    };
    for (int i = 0; i < SP_BINOP; i++)
        special_names[i] = fixed[i];
    static const char *dunders[] = {
#define KN__D(id, sym, dunder) dunder,
        KN_BINOP_LIST(KN__D)
#undef KN__D
    };
    static char rnames[KN_BINOP_COUNT][24], inames[KN_BINOP_COUNT][24];
    for (int i = 0; i < KN_BINOP_COUNT; i++) {
        special_names[SP_BINOP + i] = dunders[i];
        snprintf(rnames[i], sizeof rnames[i], "__r%s", dunders[i] + 2);
        snprintf(inames[i], sizeof inames[i], "__i%s", dunders[i] + 2);
        special_names[SP_RBINOP + i] = rnames[i];
        special_names[SP_IBINOP + i] = inames[i];
    }
}

typedef struct kn_classobj {
    kn_obj base;
    kn_type inst;      /* the type of the instances; inst.heap_class is this object */
    char *name, *qualname, *module, *fullname; /* fullname: "__main__.A" for repr */
    kn_obj *dict;      /* the class namespace */
    kn_obj *bases;     /* tuple of classes */
    kn_obj **mro_items; /* the method resolution order: this class first (not a reference:
                           a class holding itself would never be freed), 'object' last */
    int64_t nmro;
    const kn_type *builtin; /* nearest builtin base type, NULL for plain 'object' */
    tc_exc exc_kind;   /* the builtin exception kind it raises as, TC_EXC_NONE if none */
    kn_obj *methods;   /* list of the functions that name this class for super() */
    void (*detach)(kn_obj *fn, kn_obj *cls); /* forgets the class in one of them */
    uint64_t version;  /* of the special cache */
    kn_obj *special[SP_COUNT]; /* borrowed from the mro dicts; NULL: not defined */
    struct attr_cache *cache;  /* mro_lookup results by name, or NULL until first use */
    kn_obj *meta; /* its metaclass when that is a user class (then the class's type is
                     kn_type_class_meta), else NULL: type */
} kn_classobj;

/* mro_lookup results (including "not found"), direct-mapped by the address of the name
 * text: attribute names come from the syntax tree and string literals, whose addresses are
 * stable while they are looked up; the copy of the text guards against an address reused
 * by another name, and the version against any class attribute having changed. */
#define ATTR_CACHE_SLOTS 64
#define ATTR_CACHE_NAME 40
struct attr_cache {
    struct {
        const char *key;
        uint64_t version;
        kn_obj *value; /* borrowed from an mro dict; NULL: not found */
        bool interned; /* key is the text of an interned name (see cached_lookup_key) */
        char name[ATTR_CACHE_NAME];
    } e[ATTR_CACHE_SLOTS];
};

#define CLS(o) ((kn_classobj *)(o))
#define INST(o) ((kn_instobj *)(o))

uint64_t kn__class_version = 1; /* attr_site.h */
#define class_version kn__class_version

static kn_classobj *class_of(const kn_obj *o) {
    return (kn_classobj *)o->type->heap_class;
}


/* ---- lookup through the mro ------------------------------------------------------------- */

/* The attribute 'name' defined by a class in c's mro (borrowed), or NULL. */
static kn_obj *mro_lookup(kn_classobj *c, const char *name) {
    kn_obj **items = c->mro_items;
    for (int64_t i = 0; i < c->nmro; i++)
        if (kn_is_class(items[i])) {
            kn_obj *v = kn_dict_get_str(CLS(items[i])->dict, name);
            if (v) return v;
        }
    return NULL;
}

static void tailor_slots(kn_classobj *c);

static void refresh_specials(kn_classobj *c) {
    special_names_init();
    for (int i = 0; i < SP_COUNT; i++)
        c->special[i] = mro_lookup(c, special_names[i]);
    c->version = class_version;
    tailor_slots(c);
}

/* mro_lookup through the class's cache. */
static kn_obj *cached_lookup(kn_classobj *c, const char *name) {
    size_t len = strlen(name);
    if (len >= ATTR_CACHE_NAME) return mro_lookup(c, name);
    if (!c->cache && !(c->cache = tc_calloc(1, sizeof *c->cache))) return mro_lookup(c, name);
    size_t slot = ((uintptr_t)name >> 3) % ATTR_CACHE_SLOTS;
    if (c->cache->e[slot].key == name && c->cache->e[slot].version == class_version &&
        memcmp(c->cache->e[slot].name, name, len + 1) == 0)
        return c->cache->e[slot].value;
    kn_obj *v = mro_lookup(c, name);
    c->cache->e[slot].key = name;
    c->cache->e[slot].interned = false;
    c->cache->e[slot].version = class_version;
    c->cache->e[slot].value = v;
    memcpy(c->cache->e[slot].name, name, len + 1);
    return v;
}

/* cached_lookup for an interned name: a str that lives as long as the process (the
 * evaluator's names), so the address of its text identifies the text and no copy is
 * compared. */
static kn_obj *cached_lookup_key(kn_classobj *c, kn_obj *key) {
    const char *name = kn_str_cstr(key);
    size_t slot = ((uintptr_t)name >> 3) % ATTR_CACHE_SLOTS;
    if (c->cache && c->cache->e[slot].key == name && c->cache->e[slot].interned &&
        c->cache->e[slot].version == class_version)
        return c->cache->e[slot].value;
    kn_obj *v = cached_lookup(c, name);
    if (c->cache && c->cache->e[slot].key == name) c->cache->e[slot].interned = true;
    return v;
}

static kn_obj *special(kn_classobj *c, int sp) {
    if (c->version != class_version) refresh_specials(c);
    return c->special[sp];
}

/* ---- descriptors ------------------------------------------------------------------------- */

typedef struct kn_methodobj {
    kn_obj base;
    kn_obj *func, *self;
} kn_methodobj;
typedef struct kn_wrapobj { /* staticmethod, classmethod */
    kn_obj base;
    kn_obj *func;
} kn_wrapobj;
typedef struct kn_propobj {
    kn_obj base;
    kn_obj *fget, *fset, *fdel, *doc;
} kn_propobj;

kn_obj *kn_method_new(kn_obj *func, kn_obj *self) {
    kn_methodobj *m = (kn_methodobj *)kn_obj_alloc(&kn_type_method, sizeof *m, NULL);
    if (!m) return NULL;
    m->func = kn_incref(func);
    m->self = kn_incref(self);
    return &m->base;
}

/* Call f(self, *args) without building a bound method. */
static kn_obj *call_with_self(kn_obj *f, kn_obj *self, const kn_args *a, kn_err *err) {
    kn_obj *small[8], **pos = a->npos + 1 <= 8 ? small : tc_malloc((size_t)(a->npos + 1) * sizeof *pos);
    if (!pos) {
        kn_nomem(err);
        return NULL;
    }
    pos[0] = self;
    for (int i = 0; i < a->npos; i++)
        pos[i + 1] = a->pos[i];
    kn_args b = {pos, a->npos + 1, a->kwnames, a->kwvals, a->nkw};
    kn_obj *r = kn_call(f, &b, err);
    if (pos != small) tc_free(pos);
    return r;
}

static bool is_plain_function(const kn_obj *f) {
    return f->type->binds;
}

/* attr (found on a class) as seen through 'inst' (NULL: accessed on the class 'owner'). */
static kn_obj *bind_get(kn_obj *attr, kn_obj *inst, kn_obj *owner, kn_err *err) {
    if (attr->type->binds)
        return inst ? kn_method_new(attr, inst) : kn_incref(attr);
    if (kn_is(attr, &kn_type_staticmethod)) return kn_incref(((kn_wrapobj *)attr)->func);
    if (kn_is(attr, &kn_type_classmethod)) return kn_method_new(((kn_wrapobj *)attr)->func, owner);
    if (kn_is(attr, &kn_type_property)) {
        if (!inst) return kn_incref(attr);
        kn_propobj *p = (kn_propobj *)attr;
        if (!p->fget || p->fget == kn_none()) {
            tc_error_set(err, TC_EXC_ATTRIBUTE, "property object has no getter");
            return NULL;
        }
        return kn_call_simple(p->fget, &inst, 1, err);
    }
    if (kn_is_instance_obj(attr)) {
        kn_obj *g = special(class_of(attr), SP_GET);
        if (g) {
            kn_obj *args[3] = {attr, inst ? inst : kn_none(), owner};
            return kn_call_simple(g, args, 3, err);
        }
    }
    return kn_incref(attr);
}

static bool is_data_descriptor(kn_obj *attr) {
    if (kn_is(attr, &kn_type_property)) return true;
    return kn_is_instance_obj(attr) &&
           (special(class_of(attr), SP_SET) || special(class_of(attr), SP_DELETE));
}

/* Call special method m (found on o's class) as o.m(*args). */
static kn_obj *call_special_with(kn_obj *m, kn_obj *o, const kn_args *a, kn_err *err) {
    if (is_plain_function(m)) return call_with_self(m, o, a, err);
    kn_obj *b = bind_get(m, o, o->type->heap_class, err);
    if (!b) return NULL;
    kn_obj *r = kn_call(b, a, err);
    kn_decref(b);
    return r;
}

static kn_obj *call_special(kn_obj *m, kn_obj *o, kn_obj *const *args, int n, kn_err *err) {
    kn_args a = {.pos = args, .npos = n};
    return call_special_with(m, o, &a, err);
}

/* ---- method, staticmethod, classmethod, property types -------------------------------- */

static void method_dealloc(kn_obj *self) {
    kn_decref(((kn_methodobj *)self)->func);
    kn_decref(((kn_methodobj *)self)->self);
}

static kn_obj *method_call(kn_obj *self, const kn_args *args, kn_err *err) {
    kn_methodobj *m = (kn_methodobj *)self;
    return call_with_self(m->func, m->self, args, err);
}

static kn_obj *method_repr(kn_obj *self, kn_err *err) {
    kn_methodobj *m = (kn_methodobj *)self;
    kn_obj *q = kn_getattr(m->func, "__qualname__", err);
    if (!q) return NULL;
    kn_obj *r = kn_repr(m->self, err);
    kn_obj *out = r ? kn_str_printf("<bound method %s of %s>", kn_str_cstr(q), kn_str_cstr(r)) : NULL;
    kn_decref(q);
    kn_decref(r);
    return out;
}

static kn_obj *method_getattr(kn_obj *self, const char *name, kn_err *err) {
    kn_methodobj *m = (kn_methodobj *)self;
    if (strcmp(name, "__self__") == 0) return kn_incref(m->self);
    if (strcmp(name, "__func__") == 0) return kn_incref(m->func);
    return m->func->type->getattr ? m->func->type->getattr(m->func, name, err) : NULL;
}

static kn_obj *method_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if ((op != KN_CMP_EQ && op != KN_CMP_NE) || !kn_is(b, &kn_type_method)) return kn_notimpl();
    kn_methodobj *x = (kn_methodobj *)a, *y = (kn_methodobj *)b;
    bool eq = x->func == y->func && x->self == y->self;
    return kn_bool_new(op == KN_CMP_EQ ? eq : !eq);
}

static int method_hash(kn_obj *self, int64_t *out, kn_err *err) {
    kn_methodobj *m = (kn_methodobj *)self;
    *out = (int64_t)(((uintptr_t)m->func >> 4) ^ ((uintptr_t)m->self >> 4));
    return 0;
}

static int method_describe(kn_obj *self, kn_doc *out) {
    kn_obj *f = ((kn_methodobj *)self)->func;
    return f->type->describe ? f->type->describe(f, out) : -1;
}

const kn_type kn_type_method = {
    .name = "method",
    .qualname = "method",
    .doc = "Create a bound instance method object.",
    .dealloc = method_dealloc,
    .repr = method_repr,
    .getattr = method_getattr,
    .call = method_call,
    .compare = method_compare,
    .hash = method_hash,
    .describe = method_describe,
};

static void wrap_dealloc(kn_obj *self) {
    kn_decref(((kn_wrapobj *)self)->func);
}

static kn_obj *wrap_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    if (args->npos != 1 || args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "%s expected 1 argument, got %d", type->name,
                     args->npos + args->nkw);
        return NULL;
    }
    kn_wrapobj *w = (kn_wrapobj *)kn_obj_alloc(type, sizeof *w, err);
    if (!w) return NULL;
    w->func = kn_incref(args->pos[0]);
    return &w->base;
}

static kn_obj *wrap_getattr(kn_obj *self, const char *name, kn_err *err) {
    kn_obj *f = ((kn_wrapobj *)self)->func;
    if (strcmp(name, "__func__") == 0) return kn_incref(f);
    if (strcmp(name, "__get__") == 0) return NULL;
    return f->type->getattr ? f->type->getattr(f, name, err) : NULL;
}

static kn_obj *staticmethod_call(kn_obj *self, const kn_args *args, kn_err *err) {
    return kn_call(((kn_wrapobj *)self)->func, args, err);
}

const kn_type kn_type_staticmethod = {
    .name = "staticmethod",
    .qualname = "staticmethod",
    .doc = "Convert a function to be a static method.",
    .dealloc = wrap_dealloc,
    .getattr = wrap_getattr,
    .call = staticmethod_call,
    .construct = wrap_construct,
};

const kn_type kn_type_classmethod = {
    .name = "classmethod",
    .qualname = "classmethod",
    .doc = "Convert a function to be a class method.",
    .dealloc = wrap_dealloc,
    .getattr = wrap_getattr,
    .construct = wrap_construct,
};

static void prop_dealloc(kn_obj *self) {
    kn_propobj *p = (kn_propobj *)self;
    kn_decref(p->fget);
    kn_decref(p->fset);
    kn_decref(p->fdel);
    kn_decref(p->doc);
}

static kn_obj *prop_make(kn_obj *fget, kn_obj *fset, kn_obj *fdel, kn_obj *doc, kn_err *err) {
    kn_propobj *p = (kn_propobj *)kn_obj_alloc(&kn_type_property, sizeof *p, err);
    if (!p) return NULL;
    p->fget = fget && fget != kn_none() ? kn_incref(fget) : NULL;
    p->fset = fset && fset != kn_none() ? kn_incref(fset) : NULL;
    p->fdel = fdel && fdel != kn_none() ? kn_incref(fdel) : NULL;
    p->doc = doc && doc != kn_none() ? kn_incref(doc) : NULL;
    if (!p->doc && p->fget) {
        kn_err e;
        tc_error_init(&e);
        kn_obj *d = kn_getattr(p->fget, "__doc__", &e);
        if (d && d != kn_none()) p->doc = d;
        else kn_decref(d);
    }
    return &p->base;
}

static kn_obj *prop_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    static const char *names[] = {"fget", "fset", "fdel", "doc"};
    kn_obj *a[4];
    if (KN__BIND(args, "property", names, 0, a, err) < 0) return NULL;
    return prop_make(a[0], a[1], a[2], a[3], err);
}

static kn_obj *prop_with(kn_obj *self, const kn_args *args, int which, const char *fname,
                         kn_err *err) {
    static const char *names[] = {"func"};
    kn_obj *a[1];
    if (KN__BIND(args, fname, names, 1, a, err) < 0) return NULL;
    kn_propobj *p = (kn_propobj *)self;
    return prop_make(which == 0 ? a[0] : p->fget, which == 1 ? a[0] : p->fset,
                     which == 2 ? a[0] : p->fdel, p->doc, err);
}
static kn_obj *prop_getter(kn_obj *self, const kn_args *args, kn_err *err) {
    return prop_with(self, args, 0, "getter", err);
}
static kn_obj *prop_setter(kn_obj *self, const kn_args *args, kn_err *err) {
    return prop_with(self, args, 1, "setter", err);
}
static kn_obj *prop_deleter(kn_obj *self, const kn_args *args, kn_err *err) {
    return prop_with(self, args, 2, "deleter", err);
}

static const kn__method prop_methods[] = {
    {"getter", prop_getter, "(func)", "Descriptor to obtain a copy of the property with a different getter."},
    {"setter", prop_setter, "(func)", "Descriptor to obtain a copy of the property with a different setter."},
    {"deleter", prop_deleter, "(func)", "Descriptor to obtain a copy of the property with a different deleter."},
    {NULL, NULL, NULL, NULL},
};

static kn_obj *prop_getattr(kn_obj *self, const char *name, kn_err *err) {
    kn_propobj *p = (kn_propobj *)self;
    if (strcmp(name, "fget") == 0) return kn_incref(p->fget ? p->fget : kn_none());
    if (strcmp(name, "fset") == 0) return kn_incref(p->fset ? p->fset : kn_none());
    if (strcmp(name, "fdel") == 0) return kn_incref(p->fdel ? p->fdel : kn_none());
    if (strcmp(name, "__doc__") == 0) return kn_incref(p->doc ? p->doc : kn_none());
    return kn__method_get(self, prop_methods, name);
}

const kn_type kn_type_property = {
    .name = "property",
    .qualname = "property",
    .doc = "Property attribute.",
    .dealloc = prop_dealloc,
    .getattr = prop_getattr,
    .construct = prop_construct,
};

/* ---- super ------------------------------------------------------------------------------ */

typedef struct kn_superobj {
    kn_obj base;
    kn_obj *start; /* the class after which the search begins */
    kn_obj *obj;   /* instance or class */
} kn_superobj;

/* The class whose mro a super() over 'obj' walks: type(obj), or obj itself for a class. */
static kn_classobj *super_type(kn_superobj *s) {
    if (kn_is_class(s->obj)) {
        kn_classobj *c = CLS(s->obj);
        /* super() in a metaclass's method called on a class: the metaclass's mro */
        if (c->meta && kn_type_is_subtype(&CLS(c->meta)->inst, &CLS(s->start)->inst))
            return CLS(c->meta);
        return c;
    }
    return class_of(s->obj);
}

static void super_dealloc(kn_obj *self) {
    kn_decref(((kn_superobj *)self)->start);
    kn_decref(((kn_superobj *)self)->obj);
}

kn_obj *kn_super_new(kn_obj *start, kn_obj *obj, kn_err *err) {
    if (!kn_is_class(start)) {
        tc_error_set(err, TC_EXC_TYPE, "super() argument 1 must be a type, not %s",
                     kn_type_name(start));
        return NULL;
    }
    bool ok = kn_is_class(obj) ? kn_type_is_subtype(&CLS(obj)->inst, &CLS(start)->inst) ||
                                     (CLS(obj)->meta && kn_type_is_subtype(&CLS(CLS(obj)->meta)->inst,
                                                                           &CLS(start)->inst))
                                         : kn_is_instance_obj(obj) &&
                                               kn_type_is_subtype(obj->type, &CLS(start)->inst);
    if (!ok) {
        tc_error_set(err, TC_EXC_TYPE,
                     "super(type, obj): obj must be an instance or subtype of type");
        return NULL;
    }
    kn_superobj *s = (kn_superobj *)kn_obj_alloc(&kn_type_super, sizeof *s, err);
    if (!s) return NULL;
    s->start = kn_incref(start);
    s->obj = kn_incref(obj);
    return &s->base;
}

static kn_obj *super_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    if (args->npos != 2) {
        tc_error_set(err, TC_EXC_RUNTIME, "super(): no arguments");
        return NULL;
    }
    return kn_super_new(args->pos[0], args->pos[1], err);
}

static kn_obj *builtin_init(kn_obj *self, const kn_args *args, kn_err *err);
static kn_obj *obj_new_unbound(kn_obj *unused, const kn_args *args, kn_err *err);
static kn_obj *object_init(kn_obj *self, const kn_args *args, kn_err *err);
static kn_obj *object_setattr_fn(kn_obj *self, const kn_args *args, kn_err *err);

/* ---- the special methods of builtin bases, as super() finds them ------------------------
 * object's own (bound to the instance: its default repr, identity equality and hash, str and
 * format through repr) and those of a builtin value base (bound to the value the instance
 * wraps: super().__repr__() in a dict subclass is the dict's repr). */
static kn_obj *exc_inst_repr(kn_obj *self, kn_err *err);

static kn_obj *one_arg(const kn_args *a, const char *name, kn_err *err) {
    if (a->npos != 1 || a->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "expected 1 argument, got %d", a->npos + a->nkw);
        return NULL;
    }
    (void)name;
    return a->pos[0];
}

static kn_obj *obj_repr_fn(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn__no_args(a, "__repr__", err) < 0) return NULL;
    if (class_of(self)->exc_kind != TC_EXC_NONE) return exc_inst_repr(self, err);
    return kn_str_printf("<%s object at %p>", class_of(self)->fullname, (void *)self);
}

static kn_obj *obj_str_fn(kn_obj *self, const kn_args *a, kn_err *err) {
    return kn__no_args(a, "__str__", err) < 0 ? NULL : kn_repr(self, err);
}

static kn_obj *obj_eq_fn(kn_obj *self, const kn_args *a, kn_err *err) {
    kn_obj *o = one_arg(a, "__eq__", err);
    return !o ? NULL : o == self ? kn_bool_new(true) : kn_incref(kn_notimpl());
}

static kn_obj *obj_ne_fn(kn_obj *self, const kn_args *a, kn_err *err) {
    kn_obj *o = one_arg(a, "__ne__", err);
    return !o ? NULL : o == self ? kn_bool_new(false) : kn_incref(kn_notimpl());
}

static kn_obj *obj_hash_fn(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn__no_args(a, "__hash__", err) < 0) return NULL;
    return kn_int_new((int64_t)((uintptr_t)self >> 4));
}

static kn_obj *obj_format_fn(kn_obj *self, const kn_args *a, kn_err *err) {
    kn_obj *spec = one_arg(a, "__format__", err);
    if (!spec) return NULL;
    if (!kn_is(spec, &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "__format__() argument must be str, not %s",
                     kn_type_name(spec));
        return NULL;
    }
    if (kn_str_len(spec)) {
        tc_error_set(err, TC_EXC_TYPE, "unsupported format string passed to %s.__format__",
                     kn_type_name(self));
        return NULL;
    }
    return kn_str(self, err);
}

static kn_obj *val_repr_fn(kn_obj *self, const kn_args *a, kn_err *err) {
    return kn__no_args(a, "__repr__", err) < 0 ? NULL : kn_repr(self, err);
}

static kn_obj *val_str_fn(kn_obj *self, const kn_args *a, kn_err *err) {
    return kn__no_args(a, "__str__", err) < 0 ? NULL : kn_str(self, err);
}

static kn_obj *val_len_fn(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn__no_args(a, "__len__", err) < 0) return NULL;
    int64_t n = kn_len(self, err);
    return n < 0 ? NULL : kn_int_new(n);
}

static kn_obj *val_iter_fn(kn_obj *self, const kn_args *a, kn_err *err) {
    return kn__no_args(a, "__iter__", err) < 0 ? NULL : kn_iter(self, err);
}

static kn_obj *val_hash_fn(kn_obj *self, const kn_args *a, kn_err *err) {
    int64_t h;
    if (kn__no_args(a, "__hash__", err) < 0 || kn_hash(self, &h, err) < 0) return NULL;
    return kn_int_new(h);
}

static kn_obj *val_getitem_fn(kn_obj *self, const kn_args *a, kn_err *err) {
    kn_obj *k = one_arg(a, "__getitem__", err);
    return k ? kn_getitem(self, k, err) : NULL;
}

static kn_obj *val_contains_fn(kn_obj *self, const kn_args *a, kn_err *err) {
    kn_obj *x = one_arg(a, "__contains__", err);
    int r = x ? kn_contains(self, x, err) : -1;
    return r < 0 ? NULL : kn_bool_new(r);
}

static kn_obj *val_delitem_fn(kn_obj *self, const kn_args *a, kn_err *err) {
    kn_obj *k = one_arg(a, "__delitem__", err);
    return k && kn_delitem(self, k, err) == 0 ? kn_none_new() : NULL;
}

static kn_obj *val_setitem_fn(kn_obj *self, const kn_args *a, kn_err *err) {
    if (a->npos != 2 || a->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "expected 2 arguments, got %d", a->npos + a->nkw);
        return NULL;
    }
    return kn_setitem(self, a->pos[0], a->pos[1], err) == 0 ? kn_none_new() : NULL;
}

/* The value's other operand: another instance of a builtin-based class compares by its value. */
static kn_obj *val_eq_fn(kn_obj *self, const kn_args *a, kn_err *err) {
    kn_obj *o = one_arg(a, "__eq__", err);
    if (!o) return NULL;
    if (kn_is_instance_obj(o) && INST(o)->value) o = INST(o)->value;
    return kn_compare(KN_CMP_EQ, self, o, err);
}

typedef struct base_special {
    const char *name;
    kn_cfunc fn;
    const char *sig;
} base_special;

static const base_special object_specials[] = {
    {"__repr__", obj_repr_fn, "(self, /)"},       {"__str__", obj_str_fn, "(self, /)"},
    {"__eq__", obj_eq_fn, "(self, value, /)"},    {"__ne__", obj_ne_fn, "(self, value, /)"},
    {"__hash__", obj_hash_fn, "(self, /)"},       {"__format__", obj_format_fn, "(self, format_spec, /)"},
    {NULL, NULL, NULL},
};

static const base_special value_specials[] = {
    {"__repr__", val_repr_fn, "(self, /)"},
    {"__str__", val_str_fn, "(self, /)"},
    {"__len__", val_len_fn, "(self, /)"},
    {"__iter__", val_iter_fn, "(self, /)"},
    {"__hash__", val_hash_fn, "(self, /)"},
    {"__eq__", val_eq_fn, "(self, value, /)"},
    {"__getitem__", val_getitem_fn, "(self, key, /)"},
    {"__setitem__", val_setitem_fn, "(self, key, value, /)"},
    {"__delitem__", val_delitem_fn, "(self, key, /)"},
    {"__contains__", val_contains_fn, "(self, key, /)"},
    {NULL, NULL, NULL},
};

static kn_obj *base_special_get(const base_special *t, const char *name, kn_obj *target) {
    for (; t->name; t++)
        if (strcmp(t->name, name) == 0)
            return kn_cfunction_new(t->name, t->fn, target, t->sig, NULL);
    return NULL;
}

static kn_obj *type_method(const char *name, kn_obj *cls);

/* object.__init_subclass__ (the end of a chain of them): takes no keywords. */
static kn_obj *object_init_subclass(kn_obj *cls, const kn_args *a, kn_err *err) {
    if (a->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "%s.__init_subclass__() takes no keyword arguments",
                     CLS(cls)->name);
        return NULL;
    }
    if (a->npos) {
        tc_error_set(err, TC_EXC_TYPE, "%s.__init_subclass__() takes no arguments (%d given)",
                     CLS(cls)->name, a->npos);
        return NULL;
    }
    return kn_none_new();
}

static kn_obj *super_getattr(kn_obj *self, const char *name, kn_err *err) {
    kn_superobj *s = (kn_superobj *)self;
    kn_classobj *t = super_type(s);
    kn_obj **mro = t->mro_items;
    int64_t n = t->nmro, i = 0;
    while (i < n && mro[i] != s->start)
        i++;
    /* a class reached through its metaclass's mro is the instance the methods bind to */
    kn_obj *inst = kn_is_class(s->obj) && t == CLS(s->obj) ? NULL : s->obj;
    for (i++; i < n; i++) {
        if (kn_is_class(mro[i])) {
            kn_obj *v = kn_dict_get_str(CLS(mro[i])->dict, name);
            if (v) return bind_get(v, inst, s->obj, err);
            continue;
        }
        /* a builtin base: its __init__ re-initialises the value; its methods act on it */
        const kn_type *bt = kn_type_object_type(mro[i]);
        if (bt == &kn_type_type) { /* a metaclass's base */
            kn_obj *v = type_method(name, inst);
            if (v || tc_error_is_set(err)) return v;
            continue;
        }
        if (inst && !kn_is_instance_obj(inst)) continue;
        if (inst && strcmp(name, "__init__") == 0)
            return kn_cfunction_new("__init__", bt == &kn__type_objectbase ? object_init : builtin_init,
                                    inst, "(self, /, *args, **kwargs)", NULL);
        if (strcmp(name, "__new__") == 0 && bt == &kn__type_objectbase)
            return kn_cfunction_new("__new__", obj_new_unbound, NULL, "(type, *args, **kwargs)", NULL);
        if (strcmp(name, "__init_subclass__") == 0 && bt == &kn__type_objectbase && kn_is_class(s->obj))
            return kn_cfunction_new("__init_subclass__", object_init_subclass, s->obj, "()", NULL);
        if (inst && strcmp(name, "__setattr__") == 0 && bt == &kn__type_objectbase)
            return kn_cfunction_new("__setattr__", object_setattr_fn, inst, "(self, name, value, /)",
                                    NULL);
        if (inst && INST(inst)->value && INST(inst)->value->type->getattr) {
            kn_obj *v = INST(inst)->value->type->getattr(INST(inst)->value, name, err);
            if (v || tc_error_is_set(err)) return v;
        }
        if (inst && name[0] == '_' && name[1] == '_') {
            kn_obj *v = bt == &kn__type_objectbase ? base_special_get(object_specials, name, inst)
                        : INST(inst)->value ? base_special_get(value_specials, name, INST(inst)->value)
                                            : NULL;
            if (v) return v;
        }
    }
    return NULL;
}

static kn_obj *super_repr(kn_obj *self, kn_err *err) {
    kn_superobj *s = (kn_superobj *)self;
    return kn_str_printf("<super: <class '%s'>, <%s object>>", CLS(s->start)->name,
                         super_type(s)->name);
}

const kn_type kn_type_super = {
    .name = "super",
    .qualname = "super",
    .doc = "super() -> same as super(__class__, <first argument>)",
    .dealloc = super_dealloc,
    .repr = super_repr,
    .getattr = super_getattr,
    .construct = super_construct,
};

/* ---- instances -------------------------------------------------------------------------- */

static void inst_dealloc(kn_obj *self) {
    kn_obj *cls = self->type->heap_class;
    kn_decref(INST(self)->dict);
    kn_decref(INST(self)->value);
    kn_decref(cls); /* last: the type lives inside the class */
}

/* "Name(args)" for exception instances, as BaseException.__repr__. */
static kn_obj *exc_inst_repr(kn_obj *self, kn_err *err) {
    kn_err e;
    tc_error_init(&e);
    kn_obj *args = INST(self)->value ? kn_getattr(INST(self)->value, "args", &e) : NULL;
    if (!args) return kn_str_printf("%s()", class_of(self)->name);
    kn_obj *r = kn_tuple_len(args) == 1 ? kn_repr(kn_tuple_items(args)[0], err) : kn_repr(args, err);
    kn_obj *out = r ? kn_str_printf(kn_tuple_len(args) == 1 ? "%s(%s)" : "%s%s",
                                    class_of(self)->name, kn_str_cstr(r))
                    : NULL;
    kn_decref(r);
    kn_decref(args);
    return out;
}

static kn_obj *inst_repr(kn_obj *self, kn_err *err) {
    kn_classobj *c = class_of(self);
    kn_obj *m = special(c, SP_REPR);
    if (m) {
        kn_obj *r = call_special(m, self, NULL, 0, err);
        if (r && !kn_is(r, &kn_type_str)) {
            tc_error_set(err, TC_EXC_TYPE, "__repr__ returned non-string (type %s)", kn_type_name(r));
            kn_decref(r);
            return NULL;
        }
        return r;
    }
    if (c->exc_kind != TC_EXC_NONE) return exc_inst_repr(self, err);
    if (INST(self)->value) return kn_repr(INST(self)->value, err);
    return kn_str_printf("<%s object at %p>", c->fullname, (void *)self);
}

static kn_obj *inst_str(kn_obj *self, kn_err *err) {
    kn_classobj *c = class_of(self);
    kn_obj *m = special(c, SP_STR);
    if (m) {
        kn_obj *r = call_special(m, self, NULL, 0, err);
        if (r && !kn_is(r, &kn_type_str)) {
            tc_error_set(err, TC_EXC_TYPE, "__str__ returned non-string (type %s)", kn_type_name(r));
            kn_decref(r);
            return NULL;
        }
        return r;
    }
    if (special(c, SP_REPR) || !INST(self)->value) return inst_repr(self, err);
    return kn_str(INST(self)->value, err);
}

static kn_obj *inst_getattr(kn_obj *self, const char *name, kn_err *err) {
    kn_classobj *c = class_of(self);
    if (name[0] == '_' && name[1] == '_') {
        if (strcmp(name, "__dict__") == 0) return kn_incref(INST(self)->dict);
        if (strcmp(name, "__class__") == 0) return kn_incref(&c->base);
    }
    kn_obj *attr = cached_lookup(c, name);
    if (attr && is_data_descriptor(attr)) return bind_get(attr, self, &c->base, err);
    kn_obj *v = kn_dict_get_str(INST(self)->dict, name);
    if (v) return kn_incref(v);
    if (attr) return bind_get(attr, self, &c->base, err);
    kn_obj *value = INST(self)->value;
    if (value && value->type->getattr) {
        v = value->type->getattr(value, name, err);
        if (v || tc_error_is_set(err)) return v;
    }
    kn_obj *ga = special(c, SP_GETATTR);
    if (ga) {
        kn_obj *key = kn_str_from_cstr(name);
        if (!key) {
            kn_nomem(err);
            return NULL;
        }
        v = call_special(ga, self, &key, 1, err);
        kn_decref(key);
        return v;
    }
    return NULL;
}

/* object.__setattr__: the default attribute store (properties, then the instance dict). */
static int generic_setattr(kn_obj *self, const char *name, kn_obj *value, kn_err *err) {
    kn_classobj *c = class_of(self);
    kn_obj *attr = cached_lookup(c, name);
    if (attr && kn_is(attr, &kn_type_property)) {
        kn_propobj *p = (kn_propobj *)attr;
        kn_obj *f = value ? p->fset : p->fdel;
        if (!f)
            return tc_error_set(err, TC_EXC_ATTRIBUTE, "property '%s' of '%s' object has no %s",
                                name, c->name, value ? "setter" : "deleter");
        kn_obj *args[2] = {self, value};
        kn_obj *r = kn_call_simple(f, args, value ? 2 : 1, err);
        kn_decref(r);
        return r ? 0 : -1;
    }
    if (attr && kn_is_instance_obj(attr)) {
        kn_obj *s = special(class_of(attr), value ? SP_SET : SP_DELETE);
        if (s) {
            kn_obj *args[3] = {attr, self, value};
            kn_obj *r = kn_call_simple(s, args, value ? 3 : 2, err);
            kn_decref(r);
            return r ? 0 : -1;
        }
    }
    if (value) return kn_dict_set_str(INST(self)->dict, name, value) < 0 ? kn_nomem(err) : 0;
    kn_obj *key = kn_str_from_cstr(name);
    if (!key) return kn_nomem(err);
    kn_err e;
    tc_error_init(&e);
    int rc = kn_dict_del(INST(self)->dict, key, &e);
    kn_decref(key);
    if (rc < 0)
        return tc_error_set(err, TC_EXC_ATTRIBUTE, "'%s' object has no attribute '%s'", c->name,
                            name);
    return 0;
}

static int inst_setattr(kn_obj *self, const char *name, kn_obj *value, kn_err *err) {
    kn_obj *m = special(class_of(self), value ? SP_SETATTR : SP_DELATTR);
    if (m) {
        kn_obj *key = kn_str_from_cstr(name);
        if (!key) return kn_nomem(err);
        kn_obj *args[2] = {key, value};
        kn_obj *r = call_special(m, self, args, value ? 2 : 1, err);
        kn_decref(key);
        kn_decref(r);
        return r ? 0 : -1;
    }
    return generic_setattr(self, name, value, err);
}

/* Delete an attribute (`del o.x`), through __delattr__ when the class defines it. */
int kn_delattr(kn_obj *o, const char *name, kn_err *err) {
    if (kn_is_instance_obj(o)) return inst_setattr(o, name, NULL, err);
    if (kn_is_class(o)) {
        kn_obj *key = kn_str_from_cstr(name);
        if (!key) return kn_nomem(err);
        kn_err e;
        tc_error_init(&e);
        int rc = kn_dict_del(CLS(o)->dict, key, &e);
        kn_decref(key);
        class_version++;
        if (rc < 0)
            return tc_error_set(err, TC_EXC_ATTRIBUTE, "type object '%s' has no attribute '%s'",
                                CLS(o)->name, name);
        return 0;
    }
    return tc_error_set(err, TC_EXC_ATTRIBUTE, "'%s' object has no attribute '%s'",
                        kn_type_name(o), name);
}

static kn_obj *object_setattr_fn(kn_obj *self, const kn_args *args, kn_err *err) {
    if (args->npos != 2 || !kn_is(args->pos[0], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "expected 2 arguments, got %d", args->npos);
        return NULL;
    }
    return generic_setattr(self, kn_str_cstr(args->pos[0]), args->pos[1], err) < 0 ? NULL
                                                                                   : kn_none_new();
}

static kn_obj *inst_call(kn_obj *self, const kn_args *args, kn_err *err) {
    kn_obj *m = special(class_of(self), SP_CALL);
    if (!m) {
        tc_error_set(err, TC_EXC_TYPE, "'%s' object is not callable", kn_type_name(self));
        return NULL;
    }
    if (is_plain_function(m)) return call_with_self(m, self, args, err);
    kn_obj *b = bind_get(m, self, self->type->heap_class, err);
    kn_obj *r = b ? kn_call(b, args, err) : NULL;
    kn_decref(b);
    return r;
}

/* The binary operator protocol when either operand is an instance of a user class (called by
 * kn_binary before the slots): a.__op__(b), then b.__rop__(a); kn_notimpl() when neither
 * handles the pair. */
kn_obj *kn__instance_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    kn_obj *r;
    bool b_first = false;
    /* Python tries b's reflected method first when b's class derives from a's and
     * overrides it */
    if (kn_is_instance_obj(b) && b->type != a->type && kn_type_is_subtype(b->type, a->type)) {
        kn_obj *rb = special(class_of(b), SP_RBINOP + op);
        kn_obj *ra = kn_is_instance_obj(a) ? special(class_of(a), SP_RBINOP + op) : NULL;
        if (rb && rb != ra) {
            r = call_special(rb, b, &a, 1, err);
            if (r != kn_notimpl()) return r;
            kn_decref(r);
            b_first = true;
        }
    }
    /* a builtin operation sees an instance of a builtin-based class as its value ('"' + s),
     * except %-formatting, whose %s and %r must call the instance's own __str__/__repr__ */
    kn_obj *av = kn_is_instance_obj(a) && INST(a)->value ? INST(a)->value : a;
    bool formatting = op == KN_BINOP_MOD && (kn_is(av, &kn_type_str) || kn_is(av, &kn_type_bytes));
    kn_obj *bv = kn_is_instance_obj(b) && INST(b)->value && !formatting ? INST(b)->value : b;
    if (kn_is_instance_obj(a)) {
        kn_obj *m = special(class_of(a), SP_BINOP + op);
        if (m) {
            r = call_special(m, a, &b, 1, err);
            if (r != kn_notimpl()) return r;
            kn_decref(r);
        } else if (INST(a)->value && INST(a)->value->type->binop) {
            r = INST(a)->value->type->binop(op, INST(a)->value, bv, err);
            if (r != kn_notimpl()) return r;
        }
    } else if (a->type->binop) {
        r = a->type->binop(op, a, bv, err);
        if (r != kn_notimpl()) return r;
    }
    if (kn_is_instance_obj(b) && b->type != a->type && !b_first) {
        kn_obj *m = special(class_of(b), SP_RBINOP + op);
        if (m) {
            r = call_special(m, b, &a, 1, err);
            if (r != kn_notimpl()) return r;
            kn_decref(r);
        }
    } else if (!kn_is_instance_obj(b) && b->type != a->type && b->type->binop) {
        r = b->type->binop(op, a, b, err);
        if (r != kn_notimpl()) return r;
    }
    return kn_notimpl();
}

static kn_obj *inst_inplace(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    kn_obj *m = special(class_of(a), SP_IBINOP + op);
    if (!m) return kn_notimpl();
    kn_obj *r = call_special(m, a, &b, 1, err);
    return r;
}

static kn_obj *inst_unop(kn_unop op, kn_obj *a, kn_err *err) {
    static const int sp[] = {SP_NEG, SP_POS, SP_INVERT};
    kn_obj *m = special(class_of(a), sp[op]);
    if (m) return call_special(m, a, NULL, 0, err);
    if (INST(a)->value) return kn_unary(op, INST(a)->value, err);
    return kn_notimpl();
}

static kn_obj *inst_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    static const int sp[] = {SP_LT, SP_LE, SP_EQ, SP_NE, SP_GT, SP_GE};
    static const int swapped[] = {SP_GT, SP_GE, SP_EQ, SP_NE, SP_LT, SP_LE};
    kn_classobj *c = class_of(a);
    kn_obj *m = special(c, sp[op]);
    if (m) {
        kn_obj *r = call_special(m, a, &b, 1, err);
        if (r != kn_notimpl() || b->type != a->type) return r;
    }
    /* the same class on both sides: the generic protocol will not try b's reflection */
    if (b->type == a->type && special(c, swapped[op]) && !(op == KN_CMP_EQ || op == KN_CMP_NE)) {
        kn_obj *r = call_special(special(c, swapped[op]), b, &a, 1, err);
        if (r != kn_notimpl()) return r;
    }
    if (op == KN_CMP_NE && special(c, SP_EQ)) { /* object.__ne__ inverts __eq__ */
        kn_obj *r = call_special(special(c, SP_EQ), a, &b, 1, err);
        if (!r || r == kn_notimpl()) return r;
        int t = kn__truth_steal(r, err);
        return t < 0 ? NULL : kn_bool_new(!t);
    }
    if (INST(a)->value) {
        kn_obj *bv = kn_is_instance_obj(b) && INST(b)->value ? INST(b)->value : b;
        return kn_compare(op, INST(a)->value, bv, err);
    }
    return kn_notimpl();
}

static int inst_truth(kn_obj *self, kn_err *err) {
    kn_classobj *c = class_of(self);
    kn_obj *m = special(c, SP_BOOL);
    if (m) {
        kn_obj *r = call_special(m, self, NULL, 0, err);
        if (!r) return -1;
        if (!kn_is(r, &kn_type_bool)) {
            tc_error_set(err, TC_EXC_TYPE, "__bool__ should return bool, returned %s",
                         kn_type_name(r));
            kn_decref(r);
            return -1;
        }
        kn_decref(r);
        return r == kn_true();
    }
    if (special(c, SP_LEN)) {
        int64_t n = kn_len(self, err);
        return n < 0 ? -1 : n > 0;
    }
    if (INST(self)->value) return kn_truth(INST(self)->value, err);
    return 1;
}

static int64_t inst_len(kn_obj *self, kn_err *err) {
    kn_obj *m = special(class_of(self), SP_LEN);
    if (!m) {
        if (INST(self)->value) return kn_len(INST(self)->value, err);
        tc_error_set(err, TC_EXC_TYPE, "object of type '%s' has no len()", kn_type_name(self));
        return -1;
    }
    kn_obj *r = call_special(m, self, NULL, 0, err);
    if (!r) return -1;
    if (!kn__is_int(r)) {
        tc_error_set(err, TC_EXC_TYPE, "'%s' object cannot be interpreted as an integer",
                     kn_type_name(r));
        kn_decref(r);
        return -1;
    }
    int64_t n = kn_int_value(r);
    kn_decref(r);
    if (n < 0) {
        tc_error_set(err, TC_EXC_VALUE, "__len__() should return >= 0");
        return -1;
    }
    return n;
}

static kn_obj *inst_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    kn_obj *m = special(class_of(self), SP_GETITEM);
    if (m) return call_special(m, self, &key, 1, err);
    if (INST(self)->value) return kn_getitem(INST(self)->value, key, err);
    tc_error_set(err, TC_EXC_TYPE, "'%s' object is not subscriptable", kn_type_name(self));
    return NULL;
}

static int inst_setitem(kn_obj *self, kn_obj *key, kn_obj *value, kn_err *err) {
    kn_obj *m = special(class_of(self), SP_SETITEM);
    if (m) {
        kn_obj *args[2] = {key, value};
        kn_obj *r = call_special(m, self, args, 2, err);
        kn_decref(r);
        return r ? 0 : -1;
    }
    if (INST(self)->value) return kn_setitem(INST(self)->value, key, value, err);
    return tc_error_set(err, TC_EXC_TYPE, "'%s' object does not support item assignment",
                        kn_type_name(self));
}

static int inst_delitem(kn_obj *self, kn_obj *key, kn_err *err) {
    kn_obj *m = special(class_of(self), SP_DELITEM);
    if (m) {
        kn_obj *r = call_special(m, self, &key, 1, err);
        kn_decref(r);
        return r ? 0 : -1;
    }
    if (INST(self)->value) return kn_delitem(INST(self)->value, key, err);
    return tc_error_set(err, TC_EXC_TYPE, "'%s' object doesn't support item deletion",
                        kn_type_name(self));
}

/* iter() over a class with only __getitem__: the old sequence protocol (0, 1, 2, ... until
 * IndexError). */
typedef struct kn_seqiterobj {
    kn_obj base;
    kn_obj *seq;
    int64_t i;
} kn_seqiterobj;

static void seqiter_dealloc(kn_obj *self) {
    kn_decref(((kn_seqiterobj *)self)->seq);
}
static kn_obj *seqiter_iter(kn_obj *self, kn_err *err) {
    return kn_incref(self);
}
static kn_obj *seqiter_next(kn_obj *self, kn_err *err) {
    kn_seqiterobj *s = (kn_seqiterobj *)self;
    if (!s->seq) return NULL;
    kn_obj *k = kn_int_new(s->i);
    if (!k) {
        kn_nomem(err);
        return NULL;
    }
    kn_err e;
    tc_error_init(&e);
    kn_obj *v = kn_getitem(s->seq, k, &e);
    kn_decref(k);
    if (!v) {
        if (e.type == TC_EXC_INDEX || e.type == TC_EXC_STOP_ITERATION) {
            kn_decref(s->seq);
            s->seq = NULL;
            return NULL;
        }
        *err = e;
        return NULL;
    }
    s->i++;
    return v;
}
static const kn_type seqiter_type = {
    .name = "iterator",
    .qualname = "iterator",
    .dealloc = seqiter_dealloc,
    .iter = seqiter_iter,
    .next = seqiter_next,
};

static kn_obj *inst_iter(kn_obj *self, kn_err *err) {
    kn_classobj *c = class_of(self);
    kn_obj *m = special(c, SP_ITER);
    if (m) {
        if (m == kn_none()) goto fail;
        kn_obj *it = call_special(m, self, NULL, 0, err);
        if (it && !it->type->next) {
            tc_error_set(err, TC_EXC_TYPE, "iter() returned non-iterator of type '%s'",
                         kn_type_name(it));
            kn_decref(it);
            return NULL;
        }
        return it;
    }
    if (special(c, SP_GETITEM)) {
        kn_seqiterobj *s = (kn_seqiterobj *)kn_obj_alloc(&seqiter_type, sizeof *s, err);
        if (!s) return NULL;
        s->seq = kn_incref(self);
        return &s->base;
    }
    if (INST(self)->value) return kn_iter(INST(self)->value, err);
fail:
    tc_error_set(err, TC_EXC_TYPE, "'%s' object is not iterable", kn_type_name(self));
    return NULL;
}

static kn_obj *inst_next(kn_obj *self, kn_err *err) {
    kn_obj *m = special(class_of(self), SP_NEXT);
    if (!m) {
        tc_error_set(err, TC_EXC_TYPE, "'%s' object is not an iterator", kn_type_name(self));
        return NULL;
    }
    kn_err e;
    tc_error_init(&e);
    kn_obj *r = call_special(m, self, NULL, 0, &e);
    if (!r && e.type == TC_EXC_STOP_ITERATION) return NULL; /* exhausted */
    if (!r) *err = e;
    return r;
}

static int inst_hash(kn_obj *self, int64_t *out, kn_err *err) {
    kn_obj *m = special(class_of(self), SP_HASH);
    if (m == kn_none())
        return tc_error_set(err, TC_EXC_TYPE, "unhashable type: '%s'", kn_type_name(self));
    if (!m) {
        if (INST(self)->value && class_of(self)->exc_kind == TC_EXC_NONE)
            return kn_hash(INST(self)->value, out, err);
        *out = (int64_t)((uintptr_t)self >> 4);
        return 0;
    }
    kn_obj *r = call_special(m, self, NULL, 0, err);
    if (!r) return -1;
    if (!kn__is_int(r)) {
        kn_decref(r);
        return tc_error_set(err, TC_EXC_TYPE, "__hash__ method should return an integer");
    }
    int64_t h = kn_int_value(r);
    kn_decref(r);
    *out = h == -1 ? -2 : h;
    return 0;
}

static int inst_to_int(kn_obj *self, int64_t *out, kn_err *err) {
    kn_classobj *c = class_of(self);
    kn_obj *m = special(c, SP_INDEX);
    if (!m) m = special(c, SP_INT);
    if (!m) {
        if (INST(self)->value) return kn_to_int64(INST(self)->value, out, err);
        return tc_error_set(err, TC_EXC_TYPE, "'%s' object cannot be interpreted as an integer",
                            kn_type_name(self));
    }
    kn_obj *r = call_special(m, self, NULL, 0, err);
    if (!r) return -1;
    int rc = kn__is_int(r) ? (*out = kn_int_value(r), 0)
                           : tc_error_set(err, TC_EXC_TYPE, "__index__ returned non-int (type %s)",
                                          kn_type_name(r));
    kn_decref(r);
    return rc;
}

static int inst_to_float(kn_obj *self, double *out, kn_err *err) {
    kn_classobj *c = class_of(self);
    kn_obj *m = special(c, SP_FLOAT);
    if (!m) {
        int64_t i;
        if (special(c, SP_INDEX) || INST(self)->value) {
            if (!special(c, SP_INDEX)) return kn_to_double(INST(self)->value, out, err);
            if (inst_to_int(self, &i, err) < 0) return -1;
            *out = (double)i;
            return 0;
        }
        return tc_error_set(err, TC_EXC_TYPE, "must be real number, not %s", kn_type_name(self));
    }
    kn_obj *r = call_special(m, self, NULL, 0, err);
    if (!r) return -1;
    int rc = kn_is(r, &kn_type_float) ? (*out = kn_float_value(r), 0)
                                      : tc_error_set(err, TC_EXC_TYPE,
                                                     "%s.__float__ returned non-float (type %s)",
                                                     kn_type_name(self), kn_type_name(r));
    kn_decref(r);
    return rc;
}

static int inst_contains(kn_obj *self, kn_obj *item, kn_err *err) {
    kn_classobj *c = class_of(self);
    kn_obj *m = special(c, SP_CONTAINS);
    if (m) return kn__truth_steal(call_special(m, self, &item, 1, err), err);
    if (!special(c, SP_ITER) && !special(c, SP_GETITEM) && INST(self)->value)
        return kn_contains(INST(self)->value, item, err);
    kn_obj *it = kn_iter(self, err);
    if (!it) return -1;
    kn_obj *x;
    int found = 0;
    while ((x = kn_next(it, err))) {
        kn_obj *eq = kn_compare(KN_CMP_EQ, x, item, err);
        kn_decref(x);
        found = eq ? kn__truth_steal(eq, err) : -1;
        if (found) break;
    }
    kn_decref(it);
    if (found == 0 && tc_error_is_set(err)) return -1;
    return found;
}

static kn_obj *inst_format(kn_obj *self, const char *spec, kn_err *err) {
    kn_classobj *c = class_of(self);
    kn_obj *m = special(c, SP_FORMAT);
    if (m) {
        kn_obj *s = kn_str_from_cstr(spec);
        if (!s) {
            kn_nomem(err);
            return NULL;
        }
        kn_obj *r = call_special(m, self, &s, 1, err);
        kn_decref(s);
        return r;
    }
    if (INST(self)->value && !special(c, SP_STR) && !special(c, SP_REPR))
        return kn_format_value(INST(self)->value, spec, err);
    if (*spec) {
        tc_error_set(err, TC_EXC_TYPE, "unsupported format string passed to %s.__format__",
                     c->name);
        return NULL;
    }
    return kn_str(self, err);
}

static int dir_add_dict(kn_obj *list, kn_obj *d) {
    int64_t i = 0;
    kn_obj *k, *v;
    while (kn_dict_next(d, &i, &k, &v))
        if (kn_list_append(list, k) < 0) return -1;
    return 0;
}

static int class_dir_into(kn_classobj *c, kn_obj *list) {
    kn_obj **mro = c->mro_items;
    for (int64_t i = 0; i < c->nmro; i++)
        if (kn_is_class(mro[i]) && dir_add_dict(list, CLS(mro[i])->dict) < 0) return -1;
    return 0;
}

static int inst_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    if (dir_add_dict(list, INST(self)->dict) < 0 || class_dir_into(class_of(self), list) < 0)
        return kn_nomem(err);
    if (INST(self)->value && INST(self)->value->type->dir)
        return INST(self)->value->type->dir(INST(self)->value, list, err);
    return 0;
}

/* IPython's display protocol: _repr_html_, _repr_markdown_, ... next to text/plain. */
static json_t *inst_mimebundle(kn_obj *self, const kn_args *opts, kn_err *err) {
    static const struct {
        int sp;
        const char *mime;
    } reprs[] = {{SP_HTML, "text/html"}, {SP_MARKDOWN, "text/markdown"},
                 {SP_LATEX, "text/latex"}, {SP_SVG, "image/svg+xml"}, {SP_JSON, "application/json"}};
    kn_classobj *c = class_of(self);
    kn_obj *r = kn_repr(self, err);
    if (!r) return NULL;
    json_t *b = json_object();
    if (!b || json_object_set_new(b, "text/plain", json_string(kn_str_cstr(r))) < 0) {
        kn_decref(r);
        json_decref(b);
        kn_nomem(err);
        return NULL;
    }
    kn_decref(r);
    for (size_t i = 0; i < sizeof reprs / sizeof reprs[0]; i++) {
        kn_obj *m = special(c, reprs[i].sp);
        if (!m) continue;
        kn_obj *v = call_special(m, self, NULL, 0, err);
        if (!v) {
            json_decref(b);
            return NULL;
        }
        if (kn_is(v, &kn_type_str)) json_object_set_new(b, reprs[i].mime, json_string(kn_str_cstr(v)));
        kn_decref(v);
    }
    return b;
}

static kn_obj *inst_enter(kn_obj *self, kn_err *err) {
    kn_obj *m = special(class_of(self), SP_ENTER);
    if (!m) {
        tc_error_set(err, TC_EXC_TYPE,
                     "'%s' object does not support the context manager protocol",
                     kn_type_name(self));
        return NULL;
    }
    return call_special(m, self, NULL, 0, err);
}

/* __exit__(type(exc), exc, None), or (None, None, None) without an exception. */
static int inst_exit(kn_obj *self, kn_obj *exc, kn_err *err) {
    kn_obj *m = special(class_of(self), SP_EXIT);
    if (!m)
        return tc_error_set(err, TC_EXC_TYPE,
                            "'%s' object does not support the context manager protocol",
                            kn_type_name(self));
    kn_obj *args[3] = {kn_none(), kn_none(), kn_none()};
    kn_obj *t = NULL;
    if (exc) {
        kn_err e;
        tc_error_init(&e);
        t = kn_getattr(exc, "__class__", &e);
        args[0] = t ? t : kn_none();
        args[1] = exc;
    }
    kn_obj *r = call_special(m, self, args, 3, err);
    kn_decref(t);
    if (!r) return -1;
    int suppress = exc ? kn_truth(r, err) : 0;
    kn_decref(r);
    return suppress;
}

bool kn_has_special_exit(const kn_obj *o) {
    return kn_is_instance_obj(o) && special(class_of(o), SP_EXIT) && special(class_of(o), SP_ENTER);
}

static const kn_type inst_type_template = {
    .dealloc = inst_dealloc,
    .repr = inst_repr,
    .str = inst_str,
    .getattr = inst_getattr,
    .setattr = inst_setattr,
    .call = inst_call,
    .inplace = inst_inplace,
    .unop = inst_unop,
    .compare = inst_compare,
    .truth = inst_truth,
    .len = inst_len,
    .getitem = inst_getitem,
    .setitem = inst_setitem,
    .delitem = inst_delitem,
    .iter = inst_iter,
    .next = inst_next,
    .hash = inst_hash,
    .to_int = inst_to_int,
    .to_float = inst_to_float,
    .dir = inst_dir,
    .mimebundle = inst_mimebundle,
    .enter = inst_enter,
    .exit = inst_exit,
    .contains = inst_contains,
    .format = inst_format,
};

/* The slots of a class's instance type that its special methods (or its builtin base) do
 * not back stay NULL, so that the generic operations report exactly Python's TypeError for
 * them ("object of type 'A' has no len()", "int() argument must be ..."). */
static void tailor_slots(kn_classobj *c) {
    kn_type *t = &c->inst;
    const kn_type *tp = &inst_type_template;
    bool v = c->builtin != NULL;
    kn_obj **sp = c->special;
#define TAILOR(slot, cond) t->slot = (cond) ? tp->slot : NULL
    TAILOR(to_int, v || sp[SP_INDEX] || sp[SP_INT]);
    TAILOR(to_float, v || sp[SP_FLOAT] || sp[SP_INDEX]);
    TAILOR(len, v || sp[SP_LEN]);
    TAILOR(getitem, v || sp[SP_GETITEM]);
    TAILOR(setitem, v || sp[SP_SETITEM]);
    TAILOR(delitem, v || sp[SP_DELITEM]);
    TAILOR(iter, v || sp[SP_ITER] || sp[SP_GETITEM]);
    TAILOR(next, sp[SP_NEXT]);
    TAILOR(call, sp[SP_CALL]);
    TAILOR(contains, v || sp[SP_CONTAINS] || sp[SP_ITER] || sp[SP_GETITEM]);
    TAILOR(unop, v || sp[SP_NEG] || sp[SP_POS] || sp[SP_INVERT]);
    TAILOR(enter, sp[SP_ENTER] && sp[SP_EXIT]);
    TAILOR(exit, sp[SP_ENTER] && sp[SP_EXIT]);
#undef TAILOR
}

/* ---- construction ----------------------------------------------------------------------- */

static kn_obj *inst_alloc(kn_classobj *c, kn_err *err) {
    kn_instobj *o = (kn_instobj *)kn_obj_alloc(&c->inst, sizeof *o, err);
    if (!o) return NULL;
    kn_incref(&c->base);
    o->dict = kn_dict_new();
    if (!o->dict) {
        kn_decref(&o->base);
        kn_nomem(err);
        return NULL;
    }
    return &o->base;
}

/* The builtin base's value for 'args' (exceptions: positional arguments only, as
 * BaseException.__new__ keeps them). */
static kn_obj *make_value(kn_classobj *c, const kn_args *args, kn_err *err) {
    const kn_type *bt = c->builtin;
    kn_args pos = {.pos = args->pos, .npos = args->npos};
    if (c->exc_kind != TC_EXC_NONE) {
        const kn_type *et = kn__exc_type(c->exc_kind);
        return et->construct(et, &pos, err);
    }
    return bt->construct(bt, args, err);
}

/* super().__init__(...) reaching a builtin base: rebuild the value from the arguments. */
static kn_obj *builtin_init(kn_obj *self, const kn_args *args, kn_err *err) {
    kn_classobj *c = class_of(self);
    kn_obj *v = make_value(c, args, err);
    if (!v) return NULL;
    kn_decref(INST(self)->value);
    INST(self)->value = v;
    return kn_none_new();
}

static kn_obj *object_init(kn_obj *self, const kn_args *args, kn_err *err) {
    if (args->npos || args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "object.__init__() takes exactly one argument (the instance to initialize)");
        return NULL;
    }
    return kn_none_new();
}

/* object.__init__(self), object.__setattr__(self, name, value), object.__new__(cls): the
 * defaults a class reaches explicitly (object.__setattr__(self, 'x', v) inside a
 * __setattr__, super().__new__(cls)). */
static kn_obj *obj_init_unbound(kn_obj *unused, const kn_args *args, kn_err *err) {
    if (args->npos < 1) {
        tc_error_set(err, TC_EXC_TYPE, "descriptor '__init__' of 'object' object needs an argument");
        return NULL;
    }
    if (args->npos > 1 || args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "object.__init__() takes exactly one argument (the instance to initialize)");
        return NULL;
    }
    return kn_none_new();
}

static kn_obj *obj_setattr_unbound(kn_obj *unused, const kn_args *args, kn_err *err) {
    if (args->npos != 3 || !kn_is(args->pos[1], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "expected 3 arguments, got %d", args->npos);
        return NULL;
    }
    kn_obj *o = args->pos[0];
    int rc = kn_is_instance_obj(o) ? generic_setattr(o, kn_str_cstr(args->pos[1]), args->pos[2], err)
                                   : kn_setattr(o, kn_str_cstr(args->pos[1]), args->pos[2], err);
    return rc < 0 ? NULL : kn_none_new();
}

static kn_obj *obj_new_unbound(kn_obj *unused, const kn_args *args, kn_err *err) {
    if (args->npos < 1 || !kn_is_class(args->pos[0])) {
        tc_error_set(err, TC_EXC_TYPE, "object.__new__(X): X is not a type object");
        return NULL;
    }
    kn_classobj *c = CLS(args->pos[0]);
    kn_obj *o = inst_alloc(c, err);
    if (o && c->builtin) {
        kn_args none = {0};
        INST(o)->value = make_value(c, &none, err);
        if (!INST(o)->value) {
            kn_decref(o);
            return NULL;
        }
    }
    return o;
}

static kn_obj *type_new_unbound(kn_obj *unused, const kn_args *a, kn_err *err);
static kn_obj *type_init_fn(kn_obj *self, const kn_args *a, kn_err *err);
static kn_obj *type_call_unbound(kn_obj *unused, const kn_args *a, kn_err *err);

/* Register object.__init__, object.__setattr__ and object.__new__, and type.__new__,
 * type.__init__ and type.__call__ (once per process). */
int kn__class_builtins_init(void) {
    static bool done;
    if (done) return 0;
    static const struct {
        const kn_type *owner;
        const char *name, *sig;
        kn_cfunc fn;
    } fns[] = {{&kn__type_objectbase, "__init__", "(self, /, *args, **kwargs)", obj_init_unbound},
               {&kn__type_objectbase, "__setattr__", "(self, name, value, /)", obj_setattr_unbound},
               {&kn__type_objectbase, "__new__", "(type, *args, **kwargs)", obj_new_unbound},
               {&kn_type_type, "__new__", "(type, *args, **kwargs)", type_new_unbound},
               {&kn_type_type, "__init__", "(self, /, *args, **kwargs)", type_init_fn},
               {&kn_type_type, "__call__", "(self, /, *args, **kwargs)", type_call_unbound}};
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        kn_obj *f = kn_cfunction_new(fns[i].name, fns[i].fn, NULL, fns[i].sig, NULL);
        int rc = f ? kn__type_add_attr(fns[i].owner, fns[i].name, f) : -1;
        kn_decref(f);
        if (rc < 0) return -1;
    }
    done = true;
    return 0;
}

static kn_obj *type_new(kn_obj *mcs, const kn_args *a, kn_err *err);
static bool is_metaclass(const kn_classobj *c);
static bool class_is_instance_of(const kn_obj *o, const kn_classobj *c);

/* Calling class 'self' as type.__call__ does: __new__ (for a metaclass, type.__new__ when
 * the class defines none), then __init__ when the result is an instance of it. */
static kn_obj *class_call_default(kn_obj *self, const kn_args *args, kn_err *err) {
    kn_classobj *c = CLS(self);
    kn_obj *init = special(c, SP_INIT), *newf = special(c, SP_NEW), *o;
    bool meta = is_metaclass(c);
    if (newf) {
        kn_obj *fn = kn_is(newf, &kn_type_staticmethod) ? ((kn_wrapobj *)newf)->func : newf;
        o = call_with_self(fn, self, args, err);
        if (!o) return NULL;
        if (meta ? !class_is_instance_of(o, c)
                 : !kn_is_instance_obj(o) || !kn_type_is_subtype(o->type, &c->inst))
            return o;
    } else if (meta) {
        if (!(o = type_new(self, args, err))) return NULL;
    } else {
        if (!init && !c->builtin && (args->npos || args->nkw)) {
            tc_error_set(err, TC_EXC_TYPE, "%s() takes no arguments", c->name);
            return NULL;
        }
        o = inst_alloc(c, err);
        if (!o) return NULL;
        if (c->builtin) {
            kn_args none = {0};
            /* an immutable builtin's value comes from the arguments, as its __new__ makes
             * it; a mutable one's __init__ fills it, which a class's own __init__ replaces */
            const kn_type *bt = c->builtin;
            bool immutable = bt == &kn_type_int || bt == &kn_type_float || bt == &kn_type_str ||
                             bt == &kn_type_tuple || bt == &kn_type_frozenset;
            bool full = !init || c->exc_kind != TC_EXC_NONE || immutable;
            INST(o)->value = make_value(c, full ? args : &none, err);
            if (!INST(o)->value) {
                kn_decref(o);
                return NULL;
            }
        }
    }
    if (init) {
        kn_obj *r = call_special_with(init, o, args, err); /* keywords too, whatever init is */
        if (!r) {
            kn_decref(o);
            return NULL;
        }
        if (r != kn_none()) {
            tc_error_set(err, TC_EXC_TYPE, "__init__() should return None, not '%s'",
                         kn_type_name(r));
            kn_decref(r);
            kn_decref(o);
            return NULL;
        }
        kn_decref(r);
    }
    return o;
}

static kn_obj *meta_special(const kn_obj *cls, int sp);
static kn_obj *meta_call(kn_obj *m, kn_obj *cls, kn_obj *const *args, int n, const kn_args *a,
                         kn_err *err);

static kn_obj *class_call(kn_obj *self, const kn_args *args, kn_err *err) {
    kn_obj *m = meta_special(self, SP_CALL);
    if (m) return meta_call(m, self, NULL, 0, args, err);
    return class_call_default(self, args, err);
}

/* C3 linearisation of the bases' mros into self's mro_items; -1 with TypeError when none
 * exists. */
static int compute_mro(kn_obj *self, kn_obj *bases, kn_err *err) {
    int ok = -1;
    int64_t nb = kn_tuple_len(bases);
    /* sequences to merge: each base's mro, then the bases list */
    int64_t nseq = nb + 1;
    kn_obj ***seqs = tc_calloc((size_t)nseq, sizeof *seqs);
    int64_t *lens = tc_calloc((size_t)nseq, sizeof *lens), *heads = tc_calloc((size_t)nseq, sizeof *heads);
    kn_obj *out = kn_list_new(0), *objectcls = kn_type_object(&kn__type_objectbase);
    if (!seqs || !lens || !heads || !out || kn_list_append(out, self) < 0) {
        kn_nomem(err);
        goto done;
    }
    for (int64_t i = 0; i < nb; i++) {
        kn_obj *b = kn_tuple_items(bases)[i];
        if (kn_is_class(b)) {
            seqs[i] = CLS(b)->mro_items;
            lens[i] = CLS(b)->nmro;
        } else {
            /* a builtin type: itself, then object (bool: int too) */
            kn_obj **pair = tc_malloc(3 * sizeof *pair);
            if (!pair) {
                kn_nomem(err);
                goto done;
            }
            int64_t k = 0;
            pair[k++] = b;
            if (b != objectcls) pair[k++] = objectcls;
            seqs[i] = pair;
            lens[i] = -k; /* negative: owned array */
        }
    }
    seqs[nb] = kn_tuple_items(bases);
    lens[nb] = nb;
    for (;;) {
        kn_obj *pick = NULL;
        bool any = false;
        for (int64_t i = 0; i < nseq && !pick; i++) {
            int64_t len = lens[i] < 0 ? -lens[i] : lens[i];
            if (heads[i] >= len) continue;
            any = true;
            kn_obj *cand = seqs[i][heads[i]];
            bool in_tail = false;
            for (int64_t j = 0; j < nseq && !in_tail; j++) {
                int64_t lj = lens[j] < 0 ? -lens[j] : lens[j];
                for (int64_t k = heads[j] + 1; k < lj; k++)
                    if (seqs[j][k] == cand) {
                        in_tail = true;
                        break;
                    }
            }
            if (!in_tail) pick = cand;
        }
        if (!any) break;
        if (!pick) {
            tc_strbuf b = {0};
            tc_strbuf_puts(&b, "Cannot create a consistent method resolution\norder (MRO) for bases");
            for (int64_t i = 0; i < nb; i++) {
                kn_obj *x = kn_tuple_items(bases)[i];
                tc_strbuf_printf(&b, "%s %s", i ? "," : "",
                                 kn_is_class(x) ? CLS(x)->name
                                                          : kn_type_object_type(x)->name);
            }
            tc_error_set(err, TC_EXC_TYPE, "%s", b.data ? b.data : "");
            tc_strbuf_free(&b);
            goto done;
        }
        if (kn_list_append(out, pick) < 0) {
            kn_nomem(err);
            goto done;
        }
        for (int64_t i = 0; i < nseq; i++) {
            int64_t len = lens[i] < 0 ? -lens[i] : lens[i];
            if (heads[i] < len && seqs[i][heads[i]] == pick) heads[i]++;
        }
    }
    if (kn_list_items(out)[kn_list_len(out) - 1] != objectcls && kn_list_append(out, objectcls) < 0) {
        kn_nomem(err);
        goto done;
    }
    int64_t n = kn_list_len(out);
    kn_obj **items = tc_malloc((size_t)n * sizeof *items);
    if (!items) {
        kn_nomem(err);
        goto done;
    }
    items[0] = self;
    for (int64_t i = 1; i < n; i++)
        items[i] = kn_incref(kn_list_items(out)[i]);
    CLS(self)->mro_items = items;
    CLS(self)->nmro = n;
    ok = 0;
done:
    for (int64_t i = 0; seqs && lens && i < nb; i++)
        if (lens[i] < 0) tc_free(seqs[i]);
    tc_free(seqs);
    tc_free(lens);
    tc_free(heads);
    kn_decref(out);
    return ok;
}

static void class_dealloc(kn_obj *self) {
    kn_classobj *c = CLS(self);
    for (int64_t i = 0; c->methods && i < kn_list_len(c->methods); i++)
        c->detach(kn_list_items(c->methods)[i], self);
    kn_decref(c->methods);
    kn_decref(c->dict);
    kn_decref(c->bases);
    kn_decref(c->meta);
    for (int64_t i = 1; i < c->nmro; i++)
        kn_decref(c->mro_items[i]);
    tc_free(c->mro_items);
    tc_free(c->name);
    tc_free(c->qualname);
    tc_free(c->module);
    tc_free(c->fullname);
    tc_free(c->cache);
}

/* Builtin types a class may derive from (their values carry the state). */
static bool subclassable(const kn_type *t) {
    tc_exc k;
    return t == &kn_type_dict || t == &kn_type_list || t == &kn_type_tuple || t == &kn_type_type ||
           t == &kn_type_str || t == &kn_type_int || t == &kn_type_float ||
           t == &kn_type_set || t == &kn_type_frozenset ||
           kn__exc_type_kind(t, &k) || kn__exc_type_any(t);
}

kn_obj *kn_class_new(const char *name, const char *qualname, const char *module, kn_obj *bases,
                     kn_obj *ns, kn_err *err) {
    for (int64_t i = 0; i < kn_tuple_len(bases); i++) {
        kn_obj *b = kn_tuple_items(bases)[i];
        const kn_type *bt = kn_type_object_type(b);
        if (!bt) {
            tc_error_set(err, TC_EXC_TYPE,
                         "metaclass conflict: the metaclass of a derived class must be a "
                         "(non-strict) subclass of the metaclasses of all its bases");
            if (!kn_is(b, &kn_type_type) && !kn_is_class(b)) {
                tc_error_clear(err);
                tc_error_set(err, TC_EXC_TYPE, "bases must be types");
            }
            return NULL;
        }
        if (!kn_is_class(b) && bt != &kn__type_objectbase && !subclassable(bt)) {
            tc_error_set(err, TC_EXC_TYPE, "type '%s' is not an acceptable base type",
                         bt->qualname ? bt->qualname : bt->name);
            return NULL;
        }
        for (int64_t j = 0; j < i; j++)
            if (kn_tuple_items(bases)[j] == b) {
                tc_error_set(err, TC_EXC_TYPE, "duplicate base class %s",
                             kn_is_class(b) ? CLS(b)->name : bt->name);
                return NULL;
            }
    }
    kn_classobj *c = (kn_classobj *)kn_obj_alloc(&kn_type_class, sizeof *c, err);
    if (!c) return NULL;
    c->name = tc_strdup(name);
    c->qualname = tc_strdup(qualname);
    c->module = tc_strdup(module);
    c->fullname = tc_malloc(strlen(module) + strlen(qualname) + 2);
    c->dict = kn_incref(ns);
    c->bases = kn_incref(bases);
    if (!c->name || !c->qualname || !c->module || !c->fullname) {
        kn_decref(&c->base);
        kn_nomem(err);
        return NULL;
    }
    sprintf(c->fullname, "%s.%s", module, qualname);
    c->inst = inst_type_template;
    c->inst.name = c->name;
    c->inst.qualname = c->fullname;
    c->inst.heap_class = &c->base;
    kn_obj *doc = kn_dict_get_str(ns, "__doc__");
    c->inst.doc = doc && kn_is(doc, &kn_type_str) ? kn_str_cstr(doc) : NULL;
    if (compute_mro(&c->base, bases, err) < 0) {
        kn_decref(&c->base);
        return NULL;
    }
    /* the nearest builtin base in mro order; exceptions keep their kind */
    c->exc_kind = TC_EXC_NONE;
    for (int64_t i = 1; i < c->nmro; i++) {
        kn_obj *m = c->mro_items[i];
        if (kn_is_class(m)) {
            if (!c->builtin && CLS(m)->builtin) {
                c->builtin = CLS(m)->builtin;
                c->exc_kind = CLS(m)->exc_kind;
            }
            continue;
        }
        const kn_type *bt = kn_type_object_type(m);
        if (bt == &kn__type_objectbase || c->builtin) continue;
        c->builtin = bt;
        tc_exc k;
        if (kn__exc_type_kind(bt, &k)) c->exc_kind = k == TC_EXC_NONE ? TC_EXC_EXCEPTION : k;
        else if (kn__exc_type_any(bt)) c->exc_kind = TC_EXC_EXCEPTION;
    }
    /* a class that defines __eq__ without __hash__ is unhashable, as in Python */
    if (kn_dict_get_str(ns, "__eq__") && !kn_dict_get_str(ns, "__hash__") &&
        kn_dict_set_str(ns, "__hash__", kn_none()) < 0) {
        kn_decref(&c->base);
        kn_nomem(err);
        return NULL;
    }
    /* __init_subclass__ and __set_name__ are not called; __module__/__qualname__ stored */
    kn_obj *mod = kn_str_from_cstr(module), *qn = kn_str_from_cstr(qualname);
    if (!kn_dict_get_str(ns, "__module__")) kn_dict_set_str(ns, "__module__", mod);
    kn_dict_set_str(ns, "__qualname__", qn);
    kn_decref(mod);
    kn_decref(qn);
    class_version++;
    refresh_specials(c);
    return &c->base;
}

/* See object.h. */
int kn_class_adopt(kn_obj *cls, kn_obj *fn, void (*detach)(kn_obj *fn, kn_obj *cls)) {
    kn_classobj *c = CLS(cls);
    if (!c->methods && !(c->methods = kn_list_new(0))) return -1;
    c->detach = detach;
    return kn_list_append(c->methods, fn);
}

/* The class's name ("A"), or NULL when o is no user class. */
const char *kn_class_name(const kn_obj *o) {
    return kn_is_class(o) ? CLS(o)->name : NULL;
}

/* The builtin exception kind instances of class 'o' raise as (TC_EXC_NONE: not an
 * exception class). */
tc_exc kn_class_exc_kind(const kn_obj *o) {
    return kn_is_class(o) ? CLS(o)->exc_kind : TC_EXC_NONE;
}


static int class_setattr(kn_obj *self, const char *name, kn_obj *value, kn_err *err);

static kn_obj *class_getattr(kn_obj *self, const char *name, kn_err *err) {
    kn_classobj *c = CLS(self);
    if (name[0] == '_' && name[1] == '_') {
        if (strcmp(name, "__name__") == 0) return kn_str_from_cstr(c->name);
        if (strcmp(name, "__qualname__") == 0) return kn_str_from_cstr(c->qualname);
        if (strcmp(name, "__dict__") == 0) {
            /* a copy: Python's is a read-only view, and the lookup caches hold the
             * namespace's values without references, so it must not change behind them */
            kn_obj *d = kn_dict_new();
            int64_t i = 0;
            kn_obj *k, *v;
            while (d && kn_dict_next(c->dict, &i, &k, &v))
                if (kn_dict_set(d, k, v, err) < 0) {
                    kn_decref(d);
                    return NULL;
                }
            if (!d) kn_nomem(err);
            return d;
        }
        if (strcmp(name, "__bases__") == 0) return kn_incref(c->bases);
        if (strcmp(name, "__annotations__") == 0) { /* its own, made empty on first use (3.10+) */
            kn_obj *a = kn_dict_get_str(c->dict, name);
            if (a) return kn_incref(a);
            if (!(a = kn_dict_new())) return kn_nomem(err), NULL;
            if (class_setattr(self, name, a, err) < 0) {
                kn_decref(a);
                return NULL;
            }
            return a;
        }
        if (strcmp(name, "__mro__") == 0) {
            kn_obj *t = kn__tuple_from(c->mro_items, c->nmro);
            if (!t) kn_nomem(err);
            return t;
        }
        if (strcmp(name, "__base__") == 0)
            return kn_incref(kn_tuple_len(c->bases) ? kn_tuple_items(c->bases)[0]
                                                    : kn_type_object(&kn__type_objectbase));
        if (strcmp(name, "__class__") == 0)
            return kn_incref(c->meta ? c->meta : kn_type_object(&kn_type_type));
        if (strcmp(name, "__doc__") == 0) {
            kn_obj *d = kn_dict_get_str(c->dict, "__doc__");
            return kn_incref(d ? d : kn_none());
        }
    }
    kn_obj *attr = mro_lookup(c, name);
    if (attr) return bind_get(attr, NULL, self, err);
    if (c->builtin) {
        kn_obj *t = kn_type_object(c->builtin);
        kn_obj *v = t && t->type->getattr ? t->type->getattr(t, name, err) : NULL;
        if (v || tc_error_is_set(err)) return v;
    }
    /* then the metaclass's attributes, as seen through the class */
    if (c->meta && (attr = mro_lookup(CLS(c->meta), name))) return bind_get(attr, self, c->meta, err);
    return NULL;
}

static int class_setattr(kn_obj *self, const char *name, kn_obj *value, kn_err *err) {
    if (!value) return kn_delattr(self, name, err);
    class_version++;
    if (kn_dict_set_str(CLS(self)->dict, name, value) < 0) return kn_nomem(err);
    refresh_specials(CLS(self));
    return 0;
}

static int class_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    return class_dir_into(CLS(self), list) < 0 ? kn_nomem(err) : 0;
}

static int class_hash(kn_obj *self, int64_t *out, kn_err *err) {
    *out = (int64_t)((uintptr_t)self >> 4);
    return 0;
}

static int class_describe(kn_obj *self, kn_doc *out) {
    kn_classobj *c = CLS(self);
    *out = (kn_doc){.name = c->name, .signature = "", .doc = c->inst.doc, .module = c->module};
    return 0;
}

/* ---- metaclasses --------------------------------------------------------------------------
 *
 * A metaclass is a user class deriving from type (class M(type)). A class whose metaclass is
 * such an M (class A(metaclass=M), or by inheriting from a class that has one) is an ordinary
 * class object whose type is kn_type_class_meta and whose c->meta is M: type(A) is M and
 * isinstance(A, M) holds; attributes A's mro lacks come from M's mro, bound to A; and the
 * operations on A (A(...), repr, str, iter, len, in, A[k], bool) run M's special methods
 * where M defines them, else do what they do on any class. Calling M makes a class through
 * type.__new__ (type_new), which a __new__ of M reaches by super().__new__(mcs, ...). */

/* Is c a metaclass (type among its bases)? */
static bool is_metaclass(const kn_classobj *c) {
    return c->builtin == &kn_type_type;
}

/* Is o a class whose metaclass is c or derives from it? */
static bool class_is_instance_of(const kn_obj *o, const kn_classobj *c) {
    return kn_is(o, &kn_type_class_meta) && kn_type_is_subtype(&CLS(CLS(o)->meta)->inst, &c->inst);
}

/* Special method sp of class cls's metaclass (borrowed), or NULL. */
static kn_obj *meta_special(const kn_obj *cls, int sp) {
    kn_obj *m = CLS(cls)->meta;
    return m ? special(CLS(m), sp) : NULL;
}

/* Call m, a special method of cls's metaclass, as cls.m(*args): with the n arguments args,
 * or with a when args is NULL. */
static kn_obj *meta_call(kn_obj *m, kn_obj *cls, kn_obj *const *args, int n, const kn_args *a,
                         kn_err *err) {
    kn_args pos = {.pos = args, .npos = n};
    if (!args) pos = a ? *a : (kn_args){0};
    if (is_plain_function(m)) return call_with_self(m, cls, &pos, err);
    kn_obj *b = bind_get(m, cls, CLS(cls)->meta, err);
    if (!b) return NULL;
    kn_obj *r = kn_call(b, &pos, err);
    kn_decref(b);
    return r;
}

static kn_obj *class_repr(kn_obj *self, kn_err *err) {
    kn_obj *m = meta_special(self, SP_REPR);
    if (m) return meta_call(m, self, NULL, 0, NULL, err);
    return kn_str_printf("<class '%s'>", CLS(self)->fullname);
}

static kn_obj *class_str(kn_obj *self, kn_err *err) {
    kn_obj *m = meta_special(self, SP_STR);
    return m ? meta_call(m, self, NULL, 0, NULL, err) : class_repr(self, err);
}

static kn_obj *class_iter(kn_obj *self, kn_err *err) {
    kn_obj *m = meta_special(self, SP_ITER);
    if (m) return meta_call(m, self, NULL, 0, NULL, err);
    tc_error_set(err, TC_EXC_TYPE, "'type' object is not iterable");
    return NULL;
}

static int64_t class_len(kn_obj *self, kn_err *err) {
    kn_obj *m = meta_special(self, SP_LEN);
    if (!m) {
        tc_error_set(err, TC_EXC_TYPE, "object of type 'type' has no len()");
        return -1;
    }
    kn_obj *r = meta_call(m, self, NULL, 0, NULL, err);
    if (!r) return -1;
    int64_t n = kn__is_int(r) ? kn_int_value(r) : -1;
    if (!kn__is_int(r))
        tc_error_set(err, TC_EXC_TYPE, "'%s' object cannot be interpreted as an integer",
                     kn_type_name(r));
    else if (n < 0)
        tc_error_set(err, TC_EXC_VALUE, "__len__() should return >= 0");
    kn_decref(r);
    return n;
}

static int class_truth(kn_obj *self, kn_err *err) {
    kn_obj *m = meta_special(self, SP_BOOL);
    if (m) {
        kn_obj *r = meta_call(m, self, NULL, 0, NULL, err);
        if (!r) return -1;
        int t = kn_is(r, &kn_type_bool) ? r == kn_true() : -1;
        if (t < 0)
            tc_error_set(err, TC_EXC_TYPE, "__bool__ should return bool, returned %s",
                         kn_type_name(r));
        kn_decref(r);
        return t;
    }
    if (meta_special(self, SP_LEN)) {
        int64_t n = class_len(self, err);
        return n < 0 ? -1 : n > 0;
    }
    return 1;
}

static int class_contains(kn_obj *self, kn_obj *item, kn_err *err) {
    kn_obj *m = meta_special(self, SP_CONTAINS);
    if (!m) {
        if (!meta_special(self, SP_ITER))
            return tc_error_set(err, TC_EXC_TYPE, "argument of type 'type' is not iterable");
        return kn__contains_by_iter(self, item, err);
    }
    kn_obj *r = meta_call(m, self, &item, 1, NULL, err);
    if (!r) return -1;
    int t = kn_truth(r, err);
    kn_decref(r);
    return t;
}

static kn_obj *class_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    kn_obj *m = meta_special(self, SP_GETITEM);
    if (m) return meta_call(m, self, &key, 1, NULL, err);
    tc_error_set(err, TC_EXC_TYPE, "type '%s' is not subscriptable", CLS(self)->name);
    return NULL;
}

/* Call the __init_subclass__ that class cls's bases define (object's takes no keywords) with
 * cls and the class statement's keywords, after the __set_name__ of the descriptors its body
 * defined, as type.__new__ does. 0, or -1 with err. */
static int init_subclass(kn_obj *cls, const kn_args *kw, kn_err *err) {
    kn_classobj *c = CLS(cls);
    int64_t it = 0;
    kn_obj *k, *v;
    kn_obj *items = kn_list_new(0); /* the namespace may change while __set_name__ runs */
    if (!items) return kn_nomem(err);
    while (kn_dict_next(c->dict, &it, &k, &v))
        if (kn_is_instance_obj(v) && cached_lookup(class_of(v), "__set_name__") &&
            (kn_list_append(items, k) < 0 || kn_list_append(items, v) < 0)) {
            kn_decref(items);
            return kn_nomem(err);
        }
    for (int64_t i = 0; i < kn_list_len(items); i += 2) {
        kn_obj *f = cached_lookup(class_of(kn_list_items(items)[i + 1]), "__set_name__");
        kn_obj *args[2] = {cls, kn_list_items(items)[i]};
        kn_obj *r = f ? call_special(f, kn_list_items(items)[i + 1], args, 2, err) : kn_none_new();
        kn_decref(r);
        if (!r) {
            kn_decref(items);
            return -1;
        }
    }
    kn_decref(items);
    for (int64_t i = 1; i < c->nmro; i++) {
        if (!kn_is_class(c->mro_items[i])) continue;
        kn_obj *f = kn_dict_get_str(CLS(c->mro_items[i])->dict, "__init_subclass__");
        if (!f) continue;
        if (kn_is(f, &kn_type_classmethod)) f = ((kn_wrapobj *)f)->func; /* implicit anyway */
        kn_obj *r = call_with_self(f, cls, kw, err);
        kn_decref(r);
        return r ? 0 : -1;
    }
    if (kw->nkw)
        return tc_error_set(err, TC_EXC_TYPE, "%s.__init_subclass__() takes no keyword arguments",
                            c->name);
    return 0;
}

/* The metaclass a class with metaclass 'meta' (NULL: type) and these bases gets: the most
 * derived of meta and the bases' metaclasses (NULL: type). -1 with TypeError on a conflict. */
static int winner_meta(kn_obj *meta, kn_obj *bases, kn_obj **out, kn_err *err) {
    kn_obj *w = meta;
    for (int64_t i = 0; i < kn_tuple_len(bases); i++) {
        kn_obj *b = kn_tuple_items(bases)[i];
        kn_obj *bm = kn_is_class(b) ? CLS(b)->meta : NULL;
        if (!bm || bm == w) continue;
        if (!w || kn_type_is_subtype(&CLS(bm)->inst, &CLS(w)->inst)) {
            w = bm;
        } else if (!kn_type_is_subtype(&CLS(w)->inst, &CLS(bm)->inst)) {
            return tc_error_set(err, TC_EXC_TYPE,
                                "metaclass conflict: the metaclass of a derived class must be a "
                                "(non-strict) subclass of the metaclasses of all its bases");
        }
    }
    *out = w;
    return 0;
}

/* type.__new__(mcs, name, bases, namespace, **kwds): a new class whose metaclass is mcs (a
 * metaclass, or NULL or the type object for type), made from a copy of the namespace, its
 * __init_subclass__ called with the keywords. */
static kn_obj *type_new(kn_obj *mcs, const kn_args *a, kn_err *err) {
    if (a->npos != 3) {
        tc_error_set(err, TC_EXC_TYPE, "type.__new__() takes exactly 3 arguments (%d given)",
                     a->npos);
        return NULL;
    }
    kn_obj *name = a->pos[0], *bases = a->pos[1], *ns = a->pos[2];
    if (!kn_is(name, &kn_type_str) || !kn_is(bases, &kn_type_tuple) || !kn_is(ns, &kn_type_dict)) {
        int k = !kn_is(name, &kn_type_str) ? 1 : !kn_is(bases, &kn_type_tuple) ? 2 : 3;
        tc_error_set(err, TC_EXC_TYPE, "type.__new__() argument %d must be %s, not %s", k,
                     k == 1 ? "str" : k == 2 ? "tuple" : "dict", kn_type_name(a->pos[k - 1]));
        return NULL;
    }
    kn_obj *meta = mcs && kn_is_class(mcs) ? mcs : NULL;
    if (winner_meta(meta, bases, &meta, err) < 0) return NULL;
    kn_obj *copy = kn_dict_new();
    int64_t i = 0;
    kn_obj *k, *v;
    while (copy && kn_dict_next(ns, &i, &k, &v))
        if (kn_dict_set(copy, k, v, err) < 0) {
            kn_decref(copy);
            return NULL;
        }
    if (!copy) return kn_nomem(err), NULL;
    kn_obj *mod = kn_dict_get_str(copy, "__module__"), *qn = kn_dict_get_str(copy, "__qualname__");
    kn_obj *cls = kn_class_new(kn_str_cstr(name), qn && kn_is(qn, &kn_type_str) ? kn_str_cstr(qn) : kn_str_cstr(name),
                               mod && kn_is(mod, &kn_type_str) ? kn_str_cstr(mod) : "__main__",
                               bases, copy, err);
    kn_decref(copy);
    if (!cls) return NULL;
    if (meta) {
        CLS(cls)->meta = kn_incref(meta);
        cls->type = &kn_type_class_meta;
    }
    kn_args kw = {.kwnames = a->kwnames, .kwvals = a->kwvals, .nkw = a->nkw};
    if (init_subclass(cls, &kw, err) < 0) {
        kn_decref(cls);
        return NULL;
    }
    return cls;
}

/* See object.h. */
kn_obj *kn_type_new(kn_obj *mcs, const kn_args *a, kn_err *err) {
    return type_new(mcs, a, err);
}

/* See object.h. */
int kn_class_meta_for(kn_obj *meta, kn_obj *bases, kn_obj **out, kn_err *err) {
    return winner_meta(meta && kn_is_class(meta) ? meta : NULL, bases, out, err);
}

/* type.__new__, type.__init__ and type.__call__ as the type object has them. */
static kn_obj *type_new_unbound(kn_obj *unused, const kn_args *a, kn_err *err) {
    kn_obj *mcs = a->npos ? a->pos[0] : NULL;
    bool ok = mcs && (mcs == kn_type_object(&kn_type_type) ||
                      (kn_is_class(mcs) && is_metaclass(CLS(mcs))) ||
                      (kn_is_class(mcs) && kn_type_is_subtype(&CLS(mcs)->inst, &kn_type_type)));
    if (!ok) {
        tc_error_set(err, TC_EXC_TYPE, "type.__new__(X): X is not a type object (%s)",
                     mcs ? kn_type_name(mcs) : "NoneType");
        return NULL;
    }
    kn_args rest = {a->pos + 1, a->npos - 1, a->kwnames, a->kwvals, a->nkw};
    return type_new(mcs, &rest, err);
}

static kn_obj *type_init_fn(kn_obj *self, const kn_args *a, kn_err *err) {
    return kn_none_new();
}

static kn_obj *type_call_fn(kn_obj *self, const kn_args *a, kn_err *err) {
    if (!kn_is_class(self)) {
        tc_error_set(err, TC_EXC_TYPE, "descriptor '__call__' requires a 'type' object");
        return NULL;
    }
    return class_call_default(self, a, err);
}

static kn_obj *type_call_unbound(kn_obj *unused, const kn_args *a, kn_err *err) {
    if (a->npos < 1) {
        tc_error_set(err, TC_EXC_TYPE, "descriptor '__call__' of 'type' object needs an argument");
        return NULL;
    }
    kn_args rest = {a->pos + 1, a->npos - 1, a->kwnames, a->kwvals, a->nkw};
    return type_call_fn(a->pos[0], &rest, err);
}

/* type's method 'name' reached by super() from a metaclass's method, bound to the class cls
 * (NULL: unbound), or NULL when type has no such method here. */
static kn_obj *type_method(const char *name, kn_obj *cls) {
    if (strcmp(name, "__new__") == 0)
        return kn_cfunction_new("__new__", type_new_unbound, NULL, "(type, *args, **kwargs)", NULL);
    if (strcmp(name, "__init__") == 0)
        return kn_cfunction_new("__init__", type_init_fn, cls, "(self, /, *args, **kwargs)", NULL);
    if (strcmp(name, "__call__") == 0 && cls)
        return kn_cfunction_new("__call__", type_call_fn, cls, "(self, /, *args, **kwargs)", NULL);
    return NULL;
}

/* The slots every class object has. */
#define CLASS_SLOTS                                                                                \
    .name = "type", .qualname = "type",                                                            \
    .doc = "type(object) -> the object's type\ntype(name, bases, dict, **kwds) -> a new type",      \
    .dealloc = class_dealloc, .repr = class_repr, .getattr = class_getattr,                        \
    .setattr = class_setattr, .call = class_call, .hash = class_hash, .dir = class_dir,            \
    .describe = class_describe

const kn_type kn_type_class = {CLASS_SLOTS};

/* A class whose metaclass is a user class: the same, with the operations the metaclass can
 * define. */
const kn_type kn_type_class_meta = {
    CLASS_SLOTS,
    .str = class_str,
    .truth = class_truth,
    .len = class_len,
    .getitem = class_getitem,
    .iter = class_iter,
    .contains = class_contains,
};
#undef CLASS_SLOTS

/* ---- subtype tests ---------------------------------------------------------------------- */

/* Is the builtin type 'sub' a subtype of the builtin type 'base'? */
static bool builtin_subtype(const kn_type *sub, const kn_type *base) {
    if (sub == base || base == &kn__type_objectbase) return true;
    for (const kn_type *b = sub->base; b; b = b->base)
        if (b == base) return true;
    if (sub == &kn_type_bool && base == &kn_type_int) return true;
    if ((sub == &kn_type_class || sub == &kn_type_class_meta) && base == &kn_type_type)
        return true; /* a user class is a type */
    tc_exc k;
    if (kn__exc_type_kind(sub, &k) && (kn__exc_type_kind(base, NULL) || kn__exc_type_any(base)))
        return kn_exc_matches(k == TC_EXC_NONE ? TC_EXC_EXCEPTION : k, base->name);
    if (kn__exc_type_any(sub) && kn__exc_type_any(base))
        return strcmp(base->name, "BaseException") == 0 ||
               (strcmp(base->name, "Exception") == 0 && strcmp(sub->name, "BaseException") != 0);
    return false;
}

bool kn_type_is_subtype(const kn_type *sub, const kn_type *base) {
    if (sub == base || base == &kn__type_objectbase) return true;
    if (!sub->heap_class) return !base->heap_class && builtin_subtype(sub, base);
    kn_classobj *c = CLS(sub->heap_class);
    kn_obj **mro = c->mro_items;
    for (int64_t i = 0; i < c->nmro; i++) {
        if (kn_is_class(mro[i])) {
            if (&CLS(mro[i])->inst == base) return true;
        } else if (!base->heap_class && builtin_subtype(kn_type_object_type(mro[i]), base)) {
            return true;
        }
    }
    return false;
}

/* The type isinstance() tests for o: exception values report their exception class. */
static const kn_type *type_for_isinstance(const kn_obj *o) {
    if (kn_is(o, &kn_type_exception)) return kn__exc_type(kn_exception_kind(o));
    if (kn_is(o, &kn_type_class_meta)) return &CLS(CLS(o)->meta)->inst;
    return o->type;
}

int kn_isinstance(kn_obj *o, kn_obj *cls, kn_err *err) {
    if (kn_is(cls, &kn_type_tuple)) {
        for (int64_t i = 0; i < kn_tuple_len(cls); i++) {
            int r = kn_isinstance(o, kn_tuple_items(cls)[i], err);
            if (r != 0) return r;
        }
        return 0;
    }
    const kn_type *t = kn_type_object_type(cls);
    if (!t)
        return tc_error_set(err, TC_EXC_TYPE,
                            "isinstance() arg 2 must be a type, a tuple of types, or a union");
    return kn_type_is_subtype(type_for_isinstance(o), t);
}

int kn_issubclass(kn_obj *sub, kn_obj *cls, kn_err *err) {
    const kn_type *s = kn_type_object_type(sub);
    if (!s) return tc_error_set(err, TC_EXC_TYPE, "issubclass() arg 1 must be a class");
    if (kn_is(cls, &kn_type_tuple)) {
        for (int64_t i = 0; i < kn_tuple_len(cls); i++) {
            int r = kn_issubclass(sub, kn_tuple_items(cls)[i], err);
            if (r != 0) return r;
        }
        return 0;
    }
    const kn_type *t = kn_type_object_type(cls);
    if (!t)
        return tc_error_set(err, TC_EXC_TYPE,
                            "issubclass() arg 2 must be a class, a tuple of classes, or a union");
    return kn_type_is_subtype(s, t);
}

/* The class object of a user class's instance type (kn_type_object_type's inverse). */
const kn_type *kn__class_inst_type(const kn_obj *o) {
    return kn_is_class(o) ? &CLS(o)->inst : NULL;
}

bool kn_is_exception_type(const kn_obj *cls) {
    if (kn_is_class(cls)) return CLS(cls)->exc_kind != TC_EXC_NONE;
    const kn_type *t = kn_is(cls, &kn_type_type) ? kn_type_object_type(cls) : NULL;
    return t && (kn__exc_type_kind(t, NULL) || kn__exc_type_any(t));
}

/* See object.h. */
/* Attribute fast paths of the evaluator (see object.h). */
/* A site's cache holds for instances of c: refreshed (with fast decided by decide) when c
 * or any class changed since. */
static bool site_for(kn_attr_site *s, kn_classobj *c) {
    if (s->cls == c && s->version == class_version) return false;
    s->cls = c;
    s->version = class_version;
    s->dict = NULL;
    return true;
}

kn_obj *kn_instance_getattr_site(kn_obj *o, kn_obj *key, kn_attr_site *s) {
    if (!kn_is_instance_obj(o)) return NULL;
    kn_classobj *c = class_of(o);
    if (site_for(s, c)) {
        const char *name = kn_str_cstr(key);
        bool dunder = name[0] == '_' && name[1] == '_';
        s->attr = dunder ? NULL : cached_lookup_key(c, key);
        s->fast = !dunder && !(s->attr && is_data_descriptor(s->attr));
    }
    if (!s->fast) return NULL;
    kn_obj *d = INST(o)->dict, *v = kn_dict_value_if_key(d, s->ix, key);
    if (v) return kn_incref(v);
    int64_t ix = kn_dict_find_strobj(d, key);
    if (ix < 0) return NULL;
    s->ix = ix;
    return kn_incref(kn_dict_value_at(d, ix));
}

int kn_instance_setattr_site(kn_obj *o, kn_obj *key, kn_obj *v, kn_attr_site *s, kn_err *err) {
    if (!kn_is_instance_obj(o) || !v) return 0;
    kn_classobj *c = class_of(o);
    if (site_for(s, c)) {
        s->attr = cached_lookup_key(c, key);
        s->fast = !special(c, SP_SETATTR) &&
                  !(s->attr && (kn_is(s->attr, &kn_type_property) || kn_is_instance_obj(s->attr)));
    }
    if (!s->fast) return 0;
    kn_obj *d = INST(o)->dict;
    if (kn_dict_value_if_key(d, s->ix, key)) {
        kn_dict_replace_at(d, s->ix, v);
        return 1;
    }
    if (kn_dict_set(d, key, v, err) < 0) return -1;
    s->ix = kn_dict_find_strobj(d, key);
    return 1;
}

kn_obj *kn_instance_method_site(kn_obj *o, kn_obj *key, kn_attr_site *s) {
    if (!kn_is_instance_obj(o)) return NULL;
    kn_classobj *c = class_of(o);
    if (site_for(s, c)) {
        s->attr = cached_lookup_key(c, key);
        s->fast = s->attr && s->attr->type->binds;
    }
    if (!s->fast) return NULL;
    /* shadowed by the instance? Dict versions are unique across dicts, so an unchanged
     * (dict, version) pair is the same set of keys */
    kn_obj *d = INST(o)->dict;
    if (d != s->dict || kn_dict_version(d) != s->dver) {
        if (kn_dict_get_strobj(d, key)) return NULL;
        s->dict = d;
        s->dver = kn_dict_version(d);
    }
    return s->attr;
}

kn_obj *kn_instance_method(kn_obj *o, const char *name) {
    if (!kn_is_instance_obj(o)) return NULL;
    kn_obj *attr = cached_lookup(class_of(o), name);
    if (!attr || !attr->type->binds) return NULL;
    if (kn_dict_get_str(INST(o)->dict, name)) return NULL; /* shadowed by the instance */
    return attr;
}
