/*
 * IPython-style magics of the kernel: %time, %timeit (and their %% cell forms), %who
 * (tensors in the namespace), %transfers (the GPU-to-CPU ledger), %bridge (how to attach
 * from Python). Output formats follow IPython's where IPython has the magic.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "gpu/gpu.h"
#include "kernel/lang/interp-impl.h"
#include "kernel/torch/tensor_obj.h"
#include "tensorcore/format.h"

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...) {
    char *s = NULL;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n >= 0) kn_rt_write("stdout", s, (size_t)n);
    free(s); /* vasprintf allocates with libc malloc */
}

static double now_wall(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void cpu_times(double *user, double *sys) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    *user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6;
    *sys = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

/* IPython's _format_time: "1.23 ms", "5.01 µs", "2min 3s". */
static void format_time(double t, int precision, char *buf, size_t n) {
    if (t >= 60.0) {
        static const struct {
            const char *suffix;
            double len;
        } parts[] = {{"d", 86400}, {"h", 3600}, {"min", 60}, {"s", 1}};
        double left = t;
        size_t off = 0;
        buf[0] = 0;
        for (size_t i = 0; i < 4; i++) {
            long v = (long)(left / parts[i].len);
            if (v > 0) {
                left = fmod(left, parts[i].len);
                off += (size_t)snprintf(buf + off, n - off, "%s%ld%s", off ? " " : "", v,
                                        parts[i].suffix);
            }
            if (left < 1 || off >= n) break;
        }
        return;
    }
    static const char *const units[] = {"s", "ms", "\xc2\xb5s", "ns"};
    static const double scale[] = {1, 1e3, 1e6, 1e9};
    int order = 3;
    if (t > 0.0) {
        int o = -(int)floor(floor(log10(t)) / 3);
        order = o < 3 ? o : 3;
        if (order < 0) order = 0;
    }
    snprintf(buf, n, "%.*g %s", precision, t * scale[order], units[order]);
}

/* ---- %time ------------------------------------------------------------------------ */

static int magic_time(kn_interp *in, const char *code, kn_err *err) {
    double u0, s0, u1, s1;
    cpu_times(&u0, &s0);
    double w0 = now_wall();
    kn_obj *value = NULL;
    int rc = kn__interp_run_code(in, code, &value, err);
    kn_decref(in->magic_result);
    in->magic_result = value;
    double w1 = now_wall();
    cpu_times(&u1, &s1);
    char bu[32], bs[32], bt[32], bw[32];
    format_time(u1 - u0, 3, bu, sizeof bu);
    format_time(s1 - s0, 3, bs, sizeof bs);
    format_time((u1 - u0) + (s1 - s0), 3, bt, sizeof bt);
    format_time(w1 - w0, 3, bw, sizeof bw);
    out("CPU times: user %s, sys %s, total %s\nWall time: %s\n", bu, bs, bt, bw);
    return rc;
}

/* ---- %timeit ---------------------------------------------------------------------- */

static int run_loops(kn_interp *in, kn_ast *ast, long number, double *secs, kn_err *err) {
    double t0 = now_wall();
    for (long i = 0; i < number; i++) {
        if (tc_interrupt_check(err) < 0) return -1;
        if (kn_eval_exec_range(in->ev, ast, 0, ast->body.n, err) < 0) return -1;
    }
    *secs = now_wall() - t0;
    return 0;
}

static void thousands(long v, char *buf, size_t n) {
    char tmp[32];
    int len = snprintf(tmp, sizeof tmp, "%ld", v);
    size_t o = 0;
    for (int i = 0; i < len && o + 2 < n; i++) {
        buf[o++] = tmp[i];
        if ((len - i - 1) % 3 == 0 && i != len - 1) buf[o++] = ',';
    }
    buf[o] = 0;
}

/* Parse "-n 100 -r 3 stmt" options. */
static const char *timeit_opts(const char *s, long *number, long *repeat) {
    for (;;) {
        s += strspn(s, " \t");
        if ((s[0] == '-' && (s[1] == 'n' || s[1] == 'r')) && isspace((unsigned char)s[2])) {
            char *end;
            long v = strtol(s + 3, &end, 10);
            if (end == s + 3 || v <= 0) return NULL;
            if (s[1] == 'n')
                *number = v;
            else
                *repeat = v;
            s = end;
            continue;
        }
        return s;
    }
}

static int timeit_code(kn_interp *in, const char *code, long number, long repeat, kn_err *err);

/* %timeit [-n N] [-r R] stmt */
static int magic_timeit(kn_interp *in, const char *args, kn_err *err) {
    long number = 0, repeat = 7;
    const char *code = timeit_opts(args, &number, &repeat);
    if (!code) return tc_error_set(err, TC_EXC_VALUE, "timeit: invalid -n or -r option");
    return timeit_code(in, code, number, repeat, err);
}

/* %%timeit [-n N] [-r R] [setup]: the setup runs once, the cell body is timed. */
static int cell_timeit(kn_interp *in, const char *line, const char *body, kn_err *err) {
    long number = 0, repeat = 7;
    const char *setup = timeit_opts(line, &number, &repeat);
    if (!setup) return tc_error_set(err, TC_EXC_VALUE, "timeit: invalid -n or -r option");
    if (*setup && kn__interp_run_code(in, setup, NULL, err) < 0) return -1;
    return timeit_code(in, body, number, repeat, err);
}

static int timeit_code(kn_interp *in, const char *code, long number, long repeat, kn_err *err) {
    kn_parse_error pe;
    kn_ast *ast = kn_parse(code, in->count, &pe);
    if (!ast) return tc_error_set(err, pe.err.type, "%s", pe.err.msg);
    double t = 0;
    int rc = 0;
    if (number == 0) { /* autorange: 1, 2, 5, 10, ... until 0.2 s */
        for (long base = 1;; base *= 10) {
            static const long mult[] = {1, 2, 5};
            for (int i = 0; i < 3 && number == 0 && rc == 0; i++) {
                rc = run_loops(in, ast, base * mult[i], &t, err);
                if (t >= 0.2) number = base * mult[i];
            }
            if (number || rc < 0 || base > 100000000) break;
        }
        if (number == 0) number = 1000000000;
    }
    double *times = tc_calloc((size_t)repeat, sizeof *times);
    if (!times) rc = kn_nomem(err);
    for (long r = 0; rc == 0 && r < repeat; r++) {
        rc = run_loops(in, ast, number, &t, err);
        times[r] = t / (double)number;
    }
    if (rc == 0) {
        double mean = 0, var = 0;
        for (long r = 0; r < repeat; r++)
            mean += times[r];
        mean /= (double)repeat;
        for (long r = 0; r < repeat; r++)
            var += (times[r] - mean) * (times[r] - mean);
        double sd = sqrt(var / (double)repeat);
        char bm[32], bs[32], bn[32];
        format_time(mean, 3, bm, sizeof bm);
        format_time(sd, 3, bs, sizeof bs);
        thousands(number, bn, sizeof bn);
        if (repeat == 1)
            out("%s \xc2\xb1 %s per loop (mean \xc2\xb1 std. dev. of %ld run, %s loop%s each)\n",
                bm, bs, repeat, bn, number == 1 ? "" : "s");
        else
            out("%s \xc2\xb1 %s per loop (mean \xc2\xb1 std. dev. of %ld runs, %s loop%s each)\n",
                bm, bs, repeat, bn, number == 1 ? "" : "s");
    }
    tc_free(times);
    kn_ast_unref(ast);
    return rc;
}

/* ---- %who ------------------------------------------------------------------------- */

static void shape_str(const tc_tensor *t, char *buf, size_t n) {
    size_t o = (size_t)snprintf(buf, n, "(");
    for (int d = 0; d < t->ndim && o < n; d++)
        o += (size_t)snprintf(buf + o, n - o, "%s%lld", d ? ", " : "", (long long)t->shape[d]);
    if (o < n) snprintf(buf + o, n - o, "%s)", t->ndim == 1 ? "," : "");
}

static size_t tensor_bytes(const tc_tensor *t) {
    if (t->layout == TC_LAYOUT_SPARSE_COO) {
        size_t b = 0;
        if (t->sp_values) b += (size_t)tc_numel(t->sp_values) * tc_element_size(t->sp_values);
        if (t->sp_indices) b += (size_t)tc_numel(t->sp_indices) * tc_element_size(t->sp_indices);
        return b;
    }
    return (size_t)tc_numel(t) * tc_element_size(t);
}

typedef struct who_row {
    char name[64], shape[96], dtype[32], device[16], bytes[24];
} who_row;

static int magic_who(kn_interp *in, kn_err *err) {
    int64_t n = kn_dict_len(in->ev->globals), it = 0;
    who_row *rows = tc_calloc((size_t)n + 1, sizeof *rows);
    if (!rows) return kn_nomem(err);
    int k = 0;
    kn_obj *key, *val;
    while (kn_dict_next(in->ev->globals, &it, &key, &val)) {
        tc_tensor *t = kn_tensor_unwrap(val);
        if (!t || !kn_is(key, &kn_type_str) || kn_str_cstr(key)[0] == '_') continue;
        who_row *r = &rows[k++];
        snprintf(r->name, sizeof r->name, "%s", kn_str_cstr(key));
        shape_str(t, r->shape, sizeof r->shape);
        if (kn_is_ndarray(val))
            snprintf(r->dtype, sizeof r->dtype, "%s", tc_dtype_numpy_name(t->dtype));
        else
            snprintf(r->dtype, sizeof r->dtype, "torch.%s", tc_dtype_name(t->dtype));
        tc_device_str(t->device, r->device, sizeof r->device);
        snprintf(r->bytes, sizeof r->bytes, "%zu", tensor_bytes(t));
    }
    if (k == 0) {
        out("No tensors in the namespace.\n");
        tc_free(rows);
        return 0;
    }
    int w[5] = {8, 5, 5, 6, 5};
    for (int i = 0; i < k; i++) {
        const char *cols[5] = {rows[i].name, rows[i].shape, rows[i].dtype, rows[i].device,
                               rows[i].bytes};
        for (int c = 0; c < 5; c++)
            if ((int)strlen(cols[c]) > w[c]) w[c] = (int)strlen(cols[c]);
    }
    out("%-*s   %-*s   %-*s   %-*s   %*s\n", w[0], "Variable", w[1], "Shape", w[2], "Dtype", w[3],
        "Device", w[4], "Bytes");
    int total = w[0] + w[1] + w[2] + w[3] + w[4] + 12;
    char *line = tc_malloc((size_t)total + 2);
    if (line) {
        memset(line, '-', (size_t)total);
        line[total] = '\n';
        line[total + 1] = 0;
        out("%s", line);
        tc_free(line);
    }
    for (int i = 0; i < k; i++)
        out("%-*s   %-*s   %-*s   %-*s   %*s\n", w[0], rows[i].name, w[1], rows[i].shape, w[2],
            rows[i].dtype, w[3], rows[i].device, w[4], rows[i].bytes);
    tc_free(rows);
    return 0;
}

/* ---- %transfers ----------------------------------------------------------------------- */

static void format_bytes(double b, char *buf, size_t n) {
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (b >= 1024.0 && u < 4) {
        b /= 1024.0;
        u++;
    }
    if (u == 0)
        snprintf(buf, n, "%.0f B", b);
    else
        snprintf(buf, n, "%.1f %s", b, units[u]);
}

/* "4MB", "512 KiB", "1e6", "2G" → bytes (K/M/G are powers of 1024). */
static int parse_size(const char *s, size_t *out) {
    char *end;
    double v = strtod(s, &end);
    if (end == s || v < 0) return -1;
    while (*end == ' ')
        end++;
    double mul = 1;
    switch (toupper((unsigned char)*end)) {
    case 'K':
        mul = 1024.0;
        end++;
        break;
    case 'M':
        mul = 1024.0 * 1024;
        end++;
        break;
    case 'G':
        mul = 1024.0 * 1024 * 1024;
        end++;
        break;
    case 'T':
        mul = 1024.0 * 1024 * 1024 * 1024;
        end++;
        break;
    default:
        break;
    }
    if (mul > 1 && (*end == 'i' || *end == 'I')) end++;
    if (*end == 'B' || *end == 'b') end++;
    while (*end == ' ')
        end++;
    if (*end) return -1;
    *out = (size_t)(v * mul);
    return 0;
}

static int magic_transfers(const char *args, kn_err *err) {
    args += strspn(args, " \t");
    char buf[32];
    if (strncmp(args, "threshold", 9) == 0) {
        const char *v = args + 9 + strspn(args + 9, " \t");
        if (*v) {
            size_t bytes;
            if (parse_size(v, &bytes) < 0)
                return tc_error_set(err, TC_EXC_VALUE,
                                    "%%transfers threshold: cannot read a size "
                                    "from '%s' (try 4MB)",
                                    v);
            gpu_ledger_set_threshold(bytes);
        }
        format_bytes((double)gpu_ledger_threshold(), buf, sizeof buf);
        out("Transfer warning threshold: %s\n", buf);
        return 0;
    }
    if (strcmp(args, "reset") == 0 || strcmp(args, "clear") == 0) {
        gpu_ledger_reset();
        out("Transfer ledger cleared.\n");
        return 0;
    }
    if (*args)
        return tc_error_set(err, TC_EXC_VALUE,
                            "%%transfers: unknown argument '%s' (use "
                            "'threshold SIZE' or 'reset')",
                            args);
    size_t n;
    const gpu_transfer *recs = gpu_ledger_records(&n);
    char total[32], thr[32];
    format_bytes((double)gpu_ledger_total_bytes(), total, sizeof total);
    format_bytes((double)gpu_ledger_threshold(), thr, sizeof thr);
    out("GPU-to-CPU transfers this session: %zu (%s); warning threshold %s\n", n, total, thr);
    if (n == 0) return 0;
    out("%-6s %-8s %12s %12s  %s\n", "cell", "device", "bytes", "time", "cause");
    for (size_t i = 0; i < n; i++) {
        char b[32], t[32], cell[16];
        format_bytes((double)recs[i].bytes, b, sizeof b);
        format_time(recs[i].seconds, 3, t, sizeof t);
        snprintf(cell, sizeof cell, "[%d]", recs[i].cell);
        out("%-6s %-8s %12s %12s  %s\n", cell, recs[i].device, b, t, recs[i].cause);
    }
    return 0;
}

/* %pinfo obj / %pinfo2 obj (what "obj?" and "obj??" become): the inspect text as a page
 * payload on the cell's reply, as IPython sends it to the pager. */
static int magic_pinfo(kn_interp *in, const char *args, bool detail) {
    char expr[256];
    snprintf(expr, sizeof expr, "%.*s", (int)strcspn(args, " \t"), args);
    int cps = 0;
    for (const char *p = expr; *p; p++)
        cps += ((unsigned char)*p & 0xC0) != 0x80;
    json_t *bundle = kn__interp_inspect_held(in, expr, cps, detail ? 1 : 0);
    if (!bundle) {
        out("Object `%s` not found.\n", expr);
        return 0;
    }
    json_t *p = json_pack("{s:s, s:o, s:i}", "source", "page", "data", bundle, "start", 0);
    if (p) kn_rt_payload(p);
    return 0;
}

/* ---- dispatch ------------------------------------------------------------------------- */

static int usage_error(kn_interp *in, kn_err *err, const char *fmt, const char *name) {
    in->usage_error = true;
    return tc_error_set(err, TC_EXC_VALUE, fmt, name);
}

/* Run a line magic (see interp-impl.h). */
int kn__magic_run(kn_interp *in, const char *line, kn_err *err) {
    char name[64];
    size_t nl = strcspn(line, " \t");
    snprintf(name, sizeof name, "%.*s", (int)(nl < 63 ? nl : 63), line);
    const char *args = line + nl + strspn(line + nl, " \t");
    if (strcmp(name, "time") == 0) return magic_time(in, args, err);
    if (strcmp(name, "timeit") == 0) return magic_timeit(in, args, err);
    if (strcmp(name, "who") == 0 || strcmp(name, "whos") == 0) return magic_who(in, err);
    if (strcmp(name, "transfers") == 0) return magic_transfers(args, err);
    if (strcmp(name, "bridge") == 0) {
        out("%s\n",
            in->bridge_info ? in->bridge_info : "The bridge is not running in this kernel.");
        return 0;
    }
    if (strcmp(name, "matplotlib") == 0) return 0; /* plots are rendered by the kernel itself */
    if (strcmp(name, "pinfo") == 0 || strcmp(name, "pinfo2") == 0) return magic_pinfo(in, args, name[5] == '2');
    return usage_error(in, err, "Line magic function `%%%s` not found.", name);
}

/* Run a cell magic (see interp-impl.h). */
int kn__cell_magic_run(kn_interp *in, const char *line, const char *body, kn_err *err) {
    char name[64];
    size_t nl = strcspn(line, " \t");
    snprintf(name, sizeof name, "%.*s", (int)(nl < 63 ? nl : 63), line);
    if (strcmp(name, "time") == 0) return magic_time(in, body, err);
    if (strcmp(name, "timeit") == 0) return cell_timeit(in, line + nl, body, err);
    return usage_error(in, err, "Cell magic `%%%%%s` not found.", name);
}
