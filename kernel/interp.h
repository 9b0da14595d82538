/*
 * The interpreter interface the protocol core talks to (the "interpreter" layer of the
 * transport / core / interpreter split). Everything here runs on the shell thread unless
 * marked thread-safe.
 *
 *     kn_interp *in = kn_interp_new();
 *     kn_exec_result r;
 *     kn_interp_execute(in, "print(1 + 1)\nx = 3\nx", &io, 1, &r);   // io routes output
 *     ...  r.status == KN_EXEC_OK, r.result = {"text/plain": "3"}
 *     kn_exec_result_clear(&r); kn_interp_free(in);
 */
#ifndef KN_INTERP_H
#define KN_INTERP_H

#include <jansson.h>
#include <stdbool.h>

#include "tensorcore/alloc.h"
#include "tensorcore/error.h"
#include "tensorcore/tensor.h"

typedef struct kn_interp kn_interp;

/* Where a running cell's side effects go. Callbacks run on the shell thread. */
typedef struct kn_io {
    void *ctx;
    /* stream: "stdout" or "stderr". */
    void (*stream)(void *ctx, const char *name, const char *text, size_t n);
    /* display_data; steals bundle. */
    void (*display)(void *ctx, json_t *bundle);
    /* input(): returns a line from tc_malloc (the interpreter tc_frees it), or NULL with
     * err set (no stdin, interrupted). */
    char *(*input)(void *ctx, const char *prompt, bool password, tc_error *err);
    bool allow_stdin;
} kn_io;

typedef enum kn_exec_status { KN_EXEC_OK, KN_EXEC_ERROR } kn_exec_status;

typedef struct kn_exec_result {
    kn_exec_status status;
    json_t *result;     /* mime bundle of the last expression's value, or NULL */
    char *ename, *evalue; /* NULL only when memory ran out while reporting: MemoryError */
    /* The name a script's traceback ends with, as CPython's "module.Qualname" for an
     * exception class of a module other than __main__ (statistics.StatisticsError); NULL
     * when it is ename (a front end shows ename, as IPython does). */
    char *equalname;
    json_t *traceback;  /* array of strings, as Jupyter's error content */
    json_t *payload;    /* execute_reply payloads (page, ask_exit), an array or NULL */
} kn_exec_result;
void kn_exec_result_clear(kn_exec_result *r);

kn_interp *kn_interp_new(void);
void kn_interp_free(kn_interp *in); /* NULL is fine */

/* Run one cell. Output beyond KN_STREAM_LIMIT bytes in one cell is truncated with a note.
 * silent: no result. Magics (%time, %timeit, %who, %transfers, %bridge) are handled here. */
#define KN_STREAM_LIMIT (1u << 20)
int kn_interp_execute(kn_interp *in, const char *code, const kn_io *io, int execution_count,
                      bool silent, kn_exec_result *out);

/* "complete", "incomplete" (with *indent set to an indent string from tc_malloc), or "invalid". */
const char *kn_interp_is_complete(kn_interp *in, const char *code, char **indent);
/* Completion at cursor (a code point offset): matches is a new JSON array of strings. */
int kn_interp_complete(kn_interp *in, const char *code, int cursor_pos, json_t **matches,
                       int *cursor_start, int *cursor_end);
/* The types of completion matches for complete_reply's metadata, as ipykernel sends them:
 * a new JSON array of {start, end, text, type, signature}, type one of "function",
 * "class", "module", "instance", "keyword", "param". 'matches' is borrowed. */
json_t *kn_interp_complete_types(kn_interp *in, const char *code, int cursor_start,
                                 int cursor_end, const json_t *matches);
/* Inspection: a new mime bundle ({"text/plain": signature + docstring}) or NULL if unknown. */
json_t *kn_interp_inspect(kn_interp *in, const char *code, int cursor_pos, int detail_level);

/* Text shown by %bridge (how to attach from Python); copied. */
void kn_interp_set_bridge_info(kn_interp *in, const char *text);

/* Give memory kept for speed back to the system while the kernel is idle: the int/float
 * free list, dead tensor blocks, malloc's free pages. Skipped while a cell or a bridge call
 * holds the interpreter. */
void kn_interp_trim(kn_interp *in);

/* Ask a running cell to stop with KeyboardInterrupt (async-signal-safe). */
void kn_interp_interrupt(kn_interp *in);

/* ---- thread-safe access for the bridge -------------------------------------------- */

/* A new reference to the tensor bound to global 'name' (Tensor or ndarray values).
 * NameError when unbound, TypeError when the value is not a tensor. Thread-safe. */
int kn_interp_get_tensor(kn_interp *in, const char *name, tc_tensor **out, tc_error *err);
/* Names of globals bound to tensors or ndarrays, sorted; a new JSON array. Thread-safe. */
json_t *kn_interp_tensor_names(kn_interp *in);
/* Bind global 'name' to a new Tensor over t (takes a new reference). Thread-safe: applied
 * under the namespace lock; a cell running at the time sees it at its next statement. */
int kn_interp_put_tensor(kn_interp *in, const char *name, tc_tensor *t, tc_error *err);
/* Evaluate one expression and return its value as a tensor (new ref, *out) or a scalar
 * (JSON number/bool/string in *scalar). Waits while a cell runs. Thread-safe. */
int kn_interp_eval_for_bridge(kn_interp *in, const char *expr, tc_tensor **out, json_t **scalar,
                              tc_error *err);

#endif
