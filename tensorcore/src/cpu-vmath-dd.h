/*
 * SLEEF's double-double kernels for float64 tanh, sinh, cosh, expm1, log10, log1p, atan2, erf and
 * pow and its float-float atan2, pow, (both) hypot,
 * expm1 and log1p for float32 (its u10 functions, which PyTorch's vectorised kernels call), written once over an abstract lane type and
 * included twice by cpu-vmath.c: for scalar doubles and for AVX2 lanes. Both instantiations
 * run the same correctly rounded operations with explicit fused multiply-adds, so a value
 * does not depend on which one computes it.
 *
 * The includer defines: V (the lane type), DD (a struct of two V named x, y), SFX (a name
 * suffix), K(c) (a constant), ADD SUB MUL DIV (two operands), NEG, FMA(a, b, c) = a * b + c,
 * RINT(a), and LDEXP2(a, q) = a * 2^q for an integral q held in a V (as SLEEF's vldexp2,
 * in two steps of half the exponent); MASK, LT(a, b) and SEL(mask, a, b); and
 * DD_DOUBLE_KERNELS for the float64 kernels or DD_FLOAT_KERNELS for the float32 ones; and
 * DD_FN, the kernels' storage class: `static inline` for scalars, with always_inline for
 * vector lanes, whose pairs of vectors a call would pass and return through memory.
 */
#define DDF_(name, sfx) name##sfx
#define DDF__(name, sfx) DDF_(name, sfx)
#define DDF(name) DDF__(name, SFX)

DD_FN DD DDF(dd_mk)(V x, V y) {
    DD r = {x, y};
    return r;
}

/* ddadd2 (x dd, y): the sum of a dd and a value of any magnitude */
DD_FN DD DDF(dd_add2_dv)(DD x, V y) {
    V rx = ADD(x.x, y), v = SUB(rx, x.x);
    V ry = ADD(SUB(x.x, SUB(rx, v)), SUB(y, v));
    return DDF(dd_mk)(rx, ADD(ry, x.y));
}

/* ddadd2 (x dd, y dd) */
DD_FN DD DDF(dd_add2_dd)(DD x, DD y) {
    V rx = ADD(x.x, y.x), v = SUB(rx, x.x);
    V ry = ADD(SUB(x.x, SUB(rx, v)), SUB(y.x, v));
    return DDF(dd_mk)(rx, ADD(ry, ADD(x.y, y.y)));
}

/* ddadd (x value, y dd) with |x| >= |y| */
DD_FN DD DDF(dd_add_vd)(V x, DD y) {
    V rx = ADD(x, y.x);
    return DDF(dd_mk)(rx, ADD(ADD(SUB(x, rx), y.x), y.y));
}

/* ddadd (x dd, y dd) with |x| >= |y| */
DD_FN DD DDF(dd_add_dd)(DD x, DD y) {
    V rx = ADD(x.x, y.x);
    return DDF(dd_mk)(rx, ADD(ADD(ADD(SUB(x.x, rx), y.x), x.y), y.y));
}

/* ddsub (x dd, y dd) with |x| >= |y| */
DD_FN DD DDF(dd_sub_dd)(DD x, DD y) {
    V rx = SUB(x.x, y.x);
    V ry = SUB(SUB(x.x, rx), y.x);
    ry = SUB(ADD(ry, x.y), y.y);
    return DDF(dd_mk)(rx, ry);
}

DD_FN DD DDF(dd_neg)(DD x) { return DDF(dd_mk)(NEG(x.x), NEG(x.y)); }

DD_FN DD DDF(dd_mul_dv)(DD x, V y) {
    V rx = MUL(x.x, y);
    return DDF(dd_mk)(rx, FMA(x.y, y, FMA(x.x, y, NEG(rx))));
}

DD_FN DD DDF(dd_mul_dd)(DD x, DD y) {
    V rx = MUL(x.x, y.x);
    return DDF(dd_mk)(rx, FMA(x.x, y.y, FMA(x.y, y.x, FMA(x.x, y.x, NEG(rx)))));
}

DD_FN DD DDF(dd_squ)(DD x) {
    V rx = MUL(x.x, x.x);
    return DDF(dd_mk)(rx, FMA(ADD(x.x, x.x), x.y, FMA(x.x, x.x, NEG(rx))));
}

/* 1 / d */
DD_FN DD DDF(dd_rec)(DD d) {
    V qx = DIV(K(1.0), d.x);
    /* fmanp(a, b, c) = c - a b */
    V inner = FMA(NEG(d.x), qx, K(1.0));
    return DDF(dd_mk)(qx, MUL(qx, FMA(NEG(d.y), qx, inner)));
}

DD_FN DD DDF(dd_div)(DD n, DD d) {
    V t = DIV(K(1.0), d.x);
    V qx = MUL(n.x, t);
    V u = FMA(t, n.x, NEG(qx));
    V qy = FMA(NEG(d.y), t, FMA(NEG(d.x), t, K(1.0)));
    qy = FMA(qx, qy, FMA(n.y, t, u));
    return DDF(dd_mk)(qx, qy);
}

/* ddadd (x value, y value) with |x| >= |y| */
DD_FN DD DDF(dd_add_vv)(V x, V y) {
    V rx = ADD(x, y);
    return DDF(dd_mk)(rx, ADD(SUB(x, rx), y));
}

/* ddadd2 (x value, y value) */
DD_FN DD DDF(dd_add2_vv)(V x, V y) {
    V rx = ADD(x, y), v = SUB(rx, x);
    return DDF(dd_mk)(rx, ADD(SUB(x, SUB(rx, v)), SUB(y, v)));
}

/* ddadd (x dd, y value) with |x| >= |y| */
DD_FN DD DDF(dd_add_dv)(DD x, V y) {
    V rx = ADD(x.x, y);
    return DDF(dd_mk)(rx, ADD(ADD(SUB(x.x, rx), y), x.y));
}


#ifdef SQRT
/* SLEEF's hypot_u05 core (both precisions): max * sqrt(1 + (n / d)^2) in double-double, for
 * n = min(|x|, |y|) and d = max(|x|, |y|), both already scaled up when tiny; the caller
 * applies the special cases (a zero min, infinities, NaN). The includer defines SQRT(a). */
DD_FN V DDF(dd_hypot_core)(V n, V d, V max) {
    DD t = DDF(dd_div)(DDF(dd_mk)(n, K(0.0)), DDF(dd_mk)(d, K(0.0)));
    DD s = DDF(dd_add2_dv)(DDF(dd_squ)(t), K(1.0));
    /* ddsqrt: r = sqrt(s.x + s.y), refined once as (s + r r) / r / 2 */
    V r = SQRT(ADD(s.x, s.y));
    V rr = MUL(r, r);
    DD q = DDF(dd_add2_dd)(s, DDF(dd_mk)(rr, FMA(r, r, NEG(rr))));
    V rec = DIV(K(1.0), r);
    q = DDF(dd_mul_dd)(q, DDF(dd_mk)(rec, MUL(rec, FMA(NEG(r), rec, K(1.0)))));
    q = DDF(dd_mk)(MUL(q.x, K(0.5)), MUL(q.y, K(0.5)));
    q = DDF(dd_mul_dv)(q, max);
    return ADD(q.x, q.y);
}
#endif

#ifdef DD_FLOAT_KERNELS

/* SLEEF's log1pf core, given e and t = 2^-e from the exponent of (d + 1) / 0.75 */
DD_FN V DDF(df_log1p)(V d, V e, V t) {
    V m = FMA(d, t, SUB(t, K(1.0)));
    DD s = DDF(dd_mul_dv)(DDF(dd_mk)(K(0.69314718246459960938), K(-1.904654323148236017e-09)), e);
    DD x = DDF(dd_div)(DDF(dd_mk)(m, K(0.0)), DDF(dd_add_vv)(K(2.0), m));
    V x2 = MUL(x.x, x.x);
    V u = K(+0.3027294874e+0);
    u = FMA(u, x2, K(+0.3996108174e+0));
    u = FMA(u, x2, K(+0.6666694880e+0));
    s = DDF(dd_add_dd)(s, DDF(dd_mk)(MUL(x.x, K(2.0)), MUL(x.y, K(2.0))));
    s = DDF(dd_add_dv)(s, MUL(MUL(x2, x.x), u));
    return ADD(s.x, s.y);
}

/* SLEEF's expk2f: e^d for d = (y, 0) as a float-float; q = rint(y / ln 2), applied by the caller */
DD_FN DD DDF(df_expk2)(V y, V q) {
    DD d = DDF(dd_mk)(y, K(0.0));
    DD s = DDF(dd_add2_dv)(d, MUL(q, K(-0.693145751953125)));
    s = DDF(dd_add2_dv)(s, MUL(q, K(-1.428606765330187045e-06)));
    V u = K(+0.1980960224e-3);
    u = FMA(u, s.x, K(+0.1394256484e-2));
    u = FMA(u, s.x, K(+0.8333456703e-2));
    u = FMA(u, s.x, K(+0.4166637361e-1));
    DD t = DDF(dd_add2_dv)(DDF(dd_mul_dv)(s, u), K(+0.166666659414234244790680580464e+0));
    t = DDF(dd_add2_dv)(DDF(dd_mul_dd)(s, t), K(0.5));
    t = DDF(dd_add2_dd)(s, DDF(dd_mul_dd)(DDF(dd_squ)(s), t));
    return DDF(dd_add_vd)(K(1.0), t);
}

/* SLEEF's logkf: log of m 2^e (0.75 <= m < 1.5) in float-float */
DD_FN DD DDF(df_logk)(V m, V e) {
    DD x = DDF(dd_div)(DDF(dd_add2_vv)(K(-1.0), m), DDF(dd_add2_vv)(K(1.0), m));
    DD x2 = DDF(dd_squ)(x);
    V t = K(0.240320354700088500976562);
    t = FMA(t, x2.x, K(0.285112679004669189453125));
    t = FMA(t, x2.x, K(0.400007992982864379882812));
    DD c = DDF(dd_mk)(K(0.66666662693023681640625), K(3.69183861259614332084311e-09));
    DD s = DDF(dd_mul_dv)(DDF(dd_mk)(K(0.69314718246459960938), K(-1.904654323148236017e-09)), e);
    s = DDF(dd_add_dd)(s, DDF(dd_mk)(MUL(x.x, K(2.0)), MUL(x.y, K(2.0))));
    return DDF(dd_add_dd)(s, DDF(dd_mul_dd)(DDF(dd_mul_dd)(x2, x), DDF(dd_add2_dd)(DDF(dd_mul_dv)(x2, t), c)));
}

/* SLEEF's expkf: e^d as a float, before its range checks; q = rint((d.x + d.y) / ln 2) */
DD_FN V DDF(df_expk)(DD d, V q) {
    DD s = DDF(dd_add2_dv)(d, MUL(q, K(-0.693145751953125)));
    s = DDF(dd_add2_dv)(s, MUL(q, K(-1.428606765330187045e-06)));
    V sx = ADD(s.x, s.y); /* dfnormalize */
    s = DDF(dd_mk)(sx, ADD(SUB(s.x, sx), s.y));
    V u = K(0.00136324646882712841033936);
    u = FMA(u, s.x, K(0.00836596917361021041870117));
    u = FMA(u, s.x, K(0.0416710823774337768554688));
    u = FMA(u, s.x, K(0.166665524244308471679688));
    u = FMA(u, s.x, K(0.499999850988388061523438));
    DD t = DDF(dd_add_dd)(s, DDF(dd_mul_dv)(DDF(dd_squ)(s), u));
    t = DDF(dd_add_vd)(K(1.0), t);
    return ADD(t.x, t.y);
}
/* SLEEF's atan2kf_u1: atan2 of (y, 0) over (x, 0) in float-float, before the special cases */
DD_FN DD DDF(df_atan2k)(V yv, V xv) {
    MASK neg = LT(xv, K(0.0));
    V q = SEL(neg, K(-2.0), K(0.0));
    DD x = DDF(dd_mk)(SEL(neg, NEG(xv), xv), SEL(neg, K(-0.0), K(0.0)));
    DD y = DDF(dd_mk)(yv, K(0.0));
    MASK p = LT(x.x, y.x);
    q = SEL(p, ADD(q, K(1.0)), q);
    DD nx = DDF(dd_neg)(x);
    DD s = DDF(dd_mk)(SEL(p, nx.x, y.x), SEL(p, nx.y, y.y));
    DD t = DDF(dd_mk)(SEL(p, y.x, x.x), SEL(p, y.y, x.y));
    s = DDF(dd_div)(s, t);
    t = DDF(dd_squ)(s);
    V tx = ADD(t.x, t.y); /* dfnormalize */
    t = DDF(dd_mk)(tx, ADD(SUB(t.x, tx), t.y));
    V u = K(-0.00176397908944636583328247);
    u = FMA(u, t.x, K(0.0107900900766253471374512));
    u = FMA(u, t.x, K(-0.0309564601629972457885742));
    u = FMA(u, t.x, K(0.0577365085482597351074219));
    u = FMA(u, t.x, K(-0.0838950723409652709960938));
    u = FMA(u, t.x, K(0.109463557600975036621094));
    u = FMA(u, t.x, K(-0.142626821994781494140625));
    u = FMA(u, t.x, K(0.199983194470405578613281));
    t = DDF(dd_mul_dd)(t, DDF(dd_add_vv)(K(-0.333332866430282592773438), MUL(u, t.x)));
    t = DDF(dd_mul_dd)(s, DDF(dd_add_vd)(K(1.0), t));
    return DDF(dd_add_dd)(DDF(dd_mul_dv)(DDF(dd_mk)(K(1.5707963705062866211), K(-4.3711388286737928865e-08)), q), t);
}
#endif

#ifdef DD_DOUBLE_KERNELS
/* e^d of a dd as a dd: SLEEF's expk2 (0 below -1000) */
DD_FN DD DDF(dd_expk2_dd)(DD d) {
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
    MASK tiny = LT(d.x, K(-1000.0));
    return DDF(dd_mk)(SEL(tiny, K(0.0), LDEXP2(t.x, dq)), SEL(tiny, K(0.0), LDEXP2(t.y, dq)));
}

/* e^d for d = (y, 0), 0 <= y, as a dd */
DD_FN DD DDF(dd_expk2)(V y) { return DDF(dd_expk2_dd)(DDF(dd_mk)(y, K(0.0))); }

/* tanh, sinh, cosh of y = |x| for finite y within the ranges the callers check */
DD_FN V DDF(dd_tanh_abs)(V y) {
    DD d = DDF(dd_expk2)(y);
    DD e = DDF(dd_rec)(d);
    d = DDF(dd_div)(DDF(dd_add2_dd)(d, DDF(dd_neg)(e)), DDF(dd_add2_dd)(d, e));
    return ADD(d.x, d.y);
}

DD_FN V DDF(dd_sinh_abs)(V y) {
    DD d = DDF(dd_expk2)(y);
    d = DDF(dd_sub_dd)(d, DDF(dd_rec)(d));
    return MUL(ADD(d.x, d.y), K(0.5));
}

DD_FN V DDF(dd_cosh_abs)(V y) {
    DD d = DDF(dd_expk2)(y);
    d = DDF(dd_add_dd)(d, DDF(dd_rec)(d));
    return MUL(ADD(d.x, d.y), K(0.5));
}

/* e^a - 1 for finite a with -36.7 <= a <= 709.78 */
DD_FN V DDF(dd_expm1)(V a) {
    DD d = DDF(dd_add2_dv)(DDF(dd_expk2)(a), K(-1.0));
    return ADD(d.x, d.y);
}

/* log10 of m 2^e, 0.75 <= m < 1.5 */
DD_FN V DDF(dd_log10)(V m, V e) {
    DD x = DDF(dd_div)(DDF(dd_add2_vv)(K(-1.0), m), DDF(dd_add2_vv)(K(1.0), m));
    V x2 = MUL(x.x, x.x), x4 = MUL(x2, x2), x8 = MUL(x4, x4);
    /* POLY7 in Estrin's scheme */
    V t = FMA(x8, FMA(x4, K(+0.6653725819576758460e-1), FMA(x2, K(+0.6625722782820833712e-1), K(+0.7898105214313944078e-1))),
              FMA(x4, FMA(x2, K(+0.9650955035715275132e-1), K(+0.1240841409721444993e+0)),
                  FMA(x2, K(+0.1737177927454605086e+0), K(+0.2895296546021972617e+0))));
    DD s = DDF(dd_mul_dv)(DDF(dd_mk)(K(0.30102999566398119802), K(-2.803728127785170339e-18)), e);
    s = DDF(dd_add_dd)(s, DDF(dd_mul_dd)(x, DDF(dd_mk)(K(0.86858896380650363334), K(1.1430059694096389311e-17))));
    s = DDF(dd_add_dv)(s, MUL(MUL(x2, x.x), t));
    return ADD(s.x, s.y);
}

/* log1p d, given e and t = 2^-e from the exponent of (d + 1) / 0.75 */
DD_FN V DDF(dd_log1p)(V d, V e, V t) {
    V m = FMA(d, t, SUB(t, K(1.0)));
    DD s = DDF(dd_mul_dv)(DDF(dd_mk)(K(0.693147180559945286226764), K(2.319046813846299558417771e-17)), e);
    DD x = DDF(dd_div)(DDF(dd_mk)(m, K(0.0)), DDF(dd_add_vv)(K(2.0), m));
    V x2 = MUL(x.x, x.x), x4 = MUL(x2, x2), x8 = MUL(x4, x4);
    V p = FMA(x8, FMA(x4, K(0.1532076988502701353e+0), FMA(x2, K(0.1525629051003428716e+0), K(0.1818605932937785996e+0))),
              FMA(x4, FMA(x2, K(0.2222214519839380009e+0), K(0.2857142932794299317e+0)),
                  FMA(x2, K(0.3999999999635251990e+0), K(0.6666666666667333541e+0))));
    s = DDF(dd_add_dd)(s, DDF(dd_mk)(MUL(x.x, K(2.0)), MUL(x.y, K(2.0))));
    s = DDF(dd_add_dv)(s, MUL(MUL(x2, x.x), p));
    return ADD(s.x, s.y);
}


/* SLEEF's atan2k_u1: atan2 of (y, 0) over (x, 0) in double-double, before the special cases */
DD_FN DD DDF(dd_atan2k)(V yv, V xv) {
    MASK neg = LT(xv, K(0.0));
    V q = SEL(neg, K(-2.0), K(0.0));
    DD x = DDF(dd_mk)(SEL(neg, NEG(xv), xv), SEL(neg, K(-0.0), K(0.0)));
    DD y = DDF(dd_mk)(yv, K(0.0));
    MASK p = LT(x.x, y.x);
    q = SEL(p, ADD(q, K(1.0)), q);
    DD nx = DDF(dd_neg)(x);
    DD s = DDF(dd_mk)(SEL(p, nx.x, y.x), SEL(p, nx.y, y.y));
    DD t = DDF(dd_mk)(SEL(p, y.x, x.x), SEL(p, y.y, x.y));
    s = DDF(dd_div)(s, t);
    t = DDF(dd_squ)(s);
    V tx = ADD(t.x, t.y); /* ddnormalize */
    t = DDF(dd_mk)(tx, ADD(SUB(t.x, tx), t.y));
    V x1 = t.x, x2 = MUL(x1, x1), x4 = MUL(x2, x2), x8 = MUL(x4, x4);
    /* POLY16 in Estrin's scheme, then four Horner steps */
#define P2(a, b) FMA(x1, K(a), K(b))
#define P4(a, b, c, d) FMA(x2, P2(a, b), P2(c, d))
#define P8(a, b, c, d, e, f, g, h) FMA(x4, P4(a, b, c, d), P4(e, f, g, h))
    V u = FMA(x8, P8(1.06298484191448746607415e-05, -0.000125620649967286867384336, 0.00070557664296393412389774,
                     -0.00251865614498713360352999, 0.00646262899036991172313504, -0.0128281333663399031014274,
                     0.0208024799924145797902497, -0.0289002344784740315686289),
              P8(0.0359785005035104590853656, -0.041848579703592507506027, 0.0470843011653283988193763,
                 -0.0524914210588448421068719, 0.0587946590969581003860434, -0.0666620884778795497194182,
                 0.0769225330296203768654095, -0.0909090442773387574781907));
#undef P2
#undef P4
#undef P8
    u = FMA(u, x1, K(0.111111108376896236538123));
    u = FMA(u, x1, K(-0.142857142756268568062339));
    u = FMA(u, x1, K(0.199999999997977351284817));
    u = FMA(u, x1, K(-0.333333333333317605173818));
    t = DDF(dd_add_dd)(s, DDF(dd_mul_dv)(DDF(dd_mul_dd)(s, t), u));
    return DDF(dd_add_dd)(DDF(dd_mul_dv)(DDF(dd_mk)(K(1.570796326794896557998982), K(6.12323399573676603586882e-17)), q), t);
}


/* SLEEF's logk: log of m 2^e (0.75 <= m < 1.5) in double-double */
DD_FN DD DDF(dd_logk)(V m, V e) {
    DD x = DDF(dd_div)(DDF(dd_add2_vv)(K(-1.0), m), DDF(dd_add2_vv)(K(1.0), m));
    DD x2 = DDF(dd_squ)(x);
    V y2 = x2.x, x4 = MUL(y2, y2), x8 = MUL(x4, x4), x16 = MUL(x8, x8);
    /* POLY9 in Estrin's scheme */
    V t = FMA(x16, K(0.116255524079935043668677),
              FMA(x8, FMA(x4, FMA(y2, K(0.103239680901072952701192), K(0.117754809412463995466069)),
                          FMA(y2, K(0.13332981086846273921509), K(0.153846227114512262845736))),
                  FMA(x4, FMA(y2, K(0.181818180850050775676507), K(0.222222222230083560345903)),
                      FMA(y2, K(0.285714285714249172087875), K(0.400000000000000077715612)))));
    DD c = DDF(dd_mk)(K(0.666666666666666629659233), K(3.80554962542412056336616e-17));
    DD s = DDF(dd_mul_dv)(DDF(dd_mk)(K(0.693147180559945286226764), K(2.319046813846299558417771e-17)), e);
    s = DDF(dd_add_dd)(s, DDF(dd_mk)(MUL(x.x, K(2.0)), MUL(x.y, K(2.0))));
    x = DDF(dd_mul_dd)(x2, x);
    s = DDF(dd_add_dd)(s, DDF(dd_mul_dd)(x, c));
    x = DDF(dd_mul_dd)(x2, x);
    return DDF(dd_add_dd)(s, DDF(dd_mul_dv)(x, t));
}

/* SLEEF's expk: e^d as a double, before its range checks */
DD_FN V DDF(dd_expk)(DD d) {
    V dq = RINT(MUL(ADD(d.x, d.y), K(1.442695040888963407359924681001892137426645954152985934135449406931)));
    DD s = DDF(dd_add2_dv)(d, MUL(dq, K(-.69314718055966295651160180568695068359375)));
    s = DDF(dd_add2_dv)(s, MUL(dq, K(-.28235290563031577122588448175013436025525412068e-12)));
    V sx = ADD(s.x, s.y); /* ddnormalize */
    s = DDF(dd_mk)(sx, ADD(SUB(s.x, sx), s.y));
    V x = s.x, x2 = MUL(x, x), x4 = MUL(x2, x2), x8 = MUL(x4, x4);
    V hi = FMA(x, K(2.51069683420950419527139e-08), K(2.76286166770270649116855e-07));
    V a = FMA(x2, FMA(x, K(2.75572496725023574143864e-06), K(2.48014973989819794114153e-05)),
              FMA(x, K(0.000198412698809069797676111), K(0.0013888888939977128960529)));
    V b = FMA(x2, FMA(x, K(0.00833333333332371417601081), K(0.0416666666665409524128449)),
              FMA(x, K(0.166666666666666740681535), K(0.500000000000000999200722)));
    V u = FMA(x8, hi, FMA(x4, a, b));
    DD t = DDF(dd_add_vd)(K(1.0), s);
    t = DDF(dd_add_dd)(t, DDF(dd_mul_dv)(DDF(dd_squ)(s), u));
    return LDEXP2(ADD(t.x, t.y), dq);
}


/* SLEEF's erf_u1 before its special cases, for x = |a|: 1 - erf(x) as a double-double minus
 * one, negated, i.e. erf(x). Up to 2.5, (1 + x P(x))^-16 (Abramowitz and Stegun's form with
 * SLEEF's coefficients); above, e^(x Q(x)); each lane picks its set of coefficients as SLEEF's
 * vectorised form does when its lanes differ, which computes the same values either way.
 * any_big: whether any lane is above 2.5 (else the exponential is not computed and the
 * coefficients are the first set's, as in SLEEF's path for that case). */
DD_FN V DDF(dd_erf_abs_k)(V x, int any_big) {
    MASK big = LT(K(2.5), x);
#define C(lo, hi) (any_big ? SEL(big, K(hi), K(lo)) : K(lo))
#define CD(lx, ly, hx, hy) DDF(dd_mk)(C(lx, hx), C(ly, hy))
    V x2 = MUL(x, x), x4 = MUL(x2, x2), x8 = MUL(x4, x4), x16 = MUL(x8, x8);
    /* POLY21 in SLEEF's Estrin scheme: x16 POLY5 + POLY16 */
#define P2(a, b, c, d) FMA(x, C(a, b), C(c, d))
#define P4(a, b, c, d, e, f, g, h) FMA(x2, P2(a, b, c, d), P2(e, f, g, h))
    V p5 = FMA(x4, C(-0.2083271002525222097e-14, -0.4024015130752621932e-18),
               P4(+0.7151909970790897009e-13, +0.3847193332817048172e-16, -0.1162238220110999364e-11,
                  -0.1749316241455644088e-14, +0.1186474230821585259e-10, +0.5029618322872872715e-13,
                  -0.8499973178354613440e-10, -0.1025221466851463164e-11));
    V p8a = FMA(x4,
                P4(+0.4507647462598841629e-9, +0.1573695559331945583e-10, -0.1808044474288848915e-8,
                   -0.1884658558040203709e-9, +0.5435081826716212389e-8, +0.1798167853032159309e-8,
                   -0.1143939895758628484e-7, -0.1380745342355033142e-7),
                P4(+0.1215442362680889243e-7, +0.8525705726469103499e-7, +0.1669878756181250355e-7,
                   -0.4160448058101303405e-6, -0.9808074602255194288e-7, +0.1517272660008588485e-5,
                   +0.1389000557865837204e-6, -0.3341634127317201697e-5));
    V p8b = FMA(x4,
                P4(+0.2945514529987331866e-6, -0.2515023395879724513e-5, -0.1842918273003998283e-5,
                   +0.6539731269664907554e-4, +0.3417987836115362136e-5, -0.3551065097428388658e-3,
                   +0.3860236356493129101e-5, +0.1210736097958368864e-2),
                P4(-0.3309403072749947546e-4, -0.2605566912579998680e-2, +0.1060862922597579532e-3,
                   +0.1252823202436093193e-2, +0.2323253155213076174e-3, +0.1820191395263313222e-1,
                   +0.1490149719145544729e-3, -0.1021557155453465954e+0));
#undef P2
#undef P4
    V t = FMA(x16, p5, FMA(x8, p8a, p8b));
    /* poly4dd: (c0 + c1 x) + (c2 + t x) x^2, each step dd += dd * value (ddadd) */
    DD c2 = CD(0.0092877958392275604405, 7.9287559463961107493e-19, -0.63691044383641748361, -2.4249477526539431839e-17);
    DD c1 = CD(0.042275531758784692937, 1.3785226620501016138e-19, -1.1282926061803961737, -6.2970338860410996505e-17);
    DD c0 = CD(0.07052369794346953491, 9.5846628070792092842e-19, -1.2261313785184804967e-05, -5.5329707514490107044e-22);
#undef C
#undef CD
    DD hi = DDF(dd_add_dd)(c2, DDF(dd_mul_dv)(DDF(dd_mk)(t, K(0.0)), x));
    DD lo = DDF(dd_add_dd)(c0, DDF(dd_mul_dv)(c1, x));
    DD t2 = DDF(dd_add_dd)(lo, DDF(dd_mul_dv)(hi, MUL(x, x)));
    DD s2 = DDF(dd_add_vd)(K(1.0), DDF(dd_mul_dv)(t2, x));
    s2 = DDF(dd_squ)(DDF(dd_squ)(DDF(dd_squ)(DDF(dd_squ)(s2))));
    s2 = DDF(dd_rec)(s2);
    if (any_big) {
        V e = SEL(LT(t2.x, K(-1000.0)), K(0.0), DDF(dd_expk)(t2)); /* (expk's underflow) */
        s2 = DDF(dd_mk)(SEL(big, e, s2.x), SEL(big, K(0.0), s2.y));
    }
    t2 = DDF(dd_add2_dv)(s2, K(-1.0));
    return NEG(ADD(t2.x, t2.y));
}
DD_FN V DDF(dd_erf_abs)(V x, int any_big) {
    return any_big ? DDF(dd_erf_abs_k)(x, 1) : DDF(dd_erf_abs_k)(x, 0); /* each with its constant */
}

#endif

#undef DDF
#undef DDF_
#undef DDF__
