/*
 * A running cell's side effects: stream text buffered and published as stream messages
 * (by the flusher thread at most KN_STREAM_FLUSH_MS after it was written, at once beyond
 * KN_STREAM_FLUSH_BYTES, and always before anything else the cell publishes), display_data,
 * input() through the transport's stdin round trip, and GPU transfer warnings on the cell's
 * stderr. Part of the core: it publishes through the kn_transport and knows no socket.
 */
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <time.h>

#include "kernel/proto/proto-impl.h"

kn_core *kn__current;

/* ---- UTF-8 ------------------------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 when invalid/truncated. */
static size_t utf8_seq(const unsigned char *s, size_t n) {
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80) return 1;
    if (c >= 0xc2 && c <= 0xdf) len = 2, min = 0x80;
    else if (c >= 0xe0 && c <= 0xef) len = 3, min = 0x800;
    else if (c >= 0xf0 && c <= 0xf4) len = 4, min = 0x10000;
    else return 0;
    if (n < len) return 0;
    unsigned cp = c & (0xff >> (len + 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    return len;
}

char *kn__utf8_clean(const char *text, size_t n, size_t *out_len) {
    char *out = tc_malloc(3 * n + 1);
    if (!out) return NULL;
    const unsigned char *s = (const unsigned char *)text;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t l = utf8_seq(s + i, n - i);
        if (l && !(l == 1 && s[i] == 0)) {
            memcpy(out + o, s + i, l);
            o += l;
            i += l;
        } else {
            memcpy(out + o, "\xef\xbf\xbd", 3);
            o += 3;
            i += 1;
        }
    }
    out[o] = '\0';
    if (out_len) *out_len = o;
    return out;
}

/* How many leading bytes of buf can be sent now: all but an unfinished last character. */
static size_t complete_prefix(const char *buf, size_t len) {
    size_t i = len;
    for (size_t back = 0; i > 0 && back < 4; back++) {
        unsigned char c = (unsigned char)buf[i - 1];
        if ((c & 0xc0) != 0x80) {
            size_t need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
            return (len - (i - 1)) < need && need > 1 ? i - 1 : len;
        }
        i--;
    }
    return len;
}

/* ---- streams ---------------------------------------------------------------------------- */

static void *flush_main(void *arg);

int kn__streams_init(kn_core *c, tc_error *err) {
    kn_streams *s = &c->streams;
    s->cap = 4096;
    s->buf = tc_malloc(s->cap);
    if (!s->buf) return tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->cond, NULL);
    /* the flusher never takes SIGINT/SIGTERM: they belong to the shell thread */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    s->flush_on = pthread_create(&s->flush_th, NULL, flush_main, c) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!s->flush_on) return tc_error_set(err, TC_EXC_OS, "cannot start the stream flusher");
    return 0;
}

void kn__streams_destroy(kn_core *c) {
    kn_streams *s = &c->streams;
    if (!s->buf) return;
    pthread_mutex_lock(&s->lock);
    s->stop = true;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    if (s->flush_on) pthread_join(s->flush_th, NULL);
    s->flush_on = false;
    json_decref(s->parent);
    tc_free(s->buf);
    s->buf = NULL;
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->cond);
}

/* Publish the pending text (all of it when 'all', else up to the last whole character).
 * Called with the lock held. */
static void flush_locked(kn_core *c, bool all) {
    kn_streams *s = &c->streams;
    if (!s->len || !s->parent) return;
    size_t n = all ? s->len : complete_prefix(s->buf, s->len);
    if (!n) return;
    size_t clean_len;
    char *clean = kn__utf8_clean(s->buf, n, &clean_len);
    json_t *content = clean ? json_pack("{s:s, s:s#}", "name", s->name, "text", clean, clean_len)
                            : NULL;
    tc_free(clean);
    if (content) c->t.publish(c->t.ctx, s->parent, "stream", content);
    memmove(s->buf, s->buf + n, s->len - n);
    s->len -= n;
}

void kn__streams_flush(kn_core *c) {
    pthread_mutex_lock(&c->streams.lock);
    flush_locked(c, true);
    pthread_mutex_unlock(&c->streams.lock);
}

void kn__streams_begin(kn_core *c, const json_t *parent) {
    kn_streams *s = &c->streams;
    pthread_mutex_lock(&s->lock);
    json_decref(s->parent);
    s->parent = json_incref((json_t *)parent);
    s->len = 0;
    pthread_mutex_unlock(&s->lock);
}

void kn__streams_end(kn_core *c) {
    kn_streams *s = &c->streams;
    pthread_mutex_lock(&s->lock);
    flush_locked(c, true);
    json_decref(s->parent);
    s->parent = NULL;
    pthread_mutex_unlock(&s->lock);
}

static bool reserve(kn_streams *s, size_t extra) {
    if (s->len + extra <= s->cap) return true;
    size_t cap = s->cap;
    while (cap < s->len + extra) cap *= 2;
    char *b = tc_realloc(s->buf, cap);
    if (!b) return false;
    s->buf = b;
    s->cap = cap;
    return true;
}

void kn__streams_write(kn_core *c, const char *name, const char *text, size_t n) {
    kn_streams *s = &c->streams;
    if (!n) return;
    pthread_mutex_lock(&s->lock);
    if (s->len && strcmp(s->name, name) != 0) flush_locked(c, true);
    snprintf(s->name, sizeof s->name, "%s", strcmp(name, "stderr") == 0 ? "stderr" : "stdout");
    bool was_empty = s->len == 0;
    if (reserve(s, n)) {
        memcpy(s->buf + s->len, text, n);
        s->len += n;
    }
    if (s->len >= KN_STREAM_FLUSH_BYTES) flush_locked(c, false);
    else if (was_empty) pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->lock);
}

/* The flusher: once text is pending, wait KN_STREAM_FLUSH_MS more, then publish it. */
static void *flush_main(void *arg) {
    kn_core *c = arg;
    kn_streams *s = &c->streams;
    pthread_mutex_lock(&s->lock);
    while (!s->stop) {
        if (!s->len) {
            pthread_cond_wait(&s->cond, &s->lock);
            continue;
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += KN_STREAM_FLUSH_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
        while (!s->stop && pthread_cond_timedwait(&s->cond, &s->lock, &until) == 0) {
        }
        flush_locked(c, false);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* ---- kn_io callbacks -------------------------------------------------------------------- */

static void io_stream(void *ctx, const char *name, const char *text, size_t n) {
    kn__streams_write(ctx, name, text, n);
}

static void io_display(void *ctx, json_t *bundle) {
    kn_core *c = ctx;
    kn__streams_flush(c);
    if (!json_is_object(bundle) || !c->cell_req) {
        json_decref(bundle);
        return;
    }
    json_t *content = json_pack("{s:o, s:{}, s:{}}", "data", bundle, "metadata", "transient");
    if (content) c->t.publish(c->t.ctx, c->cell_req->header, "display_data", content);
}

static char *io_input(void *ctx, const char *prompt, bool password, tc_error *err) {
    kn_core *c = ctx;
    if (!c->cell_allow_stdin || !c->cell_req) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                     "input() was called, but this frontend does not support input requests.");
        return NULL;
    }
    kn__streams_flush(c);
    return c->t.ask_input(c->t.ctx, c->cell_req, prompt ? prompt : "", password, c->intr_fd,
                          err);
}

kn_io kn__cell_io(kn_core *c, bool allow_stdin) {
    c->cell_allow_stdin = allow_stdin;
    return (kn_io){.ctx = c, .stream = io_stream, .display = io_display, .input = io_input,
                   .allow_stdin = allow_stdin};
}

void kn_core_set_current(kn_core *c) { kn__current = c; }

void kn_kernel_gpu_warn(const char *text) {
    kn_core *c = kn__current;
    size_t n = strlen(text);
    if (!c) {
        kn_log(KN_LOG_WARN, "%s", text);
        return;
    }
    pthread_mutex_lock(&c->streams.lock);
    bool in_cell = c->streams.parent != NULL;
    pthread_mutex_unlock(&c->streams.lock);
    if (!in_cell) {
        kn_log(KN_LOG_WARN, "%s", text);
        return;
    }
    kn__streams_write(c, "stderr", text, n);
    if (n == 0 || text[n - 1] != '\n') kn__streams_write(c, "stderr", "\n", 1);
}
