/*
 * Private to the protocol core (core.c, io.c, history.c): the core's state and the
 * cross-file helpers (kn__ prefix). The transport (kernel.c) does not include this; nothing
 * outside kernel/proto and its unit tests does.
 */
#ifndef KN_PROTO_IMPL_H
#define KN_PROTO_IMPL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "kernel/proto/core.h"

#define KN_STREAM_FLUSH_MS 30       /* pending stream text waits at most this long */
#define KN_STREAM_FLUSH_BYTES 65536 /* ... or is sent at once beyond this size */

/* Pending stream text of the running cell, flushed by the flusher thread or at cell end. */
typedef struct kn_streams {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    json_t *parent;      /* header of the execute_request; NULL between cells */
    char name[8];        /* "stdout" / "stderr" of the pending text */
    char *buf;
    size_t len, cap;
    bool stop;
    pthread_t flush_th;
    bool flush_on;
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

/* The core's state. Shell-thread fields are touched only by shell requests. */
struct kn_core {
    kn_interp *interp;
    kn_transport t;
    int intr_fd;            /* readable after an interrupt, drained at each cell start */
    int exec_count;         /* shell thread */
    kn_history hist;        /* shell thread */
    kn_streams streams;
    const kn_msg *cell_req; /* the running execute_request (shell thread), or NULL */
    _Atomic double cell_sent; /* header date of the running cell's request (epoch s); -1 */
    double abort_before;    /* stop_on_error: executes sent before this (epoch s) abort */
    double abort_until;     /* ... when received before this (monotonic s) */
    bool cell_allow_stdin;
};

/* ---- cell io (io.c) ---- */
/* Set up the stream buffer and start the flusher thread (0, or -1 with err set). */
int kn__streams_init(kn_core *c, tc_error *err);
/* Stop and join the flusher thread, then free the buffer. Safe after a failed init. */
void kn__streams_destroy(kn_core *c);
/* A cell starts: its stream messages get parent (borrowed; a reference is kept). */
void kn__streams_begin(kn_core *c, const json_t *parent);
/* A cell ends: publish what is pending and forget the parent. */
void kn__streams_end(kn_core *c);
/* Append text to the named stream ("stdout"/"stderr"). Thread-safe. */
void kn__streams_write(kn_core *c, const char *name, const char *text, size_t n);
/* Publish everything pending now (before display_data, input_request, results). */
void kn__streams_flush(kn_core *c);
/* The kn_io that routes a cell's side effects to iopub/stdin through the transport. */
kn_io kn__cell_io(kn_core *c, bool allow_stdin);
/* Copy of text (n bytes) as valid UTF-8 (bad bytes become U+FFFD); from tc_malloc, NUL-ended. */
char *kn__utf8_clean(const char *text, size_t n, size_t *out_len);
/* The core whose running cell receives GPU transfer warnings (one per process), or NULL. */
extern kn_core *kn__current;

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
