/*
 * text/html for Jupyter: a header line ("shape (2, 3) · float32 · cpu") above a compact
 * table of the elements, with the same edge rule as the text repr ("…" cells for the
 * elided rows and columns) and PyTorch's element texts. Rows are the shown index tuples of
 * all dims but the last; columns are the last dim. Everything is HTML-escaped.
 */
#include <string.h>

#include "format-impl.h"

#define ELLIPSIS "\xe2\x80\xa6" /* … */
#define MIDDOT " \xc2\xb7 "     /* " · " */
#define LIT(b, s) tc_strbuf_append(b, s, sizeof(s) - 1)

static int oom(tc_error *err) {
    return tc_error_set(err, TC_EXC_MEMORY, "out of memory while formatting a tensor");
}

/* Append text with &, <, >, " escaped. */
static int put_escaped(tc_strbuf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const char *r = NULL;
        switch (s[i]) {
        case '&':
            r = "&amp;";
            break;
        case '<':
            r = "&lt;";
            break;
        case '>':
            r = "&gt;";
            break;
        case '"':
            r = "&quot;";
            break;
        default:
            break;
        }
        if (r ? tc_strbuf_append(b, r, strlen(r)) : tc_strbuf_append(b, s + i, 1)) return -1;
    }
    return 0;
}

/* "shape (2, 3) · float32 · cpu" plus layout / autograd notes. */
static int header(const tc_tensor *t, tc_strbuf *b) {
    tc_strbuf h = {0};
    int rc = LIT(&h, "shape ");
    if (rc == 0) rc = tc__fmt_shape_str(&h, t->shape, t->ndim);
    if (rc == 0) rc = tc_strbuf_printf(&h, MIDDOT "%s" MIDDOT, tc__fmt_dtype_torch_name(t->dtype));
    if (rc == 0)
        rc = t->device.type == TC_DEVICE_CPU ? LIT(&h, "cpu")
                                             : tc_strbuf_printf(&h, "cuda:%d", t->device.index);
    if (rc == 0 && t->layout == TC_LAYOUT_SPARSE_COO) {
        int64_t nnz = t->sp_values && t->sp_values->ndim > 0 ? t->sp_values->shape[0] : 0;
        rc = tc_strbuf_printf(&h, MIDDOT "sparse_coo" MIDDOT "nnz=%lld", (long long)nnz);
    }
    if (rc == 0 && t->grad_fn && tc_grad_fn_name(t))
        rc = tc_strbuf_printf(&h, MIDDOT "grad_fn=<%s>", tc_grad_fn_name(t));
    else if (rc == 0 && t->requires_grad)
        rc = LIT(&h, MIDDOT "requires_grad");
    if (rc == 0) rc = LIT(b, "<div class=\"tk-head\" style=\"font-family:monospace\">");
    if (rc == 0) rc = h.len ? put_escaped(b, h.data, h.len) : 0;
    if (rc == 0) rc = LIT(b, "</div>\n");
    tc_strbuf_free(&h);
    return rc;
}

/* A cell with the element text (padding stripped). */
static int cell(tc_strbuf *b, const tc__fmt_words *w, int64_t k) {
    size_t n;
    const char *s = tc__fmt_word(w, k, &n);
    while (n > 0 && *s == ' ')
        s++, n--;
    if (LIT(b, "<td>") < 0 || put_escaped(b, s, n) < 0) return -1;
    return LIT(b, "</td>");
}

/* Full index of shown position j in dim d. */
static int64_t full_index(const tc__fmt_shown *s, int d, int64_t j) {
    return s->split[d] && j >= s->edge ? s->shape[d] - 2 * s->edge + j : j;
}

/* The row label "(i, j)" (or "i") for shown row r over the leading dims. */
static int row_label(tc_strbuf *b, const tc__fmt_shown *s, int64_t r) {
    int lead = s->ndim - 1;
    int64_t idx[TC_MAX_DIMS];
    for (int d = lead - 1; d >= 0; d--) {
        idx[d] = full_index(s, d, r % s->nshown[d]);
        r /= s->nshown[d];
    }
    if (LIT(b, "<th>") < 0) return -1;
    for (int d = 0; d < lead; d++)
        if (tc_strbuf_printf(b, d ? ", %lld" : "%lld", (long long)idx[d]) < 0) return -1;
    return LIT(b, "</th>");
}

/* Does a "…" row come before shown row r (some leading dim restarts its second edge)? */
static bool gap_before(const tc__fmt_shown *s, int64_t r) {
    for (int d = s->ndim - 2; d >= 0; d--) {
        int64_t j = r % s->nshown[d];
        if (s->split[d] && j == s->edge) return true;
        if (j != 0) return false;
        r /= s->nshown[d];
    }
    return false;
}

static int ellipsis_row(tc_strbuf *b, int64_t cols) {
    if (LIT(b, "<tr><th>" ELLIPSIS "</th>") < 0) return -1;
    for (int64_t c = 0; c < cols; c++)
        if (LIT(b, "<td>" ELLIPSIS "</td>") < 0) return -1;
    return LIT(b, "</tr>\n");
}

/* Column header row: the last dim's indices with "…" where it is elided. */
static int column_header(tc_strbuf *b, const tc__fmt_shown *s) {
    int last = s->ndim - 1;
    if (LIT(b, "<tr><th></th>") < 0) return -1;
    for (int64_t j = 0; j < s->nshown[last]; j++) {
        if (s->split[last] && j == s->edge && LIT(b, "<th>" ELLIPSIS "</th>") < 0) return -1;
        if (tc_strbuf_printf(b, "<th>%lld</th>", (long long)full_index(s, last, j)) < 0) return -1;
    }
    return LIT(b, "</tr>\n");
}

static int table(const tc__fmt_shown *s, const tc__fmt_words *w, tc_strbuf *b) {
    if (LIT(b, "<table class=\"tk-table\">\n") < 0) return -1;
    if (s->ndim == 0) {
        if (LIT(b, "<tr>") < 0 || cell(b, w, 0) < 0 || LIT(b, "</tr>\n") < 0) return -1;
        return LIT(b, "</table>");
    }
    int last = s->ndim - 1;
    int64_t cols = s->nshown[last], rows = s->count / (cols ? cols : 1);
    int64_t shown_cols = cols + (s->split[last] ? 1 : 0);
    if (column_header(b, s) < 0) return -1;
    for (int64_t r = 0; r < rows; r++) {
        if (gap_before(s, r) && ellipsis_row(b, shown_cols) < 0) return -1;
        if (LIT(b, "<tr>") < 0) return -1;
        if (s->ndim > 1 ? row_label(b, s, r) < 0 : LIT(b, "<th></th>") < 0) return -1;
        for (int64_t c = 0; c < cols; c++) {
            if (s->split[last] && c == s->edge && LIT(b, "<td>" ELLIPSIS "</td>") < 0) return -1;
            if (cell(b, w, r * cols + c) < 0) return -1;
        }
        if (LIT(b, "</tr>\n") < 0) return -1;
    }
    return LIT(b, "</table>");
}

/* The element table of a dense tensor; sparse tensors show their text repr instead. */
static int body(const tc_tensor *t, const tc_printopts *o, tc_strbuf *b, tc_error *err) {
    int64_t numel = 1;
    for (int d = 0; d < t->ndim; d++)
        numel *= t->shape[d];
    if (t->layout != TC_LAYOUT_STRIDED) {
        tc_strbuf txt = {0};
        int rc = tc_format_tensor(t, o, &txt, err);
        if (rc == 0)
            rc =
                LIT(b, "<pre>") < 0 || put_escaped(b, txt.data, txt.len) < 0 || LIT(b, "</pre>") < 0
                    ? oom(err)
                    : 0;
        tc_strbuf_free(&txt);
        return rc;
    }
    if (numel == 0) return LIT(b, "<table class=\"tk-table\"></table>") < 0 ? oom(err) : 0;
    tc__fmt_shown s;
    tc__fmt_words w = {0};
    int rc = tc__fmt_shown_init(&s, t, numel > o->threshold, o->edgeitems, err);
    if (rc == 0 && tc__fmt_torch_words(&s, o, &w, NULL) < 0) rc = oom(err);
    if (rc == 0) rc = tc__fmt_words_check(&s, &w, err);
    if (rc == 0 && table(&s, &w, b) < 0) rc = oom(err);
    tc__fmt_words_free(&w);
    tc__fmt_shown_free(&s);
    return rc;
}

/* Compact HTML for Jupyter's text/html, appended to out. */
int tc_format_tensor_html(const tc_tensor *t, const tc_printopts *o, tc_strbuf *out,
                          tc_error *err) {
    if (!o) o = tc_printopts_get();
    size_t start = out->len;
    int rc = LIT(out, "<div class=\"tk-tensor\">\n") < 0 || header(t, out) < 0
                 ? oom(err)
                 : body(t, o, out, err);
    if (rc == 0 && LIT(out, "\n</div>") < 0) rc = oom(err);
    if (rc < 0 && out->data) {
        out->len = start;
        out->data[start] = '\0';
    }
    return rc;
}
