/*
 * A throwaway interpreter for testing the protocol server on its own (the executable
 * tests/c/proto/tensorkernel-fake; never shipped). It understands a handful of one-line
 * statements, enough to drive every protocol path:
 *   print("text") / print(123) / print("x", file=sys.stderr)   stream output
 *   N + M, N                                                    execute_result
 *   while True: pass / sleep(MS)                                interruptible work
 *   input("prompt")                                             stdin round trip
 *   display("text")                                             display_data
 *   1/0, raise                                                  errors
 * It also stubs the device layer and the bridge so the server links without them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gpu/gpu.h"
#include "kernel/bridge/bridge.h"
#include "kernel/interp.h"

struct kn_interp {
    int cells;
};

void kn_exec_result_clear(kn_exec_result *r) {
    if (!r) return;
    json_decref(r->result);
    json_decref(r->traceback);
    json_decref(r->payload);
    free(r->ename);
    free(r->evalue);
    memset(r, 0, sizeof *r);
}

kn_interp *kn_interp_new(void) { return calloc(1, sizeof(kn_interp)); }
void kn_interp_free(kn_interp *in) { free(in); }

static int fail(kn_exec_result *out, const char *ename, const char *evalue) {
    out->status = KN_EXEC_ERROR;
    out->ename = strdup(ename);
    out->evalue = strdup(evalue);
    char line[2200];
    snprintf(line, sizeof line, "%s: %s", ename, evalue);
    out->traceback = json_pack("[s, s]", "Traceback (most recent call last):", line);
    return -1;
}

/* The text of a quoted literal at s (copied into buf), or NULL. */
static const char *literal(const char *s, char *buf, size_t size) {
    if (*s != '"') return NULL;
    const char *end = strchr(s + 1, '"');
    if (!end || (size_t)(end - s) >= size) return NULL;
    memcpy(buf, s + 1, (size_t)(end - s - 1));
    buf[end - s - 1] = '\0';
    return buf;
}

static int interrupted(kn_exec_result *out) {
    tc_error err = {0};
    if (tc_interrupt_check(&err) == 0) return 0;
    return fail(out, "KeyboardInterrupt", "");
}

static int run_line(const char *line, const kn_io *io, kn_exec_result *out, json_t **value) {
    char buf[512];
    json_decref(*value);
    *value = NULL;
    if (strncmp(line, "print(", 6) == 0) {
        const char *arg = line + 6;
        char text[520];
        if (literal(arg, buf, sizeof buf)) snprintf(text, sizeof text, "%s\n", buf);
        else snprintf(text, sizeof text, "%ld\n", strtol(arg, NULL, 10));
        io->stream(io->ctx, strstr(line, "file=sys.stderr") ? "stderr" : "stdout", text,
                   strlen(text));
        return 0;
    }
    if (strcmp(line, "while True: pass") == 0) {
        for (;;)
            if (interrupted(out)) return -1;
    }
    if (strncmp(line, "sleep(", 6) == 0) {
        long ms = strtol(line + 6, NULL, 10);
        for (long i = 0; i < ms; i++) {
            if (interrupted(out)) return -1;
            nanosleep(&(struct timespec){0, 1000000}, NULL);
        }
        return 0;
    }
    if (strncmp(line, "input(", 6) == 0) {
        const char *prompt = literal(line + 6, buf, sizeof buf);
        tc_error err = {0};
        char *got = io->input(io->ctx, prompt ? prompt : "", false, &err);
        if (!got) return fail(out, tc_exc_name(err.type), err.msg);
        char repr[600];
        snprintf(repr, sizeof repr, "'%s'", got);
        free(got);
        *value = json_string(repr);
        return 0;
    }
    if (strncmp(line, "display(", 8) == 0) {
        literal(line + 8, buf, sizeof buf);
        io->display(io->ctx, json_pack("{s:s}", "text/plain", buf));
        return 0;
    }
    if (strcmp(line, "1/0") == 0) return fail(out, "ZeroDivisionError", "division by zero");
    if (strncmp(line, "raise", 5) == 0) return fail(out, "ValueError", "raised");
    if (strcmp(line, "pass") == 0 || !*line) return 0;
    char *end;
    long a = strtol(line, &end, 10);
    if (end == line) return fail(out, "NameError", "name is not defined");
    while (*end == ' ') end++;
    if (*end == '+') a += strtol(end + 1, &end, 10);
    snprintf(buf, sizeof buf, "%ld", a);
    *value = json_string(buf);
    return 0;
}

int kn_interp_execute(kn_interp *in, const char *code, const kn_io *io, int execution_count,
                      bool silent, kn_exec_result *out) {
    memset(out, 0, sizeof *out);
    json_t *value = NULL;
    char *copy = strdup(code), *save = NULL;
    int rc = 0;
    for (char *line = strtok_r(copy, "\n", &save); line && rc == 0;
         line = strtok_r(NULL, "\n", &save))
        rc = run_line(line, io, out, &value);
    free(copy);
    if (rc == 0 && value && !silent) out->result = json_pack("{s:o}", "text/plain", value);
    else json_decref(value);
    return rc;
}

const char *kn_interp_is_complete(kn_interp *in, const char *code, char **indent) {
    *indent = NULL;
    size_t n = strlen(code);
    if (strchr(code, '$')) return "invalid";
    if (n && code[n - 1] == ':') {
        *indent = strdup("    ");
        return "incomplete";
    }
    return "complete";
}

json_t *kn_interp_complete_types(kn_interp *in, const char *code, int cursor_start,
                                 int cursor_end, const json_t *matches) {
    return json_array();
}

int kn_interp_complete(kn_interp *in, const char *code, int cursor_pos, json_t **matches,
                       int *cursor_start, int *cursor_end) {
    static const char *const names[] = {"print", "pass", "input", "display"};
    int start = cursor_pos;
    while (start > 0 && code[start - 1] >= 'a' && code[start - 1] <= 'z') start--;
    *matches = json_array();
    for (size_t i = 0; i < 4; i++)
        if (strncmp(names[i], code + start, (size_t)(cursor_pos - start)) == 0)
            json_array_append_new(*matches, json_string(names[i]));
    *cursor_start = start;
    *cursor_end = cursor_pos;
    return 0;
}

json_t *kn_interp_inspect(kn_interp *in, const char *code, int cursor_pos, int detail_level) {
    if (!strstr(code, "print")) return NULL;
    return json_pack("{s:s}", "text/plain", "print(*values, sep=' ', end='\\n')");
}

void kn_interp_set_bridge_info(kn_interp *in, const char *text) {}
void kn_interp_interrupt(kn_interp *in) { tc_interrupt_raise(); }
void kn_interp_trim(kn_interp *in) {}

int kn_interp_get_tensor(kn_interp *in, const char *name, tc_tensor **out, tc_error *err) {
    return tc_error_set(err, TC_EXC_NAME, "name '%s' is not defined", name);
}
json_t *kn_interp_tensor_names(kn_interp *in) { return json_array(); }
int kn_interp_put_tensor(kn_interp *in, const char *name, tc_tensor *t, tc_error *err) {
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "fake interpreter");
}
int kn_interp_eval_for_bridge(kn_interp *in, const char *expr, tc_tensor **out, json_t **scalar,
                              tc_error *err) {
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "fake interpreter");
}

/* ---- device layer and bridge stubs ---- */
void gpu_init(void) {}
void gpu_ledger_set_warn(gpu_warn_fn fn) {}
void gpu_ledger_begin_cell(int execution_count) {}
void gpu_ledger_end_cell(void) {}
tkb_server *tkb_server_start(const char *connection_file, const char *key, kn_interp *in,
                             tc_error *err) {
    tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "no bridge in the fake kernel");
    return NULL;
}
const char *tkb_server_path(const tkb_server *s) { return NULL; }
bool tkb_server_moved(const tkb_server *s) { return false; }
void tkb_server_remove_files(tkb_server *s) {}
void tkb_server_stop(tkb_server *s) {}
