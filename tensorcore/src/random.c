/*
 * Random numbers as PyTorch's CPU generator makes them (CPUGeneratorImpl): an mt19937
 * engine whose 32-bit draws feed the distributions with PyTorch's exact bit recipes
 * (24 bits for a float uniform, 53 from two draws for a double, Box-Muller with the second
 * sample cached for later calls, a batched Box-Muller over blocks of 16 for contiguous
 * tensors of 16+ elements), so that a seeded notebook prints torch's numbers. NumPy's
 * legacy RandomState (the same engine with its own recipes) lives at the end.
 */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "tc-impl.h"
#include "tensorcore/random.h"

#define MT_N 624
#define MT_M 397

/* ---- the engine (at::mt19937) ------------------------------------------------------------ */

typedef struct mt_engine {
    uint64_t seed;
    int left;
    bool seeded;
    uint32_t next;
    uint32_t state[MT_N];
} mt_engine;

static void mt_seed(mt_engine *e, uint64_t seed) {
    e->seed = seed;
    e->seeded = true;
    e->state[0] = (uint32_t)(seed & 0xffffffffu);
    for (int j = 1; j < MT_N; j++)
        e->state[j] = 1812433253u * (e->state[j - 1] ^ (e->state[j - 1] >> 30)) + (uint32_t)j;
    e->left = 1;
    e->next = 0;
}

static inline uint32_t mix_bits(uint32_t u, uint32_t v) { return (u & 0x80000000u) | (v & 0x7fffffffu); }
static inline uint32_t twist(uint32_t u, uint32_t v) {
    return (mix_bits(u, v) >> 1) ^ ((v & 1u) ? 0x9908b0dfu : 0u);
}

static inline uint32_t temper(uint32_t y) {
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

/* The state's words from i to end - 1 (end <= MT_N - 1) regenerated: each from its own old
 * value, its successor's old value and the word 397 on (old, i < 227) or 227 back (new). */
static void twist_run(uint32_t *s, int i, int end) {
    for (; i < end; i++) s[i] = s[i < MT_N - MT_M ? i + MT_M : i + MT_M - MT_N] ^ twist(s[i], s[i + 1]);
}

static void tempered_run(const uint32_t *restrict st, uint32_t *restrict out, int64_t n) {
    for (int64_t i = 0; i < n; i++) out[i] = temper(st[i]);
}

#if defined(__x86_64__)
/* The same, eight words at a time: the words a vector reads are never among those it writes
 * (a successor is one on, the others 397 on or 227 back). */
__attribute__((target("avx2"))) static void twist_avx2(uint32_t *s) {
    const __m256i hi = _mm256_set1_epi32((int)0x80000000u), lo = _mm256_set1_epi32(0x7fffffff);
    const __m256i one = _mm256_set1_epi32(1), mat = _mm256_set1_epi32((int)0x9908b0dfu);
    int i = 0;
    for (int pass = 0; pass < 2; pass++) {
        int end = pass ? MT_N - 1 : MT_N - MT_M, back = pass ? MT_M - MT_N : MT_M;
        for (; i + 8 <= end; i += 8) {
            __m256i u = _mm256_loadu_si256((const __m256i *)(s + i));
            __m256i v = _mm256_loadu_si256((const __m256i *)(s + i + 1));
            __m256i m = _mm256_loadu_si256((const __m256i *)(s + i + back));
            __m256i y = _mm256_or_si256(_mm256_and_si256(u, hi), _mm256_and_si256(v, lo));
            __m256i odd = _mm256_cmpeq_epi32(_mm256_and_si256(v, one), one);
            y = _mm256_xor_si256(_mm256_srli_epi32(y, 1), _mm256_and_si256(odd, mat));
            _mm256_storeu_si256((__m256i *)(s + i), _mm256_xor_si256(m, y));
        }
        twist_run(s, i, end);
        i = end;
    }
}

__attribute__((target("avx2"))) static void tempered_avx2(const uint32_t *restrict st, uint32_t *restrict out,
                                                          int64_t n) {
    const __m256i b = _mm256_set1_epi32((int)0x9d2c5680u), c = _mm256_set1_epi32((int)0xefc60000u);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256i y = _mm256_loadu_si256((const __m256i *)(st + i));
        y = _mm256_xor_si256(y, _mm256_srli_epi32(y, 11));
        y = _mm256_xor_si256(y, _mm256_and_si256(_mm256_slli_epi32(y, 7), b));
        y = _mm256_xor_si256(y, _mm256_and_si256(_mm256_slli_epi32(y, 15), c));
        y = _mm256_xor_si256(y, _mm256_srli_epi32(y, 18));
        _mm256_storeu_si256((__m256i *)(out + i), y);
    }
    tempered_run(st + i, out + i, n - i);
}

static bool mt_avx2(void) {
    static int v = -1;
    if (v < 0) v = __builtin_cpu_supports("avx2");
    return v;
}
#endif

static void mt_next_state(mt_engine *e) {
    uint32_t *s = e->state;
    e->left = MT_N;
    e->next = 0;
#if defined(__x86_64__)
    if (mt_avx2()) twist_avx2(s);
    else
#endif
        twist_run(s, 0, MT_N - 1);
    s[MT_N - 1] = s[MT_M - 1] ^ twist(s[MT_N - 1], s[0]);
}

static inline uint32_t mt_draw(mt_engine *e) {
    if (--e->left == 0) mt_next_state(e);
    return temper(e->state[e->next++]);
}

/* n draws into out, the ones n calls of mt_draw would return (and the engine left as they
 * would leave it). A state holds left - 1 draws not yet taken, from state[next]. */
static void mt_fill(mt_engine *e, uint32_t *restrict out, int64_t n) {
    while (n > 0) {
        int64_t avail = e->left - 1 < MT_N - (int64_t)e->next ? e->left - 1 : MT_N - (int64_t)e->next;
        if (avail <= 0) {
            mt_next_state(e);
            e->left = MT_N + 1; /* as mt_draw's count stands before its first draw of the state */
            continue;
        }
        int64_t c = avail < n ? avail : n;
#if defined(__x86_64__)
        if (mt_avx2()) tempered_avx2(e->state + e->next, out, c);
        else
#endif
            tempered_run(e->state + e->next, out, c);
        e->next += (uint32_t)c;
        e->left -= (int)c;
        out += c;
        n -= c;
    }
}

/* ---- generators --------------------------------------------------------------------------- */

struct tc_generator {
    atomic_int refcount;
    mt_engine e;
    bool has_next_double, has_next_float;
    double next_double;
    float next_float;
};

static tc_generator default_gen = {.refcount = 1 << 30};
static bool default_ready;

static uint64_t entropy63(void) {
    uint64_t s = 0;
    int fd = open("/dev/urandom", O_RDONLY);
    if (fd >= 0) {
        if (read(fd, &s, sizeof s) != (ssize_t)sizeof s) s = 0;
        close(fd);
    }
    if (!s) s = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
    return s >> 1;
}

/* The default generator. Like torch 2.15's it starts from a non-deterministic seed (63
 * bits here, so that initial_seed() stays a positive int). Borrowed. */
tc_generator *tc_generator_default(void) {
    if (!default_ready) {
        mt_seed(&default_gen.e, entropy63());
        default_ready = true;
    }
    return &default_gen;
}

static tc_generator *gen_or_default(tc_generator *g) { return g ? g : tc_generator_default(); }

/* A fresh generator with the default seed. New reference, NULL when out of memory. */
tc_generator *tc_generator_new(void) {
    tc_generator *g = tc__calloc(1, sizeof *g);
    if (!g) return NULL;
    atomic_init(&g->refcount, 1);
    mt_seed(&g->e, TC_DEFAULT_SEED);
    return g;
}

tc_generator *tc_generator_ref(tc_generator *g) {
    if (g) atomic_fetch_add(&g->refcount, 1);
    return g;
}

/* Drop a reference; the default generator is never freed. */
void tc_generator_unref(tc_generator *g) {
    if (!g || g == &default_gen) return;
    if (atomic_fetch_sub(&g->refcount, 1) == 1) tc__free(g);
}

/* Reseed and drop the cached normal samples (CPUGeneratorImpl::set_current_seed). */
void tc_generator_manual_seed(tc_generator *g, uint64_t seed) {
    g = gen_or_default(g);
    g->has_next_double = g->has_next_float = false;
    mt_seed(&g->e, seed);
}

/* Reseed from the OS entropy pool (torch.seed()); returns the seed (63 bits). */
uint64_t tc_generator_seed(tc_generator *g) {
    uint64_t s = entropy63();
    tc_generator_manual_seed(g, s);
    return s;
}

uint64_t tc_generator_initial_seed(const tc_generator *g) {
    return (g ? g : tc_generator_default())->e.seed;
}

/* CPUGeneratorImplState: the legacy THGenerator POD (seed, left, seeded, next, the state
 * widened to 64 bits, three doubles and a flag of the old normal cache) followed by the
 * float cache. Offsets are the x86-64 layout of that struct. */
enum {
    ST_SEED = 0, ST_LEFT = 8, ST_SEEDED = 12, ST_NEXT = 16, ST_STATE = 24,
    ST_NORMAL_X = ST_STATE + 8 * MT_N, ST_NORMAL_Y = ST_NORMAL_X + 8,
    ST_NORMAL_RHO = ST_NORMAL_Y + 8, ST_NORMAL_VALID = ST_NORMAL_RHO + 8,
    ST_LEGACY_SIZE = ST_NORMAL_VALID + 8, ST_FLOAT = ST_LEGACY_SIZE, ST_FLOAT_VALID = ST_FLOAT + 4,
};

/* Serialise g as CPUGeneratorImpl::get_state does (padding zeroed). */
void tc_generator_get_state(const tc_generator *g, uint8_t *out) {
    g = g ? g : tc_generator_default();
    memset(out, 0, TC_RNG_STATE_SIZE);
    int32_t left = g->e.left, seeded = g->e.seeded, valid = g->has_next_double;
    uint64_t next = g->e.next;
    memcpy(out + ST_SEED, &g->e.seed, 8);
    memcpy(out + ST_LEFT, &left, 4);
    memcpy(out + ST_SEEDED, &seeded, 4);
    memcpy(out + ST_NEXT, &next, 8);
    for (int i = 0; i < MT_N; i++) {
        uint64_t v = g->e.state[i];
        memcpy(out + ST_STATE + 8 * i, &v, 8);
    }
    double y = g->has_next_double ? g->next_double : 0.0;
    memcpy(out + ST_NORMAL_Y, &y, 8);
    memcpy(out + ST_NORMAL_VALID, &valid, 4);
    float f = g->has_next_float ? g->next_float : 0.0f;
    memcpy(out + ST_FLOAT, &f, 4);
    out[ST_FLOAT_VALID] = g->has_next_float;
}

/* Restore a state as CPUGeneratorImpl::set_state (the cached samples included). */
int tc_generator_set_state(tc_generator *g, const uint8_t *s, size_t n, tc_error *err) {
    g = gen_or_default(g);
    if (n != TC_RNG_STATE_SIZE)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Expected a CPUGeneratorImplState of size %d but found the input RNG "
                            "state size to be %zu",
                            TC_RNG_STATE_SIZE, n);
    int32_t left, seeded, valid;
    uint64_t next;
    memcpy(&g->e.seed, s + ST_SEED, 8);
    memcpy(&left, s + ST_LEFT, 4);
    memcpy(&seeded, s + ST_SEEDED, 4);
    memcpy(&next, s + ST_NEXT, 8);
    for (int i = 0; i < MT_N; i++) {
        uint64_t v;
        memcpy(&v, s + ST_STATE + 8 * i, 8);
        g->e.state[i] = (uint32_t)v;
    }
    memcpy(&valid, s + ST_NORMAL_VALID, 4);
    g->e.left = left;
    g->e.seeded = seeded != 0;
    g->e.next = (uint32_t)next;
    g->has_next_double = valid != 0;
    if (valid) memcpy(&g->next_double, s + ST_NORMAL_Y, 8);
    g->has_next_float = s[ST_FLOAT_VALID] != 0;
    if (g->has_next_float) memcpy(&g->next_float, s + ST_FLOAT, 4);
    return 0;
}

uint32_t tc_generator_random(tc_generator *g) { return mt_draw(&gen_or_default(g)->e); }

uint64_t tc_generator_random64(tc_generator *g) {
    mt_engine *e = &gen_or_default(g)->e;
    uint64_t hi = mt_draw(e);
    uint64_t lo = mt_draw(e);
    return (hi << 32) | lo;
}

/* ---- PyTorch's distribution recipes ------------------------------------------------------- */

/* uniform_real_distribution<double>(0, 1): 53 bits of random64. */
static inline double u53(mt_engine *e) {
    uint64_t hi = mt_draw(e), lo = mt_draw(e);
    return (double)(((hi << 32) | lo) & ((UINT64_C(1) << 53) - 1)) * 0x1.0p-53;
}
/* uniform_real_distribution<float>(0, 1): 24 bits of one draw. */
static inline float u24(mt_engine *e) { return (float)(mt_draw(e) & 0xffffffu) * 0x1.0p-24f; }

/* normal_distribution<double>: Box-Muller on two 53-bit uniforms, the sine sample kept
 * for the next call (also across calls and tensors, until reseeded). */
static double normal_double(tc_generator *g, double mean, double std) {
    double r;
    if (g->has_next_double) {
        g->has_next_double = false;
        r = g->next_double;
    } else {
        double u1 = u53(&g->e), u2 = u53(&g->e);
        double rad = sqrt(-2.0 * log1p(-u2)), theta = 2.0 * M_PI * u1;
        g->next_double = rad * sin(theta);
        g->has_next_double = true;
        r = rad * cos(theta);
    }
    return fma(r, std, mean);
}

static inline float h_round(float v, tc_dtype dt) {
    return dt == TC_DTYPE_F16 ? tc_f16_to_f32(tc_f32_to_f16(v)) : tc_bf16_to_f32(tc_f32_to_bf16(v));
}

static inline void store_float(char *p, tc_dtype dt, float v) {
    switch (dt) {
    case TC_DTYPE_F32: *(float *)p = v; break;
    case TC_DTYPE_F16: *(uint16_t *)p = tc_f32_to_f16(v); break;
    case TC_DTYPE_BF16: *(uint16_t *)p = tc_f32_to_bf16(v); break;
    default: tc_store_f64(p, dt, v); break;
    }
}

/* ---- filling a tensor in PyTorch's element order ------------------------------------------ */

/* Fill 'n' contiguous elements of dtype dt at data. */
typedef int (*fill_fn)(void *ctx, char *data, tc_dtype dt, int64_t n, tc_error *err);

static int check_writable(tc_tensor *t, tc_error *err) {
    if (tc__require_strided(t, "random_", err)) return -1;
    if (t->requires_grad && !t->grad_fn && tc_grad_enabled())
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "a leaf Variable that requires grad is being used in an in-place operation.");
    for (int i = 0; i < t->ndim; i++)
        if (t->shape[i] > 1 && t->strides[i] == 0)
            return tc_error_set(err, TC_EXC_RUNTIME,
                                "unsupported operation: more than one element of the written-to "
                                "tensor refers to a single memory location. Please clone() the "
                                "tensor before performing the operation.");
    return 0;
}

/* Run f over t's elements in memory order (PyTorch's TensorIterator visits a nullary
 * op's output by increasing stride): directly for contiguous CPU tensors, else through a
 * contiguous buffer copied into t viewed in that order. */
static int fill_ordered(tc_tensor *t, fill_fn f, void *ctx, tc_error *err) {
    if (check_writable(t, err)) return -1;
    tc_tensor_bump_version(t);
    int64_t n = tc_numel(t);
    if (n == 0) return 0;
    if (t->device.type == TC_DEVICE_CPU && tc_is_contiguous(t))
        return f(ctx, tc_data_ptr(t), t->dtype, n, err);
    int perm[TC_MAX_DIMS];
    int64_t shape[TC_MAX_DIMS], strides[TC_MAX_DIMS];
    for (int i = 0; i < t->ndim; i++) perm[i] = i;
    for (int i = 1; i < t->ndim; i++) /* stable insertion sort, largest stride first */
        for (int j = i; j > 0 && t->strides[perm[j]] > t->strides[perm[j - 1]]; j--) {
            int x = perm[j];
            perm[j] = perm[j - 1];
            perm[j - 1] = x;
        }
    for (int i = 0; i < t->ndim; i++) {
        shape[i] = t->shape[perm[i]];
        strides[i] = t->strides[perm[i]];
    }
    tc_tensor *buf = tc__tensor_new(shape, t->ndim, t->dtype, tc_device_cpu(), err);
    if (!buf) return -1;
    int rc = f(ctx, tc_data_ptr(buf), t->dtype, n, err);
    tc_tensor *view = rc ? NULL : tc__tensor_alias(t, shape, strides, t->ndim, t->offset, err);
    if (!view) rc = -1;
    if (!rc) {
        bool rg = tc_grad_enabled();
        tc_set_grad_enabled(false);
        rc = tc_copy_(view, buf, err);
        tc_set_grad_enabled(rg);
    }
    tc_tensor_unref(view);
    tc_tensor_unref(buf);
    return rc;
}

static int need_float(const char *fn, tc_dtype dt, tc_error *err) {
    if (tc_dtype_is_float(dt)) return 0;
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"%s\" not implemented for '%s'", fn,
                        tc__dtype_title(dt));
}

/* ---- uniform_ ------------------------------------------------------------------------------ */

typedef struct uniform_ctx {
    tc_generator *g;
    double from, to;
} uniform_ctx;

static int fill_uniform(void *vc, char *d, tc_dtype dt, int64_t n, tc_error *err) {
    uniform_ctx *c = vc;
    mt_engine *e = &c->g->e;
    if (dt == TC_DTYPE_F64) {
        double from = c->from, range = c->to - c->from;
        for (int64_t i = 0; i < n; i++) ((double *)d)[i] = fma(u53(e), range, from);
    } else if (dt == TC_DTYPE_F32) {
        float from = (float)c->from, range = (float)c->to - from;
        for (int64_t i = 0; i < n; i++) ((float *)d)[i] = fmaf(u24(e), range, from);
    } else {
        /* Half/BFloat16: a float uniform (their opmath type), rounded at the end */
        float from = h_round((float)c->from, dt), to = h_round((float)c->to, dt), range = to - from;
        for (int64_t i = 0; i < n; i++) store_float(d + 2 * i, dt, fmaf(u24(e), range, from));
    }
    return 0;
}

/* Uniform [from, to) in place (Tensor.uniform_). */
int tc_uniform_(tc_tensor *t, double from, double to, tc_generator *g, tc_error *err) {
    if (tc_dtype_is_complex(t->dtype)) { /* PyTorch draws both parts: its real view, in order */
        tc_tensor *v = tc_view_as_real(t, err);
        int rc = v ? tc_uniform_(v, from, to, g, err) : -1;
        tc_tensor_unref(v);
        return rc;
    }
    if (need_float("check_uniform_bounds", t->dtype, err)) return -1;
    if (from > to)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "uniform_ expects to return a [from, to) range, but found from=%g > to=%g",
                            from, to);
    uniform_ctx c = {gen_or_default(g), from, to};
    return fill_ordered(t, fill_uniform, &c, err);
}

/* ---- normal_ ------------------------------------------------------------------------------- */

typedef struct normal_ctx {
    tc_generator *g;
    double mean, std;
    char *data;
    tc_dtype dt;
} normal_ctx;

/* One block of normal_fill_16 in double: data[0..8) become the cosine samples and
 * data[8..16) the sine samples of the uniforms found there. */
static void normal16_f64(double *d, double mean, double std) {
    for (int j = 0; j < 8; j++) {
        double u1 = 1 - d[j], u2 = d[j + 8];
        double radius = sqrt(-2 * log(u1)), theta = 2.0 * M_PI * u2;
        d[j] = fma(radius * cos(theta), std, mean);
        d[j + 8] = fma(radius * sin(theta), std, mean);
    }
}

/* float32 blocks follow PyTorch's AVX2 kernel, which its CPUs with AVX2 or AVX-512 run:
 * log and sincos are the Cephes polynomials of avx_mathfun (Pommier/Garberoglio), operation
 * for operation, with the multiply-adds that PyTorch's compiler fused into FMA instructions
 * fused here too (found against torch's output: bit-identical over 12 million samples, seeds 0-5;
 * the cosine polynomial's first two steps are fused, which one sample in ~100000 shows). */

static inline float f_from(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static inline uint32_t f_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

#define NF_TARGET
#define NF_NAME(f) f##_plain
#include "random-normal.inc"
#undef NF_TARGET
#undef NF_NAME

#if defined(__x86_64__)
/* The same transform eight lanes at a time (PyTorch's own shape: avx_mathfun on __m256),
 * each step the instruction the scalar copy's expression compiles to. */
#define V8(x) _mm256_set1_ps(x)
__attribute__((target("avx2,fma"))) static inline __m256 log8(__m256 x) {
    __m256 one = V8(1.0f);
    x = _mm256_max_ps(x, _mm256_castsi256_ps(_mm256_set1_epi32(0x00800000)));
    __m256i imm0 = _mm256_srli_epi32(_mm256_castps_si256(x), 23);
    x = _mm256_and_ps(x, _mm256_castsi256_ps(_mm256_set1_epi32(~0x7f800000)));
    x = _mm256_or_ps(x, V8(0.5f));
    imm0 = _mm256_sub_epi32(imm0, _mm256_set1_epi32(0x7f));
    __m256 e = _mm256_add_ps(_mm256_cvtepi32_ps(imm0), one);
    __m256 mask = _mm256_cmp_ps(x, V8(0.707106781186547524f), _CMP_LT_OS);
    __m256 tmp = _mm256_and_ps(x, mask);
    x = _mm256_sub_ps(x, one);
    e = _mm256_sub_ps(e, _mm256_and_ps(one, mask));
    x = _mm256_add_ps(x, tmp);
    __m256 z = _mm256_mul_ps(x, x);
    __m256 y = V8(7.0376836292E-2f);
    y = _mm256_fmadd_ps(y, x, V8(-1.1514610310E-1f));
    y = _mm256_fmadd_ps(y, x, V8(1.1676998740E-1f));
    y = _mm256_fmadd_ps(y, x, V8(-1.2420140846E-1f));
    y = _mm256_fmadd_ps(y, x, V8(1.4249322787E-1f));
    y = _mm256_fmadd_ps(y, x, V8(-1.6668057665E-1f));
    y = _mm256_fmadd_ps(y, x, V8(2.0000714765E-1f));
    y = _mm256_fmadd_ps(y, x, V8(-2.4999993993E-1f));
    y = _mm256_fmadd_ps(y, x, V8(3.3333331174E-1f));
    y = _mm256_mul_ps(y, x);
    y = _mm256_fmadd_ps(y, z, _mm256_mul_ps(e, V8(-2.12194440e-4f)));
    y = _mm256_sub_ps(y, _mm256_mul_ps(z, V8(0.5f)));
    x = _mm256_add_ps(x, y);
    return _mm256_add_ps(x, _mm256_mul_ps(e, V8(0.693359375f)));
}

__attribute__((target("avx2,fma"))) static inline void sincos8(__m256 x, __m256 *s, __m256 *c) {
    __m256 sign_sin = _mm256_and_ps(x, _mm256_castsi256_ps(_mm256_set1_epi32((int)0x80000000u)));
    x = _mm256_and_ps(x, _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff)));
    __m256 y = _mm256_mul_ps(x, V8(1.27323954473516f));
    __m256i j = _mm256_cvttps_epi32(y);
    j = _mm256_and_si256(_mm256_add_epi32(j, _mm256_set1_epi32(1)), _mm256_set1_epi32(~1));
    y = _mm256_cvtepi32_ps(j);
    __m256i swap = _mm256_slli_epi32(_mm256_and_si256(j, _mm256_set1_epi32(4)), 29);
    __m256 poly = _mm256_castsi256_ps(
        _mm256_cmpeq_epi32(_mm256_and_si256(j, _mm256_set1_epi32(2)), _mm256_setzero_si256()));
    x = _mm256_add_ps(x, _mm256_mul_ps(y, V8(-0.78515625f)));
    x = _mm256_add_ps(x, _mm256_mul_ps(y, V8(-2.4187564849853515625e-4f)));
    x = _mm256_add_ps(x, _mm256_mul_ps(y, V8(-3.77489497744594108e-8f)));
    __m256i jc = _mm256_sub_epi32(j, _mm256_set1_epi32(2));
    __m256 sign_cos = _mm256_castsi256_ps(
        _mm256_slli_epi32(_mm256_andnot_si256(jc, _mm256_set1_epi32(4)), 29));
    sign_sin = _mm256_xor_ps(sign_sin, _mm256_castsi256_ps(swap));
    __m256 z = _mm256_mul_ps(x, x);
    __m256 yc = V8(2.443315711809948E-005f);
    yc = _mm256_fmadd_ps(yc, z, V8(-1.388731625493765E-003f));
    yc = _mm256_fmadd_ps(yc, z, V8(4.166664568298827E-002f));
    yc = _mm256_mul_ps(yc, z);
    yc = _mm256_fmadd_ps(yc, z, _mm256_xor_ps(_mm256_mul_ps(z, V8(0.5f)), V8(-0.0f)));
    yc = _mm256_add_ps(yc, V8(1.0f));
    __m256 ys = V8(-1.9515295891E-4f);
    ys = _mm256_fmadd_ps(ys, z, V8(8.3321608736E-3f));
    ys = _mm256_fmadd_ps(ys, z, V8(-1.6666654611E-1f));
    ys = _mm256_mul_ps(ys, z);
    ys = _mm256_fmadd_ps(ys, x, x);
    __m256 ysin2 = _mm256_and_ps(poly, ys), ysin1 = _mm256_andnot_ps(poly, yc);
    ys = _mm256_sub_ps(ys, ysin2);
    yc = _mm256_sub_ps(yc, ysin1);
    *s = _mm256_xor_ps(_mm256_add_ps(ysin1, ysin2), sign_sin);
    *c = _mm256_xor_ps(_mm256_add_ps(yc, ys), sign_cos);
}

__attribute__((target("avx2,fma")))
static void normal16_f32_blocks_avx2(float *d, int64_t nblocks, float mean, float std) {
    const __m256 two_pi = V8((float)(2.0 * M_PI)), mv = V8(mean), sv = V8(std);
    for (int64_t b = 0; b < nblocks; b++, d += 16) {
        __m256 u1 = _mm256_sub_ps(V8(1.0f), _mm256_loadu_ps(d));
        __m256 u2 = _mm256_loadu_ps(d + 8);
        __m256 radius = _mm256_sqrt_ps(_mm256_mul_ps(V8(-2.0f), log8(u1)));
        __m256 st, ct;
        sincos8(_mm256_mul_ps(two_pi, u2), &st, &ct);
        _mm256_storeu_ps(d, _mm256_fmadd_ps(_mm256_mul_ps(radius, ct), sv, mv));
        _mm256_storeu_ps(d + 8, _mm256_fmadd_ps(_mm256_mul_ps(radius, st), sv, mv));
    }
}
#undef V8
#endif

static void normal16_f32_blocks(float *d, int64_t nblocks, float mean, float std) {
#if defined(__x86_64__)
    static int fast = -1;
    if (fast < 0) fast = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (fast) {
        normal16_f32_blocks_avx2(d, nblocks, mean, std);
        return;
    }
#endif
    normal16_f32_blocks_plain(d, nblocks, mean, std);
}

/* Half/BFloat16 blocks run in float (their opmath type) on float uniforms drawn per block,
 * rounded once at the store; the float transform is the scalar libm one. */
static void normal16_float(float *v, float mean, float std) {
    for (int j = 0; j < 8; j++) {
        float u1 = 1.0f - v[j], u2 = v[j + 8];
        float radius = sqrtf(-2.0f * logf(u1));
        float theta = (float)(2.0 * M_PI * (double)u2);
        v[j] = radius * cosf(theta) * std + mean;
        v[j + 8] = radius * sinf(theta) * std + mean;
    }
}

static void normal_fill_h(mt_engine *e, uint16_t *d, tc_dtype dt, int64_t n, float mean, float std) {
    float v[16];
    int64_t blocks = n / 16 + (n % 16 != 0);
    for (int64_t b = 0; b < blocks; b++) {
        int64_t at = 16 * b + 16 <= n ? 16 * b : n - 16; /* a ragged tail redoes the last 16 */
        for (int j = 0; j < 16; j++) v[j] = u24(e);
        normal16_float(v, mean, std);
        for (int j = 0; j < 16; j++) store_float((char *)(d + at + j), dt, v[j]);
    }
}

static void normal_blocks(void *vc, int64_t begin, int64_t end) {
    normal_ctx *c = vc;
    if (c->dt == TC_DTYPE_F32) {
        normal16_f32_blocks((float *)c->data + 16 * begin, end - begin, (float)c->mean, (float)c->std);
        return;
    }
    for (int64_t b = begin; b < end; b++) normal16_f64((double *)c->data + 16 * b, c->mean, c->std);
}

static void uniforms01(mt_engine *e, char *d, tc_dtype dt, int64_t n) {
    if (dt == TC_DTYPE_F64) {
        for (int64_t i = 0; i < n; i++) ((double *)d)[i] = u53(e);
    } else {
        for (int64_t i = 0; i < n; i++) ((float *)d)[i] = u24(e);
    }
}

/* normal_fill: all uniforms first, then Box-Muller per block of 16 (blocks run in
 * parallel: they are independent); a ragged tail redraws the last 16 and redoes them. */
static void normal_fill(normal_ctx *c, int64_t n) {
    mt_engine *e = &c->g->e;
    size_t es = tc_dtype_size(c->dt);
    if (c->dt == TC_DTYPE_F16 || c->dt == TC_DTYPE_BF16) {
        normal_fill_h(e, (uint16_t *)c->data, c->dt, n, h_round((float)c->mean, c->dt),
                      h_round((float)c->std, c->dt));
        return;
    }
    uniforms01(e, c->data, c->dt, n);
    tc__parallel_for(n / 16, 4096, normal_blocks, c);
    if (n % 16) {
        normal_ctx tail = *c;
        tail.data = c->data + (n - 16) * (int64_t)es;
        uniforms01(e, tail.data, c->dt, 16);
        normal_blocks(&tail, 0, 1);
    }
}

static int fill_normal_serial(void *vc, char *d, tc_dtype dt, int64_t n, tc_error *err) {
    normal_ctx *c = vc;
    size_t es = tc_dtype_size(dt);
    for (int64_t i = 0; i < n; i++) tc_store_f64(d + i * (int64_t)es, dt, normal_double(c->g, c->mean, c->std));
    return 0;
}

/* Normal(mean, std) in place (Tensor.normal_). */
int tc_normal_(tc_tensor *t, double mean, double std, tc_generator *g, tc_error *err) {
    if (tc_dtype_is_complex(t->dtype)) { /* both parts, each with half the variance, as PyTorch */
        if (!(std >= 0.0))
            return tc_error_set(err, TC_EXC_RUNTIME, "normal expects std >= 0.0, but found std %g", std);
        tc_tensor *v = tc_view_as_real(t, err);
        int rc = v ? tc_normal_(v, mean, std / sqrt(2.0), g, err) : -1;
        tc_tensor_unref(v);
        return rc;
    }
    if (need_float("normal_kernel_cpu", t->dtype, err)) return -1;
    if (!(std >= 0.0))
        return tc_error_set(err, TC_EXC_RUNTIME, "normal expects std >= 0.0, but found std %g", std);
    normal_ctx c = {gen_or_default(g), mean, std, NULL, t->dtype};
    int64_t n = tc_numel(t);
    if (n >= 16 && tc_is_contiguous(t)) {
        if (check_writable(t, err)) return -1;
        if (t->device.type == TC_DEVICE_CPU) {
            c.data = tc_data_ptr(t);
            normal_fill(&c, n);
            return 0;
        }
        tc_tensor *buf = tc__tensor_new(t->shape, t->ndim, t->dtype, tc_device_cpu(), err);
        if (!buf) return -1;
        c.data = tc_data_ptr(buf);
        normal_fill(&c, n);
        int rc = tc_copy_(t, buf, err);
        tc_tensor_unref(buf);
        return rc;
    }
    return fill_ordered(t, fill_normal_serial, &c, err);
}

/* ---- random_ ------------------------------------------------------------------------------- */

typedef struct int_ctx {
    tc_generator *g;
    bool full;
    uint64_t range;
    int64_t base;
} int_ctx;

static bool wide_dtype(tc_dtype dt) {
    return dt == TC_DTYPE_I64 || dt == TC_DTYPE_F64 || dt == TC_DTYPE_F32 || dt == TC_DTYPE_BF16;
}

static int fill_int(void *vc, char *d, tc_dtype dt, int64_t n, tc_error *err) {
    int_ctx *c = vc;
    mt_engine *e = &c->g->e;
    size_t es = tc_dtype_size(dt);
    for (int64_t i = 0; i < n; i++) {
        char *p = d + i * (int64_t)es;
        if (!c->full) {
            /* uniform_int_from_to_distribution: 64-bit draws only for wide types and ranges */
            uint64_t v = wide_dtype(dt) && c->range >= (UINT64_C(1) << 32)
                             ? tc_generator_random64(c->g) : mt_draw(e);
            tc_store_i64(p, dt, (int64_t)(v % c->range + (uint64_t)c->base));
            continue;
        }
        /* uniform_int_distribution: the dtype's whole non-negative range */
        switch (dt) {
        case TC_DTYPE_BOOL: *(bool *)p = mt_draw(e) & 1; break;
        case TC_DTYPE_I64: *(int64_t *)p = (int64_t)(tc_generator_random64(c->g) % (UINT64_C(1) << 63)); break;
        case TC_DTYPE_F64: *(double *)p = (double)(tc_generator_random64(c->g) % ((UINT64_C(1) << 53) + 1)); break;
        case TC_DTYPE_F32: *(float *)p = (float)(mt_draw(e) % ((UINT64_C(1) << 24) + 1)); break;
        case TC_DTYPE_F16: store_float(p, dt, (float)(mt_draw(e) % ((UINT64_C(1) << 11) + 1))); break;
        case TC_DTYPE_BF16: store_float(p, dt, (float)(mt_draw(e) % ((UINT64_C(1) << 8) + 1))); break;
        case TC_DTYPE_U8: *(uint8_t *)p = (uint8_t)(mt_draw(e) % 256u); break;
        case TC_DTYPE_I8: *(int8_t *)p = (int8_t)(mt_draw(e) % 128u); break;
        case TC_DTYPE_I16: *(int16_t *)p = (int16_t)(mt_draw(e) % 32768u); break;
        case TC_DTYPE_I32: *(int32_t *)p = (int32_t)(mt_draw(e) % (UINT64_C(1) << 31)); break;
        default: break;
        }
    }
    return 0;
}

/* The dtype's closed range of values random_ may produce, as PyTorch's bounds checks. */
static void dtype_bounds(tc_dtype dt, int64_t *lo, int64_t *hi) {
    switch (dt) {
    case TC_DTYPE_BOOL: *lo = 0; *hi = 1; break;
    case TC_DTYPE_U8: *lo = 0; *hi = 255; break;
    case TC_DTYPE_I8: *lo = -128; *hi = 127; break;
    case TC_DTYPE_I16: *lo = INT16_MIN; *hi = INT16_MAX; break;
    case TC_DTYPE_I32: *lo = INT32_MIN; *hi = INT32_MAX; break;
    case TC_DTYPE_F16: *lo = -(INT64_C(1) << 11); *hi = INT64_C(1) << 11; break;
    case TC_DTYPE_BF16: *lo = -(INT64_C(1) << 8); *hi = INT64_C(1) << 8; break;
    case TC_DTYPE_F32: *lo = -(INT64_C(1) << 24); *hi = INT64_C(1) << 24; break;
    case TC_DTYPE_F64: *lo = -(INT64_C(1) << 53); *hi = INT64_C(1) << 53; break;
    default: *lo = INT64_MIN; *hi = INT64_MAX; break;
    }
}

/* random_(from, to) / random_() in place. */
int tc_random_(tc_tensor *t, bool has_range, int64_t from, int64_t to, tc_generator *g,
               tc_error *err) {
    int_ctx c = {gen_or_default(g), !has_range, 0, from};
    if (has_range) {
        if (from >= to)
            return tc_error_set(err, TC_EXC_RUNTIME,
                                "random_ expects 'from' to be less than 'to', but got from=%lld >= to=%lld",
                                (long long)from, (long long)to);
        int64_t lo, hi;
        dtype_bounds(t->dtype, &lo, &hi);
        if (from < lo || from > hi)
            return tc_error_set(err, TC_EXC_RUNTIME, "from is out of bounds for %s",
                                tc_dtype_cpp_name(t->dtype));
        if (to - 1 < lo || to - 1 > hi)
            return tc_error_set(err, TC_EXC_RUNTIME, "to - 1 is out of bounds for %s",
                                tc_dtype_cpp_name(t->dtype));
        c.range = (uint64_t)to - (uint64_t)from;
    }
    return fill_ordered(t, fill_int, &c, err);
}

/* ---- bernoulli_ / exponential_ ------------------------------------------------------------- */

typedef struct bern_ctx {
    tc_generator *g;
    double p;
    const char *pdata; /* tensor probabilities in fill order, or NULL */
    tc_dtype pdt;
} bern_ctx;

/* Bernoulli draws are made in blocks: the engine's words for a block first, then the
 * comparisons, into 0/1 floats stored in the tensor's dtype. */
#define BERN_BLOCK 512

/* v[i] = u53 < p for the i-th pair of draws (high word first), u53 being 53 bits of the pair
 * scaled by 2^-53: as an integer x, u53 < p exactly when x < thresh = ceil(p * 2^53). */
static void bern_u53_plain(const uint32_t *w, float *v, int64_t n, uint64_t thresh) {
    for (int64_t i = 0; i < n; i++) {
        uint64_t x = ((uint64_t)(w[2 * i] & 0x1fffffu) << 32) | w[2 * i + 1];
        v[i] = x < thresh ? 1.0f : 0.0f;
    }
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static void bern_u53_avx2(const uint32_t *w, float *v, int64_t n,
                                                          uint64_t thresh) {
    const __m256i mask = _mm256_set1_epi64x((int64_t)((UINT64_C(1) << 53) - 1));
    const __m256i t = _mm256_set1_epi64x((int64_t)thresh); /* <= 2^53: signed compares serve */
    const __m256 one = _mm256_set1_ps(1.0f);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        /* a pair's words swapped within its 64-bit lane: high word on top */
        __m256i a = _mm256_loadu_si256((const __m256i *)(w + 2 * i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(w + 2 * i + 8));
        a = _mm256_and_si256(_mm256_shuffle_epi32(a, 0xb1), mask);
        b = _mm256_and_si256(_mm256_shuffle_epi32(b, 0xb1), mask);
        __m256 ra = _mm256_castsi256_ps(_mm256_cmpgt_epi64(t, a));
        __m256 rb = _mm256_castsi256_ps(_mm256_cmpgt_epi64(t, b));
        /* one 32-bit half of each 64-bit result, in element order */
        __m256 r = _mm256_shuffle_ps(ra, rb, 0x88);
        r = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(r), 0xd8));
        _mm256_storeu_ps(v + i, _mm256_and_ps(r, one));
    }
    bern_u53_plain(w + 2 * i, v + i, n - i, thresh);
}
#endif

static void bern_u53(const uint32_t *w, float *v, int64_t n, uint64_t thresh) {
#if defined(__x86_64__)
    static int fast = -1;
    if (fast < 0) fast = __builtin_cpu_supports("avx2");
    if (fast) {
        bern_u53_avx2(w, v, n, thresh);
        return;
    }
#endif
    bern_u53_plain(w, v, n, thresh);
}

/* n 0/1 floats into n elements of dtype dt. */
static void store_01(char *d, tc_dtype dt, const float *v, int64_t n) {
    switch (dt) {
    case TC_DTYPE_F32: memcpy(d, v, (size_t)n * sizeof(float)); break;
    case TC_DTYPE_F64: for (int64_t i = 0; i < n; i++) ((double *)d)[i] = v[i]; break;
    case TC_DTYPE_BOOL:
    case TC_DTYPE_U8:
    case TC_DTYPE_I8: for (int64_t i = 0; i < n; i++) ((uint8_t *)d)[i] = (uint8_t)v[i]; break;
    case TC_DTYPE_I16: for (int64_t i = 0; i < n; i++) ((int16_t *)d)[i] = (int16_t)v[i]; break;
    case TC_DTYPE_I32: for (int64_t i = 0; i < n; i++) ((int32_t *)d)[i] = (int32_t)v[i]; break;
    case TC_DTYPE_I64: for (int64_t i = 0; i < n; i++) ((int64_t *)d)[i] = (int64_t)v[i]; break;
    default: {
        size_t es = tc_dtype_size(dt);
        for (int64_t i = 0; i < n; i++) tc_store_i64(d + i * (int64_t)es, dt, (int64_t)v[i]);
    }
    }
}

static int fill_bernoulli(void *vc, char *d, tc_dtype dt, int64_t n, tc_error *err) {
    bern_ctx *c = vc;
    mt_engine *e = &c->g->e;
    size_t es = tc_dtype_size(dt), ps = c->pdata ? tc_dtype_size(c->pdt) : 0;
    uint32_t w[2 * BERN_BLOCK];
    float v[BERN_BLOCK];
    /* bernoulli_distribution<double>(p): a 53-bit uniform below p */
    uint64_t thresh = (uint64_t)ceil(c->p * 0x1.0p53);
    for (int64_t i0 = 0; i0 < n; i0 += BERN_BLOCK) {
        int64_t len = n - i0 < BERN_BLOCK ? n - i0 : BERN_BLOCK;
        float *out = dt == TC_DTYPE_F32 ? (float *)(d + i0 * (int64_t)es) : v;
        if (!c->pdata) {
            mt_fill(e, w, 2 * len);
            bern_u53(w, out, len, thresh);
        } else {
            for (int64_t i = i0; i < i0 + len; i++) {
                bool b;
                if (c->pdt == TC_DTYPE_F64) {
                    b = u53(e) < ((const double *)c->pdata)[i];
                } else {
                    /* bernoulli_distribution<float>: a 24-bit uniform against the float p */
                    float p = (float)tc_load_f64(c->pdata + i * (int64_t)ps, c->pdt);
                    b = u24(e) < p;
                }
                out[i - i0] = b ? 1.0f : 0.0f;
            }
        }
        if (out == v) store_01(d + i0 * (int64_t)es, dt, v, len);
    }
    return 0;
}

/* bernoulli_(p) in place: each element 1 with probability p. */
int tc_bernoulli_(tc_tensor *t, double p, tc_generator *g, tc_error *err) {
    if (!(p >= 0 && p <= 1))
        return tc_error_set(err, TC_EXC_RUNTIME, "bernoulli_ expects p to be in [0, 1], but got p=%g", p);
    if (t->dtype == TC_DTYPE_F16)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                            "\"bernoulli_scalar_cpu_\" not implemented for 'Half'");
    bern_ctx c = {gen_or_default(g), p, NULL, TC_DTYPE_F64};
    return fill_ordered(t, fill_bernoulli, &c, err);
}

/* bernoulli_(p_tensor) in place: p broadcast to t, read in t's fill order. */
int tc_bernoulli_tensor_(tc_tensor *t, tc_tensor *p, tc_generator *g, tc_error *err) {
    if (!tc_dtype_is_float(p->dtype) || p->dtype == TC_DTYPE_F16)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                            "\"bernoulli_tensor_cpu_p_\" not implemented for '%s'",
                            tc__dtype_title(p->dtype));
    if (t->dtype == TC_DTYPE_F16)
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                            "\"bernoulli_tensor_cpu_self_\" not implemented for 'Half'");
    tc_tensor *pc = tc_to(p, p->dtype, tc_device_cpu(), ".to()", err);
    if (!pc) return -1;
    tc_tensor *pe = tc_expand(pc, t->shape, t->ndim, err);
    tc_tensor_unref(pc);
    if (!pe) return -1;
    /* p in t's memory order: give p t's strides' order through an empty_like copy */
    tc_tensor *order = tc__tensor_new_like(t->shape, t->ndim, p->dtype, tc_device_cpu(), &t, 1, err);
    int rc = -1;
    if (order) {
        bool rg = tc_grad_enabled();
        tc_set_grad_enabled(false);
        rc = tc_copy_(order, pe, err);
        tc_set_grad_enabled(rg);
    }
    if (!rc) {
        bern_ctx c = {gen_or_default(g), 0, tc_data_ptr(order), p->dtype};
        rc = fill_ordered(t, fill_bernoulli, &c, err);
    }
    tc_tensor_unref(order);
    tc_tensor_unref(pe);
    return rc;
}

typedef struct exp_ctx {
    tc_generator *g;
    double lambd;
} exp_ctx;

static int fill_exponential(void *vc, char *d, tc_dtype dt, int64_t n, tc_error *err) {
    exp_ctx *c = vc;
    size_t es = tc_dtype_size(dt);
    for (int64_t i = 0; i < n; i++)
        tc_store_f64(d + i * (int64_t)es, dt, -1.0 / c->lambd * log1p(-u53(&c->g->e)));
    return 0;
}

/* exponential_(lambd) in place. */
int tc_exponential_(tc_tensor *t, double lambd, tc_generator *g, tc_error *err) {
    if (!tc_dtype_is_float(t->dtype))
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Exponential distribution is a continuous probability distribution. "
                            "dtype must be a floating point but you specified %s",
                            tc__dtype_title(t->dtype));
    if (!(lambd > 0) || isinf(lambd))
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "exponential_ expects lambda > 0.0, but found lambda=%g", lambd);
    exp_ctx c = {gen_or_default(g), lambd};
    return fill_ordered(t, fill_exponential, &c, err);
}

/* geometric_ / log_normal_ / cauchy_: PyTorch's serial CPU kernels draw one double sample
 * per element (geometric_distribution, lognormal_distribution, cauchy_distribution over
 * double, whatever the dtype) and cast it to the element type. */
typedef enum { DIST_GEOMETRIC, DIST_LOG_NORMAL, DIST_CAUCHY } dist_kind;

typedef struct dist_ctx {
    tc_generator *g;
    dist_kind kind;
    double a, b; /* p; mean, std; median, sigma */
} dist_ctx;

static int fill_dist(void *vc, char *d, tc_dtype dt, int64_t n, tc_error *err) {
    (void)err;
    dist_ctx *c = vc;
    size_t es = tc_dtype_size(dt);
    bool as_int = !tc_dtype_is_float(dt);
    for (int64_t i = 0; i < n; i++) {
        double v;
        switch (c->kind) {
        case DIST_GEOMETRIC: v = ceil(log(u53(&c->g->e)) / log1p(-c->a)); break;
        case DIST_LOG_NORMAL: v = exp(normal_double(c->g, c->a, c->b)); break;
        /* PyTorch's AVX2/AVX512 kernels are built with FMA: the final a + b*x contracts */
        default: v = fma(c->b, tan(M_PI * (u53(&c->g->e) - 0.5)), c->a); break;
        }
        char *p = d + i * (int64_t)es;
        if (as_int) tc_store_i64(p, dt, (int64_t)v);
        else tc_store_f64(p, dt, v);
    }
    return 0;
}

/* geometric_(p) in place: the number of Bernoulli(p) trials up to the first success;
 * integer dtypes too, as PyTorch. */
int tc_geometric_(tc_tensor *t, double p, tc_generator *g, tc_error *err) {
    if (!(p > 0 && p < 1))
        return tc_error_set(err, TC_EXC_RUNTIME, "geometric_ expects p to be in (0, 1), but got p=%g", p);
    if (t->dtype == TC_DTYPE_BOOL || tc_dtype_is_complex(t->dtype))
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"geometric_cpu\" not implemented for '%s'",
                            tc__dtype_title(t->dtype));
    dist_ctx c = {gen_or_default(g), DIST_GEOMETRIC, p, 0};
    return fill_ordered(t, fill_dist, &c, err);
}

/* log_normal_(mean, std) in place: exp of a normal sample (the generator's cached second
 * Box-Muller sample included, as PyTorch). */
int tc_log_normal_(tc_tensor *t, double mean, double std, tc_generator *g, tc_error *err) {
    if (!tc_dtype_is_float(t->dtype))
        return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"log_normal_cpu\" not implemented for '%s'",
                            tc__dtype_title(t->dtype));
    if (!(std > 0))
        return tc_error_set(err, TC_EXC_RUNTIME, "log_normal_ expects std > 0.0, but found std=%g", std);
    dist_ctx c = {gen_or_default(g), DIST_LOG_NORMAL, mean, std};
    return fill_ordered(t, fill_dist, &c, err);
}

/* cauchy_(median, sigma) in place: median + sigma * tan(pi * (u - 1/2)). */
int tc_cauchy_(tc_tensor *t, double median, double sigma, tc_generator *g, tc_error *err) {
    if (!tc_dtype_is_float(t->dtype))
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Cauchy distribution is a continuous probability distribution. "
                            "dtype must be a floating point but you specified %s",
                            tc_dtype_cpp_name(t->dtype));
    if (!(sigma > 0))
        return tc_error_set(err, TC_EXC_RUNTIME, "cauchy_ expects sigma > 0.0, but found sigma=%g", sigma);
    dist_ctx c = {gen_or_default(g), DIST_CAUCHY, median, sigma};
    return fill_ordered(t, fill_dist, &c, err);
}

/* ---- creation with a generator -------------------------------------------------------------- */

static tc_tensor *new_filled(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev,
                             int (*fill)(tc_tensor *, void *, tc_error *), void *arg, tc_error *err) {
    for (int i = 0; i < ndim; i++)
        if (shape[i] < 0) return tc_empty(shape, ndim, dtype, dev, err); /* its error */
    tc_tensor *t = tc__tensor_new(shape, ndim, dtype, tc_device_cpu(), err);
    if (!t) return NULL;
    if (fill(t, arg, err)) {
        tc_tensor_unref(t);
        return NULL;
    }
    tc_tensor_version_unshare(t); /* a new tensor: its fill is no in-place write */
    if (dev.type == TC_DEVICE_CPU) return t;
    tc_tensor *r = tc_to(t, dtype, dev, ".to()", err);
    tc_tensor_unref(t);
    return r;
}

typedef struct create_arg {
    tc_generator *g;
    int64_t lo, hi;
} create_arg;

static int fill_rand(tc_tensor *t, void *a, tc_error *err) {
    return tc_uniform_(t, 0, 1, ((create_arg *)a)->g, err);
}
static int fill_randn(tc_tensor *t, void *a, tc_error *err) {
    return tc_normal_(t, 0, 1, ((create_arg *)a)->g, err);
}
static int fill_randint(tc_tensor *t, void *a, tc_error *err) {
    create_arg *c = a;
    return tc_random_(t, true, c->lo, c->hi, c->g, err);
}

tc_tensor *tc_rand_gen(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev,
                       tc_generator *g, tc_error *err) {
    if (!tc_dtype_is_complex(dtype) && need_float("check_uniform_bounds", dtype, err)) return NULL;
    create_arg a = {g, 0, 0};
    return new_filled(shape, ndim, dtype, dev, fill_rand, &a, err);
}

tc_tensor *tc_randn_gen(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev,
                        tc_generator *g, tc_error *err) {
    if (!tc_dtype_is_complex(dtype) && need_float("normal_kernel_cpu", dtype, err)) return NULL;
    create_arg a = {g, 0, 0};
    return new_filled(shape, ndim, dtype, dev, fill_randn, &a, err);
}

tc_tensor *tc_randint_gen(int64_t low, int64_t high, const int64_t *shape, int ndim,
                          tc_dtype dtype, tc_device dev, tc_generator *g, tc_error *err) {
    create_arg a = {g, low, high};
    return new_filled(shape, ndim, dtype, dev, fill_randint, &a, err);
}

/* Uniform [0, 1) from the default generator. */
tc_tensor *tc_rand(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev, tc_error *err) {
    return tc_rand_gen(shape, ndim, dtype, dev, NULL, err);
}

/* Standard normal from the default generator. */
tc_tensor *tc_randn(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev, tc_error *err) {
    return tc_randn_gen(shape, ndim, dtype, dev, NULL, err);
}

/* Integers uniform in [low, high) from the default generator. */
tc_tensor *tc_randint(int64_t low, int64_t high, const int64_t *shape, int ndim, tc_dtype dtype,
                      tc_device dev, tc_error *err) {
    return tc_randint_gen(low, high, shape, ndim, dtype, dev, NULL, err);
}

/* Seed the default generator (torch.manual_seed). */
void tc_manual_seed(uint64_t seed) { tc_generator_manual_seed(NULL, seed); }

/* ---- randperm ------------------------------------------------------------------------------ */

tc_tensor *tc_randperm(int64_t n, tc_dtype dtype, tc_device dev, tc_generator *g, tc_error *err) {
    if (n < 0) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "Trying to create tensor with negative dimension %lld: [%lld]", (long long)n,
                     (long long)n);
        return NULL;
    }
    if (dtype == TC_DTYPE_BOOL) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"randperm\" not implemented for 'Bool'");
        return NULL;
    }
    int64_t lo, hi;
    dtype_bounds(dtype, &lo, &hi);
    if (n > 0 && n - 1 > hi) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "n is too large for result tensor type: '%s'", tc__dtype_title(dtype));
        return NULL;
    }
    g = gen_or_default(g);
    int64_t *r = tc__malloc(sizeof(int64_t) * (size_t)(n ? n : 1));
    if (!r) {
        tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        return NULL;
    }
    if (n < (int64_t)(UINT32_MAX / 20)) {
        /* small n: PyTorch's original walk swapping i with i + random() % (n - i) */
        for (int64_t i = 0; i < n; i++) r[i] = i;
        for (int64_t i = 0; i < n - 1; i++) {
            int64_t z = (int64_t)(tc_generator_random(g) % (uint64_t)(n - i));
            int64_t s = r[i];
            r[i] = r[z + i];
            r[z + i] = s;
        }
    } else {
        /* large n: inside-out Fisher-Yates on 64-bit draws */
        for (int64_t i = 0; i < n; i++) {
            int64_t z = (int64_t)(tc_generator_random64(g) % (uint64_t)(i + 1));
            r[i] = r[z];
            r[z] = i;
        }
    }
    int64_t shape[1] = {n};
    tc_tensor *t = tc__tensor_new(shape, 1, dtype, tc_device_cpu(), err);
    if (t) {
        char *d = tc_data_ptr(t);
        size_t es = tc_dtype_size(dtype);
        for (int64_t i = 0; i < n; i++) tc_store_i64(d + i * (int64_t)es, dtype, r[i]);
    }
    tc__free(r);
    if (!t || dev.type == TC_DEVICE_CPU) return t;
    tc_tensor *d = tc_to(t, dtype, dev, ".to()", err);
    tc_tensor_unref(t);
    return d;
}

/* ---- multinomial --------------------------------------------------------------------------- */

typedef struct kv {
    double v;
    int64_t i;
} kv;

static int kv_desc(const void *a, const void *b) {
    const kv *x = a, *y = b;
    if (x->v != y->v) return x->v < y->v ? 1 : -1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static inline double prob_at(const char *pd, tc_dtype dt, int64_t i) {
    if (dt == TC_DTYPE_F32) return ((const float *)pd)[i];
    if (dt == TC_DTYPE_F64) return ((const double *)pd)[i];
    return tc_load_f64(pd + i * (int64_t)tc_dtype_size(dt), dt);
}

/* PyTorch's checks before the Gumbel draws, whole tensor first: an `inf`, a `nan` or an
 * element < 0 anywhere, then a row summing to 0 (of finite non-negative values: all zero). */
static int gumbel_check(const char *pd, tc_dtype dt, int64_t ndist, int64_t ncat, tc_error *err) {
    int64_t total = ndist * ncat;
    bool bad = false;
    if (dt == TC_DTYPE_F32) {
        const float *p = (const float *)pd;
        for (int64_t i = 0; i < total; i++) bad |= !(p[i] >= 0) | (p[i] == INFINITY);
    } else if (dt == TC_DTYPE_F64) {
        const double *p = (const double *)pd;
        for (int64_t i = 0; i < total; i++) bad |= !(p[i] >= 0) | (p[i] == INFINITY);
    } else {
        for (int64_t i = 0; i < total && !bad; i++) {
            double v = prob_at(pd, dt, i);
            bad = !(v >= 0) || isinf(v);
        }
    }
    if (bad)
        return tc_error_set(err, TC_EXC_RUNTIME, "probability tensor contains either `inf`, `nan` or element < 0");
    for (int64_t r = 0; r < ndist; r++) {
        bool any = false;
        for (int64_t j = 0; j < ncat && !any; j++) any = prob_at(pd, dt, r * ncat + j) != 0;
        if (!any)
            return tc_error_set(err, TC_EXC_RUNTIME, "invalid multinomial distribution (sum of probabilities <= 0)");
    }
    return 0;
}

/* p / q for a block of elements, q ~ Exp(1) as exponential_ draws it (-log1p(-u), u of 53
 * bits from two words, high first) and stored in p's dtype, the quotient in that dtype. */
enum { GUMBEL_BLOCK = 256 };
static void gumbel_block(const char *pd, tc_dtype dt, int64_t i0, int64_t c, const uint32_t *w, double *q) {
    double e[GUMBEL_BLOCK];
    for (int64_t k = 0; k < c; k++) {
        uint64_t x = ((uint64_t)w[2 * k] << 32 | w[2 * k + 1]) & ((UINT64_C(1) << 53) - 1);
        e[k] = -1.0 * log1p(-((double)(int64_t)x * 0x1.0p-53)); /* exact: x < 2^53 */
    }
    if (dt == TC_DTYPE_F32) {
        const float *p = (const float *)pd + i0;
        for (int64_t k = 0; k < c; k++) q[k] = p[k] / (float)e[k];
    } else if (dt == TC_DTYPE_F64) {
        const double *p = (const double *)pd + i0;
        for (int64_t k = 0; k < c; k++) q[k] = p[k] / e[k];
    } else {
        for (int64_t k = 0; k < c; k++)
            q[k] = h_round((float)prob_at(pd, dt, i0 + k) / h_round((float)e[k], dt), dt);
    }
}

typedef struct gumbel_job {
    const char *pd;
    tc_dtype dt;
    int64_t ncat, n_sample, row0; /* row0: the first row of the words' chunk */
    const uint32_t *w;            /* two words per element of the chunk's rows */
    int64_t *res;
    atomic_bool oom;
} gumbel_job;

/* Rows [r0, r1) of a chunk: the argmax of p / q per row, or its n_sample largest (the first
 * of equal ones: qsort on (value desc, index)). */
static void gumbel_rows(void *ctx, int64_t r0, int64_t r1) {
    gumbel_job *j = ctx;
    enum { B = GUMBEL_BLOCK };
    double q[B];
    int64_t ncat = j->ncat;
    kv *row = j->n_sample > 1 ? tc__malloc(sizeof(kv) * (size_t)ncat) : NULL;
    if (j->n_sample > 1 && !row) {
        atomic_store(&j->oom, true);
        return;
    }
    for (int64_t r = r0; r < r1; r++) {
        int64_t best = 0, at = (j->row0 + r) * ncat;
        double bv = 0;
        for (int64_t j0 = 0; j0 < ncat; j0 += B) {
            int64_t c = ncat - j0 < B ? ncat - j0 : B;
            gumbel_block(j->pd, j->dt, at + j0, c, j->w + 2 * (r * ncat + j0), q);
            if (row) {
                for (int64_t k = 0; k < c; k++) row[j0 + k] = (kv){q[k], j0 + k};
                continue;
            }
            for (int64_t k = 0; k < c; k++) /* the first maximum; a NaN wins, and a later NaN */
                if (j0 + k == 0 || q[k] > bv || isnan(q[k])) {
                    best = j0 + k;
                    bv = q[k];
                }
        }
        int64_t *res = j->res + (j->row0 + r) * j->n_sample;
        if (row) {
            qsort(row, (size_t)ncat, sizeof(kv), kv_desc);
            for (int64_t k = 0; k < j->n_sample; k++) res[k] = row[k].i;
        } else {
            res[0] = best;
        }
    }
    tc__free(row);
}

/* PyTorch's Gumbel trick for sampling without replacement (or one sample): the argmax / topk
 * of p / q per row, q ~ Exp(1) drawn over the whole tensor in element order. The draws are
 * taken (in order) for a chunk of rows at a time, whose rows then run on the threads. */
static int gumbel_sample(const char *pd, tc_dtype dt, int64_t ndist, int64_t ncat, int64_t n_sample,
                         bool column_major, int64_t *res, tc_generator *g, tc_error *err) {
    if (gumbel_check(pd, dt, ndist, ncat, err)) return -1;
    int64_t chunk = ncat >= (1 << 20) ? 1 : ((int64_t)1 << 20) / ncat; /* rows per chunk */
    if (chunk > ndist || column_major) chunk = ndist;
    size_t nw = 2 * (size_t)(chunk * ncat);
    uint32_t *w = tc__malloc(sizeof(uint32_t) * nw);
    uint32_t *m = column_major && w ? tc__malloc(sizeof(uint32_t) * nw) : NULL;
    if (!w || (column_major && !m)) {
        tc__free(w);
        return tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    }
    gumbel_job j = {pd, dt, ncat, n_sample, 0, w, res, false};
    int64_t grain = ncat >= (1 << 14) ? 1 : (1 << 14) / ncat;
    for (int64_t r = 0; r < ndist && !atomic_load(&j.oom); r += chunk) {
        int64_t nr = ndist - r < chunk ? ndist - r : chunk;
        if (m) { /* q is laid out as p (empty_like) and drawn in memory order: column by column */
            mt_fill(&g->e, m, 2 * nr * ncat);
            for (int64_t a = 0; a < nr; a++)
                for (int64_t b = 0; b < ncat; b++) memcpy(w + 2 * (a * ncat + b), m + 2 * (b * nr + a), 8);
        } else {
            mt_fill(&g->e, w, 2 * nr * ncat);
        }
        j.row0 = r;
        tc__parallel_for(nr, grain, gumbel_rows, &j);
    }
    tc__free(m);
    tc__free(w);
    return atomic_load(&j.oom) ? tc_error_set(err, TC_EXC_MEMORY, "out of memory") : 0;
}

tc_tensor *tc_multinomial(tc_tensor *probs, int64_t n_sample, bool replacement, tc_generator *g,
                          tc_error *err) {
    g = gen_or_default(g);
    if (probs->ndim != 1 && probs->ndim != 2) {
        tc_error_set(err, TC_EXC_RUNTIME, "prob_dist must be 1 or 2 dim");
        return NULL;
    }
    if (!tc_dtype_is_float(probs->dtype)) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "multinomial only supports floating-point dtypes for input, got: %s",
                     tc__dtype_title(probs->dtype));
        return NULL;
    }
    if (n_sample <= 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "cannot sample n_sample <= 0 samples");
        return NULL;
    }
    int64_t ncat = probs->shape[probs->ndim - 1], ndist = probs->ndim == 2 ? probs->shape[0] : 1;
    if (!replacement && n_sample > ncat) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "cannot sample n_sample > prob_dist.size(-1) samples without replacement");
        return NULL;
    }
    if (ncat > (INT64_C(1) << 24)) {
        tc_error_set(err, TC_EXC_RUNTIME, "number of categories cannot exceed 2^24");
        return NULL;
    }
    tc_tensor *pc = tc_to(probs, probs->dtype, tc_device_cpu(), ".to()", err);
    tc_tensor *p = pc ? tc_contiguous(pc, err) : NULL;
    tc_tensor_unref(pc);
    if (!p) return NULL;
    int64_t oshape[2];
    int ond = probs->ndim;
    if (ond == 2) { oshape[0] = ndist; oshape[1] = n_sample; }
    else oshape[0] = n_sample;
    tc_tensor *out = tc__tensor_new(oshape, ond, TC_DTYPE_I64, tc_device_cpu(), err);
    if (!out) {
        tc_tensor_unref(p);
        return NULL;
    }
    int64_t *res = tc_data_ptr(out);
    const char *pd = tc_data_ptr(p);
    tc_dtype dt = p->dtype;
    size_t es = tc_dtype_size(dt);
    int rc = 0;
    if (!replacement || n_sample == 1) {
        /* a dense transposed matrix: PyTorch's q keeps its layout */
        bool cm = probs->ndim == 2 && ndist > 1 && ncat > 1 && probs->strides[0] == 1 && probs->strides[1] == ndist;
        rc = gumbel_sample(pd, dt, ndist, ncat, n_sample, cm, res, g, err);
    } else {
        double *cum = tc__malloc(sizeof(double) * (size_t)ncat);
        if (!cum) rc = tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        bool f64 = dt == TC_DTYPE_F64;
        for (int64_t r = 0; r < ndist && !rc; r++) {
            double sum = 0;
            float sumf = 0;
            for (int64_t j = 0; j < ncat && !rc; j++) {
                double v = tc_load_f64(pd + (r * ncat + j) * (int64_t)es, dt);
                if (!(v >= 0))
                    rc = tc_error_set(err, TC_EXC_RUNTIME,
                                      "invalid multinomial distribution (encountering probability entry < 0)");
                else if (!isfinite(v))
                    rc = tc_error_set(err, TC_EXC_RUNTIME,
                                      "invalid multinomial distribution (encountering probability "
                                      "entry = infinity or NaN)");
                if (f64) cum[j] = sum += v;
                else cum[j] = sumf = sumf + (float)v;
            }
            if (rc) break;
            if (!(f64 ? sum > 0 : sumf > 0)) {
                rc = tc_error_set(err, TC_EXC_RUNTIME,
                                  "invalid multinomial distribution (sum of probabilities <= 0)");
                break;
            }
            for (int64_t j = 0; j < ncat; j++) cum[j] = f64 ? cum[j] / sum : (double)((float)cum[j] / sumf);
            cum[ncat - 1] = 1;
            for (int64_t s = 0; s < n_sample; s++) {
                double u = u53(&g->e);
                int64_t left = 0, right = ncat;
                while (right - left > 0) {
                    int64_t mid = left + (right - left) / 2;
                    if (cum[mid] < u) left = mid + 1;
                    else right = mid;
                }
                res[r * n_sample + s] = left;
            }
        }
        tc__free(cum);
    }
    tc_tensor_unref(p);
    if (rc) {
        tc_tensor_unref(out);
        return NULL;
    }
    if (probs->device.type == TC_DEVICE_CPU) return out;
    tc_tensor *d = tc_to(out, TC_DTYPE_I64, probs->device, ".to()", err);
    tc_tensor_unref(out);
    return d;
}

/* ---- poisson ------------------------------------------------------------------------------- */

/* PyTorch's sample_poisson: transformed rejection (Hormann) for lambda >= 10, products of
 * uniforms below, each uniform a 53-bit standard_uniform. */
static int64_t sample_poisson(tc_generator *g, double lambda) {
    if (lambda >= 10) {
        int64_t k;
        double U, V, a, b, invalpha, vr, us;
        double slam = sqrt(lambda), loglam = log(lambda);
        b = 0.931 + 2.53 * slam;
        a = -0.059 + 0.02483 * b;
        invalpha = 1.1239 + 1.1328 / (b - 3.4);
        vr = 0.9277 - 3.6224 / (b - 2);
        for (;;) {
            U = u53(&g->e) - 0.5;
            V = u53(&g->e);
            us = 0.5 - fabs(U);
            k = (int64_t)floor((2 * a / us + b) * U + lambda + 0.43);
            if (us >= 0.07 && V <= vr) return k;
            if (k < 0 || (us < 0.013 && V > us)) continue;
            if ((log(V) + log(invalpha) - log(a / (us * us) + b)) <=
                (-lambda + (double)k * loglam - lgamma((double)k + 1)))
                return k;
        }
    } else if (lambda == 0) {
        return 0;
    } else {
        int64_t X = 0;
        double enlam = exp(-lambda), prod = 1.0;
        for (;;) {
            prod *= u53(&g->e);
            if (prod > enlam) X += 1;
            else return X;
        }
    }
}

tc_tensor *tc_poisson(tc_tensor *rates, tc_generator *g, tc_error *err) {
    g = gen_or_default(g);
    if (!tc_dtype_is_float(rates->dtype)) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"poisson_cpu\" not implemented for '%s'",
                     tc__dtype_title(rates->dtype));
        return NULL;
    }
    tc_tensor *rc = tc_to(rates, rates->dtype, tc_device_cpu(), ".to()", err);
    tc_tensor *r = rc ? tc_contiguous(rc, err) : NULL;
    tc_tensor_unref(rc);
    if (!r) return NULL;
    tc_tensor *out = tc__tensor_new(r->shape, r->ndim, r->dtype, tc_device_cpu(), err);
    if (out) {
        int64_t n = tc_numel(r);
        size_t es = tc_dtype_size(r->dtype);
        const char *s = tc_data_ptr(r);
        char *d = tc_data_ptr(out);
        for (int64_t i = 0; i < n; i++) {
            double lam = tc_load_f64(s + i * (int64_t)es, r->dtype);
            tc_store_f64(d + i * (int64_t)es, r->dtype, (double)sample_poisson(g, lam));
        }
    }
    tc_tensor_unref(r);
    if (!out || rates->device.type == TC_DEVICE_CPU) return out;
    tc_tensor *d = tc_to(out, out->dtype, rates->device, ".to()", err);
    tc_tensor_unref(out);
    return d;
}

/* ---- NumPy's legacy RandomState ------------------------------------------------------------- */

static tc_np_rng np_global;
static bool np_global_ready;

tc_np_rng *tc_np_rng_global(void) {
    if (!np_global_ready) {
        uint32_t key[4] = {0};
        int fd = open("/dev/urandom", O_RDONLY);
        if (fd >= 0) {
            if (read(fd, key, sizeof key) < 0) key[0] = (uint32_t)time(NULL);
            close(fd);
        }
        tc_np_rng_seed_array(&np_global, key, 4);
        np_global_ready = true;
    }
    return &np_global;
}

/* mt19937_seed: the standard initialisation from one 32-bit word. */
void tc_np_rng_seed(tc_np_rng *r, uint32_t seed) {
    for (int pos = 0; pos < MT_N; pos++) {
        r->key[pos] = seed;
        seed = 1812433253u * (seed ^ (seed >> 30)) + (uint32_t)pos + 1;
    }
    r->pos = MT_N;
    r->has_gauss = false;
    r->gauss = 0;
    if (r == &np_global) np_global_ready = true;
}

/* init_by_array, as MT19937's reference code and NumPy's legacy seeding of arrays. */
void tc_np_rng_seed_array(tc_np_rng *r, const uint32_t *key, int n) {
    tc_np_rng_seed(r, 19650218u);
    uint32_t *mt = r->key;
    int i = 1, j = 0, k = MT_N > n ? MT_N : n;
    for (; k; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint32_t)j;
        i++;
        j++;
        if (i >= MT_N) { mt[0] = mt[MT_N - 1]; i = 1; }
        if (j >= n) j = 0;
    }
    for (k = MT_N - 1; k; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941u)) - (uint32_t)i;
        i++;
        if (i >= MT_N) { mt[0] = mt[MT_N - 1]; i = 1; }
    }
    mt[0] = 0x80000000u;
    r->pos = MT_N;
    r->has_gauss = false;
    r->gauss = 0;
}

static void np_gen(tc_np_rng *r) {
    uint32_t y, *mt = r->key;
    int i;
    for (i = 0; i < MT_N - MT_M; i++) {
        y = (mt[i] & 0x80000000u) | (mt[i + 1] & 0x7fffffffu);
        mt[i] = mt[i + MT_M] ^ (y >> 1) ^ (-(y & 1) & 0x9908b0dfu);
    }
    for (; i < MT_N - 1; i++) {
        y = (mt[i] & 0x80000000u) | (mt[i + 1] & 0x7fffffffu);
        mt[i] = mt[i + (MT_M - MT_N)] ^ (y >> 1) ^ (-(y & 1) & 0x9908b0dfu);
    }
    y = (mt[MT_N - 1] & 0x80000000u) | (mt[0] & 0x7fffffffu);
    mt[MT_N - 1] = mt[MT_M - 1] ^ (y >> 1) ^ (-(y & 1) & 0x9908b0dfu);
    r->pos = 0;
}

uint32_t tc_np_next32(tc_np_rng *r) {
    if (r->pos == MT_N) np_gen(r);
    uint32_t y = r->key[r->pos++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

double tc_np_double(tc_np_rng *r) {
    int32_t a = (int32_t)(tc_np_next32(r) >> 5), b = (int32_t)(tc_np_next32(r) >> 6);
    return (a * 67108864.0 + b) / 9007199254740992.0;
}

double tc_np_gauss(tc_np_rng *r) {
    if (r->has_gauss) {
        double t = r->gauss;
        r->has_gauss = false;
        r->gauss = 0;
        return t;
    }
    double f, x1, x2, r2;
    do {
        x1 = 2.0 * tc_np_double(r) - 1.0;
        x2 = 2.0 * tc_np_double(r) - 1.0;
        r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    f = sqrt(-2.0 * log(r2) / r2);
    r->gauss = f * x1;
    r->has_gauss = true;
    return f * x2;
}

static uint64_t np_next64(tc_np_rng *r) {
    uint64_t hi = tc_np_next32(r);
    return (hi << 32) | tc_np_next32(r);
}

static uint64_t mask_for(uint64_t max) {
    uint64_t m = max;
    m |= m >> 1; m |= m >> 2; m |= m >> 4; m |= m >> 8; m |= m >> 16; m |= m >> 32;
    return m;
}

uint64_t tc_np_interval(tc_np_rng *r, uint64_t max) {
    if (max == 0) return 0;
    uint64_t mask = mask_for(max), v;
    if (max <= 0xffffffffu) {
        while ((v = (tc_np_next32(r) & mask)) > max) {}
    } else {
        while ((v = (np_next64(r) & mask)) > max) {}
    }
    return v;
}

int64_t tc_np_bounded(tc_np_rng *r, int64_t off, uint64_t rng) {
    if (rng == 0) return off;
    if (rng <= 0xffffffffu) {
        if (rng == 0xffffffffu) return (int64_t)((uint64_t)off + tc_np_next32(r));
        uint32_t mask = (uint32_t)mask_for(rng), v;
        while ((v = tc_np_next32(r) & mask) > rng) {}
        return (int64_t)((uint64_t)off + v);
    }
    if (rng == UINT64_MAX) return (int64_t)((uint64_t)off + np_next64(r));
    uint64_t mask = mask_for(rng), v;
    while ((v = np_next64(r) & mask) > rng) {}
    return (int64_t)((uint64_t)off + v);
}
