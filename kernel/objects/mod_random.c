/*
 * The random module, bit for bit as CPython 3.11's: the Mersenne Twister of tensorcore's
 * NumPy legacy stream (the same engine, the same init_by_array seeding) under CPython's
 * random.py algorithms (_randbelow_with_getrandbits, both sample() strategies, choices()
 * with bisect over cumulative weights, gauss() with its cached second value).
 *
 * Limits of today's 64-bit ints: seeds are ints of at most 64 bits (their absolute value's
 * 32-bit words, as CPython), getrandbits(k) for k > 63 and ranges wider than 2**63 raise
 * OverflowError. A str seed is hashed with SHA-512 as CPython's version-2 seeding.
 */
#include <fcntl.h>
#include <time.h>
#include <math.h>
#include <unistd.h>

#include <sodium.h>

#include "kernel/objects/objects-impl.h"
#include "tensorcore/random.h"

typedef struct rngobj {
    kn_obj base;
    tc_np_rng mt;      /* only key/pos are used: the gauss cache below is random.py's */
    bool has_gauss;
    double gauss_next;
} rngobj;

static const kn_type type_random;

/* ---- seeding and raw bits ----------------------------------------------------------- */

static void seed_urandom(rngobj *r) {
    uint32_t key[624] = {0};
    int fd = open("/dev/urandom", O_RDONLY);
    if (fd < 0 || read(fd, key, sizeof key) < 0) {
        key[0] = (uint32_t)time(NULL);
        key[1] = (uint32_t)getpid();
    }
    if (fd >= 0) close(fd);
    tc_np_rng_seed_array(&r->mt, key, 624);
}

static void seed_u64(rngobj *r, uint64_t v) {
    uint32_t key[2] = {(uint32_t)v, (uint32_t)(v >> 32)};
    tc_np_rng_seed_array(&r->mt, key, key[1] ? 2 : 1);
}

/* random.seed(str): the int whose big-endian bytes are the UTF-8 text followed by its
 * SHA-512 digest, split into 32-bit words from the least significant end. */
static int seed_str(rngobj *r, const char *s, size_t n, kn_err *err) {
    size_t len = n + 64;
    unsigned char *b = tc_malloc(len);
    size_t nw = (len + 3) / 4;
    uint32_t *key = tc_calloc(nw, sizeof(uint32_t));
    if (!b || !key) {
        tc_free(b);
        tc_free(key);
        return kn_nomem(err);
    }
    memcpy(b, s, n);
    crypto_hash_sha512(b + n, (const unsigned char *)s, n);
    for (size_t i = 0; i < len; i++) { /* byte i from the end is bits 8*i.. */
        size_t pos = len - 1 - i;
        key[i / 4] |= (uint32_t)b[pos] << (8 * (i % 4));
    }
    while (nw > 1 && key[nw - 1] == 0)
        nw--;
    tc_np_rng_seed_array(&r->mt, key, (int)nw);
    tc_free(b);
    tc_free(key);
    return 0;
}

static int do_seed(rngobj *r, kn_obj *a, kn_err *err) {
    r->has_gauss = false;
    if (!a || a == kn_none()) {
        seed_urandom(r);
        return 0;
    }
    if (kn__is_int(a) && kn__int_is_big(a)) { /* CPython: the words of abs(a) */
        int64_t n;
        const uint32_t *w = kn__int_words(a, &n);
        tc_np_rng_seed_array(&r->mt, (uint32_t *)w, (int)n);
        return 0;
    }
    if (kn__is_int(a)) {
        int64_t v = kn_int_value(a);
        seed_u64(r, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
        return 0;
    }
    if (kn_is(a, &kn_type_float)) {
        /* CPython seeds other hashable values by abs(hash(a)). */
        int64_t h = kn__hash_double(kn_float_value(a));
        seed_u64(r, h < 0 ? (uint64_t)0 - (uint64_t)h : (uint64_t)h);
        return 0;
    }
    if (kn_is(a, &kn_type_str)) return seed_str(r, kn_str_cstr(a), kn_str_len(a), err);
    return tc_error_set(err, TC_EXC_TYPE,
                        "The only supported seed types are: None,\nint, float, str, bytes, "
                        "and bytearray.");
}

static uint32_t gen32(rngobj *r) { return tc_np_next32(&r->mt); }

static double gen_double(rngobj *r) { return tc_np_double(&r->mt); }

/* getrandbits(k) for 0 <= k <= 64: CPython's word order (first word lowest). */
static uint64_t getbits(rngobj *r, int k) {
    if (k == 0) return 0;
    if (k <= 32) return gen32(r) >> (32 - k);
    uint64_t lo = gen32(r);
    uint64_t hi = gen32(r);
    if (k < 64) hi >>= (64 - k);
    return lo | (hi << 32);
}

/* _randbelow_with_getrandbits(n), n > 0. */
static uint64_t randbelow(rngobj *r, uint64_t n) {
    int k = 64 - __builtin_clzll(n);
    uint64_t v = getbits(r, k);
    while (v >= n)
        v = getbits(r, k);
    return v;
}

/* ---- methods ------------------------------------------------------------------------- */

#define SELF ((rngobj *)self)

static kn_obj *r_seed(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"a", "version"};
    kn_obj *a[2];
    if (KN__BIND(args, "seed", names, 0, a, err) < 0) return NULL;
    if (do_seed(SELF, a[0], err) < 0) return NULL;
    return kn_none_new();
}

static kn_obj *r_random(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "random", err) < 0) return NULL;
    return kn_float_new(gen_double(SELF));
}

static kn_obj *randbits_obj(rngobj *r, int64_t k, kn_err *err);

static kn_obj *r_getrandbits(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"k"};
    kn_obj *a[1];
    if (KN__BIND(args, "getrandbits", names, 1, a, err) < 0) return NULL;
    if (!kn__is_int(a[0])) {
        tc_error_set(err, TC_EXC_TYPE, "'%s' object cannot be interpreted as an integer",
                     kn_type_name(a[0]));
        return NULL;
    }
    int64_t k;
    if (kn_to_int64(a[0], &k, err) < 0) return NULL;
    if (k < 0) {
        tc_error_set(err, TC_EXC_VALUE, "number of bits must be non-negative");
        return NULL;
    }
    return randbits_obj(SELF, k, err);
}

/* getrandbits(k) for k >= 0 as an int of any size. */
static kn_obj *randbits_obj(rngobj *r, int64_t k, kn_err *err) {
    if (k <= 63) return kn_int_new((int64_t)getbits(r, (int)k));
    /* CPython: 32-bit words from the least significant, the last one cut to what is left */
    if (kn__check_alloc((double)k / 8, err) < 0) return NULL;
    int64_t nw = (k - 1) / 32 + 1;
    uint32_t *w = tc_malloc((size_t)nw * sizeof(uint32_t));
    if (!w) {
        kn_nomem(err);
        return NULL;
    }
    for (int64_t i = 0; i < nw; i++, k -= 32)
        w[i] = (uint32_t)getbits(r, k < 32 ? (int)k : 32);
    kn_obj *v = kn__int_from_words(w, nw, false, err);
    tc_free(w);
    return v;
}

/* _randbelow_with_getrandbits(n) for an int n > 0 of any size. */
static kn_obj *randbelow_obj(rngobj *r, kn_obj *n, kn_err *err) {
    int64_t k = kn__int_bit_length(n);
    for (;;) {
        kn_obj *v = randbits_obj(r, k, err);
        if (!v || kn__int_compare(v, n) < 0) return v;
        kn_decref(v);
    }
}

/* a op b on ints, stealing a (NULL-tolerant). */
static kn_obj *iop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    kn_obj *r = a ? kn_binary(op, a, b, err) : NULL;
    kn_decref(a);
    return r;
}

/* random.py's randrange over ints of any size (the int64 path below is the common one). */
static kn_obj *randrange_big(rngobj *r, kn_obj *start, kn_obj *stop, kn_obj *step, kn_err *err) {
    kn_obj *one = kn_int_new(1), *res = NULL, *width = NULL, *n = NULL;
    if (!stop || stop == kn_none()) {
        if (step) {
            tc_error_set(err, TC_EXC_TYPE, "Missing a non-None stop argument");
        } else if (kn__int_sign(start) > 0) {
            res = randbelow_obj(r, start, err);
        } else {
            tc_error_set(err, TC_EXC_VALUE, "empty range for randrange()");
        }
        goto done;
    }
    if (!(width = kn_binary(KN_BINOP_SUB, stop, start, err))) goto done;
    if (!step || kn_equal(step, one, err)) {
        if (kn__int_sign(width) > 0) {
            res = iop(KN_BINOP_ADD, randbelow_obj(r, width, err), start, err);
        } else {
            kn_obj *s0 = kn_str(start, err), *s1 = kn_str(stop, err), *s2 = kn_str(width, err);
            if (s0 && s1 && s2)
                tc_error_set(err, TC_EXC_VALUE, "empty range for randrange() (%s, %s, %s)",
                             kn_str_cstr(s0), kn_str_cstr(s1), kn_str_cstr(s2));
            kn_decref(s0);
            kn_decref(s1);
            kn_decref(s2);
        }
        goto done;
    }
    int sg = kn__int_sign(step);
    if (sg == 0) {
        tc_error_set(err, TC_EXC_VALUE, "zero step for randrange()");
        goto done;
    }
    /* n = (width + step - 1) // step, or (width + step + 1) // step for a negative step */
    n = iop(KN_BINOP_FLOORDIV,
            iop(sg > 0 ? KN_BINOP_SUB : KN_BINOP_ADD, kn_binary(KN_BINOP_ADD, width, step, err),
                one, err),
            step, err);
    if (!n) goto done;
    if (kn__int_sign(n) <= 0) {
        tc_error_set(err, TC_EXC_VALUE, "empty range for randrange()");
        goto done;
    }
    res = iop(KN_BINOP_ADD, iop(KN_BINOP_MUL, randbelow_obj(r, n, err), step, err), start, err);
done:
    kn_decref(one);
    kn_decref(width);
    kn_decref(n);
    return res;
}

/* operator.index() of a randrange argument, with random.py's handling of integral floats. */
static int rr_index(kn_obj *x, const char *which, int64_t *out, kn_err *err) {
    if (kn__is_int(x)) return kn__int_as_int64(x, out, err); /* big bounds: not yet */
    if (kn_is(x, &kn_type_float)) {
        double d = kn_float_value(x);
        if (kn__int_of(x, out, err) < 0) return -1;
        if ((double)*out != d)
            return tc_error_set(err, TC_EXC_VALUE, "non-integer %s for randrange()", which);
        kn_rt_warn("DeprecationWarning", "non-integer arguments to randrange() have been "
                                         "deprecated since Python 3.10 and will be removed in a "
                                         "subsequent version");
        return 0;
    }
    return kn__int_of(x, out, err);
}

static kn_obj *randrange3(rngobj *r, kn_obj *start, kn_obj *stop, kn_obj *step, kn_err *err) {
    int64_t istart, istop, istep = 1;
    bool ints = kn__is_int(start) && (!stop || stop == kn_none() || kn__is_int(stop)) &&
                (!step || kn__is_int(step));
    if (ints && (kn__int_is_big(start) || (stop && stop != kn_none() && kn__int_is_big(stop)) ||
                 (step && kn__int_is_big(step))))
        return randrange_big(r, start, stop, step, err);
    if (rr_index(start, "arg 1", &istart, err) < 0) return NULL;
    if (!stop || stop == kn_none()) {
        if (step) {
            tc_error_set(err, TC_EXC_TYPE, "Missing a non-None stop argument");
            return NULL;
        }
        if (istart > 0) return kn_int_new((int64_t)randbelow(r, (uint64_t)istart));
        tc_error_set(err, TC_EXC_VALUE, "empty range for randrange()");
        return NULL;
    }
    if (rr_index(stop, "stop", &istop, err) < 0) return NULL;
    int64_t width;
    bool wide = __builtin_sub_overflow(istop, istart, &width);
    if (step && rr_index(step, "step", &istep, err) < 0) return NULL;
    if (istep == 1 && wide && istop > istart) /* wider than 2**63: still within uint64 */
        return kn_int_new((int64_t)((uint64_t)istart +
                                    randbelow(r, (uint64_t)istop - (uint64_t)istart)));
    if (wide) {
        tc_error_set(err, TC_EXC_OVERFLOW, "randrange(): range wider than 2**63");
        return NULL;
    }
    if (istep == 1) {
        if (width > 0) return kn_int_new(istart + (int64_t)randbelow(r, (uint64_t)width));
        tc_error_set(err, TC_EXC_VALUE, "empty range for randrange() (%lld, %lld, %lld)",
                     (long long)istart, (long long)istop, (long long)width);
        return NULL;
    }
    int64_t n;
    if (istep > 0)
        n = (width + istep - 1) / istep - ((width + istep - 1) % istep < 0);
    else if (istep < 0)
        n = (width + istep + 1) / istep - ((width + istep + 1) % istep > 0);
    else {
        tc_error_set(err, TC_EXC_VALUE, "zero step for randrange()");
        return NULL;
    }
    if (n <= 0) {
        tc_error_set(err, TC_EXC_VALUE, "empty range for randrange()");
        return NULL;
    }
    return kn_int_new(istart + istep * (int64_t)randbelow(r, (uint64_t)n));
}

static kn_obj *r_randrange(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"start", "stop", "step"};
    kn_obj *a[3];
    if (KN__BIND(args, "randrange", names, 1, a, err) < 0) return NULL;
    return randrange3(SELF, a[0], a[1], a[2], err);
}

static kn_obj *r_randint(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"a", "b"};
    kn_obj *a[2];
    if (KN__BIND(args, "randint", names, 2, a, err) < 0) return NULL;
    kn_obj *one = kn_int_new(1);
    kn_obj *b1 = kn_binary(KN_BINOP_ADD, a[1], one, err);
    kn_decref(one);
    if (!b1) return NULL;
    kn_obj *r = randrange3(SELF, a[0], b1, NULL, err);
    kn_decref(b1);
    return r;
}

static kn_obj *r_choice(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"seq"};
    kn_obj *a[1];
    if (KN__BIND(args, "choice", names, 1, a, err) < 0) return NULL;
    int64_t n = kn_len(a[0], err);
    if (n < 0) return NULL;
    if (n == 0) {
        tc_error_set(err, TC_EXC_INDEX, "Cannot choose from an empty sequence");
        return NULL;
    }
    kn_obj *i = kn_int_new((int64_t)randbelow(SELF, (uint64_t)n));
    kn_obj *r = kn_getitem(a[0], i, err);
    kn_decref(i);
    return r;
}

static kn_obj *r_shuffle(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"x"};
    kn_obj *a[1];
    if (KN__BIND(args, "shuffle", names, 1, a, err) < 0) return NULL;
    int64_t n = kn_len(a[0], err);
    if (n < 0) return NULL;
    if (kn_is(a[0], &kn_type_list)) {
        kn_obj **it = kn_list_items(a[0]);
        for (int64_t i = n - 1; i >= 1; i--) {
            int64_t j = (int64_t)randbelow(SELF, (uint64_t)(i + 1));
            kn_obj *t = it[i];
            it[i] = it[j];
            it[j] = t;
        }
        return kn_none_new();
    }
    for (int64_t i = n - 1; i >= 1; i--) {
        int64_t j = (int64_t)randbelow(SELF, (uint64_t)(i + 1));
        kn_obj *ki = kn_int_new(i), *kj = kn_int_new(j);
        kn_obj *xi = kn_getitem(a[0], ki, err);
        kn_obj *xj = xi ? kn_getitem(a[0], kj, err) : NULL;
        int rc = xj ? kn_setitem(a[0], ki, xj, err) : -1;
        if (rc == 0) rc = kn_setitem(a[0], kj, xi, err);
        kn_decref(xi);
        kn_decref(xj);
        kn_decref(ki);
        kn_decref(kj);
        if (rc < 0) return NULL;
    }
    return kn_none_new();
}

static kn_obj *item_at(kn_obj *seq, int64_t i, kn_err *err) {
    kn_obj *k = kn_int_new(i);
    kn_obj *r = kn_getitem(seq, k, err);
    kn_decref(k);
    return r;
}

static bool is_sequence(kn_obj *o) {
    /* collections.abc.Sequence's registered builtin types (deque and namedtuples included);
     * mappings, sets and tensors are not sequences to sample(). */
    return kn_is(o, &kn_type_list) || kn_is(o, &kn_type_tuple) || kn_is(o, &kn_type_str) ||
           kn_is(o, &kn_type_range) || strcmp(o->type->name, "deque") == 0 ||
           strcmp(o->type->name, "namedtuple") == 0;
}

/* A set of int64 for sample()'s large-population strategy (open addressing). */
typedef struct iset {
    int64_t *slots;
    int64_t mask;
} iset;

static int64_t sample_setsize(int64_t k) {
    int64_t setsize = 21;
    if (k > 5) setsize += (int64_t)pow(4.0, ceil(log((double)(k * 3)) / log(4.0)));
    return setsize;
}

static kn_obj *sample_impl(rngobj *r, kn_obj *pop, int64_t k, kn_err *err) {
    int64_t n = kn_len(pop, err);
    if (n < 0) return NULL;
    if (k < 0 || k > n) {
        tc_error_set(err, TC_EXC_VALUE, "Sample larger than population or is negative");
        return NULL;
    }
    if (kn__check_alloc((double)k * sizeof(kn_obj *), err) < 0) return NULL;
    kn_obj *result = kn_list_new(k);
    if (!result) return NULL;
    if (n <= sample_setsize(k)) {
        kn_obj *pool = kn__list_from_iter(pop, err);
        if (!pool) {
            kn_decref(result);
            return NULL;
        }
        kn_obj **p = kn_list_items(pool);
        for (int64_t i = 0; i < k; i++) {
            int64_t j = (int64_t)randbelow(r, (uint64_t)(n - i));
            kn_list_set(result, i, kn_incref(p[j]));
            kn_obj *t = p[j];
            p[j] = p[n - i - 1];
            p[n - i - 1] = t; /* keep every item owned once by the pool */
        }
        kn_decref(pool);
        return result;
    }
    int64_t cap = 16;
    while (cap < 2 * k + 2)
        cap <<= 1;
    int64_t *slots = tc_malloc((size_t)cap * sizeof(int64_t));
    if (!slots) {
        kn_decref(result);
        kn_nomem(err);
        return NULL;
    }
    for (int64_t i = 0; i < cap; i++)
        slots[i] = -1;
    for (int64_t i = 0; i < k; i++) {
        int64_t j;
        for (;;) {
            j = (int64_t)randbelow(r, (uint64_t)n);
            int64_t h = (int64_t)(((uint64_t)j * 0x9e3779b97f4a7c15ull) >> 20) & (cap - 1);
            while (slots[h] != -1 && slots[h] != j)
                h = (h + 1) & (cap - 1);
            if (slots[h] == j) continue;
            slots[h] = j;
            break;
        }
        kn_obj *x = item_at(pop, j, err);
        if (!x) {
            tc_free(slots);
            kn_decref(result);
            return NULL;
        }
        kn_list_set(result, i, x);
    }
    tc_free(slots);
    return result;
}

/* bisect.bisect_right(a, x, 0, hi) over doubles. */
static int64_t bisect_right(const double *a, double x, int64_t hi) {
    int64_t lo = 0;
    while (lo < hi) {
        int64_t mid = (lo + hi) / 2;
        if (x < a[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* list(accumulate(iterable)) as doubles (exact for the ints of today's kernel). */
static double *accumulate_doubles(kn_obj *it, int64_t *n, bool *all_int, int64_t *itotal,
                                  kn_err *err) {
    kn_obj *l = kn__list_from_iter(it, err);
    if (!l) return NULL;
    int64_t m = kn_list_len(l);
    double *cum = tc_malloc((size_t)(m ? m : 1) * sizeof(double));
    if (!cum) {
        kn_decref(l);
        kn_nomem(err);
        return NULL;
    }
    double s = 0;
    int64_t is = 0;
    *all_int = true;
    for (int64_t i = 0; i < m; i++) {
        kn_obj *x = kn_list_items(l)[i];
        double d;
        if (kn__is_int(x)) {
            is += kn_int_value(x);
        } else {
            *all_int = false;
        }
        if (kn_to_double(x, &d, err) < 0) {
            tc_free(cum);
            kn_decref(l);
            return NULL;
        }
        s = i == 0 ? d : s + d;
        cum[i] = *all_int ? (double)is : s;
    }
    if (itotal) *itotal = is;
    kn_decref(l);
    *n = m;
    return cum;
}

static kn_obj *r_sample(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"population", "k", "counts"};
    kn_obj *a[3];
    if (args->npos > 2) {
        tc_error_set(err, TC_EXC_TYPE, "Random.sample() takes 3 positional arguments but %d "
                                       "were given", args->npos + 1);
        return NULL;
    }
    if (KN__BIND(args, "sample", names, 2, a, err) < 0) return NULL;
    if (!is_sequence(a[0])) {
        tc_error_set(err, TC_EXC_TYPE,
                     "Population must be a sequence.  For dicts or sets, use sorted(d).");
        return NULL;
    }
    int64_t k;
    if (kn__is_int(a[1]) && kn__int_is_big(a[1])) { /* larger than any population */
        tc_error_set(err, TC_EXC_VALUE, "Sample larger than population or is negative");
        return NULL;
    }
    if (kn_to_int64(a[1], &k, err) < 0) return NULL;
    if (!a[2] || a[2] == kn_none()) return sample_impl(SELF, a[0], k, err);
    int64_t n = kn_len(a[0], err);
    if (n < 0) return NULL;
    int64_t m, total;
    bool all_int;
    double *cum = accumulate_doubles(a[2], &m, &all_int, &total, err);
    if (!cum) return NULL;
    kn_obj *res = NULL;
    if (m != n) {
        tc_error_set(err, TC_EXC_VALUE, "The number of counts does not match the population");
    } else if (!all_int) {
        tc_error_set(err, TC_EXC_TYPE, "Counts must be integers");
    } else if (m == 0 || total <= 0) {
        tc_error_set(err, TC_EXC_VALUE, "Total of counts must be greater than zero");
    } else {
        kn_obj *rng = kn__range_new(0, total, 1);
        kn_obj *sel = sample_impl(SELF, rng, k, err);
        kn_decref(rng);
        if (sel) {
            res = kn_list_new(k);
            for (int64_t i = 0; res && i < k; i++) {
                double s = (double)kn_int_value(kn_list_items(sel)[i]);
                kn_obj *x = item_at(a[0], bisect_right(cum, s, m - 1), err);
                if (!x) {
                    kn_decref(res);
                    res = NULL;
                    break;
                }
                kn_list_set(res, i, x);
            }
            kn_decref(sel);
        }
    }
    tc_free(cum);
    return res;
}

static kn_obj *r_choices(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"population", "weights", "cum_weights", "k"};
    kn_obj *a[4];
    if (args->npos > 2) {
        tc_error_set(err, TC_EXC_TYPE, "Random.choices() takes from 2 to 3 positional arguments "
                                       "but %d were given", args->npos + 1);
        return NULL;
    }
    if (KN__BIND(args, "choices", names, 1, a, err) < 0) return NULL;
    int64_t n = kn_len(a[0], err);
    if (n < 0) return NULL;
    int64_t k = 1;
    if (a[3] && kn_to_int64(a[3], &k, err) < 0) return NULL;
    if (k < 0) k = 0;
    if (kn__check_alloc((double)k * sizeof(kn_obj *), err) < 0) return NULL;
    kn_obj *wt = a[1] && a[1] != kn_none() ? a[1] : NULL;
    kn_obj *cw = a[2] && a[2] != kn_none() ? a[2] : NULL;
    kn_obj *res;
    if (!cw && !wt) {
        res = kn_list_new(k);
        for (int64_t i = 0; i < k; i++) {
            kn_obj *x = item_at(a[0], (int64_t)floor(gen_double(SELF) * (double)n), err);
            if (!x) {
                kn_decref(res);
                return NULL;
            }
            kn_list_set(res, i, x);
        }
        return res;
    }
    if (cw && wt) {
        tc_error_set(err, TC_EXC_TYPE, "Cannot specify both weights and cumulative weights");
        return NULL;
    }
    if (wt && kn__is_int(wt)) {
        tc_error_set(err, TC_EXC_TYPE,
                     "The number of choices must be a keyword argument: k=%lld",
                     (long long)kn_int_value(wt));
        return NULL;
    }
    int64_t m;
    bool all_int;
    double *cum;
    if (wt) {
        cum = accumulate_doubles(wt, &m, &all_int, NULL, err);
    } else {
        kn_obj *l = kn__list_from_iter(cw, err);
        if (!l) return NULL;
        m = kn_list_len(l);
        cum = tc_malloc((size_t)(m ? m : 1) * sizeof(double));
        if (!cum) kn_nomem(err);
        for (int64_t i = 0; cum && i < m; i++)
            if (kn_to_double(kn_list_items(l)[i], &cum[i], err) < 0) {
                tc_free(cum);
                cum = NULL;
            }
        kn_decref(l);
    }
    if (!cum) return NULL;
    res = NULL;
    if (m != n) {
        tc_error_set(err, TC_EXC_VALUE, "The number of weights does not match the population");
    } else if (m == 0) {
        tc_error_set(err, TC_EXC_INDEX, "list index out of range");
    } else if (!(cum[m - 1] > 0.0)) {
        if (isnan(cum[m - 1]))
            tc_error_set(err, TC_EXC_VALUE, "Total of weights must be finite");
        else
            tc_error_set(err, TC_EXC_VALUE, "Total of weights must be greater than zero");
    } else if (!isfinite(cum[m - 1])) {
        tc_error_set(err, TC_EXC_VALUE, "Total of weights must be finite");
    } else {
        double total = cum[m - 1];
        res = kn_list_new(k);
        for (int64_t i = 0; res && i < k; i++) {
            kn_obj *x = item_at(a[0], bisect_right(cum, gen_double(SELF) * total, n - 1), err);
            if (!x) {
                kn_decref(res);
                res = NULL;
                break;
            }
            kn_list_set(res, i, x);
        }
    }
    tc_free(cum);
    return res;
}

static int float_args(const kn_args *args, const char *fname, const char *const *names, int n,
                      int nreq, const double *defaults, double *out, kn_err *err) {
    kn_obj *a[4];
    if (kn_args_bind(args, fname, names, n, nreq, a, err) < 0) return -1;
    for (int i = 0; i < n; i++) {
        if (!a[i]) {
            out[i] = defaults[i];
            continue;
        }
        if (!kn__is_number(a[i]))
            return tc_error_set(err, TC_EXC_TYPE, "must be real number, not %s",
                                kn_type_name(a[i]));
        if (kn_to_double(a[i], &out[i], err) < 0) return -1;
    }
    return 0;
}

static kn_obj *r_uniform(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"a", "b"};
    kn_obj *a[2];
    if (KN__BIND(args, "uniform", names, 2, a, err) < 0) return NULL;
    kn_obj *d = kn_binary(KN_BINOP_SUB, a[1], a[0], err);
    if (!d) return NULL;
    kn_obj *u = kn_float_new(gen_double(SELF));
    kn_obj *p = kn_binary(KN_BINOP_MUL, d, u, err);
    kn_decref(d);
    kn_decref(u);
    if (!p) return NULL;
    kn_obj *r = kn_binary(KN_BINOP_ADD, a[0], p, err);
    kn_decref(p);
    return r;
}

static const char *const mu_sigma[] = {"mu", "sigma"};
static const double mu_sigma_def[] = {0.0, 1.0};

static kn_obj *r_gauss(kn_obj *self, const kn_args *args, kn_err *err) {
    double p[2];
    if (float_args(args, "gauss", mu_sigma, 2, 0, mu_sigma_def, p, err) < 0) return NULL;
    double z;
    if (SELF->has_gauss) {
        z = SELF->gauss_next;
        SELF->has_gauss = false;
    } else {
        double x2pi = gen_double(SELF) * (2.0 * M_PI);
        double g2rad = sqrt(-2.0 * log(1.0 - gen_double(SELF)));
        z = cos(x2pi) * g2rad;
        SELF->gauss_next = sin(x2pi) * g2rad;
        SELF->has_gauss = true;
    }
    return kn_float_new(p[0] + z * p[1]);
}

static double normalvariate(rngobj *r) {
    const double nv_magic = 4 * exp(-0.5) / sqrt(2.0);
    for (;;) {
        double u1 = gen_double(r);
        double u2 = 1.0 - gen_double(r);
        double z = nv_magic * (u1 - 0.5) / u2;
        double zz = z * z / 4.0;
        if (zz <= -log(u2)) return z;
    }
}

static kn_obj *r_normalvariate(kn_obj *self, const kn_args *args, kn_err *err) {
    double p[2];
    if (float_args(args, "normalvariate", mu_sigma, 2, 0, mu_sigma_def, p, err) < 0)
        return NULL;
    return kn_float_new(p[0] + normalvariate(SELF) * p[1]);
}

static kn_obj *r_lognormvariate(kn_obj *self, const kn_args *args, kn_err *err) {
    double p[2];
    if (float_args(args, "lognormvariate", mu_sigma, 2, 2, mu_sigma_def, p, err) < 0)
        return NULL;
    return kn_float_new(exp(p[0] + normalvariate(SELF) * p[1]));
}

static kn_obj *r_expovariate(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *const names[] = {"lambd"};
    static const double def[] = {1.0};
    double p[1];
    if (float_args(args, "expovariate", names, 1, 1, def, p, err) < 0) return NULL;
    double num = -log(1.0 - gen_double(SELF));
    if (p[0] == 0.0) {
        tc_error_set(err, TC_EXC_ZERO_DIVISION, "float division by zero");
        return NULL;
    }
    return kn_float_new(num / p[0]);
}

static kn_obj *r_triangular(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"low", "high", "mode"};
    kn_obj *a[3];
    if (KN__BIND(args, "triangular", names, 0, a, err) < 0) return NULL;
    double low = 0.0, high = 1.0, c = 0.5;
    if (a[0] && kn_to_double(a[0], &low, err) < 0) return NULL;
    if (a[1] && kn_to_double(a[1], &high, err) < 0) return NULL;
    double u = gen_double(SELF);
    if (a[2] && a[2] != kn_none()) {
        double mode;
        if (kn_to_double(a[2], &mode, err) < 0) return NULL;
        if (high == low) return kn_float_new(low);
        c = (mode - low) / (high - low);
    }
    if (u > c) {
        u = 1.0 - u;
        c = 1.0 - c;
        double t = low;
        low = high;
        high = t;
    }
    return kn_float_new(low + (high - low) * sqrt(u * c));
}

static kn_obj *r_getstate(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "getstate", err) < 0) return NULL;
    kn_obj *inner = kn_tuple_new(625);
    for (int i = 0; i < 624; i++)
        kn_tuple_set(inner, i, kn_int_new(SELF->mt.key[i]));
    kn_tuple_set(inner, 624, kn_int_new(SELF->mt.pos));
    kn_obj *t = kn_tuple_new(3);
    kn_tuple_set(t, 0, kn_int_new(3));
    kn_tuple_set(t, 1, inner);
    kn_tuple_set(t, 2, SELF->has_gauss ? kn_float_new(SELF->gauss_next) : kn_none_new());
    return t;
}

static kn_obj *r_setstate(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"state"};
    kn_obj *a[1];
    if (KN__BIND(args, "setstate", names, 1, a, err) < 0) return NULL;
    kn_obj *st = a[0];
    if (!kn_is(st, &kn_type_tuple) || kn_tuple_len(st) != 3) {
        tc_error_set(err, TC_EXC_TYPE, "state must be a tuple of 3 items");
        return NULL;
    }
    kn_obj **it = kn_tuple_items(st);
    if (!kn__is_int(it[0]) || (kn_int_value(it[0]) != 3 && kn_int_value(it[0]) != 2)) {
        kn_obj *rv = kn_repr(it[0], err);
        if (!rv) return NULL;
        tc_error_set(err, TC_EXC_VALUE,
                     "state with version %s passed to Random.setstate() of version 3",
                     kn_str_cstr(rv));
        kn_decref(rv);
        return NULL;
    }
    kn_obj *inner = it[1];
    if (!kn_is(inner, &kn_type_tuple)) {
        tc_error_set(err, TC_EXC_TYPE, "state vector must be a tuple");
        return NULL;
    }
    if (kn_tuple_len(inner) != 625) {
        tc_error_set(err, TC_EXC_VALUE, "state vector is the wrong size");
        return NULL;
    }
    uint32_t key[624];
    int64_t pos;
    for (int i = 0; i < 624; i++) {
        int64_t v;
        if (kn_to_int64(kn_tuple_items(inner)[i], &v, err) < 0) return NULL;
        key[i] = (uint32_t)v;
    }
    if (kn_to_int64(kn_tuple_items(inner)[624], &pos, err) < 0) return NULL;
    if (pos < 0 || pos > 624) {
        tc_error_set(err, TC_EXC_VALUE, "invalid state");
        return NULL;
    }
    double g = 0;
    if (it[2] != kn_none() && kn_to_double(it[2], &g, err) < 0) return NULL;
    memcpy(SELF->mt.key, key, sizeof key);
    SELF->mt.pos = (int)pos;
    SELF->has_gauss = it[2] != kn_none();
    SELF->gauss_next = g;
    return kn_none_new();
}

#define RANDOM_METHODS(X)                                                                          \
    X(seed, "(a=None, version=2)", "Initialize internal state from a seed.")                      \
    X(random, "()", "random() -> x in the interval [0, 1).")                                      \
    X(getrandbits, "(k, /)", "getrandbits(k) -> x.  Generates an int with k random bits.")         \
    X(randrange, "(start, stop=None, step=1)",                                                     \
      "Choose a random item from range(stop) or range(start, stop[, step]).")                      \
    X(randint, "(a, b)", "Return random integer in range [a, b], including both end points.")      \
    X(choice, "(seq)", "Choose a random element from a non-empty sequence.")                       \
    X(choices, "(population, weights=None, *, cum_weights=None, k=1)",                             \
      "Return a k sized list of population elements chosen with replacement.")                     \
    X(shuffle, "(x)", "Shuffle list x in place, and return None.")                                 \
    X(sample, "(population, k, *, counts=None)",                                                   \
      "Chooses k unique random elements from a population sequence.")                              \
    X(uniform, "(a, b)", "Get a random number in the range [a, b) or [a, b] depending on rounding.") \
    X(triangular, "(low=0.0, high=1.0, mode=None)", "Triangular distribution.")                   \
    X(gauss, "(mu=0.0, sigma=1.0)", "Gaussian distribution.")                                      \
    X(normalvariate, "(mu=0.0, sigma=1.0)", "Normal distribution.")                                \
    X(lognormvariate, "(mu, sigma)", "Log normal distribution.")                                   \
    X(expovariate, "(lambd)", "Exponential distribution.")                                         \
    X(getstate, "()", "Return internal state; can be passed to setstate() later.")                \
    X(setstate, "(state)", "Restore internal state from object returned by getstate().")

static const kn__method random_methods[] = {
#define RM_ENTRY(n, sig, doc) {#n, r_##n, sig, doc},
    RANDOM_METHODS(RM_ENTRY)
#undef RM_ENTRY
    {NULL, NULL, NULL, NULL},
};

static kn_obj *random_getattr(kn_obj *self, const char *name, kn_err *err) {
    return kn__method_get(self, random_methods, name);
}

static int random_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    return kn__method_dir(random_methods, list);
}

static kn_obj *random_construct(const kn_type *type, const kn_args *args, kn_err *err) {
    static const char *names[] = {"x"};
    kn_obj *a[1];
    if (KN__BIND(args, "Random", names, 0, a, err) < 0) return NULL;
    rngobj *r = (rngobj *)kn_obj_alloc(&type_random, sizeof(rngobj), err);
    if (!r) return NULL;
    if (do_seed(r, a[0], err) < 0) {
        kn_decref(&r->base);
        return NULL;
    }
    return &r->base;
}

static const kn_type type_random = {
    .name = "Random",
    .qualname = "random.Random",
    .doc = "Random number generator base class used by bound module functions.",
    .getattr = random_getattr,
    .dir = random_dir,
    .construct = random_construct,
};

kn_obj *kn_mod_random_init(kn_err *err) {
    kn_obj *m = kn_module_new("random", "Random variable generators.");
    kn_args none = {0};
    kn_obj *inst = random_construct(&type_random, &none, err);
    if (!inst) {
        kn_decref(m);
        return NULL;
    }
    for (const kn__method *t = random_methods; t->name; t++) {
        kn_obj *f = kn_cfunction_new(t->name, t->fn, inst, t->sig, t->doc);
        kn_module_add(m, t->name, f);
        kn_decref(f);
    }
    kn_decref(inst);
    kn_module_add(m, "Random", kn_type_object(&type_random));
    return m;
}
