/*
 * PyTorch text formatting (torch/_tensor_str.py) and the shared string buffer and print
 * options. Linkable skeleton: the formatters fill in below.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tensorcore/format.h"

static tc_printopts g_opts = {4, 1000, 3, 80, -1};

/* Grow b so it can hold 'extra' more bytes plus the terminator. */
static int strbuf_reserve(tc_strbuf *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

/* Append n bytes of s; the buffer stays NUL-terminated. Returns 0, or -1 on OOM. */
int tc_strbuf_append(tc_strbuf *b, const char *s, size_t n) {
    if (strbuf_reserve(b, n) < 0) return -1;
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

/* Append printf-formatted text. Returns 0, or -1 on OOM. */
int tc_strbuf_printf(tc_strbuf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || strbuf_reserve(b, (size_t)n) < 0) return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

/* Release the buffer's memory and zero it. */
void tc_strbuf_free(tc_strbuf *b) {
    if (!b) return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* The process-wide torch print options. Borrowed. */
const tc_printopts *tc_printopts_get(void) { return &g_opts; }

/* Replace the process-wide torch print options. */
void tc_printopts_set(const tc_printopts *o) { g_opts = *o; }

/* torch.set_printoptions(profile=...): unknown names change nothing but sci_mode, as in
 * PyTorch. */
int tc_printopts_profile(const char *profile, tc_error *err) {
    (void)err;
    if (strcmp(profile, "default") == 0) {
        g_opts.precision = 4; g_opts.threshold = 1000; g_opts.edgeitems = 3; g_opts.linewidth = 80;
    } else if (strcmp(profile, "short") == 0) {
        g_opts.precision = 2; g_opts.threshold = 1000; g_opts.edgeitems = 2; g_opts.linewidth = 80;
    } else if (strcmp(profile, "full") == 0) {
        g_opts.precision = 4; g_opts.threshold = INT64_MAX; g_opts.edgeitems = 3; g_opts.linewidth = 80;
    }
    g_opts.sci_mode = -1;
    return 0;
}

int tc_format_tensor(const tc_tensor *t, const tc_printopts *o, tc_strbuf *out, tc_error *err) {
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "tensor formatting not implemented yet");
}
int tc_format_ndarray_str(const tc_tensor *t, tc_strbuf *out, tc_error *err) {
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "ndarray formatting not implemented yet");
}
int tc_format_ndarray_repr(const tc_tensor *t, tc_strbuf *out, tc_error *err) {
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "ndarray formatting not implemented yet");
}
int tc_format_numpy_scalar(const void *p, tc_dtype dt, bool repr, tc_strbuf *out, tc_error *err) {
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "scalar formatting not implemented yet");
}
int tc_format_pyfloat(double v, tc_strbuf *out) {
    char buf[32];
    snprintf(buf, sizeof buf, "%.17g", v);
    return tc_strbuf_append(out, buf, strlen(buf));
}
int tc_format_tensor_html(const tc_tensor *t, const tc_printopts *o, tc_strbuf *out,
                          tc_error *err) {
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "html formatting not implemented yet");
}
