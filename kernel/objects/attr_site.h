/*
 * The hit paths of the attribute sites (object.h: kn_instance_getattr_site and its siblings),
 * inline for the VM's LOAD_ATTR, STORE_ATTR and LOAD_METHOD. A hit is a site that has seen
 * the instance's class at the current class version and the name at its guessed position in
 * the instance dict: it costs a few loads and compares instead of a call. Everything else
 * (first use, another class, a changed class, a moved or missing attribute) takes the out of
 * line site functions, which behave exactly as before and refresh the site.
 *
 * This is the one place outside kernel/objects that sees the objects' private layouts.
 */
#ifndef KN_ATTR_SITE_H
#define KN_ATTR_SITE_H

#include "kernel/objects/objects-impl.h"

/* A user class instance (class.c). */
typedef struct kn_instobj {
    kn_obj base;
    kn_obj *dict;  /* attributes */
    kn_obj *value; /* the builtin-base value, or NULL */
} kn_instobj;

/* Bumped whenever any user class changes (class.c): a site's findings hold while it stands. */
extern uint64_t kn__class_version;

/* The entry of o's instance dict where site s last found key, or NULL when s does not hit. */
static inline kn_dictentry *kn__site_entry(kn_obj *o, const kn_obj *key, const kn_attr_site *s) {
    if (o->type->heap_class != s->cls || s->version != kn__class_version || !s->fast) return NULL;
    kn_dictobj *d = (kn_dictobj *)((kn_instobj *)o)->dict;
    uint64_t ix = (uint64_t)s->ix;
    if (ix >= (uint64_t)d->nentries || d->entries[ix].key != key) return NULL;
    return &d->entries[ix];
}

/* kn_instance_getattr_site, the hit inline. */
static inline kn_obj *kn_instance_getattr_fast(kn_obj *o, kn_obj *key, kn_attr_site *s) {
    kn_dictentry *e = kn__site_entry(o, key, s);
    return e ? kn_incref(e->value) : kn_instance_getattr_site(o, key, s);
}

/* kn_instance_setattr_site, the hit inline (v is stored over the old value, released). */
static inline int kn_instance_setattr_fast(kn_obj *o, kn_obj *key, kn_obj *v, kn_attr_site *s,
                                           kn_err *err) {
    kn_dictentry *e = v ? kn__site_entry(o, key, s) : NULL;
    if (!e) return kn_instance_setattr_site(o, key, v, s, err);
    kn_obj *old = e->value;
    e->value = kn_incref(v);
    kn_decref(old);
    return 1;
}

/* kn_instance_method_site, the hit inline: the same class at the same version, and the same
 * instance dict unchanged since it was seen not to shadow the method. */
static inline kn_obj *kn_instance_method_fast(kn_obj *o, kn_obj *key, kn_attr_site *s) {
    if (o->type->heap_class == s->cls && s->version == kn__class_version && s->fast) {
        kn_dictobj *d = (kn_dictobj *)((kn_instobj *)o)->dict;
        if (&d->base == s->dict && d->version == s->dver) return s->attr;
    }
    return kn_instance_method_site(o, key, s);
}

#endif
