/*
 * NumPy 2's str() and repr() of an ndarray, following numpy/_core/arrayprint.py with the
 * options of np.set_printoptions (precision 8, threshold 1000, edgeitems 3, linewidth 75,
 * suppress False by default; floatmode 'maxprec', legacy=False): FloatingFormat / IntegerFormat / BoolFormat chosen over the
 * summarized data, _formatArray's line filling and wrapping, and array_repr's
 * "shape=" / "dtype=" extras.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format-impl.h"

/* np.set_printoptions' values: process-wide, as NumPy's (a context variable there, which a
 * kernel running one cell at a time cannot tell apart from a global). */
static tc_np_printoptions np_opts = {.precision = 8, .threshold = 1000, .edgeitems = 3, .linewidth = 75,
                                     .suppress = false};
#define NP_THRESHOLD (np_opts.threshold)
#define NP_EDGEITEMS ((int)np_opts.edgeitems)
#define NP_LINEWIDTH ((int)np_opts.linewidth)
#define NP_PRECISION ((int)np_opts.precision)

void tc_np_get_printoptions(tc_np_printoptions *o) { *o = np_opts; }

void tc_np_set_printoptions(const tc_np_printoptions *o) { np_opts = *o; }

typedef enum np_kind { NP_BOOL, NP_INT, NP_FLOAT, NP_COMPLEX } np_kind;

typedef struct np_fmt {
    np_kind kind;
    tc_dtype dt; /* the element's dtype (a complex one for NP_COMPLEX) */
    bool zero_d;
    int int_width;
    /* FloatingFormat state (NP_COMPLEX: of the real parts; im_* of the imaginary parts,
     * which are written with sign='+') */
    bool exp_format, plus;
    int precision, min_digits, pad_left, pad_right, exp_size;
    char trim;
    struct np_fmt *im;
} np_fmt;

static int oom(tc_error *err) {
    return tc_error_set(err, TC_EXC_MEMORY, "out of memory while formatting an array");
}

/* ---- IntegerFormat / BoolFormat ------------------------------------------------------- */

static void int_fill(np_fmt *f, const tc__fmt_shown *s) {
    tc__fmt_walk w;
    const void *p;
    int64_t mx = INT64_MIN, mn = INT64_MAX;
    char buf[32];
    tc__fmt_walk_start(&w, s);
    while ((p = tc__fmt_walk_next(&w))) {
        int64_t v = tc__fmt_load_i64(p, s->dtype);
        if (v > mx) mx = v;
        if (v < mn) mn = v;
    }
    int a = snprintf(buf, sizeof buf, "%lld", (long long)mx);
    int b = snprintf(buf, sizeof buf, "%lld", (long long)mn);
    f->int_width = a > b ? a : b;
}

/* ---- FloatingFormat ------------------------------------------------------------------- */

/* Does the scientific mode apply? Comparisons happen in the array's own dtype. */
static bool float_wants_exp(tc_dtype dt, double mx, double mn) {
    bool small = !np_opts.suppress; /* suppress=True keeps small values positional */
    if (dt == TC_DTYPE_F64) return mx >= 1e8 || (small && (mn < 1e-4 || mx / mn > 1000.));
    if (dt == TC_DTYPE_F32) return mx >= 1e6 || (small && ((float)mn < 1e-4f || (float)mx / (float)mn > 1000.f));
    float lo = tc_f16_to_f32(tc_f32_to_f16(1e-4f));
    float q = tc_f16_to_f32(tc_f32_to_f16((float)mx / (float)mn));
    return mx >= 1e3 || (small && ((float)mn < lo || q > 1000.f));
}

/* Lengths of the parts of one first-pass string: int part, fraction part, exponent. */
static void part_lengths(const char *str, int *ni, int *nf, int *ne) {
    const char *dot = strchr(str, '.'), *e = strchr(str, 'e');
    size_t len = strlen(str);
    const char *end = e ? e : str + len;
    *ni = (int)((dot ? dot : end) - str);
    *nf = dot ? (int)(end - dot - 1) : 0;
    *ne = e ? (int)(str + len - e - 1) : 0;
}

static void max_into(int *dst, int v) {
    if (v > *dst) *dst = v;
}

typedef struct float_stats {
    double mx, mn;
    bool any_nonzero, any_finite, any_nonfinite, neginf;
} float_stats;

/* Range of the nonzero finite values and which special values occur. */
static void float_scan(const tc__fmt_shown *s, float_stats *st) {
    tc__fmt_walk w;
    const void *p;
    memset(st, 0, sizeof *st);
    st->mn = INFINITY;
    tc__fmt_walk_start(&w, s);
    while ((p = tc__fmt_walk_next(&w))) {
        double v = tc__fmt_load_f64(p, s->dtype);
        if (!isfinite(v)) {
            st->any_nonfinite = true;
            if (isinf(v) && v < 0) st->neginf = true;
            continue;
        }
        st->any_finite = true;
        if (v == 0) continue;
        st->any_nonzero = true;
        if (fabs(v) > st->mx) st->mx = fabs(v);
        if (fabs(v) < st->mn) st->mn = fabs(v);
    }
}

/* One value in dragon4's positional or scientific form; with plus, sign=True (a '+' before a
 * value without its sign bit set), the sign counted in pad_left as dragon4 counts it. */
static int np_number(tc_strbuf *b, double v, tc_dtype dt, bool exp, int precision, int min_digits,
                     char trim, int pad_left, int pad_right_or_exp, bool plus) {
    if (!plus)
        return exp ? tc__fmt_np_scientific(b, v, dt, precision, min_digits, trim, pad_left, pad_right_or_exp)
                   : tc__fmt_np_positional(b, v, dt, precision, min_digits, trim, pad_left, pad_right_or_exp);
    tc_strbuf t = {0};
    int rc = signbit(v) ? 0 : tc_strbuf_append(&t, "+", 1);
    if (rc == 0)
        rc = exp ? tc__fmt_np_scientific(&t, v, dt, precision, min_digits, trim, -1, pad_right_or_exp)
                 : tc__fmt_np_positional(&t, v, dt, precision, min_digits, trim, -1, pad_right_or_exp);
    if (rc == 0) {
        size_t ip = 0;
        while (ip < t.len && t.data[ip] != '.' && t.data[ip] != 'e' && t.data[ip] != ' ') ip++;
        rc = tc__fmt_strbuf_spaces(b, pad_left - (int64_t)ip);
        if (rc == 0) rc = tc_strbuf_append(b, t.data, t.len);
    }
    tc_strbuf_free(&t);
    return rc;
}

/* Widest int part, fraction and exponent over the first-pass strings of the finite values. */
static int float_first_pass(const np_fmt *f, const tc__fmt_shown *s, int *ni, int *nf, int *ne) {
    tc__fmt_walk w;
    const void *p;
    tc_strbuf b = {0};
    int rc = 0;
    *ni = *nf = *ne = 0;
    tc__fmt_walk_start(&w, s);
    while (rc == 0 && (p = tc__fmt_walk_next(&w))) {
        double v = tc__fmt_load_f64(p, s->dtype);
        if (!isfinite(v)) continue;
        b.len = 0;
        rc = np_number(&b, v, s->dtype, f->exp_format, NP_PRECISION, -1, '.', -1, -1, f->plus);
        if (rc < 0) break;
        int i, fr, e;
        part_lengths(b.data, &i, &fr, &e);
        max_into(ni, i);
        max_into(nf, fr);
        max_into(ne, e);
    }
    tc_strbuf_free(&b);
    return rc;
}

/* fillFormat: choose the notation, then the paddings and digit counts. */
static int float_fill(np_fmt *f, const tc__fmt_shown *s) {
    float_stats st;
    float_scan(s, &st);
    f->precision = NP_PRECISION;
    f->exp_format = st.any_nonzero && float_wants_exp(s->dtype, st.mx, st.mn);
    f->pad_left = f->pad_right = 0;
    f->trim = '.';
    f->exp_size = -1;
    f->min_digits = -1;
    if (st.any_finite) {
        int ni, nf, ne;
        if (float_first_pass(f, s, &ni, &nf, &ne) < 0) return -1;
        f->pad_left = ni;
        if (f->exp_format) {
            f->exp_size = ne - 1;
            f->trim = 'k';
            f->precision = f->min_digits = nf;
            f->pad_right = f->exp_size + 2 + f->precision;
        } else {
            f->pad_right = nf;
            f->min_digits = 0;
        }
    }
    if (st.any_nonfinite) {
        int offset = f->pad_right + 1;
        max_into(&f->pad_left, 3 - offset);
        max_into(&f->pad_left, 3 + (st.neginf || f->plus ? 1 : 0) - offset);
    }
    return 0;
}

/* FloatingFormat.__call__ for one value. */
static int float_call(const np_fmt *f, tc_strbuf *b, double v) {
    if (!isfinite(v)) {
        const char *r = isnan(v) ? (f->plus ? "+nan" : "nan") : v < 0 ? "-inf" : f->plus ? "+inf" : "inf";
        int64_t pad = f->pad_left + f->pad_right + 1 - (int64_t)strlen(r);
        if (tc__fmt_strbuf_spaces(b, pad) < 0) return -1;
        return tc_strbuf_append(b, r, strlen(r));
    }
    return np_number(b, v, f->dt, f->exp_format, f->precision, f->min_digits, f->trim, f->pad_left,
                     f->exp_format ? f->exp_size : f->pad_right, f->plus);
}

/* The shown elements of one part of complex elements: the same walk over the same memory,
 * read as the part's real dtype starting 'part' reals into each element. Borrows s's
 * staging buffer. */
static tc__fmt_shown part_shown(const tc__fmt_shown *s, int part) {
    tc__fmt_shown p = *s;
    p.dtype = tc_dtype_to_real(s->dtype);
    size_t off = (size_t)part * tc__fmt_dtype_size(p.dtype);
    p.base = s->base ? s->base + off : NULL;
    if (s->staging) p.staging = s->staging + off;
    return p;
}

/* _get_format_function over the (summarized) data. */
static int fmt_init(np_fmt *f, const tc__fmt_shown *s) {
    np_fmt *im = f->im;
    memset(f, 0, sizeof *f);
    f->dt = s->dtype;
    f->zero_d = s->ndim == 0;
    if (tc_dtype_is_complex(s->dtype)) { /* ComplexFloatingFormat: one format per part */
        tc__fmt_shown re = part_shown(s, 0), ims = part_shown(s, 1);
        int rc = float_fill(f, &re);
        memset(im, 0, sizeof *im);
        im->plus = true;
        im->kind = NP_FLOAT;
        im->dt = ims.dtype;
        if (rc == 0) rc = float_fill(im, &ims);
        f->kind = NP_COMPLEX;
        f->im = im;
        f->dt = re.dtype;
        return rc;
    }
    if (s->dtype == TC_DTYPE_BOOL) {
        f->kind = NP_BOOL;
        return 0;
    }
    if (!tc__fmt_dtype_is_float(s->dtype)) {
        f->kind = NP_INT;
        int_fill(f, s);
        return 0;
    }
    f->kind = NP_FLOAT;
    return float_fill(f, s);
}

static int fmt_call(const np_fmt *f, tc_strbuf *b, const void *p) {
    if (f->kind == NP_BOOL) {
        bool v = tc__fmt_load_i64(p, f->dt) != 0;
        const char *r = v ? (f->zero_d ? "True" : " True") : "False";
        return tc_strbuf_append(b, r, strlen(r));
    }
    if (f->kind == NP_INT)
        return tc_strbuf_printf(b, "%*lld", f->int_width, (long long)tc__fmt_load_i64(p, f->dt));
    if (f->kind == NP_COMPLEX) { /* real text, imaginary text with "j" before its padding */
        size_t es = tc__fmt_dtype_size(f->dt);
        if (float_call(f, b, tc__fmt_load_f64(p, f->dt)) < 0) return -1;
        size_t at = b->len;
        if (float_call(f->im, b, tc__fmt_load_f64((const char *)p + es, f->dt)) < 0) return -1;
        size_t end = b->len;
        while (end > at && b->data[end - 1] == ' ') end--;
        size_t pad = b->len - end;
        if (tc_strbuf_append(b, "j", 1) < 0) return -1;
        memmove(b->data + end + 1, b->data + end, pad);
        b->data[end] = 'j';
        return 0;
    }
    return float_call(f, b, tc__fmt_load_f64(p, f->dt));
}

/* ---- _formatArray ---------------------------------------------------------------------- */

typedef struct np_ctx {
    const tc__fmt_shown *s;
    tc__fmt_words words;
    int64_t next;
    const char *sep; /* " " for str, ", " for repr */
    size_t seplen;
} np_ctx;

static size_t rstrip_len(const tc_strbuf *b) {
    size_t n = b->len;
    while (n > 0 && (b->data[n - 1] == ' ' || b->data[n - 1] == '\n'))
        n--;
    return n;
}

/* _extendLine: wrap when the word would pass the width, unless the line holds only the
 * hanging indent. */
static int extend_line(tc_strbuf *s, tc_strbuf *line, const char *word, size_t wlen, int64_t width,
                       int64_t hang) {
    bool wrap = (int64_t)(line->len + wlen) > width && (int64_t)line->len > hang;
    if (wrap) {
        if (tc_strbuf_append(s, line->data, rstrip_len(line)) < 0 ||
            tc_strbuf_append(s, "\n", 1) < 0)
            return -1;
        line->len = 0;
        if (tc__fmt_strbuf_spaces(line, hang) < 0) return -1;
    }
    return tc_strbuf_append(line, word, wlen);
}

static int recurse(np_ctx *c, int d, int64_t hang, int64_t width, tc_strbuf *out);

/* The last axis: words filled into lines of at most width - 1 characters. */
static int format_row(np_ctx *c, int d, int64_t hang, int64_t width, tc_strbuf *s) {
    int64_t elem_width = width - 1; /* max(len(sep.rstrip()), len("]")) */
    tc_strbuf line = {0};
    int rc = tc__fmt_strbuf_spaces(&line, hang);
    int64_t n = c->s->nshown[d];
    for (int64_t i = 0; rc == 0 && i < n; i++) {
        if (c->s->split[d] && i == c->s->edge) {
            rc = extend_line(s, &line, "...", 3, elem_width, hang);
            if (rc == 0) rc = tc_strbuf_append(&line, c->sep, c->seplen);
            if (rc < 0) break;
        }
        size_t wl;
        const char *w = tc__fmt_word(&c->words, c->next++, &wl);
        rc = extend_line(s, &line, w, wl, elem_width, hang);
        if (rc == 0 && i + 1 < n) rc = tc_strbuf_append(&line, c->sep, c->seplen);
    }
    if (rc == 0) rc = tc_strbuf_append(s, line.data, line.len);
    tc_strbuf_free(&line);
    return rc;
}

/* Outer axes: nested blocks separated by "," (for repr) and axes_left - 1 newlines. */
static int format_block(np_ctx *c, int d, int64_t hang, int64_t width, tc_strbuf *s) {
    int axes_left = c->s->ndim - d;
    const char *sep_r = c->seplen > 1 ? "," : "";
    int64_t n = c->s->nshown[d];
    for (int64_t i = 0; i < n; i++) {
        if (c->s->split[d] && i == c->s->edge) {
            if (tc__fmt_strbuf_spaces(s, hang) < 0 || tc_strbuf_append(s, "...", 3) < 0 ||
                tc_strbuf_append(s, sep_r, strlen(sep_r)) < 0)
                return -1;
            for (int k = 0; k < axes_left - 1; k++)
                if (tc_strbuf_append(s, "\n", 1) < 0) return -1;
        }
        tc_strbuf nested = {0};
        int rc = recurse(c, d + 1, hang + 1, width - 1, &nested);
        if (rc == 0) rc = tc__fmt_strbuf_spaces(s, hang);
        if (rc == 0) rc = tc_strbuf_append(s, nested.data, nested.len);
        tc_strbuf_free(&nested);
        if (rc < 0) return -1;
        if (i + 1 < n) {
            if (tc_strbuf_append(s, sep_r, strlen(sep_r)) < 0) return -1;
            for (int k = 0; k < axes_left - 1; k++)
                if (tc_strbuf_append(s, "\n", 1) < 0) return -1;
        }
    }
    return 0;
}

/* recurser(): "[" + the axis text without its first hanging indent + "]". */
static int recurse(np_ctx *c, int d, int64_t hang, int64_t width, tc_strbuf *out) {
    if (d == c->s->ndim) {
        size_t wl;
        const char *w = tc__fmt_word(&c->words, c->next++, &wl);
        return tc_strbuf_append(out, w, wl);
    }
    tc_strbuf s = {0};
    int rc = c->s->ndim - d == 1 ? format_row(c, d, hang, width, &s)
                                 : format_block(c, d, hang, width, &s);
    if (rc == 0) rc = tc_strbuf_append(out, "[", 1);
    if (rc == 0 && s.len > (size_t)hang)
        rc = tc_strbuf_append(out, s.data + hang, s.len - (size_t)hang);
    if (rc == 0) rc = tc_strbuf_append(out, "]", 1);
    tc_strbuf_free(&s);
    return rc;
}

/* array2string for a non-empty array: the formatted elements, wrapped. */
static int array2string(const tc_tensor *t, const char *sep, int prefix_len, int linewidth,
                        tc_strbuf *out, tc_error *err) {
    int64_t size = 1;
    for (int d = 0; d < t->ndim; d++)
        size *= t->shape[d];
    tc__fmt_shown s;
    if (tc__fmt_shown_init(&s, t, size > NP_THRESHOLD, NP_EDGEITEMS, err) < 0) {
        tc__fmt_shown_free(&s);
        return -1;
    }
    np_fmt f, fim;
    f.im = &fim;
    np_ctx c = {0};
    c.s = &s;
    c.sep = sep;
    c.seplen = strlen(sep);
    int rc = fmt_init(&f, &s);
    tc__fmt_walk w;
    const void *p;
    tc__fmt_walk_start(&w, &s);
    while (rc == 0 && (p = tc__fmt_walk_next(&w))) {
        rc = fmt_call(&f, &c.words.text, p);
        if (rc == 0) rc = tc__fmt_words_push_end(&c.words);
    }
    if (rc < 0) rc = oom(err);
    if (rc == 0) rc = tc__fmt_words_check(&s, &c.words, err);
    if (rc == 0 && recurse(&c, 0, 1 + prefix_len, linewidth, out) < 0) rc = oom(err);
    tc__fmt_words_free(&c.words);
    tc__fmt_shown_free(&s);
    return rc;
}

static int check_dtype(const tc_tensor *t, tc_error *err) {
    const char *name = tc__fmt_dtype_numpy_name(t->dtype);
    if (!name[0]) return tc_error_set(err, TC_EXC_TYPE, "Got unsupported ScalarType BFloat16");
    if (t->layout != TC_LAYOUT_STRIDED)
        return tc_error_set(err, TC_EXC_TYPE,
                            "can't convert Sparse layout tensor to numpy. "
                            "Use Tensor.to_dense() first.");
    return 0;
}

static int64_t size_of(const tc_tensor *t) {
    int64_t n = 1;
    for (int d = 0; d < t->ndim; d++)
        n *= t->shape[d];
    return n;
}

/* str(a): "[1 2 3]"; a 0-d array prints as its scalar. Appends to out. */
int tc_format_ndarray_str(const tc_tensor *t, tc_strbuf *out, tc_error *err) {
    if (check_dtype(t, err) < 0) return -1;
    if (t->ndim == 0) {
        tc__fmt_shown s;
        int rc = tc__fmt_shown_init(&s, t, false, 0, err);
        if (rc == 0)
            rc = tc_format_numpy_scalar(tc__fmt_shown_at(&s, 0), t->dtype, false, out, err);
        tc__fmt_shown_free(&s);
        return rc;
    }
    if (size_of(t) == 0) return tc_strbuf_append(out, "[]", 2) < 0 ? oom(err) : 0;
    return array2string(t, " ", 0, NP_LINEWIDTH, out, err);
}

/* The ", shape=(...), dtype=..." extras of array_repr. */
static int repr_extras(const tc_tensor *t, tc_strbuf *x) {
    int64_t size = size_of(t);
    bool implied = t->dtype == TC_DTYPE_I64 || t->dtype == TC_DTYPE_F64 || t->dtype == TC_DTYPE_BOOL ||
                   t->dtype == TC_DTYPE_C128;
    if ((size == 0 && !(t->ndim == 1 && t->shape[0] == 0)) || size > NP_THRESHOLD) {
        if (tc_strbuf_append(x, "shape=", 6) < 0 || tc__fmt_shape_str(x, t->shape, t->ndim) < 0)
            return -1;
    }
    if (!implied || size == 0) {
        if (x->len && tc_strbuf_append(x, ", ", 2) < 0) return -1;
        if (tc_strbuf_printf(x, "dtype=%s", tc__fmt_dtype_numpy_name(t->dtype)) < 0) return -1;
    }
    return 0;
}

/* repr(a): "array([1, 2, 3])" with shape=/dtype= where NumPy prints them. Appends to out. */
int tc_format_ndarray_repr(const tc_tensor *t, tc_strbuf *out, tc_error *err) {
    if (check_dtype(t, err) < 0) return -1;
    size_t start = out->len;
    if (tc_strbuf_append(out, "array(", 6) < 0) return oom(err);
    int rc = size_of(t) == 0 ? tc_strbuf_append(out, "[]", 2)
                             : array2string(t, ", ", 6, NP_LINEWIDTH - 1, out, err);
    if (rc < 0) goto fail;
    tc_strbuf x = {0};
    if (repr_extras(t, &x) < 0) {
        tc_strbuf_free(&x);
        rc = oom(err);
        goto fail;
    }
    if (x.len) {
        size_t nl = start;
        for (size_t i = start; i < out->len; i++)
            if (out->data[i] == '\n') nl = i + 1;
        int64_t last = (int64_t)(out->len - nl) + 1; /* arr_str ends with "," */
        rc = tc_strbuf_append(out, ",", 1);
        if (rc == 0)
            rc = last + (int64_t)x.len + 1 + 1 > NP_LINEWIDTH ? tc_strbuf_append(out, "\n      ", 7)
                                                              : tc_strbuf_append(out, " ", 1);
        if (rc == 0) rc = tc_strbuf_append(out, x.data, x.len);
    }
    tc_strbuf_free(&x);
    if (rc == 0) rc = tc_strbuf_append(out, ")", 1);
    if (rc == 0) return 0;
    rc = oom(err);
fail:
    if (out->data) {
        out->len = start;
        out->data[start] = '\0';
    }
    return rc;
}
