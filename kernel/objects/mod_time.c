/*
 * The time module: wall clock, monotonic and performance counters, and sleep(), which
 * waits in slices of at most 10 ms so an interrupt stops it with KeyboardInterrupt; the
 * calendar conversions (gmtime, localtime, mktime, asctime, ctime, strftime) over the C
 * library's, with CPython's argument checks, and struct_time.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
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
    if (kn_is(a[0], &kn_type_float) || kn__is_int(a[0])) {
        if (kn_to_double(a[0], &secs, err) < 0) return NULL;
    } else { /* CPython reads anything else as an integer */
        int64_t v;
        if (kn_to_int64(a[0], &v, err) < 0) return NULL;
        secs = (double)v;
    }
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

/* ==== struct_time ======================================================================== */

/* CPython's struct sequence: nine fields that index, iterate and compare as a tuple, and
 * tm_zone / tm_gmtoff as attributes only (None when built from a plain 9-sequence). */
typedef struct stobj {
    kn_obj base;
    kn_obj *t;      /* tuple of the nine fields */
    kn_obj *zone;   /* str or None */
    kn_obj *gmtoff; /* int or None */
} stobj;

#define ST(o) ((stobj *)(o))
static const kn_type type_struct_time;
static const char *const st_fields[] = {"tm_year", "tm_mon",  "tm_mday", "tm_hour", "tm_min",
                                        "tm_sec",  "tm_wday", "tm_yday", "tm_isdst"};

static void st_dealloc(kn_obj *self) {
    kn_decref(ST(self)->t);
    kn_decref(ST(self)->zone);
    kn_decref(ST(self)->gmtoff);
}

/* Takes t, zone and gmtoff. */
static kn_obj *st_wrap(kn_obj *t, kn_obj *zone, kn_obj *gmtoff, kn_err *err) {
    stobj *o = t && zone && gmtoff ? (stobj *)kn_obj_alloc(&type_struct_time, sizeof(stobj), err)
                                   : NULL;
    if (!o) {
        if (!t || !zone || !gmtoff) kn_nomem(err);
        kn_decref(t);
        kn_decref(zone);
        kn_decref(gmtoff);
        return NULL;
    }
    o->t = t;
    o->zone = zone;
    o->gmtoff = gmtoff;
    return &o->base;
}

/* A struct_time from a C struct tm (the fields as Python numbers them). */
static kn_obj *st_from_tm(const struct tm *tm, kn_err *err) {
    int64_t v[9] = {(int64_t)tm->tm_year + 1900, tm->tm_mon + 1,  tm->tm_mday,
                    tm->tm_hour,                 tm->tm_min,      tm->tm_sec,
                    (tm->tm_wday + 6) % 7,       tm->tm_yday + 1, tm->tm_isdst};
    kn_obj *t = kn_tuple_new(9);
    if (!t) {
        kn_nomem(err);
        return NULL;
    }
    for (int i = 0; i < 9; i++) kn_tuple_set(t, i, kn_int_new(v[i]));
    return st_wrap(t, tm->tm_zone ? kn_str_from_cstr(tm->tm_zone) : kn_none_new(),
                   kn_int_new(tm->tm_gmtoff), err);
}

static kn_obj *st_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    static const char *names[] = {"sequence", "dict"};
    kn_obj *a[2];
    if (KN__BIND(args, "struct_time", names, 1, a, err) < 0) return NULL;
    if (kn_is(a[0], &kn_type_str) || !a[0]->type->iter) {
        tc_error_set(err, TC_EXC_TYPE, "constructor requires a sequence");
        return NULL;
    }
    kn_obj *l = kn__list_from_iter(a[0], err);
    if (!l) return NULL;
    int64_t n = kn_list_len(l);
    if (n < 9 || n > 11) {
        tc_error_set(err, TC_EXC_TYPE,
                     n < 9 ? "time.struct_time() takes an at least 9-sequence (%lld-sequence given)"
                           : "time.struct_time() takes an at most 11-sequence (%lld-sequence given)",
                     (long long)n);
        kn_decref(l);
        return NULL;
    }
    kn_obj **it = kn_list_items(l);
    kn_obj *r = st_wrap(kn__tuple_from(it, 9), kn_incref(n > 9 ? it[9] : kn_none()),
                        kn_incref(n > 10 ? it[10] : kn_none()), err);
    kn_decref(l);
    return r;
}

static kn_obj *st_repr(kn_obj *self, kn_err *err) {
    tc_strbuf b = {0};
    tc_strbuf_puts(&b, "time.struct_time(");
    for (int i = 0; i < 9; i++) {
        tc_strbuf_printf(&b, "%s%s=", i ? ", " : "", st_fields[i]);
        if (kn__strbuf_repr(&b, kn_tuple_items(ST(self)->t)[i], err) < 0) {
            tc_strbuf_free(&b);
            return NULL;
        }
    }
    tc_strbuf_putc(&b, ')');
    return kn__strbuf_finish(&b, err);
}

static kn_obj *st_getattr(kn_obj *self, const char *name, kn_err *err) {
    for (int i = 0; i < 9; i++)
        if (strcmp(name, st_fields[i]) == 0) return kn_incref(kn_tuple_items(ST(self)->t)[i]);
    if (strcmp(name, "tm_zone") == 0) return kn_incref(ST(self)->zone);
    if (strcmp(name, "tm_gmtoff") == 0) return kn_incref(ST(self)->gmtoff);
    if (strcmp(name, "n_fields") == 0) return kn_int_new(11);
    if (strcmp(name, "n_sequence_fields") == 0) return kn_int_new(9);
    if (strcmp(name, "n_unnamed_fields") == 0) return kn_int_new(0);
    if (strcmp(name, "count") == 0 || strcmp(name, "index") == 0)
        return kn_getattr(ST(self)->t, name, err);
    return NULL;
}

static int st_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    static const char *const more[] = {"count", "index", "n_fields", "n_sequence_fields",
                                       "n_unnamed_fields", "tm_gmtoff", "tm_zone"};
    for (size_t i = 0; i < 9 + sizeof more / sizeof more[0]; i++) {
        kn_obj *s = kn_str_from_cstr(i < 9 ? st_fields[i] : more[i - 9]);
        int r = kn_list_append(list, s);
        kn_decref(s);
        if (r < 0) return kn_nomem(err);
    }
    return 0;
}

static int st_setattr(kn_obj *self, const char *name, kn_obj *value, kn_err *err) {
    for (int i = 0; i < 9; i++)
        if (strcmp(name, st_fields[i]) == 0)
            return tc_error_set(err, TC_EXC_ATTRIBUTE, "readonly attribute");
    return tc_error_set(err, TC_EXC_ATTRIBUTE, "'time.struct_time' object has no attribute '%s'",
                        name);
}

static kn_obj *st_tuple(kn_obj *o) { return kn_is(o, &type_struct_time) ? ST(o)->t : o; }

static kn_obj *st_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    kn_obj *ta = st_tuple(a), *tb = st_tuple(b);
    if (!kn_is(ta, &kn_type_tuple) || !kn_is(tb, &kn_type_tuple)) return kn_incref(kn_notimpl());
    return kn_compare(op, ta, tb, err);
}

static kn_obj *st_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (op != KN_BINOP_ADD && op != KN_BINOP_MUL) return kn_notimpl();
    return kn_binary(op, st_tuple(a), st_tuple(b), err);
}

static int st_hash(kn_obj *self, int64_t *out, kn_err *err) { return kn_hash(ST(self)->t, out, err); }
static int64_t st_len(kn_obj *self, kn_err *err) { return 9; }
static kn_obj *st_getitem(kn_obj *self, kn_obj *key, kn_err *err) {
    if (kn__is_int(key)) { /* CPython's text names the type */
        int64_t i;
        if (kn__seq_index(key, 9, "tuple", &i, err) < 0) return NULL;
        return kn_incref(kn_tuple_items(ST(self)->t)[i]);
    }
    return kn_getitem(ST(self)->t, key, err);
}
static kn_obj *st_iter(kn_obj *self, kn_err *err) { return kn_iter(ST(self)->t, err); }
static int st_contains(kn_obj *self, kn_obj *x, kn_err *err) {
    return kn_contains(ST(self)->t, x, err);
}
static int st_truth(kn_obj *self, kn_err *err) { return 1; }

static const kn_type type_struct_time = {
    .name = "struct_time",
    .qualname = "time.struct_time",
    .doc = "The time value as returned by gmtime(), localtime(), and strptime(), and\n accepted "
           "by asctime(), mktime() and strftime().  May be considered as a\n sequence of 9 "
           "integers.",
    .dealloc = st_dealloc,
    .repr = st_repr,
    .getattr = st_getattr,
    .setattr = st_setattr,
    .binop = st_binop,
    .compare = st_compare,
    .truth = st_truth,
    .len = st_len,
    .getitem = st_getitem,
    .iter = st_iter,
    .hash = st_hash,
    .dir = st_dir,
    .construct = st_construct,
    .contains = st_contains,
};

/* ==== conversions ======================================================================== */

/* A timestamp argument (None or absent: now) as time_t, floored as CPython does. */
static int arg_time_t(kn_obj *o, time_t *out, kn_err *err) {
    if (!o || kn_is(o, &kn_type_none)) {
        *out = time(NULL);
        return 0;
    }
    if (kn_is(o, &kn_type_float)) {
        double d;
        if (kn_to_double(o, &d, err) < 0) return -1;
        if (isnan(d)) return tc_error_set(err, TC_EXC_VALUE, "Invalid value NaN (not a number)");
        d = floor(d);
        if (!(d >= -9.2e18 && d <= 9.2e18))
            return tc_error_set(err, TC_EXC_OVERFLOW, "timestamp out of range for platform time_t");
        *out = (time_t)d;
        return 0;
    }
    int64_t v;
    kn_err e = {0};
    if (kn_to_int64(o, &v, &e) < 0) {
        if (e.type == TC_EXC_OVERFLOW) {
            tc_error_clear(&e);
            return tc_error_set(err, TC_EXC_OVERFLOW, "timestamp out of range for platform time_t");
        }
        tc_error_set(err, e.type, "%s", e.msg);
        tc_error_clear(&e);
        return -1;
    }
    *out = (time_t)v;
    return 0;
}

/* CPython's gettmarg: a tuple or struct_time of nine ints into a struct tm ('fname' names
 * the function in the "illegal time tuple argument" text). */
static int get_tm(kn_obj *o, const char *fname, struct tm *tm, kn_err *err) {
    memset(tm, 0, sizeof *tm);
    kn_obj *t = st_tuple(o);
    if (!kn_is(t, &kn_type_tuple))
        return tc_error_set(err, TC_EXC_TYPE, "Tuple or struct_time argument required");
    if (kn_tuple_len(t) != 9)
        return tc_error_set(err, TC_EXC_TYPE, "%s(): illegal time tuple argument", fname);
    int64_t v[9];
    for (int i = 0; i < 9; i++) {
        kn_obj *x = kn_tuple_items(t)[i];
        if (kn_is(x, &kn_type_float))
            return tc_error_set(err, TC_EXC_TYPE, "'float' object cannot be interpreted as an "
                                                  "integer");
        if (kn_to_int64(x, &v[i], err) < 0) return -1;
        if (v[i] > INT32_MAX || v[i] < INT32_MIN)
            return tc_error_set(err, TC_EXC_OVERFLOW, "signed integer is greater than maximum");
    }
    tm->tm_year = (int)(v[0] - 1900);
    tm->tm_mon = (int)v[1] - 1;
    tm->tm_mday = (int)v[2];
    tm->tm_hour = (int)v[3];
    tm->tm_min = (int)v[4];
    tm->tm_sec = (int)v[5];
    tm->tm_wday = (int)((v[6] + 1) % 7); /* C's %: -1 stays in range, -2 does not */
    if (tm->tm_wday < 0) return tc_error_set(err, TC_EXC_VALUE, "day of week out of range");
    tm->tm_yday = (int)v[7] - 1;
    tm->tm_isdst = (int)v[8];
    if (kn_is(o, &type_struct_time)) {
        static char zone[64];
        if (kn_is(ST(o)->zone, &kn_type_str)) {
            snprintf(zone, sizeof zone, "%s", kn_str_cstr(ST(o)->zone));
            tm->tm_zone = zone;
        }
        int64_t off;
        if (kn__is_int(ST(o)->gmtoff) && kn_to_int64(ST(o)->gmtoff, &off, NULL) == 0)
            tm->tm_gmtoff = (long)off;
    }
    return 0;
}

/* CPython's checktm, after its strftime/asctime adjustments of zero fields. */
static int check_tm(struct tm *tm, kn_err *err) {
    if (tm->tm_mon == -1) tm->tm_mon = 0;
    else if (tm->tm_mon < 0 || tm->tm_mon > 11)
        return tc_error_set(err, TC_EXC_VALUE, "month out of range");
    if (tm->tm_mday == 0) tm->tm_mday = 1;
    else if (tm->tm_mday < 0 || tm->tm_mday > 31)
        return tc_error_set(err, TC_EXC_VALUE, "day of month out of range");
    if (tm->tm_hour < 0 || tm->tm_hour > 23)
        return tc_error_set(err, TC_EXC_VALUE, "hour out of range");
    if (tm->tm_min < 0 || tm->tm_min > 59)
        return tc_error_set(err, TC_EXC_VALUE, "minute out of range");
    if (tm->tm_sec < 0 || tm->tm_sec > 61)
        return tc_error_set(err, TC_EXC_VALUE, "seconds out of range");
    if (tm->tm_wday < 0) return tc_error_set(err, TC_EXC_VALUE, "day of week out of range");
    if (tm->tm_yday == -1) tm->tm_yday = 0;
    else if (tm->tm_yday < 0 || tm->tm_yday > 365)
        return tc_error_set(err, TC_EXC_VALUE, "day of year out of range");
    return 0;
}

static kn_obj *t_gmtime_or_local(const kn_args *args, const char *fname, bool local,
                                 kn_err *err) {
    static const char *names[] = {"seconds"};
    kn_obj *a[1];
    if (KN__BIND(args, fname, names, 0, a, err) < 0) return NULL;
    time_t when;
    if (arg_time_t(a[0], &when, err) < 0) return NULL;
    struct tm tm;
    if (!(local ? localtime_r(&when, &tm) : gmtime_r(&when, &tm))) {
        tc_error_set(err, TC_EXC_OVERFLOW, "timestamp out of range for platform time_t");
        return NULL;
    }
    return st_from_tm(&tm, err);
}

static kn_obj *t_gmtime(kn_obj *self, const kn_args *args, kn_err *err) {
    return t_gmtime_or_local(args, "gmtime", false, err);
}

static kn_obj *t_localtime(kn_obj *self, const kn_args *args, kn_err *err) {
    return t_gmtime_or_local(args, "localtime", true, err);
}

/* The time tuple argument of asctime/strftime, or the local time now when absent. */
static int tm_arg_or_now(kn_obj *o, const char *fname, struct tm *tm, kn_err *err) {
    if (o) return get_tm(o, fname, tm, err);
    time_t now = time(NULL);
    localtime_r(&now, tm);
    return 0;
}

static kn_obj *asctime_of(const struct tm *tm) {
    static const char wday[][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char mon[][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return kn_str_printf("%s %s%3d %.2d:%.2d:%.2d %lld", wday[tm->tm_wday], mon[tm->tm_mon],
                         tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec,
                         (long long)tm->tm_year + 1900);
}

static kn_obj *t_asctime(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"t"};
    kn_obj *a[1];
    if (KN__BIND(args, "asctime", names, 0, a, err) < 0) return NULL;
    struct tm tm;
    if (tm_arg_or_now(a[0], "asctime", &tm, err) < 0 || check_tm(&tm, err) < 0) return NULL;
    return asctime_of(&tm);
}

static kn_obj *t_ctime(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"seconds"};
    kn_obj *a[1];
    if (KN__BIND(args, "ctime", names, 0, a, err) < 0) return NULL;
    time_t when;
    if (arg_time_t(a[0], &when, err) < 0) return NULL;
    struct tm tm;
    if (!localtime_r(&when, &tm)) {
        tc_error_set(err, TC_EXC_OVERFLOW, "timestamp out of range for platform time_t");
        return NULL;
    }
    return asctime_of(&tm);
}

static kn_obj *t_mktime(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"t"};
    kn_obj *a[1];
    if (KN__BIND(args, "mktime", names, 1, a, err) < 0) return NULL;
    struct tm tm;
    if (get_tm(a[0], "mktime", &tm, err) < 0) return NULL;
    tm.tm_wday = -1; /* sentinel: mktime sets it when it succeeds (-1 is also a valid time) */
    time_t r = mktime(&tm);
    if (r == (time_t)-1 && tm.tm_wday == -1) {
        tc_error_set(err, TC_EXC_OVERFLOW, "mktime argument out of range");
        return NULL;
    }
    return kn_float_new((double)r);
}

static kn_obj *t_strftime(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"format", "t"};
    kn_obj *a[2];
    if (KN__BIND(args, "strftime", names, 1, a, err) < 0) return NULL;
    if (!kn_is(a[0], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "strftime() argument 1 must be str, not %s",
                     kn_type_name(a[0]));
        return NULL;
    }
    struct tm tm;
    if (tm_arg_or_now(a[1], "strftime", &tm, err) < 0 || check_tm(&tm, err) < 0) return NULL;
    if (tm.tm_isdst < -1) tm.tm_isdst = -1;
    else if (tm.tm_isdst > 1) tm.tm_isdst = 1;
    const char *fmt = kn_str_cstr(a[0]);
    size_t flen = kn_str_len(a[0]);
    if (strlen(fmt) != flen) {
        tc_error_set(err, TC_EXC_VALUE, "embedded null character");
        return NULL;
    }
    if (flen == 0) return kn_str_from_cstr("");
    /* C strftime returns 0 both for "too small" and for an empty result: grow, then give up
     * as CPython does (256 times the format's length) with an empty string. */
    for (size_t cap = 1024; cap <= 256 * flen + 1024; cap *= 2) {
        char *buf = tc_malloc(cap);
        if (!buf) {
            kn_nomem(err);
            return NULL;
        }
        size_t n = strftime(buf, cap, fmt, &tm);
        if (n > 0) {
            kn_obj *r = kn_str_new(buf, n);
            tc_free(buf);
            if (!r) kn_nomem(err);
            return r;
        }
        tc_free(buf);
    }
    return kn_str_from_cstr("");
}

static const kn__method time_funcs[] = {
    {"asctime", t_asctime, "(t=None, /)",
     "asctime([tuple]) -> string\n\nConvert a time tuple to a string, e.g. 'Sat Jun 06 16:26:11 "
     "1998'.\nWhen the time tuple is not present, current time as returned by localtime()\nis "
     "used."},
    {"ctime", t_ctime, "(seconds=None, /)",
     "ctime(seconds) -> string\n\nConvert a time in seconds since the Epoch to a string in local "
     "time.\nThis is equivalent to asctime(localtime(seconds))."},
    {"gmtime", t_gmtime, "(seconds=None, /)",
     "gmtime([seconds]) -> (tm_year, tm_mon, tm_mday, tm_hour, tm_min,\n                       "
     "tm_sec, tm_wday, tm_yday, tm_isdst)\n\nConvert seconds since the Epoch to a time tuple "
     "expressing UTC (a.k.a.\nGMT)."},
    {"localtime", t_localtime, "(seconds=None, /)",
     "localtime([seconds]) -> (tm_year,tm_mon,tm_mday,tm_hour,tm_min,\n                          "
     "tm_sec,tm_wday,tm_yday,tm_isdst)\n\nConvert seconds since the Epoch to a time tuple "
     "expressing local time."},
    {"mktime", t_mktime, "(t, /)",
     "mktime(tuple) -> floating point number\n\nConvert a time tuple in local time to seconds "
     "since the Epoch."},
    {"strftime", t_strftime, "(format, t=None, /)",
     "strftime(format[, tuple]) -> string\n\nConvert a time tuple to a string according to a "
     "format specification."},
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
    kn_module_add(m, "struct_time", kn_type_object(&type_struct_time));
    /* timezone, altzone, daylight, tzname as CPython computes them at import: from the
     * offsets of January and July of this year */
    tzset();
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    int year = tm.tm_year;
    struct tm jan = {.tm_year = year, .tm_mday = 1, .tm_isdst = -1},
              jul = {.tm_year = year, .tm_mon = 6, .tm_mday = 1, .tm_isdst = -1};
    time_t tj = mktime(&jan), tl = mktime(&jul);
    localtime_r(&tj, &jan);
    localtime_r(&tl, &jul);
    long jo = -jan.tm_gmtoff, lo = -jul.tm_gmtoff;
    const char *jz = jan.tm_zone ? jan.tm_zone : "", *lz = jul.tm_zone ? jul.tm_zone : "";
    bool south = jo < lo; /* the southern hemisphere's daylight time is in January */
    kn_obj *v[2] = {kn_str_from_cstr(south ? lz : jz), kn_str_from_cstr(south ? jz : lz)};
    kn_obj *tzn = v[0] && v[1] ? kn__tuple_from(v, 2) : NULL;
    kn_decref(v[0]);
    kn_decref(v[1]);
    kn_obj *add[4] = {kn_int_new(south ? lo : jo), kn_int_new(south ? jo : lo),
                      kn_int_new(jo != lo), tzn};
    static const char *const add_names[4] = {"timezone", "altzone", "daylight", "tzname"};
    for (int i = 0; i < 4; i++) {
        if (add[i]) kn_module_add(m, add_names[i], add[i]);
        kn_decref(add[i]);
    }
    return m;
}
