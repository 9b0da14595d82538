/*
 * The runtime hooks (object.h): the one door through which the object model and the torch
 * layer reach the running interpreter, with fallbacks for when no interpreter is running
 * (unit tests, completion between cells).
 */
#include "kernel/objects/objects-impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Installed by the interpreter for the duration of a cell or a bridge evaluation; both run
 * under the interpreter's exec lock, so one pointer suffices. */
static const kn_runtime_hooks *g_hooks;

/* Install hooks, returning the previous ones (see object.h). */
const kn_runtime_hooks *kn_runtime_install(const kn_runtime_hooks *hooks) {
    const kn_runtime_hooks *prev = g_hooks;
    g_hooks = hooks;
    return prev;
}

/* The installed hooks or NULL. */
const kn_runtime_hooks *kn_runtime_current(void) {
    return g_hooks;
}

/* Write to the running cell's stream, or to the process's when no cell runs. */
void kn_rt_write(const char *stream, const char *text, size_t n) {
    if (g_hooks && g_hooks->write) {
        g_hooks->write(g_hooks->ctx, stream, text, n);
        return;
    }
    fwrite(text, 1, n, strcmp(stream, "stderr") == 0 ? stderr : stdout);
}

/* Publish display_data for the running cell; steals bundle. */
void kn_rt_display(json_t *bundle) {
    if (g_hooks && g_hooks->display)
        g_hooks->display(g_hooks->ctx, bundle);
    else
        json_decref(bundle);
}

/* Text for sys.stderr: the cell's stderr, or the program's own stream object when it put one
 * there (contextlib.redirect_stderr); a failing stream loses the text, as CPython's
 * showwarning does. */
void kn__write_stderr(const char *text, size_t n) {
    kn_obj *dest = kn__sys_stream("stderr");
    if (!dest || kn__outstream_name(dest)) {
        kn_rt_write(dest ? kn__outstream_name(dest) : "stderr", text, n);
        return;
    }
    kn_err e;
    tc_error_init(&e);
    kn_obj *s = kn_str_new(text, n);
    kn_incref(dest); /* its write may replace sys.stderr */
    kn_obj *w = s ? kn_getattr(dest, "write", &e) : NULL;
    kn_obj *r = w ? kn_call_simple(w, &s, 1, &e) : NULL;
    kn_decref(r);
    kn_decref(w);
    kn_decref(dest);
    kn_decref(s);
    tc_error_clear(&e);
}

/* "UserWarning: msg" on sys.stderr. */
void kn_rt_warn(const char *category, const char *msg) {
    if (!kn__warning_shown(category && *category ? category : "UserWarning", msg)) return;
    char *text = NULL;
    int n = asprintf(&text, "%s: %s\n", category && *category ? category : "UserWarning", msg);
    if (n < 0) return;
    kn__write_stderr(text, (size_t)n);
    free(text); /* asprintf allocates with libc malloc */
}

/* The running cell's execution count (0 outside cells). */
int kn_rt_execution_count(void) {
    return g_hooks && g_hooks->execution_count ? g_hooks->execution_count(g_hooks->ctx) : 0;
}

/* A line from the front end for input(). */
kn_obj *kn_rt_input(const char *prompt, bool password, kn_err *err) {
    if (g_hooks && g_hooks->input) return g_hooks->input(g_hooks->ctx, prompt, password, err);
    tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                 "input() was called, but this frontend does not support input requests.");
    return NULL;
}

/* Attach an execute_reply payload (see object.h); steals item. */
void kn_rt_payload(json_t *item) {
    if (g_hooks && g_hooks->payload)
        g_hooks->payload(g_hooks->ctx, item);
    else
        json_decref(item);
}

/* The exception being handled (borrowed) or NULL. */
kn_obj *kn_rt_handled(void) {
    return g_hooks && g_hooks->handled ? g_hooks->handled(g_hooks->ctx) : NULL;
}

/* The running interpreter's globals (borrowed) or NULL. */
kn_obj *kn_rt_globals(void) {
    return g_hooks && g_hooks->globals ? g_hooks->globals(g_hooks->ctx) : NULL;
}
