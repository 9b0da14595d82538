/*
 * Private to kernel/proto: the kernel object shared by the transport, core and io files,
 * and the cross-file helpers (kn__ prefix). Nothing outside kernel/proto includes this.
 */
#ifndef KN_PROTO_IMPL_H
#define KN_PROTO_IMPL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "kernel/proto/proto.h"

#define KN_PROTOCOL_VERSION "5.3"
#define KN_STREAM_FLUSH_MS 30       /* pending stream text waits at most this long */
#define KN_STREAM_FLUSH_BYTES 65536 /* ... or is sent at once beyond this size */
#define KN_REPLAY_CAPACITY 65536
#define KN_MAX_FRAMES 64 /* frames kept per message: ids + 6 + buffers (ignored) */

/* Which socket a request came in on; handlers answer on the same one. */
typedef enum kn_chan_id { KN_CHAN_SHELL = 1, KN_CHAN_CONTROL = 2 } kn_chan_id;

/* Pending stream text of the running cell, flushed by the flusher thread or at cell end. */
typedef struct kn_streams {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    json_t *parent;      /* header of the execute_request; NULL between cells */
    char name[8];        /* "stdout" / "stderr" of the pending text */
    char *buf;
    size_t len, cap;
    bool stop;
} kn_streams;

typedef struct kn_hist_item {
    int line;
    char *input;
    char *output; /* text/plain of the result, or NULL */
} kn_hist_item;

typedef struct kn_history {
    kn_hist_item *items;
    size_t n, cap;
} kn_history;

struct kn_kernel {
    kn_conn conn;
    void (*exit_hook)(void *ctx); /* see kn_kernel_set_exit_hook */
    void *exit_hook_ctx;
    kn_interp *interp;
    kn_signer *signer;
    kn_replay *replay;
    void *zctx;
    void *shell, *control, *stdin_sock, *hb, *iopub; /* iopub is used by the iopub thread */
    void *pub_in, *pub_out;  /* inproc PULL (iopub thread) and PUSH (everyone, pub_lock) */
    pthread_mutex_t pub_lock;
    pthread_t hb_th, iopub_th, control_th, flush_th;
    bool hb_on, iopub_on, control_on, flush_on;
    int wake_fd;   /* readable once a stop was requested */
    int intr_fd;   /* readable after an interrupt, drained at each cell start */
    int done_fd;   /* readable once the shell loop returned */
    int parent_fd; /* pidfd of JPY_PARENT_PID, or -1 */
    pid_t parent_pid;
    atomic_bool stop;
    char session[40];
    atomic_uint_fast64_t seq;
    int exec_count;
    kn_history hist;
    kn_streams streams;
    const kn_msg *cell_req; /* the running execute_request (shell thread), or NULL */
    _Atomic double cell_sent; /* header date of the running cell's request (epoch s); -1 */
    double abort_before;    /* stop_on_error: executes sent before this (epoch s) abort */
    double abort_until;     /* ... when received before this (monotonic s) */
    bool cell_allow_stdin;
};

/* ---- transport (kernel.c) ---- */
/* A new header object (new reference) for an outgoing message of msg_type. */
json_t *kn__header_new(kn_kernel *k, const char *msg_type);
/* Publish on iopub; content is stolen; parent (borrowed) may be NULL. Thread-safe. */
void kn__publish(kn_kernel *k, const json_t *parent, const char *msg_type, json_t *content);
/* Publish status busy/idle for the request. */
void kn__status(kn_kernel *k, const kn_msg *req, const char *state);
/* Send msg_type on sock routed to req's identities, parent = req's header. Steals content. */
void kn__send(kn_kernel *k, void *sock, const kn_msg *req, const char *msg_type,
              json_t *content);
/* Receive one multipart message without blocking: 1 when one was decoded into *out, 0 when
 * nothing is waiting, -1 when a message was received and dropped (logged). */
int kn__recv(kn_kernel *k, void *sock, kn_msg *out, bool block);
/* Ask every loop to stop (async-signal-safe). */
void kn__request_stop(kn_kernel *k);

/* ---- core (core.c) ---- */
/* Handle one request from a channel: busy, handler, idle. */
void kn__dispatch(kn_kernel *k, void *sock, kn_chan_id ch, const kn_msg *req);

/* ---- cell io (io.c) ---- */
/* Set up the stream buffer (0, or -1 without memory). */
int kn__streams_init(kn_kernel *k);
/* Stop and join the flusher thread, then free the buffer. Safe after a failed init. */
void kn__streams_destroy(kn_kernel *k);
/* A cell starts: its stream messages get parent (borrowed; a reference is kept). */
void kn__streams_begin(kn_kernel *k, const json_t *parent);
/* A cell ends: publish what is pending and forget the parent. */
void kn__streams_end(kn_kernel *k);
/* Append text to the named stream ("stdout"/"stderr"). Thread-safe. */
void kn__streams_write(kn_kernel *k, const char *name, const char *text, size_t n);
/* Publish everything pending now (before display_data, input_request, results). */
void kn__streams_flush(kn_kernel *k);
/* The flusher thread's body (arg: the kernel). */
void *kn__flush_main(void *arg);
/* The kn_io that routes a cell's side effects to iopub/stdin. */
kn_io kn__cell_io(kn_kernel *k, bool allow_stdin);
/* Copy of text (n bytes) as valid UTF-8 (bad bytes become U+FFFD); malloc'd, NUL-ended. */
char *kn__utf8_clean(const char *text, size_t n, size_t *out_len);
/* The kernel whose running cell receives GPU transfer warnings (one per process). */
extern kn_kernel *kn__current;

/* ---- history (history.c) ---- */
/* Remember a stored cell's input (copied) under its execution count. */
void kn__history_add(kn_history *h, int line, const char *input);
/* Remember the text/plain result (copied) of the cell with that execution count. */
void kn__history_set_output(kn_history *h, int line, const char *output);
/* Free every entry. */
void kn__history_free(kn_history *h);
/* history_reply content for a history_request content, or NULL with err set. */
json_t *kn__history_query(const kn_history *h, const json_t *request, tc_error *err);

#endif
