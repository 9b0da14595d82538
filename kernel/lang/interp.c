/*
 * The interpreter interface (kernel/interp.h): running cells and shaping their outcome
 * (result bundle, IPython-style tracebacks), the runtime hooks it installs for the object
 * model while code runs (object.h), and the thread-safe namespace access used by the
 * bridge thread.
 */
#include "kernel/lang/interp-impl.h"

#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/objects/object.h"
#include "kernel/torch/tensor_obj.h"
#include "tensorcore/format.h"
#include "tensorcore/storage.h"

/* ---- results ----------------------------------------------------------------------- */

/* Release everything an execute result holds and zero it. */
void kn_exec_result_clear(kn_exec_result *r) {
    if (!r) return;
    json_decref(r->result);
    json_decref(r->traceback);
    json_decref(r->payload);
    tc_free(r->ename);
    tc_free(r->evalue);
    tc_free(r->equalname);
    memset(r, 0, sizeof *r);
}

static void on_stmt(void *ctx) {
    kn_interp *in = ctx;
    if (atomic_load(&in->npending)) kn__interp_apply_puts(in);
}

static int magic_hook(void *ctx, const char *line, kn_err *err) {
    return kn__magic_run(ctx, line, err);
}

/* The runtime hooks (object.h) this interpreter installs while its code runs. */
static void rt_write(void *ctx, const char *stream, const char *text, size_t n);
static void rt_display(void *ctx, json_t *bundle);
static int rt_execution_count(void *ctx);
static kn_obj *rt_input(void *ctx, const char *prompt, bool password, kn_err *err);
static kn_obj *rt_globals(void *ctx);
static kn_obj *rt_handled(void *ctx);
static void rt_payload(void *ctx, json_t *item);

/* A new interpreter with fresh globals. */
kn_interp *kn_interp_new(void) {
    kn_interp *in = tc_calloc(1, sizeof *in);
    if (!in) return NULL;
    kn_err err;
    tc_error_init(&err);
    if (!(in->ev = kn_eval_new(&err))) {
        tc_free(in);
        return NULL;
    }
    pthread_mutex_init(&in->ns_lock, NULL);
    pthread_mutex_init(&in->exec_lock, NULL);
    in->ev->ns_lock = &in->ns_lock;
    in->ev->hooks = (kn_eval_hooks){.ctx = in, .on_stmt = on_stmt, .magic = magic_hook};
    in->rt = (kn_runtime_hooks){.ctx = in,
                                .write = rt_write,
                                .display = rt_display,
                                .execution_count = rt_execution_count,
                                .input = rt_input,
                                .globals = rt_globals,
                                .payload = rt_payload,
                                .handled = rt_handled};
    return in;
}

/* Free an interpreter (NULL is fine). */
void kn_interp_free(kn_interp *in) {
    if (!in) return;
    if (kn_runtime_current() == &in->rt) kn_runtime_install(NULL);
    kn_eval_free(in->ev);
    for (int i = 0; i < in->nputs; i++) {
        tc_free(in->puts[i].name);
        tc_tensor_unref(in->puts[i].t);
    }
    tc_free(in->puts);
    tc_autograd_collect();
    tc_free(in->bridge_info);
    pthread_mutex_destroy(&in->ns_lock);
    pthread_mutex_destroy(&in->exec_lock);
    tc_free(in);
}

/* ---- tracebacks ---------------------------------------------------------------------- */

static void tb_push(json_t *tb, const char *s) {
    json_array_append_new(tb, json_string(s));
}

/* "----> 3 code" / "      2 code" lines around 'line' of ast. */
static void context_lines(tc_strbuf *b, const kn_ast *ast, int line) {
    char buf[512], num[16];
    for (int l = line - 2; l <= line + 2; l++) {
        if (l < 1) continue;
        const char *text = kn_ast_line(ast, l, buf, sizeof buf);
        if (l > line && !*text) break;
        int nl = snprintf(num, sizeof num, "%d", l);
        if (l == line) {
            int dashes = 7 - nl - 2;
            for (int i = 0; i < (dashes > 0 ? dashes : 0); i++)
                tc_strbuf_append(b, "-", 1);
            tc_strbuf_printf(b, "> %s %s\n", num, text);
        } else {
            tc_strbuf_printf(b, "%*s %s\n", 7, num, text);
        }
    }
}

static json_t *make_traceback(kn_eval *ev, const char *ename, const char *evalue) {
    json_t *tb = json_array();
    char head[160];
    tb_push(tb, "---------------------------------------------------------------------------");
    snprintf(head, sizeof head, "%-42sTraceback (most recent call last)", ename);
    tb_push(tb, head);
    /* entries are innermost first; print outermost first */
    for (int i = ev->ntb - 1; i >= 0; i--) {
        kn_tb_entry *e = &ev->tb[i];
        tc_strbuf b = {0};
        if (e->ast->cell > 0)
            tc_strbuf_printf(&b, "Cell In[%d], line %d", e->ast->cell, e->line);
        else
            tc_strbuf_printf(&b, "File <string>, line %d", e->line);
        if (e->func[0]) tc_strbuf_printf(&b, ", in %s", e->func);
        tc_strbuf_append(&b, "\n", 1);
        context_lines(&b, e->ast, e->line);
        if (i == ev->ntb - 1 && ev->tb_dropped)
            tc_strbuf_printf(&b, "\n    [... skipping %d similar frames]\n", ev->tb_dropped);
        tb_push(tb, b.data ? b.data : "");
        tc_strbuf_free(&b);
    }
    tc_strbuf b = {0};
    tc_strbuf_printf(&b, "%s: %s", ename, evalue);
    tb_push(tb, b.data);
    tc_strbuf_free(&b);
    return tb;
}

static void set_error(kn_exec_result *out, const char *ename, const char *evalue, json_t *tb) {
    out->status = KN_EXEC_ERROR;
    out->ename = tc_strdup(ename);
    out->evalue = tc_strdup(evalue);
    if (!out->ename || !out->evalue) { /* reported as MemoryError (interp.h) */
        tc_free(out->ename);
        tc_free(out->evalue);
        out->ename = out->evalue = NULL;
    }
    out->traceback = tb;
}

static void syntax_error_result(const kn_parse_error *pe, const char *code, int count,
                                kn_exec_result *out) {
    const char *ename = tc_exc_name(pe->err.type);
    json_t *tb = json_array();
    kn_ast tmp = {.source = (char *)code};
    char line[512];
    tc_strbuf b = {0};
    if (count > 0)
        tc_strbuf_printf(&b, "  Cell In[%d], line %d\n", count, pe->line);
    else
        tc_strbuf_printf(&b, "  File <string>, line %d\n", pe->line);
    const char *text = kn_ast_line(&tmp, pe->line, line, sizeof line);
    size_t lead = strspn(text, " \t");
    tc_strbuf_printf(&b, "    %s\n", text + lead);
    int caret = pe->col - (int)lead;
    tc_strbuf_printf(&b, "    %*s^", caret > 0 ? caret : 0, "");
    tb_push(tb, b.data);
    tc_strbuf_free(&b);
    tc_strbuf_printf(&b, "%s: %s", ename, pe->err.msg);
    tb_push(tb, b.data);
    tc_strbuf_free(&b);
    set_error(out, ename, pe->err.msg, tb);
}

static void runtime_error_result(kn_interp *in, const kn_err *err0, kn_exec_result *out) {
    kn_err lost;
    tc_error_init(&lost);
    const kn_err *err = err0;
    if (!tc_error_is_set(err0)) { /* a failure that lost its error on the way up */
        if (tc_alloc_failed_take()) kn_nomem(&lost);
        else tc_error_set(&lost, TC_EXC_RUNTIME, "internal error: a statement failed without a message");
        err = &lost;
    }
    const char *ename = in->usage_error ? "UsageError" : kn_eval_exc_name(in->ev, err);
    if (in->usage_error) {
        json_t *tb = json_array();
        char *line = NULL;
        if (asprintf(&line, "UsageError: %s", err->msg) >= 0) tb_push(tb, line);
        free(line); /* asprintf allocates with libc malloc */
        set_error(out, ename, err->msg, tb);
        kn_eval_tb_clear(in->ev);
        return;
    }
    json_t *tb = make_traceback(in->ev, ename, err->msg);
    kn_obj *qual = kn_eval_exc_qualname(in->ev, err);
    if (qual && !(out->equalname = tc_strdup(kn_str_cstr(qual)))) tc_alloc_failed_take();
    kn_decref(qual);
    kn_obj *cause = kn_eval_exc_cause(in->ev, err);
    if (cause && tb) { /* `raise X from Y`: Y first, as IPython shows the chain */
        kn_err e;
        tc_error_init(&e);
        kn_obj *s = kn_str(cause, &e);
        json_t *head = json_array();
        char line[160];
        tb_push(head, "---------------------------------------------------------------------------");
        snprintf(line, sizeof line, "%-42sTraceback (most recent call last)", kn_type_name(cause));
        tb_push(head, line);
        tc_strbuf b = {0};
        const char *sv = s ? kn_str_cstr(s) : "";
        tc_strbuf_printf(&b, "%s%s%s", kn_type_name(cause), *sv ? ": " : "", sv);
        tb_push(head, b.data ? b.data : "");
        tc_strbuf_free(&b);
        tb_push(head, "\nThe above exception was the direct cause of the following exception:\n");
        json_array_extend(head, tb);
        json_decref(tb);
        tb = head;
        kn_decref(s);
    }
    set_error(out, ename, err->msg, tb);
    kn_eval_tb_clear(in->ev);
}

/* ---- running code ------------------------------------------------------------------- */

static int is_result_stmt(const kn_node *n) {
    return n->kind == KN_AST_EXPR && !n->expr_stmt.hidden;
}

/* Run a parsed cell; the last expression statement's value goes to *result. */
static int run_ast(kn_interp *in, kn_ast *ast, kn_obj **result, kn_err *err) {
    int n = ast->body.n;
    bool last_expr = result && n > 0 && is_result_stmt(ast->body.v[n - 1]);
    if (kn_eval_exec_range(in->ev, ast, 0, last_expr ? n - 1 : n, err) < 0) return -1;
    if (result && n > 0 && ast->body.v[n - 1]->kind == KN_AST_MAGIC && in->magic_result) {
        *result = in->magic_result; /* "%time expr" ending the cell shows its value */
        in->magic_result = NULL;
        return 0;
    }
    if (!last_expr) return 0;
    kn_obj *v = kn_eval_expr(in->ev, ast, ast->body.v[n - 1]->expr_stmt.value, err);
    if (!v) return -1;
    *result = v;
    return 0;
}

/* Parse and run code at module level (see interp-impl.h). */
int kn__interp_run_code(kn_interp *in, const char *code, kn_obj **result, kn_err *err) {
    kn_parse_error pe;
    kn_ast *ast = kn_parse(code, in->count, &pe);
    if (!ast) {
        tc_error_set(err, pe.err.type, "%s", pe.err.msg);
        return -1;
    }
    int rc = run_ast(in, ast, result, err);
    kn_ast_unref(ast);
    return rc;
}

static json_t *result_bundle(kn_interp *in, kn_obj *v, kn_err *err) {
    json_t *bundle = kn_mimebundle(v, err);
    if (bundle && kn_eval_set_global(in->ev, "_", v, err) < 0) {
        json_decref(bundle);
        return NULL;
    }
    return bundle;
}

static void begin_cell(kn_interp *in, const kn_io *io, int count) {
    kn_runtime_install(&in->rt);
    in->io = io;
    in->count = count;
    in->stream_bytes = 0;
    in->truncated = false;
    in->usage_error = false;
    kn_eval_begin(in->ev);
    if (atomic_load(&in->npending)) kn__interp_apply_puts(in);
}

/* Hand the cell's payloads to its reply (after any the cell's form itself produced). */
static void take_payloads(kn_interp *in, kn_exec_result *out) {
    if (!in->payloads) return;
    if (!out->payload) {
        out->payload = in->payloads;
    } else {
        json_array_extend(out->payload, in->payloads);
        json_decref(in->payloads);
    }
    in->payloads = NULL;
}

static void end_cell(kn_interp *in) {
    json_decref(in->payloads); /* a cell that ended without taking them */
    in->payloads = NULL;
    kn_decref(in->magic_result);
    in->magic_result = NULL;
    in->io = NULL;
    kn_runtime_install(NULL);
    tc_autograd_collect(); /* x.grad cycles left by backward(create_graph=True) */
    tc_pool_trim(); /* an idle kernel gives the memory of empty object pools back */
}

/* Split off a leading cell magic line ("%%time"): returns the body or NULL. */
static const char *cell_magic(const char *code, char *line, size_t n) {
    const char *p = code + strspn(code, " \t\r\n");
    if (strncmp(p, "%%", 2) != 0) return NULL;
    size_t len = strcspn(p + 2, "\n");
    snprintf(line, n, "%.*s", (int)len, p + 2);
    return p[2 + len] ? p + 3 + len : p + 2 + len;
}

/* ---- IPython's front-end syntax ------------------------------------------------------- */

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* The cell without surrounding white space, in buf; NULL when it is longer than buf. */
static const char *trimmed(const char *code, char *buf, size_t n) {
    while (is_space(*code))
        code++;
    size_t len = strlen(code);
    while (len && is_space(code[len - 1]))
        len--;
    if (len >= n) return NULL;
    memcpy(buf, code, len);
    buf[len] = '\0';
    return buf;
}

static json_t *payload_of(json_t *item) { return json_pack("[o]", item); }

/* "exit", "quit", "exit()", "quit()": ask the front end to close, as ipykernel does
 * (jupyter console exits; notebooks ignore it). */
static bool exit_request(const char *cell, kn_exec_result *out) {
    static const char *const forms[] = {"exit", "quit", "exit()", "quit()"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        if (strcmp(cell, forms[i]) == 0) {
            out->payload = payload_of(json_pack("{s:s, s:b}", "source", "ask_exit",
                                                "keepkernel", false));
            return true;
        }
    return false;
}

/* "obj?", "?obj" (signature and docstring) and "obj??", "??obj" (with the source): the
 * inspect text goes to the pager as IPython sends it (a "page" payload). */
static bool help_request(kn_interp *in, const char *cell, kn_exec_result *out) {
    size_t len = strlen(cell), lead = strspn(cell, "?"), tail = 0;
    while (tail < len - lead && cell[len - 1 - tail] == '?')
        tail++;
    if ((lead == 0 && tail == 0) || lead > 2 || tail > 2 || (lead && tail)) return false;
    const char *name = cell + lead;
    size_t nlen = len - lead - tail;
    while (nlen && is_space(*name)) {
        name++;
        nlen--;
    }
    while (nlen && is_space(name[nlen - 1]))
        nlen--;
    if (nlen == 0 || name[0] == '.' || (name[0] >= '0' && name[0] <= '9')) return false;
    for (size_t i = 0; i < nlen; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!(c == '_' || c == '.' || c >= 0x80 || (c >= '0' && c <= '9') ||
              ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
            return false;
    }
    char expr[256];
    snprintf(expr, sizeof expr, "%.*s", (int)nlen, name);
    int cps = 0;
    for (const char *p = expr; *p; p++)
        cps += ((unsigned char)*p & 0xC0) != 0x80;
    json_t *bundle = kn__interp_inspect_held(in, expr, cps, lead + tail >= 2 ? 1 : 0);
    if (bundle) {
        out->payload = payload_of(
            json_pack("{s:s, s:o, s:i}", "source", "page", "data", bundle, "start", 0));
    } else {
        char msg[300];
        int n = snprintf(msg, sizeof msg, "Object `%s` not found.\n", expr);
        kn_rt_write("stdout", msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
    }
    return true;
}

void kn_interp_trim(kn_interp *in) {
    if (pthread_mutex_trylock(&in->exec_lock) != 0) return;
    kn_objects_trim();
    tc_storage_trim();
    malloc_trim(0);
    pthread_mutex_unlock(&in->exec_lock);
}

/* Run one cell (see kernel/interp.h). */
int kn_interp_execute(kn_interp *in, const char *code, const kn_io *io, int execution_count,
                      bool silent, kn_exec_result *out) {
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&in->exec_lock);
    begin_cell(in, io, execution_count);
    tc_alloc_failed_take(); /* a failure absorbed before this cell is not this cell's error */
    kn_err err;
    tc_error_init(&err);
    char cellbuf[300];
    const char *cell = trimmed(code, cellbuf, sizeof cellbuf);
    if (cell && !strchr(cell, '\n') && (exit_request(cell, out) || help_request(in, cell, out))) {
        end_cell(in);
        pthread_mutex_unlock(&in->exec_lock);
        return 0;
    }
    char mline[512];
    const char *body = cell_magic(code, mline, sizeof mline);
    if (body) {
        if (kn__cell_magic_run(in, mline, body, &err) < 0) {
            runtime_error_result(in, &err, out);
        } else if (!silent && in->magic_result && !kn_is(in->magic_result, &kn_type_none)) {
            out->result = result_bundle(in, in->magic_result, &err);
            if (!out->result) runtime_error_result(in, &err, out);
        }
        take_payloads(in, out);
        end_cell(in);
        pthread_mutex_unlock(&in->exec_lock);
        return out->status == KN_EXEC_OK ? 0 : -1;
    }
    kn_parse_error pe;
    kn_ast *ast = kn_parse(code, execution_count, &pe);
    if (!ast) {
        syntax_error_result(&pe, code, execution_count, out);
    } else {
        kn_obj *v = NULL;
        if (run_ast(in, ast, silent ? NULL : &v, &err) < 0) {
            runtime_error_result(in, &err, out);
        } else if (v && !kn_is(v, &kn_type_none)) {
            out->result = result_bundle(in, v, &err);
            if (!out->result) runtime_error_result(in, &err, out);
        }
        kn_decref(v);
        kn_ast_unref(ast);
    }
    take_payloads(in, out);
    end_cell(in);
    pthread_mutex_unlock(&in->exec_lock);
    return out->status == KN_EXEC_OK ? 0 : -1;
}

/* Record a payload for the running cell's reply; one per "source", the latest winning, as
 * ipykernel's payload manager keeps them. Steals item. */
static void rt_payload(void *ctx, json_t *item) {
    kn_interp *in = ctx;
    if (!item) return;
    if (!in->payloads && !(in->payloads = json_array())) {
        json_decref(item);
        return;
    }
    const char *src = json_string_value(json_object_get(item, "source"));
    size_t i;
    json_t *old;
    json_array_foreach(in->payloads, i, old) {
        const char *os = json_string_value(json_object_get(old, "source"));
        if (src && os && strcmp(src, os) == 0) {
            json_array_set_new(in->payloads, i, item);
            return;
        }
    }
    json_array_append_new(in->payloads, item);
}

/* Set the %bridge text. */
void kn_interp_set_bridge_info(kn_interp *in, const char *text) {
    tc_free(in->bridge_info);
    in->bridge_info = text ? tc_strdup(text) : NULL;
}

/* Request an interrupt of the running cell (async-signal-safe). */
void kn_interp_interrupt(kn_interp *in) {
    (void)in;
    tc_interrupt_raise();
}

/* ---- runtime services --------------------------------------------------------------- */

#define KN_TRUNCATION_NOTE                                                                         \
    "\n[output truncated: this cell wrote more than 1 MiB to %s; the rest is discarded]\n"

/* Write to the running cell's stream, truncating beyond KN_STREAM_LIMIT; dropped when the
 * code runs for the bridge (no cell, no io). */
static void rt_write(void *ctx, const char *stream, const char *text, size_t n) {
    kn_interp *in = ctx;
    if (!in->io || !in->io->stream || in->truncated) return;
    if (in->stream_bytes + n > KN_STREAM_LIMIT) {
        size_t room = KN_STREAM_LIMIT - in->stream_bytes;
        while (room > 0 && (text[room] & 0xC0) == 0x80)
            room--; /* whole UTF-8 characters */
        if (room) in->io->stream(in->io->ctx, stream, text, room);
        char note[160];
        int nl = snprintf(note, sizeof note, KN_TRUNCATION_NOTE, stream);
        in->io->stream(in->io->ctx, "stderr", note, (size_t)nl);
        in->stream_bytes = KN_STREAM_LIMIT;
        in->truncated = true;
        return;
    }
    in->stream_bytes += n;
    in->io->stream(in->io->ctx, stream, text, n);
}

/* Publish display_data for the running cell; steals bundle. */
static void rt_display(void *ctx, json_t *bundle) {
    kn_interp *in = ctx;
    if (in->io && in->io->display)
        in->io->display(in->io->ctx, bundle);
    else
        json_decref(bundle);
}

static int rt_execution_count(void *ctx) {
    return ((kn_interp *)ctx)->count;
}

/* A line from the front end for input(). */
static kn_obj *rt_input(void *ctx, const char *prompt, bool password, kn_err *err) {
    kn_interp *in = ctx;
    if (!in->io || !in->io->input) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                     "input() was called, but this frontend does not support input requests.");
        return NULL;
    }
    char *line = in->io->input(in->io->ctx, prompt ? prompt : "", password, err);
    if (!line) {
        if (!tc_error_is_set(err)) tc_error_set(err, TC_EXC_EOF, "EOF when reading a line");
        return NULL;
    }
    kn_obj *s = kn_str_from_cstr(line);
    tc_free(line);
    return s;
}

static kn_obj *rt_globals(void *ctx) {
    return ((kn_interp *)ctx)->ev->globals;
}

static kn_obj *rt_handled(void *ctx) {
    kn_eval *ev = ((kn_interp *)ctx)->ev;
    int n = ev->nhandling < 32 ? ev->nhandling : 32;
    return n > 0 ? ev->handling[n - 1].obj : NULL;
}

/* ---- bridge access ------------------------------------------------------------------- */

/* Apply queued bridge puts (interpreter thread, or a thread holding exec_lock). */
void kn__interp_apply_puts(kn_interp *in) {
    pthread_mutex_lock(&in->ns_lock);
    for (int i = 0; i < in->nputs; i++) {
        kn_obj *v = kn_tensor_wrap(in->puts[i].t); /* steals the reference */
        if (v) kn_dict_set_str(in->ev->globals, in->puts[i].name, v);
        kn_decref(v);
        tc_free(in->puts[i].name);
    }
    in->nputs = 0;
    atomic_store(&in->npending, 0);
    pthread_mutex_unlock(&in->ns_lock);
}

/* A new reference to the tensor bound to a global (thread-safe). */
int kn_interp_get_tensor(kn_interp *in, const char *name, tc_tensor **out, tc_error *err) {
    *out = NULL;
    pthread_mutex_lock(&in->ns_lock);
    int rc = 0;
    kn_obj *v = kn_dict_get_str(in->ev->globals, name);
    for (int i = in->nputs - 1; i >= 0 && !*out; i--)
        if (strcmp(in->puts[i].name, name) == 0) *out = tc_tensor_ref(in->puts[i].t);
    if (*out) {
        /* a queued put is the newest binding */
    } else if (!v) {
        rc = tc_error_set(err, TC_EXC_NAME, "name '%s' is not defined", name);
    } else if (!kn_tensor_unwrap(v)) {
        rc = tc_error_set(err, TC_EXC_TYPE, "'%s' is a %s, not a tensor or ndarray", name,
                          kn_type_name(v));
    } else {
        *out = tc_tensor_ref(kn_tensor_unwrap(v));
    }
    pthread_mutex_unlock(&in->ns_lock);
    return rc;
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted names of tensor globals (thread-safe). */
json_t *kn_interp_tensor_names(kn_interp *in) {
    pthread_mutex_lock(&in->ns_lock);
    int64_t n = kn_dict_len(in->ev->globals) + in->nputs;
    const char **names = tc_calloc((size_t)n + 1, sizeof *names);
    int k = 0;
    int64_t it = 0;
    kn_obj *key, *val;
    while (names && kn_dict_next(in->ev->globals, &it, &key, &val))
        if (kn_tensor_unwrap(val) && kn_is(key, &kn_type_str) && kn_str_cstr(key)[0] != '_')
            names[k++] = kn_str_cstr(key); /* "_" (the last result) and private names are hidden */
    for (int i = 0; names && i < in->nputs; i++) {
        bool dup = false;
        for (int j = 0; j < k; j++)
            dup |= strcmp(names[j], in->puts[i].name) == 0;
        if (!dup) names[k++] = in->puts[i].name;
    }
    if (names) qsort(names, (size_t)k, sizeof *names, cmp_names);
    json_t *arr = json_array();
    for (int i = 0; i < k; i++)
        json_array_append_new(arr, json_string(names[i]));
    tc_free(names);
    pthread_mutex_unlock(&in->ns_lock);
    return arr;
}

/* Bind a global to a tensor (thread-safe; applied at the next statement of a running cell). */
int kn_interp_put_tensor(kn_interp *in, const char *name, tc_tensor *t, tc_error *err) {
    if (!t || !name || !*name)
        return tc_error_set(err, TC_EXC_VALUE, "put needs a name and a tensor");
    pthread_mutex_lock(&in->ns_lock);
    int rc = 0;
    for (int i = 0; i < in->nputs; i++)
        if (strcmp(in->puts[i].name, name) == 0) {
            tc_tensor_unref(in->puts[i].t);
            in->puts[i].t = tc_tensor_ref(t);
            goto queued;
        }
    if (in->nputs == in->capputs) {
        int cap = in->capputs ? in->capputs * 2 : 8;
        kn_pending_put *np = tc_realloc(in->puts, (size_t)cap * sizeof *np);
        if (!np) {
            rc = kn_nomem(err);
            goto queued;
        }
        in->puts = np;
        in->capputs = cap;
    }
    in->puts[in->nputs].name = tc_strdup(name);
    in->puts[in->nputs].t = tc_tensor_ref(t);
    in->nputs++;
queued:
    atomic_store(&in->npending, in->nputs);
    pthread_mutex_unlock(&in->ns_lock);
    if (rc == 0 && pthread_mutex_trylock(&in->exec_lock) == 0) {
        kn__interp_apply_puts(in); /* no cell is running: apply now */
        pthread_mutex_unlock(&in->exec_lock);
    }
    return rc;
}

static int scalar_of(kn_obj *v, json_t **scalar, tc_error *err) {
    if (kn_is(v, &kn_type_bool))
        *scalar = json_boolean(kn_int_value(v));
    else if (kn_int_is_big(v)) /* a JSON integer is int64 here: never a saturated value */
        return tc_error_set(err, TC_EXC_OVERFLOW, "Python int too large to convert to C long");
    else if (kn_is(v, &kn_type_int))
        *scalar = json_integer(kn_int_value(v));
    else if (kn_is(v, &kn_type_float) && isfinite(kn_float_value(v)))
        *scalar = json_real(kn_float_value(v)); /* printed with 17 digits: exact */
    else if (kn_is(v, &kn_type_float)) /* JSON has no NaN or infinities */
        *scalar = json_pack("{s:s}", "special", isnan(kn_float_value(v)) ? "nan"
                                                : kn_float_value(v) > 0 ? "inf" : "-inf");
    else if (kn_is(v, &kn_type_str))
        *scalar = json_string(kn_str_cstr(v));
    else if (kn_is(v, &kn_type_none))
        *scalar = json_null();
    else
        return tc_error_set(err, TC_EXC_TYPE,
                            "the result is a %s; only tensors, ndarrays and "
                            "scalars can be returned",
                            kn_type_name(v));
    return 0;
}

static int bridge_value(kn_obj *v, tc_tensor **out, json_t **scalar, tc_error *err) {
    tc_tensor *t = kn_tensor_unwrap(v);
    if (!t) return scalar_of(v, scalar, err);
    if (t->layout == TC_LAYOUT_STRIDED && tc_numel(t) == 1 && !tc_dtype_is_complex(t->dtype)) {
        /* one element: a Python scalar through .item() (one element crosses from a GPU; a
         * complex one, which JSON cannot carry, comes as a 0-d array) */
        kn_obj *item = kn_getattr(v, "item", err);
        kn_obj *s = item ? kn_call_simple(item, NULL, 0, err) : NULL;
        kn_decref(item);
        int rc = s ? scalar_of(s, scalar, err) : -1;
        kn_decref(s);
        return rc;
    }
    *out = tc_tensor_ref(t);
    return 0;
}

/* Evaluate one expression for the bridge, waiting for a running cell (thread-safe). */
int kn_interp_eval_for_bridge(kn_interp *in, const char *expr, tc_tensor **out, json_t **scalar,
                              tc_error *err) {
    *out = NULL;
    *scalar = NULL;
    pthread_mutex_lock(&in->exec_lock);
    const kn_runtime_hooks *saved = kn_runtime_install(&in->rt);
    in->io = NULL;
    kn_eval_begin(in->ev);
    if (atomic_load(&in->npending)) kn__interp_apply_puts(in);
    kn_parse_error pe;
    kn_ast *ast = kn_parse(expr, 0, &pe);
    int rc = -1;
    if (!ast) {
        tc_error_set(err, pe.err.type, "%s", pe.err.msg);
    } else if (ast->body.n != 1 || ast->body.v[0]->kind != KN_AST_EXPR) {
        tc_error_set(err, TC_EXC_SYNTAX, "eval() takes one expression");
    } else {
        kn_obj *v = kn_eval_expr(in->ev, ast, ast->body.v[0]->expr_stmt.value, err);
        if (v) rc = bridge_value(v, out, scalar, err);
        kn_decref(v);
    }
    kn_eval_tb_clear(in->ev);
    kn_ast_unref(ast);
    kn_runtime_install(saved);
    pthread_mutex_unlock(&in->exec_lock);
    return rc;
}
