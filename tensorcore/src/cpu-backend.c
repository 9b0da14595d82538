/*
 * The built-in CPU backend: every tc_backend_i slot over strided tc_kview operands of
 * every dtype. Elementwise work goes through the N-d iterator (cpu-iter.c) and the typed
 * loops (cpu-loops.c); float16/bfloat16 are computed in float32 blocks. Matmul uses
 * OpenBLAS on one thread per call, a large product split into blocks of C across our own
 * threads, and a huge one in blocks so an interrupt is noticed between them. OpenBLAS (with
 * libgfortran) is opened on the first float matmul, not at start: a kernel that never
 * multiplies matrices never maps it.
 */
#include <dlfcn.h>
#include <math.h>
#include <pthread.h>

#include "cpu-loops.h"

static int cpu_device_count(void *ctx) { return 1; }

static void *cpu_alloc(void *ctx, int device, size_t nbytes, tc_error *err) {
    void *p = tc__malloc(nbytes);
    if (!p) tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
    return p;
}

static void cpu_free(void *ctx, int device, void *ptr) { tc__free(ptr); }

static int cpu_copy(void *ctx, int device, tc_copy_kind kind, void *dst, const void *src,
                    size_t n, tc_error *err) {
    memmove(dst, src, n);
    return 0;
}

static int cpu_sync(void *ctx, int device, tc_error *err) { return 0; }

static bool is_half(tc_dtype dt) { return dt == TC_DTYPE_F16 || dt == TC_DTYPE_BF16; }

/* ---- float16 / bfloat16 through float32 blocks ------------------------------------------ */

#define HBLK 256

typedef struct half_ctx {
    tc__loop_fn f32loop;
    tc_dtype in_dt, out_dt;
    int nin;
} half_ctx;

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

/* float16 <-> float32 eight at a time with F16C. Both round as the scalar conversions do;
 * a block holding a NaN reports false and is left to them (they canonicalise its payload). */
__attribute__((target("avx2,f16c"))) static bool f16_to_f32_f16c(float *dst, const uint16_t *src,
                                                                  int64_t n) {
    int64_t i = 0;
    const __m128i mag = _mm_set1_epi16(0x7fff), inf = _mm_set1_epi16(0x7c00);
    for (; i + 8 <= n; i += 8) {
        __m128i h = _mm_loadu_si128((const __m128i *)(src + i));
        if (_mm_movemask_epi8(_mm_cmpgt_epi16(_mm_and_si128(h, mag), inf))) return false;
        _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(h));
    }
    for (; i < n; i++) dst[i] = tc_f16_to_f32(src[i]);
    return true;
}

/* n floats rounded to float16 (to nearest, ties to even, as tc_f32_to_f16): F16C's rounding,
 * with NaN lanes rewritten to the scalar form's quiet NaN of their sign (F16C would keep part
 * of the payload). */
__attribute__((target("avx2,f16c"))) static void f32_to_f16_f16c(uint16_t *dst, const float *src, int64_t n) {
    int64_t i = 0;
    const __m256i qnan = _mm256_set1_epi32(0x7e00), sign = _mm256_set1_epi32(0x8000);
    for (; i + 8 <= n; i += 8) {
        __m256 v = _mm256_loadu_ps(src + i);
        __m128i h = _mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT);
        __m256 nan = _mm256_cmp_ps(v, v, _CMP_UNORD_Q);
        if (_mm256_movemask_ps(nan)) {
            __m256i q = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(_mm256_castps_si256(v), 16), sign), qnan);
            __m128i q16 = _mm_packus_epi32(_mm256_castsi256_si128(q), _mm256_extracti128_si256(q, 1));
            __m256i m = _mm256_castps_si256(nan);
            __m128i m16 = _mm_packs_epi32(_mm256_castsi256_si128(m), _mm256_extracti128_si256(m, 1));
            h = _mm_blendv_epi8(h, q16, m16);
        }
        _mm_storeu_si128((__m128i *)(dst + i), h);
    }
    for (; i < n; i++) dst[i] = tc_f32_to_f16(src[i]);
}

/* n floats rounded to bfloat16 as tc_f32_to_bf16 rounds them (to nearest, ties to even; a
 * NaN keeps its top bits, made quiet), sixteen at a time. */
__attribute__((target("avx2"))) static void f32_to_bf16_avx2(uint16_t *dst, const float *src, int64_t n) {
    int64_t i = 0;
    const __m256i abs = _mm256_set1_epi32(0x7fffffff), inf = _mm256_set1_epi32(0x7f800000),
                  half = _mm256_set1_epi32(0x7fff), one = _mm256_set1_epi32(1), quiet = _mm256_set1_epi32(0x40);
    for (; i + 16 <= n; i += 16) {
        __m256i r[2];
        for (int k = 0; k < 2; k++) {
            __m256i x = _mm256_loadu_si256((const __m256i *)(src + i + 8 * k));
            __m256i hi = _mm256_srli_epi32(x, 16);
            __m256i rounded = _mm256_srli_epi32(_mm256_add_epi32(x, _mm256_add_epi32(half, _mm256_and_si256(hi, one))), 16);
            __m256i nan = _mm256_cmpgt_epi32(_mm256_and_si256(x, abs), inf);
            r[k] = _mm256_blendv_epi8(rounded, _mm256_or_si256(hi, quiet), nan);
        }
        __m256i packed = _mm256_permute4x64_epi64(_mm256_packus_epi32(r[0], r[1]), 0xd8);
        _mm256_storeu_si256((__m256i *)(dst + i), packed);
    }
    for (; i < n; i++) dst[i] = tc_f32_to_bf16(src[i]);
}

static bool have_f16c(void) {
    static int v = -1;
    if (v < 0) { /* F16C from CPUID leaf 1 (clang's __builtin_cpu_supports does not know it) */
        unsigned a, b, c = 0, d;
        v = __builtin_cpu_supports("avx2") && __get_cpuid(1, &a, &b, &c, &d) && (c & bit_F16C);
    }
    return v;
}
#endif

static void to_f32(float *dst, const char *src, int64_t stride, int64_t n, tc_dtype dt) {
#if defined(__x86_64__)
    if (dt == TC_DTYPE_F16 && stride == 2 && have_f16c() &&
        f16_to_f32_f16c(dst, (const uint16_t *)src, n))
        return;
#endif
    if (dt == TC_DTYPE_F32 && stride == 4) {
        memcpy(dst, src, (size_t)n * 4);
        return;
    }
    if (dt == TC_DTYPE_BF16 && stride == 2) {
        const uint16_t *h = (const uint16_t *)src;
        for (int64_t i = 0; i < n; i++) dst[i] = tc_bf16_to_f32(h[i]);
        return;
    }
    if (dt == TC_DTYPE_F16)
        for (int64_t i = 0; i < n; i++) dst[i] = tc_f16_to_f32(*(const uint16_t *)(src + i * stride));
    else if (dt == TC_DTYPE_BF16)
        for (int64_t i = 0; i < n; i++) dst[i] = tc_bf16_to_f32(*(const uint16_t *)(src + i * stride));
    else
        for (int64_t i = 0; i < n; i++) dst[i] = (float)tc_load_f64(src + i * stride, dt);
}

/* n contiguous float16 or bfloat16 values widened to float (exact), for the reductions. */
void tc__half_to_f32(float *dst, const void *src, int64_t n, tc_dtype dt) {
    to_f32(dst, src, 2, n, dt);
}

static void from_f32(char *dst, int64_t stride, const float *src, int64_t n, tc_dtype dt) {
#if defined(__x86_64__)
    if (dt == TC_DTYPE_F16 && stride == 2 && have_f16c()) {
        f32_to_f16_f16c((uint16_t *)dst, src, n);
        return;
    }
    if (dt == TC_DTYPE_BF16 && stride == 2 && tc__cpu_isa() >= 1) {
        f32_to_bf16_avx2((uint16_t *)dst, src, n);
        return;
    }
#endif
    if (dt == TC_DTYPE_F32 && stride == 4) {
        memcpy(dst, src, (size_t)n * 4);
        return;
    }
    if (dt == TC_DTYPE_BF16 && stride == 2) {
        uint16_t *h = (uint16_t *)dst;
        for (int64_t i = 0; i < n; i++) h[i] = tc_f32_to_bf16(src[i]);
        return;
    }
    if (dt == TC_DTYPE_F16)
        for (int64_t i = 0; i < n; i++) *(uint16_t *)(dst + i * stride) = tc_f32_to_f16(src[i]);
    else if (dt == TC_DTYPE_BF16)
        for (int64_t i = 0; i < n; i++) *(uint16_t *)(dst + i * stride) = tc_f32_to_bf16(src[i]);
    else
        for (int64_t i = 0; i < n; i++) tc_store_f64(dst + i * stride, dt, src[i]);
}

/* Inputs of a half dtype are widened, the float32 loop runs, the output is narrowed
 * (or written directly when it is bool). */
static int half_loop(char **p, const int64_t *s, int64_t n, const void *extra) {
    const half_ctx *h = extra;
    float in[2][HBLK], out[HBLK];
    for (int64_t i0 = 0; i0 < n; i0 += HBLK) {
        int64_t m = n - i0 < HBLK ? n - i0 : HBLK;
        char *q[3];
        int64_t qs[3] = {4, 4, 4};
        for (int k = 0; k < h->nin; k++) {
            to_f32(in[k], p[k + 1] + i0 * s[k + 1], s[k + 1], m, h->in_dt);
            q[k + 1] = (char *)in[k];
        }
        if (h->out_dt == TC_DTYPE_BOOL) {
            q[0] = p[0] + i0 * s[0];
            qs[0] = s[0];
        } else {
            q[0] = (char *)out;
        }
        int r = h->f32loop(q, qs, m, NULL);
        if (r) return r;
        if (h->out_dt != TC_DTYPE_BOOL) from_f32(p[0] + i0 * s[0], s[0], out, m, h->out_dt);
    }
    return 0;
}

static int unsupported(const char *what, tc_dtype dt, tc_error *err) {
    if (!strcmp(what, "floor_divide")) what = "div_floor"; /* PyTorch's kernel name */
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"%s_cpu\" not implemented for '%s'", what,
                        tc__dtype_title(dt));
}

static int cpu_binary(void *ctx, tc_binary_op op, const tc_kview *out, const tc_kview *a,
                      const tc_kview *b, tc_error *err) {
    const tc_kview *v[3] = {out, a, b};
    tc__iter it;
    tc__iter_init(&it, v, 3);
    if (is_half(a->dtype)) {
        half_ctx h = {tc__binary_loops[op][TC_DTYPE_F32], a->dtype, out->dtype, 2};
        if (!h.f32loop) return unsupported(tc_binary_op_name(op), a->dtype, err);
        return tc__iter_run(&it, half_loop, &h, err);
    }
    tc__loop_fn f = tc__binary_loops[op][a->dtype];
    if (!f) return unsupported(tc_binary_op_name(op), a->dtype, err);
    return tc__iter_run(&it, f, NULL, err);
}

static int cpu_unary(void *ctx, tc_unary_op op, const tc_kview *out, const tc_kview *a,
                     tc_error *err) {
    const tc_kview *v[2] = {out, a};
    tc__iter it;
    tc__iter_init(&it, v, 2);
    if (is_half(a->dtype)) {
        half_ctx h = {tc__unary_loops[op][TC_DTYPE_F32], a->dtype, out->dtype, 1};
        if (!h.f32loop) return unsupported(tc_unary_op_name(op), a->dtype, err);
        return tc__iter_run(&it, half_loop, &h, err);
    }
    tc__loop_fn f = tc__cpu_unary_loop(op, a->dtype);
    if (!f) return unsupported(tc_unary_op_name(op), a->dtype, err);
    return tc__iter_run(&it, f, NULL, err);
}

tc__loop_fn tc__cpu_unary_loop(tc_unary_op op, tc_dtype dt) {
    tc__loop_fn f = tc__vml_loop(op, dt);
    return f ? f : tc__unary_loops[op][dt];
}

typedef struct cast_ctx { tc_dtype from, to; } cast_ctx;

/* Casts touching float16/bfloat16: through float32, or bit copies when both match. */
static int slow_cast_loop(char **p, const int64_t *s, int64_t n, const void *extra) {
    const cast_ctx *c = extra;
    if (c->from == c->to) {
        for (int64_t i = 0; i < n; i++) memcpy(p[0] + i * s[0], p[1] + i * s[1], 2);
        return 0;
    }
    if (c->from == TC_DTYPE_F32 && s[1] == 4) { /* straight from the source, no staging */
        from_f32(p[0], s[0], (const float *)p[1], n, c->to);
        return 0;
    }
    if (c->to == TC_DTYPE_F32 && s[0] == 4) {
        to_f32((float *)p[0], p[1], s[1], n, c->from);
        return 0;
    }
    float buf[HBLK];
    for (int64_t i0 = 0; i0 < n; i0 += HBLK) {
        int64_t m = n - i0 < HBLK ? n - i0 : HBLK;
        if (tc_dtype_is_complex(c->from) || tc_dtype_is_complex(c->to)) {
            for (int64_t i = 0; i < m; i++) {
                double re, im;
                tc_load_c128(p[1] + (i0 + i) * s[1], c->from, &re, &im);
                tc_store_c128(p[0] + (i0 + i) * s[0], c->to, re, im);
            }
            continue;
        }
        if (c->from == TC_DTYPE_I64 || c->to == TC_DTYPE_I64) {
            for (int64_t i = 0; i < m; i++)
                tc_store_f64(p[0] + (i0 + i) * s[0], c->to, tc_load_f64(p[1] + (i0 + i) * s[1], c->from));
            continue;
        }
        to_f32(buf, p[1] + i0 * s[1], s[1], m, c->from);
        from_f32(p[0] + i0 * s[0], s[0], buf, m, c->to);
    }
    return 0;
}

/* ---- transposed 4-byte copies -----------------------------------------------------------
 * x.t().contiguous() and friends: 8x8 blocks are transposed in registers, a band of 64 output
 * rows at a time, so every cache line read or written is used whole. (Walking rows instead
 * reads one line per element, and a power-of-two row stride maps them all to one cache set.) */

typedef struct tr_job {
    const char *in;
    char *out;
    int64_t rows, cols, sin, sout; /* out[i][j] = in[i * 4 + j * sin], at out + i * sout + j * 4 */
    int64_t bands, bin, bout;      /* bands of 64 rows per matrix; byte strides between matrices */
} tr_job;

#if defined(__x86_64__)
__attribute__((target("avx2"))) void tc__cpu_tr8x8(const char *in, int64_t sin, char *out,
                                                   int64_t sout) {
    __m256 r[8], t[8];
    for (int k = 0; k < 8; k++) r[k] = _mm256_loadu_ps((const float *)(in + k * sin));
    for (int k = 0; k < 8; k += 2) {
        t[k] = _mm256_unpacklo_ps(r[k], r[k + 1]);
        t[k + 1] = _mm256_unpackhi_ps(r[k], r[k + 1]);
    }
    for (int k = 0; k < 8; k += 4) {
        r[k] = _mm256_shuffle_ps(t[k], t[k + 2], 0x44);
        r[k + 1] = _mm256_shuffle_ps(t[k], t[k + 2], 0xee);
        r[k + 2] = _mm256_shuffle_ps(t[k + 1], t[k + 3], 0x44);
        r[k + 3] = _mm256_shuffle_ps(t[k + 1], t[k + 3], 0xee);
    }
    for (int k = 0; k < 4; k++) {
        t[k] = _mm256_permute2f128_ps(r[k], r[k + 4], 0x20);
        t[k + 4] = _mm256_permute2f128_ps(r[k], r[k + 4], 0x31);
    }
    for (int k = 0; k < 8; k++) _mm256_storeu_ps((float *)(out + k * sout), t[k]);
}

static void tr_bands(void *vj, int64_t begin, int64_t end) {
    const tr_job *jb = vj;
    for (int64_t item = begin; item < end; item++) {
        /* band b of matrix item / bands */
        tr_job m = *jb, *j = &m;
        int64_t b = item % jb->bands;
        m.in += item / jb->bands * jb->bin;
        m.out += item / jb->bands * jb->bout;
        int64_t i0 = b * 64, i1 = i0 + 64 < j->rows ? i0 + 64 : j->rows;
        int64_t j8 = j->cols / 8 * 8;
        for (int64_t c = 0; c < j8; c += 8) {
            int64_t i = i0;
            for (; i + 8 <= i1; i += 8)
                tc__cpu_tr8x8(j->in + i * 4 + c * j->sin, j->sin, j->out + i * j->sout + c * 4, j->sout);
            for (; i < i1; i++)
                for (int64_t cc = c; cc < c + 8; cc++)
                    memcpy(j->out + i * j->sout + cc * 4, j->in + i * 4 + cc * j->sin, 4);
        }
        for (int64_t i = i0; i < i1; i++)
            for (int64_t cc = j8; cc < j->cols; cc++)
                memcpy(j->out + i * j->sout + cc * 4, j->in + i * 4 + cc * j->sin, 4);
    }
}

/* Whether the copy is a 2-d transpose of 4-byte elements, or a batch of them along an outer
 * dim (x.permute(0, 2, 3, 1).contiguous()) (done then). */
static bool copy_transposed(const tc__iter *it, const tc_kview *out, const tc_kview *a) {
    if (out->dtype != a->dtype || tc_dtype_size(a->dtype) != 4 || it->ndim < 2 || it->ndim > 3 ||
        !__builtin_cpu_supports("avx2"))
        return false;
    int r = it->ndim - 2, c = it->ndim - 1; /* the transposed dims */
    int64_t nb = r ? it->shape[0] : 1, bo = r ? it->strides[0][0] : 0, bi = r ? it->strides[1][0] : 0;
    if (it->strides[0][c] != 4 || it->strides[1][r] != 4 || it->strides[0][r] < 4 * it->shape[c] ||
        it->strides[1][c] < 4 * it->shape[r] || it->shape[r] < 8 || it->shape[c] < 8 || bo < 0 || bi < 0)
        return false;
    const char *o = out->data, *i = a->data;
    int64_t on = it->strides[0][r] * it->shape[r] + (nb - 1) * bo,
            in = it->strides[1][c] * it->shape[c] + (nb - 1) * bi;
    if (o < i + in && i < o + on) return false; /* shares memory */
    int64_t bands = (it->shape[r] + 63) / 64;
    tr_job j = {a->data, out->data, it->shape[r], it->shape[c], it->strides[1][c], it->strides[0][r],
                bands, bi, bo};
    tc__parallel_for(nb * bands, (1 << 18) / (64 * j.cols) + 1, tr_bands, &j);
    return true;
}
#endif

/* ---- copies whose output rows are short ------------------------------------------------
 * A permuted copy whose innermost output dim is a few elements (pixel_shuffle's, a channels
 * dim of 2 or 3 moved last) would be walked as one run of a few elements per loop call. The
 * innermost dim (i) and the one the input walks contiguously (q) are copied instead as one
 * small 2-d block per position of the other dims, in plain typed loops. */
typedef struct short_job {
    const tc__iter *it;
    int q;           /* the block's other dim */
    int64_t outer;   /* positions of the remaining dims */
} short_job;

#define SHORT_BLOCK(T)                                                                      \
    for (int64_t u = 0; u < nq; u++) {                                                      \
        const char *ip = ib + u * iq;                                                       \
        char *op = ob + u * oq;                                                             \
        for (int64_t v = 0; v < ni; v++) *(T *)(op + v * oi) = *(const T *)(ip + v * ii);    \
    }

static void short_rows(void *vj, int64_t begin, int64_t end) {
    const short_job *j = vj;
    const tc__iter *it = j->it;
    int last = it->ndim - 1, q = j->q;
    int64_t nq = it->shape[q], ni = it->shape[last];
    int64_t oq = it->strides[0][q], iq = it->strides[1][q], oi = it->strides[0][last],
            ii = it->strides[1][last];
    for (int64_t k = begin; k < end; k++) {
        char *ob = it->base[0];
        const char *ib = it->base[1];
        int64_t r = k;
        for (int d = last - 1; d >= 0; d--) {
            if (d == q) continue;
            int64_t x = r % it->shape[d];
            r /= it->shape[d];
            ob += x * it->strides[0][d];
            ib += x * it->strides[1][d];
        }
        switch (it->es[0]) {
        case 1: SHORT_BLOCK(uint8_t) break;
        case 2: SHORT_BLOCK(uint16_t) break;
        case 4: SHORT_BLOCK(uint32_t) break;
        default: SHORT_BLOCK(uint64_t) break;
        }
    }
}

/* Whether the copy is one of those (done then): same dtype, output rows under 8 elements,
 * and a dim of at least 8 along which the input is contiguous. */
static bool copy_short_rows(const tc__iter *it, const tc_kview *out, const tc_kview *a) {
    int last = it->ndim - 1;
    int64_t es = (int64_t)tc_dtype_size(a->dtype);
    if (out->dtype != a->dtype || it->ndim < 2 || it->nops != 2 || it->shape[last] >= 8 ||
        it->numel < (1 << 16) || (es != 1 && es != 2 && es != 4 && es != 8))
        return false;
    int q = -1;
    for (int d = 0; d < last; d++)
        if (it->strides[1][d] == es && it->shape[d] >= 8) q = d;
    if (q < 0) return false;
    const char *o = out->data, *i = a->data;
    int64_t on = es, in = es; /* byte extents, to refuse copies between overlapping memory */
    for (int d = 0; d <= last; d++) {
        if (it->strides[0][d] < 0 || it->strides[1][d] < 0) return false;
        on += (it->shape[d] - 1) * it->strides[0][d];
        in += (it->shape[d] - 1) * it->strides[1][d];
    }
    if (o < i + in && i < o + on) return false;
    short_job j = {it, q, it->numel / (it->shape[q] * it->shape[last])};
    int64_t block = it->shape[q] * it->shape[last];
    tc__parallel_for(j.outer, (1 << 15) / block + 1, short_rows, &j);
    return true;
}

static int cpu_copy_cast(void *ctx, const tc_kview *out, const tc_kview *a, tc_error *err) {
    const tc_kview *v[2] = {out, a};
    tc__iter it;
    tc__iter_init(&it, v, 2);
#if defined(__x86_64__)
    if (copy_transposed(&it, out, a)) return tc_interrupt_check(err);
#endif
    if (copy_short_rows(&it, out, a)) return tc_interrupt_check(err);
    tc__loop_fn f = tc__cast_loops[a->dtype][out->dtype];
    if (f) return tc__iter_run(&it, f, NULL, err);
    cast_ctx c = {a->dtype, out->dtype};
    return tc__iter_run(&it, slow_cast_loop, &c, err);
}

static int fill_loop(char **p, const int64_t *s, int64_t n, const void *extra) {
    const unsigned char *v = extra;
    int64_t es = v[8];
    switch (es) {
    case 1: { uint8_t x = v[0]; for (int64_t i = 0; i < n; i++) *(uint8_t *)(p[0] + i * s[0]) = x; break; }
    case 2: { uint16_t x; memcpy(&x, v, 2); if (s[0] == 2) { uint16_t *o = (uint16_t *)p[0]; for (int64_t i = 0; i < n; i++) o[i] = x; } else for (int64_t i = 0; i < n; i++) *(uint16_t *)(p[0] + i * s[0]) = x; break; }
    case 4: { uint32_t x; memcpy(&x, v, 4); if (s[0] == 4) { uint32_t *o = (uint32_t *)p[0]; for (int64_t i = 0; i < n; i++) o[i] = x; } else for (int64_t i = 0; i < n; i++) *(uint32_t *)(p[0] + i * s[0]) = x; break; }
    default: { uint64_t x; memcpy(&x, v, 8); if (s[0] == 8) { uint64_t *o = (uint64_t *)p[0]; for (int64_t i = 0; i < n; i++) o[i] = x; } else for (int64_t i = 0; i < n; i++) *(uint64_t *)(p[0] + i * s[0]) = x; break; }
    }
    return 0;
}

static int cpu_fill(void *ctx, const tc_kview *out, double v, tc_error *err) {
    unsigned char val[9] = {0};
    tc_store_f64(val, out->dtype, v);
    val[8] = (unsigned char)tc_dtype_size(out->dtype);
    const tc_kview *vv[1] = {out};
    tc__iter it;
    tc__iter_init(&it, vv, 1);
    return tc__iter_run(&it, fill_loop, val, err);
}

/* ---- where / clamp ------------------------------------------------------------------------ */

/* Contiguous selects of 1, 2, 4 and 8-byte elements: a and b (the values) may each be one
 * element broadcast (where(m, x, 0.0)), and b may be the output itself (t[mask] = v in
 * place). Masks rather than a branch: a random mask would mispredict, and a branch keeps the
 * compiler from vectorising. */
#define WHERE_SELECT(T, A, B)                                                                 \
    for (int64_t i = 0; i < n; i++) {                                                       \
        T m = (T)0 - (T)c[i];                                                               \
        o[i] = ((A) & m) | ((B) & (T)~m);                                                   \
    }
#define WHERE_FAST(T, NAME)                                                                  \
    __attribute__((target_clones("avx2", "default"))) static void NAME##_sep(               \
        T *restrict o, const uint8_t *restrict c, const T *restrict a, int64_t sa,             \
        const T *restrict b, int64_t sb, int64_t n) {                                       \
        const T va = a[0], vb = b[0];                                                       \
        if (sa && sb) WHERE_SELECT(T, a[i], b[i])                                            \
        else if (sb) WHERE_SELECT(T, va, b[i])                                               \
        else if (sa) WHERE_SELECT(T, a[i], vb)                                               \
        else WHERE_SELECT(T, va, vb)                                                         \
    }                                                                                       \
    __attribute__((target_clones("avx2", "default"))) static void NAME##_put(               \
        T *restrict o, const uint8_t *restrict c, T v, int64_t n) {                            \
        WHERE_SELECT(T, v, o[i])                                                             \
    }                                                                                       \
    static bool NAME(char **p, const int64_t *s, int64_t n) {                               \
        const int64_t es = (int64_t)sizeof(T);                                              \
        if (s[0] != es || s[1] != 1 || (s[2] != es && s[2] != 0) || (s[3] != es && s[3] != 0)) \
            return false;                                                                   \
        T *o = (T *)p[0];                                                                   \
        const T *a = (const T *)p[2], *b = (const T *)p[3];                                 \
        bool a_apart = s[2] == 0 || o + n <= a || a + n <= o;                               \
        bool b_apart = s[3] == 0 || o + n <= b || b + n <= o;                               \
        if (o == b && s[2] == 0 && s[3] == es) NAME##_put(o, (const uint8_t *)p[1], *a, n);    \
        else if (a_apart && b_apart) NAME##_sep(o, (const uint8_t *)p[1], a, s[2], b, s[3], n); \
        else return false;                                                                  \
        return true;                                                                        \
    }
WHERE_FAST(uint8_t, where_u8)
WHERE_FAST(uint16_t, where_u16)
WHERE_FAST(uint32_t, where_u32)
WHERE_FAST(uint64_t, where_u64)
#undef WHERE_FAST
#undef WHERE_SELECT

static int where_loop(char **p, const int64_t *s, int64_t n, const void *extra) {
    size_t es = *(const size_t *)extra;
    if (es == 1 ? where_u8(p, s, n) : es == 2 ? where_u16(p, s, n)
        : es == 4 ? where_u32(p, s, n) : es == 8 && where_u64(p, s, n))
        return 0;
    for (int64_t i = 0; i < n; i++) {
        bool c = *(const bool *)(p[1] + i * s[1]);
        memcpy(p[0] + i * s[0], c ? p[2] + i * s[2] : p[3] + i * s[3], es);
    }
    return 0;
}

static int cpu_where(void *ctx, const tc_kview *out, const tc_kview *cond, const tc_kview *a,
                     const tc_kview *b, tc_error *err) {
    const tc_kview *v[4] = {out, cond, a, b};
    tc__iter it;
    tc__iter_init(&it, v, 4);
    size_t es = tc_dtype_size(out->dtype);
    return tc__iter_run(&it, where_loop, &es, err);
}

typedef struct clamp_ctx { tc_dtype dt; double lo, hi; bool has_lo, has_hi; } clamp_ctx;

/* Contiguous float runs with bounds that are numbers (a missing one is an infinity): the
 * compares keep NaN and the sign of a zero equal to a bound, as the element loop below does
 * and as PyTorch's clamp does; in place (o == a) or apart. */
#define CLAMP_FAST(T, NAME)                                                                  \
    __attribute__((target_clones("avx2", "default"))) static void NAME##_apart(             \
        T *restrict o, const T *restrict a, T lo, T hi, int64_t n) {                        \
        for (int64_t i = 0; i < n; i++) {                                                   \
            T x = a[i] < lo ? lo : a[i];                                                    \
            o[i] = x > hi ? hi : x;                                                         \
        }                                                                                   \
    }                                                                                       \
    __attribute__((target_clones("avx2", "default"))) static void NAME##_inplace(           \
        T *restrict o, T lo, T hi, int64_t n) {                                             \
        for (int64_t i = 0; i < n; i++) {                                                   \
            T x = o[i] < lo ? lo : o[i];                                                    \
            o[i] = x > hi ? hi : x;                                                         \
        }                                                                                   \
    }                                                                                       \
    static bool NAME(char **p, const int64_t *s, int64_t n, const clamp_ctx *c) {           \
        T lo = c->has_lo ? (T)c->lo : -(T)INFINITY, hi = c->has_hi ? (T)c->hi : (T)INFINITY; \
        if (s[0] != (int64_t)sizeof(T) || s[1] != s[0] || lo != lo || hi != hi) return false; \
        T *o = (T *)p[0];                                                                   \
        const T *a = (const T *)p[1];                                                       \
        if (o == a) NAME##_inplace(o, lo, hi, n);                                           \
        else if (o + n <= a || a + n <= o) NAME##_apart(o, a, lo, hi, n);                   \
        else return false;                                                                  \
        return true;                                                                        \
    }
CLAMP_FAST(float, clamp_f32)
CLAMP_FAST(double, clamp_f64)
#undef CLAMP_FAST

static int clamp_loop(char **p, const int64_t *s, int64_t n, const void *extra) {
    const clamp_ctx *c = extra;
    if (c->dt == TC_DTYPE_F32 ? clamp_f32(p, s, n, c) : c->dt == TC_DTYPE_F64 && clamp_f64(p, s, n, c)) return 0;
    if (c->dt == TC_DTYPE_F32) {
        float lo = (float)c->lo, hi = (float)c->hi;
        for (int64_t i = 0; i < n; i++) {
            float x = *(const float *)(p[1] + i * s[1]);
            if (c->has_lo && !(x >= lo) && x == x) x = lo;
            if (c->has_hi && !(x <= hi) && x == x) x = hi;
            *(float *)(p[0] + i * s[0]) = x;
        }
        return 0;
    }
    bool isf = tc_dtype_is_float(c->dt);
    for (int64_t i = 0; i < n; i++) {
        if (isf) {
            double x = tc_load_f64(p[1] + i * s[1], c->dt);
            if (c->has_lo && !(x >= c->lo) && x == x) x = c->lo;
            if (c->has_hi && !(x <= c->hi) && x == x) x = c->hi;
            tc_store_f64(p[0] + i * s[0], c->dt, x);
        } else {
            int64_t x = tc_load_i64(p[1] + i * s[1], c->dt);
            if (c->has_lo && (double)x < c->lo) x = (int64_t)c->lo;
            if (c->has_hi && (double)x > c->hi) x = (int64_t)c->hi;
            tc_store_i64(p[0] + i * s[0], c->dt, x);
        }
    }
    return 0;
}

static int cpu_clamp(void *ctx, const tc_kview *out, const tc_kview *a, const double *lo,
                     const double *hi, tc_error *err) {
    clamp_ctx c = {a->dtype, lo ? *lo : 0, hi ? *hi : 0, lo != NULL, hi != NULL};
    const tc_kview *v[2] = {out, a};
    tc__iter it;
    tc__iter_init(&it, v, 2);
    return tc__iter_run(&it, clamp_loop, &c, err);
}

/* ---- matmul --------------------------------------------------------------------------------- */

/* BLAS layout of a 2-D view: row-major (trans=0) or column-major (trans=1), or -1. */
static int blas_layout(const tc_kview *v, int *ld) {
    int64_t r = v->shape[0], c = v->shape[1];
    if (v->strides[1] == 1 || c == 1) {
        int64_t l = v->strides[0];
        if (r == 1) l = c;
        if (l >= (c > 1 ? c : 1)) { *ld = (int)l; return 0; }
    }
    if (v->strides[0] == 1 || r == 1) {
        int64_t l = v->strides[1];
        if (c == 1) l = r;
        if (l >= (r > 1 ? r : 1)) { *ld = (int)l; return 1; }
    }
    return -1;
}

/* A contiguous copy of a 2-D view (caller frees). */
static void *pack2d(const tc_kview *v, tc_error *err) {
    size_t es = tc_dtype_size(v->dtype);
    char *buf = tc__malloc((size_t)(v->shape[0] * v->shape[1]) * es);
    if (!buf) {
        tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
        return NULL;
    }
    tc_kview dst = *v;
    dst.data = buf;
    dst.strides[0] = v->shape[1];
    dst.strides[1] = 1;
    if (cpu_copy_cast(NULL, &dst, v, err) != 0) {
        tc__free(buf);
        return NULL;
    }
    return buf;
}

typedef struct gemm_args {
    const void *A, *B;
    int ta, tb, lda, ldb;
    int64_t m, n, k;
} gemm_args;

/* The two CBLAS entry points, resolved from the BLAS library at the first use. Enums are
 * passed as the CBLAS ABI's ints (the reference values every CBLAS uses). */
enum { CBLAS_ROW_MAJOR = 101, CBLAS_NO_TRANS = 111, CBLAS_TRANS = 112 };
typedef void (*sgemm_fn)(int order, int ta, int tb, int m, int n, int k, float alpha,
                         const float *A, int lda, const float *B, int ldb, float beta, float *C,
                         int ldc);
typedef void (*dgemm_fn)(int order, int ta, int tb, int m, int n, int k, double alpha,
                         const double *A, int lda, const double *B, int ldb, double beta,
                         double *C, int ldc);
typedef void (*sgemv_fn)(int order, int ta, int m, int n, float alpha, const float *A, int lda,
                         const float *x, int incx, float beta, float *y, int incy);
typedef void (*dgemv_fn)(int order, int ta, int m, int n, double alpha, const double *A, int lda,
                         const double *x, int incx, double beta, double *y, int incy);
static sgemm_fn blas_sgemm;
static dgemm_fn blas_dgemm;
/* cblas_cgemm / cblas_zgemm: alpha and beta by address */
typedef void (*cgemm_fn)(int order, int ta, int tb, int m, int n, int k, const void *alpha, const void *A,
                         int lda, const void *B, int ldb, const void *beta, void *C, int ldc);
static cgemm_fn blas_cgemm, blas_zgemm; /* optional: complex products loop without them */
static sgemv_fn blas_sgemv; /* optional: matrix-vector products use gemm without them */
static dgemv_fn blas_dgemv;
/* OpenBLAS's own thread count (absent in other BLAS libraries): one, except while a LAPACK
 * routine runs (tc__blas_lapack_begin). */
static void (*blas_set_threads)(int);
static pthread_once_t blas_once = PTHREAD_ONCE_INIT;

#ifndef TC_BLAS_PATH
#define TC_BLAS_PATH "libopenblas.so.0"
#endif

/* The OpenBLAS found at build time first, then the system's default CBLAS providers. The
 * handle stays open for the life of the process. */
static void blas_open(void) {
    static const char *const names[] = {TC_BLAS_PATH, "libopenblas.so.0", "libcblas.so.3",
                                        "libblas.so.3"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        void *h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (!h) continue;
        void *s = dlsym(h, "cblas_sgemm"), *d = dlsym(h, "cblas_dgemm");
        if (s && d) {
            memcpy(&blas_sgemm, &s, sizeof s);
            memcpy(&blas_dgemm, &d, sizeof d);
            void *cg = dlsym(h, "cblas_cgemm"), *zg = dlsym(h, "cblas_zgemm");
            if (cg && zg) {
                memcpy(&blas_cgemm, &cg, sizeof cg);
                memcpy(&blas_zgemm, &zg, sizeof zg);
            }
            void *sv = dlsym(h, "cblas_sgemv"), *dv = dlsym(h, "cblas_dgemv");
            if (sv && dv) {
                memcpy(&blas_sgemv, &sv, sizeof sv);
                memcpy(&blas_dgemv, &dv, sizeof dv);
            }
            void *st = dlsym(h, "openblas_set_num_threads");
            if (st) {
                memcpy(&blas_set_threads, &st, sizeof st);
                blas_set_threads(1); /* products split across our own threads */
            }
            return;
        }
        dlclose(h);
    }
}

/* Whether a BLAS is loaded (opening it on the first call). Without one, float products
 * take the naive loop: correct, only slower. */
static bool blas_ready(void) {
    pthread_once(&blas_once, blas_open);
    return blas_sgemm && blas_dgemm;
}

static void gemm_call(const tc_kview *c, const gemm_args *g, int64_t r0, int64_t mr, int64_t j0,
                      int64_t nc) {
    size_t es = tc_dtype_size(c->dtype);
    /* Row r0 of op(A): row-major A advances by lda per row, column-major by 1; likewise
     * column j0 of op(B). */
    const char *Ab = (const char *)g->A + (size_t)(g->ta ? r0 : r0 * g->lda) * es;
    const char *Bb = (const char *)g->B + (size_t)(g->tb ? j0 * g->ldb : j0) * es;
    char *Cb = (char *)c->data + (size_t)(r0 * c->strides[0] + j0) * es;
    int ta = g->ta ? CBLAS_TRANS : CBLAS_NO_TRANS, tb = g->tb ? CBLAS_TRANS : CBLAS_NO_TRANS;
    int ldc = (int)c->strides[0];
    static const double one_z[2] = {1, 0}, zero_z[2] = {0, 0};
    static const float one_c[2] = {1, 0}, zero_c[2] = {0, 0};
    switch (c->dtype) {
    case TC_DTYPE_F64:
        blas_dgemm(CBLAS_ROW_MAJOR, ta, tb, (int)mr, (int)nc, (int)g->k, 1.0, (const double *)Ab, g->lda,
                   (const double *)Bb, g->ldb, 0.0, (double *)Cb, ldc);
        break;
    case TC_DTYPE_C64:
        blas_cgemm(CBLAS_ROW_MAJOR, ta, tb, (int)mr, (int)nc, (int)g->k, one_c, Ab, g->lda, Bb, g->ldb,
                   zero_c, Cb, ldc);
        break;
    case TC_DTYPE_C128:
        blas_zgemm(CBLAS_ROW_MAJOR, ta, tb, (int)mr, (int)nc, (int)g->k, one_z, Ab, g->lda, Bb, g->ldb,
                   zero_z, Cb, ldc);
        break;
    default:
        blas_sgemm(CBLAS_ROW_MAJOR, ta, tb, (int)mr, (int)nc, (int)g->k, 1.0f, (const float *)Ab, g->lda,
                   (const float *)Bb, g->ldb, 0.0f, (float *)Cb, ldc);
        break;
    }
}

/* Rows [r0, r0 + mr) of row-major matrix @ vector (see run_gemm). */
static void gemv_call(const tc_kview *c, const gemm_args *g, int64_t r0, int64_t mr) {
    int incx = g->tb ? 1 : g->ldb, incy = (int)c->strides[0];
    if (c->dtype == TC_DTYPE_F64)
        blas_dgemv(CBLAS_ROW_MAJOR, CBLAS_NO_TRANS, (int)mr, (int)g->k, 1.0, (const double *)g->A + r0 * g->lda,
                   g->lda, (const double *)g->B, incx, 0.0, (double *)c->data + r0 * incy, incy);
    else
        blas_sgemv(CBLAS_ROW_MAJOR, CBLAS_NO_TRANS, (int)mr, (int)g->k, 1.0f, (const float *)g->A + r0 * g->lda,
                   g->lda, (const float *)g->B, incx, 0.0f, (float *)c->data + r0 * incy, incy);
}

/* ---- products across our threads ----
 * OpenBLAS runs on one thread (blas_open sets it so): a product big enough to share is split
 * into blocks of C, rows or columns, that the pool's threads (tc__parallel_for) claim, each
 * block one single-threaded BLAS call. OpenBLAS's own workers would spin in sched_yield for a
 * while after each threaded call, on the same cores as the pool's helpers and the
 * interpreter, which made a layer of several products run at half speed. Splitting C does
 * not split k, but OpenBLAS's kernels round a little differently near the edges of a block,
 * so the last bits depend on the thread count, as they did with OpenBLAS's own threads. */

/* The least multiply-adds a block gets (about 25 us on one AVX2 core: a BLAS call costs a few
 * microseconds besides its arithmetic); a smaller product stays one call on the calling
 * thread. */
#define GEMM_BLOCK_MIN ((int64_t)1 << 20)
/* Blocks per thread at most: two, so that a thread whose core is busy elsewhere leaves part of
 * its share to the others; but each block repacks the operand it does not split (a 1024-row
 * product cut in four costs about 3% more than in two), so more blocks than threads only
 * where each keeps GEMM_SPARE_LEN rows or columns. */
#define GEMM_BLOCKS_PER_THREAD 2
#define GEMM_SPARE_LEN 256
/* Rows or columns of a block: a multiple of the BLAS kernels' register tile. */
#define GEMM_ALIGN 16
/* Matrix @ vector: the least elements of the matrix a block of rows gets. */
#define GEMV_BLOCK_MIN ((int64_t)1 << 15)

/* Inside tc__cpu_blas_parallel: this thread's products run whole, one per thread. */
static __thread bool in_blas_parallel;

typedef struct gemm_split {
    const tc_kview *c;
    const gemm_args *g;
    int64_t r0, mr, j0, nc; /* the block of C shared out */
    int64_t step;           /* rows (or columns) of one piece */
    bool cols, gemv;        /* pieces are column blocks; a matrix @ vector */
} gemm_split;

static void gemm_pieces(void *ctx, int64_t b, int64_t e) {
    const gemm_split *s = ctx;
    for (int64_t p = b; p < e; p++) {
        int64_t lo = p * s->step, len = s->cols ? s->nc : s->mr;
        int64_t w = len - lo < s->step ? len - lo : s->step;
        if (s->gemv) gemv_call(s->c, s->g, lo, w);
        else if (s->cols) gemm_call(s->c, s->g, s->r0, s->mr, s->j0 + lo, w);
        else gemm_call(s->c, s->g, s->r0 + lo, w, s->j0, s->nc);
    }
}

/* How many pieces to cut len rows or columns into for work multiply-adds (1: keep whole). */
static int64_t split_pieces(int64_t len, int64_t work, int64_t min_work) {
    int nt = in_blas_parallel ? 1 : tc__cpu_threads();
    if (nt < 2) return 1;
    int64_t p = (int64_t)nt * GEMM_BLOCKS_PER_THREAD;
    if (p > len / GEMM_SPARE_LEN) p = len / GEMM_SPARE_LEN > nt ? len / GEMM_SPARE_LEN : nt;
    if (p > work / min_work) p = work / min_work;
    if (p > len / GEMM_ALIGN) p = len / GEMM_ALIGN;
    return p < 2 ? 1 : p;
}

/* s's len rows (or columns) in about p pieces of whole register tiles, claimed by the threads. */
static void run_pieces(gemm_split s, int64_t len, int64_t p) {
    s.step = ((len + p - 1) / p + GEMM_ALIGN - 1) / GEMM_ALIGN * GEMM_ALIGN;
    tc__parallel_for((len + s.step - 1) / s.step, 1, gemm_pieces, &s);
}

/* Rows [r0, r0 + mr) x columns [j0, j0 + nc) of C, across the threads when it is large. The
 * dimension split is the longer one: a row block repacks all of op(B), a column block all of
 * op(A), so this repacks the smaller operand. */
static void gemm_block(const tc_kview *c, const gemm_args *g, int64_t r0, int64_t mr, int64_t j0,
                       int64_t nc) {
    bool cols = nc > mr;
    int64_t len = cols ? nc : mr;
    int64_t p = split_pieces(len, mr * nc * g->k, GEMM_BLOCK_MIN);
    if (p < 2) gemm_call(c, g, r0, mr, j0, nc);
    else run_pieces((gemm_split){c, g, r0, mr, j0, nc, 0, cols, false}, len, p);
}

/* Products up to 2^31 multiply-adds run as one block. Larger ones run in near-square
 * blocks of about 2^30 (a few tens of milliseconds), which keeps the repacking that each
 * call does small, with an interrupt check between blocks. */
static int run_gemm(const tc_kview *c, const gemm_args *g, bool poll, tc_error *err) {
    if (g->n == 1 && !g->ta && blas_sgemv && !tc_dtype_is_complex(c->dtype) &&
        g->m * g->k <= ((int64_t)1 << 31)) {
        /* row-major matrix @ vector: gemv streams the matrix once, as PyTorch's addmv does
         * (a transposed matrix keeps gemm, whose rounding matches PyTorch's there); rows
         * split across the threads */
        int64_t p = split_pieces(g->m, g->m * g->k, GEMV_BLOCK_MIN);
        if (p < 2) gemv_call(c, g, 0, g->m);
        else run_pieces((gemm_split){c, g, 0, g->m, 0, 1, 0, false, true}, g->m, p);
        return poll ? tc_interrupt_check(err) : 0;
    }
    if (g->m * g->n * g->k <= ((int64_t)1 << 31)) {
        gemm_block(c, g, 0, g->m, 0, g->n);
        return poll ? tc_interrupt_check(err) : 0;
    }
    int64_t side = (int64_t)sqrt((double)((int64_t)1 << 30) / (double)g->k);
    int64_t nb = side < 64 ? 64 : side;
    if (nb > g->n) nb = g->n;
    int64_t mb = ((int64_t)1 << 30) / (nb * g->k);
    if (mb < 16) mb = 16;
    for (int64_t j0 = 0; j0 < g->n; j0 += nb) {
        int64_t nc = g->n - j0 < nb ? g->n - j0 : nb;
        for (int64_t r0 = 0; r0 < g->m; r0 += mb) {
            gemm_block(c, g, r0, g->m - r0 < mb ? g->m - r0 : mb, j0, nc);
            if (poll && tc_interrupt_check(err)) return -1;
        }
    }
    return 0;
}

/* Naive product for integer and half dtypes (int64 or double accumulation). */
static int naive_matmul(const tc_kview *c, const tc_kview *a, const tc_kview *b, bool poll,
                        tc_error *err) {
    size_t es = tc_dtype_size(a->dtype), eo = tc_dtype_size(c->dtype);
    bool isf = tc_dtype_is_float(a->dtype);
    int64_t m = a->shape[0], k = a->shape[1], n = b->shape[1];
    for (int64_t i = 0; i < m; i++) {
        for (int64_t j = 0; j < n; j++) {
            double accf = 0;
            int64_t acci = 0;
            for (int64_t l = 0; l < k; l++) {
                const char *pa = (const char *)a->data + (i * a->strides[0] + l * a->strides[1]) * (int64_t)es;
                const char *pb = (const char *)b->data + (l * b->strides[0] + j * b->strides[1]) * (int64_t)es;
                if (isf) accf += tc_load_f64(pa, a->dtype) * tc_load_f64(pb, b->dtype);
                else acci += tc_load_i64(pa, a->dtype) * tc_load_i64(pb, b->dtype);
            }
            char *pc = (char *)c->data + (i * c->strides[0] + j * c->strides[1]) * (int64_t)eo;
            if (isf) tc_store_f64(pc, c->dtype, accf);
            else tc_store_i64(pc, c->dtype, acci);
        }
        if (poll && tc_interrupt_check(err)) return -1;
    }
    return 0;
}

/* Complex product without cgemm/zgemm: a plain loop in the element type's arithmetic. */
static int complex_matmul(const tc_kview *c, const tc_kview *a, const tc_kview *b, tc_error *err) {
    int64_t m = a->shape[0], k = a->shape[1], n = b->shape[1];
    size_t es = c->dtype == TC_DTYPE_C128 ? 16 : 8;
    for (int64_t i = 0; i < m; i++) {
        for (int64_t j = 0; j < n; j++) {
            double sr = 0, si = 0;
            for (int64_t l = 0; l < k; l++) {
                double ar, ai, br, bi;
                tc_load_c128((const char *)a->data + (i * a->strides[0] + l * a->strides[1]) * (int64_t)es,
                             a->dtype, &ar, &ai);
                tc_load_c128((const char *)b->data + (l * b->strides[0] + j * b->strides[1]) * (int64_t)es,
                             b->dtype, &br, &bi);
                sr += ar * br - ai * bi;
                si += ar * bi + ai * br;
            }
            tc_store_c128((char *)c->data + (i * c->strides[0] + j * c->strides[1]) * (int64_t)es, c->dtype,
                          sr, si);
        }
        if (tc_interrupt_check(err)) return -1;
    }
    return 0;
}

/* Whether BLAS computes c = a @ b: float32/float64, complex64/complex128 when the BLAS has
 * cgemm/zgemm (into a row-major c whose sizes an int holds). */
static bool blas_serves(const tc_kview *c, const tc_kview *a, const tc_kview *b) {
    if (!tc_dtype_is_complex(c->dtype)) return (c->dtype == TC_DTYPE_F32 || c->dtype == TC_DTYPE_F64) && blas_ready();
    int64_t m = a->shape[0], k = a->shape[1], n = b->shape[1];
    return blas_ready() && blas_cgemm && c->strides[1] == 1 && c->strides[0] >= n && m <= INT32_MAX &&
           n <= INT32_MAX && k <= INT32_MAX;
}

/* c = a @ b; poll: check for an interrupt (only the interpreter's thread may). */
static int matmul_2d(const tc_kview *c, const tc_kview *a, const tc_kview *b, bool poll,
                     tc_error *err) {
    int64_t m = a->shape[0], k = a->shape[1], n = b->shape[1];
    if (tc_dtype_is_complex(c->dtype) && (m == 0 || n == 0)) return 0;
    if (!blas_serves(c, a, b)) {
        if (tc_dtype_is_complex(c->dtype)) return complex_matmul(c, a, b, err);
        return naive_matmul(c, a, b, poll, err);
    }
    if (m == 0 || n == 0) return 0;
    if (k == 0) return cpu_fill(NULL, c, 0.0, err);
    gemm_args g = {a->data, b->data, 0, 0, 0, 0, m, n, k};
    void *pa = NULL, *pb = NULL;
    g.ta = blas_layout(a, &g.lda);
    if (g.ta < 0) {
        if (!(pa = pack2d(a, err))) return -1;
        g.A = pa; g.ta = 0; g.lda = (int)k;
    }
    g.tb = blas_layout(b, &g.ldb);
    if (g.tb < 0) {
        if (!(pb = pack2d(b, err))) { tc__free(pa); return -1; }
        g.B = pb; g.tb = 0; g.ldb = (int)n;
    }
    int r = run_gemm(c, &g, poll, err);
    tc__free(pa);
    tc__free(pb);
    return r;
}

static int cpu_matmul(void *ctx, const tc_kview *c, const tc_kview *a, const tc_kview *b,
                      tc_error *err) {
    return matmul_2d(c, a, b, true, err);
}

/* A product on any thread (see tc-impl.h). */
int tc__cpu_gemm(const tc_kview *c, const tc_kview *a, const tc_kview *b, tc_error *err) {
    return matmul_2d(c, a, b, false, err);
}

typedef struct blas_parallel_job {
    tc__range_fn fn;
    void *ctx;
} blas_parallel_job;

static void blas_parallel_range(void *ctx, int64_t b, int64_t e) {
    const blas_parallel_job *j = ctx;
    bool was = in_blas_parallel;
    in_blas_parallel = true;
    j->fn(j->ctx, b, e);
    in_blas_parallel = was;
}

/* See tc-impl.h. */
void tc__cpu_blas_parallel(int64_t n, tc__range_fn fn, void *ctx) {
    if (tc__cpu_threads() < 2 || n < 2) {
        fn(ctx, 0, n);
        return;
    }
    blas_parallel_job j = {fn, ctx};
    tc__parallel_for(n, 1, blas_parallel_range, &j);
}

/* See tc-impl.h. */
void tc__blas_lapack_begin(void) {
    if (blas_ready() && blas_set_threads) blas_set_threads(tc__cpu_threads());
}

void tc__blas_lapack_end(void) {
    if (blas_set_threads) blas_set_threads(1);
}

/* ---- reductions -------------------------------------------------------------------------------- */

int tc__cpu_reduce(void *ctx, tc_reduce_op op, const tc_kview *out, const tc_kview *a, tc_error *err);
int tc__cpu_scan(void *ctx, tc_scan_op op, const tc_kview *out, const tc_kview *a, int dim, tc_error *err);
int tc__cpu_sort(void *ctx, const tc_kview *idx, const tc_kview *a, int dim, bool descending, tc_error *err);
int tc__cpu_im2col(void *ctx, const tc_kview *cols, const tc_kview *x, const tc_window2d *w, tc_error *err);
int tc__cpu_col2im(void *ctx, const tc_kview *x, const tc_kview *cols, const tc_window2d *w, tc_error *err);
int tc__cpu_pool2d(void *ctx, const tc_pool2d *p, const tc_kview *out, const tc_kview *idx,
                   const tc_kview *x, tc_error *err);
int tc__cpu_pool2d_backward(void *ctx, const tc_pool2d *p, const tc_kview *gx, const tc_kview *g,
                            const tc_kview *idx, tc_error *err);

static const tc_backend_i cpu_iface = {
    .name = "cpu",
    .device_count = cpu_device_count,
    .alloc = cpu_alloc,
    .free = cpu_free,
    .copy = cpu_copy,
    .synchronize = cpu_sync,
    .binary = cpu_binary,
    .unary = cpu_unary,
    .copy_cast = cpu_copy_cast,
    .fill = cpu_fill,
    .reduce = tc__cpu_reduce,
    .matmul = cpu_matmul,
    .where = cpu_where,
    .clamp = cpu_clamp,
    .scan = tc__cpu_scan,
    .sort = tc__cpu_sort,
    .im2col = tc__cpu_im2col,
    .col2im = tc__cpu_col2im,
    .pool2d = tc__cpu_pool2d,
    .pool2d_backward = tc__cpu_pool2d_backward,
};

/* The built-in CPU backend. */
const tc_backend_i *tc_backend_cpu(void) { return &cpu_iface; }
