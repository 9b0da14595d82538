/*
 * NumPy's Generator stream: SeedSequence's entropy mixing, the PCG64 bit generator (XSL-RR
 * output of a 128-bit LCG, 32-bit draws taken as the two halves of one 64-bit draw), and
 * the Generator's samplers (53-bit doubles, 24-bit floats, the 256-layer ziggurats for
 * normal and exponential, Lemire's bounded integers with the small dtypes' buffered draws,
 * Poisson by multiplication and PTRS, binomial by inversion and BTPE), each consuming the
 * stream as NumPy 2 does, so that default_rng(seed) gives NumPy's numbers.
 */
#include <math.h>
#include <stdlib.h>

#include "tc-impl.h"
#include "tensorcore/random.h"

#include "np-ziggurat.inc"

typedef unsigned __int128 u128;

/* ---- SeedSequence ------------------------------------------------------------------------- */

#define SS_INIT_A 0x43b0d7e5u
#define SS_MULT_A 0x931e8875u
#define SS_INIT_B 0x8b51f9ddu
#define SS_MULT_B 0x58f38dedu
#define SS_MIX_L 0xca01f9ddu
#define SS_MIX_R 0x4973f715u

static uint32_t ss_hashmix(uint32_t v, uint32_t *hc) {
    v ^= *hc;
    *hc *= SS_MULT_A;
    v *= *hc;
    return v ^ (v >> 16);
}

static uint32_t ss_mix(uint32_t x, uint32_t y) {
    uint32_t r = SS_MIX_L * x - SS_MIX_R * y;
    return r ^ (r >> 16);
}

void tc_seedseq_pool(const uint32_t *entropy, int n, const uint32_t *spawn_key, int nspawn,
                     uint32_t pool[TC_SEEDSEQ_POOL]) {
    /* the assembled entropy: run entropy (zero-padded to the pool when a spawn key follows),
     * then the spawn key */
    int nrun = nspawn > 0 && n < TC_SEEDSEQ_POOL ? TC_SEEDSEQ_POOL : n, total = nrun + nspawn;
#define SS_AT(i) ((i) < n ? entropy[i] : (i) < nrun ? 0u : spawn_key[(i) - nrun])
    uint32_t hc = SS_INIT_A;
    for (int i = 0; i < TC_SEEDSEQ_POOL; i++) pool[i] = ss_hashmix(i < total ? SS_AT(i) : 0u, &hc);
    for (int s = 0; s < TC_SEEDSEQ_POOL; s++)
        for (int d = 0; d < TC_SEEDSEQ_POOL; d++)
            if (s != d) pool[d] = ss_mix(pool[d], ss_hashmix(pool[s], &hc));
    for (int s = TC_SEEDSEQ_POOL; s < total; s++)
        for (int d = 0; d < TC_SEEDSEQ_POOL; d++) pool[d] = ss_mix(pool[d], ss_hashmix(SS_AT(s), &hc));
#undef SS_AT
}

void tc_seedseq_generate(const uint32_t pool[TC_SEEDSEQ_POOL], uint32_t *out, int64_t nwords) {
    uint32_t hc = SS_INIT_B;
    for (int64_t i = 0; i < nwords; i++) {
        uint32_t v = pool[i % TC_SEEDSEQ_POOL];
        v ^= hc;
        hc *= SS_MULT_B;
        v *= hc;
        out[i] = v ^ (v >> 16);
    }
}

/* ---- PCG64 ---------------------------------------------------------------------------------- */

#define PCG_MULT (((u128)0x2360ED051FC65DA4ULL << 64) | 0x4385DF649FCCF645ULL)

static u128 get128(uint64_t hi, uint64_t lo) { return ((u128)hi << 64) | lo; }
static void put128(u128 v, uint64_t *hi, uint64_t *lo) {
    *hi = (uint64_t)(v >> 64);
    *lo = (uint64_t)v;
}

static void pcg_step(tc_pcg64 *g) {
    u128 s = get128(g->state_hi, g->state_lo) * PCG_MULT + get128(g->inc_hi, g->inc_lo);
    put128(s, &g->state_hi, &g->state_lo);
}

void tc_pcg64_seed(tc_pcg64 *g, const uint32_t pool[TC_SEEDSEQ_POOL]) {
    uint32_t w[8];
    uint64_t v[4];
    tc_seedseq_generate(pool, w, 8);
    for (int i = 0; i < 4; i++) v[i] = (uint64_t)w[2 * i] | ((uint64_t)w[2 * i + 1] << 32);
    /* pcg64_srandom_r(initstate = v0:v1, initseq = v2:v3) */
    u128 inc = (get128(v[2], v[3]) << 1) | 1u;
    put128(inc, &g->inc_hi, &g->inc_lo);
    g->state_hi = g->state_lo = 0;
    pcg_step(g);
    put128(get128(g->state_hi, g->state_lo) + get128(v[0], v[1]), &g->state_hi, &g->state_lo);
    pcg_step(g);
    g->has_uint32 = false;
    g->uinteger = 0;
    g->mt = NULL;
}

uint64_t tc_pcg64_next64(tc_pcg64 *g) {
    if (g->mt) {
        uint64_t hi = tc_np_next32(g->mt);
        return hi << 32 | tc_np_next32(g->mt);
    }
    pcg_step(g);
    uint64_t hi = g->state_hi, lo = g->state_lo;
    unsigned rot = (unsigned)(hi >> 58);
    uint64_t x = hi ^ lo;
    return (x >> rot) | (x << ((64 - rot) & 63));
}

uint32_t tc_pcg64_next32(tc_pcg64 *g) {
    if (g->mt) return tc_np_next32(g->mt);
    if (g->has_uint32) {
        g->has_uint32 = false;
        return g->uinteger;
    }
    uint64_t v = tc_pcg64_next64(g);
    g->has_uint32 = true;
    g->uinteger = (uint32_t)(v >> 32);
    return (uint32_t)v;
}

double tc_pcg64_double(tc_pcg64 *g) {
    if (g->mt) return tc_np_double(g->mt);
    return (double)(tc_pcg64_next64(g) >> 11) * (1.0 / 9007199254740992.0);
}
float tc_pcg64_float(tc_pcg64 *g) { return (float)(tc_pcg64_next32(g) >> 8) * (1.0f / 16777216.0f); }

/* ---- ziggurats ------------------------------------------------------------------------------ */

#define ZIG_NOR_R 3.6541528853610087963519472518
#define ZIG_NOR_INV_R 0.27366123732975827203338247596
#define ZIG_EXP_R 7.6971174701310497140446280481

double tc_pcg64_normal(tc_pcg64 *g) {
    for (;;) {
        uint64_t r = tc_pcg64_next64(g);
        int idx = (int)(r & 0xff);
        r >>= 8;
        int sign = (int)(r & 1);
        uint64_t rabs = (r >> 1) & 0x000fffffffffffffULL;
        double x = (double)rabs * zig_w_nor_double[idx];
        if (sign) x = -x;
        if (rabs < zig_k_nor_double[idx]) return x;
        if (idx == 0) {
            for (;;) { /* the tail, from 1 - U so that log never sees 0 */
                double xx = -ZIG_NOR_INV_R * log1p(-tc_pcg64_double(g));
                double yy = -log1p(-tc_pcg64_double(g));
                if (yy + yy > xx * xx)
                    return ((rabs >> 8) & 1) ? -(ZIG_NOR_R + xx) : ZIG_NOR_R + xx;
            }
        }
        if ((zig_f_nor_double[idx - 1] - zig_f_nor_double[idx]) * tc_pcg64_double(g) + zig_f_nor_double[idx] <
            exp(-0.5 * x * x))
            return x;
    }
}

float tc_pcg64_normal_f(tc_pcg64 *g) {
    for (;;) {
        uint32_t r = tc_pcg64_next32(g);
        int idx = (int)(r & 0xff);
        int sign = (int)((r >> 8) & 1);
        uint32_t rabs = (r >> 9) & 0x0007fffff;
        float x = (float)rabs * zig_w_nor_float[idx];
        if (sign) x = -x;
        if (rabs < zig_k_nor_float[idx]) return x;
        if (idx == 0) {
            for (;;) {
                float xx = -(float)ZIG_NOR_INV_R * log1pf(-tc_pcg64_float(g));
                float yy = -log1pf(-tc_pcg64_float(g));
                if (yy + yy > xx * xx)
                    return ((rabs >> 8) & 1) ? -((float)ZIG_NOR_R + xx) : (float)ZIG_NOR_R + xx;
            }
        }
        if ((zig_f_nor_float[idx - 1] - zig_f_nor_float[idx]) * tc_pcg64_float(g) + zig_f_nor_float[idx] <
            expf(-0.5f * x * x))
            return x;
    }
}

double tc_pcg64_exponential(tc_pcg64 *g) {
    for (;;) {
        uint64_t ri = tc_pcg64_next64(g) >> 3;
        int idx = (int)(ri & 0xff);
        ri >>= 8;
        double x = (double)ri * zig_w_exp_double[idx];
        if (ri < zig_k_exp_double[idx]) return x;
        if (idx == 0) return ZIG_EXP_R - log1p(-tc_pcg64_double(g));
        if ((zig_f_exp_double[idx - 1] - zig_f_exp_double[idx]) * tc_pcg64_double(g) + zig_f_exp_double[idx] <
            exp(-x))
            return x;
    }
}

/* ---- integers ------------------------------------------------------------------------------- */

static uint64_t mask_of(uint64_t max) {
    uint64_t m = max;
    m |= m >> 1; m |= m >> 2; m |= m >> 4; m |= m >> 8; m |= m >> 16; m |= m >> 32;
    return m;
}

uint64_t tc_pcg64_interval(tc_pcg64 *g, uint64_t max) {
    if (max == 0) return 0;
    uint64_t mask = mask_of(max), v;
    if (max <= 0xffffffffu) {
        while ((v = (tc_pcg64_next32(g) & mask)) > max) {}
    } else {
        while ((v = (tc_pcg64_next64(g) & mask)) > max) {}
    }
    return v;
}

static uint32_t lemire32(tc_pcg64 *g, uint32_t rng) {
    const uint32_t excl = rng + 1;
    uint64_t m = (uint64_t)tc_pcg64_next32(g) * excl;
    uint32_t left = (uint32_t)m;
    if (left < excl) {
        const uint32_t threshold = (UINT32_MAX - rng) % excl;
        while (left < threshold) {
            m = (uint64_t)tc_pcg64_next32(g) * excl;
            left = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

static uint64_t lemire64(tc_pcg64 *g, uint64_t rng) {
    const uint64_t excl = rng + 1;
    u128 m = (u128)tc_pcg64_next64(g) * excl;
    uint64_t left = (uint64_t)m;
    if (left < excl) {
        const uint64_t threshold = (UINT64_MAX - rng) % excl;
        while (left < threshold) {
            m = (u128)tc_pcg64_next64(g) * excl;
            left = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

uint64_t tc_pcg64_bounded(tc_pcg64 *g, uint64_t off, uint64_t rng) {
    if (rng == 0) return off;
    if (rng <= 0xffffffffu)
        return off + (rng == 0xffffffffu ? tc_pcg64_next32(g) : lemire32(g, (uint32_t)rng));
    return off + (rng == UINT64_MAX ? tc_pcg64_next64(g) : lemire64(g, rng));
}

/* 8- and 16-bit draws come from one 32-bit draw consumed low part first. */
typedef struct buf32 {
    uint32_t buf;
    int left;
} buf32;

static uint32_t buffered(tc_pcg64 *g, buf32 *b, int bits) {
    if (!b->left) {
        b->buf = tc_pcg64_next32(g);
        b->left = 32 / bits - 1;
    } else {
        b->buf >>= bits;
        b->left--;
    }
    return b->buf & (bits == 8 ? 0xffu : bits == 16 ? 0xffffu : 1u);
}

static uint32_t lemire_small(tc_pcg64 *g, buf32 *b, uint32_t rng, int bits) {
    const uint32_t excl = rng + 1, lmask = bits == 8 ? 0xffu : 0xffffu, umax = lmask;
    uint32_t m = buffered(g, b, bits) * excl, left = m & lmask;
    if (left < excl) {
        const uint32_t threshold = ((umax - rng) & lmask) % excl;
        while (left < threshold) {
            m = buffered(g, b, bits) * excl;
            left = m & lmask;
        }
    }
    return m >> bits;
}

/* The integers fill over bounds low[i * step] + [0, rng[i * step]] (step 0: one bound). */
static void integers_fill(tc_pcg64 *g, tc_dtype dt, const int64_t *lows, const uint64_t *rngs, int64_t step, void *out,
                          int64_t n) {
    buf32 b = {0, 0};
    for (int64_t i = 0; i < n; i++) {
        int64_t low = lows[i * step];
        uint64_t rng = rngs[i * step];
        switch (dt) {
        case TC_DTYPE_BOOL:
            ((bool *)out)[i] = rng == 0 ? low != 0 : buffered(g, &b, 1) != 0;
            break;
        case TC_DTYPE_U8:
        case TC_DTYPE_I8: {
            rng &= 0xff;
            uint32_t v = rng == 0 ? 0 : rng == 0xff ? buffered(g, &b, 8) : lemire_small(g, &b, (uint32_t)rng, 8);
            ((uint8_t *)out)[i] = (uint8_t)((uint64_t)low + v);
            break;
        }
        case TC_DTYPE_I16: {
            rng &= 0xffff;
            uint32_t v = rng == 0 ? 0 : rng == 0xffff ? buffered(g, &b, 16) : lemire_small(g, &b, (uint32_t)rng, 16);
            ((uint16_t *)out)[i] = (uint16_t)((uint64_t)low + v);
            break;
        }
        case TC_DTYPE_I32: {
            rng &= 0xffffffffu;
            uint32_t v = rng == 0 ? 0 : rng == 0xffffffffu ? tc_pcg64_next32(g) : lemire32(g, (uint32_t)rng);
            ((uint32_t *)out)[i] = (uint32_t)((uint64_t)low + v);
            break;
        }
        default:
            ((uint64_t *)out)[i] = tc_pcg64_bounded(g, (uint64_t)low, rng);
            break;
        }
    }
}

void tc_pcg64_integers(tc_pcg64 *g, tc_dtype dt, int64_t low, uint64_t rng, void *out, int64_t n) {
    integers_fill(g, dt, &low, &rng, 0, out, n);
}

void tc_pcg64_integers_each(tc_pcg64 *g, tc_dtype dt, const int64_t *low, const uint64_t *rng, void *out, int64_t n) {
    integers_fill(g, dt, low, rng, 1, out, n);
}

/* ---- Poisson and binomial ------------------------------------------------------------------- */

/* See random.h. */
double tc_np_loggam(double x) {
    static const double a[10] = {8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04,
                                 -5.952380952380952e-04, 8.417508417508418e-04, -1.917526917526918e-03,
                                 6.410256410256410e-03, -2.955065359477124e-02, 1.796443723688307e-01,
                                 -1.39243221690590e+00};
    if (x == 1.0 || x == 2.0) return 0.0;
    int64_t n = x < 7.0 ? (int64_t)(7 - x) : 0;
    double x0 = x + (double)n, x2 = (1.0 / x0) * (1.0 / x0), gl0 = a[9];
    for (int k = 8; k >= 0; k--) {
        gl0 *= x2;
        gl0 += a[k];
    }
    double gl = gl0 / x0 + 0.5 * 1.8378770664093453e+00 + (x0 - 0.5) * log(x0) - x0;
    if (x < 7.0)
        for (int64_t k = 1; k <= n; k++) {
            gl -= log(x0 - 1.0);
            x0 -= 1.0;
        }
    return gl;
}

int64_t tc_pcg64_poisson(tc_pcg64 *g, double lam) {
    if (lam == 0) return 0;
    if (lam < 10) {
        double enlam = exp(-lam), prod = 1.0;
        int64_t x = 0;
        for (;;) {
            prod *= tc_pcg64_double(g);
            if (prod > enlam) x++;
            else return x;
        }
    }
    double slam = sqrt(lam), loglam = log(lam), b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
    double invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
        double u = tc_pcg64_double(g) - 0.5, v = tc_pcg64_double(g), us = 0.5 - fabs(u);
        int64_t k = (int64_t)floor((2 * a / us + b) * u + lam + 0.43);
        if (us >= 0.07 && v <= vr) return k;
        if (k < 0 || (us < 0.013 && v > us)) continue;
        if (log(v) + log(invalpha) - log(a / (us * us) + b) <= -lam + (double)k * loglam - tc_np_loggam((double)k + 1))
            return k;
    }
}

static int64_t binomial_inversion(tc_pcg64 *g, int64_t n, double p) {
    double q = 1.0 - p, qn = exp((double)n * log(q)), np_ = (double)n * p;
    int64_t bound = (int64_t)fmin((double)n, np_ + 10.0 * sqrt(np_ * q + 1));
    int64_t x = 0;
    double px = qn, u = tc_pcg64_double(g);
    while (u > px) {
        x++;
        if (x > bound) {
            x = 0;
            px = qn;
            u = tc_pcg64_double(g);
        } else {
            u -= px;
            px = ((double)(n - x + 1) * p * px) / ((double)x * q);
        }
    }
    return x;
}

/* Kachitvichyanukul and Schmeiser's BTPE (p <= 0.5, n * p > 30), step for step, over any
 * source of 53-bit doubles (PCG64 here, the legacy MT19937 for RandomState). */
int64_t tc_np_binomial_btpe(double (*next_double)(void *), void *state, int64_t n, double p) {
    double r = fmin(p, 1.0 - p), q = 1.0 - r, fm = (double)n * r + r;
    int64_t m = (int64_t)floor(fm);
    double p1 = floor(2.195 * sqrt((double)n * r * q) - 4.6 * q) + 0.5;
    double xm = (double)m + 0.5, xl = xm - p1, xr = xm + p1, c = 0.134 + 20.5 / (15.3 + (double)m);
    double a = (fm - xl) / (fm - xl * r), laml = a * (1.0 + a / 2.0);
    a = (xr - fm) / (xr * q);
    double lamr = a * (1.0 + a / 2.0), p2 = p1 * (1.0 + 2.0 * c), p3 = p2 + c / laml, p4 = p3 + c / lamr;
    double nrq = (double)n * r * q, u, v, x;
    int64_t y, k;
    for (;;) {
        u = next_double(state) * p4;
        v = next_double(state);
        if (u <= p1) {
            y = (int64_t)floor(xm - p1 * v + u);
            break;
        }
        if (u <= p2) {
            x = xl + (u - p1) / c;
            v = v * c + 1.0 - fabs((double)m - x + 0.5) / p1;
            if (v > 1.0) continue;
            y = (int64_t)floor(x);
        } else if (u <= p3) {
            y = (int64_t)floor(xl + log(v) / laml);
            if (y < 0 || v == 0.0) continue;
            v = v * (u - p2) * laml;
        } else {
            y = (int64_t)floor(xr - log(v) / lamr);
            if (y > n || v == 0.0) continue;
            v = v * (u - p3) * lamr;
        }
        k = llabs(y - m);
        if (!(k > 20 && (double)k < nrq / 2.0 - 1)) {
            double s = r / q, aa = s * (double)(n + 1), F = 1.0;
            if (m < y)
                for (int64_t i = m + 1; i <= y; i++) F *= (aa / (double)i - s);
            else if (m > y)
                for (int64_t i = y + 1; i <= m; i++) F /= (aa / (double)i - s);
            if (v > F) continue;
            break;
        }
        double kd = (double)k;
        double rho = (kd / nrq) * ((kd * (kd / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5);
        double t = (double)(-k * k) / (2 * nrq), A = log(v);
        if (A < t - rho) break;
        if (A > t + rho) continue;
        double x1 = (double)(y + 1), f1 = (double)(m + 1), z = (double)(n + 1 - m), w = (double)(n - y + 1);
        double x2 = x1 * x1, f2 = f1 * f1, z2 = z * z, w2 = w * w;
        if (A > (xm * log(f1 / x1) + ((double)(n - m) + 0.5) * log(z / w) + (double)(y - m) * log(w * r / (x1 * q)) +
                 (13680. - (462. - (132. - (99. - 140. / f2) / f2) / f2) / f2) / f1 / 166320. +
                 (13680. - (462. - (132. - (99. - 140. / z2) / z2) / z2) / z2) / z / 166320. +
                 (13680. - (462. - (132. - (99. - 140. / x2) / x2) / x2) / x2) / x1 / 166320. +
                 (13680. - (462. - (132. - (99. - 140. / w2) / w2) / w2) / w2) / w / 166320.))
            continue;
        break;
    }
    return y;
}

static double pcg_double_cb(void *g) { return tc_pcg64_double(g); }

static int64_t binomial_btpe(tc_pcg64 *g, int64_t n, double p) { return tc_np_binomial_btpe(pcg_double_cb, g, n, p); }

int64_t tc_pcg64_binomial(tc_pcg64 *g, int64_t n, double p) {
    if (n == 0 || p == 0.0) return 0;
    if (p <= 0.5) return p * (double)n <= 30.0 ? binomial_inversion(g, n, p) : binomial_btpe(g, n, p);
    double q = 1.0 - p;
    return n - (q * (double)n <= 30.0 ? binomial_inversion(g, n, q) : binomial_btpe(g, n, q));
}

/* ---- the other continuous samplers ------------------------------------------------------------ */

double tc_pcg64_std_gamma(tc_pcg64 *g, double shape) {
    if (shape == 1.0) return tc_pcg64_exponential(g);
    if (shape == 0.0) return 0.0;
    if (shape < 1.0) {
        for (;;) {
            double u = tc_pcg64_double(g), v = tc_pcg64_exponential(g);
            if (u <= 1.0 - shape) {
                double x = pow(u, 1. / shape);
                if (x <= v) return x;
            } else {
                double y = -log((1 - u) / shape), x = pow(1.0 - shape + shape * y, 1. / shape);
                if (x <= v + y) return x;
            }
        }
    }
    double b = shape - 1. / 3., c = 1. / sqrt(9 * b);
    for (;;) {
        double x, v;
        do {
            x = tc_pcg64_normal(g);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        double u = tc_pcg64_double(g);
        if (u < 1.0 - 0.0331 * (x * x) * (x * x)) return b * v;
        if (log(u) < 0.5 * x * x + b * (1. - v + log(v))) return b * v;
    }
}

double tc_pcg64_beta(tc_pcg64 *g, double a, double b) {
    if (a <= 1.0 && b <= 1.0) { /* Johnk's algorithm */
        for (;;) {
            double u = tc_pcg64_double(g), v = tc_pcg64_double(g), x = pow(u, 1.0 / a), y = pow(v, 1.0 / b);
            double xpy = x + y;
            if (xpy <= 1.0 && u + v > 0.0) {
                if (xpy > 0) return x / xpy;
                double lx = log(u) / a, ly = log(v) / b, lm = lx > ly ? lx : ly;
                lx -= lm;
                ly -= lm;
                return exp(lx - log(exp(lx) + exp(ly)));
            }
        }
    }
    double ga = tc_pcg64_std_gamma(g, a), gb = tc_pcg64_std_gamma(g, b);
    return ga / (ga + gb);
}

int64_t tc_pcg64_geometric(tc_pcg64 *g, double p) {
    if (p >= 0.333333333333333333333333) { /* search */
        double u = tc_pcg64_double(g), sum = p, prod = p, q = 1.0 - p;
        int64_t x = 1;
        while (u > sum) {
            prod *= q;
            sum += prod;
            x++;
        }
        return x;
    }
    double z = ceil(-tc_pcg64_exponential(g) / log1p(-p));
    return z >= 9.223372036854776e+18 ? INT64_MAX : (int64_t)z;
}
