/*
 * Kernel log: one line per event on stderr with a fixed prefix, so the messages mix cleanly
 * with whatever the front end's launcher captures. Warnings and errors always; INFO and
 * DEBUG lines only when asked (--debug, or TENSORKERNEL_DEBUG=1 in the environment), so
 * papermill and nbconvert logs stay clean.
 */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>

#include "kernel/proto/proto.h"

static atomic_bool g_verbose;

/* Turn INFO and DEBUG lines on or off. */
void kn_log_set_verbose(bool on) { atomic_store(&g_verbose, on); }

/* Write one prefixed line to stderr (a single write so threads do not interleave). */
void kn_log(kn_log_level level, const char *fmt, ...) {
    static const char *const names[] = {"debug", "info", "warning", "error"};
    if (level <= KN_LOG_INFO && !atomic_load(&g_verbose)) return;
    char line[1200];
    int n = snprintf(line, sizeof line, "tensorkernel: %s: ", names[level]);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    va_end(ap);
    size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
    if (len > sizeof line - 2) len = sizeof line - 2;
    line[len++] = '\n';
    fwrite(line, 1, len, stderr);
}
