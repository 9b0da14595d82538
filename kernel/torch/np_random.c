/*
 * numpy.random of the kernel: the legacy global RandomState functions (seed, rand, randn,
 * random, randint, uniform, normal, choice, shuffle, permutation, and the scalar-parameter
 * distributions standard_normal ... binomial below) over tensorcore's copy of
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
    tc_tensor *arr = kn_tensor_unwrap(v[0]), *owned_arr = NULL;
    if (!arr && (kn_is(v[0], &kn_type_list) || kn_is(v[0], &kn_type_tuple))) { /* seed([1, 2, 3]) */
        if (!(owned_arr = kn__tensor_from_data(v[0], NULL, true, err))) return NULL;
        arr = owned_arr;
    }
    if (arr && (tc_numel(arr) != 1 || owned_arr)) {
        int64_t m = tc_numel(arr);
        if (m == 0 || !(tc_dtype_kind_of(arr->dtype) == TC_KIND_INT || arr->dtype == TC_DTYPE_BOOL)) {
            tc_tensor_unref(owned_arr);
            if (m == 0) tc_error_set(err, TC_EXC_VALUE, "Seed must be non-empty");
            else tc_error_set(err, TC_EXC_TYPE, "Cannot cast array data from dtype('%s') to dtype('int64') according to the rule 'safe'",
                              tc_dtype_name(arr->dtype));
            return NULL;
        }
        tc_tensor *c = tc_to(arr, TC_DTYPE_I64, tc_device_cpu(), ".to()", err);
        tc_tensor *cc = c ? tc_contiguous(c, err) : NULL;
        tc_tensor_unref(c);
        tc_tensor_unref(owned_arr);
        uint32_t *key = cc ? tc_reallocarray(NULL, (size_t)m, sizeof(uint32_t)) : NULL;
        if (!key) {
            if (cc) kn_nomem(err);
            tc_tensor_unref(cc);
            return NULL;
        }
        const int64_t *d = tc_data_ptr(cc);
        bool bad = false;
        for (int64_t i = 0; i < m; i++) {
            bad |= d[i] < 0 || d[i] > UINT32_MAX;
            key[i] = (uint32_t)d[i];
        }
        tc_tensor_unref(cc);
        if (bad || m > INT32_MAX) {
            tc_free(key);
            tc_error_set(err, TC_EXC_VALUE, "Seed must be between 0 and 2**32 - 1");
            return NULL;
        }
        tc_np_rng_seed_array(R(), key, (int)m);
        tc_free(key);
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

/* ---- legacy distributions ---------------------------------------------------------------------
 * RandomState's algorithms (numpy/random/src/distributions and legacy/legacy-distributions.c)
 * over the same MT19937 stream, so seeded draws are NumPy's. Each takes up to three
 * parameters from the call; the loops below fill float64 or int64 arrays. */

static double std_exponential(void) { return -log(1.0 - tc_np_double(R())); }

static double dist_exponential(const double *p) { return p[0] * std_exponential(); }
static double dist_std_exponential(const double *p) { (void)p; return std_exponential(); }
static double dist_std_normal(const double *p) { (void)p; return tc_np_gauss(R()); }
static double dist_lognormal(const double *p) { return exp(p[0] + p[1] * tc_np_gauss(R())); }

static double dist_laplace(const double *p) {
    for (;;) {
        double u = tc_np_double(R());
        if (u >= 0.5) return p[0] - p[1] * log(2.0 - u - u);
        if (u > 0.0) return p[0] + p[1] * log(u + u);
    }
}

static double dist_logistic(const double *p) {
    double u = tc_np_double(R());
    while (u <= 0.0) u = tc_np_double(R());
    return p[0] + p[1] * log(u / (1.0 - u));
}

static double dist_gumbel(const double *p) {
    for (;;) {
        double u = 1.0 - tc_np_double(R());
        if (u < 1.0) return p[0] - p[1] * log(-log(u));
    }
}

static double dist_triangular(const double *p) {
    double left = p[0], mode = p[1], right = p[2], base = right - left, leftbase = mode - left;
    double ratio = leftbase / base, leftprod = leftbase * base, rightprod = (right - mode) * base;
    double u = tc_np_double(R());
    return u <= ratio ? left + sqrt(u * leftprod) : right - sqrt((1.0 - u) * rightprod);
}

static double dist_poisson(const double *p) {
    double lam = p[0];
    if (lam == 0) return 0;
    if (lam < 10) { /* multiplication method */
        double enlam = exp(-lam), prod = 1.0;
        int64_t x = 0;
        for (;;) {
            prod *= tc_np_double(R());
            if (prod > enlam) x++;
            else return (double)x;
        }
    }
    /* PTRS (Hormann's transformed rejection with squeeze) */
    double slam = sqrt(lam), loglam = log(lam), b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
    double invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
        double u = tc_np_double(R()) - 0.5, v = tc_np_double(R()), us = 0.5 - fabs(u);
        int64_t k = (int64_t)floor((2 * a / us + b) * u + lam + 0.43);
        if (us >= 0.07 && v <= vr) return (double)k;
        if (k < 0 || (us < 0.013 && v > us)) continue;
        if (log(v) + log(invalpha) - log(a / (us * us) + b) <= -lam + (double)k * loglam - tc_np_loggam((double)k + 1))
            return (double)k;
    }
}

static double dist_geometric(const double *p) {
    double pr = p[0];
    if (pr >= 0.333333333333333333333333) { /* search */
        double u = tc_np_double(R()), sum = pr, prod = pr, q = 1.0 - pr;
        int64_t x = 1;
        while (u > sum) {
            prod *= q;
            sum += prod;
            x++;
        }
        return (double)x;
    }
    return ceil(log(1.0 - tc_np_double(R())) / log(1.0 - pr)); /* legacy inversion */
}

/* binomial by inversion (NumPy's path while n*min(p, 1-p) <= 30). */
static double binomial_inversion(int64_t n, double p) {
    double q = 1.0 - p, qn = exp((double)n * log(q)), np_ = (double)n * p;
    double bound = fmin((double)n, np_ + 10.0 * sqrt(np_ * q + 1));
    int64_t x = 0;
    double px = qn, u = tc_np_double(R());
    while (u > px) {
        x++;
        if ((double)x > bound) {
            x = 0;
            px = qn;
            u = tc_np_double(R());
        } else {
            u -= px;
            px = ((double)(n - x + 1) * p * px) / ((double)x * q);
        }
    }
    return (double)x;
}

static double legacy_double_cb(void *r) { return tc_np_double(r); }

/* NumPy's random_binomial: inversion while n * min(p, 1 - p) <= 30, BTPE above. */
static double dist_binomial(const double *p) {
    int64_t n = (int64_t)p[0];
    double pr = p[1], q = 1.0 - pr;
    if (n == 0 || pr == 0.0) return 0;
    if (pr <= 0.5)
        return pr * (double)n <= 30.0 ? binomial_inversion(n, pr) : (double)tc_np_binomial_btpe(legacy_double_cb, R(), n, pr);
    return (double)n - (q * (double)n <= 30.0 ? binomial_inversion(n, q) : (double)tc_np_binomial_btpe(legacy_double_cb, R(), n, q));
}

/* legacy_standard_gamma: exponential at shape 1, Johnk-style rejection below 1, Marsaglia and
 * Tsang over the legacy gauss above. */
static double std_gamma(double shape) {
    if (shape == 1.0) return std_exponential();
    if (shape == 0.0) return 0.0;
    if (shape < 1.0) {
        for (;;) {
            double u = tc_np_double(R()), v = std_exponential();
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
            x = tc_np_gauss(R());
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        double u = tc_np_double(R());
        if (u < 1.0 - 0.0331 * (x * x) * (x * x)) return b * v;
        if (log(u) < 0.5 * x * x + b * (1. - v + log(v))) return b * v;
    }
}

static double dist_std_gamma(const double *p) { return std_gamma(p[0]); }
static double dist_gamma(const double *p) { return p[1] * std_gamma(p[0]); }
static double dist_chisquare(const double *p) { return 2.0 * std_gamma(p[0] / 2.0); }

static double dist_beta(const double *p) {
    double a = p[0], b = p[1];
    if (a <= 1.0 && b <= 1.0) { /* Johnk's algorithm */
        for (;;) {
            double u = tc_np_double(R()), v = tc_np_double(R()), x = pow(u, 1.0 / a), y = pow(v, 1.0 / b);
            if (x + y > 1.0) continue;
            if (x + y > 0) return x / (x + y);
            double lx = log(u) / a, ly = log(v) / b, lm = lx > ly ? lx : ly;
            lx -= lm;
            ly -= lm;
            return exp(lx - log(exp(lx) + exp(ly)));
        }
    }
    double ga = std_gamma(a), gb = std_gamma(b);
    return ga / (ga + gb);
}

typedef struct legacy_dist {
    const char *name;
    double (*f)(const double *p);
    int nparams;
    const char *params[3];
    double defaults[3];
    bool integer;
} legacy_dist;

static const legacy_dist legacy_dists[] = {
    {"standard_normal", dist_std_normal, 0, {NULL}, {0}, false},
    {"standard_exponential", dist_std_exponential, 0, {NULL}, {0}, false},
    {"exponential", dist_exponential, 1, {"scale"}, {1.0}, false},
    {"lognormal", dist_lognormal, 2, {"mean", "sigma"}, {0.0, 1.0}, false},
    {"laplace", dist_laplace, 2, {"loc", "scale"}, {0.0, 1.0}, false},
    {"logistic", dist_logistic, 2, {"loc", "scale"}, {0.0, 1.0}, false},
    {"gumbel", dist_gumbel, 2, {"loc", "scale"}, {0.0, 1.0}, false},
    {"triangular", dist_triangular, 3, {"left", "mode", "right"}, {NAN, NAN, NAN}, false},
    {"poisson", dist_poisson, 1, {"lam"}, {1.0}, true},
    {"geometric", dist_geometric, 1, {"p"}, {NAN}, true},
    {"binomial", dist_binomial, 2, {"n", "p"}, {NAN, NAN}, true},
    {"standard_gamma", dist_std_gamma, 1, {"shape"}, {NAN}, false},
    {"gamma", dist_gamma, 2, {"shape", "scale"}, {NAN, 1.0}, false},
    {"chisquare", dist_chisquare, 1, {"df"}, {NAN}, false},
    {"beta", dist_beta, 2, {"a", "b"}, {NAN, NAN}, false},
};

/* The parameter checks NumPy makes before drawing (ValueError with its words). */
static int legacy_check(const legacy_dist *d, const double *p, kn_err *err) {
    const char *n = d->name;
    if ((!strcmp(n, "exponential") || !strcmp(n, "laplace") || !strcmp(n, "logistic") || !strcmp(n, "gumbel")) &&
        p[d->nparams - 1] < 0)
        return tc_error_set(err, TC_EXC_VALUE, "scale < 0");
    if (!strcmp(n, "lognormal") && p[1] < 0) return tc_error_set(err, TC_EXC_VALUE, "sigma < 0");
    if (!strcmp(n, "poisson") && (p[0] < 0 || isnan(p[0]))) return tc_error_set(err, TC_EXC_VALUE, "lam < 0 or lam is NaN");
    if (!strcmp(n, "poisson") && p[0] >= 9.223372006484771e+18)
        return tc_error_set(err, TC_EXC_VALUE, "lam value too large");
    if (!strcmp(n, "geometric") && (p[0] <= 0 || p[0] > 1 || isnan(p[0])))
        return tc_error_set(err, TC_EXC_VALUE, "p <= 0, p > 1 or p contains NaNs");
    if (!strcmp(n, "binomial")) {
        if (p[0] < 0) return tc_error_set(err, TC_EXC_VALUE, "n < 0");
        if (p[1] < 0 || isnan(p[1])) return tc_error_set(err, TC_EXC_VALUE, "p < 0, p > 1 or p is NaN");
        if (p[1] > 1) return tc_error_set(err, TC_EXC_VALUE, "p < 0, p > 1 or p is NaN");
    }
    if ((!strcmp(n, "standard_gamma") || !strcmp(n, "gamma")) && p[0] < 0) return tc_error_set(err, TC_EXC_VALUE, "shape < 0");
    if (!strcmp(n, "gamma") && p[1] < 0) return tc_error_set(err, TC_EXC_VALUE, "scale < 0");
    if (!strcmp(n, "chisquare") && p[0] <= 0) return tc_error_set(err, TC_EXC_VALUE, "df <= 0");
    if (!strcmp(n, "beta") && p[0] <= 0) return tc_error_set(err, TC_EXC_VALUE, "a <= 0");
    if (!strcmp(n, "beta") && p[1] <= 0) return tc_error_set(err, TC_EXC_VALUE, "b <= 0");
    if (!strcmp(n, "triangular")) {
        if (p[0] > p[1]) return tc_error_set(err, TC_EXC_VALUE, "left > mode");
        if (p[1] > p[2]) return tc_error_set(err, TC_EXC_VALUE, "mode > right");
        if (p[0] == p[2]) return tc_error_set(err, TC_EXC_VALUE, "left == right");
    }
    return 0;
}

/* np.random.<name>(params..., size=None) for the scalar-parameter forms. */
static kn_obj *legacy_call(const legacy_dist *d, const kn_args *a, kn_err *err) {
    const char *names[4];
    kn_obj *v[4];
    double p[3] = {0, 0, 0}; /* (parameters past nparams are never read) */
    for (int i = 0; i < d->nparams; i++) names[i] = d->params[i];
    names[d->nparams] = "size";
    if (kn_args_bind(a, d->name, names, d->nparams + 1, 0, v, err) < 0) return NULL;
    for (int i = 0; i < d->nparams; i++) {
        p[i] = d->defaults[i];
        if (absent(v[i])) {
            if (isnan(p[i]))
                return tc_error_set(err, TC_EXC_TYPE, "%s() missing required positional argument: '%s'", d->name,
                                    d->params[i]), NULL;
            continue;
        }
        if (kn_is_tensor(v[i]) || kn_is(v[i], &kn_type_list) || kn_is(v[i], &kn_type_tuple))
            return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "np.random.%s: array parameters are not supported by this kernel",
                                d->name), NULL;
        if (kn_to_double(v[i], &p[i], err) < 0) return NULL;
    }
    if (legacy_check(d, p, err) < 0) return NULL;
    int64_t shape[TC_MAX_DIMS];
    int n;
    bool scalar;
    if (get_size(v[d->nparams], shape, &n, &scalar, err) < 0) return NULL;
    if (scalar) return d->integer ? kn_int_new((int64_t)d->f(p)) : kn_float_new(d->f(p));
    tc_tensor *t = tc_empty(shape, n, d->integer ? TC_DTYPE_I64 : TC_DTYPE_F64, tc_device_cpu(), err);
    if (!t) return NULL;
    int64_t m = tc_numel(t);
    if (d->integer)
        for (int64_t i = 0; i < m; i++) ((int64_t *)tc_data_ptr(t))[i] = (int64_t)d->f(p);
    else
        for (int64_t i = 0; i < m; i++) ((double *)tc_data_ptr(t))[i] = d->f(p);
    return owned(t);
}

#define LEGACY_FN(i)                                                                  \
    static kn_obj *r_legacy_##i(kn_obj *self, const kn_args *a, kn_err *err) {        \
        return legacy_call(&legacy_dists[i], a, err);                                 \
    }
LEGACY_FN(0) LEGACY_FN(1) LEGACY_FN(2) LEGACY_FN(3) LEGACY_FN(4) LEGACY_FN(5) LEGACY_FN(6) LEGACY_FN(7)
LEGACY_FN(8) LEGACY_FN(9) LEGACY_FN(10) LEGACY_FN(11) LEGACY_FN(12) LEGACY_FN(13) LEGACY_FN(14)
#undef LEGACY_FN

/* bytes(length): the stream's 32-bit draws, little-endian, cut to length. */
static kn_obj *r_bytes(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"length"};
    kn_obj *v[1];
    int64_t n;
    if (kn_args_bind(a, "bytes", names, 1, 1, v, err) < 0 || kn_to_int64(v[0], &n, err) < 0) return NULL;
    if (n < 0) return tc_error_set(err, TC_EXC_VALUE, "negative dimensions are not allowed"), NULL;
    char *buf = tc_malloc((size_t)n + 4);
    if (!buf) return tc_error_set(err, TC_EXC_MEMORY, "out of memory"), NULL;
    for (int64_t i = 0; i < n; i += 4) {
        uint32_t w = tc_np_next32(R());
        for (int k = 0; k < 4; k++) buf[i + k] = (char)(w >> (8 * k));
    }
    kn_obj *r = kn_bytes_new(buf, (size_t)n);
    tc_free(buf);
    if (!r) tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    return r;
}

/* A 1-D float64 copy of a sequence parameter (alpha, pvals). New ref. */
static tc_tensor *vector_param(kn_obj *o, const char *what, kn_err *err) {
    tc_dtype f64 = TC_DTYPE_F64;
    tc_tensor *t = kn_is_tensor(o) ? tc_to(kn_tensor_unwrap(o), f64, tc_device_cpu(), ".to()", err)
                                    : kn__tensor_from_data(o, &f64, true, err);
    tc_tensor *c = t ? tc_contiguous(t, err) : NULL;
    tc_tensor_unref(t);
    if (c && c->ndim != 1) {
        tc_tensor_unref(c);
        return tc_error_set(err, TC_EXC_VALUE, "object of too small depth for desired array"), NULL;
    }
    (void)what;
    return c;
}

/* The result shape: size (or none) + [k]. */
static int size_plus(kn_obj *size, int64_t k, int64_t *shape, int *n, kn_err *err) {
    bool scalar;
    if (get_size(size, shape, n, &scalar, err) < 0) return -1;
    if (*n >= TC_MAX_DIMS) return tc_error_set(err, TC_EXC_VALUE, "too many dimensions");
    shape[(*n)++] = k;
    return 0;
}

/* dirichlet(alpha, size=None): legacy standard gammas, each row divided by its sum. */
static kn_obj *r_dirichlet(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"alpha", "size"};
    kn_obj *v[2];
    if (kn_args_bind(a, "dirichlet", names, 2, 1, v, err) < 0) return NULL;
    tc_tensor *al = vector_param(v[0], "alpha", err);
    if (!al) return NULL;
    int64_t k = tc_numel(al), shape[TC_MAX_DIMS];
    const double *ad = tc_data_ptr(al);
    int n;
    tc_tensor *t = NULL;
    for (int64_t j = 0; j < k; j++)
        if (!(ad[j] > 0)) {
            tc_error_set(err, TC_EXC_VALUE, "alpha <= 0");
            goto out;
        }
    if (size_plus(v[1], k, shape, &n, err) < 0 || !(t = tc_zeros(shape, n, TC_DTYPE_F64, tc_device_cpu(), err)))
        goto out;
    double *o = tc_data_ptr(t);
    for (int64_t i = 0, m = tc_numel(t); i < m; i += k) {
        double acc = 0.0;
        for (int64_t j = 0; j < k; j++) {
            o[i + j] = std_gamma(ad[j]);
            acc = acc + o[i + j];
        }
        double inv = 1 / acc;
        for (int64_t j = 0; j < k; j++) o[i + j] = o[i + j] * inv;
    }
out:
    tc_tensor_unref(al);
    return t ? owned(t) : NULL;
}

/* multinomial(n, pvals, size=None): a binomial per category on what is left, as RandomState. */
static kn_obj *r_multinomial(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"n", "pvals", "size"};
    kn_obj *v[3];
    int64_t trials;
    if (kn_args_bind(a, "multinomial", names, 3, 2, v, err) < 0 || kn_to_int64(v[0], &trials, err) < 0) return NULL;
    tc_tensor *pv = vector_param(v[1], "pvals", err);
    if (!pv) return NULL;
    int64_t d = tc_numel(pv), shape[TC_MAX_DIMS];
    const double *p = tc_data_ptr(pv);
    int n;
    tc_tensor *t = NULL;
    double sum = 0, comp = 0; /* Kahan, as NumPy's kahan_sum over pvals[:-1] */
    for (int64_t j = 0; j < d; j++)
        if (!(p[j] >= 0 && p[j] <= 1)) {
            tc_error_set(err, TC_EXC_VALUE, "pvals < 0, pvals > 1 or pvals contains NaNs");
            goto out;
        }
    for (int64_t j = 0; j + 1 < d; j++) {
        double y = p[j] - comp, s2 = sum + y;
        comp = (s2 - sum) - y;
        sum = s2;
    }
    if (sum > 1.0 + 1e-12) {
        tc_error_set(err, TC_EXC_VALUE, "sum(pvals[:-1]) > 1.0");
        goto out;
    }
    if (trials < 0) {
        tc_error_set(err, TC_EXC_VALUE, "n < 0");
        goto out;
    }
    if (size_plus(v[2], d, shape, &n, err) < 0 || !(t = tc_zeros(shape, n, TC_DTYPE_I64, tc_device_cpu(), err)))
        goto out;
    int64_t *o = tc_data_ptr(t);
    for (int64_t i = 0, m = tc_numel(t); i < m && d > 0; i += d) {
        double left = 1.0;
        int64_t dn = trials;
        for (int64_t j = 0; j + 1 < d; j++) {
            o[i + j] = (int64_t)dist_binomial((const double[]){(double)dn, p[j] / left});
            dn -= o[i + j];
            if (dn <= 0) break;
            left -= p[j];
        }
        if (dn > 0) o[i + d - 1] = dn;
    }
out:
    tc_tensor_unref(pv);
    return t ? owned(t) : NULL;
}

/* get_state(): ('MT19937', key, pos, has_gauss, cached_gaussian) as RandomState's legacy
 * tuple; the key array is int64 here (the kernel's numpy has no uint32), which set_state
 * takes back. */
static kn_obj *r_get_state(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"legacy"};
    kn_obj *v[1];
    if (kn_args_bind(a, "get_state", names, 1, 0, v, err) < 0) return NULL;
    tc_np_rng *r = R();
    int64_t n = 624;
    tc_tensor *k = tc_empty(&n, 1, TC_DTYPE_I64, tc_device_cpu(), err);
    if (!k) return NULL;
    for (int i = 0; i < 624; i++) ((int64_t *)tc_data_ptr(k))[i] = r->key[i];
    kn_obj *arr = owned(k), *name = arr ? kn_str_new("MT19937", 7) : NULL, *t = name ? kn_tuple_new(5) : NULL;
    if (!t) {
        if (arr) kn_decref(arr);
        if (name) kn_decref(name);
        return tc_error_set(err, TC_EXC_MEMORY, "out of memory"), NULL;
    }
    kn_tuple_set(t, 0, name);
    kn_tuple_set(t, 1, arr);
    kn_tuple_set(t, 2, kn_int_new(r->pos));
    kn_tuple_set(t, 3, kn_int_new(r->has_gauss));
    kn_tuple_set(t, 4, kn_float_new(r->has_gauss ? r->gauss : 0.0));
    bool legacy = true;
    if (!absent(v[0]) && kn__to_bool(v[0], &legacy, err) < 0) {
        kn_decref(t);
        return NULL;
    }
    if (legacy) return t;
    /* legacy=False: {'bit_generator': 'MT19937', 'state': {'key', 'pos'}, 'has_gauss', 'gauss'} */
    kn_obj **it = kn_tuple_items(t);
    kn_obj *d = kn_dict_new(), *st = kn_dict_new();
    int rc = d && st ? 0 : -1;
    rc = rc ? rc : kn_dict_set_str(d, "bit_generator", it[0]);
    rc = rc ? rc : kn_dict_set_str(st, "key", it[1]);
    rc = rc ? rc : kn_dict_set_str(st, "pos", it[2]);
    rc = rc ? rc : kn_dict_set_str(d, "state", st);
    rc = rc ? rc : kn_dict_set_str(d, "has_gauss", it[3]);
    rc = rc ? rc : kn_dict_set_str(d, "gauss", it[4]);
    kn_decref(t);
    kn_decref(st);
    if (rc) {
        kn_decref(d);
        return tc_error_set(err, TC_EXC_MEMORY, "out of memory"), NULL;
    }
    return d;
}

static kn_obj *r_set_state(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"state"};
    kn_obj *v[1];
    if (kn_args_bind(a, "set_state", names, 1, 1, v, err) < 0) return NULL;
    kn_obj *dit[5];
    kn_obj **it = dit;
    int64_t len = 5, pos, has = 0;
    if (kn_is(v[0], &kn_type_dict)) { /* get_state(legacy=False)'s dict */
        kn_obj *st = kn_dict_get_str(v[0], "state");
        dit[0] = kn_dict_get_str(v[0], "bit_generator");
        dit[1] = st && kn_is(st, &kn_type_dict) ? kn_dict_get_str(st, "key") : NULL;
        dit[2] = st && kn_is(st, &kn_type_dict) ? kn_dict_get_str(st, "pos") : NULL;
        dit[3] = kn_dict_get_str(v[0], "has_gauss");
        dit[4] = kn_dict_get_str(v[0], "gauss");
        if (!dit[0] || !dit[1] || !dit[2]) return tc_error_set(err, TC_EXC_VALUE, "state dictionary is not valid."), NULL;
        if (!dit[3] || !dit[4]) len = 3;
    } else {
        if (!kn_is(v[0], &kn_type_tuple) || kn_len(v[0], err) < 3)
            return tc_error_set(err, TC_EXC_TYPE, "state must be a dict or a tuple."), NULL;
        it = kn_tuple_items(v[0]);
        len = kn_len(v[0], err);
    }
    double g = 0;
    if (!kn_is(it[0], &kn_type_str) || strcmp(kn_str_cstr(it[0]), "MT19937"))
        return tc_error_set(err, TC_EXC_VALUE, "set_state can only be used with legacy MT19937 state instances."), NULL;
    if (kn_to_int64(it[2], &pos, err) < 0 || (len > 3 && kn_to_int64(it[3], &has, err) < 0) ||
        (len > 4 && kn_to_double(it[4], &g, err) < 0))
        return NULL;
    tc_tensor *k = kn_tensor_unwrap(it[1]);
    tc_tensor *c = k ? tc_to(k, TC_DTYPE_I64, tc_device_cpu(), ".to()", err) : NULL;
    tc_tensor *cc = c ? tc_contiguous(c, err) : NULL;
    tc_tensor_unref(c);
    if (!cc) {
        if (!k) tc_error_set(err, TC_EXC_TYPE, "set_state: the key must be an array");
        return NULL;
    }
    if (tc_numel(cc) != 624 || pos < 0 || pos > 624) {
        tc_tensor_unref(cc);
        return tc_error_set(err, TC_EXC_VALUE, "state must be 624 elements"), NULL;
    }
    tc_np_rng *r = R();
    for (int i = 0; i < 624; i++) r->key[i] = (uint32_t)((const int64_t *)tc_data_ptr(cc))[i];
    tc_tensor_unref(cc);
    r->pos = (int)pos;
    r->has_gauss = has != 0;
    r->gauss = g;
    return kn_none_new();
}

static const kn__fn random_fns[] = {
    {"bytes", r_bytes, "(length)", "Return random bytes."},
    {"dirichlet", r_dirichlet, "(alpha, size=None)", "Draw samples from the Dirichlet distribution."},
    {"multinomial", r_multinomial, "(n, pvals, size=None)", "Draw samples from a multinomial distribution."},
    {"get_state", r_get_state, "(legacy=True)", "Return a tuple representing the internal state of the generator."},
    {"set_state", r_set_state, "(state)", "Set the internal state of the generator from a tuple."},
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
    {"standard_normal", r_legacy_0, "(size=None)", "Draw samples from a standard Normal distribution (mean=0, stdev=1)."},
    {"standard_exponential", r_legacy_1, "(size=None)", "Draw samples from the standard exponential distribution."},
    {"exponential", r_legacy_2, "(scale=1.0, size=None)", "Draw samples from an exponential distribution."},
    {"lognormal", r_legacy_3, "(mean=0.0, sigma=1.0, size=None)", "Draw samples from a log-normal distribution."},
    {"laplace", r_legacy_4, "(loc=0.0, scale=1.0, size=None)", "Draw samples from the Laplace or double exponential distribution."},
    {"logistic", r_legacy_5, "(loc=0.0, scale=1.0, size=None)", "Draw samples from a logistic distribution."},
    {"gumbel", r_legacy_6, "(loc=0.0, scale=1.0, size=None)", "Draw samples from a Gumbel distribution."},
    {"triangular", r_legacy_7, "(left, mode, right, size=None)", "Draw samples from the triangular distribution."},
    {"poisson", r_legacy_8, "(lam=1.0, size=None)", "Draw samples from a Poisson distribution."},
    {"geometric", r_legacy_9, "(p, size=None)", "Draw samples from the geometric distribution."},
    {"binomial", r_legacy_10, "(n, p, size=None)", "Draw samples from a binomial distribution."},
    {"standard_gamma", r_legacy_11, "(shape, size=None)", "Draw samples from a standard Gamma distribution."},
    {"gamma", r_legacy_12, "(shape, scale=1.0, size=None)", "Draw samples from a Gamma distribution."},
    {"chisquare", r_legacy_13, "(df, size=None)", "Draw samples from a chi-square distribution."},
    {"beta", r_legacy_14, "(a, b, size=None)", "Draw samples from a Beta distribution."},
    {NULL, NULL, NULL, NULL},
};

/* The numpy.random submodule. New reference. */
kn_obj *kn__np_random_module(kn_err *err) {
    kn_obj *m = kn_module_new("numpy.random", "NumPy's legacy random sampling (RandomState).");
    if (!m) return NULL;
    if (kn__module_add_fns(m, random_fns, err) < 0 || kn__np_generator_add(m, err) < 0) {
        kn_decref(m);
        return NULL;
    }
    return m;
}
