/*
 * int (arbitrary precision: int64 fast paths here, the big form in bigint.c), bool (an int that
 * prints True/False) and float, with Python 3.11's arithmetic, comparison, hashing and
 * repr rules. Operands of other types get kn_notimpl() so tensors can take over.
 */
#include <stddef.h>
#include <float.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <strings.h>

#include "kernel/objects/objects-impl.h"

#define OVERFLOW_MSG "integer overflow"

/* ---- construction -------------------------------------------------------------------- */

#define SMALL_MIN (-5)
#define SMALL_MAX 1024
static kn_intobj small_ints[SMALL_MAX - SMALL_MIN + 1];
static bool small_ready;

/* Ints and floats come from the allocator's small-block pools (tc_pool_alloc), which
 * recycle their same-sized blocks at interpreter-loop rates without going through malloc,
 * and give memory back as pools empty. */
typedef union numblock {
    kn_intobj i;
    kn_floatobj f;
} numblock;

/* Released ints and floats (objects-impl.h: kn__num_recycle) wait here for the next one to
 * be made, linked through their first word; loops make and drop one per step. */
kn__numfree kn__num_free = {NULL, 0};

static kn_obj *num_alloc(const kn_type *type) {
    kn_obj *o = kn__num_free.head;
    if (o) {
        kn__num_free.head = *(kn_obj **)o;
        kn__num_free.n--;
    } else if (!(o = tc_pool_alloc(sizeof(numblock)))) {
        return NULL;
    }
    o->refcnt = 1;
    o->type = type;
    return o;
}

void kn_objects_trim(void) {
    kn__stop_value_clear();
    kn__re_trim();
    while (kn__num_free.head) {
        kn_obj *o = kn__num_free.head;
        kn__num_free.head = *(kn_obj **)o;
        tc_free(o);
    }
    kn__num_free.n = 0;
    tc_pool_trim();
}

_Static_assert(offsetof(kn_intobj, v) == offsetof(kn__int_head, v) &&
                   offsetof(kn_intobj, nd) == offsetof(kn__int_head, nd),
               "kn_int_small reads the int layout");

kn_obj *kn_int_new(int64_t v) {
    if (v >= SMALL_MIN && v <= SMALL_MAX) {
        if (!small_ready) {
            for (int i = 0; i <= SMALL_MAX - SMALL_MIN; i++)
                small_ints[i] = (kn_intobj){{KN__IMMORTAL, &kn_type_int}, i + SMALL_MIN, 0};
            small_ready = true;
        }
        return kn_incref(&small_ints[v - SMALL_MIN].base);
    }
    kn_intobj *o = (kn_intobj *)num_alloc(&kn_type_int);
    if (!o) return NULL;
    o->v = v;
    o->nd = 0;
    return &o->base;
}

kn_obj *kn_float_new(double v) {
    numblock *b = (numblock *)num_alloc(&kn_type_float);
    if (!b) return NULL;
    b->f.v = v;
    b->i.nd = 0;
    return &b->f.base;
}

int64_t kn_int_value(const kn_obj *o) {
    return ((const kn_intobj *)o)->v;
}
double kn_float_value(const kn_obj *o) {
    return ((const kn_floatobj *)o)->v;
}

/* ---- hashing ------------------------------------------------------------------------- */

#define HASH_MODULUS (((uint64_t)1 << 61) - 1)

int64_t kn__hash_int(int64_t v) {
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int64_t h = (int64_t)(a % HASH_MODULUS);
    if (v < 0) h = -h;
    return h == -1 ? -2 : h;
}

int64_t kn__hash_double(double v) {
    if (isinf(v)) return v > 0 ? 314159 : -314159;
    if (isnan(v)) return 0;
    int e;
    double m = frexp(v, &e);
    int sign = 1;
    if (m < 0) {
        sign = -1;
        m = -m;
    }
    uint64_t x = 0;
    while (m) {
        x = ((x << 28) & HASH_MODULUS) | x >> (61 - 28);
        m *= 268435456.0;
        e -= 28;
        uint64_t y = (uint64_t)m;
        m -= (double)y;
        x += y;
        if (x >= HASH_MODULUS) x -= HASH_MODULUS;
    }
    e = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61);
    x = ((x << e) & HASH_MODULUS) | x >> (61 - e);
    int64_t h = (int64_t)x * sign;
    return h == -1 ? -2 : h;
}

/* ---- float repr ---------------------------------------------------------------------- */

/* A bounded text buffer on the stack for short number reprs. */
typedef struct fixbuf {
    char s[48];
    size_t n;
} fixbuf;
static void fix_put(fixbuf *b, const char *s, size_t n) {
    if (n > sizeof b->s - 1 - b->n) n = sizeof b->s - 1 - b->n;
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}
static void fix_puts(fixbuf *b, const char *s) {
    fix_put(b, s, strlen(s));
}
static void fix_putc(fixbuf *b, char c) {
    fix_put(b, &c, 1);
}

/* Parse "%.*e" text of a positive value: significant digits into d (no point), decimal
 * exponent of the first digit into *e10. Returns the digit count. */
static int sci_digits(const char *buf, char *d, int *e10) {
    int n = 0;
    const char *p = buf;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9') d[n++] = *p;
    d[n] = 0;
    *e10 = atoi(p + 1);
    return n;
}

/* Step the last digit of d (n digits) by delta = +1 / -1 in place; false when the digit
 * count would change (carry out of the first digit, or a leading zero). */
static bool digits_step(char *d, int n, int delta) {
    int i = n - 1;
    if (delta > 0) {
        while (i >= 0 && d[i] == '9')
            d[i--] = '0';
        if (i < 0) return false;
        d[i]++;
        return true;
    }
    while (i >= 0 && d[i] == '0')
        d[i--] = '9';
    if (i < 0 || (i == 0 && d[0] == '1')) return false;
    d[i]--;
    return true;
}

static bool digits_round_trip(const char *d, int n, int e10, double v) {
    char buf[48];
    snprintf(buf, sizeof buf, "%c.%.*se%d", d[0], n - 1, d + 1, e10);
    return strtod(buf, NULL) == v;
}

/* The p-digit string closest to v that reads back as v, trying the correctly rounded one
 * and, where the gap below v is narrower than the gap above (v a power of two), its two
 * neighbours. */
static int digits_at(double v, int p, bool neighbours, char *d, int *e10) {
    char buf[48];
    snprintf(buf, sizeof buf, "%.*e", p - 1, v);
    int n = sci_digits(buf, d, e10);
    if (strtod(buf, NULL) == v) return n;
    if (!neighbours) return 0;
    for (int delta = 1; delta >= -1; delta -= 2) {
        char alt[24];
        int ae = *e10;
        memcpy(alt, d, (size_t)n + 1);
        if (digits_step(alt, n, delta) && digits_round_trip(alt, n, ae, v)) {
            memcpy(d, alt, (size_t)n + 1);
            *e10 = ae;
            return n;
        }
    }
    return 0;
}

/* Shortest digits of finite v > 0 that read back as v, closest to v among the shortest
 * (David Gay's mode 0, which CPython's repr uses). Any decimal of at most 15 significant
 * digits survives a trip through a normal double, so when the 15-digit rounding reads back
 * it is the answer with its trailing zeros dropped; otherwise 16 digits or 17 (which always
 * read back). Subnormals have fewer digits of precision and are searched digit by digit. */
int kn__float_shortest(double v, char *digits, int *decpt) {
    int e10 = 0, n = 0, bexp;
    bool pow2 = frexp(v, &bexp) == 0.5;
    if (v < 2.2250738585072014e-308) {
        for (int p = 1; p <= 17 && !n; p++)
            n = digits_at(v, p, true, digits, &e10);
    } else {
        n = digits_at(v, 15, false, digits, &e10);
        if (!n && pow2) { /* a shorter string may lie in the wider gap above v */
            for (int p = 1; p <= 16 && !n; p++)
                n = digits_at(v, p, true, digits, &e10);
        }
        if (!n) n = digits_at(v, 16, false, digits, &e10);
        if (!n) n = digits_at(v, 17, false, digits, &e10);
    }
    while (n > 1 && digits[n - 1] == '0')
        n--;
    digits[n] = 0;
    *decpt = e10 + 1;
    return n;
}

void kn__float_repr(double v, char *out, size_t cap) {
    if (isnan(v)) {
        snprintf(out, cap, "nan");
        return;
    }
    if (isinf(v)) {
        snprintf(out, cap, v > 0 ? "inf" : "-inf");
        return;
    }
    char digits[24];
    bool neg = signbit(v);
    int nd, decpt;
    if (v == 0) {
        digits[0] = '0';
        digits[1] = 0;
        nd = 1;
        decpt = 1;
    } else {
        nd = kn__float_shortest(fabs(v), digits, &decpt);
    }
    int e10 = decpt - 1;
    fixbuf b = {{0}, 0}; /* at most 24 characters: no allocation that could fail */
    if (neg) fix_putc(&b, '-');
    if (decpt > -4 && decpt <= 16) {
        if (decpt <= 0) {
            fix_puts(&b, "0.");
            for (int i = 0; i < -decpt; i++)
                fix_putc(&b, '0');
            fix_put(&b, digits, (size_t)nd);
        } else if (decpt >= nd) {
            fix_put(&b, digits, (size_t)nd);
            for (int i = nd; i < decpt; i++)
                fix_putc(&b, '0');
            fix_puts(&b, ".0");
        } else {
            fix_put(&b, digits, (size_t)decpt);
            fix_putc(&b, '.');
            fix_put(&b, digits + decpt, (size_t)(nd - decpt));
        }
    } else {
        fix_putc(&b, digits[0]);
        if (nd > 1) {
            fix_putc(&b, '.');
            fix_put(&b, digits + 1, (size_t)(nd - 1));
        }
        char ex[16];
        snprintf(ex, sizeof ex, "e%c%02d", e10 < 0 ? '-' : '+', e10 < 0 ? -e10 : e10);
        fix_puts(&b, ex);
    }
    snprintf(out, cap, "%s", b.s);
}

/* ---- arithmetic helpers -------------------------------------------------------------- */


void kn__float_divmod(double a, double b, double *floordiv, double *mod) {
    double m = fmod(a, b);
    double div = (a - m) / b;
    if (m) {
        if ((b < 0) != (m < 0)) {
            m += b;
            div -= 1.0;
        }
    } else {
        m = copysign(0.0, b);
    }
    double fd;
    if (div) {
        fd = floor(div);
        if (div - fd > 0.5) fd += 1.0;
    } else {
        fd = copysign(0.0, a / b);
    }
    if (floordiv) *floordiv = fd;
    if (mod) *mod = m;
}

int kn__int_pow(int64_t a, int64_t b, int64_t *out, kn_err *err) {
    int64_t r = 1, base = a;
    while (b > 0) {
        if (b & 1 && __builtin_mul_overflow(r, base, &r))
            return tc_error_set(err, TC_EXC_OVERFLOW, OVERFLOW_MSG);
        b >>= 1;
        if (b && __builtin_mul_overflow(base, base, &base))
            return tc_error_set(err, TC_EXC_OVERFLOW, OVERFLOW_MSG);
    }
    *out = r;
    return 0;
}

static kn_obj *float_pow(double a, double b, kn_err *err) {
    if (b == 0) return kn_float_new(1.0);
    if (a == 0 && b < 0 && isfinite(b)) {
        tc_error_set(err, TC_EXC_ZERO_DIVISION, "0.0 cannot be raised to a negative power");
        return NULL;
    }
    if (a < 0 && isfinite(a) && isfinite(b) && b != floor(b))
        return kn__complex_pow_real(a, b, err);
    double r = pow(a, b);
    if (isinf(r) && isfinite(a) && isfinite(b)) {
        tc_error_set(err, TC_EXC_OVERFLOW, "(34, 'Numerical result out of range')");
        return NULL;
    }
    return kn_float_new(r);
}

static kn_obj *float_arith(kn_binop op, double a, double b, kn_err *err) {
    double r;
    switch (op) {
    case KN_BINOP_ADD:
        return kn_float_new(a + b);
    case KN_BINOP_SUB:
        return kn_float_new(a - b);
    case KN_BINOP_MUL:
        return kn_float_new(a * b);
    case KN_BINOP_TRUEDIV:
        if (b == 0) break;
        return kn_float_new(a / b);
    case KN_BINOP_FLOORDIV:
        if (b == 0) break;
        kn__float_divmod(a, b, &r, NULL);
        return kn_float_new(r);
    case KN_BINOP_MOD:
        if (b == 0) break;
        kn__float_divmod(a, b, NULL, &r);
        return kn_float_new(r);
    case KN_BINOP_POW:
        return float_pow(a, b, err);
    default:
        return kn_notimpl();
    }
    const char *msg = op == KN_BINOP_TRUEDIV    ? "float division by zero"
                      : op == KN_BINOP_FLOORDIV ? "float floor division by zero"
                                                : "float modulo";
    tc_error_set(err, TC_EXC_ZERO_DIVISION, "%s", msg);
    return NULL;
}

static int64_t floordiv64(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return q;
}

static int64_t mod64(int64_t a, int64_t b) {
    int64_t m = a % b;
    if (m != 0 && ((m < 0) != (b < 0))) m += b;
    return m;
}

/* Small operands x = a, y = b; a result beyond int64 goes to the big form. */
static kn_obj *int_arith(kn_binop op, kn_obj *ao, kn_obj *bo, int64_t a, int64_t b,
                         kn_err *err) {
    int64_t r = 0;
    switch (op) {
    case KN_BINOP_ADD:
        if (__builtin_add_overflow(a, b, &r)) goto overflow;
        return kn_int_new(r);
    case KN_BINOP_SUB:
        if (__builtin_sub_overflow(a, b, &r)) goto overflow;
        return kn_int_new(r);
    case KN_BINOP_MUL:
        if (__builtin_mul_overflow(a, b, &r)) goto overflow;
        return kn_int_new(r);
    case KN_BINOP_TRUEDIV:
        if (b == 0) {
            tc_error_set(err, TC_EXC_ZERO_DIVISION, "division by zero");
            return NULL;
        }
        if (a < -(INT64_C(1) << 53) || a > (INT64_C(1) << 53) || b < -(INT64_C(1) << 53) ||
            b > (INT64_C(1) << 53))
            goto overflow; /* correctly rounded through the big path */
        return kn_float_new((double)a / (double)b);
    case KN_BINOP_FLOORDIV:
    case KN_BINOP_MOD:
        if (b == 0) {
            tc_error_set(err, TC_EXC_ZERO_DIVISION,
                         op == KN_BINOP_MOD ? "integer modulo by zero"
                                            : "integer division or modulo by zero");
            return NULL;
        }
        if (a == INT64_MIN && b == -1) {
            if (op == KN_BINOP_MOD) return kn_int_new(0);
            goto overflow;
        }
        return kn_int_new(op == KN_BINOP_MOD ? mod64(a, b) : floordiv64(a, b));
    case KN_BINOP_POW:
        if (b < 0) return float_pow((double)a, (double)b, err);
        if (kn__int_pow(a, b, &r, NULL) < 0) goto overflow;
        return kn_int_new(r);
    case KN_BINOP_AND:
        return kn_int_new(a & b);
    case KN_BINOP_OR:
        return kn_int_new(a | b);
    case KN_BINOP_XOR:
        return kn_int_new(a ^ b);
    case KN_BINOP_LSHIFT:
        if (b < 0 || b >= 63 || a > (INT64_MAX >> b) || a < (INT64_MIN >> b)) goto overflow;
        return kn_int_new((int64_t)((uint64_t)a << b));
    case KN_BINOP_RSHIFT:
        if (b < 0) goto overflow; /* the error text comes from the general path */
        return kn_int_new(b >= 64 ? (a < 0 ? -1 : 0) : a >> b);
    default:
        return kn_notimpl();
    }
overflow:
    return kn__int_binop_big(op, ao, bo, err);
}

/* Both operands small ints (not bools): what interpreter loops mostly do. */
static inline bool both_small_ints(const kn_obj *a, const kn_obj *b) {
    return a && b && a->type == &kn_type_int && b->type == &kn_type_int &&
           (((const kn_intobj *)a)->nd | ((const kn_intobj *)b)->nd) == 0;
}

static __attribute__((noinline)) kn_obj *num_binop_any(kn_binop op, kn_obj *a, kn_obj *b,
                                                       kn_err *err) {
    if (!kn__is_number(a) || !kn__is_number(b)) return kn_notimpl();
    if (kn__is_int(a) && kn__is_int(b)) {
        if (kn__int_is_big(a) || kn__int_is_big(b)) return kn__int_binop_big(op, a, b, err);
        int64_t x = kn_int_value(a), y = kn_int_value(b);
        if (kn_is(a, &kn_type_bool) && kn_is(b, &kn_type_bool) &&
            (op == KN_BINOP_AND || op == KN_BINOP_OR || op == KN_BINOP_XOR))
            return kn_bool_new(op == KN_BINOP_AND  ? (x & y)
                               : op == KN_BINOP_OR ? (x | y)
                                                   : (x ^ y));
        return int_arith(op, a, b, x, y, err);
    }
    double x, y;
    if (kn__is_int(a) ? kn__int_to_double(a, &x, err) < 0 : (x = kn_float_value(a), 0)) return NULL;
    if (kn__is_int(b) ? kn__int_to_double(b, &y, err) < 0 : (y = kn_float_value(b), 0)) return NULL;
    return float_arith(op, x, y, err);
}

/* ---- unary --------------------------------------------------------------------------- */

static kn_obj *int_unop(kn_unop op, kn_obj *a, kn_err *err) {
    if (kn__int_is_big(a)) return kn__int_unop_big(op, a, err);
    int64_t v = kn_int_value(a);
    if (op == KN_UNOP_POS) return kn_int_new(v);
    if (op == KN_UNOP_INVERT) return kn_int_new(~v);
    if (v == INT64_MIN) return kn__int_unop_big(op, a, err);
    return kn_int_new(-v);
}

static kn_obj *float_unop(kn_unop op, kn_obj *a, kn_err *err) {
    double v = kn_float_value(a);
    if (op == KN_UNOP_POS) return kn_float_new(v);
    if (op == KN_UNOP_NEG) return kn_float_new(-v);
    return kn_notimpl();
}

/* ---- comparison ---------------------------------------------------------------------- */

static int cmp_result(kn_cmpop op, int c) {
    switch (op) {
    case KN_CMP_LT:
        return c < 0;
    case KN_CMP_LE:
        return c <= 0;
    case KN_CMP_EQ:
        return c == 0;
    case KN_CMP_NE:
        return c != 0;
    case KN_CMP_GT:
        return c > 0;
    default:
        return c >= 0;
    }
}

/* + - * of two small ints that stay small: a short function that keeps the loop's common
 * case cheap; everything else (bools, floats, overflow, big ints) in num_binop_any. */
static kn_obj *num_binop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (both_small_ints(a, b)) {
        int64_t x = ((kn_intobj *)a)->v, y = ((kn_intobj *)b)->v, r;
        if (op == KN_BINOP_ADD && !__builtin_add_overflow(x, y, &r)) return kn_int_new(r);
        if (op == KN_BINOP_SUB && !__builtin_sub_overflow(x, y, &r)) return kn_int_new(r);
        if (op == KN_BINOP_MUL && !__builtin_mul_overflow(x, y, &r)) return kn_int_new(r);
    }
    return num_binop_any(op, a, b, err);
}

static __attribute__((noinline)) kn_obj *num_compare_any(kn_cmpop op, kn_obj *a, kn_obj *b,
                                                         kn_err *err);

static kn_obj *num_compare(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (both_small_ints(a, b)) {
        int64_t x = ((kn_intobj *)a)->v, y = ((kn_intobj *)b)->v;
        return kn_bool_new(cmp_result(op, x < y ? -1 : x > y));
    }
    return num_compare_any(op, a, b, err);
}

static kn_obj *num_compare_any(kn_cmpop op, kn_obj *a, kn_obj *b, kn_err *err) {
    if (!kn__is_number(a) || !kn__is_number(b)) return kn_notimpl();
    int c;
    if (kn__is_int(a) && kn__is_int(b)) {
        if (kn__int_is_big(a) || kn__int_is_big(b)) {
            c = kn__int_compare(a, b);
        } else {
            int64_t x = kn_int_value(a), y = kn_int_value(b);
            c = x < y ? -1 : x > y;
        }
    } else if (kn__is_int(a) || kn__is_int(b)) {
        double f = kn_is(a, &kn_type_float) ? kn_float_value(a) : kn_float_value(b);
        if (isnan(f)) return kn_bool_new(op == KN_CMP_NE);
        if (kn__is_int(a))
            c = kn__int_cmp_double(a, f);
        else
            c = -kn__int_cmp_double(b, f);
    } else {
        double x = kn_float_value(a), y = kn_float_value(b);
        if (isnan(x) || isnan(y)) return kn_bool_new(op == KN_CMP_NE);
        c = x < y ? -1 : x > y;
    }
    return kn_bool_new(cmp_result(op, c));
}

/* ---- slots --------------------------------------------------------------------------- */

static kn_obj *int_repr(kn_obj *self, kn_err *err) {
    if (kn__int_is_big(self)) return kn__int_to_str(self, 10, err);
    /* digits from the end, without printf (str(i) in loops) */
    int64_t v = kn_int_value(self);
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    char buf[24], *p = buf + sizeof buf;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) *--p = '-';
    kn_obj *r = kn_str_new(p, (size_t)(buf + sizeof buf - p));
    if (!r) kn_nomem(err);
    return r;
}
static kn_obj *bool_repr(kn_obj *self, kn_err *err) {
    return kn_str_from_cstr(kn_int_value(self) ? "True" : "False");
}
static kn_obj *float_repr(kn_obj *self, kn_err *err) {
    char buf[40];
    kn__float_repr(kn_float_value(self), buf, sizeof buf);
    return kn_str_from_cstr(buf);
}
static int int_truth(kn_obj *self, kn_err *err) {
    return kn_int_value(self) != 0;
}
static int float_truth(kn_obj *self, kn_err *err) {
    return kn_float_value(self) != 0;
}
static int int_hash(kn_obj *self, int64_t *out, kn_err *err) {
    *out = kn__int_hash(self);
    return 0;
}
static int float_hash(kn_obj *self, int64_t *out, kn_err *err) {
    double v = kn_float_value(self);
    *out = isnan(v) ? (int64_t)((uintptr_t)self >> 4) : kn__hash_double(v);
    return 0;
}
int kn__int_as_int64(const kn_obj *o, int64_t *out, kn_err *err) {
    *out = kn_int_value(o);
    if (kn__int_is_big(o))
        return tc_error_set(err, TC_EXC_OVERFLOW, "Python int too large to convert to C long");
    return 0;
}
int kn__index_value(kn_obj *o, tc_exc exc, int64_t *out, kn_err *err) {
    if (kn__is_int(o) && kn__int_is_big(o))
        return tc_error_set(err, exc, "cannot fit 'int' into an index-sized integer");
    return kn_to_int64(o, out, err);
}
static int int_to_int(kn_obj *self, int64_t *out, kn_err *err) {
    return kn__int_as_int64(self, out, err);
}
static int int_to_float(kn_obj *self, double *out, kn_err *err) {
    return kn__int_to_double(self, out, err);
}
static int float_to_float(kn_obj *self, double *out, kn_err *err) {
    *out = kn_float_value(self);
    return 0;
}

static kn_obj *int_bit_length(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "bit_length", err) < 0) return NULL;
    return kn_int_new(kn__int_bit_length(self));
}
static kn_obj *int_bit_count(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "bit_count", err) < 0) return NULL;
    kn_obj *a = kn__int_abs(self, err);
    if (!a) return NULL;
    int64_t n = 0;
    if (kn__int_is_big(a)) {
        const kn_intobj *io = (const kn_intobj *)a;
        for (int32_t i = 0; i < io->nd; i++)
            n += __builtin_popcount(KN__INT_DIGITS(a)[i]);
    } else {
        n = __builtin_popcountll((uint64_t)kn_int_value(a));
    }
    kn_decref(a);
    return kn_int_new(n);
}
/* The int value of an int or bool (bool gives its int). */
static kn_obj *int_self(kn_obj *self) {
    return kn_is(self, &kn_type_int) ? kn_incref(self) : kn_int_new(kn_int_value(self));
}
static kn_obj *num_conjugate(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "conjugate", err) < 0) return NULL;
    return kn_is(self, &kn_type_float) ? kn_float_new(kn_float_value(self)) : int_self(self);
}
static kn_obj *float_is_integer(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "is_integer", err) < 0) return NULL;
    double v = kn_float_value(self);
    return kn_bool_new(isfinite(v) && v == floor(v));
}

static kn_obj *int_as_integer_ratio(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "as_integer_ratio", err) < 0) return NULL;
    return kn__tuple_pair(int_self(self), kn_int_new(1), err);
}
/* int.__index__ and the like: the int itself (a bool gives its int). */
static kn_obj *int_index(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "__index__", err) < 0) return NULL;
    return int_self(self);
}

/* CPython's float.as_integer_ratio: the mantissa doubled until it is whole, then shifted. */
static kn_obj *float_as_integer_ratio(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "as_integer_ratio", err) < 0) return NULL;
    double v = kn_float_value(self);
    if (isinf(v)) {
        tc_error_set(err, TC_EXC_OVERFLOW, "cannot convert Infinity to integer ratio");
        return NULL;
    }
    if (isnan(v)) {
        tc_error_set(err, TC_EXC_VALUE, "cannot convert NaN to integer ratio");
        return NULL;
    }
    int e;
    double m = frexp(v, &e);
    for (int i = 0; i < 300 && m != floor(m); i++) {
        m *= 2.0;
        e--;
    }
    kn_obj *num = kn__int_from_double(m, err);
    if (!num) return NULL;
    kn_obj *one = kn_int_new(1), *sh = kn_int_new(e > 0 ? e : -e);
    kn_obj *den = NULL;
    if (one && sh) {
        if (e > 0) {
            kn_obj *n2 = kn_binary(KN_BINOP_LSHIFT, num, sh, err);
            kn_decref(num);
            num = n2;
            den = kn_incref(one);
        } else {
            den = kn_binary(KN_BINOP_LSHIFT, one, sh, err);
        }
    }
    kn_decref(one);
    kn_decref(sh);
    return kn__tuple_pair(num, den, err);
}

/* CPython's float.hex: 0x1.<13 hex digits>p<exp>, subnormals as 0x0.<...>p-1022. */
static kn_obj *float_hex(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "hex", err) < 0) return NULL;
    double x = kn_float_value(self);
    if (isnan(x) || isinf(x)) return kn_repr(self, err);
    if (x == 0) return kn_str_from_cstr(copysign(1.0, x) < 0 ? "-0x0.0p+0" : "0x0.0p+0");
    int e;
    double m = frexp(fabs(x), &e);
    int shift = 1 - (DBL_MIN_EXP - e > 0 ? DBL_MIN_EXP - e : 0);
    m = ldexp(m, shift);
    e -= shift;
    char digits[32];
    int n = 0;
    static const char hexd[] = "0123456789abcdef";
    digits[n++] = hexd[(int)m];
    m -= (int)m;
    digits[n++] = '.';
    for (int i = 0; i < (DBL_MANT_DIG - 1) / 4; i++) {
        m *= 16.0;
        digits[n++] = hexd[(int)m];
        m -= (int)m;
    }
    digits[n] = 0;
    return kn_str_printf("%s0x%sp%c%d", x < 0 ? "-" : "", digits, e < 0 ? '-' : '+', e < 0 ? -e : e);
}

/* float.fromhex(string): CPython's grammar ([sign] ['0x'] hex digits ['.' digits] ['p' exp],
 * or inf/infinity/nan), rounded half to even as C's strtod rounds a hex float. */
static kn_obj *float_fromhex(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"string"};
    kn_obj *a[1];
    if (KN__BIND(args, "fromhex", names, 1, a, err) < 0) return NULL;
    if (!kn_is(a[0], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "bad argument type for built-in operation");
        return NULL;
    }
    const char *s = kn_str_cstr(a[0]), *end = s + kn_str_len(a[0]);
    while (s < end && isspace((unsigned char)*s))
        s++;
    while (end > s && isspace((unsigned char)end[-1]))
        end--;
    bool neg = false;
    if (s < end && (*s == '-' || *s == '+')) neg = *s++ == '-';
    size_t n = (size_t)(end - s);
    double r;
    if ((n == 3 && !strncasecmp(s, "inf", 3)) || (n == 8 && !strncasecmp(s, "infinity", 8))) {
        r = INFINITY;
    } else if (n == 3 && !strncasecmp(s, "nan", 3)) {
        r = NAN;
    } else {
        if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
            s += 2;
            n -= 2;
        }
        /* digits and at most one point, at least one digit, then an optional p[sign]digits */
        size_t i = 0, ndig = 0;
        bool point = false, ok = true;
        for (; i < n && (isxdigit((unsigned char)s[i]) || (s[i] == '.' && !point)); i++) {
            if (s[i] == '.') point = true;
            else ndig++;
        }
        if (ndig == 0) ok = false;
        if (ok && i < n) {
            if (s[i] != 'p' && s[i] != 'P') ok = false;
            size_t j = i + 1;
            if (j < n && (s[j] == '+' || s[j] == '-')) j++;
            if (j >= n) ok = false;
            for (; ok && j < n; j++)
                if (!isdigit((unsigned char)s[j])) ok = false;
        }
        char *buf = ok ? tc_malloc(n + 3) : NULL;
        if (ok && !buf) {
            kn_nomem(err);
            return NULL;
        }
        if (!ok) {
            tc_error_set(err, TC_EXC_VALUE, "invalid hexadecimal floating-point string");
            return NULL;
        }
        memcpy(buf, "0x", 2);
        memcpy(buf + 2, s, n);
        buf[n + 2] = 0;
        errno = 0;
        r = strtod(buf, NULL);
        tc_free(buf);
        if (isinf(r)) {
            tc_error_set(err, TC_EXC_OVERFLOW, "hexadecimal value too large to represent as a float");
            return NULL;
        }
    }
    return kn_float_new(neg ? -r : r);
}

/* float.fromhex as a class attribute; called once when the builtins are made. */
void kn__float_register(void) {
    static bool done;
    if (done) return;
    kn_obj *f = kn_cfunction_new("fromhex", float_fromhex, NULL, "(string, /)",
                                 "Create a floating-point number from a hexadecimal string.");
    if (f && kn__type_add_attr(&kn_type_float, "fromhex", f) == 0) done = true;
    kn_decref(f);
}

static const kn__method int_methods[] = {
    {"bit_length", int_bit_length, "(self, /)",
     "Number of bits necessary to represent self in binary."},
    {"bit_count", int_bit_count, "(self, /)",
     "Number of ones in the binary representation of the absolute value of self."},
    {"conjugate", num_conjugate, "", "Returns self, the complex conjugate of any int."},
    {"as_integer_ratio", int_as_integer_ratio, "(self, /)",
     "Return integer ratio.\n\nReturn a pair of integers, whose ratio is exactly equal to the "
     "original int\nand with a positive denominator."},
    {NULL, NULL, NULL, NULL},
};
static const kn__method float_methods[] = {
    {"is_integer", float_is_integer, "(self, /)", "Return True if the float is an integer."},
    {"conjugate", num_conjugate, "(self, /)", "Return self, the complex conjugate of any float."},
    {"as_integer_ratio", float_as_integer_ratio, "(self, /)",
     "Return integer ratio.\n\nReturn a pair of integers, whose ratio is exactly equal to the "
     "original float\nand with a positive denominator."},
    {"hex", float_hex, "(self, /)", "Return a hexadecimal representation of a floating-point number."},
    {NULL, NULL, NULL, NULL},
};

static kn_obj *int_getattr(kn_obj *self, const char *name, kn_err *err) {
    if (strcmp(name, "real") == 0 || strcmp(name, "numerator") == 0) return int_self(self);
    if (strcmp(name, "imag") == 0) return kn_int_new(0);
    if (strcmp(name, "denominator") == 0) return kn_int_new(1);
    if (strcmp(name, "__index__") == 0)
        return kn_cfunction_new("__index__", int_index, self, "(self, /)",
                                "Return self converted to an integer, if self is suitable for use "
                                "as an index into a list.");
    return kn__method_get(self, int_methods, name);
}
static kn_obj *float_getattr(kn_obj *self, const char *name, kn_err *err) {
    if (strcmp(name, "real") == 0) return kn_float_new(kn_float_value(self));
    if (strcmp(name, "imag") == 0) return kn_float_new(0.0);
    return kn__method_get(self, float_methods, name);
}
static int int_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    kn__method_dir(int_methods, list);
    const char *attrs[] = {"denominator", "imag", "numerator", "real"};
    for (size_t i = 0; i < 4; i++) {
        kn_obj *s = kn_str_from_cstr(attrs[i]);
        kn_list_append(list, s);
        kn_decref(s);
    }
    return 0;
}
static int float_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    kn__method_dir(float_methods, list);
    const char *attrs[] = {"imag", "real"};
    for (size_t i = 0; i < 2; i++) {
        kn_obj *s = kn_str_from_cstr(attrs[i]);
        kn_list_append(list, s);
        kn_decref(s);
    }
    return 0;
}

kn_obj *kn__int_construct(const kn_type *type, const kn_args *args, kn_err *err);
kn_obj *kn__float_construct(const kn_type *type, const kn_args *args, kn_err *err);
kn_obj *kn__bool_construct(const kn_type *type, const kn_args *args, kn_err *err);

const kn_type kn_type_int = {
    .name = "int",
    .qualname = "int",
    .doc = "int([x]) -> integer\nint(x, base=10) -> integer\n\nConvert a number or string to "
           "an integer, or return 0 if no arguments\nare given.",
    .repr = int_repr,
    .getattr = int_getattr,
    .binop = num_binop,
    .unop = int_unop,
    .compare = num_compare,
    .truth = int_truth,
    .hash = int_hash,
    .to_int = int_to_int,
    .to_float = int_to_float,
    .dir = int_dir,
    .construct = kn__int_construct,
    .format = kn__int_format_spec,
};

const kn_type kn_type_bool = {
    .name = "bool",
    .qualname = "bool",
    .doc = "bool(x) -> bool\n\nReturns True when the argument x is true, False otherwise.",
    .repr = bool_repr,
    .getattr = int_getattr,
    .binop = num_binop,
    .unop = int_unop,
    .compare = num_compare,
    .truth = int_truth,
    .hash = int_hash,
    .to_int = int_to_int,
    .to_float = int_to_float,
    .dir = int_dir,
    .construct = kn__bool_construct,
    .format = kn__int_format_spec,
};

const kn_type kn_type_float = {
    .name = "float",
    .qualname = "float",
    .doc = "Convert a string or number to a floating point number, if possible.",
    .repr = float_repr,
    .getattr = float_getattr,
    .binop = num_binop,
    .unop = float_unop,
    .compare = num_compare,
    .truth = float_truth,
    .hash = float_hash,
    .to_float = float_to_float,
    .dir = float_dir,
    .construct = kn__float_construct,
    .format = kn__float_format_spec,
};
