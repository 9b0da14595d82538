/*
 * Private structures of the bridge server shared by its source files: the server, a client
 * connection with its lease table, framing helpers and the request handlers.
 */
#ifndef KN_BRIDGE_IMPL_H
#define KN_BRIDGE_IMPL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include <jansson.h>

#include "kernel/bridge/bridge.h"
#include "tensorcore/storage.h"

typedef struct tkb_lease {
    int64_t id;
    tc_storage *storage; /* owned reference: the memory stays alive while leased */
} tkb_lease;

typedef struct tkb_conn {
    struct tkb_server *srv;
    int fd;
    char nonce[TKB_NONCE_HEX + 1];
    int64_t next_seq;
    int64_t next_lease;
    tkb_lease *leases; /* sorted by id (ids only grow) */
    size_t nleases, cap;
    struct tkb_conn *next; /* in srv->conns */
    atomic_bool authenticated; /* a correctly signed request has arrived */
} tkb_conn;

struct tkb_server {
    char *path;       /* what clients look up: the socket, or the redirect file */
    char *sock_path;  /* where the socket is bound (== path unless redirected) */
    bool bound, redirected; /* which of the two files this server created */
    bool moved;             /* bound at a fresh name: the usual path was taken */
    char *key;
    size_t key_len;
    kn_interp *in;
    uid_t expect_uid;
    int listen_fd;
    int wake_fd; /* eventfd: stop wakes the accept thread */
    pthread_t accept_thread;
    bool accept_started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    tkb_conn *conns;
    atomic_bool stopping;
    atomic_llong n_conns, n_leases, n_requests, n_rejected;
};

/* ---- wire.c --------------------------------------------------------------------------- */

/* Read one frame (length prefix + payload). Returns payload length (tc_malloc'd in *buf),
 * 0 on orderly close, -1 on I/O error, -2 when the frame exceeds max. Any descriptors
 * that arrive are collected: the first in *fd (or -1), the rest closed. */
long tkb__read_frame(int sock, size_t max, char **buf, int *fd);
/* Write one frame with JSON j, passing fd (>= 0) with SCM_RIGHTS. Returns 0 or -1. */
int tkb__write_json(int sock, json_t *j, int fd);
/* Write an error reply {"ok": false, "etype": etype, "msg": msg}. */
int tkb__write_error(int sock, int64_t seq, const char *etype, const char *msg);

/* ---- lease.c -------------------------------------------------------------------------- */

/* Add a lease on s (takes a new reference); returns its id or -1 (out of memory). */
int64_t tkb__lease_add(tkb_conn *c, tc_storage *s);
/* Drop the lease with this id; unknown ids are ignored. Returns true when one was held. */
bool tkb__lease_release(tkb_conn *c, int64_t id);
/* The storage held by lease id (borrowed), or NULL when the connection holds no such lease. */
tc_storage *tkb__lease_storage(tkb_conn *c, int64_t id);
/* Drop every lease of the connection. */
void tkb__lease_release_all(tkb_conn *c);

/* ---- handlers.c ----------------------------------------------------------------------- */

/* Serve one decoded request: writes exactly one reply. Returns 0, or -1 when the
 * connection should be dropped (write failed). */
int tkb__handle(tkb_conn *c, tkb_request *r, int in_fd);

#endif
