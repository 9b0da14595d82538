/*
 * numpy.random of the kernel: the legacy global RandomState functions (seed, rand, randn,
 * random, randint, uniform, normal, choice, shuffle, permutation) over tensorcore's copy of
 * NumPy's MT19937 stream, so a seeded notebook draws NumPy's numbers.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kernel/torch/torch-impl.h"
#include "tensorcore/random.h"

#define NARGS(names) ((int)(sizeof(names) / sizeof(*(names))))

static bool absent(kn_obj *o) { return !o || kn_is(o, &kn_type_none); }
static tc_np_rng *R(void) { return tc_np_rng_global(); }

static kn_obj *owned(tc_tensor *t) {
    kn_obj *o = t ? kn_ndarray_wrap(t) : NULL;
    if (o) ((kn_tensor_obj *)o)->owndata = true;
    return o;
}

/* size= as NumPy takes it: None (a scalar result), an int or a tuple. */
static int get_size(kn_obj *o, int64_t *shape, int *n, bool *scalar, kn_err *err) {
    *scalar = absent(o);
    *n = 0;
    if (*scalar) return 0;
    if (kn__shape_of(o, shape, n, err) < 0) return -1;
    for (int i = 0; i < *n; i++)
        if (shape[i] < 0) return tc_error_set(err, TC_EXC_VALUE, "negative dimensions are not allowed");
    return 0;
}

/* Positional dims (rand(2, 3)). */
static int get_dims(const kn_args *a, const char *fname, int64_t *shape, int *n, kn_err *err) {
    if (a->nkw) return tc_error_set(err, TC_EXC_TYPE, "%s() got an unexpected keyword argument '%s'",
                                    fname, a->kwnames[0]);
    *n = a->npos;
    if (a->npos > TC_MAX_DIMS) return tc_error_set(err, TC_EXC_VALUE, "too many dimensions");
    for (int i = 0; i < a->npos; i++) {
        if (!kn_is(a->pos[i], &kn_type_int))
            return tc_error_set(err, TC_EXC_TYPE, "'%s' object cannot be interpreted as an integer",
                                kn_type_name(a->pos[i]));
        if (kn_to_int64(a->pos[i], &shape[i], err) < 0) return -1;
        if (shape[i] < 0) return tc_error_set(err, TC_EXC_VALUE, "negative dimensions are not allowed");
    }
    return 0;
}

typedef double (*draw_fn)(double a, double b);
static double d_uniform(double lo, double range) { return lo + range * tc_np_double(R()); }
static double d_normal(double loc, double scale) { return loc + scale * tc_np_gauss(R()); }

/* A float64 array of draws (or a Python float when scalar). */
static kn_obj *draws(const int64_t *shape, int n, bool scalar, draw_fn f, double a, double b,
                     kn_err *err) {
    if (scalar) return kn_float_new(f(a, b));
    tc_tensor *t = tc_empty(shape, n, TC_DTYPE_F64, tc_device_cpu(), err);
    if (!t) return NULL;
    double *d = tc_data_ptr(t);
    for (int64_t i = 0, m = tc_numel(t); i < m; i++) d[i] = f(a, b);
    return owned(t);
}

static kn_obj *r_seed(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"seed"};
    kn_obj *v[1];
    int64_t s;
    if (kn_args_bind(a, "seed", names, 1, 0, v, err) < 0) return NULL;
    if (absent(v[0])) {
        uint32_t key[4];
        for (int i = 0; i < 4; i++) key[i] = (uint32_t)tc_generator_random64(tc_generator_default());
        tc_np_rng_seed_array(R(), key, 4);
        return kn_none_new();
    }
    tc_tensor *arr = kn_tensor_unwrap(v[0]);
    if (arr && tc_numel(arr) != 1) {
        int64_t m = tc_numel(arr);
        uint32_t key[64];
        if (m > 64 || m == 0) {
            tc_error_set(err, TC_EXC_VALUE, "Seed must be between 0 and 2**32 - 1");
            return NULL;
        }
        tc_tensor *c = tc_to(arr, TC_DTYPE_I64, tc_device_cpu(), ".to()", err);
        tc_tensor *cc = c ? tc_contiguous(c, err) : NULL;
        tc_tensor_unref(c);
        if (!cc) return NULL;
        const int64_t *d = tc_data_ptr(cc);
        bool bad = false;
        for (int64_t i = 0; i < m; i++) {
            bad |= d[i] < 0 || d[i] > UINT32_MAX;
            key[i] = (uint32_t)d[i];
        }
        tc_tensor_unref(cc);
        if (bad) {
            tc_error_set(err, TC_EXC_VALUE, "Seed must be between 0 and 2**32 - 1");
            return NULL;
        }
        tc_np_rng_seed_array(R(), key, (int)m);
        return kn_none_new();
    }
    if (kn_is(v[0], &kn_type_float)) {
        tc_error_set(err, TC_EXC_TYPE, "Cannot cast scalar from dtype('float64') to dtype('int64') according to the rule 'safe'");
        return NULL;
    }
    if (kn_to_int64(v[0], &s, err) < 0) return NULL;
    if (s < 0 || s > (int64_t)UINT32_MAX) {
        tc_error_set(err, TC_EXC_VALUE, "Seed must be between 0 and 2**32 - 1");
        return NULL;
    }
    tc_np_rng_seed(R(), (uint32_t)s);
    return kn_none_new();
}

static kn_obj *r_rand(kn_obj *self, const kn_args *a, kn_err *err) {
    int64_t shape[TC_MAX_DIMS];
    int n;
    if (get_dims(a, "rand", shape, &n, err) < 0) return NULL;
    return draws(shape, n, a->npos == 0, d_uniform, 0.0, 1.0, err);
}

static kn_obj *r_randn(kn_obj *self, const kn_args *a, kn_err *err) {
    int64_t shape[TC_MAX_DIMS];
    int n;
    if (get_dims(a, "randn", shape, &n, err) < 0) return NULL;
    return draws(shape, n, a->npos == 0, d_normal, 0.0, 1.0, err);
}

static kn_obj *r_random(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"size"};
    kn_obj *v[1];
    int64_t shape[TC_MAX_DIMS];
    int n;
    bool scalar;
    if (kn_args_bind(a, "random", names, 1, 0, v, err) < 0 || get_size(v[0], shape, &n, &scalar, err) < 0)
        return NULL;
    return draws(shape, n, scalar, d_uniform, 0.0, 1.0, err);
}

static kn_obj *r_uniform(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"low", "high", "size"};
    kn_obj *v[3];
    double lo = 0, hi = 1;
    int64_t shape[TC_MAX_DIMS];
    int n;
    bool scalar;
    if (kn_args_bind(a, "uniform", names, 3, 0, v, err) < 0 ||
        (!absent(v[0]) && kn_to_double(v[0], &lo, err) < 0) ||
        (!absent(v[1]) && kn_to_double(v[1], &hi, err) < 0) || get_size(v[2], shape, &n, &scalar, err) < 0)
        return NULL;
    if (!isfinite(hi - lo)) {
        tc_error_set(err, TC_EXC_OVERFLOW, "Range exceeds valid bounds");
        return NULL;
    }
    return draws(shape, n, scalar, d_uniform, lo, hi - lo, err);
}

static kn_obj *r_normal(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"loc", "scale", "size"};
    kn_obj *v[3];
    double loc = 0, scale = 1;
    int64_t shape[TC_MAX_DIMS];
    int n;
    bool scalar;
    if (kn_args_bind(a, "normal", names, 3, 0, v, err) < 0 ||
        (!absent(v[0]) && kn_to_double(v[0], &loc, err) < 0) ||
        (!absent(v[1]) && kn_to_double(v[1], &scale, err) < 0) ||
        get_size(v[2], shape, &n, &scalar, err) < 0)
        return NULL;
    if (scale < 0) {
        tc_error_set(err, TC_EXC_VALUE, "scale < 0");
        return NULL;
    }
    return draws(shape, n, scalar, d_normal, loc, scale, err);
}

/* randint(low, high=None, size=None, dtype=int): masked rejection as legacy NumPy. */
static kn_obj *r_randint(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"low", "high", "size", "dtype"};
    kn_obj *v[4];
    int64_t lo, hi, shape[TC_MAX_DIMS];
    int n;
    bool scalar;
    tc_dtype dt = TC_DTYPE_I64;
    if (kn_args_bind(a, "randint", names, 4, 1, v, err) < 0 || kn_to_int64(v[0], &lo, err) < 0 ||
        (!absent(v[1]) && kn_to_int64(v[1], &hi, err) < 0) ||
        get_size(v[2], shape, &n, &scalar, err) < 0 ||
        (!absent(v[3]) && kn__parse_dtype(v[3], &dt, err) < 0))
        return NULL;
    if (absent(v[1])) {
        hi = lo;
        lo = 0;
        if (hi <= 0) {
            tc_error_set(err, TC_EXC_VALUE, "high <= 0");
            return NULL;
        }
    }
    if (lo >= hi) {
        tc_error_set(err, TC_EXC_VALUE, "low >= high");
        return NULL;
    }
    uint64_t rng = (uint64_t)hi - (uint64_t)lo - 1;
    if (scalar) return kn_int_new(tc_np_bounded(R(), lo, rng));
    tc_tensor *t = tc_empty(shape, n, dt, tc_device_cpu(), err);
    if (!t) return NULL;
    char *d = tc_data_ptr(t);
    size_t es = tc_dtype_size(dt);
    for (int64_t i = 0, m = tc_numel(t); i < m; i++)
        tc_store_i64(d + i * (int64_t)es, dt, tc_np_bounded(R(), lo, rng));
    return owned(t);
}

/* Swap rows i and j of a contiguous block of n rows of rowbytes each. */
static void swap_rows(char *d, size_t rowbytes, int64_t i, int64_t j, char *tmp) {
    memcpy(tmp, d + i * (int64_t)rowbytes, rowbytes);
    memcpy(d + i * (int64_t)rowbytes, d + j * (int64_t)rowbytes, rowbytes);
    memcpy(d + j * (int64_t)rowbytes, tmp, rowbytes);
}

/* The legacy shuffle: for i from n-1 down to 1 swap i with random_interval(i). */
static int shuffle_tensor(tc_tensor *t, kn_err *err) {
    if (t->ndim == 0) return tc_error_set(err, TC_EXC_TYPE, "object of type 'numpy.ndarray' has no len()");
    int64_t n = t->shape[0];
    tc_tensor *c = tc_contiguous(t, err);
    if (!c) return -1;
    size_t rowbytes = (size_t)(n ? tc_numel(c) / n : 0) * tc_dtype_size(c->dtype);
    char tmp[4096], *buf = rowbytes > sizeof tmp ? tc_malloc(rowbytes) : tmp;
    if (!buf) {
        tc_tensor_unref(c);
        return kn_nomem(err);
    }
    char *d = tc_data_ptr(c);
    for (int64_t i = n - 1; i >= 1; i--) {
        int64_t j = (int64_t)tc_np_interval(R(), (uint64_t)i);
        if (i != j) swap_rows(d, rowbytes, i, j, buf);
    }
    if (buf != tmp) tc_free(buf);
    int rc = c == t ? 0 : tc_copy_(t, c, err);
    tc_tensor_unref(c);
    return rc;
}

static kn_obj *r_shuffle(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"x"};
    kn_obj *v[1];
    if (kn_args_bind(a, "shuffle", names, 1, 1, v, err) < 0) return NULL;
    if (kn_is(v[0], &kn_type_list)) {
        kn_obj **it = kn_list_items(v[0]);
        for (int64_t i = kn_list_len(v[0]) - 1; i >= 1; i--) {
            int64_t j = (int64_t)tc_np_interval(R(), (uint64_t)i);
            kn_obj *x = it[i];
            it[i] = it[j];
            it[j] = x;
        }
        return kn_none_new();
    }
    tc_tensor *t = kn_is_ndarray(v[0]) ? kn_tensor_unwrap(v[0]) : NULL;
    if (!t) {
        tc_error_set(err, TC_EXC_TYPE, "object of type '%s' has no len()", kn_type_name(v[0]));
        return NULL;
    }
    return shuffle_tensor(t, err) < 0 ? NULL : kn_none_new();
}

static tc_tensor *arange_i64(int64_t n, kn_err *err) {
    int64_t shape[1] = {n};
    tc_tensor *t = tc_empty(shape, 1, TC_DTYPE_I64, tc_device_cpu(), err);
    if (t)
        for (int64_t i = 0; i < n; i++) ((int64_t *)tc_data_ptr(t))[i] = i;
    return t;
}

static kn_obj *r_permutation(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"x"};
    kn_obj *v[1];
    int64_t n;
    if (kn_args_bind(a, "permutation", names, 1, 1, v, err) < 0) return NULL;
    tc_tensor *t;
    if (kn_is(v[0], &kn_type_int)) {
        if (kn_to_int64(v[0], &n, err) < 0) return NULL;
        if (n < 0) {
            tc_error_set(err, TC_EXC_VALUE, "negative dimensions are not allowed");
            return NULL;
        }
        t = arange_i64(n, err);
    } else {
        tc_tensor *src = kn_tensor_unwrap(v[0]);
        t = src ? tc_clone(src, err) : kn__tensor_from_data(v[0], NULL, true, err);
        if (t && t->ndim == 0) {
            tc_tensor_unref(t);
            tc_error_set(err, TC_EXC_INDEX, "x must be an integer or at least 1-dimensional");
            return NULL;
        }
    }
    if (!t) return NULL;
    if (shuffle_tensor(t, err) < 0) {
        tc_tensor_unref(t);
        return NULL;
    }
    return owned(t);
}

/* choice(a, size=None, replace=True, p=None) as RandomState.choice. */
static kn_obj *r_choice(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"a", "size", "replace", "p"};
    kn_obj *v[4];
    int64_t shape[TC_MAX_DIMS], pop;
    int nd;
    bool scalar, replace = true;
    if (kn_args_bind(a, "choice", names, 4, 1, v, err) < 0 || get_size(v[1], shape, &nd, &scalar, err) < 0 ||
        (!absent(v[2]) && kn__to_bool(v[2], &replace, err) < 0))
        return NULL;
    tc_tensor *pool = NULL;
    if (kn_is(v[0], &kn_type_int)) {
        if (kn_to_int64(v[0], &pop, err) < 0) return NULL;
        if (pop <= 0) {
            tc_error_set(err, TC_EXC_VALUE, "a must be a positive integer unless no samples are taken");
            return NULL;
        }
    } else {
        tc_tensor *src = kn_tensor_unwrap(v[0]);
        pool = src ? tc_tensor_ref(src) : kn__tensor_from_data(v[0], NULL, true, err);
        if (!pool) return NULL;
        if (pool->ndim != 1) {
            tc_tensor_unref(pool);
            tc_error_set(err, TC_EXC_VALUE, "a must be 1-dimensional");
            return NULL;
        }
        pop = pool->shape[0];
        if (pop == 0) {
            tc_tensor_unref(pool);
            tc_error_set(err, TC_EXC_VALUE, "a cannot be empty unless no samples are taken");
            return NULL;
        }
    }
    int64_t size = scalar ? 1 : 1;
    for (int i = 0; i < nd; i++) size *= shape[i];
    double *p = NULL;
    kn_obj *result = NULL;
    int64_t *idx = tc_reallocarray(NULL, (size_t)(size ? size : 1), sizeof(int64_t));
    if (!idx) {
        kn_nomem(err);
        goto out;
    }
    if (!absent(v[3])) {
        tc_dtype f64 = TC_DTYPE_F64;
        tc_tensor *pt = kn__tensor_from_data(v[3], &f64, true, err);
        tc_tensor *pc = pt ? tc_contiguous(pt, err) : NULL;
        tc_tensor_unref(pt);
        if (!pc) goto out;
        if (pc->ndim != 1) {
            tc_tensor_unref(pc);
            tc_error_set(err, TC_EXC_VALUE, "p must be 1-dimensional");
            goto out;
        }
        if (pc->shape[0] != pop) {
            tc_tensor_unref(pc);
            tc_error_set(err, TC_EXC_VALUE, "a and p must have same size");
            goto out;
        }
        p = tc_reallocarray(NULL, (size_t)pop, sizeof(double));
        if (p) memcpy(p, tc_data_ptr(pc), sizeof(double) * (size_t)pop);
        tc_tensor_unref(pc);
        if (!p) {
            kn_nomem(err);
            goto out;
        }
        double s = 0;
        bool neg = false;
        for (int64_t i = 0; i < pop; i++) {
            s += p[i];
            neg |= p[i] < 0;
        }
        if (neg) {
            tc_error_set(err, TC_EXC_VALUE, "probabilities are not non-negative");
            goto out;
        }
        if (fabs(s - 1.0) > sqrt(2.220446049250313e-16)) {
            tc_error_set(err, TC_EXC_VALUE, "probabilities do not sum to 1");
            goto out;
        }
    }
    if (replace) {
        if (p) {
            double *cdf = tc_reallocarray(NULL, (size_t)pop, sizeof(double));
            if (!cdf) {
                kn_nomem(err);
                goto out;
            }
            double acc = 0;
            for (int64_t i = 0; i < pop; i++) cdf[i] = acc += p[i];
            for (int64_t i = 0; i < pop; i++) cdf[i] /= cdf[pop - 1];
            for (int64_t k = 0; k < size; k++) {
                double u = tc_np_double(R());
                int64_t lo = 0, hi = pop; /* searchsorted side='right' */
                while (lo < hi) {
                    int64_t mid = (lo + hi) / 2;
                    if (cdf[mid] <= u) lo = mid + 1;
                    else hi = mid;
                }
                idx[k] = lo;
            }
            tc_free(cdf);
        } else {
            for (int64_t k = 0; k < size; k++) idx[k] = tc_np_bounded(R(), 0, (uint64_t)pop - 1);
        }
    } else {
        if (size > pop) {
            tc_error_set(err, TC_EXC_VALUE,
                         "Cannot take a larger sample than population when 'replace=False'");
            goto out;
        }
        if (p) {
            int64_t nz = 0;
            for (int64_t i = 0; i < pop; i++) nz += p[i] > 0;
            if (nz < size) {
                tc_error_set(err, TC_EXC_VALUE, "Fewer non-zero entries in p than size");
                goto out;
            }
            /* NumPy's loop: draw the missing count, zero the found ones, keep first hits */
            int64_t found = 0;
            double *cdf = tc_reallocarray(NULL, (size_t)pop, sizeof(double));
            if (!cdf) {
                kn_nomem(err);
                goto out;
            }
            while (found < size) {
                int64_t want = size - found;
                for (int64_t k = 0; k < found; k++) p[idx[k]] = 0;
                double acc = 0;
                for (int64_t i = 0; i < pop; i++) cdf[i] = acc += p[i];
                for (int64_t i = 0; i < pop; i++) cdf[i] /= cdf[pop - 1];
                int64_t *fresh = tc_reallocarray(NULL, (size_t)want, sizeof(int64_t));
                if (!fresh) {
                    tc_free(cdf);
                    kn_nomem(err);
                    goto out;
                }
                for (int64_t k = 0; k < want; k++) {
                    double u = tc_np_double(R());
                    int64_t lo = 0, hi = pop;
                    while (lo < hi) {
                        int64_t mid = (lo + hi) / 2;
                        if (cdf[mid] <= u) lo = mid + 1;
                        else hi = mid;
                    }
                    fresh[k] = lo;
                }
                for (int64_t k = 0; k < want; k++) {
                    bool dup = false;
                    for (int64_t q = 0; q < k && !dup; q++) dup = fresh[q] == fresh[k];
                    if (!dup) idx[found++] = fresh[k];
                }
                tc_free(fresh);
            }
            tc_free(cdf);
        } else {
            tc_tensor *perm = arange_i64(pop, err);
            if (!perm || shuffle_tensor(perm, err) < 0) {
                tc_tensor_unref(perm);
                goto out;
            }
            memcpy(idx, tc_data_ptr(perm), sizeof(int64_t) * (size_t)size);
            tc_tensor_unref(perm);
        }
    }
    if (!pool) {
        if (scalar) {
            result = kn_int_new(idx[0]);
        } else {
            tc_tensor *t = tc_from_buffer(idx, TC_DTYPE_I64, shape, nd, tc_device_cpu(), err);
            result = owned(t);
        }
    } else {
        tc_tensor *it = tc_from_buffer(idx, TC_DTYPE_I64, shape, nd, tc_device_cpu(), err);
        tc_tensor *pc = it ? tc_contiguous(pool, err) : NULL;
        tc_tensor *r = pc ? tc_index_select0(pc, it, err) : NULL;
        tc_tensor_unref(it);
        tc_tensor_unref(pc);
        if (r && scalar) {
            tc_tensor *one = tc_reshape(r, NULL, 0, err);
            tc_tensor_unref(r);
            r = one;
        }
        result = r ? kn__ndarray_result(r, err) : NULL;
    }
out:
    tc_free(idx);
    tc_free(p);
    tc_tensor_unref(pool);
    return result;
}

static const kn__fn random_fns[] = {
    {"seed", r_seed, "(seed=None)", "Reseed the singleton RandomState instance."},
    {"rand", r_rand, "(d0, d1, ..., dn)", "Random values in a given shape."},
    {"randn", r_randn, "(d0, d1, ..., dn)",
     "Return a sample (or samples) from the \"standard normal\" distribution."},
    {"random", r_random, "(size=None)", "Return random floats in the half-open interval [0.0, 1.0)."},
    {"random_sample", r_random, "(size=None)", "Return random floats in the half-open interval [0.0, 1.0)."},
    {"sample", r_random, "(size=None)", "This is an alias of random_sample."},
    {"ranf", r_random, "(size=None)", "This is an alias of random_sample."},
    {"randint", r_randint, "(low, high=None, size=None, dtype=int)",
     "Return random integers from low (inclusive) to high (exclusive)."},
    {"uniform", r_uniform, "(low=0.0, high=1.0, size=None)", "Draw samples from a uniform distribution."},
    {"normal", r_normal, "(loc=0.0, scale=1.0, size=None)",
     "Draw random samples from a normal (Gaussian) distribution."},
    {"choice", r_choice, "(a, size=None, replace=True, p=None)",
     "Generates a random sample from a given 1-D array."},
    {"shuffle", r_shuffle, "(x)", "Modify a sequence in-place by shuffling its contents."},
    {"permutation", r_permutation, "(x)", "Randomly permute a sequence, or return a permuted range."},
    {NULL, NULL, NULL, NULL},
};

/* The numpy.random submodule. New reference. */
kn_obj *kn__np_random_module(kn_err *err) {
    kn_obj *m = kn_module_new("numpy.random", "NumPy's legacy random sampling (RandomState).");
    if (!m) return NULL;
    if (kn__module_add_fns(m, random_fns, err) < 0) {
        kn_decref(m);
        return NULL;
    }
    return m;
}
