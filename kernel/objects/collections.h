/*
 * What other modules of kernel/objects use from the collections module (mod_collections.c).
 * Private to kernel/objects.
 */
#ifndef KN_OBJECTS_COLLECTIONS_H
#define KN_OBJECTS_COLLECTIONS_H

#include "kernel/objects/object.h"

/* An instance of a fresh namedtuple class 'name' (module 'module') with the given fields
 * and values (borrowed), e.g. functools' CacheInfo(hits=0, misses=0, ...). New reference. */
kn_obj *kn__namedtuple_make(const char *name, const char *module, const char *const *fields,
                            int n, kn_obj *const *values, kn_err *err);

#endif
