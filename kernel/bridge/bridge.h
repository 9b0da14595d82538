/*
 * The bridge: serves zero-copy tensor access to Python processes on the same host over a
 * Unix domain socket beside the connection file (mode 0600, peer uid checked, requests
 * authenticated with the connection key). Memory travels as memfd descriptors with
 * SCM_RIGHTS. Runs on its own thread (one accept thread plus one thread per client).
 *
 *     tkb_server *s = tkb_server_start("/run/user/1000/jupyter/kernel-42.json", key, in, &err);
 *     ... clients connect to tkb_server_path(s) ...
 *     tkb_server_stop(s);
 *
 * Wire format (both directions): a 4-byte little-endian length, then that many bytes.
 * On connect the server checks the peer uid (SO_PEERCRED) and sends a hello frame
 * {"op": "hello", "version": 1, "nonce": "<64 hex>", "pid": N}. Every request frame is
 * "<64 hex HMAC-SHA256>\n<JSON>" where the HMAC covers nonce-hex bytes followed by the JSON
 * bytes, keyed with the connection-file key. The JSON carries "seq" (1, 2, 3, ... per
 * connection), so a request replayed on the same or on another connection is refused.
 * A request may carry "release": [lease ids] to drop leases in the same round trip.
 * Replies are plain JSON: {"ok": true, ...} or {"ok": false, "etype": "TypeError",
 * "msg": "..."}; an array reply carries one memfd (SCM_RIGHTS) on its first byte.
 *
 * Socket path: "kernel-XYZ.json" -> "kernel-XYZ.tkbridge" beside it. When that path does
 * not fit in sun_path, the socket is bound at a short path ($XDG_RUNTIME_DIR, else /tmp:
 * "tkb-<uid>-<random>.sock") and the long path holds a regular file (mode 0600) whose
 * content is the short path: a client that finds a regular file there connects to the
 * path written inside. Both are removed at stop.
 */
#ifndef KN_BRIDGE_H
#define KN_BRIDGE_H

#include <stdint.h>
#include <sys/types.h>

#include "kernel/interp.h"

typedef struct tkb_server tkb_server;

/* Start serving. The socket path is derived from the connection file path
 * ("kernel-XYZ.json" → "kernel-XYZ.tkbridge"). NULL with err set on failure. */
tkb_server *tkb_server_start(const char *connection_file, const char *key, kn_interp *in,
                             tc_error *err);
/* The socket path (borrowed), for %bridge. */
const char *tkb_server_path(const tkb_server *s);
/* Stop, release every lease, remove the socket. NULL is fine. */
void tkb_server_stop(tkb_server *s);

/* ---- limits and wire constants -------------------------------------------------------- */

#define TKB_PROTOCOL_VERSION 1
#define TKB_MAX_FRAME (1u << 20)   /* largest request or reply payload, bytes */
#define TKB_MAX_REPLY (64u << 20)  /* largest reply the client reads (its _MAX_REPLY) */
#define TKB_MAX_NAME 255           /* longest variable name */
#define TKB_NONCE_HEX 64           /* hex characters of the per-connection nonce */
#define TKB_SIG_HEX 64             /* hex characters of an HMAC-SHA256 */
#define TKB_MAX_RELEASE 4096       /* lease ids in one request */
#define TKB_MAX_CONNECTIONS 64     /* clients served at once (one thread each) */

/* One list for the request operations: the enum and the wire names. */
#define TKB_OP_LIST(X)            \
    X(NAMES, "names")             \
    X(INFO, "info")               \
    X(GET, "get")                 \
    X(EVAL, "eval")               \
    X(PUT, "put")                 \
    X(RELEASE, "release")         \
    X(STATS, "stats")             \
    X(PING, "ping")

typedef enum tkb_op {
#define TKB__OP_ENUM(id, name) TKB_OP_##id,
    TKB_OP_LIST(TKB__OP_ENUM)
#undef TKB__OP_ENUM
    TKB_OP_COUNT
} tkb_op;

/* The wire name of an op ("get"). Never NULL. */
const char *tkb_op_name(tkb_op op);

/* A decoded, authenticated request. Owns 'expr' and 'release'. */
typedef struct tkb_request {
    tkb_op op;
    int64_t seq;
    char name[TKB_MAX_NAME + 1];
    char *expr;        /* eval: the expression (tc_malloc'd) */
    bool force;        /* get / eval: numpy(force=True) */
    /* put: a C-contiguous array of dtype/shape in the attached memfd, from byte 0 */
    tc_dtype dtype;
    int ndim;
    int64_t shape[TC_MAX_DIMS];
    size_t nbytes;
    /* put over memory this connection already leases (an array the client got from the
     * kernel, or a view of one): no descriptor; strides in bytes (>= 0) and the byte
     * offset of element 0 from the start of the leased storage. from_lease < 0: unused. */
    int64_t from_lease;
    int64_t strides[TC_MAX_DIMS];
    int64_t offset;
    int64_t *release;  /* lease ids to drop (tc_malloc'd), any op */
    size_t nrelease;
} tkb_request;

/* Verify and decode one request payload ("<sig hex>\n<json>"). nonce_hex is the
 * connection's nonce (TKB_NONCE_HEX chars); key/key_len the connection key; expect_seq the
 * sequence number this request must carry. Returns 0, or -1 with err set: PermissionError-
 * class failures (bad signature, replayed or out-of-order seq) return -2 so the caller
 * drops the connection. On success the caller must tkb_request_clear(out). */
int tkb_request_decode(const char *payload, size_t n, const char *nonce_hex, const char *key,
                       size_t key_len, int64_t expect_seq, tkb_request *out, tc_error *err);
/* Free what a decoded request owns and zero it. NULL is fine. */
void tkb_request_clear(tkb_request *r);

/* HMAC-SHA256 of (nonce_hex || body) keyed with key, as 64 lowercase hex chars + NUL in
 * out. Used by the decoder and by tests to sign requests. */
void tkb_sign(const char *key, size_t key_len, const char *nonce_hex, const char *body,
              size_t body_len, char out[TKB_SIG_HEX + 1]);

/* The socket path for a connection file ("x/kernel-1.json" → "x/kernel-1.tkbridge"); a
 * new string from tc_malloc (release with tc_free). */
char *tkb_socket_path_for(const char *connection_file);
/* The n-th bridge path for a connection file: n = 0 is tkb_socket_path_for's, n = 1 ..
 * TKB_PATH_TRIES - 1 are "x/kernel-1.<n>.tkbridge", where a kernel binds when something
 * else (a planted file, directory, FIFO or symlink) sits at the earlier ones. Clients try
 * them in order. A new string from tc_malloc (release with tc_free). */
char *tkb_socket_path_nth(const char *connection_file, int n);
#define TKB_PATH_TRIES 8
/* Unlink the socket and redirect file s made, touching nothing else (no locks, no frees):
 * for a kernel about to exit without stopping the server. */
void tkb_server_remove_files(tkb_server *s);
/* Whether s listens on a fresh name because the usual path (n = 0) was taken. */
bool tkb_server_moved(const tkb_server *s);

/* ---- statistics and test hooks ------------------------------------------------------ */

typedef struct tkb_stats {
    int64_t connections;  /* clients connected now */
    int64_t leases;       /* leases held by all clients now */
    int64_t requests;     /* requests served since start */
    int64_t rejected;     /* connections refused (peer uid, bad signature, oversized) */
} tkb_stats;
/* A snapshot of the server's counters. */
void tkb_server_stats(const tkb_server *s, tkb_stats *out);
/* Test hook: accept only peers with this uid instead of the kernel's own euid. */
void tkb_server_set_expected_uid(tkb_server *s, uid_t uid);

#endif
