/*
 * The transfer ledger: every device-to-host copy tensorcore makes is reported here (through
 * the tc_transfer hook) with bytes, time, cause, device and the running cell. A copy at or
 * above the threshold warns at once; many small copies in one cell (each a GPU sync) warn
 * once, summarised, when the cell ends. The interpreter and bridge threads both record, so
 * all state sits behind one mutex; warnings are formatted under it and delivered after.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpu/gpu-impl.h"
#include "gpu/gpu.h"

/* Records kept for %transfers; older ones are dropped (totals keep counting). */
#define LEDGER_KEEP 4096
/* Small syncs in one cell from which the end-of-cell summary is written. */
#define LEDGER_SMALL_SYNCS 100
#define LEDGER_MAX_CAUSES 8
#define WARN_MAX 512

typedef struct cause_count {
    char cause[32];
    long count;
} cause_count;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static gpu_transfer records[LEDGER_KEEP];
static size_t nrecords;
static size_t total_bytes;
static size_t threshold = (size_t)1 << 20;
static gpu_warn_fn warn_fn;
static int cell;
/* small syncs of the running cell */
static long small_count;
static size_t small_bytes;
static double small_seconds;
static cause_count small_causes[LEDGER_MAX_CAUSES];
static int nsmall_causes;

/* Human size as the warnings print it ("256.0 MiB", "2.0 KiB", "512 B"). */
const char *gpu__format_bytes(size_t n, char *buf, size_t len) {
    static const char *units[] = {"KiB", "MiB", "GiB", "TiB"};
    if (n < 1024) {
        snprintf(buf, len, "%zu B", n);
        return buf;
    }
    double v = (double)n / 1024.0;
    int u = 0;
    while (v >= 1024.0 && u < 3) {
        v /= 1024.0;
        u++;
    }
    snprintf(buf, len, "%.1f %s", v, units[u]);
    return buf;
}

static void deliver(const char *text) {
    gpu_warn_fn fn;
    pthread_mutex_lock(&lock);
    fn = warn_fn;
    pthread_mutex_unlock(&lock);
    if (fn)
        fn(text);
    else
        fputs(text, stderr);
}

/* Append one record, dropping the oldest half when full. Caller holds lock. */
static void keep_record(const gpu_transfer *r) {
    if (nrecords == LEDGER_KEEP) {
        size_t half = LEDGER_KEEP / 2;
        memmove(records, records + half, (LEDGER_KEEP - half) * sizeof records[0]);
        nrecords -= half;
    }
    records[nrecords++] = *r;
}

/* Count a small sync toward the running cell's summary. Caller holds lock. */
static void count_small(const gpu_transfer *r) {
    small_count++;
    small_bytes += r->bytes;
    small_seconds += r->seconds;
    for (int i = 0; i < nsmall_causes; i++) {
        if (strcmp(small_causes[i].cause, r->cause) == 0) {
            small_causes[i].count++;
            return;
        }
    }
    if (nsmall_causes < LEDGER_MAX_CAUSES) {
        snprintf(small_causes[nsmall_causes].cause, sizeof small_causes[0].cause, "%s", r->cause);
        small_causes[nsmall_causes++].count = 1;
    }
}

/* The end-of-cell summary into text (empty when under the limit); resets the counts.
 * Caller holds lock. */
static void take_summary(char *text, size_t len) {
    text[0] = '\0';
    if (small_count >= LEDGER_SMALL_SYNCS) {
        char causes[256] = "", sz[32];
        size_t used = 0;
        for (int i = 0; i < nsmall_causes && used < sizeof causes; i++)
            used += (size_t)snprintf(causes + used, sizeof causes - used, "%s x%ld, ",
                                     small_causes[i].cause, small_causes[i].count);
        snprintf(text, len,
                 "UserWarning: %ld small GPU-to-CPU transfers in this cell (%s%s in all, %.1f ms); "
                 "each one synchronizes the GPU \xe2\x80\x94 batch them, e.g. t.tolist() once\n",
                 small_count, causes, gpu__format_bytes(small_bytes, sz, sizeof sz),
                 small_seconds * 1e3);
    }
    small_count = 0;
    small_bytes = 0;
    small_seconds = 0;
    nsmall_causes = 0;
}

/* Record one device-to-host copy; warns when it reaches the threshold. Thread-safe. */
void gpu__ledger_hook(tc_device src, size_t nbytes, double seconds, const char *cause) {
    gpu_transfer r = {.bytes = nbytes, .seconds = seconds};
    snprintf(r.cause, sizeof r.cause, "%s", cause ? cause : ".to()");
    tc_device_str(src, r.device, sizeof r.device);
    char text[WARN_MAX] = "";
    pthread_mutex_lock(&lock);
    r.cell = cell;
    keep_record(&r);
    total_bytes += nbytes;
    if (nbytes >= threshold) {
        char sz[32];
        snprintf(text, sizeof text,
                 "UserWarning: costly GPU-to-CPU transfer: %s from %s by %s (%.1f ms); keep the "
                 "data on the GPU or reduce it first\n",
                 gpu__format_bytes(nbytes, sz, sizeof sz), r.device, r.cause, seconds * 1e3);
    } else if (strcmp(r.cause, "bridge") != 0) {
        /* the bridge thread's copies are another process's doing, not this cell's syncs */
        count_small(&r);
    }
    pthread_mutex_unlock(&lock);
    if (text[0]) deliver(text);
}

/* Install the warning callback (NULL: warnings go to the process's stderr). */
void gpu_ledger_set_warn(gpu_warn_fn fn) {
    pthread_mutex_lock(&lock);
    warn_fn = fn;
    pthread_mutex_unlock(&lock);
}

/* Start recording for execution_count; a summary still pending from the previous cell is
 * delivered first. */
void gpu_ledger_begin_cell(int execution_count) {
    char text[WARN_MAX];
    pthread_mutex_lock(&lock);
    take_summary(text, sizeof text);
    cell = execution_count;
    pthread_mutex_unlock(&lock);
    if (text[0]) deliver(text);
}

/* End of the running cell: delivers the small-sync summary when there were 100 or more. */
void gpu_ledger_end_cell(void) {
    char text[WARN_MAX];
    pthread_mutex_lock(&lock);
    take_summary(text, sizeof text);
    pthread_mutex_unlock(&lock);
    if (text[0]) deliver(text);
}

/* The warning threshold in bytes. */
size_t gpu_ledger_threshold(void) {
    pthread_mutex_lock(&lock);
    size_t t = threshold;
    pthread_mutex_unlock(&lock);
    return t;
}

/* Set the warning threshold in bytes (0 warns on every transfer). */
void gpu_ledger_set_threshold(size_t bytes) {
    pthread_mutex_lock(&lock);
    threshold = bytes;
    pthread_mutex_unlock(&lock);
}

/* The kept records, oldest first (borrowed; valid until the next record or reset). */
const gpu_transfer *gpu_ledger_records(size_t *count) {
    pthread_mutex_lock(&lock);
    if (count) *count = nrecords;
    pthread_mutex_unlock(&lock);
    return records;
}

/* Bytes moved device-to-host since start-up or the last reset. */
size_t gpu_ledger_total_bytes(void) {
    pthread_mutex_lock(&lock);
    size_t t = total_bytes;
    pthread_mutex_unlock(&lock);
    return t;
}

/* Forget every record, total and pending summary (threshold and callback stay). */
void gpu_ledger_reset(void) {
    pthread_mutex_lock(&lock);
    nrecords = 0;
    total_bytes = 0;
    small_count = 0;
    small_bytes = 0;
    small_seconds = 0;
    nsmall_causes = 0;
    pthread_mutex_unlock(&lock);
}
