/*
 * The kernel's own plots for display(t, heatmap=True) and t.plot(): a line plot of a 1-D
 * tensor as SVG (crisp at any zoom, a few KB, rendered by every Jupyter front end) and a
 * heatmap of a 2-D tensor as a zlib-compressed PNG with a colour bar. Both carry a title
 * line (shape, dtype, device) and axes labelled with rounded 1-2-5 ticks. PNG text is a 5x7
 * bitmap font drawn at 2x, so the image needs no font library.
 * Only a strided sample of the tensor is read (at most MAX_*_POINTS per dim), so a huge or
 * device tensor is never transferred or copied whole.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "kernel/torch/torch-impl.h"

#define MAX_LINE_POINTS 1000
#define MAX_HEAT_CELLS 200

/* ---- ticks ----------------------------------------------------------------------------- */

typedef struct ticks {
    double step;
    double first; /* first tick at or above the range's low end */
    int n;
    int decimals; /* fixed notation: digits after the point; < 0: scientific */
    int sig;      /* scientific notation: digits after the mantissa's point */
} ticks;

/* The smallest 1-2-5 step giving at most max_n ticks over [lo, hi] (min_step: a floor, e.g.
 * 1 for indices). */
static ticks nice_ticks(double lo, double hi, int max_n, double min_step) {
    ticks t = {0};
    if (max_n < 2) max_n = 2;
    double span = hi - lo;
    if (!(span > 0)) span = fabs(hi) > 0 ? fabs(hi) : 1;
    double raw = span / (max_n - 1), p = pow(10, floor(log10(raw)));
    static const double mult[] = {1, 2, 5, 10};
    t.step = 10 * p;
    for (int i = 0; i < 4; i++)
        if (mult[i] * p >= raw * (1 - 1e-9)) {
            t.step = mult[i] * p;
            break;
        }
    if (t.step < min_step) t.step = min_step;
    t.first = ceil(lo / t.step - 1e-9) * t.step;
    t.n = (int)floor((hi - t.first) / t.step + 1e-9) + 1;
    if (t.n < 0) t.n = 0;
    double big = fmax(fabs(lo), fabs(hi));
    int step_exp = (int)floor(log10(t.step) + 1e-9);
    if (big >= 1e6 || (t.step < 1e-4 && big < 1e-3)) {
        t.decimals = -1;
        int big_exp = big > 0 ? (int)floor(log10(big)) : 0;
        t.sig = big_exp - step_exp;
        if (t.sig < 0) t.sig = 0;
        if (t.sig > 6) t.sig = 6;
    } else {
        t.decimals = step_exp < 0 ? -step_exp : 0;
        if (t.decimals > 8) t.decimals = 8;
    }
    return t;
}

static double tick_value(const ticks *t, int i) {
    double v = t->first + i * t->step;
    return fabs(v) < t->step * 1e-6 ? 0.0 : v; /* no "-0.0" */
}

static void tick_label(const ticks *t, double v, char *buf, size_t n) {
    if (t->decimals < 0 && v == 0) snprintf(buf, n, "0");
    else if (t->decimals < 0) snprintf(buf, n, "%.*e", t->sig, v);
    else snprintf(buf, n, "%.*f", t->decimals, v);
}

/* Widen [lo, hi] to whole steps of its ticks, so the data never touches the frame. */
static void widen_to_ticks(double *lo, double *hi, int max_n) {
    ticks t = nice_ticks(*lo, *hi, max_n, 0);
    *lo = floor(*lo / t.step + 1e-9) * t.step;
    *hi = ceil(*hi / t.step - 1e-9) * t.step;
}

/* ---- sampling -------------------------------------------------------------------------- */

/* A float64 CPU tensor holding at most 'cap' evenly strided samples per dim of t; steps[d]
 * gets the stride in t's indices. */
static tc_tensor *sample(tc_tensor *t, int cap, int64_t steps[2], kn_err *err) {
    tc_tensor *cur = tc_tensor_ref(t);
    for (int d = 0; d < t->ndim && cur; d++) {
        int64_t n = t->shape[d], step = (n + cap - 1) / cap;
        steps[d] = step < 1 ? 1 : step;
        if (step <= 1) continue;
        tc_tensor *s = tc_slice(cur, d, 0, n, step, err);
        tc_tensor_unref(cur);
        cur = s;
    }
    if (!cur) return NULL;
    tc_tensor *c = tc_to(cur, TC_DTYPE_F64, cur->device, "display", err);
    tc_tensor_unref(cur);
    if (!c) return NULL;
    tc_tensor *h = tc_to(c, TC_DTYPE_F64, tc_device_cpu(), "display", err);
    tc_tensor_unref(c);
    if (!h) return NULL;
    tc_tensor *cc = tc_contiguous(h, err);
    tc_tensor_unref(h);
    return cc;
}

static void finite_range(const double *v, int64_t n, double *lo, double *hi) {
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int64_t i = 0; i < n; i++)
        if (isfinite(v[i])) {
            if (v[i] < *lo) *lo = v[i];
            if (v[i] > *hi) *hi = v[i];
        }
    if (*lo > *hi) *lo = *hi = 0;
    if (*lo == *hi) {
        double d = *lo == 0 ? 1 : fabs(*lo) * 0.1;
        *lo -= d;
        *hi += d;
    }
}

/* "shape (3, 4) · float32 · cpu" (plus the sampling when the plot shows a subset). */
static void title_text(const tc_tensor *t, const int64_t steps[2], char *buf, size_t n) {
    char dev[32];
    tc_device_str(t->device, dev, sizeof dev);
    size_t used = (size_t)snprintf(buf, n, "shape (");
    for (int d = 0; d < t->ndim && used < n; d++)
        used += (size_t)snprintf(buf + used, n - used, d ? ", %lld" : "%lld", (long long)t->shape[d]);
    if (used < n)
        used += (size_t)snprintf(buf + used, n - used, "%s) \xc2\xb7 %s \xc2\xb7 %s",
                                 t->ndim == 1 ? "," : "", tc_dtype_name(t->dtype), dev);
    bool sampled = steps[0] > 1 || (t->ndim == 2 && steps[1] > 1);
    if (sampled && used < n) {
        if (t->ndim == 1)
            snprintf(buf + used, n - used, " \xc2\xb7 1 in %lld points shown", (long long)steps[0]);
        else
            snprintf(buf + used, n - used, " \xc2\xb7 1 in %lld rows/cols shown",
                     (long long)(steps[0] > steps[1] ? steps[0] : steps[1]));
    }
}

/* ---- text buffer ----------------------------------------------------------------------- */

typedef struct bytes {
    char *p;
    size_t n, cap;
    bool oom;
} bytes;

static void emit(bytes *b, const void *src, size_t n) {
    if (b->oom || n == 0) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->cap + n + 1) * 2;
        char *p = tc_realloc(b->p, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, src, n);
    b->n += n;
    b->p[b->n] = '\0';
}

#define emit_lit(b, s) emit((b), (s), sizeof(s) - 1)

static void emitf(bytes *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emitf(bytes *b, const char *fmt, ...) {
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) emit(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* ---- SVG line plot ---------------------------------------------------------------------- */

#define SVG_W 600
#define SVG_H 340
#define SVG_CHAR_W 7.2 /* average advance of 12px sans-serif digits, for layout */

static char *render_line_svg(const double *v, int64_t n, int64_t n_total, int64_t step,
                             const char *title) {
    double lo, hi;
    finite_range(v, n, &lo, &hi);
    int top = 34, bottom = SVG_H - 36, right = SVG_W - 20;
    int max_y = (bottom - top) / 40 + 1;
    widen_to_ticks(&lo, &hi, max_y);
    ticks yt = nice_ticks(lo, hi, max_y, 0);
    char buf[64];
    int label_w = 0;
    for (int i = 0; i < yt.n; i++) {
        tick_label(&yt, tick_value(&yt, i), buf, sizeof buf);
        int w = (int)(strlen(buf) * SVG_CHAR_W + 0.5);
        if (w > label_w) label_w = w;
    }
    int left = label_w + 16;
    double xmax = n_total > 1 ? (double)(n_total - 1) : 1;
    tick_label(&(ticks){.decimals = 0}, xmax, buf, sizeof buf);
    int xlab_w = (int)(strlen(buf) * SVG_CHAR_W) + 24;
    ticks xt = nice_ticks(0, n_total > 1 ? xmax : 0, (right - left) / xlab_w + 1, 1);
    bytes b = {0};
    emitf(&b,
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
          "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n"
          "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n",
          SVG_W, SVG_H, SVG_W, SVG_H);
    emitf(&b, "<text x=\"%d\" y=\"20\" font-size=\"13\" fill=\"#333\">%s</text>\n", left, title);
    /* grid and y labels */
    emit_lit(&b, "<g stroke=\"#e4e4e4\">\n");
    for (int i = 0; i < yt.n; i++) {
        double y = bottom - (tick_value(&yt, i) - lo) / (hi - lo) * (bottom - top);
        emitf(&b, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>\n", left, right, y, y);
    }
    emit_lit(&b, "</g>\n<g fill=\"#444\" text-anchor=\"end\">\n");
    for (int i = 0; i < yt.n; i++) {
        double y = bottom - (tick_value(&yt, i) - lo) / (hi - lo) * (bottom - top);
        tick_label(&yt, tick_value(&yt, i), buf, sizeof buf);
        emitf(&b, "<text x=\"%d\" y=\"%.1f\" dy=\"0.35em\">%s</text>\n", left - 8, y, buf);
    }
    emit_lit(&b, "</g>\n<g fill=\"#444\" text-anchor=\"middle\">\n");
    double xspan = n_total > 1 ? xmax : 2, xoff = n_total > 1 ? 0 : -1;
    for (int i = 0; i < xt.n; i++) {
        double xv = tick_value(&xt, i), x = left + (xv - xoff) / xspan * (right - left);
        tick_label(&xt, xv, buf, sizeof buf);
        emitf(&b, "<text x=\"%.1f\" y=\"%d\">%s</text>\n", x, bottom + 18, buf);
        emitf(&b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n", x, x,
              bottom, bottom + 4);
    }
    emit_lit(&b, "</g>\n");
    emitf(&b, "<text x=\"%d\" y=\"%d\" fill=\"#666\" text-anchor=\"middle\">index</text>\n",
          (left + right) / 2, SVG_H - 4);
    emitf(&b, "<path d=\"M%d %dV%dH%d\" fill=\"none\" stroke=\"#888\"/>\n", left, top, bottom,
          right);
    /* the data: one polyline per run of finite values */
    bool open = false;
    for (int64_t i = 0; i < n; i++) {
        if (!isfinite(v[i])) {
            if (open) emit_lit(&b, "\"/>\n");
            open = false;
            continue;
        }
        double xv = (double)(i * step);
        double x = left + (xv - xoff) / xspan * (right - left);
        double y = bottom - (v[i] - lo) / (hi - lo) * (bottom - top);
        if (!open) {
            bool alone = i + 1 >= n || !isfinite(v[i + 1]);
            if (alone) {
                emitf(&b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#1f77b4\"/>\n", x, y);
                continue;
            }
            emit_lit(&b, "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" "
                     "stroke-linejoin=\"round\" points=\"");
            open = true;
        }
        emitf(&b, "%.1f,%.1f ", x, y);
    }
    if (open) emit_lit(&b, "\"/>\n");
    emit_lit(&b, "</svg>\n");
    if (b.oom) {
        tc_free(b.p);
        return NULL;
    }
    return b.p;
}

/* ---- raster images (heatmaps) --------------------------------------------------------- */

typedef struct image {
    int w, h;
    uint8_t *px; /* RGB */
} image;

static void put(image *im, int x, int y, const uint8_t c[3]) {
    if (x < 0 || y < 0 || x >= im->w || y >= im->h) return;
    memcpy(im->px + ((size_t)y * (size_t)im->w + (size_t)x) * 3, c, 3);
}

static void fill_rect(image *im, int x0, int y0, int x1, int y1, const uint8_t c[3]) {
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) put(im, x, y, c);
}

/* A viridis-like colour map from five anchors, t in [0, 1]. */
static void colormap(double t, uint8_t out[3]) {
    static const double anchors[5][3] = {
        {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    if (!(t >= 0)) t = 0;
    if (t > 1) t = 1;
    double p = t * 4;
    int i = p >= 4 ? 3 : (int)p;
    double f = p - i;
    for (int k = 0; k < 3; k++)
        out[k] = (uint8_t)lround(anchors[i][k] + (anchors[i + 1][k] - anchors[i][k]) * f);
}

/* A 5x7 bitmap font (rows top to bottom, bit 4 the left column) for the characters plot
 * text uses: digits, lower-case letters and the punctuation of numbers and titles. '~'
 * stands for the middle dot. Drawn at FONT_SCALE. */
static const struct {
    char c;
    uint8_t rows[7];
} font[] = {
    {'0', {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}}, {'1', {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'2', {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}}, {'3', {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E}},
    {'4', {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}}, {'5', {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E}},
    {'6', {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}}, {'7', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08}},
    {'8', {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}}, {'9', {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C}},
    {'a', {0x00, 0x00, 0x0E, 0x01, 0x0F, 0x11, 0x0F}}, {'b', {0x10, 0x10, 0x16, 0x19, 0x11, 0x11, 0x1E}},
    {'c', {0x00, 0x00, 0x0E, 0x10, 0x10, 0x11, 0x0E}}, {'d', {0x01, 0x01, 0x0D, 0x13, 0x11, 0x11, 0x0F}},
    {'e', {0x00, 0x00, 0x0E, 0x11, 0x1F, 0x10, 0x0E}}, {'f', {0x06, 0x09, 0x08, 0x1C, 0x08, 0x08, 0x08}},
    {'g', {0x00, 0x0F, 0x11, 0x11, 0x0F, 0x01, 0x0E}}, {'h', {0x10, 0x10, 0x16, 0x19, 0x11, 0x11, 0x11}},
    {'i', {0x04, 0x00, 0x0C, 0x04, 0x04, 0x04, 0x0E}}, {'j', {0x02, 0x00, 0x06, 0x02, 0x02, 0x12, 0x0C}},
    {'k', {0x10, 0x10, 0x12, 0x14, 0x18, 0x14, 0x12}}, {'l', {0x0C, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'m', {0x00, 0x00, 0x1A, 0x15, 0x15, 0x11, 0x11}}, {'n', {0x00, 0x00, 0x16, 0x19, 0x11, 0x11, 0x11}},
    {'o', {0x00, 0x00, 0x0E, 0x11, 0x11, 0x11, 0x0E}}, {'p', {0x00, 0x00, 0x1E, 0x11, 0x1E, 0x10, 0x10}},
    {'q', {0x00, 0x00, 0x0D, 0x13, 0x0F, 0x01, 0x01}}, {'r', {0x00, 0x00, 0x16, 0x19, 0x10, 0x10, 0x10}},
    {'s', {0x00, 0x00, 0x0E, 0x10, 0x0E, 0x01, 0x1E}}, {'t', {0x08, 0x08, 0x1C, 0x08, 0x08, 0x09, 0x06}},
    {'u', {0x00, 0x00, 0x11, 0x11, 0x11, 0x13, 0x0D}}, {'v', {0x00, 0x00, 0x11, 0x11, 0x11, 0x0A, 0x04}},
    {'w', {0x00, 0x00, 0x11, 0x11, 0x15, 0x15, 0x0A}}, {'x', {0x00, 0x00, 0x11, 0x0A, 0x04, 0x0A, 0x11}},
    {'y', {0x00, 0x00, 0x11, 0x11, 0x0F, 0x01, 0x0E}}, {'z', {0x00, 0x00, 0x1F, 0x02, 0x04, 0x08, 0x1F}},
    {'-', {0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00}}, {'+', {0x00, 0x04, 0x04, 0x1F, 0x04, 0x04, 0x00}},
    {'.', {0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C}}, {',', {0x00, 0x00, 0x00, 0x00, 0x0C, 0x04, 0x08}},
    {'(', {0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02}}, {')', {0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08}},
    {':', {0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00}}, {'/', {0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x00}},
    {'~', {0x00, 0x00, 0x00, 0x0C, 0x0C, 0x00, 0x00}},
};

#define FONT_SCALE 2
#define GLYPH_ADV (6 * FONT_SCALE)
#define GLYPH_H (7 * FONT_SCALE)

static const uint8_t *glyph(char c) {
    for (size_t i = 0; i < sizeof font / sizeof font[0]; i++)
        if (font[i].c == c) return font[i].rows;
    return NULL; /* a space, or a character the font lacks */
}

/* The characters text() draws: UTF-8 middle dots become '~', the rest is dropped. */
static void to_font(const char *s, char *out, size_t n) {
    size_t k = 0;
    for (; *s && k + 1 < n; s++) {
        if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xb7) {
            out[k++] = '~';
            s++;
        } else if ((unsigned char)*s < 0x80) {
            out[k++] = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
        }
    }
    out[k] = '\0';
}

static int text_width(const char *s) {
    char f[128];
    to_font(s, f, sizeof f);
    return f[0] ? (int)strlen(f) * GLYPH_ADV - FONT_SCALE : 0;
}

/* Draw s with its top-left corner at (x, y). */
static void text(image *im, int x, int y, const char *s, const uint8_t c[3]) {
    char f[128];
    to_font(s, f, sizeof f);
    for (const char *p = f; *p; p++, x += GLYPH_ADV) {
        const uint8_t *g = glyph(*p);
        for (int r = 0; g && r < 7; r++)
            for (int k = 0; k < 5; k++)
                if (g[r] & (0x10 >> k))
                    fill_rect(im, x + FONT_SCALE * k, y + FONT_SCALE * r,
                              x + FONT_SCALE * (k + 1), y + FONT_SCALE * (r + 1), c);
    }
}

/* ---- PNG (zlib) ------------------------------------------------------------------------ */

static void emit_u32(bytes *b, uint32_t v) {
    uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    emit(b, x, 4);
}

static void chunk(bytes *b, const char *type, const uint8_t *data, size_t n) {
    emit_u32(b, (uint32_t)n);
    emit(b, type, 4);
    emit(b, data, n);
    uLong crc = crc32(0L, (const Bytef *)type, 4);
    if (n) crc = crc32(crc, data, (uInt)n);
    emit_u32(b, (uint32_t)crc);
}

/* PNG of an RGB image: scanlines with the Up filter (a heatmap's rows repeat, so they become
 * zeros) deflated by zlib at its best level. */
static int png_encode(const image *im, bytes *out) {
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    size_t stride = (size_t)im->w * 3, row = stride + 1, n = row * (size_t)im->h;
    uint8_t *raw = tc_malloc(n);
    if (!raw) return -1;
    for (int y = 0; y < im->h; y++) {
        const uint8_t *cur = im->px + (size_t)y * stride, *up = y ? cur - stride : NULL;
        uint8_t *dst = raw + (size_t)y * row;
        dst[0] = up ? 2 : 0;
        for (size_t i = 0; i < stride; i++) dst[1 + i] = (uint8_t)(cur[i] - (up ? up[i] : 0));
    }
    uLongf zn = compressBound((uLong)n);
    uint8_t *z = tc_malloc(zn);
    int rc = z ? compress2(z, &zn, raw, (uLong)n, 9) : Z_MEM_ERROR;
    tc_free(raw);
    if (rc != Z_OK) {
        tc_free(z);
        return -1;
    }
    uint8_t ihdr[13] = {(uint8_t)(im->w >> 24), (uint8_t)(im->w >> 16), (uint8_t)(im->w >> 8),
                        (uint8_t)im->w, (uint8_t)(im->h >> 24), (uint8_t)(im->h >> 16),
                        (uint8_t)(im->h >> 8), (uint8_t)im->h, 8, 2, 0, 0, 0};
    emit(out, sig, 8);
    chunk(out, "IHDR", ihdr, 13);
    chunk(out, "IDAT", z, zn);
    chunk(out, "IEND", NULL, 0);
    tc_free(z);
    return out->oom ? -1 : 0;
}

static char *base64(const uint8_t *p, size_t n) {
    static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *out = tc_malloc((n + 2) / 3 * 4 + 1), *o = out;
    if (!out) return NULL;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
                     (i + 2 < n ? p[i + 2] : 0);
        *o++ = tbl[v >> 18 & 63];
        *o++ = tbl[v >> 12 & 63];
        *o++ = i + 1 < n ? tbl[v >> 6 & 63] : '=';
        *o++ = i + 2 < n ? tbl[v & 63] : '=';
    }
    *o = '\0';
    return out;
}

/* ---- heatmap ---------------------------------------------------------------------------- */

#define HEAT_SIDE 360 /* pixels along the longer side of the matrix */
#define BAR_W 16

/* Index ticks of one axis over [0, n_total): labels at cell centres. */
static ticks index_ticks(int64_t n_total, int pixels, int label_px) {
    int max_n = pixels / label_px + 1;
    return nice_ticks(0, (double)(n_total - 1), max_n, 1);
}

static int render_heatmap(const double *v, int64_t rows, int64_t cols, int64_t rows_total,
                          int64_t cols_total, const char *title, image *im) {
    static const uint8_t white[3] = {255, 255, 255}, ink[3] = {60, 60, 60},
                         tick_c[3] = {120, 120, 120}, nan_c[3] = {200, 200, 200};
    int64_t big = rows > cols ? rows : cols;
    double cell = (double)HEAT_SIDE / (double)big;
    if (cell > 40) cell = 40;
    int mw = (int)lround((double)cols * cell), mh = (int)lround((double)rows * cell);
    if (mw < 1) mw = 1;
    if (mh < 1) mh = 1;
    double lo, hi;
    finite_range(v, rows * cols, &lo, &hi);
    int bh = mh > 160 ? mh : 160;
    ticks bt = nice_ticks(lo, hi, bh / 28 + 1, 0);
    char buf[64];
    int bar_label_w = 0;
    for (int i = 0; i < bt.n; i++) {
        tick_label(&bt, tick_value(&bt, i), buf, sizeof buf);
        int w = text_width(buf);
        if (w > bar_label_w) bar_label_w = w;
    }
    ticks rt = index_ticks(rows_total, mh, GLYPH_H + 10);
    snprintf(buf, sizeof buf, "%lld", (long long)(cols_total - 1));
    ticks ct = index_ticks(cols_total, mw, text_width(buf) + 14);
    snprintf(buf, sizeof buf, "%lld", (long long)(rows_total - 1));
    int left = 10 + text_width(buf) + 10, top = 12 + GLYPH_H + 20;
    int bar_x = left + mw + 24;
    int w = bar_x + BAR_W + 6 + bar_label_w + 10, tw = text_width(title) + 20;
    im->w = w > tw ? w : tw;
    im->h = top + (mh > bh ? mh : bh) + 8 + GLYPH_H + 12;
    im->px = tc_malloc((size_t)im->w * (size_t)im->h * 3);
    if (!im->px) return -1;
    fill_rect(im, 0, 0, im->w, im->h, white);
    text(im, 10, 12, title, ink);
    uint8_t c[3];
    for (int y = 0; y < mh; y++) {
        int64_t r = (int64_t)((double)y * (double)rows / mh);
        for (int x = 0; x < mw; x++) {
            int64_t k = (int64_t)((double)x * (double)cols / mw);
            double val = v[r * cols + k];
            if (isfinite(val)) colormap((val - lo) / (hi - lo), c);
            else memcpy(c, nan_c, 3);
            put(im, left + x, top + y, c);
        }
    }
    for (int i = 0; i < rt.n; i++) { /* row ticks on the left */
        double idx = tick_value(&rt, i);
        int y = top + (int)((idx + 0.5) * mh / (double)rows_total);
        fill_rect(im, left - 5, y, left, y + 1, tick_c);
        snprintf(buf, sizeof buf, "%.0f", idx);
        text(im, left - 8 - text_width(buf), y - GLYPH_H / 2, buf, ink);
    }
    for (int i = 0; i < ct.n; i++) { /* column ticks below */
        double idx = tick_value(&ct, i);
        int x = left + (int)((idx + 0.5) * mw / (double)cols_total);
        fill_rect(im, x, top + mh, x + 1, top + mh + 5, tick_c);
        snprintf(buf, sizeof buf, "%.0f", idx);
        text(im, x - text_width(buf) / 2, top + mh + 8, buf, ink);
    }
    for (int y = 0; y < bh; y++) { /* colour bar, high values on top */
        colormap(1.0 - (double)y / (bh > 1 ? bh - 1 : 1), c);
        fill_rect(im, bar_x, top + y, bar_x + BAR_W, top + y + 1, c);
    }
    for (int i = 0; i < bt.n; i++) {
        double val = tick_value(&bt, i);
        int y = top + (int)lround((hi - val) / (hi - lo) * (bh - 1));
        fill_rect(im, bar_x + BAR_W, y, bar_x + BAR_W + 4, y + 1, ink);
        tick_label(&bt, val, buf, sizeof buf);
        text(im, bar_x + BAR_W + 7, y - GLYPH_H / 2, buf, ink);
    }
    return 0;
}

static char *heatmap_png_base64(const double *v, int64_t rows, int64_t cols, int64_t rows_total,
                                int64_t cols_total, const char *title) {
    image im = {0};
    bytes png = {0};
    char *b64 = NULL;
    if (render_heatmap(v, rows, cols, rows_total, cols_total, title, &im) == 0 &&
        png_encode(&im, &png) == 0)
        b64 = base64((const uint8_t *)png.p, png.n);
    tc_free(im.px);
    tc_free(png.p);
    return b64;
}

/* ---- entry ---------------------------------------------------------------------------- */

int kn__plot_bundle(tc_tensor *t, bool heatmap, json_t *bundle, kn_err *err) {
    if (t->layout != TC_LAYOUT_STRIDED || (t->ndim != 1 && t->ndim != 2)) {
        tc_error_set(err, TC_EXC_VALUE, "plots are made for 1-D and 2-D strided tensors (got %d-D)",
                     t->ndim);
        return -1;
    }
    if (tc_dtype_is_complex(t->dtype)) {
        tc_error_set(err, TC_EXC_TYPE, "cannot plot a complex tensor: plot its .real, .imag or .abs()");
        return -1;
    }
    if (tc_numel(t) == 0) {
        tc_error_set(err, TC_EXC_VALUE, "cannot plot an empty tensor");
        return -1;
    }
    bool heat = heatmap || t->ndim == 2;
    int64_t steps[2] = {1, 1};
    tc_tensor *s = sample(t, heat ? MAX_HEAT_CELLS : MAX_LINE_POINTS, steps, err);
    if (!s) return -1;
    char title[160];
    title_text(t, steps, title, sizeof title);
    const double *v = tc_data_ptr(s);
    char *out;
    if (heat) {
        int64_t rows = s->ndim == 2 ? s->shape[0] : 1, cols = s->shape[s->ndim - 1];
        int64_t rows_total = t->ndim == 2 ? t->shape[0] : 1, cols_total = t->shape[t->ndim - 1];
        out = heatmap_png_base64(v, rows, cols, rows_total, cols_total, title);
        if (out) json_object_set_new(bundle, "image/png", json_string(out));
    } else {
        out = render_line_svg(v, s->shape[0], t->shape[0], steps[0], title);
        if (out) json_object_set_new(bundle, "image/svg+xml", json_string(out));
    }
    tc_tensor_unref(s);
    if (!out) return kn_nomem(err);
    tc_free(out);
    return 0;
}
