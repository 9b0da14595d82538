/*
 * The transport layer and the kernel's life: binding the five sockets of the connection
 * file, the heartbeat thread (echo on REP), the iopub thread (forwards what every other
 * thread publishes through an inproc pipe to the XPUB socket and greets new subscribers
 * with iopub_welcome), the control thread (its own socket, so interrupt and shutdown are
 * answered while a cell runs; it also watches JPY_PARENT_PID), the stdin round trip,
 * signals, and an orderly stop that closes every socket.
 *
 * It knows nothing of message types: each decoded request goes to the listener that the
 * core (core.h) registered, and the core answers through the kn_transport callbacks below.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <zmq.h>

#include "kernel/proto/core.h"

#define KN_REPLAY_CAPACITY 65536
#define KN_MAX_FRAMES 64 /* frames kept per message: ids + 6 + buffers (ignored) */
#define STOP_GRACE_MS 3000 /* after a stop request the process exits at the latest this late */
#define LINGER_MS 1000
#define PUB_STOP "\x00stop"

/* Who handles the requests the server receives: registered once, before any thread runs. */
typedef struct kn_listener {
    void *ctx;
    /* One decoded request (borrowed) from channel ch; called on that channel's thread. */
    void (*on_request)(void *ctx, kn_chan_id ch, const kn_msg *req);
    /* SIGINT or a stop: interrupt the running cell. Must be async-signal-safe. */
    void (*on_interrupt)(void *ctx);
    /* No shell request for KN_IDLE_TRIM_MS after the last one: on the shell thread. */
    void (*on_idle)(void *ctx);
} kn_listener;

/* How long the shell waits after a request before giving memory kept for speed back: long
 * enough that cells run back to back (Run All) keep their reuse, short enough that a kernel
 * left alone shrinks before anyone looks. */
#define KN_IDLE_TRIM_MS 250

struct kn_kernel {
    kn_conn conn;
    void (*exit_hook)(void *ctx); /* see kn_kernel_set_exit_hook */
    void *exit_hook_ctx;
    kn_signer *signer;
    kn_replay *replay;
    void *zctx;
    void *shell, *control, *stdin_sock, *hb, *iopub; /* iopub is used by the iopub thread */
    void *pub_in, *pub_out;  /* inproc PULL (iopub thread) and PUSH (everyone, pub_lock) */
    pthread_mutex_t pub_lock;
    pthread_t hb_th, iopub_th, control_th;
    bool hb_on, iopub_on, control_on;
    int wake_fd;   /* readable once a stop was requested */
    int done_fd;   /* readable once the shell loop returned */
    int parent_fd; /* pidfd of JPY_PARENT_PID, or -1 */
    pid_t parent_pid;
    atomic_bool stop;
    char session[40];
    atomic_uint_fast64_t seq;
    kn_listener listener;
    kn_core *core; /* the listener's owner, freed with the server */
};

static kn_kernel *g_signal_kernel;
static void request_stop(kn_kernel *k);

/* ---- headers and sending ---------------------------------------------------------------- */

static void iso_now(char *buf, size_t size) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + n, size - n, ".%06ldZ", ts.tv_nsec / 1000);
}

/* A new header object for an outgoing message. */
static json_t *header_new(kn_kernel *k, const char *msg_type) {
    char id[80], date[40];
    unsigned long long seq = (unsigned long long)atomic_fetch_add(&k->seq, 1);
    snprintf(id, sizeof id, "%s_%d_%llu", k->session, (int)getpid(), seq);
    iso_now(date, sizeof date);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "msg_id", id, "session", k->session,
                     "username", "kernel", "date", date, "msg_type", msg_type, "version",
                     KN_PROTOCOL_VERSION);
}

static int send_frame(void *sock, const void *data, size_t len, bool more) {
    while (zmq_send(sock, data, len, more ? ZMQ_SNDMORE : 0) < 0) {
        if (errno != EINTR) return -1;
    }
    return 0;
}

/* ids, delimiter, signature and the four JSON parts. */
static int send_body(void *sock, char *const *ids, const size_t *ids_len, size_t n_ids,
                     const kn_wire_body *b) {
    for (size_t i = 0; i < n_ids; i++)
        if (send_frame(sock, ids[i], ids_len[i], true) < 0) return -1;
    if (send_frame(sock, "<IDS|MSG>", 9, true) < 0) return -1;
    if (send_frame(sock, b->sig, strlen(b->sig), true) < 0) return -1;
    for (int i = 0; i < 4; i++)
        if (send_frame(sock, b->part[i], b->len[i], i < 3) < 0) return -1;
    return 0;
}

static int encode(kn_kernel *k, const json_t *parent, const char *msg_type, json_t *content,
                  kn_wire_body *body) {
    json_t *header = header_new(k, msg_type);
    json_t *par = parent ? json_incref((json_t *)parent) : json_object();
    json_t *meta = json_object();
    int rc = header && par && meta && content
                 ? kn_wire_encode(k->signer, header, par, meta, content, body)
                 : -1;
    json_decref(header);
    json_decref(par);
    json_decref(meta);
    json_decref(content);
    if (rc < 0) kn_log(KN_LOG_ERROR, "cannot encode %s", msg_type);
    return rc;
}

/* kn_transport.publish: publish on iopub through the inproc pipe. */
static void publish(void *ctx, const json_t *parent, const char *msg_type, json_t *content) {
    kn_kernel *k = ctx;
    kn_wire_body body;
    if (encode(k, parent, msg_type, content, &body) < 0) return;
    char topic[96];
    snprintf(topic, sizeof topic, "kernel.%s.%s", k->session, msg_type);
    char *ids[1] = {topic};
    size_t ids_len[1] = {strlen(topic)};
    pthread_mutex_lock(&k->pub_lock);
    if (send_body(k->pub_out, ids, ids_len, 1, &body) < 0)
        kn_log(KN_LOG_WARN, "iopub send failed: %s", zmq_strerror(errno));
    pthread_mutex_unlock(&k->pub_lock);
    kn_wire_body_clear(&body);
}

static void send_to(kn_kernel *k, void *sock, const kn_msg *req, const char *msg_type,
                    json_t *content) {
    kn_wire_body body;
    if (encode(k, req->header, msg_type, content, &body) < 0) return;
    if (send_body(sock, req->ids, req->ids_len, req->n_ids, &body) < 0)
        kn_log(KN_LOG_WARN, "cannot send %s: %s", msg_type, zmq_strerror(errno));
    kn_wire_body_clear(&body);
}

/* ---- receiving ---------------------------------------------------------------------------- */

/* Receive every frame of one message into msgs (up to KN_MAX_FRAMES kept). */
static int recv_frames(void *sock, zmq_msg_t *msgs, size_t *n, bool block) {
    *n = 0;
    int more = 1;
    while (more) {
        zmq_msg_t m;
        zmq_msg_init(&m);
        int flags = (*n == 0 && !block) ? ZMQ_DONTWAIT : 0;
        if (zmq_msg_recv(&m, sock, flags) < 0) {
            zmq_msg_close(&m);
            if (errno == EINTR && *n > 0) continue;
            if (*n == 0) return errno == EAGAIN || errno == EINTR ? 0 : -1;
            for (size_t i = 0; i < *n; i++) zmq_msg_close(&msgs[i]);
            *n = 0;
            return -1;
        }
        more = zmq_msg_more(&m);
        if (*n < KN_MAX_FRAMES) msgs[(*n)++] = m;
        else zmq_msg_close(&m);
    }
    return 1;
}

/* Receive one multipart message: 1 when one was decoded into *out, 0 when nothing is
 * waiting, -1 when a message was received and dropped (logged), -2 when the socket failed. */
static int recv_msg(kn_kernel *k, void *sock, kn_msg *out, bool block) {
    zmq_msg_t msgs[KN_MAX_FRAMES];
    kn_frame frames[KN_MAX_FRAMES];
    size_t n;
    int rc = recv_frames(sock, msgs, &n, block);
    if (rc <= 0) return rc == 0 ? 0 : -2;
    for (size_t i = 0; i < n; i++) frames[i] = (kn_frame){zmq_msg_data(&msgs[i]), zmq_msg_size(&msgs[i])};
    tc_error err = {0};
    rc = kn_wire_decode(frames, n, k->signer, k->replay, out, &err);
    for (size_t i = 0; i < n; i++) zmq_msg_close(&msgs[i]);
    if (rc < 0) {
        kn_log(KN_LOG_WARN, "dropped a message: %s", err.msg);
        return -1;
    }
    kn_log(KN_LOG_DEBUG, "received %s", kn_msg_type(out));
    return 1;
}

/* ---- the kn_transport the core sends through ---------------------------------------------- */

/* kn_transport.reply: answer on the channel the request came in on. */
static void reply(void *ctx, kn_chan_id ch, const kn_msg *req, const char *msg_type,
                  json_t *content) {
    kn_kernel *k = ctx;
    send_to(k, ch == KN_CHAN_CONTROL ? k->control : k->shell, req, msg_type, content);
}

/* Wait for input_reply on stdin; NULL with KeyboardInterrupt when cancel_fd or a stop wakes
 * the wait first. Other messages on stdin are logged and dropped. */
static char *wait_input_reply(kn_kernel *k, int cancel_fd, tc_error *err) {
    zmq_pollitem_t items[3] = {{k->stdin_sock, 0, ZMQ_POLLIN, 0},
                               {NULL, cancel_fd, ZMQ_POLLIN, 0},
                               {NULL, k->wake_fd, ZMQ_POLLIN, 0}};
    for (;;) {
        if (zmq_poll(items, 3, -1) < 0) {
            if (errno == EINTR) continue;
            tc_error_set(err, TC_EXC_OS, "stdin channel failed: %s", zmq_strerror(errno));
            return NULL;
        }
        if ((items[1].revents | items[2].revents) & ZMQ_POLLIN) {
            eventfd_t v;
            eventfd_read(cancel_fd, &v);
            if (tc_interrupt_check(err) == 0) tc_error_set(err, TC_EXC_KEYBOARD_INTERRUPT, " ");
            return NULL;
        }
        kn_msg m;
        int rc;
        while ((rc = recv_msg(k, k->stdin_sock, &m, false)) != 0 && rc != -2) {
            if (rc < 0) continue;
            json_t *value = json_object_get(m.content, "value");
            bool ok = strcmp(kn_msg_type(&m), "input_reply") == 0 && json_is_string(value);
            char *line = ok ? tc_strdup(json_string_value(value)) : NULL;
            if (!ok) kn_log(KN_LOG_WARN, "ignored %s on stdin", kn_msg_type(&m));
            kn_msg_clear(&m);
            if (ok) return line;
        }
    }
}

/* kn_transport.ask_input: input_request on stdin, routed to the request's sender. Only the
 * shell thread runs cells, so one round trip is on the socket at a time. */
static char *ask_input(void *ctx, const kn_msg *req, const char *prompt, bool password,
                       int cancel_fd, tc_error *err) {
    kn_kernel *k = ctx;
    json_t *content = json_pack("{s:s, s:b}", "prompt", prompt, "password", password);
    send_to(k, k->stdin_sock, req, "input_request", content);
    return wait_input_reply(k, cancel_fd, err);
}

/* kn_transport.request_stop. */
static void transport_stop(void *ctx) { request_stop(ctx); }

/* ---- threads ---------------------------------------------------------------------------- */

/* Heartbeat: echo every message (all its parts, read before any is sent, as REP requires)
 * until the context shuts down. */
static void *hb_main(void *arg) {
    kn_kernel *k = arg;
    enum { MAX_PARTS = 16 };
    zmq_msg_t parts[MAX_PARTS];
    for (;;) {
        int n = 0, more = 1;
        while (more) {
            zmq_msg_t m;
            zmq_msg_init(&m);
            if (zmq_msg_recv(&m, k->hb, 0) < 0) {
                zmq_msg_close(&m);
                if (errno == EINTR) continue;
                for (int i = 0; i < n; i++) zmq_msg_close(&parts[i]);
                return NULL;
            }
            more = zmq_msg_more(&m);
            if (n < MAX_PARTS) parts[n++] = m;
            else zmq_msg_close(&m);
        }
        for (int i = 0; i < n; i++)
            if (zmq_msg_send(&parts[i], k->hb, i + 1 < n ? ZMQ_SNDMORE : 0) < 0)
                zmq_msg_close(&parts[i]);
    }
}

/* Forward one multipart message from pub_in to iopub; false when it was the stop marker. */
static bool forward_one(kn_kernel *k) {
    int more = 1;
    bool first = true;
    while (more) {
        zmq_msg_t m;
        zmq_msg_init(&m);
        if (zmq_msg_recv(&m, k->pub_in, 0) < 0) {
            zmq_msg_close(&m);
            if (errno == EINTR) continue;
            return false;
        }
        more = zmq_msg_more(&m);
        if (first && !more && zmq_msg_size(&m) == sizeof PUB_STOP - 1 &&
            memcmp(zmq_msg_data(&m), PUB_STOP, sizeof PUB_STOP - 1) == 0) {
            zmq_msg_close(&m);
            return false;
        }
        first = false;
        if (zmq_msg_send(&m, k->iopub, more ? ZMQ_SNDMORE : 0) < 0) zmq_msg_close(&m);
    }
    return true;
}

/* A subscription arrived on the XPUB socket: greet it (JEP 65 iopub_welcome). */
static void welcome(kn_kernel *k) {
    zmq_msg_t m;
    zmq_msg_init(&m);
    if (zmq_msg_recv(&m, k->iopub, ZMQ_DONTWAIT) < 0) {
        zmq_msg_close(&m);
        return;
    }
    const unsigned char *d = zmq_msg_data(&m);
    size_t n = zmq_msg_size(&m);
    if (n >= 1 && d[0] == 1) {
        kn_wire_body body;
        json_t *content = json_pack("{s:s#}", "subscription", (const char *)d + 1, n - 1);
        if (content && encode(k, NULL, "iopub_welcome", content, &body) == 0) {
            char *ids[1] = {(char *)d + 1};
            size_t ids_len[1] = {n - 1};
            send_body(k->iopub, ids, ids_len, 1, &body);
            kn_wire_body_clear(&body);
        }
    }
    zmq_msg_close(&m);
}

static void *iopub_main(void *arg) {
    kn_kernel *k = arg;
    zmq_pollitem_t items[2] = {{k->pub_in, 0, ZMQ_POLLIN, 0}, {k->iopub, 0, ZMQ_POLLIN, 0}};
    for (;;) {
        if (zmq_poll(items, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (items[1].revents & ZMQ_POLLIN) welcome(k);
        if ((items[0].revents & ZMQ_POLLIN) && !forward_one(k)) break;
    }
    return NULL;
}

static bool parent_gone(kn_kernel *k) {
    if (k->parent_pid <= 1) return false;
    return kill(k->parent_pid, 0) < 0 && errno == ESRCH;
}

/* After a stop request: give the shell thread a grace period to finish, then exit hard. */
static void stop_watchdog(kn_kernel *k) {
    struct pollfd p = {k->done_fd, POLLIN, 0};
    int rc;
    do rc = poll(&p, 1, STOP_GRACE_MS);
    while (rc < 0 && errno == EINTR);
    if (rc == 0) {
        kn_log(KN_LOG_WARN, "the running cell did not stop; exiting");
        if (k->exit_hook) k->exit_hook(k->exit_hook_ctx);
        _exit(1);
    }
}

void kn_kernel_set_exit_hook(kn_kernel *k, void (*fn)(void *ctx), void *ctx) {
    k->exit_hook = fn;
    k->exit_hook_ctx = ctx;
}

static void *control_main(void *arg) {
    kn_kernel *k = arg;
    zmq_pollitem_t items[3] = {{k->control, 0, ZMQ_POLLIN, 0},
                               {NULL, k->wake_fd, ZMQ_POLLIN, 0},
                               {NULL, k->parent_fd, ZMQ_POLLIN, 0}};
    int nitems = k->parent_fd >= 0 ? 3 : 2;
    long timeout = k->parent_pid > 1 && k->parent_fd < 0 ? 1000 : -1;
    while (!atomic_load(&k->stop)) {
        if (zmq_poll(items, nitems, timeout) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if ((nitems == 3 && (items[2].revents & ZMQ_POLLIN)) || (timeout > 0 && parent_gone(k))) {
            kn_log(KN_LOG_WARN, "parent process %d exited; shutting down", (int)k->parent_pid);
            request_stop(k);
            break;
        }
        kn_msg m;
        while (!atomic_load(&k->stop) && (items[0].revents & ZMQ_POLLIN)) {
            int rc = recv_msg(k, k->control, &m, false);
            if (rc == 0 || rc == -2) break;
            if (rc < 0) continue;
            k->listener.on_request(k->listener.ctx, KN_CHAN_CONTROL, &m);
            kn_msg_clear(&m);
        }
    }
    if (atomic_load(&k->stop)) stop_watchdog(k);
    return NULL;
}

/* ---- signals ---------------------------------------------------------------------------- */

static void on_sigint(int sig) {
    int saved = errno;
    kn_kernel *k = g_signal_kernel;
    if (k) k->listener.on_interrupt(k->listener.ctx);
    errno = saved;
}

static void on_sigterm(int sig) {
    int saved = errno;
    if (g_signal_kernel) request_stop(g_signal_kernel);
    errno = saved;
}

/* Ask every loop to stop and the running cell to end (async-signal-safe). */
static void request_stop(kn_kernel *k) {
    atomic_store(&k->stop, true);
    k->listener.on_interrupt(k->listener.ctx);
    eventfd_write(k->wake_fd, 1);
}

static void install_signals(kn_kernel *k) {
    g_signal_kernel = k;
    struct sigaction sa = {0};
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = on_sigterm;
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* ---- setup ------------------------------------------------------------------------------ */

static void make_session(kn_kernel *k) {
    unsigned char raw[16];
    if (getrandom(raw, sizeof raw, GRND_NONBLOCK) != (ssize_t)sizeof raw) {
        for (size_t i = 0; i < sizeof raw; i++) raw[i] = (unsigned char)(rand() ^ getpid() >> i);
    }
    raw[6] = (raw[6] & 0x0f) | 0x40;
    raw[8] = (raw[8] & 0x3f) | 0x80;
    static const char hex[] = "0123456789abcdef";
    char *p = k->session;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) *p++ = '-';
        *p++ = hex[raw[i] >> 4];
        *p++ = hex[raw[i] & 15];
    }
    *p = '\0';
}

static void *open_socket(kn_kernel *k, int type, int port, tc_error *err) {
    char ep[320];
    if (kn_conn_endpoint(&k->conn, port, ep, sizeof ep) < 0) {
        tc_error_set(err, TC_EXC_VALUE, "connection address too long");
        return NULL;
    }
    void *s = zmq_socket(k->zctx, type);
    int linger = LINGER_MS;
    if (s) zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
    if (!s || zmq_bind(s, ep) < 0) {
        tc_error_set(err, TC_EXC_OS, "cannot bind %s: %s", ep, zmq_strerror(errno));
        if (s) zmq_close(s);
        return NULL;
    }
    kn_log(KN_LOG_DEBUG, "bound %s", ep);
    return s;
}

static int open_pub_pipe(kn_kernel *k, tc_error *err) {
    char ep[64];
    snprintf(ep, sizeof ep, "inproc://iopub-%p", (void *)k);
    k->pub_in = zmq_socket(k->zctx, ZMQ_PULL);
    k->pub_out = zmq_socket(k->zctx, ZMQ_PUSH);
    int hwm = 0; /* never drop or block on the internal pipe */
    if (k->pub_in) zmq_setsockopt(k->pub_in, ZMQ_RCVHWM, &hwm, sizeof hwm);
    if (k->pub_out) zmq_setsockopt(k->pub_out, ZMQ_SNDHWM, &hwm, sizeof hwm);
    if (!k->pub_in || !k->pub_out || zmq_bind(k->pub_in, ep) < 0 || zmq_connect(k->pub_out, ep) < 0)
        return tc_error_set(err, TC_EXC_OS, "cannot open the iopub pipe: %s", zmq_strerror(errno));
    return 0;
}

static int open_sockets(kn_kernel *k, tc_error *err) {
    const kn_conn *c = &k->conn;
    if (!(k->shell = open_socket(k, ZMQ_ROUTER, c->shell_port, err)) ||
        !(k->control = open_socket(k, ZMQ_ROUTER, c->control_port, err)) ||
        !(k->stdin_sock = open_socket(k, ZMQ_ROUTER, c->stdin_port, err)) ||
        !(k->iopub = open_socket(k, ZMQ_XPUB, c->iopub_port, err)) ||
        !(k->hb = open_socket(k, ZMQ_REP, c->hb_port, err)))
        return -1;
    int zero = 0, one = 1;
    /* every subscriber is greeted, not only the first one for a topic */
    zmq_setsockopt(k->iopub, ZMQ_XPUB_VERBOSE, &one, sizeof one);
    zmq_setsockopt(k->hb, ZMQ_LINGER, &zero, sizeof zero);
    zmq_setsockopt(k->stdin_sock, ZMQ_LINGER, &zero, sizeof zero);
    return open_pub_pipe(k, err);
}

static void watch_parent(kn_kernel *k) {
    k->parent_fd = -1;
    const char *env = getenv("JPY_PARENT_PID");
    if (!env || !*env) return;
    char *end;
    long pid = strtol(env, &end, 10);
    if (*end || pid <= 1) return;
    k->parent_pid = (pid_t)pid;
#ifdef SYS_pidfd_open
    k->parent_fd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
#endif
    if (k->parent_fd < 0 && parent_gone(k)) kn_log(KN_LOG_WARN, "parent %ld is not running", pid);
}

static int start_threads_masked(kn_kernel *k, tc_error *err) {
    if (pthread_create(&k->hb_th, NULL, hb_main, k) != 0) goto fail;
    k->hb_on = true;
    if (pthread_create(&k->iopub_th, NULL, iopub_main, k) != 0) goto fail;
    k->iopub_on = true;
    if (pthread_create(&k->control_th, NULL, control_main, k) != 0) goto fail;
    k->control_on = true;
    return 0;
fail:
    return tc_error_set(err, TC_EXC_OS, "cannot start a kernel thread");
}

/* Helper threads never take SIGINT/SIGTERM: the signals land on the shell thread, where a
 * blocking call in a running cell (a sleep) returns EINTR and sees the interrupt. */
static int start_threads(kn_kernel *k, tc_error *err) {
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int rc = start_threads_masked(k, err);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

/* The core as the server's listener. */
static void core_on_request(void *ctx, kn_chan_id ch, const kn_msg *req) {
    kn_core_dispatch(ctx, ch, req);
}
static void core_on_interrupt(void *ctx) { kn_core_interrupt(ctx); }
static void core_on_idle(void *ctx) { kn_core_idle(ctx); }

kn_kernel *kn_kernel_new(const kn_conn *conn, kn_interp *in, tc_error *err) {
    kn_kernel *k = tc_calloc(1, sizeof *k);
    if (!k) {
        tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        return NULL;
    }
    k->conn = *conn;
    k->conn.key = tc_strdup(conn->key ? conn->key : "");
    k->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    k->done_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    k->parent_fd = -1;
    pthread_mutex_init(&k->pub_lock, NULL);
    make_session(k);
    /* the core registers with the server before any thread can receive a request */
    const kn_transport t = {.ctx = k, .reply = reply, .publish = publish,
                            .ask_input = ask_input, .request_stop = transport_stop};
    k->core = kn_core_new(in, &t, err);
    if (!k->core) {
        kn_kernel_free(k);
        return NULL;
    }
    k->listener = (kn_listener){.ctx = k->core, .on_request = core_on_request,
                                .on_interrupt = core_on_interrupt, .on_idle = core_on_idle};
    watch_parent(k);
    k->zctx = zmq_ctx_new();
    bool ok = k->conn.key && k->wake_fd >= 0 && k->done_fd >= 0 && k->zctx &&
              open_sockets(k, err) == 0;
    /* after binding: a client that connects meanwhile waits for us, not for a retry */
    k->signer = ok ? kn_signer_new(k->conn.scheme, k->conn.key, strlen(k->conn.key), err) : NULL;
    k->replay = kn_replay_new(KN_REPLAY_CAPACITY);
    if (!ok || !k->signer || !k->replay || start_threads(k, err) < 0) {
        tc_error_set(err, TC_EXC_OS, "cannot start the kernel");
        kn_kernel_free(k);
        return NULL;
    }
    if (!kn_signer_enabled(k->signer)) kn_log(KN_LOG_WARN, "no key: messages are not signed");
    kn_core_set_current(k->core);
    install_signals(k);
    return k;
}

/* ---- serving ---------------------------------------------------------------------------- */

int kn_kernel_serve(kn_kernel *k) {
    zmq_pollitem_t items[2] = {{k->shell, 0, ZMQ_POLLIN, 0}, {NULL, k->wake_fd, ZMQ_POLLIN, 0}};
    bool served = false; /* a request since the last trim */
    while (!atomic_load(&k->stop)) {
        int n = zmq_poll(items, 2, served && k->listener.on_idle ? KN_IDLE_TRIM_MS : -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            kn_log(KN_LOG_ERROR, "poll failed: %s", zmq_strerror(errno));
            break;
        }
        if (n == 0) {
            k->listener.on_idle(k->listener.ctx);
            served = false;
            continue;
        }
        kn_msg m;
        int rc;
        while (!atomic_load(&k->stop) && (rc = recv_msg(k, k->shell, &m, false)) != 0) {
            if (rc == -2) break;
            if (rc < 0) continue;
            k->listener.on_request(k->listener.ctx, KN_CHAN_SHELL, &m);
            kn_msg_clear(&m);
            served = true;
        }
    }
    eventfd_write(k->done_fd, 1);
    return 0;
}

static void join(pthread_t th, bool *on) {
    if (*on) pthread_join(th, NULL);
    *on = false;
}

static void close_socket(void **s) {
    if (*s) zmq_close(*s);
    *s = NULL;
}

static void remove_ipc_files(const kn_conn *c) {
    if (strcmp(c->transport, "ipc") != 0) return;
    int ports[5] = {c->shell_port, c->iopub_port, c->stdin_port, c->control_port, c->hb_port};
    for (int i = 0; i < 5; i++) {
        char path[300];
        snprintf(path, sizeof path, "%s-%d", c->ip, ports[i]);
        unlink(path);
    }
}

void kn_kernel_free(kn_kernel *k) {
    if (!k) return;
    if (g_signal_kernel == k) g_signal_kernel = NULL;
    atomic_store(&k->stop, true);
    if (k->wake_fd >= 0) eventfd_write(k->wake_fd, 1);
    if (k->done_fd >= 0) eventfd_write(k->done_fd, 1);
    join(k->control_th, &k->control_on);
    kn_core_free(k->core); /* joins the stream flusher, the last publisher besides us */
    k->core = NULL;
    if (k->iopub_on) {
        pthread_mutex_lock(&k->pub_lock);
        send_frame(k->pub_out, PUB_STOP, sizeof PUB_STOP - 1, false);
        pthread_mutex_unlock(&k->pub_lock);
    }
    join(k->iopub_th, &k->iopub_on);
    if (k->zctx) zmq_ctx_shutdown(k->zctx);
    join(k->hb_th, &k->hb_on);
    void **socks[] = {&k->shell, &k->control, &k->stdin_sock, &k->iopub, &k->hb, &k->pub_in,
                      &k->pub_out};
    for (size_t i = 0; i < sizeof socks / sizeof *socks; i++) close_socket(socks[i]);
    if (k->zctx) zmq_ctx_term(k->zctx);
    remove_ipc_files(&k->conn);
    int fds[] = {k->wake_fd, k->done_fd, k->parent_fd};
    for (int i = 0; i < 3; i++)
        if (fds[i] >= 0) close(fds[i]);
    kn_signer_free(k->signer);
    kn_replay_free(k->replay);
    pthread_mutex_destroy(&k->pub_lock);
    tc_free(k->conn.key);
    tc_free(k);
}
