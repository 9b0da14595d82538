/*
 * The big form of int: a value outside int64 is kept as sign + magnitude in 32-bit digits
 * (least significant first) stored right after the kn_intobj header, with nd = number of
 * digits (negative for a negative value). Every result is normalized: a value that fits in
 * int64 always has the small form, so the small fast paths in numbers.c stay exact and a
 * big int never equals a small one. The algorithms are the textbook ones CPython uses
 * (schoolbook and Karatsuba multiplication, Knuth's division, quadratic base conversion),
 * and the semantics (floor division, two's-complement bit operations, correctly rounded
 * conversions to float, hash modulo 2**61-1, the 4300-digit str conversion limit) are
 * CPython 3.11's.
 */
#include <float.h>
#include <math.h>

#include "kernel/objects/objects-impl.h"

typedef uint32_t digit;
typedef uint64_t twodigits;
#define DBITS 32
#define KARATSUBA_CUTOFF 48

/* ---- views and results --------------------------------------------------------------- */

/* A read-only view of an int's magnitude and sign; small ints are spread into tmp. Used in
 * place only (d may point into the struct itself). */
typedef struct bn {
    const digit *d;
    int64_t n;
    bool neg;
    digit tmp[2];
} bn;

static void bn_view(const kn_obj *o, bn *b) {
    const kn_intobj *i = (const kn_intobj *)o;
    if (i->nd) {
        b->d = KN__INT_DIGITS(o);
        b->n = i->nd < 0 ? -(int64_t)i->nd : i->nd;
        b->neg = i->nd < 0;
        return;
    }
    int64_t v = i->v;
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    b->tmp[0] = (digit)a;
    b->tmp[1] = (digit)(a >> 32);
    b->n = b->tmp[1] ? 2 : b->tmp[0] ? 1 : 0;
    b->neg = v < 0;
    b->d = b->tmp;
}

static int64_t mag_bits(const digit *d, int64_t n) {
    return n ? (n - 1) * DBITS + (DBITS - __builtin_clz(d[n - 1])) : 0;
}

/* A zeroed int object with room for 'cap' digits, to be filled and then normalized by
 * big_finish. NULL with MemoryError. */
static kn_intobj *big_new(int64_t cap, kn_err *err) {
    if (cap < 1) cap = 1;
    if (cap > INT32_MAX / 2 || kn__check_alloc((double)cap * sizeof(digit), err) < 0) {
        if (err && !tc_error_is_set(err)) kn_nomem(err);
        return NULL;
    }
    kn_intobj *o = tc_calloc(1, sizeof *o + (size_t)cap * sizeof(digit));
    if (!o) {
        kn_nomem(err);
        return NULL;
    }
    o->base.refcnt = 1;
    o->base.type = &kn_type_int;
    o->nd = (int32_t)cap;
    return o;
}

/* Normalize a filled result of n digits (steals o): the small form when the value fits in
 * int64, else the big form. */
static kn_obj *big_finish(kn_intobj *o, int64_t n, bool neg, kn_err *err) {
    digit *d = KN__INT_DIGITS(o);
    while (n > 0 && d[n - 1] == 0)
        n--;
    if (n <= 2) {
        uint64_t a = n == 0 ? 0 : n == 1 ? d[0] : ((uint64_t)d[1] << 32 | d[0]);
        if (a <= (uint64_t)INT64_MAX || (neg && a == (uint64_t)INT64_MAX + 1)) {
            tc_free(o);
            kn_obj *r = kn_int_new(neg ? (int64_t)(0 - a) : (int64_t)a);
            if (!r) kn_nomem(err);
            return r;
        }
    }
    o->nd = (int32_t)(neg ? -n : n);
    o->v = neg ? INT64_MIN : INT64_MAX; /* saturated: what readers of int64 see */
    return &o->base;
}

/* A new int from a magnitude and sign (copied). */
static kn_obj *big_from_mag(const digit *d, int64_t n, bool neg, kn_err *err) {
    kn_intobj *o = big_new(n, err);
    if (!o) return NULL;
    if (n) memcpy(KN__INT_DIGITS(o), d, (size_t)n * sizeof(digit));
    return big_finish(o, n, neg, err);
}

static kn_obj *small(int64_t v, kn_err *err) {
    kn_obj *r = kn_int_new(v);
    if (!r) kn_nomem(err);
    return r;
}

/* ---- magnitudes ---------------------------------------------------------------------- */

static int mag_cmp(const digit *a, int64_t na, const digit *b, int64_t nb) {
    if (na != nb) return na < nb ? -1 : 1;
    for (int64_t i = na - 1; i >= 0; i--)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

/* r = a + b; r has room for max(na, nb) + 1 digits. */
static void mag_add(const digit *a, int64_t na, const digit *b, int64_t nb, digit *r) {
    if (na < nb) {
        const digit *t = a;
        a = b;
        b = t;
        int64_t tn = na;
        na = nb;
        nb = tn;
    }
    twodigits c = 0;
    int64_t i = 0;
    for (; i < nb; i++) {
        c += (twodigits)a[i] + b[i];
        r[i] = (digit)c;
        c >>= DBITS;
    }
    for (; i < na; i++) {
        c += a[i];
        r[i] = (digit)c;
        c >>= DBITS;
    }
    r[na] = (digit)c;
}

/* r = a - b for a >= b; r has room for na digits (may alias a). */
static void mag_sub(const digit *a, int64_t na, const digit *b, int64_t nb, digit *r) {
    uint64_t br = 0;
    int64_t i = 0;
    for (; i < nb; i++) {
        uint64_t t = (uint64_t)a[i] - b[i] - br;
        r[i] = (digit)t;
        br = t >> 63;
    }
    for (; i < na; i++) {
        uint64_t t = (uint64_t)a[i] - br;
        r[i] = (digit)t;
        br = t >> 63;
    }
}

/* r += a * b (schoolbook); r zeroed by the caller, room for na + nb digits. */
static void mag_mul_school(const digit *a, int64_t na, const digit *b, int64_t nb, digit *r) {
    for (int64_t i = 0; i < na; i++) {
        twodigits c = 0, ai = a[i];
        if (!ai) continue;
        for (int64_t j = 0; j < nb; j++) {
            c += ai * b[j] + r[i + j];
            r[i + j] = (digit)c;
            c >>= DBITS;
        }
        for (int64_t k = i + nb; c; k++) {
            c += r[k];
            r[k] = (digit)c;
            c >>= DBITS;
        }
    }
}

/* r[0..n) += a[0..na) with carry propagated through r (r has room). */
static void mag_addto(digit *r, int64_t n, const digit *a, int64_t na) {
    twodigits c = 0;
    int64_t i = 0;
    for (; i < na; i++) {
        c += (twodigits)r[i] + a[i];
        r[i] = (digit)c;
        c >>= DBITS;
    }
    for (; c && i < n; i++) {
        c += r[i];
        r[i] = (digit)c;
        c >>= DBITS;
    }
}

/* r[0..n) -= a[0..na); the result is known to be non-negative. */
static void mag_subfrom(digit *r, int64_t n, const digit *a, int64_t na) {
    uint64_t br = 0;
    int64_t i = 0;
    for (; i < na; i++) {
        uint64_t t = (uint64_t)r[i] - a[i] - br;
        r[i] = (digit)t;
        br = t >> 63;
    }
    for (; br && i < n; i++) {
        uint64_t t = (uint64_t)r[i] - br;
        r[i] = (digit)t;
        br = t >> 63;
    }
}

static int64_t mag_norm(const digit *d, int64_t n) {
    while (n > 0 && d[n - 1] == 0)
        n--;
    return n;
}

/* r += a * b; Karatsuba when both are long. r zeroed, room na + nb. -1 on out of memory. */
static int mag_mul(const digit *a, int64_t na, const digit *b, int64_t nb, digit *r) {
    if (na < nb) {
        const digit *t = a;
        a = b;
        b = t;
        int64_t tn = na;
        na = nb;
        nb = tn;
    }
    if (nb < KARATSUBA_CUTOFF) {
        mag_mul_school(a, na, b, nb, r);
        return 0;
    }
    if (2 * nb <= na) { /* lopsided: slices of a of b's length */
        digit *t = tc_calloc((size_t)(2 * nb), sizeof(digit));
        if (!t) return -1;
        for (int64_t off = 0; off < na; off += nb) {
            int64_t len = na - off < nb ? na - off : nb;
            memset(t, 0, (size_t)(2 * nb) * sizeof(digit));
            if (mag_mul(a + off, len, b, nb, t) < 0) {
                tc_free(t);
                return -1;
            }
            mag_addto(r + off, na + nb - off, t, mag_norm(t, len + nb));
        }
        tc_free(t);
        return 0;
    }
    /* a = a1*B^h + a0, b = b1*B^h + b0: a*b = z2*B^2h + (z1 - z2 - z0)*B^h + z0 with
     * z1 = (a0 + a1)(b0 + b1). */
    int64_t h = nb / 2;
    const digit *a0 = a, *a1 = a + h, *b0 = b, *b1 = b + h;
    int64_t na0 = mag_norm(a0, h), nb0 = mag_norm(b0, h), na1 = na - h, nb1 = nb - h;
    int64_t sa = na1 + 1, sb = nb1 + 1;
    digit *buf = tc_calloc((size_t)(sa + sb + (sa + sb) + 2 * h + (na1 + nb1)), sizeof(digit));
    if (!buf) return -1;
    digit *asum = buf, *bsum = asum + sa, *z1 = bsum + sb, *z0 = z1 + sa + sb, *z2 = z0 + 2 * h;
    mag_add(a1, na1, a0, na0, asum);
    mag_add(b1, nb1, b0, nb0, bsum);
    int64_t nas = mag_norm(asum, sa), nbs = mag_norm(bsum, sb);
    if (mag_mul(a0, na0, b0, nb0, z0) < 0 || mag_mul(a1, na1, b1, nb1, z2) < 0 ||
        mag_mul(asum, nas, bsum, nbs, z1) < 0) {
        tc_free(buf);
        return -1;
    }
    int64_t nz0 = mag_norm(z0, 2 * h), nz2 = mag_norm(z2, na1 + nb1), nz1 = sa + sb;
    mag_subfrom(z1, nz1, z0, nz0);
    mag_subfrom(z1, nz1, z2, nz2);
    nz1 = mag_norm(z1, nz1);
    mag_addto(r, na + nb, z0, nz0);
    mag_addto(r + 2 * h, na + nb - 2 * h, z2, nz2);
    mag_addto(r + h, na + nb - h, z1, nz1);
    tc_free(buf);
    return 0;
}

/* q = a / dv (q has room n, may alias a); returns the remainder. */
static digit mag_divrem1(const digit *a, int64_t n, digit dv, digit *q) {
    twodigits r = 0;
    for (int64_t i = n - 1; i >= 0; i--) {
        r = r << DBITS | a[i];
        q[i] = (digit)(r / dv);
        r %= dv;
    }
    return (digit)r;
}

/* Knuth's algorithm D: q = u / v, r = u % v for m >= n >= 2 and v[n-1] != 0. q has room
 * m - n + 1 digits, r room n (either may be NULL). -1 on out of memory. */
static int mag_divmod_knuth(const digit *u, int64_t m, const digit *v, int64_t n, digit *q,
                            digit *r) {
    int s = __builtin_clz(v[n - 1]);
    digit *vn = tc_malloc((size_t)(n + m + 1) * sizeof(digit));
    if (!vn) return -1;
    digit *un = vn + n;
    for (int64_t i = n - 1; i > 0; i--)
        vn[i] = (v[i] << s) | (s ? v[i - 1] >> (DBITS - s) : 0);
    vn[0] = v[0] << s;
    un[m] = s ? u[m - 1] >> (DBITS - s) : 0;
    for (int64_t i = m - 1; i > 0; i--)
        un[i] = (u[i] << s) | (s ? u[i - 1] >> (DBITS - s) : 0);
    un[0] = u[0] << s;
    const twodigits B = (twodigits)1 << DBITS;
    for (int64_t j = m - n; j >= 0; j--) {
        twodigits num = (twodigits)un[j + n] << DBITS | un[j + n - 1];
        twodigits qhat = num / vn[n - 1], rhat = num % vn[n - 1];
        while (qhat >= B || qhat * vn[n - 2] > (rhat << DBITS | un[j + n - 2])) {
            qhat--;
            rhat += vn[n - 1];
            if (rhat >= B) break;
        }
        /* un[j..j+n] -= qhat * vn: the product's carry and the borrow are separate short
         * chains (the multiplications do not wait on them) */
        twodigits carry = 0;
        uint64_t borrow = 0;
        for (int64_t i = 0; i < n; i++) {
            twodigits p = qhat * vn[i] + carry;
            carry = p >> DBITS;
            uint64_t t = (uint64_t)un[i + j] - (digit)p - borrow;
            un[i + j] = (digit)t;
            borrow = t >> 63;
        }
        uint64_t t = (uint64_t)un[j + n] - carry - borrow;
        un[j + n] = (digit)t;
        if (t >> 63) { /* qhat was one too large: add v back */
            qhat--;
            twodigits c = 0;
            for (int64_t i = 0; i < n; i++) {
                c += (twodigits)un[i + j] + vn[i];
                un[i + j] = (digit)c;
                c >>= DBITS;
            }
            un[j + n] += (digit)c;
        }
        if (q) q[j] = (digit)qhat;
    }
    if (r) {
        for (int64_t i = 0; i < n - 1; i++)
            r[i] = (un[i] >> s) | (s ? un[i + 1] << (DBITS - s) : 0);
        r[n - 1] = un[n - 1] >> s;
    }
    tc_free(vn);
    return 0;
}

/* ---- signed operations on objects ----------------------------------------------------- */

/* a + b, or a - b when 'sub'. */
static kn_obj *i_addsub(kn_obj *a, kn_obj *b, bool sub, kn_err *err) {
    bn x, y;
    bn_view(a, &x);
    bn_view(b, &y);
    bool yneg = sub ? !y.neg : y.neg;
    int64_t n = (x.n > y.n ? x.n : y.n) + 1;
    kn_intobj *o = big_new(n, err);
    if (!o) return NULL;
    digit *r = KN__INT_DIGITS(o);
    if (x.neg == yneg) {
        mag_add(x.d, x.n, y.d, y.n, r);
        return big_finish(o, n, x.neg, err);
    }
    if (mag_cmp(x.d, x.n, y.d, y.n) >= 0) {
        mag_sub(x.d, x.n, y.d, y.n, r);
        return big_finish(o, x.n, x.neg, err);
    }
    mag_sub(y.d, y.n, x.d, x.n, r);
    return big_finish(o, y.n, yneg, err);
}

static kn_obj *i_mul(kn_obj *a, kn_obj *b, kn_err *err) {
    bn x, y;
    bn_view(a, &x);
    bn_view(b, &y);
    kn_intobj *o = big_new(x.n + y.n, err);
    if (!o) return NULL;
    if (mag_mul(x.d, x.n, y.d, y.n, KN__INT_DIGITS(o)) < 0) {
        tc_free(o);
        kn_nomem(err);
        return NULL;
    }
    return big_finish(o, x.n + y.n, x.neg != y.neg, err);
}

/* Floor division and modulo (Python's signs); q or r may be NULL. b != 0. */
static int i_divmod(kn_obj *a, kn_obj *b, kn_obj **q, kn_obj **r, kn_err *err) {
    bn x, y;
    bn_view(a, &x);
    bn_view(b, &y);
    int64_t qn = (x.n >= y.n ? x.n - y.n + 1 : 1) + 1; /* + 1: room for the floor's + 1 */
    kn_intobj *qo = big_new(qn, err), *ro = qo ? big_new(y.n + 1, err) : NULL;
    if (!ro) {
        tc_free(qo);
        return -1;
    }
    digit *qd = KN__INT_DIGITS(qo), *rd = KN__INT_DIGITS(ro);
    if (x.n < y.n) {
        if (x.n) memcpy(rd, x.d, (size_t)x.n * sizeof(digit));
    } else if (y.n == 1) {
        rd[0] = mag_divrem1(x.d, x.n, y.d[0], qd);
    } else if (mag_divmod_knuth(x.d, x.n, y.d, y.n, qd, rd) < 0) {
        tc_free(qo);
        tc_free(ro);
        return kn_nomem(err);
    }
    bool rnz = mag_norm(rd, y.n) != 0;
    bool qneg = x.neg != y.neg;
    if (qneg && rnz) { /* floor: |q| + 1, r = |b| - |r| with b's sign */
        digit one = 1;
        mag_addto(qd, qn, &one, 1);
        int64_t rn = mag_norm(rd, y.n);
        digit *t = tc_malloc((size_t)y.n * sizeof(digit));
        if (!t) {
            tc_free(qo);
            tc_free(ro);
            return kn_nomem(err);
        }
        mag_sub(y.d, y.n, rd, rn, t);
        memcpy(rd, t, (size_t)y.n * sizeof(digit));
        tc_free(t);
    }
    kn_obj *qq = NULL, *rr = NULL;
    if (q) {
        if (!(qq = big_finish(qo, qn, qneg, err))) {
            tc_free(ro);
            return -1;
        }
    } else {
        tc_free(qo);
    }
    if (r) {
        if (!(rr = big_finish(ro, y.n, y.neg, err))) {
            kn_decref(qq);
            return -1;
        }
    } else {
        tc_free(ro);
    }
    if (q) *q = qq;
    if (r) *r = rr;
    return 0;
}

/* a << k (k >= 0) on the magnitude, keeping the sign. */
static kn_obj *i_lshift(kn_obj *a, int64_t k, kn_err *err) {
    bn x;
    bn_view(a, &x);
    if (x.n == 0) return small(0, err);
    int64_t ws = k / DBITS, bs = k % DBITS;
    if (ws > INT32_MAX / 2) {
        kn_nomem(err);
        return NULL;
    }
    kn_intobj *o = big_new(x.n + ws + 1, err);
    if (!o) return NULL;
    digit *r = KN__INT_DIGITS(o);
    digit carry = 0;
    for (int64_t i = 0; i < x.n; i++) {
        r[i + ws] = (x.d[i] << bs) | carry;
        carry = bs ? x.d[i] >> (DBITS - bs) : 0;
    }
    r[x.n + ws] = carry;
    return big_finish(o, x.n + ws + 1, x.neg, err);
}

/* Magnitude >> k into a new object (sign given); *lost: whether nonzero bits fell off. */
static kn_obj *mag_rshift_obj(const bn *x, int64_t k, bool neg, bool *lost, kn_err *err) {
    int64_t ws = k / DBITS, bs = k % DBITS;
    bool l = false;
    for (int64_t i = 0; i < ws && i < x->n; i++)
        if (x->d[i]) l = true;
    if (ws < x->n && bs && (x->d[ws] & (((digit)1 << bs) - 1))) l = true;
    if (lost) *lost = l;
    if (ws >= x->n) return small(0, err);
    int64_t n = x->n - ws;
    kn_intobj *o = big_new(n, err);
    if (!o) return NULL;
    digit *r = KN__INT_DIGITS(o);
    for (int64_t i = 0; i < n; i++) {
        digit lo = x->d[i + ws] >> bs;
        digit hi = (bs && i + ws + 1 < x->n) ? x->d[i + ws + 1] << (DBITS - bs) : 0;
        r[i] = lo | hi;
    }
    return big_finish(o, n, neg, err);
}

/* a >> k (floor), k >= 0. */
static kn_obj *i_rshift(kn_obj *a, int64_t k, kn_err *err) {
    bn x;
    bn_view(a, &x);
    bool lost;
    kn_obj *r = mag_rshift_obj(&x, k, x.neg, &lost, err);
    if (!r || !x.neg || !lost) return r;
    kn_obj *one = kn_int_new(1);
    kn_obj *s = i_addsub(r, one, true, err); /* -(|a| >> k) - 1 */
    kn_decref(one);
    kn_decref(r);
    return s;
}

/* & | ^ in two's complement over max(n) + 1 digits. */
static kn_obj *i_bitop(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    bn x, y;
    bn_view(a, &x);
    bn_view(b, &y);
    int64_t n = (x.n > y.n ? x.n : y.n) + 1;
    kn_intobj *o = big_new(n, err);
    if (!o) return NULL;
    digit *r = KN__INT_DIGITS(o);
    uint64_t cx = 1, cy = 1; /* +1 carries of the complements */
    for (int64_t i = 0; i < n; i++) {
        digit dx = i < x.n ? x.d[i] : 0, dy = i < y.n ? y.d[i] : 0;
        if (x.neg) {
            cx += (digit)~dx;
            dx = (digit)cx;
            cx >>= DBITS;
        }
        if (y.neg) {
            cy += (digit)~dy;
            dy = (digit)cy;
            cy >>= DBITS;
        }
        r[i] = op == KN_BINOP_AND ? (dx & dy) : op == KN_BINOP_OR ? (dx | dy) : (dx ^ dy);
    }
    bool neg = (r[n - 1] >> (DBITS - 1)) != 0;
    if (neg) { /* back to magnitude: ~r + 1 */
        uint64_t c = 1;
        for (int64_t i = 0; i < n; i++) {
            c += (digit)~r[i];
            r[i] = (digit)c;
            c >>= DBITS;
        }
    }
    return big_finish(o, n, neg, err);
}

static kn_obj *i_neg(kn_obj *a, kn_err *err) {
    bn x;
    bn_view(a, &x);
    return big_from_mag(x.d, x.n, !x.neg, err);
}

/* The sign of an int: -1, 0 or 1. */
static int i_sign(const kn_obj *a) {
    const kn_intobj *i = (const kn_intobj *)a;
    if (i->nd) return i->nd < 0 ? -1 : 1;
    return i->v < 0 ? -1 : i->v > 0;
}

static bool i_odd(const kn_obj *a) {
    bn x;
    bn_view(a, &x);
    return x.n && (x.d[0] & 1);
}

/* ---- conversions to and from double --------------------------------------------------- */

/* Bits [lo, lo + 64) of a magnitude as an integer. */
static uint64_t mag_bits_at(const digit *d, int64_t n, int64_t lo) {
    uint64_t r = 0;
    for (int k = 0; k < 3; k++) {
        int64_t w = lo / DBITS + k;
        if (w < 0 || w >= n) continue;
        int64_t pos = w * DBITS - lo; /* where digit w lands */
        uint64_t dv = d[w];
        if (pos >= 64) continue;
        r |= pos >= 0 ? dv << pos : dv >> -pos;
    }
    return r;
}

static bool mag_any_below(const digit *d, int64_t n, int64_t lo) {
    int64_t w = lo / DBITS;
    for (int64_t i = 0; i < w && i < n; i++)
        if (d[i]) return true;
    return w < n && (lo % DBITS) && (d[w] & (((digit)1 << (lo % DBITS)) - 1));
}

int kn__int_to_double(const kn_obj *o, double *out, kn_err *err) {
    const kn_intobj *i = (const kn_intobj *)o;
    if (!i->nd) {
        *out = (double)i->v;
        return 0;
    }
    bn x;
    bn_view(o, &x);
    int64_t nbits = mag_bits(x.d, x.n);
    if (nbits > DBL_MAX_EXP) goto overflow;
    int64_t shift = nbits - 54; /* keep 54 bits: 53 + the rounding bit */
    uint64_t m = mag_bits_at(x.d, x.n, shift) & (((uint64_t)1 << 54) - 1);
    bool sticky = mag_any_below(x.d, x.n, shift);
    bool half = m & 1;
    m >>= 1;
    if (half && (sticky || (m & 1))) m++;
    double r = ldexp((double)m, (int)shift + 1);
    if (isinf(r)) goto overflow;
    *out = x.neg ? -r : r;
    return 0;
overflow:
    return tc_error_set(err, TC_EXC_OVERFLOW, "int too large to convert to float");
}

kn_obj *kn__int_from_double(double f, kn_err *err) {
    if (isnan(f)) {
        tc_error_set(err, TC_EXC_VALUE, "cannot convert float NaN to integer");
        return NULL;
    }
    if (isinf(f)) {
        tc_error_set(err, TC_EXC_OVERFLOW, "cannot convert float infinity to integer");
        return NULL;
    }
    double t = trunc(f);
    if (t < 9223372036854775808.0 && t >= -9223372036854775808.0) return small((int64_t)t, err);
    int e;
    double m = frexp(fabs(t), &e); /* |t| = m * 2^e, e > 63 */
    kn_obj *mi = small((int64_t)ldexp(m, 53), err);
    if (!mi) return NULL;
    kn_obj *r = i_lshift(mi, e - 53, err);
    kn_decref(mi);
    if (r && t < 0) {
        kn_obj *n = i_neg(r, err);
        kn_decref(r);
        r = n;
    }
    return r;
}

/* Exact comparison of a big int with a float that is not NaN: -1, 0, 1. */
int kn__int_cmp_double(const kn_obj *o, double f) {
    const kn_intobj *io = (const kn_intobj *)o;
    if (!io->nd) {
        int64_t i = io->v;
        if (f >= 9223372036854775808.0) return -1;
        if (f < -9223372036854775808.0) return 1;
        double fl = floor(f);
        int64_t fi = (int64_t)fl;
        if (i != fi) return i < fi ? -1 : 1;
        return f > fl ? -1 : 0;
    }
    bn x;
    bn_view(o, &x);
    int s = x.neg ? -1 : 1;
    if (isinf(f)) return f > 0 ? -1 : 1;
    if (f == 0 || (f < 0) != x.neg) return s;
    int e;
    frexp(f, &e);
    int64_t nbits = mag_bits(x.d, x.n);
    if (nbits != e) return nbits < e ? -s : s;
    kn_err scratch;
    tc_error_init(&scratch);
    kn_obj *fi = kn__int_from_double(f, &scratch); /* integral: e >= 64 */
    if (!fi) return 0;
    bn y;
    bn_view(fi, &y);
    int c = mag_cmp(x.d, x.n, y.d, y.n) * s;
    kn_decref(fi);
    return c;
}

/* a / b correctly rounded (CPython's long_true_divide), b != 0. */
static kn_obj *i_truediv(kn_obj *a, kn_obj *b, kn_err *err) {
    bn x, y;
    bn_view(a, &x);
    bn_view(b, &y);
    bool neg = x.neg != y.neg;
    int64_t abits = mag_bits(x.d, x.n), bbits = mag_bits(y.d, y.n);
    if (abits == 0) return kn_float_new(neg ? -0.0 : 0.0);
    if (abits <= DBL_MANT_DIG && bbits <= DBL_MANT_DIG) {
        double da, db;
        kn__int_to_double(a, &da, err);
        kn__int_to_double(b, &db, err);
        return kn_float_new(da / db);
    }
    int64_t diff = abits - bbits;
    if (diff > DBL_MAX_EXP) goto overflow;
    if (diff < DBL_MIN_EXP - DBL_MANT_DIG - 1) return kn_float_new(neg ? -0.0 : 0.0);
    int64_t shift = (diff > DBL_MIN_EXP ? diff : DBL_MIN_EXP) - DBL_MANT_DIG - 2;
    bool inexact = false;
    kn_obj *xs;
    if (shift >= 0) {
        xs = mag_rshift_obj(&x, shift, false, &inexact, err);
    } else {
        kn_obj *ax = big_from_mag(x.d, x.n, false, err);
        xs = ax ? i_lshift(ax, -shift, err) : NULL;
        kn_decref(ax);
    }
    if (!xs) return NULL;
    kn_obj *ab = big_from_mag(y.d, y.n, false, err), *q = NULL, *r = NULL;
    int rc = ab ? i_divmod(xs, ab, &q, &r, err) : -1;
    kn_decref(xs);
    kn_decref(ab);
    if (rc < 0) return NULL;
    if (i_sign(r)) inexact = true;
    kn_decref(r);
    bn qv;
    bn_view(q, &qv);
    uint64_t qm = qv.n == 0 ? 0 : qv.n == 1 ? qv.d[0] : ((uint64_t)qv.d[1] << 32 | qv.d[0]);
    int64_t qbits = mag_bits(qv.d, qv.n);
    kn_decref(q);
    int64_t extra = (qbits > DBL_MIN_EXP - shift ? qbits : DBL_MIN_EXP - shift) - DBL_MANT_DIG;
    uint64_t mask = (uint64_t)1 << (extra - 1);
    uint64_t low = qm | inexact;
    if ((low & mask) && (low & (3 * mask - 1))) low += mask;
    qm = low & ~(2 * mask - 1);
    double dx = (double)qm;
    if (shift + qbits >= DBL_MAX_EXP &&
        (shift + qbits > DBL_MAX_EXP || dx == ldexp(1.0, (int)qbits)))
        goto overflow;
    double res = ldexp(dx, (int)shift);
    return kn_float_new(neg ? -res : res);
overflow:
    tc_error_set(err, TC_EXC_OVERFLOW, "integer division result too large for a float");
    return NULL;
}

/* ---- power --------------------------------------------------------------------------- */

/* a ** e for e >= 0 (an int64). */
static kn_obj *i_pow(kn_obj *a, int64_t e, kn_err *err) {
    bn x;
    bn_view(a, &x);
    if (e == 0) return small(1, err);
    if (x.n == 0) return small(0, err);
    if (x.n == 1 && x.d[0] == 1) return small(x.neg && (e & 1) ? -1 : 1, err);
    double bits = (double)mag_bits(x.d, x.n) * (double)e;
    if (bits > 1e12 || kn__check_alloc(bits / 8, err) < 0) {
        if (!tc_error_is_set(err)) kn_nomem(err);
        return NULL;
    }
    /* a power of two: one shift */
    if (mag_bits(x.d, x.n) - 1 == __builtin_ctz(x.d[x.n - 1]) + (x.n - 1) * DBITS &&
        mag_norm(x.d, x.n - 1) == 0) {
        kn_obj *one = small(x.neg && (e & 1) ? -1 : 1, err);
        if (!one) return NULL;
        kn_obj *r = i_lshift(one, (mag_bits(x.d, x.n) - 1) * e, err);
        kn_decref(one);
        return r;
    }
    kn_obj *r = kn_incref(a);
    int top = 63 - __builtin_clzll((uint64_t)e);
    for (int i = top - 1; i >= 0; i--) {
        kn_obj *s = i_mul(r, r, err);
        kn_decref(r);
        if (!(r = s)) return NULL;
        if ((e >> i) & 1) {
            s = i_mul(r, a, err);
            kn_decref(r);
            if (!(r = s)) return NULL;
        }
        if (tc_interrupt_pending() && tc_interrupt_check(err) < 0) {
            kn_decref(r);
            return NULL;
        }
    }
    return r;
}

static kn_obj *i_mulmod(kn_obj *a, kn_obj *b, kn_obj *m, kn_err *err) {
    kn_obj *p = i_mul(a, b, err), *r = NULL;
    if (!p) return NULL;
    if (i_divmod(p, m, NULL, &r, err) < 0) r = NULL;
    kn_decref(p);
    return r;
}

/* The inverse of a modulo m (m > 0) by the extended Euclidean algorithm; NULL with
 * ValueError when none exists. */
static kn_obj *i_invmod(kn_obj *a, kn_obj *m, kn_err *err) {
    kn_obj *r0 = NULL, *r1 = kn_incref(m), *s0 = small(1, err), *s1 = small(0, err);
    if (!s0 || !s1 || i_divmod(a, m, NULL, &r0, err) < 0) goto fail;
    while (i_sign(r1)) {
        kn_obj *q = NULL, *r2 = NULL;
        if (i_divmod(r0, r1, &q, &r2, err) < 0) goto fail;
        kn_obj *qs = i_mul(q, s1, err);
        kn_decref(q);
        kn_obj *s2 = qs ? i_addsub(s0, qs, true, err) : NULL;
        kn_decref(qs);
        if (!s2) {
            kn_decref(r2);
            goto fail;
        }
        kn_decref(r0);
        r0 = r1;
        r1 = r2;
        kn_decref(s0);
        s0 = s1;
        s1 = s2;
    }
    if (!(kn__is_int(r0) && !((kn_intobj *)r0)->nd && kn_int_value(r0) == 1)) {
        tc_error_set(err, TC_EXC_VALUE, "base is not invertible for the given modulus");
        goto fail;
    }
    kn_obj *res = NULL;
    if (i_divmod(s0, m, NULL, &res, err) < 0) res = NULL;
    kn_decref(r0);
    kn_decref(r1);
    kn_decref(s0);
    kn_decref(s1);
    return res;
fail:
    kn_decref(r0);
    kn_decref(r1);
    kn_decref(s0);
    kn_decref(s1);
    return NULL;
}

kn_obj *kn__int_powmod(kn_obj *a, kn_obj *e, kn_obj *m, kn_err *err) {
    if (!i_sign(m)) {
        tc_error_set(err, TC_EXC_VALUE, "pow() 3rd argument cannot be 0");
        return NULL;
    }
    bool mneg = i_sign(m) < 0;
    kn_obj *am = mneg ? i_neg(m, err) : kn_incref(m); /* |m| */
    if (!am) return NULL;
    kn_obj *base = NULL, *ex = NULL, *r = NULL;
    if (i_sign(e) < 0) {
        kn_obj *inv = i_invmod(a, am, err);
        if (!inv) goto done;
        base = inv;
        if (!(ex = i_neg(e, err))) goto done;
    } else {
        if (i_divmod(a, am, NULL, &base, err) < 0) goto done;
        ex = kn_incref(e);
    }
    if (!(r = small(1, err))) goto done;
    bn xv;
    bn_view(ex, &xv);
    int64_t nbits = mag_bits(xv.d, xv.n);
    for (int64_t i = nbits - 1; i >= 0; i--) {
        kn_obj *s = i_mulmod(r, r, am, err);
        kn_decref(r);
        if (!(r = s)) goto done;
        if ((xv.d[i / DBITS] >> (i % DBITS)) & 1) {
            s = i_mulmod(r, base, am, err);
            kn_decref(r);
            if (!(r = s)) goto done;
        }
    }
    /* r in [0, |m|); also 1 % 1 == 0 for an exponent of 0 */
    {
        kn_obj *t = NULL;
        if (i_divmod(r, am, NULL, &t, err) < 0) t = NULL;
        kn_decref(r);
        r = t;
    }
    if (r && mneg && i_sign(r)) { /* Python: the result takes the modulus's sign */
        kn_obj *t = i_addsub(r, am, true, err);
        kn_decref(r);
        r = t;
    }
done:
    kn_decref(am);
    kn_decref(base);
    kn_decref(ex);
    return r;
}

/* ---- the binop entry ----------------------------------------------------------------- */

/* The shift count of b as int64; a count beyond int64 saturates (the caller decides). */
static int64_t shift_count(kn_obj *b, bool *huge) {
    const kn_intobj *i = (const kn_intobj *)b;
    *huge = i->nd != 0;
    return i->v;
}

kn_obj *kn__int_binop_big(kn_binop op, kn_obj *a, kn_obj *b, kn_err *err) {
    switch (op) {
    case KN_BINOP_ADD:
        return i_addsub(a, b, false, err);
    case KN_BINOP_SUB:
        return i_addsub(a, b, true, err);
    case KN_BINOP_MUL:
        return i_mul(a, b, err);
    case KN_BINOP_TRUEDIV:
        if (!i_sign(b)) break;
        return i_truediv(a, b, err);
    case KN_BINOP_FLOORDIV:
    case KN_BINOP_MOD: {
        if (!i_sign(b)) break;
        kn_obj *r = NULL;
        if (i_divmod(a, b, op == KN_BINOP_FLOORDIV ? &r : NULL, op == KN_BINOP_MOD ? &r : NULL,
                     err) < 0)
            return NULL;
        return r;
    }
    case KN_BINOP_POW: {
        if (i_sign(b) < 0) {
            double x, y;
            if (kn__int_to_double(a, &x, err) < 0 || kn__int_to_double(b, &y, err) < 0)
                return NULL;
            if (x == 0) {
                tc_error_set(err, TC_EXC_ZERO_DIVISION, "0.0 cannot be raised to a negative power");
                return NULL;
            }
            return kn_float_new(pow(x, y));
        }
        if (((kn_intobj *)b)->nd) { /* exponent beyond int64 */
            bn x;
            bn_view(a, &x);
            if (x.n == 0 || (x.n == 1 && x.d[0] == 1))
                return small(x.n == 0 ? 0 : (x.neg && i_odd(b)) ? -1 : 1, err);
            kn_nomem(err);
            return NULL;
        }
        return i_pow(a, kn_int_value(b), err);
    }
    case KN_BINOP_AND:
    case KN_BINOP_OR:
    case KN_BINOP_XOR:
        return i_bitop(op, a, b, err);
    case KN_BINOP_LSHIFT:
    case KN_BINOP_RSHIFT: {
        if (i_sign(b) < 0) {
            tc_error_set(err, TC_EXC_VALUE, "negative shift count");
            return NULL;
        }
        bool huge;
        int64_t k = shift_count(b, &huge);
        if (op == KN_BINOP_RSHIFT) {
            if (huge) return small(i_sign(a) < 0 ? -1 : 0, err);
            return i_rshift(a, k, err);
        }
        if (!i_sign(a)) return small(0, err);
        if (huge) {
            tc_error_set(err, TC_EXC_OVERFLOW, "too many digits in integer");
            return NULL;
        }
        if (kn__check_alloc((double)k / 8, err) < 0) return NULL;
        return i_lshift(a, k, err);
    }
    default:
        return kn_notimpl();
    }
    tc_error_set(err, TC_EXC_ZERO_DIVISION, "%s",
                 op == KN_BINOP_TRUEDIV ? "division by zero"
                 : op == KN_BINOP_MOD   ? "integer modulo by zero"
                                        : "integer division or modulo by zero");
    return NULL;
}

int kn__int_divmod(kn_obj *a, kn_obj *b, kn_obj **q, kn_obj **r, kn_err *err) {
    if (!i_sign(b))
        return tc_error_set(err, TC_EXC_ZERO_DIVISION, "integer division or modulo by zero");
    return i_divmod(a, b, q, r, err);
}

kn_obj *kn__int_unop_big(kn_unop op, kn_obj *a, kn_err *err) {
    if (op == KN_UNOP_POS) return kn_incref(a);
    if (op == KN_UNOP_NEG) return i_neg(a, err);
    kn_obj *one = kn_int_new(1); /* ~a == -a - 1 */
    kn_obj *n = i_neg(a, err);
    kn_obj *r = n ? i_addsub(n, one, true, err) : NULL;
    kn_decref(n);
    kn_decref(one);
    return r;
}

int kn__int_compare(const kn_obj *a, const kn_obj *b) {
    bn x, y;
    bn_view(a, &x);
    bn_view(b, &y);
    if (x.neg != y.neg) return x.neg ? -1 : 1;
    int c = mag_cmp(x.d, x.n, y.d, y.n);
    return x.neg ? -c : c;
}

int64_t kn__int_hash(const kn_obj *o) {
    const kn_intobj *i = (const kn_intobj *)o;
    if (!i->nd) return kn__hash_int(i->v);
    const uint64_t P = ((uint64_t)1 << 61) - 1;
    bn x;
    bn_view(o, &x);
    uint64_t h = 0;
    for (int64_t k = x.n - 1; k >= 0; k--) {
        h = ((h << DBITS) & P) | (h >> (61 - DBITS)); /* h * 2^32 mod P */
        h += x.d[k];
        if (h >= P) h -= P;
    }
    int64_t r = x.neg ? -(int64_t)h : (int64_t)h;
    return r == -1 ? -2 : r;
}

int64_t kn__int_bit_length(const kn_obj *o) {
    bn x;
    bn_view(o, &x);
    return mag_bits(x.d, x.n);
}

int kn__int_sign(const kn_obj *o) {
    return i_sign(o);
}

kn_obj *kn__int_abs(kn_obj *o, kn_err *err) {
    if (i_sign(o) >= 0) return kn_incref(o);
    return i_neg(o, err);
}

/* ---- text ---------------------------------------------------------------------------- */

static int max_str_digits = 4300;

int kn__int_max_str_digits(void) {
    return max_str_digits;
}
void kn__int_set_max_str_digits(int n) {
    max_str_digits = n;
}

#define LIMIT_HINT "use sys.set_int_max_str_digits() to increase the limit"

/* Append the digits of |o| in 'base' (2..36) to b; power-of-two bases ignore the limit. */
int kn__int_digits(const kn_obj *o, int base, bool upper, tc_strbuf *b, kn_err *err) {
    const char *alpha = upper ? "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                              : "0123456789abcdefghijklmnopqrstuvwxyz";
    bn x;
    bn_view(o, &x);
    if (x.n == 0) {
        tc_strbuf_append(b, "0", 1);
        return 0;
    }
    if (x.n <= 2 && base == 10) { /* one machine word: digits by plain division */
        uint64_t v = x.d[0] | (x.n == 2 ? (uint64_t)x.d[1] << DBITS : 0);
        char buf[24], *p = buf + sizeof buf;
        do {
            *--p = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        tc_strbuf_append(b, p, (size_t)(buf + sizeof buf - p));
        return 0;
    }
    if ((base & (base - 1)) == 0) {
        int w = __builtin_ctz((unsigned)base);
        int64_t nbits = mag_bits(x.d, x.n), nd = (nbits + w - 1) / w;
        if (kn__strbuf_room(b, (size_t)nd, 1, err) < 0) return -1;
        for (int64_t k = nd - 1; k >= 0; k--) {
            uint64_t v = mag_bits_at(x.d, x.n, k * w) & (uint64_t)(base - 1);
            tc_strbuf_append(b, &alpha[v], 1);
        }
        return 0;
    }
    /* an upper bound of the digit count first, so a huge value fails fast */
    double est = (double)mag_bits(x.d, x.n) * log(2) / log(base);
    if (base == 10 && max_str_digits > 0 && est - 2 > max_str_digits)
        goto too_many;
    /* repeated division by the largest power of base that fits in a digit */
    digit big = (digit)base;
    int per = 1;
    while ((twodigits)big * (twodigits)base <= 0xFFFFFFFFu) {
        big *= (digit)base;
        per++;
    }
    digit *t = tc_malloc((size_t)x.n * sizeof(digit));
    int64_t nchunks = (int64_t)(est / per) + 2;
    digit *chunks = t ? tc_malloc((size_t)nchunks * sizeof(digit)) : NULL;
    if (!chunks) {
        tc_free(t);
        return kn_nomem(err);
    }
    memcpy(t, x.d, (size_t)x.n * sizeof(digit));
    int64_t n = x.n, nc = 0;
    if (base == 10) {
        /* CPython's order: feed the digits from the top into a base-10**9 accumulator; the
         * loop-carried value is only the quotient, so the multiply chain stays short */
        for (int64_t i = n - 1; i >= 0; i--) {
            twodigits hi = t[i];
            for (int64_t j = 0; j < nc; j++) {
                twodigits z = ((twodigits)chunks[j] << DBITS) + hi; /* < 10**9 * 2**32 */
                hi = z / 1000000000u;
                chunks[j] = (digit)(z - hi * 1000000000u);
            }
            while (hi) {
                chunks[nc++] = (digit)(hi % 1000000000u);
                hi /= 1000000000u;
            }
            if (kn__poll((uint64_t)i, err) < 0) {
                tc_free(t);
                tc_free(chunks);
                return -1;
            }
        }
    }
    while (base != 10 && n > 0) {
        chunks[nc++] = mag_divrem1(t, n, big, t);
        n = mag_norm(t, n);
        if (kn__poll((uint64_t)nc, err) < 0) {
            tc_free(t);
            tc_free(chunks);
            return -1;
        }
    }
    tc_free(t);
    char tmp[40];
    int first = 0;
    digit top = chunks[nc - 1];
    do {
        tmp[first++] = alpha[top % (digit)base];
        top /= (digit)base;
    } while (top);
    int64_t total = first + (nc - 1) * per;
    if (base == 10 && max_str_digits > 0 && total > max_str_digits) {
        tc_free(chunks);
        goto too_many;
    }
    if (kn__strbuf_room(b, (size_t)total, 1, err) < 0) {
        tc_free(chunks);
        return -1;
    }
    for (int i = first - 1; i >= 0; i--)
        tc_strbuf_append(b, &tmp[i], 1);
    for (int64_t c = nc - 2; c >= 0; c--) {
        digit v = chunks[c];
        for (int i = per - 1; i >= 0; i--) {
            tmp[i] = alpha[v % (digit)base];
            v /= (digit)base;
        }
        tc_strbuf_append(b, tmp, (size_t)per);
    }
    tc_free(chunks);
    return 0;
too_many:
    return tc_error_set(err, TC_EXC_VALUE,
                        "Exceeds the limit (%d digits) for integer string conversion; " LIMIT_HINT,
                        max_str_digits);
}

kn_obj *kn__int_to_str(const kn_obj *o, int base, kn_err *err) {
    tc_strbuf b = {0};
    if (i_sign(o) < 0) tc_strbuf_append(&b, "-", 1);
    if (base != 10) tc_strbuf_append(&b, base == 16 ? "0x" : base == 8 ? "0o" : "0b", 2);
    if (kn__int_digits(o, base, false, &b, err) < 0) {
        tc_strbuf_free(&b);
        return NULL;
    }
    if (b.failed) {
        tc_strbuf_free(&b);
        kn_nomem(err);
        return NULL;
    }
    kn_obj *r = kn_str_new(b.data, b.len);
    tc_strbuf_free(&b);
    if (!r) kn_nomem(err);
    return r;
}

/* A new int from validated digit values (most significant first) in 'base'. */
kn_obj *kn__int_from_digits(const unsigned char *dv, size_t nd, int base, bool neg,
                            kn_err *err) {
    if ((base & (base - 1)) == 0) {
        int w = __builtin_ctz((unsigned)base);
        int64_t n = ((int64_t)nd * w + DBITS - 1) / DBITS;
        kn_intobj *o = big_new(n, err);
        if (!o) return NULL;
        digit *d = KN__INT_DIGITS(o);
        int64_t bit = 0;
        for (size_t k = nd; k-- > 0; bit += w) {
            uint64_t v = dv[k];
            d[bit / DBITS] |= (digit)(v << (bit % DBITS));
            if (bit % DBITS + w > DBITS) d[bit / DBITS + 1] |= (digit)(v >> (DBITS - bit % DBITS));
        }
        return big_finish(o, n, neg, err);
    }
    if (max_str_digits > 0 && nd > (size_t)max_str_digits) {
        tc_error_set(err, TC_EXC_VALUE,
                     "Exceeds the limit (%d digits) for integer string conversion: value has "
                     "%zu digits; " LIMIT_HINT,
                     max_str_digits, nd);
        return NULL;
    }
    digit big = (digit)base;
    int per = 1;
    while ((twodigits)big * (twodigits)base <= 0xFFFFFFFFu) {
        big *= (digit)base;
        per++;
    }
    int64_t cap = (int64_t)((double)nd * log2((double)base) / DBITS) + 2;
    kn_intobj *o = big_new(cap, err);
    if (!o) return NULL;
    digit *d = KN__INT_DIGITS(o);
    int64_t n = 0;
    size_t k = 0;
    while (k < nd) {
        digit mulby = 1, add = 0;
        for (int j = 0; j < per && k < nd; j++, k++) {
            mulby *= (digit)base;
            add = add * (digit)base + dv[k];
        }
        twodigits c = add;
        for (int64_t i = 0; i < n; i++) {
            c += (twodigits)d[i] * mulby;
            d[i] = (digit)c;
            c >>= DBITS;
        }
        if (c) d[n++] = (digit)c;
        if (kn__poll(k, err) < 0) {
            tc_free(o);
            return NULL;
        }
    }
    return big_finish(o, n, neg, err);
}

kn_obj *kn_int_from_text(const char *s, size_t n, kn_err *err) {
    return kn__parse_int_obj(s, n, 0, err);
}

bool kn_int_is_big(const kn_obj *o) {
    return o && o->type == &kn_type_int && ((const kn_intobj *)o)->nd != 0;
}

kn_obj *kn__int_from_words(const uint32_t *w, int64_t n, bool neg, kn_err *err) {
    return big_from_mag(w, mag_norm(w, n), neg, err);
}

const uint32_t *kn__int_words(const kn_obj *o, int64_t *n) {
    const kn_intobj *i = (const kn_intobj *)o;
    *n = i->nd < 0 ? -(int64_t)i->nd : i->nd;
    return i->nd ? KN__INT_DIGITS(o) : NULL;
}

int kn_int_max_str_digits(void) {
    return max_str_digits;
}
