/*
 * Private interface between the formatting files: NumPy's Dragon4-style float printing
 * (format-float.c), the edge-only element reader (format-read.c) and a list of words.
 */
#ifndef TENSORCORE_FORMAT_IMPL_H
#define TENSORCORE_FORMAT_IMPL_H

#include "tensorcore/format.h"

/* ---- float digits (format-float.c) ---------------------------------------------------- */

/* NumPy trim modes: 'k' keep everything, '.' trim zeros keep the point, '0' leave one
 * zero after the point, '-' trim zeros and the point. */

/* dragon4_positional(x, precision, min_digits, unique=True, fractional=True, trim, sign=False,
 * pad_left, pad_right): 'v' holds the value exactly; 'dt' (F16/F32/F64) sets what "unique"
 * means. -1 means None for every int argument. Appends to b; returns 0 or -1 on OOM. */
int tc__fmt_np_positional(tc_strbuf *b, double v, tc_dtype dt, int precision, int min_digits,
                          char trim, int pad_left, int pad_right);
/* dragon4_scientific(x, precision, min_digits, unique=True, trim, sign=False, pad_left,
 * exp_digits), same conventions. */
int tc__fmt_np_scientific(tc_strbuf *b, double v, tc_dtype dt, int precision, int min_digits,
                          char trim, int pad_left, int exp_digits);
/* Python's "{:.Nf}" / "{:W.Ne}" of a double (nan unsigned, as Python prints it). */
int tc__fmt_py_fixed(tc_strbuf *b, double v, int prec);
int tc__fmt_py_sci(tc_strbuf *b, double v, int width, int prec);

/* ---- shown elements (format-read.c) ----------------------------------------------------- */

/* The elements a summarized print shows: per dim either all indices or the first and last
 * 'edge' ones. Iterating visits them in row-major order, reading CPU memory in place
 * through strides; a device tensor's shown elements are gathered to a small host buffer
 * first, contiguous runs at a time, through tc_transfer_d2h (cause "print"). */
typedef struct tc__fmt_shown {
    tc_dtype dtype;
    int ndim;
    int edge;
    int64_t shape[TC_MAX_DIMS];
    int64_t nshown[TC_MAX_DIMS];
    bool split[TC_MAX_DIMS]; /* this dim is summarized ("..." between the edges) */
    int64_t count;           /* number of shown elements */
    size_t esize;
    const char *base;              /* CPU: element 0 in place; device: the staging buffer */
    int64_t bstrides[TC_MAX_DIMS]; /* byte strides (CPU) */
    char *staging;                 /* device tensors only (owned) */
} tc__fmt_shown;

/* Prepare the shown-element set of strided tensor t (numel > 0). 'summarize' enables the
 * edge rule with 'edge' items per side. Returns 0, or -1 with err set. */
int tc__fmt_shown_init(tc__fmt_shown *s, const tc_tensor *t, bool summarize, int edge,
                       tc_error *err);
void tc__fmt_shown_free(tc__fmt_shown *s);
/* Pointer to the k-th shown element (row-major over the shown index sets). Borrowed. */
const void *tc__fmt_shown_at(const tc__fmt_shown *s, int64_t k);
/* Value of an element of dtype dt as double (bool 0/1, ints exactly when |v| < 2^53). */
double tc__fmt_load_f64(const void *p, tc_dtype dt);
int64_t tc__fmt_load_i64(const void *p, tc_dtype dt);

/* Running walk over the shown elements in order (cheaper than tc__fmt_shown_at per element). */
typedef struct tc__fmt_walk {
    const tc__fmt_shown *s;
    int64_t idx[TC_MAX_DIMS];
    int64_t k;
} tc__fmt_walk;
void tc__fmt_walk_start(tc__fmt_walk *w, const tc__fmt_shown *s);
const void *tc__fmt_walk_next(tc__fmt_walk *w); /* NULL after the last element */

/* ---- word lists --------------------------------------------------------------------------- */

/* The formatted elements, in the order they print: one buffer plus offsets. */
typedef struct tc__fmt_words {
    tc_strbuf text;
    size_t *off; /* count + 1 entries */
    int64_t count, cap;
} tc__fmt_words;
int tc__fmt_words_push_end(tc__fmt_words *w); /* close the word just appended to w->text */
void tc__fmt_words_free(tc__fmt_words *w);
/* 0 when w holds a word for every shown element, else -1 with KeyboardInterrupt (walks stop
 * early while an interrupt is pending, so printing a huge tensor stays interruptible). */
int tc__fmt_words_check(const struct tc__fmt_shown *s, const tc__fmt_words *w, tc_error *err);
static inline const char *tc__fmt_word(const tc__fmt_words *w, int64_t i, size_t *len) {
    *len = w->off[i + 1] - w->off[i];
    return w->text.data + w->off[i];
}

/* PyTorch's element texts (padded to the common width) for the shown elements, in order;
 * *max_width (may be NULL) receives _Formatter.width(). */
int tc__fmt_torch_words(const tc__fmt_shown *s, const tc_printopts *o, tc__fmt_words *w,
                        int *max_width);

/* Common names without a link dependency on dtype.c / tensor.c. */
const char *tc__fmt_dtype_torch_name(tc_dtype dt);
const char *tc__fmt_dtype_numpy_name(tc_dtype dt);
size_t tc__fmt_dtype_size(tc_dtype dt);
bool tc__fmt_dtype_is_float(tc_dtype dt);
int tc__fmt_strbuf_spaces(tc_strbuf *b, int64_t n);
/* Python's str(tuple(shape)): "(2, 0)", "(3,)", "()". */
int tc__fmt_shape_str(tc_strbuf *b, const int64_t *shape, int ndim);

#endif
