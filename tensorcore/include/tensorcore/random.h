/*
 * tensorcore random numbers: PyTorch's CPU generator (an mt19937 engine plus the cached
 * second Box-Muller sample) and its distribution kernels, bit for bit, so that the same
 * seed gives the numbers torch gives; and NumPy's legacy RandomState stream (mt19937 with
 * the polar Gaussian) for the kernel's numpy.
 *
 *     tc_generator *g = tc_generator_default();          // borrowed
 *     tc_generator_manual_seed(g, 0);
 *     tc_tensor *t = tc_empty(shape, 1, TC_DTYPE_F32, tc_device_cpu(), &err);
 *     tc_uniform_(t, 0, 1, NULL, &err);                  // NULL: the default generator
 *
 * Tensors on a device are filled on the CPU and copied: the numbers are the CPU stream's,
 * not torch's CUDA (Philox) stream.
 *
 * Ownership: generators are reference counted; tc_generator_new returns a new reference,
 * tc_generator_default a borrowed one that lives for the process. Tensor arguments are
 * borrowed; returned tensors are new references.
 */
#ifndef TENSORCORE_RANDOM_H
#define TENSORCORE_RANDOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tensorcore/tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

/* PyTorch's default seed of a fresh generator (torch.initial_seed() before any seeding). */
#define TC_DEFAULT_SEED UINT64_C(67280421310721)
/* Size of torch.get_rng_state()'s byte tensor (CPUGeneratorImplState). */
#define TC_RNG_STATE_SIZE 5056

typedef struct tc_generator tc_generator; /* opaque */

/* The process-wide default generator (torch.default_generator), seeded from the OS at first
 * use as torch 2.15 does. Borrowed. */
tc_generator *tc_generator_default(void);
/* A new generator seeded with TC_DEFAULT_SEED (torch.Generator()). New reference. */
tc_generator *tc_generator_new(void);
tc_generator *tc_generator_ref(tc_generator *g);
void tc_generator_unref(tc_generator *g); /* NULL is fine */
/* Reseed: the mt19937 state from the low 32 bits, the cached normal samples dropped. */
void tc_generator_manual_seed(tc_generator *g, uint64_t seed);
/* Reseed from /dev/urandom; returns the seed used (torch.seed(); 63 bits). */
uint64_t tc_generator_seed(tc_generator *g);
uint64_t tc_generator_initial_seed(const tc_generator *g);
/* The state in PyTorch's byte layout (TC_RNG_STATE_SIZE bytes into out). */
void tc_generator_get_state(const tc_generator *g, uint8_t *out);
/* Restore a state of TC_RNG_STATE_SIZE bytes; PyTorch's RuntimeError for any other size. */
int tc_generator_set_state(tc_generator *g, const uint8_t *state, size_t n, tc_error *err);
/* Raw draws: one mt19937 output, and two joined (first one high) as PyTorch's random64. */
uint32_t tc_generator_random(tc_generator *g);
uint64_t tc_generator_random64(tc_generator *g);

/* ---- torch distributions (g NULL: the default generator) -------------------------- */

/* In place, over t's elements in memory order as PyTorch's serial kernels. Each checks
 * its arguments with PyTorch's messages and returns 0 or -1. */
int tc_uniform_(tc_tensor *t, double from, double to, tc_generator *g, tc_error *err);
/* normal_: contiguous tensors of 16+ elements take PyTorch's batched Box-Muller path,
 * others the per-element path with the cached second sample. */
int tc_normal_(tc_tensor *t, double mean, double std, tc_generator *g, tc_error *err);
/* random_(from, to) over [from, to); random_() (has_range false) over the dtype's range
 * as PyTorch ([0, 2^mantissa] for floats). */
int tc_random_(tc_tensor *t, bool has_range, int64_t from, int64_t to, tc_generator *g,
               tc_error *err);
int tc_bernoulli_(tc_tensor *t, double p, tc_generator *g, tc_error *err);
/* bernoulli_ with a tensor of probabilities broadcast to t's shape. */
int tc_bernoulli_tensor_(tc_tensor *t, tc_tensor *p, tc_generator *g, tc_error *err);
int tc_exponential_(tc_tensor *t, double lambd, tc_generator *g, tc_error *err);
/* geometric_(p) (integer dtypes too), log_normal_(mean, std), cauchy_(median, sigma): one
 * double sample per element in PyTorch's order, cast to the dtype. */
int tc_geometric_(tc_tensor *t, double p, tc_generator *g, tc_error *err);
int tc_log_normal_(tc_tensor *t, double mean, double std, tc_generator *g, tc_error *err);
int tc_cauchy_(tc_tensor *t, double median, double sigma, tc_generator *g, tc_error *err);

/* torch.rand/randn/randint with an explicit generator. */
tc_tensor *tc_rand_gen(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev,
                       tc_generator *g, tc_error *err);
tc_tensor *tc_randn_gen(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev,
                        tc_generator *g, tc_error *err);
tc_tensor *tc_randint_gen(int64_t low, int64_t high, const int64_t *shape, int ndim,
                          tc_dtype dtype, tc_device dev, tc_generator *g, tc_error *err);
/* torch.randperm(n): PyTorch's swap walk for n < 2^32/20, its inside-out shuffle beyond. */
tc_tensor *tc_randperm(int64_t n, tc_dtype dtype, tc_device dev, tc_generator *g,
                       tc_error *err);
/* torch.multinomial(probs, n, replacement): int64 indices, 1-D or 2-D probs. */
tc_tensor *tc_multinomial(tc_tensor *probs, int64_t n, bool replacement, tc_generator *g,
                          tc_error *err);
/* torch.poisson(rates). */
tc_tensor *tc_poisson(tc_tensor *rates, tc_generator *g, tc_error *err);

/* ---- NumPy's legacy RandomState ----------------------------------------------------- */

typedef struct tc_np_rng {
    uint32_t key[624];
    int pos;
    bool has_gauss;
    double gauss;
} tc_np_rng;

/* The process-wide RandomState behind np.random.* (seeded from /dev/urandom at first use).
 * Borrowed. */
tc_np_rng *tc_np_rng_global(void);
/* np.random.seed(int) for 0 <= seed < 2^32. */
void tc_np_rng_seed(tc_np_rng *r, uint32_t seed);
/* np.random.seed(array of uint32): MT19937's init_by_array. */
void tc_np_rng_seed_array(tc_np_rng *r, const uint32_t *key, int n);
uint32_t tc_np_next32(tc_np_rng *r);
double tc_np_double(tc_np_rng *r);       /* random_sample: 53 bits from two draws */
double tc_np_gauss(tc_np_rng *r);        /* legacy polar method with its cached value */
/* Uniform integer in [0, max] by masked rejection (shuffle's random_interval). */
uint64_t tc_np_interval(tc_np_rng *r, uint64_t max);
/* randint's bounded draw: off + a masked-rejection value in [0, rng]. */
int64_t tc_np_bounded(tc_np_rng *r, int64_t off, uint64_t rng);

/* ---- NumPy's Generator: SeedSequence and PCG64 (np-generator.c) ----------------------- */

#define TC_SEEDSEQ_POOL 4

/* SeedSequence's pool from its entropy words (an int's 32-bit words, least significant
 * first) and its spawn key. */
void tc_seedseq_pool(const uint32_t *entropy, int n, const uint32_t *spawn_key, int nspawn,
                     uint32_t pool[TC_SEEDSEQ_POOL]);
/* SeedSequence.generate_state(nwords, uint32) from a pool. */
void tc_seedseq_generate(const uint32_t pool[TC_SEEDSEQ_POOL], uint32_t *out, int64_t nwords);

/* PCG64's state: the 128-bit LCG state and increment as halves, and the buffered upper
 * half of the last 64-bit draw that the next 32-bit draw returns. Plain data. */
typedef struct tc_pcg64 {
    uint64_t state_hi, state_lo, inc_hi, inc_lo;
    bool has_uint32;
    uint32_t uinteger;
    /* Non-NULL: the bit generator is MT19937 with this state (borrowed; the owner keeps it)
     * and the raw draws below come from it as NumPy's _mt19937 gives them (next64 two 32-bit
     * draws, the first high; next32 unbuffered; double the 53-bit a*2^26+b), so every
     * Generator method runs over either bit generator. */
    tc_np_rng *mt;
} tc_pcg64;

/* PCG64(SeedSequence): seeded from four 64-bit words of the pool's generate_state. */
void tc_pcg64_seed(tc_pcg64 *g, const uint32_t pool[TC_SEEDSEQ_POOL]);
uint64_t tc_pcg64_next64(tc_pcg64 *g);
uint32_t tc_pcg64_next32(tc_pcg64 *g);
double tc_pcg64_double(tc_pcg64 *g);   /* Generator.random: 53 bits */
float tc_pcg64_float(tc_pcg64 *g);     /* random(dtype=float32): 24 bits of a 32-bit draw */
double tc_pcg64_normal(tc_pcg64 *g);   /* standard_normal: the ziggurat */
float tc_pcg64_normal_f(tc_pcg64 *g);  /* standard_normal(dtype=float32) */
double tc_pcg64_exponential(tc_pcg64 *g);
/* A value in [0, max] by masked rejection (shuffle's random_interval). */
uint64_t tc_pcg64_interval(tc_pcg64 *g, uint64_t max);
/* off + a value in [0, rng] by Lemire's method (32-bit draws while rng fits 32 bits). */
uint64_t tc_pcg64_bounded(tc_pcg64 *g, uint64_t off, uint64_t rng);
/* integers(): n values low + [0, rng] of dtype dt (bool, uint8, int8..int64) into out, as
 * NumPy's fill for that dtype (8/16-bit and bool draws share buffered 32-bit draws). */
void tc_pcg64_integers(tc_pcg64 *g, tc_dtype dt, int64_t low, uint64_t rng, void *out, int64_t n);
/* The same with bounds per element (integers() with array bounds): low[i] + [0, rng[i]]. */
void tc_pcg64_integers_each(tc_pcg64 *g, tc_dtype dt, const int64_t *low, const uint64_t *rng, void *out, int64_t n);
int64_t tc_pcg64_poisson(tc_pcg64 *g, double lam);
/* log(gamma(x)) as NumPy's random_loggam, for the Poisson acceptance tests of both streams. */
double tc_np_loggam(double x);
int64_t tc_pcg64_binomial(tc_pcg64 *g, int64_t n, double p);
double tc_pcg64_std_gamma(tc_pcg64 *g, double shape); /* Marsaglia and Tsang over the ziggurats */
double tc_pcg64_beta(tc_pcg64 *g, double a, double b);
int64_t tc_pcg64_geometric(tc_pcg64 *g, double p);
/* NumPy's binomial BTPE branch (0 < p <= 0.5, n * p > 30) over next_double(state), for
 * both streams. */
int64_t tc_np_binomial_btpe(double (*next_double)(void *), void *state, int64_t n, double p);

#ifdef __cplusplus
}
#endif
#endif
