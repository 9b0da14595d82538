/*
 * Private state of the interpreter (kernel/interp.h), shared by interp.c (cells, runtime
 * services, bridge access), magics.c and complete.c (completion, inspection,
 * is_complete).
 */
#ifndef KN_LANG_INTERP_IMPL_H
#define KN_LANG_INTERP_IMPL_H

#include <pthread.h>
#include <stdatomic.h>

#include "kernel/interp.h"
#include "kernel/lang/eval.h"

typedef struct kn_pending_put {
    char *name;
    tc_tensor *t; /* owned reference */
} kn_pending_put;

struct kn_interp {
    kn_eval *ev;
    pthread_mutex_t ns_lock;   /* globals stores/deletes and the bridge's reads */
    pthread_mutex_t exec_lock; /* held while a cell or a bridge eval runs */
    char *bridge_info;
    kn_pending_put *puts; /* under ns_lock */
    int nputs, capputs;
    atomic_int npending;
    /* the running cell */
    const kn_io *io;
    int count;
    size_t stream_bytes;
    bool truncated;
    bool usage_error;     /* the cell's error is a magic usage error (ename UsageError) */
    kn_obj *magic_result; /* value of "%time expr", shown when the magic ends the cell */
    json_t *payloads;     /* execute_reply payloads the running cell asked for, or NULL */
    kn_runtime_hooks rt;  /* installed while a cell or a bridge evaluation runs */
};

/* Apply bridge puts queued while a cell ran (interpreter thread only). */
void kn__interp_apply_puts(kn_interp *in);
/* kn_interp_inspect for a caller that holds exec_lock (obj? and %pinfo inside a cell). */
json_t *kn__interp_inspect_held(kn_interp *in, const char *code, int cursor_pos,
                                int detail_level);

/* Run a line magic (text after '%'). 0, or -1 with err. */
int kn__magic_run(kn_interp *in, const char *line, kn_err *err);
/* Run a cell magic (first line after "%%", body = rest of the cell). */
int kn__cell_magic_run(kn_interp *in, const char *line, const char *body, kn_err *err);

/* Parse and run code at module level in the current cell context (used by magics). With
 * 'result', the value of a final expression statement is returned there (new ref). */
int kn__interp_run_code(kn_interp *in, const char *code, kn_obj **result, kn_err *err);

#endif
