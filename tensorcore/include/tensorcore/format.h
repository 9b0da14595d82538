/*
 * Text formatting, exactly as PyTorch's torch/_tensor_str.py and NumPy 2's arrayprint.
 *
 * Formatting reads elements in place through strides and never makes a contiguous copy.
 * When a tensor is summarized (numel > threshold) only its edges are read: printing a
 * 1e8-element tensor touches a few hundred elements. For a device tensor only the shown
 * edges are copied to the host, through tc_transfer_d2h with cause "print".
 *
 *     tc_strbuf b = {0};
 *     tc_format_tensor(t, tc_printopts_get(), &b, &err);   // "tensor([1, 2, 3])"
 *     puts(b.data); tc_strbuf_free(&b);
 *
 * Every tc_format_* function APPENDS to 'out' (the caller owns the buffer) and returns 0,
 * or -1 with 'err' set (MemoryError, or the device copy's error) leaving 'out' as it was.
 * 't' is borrowed. A NULL 'o' means the current process-wide options.
 */
#ifndef TENSORCORE_FORMAT_H
#define TENSORCORE_FORMAT_H

#include "tensorcore/tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Growable NUL-terminated string, the product's one string builder (tensorcore's
 * formatters and the kernel's str/repr/format code). Zero-initialise; free with
 * tc_strbuf_free. 'data' stays NULL until the first append.
 *
 * Out of memory is sticky, as SQLite's StrAccum: the first append that cannot grow the
 * buffer (memory exhausted, or a length that overflows size_t) sets 'failed', returns -1,
 * and every later append does nothing and returns -1. A builder can therefore append
 * many pieces and check once, at the end ('failed', or the kernel's kn__strbuf_finish,
 * which turns it into MemoryError). Memory comes from tc_malloc (tensorcore/alloc.h). */
typedef struct tc_strbuf {
    char *data;
    size_t len, cap;
    bool failed;
} tc_strbuf;
/* Make room for 'extra' more bytes. 0, or -1 (and 'failed') when memory runs out. */
int tc_strbuf_reserve(tc_strbuf *b, size_t extra);
/* Append n bytes of s (s may contain NULs). 0, or -1 when memory runs out. */
int tc_strbuf_append(tc_strbuf *b, const char *s, size_t n);
/* Append a NUL-terminated string / one byte. 0, or -1 when memory runs out. */
int tc_strbuf_puts(tc_strbuf *b, const char *s);
int tc_strbuf_putc(tc_strbuf *b, char c);
/* Append printf-formatted text. 0, or -1 when memory runs out (or the text would be
 * longer than INT_MAX, which vsnprintf cannot produce). */
int tc_strbuf_printf(tc_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Release the memory and zero the buffer (clearing 'failed'); NULL is fine. */
void tc_strbuf_free(tc_strbuf *b);

/* torch.set_printoptions state (process-wide). */
typedef struct tc_printopts {
    int precision;   /* 4 */
    int64_t threshold; /* 1000 */
    int edgeitems;   /* 3 */
    int linewidth;   /* 80 */
    int sci_mode;    /* -1 = auto (None), 0 = False, 1 = True */
} tc_printopts;
/* The current options (borrowed; valid until the next set). */
const tc_printopts *tc_printopts_get(void);
/* Replace the options. torch.set_printoptions(...) resets sci_mode to -1 when the call does
 * not pass it, as PyTorch does; callers mirror that. */
void tc_printopts_set(const tc_printopts *o);
/* profile: "default", "short", "full" as torch.set_printoptions(profile=...); also resets
 * sci_mode to -1. An unknown name changes nothing else, as in PyTorch. Returns 0. */
int tc_printopts_profile(const char *profile, tc_error *err);

/* repr(t) == str(t) for tensors: "tensor([...], dtype=torch.float64, requires_grad=True)",
 * sparse COO layout, device suffix, grad_fn suffix (tc_grad_fn_name), suffix wrapping. */
int tc_format_tensor(const tc_tensor *t, const tc_printopts *o, tc_strbuf *out, tc_error *err);

/* NumPy 2 printing of the same memory viewed as an ndarray (t is a CPU strided tensor whose
 * dtype NumPy has): str(a) "[1 2 3]" and repr(a) "array([1, 2, 3])" with dtype= suffix
 * where NumPy prints one. Uses the options below (floatmode maxprec, legacy=False). */
int tc_format_ndarray_str(const tc_tensor *t, tc_strbuf *out, tc_error *err);
int tc_format_ndarray_repr(const tc_tensor *t, tc_strbuf *out, tc_error *err);
/* np.set_printoptions / np.get_printoptions: process-wide options of the ndarray printing
 * above (NumPy's defaults: precision 8, threshold 1000, edgeitems 3, linewidth 75, suppress
 * false). Scalars print as before (NumPy's scalars ignore them too). */
typedef struct tc_np_printoptions {
    int64_t precision, threshold, edgeitems, linewidth;
    bool suppress;
} tc_np_printoptions;
void tc_np_get_printoptions(tc_np_printoptions *o);
void tc_np_set_printoptions(const tc_np_printoptions *o);
/* NumPy scalar str/repr (str: "6.0"; repr: "np.float32(6.0)", "np.True_"). 'p' points at
 * one host element of dtype dt (borrowed); bfloat16 is a TypeError as in PyTorch. */
int tc_format_numpy_scalar(const void *p, tc_dtype dt, bool repr, tc_strbuf *out, tc_error *err);
/* Python float repr (shortest round-trip, "1.0", "1e-05", "inf", "nan"). 0 or -1 (OOM). */
int tc_format_pyfloat(double v, tc_strbuf *out);

/* Element reads made by formatting calls on this thread since the last reset (each read of
 * one element counts, also repeated passes over the same element). For tests and
 * benchmarks that check the edge-only reading rule. */
int64_t tc_format_elements_read(void);
void tc_format_elements_read_reset(void);

/* A compact HTML table for Jupyter (text/html): header line with shape, dtype, device;
 * the same edge rule as the text repr. */
int tc_format_tensor_html(const tc_tensor *t, const tc_printopts *o, tc_strbuf *out,
                          tc_error *err);

#ifdef __cplusplus
}
#endif
#endif
