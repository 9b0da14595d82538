/*
 * The kernel's own plots for display(t, heatmap=True) and t.plot(): a line plot of a 1-D
 * tensor or a heatmap with a colour bar for a 2-D tensor, encoded as PNG (stored deflate
 * blocks, CRC-32 and Adler-32 written here; no zlib) and returned as base64 for image/png.
 * Only a strided sample of the tensor is read (at most MAX_POINTS per dim), so a huge or
 * device tensor is never transferred or copied whole.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/torch/torch-impl.h"

#define MAX_LINE_POINTS 1000
#define MAX_HEAT_CELLS 200
#define LINE_W 480
#define LINE_H 300
#define MARGIN 24

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

static void line(image *im, int x0, int y0, int x1, int y1, const uint8_t c[3]) {
    int dx = abs(x1 - x0), dy = -abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
    int e = dx + dy;
    for (;;) {
        put(im, x0, y0, c);
        put(im, x0, y0 + 1, c);
        if (x0 == x1 && y0 == y1) break;
        int e2 = 2 * e;
        if (e2 >= dy) { e += dy; x0 += sx; }
        if (e2 <= dx) { e += dx; y0 += sy; }
    }
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

/* A 3x5 bitmap font for the value labels (digits, sign, point, exponent), drawn at 2x. */
static const char *glyph(char c) {
    switch (c) {
    case '0': return "111101101101111";
    case '1': return "010110010010111";
    case '2': return "111001111100111";
    case '3': return "111001111001111";
    case '4': return "101101111001001";
    case '5': return "111100111001111";
    case '6': return "111100111101111";
    case '7': return "111001001001001";
    case '8': return "111101111101111";
    case '9': return "111101111001111";
    case '-': return "000000111000000";
    case '+': return "000010111010000";
    case '.': return "000000000000010";
    case 'e': return "000111111100111";
    case 'n': return "000110101101101";
    case 'a': return "000011101101011";
    case 'i': return "010000010010010";
    case 'f': return "011100110100100";
    default: return "000000000000000";
    }
}

#define GLYPH_W 8 /* 3 columns at 2x plus 2 px spacing */

static void text(image *im, int x, int y, const char *s, const uint8_t c[3]) {
    for (; *s; s++, x += GLYPH_W) {
        const char *g = glyph(*s);
        for (int r = 0; r < 5; r++)
            for (int k = 0; k < 3; k++)
                if (g[r * 3 + k] == '1') fill_rect(im, x + 2 * k, y + 2 * r, x + 2 * k + 2, y + 2 * r + 2, c);
    }
}

static int text_width(const char *s) { return (int)strlen(s) * GLYPH_W - 2; }

static void label(char *buf, size_t n, double v) { snprintf(buf, n, "%.4g", v); }

/* ---- PNG ----------------------------------------------------------------------------------- */

static uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n) {
    static uint32_t table[256];
    static int ready;
    if (!ready) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        ready = 1;
    }
    for (size_t i = 0; i < n; i++) crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    return crc;
}

typedef struct bytes {
    uint8_t *p;
    size_t n, cap;
    bool oom;
} bytes;

static void emit(bytes *b, const void *src, size_t n) {
    if (b->oom) return;
    if (b->n + n > b->cap) {
        size_t cap = (b->cap + n) * 2;
        uint8_t *p = realloc(b->p, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    if (n) memcpy(b->p + b->n, src, n); /* an empty PNG chunk passes src == NULL */
    b->n += n;
}

static void emit_u32(bytes *b, uint32_t v) {
    uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    emit(b, x, 4);
}

static void chunk(bytes *b, const char *type, const uint8_t *data, size_t n) {
    emit_u32(b, (uint32_t)n);
    emit(b, type, 4);
    emit(b, data, n);
    uint32_t crc = crc32_update(0xffffffffu, (const uint8_t *)type, 4);
    crc = crc32_update(crc, data, n) ^ 0xffffffffu;
    emit_u32(b, crc);
}

/* zlib stream of stored deflate blocks over the filtered scanlines. */
static void zlib_stored(bytes *z, const uint8_t *raw, size_t n) {
    static const uint8_t header[2] = {0x78, 0x01};
    emit(z, header, 2);
    uint32_t a = 1, s = 0;
    for (size_t i = 0; i < n; i++) {
        a = (a + raw[i]) % 65521;
        s = (s + a) % 65521;
    }
    size_t off = 0;
    do {
        size_t len = n - off > 65535 ? 65535 : n - off;
        uint8_t h[5] = {(uint8_t)(off + len == n), (uint8_t)len, (uint8_t)(len >> 8),
                        (uint8_t)~len, (uint8_t)(~len >> 8)};
        emit(z, h, 5);
        emit(z, raw + off, len);
        off += len;
    } while (off < n);
    emit_u32(z, (s << 16) | a);
}

static int png_encode(const image *im, bytes *out) {
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    size_t row = (size_t)im->w * 3 + 1, n = row * (size_t)im->h;
    uint8_t *raw = malloc(n);
    if (!raw) return -1;
    for (int y = 0; y < im->h; y++) {
        raw[(size_t)y * row] = 0;
        memcpy(raw + (size_t)y * row + 1, im->px + (size_t)y * (size_t)im->w * 3, row - 1);
    }
    bytes z = {0};
    zlib_stored(&z, raw, n);
    free(raw);
    uint8_t ihdr[13] = {(uint8_t)(im->w >> 24), (uint8_t)(im->w >> 16), (uint8_t)(im->w >> 8),
                        (uint8_t)im->w, (uint8_t)(im->h >> 24), (uint8_t)(im->h >> 16),
                        (uint8_t)(im->h >> 8), (uint8_t)im->h, 8, 2, 0, 0, 0};
    emit(out, sig, 8);
    chunk(out, "IHDR", ihdr, 13);
    chunk(out, "IDAT", z.p, z.n);
    chunk(out, "IEND", NULL, 0);
    bool oom = z.oom || out->oom;
    free(z.p);
    return oom ? -1 : 0;
}

static char *base64(const uint8_t *p, size_t n) {
    static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *out = malloc((n + 2) / 3 * 4 + 1), *o = out;
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

/* ---- sampling -------------------------------------------------------------------------------- */

/* A float64 CPU tensor holding at most 'cap' evenly strided samples per dim of t. */
static tc_tensor *sample(tc_tensor *t, int cap, kn_err *err) {
    tc_tensor *cur = tc_tensor_ref(t);
    for (int d = 0; d < t->ndim && cur; d++) {
        int64_t n = t->shape[d], step = (n + cap - 1) / cap;
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
        *lo -= 1;
        *hi += 1;
    }
}

static int render_line(const double *v, int64_t n, int64_t n_total, image *im) {
    static const uint8_t white[3] = {255, 255, 255}, axis[3] = {90, 90, 90},
                         blue[3] = {31, 119, 180}, grid[3] = {228, 228, 228};
    im->w = LINE_W;
    im->h = LINE_H;
    im->px = malloc((size_t)im->w * (size_t)im->h * 3);
    if (!im->px) return -1;
    fill_rect(im, 0, 0, im->w, im->h, white);
    int x0 = MARGIN, y0 = MARGIN, x1 = im->w - MARGIN, y1 = im->h - MARGIN;
    for (int k = 1; k < 4; k++) {
        int y = y0 + (y1 - y0) * k / 4;
        line(im, x0, y, x1, y, grid);
    }
    double lo, hi;
    finite_range(v, n, &lo, &hi);
    int px = -1, py = -1;
    for (int64_t i = 0; i < n; i++) {
        if (!isfinite(v[i])) {
            px = -1;
            continue;
        }
        int x = n > 1 ? x0 + (int)((double)(x1 - x0) * (double)i / (double)(n - 1)) : (x0 + x1) / 2;
        int y = y1 - (int)((double)(y1 - y0) * (v[i] - lo) / (hi - lo));
        if (px >= 0) line(im, px, py, x, y, blue);
        else put(im, x, y, blue);
        px = x;
        py = y;
    }
    line(im, x0, y0, x0, y1, axis);
    line(im, x0, y1, x1, y1, axis);
    char buf[32];
    label(buf, sizeof buf, hi);
    text(im, x0 + 4, y0 - 14, buf, axis);
    label(buf, sizeof buf, lo);
    text(im, x0 + 4, y1 + 6, buf, axis);
    snprintf(buf, sizeof buf, "%lld", (long long)(n_total - 1));
    text(im, x1 - text_width(buf), y1 + 6, buf, axis);
    return 0;
}

static int render_heatmap(const double *v, int64_t rows, int64_t cols, image *im) {
    static const uint8_t white[3] = {255, 255, 255}, frame[3] = {90, 90, 90};
    int64_t big = rows > cols ? rows : cols;
    int cell = big ? (int)(360 / big) : 1;
    if (cell < 1) cell = 1;
    if (cell > 40) cell = 40;
    int mw = (int)cols * cell, mh = (int)rows * cell;
    double lo, hi;
    finite_range(v, rows * cols, &lo, &hi);
    char top[32], bottom[32];
    label(top, sizeof top, hi);
    label(bottom, sizeof bottom, lo);
    int tw = text_width(strlen(top) > strlen(bottom) ? top : bottom);
    im->w = MARGIN + mw + 16 + 16 + (tw > MARGIN ? tw : MARGIN) + 4;
    im->h = MARGIN + (mh > 60 ? mh : 60) + MARGIN;
    im->px = malloc((size_t)im->w * (size_t)im->h * 3);
    if (!im->px) return -1;
    fill_rect(im, 0, 0, im->w, im->h, white);
    uint8_t c[3];
    for (int64_t r = 0; r < rows; r++)
        for (int64_t k = 0; k < cols; k++) {
            double x = v[r * cols + k];
            if (isfinite(x)) colormap((x - lo) / (hi - lo), c);
            else c[0] = c[1] = c[2] = 200;
            fill_rect(im, MARGIN + (int)k * cell, MARGIN + (int)r * cell,
                      MARGIN + (int)(k + 1) * cell, MARGIN + (int)(r + 1) * cell, c);
        }
    int bx = MARGIN + mw + 16, bh = im->h - 2 * MARGIN;
    for (int y = 0; y < bh; y++) {
        colormap(1.0 - (double)y / (bh > 1 ? bh - 1 : 1), c);
        fill_rect(im, bx, MARGIN + y, bx + 16, MARGIN + y + 1, c);
    }
    line(im, bx - 1, MARGIN - 1, bx + 16, MARGIN - 1, frame);
    line(im, bx - 1, MARGIN + bh, bx + 16, MARGIN + bh, frame);
    text(im, im->w - 4 - text_width(top), MARGIN - 14, top, frame);
    text(im, im->w - 4 - text_width(bottom), MARGIN + bh + 6, bottom, frame);
    return 0;
}

char *kn__plot_png_base64(tc_tensor *t, bool heatmap, kn_err *err) {
    if (t->layout != TC_LAYOUT_STRIDED || (t->ndim != 1 && t->ndim != 2)) {
        tc_error_set(err, TC_EXC_VALUE, "plots are made for 1-D and 2-D strided tensors (got %d-D)",
                     t->ndim);
        return NULL;
    }
    if (tc_numel(t) == 0) {
        tc_error_set(err, TC_EXC_VALUE, "cannot plot an empty tensor");
        return NULL;
    }
    bool heat = heatmap || t->ndim == 2;
    tc_tensor *s = sample(t, heat ? MAX_HEAT_CELLS : MAX_LINE_POINTS, err);
    if (!s) return NULL;
    const double *v = tc_data_ptr(s);
    image im = {0};
    int rc = heat ? render_heatmap(v, s->ndim == 2 ? s->shape[0] : 1, s->shape[s->ndim - 1], &im)
                  : render_line(v, s->shape[0], t->shape[0], &im);
    tc_tensor_unref(s);
    bytes png = {0};
    char *b64 = NULL;
    if (rc == 0 && png_encode(&im, &png) == 0) b64 = base64(png.p, png.n);
    free(im.px);
    free(png.p);
    if (!b64) tc_error_set(err, TC_EXC_MEMORY, "out of memory while encoding the plot");
    return b64;
}
