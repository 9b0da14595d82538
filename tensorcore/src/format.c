/*
 * PyTorch's tensor repr, following torch/_tensor_str.py line by line: _Formatter (int
 * mode, scientific mode, widths), _tensor_str_with_formatter / _vector_str (elements per
 * line, "..." rows, blank lines between blocks), summarization, the suffixes in PyTorch's
 * order and their wrapping (_add_suffixes), and the sparse COO form. Also the string
 * buffer and the torch.set_printoptions state shared by every formatter.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format-impl.h"
#include "tensorcore/alloc.h"

static tc_printopts g_opts = {4, 1000, 3, 80, -1};

/* Grow b so it can hold 'extra' more bytes plus the terminator. A failure (memory, or a
 * size that overflows) marks the buffer failed: later appends do nothing. */
int tc_strbuf_reserve(tc_strbuf *b, size_t extra) {
    if (b->failed) return -1;
    size_t need;
    if (__builtin_add_overflow(b->len, extra, &need) || __builtin_add_overflow(need, 1, &need)) {
        b->failed = true;
        return -1;
    }
    if (need <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = tc_realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

/* Append n bytes of s; the buffer stays NUL-terminated. Returns 0, or -1 on OOM. */
int tc_strbuf_append(tc_strbuf *b, const char *s, size_t n) {
    if (tc_strbuf_reserve(b, n) < 0) return -1;
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int tc_strbuf_puts(tc_strbuf *b, const char *s) {
    return tc_strbuf_append(b, s, strlen(s));
}

int tc_strbuf_putc(tc_strbuf *b, char c) {
    return tc_strbuf_append(b, &c, 1);
}

/* Append printf-formatted text. Returns 0, or -1 on OOM. */
int tc_strbuf_printf(tc_strbuf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) b->failed = true; /* a width or precision past INT_MAX: nothing to append */
    if (n < 0 || tc_strbuf_reserve(b, (size_t)n) < 0) return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

/* Release the buffer's memory and zero it. */
void tc_strbuf_free(tc_strbuf *b) {
    if (!b) return;
    tc_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}

/* The process-wide torch print options. Borrowed. */
const tc_printopts *tc_printopts_get(void) {
    return &g_opts;
}

/* Replace the process-wide torch print options. */
void tc_printopts_set(const tc_printopts *o) {
    g_opts = *o;
}

/* torch.set_printoptions(profile=...): unknown names change nothing but sci_mode, as in
 * PyTorch. */
int tc_printopts_profile(const char *profile, tc_error *err) {
    (void)err;
    if (!profile) profile = "";
    if (strcmp(profile, "default") == 0) {
        g_opts.precision = 4;
        g_opts.threshold = 1000;
        g_opts.edgeitems = 3;
        g_opts.linewidth = 80;
    } else if (strcmp(profile, "short") == 0) {
        g_opts.precision = 2;
        g_opts.threshold = 1000;
        g_opts.edgeitems = 2;
        g_opts.linewidth = 80;
    } else if (strcmp(profile, "full") == 0) {
        g_opts.precision = 4;
        g_opts.threshold = INT64_MAX;
        g_opts.edgeitems = 3;
        g_opts.linewidth = 80;
    }
    g_opts.sci_mode = -1;
    return 0;
}

/* ---- _Formatter ------------------------------------------------------------------------ */

typedef struct torch_fmt {
    bool floating, int_mode, sci_mode;
    int max_width, precision;
} torch_fmt;

/* Python "{}" of a bool / int element, or nothing for floats. */
static int int_text(char *buf, size_t n, const void *p, tc_dtype dt) {
    if (dt == TC_DTYPE_BOOL)
        return snprintf(buf, n, "%s", tc__fmt_load_i64(p, dt) ? "True" : "False");
    return snprintf(buf, n, "%lld", (long long)tc__fmt_load_i64(p, dt));
}

/* Width pass over the nonzero finite values once the mode is known. */
static void fmt_float_widths(torch_fmt *f, const tc__fmt_shown *s) {
    tc__fmt_walk w;
    const void *p;
    char buf[512];
    tc__fmt_walk_start(&w, s);
    while ((p = tc__fmt_walk_next(&w))) {
        double v = tc__fmt_load_f64(p, s->dtype);
        if (!isfinite(v) || v == 0) continue;
        int len;
        if (f->sci_mode)
            len = snprintf(buf, sizeof buf, "%.*e", f->precision, v);
        else if (f->int_mode)
            len = snprintf(buf, sizeof buf, "%.0f", v) + 1;
        else
            len = snprintf(buf, sizeof buf, "%.*f", f->precision, v);
        if (len > f->max_width) f->max_width = len;
    }
}

/* _Formatter.__init__ over the shown elements (get_summarized_data when summarizing). */
static void fmt_init(torch_fmt *f, const tc__fmt_shown *s, const tc_printopts *o) {
    f->floating = tc__fmt_dtype_is_float(s->dtype);
    f->int_mode = true;
    f->sci_mode = false;
    f->max_width = 1;
    f->precision = o->precision;
    tc__fmt_walk w;
    const void *p;
    char buf[64];
    tc__fmt_walk_start(&w, s);
    if (!f->floating) {
        while ((p = tc__fmt_walk_next(&w))) {
            int len = int_text(buf, sizeof buf, p, s->dtype);
            if (len > f->max_width) f->max_width = len;
        }
    } else {
        double mn = INFINITY, mx = 0;
        bool any = false;
        while ((p = tc__fmt_walk_next(&w))) {
            double v = tc__fmt_load_f64(p, s->dtype);
            if (!isfinite(v) || v == 0) continue;
            any = true;
            if (fabs(v) < mn) mn = fabs(v);
            if (fabs(v) > mx) mx = fabs(v);
            if (v != ceil(v)) f->int_mode = false;
        }
        if (!any) return; /* PyTorch returns before applying sci_mode here */
        /* set_printoptions(sci_mode=) decides before the widths are measured (torch 2.15) */
        if (o->sci_mode >= 0)
            f->sci_mode = o->sci_mode != 0;
        else
            f->sci_mode = mx / mn > 1000.0 || mx > 1.0e8 || mn < 1.0e-4;
        fmt_float_widths(f, s);
    }
}

/* _Formatter.format: the element text right-aligned to the common width. 'tmp' is scratch
 * space reused across calls. */
static int fmt_value(const torch_fmt *f, tc_strbuf *b, const void *p, tc_dtype dt, tc_strbuf *tmp) {
    char buf[64];
    int rc = 0;
    tmp->len = 0;
    if (!f->floating) {
        int_text(buf, sizeof buf, p, dt);
        rc = tc_strbuf_append(tmp, buf, strlen(buf));
    } else {
        double v = tc__fmt_load_f64(p, dt);
        if (f->sci_mode) {
            rc = tc__fmt_py_sci(tmp, v, f->max_width, f->precision);
        } else if (f->int_mode) {
            rc = tc__fmt_py_fixed(tmp, v, 0);
            if (rc == 0 && isfinite(v)) rc = tc_strbuf_append(tmp, ".", 1);
        } else {
            rc = tc__fmt_py_fixed(tmp, v, f->precision);
        }
    }
    if (rc == 0) rc = tc__fmt_strbuf_spaces(b, f->max_width - (int64_t)tmp->len);
    if (rc == 0) rc = tc_strbuf_append(b, tmp->data, tmp->len);
    return rc;
}

/* ---- _tensor_str_with_formatter ------------------------------------------------------- */

typedef struct torch_ctx {
    const tc_printopts *o;
    const tc__fmt_shown *s;
    int max_width; /* _Formatter.width() */
    tc__fmt_words words;
    int64_t next; /* next word to print */
    tc_strbuf *out;
} torch_ctx;

static int put_word(torch_ctx *c) {
    size_t n;
    const char *w = tc__fmt_word(&c->words, c->next++, &n);
    return tc_strbuf_append(c->out, w, n);
}

/* Start item number 'item' of a vector: ", " or, every per_line items, a wrapped line. */
static int item_sep(torch_ctx *c, int64_t item, int64_t per_line, int indent) {
    if (item == 0) return 0;
    if (item % per_line) return tc_strbuf_append(c->out, ", ", 2);
    if (tc_strbuf_append(c->out, ",\n", 2) < 0) return -1;
    return tc__fmt_strbuf_spaces(c->out, indent + 1);
}

/* _vector_str: the last dim, wrapped at elements_per_line, " ..." counted as an element. */
static int vector_str(torch_ctx *c, int d, int indent) {
    int64_t elen = c->max_width + 2;
    int64_t per_line = (int64_t)floor((double)(c->o->linewidth - indent) / (double)elen);
    if (per_line < 1) per_line = 1;
    int64_t item = 0;
    if (tc_strbuf_append(c->out, "[", 1) < 0) return -1;
    for (int64_t i = 0; i < c->s->nshown[d]; i++) {
        if (c->s->split[d] && i == c->s->edge) {
            if (item_sep(c, item++, per_line, indent) < 0) return -1;
            if (tc_strbuf_append(c->out, " ...", 4) < 0) return -1;
        }
        if (item_sep(c, item++, per_line, indent) < 0 || put_word(c) < 0) return -1;
    }
    if (c->s->split[d] && c->s->nshown[d] == 0 && tc_strbuf_append(c->out, " ...", 4) < 0)
        return -1; /* negative edgeitems past the length: both slices empty */
    return tc_strbuf_append(c->out, "]", 1);
}

/* Separator between slices of dim d: "," + "\n" * (dims left - 1) + indent spaces. */
static int slice_sep(torch_ctx *c, int d, int indent) {
    if (tc_strbuf_append(c->out, ",", 1) < 0) return -1;
    for (int i = 0; i < c->s->ndim - d - 1; i++)
        if (tc_strbuf_append(c->out, "\n", 1) < 0) return -1;
    return tc__fmt_strbuf_spaces(c->out, indent + 1);
}

static int tensor_rec(torch_ctx *c, int d, int indent) {
    if (c->s->ndim == 0) return put_word(c);
    if (d == c->s->ndim - 1) return vector_str(c, d, indent);
    if (tc_strbuf_append(c->out, "[", 1) < 0) return -1;
    for (int64_t i = 0; i < c->s->nshown[d]; i++) {
        if (i > 0 && slice_sep(c, d, indent) < 0) return -1;
        if (c->s->split[d] && i == c->s->edge) {
            if (tc_strbuf_append(c->out, "...", 3) < 0 || slice_sep(c, d, indent) < 0) return -1;
        }
        if (tensor_rec(c, d + 1, indent + 1) < 0) return -1;
    }
    return tc_strbuf_append(c->out, "]", 1);
}

static int64_t numel_of(const tc_tensor *t) {
    int64_t n = 1;
    for (int d = 0; d < t->ndim; d++)
        n *= t->shape[d];
    return n;
}

static int oom(tc_error *err) {
    return tc_error_set(err, TC_EXC_MEMORY, "out of memory while formatting a tensor");
}

/* _tensor_str: "[]" for empty tensors, else the formatted (maybe summarized) elements. */
static int tensor_str(const tc_tensor *t, int indent, const tc_printopts *o, tc_strbuf *out,
                      tc_error *err) {
    if (numel_of(t) == 0) return tc_strbuf_append(out, "[]", 2) < 0 ? oom(err) : 0;
    bool summarize = numel_of(t) > o->threshold;
    /* edgeitems 0 or negative, as torch's _tensor_str treats them: nothing shown, or Python's
     * slices of a vector; a summarized matrix stacks no rows and fails as there */
    if (summarize && o->edgeitems == 0 && t->ndim > 0)
        return tc_strbuf_append(out, "[...]", 5) < 0 ? oom(err) : 0;
    if (summarize && o->edgeitems < 0 && t->ndim > 1)
        return tc_error_set(err, TC_EXC_RUNTIME, "stack expects a non-empty TensorList");
    tc__fmt_shown s;
    if (tc__fmt_shown_init(&s, t, summarize, o->edgeitems, err) < 0) {
        tc__fmt_shown_free(&s);
        return -1;
    }
    torch_ctx c = {0};
    c.o = o;
    c.s = &s;
    c.out = out;
    int rc = tc__fmt_torch_words(&s, o, &c.words, &c.max_width) < 0 ? oom(err) : 0;
    if (rc == 0) rc = tc__fmt_words_check(&s, &c.words, err);
    if (rc == 0 && tensor_rec(&c, 0, indent) < 0) rc = oom(err);
    tc__fmt_words_free(&c.words);
    tc__fmt_shown_free(&s);
    return rc;
}

/* The shown elements of one part of a complex tensor: the same walk over the same memory,
 * read as the part's real dtype starting 'part' reals into each element. Borrows s's
 * staging buffer (never freed through the copy). */
static tc__fmt_shown complex_part_shown(const tc__fmt_shown *s, int part) {
    tc__fmt_shown p = *s;
    p.dtype = tc_dtype_to_real(s->dtype);
    size_t off = (size_t)part * tc__fmt_dtype_size(p.dtype);
    p.base = s->base ? s->base + off : NULL;
    if (s->staging) p.staging = s->staging + off;
    return p;
}

/* Complex elements as _tensor_str prints them: one _Formatter for the real parts and one for
 * the imaginary parts; each element is the real text, then the imaginary text with its
 * padding stripped, a "+" unless it carries a sign, and "j". The width is both widths + 1. */
static int complex_words(const tc__fmt_shown *s, const tc_printopts *o, tc__fmt_words *w,
                         int *max_width) {
    tc__fmt_shown re = complex_part_shown(s, 0), im = complex_part_shown(s, 1);
    torch_fmt fr, fi;
    fmt_init(&fr, &re, o);
    fmt_init(&fi, &im, o);
    if (max_width) *max_width = fr.max_width + fi.max_width + 1;
    tc__fmt_walk wr, wi;
    const void *pr, *pi;
    tc_strbuf scratch = {0}, itext = {0};
    int rc = 0;
    tc__fmt_walk_start(&wr, &re);
    tc__fmt_walk_start(&wi, &im);
    while (rc == 0 && (pr = tc__fmt_walk_next(&wr)) && (pi = tc__fmt_walk_next(&wi))) {
        itext.len = 0;
        if (fmt_value(&fr, &w->text, pr, re.dtype, &scratch) < 0 ||
            fmt_value(&fi, &itext, pi, im.dtype, &scratch) < 0) {
            rc = -1;
            break;
        }
        const char *t = itext.data;
        while (*t == ' ') t++;
        if (*t != '+' && *t != '-' && tc_strbuf_putc(&w->text, '+') < 0) rc = -1;
        if (rc == 0 && (tc_strbuf_puts(&w->text, t) < 0 || tc_strbuf_putc(&w->text, 'j') < 0 ||
                        tc__fmt_words_push_end(w) < 0))
            rc = -1;
    }
    tc_strbuf_free(&scratch);
    tc_strbuf_free(&itext);
    return rc;
}

/* Each shown element as PyTorch formats it (padded to the common width), in order. */
int tc__fmt_torch_words(const tc__fmt_shown *s, const tc_printopts *o, tc__fmt_words *w,
                        int *max_width) {
    if (tc_dtype_is_complex(s->dtype)) return complex_words(s, o, w, max_width);
    torch_fmt f;
    fmt_init(&f, s, o);
    if (max_width) *max_width = f.max_width;
    tc__fmt_walk it;
    const void *p;
    tc_strbuf scratch = {0};
    int rc = 0;
    tc__fmt_walk_start(&it, s);
    while (rc == 0 && (p = tc__fmt_walk_next(&it)))
        if (fmt_value(&f, &w->text, p, s->dtype, &scratch) < 0 || tc__fmt_words_push_end(w) < 0)
            rc = -1;
    tc_strbuf_free(&scratch);
    return rc;
}

/* ---- _str_intern ----------------------------------------------------------------------- */

#define MAX_SUFFIXES 8

typedef struct suffixes {
    tc_strbuf item[MAX_SUFFIXES];
    int n;
} suffixes;

static tc_strbuf *suffix_new(suffixes *sx) {
    return &sx->item[sx->n++];
}

static void suffixes_free(suffixes *sx) {
    for (int i = 0; i < sx->n; i++)
        tc_strbuf_free(&sx->item[i]);
}

/* _add_suffixes, including PyTorch's count of the last line (length + 2 when no newline). */
static int add_suffixes(tc_strbuf *out, size_t start, const suffixes *sx, int indent,
                        bool force_newline, const tc_printopts *o) {
    const char *str = out->data + start;
    size_t len = out->len - start;
    int64_t rfind = -1;
    for (size_t i = len; i > 0; i--)
        if (str[i - 1] == '\n') {
            rfind = (int64_t)i - 1;
            break;
        }
    int64_t last = (int64_t)len - rfind + 1;
    for (int i = 0; i < sx->n; i++) {
        int64_t sl = (int64_t)sx->item[i].len;
        if (force_newline || last + sl + 2 > o->linewidth) {
            if (tc_strbuf_append(out, ",\n", 2) < 0 || tc__fmt_strbuf_spaces(out, indent) < 0)
                return -1;
            last = indent + sl;
            force_newline = false;
        } else {
            if (tc_strbuf_append(out, ", ", 2) < 0) return -1;
            last += sl + 2;
        }
        if (tc_strbuf_append(out, sx->item[i].data, sx->item[i].len) < 0) return -1;
    }
    return tc_strbuf_append(out, ")", 1);
}

static bool has_default_dtype(tc_dtype dt) {
    return dt == tc_default_float() || dt == tc_default_complex() || dt == TC_DTYPE_I64 || dt == TC_DTYPE_BOOL;
}

/* The sparse COO body: "indices=tensor([...]),\n       values=tensor([...])". */
static int sparse_body(const tc_tensor *t, int indent, const tc_printopts *o, tc_strbuf *out,
                       tc_error *err) {
    const tc_tensor *ind = t->sp_indices, *val = t->sp_values;
    if (!ind || !val) return tc_error_set(err, TC_EXC_RUNTIME, "sparse tensor without indices");
    if (tc_strbuf_append(out, "indices=tensor(", 15) < 0) return oom(err);
    if (tensor_str(ind, indent + 15, o, out, err) < 0) return -1;
    if (numel_of(ind) == 0 && (tc_strbuf_append(out, ", size=", 7) < 0 ||
                               tc__fmt_shape_str(out, ind->shape, ind->ndim) < 0))
        return oom(err);
    if (tc_strbuf_append(out, "),\n", 3) < 0 || tc__fmt_strbuf_spaces(out, indent) < 0 ||
        tc_strbuf_append(out, "values=tensor(", 14) < 0)
        return oom(err);
    if (tensor_str(val, indent + 14, o, out, err) < 0) return -1;
    if (numel_of(val) == 0 && (tc_strbuf_append(out, ", size=", 7) < 0 ||
                               tc__fmt_shape_str(out, val->shape, val->ndim) < 0))
        return oom(err);
    return tc_strbuf_append(out, ")", 1) < 0 ? oom(err) : 0;
}

/* Size, nnz and dtype suffixes of a sparse tensor, then its body. */
static int sparse_str(const tc_tensor *t, int indent, const tc_printopts *o, suffixes *sx,
                      tc_strbuf *out, tc_error *err) {
    tc_strbuf *b = suffix_new(sx);
    if (tc_strbuf_append(b, "size=", 5) < 0 || tc__fmt_shape_str(b, t->shape, t->ndim) < 0)
        return oom(err);
    int64_t nnz = t->sp_values && t->sp_values->ndim > 0 ? t->sp_values->shape[0] : 0;
    if (tc_strbuf_printf(suffix_new(sx), "nnz=%lld", (long long)nnz) < 0) return oom(err);
    if (!has_default_dtype(t->dtype) &&
        tc_strbuf_printf(suffix_new(sx), "dtype=torch.%s", tc__fmt_dtype_torch_name(t->dtype)) < 0)
        return oom(err);
    return sparse_body(t, indent, o, out, err);
}

/* Dense body and its size/dtype suffixes. */
static int dense_str(const tc_tensor *t, int indent, const tc_printopts *o, suffixes *sx,
                     tc_strbuf *out, tc_error *err) {
    if (numel_of(t) == 0) {
        if (t->ndim != 1) {
            tc_strbuf *b = suffix_new(sx);
            if (tc_strbuf_append(b, "size=", 5) < 0 || tc__fmt_shape_str(b, t->shape, t->ndim) < 0)
                return oom(err);
        }
        if (t->dtype != TC_DTYPE_F32 && tc_strbuf_printf(suffix_new(sx), "dtype=torch.%s",
                                                         tc__fmt_dtype_torch_name(t->dtype)) < 0)
            return oom(err);
        return tc_strbuf_append(out, "[]", 2) < 0 ? oom(err) : 0;
    }
    if (o->edgeitems == 0) { /* torch shows the size when it shows no edge items */
        tc_strbuf *b = suffix_new(sx);
        if (tc_strbuf_append(b, "size=", 5) < 0 || tc__fmt_shape_str(b, t->shape, t->ndim) < 0)
            return oom(err);
    }
    if (!has_default_dtype(t->dtype) &&
        tc_strbuf_printf(suffix_new(sx), "dtype=torch.%s", tc__fmt_dtype_torch_name(t->dtype)) < 0)
        return oom(err);
    return tensor_str(t, indent, o, out, err);
}

/* repr(t): "tensor(" + body + suffixes + ")", appended to out. */
int tc_format_tensor(const tc_tensor *t, const tc_printopts *o, tc_strbuf *out, tc_error *err) {
    if (!o) o = tc_printopts_get();
    const int indent = 7; /* len("tensor(") */
    size_t start = out->len;
    suffixes sx = {0};
    int rc = -1;
    if (tc_strbuf_append(out, "tensor(", 7) < 0) goto fail_oom;
    if (t->device.type != TC_DEVICE_CPU &&
        tc_strbuf_printf(suffix_new(&sx), "device='cuda:%d'", t->device.index) < 0)
        goto fail_oom;
    bool sparse = t->layout == TC_LAYOUT_SPARSE_COO;
    rc = sparse ? sparse_str(t, indent, o, &sx, out, err) : dense_str(t, indent, o, &sx, out, err);
    if (rc < 0) goto done;
    if (sparse && tc_strbuf_append(suffix_new(&sx), "layout=torch.sparse_coo", 23) < 0)
        goto fail_oom;
    if (t->grad_fn) {
        const char *name = tc_grad_fn_name(t);
        if (name && tc_strbuf_printf(suffix_new(&sx), "grad_fn=<%s>", name) < 0) goto fail_oom;
    } else if (t->requires_grad) {
        if (tc_strbuf_append(suffix_new(&sx), "requires_grad=True", 18) < 0) goto fail_oom;
    }
    rc = add_suffixes(out, start, &sx, indent, sparse, o) < 0 ? oom(err) : 0;
    goto done;
fail_oom:
    rc = oom(err);
done:
    suffixes_free(&sx);
    if (rc < 0 && out->data) {
        out->len = start;
        out->data[start] = '\0';
    }
    return rc;
}
