/*
 * The interpreter interface (kernel/interp.h): cells, completion, inspection, magics,
 * runtime services for builtins, and the thread-safe namespace access used by the bridge.
 */
#include "kernel/interp.h"

#include <stdlib.h>
#include <string.h>

#include "kernel/lang/object.h"

struct kn_interp {
    int unused;
};

/* Release everything an execute result holds and zero it. */
void kn_exec_result_clear(kn_exec_result *r) {
    if (!r) return;
    json_decref(r->result);
    json_decref(r->traceback);
    free(r->ename);
    free(r->evalue);
    memset(r, 0, sizeof *r);
}

/* A new interpreter with an empty global namespace. */
kn_interp *kn_interp_new(void) { return calloc(1, sizeof(kn_interp)); }

/* Free an interpreter (NULL is fine). */
void kn_interp_free(kn_interp *in) { free(in); }

/* Run one cell (not implemented yet: always a NotImplementedError). */
int kn_interp_execute(kn_interp *in, const char *code, const kn_io *io, int execution_count,
                      bool silent, kn_exec_result *out) {
    memset(out, 0, sizeof *out);
    out->status = KN_EXEC_ERROR;
    out->ename = strdup("NotImplementedError");
    out->evalue = strdup("the interpreter is not implemented yet");
    out->traceback = json_array();
    return -1;
}

/* Classify code as complete / incomplete / invalid. */
const char *kn_interp_is_complete(kn_interp *in, const char *code, char **indent) {
    *indent = NULL;
    return "complete";
}

/* Completion matches at the cursor. */
int kn_interp_complete(kn_interp *in, const char *code, int cursor_pos, json_t **matches,
                       int *cursor_start, int *cursor_end) {
    *matches = json_array();
    *cursor_start = *cursor_end = cursor_pos;
    return 0;
}

/* Inspection bundle for the name at the cursor. */
json_t *kn_interp_inspect(kn_interp *in, const char *code, int cursor_pos, int detail_level) {
    return NULL;
}

/* Set the %bridge text. */
void kn_interp_set_bridge_info(kn_interp *in, const char *text) {}

/* Request an interrupt of the running cell. */
void kn_interp_interrupt(kn_interp *in) { tc_interrupt_raise(); }

/* Thread-safe tensor lookup for the bridge. */
int kn_interp_get_tensor(kn_interp *in, const char *name, tc_tensor **out, tc_error *err) {
    return tc_error_set(err, TC_EXC_NAME, "name '%s' is not defined", name);
}

/* Names of tensor globals. */
json_t *kn_interp_tensor_names(kn_interp *in) { return json_array(); }

/* Bind a global to a tensor. */
int kn_interp_put_tensor(kn_interp *in, const char *name, tc_tensor *t, tc_error *err) {
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "not implemented yet");
}

/* Evaluate an expression for the bridge. */
int kn_interp_eval_for_bridge(kn_interp *in, const char *expr, tc_tensor **out, json_t **scalar,
                              tc_error *err) {
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "not implemented yet");
}

void kn_rt_write(const char *stream, const char *text, size_t n) {}
void kn_rt_display(json_t *bundle) { json_decref(bundle); }
void kn_rt_warn(const char *category, const char *msg) {}
int kn_rt_execution_count(void) { return 0; }
kn_obj *kn_rt_input(const char *prompt, bool password, kn_err *err) {
    tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "not implemented yet");
    return NULL;
}
kn_obj *kn_rt_globals(void) { return NULL; }

const kn_type kn_type_function = {.name = "function", .qualname = "function"};
