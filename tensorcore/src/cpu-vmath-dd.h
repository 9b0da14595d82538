/*
 * SLEEF's double-double kernels for float64 tanh, sinh and cosh (its u10 functions, which
 * PyTorch's vectorised float64 kernels call), written once over an abstract lane type and
 * included twice by cpu-vmath.c: for scalar doubles and for AVX2 lanes. Both instantiations
 * run the same correctly rounded operations with explicit fused multiply-adds, so a value
 * does not depend on which one computes it.
 *
 * The includer defines: V (the lane type), DD (a struct of two V named x, y), SFX (a name
 * suffix), K(c) (a constant), ADD SUB MUL DIV (two operands), NEG, FMA(a, b, c) = a * b + c,
 * RINT(a), and LDEXP2(a, q) = a * 2^q for an integral q held in a V (as SLEEF's vldexp2,
 * in two steps of half the exponent).
 */
#define DDF_(name, sfx) name##sfx
#define DDF__(name, sfx) DDF_(name, sfx)
#define DDF(name) DDF__(name, SFX)

static inline DD DDF(dd_mk)(V x, V y) {
    DD r = {x, y};
    return r;
}

/* ddadd2 (x dd, y): the sum of a dd and a value of any magnitude */
static inline DD DDF(dd_add2_dv)(DD x, V y) {
    V rx = ADD(x.x, y), v = SUB(rx, x.x);
    V ry = ADD(SUB(x.x, SUB(rx, v)), SUB(y, v));
    return DDF(dd_mk)(rx, ADD(ry, x.y));
}

/* ddadd2 (x dd, y dd) */
static inline DD DDF(dd_add2_dd)(DD x, DD y) {
    V rx = ADD(x.x, y.x), v = SUB(rx, x.x);
    V ry = ADD(SUB(x.x, SUB(rx, v)), SUB(y.x, v));
    return DDF(dd_mk)(rx, ADD(ry, ADD(x.y, y.y)));
}

/* ddadd (x value, y dd) with |x| >= |y| */
static inline DD DDF(dd_add_vd)(V x, DD y) {
    V rx = ADD(x, y.x);
    return DDF(dd_mk)(rx, ADD(ADD(SUB(x, rx), y.x), y.y));
}

/* ddadd (x dd, y dd) with |x| >= |y| */
static inline DD DDF(dd_add_dd)(DD x, DD y) {
    V rx = ADD(x.x, y.x);
    return DDF(dd_mk)(rx, ADD(ADD(ADD(SUB(x.x, rx), y.x), x.y), y.y));
}

/* ddsub (x dd, y dd) with |x| >= |y| */
static inline DD DDF(dd_sub_dd)(DD x, DD y) {
    V rx = SUB(x.x, y.x);
    V ry = SUB(SUB(x.x, rx), y.x);
    ry = SUB(ADD(ry, x.y), y.y);
    return DDF(dd_mk)(rx, ry);
}

static inline DD DDF(dd_neg)(DD x) { return DDF(dd_mk)(NEG(x.x), NEG(x.y)); }

static inline DD DDF(dd_mul_dv)(DD x, V y) {
    V rx = MUL(x.x, y);
    return DDF(dd_mk)(rx, FMA(x.y, y, FMA(x.x, y, NEG(rx))));
}

static inline DD DDF(dd_mul_dd)(DD x, DD y) {
    V rx = MUL(x.x, y.x);
    return DDF(dd_mk)(rx, FMA(x.x, y.y, FMA(x.y, y.x, FMA(x.x, y.x, NEG(rx)))));
}

static inline DD DDF(dd_squ)(DD x) {
    V rx = MUL(x.x, x.x);
    return DDF(dd_mk)(rx, FMA(ADD(x.x, x.x), x.y, FMA(x.x, x.x, NEG(rx))));
}

/* 1 / d */
static inline DD DDF(dd_rec)(DD d) {
    V qx = DIV(K(1.0), d.x);
    /* fmanp(a, b, c) = c - a b */
    V inner = FMA(NEG(d.x), qx, K(1.0));
    return DDF(dd_mk)(qx, MUL(qx, FMA(NEG(d.y), qx, inner)));
}

static inline DD DDF(dd_div)(DD n, DD d) {
    V t = DIV(K(1.0), d.x);
    V qx = MUL(n.x, t);
    V u = FMA(t, n.x, NEG(qx));
    V qy = FMA(NEG(d.y), t, FMA(NEG(d.x), t, K(1.0)));
    qy = FMA(qx, qy, FMA(n.y, t, u));
    return DDF(dd_mk)(qx, qy);
}

/* e^d for d = (y, 0), 0 <= y, as a dd: SLEEF's expk2 */
static inline DD DDF(dd_expk2)(V y) {
    DD d = DDF(dd_mk)(y, K(0.0));
    V dq = RINT(MUL(ADD(d.x, d.y), K(1.442695040888963407359924681001892137426645954152985934135449406931)));
    DD s = DDF(dd_add2_dv)(d, MUL(dq, K(-.69314718055966295651160180568695068359375)));
    s = DDF(dd_add2_dv)(s, MUL(dq, K(-.28235290563031577122588448175013436025525412068e-12)));
    DD s2 = DDF(dd_squ)(s), s4 = DDF(dd_squ)(s2);
    V x = s.x, x2 = s2.x, x4 = s4.x, x8 = MUL(s4.x, s4.x);
    /* POLY10 in Estrin's scheme */
    V hi = FMA(x, K(+0.1602472219709932072e-9), K(+0.2092255183563157007e-8));
    V a = FMA(x2, FMA(x, K(+0.2505230023782644465e-7), K(+0.2755724800902135303e-6)),
              FMA(x, K(+0.2755731892386044373e-5), K(+0.2480158735605815065e-4)));
    V b = FMA(x2, FMA(x, K(+0.1984126984148071858e-3), K(+0.1388888888886763255e-2)),
              FMA(x, K(+0.8333333333333347095e-2), K(+0.4166666666666669905e-1)));
    V u = FMA(x8, hi, FMA(x4, a, b));
    DD t = DDF(dd_add_vd)(K(0.5), DDF(dd_mul_dv)(s, K(+0.1666666666666666574e+0)));
    t = DDF(dd_add_vd)(K(1.0), DDF(dd_mul_dd)(t, s));
    t = DDF(dd_add_vd)(K(1.0), DDF(dd_mul_dd)(t, s));
    t = DDF(dd_add_dd)(t, DDF(dd_mul_dv)(s4, u));
    return DDF(dd_mk)(LDEXP2(t.x, dq), LDEXP2(t.y, dq));
}

/* tanh, sinh, cosh of y = |x| for finite y within the ranges the callers check */
static inline V DDF(dd_tanh_abs)(V y) {
    DD d = DDF(dd_expk2)(y);
    DD e = DDF(dd_rec)(d);
    d = DDF(dd_div)(DDF(dd_add2_dd)(d, DDF(dd_neg)(e)), DDF(dd_add2_dd)(d, e));
    return ADD(d.x, d.y);
}

static inline V DDF(dd_sinh_abs)(V y) {
    DD d = DDF(dd_expk2)(y);
    d = DDF(dd_sub_dd)(d, DDF(dd_rec)(d));
    return MUL(ADD(d.x, d.y), K(0.5));
}

static inline V DDF(dd_cosh_abs)(V y) {
    DD d = DDF(dd_expk2)(y);
    d = DDF(dd_add_dd)(d, DDF(dd_rec)(d));
    return MUL(ADD(d.x, d.y), K(0.5));
}

#undef DDF
#undef DDF_
#undef DDF__
