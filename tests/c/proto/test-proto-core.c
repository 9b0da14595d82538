/*
 * The protocol core's dispatch without ZeroMQ: requests go straight into kn_core_dispatch
 * over the stand-in interpreter (fake_interp.c), and a fake kn_transport records every
 * reply, publication and input request so the test can check what a front end would see:
 * busy first and idle last with the request as parent, the replies' content, error replies
 * for malformed requests, stop_on_error aborting the queued executes, and the
 * is_complete / complete / inspect / history / input / shutdown round trips.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "kernel/proto/core.h"

/* ---- the fake transport ------------------------------------------------------------------ */

enum { EV_REPLY = 'r', EV_PUBLISH = 'p', EV_INPUT = 'i', EV_STOP = 's', MAX_EVENTS = 64 };

typedef struct event {
    int kind;
    kn_chan_id ch;       /* EV_REPLY */
    char type[64];       /* msg_type (EV_INPUT: the prompt) */
    char parent[64];     /* parent msg_id, "" for none */
    json_t *content;     /* owned */
} event;

static struct {
    pthread_mutex_t lock;
    event ev[MAX_EVENTS];
    int n;
    const char *input_answer; /* what ask_input returns; NULL: interrupted */
} rec = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void record(int kind, kn_chan_id ch, const char *type, const json_t *parent_header,
                   json_t *content) {
    pthread_mutex_lock(&rec.lock);
    if (rec.n < MAX_EVENTS) {
        event *e = &rec.ev[rec.n++];
        e->kind = kind;
        e->ch = ch;
        snprintf(e->type, sizeof e->type, "%s", type);
        const char *id = json_string_value(json_object_get(parent_header, "msg_id"));
        snprintf(e->parent, sizeof e->parent, "%s", id ? id : "");
        e->content = content;
    } else {
        json_decref(content);
    }
    pthread_mutex_unlock(&rec.lock);
}

static void fake_reply(void *ctx, kn_chan_id ch, const kn_msg *req, const char *msg_type,
                       json_t *content) {
    record(EV_REPLY, ch, msg_type, req->header, content);
}

static void fake_publish(void *ctx, const json_t *parent, const char *msg_type,
                         json_t *content) {
    record(EV_PUBLISH, 0, msg_type, parent, content);
}

static char *fake_ask_input(void *ctx, const kn_msg *req, const char *prompt, bool password,
                            int cancel_fd, tc_error *err) {
    record(EV_INPUT, 0, prompt, req->header, json_pack("{s:b}", "password", password));
    if (!rec.input_answer) {
        tc_error_set(err, TC_EXC_KEYBOARD_INTERRUPT, " ");
        return NULL;
    }
    return strdup(rec.input_answer);
}

static void fake_stop(void *ctx) { record(EV_STOP, 0, "stop", NULL, NULL); }

static void reset(void) {
    pthread_mutex_lock(&rec.lock);
    for (int i = 0; i < rec.n; i++) json_decref(rec.ev[i].content);
    rec.n = 0;
    pthread_mutex_unlock(&rec.lock);
}

/* ---- requests ---------------------------------------------------------------------------- */

static int g_seq;

/* An ISO date 'offset' seconds from now, as front ends write header.date. */
static void iso_date(double offset, char *buf, size_t size) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    double t = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9 + offset;
    time_t sec = (time_t)t;
    struct tm tm;
    gmtime_r(&sec, &tm);
    size_t n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + n, size - n, ".%06dZ", (int)((t - (double)sec) * 1e6));
}

/* A decoded request of msg_type with content (JSON text), dated 'offset' s from now. */
static kn_msg request_at(const char *msg_type, const char *content, double offset) {
    char id[32], date[64];
    snprintf(id, sizeof id, "req-%d", ++g_seq);
    iso_date(offset, date, sizeof date);
    kn_msg m = {0};
    m.header = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "msg_id", id, "msg_type", msg_type,
                         "session", "test", "username", "test", "date", date, "version", "5.3");
    m.parent = json_object();
    m.metadata = json_object();
    m.content = json_loads(content, 0, NULL);
    if (!m.content) {
        fprintf(stderr, "bad test JSON: %s\n", content);
        abort();
    }
    return m;
}

static const char *msg_id(const kn_msg *m) {
    return json_string_value(json_object_get(m->header, "msg_id"));
}

/* Dispatch one request on ch after clearing the record. */
static void run(kn_core *c, kn_chan_id ch, kn_msg *req) {
    reset();
    kn_core_dispatch(c, ch, req);
}

/* The i-th recorded event of kind and type, or NULL. */
static const event *find(int kind, const char *type, int nth) {
    for (int i = 0; i < rec.n; i++)
        if (rec.ev[i].kind == kind && strcmp(rec.ev[i].type, type) == 0 && nth-- == 0)
            return &rec.ev[i];
    return NULL;
}

static int index_of(const event *e) { return e ? (int)(e - rec.ev) : -1; }

static bool streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

static bool contains(const char *a, const char *b) { return a && strstr(a, b) != NULL; }

static const char *str_at(const json_t *obj, const char *key) {
    return json_string_value(json_object_get(obj, key));
}

/* busy first, idle last, exactly one of each, and every event parented by req. */
static void check_envelope(const kn_msg *req) {
    CHECK(rec.n >= 2);
    if (rec.n < 2) return;
    const event *first = &rec.ev[0], *last = &rec.ev[rec.n - 1];
    CHECK(first->kind == EV_PUBLISH && strcmp(first->type, "status") == 0);
    CHECK(streq(str_at(first->content, "execution_state"), "busy"));
    CHECK(last->kind == EV_PUBLISH && strcmp(last->type, "status") == 0);
    CHECK(streq(str_at(last->content, "execution_state"), "idle"));
    int statuses = 0;
    for (int i = 0; i < rec.n; i++) {
        statuses += strcmp(rec.ev[i].type, "status") == 0;
        if (rec.ev[i].kind != EV_STOP) CHECK(strcmp(rec.ev[i].parent, msg_id(req)) == 0);
    }
    CHECK(statuses == 2);
}

/* The single reply: on ch, of reply_type; NULL when there is none. */
static const json_t *the_reply(kn_chan_id ch, const char *reply_type) {
    int replies = 0;
    const event *r = NULL;
    for (int i = 0; i < rec.n; i++)
        if (rec.ev[i].kind == EV_REPLY) replies++, r = &rec.ev[i];
    CHECK(replies == 1);
    if (!r) return NULL;
    CHECK(r->ch == ch);
    CHECK(strcmp(r->type, reply_type) == 0);
    return r->content;
}

/* ---- the tests ---------------------------------------------------------------------------- */

static void test_kernel_info(kn_core *c) {
    kn_msg req = request_at("kernel_info_request", "{}", 0);
    run(c, KN_CHAN_SHELL, &req);
    check_envelope(&req);
    CHECK(rec.n == 3);
    const json_t *r = the_reply(KN_CHAN_SHELL, "kernel_info_reply");
    CHECK(streq(str_at(r, "status"), "ok"));
    CHECK(streq(str_at(r, "protocol_version"), KN_PROTOCOL_VERSION));
    CHECK(streq(str_at(r, "implementation"), "tensorkernel"));
    const json_t *li = json_object_get(r, "language_info");
    CHECK(streq(str_at(li, "name"), "python"));
    CHECK(streq(str_at(li, "file_extension"), ".py"));
    CHECK(streq(str_at(li, "mimetype"), "text/x-python"));
    CHECK(json_array_size(json_object_get(r, "help_links")) == 3);
    CHECK(contains(str_at(r, "banner"), "tensorkernel"));
    /* the same request on control is answered on control */
    run(c, KN_CHAN_CONTROL, &req);
    check_envelope(&req);
    the_reply(KN_CHAN_CONTROL, "kernel_info_reply");
    kn_msg_clear(&req);
}

static void test_execute(kn_core *c) {
    kn_msg req = request_at("execute_request", "{\"code\": \"1 + 2\"}", 0);
    run(c, KN_CHAN_SHELL, &req);
    check_envelope(&req);
    const event *in = find(EV_PUBLISH, "execute_input", 0);
    const event *res = find(EV_PUBLISH, "execute_result", 0);
    CHECK(in && res);
    if (in) {
        CHECK(streq(str_at(in->content, "code"), "1 + 2"));
        CHECK(json_integer_value(json_object_get(in->content, "execution_count")) == 1);
    }
    if (res) {
        CHECK(json_integer_value(json_object_get(res->content, "execution_count")) == 1);
        CHECK(streq(str_at(json_object_get(res->content, "data"), "text/plain"), "3"));
    }
    const json_t *r = the_reply(KN_CHAN_SHELL, "execute_reply");
    CHECK(streq(str_at(r, "status"), "ok"));
    CHECK(json_integer_value(json_object_get(r, "execution_count")) == 1);
    /* order: busy, execute_input, execute_result, execute_reply, idle */
    const event *reply = find(EV_REPLY, "execute_reply", 0);
    CHECK(index_of(in) == 1 && index_of(in) < index_of(res) && index_of(res) < index_of(reply));
    CHECK(index_of(reply) == rec.n - 2);
    kn_msg_clear(&req);

    /* stream output is published before the reply and counts go up */
    req = request_at("execute_request", "{\"code\": \"print(\\\"hi\\\")\"}", 0);
    run(c, KN_CHAN_SHELL, &req);
    check_envelope(&req);
    const event *st = find(EV_PUBLISH, "stream", 0);
    CHECK(st != NULL);
    if (st) {
        CHECK(streq(str_at(st->content, "name"), "stdout"));
        CHECK(streq(str_at(st->content, "text"), "hi\n"));
        CHECK(index_of(st) < index_of(find(EV_REPLY, "execute_reply", 0)));
    }
    CHECK(find(EV_PUBLISH, "execute_result", 0) == NULL);
    r = the_reply(KN_CHAN_SHELL, "execute_reply");
    CHECK(json_integer_value(json_object_get(r, "execution_count")) == 2);
    kn_msg_clear(&req);

    /* silent: no execute_input, no result, the count stays */
    req = request_at("execute_request", "{\"code\": \"5\", \"silent\": true}", 0);
    run(c, KN_CHAN_SHELL, &req);
    check_envelope(&req);
    CHECK(find(EV_PUBLISH, "execute_input", 0) == NULL);
    CHECK(find(EV_PUBLISH, "execute_result", 0) == NULL);
    r = the_reply(KN_CHAN_SHELL, "execute_reply");
    CHECK(json_integer_value(json_object_get(r, "execution_count")) == 2);
    kn_msg_clear(&req);
}

static void test_malformed_and_unknown(kn_core *c) {
    /* a mistyped field becomes an error reply with the Python exception name */
    kn_msg req = request_at("execute_request", "{\"code\": 5}", 0);
    run(c, KN_CHAN_SHELL, &req);
    check_envelope(&req);
    const json_t *r = the_reply(KN_CHAN_SHELL, "execute_reply");
    CHECK(streq(str_at(r, "status"), "error"));
    CHECK(streq(str_at(r, "ename"), "TypeError"));
    CHECK(contains(str_at(r, "evalue"), "'code' must be a string"));
    CHECK(json_array_size(json_object_get(r, "traceback")) == 1);
    CHECK(find(EV_PUBLISH, "execute_input", 0) == NULL);
    kn_msg_clear(&req);

    req = request_at("is_complete_request", "{}", 0);
    run(c, KN_CHAN_SHELL, &req);
    check_envelope(&req);
    r = the_reply(KN_CHAN_SHELL, "is_complete_reply");
    CHECK(streq(str_at(r, "status"), "error"));
    kn_msg_clear(&req);

    req = request_at("history_request", "{\"hist_access_type\": \"sideways\"}", 0);
    run(c, KN_CHAN_SHELL, &req);
    check_envelope(&req);
    r = the_reply(KN_CHAN_SHELL, "history_reply");
    CHECK(streq(str_at(r, "ename"), "ValueError"));
    kn_msg_clear(&req);

    /* an unknown type still gets busy/idle but no reply (as ipykernel does) */
    req = request_at("frobnicate_request", "{}", 0);
    run(c, KN_CHAN_SHELL, &req);
    check_envelope(&req);
    CHECK(rec.n == 2);
    kn_msg_clear(&req);

    /* execute_request is a shell request: on control it is unknown */
    req = request_at("execute_request", "{\"code\": \"1\"}", 0);
    run(c, KN_CHAN_CONTROL, &req);
    check_envelope(&req);
    CHECK(rec.n == 2);
    kn_msg_clear(&req);
}

static void test_stop_on_error(kn_core *c) {
    /* queued executes are dated before the failure (sent while it ran) */
    kn_msg queued = request_at("execute_request", "{\"code\": \"1 + 1\"}", 0);
    kn_msg silent_q = request_at("execute_request", "{\"code\": \"7\"}", 0);
    kn_msg fail = request_at("execute_request", "{\"code\": \"1/0\"}", 0);
    run(c, KN_CHAN_SHELL, &fail);
    check_envelope(&fail);
    const event *err = find(EV_PUBLISH, "error", 0);
    CHECK(err != NULL);
    if (err) CHECK(streq(str_at(err->content, "ename"), "ZeroDivisionError"));
    const json_t *r = the_reply(KN_CHAN_SHELL, "execute_reply");
    CHECK(streq(str_at(r, "status"), "error"));
    CHECK(streq(str_at(r, "ename"), "ZeroDivisionError"));
    int failed_count = (int)json_integer_value(json_object_get(r, "execution_count"));
    CHECK(index_of(err) < index_of(find(EV_REPLY, "execute_reply", 0)));

    run(c, KN_CHAN_SHELL, &queued);
    check_envelope(&queued);
    CHECK(rec.n == 3);
    r = the_reply(KN_CHAN_SHELL, "execute_reply");
    CHECK(streq(str_at(r, "status"), "aborted"));
    run(c, KN_CHAN_SHELL, &silent_q);
    r = the_reply(KN_CHAN_SHELL, "execute_reply");
    CHECK(streq(str_at(r, "status"), "aborted"));

    /* a request sent after the failure runs, with the next count */
    kn_msg later = request_at("execute_request", "{\"code\": \"2 + 2\"}", 0.5);
    run(c, KN_CHAN_SHELL, &later);
    r = the_reply(KN_CHAN_SHELL, "execute_reply");
    CHECK(streq(str_at(r, "status"), "ok"));
    CHECK(json_integer_value(json_object_get(r, "execution_count")) == failed_count + 1);
    kn_msg_clear(&queued);
    kn_msg_clear(&silent_q);
    kn_msg_clear(&fail);
    kn_msg_clear(&later);

    /* with stop_on_error false nothing is aborted (both dated after the failure above) */
    queued = request_at("execute_request", "{\"code\": \"3\"}", 0);
    fail = request_at("execute_request", "{\"code\": \"raise\", \"stop_on_error\": false}", 0);
    run(c, KN_CHAN_SHELL, &fail);
    CHECK(streq(str_at(the_reply(KN_CHAN_SHELL, "execute_reply"), "status"), "error"));
    run(c, KN_CHAN_SHELL, &queued);
    CHECK(streq(str_at(the_reply(KN_CHAN_SHELL, "execute_reply"), "status"), "ok"));
    kn_msg_clear(&queued);
    kn_msg_clear(&fail);
}

static void test_is_complete_complete_inspect(kn_core *c) {
    static const struct {
        const char *code, *status, *indent;
    } cases[] = {{"x = 1", "complete", NULL}, {"if x:", "incomplete", "    "}, {"$", "invalid", NULL}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char content[128];
        snprintf(content, sizeof content, "{\"code\": \"%s\"}", cases[i].code);
        kn_msg req = request_at("is_complete_request", content, 0);
        run(c, KN_CHAN_SHELL, &req);
        check_envelope(&req);
        const json_t *r = the_reply(KN_CHAN_SHELL, "is_complete_reply");
        CHECK(streq(str_at(r, "status"), cases[i].status));
        if (cases[i].indent) CHECK(streq(str_at(r, "indent"), cases[i].indent));
        else CHECK(json_object_get(r, "indent") == NULL);
        kn_msg_clear(&req);
    }

    kn_msg req = request_at("complete_request", "{\"code\": \"x = pr\", \"cursor_pos\": 6}", 0);
    run(c, KN_CHAN_SHELL, &req);
    check_envelope(&req);
    const json_t *r = the_reply(KN_CHAN_SHELL, "complete_reply");
    CHECK(streq(str_at(r, "status"), "ok"));
    const json_t *m = json_object_get(r, "matches");
    CHECK(json_array_size(m) == 1 && streq(json_string_value(json_array_get(m, 0)), "print"));
    CHECK(json_integer_value(json_object_get(r, "cursor_start")) == 4);
    CHECK(json_integer_value(json_object_get(r, "cursor_end")) == 6);
    CHECK(json_is_object(json_object_get(r, "metadata")));
    kn_msg_clear(&req);

    /* a cursor past the end means the end (counted in code points) */
    req = request_at("complete_request", "{\"code\": \"\\u00e9 = pa\", \"cursor_pos\": 99}", 0);
    run(c, KN_CHAN_SHELL, &req);
    r = the_reply(KN_CHAN_SHELL, "complete_reply");
    CHECK(json_integer_value(json_object_get(r, "cursor_end")) == 6);
    kn_msg_clear(&req);

    req = request_at("inspect_request", "{\"code\": \"print\", \"cursor_pos\": 5}", 0);
    run(c, KN_CHAN_SHELL, &req);
    check_envelope(&req);
    r = the_reply(KN_CHAN_SHELL, "inspect_reply");
    CHECK(streq(str_at(r, "status"), "ok"));
    CHECK(json_is_true(json_object_get(r, "found")));
    CHECK(contains(str_at(json_object_get(r, "data"), "text/plain"), "print("));
    kn_msg_clear(&req);

    req = request_at("inspect_request", "{\"code\": \"zzz\"}", 0);
    run(c, KN_CHAN_SHELL, &req);
    r = the_reply(KN_CHAN_SHELL, "inspect_reply");
    CHECK(json_is_false(json_object_get(r, "found")));
    CHECK(json_object_size(json_object_get(r, "data")) == 0);
    kn_msg_clear(&req);
}

static void test_history(kn_core *c) {
    kn_msg req = request_at("history_request",
                            "{\"hist_access_type\": \"tail\", \"n\": 2, \"output\": true}", 0);
    run(c, KN_CHAN_SHELL, &req);
    check_envelope(&req);
    const json_t *r = the_reply(KN_CHAN_SHELL, "history_reply");
    CHECK(streq(str_at(r, "status"), "ok"));
    const json_t *h = json_object_get(r, "history");
    CHECK(json_array_size(h) == 2);
    /* the last stored cell was "3" (stop_on_error false), whose result is "3" */
    const json_t *last = json_array_get(h, 1);
    const json_t *io = json_array_get(last, 2);
    CHECK(streq(json_string_value(json_array_get(io, 0)), "3"));
    CHECK(streq(json_string_value(json_array_get(io, 1)), "3"));
    kn_msg_clear(&req);
}

static void test_input(kn_core *c) {
    rec.input_answer = "bob";
    kn_msg req = request_at("execute_request", "{\"code\": \"input(\\\"name? \\\")\"}", 0);
    run(c, KN_CHAN_SHELL, &req);
    check_envelope(&req);
    const event *ask = find(EV_INPUT, "name? ", 0);
    CHECK(ask != NULL);
    const event *res = find(EV_PUBLISH, "execute_result", 0);
    CHECK(res && streq(str_at(json_object_get(res->content, "data"), "text/plain"), "'bob'"));
    kn_msg_clear(&req);

    /* a front end without stdin: input() fails in the cell, nothing is asked */
    req = request_at("execute_request",
                     "{\"code\": \"input(\\\"x\\\")\", \"allow_stdin\": false}", 0.5);
    run(c, KN_CHAN_SHELL, &req);
    CHECK(find(EV_INPUT, "x", 0) == NULL);
    const json_t *r = the_reply(KN_CHAN_SHELL, "execute_reply");
    CHECK(streq(str_at(r, "status"), "error"));
    kn_msg_clear(&req);

    /* an interrupted input() ends the cell with KeyboardInterrupt */
    rec.input_answer = NULL;
    req = request_at("execute_request",
                     "{\"code\": \"input(\\\"y\\\")\", \"stop_on_error\": false}", 1);
    run(c, KN_CHAN_SHELL, &req);
    r = the_reply(KN_CHAN_SHELL, "execute_reply");
    CHECK(streq(str_at(r, "ename"), "KeyboardInterrupt"));
    kn_msg_clear(&req);
}

static void test_control(kn_core *c) {
    kn_msg req = request_at("interrupt_request", "{}", 0);
    run(c, KN_CHAN_CONTROL, &req);
    check_envelope(&req);
    CHECK(streq(str_at(the_reply(KN_CHAN_CONTROL, "interrupt_reply"), "status"), "ok"));
    kn_msg_clear(&req);
    tc_error e = {0};
    tc_interrupt_check(&e); /* consume the interrupt it raised */

    req = request_at("shutdown_request", "{\"restart\": true}", 0);
    run(c, KN_CHAN_CONTROL, &req);
    check_envelope(&req);
    const json_t *r = the_reply(KN_CHAN_CONTROL, "shutdown_reply");
    CHECK(json_is_true(json_object_get(r, "restart")));
    const event *pub = find(EV_PUBLISH, "shutdown_reply", 0);
    CHECK(pub && json_is_true(json_object_get(pub->content, "restart")));
    CHECK(find(EV_STOP, "stop", 0) != NULL);
    kn_msg_clear(&req);
}

int main(void) {
    kn_log_set_verbose(false);
    kn_interp *in = kn_interp_new();
    const kn_transport t = {.ctx = NULL, .reply = fake_reply, .publish = fake_publish,
                            .ask_input = fake_ask_input, .request_stop = fake_stop};
    tc_error err = {0};
    kn_core *c = kn_core_new(in, &t, &err);
    CHECK(c != NULL);
    if (!c) return CHECK_DONE();
    test_kernel_info(c);
    test_execute(c);
    test_malformed_and_unknown(c);
    test_stop_on_error(c);
    test_is_complete_complete_inspect(c);
    test_history(c);
    test_input(c);
    test_control(c);
    kn_core_free(c);
    kn_interp_free(in);
    reset();
    return CHECK_DONE();
}
