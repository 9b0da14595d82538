/*
 * The time module: wall clock, monotonic and performance counters, and sleep(), which
 * waits in slices of at most 10 ms so an interrupt stops it with KeyboardInterrupt.
 */
#include <math.h>
#include <time.h>

#include "kernel/objects/objects-impl.h"

static double clock_s(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int64_t clock_ns(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

#define CLOCK_FN(fname, id, ns)                                                                    \
    static kn_obj *t_##fname(kn_obj *self, const kn_args *args, kn_err *err) {                     \
        if (kn__no_args(args, #fname, err) < 0) return NULL;                                       \
        return ns ? kn_int_new(clock_ns(id)) : kn_float_new(clock_s(id));                          \
    }
CLOCK_FN(time, CLOCK_REALTIME, 0)
CLOCK_FN(time_ns, CLOCK_REALTIME, 1)
CLOCK_FN(monotonic, CLOCK_MONOTONIC, 0)
CLOCK_FN(monotonic_ns, CLOCK_MONOTONIC, 1)
CLOCK_FN(perf_counter, CLOCK_MONOTONIC, 0)
CLOCK_FN(perf_counter_ns, CLOCK_MONOTONIC, 1)
CLOCK_FN(process_time, CLOCK_PROCESS_CPUTIME_ID, 0)

static kn_obj *t_sleep(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"secs"};
    kn_obj *a[1];
    if (KN__BIND(args, "sleep", names, 1, a, err) < 0) return NULL;
    double secs;
    if (kn_to_double(a[0], &secs, err) < 0) return NULL;
    if (isnan(secs)) {
        tc_error_set(err, TC_EXC_VALUE, "Invalid value NaN (not a number)");
        return NULL;
    }
    if (secs < 0) {
        tc_error_set(err, TC_EXC_VALUE, "sleep length must be non-negative");
        return NULL;
    }
    double deadline = clock_s(CLOCK_MONOTONIC) + secs;
    for (;;) {
        if (tc_interrupt_check(err) < 0) return NULL;
        double left = deadline - clock_s(CLOCK_MONOTONIC);
        if (left <= 0) break;
        double slice = left < 0.01 ? left : 0.01;
        struct timespec ts = {(time_t)slice, (long)((slice - (double)(time_t)slice) * 1e9)};
        nanosleep(&ts, NULL);
    }
    return kn_none_new();
}

static const kn__method time_funcs[] = {
    {"monotonic", t_monotonic, "()", "Monotonic clock, cannot go backward."},
    {"monotonic_ns", t_monotonic_ns, "()", "Monotonic clock, cannot go backward, as nanoseconds."},
    {"perf_counter", t_perf_counter, "()", "Performance counter for benchmarking."},
    {"perf_counter_ns", t_perf_counter_ns, "()",
     "Performance counter for benchmarking as nanoseconds."},
    {"process_time", t_process_time, "()",
     "Process time for profiling: sum of the kernel and user-space CPU time."},
    {"sleep", t_sleep, "(secs, /)",
     "sleep(seconds)\n\nDelay execution for a given number of seconds.  The argument may be\na "
     "floating point number for subsecond precision."},
    {"time", t_time, "()",
     "time() -> floating point number\n\nReturn the current time in seconds since the "
     "Epoch.\nFractions of a second may be present if the system clock provides them."},
    {"time_ns", t_time_ns, "()",
     "time_ns() -> int\n\nReturn the current time in nanoseconds since the Epoch."},
    {NULL, NULL, NULL, NULL},
};

kn_obj *kn_mod_time_init(kn_err *err) {
    kn_obj *m =
        kn_module_new("time", "This module provides various functions to manipulate time values.");
    kn__module_add_funcs(m, time_funcs);
    return m;
}
