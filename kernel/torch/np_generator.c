/*
 * The C half of numpy.random.Generator (the Python half, py/_numpy_random.py, holds the
 * Generator, PCG64 and SeedSequence classes and their argument rules): a PCG64 state value
 * and the private numpy.random functions _pcg_* that draw from it in bulk over
 * tensorcore's copy of NumPy's Generator stream, and _seedseq_* for SeedSequence.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kernel/torch/torch-impl.h"
#include "tensorcore/random.h"

static bool absent(kn_obj *o) { return !o || kn_is(o, &kn_type_none); }

/* One bit generator's state: PCG64's in g, or (g.mt pointing at mt) MT19937's. */
typedef struct pcg_obj {
    kn_obj base;
    tc_pcg64 g;
    tc_np_rng mt;
} pcg_obj;

static const kn_type pcg_type = {.name = "_PCG64State", .qualname = "numpy.random._PCG64State"};

static int get_pcg(kn_obj *o, tc_pcg64 **out, kn_err *err) {
    if (!kn_is(o, &pcg_type)) return tc_error_set(err, TC_EXC_TYPE, "expected a PCG64 state");
    *out = &((pcg_obj *)o)->g;
    return 0;
}

static kn_obj *owned(tc_tensor *t) {
    kn_obj *o = t ? kn_ndarray_wrap(t) : NULL;
    if (o) ((kn_tensor_obj *)o)->owndata = true;
    return o;
}

/* size=: None (*scalar), an int or a tuple of ints. */
static int get_size(kn_obj *o, int64_t *shape, int *n, bool *scalar, kn_err *err) {
    *scalar = absent(o);
    *n = 0;
    if (*scalar) return 0;
    if (kn__shape_of(o, shape, n, err) < 0) return -1;
    for (int i = 0; i < *n; i++)
        if (shape[i] < 0) return tc_error_set(err, TC_EXC_VALUE, "negative dimensions are not allowed");
    return 0;
}

/* A list of ints as uint32 words (at most cap). */
static int words_of(kn_obj *list, uint32_t *out, int cap, int *n, kn_err *err) {
    if (!kn_is(list, &kn_type_list)) return tc_error_set(err, TC_EXC_TYPE, "expected a list of words");
    int64_t m = kn_list_len(list);
    if (m > cap) return tc_error_set(err, TC_EXC_VALUE, "too many entropy words");
    kn_obj **it = kn_list_items(list);
    for (int64_t i = 0; i < m; i++) {
        int64_t v;
        if (kn_to_int64(it[i], &v, err) < 0) return -1;
        out[i] = (uint32_t)v;
    }
    *n = (int)m;
    return 0;
}

/* _seedseq_pool(entropy_words, spawn_words) -> the 4 pool words (a list). */
static kn_obj *f_seedseq_pool(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"entropy", "spawn_key"};
    kn_obj *v[2];
    uint32_t ent[1024], spawn[256], pool[TC_SEEDSEQ_POOL];
    int ne, ns;
    if (kn_args_bind(a, "_seedseq_pool", names, 2, 2, v, err) < 0 || words_of(v[0], ent, 1024, &ne, err) < 0 ||
        words_of(v[1], spawn, 256, &ns, err) < 0)
        return NULL;
    tc_seedseq_pool(ent, ne, spawn, ns, pool);
    kn_obj *l = kn_list_new(0);
    for (int i = 0; l && i < TC_SEEDSEQ_POOL; i++) {
        kn_obj *x = kn_int_new(pool[i]);
        if (!x || kn_list_append(l, x) < 0) {
            kn_decref(x);
            kn_decref(l);
            l = NULL;
            break;
        }
        kn_decref(x);
    }
    if (!l) kn_nomem(err);
    return l;
}

static int pool_of(kn_obj *o, uint32_t pool[TC_SEEDSEQ_POOL], kn_err *err) {
    int n;
    if (words_of(o, pool, TC_SEEDSEQ_POOL, &n, err) < 0) return -1;
    if (n != TC_SEEDSEQ_POOL) return tc_error_set(err, TC_EXC_VALUE, "a pool has 4 words");
    return 0;
}

/* _seedseq_generate(pool, n_words) -> an int64 array of n uint32 words. */
static kn_obj *f_seedseq_generate(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"pool", "n_words"};
    kn_obj *v[2];
    uint32_t pool[TC_SEEDSEQ_POOL];
    int64_t n;
    if (kn_args_bind(a, "_seedseq_generate", names, 2, 2, v, err) < 0 || pool_of(v[0], pool, err) < 0 ||
        kn_to_int64(v[1], &n, err) < 0)
        return NULL;
    if (n < 0) return tc_error_set(err, TC_EXC_VALUE, "negative dimensions are not allowed"), NULL;
    tc_tensor *t = tc_empty(&n, 1, TC_DTYPE_I64, tc_device_cpu(), err);
    if (!t) return NULL;
    uint32_t *w = tc_reallocarray(NULL, (size_t)(n ? n : 1), sizeof(uint32_t));
    if (!w) {
        tc_tensor_unref(t);
        return kn_nomem(err), NULL;
    }
    tc_seedseq_generate(pool, w, n);
    for (int64_t i = 0; i < n; i++) ((int64_t *)tc_data_ptr(t))[i] = w[i];
    tc_free(w);
    return owned(t);
}

/* _pcg_new(pool) -> a PCG64 state seeded from the pool. */
static kn_obj *f_pcg_new(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"pool"};
    kn_obj *v[1];
    uint32_t pool[TC_SEEDSEQ_POOL];
    if (kn_args_bind(a, "_pcg_new", names, 1, 1, v, err) < 0 || pool_of(v[0], pool, err) < 0) return NULL;
    pcg_obj *p = (pcg_obj *)kn_obj_alloc(&pcg_type, sizeof *p, err);
    if (!p) return NULL;
    tc_pcg64_seed(&p->g, pool);
    return &p->base;
}

/* ---- MT19937 (np.random.MT19937 and RandomState): a state object that Generator draws
 * from like PCG64's, and that RandomState swaps with the process-wide legacy state around
 * each call, so the legacy functions serve every RandomState instance. */

static int get_mt(kn_obj *o, tc_np_rng **out, kn_err *err) {
    if (!kn_is(o, &pcg_type) || !((pcg_obj *)o)->g.mt) return tc_error_set(err, TC_EXC_TYPE, "expected an MT19937 state");
    *out = ((pcg_obj *)o)->g.mt;
    return 0;
}

/* _mt_new() -> an MT19937 state (seeded with 0 until one of the seeding functions runs). */
static kn_obj *f_mt_new(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "_mt_new", NULL, 0, 0, NULL, err) < 0) return NULL;
    pcg_obj *p = (pcg_obj *)kn_obj_alloc(&pcg_type, sizeof *p, err);
    if (!p) return NULL;
    memset(&p->g, 0, sizeof p->g);
    tc_np_rng_seed(&p->mt, 0);
    p->g.mt = &p->mt;
    return &p->base;
}

/* _mt_seed_words(st, words): MT19937(SeedSequence) seeding from 624 generate_state words:
 * key[0] = 0x80000000 (never an all-zero state), key[i] = words[i], pos 623. */
static kn_obj *f_mt_seed_words(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"st", "words"};
    kn_obj *v[2];
    tc_np_rng *r = NULL;
    uint32_t w[624];
    int n;
    if (kn_args_bind(a, "_mt_seed_words", names, 2, 2, v, err) < 0 || get_mt(v[0], &r, err) < 0 ||
        words_of(v[1], w, 624, &n, err) < 0)
        return NULL;
    if (n != 624) return tc_error_set(err, TC_EXC_VALUE, "MT19937 seeding takes 624 words"), NULL;
    r->key[0] = 0x80000000u;
    for (int i = 1; i < 624; i++) r->key[i] = w[i];
    r->pos = 623;
    r->has_gauss = false;
    r->gauss = 0;
    return kn_none_new();
}

/* _mt_swap(st): exchange st's state with the legacy global one (np.random.seed/rand/...). */
static kn_obj *f_mt_swap(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"st"};
    kn_obj *v[1];
    tc_np_rng *r = NULL;
    if (kn_args_bind(a, "_mt_swap", names, 1, 1, v, err) < 0 || get_mt(v[0], &r, err) < 0) return NULL;
    tc_np_rng *gl = tc_np_rng_global(), t = *gl;
    *gl = *r;
    *r = t;
    return kn_none_new();
}

/* _mt_raw(st, n) -> an int64 array of n raw 32-bit draws (MT19937.random_raw). */
static kn_obj *f_mt_raw(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"st", "n"};
    kn_obj *v[2];
    tc_np_rng *r = NULL;
    int64_t n;
    if (kn_args_bind(a, "_mt_raw", names, 2, 2, v, err) < 0 || get_mt(v[0], &r, err) < 0 || kn_to_int64(v[1], &n, err) < 0)
        return NULL;
    if (n < 0) return tc_error_set(err, TC_EXC_VALUE, "negative dimensions are not allowed"), NULL;
    tc_tensor *t = tc_empty(&n, 1, TC_DTYPE_I64, tc_device_cpu(), err);
    if (!t) return NULL;
    for (int64_t i = 0; i < n; i++) ((int64_t *)tc_data_ptr(t))[i] = tc_np_next32(r);
    return owned(t);
}

typedef unsigned __int128 u128;

static kn_obj *int128_obj(uint64_t hi, uint64_t lo, kn_err *err) {
    u128 v = ((u128)hi << 64) | lo;
    char buf[64], *p = buf + sizeof buf;
    *--p = 0;
    do {
        *--p = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    return kn_int_from_text(p, strlen(p), err);
}

static int int128_of(kn_obj *o, uint64_t *hi, uint64_t *lo, kn_err *err) {
    if (!kn_is(o, &kn_type_int)) return tc_error_set(err, TC_EXC_TYPE, "state values must be integers");
    kn_obj *s = kn_repr(o, err);
    if (!s) return -1;
    const char *c = kn_str_cstr(s);
    u128 v = 0;
    bool bad = *c == '-' || !*c;
    for (; *c && !bad; c++) {
        u128 nv = v * 10 + (unsigned)(*c - '0');
        bad = nv / 10 != v || *c < '0' || *c > '9';
        v = nv;
    }
    kn_decref(s);
    if (bad) return tc_error_set(err, TC_EXC_VALUE, "state values must be in [0, 2**128)");
    *hi = (uint64_t)(v >> 64);
    *lo = (uint64_t)v;
    return 0;
}

/* _pcg_get(st) -> (state, inc, has_uint32, uinteger). */
static kn_obj *f_pcg_get(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"st"};
    kn_obj *v[1];
    tc_pcg64 *g = NULL;
    if (kn_args_bind(a, "_pcg_get", names, 1, 1, v, err) < 0 || get_pcg(v[0], &g, err) < 0) return NULL;
    kn_obj *s = int128_obj(g->state_hi, g->state_lo, err), *i = s ? int128_obj(g->inc_hi, g->inc_lo, err) : NULL;
    kn_obj *t = i ? kn_tuple_new(4) : NULL;
    if (!t) {
        kn_decref(s);
        kn_decref(i);
        if (!tc_error_is_set(err)) kn_nomem(err);
        return NULL;
    }
    kn_tuple_set(t, 0, s);
    kn_tuple_set(t, 1, i);
    kn_tuple_set(t, 2, kn_int_new(g->has_uint32));
    kn_tuple_set(t, 3, kn_int_new(g->uinteger));
    return t;
}

/* _pcg_set(st, state, inc, has_uint32, uinteger). */
static kn_obj *f_pcg_set(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"st", "state", "inc", "has_uint32", "uinteger"};
    kn_obj *v[5];
    tc_pcg64 *g = NULL, n;
    int64_t has, u;
    if (kn_args_bind(a, "_pcg_set", names, 5, 5, v, err) < 0 || get_pcg(v[0], &g, err) < 0 ||
        int128_of(v[1], &n.state_hi, &n.state_lo, err) < 0 || int128_of(v[2], &n.inc_hi, &n.inc_lo, err) < 0 ||
        kn_to_int64(v[3], &has, err) < 0 || kn_to_int64(v[4], &u, err) < 0)
        return NULL;
    n.has_uint32 = has != 0;
    n.uinteger = (uint32_t)u;
    n.mt = g->mt;
    *g = n;
    return kn_none_new();
}

/* The float samplers: f64 (and f32 where NumPy has a float32 path). */
typedef enum fkind { F_RANDOM, F_NORMAL, F_EXPONENTIAL } fkind;

static double draw_d(tc_pcg64 *g, fkind k) {
    return k == F_RANDOM ? tc_pcg64_double(g) : k == F_NORMAL ? tc_pcg64_normal(g) : tc_pcg64_exponential(g);
}

/* _pcg_float(st, kind, size, float32, a, b) -> a + b * draw for each element (Python float
 * when size is None). kind: 0 random, 1 standard_normal, 2 standard_exponential. */
static kn_obj *f_pcg_float(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"st", "kind", "size", "float32", "loc", "scale"};
    kn_obj *v[6];
    tc_pcg64 *g = NULL;
    int64_t kind, shape[TC_MAX_DIMS];
    int n;
    bool scalar, f32 = false;
    double loc = 0, scale = 1;
    if (kn_args_bind(a, "_pcg_float", names, 6, 3, v, err) < 0 || get_pcg(v[0], &g, err) < 0 ||
        kn_to_int64(v[1], &kind, err) < 0 || get_size(v[2], shape, &n, &scalar, err) < 0 ||
        (!absent(v[3]) && kn__to_bool(v[3], &f32, err) < 0) || (!absent(v[4]) && kn_to_double(v[4], &loc, err) < 0) ||
        (!absent(v[5]) && kn_to_double(v[5], &scale, err) < 0))
        return NULL;
    fkind k = (fkind)kind;
    bool affine = !absent(v[4]) || !absent(v[5]);
    if (f32) {
        if (scalar) return kn_float_new(k == F_RANDOM ? tc_pcg64_float(g) : tc_pcg64_normal_f(g));
        tc_tensor *t = tc_empty(shape, n, TC_DTYPE_F32, tc_device_cpu(), err);
        if (!t) return NULL;
        float *d = tc_data_ptr(t);
        for (int64_t i = 0, m = tc_numel(t); i < m; i++) d[i] = k == F_RANDOM ? tc_pcg64_float(g) : tc_pcg64_normal_f(g);
        return owned(t);
    }
    if (scalar) {
        double x = draw_d(g, k);
        return kn_float_new(affine ? (k == F_RANDOM ? loc + scale * x : k == F_NORMAL ? loc + scale * x : scale * x) : x);
    }
    tc_tensor *t = tc_empty(shape, n, TC_DTYPE_F64, tc_device_cpu(), err);
    if (!t) return NULL;
    double *d = tc_data_ptr(t);
    for (int64_t i = 0, m = tc_numel(t); i < m; i++) {
        double x = draw_d(g, k);
        d[i] = affine ? (k == F_EXPONENTIAL ? scale * x : loc + scale * x) : x;
    }
    return owned(t);
}

/* _pcg_integers(st, low, high_inclusive, size, dtype) -> values in [low, high] (a NumPy
 * scalar when size is None). */
static kn_obj *f_pcg_integers(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"st", "low", "high", "size", "dtype"};
    kn_obj *v[5];
    tc_pcg64 *g = NULL;
    int64_t lo, hi, shape[TC_MAX_DIMS];
    int n;
    bool scalar;
    tc_dtype dt;
    if (kn_args_bind(a, "_pcg_integers", names, 5, 5, v, err) < 0 || get_pcg(v[0], &g, err) < 0 ||
        kn_to_int64(v[1], &lo, err) < 0 || kn_to_int64(v[2], &hi, err) < 0 ||
        get_size(v[3], shape, &n, &scalar, err) < 0 || kn__parse_dtype(v[4], &dt, err) < 0)
        return NULL;
    uint64_t rng = (uint64_t)hi - (uint64_t)lo;
    tc_tensor *t = tc_empty(shape, scalar ? 0 : n, dt, tc_device_cpu(), err);
    if (!t) return NULL;
    tc_pcg64_integers(g, dt, lo, rng, tc_data_ptr(t), tc_numel(t));
    if (!scalar) return owned(t);
    kn_obj *s = kn__np_scalar_new(tc_data_ptr(t), dt, err);
    tc_tensor_unref(t);
    return s;
}

/* _pcg_integers_each(st, low, high, dtype) -> an array of dtype: low[i] + [0, high[i] -
 * low[i]] for int64 arrays low and high of one shape (bounds inclusive, checked by the caller). */
static kn_obj *f_pcg_integers_each(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"st", "low", "high", "dtype"};
    kn_obj *v[4];
    tc_pcg64 *g = NULL;
    tc_dtype dt;
    if (kn_args_bind(a, "_pcg_integers_each", names, 4, 4, v, err) < 0 || get_pcg(v[0], &g, err) < 0 ||
        kn__parse_dtype(v[3], &dt, err) < 0)
        return NULL;
    tc_tensor *lo = kn_tensor_unwrap(v[1]), *hi = kn_tensor_unwrap(v[2]);
    if (!lo || !hi || lo->dtype != TC_DTYPE_I64 || hi->dtype != TC_DTYPE_I64 || lo->ndim != hi->ndim ||
        memcmp(lo->shape, hi->shape, sizeof(int64_t) * (size_t)lo->ndim))
        return tc_error_set(err, TC_EXC_TYPE, "low and high must be int64 arrays of one shape"), NULL;
    tc_tensor *cl = tc_contiguous(lo, err), *ch = cl ? tc_contiguous(hi, err) : NULL;
    tc_tensor *t = ch ? tc_empty(lo->shape, lo->ndim, dt, tc_device_cpu(), err) : NULL;
    int64_t n = t ? tc_numel(t) : 0;
    uint64_t *rng = t ? tc_reallocarray(NULL, (size_t)(n ? n : 1), sizeof(uint64_t)) : NULL;
    kn_obj *r = NULL;
    if (t && !rng) kn_nomem(err);
    if (rng) {
        const int64_t *l = tc_data_ptr(cl), *h = tc_data_ptr(ch);
        for (int64_t i = 0; i < n; i++) rng[i] = (uint64_t)h[i] - (uint64_t)l[i];
        tc_pcg64_integers_each(g, dt, l, rng, tc_data_ptr(t), n);
        r = owned(t);
        t = NULL;
    }
    tc_free(rng);
    tc_tensor_unref(t);
    tc_tensor_unref(cl);
    tc_tensor_unref(ch);
    return r;
}

/* _pcg_interval(st, max) -> an int in [0, max] (random_interval). */
static kn_obj *f_pcg_interval(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"st", "max"};
    kn_obj *v[2];
    tc_pcg64 *g = NULL;
    int64_t m;
    if (kn_args_bind(a, "_pcg_interval", names, 2, 2, v, err) < 0 || get_pcg(v[0], &g, err) < 0 ||
        kn_to_int64(v[1], &m, err) < 0)
        return NULL;
    return kn_int_new((int64_t)tc_pcg64_interval(g, (uint64_t)m));
}

/* Swap rows i and j of n rows of rowbytes each. */
static void swap_rows(char *d, size_t rowbytes, int64_t i, int64_t j, char *tmp) {
    memcpy(tmp, d + i * (int64_t)rowbytes, rowbytes);
    memcpy(d + i * (int64_t)rowbytes, d + j * (int64_t)rowbytes, rowbytes);
    memcpy(d + j * (int64_t)rowbytes, tmp, rowbytes);
}

/* _pcg_shuffle(st, array, first=1): the rows of array (axis 0) shuffled in place, for i from
 * n-1 down to first swapped with random_interval(i). */
static kn_obj *f_pcg_shuffle(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"st", "x", "first"};
    kn_obj *v[3];
    tc_pcg64 *g = NULL;
    int64_t first = 1;
    if (kn_args_bind(a, "_pcg_shuffle", names, 3, 2, v, err) < 0 || get_pcg(v[0], &g, err) < 0 ||
        (!absent(v[2]) && kn_to_int64(v[2], &first, err) < 0))
        return NULL;
    tc_tensor *t = kn_tensor_unwrap(v[1]);
    if (!t || t->ndim == 0) return tc_error_set(err, TC_EXC_TYPE, "expected an array of at least one dimension"), NULL;
    int64_t n = t->shape[0];
    tc_tensor *c = tc_contiguous(t, err);
    if (!c) return NULL;
    size_t rowbytes = (size_t)(n ? tc_numel(c) / n : 0) * tc_dtype_size(c->dtype);
    char tmp[4096], *buf = rowbytes > sizeof tmp ? tc_malloc(rowbytes) : tmp;
    if (!buf) {
        tc_tensor_unref(c);
        return kn_nomem(err), NULL;
    }
    char *d = tc_data_ptr(c);
    for (int64_t i = n - 1; i >= first; i--) {
        int64_t j = (int64_t)tc_pcg64_interval(g, (uint64_t)i);
        if (i != j && rowbytes) swap_rows(d, rowbytes, i, j, buf);
    }
    if (buf != tmp) tc_free(buf);
    int rc = c == t ? 0 : tc_copy_(t, c, err);
    tc_tensor_unref(c);
    return rc < 0 ? NULL : kn_none_new();
}

/* _pcg_sample(st, pop, k, shuffle) -> k distinct int64 indices of range(pop), as
 * Generator.choice(replace=False) without p: a tail shuffle of a range when k is a large
 * part of a large population, else Floyd's algorithm over a linear-probing set (then
 * shuffled unless shuffle is false). */
static kn_obj *f_pcg_sample(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"st", "pop", "k", "shuffle"};
    kn_obj *v[4];
    tc_pcg64 *g = NULL;
    int64_t pop, k;
    bool shuf = true;
    if (kn_args_bind(a, "_pcg_sample", names, 4, 3, v, err) < 0 || get_pcg(v[0], &g, err) < 0 ||
        kn_to_int64(v[1], &pop, err) < 0 || kn_to_int64(v[2], &k, err) < 0 ||
        (!absent(v[3]) && kn__to_bool(v[3], &shuf, err) < 0))
        return NULL;
    int64_t cutoff = shuf ? 50 : 20;
    tc_tensor *t = tc_empty(&k, 1, TC_DTYPE_I64, tc_device_cpu(), err);
    if (!t) return NULL;
    int64_t *out = tc_data_ptr(t);
    if (pop > 10000 && k > pop / cutoff) {
        int64_t *idx = tc_reallocarray(NULL, (size_t)pop, sizeof(int64_t));
        if (!idx) {
            tc_tensor_unref(t);
            return kn_nomem(err), NULL;
        }
        for (int64_t i = 0; i < pop; i++) idx[i] = i;
        int64_t first = pop - k > 1 ? pop - k : 1;
        for (int64_t i = pop - 1; i >= first; i--) {
            int64_t j = (int64_t)tc_pcg64_bounded(g, 0, (uint64_t)i), x = idx[j];
            idx[j] = idx[i];
            idx[i] = x;
        }
        memcpy(out, idx + (pop - k), sizeof(int64_t) * (size_t)k);
        tc_free(idx);
        return owned(t);
    }
    uint64_t setsize = (uint64_t)(1.2 * (double)k), mask = setsize;
    mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16; mask |= mask >> 32;
    setsize = mask + 1;
    uint64_t *set = tc_reallocarray(NULL, (size_t)setsize, sizeof(uint64_t));
    if (!set) {
        tc_tensor_unref(t);
        return kn_nomem(err), NULL;
    }
    memset(set, 0xff, sizeof(uint64_t) * (size_t)setsize);
    for (int64_t j = pop - k; j < pop; j++) {
        uint64_t val = tc_pcg64_bounded(g, 0, (uint64_t)j), loc = val & mask;
        while (set[loc] != UINT64_MAX && set[loc] != val) loc = (loc + 1) & mask;
        if (set[loc] == UINT64_MAX) {
            set[loc] = val;
            out[j - pop + k] = (int64_t)val;
        } else {
            loc = (uint64_t)j & mask;
            while (set[loc] != UINT64_MAX) loc = (loc + 1) & mask;
            set[loc] = (uint64_t)j;
            out[j - pop + k] = j;
        }
    }
    tc_free(set);
    if (shuf)
        for (int64_t i = k - 1; i >= 1; i--) {
            int64_t j = (int64_t)tc_pcg64_bounded(g, 0, (uint64_t)i), x = out[j];
            out[j] = out[i];
            out[i] = x;
        }
    return owned(t);
}

/* _pcg_discrete(st, kind, a, b, size) -> int64 draws: kind 0 poisson(lam=a), 1
 * binomial(n=a, p=b) (a NumPy int64 scalar when size is None). */
static kn_obj *f_pcg_discrete(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"st", "kind", "a", "b", "size"};
    kn_obj *v[5];
    tc_pcg64 *g = NULL;
    int64_t kind, shape[TC_MAX_DIMS], bn = 0;
    double pa = 0, pb = 0;
    int n;
    bool scalar;
    if (kn_args_bind(a, "_pcg_discrete", names, 5, 5, v, err) < 0 || get_pcg(v[0], &g, err) < 0 ||
        kn_to_int64(v[1], &kind, err) < 0 || get_size(v[4], shape, &n, &scalar, err) < 0)
        return NULL;
    if (kind == 1 ? kn_to_int64(v[2], &bn, err) < 0 || kn_to_double(v[3], &pb, err) < 0
                  : kn_to_double(v[2], &pa, err) < 0)
        return NULL;
    tc_tensor *t = tc_empty(shape, scalar ? 0 : n, TC_DTYPE_I64, tc_device_cpu(), err);
    if (!t) return NULL;
    int64_t *d = tc_data_ptr(t);
    for (int64_t i = 0, m = tc_numel(t); i < m; i++)
        d[i] = kind == 1 ? tc_pcg64_binomial(g, bn, pb) : tc_pcg64_poisson(g, pa);
    if (!scalar) return owned(t);
    kn_obj *s = kn__np_scalar_new(d, TC_DTYPE_I64, err);
    tc_tensor_unref(t);
    return s;
}

/* _pcg_choice_p(st, p, k, replace) -> k int64 indices drawn with probabilities p (float64,
 * checked by the caller), as Generator.choice: the cdf of p searched (side='right') with
 * uniform draws; without replacement the draws repeat for the missing count, with the found
 * entries' probabilities set to zero, keeping each round's first hits in order. */
static kn_obj *f_pcg_choice_p(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"st", "p", "k", "replace"};
    kn_obj *v[4];
    tc_pcg64 *g = NULL;
    int64_t k;
    bool replace;
    if (kn_args_bind(a, "_pcg_choice_p", names, 4, 4, v, err) < 0 || get_pcg(v[0], &g, err) < 0 ||
        kn_to_int64(v[2], &k, err) < 0 || kn__to_bool(v[3], &replace, err) < 0)
        return NULL;
    tc_tensor *pt = kn_tensor_unwrap(v[1]);
    if (!pt || pt->dtype != TC_DTYPE_F64 || pt->ndim != 1)
        return tc_error_set(err, TC_EXC_TYPE, "p must be a 1-d float64 array"), NULL;
    tc_tensor *pc = tc_contiguous(pt, err);
    if (!pc) return NULL;
    int64_t pop = pc->shape[0];
    double *p = tc_reallocarray(NULL, (size_t)(pop ? pop : 1), sizeof(double));
    double *cdf = tc_reallocarray(NULL, (size_t)(pop ? pop : 1), sizeof(double));
    int64_t *fresh = tc_reallocarray(NULL, (size_t)(k ? k : 1), sizeof(int64_t));
    tc_tensor *t = tc_empty(&k, 1, TC_DTYPE_I64, tc_device_cpu(), err);
    kn_obj *res = NULL;
    if (!p || !cdf || !fresh) {
        kn_nomem(err);
        goto out;
    }
    if (!t) goto out;
    memcpy(p, tc_data_ptr(pc), sizeof(double) * (size_t)pop);
    int64_t *idx = tc_data_ptr(t), found = 0, nonzero = 0;
    for (int64_t i = 0; i < pop; i++) nonzero += p[i] > 0;
    if (!replace && nonzero < k) { /* the rounds would never find k distinct entries */
        tc_error_set(err, TC_EXC_VALUE, "Fewer non-zero entries in p than size");
        goto out;
    }
    if (replace && k > 0 && nonzero == 0) {
        tc_error_set(err, TC_EXC_VALUE, "probabilities are all zero");
        goto out;
    }
    while (found < k) {
        int64_t want = replace ? k : k - found;
        for (int64_t i = 0; i < found; i++) p[idx[i]] = 0;
        double acc = 0;
        for (int64_t i = 0; i < pop; i++) cdf[i] = acc += p[i];
        for (int64_t i = 0; i < pop; i++) cdf[i] /= cdf[pop - 1];
        for (int64_t j = 0; j < want; j++) {
            double u = tc_pcg64_double(g);
            int64_t lo = 0, hi = pop;
            while (lo < hi) {
                int64_t mid = lo + (hi - lo) / 2;
                if (cdf[mid] <= u) lo = mid + 1;
                else hi = mid;
            }
            fresh[j] = lo;
        }
        if (replace) {
            memcpy(idx, fresh, sizeof(int64_t) * (size_t)k);
            break;
        }
        for (int64_t j = 0; j < want; j++) {
            bool dup = false;
            for (int64_t q = 0; q < j && !dup; q++) dup = fresh[q] == fresh[j];
            if (!dup) idx[found++] = fresh[j];
        }
    }
    res = owned(t);
    t = NULL;
out:
    tc_tensor_unref(t);
    tc_tensor_unref(pc);
    tc_free(p);
    tc_free(cdf);
    tc_free(fresh);
    return res;
}

/* _seedseq_entropy() -> 128 bits from /dev/urandom as four 32-bit words (SeedSequence()). */
static kn_obj *f_seedseq_entropy(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "_seedseq_entropy", NULL, 0, 0, NULL, err) < 0) return NULL;
    uint32_t w[4] = {0, 0, 0, 0};
    FILE *f = fopen("/dev/urandom", "rb");
    if (!f || fread(w, sizeof w, 1, f) != 1) {
        w[0] = (uint32_t)time(NULL);
        w[1] = (uint32_t)clock();
    }
    if (f) fclose(f);
    kn_obj *t = kn_tuple_new(4);
    if (!t) return kn_nomem(err), NULL;
    for (int i = 0; i < 4; i++) kn_tuple_set(t, i, kn_int_new(w[i]));
    return t;
}

/* One draw of the distribution 'kind' with parameters p (NumPy's Generator samplers). */
static double dist_draw(tc_pcg64 *g, int kind, const double *p) {
    double u;
    switch (kind) {
    case 0: return tc_pcg64_std_gamma(g, p[0]);
    case 1: return p[1] * tc_pcg64_std_gamma(g, p[0]);
    case 2: return 2.0 * tc_pcg64_std_gamma(g, p[0] / 2.0);
    case 3: return tc_pcg64_beta(g, p[0], p[1]);
    case 4: return exp(p[0] + p[1] * tc_pcg64_normal(g));
    case 5:
        for (;;) {
            u = tc_pcg64_double(g);
            if (u >= 0.5) return p[0] - p[1] * log(2.0 - u - u);
            if (u > 0.0) return p[0] + p[1] * log(u + u);
        }
    case 6:
        u = tc_pcg64_double(g);
        while (u <= 0.0) u = tc_pcg64_double(g);
        return p[0] + p[1] * log(u / (1.0 - u));
    case 7:
        for (;;) {
            u = 1.0 - tc_pcg64_double(g);
            if (u < 1.0) return p[0] - p[1] * log(-log(u));
        }
    case 8: {
        double base = p[2] - p[0], lb = p[1] - p[0], ratio = lb / base, lp = lb * base, rp = (p[2] - p[1]) * base;
        u = tc_pcg64_double(g);
        return u <= ratio ? p[0] + sqrt(u * lp) : p[2] - sqrt((1.0 - u) * rp);
    }
    case 9: return (double)tc_pcg64_geometric(g, p[0]);
    case 10: {
        double a = tc_pcg64_normal(g);
        return a / tc_pcg64_normal(g);
    }
    case 11: return p[0] == 0.0 ? 0.0 : pow(tc_pcg64_exponential(g), 1. / p[0]);
    case 12: return expm1(tc_pcg64_exponential(g) / p[0]);
    case 13: return p[0] * sqrt(2.0 * tc_pcg64_exponential(g));
    case 14: return pow(-expm1(-tc_pcg64_exponential(g)), 1. / p[0]);
    default: return NAN;
    }
}

/* _pcg_dist(st, kind, size, a, b, c) -> float64 draws (int64 for kind 9, geometric); a Python
 * float (int) when size is None. Kinds: standard_gamma, gamma, chisquare, beta, lognormal,
 * laplace, logistic, gumbel, triangular, geometric, standard_cauchy, weibull, pareto,
 * rayleigh, power. The caller checks the parameters. */
static kn_obj *f_pcg_dist(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"st", "kind", "size", "a", "b", "c"};
    kn_obj *v[6];
    tc_pcg64 *g = NULL;
    int64_t kind, shape[TC_MAX_DIMS];
    double p[3] = {0, 0, 0};
    int n;
    bool scalar;
    if (kn_args_bind(a, "_pcg_dist", names, 6, 3, v, err) < 0 || get_pcg(v[0], &g, err) < 0 ||
        kn_to_int64(v[1], &kind, err) < 0 || get_size(v[2], shape, &n, &scalar, err) < 0)
        return NULL;
    for (int i = 0; i < 3; i++)
        if (!absent(v[3 + i]) && kn_to_double(v[3 + i], &p[i], err) < 0) return NULL;
    bool integer = kind == 9;
    if (scalar) {
        double x = dist_draw(g, (int)kind, p);
        return integer ? kn_int_new((int64_t)x) : kn_float_new(x);
    }
    tc_tensor *t = tc_empty(shape, n, integer ? TC_DTYPE_I64 : TC_DTYPE_F64, tc_device_cpu(), err);
    if (!t) return NULL;
    for (int64_t i = 0, m = tc_numel(t); i < m; i++) {
        double x = dist_draw(g, (int)kind, p);
        if (integer) ((int64_t *)tc_data_ptr(t))[i] = (int64_t)x;
        else ((double *)tc_data_ptr(t))[i] = x;
    }
    return owned(t);
}

/* A 1-d float64 array argument's contiguous copy. */
static tc_tensor *f64_vector(kn_obj *o, kn_err *err) {
    tc_tensor *t = kn_tensor_unwrap(o);
    if (!t || t->dtype != TC_DTYPE_F64 || t->ndim != 1)
        return tc_error_set(err, TC_EXC_TYPE, "expected a 1-d float64 array"), NULL;
    return tc_contiguous(t, err);
}

/* The result shape: size (or none) + [k]. */
static int size_plus(kn_obj *size, int64_t k, int64_t *shape, int *n, kn_err *err) {
    bool scalar;
    if (get_size(size, shape, n, &scalar, err) < 0) return -1;
    if (*n >= TC_MAX_DIMS) return tc_error_set(err, TC_EXC_VALUE, "too many dimensions");
    shape[(*n)++] = k;
    return 0;
}

/* _pcg_multinomial(st, n, pvals, size) -> int64 [size..., d]: a binomial per category on
 * what is left (NumPy's random_multinomial). */
static kn_obj *f_pcg_multinomial(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"st", "n", "pvals", "size"};
    kn_obj *v[4];
    tc_pcg64 *g = NULL;
    int64_t trials, shape[TC_MAX_DIMS];
    int nd;
    if (kn_args_bind(a, "_pcg_multinomial", names, 4, 4, v, err) < 0 || get_pcg(v[0], &g, err) < 0 ||
        kn_to_int64(v[1], &trials, err) < 0)
        return NULL;
    tc_tensor *pv = f64_vector(v[2], err), *t = NULL;
    if (!pv) return NULL;
    int64_t d = pv->shape[0];
    const double *p = tc_data_ptr(pv);
    if (size_plus(v[3], d, shape, &nd, err) == 0 && (t = tc_zeros(shape, nd, TC_DTYPE_I64, tc_device_cpu(), err))) {
        int64_t *o = tc_data_ptr(t);
        for (int64_t i = 0, m = tc_numel(t); i < m && d > 0; i += d) {
            double left = 1.0;
            int64_t dn = trials;
            for (int64_t j = 0; j + 1 < d; j++) {
                o[i + j] = tc_pcg64_binomial(g, dn, p[j] / left);
                dn -= o[i + j];
                if (dn <= 0) break;
                left -= p[j];
            }
            if (dn > 0) o[i + d - 1] = dn;
        }
    }
    tc_tensor_unref(pv);
    return t ? owned(t) : NULL;
}

/* _pcg_dirichlet(st, alpha, size) -> float64 [size..., k]: stick breaking with betas when
 * every alpha is below 0.1, else normalized standard gammas (NumPy's Generator.dirichlet). */
static kn_obj *f_pcg_dirichlet(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"st", "alpha", "size"};
    kn_obj *v[3];
    tc_pcg64 *g = NULL;
    int64_t shape[TC_MAX_DIMS];
    int nd;
    if (kn_args_bind(a, "_pcg_dirichlet", names, 3, 3, v, err) < 0 || get_pcg(v[0], &g, err) < 0) return NULL;
    tc_tensor *al = f64_vector(v[1], err), *t = NULL;
    if (!al) return NULL;
    int64_t k = al->shape[0];
    const double *ad = tc_data_ptr(al);
    double *csum = tc_reallocarray(NULL, (size_t)(k ? k : 1), sizeof(double));
    if (!csum) kn_nomem(err);
    if (csum && size_plus(v[2], k, shape, &nd, err) == 0 && (t = tc_zeros(shape, nd, TC_DTYPE_F64, tc_device_cpu(), err))) {
        double *o = tc_data_ptr(t), mx = -INFINITY, acc = 0;
        for (int64_t j = 0; j < k; j++) mx = ad[j] > mx ? ad[j] : mx;
        for (int64_t j = k - 1; j >= 0; j--) csum[j] = acc += ad[j];
        int64_t total = tc_numel(t);
        if (k > 0 && mx < 0.1) {
            for (int64_t i = 0; i < total && acc > 0; i += k) {
                double rest = 1.;
                for (int64_t j = 0; j + 1 < k; j++) {
                    double b = tc_pcg64_beta(g, ad[j], csum[j + 1]);
                    o[i + j] = rest * b;
                    rest *= 1. - b;
                    if (csum[j + 1] == 0) break;
                }
                o[i + k - 1] = rest;
            }
        } else {
            for (int64_t i = 0; i < total; i += k) {
                double s = 0.;
                for (int64_t j = 0; j < k; j++) {
                    o[i + j] = tc_pcg64_std_gamma(g, ad[j]);
                    s = s + o[i + j];
                }
                double inv = 1. / s;
                for (int64_t j = 0; j < k; j++) o[i + j] = o[i + j] * inv;
            }
        }
    }
    tc_free(csum);
    tc_tensor_unref(al);
    return t ? owned(t) : NULL;
}

static const kn__fn generator_fns[] = {
    {"_pcg_integers_each", f_pcg_integers_each, "(st, low, high, dtype)", NULL},
    {"_pcg_multinomial", f_pcg_multinomial, "(st, n, pvals, size)", NULL},
    {"_pcg_dirichlet", f_pcg_dirichlet, "(st, alpha, size)", NULL},
    {"_pcg_dist", f_pcg_dist, "(st, kind, size, a=None, b=None, c=None)", NULL},
    {"_seedseq_entropy", f_seedseq_entropy, "()", NULL},
    {"_seedseq_pool", f_seedseq_pool, "(entropy, spawn_key)", NULL},
    {"_seedseq_generate", f_seedseq_generate, "(pool, n_words)", NULL},
    {"_pcg_new", f_pcg_new, "(pool)", NULL},
    {"_mt_new", f_mt_new, "()", NULL},
    {"_mt_seed_words", f_mt_seed_words, "(st, words)", NULL},
    {"_mt_swap", f_mt_swap, "(st)", NULL},
    {"_mt_raw", f_mt_raw, "(st, n)", NULL},
    {"_pcg_get", f_pcg_get, "(st)", NULL},
    {"_pcg_set", f_pcg_set, "(st, state, inc, has_uint32, uinteger)", NULL},
    {"_pcg_float", f_pcg_float, "(st, kind, size, float32=False, loc=None, scale=None)", NULL},
    {"_pcg_integers", f_pcg_integers, "(st, low, high, size, dtype)", NULL},
    {"_pcg_interval", f_pcg_interval, "(st, max)", NULL},
    {"_pcg_shuffle", f_pcg_shuffle, "(st, x, first=1)", NULL},
    {"_pcg_sample", f_pcg_sample, "(st, pop, k, shuffle=True)", NULL},
    {"_pcg_discrete", f_pcg_discrete, "(st, kind, a, b, size)", NULL},
    {"_pcg_choice_p", f_pcg_choice_p, "(st, p, k, replace)", NULL},
    {NULL, NULL, NULL, NULL},
};

int kn__np_generator_add(kn_obj *m, kn_err *err) { return kn__module_add_fns(m, generator_fns, err); }
