/*
 * The Jupyter protocol server, in three layers as xeus has them:
 *   transport  (kernel.c) connection file, ZeroMQ sockets, <IDS|MSG> framing, HMAC signing,
 *              replay guard, the heartbeat/iopub/control threads, signals;
 *   core       (core.h: core.c, io.c, history.c) a msg_type -> handler table that publishes
 *              busy/idle around every request and turns failures into error replies, and the
 *              session state; it registers with the transport and sends only through a
 *              kn_transport struct of callbacks, so it is tested without sockets;
 *   interpreter kernel/interp.h, called by the core on the shell thread.
 *
 *     kn_conn conn;
 *     tc_error err = {0};
 *     if (kn_conn_read("kernel-1.json", &conn, &err) < 0) ...;
 *     kn_kernel *k = kn_kernel_new(&conn, interp, &err);   // binds every socket
 *     kn_kernel_serve(k);                                   // until shutdown_request
 *     kn_kernel_free(k); kn_conn_clear(&conn);
 *
 * The wire codec (kn_wire_*) and the connection-file reader are pure functions so they can
 * be unit-tested and fuzzed without sockets.
 */
#ifndef KN_PROTO_H
#define KN_PROTO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "kernel/interp.h"
#include "tensorcore/error.h"

/* The Jupyter messaging protocol version spoken (message headers, kernel_info_reply). */
#define KN_PROTOCOL_VERSION "5.3"

/* ---- logging ------------------------------------------------------------------------- */

typedef enum kn_log_level { KN_LOG_DEBUG, KN_LOG_INFO, KN_LOG_WARN, KN_LOG_ERROR } kn_log_level;

/* Write one line "tensorkernel: <level>: <text>" to stderr; DEBUG only when verbose is on. */
void kn_log(kn_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Turn INFO and DEBUG lines on or off (--debug or TENSORKERNEL_DEBUG=1). */
void kn_log_set_verbose(bool on);

/* ---- connection file ------------------------------------------------------------------ */

typedef struct kn_conn {
    char transport[8];   /* "tcp" or "ipc" */
    char ip[256];        /* address (tcp) or path prefix (ipc) */
    int shell_port, iopub_port, stdin_port, control_port, hb_port;
    char *key;           /* owned; "" when messages are not signed */
    char scheme[32];     /* "hmac-sha256" */
    char kernel_name[64];
} kn_conn;

/* Parse connection-file JSON text (n bytes, need not be NUL-terminated) into *out.
 * 0 on success; -1 with a ValueError in err for invalid JSON, missing or mistyped fields,
 * an unknown transport or an out-of-range port. On failure *out holds nothing to free. */
int kn_conn_parse(const char *text, size_t n, kn_conn *out, tc_error *err);
/* Read and parse the connection file at path; OSError in err when it cannot be read. */
int kn_conn_read(const char *path, kn_conn *out, tc_error *err);
/* Release what *c owns (the key) and zero it. NULL is fine. */
void kn_conn_clear(kn_conn *c);
/* The ZeroMQ endpoint for one port: "tcp://ip:port" or "ipc://ip-port" (Jupyter's rule).
 * Returns the length written, or -1 when buf is too small. */
int kn_conn_endpoint(const kn_conn *c, int port, char *buf, size_t size);

/* ---- signing ---------------------------------------------------------------------------- */

#define KN_SIG_HEX_MAX 129 /* hex digest of SHA-512 plus NUL */

typedef struct kn_signer kn_signer;

/* A signer for scheme "hmac-sha256" or "hmac-sha512" (libsodium) and key (key_len bytes).
 * An empty key gives a signer that signs with "" and accepts anything. NULL with a
 * ValueError in err for an unknown scheme. New object: free with kn_signer_free. */
kn_signer *kn_signer_new(const char *scheme, const char *key, size_t key_len, tc_error *err);
void kn_signer_free(kn_signer *s); /* NULL is fine */
/* Whether the signer checks signatures (the key is not empty). */
bool kn_signer_enabled(const kn_signer *s);
/* Hex HMAC over the four parts in order into hex (KN_SIG_HEX_MAX bytes); "" when disabled.
 * Thread-safe. */
void kn_signer_sign(const kn_signer *s, const void *const parts[4], const size_t lens[4],
                    char hex[KN_SIG_HEX_MAX]);
/* Constant-time check of a received hex signature (sig_len bytes) against the parts.
 * Always true when disabled. Thread-safe. */
bool kn_signer_verify(const kn_signer *s, const void *const parts[4], const size_t lens[4],
                      const char *sig, size_t sig_len);

/* ---- replay guard ----------------------------------------------------------------------- */

typedef struct kn_replay kn_replay;

/* Remembers the last 'capacity' signatures seen. New object: free with kn_replay_free. */
kn_replay *kn_replay_new(size_t capacity);
void kn_replay_free(kn_replay *r); /* NULL is fine */
/* True (and remembered) when sig was not seen among the remembered ones; false for a
 * replay. Thread-safe. */
bool kn_replay_admit(kn_replay *r, const char *sig, size_t sig_len);

/* ---- wire messages ---------------------------------------------------------------------- */

/* One received frame: borrowed bytes. */
typedef struct kn_frame {
    const void *data;
    size_t len;
} kn_frame;

/* A decoded message. Every pointer is owned by the message (kn_msg_clear frees it). */
typedef struct kn_msg {
    size_t n_ids;
    char **ids;      /* routing identities, each ids_len[i] bytes */
    size_t *ids_len;
    json_t *header, *parent, *metadata, *content;
} kn_msg;

/* Decode frames [ids..., "<IDS|MSG>", sig, header, parent, metadata, content, buffers...].
 * Checks the signature (when the signer is enabled), refuses a replayed signature (when
 * replay is not NULL), and requires JSON objects, a string header.msg_type and msg_id.
 * 0 on success; -1 with a ValueError whose text says why the message was dropped. */
int kn_wire_decode(const kn_frame *frames, size_t n, const kn_signer *s, kn_replay *replay,
                   kn_msg *out, tc_error *err);
/* Free what a message owns and zero it. NULL is fine. */
void kn_msg_clear(kn_msg *m);
/* msg_type of a decoded message (borrowed from its header). */
const char *kn_msg_type(const kn_msg *m);

/* The serialised body of a message ready to send after the ids and the delimiter. */
typedef struct kn_wire_body {
    char sig[KN_SIG_HEX_MAX];
    char *part[4]; /* compact JSON of header, parent, metadata, content; owned */
    size_t len[4];
} kn_wire_body;

/* Serialise header, parent, metadata and content (borrowed) and sign them. Strings that
 * are not valid UTF-8 cannot occur (Jansson refuses them on creation). 0 or -1 (no memory). */
int kn_wire_encode(const kn_signer *s, json_t *header, json_t *parent, json_t *metadata,
                   json_t *content, kn_wire_body *out);
void kn_wire_body_clear(kn_wire_body *b); /* NULL is fine */

/* ---- the kernel ------------------------------------------------------------------------- */

typedef struct kn_kernel kn_kernel;

/* Create the core over 'in', register it with a new server, bind every socket of the
 * connection (borrowed; copied), start the heartbeat, iopub, stream and control threads (with SIGINT/SIGTERM blocked) and install the SIGINT
 * (interrupt) and SIGTERM (stop) handlers. 'in' is borrowed and must outlive the kernel.
 * NULL with err set when a socket cannot be bound. */
kn_kernel *kn_kernel_new(const kn_conn *conn, kn_interp *in, tc_error *err);
/* Serve the shell channel on the calling thread until shutdown_request, SIGTERM or the
 * death of the parent process (JPY_PARENT_PID). Returns 0. */
int kn_kernel_serve(kn_kernel *k);
/* fn(ctx) runs just before the kernel exits without an orderly teardown (a cell that does
 * not stop within the grace period after shutdown_request or SIGTERM), to remove files the
 * teardown would have removed. It must be quick and take no locks. */
void kn_kernel_set_exit_hook(kn_kernel *k, void (*fn)(void *ctx), void *ctx);
/* Stop every thread, close the sockets (ipc socket files are removed) and free. NULL ok. */
void kn_kernel_free(kn_kernel *k);

/* A gpu_warn_fn: writes a transfer warning on the running cell's stderr stream (or to the
 * log when no cell runs). Thread-safe. */
void kn_kernel_gpu_warn(const char *text);

#endif
