/*
 * Unit tests for the lease table: a lease holds its storage alive until released by id or
 * with the whole connection; unknown and repeated ids are harmless.
 */
#include <stdio.h>
#include <string.h>

#include "kernel/bridge/bridge-impl.h"

static int failures;
#define CHECK(c)                                                              \
    do {                                                                      \
        if (!(c)) {                                                           \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); \
            failures++;                                                       \
        }                                                                     \
    } while (0)

static int64_t live(void) {
    tc_storage_stats st;
    tc_storage_stats_get(&st);
    return st.live_storages;
}

int main(void) {
    struct tkb_server srv;
    memset(&srv, 0, sizeof srv);
    tkb_conn c;
    memset(&c, 0, sizeof c);
    c.srv = &srv;
    tc_error err = {0};
    int64_t base = live();
    tc_storage *s[40];
    int64_t ids[40];
    for (int i = 0; i < 40; i++) {
        s[i] = tc_storage_new((size_t)(i + 1) * 1000, tc_device_cpu(), &err);
        CHECK(s[i] != NULL);
        if (!s[i]) return 1;
        ids[i] = tkb__lease_add(&c, s[i]);
        CHECK(ids[i] == i + 1);
        tc_storage_unref(s[i]); /* the kernel drops its own reference: the lease keeps it */
    }
    CHECK(live() == base + 40 && (int64_t)c.nleases == 40 && atomic_load(&srv.n_leases) == 40);
    CHECK(tkb__lease_storage(&c, ids[7]) == s[7]);
    CHECK(tkb__lease_release(&c, ids[7]));
    CHECK(!tkb__lease_release(&c, ids[7])); /* twice: ignored */
    CHECK(!tkb__lease_release(&c, 9999));   /* unknown: ignored */
    CHECK(tkb__lease_storage(&c, ids[7]) == NULL);
    CHECK(tkb__lease_storage(&c, ids[8]) == s[8] && tkb__lease_storage(&c, ids[6]) == s[6]);
    CHECK(live() == base + 39);
    for (int i = 0; i < 40; i += 3)
        if (i != 7) CHECK(tkb__lease_release(&c, ids[i]));
    CHECK(tkb__lease_storage(&c, ids[38]) == s[38] && tkb__lease_storage(&c, ids[39]) == NULL);
    int64_t left = (int64_t)c.nleases;
    CHECK(live() == base + left);
    tkb__lease_release_all(&c); /* the client went away */
    CHECK(c.nleases == 0 && atomic_load(&srv.n_leases) == 0 && live() == base);
    if (failures) fprintf(stderr, "%d failure(s)\n", failures);
    else printf("bridge leases: all checks passed\n");
    return failures ? 1 : 0;
}
