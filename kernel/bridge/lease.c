/*
 * Leases: every array handed to a client holds a reference on its storage in the kernel
 * until the client releases it (the array was garbage-collected) or the connection ends
 * (client exit or SIGKILL), so leased memory is never freed or reused under a client.
 * Ids only grow, so the table stays sorted by appending and is searched by bisection.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/bridge/bridge-impl.h"

/* Add a lease; returns its id or -1. */
int64_t tkb__lease_add(tkb_conn *c, tc_storage *s) {
    if (c->nleases == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        tkb_lease *p = tc_realloc(c->leases, cap * sizeof *p);
        if (!p) return -1;
        c->leases = p;
        c->cap = cap;
    }
    int64_t id = ++c->next_lease;
    c->leases[c->nleases].id = id;
    c->leases[c->nleases].storage = tc_storage_ref(s);
    c->nleases++;
    atomic_fetch_add(&c->srv->n_leases, 1);
    return id;
}

static size_t lease_find(const tkb_conn *c, int64_t id) {
    size_t lo = 0, hi = c->nleases;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->leases[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo < c->nleases && c->leases[lo].id == id) ? lo : c->nleases;
}

/* The storage held by lease id (borrowed), or NULL. */
tc_storage *tkb__lease_storage(tkb_conn *c, int64_t id) {
    size_t i = lease_find(c, id);
    return i < c->nleases ? c->leases[i].storage : NULL;
}

/* Drop one lease by id. */
bool tkb__lease_release(tkb_conn *c, int64_t id) {
    size_t lo = lease_find(c, id);
    if (lo == c->nleases) return false;
    tc_storage_unref(c->leases[lo].storage);
    memmove(&c->leases[lo], &c->leases[lo + 1], (c->nleases - lo - 1) * sizeof *c->leases);
    c->nleases--;
    atomic_fetch_sub(&c->srv->n_leases, 1);
    return true;
}

/* Drop every lease of the connection. */
void tkb__lease_release_all(tkb_conn *c) {
    for (size_t i = 0; i < c->nleases; i++) tc_storage_unref(c->leases[i].storage);
    atomic_fetch_sub(&c->srv->n_leases, (long long)c->nleases);
    tc_free(c->leases);
    c->leases = NULL;
    c->nleases = c->cap = 0;
}
