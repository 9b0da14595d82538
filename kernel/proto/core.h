/*
 * The protocol core: a msg_type -> handler table over the interpreter. It publishes status
 * busy (parent: the request) before anything else a request causes and idle after it,
 * turns a failed handler into "<x>_reply" with status error, and keeps the session state
 * (execution count, input history, the stop_on_error abort window, the running cell's
 * streams). It never touches a socket: everything it sends goes through a kn_transport,
 * which the ZeroMQ server (kernel.c) implements and a unit test can fake.
 *
 *     kn_transport t = {.ctx = srv, .reply = ..., .publish = ..., ...};
 *     kn_core *c = kn_core_new(interp, &t, &err);
 *     kn_core_dispatch(c, KN_CHAN_SHELL, &req);   // busy, handler, idle
 *     kn_core_free(c);
 */
#ifndef KN_PROTO_CORE_H
#define KN_PROTO_CORE_H

#include <stdbool.h>

#include "kernel/interp.h"
#include "kernel/proto/proto.h"

/* Which channel a request came in on; replies go back on the same one. */
typedef enum kn_chan_id { KN_CHAN_SHELL = 1, KN_CHAN_CONTROL = 2 } kn_chan_id;

/* What the core needs from a transport. Every callback may be called from the shell
 * thread and the control thread at once, and publish also from the stream flusher thread. */
typedef struct kn_transport {
    void *ctx;
    /* Send msg_type with parent = req's header to req's sender on channel ch. Steals
     * content (NULL: nothing is sent). */
    void (*reply)(void *ctx, kn_chan_id ch, const kn_msg *req, const char *msg_type,
                  json_t *content);
    /* Publish msg_type on iopub with parent (borrowed; NULL for none). Steals content. */
    void (*publish)(void *ctx, const json_t *parent, const char *msg_type, json_t *content);
    /* Send input_request (parent: req) on stdin and wait for the input_reply. Returns its
     * value (from tc_malloc), or NULL with err set: KeyboardInterrupt once cancel_fd (readable
     * after an interrupt) becomes readable or the server stops. */
    char *(*ask_input)(void *ctx, const kn_msg *req, const char *prompt, bool password,
                       int cancel_fd, tc_error *err);
    /* Stop serving after the current request (shutdown_request). */
    void (*request_stop)(void *ctx);
} kn_transport;

typedef struct kn_core kn_core;

/* A core over interp (borrowed; must outlive the core) sending through t (copied). Starts
 * the stream flusher thread. NULL with err set when out of memory or threads. */
kn_core *kn_core_new(kn_interp *interp, const kn_transport *t, tc_error *err);
/* Stop the flusher thread and free the session state. NULL is fine. */
void kn_core_free(kn_core *c);
/* Handle one request (borrowed) that came in on ch: status busy, the handler (or nothing
 * for an unknown msg_type, which is logged), status idle. Requests of one channel must be
 * dispatched one at a time; shell and control may run at once. */
void kn_core_dispatch(kn_core *c, kn_chan_id ch, const kn_msg *req);
/* Interrupt the running cell and cancel a pending input(). Async-signal-safe. */
void kn_core_interrupt(kn_core *c);
/* The shell has been idle a while: give cached memory back (kn_interp_trim). Shell thread. */
void kn_core_idle(kn_core *c);
/* The core that receives GPU transfer warnings (one per process; NULL for none). */
void kn_core_set_current(kn_core *c);

#endif
