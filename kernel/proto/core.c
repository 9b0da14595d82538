/*
 * The core layer (core.h): a msg_type -> handler table. Every request publishes status busy
 * (with the request as parent) before anything else and idle after everything else; a
 * handler that fails becomes an error reply; unknown message types are logged and get no
 * reply. Shell requests run on the shell thread, control requests on the control thread.
 * Everything leaves through the kn_transport callbacks; no socket is known here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "gpu/gpu.h"
#include "kernel/proto/proto-impl.h"

typedef int (*kn_handler)(kn_core *c, kn_chan_id ch, const kn_msg *req, tc_error *err);

/* ---- sending through the transport -------------------------------------------------------- */

/* Steals content; NULL (a failed json_pack, out of memory) is logged and nothing is sent. */
static void reply(kn_core *c, kn_chan_id ch, const kn_msg *req, const char *msg_type,
                  json_t *content) {
    if (!content) kn_log(KN_LOG_ERROR, "cannot build %s (out of memory)", msg_type);
    else c->t.reply(c->t.ctx, ch, req, msg_type, content);
}

static void publish(kn_core *c, const json_t *parent, const char *msg_type, json_t *content) {
    if (!content) kn_log(KN_LOG_ERROR, "cannot build %s (out of memory)", msg_type);
    else c->t.publish(c->t.ctx, parent, msg_type, content);
}

/* ---- content fields ---------------------------------------------------------------------- */

static int field_str(const kn_msg *req, const char *name, const char *def, const char **out,
                     tc_error *err) {
    json_t *v = json_object_get(req->content, name);
    *out = def ? def : "";
    if (!v && def) {
        *out = def;
        return 0;
    }
    if (!json_is_string(v))
        return tc_error_set(err, TC_EXC_TYPE, "%s: '%s' must be a string", kn_msg_type(req), name);
    if (strlen(json_string_value(v)) != json_string_length(v))
        return tc_error_set(err, TC_EXC_VALUE, "%s: '%s' contains a null character",
                            kn_msg_type(req), name);
    *out = json_string_value(v);
    return 0;
}

static int field_bool(const kn_msg *req, const char *name, bool def, bool *out, tc_error *err) {
    json_t *v = json_object_get(req->content, name);
    *out = def;
    if (!v || json_is_null(v)) {
        *out = def;
        return 0;
    }
    if (!json_is_boolean(v))
        return tc_error_set(err, TC_EXC_TYPE, "%s: '%s' must be a boolean", kn_msg_type(req), name);
    *out = json_is_true(v);
    return 0;
}

static int field_int(const kn_msg *req, const char *name, long def, long *out, tc_error *err) {
    json_t *v = json_object_get(req->content, name);
    *out = def;
    if (!v || json_is_null(v)) {
        *out = def;
        return 0;
    }
    if (!json_is_number(v))
        return tc_error_set(err, TC_EXC_TYPE, "%s: '%s' must be a number", kn_msg_type(req), name);
    *out = (long)json_number_value(v);
    return 0;
}

/* ---- simple requests ---------------------------------------------------------------------- */

static int on_kernel_info(kn_core *c, kn_chan_id ch, const kn_msg *req, tc_error *err) {
    json_t *content = json_pack(
        "{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:i}}, s:s, s:b,"
        " s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}]}",
        "status", "ok", "protocol_version", KN_PROTOCOL_VERSION, "implementation", "tensorkernel",
        "implementation_version", "0.1.0", "language_info", "name", "python", "version", "3.11",
        "mimetype", "text/x-python", "file_extension", ".py", "pygments_lexer", "ipython3",
        "nbconvert_exporter", "python", "codemirror_mode", "name", "ipython", "version", 3,
        "banner",
        "tensorkernel 0.1.0 -- a PyTorch-flavoured Python subset in C\n"
        "Tensors are shared zero-copy with other Python processes: run %bridge to attach.\n",
        "debugger", 0, "help_links", "text", "PyTorch", "url", "https://pytorch.org/docs/stable/",
        "text", "NumPy", "url", "https://numpy.org/doc/stable/", "text", "Python",
        "url", "https://docs.python.org/3.11/");
    reply(c, ch, req, "kernel_info_reply", content);
    return 0;
}

static int on_is_complete(kn_core *c, kn_chan_id ch, const kn_msg *req, tc_error *err) {
    const char *code;
    if (field_str(req, "code", NULL, &code, err) < 0) return -1;
    char *indent = NULL;
    const char *status = kn_interp_is_complete(c->interp, code, &indent);
    json_t *content = json_pack("{s:s}", "status", status ? status : "unknown");
    if (status && strcmp(status, "incomplete") == 0)
        json_object_set_new(content, "indent", json_string(indent ? indent : ""));
    tc_free(indent);
    reply(c, ch, req, "is_complete_reply", content);
    return 0;
}

static int on_complete(kn_core *c, kn_chan_id ch, const kn_msg *req, tc_error *err) {
    const char *code;
    long pos;
    if (field_str(req, "code", NULL, &code, err) < 0 ||
        field_int(req, "cursor_pos", -1, &pos, err) < 0)
        return -1;
    size_t cps = 0; /* the length in code points, the default cursor */
    for (const char *p = code; *p; p++) cps += ((unsigned char)*p & 0xc0) != 0x80;
    if (pos < 0 || (size_t)pos > cps) pos = (long)cps;
    json_t *matches = NULL;
    int start = (int)pos, end = (int)pos;
    if (kn_interp_complete(c->interp, code, (int)pos, &matches, &start, &end) < 0 || !matches) {
        json_decref(matches);
        matches = json_array();
        start = end = (int)pos;
    }
    json_t *types = kn_interp_complete_types(c->interp, code, start, end, matches);
    reply(c, ch, req, "complete_reply",
          json_pack("{s:s, s:o, s:i, s:i, s:{s:o}}", "status", "ok", "matches", matches,
                    "cursor_start", start, "cursor_end", end, "metadata",
                    "_jupyter_types_experimental", types ? types : json_array()));
    return 0;
}

static int on_inspect(kn_core *c, kn_chan_id ch, const kn_msg *req, tc_error *err) {
    const char *code;
    long pos, detail;
    if (field_str(req, "code", NULL, &code, err) < 0 ||
        field_int(req, "cursor_pos", (long)strlen(code), &pos, err) < 0 ||
        field_int(req, "detail_level", 0, &detail, err) < 0)
        return -1;
    json_t *data = kn_interp_inspect(c->interp, code, (int)pos, (int)detail);
    bool found = json_is_object(data) && json_object_size(data) > 0;
    if (!found) {
        json_decref(data);
        data = json_object();
    }
    reply(c, ch, req, "inspect_reply",
          json_pack("{s:s, s:b, s:o, s:{}}", "status", "ok", "found", found, "data", data,
                    "metadata"));
    return 0;
}

static int on_history(kn_core *c, kn_chan_id ch, const kn_msg *req, tc_error *err) {
    json_t *content = kn__history_query(&c->hist, req->content, err);
    if (!content) return -1;
    reply(c, ch, req, "history_reply", content);
    return 0;
}

static int on_comm_info(kn_core *c, kn_chan_id ch, const kn_msg *req, tc_error *err) {
    reply(c, ch, req, "comm_info_reply", json_pack("{s:s, s:{}}", "status", "ok", "comms"));
    return 0;
}

/* No comm targets are registered: close the comm so the front end does not wait on it. */
static int on_comm_open(kn_core *c, kn_chan_id ch, const kn_msg *req, tc_error *err) {
    const char *id, *target;
    if (field_str(req, "comm_id", NULL, &id, err) < 0 ||
        field_str(req, "target_name", "", &target, err) < 0)
        return -1;
    kn_log(KN_LOG_INFO, "no comm target '%s'; closing comm %s", target, id);
    publish(c, req->header, "comm_close", json_pack("{s:s, s:{}}", "comm_id", id, "data"));
    return 0;
}

static int on_comm_ignore(kn_core *c, kn_chan_id ch, const kn_msg *req, tc_error *err) {
    return 0;
}

static int on_shutdown(kn_core *c, kn_chan_id ch, const kn_msg *req, tc_error *err) {
    bool restart;
    if (field_bool(req, "restart", false, &restart, err) < 0) return -1;
    json_t *content = json_pack("{s:s, s:b}", "status", "ok", "restart", restart);
    publish(c, req->header, "shutdown_reply", json_incref(content));
    reply(c, ch, req, "shutdown_reply", content);
    kn_log(KN_LOG_INFO, "shutdown requested%s", restart ? " (restart)" : "");
    c->t.request_stop(c->t.ctx);
    return 0;
}

static double header_time(const kn_msg *m);

/* An interrupt_request applies to the cell that was running when it was sent: one sent (by
 * its header date) before the running cell's execute_request was meant for an earlier cell
 * that has finished since, and is dropped. Requests without dates apply as before. */
static int on_interrupt(kn_core *c, kn_chan_id ch, const kn_msg *req, tc_error *err) {
    double sent = header_time(req), cell = atomic_load(&c->cell_sent);
    if (sent >= 0 && cell >= 0 && sent < cell)
        kn_log(KN_LOG_INFO, "interrupt sent before the running cell's request: ignored");
    else
        kn_core_interrupt(c);
    reply(c, ch, req, "interrupt_reply", json_pack("{s:s}", "status", "ok"));
    return 0;
}

/* ---- execute ------------------------------------------------------------------------------ */

typedef struct exec_args {
    const char *code;
    bool silent, store_history, allow_stdin, stop_on_error;
} exec_args;

static int exec_fields(const kn_msg *req, exec_args *a, tc_error *err) {
    if (field_str(req, "code", NULL, &a->code, err) < 0 ||
        field_bool(req, "silent", false, &a->silent, err) < 0 ||
        field_bool(req, "store_history", true, &a->store_history, err) < 0 ||
        field_bool(req, "allow_stdin", true, &a->allow_stdin, err) < 0 ||
        field_bool(req, "stop_on_error", true, &a->stop_on_error, err) < 0)
        return -1;
    json_t *ue = json_object_get(req->content, "user_expressions");
    if (ue && !json_is_object(ue) && !json_is_null(ue))
        return tc_error_set(err, TC_EXC_TYPE, "execute_request: 'user_expressions' must be an object");
    if (a->silent) a->store_history = false;
    return 0;
}

static void run_cell(kn_core *c, const kn_msg *req, const exec_args *a, int count,
                     kn_exec_result *r) {
    eventfd_t v;
    eventfd_read(c->intr_fd, &v);
    tc_interrupt_clear();
    c->cell_req = req;
    atomic_store(&c->cell_sent, header_time(req));
    kn_io io = kn__cell_io(c, a->allow_stdin);
    kn__streams_begin(c, req->header);
    gpu_ledger_begin_cell(count);
    kn_interp_execute(c->interp, a->code, &io, count, a->silent, r);
    gpu_ledger_end_cell();
    kn__streams_end(c);
    c->cell_req = NULL;
    atomic_store(&c->cell_sent, -1.0);
}

static void publish_outcome(kn_core *c, const kn_msg *req, const exec_args *a, int count,
                            kn_exec_result *r) {
    if (r->status == KN_EXEC_OK) {
        if (r->result && json_is_object(r->result) && !a->silent) {
            json_t *plain = json_object_get(r->result, "text/plain");
            if (a->store_history && json_is_string(plain))
                kn__history_set_output(&c->hist, count, json_string_value(plain));
            publish(c, req->header, "execute_result",
                    json_pack("{s:i, s:O, s:{}}", "execution_count", count, "data",
                              r->result, "metadata"));
        }
        return;
    }
    if (!r->traceback || !json_is_array(r->traceback)) {
        json_decref(r->traceback);
        r->traceback = json_array();
    }
    publish(c, req->header, "error",
            json_pack("{s:s, s:s, s:O}", "ename", r->ename ? r->ename : "MemoryError", "evalue",
                      r->evalue ? r->evalue : "", "traceback", r->traceback));
}

static json_t *exec_reply(const kn_exec_result *r, int count) {
    if (r->status == KN_EXEC_OK)
        return json_pack("{s:s, s:i, s:{}, s:o}", "status", "ok", "execution_count", count,
                         "user_expressions", "payload",
                         r->payload ? json_incref(r->payload) : json_array());
    return json_pack("{s:s, s:i, s:s, s:s, s:O, s:{}, s:[]}", "status", "error",
                     "execution_count", count, "ename", r->ename ? r->ename : "MemoryError",
                     "evalue", r->evalue ? r->evalue : "", "traceback", r->traceback,
                     "user_expressions", "payload");
}

static double clock_s(clockid_t id) {
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* header.date ("2026-01-02T03:04:05.678Z" or with a +hh:mm offset) in epoch seconds; -1. */
static double header_time(const kn_msg *m) {
    const char *d = json_string_value(json_object_get(m->header, "date"));
    struct tm tm = {0};
    double sec;
    int used = 0;
    if (!d || sscanf(d, "%d-%d-%dT%d:%d:%lf%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                     &tm.tm_min, &sec, &used) != 6)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    double t = (double)timegm(&tm) + sec;
    int oh, om;
    char sign;
    if (sscanf(d + used, "%c%d:%d", &sign, &oh, &om) == 3 && (sign == '+' || sign == '-'))
        t -= (sign == '+' ? 1 : -1) * (oh * 3600.0 + om * 60.0);
    return t;
}

/* An execute_request queued behind a cell that failed with stop_on_error: sent (by its
 * header date) before the failure. Dates are compared rather than draining the socket so
 * that a request sent right after the error reply is never aborted, and one still on the
 * wire when the cell failed always is. */
static bool should_abort(kn_core *c, const kn_msg *m) {
    if (c->abort_until <= 0) return false;
    if (clock_s(CLOCK_MONOTONIC) > c->abort_until) {
        c->abort_until = 0;
        return false;
    }
    double sent = header_time(m);
    return sent >= 0 && sent <= c->abort_before;
}

static void send_aborted(kn_core *c, kn_chan_id ch, const kn_msg *m) {
    reply(c, ch, m, "execute_reply", json_pack("{s:s}", "status", "aborted"));
}

/* After a failed cell with stop_on_error: execute_requests sent before the failure (by
 * their header date) are answered "aborted" as they come off the queue, for two seconds. */
static void abort_queue(kn_core *c, double failed_at) {
    c->abort_before = failed_at;
    c->abort_until = clock_s(CLOCK_MONOTONIC) + 2.0;
}

static int on_execute(kn_core *c, kn_chan_id ch, const kn_msg *req, tc_error *err) {
    if (should_abort(c, req)) {
        send_aborted(c, ch, req);
        return 0;
    }
    exec_args a = {0};
    if (exec_fields(req, &a, err) < 0) return -1;
    int count = a.store_history ? c->exec_count + 1 : c->exec_count;
    if (!a.silent)
        publish(c, req->header, "execute_input",
                json_pack("{s:s, s:i}", "code", a.code, "execution_count",
                          c->exec_count + 1));
    if (a.store_history) {
        kn__history_add(&c->hist, count, a.code);
        c->exec_count = count;
    }
    kn_exec_result r = {0};
    run_cell(c, req, &a, count, &r);
    double finished = clock_s(CLOCK_REALTIME); /* before the reply: later requests are newer */
    publish_outcome(c, req, &a, count, &r);
    reply(c, ch, req, "execute_reply", exec_reply(&r, count));
    bool failed = r.status != KN_EXEC_OK;
    kn_exec_result_clear(&r);
    if (failed && a.stop_on_error) abort_queue(c, finished);
    return 0;
}

/* ---- dispatch ----------------------------------------------------------------------------- */

/* msg_type, handler, channels it is served on. */
#define KN_HANDLER_LIST(X)                                                                      \
    X("kernel_info_request", on_kernel_info, KN_CHAN_SHELL | KN_CHAN_CONTROL)                  \
    X("execute_request", on_execute, KN_CHAN_SHELL)                                            \
    X("is_complete_request", on_is_complete, KN_CHAN_SHELL)                                    \
    X("complete_request", on_complete, KN_CHAN_SHELL)                                          \
    X("inspect_request", on_inspect, KN_CHAN_SHELL)                                            \
    X("history_request", on_history, KN_CHAN_SHELL)                                            \
    X("comm_info_request", on_comm_info, KN_CHAN_SHELL)                                        \
    X("comm_open", on_comm_open, KN_CHAN_SHELL)                                                \
    X("comm_msg", on_comm_ignore, KN_CHAN_SHELL)                                               \
    X("comm_close", on_comm_ignore, KN_CHAN_SHELL)                                             \
    X("shutdown_request", on_shutdown, KN_CHAN_SHELL | KN_CHAN_CONTROL)                        \
    X("interrupt_request", on_interrupt, KN_CHAN_SHELL | KN_CHAN_CONTROL)

static const struct {
    const char *type;
    kn_handler fn;
    int channels;
} handlers[] = {
#define KN__ROW(type, fn, ch) {type, fn, ch},
    KN_HANDLER_LIST(KN__ROW)
#undef KN__ROW
};

static kn_handler find_handler(const char *type, kn_chan_id ch) {
    for (size_t i = 0; i < sizeof handlers / sizeof *handlers; i++)
        if (strcmp(handlers[i].type, type) == 0 && (handlers[i].channels & ch))
            return handlers[i].fn;
    return NULL;
}

/* A failed handler: "<x>_request" gets "<x>_reply" with status error. */
static void error_reply(kn_core *c, kn_chan_id ch, const kn_msg *req, const tc_error *err) {
    const char *type = kn_msg_type(req);
    size_t n = strlen(type);
    kn_log(KN_LOG_WARN, "%s failed: %s", type, err->msg);
    if (n < 8 || strcmp(type + n - 8, "_request") != 0) return;
    char reply_type[128];
    snprintf(reply_type, sizeof reply_type, "%.*s_reply", (int)(n - 8), type);
    const char *ename = tc_exc_name(err->type);
    char line[TC_ERROR_MSG_MAX + 64];
    snprintf(line, sizeof line, "%s: %s", ename, err->msg);
    reply(c, ch, req, reply_type,
          json_pack("{s:s, s:s, s:s, s:[s]}", "status", "error", "ename", ename, "evalue",
                       err->msg, "traceback", line));
}

void kn_core_dispatch(kn_core *c, kn_chan_id ch, const kn_msg *req) {
    const char *type = kn_msg_type(req);
    publish(c, req->header, "status", json_pack("{s:s}", "execution_state", "busy"));
    kn_handler fn = find_handler(type, ch);
    if (!fn) {
        kn_log(KN_LOG_WARN, "unknown message type %s on %s; ignored", type,
               ch == KN_CHAN_SHELL ? "shell" : "control");
    } else {
        tc_error err = {0};
        if (fn(c, ch, req, &err) < 0) error_reply(c, ch, req, &err);
    }
    publish(c, req->header, "status", json_pack("{s:s}", "execution_state", "idle"));
}

/* ---- life ------------------------------------------------------------------------------- */

kn_core *kn_core_new(kn_interp *interp, const kn_transport *t, tc_error *err) {
    kn_core *c = tc_calloc(1, sizeof *c);
    if (!c) {
        tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        return NULL;
    }
    c->interp = interp;
    c->t = *t;
    atomic_init(&c->cell_sent, -1.0);
    c->intr_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (c->intr_fd < 0) {
        tc_error_set(err, TC_EXC_OS, "cannot create the interrupt event");
        tc_free(c);
        return NULL;
    }
    if (kn__streams_init(c, err) < 0) {
        kn_core_free(c);
        return NULL;
    }
    return c;
}

void kn_core_free(kn_core *c) {
    if (!c) return;
    if (kn__current == c) kn__current = NULL;
    kn__streams_destroy(c);
    kn__history_free(&c->hist);
    if (c->intr_fd >= 0) close(c->intr_fd);
    tc_free(c);
}

void kn_core_idle(kn_core *c) { kn_interp_trim(c->interp); }

void kn_core_interrupt(kn_core *c) {
    kn_interp_interrupt(c->interp);
    eventfd_write(c->intr_fd, 1);
}
