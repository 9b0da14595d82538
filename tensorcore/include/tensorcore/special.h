/*
 * torch.special's elementwise functions that have no tc_unary_op of their own, computed as
 * PyTorch 2.15 computes them on the CPU (the Cephes-derived formulas of ATen's Math.h in the
 * element type, the C library where ATen calls it), so the float32 and float64 bits agree.
 *
 *     tc_tensor *y = tc_special(TC_SPECIAL_DIGAMMA, x, 0, &err);      // new tensor
 *     tc_tensor *z = tc_special2(TC_SPECIAL2_XLOGY, a, b, &err);       // a, b same shape
 *
 * Inputs must be float32 or float64 (the caller promotes integers and half types, as
 * torch's INT_TO_FLOAT promotion does); results have the input's dtype and shape, on the
 * input's device. Autograd nodes are recorded with PyTorch's names where torch defines a
 * derivative.
 */
#ifndef TENSORCORE_SPECIAL_H
#define TENSORCORE_SPECIAL_H

#include "tensorcore/tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

/* X(ID, ATen name, autograd node name). The derivatives of the Bessel functions and zeta
 * are not implemented, as in PyTorch: their nodes raise when backward reaches them. */
#define TC_SPECIAL_LIST(X)                                                                    \
    X(LGAMMA, "lgamma", "LgammaBackward0")                                                    \
    X(DIGAMMA, "digamma", "DigammaBackward0")                                                 \
    X(POLYGAMMA, "polygamma", "PolygammaBackward0")                                           \
    X(I0, "i0", "I0Backward0")                                                                \
    X(I0E, "special_i0e", "SpecialI0EBackward0")                                              \
    X(I1, "special_i1", "SpecialI1Backward0")                                                 \
    X(I1E, "special_i1e", "SpecialI1EBackward0")                                              \
    X(NDTRI, "special_ndtri", "SpecialNdtriBackward0")                                        \
    X(LOG_NDTR, "special_log_ndtr", "SpecialLogNdtrBackward0")                                \
    X(SINC, "sinc", "SincBackward0")                                                          \
    X(ENTR, "special_entr", "SpecialEntrBackward0")                                           \
    X(EXP2, "exp2", "Exp2Backward0")                                                          \
    X(BESSEL_J0, "special_bessel_j0", "SpecialBesselJ0Backward0")                             \
    X(BESSEL_J1, "special_bessel_j1", "SpecialBesselJ1Backward0")                             \
    X(ERFCX, "special_erfcx", "SpecialErfcxBackward0")

/* Two-argument functions; the node name ends in 0 (two tensors), 1 (a Python number first)
 * or 2 (a number second), as PyTorch's overloads do. */
#define TC_SPECIAL2_LIST(X)                                                                   \
    X(XLOGY, "xlogy", "XlogyBackward")                                                        \
    X(XLOG1PY, "special_xlog1py", "SpecialXlog1PyBackward")                                   \
    X(ZETA, "special_zeta", "SpecialZetaBackward")

typedef enum tc_special_op {
#define TC__SP_ENUM(id, name, bw) TC_SPECIAL_##id,
    TC_SPECIAL_LIST(TC__SP_ENUM)
#undef TC__SP_ENUM
    TC_SPECIAL_COUNT
} tc_special_op;

typedef enum tc_special2_op {
#define TC__SP2_ENUM(id, name, bw) TC_SPECIAL2_##id,
    TC_SPECIAL2_LIST(TC__SP2_ENUM)
#undef TC__SP2_ENUM
    TC_SPECIAL2_COUNT
} tc_special2_op;

/* op applied to every element of x (float32/float64); n is polygamma's order (ignored by the
 * others). New tensor, or NULL with a TypeError when x's dtype is not floating. */
tc_tensor *tc_special(tc_special_op op, tc_tensor *x, int64_t n, tc_error *err);
/* op(a, b) for a and b of one floating dtype and one shape (the caller broadcasts and
 * promotes). variant: 0 both tensors, 1 a was a number, 2 b was a number (names the node).
 * New tensor. */
tc_tensor *tc_special2(tc_special2_op op, tc_tensor *a, tc_tensor *b, int variant, tc_error *err);

/* The scalar functions, for other parts of tensorcore and the tests. */
double tc_special_scalar_d(tc_special_op op, double x, int64_t n);
float tc_special_scalar_f(tc_special_op op, float x, int64_t n);

#ifdef __cplusplus
}
#endif

#endif
