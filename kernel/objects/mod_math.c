/*
 * The math module: constants, the C library functions with Python's domain/range error
 * rules ("math domain error", "math range error"), integer functions (factorial, gcd,
 * lcm, isqrt, comb, perm), prod and fsum (exact, CPython's algorithm).
 */
#include <float.h>
#include <math.h>

#include "kernel/objects/objects-impl.h"

static kn_obj *arg1(const kn_args *args, const char *fname, double *x, kn_err *err) {
    static const char *names[] = {"x"};
    kn_obj *a[1];
    if (KN__BIND(args, fname, names, 1, a, err) < 0) return NULL;
    if (kn_to_double(a[0], x, err) < 0) return NULL;
    return a[0];
}

/* Python's math_1: NaN from a non-NaN is a domain error, inf from finite a range error. */
static kn_obj *math_result(double x, double r, bool can_overflow, kn_err *err) {
    if (isnan(r) && !isnan(x)) {
        tc_error_set(err, TC_EXC_VALUE, "math domain error");
        return NULL;
    }
    if (isinf(r) && isfinite(x)) {
        if (can_overflow)
            tc_error_set(err, TC_EXC_OVERFLOW, "math range error");
        else
            tc_error_set(err, TC_EXC_VALUE, "math domain error");
        return NULL;
    }
    return kn_float_new(r);
}

#define MATH1(name, expr, overflow)                                                                \
    static kn_obj *m_##name(kn_obj *self, const kn_args *args, kn_err *err) {                      \
        double x;                                                                                  \
        if (!arg1(args, #name, &x, err)) return NULL;                                              \
        return math_result(x, expr, overflow, err);                                                \
    }
MATH1(sqrt, sqrt(x), false)
MATH1(exp, exp(x), true)
MATH1(expm1, expm1(x), true)
MATH1(log1p, x <= -1 ? NAN : log1p(x), false)
MATH1(sin, isinf(x) ? NAN : sin(x), false)
MATH1(cos, isinf(x) ? NAN : cos(x), false)
MATH1(tan, isinf(x) ? NAN : tan(x), false)
MATH1(asin, asin(x), false)
MATH1(acos, acos(x), false)
MATH1(atan, atan(x), false)
MATH1(sinh, sinh(x), true)
MATH1(cosh, cosh(x), true)
MATH1(tanh, tanh(x), false)
MATH1(fabs, fabs(x), false)
MATH1(degrees, x *(180.0 / M_PI), true)
MATH1(radians, x *(M_PI / 180.0), false)
MATH1(acosh, acosh(x), false)
MATH1(asinh, asinh(x), false)
MATH1(atanh, fabs(x) >= 1 ? NAN : atanh(x), false)
MATH1(erf, erf(x), false)
MATH1(erfc, erfc(x), false)
MATH1(cbrt, cbrt(x), false)
MATH1(exp2, exp2(x), true)
MATH1(gamma, (x == 0 || (x < 0 && x == floor(x))) ? NAN : tgamma(x), true)
MATH1(lgamma, (x <= 0 && x == floor(x)) ? NAN : lgamma(x), true)

/* The natural log of a number, as CPython's loghelper: an int too large for a float is
 * taken as m * 2**e first. -1 with "math domain error" for x <= 0. */
static int log_of(kn_obj *o, double (*fn)(double), double *out, kn_err *err) {
    double x;
    if (kn__is_int(o) && kn__int_is_big(o)) {
        if (kn__int_sign(o) < 0) return tc_error_set(err, TC_EXC_VALUE, "math domain error");
        int64_t e = kn__int_bit_length(o) - 64;
        kn_obj *sh = kn_int_new(e), *m = sh ? kn_binary(KN_BINOP_RSHIFT, o, sh, err) : NULL;
        kn_decref(sh);
        if (!m) return tc_error_is_set(err) ? -1 : kn_nomem(err);
        int rc = kn_to_double(m, &x, err);
        kn_decref(m);
        if (rc < 0) return -1;
        /* CPython: frexp(o) = (x, bits) with x in [0.5, 1), then fn(x) + fn(2.0) * bits */
        *out = fn(ldexp(x, -64)) + fn(2.0) * (double)(e + 64);
        return 0;
    }
    if (kn_to_double(o, &x, err) < 0) return -1;
    if (x <= 0) return tc_error_set(err, TC_EXC_VALUE, "math domain error");
    *out = fn(x);
    return 0;
}
static int ln_of(kn_obj *o, double *out, kn_err *err) {
    return log_of(o, log, out, err);
}

static kn_obj *log_base(const kn_args *args, const char *fname, double base, kn_err *err) {
    static const char *names[] = {"x"};
    kn_obj *a[1];
    if (KN__BIND(args, fname, names, 1, a, err) < 0) return NULL;
    if (!(kn__is_int(a[0]) && kn__int_is_big(a[0]))) {
        double x;
        if (kn_to_double(a[0], &x, err) < 0) return NULL;
        if (x <= 0) {
            tc_error_set(err, TC_EXC_VALUE, "math domain error");
            return NULL;
        }
        return kn_float_new(base == 2 ? log2(x) : log10(x));
    }
    double l;
    if (log_of(a[0], base == 2 ? log2 : log10, &l, err) < 0) return NULL;
    return kn_float_new(l);
}
static kn_obj *m_log2(kn_obj *self, const kn_args *args, kn_err *err) {
    return log_base(args, "log2", 2, err);
}
static kn_obj *m_log10(kn_obj *self, const kn_args *args, kn_err *err) {
    return log_base(args, "log10", 10, err);
}

static kn_obj *m_log(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"x", "base"};
    kn_obj *a[2];
    if (KN__BIND(args, "log", names, 1, a, err) < 0) return NULL;
    double lx, lb;
    if (ln_of(a[0], &lx, err) < 0) return NULL;
    if (a[1] && ln_of(a[1], &lb, err) < 0) return NULL;
    if (!a[1]) return kn_float_new(lx);
    double d = lb;
    if (d == 0) {
        tc_error_set(err, TC_EXC_ZERO_DIVISION, "float division by zero");
        return NULL;
    }
    return kn_float_new(lx / d);
}

static kn_obj *int_round(kn_obj *self, const kn_args *args, const char *fname, double (*fn)(double),
                         kn_err *err) {
    static const char *names[] = {"x"};
    kn_obj *a[1];
    if (KN__BIND(args, fname, names, 1, a, err) < 0) return NULL;
    if (kn__is_int(a[0])) return kn__int_of_obj(a[0], err);
    double x;
    if (kn_to_double(a[0], &x, err) < 0) return NULL;
    return kn__int_from_double(fn(x), err);
}
static kn_obj *m_floor(kn_obj *self, const kn_args *args, kn_err *err) {
    return int_round(self, args, "floor", floor, err);
}
static kn_obj *m_ceil(kn_obj *self, const kn_args *args, kn_err *err) {
    return int_round(self, args, "ceil", ceil, err);
}
static kn_obj *m_trunc(kn_obj *self, const kn_args *args, kn_err *err) {
    return int_round(self, args, "trunc", trunc, err);
}

static kn_obj *predicate(const kn_args *args, const char *fname, int (*pred)(double), kn_err *err) {
    double x;
    if (!arg1(args, fname, &x, err)) return NULL;
    return kn_bool_new(pred(x));
}
static int p_isnan(double x) {
    return isnan(x);
}
static int p_isinf(double x) {
    return isinf(x);
}
static int p_isfinite(double x) {
    return isfinite(x);
}
static kn_obj *m_isnan(kn_obj *self, const kn_args *args, kn_err *err) {
    return predicate(args, "isnan", p_isnan, err);
}
static kn_obj *m_isinf(kn_obj *self, const kn_args *args, kn_err *err) {
    return predicate(args, "isinf", p_isinf, err);
}
static kn_obj *m_isfinite(kn_obj *self, const kn_args *args, kn_err *err) {
    return predicate(args, "isfinite", p_isfinite, err);
}

static int two_doubles(const kn_args *args, const char *fname, double *x, double *y, kn_err *err) {
    static const char *names[] = {"x", "y"};
    kn_obj *a[2];
    if (KN__BIND(args, fname, names, 2, a, err) < 0) return -1;
    if (kn_to_double(a[0], x, err) < 0 || kn_to_double(a[1], y, err) < 0) return -1;
    return 0;
}

static kn_obj *m_pow(kn_obj *self, const kn_args *args, kn_err *err) {
    double x, y;
    if (two_doubles(args, "pow", &x, &y, err) < 0) return NULL;
    if (x == 0 && y < 0) {
        tc_error_set(err, TC_EXC_VALUE, "math domain error");
        return NULL;
    }
    double r = pow(x, y);
    if (isnan(r) && !isnan(x) && !isnan(y)) {
        tc_error_set(err, TC_EXC_VALUE, "math domain error");
        return NULL;
    }
    if (isinf(r) && isfinite(x) && isfinite(y)) {
        tc_error_set(err, TC_EXC_OVERFLOW, "math range error");
        return NULL;
    }
    return kn_float_new(r);
}

static kn_obj *m_atan2(kn_obj *self, const kn_args *args, kn_err *err) {
    double y, x;
    if (two_doubles(args, "atan2", &y, &x, err) < 0) return NULL;
    return kn_float_new(atan2(y, x));
}

static kn_obj *m_copysign(kn_obj *self, const kn_args *args, kn_err *err) {
    double x, y;
    if (two_doubles(args, "copysign", &x, &y, err) < 0) return NULL;
    return kn_float_new(copysign(x, y));
}

static kn_obj *m_fmod(kn_obj *self, const kn_args *args, kn_err *err) {
    double x, y;
    if (two_doubles(args, "fmod", &x, &y, err) < 0) return NULL;
    if (y == 0 || isinf(x)) {
        tc_error_set(err, TC_EXC_VALUE, "math domain error");
        return NULL;
    }
    return kn_float_new(fmod(x, y));
}

/* An exact double-length value (hi + lo), for CPython's vector_norm. */
typedef struct {
    double hi, lo;
} dlength;

static dlength dl_fast_sum(double a, double b) {
    double x = a + b, z = x - a;
    return (dlength){x, b - z};
}

static dlength dl_mul(double x, double y) {
    double z = x * y;
    return (dlength){z, fma(x, y, -z)};
}

/* CPython 3.11's vector_norm: the Euclidean norm of vec[0..n) (absolute values, max their
 * largest), correctly rounded in nearly every case, so hypot and dist give its very bits. */
static double vector_norm(int64_t n, double *vec, double max, bool found_nan) {
    if (isinf(max)) return max;
    if (found_nan) return NAN;
    if (max == 0.0 || n <= 1) return max;
    int max_e;
    frexp(max, &max_e);
    if (max_e < -1023) { /* ldexp(1.0, -max_e) would overflow: make subnormals normal */
        for (int64_t i = 0; i < n; i++)
            vec[i] /= DBL_MIN;
        return DBL_MIN * vector_norm(n, vec, max / DBL_MIN, found_nan);
    }
    double scale = ldexp(1.0, -max_e), csum = 1.0, frac1 = 0.0, frac2 = 0.0, x, h;
    dlength pr, sm;
    for (int64_t i = 0; i < n; i++) {
        x = vec[i] * scale;
        pr = dl_mul(x, x);
        sm = dl_fast_sum(csum, pr.hi);
        csum = sm.hi;
        frac1 += pr.lo;
        frac2 += sm.lo;
    }
    h = sqrt(csum - 1.0 + (frac1 + frac2));
    pr = dl_mul(-h, h);
    sm = dl_fast_sum(csum, pr.hi);
    csum = sm.hi;
    frac1 += pr.lo;
    frac2 += sm.lo;
    x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    return h / scale;
}

/* A real number argument as CPython's hypot/dist read it (its absolute value when asked). */
static int real_arg(kn_obj *o, double *out, bool absolute, kn_err *err) {
    if (!kn__is_number(o) && !o->type->to_float)
        return tc_error_set(err, TC_EXC_TYPE, "must be real number, not %s", kn_type_name(o));
    if (kn_to_double(o, out, err) < 0) return -1;
    if (absolute) *out = fabs(*out);
    return 0;
}

static kn_obj *m_hypot(kn_obj *self, const kn_args *args, kn_err *err) {
    if (args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "math.hypot() takes no keyword arguments");
        return NULL;
    }
    double stack[16], *vec = args->npos <= 16 ? stack : tc_malloc(sizeof(double) * (size_t)args->npos);
    if (!vec) {
        kn_nomem(err);
        return NULL;
    }
    double max = 0;
    bool found_nan = false;
    for (int i = 0; i < args->npos; i++) {
        if (real_arg(args->pos[i], &vec[i], true, err) < 0) {
            if (vec != stack) tc_free(vec);
            return NULL;
        }
        found_nan |= isnan(vec[i]);
        if (vec[i] > max) max = vec[i];
    }
    double r = vector_norm(args->npos, vec, max, found_nan);
    if (vec != stack) tc_free(vec);
    return kn_float_new(r);
}

static kn_obj *m_dist(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"p", "q"};
    kn_obj *a[2];
    if (KN__BIND(args, "dist", names, 2, a, err) < 0) return NULL;
    kn_obj *p = kn__list_from_iter(a[0], err);
    kn_obj *q = p ? kn__list_from_iter(a[1], err) : NULL;
    kn_obj *r = NULL;
    double *vec = NULL;
    if (!q) goto done;
    int64_t n = kn_list_len(p);
    if (kn_list_len(q) != n) {
        tc_error_set(err, TC_EXC_VALUE, "both points must have the same number of dimensions");
        goto done;
    }
    if (!(vec = tc_malloc(sizeof(double) * (size_t)(n ? n : 1)))) {
        kn_nomem(err);
        goto done;
    }
    double max = 0;
    bool found_nan = false;
    for (int64_t i = 0; i < n; i++) {
        double x, y;
        if (real_arg(kn_list_items(p)[i], &x, false, err) < 0 ||
            real_arg(kn_list_items(q)[i], &y, false, err) < 0)
            goto done;
        vec[i] = fabs(x - y);
        found_nan |= isnan(vec[i]);
        if (vec[i] > max) max = vec[i];
    }
    r = kn_float_new(vector_norm(n, vec, max, found_nan));
done:
    tc_free(vec);
    kn_decref(p);
    kn_decref(q);
    return r;
}

static kn_obj *m_frexp(kn_obj *self, const kn_args *args, kn_err *err) {
    double x;
    if (!arg1(args, "frexp", &x, err)) return NULL;
    int e = 0;
    double m = isnan(x) || isinf(x) || x == 0 ? x : frexp(x, &e);
    return kn__tuple_pair(kn_float_new(m), kn_int_new(e), err);
}

static kn_obj *m_ldexp(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"x", "i"};
    kn_obj *a[2];
    if (KN__BIND(args, "ldexp", names, 2, a, err) < 0) return NULL;
    double x;
    if (kn_to_double(a[0], &x, err) < 0) return NULL;
    if (!kn__is_int(a[1])) {
        tc_error_set(err, TC_EXC_TYPE, "Expected an int as second argument to ldexp.");
        return NULL;
    }
    /* an exponent beyond int64 (or int) saturates: the result is 0 or overflows as CPython's */
    int64_t e = kn_int_value(a[1]);
    if (e > 100000) e = 100000;
    if (e < -100000) e = -100000;
    if (x == 0 || !isfinite(x)) return kn_float_new(x);
    double r = ldexp(x, (int)e);
    if (isinf(r)) {
        tc_error_set(err, TC_EXC_OVERFLOW, "math range error");
        return NULL;
    }
    return kn_float_new(r);
}

static kn_obj *m_modf(kn_obj *self, const kn_args *args, kn_err *err) {
    double x, ip;
    if (!arg1(args, "modf", &x, err)) return NULL;
    double fp = isinf(x) ? copysign(0.0, x) : modf(x, &ip);
    if (isinf(x)) ip = x;
    return kn__tuple_pair(kn_float_new(fp), kn_float_new(ip), err);
}

static kn_obj *m_nextafter(kn_obj *self, const kn_args *args, kn_err *err) {
    double x, y;
    if (two_doubles(args, "nextafter", &x, &y, err) < 0) return NULL;
    return kn_float_new(nextafter(x, y));
}

static kn_obj *m_ulp(kn_obj *self, const kn_args *args, kn_err *err) {
    double x;
    if (!arg1(args, "ulp", &x, err)) return NULL;
    if (isnan(x)) return kn_float_new(x);
    x = fabs(x);
    if (isinf(x)) return kn_float_new(x);
    double x2 = nextafter(x, INFINITY);
    if (isinf(x2)) { /* x is the largest positive double */
        x2 = nextafter(x, -INFINITY);
        return kn_float_new(x - x2);
    }
    return kn_float_new(x2 - x);
}

static kn_obj *m_remainder(kn_obj *self, const kn_args *args, kn_err *err) {
    double x, y;
    if (two_doubles(args, "remainder", &x, &y, err) < 0) return NULL;
    if (isnan(x) || isnan(y)) return kn_float_new(NAN);
    if (isinf(x) || y == 0) {
        tc_error_set(err, TC_EXC_VALUE, "math domain error");
        return NULL;
    }
    return kn_float_new(isinf(y) ? x : remainder(x, y));
}

static kn_obj *m_isclose(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"a", "b", "rel_tol", "abs_tol"};
    kn_obj *a[4];
    if (KN__BIND(args, "isclose", names, 2, a, err) < 0) return NULL;
    double x, y, rel = 1e-09, abs_tol = 0.0;
    if (kn_to_double(a[0], &x, err) < 0 || kn_to_double(a[1], &y, err) < 0) return NULL;
    if (a[2] && kn_to_double(a[2], &rel, err) < 0) return NULL;
    if (a[3] && kn_to_double(a[3], &abs_tol, err) < 0) return NULL;
    if (rel < 0 || abs_tol < 0) {
        tc_error_set(err, TC_EXC_VALUE, "tolerances must be non-negative");
        return NULL;
    }
    if (x == y) return kn_bool_new(true);
    if (isinf(x) || isinf(y)) return kn_bool_new(false);
    double d = fabs(y - x);
    return kn_bool_new((d <= fabs(rel * y)) || (d <= fabs(rel * x)) || d <= abs_tol);
}

/* ---- integer functions --------------------------------------------------------------- */

static int int_arg(kn_obj *o, int64_t *out, kn_err *err) {
    if (kn_is(o, &kn_type_float))
        return tc_error_set(err, TC_EXC_TYPE, "'float' object cannot be interpreted as an integer");
    return kn_to_int64(o, out, err);
}

/* An integer argument as a new int of any size (bool gives its int). */
static kn_obj *int_obj_arg(kn_obj *o, kn_err *err) {
    if (kn_is(o, &kn_type_float)) {
        tc_error_set(err, TC_EXC_TYPE, "'float' object cannot be interpreted as an integer");
        return NULL;
    }
    if (kn__is_int(o)) return kn__int_of_obj(o, err);
    int64_t v;
    if (kn_to_int64(o, &v, err) < 0) return NULL;
    kn_obj *r = kn_int_new(v);
    if (!r) kn_nomem(err);
    return r;
}

/* a op b for ints, stealing both references (NULL-tolerant, so chains stay short). */
static kn_obj *iop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    kn_obj *r = a && b ? kn_binary(op, a, b, err) : NULL;
    if (a && b && !r && !tc_error_is_set(err)) kn_nomem(err);
    kn_decref(a);
    kn_decref(b);
    return r;
}
static kn_obj *inew(int64_t v) {
    return kn_int_new(v);
}

/* The product lo * (lo + 1) * ... * hi (lo <= hi + 1), split in halves so that the big
 * multiplications are balanced. */
static kn_obj *range_product(int64_t lo, int64_t hi, kn_err *err) {
    if (hi - lo < 16) {
        kn_obj *r = inew(1);
        uint64_t acc = 1;
        for (int64_t i = lo; i <= hi; i++) {
            uint64_t t;
            if (__builtin_mul_overflow(acc, (uint64_t)i, &t) || t > (uint64_t)INT64_MAX) {
                r = iop(KN_BINOP_MUL, r, inew((int64_t)acc), err);
                acc = (uint64_t)i;
            } else {
                acc = t;
            }
        }
        return iop(KN_BINOP_MUL, r, inew((int64_t)acc), err);
    }
    if (tc_interrupt_pending() && tc_interrupt_check(err) < 0) return NULL;
    int64_t mid = lo + (hi - lo) / 2;
    kn_obj *a = range_product(lo, mid, err);
    kn_obj *b = a ? range_product(mid + 1, hi, err) : NULL;
    if (!b) {
        kn_decref(a);
        return NULL;
    }
    return iop(KN_BINOP_MUL, a, b, err);
}

static kn_obj *m_factorial(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"n"};
    kn_obj *a[1];
    if (KN__BIND(args, "factorial", names, 1, a, err) < 0) return NULL;
    int64_t n;
    if (kn__is_int(a[0]) && kn__int_is_big(a[0])) {
        if (kn__int_sign(a[0]) > 0)
            tc_error_set(err, TC_EXC_OVERFLOW,
                         "factorial() argument should not exceed 9223372036854775807");
        else
            tc_error_set(err, TC_EXC_VALUE, "factorial() not defined for negative values");
        return NULL;
    }
    if (int_arg(a[0], &n, err) < 0) return NULL;
    if (n < 0) {
        tc_error_set(err, TC_EXC_VALUE, "factorial() not defined for negative values");
        return NULL;
    }
    if ((double)n * log2((double)n + 1) / 8 > 1e10) return kn_nomem(err), NULL;
    return range_product(2, n, err);
}

static int64_t gcd64(int64_t a, int64_t b) {
    uint64_t x = a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a;
    uint64_t y = b < 0 ? (uint64_t)0 - (uint64_t)b : (uint64_t)b;
    while (y) {
        uint64_t t = x % y;
        x = y;
        y = t;
    }
    return (int64_t)x;
}

/* gcd(|a|, |b|) of two ints (steals both). */
static kn_obj *gcd_obj(kn_obj *a, kn_obj *b, kn_err *err) {
    if (!a || !b) {
        kn_decref(a);
        kn_decref(b);
        return NULL;
    }
    if (!kn__int_is_big(a) && !kn__int_is_big(b) && kn_int_value(a) != INT64_MIN &&
        kn_int_value(b) != INT64_MIN) {
        int64_t g = gcd64(kn_int_value(a), kn_int_value(b));
        kn_decref(a);
        kn_decref(b);
        return inew(g);
    }
    kn_obj *x = kn__int_abs(a, err), *y = kn__int_abs(b, err);
    kn_decref(a);
    kn_decref(b);
    while (x && y && kn__int_sign(y)) {
        kn_obj *r = iop(KN_BINOP_MOD, x, kn_incref(y), err);
        x = y;
        y = r;
    }
    kn_decref(y);
    return y ? x : (kn_decref(x), NULL);
}

static kn_obj *m_gcd(kn_obj *self, const kn_args *args, kn_err *err) {
    if (args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "gcd() takes no keyword arguments");
        return NULL;
    }
    kn_obj *g = inew(0);
    for (int i = 0; g && i < args->npos; i++)
        g = gcd_obj(g, int_obj_arg(args->pos[i], err), err);
    return g;
}

static kn_obj *m_lcm(kn_obj *self, const kn_args *args, kn_err *err) {
    if (args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "lcm() takes no keyword arguments");
        return NULL;
    }
    kn_obj *l = inew(1);
    for (int i = 0; l && i < args->npos; i++) {
        kn_obj *v = int_obj_arg(args->pos[i], err);
        if (!v) {
            kn_decref(l);
            return NULL;
        }
        if (!kn__int_sign(v) || !kn__int_sign(l)) {
            kn_decref(v);
            kn_decref(l);
            l = inew(0);
            continue;
        }
        kn_obj *g = gcd_obj(kn_incref(l), kn_incref(v), err);
        kn_obj *av = kn__int_abs(v, err);
        kn_decref(v);
        l = iop(KN_BINOP_MUL, iop(KN_BINOP_FLOORDIV, l, g, err), av, err);
    }
    return l;
}

static kn_obj *m_isqrt(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"n"};
    kn_obj *a[1];
    if (KN__BIND(args, "isqrt", names, 1, a, err) < 0) return NULL;
    kn_obj *n = int_obj_arg(a[0], err);
    if (!n) return NULL;
    if (kn__int_sign(n) < 0) {
        kn_decref(n);
        tc_error_set(err, TC_EXC_VALUE, "isqrt() argument must be nonnegative");
        return NULL;
    }
    if (!kn__int_is_big(n)) {
        int64_t v = kn_int_value(n);
        kn_decref(n);
        uint64_t r = (uint64_t)sqrtl((long double)v);
        while (r * r > (uint64_t)v)
            r--;
        while ((r + 1) * (r + 1) <= (uint64_t)v)
            r++;
        return inew((int64_t)r);
    }
    /* Newton from above: x = 2**ceil(bits/2) >= sqrt(n); x' = (x + n // x) // 2 */
    kn_obj *x = iop(KN_BINOP_LSHIFT, inew(1), inew((kn__int_bit_length(n) + 1) / 2), err);
    while (x) {
        kn_obj *y = iop(KN_BINOP_RSHIFT,
                        iop(KN_BINOP_ADD, kn_incref(x),
                            iop(KN_BINOP_FLOORDIV, kn_incref(n), kn_incref(x), err), err),
                        inew(1), err);
        if (!y) {
            kn_decref(x);
            x = NULL;
            break;
        }
        if (kn__int_compare(y, x) >= 0) {
            kn_decref(y);
            break;
        }
        kn_decref(x);
        x = y;
    }
    kn_decref(n);
    return x;
}

static kn_obj *comb_perm(const kn_args *args, const char *fname, bool comb, kn_err *err) {
    static const char *names[] = {"n", "k"};
    kn_obj *a[2];
    if (KN__BIND(args, fname, names, comb ? 2 : 1, a, err) < 0) return NULL;
    kn_obj *n = int_obj_arg(a[0], err);
    if (!n) return NULL;
    kn_obj *k = a[1] && a[1] != kn_none() ? int_obj_arg(a[1], err) : kn_incref(n);
    if (!k) {
        kn_decref(n);
        return NULL;
    }
    kn_obj *r = NULL;
    if (kn__int_sign(n) < 0 || kn__int_sign(k) < 0) {
        tc_error_set(err, TC_EXC_VALUE, "%s must be a non-negative integer",
                     kn__int_sign(n) < 0 ? "n" : "k");
        goto done;
    }
    if (kn__int_compare(k, n) > 0) {
        r = inew(0);
        goto done;
    }
    if (comb) { /* k = min(k, n - k) */
        kn_obj *nk = iop(KN_BINOP_SUB, kn_incref(n), kn_incref(k), err);
        if (!nk) goto done;
        if (kn__int_compare(nk, k) < 0) {
            kn_decref(k);
            k = nk;
        } else {
            kn_decref(nk);
        }
    }
    if (kn__int_is_big(k)) {
        tc_error_set(err, TC_EXC_OVERFLOW, "%s must not exceed %lld", comb ? "min(n - k, k)" : "k",
                     (long long)INT64_MAX);
        goto done;
    }
    int64_t kk = kn_int_value(k);
    r = inew(1);
    kn_obj *base = iop(KN_BINOP_SUB, kn_incref(n), inew(kk), err); /* n - k */
    for (int64_t i = 1; r && base && i <= kk; i++) {
        /* comb: r = r * (n - k + i) // i (exact at each step); perm: r *= n - k + i */
        r = iop(KN_BINOP_MUL, r, iop(KN_BINOP_ADD, kn_incref(base), inew(i), err), err);
        if (comb && r) r = iop(KN_BINOP_FLOORDIV, r, inew(i), err);
        if (r && kn__poll((uint64_t)i, err) < 0) {
            kn_decref(r);
            r = NULL;
        }
    }
    if (!base) {
        kn_decref(r);
        r = NULL;
    }
    kn_decref(base);
done:
    kn_decref(n);
    kn_decref(k);
    return r;
}
static kn_obj *m_comb(kn_obj *self, const kn_args *args, kn_err *err) {
    return comb_perm(args, "comb", true, err);
}
static kn_obj *m_perm(kn_obj *self, const kn_args *args, kn_err *err) {
    return comb_perm(args, "perm", false, err);
}

static kn_obj *m_prod(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"iterable", "start"};
    kn_obj *a[2];
    if (KN__BIND(args, "prod", names, 1, a, err) < 0) return NULL;
    kn_obj *it = kn_iter(a[0], err), *x;
    if (!it) return NULL;
    kn_obj *acc = a[1] ? kn_incref(a[1]) : kn_int_new(1);
    while (acc && (x = kn_next(it, err)) != NULL) {
        kn_obj *p = kn_binary(KN_BINOP_MUL, acc, x, err);
        kn_decref(x);
        kn_decref(acc);
        acc = p;
    }
    kn_decref(it);
    if (tc_error_is_set(err)) {
        kn_decref(acc);
        return NULL;
    }
    return acc;
}

/* Full-precision summation (Shewchuk), with CPython's final half-way correction. */
static kn_obj *m_fsum(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"seq"};
    kn_obj *a[1];
    if (KN__BIND(args, "fsum", names, 1, a, err) < 0) return NULL;
    kn_obj *l = kn__list_from_iter(a[0], err);
    if (!l) return NULL;
    int64_t n = kn_list_len(l), np = 0;
    double *p = tc_reallocarray(NULL, (size_t)n + 1, sizeof(double)), special = 0, inf_sum = 0;
    if (!p) {
        kn_decref(l);
        kn_nomem(err);
        return NULL;
    }
    for (int64_t i = 0; i < n; i++) {
        double x;
        if (kn_to_double(kn_list_items(l)[i], &x, err) < 0) {
            tc_free(p);
            kn_decref(l);
            return NULL;
        }
        if (!isfinite(x)) {
            if (isinf(x)) inf_sum += x;
            special += x;
            continue;
        }
        int64_t k = 0;
        for (int64_t j = 0; j < np; j++) {
            double y = p[j];
            if (fabs(x) < fabs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y, lo = y - (hi - x);
            if (lo != 0.0) p[k++] = lo;
            x = hi;
        }
        np = k;
        p[np++] = x;
    }
    kn_decref(l);
    double hi = 0.0;
    if (special != 0.0) {
        tc_free(p);
        if (isnan(inf_sum)) {
            tc_error_set(err, TC_EXC_VALUE, "-inf + inf in fsum");
            return NULL;
        }
        return kn_float_new(special);
    }
    if (np > 0) {
        hi = p[--np];
        double lo = 0;
        while (np > 0) {
            double x = hi, y = p[--np];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) break;
        }
        if (np > 0 && ((lo < 0.0 && p[np - 1] < 0.0) || (lo > 0.0 && p[np - 1] > 0.0))) {
            double y = lo * 2.0, x = hi + y, yr = x - hi;
            if (y == yr) hi = x;
        }
    }
    tc_free(p);
    return kn_float_new(hi);
}

static const kn__method math_funcs[] = {
    {"acosh", m_acosh, "(x, /)", "Return the inverse hyperbolic cosine of x."},
    {"asinh", m_asinh, "(x, /)", "Return the inverse hyperbolic sine of x."},
    {"atanh", m_atanh, "(x, /)", "Return the inverse hyperbolic tangent of x."},
    {"cbrt", m_cbrt, "(x, /)", "Return the cube root of x."},
    {"dist", m_dist, "(p, q, /)",
     "Return the Euclidean distance between two points p and q.\n\nThe points should be "
     "specified as sequences (or iterables) of\ncoordinates.  Both inputs must have the same "
     "dimension.\n\nRoughly equivalent to:\n    sqrt(sum((px - qx) ** 2.0 for px, qx in zip(p, q)))"},
    {"erf", m_erf, "(x, /)", "Error function at x."},
    {"erfc", m_erfc, "(x, /)", "Complementary error function at x."},
    {"exp2", m_exp2, "(x, /)", "Return 2 raised to the power of x."},
    {"frexp", m_frexp, "(x, /)",
     "Return the mantissa and exponent of x, as pair (m, e).\n\nm is a float and e is an int, "
     "such that x = m * 2.**e.\nIf x is 0, m and e are both 0.  Else 0.5 <= abs(m) < 1.0."},
    {"gamma", m_gamma, "(x, /)", "Gamma function at x."},
    {"ldexp", m_ldexp, "(x, i, /)", "Return x * (2**i).\n\nThis is essentially the inverse of frexp()."},
    {"lgamma", m_lgamma, "(x, /)", "Natural logarithm of absolute value of Gamma function at x."},
    {"modf", m_modf, "(x, /)",
     "Return the fractional and integer parts of x.\n\nBoth results carry the sign of x and are floats."},
    {"nextafter", m_nextafter, "(x, y, /)", "Return the next floating-point value after x towards y."},
    {"remainder", m_remainder, "(x, y, /)",
     "Difference between x and the closest integer multiple of y.\n\nReturn x - n*y where n*y "
     "is the closest integer multiple of y.\nIn the case where x is exactly halfway between two "
     "multiples of\ny, the nearest even value of n is used. The result is always exact."},
    {"ulp", m_ulp, "(x, /)", "Return the value of the least significant bit of the float x."},
    {"acos", m_acos, "(x, /)", "Return the arc cosine (measured in radians) of x."},
    {"asin", m_asin, "(x, /)", "Return the arc sine (measured in radians) of x."},
    {"atan", m_atan, "(x, /)", "Return the arc tangent (measured in radians) of x."},
    {"atan2", m_atan2, "(y, x, /)",
     "Return the arc tangent (measured in radians) of y/x.\n\nUnlike atan(y/x), the signs of both "
     "x and y are considered."},
    {"ceil", m_ceil, "(x, /)",
     "Return the ceiling of x as an Integral.\n\nThis is the smallest integer >= x."},
    {"comb", m_comb, "(n, k, /)",
     "Number of ways to choose k items from n items without repetition and without order."},
    {"copysign", m_copysign, "(x, y, /)",
     "Return a float with the magnitude (absolute value) of x but the sign of y."},
    {"cos", m_cos, "(x, /)", "Return the cosine of x (measured in radians)."},
    {"cosh", m_cosh, "(x, /)", "Return the hyperbolic cosine of x."},
    {"degrees", m_degrees, "(x, /)", "Convert angle x from radians to degrees."},
    {"exp", m_exp, "(x, /)", "Return e raised to the power of x."},
    {"expm1", m_expm1, "(x, /)", "Return exp(x)-1."},
    {"fabs", m_fabs, "(x, /)", "Return the absolute value of the float x."},
    {"factorial", m_factorial, "(n, /)",
     "Find n!.\n\nRaise a ValueError if x is negative or non-integral."},
    {"floor", m_floor, "(x, /)",
     "Return the floor of x as an Integral.\n\nThis is the largest integer <= x."},
    {"fmod", m_fmod, "(x, y, /)",
     "Return fmod(x, y), according to platform C.\n\nx % y may differ."},
    {"fsum", m_fsum, "(seq, /)",
     "Return an accurate floating point sum of values in the iterable seq.\n\nAssumes IEEE-754 "
     "floating point arithmetic."},
    {"gcd", m_gcd, "(*integers)", "Greatest Common Divisor."},
    {"hypot", m_hypot, "",
     "hypot(*coordinates) -> value\n\nMultidimensional Euclidean distance from the origin to a "
     "point."},
    {"isclose", m_isclose, "(a, b, *, rel_tol=1e-09, abs_tol=0.0)",
     "Determine whether two floating point numbers are close in value."},
    {"isfinite", m_isfinite, "(x, /)",
     "Return True if x is neither an infinity nor a NaN, and False otherwise."},
    {"isinf", m_isinf, "(x, /)",
     "Return True if x is a positive or negative infinity, and False otherwise."},
    {"isnan", m_isnan, "(x, /)", "Return True if x is a NaN (not a number), and False otherwise."},
    {"isqrt", m_isqrt, "(n, /)", "Return the integer part of the square root of the input."},
    {"lcm", m_lcm, "(*integers)", "Least Common Multiple."},
    {"log", m_log, "",
     "log(x, [base=math.e])\nReturn the logarithm of x to the given base.\n\nIf the base not "
     "specified, returns the natural logarithm (base e) of x."},
    {"log10", m_log10, "(x, /)", "Return the base 10 logarithm of x."},
    {"log1p", m_log1p, "(x, /)",
     "Return the natural logarithm of 1+x (base e).\n\nThe result is computed in a way which is "
     "accurate for x near zero."},
    {"log2", m_log2, "(x, /)", "Return the base 2 logarithm of x."},
    {"perm", m_perm, "(n, k=None, /)",
     "Number of ways to choose k items from n items without repetition and with order."},
    {"pow", m_pow, "(x, y, /)", "Return x**y (x to the power of y)."},
    {"prod", m_prod, "(iterable, /, *, start=1)",
     "Calculate the product of all the elements in the input iterable.\n\nThe default start value "
     "for the product is 1."},
    {"radians", m_radians, "(x, /)", "Convert angle x from degrees to radians."},
    {"sin", m_sin, "(x, /)", "Return the sine of x (measured in radians)."},
    {"sinh", m_sinh, "(x, /)", "Return the hyperbolic sine of x."},
    {"sqrt", m_sqrt, "(x, /)", "Return the square root of x."},
    {"tan", m_tan, "(x, /)", "Return the tangent of x (measured in radians)."},
    {"tanh", m_tanh, "(x, /)", "Return the hyperbolic tangent of x."},
    {"trunc", m_trunc, "(x, /)",
     "Truncates the Real x to the nearest Integral toward 0.\n\nUses the __trunc__ magic method."},
    {NULL, NULL, NULL, NULL},
};

/* Add every function of a table to a module as plain builtin functions (unbound, so the
 * module and its functions do not keep each other alive). */
void kn__module_add_funcs(kn_obj *module, const kn__method *table) {
    for (const kn__method *m = table; m->name; m++) {
        kn_obj *f = kn_cfunction_new(m->name, m->fn, NULL, m->sig, m->doc);
        kn_module_add(module, m->name, f);
        kn_decref(f);
    }
}

kn_obj *kn_mod_math_init(kn_err *err) {
    kn_obj *m = kn_module_new("math", "This module provides access to the mathematical functions\n"
                                      "defined by the C standard.");
    kn__module_add_funcs(m, math_funcs);
    const struct {
        const char *name;
        double v;
    } consts[] = {
        {"pi", M_PI}, {"e", M_E}, {"tau", 2 * M_PI}, {"inf", INFINITY}, {"nan", NAN},
    };
    for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++) {
        kn_obj *v = kn_float_new(consts[i].v);
        kn_module_add(m, consts[i].name, v);
        kn_decref(v);
    }
    return m;
}
